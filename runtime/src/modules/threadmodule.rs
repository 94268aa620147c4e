//! The `_thread` module (CPython's Modules/_threadmodule.c): `lock` (LockType) and `RLock`
//! objects over `lifecycle::pythread` semaphores (blocking waits release the GIL), thread
//! start-up with a fresh thread state (`start_new_thread`), the identity, count, stack
//! size and interrupt functions, thread-local data (`_local`) and threading's default
//! `excepthook`.

use crate::abi::methodobject::{PyMethodDef, METH_KEYWORDS, METH_NOARGS, METH_VARARGS};
use crate::abi::pystate::PyThreadState;
use crate::abi::pythread::PyThread_type_lock;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::lifecycle::{ceval_gil, pystate, pythread};
use crate::modules::posixmodule::args;
use crate::objects::exceptions as exc;
use crate::objects::object::{self, Ref};
use crate::objects::typeobject::static_type;
use crate::objects::{dictobject, longobject, tupleobject, unicodeobject as ustr};
use core::ffi::{c_char, c_int, c_ulong, c_void};
use core::ptr::null_mut;
use core::sync::atomic::{AtomicPtr, Ordering};

/// `PY_TIMEOUT_MAX` in seconds, as `_thread.TIMEOUT_MAX` shows it.
const TIMEOUT_MAX_SECONDS: f64 = 9223372036.0;
const TIMEOUT_MAX_US: i64 = i64::MAX / 1000;

#[repr(C)]
struct LockObject {
    ob_base: PyObject,
    lock: PyThread_type_lock,
    weakreflist: *mut PyObject,
    locked: c_char,
}

#[repr(C)]
struct RLockObject {
    ob_base: PyObject,
    lock: PyThread_type_lock,
    owner: c_ulong,
    count: c_ulong,
    weakreflist: *mut PyObject,
}

/// `acquire(blocking=True, timeout=-1)`: the timeout in microseconds (-1 forever, 0 try).
unsafe fn parse_acquire(a: *mut PyObject, kw: *mut PyObject) -> PyResult<i64> {
    static SIG: args::Sig = args::Sig {
        name: "acquire",
        params: &["blocking", "timeout"],
        posonly: 0,
        maxpos: 2,
        required: 0,
    };
    let n = if a.is_null() {
        0
    } else {
        tupleobject::len(a) as usize
    };
    let mut stack: Vec<*mut PyObject> = (0..n).map(|i| *tupleobject::items(a).add(i)).collect();
    let mut names = Vec::new();
    if !kw.is_null() {
        let mut pos = 0;
        while let Some((k, v)) = dictobject::next(kw, &mut pos) {
            names.push(k);
            stack.push(v);
        }
    }
    let kwnames = if names.is_empty() {
        None
    } else {
        Some(tupleobject::from_slice(&names)?)
    };
    let v = args::bind(
        &SIG,
        stack.as_ptr(),
        n,
        kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
    )?;
    let blocking = args::truth(v[0], true)?;
    let timeout = if v[1].is_null() {
        None
    } else {
        let t = crate::objects::floatobject::as_f64(v[1])?;
        if t.is_nan() {
            return Err(errors::value_error("Invalid value NaN (not a number)"));
        }
        Some(t)
    };
    let unset = matches!(timeout, None) || timeout == Some(-1.0);
    if !blocking && !unset {
        return Err(errors::value_error(
            "can't specify a timeout for a non-blocking call",
        ));
    }
    if let Some(t) = timeout {
        if t < 0.0 && t != -1.0 {
            return Err(errors::value_error("timeout value must be positive"));
        }
    }
    if !blocking {
        return Ok(0);
    }
    match timeout {
        Some(t) if t != -1.0 => {
            if t * 1e9 > i64::MAX as f64 {
                return Err(errors::overflow_error(
                    "timestamp out of range for platform time_t",
                ));
            }
            let us = (t * 1e6).ceil() as i64;
            if us > TIMEOUT_MAX_US {
                return Err(errors::overflow_error("timeout value is too large"));
            }
            Ok(us)
        }
        _ => Ok(-1),
    }
}

/// `acquire_timed`: tries without releasing the GIL, then waits with it released; signals
/// interrupting the wait run their handlers and the wait resumes with the time left.
unsafe fn acquire_timed(lock: PyThread_type_lock, timeout_us: i64) -> PyResult<bool> {
    if pythread::acquire_lock_timed(lock, 0, false) == pythread::PY_LOCK_ACQUIRED {
        return Ok(true);
    }
    if timeout_us == 0 {
        return Ok(false);
    }
    let deadline = (timeout_us > 0)
        .then(|| std::time::Instant::now() + std::time::Duration::from_micros(timeout_us as u64));
    let mut wait = timeout_us;
    loop {
        let ts = ceval_gil::save_thread();
        let r = pythread::acquire_lock_timed(lock, wait, true);
        ceval_gil::restore_thread(ts);
        match r {
            pythread::PY_LOCK_ACQUIRED => return Ok(true),
            pythread::PY_LOCK_INTR => {
                crate::modules::signalmodule::check_signals()?;
                if let Some(d) = deadline {
                    let now = std::time::Instant::now();
                    if now >= d {
                        return Ok(false);
                    }
                    wait = (d - now).as_micros().max(1) as i64;
                }
            }
            _ => return Ok(false),
        }
    }
}

fn thread_error(msg: &str) -> errors::ErrSet {
    // SAFETY: RuntimeError is a static type (_thread.error is RuntimeError).
    unsafe { errors::set_string(exc::PyExc_RuntimeError, msg) }
}

// ---- lock ----

