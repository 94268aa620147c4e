//! `str`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use crate::abi::unicodeobject::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyUnicode_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(unicode_dealloc),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"str", 80, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_UNICODE_SUBCLASS)
};

#[no_mangle]
pub static mut PyUnicodeIter_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"str_iterator", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);


const fn build_ascii_whitespace() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        // str.isspace() for ASCII: \t \n \v \f \r, the separators 0x1c..0x1f, and space.
        t[i] = matches!(i as u8, 0x09..=0x0d | 0x1c..=0x1f | b' ') as u8;
        i += 1;
    }
    t
}

/// `_Py_ascii_whitespace`: 1 for the ASCII code points `str.isspace()` accepts.
#[no_mangle]
pub static _Py_ascii_whitespace: [u8; 128] = build_ascii_whitespace();

// ---------------------------------------------------------------------------------------------
// Creation and reading of PEP 393 compact strings: the core every other part of the runtime
// needs (messages, names). The rest of `str` builds on these.

use crate::errors::{self, PyResult};
use crate::objects::object::{new_ref, Ref};
use core::ffi::c_void;

/// `struct` size in front of the characters of a compact ASCII string.
const ASCII_HEADER: usize = core::mem::size_of::<PyASCIIObject>();
/// `struct` size in front of the characters of a compact non-ASCII string.
const COMPACT_HEADER: usize = core::mem::size_of::<PyCompactUnicodeObject>();

/// `PyUnicode_New(size, maxchar)`: an uninitialized compact string of `size` code points
/// whose kind fits `maxchar` (the characters and the terminating NUL are the caller's to
/// write; the NUL is written here).
///
/// # Safety
/// A thread state is current.
pub unsafe fn new_uninit(size: Py_ssize_t, maxchar: u32) -> PyResult<*mut PyObject> {
    if size < 0 {
        return Err(errors::system_error("Negative size passed to PyUnicode_New"));
    }
    let (kind, ascii, header) = match maxchar {
        0..=0x7f => (PyUnicode_1BYTE_KIND, true, ASCII_HEADER),
        0x80..=0xff => (PyUnicode_1BYTE_KIND, false, COMPACT_HEADER),
        0x100..=0xffff => (PyUnicode_2BYTE_KIND, false, COMPACT_HEADER),
        0x10000..=0x10ffff => (PyUnicode_4BYTE_KIND, false, COMPACT_HEADER),
        _ => return Err(errors::system_error("invalid maximum character passed to PyUnicode_New")),
    };
    let char_size = kind as usize;
    let Some(total) = (size as usize)
        .checked_add(1)
        .and_then(|n| n.checked_mul(char_size))
        .and_then(|n| n.checked_add(header))
        .filter(|&n| n <= isize::MAX as usize)
    else {
        return Err(errors::no_memory());
    };
    let op = crate::mem::obj_malloc(total) as *mut PyObject;
    if op.is_null() {
        return Err(errors::no_memory());
    }
    crate::objects::object::init_object(op, &raw mut PyUnicode_Type);
    let a = op as *mut PyASCIIObject;
    (*a).length = size;
    (*a).hash = -1;
    (*a).state = unicode_state(0, kind, true, ascii, true);
    (*a).wstr = core::ptr::null_mut();
    if !ascii {
        let c = op as *mut PyCompactUnicodeObject;
        (*c).utf8_length = 0;
        (*c).utf8 = core::ptr::null_mut();
        (*c).wstr_length = 0;
    }
    let data = (op as *mut u8).add(header);
    core::ptr::write_bytes(data.add(size as usize * char_size), 0, char_size);
    Ok(op)
}

/// The characters of a ready string and their kind (`PyUnicode_DATA`, `PyUnicode_KIND`).
///
/// # Safety
/// `op` is a live, ready str.
pub unsafe fn data_and_kind(op: *mut PyObject) -> (*mut c_void, u32) {
    let a = op as *mut PyASCIIObject;
    let kind = (*a).kind();
    let data = if (*a).compact() {
        (op as *mut u8).add(if (*a).ascii() { ASCII_HEADER } else { COMPACT_HEADER }) as *mut c_void
    } else {
        (*(op as *mut PyUnicodeObject)).data.any
    };
    (data, kind)
}

