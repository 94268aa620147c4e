//! Mirror of `sliceobject.h`: slice objects.

use super::object::PyObject;

/// `PySliceObject`, 40 bytes; the fields are never NULL (`Py_None` when omitted).
#[repr(C)]
#[derive(Debug)]
pub struct PySliceObject {
    pub ob_base: PyObject,
    pub start: *mut PyObject,
    pub stop: *mut PyObject,
    pub step: *mut PyObject,
}

const _: () = assert!(core::mem::size_of::<PySliceObject>() == 40);
const _: () = assert!(core::mem::offset_of!(PySliceObject, step) == 32);