unsafe fn new_lock() -> PyResult<Ref> {
    let tp = &raw mut LOCK_TYPE;
    let op = object::new_object(tp)?;
    let l = op as *mut LockObject;
    (*l).weakreflist = null_mut();
    (*l).locked = 0;
    (*l).lock = pythread::allocate_lock();
    if (*l).lock.is_null() {
        object::decref(op);
        return Err(thread_error("can't allocate lock"));
    }
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn lock_dealloc(op: *mut PyObject) {
    let l = op as *mut LockObject;
    if !(*l).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    if !(*l).lock.is_null() {
        if (*l).locked != 0 {
            pythread::release_lock((*l).lock);
        }
        pythread::free_lock((*l).lock);
    }
    let tp = object::py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => crate::mem::obj_free(op.cast()),
    }
}

unsafe extern "C" fn lock_acquire(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let t = parse_acquire(a, kw)?;
        let l = op as *mut LockObject;
        let got = acquire_timed((*l).lock, t)?;
        if got {
            (*l).locked = 1;
        }
        Ok(crate::objects::boolobject::from_bool(got))
    })())
}

unsafe extern "C" fn lock_release(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let l = op as *mut LockObject;
    if (*l).locked == 0 {
        return errors::ptr_result(Err(thread_error("release unlocked lock")));
    }
    (*l).locked = 0;
    pythread::release_lock((*l).lock);
    object::new_none().into_raw()
}

unsafe extern "C" fn lock_exit(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    lock_release(op, null_mut())
}

unsafe extern "C" fn lock_locked(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    crate::objects::boolobject::from_bool((*(op as *mut LockObject)).locked != 0).into_raw()
}

unsafe extern "C" fn lock_at_fork_reinit(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let l = op as *mut LockObject;
    let new = pythread::allocate_lock();
    if new.is_null() {
        return errors::ptr_result(Err(thread_error("failed to reinitialize lock at fork")));
    }
    // The old semaphore may be held by a thread that no longer exists: it is abandoned.
    (*l).lock = new;
    (*l).locked = 0;
    object::new_none().into_raw()
}

unsafe extern "C" fn lock_repr(op: *mut PyObject) -> *mut PyObject {
    let l = op as *mut LockObject;
    let state = if (*l).locked != 0 {
        "locked"
    } else {
        "unlocked"
    };
    errors::ptr_result(ustr::new_str(&format!(
        "<{state} {} object at {op:p}>",
        object::type_name(op).replace("_thread.", "_thread.")
    )))
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type KwFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;

const fn meth(name: &'static core::ffi::CStr, f: BinFn, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: core::ptr::null(),
    }
}

const fn kwmeth(name: &'static core::ffi::CStr, f: KwFn) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe { core::mem::transmute::<KwFn, BinFn>(f) }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: core::ptr::null(),
    }
}

const END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

static mut LOCK_METHODS: [PyMethodDef; 10] = [
    kwmeth(c"acquire_lock", lock_acquire),
    kwmeth(c"acquire", lock_acquire),
    meth(c"release_lock", lock_release, METH_NOARGS),
    meth(c"release", lock_release, METH_NOARGS),
    meth(c"locked_lock", lock_locked, METH_NOARGS),
    meth(c"locked", lock_locked, METH_NOARGS),
    kwmeth(c"__enter__", lock_acquire),
    meth(c"__exit__", lock_exit, METH_VARARGS),
    meth(c"_at_fork_reinit", lock_at_fork_reinit, METH_NOARGS),
    END,
];

static mut LOCK_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(lock_dealloc),
    tp_repr: Some(lock_repr),
    tp_weaklistoffset: core::mem::offset_of!(LockObject, weakreflist) as Py_ssize_t,
    tp_methods: (&raw mut LOCK_METHODS).cast(),
    tp_doc: c"A lock object is a synchronization primitive.  To create a lock,\ncall threading.Lock().  Methods are:\n\nacquire() -- lock the lock, possibly blocking until it can be obtained\nrelease() -- unlock of the lock\nlocked() -- test whether the lock is currently locked\n\nA lock is not owned by the thread that locked it; another thread may\nunlock it.  A thread attempting to lock a lock that it has already locked\nwill block until another thread unlocks it.  Deadlocks may ensue.".as_ptr(),
    ..static_type(&raw mut crate::objects::typeobject::PyType_Type, c"_thread.lock", core::mem::size_of::<LockObject>() as Py_ssize_t, 0, Py_TPFLAGS_DEFAULT)
};

// ---- RLock ----

unsafe extern "C" fn rlock_new(
    tp: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let alloc = (*tp)
            .tp_alloc
            .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
        let op = alloc(tp, 0);
        if op.is_null() {
            return Err(errors::ErrSet::assume_set());
        }
        let r = op as *mut RLockObject;
        (*r).weakreflist = null_mut();
        (*r).owner = 0;
        (*r).count = 0;
        (*r).lock = pythread::allocate_lock();
        if (*r).lock.is_null() {
            object::decref(op);
            return Err(thread_error("can't allocate lock"));
        }
        Ok(Ref::from_raw(op))
    })())
}

unsafe extern "C" fn rlock_dealloc(op: *mut PyObject) {
    let r = op as *mut RLockObject;
    if !(*r).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    if !(*r).lock.is_null() {
        if (*r).count > 0 {
            pythread::release_lock((*r).lock);
        }
        pythread::free_lock((*r).lock);
    }
    let tp = object::py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => crate::mem::obj_free(op.cast()),
    }
    if (*tp).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
        object::decref(tp.cast());
    }
}

unsafe extern "C" fn rlock_acquire(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let t = parse_acquire(a, kw)?;
        let r = op as *mut RLockObject;
        let tid = pythread::thread_ident();
        if (*r).count > 0 && (*r).owner == tid {
            (*r).count = (*r)
                .count
                .checked_add(1)
                .ok_or_else(|| errors::overflow_error("Internal lock count overflowed"))?;
            return Ok(crate::objects::boolobject::from_bool(true));
        }
        let got = acquire_timed((*r).lock, t)?;
        if got {
            (*r).owner = tid;
            (*r).count = 1;
        }
        Ok(crate::objects::boolobject::from_bool(got))
    })())
}

