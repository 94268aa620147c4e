//! `collections.OrderedDict`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyODict_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut super::dictobject::PyDict_Type,
    tp_dictoffset: 96,
    tp_weaklistoffset: 104,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"collections.OrderedDict", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyODictKeys_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut super::dictobject::PyDictKeys_Type,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"odict_keys", 0, 0, Py_TPFLAGS_DEFAULT)
};

#[no_mangle]
pub static mut PyODictValues_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut super::dictobject::PyDictValues_Type,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"odict_values", 0, 0, Py_TPFLAGS_DEFAULT)
};

#[no_mangle]
pub static mut PyODictItems_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut super::dictobject::PyDictItems_Type,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"odict_items", 0, 0, Py_TPFLAGS_DEFAULT)
};

#[no_mangle]
pub static mut PyODictIter_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"odict_iterator", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

