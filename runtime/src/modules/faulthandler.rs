//! The `faulthandler` built-in module (CPython's Modules/faulthandler.c): on SIGSEGV, SIGFPE,
//! SIGABRT, SIGBUS and SIGILL, write "Fatal Python error: ..." and the Python traceback of
//! every thread (objects/traceback_dump.rs: no allocation, no lock) before the default action;
//! a watchdog thread that dumps the tracebacks after a timeout (and may exit); tracebacks on
//! user signals (`register`); and the crash helpers CPython's tests call.

use crate::abi::methodobject::{PyMethodDef, METH_KEYWORDS, METH_NOARGS, METH_VARARGS};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::object;
use crate::objects::traceback_dump as dump;
use crate::objects::{longobject, tupleobject};
use core::ffi::c_int;
use core::ptr::null_mut;
use std::sync::{Condvar, Mutex};

/// The signals the fatal handler covers, with the name it prints (CPython's order).
const FATAL_SIGNALS: [(c_int, &str); 5] = [
    (libc::SIGBUS, "Bus error"),
    (libc::SIGILL, "Illegal instruction"),
    (libc::SIGFPE, "Floating point exception"),
    (libc::SIGABRT, "Aborted"),
    (libc::SIGSEGV, "Segmentation fault"),
];

/// What the signal handlers read. Written with the GIL held and the handlers not yet
/// installed (or already removed); read by the handlers.
struct FatalState {
    enabled: bool,
    fd: c_int,
    all_threads: bool,
    /// The file object whose descriptor `fd` is (kept alive), or NULL for an int fd.
    file: *mut PyObject,
    interp: *mut crate::abi::pycore_interp::PyInterpreterState,
    previous: [libc::sigaction; 5],
}

static mut FATAL: FatalState = FatalState {
    enabled: false,
    fd: 2,
    all_threads: true,
    file: null_mut(),
    interp: null_mut(),
    // SAFETY: a zeroed sigaction is a valid "no handler" value, overwritten before use.
    previous: unsafe { core::mem::zeroed() },
};

/// A `register`ed user signal.
#[derive(Clone, Copy)]
struct UserSignal {
    enabled: bool,
    fd: c_int,
    all_threads: bool,
    chain: bool,
    file: *mut PyObject,
    interp: *mut crate::abi::pycore_interp::PyInterpreterState,
    previous: libc::sigaction,
}

const NSIG: usize = 65;
static mut USER: [Option<UserSignal>; NSIG] = [None; NSIG];

/// The alternate stack the handlers run on (a stack overflow leaves no room on the thread's).
static mut ALT_STACK: Option<Vec<u8>> = None;

/// `faulthandler_dump_traceback`: the tracebacks, guarded against a fault while dumping.
unsafe fn dump_traceback(fd: c_int, all_threads: bool, interp: *mut crate::abi::pycore_interp::PyInterpreterState) {
    static REENTRANT: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);
    if REENTRANT.swap(true, core::sync::atomic::Ordering::SeqCst) {
        return;
    }
    // The faulting signals are synchronous: the thread that faulted runs this handler.
    let tstate = crate::lifecycle::pystate::gilstate_this_thread();
    if all_threads {
        let _ = dump::dump_threads(fd, interp, tstate);
    } else if !tstate.is_null() {
        dump::dump_current(fd, tstate);
    }
    REENTRANT.store(false, core::sync::atomic::Ordering::SeqCst);
}

/// `faulthandler_fatal_error`: the fatal signal handler.
extern "C" fn fatal_handler(signum: c_int) {
    // SAFETY: reads the state written before the handler was installed; write(2), sigaction(2)
    // and raise(3) are async-signal-safe.
    unsafe {
        let save_errno = *libc::__errno_location();
        let st = &raw mut FATAL;
        if !(*st).enabled {
            return;
        }
        let Some(i) = FATAL_SIGNALS.iter().position(|&(s, _)| s == signum) else { return };
        // The previous handler is back before we raise the signal again.
        libc::sigaction(signum, &(*st).previous[i], null_mut());
        let fd = (*st).fd;
        dump::puts(fd, b"Fatal Python error: ");
        dump::puts(fd, FATAL_SIGNALS[i].1.as_bytes());
        dump::puts(fd, b"\n\n");
        dump_traceback(fd, (*st).all_threads, (*st).interp);
        dump::dump_extension_modules(fd, (*st).interp);
        *libc::__errno_location() = save_errno;
        libc::raise(signum);
    }
}

