//! The `faulthandler` built-in module's init function, and traceback.h's dumpers
//! (`_Py_DumpTraceback` & co), which faulthandler and embedders' crash handlers call.

use core::ffi::{c_char, c_int, c_ulong};
use ferrython_runtime::abi::pycore_interp::PyInterpreterState;
use ferrython_runtime::abi::pystate::PyThreadState;
use ferrython_runtime::abi::PyObject;
use ferrython_runtime::objects::traceback_dump as dump;

exported!(fn PyInit_faulthandler() -> *mut PyObject => ferrython_runtime::modules::faulthandler::init_module());
exported!(fn _Py_DumpTraceback(fd: c_int, tstate: *mut PyThreadState) => dump::dump_current(fd, tstate));
exported!(fn _Py_DumpTracebackThreads(fd: c_int, interp: *mut PyInterpreterState, current: *mut PyThreadState) -> *const c_char => {
    match dump::dump_threads(fd, interp, current) {
        None => core::ptr::null(),
        Some("unable to get the interpreter state") => c"unable to get the interpreter state".as_ptr(),
        Some(_) => c"unable to get the thread head state".as_ptr(),
    }
});
exported!(fn _Py_DumpASCII(fd: c_int, text: *mut PyObject) => dump::dump_ascii(fd, text));
exported!(fn _Py_DumpDecimal(fd: c_int, value: c_ulong) => dump::dump_decimal(fd, value as usize));
exported!(fn _Py_DumpHexadecimal(fd: c_int, value: c_ulong, width: usize) => dump::dump_hexadecimal(fd, value as usize, width));
exported!(fn _Py_DumpExtensionModules(fd: c_int, interp: *mut PyInterpreterState) => dump::dump_extension_modules(fd, interp));
