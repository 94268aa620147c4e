//! `bytes` (CPython's Objects/bytesobject.c): the immutable byte string, its type objects,
//! creation (with the empty and one-byte singletons in `_PyRuntime`), hashing, comparison
//! and the operations the bytes C API needs.

use super::typeobject::static_type;
use crate::abi::bytesobject::{PyBytesObject, PyBytesObject_SVAL_OFFSET};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::lifecycle::pyruntime;
use crate::objects::object::{new_ref, Ref};
use core::ffi::c_void;

#[no_mangle]
pub static mut PyBytes_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(bytes_dealloc),
    tp_hash: Some(bytes_hash),
    tp_richcompare: Some(bytes_richcompare),
    tp_repr: Some(bytes_repr),
    tp_as_buffer: &raw mut BYTES_AS_BUFFER,
    tp_as_sequence: &raw mut BYTES_AS_SEQUENCE,
    tp_as_mapping: &raw mut BYTES_AS_MAPPING,
    tp_methods: (&raw mut BYTES_METHODS).cast(),
    tp_str: Some(bytes_repr),
    tp_new: Some(bytes_new),
    tp_iter: Some(bytes_iter),
    tp_as_number: &raw mut BYTES_AS_NUMBER,
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"bytes",
        33,
        1,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_BYTES_SUBCLASS,
    )
};

#[no_mangle]
pub static mut PyBytesIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(super::bytes_methods::byteiter_dealloc),
    tp_traverse: Some(super::bytes_methods::byteiter_traverse),
    tp_iter: Some(crate::objects::object::PyObject_SelfIter),
    tp_iternext: Some(super::bytes_methods::byteiter_next),
    tp_methods: (&raw mut super::bytes_methods::BYTEITER_METHODS).cast(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"bytes_iterator",
        32,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

/// `PyBytes_Check`: bytes or a subclass.
///
/// # Safety
/// `op` points to a live object.
#[inline]
pub unsafe fn is_bytes(op: *mut PyObject) -> bool {
    crate::objects::object::has_feature((*op).ob_type, Py_TPFLAGS_BYTES_SUBCLASS)
}

/// `PyBytes_CheckExact`.
///
/// # Safety
/// `op` points to a live object.
#[inline]
pub unsafe fn is_exact_bytes(op: *mut PyObject) -> bool {
    (*op).ob_type == &raw mut PyBytes_Type
}

/// A new, uninitialized bytes object of `size` bytes (the NUL after them is written):
/// `PyBytes_FromStringAndSize(NULL, size)`, modifiable until shared.
///
/// # Safety
/// A thread state is current; the caller fills the bytes before sharing the object.
pub unsafe fn new_uninit(size: Py_ssize_t) -> PyResult<*mut PyObject> {
    if size < 0 {
        return Err(errors::system_error(
            "Negative size passed to PyBytes_FromStringAndSize",
        ));
    }
    let Some(total) = (size as usize)
        .checked_add(PyBytesObject_SVAL_OFFSET + 1)
        .filter(|&n| n <= isize::MAX as usize)
    else {
        return Err(errors::overflow_error("byte string is too large"));
    };
    let op = crate::mem::obj_malloc(total) as *mut PyObject;
    if op.is_null() {
        return Err(errors::no_memory());
    }
    crate::objects::object::init_var_object(op as *mut PyVarObject, &raw mut PyBytes_Type, size);
    (*(op as *mut PyBytesObject)).ob_shash = -1;
    *data(op).add(size as usize) = 0;
    Ok(op)
}

/// `PyBytes_AS_STRING`.
///
/// # Safety
/// `op` is a live bytes object.
#[inline(always)]
pub unsafe fn data(op: *mut PyObject) -> *mut u8 {
    (op as *mut u8).add(PyBytesObject_SVAL_OFFSET)
}

/// `PyBytes_GET_SIZE`.
///
/// # Safety
/// `op` is a live bytes object.
#[inline(always)]
pub unsafe fn size(op: *mut PyObject) -> usize {
    (*(op as *mut PyVarObject)).ob_size as usize
}

/// The contents of a bytes object.
///
/// # Safety
/// `op` is a live bytes object; the slice lives as long as the object (and is not modified).
#[inline]
pub unsafe fn as_slice<'a>(op: *mut PyObject) -> &'a [u8] {
    core::slice::from_raw_parts(data(op), size(op))
}

/// A bytes object with a copy of `bytes` (`PyBytes_FromStringAndSize`); b"" and the
/// one-byte objects are the shared singletons.
pub fn from_slice(bytes: &[u8]) -> PyResult<Ref> {
    // SAFETY: the singletons are static objects; a fresh object has room for the bytes.
    unsafe {
        match bytes.len() {
            0 => return Ok(new_ref(pyruntime::bytes_empty())),
            1 => return Ok(new_ref(pyruntime::bytes_char(bytes[0]))),
            _ => {}
        }
        let op = new_uninit(bytes.len() as Py_ssize_t)?;
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), data(op), bytes.len());
        Ok(Ref::from_raw(op))
    }
}