/// `faulthandler_user`: the handler of a `register`ed signal.
extern "C" fn user_handler(signum: c_int) {
    // SAFETY: as in `fatal_handler`; USER entries change only while their handler is out.
    unsafe {
        let Some(user) = (*(&raw const USER)).get(signum as usize).copied().flatten() else { return };
        if !user.enabled {
            return;
        }
        let save_errno = *libc::__errno_location();
        dump_traceback(user.fd, user.all_threads, user.interp);
        if user.chain {
            libc::sigaction(signum, &user.previous, null_mut());
            *libc::__errno_location() = save_errno;
            libc::raise(signum);
            let _ = install(signum, user_handler, user.chain);
        }
        *libc::__errno_location() = save_errno;
    }
}

/// Makes sure the alternate signal stack is in place for this thread.
unsafe fn ensure_alt_stack() {
    let slot = &raw mut ALT_STACK;
    if (*slot).is_none() {
        let size = (libc::SIGSTKSZ * 2).max(64 * 1024);
        *slot = Some(vec![0u8; size]);
    }
    if let Some(stack) = (*slot).as_mut() {
        let ss = libc::stack_t { ss_sp: stack.as_mut_ptr().cast(), ss_flags: 0, ss_size: stack.len() };
        libc::sigaltstack(&ss, null_mut());
    }
}

/// Installs `handler` for `signum` (on the alternate stack, SA_NODEFER so that raising the
/// signal again from the handler is delivered at once); the previous action is returned.
unsafe fn install(signum: c_int, handler: extern "C" fn(c_int), chain: bool) -> Result<libc::sigaction, i32> {
    let mut action: libc::sigaction = core::mem::zeroed();
    action.sa_sigaction = handler as usize;
    libc::sigemptyset(&mut action.sa_mask);
    action.sa_flags = libc::SA_ONSTACK | if chain { libc::SA_NODEFER } else { 0 };
    if !chain {
        action.sa_flags |= libc::SA_NODEFER;
    }
    let mut previous: libc::sigaction = core::mem::zeroed();
    if libc::sigaction(signum, &action, &mut previous) != 0 {
        return Err(*libc::__errno_location());
    }
    Ok(previous)
}

/// `faulthandler_get_fileno`: the descriptor of `file` (None: sys.stderr, flushed first), and
/// the object to keep alive (NULL for an int).
unsafe fn file_descriptor(file: *mut PyObject) -> PyResult<(c_int, *mut PyObject)> {
    let file = if file.is_null() || file == object::none() {
        let f = crate::modules::sysmodule::get_object("stderr");
        if f.is_null() {
            return Err(errors::runtime_error("unable to get sys.stderr"));
        }
        if f == object::none() {
            return Err(errors::runtime_error("sys.stderr is None"));
        }
        f
    } else if longobject::is_int(file) {
        let fd = longobject::as_c_int(file)?;
        if fd < 0 {
            return Err(errors::value_error("file is not a valid file descripter"));
        }
        return Ok((fd, null_mut()));
    } else {
        file
    };
    let result = crate::objects::call::call_method_str(file, "fileno", &[])?;
    let fd = if longobject::is_int(result.as_ptr()) { longobject::as_i64(result.as_ptr()).unwrap_or(-1) } else { -1 };
    if fd < 0 || fd > c_int::MAX as i64 {
        errors::clear();
        return Err(errors::runtime_error("file.fileno() is not a valid file descriptor"));
    }
    if crate::objects::call::call_method_str(file, "flush", &[]).is_err() {
        errors::clear();
    }
    Ok((fd as c_int, file))
}

unsafe fn set_file(slot: *mut *mut PyObject, file: *mut PyObject) {
    object::xincref(file);
    object::xdecref(core::mem::replace(&mut *slot, file));
}

fn truth(o: *mut PyObject, default: bool) -> PyResult<bool> {
    // SAFETY: `o` NULL or live.
    unsafe { if o.is_null() { Ok(default) } else { object::is_true(o) } }
}

