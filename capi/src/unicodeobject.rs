//! `unicodeobject.h` / `cpython/unicodeobject.h`: the str C API. Thin wrappers over
//! `ferrython_runtime::objects::unicodeobject` and `ferrython_runtime::codecs`.
#![allow(non_upper_case_globals)] // the kind constants keep CPython's names

use ferrython_runtime::abi::object::{PyObject, Py_hash_t, Py_ssize_t};
use ferrython_runtime::abi::unicodeobject::*;
use ferrython_runtime::codecs::{self, utf16_32, ErrorHandler};
use ferrython_runtime::errors::{self, ptr_result, PyResult};
use ferrython_runtime::objects::bytesobject;
use ferrython_runtime::objects::object::{self as obj, Ref};
use ferrython_runtime::objects::unicodeobject::{self as ustr, is_str};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr::null_mut;

/// The bytes of a C string argument.
unsafe fn cbytes<'a>(s: *const c_char) -> &'a [u8] {
    CStr::from_ptr(s).to_bytes()
}

/// An optional `errors` / `encoding` argument as Rust text (NULL -> None).
unsafe fn opt_cstr<'a>(s: *const c_char) -> Option<&'a str> {
    if s.is_null() {
        None
    } else {
        Some(CStr::from_ptr(s).to_str().unwrap_or("\u{fffd}"))
    }
}

/// SystemError "FILE:LINE: bad argument to internal function", as CPython's
/// `PyErr_BadInternalCall()` macro reports it from the named line of its 3.11.7 sources.
pub(crate) fn bad_call(file: &str, line: u32) -> errors::ErrSet {
    errors::system_error(&format!("{file}:{line}: bad argument to internal function"))
}

fn bad_ucall(line: u32) -> errors::ErrSet {
    bad_call("Objects/unicodeobject.c", line)
}

/// `bytes[..size]` of a (pointer, size) argument pair.
unsafe fn sized<'a>(s: *const c_char, size: Py_ssize_t) -> &'a [u8] {
    if size <= 0 || s.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(s as *const u8, size as usize)
    }
}

exported!(fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject => ptr_result(ustr::from_utf8(cbytes(s), None)));
exported!(fn PyUnicode_FromStringAndSize(s: *const c_char, size: Py_ssize_t) -> *mut PyObject => {
    if size < 0 {
        let _ = errors::system_error("Negative size passed to PyUnicode_FromStringAndSize");
        return null_mut();
    }
    if s.is_null() {
        return ptr_result(ustr::new_zeroed(size));
    }
    ptr_result(ustr::from_utf8(sized(s, size), None))
});
exported!(fn PyUnicode_DecodeUTF8(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject =>
    ptr_result(ustr::from_utf8(sized(s, size), opt_cstr(errors))));
exported!(fn PyUnicode_DecodeUTF8Stateful(s: *const c_char, size: Py_ssize_t, errors: *const c_char, consumed: *mut Py_ssize_t) -> *mut PyObject => {
    let handler = ErrorHandler::parse(opt_cstr(errors));
    if consumed.is_null() {
        return ptr_result(codecs::utf8::decode(sized(s, size), &handler, None));
    }
    let mut used = 0usize;
    let r = codecs::utf8::decode(sized(s, size), &handler, Some(&mut used));
    *consumed = used as Py_ssize_t;
    ptr_result(r)
});
exported!(fn PyUnicode_AsUTF8AndSize(op: *mut PyObject, size: *mut Py_ssize_t) -> *const c_char => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_argument();
        return std::ptr::null();
    }
    match ustr::as_utf8(op) {
        Ok(b) => {
            if !size.is_null() {
                *size = b.len() as Py_ssize_t;
            }
            b.as_ptr() as *const c_char
        }
        Err(_) => std::ptr::null(),
    }
});
exported!(fn PyUnicode_AsUTF8(op: *mut PyObject) -> *const c_char => PyUnicode_AsUTF8AndSize(op, null_mut()));

exported!(fn PyUnicode_InternInPlace(p: *mut *mut PyObject) => {
    let s = *p;
    if s.is_null() || !is_str(s) {
        return;
    }
    let interned = ustr::intern(Ref::from_raw(s));
    *p = interned.into_raw();
});
exported!(fn PyUnicode_InternImmortal(p: *mut *mut PyObject) => {
    PyUnicode_InternInPlace(p);
    if !(*p).is_null() && ustr::is_exact_str(*p) {
        ustr::make_immortal(*p);
    }
});
exported!(fn PyUnicode_InternFromString(s: *const c_char) -> *mut PyObject => {
    match ustr::from_utf8(cbytes(s), None) {
        Ok(text) => ustr::intern(text).into_raw(),
        Err(_) => null_mut(),
    }
});

exported!(fn PyUnicode_GetLength(op: *mut PyObject) -> Py_ssize_t => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_argument();
        return -1;
    }
    ustr::length(op)
});
exported!(fn PyUnicode_ReadChar(op: *mut PyObject, index: Py_ssize_t) -> Py_UCS4 => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_argument();
        return Py_UCS4::MAX;
    }
    if index < 0 || index >= ustr::length(op) {
        let _ = errors::index_error("string index out of range");
        return Py_UCS4::MAX;
    }
    let (data, kind) = ustr::data_and_kind(op);
    ustr::read_char(data, kind, index as usize)
});
exported!(fn PyUnicode_WriteChar(op: *mut PyObject, index: Py_ssize_t, ch: Py_UCS4) -> c_int => {
    if op.is_null() || !is_str(op) || !ustr::is_compact(op) {
        let _ = errors::bad_argument();
        return -1;
    }
    if index < 0 || index >= ustr::length(op) {
        let _ = errors::index_error("string index out of range");
        return -1;
    }
    if ustr::check_modifiable(op).is_err() {
        return -1;
    }
    if ch > ustr::max_char(op) {
        let _ = errors::value_error("character out of range");
        return -1;
    }
    let (data, kind) = ustr::data_and_kind(op);
    ustr::write_char(data, kind, index as usize, ch);
    0
});

exported!(fn PyUnicode_Compare(a: *mut PyObject, b: *mut PyObject) -> c_int => {
    if !a.is_null() && !b.is_null() && is_str(a) && is_str(b) {
        return ustr::compare(a, b);
    }
    let an = if a.is_null() { "NULL".into() } else { obj::type_name(a) };
    let bn = if b.is_null() { "NULL".into() } else { obj::type_name(b) };
    let _ = errors::type_error(&format!("Can't compare {an} and {bn}"));
    -1
});
exported!(fn PyUnicode_CompareWithASCIIString(a: *mut PyObject, s: *const c_char) -> c_int => {
    ustr::compare_with_ascii(a, cbytes(s))
});
exported!(fn _PyUnicode_EqualToASCIIString(a: *mut PyObject, s: *const c_char) -> c_int => {
    let b = cbytes(s);
    let (data, kind) = ustr::data_and_kind(a);
    (kind == PyUnicode_1BYTE_KIND
        && ustr::length(a) as usize == b.len()
        && std::slice::from_raw_parts(data as *const u8, b.len()) == b) as c_int
});
exported!(fn _PyUnicode_EQ(a: *mut PyObject, b: *mut PyObject) -> c_int => ustr::eq(a, b) as c_int);
exported!(fn _PyUnicode_Equal(a: *mut PyObject, b: *mut PyObject) -> c_int => ustr::eq(a, b) as c_int);
exported!(fn PyUnicode_RichCompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject =>
    ptr_result(ustr::rich_compare(a, b, op)));
