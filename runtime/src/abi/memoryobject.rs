//! Mirror of `memoryobject.h`: memoryview and the managed buffer it shares with its copies.

use super::object::{PyObject, PyVarObject, Py_buffer, Py_hash_t, Py_ssize_t};
use core::ffi::c_int;

/// `_PyManagedBufferObject`, 112 bytes: one exporter's buffer, shared by memoryviews.
#[repr(C)]
#[derive(Debug)]
pub struct _PyManagedBufferObject {
    pub ob_base: PyObject,
    pub flags: c_int,
    /// Number of memoryviews using it.
    pub exports: Py_ssize_t,
    pub master: Py_buffer,
}

/// `PyMemoryViewObject`, 152 bytes with one `ob_array` entry; `ob_array` holds 3 * ndim
/// entries (shape, strides, suboffsets).
#[repr(C)]
#[derive(Debug)]
pub struct PyMemoryViewObject {
    pub ob_base: PyVarObject,
    pub mbuf: *mut _PyManagedBufferObject,
    pub hash: Py_hash_t,
    pub flags: c_int,
    pub exports: Py_ssize_t,
    pub view: Py_buffer,
    pub weakreflist: *mut PyObject,
    pub ob_array: [Py_ssize_t; 1],
}

// memoryview flags.
pub const _Py_MANAGED_BUFFER_RELEASED: c_int = 0x001;
pub const _Py_MANAGED_BUFFER_FREE_FORMAT: c_int = 0x002;
pub const _Py_MEMORYVIEW_RELEASED: c_int = 0x001;
pub const _Py_MEMORYVIEW_C: c_int = 0x002;
pub const _Py_MEMORYVIEW_FORTRAN: c_int = 0x004;
pub const _Py_MEMORYVIEW_SCALAR: c_int = 0x008;
pub const _Py_MEMORYVIEW_PIL: c_int = 0x010;

const _: () = assert!(core::mem::size_of::<Py_buffer>() == 80);
const _: () = assert!(core::mem::size_of::<_PyManagedBufferObject>() == 112);
const _: () = assert!(core::mem::offset_of!(_PyManagedBufferObject, master) == 32);
const _: () = assert!(core::mem::size_of::<PyMemoryViewObject>() == 152);
const _: () = assert!(core::mem::offset_of!(PyMemoryViewObject, view) == 56);
const _: () = assert!(core::mem::offset_of!(PyMemoryViewObject, ob_array) == 144);
