//! `bytearray` (CPython's Objects/bytearrayobject.c): the mutable byte string. `ob_bytes` is
//! the allocation, `ob_start` the logical start inside it, `ob_alloc` its size; the contents
//! are always followed by a NUL (so `PyByteArray_AS_STRING` is a C string).

use super::typeobject::static_type;
use crate::abi::bytearrayobject::PyByteArrayObject;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::Ref;
use core::ffi::{c_char, c_void};

#[no_mangle]
pub static mut PyByteArray_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(bytearray_dealloc),
    tp_as_buffer: &raw mut BYTEARRAY_AS_BUFFER,
    tp_repr: Some(bytearray_repr),
    tp_str: Some(bytearray_repr),
    tp_init: Some(bytearray_init),
    tp_alloc: Some(super::typeobject::PyType_GenericAlloc),
    tp_new: Some(super::typeobject::PyType_GenericNew),
    tp_iter: Some(bytearray_iter),
    tp_richcompare: Some(bytearray_richcompare),
    tp_hash: Some(crate::objects::object::PyObject_HashNotImplemented),
    tp_as_sequence: &raw mut BYTEARRAY_AS_SEQUENCE,
    tp_as_mapping: &raw mut BYTEARRAY_AS_MAPPING,
    tp_as_number: &raw mut BYTEARRAY_AS_NUMBER,
    tp_methods: (&raw mut BYTEARRAY_METHODS).cast(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"bytearray",
        56,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF,
    )
};

#[no_mangle]
pub static mut PyByteArrayIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(super::bytes_methods::byteiter_dealloc),
    tp_traverse: Some(super::bytes_methods::byteiter_traverse),
    tp_iter: Some(crate::objects::object::PyObject_SelfIter),
    tp_iternext: Some(super::bytes_methods::byteiter_next),
    tp_methods: (&raw mut super::bytes_methods::BYTEITER_METHODS).cast(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"bytearray_iterator",
        32,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

/// What `PyByteArray_AS_STRING` returns for an empty bytearray with no buffer.
#[no_mangle]
pub static mut _PyByteArray_empty_string: [c_char; 1] = [0];

/// `PyByteArray_Check`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn is_bytearray(op: *mut PyObject) -> bool {
    // The base chain suffices: bytearray's layout admits only single inheritance from it.
    let mut tp = (*op).ob_type;
    while !tp.is_null() {
        if tp == &raw mut PyByteArray_Type {
            return true;
        }
        tp = (*tp).tp_base;
    }
    false
}

/// The contents.
///
/// # Safety
/// `op` is a live bytearray; the slice is valid until the bytearray changes.
pub unsafe fn as_slice<'a>(op: *mut PyObject) -> &'a [u8] {
    let b = op as *mut PyByteArrayObject;
    let n = (*b).ob_base.ob_size as usize;
    if n == 0 || (*b).ob_start.is_null() {
        return &[];
    }
    core::slice::from_raw_parts((*b).ob_start as *const u8, n)
}

/// A new bytearray holding a copy of `bytes` (`PyByteArray_FromStringAndSize`): the buffer
/// is exactly `len + 1` bytes (none for an empty one), as in CPython.
pub fn from_slice(bytes: &[u8]) -> PyResult<Ref> {
    // SAFETY: a fresh bytearray is filled before it is returned.
    unsafe {
        let op = new_sized(bytes.len() as Py_ssize_t)?;
        if !bytes.is_empty() {
            core::ptr::copy_nonoverlapping(
                bytes.as_ptr(),
                (*(op.as_ptr() as *mut PyByteArrayObject)).ob_start as *mut u8,
                bytes.len(),
            );
        }
        Ok(op)
    }
}

/// A bytearray of `size` bytes, contents uninitialized (the trailing NUL written).
///
/// # Safety
/// The caller fills the bytes before sharing the object.
pub unsafe fn new_sized(size: Py_ssize_t) -> PyResult<Ref> {
    if size < 0 {
        return Err(errors::system_error(
            "Negative size passed to PyByteArray_FromStringAndSize",
        ));
    }
    if size == isize::MAX {
        return Err(errors::no_memory());
    }
    let op = crate::objects::object::new_object(&raw mut PyByteArray_Type)?;
    let b = op as *mut PyByteArrayObject;
    (*b).ob_base.ob_size = 0;
    (*b).ob_alloc = 0;
    (*b).ob_bytes = core::ptr::null_mut();
    (*b).ob_start = core::ptr::null_mut();
    (*b).ob_exports = 0;
    let r = Ref::from_raw(op);
    if size > 0 {
        let buf = crate::mem::obj_malloc(size as usize + 1) as *mut c_char;
        if buf.is_null() {
            return Err(errors::no_memory());
        }
        *buf.add(size as usize) = 0;
        (*b).ob_bytes = buf;
        (*b).ob_start = buf;
        (*b).ob_alloc = size + 1;
        (*b).ob_base.ob_size = size;
    }
    Ok(r)
}

