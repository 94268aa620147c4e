//! `list` (CPython 3.11's Objects/listobject.c): the `PyListObject` layout with CPython's
//! over-allocation pattern (so `sys.getsizeof` agrees), item and slice access and
//! assignment, the methods with their messages, CPython's timsort (`listsort`, same
//! comparisons), and the forward and reverse list iterators.

use crate::abi::*;
use crate::abi::methodobject::*;
use crate::abi::listobject::PyListObject;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::{check_positional, method, no_keywords, METHOD_END};
use crate::objects::exceptions::{PyExc_IndexError, PyExc_TypeError};
use crate::objects::object::{self as obj, decref, incref, py_type, xdecref, Ref};
use super::typeobject::static_type;
use core::ffi::c_int;
use core::ptr::null_mut;

// ---------------------------------------------------------------------------------------------
// Storage.

#[inline(always)]
unsafe fn as_list(op: *mut PyObject) -> *mut PyListObject {
    op.cast()
}

/// `Py_SIZE(list)`.
///
/// # Safety
/// `op` is a live list.
#[inline(always)]
pub unsafe fn len(op: *mut PyObject) -> Py_ssize_t {
    (*as_list(op)).ob_base.ob_size
}

#[inline(always)]
unsafe fn set_len(op: *mut PyObject, n: Py_ssize_t) {
    (*as_list(op)).ob_base.ob_size = n;
}

/// The item array (`ob_item`), NULL for an empty list that never held anything.
///
/// # Safety
/// `op` is a live list.
#[inline(always)]
pub unsafe fn items(op: *mut PyObject) -> *mut *mut PyObject {
    (*as_list(op)).ob_item
}

/// `PyList_Check`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn check(op: *mut PyObject) -> bool {
    obj::has_feature(py_type(op), Py_TPFLAGS_LIST_SUBCLASS)
}

/// `PyList_CheckExact`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn check_exact(op: *mut PyObject) -> bool {
    obj::is_type(op, &raw mut PyList_Type)
}

/// `list_resize`: sets the size to `newsize`, reallocating with CPython's growth pattern
/// (0, 4, 8, 16, 24, 32, 40, 52, 64, 76, ...) when the allocation is too small or more
/// than twice too big. New slots are not initialized.
unsafe fn resize(op: *mut PyObject, newsize: Py_ssize_t) -> PyResult<()> {
    let l = as_list(op);
    let allocated = (*l).allocated;
    if allocated >= newsize && newsize >= (allocated >> 1) {
        set_len(op, newsize);
        return Ok(());
    }
    let n = newsize as usize;
    let mut new_allocated = (n + (n >> 3) + 6) & !3usize;
    if newsize - len(op) > (new_allocated as isize - newsize) {
        new_allocated = (n + 3) & !3usize;
    }
    if newsize == 0 {
        new_allocated = 0;
    }
    let items = if new_allocated <= isize::MAX as usize / core::mem::size_of::<*mut PyObject>() {
        crate::mem::mem_realloc((*l).ob_item.cast(), new_allocated * core::mem::size_of::<*mut PyObject>())
    } else {
        null_mut()
    };
    if items.is_null() && new_allocated != 0 {
        return Err(errors::no_memory());
    }
    (*l).ob_item = items.cast();
    set_len(op, newsize);
    (*l).allocated = new_allocated as Py_ssize_t;
    Ok(())
}

/// `list_preallocate_exact`: room for `size` items (rounded up to even) in an empty list
/// that has no array yet.
unsafe fn preallocate_exact(op: *mut PyObject, size: Py_ssize_t) -> PyResult<()> {
    let size = (size + 1) & !1;
    let items = crate::mem::mem_malloc(size as usize * core::mem::size_of::<*mut PyObject>());
    if items.is_null() {
        return Err(errors::no_memory());
    }
    (*as_list(op)).ob_item = items.cast();
    (*as_list(op)).allocated = size;
    Ok(())
}

/// `PyList_New(size)`: a list of `size` NULL items (the caller fills them).
///
/// # Safety
/// A thread state is current.
pub unsafe fn new(size: Py_ssize_t) -> PyResult<Ref> {
    if size < 0 {
        return Err(errors::bad_internal_call());
    }
    let tp = &raw mut PyList_Type;
    let op = match free_list_pop() {
        Some(op) => op,
        None => crate::mem::gc::alloc(tp, core::mem::size_of::<PyListObject>())?,
    };
    obj::init_object(op, tp);
    let l = as_list(op);
    (*l).ob_item = null_mut();
    (*l).ob_base.ob_size = 0;
    (*l).allocated = 0;
    let op = Ref::from_raw(op);
    if size > 0 {
        let items = crate::mem::mem_calloc(size as usize, core::mem::size_of::<*mut PyObject>());
        if items.is_null() {
            return Err(errors::no_memory());
        }
        (*l).ob_item = items.cast();
    }
    (*l).ob_base.ob_size = size;
    (*l).allocated = size;
    crate::mem::gc::track(op.as_ptr());
    Ok(op)
}

// The free list: up to 80 dead exact list objects (their item arrays already freed) kept in
// `interp->list`, as CPython 3.11. Reported by [`free_list_stats`], released by
// [`clear_free_list`] (full collections, finalization).

unsafe fn list_state() -> *mut crate::abi::pycore_interp::_Py_list_state {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() {
        return null_mut();
    }
    &raw mut (*interp).list
}

unsafe fn free_list_pop() -> Option<*mut PyObject> {
    let st = list_state();
    if st.is_null() || (*st).numfree <= 0 {
        return None;
    }
    (*st).numfree -= 1;
    Some((*st).free_list[(*st).numfree as usize].cast())
}

unsafe fn free_list_push(op: *mut PyObject) -> bool {
    let st = list_state();
    if st.is_null()
        || py_type(op) != &raw mut PyList_Type
        || (*st).numfree as usize >= crate::abi::pycore_interp::PyList_MAXFREELIST
    {
        return false;
    }
    (*st).free_list[(*st).numfree as usize] = op.cast();
    (*st).numfree += 1;
    true
}