/// `enable(file=sys.stderr, all_threads=True)`.
unsafe extern "C" fn py_enable(_m: *mut PyObject, a: *const *mut PyObject, n: isize, kw: *mut PyObject) -> *mut PyObject {
    static SIG: args::Sig = args::Sig { name: "enable", params: &["file", "all_threads"], posonly: 0, maxpos: 2, required: 0 };
    errors::ptr_result((|| {
        let v = args::bind(&SIG, a, n as usize, kw)?;
        let (fd, file) = file_descriptor(v[0])?;
        let all_threads = truth(v[1], true)?;
        enable(fd, file, all_threads)?;
        Ok(object::new_none())
    })())
}

/// `faulthandler_enable`: installs the fatal handlers (once) with this output.
unsafe fn enable(fd: c_int, file: *mut PyObject, all_threads: bool) -> PyResult<()> {
    let st = &raw mut FATAL;
    set_file(&raw mut (*st).file, file);
    (*st).fd = fd;
    (*st).all_threads = all_threads;
    (*st).interp = crate::lifecycle::pystate::current_interpreter();
    if (*st).enabled {
        return Ok(());
    }
    ensure_alt_stack();
    for (i, &(signum, _)) in FATAL_SIGNALS.iter().enumerate() {
        match install(signum, fatal_handler, false) {
            Ok(previous) => (*st).previous[i] = previous,
            Err(errno) => {
                for (j, &(s, _)) in FATAL_SIGNALS.iter().enumerate().take(i) {
                    libc::sigaction(s, &(*st).previous[j], null_mut());
                }
                *libc::__errno_location() = errno;
                return Err(errors::set_from_errno_with_filenames(crate::objects::exceptions::PyExc_RuntimeError, null_mut(), null_mut()));
            }
        }
    }
    (*st).enabled = true;
    Ok(())
}

/// `faulthandler_disable`: the previous handlers back.
unsafe fn disable() -> bool {
    let st = &raw mut FATAL;
    if !(*st).enabled {
        return false;
    }
    (*st).enabled = false;
    for (i, &(signum, _)) in FATAL_SIGNALS.iter().enumerate() {
        libc::sigaction(signum, &(*st).previous[i], null_mut());
    }
    set_file(&raw mut (*st).file, null_mut());
    true
}

unsafe extern "C" fn py_disable(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Ok(object::new_bool(disable())))
}

unsafe extern "C" fn py_is_enabled(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Ok(object::new_bool((*(&raw const FATAL)).enabled)))
}

/// `dump_traceback(file=sys.stderr, all_threads=True)`.
unsafe extern "C" fn py_dump_traceback(_m: *mut PyObject, a: *const *mut PyObject, n: isize, kw: *mut PyObject) -> *mut PyObject {
    static SIG: args::Sig = args::Sig { name: "dump_traceback", params: &["file", "all_threads"], posonly: 0, maxpos: 2, required: 0 };
    errors::ptr_result((|| {
        let v = args::bind(&SIG, a, n as usize, kw)?;
        let (fd, _file) = file_descriptor(v[0])?;
        let all_threads = truth(v[1], true)?;
        let tstate = crate::lifecycle::pystate::current();
        if all_threads {
            if let Some(msg) = dump::dump_threads(fd, null_mut(), tstate) {
                return Err(errors::runtime_error(msg));
            }
        } else {
            dump::dump_current(fd, tstate);
        }
        crate::modules::signalmodule::check_signals()?;
        Ok(object::new_none())
    })())
}

// ---- dump_traceback_later: the watchdog ----

struct Watchdog {
    cancel: bool,
}

static WATCHDOG: Mutex<Option<Watchdog>> = Mutex::new(None);
static WATCHDOG_WAKE: Condvar = Condvar::new();
static WATCHDOG_THREAD: Mutex<Option<std::thread::JoinHandle<()>>> = Mutex::new(None);
/// The file object the watchdog writes to, kept alive while it runs.
static mut WATCHDOG_FILE: *mut PyObject = null_mut();