unsafe extern "C" fn rlock_release(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let r = op as *mut RLockObject;
    if (*r).count == 0 || (*r).owner != pythread::thread_ident() {
        return errors::ptr_result(Err(errors::set_string(
            exc::PyExc_RuntimeError,
            "cannot release un-acquired lock",
        )));
    }
    (*r).count -= 1;
    if (*r).count == 0 {
        (*r).owner = 0;
        pythread::release_lock((*r).lock);
    }
    object::new_none().into_raw()
}

unsafe extern "C" fn rlock_exit(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    rlock_release(op, null_mut())
}

unsafe extern "C" fn rlock_acquire_restore(op: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let state = if tupleobject::len(a) == 1 {
            *tupleobject::items(a)
        } else {
            null_mut()
        };
        if state.is_null() || !tupleobject::check(state) || tupleobject::len(state) != 2 {
            return Err(errors::type_error(
                "_acquire_restore() argument 1 must be a 2-tuple (count, owner)",
            ));
        }
        let count = longobject::as_i64(*tupleobject::items(state))? as c_ulong;
        let owner = longobject::as_i64(*tupleobject::items(state).add(1))? as c_ulong;
        let r = op as *mut RLockObject;
        if !acquire_timed((*r).lock, -1)? {
            return Err(thread_error("couldn't acquire lock"));
        }
        (*r).owner = owner;
        (*r).count = count;
        Ok(object::new_none())
    })())
}

unsafe extern "C" fn rlock_release_save(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = op as *mut RLockObject;
        if (*r).count == 0 {
            return Err(errors::set_string(
                exc::PyExc_RuntimeError,
                "cannot release un-acquired lock",
            ));
        }
        let (owner, count) = ((*r).owner, (*r).count);
        (*r).count = 0;
        (*r).owner = 0;
        pythread::release_lock((*r).lock);
        let c = longobject::from_u64(count as u64)?;
        let o = longobject::from_u64(owner as u64)?;
        tupleobject::pack(&[c.as_ptr(), o.as_ptr()])
    })())
}

unsafe extern "C" fn rlock_is_owned(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let r = op as *mut RLockObject;
    crate::objects::boolobject::from_bool((*r).count > 0 && (*r).owner == pythread::thread_ident())
        .into_raw()
}

unsafe extern "C" fn rlock_at_fork_reinit(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let r = op as *mut RLockObject;
    let new = pythread::allocate_lock();
    if new.is_null() {
        return errors::ptr_result(Err(thread_error("failed to reinitialize lock at fork")));
    }
    (*r).lock = new;
    (*r).owner = 0;
    (*r).count = 0;
    object::new_none().into_raw()
}

unsafe extern "C" fn rlock_repr(op: *mut PyObject) -> *mut PyObject {
    let r = op as *mut RLockObject;
    let state = if (*r).count != 0 {
        "locked"
    } else {
        "unlocked"
    };
    let name = CStrName(object::py_type(op));
    errors::ptr_result(ustr::new_str(&format!(
        "<{state} {} object owner={} count={} at {op:p}>",
        name.get(),
        (*r).owner,
        (*r).count
    )))
}

/// A type's full `tp_name` (repr of RLock shows `_thread.RLock`, subclasses their own name).
struct CStrName(*mut PyTypeObject);
impl CStrName {
    unsafe fn get(&self) -> String {
        core::ffi::CStr::from_ptr((*self.0).tp_name)
            .to_string_lossy()
            .into_owned()
    }
}

static mut RLOCK_METHODS: [PyMethodDef; 9] = [
    kwmeth(c"acquire", rlock_acquire),
    meth(c"release", rlock_release, METH_NOARGS),
    meth(c"_is_owned", rlock_is_owned, METH_NOARGS),
    meth(c"_acquire_restore", rlock_acquire_restore, METH_VARARGS),
    meth(c"_release_save", rlock_release_save, METH_NOARGS),
    kwmeth(c"__enter__", rlock_acquire),
    meth(c"__exit__", rlock_exit, METH_VARARGS),
    meth(c"_at_fork_reinit", rlock_at_fork_reinit, METH_NOARGS),
    END,
];

static mut RLOCK_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(rlock_dealloc),
    tp_repr: Some(rlock_repr),
    tp_weaklistoffset: core::mem::offset_of!(RLockObject, weakreflist) as Py_ssize_t,
    tp_methods: (&raw mut RLOCK_METHODS).cast(),
    tp_new: Some(rlock_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_thread.RLock",
        core::mem::size_of::<RLockObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    )
};

// ---- threads ----

struct Boot {
    func: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
    tstate: *mut PyThreadState,
}

unsafe extern "C" fn thread_run(raw: *mut c_void) {
    let boot = Box::from_raw(raw as *mut Boot);
    let ts = boot.tstate;
    (*ts).thread_id = pythread::thread_ident();
    (*ts).native_thread_id = pythread::thread_native_id();
    ceval_gil::acquire_thread(ts);
    let interp = (*ts).interp;
    (*interp).threads.count += 1;
    let r = crate::objects::call::call(boot.func, boot.args, boot.kwargs);
    if r.is_err() {
        if errors::exception_matches(exc::PyExc_SystemExit) {
            errors::clear();
        } else {
            errors::write_unraisable_msg(Some("in thread started by"), boot.func);
        }
    }
    drop(r);
    object::decref(boot.func);
    object::decref(boot.args);
    object::xdecref(boot.kwargs);
    (*interp).threads.count -= 1;
    pystate::clear_thread_state(ts);
    pystate::delete_current_thread_state(ts);
}