/// `PyByteArray_Resize` with CPython's policy: shrink in place unless below half the buffer
/// (then exact), grow by 1/8 plus a little for moderate growth, exactly for large growth;
/// refused while a buffer is exported.
///
/// # Safety
/// `op` is a live bytearray.
pub unsafe fn resize(op: *mut PyObject, requested: Py_ssize_t) -> PyResult<()> {
    let b = op as *mut PyByteArrayObject;
    if requested < 0 {
        return Err(errors::value_error(&format!(
            "Can only resize to positive sizes, got {requested}"
        )));
    }
    if requested == (*b).ob_base.ob_size {
        return Ok(());
    }
    if (*b).ob_exports > 0 {
        return Err(errors::set_string(
            crate::objects::exceptions::PyExc_BufferError,
            "Existing exports of data: object cannot be re-sized",
        ));
    }
    let mut alloc = (*b).ob_alloc;
    let logical_offset = if (*b).ob_bytes.is_null() {
        0
    } else {
        (*b).ob_start.offset_from((*b).ob_bytes)
    };
    let size = requested;
    if size + logical_offset + 1 <= alloc {
        if size < alloc / 2 {
            alloc = size + 1;
        } else {
            (*b).ob_base.ob_size = size;
            *(*b).ob_start.add(size as usize) = 0;
            return Ok(());
        }
    } else if (size as f64) <= alloc as f64 * 1.125 {
        alloc = size + (size >> 3) + if size < 9 { 3 } else { 6 };
    } else {
        alloc = size + 1;
    }
    let sval = if logical_offset > 0 {
        let fresh = crate::mem::obj_malloc(alloc as usize) as *mut c_char;
        if fresh.is_null() {
            return Err(errors::no_memory());
        }
        let keep = size.min((*b).ob_base.ob_size) as usize;
        core::ptr::copy_nonoverlapping((*b).ob_start, fresh, keep);
        crate::mem::obj_free((*b).ob_bytes as *mut c_void);
        fresh
    } else {
        let grown = crate::mem::obj_realloc((*b).ob_bytes as *mut c_void, alloc as usize) as *mut c_char;
        if grown.is_null() {
            return Err(errors::no_memory());
        }
        grown
    };
    (*b).ob_bytes = sval;
    (*b).ob_start = sval;
    (*b).ob_base.ob_size = size;
    (*b).ob_alloc = alloc;
    *sval.add(size as usize) = 0;
    Ok(())
}

/// `PyByteArray_FromObject` for the argument kinds the C API meets: a bytes-like object
/// (copied), an integer (that many zero bytes), or an iterable of ints in range(256).
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn from_object(op: *mut PyObject) -> PyResult<Ref> {
    if crate::objects::bytesobject::is_bytes(op) {
        return from_slice(crate::objects::bytesobject::as_slice(op));
    }
    if is_bytearray(op) {
        return from_slice(as_slice(op));
    }
    if crate::objects::unicodeobject::is_str(op) {
        return Err(errors::type_error("string argument without an encoding"));
    }
    if crate::objects::longobject::is_int(op) {
        let n = crate::objects::longobject::as_ssize_index(op, crate::objects::exceptions::PyExc_OverflowError)?;
        if n < 0 {
            return Err(errors::value_error("negative count"));
        }
        let r = new_sized(n)?;
        if n > 0 {
            core::ptr::write_bytes((*(r.as_ptr() as *mut PyByteArrayObject)).ob_start, 0, n as usize);
        }
        return Ok(r);
    }
    Err(errors::type_error(&format!(
        "cannot convert '{}' object to bytearray",
        crate::objects::object::type_name(op)
    )))
}

