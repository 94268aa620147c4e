//! The sequence protocol of Objects/abstract.c: `PySequence_*` (size, concat/repeat and
//! their in-place forms, item and slice access, `tuple()`/`list()` conversion, the "fast"
//! list-or-tuple view, and the iterator searches behind `count`, `index` and `in`).

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::PyExc_TypeError;
use crate::objects::object::{self as obj, py_type, Ref};
use crate::objects::{listobject, tupleobject};
use super::mapping::{errors_from_int, null_error, type_error_for};
use core::ptr::null_mut;

/// `PySequence_Check`: has `sq_item` and is not a dict.
///
/// # Safety
/// `s` points to a live object.
pub unsafe fn check(s: *mut PyObject) -> bool {
    if crate::objects::dictobject::check(s) {
        return false;
    }
    let sq = (*py_type(s)).tp_as_sequence;
    !sq.is_null() && (*sq).sq_item.is_some()
}

/// `PySequence_Size`.
///
/// # Safety
/// `s` is NULL or a live object.
pub unsafe fn size(s: *mut PyObject) -> PyResult<Py_ssize_t> {
    if s.is_null() {
        return Err(null_error());
    }
    let tp = py_type(s);
    let sq = (*tp).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_length {
            let n = f(s);
            return if n < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(n) };
        }
    }
    let m = (*tp).tp_as_mapping;
    if !m.is_null() && (*m).mp_length.is_some() {
        return Err(type_error_for("", s, " is not a sequence"));
    }
    Err(type_error_for("object of type '", s, "' has no len()"))
}

/// The `nb_add` / `nb_multiply` fallback for classes that define only the number slots:
/// the left operand's slot, then the right one's; `None` if both answer NotImplemented.
unsafe fn number_fallback(
    a: *mut PyObject,
    b: *mut PyObject,
    slot: impl Fn(*mut PyNumberMethods) -> binaryfunc,
) -> PyResult<Option<Ref>> {
    let mut tried: binaryfunc = None;
    for (x, y) in [(a, b), (b, a)] {
        let _ = y;
        let nb = (*py_type(x)).tp_as_number;
        if nb.is_null() {
            continue;
        }
        let f = slot(nb);
        if let Some(f) = f {
            if tried.map(|t| t as usize) == Some(f as usize) {
                continue;
            }
            tried = Some(f);
            let r = Ref::from_result(f(a, b))?;
            if r.as_ptr() != obj::not_implemented() {
                return Ok(Some(r));
            }
        }
    }
    Ok(None)
}

/// `PySequence_Concat`.
///
/// # Safety
/// Arguments are NULL or live objects.
pub unsafe fn concat(s: *mut PyObject, o: *mut PyObject) -> PyResult<Ref> {
    if s.is_null() || o.is_null() {
        return Err(null_error());
    }
    let sq = (*py_type(s)).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_concat {
            return Ref::from_result(f(s, o));
        }
    }
    if check(s) && check(o) {
        if let Some(r) = number_fallback(s, o, |nb| (*nb).nb_add)? {
            return Ok(r);
        }
    }
    Err(type_error_for("'", s, "' object can't be concatenated"))
}

/// `PySequence_Repeat`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn repeat(o: *mut PyObject, count: Py_ssize_t) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    let sq = (*py_type(o)).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_repeat {
            return Ref::from_result(f(o, count));
        }
    }
    if check(o) {
        let n = crate::objects::longobject::from_isize(count)?;
        if let Some(r) = number_fallback(o, n.as_ptr(), |nb| (*nb).nb_multiply)? {
            return Ok(r);
        }
    }
    Err(type_error_for("'", o, "' object can't be repeated"))
}

/// `PySequence_InPlaceConcat`.
///
/// # Safety
/// Arguments are NULL or live objects.
pub unsafe fn inplace_concat(s: *mut PyObject, o: *mut PyObject) -> PyResult<Ref> {
    if s.is_null() || o.is_null() {
        return Err(null_error());
    }
    let sq = (*py_type(s)).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_inplace_concat {
            return Ref::from_result(f(s, o));
        }
        if let Some(f) = (*sq).sq_concat {
            return Ref::from_result(f(s, o));
        }
    }
    if check(s) && check(o) {
        if let Some(r) = number_fallback(s, o, |nb| (*nb).nb_inplace_add)? {
            return Ok(r);
        }
        if let Some(r) = number_fallback(s, o, |nb| (*nb).nb_add)? {
            return Ok(r);
        }
    }
    Err(type_error_for("'", s, "' object can't be concatenated"))
}