unsafe extern "C" fn start_new_thread(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = tupleobject::len(a);
        if !(2..=3).contains(&n) {
            return Err(errors::type_error(&format!(
                "start_new_thread expected {} arguments, got {n}",
                if n < 2 { "at least 2" } else { "at most 3" }
            )));
        }
        let it = |i: usize| *tupleobject::items(a).add(i);
        let (func, fargs) = (it(0), it(1));
        let kwargs = if n == 3 { it(2) } else { null_mut() };
        if !crate::objects::call::is_callable(func) {
            return Err(errors::type_error("first arg must be callable"));
        }
        if !tupleobject::check(fargs) {
            return Err(errors::type_error("2nd arg must be a tuple"));
        }
        if !kwargs.is_null() && !dictobject::check(kwargs) {
            return Err(errors::type_error("optional 3rd arg must be a dictionary"));
        }
        let interp = pystate::current_interpreter();
        let ts = pystate::new_thread_state(interp);
        if ts.is_null() {
            return Err(errors::no_memory());
        }
        object::incref(func);
        object::incref(fargs);
        object::xincref(kwargs);
        let boot = Box::into_raw(Box::new(Boot {
            func,
            args: fargs,
            kwargs,
            tstate: ts,
        }));
        let ident = pythread::start_new_thread(thread_run, boot.cast());
        if ident == pythread::INVALID_THREAD_ID {
            let b = Box::from_raw(boot);
            object::decref(b.func);
            object::decref(b.args);
            object::xdecref(b.kwargs);
            pystate::clear_thread_state(ts);
            pystate::delete_thread_state(ts);
            return Err(thread_error("can't start new thread"));
        }
        longobject::from_u64(ident as u64)
    })())
}

unsafe extern "C" fn allocate_lock(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_lock())
}

unsafe extern "C" fn exit_thread(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let _ = errors::set_none(exc::PyExc_SystemExit);
    null_mut()
}

unsafe extern "C" fn interrupt_main(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "interrupt_main",
        params: &["signum"],
        posonly: 1,
        maxpos: 1,
        required: 0,
    };
    errors::ptr_result((|| {
        let v = args::bind(&SIG, a, n as usize, kw)?;
        let signum = if v[0].is_null() {
            libc::SIGINT
        } else {
            args::c_int_arg(v[0])?
        };
        if signum < 1 || signum >= 65 {
            return Err(errors::value_error("signal number out of range"));
        }
        crate::modules::signalmodule::set_interrupt_ex(signum);
        Ok(object::new_none())
    })())
}

unsafe extern "C" fn get_ident(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_u64(pythread::thread_ident() as u64))
}

unsafe extern "C" fn get_native_id(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_u64(pythread::thread_native_id() as u64))
}

unsafe extern "C" fn count(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_i64(
        (*pystate::current_interpreter()).threads.count as i64,
    ))
}

unsafe extern "C" fn stack_size(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = tupleobject::len(a);
        if n > 1 {
            return Err(errors::type_error(&format!(
                "stack_size expected at most 1 argument, got {n}"
            )));
        }
        let old = pythread::get_stacksize();
        if n == 1 {
            let new = longobject::as_i64(*tupleobject::items(a))?;
            if new < 0 {
                return Err(errors::value_error("size must be 0 or a positive value"));
            }
            match pythread::set_stacksize(new as usize) {
                0 => {}
                -1 => return Err(errors::value_error(&format!("size not valid: {new} bytes"))),
                _ => return Err(thread_error("setting stack size not supported")),
            }
        }
        longobject::from_i64(old as i64)
    })())
}

/// `_set_sentinel()`: a lock released when this thread's state is deleted (threading's
/// `_tstate_lock`).
unsafe extern "C" fn set_sentinel(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let ts = pystate::current();
        // A previous sentinel (a thread state reused in a fork()ed child) is forgotten.
        if !(*ts).on_delete_data.is_null() {
            let old = (*ts).on_delete_data as *mut PyObject;
            (*ts).on_delete_data = null_mut();
            (*ts).on_delete = None;
            object::decref(old);
        }
        // Returned unlocked: the caller (threading's _tstate_lock) acquires it, and the thread
        // state's deletion releases it. The thread state holds a reference until then.
        let lock = new_lock()?;
        object::incref(lock.as_ptr());
        (*ts).on_delete_data = lock.as_ptr().cast();
        (*ts).on_delete = Some(release_sentinel);
        Ok(lock)
    })())
}

unsafe extern "C" fn release_sentinel(data: *mut c_void) {
    let op = data as *mut PyObject;
    let l = op as *mut LockObject;
    if (*l).locked != 0 {
        (*l).locked = 0;
        pythread::release_lock((*l).lock);
    }
    // Runs while the thread state is cleared; the GIL is held by the caller.
    object::decref(op);
}

// ---- _local: thread-local data ----
//
// Each `_local` has a key ("thread.local.<address>"). A thread's attributes live in a dict held
// by a small "dummy" object stored under that key in the thread state's dict: when the thread
// ends its state's dict is cleared, the dummy dies, and a weak-reference callback drops the
// thread's entry from the `_local`'s `dummies` (weakref to dummy -> dict). When the `_local`
// dies it removes its key from every thread's dict. No reference cycle links the two.

#[repr(C)]
struct LocalObject {
    ob_base: PyObject,
    key: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
    weakreflist: *mut PyObject,
    dummies: *mut PyObject,
    wr_callback: *mut PyObject,
}

#[repr(C)]
struct LocalDummy {
    ob_base: PyObject,
    localdict: *mut PyObject,
    weakreflist: *mut PyObject,
}

/// The `_local` and `_localdummy` heap types of the current `_thread` module (strong
/// references, replaced when the module is made again after a re-initialization).
static LOCAL_TYPE: AtomicPtr<PyObject> = AtomicPtr::new(null_mut());
static LOCAL_DUMMY_TYPE: AtomicPtr<PyObject> = AtomicPtr::new(null_mut());

unsafe fn local(op: *mut PyObject) -> *mut LocalObject {
    op.cast()
}

unsafe extern "C" fn localdummy_dealloc(op: *mut PyObject) {
    let d = op as *mut LocalDummy;
    if !(*d).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    object::xdecref(core::mem::replace(&mut (*d).localdict, null_mut()));
    let tp = object::py_type(op);
    if let Some(free) = (*tp).tp_free {
        free(op.cast());
    }
    object::decref(tp.cast());
}

