//! The buffer protocol (CPython's Objects/abstract.c, buffer part): `PyObject_GetBuffer`,
//! `PyBuffer_Release`, `PyBuffer_FillInfo`, contiguity tests, pointer arithmetic over strided
//! buffers, copying between contiguous memory and strided views, `PyObject_CopyData`.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::PyExc_BufferError;
use crate::objects::object::{self, py_type, type_name_trunc};
use core::ffi::{c_char, c_int, c_void};
use core::ptr::null_mut;

pub const PyBUF_SIMPLE: c_int = 0;
pub const PyBUF_WRITABLE: c_int = 0x0001;
pub const PyBUF_FORMAT: c_int = 0x0004;
pub const PyBUF_ND: c_int = 0x0008;
pub const PyBUF_STRIDES: c_int = 0x0010 | PyBUF_ND;
pub const PyBUF_C_CONTIGUOUS: c_int = 0x0020 | PyBUF_STRIDES;
pub const PyBUF_F_CONTIGUOUS: c_int = 0x0040 | PyBUF_STRIDES;
pub const PyBUF_ANY_CONTIGUOUS: c_int = 0x0080 | PyBUF_STRIDES;
pub const PyBUF_INDIRECT: c_int = 0x0100 | PyBUF_STRIDES;
pub const PyBUF_FULL: c_int = PyBUF_INDIRECT | PyBUF_WRITABLE | PyBUF_FORMAT;
pub const PyBUF_FULL_RO: c_int = PyBUF_INDIRECT | PyBUF_FORMAT;

/// `PyObject_CheckBuffer`.
///
/// # Safety
/// `op` is live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    let b = (*py_type(op)).tp_as_buffer;
    !b.is_null() && (*b).bf_getbuffer.is_some()
}

