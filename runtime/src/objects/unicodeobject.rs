//! `str`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use super::typeobject::static_type;
use crate::abi::unicodeobject::*;
use crate::abi::*;

#[no_mangle]
pub static mut PyUnicode_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(unicode_dealloc),
    tp_hash: Some(unicode_hash),
    tp_richcompare: Some(unicode_richcompare),
    tp_repr: Some(unicode_repr),
    tp_str: Some(unicode_str),
    tp_methods: (&raw mut methods::UNICODE_METHODS).cast(),
    tp_as_sequence: &raw mut UNICODE_AS_SEQUENCE,
    tp_as_mapping: &raw mut UNICODE_AS_MAPPING,
    tp_iter: Some(unicode_iter),
    tp_as_number: &raw mut UNICODE_AS_NUMBER,
    tp_new: Some(unicode_new),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"str",
        80,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_UNICODE_SUBCLASS,
    )
};

/// The type of str iterators named `name` (both share the object and the methods).
const fn unicode_iter_type(name: &'static core::ffi::CStr) -> PyTypeObject {
    PyTypeObject {
        tp_dealloc: Some(unicodeiter_dealloc),
        tp_traverse: Some(unicodeiter_traverse),
        tp_iter: Some(crate::objects::object::PyObject_SelfIter),
        tp_iternext: Some(unicodeiter_next),
        tp_methods: (&raw mut UNICODEITER_METHODS).cast(),
        ..static_type(&raw mut super::typeobject::PyType_Type, name, 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
    }
}

#[no_mangle]
pub static mut PyUnicodeIter_Type: PyTypeObject = unicode_iter_type(c"str_iterator");

/// `_PyUnicodeASCIIIter_Type`: the iterator of compact ASCII strings (3.11 shows it as its
/// own type; it is not exported).
pub static mut PyUnicodeASCIIIter_Type: PyTypeObject = unicode_iter_type(c"str_ascii_iterator");

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
use core::ptr::null_mut;

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
        _ => {
            return Err(errors::system_error(
                "invalid maximum character passed to PyUnicode_New",
            ))
        }
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
    match (*a).interned() {
        SSTATE_INTERNED_MORTAL => forget_interned(op),
        SSTATE_INTERNED_IMMORTAL => {
            crate::lifecycle::fatal::fatal_error("unicode_dealloc", b"Immortal interned string died")
        }
        _ => {}
    }
    if !(*a).wstr.is_null() && !wstr_is_data(op) {
        crate::mem::obj_free((*a).wstr as *mut c_void);
    }
    if !(*a).ascii() {
        let c = op as *mut PyCompactUnicodeObject;
        let (data, _) = data_and_kind(op);
        if !(*c).utf8.is_null() && (*c).utf8 as *mut c_void != data {
            crate::mem::obj_free((*c).utf8 as *mut c_void);
        }
        if !(*a).compact() {
            crate::mem::obj_free(data);
        }
    } else if !(*a).compact() {
        // A legacy ASCII string: `utf8` shares the separately allocated characters.
        let (data, _) = data_and_kind(op);
        crate::mem::obj_free(data);
    }
    let tp = (*op).ob_type;
    match (*tp).tp_free {
        Some(free) if tp != &raw mut PyUnicode_Type => free(op as *mut c_void),
        _ => crate::mem::obj_free(op as *mut c_void),
    }
}

// ---------------------------------------------------------------------------------------------
// Building strings of unknown width: characters are appended to the narrowest buffer that
// holds them so far, widened on demand (what `_PyUnicodeWriter` does in C).

/// The characters gathered so far, stored at the width their maximum needs.
#[derive(Debug, Clone)]
enum Chars {
    Ucs1(Vec<u8>),
    Ucs2(Vec<u16>),
    Ucs4(Vec<u32>),
}

/// Accumulates code points and produces a compact str of the right kind.
#[derive(Debug, Clone)]
pub struct StrBuilder {
    chars: Chars,
    maxchar: u32,
}

impl Default for StrBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl StrBuilder {
    pub fn new() -> StrBuilder {
        StrBuilder {
            chars: Chars::Ucs1(Vec::new()),
            maxchar: 0,
        }
    }

    pub fn with_capacity(n: usize) -> StrBuilder {
        StrBuilder {
            chars: Chars::Ucs1(Vec::with_capacity(n)),
            maxchar: 0,
        }
    }

    /// Number of code points so far.
    pub fn len(&self) -> usize {
        match &self.chars {
            Chars::Ucs1(v) => v.len(),
            Chars::Ucs2(v) => v.len(),
            Chars::Ucs4(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The largest code point so far.
    pub fn maxchar(&self) -> u32 {
        self.maxchar
    }

    fn widen_for(&mut self, c: u32) {
        match &mut self.chars {
            Chars::Ucs1(v) if c > 0xff => {
                if c > 0xffff {
                    self.chars = Chars::Ucs4(v.iter().map(|&b| b as u32).collect());
                } else {
                    self.chars = Chars::Ucs2(v.iter().map(|&b| b as u16).collect());
                }
            }
            Chars::Ucs2(v) if c > 0xffff => {
                self.chars = Chars::Ucs4(v.iter().map(|&b| b as u32).collect());
            }
            _ => {}
        }
    }

    /// Appends one code point (`_PyUnicodeWriter_WriteChar`).
    #[inline]
    pub fn push(&mut self, c: u32) {
        if c > self.maxchar {
            self.maxchar = c;
            self.widen_for(c);
        }
        match &mut self.chars {
            Chars::Ucs1(v) => v.push(c as u8),
            Chars::Ucs2(v) => v.push(c as u16),
            Chars::Ucs4(v) => v.push(c),
        }
    }

    /// Appends ASCII (or Latin-1) bytes, one code point each.
    pub fn push_latin1(&mut self, bytes: &[u8]) {
        let m = bytes.iter().copied().max().unwrap_or(0) as u32;
        if m > self.maxchar {
            self.maxchar = m;
        }
        match &mut self.chars {
            Chars::Ucs1(v) => v.extend_from_slice(bytes),
            Chars::Ucs2(v) => v.extend(bytes.iter().map(|&b| b as u16)),
            Chars::Ucs4(v) => v.extend(bytes.iter().map(|&b| b as u32)),
        }
    }

    /// Appends Rust text.
    pub fn push_str(&mut self, s: &str) {
        if s.is_ascii() {
            self.push_latin1(s.as_bytes());
        } else {
            for c in s.chars() {
                self.push(c as u32);
            }
        }
    }

    /// Appends the characters `start..end` of a ready str.
    ///
    /// # Safety
    /// `op` is a live, ready str and `start <= end <= len(op)`.
    pub unsafe fn push_substr(&mut self, op: *mut PyObject, start: usize, end: usize) {
        let (data, kind) = data_and_kind(op);
        match kind {
            PyUnicode_1BYTE_KIND => {
                self.push_latin1(core::slice::from_raw_parts((data as *const u8).add(start), end - start))
            }
            _ => {
                for i in start..end {
                    self.push(read_char(data, kind, i));
                }
            }
        }
    }

    /// Appends a whole ready str (`_PyUnicodeWriter_WriteStr`).
    ///
    /// # Safety
    /// `op` is a live, ready str.
    pub unsafe fn push_obj(&mut self, op: *mut PyObject) {
        self.push_substr(op, 0, length(op) as usize)
    }

    /// The code point at `i`.
    pub fn get(&self, i: usize) -> u32 {
        match &self.chars {
            Chars::Ucs1(v) => v[i] as u32,
            Chars::Ucs2(v) => v[i] as u32,
            Chars::Ucs4(v) => v[i],
        }
    }

    /// Drops the characters from `len` on.
    pub fn truncate(&mut self, len: usize) {
        match &mut self.chars {
            Chars::Ucs1(v) => v.truncate(len),
            Chars::Ucs2(v) => v.truncate(len),
            Chars::Ucs4(v) => v.truncate(len),
        }
    }

    /// The finished str: singletons for "" and one Latin-1 character, else a new compact
    /// string of the narrowest kind.
    pub fn finish(self) -> PyResult<Ref> {
        match self.chars {
            Chars::Ucs1(v) => from_ucs1(&v),
            Chars::Ucs2(v) => from_ucs2(&v),
            Chars::Ucs4(v) => from_ucs4(&v),
        }
    }
}

/// A str of the given Latin-1 characters (`_PyUnicode_FromUCS1`).
pub fn from_ucs1(chars: &[u8]) -> PyResult<Ref> {
    match chars.len() {
        // SAFETY: the empty and one-character strings are static objects.
        0 => return Ok(unsafe { new_ref(crate::_Py_STR!(empty)) }),
        1 => return Ok(unsafe { new_ref(crate::lifecycle::pyruntime::latin1_char(chars[0])) }),
        _ => {}
    }
    let maxchar = if chars.is_ascii() { 0x7f } else { 0xff };
    // SAFETY: a fresh 1-byte-kind string has room for the characters.
    unsafe {
        let op = new_uninit(chars.len() as Py_ssize_t, maxchar)?;
        let (data, _) = data_and_kind(op);
        core::ptr::copy_nonoverlapping(chars.as_ptr(), data as *mut u8, chars.len());
        Ok(Ref::from_raw(op))
    }
}

/// A str of the given UCS-2 characters, narrowed to the kind their maximum needs.
pub fn from_ucs2(chars: &[u16]) -> PyResult<Ref> {
    let maxchar = chars.iter().copied().max().unwrap_or(0) as u32;
    if maxchar < 0x100 {
        let narrow: Vec<u8> = chars.iter().map(|&c| c as u8).collect();
        return from_ucs1(&narrow);
    }
    // SAFETY: a fresh 2-byte-kind string has room for the characters.
    unsafe {
        let op = new_uninit(chars.len() as Py_ssize_t, maxchar)?;
        let (data, _) = data_and_kind(op);
        core::ptr::copy_nonoverlapping(chars.as_ptr(), data as *mut u16, chars.len());
        Ok(Ref::from_raw(op))
    }
}

/// A str of the given code points, narrowed to the kind their maximum needs. Code points
/// above U+10FFFF raise SystemError as `PyUnicode_FromKindAndData` does.
pub fn from_ucs4(chars: &[u32]) -> PyResult<Ref> {
    let maxchar = chars.iter().copied().max().unwrap_or(0);
    if maxchar > 0x10ffff {
        return Err(errors::system_error(
            "invalid maximum character passed to PyUnicode_New",
        ));
    }
    if maxchar < 0x10000 {
        let narrow: Vec<u16> = chars.iter().map(|&c| c as u16).collect();
        return from_ucs2(&narrow);
    }
    // SAFETY: a fresh 4-byte-kind string has room for the characters.
    unsafe {
        let op = new_uninit(chars.len() as Py_ssize_t, maxchar)?;
        let (data, _) = data_and_kind(op);
        core::ptr::copy_nonoverlapping(chars.as_ptr(), data as *mut u32, chars.len());
        Ok(Ref::from_raw(op))
    }
}

// ---------------------------------------------------------------------------------------------
// The cross-file core: decoding from UTF-8, the cached UTF-8 form, hashing, equality, interning.

/// `PyUnicode_Check`: an instance of str or of a subclass.
///
/// # Safety
/// `op` points to a live object.
#[inline]
pub unsafe fn is_str(op: *mut PyObject) -> bool {
    crate::objects::object::has_feature((*op).ob_type, Py_TPFLAGS_UNICODE_SUBCLASS)
}

/// `PyUnicode_CheckExact`.
///
/// # Safety
/// `op` points to a live object.
#[inline]
pub unsafe fn is_exact_str(op: *mut PyObject) -> bool {
    (*op).ob_type == &raw mut PyUnicode_Type
}

/// `PyUnicode_DecodeUTF8(bytes, len, errors)`: `errors` None is strict. Invalid input raises
/// CPython's UnicodeDecodeError or goes through the named error handler.
pub fn from_utf8(bytes: &[u8], errors: Option<&str>) -> PyResult<Ref> {
    if bytes.is_ascii() {
        return from_ucs1(bytes);
    }
    if let Ok(text) = core::str::from_utf8(bytes) {
        return new_str(text);
    }
    crate::codecs::utf8::decode(bytes, &crate::codecs::ErrorHandler::parse(errors), None)
}

/// The UTF-8 bytes of a str (`PyUnicode_AsUTF8AndSize`), without the NUL that follows them
/// in memory. Computed once and kept in the object (for ASCII strings the characters
/// themselves); a lone surrogate raises UnicodeEncodeError ("surrogates not allowed").
///
/// # Safety
/// `op` is a live str; the slice lives as long as the object.
pub unsafe fn as_utf8<'a>(op: *mut PyObject) -> PyResult<&'a [u8]> {
    let a = op as *mut PyASCIIObject;
    if (*a).ascii() {
        let (data, _) = data_and_kind(op);
        return Ok(core::slice::from_raw_parts(data as *const u8, (*a).length as usize));
    }
    let c = op as *mut PyCompactUnicodeObject;
    if (*c).utf8.is_null() {
        let bytes = crate::codecs::utf8::encode(op, &crate::codecs::ErrorHandler::Strict)?;
        let buf = crate::mem::obj_malloc(bytes.len() + 1) as *mut u8;
        if buf.is_null() {
            return Err(errors::no_memory());
        }
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), buf, bytes.len());
        *buf.add(bytes.len()) = 0;
        (*c).utf8 = buf as *mut core::ffi::c_char;
        (*c).utf8_length = bytes.len() as Py_ssize_t;
    }
    Ok(core::slice::from_raw_parts(
        (*c).utf8 as *const u8,
        (*c).utf8_length as usize,
    ))
}

/// The characters' bytes as stored (length * kind bytes): what the hash covers.
///
/// # Safety
/// `op` is a live, ready str; the slice lives as long as the object.
#[inline]
pub unsafe fn raw_bytes<'a>(op: *mut PyObject) -> &'a [u8] {
    let (data, kind) = data_and_kind(op);
    core::slice::from_raw_parts(data as *const u8, length(op) as usize * kind as usize)
}

/// `hash(str)`: SipHash-1-3 of the stored characters, cached in the object.
///
/// # Safety
/// `op` is a live, ready str.
#[inline]
pub unsafe fn hash(op: *mut PyObject) -> Py_hash_t {
    let a = op as *mut PyASCIIObject;
    if (*a).hash != -1 {
        return (*a).hash;
    }
    let h = crate::pyhash::hash_bytes(raw_bytes(op));
    (*a).hash = h;
    h
}

/// `tp_hash` of str.
unsafe extern "C" fn unicode_hash(op: *mut PyObject) -> Py_hash_t {
    hash(op)
}

/// Equal text (`_PyUnicode_EQ` / `unicode_eq`): same length, same kind, same characters.
/// Strings of different kinds never hold the same text (kinds are canonical).
///
/// # Safety
/// `a` and `b` are live, ready str objects (exact or subclass).
#[inline]
pub unsafe fn eq(a: *mut PyObject, b: *mut PyObject) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (length(a), length(b));
    if la != lb {
        return false;
    }
    let (da, ka) = data_and_kind(a);
    let (db, kb) = data_and_kind(b);
    if ka != kb {
        return false;
    }
    let n = la as usize * ka as usize;
    core::slice::from_raw_parts(da as *const u8, n) == core::slice::from_raw_parts(db as *const u8, n)
}

/// True if the str's text equals the ASCII/UTF-8 `s` (`_PyUnicode_EqualToASCIIString` for
/// ASCII; any UTF-8 is compared by code points).
///
/// # Safety
/// `op` is a live, ready str.
pub unsafe fn eq_str(op: *mut PyObject, s: &str) -> bool {
    let (data, kind) = data_and_kind(op);
    let n = length(op) as usize;
    if kind == PyUnicode_1BYTE_KIND && s.is_ascii() {
        return n == s.len() && core::slice::from_raw_parts(data as *const u8, n) == s.as_bytes();
    }
    let mut i = 0;
    for c in s.chars() {
        if i >= n || read_char(data, kind, i) != c as u32 {
            return false;
        }
        i += 1;
    }
    i == n
}