/// `tp_dealloc` of bytearray.
unsafe extern "C" fn bytearray_dealloc(op: *mut PyObject) {
    let b = op as *mut PyByteArrayObject;
    if (*b).ob_exports > 0 {
        crate::lifecycle::fatal::fatal_error(
            "bytearray_dealloc",
            b"deallocated bytearray object has exported buffers",
        );
    }
    if !(*b).ob_bytes.is_null() {
        crate::mem::obj_free((*b).ob_bytes as *mut c_void);
    }
    let tp = (*op).ob_type;
    match (*tp).tp_free {
        Some(free) if tp != &raw mut PyByteArray_Type => free(op as *mut c_void),
        _ => crate::mem::obj_free(op as *mut c_void),
    }
}

/// `bf_getbuffer` of bytearray: a writable view; while any exists the bytearray cannot be
/// resized (`ob_exports`).
unsafe extern "C" fn bytearray_getbuffer(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: core::ffi::c_int,
) -> core::ffi::c_int {
    let b = op as *mut PyByteArrayObject;
    let buf = if (*b).ob_start.is_null() {
        (&raw mut _PyByteArray_empty_string).cast()
    } else {
        (*b).ob_start
    };
    let r = crate::objects::r#abstract::buffer::fill_info(view, op, buf as *mut c_void, (*b).ob_base.ob_size, 0, flags);
    if r.is_ok() {
        (*b).ob_exports += 1;
    }
    errors::int_result(r)
}

/// `bf_releasebuffer` of bytearray.
unsafe extern "C" fn bytearray_releasebuffer(op: *mut PyObject, _view: *mut Py_buffer) {
    (*(op as *mut PyByteArrayObject)).ob_exports -= 1;
}

static mut BYTEARRAY_AS_BUFFER: PyBufferProcs = PyBufferProcs {
    bf_getbuffer: Some(bytearray_getbuffer),
    bf_releasebuffer: Some(bytearray_releasebuffer),
};

/// `repr(bytearray)`: `bytearray(b'...')` (the type's name for subclasses).
unsafe extern "C" fn bytearray_repr(op: *mut PyObject) -> *mut PyObject {
    let name = crate::objects::object::type_name(op);
    let text = crate::objects::bytesobject::repr_text_quoting(as_slice(op), &format!("{name}("), ")", true);
    errors::ptr_result(crate::objects::unicodeobject::new_str(&text))
}

// ---------------------------------------------------------------------------------------------
// Construction (`bytearray(...)` / `__init__`) and iteration.

/// `bytearray.__init__(source=None, encoding=None, errors=None)`: empties the array, then fills
/// it from a str (with an encoding), an int (that many zero bytes), a buffer, or an iterable
/// of ints in range(256); CPython's messages for each misuse.
unsafe extern "C" fn bytearray_init(op: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> core::ffi::c_int {
    errors::int_result(init_impl(op, args, kwargs))
}

unsafe fn init_impl(op: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> PyResult<()> {
    let mut out = [core::ptr::null_mut(); 3];
    crate::getargs::unpack_keywords_tuple(args, kwargs, "bytearray", &["source", "encoding", "errors"], 0, 3, &mut out)?;
    let [arg, encoding, errs] = out;
    let mut texts: [Option<String>; 2] = [None, None];
    for (i, (v, label)) in [(encoding, "encoding"), (errs, "errors")].into_iter().enumerate() {
        if !v.is_null() {
            if !crate::objects::unicodeobject::is_str(v) {
                return Err(errors::type_error(&format!(
                    "bytearray() argument '{label}' must be str, not {}",
                    crate::objects::object::type_name(v)
                )));
            }
            texts[i] = Some(crate::objects::unicodeobject::to_string_lossy(v));
        }
    }
    if (*(op as *mut PyByteArrayObject)).ob_base.ob_size != 0 {
        resize(op, 0)?;
    }
    let without_string = || {
        errors::type_error(if texts[0].is_some() {
            "encoding without a string argument"
        } else {
            "errors without a string argument"
        })
    };
    if arg.is_null() {
        if texts[0].is_some() || texts[1].is_some() {
            return Err(without_string());
        }
        return Ok(());
    }
    if crate::objects::unicodeobject::is_str(arg) {
        let Some(enc) = texts[0].as_deref() else {
            return Err(errors::type_error("string argument without an encoding"));
        };
        let encoded = match crate::codecs::encode_builtin(arg, enc, texts[1].as_deref()) {
            Some(r) => r?,
            None => return Err(errors::set_string(crate::objects::exceptions::PyExc_LookupError, &format!("unknown encoding: {enc}"))),
        };
        return assign(op, &encoded);
    }
    if texts[0].is_some() || texts[1].is_some() {
        return Err(without_string());
    }
    if crate::objects::r#abstract::number::index_check(arg) {
        match crate::objects::r#abstract::number::as_ssize_t(arg, crate::objects::exceptions::PyExc_OverflowError) {
            Ok(count) => {
                if count < 0 {
                    return Err(errors::value_error("negative count"));
                }
                resize(op, count)?;
                if count > 0 {
                    core::ptr::write_bytes((*(op as *mut PyByteArrayObject)).ob_start, 0, count as usize);
                }
                return Ok(());
            }
            Err(e) => {
                if !errors::exception_matches(crate::objects::exceptions::PyExc_TypeError) {
                    return Err(e);
                }
                errors::clear();
            }
        }
    }
    if crate::objects::r#abstract::buffer::check(arg) {
        let data = crate::objects::bytesobject::from_object(arg)?;
        return assign(op, crate::objects::bytesobject::as_slice(data.as_ptr()));
    }
    let it = match crate::objects::r#abstract::iter::get_iter(arg) {
        Ok(it) => it,
        Err(e) => {
            if errors::exception_matches(crate::objects::exceptions::PyExc_TypeError) {
                errors::clear();
                return Err(errors::type_error(&format!(
                    "cannot convert '{}' object to bytearray",
                    crate::objects::object::type_name_trunc(crate::objects::object::py_type(arg), 200)
                )));
            }
            return Err(e);
        }
    };
    let mut bytes = Vec::new();
    while let Some(item) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
        bytes.push(byte_value(item.as_ptr())?);
    }
    assign(op, &bytes)
}

