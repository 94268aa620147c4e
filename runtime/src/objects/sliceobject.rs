//! `slice` and `Ellipsis` (CPython 3.11's Objects/sliceobject.c): slice objects, the index
//! arithmetic every sequence uses (`PySlice_Unpack`, `PySlice_AdjustIndices`,
//! `PySlice_GetIndicesEx`), `slice.indices`, and the `...` singleton.

use crate::abi::*;
use crate::abi::methodobject::*;
use crate::abi::sliceobject::PySliceObject;
use crate::abi::structmember::PyMemberDef;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::{check_positional, method, no_keywords, METHOD_END};
use crate::objects::object::{self as obj, incref, py_type, xdecref, Ref};
use super::typeobject::static_type;
use core::ffi::c_int;
use core::ptr::null_mut;

// ---------------------------------------------------------------------------------------------
// Ellipsis.

unsafe extern "C" fn ellipsis_new(_tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    let nargs = (*(args as *mut PyVarObject)).ob_size;
    if nargs != 0 || (!kwargs.is_null() && crate::objects::dictobject::len(kwargs) != 0) {
        return errors::ptr_result(Err(errors::type_error("EllipsisType takes no arguments")));
    }
    obj::new_ref(ellipsis()).into_raw()
}

unsafe extern "C" fn ellipsis_repr(_op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(super::unicodeobject::new_str("Ellipsis"))
}

static mut ELLIPSIS_METHODS: [PyMethodDef; 2] = [
    method!(c"__reduce__", ellipsis_repr as unsafe extern "C" fn(*mut PyObject) -> *mut PyObject, METH_NOARGS, c""),
    METHOD_END,
];

#[no_mangle]
pub static mut PyEllipsis_Type: PyTypeObject = PyTypeObject {
    tp_repr: Some(ellipsis_repr),
    tp_getattro: None,
    tp_methods: (&raw mut ELLIPSIS_METHODS).cast(),
    tp_new: Some(ellipsis_new),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"ellipsis", 0, 0, Py_TPFLAGS_DEFAULT)
};

/// `Ellipsis` (`...`): the only instance of `ellipsis`.
#[no_mangle]
pub static mut _Py_EllipsisObject: PyObject = PyObject::head_init(&raw mut PyEllipsis_Type);

/// `Py_Ellipsis`, borrowed.
#[inline]
pub fn ellipsis() -> *mut PyObject {
    &raw mut _Py_EllipsisObject
}

// ---------------------------------------------------------------------------------------------
// Slice objects.

/// `PySlice_Check`.
///
/// # Safety
/// `op` points to a live object.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    obj::is_type(op, &raw mut PySlice_Type)
}

/// `PySlice_New(start, stop, step)`: NULL parts become None. A freed slice is kept in the
/// interpreter's one-slot cache, as in CPython.
///
/// # Safety
/// Arguments are NULL or live objects; a thread state is current.
pub unsafe fn new(start: *mut PyObject, stop: *mut PyObject, step: *mut PyObject) -> PyResult<Ref> {
    let none = obj::none();
    let (start, stop, step) = (
        if start.is_null() { none } else { start },
        if stop.is_null() { none } else { stop },
        if step.is_null() { none } else { step },
    );
    let interp = crate::lifecycle::pystate::current_interpreter();
    let op = if !interp.is_null() && !(*interp).slice_cache.is_null() {
        let cached = (*interp).slice_cache;
        (*interp).slice_cache = null_mut();
        obj::init_object(cached.cast(), &raw mut PySlice_Type);
        cached
    } else {
        let op = crate::mem::gc::alloc(&raw mut PySlice_Type, core::mem::size_of::<PySliceObject>())?;
        obj::init_object(op, &raw mut PySlice_Type);
        op as *mut PySliceObject
    };
    incref(start);
    incref(stop);
    incref(step);
    (*op).start = start;
    (*op).stop = stop;
    (*op).step = step;
    crate::mem::gc::track(op.cast());
    Ok(Ref::from_raw(op.cast()))
}

/// `_PySlice_FromIndices(i1, i2)`: `slice(i1, i2)`.
///
/// # Safety
/// A thread state is current.
pub unsafe fn from_indices(i1: Py_ssize_t, i2: Py_ssize_t) -> PyResult<Ref> {
    let start = super::longobject::from_isize(i1)?;
    let stop = super::longobject::from_isize(i2)?;
    new(start.as_ptr(), stop.as_ptr(), null_mut())
}

unsafe extern "C" fn slice_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let r = op as *mut PySliceObject;
    xdecref((*r).step);
    xdecref((*r).start);
    xdecref((*r).stop);
    let interp = crate::lifecycle::pystate::current_interpreter();
    if !interp.is_null() && (*interp).slice_cache.is_null() {
        (*interp).slice_cache = r;
    } else {
        crate::mem::gc::free(op);
    }
}

/// Frees the cached slice (interpreter teardown).
///
/// # Safety
/// Called at finalization with the interpreter live.
pub unsafe fn clear_cache(interp: *mut crate::abi::pycore_interp::PyInterpreterState) {
    let cached = (*interp).slice_cache;
    if !cached.is_null() {
        (*interp).slice_cache = null_mut();
        crate::mem::gc::free(cached.cast());
    }
}

