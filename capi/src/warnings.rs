//! The warnings C API (warnings.h; CPython's Python/_warnings.c): PyErr_WarnEx,
//! PyErr_WarnExplicit(Object), and the Rust halves of PyErr_WarnFormat, PyErr_ResourceWarning
//! and PyErr_WarnExplicitFormat (`_Fy_warn_*`, called from c/warnings.c with the message).

use core::ffi::{c_char, c_int, CStr};
use core::ptr::null_mut;
use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, int_result};
use ferrython_runtime::modules::warnings;

unsafe fn text<'a>(s: *const c_char) -> &'a str {
    CStr::from_ptr(s).to_str().unwrap_or("\u{fffd}")
}

exported!(fn PyErr_WarnEx(category: *mut PyObject, message: *const c_char, stack_level: Py_ssize_t) -> c_int => {
    if message.is_null() {
        return int_result(Err(errors::bad_internal_call()));
    }
    int_result(warnings::warn(category, text(message), stack_level))
});

exported!(fn PyErr_WarnExplicitObject(category: *mut PyObject, message: *mut PyObject, filename: *mut PyObject,
                                      lineno: c_int, module: *mut PyObject, registry: *mut PyObject) -> c_int => {
    int_result(warnings::warn_explicit_object(category, message, filename, lineno, module, registry, null_mut(), null_mut()))
});

exported!(fn PyErr_WarnExplicit(category: *mut PyObject, message: *const c_char, filename: *const c_char,
                                lineno: c_int, module: *const c_char, registry: *mut PyObject) -> c_int => {
    if message.is_null() || filename.is_null() {
        return int_result(Err(errors::bad_internal_call()));
    }
    // CPython decodes the file name with the filesystem encoding; UTF-8 with surrogateescape.
    let fname = CStr::from_ptr(filename).to_bytes();
    let r = (|| {
        let f = ferrython_runtime::codecs::decode_builtin(fname, "utf-8", Some("surrogateescape"))
            .unwrap_or_else(|| Err(errors::bad_internal_call()))?;
        let m = ferrython_runtime::objects::unicodeobject::new_str(text(message))?;
        let module = if module.is_null() {
            None
        } else {
            Some(ferrython_runtime::objects::unicodeobject::new_str(text(module))?)
        };
        warnings::warn_explicit_object(category, m.as_ptr(), f.as_ptr(), lineno,
            module.as_ref().map_or(null_mut(), |m| m.as_ptr()), registry, null_mut(), null_mut())
    })();
    int_result(r)
});

exported!(
    /// The Rust half of PyErr_WarnFormat / PyErr_ResourceWarning / _PyErr_WarnFormat: the
    /// message is already a str (NULL when formatting failed: -1 then).
    fn _Fy_warn_object(category: *mut PyObject, message: *mut PyObject, stack_level: Py_ssize_t, source: *mut PyObject) -> c_int => {
        if message.is_null() {
            return -1;
        }
        let category = if category.is_null() { ferrython_runtime::objects::exceptions::PyExc_RuntimeWarning } else { category };
        int_result(warnings::warn_object(category, message, stack_level, source))
    }
);

exported!(
    /// The Rust half of PyErr_WarnExplicitFormat.
    fn _Fy_warn_explicit_object(category: *mut PyObject, message: *mut PyObject, filename: *const c_char,
                                lineno: c_int, module: *const c_char, registry: *mut PyObject) -> c_int => {
        if message.is_null() {
            return -1;
        }
        let r = (|| {
            let f = ferrython_runtime::objects::unicodeobject::new_str(text(filename))?;
            let module = if module.is_null() {
                None
            } else {
                Some(ferrython_runtime::objects::unicodeobject::new_str(text(module))?)
            };
            warnings::warn_explicit_object(category, message, f.as_ptr(), lineno,
                module.as_ref().map_or(null_mut(), |m| m.as_ptr()), registry, null_mut(), null_mut())
        })();
        int_result(r)
    }
);