/// `_getbytevalue`: an int-like object in range(256).
pub unsafe fn byte_value(item: *mut PyObject) -> PyResult<u8> {
    if !crate::objects::r#abstract::number::index_check(item) {
        return Err(errors::type_error(&format!(
            "'{}' object cannot be interpreted as an integer",
            crate::objects::object::type_name_trunc(crate::objects::object::py_type(item), 200)
        )));
    }
    let v = crate::objects::r#abstract::number::as_ssize_t(item, core::ptr::null_mut())?;
    if !(0..256).contains(&v) {
        return Err(errors::value_error("byte must be in range(0, 256)"));
    }
    Ok(v as u8)
}

/// Replaces the contents with `bytes`.
unsafe fn assign(op: *mut PyObject, bytes: &[u8]) -> PyResult<()> {
    resize(op, bytes.len() as Py_ssize_t)?;
    if !bytes.is_empty() {
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), (*(op as *mut PyByteArrayObject)).ob_start as *mut u8, bytes.len());
    }
    Ok(())
}

/// `iter(bytearray)`.
unsafe extern "C" fn bytearray_iter(seq: *mut PyObject) -> *mut PyObject {
    super::bytes_methods::new_iter(&raw mut PyByteArrayIter_Type, seq)
}

// ---------------------------------------------------------------------------------------------
// Comparison, the sequence and mapping protocols, and the mutating methods.

use crate::objects::bytes_methods::bytes_like;
use crate::objects::object::{new_ref, type_name};

fn int_obj(v: i64) -> *mut PyObject {
    errors::ptr_result(crate::objects::longobject::from_i64(v))
}

fn none_obj() -> *mut PyObject {
    // SAFETY: None is a static object.
    unsafe { new_ref(crate::objects::object::none()).into_raw() }
}

/// `bytearray_richcompare`: against any buffer exporter by contents; NotImplemented for
/// objects without a buffer.
unsafe extern "C" fn bytearray_richcompare(a: *mut PyObject, b: *mut PyObject, op: core::ffi::c_int) -> *mut PyObject {
    use crate::objects::r#abstract::buffer;
    if !buffer::check(a) || !buffer::check(b) || crate::objects::unicodeobject::is_str(a) || crate::objects::unicodeobject::is_str(b) {
        return new_ref(crate::objects::object::not_implemented()).into_raw();
    }
    errors::ptr_result((|| {
        let x = bytes_like(a)?;
        let y = bytes_like(b)?;
        let ord = x.cmp(&y);
        use core::cmp::Ordering::*;
        let r = match op {
            0 => ord == Less,
            1 => ord != Greater,
            2 => ord == Equal,
            3 => ord != Equal,
            4 => ord == Greater,
            _ => ord != Less,
        };
        Ok(crate::objects::boolobject::from_bool(r))
    })())
}

