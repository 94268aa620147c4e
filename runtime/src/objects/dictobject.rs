//! `dict`, its views and iterators: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyDict_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MAPPING | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_DICT_SUBCLASS);

#[no_mangle]
pub static mut PyDictKeys_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_keys", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyDictValues_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_values", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyDictItems_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_items", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyDictIterKey_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_keyiterator", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyDictIterValue_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_valueiterator", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyDictIterItem_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_itemiterator", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyDictRevIterKey_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_reversekeyiterator", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyDictRevIterValue_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_reversevalueiterator", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyDictRevIterItem_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"dict_reverseitemiterator", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