/// `PyUnicode_GET_LENGTH`.
///
/// # Safety
/// `op` is a live, ready str.
#[inline]
pub unsafe fn length(op: *mut PyObject) -> Py_ssize_t {
    (*(op as *mut PyASCIIObject)).length
}

/// `PyUnicode_READ(kind, data, index)`.
///
/// # Safety
/// `data`/`kind` come from [`data_and_kind`] of a string longer than `index`.
#[inline(always)]
pub unsafe fn read_char(data: *const c_void, kind: u32, index: usize) -> u32 {
    match kind {
        PyUnicode_1BYTE_KIND => *(data as *const u8).add(index) as u32,
        PyUnicode_2BYTE_KIND => *(data as *const u16).add(index) as u32,
        _ => *(data as *const u32).add(index),
    }
}

/// A str object with the text of `s` (`PyUnicode_FromStringAndSize` for valid UTF-8). The
/// empty string and the one-character Latin-1 strings are the shared singletons.
pub fn new_str(s: &str) -> PyResult<Ref> {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        let empty = crate::_Py_STR!(empty);
        // SAFETY: the empty string is a static object.
        return Ok(unsafe { new_ref(empty) });
    }
    if bytes.is_ascii() {
        if bytes.len() == 1 {
            // SAFETY: the one-character strings are static objects.
            return Ok(unsafe { new_ref(crate::lifecycle::pyruntime::latin1_char(bytes[0])) });
        }
        // SAFETY: a fresh ASCII string has room for len bytes of 1-byte kind.
        unsafe {
            let op = new_uninit(bytes.len() as Py_ssize_t, 0x7f)?;
            let (data, _) = data_and_kind(op);
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), data as *mut u8, bytes.len());
            return Ok(Ref::from_raw(op));
        }
    }
    let mut count = 0usize;
    let mut maxchar = 0u32;
    for c in s.chars() {
        count += 1;
        maxchar = maxchar.max(c as u32);
    }
    if count == 1 && maxchar < 0x100 {
        // SAFETY: the one-character strings are static objects.
        return Ok(unsafe { new_ref(crate::lifecycle::pyruntime::latin1_char(maxchar as u8)) });
    }
    // SAFETY: the string is allocated for `count` characters of a kind that holds `maxchar`.
    unsafe {
        let op = new_uninit(count as Py_ssize_t, maxchar)?;
        let (data, kind) = data_and_kind(op);
        for (i, c) in s.chars().enumerate() {
            match kind {
                PyUnicode_1BYTE_KIND => *(data as *mut u8).add(i) = c as u8,
                PyUnicode_2BYTE_KIND => *(data as *mut u16).add(i) = c as u16,
                _ => *(data as *mut u32).add(i) = c as u32,
            }
        }
        Ok(Ref::from_raw(op))
    }
}

/// The text of a str as Rust UTF-8, lone surrogates replaced by U+FFFD (for messages and
/// diagnostics; `PyUnicode_AsUTF8` is the exact conversion).
///
/// # Safety
/// `op` is a live, ready str.
pub unsafe fn to_string_lossy(op: *mut PyObject) -> String {
    let (data, kind) = data_and_kind(op);
    let n = length(op) as usize;
    let mut out = String::with_capacity(n);
    for i in 0..n {
        out.push(char::from_u32(read_char(data, kind, i)).unwrap_or('\u{fffd}'));
    }
    out
}

/// `tp_dealloc` of exact str objects: frees the cached UTF-8 form, then the object.
///
/// # Safety
/// Called by `_Py_Dealloc` on a str whose count reached zero.
pub unsafe extern "C" fn unicode_dealloc(op: *mut PyObject) {
    let a = op as *mut PyASCIIObject;
    if !(*a).ascii() {
        let c = op as *mut PyCompactUnicodeObject;
        let (data, _) = data_and_kind(op);
        if !(*c).utf8.is_null() && (*c).utf8 as *mut c_void != data {
            crate::mem::obj_free((*c).utf8 as *mut c_void);
        }
        if !(*a).compact() {
            crate::mem::obj_free(data);
        }
    }
    crate::mem::obj_free(op as *mut c_void);
}
