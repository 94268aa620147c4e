//! `None` and `NotImplemented`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut _PyNone_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"NoneType", 0, 0, Py_TPFLAGS_DEFAULT);

#[no_mangle]
pub static mut _PyNotImplemented_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"NotImplementedType", 0, 0, Py_TPFLAGS_DEFAULT);