/// `hash(bytes)`: `_Py_HashBytes` of the contents, cached (equal to the hash of the same
/// text as an ASCII/Latin-1 str).
///
/// # Safety
/// `op` is a live bytes object.
pub unsafe fn hash(op: *mut PyObject) -> Py_hash_t {
    let b = op as *mut PyBytesObject;
    if (*b).ob_shash == -1 {
        (*b).ob_shash = crate::pyhash::hash_bytes(as_slice(op));
    }
    (*b).ob_shash
}

unsafe extern "C" fn bytes_hash(op: *mut PyObject) -> Py_hash_t {
    hash(op)
}

/// `tp_dealloc` of bytes: one block holds header and contents.
unsafe extern "C" fn bytes_dealloc(op: *mut PyObject) {
    let tp = (*op).ob_type;
    match (*tp).tp_free {
        Some(free) if tp != &raw mut PyBytes_Type => free(op as *mut c_void),
        _ => crate::mem::obj_free(op as *mut c_void),
    }
}

/// `bytes_richcompare`: bytes with bytes only (NotImplemented otherwise), by contents.
///
/// # Safety
/// `a` and `b` are live objects.
pub unsafe fn rich_compare(a: *mut PyObject, b: *mut PyObject, op: core::ffi::c_int) -> PyResult<Ref> {
    use crate::objects::boolobject::{_Py_FalseStruct, _Py_TrueStruct};
    if !is_bytes(a) || !is_bytes(b) {
        return Ok(new_ref(crate::objects::object::not_implemented()));
    }
    let ord = as_slice(a).cmp(as_slice(b));
    use core::cmp::Ordering::*;
    let r = match op {
        0 => ord == Less,
        1 => ord != Greater,
        2 => ord == Equal,
        3 => ord != Equal,
        4 => ord == Greater,
        5 => ord != Less,
        _ => return Err(errors::bad_argument()),
    };
    let v = if r {
        &raw mut _Py_TrueStruct
    } else {
        &raw mut _Py_FalseStruct
    };
    Ok(new_ref(v.cast()))
}

unsafe extern "C" fn bytes_richcompare(a: *mut PyObject, b: *mut PyObject, op: core::ffi::c_int) -> *mut PyObject {
    errors::ptr_result(rich_compare(a, b, op))
}

/// `PyBytes_Concat`'s core: a new bytes object with `a` then `b`.
pub fn concat(a: &[u8], b: &[u8]) -> PyResult<Ref> {
    if a.len()
        .checked_add(b.len())
        .is_none_or(|n| n > isize::MAX as usize - PyBytesObject_SVAL_OFFSET - 1)
    {
        return Err(errors::overflow_error("byte string is too large"));
    }
    let mut v = Vec::with_capacity(a.len() + b.len());
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    from_slice(&v)
}

/// `_PyBytes_Resize`: resizes a private bytes object (one reference, not a singleton) in
/// place; on failure the object is released and `*pv` becomes NULL, as in CPython.
///
/// # Safety
/// `*pv` is an owned reference to a bytes object.
pub unsafe fn resize(pv: *mut *mut PyObject, new_size: Py_ssize_t) -> PyResult<()> {
    let v = *pv;
    if v.is_null() || !is_bytes(v) || (*v).ob_refcnt != 1 || new_size < 0 {
        *pv = core::ptr::null_mut();
        crate::objects::object::xdecref(v);
        return Err(errors::bad_internal_call());
    }
    let old = size(v) as Py_ssize_t;
    if old == new_size {
        return Ok(());
    }
    if old == 0 || new_size == 0 || !is_exact_bytes(v) {
        // The empty singleton (or a subclass) is never resized in place: copy.
        let keep = (old.min(new_size)) as usize;
        let fresh = if new_size == 0 {
            Ok(new_ref(pyruntime::bytes_empty()).into_raw())
        } else {
            new_uninit(new_size)
        };
        match fresh {
            Ok(f) => {
                if new_size > 0 {
                    core::ptr::copy_nonoverlapping(data(v), data(f), keep);
                }
                crate::objects::object::decref(v);
                *pv = f;
                return Ok(());
            }
            Err(e) => {
                *pv = core::ptr::null_mut();
                crate::objects::object::decref(v);
                return Err(e);
            }
        }
    }
    let total = new_size as usize + PyBytesObject_SVAL_OFFSET + 1;
    let nv = crate::mem::obj_realloc(v as *mut c_void, total) as *mut PyObject;
    if nv.is_null() {
        *pv = core::ptr::null_mut();
        crate::mem::obj_free(v as *mut c_void);
        return Err(errors::no_memory());
    }
    (*(nv as *mut PyVarObject)).ob_size = new_size;
    (*(nv as *mut PyBytesObject)).ob_shash = -1;
    *data(nv).add(new_size as usize) = 0;
    *pv = nv;
    Ok(())
}