/// How many list objects the free list holds and their bytes (object plus GC header).
pub fn free_list_stats() -> (usize, usize) {
    // SAFETY: reads the current interpreter's counter.
    unsafe {
        let st = list_state();
        let n = if st.is_null() { 0 } else { (*st).numfree.max(0) as usize };
        (n, n * (core::mem::size_of::<PyListObject>() + core::mem::size_of::<crate::abi::pycore_gc::PyGC_Head>()))
    }
}

/// `_PyList_ClearFreeList`.
///
/// # Safety
/// With the GIL held.
pub unsafe fn clear_free_list() {
    while let Some(op) = free_list_pop() {
        crate::mem::gc::free(op);
    }
}

/// `list_new_prealloc`: an empty list with room for exactly `size` items.
unsafe fn new_prealloc(size: Py_ssize_t) -> PyResult<Ref> {
    let op = new(0)?;
    let items = crate::mem::mem_malloc(size as usize * core::mem::size_of::<*mut PyObject>());
    if items.is_null() {
        return Err(errors::no_memory());
    }
    (*as_list(op.as_ptr())).ob_item = items.cast();
    (*as_list(op.as_ptr())).allocated = size;
    Ok(op)
}

/// A list of new references to `objects`.
///
/// # Safety
/// Every pointer is a live object.
pub unsafe fn from_slice(objects: &[*mut PyObject]) -> PyResult<Ref> {
    let l = new(objects.len() as Py_ssize_t)?;
    let dst = items(l.as_ptr());
    for (i, &o) in objects.iter().enumerate() {
        incref(o);
        *dst.add(i) = o;
    }
    Ok(l)
}

/// `PyList_SET_ITEM` with an owned reference, into a slot that holds NULL.
///
/// # Safety
/// `op` is a list and `i` within its size; the slot holds no reference.
#[inline]
pub unsafe fn set_item_unchecked(op: *mut PyObject, i: Py_ssize_t, item: Ref) {
    *items(op).offset(i) = item.into_raw();
}

/// `_PyList_AppendTakeRef`.
#[inline]
unsafe fn append_take(op: *mut PyObject, item: Ref) -> PyResult<()> {
    let n = len(op);
    if n < (*as_list(op)).allocated {
        *items(op).offset(n) = item.into_raw();
        set_len(op, n + 1);
        return Ok(());
    }
    resize(op, n + 1)?;
    *items(op).offset(n) = item.into_raw();
    Ok(())
}

/// `PyList_Append`.
///
/// # Safety
/// `op` is a live list, `v` a live object.
#[inline]
pub unsafe fn append(op: *mut PyObject, v: *mut PyObject) -> PyResult<()> {
    append_take(op, Ref::from_borrowed(v))
}

/// `ins1` / `PyList_Insert`: inserts before `where_` (clamped; negative counts from the end).
///
/// # Safety
/// `op` is a live list, `v` a live object.
pub unsafe fn insert(op: *mut PyObject, mut where_: Py_ssize_t, v: *mut PyObject) -> PyResult<()> {
    let n = len(op);
    if n == isize::MAX {
        return Err(errors::overflow_error("cannot add more objects to list"));
    }
    resize(op, n + 1)?;
    if where_ < 0 {
        where_ += n;
        if where_ < 0 {
            where_ = 0;
        }
    }
    if where_ > n {
        where_ = n;
    }
    let its = items(op);
    core::ptr::copy(its.offset(where_), its.offset(where_ + 1), (n - where_) as usize);
    incref(v);
    *its.offset(where_) = v;
    Ok(())
}

/// `valid_index`.
#[inline(always)]
fn valid_index(i: Py_ssize_t, limit: Py_ssize_t) -> bool {
    (i as usize) < (limit as usize)
}

/// `PyList_GetItem`: borrowed; IndexError "list index out of range".
///
/// # Safety
/// `op` is a live list.
pub unsafe fn get_item(op: *mut PyObject, i: Py_ssize_t) -> PyResult<*mut PyObject> {
    if !valid_index(i, len(op)) {
        return Err(errors::index_error("list index out of range"));
    }
    Ok(*items(op).offset(i))
}