/// Orders two strings by code points (`PyUnicode_Compare` on ready strings): -1, 0 or 1.
///
/// # Safety
/// `a` and `b` are live, ready str objects.
pub unsafe fn compare(a: *mut PyObject, b: *mut PyObject) -> core::ffi::c_int {
    if a == b {
        return 0;
    }
    let (da, ka) = data_and_kind(a);
    let (db, kb) = data_and_kind(b);
    let (la, lb) = (length(a) as usize, length(b) as usize);
    let n = la.min(lb);
    if ka == PyUnicode_1BYTE_KIND && kb == PyUnicode_1BYTE_KIND {
        let sa = core::slice::from_raw_parts(da as *const u8, n);
        let sb = core::slice::from_raw_parts(db as *const u8, n);
        match sa.cmp(sb) {
            core::cmp::Ordering::Less => return -1,
            core::cmp::Ordering::Greater => return 1,
            core::cmp::Ordering::Equal => {}
        }
    } else {
        for i in 0..n {
            let (x, y) = (read_char(da, ka, i), read_char(db, kb, i));
            if x != y {
                return if x < y { -1 } else { 1 };
            }
        }
    }
    (la > lb) as core::ffi::c_int - (la < lb) as core::ffi::c_int
}

/// The interned strings: one str object per text, keyed by content. The table's references
/// are not counted in the strings' refcounts (as CPython's interned dict): a mortal interned
/// string leaves the table when it dies.
///
/// `by_hash` maps a str hash (already well mixed: used as its own hash) to the first interned
/// string with that hash; strings whose hash collides with a different text wait in
/// `collided` (64-bit collisions are rare, so no allocation per string). `statics` caches
/// [`intern_str`]'s literals by address and length, so a lookup hashes two words, not text.
struct InternTable {
    by_hash: std::collections::HashMap<Py_hash_t, usize, core::hash::BuildHasherDefault<HashIsKey>>,
    collided: Vec<usize>,
    statics: ferrython_compiler::fxhash::FxMap<(usize, usize), usize>,
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct HashIsKey(u64);

impl core::hash::Hasher for HashIsKey {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 = n as u64;
    }
}

static INTERNED: std::sync::Mutex<Option<InternTable>> = std::sync::Mutex::new(None);

fn with_interned<R>(f: impl FnOnce(&mut InternTable) -> R) -> R {
    let mut guard = INTERNED.lock().unwrap_or_else(|p| p.into_inner());
    let table = guard.get_or_insert_with(|| InternTable {
        by_hash: Default::default(),
        collided: Vec::new(),
        statics: Default::default(),
    });
    f(table)
}

/// `PyUnicode_InternInPlace`: the interned string with `s`'s text (`s` itself if it is the
/// first). Subclass instances are returned unchanged, as CPython does.
pub fn intern(s: Ref) -> Ref {
    let op = s.as_ptr();
    // SAFETY: a Ref keeps its str alive; interned objects stay alive while in the table (they
    // remove themselves in dealloc).
    unsafe {
        if !is_exact_str(op) || (*(op as *mut PyASCIIObject)).interned() != SSTATE_NOT_INTERNED {
            return s;
        }
        let h = hash(op);
        let existing = with_interned(|t| {
            match t.by_hash.entry(h) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(op as usize);
                    None
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    let first = *o.get() as *mut PyObject;
                    if eq(first, op) {
                        return Some(first);
                    }
                    let same = t.collided.iter().map(|&p| p as *mut PyObject).find(|&p| hash(p) == h && eq(p, op));
                    if same.is_none() {
                        t.collided.push(op as usize);
                    }
                    same
                }
            }
        });
        match existing {
            Some(other) => new_ref(other),
            None => {
                (*(op as *mut PyASCIIObject)).set_interned(SSTATE_INTERNED_MORTAL);
                s
            }
        }
    }
}

/// Makes an interned string immortal (`PyUnicode_InternImmortal`): the table keeps a counted
/// reference forever.
///
/// # Safety
/// `op` is a live interned str.
pub unsafe fn make_immortal(op: *mut PyObject) {
    let a = op as *mut PyASCIIObject;
    if (*a).interned() == SSTATE_INTERNED_MORTAL {
        (*a).set_interned(SSTATE_INTERNED_IMMORTAL);
        crate::objects::object::incref(op);
    }
}

/// An interned, immortal str for a Rust literal (names, attribute keys): created once per
/// process and cached by the literal. Borrowed: never decref it. `NULL` only when memory
/// runs out (with MemoryError set).
pub fn intern_str(s: &'static str) -> *mut PyObject {
    let key = (s.as_ptr() as usize, s.len());
    if let Some(p) = with_interned(|t| t.statics.get(&key).copied()) {
        return p as *mut PyObject;
    }
    let Ok(text) = new_str(s) else {
        return core::ptr::null_mut();
    };
    let interned = intern(text);
    let op = interned.into_raw();
    // SAFETY: `op` is an owned interned (or static singleton) str; the cache keeps that reference.
    unsafe {
        if (*(op as *mut PyASCIIObject)).interned() == SSTATE_INTERNED_MORTAL {
            (*(op as *mut PyASCIIObject)).set_interned(SSTATE_INTERNED_IMMORTAL);
        }
    }
    with_interned(|t| t.statics.insert(key, op as usize));
    op
}

/// Removes a dying mortal interned string from the table (from `unicode_dealloc`).
///
/// # Safety
/// `op` is the str being deallocated.
unsafe fn forget_interned(op: *mut PyObject) {
    let h = (*(op as *mut PyASCIIObject)).hash;
    with_interned(|t| {
        if t.by_hash.get(&h) == Some(&(op as usize)) {
            // A string with the same hash waiting in `collided` takes its place.
            match t.collided.iter().position(|&p| (*(p as *mut PyASCIIObject)).hash == h) {
                Some(i) => {
                    let next = t.collided.swap_remove(i);
                    t.by_hash.insert(h, next);
                }
                None => {
                    t.by_hash.remove(&h);
                }
            }
        } else if let Some(i) = t.collided.iter().position(|&p| p == op as usize) {
            t.collided.swap_remove(i);
        }
    });
}

/// Number of interned strings (mortal + immortal), for statistics and tests.
pub fn interned_count() -> usize {
    with_interned(|t| t.by_hash.len() + t.collided.len())
}

/// `PyUnicode_Concat` for two str objects.
///
/// # Safety
/// `a` and `b` are live, ready str objects.
pub unsafe fn concat(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    let (la, lb) = (length(a) as usize, length(b) as usize);
    if lb == 0 && is_exact_str(a) {
        return Ok(new_ref(a));
    }
    if la == 0 && is_exact_str(b) {
        return Ok(new_ref(b));
    }
    let Some(total) = la.checked_add(lb).filter(|&n| n <= isize::MAX as usize) else {
        return Err(errors::overflow_error("strings are too large to concat"));
    };
    let maxchar = max_char(a).max(max_char(b));
    let op = new_uninit(total as Py_ssize_t, maxchar)?;
    let result = Ref::from_raw(op);
    copy_characters(op, 0, a, 0, la);
    copy_characters(op, la, b, 0, lb);
    Ok(result)
}

/// The largest code point a str's kind allows, as `PyUnicode_MAX_CHAR_VALUE` reports it
/// (0x7f for ASCII, 0xff, 0xffff or 0x10ffff).
///
/// # Safety
/// `op` is a live, ready str.
#[inline]
pub unsafe fn max_char(op: *mut PyObject) -> u32 {
    let a = op as *mut PyASCIIObject;
    if (*a).ascii() {
        return 0x7f;
    }
    match (*a).kind() {
        PyUnicode_1BYTE_KIND => 0xff,
        PyUnicode_2BYTE_KIND => 0xffff,
        _ => 0x10ffff,
    }
}

/// Copies `how_many` characters from `from[from_start..]` into `to[to_start..]`, converting
/// between kinds (`_PyUnicode_FastCopyCharacters`). The caller checked ranges and widths.
///
/// # Safety
/// Both are live strs; the ranges are in bounds; `to`'s kind holds every copied character.
pub unsafe fn copy_characters(
    to: *mut PyObject,
    to_start: usize,
    from: *mut PyObject,
    from_start: usize,
    how_many: usize,
) {
    let (td, tk) = data_and_kind(to);
    let (fd, fk) = data_and_kind(from);
    if tk == fk {
        core::ptr::copy(
            (fd as *const u8).add(from_start * fk as usize),
            (td as *mut u8).add(to_start * tk as usize),
            how_many * tk as usize,
        );
        return;
    }
    for i in 0..how_many {
        write_char(td, tk, to_start + i, read_char(fd, fk, from_start + i));
    }
}

/// `PyUnicode_WRITE(kind, data, index, value)`.
///
/// # Safety
/// `data`/`kind` describe a writable buffer longer than `index`; `value` fits `kind`.
#[inline(always)]
pub unsafe fn write_char(data: *mut c_void, kind: u32, index: usize, value: u32) {
    match kind {
        PyUnicode_1BYTE_KIND => *(data as *mut u8).add(index) = value as u8,
        PyUnicode_2BYTE_KIND => *(data as *mut u16).add(index) = value as u16,
        _ => *(data as *mut u32).add(index) = value,
    }
}

/// True when `wstr` shares the character buffer (a 4-byte-kind string, since wchar_t is 4 bytes
/// on Linux), so freeing the string must not free it twice.
///
/// # Safety
/// `op` is a live str.
unsafe fn wstr_is_data(op: *mut PyObject) -> bool {
    let (data, _) = data_and_kind(op);
    (*(op as *mut PyASCIIObject)).wstr as *mut c_void == data
}

/// `PyUnicode_IS_COMPACT`.
///
/// # Safety
/// `op` is a live str.
#[inline]
pub unsafe fn is_compact(op: *mut PyObject) -> bool {
    (*(op as *mut PyASCIIObject)).compact()
}

/// `unicode_check_modifiable`: only a fresh, private string may be written in place (one
/// reference, no hash yet, not interned, exactly str).
///
/// # Safety
/// `op` is a live str.
pub unsafe fn check_modifiable(op: *mut PyObject) -> PyResult<()> {
    let a = op as *mut PyASCIIObject;
    if (*op).ob_refcnt != 1 || (*a).hash != -1 || (*a).interned() != SSTATE_NOT_INTERNED || !is_exact_str(op) {
        return Err(errors::system_error("Cannot modify a string currently used"));
    }
    Ok(())
}

/// The largest code point among `op[start..end]`.
///
/// # Safety
/// `op` is a live str; the range is in bounds.
pub unsafe fn max_char_of_range(op: *mut PyObject, start: usize, end: usize) -> u32 {
    let (data, kind) = data_and_kind(op);
    if kind == PyUnicode_1BYTE_KIND && (*(op as *mut PyASCIIObject)).ascii() {
        return if start < end {
            0x7f.min(max_in(data, kind, start, end))
        } else {
            0
        };
    }
    max_in(data, kind, start, end)
}

unsafe fn max_in(data: *const c_void, kind: u32, start: usize, end: usize) -> u32 {
    let mut m = 0;
    for i in start..end {
        m = m.max(read_char(data, kind, i));
    }
    m
}

/// `unicode_kind_name` for messages: "ascii", "latin1", "UCS2", "UCS4" (legacy strings are
/// prefixed "legacy ").
///
/// # Safety
/// `op` is a live str.
pub unsafe fn kind_name(op: *mut PyObject) -> &'static str {
    let a = op as *mut PyASCIIObject;
    let compact = (*a).compact();
    match ((*a).kind(), (*a).ascii(), compact) {
        (PyUnicode_1BYTE_KIND, true, true) => "ascii",
        (PyUnicode_1BYTE_KIND, false, true) => "latin1",
        (PyUnicode_2BYTE_KIND, _, true) => "UCS2",
        (PyUnicode_4BYTE_KIND, _, true) => "UCS4",
        (PyUnicode_1BYTE_KIND, true, false) => "legacy ascii",
        (PyUnicode_1BYTE_KIND, false, false) => "legacy latin1",
        (PyUnicode_2BYTE_KIND, _, false) => "legacy UCS2",
        (PyUnicode_4BYTE_KIND, _, false) => "legacy UCS4",
        _ => "<invalid compact kind>",
    }
}

/// `PyUnicode_FromStringAndSize(NULL, size)`: a modifiable string of `size` NUL characters
/// (1-byte kind, ASCII), for callers that fill it in before sharing it.
pub fn new_zeroed(size: Py_ssize_t) -> PyResult<Ref> {
    if size == 0 {
        return from_ucs1(&[]);
    }
    // SAFETY: a fresh string of `size` 1-byte characters is zero-filled here.
    unsafe {
        let op = new_uninit(size, 0x7f)?;
        let (data, _) = data_and_kind(op);
        core::ptr::write_bytes(data as *mut u8, 0, size as usize);
        Ok(Ref::from_raw(op))
    }
}

/// `PyUnicode_CompareWithASCIIString`: compares code points with the bytes of `s` (read as
/// Latin-1); the str's embedded NULs sort after the C string ends.
///
/// # Safety
/// `op` is a live str.
pub unsafe fn compare_with_ascii(op: *mut PyObject, s: &[u8]) -> core::ffi::c_int {
    let (data, kind) = data_and_kind(op);
    let n = length(op) as usize;
    let m = n.min(s.len());
    for i in 0..m {
        let (x, y) = (read_char(data, kind, i), s[i] as u32);
        if x != y {
            return if x < y { -1 } else { 1 };
        }
    }
    if n < s.len() {
        return -1;
    }
    if n > s.len() {
        return 1;
    }
    0
}

/// `PyUnicode_RichCompare`: NotImplemented unless both are str; Py_EQ/Py_NE by content,
/// ordering by code points.
///
/// # Safety
/// `a` and `b` are live objects.
pub unsafe fn rich_compare(a: *mut PyObject, b: *mut PyObject, op: core::ffi::c_int) -> PyResult<Ref> {
    use crate::objects::boolobject::{_Py_FalseStruct, _Py_TrueStruct};
    if !is_str(a) || !is_str(b) {
        return Ok(new_ref(crate::objects::object::not_implemented()));
    }
    let result = match op {
        Py_EQ => eq(a, b),
        Py_NE => !eq(a, b),
        Py_LT | Py_LE | Py_GT | Py_GE => {
            let c = compare(a, b);
            match op {
                Py_LT => c < 0,
                Py_LE => c <= 0,
                Py_GT => c > 0,
                _ => c >= 0,
            }
        }
        _ => return Err(errors::bad_argument()),
    };
    let r = if result {
        &raw mut _Py_TrueStruct
    } else {
        &raw mut _Py_FalseStruct
    };
    Ok(new_ref(r.cast()))
}

// The comparison operators (`Py_LT` .. `Py_GE` in object.h).
const Py_LT: core::ffi::c_int = 0;
const Py_LE: core::ffi::c_int = 1;
const Py_EQ: core::ffi::c_int = 2;
const Py_NE: core::ffi::c_int = 3;
const Py_GT: core::ffi::c_int = 4;
const Py_GE: core::ffi::c_int = 5;

/// `tp_richcompare` of str.
unsafe extern "C" fn unicode_richcompare(a: *mut PyObject, b: *mut PyObject, op: core::ffi::c_int) -> *mut PyObject {
    errors::ptr_result(rich_compare(a, b, op))
}

/// The characters `start..end` as a new str (the whole exact str is shared).
///
/// # Safety
/// `op` is a live str; `start <= end <= len(op)`.
pub unsafe fn substring(op: *mut PyObject, start: usize, end: usize) -> PyResult<Ref> {
    if start == 0 && end == length(op) as usize && is_exact_str(op) {
        return Ok(new_ref(op));
    }
    let (data, kind) = data_and_kind(op);
    match kind {
        PyUnicode_1BYTE_KIND => from_ucs1(core::slice::from_raw_parts((data as *const u8).add(start), end - start)),
        PyUnicode_2BYTE_KIND => from_ucs2(core::slice::from_raw_parts(
            (data as *const u16).add(start),
            end - start,
        )),
        _ => from_ucs4(core::slice::from_raw_parts(
            (data as *const u32).add(start),
            end - start,
        )),
    }
}

