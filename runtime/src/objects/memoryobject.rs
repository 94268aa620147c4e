//! `memoryview` and the managed buffer (`_PyManagedBuffer_Type`) its copies share: creation
//! from exporters and raw memory, the buffer export with CPython's flag checks, item access
//! and slicing over the struct module's native single-character formats, tolist/tobytes/hex/
//! cast/release/toreadonly, comparison, hashing and the descriptive attributes.

use super::object::{self, py_type, Ref};
use super::typeobject::static_type;
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::memoryobject::*;
use crate::abi::methodobject::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::mem::gc;
use crate::objects::exceptions::{
    PyExc_BufferError, PyExc_IndexError, PyExc_NotImplementedError, PyExc_OverflowError,
    PyExc_TypeError, PyExc_ValueError,
};
use crate::objects::longobject::{getter, method, method_fast_kw, METHOD_SENTINEL};
use crate::objects::r#abstract::buffer as pybuf;
use crate::objects::{
    bytesobject, floatobject, listobject, longobject, sliceobject, tupleobject, unicodeobject,
};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::null_mut;

/// `PyBUF_READ` / `PyBUF_WRITE`: the access asked of `PyMemoryView_FromMemory` and `GetContiguous`.
pub const PyBUF_READ: c_int = 0x100;
pub const PyBUF_WRITE: c_int = 0x200;
/// `PyBUF_MAX_NDIM`.
const MAX_NDIM: c_int = 64;
const BASIC_SIZE: usize = 144;

/// Rich comparison codes (object.h).
const Py_EQ: c_int = 2;
const Py_NE: c_int = 3;

const RELEASED_MSG: &str = "operation forbidden on released memoryview object";

#[no_mangle]
pub static mut PyMemoryView_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 136,
    tp_dealloc: Some(memory_dealloc),
    tp_repr: Some(memory_repr),
    tp_hash: Some(memory_hash),
    tp_traverse: Some(memory_traverse),
    tp_clear: Some(memory_clear),
    tp_richcompare: Some(memory_richcompare),
    tp_as_sequence: &raw mut MEMORY_AS_SEQUENCE,
    tp_as_mapping: &raw mut MEMORY_AS_MAPPING,
    tp_as_buffer: &raw mut MEMORY_AS_BUFFER,
    tp_methods: (&raw mut MEMORY_METHODS).cast(),
    tp_getset: (&raw mut MEMORY_GETSETS).cast(),
    tp_new: Some(memory_new),
    tp_iter: Some(memory_iter),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"memoryview",
        144,
        8,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_HAVE_GC,
    )
};

#[no_mangle]
pub static mut _PyManagedBuffer_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(mbuf_dealloc),
    tp_traverse: Some(mbuf_traverse),
    tp_clear: Some(mbuf_clear),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"managedbuffer",
        112,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

/// `memory_iterator`: walks a one-dimensional view item by item.
pub static mut _PyMemoryIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(memoryiter_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(memoryiter_traverse),
    tp_iter: Some(object::PyObject_SelfIter),
    tp_iternext: Some(memoryiter_next),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"memory_iterator",
        48,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

/// The iterator's layout (CPython's `memoryiterobject`, 48 bytes).
#[repr(C)]
struct MemoryIter {
    ob_base: PyObject,
    index: Py_ssize_t,
    /// NULL once exhausted.
    seq: *mut PyMemoryViewObject,
    length: Py_ssize_t,
    fmt: u8,
}

unsafe extern "C" fn memoryiter_dealloc(op: *mut PyObject) {
    if gc::is_tracked(op) {
        gc::untrack(op);
    }
    object::xdecref((*(op as *mut MemoryIter)).seq.cast());
    gc::free(op);
}

unsafe extern "C" fn memoryiter_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let seq = (*(op as *mut MemoryIter)).seq;
    match visit {
        Some(visit) if !seq.is_null() => visit(seq.cast(), arg),
        _ => 0,
    }
}

unsafe extern "C" fn memoryiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut MemoryIter;
    let seq = (*it).seq;
    if seq.is_null() {
        return null_mut();
    }
    if (*it).index < (*it).length {
        if check_released(seq).is_err() {
            return null_mut();
        }
        let view = &raw const (*seq).view;
        let p = ((*view).buf as *mut u8).offset(*(*view).strides * (*it).index);
        (*it).index += 1;
        return errors::ptr_result(unpack(adjust_ptr(p, (*view).suboffsets, 0), (*it).fmt));
    }
    (*it).seq = null_mut();
    object::decref(seq.cast());
    null_mut()
}

unsafe fn iter(m: *mut PyMemoryViewObject) -> PyResult<Ref> {
    check_released(m)?;
    let view = &raw const (*m).view;
    if (*view).ndim == 0 {
        return Err(errors::type_error("invalid indexing of 0-dim memory"));
    }
    if (*view).ndim != 1 {
        return Err(errors::set_string(
            PyExc_NotImplementedError,
            "multi-dimensional sub-views are not implemented",
        ));
    }
    let Some((ch, _)) = native_fmtchar((*view).format) else {
        return Err(unsupported_format(view));
    };
    let tp = &raw mut _PyMemoryIter_Type;
    let op = gc::alloc(tp, core::mem::size_of::<MemoryIter>())?;
    object::init_object(op, tp);
    let it = op as *mut MemoryIter;
    (*it).index = 0;
    (*it).length = *(*view).shape;
    (*it).fmt = ch;
    object::incref(m.cast());
    (*it).seq = m;
    gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn memory_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(iter(mv(op)))
}

static mut MEMORY_AS_BUFFER: PyBufferProcs = PyBufferProcs {
    bf_getbuffer: Some(memory_getbuf),
    bf_releasebuffer: Some(memory_releasebuf),
};

static mut MEMORY_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(memory_length),
    sq_concat: None,
    sq_repeat: None,
    sq_item: Some(memory_sq_item),
    was_sq_slice: null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: null_mut(),
    sq_contains: None,
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

static mut MEMORY_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(memory_length),
    mp_subscript: Some(memory_subscript),
    mp_ass_subscript: Some(memory_ass_subscript),
};

// ---------------------------------------------------------------------------------------------
// The managed buffer

/// A fresh, tracked managed buffer with an empty master.
unsafe fn mbuf_alloc() -> PyResult<*mut _PyManagedBufferObject> {
    let tp = &raw mut _PyManagedBuffer_Type;
    let op = gc::alloc(tp, core::mem::size_of::<_PyManagedBufferObject>())?;
    core::ptr::write_bytes(
        op as *mut u8,
        0,
        core::mem::size_of::<_PyManagedBufferObject>(),
    );
    object::init_object(op, tp);
    gc::track(op);
    Ok(op.cast())
}

/// `_PyManagedBuffer_FromObject`: takes `base`'s full read-only buffer.
unsafe fn mbuf_from_object(base: *mut PyObject) -> PyResult<Ref> {
    let mbuf = mbuf_alloc()?;
    let r = Ref::from_raw(mbuf.cast());
    if let Err(e) = pybuf::get_buffer(base, &raw mut (*mbuf).master, pybuf::PyBUF_FULL_RO) {
        (*mbuf).master.obj = null_mut();
        return Err(e);
    }
    Ok(r)
}

/// Releases the exporter's buffer once (when the last view lets go, or on clear/dealloc).
unsafe fn mbuf_release(mbuf: *mut _PyManagedBufferObject) {
    if (*mbuf).flags & _Py_MANAGED_BUFFER_RELEASED != 0 {
        return;
    }
    (*mbuf).flags |= _Py_MANAGED_BUFFER_RELEASED;
    // PyBuffer_Release may run arbitrary code: the buffer must not be visited meanwhile.
    if gc::is_tracked(mbuf.cast()) {
        gc::untrack(mbuf.cast());
    }
    pybuf::release(&raw mut (*mbuf).master);
}

unsafe extern "C" fn mbuf_dealloc(op: *mut PyObject) {
    let mbuf = op as *mut _PyManagedBufferObject;
    mbuf_release(mbuf);
    if (*mbuf).flags & _Py_MANAGED_BUFFER_FREE_FORMAT != 0 {
        libc::free((*mbuf).master.format.cast());
    }
    gc::free(op);
}