/// The name the rest of the runtime uses for [`from_slice`].
#[inline]
pub fn from_bytes(bytes: &[u8]) -> PyResult<Ref> {
    from_slice(bytes)
}

/// `PyBytes_FromObject`: bytes itself (shared when exact), a copy of any buffer, or the
/// integers of a list, tuple or other iterable (not str), each in range(0, 256); other
/// objects raise CPython's TypeError.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn from_object(op: *mut PyObject) -> PyResult<Ref> {
    if is_exact_bytes(op) {
        return Ok(new_ref(op));
    }
    if is_bytes(op) {
        return from_slice(as_slice(op));
    }
    if crate::objects::bytearrayobject::is_bytearray(op) {
        return from_slice(crate::objects::bytearrayobject::as_slice(op));
    }
    if crate::objects::r#abstract::buffer::check(op) {
        let mut view: Py_buffer = core::mem::zeroed();
        crate::objects::r#abstract::buffer::get_buffer(op, &mut view, crate::objects::r#abstract::buffer::PyBUF_FULL_RO)?;
        let mut data = vec![0u8; view.len.max(0) as usize];
        let r = crate::objects::r#abstract::buffer::to_contiguous(data.as_mut_ptr().cast(), &mut view, view.len, b'C');
        crate::objects::r#abstract::buffer::release(&mut view);
        r?;
        return from_slice(&data);
    }
    if !crate::objects::unicodeobject::is_str(op) {
        match crate::objects::r#abstract::iter::get_iter(op) {
            Ok(it) => {
                let mut out = Vec::new();
                while let Some(item) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
                    let v = crate::objects::r#abstract::number::as_ssize_t(item.as_ptr(), core::ptr::null_mut())?;
                    if !(0..256).contains(&v) {
                        return Err(errors::value_error("bytes must be in range(0, 256)"));
                    }
                    out.push(v as u8);
                }
                return from_slice(&out);
            }
            Err(e) => {
                if !errors::exception_matches(crate::objects::exceptions::PyExc_TypeError) {
                    return Err(e);
                }
                errors::clear();
            }
        }
    }
    Err(errors::type_error(&format!(
        "cannot convert '{}' object to bytes",
        crate::objects::object::type_name(op)
    )))
}

/// `repr(bytes)` text: `b'...'`, double quotes when the contents have `'` but no `"`;
/// `\\`, the quote, `\t \n \r` escaped, other bytes outside 0x20..0x7e as `\xhh`.
pub fn repr_text(bytes: &[u8], prefix: &str, suffix: &str) -> String {
    repr_text_quoting(bytes, prefix, suffix, false)
}

/// [`repr_text`] with bytearray's rule as an option: `'` is escaped even inside double
/// quotes (`bytearray(b"a\'b")`), as CPython's bytearray repr does.
pub fn repr_text_quoting(bytes: &[u8], prefix: &str, suffix: &str, always_escape_apostrophe: bool) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(bytes.len() + 3 + prefix.len() + suffix.len());
    out.push_str(prefix);
    out.push('b');
    out.push(quote as char);
    for &c in bytes {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if c == quote || (always_escape_apostrophe && c == b'\'') => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            _ => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out.push_str(suffix);
    out
}

/// `bytes.__repr__`.
unsafe extern "C" fn bytes_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::unicodeobject::new_str(&repr_text(as_slice(op), "", "")))
}