/// A str from wchar_t (UCS-4 on Linux) code units; values above U+10FFFF raise ValueError
/// as `PyUnicode_FromWideChar` does.
pub fn from_wchar(chars: &[u32]) -> PyResult<Ref> {
    if let Some(&bad) = chars.iter().find(|&&c| c > 0x10ffff) {
        return Err(errors::value_error(&format!(
            "character U+{bad:x} is not in range [U+0000; U+10ffff]"
        )));
    }
    from_ucs4(chars)
}

/// `PyUnicode_Resize`: a string of `length` characters starting with `op`'s (new characters
/// are NUL). A private string is resized in place when possible; otherwise a copy replaces it
/// (the old reference is released). Returns the new object.
///
/// # Safety
/// `op` is a live str the caller owns a reference to (given up on success).
pub unsafe fn resize(op: *mut PyObject, new_len: Py_ssize_t) -> PyResult<*mut PyObject> {
    let old_len = length(op);
    if old_len == new_len {
        return Ok(op);
    }
    let (data, kind) = data_and_kind(op);
    let maxchar = max_char(op);
    let keep = old_len.min(new_len) as usize;
    let fresh = new_uninit(new_len, maxchar)?;
    let (fd, _) = data_and_kind(fresh);
    core::ptr::write_bytes(fd as *mut u8, 0, new_len as usize * kind as usize);
    core::ptr::copy_nonoverlapping(data as *const u8, fd as *mut u8, keep * kind as usize);
    crate::objects::object::decref(op);
    Ok(fresh)
}

/// `ascii(op)` (`PyObject_ASCII`): the repr with every non-ASCII character escaped as
/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
///
/// # Safety
/// `op` points to a live object; a thread state is current.
pub unsafe fn ascii_of(op: *mut PyObject) -> PyResult<Ref> {
    let repr = crate::objects::object::repr(op)?;
    let r = repr.as_ptr();
    if (*(r as *mut PyASCIIObject)).ascii() {
        return Ok(repr);
    }
    let (data, kind) = data_and_kind(r);
    let mut out = StrBuilder::with_capacity(length(r) as usize);
    for i in 0..length(r) as usize {
        let c = read_char(data, kind, i);
        if c < 0x80 {
            out.push(c);
        } else {
            crate::codecs::push_hex_escape(&mut out, c);
        }
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------------
// Character properties and case mappings (CPython's Objects/unicodectype.c), from the tables
// in `unicodetype_db.rs` generated from CPython 3.11 itself (Unicode 14.0.0).

pub mod ctype {
    use crate::objects::unicodetype_db::*;

    #[inline]
    pub fn record(c: u32) -> &'static Record {
        if c > 0x10ffff {
            return &RECORDS[0];
        }
        let block = INDEX1[(c >> SHIFT) as usize] as usize;
        &RECORDS[INDEX2[(block << SHIFT) + (c as usize & ((1 << SHIFT) - 1))] as usize]
    }

    #[inline]
    fn has(c: u32, flag: u16) -> bool {
        record(c).flags & flag != 0
    }

    pub fn is_alpha(c: u32) -> bool {
        has(c, ALPHA)
    }
    pub fn is_decimal(c: u32) -> bool {
        has(c, DECIMAL)
    }
    pub fn is_digit(c: u32) -> bool {
        has(c, DIGIT)
    }
    pub fn is_numeric(c: u32) -> bool {
        has(c, NUMERIC)
    }
    pub fn is_lower(c: u32) -> bool {
        has(c, LOWER)
    }
    pub fn is_upper(c: u32) -> bool {
        has(c, UPPER)
    }
    pub fn is_title(c: u32) -> bool {
        has(c, TITLE)
    }
    /// `Py_UNICODE_ISSPACE` (ASCII answered from `_Py_ascii_whitespace`'s rule).
    pub fn is_space(c: u32) -> bool {
        if c < 128 {
            return matches!(c, 0x09..=0x0d | 0x1c..=0x1f | 0x20);
        }
        has(c, SPACE)
    }
    pub fn is_printable(c: u32) -> bool {
        has(c, PRINTABLE)
    }
    pub fn is_cased(c: u32) -> bool {
        has(c, CASED)
    }
    pub fn is_case_ignorable(c: u32) -> bool {
        has(c, CASE_IGNORABLE)
    }
    pub fn is_xid_start(c: u32) -> bool {
        has(c, XID_START)
    }
    pub fn is_xid_continue(c: u32) -> bool {
        has(c, XID_CONTINUE)
    }
    pub fn is_linebreak(c: u32) -> bool {
        has(c, LINEBREAK)
    }
    /// `Py_UNICODE_ISALNUM`.
    pub fn is_alnum(c: u32) -> bool {
        is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
    }
    /// Decimal digit value, or -1.
    pub fn to_decimal(c: u32) -> i32 {
        record(c).decimal as i32
    }
    /// Digit value, or -1.
    pub fn to_digit(c: u32) -> i32 {
        record(c).digit as i32
    }
    /// Numeric value, or -1.0 (`_PyUnicode_ToNumeric`).
    pub fn to_numeric(c: u32) -> f64 {
        if is_numeric(c) {
            NUMERIC_VALUES[record(c).numeric as usize]
        } else {
            -1.0
        }
    }

    /// Which mapping: lower, upper, title, fold.
    #[derive(Clone, Copy)]
    pub enum Case {
        Lower = 0,
        Upper = 1,
        Title = 2,
        Fold = 3,
    }

    /// The full mapping of `c` (1 to 3 code points), written to `out`; returns the count.
    pub fn map_full(c: u32, which: Case, out: &mut [u32; 3]) -> usize {
        let r = record(c);
        let i = which as usize;
        if r.map_special & (1 << i) != 0 {
            let s = SPECIAL_CASES[r.maps[i] as usize];
            out[..s.len()].copy_from_slice(s);
            s.len()
        } else {
            out[0] = (c as i64 + r.maps[i] as i64) as u32;
            1
        }
    }

    /// The simple (one code point) mapping as CPython's `_PyUnicode_ToLowercase` and friends
    /// give it: the first code point of the full mapping (`ß` uppercases to `S`).
    pub fn map_simple(c: u32, which: Case) -> u32 {
        let mut buf = [0u32; 3];
        map_full(c, which, &mut buf);
        buf[0]
    }
}

// ---------------------------------------------------------------------------------------------
// The str operations behind the methods and the PyUnicode_* API: searching, splitting,
// joining, replacing, case mapping, stripping, padding, predicates and repr.

/// The characters of a ready str, read by index whatever the kind.
#[derive(Clone, Copy)]
pub enum Text<'a> {
    Ucs1(&'a [u8]),
    Ucs2(&'a [u16]),
    Ucs4(&'a [u32]),
}

impl<'a> Text<'a> {
    /// The view of `op`'s characters.
    ///
    /// # Safety
    /// `op` is a live, ready str that outlives the view and is not modified meanwhile.
    pub unsafe fn of(op: *mut PyObject) -> Text<'a> {
        let (data, kind) = data_and_kind(op);
        let n = length(op) as usize;
        match kind {
            PyUnicode_1BYTE_KIND => Text::Ucs1(core::slice::from_raw_parts(data as *const u8, n)),
            PyUnicode_2BYTE_KIND => Text::Ucs2(core::slice::from_raw_parts(data as *const u16, n)),
            _ => Text::Ucs4(core::slice::from_raw_parts(data as *const u32, n)),
        }
    }

    #[inline(always)]
    pub fn len(&self) -> usize {
        match self {
            Text::Ucs1(s) => s.len(),
            Text::Ucs2(s) => s.len(),
            Text::Ucs4(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline(always)]
    pub fn at(&self, i: usize) -> u32 {
        match self {
            Text::Ucs1(s) => s[i] as u32,
            Text::Ucs2(s) => s[i] as u32,
            Text::Ucs4(s) => s[i],
        }
    }

    /// True if `needle` occurs at `pos`.
    #[inline]
    pub fn matches_at(&self, pos: usize, needle: &Text<'_>) -> bool {
        let m = needle.len();
        if pos + m > self.len() {
            return false;
        }
        match (self, needle) {
            (Text::Ucs1(h), Text::Ucs1(n)) => &h[pos..pos + m] == *n,
            (Text::Ucs2(h), Text::Ucs2(n)) => &h[pos..pos + m] == *n,
            (Text::Ucs4(h), Text::Ucs4(n)) => &h[pos..pos + m] == *n,
            _ => (0..m).all(|i| self.at(pos + i) == needle.at(i)),
        }
    }

    /// First index in `start..end` where `needle` starts (`end` bounds the match's end).
    pub fn find(&self, needle: &Text<'_>, start: usize, end: usize) -> Option<usize> {
        let m = needle.len();
        if end < start || end - start < m {
            return None;
        }
        if m == 0 {
            return Some(start);
        }
        if let (Text::Ucs1(h), Text::Ucs1(n)) = (self, needle) {
            let first = n[0];
            let mut i = start;
            while i + m <= end {
                match h[i..end - m + 1].iter().position(|&b| b == first) {
                    Some(p) => {
                        i += p;
                        if &h[i..i + m] == *n {
                            return Some(i);
                        }
                        i += 1;
                    }
                    None => return None,
                }
            }
            return None;
        }
        (start..=end - m).find(|&i| self.matches_at(i, needle))
    }

    /// Last index in `start..end` where `needle` starts.
    pub fn rfind(&self, needle: &Text<'_>, start: usize, end: usize) -> Option<usize> {
        let m = needle.len();
        if end < start || end - start < m {
            return None;
        }
        (start..=end - m).rev().find(|&i| self.matches_at(i, needle))
    }

    /// Non-overlapping occurrences in `start..end`, at most `max`.
    pub fn count(&self, needle: &Text<'_>, start: usize, end: usize, max: usize) -> usize {
        if end < start {
            return 0;
        }
        if needle.is_empty() {
            return (end - start + 1).min(max);
        }
        let mut n = 0;
        let mut i = start;
        while n < max {
            match self.find(needle, i, end) {
                Some(p) => {
                    n += 1;
                    i = p + needle.len();
                }
                None => break,
            }
        }
        n
    }
}

/// CPython's `ADJUST_INDICES`: slice-style start/end clamped into `0..=len`.
pub fn adjust_indices(start: isize, end: isize, len: usize) -> (usize, usize) {
    let len = len as isize;
    let end = if end > len {
        len
    } else if end < 0 {
        (end + len).max(0)
    } else {
        end
    };
    let start = if start < 0 { (start + len).max(0) } else { start };
    (start as usize, end as usize)
}

/// `str.find`/`rfind` semantics: the index or -1 (`direction` > 0 searches forward).
///
/// # Safety
/// `hay` and `needle` are live strs.
pub unsafe fn find(hay: *mut PyObject, needle: *mut PyObject, start: isize, end: isize, direction: i32) -> isize {
    let h = Text::of(hay);
    let n = Text::of(needle);
    let (s, e) = adjust_indices(start, end, h.len());
    if s > h.len() {
        return -1;
    }
    let r = if direction > 0 {
        h.find(&n, s, e)
    } else {
        h.rfind(&n, s, e)
    };
    r.map_or(-1, |i| i as isize)
}

/// `str.count`.
///
/// # Safety
/// `hay` and `needle` are live strs.
pub unsafe fn count(hay: *mut PyObject, needle: *mut PyObject, start: isize, end: isize) -> isize {
    let h = Text::of(hay);
    let n = Text::of(needle);
    let (s, e) = adjust_indices(start, end, h.len());
    if s > h.len() || e < s {
        return 0;
    }
    h.count(&n, s, e, usize::MAX) as isize
}

/// `needle in hay`.
///
/// # Safety
/// Both are live strs.
pub unsafe fn contains(hay: *mut PyObject, needle: *mut PyObject) -> bool {
    let h = Text::of(hay);
    h.find(&Text::of(needle), 0, h.len()).is_some()
}

/// `PyUnicode_Tailmatch`: does `sub` match at the start (`direction` < 0) or the end
/// (`direction` > 0) of `s[start:end]`?
///
/// # Safety
/// Both are live strs.
pub unsafe fn tailmatch(s: *mut PyObject, sub: *mut PyObject, start: isize, end: isize, direction: i32) -> bool {
    let h = Text::of(s);
    let n = Text::of(sub);
    let (st, en) = adjust_indices(start, end, h.len());
    if en < st || en - st < n.len() || st > h.len() {
        return false;
    }
    if n.is_empty() {
        return true;
    }
    let pos = if direction > 0 { en - n.len() } else { st };
    h.matches_at(pos, &n)
}

/// `str.replace(old, new, count)` (`count` < 0: all).
///
/// # Safety
/// All three are live strs.
pub unsafe fn replace(s: *mut PyObject, old: *mut PyObject, new: *mut PyObject, maxcount: isize) -> PyResult<Ref> {
    let h = Text::of(s);
    let o = Text::of(old);
    let max = if maxcount < 0 { usize::MAX } else { maxcount as usize };
    let occurrences = h.count(&o, 0, h.len(), max);
    if occurrences == 0 {
        return if is_exact_str(s) {
            Ok(new_ref(s))
        } else {
            substring(s, 0, h.len())
        };
    }
    let nl = length(new) as usize;
    let Some(total) = (h.len() - occurrences * o.len())
        .checked_add(occurrences.checked_mul(nl).unwrap_or(usize::MAX))
        .filter(|&t| t <= isize::MAX as usize)
    else {
        return Err(errors::overflow_error("replace string is too long"));
    };
    let mut out = StrBuilder::with_capacity(total);
    let mut pos = 0;
    let mut done = 0;
    if o.is_empty() {
        // Insert `new` before every character (and at the end), up to the count.
        while done < occurrences {
            out.push_obj(new);
            done += 1;
            if pos < h.len() {
                out.push(h.at(pos));
                pos += 1;
            }
        }
        out.push_substr(s, pos, h.len());
        return out.finish();
    }
    while done < occurrences {
        let Some(p) = h.find(&o, pos, h.len()) else { break };
        out.push_substr(s, pos, p);
        out.push_obj(new);
        pos = p + o.len();
        done += 1;
    }
    out.push_substr(s, pos, h.len());
    out.finish()
}

/// `str.split(sep, maxsplit)` / `rsplit` (`sep` None: runs of whitespace).
///
/// # Safety
/// `s` and `sep` (if any) are live strs.
pub unsafe fn split(
    s: *mut PyObject,
    sep: Option<*mut PyObject>,
    maxsplit: isize,
    from_right: bool,
) -> PyResult<Vec<Ref>> {
    let h = Text::of(s);
    let n = h.len();
    let max = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut parts: Vec<(usize, usize)> = Vec::new();
    match sep {
        None => {
            if !from_right {
                let mut i = 0;
                let mut splits = 0;
                loop {
                    while i < n && ctype::is_space(h.at(i)) {
                        i += 1;
                    }
                    if i == n {
                        break;
                    }
                    if splits == max {
                        // The rest is one part, trailing whitespace included.
                        parts.push((i, n));
                        break;
                    }
                    let st = i;
                    while i < n && !ctype::is_space(h.at(i)) {
                        i += 1;
                    }
                    parts.push((st, i));
                    splits += 1;
                }
            } else {
                let mut i = n;
                let mut splits = 0;
                loop {
                    while i > 0 && ctype::is_space(h.at(i - 1)) {
                        i -= 1;
                    }
                    if i == 0 {
                        break;
                    }
                    if splits == max {
                        parts.push((0, i));
                        break;
                    }
                    let en = i;
                    while i > 0 && !ctype::is_space(h.at(i - 1)) {
                        i -= 1;
                    }
                    parts.push((i, en));
                    splits += 1;
                }
                parts.reverse();
            }
        }
        Some(sep) => {
            let p = Text::of(sep);
            if p.is_empty() {
                return Err(errors::value_error("empty separator"));
            }
            if !from_right {
                let mut i = 0;
                let mut splits = 0;
                while splits < max {
                    match h.find(&p, i, n) {
                        Some(k) => {
                            parts.push((i, k));
                            i = k + p.len();
                            splits += 1;
                        }
                        None => break,
                    }
                }
                parts.push((i, n));
            } else {
                let mut j = n;
                let mut splits = 0;
                while splits < max {
                    match h.rfind(&p, 0, j) {
                        Some(k) => {
                            parts.push((k + p.len(), j));
                            j = k;
                            splits += 1;
                        }
                        None => break,
                    }
                }
                parts.push((0, j));
                parts.reverse();
            }
        }
    }
    let mut out = Vec::with_capacity(parts.len());
    for (a, b) in parts {
        out.push(substring(s, a, b)?);
    }
    Ok(out)
}

/// `str.splitlines(keepends)`: lines end at `\n`, `\r`, `\r\n` and the other line
/// boundaries (`\v \f \x1c \x1d \x1e \x85 \u2028 \u2029`).
///
/// # Safety
/// `s` is a live str.
pub unsafe fn splitlines(s: *mut PyObject, keepends: bool) -> PyResult<Vec<Ref>> {
    let h = Text::of(s);
    let n = h.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let st = i;
        while i < n && !ctype::is_linebreak(h.at(i)) {
            i += 1;
        }
        let mut eol = i;
        if i < n {
            if h.at(i) == '\r' as u32 && i + 1 < n && h.at(i + 1) == '\n' as u32 {
                i += 2;
            } else {
                i += 1;
            }
            if keepends {
                eol = i;
            }
        }
        out.push(substring(s, st, eol)?);
    }
    Ok(out)
}

/// `sep.join(items)` for items that must all be str ("sequence item 1: expected str
/// instance, int found").
///
/// # Safety
/// `sep` is a live str; every item is a live object.
pub unsafe fn join(sep: *mut PyObject, items: &[*mut PyObject]) -> PyResult<Ref> {
    if items.len() == 1 && is_exact_str(items[0]) {
        return Ok(new_ref(items[0]));
    }
    let mut total = 0usize;
    let mut maxchar = max_char_of_range(sep, 0, length(sep) as usize);
    for (i, &it) in items.iter().enumerate() {
        if !is_str(it) {
            return Err(errors::type_error(&format!(
                "sequence item {i}: expected str instance, {} found",
                crate::objects::object::type_name(it)
            )));
        }
        total += length(it) as usize;
        maxchar = maxchar.max(max_char(it));
    }
    if items.is_empty() {
        return from_ucs1(&[]);
    }
    let sl = length(sep) as usize;
    let total = total + sl * (items.len() - 1);
    if total > isize::MAX as usize {
        return Err(errors::overflow_error("join() result is too long for a Python string"));
    }
    let mut out = StrBuilder::with_capacity(total);
    for (i, &it) in items.iter().enumerate() {
        if i > 0 {
            out.push_obj(sep);
        }
        out.push_obj(it);
    }
    let _ = maxchar;
    out.finish()
}

/// `str.partition` / `rpartition`: (head, sep, tail).
///
/// # Safety
/// Both are live strs.
pub unsafe fn partition(s: *mut PyObject, sep: *mut PyObject, from_right: bool) -> PyResult<[Ref; 3]> {
    let h = Text::of(s);
    let p = Text::of(sep);
    if p.is_empty() {
        return Err(errors::value_error("empty separator"));
    }
    let empty = || from_ucs1(&[]);
    let whole = || {
        if is_exact_str(s) {
            Ok(new_ref(s))
        } else {
            substring(s, 0, h.len())
        }
    };
    let found = if from_right {
        h.rfind(&p, 0, h.len())
    } else {
        h.find(&p, 0, h.len())
    };
    match found {
        Some(k) => Ok([substring(s, 0, k)?, new_ref(sep), substring(s, k + p.len(), h.len())?]),
        None if from_right => Ok([empty()?, empty()?, whole()?]),
        None => Ok([whole()?, empty()?, empty()?]),
    }
}

/// The case mappings of whole strings: `lower`, `upper`, `casefold`, `title`, `capitalize`,
/// `swapcase`, with the final-sigma rule of `lower`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CaseOp {
    Lower,
    Upper,
    Casefold,
    Title,
    Capitalize,
    Swapcase,
}

/// Is the capital sigma at `i` word-final (preceded by a cased letter, not followed by one,
/// skipping case-ignorable characters both ways)?
fn final_sigma(h: &Text<'_>, i: usize) -> bool {
    let mut j = i;
    let mut before = false;
    while j > 0 {
        j -= 1;
        let c = h.at(j);
        if !ctype::is_case_ignorable(c) {
            before = ctype::is_cased(c);
            break;
        }
    }
    if !before {
        return false;
    }
    let mut k = i + 1;
    while k < h.len() {
        let c = h.at(k);
        if !ctype::is_case_ignorable(c) {
            return !ctype::is_cased(c);
        }
        k += 1;
    }
    true
}

/// Applies a case operation to a str.
///
/// # Safety
/// `s` is a live str.
pub unsafe fn case_map(s: *mut PyObject, op: CaseOp) -> PyResult<Ref> {
    use ctype::Case;
    let h = Text::of(s);
    let mut out = StrBuilder::with_capacity(h.len());
    let mut buf = [0u32; 3];
    let lower_at = |i: usize, c: u32, out: &mut StrBuilder, buf: &mut [u32; 3]| {
        if c == 0x3a3 {
            out.push(if final_sigma(&h, i) { 0x3c2 } else { 0x3c3 });
        } else {
            let n = ctype::map_full(c, Case::Lower, buf);
            for &x in &buf[..n] {
                out.push(x);
            }
        }
    };
    let push_map = |c: u32, which: Case, out: &mut StrBuilder| {
        let mut b = [0u32; 3];
        let n = ctype::map_full(c, which, &mut b);
        for &x in &b[..n] {
            out.push(x);
        }
    };
    let mut previous_cased = false;
    for i in 0..h.len() {
        let c = h.at(i);
        match op {
            CaseOp::Lower => lower_at(i, c, &mut out, &mut buf),
            CaseOp::Upper => push_map(c, Case::Upper, &mut out),
            CaseOp::Casefold => push_map(c, Case::Fold, &mut out),
            CaseOp::Swapcase => {
                if ctype::is_upper(c) {
                    lower_at(i, c, &mut out, &mut buf)
                } else if ctype::is_lower(c) {
                    push_map(c, Case::Upper, &mut out)
                } else {
                    out.push(c)
                }
            }
            CaseOp::Capitalize => {
                if i == 0 {
                    push_map(c, Case::Title, &mut out)
                } else {
                    lower_at(i, c, &mut out, &mut buf)
                }
            }
            CaseOp::Title => {
                if previous_cased {
                    lower_at(i, c, &mut out, &mut buf)
                } else {
                    push_map(c, Case::Title, &mut out)
                }
                previous_cased = ctype::is_cased(c);
            }
        }
    }
    out.finish()
}

/// Which end(s) `strip` works on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum StripSide {
    Left,
    Right,
    Both,
}

/// `str.strip(chars)` / `lstrip` / `rstrip` (`chars` None: whitespace).
///
/// # Safety
/// `s` and `chars` (if any) are live strs.
pub unsafe fn strip(s: *mut PyObject, chars: Option<*mut PyObject>, side: StripSide) -> PyResult<Ref> {
    let h = Text::of(s);
    let set = chars.map(|c| Text::of(c));
    let strip_it = |c: u32| match &set {
        None => ctype::is_space(c),
        Some(t) => (0..t.len()).any(|k| t.at(k) == c),
    };
    let mut a = 0;
    let mut b = h.len();
    if side != StripSide::Right {
        while a < b && strip_it(h.at(a)) {
            a += 1;
        }
    }
    if side != StripSide::Left {
        while b > a && strip_it(h.at(b - 1)) {
            b -= 1;
        }
    }
    substring(s, a, b)
}

/// `ljust`/`rjust`/`center` padding: `left` and `right` fill characters around `s`.
///
/// # Safety
/// `s` is a live str.
pub unsafe fn pad(s: *mut PyObject, left: usize, right: usize, fill: u32) -> PyResult<Ref> {
    if left == 0 && right == 0 && is_exact_str(s) {
        return Ok(new_ref(s));
    }
    let n = length(s) as usize;
    if left
        .checked_add(right)
        .and_then(|x| x.checked_add(n))
        .is_none_or(|t| t > isize::MAX as usize)
    {
        return Err(errors::overflow_error("padded string is too long"));
    }
    let mut out = StrBuilder::with_capacity(left + n + right);
    for _ in 0..left {
        out.push(fill);
    }
    out.push_obj(s);
    for _ in 0..right {
        out.push(fill);
    }
    out.finish()
}

/// `str.center(width, fill)`: CPython puts the extra space on the right when the margin is
/// odd and the width odd... exactly: `left = marg / 2 + (marg & width & 1)`.
///
/// # Safety
/// `s` is a live str.
pub unsafe fn center(s: *mut PyObject, width: isize, fill: u32) -> PyResult<Ref> {
    let n = length(s);
    if n >= width {
        return pad(s, 0, 0, fill);
    }
    let marg = width - n;
    let left = marg / 2 + (marg & width & 1);
    pad(s, left as usize, (marg - left) as usize, fill)
}

/// `str.zfill(width)`: zeros after a leading sign.
///
/// # Safety
/// `s` is a live str.
pub unsafe fn zfill(s: *mut PyObject, width: isize) -> PyResult<Ref> {
    let n = length(s);
    if n >= width {
        return pad(s, 0, 0, 0);
    }
    let fill = (width - n) as usize;
    let h = Text::of(s);
    let mut out = StrBuilder::with_capacity(width as usize);
    let mut start = 0;
    if n > 0 && (h.at(0) == '+' as u32 || h.at(0) == '-' as u32) {
        out.push(h.at(0));
        start = 1;
    }
    for _ in 0..fill {
        out.push('0' as u32);
    }
    out.push_substr(s, start, n as usize);
    out.finish()
}

/// `str.expandtabs(tabsize)`.
///
/// # Safety
/// `s` is a live str.
pub unsafe fn expandtabs(s: *mut PyObject, tabsize: isize) -> PyResult<Ref> {
    let h = Text::of(s);
    let mut out = StrBuilder::with_capacity(h.len());
    let mut col: isize = 0;
    for i in 0..h.len() {
        let c = h.at(i);
        if c == '\t' as u32 {
            if tabsize > 0 {
                let incr = tabsize - col % tabsize;
                if col.checked_add(incr).is_none() {
                    return Err(errors::overflow_error("new string is too long"));
                }
                col += incr;
                for _ in 0..incr {
                    out.push(' ' as u32);
                }
            }
        } else {
            col += 1;
            out.push(c);
            if c == '\n' as u32 || c == '\r' as u32 {
                col = 0;
            }
        }
    }
    out.finish()
}

/// The `str.is*()` predicates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Predicate {
    Lower,
    Upper,
    Title,
    Space,
    Alpha,
    Alnum,
    Decimal,
    Digit,
    Numeric,
    Identifier,
    Printable,
    Ascii,
}

