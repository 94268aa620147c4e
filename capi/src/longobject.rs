//! `longobject.h` / `cpython/longobject.h`: int creation and conversion. Wrappers over
//! `ferrython_runtime::objects::longobject`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::objects::longobject as long;
use std::ffi::{
    c_char, c_double, c_int, c_long, c_longlong, c_uchar, c_ulong, c_ulonglong, c_void, CStr,
};
use std::ptr::null_mut;

exported!(fn PyLong_FromLong(v: c_long) -> *mut PyObject => ptr_result(long::from_i64(v)));
exported!(fn PyLong_FromUnsignedLong(v: c_ulong) -> *mut PyObject => ptr_result(long::from_u64(v)));
exported!(fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject => ptr_result(long::from_i64(v)));
exported!(fn PyLong_FromUnsignedLongLong(v: c_ulonglong) -> *mut PyObject => ptr_result(long::from_u64(v)));
exported!(fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject => ptr_result(long::from_isize(v)));
exported!(fn PyLong_FromSize_t(v: usize) -> *mut PyObject => ptr_result(long::from_usize(v)));
exported!(fn PyLong_FromDouble(v: c_double) -> *mut PyObject => ptr_result(long::from_f64(v)));
exported!(fn PyLong_FromVoidPtr(p: *mut c_void) -> *mut PyObject => ptr_result(long::from_u64(p as usize as u64)));

/// NULL is a bad internal call for every conversion that reads an object; CPython's
/// message names its source line (`_PyErr_BadInternalCall(__FILE__, __LINE__)`).
unsafe fn non_null(op: *mut PyObject, line: u32) -> errors::PyResult<*mut PyObject> {
    if op.is_null() {
        Err(long::bad_internal_call_at("Objects/longobject.c", line))
    } else {
        Ok(op)
    }
}

exported!(fn PyLong_AsLong(op: *mut PyObject) -> c_long =>
    non_null(op, 466).and_then(|op| long::as_i64(op)).unwrap_or(-1));
exported!(fn PyLong_AsLongLong(op: *mut PyObject) -> c_longlong =>
    non_null(op, 1208).and_then(|op| long::as_i64_with(op, "int too big to convert")).unwrap_or(-1));
exported!(fn _PyLong_AsInt(op: *mut PyObject) -> c_int =>
    non_null(op, 466).and_then(|op| long::as_c_int(op)).unwrap_or(-1));
unsafe fn as_long_and_overflow(op: *mut PyObject, overflow: *mut c_int, line: u32) -> i64 {
    *overflow = 0;
    match non_null(op, line).and_then(|op| long::as_i64_and_overflow(op)) {
        Ok((v, o)) => {
            *overflow = o;
            v
        }
        Err(_) => -1,
    }
}
exported!(fn PyLong_AsLongAndOverflow(op: *mut PyObject, overflow: *mut c_int) -> c_long =>
    as_long_and_overflow(op, overflow, 466));
exported!(fn PyLong_AsLongLongAndOverflow(op: *mut PyObject, overflow: *mut c_int) -> c_longlong =>
    as_long_and_overflow(op, overflow, 1363));
exported!(fn PyLong_AsSsize_t(op: *mut PyObject) -> Py_ssize_t =>
    non_null(op, 575).and_then(|op| long::as_isize(op)).unwrap_or(-1));
exported!(fn PyLong_AsSize_t(op: *mut PyObject) -> usize =>
    non_null(op, 674).and_then(|op| long::as_usize(op)).unwrap_or(usize::MAX));
exported!(fn PyLong_AsUnsignedLong(op: *mut PyObject) -> c_ulong =>
    non_null(op, 630).and_then(|op| long::as_u64_checked(op,
        "can't convert negative value to unsigned int",
        "Python int too large to convert to C unsigned long")).unwrap_or(u64::MAX));
exported!(
    /// Overflow messages are `_PyLong_AsByteArray`'s, through which CPython converts.
    fn PyLong_AsUnsignedLongLong(op: *mut PyObject) -> c_ulonglong =>
        non_null(op, 1259).and_then(|op| long::as_u64_checked(op,
            "can't convert negative int to unsigned", "int too big to convert")).unwrap_or(u64::MAX)
);
exported!(
    /// The value modulo 2**64; non-ints go through `__index__`.
    fn PyLong_AsUnsignedLongMask(op: *mut PyObject) -> c_ulong => {
        match non_null(op, 746).and_then(|op| long::index_raw(op)) {
            Ok(v) => long::low_u64_wrapping(v.as_ptr()),
            Err(_) => u64::MAX,
        }
    }
);
exported!(fn PyLong_AsUnsignedLongLongMask(op: *mut PyObject) -> c_ulonglong => {
    match non_null(op, 1323).and_then(|op| long::index_raw(op)) {
        Ok(v) => long::low_u64_wrapping(v.as_ptr()),
        Err(_) => u64::MAX,
    }
});
exported!(fn PyLong_AsDouble(op: *mut PyObject) -> c_double => {
    match non_null(op, 3072) {
        Err(_) => -1.0,
        Ok(op) if !long::is_int(op) => { let _ = errors::type_error("an integer is required"); -1.0 }
        Ok(op) => long::as_f64(op).unwrap_or(-1.0),
    }
});
exported!(
    /// Pointers round-trip through `PyLong_AsUnsignedLong` (negative ints through
    /// `PyLong_AsLong`), as CPython does on LP64.
    fn PyLong_AsVoidPtr(op: *mut PyObject) -> *mut c_void => {
        let r = if !op.is_null() && long::is_int(op) && long::is_negative(op) {
            non_null(op, 466).and_then(|op| long::as_i64(op)).map(|v| v as u64)
        } else {
            non_null(op, 630).and_then(|op| long::as_u64_checked(op,
                "can't convert negative value to unsigned int",
                "Python int too large to convert to C unsigned long"))
        };
        match r { Ok(v) => v as usize as *mut c_void, Err(_) => null_mut() }
    }
);