exported!(fn PyUnicode_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject => {
    for x in [a, b] {
        if x.is_null() || !is_str(x) {
            let name = if x.is_null() { "NULL".into() } else { obj::type_name(x) };
            let _ = errors::type_error(&format!("can only concatenate str (not \"{name}\") to str"));
            return null_mut();
        }
    }
    ptr_result(ustr::concat(a, b))
});
exported!(
    /// Replaces `*pleft` with `*pleft + right` (NULL on error, the old value released).
    fn PyUnicode_Append(pleft: *mut *mut PyObject, right: *mut PyObject) => {
        if pleft.is_null() {
            let _ = bad_ucall(11492);
            return;
        }
        let left = *pleft;
        if left.is_null() {
            return;
        }
        let result = if right.is_null() || !is_str(left) || !is_str(right) {
            if !errors::occurred().is_null() { Err(errors::ErrSet::assume_set()) } else { Err(bad_ucall(11499)) }
        } else {
            ustr::concat(left, right)
        };
        obj::decref(left);
        *pleft = ptr_result(result);
    }
);
exported!(fn PyUnicode_AppendAndDel(pleft: *mut *mut PyObject, right: *mut PyObject) => {
    PyUnicode_Append(pleft, right);
    obj::xdecref(right);
});

exported!(fn PyUnicode_FromOrdinal(ch: c_int) -> *mut PyObject => {
    if !(0..=0x10ffff).contains(&ch) {
        let _ = errors::value_error("chr() arg not in range(0x110000)");
        return null_mut();
    }
    ptr_result(ustr::from_ucs4(&[ch as u32]))
});
exported!(fn PyUnicode_FromKindAndData(kind: c_int, buffer: *const c_void, size: Py_ssize_t) -> *mut PyObject => {
    if size < 0 {
        let _ = errors::value_error("size must be positive");
        return null_mut();
    }
    let n = size as usize;
    ptr_result(match kind as u32 {
        PyUnicode_1BYTE_KIND => ustr::from_ucs1(if n == 0 { &[] } else { std::slice::from_raw_parts(buffer as *const u8, n) }),
        PyUnicode_2BYTE_KIND => ustr::from_ucs2(if n == 0 { &[] } else { std::slice::from_raw_parts(buffer as *const u16, n) }),
        PyUnicode_4BYTE_KIND => ustr::from_ucs4(if n == 0 { &[] } else { std::slice::from_raw_parts(buffer as *const u32, n) }),
        _ => Err(errors::system_error("invalid kind")),
    })
});
exported!(fn PyUnicode_New(size: Py_ssize_t, maxchar: Py_UCS4) -> *mut PyObject => {
    if size == 0 {
        return ptr_result(ustr::from_ucs1(&[]));
    }
    match ustr::new_uninit(size, maxchar) {
        Ok(op) => {
            // Fresh strings start zero-filled, so a caller that writes fewer characters than it
            // asked for never exposes garbage.
            let (data, kind) = ustr::data_and_kind(op);
            std::ptr::write_bytes(data as *mut u8, 0, size as usize * kind as usize);
            op
        }
        Err(_) => null_mut(),
    }
});
exported!(fn _PyUnicode_Ready(_op: *mut PyObject) -> c_int => 0);
exported!(fn PyUnicode_AsUCS4(op: *mut PyObject, buffer: *mut Py_UCS4, buflen: Py_ssize_t, copy_null: c_int) -> *mut Py_UCS4 => {
    if op.is_null() || !is_str(op) || buffer.is_null() || buflen < 0 {
        let _ = bad_ucall(2702);
        return null_mut();
    }
    let n = ustr::length(op);
    let need = n + copy_null as Py_ssize_t;
    if buflen < need {
        let _ = errors::system_error("string is longer than the buffer");
        if copy_null != 0 && buflen > 0 {
            *buffer = 0;
        }
        return null_mut();
    }
    let (data, kind) = ustr::data_and_kind(op);
    for i in 0..n as usize {
        *buffer.add(i) = ustr::read_char(data, kind, i);
    }
    if copy_null != 0 {
        *buffer.add(n as usize) = 0;
    }
    buffer
});
exported!(fn PyUnicode_AsUCS4Copy(op: *mut PyObject) -> *mut Py_UCS4 => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_argument();
        return null_mut();
    }
    let n = ustr::length(op) as usize;
    let buf = ferrython_runtime::mem::mem_malloc((n + 1) * 4) as *mut Py_UCS4;
    if buf.is_null() {
        let _ = errors::no_memory();
        return null_mut();
    }
    PyUnicode_AsUCS4(op, buf, n as Py_ssize_t + 1, 1)
});
exported!(fn PyUnicode_Substring(op: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> *mut PyObject => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_internal_call();
        return null_mut();
    }
    if start < 0 || end < 0 {
        let _ = errors::index_error("string index out of range");
        return null_mut();
    }
    let len = ustr::length(op);
    let end = end.min(len);
    if start >= end {
        return ptr_result(ustr::from_ucs1(&[]));
    }
    ptr_result(ustr::substring(op, start as usize, end as usize))
});
exported!(fn PyUnicode_Fill(op: *mut PyObject, start: Py_ssize_t, length: Py_ssize_t, ch: Py_UCS4) -> Py_ssize_t => {
    if op.is_null() || !is_str(op) {
        let _ = bad_ucall(10263);
        return -1;
    }
    if ch > ustr::max_char(op) {
        let _ = errors::value_error("fill character is bigger than the string maximum character");
        return -1;
    }
    if start < 0 {
        let _ = errors::index_error("string index out of range");
        return -1;
    }
    if ustr::check_modifiable(op).is_err() {
        return -1;
    }
    let len = ustr::length(op);
    let length = length.min(len - start).max(0);
    if length <= 0 {
        return 0;
    }
    let (data, kind) = ustr::data_and_kind(op);
    for i in start as usize..(start + length) as usize {
        ustr::write_char(data, kind, i, ch);
    }
    length
});
exported!(fn _PyUnicode_FastFill(op: *mut PyObject, start: Py_ssize_t, length: Py_ssize_t, ch: Py_UCS4) => {
    let (data, kind) = ustr::data_and_kind(op);
    for i in start as usize..(start + length) as usize {
        ustr::write_char(data, kind, i, ch);
    }
});
exported!(fn PyUnicode_CopyCharacters(to: *mut PyObject, to_start: Py_ssize_t, from: *mut PyObject, from_start: Py_ssize_t, how_many: Py_ssize_t) -> Py_ssize_t => {
    if to.is_null() || from.is_null() || !is_str(to) || !is_str(from) {
        let _ = bad_ucall(1686);
        return -1;
    }
    if from_start < 0 || from_start > ustr::length(from) {
        let _ = errors::index_error("string index out of range");
        return -1;
    }
    if to_start < 0 || to_start > ustr::length(to) {
        let _ = errors::index_error("string index out of range");
        return -1;
    }
    if how_many < 0 {
        let _ = errors::system_error("how_many cannot be negative");
        return -1;
    }
    let how_many = how_many.min(ustr::length(from) - from_start);
    if to_start + how_many > ustr::length(to) {
        let _ = errors::system_error(&format!(
            "Cannot write {} characters at {} in a string of {} characters",
            how_many, to_start, ustr::length(to)
        ));
        return -1;
    }
    if how_many == 0 {
        return 0;
    }
    if ustr::check_modifiable(to).is_err() {
        return -1;
    }
    let needed = ustr::max_char_of_range(from, from_start as usize, (from_start + how_many) as usize);
    if needed > ustr::max_char(to) {
        let _ = errors::system_error(&format!(
            "Cannot copy {} characters into a string of {} characters",
            ustr::kind_name(from), ustr::kind_name(to)
        ));
        return -1;
    }
    ustr::copy_characters(to, to_start as usize, from, from_start as usize, how_many as usize);
    how_many
});
exported!(fn _PyUnicode_FastCopyCharacters(to: *mut PyObject, to_start: Py_ssize_t, from: *mut PyObject, from_start: Py_ssize_t, how_many: Py_ssize_t) => {
    ustr::copy_characters(to, to_start as usize, from, from_start as usize, how_many as usize);
});
exported!(fn PyUnicode_Resize(p: *mut *mut PyObject, length: Py_ssize_t) -> c_int => {
    if p.is_null() {
        let _ = bad_ucall(2046);
        return -1;
    }
    if (*p).is_null() || !is_str(*p) {
        let _ = bad_ucall(2052);
        return -1;
    }
    if length < 0 {
        let _ = errors::system_error("Negative size passed to PyUnicode_New");
        return -1;
    }
    match ustr::resize(*p, length) {
        Ok(new) => {
            *p = new;
            0
        }
        Err(_) => -1,
    }
});

