//! `_PyAccu_*` (internal/pycore_accu.h), used by lib-dynload's _json. Wrappers over
//! `ferrython_runtime::objects::accu`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::accu::{self, _PyAccu};
use std::ffi::c_int;
use std::ptr::null_mut;

exported!(fn _PyAccu_Init(acc: *mut _PyAccu) -> c_int => if accu::init(acc).is_ok() { 0 } else { -1 });
exported!(fn _PyAccu_Accumulate(acc: *mut _PyAccu, unicode: *mut PyObject) -> c_int =>
    if accu::accumulate(acc, unicode).is_ok() { 0 } else { -1 });
exported!(fn _PyAccu_FinishAsList(acc: *mut _PyAccu) -> *mut PyObject =>
    accu::finish_as_list(acc).unwrap_or(null_mut()));
exported!(fn _PyAccu_Finish(acc: *mut _PyAccu) -> *mut PyObject => ptr_result(accu::finish(acc)));
exported!(fn _PyAccu_Destroy(acc: *mut _PyAccu) -> () => accu::destroy(acc));