/// `format_timeout`: "Timeout (H:MM:SS[.ffffff])!\n".
fn timeout_header(micros: i64) -> String {
    let (sec, us) = (micros / 1_000_000, micros % 1_000_000);
    let (min, sec) = (sec / 60, sec % 60);
    let (hour, min) = (min / 60, min % 60);
    if us != 0 {
        format!("Timeout ({hour}:{min:02}:{sec:02}.{us:06})!\n")
    } else {
        format!("Timeout ({hour}:{min:02}:{sec:02})!\n")
    }
}

/// `cancel_dump_traceback_later`: stops the watchdog and waits for its thread.
fn cancel_watchdog() {
    if let Some(w) = WATCHDOG.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
        w.cancel = true;
    }
    WATCHDOG_WAKE.notify_all();
    let thread = WATCHDOG_THREAD.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(t) = thread {
        let _ = t.join();
    }
    *WATCHDOG.lock().unwrap_or_else(|p| p.into_inner()) = None;
}

unsafe extern "C" fn py_dump_traceback_later(_m: *mut PyObject, a: *const *mut PyObject, n: isize, kw: *mut PyObject) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "dump_traceback_later",
        params: &["timeout", "repeat", "file", "exit"],
        posonly: 0,
        maxpos: 4,
        required: 1,
    };
    errors::ptr_result((|| {
        let v = args::bind(&SIG, a, n as usize, kw)?;
        let seconds = crate::objects::floatobject::as_f64(v[0])?;
        let micros = (seconds * 1e6).ceil();
        if !(micros > 0.0) {
            return Err(errors::value_error("timeout must be greater than 0"));
        }
        if micros >= (i64::MAX / 1000) as f64 {
            return Err(errors::overflow_error("timeout value is too large"));
        }
        let micros = micros as i64;
        let repeat = truth(v[1], false)?;
        let exit = truth(v[3], false)?;
        let (fd, file) = file_descriptor(v[2])?;
        let header = timeout_header(micros);
        // Release the GIL while waiting for a previous watchdog: its dump may take time.
        let ts = crate::lifecycle::ceval_gil::save_thread();
        cancel_watchdog();
        crate::lifecycle::ceval_gil::restore_thread(ts);
        set_file(&raw mut WATCHDOG_FILE, file);
        *WATCHDOG.lock().unwrap_or_else(|p| p.into_inner()) = Some(Watchdog { cancel: false });
        let interp = crate::lifecycle::pystate::current_interpreter() as usize;
        let thread = std::thread::Builder::new()
            .name("faulthandler watchdog".into())
            .spawn(move || loop {
                let guard = WATCHDOG.lock().unwrap_or_else(|p| p.into_inner());
                let (guard, result) = WATCHDOG_WAKE
                    .wait_timeout_while(guard, std::time::Duration::from_micros(micros as u64), |w| {
                        !w.as_ref().is_some_and(|w| w.cancel)
                    })
                    .unwrap_or_else(|p| p.into_inner());
                if !result.timed_out() {
                    return;
                }
                drop(guard);
                dump::puts(fd, header.as_bytes());
                // SAFETY: reads the interpreter's thread states without the GIL, as CPython's
                // watchdog does; the dump allocates nothing.
                let err = unsafe { dump::dump_threads(fd, interp as *mut _, null_mut()) };
                if let Some(msg) = err {
                    dump::puts(fd, msg.as_bytes());
                    dump::puts(fd, b"\n");
                }
                if exit {
                    // SAFETY: ends the process at once, as CPython's `_exit(1)`.
                    unsafe { libc::_exit(1) };
                }
                if !repeat {
                    return;
                }
            })
            .map_err(|_| errors::runtime_error("unable to start watchdog thread"))?;
        *WATCHDOG_THREAD.lock().unwrap_or_else(|p| p.into_inner()) = Some(thread);
        Ok(object::new_none())
    })())
}

unsafe extern "C" fn py_cancel_dump_traceback_later(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let ts = crate::lifecycle::ceval_gil::save_thread();
    cancel_watchdog();
    crate::lifecycle::ceval_gil::restore_thread(ts);
    set_file(&raw mut WATCHDOG_FILE, null_mut());
    object::new_none().into_raw()
}

// ---- register / unregister ----