/// `_local_create_dummy`: a new dict for this thread, its dummy in the thread state's dict.
/// Returns the dict (borrowed: the dummy and `dummies` own it).
unsafe fn local_create_dummy(op: *mut PyObject) -> PyResult<*mut PyObject> {
    let tdict = pystate::thread_dict();
    if tdict.is_null() {
        return Err(errors::system_error("Couldn't get thread-state dictionary"));
    }
    let ldict = dictobject::new()?;
    let dtype = LOCAL_DUMMY_TYPE.load(Ordering::Relaxed) as *mut PyTypeObject;
    let alloc = (*dtype).tp_alloc.ok_or_else(|| errors::no_memory())?;
    let dummy = Ref::from_result(alloc(dtype, 0))?;
    (*(dummy.as_ptr() as *mut LocalDummy)).localdict = object::new_ref(ldict.as_ptr()).into_raw();
    let l = local(op);
    let wr = crate::objects::weakrefobject::new_ref(dummy.as_ptr(), (*l).wr_callback)?;
    // Hashing the weakref now caches the hash for the callback, which runs once the dummy is gone.
    dictobject::set_item((*l).dummies, wr.as_ptr(), ldict.as_ptr())?;
    dictobject::set_item(tdict, (*l).key, dummy.as_ptr())?;
    Ok(ldict.as_ptr())
}

/// `_ldict`: this thread's dict of the `_local` (borrowed), made on first use, when a
/// subclass's `__init__` runs again with the constructor's arguments.
unsafe fn local_dict(op: *mut PyObject) -> PyResult<*mut PyObject> {
    let tdict = pystate::thread_dict();
    if tdict.is_null() {
        return Err(errors::system_error("Couldn't get thread-state dictionary"));
    }
    let l = local(op);
    if let Some(dummy) = dictobject::get_item(tdict, (*l).key)? {
        return Ok((*(dummy as *mut LocalDummy)).localdict);
    }
    let ldict = local_create_dummy(op)?;
    let tp = object::py_type(op);
    let base_init = crate::objects::typeobject::PyBaseObject_Type.tp_init;
    if (*tp).tp_init.map(|f| f as usize) != base_init.map(|f| f as usize) {
        let init = (*tp).tp_init.expect("checked above");
        if init(op, (*l).args, (*l).kw) < 0 {
            // Forget the dict so that the next access tries __init__ again.
            let (t, v, tb) = errors::fetch();
            if dictobject::del_item(tdict, (*l).key).is_err() {
                errors::clear();
            }
            return Err(errors::restore(t, v, tb));
        }
    }
    Ok(ldict)
}

/// `_localdummy_destroyed(localweakref, dummyweakref)`: a thread's dummy died; its dict leaves
/// the `_local` if that is still alive.
unsafe extern "C" fn localdummy_destroyed(localweakref: *mut PyObject, dummyweakref: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let obj = crate::objects::weakrefobject::get_object(localweakref)?;
        if obj == object::none() {
            return Ok(object::new_none());
        }
        let keep = object::new_ref(obj);
        let dummies = (*local(keep.as_ptr())).dummies;
        if !dummies.is_null() {
            let r = match dictobject::get_item(dummies, dummyweakref) {
                Ok(Some(_)) => dictobject::del_item(dummies, dummyweakref),
                Ok(None) => Ok(()),
                Err(e) => Err(e),
            };
            if r.is_err() {
                errors::write_unraisable(keep.as_ptr());
            }
        }
        Ok(object::new_none())
    })())
}

static mut LOCALDUMMY_DESTROYED_DEF: PyMethodDef =
    meth(c"_localdummy_destroyed", localdummy_destroyed, crate::abi::methodobject::METH_O);

unsafe extern "C" fn local_new(tp: *mut PyTypeObject, a: *mut PyObject, kw: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let base_init = crate::objects::typeobject::PyBaseObject_Type.tp_init;
        if (*tp).tp_init.map(|f| f as usize) == base_init.map(|f| f as usize)
            && ((!a.is_null() && object::is_true(a)?) || (!kw.is_null() && object::is_true(kw)?))
        {
            return Err(errors::type_error("Initialization arguments are not supported"));
        }
        let alloc = (*tp).tp_alloc.ok_or_else(|| errors::no_memory())?;
        let me = Ref::from_result(alloc(tp, 0))?;
        let l = local(me.as_ptr());
        (*l).args = if a.is_null() { null_mut() } else { object::new_ref(a).into_raw() };
        (*l).kw = if kw.is_null() { null_mut() } else { object::new_ref(kw).into_raw() };
        (*l).key = ustr::new_str(&format!("thread.local.{:p}", me.as_ptr()))?.into_raw();
        (*l).dummies = dictobject::new()?.into_raw();
        // The callback refers to the _local weakly: no cycle through the thread states.
        let wr = crate::objects::weakrefobject::new_ref(me.as_ptr(), null_mut())?;
        (*l).wr_callback = crate::objects::methodobject::new_cfunction(
            &raw mut LOCALDUMMY_DESTROYED_DEF,
            wr.as_ptr(),
            null_mut(),
            null_mut(),
        )?
        .into_raw();
        local_create_dummy(me.as_ptr())?;
        Ok(me)
    })())
}

unsafe extern "C" fn local_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let l = local(op);
    for p in [object::py_type(op).cast(), (*l).args, (*l).kw, (*l).dummies] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn local_clear(op: *mut PyObject) -> c_int {
    let l = local(op);
    for slot in [&raw mut (*l).args, &raw mut (*l).kw, &raw mut (*l).dummies, &raw mut (*l).wr_callback] {
        object::xdecref(core::mem::replace(&mut *slot, null_mut()));
    }
    // Drop the dummies (and so the dicts) this _local left in every thread's state.
    if !(*l).key.is_null() {
        for tdict in pystate::thread_dicts(pystate::current_interpreter()) {
            if dictobject::pop(tdict.as_ptr(), (*l).key, object::none()).is_err() {
                errors::clear();
            }
        }
    }
    0
}