/// Evaluates a predicate on a whole str, with CPython's rules for the empty string and for
/// the cased predicates (at least one cased character, none of the wrong case).
///
/// # Safety
/// `s` is a live str.
pub unsafe fn predicate(s: *mut PyObject, p: Predicate) -> bool {
    let h = Text::of(s);
    let n = h.len();
    match p {
        Predicate::Ascii => (*(s as *mut PyASCIIObject)).ascii(),
        Predicate::Printable => (0..n).all(|i| ctype::is_printable(h.at(i))),
        Predicate::Identifier => {
            n > 0 && {
                let c0 = h.at(0);
                (ctype::is_xid_start(c0) || c0 == '_' as u32) && (1..n).all(|i| ctype::is_xid_continue(h.at(i)))
            }
        }
        Predicate::Lower | Predicate::Upper => {
            let (want, bad): (fn(u32) -> bool, fn(u32) -> bool) = if p == Predicate::Lower {
                (ctype::is_lower, ctype::is_upper)
            } else {
                (ctype::is_upper, ctype::is_lower)
            };
            let mut cased = false;
            for i in 0..n {
                let c = h.at(i);
                if bad(c) || ctype::is_title(c) {
                    return false;
                }
                if !cased && want(c) {
                    cased = true;
                }
            }
            cased
        }
        Predicate::Title => {
            let mut cased = false;
            let mut previous_cased = false;
            for i in 0..n {
                let c = h.at(i);
                if ctype::is_upper(c) || ctype::is_title(c) {
                    if previous_cased {
                        return false;
                    }
                    previous_cased = true;
                    cased = true;
                } else if ctype::is_lower(c) {
                    if !previous_cased {
                        return false;
                    }
                    previous_cased = true;
                    cased = true;
                } else {
                    previous_cased = false;
                }
            }
            cased
        }
        _ => {
            let f: fn(u32) -> bool = match p {
                Predicate::Space => ctype::is_space,
                Predicate::Alpha => ctype::is_alpha,
                Predicate::Alnum => ctype::is_alnum,
                Predicate::Decimal => ctype::is_decimal,
                Predicate::Digit => ctype::is_digit,
                _ => ctype::is_numeric,
            };
            n > 0 && (0..n).all(|i| f(h.at(i)))
        }
    }
}

/// `repr(str)`: single quotes unless the text has `'` and no `"`; `\\`, the quote, `\t \n \r`
/// escaped; other non-printable characters as `\xhh`, `\uhhhh`, `\Uhhhhhhhh`.
///
/// # Safety
/// `s` is a live str.
pub unsafe fn repr(s: *mut PyObject) -> PyResult<Ref> {
    let h = Text::of(s);
    let n = h.len();
    let has_single = (0..n).any(|i| h.at(i) == '\'' as u32);
    let has_double = (0..n).any(|i| h.at(i) == '"' as u32);
    let quote = if has_single && !has_double {
        '"' as u32
    } else {
        '\'' as u32
    };
    let mut out = StrBuilder::with_capacity(n + 2);
    out.push(quote);
    for i in 0..n {
        let c = h.at(i);
        match c {
            0x5c => out.push_latin1(b"\\\\"),
            0x09 => out.push_latin1(b"\\t"),
            0x0a => out.push_latin1(b"\\n"),
            0x0d => out.push_latin1(b"\\r"),
            _ if c == quote => {
                out.push('\\' as u32);
                out.push(c);
            }
            0x20..=0x7e => out.push(c),
            _ if c < 0x20 || c == 0x7f => crate::codecs::push_hex_escape(&mut out, c),
            _ if ctype::is_printable(c) => out.push(c),
            _ => crate::codecs::push_hex_escape(&mut out, c),
        }
    }
    out.push(quote);
    out.finish()
}

/// `tp_repr` of str.
unsafe extern "C" fn unicode_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(repr(op))
}

/// `tp_str` of str: the string itself, or an exact-str copy of a subclass instance.
unsafe extern "C" fn unicode_str(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(if is_exact_str(op) {
        Ok(new_ref(op))
    } else {
        substring(op, 0, length(op) as usize).and_then(|r| copy_exact(r))
    })
}

/// An exact str with the same text (`_PyUnicode_Copy` for subclass instances).
///
/// # Safety
/// `op` is a live str.
pub unsafe fn copy_exact(op: Ref) -> PyResult<Ref> {
    if is_exact_str(op.as_ptr()) {
        return Ok(op);
    }
    let mut b = StrBuilder::with_capacity(length(op.as_ptr()) as usize);
    b.push_obj(op.as_ptr());
    b.finish()
}

// ---------------------------------------------------------------------------------------------
// The Python-level methods of str (`tp_methods`), with CPython 3.11's argument messages.
// METH_NOARGS / METH_O argument counts are checked by the method descriptor; the FASTCALL
// methods check their own, in the style each method has in CPython (PyArg_ParseTuple-style
// "find() takes at least 1 argument (0 given)" or Argument Clinic's "replace expected at
// least 2 arguments, got 0").

mod methods {
    use super::*;
    use crate::abi::methodobject::*;
    use crate::objects::object::type_name;
    use core::ffi::{c_char, c_int};

    type Args<'a> = &'a [*mut PyObject];

    unsafe fn args<'a>(a: *const *mut PyObject, n: Py_ssize_t) -> Args<'a> {
        if n <= 0 {
            &[]
        } else {
            core::slice::from_raw_parts(a, n as usize)
        }
    }

