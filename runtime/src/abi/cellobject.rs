//! Mirror of `cpython/cellobject.h`: closure cells.

use super::object::PyObject;

/// `PyCellObject`, 24 bytes: `ob_ref` is the contents, NULL when empty.
#[repr(C)]
#[derive(Debug)]
pub struct PyCellObject {
    pub ob_base: PyObject,
    pub ob_ref: *mut PyObject,
}

const _: () = assert!(core::mem::size_of::<PyCellObject>() == 24);
const _: () = assert!(core::mem::offset_of!(PyCellObject, ob_ref) == 16);