unsafe extern "C" fn mbuf_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let obj = (*(op as *mut _PyManagedBufferObject)).master.obj;
    if let (Some(visit), false) = (visit, obj.is_null()) {
        let r = visit(obj, arg);
        if r != 0 {
            return r;
        }
    }
    0
}

unsafe extern "C" fn mbuf_clear(op: *mut PyObject) -> c_int {
    mbuf_release(op.cast());
    0
}

/// Gives the master a private copy of `fmt` (`mbuf_copy_format`).
unsafe fn mbuf_copy_format(mbuf: *mut _PyManagedBufferObject, fmt: *const c_char) -> PyResult<()> {
    if fmt.is_null() {
        return Ok(());
    }
    let copy = libc::strdup(fmt);
    if copy.is_null() {
        return Err(errors::no_memory());
    }
    (*mbuf).master.format = copy;
    (*mbuf).flags |= _Py_MANAGED_BUFFER_FREE_FORMAT;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Views

#[inline]
unsafe fn mv(op: *mut PyObject) -> *mut PyMemoryViewObject {
    op.cast()
}

/// `PyMemoryView_Check`.
pub unsafe fn check(op: *mut PyObject) -> bool {
    object::is_type(op, &raw mut PyMemoryView_Type)
}

#[inline]
unsafe fn is_released(m: *mut PyMemoryViewObject) -> bool {
    (*m).flags & _Py_MEMORYVIEW_RELEASED != 0
        || (*(*m).mbuf).flags & _Py_MANAGED_BUFFER_RELEASED != 0
}

unsafe fn check_released(m: *mut PyMemoryViewObject) -> PyResult<()> {
    if is_released(m) {
        return Err(errors::value_error(RELEASED_MSG));
    }
    Ok(())
}

/// A memoryview with room for `ndim` dimensions in `ob_array` (`memory_alloc`).
unsafe fn memory_alloc(ndim: c_int) -> PyResult<*mut PyMemoryViewObject> {
    let tp = &raw mut PyMemoryView_Type;
    let n = 3 * ndim as usize;
    let size = BASIC_SIZE + n * 8;
    let op = gc::alloc(tp, size)?;
    core::ptr::write_bytes(
        op as *mut u8,
        0,
        size.max(core::mem::size_of::<PyMemoryViewObject>())
            .min(size),
    );
    object::init_var_object(op.cast(), tp, n as Py_ssize_t);
    let m = mv(op);
    (*m).hash = -1;
    let arr = (&raw mut (*m).ob_array).cast::<Py_ssize_t>();
    (*m).view.ndim = ndim;
    (*m).view.shape = arr;
    (*m).view.strides = arr.add(ndim as usize);
    (*m).view.suboffsets = arr.add(2 * ndim as usize);
    Ok(m)
}

/// The values a view shares with its source (`init_shared_values`).
unsafe fn init_shared_values(dest: *mut Py_buffer, src: *const Py_buffer) {
    (*dest).obj = (*src).obj;
    (*dest).buf = (*src).buf;
    (*dest).len = (*src).len;
    (*dest).itemsize = (*src).itemsize;
    (*dest).readonly = (*src).readonly;
    (*dest).format = if (*src).format.is_null() {
        c"B".as_ptr() as *mut c_char
    } else {
        (*src).format
    };
    (*dest).internal = (*src).internal;
}

/// C-contiguous strides for the view's shape.
unsafe fn init_strides_from_shape(view: *mut Py_buffer) {
    let nd = (*view).ndim as usize;
    if nd == 0 {
        return;
    }
    *(*view).strides.add(nd - 1) = (*view).itemsize;
    for i in (0..nd - 1).rev() {
        *(*view).strides.add(i) = *(*view).strides.add(i + 1) * *(*view).shape.add(i + 1);
    }
}

unsafe fn init_fortran_strides_from_shape(view: *mut Py_buffer) {
    let nd = (*view).ndim as usize;
    if nd == 0 {
        return;
    }
    *(*view).strides = (*view).itemsize;
    for i in 1..nd {
        *(*view).strides.add(i) = *(*view).strides.add(i - 1) * *(*view).shape.add(i - 1);
    }
}

unsafe fn init_shape_strides(dest: *mut Py_buffer, src: *const Py_buffer) {
    let nd = (*src).ndim as usize;
    if nd == 0 {
        return;
    }
    if nd == 1 {
        *(*dest).shape = if (*src).shape.is_null() {
            (*src).len / (*src).itemsize
        } else {
            *(*src).shape
        };
        *(*dest).strides = if (*src).strides.is_null() {
            (*src).itemsize
        } else {
            *(*src).strides
        };
        return;
    }
    core::ptr::copy_nonoverlapping((*src).shape, (*dest).shape, nd);
    if (*src).strides.is_null() {
        init_strides_from_shape(dest);
    } else {
        core::ptr::copy_nonoverlapping((*src).strides, (*dest).strides, nd);
    }
}

unsafe fn init_suboffsets(dest: *mut Py_buffer, src: *const Py_buffer) {
    if (*src).suboffsets.is_null() {
        (*dest).suboffsets = null_mut();
    } else {
        core::ptr::copy_nonoverlapping((*src).suboffsets, (*dest).suboffsets, (*src).ndim as usize);
    }
}

/// Recomputes the contiguity flags from the view (`init_flags`).
unsafe fn init_flags(m: *mut PyMemoryViewObject) {
    let view = &raw const (*m).view;
    let mut flags = 0;
    match (*view).ndim {
        0 => flags |= _Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN,
        1 => {
            if *(*view).shape == 1 || *(*view).strides == (*view).itemsize {
                flags |= _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN;
            }
        }
        _ => {
            if pybuf::is_contiguous(view, b'C') {
                flags |= _Py_MEMORYVIEW_C;
            }
            if pybuf::is_contiguous(view, b'F') {
                flags |= _Py_MEMORYVIEW_FORTRAN;
            }
        }
    }
    if !(*view).suboffsets.is_null() {
        flags |= _Py_MEMORYVIEW_PIL;
        flags &= !(_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN);
    }
    (*m).flags = flags;
}

unsafe fn link_mbuf(m: *mut PyMemoryViewObject, mbuf: *mut _PyManagedBufferObject) {
    object::incref(mbuf.cast());
    (*m).mbuf = mbuf;
    (*mbuf).exports += 1;
}

/// A new view of `mbuf` copying `src` (the master when NULL) (`mbuf_add_view`).
unsafe fn mbuf_add_view(mbuf: *mut _PyManagedBufferObject, src: *const Py_buffer) -> PyResult<Ref> {
    let src = if src.is_null() {
        &raw const (*mbuf).master
    } else {
        src
    };
    if (*src).ndim > MAX_NDIM {
        return Err(errors::value_error(
            "memoryview: number of dimensions must not exceed 64",
        ));
    }
    let m = memory_alloc((*src).ndim)?;
    let dest = &raw mut (*m).view;
    init_shared_values(dest, src);
    init_shape_strides(dest, src);
    init_suboffsets(dest, src);
    init_flags(m);
    link_mbuf(m, mbuf);
    gc::track(m.cast());
    Ok(Ref::from_raw(m.cast()))
}

/// A view sharing `src`'s values whose shape/strides the caller fills.
unsafe fn mbuf_add_incomplete_view(
    mbuf: *mut _PyManagedBufferObject,
    src: *const Py_buffer,
    ndim: c_int,
) -> PyResult<*mut PyMemoryViewObject> {
    let src = if src.is_null() {
        &raw const (*mbuf).master
    } else {
        src
    };
    if ndim > MAX_NDIM {
        return Err(errors::value_error(
            "memoryview: number of dimensions must not exceed 64",
        ));
    }
    let m = memory_alloc(ndim)?;
    init_shared_values(&raw mut (*m).view, src);
    link_mbuf(m, mbuf);
    gc::track(m.cast());
    Ok(m)
}

/// `PyMemoryView_FromObject(v)`.
pub unsafe fn from_object(v: *mut PyObject) -> PyResult<Ref> {
    if check(v) {
        let m = mv(v);
        check_released(m)?;
        return mbuf_add_view((*m).mbuf, &raw const (*m).view);
    }
    if pybuf::check(v) {
        let mbuf = mbuf_from_object(v)?;
        return mbuf_add_view(mbuf.as_ptr().cast(), core::ptr::null());
    }
    Err(errors::type_error(&format!(
        "memoryview: a bytes-like object is required, not '{}'",
        object::type_name_trunc(py_type(v), 200)
    )))
}

/// `PyMemoryView_FromMemory(mem, size, flags)`.
pub unsafe fn from_memory(mem: *mut c_char, size: Py_ssize_t, flags: c_int) -> PyResult<Ref> {
    if mem.is_null() || (flags != PyBUF_READ && flags != PyBUF_WRITE) {
        return Err(errors::bad_internal_call());
    }
    let mbuf = Ref::from_raw(mbuf_alloc()?.cast());
    let master = &raw mut (*mbuf.as_ptr().cast::<_PyManagedBufferObject>()).master;
    pybuf::fill_info(
        master,
        null_mut(),
        mem.cast(),
        size,
        (flags == PyBUF_READ) as c_int,
        pybuf::PyBUF_FULL_RO,
    )?;
    mbuf_add_view(mbuf.as_ptr().cast(), core::ptr::null())
}

/// `PyMemoryView_FromBuffer(info)`: `info->obj` is borrowed and never released.
pub unsafe fn from_buffer(info: *const Py_buffer) -> PyResult<Ref> {
    if (*info).buf.is_null() {
        return Err(errors::value_error(
            "PyMemoryView_FromBuffer(): info->buf must not be NULL",
        ));
    }
    let mbuf = Ref::from_raw(mbuf_alloc()?.cast());
    let mb = mbuf.as_ptr().cast::<_PyManagedBufferObject>();
    core::ptr::copy_nonoverlapping(info, &raw mut (*mb).master, 1);
    (*mb).master.obj = null_mut();
    mbuf_add_view(mb, core::ptr::null())
}

/// `PyMemoryView_GetContiguous(obj, buffertype, order)`.
pub unsafe fn get_contiguous(
    obj: *mut PyObject,
    buffertype: c_int,
    order: c_char,
) -> PyResult<Ref> {
    let order = order as u8;
    if (buffertype != PyBUF_READ && buffertype != PyBUF_WRITE)
        || !matches!(order, b'C' | b'F' | b'A')
    {
        return Err(errors::bad_internal_call());
    }
    let view_obj = from_object(obj)?;
    let m = mv(view_obj.as_ptr());
    let view = &raw mut (*m).view;
    if buffertype == PyBUF_WRITE && (*view).readonly != 0 {
        return Err(errors::set_string(
            PyExc_BufferError,
            "underlying buffer is not writable",
        ));
    }
    if pybuf::is_contiguous(view, order) {
        return Ok(view_obj);
    }
    if buffertype == PyBUF_WRITE {
        return Err(errors::set_string(
            PyExc_BufferError,
            "writable contiguous buffer requested for a non-contiguous object.",
        ));
    }
    from_contiguous_copy(view, order)
}

/// A read-only view over a contiguous bytes copy of `src` with the same format and shape.
unsafe fn from_contiguous_copy(src: *const Py_buffer, order: u8) -> PyResult<Ref> {
    let bytes = Ref::from_raw(bytesobject::new_uninit((*src).len)?);
    let mbuf = mbuf_from_object(bytes.as_ptr())?;
    drop(bytes);
    let mb = mbuf.as_ptr().cast::<_PyManagedBufferObject>();
    mbuf_copy_format(mb, (*src).format)?;
    let m = mbuf_add_incomplete_view(mb, core::ptr::null(), (*src).ndim)?;
    let r = Ref::from_raw(m.cast());
    let dest = &raw mut (*m).view;
    (*dest).itemsize = (*src).itemsize;
    core::ptr::copy_nonoverlapping((*src).shape, (*dest).shape, (*src).ndim as usize);
    if order == b'F' {
        init_fortran_strides_from_shape(dest);
    } else {
        init_strides_from_shape(dest);
    }
    (*dest).suboffsets = null_mut();
    pybuf::to_contiguous(
        (*dest).buf,
        src,
        (*src).len,
        if order == b'F' { b'F' } else { b'C' },
    )?;
    init_flags(m);
    Ok(r)
}

unsafe extern "C" fn memory_new(
    _tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let nargs = if args.is_null() {
        0
    } else {
        (*(args as *mut PyVarObject)).ob_size
    };
    let mut obj: *mut PyObject = null_mut();
    if nargs == 1 {
        obj = *tupleobject::items(args);
    } else if nargs > 1 {
        return errors::ptr_result(Err(errors::type_error(&format!(
            "memoryview() takes at most 1 argument ({nargs} given)"
        ))));
    }
    if !kwargs.is_null() {
        let mut pos = 0;
        while let Some((k, v)) = crate::objects::dictobject::next(kwargs, &mut pos) {
            if unicodeobject::to_string_lossy(k) == "object" && obj.is_null() {
                obj = v;
            } else if unicodeobject::to_string_lossy(k) == "object" {
                return errors::ptr_result(Err(errors::type_error(
                    "argument for memoryview() given by name ('object') and position (1)",
                )));
            } else {
                return errors::ptr_result(Err(errors::type_error(&format!(
                    "'{}' is an invalid keyword argument for memoryview()",
                    unicodeobject::to_string_lossy(k)
                ))));
            }
        }
    }
    if obj.is_null() {
        return errors::ptr_result(Err(errors::type_error(
            "memoryview() missing required argument 'object' (pos 1)",
        )));
    }
    errors::ptr_result(from_object(obj))
}

/// `_memory_release`: fails while buffers exported from the view are alive.
unsafe fn memory_release_inner(m: *mut PyMemoryViewObject) -> PyResult<()> {
    if (*m).flags & _Py_MEMORYVIEW_RELEASED != 0 {
        return Ok(());
    }
    if (*m).exports == 0 {
        (*m).flags |= _Py_MEMORYVIEW_RELEASED;
        let mbuf = (*m).mbuf;
        (*mbuf).exports -= 1;
        if (*mbuf).exports == 0 {
            mbuf_release(mbuf);
        }
        return Ok(());
    }
    if (*m).exports > 0 {
        let n = (*m).exports;
        return Err(errors::set_string(
            PyExc_BufferError,
            &format!(
                "memoryview has {n} exported buffer{}",
                if n == 1 { "" } else { "s" }
            ),
        ));
    }
    Err(errors::system_error(
        "_memory_release(): negative export count",
    ))
}

unsafe extern "C" fn memory_dealloc(op: *mut PyObject) {
    let m = mv(op);
    if gc::is_tracked(op) {
        gc::untrack(op);
    }
    if memory_release_inner(m).is_err() {
        errors::clear();
    }
    let mbuf = core::mem::replace(&mut (*m).mbuf, null_mut());
    object::xdecref(mbuf.cast());
    if !(*m).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    gc::free(op);
}

unsafe extern "C" fn memory_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let mbuf = (*mv(op)).mbuf;
    if let (Some(visit), false) = (visit, mbuf.is_null()) {
        let r = visit(mbuf.cast(), arg);
        if r != 0 {
            return r;
        }
    }
    0
}

