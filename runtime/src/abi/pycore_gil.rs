//! Mirror of `internal/pycore_gil.h`: the GIL's state inside `_PyRuntime.ceval`.
//! austin takes `last_holder` (offset 368 in `_PyRuntime`) as the thread holding the GIL.

use super::pycore_atomic::{_Py_atomic_address, _Py_atomic_int};
use core::ffi::c_ulong;

/// `struct _gil_runtime_state`, 208 bytes (with `FORCE_SWITCHING`, as CPython builds it).
#[repr(C)]
#[derive(Debug)]
pub struct _gil_runtime_state {
    /// Switch interval in microseconds (`sys.setswitchinterval`).
    pub interval: c_ulong,
    /// The `PyThreadState*` that last held the GIL.
    pub last_holder: _Py_atomic_address,
    /// -1 before creation, 0 released, 1 held.
    pub locked: _Py_atomic_int,
    /// Number of GIL hand-overs since the start.
    pub switch_number: c_ulong,
    pub cond: libc::pthread_cond_t,
    pub mutex: libc::pthread_mutex_t,
    pub switch_cond: libc::pthread_cond_t,
    pub switch_mutex: libc::pthread_mutex_t,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<_gil_runtime_state>() == 208);
const _: () = assert!(offset_of!(_gil_runtime_state, last_holder) == 8);
const _: () = assert!(offset_of!(_gil_runtime_state, locked) == 16);
const _: () = assert!(offset_of!(_gil_runtime_state, cond) == 32);
const _: () = assert!(offset_of!(_gil_runtime_state, mutex) == 80);
const _: () = assert!(offset_of!(_gil_runtime_state, switch_cond) == 120);
const _: () = assert!(offset_of!(_gil_runtime_state, switch_mutex) == 168);