unsafe extern "C" fn bytearray_length(op: *mut PyObject) -> Py_ssize_t {
    (*(op as *mut PyByteArrayObject)).ob_base.ob_size
}

/// `bytearray + other`: a new bytearray; `other` must be a buffer exporter.
unsafe extern "C" fn bytearray_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let tail = concat_operand(a, b)?;
        let mut v = as_slice(a).to_vec();
        v.extend_from_slice(&tail);
        from_slice(&v)
    })())
}

/// The right operand of `+`/`+=`: "can't concat str to bytearray" for non-buffers.
unsafe fn concat_operand(a: *mut PyObject, b: *mut PyObject) -> PyResult<Vec<u8>> {
    if !crate::objects::r#abstract::buffer::check(b) {
        return Err(errors::type_error(&format!("can't concat {} to {}", type_name(b), type_name(a))));
    }
    bytes_like(b)
}

unsafe extern "C" fn bytearray_inplace_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let tail = concat_operand(a, b)?;
        let old = as_slice(a).len();
        let Some(total) = old.checked_add(tail.len()).filter(|&t| t < isize::MAX as usize) else {
            return Err(errors::no_memory());
        };
        resize(a, total as Py_ssize_t)?;
        core::ptr::copy_nonoverlapping(tail.as_ptr(), ((*(a as *mut PyByteArrayObject)).ob_start as *mut u8).add(old), tail.len());
        Ok(new_ref(a))
    })())
}

fn repeated(data: &[u8], n: Py_ssize_t) -> PyResult<Vec<u8>> {
    let n = n.max(0) as usize;
    match data.len().checked_mul(n).filter(|&t| t < isize::MAX as usize) {
        Some(_) => Ok(data.repeat(n)),
        None => Err(errors::no_memory()),
    }
}

unsafe extern "C" fn bytearray_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result(repeated(as_slice(op), n).and_then(|v| from_slice(&v)))
}

unsafe extern "C" fn bytearray_inplace_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = repeated(as_slice(op), n)?;
        assign(op, &v)?;
        Ok(new_ref(op))
    })())
}

unsafe extern "C" fn bytearray_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    let data = as_slice(op);
    if i < 0 || i as usize >= data.len() {
        return errors::ptr_result(Err(errors::index_error("bytearray index out of range")));
    }
    int_obj(data[i as usize] as i64)
}

/// `item in bytearray`: an int byte value or a bytes-like subsequence.
unsafe extern "C" fn bytearray_contains(op: *mut PyObject, arg: *mut PyObject) -> core::ffi::c_int {
    let r = (|| -> PyResult<bool> {
        if crate::objects::r#abstract::number::index_check(arg) {
            let v = crate::objects::longobject::as_ssize_index(arg, core::ptr::null_mut());
            return match v {
                Ok(v) if (0..256).contains(&v) => Ok(as_slice(op).contains(&(v as u8))),
                Ok(_) => Err(errors::value_error("byte must be in range(0, 256)")),
                Err(e) => {
                    if errors::exception_matches(crate::objects::exceptions::PyExc_OverflowError) {
                        errors::clear();
                        return Err(errors::value_error("byte must be in range(0, 256)"));
                    }
                    Err(e)
                }
            };
        }
        let needle = bytes_like(arg)?;
        Ok(crate::objects::bytes_methods::find(as_slice(op), &needle, 0, isize::MAX, false) >= 0)
    })();
    match r {
        Ok(b) => b as core::ffi::c_int,
        Err(_) => -1,
    }
}

/// An index key as `PyNumber_AsSsize_t(key, IndexError)`, made non-negative.
unsafe fn index_key(op: *mut PyObject, key: *mut PyObject) -> PyResult<Option<usize>> {
    let mut i = crate::objects::longobject::as_ssize_index(key, crate::objects::exceptions::PyExc_IndexError)?;
    let n = as_slice(op).len() as Py_ssize_t;
    if i < 0 {
        i += n;
    }
    Ok(if i < 0 || i >= n { None } else { Some(i as usize) })
}

