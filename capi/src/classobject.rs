//! `classobject.h`: bound methods and instance methods, wrappers over
//! `ferrython_runtime::objects::classobject`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::classobject as c;
use std::ptr::null_mut;

exported!(fn PyMethod_New(func: *mut PyObject, self_: *mut PyObject) -> *mut PyObject => ptr_result(c::new_method(func, self_)));
exported!(fn PyMethod_Function(im: *mut PyObject) -> *mut PyObject => c::method_function(im).unwrap_or(null_mut()));
exported!(fn PyMethod_Self(im: *mut PyObject) -> *mut PyObject => c::method_self(im).unwrap_or(null_mut()));
exported!(fn PyInstanceMethod_New(func: *mut PyObject) -> *mut PyObject => ptr_result(c::new_instancemethod(func)));
exported!(fn PyInstanceMethod_Function(im: *mut PyObject) -> *mut PyObject => c::instancemethod_function(im).unwrap_or(null_mut()));