unsafe extern "C" fn memory_clear(op: *mut PyObject) -> c_int {
    let m = mv(op);
    if memory_release_inner(m).is_err() {
        errors::clear();
    }
    let mbuf = core::mem::replace(&mut (*m).mbuf, null_mut());
    object::xdecref(mbuf.cast());
    0
}

// ---------------------------------------------------------------------------------------------
// The buffer export

const fn req(flags: c_int, f: c_int) -> bool {
    flags & f == f
}

unsafe extern "C" fn memory_getbuf(op: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int {
    errors::int_result(getbuf(mv(op), view, flags))
}

unsafe fn getbuf(m: *mut PyMemoryViewObject, view: *mut Py_buffer, flags: c_int) -> PyResult<()> {
    check_released(m)?;
    let base = &raw const (*m).view;
    let baseflags = (*m).flags;
    let buffer_error = |msg: &str| errors::set_string(PyExc_BufferError, msg);
    core::ptr::copy_nonoverlapping(base, view, 1);
    (*view).obj = null_mut();
    if req(flags, pybuf::PyBUF_WRITABLE) && (*base).readonly != 0 {
        return Err(buffer_error(
            "memoryview: underlying buffer is not writable",
        ));
    }
    if !req(flags, pybuf::PyBUF_FORMAT) {
        // NULL format means "unsigned bytes"; itemsize keeps the previous value.
        (*view).format = null_mut();
    }
    if req(flags, pybuf::PyBUF_C_CONTIGUOUS) && baseflags & _Py_MEMORYVIEW_C == 0 {
        return Err(buffer_error(
            "memoryview: underlying buffer is not C-contiguous",
        ));
    }
    if req(flags, pybuf::PyBUF_F_CONTIGUOUS) && baseflags & _Py_MEMORYVIEW_FORTRAN == 0 {
        return Err(buffer_error(
            "memoryview: underlying buffer is not Fortran contiguous",
        ));
    }
    if req(flags, pybuf::PyBUF_ANY_CONTIGUOUS)
        && baseflags & (_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN) == 0
    {
        return Err(buffer_error(
            "memoryview: underlying buffer is not contiguous",
        ));
    }
    if !req(flags, pybuf::PyBUF_INDIRECT) && baseflags & _Py_MEMORYVIEW_PIL != 0 {
        return Err(buffer_error(
            "memoryview: underlying buffer requires suboffsets",
        ));
    }
    if !req(flags, pybuf::PyBUF_STRIDES) {
        if baseflags & _Py_MEMORYVIEW_C == 0 {
            return Err(buffer_error(
                "memoryview: underlying buffer is not C-contiguous",
            ));
        }
        (*view).strides = null_mut();
    }
    if !req(flags, pybuf::PyBUF_ND) {
        // Only a byte view can be exported without a shape.
        if !(*view).format.is_null() {
            return Err(buffer_error(
                "memoryview: cannot cast to unsigned bytes if the format flag is present",
            ));
        }
        (*view).ndim = 1;
        (*view).shape = null_mut();
    }
    object::incref(m.cast());
    (*view).obj = m.cast();
    (*m).exports += 1;
    Ok(())
}

unsafe extern "C" fn memory_releasebuf(op: *mut PyObject, _view: *mut Py_buffer) {
    (*mv(op)).exports -= 1;
}

// ---------------------------------------------------------------------------------------------
// Formats: the struct module's native single-character codes

/// The code and item size of a native single-character format (an optional '@' first).
unsafe fn native_fmtchar(fmt: *const c_char) -> Option<(u8, Py_ssize_t)> {
    if fmt.is_null() {
        return Some((b'B', 1));
    }
    let mut s = CStr::from_ptr(fmt).to_bytes();
    if s.first() == Some(&b'@') {
        s = &s[1..];
    }
    if s.len() != 1 {
        return None;
    }
    let size = match s[0] {
        b'c' | b'b' | b'B' | b'?' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'd' | b'P' => 8,
        _ => return None,
    };
    Some((s[0], size))
}

/// A static C string for a native format, keeping a leading '@' (the cast result must outlive
/// the argument).
fn static_fmt(ch: u8, at: bool) -> *mut c_char {
    const FMTS: &[u8] = b"@c\0@b\0@B\0@?\0@h\0@H\0@i\0@I\0@f\0@l\0@L\0@q\0@Q\0@n\0@N\0@d\0@P\0";
    let pos = FMTS.chunks(3).position(|c| c[1] == ch).unwrap_or(2);
    FMTS[pos * 3 + usize::from(!at)..].as_ptr() as *mut c_char
}

unsafe fn fmt_text(view: *const Py_buffer) -> String {
    if (*view).format.is_null() {
        "B".into()
    } else {
        CStr::from_ptr((*view).format)
            .to_string_lossy()
            .into_owned()
    }
}

unsafe fn unsupported_format(view: *const Py_buffer) -> errors::ErrSet {
    errors::set_string(
        PyExc_NotImplementedError,
        &format!("memoryview: unsupported format {}", fmt_text(view)),
    )
}

/// The item at `ptr` as a Python object (`unpack_single`).
unsafe fn unpack(ptr: *const u8, ch: u8) -> PyResult<Ref> {
    macro_rules! rd {
        ($t:ty) => {
            core::ptr::read_unaligned(ptr as *const $t)
        };
    }
    match ch {
        b'B' => longobject::from_i64(rd!(u8) as i64),
        b'b' => longobject::from_i64(rd!(i8) as i64),
        b'h' => longobject::from_i64(rd!(i16) as i64),
        b'H' => longobject::from_i64(rd!(u16) as i64),
        b'i' => longobject::from_i64(rd!(i32) as i64),
        b'I' => longobject::from_i64(rd!(u32) as i64),
        b'l' | b'q' | b'n' => longobject::from_i64(rd!(i64)),
        b'L' | b'Q' | b'N' | b'P' => longobject::from_u64(rd!(u64)),
        b'?' => Ok(object::new_bool(rd!(u8) != 0)),
        b'c' => bytesobject::from_slice(core::slice::from_raw_parts(ptr, 1)),
        b'f' => floatobject::from_f64(rd!(f32) as f64),
        b'd' => floatobject::from_f64(rd!(f64)),
        b'e' => floatobject::from_f64(floatobject::unpack2(
            core::slice::from_raw_parts(ptr, 2),
            cfg!(target_endian = "little"),
        )),
        _ => Err(errors::system_error("memoryview: unknown format")),
    }
}

/// Maps a conversion failure to CPython's "invalid type/value for format" errors (`fix_error_int`).
unsafe fn fix_error(fmt: &str) -> errors::ErrSet {
    if errors::exception_matches(PyExc_TypeError) {
        errors::clear();
        return errors::type_error(&format!("memoryview: invalid type for format '{fmt}'"));
    }
    if errors::exception_matches(PyExc_OverflowError) || errors::exception_matches(PyExc_ValueError)
    {
        errors::clear();
        return errors::value_error(&format!("memoryview: invalid value for format '{fmt}'"));
    }
    errors::ErrSet::assume_set()
}

/// Stores `item` at `ptr` in format `ch` (`pack_single`).
unsafe fn pack(ptr: *mut u8, item: *mut PyObject, ch: u8, fmt: &str) -> PyResult<()> {
    let bad_value =
        || errors::value_error(&format!("memoryview: invalid value for format '{fmt}'"));
    macro_rules! wr {
        ($t:ty, $v:expr) => {
            core::ptr::write_unaligned(ptr as *mut $t, $v)
        };
    }
    let signed = || -> PyResult<i64> {
        let idx = longobject::index(item).map_err(|_| fix_error(fmt))?;
        longobject::as_i64(idx.as_ptr()).map_err(|_| fix_error(fmt))
    };
    let unsigned = || -> PyResult<u64> {
        let idx = longobject::index(item).map_err(|_| fix_error(fmt))?;
        longobject::as_u64_checked(
            idx.as_ptr(),
            "can't convert negative value to unsigned int",
            "Python int too large to convert to C unsigned long",
        )
        .map_err(|_| fix_error(fmt))
    };
    match ch {
        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
            let v = signed()?;
            match ch {
                b'b' => wr!(i8, i8::try_from(v).map_err(|_| bad_value())?),
                b'h' => wr!(i16, i16::try_from(v).map_err(|_| bad_value())?),
                b'i' => wr!(i32, i32::try_from(v).map_err(|_| bad_value())?),
                _ => wr!(i64, v),
            }
        }
        b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' | b'P' => {
            let v = unsigned()?;
            match ch {
                b'B' => wr!(u8, u8::try_from(v).map_err(|_| bad_value())?),
                b'H' => wr!(u16, u16::try_from(v).map_err(|_| bad_value())?),
                b'I' => wr!(u32, u32::try_from(v).map_err(|_| bad_value())?),
                _ => wr!(u64, v),
            }
        }
        b'?' => {
            let v = object::is_true(item)?;
            wr!(u8, v as u8);
        }
        b'c' => {
            if !bytesobject::is_bytes(item) {
                return Err(errors::type_error(&format!(
                    "memoryview: invalid type for format '{fmt}'"
                )));
            }
            if bytesobject::size(item) != 1 {
                return Err(bad_value());
            }
            *ptr = *bytesobject::data(item);
        }
        b'f' | b'd' | b'e' => {
            let d = floatobject::as_f64(item).map_err(|_| fix_error(fmt))?;
            match ch {
                b'f' => wr!(f32, d as f32),
                b'd' => wr!(f64, d),
                _ => {
                    let out = core::slice::from_raw_parts_mut(ptr, 2);
                    floatobject::pack2(d, out, cfg!(target_endian = "little"))
                        .map_err(|_| fix_error(fmt))?;
                }
            }
        }
        _ => return Err(errors::system_error("memoryview: unknown format")),
    }
    Ok(())
}

