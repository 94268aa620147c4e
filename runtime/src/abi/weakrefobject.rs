//! Mirror of `cpython/weakrefobject.h`: weak references and proxies. The references to one
//! object form a doubly linked list headed at the object's weaklist slot.

use super::object::{vectorcallfunc, PyObject, Py_hash_t};

/// `PyWeakReference` (`struct _PyWeakReference`), 64 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyWeakReference {
    pub ob_base: PyObject,
    /// The referent; `Py_None` once it has died.
    pub wr_object: *mut PyObject,
    pub wr_callback: *mut PyObject,
    /// Hash of the referent, -1 until computed.
    pub hash: Py_hash_t,
    pub wr_prev: *mut PyWeakReference,
    pub wr_next: *mut PyWeakReference,
    pub vectorcall: vectorcallfunc,
}

const _: () = assert!(core::mem::size_of::<PyWeakReference>() == 64);
const _: () = assert!(core::mem::offset_of!(PyWeakReference, wr_object) == 16);
const _: () = assert!(core::mem::offset_of!(PyWeakReference, wr_next) == 48);