exported!(
    /// `PyLong_FromString(str, pend, base)`: the whole string must be a literal; `*pend`
    /// is set where parsing stopped (the NUL on success, the offending character otherwise).
    fn PyLong_FromString(s: *const c_char, pend: *mut *mut c_char, base: c_int) -> *mut PyObject => {
        let bytes = CStr::from_ptr(s).to_bytes();
        let shown = &bytes[..bytes.len().min(200)];
        let parsed = long::parse_literal(bytes, base as u32, &|| long::quote_for_message(shown));
        if !pend.is_null() {
            if let Some(end) = parsed.end {
                *pend = s.add(end) as *mut c_char;
            }
        }
        let r = parsed.result;
        ptr_result(r)
    }
);
exported!(fn PyLong_FromUnicodeObject(u: *mut PyObject, base: c_int) -> *mut PyObject =>
    ptr_result(long::from_unicode(u, base)));

exported!(fn _PyLong_New(size: Py_ssize_t) -> *mut PyObject =>
    match long::alloc(size.max(0) as usize) { Ok(p) => p, Err(_) => null_mut() });
exported!(fn _PyLong_Copy(op: *mut PyObject) -> *mut PyObject => ptr_result(long::copy(op)));
exported!(fn _PyLong_Sign(op: *mut PyObject) -> c_int => long::signed_size(op).signum() as c_int);
exported!(fn _PyLong_NumBits(op: *mut PyObject) -> usize => long::num_bits(op));
exported!(fn _PyLong_Frexp(op: *mut PyObject, e: *mut Py_ssize_t) -> c_double => {
    match long::frexp(op) {
        Ok((m, exp)) => { *e = exp; m }
        Err(_) => { *e = 0; -1.0 }
    }
});
exported!(fn _PyLong_FromByteArray(bytes: *const c_uchar, n: usize, little_endian: c_int, is_signed: c_int) -> *mut PyObject =>
    ptr_result(long::from_byte_array(if n == 0 { &[] } else { std::slice::from_raw_parts(bytes, n) }, little_endian != 0, is_signed != 0)));
exported!(fn _PyLong_AsByteArray(op: *mut PyObject, bytes: *mut c_uchar, n: usize, little_endian: c_int, is_signed: c_int) -> c_int =>
    errors::int_result(long::as_byte_array(op, if n == 0 { &mut [] } else { std::slice::from_raw_parts_mut(bytes, n) }, little_endian != 0, is_signed != 0)));
exported!(fn _PyLong_Format(op: *mut PyObject, base: c_int) -> *mut PyObject =>
    ptr_result(long::format_object(op, base)));