unsafe extern "C" fn bytearray_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if crate::objects::r#abstract::number::index_check(key) {
            return match index_key(op, key)? {
                Some(i) => crate::objects::longobject::from_i64(as_slice(op)[i] as i64),
                None => Err(errors::index_error("bytearray index out of range")),
            };
        }
        if crate::objects::sliceobject::check(key) {
            let (mut start, mut stop, step) = crate::objects::sliceobject::unpack(key)?;
            let data = as_slice(op);
            let n = crate::objects::sliceobject::adjust_indices(data.len() as Py_ssize_t, &mut start, &mut stop, step);
            let picked: Vec<u8> = (0..n.max(0)).map(|k| data[(start + k * step) as usize]).collect();
            return from_slice(&picked);
        }
        Err(errors::type_error(&format!(
            "bytearray indices must be integers or slices, not {}",
            type_name(key)
        )))
    })())
}

/// The bytes a slice assignment inserts: a buffer's contents or an iterable of byte values;
/// numbers and str are refused.
unsafe fn slice_values(values: *mut PyObject) -> PyResult<Vec<u8>> {
    if crate::objects::r#abstract::buffer::check(values) {
        return bytes_like(values);
    }
    let is_number = {
        let nb = (*(*values).ob_type).tp_as_number;
        !nb.is_null() && ((*nb).nb_index.is_some() || (*nb).nb_int.is_some() || (*nb).nb_float.is_some())
    };
    if is_number || crate::objects::unicodeobject::is_str(values) {
        return Err(errors::type_error(
            "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
        ));
    }
    let tmp = new_sized(0)?;
    init_impl(tmp.as_ptr(), crate::objects::tupleobject::pack(&[values])?.as_ptr(), core::ptr::null_mut())?;
    Ok(as_slice(tmp.as_ptr()).to_vec())
}

/// `bytearray[key] = values` / `del bytearray[key]` (values NULL).
unsafe fn ass_subscript(op: *mut PyObject, key: *mut PyObject, values: *mut PyObject) -> PyResult<()> {
    if crate::objects::r#abstract::number::index_check(key) {
        let Some(i) = index_key(op, key)? else {
            return Err(errors::index_error("bytearray index out of range"));
        };
        if values.is_null() {
            let mut v = as_slice(op).to_vec();
            v.remove(i);
            return assign(op, &v);
        }
        let b = byte_value(values)?;
        match index_key(op, key)? {
            Some(i) => {
                *((*(op as *mut PyByteArrayObject)).ob_start as *mut u8).add(i) = b;
                Ok(())
            }
            None => Err(errors::index_error("bytearray index out of range")),
        }
    } else if crate::objects::sliceobject::check(key) {
        let (mut start, mut stop, step) = crate::objects::sliceobject::unpack(key)?;
        let new: Option<Vec<u8>> = if values.is_null() {
            None
        } else if values == op {
            Some(as_slice(op).to_vec())
        } else {
            Some(slice_values(values)?)
        };
        let len = as_slice(op).len() as Py_ssize_t;
        let count = crate::objects::sliceobject::adjust_indices(len, &mut start, &mut stop, step);
        let mut v = as_slice(op).to_vec();
        if step == 1 {
            let stop = stop.max(start) as usize;
            let start = start as usize;
            v.splice(start..stop, new.unwrap_or_default());
            return assign(op, &v);
        }
        match new {
            None => {
                if count <= 0 {
                    return Ok(());
                }
                let drop: std::collections::HashSet<usize> = (0..count).map(|k| (start + k * step) as usize).collect();
                let kept: Vec<u8> = v.iter().enumerate().filter(|(i, _)| !drop.contains(i)).map(|(_, &c)| c).collect();
                assign(op, &kept)
            }
            Some(new) => {
                if new.len() as Py_ssize_t != count {
                    return Err(errors::value_error(&format!(
                        "attempt to assign bytes of size {} to extended slice of size {count}",
                        new.len()
                    )));
                }
                for (k, &c) in new.iter().enumerate() {
                    v[(start + k as Py_ssize_t * step) as usize] = c;
                }
                assign(op, &v)
            }
        }
    } else {
        Err(errors::type_error(&format!(
            "bytearray indices must be integers or slices, not {}",
            type_name(key)
        )))
    }
}

unsafe extern "C" fn bytearray_ass_subscript(op: *mut PyObject, key: *mut PyObject, values: *mut PyObject) -> core::ffi::c_int {
    errors::int_result(ass_subscript(op, key, values))
}

unsafe extern "C" fn bytearray_ass_item(op: *mut PyObject, i: Py_ssize_t, values: *mut PyObject) -> core::ffi::c_int {
    errors::int_result((|| {
        let key = crate::objects::longobject::from_isize(i)?;
        ass_subscript(op, key.as_ptr(), values)
    })())
}