/// `_PyBytes_DecodeEscape`: the escapes of a bytes literal (`\\x` must have two hex digits;
/// `errors` "strict" (None), "replace" or "ignore" for a bad `\\x`). Unknown escapes stay
/// as written; the first one's offset is returned for the caller's warning.
pub fn decode_escape(input: &[u8], errors_name: Option<&str>) -> PyResult<(Vec<u8>, Option<usize>)> {
    let mut out = Vec::with_capacity(input.len());
    let mut first_invalid = None;
    let end = input.len();
    let mut s = 0;
    while s < end {
        if input[s] != b'\\' {
            out.push(input[s]);
            s += 1;
            continue;
        }
        s += 1;
        if s == end {
            return Err(errors::value_error("Trailing \\ in string"));
        }
        let c = input[s];
        s += 1;
        match c {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                for _ in 0..2 {
                    if s < end && (b'0'..=b'7').contains(&input[s]) {
                        v = (v << 3) + (input[s] - b'0') as u32;
                        s += 1;
                    } else {
                        break;
                    }
                }
                if v > 0o377 && first_invalid.is_none() {
                    first_invalid = Some(s - 3);
                }
                out.push(v as u8);
            }
            b'x' => {
                if s + 1 < end {
                    if let (Some(a), Some(b)) = ((input[s] as char).to_digit(16), (input[s + 1] as char).to_digit(16)) {
                        out.push((a * 16 + b) as u8);
                        s += 2;
                        continue;
                    }
                }
                match errors_name {
                    None | Some("strict") => {
                        return Err(errors::value_error(&format!(
                            "invalid \\x escape at position {}",
                            s - 2
                        )))
                    }
                    Some("replace") => out.push(b'?'),
                    Some("ignore") => {}
                    Some(other) => {
                        let shown: String = other.chars().take(400).collect();
                        return Err(errors::value_error(&format!(
                            "decoding error; unknown error handling code: {shown}"
                        )));
                    }
                }
                if s < end && input[s].is_ascii_hexdigit() {
                    s += 1;
                }
            }
            _ => {
                if first_invalid.is_none() {
                    first_invalid = Some(s - 1);
                }
                out.push(b'\\');
                s -= 1;
            }
        }
    }
    Ok((out, first_invalid))
}

/// `bf_getbuffer` of bytes: a read-only view of the contents.
unsafe extern "C" fn bytes_getbuffer(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: core::ffi::c_int,
) -> core::ffi::c_int {
    errors::int_result(crate::objects::r#abstract::buffer::fill_info(
        view,
        op,
        data(op) as *mut c_void,
        size(op) as Py_ssize_t,
        1,
        flags,
    ))
}

static mut BYTES_AS_BUFFER: PyBufferProcs = PyBufferProcs {
    bf_getbuffer: Some(bytes_getbuffer),
    bf_releasebuffer: None,
};

// ---------------------------------------------------------------------------------------------
// The sequence protocol of bytes and its first methods (hex, fromhex, decode).

unsafe extern "C" fn bytes_length(op: *mut PyObject) -> Py_ssize_t {
    size(op) as Py_ssize_t
}

/// `bytes + other`: any two buffer exporters (the result is bytes); "can't concat str to
/// bytes" otherwise.
unsafe extern "C" fn bytes_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    use crate::objects::r#abstract::buffer;
    if !buffer::check(a) || !buffer::check(b) {
        return errors::ptr_result(Err(errors::type_error(&format!(
            "can't concat {} to {}",
            crate::objects::object::type_name(b),
            crate::objects::object::type_name(a)
        ))));
    }
    if is_exact_bytes(a) && is_bytes(b) && size(b) == 0 {
        return new_ref(a).into_raw();
    }
    if is_exact_bytes(b) && is_bytes(a) && size(a) == 0 {
        return new_ref(b).into_raw();
    }
    errors::ptr_result((|| {
        let x = super::bytes_methods::bytes_like(a)?;
        let y = super::bytes_methods::bytes_like(b)?;
        concat(&x, &y)
    })())
}

unsafe extern "C" fn bytes_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    let data = as_slice(op);
    if n == 1 && is_exact_bytes(op) {
        return new_ref(op).into_raw();
    }
    let n = n.max(0) as usize;
    let Some(total) = data
        .len()
        .checked_mul(n)
        .filter(|&t| t <= isize::MAX as usize - PyBytesObject_SVAL_OFFSET - 1)
    else {
        return errors::ptr_result(Err(errors::overflow_error("repeated bytes are too long")));
    };
    let r = (|| {
        if total <= 1 {
            return from_slice(&data.repeat(n));
        }
        let out = new_uninit(total as Py_ssize_t)?;
        for i in 0..n {
            core::ptr::copy_nonoverlapping(data.as_ptr(), self::data(out).add(i * data.len()), data.len());
        }
        Ok(Ref::from_raw(out))
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn bytes_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    if i < 0 || i as usize >= size(op) {
        return errors::ptr_result(Err(errors::index_error("index out of range")));
    }
    errors::ptr_result(crate::objects::longobject::from_i64(as_slice(op)[i as usize] as i64))
}

unsafe extern "C" fn bytes_contains(op: *mut PyObject, arg: *mut PyObject) -> core::ffi::c_int {
    let hay = as_slice(op);
    if crate::objects::longobject::is_int(arg) {
        return match crate::objects::longobject::as_i64(arg) {
            Ok(v) if (0..256).contains(&v) => hay.contains(&(v as u8)) as core::ffi::c_int,
            Ok(_) => {
                let _ = errors::value_error("byte must be in range(0, 256)");
                -1
            }
            Err(_) => {
                errors::clear();
                let _ = errors::value_error("byte must be in range(0, 256)");
                -1
            }
        };
    }
    let needle: &[u8] = if is_bytes(arg) {
        as_slice(arg)
    } else if crate::objects::bytearrayobject::is_bytearray(arg) {
        crate::objects::bytearrayobject::as_slice(arg)
    } else {
        let _ = errors::type_error(&format!(
            "a bytes-like object is required, not '{}'",
            crate::objects::object::type_name(arg)
        ));
        return -1;
    };
    (needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)) as core::ffi::c_int
}