/// Follows a suboffset when the dimension has one (`ADJUST_PTR`).
#[inline]
unsafe fn adjust_ptr(ptr: *mut u8, suboffsets: *const Py_ssize_t, dim: usize) -> *mut u8 {
    if !suboffsets.is_null() && *suboffsets.add(dim) >= 0 {
        (*(ptr as *mut *mut u8)).offset(*suboffsets.add(dim))
    } else {
        ptr
    }
}

// ---------------------------------------------------------------------------------------------
// Length, items and slices

unsafe extern "C" fn memory_length(op: *mut PyObject) -> Py_ssize_t {
    let m = mv(op);
    if check_released(m).is_err() {
        return -1;
    }
    if (*m).view.ndim == 0 {
        1
    } else {
        *(*m).view.shape
    }
}

/// Pointer to item `index` of the first dimension (`lookup_dimension`).
unsafe fn lookup_dimension(
    view: *const Py_buffer,
    base: *mut u8,
    dim: usize,
    mut index: Py_ssize_t,
) -> PyResult<*mut u8> {
    let nitems = *(*view).shape.add(dim);
    if index < 0 {
        index += nitems;
    }
    if index < 0 || index >= nitems {
        return Err(errors::index_error(&format!(
            "index out of bounds on dimension {}",
            dim + 1
        )));
    }
    let p = base.offset(*(*view).strides.add(dim) * index);
    Ok(adjust_ptr(p, (*view).suboffsets, dim))
}