    fn plural(n: usize) -> &'static str {
        if n == 1 {
            "argument"
        } else {
            "arguments"
        }
    }

    /// PyArg_ParseTuple-style positional count check.
    fn check_parse(name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
        if n < min {
            return Err(errors::type_error(&format!(
                "{name}() takes at least {min} {} ({n} given)",
                plural(min)
            )));
        }
        if n > max {
            return Err(errors::type_error(&format!(
                "{name}() takes at most {max} {} ({n} given)",
                plural(max)
            )));
        }
        Ok(())
    }

    /// Argument Clinic-style positional count check.
    fn check_clinic(name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
        if n < min {
            return Err(errors::type_error(&format!(
                "{name} expected at least {min} {}, got {n}",
                plural(min)
            )));
        }
        if n > max {
            return Err(errors::type_error(&format!(
                "{name} expected at most {max} {}, got {n}",
                plural(max)
            )));
        }
        Ok(())
    }

    /// Positional and keyword arguments of a METH_FASTCALL|METH_KEYWORDS method matched to
    /// `names` (`_PyArg_UnpackKeywords`), with CPython's messages.
    unsafe fn unpack_keywords(
        name: &str,
        a: *const *mut PyObject,
        nargs: Py_ssize_t,
        kwnames: *mut PyObject,
        names: &[&str],
        out: &mut [*mut PyObject],
    ) -> PyResult<()> {
        let pos = args(a, nargs);
        if pos.len() > names.len() {
            return Err(errors::type_error(&format!(
                "{name}() takes at most {} {} ({} given)",
                names.len(),
                plural(names.len()),
                pos.len()
            )));
        }
        out[..pos.len()].copy_from_slice(pos);
        if kwnames.is_null() {
            return Ok(());
        }
        let nkw = (*(kwnames as *mut PyVarObject)).ob_size as usize;
        let kwvals = a.add(pos.len());
        for k in 0..nkw {
            let key = *crate::objects::tupleobject::items(kwnames).add(k);
            let Some(slot) = names.iter().position(|n| eq_str(key, n)) else {
                return Err(errors::type_error(&format!(
                    "'{}' is an invalid keyword argument for {name}()",
                    to_string_lossy(key)
                )));
            };
            if slot < pos.len() {
                return Err(errors::type_error(&format!(
                    "argument for {name}() given by name ('{}') and position ({})",
                    names[slot],
                    slot + 1
                )));
            }
            out[slot] = *kwvals.add(k);
        }
        Ok(())
    }

    /// An index argument (`PyNumber_AsSsize_t(o, PyExc_OverflowError)`).
    unsafe fn index_arg(o: *mut PyObject) -> PyResult<isize> {
        crate::objects::longobject::as_ssize_index(o, crate::objects::exceptions::PyExc_OverflowError)
    }

    /// A slice bound (`_PyEval_SliceIndex`): None keeps the default; out-of-range values clamp.
    unsafe fn slice_index(o: *mut PyObject, default: isize) -> PyResult<isize> {
        if o.is_null() || o == crate::objects::object::none() {
            return Ok(default);
        }
        let tp = (*o).ob_type;
        let has_index = !(*tp).tp_as_number.is_null() && (*(*tp).tp_as_number).nb_index.is_some();
        if !has_index {
            return Err(errors::type_error(
                "slice indices must be integers or None or have an __index__ method",
            ));
        }
        crate::objects::longobject::as_ssize_index(o, core::ptr::null_mut())
    }

    unsafe fn must_be_str(o: *mut PyObject) -> PyResult<()> {
        if !is_str(o) {
            return Err(errors::type_error(&format!("must be str, not {}", type_name(o))));
        }
        Ok(())
    }

    fn int_obj(v: isize) -> *mut PyObject {
        errors::ptr_result(crate::objects::longobject::from_isize(v))
    }

    fn bool_obj(b: bool) -> *mut PyObject {
        use crate::objects::boolobject::{_Py_FalseStruct, _Py_TrueStruct};
        let p: *mut PyObject = if b {
            (&raw mut _Py_TrueStruct).cast()
        } else {
            (&raw mut _Py_FalseStruct).cast()
        };
        // SAFETY: the bools are static objects.
        unsafe { new_ref(p).into_raw() }
    }

    unsafe fn list_obj(parts: PyResult<Vec<Ref>>) -> *mut PyObject {
        errors::ptr_result(parts.and_then(|p| {
            let ptrs: Vec<*mut PyObject> = p.iter().map(|r| r.as_ptr()).collect();
            crate::objects::listobject::from_slice(&ptrs)
        }))
    }

    /// `find`/`rfind`/`index`/`rindex`/`count`: (sub[, start[, end]]).
    unsafe fn search(name: &str, s: *mut PyObject, a: Args<'_>) -> PyResult<(isize, isize)> {
        check_parse(name, a.len(), 1, 3)?;
        must_be_str(a[0])?;
        let start = slice_index(a.get(1).copied().unwrap_or(core::ptr::null_mut()), 0)?;
        let end = slice_index(a.get(2).copied().unwrap_or(core::ptr::null_mut()), isize::MAX)?;
        let _ = s;
        Ok((start, end))
    }

    macro_rules! fastcall {
        ($name:ident, |$s:ident, $a:ident| $body:expr) => {
            unsafe extern "C" fn $name(
                $s: *mut PyObject,
                argv: *const *mut PyObject,
                nargs: Py_ssize_t,
            ) -> *mut PyObject {
                let $a = args(argv, nargs);
                $body
            }
        };
    }
    macro_rules! fastcall_kw {
        ($name:ident, |$s:ident, $argv:ident, $nargs:ident, $kw:ident| $body:expr) => {
            unsafe extern "C" fn $name(
                $s: *mut PyObject,
                $argv: *const *mut PyObject,
                $nargs: Py_ssize_t,
                $kw: *mut PyObject,
            ) -> *mut PyObject {
                $body
            }
        };
    }
    macro_rules! noargs {
        ($name:ident, |$s:ident| $body:expr) => {
            unsafe extern "C" fn $name($s: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
                $body
            }
        };
    }
    macro_rules! onearg {
        ($name:ident, |$s:ident, $o:ident| $body:expr) => {
            unsafe extern "C" fn $name($s: *mut PyObject, $o: *mut PyObject) -> *mut PyObject {
                $body
            }
        };
    }

    fastcall!(str_find, |s, a| match search("find", s, a) {
        Ok((st, en)) => int_obj(find(s, a[0], st, en, 1)),
        Err(_) => core::ptr::null_mut(),
    });
    fastcall!(str_rfind, |s, a| match search("rfind", s, a) {
        Ok((st, en)) => int_obj(find(s, a[0], st, en, -1)),
        Err(_) => core::ptr::null_mut(),
    });
    fastcall!(str_index, |s, a| match search("index", s, a) {
        Ok((st, en)) => match find(s, a[0], st, en, 1) {
            -1 => errors::ptr_result(Err(errors::value_error("substring not found"))),
            i => int_obj(i),
        },
        Err(_) => core::ptr::null_mut(),
    });
    fastcall!(str_rindex, |s, a| match search("rindex", s, a) {
        Ok((st, en)) => match find(s, a[0], st, en, -1) {
            -1 => errors::ptr_result(Err(errors::value_error("substring not found"))),
            i => int_obj(i),
        },
        Err(_) => core::ptr::null_mut(),
    });
    fastcall!(str_count, |s, a| match search("count", s, a) {
        Ok((st, en)) => int_obj(count(s, a[0], st, en)),
        Err(_) => core::ptr::null_mut(),
    });

    /// `startswith`/`endswith`: a str or a tuple of str.
    unsafe fn tail(name: &str, s: *mut PyObject, a: Args<'_>, direction: i32) -> PyResult<bool> {
        check_parse(name, a.len(), 1, 3)?;
        let start = slice_index(a.get(1).copied().unwrap_or(core::ptr::null_mut()), 0)?;
        let end = slice_index(a.get(2).copied().unwrap_or(core::ptr::null_mut()), isize::MAX)?;
        let sub = a[0];
        if crate::objects::object::has_feature((*sub).ob_type, Py_TPFLAGS_TUPLE_SUBCLASS) {
            let n = (*(sub as *mut PyVarObject)).ob_size as usize;
            for i in 0..n {
                let item = *crate::objects::tupleobject::items(sub).add(i);
                if !is_str(item) {
                    return Err(errors::type_error(&format!(
                        "tuple for {name} must only contain str, not {}",
                        type_name(item)
                    )));
                }
                if tailmatch(s, item, start, end, direction) {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if !is_str(sub) {
            return Err(errors::type_error(&format!(
                "{name} first arg must be str or a tuple of str, not {}",
                type_name(sub)
            )));
        }
        Ok(tailmatch(s, sub, start, end, direction))
    }
    fastcall!(str_startswith, |s, a| match tail("startswith", s, a, -1) {
        Ok(b) => bool_obj(b),
        Err(_) => core::ptr::null_mut(),
    });
    fastcall!(str_endswith, |s, a| match tail("endswith", s, a, 1) {
        Ok(b) => bool_obj(b),
        Err(_) => core::ptr::null_mut(),
    });

    fastcall!(str_replace, |s, a| {
        let r = (|| {
            check_clinic("replace", a.len(), 2, 3)?;
            if !is_str(a[0]) {
                return Err(errors::type_error(&format!(
                    "replace() argument 1 must be str, not {}",
                    type_name(a[0])
                )));
            }
            if !is_str(a[1]) {
                return Err(errors::type_error(&format!(
                    "replace() argument 2 must be str, not {}",
                    type_name(a[1])
                )));
            }
            let count = match a.get(2) {
                Some(&c) => index_arg(c)?,
                None => -1,
            };
            replace(s, a[0], a[1], count)
        })();
        errors::ptr_result(r)
    });

    unsafe fn split_impl(
        name: &str,
        s: *mut PyObject,
        argv: *const *mut PyObject,
        nargs: Py_ssize_t,
        kw: *mut PyObject,
        right: bool,
    ) -> *mut PyObject {
        let mut out = [core::ptr::null_mut(); 2];
        if unpack_keywords(name, argv, nargs, kw, &["sep", "maxsplit"], &mut out).is_err() {
            return core::ptr::null_mut();
        }
        let sep = out[0];
        let sep = if sep.is_null() || sep == crate::objects::object::none() {
            None
        } else if !is_str(sep) {
            let _ = errors::type_error(&format!("must be str or None, not {}", type_name(sep)));
            return core::ptr::null_mut();
        } else {
            Some(sep)
        };
        let maxsplit = if out[1].is_null() {
            -1
        } else {
            match index_arg(out[1]) {
                Ok(m) => m,
                Err(_) => return core::ptr::null_mut(),
            }
        };
        list_obj(split(s, sep, maxsplit, right))
    }
    fastcall_kw!(str_split, |s, argv, nargs, kw| split_impl(
        "split", s, argv, nargs, kw, false
    ));
    fastcall_kw!(str_rsplit, |s, argv, nargs, kw| split_impl(
        "rsplit", s, argv, nargs, kw, true
    ));
    fastcall_kw!(str_splitlines, |s, argv, nargs, kw| {
        let mut out = [core::ptr::null_mut(); 1];
        if unpack_keywords("splitlines", argv, nargs, kw, &["keepends"], &mut out).is_err() {
            return core::ptr::null_mut();
        }
        let keep = if out[0].is_null() {
            false
        } else {
            match crate::objects::longobject::as_c_int(out[0]) {
                Ok(v) => v != 0,
                Err(_) => return core::ptr::null_mut(),
            }
        };
        list_obj(splitlines(s, keep))
    });
    fastcall_kw!(str_expandtabs, |s, argv, nargs, kw| {
        let mut out = [core::ptr::null_mut(); 1];
        if unpack_keywords("expandtabs", argv, nargs, kw, &["tabsize"], &mut out).is_err() {
            return core::ptr::null_mut();
        }
        let tabsize = if out[0].is_null() {
            8
        } else {
            match crate::objects::longobject::as_c_int(out[0]) {
                Ok(v) => v as isize,
                Err(_) => return core::ptr::null_mut(),
            }
        };
        errors::ptr_result(expandtabs(s, tabsize))
    });
    fastcall_kw!(str_encode, |s, argv, nargs, kw| {
        let mut out = [core::ptr::null_mut(); 2];
        if unpack_keywords("encode", argv, nargs, kw, &["encoding", "errors"], &mut out).is_err() {
            return core::ptr::null_mut();
        }
        let mut texts = [None, None];
        for (i, label) in ["encoding", "errors"].iter().enumerate() {
            if !out[i].is_null() {
                if !is_str(out[i]) {
                    let _ = errors::type_error(&format!(
                        "encode() argument '{label}' must be str, not {}",
                        type_name(out[i])
                    ));
                    return core::ptr::null_mut();
                }
                texts[i] = Some(to_string_lossy(out[i]));
            }
        }
        let enc = texts[0].as_deref().unwrap_or("utf-8");
        match crate::codecs::encode_builtin(s, enc, texts[1].as_deref()) {
            Some(r) => errors::ptr_result(r.and_then(|b| crate::objects::bytesobject::from_slice(&b))),
            None => errors::ptr_result(Err(errors::set_string(
                crate::objects::exceptions::PyExc_LookupError,
                &format!("unknown encoding: {enc}"),
            ))),
        }
    });

    onearg!(str_join, |s, seq| {
        let r = (|| {
            let list = if crate::objects::listobject::check(seq) {
                Ref::from_borrowed(seq)
            } else {
                match crate::objects::listobject::from_iterable(seq) {
                    Ok(l) => l,
                    Err(e) => {
                        if errors::occurred() == crate::objects::exceptions::PyExc_TypeError {
                            errors::clear();
                            return Err(errors::type_error("can only join an iterable"));
                        }
                        return Err(e);
                    }
                }
            };
            let n = crate::objects::listobject::len(list.as_ptr()) as usize;
            let items = if n == 0 {
                Vec::new()
            } else {
                core::slice::from_raw_parts(crate::objects::listobject::items(list.as_ptr()), n).to_vec()
            };
            join(s, &items)
        })();
        errors::ptr_result(r)
    });

    unsafe fn strip_impl(name: &str, s: *mut PyObject, a: Args<'_>, side: StripSide) -> *mut PyObject {
        if check_clinic(name, a.len(), 0, 1).is_err() {
            return core::ptr::null_mut();
        }
        let chars = match a.first() {
            None => None,
            Some(&o) if o == crate::objects::object::none() => None,
            Some(&o) if is_str(o) => Some(o),
            Some(_) => {
                let _ = errors::type_error(&format!("{name} arg must be None or str"));
                return core::ptr::null_mut();
            }
        };
        errors::ptr_result(strip(s, chars, side))
    }
    fastcall!(str_strip, |s, a| strip_impl("strip", s, a, StripSide::Both));
    fastcall!(str_lstrip, |s, a| strip_impl("lstrip", s, a, StripSide::Left));
    fastcall!(str_rstrip, |s, a| strip_impl("rstrip", s, a, StripSide::Right));

    /// (width[, fillchar]) of center/ljust/rjust.
    unsafe fn pad_args(name: &str, a: Args<'_>) -> PyResult<(isize, u32)> {
        check_clinic(name, a.len(), 1, 2)?;
        let width = index_arg(a[0])?;
        let fill = match a.get(1) {
            None => ' ' as u32,
            Some(&f) => {
                if !is_str(f) {
                    return Err(errors::type_error(&format!(
                        "The fill character must be a unicode character, not {}",
                        type_name(f)
                    )));
                }
                if length(f) != 1 {
                    return Err(errors::type_error(
                        "The fill character must be exactly one character long",
                    ));
                }
                let (d, k) = data_and_kind(f);
                read_char(d, k, 0)
            }
        };
        Ok((width, fill))
    }
    fastcall!(str_center, |s, a| errors::ptr_result(
        pad_args("center", a).and_then(|(w, f)| center(s, w, f))
    ));
    fastcall!(str_ljust, |s, a| errors::ptr_result(pad_args("ljust", a).and_then(
        |(w, f)| {
            let n = length(s);
            pad(s, 0, if w > n { (w - n) as usize } else { 0 }, f)
        }
    )));
    fastcall!(str_rjust, |s, a| errors::ptr_result(pad_args("rjust", a).and_then(
        |(w, f)| {
            let n = length(s);
            pad(s, if w > n { (w - n) as usize } else { 0 }, 0, f)
        }
    )));
    onearg!(str_zfill, |s, w| errors::ptr_result(
        index_arg(w).and_then(|w| zfill(s, w))
    ));
    onearg!(str_partition, |s, sep| errors::ptr_result(
        must_be_str(sep)
            .and_then(|_| partition(s, sep, false))
            .and_then(|[a, b, c]| crate::objects::tupleobject::pack(&[a.as_ptr(), b.as_ptr(), c.as_ptr()]))
    ));
    onearg!(str_rpartition, |s, sep| errors::ptr_result(
        must_be_str(sep)
            .and_then(|_| partition(s, sep, true))
            .and_then(|[a, b, c]| crate::objects::tupleobject::pack(&[a.as_ptr(), b.as_ptr(), c.as_ptr()]))
    ));
    onearg!(str_removeprefix, |s, p| errors::ptr_result(must_be_str(p).and_then(
        |_| {
            if tailmatch(s, p, 0, isize::MAX, -1) {
                substring(s, length(p) as usize, length(s) as usize)
            } else {
                substring(s, 0, length(s) as usize)
            }
        }
    )));
    onearg!(str_removesuffix, |s, p| errors::ptr_result(must_be_str(p).and_then(
        |_| {
            if length(p) > 0 && tailmatch(s, p, 0, isize::MAX, 1) {
                substring(s, 0, (length(s) - length(p)) as usize)
            } else {
                substring(s, 0, length(s) as usize)
            }
        }
    )));

    onearg!(str_format_spec, |s, spec| {
        if !is_str(spec) {
            return errors::ptr_result(Err(errors::type_error(&format!(
                "__format__() argument must be str, not {}",
                type_name(spec)
            ))));
        }
        errors::ptr_result(format_spec(s, spec))
    });
    noargs!(str_lower, |s| errors::ptr_result(case_map(s, CaseOp::Lower)));
    noargs!(str_upper, |s| errors::ptr_result(case_map(s, CaseOp::Upper)));
    noargs!(str_casefold, |s| errors::ptr_result(case_map(s, CaseOp::Casefold)));
    noargs!(str_title, |s| errors::ptr_result(case_map(s, CaseOp::Title)));
    noargs!(str_capitalize, |s| errors::ptr_result(case_map(s, CaseOp::Capitalize)));
    noargs!(str_swapcase, |s| errors::ptr_result(case_map(s, CaseOp::Swapcase)));
    noargs!(str_islower, |s| bool_obj(predicate(s, Predicate::Lower)));
    noargs!(str_isupper, |s| bool_obj(predicate(s, Predicate::Upper)));
    noargs!(str_istitle, |s| bool_obj(predicate(s, Predicate::Title)));
    noargs!(str_isspace, |s| bool_obj(predicate(s, Predicate::Space)));
    noargs!(str_isalpha, |s| bool_obj(predicate(s, Predicate::Alpha)));
    noargs!(str_isalnum, |s| bool_obj(predicate(s, Predicate::Alnum)));
    noargs!(str_isdecimal, |s| bool_obj(predicate(s, Predicate::Decimal)));
    noargs!(str_isdigit, |s| bool_obj(predicate(s, Predicate::Digit)));
    noargs!(str_isnumeric, |s| bool_obj(predicate(s, Predicate::Numeric)));
    noargs!(str_isidentifier, |s| bool_obj(predicate(s, Predicate::Identifier)));
    noargs!(str_isprintable, |s| bool_obj(predicate(s, Predicate::Printable)));
    noargs!(str_isascii, |s| bool_obj(predicate(s, Predicate::Ascii)));
    noargs!(str_sizeof, |s| {
        let a = s as *mut PyASCIIObject;
        let header = if (*a).ascii() { ASCII_HEADER } else { COMPACT_HEADER };
        let mut size = header + (length(s) as usize + 1) * (*a).kind() as usize;
        if !(*a).ascii() {
            let c = s as *mut PyCompactUnicodeObject;
            if !(*c).utf8.is_null() {
                size += (*c).utf8_length as usize + 1;
            }
        }
        int_obj(size as isize)
    });
    noargs!(str_getnewargs, |s| errors::ptr_result(
        substring(s, 0, length(s) as usize)
            .and_then(|c| copy_exact(c))
            .and_then(|c| crate::objects::tupleobject::pack(&[c.as_ptr()]))
    ));

    const fn fast(
        f: unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject,
    ) -> PyCFunction {
        // SAFETY: METH_FASTCALL entries are stored as PyCFunction and called with their real
        // signature, as in C.
        Some(unsafe {
            core::mem::transmute::<
                unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
            >(f)
        })
    }
    const fn fast_kw(
        f: unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t, *mut PyObject) -> *mut PyObject,
    ) -> PyCFunction {
        // SAFETY: as in `fast`, for METH_FASTCALL|METH_KEYWORDS.
        Some(unsafe {
            core::mem::transmute::<
                unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t, *mut PyObject) -> *mut PyObject,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
            >(f)
        })
    }
    const fn varargs_kw(
        f: unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject,
    ) -> PyCFunction {
        // SAFETY: METH_VARARGS|METH_KEYWORDS entries are stored as PyCFunction and called with
        // their real signature, as in C.
        Some(unsafe {
            core::mem::transmute::<
                unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
            >(f)
        })
    }
    const fn def(name: &'static core::ffi::CStr, meth: PyCFunction, flags: c_int) -> PyMethodDef {
        PyMethodDef {
            ml_name: name.as_ptr(),
            ml_meth: meth,
            ml_flags: flags,
            ml_doc: core::ptr::null::<c_char>(),
        }
    }
    const FAST: c_int = METH_FASTCALL;
    const FAST_KW: c_int = METH_FASTCALL | METH_KEYWORDS;

    /// `str`'s method table, in CPython's `unicode_methods` order.
    pub static mut UNICODE_METHODS: [PyMethodDef; 51] = [
        def(c"encode", fast_kw(str_encode), FAST_KW),
        def(c"replace", fast(str_replace), FAST),
        def(c"split", fast_kw(str_split), FAST_KW),
        def(c"rsplit", fast_kw(str_rsplit), FAST_KW),
        def(c"join", Some(str_join), METH_O),
        def(c"capitalize", Some(str_capitalize), METH_NOARGS),
        def(c"casefold", Some(str_casefold), METH_NOARGS),
        def(c"title", Some(str_title), METH_NOARGS),
        def(c"center", fast(str_center), FAST),
        def(c"count", fast(str_count), FAST),
        def(c"expandtabs", fast_kw(str_expandtabs), FAST_KW),
        def(c"find", fast(str_find), FAST),
        def(c"partition", Some(str_partition), METH_O),
        def(c"index", fast(str_index), FAST),
        def(c"ljust", fast(str_ljust), FAST),
        def(c"lower", Some(str_lower), METH_NOARGS),
        def(c"lstrip", fast(str_lstrip), FAST),
        def(c"rfind", fast(str_rfind), FAST),
        def(c"rindex", fast(str_rindex), FAST),
        def(c"rjust", fast(str_rjust), FAST),
        def(c"rstrip", fast(str_rstrip), FAST),
        def(c"rpartition", Some(str_rpartition), METH_O),
        def(c"splitlines", fast_kw(str_splitlines), FAST_KW),
        def(c"strip", fast(str_strip), FAST),
        def(c"swapcase", Some(str_swapcase), METH_NOARGS),
        def(c"upper", Some(str_upper), METH_NOARGS),
        def(c"startswith", fast(str_startswith), FAST),
        def(c"endswith", fast(str_endswith), FAST),
        def(c"removeprefix", Some(str_removeprefix), METH_O),
        def(c"removesuffix", Some(str_removesuffix), METH_O),
        def(c"isascii", Some(str_isascii), METH_NOARGS),
        def(c"islower", Some(str_islower), METH_NOARGS),
        def(c"isupper", Some(str_isupper), METH_NOARGS),
        def(c"istitle", Some(str_istitle), METH_NOARGS),
        def(c"isspace", Some(str_isspace), METH_NOARGS),
        def(c"isdecimal", Some(str_isdecimal), METH_NOARGS),
        def(c"isdigit", Some(str_isdigit), METH_NOARGS),
        def(c"isnumeric", Some(str_isnumeric), METH_NOARGS),
        def(c"isalpha", Some(str_isalpha), METH_NOARGS),
        def(c"isalnum", Some(str_isalnum), METH_NOARGS),
        def(c"isidentifier", Some(str_isidentifier), METH_NOARGS),
        def(c"isprintable", Some(str_isprintable), METH_NOARGS),
        def(c"zfill", Some(str_zfill), METH_O),
        def(c"format", varargs_kw(crate::objects::unicode_format::str_format), METH_VARARGS | METH_KEYWORDS),
        def(c"format_map", Some(crate::objects::unicode_format::str_format_map), METH_O),
        def(c"__format__", Some(str_format_spec), METH_O),
        def(c"maketrans", fast(crate::objects::unicode_translate::str_maketrans), METH_FASTCALL | METH_STATIC),
        def(c"translate", Some(crate::objects::unicode_translate::str_translate), METH_O),
        def(c"__sizeof__", Some(str_sizeof), METH_NOARGS),
        def(c"__getnewargs__", Some(str_getnewargs), METH_NOARGS),
        PyMethodDef {
            ml_name: core::ptr::null(),
            ml_meth: None,
            ml_flags: 0,
            ml_doc: core::ptr::null(),
        },
    ];
}

