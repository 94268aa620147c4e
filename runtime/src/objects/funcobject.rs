//! Python functions, classmethod and staticmethod: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyFunction_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 88,
    tp_weaklistoffset: 96,
    tp_vectorcall_offset: 120,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"function", 136, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_METHOD_DESCRIPTOR)
};

#[no_mangle]
pub static mut PyClassMethod_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 24,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"classmethod", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyStaticMethod_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 24,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"staticmethod", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

