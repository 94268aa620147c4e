//! `range` and its iterators (CPython 3.11's Objects/rangeobject.c): ranges of arbitrary-size
//! ints (the length is kept as an int; `len()` raises OverflowError past Py_ssize_t), O(1)
//! membership for ints, index/count, slicing into a new range, `==`/hash by the sequence of
//! values, and two iterators: `range_iterator` over C longs and `longrange_iterator` over ints,
//! both picklable (`__reduce__`/`__setstate__`).

use super::typeobject::static_type;
use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT_EX};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::bltinmodule::{fdef, DOC_REDUCE, DOC_SETSTATE};
use crate::objects::dictobject::{method, METHOD_END};
use crate::objects::object::{self as obj, new_ref, py_type, Ref};
use crate::objects::r#abstract::number;
use crate::objects::{longobject, tupleobject};
use core::ffi::{c_int, c_long};
use core::mem::offset_of;
use core::ptr::null_mut;

/// `rangeobject`, 48 bytes: start, stop, step and the precomputed length, all ints.
#[repr(C)]
pub struct RangeObject {
    pub ob_base: PyObject,
    pub start: *mut PyObject,
    pub stop: *mut PyObject,
    pub step: *mut PyObject,
    pub length: *mut PyObject,
}

/// `rangeiterobject`, 48 bytes.
#[repr(C)]
struct RangeIter {
    ob_base: PyObject,
    index: c_long,
    start: c_long,
    step: c_long,
    len: c_long,
}

/// `longrangeiterobject`, 48 bytes.
#[repr(C)]
struct LongRangeIter {
    ob_base: PyObject,
    index: *mut PyObject,
    start: *mut PyObject,
    step: *mut PyObject,
    len: *mut PyObject,
}

const _: () = assert!(core::mem::size_of::<RangeObject>() == 48);
const _: () = assert!(core::mem::size_of::<RangeIter>() == 48);
const _: () = assert!(core::mem::size_of::<LongRangeIter>() == 48);

/// `PyRange_Check`.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn is_range(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut PyRange_Type
}

fn int(v: i64) -> PyResult<Ref> {
    longobject::from_i64(v)
}

unsafe fn lt(a: *mut PyObject, b: *mut PyObject) -> PyResult<bool> {
    obj::rich_compare_bool(a, b, obj::Py_LT)
}

/// `compute_range_length`: how many values `range(start, stop, step)` has, as an int.
unsafe fn compute_length(
    start: *mut PyObject,
    stop: *mut PyObject,
    step: *mut PyObject,
) -> PyResult<Ref> {
    // Fast path: everything fits a machine word.
    if let (Some(a), Some(b), Some(s)) = (
        longobject::as_i128_opt(start),
        longobject::as_i128_opt(stop),
        longobject::as_i128_opt(step),
    ) {
        if a.unsigned_abs() < (1u128 << 100)
            && b.unsigned_abs() < (1u128 << 100)
            && s.unsigned_abs() < (1u128 << 100)
        {
            let n = if s > 0 && a < b {
                (b - a - 1) / s + 1
            } else if s < 0 && a > b {
                (a - b - 1) / (-s) + 1
            } else {
                0
            };
            return longobject::from_u128_signed(false, n as u128);
        }
    }
    let zero = int(0)?;
    let one = int(1)?;
    let (lo, hi, step) = if obj::rich_compare_bool(step, zero.as_ptr(), obj::Py_GT)? {
        (start, stop, new_ref(step))
    } else {
        (stop, start, number::negative(step)?)
    };
    if obj::rich_compare_bool(lo, hi, obj::Py_GE)? {
        return Ok(zero);
    }
    let diff = number::subtract(hi, lo)?;
    let diff = number::subtract(diff.as_ptr(), one.as_ptr())?;
    let q = number::floor_divide(diff.as_ptr(), step.as_ptr())?;
    number::add(q.as_ptr(), one.as_ptr())
}

/// `make_range_object`: a range of type `tp` owning the three ints.
unsafe fn make_range(tp: *mut PyTypeObject, start: Ref, stop: Ref, step: Ref) -> PyResult<Ref> {
    let length = compute_length(start.as_ptr(), stop.as_ptr(), step.as_ptr())?;
    let op = obj::new_object(tp)?;
    let r = op as *mut RangeObject;
    (*r).start = start.into_raw();
    (*r).stop = stop.into_raw();
    (*r).step = step.into_raw();
    (*r).length = length.into_raw();
    Ok(Ref::from_raw(op))
}