unsafe fn memory_item(m: *mut PyMemoryViewObject, index: Py_ssize_t) -> PyResult<Ref> {
    check_released(m)?;
    let view = &raw const (*m).view;
    let Some((ch, _)) = native_fmtchar((*view).format) else {
        return Err(unsupported_format(view));
    };
    if (*view).ndim == 0 {
        return Err(errors::type_error("invalid indexing of 0-dim memory"));
    }
    if (*view).ndim == 1 {
        let p = lookup_dimension(view, (*view).buf.cast(), 0, index)?;
        return unpack(p, ch);
    }
    Err(errors::set_string(
        PyExc_NotImplementedError,
        "multi-dimensional sub-views are not implemented",
    ))
}

unsafe extern "C" fn memory_sq_item(op: *mut PyObject, index: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result(memory_item(mv(op), index))
}

unsafe fn is_index(op: *mut PyObject) -> bool {
    let nb = (*py_type(op)).tp_as_number;
    !nb.is_null() && (*nb).nb_index.is_some()
}

/// Pointer to the item at a full multi-index tuple.
unsafe fn multi_item_ptr(view: *const Py_buffer, tup: *mut PyObject) -> PyResult<*mut u8> {
    let n = (*(tup as *mut PyVarObject)).ob_size as usize;
    let nd = (*view).ndim as usize;
    if n < nd {
        return Err(errors::set_string(
            PyExc_NotImplementedError,
            "sub-views are not implemented",
        ));
    }
    if n > nd {
        return Err(errors::type_error(&format!(
            "cannot index {nd}-dimension view with {n}-element tuple"
        )));
    }
    let mut p: *mut u8 = (*view).buf.cast();
    for dim in 0..n {
        let key = *tupleobject::items(tup).add(dim);
        let i = longobject::as_ssize_index(key, PyExc_IndexError)?;
        p = lookup_dimension(view, p, dim, i)?;
    }
    Ok(p)
}

unsafe fn tuple_all(tup: *mut PyObject, pred: impl Fn(*mut PyObject) -> bool) -> bool {
    let n = (*(tup as *mut PyVarObject)).ob_size as usize;
    (0..n).all(|i| pred(*tupleobject::items(tup).add(i)))
}

/// A view of the first dimension restricted to a slice (`init_slice`).
unsafe fn slice_view(m: *mut PyMemoryViewObject, key: *mut PyObject) -> PyResult<Ref> {
    let view = &raw const (*m).view;
    let r = mbuf_add_view((*m).mbuf, view)?;
    let s = mv(r.as_ptr());
    let (mut start, mut stop, step) = sliceobject::unpack(key)?;
    let n = sliceobject::adjust_indices(*(*view).shape, &mut start, &mut stop, step);
    let base = &raw mut (*s).view;
    if (*base).suboffsets.is_null() || *(*base).suboffsets < 0 {
        (*base).buf = ((*base).buf as *mut u8)
            .offset(*(*base).strides * start)
            .cast();
    } else {
        *(*base).suboffsets += *(*base).strides * start;
    }
    *(*base).shape = n;
    *(*base).strides *= step;
    (*base).len = n * (*base).itemsize;
    init_flags(s);
    Ok(r)
}

unsafe fn subscript(m: *mut PyMemoryViewObject, key: *mut PyObject) -> PyResult<Ref> {
    check_released(m)?;
    let view = &raw const (*m).view;
    if (*view).ndim == 0 {
        if tupleobject::check(key) && (*(key as *mut PyVarObject)).ob_size == 0 {
            let Some((ch, _)) = native_fmtchar((*view).format) else {
                return Err(unsupported_format(view));
            };
            return unpack((*view).buf.cast(), ch);
        }
        if key == sliceobject::ellipsis() {
            return Ok(object::new_ref(m.cast()));
        }
        return Err(errors::type_error("invalid indexing of 0-dim memory"));
    }
    if is_index(key) {
        let i = longobject::as_ssize_index(key, PyExc_IndexError)?;
        return memory_item(m, i);
    }
    if sliceobject::check(key) {
        return slice_view(m, key);
    }
    if tupleobject::check(key) {
        if tuple_all(key, |k| is_index(k)) {
            let Some((ch, _)) = native_fmtchar((*view).format) else {
                return Err(unsupported_format(view));
            };
            let p = multi_item_ptr(view, key)?;
            return unpack(p, ch);
        }
        if tuple_all(key, |k| sliceobject::check(k)) {
            return Err(errors::set_string(
                PyExc_NotImplementedError,
                "multi-dimensional slicing is not implemented",
            ));
        }
    }
    Err(errors::type_error("memoryview: invalid slice key"))
}

unsafe extern "C" fn memory_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(subscript(mv(op), key))
}

