//! The `_signal` module and the signal machinery (CPython's Modules/signalmodule.c): a C
//! handler that only records the signal (async-signal-safe: atomics, the wakeup fd write) and
//! trips the eval breaker, and [`check_signals`] (PyErr_CheckSignals), which runs the Python
//! handlers on the main thread of the main interpreter. Also the module's functions (signal,
//! getsignal, set_wakeup_fd, pthread_sigmask, sigwait*, itimers, ...) and the PyOS_getsig /
//! PyOS_setsig / PyErr_SetInterrupt(Ex) / PyOS_InterruptOccurred logic.

use crate::abi::methodobject::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::*;
use crate::modules::posixmodule::{posix_error, structseq_from};
use crate::objects::exceptions::*;
use crate::objects::object::{self, Ref};
use crate::objects::{longobject, setobject};
use crate::{os_fn, os_sig};
use core::ffi::c_int;
use core::ptr::null_mut;
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};

/// `NSIG` on Linux: signals 1..=64.
pub const NSIG: usize = 65;

#[allow(clippy::declare_interior_mutable_const)]
const UNTRIPPED: AtomicBool = AtomicBool::new(false);
/// Per-signal "arrived, handler not yet run" flags, set by the C handler.
static TRIPPED: [AtomicBool; NSIG] = [UNTRIPPED; NSIG];
/// Any signal tripped since the last check.
static IS_TRIPPED: AtomicBool = AtomicBool::new(false);
/// The descriptor the C handler writes the signal number to (-1: none).
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);
static WAKEUP_WARN_ON_FULL: AtomicBool = AtomicBool::new(true);
/// errno of a failed wakeup-fd write, reported at the next check (0: none).
static WAKEUP_ERRNO: AtomicI32 = AtomicI32::new(0);
/// The thread that runs Python signal handlers (the one that initialised Python).
static MAIN_THREAD: AtomicU64 = AtomicU64::new(0);

/// The Python-level handler of each signal (owned; NULL when never set): a callable, or the
/// ints SIG_DFL (0) / SIG_IGN (1), or None for a handler not installed from Python.
static mut HANDLERS: [*mut PyObject; NSIG] = [null_mut(); NSIG];

fn main_thread_ident() -> u64 {
    crate::lifecycle::pythread::thread_ident() as u64
}

/// The C-level handler: records the signal, trips the eval breaker, writes the wakeup byte.
extern "C" fn signal_handler(signum: c_int) {
    // SAFETY: only errno, atomics and write(2) are touched: all async-signal-safe.
    unsafe {
        let saved = *libc::__errno_location();
        trip_signal(signum);
        *libc::__errno_location() = saved;
    }
}

unsafe fn trip_signal(signum: c_int) {
    if signum <= 0 || signum as usize >= NSIG {
        return;
    }
    TRIPPED[signum as usize].store(true, Ordering::SeqCst);
    IS_TRIPPED.store(true, Ordering::SeqCst);
    let rt = crate::lifecycle::pyruntime::runtime();
    (*rt)
        .ceval
        .signals_pending
        ._value
        .store(1, Ordering::SeqCst);
    let interp = crate::lifecycle::pystate::main_interpreter();
    if !interp.is_null() {
        (*interp)
            .ceval
            .eval_breaker
            ._value
            .store(1, Ordering::SeqCst);
    }
    let fd = WAKEUP_FD.load(Ordering::SeqCst);
    if fd != -1 {
        let byte = signum as u8;
        let r = libc::write(fd, (&byte as *const u8).cast(), 1);
        if r < 0 {
            let e = *libc::__errno_location();
            if e != libc::EAGAIN || WAKEUP_WARN_ON_FULL.load(Ordering::SeqCst) {
                WAKEUP_ERRNO.store(e, Ordering::SeqCst);
            }
        }
    }
}

/// True when a signal arrived since the last `check_signals`.
pub fn is_tripped() -> bool {
    IS_TRIPPED.load(Ordering::SeqCst)
}

/// Whether this thread runs signal handlers (`_Py_ThreadCanHandleSignals`).
fn can_handle_signals() -> bool {
    let main = MAIN_THREAD.load(Ordering::SeqCst);
    (main == 0 || main == main_thread_ident())
        && crate::lifecycle::pystate::current_interpreter()
            == crate::lifecycle::pystate::main_interpreter()
}

/// `_PyOS_IsMainThread`: the calling thread runs signal handlers.
pub fn is_main_thread() -> bool {
    can_handle_signals()
}