/// `range(stop)` / `range(start, stop[, step])` from positional arguments.
unsafe fn range_from_args(tp: *mut PyTypeObject, args: &[*mut PyObject]) -> PyResult<Ref> {
    match args.len() {
        0 => Err(errors::type_error(
            "range expected at least 1 argument, got 0",
        )),
        1 => {
            let stop = number::index(args[0])?;
            make_range(tp, int(0)?, stop, int(1)?)
        }
        2 | 3 => {
            let start = number::index(args[0])?;
            let stop = number::index(args[1])?;
            let step = if args.len() == 3 {
                let s = number::index(args[2])?;
                if longobject::signed_size(s.as_ptr()) == 0 {
                    return Err(errors::value_error("range() arg 3 must not be zero"));
                }
                s
            } else {
                int(1)?
            };
            make_range(tp, start, stop, step)
        }
        n => Err(errors::type_error(&format!(
            "range expected at most 3 arguments, got {n}"
        ))),
    }
}

/// `range(start, stop, step)` from Rust (start/stop/step already ints).
///
/// # Safety
/// The three are live int objects; `step` is not zero.
pub unsafe fn new_range(
    start: *mut PyObject,
    stop: *mut PyObject,
    step: *mut PyObject,
) -> PyResult<Ref> {
    range_from_args(&raw mut PyRange_Type, &[start, stop, step])
}

unsafe extern "C" fn range_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::no_keywords("range", kwargs)?;
        let n = tupleobject::len(args) as usize;
        let a = if n == 0 {
            &[][..]
        } else {
            core::slice::from_raw_parts(tupleobject::items(args), n)
        };
        range_from_args(tp, a)
    })())
}

unsafe extern "C" fn range_vectorcall(
    tp: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::no_kwnames("range", kwnames)?;
        let n = super::call::nargs_of(nargsf) as usize;
        let a = if n == 0 {
            &[][..]
        } else {
            core::slice::from_raw_parts(args, n)
        };
        range_from_args(tp.cast(), a)
    })())
}

unsafe extern "C" fn range_dealloc(op: *mut PyObject) {
    let r = op as *mut RangeObject;
    obj::xdecref((*r).start);
    obj::xdecref((*r).stop);
    obj::xdecref((*r).step);
    obj::xdecref((*r).length);
    crate::mem::obj_free(op.cast());
}

/// `len(range)`: OverflowError past Py_ssize_t.
unsafe extern "C" fn range_length(op: *mut PyObject) -> Py_ssize_t {
    match longobject::as_isize((*(op as *mut RangeObject)).length) {
        Ok(n) => n,
        Err(_) => -1,
    }
}

/// `start + i * step`.
unsafe fn compute_item(r: *mut RangeObject, i: *mut PyObject) -> PyResult<Ref> {
    if longobject::as_i128_opt((*r).step) == Some(1) {
        return number::add((*r).start, i);
    }
    let incr = number::multiply(i, (*r).step)?;
    number::add((*r).start, incr.as_ptr())
}

/// `range[i]` for an int `i` (negative counts from the end).
unsafe fn compute_range_item(r: *mut RangeObject, arg: *mut PyObject) -> PyResult<Ref> {
    let zero = int(0)?;
    let i = if lt(arg, zero.as_ptr())? {
        number::add((*r).length, arg)?
    } else {
        new_ref(arg)
    };
    if lt(i.as_ptr(), zero.as_ptr())?
        || obj::rich_compare_bool(i.as_ptr(), (*r).length, obj::Py_GE)?
    {
        return Err(errors::index_error("range object index out of range"));
    }
    compute_item(r, i.as_ptr())
}

unsafe extern "C" fn range_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let arg = longobject::from_isize(i)?;
        compute_range_item(op as *mut RangeObject, arg.as_ptr())
    })())
}

