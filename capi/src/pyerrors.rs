//! `pyerrors.h` / `cpython/pyerrors.h`: the error indicator. Wrappers over
//! `ferrython_runtime::errors`.

use ferrython_runtime::abi::object::{PyObject, PyTypeObject, Py_ssize_t};
use ferrython_runtime::abi::pystate::{_PyErr_StackItem, PyThreadState};
use ferrython_runtime::errors;
use ferrython_runtime::objects::exceptions as exc;
use ferrython_runtime::objects::object::Ref;
use ferrython_runtime::objects::unicodeobject as ustr;
use std::ffi::{c_char, c_int, CStr};
use std::ptr::null_mut;

/// A C string argument as Rust text (NULL: None), for names and messages.
unsafe fn opt_str<'a>(p: *const c_char) -> Option<std::borrow::Cow<'a, str>> {
    if p.is_null() {
        None
    } else {
        Some(CStr::from_ptr(p).to_string_lossy())
    }
}

/// `PyUnicode_DecodeFSDefault`: file names are UTF-8 with surrogateescape on this platform.
unsafe fn fs_decode(p: *const c_char) -> ferrython_runtime::errors::PyResult<Ref> {
    ustr::from_utf8(CStr::from_ptr(p).to_bytes(), Some("surrogateescape"))
}

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
    /// `msg` is UTF-8; a message that fails to decode leaves its UnicodeDecodeError set
    /// instead (CPython 3.11.7).
    fn PyErr_SetString(ty: *mut PyObject, msg: *const c_char) => {
        if let Ok(text) = ustr::from_utf8(CStr::from_ptr(msg).to_bytes(), None) {
            let _ = errors::set_object(ty, text.as_ptr());
        }
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

exported!(fn _PyErr_SetString(_ts: *mut PyThreadState, ty: *mut PyObject, msg: *const c_char) => PyErr_SetString(ty, msg));
exported!(fn _PyErr_SetObject(_ts: *mut PyThreadState, ty: *mut PyObject, value: *mut PyObject) => {
    let _ = errors::set_object(ty, value);
});
exported!(fn _PyErr_SetNone(_ts: *mut PyThreadState, ty: *mut PyObject) => {
    let _ = errors::set_none(ty);
});
exported!(fn _PyErr_Clear(_ts: *mut PyThreadState) => errors::clear());
exported!(fn _PyErr_Restore(_ts: *mut PyThreadState, ty: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) => {
    let _ = errors::restore(ty, value, tb);
});
exported!(fn _PyErr_Fetch(_ts: *mut PyThreadState, ty: *mut *mut PyObject, value: *mut *mut PyObject, tb: *mut *mut PyObject) => {
    PyErr_Fetch(ty, value, tb)
});
exported!(fn _PyErr_NoMemory(_ts: *mut PyThreadState) -> *mut PyObject => PyErr_NoMemory());
exported!(
    /// `_PyErr_SetKeyError(key)`: KeyError whose single argument is `key`, even a tuple.
    fn _PyErr_SetKeyError(key: *mut PyObject) => {
        let _ = errors::key_error(key);
    }
);
exported!(fn PyErr_ExceptionMatches(exc_: *mut PyObject) -> c_int => errors::exception_matches(exc_) as c_int);
exported!(fn _PyErr_ExceptionMatches(_ts: *mut PyThreadState, exc_: *mut PyObject) -> c_int => errors::exception_matches(exc_) as c_int);
exported!(fn PyErr_GivenExceptionMatches(err: *mut PyObject, exc_: *mut PyObject) -> c_int =>
    errors::given_exception_matches(err, exc_) as c_int);
exported!(
    /// Normalizes in place; the three stay owned by the caller.
    fn PyErr_NormalizeException(ty: *mut *mut PyObject, value: *mut *mut PyObject, tb: *mut *mut PyObject) => {
        errors::normalize(&mut *ty, &mut *value, &mut *tb)
    }
);
exported!(fn _PyErr_NormalizeException(_ts: *mut PyThreadState, ty: *mut *mut PyObject, value: *mut *mut PyObject, tb: *mut *mut PyObject) => {
    errors::normalize(&mut *ty, &mut *value, &mut *tb)
});
exported!(
    /// New references to the handled exception's type, value and traceback.
    fn PyErr_GetExcInfo(ty: *mut *mut PyObject, value: *mut *mut PyObject, tb: *mut *mut PyObject) => {
        let (t, v, b) = errors::get_exc_info();
        *ty = t;
        *value = v;
        *tb = b;
    }
);
exported!(fn _PyErr_GetExcInfo(_ts: *mut PyThreadState, ty: *mut *mut PyObject, value: *mut *mut PyObject, tb: *mut *mut PyObject) => {
    PyErr_GetExcInfo(ty, value, tb)
});
exported!(
    /// Steals the three references.
    fn PyErr_SetExcInfo(ty: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) => errors::set_exc_info(ty, value, tb)
);
exported!(fn PyErr_GetHandledException() -> *mut PyObject => errors::get_handled_exception());
exported!(fn _PyErr_GetHandledException(_ts: *mut PyThreadState) -> *mut PyObject => errors::get_handled_exception());
exported!(fn PyErr_SetHandledException(value: *mut PyObject) => errors::set_handled_exception(value));
exported!(fn _PyErr_SetHandledException(_ts: *mut PyThreadState, value: *mut PyObject) => errors::set_handled_exception(value));
exported!(fn _PyErr_GetTopmostException(ts: *mut PyThreadState) -> *mut _PyErr_StackItem => errors::topmost_exc_info(ts));
exported!(
    /// `(type, value, traceback)` of a stack item, None for what is missing.
    fn _PyErr_StackItemToExcInfoTuple(item: *mut _PyErr_StackItem) -> *mut PyObject => {
        let none = ferrython_runtime::objects::object::none();
        let value = (*item).exc_value;
        let value = if value.is_null() { none } else { value };
        let (ty, tb) = if value == none {
            (none, none)
        } else {
            let tb = (*(value as *mut ferrython_runtime::abi::pyerrors::PyBaseExceptionObject)).traceback;
            ((*value).ob_type.cast(), if tb.is_null() { none } else { tb })
        };
        errors::ptr_result(ferrython_runtime::objects::tupleobject::pack(&[ty, value, tb]))
    }
);
exported!(
    /// Steals the three references.
    fn _PyErr_ChainExceptions(ty: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) => errors::chain_exceptions(ty, value, tb)
);
exported!(fn _PyErr_ChainStackItem(item: *mut _PyErr_StackItem) => errors::chain_stack_item(item));

exported!(
    /// For `_PyErr_FormatFromCause` (capi/c/errors_format.c): takes the pending exception,
    /// normalized, with its traceback attached (a new reference; NULL if none is set).
    fn _Fy_err_take_cause() -> *mut PyObject => match errors::fetch_normalized() {
        Some((_, value, _)) => value.into_raw(),
        None => null_mut(),
    }
);
exported!(
    /// For `_PyErr_FormatFromCause`: `cause` (stolen) becomes the pending exception's
    /// `__cause__` and `__context__`.
    fn _Fy_err_attach_cause(cause: *mut PyObject) => {
        if cause.is_null() {
            return;
        }
        let cause = Ref::from_raw(cause);
        let (mut t, mut v, mut tb) = errors::fetch();
        errors::normalize(&mut t, &mut v, &mut tb);
        if !v.is_null() && errors::is_exception_instance(v) {
            exc::set_cause(v, cause.clone().into_raw());
            exc::set_context(v, cause.into_raw());
        }
        let _ = errors::restore(t, v, tb);
    }
);

exported!(fn PyErr_SetFromErrno(ty: *mut PyObject) -> *mut PyObject => {
    let _ = errors::set_from_errno_with_filenames(ty, null_mut(), null_mut());
    null_mut()
});
exported!(fn PyErr_SetFromErrnoWithFilenameObject(ty: *mut PyObject, filename: *mut PyObject) -> *mut PyObject => {
    let _ = errors::set_from_errno_with_filenames(ty, filename, null_mut());
    null_mut()
});
exported!(fn PyErr_SetFromErrnoWithFilenameObjects(ty: *mut PyObject, f1: *mut PyObject, f2: *mut PyObject) -> *mut PyObject => {
    let _ = errors::set_from_errno_with_filenames(ty, f1, f2);
    null_mut()
});
exported!(
    /// The file name is decoded from the file system encoding; errno is read before that.
    fn PyErr_SetFromErrnoWithFilename(ty: *mut PyObject, filename: *const c_char) -> *mut PyObject => {
        let saved = *libc::__errno_location();
        let name = if filename.is_null() { None } else { fs_decode(filename).ok() };
        *libc::__errno_location() = saved;
        let _ = errors::set_from_errno_with_filenames(ty, name.as_ref().map_or(null_mut(), |n| n.as_ptr()), null_mut());
        null_mut()
    }
);
exported!(fn PyErr_SetImportErrorSubclass(ty: *mut PyObject, msg: *mut PyObject, name: *mut PyObject, path: *mut PyObject) -> *mut PyObject => {
    let _ = errors::set_import_error_subclass(ty, msg, name, path);
    null_mut()
});
exported!(fn PyErr_SetImportError(msg: *mut PyObject, name: *mut PyObject, path: *mut PyObject) -> *mut PyObject => {
    let _ = errors::set_import_error_subclass(exc::PyExc_ImportError, msg, name, path);
    null_mut()
});
exported!(fn PyErr_SyntaxLocationObject(filename: *mut PyObject, lineno: c_int, col_offset: c_int) =>
    errors::syntax_location(filename, lineno, col_offset, lineno, -1));
exported!(fn PyErr_RangedSyntaxLocationObject(filename: *mut PyObject, lineno: c_int, col_offset: c_int, end_lineno: c_int, end_col_offset: c_int) =>
    errors::syntax_location(filename, lineno, col_offset, end_lineno, end_col_offset));
exported!(fn PyErr_SyntaxLocationEx(filename: *const c_char, lineno: c_int, col_offset: c_int) => {
    let name = if filename.is_null() {
        None
    } else {
        match fs_decode(filename) {
            Ok(n) => Some(n),
            Err(_) => {
                errors::clear();
                None
            }
        }
    };
    errors::syntax_location(name.as_ref().map_or(null_mut(), |n| n.as_ptr()), lineno, col_offset, lineno, -1)
});
exported!(fn PyErr_SyntaxLocation(filename: *const c_char, lineno: c_int) => PyErr_SyntaxLocationEx(filename, lineno, -1));
exported!(
    /// The source line, or NULL without an exception.
    fn PyErr_ProgramTextObject(filename: *mut PyObject, lineno: c_int) -> *mut PyObject =>
        errors::program_text_object(filename, lineno).map_or(null_mut(), Ref::into_raw)
);
exported!(fn PyErr_ProgramText(filename: *const c_char, lineno: c_int) -> *mut PyObject => {
    if filename.is_null() {
        return null_mut();
    }
    match fs_decode(filename) {
        Ok(name) => PyErr_ProgramTextObject(name.as_ptr(), lineno),
        Err(_) => {
            errors::clear();
            null_mut()
        }
    }
});
exported!(fn PyErr_NewException(name: *const c_char, base: *mut PyObject, dict: *mut PyObject) -> *mut PyObject => {
    let name = CStr::from_ptr(name).to_string_lossy();
    errors::ptr_result(errors::new_exception(&name, base, dict, None))
});
exported!(fn PyErr_NewExceptionWithDoc(name: *const c_char, doc: *const c_char, base: *mut PyObject, dict: *mut PyObject) -> *mut PyObject => {
    let name = CStr::from_ptr(name).to_string_lossy();
    errors::ptr_result(errors::new_exception(&name, base, dict, opt_str(doc).as_deref()))
});
exported!(fn PyErr_WriteUnraisable(obj: *mut PyObject) => errors::write_unraisable(obj));
exported!(fn _PyErr_WriteUnraisableMsg(msg: *const c_char, obj: *mut PyObject) => errors::write_unraisable_msg(opt_str(msg).as_deref(), obj));
exported!(fn PyErr_PrintEx(set_sys_last_vars: c_int) =>
    ferrython_runtime::lifecycle::errdisplay::print_ex(set_sys_last_vars != 0));
exported!(fn PyErr_Print() => ferrython_runtime::lifecycle::errdisplay::print_ex(true));
exported!(
    /// Prints `value` with its chain and traceback to sys.stderr (the default `sys.excepthook`).
    fn PyErr_Display(ty: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) =>
        ferrython_runtime::lifecycle::errdisplay::display(ty, value, tb)
);

// The PyException_* accessors.
exported!(fn PyException_GetTraceback(op: *mut PyObject) -> *mut PyObject => exc::get_traceback(op));
exported!(fn PyException_SetTraceback(op: *mut PyObject, tb: *mut PyObject) -> c_int => {
    if tb.is_null() {
        let _ = errors::type_error("__traceback__ may not be deleted");
        return -1;
    }
    errors::int_result(exc::set_traceback(op, tb))
});
exported!(fn PyException_GetContext(op: *mut PyObject) -> *mut PyObject => exc::get_context(op));
exported!(
    /// Steals `context`.
    fn PyException_SetContext(op: *mut PyObject, context: *mut PyObject) => exc::set_context(op, context)
);
exported!(fn PyException_GetCause(op: *mut PyObject) -> *mut PyObject => exc::get_cause(op));
exported!(
    /// Steals `cause`.
    fn PyException_SetCause(op: *mut PyObject, cause: *mut PyObject) => exc::set_cause(op, cause)
);
exported!(fn PyExceptionClass_Name(tp: *mut PyObject) -> *const c_char => exc::class_name(tp));

// The Unicode error objects' C API.
macro_rules! unicode_error_api {
    ($get_obj:ident, $get_reason:ident, $get_start:ident, $get_end:ident,
     $set_start:ident, $set_end:ident, $set_reason:ident, decode: $decode:expr) => {
        exported!(fn $get_obj(e: *mut PyObject) -> *mut PyObject =>
            errors::ptr_result(exc::unicode_error_get(e, exc::UnicodeErrorField::Object, $decode)));
        exported!(fn $get_reason(e: *mut PyObject) -> *mut PyObject =>
            errors::ptr_result(exc::unicode_error_get(e, exc::UnicodeErrorField::Reason, false)));
        exported!(fn $get_start(e: *mut PyObject, start: *mut Py_ssize_t) -> c_int =>
            match exc::unicode_error_position(e, false, $decode) { Ok(v) => { *start = v; 0 } Err(_) => -1 });
        exported!(fn $get_end(e: *mut PyObject, end: *mut Py_ssize_t) -> c_int =>
            match exc::unicode_error_position(e, true, $decode) { Ok(v) => { *end = v; 0 } Err(_) => -1 });
        exported!(fn $set_start(e: *mut PyObject, start: Py_ssize_t) -> c_int => { exc::unicode_error_set_position(e, false, start); 0 });
        exported!(fn $set_end(e: *mut PyObject, end: Py_ssize_t) -> c_int => { exc::unicode_error_set_position(e, true, end); 0 });
        exported!(fn $set_reason(e: *mut PyObject, reason: *const c_char) -> c_int =>
            errors::int_result(exc::unicode_error_set_reason(e, &CStr::from_ptr(reason).to_string_lossy())));
    };
}

unicode_error_api!(PyUnicodeEncodeError_GetObject, PyUnicodeEncodeError_GetReason, PyUnicodeEncodeError_GetStart,
    PyUnicodeEncodeError_GetEnd, PyUnicodeEncodeError_SetStart, PyUnicodeEncodeError_SetEnd,
    PyUnicodeEncodeError_SetReason, decode: false);
unicode_error_api!(PyUnicodeDecodeError_GetObject, PyUnicodeDecodeError_GetReason, PyUnicodeDecodeError_GetStart,
    PyUnicodeDecodeError_GetEnd, PyUnicodeDecodeError_SetStart, PyUnicodeDecodeError_SetEnd,
    PyUnicodeDecodeError_SetReason, decode: true);
unicode_error_api!(PyUnicodeTranslateError_GetObject, PyUnicodeTranslateError_GetReason,
    PyUnicodeTranslateError_GetStart, PyUnicodeTranslateError_GetEnd, PyUnicodeTranslateError_SetStart,
    PyUnicodeTranslateError_SetEnd, PyUnicodeTranslateError_SetReason, decode: false);
exported!(fn PyUnicodeEncodeError_GetEncoding(e: *mut PyObject) -> *mut PyObject =>
    errors::ptr_result(exc::unicode_error_get(e, exc::UnicodeErrorField::Encoding, false)));
exported!(fn PyUnicodeDecodeError_GetEncoding(e: *mut PyObject) -> *mut PyObject =>
    errors::ptr_result(exc::unicode_error_get(e, exc::UnicodeErrorField::Encoding, false)));
exported!(
    /// `PyUnicodeDecodeError_Create(encoding, object, length, start, end, reason)`.
    fn PyUnicodeDecodeError_Create(encoding: *const c_char, object: *const c_char, length: Py_ssize_t,
                                   start: Py_ssize_t, end: Py_ssize_t, reason: *const c_char) -> *mut PyObject => {
        let bytes = if length <= 0 { &[][..] } else { std::slice::from_raw_parts(object as *const u8, length as usize) };
        errors::ptr_result(exc::decode_error_create(
            &CStr::from_ptr(encoding).to_string_lossy(),
            bytes,
            start,
            end,
            &CStr::from_ptr(reason).to_string_lossy(),
        ))
    }
);
exported!(fn _PyUnicodeTranslateError_Create(object: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t, reason: *const c_char) -> *mut PyObject =>
    errors::ptr_result(exc::translate_error_create(object, start, end, &CStr::from_ptr(reason).to_string_lossy())));

/// Keeps `PyTypeObject` in scope for the wrappers' signatures.
#[allow(dead_code)]
type TypeForSignatures = PyTypeObject;
