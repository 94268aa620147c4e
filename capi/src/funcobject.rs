//! `funcobject.h`: wrappers over `ferrython_runtime::objects::funcobject`.

use core::ffi::c_int;
use core::ptr::null_mut;
use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::{self, int_result, ptr_result};
use ferrython_runtime::objects::funcobject as f;

/// `PyFunction_New*` take a code object and a dict.
unsafe fn checked_new(code: *mut PyObject, globals: *mut PyObject, qualname: *mut PyObject) -> *mut PyObject {
    if code.is_null()
        || !ferrython_runtime::objects::codeobject::is_code(code)
        || globals.is_null()
        || !ferrython_runtime::objects::dictobject::check(globals)
    {
        let _ = errors::bad_internal_call();
        return null_mut();
    }
    ptr_result(f::new_function(code, globals, qualname))
}

exported!(fn PyFunction_New(code: *mut PyObject, globals: *mut PyObject) -> *mut PyObject => checked_new(code, globals, null_mut()));
exported!(fn PyFunction_NewWithQualName(code: *mut PyObject, globals: *mut PyObject, qualname: *mut PyObject) -> *mut PyObject => checked_new(code, globals, qualname));
exported!(fn PyFunction_GetCode(op: *mut PyObject) -> *mut PyObject => f::get_code(op).unwrap_or(null_mut()));
exported!(fn PyFunction_GetGlobals(op: *mut PyObject) -> *mut PyObject => f::get_globals(op).unwrap_or(null_mut()));
exported!(fn PyFunction_GetModule(op: *mut PyObject) -> *mut PyObject => f::get_module(op).unwrap_or(null_mut()));
exported!(fn PyFunction_GetDefaults(op: *mut PyObject) -> *mut PyObject => f::get_defaults(op).unwrap_or(null_mut()));
exported!(fn PyFunction_SetDefaults(op: *mut PyObject, defaults: *mut PyObject) -> c_int => int_result(f::set_defaults(op, defaults)));
exported!(fn PyFunction_GetKwDefaults(op: *mut PyObject) -> *mut PyObject => f::get_kwdefaults(op).unwrap_or(null_mut()));
exported!(fn PyFunction_SetKwDefaults(op: *mut PyObject, defaults: *mut PyObject) -> c_int => int_result(f::set_kwdefaults(op, defaults)));
exported!(fn PyFunction_GetClosure(op: *mut PyObject) -> *mut PyObject => f::get_closure(op).unwrap_or(null_mut()));
exported!(fn PyFunction_SetClosure(op: *mut PyObject, closure: *mut PyObject) -> c_int => int_result(f::set_closure(op, closure)));
exported!(fn PyFunction_GetAnnotations(op: *mut PyObject) -> *mut PyObject => f::get_annotations(op).unwrap_or(null_mut()));
exported!(fn PyFunction_SetAnnotations(op: *mut PyObject, annotations: *mut PyObject) -> c_int => int_result(f::set_annotations(op, annotations)));
