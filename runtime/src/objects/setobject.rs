//! `set` and `frozenset`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PySet_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 192,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"set", 200, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF)
};

#[no_mangle]
pub static mut PyFrozenSet_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 192,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"frozenset", 200, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF)
};

#[no_mangle]
pub static mut PySetIter_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"set_iterator", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