/// `PySequence_InPlaceRepeat`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn inplace_repeat(o: *mut PyObject, count: Py_ssize_t) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    let sq = (*py_type(o)).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_inplace_repeat {
            return Ref::from_result(f(o, count));
        }
        if let Some(f) = (*sq).sq_repeat {
            return Ref::from_result(f(o, count));
        }
    }
    if check(o) {
        let n = crate::objects::longobject::from_isize(count)?;
        if let Some(r) = number_fallback(o, n.as_ptr(), |nb| (*nb).nb_inplace_multiply)? {
            return Ok(r);
        }
        if let Some(r) = number_fallback(o, n.as_ptr(), |nb| (*nb).nb_multiply)? {
            return Ok(r);
        }
    }
    Err(type_error_for("'", o, "' object can't be repeated"))
}

/// Negative indices count from the end when the type has `sq_length`.
unsafe fn adjust_index(s: *mut PyObject, sq: *mut PySequenceMethods, i: Py_ssize_t) -> PyResult<Py_ssize_t> {
    if i < 0 {
        if let Some(len) = (*sq).sq_length {
            let l = len(s);
            if l < 0 {
                return Err(errors::ErrSet::assume_set());
            }
            return Ok(i + l);
        }
    }
    Ok(i)
}

/// `PySequence_GetItem`: `s[i]`.
///
/// # Safety
/// `s` is NULL or a live object.
pub unsafe fn get_item(s: *mut PyObject, i: Py_ssize_t) -> PyResult<Ref> {
    if s.is_null() {
        return Err(null_error());
    }
    let tp = py_type(s);
    let sq = (*tp).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_item {
            let i = adjust_index(s, sq, i)?;
            return Ref::from_result(f(s, i));
        }
    }
    let m = (*tp).tp_as_mapping;
    if !m.is_null() && (*m).mp_subscript.is_some() {
        return Err(type_error_for("", s, " is not a sequence"));
    }
    Err(type_error_for("'", s, "' object does not support indexing"))
}

/// `PySequence_SetItem` (`o` non-NULL) and `PySequence_DelItem` (`o` NULL).
unsafe fn ass_item(s: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> PyResult<()> {
    if s.is_null() {
        return Err(null_error());
    }
    let tp = py_type(s);
    let sq = (*tp).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_ass_item {
            let i = adjust_index(s, sq, i)?;
            return errors_from_int(f(s, i, o));
        }
    }
    let m = (*tp).tp_as_mapping;
    if !m.is_null() && (*m).mp_ass_subscript.is_some() {
        return Err(type_error_for("", s, " is not a sequence"));
    }
    if o.is_null() {
        Err(type_error_for("'", s, "' object doesn't support item deletion"))
    } else {
        Err(type_error_for("'", s, "' object does not support item assignment"))
    }
}

