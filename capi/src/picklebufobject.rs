//! `cpython/picklebufobject.h`: `pickle.PickleBuffer`'s C API. Wrappers over
//! `ferrython_runtime::objects::picklebufobject`.

use ferrython_runtime::abi::object::{PyObject, Py_buffer};
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::picklebufobject as pb;
use std::ffi::c_int;

exported!(fn PyPickleBuffer_FromObject(base: *mut PyObject) -> *mut PyObject => ptr_result(pb::from_object(base)));
exported!(fn PyPickleBuffer_GetBuffer(op: *mut PyObject) -> *const Py_buffer => pb::get_buffer(op).unwrap_or(std::ptr::null()));
exported!(fn PyPickleBuffer_Release(op: *mut PyObject) -> c_int => int_result(pb::release(op)));
