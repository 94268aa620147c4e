//! Mirror of `cpython/dictobject.h`: the dict object header. Its keys table and split values
//! are in `pycore_dict`.

use super::object::{PyObject, Py_ssize_t};
use super::pycore_dict::{PyDictKeysObject, PyDictValues};

/// `PyDictObject`, 48 bytes. `ma_values` is NULL for a combined table; for a split table it
/// holds the values while `ma_keys` is shared with other instances of a class.
#[repr(C)]
#[derive(Debug)]
pub struct PyDictObject {
    pub ob_base: PyObject,
    /// Number of items.
    pub ma_used: Py_ssize_t,
    /// Globally unique, changes on every modification (`PEP 509`).
    pub ma_version_tag: u64,
    pub ma_keys: *mut PyDictKeysObject,
    pub ma_values: *mut PyDictValues,
}

const _: () = assert!(core::mem::size_of::<PyDictObject>() == 48);
const _: () = assert!(core::mem::offset_of!(PyDictObject, ma_used) == 16);
const _: () = assert!(core::mem::offset_of!(PyDictObject, ma_keys) == 32);
const _: () = assert!(core::mem::offset_of!(PyDictObject, ma_values) == 40);

/// `_PyDictViewObject` (cpython/dictobject.h), 24 bytes: `dict_keys`, `dict_values` and
/// `dict_items` objects.
#[repr(C)]
#[derive(Debug)]
pub struct _PyDictViewObject {
    pub ob_base: PyObject,
    pub dv_dict: *mut PyDictObject,
}

const _: () = assert!(core::mem::size_of::<_PyDictViewObject>() == 24);
