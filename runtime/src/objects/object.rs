//! `None` and `NotImplemented`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut _PyNone_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"NoneType", 0, 0, Py_TPFLAGS_DEFAULT);

#[no_mangle]
pub static mut _PyNotImplemented_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"NotImplementedType", 0, 0, Py_TPFLAGS_DEFAULT);

/// `None`: the only instance of `NoneType`.
#[no_mangle]
pub static mut _Py_NoneStruct: PyObject = PyObject::head_init(&raw mut _PyNone_Type);

/// `NotImplemented`: the only instance of `NotImplementedType`.
#[no_mangle]
pub static mut _Py_NotImplementedStruct: PyObject = PyObject::head_init(&raw mut _PyNotImplemented_Type);

/// `_Py_SwappedOp`: the comparison to try on the other operand (`a < b` is `b > a`), indexed by
/// `Py_LT`..`Py_GE`.
#[no_mangle]
pub static _Py_SwappedOp: [core::ffi::c_int; 6] = [4, 5, 2, 3, 0, 1];
