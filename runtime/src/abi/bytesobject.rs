//! Mirror of `cpython/bytesobject.h`: the immutable bytes object. The bytes live inline after
//! the header, always followed by a NUL that `ob_size` does not count.

use super::object::{PyTypeObject, PyVarObject, Py_hash_t, Py_ssize_t, IMMORTAL_REFCNT};
use core::ffi::c_char;

/// `PyBytesObject`: 33 bytes of header and first byte, 40 with padding; allocations are
/// `offsetof(ob_sval) + len + 1`.
#[repr(C)]
#[derive(Debug)]
pub struct PyBytesObject {
    pub ob_base: PyVarObject,
    /// The hash, or -1 while not yet computed.
    pub ob_shash: Py_hash_t,
    pub ob_sval: [c_char; 1],
}

/// Offset of the inline bytes (`PyBytesObject_SIZE - 1`).
pub const PyBytesObject_SVAL_OFFSET: usize = core::mem::offset_of!(PyBytesObject, ob_sval);

impl PyBytesObject {
    /// A statically allocated bytes object of length 0 or 1 (`_PyBytes_SIMPLE_INIT`):
    /// immortal, hash not computed, `first` as its only byte (or the NUL of an empty one).
    pub const fn static_simple(ty: *mut PyTypeObject, first: u8, len: Py_ssize_t) -> Self {
        let mut head = PyVarObject::head_init(ty, len);
        head.ob_base.ob_refcnt = IMMORTAL_REFCNT;
        PyBytesObject { ob_base: head, ob_shash: -1, ob_sval: [first as c_char] }
    }
}

const _: () = assert!(core::mem::size_of::<PyBytesObject>() == 40);
const _: () = assert!(core::mem::offset_of!(PyBytesObject, ob_shash) == 24);
const _: () = assert!(PyBytesObject_SVAL_OFFSET == 32);

/// `_PyBytesWriter` (cpython/bytesobject.h): a stack-allocated helper that grows a bytes
/// (or bytearray) result, starting in its own 512-byte `small_buffer`.
#[repr(C)]
pub struct _PyBytesWriter {
    /// The bytes/bytearray being built once the small buffer is outgrown, else NULL.
    pub buffer: *mut super::object::PyObject,
    /// Usable bytes at the current output area.
    pub allocated: Py_ssize_t,
    /// Bytes reserved so far by `_PyBytesWriter_Prepare`.
    pub min_size: Py_ssize_t,
    pub use_bytearray: core::ffi::c_int,
    pub overallocate: core::ffi::c_int,
    pub use_small_buffer: core::ffi::c_int,
    pub small_buffer: [c_char; 512],
}

const _: () = assert!(core::mem::size_of::<_PyBytesWriter>() == 552);
const _: () = assert!(core::mem::offset_of!(_PyBytesWriter, use_bytearray) == 24);
const _: () = assert!(core::mem::offset_of!(_PyBytesWriter, use_small_buffer) == 32);
const _: () = assert!(core::mem::offset_of!(_PyBytesWriter, small_buffer) == 36);
