//! The GIL (CPython's Python/ceval_gil.h) in `_PyRuntime.ceval.gil`, where samplers read it
//! (`locked`, `last_holder`): a mutex-protected flag with a condition variable, the forced
//! switching of 3.11 (a thread that waited a whole switch interval sets `gil_drop_request`,
//! and the dropping thread then waits until somebody else took the GIL), and the thread-state
//! entry points built on it: `PyEval_SaveThread` / `RestoreThread` / `AcquireThread` /
//! `ReleaseThread`.

use crate::abi::pycore_gil::_gil_runtime_state;
use crate::abi::pycore_interp::PyInterpreterState;
use crate::abi::pystate::PyThreadState;
use crate::lifecycle::fatal::fatal_error;
use crate::lifecycle::pyruntime::runtime;
use crate::lifecycle::pystate;
use core::sync::atomic::Ordering;

/// `DEFAULT_INTERVAL`: the switch interval in microseconds (`sys.getswitchinterval()` = 0.005).
pub const DEFAULT_INTERVAL_US: libc::c_ulong = 5000;

fn gil() -> *mut _gil_runtime_state {
    // SAFETY: only an address inside the static is computed.
    unsafe { &raw mut (*runtime()).ceval.gil }
}

/// `gil_created`: the GIL exists (its `locked` is not -1).
pub fn gil_created() -> bool {
    // SAFETY: reading an atomic field of the static.
    unsafe { (*gil()).locked._value.load(Ordering::Acquire) >= 0 }
}

/// `create_gil`: initialises the GIL (released), with monotonic-clock timed waits.
///
/// # Safety
/// Start-up, before other threads use the GIL.
pub unsafe fn create_gil() {
    let g = gil();
    let mut attr: libc::pthread_condattr_t = core::mem::zeroed();
    libc::pthread_condattr_init(&mut attr);
    libc::pthread_condattr_setclock(&mut attr, libc::CLOCK_MONOTONIC);
    libc::pthread_mutex_init(&raw mut (*g).mutex, core::ptr::null());
    libc::pthread_cond_init(&raw mut (*g).cond, &attr);
    libc::pthread_mutex_init(&raw mut (*g).switch_mutex, core::ptr::null());
    libc::pthread_cond_init(&raw mut (*g).switch_cond, &attr);
    libc::pthread_condattr_destroy(&mut attr);
    (*g).interval = DEFAULT_INTERVAL_US;
    (*g).last_holder._value.store(0, Ordering::Relaxed);
    (*g).locked._value.store(0, Ordering::Release);
}

/// `destroy_gil` (at finalization): back to "not created".
///
/// # Safety
/// No thread uses the GIL any more.
pub unsafe fn destroy_gil() {
    let g = gil();
    libc::pthread_cond_destroy(&raw mut (*g).cond);
    libc::pthread_mutex_destroy(&raw mut (*g).mutex);
    libc::pthread_cond_destroy(&raw mut (*g).switch_cond);
    libc::pthread_mutex_destroy(&raw mut (*g).switch_mutex);
    (*g).locked._value.store(-1, Ordering::Release);
    (*g).last_holder._value.store(0, Ordering::Relaxed);
}

/// `sys.setswitchinterval` in microseconds (at least 1).
pub fn set_switch_interval(us: libc::c_ulong) {
    // SAFETY: a plain store to the static; CPython does the same without a lock.
    unsafe { (*gil()).interval = us.max(1) };
}

/// `sys.getswitchinterval` in microseconds.
pub fn switch_interval() -> libc::c_ulong {
    // SAFETY: a plain read of the static.
    unsafe { (*gil()).interval }
}

/// Recomputes `eval_breaker` from its causes (`COMPUTE_EVAL_BREAKER`).
pub(crate) unsafe fn compute_eval_breaker(interp: *mut PyInterpreterState, ts: *mut PyThreadState) {
    let ceval = &(*interp).ceval;
    let on_main = crate::lifecycle::pythread::thread_ident() == (*runtime()).main_thread;
    let breaker = ceval.gil_drop_request._value.load(Ordering::Relaxed) != 0
        || (on_main && (*runtime()).ceval.signals_pending._value.load(Ordering::Relaxed) != 0)
        || ceval.pending.calls_to_do._value.load(Ordering::Relaxed) != 0
        || (!ts.is_null() && !(*ts).async_exc.is_null());
    ceval.eval_breaker._value.store(breaker as i32, Ordering::Relaxed);
}

unsafe fn set_drop_request(interp: *mut PyInterpreterState) {
    (*interp).ceval.gil_drop_request._value.store(1, Ordering::Relaxed);
    (*interp).ceval.eval_breaker._value.store(1, Ordering::Relaxed);
}

/// A monotonic-clock deadline `us` microseconds from now.
fn deadline_after(us: libc::c_ulong) -> libc::timespec {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: writing the time into a local.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
    let ns = now.tv_nsec as u64 + (us as u64 % 1_000_000) * 1000;
    libc::timespec {
        tv_sec: now.tv_sec + (us as u64 / 1_000_000 + ns / 1_000_000_000) as libc::time_t,
        tv_nsec: (ns % 1_000_000_000) as _,
    }
}

