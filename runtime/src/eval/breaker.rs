//! The eval breaker (CPython's `eval_frame_handle_pending` and the pending-call queue of
//! Python/ceval.c): what the loop does when `interp->ceval.eval_breaker` is set — run signal
//! handlers, run `Py_AddPendingCall` callbacks, hand the GIL to a waiting thread, raise an
//! asynchronous exception (`PyThreadState_SetAsyncExc`).

use crate::abi::pycore_interp::{PyInterpreterState, NPENDINGCALLS};
use crate::abi::pystate::PyThreadState;
use crate::errors::{self, PyResult};
use crate::lifecycle::{ceval_gil, pyruntime, pystate};
use core::ffi::{c_int, c_void};
use core::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Guards the ring in `interp->ceval.pending` (CPython uses `pending.lock`; a Rust mutex
/// serves the same purpose and needs no allocation at start-up).
static PENDING_LOCK: Mutex<()> = Mutex::new(());
/// Set while pending calls run, so a callback that triggers the breaker does not re-enter.
static RUNNING_PENDING: AtomicBool = AtomicBool::new(false);

type PendingFn = unsafe extern "C" fn(*mut c_void) -> c_int;

/// `_PyEval_AddPendingCall`: queues `func(arg)` for the main thread's eval loop; -1 when the
/// queue (32 entries, as CPython's) is full. Callable from any thread, without the GIL.
///
/// # Safety
/// `interp` is a live interpreter.
pub unsafe fn add_pending_call(interp: *mut PyInterpreterState, func: PendingFn, arg: *mut c_void) -> c_int {
    let _guard = PENDING_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let pending = &raw mut (*interp).ceval.pending;
    let i = (*pending).last;
    let j = (i + 1) % NPENDINGCALLS as c_int;
    if j == (*pending).first {
        return -1;
    }
    (*pending).calls[i as usize].func = Some(func);
    (*pending).calls[i as usize].arg = arg;
    (*pending).last = j;
    (*pending).calls_to_do._value.store(1, Ordering::Relaxed);
    (*interp).ceval.eval_breaker._value.store(1, Ordering::Relaxed);
    0
}

unsafe fn pop_pending_call(interp: *mut PyInterpreterState) -> Option<(PendingFn, *mut c_void)> {
    let _guard = PENDING_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let pending = &raw mut (*interp).ceval.pending;
    let i = (*pending).first;
    if i == (*pending).last {
        return None;
    }
    let call = (*pending).calls[i as usize];
    (*pending).first = (i + 1) % NPENDINGCALLS as c_int;
    call.func.map(|f| (f, call.arg))
}

/// `make_pending_calls`: runs queued callbacks on the main thread; the first failure stops
/// (the rest stay queued, the breaker stays set).
///
/// # Safety
/// The GIL is held.
pub unsafe fn make_pending_calls(interp: *mut PyInterpreterState) -> PyResult<()> {
    if crate::lifecycle::pythread::thread_ident() != (*pyruntime::runtime()).main_thread {
        return Ok(());
    }
    if RUNNING_PENDING.swap(true, Ordering::Acquire) {
        return Ok(());
    }
    (*interp).ceval.pending.calls_to_do._value.store(0, Ordering::Relaxed);
    let mut result = Ok(());
    while let Some((func, arg)) = pop_pending_call(interp) {
        if func(arg) != 0 {
            if errors::occurred().is_null() {
                result = Err(errors::system_error("pending call failed without setting an exception"));
            } else {
                result = Err(errors::ErrSet::assume_set());
            }
            break;
        }
    }
    let more = {
        let _guard = PENDING_LOCK.lock().unwrap_or_else(|p| p.into_inner());
        (*interp).ceval.pending.first != (*interp).ceval.pending.last
    };
    if more {
        (*interp).ceval.pending.calls_to_do._value.store(1, Ordering::Relaxed);
        (*interp).ceval.eval_breaker._value.store(1, Ordering::Relaxed);
    }
    RUNNING_PENDING.store(false, Ordering::Release);
    result
}

/// `Py_MakePendingCalls`: signal handlers, then pending calls (main thread only).
///
/// # Safety
/// The GIL is held.
pub unsafe fn py_make_pending_calls() -> PyResult<()> {
    crate::modules::signalmodule::check_signals()?;
    make_pending_calls(pystate::current_interpreter())
}

/// `eval_frame_handle_pending`: called by the loop when `eval_breaker` is set.
///
/// # Safety
/// `ts` is the current thread state; the GIL is held.
pub unsafe fn handle_eval_breaker(ts: *mut PyThreadState) -> PyResult<()> {
    let interp = (*ts).interp;
    let rt = pyruntime::runtime();
    if (*rt).ceval.signals_pending._value.load(Ordering::Relaxed) != 0 {
        crate::modules::signalmodule::check_signals()?;
    }
    if (*interp).ceval.pending.calls_to_do._value.load(Ordering::Relaxed) != 0 {
        make_pending_calls(interp)?;
    }
    if (*interp).ceval.gil_drop_request._value.load(Ordering::Relaxed) != 0 {
        // Give another thread a chance.
        let saved = ceval_gil::save_thread();
        ceval_gil::restore_thread(saved);
    }
    if !(*ts).async_exc.is_null() {
        let exc = core::mem::replace(&mut (*ts).async_exc, core::ptr::null_mut());
        ceval_gil::compute_eval_breaker(interp, ts);
        let e = errors::set_none(exc);
        crate::objects::object::decref(exc);
        return Err(e);
    }
    ceval_gil::compute_eval_breaker(interp, ts);
    Ok(())
}
