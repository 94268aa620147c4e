//! `boolobject.h`: `PyBool_FromLong`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::objects::boolobject;
use std::ffi::c_long;

exported!(fn PyBool_FromLong(v: c_long) -> *mut PyObject => boolobject::from_bool(v != 0).into_raw());
