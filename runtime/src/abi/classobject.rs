//! Mirror of `cpython/classobject.h`: bound methods and `instancemethod`.

use super::object::{vectorcallfunc, PyObject};

/// `PyMethodObject`, 48 bytes: a function bound to `im_self`.
#[repr(C)]
#[derive(Debug)]
pub struct PyMethodObject {
    pub ob_base: PyObject,
    pub im_func: *mut PyObject,
    pub im_self: *mut PyObject,
    pub im_weakreflist: *mut PyObject,
    pub vectorcall: vectorcallfunc,
}

/// `PyInstanceMethodObject`, 24 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyInstanceMethodObject {
    pub ob_base: PyObject,
    pub func: *mut PyObject,
}

const _: () = assert!(core::mem::size_of::<PyMethodObject>() == 48);
const _: () = assert!(core::mem::offset_of!(PyMethodObject, im_self) == 24);
const _: () = assert!(core::mem::offset_of!(PyMethodObject, vectorcall) == 40);
const _: () = assert!(core::mem::size_of::<PyInstanceMethodObject>() == 24);