static mut BYTEARRAY_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(bytearray_length),
    sq_concat: Some(bytearray_concat),
    sq_repeat: Some(bytearray_repeat),
    sq_item: Some(bytearray_item),
    was_sq_slice: core::ptr::null_mut(),
    sq_ass_item: Some(bytearray_ass_item),
    was_sq_ass_slice: core::ptr::null_mut(),
    sq_contains: Some(bytearray_contains),
    sq_inplace_concat: Some(bytearray_inplace_concat),
    sq_inplace_repeat: Some(bytearray_inplace_repeat),
};

static mut BYTEARRAY_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(bytearray_length),
    mp_subscript: Some(bytearray_subscript),
    mp_ass_subscript: Some(bytearray_ass_subscript),
};

static mut BYTEARRAY_AS_NUMBER: PyNumberMethods = {
    // SAFETY: PyNumberMethods is a struct of optional function pointers; all-zero is "no slots".
    let mut nb: PyNumberMethods = unsafe { core::mem::zeroed() };
    nb.nb_remainder = Some(crate::objects::bytes_methods::bytes_mod);
    nb
};

/// Appends `more` at the end.
unsafe fn append_bytes(op: *mut PyObject, more: &[u8]) -> PyResult<()> {
    let old = as_slice(op).len();
    resize(op, (old + more.len()) as Py_ssize_t)?;
    if !more.is_empty() {
        core::ptr::copy_nonoverlapping(more.as_ptr(), ((*(op as *mut PyByteArrayObject)).ob_start as *mut u8).add(old), more.len());
    }
    Ok(())
}

unsafe extern "C" fn ba_append(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let b = byte_value(item)?;
        append_bytes(op, &[b])?;
        Ok(Ref::from_raw(none_obj()))
    })())
}

unsafe extern "C" fn ba_extend(op: *mut PyObject, iterable: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let more = if crate::objects::r#abstract::buffer::check(iterable) {
            bytes_like(iterable)?
        } else {
            let it = match crate::objects::r#abstract::iter::get_iter(iterable) {
                Ok(it) => it,
                Err(e) => {
                    if errors::exception_matches(crate::objects::exceptions::PyExc_TypeError) {
                        errors::clear();
                        return Err(errors::type_error(&format!(
                            "can't extend bytearray with {}",
                            type_name(iterable)
                        )));
                    }
                    return Err(e);
                }
            };
            let mut v = Vec::new();
            while let Some(item) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
                v.push(byte_value(item.as_ptr())?);
            }
            v
        };
        append_bytes(op, &more)?;
        Ok(Ref::from_raw(none_obj()))
    })())
}

unsafe extern "C" fn ba_insert(op: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let args = crate::getargs::unpack_stack(a, n.max(0) as usize, Some("insert"), 2, 2)?;
        let mut index = crate::objects::longobject::as_ssize_index(args[0], crate::objects::exceptions::PyExc_OverflowError)?;
        let b = byte_value(args[1])?;
        let mut v = as_slice(op).to_vec();
        let len = v.len() as Py_ssize_t;
        if index < 0 {
            index = (index + len).max(0);
        }
        let index = index.min(len) as usize;
        v.insert(index, b);
        assign(op, &v)?;
        Ok(Ref::from_raw(none_obj()))
    })())
}

unsafe extern "C" fn ba_pop(op: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let args = crate::getargs::unpack_stack(a, n.max(0) as usize, Some("pop"), 0, 1)?;
        let mut index = match args.first() {
            Some(&i) => crate::objects::longobject::as_ssize_index(i, crate::objects::exceptions::PyExc_OverflowError)?,
            None => -1,
        };
        let mut v = as_slice(op).to_vec();
        if v.is_empty() {
            return Err(errors::index_error("pop from empty bytearray"));
        }
        if index < 0 {
            index += v.len() as Py_ssize_t;
        }
        if index < 0 || index as usize >= v.len() {
            return Err(errors::index_error("pop index out of range"));
        }
        let b = v.remove(index as usize);
        assign(op, &v)?;
        crate::objects::longobject::from_i64(b as i64)
    })())
}

unsafe extern "C" fn ba_remove(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let b = byte_value(item)?;
        let mut v = as_slice(op).to_vec();
        let Some(i) = v.iter().position(|&c| c == b) else {
            return Err(errors::value_error("value not found in bytearray"));
        };
        v.remove(i);
        assign(op, &v)?;
        Ok(Ref::from_raw(none_obj()))
    })())
}