// ---- codecs -------------------------------------------------------------------------------

/// Wraps encoded bytes in a bytes object.
fn to_bytes(r: PyResult<Vec<u8>>) -> *mut PyObject {
    ptr_result(r.and_then(|b| bytesobject::from_slice(&b)))
}

unsafe fn encode_arg(op: *mut PyObject) -> PyResult<()> {
    if op.is_null() || !is_str(op) {
        return Err(errors::bad_argument());
    }
    Ok(())
}

exported!(fn PyUnicode_Decode(s: *const c_char, size: Py_ssize_t, encoding: *const c_char, errors: *const c_char) -> *mut PyObject => {
    let enc = opt_cstr(encoding).unwrap_or("utf-8");
    match codecs::decode_builtin(sized(s, size), enc, opt_cstr(errors)) {
        Some(r) => ptr_result(r),
        None => {
            let _ = errors::set_string(ferrython_runtime::objects::exceptions::PyExc_LookupError, &format!("unknown encoding: {enc}"));
            null_mut()
        }
    }
});
exported!(fn PyUnicode_AsEncodedString(op: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    let enc = opt_cstr(encoding).unwrap_or("utf-8");
    match codecs::encode_builtin(op, enc, opt_cstr(errors)) {
        Some(r) => to_bytes(r),
        None => {
            let _ = errors::set_string(ferrython_runtime::objects::exceptions::PyExc_LookupError, &format!("unknown encoding: {enc}"));
            null_mut()
        }
    }
});
exported!(fn PyUnicode_AsUTF8String(op: *mut PyObject) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    if let Ok(b) = ustr::as_utf8(op) {
        return ptr_result(bytesobject::from_slice(b));
    }
    null_mut()
});
exported!(fn _PyUnicode_AsUTF8String(op: *mut PyObject, errors: *const c_char) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    to_bytes(codecs::utf8::encode(op, &ErrorHandler::parse(opt_cstr(errors))))
});
exported!(fn PyUnicode_DecodeLatin1(s: *const c_char, size: Py_ssize_t, _errors: *const c_char) -> *mut PyObject =>
    ptr_result(codecs::charmap::decode_latin1(sized(s, size))));
exported!(fn PyUnicode_DecodeASCII(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject =>
    ptr_result(codecs::charmap::decode_ascii(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)))));
exported!(fn PyUnicode_AsLatin1String(op: *mut PyObject) -> *mut PyObject => _PyUnicode_AsLatin1String(op, std::ptr::null()));
exported!(fn _PyUnicode_AsLatin1String(op: *mut PyObject, errors: *const c_char) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    to_bytes(codecs::charmap::encode_latin1(op, &ErrorHandler::parse(opt_cstr(errors)), 0x100, "latin-1"))
});
exported!(fn PyUnicode_AsASCIIString(op: *mut PyObject) -> *mut PyObject => _PyUnicode_AsASCIIString(op, std::ptr::null()));
exported!(fn _PyUnicode_AsASCIIString(op: *mut PyObject, errors: *const c_char) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    to_bytes(codecs::charmap::encode_latin1(op, &ErrorHandler::parse(opt_cstr(errors)), 0x80, "ascii"))
});
exported!(fn PyUnicode_DecodeUTF16Stateful(s: *const c_char, size: Py_ssize_t, errors: *const c_char, byteorder: *mut c_int, consumed: *mut Py_ssize_t) -> *mut PyObject => {
    let bo = if byteorder.is_null() { 0 } else { *byteorder };
    let mut used = 0usize;
    let r = utf16_32::decode_utf16(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)), bo, if consumed.is_null() { None } else { Some(&mut used) });
    match r {
        Ok((text, final_bo)) => {
            if !byteorder.is_null() {
                *byteorder = final_bo;
            }
            if !consumed.is_null() {
                *consumed = used as Py_ssize_t;
            }
            text.into_raw()
        }
        Err(_) => null_mut(),
    }
});
exported!(fn PyUnicode_DecodeUTF16(s: *const c_char, size: Py_ssize_t, errors: *const c_char, byteorder: *mut c_int) -> *mut PyObject =>
    PyUnicode_DecodeUTF16Stateful(s, size, errors, byteorder, null_mut()));
exported!(fn PyUnicode_DecodeUTF32Stateful(s: *const c_char, size: Py_ssize_t, errors: *const c_char, byteorder: *mut c_int, consumed: *mut Py_ssize_t) -> *mut PyObject => {
    let bo = if byteorder.is_null() { 0 } else { *byteorder };
    let mut used = 0usize;
    let r = utf16_32::decode_utf32(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)), bo, if consumed.is_null() { None } else { Some(&mut used) });
    match r {
        Ok((text, final_bo)) => {
            if !byteorder.is_null() {
                *byteorder = final_bo;
            }
            if !consumed.is_null() {
                *consumed = used as Py_ssize_t;
            }
            text.into_raw()
        }
        Err(_) => null_mut(),
    }
});
exported!(fn PyUnicode_DecodeUTF32(s: *const c_char, size: Py_ssize_t, errors: *const c_char, byteorder: *mut c_int) -> *mut PyObject =>
    PyUnicode_DecodeUTF32Stateful(s, size, errors, byteorder, null_mut()));
exported!(fn PyUnicode_AsUTF16String(op: *mut PyObject) -> *mut PyObject => _PyUnicode_EncodeUTF16(op, std::ptr::null(), 0));
exported!(fn _PyUnicode_EncodeUTF16(op: *mut PyObject, errors: *const c_char, byteorder: c_int) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    to_bytes(utf16_32::encode_utf16(op, &ErrorHandler::parse(opt_cstr(errors)), byteorder.signum()))
});
exported!(fn PyUnicode_AsUTF32String(op: *mut PyObject) -> *mut PyObject => _PyUnicode_EncodeUTF32(op, std::ptr::null(), 0));
exported!(fn _PyUnicode_EncodeUTF32(op: *mut PyObject, errors: *const c_char, byteorder: c_int) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    to_bytes(utf16_32::encode_utf32(op, &ErrorHandler::parse(opt_cstr(errors)), byteorder.signum()))
});
exported!(fn PyUnicode_DecodeUnicodeEscape(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject =>
    ptr_result(codecs::escape::decode_unicode_escape(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)), None)));
exported!(fn _PyUnicode_DecodeUnicodeEscapeStateful(s: *const c_char, size: Py_ssize_t, errors: *const c_char, consumed: *mut Py_ssize_t) -> *mut PyObject => {
    let mut used = 0usize;
    let r = codecs::escape::decode_unicode_escape(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)), if consumed.is_null() { None } else { Some(&mut used) });
    if !consumed.is_null() {
        *consumed = used as Py_ssize_t;
    }
    ptr_result(r)
});
exported!(fn PyUnicode_DecodeRawUnicodeEscape(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject =>
    ptr_result(codecs::escape::decode_raw_unicode_escape(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)), None)));
exported!(fn _PyUnicode_DecodeRawUnicodeEscapeStateful(s: *const c_char, size: Py_ssize_t, errors: *const c_char, consumed: *mut Py_ssize_t) -> *mut PyObject => {
    let mut used = 0usize;
    let r = codecs::escape::decode_raw_unicode_escape(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)), if consumed.is_null() { None } else { Some(&mut used) });
    if !consumed.is_null() {
        *consumed = used as Py_ssize_t;
    }
    ptr_result(r)
});
exported!(fn PyUnicode_AsUnicodeEscapeString(op: *mut PyObject) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    to_bytes(Ok(codecs::escape::encode_unicode_escape(op)))
});
exported!(fn PyUnicode_AsRawUnicodeEscapeString(op: *mut PyObject) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    to_bytes(Ok(codecs::escape::encode_raw_unicode_escape(op)))
});
exported!(fn PyUnicode_GetDefaultEncoding() -> *const c_char => c"utf-8".as_ptr());