/// `_PyEval_SliceIndex`: None leaves `default`; anything with `__index__` is clamped to the
/// ssize_t range.
///
/// # Safety
/// `v` points to a live object.
pub unsafe fn slice_index(v: *mut PyObject, default: Py_ssize_t) -> PyResult<Py_ssize_t> {
    if v == obj::none() {
        return Ok(default);
    }
    if super::r#abstract::mapping::index_check(v) {
        return super::longobject::as_ssize_index(v, null_mut());
    }
    Err(errors::type_error("slice indices must be integers or None or have an __index__ method"))
}

/// `_PyEval_SliceIndexNotNone`.
///
/// # Safety
/// `v` points to a live object.
pub unsafe fn slice_index_not_none(v: *mut PyObject) -> PyResult<Py_ssize_t> {
    if super::r#abstract::mapping::index_check(v) {
        return super::longobject::as_ssize_index(v, null_mut());
    }
    Err(errors::type_error("slice indices must be integers or have an __index__ method"))
}

/// `PySlice_Unpack`: (start, stop, step) with None resolved and the step checked.
///
/// # Safety
/// `s` is a live slice.
pub unsafe fn unpack(s: *mut PyObject) -> PyResult<(Py_ssize_t, Py_ssize_t, Py_ssize_t)> {
    let r = s as *mut PySliceObject;
    let mut step = 1;
    if (*r).step != obj::none() {
        step = slice_index((*r).step, 1)?;
        if step == 0 {
            return Err(errors::value_error("slice step cannot be zero"));
        }
        if step < -isize::MAX {
            step = -isize::MAX;
        }
    }
    let start = slice_index((*r).start, if step < 0 { isize::MAX } else { 0 })?;
    let stop = slice_index((*r).stop, if step < 0 { isize::MIN } else { isize::MAX })?;
    Ok((start, stop, step))
}

/// `PySlice_AdjustIndices`: clips start/stop to a sequence of `length` items and returns
/// the slice length.
pub fn adjust_indices(length: Py_ssize_t, start: &mut Py_ssize_t, stop: &mut Py_ssize_t, step: Py_ssize_t) -> Py_ssize_t {
    for v in [&mut *start, &mut *stop] {
        if *v < 0 {
            *v += length;
            if *v < 0 {
                *v = if step < 0 { -1 } else { 0 };
            }
        } else if *v >= length {
            *v = if step < 0 { length - 1 } else { length };
        }
    }
    if step < 0 {
        if *stop < *start {
            return (*start - *stop - 1) / (-step) + 1;
        }
    } else if *start < *stop {
        return (*stop - *start - 1) / step + 1;
    }
    0
}

/// `PySlice_GetIndicesEx`: (start, stop, step, slicelength) for a sequence of `length`.
///
/// # Safety
/// `s` is a live slice.
pub unsafe fn indices_ex(s: *mut PyObject, length: Py_ssize_t) -> PyResult<(Py_ssize_t, Py_ssize_t, Py_ssize_t, Py_ssize_t)> {
    let (mut start, mut stop, step) = unpack(s)?;
    let n = adjust_indices(length, &mut start, &mut stop, step);
    Ok((start, stop, step, n))
}

/// `PySlice_GetIndices` (the old API): ints only, no clamping; the outputs are written as
/// far as the checks get, and an int too large leaves -1 with OverflowError set (as CPython,
/// which goes on). Returns 0 or -1 (no exception for the checks themselves).
///
/// # Safety
/// `s` is a live slice.
pub unsafe fn get_indices_old(
    s: *mut PyObject,
    length: Py_ssize_t,
    start: &mut Py_ssize_t,
    stop: &mut Py_ssize_t,
    step: &mut Py_ssize_t,
) -> c_int {
    let r = s as *mut PySliceObject;
    let as_ssize = |v: *mut PyObject| super::longobject::as_isize(v).unwrap_or(-1);
    let is_int = |v: *mut PyObject| obj::has_feature(py_type(v), Py_TPFLAGS_LONG_SUBCLASS);
    if (*r).step == obj::none() {
        *step = 1;
    } else {
        if !is_int((*r).step) {
            return -1;
        }
        *step = as_ssize((*r).step);
    }
    if (*r).start == obj::none() {
        *start = if *step < 0 { length - 1 } else { 0 };
    } else {
        if !is_int((*r).start) {
            return -1;
        }
        *start = as_ssize((*r).start);
        if *start < 0 {
            *start += length;
        }
    }
    if (*r).stop == obj::none() {
        *stop = if *step < 0 { -1 } else { length };
    } else {
        if !is_int((*r).stop) {
            return -1;
        }
        *stop = as_ssize((*r).stop);
        if *stop < 0 {
            *stop += length;
        }
    }
    if *stop > length || *start >= length || *step == 0 {
        return -1;
    }
    0
}