/// `PyObject_GetBuffer(obj, view, flags)`.
///
/// # Safety
/// `obj` is live, `view` writable.
pub unsafe fn get_buffer(obj: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> PyResult<()> {
    let b = (*py_type(obj)).tp_as_buffer;
    let get = if b.is_null() { None } else { (*b).bf_getbuffer };
    let Some(get) = get else {
        return Err(errors::type_error(&format!(
            "a bytes-like object is required, not '{}'",
            type_name_trunc(py_type(obj), 100)
        )));
    };
    if get(obj, view, flags) < 0 {
        return Err(errors::ErrSet::assume_set());
    }
    Ok(())
}

/// `PyBuffer_Release(view)`: calls the exporter's release and drops the reference.
///
/// # Safety
/// `view` was filled by [`get_buffer`] (or has `obj` NULL).
pub unsafe fn release(view: *mut Py_buffer) {
    let obj = (*view).obj;
    if obj.is_null() {
        return;
    }
    let b = (*py_type(obj)).tp_as_buffer;
    if !b.is_null() {
        if let Some(rel) = (*b).bf_releasebuffer {
            rel(obj, view);
        }
    }
    (*view).obj = null_mut();
    object::decref(obj);
}

/// `PyBuffer_FillInfo`: a one-dimensional byte buffer over `buf[..len]`.
///
/// # Safety
/// `view` is NULL or writable; `obj` NULL or live; `buf` valid for `len` bytes.
pub unsafe fn fill_info(
    view: *mut Py_buffer,
    obj: *mut PyObject,
    buf: *mut c_void,
    len: Py_ssize_t,
    readonly: impl Into<c_int>,
    flags: c_int,
) -> PyResult<()> {
    let readonly: c_int = readonly.into();
    if view.is_null() {
        return Err(errors::set_string(
            PyExc_BufferError,
            "PyBuffer_FillInfo: view==NULL argument is obsolete",
        ));
    }
    if flags & PyBUF_WRITABLE == PyBUF_WRITABLE && readonly == 1 {
        return Err(errors::set_string(
            PyExc_BufferError,
            "Object is not writable.",
        ));
    }
    object::xincref(obj);
    (*view).obj = obj;
    (*view).buf = buf;
    (*view).len = len;
    (*view).readonly = readonly;
    (*view).itemsize = 1;
    (*view).format = if flags & PyBUF_FORMAT == PyBUF_FORMAT {
        c"B".as_ptr() as *mut c_char
    } else {
        null_mut()
    };
    (*view).ndim = 1;
    (*view).shape = if flags & PyBUF_ND == PyBUF_ND {
        &raw mut (*view).len
    } else {
        null_mut()
    };
    (*view).strides = if flags & PyBUF_STRIDES == PyBUF_STRIDES {
        &raw mut (*view).itemsize
    } else {
        null_mut()
    };
    (*view).suboffsets = null_mut();
    (*view).internal = null_mut();
    Ok(())
}

/// Row-major (C) contiguity.
unsafe fn is_c_contiguous(v: *const Py_buffer) -> bool {
    if (*v).len == 0 || (*v).strides.is_null() {
        return true;
    }
    let mut sd = (*v).itemsize;
    for i in (0..(*v).ndim as usize).rev() {
        let dim = *(*v).shape.add(i);
        if dim > 1 && *(*v).strides.add(i) != sd {
            return false;
        }
        sd *= dim;
    }
    true
}

/// Column-major (Fortran) contiguity.
unsafe fn is_f_contiguous(v: *const Py_buffer) -> bool {
    if (*v).len == 0 {
        return true;
    }
    if (*v).strides.is_null() {
        // Without strides a buffer is C-contiguous: Fortran too only when at most one
        // dimension is longer than 1.
        if (*v).ndim <= 1 {
            return true;
        }
        if (*v).shape.is_null() {
            return true;
        }
        let longer = (0..(*v).ndim as usize)
            .filter(|&i| *(*v).shape.add(i) > 1)
            .count();
        return longer <= 1;
    }
    let mut sd = (*v).itemsize;
    for i in 0..(*v).ndim as usize {
        let dim = *(*v).shape.add(i);
        if dim > 1 && *(*v).strides.add(i) != sd {
            return false;
        }
        sd *= dim;
    }
    true
}

/// `PyBuffer_IsContiguous(view, order)` for order `'C'`, `'F'` or `'A'`.
///
/// # Safety
/// `view` is a filled buffer.
pub unsafe fn is_contiguous(view: *const Py_buffer, order: u8) -> bool {
    if !(*view).suboffsets.is_null() {
        return false;
    }
    match order {
        b'C' => is_c_contiguous(view),
        b'F' => is_f_contiguous(view),
        b'A' => is_c_contiguous(view) || is_f_contiguous(view),
        _ => false,
    }
}

/// `PyBuffer_GetPointer(view, indices)`.
///
/// # Safety
/// `indices` has `ndim` entries within the shape.
pub unsafe fn get_pointer(view: *const Py_buffer, indices: *const Py_ssize_t) -> *mut c_void {
    let mut p = (*view).buf as *mut u8;
    for i in 0..(*view).ndim as usize {
        p = p.offset(*(*view).strides.add(i) * *indices.add(i));
        if !(*view).suboffsets.is_null() && *(*view).suboffsets.add(i) >= 0 {
            p = (*(p as *mut *mut u8)).offset(*(*view).suboffsets.add(i));
        }
    }
    p.cast()
}

/// `PyBuffer_FillContiguousStrides(nd, shape, strides, itemsize, order)`.
///
/// # Safety
/// `shape` and `strides` have `nd` entries.
pub unsafe fn fill_contiguous_strides(
    nd: c_int,
    shape: *const Py_ssize_t,
    strides: *mut Py_ssize_t,
    itemsize: c_int,
    order: u8,
) {
    let mut sd = itemsize as Py_ssize_t;
    if order == b'F' {
        for k in 0..nd as usize {
            *strides.add(k) = sd;
            sd *= *shape.add(k);
        }
    } else {
        for k in (0..nd as usize).rev() {
            *strides.add(k) = sd;
            sd *= *shape.add(k);
        }
    }
}

/// Advances a multi-index in row-major order (`_Py_add_one_to_index_C`).
fn add_one_c(index: &mut [Py_ssize_t], shape: &[Py_ssize_t]) {
    for k in (0..index.len()).rev() {
        if index[k] < shape[k] - 1 {
            index[k] += 1;
            return;
        }
        index[k] = 0;
    }
}

/// Advances a multi-index in column-major order (`_Py_add_one_to_index_F`).
fn add_one_f(index: &mut [Py_ssize_t], shape: &[Py_ssize_t]) {
    for k in 0..index.len() {
        if index[k] < shape[k] - 1 {
            index[k] += 1;
            return;
        }
        index[k] = 0;
    }
}

/// The shape of a view as a slice (a one-dimensional `[len / itemsize]` when absent).
unsafe fn shape_of(view: *const Py_buffer) -> Vec<Py_ssize_t> {
    if (*view).shape.is_null() {
        return vec![(*view).len / (*view).itemsize.max(1)];
    }
    core::slice::from_raw_parts((*view).shape, (*view).ndim as usize).to_vec()
}

/// Copies element by element between a contiguous buffer and a strided view.
unsafe fn strided_walk(
    view: *const Py_buffer,
    elements: Py_ssize_t,
    fortran: bool,
    mut f: impl FnMut(*mut u8),
) {
    let shape = shape_of(view);
    let mut index = vec![0 as Py_ssize_t; shape.len()];
    for _ in 0..elements {
        f(get_pointer(view, index.as_ptr()).cast());
        if fortran {
            add_one_f(&mut index, &shape);
        } else {
            add_one_c(&mut index, &shape);
        }
    }
}

/// `PyBuffer_ToContiguous(buf, src, len, order)`.
///
/// # Safety
/// `buf` is writable for `len` bytes; `src` is a filled buffer.
pub unsafe fn to_contiguous(
    buf: *mut c_void,
    src: *const Py_buffer,
    len: Py_ssize_t,
    order: u8,
) -> PyResult<()> {
    if len != (*src).len {
        return Err(errors::value_error(
            "PyBuffer_ToContiguous: len != view->len",
        ));
    }
    if is_contiguous(src, order) || (*src).strides.is_null() {
        core::ptr::copy_nonoverlapping((*src).buf as *const u8, buf as *mut u8, len as usize);
        return Ok(());
    }
    let itemsize = (*src).itemsize as usize;
    let mut dst = buf as *mut u8;
    strided_walk(src, len / (*src).itemsize, order == b'F', |p| {
        core::ptr::copy_nonoverlapping(p, dst, itemsize);
        dst = dst.add(itemsize);
    });
    Ok(())
}

/// `PyBuffer_FromContiguous(view, buf, len, order)`.
///
/// # Safety
/// `view` is a writable filled buffer; `buf` readable for `len` bytes.
pub unsafe fn from_contiguous(
    view: *const Py_buffer,
    buf: *const c_void,
    len: Py_ssize_t,
    order: u8,
) -> PyResult<()> {
    if order != b'C' && order != b'F' && order != b'A' {
        return Err(errors::value_error(&format!(
            "invalid order, must be 'C', 'F' or 'A'"
        )));
    }
    let len = len.min((*view).len);
    if is_contiguous(view, order) || (*view).strides.is_null() {
        core::ptr::copy_nonoverlapping(buf as *const u8, (*view).buf as *mut u8, len as usize);
        return Ok(());
    }
    let itemsize = (*view).itemsize as usize;
    let mut src = buf as *const u8;
    strided_walk(view, len / (*view).itemsize, order == b'F', |p| {
        core::ptr::copy_nonoverlapping(src, p, itemsize);
        src = src.add(itemsize);
    });
    Ok(())
}

/// `PyObject_CopyData(dest, src)`: copies the bytes of one buffer into another.
///
/// # Safety
/// Both are live objects.
pub unsafe fn copy_data(dest: *mut PyObject, src: *mut PyObject) -> PyResult<()> {
    if !check(dest) || !check(src) {
        return Err(errors::type_error(
            "both destination and source must be bytes-like objects",
        ));
    }
    let mut vd = core::mem::MaybeUninit::<Py_buffer>::zeroed();
    let mut vs = core::mem::MaybeUninit::<Py_buffer>::zeroed();
    get_buffer(dest, vd.as_mut_ptr(), PyBUF_FULL)?;
    if let Err(e) = get_buffer(src, vs.as_mut_ptr(), PyBUF_FULL_RO) {
        release(vd.as_mut_ptr());
        return Err(e);
    }
    let (d, s) = (vd.as_mut_ptr(), vs.as_mut_ptr());
    let r = (|| {
        if (*d).len < (*s).len {
            return Err(errors::set_string(
                PyExc_BufferError,
                "destination is too small to receive data from source",
            ));
        }
        if (is_contiguous(d, b'C') && is_contiguous(s, b'C'))
            || (is_contiguous(d, b'F') && is_contiguous(s, b'F'))
        {
            core::ptr::copy_nonoverlapping(
                (*s).buf as *const u8,
                (*d).buf as *mut u8,
                (*s).len as usize,
            );
            return Ok(());
        }
        // General case: walk both in C order, one item at a time.
        let elements = (*s).len / (*s).itemsize.max(1);
        let itemsize = (*s).itemsize as usize;
        let sshape = shape_of(s);
        let dshape = shape_of(d);
        let mut si = vec![0 as Py_ssize_t; sshape.len()];
        let mut di = vec![0 as Py_ssize_t; dshape.len()];
        for _ in 0..elements {
            let sp = get_pointer(s, si.as_ptr()) as *const u8;
            let dp = get_pointer(d, di.as_ptr()) as *mut u8;
            core::ptr::copy_nonoverlapping(sp, dp, itemsize);
            add_one_c(&mut si, &sshape);
            add_one_c(&mut di, &dshape);
        }
        Ok(())
    })();
    release(d);
    release(s);
    r
}

/// `PyBuffer_SizeFromFormat(format)`: the item size of a struct format, as
/// `struct.calcsize(format)` computes it.
///
/// # Safety
/// GIL held.
pub unsafe fn size_from_format(format: &core::ffi::CStr) -> PyResult<Py_ssize_t> {
    let module = crate::lifecycle::import::import_module("struct")?;
    let calcsize = crate::objects::object::get_attr_str(module.as_ptr(), "calcsize")?;
    let fmt = crate::objects::unicodeobject::from_utf8(format.to_bytes(), None)?;
    let size = crate::objects::call::call_one_arg(calcsize.as_ptr(), fmt.as_ptr())?;
    crate::objects::longobject::as_isize(size.as_ptr())
}