// ---------------------------------------------------------------------------------------------
// The sequence and mapping protocols of str (`len`, `+`, `*`, `s[i]`, `s[a:b:c]`, `in`) and
// its iterator.

/// The one-character str for `c` (the Latin-1 ones are the shared singletons).
pub fn char_str(c: u32) -> PyResult<Ref> {
    if c < 0x100 {
        // SAFETY: the one-character strings are static objects.
        return Ok(unsafe { new_ref(crate::lifecycle::pyruntime::latin1_char(c as u8)) });
    }
    from_ucs4(&[c])
}

unsafe extern "C" fn unicode_length(op: *mut PyObject) -> Py_ssize_t {
    length(op)
}

unsafe extern "C" fn unicode_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    if !is_str(b) {
        return errors::ptr_result(Err(errors::type_error(&format!(
            "can only concatenate str (not \"{}\") to str",
            crate::objects::object::type_name(b)
        ))));
    }
    if !is_str(a) {
        return errors::ptr_result(Err(errors::type_error(&format!(
            "can only concatenate str (not \"{}\") to str",
            crate::objects::object::type_name(a)
        ))));
    }
    errors::ptr_result(concat(a, b))
}

/// `s * n`.
///
/// # Safety
/// `op` is a live str.
pub unsafe fn repeat(op: *mut PyObject, n: Py_ssize_t) -> PyResult<Ref> {
    let len = length(op) as usize;
    if n <= 0 || len == 0 {
        return from_ucs1(&[]);
    }
    if n == 1 && is_exact_str(op) {
        return Ok(new_ref(op));
    }
    let Some(total) = len.checked_mul(n as usize).filter(|&t| t <= isize::MAX as usize) else {
        return Err(errors::overflow_error("repeated string is too long"));
    };
    let (data, kind) = data_and_kind(op);
    let fresh = new_uninit(total as Py_ssize_t, max_char(op))?;
    let (fd, _) = data_and_kind(fresh);
    let chunk = len * kind as usize;
    for i in 0..n as usize {
        core::ptr::copy_nonoverlapping(data as *const u8, (fd as *mut u8).add(i * chunk), chunk);
    }
    Ok(Ref::from_raw(fresh))
}

unsafe extern "C" fn unicode_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result(repeat(op, n))
}

unsafe extern "C" fn unicode_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    if i < 0 || i >= length(op) {
        return errors::ptr_result(Err(errors::index_error("string index out of range")));
    }
    let (data, kind) = data_and_kind(op);
    errors::ptr_result(char_str(read_char(data, kind, i as usize)))
}

unsafe extern "C" fn unicode_contains(hay: *mut PyObject, needle: *mut PyObject) -> core::ffi::c_int {
    if !is_str(needle) {
        let _ = errors::type_error(&format!(
            "'in <string>' requires string as left operand, not {}",
            crate::objects::object::type_name(needle)
        ));
        return -1;
    }
    contains(hay, needle) as core::ffi::c_int
}

unsafe extern "C" fn unicode_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    let tp = (*key).ob_type;
    if !(*tp).tp_as_number.is_null() && (*(*tp).tp_as_number).nb_index.is_some() {
        let mut i = match crate::objects::longobject::as_ssize_index(key, crate::objects::exceptions::PyExc_IndexError)
        {
            Ok(i) => i,
            Err(_) => return core::ptr::null_mut(),
        };
        if i < 0 {
            i += length(op);
        }
        return unicode_item(op, i);
    }
    if crate::objects::sliceobject::check(key) {
        let r = (|| {
            let (mut start, mut stop, step) = crate::objects::sliceobject::unpack(key)?;
            let n = crate::objects::sliceobject::adjust_indices(length(op), &mut start, &mut stop, step);
            if n <= 0 {
                return from_ucs1(&[]);
            }
            if step == 1 {
                return substring(op, start as usize, (start + n) as usize);
            }
            let (data, kind) = data_and_kind(op);
            let mut out = StrBuilder::with_capacity(n as usize);
            let mut i = start;
            for _ in 0..n {
                out.push(read_char(data, kind, i as usize));
                i += step;
            }
            out.finish()
        })();
        return errors::ptr_result(r);
    }
    errors::ptr_result(Err(errors::type_error(&format!(
        "string indices must be integers, not '{}'",
        crate::objects::object::type_name(key)
    ))))
}

static mut UNICODE_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(unicode_length),
    sq_concat: Some(unicode_concat),
    sq_repeat: Some(unicode_repeat),
    sq_item: Some(unicode_item),
    was_sq_slice: core::ptr::null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: core::ptr::null_mut(),
    sq_contains: Some(unicode_contains),
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

static mut UNICODE_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(unicode_length),
    mp_subscript: Some(unicode_subscript),
    mp_ass_subscript: None,
};

/// `str_iterator` (`unicodeiterobject`): a GC object holding the string and the position.
#[repr(C)]
pub struct UnicodeIterObject {
    pub ob_base: PyObject,
    pub it_index: Py_ssize_t,
    /// The string, or NULL once exhausted.
    pub it_seq: *mut PyObject,
}

unsafe extern "C" fn unicode_iter(op: *mut PyObject) -> *mut PyObject {
    let r = (|| {
        let tp = if is_compact(op) && (*(op as *mut PyASCIIObject)).ascii() {
            &raw mut PyUnicodeASCIIIter_Type
        } else {
            &raw mut PyUnicodeIter_Type
        };
        let it = crate::mem::gc::alloc(tp, core::mem::size_of::<UnicodeIterObject>())? as *mut UnicodeIterObject;
        crate::objects::object::init_object(it.cast(), tp);
        (*it).it_index = 0;
        crate::objects::object::incref(op);
        (*it).it_seq = op;
        crate::mem::gc::track(it.cast());
        Ok(Ref::from_raw(it.cast()))
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn unicodeiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut UnicodeIterObject;
    let seq = (*it).it_seq;
    if seq.is_null() {
        return core::ptr::null_mut();
    }
    if (*it).it_index < length(seq) {
        let (data, kind) = data_and_kind(seq);
        let c = read_char(data, kind, (*it).it_index as usize);
        (*it).it_index += 1;
        return errors::ptr_result(char_str(c));
    }
    (*it).it_seq = core::ptr::null_mut();
    crate::objects::object::decref(seq);
    core::ptr::null_mut()
}

unsafe extern "C" fn unicodeiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut UnicodeIterObject;
    let n = if (*it).it_seq.is_null() { 0 } else { length((*it).it_seq) - (*it).it_index };
    errors::ptr_result(crate::objects::longobject::from_isize(n))
}

unsafe extern "C" fn unicodeiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut UnicodeIterObject;
    errors::ptr_result((|| {
        let iter = crate::eval::ceval::builtin("iter")?;
        super::iterobject::reduce_position(&iter, (*it).it_seq, (*it).it_index, &iter, || new_str(""))
    })())
}