unsafe extern "C" fn bytes_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    let tp = (*key).ob_type;
    if !(*tp).tp_as_number.is_null() && (*(*tp).tp_as_number).nb_index.is_some() {
        let mut i = match crate::objects::longobject::as_ssize_index(key, crate::objects::exceptions::PyExc_IndexError)
        {
            Ok(i) => i,
            Err(_) => return core::ptr::null_mut(),
        };
        if i < 0 {
            i += size(op) as Py_ssize_t;
        }
        return bytes_item(op, i);
    }
    if crate::objects::sliceobject::check(key) {
        let r = (|| {
            let (mut start, mut stop, step) = crate::objects::sliceobject::unpack(key)?;
            let n = crate::objects::sliceobject::adjust_indices(size(op) as Py_ssize_t, &mut start, &mut stop, step);
            if n <= 0 {
                return from_slice(&[]);
            }
            if step == 1 && n as usize == size(op) && is_exact_bytes(op) {
                return Ok(new_ref(op));
            }
            let data = as_slice(op);
            let picked: Vec<u8> = (0..n).map(|k| data[(start + k * step) as usize]).collect();
            from_slice(&picked)
        })();
        return errors::ptr_result(r);
    }
    errors::ptr_result(Err(errors::type_error(&format!(
        "byte indices must be integers or slices, not {}",
        crate::objects::object::type_name(key)
    ))))
}

static mut BYTES_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(bytes_length),
    sq_concat: Some(bytes_concat),
    sq_repeat: Some(bytes_repeat),
    sq_item: Some(bytes_item),
    was_sq_slice: core::ptr::null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: core::ptr::null_mut(),
    sq_contains: Some(bytes_contains),
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

static mut BYTES_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(bytes_length),
    mp_subscript: Some(bytes_subscript),
    mp_ass_subscript: None,
};

/// `bytes.hex([sep[, bytes_per_sep]])` text: groups counted from the right (positive
/// `per`) or the left (negative).
pub fn hex_text(data: &[u8], sep: Option<char>, per: isize) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(data.len() * 3);
    let group = per.unsigned_abs().max(1);
    for (i, &b) in data.iter().enumerate() {
        if let Some(s) = sep {
            let boundary = if per >= 0 {
                (data.len() - i) % group == 0
            } else {
                i % group == 0
            };
            if i > 0 && boundary {
                out.push(s);
            }
        }
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// `bytes.fromhex(text)`: pairs of hex digits, whitespace allowed between pairs.
///
/// # Safety
/// `text` is a live str.
pub unsafe fn fromhex(text: *mut PyObject) -> PyResult<Vec<u8>> {
    let t = crate::objects::unicodeobject::Text::of(text);
    let mut out = Vec::with_capacity(t.len() / 2);
    let mut i = 0;
    let bad = |pos: usize| {
        errors::value_error(&format!(
            "non-hexadecimal number found in fromhex() arg at position {pos}"
        ))
    };
    while i < t.len() {
        let c = t.at(i);
        if c < 128 && crate::objects::unicodeobject::ctype::is_space(c) {
            i += 1;
            continue;
        }
        let hi = char::from_u32(c).and_then(|ch| ch.to_digit(16)).ok_or_else(|| bad(i))?;
        let lo = if i + 1 < t.len() {
            char::from_u32(t.at(i + 1)).and_then(|ch| ch.to_digit(16))
        } else {
            None
        };
        let lo = lo.ok_or_else(|| bad(i + 1))?;
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    Ok(out)
}

/// `bytes.__getnewargs__()`: `(bytes(self),)`.
unsafe extern "C" fn bytes_getnewargs(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let copy = from_slice(as_slice(op))?;
        crate::objects::tupleobject::pack(&[copy.as_ptr()])
    })())
}