/// A slice bound as an int for `_PySlice_GetLongIndices`.
unsafe fn slice_bound(v: *mut PyObject) -> PyResult<Ref> {
    if !number::index_check(v) {
        return Err(errors::type_error(
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    number::index(v)
}

/// `_PySlice_GetLongIndices`: start, stop, step of `slice` clamped to `length`, as ints.
unsafe fn slice_long_indices(
    slice: *mut PyObject,
    length: *mut PyObject,
) -> PyResult<(Ref, Ref, Ref)> {
    let s = slice as *mut crate::abi::sliceobject::PySliceObject;
    let step = if (*s).step == obj::none() {
        int(1)?
    } else {
        let st = slice_bound((*s).step)?;
        if longobject::signed_size(st.as_ptr()) == 0 {
            return Err(errors::value_error("slice step cannot be zero"));
        }
        st
    };
    let negative = longobject::is_negative(step.as_ptr());
    let (lower, upper) = if negative {
        let lower = int(-1)?;
        let upper = number::add(length, lower.as_ptr())?;
        (lower, upper)
    } else {
        (int(0)?, new_ref(length))
    };
    let clamp = |v: *mut PyObject, default_upper: bool| -> PyResult<Ref> {
        if v == obj::none() {
            return Ok(if default_upper {
                upper.clone()
            } else {
                lower.clone()
            });
        }
        let mut x = slice_bound(v)?;
        if longobject::is_negative(x.as_ptr()) {
            x = number::add(x.as_ptr(), length)?;
            if lt(x.as_ptr(), lower.as_ptr())? {
                x = lower.clone();
            }
        } else if obj::rich_compare_bool(x.as_ptr(), upper.as_ptr(), obj::Py_GT)? {
            x = upper.clone();
        }
        Ok(x)
    };
    let start = clamp((*s).start, negative)?;
    let stop = clamp((*s).stop, !negative)?;
    Ok((start, stop, step))
}

/// `range[a:b:c]`: another range.
unsafe fn compute_slice(r: *mut RangeObject, slice: *mut PyObject) -> PyResult<Ref> {
    let (start, stop, step) = slice_long_indices(slice, (*r).length)?;
    let substep = number::multiply((*r).step, step.as_ptr())?;
    let substart = compute_item(r, start.as_ptr())?;
    let substop = compute_item(r, stop.as_ptr())?;
    make_range(py_type(r.cast()), substart, substop, substep)
}

unsafe extern "C" fn range_subscript(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = op as *mut RangeObject;
        if number::index_check(item) {
            let i = number::index(item)?;
            return compute_range_item(r, i.as_ptr());
        }
        if super::sliceobject::check(item) {
            return compute_slice(r, item);
        }
        Err(errors::type_error(&format!(
            "range indices must be integers or slices, not {:.200}",
            obj::type_name(item)
        )))
    })())
}

/// Membership of an int in O(1): within the bounds and on the stride.
unsafe fn contains_long(r: *mut RangeObject, ob: *mut PyObject) -> PyResult<bool> {
    let zero = int(0)?;
    let inside = if obj::rich_compare_bool((*r).step, zero.as_ptr(), obj::Py_GT)? {
        obj::rich_compare_bool((*r).start, ob, obj::Py_LE)? && lt(ob, (*r).stop)?
    } else {
        obj::rich_compare_bool(ob, (*r).start, obj::Py_LE)? && lt((*r).stop, ob)?
    };
    if !inside {
        return Ok(false);
    }
    let off = number::subtract(ob, (*r).start)?;
    let rem = number::remainder(off.as_ptr(), (*r).step)?;
    obj::rich_compare_bool(rem.as_ptr(), zero.as_ptr(), obj::Py_EQ)
}

/// Exact ints and bools get the arithmetic test; anything else is compared item by item.
unsafe fn is_int_like(ob: *mut PyObject) -> bool {
    longobject::is_exact_int(ob) || super::boolobject::is_bool(ob)
}

unsafe extern "C" fn range_contains(op: *mut PyObject, ob: *mut PyObject) -> c_int {
    if is_int_like(ob) {
        return errors::bool_result(contains_long(op as *mut RangeObject, ob));
    }
    errors::bool_result(
        super::r#abstract::sequence::iter_search(
            op,
            ob,
            super::r#abstract::sequence::IterSearch::Contains,
        )
        .map(|n| n != 0),
    )
}

