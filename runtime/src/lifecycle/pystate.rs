//! Thread and interpreter states (CPython's Python/pystate.c): the main interpreter and its
//! first thread state live inside `_PyRuntime` (`_main_interpreter`, `_initial_thread`), and
//! `_PyRuntime.gilstate.tstate_current` always names the thread state of the thread holding the
//! GIL (samplers and lib-dynload modules read it there).
//!
//! Creating further thread states and interpreters, and the GIL itself, belong to the
//! interpreter issue; start-up here sets up the main pair.

use crate::abi::pycore_interp::PyInterpreterState;
use crate::abi::pystate::PyThreadState;
use crate::lifecycle::pyruntime::runtime;
use core::ptr::{addr_of_mut, null_mut};
use core::sync::atomic::Ordering;

/// The current thread state (`_PyThreadState_GET()`), NULL before start-up or when the calling
/// thread does not hold the GIL.
#[inline(always)]
pub fn current() -> *mut PyThreadState {
    // SAFETY: only the atomic field of the static is read.
    unsafe { (*runtime()).gilstate.tstate_current._value.load(Ordering::Relaxed) as *mut PyThreadState }
}

/// The current thread state, or a fatal error naming `func` (`_Py_EnsureTstateNotNULL`).
#[inline]
pub fn current_or_fatal(func: &str) -> *mut PyThreadState {
    let ts = current();
    if ts.is_null() {
        crate::lifecycle::fatal::fatal_error(
            func,
            b"the function must be called with the GIL held, but the GIL is released (the current Python thread state is NULL)",
        );
    }
    ts
}

/// Makes `ts` the current thread state (`_PyThreadState_Swap`), returning the previous one.
pub fn swap(ts: *mut PyThreadState) -> *mut PyThreadState {
    // SAFETY: only the atomic field of the static is written.
    unsafe { (*runtime()).gilstate.tstate_current._value.swap(ts as usize, Ordering::Relaxed) as *mut PyThreadState }
}

/// The main interpreter inside `_PyRuntime`.
pub fn main_interpreter() -> *mut PyInterpreterState {
    // SAFETY: only an address inside the static is taken.
    unsafe { addr_of_mut!((*runtime())._main_interpreter) }
}

/// The interpreter of the current thread (`PyInterpreterState_Get`), NULL before start-up.
pub fn current_interpreter() -> *mut PyInterpreterState {
    let ts = current();
    if ts.is_null() {
        return null_mut();
    }
    // SAFETY: a current thread state is live.
    unsafe { (*ts).interp }
}

/// Default recursion limit (`Py_DEFAULT_RECURSION_LIMIT`).
pub const DEFAULT_RECURSION_LIMIT: i32 = 1000;

/// Fills in the runtime-wide fields CPython's `_PyRuntimeState_Init` sets, and the main
/// interpreter and its initial thread state, and makes that thread state current.
///
/// # Safety
/// Called once, by the thread doing start-up, before anything else uses the states.
pub unsafe fn init_main_states() -> *mut PyThreadState {
    let rt = runtime();
    (*rt).interpreters.next_id = -1;
    (*rt).gilstate.check_enabled = 1;
    (*rt).main_thread = libc::pthread_self() as _;

    let interp = main_interpreter();
    (*interp).runtime = rt;
    (*interp)._static = true;
    (*interp).id = 0;
    (*interp).id_refcount = -1;
    (*interp).ceval.recursion_limit = DEFAULT_RECURSION_LIMIT;
    crate::mem::gc::init_state(addr_of_mut!((*interp).gc));
    (*rt).interpreters.head = interp;
    (*rt).interpreters.main = interp;
    (*rt).interpreters.next_id = 1;
    (*interp).threads.next_unique_id = 1;

    let ts = addr_of_mut!((*interp)._initial_thread);
    init_thread_state(ts, interp);
    (*ts)._static = 1;
    (*interp).threads.head = ts;
    (*interp)._initialized = 1;
    swap(ts);
    ts
}

/// Sets a thread state's fields as `new_threadstate` does for the calling thread.
///
/// # Safety
/// `ts` points to writable, zeroed memory for a thread state; `interp` is live.
unsafe fn init_thread_state(ts: *mut PyThreadState, interp: *mut PyInterpreterState) {
    (*ts).interp = interp;
    (*ts).id = (*interp).threads.next_unique_id;
    (*interp).threads.next_unique_id += 1;
    (*ts).recursion_limit = (*interp).ceval.recursion_limit;
    (*ts).recursion_remaining = (*interp).ceval.recursion_limit;
    (*ts).thread_id = libc::pthread_self() as _;
    (*ts).native_thread_id = libc::syscall(libc::SYS_gettid) as _;
    (*ts).gilstate_counter = 1;
    (*ts).context_ver = 1;
    (*ts).exc_info = addr_of_mut!((*ts).exc_state);
    (*ts).cframe = addr_of_mut!((*ts).root_cframe);
    (*ts)._initialized = 1;
}