exported!(fn _PyLong_GCD(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject => ptr_result(long::gcd(a, b)));
exported!(fn _PyLong_DivmodNear(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject => ptr_result(long::divmod_near(a, b)));
exported!(fn _PyLong_Lshift(a: *mut PyObject, n: usize) -> *mut PyObject => ptr_result(long::lshift_by(a, n as u64)));
exported!(fn _PyLong_Rshift(a: *mut PyObject, n: usize) -> *mut PyObject => ptr_result(long::rshift_by(a, n as u64)));
exported!(fn _PyLong_FromTime_t(v: libc::time_t) -> *mut PyObject => ptr_result(long::from_i64(v)));
exported!(fn _PyLong_AsTime_t(op: *mut PyObject) -> libc::time_t => {
    match non_null(op, 1208).and_then(|op| long::as_i64_and_overflow(op)) {
        Ok((v, 0)) => v,
        Ok(_) => { let _ = errors::overflow_error("timestamp out of range for platform time_t"); -1 }
        Err(_) => -1,
    }
});
exported!(fn _PyLong_FromUid(v: libc::uid_t) -> *mut PyObject =>
    ptr_result(if v == libc::uid_t::MAX { long::from_i64(-1) } else { long::from_u64(v as u64) }));
exported!(fn _PyLong_FromGid(v: libc::gid_t) -> *mut PyObject =>
    ptr_result(if v == libc::gid_t::MAX { long::from_i64(-1) } else { long::from_u64(v as u64) }));
exported!(fn _PyLong_FromBytes(s: *const c_char, len: Py_ssize_t, base: c_int) -> *mut PyObject => {
    let bytes = std::slice::from_raw_parts(s as *const u8, len.max(0) as usize);
    ptr_result(long::from_bytes_literal(bytes, base))
});

/// The `O&` converters of 3.11's clinic code: 1 on success, 0 with an exception set.
/// A negative int is a ValueError; then the named conversion; then the width check.
unsafe fn unsigned_converter(
    op: *mut PyObject,
    max: u64,
    negative_msg: &str,
    overflow_msg: &str,
    narrow_msg: &str,
) -> errors::PyResult<u64> {
    if long::is_int(op) && long::is_negative(op) {
        return Err(errors::value_error("value must be positive"));
    }
    let v = long::as_u64_checked(op, negative_msg, overflow_msg)?;
    if v > max {
        return Err(errors::overflow_error(narrow_msg));
    }
    Ok(v)
}

macro_rules! unsigned_converter {
    ($name:ident, $ty:ty, $neg:expr, $over:expr, $narrow:expr) => {
        exported!(fn $name(op: *mut PyObject, out: *mut c_void) -> c_int => {
            match unsigned_converter(op, <$ty>::MAX as u64, $neg, $over, $narrow) {
                Ok(v) => { *(out as *mut $ty) = v as $ty; 1 }
                Err(_) => 0,
            }
        });
    };
}
const ULONG_NEG: &str = "can't convert negative value to unsigned int";
const ULONG_OVER: &str = "Python int too large to convert to C unsigned long";
unsigned_converter!(
    _PyLong_UnsignedShort_Converter,
    u16,
    ULONG_NEG,
    ULONG_OVER,
    "Python int too large for C unsigned short"
);
unsigned_converter!(
    _PyLong_UnsignedInt_Converter,
    u32,
    ULONG_NEG,
    ULONG_OVER,
    "Python int too large for C unsigned int"
);
unsigned_converter!(
    _PyLong_UnsignedLong_Converter,
    u64,
    ULONG_NEG,
    ULONG_OVER,
    ULONG_OVER
);
unsigned_converter!(
    _PyLong_UnsignedLongLong_Converter,
    u64,
    "can't convert negative int to unsigned",
    "int too big to convert",
    "int too big to convert"
);
unsigned_converter!(
    _PyLong_Size_t_Converter,
    usize,
    "can't convert negative value to size_t",
    "Python int too large to convert to C size_t",
    "Python int too large to convert to C size_t"
);

// The formatting entry points that write into a `_PyUnicodeWriter` (str.format and
// f-strings reach `int.__format__`/`float.__format__` through them).
use ferrython_runtime::abi::unicodeobject::_PyUnicodeWriter;

/// Writes `text` through the writer (the writer's own export does the buffer work).
unsafe fn write_text(writer: *mut _PyUnicodeWriter, text: errors::PyResult<String>) -> c_int {
    let s = match text.and_then(|t| ferrython_runtime::objects::unicodeobject::new_str(&t)) {
        Ok(s) => s,
        Err(_) => return -1,
    };
    crate::unicodeobject::_PyUnicodeWriter_WriteStr(writer, s.as_ptr())
}

/// The `[start, end)` characters of a format spec as Rust text.
unsafe fn spec_slice(spec: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> String {
    let text = ferrython_runtime::objects::unicodeobject::to_string_lossy(spec);
    text.chars()
        .skip(start.max(0) as usize)
        .take((end - start).max(0) as usize)
        .collect()
}

exported!(fn _PyLong_FormatWriter(writer: *mut _PyUnicodeWriter, op: *mut PyObject, base: c_int, alternate: c_int) -> c_int => {
    if op.is_null() || !long::is_int(op) || !matches!(base, 2 | 8 | 10 | 16) {
        let _ = long::bad_internal_call_at("Objects/longobject.c", if base == 10 { 1724 } else { 1944 });
        return -1;
    }
    write_text(writer, long::format_base(op, base as u32, alternate != 0))
});
exported!(fn _PyLong_FormatAdvancedWriter(writer: *mut _PyUnicodeWriter, op: *mut PyObject, spec: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> c_int =>
    write_text(writer, ferrython_runtime::numeric::format::format_int(op, &spec_slice(spec, start, end))));
exported!(fn _PyFloat_FormatAdvancedWriter(writer: *mut _PyUnicodeWriter, op: *mut PyObject, spec: *mut PyObject, start: Py_ssize_t, end: Py_ssize_t) -> c_int =>
    write_text(writer, ferrython_runtime::numeric::format::format_float(op, &spec_slice(spec, start, end))));
exported!(fn PyLong_GetInfo() -> *mut PyObject => ptr_result(ferrython_runtime::modules::sysmodule::make_int_info()));
