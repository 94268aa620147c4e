//! Mirror of `pythread.h` / `cpython/pythread.h`: lock handles and thread-specific-storage keys.

use core::ffi::{c_int, c_uint, c_void};

/// `PyThread_type_lock`: an opaque lock handle.
pub type PyThread_type_lock = *mut c_void;

/// `Py_tss_t` (`struct _Py_tss_t`), 8 bytes on Linux: whether the key exists, and the
/// `pthread_key_t`. `Py_tss_NEEDS_INIT` is all zero.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Py_tss_t {
    pub _is_initialized: c_int,
    pub _key: c_uint,
}

impl Py_tss_t {
    /// `Py_tss_NEEDS_INIT`.
    pub const NEEDS_INIT: Py_tss_t = Py_tss_t { _is_initialized: 0, _key: 0 };
}

const _: () = assert!(core::mem::size_of::<Py_tss_t>() == 8);
