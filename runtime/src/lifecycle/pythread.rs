//! OS threads, locks and thread-specific storage (CPython's Python/thread.c and
//! thread_pthread.h): `PyThread_*`. Locks are POSIX semaphores, as CPython uses on Linux, so a
//! lock may be released by another thread than the one that acquired it.

use crate::abi::pythread::{PyThread_type_lock, Py_tss_t};
use core::ffi::{c_int, c_void};
use core::sync::atomic::{AtomicBool, Ordering};

/// `PY_LOCK_FAILURE`, `PY_LOCK_ACQUIRED`, `PY_LOCK_INTR` (`PyLockStatus`).
pub const PY_LOCK_FAILURE: c_int = 0;
pub const PY_LOCK_ACQUIRED: c_int = 1;
pub const PY_LOCK_INTR: c_int = 2;

/// `PYTHREAD_INVALID_THREAD_ID`.
pub const INVALID_THREAD_ID: libc::c_ulong = libc::c_ulong::MAX;

/// `THREAD_STACK_MIN`: the smallest stack `threading.stack_size` accepts.
pub const THREAD_STACK_MIN: usize = 0x8000;

static INITIALIZED: AtomicBool = AtomicBool::new(false);

/// `PyThread_init_thread`.
pub fn init_thread() {
    INITIALIZED.store(true, Ordering::Relaxed);
}

/// `PyThread_get_thread_ident`: the `pthread_t` of the calling thread.
pub fn thread_ident() -> libc::c_ulong {
    init_thread();
    // SAFETY: pthread_self has no preconditions.
    unsafe { libc::pthread_self() as libc::c_ulong }
}

/// `PyThread_get_thread_native_id`: the kernel's thread id.
pub fn thread_native_id() -> libc::c_ulong {
    init_thread();
    // SAFETY: gettid has no preconditions.
    unsafe { libc::syscall(libc::SYS_gettid) as libc::c_ulong }
}

struct StartArgs {
    func: unsafe extern "C" fn(*mut c_void),
    arg: *mut c_void,
}

extern "C" fn thread_entry(raw: *mut c_void) -> *mut c_void {
    // SAFETY: `raw` is the Box leaked by start_new_thread, taken back exactly once here.
    let start = unsafe { Box::from_raw(raw as *mut StartArgs) };
    // SAFETY: the caller of PyThread_start_new_thread promised func(arg) is callable.
    crate::lifecycle::fatal::fatal_on_panic("PyThread_start_new_thread", || unsafe { (start.func)(start.arg) });
    core::ptr::null_mut()
}

/// `PyThread_start_new_thread(func, arg)`: a detached thread with the interpreter's stack size
/// (when set); its identifier, or [`INVALID_THREAD_ID`].
///
/// # Safety
/// `func(arg)` must be safe to run on another thread.
pub unsafe fn start_new_thread(func: unsafe extern "C" fn(*mut c_void), arg: *mut c_void) -> libc::c_ulong {
    init_thread();
    let mut attrs: libc::pthread_attr_t = core::mem::zeroed();
    if libc::pthread_attr_init(&mut attrs) != 0 {
        return INVALID_THREAD_ID;
    }
    let interp = crate::lifecycle::pystate::current_interpreter();
    let stacksize = if interp.is_null() { 0 } else { (*interp).threads.stacksize };
    if stacksize != 0 && libc::pthread_attr_setstacksize(&mut attrs, stacksize) != 0 {
        libc::pthread_attr_destroy(&mut attrs);
        return INVALID_THREAD_ID;
    }
    // (CPython also asks for PTHREAD_SCOPE_SYSTEM: the only scope Linux threads have.)
    let start = Box::into_raw(Box::new(StartArgs { func, arg }));
    let mut th: libc::pthread_t = 0;
    let status = libc::pthread_create(&mut th, &attrs, thread_entry, start.cast());
    libc::pthread_attr_destroy(&mut attrs);
    if status != 0 {
        drop(Box::from_raw(start));
        return INVALID_THREAD_ID;
    }
    libc::pthread_detach(th);
    th as libc::c_ulong
}

/// `PyThread_exit_thread`.
pub fn exit_thread() -> ! {
    if !INITIALIZED.load(Ordering::Relaxed) {
        std::process::exit(0);
    }
    // SAFETY: ends the calling thread; no Rust frames with destructors that matter remain
    // above C callers of this function.
    unsafe { libc::pthread_exit(core::ptr::null_mut()) }
}

/// `PyThread_allocate_lock`: a new, unlocked lock, or NULL.
pub fn allocate_lock() -> PyThread_type_lock {
    init_thread();
    // SAFETY: RAW-domain memory for one semaphore, initialised before use.
    unsafe {
        let sem = crate::mem::raw_malloc(core::mem::size_of::<libc::sem_t>()) as *mut libc::sem_t;
        if sem.is_null() {
            return core::ptr::null_mut();
        }
        if libc::sem_init(sem, 0, 1) != 0 {
            crate::mem::raw_free(sem.cast());
            return core::ptr::null_mut();
        }
        sem.cast()
    }
}

