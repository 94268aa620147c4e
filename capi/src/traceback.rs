//! `traceback.h`: printing a traceback to a file object. (`PyTraceBack_Here`, which records
//! an entry for a frame, needs the interpreter's frames and is exported with them.)

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors;
use ferrython_runtime::objects::{call, traceback, unicodeobject};
use std::ffi::c_int;

exported!(
    /// Writes `Traceback (most recent call last):` and the entries to `file` (its `write`).
    fn PyTraceBack_Print(tb: *mut PyObject, file: *mut PyObject) -> c_int => {
        if tb.is_null() {
            return 0;
        }
        if !traceback::is_traceback(tb) {
            let _ = errors::bad_internal_call_at("Python/traceback.c", 1071);
            return -1;
        }
        let text = traceback::format_traceback(tb);
        errors::int_result((|| {
            let s = unicodeobject::new_str(&text)?;
            call::call_method_str(file, "write", &[s.as_ptr()]).map(drop)
        })())
    }
);

exported!(
    /// Adds an entry for `frame` to the pending exception's traceback; 0 or -1.
    fn PyTraceBack_Here(frame: *mut ferrython_runtime::abi::pycore_frame::PyFrameObject) -> c_int =>
        errors::int_result(traceback::here(frame))
);
exported!(
    /// A new traceback entry for `frame` (at its current instruction) in front of `tb_next`.
    fn _PyTraceBack_FromFrame(tb_next: *mut PyObject, frame: *mut ferrython_runtime::abi::pycore_frame::PyFrameObject) -> *mut PyObject => {
        let fr = (*frame).f_frame;
        let lasti = ferrython_runtime::objects::frameobject::lasti(fr) * 2;
        let line = ferrython_runtime::objects::frameobject::get_line_number(frame);
        errors::ptr_result(traceback::create(tb_next, frame.cast(), lasti, line))
    }
);
exported!(
    /// Adds a traceback entry for a synthetic frame `funcname` at `filename:lineno`.
    fn _PyTraceback_Add(funcname: *const std::ffi::c_char, filename: *const std::ffi::c_char, lineno: c_int) =>
        traceback::add_synthetic(
            &std::ffi::CStr::from_ptr(funcname).to_string_lossy(),
            std::ffi::CStr::from_ptr(filename).to_bytes(),
            lineno,
        )
);
