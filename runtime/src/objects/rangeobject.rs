//! `range`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyRange_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"range", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE);

#[no_mangle]
pub static mut PyRangeIter_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"range_iterator", 48, 0, Py_TPFLAGS_DEFAULT);

#[no_mangle]
pub static mut PyLongRangeIter_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"longrange_iterator", 48, 0, Py_TPFLAGS_DEFAULT);