unsafe extern "C" fn local_dealloc(op: *mut PyObject) {
    let l = local(op);
    // Weak references go first: the callbacks below must not see a dying object.
    if !(*l).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    crate::mem::gc::untrack(op);
    local_clear(op);
    object::xdecref(core::mem::replace(&mut (*l).key, null_mut()));
    let tp = object::py_type(op);
    match (*tp).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
    object::decref(tp.cast());
}

unsafe fn is_dict_name(name: *mut PyObject) -> PyResult<bool> {
    let dunder = ustr::new_str("__dict__")?;
    object::rich_compare_bool(name, dunder.as_ptr(), object::Py_EQ)
}

unsafe extern "C" fn local_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let ldict = local_dict(op)?;
        if is_dict_name(name)? {
            return Ok(object::new_ref(ldict));
        }
        // The base type looks in the dict first; subclasses get the generic order.
        if object::py_type(op).cast() == LOCAL_TYPE.load(Ordering::Relaxed) {
            if let Some(v) = dictobject::get_item(ldict, name)? {
                return Ok(object::new_ref(v));
            }
        }
        Ok(object::generic_get_attr_with_dict(op, name, ldict, false)?.expect("not suppressed"))
    })())
}

unsafe extern "C" fn local_setattro(op: *mut PyObject, name: *mut PyObject, v: *mut PyObject) -> c_int {
    errors::int_result((|| {
        let ldict = local_dict(op)?;
        if is_dict_name(name)? {
            return Err(errors::set_string(
                exc::PyExc_AttributeError,
                &format!(
                    "'{}' object attribute '{}' is read-only",
                    object::type_name_of(object::py_type(op)),
                    ustr::to_string_lossy(name)
                ),
            ));
        }
        object::generic_set_attr_with_dict(op, name, v, ldict)
    })())
}

static mut LOCAL_MEMBERS: [crate::abi::structmember::PyMemberDef; 2] = [
    crate::abi::structmember::PyMemberDef {
        name: c"__weaklistoffset__".as_ptr(),
        type_: crate::abi::structmember::T_PYSSIZET,
        offset: core::mem::offset_of!(LocalObject, weakreflist) as Py_ssize_t,
        flags: crate::abi::structmember::READONLY,
        doc: core::ptr::null(),
    },
    crate::abi::structmember::PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];
static mut LOCAL_DUMMY_MEMBERS: [crate::abi::structmember::PyMemberDef; 2] = [
    crate::abi::structmember::PyMemberDef {
        name: c"__weaklistoffset__".as_ptr(),
        type_: crate::abi::structmember::T_PYSSIZET,
        offset: core::mem::offset_of!(LocalDummy, weakreflist) as Py_ssize_t,
        flags: crate::abi::structmember::READONLY,
        doc: core::ptr::null(),
    },
    crate::abi::structmember::PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];

/// Makes the `_local` and `_localdummy` heap types (as CPython's specs describe them).
unsafe fn make_local_types() -> PyResult<Ref> {
    use crate::abi::object::{PyType_Slot, PyType_Spec};
    let slot = |slot: c_int, p: *mut c_void| PyType_Slot { slot, pfunc: p };
    let end = || PyType_Slot { slot: 0, pfunc: null_mut() };
    let mut dummy_slots = [
        slot(52, localdummy_dealloc as *mut c_void),
        slot(56, c"Thread-local dummy".as_ptr() as *mut c_void),
        slot(72, (&raw mut LOCAL_DUMMY_MEMBERS).cast()),
        end(),
    ];
    let mut dummy_spec = PyType_Spec {
        name: c"_thread._localdummy".as_ptr(),
        basicsize: core::mem::size_of::<LocalDummy>() as c_int,
        itemsize: 0,
        flags: (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE) as core::ffi::c_uint,
        slots: dummy_slots.as_mut_ptr(),
    };
    let dummy = crate::objects::typeobject::from_module_and_spec(null_mut(), &mut dummy_spec, null_mut())?;
    let mut local_slots = [
        slot(52, local_dealloc as *mut c_void),
        slot(58, local_getattro as *mut c_void),
        slot(69, local_setattro as *mut c_void),
        slot(56, c"Thread-local data".as_ptr() as *mut c_void),
        slot(71, local_traverse as *mut c_void),
        slot(51, local_clear as *mut c_void),
        slot(65, local_new as *mut c_void),
        slot(72, (&raw mut LOCAL_MEMBERS).cast()),
        end(),
    ];
    let mut local_spec = PyType_Spec {
        name: c"_thread._local".as_ptr(),
        basicsize: core::mem::size_of::<LocalObject>() as c_int,
        itemsize: 0,
        flags: (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE)
            as core::ffi::c_uint,
        slots: local_slots.as_mut_ptr(),
    };
    let local_type = crate::objects::typeobject::from_module_and_spec(null_mut(), &mut local_spec, null_mut())?;
    object::xdecref(LOCAL_DUMMY_TYPE.swap(dummy.into_raw(), Ordering::Relaxed));
    object::xdecref(LOCAL_TYPE.swap(object::new_ref(local_type.as_ptr()).into_raw(), Ordering::Relaxed));
    Ok(local_type)
}

// ---- excepthook ----