/// `_Py_RestoreSignals`: SIGPIPE and SIGXFSZ back to SIG_DFL (async-signal-safe: used in a
/// forked child before exec).
pub fn restore_default_signals() {
    os_setsig(libc::SIGPIPE, libc::SIG_DFL);
    os_setsig(libc::SIGXFSZ, libc::SIG_DFL);
}

/// The running Python frame object (`PyEval_GetFrame()`, made on demand), for the handler's
/// second argument; None outside Python code.
unsafe fn current_frame_object() -> Ref {
    let frame = crate::eval::ceval::current_complete_frame();
    if frame.is_null() {
        return object::new_none();
    }
    match crate::objects::frameobject::get_frame_object(frame) {
        Ok(f) => object::new_ref(f.cast()),
        Err(_) => {
            errors::clear();
            object::new_none()
        }
    }
}

/// PyErr_CheckSignals: on the main thread, runs the Python handler of each signal that
/// arrived (in signal-number order); the first exception stops the loop (the signals not yet
/// handled keep their own flags for the next trip).
pub fn check_signals() -> PyResult<()> {
    if !can_handle_signals() {
        return Ok(());
    }
    // SAFETY: main thread with the GIL held; HANDLERS is only changed under the GIL.
    unsafe {
        let e = WAKEUP_ERRNO.swap(0, Ordering::SeqCst);
        if e != 0 {
            set_errno(e);
            let _ = posix_error();
            errors::write_unraisable_msg(
                Some("when trying to write to the signal wakeup fd"),
                null_mut(),
            );
        }
        if !IS_TRIPPED.swap(false, Ordering::SeqCst) {
            return Ok(());
        }
        (*crate::lifecycle::pyruntime::runtime())
            .ceval
            .signals_pending
            ._value
            .store(0, Ordering::SeqCst);
        for signum in 1..NSIG {
            if !TRIPPED[signum].swap(false, Ordering::SeqCst) {
                continue;
            }
            let func = HANDLERS[signum];
            if func.is_null() || func == object::none() || longobject::is_int(func) {
                continue;
            }
            let func = object::new_ref(func);
            let frame = current_frame_object();
            let num = int(signum as i64)?;
            let args = crate::objects::tupleobject::pack(&[num.as_ptr(), frame.as_ptr()])?;
            if let Err(err) = crate::objects::call::call(func.as_ptr(), args.as_ptr(), null_mut()) {
                // As CPython: the eval loop is asked to come back, the trip flag stays clear.
                (*crate::lifecycle::pyruntime::runtime())
                    .ceval
                    .signals_pending
                    ._value
                    .store(1, Ordering::SeqCst);
                return Err(err);
            }
        }
    }
    Ok(())
}

/// `PyOS_getsig`: the C-level handler of `sig` (SIG_ERR on failure).
pub fn os_getsig(sig: c_int) -> libc::sighandler_t {
    // SAFETY: sigaction with a NULL new action only reads.
    unsafe {
        let mut old: libc::sigaction = core::mem::zeroed();
        if libc::sigaction(sig, core::ptr::null(), &mut old) == -1 {
            return libc::SIG_ERR;
        }
        old.sa_sigaction
    }
}

/// `PyOS_setsig`: installs a C-level handler (SA_ONSTACK, no SA_RESTART: interrupted system
/// calls fail with EINTR so that Python handlers run), returning the previous one.
pub fn os_setsig(sig: c_int, handler: libc::sighandler_t) -> libc::sighandler_t {
    // SAFETY: plain sigaction calls on local structures.
    unsafe {
        let mut new: libc::sigaction = core::mem::zeroed();
        let mut old: libc::sigaction = core::mem::zeroed();
        new.sa_sigaction = handler;
        libc::sigemptyset(&mut new.sa_mask);
        new.sa_flags = libc::SA_ONSTACK;
        if libc::sigaction(sig, &new, &mut old) != 0 {
            return libc::SIG_ERR;
        }
        old.sa_sigaction
    }
}

fn c_handler() -> libc::sighandler_t {
    signal_handler as extern "C" fn(c_int) as libc::sighandler_t
}

/// `PyErr_SetInterruptEx(signum)`: simulates the arrival of `signum` unless its handler is
/// SIG_IGN or SIG_DFL. -1 for an invalid number.
pub fn set_interrupt_ex(signum: c_int) -> c_int {
    if signum < 1 || signum as usize >= NSIG {
        return -1;
    }
    // SAFETY: reading one handler pointer; ints are the SIG_DFL/SIG_IGN markers.
    let func = unsafe { HANDLERS[signum as usize] };
    // SAFETY: `func` is NULL or a live object.
    if func.is_null() || unsafe { longobject::is_int(func) } {
        return 0;
    }
    // SAFETY: trip_signal only touches atomics and the wakeup fd.
    unsafe { trip_signal(signum) };
    0
}