/// `bytes.__bytes__()`: self when exact, else a plain copy.
unsafe extern "C" fn bytes_bytes_method(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    if is_exact_bytes(op) {
        return new_ref(op).into_raw();
    }
    errors::ptr_result(from_slice(as_slice(op)))
}

static mut BYTES_METHODS: super::bytes_methods::MethodTable<3> = {
    use crate::abi::methodobject::*;
    super::bytes_methods::MethodTable {
        shared: super::bytes_methods::shared_methods(),
        own: [
            PyMethodDef {
                ml_name: c"__getnewargs__".as_ptr(),
                ml_meth: Some(bytes_getnewargs),
                ml_flags: METH_NOARGS,
                ml_doc: core::ptr::null(),
            },
            PyMethodDef {
                ml_name: c"__bytes__".as_ptr(),
                ml_meth: Some(bytes_bytes_method),
                ml_flags: METH_NOARGS,
                ml_doc: c"Convert this value to exact type bytes.".as_ptr(),
            },
            super::bytes_methods::SENTINEL,
        ],
    }
};

/// `_PyBytesWriter`: the growable output buffer the C codecs (binascii, _struct, ...) write
/// through. Positions are raw pointers into the current output area, as in CPython.
pub mod writer {
    use super::{data, new_uninit, resize};
    use crate::abi::bytearrayobject::PyByteArrayObject;
    use crate::abi::bytesobject::_PyBytesWriter;
    use crate::abi::object::{PyObject, Py_ssize_t};
    use crate::errors::{self, PyResult};
    use crate::objects::bytearrayobject;
    use crate::objects::object::{decref, xdecref};
    use core::ptr::null_mut;

    /// Growth beyond the request when `overallocate` is set: a quarter, as CPython on POSIX.
    const OVERALLOCATE_FACTOR: Py_ssize_t = 4;

    /// `_PyBytesWriter_Init`: everything before the small buffer is zeroed.
    ///
    /// # Safety
    /// `w` points to writable `_PyBytesWriter` storage.
    pub unsafe fn init(w: *mut _PyBytesWriter) {
        (*w).buffer = null_mut();
        (*w).allocated = 0;
        (*w).min_size = 0;
        (*w).use_bytearray = 0;
        (*w).overallocate = 0;
        (*w).use_small_buffer = 0;
    }

    /// Start of the current output area.
    unsafe fn start(w: *mut _PyBytesWriter) -> *mut u8 {
        if (*w).use_small_buffer != 0 {
            (&raw mut (*w).small_buffer) as *mut u8
        } else if (*w).use_bytearray != 0 {
            (*((*w).buffer as *mut PyByteArrayObject)).ob_start as *mut u8
        } else {
            data((*w).buffer)
        }
    }

    /// `_PyBytesWriter_Dealloc`.
    ///
    /// # Safety
    /// `w` was initialized.
    pub unsafe fn dealloc(w: *mut _PyBytesWriter) {
        let b = (*w).buffer;
        (*w).buffer = null_mut();
        xdecref(b);
    }

    /// `_PyBytesWriter_Resize`: makes room for `size` bytes in all, keeping what was written
    /// before `pos`; returns the same position in the (possibly moved) area.
    ///
    /// # Safety
    /// `pos` points into the writer's current area.
    pub unsafe fn resize_to(w: *mut _PyBytesWriter, pos: *mut u8, size: Py_ssize_t) -> PyResult<*mut u8> {
        let mut allocated = size;
        if (*w).overallocate != 0 && size <= Py_ssize_t::MAX - size / OVERALLOCATE_FACTOR {
            allocated += allocated / OVERALLOCATE_FACTOR;
        }
        (*w).allocated = allocated;
        let written = pos.offset_from(start(w)) as usize;
        if (*w).use_small_buffer == 0 {
            if (*w).use_bytearray != 0 {
                bytearrayobject::resize((*w).buffer, allocated)?;
            } else {
                let r = resize(&raw mut (*w).buffer, allocated);
                r?;
            }
        } else {
            let fresh = if (*w).use_bytearray != 0 {
                bytearrayobject::new_sized(allocated)?.into_raw()
            } else {
                new_uninit(allocated)?
            };
            (*w).buffer = fresh;
            (*w).use_small_buffer = 0;
            if written != 0 {
                let small = (&raw const (*w).small_buffer) as *const u8;
                core::ptr::copy_nonoverlapping(small, start(w), written);
            }
        }
        Ok(start(w).add(written))
    }