unsafe extern "C" fn ba_reverse(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let b = op as *mut PyByteArrayObject;
    let n = (*b).ob_base.ob_size as usize;
    if n > 0 {
        core::slice::from_raw_parts_mut((*b).ob_start as *mut u8, n).reverse();
    }
    none_obj()
}

unsafe extern "C" fn ba_clear(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(resize(op, 0).map(|_| Ref::from_raw(none_obj())))
}

unsafe extern "C" fn ba_copy(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(from_slice(as_slice(op)))
}

unsafe extern "C" fn ba_alloc(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    int_obj((*(op as *mut PyByteArrayObject)).ob_alloc as i64)
}

unsafe extern "C" fn ba_sizeof(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let basic = (*(*op).ob_type).tp_basicsize as i64;
    int_obj(basic + (*(op as *mut PyByteArrayObject)).ob_alloc as i64)
}

/// `__reduce__`/`__reduce_ex__`: `(type(self), (latin-1 text, 'latin-1'), state)` before
/// protocol 3, `(type(self), (bytes,), state)` (or `()` when empty) from 3 on; `state` is
/// what `__getstate__` gives (None for an empty instance dict).
unsafe fn reduce(op: *mut PyObject, proto: isize) -> PyResult<Ref> {
    let state = crate::objects::object_reduce::get_state(op)?;
    let data = as_slice(op).to_vec();
    let args = if proto < 3 {
        let text: String = data.iter().map(|&c| c as char).collect();
        let t = crate::objects::unicodeobject::new_str(&text)?;
        let enc = crate::objects::unicodeobject::new_str("latin-1")?;
        crate::objects::tupleobject::pack(&[t.as_ptr(), enc.as_ptr()])?
    } else if data.is_empty() {
        crate::objects::tupleobject::pack(&[])?
    } else {
        let b = crate::objects::bytesobject::from_slice(&data)?;
        crate::objects::tupleobject::pack(&[b.as_ptr()])?
    };
    crate::objects::tupleobject::pack(&[(*op).ob_type.cast(), args.as_ptr(), state.as_ptr()])
}

unsafe extern "C" fn ba_reduce(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(reduce(op, 2))
}

unsafe extern "C" fn ba_reduce_ex(op: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let args = crate::getargs::unpack_stack(a, n.max(0) as usize, Some("__reduce_ex__"), 0, 1)?;
        let proto = match args.first() {
            Some(&p) => {
                crate::objects::bytes_methods::int_arg(p)? as isize
            }
            None => 0,
        };
        reduce(op, proto)
    })())
}

static mut BYTEARRAY_METHODS: crate::objects::bytes_methods::MethodTable<13> = {
    use crate::abi::methodobject::*;
    type Fast = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
    type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
    const fn plain(name: &'static core::ffi::CStr, f: Plain, flags: core::ffi::c_int) -> PyMethodDef {
        PyMethodDef { ml_name: name.as_ptr(), ml_meth: Some(f), ml_flags: flags, ml_doc: core::ptr::null() }
    }
    const fn fast(name: &'static core::ffi::CStr, f: Fast) -> PyMethodDef {
        PyMethodDef {
            ml_name: name.as_ptr(),
            // SAFETY: a METH_FASTCALL entry is stored as PyCFunction, as in C.
            ml_meth: Some(unsafe { core::mem::transmute::<Fast, Plain>(f) }),
            ml_flags: METH_FASTCALL,
            ml_doc: core::ptr::null(),
        }
    }
    crate::objects::bytes_methods::MethodTable {
        shared: crate::objects::bytes_methods::shared_methods(),
        own: [
            plain(c"__alloc__", ba_alloc, METH_NOARGS),
            plain(c"__reduce__", ba_reduce, METH_NOARGS),
            fast(c"__reduce_ex__", ba_reduce_ex),
            plain(c"__sizeof__", ba_sizeof, METH_NOARGS),
            plain(c"append", ba_append, METH_O),
            plain(c"clear", ba_clear, METH_NOARGS),
            plain(c"copy", ba_copy, METH_NOARGS),
            plain(c"extend", ba_extend, METH_O),
            fast(c"insert", ba_insert),
            fast(c"pop", ba_pop),
            plain(c"remove", ba_remove, METH_O),
            plain(c"reverse", ba_reverse, METH_NOARGS),
            crate::objects::bytes_methods::SENTINEL,
        ],
    }
};