/// Ranges are equal when they produce the same values.
unsafe fn range_equals(a: *mut RangeObject, b: *mut RangeObject) -> PyResult<bool> {
    if a == b {
        return Ok(true);
    }
    if !obj::rich_compare_bool((*a).length, (*b).length, obj::Py_EQ)? {
        return Ok(false);
    }
    if !obj::is_true((*a).length)? {
        return Ok(true);
    }
    if !obj::rich_compare_bool((*a).start, (*b).start, obj::Py_EQ)? {
        return Ok(false);
    }
    if longobject::as_i128_opt((*a).length) == Some(1) {
        return Ok(true);
    }
    obj::rich_compare_bool((*a).step, (*b).step, obj::Py_EQ)
}

unsafe extern "C" fn range_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if !is_range(b) || (op != obj::Py_EQ && op != obj::Py_NE) {
        return new_ref(obj::not_implemented()).into_raw();
    }
    match range_equals(a as *mut RangeObject, b as *mut RangeObject) {
        Ok(eq) => obj::new_bool(if op == obj::Py_EQ { eq } else { !eq }).into_raw(),
        Err(_) => null_mut(),
    }
}

/// Hash of `(len, start, step)`, with None for what does not matter (as equality).
unsafe extern "C" fn range_hash(op: *mut PyObject) -> Py_hash_t {
    let r = op as *mut RangeObject;
    let res = (|| -> PyResult<Py_hash_t> {
        let none = obj::none();
        let t = if !obj::is_true((*r).length)? {
            tupleobject::pack(&[(*r).length, none, none])?
        } else if longobject::as_i128_opt((*r).length) == Some(1) {
            tupleobject::pack(&[(*r).length, (*r).start, none])?
        } else {
            tupleobject::pack(&[(*r).length, (*r).start, (*r).step])?
        };
        obj::hash(t.as_ptr())
    })();
    res.unwrap_or(-1)
}

unsafe extern "C" fn range_count(op: *mut PyObject, ob: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if is_int_like(ob) {
            return int(contains_long(op as *mut RangeObject, ob)? as i64);
        }
        let n = super::r#abstract::sequence::iter_search(
            op,
            ob,
            super::r#abstract::sequence::IterSearch::Count,
        )?;
        longobject::from_isize(n)
    })())
}

unsafe extern "C" fn range_index(op: *mut PyObject, ob: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = op as *mut RangeObject;
        if !is_int_like(ob) {
            let n = super::r#abstract::sequence::iter_search(
                op,
                ob,
                super::r#abstract::sequence::IterSearch::Index,
            )?;
            return longobject::from_isize(n);
        }
        if contains_long(r, ob)? {
            let idx = number::subtract(ob, (*r).start)?;
            if longobject::as_i128_opt((*r).step) == Some(1) {
                return Ok(idx);
            }
            return number::floor_divide(idx.as_ptr(), (*r).step);
        }
        let rep = obj::repr(ob)?;
        Err(errors::value_error(&format!(
            "{} is not in range",
            obj::str_text(rep.as_ptr())
        )))
    })())
}

/// `range(a, b)` when the step is 1, else `range(a, b, c)`.
unsafe extern "C" fn range_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = op as *mut RangeObject;
        let start = obj::repr((*r).start)?;
        let stop = obj::repr((*r).stop)?;
        let text = if longobject::as_i128_opt((*r).step) == Some(1) {
            format!(
                "range({}, {})",
                obj::str_text(start.as_ptr()),
                obj::str_text(stop.as_ptr())
            )
        } else {
            let step = obj::repr((*r).step)?;
            format!(
                "range({}, {}, {})",
                obj::str_text(start.as_ptr()),
                obj::str_text(stop.as_ptr()),
                obj::str_text(step.as_ptr())
            )
        };
        super::unicodeobject::new_str(&text)
    })())
}

/// `range.__reduce__`: `(range, (start, stop, step))`.
unsafe extern "C" fn range_reduce(op: *mut PyObject, _args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = op as *mut RangeObject;
        let args = tupleobject::pack(&[(*r).start, (*r).stop, (*r).step])?;
        tupleobject::pack(&[py_type(op).cast(), args.as_ptr()])
    })())
}