/// `PyList_SetItem`: stores an owned reference, releasing the old item.
///
/// # Safety
/// `op` is a live list; `v` NULL or an owned reference (consumed even on error).
pub unsafe fn set_item_steal(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> PyResult<()> {
    if !valid_index(i, len(op)) {
        xdecref(v);
        return Err(errors::index_error("list assignment index out of range"));
    }
    obj::replace_slot(items(op).offset(i), v);
    Ok(())
}

/// `list_slice`: a new list of `op[ilow:ihigh]` (clamped).
///
/// # Safety
/// `op` is a live list.
pub unsafe fn slice(op: *mut PyObject, mut ilow: Py_ssize_t, mut ihigh: Py_ssize_t) -> PyResult<Ref> {
    let n = len(op);
    if ilow < 0 {
        ilow = 0;
    } else if ilow > n {
        ilow = n;
    }
    if ihigh < ilow {
        ihigh = ilow;
    } else if ihigh > n {
        ihigh = n;
    }
    let m = ihigh - ilow;
    if m <= 0 {
        return new(0);
    }
    let np = new_prealloc(m)?;
    let src = items(op).offset(ilow);
    let dst = items(np.as_ptr());
    for i in 0..m {
        let v = *src.offset(i);
        incref(v);
        *dst.offset(i) = v;
    }
    set_len(np.as_ptr(), m);
    Ok(np)
}

/// `_list_clear`: empties the list (items released after it is already empty).
unsafe fn clear_items(op: *mut PyObject) {
    let its = items(op);
    if its.is_null() {
        return;
    }
    let n = len(op);
    set_len(op, 0);
    (*as_list(op)).ob_item = null_mut();
    (*as_list(op)).allocated = 0;
    for i in (0..n).rev() {
        xdecref(*its.offset(i));
    }
    crate::mem::mem_free(its.cast());
}

/// `list_ass_slice`: `op[ilow:ihigh] = v` (`v` NULL deletes).
///
/// # Safety
/// `op` is a live list; `v` NULL or a live object.
pub unsafe fn ass_slice(op: *mut PyObject, mut ilow: Py_ssize_t, mut ihigh: Py_ssize_t, v: *mut PyObject) -> PyResult<()> {
    let mut _keep: Option<Ref> = None;
    let (n, vitems) = if v.is_null() {
        (0, null_mut())
    } else {
        let seq = if v == op {
            slice(v, 0, len(v))?
        } else {
            super::r#abstract::sequence::fast(v, "can only assign an iterable")?
        };
        let r = (super::r#abstract::sequence::fast_len(seq.as_ptr()), super::r#abstract::sequence::fast_items(seq.as_ptr()));
        _keep = Some(seq);
        r
    };
    let size = len(op);
    if ilow < 0 {
        ilow = 0;
    } else if ilow > size {
        ilow = size;
    }
    if ihigh < ilow {
        ihigh = ilow;
    } else if ihigh > size {
        ihigh = size;
    }
    let norig = ihigh - ilow;
    let d = n - norig;
    if size + d == 0 {
        clear_items(op);
        return Ok(());
    }
    // Items removed are released only once the list is consistent again.
    let recycle: Vec<*mut PyObject> =
        if norig > 0 { core::slice::from_raw_parts(items(op).offset(ilow), norig as usize).to_vec() } else { Vec::new() };
    if d < 0 {
        let its = items(op);
        let tail = (size - ihigh) as usize;
        core::ptr::copy(its.offset(ihigh), its.offset(ihigh + d), tail);
        if let Err(e) = resize(op, size + d) {
            core::ptr::copy(its.offset(ihigh + d), its.offset(ihigh), tail);
            core::ptr::copy_nonoverlapping(recycle.as_ptr(), its.offset(ilow), recycle.len());
            return Err(e);
        }
    } else if d > 0 {
        resize(op, size + d)?;
        let its = items(op);
        core::ptr::copy(its.offset(ihigh), its.offset(ihigh + d), (size - ihigh) as usize);
    }
    let its = items(op);
    for k in 0..n {
        let w = *vitems.offset(k);
        obj::xincref(w);
        *its.offset(ilow + k) = w;
    }
    for &r in recycle.iter().rev() {
        xdecref(r);
    }
    Ok(())
}

/// `list_extend` (`_PyList_Extend`): appends the items of any iterable.
///
/// # Safety
/// `op` is a live list, `iterable` a live object.
pub unsafe fn extend(op: *mut PyObject, iterable: *mut PyObject) -> PyResult<()> {
    if check_exact(iterable) || obj::is_type(iterable, &raw mut super::tupleobject::PyTuple_Type) || iterable == op {
        let seq = super::r#abstract::sequence::fast(iterable, "argument must be iterable")?;
        let n = super::r#abstract::sequence::fast_len(seq.as_ptr());
        if n == 0 {
            return Ok(());
        }
        let m = len(op);
        if items(op).is_null() {
            preallocate_exact(op, n)?;
            set_len(op, n);
        } else {
            resize(op, m + n)?;
        }
        let src = super::r#abstract::sequence::fast_items(seq.as_ptr());
        let dst = items(op).offset(m);
        for i in 0..n {
            let o = *src.offset(i);
            incref(o);
            *dst.offset(i) = o;
        }
        return Ok(());
    }
    let it = super::r#abstract::iter::get_iter(iterable)?;
    let n = super::r#abstract::mapping::length_hint(iterable, 8)?;
    let m = len(op);
    if m > isize::MAX - n {
        // The hint overflowed: ignore it.
    } else if items(op).is_null() {
        if n != 0 {
            preallocate_exact(op, n)?;
        }
    } else {
        resize(op, m + n)?;
        set_len(op, m);
    }
    while let Some(item) = super::r#abstract::iter::next(it.as_ptr())? {
        append_take(op, item)?;
    }
    if len(op) < (*as_list(op)).allocated {
        resize(op, len(op))?;
    }
    Ok(())
}

/// `list(iterable)` (`PySequence_List`).
///
/// # Safety
/// `iterable` is a live object.
pub unsafe fn from_iterable(iterable: *mut PyObject) -> PyResult<Ref> {
    let l = new(0)?;
    extend(l.as_ptr(), iterable)?;
    Ok(l)
}

/// `PyList_AsTuple`.
///
/// # Safety
/// `op` is a live list.
pub unsafe fn as_tuple(op: *mut PyObject) -> PyResult<Ref> {
    super::tupleobject::from_slice(core::slice::from_raw_parts(items_or_dangling(op), len(op) as usize))
}

#[inline]
unsafe fn items_or_dangling(op: *mut PyObject) -> *mut *mut PyObject {
    let p = items(op);
    if p.is_null() { core::ptr::NonNull::dangling().as_ptr() } else { p }
}

/// `PyList_Reverse` / `list.reverse()`.
///
/// # Safety
/// `op` is a live list.
pub unsafe fn reverse(op: *mut PyObject) {
    let n = len(op);
    if n > 1 {
        core::slice::from_raw_parts_mut(items(op), n as usize).reverse();
    }
}

// ---------------------------------------------------------------------------------------------
// Sorting.

include!("listsort.rs");

/// `list.sort(key=None, reverse=False)` (`list_sort_impl`): stable; while sorting the list
/// looks empty, and any change made meanwhile raises "list modified during sort".
///
/// # Safety
/// `op` is a live list; `keyfunc` NULL, None or a callable.
pub unsafe fn sort(op: *mut PyObject, keyfunc: *mut PyObject, reverse_: bool) -> PyResult<()> {
    let keyfunc = if keyfunc == obj::none() { null_mut() } else { keyfunc };
    let l = as_list(op);
    let saved_size = len(op);
    let saved_items = items(op);
    let saved_allocated = (*l).allocated;
    set_len(op, 0);
    (*l).ob_item = null_mut();
    (*l).allocated = -1;

    let result: PyResult<()> = (|| {
        let n = saved_size as usize;
        let values: &mut [*mut PyObject] =
            if n == 0 { &mut [] } else { core::slice::from_raw_parts_mut(saved_items, n) };
        let mut lt = |a: &*mut PyObject, b: &*mut PyObject| obj::rich_compare_bool(*a, *b, obj::Py_LT);
        if keyfunc.is_null() {
            if reverse_ {
                values.reverse();
            }
            let r = timsort::sort(values, &mut lt);
            if reverse_ {
                values.reverse();
            }
            return r;
        }
        // Keys computed first; then (key, item) pairs are sorted by key.
        let mut keys: Vec<Ref> = Vec::with_capacity(n);
        for &v in values.iter() {
            keys.push(crate::objects::dictobject::call_positional(keyfunc, &[v])?);
        }
        let mut pairs: Vec<(*mut PyObject, *mut PyObject)> = keys.iter().map(|k| k.as_ptr()).zip(values.iter().copied()).collect();
        if reverse_ {
            pairs.reverse();
        }
        let r = timsort::sort(&mut pairs, &mut |a, b| obj::rich_compare_bool(a.0, b.0, obj::Py_LT));
        if reverse_ {
            pairs.reverse();
        }
        for (slot, p) in values.iter_mut().zip(pairs.iter()) {
            *slot = p.1;
        }
        r
    })();
    let result = if result.is_ok() && (*l).allocated != -1 {
        Err(errors::value_error("list modified during sort"))
    } else {
        result
    };
    let final_items = items(op);
    let final_len = len(op);
    set_len(op, saved_size);
    (*l).ob_item = saved_items;
    (*l).allocated = saved_allocated;
    if !final_items.is_null() {
        for i in (0..final_len).rev() {
            xdecref(*final_items.offset(i));
        }
        crate::mem::mem_free(final_items.cast());
    }
    result
}

// ---------------------------------------------------------------------------------------------
// Slots.

unsafe extern "C" fn list_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let its = items(op);
    if !its.is_null() {
        for i in (0..len(op)).rev() {
            xdecref(*its.offset(i));
        }
        crate::mem::mem_free(its.cast());
    }
    if free_list_push(op) {
        return;
    }
    match (*py_type(op)).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe extern "C" fn list_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let mut i = len(op);
    while i > 0 {
        i -= 1;
        let o = *items(op).offset(i);
        if !o.is_null() {
            let r = visit(o, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn list_tp_clear(op: *mut PyObject) -> c_int {
    clear_items(op);
    0
}

unsafe fn repr_impl(op: *mut PyObject) -> PyResult<Ref> {
    if len(op) == 0 {
        return super::unicodeobject::new_str("[]");
    }
    if obj::repr_enter(op)? {
        return super::unicodeobject::new_str("[...]");
    }
    let r = (|| {
        let mut out = String::from("[");
        let mut i = 0;
        // The list may change while items are repr'd: re-check the size each time.
        while i < len(op) {
            if i > 0 {
                out.push_str(", ");
            }
            let item = Ref::from_borrowed(*items(op).offset(i));
            let s = obj::repr(item.as_ptr())?;
            out.push_str(&obj::str_text(s.as_ptr()));
            i += 1;
        }
        out.push(']');
        super::unicodeobject::new_str(&out)
    })();
    obj::repr_leave(op);
    r
}

unsafe extern "C" fn list_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(repr_impl(op))
}

/// `Py_RETURN_RICHCOMPARE` on two sizes.
fn compare_sizes(a: Py_ssize_t, b: Py_ssize_t, op: c_int) -> bool {
    match op {
        obj::Py_LT => a < b,
        obj::Py_LE => a <= b,
        obj::Py_EQ => a == b,
        obj::Py_NE => a != b,
        obj::Py_GT => a > b,
        _ => a >= b,
    }
}

/// `list_richcompare` (also used by tuples through their own item arrays).
pub(crate) unsafe fn sequence_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    vitems: unsafe fn(*mut PyObject) -> *mut *mut PyObject,
    vlen: unsafe fn(*mut PyObject) -> Py_ssize_t,
    op: c_int,
) -> PyResult<Ref> {
    if vlen(v) != vlen(w) && (op == obj::Py_EQ || op == obj::Py_NE) {
        return Ok(obj::new_bool(op == obj::Py_NE));
    }
    let mut i = 0;
    while i < vlen(v) && i < vlen(w) {
        let a = *vitems(v).offset(i);
        let b = *vitems(w).offset(i);
        if a != b {
            let (a, b) = (Ref::from_borrowed(a), Ref::from_borrowed(b));
            if !obj::rich_compare_bool(a.as_ptr(), b.as_ptr(), obj::Py_EQ)? {
                break;
            }
        }
        i += 1;
    }
    if i >= vlen(v) || i >= vlen(w) {
        return Ok(obj::new_bool(compare_sizes(vlen(v), vlen(w), op)));
    }
    if op == obj::Py_EQ {
        return Ok(obj::new_bool(false));
    }
    if op == obj::Py_NE {
        return Ok(obj::new_bool(true));
    }
    let (a, b) = (Ref::from_borrowed(*vitems(v).offset(i)), Ref::from_borrowed(*vitems(w).offset(i)));
    obj::rich_compare(a.as_ptr(), b.as_ptr(), op)
}

unsafe extern "C" fn list_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    if !check(v) || !check(w) {
        return obj::new_ref(obj::not_implemented()).into_raw();
    }
    errors::ptr_result(sequence_richcompare(v, w, items, len, op))
}

unsafe extern "C" fn list_length(op: *mut PyObject) -> Py_ssize_t {
    len(op)
}

unsafe extern "C" fn list_contains(op: *mut PyObject, el: *mut PyObject) -> c_int {
    errors::bool_result((|| {
        let mut i = 0;
        while i < len(op) {
            let item = Ref::from_borrowed(*items(op).offset(i));
            if obj::rich_compare_bool(item.as_ptr(), el, obj::Py_EQ)? {
                return Ok(true);
            }
            i += 1;
        }
        Ok(false)
    })())
}

unsafe extern "C" fn list_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    match get_item(op, i) {
        Ok(v) => obj::new_ref(v).into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn list_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if !check(b) {
            return Err(errors::type_error(&format!(
                "can only concatenate list (not \"{}\") to list",
                obj::type_name_trunc(py_type(b), 200)
            )));
        }
        let size = len(a) + len(b);
        if size == 0 {
            return new(0);
        }
        let np = new_prealloc(size)?;
        let dst = items(np.as_ptr());
        for i in 0..len(a) {
            let v = *items(a).offset(i);
            incref(v);
            *dst.offset(i) = v;
        }
        for i in 0..len(b) {
            let v = *items(b).offset(i);
            incref(v);
            *dst.offset(len(a) + i) = v;
        }
        set_len(np.as_ptr(), size);
        Ok(np)
    })())
}