// ---- wchar_t (4 bytes on Linux: UCS-4) --------------------------------------------------

exported!(fn PyUnicode_FromWideChar(w: *const libc::wchar_t, size: Py_ssize_t) -> *mut PyObject => {
    if w.is_null() && size != 0 {
        let _ = bad_ucall(2172);
        return null_mut();
    }
    let n = if size == -1 { libc::wcslen(w) } else if size < 0 { let _ = errors::bad_internal_call(); return null_mut(); } else { size as usize };
    let chars = if n == 0 { &[][..] } else { std::slice::from_raw_parts(w as *const u32, n) };
    ptr_result(ustr::from_wchar(chars))
});
exported!(fn PyUnicode_AsWideChar(op: *mut PyObject, w: *mut libc::wchar_t, size: Py_ssize_t) -> Py_ssize_t => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_argument();
        return -1;
    }
    let n = ustr::length(op);
    if w.is_null() {
        return n + 1;
    }
    let (data, kind) = ustr::data_and_kind(op);
    let copy = n.min(size.max(0));
    for i in 0..copy as usize {
        *w.add(i) = ustr::read_char(data, kind, i) as libc::wchar_t;
    }
    if copy < size {
        *w.add(copy as usize) = 0;
    }
    copy
});
exported!(fn PyUnicode_AsWideCharString(op: *mut PyObject, size: *mut Py_ssize_t) -> *mut libc::wchar_t => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_argument();
        return null_mut();
    }
    let n = ustr::length(op) as usize;
    let (data, kind) = ustr::data_and_kind(op);
    if size.is_null() {
        for i in 0..n {
            if ustr::read_char(data, kind, i) == 0 {
                let _ = errors::value_error("embedded null character");
                return null_mut();
            }
        }
    }
    let buf = ferrython_runtime::mem::mem_malloc((n + 1) * 4) as *mut libc::wchar_t;
    if buf.is_null() {
        let _ = errors::no_memory();
        return null_mut();
    }
    for i in 0..n {
        *buf.add(i) = ustr::read_char(data, kind, i) as libc::wchar_t;
    }
    *buf.add(n) = 0;
    if !size.is_null() {
        *size = n as Py_ssize_t;
    }
    buf
});

// ---- hashing ------------------------------------------------------------------------------

exported!(fn _Py_HashBytes(src: *const c_void, len: Py_ssize_t) -> Py_hash_t =>
    ferrython_runtime::pyhash::hash_bytes(if len <= 0 { &[] } else { std::slice::from_raw_parts(src as *const u8, len as usize) }));
exported!(fn _Py_HashDouble(inst: *mut PyObject, v: f64) -> Py_hash_t => ferrython_runtime::pyhash::hash_double(inst, v));
exported!(fn _Py_HashPointerRaw(p: *const c_void) -> Py_hash_t => ferrython_runtime::pyhash::hash_pointer_raw(p));
exported!(fn PyHash_GetFuncDef() -> *const ferrython_runtime::pyhash::PyHash_FuncDef => &ferrython_runtime::pyhash::HASH_FUNC_DEF);

// ---- PyUnicode_FromFormatV's Rust half (the C half is capi/c/unicode_format.c) -------------

/// One formatted piece, as the C side records it (layout shared with unicode_format.c).
#[repr(C)]
pub struct FyFormatPiece {
    kind: c_int,
    ptr: *const c_char,
    len: Py_ssize_t,
    obj: *mut PyObject,
    num: i64,
    width: Py_ssize_t,
    precision: Py_ssize_t,
    zeropad: c_int,
}

const FY_ASCII: c_int = 0;
const FY_LATIN1: c_int = 1;
const FY_CSTR: c_int = 2;
const FY_OBJ_STR: c_int = 3;
const FY_OBJ_S: c_int = 4;
const FY_OBJ_R: c_int = 5;
const FY_OBJ_A: c_int = 6;
const FY_CHAR: c_int = 7;
const FY_BAD_BYTE: c_int = 8;
const FY_WIDTH_BIG: c_int = 9;
const FY_PREC_BIG: c_int = 10;
const FY_NUMBER: c_int = 11;

/// Appends a str with `%U`-style width (right-aligned, spaces) and precision (at most that
/// many characters).
unsafe fn push_padded(out: &mut ustr::StrBuilder, s: *mut PyObject, width: Py_ssize_t, precision: Py_ssize_t) {
    let len = ustr::length(s);
    let take = if precision >= 0 { precision.min(len) } else { len };
    for _ in take..width {
        out.push(b' ' as u32);
    }
    out.push_substr(s, 0, take as usize);
}

unsafe fn build_from_pieces(pieces: &[FyFormatPiece], numbers: *const c_char) -> PyResult<Ref> {
    // Room for the literal text plus a typical field each: one allocation in most cases.
    let estimate: usize = pieces
        .iter()
        .map(|p| match p.kind {
            FY_ASCII | FY_LATIN1 => p.len.max(0) as usize,
            _ => 16,
        })
        .sum();
    let mut out = ustr::StrBuilder::with_capacity(estimate);
    for p in pieces {
        match p.kind {
            FY_ASCII => out.push_latin1(sized(p.ptr, p.len)),
            FY_LATIN1 => out.push_latin1(sized(p.ptr, p.len)),
            FY_NUMBER => {
                let digits = CStr::from_ptr(numbers.add(p.num as usize)).to_bytes();
                let len = digits.len() as Py_ssize_t;
                let precision = p.precision.max(len);
                for _ in precision..p.width {
                    out.push(if p.zeropad != 0 { b'0' } else { b' ' } as u32);
                }
                for _ in len..precision {
                    out.push(b'0' as u32);
                }
                out.push_latin1(digits);
            }
            FY_CSTR => {
                let text = codecs::utf8::decode(sized(p.ptr, p.len), &ErrorHandler::Replace, None)?;
                push_padded(&mut out, text.as_ptr(), p.width, -1);
            }
            FY_OBJ_STR => push_padded(&mut out, p.obj, p.width, p.precision),
            FY_OBJ_S | FY_OBJ_R | FY_OBJ_A => {
                let text = match p.kind {
                    FY_OBJ_S => obj::str(p.obj)?,
                    FY_OBJ_R => obj::repr(p.obj)?,
                    _ => ustr::ascii_of(p.obj)?,
                };
                push_padded(&mut out, text.as_ptr(), p.width, p.precision);
            }
            FY_CHAR => {
                if !(0..=0x10ffff).contains(&p.num) {
                    return Err(errors::overflow_error("character argument not in range(0x110000)"));
                }
                out.push(p.num as u32);
            }
            FY_BAD_BYTE => {
                return Err(errors::value_error(&format!(
                    "PyUnicode_FromFormatV() expects an ASCII-encoded format string, got a non-ASCII byte: 0x{:02x}",
                    p.num
                )))
            }
            FY_WIDTH_BIG => return Err(errors::value_error("width too big")),
            FY_PREC_BIG => return Err(errors::value_error("precision too big")),
            _ => return Err(errors::bad_internal_call()),
        }
    }
    out.finish()
}

exported!(
    /// Builds the result of `PyUnicode_FromFormatV` from the C side's pieces.
    fn _Fy_unicode_from_pieces(pieces: *const FyFormatPiece, count: usize, numbers: *const c_char) -> *mut PyObject => {
        let pieces = if count == 0 { &[][..] } else { std::slice::from_raw_parts(pieces, count) };
        ptr_result(build_from_pieces(pieces, numbers))
    }
);

// ---- searching, splitting, joining --------------------------------------------------------

use ferrython_runtime::objects::unicodeobject::ctype;
use ferrython_runtime::objects::{listobject, tupleobject};

/// "must be str, not T" for an argument that is not a str.
unsafe fn must_be_str(op: *mut PyObject) -> PyResult<()> {
    if op.is_null() || !is_str(op) {
        let name = if op.is_null() {
            "NULL".into()
        } else {
            obj::type_name(op)
        };
        return Err(errors::type_error(&format!("must be str, not {name}")));
    }
    Ok(())
}

