//! The signal part of libpython's C API (Modules/signalmodule.c): PyErr_CheckSignals,
//! PyErr_SetInterrupt(Ex), PyOS_InterruptOccurred, PyOS_getsig/setsig, _Py_RestoreSignals.
//! Wrappers over `ferrython_runtime::modules::signalmodule`.

use ferrython_runtime::errors;
use ferrython_runtime::modules::signalmodule as sig;
use std::ffi::c_int;

/// A C signal handler (`PyOS_sighandler_t`).
#[allow(non_camel_case_types)] // the C header's name
pub type PyOS_sighandler_t = libc::sighandler_t;

exported!(fn PyErr_CheckSignals() -> c_int => errors::int_result(sig::check_signals()));
exported!(fn _PyErr_CheckSignals() -> c_int => errors::int_result(sig::check_signals()));
exported!(fn PyErr_SetInterrupt() => { sig::set_interrupt_ex(libc::SIGINT); });
exported!(fn PyErr_SetInterruptEx(signum: c_int) -> c_int => sig::set_interrupt_ex(signum));
exported!(fn PyOS_InterruptOccurred() -> c_int => sig::interrupt_occurred() as c_int);
exported!(fn _PyOS_InterruptOccurred(_tstate: *mut std::ffi::c_void) -> c_int => sig::interrupt_occurred() as c_int);
exported!(fn _PyOS_IsMainThread() -> c_int => sig::is_main_thread() as c_int);
exported!(fn PyOS_getsig(signum: c_int) -> PyOS_sighandler_t => sig::os_getsig(signum));
exported!(fn PyOS_setsig(signum: c_int, handler: PyOS_sighandler_t) -> PyOS_sighandler_t => sig::os_setsig(signum, handler));
exported!(
    /// `_Py_RestoreSignals`: SIGPIPE and SIGXFSZ back to SIG_DFL (in a child before exec).
    fn _Py_RestoreSignals() => sig::restore_default_signals()
);