/// `check_signum`.
fn check_signum(signum: c_int) -> PyResult<()> {
    if FATAL_SIGNALS.iter().any(|&(s, _)| s == signum) {
        return Err(errors::runtime_error(&format!("signal {signum} cannot be registered, use enable() instead")));
    }
    if signum < 1 || signum as usize >= NSIG {
        return Err(errors::value_error("signal number out of range"));
    }
    Ok(())
}

unsafe extern "C" fn py_register(_m: *mut PyObject, a: *const *mut PyObject, n: isize, kw: *mut PyObject) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "register",
        params: &["signum", "file", "all_threads", "chain"],
        posonly: 0,
        maxpos: 4,
        required: 1,
    };
    errors::ptr_result((|| {
        let v = args::bind(&SIG, a, n as usize, kw)?;
        let signum = args::c_int_arg(v[0])?;
        check_signum(signum)?;
        let (fd, file) = file_descriptor(v[1])?;
        let all_threads = truth(v[2], true)?;
        let chain = truth(v[3], false)?;
        let slot = &raw mut USER[signum as usize];
        let previous = match *slot {
            Some(u) if u.enabled => u.previous,
            _ => {
                ensure_alt_stack();
                install(signum, user_handler, chain)
                    .map_err(|e| {
                        *libc::__errno_location() = e;
                        errors::set_from_errno_with_filenames(crate::objects::exceptions::PyExc_OSError, null_mut(), null_mut())
                    })?
            }
        };
        let old_file = (*slot).map_or(null_mut(), |u| u.file);
        object::xincref(file);
        *slot = Some(UserSignal {
            enabled: true,
            fd,
            all_threads,
            chain,
            file,
            interp: crate::lifecycle::pystate::current_interpreter(),
            previous,
        });
        object::xdecref(old_file);
        Ok(object::new_none())
    })())
}

unsafe fn unregister(signum: c_int) -> bool {
    let slot = &raw mut USER[signum as usize];
    match *slot {
        Some(u) if u.enabled => {
            libc::sigaction(signum, &u.previous, null_mut());
            *slot = None;
            object::xdecref(u.file);
            true
        }
        _ => false,
    }
}

unsafe extern "C" fn py_unregister(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if tupleobject::len(a) != 1 {
            return Err(errors::type_error(&format!(
                "unregister() takes exactly one argument ({} given)",
                tupleobject::len(a)
            )));
        }
        let signum = args::c_int_arg(*tupleobject::items(a))?;
        check_signum(signum)?;
        Ok(object::new_bool(unregister(signum)))
    })())
}

// ---- the crash helpers of CPython's tests ----

/// Gives the GIL back when asked (`release_gil=True`) around a crash, as CPython's helpers do.
unsafe fn maybe_release_gil(a: *mut PyObject, name: &str) -> PyResult<bool> {
    let n = tupleobject::len(a);
    if n > 1 {
        return Err(errors::type_error(&format!("{name}() takes at most 1 argument ({n} given)")));
    }
    Ok(n == 1 && object::is_true(*tupleobject::items(a))?)
}

unsafe extern "C" fn py_read_null(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: deliberately reads address 0 to raise SIGSEGV (the point of this helper).
    let v = core::ptr::read_volatile(core::hint::black_box(null_mut::<c_int>()));
    errors::ptr_result(longobject::from_i64(v as i64))
}

unsafe extern "C" fn py_sigsegv(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let release = maybe_release_gil(a, "_sigsegv")?;
        let ts = if release { crate::lifecycle::ceval_gil::save_thread() } else { null_mut() };
        // CPython raises the signal (reading NULL is undefined behaviour for a C compiler).
        libc::raise(libc::SIGSEGV);
        if release {
            crate::lifecycle::ceval_gil::restore_thread(ts);
        }
        Ok(object::new_none())
    })())
}

unsafe extern "C" fn py_sigabrt(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    libc::abort();
}

unsafe extern "C" fn py_sigfpe(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    libc::raise(libc::SIGFPE);
    object::new_none().into_raw()
}

