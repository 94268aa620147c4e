//! `context.h`: the context-variable C API (PEP 567) over `ferrython_runtime::objects::context`.

use core::ffi::c_int;
use ferrython_runtime::abi::PyObject;
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::context as ctx;

exported!(fn PyContext_New() -> *mut PyObject => ptr_result(ctx::new_empty()));
exported!(fn PyContext_Copy(context: *mut PyObject) -> *mut PyObject => ptr_result(ctx::copy(context)));
exported!(fn PyContext_CopyCurrent() -> *mut PyObject => ptr_result(ctx::copy_current()));
exported!(fn PyContext_Enter(context: *mut PyObject) -> c_int => int_result(ctx::enter(context)));
exported!(fn PyContext_Exit(context: *mut PyObject) -> c_int => int_result(ctx::exit(context)));
exported!(fn PyContextVar_New(name: *const core::ffi::c_char, def: *mut PyObject) -> *mut PyObject => {
    ptr_result((|| {
        let n = ferrython_runtime::objects::unicodeobject::from_utf8(core::ffi::CStr::from_ptr(name).to_bytes(), None)?;
        ctx::var_new(n.as_ptr(), def)
    })())
});
exported!(
    /// 0 with `*value` a new reference (NULL when unset without a default), -1 on error.
    fn PyContextVar_Get(var: *mut PyObject, default_value: *mut PyObject, value: *mut *mut PyObject) -> c_int => {
        *value = core::ptr::null_mut();
        int_result(ctx::var_get(var, default_value).map(|v| {
            if let Some(v) = v {
                *value = v.into_raw();
            }
        }))
    }
);
exported!(fn PyContextVar_Set(var: *mut PyObject, value: *mut PyObject) -> *mut PyObject => ptr_result(ctx::var_set(var, value)));
exported!(fn PyContextVar_Reset(var: *mut PyObject, token: *mut PyObject) -> c_int => int_result(ctx::var_reset(var, token)));
