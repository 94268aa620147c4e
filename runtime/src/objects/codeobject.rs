//! Code objects: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyCode_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 144,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"code", 184, 2, Py_TPFLAGS_DEFAULT)
};

