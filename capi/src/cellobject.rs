//! `cellobject.h` (typesystem): wrappers over `ferrython_runtime::objects::cellobject`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::cellobject as c;
use std::ffi::c_int;
use std::ptr::null_mut;

exported!(fn PyCell_New(o: *mut PyObject) -> *mut PyObject => ptr_result(c::new(o)));
exported!(fn PyCell_Get(o: *mut PyObject) -> *mut PyObject => c::get(o).unwrap_or(null_mut()));
exported!(fn PyCell_Set(o: *mut PyObject, v: *mut PyObject) -> c_int => int_result(c::set(o, v)));
