//! Mirror of `cpython/setobject.h`: set and frozenset objects, an open-addressing table of
//! (key, hash) entries with a small inline table.

use super::object::{PyObject, Py_hash_t, Py_ssize_t};

/// Size of the inline table.
pub const PySet_MINSIZE: usize = 8;

/// `setentry`, 16 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct setentry {
    pub key: *mut PyObject,
    pub hash: Py_hash_t,
}

/// `PySetObject`, 200 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PySetObject {
    pub ob_base: PyObject,
    /// Active + dummy entries.
    pub fill: Py_ssize_t,
    /// Active entries.
    pub used: Py_ssize_t,
    /// Table size - 1 (a power of two minus one).
    pub mask: Py_ssize_t,
    /// `smalltable` or a heap table.
    pub table: *mut setentry,
    /// frozenset hash, -1 until computed.
    pub hash: Py_hash_t,
    /// Search finger for `pop()`.
    pub finger: Py_ssize_t,
    pub smalltable: [setentry; PySet_MINSIZE],
    pub weakreflist: *mut PyObject,
}

const _: () = assert!(core::mem::size_of::<setentry>() == 16);
const _: () = assert!(core::mem::size_of::<PySetObject>() == 200);
const _: () = assert!(core::mem::offset_of!(PySetObject, table) == 40);
const _: () = assert!(core::mem::offset_of!(PySetObject, smalltable) == 64);
const _: () = assert!(core::mem::offset_of!(PySetObject, weakreflist) == 192);
