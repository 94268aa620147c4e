//! Mirror of `internal/pycore_dict.h`: the dict keys table and split-table values, as py-spy
//! and inlined CPython code read them.
//!
//! A keys object is a 32-byte header, then `1 << dk_log2_index_bytes` bytes of indices (1, 2, 4
//! or 8 bytes each, by table size), then the entries: `PyDictKeyEntry` (24 bytes) for general
//! keys, `PyDictUnicodeEntry` (16 bytes) when every key is an exact str (`dk_kind` unicode or
//! split).

use super::object::{PyObject, Py_hash_t, Py_ssize_t};
use core::ffi::c_char;

/// `dk_kind` values (`DictKeysKind`).
pub const DICT_KEYS_GENERAL: u8 = 0;
pub const DICT_KEYS_UNICODE: u8 = 1;
pub const DICT_KEYS_SPLIT: u8 = 2;

/// Index values marking an empty slot and a deleted one.
pub const DKIX_EMPTY: Py_ssize_t = -1;
pub const DKIX_DUMMY: Py_ssize_t = -2;
pub const DKIX_ERROR: Py_ssize_t = -3;

/// Shared (split) key tables never grow past this many entries.
pub const SHARED_KEYS_MAX_SIZE: usize = 30;
pub const NEXT_LOG2_SHARED_KEYS_MAX_SIZE: u8 = 6;
/// Smallest table: 8 slots.
pub const PyDict_LOG_MINSIZE: u8 = 3;
pub const PyDict_MINSIZE: usize = 8;

/// `PyDictKeyEntry`, 24 bytes: an entry of a general table.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyDictKeyEntry {
    pub me_hash: Py_hash_t,
    pub me_key: *mut PyObject,
    /// NULL in a split table (the values live in `PyDictValues`).
    pub me_value: *mut PyObject,
}

/// `PyDictUnicodeEntry`, 16 bytes: an entry of a table whose keys are all exact str (the hash
/// is the string's cached one).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyDictUnicodeEntry {
    pub me_key: *mut PyObject,
    pub me_value: *mut PyObject,
}

/// `PyDictKeysObject` (`struct _dictkeysobject`): the 32-byte header of a keys table.
#[repr(C)]
#[derive(Debug)]
pub struct PyDictKeysObject {
    pub dk_refcnt: Py_ssize_t,
    /// log2 of the number of index slots.
    pub dk_log2_size: u8,
    /// log2 of the size in bytes of the index array.
    pub dk_log2_index_bytes: u8,
    /// One of `DICT_KEYS_GENERAL`, `DICT_KEYS_UNICODE`, `DICT_KEYS_SPLIT`.
    pub dk_kind: u8,
    /// Version for the specializing interpreter; 0 when none assigned.
    pub dk_version: u32,
    /// Entries still usable before the table must grow.
    pub dk_usable: Py_ssize_t,
    /// Entries used so far (including deleted ones).
    pub dk_nentries: Py_ssize_t,
    /// Start of the index array (a flexible array member in C).
    pub dk_indices: [c_char; 0],
}

/// `PyDictValues` (`struct _dictvalues`): the values of a split table, `values[i]` pairing
/// with entry i of the shared keys. In 3.11 a prefix sits in front of `values` (its size in
/// the byte just before, then the insertion order), so the allocation starts before the struct.
#[repr(C)]
#[derive(Debug)]
pub struct PyDictValues {
    pub values: [*mut PyObject; 1],
}

impl PyDictKeysObject {
    /// Number of index slots.
    pub const fn dk_size(&self) -> usize {
        1usize << self.dk_log2_size
    }
    /// Byte offset of the entries from the start of the keys object.
    pub const fn entries_offset(&self) -> usize {
        core::mem::size_of::<PyDictKeysObject>() + (1usize << self.dk_log2_index_bytes)
    }
}

const _: () = assert!(core::mem::size_of::<PyDictKeysObject>() == 32);
const _: () = assert!(core::mem::offset_of!(PyDictKeysObject, dk_log2_size) == 8);
const _: () = assert!(core::mem::offset_of!(PyDictKeysObject, dk_log2_index_bytes) == 9);
const _: () = assert!(core::mem::offset_of!(PyDictKeysObject, dk_kind) == 10);
const _: () = assert!(core::mem::offset_of!(PyDictKeysObject, dk_version) == 12);
const _: () = assert!(core::mem::offset_of!(PyDictKeysObject, dk_usable) == 16);
const _: () = assert!(core::mem::offset_of!(PyDictKeysObject, dk_nentries) == 24);
const _: () = assert!(core::mem::offset_of!(PyDictKeysObject, dk_indices) == 32);
const _: () = assert!(core::mem::size_of::<PyDictKeyEntry>() == 24);
const _: () = assert!(core::mem::size_of::<PyDictUnicodeEntry>() == 16);
const _: () = assert!(core::mem::size_of::<PyDictValues>() == 8);
