//! `pythread.h` / `cpython/pythread.h`: threads, locks and thread-specific storage. Wrappers over
//! `ferrython_runtime::lifecycle::pythread`.

use ferrython_runtime::abi::pythread::{PyThread_type_lock, Py_tss_t};
use ferrython_runtime::lifecycle::pythread as t;
use std::ffi::{c_int, c_ulong, c_void};

exported!(fn PyThread_init_thread() => t::init_thread());
exported!(fn PyThread_get_thread_ident() -> c_ulong => t::thread_ident());
exported!(fn PyThread_get_thread_native_id() -> c_ulong => t::thread_native_id());
exported!(fn PyThread_start_new_thread(func: Option<unsafe extern "C" fn(*mut c_void)>, arg: *mut c_void) -> c_ulong => {
    match func {
        Some(f) => t::start_new_thread(f, arg),
        None => t::INVALID_THREAD_ID,
    }
});
exported!(fn PyThread_exit_thread() => t::exit_thread());
exported!(fn PyThread_allocate_lock() -> PyThread_type_lock => t::allocate_lock());
exported!(fn PyThread_free_lock(lock: PyThread_type_lock) => t::free_lock(lock));
exported!(fn PyThread_acquire_lock(lock: PyThread_type_lock, waitflag: c_int) -> c_int => t::acquire_lock(lock, waitflag));
exported!(
    /// `PY_TIMEOUT_T` is `long long` microseconds; returns a `PyLockStatus`.
    fn PyThread_acquire_lock_timed(lock: PyThread_type_lock, microseconds: i64, intr_flag: c_int) -> c_int =>
        t::acquire_lock_timed(lock, microseconds, intr_flag != 0)
);
exported!(fn PyThread_release_lock(lock: PyThread_type_lock) => t::release_lock(lock));
exported!(fn PyThread_get_stacksize() -> usize => t::get_stacksize());
exported!(fn PyThread_set_stacksize(size: usize) -> c_int => t::set_stacksize(size));

exported!(fn PyThread_tss_alloc() -> *mut Py_tss_t => t::tss_alloc());
exported!(fn PyThread_tss_free(key: *mut Py_tss_t) => t::tss_free(key));
exported!(fn PyThread_tss_is_created(key: *mut Py_tss_t) -> c_int => (*key)._is_initialized);
exported!(fn PyThread_tss_create(key: *mut Py_tss_t) -> c_int => t::tss_create(key));
exported!(fn PyThread_tss_delete(key: *mut Py_tss_t) => t::tss_delete(key));
exported!(fn PyThread_tss_set(key: *mut Py_tss_t, value: *mut c_void) -> c_int => t::tss_set(key, value));
exported!(fn PyThread_tss_get(key: *mut Py_tss_t) -> *mut c_void => t::tss_get(key));

// The old TLS API (deprecated in 3.7, still exported by 3.11), on pthread keys.
exported!(fn PyThread_create_key() -> c_int => t::create_key());
exported!(fn PyThread_delete_key(key: c_int) => { libc::pthread_key_delete(key as libc::pthread_key_t); });
exported!(fn PyThread_set_key_value(key: c_int, value: *mut c_void) -> c_int =>
    if libc::pthread_setspecific(key as libc::pthread_key_t, value) != 0 { -1 } else { 0 });
exported!(fn PyThread_get_key_value(key: c_int) -> *mut c_void => libc::pthread_getspecific(key as libc::pthread_key_t));
exported!(fn PyThread_delete_key_value(key: c_int) => { libc::pthread_setspecific(key as libc::pthread_key_t, std::ptr::null()); });
exported!(
    /// Nothing to do after fork with pthread keys.
    fn PyThread_ReInitTLS() => ()
);