/// `take_gil(tstate)`: waits for the GIL; after a whole interval without a hand-over it asks
/// the holder to drop it.
///
/// # Safety
/// `ts` is a live thread state of the calling thread, which does not hold the GIL.
pub unsafe fn take_gil(ts: *mut PyThreadState) {
    if !gil_created() {
        fatal_error("take_gil", b"the GIL does not exist (Python is not initialized)");
    }
    let g = gil();
    let interp = (*ts).interp;
    libc::pthread_mutex_lock(&raw mut (*g).mutex);
    while (*g).locked._value.load(Ordering::Acquire) != 0 {
        let saved_switch = (*g).switch_number;
        let deadline = deadline_after((*g).interval.max(1));
        let rc = libc::pthread_cond_timedwait(&raw mut (*g).cond, &raw mut (*g).mutex, &deadline);
        if rc == libc::ETIMEDOUT
            && (*g).locked._value.load(Ordering::Acquire) != 0
            && (*g).switch_number == saved_switch
        {
            set_drop_request(interp);
        }
    }
    // Forced switching: the dropping thread waits on switch_cond until we took it.
    libc::pthread_mutex_lock(&raw mut (*g).switch_mutex);
    (*g).locked._value.store(1, Ordering::Release);
    if (*g).last_holder._value.load(Ordering::Relaxed) != ts as usize {
        (*g).last_holder._value.store(ts as usize, Ordering::Relaxed);
        (*g).switch_number += 1;
    }
    libc::pthread_cond_signal(&raw mut (*g).switch_cond);
    libc::pthread_mutex_unlock(&raw mut (*g).switch_mutex);
    if (*interp).ceval.gil_drop_request._value.load(Ordering::Relaxed) != 0 {
        (*interp).ceval.gil_drop_request._value.store(0, Ordering::Relaxed);
    }
    compute_eval_breaker(interp, ts);
    libc::pthread_mutex_unlock(&raw mut (*g).mutex);
}

/// `drop_gil(ceval, tstate)`: releases the GIL; when another thread asked for it, waits until
/// that thread has it (so the same thread does not take it straight back).
///
/// # Safety
/// The calling thread holds the GIL; `ts` is its thread state (or NULL).
pub unsafe fn drop_gil(interp: *mut PyInterpreterState, ts: *mut PyThreadState) {
    let g = gil();
    if (*g).locked._value.load(Ordering::Acquire) == 0 {
        fatal_error("drop_gil", b"GIL is not locked");
    }
    if !ts.is_null() {
        (*g).last_holder._value.store(ts as usize, Ordering::Relaxed);
    }
    libc::pthread_mutex_lock(&raw mut (*g).mutex);
    (*g).locked._value.store(0, Ordering::Release);
    libc::pthread_cond_signal(&raw mut (*g).cond);
    libc::pthread_mutex_unlock(&raw mut (*g).mutex);

    if !ts.is_null() && !interp.is_null() && (*interp).ceval.gil_drop_request._value.load(Ordering::Relaxed) != 0 {
        libc::pthread_mutex_lock(&raw mut (*g).switch_mutex);
        if (*g).last_holder._value.load(Ordering::Relaxed) == ts as usize {
            (*interp).ceval.gil_drop_request._value.store(0, Ordering::Relaxed);
            compute_eval_breaker(interp, ts);
            libc::pthread_cond_wait(&raw mut (*g).switch_cond, &raw mut (*g).switch_mutex);
        }
        libc::pthread_mutex_unlock(&raw mut (*g).switch_mutex);
    }
}

/// `PyEval_SaveThread`: detaches the current thread state and releases the GIL.
pub fn save_thread() -> *mut PyThreadState {
    let ts = pystate::swap(core::ptr::null_mut());
    if ts.is_null() {
        fatal_error("PyEval_SaveThread", b"the function must be called with the GIL held, but the GIL is released (the current Python thread state is NULL)");
    }
    // SAFETY: the thread held the GIL with `ts` current.
    unsafe { drop_gil((*ts).interp, ts) };
    ts
}

/// `PyEval_RestoreThread(ts)`: takes the GIL and makes `ts` current.
///
/// # Safety
/// `ts` is a live thread state of the calling thread, which does not hold the GIL.
pub unsafe fn restore_thread(ts: *mut PyThreadState) {
    if ts.is_null() {
        fatal_error("PyEval_RestoreThread", b"the function must be called with a non-NULL thread state");
    }
    take_gil(ts);
    pystate::swap(ts);
}

/// `PyEval_AcquireThread(ts)`: as RestoreThread, but no thread state may be current.
///
/// # Safety
/// As [`restore_thread`].
pub unsafe fn acquire_thread(ts: *mut PyThreadState) {
    if ts.is_null() {
        fatal_error("PyEval_AcquireThread", b"the function must be called with a non-NULL thread state");
    }
    take_gil(ts);
    if !pystate::swap(ts).is_null() {
        fatal_error("PyEval_AcquireThread", b"non-NULL old thread state");
    }
}

/// `PyEval_ReleaseThread(ts)`: `ts` must be the current thread state.
///
/// # Safety
/// The calling thread holds the GIL with `ts` current.
pub unsafe fn release_thread(ts: *mut PyThreadState) {
    if ts.is_null() {
        fatal_error("PyEval_ReleaseThread", b"the function must be called with a non-NULL thread state");
    }
    if pystate::swap(core::ptr::null_mut()) != ts {
        fatal_error("PyEval_ReleaseThread", b"wrong thread state");
    }
    drop_gil((*ts).interp, ts);
}