unsafe fn ass_subscript(
    m: *mut PyMemoryViewObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> PyResult<()> {
    check_released(m)?;
    let view = &raw const (*m).view;
    if (*view).readonly != 0 {
        return Err(errors::type_error("cannot modify read-only memory"));
    }
    if value.is_null() {
        return Err(errors::type_error("cannot delete memory"));
    }
    let Some((ch, _)) = native_fmtchar((*view).format) else {
        return Err(unsupported_format(view));
    };
    let fmt = fmt_text(view);
    if (*view).ndim == 0 {
        if key == sliceobject::ellipsis()
            || (tupleobject::check(key) && (*(key as *mut PyVarObject)).ob_size == 0)
        {
            return pack((*view).buf.cast(), value, ch, &fmt);
        }
        return Err(errors::type_error("invalid indexing of 0-dim memory"));
    }
    if is_index(key) {
        if (*view).ndim > 1 {
            return Err(errors::set_string(
                PyExc_NotImplementedError,
                "sub-views are not implemented",
            ));
        }
        let i = longobject::as_ssize_index(key, PyExc_IndexError)?;
        let p = lookup_dimension(view, (*view).buf.cast(), 0, i)?;
        return pack(p, value, ch, &fmt);
    }
    if sliceobject::check(key) && (*view).ndim == 1 {
        // Copy the source buffer into the sliced destination when both have the same structure.
        let mut src: Py_buffer = core::mem::zeroed();
        pybuf::get_buffer(value, &mut src, pybuf::PyBUF_FULL_RO)?;
        let result = (|| {
            let dest = slice_view(m, key)?;
            let dv = &raw const (*mv(dest.as_ptr())).view;
            let src_fmt = native_fmtchar(src.format);
            let same_fmt = src_fmt.map(|c| c.0) == Some(ch)
                && fmt_text(&src).trim_start_matches('@') == fmt.trim_start_matches('@');
            let src_len0 = if src.ndim == 0 {
                -1
            } else if src.shape.is_null() {
                src.len / src.itemsize
            } else {
                *src.shape
            };
            if !same_fmt || src.ndim != 1 || src_len0 != *(*dv).shape {
                return Err(errors::value_error(
                    "memoryview assignment: lvalue and rvalue have different structures",
                ));
            }
            let n = *(*dv).shape;
            let isz = (*dv).itemsize as usize;
            let sstride = if src.strides.is_null() {
                src.itemsize
            } else {
                *src.strides
            };
            // Stage through a temporary: source and destination may overlap.
            let mut tmp = vec![0u8; n as usize * isz];
            for i in 0..n {
                let p = adjust_ptr((src.buf as *mut u8).offset(i * sstride), src.suboffsets, 0);
                core::ptr::copy_nonoverlapping(p, tmp.as_mut_ptr().add(i as usize * isz), isz);
            }
            for i in 0..n {
                let p = adjust_ptr(
                    ((*dv).buf as *mut u8).offset(i * *(*dv).strides),
                    (*dv).suboffsets,
                    0,
                );
                core::ptr::copy_nonoverlapping(tmp.as_ptr().add(i as usize * isz), p, isz);
            }
            Ok(())
        })();
        pybuf::release(&mut src);
        return result;
    }
    if tupleobject::check(key) && tuple_all(key, |k| is_index(k)) {
        let p = multi_item_ptr(view, key)?;
        return pack(p, value, ch, &fmt);
    }
    if sliceobject::check(key)
        || (tupleobject::check(key) && tuple_all(key, |k| sliceobject::check(k)))
    {
        return Err(errors::set_string(
            PyExc_NotImplementedError,
            "memoryview slice assignments are currently restricted to ndim = 1",
        ));
    }
    Err(errors::type_error("memoryview: invalid slice key"))
}

unsafe extern "C" fn memory_ass_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    errors::int_result(ass_subscript(mv(op), key, value))
}

// ---------------------------------------------------------------------------------------------
// tolist, tobytes, hex

unsafe fn tolist_dim(view: *const Py_buffer, ptr: *mut u8, dim: usize, ch: u8) -> PyResult<Ref> {
    let n = *(*view).shape.add(dim);
    let list = listobject::new(n)?;
    for i in 0..n {
        let p = adjust_ptr(
            ptr.offset(i * *(*view).strides.add(dim)),
            (*view).suboffsets,
            dim,
        );
        let item = if dim + 1 == (*view).ndim as usize {
            unpack(p, ch)?
        } else {
            tolist_dim(view, p, dim + 1, ch)?
        };
        listobject::set_item_unchecked(list.as_ptr(), i, item);
    }
    Ok(list)
}

/// `memoryview.tolist()`.
pub unsafe fn tolist(m: *mut PyMemoryViewObject) -> PyResult<Ref> {
    check_released(m)?;
    let view = &raw const (*m).view;
    let Some((ch, _)) = native_fmtchar((*view).format) else {
        return Err(unsupported_format(view));
    };
    if (*view).ndim == 0 {
        return unpack((*view).buf.cast(), ch);
    }
    tolist_dim(view, (*view).buf.cast(), 0, ch)
}

unsafe fn contiguous_bytes(m: *mut PyMemoryViewObject, order: u8) -> PyResult<Vec<u8>> {
    let view = &raw const (*m).view;
    let mut out = vec![0u8; (*view).len as usize];
    pybuf::to_contiguous(out.as_mut_ptr().cast(), view, (*view).len, order)?;
    Ok(out)
}

/// Parses `(name=None)` style optional single argument of a fastcall method.
unsafe fn one_optional(
    fname: &str,
    kwname: &str,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    max: usize,
) -> PyResult<Vec<*mut PyObject>> {
    let mut out = vec![null_mut(); max];
    let names = [kwname, "bytes_per_sep"];
    if nargs as usize > max {
        return Err(errors::type_error(&format!(
            "{fname}() takes at most {max} argument{} ({nargs} given)",
            if max == 1 { "" } else { "s" }
        )));
    }
    for i in 0..nargs as usize {
        out[i] = *args.add(i);
    }
    if !kwnames.is_null() {
        let nk = (*(kwnames as *mut PyVarObject)).ob_size as usize;
        for k in 0..nk {
            let name = unicodeobject::to_string_lossy(*tupleobject::items(kwnames).add(k));
            let Some(slot) = names[..max].iter().position(|n| *n == name) else {
                return Err(errors::type_error(&format!(
                    "{fname}() got an unexpected keyword argument '{name}'"
                )));
            };
            if !out[slot].is_null() {
                return Err(errors::type_error(&format!(
                    "argument for {fname}() given by name ('{name}') and position ({})",
                    slot + 1
                )));
            }
            out[slot] = *args.add(nargs as usize + k);
        }
    }
    Ok(out)
}

unsafe extern "C" fn memory_tobytes(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = one_optional("tobytes", "order", args, nargs, kwnames, 1)?;
        let m = mv(op);
        check_released(m)?;
        let order = a[0];
        let ord = if order.is_null() || order == object::none() {
            b'C'
        } else if !object::is_str(order) {
            return Err(errors::type_error(&format!(
                "tobytes() argument 'order' must be str or None, not {}",
                object::type_name(order)
            )));
        } else {
            match unicodeobject::to_string_lossy(order).as_str() {
                "C" => b'C',
                "F" => b'F',
                "A" => b'A',
                _ => return Err(errors::value_error("order must be 'C', 'F' or 'A'")),
            }
        };
        bytesobject::from_slice(&contiguous_bytes(m, ord)?)
    })())
}

/// Hex digits of `data` with `sep` every `per` bytes (counted from the right when positive).
fn hex_with_sep(data: &[u8], sep: Option<char>, per: isize) -> String {
    const DIG: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(data.len() * 3);
    let group = per.unsigned_abs();
    for (i, b) in data.iter().enumerate() {
        if let Some(s) = sep {
            if group > 0 && i > 0 {
                let boundary = if per > 0 {
                    (data.len() - i) % group == 0
                } else {
                    i % group == 0
                };
                if boundary {
                    out.push(s);
                }
            }
        }
        out.push(DIG[(b >> 4) as usize] as char);
        out.push(DIG[(b & 15) as usize] as char);
    }
    out
}

unsafe extern "C" fn memory_hex(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = one_optional("hex", "sep", args, nargs, kwnames, 2)?;
        let m = mv(op);
        check_released(m)?;
        let data = contiguous_bytes(m, b'C')?;
        let mut sep = None;
        if !a[0].is_null() {
            let text: Vec<u8> = if object::is_str(a[0]) {
                unicodeobject::to_string_lossy(a[0]).into_bytes()
            } else if bytesobject::is_bytes(a[0]) {
                bytesobject::as_slice(a[0]).to_vec()
            } else {
                return Err(errors::type_error("sep must be str or bytes."));
            };
            if text.len() != 1 {
                return Err(errors::value_error("sep must be length 1."));
            }
            if text[0] >= 128 {
                return Err(errors::value_error("sep must be ASCII."));
            }
            sep = Some(text[0] as char);
        }
        let per = if a[1].is_null() {
            1
        } else {
            if !longobject::is_int(a[1]) {
                return Err(errors::type_error(&format!(
                    "'{}' object cannot be interpreted as an integer",
                    object::type_name(a[1])
                )));
            }
            longobject::as_c_int(a[1])? as isize
        };
        unicodeobject::new_str(&hex_with_sep(&data, sep, per))
    })())
}

unsafe extern "C" fn memory_tolist(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(tolist(mv(op)))
}

unsafe extern "C" fn memory_release(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(memory_release_inner(mv(op)).map(|_| object::new_none()))
}

unsafe extern "C" fn memory_enter(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(check_released(mv(op)).map(|_| object::new_ref(op)))
}

unsafe extern "C" fn memory_exit(op: *mut PyObject, _args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(memory_release_inner(mv(op)).map(|_| object::new_none()))
}

unsafe extern "C" fn memory_toreadonly(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let m = mv(op);
        check_released(m)?;
        let r = mbuf_add_view((*m).mbuf, &raw const (*m).view)?;
        (*mv(r.as_ptr())).view.readonly = 1;
        Ok(r)
    })())
}