/// `__setstate__(index)`: the position, clamped to the string (a pickled iterator may come
/// from a longer string).
unsafe extern "C" fn unicodeiter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let it = op as *mut UnicodeIterObject;
    errors::ptr_result((|| {
        let index = crate::objects::longobject::as_isize(state)?;
        if !(*it).it_seq.is_null() {
            (*it).it_index = index.clamp(0, length((*it).it_seq));
        }
        Ok(crate::objects::object::new_none())
    })())
}

type IterMethod = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
use crate::abi::methodobject::PyMethodDef;

static mut UNICODEITER_METHODS: [crate::abi::methodobject::PyMethodDef; 4] = [
    crate::objects::dictobject::method!(c"__length_hint__", unicodeiter_len as IterMethod, crate::abi::methodobject::METH_NOARGS, c"Private method returning an estimate of len(list(it))."),
    crate::objects::dictobject::method!(c"__reduce__", unicodeiter_reduce as IterMethod, crate::abi::methodobject::METH_NOARGS, c"Return state information for pickling."),
    crate::objects::dictobject::method!(c"__setstate__", unicodeiter_setstate as IterMethod, crate::abi::methodobject::METH_O, c"Set state information for unpickling."),
    crate::objects::dictobject::METHOD_END,
];

unsafe extern "C" fn unicodeiter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let it = op as *mut UnicodeIterObject;
    crate::objects::object::xdecref((*it).it_seq);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn unicodeiter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> core::ffi::c_int {
    let seq = (*(op as *mut UnicodeIterObject)).it_seq;
    if !seq.is_null() {
        if let Some(v) = visit {
            return v(seq, arg);
        }
    }
    0
}

// ---------------------------------------------------------------------------------------------
// `format % args` (PyUnicode_Format) and `str.__format__` (the format mini-language for str).

/// Converts a `%d`/`%x`-style argument to an int object as CPython's `mainformatlong` does:
/// ints as they are; for d/i/u any real number through `int()` (a float truncates); for
/// x/X/o only objects with `__index__`.
unsafe fn format_long_arg(v: *mut PyObject, code: char) -> PyResult<Ref> {
    use crate::objects::{floatobject, longobject};
    if longobject::is_int(v) {
        return Ok(new_ref(v));
    }
    let tp = (*v).ob_type;
    let nb = (*tp).tp_as_number;
    let has_index = !nb.is_null() && (*nb).nb_index.is_some();
    if matches!(code, 'x' | 'X' | 'o') {
        if has_index {
            return longobject::index(v);
        }
        return Err(errors::type_error(&format!(
            "%{code} format: an integer is required, not {}",
            crate::objects::object::type_name(v)
        )));
    }
    if floatobject::is_float(v) {
        return longobject::from_f64(floatobject::value(v));
    }
    if has_index {
        return longobject::index(v);
    }
    if !nb.is_null() && (*nb).nb_int.is_some() {
        let r = Ref::from_result(((*nb).nb_int.unwrap_or_else(|| unreachable!()))(v))?;
        return Ok(r);
    }
    Err(errors::type_error(&format!(
        "%{code} format: a real number is required, not {}",
        crate::objects::object::type_name(v)
    )))
}

/// Pads a formatted item: `body` is the text after any sign and `0x`-style prefix; zero
/// padding goes between prefix and body (numbers with the 0 flag and no `-` flag).
fn pad_item(out: &mut StrBuilder, sign: &str, prefix: &str, body: &StrBuilder, width: usize, left: bool, zero: bool) {
    let len = sign.len() + prefix.len() + body.len();
    let fill = width.saturating_sub(len);
    if !left && !zero {
        for _ in 0..fill {
            out.push(' ' as u32);
        }
    }
    out.push_latin1(sign.as_bytes());
    out.push_latin1(prefix.as_bytes());
    if !left && zero {
        for _ in 0..fill {
            out.push('0' as u32);
        }
    }
    for i in 0..body.len() {
        out.push(body.get(i));
    }
    if left {
        for _ in 0..fill {
            out.push(' ' as u32);
        }
    }
}

