//! Mirror of `cpython/pyerrors.h`: the instance layouts of BaseException and the built-in
//! exception classes that add C-level fields. In C every one of them starts with the
//! `PyException_HEAD` fields spelled out (not a nested struct), so they are spelled out here too
//! (written out in full, not by a macro, so the layout test can read them).

use super::object::{PyObject, Py_ssize_t};
use core::ffi::c_char;

/// `PyBaseExceptionObject`, 72 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyBaseExceptionObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
}

/// `PyBaseExceptionGroupObject`, 88 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyBaseExceptionGroupObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub msg: *mut PyObject,
    pub excs: *mut PyObject,
}

/// `PySyntaxErrorObject`, 136 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PySyntaxErrorObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub msg: *mut PyObject,
    pub filename: *mut PyObject,
    pub lineno: *mut PyObject,
    pub offset: *mut PyObject,
    pub end_lineno: *mut PyObject,
    pub end_offset: *mut PyObject,
    pub text: *mut PyObject,
    pub print_file_and_line: *mut PyObject,
}

/// `PyImportErrorObject`, 96 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyImportErrorObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub msg: *mut PyObject,
    pub name: *mut PyObject,
    pub path: *mut PyObject,
}

/// `PyUnicodeErrorObject`, 112 bytes (UnicodeEncodeError, UnicodeDecodeError, UnicodeTranslateError).
#[repr(C)]
#[derive(Debug)]
pub struct PyUnicodeErrorObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub encoding: *mut PyObject,
    pub object: *mut PyObject,
    pub start: Py_ssize_t,
    pub end: Py_ssize_t,
    pub reason: *mut PyObject,
}

/// `PySystemExitObject`, 80 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PySystemExitObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub code: *mut PyObject,
}

/// `PyOSErrorObject`, 112 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyOSErrorObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub myerrno: *mut PyObject,
    pub strerror: *mut PyObject,
    pub filename: *mut PyObject,
    pub filename2: *mut PyObject,
    /// Characters written before a BlockingIOError, -1 when unset.
    pub written: Py_ssize_t,
}

/// `PyStopIterationObject`, 80 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyStopIterationObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub value: *mut PyObject,
}

/// `PyNameErrorObject`, 80 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyNameErrorObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub name: *mut PyObject,
}

/// `PyAttributeErrorObject`, 88 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyAttributeErrorObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub args: *mut PyObject,
    pub notes: *mut PyObject,
    pub traceback: *mut PyObject,
    pub context: *mut PyObject,
    pub cause: *mut PyObject,
    pub suppress_context: c_char,
    pub obj: *mut PyObject,
    pub name: *mut PyObject,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<PyBaseExceptionObject>() == 72);
const _: () = assert!(offset_of!(PyBaseExceptionObject, args) == 24);
const _: () = assert!(offset_of!(PyBaseExceptionObject, traceback) == 40);
const _: () = assert!(offset_of!(PyBaseExceptionObject, suppress_context) == 64);
const _: () = assert!(size_of::<PyBaseExceptionGroupObject>() == 88);
const _: () = assert!(size_of::<PySyntaxErrorObject>() == 136);
const _: () = assert!(offset_of!(PySyntaxErrorObject, msg) == 72);
const _: () = assert!(offset_of!(PySyntaxErrorObject, print_file_and_line) == 128);
const _: () = assert!(size_of::<PyImportErrorObject>() == 96);
const _: () = assert!(size_of::<PyUnicodeErrorObject>() == 112);
const _: () = assert!(offset_of!(PyUnicodeErrorObject, reason) == 104);
const _: () = assert!(size_of::<PySystemExitObject>() == 80);
const _: () = assert!(size_of::<PyOSErrorObject>() == 112);
const _: () = assert!(offset_of!(PyOSErrorObject, written) == 104);
const _: () = assert!(size_of::<PyStopIterationObject>() == 80);
const _: () = assert!(size_of::<PyNameErrorObject>() == 80);
const _: () = assert!(size_of::<PyAttributeErrorObject>() == 88);
const _: () = assert!(offset_of!(PyAttributeErrorObject, name) == 80);