unsafe fn list_of(parts: Vec<Ref>) -> PyResult<Ref> {
    let ptrs: Vec<*mut PyObject> = parts.iter().map(|r| r.as_ptr()).collect();
    listobject::from_slice(&ptrs)
}

exported!(fn PyUnicode_Find(s: *mut PyObject, sub: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t, direction: c_int) -> Py_ssize_t => {
    if must_be_str(s).is_err() || must_be_str(sub).is_err() {
        return -2;
    }
    ustr::find(s, sub, start, end, direction)
});
exported!(fn PyUnicode_FindChar(s: *mut PyObject, ch: Py_UCS4, start: Py_ssize_t, end: Py_ssize_t, direction: c_int) -> Py_ssize_t => {
    if must_be_str(s).is_err() {
        return -2;
    }
    let h = ustr::Text::of(s);
    let end = end.min(h.len() as Py_ssize_t);
    if start < 0 || end <= start {
        return -1;
    }
    let range = start as usize..end as usize;
    let found = if direction > 0 { range.clone().find(|&i| h.at(i) == ch) } else { range.rev().find(|&i| h.at(i) == ch) };
    found.map_or(-1, |i| i as Py_ssize_t)
});
exported!(fn PyUnicode_Count(s: *mut PyObject, sub: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> Py_ssize_t => {
    if must_be_str(s).is_err() || must_be_str(sub).is_err() {
        return -1;
    }
    ustr::count(s, sub, start, end)
});
exported!(fn PyUnicode_Contains(s: *mut PyObject, sub: *mut PyObject) -> c_int => {
    if !sub.is_null() && !is_str(sub) {
        let _ = errors::type_error(&format!("'in <string>' requires string as left operand, not {}", obj::type_name(sub)));
        return -1;
    }
    if must_be_str(s).is_err() || must_be_str(sub).is_err() {
        return -1;
    }
    ustr::contains(s, sub) as c_int
});
exported!(fn PyUnicode_Tailmatch(s: *mut PyObject, sub: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t, direction: c_int) -> Py_ssize_t => {
    if must_be_str(s).is_err() || must_be_str(sub).is_err() {
        return -1;
    }
    ustr::tailmatch(s, sub, start, end, direction) as Py_ssize_t
});
exported!(fn PyUnicode_Replace(s: *mut PyObject, old: *mut PyObject, new: *mut PyObject, maxcount: Py_ssize_t) -> *mut PyObject => {
    if must_be_str(s).is_err() || must_be_str(old).is_err() || must_be_str(new).is_err() {
        return null_mut();
    }
    ptr_result(ustr::replace(s, old, new, maxcount))
});
exported!(fn PyUnicode_Split(s: *mut PyObject, sep: *mut PyObject, maxsplit: Py_ssize_t) -> *mut PyObject => {
    if must_be_str(s).is_err() || (!sep.is_null() && must_be_str(sep).is_err()) {
        return null_mut();
    }
    ptr_result(ustr::split(s, if sep.is_null() { None } else { Some(sep) }, maxsplit, false).and_then(|p| list_of(p)))
});
exported!(fn PyUnicode_RSplit(s: *mut PyObject, sep: *mut PyObject, maxsplit: Py_ssize_t) -> *mut PyObject => {
    if must_be_str(s).is_err() || (!sep.is_null() && must_be_str(sep).is_err()) {
        return null_mut();
    }
    ptr_result(ustr::split(s, if sep.is_null() { None } else { Some(sep) }, maxsplit, true).and_then(|p| list_of(p)))
});
exported!(fn PyUnicode_Splitlines(s: *mut PyObject, keepends: c_int) -> *mut PyObject => {
    if must_be_str(s).is_err() {
        return null_mut();
    }
    ptr_result(ustr::splitlines(s, keepends != 0).and_then(|p| list_of(p)))
});
exported!(fn PyUnicode_Partition(s: *mut PyObject, sep: *mut PyObject) -> *mut PyObject => {
    if must_be_str(s).is_err() || must_be_str(sep).is_err() {
        return null_mut();
    }
    ptr_result(ustr::partition(s, sep, false).and_then(|[a, b, c]| tupleobject::pack(&[a.as_ptr(), b.as_ptr(), c.as_ptr()])))
});
exported!(fn PyUnicode_RPartition(s: *mut PyObject, sep: *mut PyObject) -> *mut PyObject => {
    if must_be_str(s).is_err() || must_be_str(sep).is_err() {
        return null_mut();
    }
    ptr_result(ustr::partition(s, sep, true).and_then(|[a, b, c]| tupleobject::pack(&[a.as_ptr(), b.as_ptr(), c.as_ptr()])))
});

/// `n` object pointers at `p` (NULL allowed when `n` is 0).
unsafe fn items_of<'a>(p: *mut *mut PyObject, n: usize) -> &'a [*mut PyObject] {
    if n == 0 || p.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(p, n)
    }
}

/// The items of a list or tuple, or of the list made from another iterable.
unsafe fn sequence_items(seq: *mut PyObject, not_iterable: &str) -> PyResult<(Option<Ref>, Vec<*mut PyObject>)> {
    if listobject::check(seq) {
        let n = listobject::len(seq) as usize;
        return Ok((None, items_of(listobject::items(seq), n).to_vec()));
    }
    if obj::has_feature(
        (*seq).ob_type,
        ferrython_runtime::abi::object::Py_TPFLAGS_TUPLE_SUBCLASS,
    ) {
        let n = (*(seq as *mut ferrython_runtime::abi::object::PyVarObject)).ob_size as usize;
        return Ok((None, items_of(tupleobject::items(seq), n).to_vec()));
    }
    match listobject::from_iterable(seq) {
        Ok(list) => {
            let n = listobject::len(list.as_ptr()) as usize;
            let items = items_of(listobject::items(list.as_ptr()), n).to_vec();
            Ok((Some(list), items))
        }
        Err(e) => {
            if errors::occurred() == ferrython_runtime::objects::exceptions::PyExc_TypeError {
                errors::clear();
                return Err(errors::type_error(not_iterable));
            }
            Err(e)
        }
    }
}