unsafe extern "C" fn range_bool(op: *mut PyObject) -> c_int {
    errors::bool_result(obj::is_true((*(op as *mut RangeObject)).length))
}

// ---------------------------------------------------------------------------------------------
// Iterators

/// The machine-word values of a range, when they all fit a C long.
unsafe fn as_longs(r: *mut RangeObject) -> Option<(i64, i64, i64)> {
    let f = |o| longobject::as_i128_opt(o).and_then(|v| i64::try_from(v).ok());
    Some((f((*r).start)?, f((*r).stop)?, f((*r).step)?))
}

/// `get_len_of_range` on C longs (the result fits an unsigned long).
fn len_of_range(lo: i64, hi: i64, step: i64) -> u64 {
    if step > 0 && lo < hi {
        1 + ((hi as i128 - 1 - lo as i128) / step as i128) as u64
    } else if step < 0 && lo > hi {
        1 + ((lo as i128 - 1 - hi as i128) / -(step as i128)) as u64
    } else {
        0
    }
}

unsafe fn fast_iter(start: i64, step: i64, len: i64) -> PyResult<Ref> {
    let op = obj::new_object(&raw mut PyRangeIter_Type)?;
    let it = op as *mut RangeIter;
    (*it).index = 0;
    (*it).start = start;
    (*it).step = step;
    (*it).len = len;
    Ok(Ref::from_raw(op))
}

unsafe fn long_iter(start: Ref, step: Ref, len: Ref) -> PyResult<Ref> {
    let op = obj::new_object(&raw mut PyLongRangeIter_Type)?;
    let it = op as *mut LongRangeIter;
    (*it).index = int(0)?.into_raw();
    (*it).start = start.into_raw();
    (*it).step = step.into_raw();
    (*it).len = len.into_raw();
    Ok(Ref::from_raw(op))
}

/// `iter(range)`: a C-long iterator when every value and the end fit, else the int one.
unsafe extern "C" fn range_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = op as *mut RangeObject;
        if let Some((start, stop, step)) = as_longs(r) {
            let len = len_of_range(start, stop, step);
            let end_fits = len == 0
                || if step > 0 {
                    stop <= i64::MAX - (step - 1)
                } else {
                    stop >= i64::MIN + (-1 - step)
                };
            if len <= i64::MAX as u64 && end_fits {
                return fast_iter(start, step, len as i64);
            }
        }
        long_iter(
            new_ref((*r).start),
            new_ref((*r).step),
            new_ref((*r).length),
        )
    })())
}

/// `range.__reversed__`: iterates `range(start+(n-1)*step, start-step, -step)`.
unsafe extern "C" fn range_reverse(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = op as *mut RangeObject;
        if let Some((start, stop, step)) = as_longs(r) {
            let fits = step != i64::MIN && start.checked_sub(step).is_some();
            let len = len_of_range(start, stop, step);
            if fits && len <= i64::MAX as u64 {
                let new_stop = start - step;
                let new_start = (new_stop as i128 + len as i128 * step as i128) as i64;
                return fast_iter(new_start, -step, len as i64);
            }
        }
        let one = int(1)?;
        let last = number::subtract((*r).length, one.as_ptr())?;
        let product = number::multiply(last.as_ptr(), (*r).step)?;
        let start = number::add((*r).start, product.as_ptr())?;
        let step = number::negative((*r).step)?;
        long_iter(start, step, new_ref((*r).length))
    })())
}

unsafe extern "C" fn rangeiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut RangeIter;
    if (*it).index < (*it).len {
        // Wrapping unsigned arithmetic, as CPython: the true value always fits a long.
        let v = ((*it).start as u64)
            .wrapping_add(((*it).index as u64).wrapping_mul((*it).step as u64))
            as i64;
        (*it).index += 1;
        return errors::ptr_result(int(v));
    }
    null_mut()
}

unsafe extern "C" fn rangeiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut RangeIter;
    errors::ptr_result(int((*it).len - (*it).index))
}