    /// `_PyBytesWriter_Prepare`: reserves `size` more bytes after those already reserved.
    ///
    /// # Safety
    /// `pos` points into the writer's current area.
    pub unsafe fn prepare(w: *mut _PyBytesWriter, pos: *mut u8, size: Py_ssize_t) -> PyResult<*mut u8> {
        if size == 0 {
            return Ok(pos);
        }
        if (*w).min_size > Py_ssize_t::MAX - size {
            let e = errors::no_memory();
            dealloc(w);
            return Err(e);
        }
        let wanted = (*w).min_size + size;
        let mut pos = pos;
        if wanted > (*w).allocated {
            pos = resize_to(w, pos, wanted)?;
        }
        (*w).min_size = wanted;
        Ok(pos)
    }

    /// `_PyBytesWriter_Alloc`: the first reservation, in the small buffer when it fits.
    ///
    /// # Safety
    /// `w` was just initialized.
    pub unsafe fn alloc(w: *mut _PyBytesWriter, size: Py_ssize_t) -> PyResult<*mut u8> {
        (*w).use_small_buffer = 1;
        (*w).allocated = 512;
        let small = (&raw mut (*w).small_buffer) as *mut u8;
        prepare(w, small, size)
    }

    /// `_PyBytesWriter_WriteBytes`: reserves and copies `bytes`, returning the position after.
    ///
    /// # Safety
    /// `pos` points into the current area; `bytes` is valid for `size` bytes.
    pub unsafe fn write_bytes(w: *mut _PyBytesWriter, pos: *mut u8, bytes: *const u8, size: Py_ssize_t) -> PyResult<*mut u8> {
        let pos = prepare(w, pos, size)?;
        core::ptr::copy_nonoverlapping(bytes, pos, size as usize);
        Ok(pos.add(size as usize))
    }

    /// `_PyBytesWriter_Finish`: the result holding everything before `pos`.
    ///
    /// # Safety
    /// `pos` points into the writer's current area.
    pub unsafe fn finish(w: *mut _PyBytesWriter, pos: *mut u8) -> PyResult<*mut PyObject> {
        let size = pos.offset_from(start(w));
        if size == 0 && (*w).use_bytearray == 0 {
            dealloc(w);
            return Ok(super::from_slice(&[])?.into_raw());
        }
        if (*w).use_small_buffer != 0 {
            let small = core::slice::from_raw_parts((&raw const (*w).small_buffer) as *const u8, size as usize);
            return Ok(if (*w).use_bytearray != 0 {
                bytearrayobject::from_slice(small)?.into_raw()
            } else {
                super::from_slice(small)?.into_raw()
            });
        }
        let mut result = (*w).buffer;
        (*w).buffer = null_mut();
        if size != (*w).allocated {
            if (*w).use_bytearray != 0 {
                if let Err(e) = bytearrayobject::resize(result, size) {
                    decref(result);
                    return Err(e);
                }
            } else {
                resize(&raw mut result, size)?;
            }
        }
        Ok(result)
    }
}

/// `PyObject_Bytes(v)`: `bytes(v)` as the C API computes it: exact bytes as they are, else
/// `type(v).__bytes__(v)` (which must return bytes), else the buffer/iterable conversion.
/// NULL gives `b'<NULL>'`.
///
/// # Safety
/// `v` is NULL or a live object.
pub unsafe fn object_bytes(v: *mut PyObject) -> PyResult<Ref> {
    if v.is_null() {
        return from_slice(b"<NULL>");
    }
    if is_exact_bytes(v) {
        return Ok(crate::objects::object::new_ref(v));
    }
    let name = crate::objects::unicodeobject::intern_str("__bytes__");
    if let Some(func) = crate::objects::object::lookup_special(v, name)? {
        let result = crate::objects::call::call_no_args(func.as_ptr())?;
        if !is_bytes(result.as_ptr()) {
            return Err(errors::type_error(&format!(
                "__bytes__ returned non-bytes (type {})",
                crate::objects::object::type_name(result.as_ptr())
            )));
        }
        return Ok(result);
    }
    from_object(v)
}

// ---------------------------------------------------------------------------------------------
// Construction: `bytes(source=b'', encoding=..., errors=...)`.

/// A str encoded as `bytes(s, encoding, errors)` / `bytearray(...)` do: the built-in codecs
/// in line, others through the codec registry.
///
/// # Safety
/// `text` is a live str.
pub unsafe fn encode_text(text: *mut PyObject, encoding: &str, errors_name: Option<&str>) -> PyResult<Vec<u8>> {
    match crate::codecs::encode_builtin(text, encoding, errors_name) {
        Some(r) => r,
        None => crate::codecs::registry::encode_str_to_bytes(text, encoding, errors_name),
    }
}

