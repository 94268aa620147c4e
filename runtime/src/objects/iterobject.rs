//! The sequence iterator (`iter(obj)` for objects with only `__getitem__`) and the callable
//! iterator (`iter(callable, sentinel)`) of CPython 3.11's Objects/iterobject.c.

use crate::abi::*;
use crate::abi::methodobject::*;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::{call_positional, method, occurred_matches, METHOD_END};
use crate::objects::exceptions::{PyExc_IndexError, PyExc_StopIteration};
use crate::objects::object::{self as obj, decref, incref, replace_slot, xdecref, Ref};
use super::typeobject::static_type;
use core::ffi::c_int;
use core::ptr::null_mut;

/// `seqiterobject`, 32 bytes.
#[repr(C)]
struct SeqIter {
    ob_base: PyObject,
    it_index: Py_ssize_t,
    it_seq: *mut PyObject,
}

/// `PySeqIter_New(seq)`: iterates `seq[0]`, `seq[1]`, ... until IndexError/StopIteration.
///
/// # Safety
/// `seq` points to a live object.
pub unsafe fn new_seq_iter(seq: *mut PyObject) -> PyResult<Ref> {
    if !super::r#abstract::sequence::check(seq) {
        return Err(errors::bad_internal_call());
    }
    let tp = &raw mut PySeqIter_Type;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<SeqIter>())?;
    obj::init_object(op, tp);
    (*(op as *mut SeqIter)).it_index = 0;
    incref(seq);
    (*(op as *mut SeqIter)).it_seq = seq;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn seqiter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*(op as *mut SeqIter)).it_seq);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn seqiter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let seq = (*(op as *mut SeqIter)).it_seq;
    match visit {
        Some(visit) if !seq.is_null() => visit(seq, arg),
        _ => 0,
    }
}

unsafe extern "C" fn seqiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut SeqIter;
    let seq = (*it).it_seq;
    if seq.is_null() {
        return null_mut();
    }
    if (*it).it_index == isize::MAX {
        return errors::ptr_result(Err(errors::overflow_error("iter index too large")));
    }
    match super::r#abstract::sequence::get_item(seq, (*it).it_index) {
        Ok(v) => {
            (*it).it_index += 1;
            v.into_raw()
        }
        Err(_) => {
            if occurred_matches(PyExc_IndexError) || occurred_matches(PyExc_StopIteration) {
                errors::clear();
                (*it).it_seq = null_mut();
                decref(seq);
            }
            null_mut()
        }
    }
}

unsafe extern "C" fn seqiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut SeqIter;
    errors::ptr_result((|| {
        let seq = (*it).it_seq;
        if !seq.is_null() {
            if !super::r#abstract::mapping::has_len(seq) {
                return Ok(obj::new_ref(obj::not_implemented()));
            }
            let n = super::r#abstract::sequence::size(seq)? - (*it).it_index;
            if n >= 0 {
                return super::longobject::from_isize(n);
            }
        }
        super::longobject::from_isize(0)
    })())
}

