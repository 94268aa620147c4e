//! `pyerrors.h` / `cpython/pyerrors.h`: the error indicator. Wrappers over
//! `ferrython_runtime::errors`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors;
use std::ffi::{c_char, c_int, CStr};
use std::ptr::null_mut;

exported!(fn PyErr_Occurred() -> *mut PyObject => errors::occurred());
exported!(fn PyErr_Clear() => errors::clear());
exported!(
    /// Steals the three references.
    fn PyErr_Restore(ty: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) => {
        let _ = errors::restore(ty, value, tb);
    }
);
exported!(
    /// Hands out owned references (NULL when clear).
    fn PyErr_Fetch(ty: *mut *mut PyObject, value: *mut *mut PyObject, tb: *mut *mut PyObject) => {
        let (t, v, b) = errors::fetch();
        *ty = t;
        *value = v;
        *tb = b;
    }
);
exported!(fn PyErr_SetObject(ty: *mut PyObject, value: *mut PyObject) => {
    let _ = errors::set_object(ty, value);
});
exported!(fn PyErr_SetNone(ty: *mut PyObject) => {
    let _ = errors::set_none(ty);
});
exported!(
    /// `msg` is UTF-8. FIXME(unicode): invalid UTF-8 must set the UnicodeDecodeError that
    /// CPython's PyUnicode_FromString raises instead; for now it is decoded with "replace".
    fn PyErr_SetString(ty: *mut PyObject, msg: *const c_char) => {
        let bytes = CStr::from_ptr(msg).to_bytes();
        let _ = match std::str::from_utf8(bytes) {
            Ok(text) => errors::set_string(ty, text),
            Err(_) => errors::set_string(ty, &String::from_utf8_lossy(bytes)),
        };
    }
);
exported!(fn PyErr_NoMemory() -> *mut PyObject => {
    let _ = errors::no_memory();
    null_mut()
});
exported!(fn PyErr_BadArgument() -> c_int => {
    let _ = errors::bad_argument();
    0
});
exported!(fn PyErr_BadInternalCall() => {
    let _ = errors::bad_internal_call();
});
exported!(
    /// What the `PyErr_BadInternalCall()` macro calls: the message names the caller's
    /// `__FILE__:__LINE__`.
    fn _PyErr_BadInternalCall(filename: *const c_char, lineno: c_int) => {
        let file = CStr::from_ptr(filename).to_string_lossy();
        let _ = errors::system_error(&format!("{file}:{lineno}: bad argument to internal function"));
    }
);