/// A bytes object of type `tp` (bytes itself or a subclass) with a copy of `data`.
///
/// # Safety
/// `tp` is bytes or a subtype of it.
pub unsafe fn new_of_type(tp: *mut PyTypeObject, data: &[u8]) -> PyResult<Ref> {
    if tp == &raw mut PyBytes_Type {
        return from_slice(data);
    }
    let alloc = (*tp).tp_alloc.unwrap_or(super::typeobject::PyType_GenericAlloc);
    let op = alloc(tp, data.len() as Py_ssize_t);
    if op.is_null() {
        return Err(errors::ErrSet::assume_set());
    }
    (*(op as *mut PyBytesObject)).ob_shash = -1;
    core::ptr::copy_nonoverlapping(data.as_ptr(), self::data(op), data.len());
    *self::data(op).add(data.len()) = 0;
    Ok(Ref::from_raw(op))
}

unsafe fn bytes_new_impl(tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> PyResult<Ref> {
    let mut out = [core::ptr::null_mut(); 3];
    crate::getargs::unpack_keywords_tuple(args, kwargs, "bytes", &["source", "encoding", "errors"], 0, 3, &mut out)?;
    let [x, encoding, errs] = out;
    let mut texts: [Option<String>; 2] = [None, None];
    for (i, (v, label)) in [(encoding, "encoding"), (errs, "errors")].into_iter().enumerate() {
        if !v.is_null() {
            if !crate::objects::unicodeobject::is_str(v) {
                return Err(errors::type_error(&format!(
                    "bytes() argument '{label}' must be str, not {}",
                    crate::objects::object::type_name(v)
                )));
            }
            texts[i] = Some(crate::objects::unicodeobject::to_string_lossy(v));
        }
    }
    let without_string = || {
        errors::type_error(if texts[0].is_some() {
            "encoding without a string argument"
        } else {
            "errors without a string argument"
        })
    };
    if x.is_null() {
        if texts[0].is_some() || texts[1].is_some() {
            return Err(without_string());
        }
        return new_of_type(tp, &[]);
    }
    if texts[0].is_some() || texts[1].is_some() {
        if !crate::objects::unicodeobject::is_str(x) {
            return Err(without_string());
        }
        let enc = texts[0].as_deref().unwrap_or("utf-8");
        let data = encode_text(x, enc, texts[1].as_deref())?;
        return new_of_type(tp, &data);
    }
    let name = crate::objects::unicodeobject::intern_str("__bytes__");
    if let Some(func) = crate::objects::object::lookup_special(x, name)? {
        let result = crate::objects::call::call_no_args(func.as_ptr())?;
        if !is_bytes(result.as_ptr()) {
            return Err(errors::type_error(&format!(
                "__bytes__ returned non-bytes (type {})",
                crate::objects::object::type_name(result.as_ptr())
            )));
        }
        if tp == &raw mut PyBytes_Type {
            return Ok(result);
        }
        return new_of_type(tp, as_slice(result.as_ptr()));
    }
    if crate::objects::unicodeobject::is_str(x) {
        return Err(errors::type_error("string argument without an encoding"));
    }
    if crate::objects::r#abstract::number::index_check(x) {
        match crate::objects::r#abstract::number::as_ssize_t(x, crate::objects::exceptions::PyExc_OverflowError) {
            Ok(n) => {
                if n < 0 {
                    return Err(errors::value_error("negative count"));
                }
                return new_of_type(tp, &vec![0u8; n as usize]);
            }
            Err(e) => {
                if !errors::exception_matches(crate::objects::exceptions::PyExc_TypeError) {
                    return Err(e);
                }
                errors::clear();
            }
        }
    }
    let b = from_object(x)?;
    if tp == &raw mut PyBytes_Type {
        return Ok(b);
    }
    new_of_type(tp, as_slice(b.as_ptr()))
}

/// `tp_new` of bytes.
unsafe extern "C" fn bytes_new(tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(bytes_new_impl(tp, args, kwargs))
}

/// `iter(bytes)`.
unsafe extern "C" fn bytes_iter(seq: *mut PyObject) -> *mut PyObject {
    super::bytes_methods::new_iter(&raw mut PyBytesIter_Type, seq)
}

static mut BYTES_AS_NUMBER: PyNumberMethods = {
    // SAFETY: PyNumberMethods is a struct of optional function pointers; all-zero is "no slots".
    let mut nb: PyNumberMethods = unsafe { core::mem::zeroed() };
    nb.nb_remainder = Some(super::bytes_methods::bytes_mod);
    nb
};