// ---------------------------------------------------------------------------------------------
// cast

const fn is_byte_format(c: u8) -> bool {
    matches!(c, b'b' | b'B' | b'c')
}

unsafe fn zero_in_shape(m: *mut PyMemoryViewObject) -> bool {
    let v = &raw const (*m).view;
    (0..(*v).ndim as usize).any(|i| *(*v).shape.add(i) == 0)
}

unsafe fn cast(
    m: *mut PyMemoryViewObject,
    format: *mut PyObject,
    shape: *mut PyObject,
) -> PyResult<Ref> {
    check_released(m)?;
    if !object::is_str(format) {
        return Err(errors::type_error(&format!(
            "cast() argument 'format' must be str, not {}",
            object::type_name(format)
        )));
    }
    if (*m).flags & _Py_MEMORYVIEW_C == 0 {
        return Err(errors::type_error(
            "memoryview: casts are restricted to C-contiguous views",
        ));
    }
    if (!shape.is_null() || (*m).view.ndim != 1) && zero_in_shape(m) {
        return Err(errors::type_error(
            "memoryview: cannot cast view with zeros in shape or strides",
        ));
    }
    let mut ndim: usize = 1;
    let mut dims: Vec<*mut PyObject> = Vec::new();
    if !shape.is_null() {
        if tupleobject::check(shape) {
            let n = (*(shape as *mut PyVarObject)).ob_size as usize;
            dims.extend((0..n).map(|i| *tupleobject::items(shape).add(i)));
        } else if listobject::check(shape) {
            let n = listobject::len(shape) as usize;
            dims.extend((0..n).map(|i| *listobject::items(shape).add(i)));
        } else {
            return Err(errors::type_error("shape must be a list or a tuple"));
        }
        ndim = dims.len();
        if ndim > MAX_NDIM as usize {
            return Err(errors::value_error(
                "memoryview: number of dimensions must not exceed 64",
            ));
        }
        if (*m).view.ndim != 1 && ndim != 1 {
            return Err(errors::type_error(
                "memoryview: cast must be 1D -> ND or ND -> 1D",
            ));
        }
    }
    let nm = mbuf_add_incomplete_view(
        (*m).mbuf,
        &raw const (*m).view,
        if ndim == 0 { 1 } else { ndim as c_int },
    )?;
    let r = Ref::from_raw(nm.cast());
    let view = &raw mut (*nm).view;
    // Cast to one dimension of the destination format.
    let fmt = unicodeobject::to_string_lossy(format);
    let cfmt = std::ffi::CString::new(fmt.as_bytes()).unwrap_or_default();
    let Some((dest, itemsize)) = (if fmt.is_ascii() {
        native_fmtchar(cfmt.as_ptr())
    } else {
        None
    }) else {
        return Err(errors::value_error("memoryview: destination format must be a native single character format prefixed with an optional '@'"));
    };
    let src_is_byte = native_fmtchar((*view).format).is_some_and(|(c, _)| is_byte_format(c));
    if !src_is_byte && !is_byte_format(dest) {
        return Err(errors::type_error(
            "memoryview: cannot cast between two non-byte formats",
        ));
    }
    if (*view).len % itemsize != 0 {
        return Err(errors::type_error(
            "memoryview: length is not a multiple of itemsize",
        ));
    }
    (*view).format = static_fmt(dest, fmt.starts_with('@'));
    (*view).itemsize = itemsize;
    (*view).ndim = 1;
    *(*view).shape = (*view).len / itemsize;
    *(*view).strides = itemsize;
    (*view).suboffsets = null_mut();
    init_flags(nm);
    if !shape.is_null() {
        (*view).ndim = ndim as c_int;
        let len = if ndim == 0 {
            (*view).shape = null_mut();
            (*view).strides = null_mut();
            itemsize
        } else {
            let mut len = itemsize;
            for (i, &d) in dims.iter().enumerate() {
                if !longobject::is_int(d) {
                    return Err(errors::type_error(
                        "memoryview.cast(): elements of shape must be integers",
                    ));
                }
                let x = longobject::as_isize(d)?;
                if x <= 0 {
                    return Err(errors::value_error(
                        "memoryview.cast(): elements of shape must be integers > 0",
                    ));
                }
                if x > isize::MAX / len {
                    return Err(errors::value_error(
                        "memoryview.cast(): product(shape) > SSIZE_MAX",
                    ));
                }
                len *= x;
                *(*view).shape.add(i) = x;
            }
            init_strides_from_shape(view);
            len
        };
        if (*view).len != len {
            return Err(errors::type_error(
                "memoryview: product(shape) * itemsize != buffer size",
            ));
        }
        init_flags(nm);
    }
    Ok(r)
}

unsafe extern "C" fn memory_cast(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if nargs > 2 {
            return Err(errors::type_error(&format!(
                "cast() takes at most 2 arguments ({nargs} given)"
            )));
        }
        let mut a = [null_mut(); 2];
        for i in 0..nargs as usize {
            a[i] = *args.add(i);
        }
        if !kwnames.is_null() {
            let nk = (*(kwnames as *mut PyVarObject)).ob_size as usize;
            for k in 0..nk {
                let name = unicodeobject::to_string_lossy(*tupleobject::items(kwnames).add(k));
                let slot = match name.as_str() {
                    "format" => 0,
                    "shape" => 1,
                    _ => {
                        return Err(errors::type_error(&format!(
                            "cast() got an unexpected keyword argument '{name}'"
                        )))
                    }
                };
                if !a[slot].is_null() {
                    return Err(errors::type_error(&format!(
                        "argument for cast() given by name ('{name}') and position ({})",
                        slot + 1
                    )));
                }
                a[slot] = *args.add(nargs as usize + k);
            }
        }
        if a[0].is_null() {
            return Err(errors::type_error(
                "cast() missing required argument 'format' (pos 1)",
            ));
        }
        cast(mv(op), a[0], a[1])
    })())
}

// ---------------------------------------------------------------------------------------------
// repr, comparison, hash

unsafe extern "C" fn memory_repr(op: *mut PyObject) -> *mut PyObject {
    let m = mv(op);
    let text = if is_released(m) {
        format!("<released memory at {op:p}>")
    } else {
        format!("<memory at {op:p}>")
    };
    errors::ptr_result(unicodeobject::new_str(&text))
}

/// Items of a 1-D or N-D buffer in C order as Python objects, or None for unknown formats.
unsafe fn buffer_items(view: *const Py_buffer) -> PyResult<Option<Vec<Ref>>> {
    let Some((ch, _)) = native_fmtchar((*view).format) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    if (*view).ndim == 0 {
        out.push(unpack((*view).buf.cast(), ch)?);
        return Ok(Some(out));
    }
    unsafe fn walk(
        view: *const Py_buffer,
        p: *mut u8,
        dim: usize,
        ch: u8,
        out: &mut Vec<Ref>,
    ) -> PyResult<()> {
        let n = if (*view).shape.is_null() {
            (*view).len / (*view).itemsize
        } else {
            *(*view).shape.add(dim)
        };
        let st = if (*view).strides.is_null() {
            (*view).itemsize
        } else {
            *(*view).strides.add(dim)
        };
        for i in 0..n {
            let q = adjust_ptr(p.offset(i * st), (*view).suboffsets, dim);
            if dim + 1 >= (*view).ndim as usize {
                out.push(unpack(q, ch)?);
            } else {
                walk(view, q, dim + 1, ch, out)?;
            }
        }
        Ok(())
    }
    walk(view, (*view).buf.cast(), 0, ch, &mut out)?;
    Ok(Some(out))
}

unsafe fn shape_vec(view: *const Py_buffer) -> Vec<Py_ssize_t> {
    if (*view).ndim == 0 {
        return Vec::new();
    }
    if (*view).shape.is_null() {
        return vec![(*view).len / (*view).itemsize];
    }
    core::slice::from_raw_parts((*view).shape, (*view).ndim as usize).to_vec()
}