/// `(iter, (range(start, start+len*step, step),), index)`.
unsafe extern "C" fn rangeiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut RangeIter;
    errors::ptr_result((|| {
        let start = int((*it).start)?;
        let end = (*it).start as i128 + (*it).len as i128 * (*it).step as i128;
        let stop = longobject::from_u128_signed(end < 0, end.unsigned_abs())?;
        let step = int((*it).step)?;
        let range = make_range(&raw mut PyRange_Type, start, stop, step)?;
        let iter = crate::modules::bltinmodule::get_builtin("iter")?;
        let args = tupleobject::pack(&[range.as_ptr()])?;
        let index = int((*it).index)?;
        tupleobject::pack(&[iter.as_ptr(), args.as_ptr(), index.as_ptr()])
    })())
}

unsafe extern "C" fn rangeiter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let it = op as *mut RangeIter;
    errors::ptr_result((|| {
        let index = longobject::as_i64(state)?;
        (*it).index = index.clamp(0, (*it).len);
        Ok(obj::new_none())
    })())
}

unsafe extern "C" fn longrangeiter_dealloc(op: *mut PyObject) {
    let it = op as *mut LongRangeIter;
    obj::xdecref((*it).index);
    obj::xdecref((*it).start);
    obj::xdecref((*it).step);
    obj::xdecref((*it).len);
    crate::mem::obj_free(op.cast());
}

unsafe extern "C" fn longrangeiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut LongRangeIter;
    let r = (|| -> PyResult<Option<Ref>> {
        if !lt((*it).index, (*it).len)? {
            return Ok(None);
        }
        let one = int(1)?;
        let new_index = number::add((*it).index, one.as_ptr())?;
        let product = number::multiply((*it).index, (*it).step)?;
        let result = number::add((*it).start, product.as_ptr())?;
        obj::replace_slot(&raw mut (*it).index, new_index.into_raw());
        Ok(Some(result))
    })();
    match r {
        Ok(Some(v)) => v.into_raw(),
        Ok(None) | Err(_) => null_mut(),
    }
}

unsafe extern "C" fn longrangeiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut LongRangeIter;
    errors::ptr_result(number::subtract((*it).len, (*it).index))
}

unsafe extern "C" fn longrangeiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut LongRangeIter;
    errors::ptr_result((|| {
        let product = number::multiply((*it).len, (*it).step)?;
        let stop = number::add((*it).start, product.as_ptr())?;
        let range = make_range(
            &raw mut PyRange_Type,
            new_ref((*it).start),
            stop,
            new_ref((*it).step),
        )?;
        let iter = crate::modules::bltinmodule::get_builtin("iter")?;
        let args = tupleobject::pack(&[range.as_ptr()])?;
        tupleobject::pack(&[iter.as_ptr(), args.as_ptr(), (*it).index])
    })())
}

