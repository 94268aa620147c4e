//! PLACEHOLDER with the signatures the eval loop calls (no events yet): the helper writing
//! sys.settrace/setprofile support replaces this whole file.
#![allow(unused)]
use crate::abi::object::PyObject;
use crate::abi::pycore_frame::_PyInterpreterFrame;
use crate::abi::pystate::PyThreadState;
use crate::errors::PyResult;
use core::ffi::c_int;
pub unsafe fn trace_function_entry(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) -> PyResult<()> { Ok(()) }
pub unsafe fn trace_function_exit(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame, retval: *mut PyObject) -> PyResult<()> { Ok(()) }
pub unsafe fn trace_function_unwind(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) {}
pub unsafe fn trace_function_throw_entry(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) -> PyResult<()> { Ok(()) }
pub unsafe fn call_exc_trace(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) {}
pub unsafe fn maybe_call_line_trace(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame, instr_prev: c_int) -> c_int { 0 }
pub unsafe fn trace_call_function(ts: *mut PyThreadState, func: *mut PyObject, args: *const *mut PyObject, nargs: usize, kwnames: *mut PyObject) -> *mut PyObject {
    crate::errors::ptr_result(crate::objects::call::vectorcall_raw(func, args, nargs | crate::objects::call::PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames))
}
pub unsafe fn call_core_traced(ts: *mut PyThreadState, func: *mut PyObject, callargs: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    crate::errors::ptr_result(crate::objects::call::call(func, callargs, kwargs))
}