unsafe extern "C" fn list_repeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = n.max(0);
        let m = len(a);
        if n > 0 && m > isize::MAX / n {
            return Err(errors::no_memory());
        }
        let size = m * n;
        if size == 0 {
            return new(0);
        }
        let np = new_prealloc(size)?;
        let dst = items(np.as_ptr());
        let mut p = 0;
        for _ in 0..n {
            for j in 0..m {
                let v = *items(a).offset(j);
                incref(v);
                *dst.offset(p) = v;
                p += 1;
            }
        }
        set_len(np.as_ptr(), size);
        Ok(np)
    })())
}

unsafe extern "C" fn list_ass_item(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    if !valid_index(i, len(op)) {
        return errors::int_result(Err(errors::index_error("list assignment index out of range")));
    }
    if v.is_null() {
        return errors::int_result(ass_slice(op, i, i + 1, null_mut()));
    }
    incref(v);
    obj::replace_slot(items(op).offset(i), v);
    0
}

unsafe extern "C" fn list_inplace_concat(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(extend(op, other).map(|()| Ref::from_borrowed(op)))
}

unsafe extern "C" fn list_inplace_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let size = len(op);
        if size == 0 || n == 1 {
            return Ok(Ref::from_borrowed(op));
        }
        if n < 1 {
            clear_items(op);
            return Ok(Ref::from_borrowed(op));
        }
        if size > isize::MAX / n {
            return Err(errors::no_memory());
        }
        resize(op, size * n)?;
        let its = items(op);
        let mut p = size;
        for _ in 1..n {
            for j in 0..size {
                let o = *its.offset(j);
                incref(o);
                *its.offset(p) = o;
                p += 1;
            }
        }
        Ok(Ref::from_borrowed(op))
    })())
}

