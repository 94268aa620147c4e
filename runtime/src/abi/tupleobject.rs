//! Mirror of `cpython/tupleobject.h`: tuples keep their items inline after the header.

use super::object::{PyObject, PyTypeObject, PyVarObject, IMMORTAL_REFCNT};

/// `PyTupleObject`: 32 bytes with room for one item; a tuple of n items is allocated with
/// `ob_item` extended to n entries (and a GC header in front).
#[repr(C)]
#[derive(Debug)]
pub struct PyTupleObject {
    pub ob_base: PyVarObject,
    pub ob_item: [*mut PyObject; 1],
}

impl PyTupleObject {
    /// The statically allocated empty tuple: immortal, size 0.
    pub const fn static_empty(ty: *mut PyTypeObject) -> Self {
        let mut head = PyVarObject::head_init(ty, 0);
        head.ob_base.ob_refcnt = IMMORTAL_REFCNT;
        PyTupleObject { ob_base: head, ob_item: [core::ptr::null_mut()] }
    }
}

const _: () = assert!(core::mem::size_of::<PyTupleObject>() == 32);
const _: () = assert!(core::mem::offset_of!(PyTupleObject, ob_item) == 24);
