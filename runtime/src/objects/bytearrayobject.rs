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
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"bytearray",
        56,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF,
    )
};

#[no_mangle]
pub static mut PyByteArrayIter_Type: PyTypeObject = static_type(
    &raw mut super::typeobject::PyType_Type,
    c"bytearray_iterator",
    32,
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
);

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
