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
    tp_dealloc: Some(bytearrayiter_dealloc),
    tp_traverse: Some(bytearrayiter_traverse),
    tp_iter: Some(crate::objects::object::PyObject_SelfIter),
    tp_iternext: Some(bytearrayiter_next),
    tp_methods: (&raw mut BYTEARRAYITER_METHODS).cast(),
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
    let text = crate::objects::bytesobject::repr_text(as_slice(op), &format!("{name}("), ")");
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

/// `bytearrayiterobject`.
#[repr(C)]
struct ByteArrayIter {
    ob_base: PyObject,
    it_index: Py_ssize_t,
    /// NULL once exhausted.
    it_seq: *mut PyObject,
}

/// `iter(bytearray)`.
unsafe extern "C" fn bytearray_iter(seq: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let op = crate::mem::gc::alloc(&raw mut PyByteArrayIter_Type, core::mem::size_of::<ByteArrayIter>())?;
        crate::objects::object::init_object(op, &raw mut PyByteArrayIter_Type);
        let it = op as *mut ByteArrayIter;
        (*it).it_index = 0;
        (*it).it_seq = crate::objects::object::new_ref(seq).into_raw();
        crate::mem::gc::track(op);
        Ok(Ref::from_raw(op))
    })())
}

unsafe extern "C" fn bytearrayiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ByteArrayIter;
    let seq = (*it).it_seq;
    if seq.is_null() {
        return core::ptr::null_mut();
    }
    let data = as_slice(seq);
    if ((*it).it_index as usize) < data.len() {
        let v = data[(*it).it_index as usize];
        (*it).it_index += 1;
        return errors::ptr_result(crate::objects::longobject::from_i64(v as i64));
    }
    (*it).it_seq = core::ptr::null_mut();
    crate::objects::object::decref(seq);
    core::ptr::null_mut()
}

unsafe extern "C" fn bytearrayiter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    crate::objects::object::xdecref((*(op as *mut ByteArrayIter)).it_seq);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn bytearrayiter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> core::ffi::c_int {
    let seq = (*(op as *mut ByteArrayIter)).it_seq;
    match visit {
        Some(v) if !seq.is_null() => v(seq, arg),
        _ => 0,
    }
}

/// `__length_hint__`: the bytes not yet produced.
unsafe extern "C" fn bytearrayiter_length_hint(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ByteArrayIter;
    let n = if (*it).it_seq.is_null() {
        0
    } else {
        (as_slice((*it).it_seq).len() as Py_ssize_t - (*it).it_index).max(0)
    };
    errors::ptr_result(crate::objects::longobject::from_i64(n as i64))
}

static mut BYTEARRAYITER_METHODS: [crate::abi::methodobject::PyMethodDef; 2] = [
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"__length_hint__".as_ptr(),
        ml_meth: Some(bytearrayiter_length_hint),
        ml_flags: crate::abi::methodobject::METH_NOARGS,
        ml_doc: c"Private method returning an estimate of len(list(it)).".as_ptr(),
    },
    crate::abi::methodobject::PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
];