exported!(fn PyUnicode_Join(sep: *mut PyObject, seq: *mut PyObject) -> *mut PyObject => {
    if !sep.is_null() && must_be_str(sep).is_err() {
        return null_mut();
    }
    let (_keep, items) = match sequence_items(seq, "can only join an iterable") {
        Ok(x) => x,
        Err(_) => return null_mut(),
    };
    let space;
    let sep = if sep.is_null() {
        space = ustr::from_ucs1(b" ");
        match &space {
            Ok(s) => s.as_ptr(),
            Err(_) => return null_mut(),
        }
    } else {
        sep
    };
    ptr_result(ustr::join(sep, &items))
});
exported!(fn _PyUnicode_JoinArray(sep: *mut PyObject, items: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject => {
    let items = if n <= 0 { &[][..] } else { std::slice::from_raw_parts(items, n as usize) };
    let empty = match ustr::from_ucs1(&[]) { Ok(e) => e, Err(_) => return null_mut() };
    let sep = if sep.is_null() { empty.as_ptr() } else { sep };
    ptr_result(ustr::join(sep, items))
});
exported!(fn PyUnicode_IsIdentifier(s: *mut PyObject) -> c_int => {
    if s.is_null() || !is_str(s) {
        let _ = errors::bad_argument();
        return -1;
    }
    ustr::predicate(s, ustr::Predicate::Identifier) as c_int
});
exported!(fn PyUnicode_FromObject(op: *mut PyObject) -> *mut PyObject => {
    if !op.is_null() && ustr::is_exact_str(op) {
        return obj::new_ref(op).into_raw();
    }
    if !op.is_null() && is_str(op) {
        return ptr_result(ustr::copy_exact(obj::new_ref(op)));
    }
    let name = if op.is_null() { "NULL".into() } else { obj::type_name(op) };
    let _ = errors::type_error(&format!("Can't convert '{name}' object to str implicitly"));
    null_mut()
});
exported!(fn _PyUnicode_Copy(op: *mut PyObject) -> *mut PyObject => {
    if op.is_null() || !is_str(op) {
        let _ = bad_ucall(2581);
        return null_mut();
    }
    let mut b = ustr::StrBuilder::with_capacity(ustr::length(op) as usize);
    b.push_obj(op);
    ptr_result(b.finish())
});
exported!(fn PyUnicode_FromEncodedObject(op: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject => {
    if op.is_null() {
        let _ = bad_ucall(3452);
        return null_mut();
    }
    let data: &[u8] = if bytesobject::is_bytes(op) {
        bytesobject::as_slice(op)
    } else if ferrython_runtime::objects::bytearrayobject::is_bytearray(op) {
        ferrython_runtime::objects::bytearrayobject::as_slice(op)
    } else if is_str(op) {
        let _ = errors::type_error("decoding str is not supported");
        return null_mut();
    } else {
        let _ = errors::type_error(&format!("decoding to str: need a bytes-like object, {} found", obj::type_name(op)));
        return null_mut();
    };
    if data.is_empty() {
        return ptr_result(ustr::from_ucs1(&[]));
    }
    PyUnicode_Decode(data.as_ptr() as *const c_char, data.len() as Py_ssize_t, encoding, errors)
});
exported!(fn _PyUnicode_FromASCII(s: *const c_char, size: Py_ssize_t) -> *mut PyObject =>
    ptr_result(ustr::from_ucs1(sized(s, size))));
exported!(fn _PyUnicode_EqualToASCIIId(a: *mut PyObject, id: *mut c_void) -> c_int => {
    // `_Py_Identifier` starts with its C string (`const char *string`).
    let text = *(id as *const *const c_char);
    _PyUnicode_EqualToASCIIString(a, text)
});
exported!(fn _PyUnicode_FindMaxChar(s: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> Py_UCS4 => {
    let len = ustr::length(s);
    let end = end.min(len);
    if start >= end {
        return 127;
    }
    // Rounded up to the bound of the narrowest kind that holds it, as CPython reports it.
    match ustr::max_char_of_range(s, start as usize, end as usize) {
        0..=0x7f => 0x7f,
        0x80..=0xff => 0xff,
        0x100..=0xffff => 0xffff,
        _ => 0x10ffff,
    }
});
exported!(fn _PyUnicode_XStrip(s: *mut PyObject, striptype: c_int, sepobj: *mut PyObject) -> *mut PyObject => {
    let side = match striptype { 0 => ustr::StripSide::Left, 1 => ustr::StripSide::Right, _ => ustr::StripSide::Both };
    ptr_result(ustr::strip(s, Some(sepobj), side))
});

// ---- character properties (unicodectype.c) -------------------------------------------------

macro_rules! ctype_fn {
    ($($name:ident => $f:path;)*) => {$(
        exported!(fn $name(ch: Py_UCS4) -> c_int => $f(ch) as c_int);
    )*};
}
ctype_fn! {
    _PyUnicode_IsAlpha => ctype::is_alpha;
    _PyUnicode_IsDecimalDigit => ctype::is_decimal;
    _PyUnicode_IsDigit => ctype::is_digit;
    _PyUnicode_IsNumeric => ctype::is_numeric;
    _PyUnicode_IsLowercase => ctype::is_lower;
    _PyUnicode_IsUppercase => ctype::is_upper;
    _PyUnicode_IsTitlecase => ctype::is_title;
    _PyUnicode_IsWhitespace => ctype::is_space;
    _PyUnicode_IsPrintable => ctype::is_printable;
    _PyUnicode_IsCased => ctype::is_cased;
    _PyUnicode_IsCaseIgnorable => ctype::is_case_ignorable;
    _PyUnicode_IsXidStart => ctype::is_xid_start;
    _PyUnicode_IsXidContinue => ctype::is_xid_continue;
    _PyUnicode_IsLinebreak => ctype::is_linebreak;
    _PyUnicode_ToDecimalDigit => ctype::to_decimal;
    _PyUnicode_ToDigit => ctype::to_digit;
}
exported!(fn _PyUnicode_ToNumeric(ch: Py_UCS4) -> f64 => ctype::to_numeric(ch));
exported!(fn _PyUnicode_ToLowercase(ch: Py_UCS4) -> Py_UCS4 => ctype::map_simple(ch, ctype::Case::Lower));
exported!(fn _PyUnicode_ToUppercase(ch: Py_UCS4) -> Py_UCS4 => ctype::map_simple(ch, ctype::Case::Upper));
exported!(fn _PyUnicode_ToTitlecase(ch: Py_UCS4) -> Py_UCS4 => ctype::map_simple(ch, ctype::Case::Title));
macro_rules! full_map_fn {
    ($($name:ident => $case:expr;)*) => {$(
        exported!(fn $name(ch: Py_UCS4, res: *mut Py_UCS4) -> c_int => {
            let mut buf = [0u32; 3];
            let n = ctype::map_full(ch, $case, &mut buf);
            std::ptr::copy_nonoverlapping(buf.as_ptr(), res, n);
            n as c_int
        });
    )*};
}
full_map_fn! {
    _PyUnicode_ToLowerFull => ctype::Case::Lower;
    _PyUnicode_ToUpperFull => ctype::Case::Upper;
    _PyUnicode_ToTitleFull => ctype::Case::Title;
    _PyUnicode_ToFoldedFull => ctype::Case::Fold;
}

// ---- _PyUnicodeWriter (Cython's string builder) -------------------------------------------

use ferrython_runtime::abi::unicodeobject::_PyUnicodeWriter;

/// Over-allocation of a growing writer: a quarter more, as CPython on Linux.
const WRITER_OVERALLOCATE_FACTOR: Py_ssize_t = 4;

/// Refreshes the cached view of the buffer (`_PyUnicodeWriter_Update`).
unsafe fn writer_update(w: *mut _PyUnicodeWriter) {
    let buf = (*w).buffer;
    (*w).maxchar = ustr::max_char(buf);
    let (data, kind) = ustr::data_and_kind(buf);
    (*w).data = data;
    if (*w).readonly == 0 {
        (*w).kind = kind;
        (*w).size = ustr::length(buf);
    } else {
        // Copy-on-write: the next prepare copies the shared string.
        (*w).kind = PyUnicode_WCHAR_KIND;
        (*w).size = 0;
    }
}

/// A fresh buffer of `len` characters for `maxchar`, holding the writer's first `pos`.
unsafe fn writer_new_buffer(w: *mut _PyUnicodeWriter, len: Py_ssize_t, maxchar: Py_UCS4) -> PyResult<()> {
    let fresh = ustr::new_uninit(len, maxchar)?;
    if !(*w).buffer.is_null() {
        ustr::copy_characters(fresh, 0, (*w).buffer, 0, (*w).pos as usize);
        obj::decref((*w).buffer);
    }
    (*w).buffer = fresh;
    (*w).readonly = 0;
    Ok(())
}

exported!(fn _PyUnicodeWriter_Init(w: *mut _PyUnicodeWriter) => {
    std::ptr::write_bytes(w, 0, 1);
    (*w).min_char = 127;
    (*w).kind = PyUnicode_WCHAR_KIND;
});
exported!(fn _PyUnicodeWriter_PrepareInternal(w: *mut _PyUnicodeWriter, length: Py_ssize_t, maxchar: Py_UCS4) -> c_int => {
    if length > Py_ssize_t::MAX - (*w).pos {
        let _ = errors::no_memory();
        return -1;
    }
    let mut newlen = (*w).pos + length;
    let maxchar = maxchar.max((*w).min_char);
    let grow = |mut n: Py_ssize_t| {
        if (*w).overallocate != 0 && n <= Py_ssize_t::MAX - n / WRITER_OVERALLOCATE_FACTOR {
            n += n / WRITER_OVERALLOCATE_FACTOR;
        }
        n.max((*w).min_length)
    };
    let r = if (*w).buffer.is_null() {
        newlen = grow(newlen);
        ustr::new_uninit(newlen, maxchar).map(|b| (*w).buffer = b)
    } else if newlen > (*w).size {
        newlen = grow(newlen);
        writer_new_buffer(w, newlen, maxchar.max((*w).maxchar))
    } else if maxchar > (*w).maxchar {
        writer_new_buffer(w, (*w).size, maxchar)
    } else {
        Ok(())
    };
    if r.is_err() {
        return -1;
    }
    writer_update(w);
    0
});
exported!(fn _PyUnicodeWriter_PrepareKindInternal(w: *mut _PyUnicodeWriter, kind: c_int) -> c_int => {
    let maxchar = match kind as u32 {
        PyUnicode_1BYTE_KIND => 0xff,
        PyUnicode_2BYTE_KIND => 0xffff,
        _ => 0x10ffff,
    };
    _PyUnicodeWriter_PrepareInternal(w, 0, maxchar)
});
/// `_PyUnicodeWriter_Prepare` as the header's macro does it.
unsafe fn writer_prepare(w: *mut _PyUnicodeWriter, length: Py_ssize_t, maxchar: Py_UCS4) -> c_int {
    if maxchar <= (*w).maxchar && length <= (*w).size - (*w).pos {
        return 0;
    }
    if length == 0 {
        return 0;
    }
    _PyUnicodeWriter_PrepareInternal(w, length, maxchar)
}
exported!(fn _PyUnicodeWriter_WriteChar(w: *mut _PyUnicodeWriter, ch: Py_UCS4) -> c_int => {
    if ch > 0x10ffff {
        let _ = errors::system_error("invalid maximum character passed to PyUnicode_New");
        return -1;
    }
    if writer_prepare(w, 1, ch) < 0 {
        return -1;
    }
    ustr::write_char((*w).data, (*w).kind, (*w).pos as usize, ch);
    (*w).pos += 1;
    0
});
exported!(fn _PyUnicodeWriter_WriteStr(w: *mut _PyUnicodeWriter, s: *mut PyObject) -> c_int => {
    let len = ustr::length(s);
    if len == 0 {
        return 0;
    }
    if (*w).buffer.is_null() && (*w).overallocate == 0 && ustr::is_exact_str(s) {
        // A single string written into an empty writer is shared, not copied.
        obj::incref(s);
        (*w).readonly = 1;
        (*w).buffer = s;
        writer_update(w);
        (*w).pos += len;
        return 0;
    }
    let maxchar = ustr::max_char(s);
    if maxchar > (*w).maxchar || len > (*w).size - (*w).pos {
        if _PyUnicodeWriter_PrepareInternal(w, len, maxchar) < 0 {
            return -1;
        }
    }
    ustr::copy_characters((*w).buffer, (*w).pos as usize, s, 0, len as usize);
    (*w).pos += len;
    0
});
exported!(fn _PyUnicodeWriter_WriteSubstring(w: *mut _PyUnicodeWriter, s: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> c_int => {
    if start == 0 && end == ustr::length(s) {
        return _PyUnicodeWriter_WriteStr(w, s);
    }
    let len = end - start;
    if len <= 0 {
        return 0;
    }
    let maxchar = ustr::max_char_of_range(s, start as usize, end as usize);
    if writer_prepare(w, len, maxchar) < 0 {
        return -1;
    }
    ustr::copy_characters((*w).buffer, (*w).pos as usize, s, start as usize, len as usize);
    (*w).pos += len;
    0
});
exported!(fn _PyUnicodeWriter_WriteASCIIString(w: *mut _PyUnicodeWriter, text: *const c_char, len: Py_ssize_t) -> c_int => {
    let bytes = sized(text, if len < 0 { libc::strlen(text) as Py_ssize_t } else { len });
    _PyUnicodeWriter_WriteLatin1String(w, bytes.as_ptr() as *const c_char, bytes.len() as Py_ssize_t)
});
exported!(fn _PyUnicodeWriter_WriteLatin1String(w: *mut _PyUnicodeWriter, text: *const c_char, len: Py_ssize_t) -> c_int => {
    let bytes = sized(text, len);
    if bytes.is_empty() {
        return 0;
    }
    let maxchar = bytes.iter().copied().max().unwrap_or(0) as u32;
    if writer_prepare(w, bytes.len() as Py_ssize_t, maxchar) < 0 {
        return -1;
    }
    for (i, &b) in bytes.iter().enumerate() {
        ustr::write_char((*w).data, (*w).kind, (*w).pos as usize + i, b as u32);
    }
    (*w).pos += bytes.len() as Py_ssize_t;
    0
});
exported!(fn _PyUnicodeWriter_Finish(w: *mut _PyUnicodeWriter) -> *mut PyObject => {
    let buf = (*w).buffer;
    (*w).buffer = null_mut();
    if (*w).pos == 0 {
        obj::xdecref(buf);
        return ptr_result(ustr::from_ucs1(&[]));
    }
    if (*w).readonly != 0 {
        return buf;
    }
    let pos = (*w).pos;
    if pos == 1 {
        let (data, kind) = ustr::data_and_kind(buf);
        let c = ustr::read_char(data, kind, 0);
        if c < 0x100 {
            obj::decref(buf);
            return ptr_result(ustr::char_str(c));
        }
    }
    if ustr::length(buf) != pos {
        return match ustr::resize(buf, pos) {
            Ok(b) => b,
            Err(_) => null_mut(),
        };
    }
    buf
});
exported!(fn _PyUnicodeWriter_Dealloc(w: *mut _PyUnicodeWriter) => {
    let buf = (*w).buffer;
    (*w).buffer = null_mut();
    obj::xdecref(buf);
});

exported!(fn PyUnicode_Format(format: *mut PyObject, args: *mut PyObject) -> *mut PyObject => {
    if format.is_null() || args.is_null() {
        let _ = bad_ucall(15198);
        return null_mut();
    }
    if !is_str(format) {
        let _ = errors::type_error(&format!("must be str, not {}", obj::type_name(format)));
        return null_mut();
    }
    ptr_result(ustr::percent_format(format, args))
});

// ---- the deprecated Py_UNICODE (wchar_t) API, still exported by 3.11 -----------------------

exported!(fn PyUnicode_AsUnicodeAndSize(op: *mut PyObject, size: *mut Py_ssize_t) -> *mut libc::wchar_t => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_argument();
        return null_mut();
    }
    match ustr::as_wstr(op) {
        Ok((w, n)) => {
            if !size.is_null() {
                *size = n;
            }
            w
        }
        Err(_) => null_mut(),
    }
});
exported!(fn PyUnicode_AsUnicode(op: *mut PyObject) -> *mut libc::wchar_t => PyUnicode_AsUnicodeAndSize(op, null_mut()));
exported!(fn _PyUnicode_AsUnicode(op: *mut PyObject) -> *const libc::wchar_t => {
    let mut n: Py_ssize_t = 0;
    let w = PyUnicode_AsUnicodeAndSize(op, &mut n);
    if w.is_null() {
        return std::ptr::null();
    }
    if (0..n as usize).any(|i| *w.add(i) == 0) {
        let _ = errors::value_error("embedded null character");
        return std::ptr::null();
    }
    w as *const libc::wchar_t
});
exported!(fn PyUnicode_GetSize(op: *mut PyObject) -> Py_ssize_t => {
    if op.is_null() || !is_str(op) {
        let _ = errors::bad_argument();
        return -1;
    }
    match ustr::as_wstr(op) {
        Ok((_, n)) => n,
        Err(_) => -1,
    }
});
exported!(fn PyUnicode_FromUnicode(u: *const libc::wchar_t, size: Py_ssize_t) -> *mut PyObject => {
    if u.is_null() {
        if size > 0 {
            let _ = bad_ucall(2157);
            return null_mut();
        }
        return ptr_result(ustr::from_ucs1(&[]));
    }
    PyUnicode_FromWideChar(u, size)
});

exported!(
    /// `_PyUnicode_FromId(id)`: the interned str of a `_Py_IDENTIFIER` (borrowed).
    fn _PyUnicode_FromId(id: *mut ferrython_runtime::objects::unicodeobject::PyIdentifier) -> *mut PyObject =>
        ferrython_runtime::objects::unicodeobject::from_id(id).unwrap_or(core::ptr::null_mut())
);

// ---------------------------------------------------------------------------------------------
// File system and locale encodings.

exported!(fn PyUnicode_EncodeFSDefault(op: *mut PyObject) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    ptr_result(ustr::encode_fs_default(op))
});
exported!(fn PyUnicode_DecodeFSDefaultAndSize(s: *const c_char, size: Py_ssize_t) -> *mut PyObject =>
    ptr_result(ustr::decode_fs_default(sized(s, size))));
exported!(fn PyUnicode_DecodeFSDefault(s: *const c_char) -> *mut PyObject =>
    ptr_result(ustr::decode_fs_default(CStr::from_ptr(s).to_bytes())));
exported!(fn PyUnicode_EncodeLocale(op: *mut PyObject, errors: *const c_char) -> *mut PyObject => {
    if encode_arg(op).is_err() {
        return null_mut();
    }
    ptr_result(ustr::encode_locale(op, opt_cstr(errors)))
});
exported!(fn PyUnicode_DecodeLocaleAndSize(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject => {
    let bytes = sized(s, size);
    // The C library stops at a NUL: so does the locale decoder (CPython checks the length).
    if bytes.contains(&0) {
        let _ = errors::value_error("embedded null byte");
        return null_mut();
    }
    ptr_result(ustr::decode_locale(bytes, opt_cstr(errors)))
});
exported!(fn PyUnicode_DecodeLocale(s: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(ustr::decode_locale(CStr::from_ptr(s).to_bytes(), opt_cstr(errors))));

/// The `O&` converter protocol shared by `PyUnicode_FSConverter` / `PyUnicode_FSDecoder`:
/// `arg == NULL` releases a previous result (1); otherwise the converted object is stored
/// and `Py_CLEANUP_SUPPORTED` returned, or 0 with the exception set.
unsafe fn cleanup_converter(
    name: &'static str,
    arg: *mut PyObject,
    addr: *mut c_void,
    convert: impl FnOnce(*mut PyObject) -> PyResult<Ref>,
) -> c_int {
    ferrython_runtime::lifecycle::fatal::fatal_on_panic(name, || unsafe {
        let slot = addr as *mut *mut PyObject;
        if arg.is_null() {
            obj::xdecref(*slot);
            *slot = null_mut();
            return 1;
        }
        match convert(arg) {
            Ok(out) => {
                *slot = out.into_raw();
                ferrython_runtime::getargs::PY_CLEANUP_SUPPORTED
            }
            Err(_) => 0,
        }
    })
}

/// `PyUnicode_FSConverter(obj, &result)`: str (encoded), bytes or os.PathLike to bytes for
/// the OS, refusing embedded NUL bytes.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FSConverter(arg: *mut PyObject, addr: *mut c_void) -> c_int {
    cleanup_converter("PyUnicode_FSConverter", arg, addr, |arg| unsafe {
        let path = ferrython_runtime::modules::posixmodule::fspath(arg)?;
        let out = if is_str(path.as_ptr()) { ustr::encode_fs_default(path.as_ptr())? } else { path };
        if bytesobject::as_slice(out.as_ptr()).contains(&0) {
            return Err(errors::value_error("embedded null byte"));
        }
        Ok(out)
    })
}

/// `PyUnicode_FSDecoder(obj, &result)`: str, bytes (decoded) or os.PathLike to str, refusing
/// embedded NUL characters.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FSDecoder(arg: *mut PyObject, addr: *mut c_void) -> c_int {
    cleanup_converter("PyUnicode_FSDecoder", arg, addr, |arg| unsafe {
        let path = ferrython_runtime::modules::posixmodule::fspath(arg)?;
        let out = if is_str(path.as_ptr()) {
            path
        } else {
            ustr::decode_fs_default(bytesobject::as_slice(path.as_ptr()))?
        };
        let (data, kind) = ustr::data_and_kind(out.as_ptr());
        for i in 0..ustr::length(out.as_ptr()) as usize {
            if ustr::read_char(data, kind, i) == 0 {
                return Err(errors::value_error("embedded null character"));
            }
        }
        Ok(out)
    })
}

exported!(fn PyUnicode_Translate(op: *mut PyObject, table: *mut PyObject, _errors: *const c_char) -> *mut PyObject => {
    if op.is_null() || !is_str(op) {
        let _ = errors::type_error(&format!("must be str, not {}", if op.is_null() { "NULL".into() } else { obj::type_name(op) }));
        return null_mut();
    }
    ptr_result(ferrython_runtime::objects::unicode_translate::translate(op, table))
});

// ---- The codecs written in the `_codecs` module, and the deprecated registry calls ----

exported!(fn PyUnicode_DecodeUTF7(s: *const c_char, size: Py_ssize_t, errors: *const c_char) -> *mut PyObject =>
    ptr_result(ferrython_runtime::modules::codecsmodule::utf7_decode(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)), None)));