unsafe fn richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> PyResult<Ref> {
    if op != Py_EQ && op != Py_NE {
        return Ok(object::new_ref(object::not_implemented()));
    }
    let answer = |equal: bool| Ok(object::new_bool(if op == Py_EQ { equal } else { !equal }));
    if v == w {
        return answer(true);
    }
    let m = mv(v);
    if is_released(m) || (check(w) && is_released(mv(w))) {
        return answer(false);
    }
    if !pybuf::check(w) {
        return Ok(object::new_ref(object::not_implemented()));
    }
    let mut wbuf: Py_buffer = core::mem::zeroed();
    if pybuf::get_buffer(w, &mut wbuf, pybuf::PyBUF_FULL_RO).is_err() {
        errors::clear();
        return Ok(object::new_ref(object::not_implemented()));
    }
    let result = (|| {
        let vv = &raw const (*m).view;
        if (*vv).ndim != wbuf.ndim
            && !((*vv).ndim.max(wbuf.ndim) <= 1 && shape_vec(vv) == shape_vec(&wbuf))
            || shape_vec(vv) != shape_vec(&wbuf)
        {
            return answer(false);
        }
        let (Some(a), Some(b)) = (buffer_items(vv)?, buffer_items(&wbuf)?) else {
            // Formats the native unpacker does not know: equal only as identical bytes.
            let same_fmt = fmt_text(vv) == fmt_text(&wbuf);
            if !same_fmt {
                return Ok(object::new_ref(object::not_implemented()));
            }
            let mut x = vec![0u8; (*vv).len as usize];
            let mut y = vec![0u8; wbuf.len as usize];
            pybuf::to_contiguous(x.as_mut_ptr().cast(), vv, (*vv).len, b'C')?;
            pybuf::to_contiguous(y.as_mut_ptr().cast(), &wbuf, wbuf.len, b'C')?;
            return answer(x == y);
        };
        for (x, y) in a.iter().zip(b.iter()) {
            if !object::rich_compare_bool(x.as_ptr(), y.as_ptr(), Py_EQ)? {
                return answer(false);
            }
        }
        answer(true)
    })();
    pybuf::release(&mut wbuf);
    result
}

unsafe extern "C" fn memory_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    errors::ptr_result(richcompare(v, w, op))
}

unsafe fn hash(m: *mut PyMemoryViewObject) -> PyResult<Py_hash_t> {
    if (*m).hash != -1 {
        return Ok((*m).hash);
    }
    check_released(m)?;
    let view = &raw const (*m).view;
    if (*view).readonly == 0 {
        return Err(errors::value_error(
            "cannot hash writable memoryview object",
        ));
    }
    if !native_fmtchar((*view).format).is_some_and(|(c, _)| is_byte_format(c)) {
        return Err(errors::value_error(
            "memoryview: hashing is restricted to formats 'B', 'b' or 'c'",
        ));
    }
    if !(*view).obj.is_null() {
        object::hash((*view).obj)?;
    }
    let data = contiguous_bytes(m, b'C')?;
    let h = crate::pyhash::hash_bytes(&data);
    (*m).hash = h;
    Ok(h)
}

unsafe extern "C" fn memory_hash(op: *mut PyObject) -> Py_hash_t {
    hash(mv(op)).unwrap_or(-1)
}

// ---------------------------------------------------------------------------------------------
// Attributes

unsafe fn ssize_tuple(p: *const Py_ssize_t, n: usize) -> PyResult<Ref> {
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        items.push(longobject::from_isize(*p.add(i))?);
    }
    let raw: Vec<*mut PyObject> = items.iter().map(|r| r.as_ptr()).collect();
    tupleobject::from_slice(&raw)
}

macro_rules! view_getter {
    ($name:ident, |$m:ident, $v:ident| $body:expr) => {
        unsafe extern "C" fn $name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
            errors::ptr_result((|| -> PyResult<Ref> {
                let $m = mv(op);
                check_released($m)?;
                let $v = &raw const (*$m).view;
                $body
            })())
        }
    };
}

view_getter!(memory_obj_get, |_m, v| Ok(object::new_ref(
    if (*v).obj.is_null() {
        object::none()
    } else {
        (*v).obj
    }
)));
view_getter!(memory_nbytes_get, |_m, v| longobject::from_isize((*v).len));
view_getter!(memory_readonly_get, |_m, v| Ok(object::new_bool(
    (*v).readonly != 0
)));
view_getter!(memory_itemsize_get, |_m, v| longobject::from_isize(
    (*v).itemsize
));
view_getter!(memory_format_get, |_m, v| unicodeobject::new_str(
    &fmt_text(v)
));
view_getter!(memory_ndim_get, |_m, v| longobject::from_i64(
    (*v).ndim as i64
));
view_getter!(memory_shape_get, |_m, v| if (*v).shape.is_null() {
    tupleobject::from_slice(&[])
} else {
    ssize_tuple((*v).shape, (*v).ndim as usize)
});
view_getter!(memory_strides_get, |_m, v| if (*v).strides.is_null() {
    tupleobject::from_slice(&[])
} else {
    ssize_tuple((*v).strides, (*v).ndim as usize)
});
view_getter!(
    memory_suboffsets_get,
    |_m, v| if (*v).suboffsets.is_null() {
        tupleobject::from_slice(&[])
    } else {
        ssize_tuple((*v).suboffsets, (*v).ndim as usize)
    }
);
view_getter!(memory_c_contiguous_get, |m, _v| Ok(object::new_bool(
    (*m).flags & _Py_MEMORYVIEW_C != 0
)));
view_getter!(memory_f_contiguous_get, |m, _v| Ok(object::new_bool(
    (*m).flags & _Py_MEMORYVIEW_FORTRAN != 0
)));
view_getter!(memory_contiguous_get, |m, _v| Ok(object::new_bool(
    (*m).flags & (_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN) != 0
)));

static mut MEMORY_GETSETS: [PyGetSetDef; 13] = [
    getter(c"obj", memory_obj_get, c"The underlying object of the memoryview."),
    getter(c"nbytes", memory_nbytes_get, c"The amount of space in bytes that the array would use in\n a contiguous representation."),
    getter(c"readonly", memory_readonly_get, c"A bool indicating whether the memory is read only."),
    getter(c"itemsize", memory_itemsize_get, c"The size in bytes of each element of the memoryview."),
    getter(c"format", memory_format_get, c"A string containing the format (in struct module style)\n for each element in the view."),
    getter(c"ndim", memory_ndim_get, c"An integer indicating how many dimensions of a multi-dimensional\n array the memory represents."),
    getter(c"shape", memory_shape_get, c"A tuple of ndim integers giving the shape of the memory\n as an N-dimensional array."),
    getter(c"strides", memory_strides_get, c"A tuple of ndim integers giving the size in bytes to access\n each element for each dimension of the array."),
    getter(c"suboffsets", memory_suboffsets_get, c"A tuple of integers used internally for PIL-style arrays."),
    getter(c"c_contiguous", memory_c_contiguous_get, c"A bool indicating whether the memory is C contiguous."),
    getter(c"f_contiguous", memory_f_contiguous_get, c"A bool indicating whether the memory is Fortran contiguous."),
    getter(c"contiguous", memory_contiguous_get, c"A bool indicating whether the memory is contiguous."),
    crate::objects::longobject::GETSET_SENTINEL,
];

static mut MEMORY_METHODS: [PyMethodDef; 9] = [
    method(c"release", memory_release, METH_NOARGS, c"release($self, /)\n--\n\nRelease the underlying buffer exposed by the memoryview object."),
    method_fast_kw(c"tobytes", memory_tobytes, METH_FASTCALL | METH_KEYWORDS, c"tobytes($self, /, order='C')\n--\n\nReturn the data in the buffer as a byte string."),
    method_fast_kw(c"hex", memory_hex, METH_FASTCALL | METH_KEYWORDS, c"hex($self, /, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\nReturn the data in the buffer as a str of hexadecimal numbers."),
    method(c"tolist", memory_tolist, METH_NOARGS, c"tolist($self, /)\n--\n\nReturn the data in the buffer as a list of elements."),
    method_fast_kw(c"cast", memory_cast, METH_FASTCALL | METH_KEYWORDS, c"cast($self, /, format, shape=<unrepresentable>)\n--\n\nCast a memoryview to a new format or shape."),
    method(c"toreadonly", memory_toreadonly, METH_NOARGS, c"toreadonly($self, /)\n--\n\nReturn a readonly version of the memoryview."),
    method(c"__enter__", memory_enter, METH_NOARGS, c""),
    method(c"__exit__", memory_exit, METH_VARARGS, c""),
    METHOD_SENTINEL,
];