static mut EXCEPTHOOK_ARGS_FIELDS: [crate::abi::structseq::PyStructSequence_Field; 5] = [
    crate::abi::structseq::PyStructSequence_Field { name: c"exc_type".as_ptr(), doc: c"Exception type".as_ptr() },
    crate::abi::structseq::PyStructSequence_Field { name: c"exc_value".as_ptr(), doc: c"Exception value".as_ptr() },
    crate::abi::structseq::PyStructSequence_Field { name: c"exc_traceback".as_ptr(), doc: c"Exception traceback".as_ptr() },
    crate::abi::structseq::PyStructSequence_Field { name: c"thread".as_ptr(), doc: c"Thread".as_ptr() },
    crate::abi::structseq::PyStructSequence_Field { name: core::ptr::null(), doc: core::ptr::null() },
];
static mut EXCEPTHOOK_ARGS_DESC: crate::abi::structseq::PyStructSequence_Desc = crate::abi::structseq::PyStructSequence_Desc {
    name: c"_thread._ExceptHookArgs".as_ptr(),
    doc: c"ExceptHookArgs\n\nType used to pass arguments to threading.excepthook.".as_ptr(),
    fields: (&raw mut EXCEPTHOOK_ARGS_FIELDS).cast(),
    n_in_sequence: 4,
};
/// `_ExceptHookArgs` of the current module (a strong reference, as LOCAL_TYPE).
static EXCEPTHOOK_ARGS_TYPE: AtomicPtr<PyObject> = AtomicPtr::new(null_mut());

/// `print(f"Exception in thread {thread.name}:", file=file)`, the traceback, `file.flush()`.
unsafe fn excepthook_file(
    file: *mut PyObject,
    exc_type: *mut PyObject,
    exc_value: *mut PyObject,
    exc_tb: *mut PyObject,
    thread: *mut PyObject,
) -> PyResult<()> {
    use crate::objects::fileobject::{write_object, write_string};
    write_string(b"Exception in thread ", file)?;
    let name = if thread != object::none() { object::lookup_attr_str(thread, "name")? } else { None };
    match name {
        Some(name) => write_object(name.as_ptr(), file, crate::objects::fileobject::PY_PRINT_RAW)?,
        None => {
            let ident = ustr::new_str(&pythread::thread_ident().to_string())?;
            write_object(ident.as_ptr(), file, crate::objects::fileobject::PY_PRINT_RAW)?;
        }
    }
    write_string(b":\n", file)?;
    crate::lifecycle::errdisplay::display_to(file, exc_type, exc_value, exc_tb);
    drop(crate::objects::call::call_method_str(file, "flush", &[])?);
    Ok(())
}

/// `_excepthook(args)`: threading.excepthook's default, printing an uncaught exception of a
/// thread to sys.stderr (or the thread's `_stderr` when sys.stderr is None).
unsafe extern "C" fn excepthook(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if object::py_type(a).cast() != EXCEPTHOOK_ARGS_TYPE.load(Ordering::Relaxed) {
            return Err(errors::type_error("_thread.excepthook argument type must be ExceptHookArgs"));
        }
        let item = |i| crate::objects::structseq::get_item(a, i);
        let exc_type = item(0);
        if exc_type == exc::PyExc_SystemExit {
            return Ok(object::new_none());
        }
        let (exc_value, exc_tb, thread) = (item(1), item(2), item(3));
        let stderr = crate::modules::sysmodule::get_object("stderr");
        let file = if stderr.is_null() || stderr == object::none() {
            if thread == object::none() {
                return Ok(object::new_none());
            }
            let f = object::get_attr_str(thread, "_stderr")?;
            if f.as_ptr() == object::none() {
                return Ok(object::new_none());
            }
            f
        } else {
            object::new_ref(stderr)
        };
        excepthook_file(file.as_ptr(), exc_type, exc_value, exc_tb, thread)?;
        Ok(object::new_none())
    })())
}

type FastKwFn = args::FastKwFn;

fn methods() -> Vec<PyMethodDef> {
    let fastkw = |name: &'static core::ffi::CStr, f: FastKwFn| PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: as in `kwmeth`.
        ml_meth: Some(unsafe { core::mem::transmute::<FastKwFn, BinFn>(f) }),
        ml_flags: crate::abi::methodobject::METH_FASTCALL | METH_KEYWORDS,
        ml_doc: core::ptr::null(),
    };
    vec![
        meth(c"start_new_thread", start_new_thread, METH_VARARGS),
        meth(c"start_new", start_new_thread, METH_VARARGS),
        meth(c"allocate_lock", allocate_lock, METH_NOARGS),
        meth(c"allocate", allocate_lock, METH_NOARGS),
        meth(c"exit_thread", exit_thread, METH_NOARGS),
        meth(c"exit", exit_thread, METH_NOARGS),
        fastkw(c"interrupt_main", interrupt_main),
        meth(c"get_ident", get_ident, METH_NOARGS),
        meth(c"get_native_id", get_native_id, METH_NOARGS),
        meth(c"_count", count, METH_NOARGS),
        meth(c"stack_size", stack_size, METH_VARARGS),
        meth(c"_set_sentinel", set_sentinel, METH_NOARGS),
        PyMethodDef {
            ml_name: c"_excepthook".as_ptr(),
            ml_meth: Some(excepthook),
            ml_flags: crate::abi::methodobject::METH_O,
            ml_doc: c"excepthook(exc_type, exc_value, exc_traceback, thread)\n\nHandle uncaught Thread.run() exception.".as_ptr(),
        },
    ]
}

/// `PyInit__thread`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        crate::objects::typeobject::ready(&raw mut LOCK_TYPE)?;
        crate::objects::typeobject::ready(&raw mut RLOCK_TYPE)?;
        let m = args::create_module(c"_thread", c"This module provides primitive operations to write multi-threaded programs.\nThe 'threading' module provides a more convenient interface.", methods)?;
        args::add(m.as_ptr(), "LockType", (&raw mut LOCK_TYPE).cast())?;
        args::add(m.as_ptr(), "RLock", (&raw mut RLOCK_TYPE).cast())?;
        args::add(m.as_ptr(), "error", exc::PyExc_RuntimeError)?;
        let tm = crate::objects::floatobject::from_f64(TIMEOUT_MAX_SECONDS)?;
        args::add(m.as_ptr(), "TIMEOUT_MAX", tm.as_ptr())?;
        let local_type = make_local_types()?;
        args::add(m.as_ptr(), "_local", local_type.as_ptr())?;
        let hook_args = crate::objects::structseq::new_type(&raw mut EXCEPTHOOK_ARGS_DESC, 0)?;
        object::xdecref(EXCEPTHOOK_ARGS_TYPE.swap(object::new_ref(hook_args.as_ptr()).into_raw(), Ordering::Relaxed));
        args::add(m.as_ptr(), "_ExceptHookArgs", hook_args.as_ptr())?;
        Ok(m)
    })())
}