/// `PyThread_free_lock`.
///
/// # Safety
/// `lock` came from [`allocate_lock`] and nobody waits on it.
pub unsafe fn free_lock(lock: PyThread_type_lock) {
    libc::sem_destroy(lock.cast());
    crate::mem::raw_free(lock);
}

/// The absolute CLOCK_REALTIME time `us` microseconds from now (what `sem_timedwait` takes).
fn deadline_after(us: i64) -> libc::timespec {
    let mut now: libc::timespec = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: writing the current time into a local.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut now) };
    let total_ns = now.tv_nsec as i64 + (us % 1_000_000) * 1000;
    libc::timespec {
        tv_sec: now.tv_sec + (us / 1_000_000) as libc::time_t + (total_ns / 1_000_000_000) as libc::time_t,
        tv_nsec: (total_ns % 1_000_000_000) as _,
    }
}

/// `PyThread_acquire_lock_timed(lock, microseconds, intr_flag)`: `microseconds` < 0 waits
/// forever, 0 tries once. With `intr_flag`, a signal interrupting the wait returns
/// [`PY_LOCK_INTR`] (the caller runs signal handlers and retries); without it the wait goes on.
///
/// # Safety
/// `lock` came from [`allocate_lock`].
pub unsafe fn acquire_lock_timed(lock: PyThread_type_lock, microseconds: i64, intr_flag: bool) -> c_int {
    let sem = lock as *mut libc::sem_t;
    let deadline = (microseconds > 0).then(|| deadline_after(microseconds));
    loop {
        let status = if microseconds == 0 {
            libc::sem_trywait(sem)
        } else if let Some(d) = &deadline {
            libc::sem_timedwait(sem, d)
        } else {
            libc::sem_wait(sem)
        };
        if status == 0 {
            return PY_LOCK_ACQUIRED;
        }
        let err = *libc::__errno_location();
        if err == libc::EINTR {
            if intr_flag {
                return PY_LOCK_INTR;
            }
            continue;
        }
        // EAGAIN (trywait) or ETIMEDOUT.
        return PY_LOCK_FAILURE;
    }
}

/// `PyThread_acquire_lock(lock, waitflag)`: 1 if acquired.
///
/// # Safety
/// `lock` came from [`allocate_lock`].
pub unsafe fn acquire_lock(lock: PyThread_type_lock, waitflag: c_int) -> c_int {
    acquire_lock_timed(lock, if waitflag != 0 { -1 } else { 0 }, false)
}

/// `PyThread_release_lock`.
///
/// # Safety
/// `lock` came from [`allocate_lock`] and is held.
pub unsafe fn release_lock(lock: PyThread_type_lock) {
    if libc::sem_post(lock.cast()) != 0 {
        crate::lifecycle::fatal::fatal_error("PyThread_release_lock", b"sem_post failed");
    }
}

/// `PyThread_get_stacksize`: the stack size new threads get, 0 for the system default.
pub fn get_stacksize() -> usize {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() {
        return 0;
    }
    // SAFETY: the current interpreter is live.
    unsafe { (*interp).threads.stacksize }
}

/// `PyThread_set_stacksize`: 0 restores the default; otherwise the size must be at least
/// [`THREAD_STACK_MIN`] and accepted by pthreads. 0 on success, -1 if invalid.
pub fn set_stacksize(size: usize) -> c_int {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() {
        return -1;
    }
    // SAFETY: the current interpreter is live; the attribute object is local.
    unsafe {
        if size == 0 {
            (*interp).threads.stacksize = 0;
            return 0;
        }
        if size < THREAD_STACK_MIN {
            return -1;
        }
        let mut attrs: libc::pthread_attr_t = core::mem::zeroed();
        if libc::pthread_attr_init(&mut attrs) != 0 {
            return -1;
        }
        let ok = libc::pthread_attr_setstacksize(&mut attrs, size) == 0;
        libc::pthread_attr_destroy(&mut attrs);
        if !ok {
            return -1;
        }
        (*interp).threads.stacksize = size;
        0
    }
}

/// `PyThread_tss_create`: creating an existing key does nothing. 0 on success.
///
/// # Safety
/// `key` points to a `Py_tss_t`.
pub unsafe fn tss_create(key: *mut Py_tss_t) -> c_int {
    if (*key)._is_initialized != 0 {
        return 0;
    }
    let mut k: libc::pthread_key_t = 0;
    if libc::pthread_key_create(&mut k, None) != 0 {
        return -1;
    }
    (*key)._key = k;
    (*key)._is_initialized = 1;
    0
}