unsafe fn subscript(op: *mut PyObject, item: *mut PyObject) -> PyResult<Ref> {
    if super::r#abstract::mapping::index_check(item) {
        let mut i = super::longobject::as_ssize_index(item, PyExc_IndexError)?;
        if i < 0 {
            i += len(op);
        }
        return Ok(Ref::from_borrowed(get_item(op, i)?));
    }
    if super::sliceobject::check(item) {
        let (start, _stop, step, n) = super::sliceobject::indices_ex(item, len(op))?;
        if n <= 0 {
            return new(0);
        }
        if step == 1 {
            return slice(op, start, start + n);
        }
        let np = new_prealloc(n)?;
        let dst = items(np.as_ptr());
        let mut cur = start as usize;
        for i in 0..n {
            let v = *items(op).add(cur);
            incref(v);
            *dst.offset(i) = v;
            cur = cur.wrapping_add(step as usize);
        }
        set_len(np.as_ptr(), n);
        return Ok(np);
    }
    Err(errors::type_error(&format!(
        "list indices must be integers or slices, not {}",
        obj::type_name_trunc(py_type(item), 200)
    )))
}

unsafe extern "C" fn list_subscript(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(subscript(op, item))
}

unsafe fn ass_subscript(op: *mut PyObject, item: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    if super::r#abstract::mapping::index_check(item) {
        let mut i = super::longobject::as_ssize_index(item, PyExc_IndexError)?;
        if i < 0 {
            i += len(op);
        }
        return super::r#abstract::mapping::errors_from_int(list_ass_item(op, i, value));
    }
    if !super::sliceobject::check(item) {
        return Err(errors::type_error(&format!(
            "list indices must be integers or slices, not {}",
            obj::type_name_trunc(py_type(item), 200)
        )));
    }
    let (mut start, mut stop, mut step) = super::sliceobject::unpack(item)?;
    let slicelength = super::sliceobject::adjust_indices(len(op), &mut start, &mut stop, step);
    if step == 1 {
        return ass_slice(op, start, stop, value);
    }
    if (step < 0 && start < stop) || (step > 0 && start > stop) {
        stop = start;
    }
    if value.is_null() {
        if slicelength <= 0 {
            return Ok(());
        }
        if step < 0 {
            stop = start + 1;
            start = stop + step * (slicelength - 1) - 1;
            step = -step;
        }
        let mut garbage: Vec<*mut PyObject> = Vec::with_capacity(slicelength as usize);
        let its = items(op);
        let size = len(op) as usize;
        let (start, stop, step) = (start as usize, stop as usize, step as usize);
        let mut cur = start;
        let mut i = 0usize;
        while cur < stop {
            garbage.push(*its.add(cur));
            let lim = if cur + step >= size { size - cur - 1 } else { step - 1 };
            core::ptr::copy(its.add(cur + 1), its.add(cur - i), lim);
            cur += step;
            i += 1;
        }
        let cur = start + slicelength as usize * step;
        if cur < size {
            core::ptr::copy(its.add(cur), its.add(cur - slicelength as usize), size - cur);
        }
        set_len(op, len(op) - slicelength);
        let r = resize(op, len(op));
        for g in garbage {
            decref(g);
        }
        return r;
    }
    let seq = if value == op {
        slice(value, 0, len(value))?
    } else {
        super::r#abstract::sequence::fast(value, "must assign iterable to extended slice")?
    };
    let n = super::r#abstract::sequence::fast_len(seq.as_ptr());
    if n != slicelength {
        return Err(errors::value_error(&format!(
            "attempt to assign sequence of size {n} to extended slice of size {slicelength}"
        )));
    }
    if slicelength == 0 {
        return Ok(());
    }
    let src = super::r#abstract::sequence::fast_items(seq.as_ptr());
    let its = items(op);
    let mut garbage: Vec<*mut PyObject> = Vec::with_capacity(slicelength as usize);
    let mut cur = start as usize;
    for i in 0..slicelength {
        garbage.push(*its.add(cur));
        let ins = *src.offset(i);
        incref(ins);
        *its.add(cur) = ins;
        cur = cur.wrapping_add(step as usize);
    }
    for g in garbage {
        decref(g);
    }
    Ok(())
}

