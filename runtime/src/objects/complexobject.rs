//! `complex`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyComplex_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"complex", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE);

