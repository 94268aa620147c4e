//! Mirror of `internal/pycore_global_objects.h`: the immutable objects shared by all
//! interpreters, embedded in `_PyRuntime.global_objects` (58,256 bytes at offset 680).
//! lib-dynload modules built with `Py_BUILD_CORE_MODULE` read them in place (`_PyLong_GetZero`,
//! `_Py_ID`), so every object sits at CPython's offset.

use super::bytesobject::PyBytesObject;
use super::longobject::PyLongObject;
use super::object::PyTypeObject;
use super::pycore_gc::PyGC_Head;
use super::pycore_global_strings::_Py_global_strings;
use super::tupleobject::PyTupleObject;
use core::ffi::c_char;

/// Small ints are preallocated for `-_PY_NSMALLNEGINTS <= v < _PY_NSMALLPOSINTS`.
pub const _PY_NSMALLPOSINTS: usize = 257;
pub const _PY_NSMALLNEGINTS: usize = 5;

/// An element of `bytes_characters`: the one-byte bytes object and a NUL after it (the byte
/// itself is `ob.ob_sval[0]`; `eos` is the NUL that C code expects after the data).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_global_objects_singletons_bytes_characters {
    pub ob: PyBytesObject,
    pub eos: c_char,
}

/// The anonymous `singletons` struct.
#[repr(C)]
#[derive(Debug)]
pub struct _Py_global_objects_singletons {
    /// `small_ints[v + 5]` is the int `v`.
    pub small_ints: [PyLongObject; _PY_NSMALLNEGINTS + _PY_NSMALLPOSINTS],
    pub bytes_empty: PyBytesObject,
    /// `bytes_characters[c]` is `bytes([c])`.
    pub bytes_characters: [_Py_global_objects_singletons_bytes_characters; 256],
    pub strings: _Py_global_strings,
    /// Room for the GC header the empty tuple would have (it is never tracked).
    pub _tuple_empty_gc_not_used: PyGC_Head,
    pub tuple_empty: PyTupleObject,
}

/// `struct _Py_global_objects`, 58,256 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct _Py_global_objects {
    pub singletons: _Py_global_objects_singletons,
}

/// The type objects the static singletons point at.
#[derive(Debug, Clone, Copy)]
pub struct GlobalObjectTypes {
    pub long_type: *mut PyTypeObject,
    pub bytes_type: *mut PyTypeObject,
    pub unicode_type: *mut PyTypeObject,
    pub tuple_type: *mut PyTypeObject,
}

impl _Py_global_objects {
    /// `_Py_global_objects_INIT`: every object immortal (refcount 999999999); ints
    /// -5..=256; `b""` and the 256 one-byte bytes (hash not computed); the strings; `()`.
    pub const fn new(types: GlobalObjectTypes) -> Self {
        _Py_global_objects {
            singletons: _Py_global_objects_singletons {
                small_ints: small_ints(types.long_type),
                bytes_empty: PyBytesObject::static_simple(types.bytes_type, 0, 0),
                bytes_characters: bytes_characters(types.bytes_type),
                strings: _Py_global_strings::new(types.unicode_type),
                _tuple_empty_gc_not_used: PyGC_Head { _gc_next: 0, _gc_prev: 0 },
                tuple_empty: PyTupleObject::static_empty(types.tuple_type),
            },
        }
    }
}

const fn small_ints(long_type: *mut PyTypeObject) -> [PyLongObject; _PY_NSMALLNEGINTS + _PY_NSMALLPOSINTS] {
    let mut ints =
        [const { PyLongObject::static_small(core::ptr::null_mut(), 0) }; _PY_NSMALLNEGINTS + _PY_NSMALLPOSINTS];
    let mut i = 0;
    while i < ints.len() {
        ints[i] = PyLongObject::static_small(long_type, i as i32 - _PY_NSMALLNEGINTS as i32);
        i += 1;
    }
    ints
}

const fn bytes_characters(bytes_type: *mut PyTypeObject) -> [_Py_global_objects_singletons_bytes_characters; 256] {
    let mut chars = [const {
        _Py_global_objects_singletons_bytes_characters {
            ob: PyBytesObject::static_simple(core::ptr::null_mut(), 0, 1),
            eos: 0,
        }
    }; 256];
    let mut c = 0;
    while c < 256 {
        chars[c].ob = PyBytesObject::static_simple(bytes_type, c as u8, 1);
        c += 1;
    }
    chars
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<_Py_global_objects_singletons_bytes_characters>() == 48);
const _: () = assert!(size_of::<_Py_global_objects>() == 58_256);
const _: () = assert!(offset_of!(_Py_global_objects, singletons.small_ints) == 0);
const _: () = assert!(offset_of!(_Py_global_objects, singletons.bytes_empty) == 8384);
const _: () = assert!(offset_of!(_Py_global_objects, singletons.bytes_characters) == 8424);
const _: () = assert!(offset_of!(_Py_global_objects, singletons.strings) == 20_712);
const _: () = assert!(offset_of!(_Py_global_objects, singletons.strings.ascii) == 40_800);
const _: () = assert!(offset_of!(_Py_global_objects, singletons.strings.latin1) == 47_968);
const _: () = assert!(offset_of!(_Py_global_objects, singletons.tuple_empty) == 58_224);
