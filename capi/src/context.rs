//! `context.h` (PEP 567 context variables): wrappers over `ferrython_runtime::objects::context`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::context as c;
use std::ffi::{c_char, c_int, CStr};

exported!(fn PyContext_New() -> *mut PyObject => ptr_result(c::new()));
exported!(fn PyContext_Copy(ctx: *mut PyObject) -> *mut PyObject => ptr_result(c::copy(ctx)));
exported!(fn PyContext_CopyCurrent() -> *mut PyObject => ptr_result(c::copy_current()));
exported!(fn PyContext_Enter(ctx: *mut PyObject) -> c_int => int_result(c::enter_current(ctx)));
exported!(fn PyContext_Exit(ctx: *mut PyObject) -> c_int => int_result(c::exit_current(ctx)));
exported!(fn PyContextVar_New(name: *const c_char, def: *mut PyObject) -> *mut PyObject => {
    ptr_result(c::new_var_str(CStr::from_ptr(name).to_bytes(), def))
});
exported!(fn PyContextVar_Get(var: *mut PyObject, def: *mut PyObject, val: *mut *mut PyObject) -> c_int => {
    match c::get(var, def) {
        Ok(v) => {
            *val = v;
            0
        }
        Err(_) => -1,
    }
});
exported!(fn PyContextVar_Set(var: *mut PyObject, value: *mut PyObject) -> *mut PyObject => ptr_result(c::set(var, value)));
exported!(fn PyContextVar_Reset(var: *mut PyObject, token: *mut PyObject) -> c_int => int_result(c::reset(var, token)));
exported!(fn _PyContext_NewHamtForTests() -> *mut PyObject => ptr_result(ferrython_runtime::objects::hamt::new()));
