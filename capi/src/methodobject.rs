//! `methodobject.h` (typesystem): builtin function objects. Wrappers over
//! `ferrython_runtime::objects::methodobject`.

use ferrython_runtime::abi::methodobject::{PyCFunction, PyMethodDef};
use ferrython_runtime::abi::object::{PyObject, PyTypeObject};
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::methodobject as m;
use std::ffi::c_int;
use std::ptr::null_mut;

exported!(fn PyCFunction_New(ml: *mut PyMethodDef, s: *mut PyObject) -> *mut PyObject => ptr_result(m::new_cfunction(ml, s, null_mut(), null_mut())));
exported!(fn PyCFunction_NewEx(ml: *mut PyMethodDef, s: *mut PyObject, module: *mut PyObject) -> *mut PyObject => {
    ptr_result(m::new_cfunction(ml, s, module, null_mut()))
});
exported!(fn PyCMethod_New(ml: *mut PyMethodDef, s: *mut PyObject, module: *mut PyObject, cls: *mut PyTypeObject) -> *mut PyObject => {
    ptr_result(m::new_cfunction(ml, s, module, cls))
});
exported!(fn PyCFunction_GetFunction(op: *mut PyObject) -> PyCFunction => m::get_function(op).unwrap_or(None));
exported!(fn PyCFunction_GetSelf(op: *mut PyObject) -> *mut PyObject => m::get_self(op).unwrap_or(null_mut()));
exported!(fn PyCFunction_GetFlags(op: *mut PyObject) -> c_int => m::get_flags(op).unwrap_or(-1));
exported!(fn PyCFunction_Call(f: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject => {
    ptr_result(ferrython_runtime::objects::call::call(f, args, kwargs))
});
