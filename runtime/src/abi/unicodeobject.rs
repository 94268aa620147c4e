//! Mirror of `cpython/unicodeobject.h`: the three PEP 393 string layouts.
//!
//! * compact ASCII (`PyASCIIObject`): characters follow the 48-byte header directly;
//! * compact non-ASCII (`PyCompactUnicodeObject`): characters follow the 72-byte header, and
//!   the UTF-8 form, once computed, is held at `utf8`;
//! * legacy (`PyUnicodeObject`): characters live in a separate buffer at `data.any`.
//!
//! `state` is a C bitfield (`interned:2, kind:3, compact:1, ascii:1, ready:1`, low bits first in
//! one `unsigned int`); here it is the whole 32-bit storage unit with accessors.

use super::object::{PyObject, PyTypeObject, Py_hash_t, Py_ssize_t, IMMORTAL_REFCNT};
use core::ffi::{c_char, c_void};

pub type Py_UCS4 = u32;
pub type Py_UCS2 = u16;
pub type Py_UCS1 = u8;

// Values of the `interned` bits.
pub const SSTATE_NOT_INTERNED: u32 = 0;
pub const SSTATE_INTERNED_MORTAL: u32 = 1;
pub const SSTATE_INTERNED_IMMORTAL: u32 = 2;

// Values of the `kind` bits (`enum PyUnicode_Kind`).
pub const PyUnicode_WCHAR_KIND: u32 = 0;
pub const PyUnicode_1BYTE_KIND: u32 = 1;
pub const PyUnicode_2BYTE_KIND: u32 = 2;
pub const PyUnicode_4BYTE_KIND: u32 = 4;

// Bit positions and widths inside `state`, as GCC/Clang lay out the x86_64 bitfield.
const INTERNED_SHIFT: u32 = 0;
const INTERNED_MASK: u32 = 0b11;
const KIND_SHIFT: u32 = 2;
const KIND_MASK: u32 = 0b111;
const COMPACT_BIT: u32 = 1 << 5;
const ASCII_BIT: u32 = 1 << 6;
const READY_BIT: u32 = 1 << 7;

/// `PyASCIIObject`, 48 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyASCIIObject {
    pub ob_base: PyObject,
    /// Number of code points.
    pub length: Py_ssize_t,
    /// The hash, or -1 while not yet computed.
    pub hash: Py_hash_t,
    /// Bitfield storage: interned (bits 0-1), kind (2-4), compact (5), ascii (6), ready (7).
    pub state: u32,
    pub wstr: *mut libc::wchar_t,
}

/// `PyCompactUnicodeObject`, 72 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyCompactUnicodeObject {
    pub _base: PyASCIIObject,
    /// Length of `utf8` in bytes, without the NUL.
    pub utf8_length: Py_ssize_t,
    /// The UTF-8 form (NUL-terminated), or NULL until someone asks for it.
    pub utf8: *mut c_char,
    pub wstr_length: Py_ssize_t,
}

/// The `data` union of `PyUnicodeObject`: one pointer, read through the view that `kind` names.
#[repr(C)]
#[derive(Clone, Copy)]
pub union PyUnicodeObject_data {
    pub any: *mut c_void,
    pub latin1: *mut Py_UCS1,
    pub ucs2: *mut Py_UCS2,
    pub ucs4: *mut Py_UCS4,
}

impl core::fmt::Debug for PyUnicodeObject_data {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // SAFETY: every member is a pointer of the same size; reading `any` is always valid.
        let p = unsafe { self.any };
        write!(f, "PyUnicodeObject_data({p:p})")
    }
}

/// `PyUnicodeObject`, 80 bytes: a legacy (non-compact) string.
#[repr(C)]
#[derive(Debug)]
pub struct PyUnicodeObject {
    pub _base: PyCompactUnicodeObject,
    pub data: PyUnicodeObject_data,
}

/// `_PyUnicodeWriter` (cpython/unicodeobject.h), 56 bytes: Cython and CPython's inline macros
/// write characters straight into `data` at `pos` after `_PyUnicodeWriter_Prepare`.
#[repr(C)]
#[derive(Debug)]
pub struct _PyUnicodeWriter {
    pub buffer: *mut PyObject,
    pub data: *mut c_void,
    /// `enum PyUnicode_Kind` (0 before the first write: smaller than every real kind).
    pub kind: u32,
    pub maxchar: Py_UCS4,
    /// Characters allocated in `buffer` (0 in read-only mode).
    pub size: Py_ssize_t,
    pub pos: Py_ssize_t,
    pub min_length: Py_ssize_t,
    pub min_char: Py_UCS4,
    pub overallocate: u8,
    /// 1 while `buffer` is a shared string taken by a single `WriteStr`.
    pub readonly: u8,
}

const _: () = assert!(core::mem::size_of::<_PyUnicodeWriter>() == 56);
const _: () = assert!(core::mem::offset_of!(_PyUnicodeWriter, min_char) == 48);
const _: () = assert!(core::mem::offset_of!(_PyUnicodeWriter, readonly) == 53);

