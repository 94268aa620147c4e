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
