//! `bytesobject.h` / `cpython/bytesobject.h`: the bytes C API (the C-variadic
//! `PyBytes_FromFormat(V)` live in capi/c/unicode_format.c). Thin wrappers over
//! `ferrython_runtime::objects::bytesobject`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::objects::bytearrayobject;
use ferrython_runtime::objects::bytes_methods;
use ferrython_runtime::objects::bytesobject::{self as bytes, is_bytes};
use ferrython_runtime::objects::object as obj;
use ferrython_runtime::objects::unicodeobject as ustr;
use std::ffi::{c_char, c_int, CStr};
use std::ptr::null_mut;

unsafe fn expected_bytes(op: *mut PyObject) {
    let _ = errors::type_error(&format!("expected bytes, {} found", obj::type_name(op)));
}

exported!(fn PyBytes_FromStringAndSize(s: *const c_char, size: Py_ssize_t) -> *mut PyObject => {
    if size < 0 {
        let _ = errors::system_error("Negative size passed to PyBytes_FromStringAndSize");
        return null_mut();
    }
    if s.is_null() {
        if size == 0 {
            return ptr_result(bytes::from_slice(&[]));
        }
        return bytes::new_uninit(size).unwrap_or(null_mut());
    }
    ptr_result(bytes::from_slice(std::slice::from_raw_parts(s as *const u8, size as usize)))
});
exported!(fn PyBytes_FromString(s: *const c_char) -> *mut PyObject =>
    ptr_result(bytes::from_slice(CStr::from_ptr(s).to_bytes())));
exported!(fn PyBytes_AsString(op: *mut PyObject) -> *mut c_char => {
    if !is_bytes(op) {
        expected_bytes(op);
        return null_mut();
    }
    bytes::data(op) as *mut c_char
});
exported!(fn PyBytes_Size(op: *mut PyObject) -> Py_ssize_t => {
    if !is_bytes(op) {
        expected_bytes(op);
        return -1;
    }
    bytes::size(op) as Py_ssize_t
});
exported!(fn PyBytes_AsStringAndSize(op: *mut PyObject, s: *mut *mut c_char, len: *mut Py_ssize_t) -> c_int => {
    if s.is_null() {
        let _ = crate::unicodeobject::bad_call("Objects/bytesobject.c", 1240);
        return -1;
    }
    if !is_bytes(op) {
        expected_bytes(op);
        return -1;
    }
    *s = bytes::data(op) as *mut c_char;
    let n = bytes::size(op);
    if !len.is_null() {
        *len = n as Py_ssize_t;
    } else if bytes::as_slice(op).contains(&0) {
        let _ = errors::value_error("embedded null byte");
        return -1;
    }
    0
});
exported!(fn PyBytes_FromObject(op: *mut PyObject) -> *mut PyObject => {
    if op.is_null() {
        let _ = crate::unicodeobject::bad_call("Objects/bytesobject.c", 2861);
        return null_mut();
    }
    ptr_result(bytes::from_object(op))
});
exported!(fn PyBytes_Repr(op: *mut PyObject, smartquotes: c_int) -> *mut PyObject => {
    let data = bytes::as_slice(op);
    if smartquotes == 0 {
        // Always single quotes: escape every '.
        let mut text = String::from("b'");
        for &c in data {
            match c {
                b'\'' => text.push_str("\\'"),
                b'\\' => text.push_str("\\\\"),
                b'\t' => text.push_str("\\t"),
                b'\n' => text.push_str("\\n"),
                b'\r' => text.push_str("\\r"),
                0x20..=0x7e => text.push(c as char),
                _ => text.push_str(&format!("\\x{c:02x}")),
            }
        }
        text.push('\'');
        return ptr_result(ustr::new_str(&text));
    }
    ptr_result(ustr::new_str(&bytes::repr_text(data, "", "")))
});
exported!(
    /// `*pv = *pv + w`; on error `*pv` becomes NULL. The old `*pv` reference is released.
    fn PyBytes_Concat(pv: *mut *mut PyObject, w: *mut PyObject) => {
        if pv.is_null() {
            let _ = errors::bad_internal_call();
            return;
        }
        let v = *pv;
        if v.is_null() {
            return;
        }
        if w.is_null() {
            *pv = null_mut();
            obj::decref(v);
            return;
        }
        let view = |o: *mut PyObject| -> Option<&[u8]> {
            if is_bytes(o) {
                Some(bytes::as_slice(o))
            } else if bytearrayobject::is_bytearray(o) {
                Some(bytearrayobject::as_slice(o))
            } else {
                None
            }
        };
        let r = match (view(v), view(w)) {
            (Some(a), Some(b)) => {
                if b.is_empty() && bytes::is_exact_bytes(v) {
                    Ok(obj::new_ref(v))
                } else {
                    bytes::concat(a, b)
                }
            }
            _ => {
                Err(errors::type_error(&format!("can't concat {} to {}", obj::type_name(w), obj::type_name(v))))
            }
        };
        obj::decref(v);
        *pv = ptr_result(r);
    }
);
exported!(fn PyBytes_ConcatAndDel(pv: *mut *mut PyObject, w: *mut PyObject) => {
    PyBytes_Concat(pv, w);
    obj::xdecref(w);
});
exported!(fn _PyBytes_Resize(pv: *mut *mut PyObject, size: Py_ssize_t) -> c_int => {
    let v = *pv;
    if v.is_null() || !is_bytes(v) || (*v).ob_refcnt != 1 || size < 0 {
        *pv = null_mut();
        obj::xdecref(v);
        let _ = crate::unicodeobject::bad_call("Objects/bytesobject.c", 3124);
        return -1;
    }
    errors::int_result(bytes::resize(pv, size))
});
exported!(fn PyBytes_DecodeEscape(s: *const c_char, len: Py_ssize_t, errors: *const c_char, _unicode: Py_ssize_t, _recode: *const c_char) -> *mut PyObject => {
    let input = if len <= 0 { &[][..] } else { std::slice::from_raw_parts(s as *const u8, len as usize) };
    let errs = if errors.is_null() { None } else { Some(CStr::from_ptr(errors).to_str().unwrap_or("?")) };
    ptr_result(bytes::decode_escape(input, errs).and_then(|(v, _)| bytes::from_slice(&v)))
});

