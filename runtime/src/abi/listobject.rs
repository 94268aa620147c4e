//! Mirror of `cpython/listobject.h`: lists keep their items in a separate array.

use super::object::{PyObject, PyVarObject, Py_ssize_t};

/// `PyListObject`, 40 bytes: `ob_size` items in use of `allocated` slots at `ob_item`.
#[repr(C)]
#[derive(Debug)]
pub struct PyListObject {
    pub ob_base: PyVarObject,
    pub ob_item: *mut *mut PyObject,
    pub allocated: Py_ssize_t,
}

const _: () = assert!(core::mem::size_of::<PyListObject>() == 40);
const _: () = assert!(core::mem::offset_of!(PyListObject, ob_item) == 24);
const _: () = assert!(core::mem::offset_of!(PyListObject, allocated) == 32);