/// Builds a `state` word from its parts.
pub const fn unicode_state(interned: u32, kind: u32, compact: bool, ascii: bool, ready: bool) -> u32 {
    ((interned & INTERNED_MASK) << INTERNED_SHIFT)
        | ((kind & KIND_MASK) << KIND_SHIFT)
        | if compact { COMPACT_BIT } else { 0 }
        | if ascii { ASCII_BIT } else { 0 }
        | if ready { READY_BIT } else { 0 }
}

impl PyASCIIObject {
    pub const fn interned(&self) -> u32 {
        (self.state >> INTERNED_SHIFT) & INTERNED_MASK
    }
    pub fn set_interned(&mut self, v: u32) {
        self.state = (self.state & !(INTERNED_MASK << INTERNED_SHIFT)) | ((v & INTERNED_MASK) << INTERNED_SHIFT);
    }
    /// 1, 2 or 4 bytes per character (0: the deprecated wchar_t kind).
    pub const fn kind(&self) -> u32 {
        (self.state >> KIND_SHIFT) & KIND_MASK
    }
    pub fn set_kind(&mut self, v: u32) {
        self.state = (self.state & !(KIND_MASK << KIND_SHIFT)) | ((v & KIND_MASK) << KIND_SHIFT);
    }
    pub const fn compact(&self) -> bool {
        self.state & COMPACT_BIT != 0
    }
    pub fn set_compact(&mut self, v: bool) {
        self.set_bit(COMPACT_BIT, v)
    }
    pub const fn ascii(&self) -> bool {
        self.state & ASCII_BIT != 0
    }
    pub fn set_ascii(&mut self, v: bool) {
        self.set_bit(ASCII_BIT, v)
    }
    pub const fn ready(&self) -> bool {
        self.state & READY_BIT != 0
    }
    pub fn set_ready(&mut self, v: bool) {
        self.set_bit(READY_BIT, v)
    }
    fn set_bit(&mut self, bit: u32, v: bool) {
        if v {
            self.state |= bit
        } else {
            self.state &= !bit
        }
    }

    /// The header of a statically allocated compact 1-byte-kind string of `length` characters
    /// (`_PyUnicode_ASCII_BASE_INIT`): immortal, hash not computed, not interned, ready.
    pub const fn static_compact(ty: *mut PyTypeObject, length: Py_ssize_t, ascii: bool) -> Self {
        PyASCIIObject {
            ob_base: PyObject { ob_refcnt: IMMORTAL_REFCNT, ob_type: ty },
            length,
            hash: -1,
            state: unicode_state(SSTATE_NOT_INTERNED, PyUnicode_1BYTE_KIND, true, ascii, true),
            wstr: core::ptr::null_mut(),
        }
    }
}

impl PyCompactUnicodeObject {
    /// A statically allocated compact latin-1 (non-ASCII) string header of `length`
    /// characters; its UTF-8 form is not computed yet.
    pub const fn static_latin1(ty: *mut PyTypeObject, length: Py_ssize_t) -> Self {
        PyCompactUnicodeObject {
            _base: PyASCIIObject::static_compact(ty, length, false),
            utf8_length: 0,
            utf8: core::ptr::null_mut(),
            wstr_length: 0,
        }
    }
}

const _: () = assert!(core::mem::size_of::<PyASCIIObject>() == 48);
const _: () = assert!(core::mem::offset_of!(PyASCIIObject, length) == 16);
const _: () = assert!(core::mem::offset_of!(PyASCIIObject, hash) == 24);
const _: () = assert!(core::mem::offset_of!(PyASCIIObject, state) == 32);
const _: () = assert!(core::mem::offset_of!(PyASCIIObject, wstr) == 40);
const _: () = assert!(core::mem::size_of::<PyCompactUnicodeObject>() == 72);
const _: () = assert!(core::mem::offset_of!(PyCompactUnicodeObject, utf8_length) == 48);
const _: () = assert!(core::mem::offset_of!(PyCompactUnicodeObject, utf8) == 56);
const _: () = assert!(core::mem::offset_of!(PyCompactUnicodeObject, wstr_length) == 64);
const _: () = assert!(core::mem::size_of::<PyUnicodeObject>() == 80);
const _: () = assert!(core::mem::offset_of!(PyUnicodeObject, data) == 72);
// The state word of a static `_Py_ID` string as pycore_runtime_init.h sets it: kind 1, compact, ascii, ready.
const _: () = assert!(unicode_state(0, 1, true, true, true) == 0xE4);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_accessors_round_trip() {
        let _runtime = crate::testing::hold_runtime();
        let mut s = PyASCIIObject::static_compact(core::ptr::null_mut(), 3, true);
        assert_eq!((s.interned(), s.kind(), s.compact(), s.ascii(), s.ready()), (0, 1, true, true, true));
        s.set_interned(SSTATE_INTERNED_IMMORTAL);
        s.set_kind(PyUnicode_4BYTE_KIND);
        s.set_ascii(false);
        assert_eq!(s.state, 2 | (4 << 2) | (1 << 5) | (1 << 7));
        assert_eq!((s.interned(), s.kind(), s.compact(), s.ascii(), s.ready()), (2, 4, true, false, true));
        s.set_ready(false);
        s.set_compact(false);
        assert_eq!(s.state, 2 | (4 << 2));
    }
}