/// `PyUnicode_Format(format, args)`: printf-style formatting with CPython's conversions,
/// flags (`-+ #0`), `*` width/precision, `%(key)` lookups and messages.
///
/// # Safety
/// `format` is a live str, `args` a live object.
pub unsafe fn percent_format(format: *mut PyObject, args: *mut PyObject) -> PyResult<Ref> {
    let f = Text::of(format);
    let n = f.len();
    let is_tuple = crate::objects::object::has_feature((*args).ob_type, Py_TPFLAGS_TUPLE_SUBCLASS);
    let (argv, argc): (*mut *mut PyObject, usize) = if is_tuple {
        (
            crate::objects::tupleobject::items(args),
            (*(args as *mut PyVarObject)).ob_size as usize,
        )
    } else {
        (core::ptr::null_mut(), 1)
    };
    let arg_at = |i: usize| if is_tuple { *argv.add(i) } else { args };
    let tp = (*args).ob_type;
    let dict = if !is_tuple
        && !is_str(args)
        && !(*tp).tp_as_mapping.is_null()
        && (*(*tp).tp_as_mapping).mp_subscript.is_some()
    {
        Some(args)
    } else {
        None
    };
    let mut argidx = 0usize;
    let mut used_dict = false;
    let mut out = StrBuilder::with_capacity(n + 16);
    let mut i = 0;
    let next_arg = |argidx: &mut usize| -> PyResult<*mut PyObject> {
        if *argidx < argc {
            *argidx += 1;
            return Ok(arg_at(*argidx - 1));
        }
        Err(errors::type_error("not enough arguments for format string"))
    };
    while i < n {
        let c = f.at(i);
        if c != '%' as u32 {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let at = |k: usize| if k < n { Some(f.at(k)) } else { None };
        let mut item_arg: Option<*mut PyObject> = None;
        let _keep: Option<Ref>;
        if at(i) == Some('(' as u32) {
            let Some(d) = dict else {
                return Err(errors::type_error("format requires a mapping"));
            };
            let mut depth = 1;
            let key_start = i + 1;
            i += 1;
            while i < n && depth > 0 {
                if f.at(i) == ')' as u32 {
                    depth -= 1;
                } else if f.at(i) == '(' as u32 {
                    depth += 1;
                }
                i += 1;
            }
            if depth > 0 {
                return Err(errors::value_error("incomplete format key"));
            }
            let key = substring(format, key_start, i - 1)?;
            let value = crate::objects::r#abstract::mapping::get_item(d, key.as_ptr())?;
            item_arg = Some(value.as_ptr());
            _keep = Some(value);
            used_dict = true;
            argidx = usize::MAX / 2;
        } else {
            _keep = None;
        }
        let (mut left, mut sign_plus, mut blank, mut alt, mut zero) = (false, false, false, false, false);
        while let Some(ch) = at(i) {
            match char::from_u32(ch) {
                Some('-') => left = true,
                Some('+') => sign_plus = true,
                Some(' ') => blank = true,
                Some('#') => alt = true,
                Some('0') => zero = true,
                _ => break,
            }
            i += 1;
        }
        let read_num = |i: &mut usize, argidx: &mut usize, what: &str| -> PyResult<Option<isize>> {
            if at(*i) == Some('*' as u32) {
                *i += 1;
                let v = next_arg(argidx)?;
                if !crate::objects::longobject::is_int(v) {
                    return Err(errors::type_error(&format!("* wants int")));
                }
                return Ok(Some(crate::objects::longobject::as_isize(v)?));
            }
            let mut val: Option<isize> = None;
            while let Some(d) = at(*i).filter(|d| (b'0' as u32..=b'9' as u32).contains(d)) {
                let v = val.unwrap_or(0);
                val = Some(
                    v.checked_mul(10)
                        .and_then(|x| x.checked_add((d - b'0' as u32) as isize))
                        .ok_or_else(|| errors::value_error(&format!("{what} too big")))?,
                );
                *i += 1;
            }
            Ok(val)
        };
        let mut width = read_num(&mut i, &mut argidx, "width")?;
        if let Some(w) = width {
            if w < 0 {
                left = true;
                width = Some(-w);
            }
        }
        let mut precision = None;
        if at(i) == Some('.' as u32) {
            i += 1;
            precision = Some(read_num(&mut i, &mut argidx, "precision")?.unwrap_or(0).max(0));
        }
        let width = width.unwrap_or(0) as usize;
        let Some(code) = at(i) else {
            return Err(errors::value_error("incomplete format"));
        };
        i += 1;
        let code_ch = char::from_u32(code).unwrap_or('?');
        if code_ch == '%' {
            out.push('%' as u32);
            continue;
        }
        let v = match item_arg {
            Some(v) => v,
            None => next_arg(&mut argidx)?,
        };
        let mut body = StrBuilder::new();
        let mut sign = "";
        let mut prefix = "";
        let mut numeric = false;
        match code_ch {
            's' | 'r' | 'a' => {
                let text = match code_ch {
                    's' => crate::objects::object::str(v)?,
                    'r' => crate::objects::object::repr(v)?,
                    _ => ascii_of(v)?,
                };
                let len = length(text.as_ptr());
                let take = precision.map_or(len, |p| p.min(len));
                body.push_substr(text.as_ptr(), 0, take as usize);
            }
            'c' => {
                let ch = if is_str(v) {
                    if length(v) != 1 {
                        return Err(errors::type_error("%c requires int or char"));
                    }
                    let (d, k) = data_and_kind(v);
                    read_char(d, k, 0)
                } else if crate::objects::longobject::is_int(v) {
                    match crate::objects::longobject::as_i64(v) {
                        Ok(x) if (0..=0x10ffff).contains(&x) => x as u32,
                        Ok(_) => return Err(errors::overflow_error("%c arg not in range(0x110000)")),
                        Err(e) => {
                            if errors::occurred() == crate::objects::exceptions::PyExc_OverflowError {
                                errors::clear();
                                return Err(errors::overflow_error("%c arg not in range(0x110000)"));
                            }
                            return Err(e);
                        }
                    }
                } else {
                    return Err(errors::type_error("%c requires int or char"));
                };
                body.push(ch);
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                numeric = true;
                let iv = format_long_arg(v, code_ch)?;
                let base = match code_ch {
                    'x' | 'X' => 16,
                    'o' => 8,
                    _ => 10,
                };
                let text = crate::objects::longobject::format_base(iv.as_ptr(), base, false)?;
                let (neg, digits) = match text.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, text.as_str()),
                };
                sign = if neg {
                    "-"
                } else if sign_plus {
                    "+"
                } else if blank {
                    " "
                } else {
                    ""
                };
                if alt {
                    prefix = match code_ch {
                        'x' => "0x",
                        'X' => "0X",
                        'o' => "0o",
                        _ => "",
                    };
                }
                let prec = precision.unwrap_or(0) as usize;
                for _ in digits.len()..prec {
                    body.push('0' as u32);
                }
                if code_ch == 'X' {
                    body.push_str(&digits.to_ascii_uppercase());
                } else {
                    body.push_str(digits);
                }
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                numeric = true;
                let x = crate::objects::floatobject::as_f64(v)?;
                let flags = if alt { 4 } else { 0 };
                let prec = precision.unwrap_or(6) as i32;
                let Some((text, _)) = crate::numeric::dtoa::double_to_string(x, code as u8, prec, flags) else {
                    return Err(errors::bad_internal_call());
                };
                let (neg, digits) = match text.strip_prefix('-') {
                    Some(rest) => (true, rest.to_string()),
                    None => (false, text.clone()),
                };
                sign = if neg {
                    "-"
                } else if sign_plus {
                    "+"
                } else if blank {
                    " "
                } else {
                    ""
                };
                // (CPython zero-pads infinities and NaNs too: "%05f" % -inf is "-0inf".)
                body.push_str(&digits);
            }
            _ => {
                return Err(errors::value_error(&format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    if (0x20..0x7f).contains(&code) { code_ch } else { '?' },
                    code,
                    i - 1
                )));
            }
        }
        let _ = start;
        pad_item(&mut out, sign, prefix, &body, width, left, zero && numeric);
    }
    if !used_dict && dict.is_none() && argidx < argc {
        return Err(errors::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    if !used_dict && dict.is_some() && is_tuple && argidx < argc {
        return Err(errors::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    out.finish()
}

/// `nb_remainder` of str: `format % args`.
unsafe extern "C" fn unicode_mod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    if !is_str(a) {
        return new_ref(crate::objects::object::not_implemented()).into_raw();
    }
    errors::ptr_result(percent_format(a, b))
}

static mut UNICODE_AS_NUMBER: PyNumberMethods = {
    // SAFETY: PyNumberMethods is a struct of optional function pointers; all-zero is "no slots".
    let mut nb: PyNumberMethods = unsafe { core::mem::zeroed() };
    nb.nb_remainder = Some(unicode_mod);
    nb
};

/// `format(s, spec)` for str (`__format__`): fill, alignment (`<` by default), width and
/// precision; everything numeric is refused with CPython's messages.
///
/// # Safety
/// `s` is a live str; `spec` a live str.
pub unsafe fn format_spec(s: *mut PyObject, spec: *mut PyObject) -> PyResult<Ref> {
    let text = to_string_lossy(spec);
    if text.is_empty() {
        return substring(s, 0, length(s) as usize).and_then(|r| copy_exact(r));
    }
    let parsed = crate::numeric::format::parse_spec(&text, "str")?;
    let chars: Vec<char> = text.chars().collect();
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    let align_given = (chars.len() >= 2 && is_align(chars[1])) || is_align(chars[0]);
    if let Some(k) = parsed.kind {
        if k != 's' {
            return Err(errors::value_error(&format!(
                "Unknown format code '{k}' for object of type 'str'"
            )));
        }
    }
    if parsed.sign.is_some() {
        return Err(errors::value_error("Sign not allowed in string format specifier"));
    }
    if parsed.no_neg_0 {
        return Err(errors::value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if parsed.alternate {
        return Err(errors::value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    match parsed.grouping {
        crate::numeric::format::Grouping::Comma => return Err(errors::value_error("Cannot specify ',' with 's'.")),
        crate::numeric::format::Grouping::None => {}
        _ => return Err(errors::value_error("Cannot specify '_' with 's'.")),
    }
    let align = if align_given { parsed.align } else { '<' };
    if align == '=' {
        return Err(errors::value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let len = length(s) as usize;
    let take = parsed.precision.map_or(len, |p| p.min(len));
    let width = parsed.width.unwrap_or(0);
    let fill = width.saturating_sub(take);
    let (lpad, rpad) = match align {
        '>' => (fill, 0),
        '^' => (fill / 2, fill - fill / 2),
        _ => (0, fill),
    };
    let mut out = StrBuilder::with_capacity(take + fill);
    for _ in 0..lpad {
        out.push(parsed.fill as u32);
    }
    out.push_substr(s, 0, take);
    for _ in 0..rpad {
        out.push(parsed.fill as u32);
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------------
// Construction from Python: `str()`, `str(object)`, `str(bytes, encoding, errors)`, and str
// subclasses (whose instances are legacy, non-compact strings, as in CPython).

/// The `str(object='', encoding=..., errors=...)` arguments from a tuple and a dict.
unsafe fn new_args(args: *mut PyObject, kwds: *mut PyObject) -> PyResult<[*mut PyObject; 3]> {
    let names = ["object", "encoding", "errors"];
    let mut out = [core::ptr::null_mut(); 3];
    let n = if args.is_null() {
        0
    } else {
        (*(args as *mut PyVarObject)).ob_size as usize
    };
    if n > 3 {
        return Err(errors::type_error(&format!(
            "str() takes at most 3 arguments ({n} given)"
        )));
    }
    for (i, slot) in out.iter_mut().enumerate().take(n) {
        *slot = *crate::objects::tupleobject::items(args).add(i);
    }
    if !kwds.is_null() {
        let mut pos = 0;
        while let Some((key, value)) = crate::objects::dictobject::next(kwds, &mut pos) {
            let Some(slot) = names.iter().position(|nm| is_str(key) && eq_str(key, nm)) else {
                let shown = if is_str(key) {
                    to_string_lossy(key)
                } else {
                    String::from("?")
                };
                return Err(errors::type_error(&format!(
                    "'{shown}' is an invalid keyword argument for str()"
                )));
            };
            if slot < n {
                return Err(errors::type_error(&format!(
                    "argument for str() given by name ('{}') and position ({})",
                    names[slot],
                    slot + 1
                )));
            }
            out[slot] = value;
        }
    }
    Ok(out)
}

/// `str(...)` for the exact type.
unsafe fn new_exact(args: *mut PyObject, kwds: *mut PyObject) -> PyResult<Ref> {
    let [object, encoding, errs] = new_args(args, kwds)?;
    let text_arg = |o: *mut PyObject, label: &str| -> PyResult<Option<String>> {
        if o.is_null() {
            return Ok(None);
        }
        if !is_str(o) {
            return Err(errors::type_error(&format!(
                "str() argument '{label}' must be str, not {}",
                crate::objects::object::type_name(o)
            )));
        }
        Ok(Some(to_string_lossy(o)))
    };
    let enc = text_arg(encoding, "encoding")?;
    let err = text_arg(errs, "errors")?;
    if object.is_null() {
        return from_ucs1(&[]);
    }
    if enc.is_none() && err.is_none() {
        let s = crate::objects::object::str(object)?;
        return copy_exact(s);
    }
    let data: &[u8] = if crate::objects::bytesobject::is_bytes(object) {
        crate::objects::bytesobject::as_slice(object)
    } else if crate::objects::bytearrayobject::is_bytearray(object) {
        crate::objects::bytearrayobject::as_slice(object)
    } else if is_str(object) {
        return Err(errors::type_error("decoding str is not supported"));
    } else {
        return Err(errors::type_error(&format!(
            "decoding to str: need a bytes-like object, {} found",
            crate::objects::object::type_name(object)
        )));
    };
    let enc = enc.unwrap_or_else(|| "utf-8".to_string());
    match crate::codecs::decode_builtin(data, &enc, err.as_deref()) {
        Some(r) => r,
        None => Err(errors::set_string(
            crate::objects::exceptions::PyExc_LookupError,
            &format!("unknown encoding: {enc}"),
        )),
    }
}

/// `tp_new` of str: exact strings are compact; a subclass instance gets the type's allocation
/// (a `PyUnicodeObject`) with its characters in a separate buffer (a legacy string).
unsafe extern "C" fn unicode_new(tp: *mut PyTypeObject, args: *mut PyObject, kwds: *mut PyObject) -> *mut PyObject {
    let r = (|| {
        let exact = new_exact(args, kwds)?;
        if tp == &raw mut PyUnicode_Type {
            return Ok(exact);
        }
        let Some(alloc) = (*tp).tp_alloc else {
            return Err(errors::bad_internal_call());
        };
        let op = Ref::from_result(alloc(tp, 0))?;
        let src = exact.as_ptr();
        let (sdata, kind) = data_and_kind(src);
        let n = length(src) as usize;
        let bytes = (n + 1) * kind as usize;
        let data = crate::mem::obj_malloc(bytes);
        if data.is_null() {
            return Err(errors::no_memory());
        }
        core::ptr::copy_nonoverlapping(sdata as *const u8, data as *mut u8, bytes);
        let ascii = (*(src as *mut PyASCIIObject)).ascii();
        let u = op.as_ptr() as *mut PyUnicodeObject;
        (*u)._base._base.length = n as Py_ssize_t;
        (*u)._base._base.hash = -1;
        (*u)._base._base.state = unicode_state(SSTATE_NOT_INTERNED, kind, false, ascii, true);
        (*u)._base._base.wstr = core::ptr::null_mut();
        (*u)._base.wstr_length = 0;
        // An ASCII legacy string's UTF-8 form is its characters (CPython shares them too).
        (*u)._base.utf8 = if ascii {
            data as *mut core::ffi::c_char
        } else {
            core::ptr::null_mut()
        };
        (*u)._base.utf8_length = if ascii { n as Py_ssize_t } else { 0 };
        (*u).data.any = data;
        Ok(op)
    })();
    errors::ptr_result(r)
}

/// The deprecated `wchar_t *` form (`PyUnicode_AsUnicodeAndSize`): cached in `wstr`. On Linux
/// wchar_t is UCS-4, so a 4-byte-kind string shares its characters.
///
/// # Safety
/// `op` is a live str.
pub unsafe fn as_wstr(op: *mut PyObject) -> PyResult<(*mut libc::wchar_t, Py_ssize_t)> {
    let a = op as *mut PyASCIIObject;
    let n = length(op);
    if (*a).wstr.is_null() {
        let (data, kind) = data_and_kind(op);
        if kind == PyUnicode_4BYTE_KIND {
            (*a).wstr = data as *mut libc::wchar_t;
        } else {
            let buf = crate::mem::obj_malloc((n as usize + 1) * 4) as *mut libc::wchar_t;
            if buf.is_null() {
                return Err(errors::no_memory());
            }
            for i in 0..n as usize {
                *buf.add(i) = read_char(data, kind, i) as libc::wchar_t;
            }
            *buf.add(n as usize) = 0;
            (*a).wstr = buf;
        }
        if !(*a).ascii() {
            (*(op as *mut PyCompactUnicodeObject)).wstr_length = n;
        }
    }
    Ok(((*a).wstr, n))
}

#[cfg(test)]
mod tests {
    use super::ctype::{self, Case};
    use super::adjust_indices;

    #[test]
    fn character_database_spot_checks() {
        let _runtime = crate::testing::hold_runtime();
        // Values read from CPython 3.11 (Unicode 14.0.0).
        assert!(ctype::is_alpha('é' as u32) && !ctype::is_alpha('1' as u32));
        assert!(ctype::is_decimal('٣' as u32) && ctype::to_decimal('٣' as u32) == 3);
        assert_eq!(ctype::to_numeric(0xbd), 0.5);
        assert!(ctype::is_space(0x2003) && ctype::is_space(0x1c) && !ctype::is_space(0x200b));
        assert!(ctype::is_cased(0x345) && ctype::is_case_ignorable(0x345));
        let mut buf = [0u32; 3];
        assert_eq!(ctype::map_full(0xdf, Case::Upper, &mut buf), 2);
        assert_eq!(&buf[..2], &[0x53, 0x53]);
        assert_eq!(ctype::map_simple(0xdf, Case::Upper), 0x53);
        assert_eq!(ctype::map_simple(0x130, Case::Lower), 0x69);
        assert_eq!(ctype::map_full(0x1c4, Case::Title, &mut buf), 1);
        assert_eq!(buf[0], 0x1c5);
        assert!(!ctype::is_printable(0x2028) && ctype::is_printable(0x1f40d));
        assert!(ctype::is_xid_start('ℵ' as u32) && !ctype::is_xid_start('1' as u32));
    }

    #[test]
    fn slice_style_indices() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(adjust_indices(0, isize::MAX, 5), (0, 5));
        assert_eq!(adjust_indices(-2, -1, 5), (3, 4));
        assert_eq!(adjust_indices(-100, 3, 5), (0, 3));
        assert_eq!(adjust_indices(7, 9, 5), (7, 5));
    }
}

// ---------------------------------------------------------------------------------------------
// `_Py_IDENTIFIER` strings (`_PyUnicode_FromId`), used by C extensions built with the
// internal API (lib-dynload's array, _json, ...).

/// `_Py_Identifier` (cpython/object.h): a C string and its process-wide index, -1 until first
/// use.
#[repr(C)]
pub struct PyIdentifier {
    pub string: *const core::ffi::c_char,
    pub index: Py_ssize_t,
}

/// Serializes index assignment (CPython's `_PyRuntime.unicode_ids.lock`).
static ID_INDEX_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// `_PyUnicode_FromId(id)`: the interned str for `id` (borrowed; the interpreter keeps it until
/// finalization), made on first use and cached in `interp->unicode.ids` at the id's index.
///
/// # Safety
/// `id` points to a live `_Py_Identifier` whose string is UTF-8 and NUL-terminated.
pub unsafe fn from_id(id: *mut PyIdentifier) -> PyResult<*mut PyObject> {
    let rt = crate::lifecycle::pyruntime::runtime();
    let mut index = core::ptr::read_volatile(&raw const (*id).index);
    if index < 0 {
        let _guard = ID_INDEX_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        index = (*id).index;
        if index < 0 {
            index = (*rt).unicode_ids.next_index;
            (*rt).unicode_ids.next_index += 1;
            (*id).index = index;
        }
    }
    let interp = crate::lifecycle::pystate::current_interpreter();
    let ids = &raw mut (*interp).unicode.ids;
    if index < (*ids).size {
        let cached = *(*ids).array.add(index as usize);
        if !cached.is_null() {
            return Ok(cached);
        }
    }
    let text = core::ffi::CStr::from_ptr((*id).string).to_bytes();
    let s = intern(from_utf8(text, None)?);
    if index >= (*ids).size {
        let new_size = ((index + 1) * 2).max(16);
        let bytes = new_size as usize * core::mem::size_of::<*mut PyObject>();
        let array = crate::mem::raw_realloc((*ids).array.cast(), bytes).cast::<*mut PyObject>();
        if array.is_null() {
            return Err(errors::no_memory());
        }
        for i in (*ids).size..new_size {
            *array.add(i as usize) = null_mut();
        }
        (*ids).array = array;
        (*ids).size = new_size;
    }
    let raw = s.into_raw();
    *(*ids).array.add(index as usize) = raw;
    Ok(raw)
}

/// Releases the identifier strings of `interp` (`_PyUnicode_ClearInterned` / ids fini).
///
/// # Safety
/// At finalization, with the GIL; no identifier string is used afterwards.
pub unsafe fn fini_ids(interp: *mut crate::abi::pycore_interp::PyInterpreterState) {
    let ids = &raw mut (*interp).unicode.ids;
    for i in 0..(*ids).size {
        let p = *(*ids).array.add(i as usize);
        crate::objects::object::xdecref(p);
    }
    crate::mem::raw_free((*ids).array.cast());
    (*ids).array = null_mut();
    (*ids).size = 0;
}

// ---------------------------------------------------------------------------------------------
// The file system and locale encodings (`PyUnicode_EncodeFSDefault`, `PyUnicode_FSConverter`,
// `PyUnicode_DecodeLocale`, ...). Ferrython runs in UTF-8 locales (C.UTF-8 / UTF-8 mode), so
// both are UTF-8 with the `surrogateescape` handler unless start-up recorded another codec in
// `interp->unicode.fs_codec`.

/// The file system encoding and error handler in effect.
pub fn fs_codec() -> (String, String) {
    // SAFETY: reads C strings start-up stored in the interpreter state.
    unsafe {
        let interp = crate::lifecycle::pystate::current_interpreter();
        if !interp.is_null() {
            let c = &(*interp).unicode.fs_codec;
            if !c.encoding.is_null() && !c.errors.is_null() {
                return (
                    core::ffi::CStr::from_ptr(c.encoding).to_string_lossy().into_owned(),
                    core::ffi::CStr::from_ptr(c.errors).to_string_lossy().into_owned(),
                );
            }
        }
    }
    ("utf-8".to_string(), "surrogateescape".to_string())
}

/// `PyUnicode_EncodeFSDefault`: the bytes the OS is given for a str path.
///
/// # Safety
/// `op` is a live str.
pub unsafe fn encode_fs_default(op: *mut PyObject) -> PyResult<Ref> {
    let (enc, errs) = fs_codec();
    encode_with(op, &enc, &errs)
}

/// `PyUnicode_DecodeFSDefaultAndSize`: a str for bytes from the OS.
pub fn decode_fs_default(bytes: &[u8]) -> PyResult<Ref> {
    let (enc, errs) = fs_codec();
    decode_with(bytes, &enc, &errs)
}

/// Encodes through the built-in codecs (the file system and locale encodings are among them).
unsafe fn encode_with(op: *mut PyObject, enc: &str, errs: &str) -> PyResult<Ref> {
    match crate::codecs::encode_builtin(op, enc, Some(errs)) {
        Some(r) => crate::objects::bytesobject::from_slice(&r?),
        None => Err(errors::set_string(
            crate::objects::exceptions::PyExc_LookupError,
            &format!("unknown encoding: {enc}"),
        )),
    }
}

fn decode_with(bytes: &[u8], enc: &str, errs: &str) -> PyResult<Ref> {
    match crate::codecs::decode_builtin(bytes, enc, Some(errs)) {
        Some(r) => r,
        // SAFETY: PyExc_LookupError is a static exception type.
        None => Err(unsafe {
            errors::set_string(crate::objects::exceptions::PyExc_LookupError, &format!("unknown encoding: {enc}"))
        }),
    }
}

/// The locale codec's error handler from a C `errors` name (`_Py_GetErrorHandler` subset the
/// locale functions accept: NULL/"strict" and "surrogateescape").
fn locale_errors(errors_: Option<&str>) -> PyResult<&'static str> {
    match errors_ {
        None | Some("strict") => Ok("strict"),
        Some("surrogateescape") => Ok("surrogateescape"),
        Some(_) => Err(errors::value_error("unsupported error handler")),
    }
}

/// `PyUnicode_EncodeLocale(op, errors)`: the locale encoding (UTF-8 here); NUL characters are
/// refused as the C library would truncate at them ("embedded null character").
///
/// # Safety
/// `op` is a live str.
pub unsafe fn encode_locale(op: *mut PyObject, errors_: Option<&str>) -> PyResult<Ref> {
    let errs = locale_errors(errors_)?;
    let (data, kind) = data_and_kind(op);
    for i in 0..length(op) as usize {
        if read_char(data, kind, i) == 0 {
            return Err(errors::value_error("embedded null character"));
        }
    }
    encode_with(op, "utf-8", errs).or_else(|e| unsafe { relabel_locale_error(e, op, true) })
}

/// `PyUnicode_DecodeLocaleAndSize(bytes, errors)`.
pub fn decode_locale(bytes: &[u8], errors_: Option<&str>) -> PyResult<Ref> {
    let errs = locale_errors(errors_)?;
    decode_with(bytes, "utf-8", errs).or_else(|e| {
        // SAFETY: the object is a new bytes made here and released at the end of the call.
        unsafe {
            let obj = crate::objects::bytesobject::from_slice(bytes)?;
            relabel_locale_error(e, obj.as_ptr(), false)
        }
    })
}

/// The locale codec reports failures as CPython's `_Py_EncodeLocaleEx` / `_Py_DecodeLocaleEx`
/// callers do: a Unicode{En,De}codeError for encoding "locale" at the failing position with
/// reason "encoding error" / "decoding error".
unsafe fn relabel_locale_error(e: errors::ErrSet, object: *mut PyObject, encode: bool) -> PyResult<Ref> {
    use crate::objects::exceptions::{PyExc_UnicodeDecodeError, PyExc_UnicodeEncodeError};
    let exc_type = if encode { PyExc_UnicodeEncodeError } else { PyExc_UnicodeDecodeError };
    if !errors::exception_matches(exc_type) {
        return Err(e);
    }
    let Some((_, value, _)) = errors::fetch_normalized() else { return Err(e) };
    let start = crate::objects::object::get_attr_str(value.as_ptr(), "start")?;
    let start_v = crate::objects::longobject::as_i64(start.as_ptr())?;
    let end = crate::objects::longobject::from_i64(start_v + 1)?;
    let name = new_str("locale")?;
    let reason = new_str(if encode { "encoding error" } else { "decoding error" })?;
    let exc = crate::objects::call::vectorcall(
        exc_type,
        &[name.as_ptr(), object, start.as_ptr(), end.as_ptr(), reason.as_ptr()],
        null_mut(),
    )?;
    Err(errors::set_object(exc_type, exc.as_ptr()))
}
