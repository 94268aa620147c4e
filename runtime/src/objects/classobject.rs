//! Bound methods and instancemethod: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyMethod_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 32,
    tp_vectorcall_offset: 40,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"method", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyInstanceMethod_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"instancemethod", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