unsafe extern "C" fn longrangeiter_setstate(
    op: *mut PyObject,
    state: *mut PyObject,
) -> *mut PyObject {
    let it = op as *mut LongRangeIter;
    errors::ptr_result((|| {
        let zero = int(0)?;
        let v = if lt(state, zero.as_ptr())? {
            zero
        } else if lt((*it).len, state)? {
            new_ref((*it).len)
        } else {
            new_ref(state)
        };
        obj::replace_slot(&raw mut (*it).index, v.into_raw());
        Ok(obj::new_none())
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

const LENGTH_HINT_DOC: &core::ffi::CStr = c"Private method returning an estimate of len(list(it)).";

static mut RANGEITER_METHODS: [PyMethodDef; 4] = [
    fdef!(
        c"__length_hint__",
        rangeiter_len as BinFn,
        METH_NOARGS,
        LENGTH_HINT_DOC
    ),
    fdef!(
        c"__reduce__",
        rangeiter_reduce as BinFn,
        METH_NOARGS,
        DOC_REDUCE
    ),
    fdef!(
        c"__setstate__",
        rangeiter_setstate as BinFn,
        METH_O,
        DOC_SETSTATE
    ),
    METHOD_END,
];

static mut LONGRANGEITER_METHODS: [PyMethodDef; 4] = [
    fdef!(
        c"__length_hint__",
        longrangeiter_len as BinFn,
        METH_NOARGS,
        LENGTH_HINT_DOC
    ),
    fdef!(
        c"__reduce__",
        longrangeiter_reduce as BinFn,
        METH_NOARGS,
        DOC_REDUCE
    ),
    fdef!(
        c"__setstate__",
        longrangeiter_setstate as BinFn,
        METH_O,
        DOC_SETSTATE
    ),
    METHOD_END,
];

static mut RANGE_METHODS: [PyMethodDef; 5] = [
    method!(c"__reversed__", range_reverse as BinFn, METH_NOARGS, c"Return a reverse iterator."),
    method!(c"__reduce__", range_reduce as BinFn, METH_VARARGS, c""),
    method!(c"count", range_count as BinFn, METH_O, c"rangeobject.count(value) -> integer -- return number of occurrences of value"),
    method!(c"index", range_index as BinFn, METH_O, c"rangeobject.index(value) -> integer -- return index of value.\nRaise ValueError if the value is not present."),
    METHOD_END,
];

static mut RANGE_MEMBERS: [PyMemberDef; 4] = [
    PyMemberDef {
        name: c"start".as_ptr(),
        type_: T_OBJECT_EX,
        offset: offset_of!(RangeObject, start) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"stop".as_ptr(),
        type_: T_OBJECT_EX,
        offset: offset_of!(RangeObject, stop) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"step".as_ptr(),
        type_: T_OBJECT_EX,
        offset: offset_of!(RangeObject, step) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

static mut RANGE_AS_SEQUENCE: PySequenceMethods = {
    // SAFETY: all fields are optional function pointers; zero means "no slot".
    let mut sq: PySequenceMethods = unsafe { core::mem::zeroed() };
    sq.sq_length = Some(range_length);
    sq.sq_item = Some(range_item);
    sq.sq_contains = Some(range_contains);
    sq
};

static mut RANGE_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(range_length),
    mp_subscript: Some(range_subscript),
    mp_ass_subscript: None,
};

static mut RANGE_AS_NUMBER: PyNumberMethods = {
    // SAFETY: all fields are optional function pointers; zero means "no slot".
    let mut nb: PyNumberMethods = unsafe { core::mem::zeroed() };
    nb.nb_bool = Some(range_bool);
    nb
};

#[no_mangle]
pub static mut PyRange_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(range_dealloc),
    tp_repr: Some(range_repr),
    tp_as_number: &raw mut RANGE_AS_NUMBER,
    tp_as_sequence: &raw mut RANGE_AS_SEQUENCE,
    tp_as_mapping: &raw mut RANGE_AS_MAPPING,
    tp_hash: Some(range_hash),
    tp_getattro: Some(obj::PyObject_GenericGetAttr),
    tp_doc: c"range(stop) -> range object\nrange(start, stop[, step]) -> range object\n\nReturn an object that produces a sequence of integers from start (inclusive)\nto stop (exclusive) by step.  range(i, j) produces i, i+1, i+2, ..., j-1.\nstart defaults to 0, and stop is omitted!  range(4) produces 0, 1, 2, 3.\nThese are exactly the valid indices for a list of 4 elements.\nWhen step is given, it specifies the increment (or decrement).".as_ptr(),
    tp_richcompare: Some(range_richcompare),
    tp_iter: Some(range_iter),
    tp_methods: (&raw mut RANGE_METHODS).cast(),
    tp_members: (&raw mut RANGE_MEMBERS).cast(),
    tp_new: Some(range_new),
    tp_vectorcall: Some(range_vectorcall),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"range", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE)
};

#[no_mangle]
pub static mut PyRangeIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(range_iter_dealloc),
    tp_getattro: Some(obj::PyObject_GenericGetAttr),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(rangeiter_next),
    tp_methods: (&raw mut RANGEITER_METHODS).cast(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"range_iterator",
        48,
        0,
        Py_TPFLAGS_DEFAULT,
    )
};

unsafe extern "C" fn range_iter_dealloc(op: *mut PyObject) {
    crate::mem::obj_free(op.cast());
}

#[no_mangle]
pub static mut PyLongRangeIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(longrangeiter_dealloc),
    tp_getattro: Some(obj::PyObject_GenericGetAttr),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(longrangeiter_next),
    tp_methods: (&raw mut LONGRANGEITER_METHODS).cast(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"longrange_iterator",
        48,
        0,
        Py_TPFLAGS_DEFAULT,
    )
};
