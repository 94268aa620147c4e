//! Mirror of `cpython/traceback.h`: the traceback object.

use super::object::PyObject;
use super::pycore_frame::PyFrameObject;
use core::ffi::c_int;

/// `PyTracebackObject`, 40 bytes: one entry of a traceback, innermost last.
#[repr(C)]
#[derive(Debug)]
pub struct PyTracebackObject {
    pub ob_base: PyObject,
    pub tb_next: *mut PyTracebackObject,
    pub tb_frame: *mut PyFrameObject,
    pub tb_lasti: c_int,
    pub tb_lineno: c_int,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<PyTracebackObject>() == 40);
const _: () = assert!(offset_of!(PyTracebackObject, tb_next) == 16);
const _: () = assert!(offset_of!(PyTracebackObject, tb_frame) == 24);
const _: () = assert!(offset_of!(PyTracebackObject, tb_lasti) == 32);
const _: () = assert!(offset_of!(PyTracebackObject, tb_lineno) == 36);