unsafe extern "C" fn py_fatal_error(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = tupleobject::len(a);
        if !(1..=2).contains(&n) {
            return Err(errors::type_error(&format!("_fatal_error expected 1 or 2 arguments, got {n}")));
        }
        let msg = *tupleobject::items(a);
        // `y` format: a bytes-like message.
        let bytes = crate::objects::bytesobject::from_object(msg)?;
        let text = crate::objects::bytesobject::as_slice(bytes.as_ptr()).to_vec();
        let release = n == 2 && object::is_true(*tupleobject::items(a).add(1))?;
        if release {
            let _ = crate::lifecycle::ceval_gil::save_thread();
        }
        crate::lifecycle::fatal::fatal_error("faulthandler_fatal_error_py", &text);
    })())
}

type FastKwFn = args::FastKwFn;
type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

fn methods() -> Vec<PyMethodDef> {
    let kw = |name: &'static core::ffi::CStr, f: FastKwFn, doc: &'static core::ffi::CStr| PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: a METH_FASTCALL | METH_KEYWORDS function stored as the generic pointer type.
        ml_meth: Some(unsafe { core::mem::transmute::<FastKwFn, BinFn>(f) }),
        ml_flags: crate::abi::methodobject::METH_FASTCALL | METH_KEYWORDS,
        ml_doc: doc.as_ptr(),
    };
    let plain = |name: &'static core::ffi::CStr, f: BinFn, flags: c_int, doc: &'static core::ffi::CStr| PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    };
    vec![
        kw(c"enable", py_enable, c"enable(file=sys.stderr, all_threads=True): enable the fault handler"),
        plain(c"disable", py_disable, METH_NOARGS, c"disable(): disable the fault handler"),
        plain(c"is_enabled", py_is_enabled, METH_NOARGS, c"is_enabled()->bool: check if the handler is enabled"),
        kw(c"dump_traceback", py_dump_traceback, c"dump_traceback(file=sys.stderr, all_threads=True): dump the traceback of the current thread, or of all threads if all_threads is True, into file"),
        kw(c"dump_traceback_later", py_dump_traceback_later, c"dump_traceback_later(timeout, repeat=False, file=sys.stderrn, exit=False):\ndump the traceback of all threads in timeout seconds,\nor each timeout seconds if repeat is True. If exit is True, call _exit(1) which is not safe."),
        plain(c"cancel_dump_traceback_later", py_cancel_dump_traceback_later, METH_NOARGS, c"cancel_dump_traceback_later():\ncancel the previous call to dump_traceback_later()."),
        kw(c"register", py_register, c"register(signum, file=sys.stderr, all_threads=True, chain=False): register a handler for the signal 'signum': dump the traceback of the current thread, or of all threads if all_threads is True, into file"),
        plain(c"unregister", py_unregister, METH_VARARGS, c"unregister(signum): unregister the handler of the signal 'signum' registered by register()"),
        plain(c"_read_null", py_read_null, METH_NOARGS, c"_read_null(): read from NULL, raise a SIGSEGV or SIGBUS signal depending on the platform"),
        plain(c"_sigsegv", py_sigsegv, METH_VARARGS, c"_sigsegv(release_gil=False): raise a SIGSEGV signal"),
        plain(c"_sigabrt", py_sigabrt, METH_NOARGS, c"_sigabrt(): raise a SIGABRT signal"),
        plain(c"_sigfpe", py_sigfpe, METH_NOARGS, c"_sigfpe(): raise a SIGFPE signal"),
        plain(c"_fatal_error", py_fatal_error, METH_VARARGS, c"_fatal_error(message): call Py_FatalError(message)"),
    ]
}

/// `PyInit_faulthandler`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result(args::create_module(c"faulthandler", c"faulthandler module.", methods))
}

/// `_PyFaulthandler_Init`: `-X faulthandler` / PYTHONFAULTHANDLER enable it at start-up,
/// writing to sys.stderr.
///
/// # Safety
/// GIL held, sys.stderr set up.
pub unsafe fn init_from_config() -> PyResult<()> {
    let (fd, file) = file_descriptor(null_mut())?;
    enable(fd, file, true)
}

/// `_PyFaulthandler_Fini`: watchdog stopped, user signals and fatal handlers removed.
///
/// # Safety
/// At finalization, GIL held.
pub unsafe fn fini() {
    cancel_watchdog();
    set_file(&raw mut WATCHDOG_FILE, null_mut());
    for signum in 1..NSIG {
        unregister(signum as c_int);
    }
    disable();
}