unsafe extern "C" fn list_ass_subscript(op: *mut PyObject, item: *mut PyObject, value: *mut PyObject) -> c_int {
    errors::int_result(ass_subscript(op, item, value))
}

/// `list.__init__(iterable=(), /)`.
unsafe fn init_impl(op: *mut PyObject, iterable: *mut PyObject) -> PyResult<()> {
    if !items(op).is_null() {
        clear_items(op);
    }
    if !iterable.is_null() {
        if super::r#abstract::mapping::has_len(iterable) {
            match super::r#abstract::mapping::size(iterable) {
                Ok(n) => {
                    if n > 0 && items(op).is_null() {
                        preallocate_exact(op, n)?;
                    }
                }
                Err(e) => {
                    if !crate::objects::dictobject::occurred_matches(PyExc_TypeError) {
                        return Err(e);
                    }
                    errors::clear();
                }
            }
        }
        extend(op, iterable)?;
    }
    Ok(())
}

unsafe extern "C" fn list_init(op: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> c_int {
    errors::int_result((|| {
        // Subclasses that keep list's __new__ take no keywords either (list___init__).
        if check_exact(op) || (*obj::py_type(op)).tp_new.map(|f| f as usize) == PyList_Type.tp_new.map(|f| f as usize) {
            no_keywords("list", kwargs)?;
        }
        let n = (*(args as *mut PyVarObject)).ob_size;
        check_positional("list", n, 0, 1)?;
        init_impl(op, if n > 0 { *super::tupleobject::items(args) } else { null_mut() })
    })())
}

/// An empty list of `tp` (`PyType_GenericAlloc` for subclasses).
unsafe fn new_of_type(tp: *mut PyTypeObject) -> PyResult<Ref> {
    if tp == &raw mut PyList_Type {
        return new(0);
    }
    let Some(alloc) = (*tp).tp_alloc else { return Err(errors::bad_internal_call()) };
    Ref::from_result(alloc(tp, 0))
}

unsafe extern "C" fn list_new(tp: *mut PyTypeObject, _args: *mut PyObject, _kw: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_of_type(tp))
}

unsafe extern "C" fn list_vectorcall(tp: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject {
    let nargs = (nargsf & !(1usize << (usize::BITS - 1))) as Py_ssize_t;
    errors::ptr_result((|| {
        if !kwnames.is_null() && (*(kwnames as *mut PyVarObject)).ob_size != 0 {
            return Err(errors::type_error("list() takes no keyword arguments"));
        }
        check_positional("list", nargs, 0, 1)?;
        let l = new_of_type(tp.cast())?;
        if nargs > 0 {
            init_impl(l.as_ptr(), *args)?;
        }
        Ok(l)
    })())
}

unsafe extern "C" fn list_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_iter(op, &raw mut PyListIter_Type, 0))
}

// ---------------------------------------------------------------------------------------------
// Methods.

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type FastKwFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t, *mut PyObject) -> *mut PyObject;

/// A Py_ssize_t argument as Argument Clinic converts it (`__index__`, OverflowError).
unsafe fn ssize_arg(o: *mut PyObject) -> PyResult<Py_ssize_t> {
    let i = super::longobject::index(o)?;
    super::longobject::as_isize(i.as_ptr())
}

unsafe extern "C" fn m_append(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(append(op, v).map(|()| obj::new_none()))
}

unsafe extern "C" fn m_insert(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        check_positional("insert", nargs, 2, 2)?;
        let i = ssize_arg(*args)?;
        insert(op, i, *args.add(1))?;
        Ok(obj::new_none())
    })())
}

unsafe extern "C" fn m_extend(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(extend(op, v).map(|()| obj::new_none()))
}

/// `list.pop(index=-1)`.
pub unsafe fn pop(op: *mut PyObject, mut index: Py_ssize_t) -> PyResult<Ref> {
    let n = len(op);
    if n == 0 {
        return Err(errors::index_error("pop from empty list"));
    }
    if index < 0 {
        index += n;
    }
    if !valid_index(index, n) {
        return Err(errors::index_error("pop index out of range"));
    }
    let v = *items(op).offset(index);
    if index == n - 1 {
        resize(op, n - 1)?;
        return Ok(Ref::from_raw(v));
    }
    let v = Ref::from_borrowed(v);
    ass_slice(op, index, index + 1, null_mut())?;
    Ok(v)
}

unsafe extern "C" fn m_pop(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        check_positional("pop", nargs, 0, 1)?;
        let i = if nargs > 0 { ssize_arg(*args)? } else { -1 };
        pop(op, i)
    })())
}

unsafe extern "C" fn m_remove(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut i = 0;
        while i < len(op) {
            let item = Ref::from_borrowed(*items(op).offset(i));
            if obj::rich_compare_bool(item.as_ptr(), v, obj::Py_EQ)? {
                ass_slice(op, i, i + 1, null_mut())?;
                return Ok(obj::new_none());
            }
            i += 1;
        }
        Err(errors::value_error("list.remove(x): x not in list"))
    })())
}