#[cfg(test)]
pub(crate) mod tests {
    //! Run from `codecsmodule::tests`. Expected values are python3.11's.
    use super::*;
    use crate::modules::codecsmodule::tests::{call, show};

    /// A thread body: acquires the lock passed as argument 0 (held by the main thread), so
    /// it blocks until the main thread releases it, then releases it again.
    unsafe extern "C" fn worker(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
        let lock = *tupleobject::items(a);
        let r = lock_acquire(lock, tupleobject::pack(&[]).unwrap().as_ptr(), null_mut());
        object::xdecref(r);
        lock_release(lock, null_mut())
    }
    static mut WORKER_DEF: PyMethodDef = meth(c"worker", worker, METH_VARARGS);

    pub(crate) unsafe fn run() {
        let m = Ref::from_raw(init_module());
        let lock = crate::objects::call::call_no_args(
            object::get_attr_str(m.as_ptr(), "allocate_lock")
                .unwrap()
                .as_ptr(),
        )
        .unwrap();
        let repr = show(Ok(lock.clone()));
        assert!(
            repr.starts_with("<unlocked _thread.lock object at 0x"),
            "{repr}"
        );
        let f = crate::objects::boolobject::from_bool(false);
        let t = crate::objects::boolobject::from_bool(true);
        let one = longobject::from_i64(1).unwrap();
        let neg = longobject::from_i64(-2).unwrap();
        assert_eq!(call(lock.as_ptr(), "acquire", &[]), "True");
        assert!(show(Ok(lock.clone())).starts_with("<locked _thread.lock object"));
        assert_eq!(
            call(lock.as_ptr(), "acquire", &[f.as_ptr(), one.as_ptr()]),
            "ValueError: can't specify a timeout for a non-blocking call"
        );
        assert_eq!(
            call(lock.as_ptr(), "acquire", &[t.as_ptr(), neg.as_ptr()]),
            "ValueError: timeout value must be positive"
        );
        // A timed wait on a held lock gives up after the timeout.
        let short = crate::objects::floatobject::from_f64(0.05).unwrap();
        let start = std::time::Instant::now();
        assert_eq!(
            call(lock.as_ptr(), "acquire", &[t.as_ptr(), short.as_ptr()]),
            "False"
        );
        assert!(start.elapsed() >= std::time::Duration::from_millis(50));
        assert_eq!(call(lock.as_ptr(), "locked", &[]), "True");
        // Another thread blocks on the lock until this one releases it.
        let started = call(m.as_ptr(), "_count", &[]);
        assert_eq!(started, "0");
        let w = crate::objects::methodobject::new_cfunction(
            &raw mut WORKER_DEF,
            null_mut(),
            null_mut(),
            null_mut(),
        )
        .unwrap();
        let wargs = tupleobject::pack(&[lock.as_ptr()]).unwrap();
        let ident = call(
            m.as_ptr(),
            "start_new_thread",
            &[w.as_ptr(), wargs.as_ptr()],
        );
        assert!(ident.parse::<u64>().is_ok(), "{ident}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(call(lock.as_ptr(), "release", &[]), "None");
        // Wait (with the GIL released) for the worker to take and give back the lock.
        let long_wait = crate::objects::floatobject::from_f64(5.0).unwrap();
        let mut reacquired = false;
        for _ in 0..100 {
            let ts = ceval_gil::save_thread();
            std::thread::sleep(std::time::Duration::from_millis(10));
            ceval_gil::restore_thread(ts);
            if call(m.as_ptr(), "_count", &[]) == "0"
                && call(lock.as_ptr(), "locked", &[]) == "False"
            {
                assert_eq!(
                    call(lock.as_ptr(), "acquire", &[t.as_ptr(), long_wait.as_ptr()]),
                    "True"
                );
                reacquired = true;
                break;
            }
        }
        assert!(reacquired);
        assert_eq!(call(lock.as_ptr(), "release", &[]), "None");
        assert_eq!(
            call(lock.as_ptr(), "release", &[]),
            "RuntimeError: release unlocked lock"
        );

        // RLock: re-entrant, owner-checked.
        let rl = crate::objects::call::call_no_args(
            object::get_attr_str(m.as_ptr(), "RLock").unwrap().as_ptr(),
        )
        .unwrap();
        assert!(show(Ok(rl.clone()))
            .starts_with("<unlocked _thread.RLock object owner=0 count=0 at 0x"));
        assert_eq!(call(rl.as_ptr(), "acquire", &[]), "True");
        assert_eq!(call(rl.as_ptr(), "acquire", &[]), "True");
        let me = pythread::thread_ident();
        assert!(show(Ok(rl.clone())).starts_with(&format!(
            "<locked _thread.RLock object owner={me} count=2 at"
        )));
        assert_eq!(call(rl.as_ptr(), "_is_owned", &[]), "True");
        assert_eq!(
            call(rl.as_ptr(), "_release_save", &[]),
            format!("(2, {me})")
        );
        assert_eq!(
            call(rl.as_ptr(), "release", &[]),
            "RuntimeError: cannot release un-acquired lock"
        );
        assert_eq!(
            show(Ok(object::get_attr_str(m.as_ptr(), "TIMEOUT_MAX").unwrap())),
            "9223372036.0"
        );
        assert_eq!(
            show(Ok(object::get_attr_str(m.as_ptr(), "error").unwrap())),
            "<class 'RuntimeError'>"
        );
        assert_eq!(call(m.as_ptr(), "get_ident", &[]), me.to_string());
        assert_eq!(call(m.as_ptr(), "stack_size", &[]), "0");
    }
}
