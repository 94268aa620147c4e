//! Mirror of `cpython/bytearrayobject.h`: the mutable bytearray object.

use super::object::{PyVarObject, Py_ssize_t};
use core::ffi::c_char;

/// `PyByteArrayObject`, 56 bytes. `ob_bytes` is the allocation, `ob_start` the logical start
/// inside it (bytearray deletes from the front by moving `ob_start`).
#[repr(C)]
#[derive(Debug)]
pub struct PyByteArrayObject {
    pub ob_base: PyVarObject,
    pub ob_alloc: Py_ssize_t,
    pub ob_bytes: *mut c_char,
    pub ob_start: *mut c_char,
    pub ob_exports: Py_ssize_t,
}

const _: () = assert!(core::mem::size_of::<PyByteArrayObject>() == 56);
const _: () = assert!(core::mem::offset_of!(PyByteArrayObject, ob_start) == 40);