unsafe extern "C" fn m_index(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        check_positional("index", nargs, 1, 3)?;
        let value = *args;
        let mut start = if nargs > 1 { super::sliceobject::slice_index_not_none(*args.add(1))? } else { 0 };
        let mut stop = if nargs > 2 { super::sliceobject::slice_index_not_none(*args.add(2))? } else { isize::MAX };
        if start < 0 {
            start += len(op);
            if start < 0 {
                start = 0;
            }
        }
        if stop < 0 {
            stop += len(op);
        }
        let mut i = start;
        while i < stop && i < len(op) {
            let item = Ref::from_borrowed(*items(op).offset(i));
            if obj::rich_compare_bool(item.as_ptr(), value, obj::Py_EQ)? {
                return super::longobject::from_isize(i);
            }
            i += 1;
        }
        let r = obj::repr(value)?;
        Err(errors::value_error(&format!("{} is not in list", obj::str_text(r.as_ptr()))))
    })())
}

unsafe extern "C" fn m_count(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut count = 0;
        let mut i = 0;
        while i < len(op) {
            let item = *items(op).offset(i);
            if item == v {
                count += 1;
            } else {
                let item = Ref::from_borrowed(item);
                if obj::rich_compare_bool(item.as_ptr(), v, obj::Py_EQ)? {
                    count += 1;
                }
            }
            i += 1;
        }
        super::longobject::from_isize(count)
    })())
}

unsafe extern "C" fn m_clear(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    clear_items(op);
    obj::new_none().into_raw()
}

unsafe extern "C" fn m_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(slice(op, 0, len(op)))
}

unsafe extern "C" fn m_reverse(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    reverse(op);
    obj::new_none().into_raw()
}

/// `list.sort(*, key=None, reverse=False)`.
unsafe extern "C" fn m_sort(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t, kwnames: *mut PyObject) -> *mut PyObject {
    let nargs = (nargs as usize & !(1usize << (usize::BITS - 1))) as Py_ssize_t;
    errors::ptr_result((|| {
        if nargs > 0 {
            return Err(errors::type_error("sort() takes no positional arguments"));
        }
        let (mut key, mut rev) = (null_mut(), false);
        if !kwnames.is_null() {
            let n = (*(kwnames as *mut PyVarObject)).ob_size;
            for i in 0..n {
                let name = *super::tupleobject::items(kwnames).offset(i);
                let value = *args.offset(nargs + i);
                match obj::str_text(name).as_str() {
                    "key" => key = value,
                    "reverse" => {
                        let i = super::longobject::index(value)?;
                        rev = super::longobject::as_i64(i.as_ptr())? != 0;
                    }
                    other => {
                        return Err(errors::type_error(&format!("'{other}' is an invalid keyword argument for sort()")));
                    }
                }
            }
        }
        sort(op, key, rev)?;
        Ok(obj::new_none())
    })())
}

unsafe extern "C" fn m_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_iter(op, &raw mut PyListRevIter_Type, len(op) - 1))
}

unsafe extern "C" fn m_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let size = (*py_type(op)).tp_basicsize + (*as_list(op)).allocated * core::mem::size_of::<*mut PyObject>() as isize;
    errors::ptr_result(super::longobject::from_isize(size))
}

static mut LIST_METHODS: [PyMethodDef; 15] = [
    method!(c"__getitem__", list_subscript as BinFn, METH_O | METH_COEXIST, c"x.__getitem__(y) <==> x[y]"),
    method!(c"__reversed__", m_reversed as BinFn, METH_NOARGS, c"__reversed__($self, /)\n--\n\nReturn a reverse iterator over the list."),
    method!(c"__sizeof__", m_sizeof as BinFn, METH_NOARGS, c"__sizeof__($self, /)\n--\n\nReturn the size of the list in memory, in bytes."),
    method!(c"clear", m_clear as BinFn, METH_NOARGS, c"clear($self, /)\n--\n\nRemove all items from list."),
    method!(c"copy", m_copy as BinFn, METH_NOARGS, c"copy($self, /)\n--\n\nReturn a shallow copy of the list."),
    method!(c"append", m_append as BinFn, METH_O, c"append($self, object, /)\n--\n\nAppend object to the end of the list."),
    method!(c"insert", m_insert as FastFn, METH_FASTCALL, c"insert($self, index, object, /)\n--\n\nInsert object before index."),
    method!(c"extend", m_extend as BinFn, METH_O, c"extend($self, iterable, /)\n--\n\nExtend list by appending elements from the iterable."),
    method!(c"pop", m_pop as FastFn, METH_FASTCALL, c"pop($self, index=-1, /)\n--\n\nRemove and return item at index (default last).\n\nRaises IndexError if list is empty or index is out of range."),
    method!(c"remove", m_remove as BinFn, METH_O, c"remove($self, value, /)\n--\n\nRemove first occurrence of value.\n\nRaises ValueError if the value is not present."),
    method!(c"index", m_index as FastFn, METH_FASTCALL, c"index($self, value, start=0, stop=sys.maxsize, /)\n--\n\nReturn first index of value.\n\nRaises ValueError if the value is not present."),
    method!(c"count", m_count as BinFn, METH_O, c"count($self, value, /)\n--\n\nReturn number of occurrences of value."),
    method!(c"reverse", m_reverse as BinFn, METH_NOARGS, c"reverse($self, /)\n--\n\nReverse *IN PLACE*."),
    method!(c"sort", m_sort as FastKwFn, METH_FASTCALL | METH_KEYWORDS, c"sort($self, /, *, key=None, reverse=False)\n--\n\nSort the list in ascending order and return None.\n\nThe sort is in-place (i.e. the list itself is modified) and stable (i.e. the\norder of two equal elements is maintained).\n\nIf a key function is given, apply it once to each list item and sort them,\nascending or descending, according to their function values.\n\nThe reverse flag can be set to sort in descending order."),
    METHOD_END,
];

static mut LIST_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(list_length),
    sq_concat: Some(list_concat),
    sq_repeat: Some(list_repeat),
    sq_item: Some(list_item),
    was_sq_slice: null_mut(),
    sq_ass_item: Some(list_ass_item),
    was_sq_ass_slice: null_mut(),
    sq_contains: Some(list_contains),
    sq_inplace_concat: Some(list_inplace_concat),
    sq_inplace_repeat: Some(list_inplace_repeat),
};

