//! Mirror of `cpython/genobject.h`: generators, coroutines and async generators. In 3.11 each
//! embeds its suspended `_PyInterpreterFrame` at the end (`*_iframe`), sized by the code.

use super::code::PyCodeObject;
use super::object::PyObject;
use super::pystate::_PyErr_StackItem;
use core::ffi::c_char;

/// `PyGenObject`, 88 bytes before the embedded frame.
#[repr(C)]
#[derive(Debug)]
pub struct PyGenObject {
    pub ob_base: PyObject,
    pub gi_code: *mut PyCodeObject,
    pub gi_weakreflist: *mut PyObject,
    pub gi_name: *mut PyObject,
    pub gi_qualname: *mut PyObject,
    pub gi_exc_state: _PyErr_StackItem,
    /// Coroutine origin (coroutines) or finalizer (async generators).
    pub gi_origin_or_finalizer: *mut PyObject,
    pub gi_hooks_inited: c_char,
    pub gi_closed: c_char,
    pub gi_running_async: c_char,
    /// A `_PyFrameState` (`FRAME_CREATED` ... `FRAME_CLEARED`).
    pub gi_frame_state: i8,
    /// Start of the embedded `_PyInterpreterFrame` (C: `PyObject *gi_iframe[1]`).
    pub gi_iframe: [*mut PyObject; 1],
}

/// `PyCoroObject`, 88 bytes before the embedded frame.
#[repr(C)]
#[derive(Debug)]
pub struct PyCoroObject {
    pub ob_base: PyObject,
    pub cr_code: *mut PyCodeObject,
    pub cr_weakreflist: *mut PyObject,
    pub cr_name: *mut PyObject,
    pub cr_qualname: *mut PyObject,
    pub cr_exc_state: _PyErr_StackItem,
    /// Coroutine origin (coroutines) or finalizer (async generators).
    pub cr_origin_or_finalizer: *mut PyObject,
    pub cr_hooks_inited: c_char,
    pub cr_closed: c_char,
    pub cr_running_async: c_char,
    /// A `_PyFrameState` (`FRAME_CREATED` ... `FRAME_CLEARED`).
    pub cr_frame_state: i8,
    /// Start of the embedded `_PyInterpreterFrame` (C: `PyObject *cr_iframe[1]`).
    pub cr_iframe: [*mut PyObject; 1],
}

/// `PyAsyncGenObject`, 88 bytes before the embedded frame.
#[repr(C)]
#[derive(Debug)]
pub struct PyAsyncGenObject {
    pub ob_base: PyObject,
    pub ag_code: *mut PyCodeObject,
    pub ag_weakreflist: *mut PyObject,
    pub ag_name: *mut PyObject,
    pub ag_qualname: *mut PyObject,
    pub ag_exc_state: _PyErr_StackItem,
    /// Coroutine origin (coroutines) or finalizer (async generators).
    pub ag_origin_or_finalizer: *mut PyObject,
    pub ag_hooks_inited: c_char,
    pub ag_closed: c_char,
    pub ag_running_async: c_char,
    /// A `_PyFrameState` (`FRAME_CREATED` ... `FRAME_CLEARED`).
    pub ag_frame_state: i8,
    /// Start of the embedded `_PyInterpreterFrame` (C: `PyObject *ag_iframe[1]`).
    pub ag_iframe: [*mut PyObject; 1],
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<PyGenObject>() == 88);
const _: () = assert!(offset_of!(PyGenObject, gi_exc_state) == 48);
const _: () = assert!(offset_of!(PyGenObject, gi_frame_state) == 75);
const _: () = assert!(offset_of!(PyGenObject, gi_iframe) == 80);
const _: () = assert!(size_of::<PyCoroObject>() == 88);
const _: () = assert!(offset_of!(PyCoroObject, cr_iframe) == 80);
const _: () = assert!(size_of::<PyAsyncGenObject>() == 88);
const _: () = assert!(offset_of!(PyAsyncGenObject, ag_iframe) == 80);
