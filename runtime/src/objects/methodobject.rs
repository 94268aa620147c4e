//! Built-in functions and methods (PyCFunction): the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyCFunction_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 40,
    tp_vectorcall_offset: 48,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"builtin_function_or_method", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyCMethod_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut PyCFunction_Type,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"builtin_method", 64, 0, Py_TPFLAGS_DEFAULT)
};

