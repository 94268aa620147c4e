//! `_PyOS_URandom` / `_PyOS_URandomNonblock` (pycore_pylifecycle.h). Wrappers over
//! `ferrython_runtime::bootstrap_hash`.

use ferrython_runtime::abi::object::Py_ssize_t;
use ferrython_runtime::bootstrap_hash::urandom;
use ferrython_runtime::errors;
use std::ffi::{c_int, c_void};

unsafe fn fill(buffer: *mut c_void, size: Py_ssize_t, blocking: bool) -> c_int {
    if size < 0 {
        let _ = errors::value_error("negative argument not allowed");
        return -1;
    }
    if size == 0 {
        return 0;
    }
    // SAFETY: the caller passes `size` writable bytes at `buffer`.
    let buf = unsafe { std::slice::from_raw_parts_mut(buffer as *mut u8, size as usize) };
    // SAFETY: a thread state is current, as the C API requires.
    match unsafe { urandom(buf, blocking) } {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

exported!(fn _PyOS_URandom(buffer: *mut c_void, size: Py_ssize_t) -> c_int => fill(buffer, size, true));
exported!(fn _PyOS_URandomNonblock(buffer: *mut c_void, size: Py_ssize_t) -> c_int => fill(buffer, size, false));