/// `PyThread_tss_delete`.
///
/// # Safety
/// `key` points to a `Py_tss_t`.
pub unsafe fn tss_delete(key: *mut Py_tss_t) {
    if (*key)._is_initialized == 0 {
        return;
    }
    libc::pthread_key_delete((*key)._key);
    (*key)._is_initialized = 0;
}

/// `PyThread_tss_set`: 0 on success.
///
/// # Safety
/// `key` points to a created `Py_tss_t`.
pub unsafe fn tss_set(key: *mut Py_tss_t, value: *mut c_void) -> c_int {
    if libc::pthread_setspecific((*key)._key, value) != 0 { -1 } else { 0 }
}

/// `PyThread_tss_get`.
///
/// # Safety
/// `key` points to a created `Py_tss_t`.
pub unsafe fn tss_get(key: *mut Py_tss_t) -> *mut c_void {
    libc::pthread_getspecific((*key)._key)
}

/// `PyThread_tss_alloc`: a new, uncreated key in RAW memory, or NULL.
pub fn tss_alloc() -> *mut Py_tss_t {
    // SAFETY: RAW-domain memory for one key, initialised before it is returned.
    unsafe {
        let key = crate::mem::raw_malloc(core::mem::size_of::<Py_tss_t>()) as *mut Py_tss_t;
        if !key.is_null() {
            *key = Py_tss_t::NEEDS_INIT;
        }
        key
    }
}

/// `PyThread_tss_free`: deletes and frees (NULL is ignored).
///
/// # Safety
/// `key` is NULL or came from [`tss_alloc`].
pub unsafe fn tss_free(key: *mut Py_tss_t) {
    if !key.is_null() {
        tss_delete(key);
        crate::mem::raw_free(key.cast());
    }
}

/// `PyThread_create_key` (the old TLS API, on pthread keys): the key, or -1.
pub fn create_key() -> c_int {
    let mut k: libc::pthread_key_t = 0;
    // SAFETY: creating a key into a local.
    if unsafe { libc::pthread_key_create(&mut k, None) } != 0 {
        return -1;
    }
    if k > c_int::MAX as libc::pthread_key_t {
        // SAFETY: the key was just created.
        unsafe { libc::pthread_key_delete(k) };
        // SAFETY: errno is thread-local.
        unsafe { *libc::__errno_location() = libc::ENOMEM };
        return -1;
    }
    k as c_int
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_trylock_timeout_and_cross_thread_release() {
        let _runtime = crate::testing::hold_runtime();
        unsafe {
            let lock = allocate_lock();
            assert!(!lock.is_null());
            assert_eq!(acquire_lock(lock, 0), PY_LOCK_ACQUIRED);
            assert_eq!(acquire_lock(lock, 0), PY_LOCK_FAILURE);
            let t0 = std::time::Instant::now();
            assert_eq!(acquire_lock_timed(lock, 20_000, false), PY_LOCK_FAILURE);
            assert!(t0.elapsed() >= std::time::Duration::from_millis(19));
            // Released by another thread (a Python lock is not owned).
            let addr = lock as usize;
            std::thread::spawn(move || release_lock(addr as PyThread_type_lock)).join().unwrap();
            assert_eq!(acquire_lock_timed(lock, -1, false), PY_LOCK_ACQUIRED);
            release_lock(lock);
            free_lock(lock);
        }
    }

    #[test]
    fn tss_keys() {
        let _runtime = crate::testing::hold_runtime();
        unsafe {
            let key = tss_alloc();
            assert_eq!((*key)._is_initialized, 0);
            assert_eq!(tss_create(key), 0);
            assert_eq!(tss_create(key), 0, "creating twice is a no-op");
            assert!(tss_get(key).is_null());
            assert_eq!(tss_set(key, 42 as *mut c_void), 0);
            assert_eq!(tss_get(key) as usize, 42);
            let k = key as usize;
            let other = std::thread::spawn(move || tss_get(k as *mut Py_tss_t) as usize).join().unwrap();
            assert_eq!(other, 0, "values are per thread");
            tss_free(key);
        }
    }

    #[test]
    fn new_thread_runs_and_ids_differ() {
        let _runtime = crate::testing::hold_runtime();
        use std::sync::atomic::{AtomicUsize, Ordering};
        static RAN: AtomicUsize = AtomicUsize::new(0);
        unsafe extern "C" fn body(arg: *mut c_void) {
            RAN.store(arg as usize, Ordering::SeqCst);
        }
        unsafe {
            let id = start_new_thread(body, 7 as *mut c_void);
            assert_ne!(id, INVALID_THREAD_ID);
            assert_ne!(id, thread_ident());
            let t0 = std::time::Instant::now();
            while RAN.load(Ordering::SeqCst) != 7 {
                assert!(t0.elapsed() < std::time::Duration::from_secs(10));
                std::thread::yield_now();
            }
        }
    }
}
