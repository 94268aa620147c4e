//! Module objects and PyModuleDef: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyModule_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 16,
    tp_weaklistoffset: 40,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"module", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyModuleDef_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"moduledef", 104, 0, Py_TPFLAGS_DEFAULT);