// `_PyBytesWriter`: used by binascii, _struct, _pickle and the codecs in lib-dynload.
use ferrython_runtime::abi::bytesobject::_PyBytesWriter;
use ferrython_runtime::objects::bytesobject::writer;
use std::ffi::c_void;

exported!(fn _PyBytesWriter_Init(w: *mut _PyBytesWriter) -> () => writer::init(w));
exported!(fn _PyBytesWriter_Dealloc(w: *mut _PyBytesWriter) -> () => writer::dealloc(w));
exported!(fn _PyBytesWriter_Alloc(w: *mut _PyBytesWriter, size: Py_ssize_t) -> *mut c_void =>
    writer::alloc(w, size).map_or(null_mut(), |p| p as *mut c_void));
exported!(fn _PyBytesWriter_Prepare(w: *mut _PyBytesWriter, pos: *mut c_void, size: Py_ssize_t) -> *mut c_void =>
    writer::prepare(w, pos as *mut u8, size).map_or(null_mut(), |p| p as *mut c_void));
exported!(fn _PyBytesWriter_Resize(w: *mut _PyBytesWriter, pos: *mut c_void, size: Py_ssize_t) -> *mut c_void =>
    writer::resize_to(w, pos as *mut u8, size).map_or(null_mut(), |p| p as *mut c_void));
exported!(fn _PyBytesWriter_WriteBytes(w: *mut _PyBytesWriter, pos: *mut c_void, bytes: *const c_void, size: Py_ssize_t) -> *mut c_void =>
    writer::write_bytes(w, pos as *mut u8, bytes as *const u8, size).map_or(null_mut(), |p| p as *mut c_void));
exported!(fn _PyBytesWriter_Finish(w: *mut _PyBytesWriter, pos: *mut c_void) -> *mut PyObject =>
    writer::finish(w, pos as *mut u8).unwrap_or(null_mut()));
exported!(fn PyObject_Bytes(v: *mut PyObject) -> *mut PyObject => ptr_result(bytes::object_bytes(v)));
exported!(
    /// Fills `dest[..len_dest]` with copies of `src[..len_src]` (`src` may be `dest`'s start).
    fn _PyBytes_Repeat(dest: *mut c_char, len_dest: Py_ssize_t, src: *const c_char, len_src: Py_ssize_t) =>
        bytes_methods::repeat_into(dest as *mut u8, len_dest as usize, src as *const u8, len_src as usize)
);
exported!(fn _PyBytes_Find(hay: *const c_char, len_hay: Py_ssize_t, needle: *const c_char, len_needle: Py_ssize_t, offset: Py_ssize_t) -> Py_ssize_t =>
    bytes_methods::find_at_offset(raw_slice(hay, len_hay), raw_slice(needle, len_needle), offset, false));
exported!(fn _PyBytes_ReverseFind(hay: *const c_char, len_hay: Py_ssize_t, needle: *const c_char, len_needle: Py_ssize_t, offset: Py_ssize_t) -> Py_ssize_t =>
    bytes_methods::find_at_offset(raw_slice(hay, len_hay), raw_slice(needle, len_needle), offset, true));

/// The C buffer `(p, n)` as a slice (empty for n <= 0).
unsafe fn raw_slice<'a>(p: *const c_char, n: Py_ssize_t) -> &'a [u8] {
    if n <= 0 || p.is_null() {
        &[]
    } else {
        // SAFETY: the caller passes a buffer of n readable bytes.
        std::slice::from_raw_parts(p as *const u8, n as usize)
    }
}