unsafe extern "C" fn slice_repr(op: *mut PyObject) -> *mut PyObject {
    let r = op as *mut PySliceObject;
    errors::ptr_result((|| {
        let a = obj::repr((*r).start)?;
        let b = obj::repr((*r).stop)?;
        let c = obj::repr((*r).step)?;
        super::unicodeobject::new_str(&format!(
            "slice({}, {}, {})",
            obj::str_text(a.as_ptr()),
            obj::str_text(b.as_ptr()),
            obj::str_text(c.as_ptr())
        ))
    })())
}

unsafe extern "C" fn slice_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    if !check(v) || !check(w) {
        return obj::new_ref(obj::not_implemented()).into_raw();
    }
    if v == w {
        return obj::new_bool(matches!(op, obj::Py_EQ | obj::Py_LE | obj::Py_GE)).into_raw();
    }
    errors::ptr_result((|| {
        let (a, b) = (v as *mut PySliceObject, w as *mut PySliceObject);
        let t1 = super::tupleobject::pack(&[(*a).start, (*a).stop, (*a).step])?;
        let t2 = super::tupleobject::pack(&[(*b).start, (*b).stop, (*b).step])?;
        obj::rich_compare(t1.as_ptr(), t2.as_ptr(), op)
    })())
}

unsafe extern "C" fn slice_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let r = op as *mut PySliceObject;
    for o in [(*r).start, (*r).stop, (*r).step] {
        if !o.is_null() {
            let rc = visit(o, arg);
            if rc != 0 {
                return rc;
            }
        }
    }
    0
}

/// `slice(stop)` / `slice(start, stop[, step])`.
unsafe extern "C" fn slice_new(_tp: *mut PyTypeObject, args: *mut PyObject, kw: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        no_keywords("slice", kw)?;
        let n = (*(args as *mut PyVarObject)).ob_size;
        check_positional("slice", n, 1, 3)?;
        let it = super::tupleobject::items(args);
        if n == 1 {
            return new(null_mut(), *it, null_mut());
        }
        new(*it, *it.add(1), if n > 2 { *it.add(2) } else { null_mut() })
    })())
}

/// `slice.indices(len)`: the adjusted (start, stop, step) for a sequence of `len` items.
unsafe extern "C" fn slice_indices(op: *mut PyObject, len: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let length = super::longobject::index(len)?;
        let n = super::longobject::as_isize(length.as_ptr())?;
        if n < 0 {
            return Err(errors::value_error("length should not be negative"));
        }
        let (mut start, mut stop, step) = unpack(op)?;
        // Clamp as `_PySlice_GetLongIndices` does (not as `PySlice_AdjustIndices`).
        let (lower, upper) = if step < 0 { (-1, n - 1) } else { (0, n) };
        for v in [&mut start, &mut stop] {
            if *v < 0 {
                *v += n;
                if *v < lower {
                    *v = lower;
                }
            } else if *v > upper {
                *v = upper;
            }
        }
        let r = (super::longobject::from_isize(start)?, super::longobject::from_isize(stop)?, super::longobject::from_isize(step)?);
        super::tupleobject::pack(&[r.0.as_ptr(), r.1.as_ptr(), r.2.as_ptr()])
    })())
}

/// `slice.__reduce__`: `(slice, (start, stop, step))`.
unsafe extern "C" fn slice_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let r = op as *mut PySliceObject;
    errors::ptr_result((|| {
        let args = super::tupleobject::pack(&[(*r).start, (*r).stop, (*r).step])?;
        super::tupleobject::pack(&[py_type(op).cast(), args.as_ptr()])
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

static mut SLICE_METHODS: [PyMethodDef; 3] = [
    method!(c"indices", slice_indices as BinFn, METH_O, c"S.indices(len) -> (start, stop, stride)\n\nAssuming a sequence of length len, calculate the start and stop\nindices, and the stride length of the extended slice described by\nS. Out of bounds indices are clipped in a manner consistent with the\nhandling of normal slices."),
    method!(c"__reduce__", slice_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    METHOD_END,
];

/// `T_OBJECT` and `READONLY` (structmember.h).
const T_OBJECT: c_int = 6;
const READONLY: c_int = 1;

static mut SLICE_MEMBERS: [PyMemberDef; 4] = [
    PyMemberDef { name: c"start".as_ptr(), type_: T_OBJECT, offset: 16, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: c"stop".as_ptr(), type_: T_OBJECT, offset: 24, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: c"step".as_ptr(), type_: T_OBJECT, offset: 32, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];

#[no_mangle]
pub static mut PySlice_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(slice_dealloc),
    tp_repr: Some(slice_repr),
    tp_hash: Some(obj::PyObject_HashNotImplemented),
    tp_traverse: Some(slice_traverse),
    tp_richcompare: Some(slice_richcompare),
    tp_methods: (&raw mut SLICE_METHODS).cast(),
    tp_members: (&raw mut SLICE_MEMBERS).cast(),
    tp_new: Some(slice_new),
    tp_doc: c"slice(stop)\nslice(start, stop[, step])\n\nCreate a slice object.  This is used for extended slicing (e.g. a[0:10:2]).".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"slice", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};