unsafe extern "C" fn seqiter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let it = op as *mut SeqIter;
    errors::ptr_result((|| {
        let index = super::longobject::as_isize(state)?;
        if !(*it).it_seq.is_null() {
            (*it).it_index = index.max(0);
        }
        Ok(obj::new_none())
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

/// The `__reduce__` of the iterators that keep a sequence and a position (list, tuple, str,
/// sequence and reversed iterators): `(f, (seq,), index)` while the sequence is held, and
/// `(exhausted_f, (empty,))` once it was let go.
///
/// # Safety
/// `seq` NULL or live.
pub unsafe fn reduce_position(
    f: &Ref,
    seq: *mut PyObject,
    index: Py_ssize_t,
    exhausted_f: &Ref,
    empty: impl FnOnce() -> PyResult<Ref>,
) -> PyResult<Ref> {
    use super::tupleobject::pack;
    if !seq.is_null() {
        let args = pack(&[seq])?;
        let index = super::longobject::from_isize(index)?;
        return pack(&[f.as_ptr(), args.as_ptr(), index.as_ptr()]);
    }
    let empty = empty()?;
    let args = pack(&[empty.as_ptr()])?;
    pack(&[exhausted_f.as_ptr(), args.as_ptr()])
}

/// `(iter, (list(rest),))`: the `__reduce__` of iterators without a position to restore (dict
/// and set iterators), from `copy`, a fresh iterator in the same state as the original.
///
/// # Safety
/// `copy` is a live iterator.
pub unsafe fn reduce_as_list(copy: Ref) -> PyResult<Ref> {
    use super::tupleobject::pack;
    let iter = crate::eval::ceval::builtin("iter")?;
    let rest = super::listobject::from_iterable(copy.as_ptr())?;
    let args = pack(&[rest.as_ptr()])?;
    pack(&[iter.as_ptr(), args.as_ptr()])
}

unsafe extern "C" fn seqiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut SeqIter;
    errors::ptr_result((|| {
        let iter = crate::eval::ceval::builtin("iter")?;
        reduce_position(&iter, (*it).it_seq, (*it).it_index, &iter, || super::tupleobject::pack(&[]))
    })())
}

unsafe extern "C" fn calliter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut CallIter;
    errors::ptr_result((|| {
        use super::tupleobject::pack;
        let iter = crate::eval::ceval::builtin("iter")?;
        let args = if !(*it).it_callable.is_null() && !(*it).it_sentinel.is_null() {
            pack(&[(*it).it_callable, (*it).it_sentinel])?
        } else {
            let empty = pack(&[])?;
            pack(&[empty.as_ptr()])?
        };
        pack(&[iter.as_ptr(), args.as_ptr()])
    })())
}

static mut CALLITER_METHODS: [PyMethodDef; 2] = [
    method!(c"__reduce__", calliter_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    METHOD_END,
];

static mut SEQITER_METHODS: [PyMethodDef; 4] = [
    method!(c"__length_hint__", seqiter_len as BinFn, METH_NOARGS, c"Private method returning an estimate of len(list(it))."),
    method!(c"__reduce__", seqiter_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    method!(c"__setstate__", seqiter_setstate as BinFn, METH_O, c"Set state information for unpickling."),
    METHOD_END,
];

#[no_mangle]
pub static mut PySeqIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(seqiter_dealloc),
    tp_traverse: Some(seqiter_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(seqiter_next),
    tp_methods: (&raw mut SEQITER_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"iterator", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

/// `calliterobject`, 32 bytes.
#[repr(C)]
struct CallIter {
    ob_base: PyObject,
    it_callable: *mut PyObject,
    it_sentinel: *mut PyObject,
}

/// `PyCallIter_New(callable, sentinel)`: calls `callable()` until it returns `sentinel`.
///
/// # Safety
/// Both arguments are live objects.
pub unsafe fn new_call_iter(callable: *mut PyObject, sentinel: *mut PyObject) -> PyResult<Ref> {
    let tp = &raw mut PyCallIter_Type;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<CallIter>())?;
    obj::init_object(op, tp);
    incref(callable);
    incref(sentinel);
    (*(op as *mut CallIter)).it_callable = callable;
    (*(op as *mut CallIter)).it_sentinel = sentinel;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn calliter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*(op as *mut CallIter)).it_callable);
    xdecref((*(op as *mut CallIter)).it_sentinel);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn calliter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let it = op as *mut CallIter;
    for o in [(*it).it_callable, (*it).it_sentinel] {
        if !o.is_null() {
            let r = visit(o, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn calliter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut CallIter;
    if (*it).it_callable.is_null() {
        return null_mut();
    }
    match call_positional((*it).it_callable, &[]) {
        Ok(result) => match obj::rich_compare_bool((*it).it_sentinel, result.as_ptr(), obj::Py_EQ) {
            Ok(false) => result.into_raw(),
            Ok(true) => {
                replace_slot(&raw mut (*it).it_callable, null_mut());
                replace_slot(&raw mut (*it).it_sentinel, null_mut());
                null_mut()
            }
            Err(_) => null_mut(),
        },
        Err(_) => {
            if occurred_matches(PyExc_StopIteration) {
                errors::clear();
                replace_slot(&raw mut (*it).it_callable, null_mut());
                replace_slot(&raw mut (*it).it_sentinel, null_mut());
            }
            null_mut()
        }
    }
}

#[no_mangle]
pub static mut PyCallIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(calliter_dealloc),
    tp_traverse: Some(calliter_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(calliter_next),
    tp_methods: (&raw mut CALLITER_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"callable_iterator", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};
