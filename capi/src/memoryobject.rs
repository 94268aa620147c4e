//! `memoryobject.h`: memoryview creation (`PyMemoryView_FromObject/FromMemory/FromBuffer/
//! GetContiguous`); the type objects live in the runtime's `objects::memoryobject`.

use core::ffi::{c_char, c_int};
use ferrython_runtime::abi::*;
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::memoryobject as m;

exported!(fn PyMemoryView_FromObject(v: *mut PyObject) -> *mut PyObject => ptr_result(m::from_object(v)));
exported!(fn PyMemoryView_FromMemory(mem: *mut c_char, size: Py_ssize_t, flags: c_int) -> *mut PyObject => ptr_result(m::from_memory(mem, size, flags)));
exported!(fn PyMemoryView_FromBuffer(info: *const Py_buffer) -> *mut PyObject => ptr_result(m::from_buffer(info)));
exported!(fn PyMemoryView_GetContiguous(obj: *mut PyObject, buffertype: c_int, order: c_char) -> *mut PyObject => ptr_result(m::get_contiguous(obj, buffertype, order)));