/// `PyOS_InterruptOccurred`: consumes a pending SIGINT (main thread only).
pub fn interrupt_occurred() -> bool {
    if !can_handle_signals() {
        return false;
    }
    TRIPPED[libc::SIGINT as usize].swap(false, Ordering::SeqCst)
}

/// Installs the default handlers as Py_Initialize does (`_PySignal_Init` /
/// `signal_install_handlers`): SIGPIPE and SIGXFSZ ignored, then the module's init installs
/// Python's SIGINT handler.
pub fn install_default_handlers() -> PyResult<()> {
    MAIN_THREAD.store(main_thread_ident(), Ordering::SeqCst);
    os_setsig(libc::SIGPIPE, libc::SIG_IGN);
    os_setsig(libc::SIGXFSZ, libc::SIG_IGN);
    // SAFETY: the import machinery is running; the module's exec does the rest.
    unsafe { crate::modules::posixmodule::args::import_module("_signal").map(drop) }
}

/// In the child after fork: forget signals that arrived in the parent, and run handlers on
/// this (the only) thread.
pub fn after_fork() {
    for t in TRIPPED.iter() {
        t.store(false, Ordering::SeqCst);
    }
    IS_TRIPPED.store(false, Ordering::SeqCst);
    MAIN_THREAD.store(main_thread_ident(), Ordering::SeqCst);
}

/// Releases the module's state at Py_FinalizeEx: signals with a Python handler get SIG_DFL
/// back (`_PySignal_Fini`), handlers and the wakeup fd are dropped.
pub fn fini() {
    // SAFETY: finalization, GIL held.
    unsafe {
        for signum in 1..NSIG {
            let func = core::mem::replace(&mut HANDLERS[signum], null_mut());
            if func.is_null() {
                continue;
            }
            if func != object::none() && !longobject::is_int(func) {
                os_setsig(signum as c_int, libc::SIG_DFL);
            }
            TRIPPED[signum].store(false, Ordering::SeqCst);
            object::decref(func);
        }
        let t = &raw mut SIGINFO_TYPE;
        object::xdecref(core::mem::replace(&mut *t, null_mut()));
        let e = &raw mut ITIMER_ERROR;
        object::xdecref(core::mem::replace(&mut *e, null_mut()));
    }
    IS_TRIPPED.store(false, Ordering::SeqCst);
    WAKEUP_FD.store(-1, Ordering::SeqCst);
    WAKEUP_ERRNO.store(0, Ordering::SeqCst);
}

// ---------------------------------------------------------------------------------------------
// The module.

static mut SIGINFO_TYPE: *mut PyObject = null_mut();
static mut ITIMER_ERROR: *mut PyObject = null_mut();

unsafe fn signum_arg(o: *mut PyObject) -> PyResult<c_int> {
    let s = c_int_arg(o)?;
    if s < 1 || s as usize >= NSIG {
        return Err(errors::value_error("signal number out of range"));
    }
    Ok(s)
}

/// The ints SIG_DFL / SIG_IGN when `o` is one (by value, as the Handlers enum is an IntEnum).
unsafe fn dfl_or_ign(o: *mut PyObject) -> Option<libc::sighandler_t> {
    if !longobject::is_int(o) {
        return None;
    }
    match longobject::as_i64(o) {
        Ok(0) => Some(libc::SIG_DFL),
        Ok(1) => Some(libc::SIG_IGN),
        Ok(_) => None,
        Err(_) => {
            errors::clear();
            None
        }
    }
}

unsafe fn set_handler(signum: c_int, func: *mut PyObject) {
    let slot = &raw mut HANDLERS[signum as usize];
    object::incref(func);
    let old = core::mem::replace(&mut *slot, func);
    object::xdecref(old);
}

unsafe fn handler_object(signum: c_int) -> Ref {
    let f = HANDLERS[signum as usize];
    if f.is_null() {
        object::new_none()
    } else {
        object::new_ref(f)
    }
}