/// `PySequence_SetItem`: `s[i] = o`.
///
/// # Safety
/// `s` is NULL or a live object; `o` a live object.
pub unsafe fn set_item(s: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> PyResult<()> {
    ass_item(s, i, o)
}

/// `PySequence_DelItem`: `del s[i]`.
///
/// # Safety
/// `s` is NULL or a live object.
pub unsafe fn del_item(s: *mut PyObject, i: Py_ssize_t) -> PyResult<()> {
    ass_item(s, i, null_mut())
}

/// `PySequence_GetSlice`: `s[i1:i2]`.
///
/// # Safety
/// `s` is NULL or a live object.
pub unsafe fn get_slice(s: *mut PyObject, i1: Py_ssize_t, i2: Py_ssize_t) -> PyResult<Ref> {
    if s.is_null() {
        return Err(null_error());
    }
    let m = (*py_type(s)).tp_as_mapping;
    if !m.is_null() {
        if let Some(f) = (*m).mp_subscript {
            let slice = crate::objects::sliceobject::from_indices(i1, i2)?;
            return Ref::from_result(f(s, slice.as_ptr()));
        }
    }
    Err(type_error_for("'", s, "' object is unsliceable"))
}

/// `PySequence_SetSlice` (`o` non-NULL) / `PySequence_DelSlice` (`o` NULL).
///
/// # Safety
/// `s` is NULL or a live object; `o` NULL or a live object.
pub unsafe fn set_slice(s: *mut PyObject, i1: Py_ssize_t, i2: Py_ssize_t, o: *mut PyObject) -> PyResult<()> {
    if s.is_null() {
        return Err(null_error());
    }
    let m = (*py_type(s)).tp_as_mapping;
    if !m.is_null() {
        if let Some(f) = (*m).mp_ass_subscript {
            let slice = crate::objects::sliceobject::from_indices(i1, i2)?;
            return errors_from_int(f(s, slice.as_ptr(), o));
        }
    }
    if o.is_null() {
        Err(type_error_for("'", s, "' object doesn't support slice deletion"))
    } else {
        Err(type_error_for("'", s, "' object doesn't support slice assignment"))
    }
}

/// `PySequence_Tuple`: `tuple(v)`.
///
/// # Safety
/// `v` is NULL or a live object.
pub unsafe fn tuple(v: *mut PyObject) -> PyResult<Ref> {
    if v.is_null() {
        return Err(null_error());
    }
    if obj::is_type(v, &raw mut tupleobject::PyTuple_Type) {
        return Ok(Ref::from_borrowed(v));
    }
    if obj::is_type(v, &raw mut listobject::PyList_Type) {
        return listobject::as_tuple(v);
    }
    let it = super::iter::get_iter(v)?;
    let n = super::mapping::length_hint(v, 10)?;
    let mut items: Vec<Ref> = Vec::with_capacity(n.min(1 << 16) as usize);
    while let Some(x) = super::iter::next(it.as_ptr())? {
        items.push(x);
    }
    tupleobject::from_refs(items)
}

/// `PySequence_List`: `list(v)`.
///
/// # Safety
/// `v` is NULL or a live object.
pub unsafe fn list(v: *mut PyObject) -> PyResult<Ref> {
    if v.is_null() {
        return Err(null_error());
    }
    listobject::from_iterable(v)
}

/// `PySequence_Fast(v, msg)`: `v` itself if an exact list or tuple, else `list(v)`; a
/// non-iterable raises TypeError(`msg`).
///
/// # Safety
/// `v` is NULL or a live object.
pub unsafe fn fast(v: *mut PyObject, msg: &str) -> PyResult<Ref> {
    if v.is_null() {
        return Err(null_error());
    }
    if obj::is_type(v, &raw mut listobject::PyList_Type) || obj::is_type(v, &raw mut tupleobject::PyTuple_Type) {
        return Ok(Ref::from_borrowed(v));
    }
    let it = match super::iter::get_iter(v) {
        Ok(it) => it,
        Err(e) => {
            if crate::objects::dictobject::occurred_matches(PyExc_TypeError) {
                return Err(errors::type_error(msg));
            }
            return Err(e);
        }
    };
    listobject::from_iterable(it.as_ptr())
}

/// `PySequence_Fast_GET_SIZE`.
///
/// # Safety
/// `f` is a list or tuple.
#[inline]
pub unsafe fn fast_len(f: *mut PyObject) -> Py_ssize_t {
    (*(f as *mut PyVarObject)).ob_size
}

/// `PySequence_Fast_ITEMS`.
///
/// # Safety
/// `f` is a list or tuple.
#[inline]
pub unsafe fn fast_items(f: *mut PyObject) -> *mut *mut PyObject {
    if obj::has_feature(py_type(f), Py_TPFLAGS_LIST_SUBCLASS) {
        (*(f as *mut crate::abi::listobject::PyListObject)).ob_item
    } else {
        tupleobject::items(f)
    }
}

/// `PySequence_Fast_GET_ITEM` (borrowed).
///
/// # Safety
/// `f` is a list or tuple and `i` in range.
#[inline]
pub unsafe fn fast_item(f: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    *fast_items(f).offset(i)
}

/// What `_PySequence_IterSearch` computes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IterSearch {
    Count,
    Index,
    Contains,
}

/// `_PySequence_IterSearch`.
///
/// # Safety
/// Arguments are NULL or live objects.
pub unsafe fn iter_search(seq: *mut PyObject, o: *mut PyObject, op: IterSearch) -> PyResult<Py_ssize_t> {
    if seq.is_null() || o.is_null() {
        return Err(null_error());
    }
    let it = match super::iter::get_iter(seq) {
        Ok(it) => it,
        Err(e) => {
            if crate::objects::dictobject::occurred_matches(PyExc_TypeError) {
                errors::clear();
                return Err(type_error_for("argument of type '", seq, "' is not iterable"));
            }
            return Err(e);
        }
    };
    let mut n: Py_ssize_t = 0;
    let mut wrapped = false;
    while let Some(item) = super::iter::next(it.as_ptr())? {
        if obj::rich_compare_bool(item.as_ptr(), o, obj::Py_EQ)? {
            match op {
                IterSearch::Count => {
                    if n == isize::MAX {
                        return Err(errors::overflow_error("count exceeds C integer size"));
                    }
                    n += 1;
                }
                IterSearch::Index => {
                    if wrapped {
                        return Err(errors::overflow_error("index exceeds C integer size"));
                    }
                    return Ok(n);
                }
                IterSearch::Contains => return Ok(1),
            }
        }
        if op == IterSearch::Index {
            if n == isize::MAX {
                wrapped = true;
            }
            n = n.wrapping_add(1);
        }
    }
    if op == IterSearch::Index {
        return Err(errors::value_error("sequence.index(x): x not in sequence"));
    }
    Ok(n)
}

/// `PySequence_Contains`: `o in seq` (the type's `sq_contains`, else a search).
///
/// # Safety
/// Arguments are live objects.
pub unsafe fn contains(seq: *mut PyObject, o: *mut PyObject) -> PyResult<bool> {
    let sq = (*py_type(seq)).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_contains {
            let r = f(seq, o);
            return if r < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(r > 0) };
        }
    }
    Ok(iter_search(seq, o, IterSearch::Contains)? > 0)
}