static mut LIST_AS_MAPPING: PyMappingMethods =
    PyMappingMethods { mp_length: Some(list_length), mp_subscript: Some(list_subscript), mp_ass_subscript: Some(list_ass_subscript) };

#[no_mangle]
pub static mut PyList_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(list_dealloc),
    tp_repr: Some(list_repr),
    tp_as_sequence: &raw mut LIST_AS_SEQUENCE,
    tp_as_mapping: &raw mut LIST_AS_MAPPING,
    tp_hash: Some(obj::PyObject_HashNotImplemented),
    tp_traverse: Some(list_traverse),
    tp_clear: Some(list_tp_clear),
    tp_richcompare: Some(list_richcompare),
    tp_iter: Some(list_iter),
    tp_methods: (&raw mut LIST_METHODS).cast(),
    tp_init: Some(list_init),
    tp_new: Some(list_new),
    tp_vectorcall: Some(list_vectorcall),
    tp_doc: c"list(iterable=(), /)\n--\n\nBuilt-in mutable sequence.\n\nIf no argument is given, the constructor creates a new empty list.\nThe argument must be an iterable if specified.".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"list", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_LIST_SUBCLASS)
};

// ---------------------------------------------------------------------------------------------
// Iterators.

/// `listiterobject` / `listreviterobject`, 32 bytes.
#[repr(C)]
struct ListIter {
    ob_base: PyObject,
    it_index: Py_ssize_t,
    it_seq: *mut PyObject,
}

unsafe fn new_iter(seq: *mut PyObject, tp: *mut PyTypeObject, index: Py_ssize_t) -> PyResult<Ref> {
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<ListIter>())?;
    obj::init_object(op, tp);
    let it = op as *mut ListIter;
    (*it).it_index = index;
    incref(seq);
    (*it).it_seq = seq;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn listiter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*(op as *mut ListIter)).it_seq);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn listiter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let seq = (*(op as *mut ListIter)).it_seq;
    match visit {
        Some(visit) if !seq.is_null() => visit(seq, arg),
        _ => 0,
    }
}

unsafe extern "C" fn listiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ListIter;
    let seq = (*it).it_seq;
    if seq.is_null() {
        return null_mut();
    }
    if (*it).it_index < len(seq) {
        let v = *items(seq).offset((*it).it_index);
        (*it).it_index += 1;
        return obj::new_ref(v).into_raw();
    }
    (*it).it_seq = null_mut();
    decref(seq);
    null_mut()
}

unsafe extern "C" fn listreviter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ListIter;
    let seq = (*it).it_seq;
    if seq.is_null() {
        return null_mut();
    }
    let index = (*it).it_index;
    if index >= 0 && index < len(seq) {
        (*it).it_index -= 1;
        return obj::new_ref(*items(seq).offset(index)).into_raw();
    }
    (*it).it_index = -1;
    (*it).it_seq = null_mut();
    decref(seq);
    null_mut()
}

unsafe extern "C" fn listiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ListIter;
    let n = if (*it).it_seq.is_null() { 0 } else { (len((*it).it_seq) - (*it).it_index).max(0) };
    errors::ptr_result(super::longobject::from_isize(n))
}

unsafe extern "C" fn listreviter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ListIter;
    let mut n = (*it).it_index + 1;
    if (*it).it_seq.is_null() || len((*it).it_seq) < n {
        n = 0;
    }
    errors::ptr_result(super::longobject::from_isize(n))
}

unsafe extern "C" fn listiter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ListIter;
    errors::ptr_result((|| {
        let mut index = super::longobject::as_isize(state)?;
        if !(*it).it_seq.is_null() {
            index = index.clamp(0, len((*it).it_seq));
            (*it).it_index = index;
        }
        Ok(obj::new_none())
    })())
}

unsafe extern "C" fn listreviter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ListIter;
    errors::ptr_result((|| {
        let mut index = super::longobject::as_isize(state)?;
        if !(*it).it_seq.is_null() {
            if index < -1 {
                index = -1;
            } else if index > len((*it).it_seq) - 1 {
                index = len((*it).it_seq) - 1;
            }
            (*it).it_index = index;
        }
        Ok(obj::new_none())
    })())
}

/// `listiter_reduce_general`: `(iter, (list,), index)` / `(reversed, (list,), index)`, or
/// `(iter, ([],))` once exhausted. The builtin is looked up first (it may run code).
unsafe fn listiter_reduce_general(op: *mut PyObject, forward: bool) -> PyResult<Ref> {
    let f = crate::eval::ceval::builtin(if forward { "iter" } else { "reversed" })?;
    let iter = crate::eval::ceval::builtin("iter")?;
    let it = op as *mut ListIter;
    super::iterobject::reduce_position(&f, (*it).it_seq, (*it).it_index, &iter, || new(0))
}

unsafe extern "C" fn listiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(listiter_reduce_general(op, true))
}

unsafe extern "C" fn listreviter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(listiter_reduce_general(op, false))
}

static mut LISTITER_METHODS: [PyMethodDef; 4] = [
    method!(c"__length_hint__", listiter_len as BinFn, METH_NOARGS, c"Private method returning an estimate of len(list(it))."),
    method!(c"__reduce__", listiter_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    method!(c"__setstate__", listiter_setstate as BinFn, METH_O, c"Set state information for unpickling."),
    METHOD_END,
];

static mut LISTREVITER_METHODS: [PyMethodDef; 4] = [
    method!(c"__length_hint__", listreviter_len as BinFn, METH_NOARGS, c"Private method returning an estimate of len(list(it))."),
    method!(c"__reduce__", listreviter_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    method!(c"__setstate__", listreviter_setstate as BinFn, METH_O, c"Set state information for unpickling."),
    METHOD_END,
];

#[no_mangle]
pub static mut PyListIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(listiter_dealloc),
    tp_traverse: Some(listiter_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(listiter_next),
    tp_methods: (&raw mut LISTITER_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"list_iterator", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyListRevIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(listiter_dealloc),
    tp_traverse: Some(listiter_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(listreviter_next),
    tp_methods: (&raw mut LISTREVITER_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"list_reverseiterator", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};