os_fn!(
    signal_fn,
    os_sig!("signal", ["signalnum", "handler"], 2, 2, 2),
    |a| {
        let signum = c_int_arg(a[0])?;
        let handler = a[1];
        if !can_handle_signals() {
            return Err(errors::value_error(
                "signal only works in main thread of the main interpreter",
            ));
        }
        if signum < 1 || signum as usize >= NSIG {
            return Err(errors::value_error("signal number out of range"));
        }
        let c = match dfl_or_ign(handler) {
            Some(h) => h,
            None => {
                if !crate::objects::call::is_callable(handler) {
                    return Err(errors::type_error(
                    "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                ));
                }
                c_handler()
            }
        };
        // Run pending handlers first so that a signal that arrived under the old handler is not
        // delivered to the new one.
        check_signals()?;
        if os_setsig(signum, c) == libc::SIG_ERR {
            return Err(posix_error());
        }
        let old = handler_object(signum);
        set_handler(signum, handler);
        Ok(old)
    }
);

os_fn!(
    getsignal,
    os_sig!("getsignal", ["signalnum"], 1, 1, 1),
    |a| {
        let signum = signum_arg(a[0])?;
        Ok(handler_object(signum))
    }
);

unsafe extern "C" fn default_int_handler(
    _m: *mut PyObject,
    _args: *const *mut PyObject,
    _n: Py_ssize_t,
) -> *mut PyObject {
    let _ = errors::set_none(PyExc_KeyboardInterrupt);
    null_mut()
}

os_fn!(
    set_wakeup_fd,
    os_sig!("set_wakeup_fd", ["fd", "warn_on_full_buffer"], 1, 1, 1),
    |a| {
        let fd = c_int_arg(a[0])?;
        let warn = truth(a[1], true)?;
        if !can_handle_signals() {
            return Err(errors::value_error(
                "set_wakeup_fd only works in main thread of the main interpreter",
            ));
        }
        if fd != -1 {
            let mut st: libc::stat = core::mem::zeroed();
            if libc::fstat(fd, &mut st) != 0 {
                return Err(posix_error());
            }
            let fl = libc::fcntl(fd, libc::F_GETFL);
            if fl < 0 {
                return Err(posix_error());
            }
            if fl & libc::O_NONBLOCK == 0 {
                return Err(errors::value_error(&format!(
                    "the fd {fd} must be in non-blocking mode"
                )));
            }
        }
        let old = WAKEUP_FD.swap(fd, Ordering::SeqCst);
        WAKEUP_WARN_ON_FULL.store(warn, Ordering::SeqCst);
        int(old as i64)
    }
);

os_fn!(alarm, os_sig!("alarm", ["seconds"], 1, 1, 1), |a| {
    let s = c_int_arg(a[0])?;
    int(libc::alarm(s as u32) as i64)
});

os_fn!(pause, os_sig!("pause", [], 0, 0, 0), |_a| {
    let ts = crate::lifecycle::ceval_gil::save_thread();
    libc::pause();
    crate::lifecycle::ceval_gil::restore_thread(ts);
    check_signals()?;
    Ok(none())
});

os_fn!(
    raise_signal,
    os_sig!("raise_signal", ["signalnum"], 1, 1, 1),
    |a| {
        let signum = signum_arg(a[0])?;
        if libc::raise(signum) != 0 {
            return Err(posix_error());
        }
        check_signals()?;
        Ok(none())
    }
);

os_fn!(
    strsignal,
    os_sig!("strsignal", ["signalnum"], 1, 1, 1),
    |a| {
        let signum = signum_arg(a[0])?;
        let p = libc::strsignal(signum);
        if p.is_null() {
            return Ok(none());
        }
        let s = core::ffi::CStr::from_ptr(p).to_string_lossy().into_owned();
        if s.starts_with("Unknown signal") || s.starts_with("Real-time signal") {
            return Ok(none());
        }
        string(&s)
    }
);

os_fn!(
    siginterrupt,
    os_sig!("siginterrupt", ["signalnum", "flag"], 2, 2, 2),
    |a| {
        let signum = signum_arg(a[0])?;
        let flag = c_int_arg(a[1])?;
        let mut act: libc::sigaction = core::mem::zeroed();
        if libc::sigaction(signum, core::ptr::null(), &mut act) != 0 {
            return Err(posix_error());
        }
        if flag != 0 {
            act.sa_flags &= !libc::SA_RESTART;
        } else {
            act.sa_flags |= libc::SA_RESTART;
        }
        if libc::sigaction(signum, &act, core::ptr::null_mut()) != 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);

/// A sigset from an iterable of signal numbers (`_Py_Sigset_Converter`).
unsafe fn sigset_arg(o: *mut PyObject) -> PyResult<libc::sigset_t> {
    let mut set: libc::sigset_t = core::mem::zeroed();
    libc::sigemptyset(&mut set);
    let it = crate::objects::r#abstract::iter::get_iter(o)?;
    while let Some(item) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
        let idx = longobject::index(item.as_ptr())?;
        let (v, overflow) = longobject::as_i64_and_overflow(idx.as_ptr())?;
        if overflow != 0 || v < 1 || v as usize >= NSIG {
            return Err(errors::value_error(&format!(
                "signal number {v} out of range [1; {}]",
                NSIG - 1
            )));
        }
        libc::sigaddset(&mut set, v as c_int);
    }
    Ok(set)
}

unsafe fn sigset_to_set(set: &libc::sigset_t) -> PyResult<Ref> {
    let s = setobject::new_set(null_mut())?;
    for signum in 1..NSIG as c_int {
        if libc::sigismember(set, signum) == 1 {
            setobject::add(s.as_ptr(), int(signum as i64)?.as_ptr())?;
        }
    }
    Ok(s)
}

os_fn!(
    pthread_sigmask,
    os_sig!("pthread_sigmask", ["how", "mask"], 2, 2, 2),
    |a| {
        let how = c_int_arg(a[0])?;
        let mask = sigset_arg(a[1])?;
        let mut prev: libc::sigset_t = core::mem::zeroed();
        let r = libc::pthread_sigmask(how, &mask, &mut prev);
        if r != 0 {
            set_errno(r);
            return Err(posix_error());
        }
        check_signals()?;
        sigset_to_set(&prev)
    }
);

os_fn!(sigpending, os_sig!("sigpending", [], 0, 0, 0), |_a| {
    let mut set: libc::sigset_t = core::mem::zeroed();
    if libc::sigpending(&mut set) != 0 {
        return Err(posix_error());
    }
    sigset_to_set(&set)
});

os_fn!(sigwait, os_sig!("sigwait", ["sigset"], 1, 1, 1), |a| {
    let set = sigset_arg(a[0])?;
    let mut sig: c_int = 0;
    let ts = crate::lifecycle::ceval_gil::save_thread();
    let r = libc::sigwait(&set, &mut sig);
    crate::lifecycle::ceval_gil::restore_thread(ts);
    if r != 0 {
        set_errno(r);
        return Err(posix_error());
    }
    int(sig as i64)
});

unsafe fn siginfo_result(si: &libc::siginfo_t) -> PyResult<Ref> {
    // si_band is the poll band of SIGPOLL; glibc exposes it through the union's first word.
    let band = *((si as *const libc::siginfo_t as *const u8).add(16) as *const i64);
    structseq_from(
        SIGINFO_TYPE,
        vec![
            int(si.si_signo as i64)?,
            int(si.si_code as i64)?,
            int(si.si_errno as i64)?,
            int(si.si_pid() as i64)?,
            int(si.si_uid() as i64)?,
            int(si.si_status() as i64)?,
            int(band)?,
        ],
    )
}

os_fn!(
    sigwaitinfo,
    os_sig!("sigwaitinfo", ["sigset"], 1, 1, 1),
    |a| {
        let set = sigset_arg(a[0])?;
        let mut si: libc::siginfo_t = core::mem::zeroed();
        loop {
            let ts = crate::lifecycle::ceval_gil::save_thread();
            let r = libc::sigwaitinfo(&set, &mut si);
            let e = errno();
            crate::lifecycle::ceval_gil::restore_thread(ts);
            if r >= 0 {
                return siginfo_result(&si);
            }
            if e != libc::EINTR {
                set_errno(e);
                return Err(posix_error());
            }
            check_signals()?;
        }
    }
);

os_fn!(
    sigtimedwait,
    os_sig!("sigtimedwait", ["sigset", "timeout"], 2, 2, 2),
    |a| {
        let set = sigset_arg(a[0])?;
        let timeout = crate::modules::timemodule::seconds_arg(a[1])?;
        if timeout < 0.0 {
            return Err(errors::value_error("timeout must be non-negative"));
        }
        let deadline = crate::pytime::monotonic_clock() as f64 / 1e9 + timeout;
        let mut si: libc::siginfo_t = core::mem::zeroed();
        let mut left = timeout;
        loop {
            let ts_ = libc::timespec {
                tv_sec: left.floor() as i64,
                tv_nsec: ((left - left.floor()) * 1e9) as i64,
            };
            let ts = crate::lifecycle::ceval_gil::save_thread();
            let r = libc::sigtimedwait(&set, &mut si, &ts_);
            let e = errno();
            crate::lifecycle::ceval_gil::restore_thread(ts);
            if r >= 0 {
                return siginfo_result(&si);
            }
            if e == libc::EAGAIN {
                return Ok(none());
            }
            if e != libc::EINTR {
                set_errno(e);
                return Err(posix_error());
            }
            check_signals()?;
            left = deadline - crate::pytime::monotonic_clock() as f64 / 1e9;
            if left < 0.0 {
                return Ok(none());
            }
        }
    }
);

os_fn!(valid_signals, os_sig!("valid_signals", [], 0, 0, 0), |_a| {
    let mut set: libc::sigset_t = core::mem::zeroed();
    if libc::sigfillset(&mut set) != 0 {
        return Err(posix_error());
    }
    sigset_to_set(&set)
});

os_fn!(
    pthread_kill,
    os_sig!("pthread_kill", ["thread_id", "signalnum"], 2, 2, 2),
    |a| {
        let tid = longobject::low_u64_wrapping(longobject::index(a[0])?.as_ptr());
        let signum = c_int_arg(a[1])?;
        let r = libc::pthread_kill(tid as libc::pthread_t, signum);
        if r != 0 {
            set_errno(r);
            return Err(posix_error());
        }
        check_signals()?;
        Ok(none())
    }
);

os_fn!(
    pidfd_send_signal,
    os_sig!(
        "pidfd_send_signal",
        ["pidfd", "sig", "siginfo", "flags"],
        4,
        4,
        2
    ),
    |a| {
        let pidfd = c_int_arg(a[0])?;
        let sig = c_int_arg(a[1])?;
        if !a[2].is_null() && a[2] != object::none() {
            return Err(errors::type_error("siginfo must be None"));
        }
        let flags = or(a[3], 0, |o| c_int_arg(o))?;
        if libc::syscall(
            libc::SYS_pidfd_send_signal,
            pidfd,
            sig,
            null_mut::<libc::siginfo_t>(),
            flags,
        ) < 0
        {
            return Err(posix_error());
        }
        Ok(none())
    }
);

unsafe fn itimer_tuple(v: &libc::itimerval) -> PyResult<Ref> {
    let f = |t: libc::timeval| float(t.tv_sec as f64 + t.tv_usec as f64 / 1e6);
    tuple(vec![f(v.it_value)?, f(v.it_interval)?])
}

fn timeval_of(s: f64) -> libc::timeval {
    let sec = s.floor();
    let mut usec = ((s - sec) * 1e6).round() as i64;
    let mut sec = sec as i64;
    if usec >= 1_000_000 {
        usec -= 1_000_000;
        sec += 1;
    }
    // A tiny positive interval must not become 0, which would disarm the timer.
    if sec == 0 && usec == 0 && s > 0.0 {
        usec = 1;
    }
    libc::timeval {
        tv_sec: sec,
        tv_usec: usec,
    }
}

unsafe fn itimer_error() -> crate::errors::ErrSet {
    errors::set_from_errno_with_filenames(ITIMER_ERROR, null_mut(), null_mut())
}

os_fn!(
    setitimer,
    os_sig!("setitimer", ["which", "seconds", "interval"], 3, 3, 2),
    |a| {
        let which = c_int_arg(a[0])?;
        let secs = crate::modules::timemodule::seconds_arg(a[1])?;
        let interval = if a[2].is_null() {
            0.0
        } else {
            crate::modules::timemodule::seconds_arg(a[2])?
        };
        let new = libc::itimerval {
            it_value: timeval_of(secs),
            it_interval: timeval_of(interval),
        };
        let mut old: libc::itimerval = core::mem::zeroed();
        if libc::setitimer(which, &new, &mut old) != 0 {
            return Err(itimer_error());
        }
        itimer_tuple(&old)
    }
);

os_fn!(getitimer, os_sig!("getitimer", ["which"], 1, 1, 1), |a| {
    let which = c_int_arg(a[0])?;
    let mut cur: libc::itimerval = core::mem::zeroed();
    if libc::getitimer(which, &mut cur) != 0 {
        return Err(itimer_error());
    }
    itimer_tuple(&cur)
});

fn methods() -> Vec<PyMethodDef> {
    let mut v = Vec::new();
    let mut e = |n, f, d| v.push(entry(n, f, d));
    e(
        c"signal",
        signal_fn,
        c"signal($module, signalnum, handler, /)\n--\n\nSet the action for the given signal.",
    );
    e(
        c"getsignal",
        getsignal,
        c"getsignal($module, signalnum, /)\n--\n\nReturn the current action for the given signal.",
    );
    e(c"set_wakeup_fd", set_wakeup_fd, c"set_wakeup_fd($module, fd, /, *, warn_on_full_buffer=True)\n--\n\nSets the fd to be written to (with the signal number) when a signal comes in.");
    e(c"alarm", alarm, c"alarm($module, seconds, /)\n--\n\nArrange for SIGALRM to arrive after the given number of seconds.");
    e(
        c"pause",
        pause,
        c"pause($module, /)\n--\n\nWait until a signal arrives.",
    );
    e(
        c"raise_signal",
        raise_signal,
        c"raise_signal($module, signalnum, /)\n--\n\nSend a signal to the executing process.",
    );
    e(c"strsignal", strsignal, c"strsignal($module, signalnum, /)\n--\n\nReturn the system description of the given signal.");
    e(
        c"siginterrupt",
        siginterrupt,
        c"siginterrupt($module, signalnum, flag, /)\n--\n\nChange system call restart behaviour.",
    );
    e(c"pthread_sigmask", pthread_sigmask, c"pthread_sigmask($module, how, mask, /)\n--\n\nFetch and/or change the signal mask of the calling thread.");
    e(
        c"sigpending",
        sigpending,
        c"sigpending($module, /)\n--\n\nExamine pending signals.",
    );
    e(
        c"sigwait",
        sigwait,
        c"sigwait($module, sigset, /)\n--\n\nWait for a signal.",
    );
    e(c"sigwaitinfo", sigwaitinfo, c"sigwaitinfo($module, sigset, /)\n--\n\nWait synchronously until one of the signals in *sigset* is delivered.");
    e(
        c"sigtimedwait",
        sigtimedwait,
        c"sigtimedwait($module, sigset, timeout, /)\n--\n\nLike sigwaitinfo(), but with a timeout.",
    );
    e(
        c"valid_signals",
        valid_signals,
        c"valid_signals($module, /)\n--\n\nReturn a set of valid signal numbers on this platform.",
    );
    e(
        c"pthread_kill",
        pthread_kill,
        c"pthread_kill($module, thread_id, signalnum, /)\n--\n\nSend a signal to a thread.",
    );
    e(c"pidfd_send_signal", pidfd_send_signal, c"pidfd_send_signal($module, pidfd, sig, siginfo=None, flags=0, /)\n--\n\nSend a signal to a process referred to by a pid file descriptor.");
    e(c"setitimer", setitimer, c"setitimer($module, which, seconds, interval=0.0, /)\n--\n\nSets given itimer (one of ITIMER_REAL, ITIMER_VIRTUAL or ITIMER_PROF).");
    e(
        c"getitimer",
        getitimer,
        c"getitimer($module, which, /)\n--\n\nReturns current value of given itimer.",
    );
    type FastFn =
        unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
    v.push(PyMethodDef {
        ml_name: c"default_int_handler".as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe {
            core::mem::transmute::<FastFn, unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>(default_int_handler)
        }),
        ml_flags: METH_FASTCALL,
        ml_doc: c"default_int_handler($module, signalnum, frame, /)\n--\n\nThe default handler for SIGINT installed by Python.\n\nIt raises KeyboardInterrupt.".as_ptr(),
    });
    v
}

/// The `_signal` integer constants on Linux x86-64.
const SIGNAL_CONSTANTS: &[(&str, i64)] = &[
    ("ITIMER_PROF", 2),
    ("ITIMER_REAL", 0),
    ("ITIMER_VIRTUAL", 1),
    ("NSIG", 65),
    ("SIGABRT", 6),
    ("SIGALRM", 14),
    ("SIGBUS", 7),
    ("SIGCHLD", 17),
    ("SIGCLD", 17),
    ("SIGCONT", 18),
    ("SIGFPE", 8),
    ("SIGHUP", 1),
    ("SIGILL", 4),
    ("SIGINT", 2),
    ("SIGIO", 29),
    ("SIGIOT", 6),
    ("SIGKILL", 9),
    ("SIGPIPE", 13),
    ("SIGPOLL", 29),
    ("SIGPROF", 27),
    ("SIGPWR", 30),
    ("SIGQUIT", 3),
    ("SIGRTMAX", 64),
    ("SIGRTMIN", 34),
    ("SIGSEGV", 11),
    ("SIGSTKFLT", 16),
    ("SIGSTOP", 19),
    ("SIGSYS", 31),
    ("SIGTERM", 15),
    ("SIGTRAP", 5),
    ("SIGTSTP", 20),
    ("SIGTTIN", 21),
    ("SIGTTOU", 22),
    ("SIGURG", 23),
    ("SIGUSR1", 10),
    ("SIGUSR2", 12),
    ("SIGVTALRM", 26),
    ("SIGWINCH", 28),
    ("SIGXCPU", 24),
    ("SIGXFSZ", 25),
    ("SIG_BLOCK", 0),
    ("SIG_DFL", 0),
    ("SIG_IGN", 1),
    ("SIG_SETMASK", 2),
    ("SIG_UNBLOCK", 1),
];

unsafe fn exec(m: *mut PyObject) -> PyResult<()> {
    if MAIN_THREAD.load(Ordering::SeqCst) == 0 {
        MAIN_THREAD.store(main_thread_ident(), Ordering::SeqCst);
    }
    add_ints(m, SIGNAL_CONSTANTS)?;
    if ITIMER_ERROR.is_null() {
        ITIMER_ERROR =
            errors::new_exception("signal.itimer_error", PyExc_OSError, null_mut(), None)?
                .into_raw();
    }
    add(m, "ItimerError", ITIMER_ERROR)?;
    if SIGINFO_TYPE.is_null() {
        SIGINFO_TYPE = crate::modules::posixmodule::make_structseq(
            c"signal.struct_siginfo",
            c"struct_siginfo: Result from sigwaitinfo or sigtimedwait.\n\nThis object may be accessed either as a tuple of\n(si_signo, si_code, si_errno, si_pid, si_uid, si_status, si_band),\nor via the attributes si_signo, si_code, and so on.",
            &[
                (Some(c"si_signo"), c"signal number"),
                (Some(c"si_code"), c"signal code"),
                (Some(c"si_errno"), c"errno associated with this signal"),
                (Some(c"si_pid"), c"sending process ID"),
                (Some(c"si_uid"), c"real user ID of sending process"),
                (Some(c"si_status"), c"exit value or signal"),
                (Some(c"si_band"), c"band event for SIGPOLL"),
            ],
            7,
        )?;
    }
    add(m, "struct_siginfo", SIGINFO_TYPE)?;
    // The Python view of each signal's current C handler: SIG_DFL, SIG_IGN or None (foreign).
    let dfl = int(0)?;
    let ign = int(1)?;
    for signum in 1..NSIG as c_int {
        if !HANDLERS[signum as usize].is_null() {
            continue;
        }
        let c = os_getsig(signum);
        let v = if c == libc::SIG_DFL {
            dfl.as_ptr()
        } else if c == libc::SIG_IGN {
            ign.as_ptr()
        } else {
            object::none()
        };
        set_handler(signum, v);
    }
    // Python's SIGINT handler unless someone installed one in C already.
    let int_handler = object::get_attr_str(m, "default_int_handler")?;
    if longobject::is_int(HANDLERS[libc::SIGINT as usize])
        && dfl_or_ign(HANDLERS[libc::SIGINT as usize]) == Some(libc::SIG_DFL)
    {
        set_handler(libc::SIGINT, int_handler.as_ptr());
        os_setsig(libc::SIGINT, c_handler());
    }
    Ok(())
}

/// `PyInit__signal`.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let m = create_module(c"_signal", c"This module provides mechanisms to use signal handlers in Python.\n\nFunctions:\n\nalarm() -- cause SIGALRM after a specified time [Unix only]\nsetitimer() -- cause a signal (described below) after a specified\n               float time and the timer may restart then [Unix only]\ngetitimer() -- get current value of timer [Unix only]\nsignal() -- set the action for a given signal\ngetsignal() -- get the signal action for a given signal\npause() -- wait until a signal arrives [Unix only]\ndefault_int_handler() -- default SIGINT handler\n\nsignal constants:\nSIG_DFL -- used to refer to the system default handler\nSIG_IGN -- used to ignore the signal\nNSIG -- number of defined signals\nSIGINT, SIGTERM, etc. -- signal numbers\n\nitimer constants:\nITIMER_REAL -- decrements in real time, and delivers SIGALRM upon\n               expiration\nITIMER_VIRTUAL -- decrements only when the process is executing,\n               and delivers SIGVTALRM upon expiration\nITIMER_PROF -- decrements both when the process is executing and\n               when the system is executing on behalf of the process.\n               Coupled with ITIMER_VIRTUAL, this timer is usually\n               used to profile the time spent by the application\n               in user and kernel space. SIGPROF is delivered upon\n               expiration.\n\n\n*** IMPORTANT NOTICE ***\nA signal handler function is called with two arguments:\nthe first is the signal number, the second is the interrupted stack frame.", methods)?;
        exec(m.as_ptr())?;
        Ok(m)
    })();
    errors::ptr_result(r)
}
