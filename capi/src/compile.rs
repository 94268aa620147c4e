//! `pythonrun.h`'s compile entry points (`Py_CompileString*`), wrappers over
//! `ferrython_runtime::compile`.

use core::ffi::{c_char, c_int, CStr};
use core::ptr::null_mut;
use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::unicodeobject;

/// `PyCompilerFlags`.
#[repr(C)]
pub struct PyCompilerFlags {
    pub cf_flags: c_int,
    pub cf_feature_version: c_int,
}

unsafe fn flags_of(flags: *mut PyCompilerFlags) -> c_int {
    if flags.is_null() {
        0
    } else {
        (*flags).cf_flags
    }
}

exported!(fn Py_CompileStringObject(str: *const c_char, filename: *mut PyObject, start: c_int, flags: *mut PyCompilerFlags, optimize: c_int) -> *mut PyObject =>
    ptr_result(ferrython_runtime::compile::compile_string_object(CStr::from_ptr(str).to_bytes(), filename, start, flags_of(flags), optimize)));

exported!(fn Py_CompileStringExFlags(str: *const c_char, filename: *const c_char, start: c_int, flags: *mut PyCompilerFlags, optimize: c_int) -> *mut PyObject => {
    let name = match unicodeobject::decode_fs_default(CStr::from_ptr(filename).to_bytes()) {
        Ok(n) => n,
        Err(_) => return null_mut(),
    };
    ptr_result(ferrython_runtime::compile::compile_string_object(CStr::from_ptr(str).to_bytes(), name.as_ptr(), start, flags_of(flags), optimize))
});

exported!(fn Py_CompileStringFlags(str: *const c_char, filename: *const c_char, start: c_int, flags: *mut PyCompilerFlags) -> *mut PyObject =>
    Py_CompileStringExFlags(str, filename, start, flags, -1));

exported!(fn Py_CompileString(str: *const c_char, filename: *const c_char, start: c_int) -> *mut PyObject =>
    Py_CompileStringExFlags(str, filename, start, null_mut(), -1));

/// CPython's `PY_INVALID_STACK_EFFECT`.
const INVALID_STACK_EFFECT: c_int = c_int::MAX;

exported!(fn PyCompile_OpcodeStackEffectWithJump(opcode: c_int, oparg: c_int, jump: c_int) -> c_int =>
    ferrython_runtime::compile::opcode_stack_effect(opcode, oparg, jump).unwrap_or(INVALID_STACK_EFFECT));
exported!(fn PyCompile_OpcodeStackEffect(opcode: c_int, oparg: c_int) -> c_int =>
    ferrython_runtime::compile::opcode_stack_effect(opcode, oparg, -1).unwrap_or(INVALID_STACK_EFFECT));