exported!(fn PyUnicode_DecodeUTF7Stateful(s: *const c_char, size: Py_ssize_t, errors: *const c_char, consumed: *mut Py_ssize_t) -> *mut PyObject => {
    let handler = ErrorHandler::parse(opt_cstr(errors));
    let data = sized(s, size);
    if consumed.is_null() {
        return ptr_result(ferrython_runtime::modules::codecsmodule::utf7_decode(data, &handler, None));
    }
    let mut used = 0usize;
    let r = ferrython_runtime::modules::codecsmodule::utf7_decode(data, &handler, Some(&mut used));
    if r.is_ok() {
        *consumed = used as Py_ssize_t;
    }
    ptr_result(r)
});
exported!(fn PyUnicode_DecodeCharmap(s: *const c_char, size: Py_ssize_t, mapping: *mut PyObject, errors: *const c_char) -> *mut PyObject =>
    ptr_result(ferrython_runtime::modules::codecsmodule::charmap_decode_bytes(sized(s, size), &ErrorHandler::parse(opt_cstr(errors)), mapping)));
exported!(fn PyUnicode_AsCharmapString(unicode: *mut PyObject, mapping: *mut PyObject) -> *mut PyObject => {
    if unicode.is_null() || mapping.is_null() || !is_str(unicode) {
        return ptr_result(Err(errors::bad_argument()));
    }
    to_bytes(ferrython_runtime::modules::codecsmodule::charmap_encode_str(unicode, &ErrorHandler::parse(None), mapping))
});
exported!(fn PyUnicode_BuildEncodingMap(string: *mut PyObject) -> *mut PyObject => {
    if string.is_null() || !is_str(string) {
        return ptr_result(Err(errors::bad_argument()));
    }
    ptr_result(ferrython_runtime::modules::codecsmodule::build_encoding_map(string))
});

use ferrython_runtime::codecs::registry::{deprecated_codec_call, DeprecatedCodecCall};
exported!(fn PyUnicode_AsDecodedObject(unicode: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(deprecated_codec_call(DeprecatedCodecCall::DecodedObject, unicode, opt_cstr(encoding), opt_cstr(errors))));
exported!(fn PyUnicode_AsDecodedUnicode(unicode: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(deprecated_codec_call(DeprecatedCodecCall::DecodedUnicode, unicode, opt_cstr(encoding), opt_cstr(errors))));
exported!(fn PyUnicode_AsEncodedObject(unicode: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(deprecated_codec_call(DeprecatedCodecCall::EncodedObject, unicode, opt_cstr(encoding), opt_cstr(errors))));
exported!(fn PyUnicode_AsEncodedUnicode(unicode: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(deprecated_codec_call(DeprecatedCodecCall::EncodedUnicode, unicode, opt_cstr(encoding), opt_cstr(errors))));
