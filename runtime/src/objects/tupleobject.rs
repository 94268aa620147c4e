//! `tuple` (CPython 3.11's Objects/tupleobject.c): creation (the empty tuple is the static
//! singleton in `_PyRuntime`), `_PyTuple_Resize`, the 3.11 xxHash-based hash, repr,
//! comparison, sequence and mapping slots, methods, and the tuple iterator.

use crate::abi::*;
use crate::abi::methodobject::*;
use crate::abi::tupleobject::*;
use super::typeobject::static_type;
use crate::objects::dictobject::{check_positional, method, no_keywords, METHOD_END};
use crate::objects::exceptions::PyExc_IndexError;
use crate::objects::object::{self as obj, decref, py_type};
use core::ffi::c_int;
use core::ptr::null_mut;

#[no_mangle]
pub static mut PyTuple_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(tuple_dealloc),
    tp_repr: Some(tuple_repr),
    tp_as_sequence: &raw mut TUPLE_AS_SEQUENCE,
    tp_as_mapping: &raw mut TUPLE_AS_MAPPING,
    tp_hash: Some(tuple_hash),
    tp_traverse: Some(tuple_traverse),
    tp_richcompare: Some(tuple_richcompare),
    tp_iter: Some(tuple_iter),
    tp_methods: (&raw mut TUPLE_METHODS).cast(),
    tp_new: Some(tuple_new),
    tp_vectorcall: Some(tuple_vectorcall),
    tp_doc: c"tuple(iterable=(), /)\n--\n\nBuilt-in immutable sequence.\n\nIf no argument is given, the constructor returns an empty tuple.\nIf iterable is specified the tuple is initialized from iterable's items.\n\nIf the argument is a tuple, the return value is the same object.".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"tuple", 24, 8, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_TUPLE_SUBCLASS)
};

#[no_mangle]
pub static mut PyTupleIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(tupleiter_dealloc),
    tp_traverse: Some(tupleiter_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(tupleiter_next),
    tp_methods: (&raw mut TUPLEITER_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"tuple_iterator", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

// ---------------------------------------------------------------------------------------------
// Creation and destruction: the core the rest of the runtime needs. `()` is the static
// singleton in `_PyRuntime`.

use crate::errors::{self, PyResult};
use crate::objects::object::{incref, new_ref, xdecref, Ref};

/// The item array of a tuple (`_PyTuple_ITEMS`).
///
/// # Safety
/// `op` is a live tuple.
#[inline(always)]
pub unsafe fn items(op: *mut PyObject) -> *mut *mut PyObject {
    (*(op as *mut PyTupleObject)).ob_item.as_mut_ptr()
}

/// `PyTuple_New(size)`: a tuple of `size` NULL items, not yet tracked by the collector (the
/// caller fills it, then tracks it; CPython tracks at once, which is equivalent because NULL
/// items are skipped by traversal). `()` is the shared singleton.
///
/// # Safety
/// A thread state is current.
pub unsafe fn new_uninit(size: Py_ssize_t) -> PyResult<*mut PyObject> {
    if size < 0 {
        return Err(errors::bad_internal_call());
    }
    if size == 0 {
        return Ok(new_ref(crate::lifecycle::pyruntime::tuple_empty()).into_raw());
    }
    let tp = &raw mut PyTuple_Type;
    if let Some(op) = free_list_pop(size as usize) {
        crate::objects::object::init_var_object(op.cast(), tp, size);
        core::ptr::write_bytes(items(op), 0, size as usize);
        return Ok(op);
    }
    let Some(basic) = crate::objects::object::var_size(tp, size) else { return Err(errors::no_memory()) };
    let op = crate::mem::gc::alloc(tp, basic)?;
    crate::objects::object::init_var_object(op.cast(), tp, size);
    core::ptr::write_bytes(items(op), 0, size as usize);
    Ok(op)
}

// ---------------------------------------------------------------------------------------------
// The free lists: dead exact tuples of 1..=20 items are kept (at most 2000 per size, linked
// through `ob_item[0]`) in `interp->tuple`, as CPython 3.11 keeps them, so building and
// dropping small tuples costs no allocator call. Bounded: 20 sizes x 2000 tuples; what they
// hold is reported by [`free_list_stats`] and released by [`clear_free_lists`] (a full
// collection and finalization call it).

/// Tuples kept per size.
pub const FREE_LIST_MAX: i32 = 2000;

unsafe fn tuple_state() -> *mut crate::abi::pycore_interp::_Py_tuple_state {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() {
        return null_mut();
    }
    &raw mut (*interp).tuple
}

/// A dead tuple of `size` items from the free list, with its GC header untracked, or None.
unsafe fn free_list_pop(size: usize) -> Option<*mut PyObject> {
    let st = tuple_state();
    if st.is_null() || size == 0 || size > crate::abi::pycore_interp::PyTuple_MAXSAVESIZE {
        return None;
    }
    let head = (*st).free_list[size - 1];
    if head.is_null() {
        return None;
    }
    (*st).free_list[size - 1] = (*head).ob_item[0].cast();
    (*st).numfree[size - 1] -= 1;
    Some(head.cast())
}

/// Keeps a dead exact tuple (items already released, untracked) for reuse; false when its
/// list is full or it is not cacheable.
unsafe fn free_list_push(op: *mut PyObject) -> bool {
    let size = (*(op as *mut PyVarObject)).ob_size as usize;
    let st = tuple_state();
    if st.is_null()
        || size == 0
        || size > crate::abi::pycore_interp::PyTuple_MAXSAVESIZE
        || (*op).ob_type != &raw mut PyTuple_Type
        || (*st).numfree[size - 1] >= FREE_LIST_MAX
    {
        return false;
    }
    let t = op as *mut PyTupleObject;
    (*t).ob_item[0] = (*st).free_list[size - 1].cast();
    (*st).free_list[size - 1] = t;
    (*st).numfree[size - 1] += 1;
    true
}

/// How many tuples the free lists hold and their bytes (object plus GC header).
pub fn free_list_stats() -> (usize, usize) {
    // SAFETY: reads the current interpreter's counters.
    unsafe {
        let st = tuple_state();
        if st.is_null() {
            return (0, 0);
        }
        let mut count = 0usize;
        let mut bytes = 0usize;
        for (i, &n) in (*st).numfree.iter().enumerate() {
            let n = n.max(0) as usize;
            count += n;
            let per = crate::objects::object::var_size(&raw mut PyTuple_Type, i as Py_ssize_t + 1).unwrap_or(0)
                + core::mem::size_of::<crate::abi::pycore_gc::PyGC_Head>();
            bytes += n * per;
        }
        (count, bytes)
    }
}

/// `_PyTuple_ClearFreeList`: returns every kept tuple to the allocator.
///
/// # Safety
/// With the GC lock held (the caller holds the GIL).
pub unsafe fn clear_free_lists() {
    let st = tuple_state();
    if st.is_null() {
        return;
    }
    for i in 0..crate::abi::pycore_interp::PyTuple_MAXSAVESIZE {
        let mut p = (*st).free_list[i];
        while !p.is_null() {
            let next = (*p).ob_item[0].cast::<PyTupleObject>();
            crate::mem::gc::free(p.cast());
            p = next;
        }
        (*st).free_list[i] = null_mut();
        (*st).numfree[i] = 0;
    }
}

/// A tuple of new references to `objects` (`PyTuple_Pack`).
///
/// # Safety
/// Every pointer is a live object; a thread state is current.
pub unsafe fn pack(objects: &[*mut PyObject]) -> PyResult<Ref> {
    let op = new_uninit(objects.len() as Py_ssize_t)?;
    if !objects.is_empty() {
        let dst = items(op);
        for (i, &ob) in objects.iter().enumerate() {
            incref(ob);
            *dst.add(i) = ob;
        }
        crate::mem::gc::track(op);
    }
    Ok(Ref::from_raw(op))
}

/// `tp_dealloc` of tuples.
///
/// # Safety
/// Called by `_Py_Dealloc` on a tuple whose count reached zero.
pub unsafe extern "C" fn tuple_dealloc(op: *mut PyObject) {
    if crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
    let n = (*(op as *mut PyVarObject)).ob_size as usize;
    let its = items(op);
    for i in (0..n).rev() {
        xdecref(*its.add(i));
    }
    if free_list_push(op) {
        return;
    }
    let tp = (*op).ob_type;
    match (*tp).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

// ---------------------------------------------------------------------------------------------
// The rest of the tuple API.

/// `PyTuple_Check`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn check(op: *mut PyObject) -> bool {
    obj::has_feature(py_type(op), Py_TPFLAGS_TUPLE_SUBCLASS)
}

/// `PyTuple_GET_SIZE`.
///
/// # Safety
/// `op` is a live tuple.
#[inline(always)]
pub unsafe fn len(op: *mut PyObject) -> Py_ssize_t {
    (*(op as *mut PyVarObject)).ob_size
}

/// A tuple of new references to `objects` (same as [`pack`]).
///
/// # Safety
/// Every pointer is a live object; a thread state is current.
#[inline]
pub unsafe fn from_slice(objects: &[*mut PyObject]) -> PyResult<Ref> {
    pack(objects)
}

/// A tuple taking over owned references.
///
/// # Safety
/// A thread state is current.
pub unsafe fn from_refs(objects: Vec<Ref>) -> PyResult<Ref> {
    let op = new_uninit(objects.len() as Py_ssize_t)?;
    if !objects.is_empty() {
        let dst = items(op);
        for (i, o) in objects.into_iter().enumerate() {
            *dst.add(i) = o.into_raw();
        }
        crate::mem::gc::track(op);
    }
    Ok(Ref::from_raw(op))
}

/// `PyTuple_New(size)` as the C API has it: tracked at once (NULL items are skipped by
/// traversal).
///
/// # Safety
/// A thread state is current.
pub unsafe fn new_tracked(size: Py_ssize_t) -> PyResult<Ref> {
    let op = new_uninit(size)?;
    if size > 0 {
        crate::mem::gc::track(op);
    }
    Ok(Ref::from_raw(op))
}

/// `PyTuple_GetItem`: borrowed; IndexError "tuple index out of range".
///
/// # Safety
/// `op` is a live tuple.
pub unsafe fn get_item(op: *mut PyObject, i: Py_ssize_t) -> PyResult<*mut PyObject> {
    if (i as usize) >= (len(op) as usize) {
        return Err(errors::index_error("tuple index out of range"));
    }
    Ok(*items(op).offset(i))
}

/// `PyTuple_SetItem`: only for a tuple nobody else holds yet; steals `v` (even on error).
///
/// # Safety
/// `op` is NULL or a live object; `v` NULL or an owned reference.
pub unsafe fn set_item_steal(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> PyResult<()> {
    if op.is_null() || !check(op) || (*op).ob_refcnt != 1 {
        obj::xdecref(v);
        return Err(errors::bad_internal_call());
    }
    if (i as usize) >= (len(op) as usize) {
        obj::xdecref(v);
        return Err(errors::index_error("tuple assignment index out of range"));
    }
    obj::replace_slot(items(op).offset(i), v);
    Ok(())
}

/// `tupleslice`: `op[ilow:ihigh]` (clamped); the tuple itself for the whole of an exact tuple.
///
/// # Safety
/// `op` is a live tuple.
pub unsafe fn slice(op: *mut PyObject, mut ilow: Py_ssize_t, mut ihigh: Py_ssize_t) -> PyResult<Ref> {
    let n = len(op);
    if ilow < 0 {
        ilow = 0;
    }
    if ihigh > n {
        ihigh = n;
    }
    if ihigh < ilow {
        ihigh = ilow;
    }
    if ilow == 0 && ihigh == n && obj::is_type(op, &raw mut PyTuple_Type) {
        return Ok(new_ref(op));
    }
    from_slice(core::slice::from_raw_parts(items(op).offset(ilow), (ihigh - ilow) as usize))
}

/// `_PyTuple_Resize`: resizes a tuple nobody else holds yet (it may move); on failure the
/// tuple is released and `*pv` set to NULL.
///
/// # Safety
/// `*pv` is NULL or an owned reference to a tuple.
pub unsafe fn resize(pv: *mut *mut PyObject, newsize: Py_ssize_t) -> PyResult<()> {
    let v = *pv;
    if v.is_null() || !obj::is_type(v, &raw mut PyTuple_Type) || (len(v) != 0 && (*v).ob_refcnt != 1) {
        *pv = null_mut();
        obj::xdecref(v);
        return Err(errors::bad_internal_call());
    }
    let oldsize = len(v);
    if oldsize == newsize {
        return Ok(());
    }
    if newsize == 0 {
        decref(v);
        *pv = new_ref(crate::lifecycle::pyruntime::tuple_empty()).into_raw();
        return Ok(());
    }
    if oldsize == 0 {
        // The empty tuple is shared: make a new one.
        decref(v);
        match new_uninit(newsize) {
            Ok(t) => {
                *pv = t;
                crate::mem::gc::track(t);
                return Ok(());
            }
            Err(e) => {
                *pv = null_mut();
                return Err(e);
            }
        }
    }
    if newsize < 0 {
        *pv = null_mut();
        decref(v);
        return Err(errors::bad_internal_call());
    }
    if crate::mem::gc::is_tracked(v) {
        crate::mem::gc::untrack(v);
    }
    for i in newsize..oldsize {
        obj::replace_slot(items(v).offset(i), null_mut());
    }
    let tp = &raw mut PyTuple_Type;
    let Some(size) = obj::var_size(tp, newsize) else {
        *pv = null_mut();
        tuple_dealloc(v);
        return Err(errors::no_memory());
    };
    let nv = match crate::mem::gc::realloc(v, tp, size) {
        Ok(nv) => nv,
        Err(e) => {
            *pv = null_mut();
            tuple_dealloc(v);
            return Err(e);
        }
    };
    (*(nv as *mut PyVarObject)).ob_size = newsize;
    if newsize > oldsize {
        core::ptr::write_bytes(items(nv).offset(oldsize), 0, (newsize - oldsize) as usize);
    }
    crate::mem::gc::track(nv);
    *pv = nv;
    Ok(())
}

/// `_PyTuple_MaybeUntrack`: untracks a tuple none of whose items can be in a cycle.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn maybe_untrack(op: *mut PyObject) {
    if !obj::is_type(op, &raw mut PyTuple_Type) || !crate::mem::gc::is_tracked(op) {
        return;
    }
    for i in 0..len(op) {
        let elt = *items(op).offset(i);
        // A tuple with NULL items is still being built.
        if elt.is_null() || crate::objects::dictobject::may_be_tracked(elt) {
            return;
        }
    }
    crate::mem::gc::untrack(op);
}

const XXPRIME_1: u64 = 11400714785074694791;
const XXPRIME_2: u64 = 14029467366897019727;
const XXPRIME_5: u64 = 2870177450012600261;

/// `hash(tuple)`.
///
/// # Safety
/// `op` is a live tuple.
pub unsafe fn hash(op: *mut PyObject) -> PyResult<Py_hash_t> {
    let n = len(op);
    let mut acc = XXPRIME_5;
    for i in 0..n {
        let lane = obj::hash(*items(op).offset(i))? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    acc = acc.wrapping_add((n as u64) ^ (XXPRIME_5 ^ 3527539));
    if acc == u64::MAX {
        return Ok(1546275796);
    }
    Ok(acc as Py_hash_t)
}

unsafe extern "C" fn tuple_hash(op: *mut PyObject) -> Py_hash_t {
    hash(op).unwrap_or(-1)
}

unsafe extern "C" fn tuple_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    for i in (0..len(op)).rev() {
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

unsafe fn repr_impl(op: *mut PyObject) -> PyResult<Ref> {
    let n = len(op);
    if n == 0 {
        return super::unicodeobject::new_str("()");
    }
    if obj::repr_enter(op)? {
        return super::unicodeobject::new_str("(...)");
    }
    let r = (|| {
        let mut out = String::from("(");
        for i in 0..n {
            if i > 0 {
                out.push_str(", ");
            }
            let s = obj::repr(*items(op).offset(i))?;
            out.push_str(&obj::str_text(s.as_ptr()));
        }
        out.push_str(if n > 1 { ")" } else { ",)" });
        super::unicodeobject::new_str(&out)
    })();
    obj::repr_leave(op);
    r
}

unsafe extern "C" fn tuple_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(repr_impl(op))
}

unsafe extern "C" fn tuple_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    if !check(v) || !check(w) {
        return obj::new_ref(obj::not_implemented()).into_raw();
    }
    errors::ptr_result(super::listobject::sequence_richcompare(v, w, items, len, op))
}

unsafe extern "C" fn tuple_length(op: *mut PyObject) -> Py_ssize_t {
    len(op)
}

unsafe extern "C" fn tuple_contains(op: *mut PyObject, el: *mut PyObject) -> c_int {
    errors::bool_result((|| {
        for i in 0..len(op) {
            if obj::rich_compare_bool(*items(op).offset(i), el, obj::Py_EQ)? {
                return Ok(true);
            }
        }
        Ok(false)
    })())
}

unsafe extern "C" fn tuple_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    match get_item(op, i) {
        Ok(v) => new_ref(v).into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn tuple_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if !check(b) {
            return Err(errors::type_error(&format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                obj::type_name_trunc(py_type(b), 200)
            )));
        }
        if len(b) == 0 && obj::is_type(a, &raw mut PyTuple_Type) {
            return Ok(new_ref(a));
        }
        if len(a) == 0 && obj::is_type(b, &raw mut PyTuple_Type) {
            return Ok(new_ref(b));
        }
        let mut all: Vec<*mut PyObject> = Vec::with_capacity((len(a) + len(b)) as usize);
        all.extend_from_slice(core::slice::from_raw_parts(items(a), len(a) as usize));
        all.extend_from_slice(core::slice::from_raw_parts(items(b), len(b) as usize));
        from_slice(&all)
    })())
}

unsafe extern "C" fn tuple_repeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let m = len(a);
        if m == 0 || n == 1 {
            if obj::is_type(a, &raw mut PyTuple_Type) {
                return Ok(new_ref(a));
            }
        }
        if n <= 0 || m == 0 {
            return Ok(new_ref(crate::lifecycle::pyruntime::tuple_empty()));
        }
        if m > isize::MAX / n {
            return Err(errors::no_memory());
        }
        let size = m * n;
        let op = new_uninit(size)?;
        let dst = items(op);
        let mut p = 0;
        for _ in 0..n {
            for j in 0..m {
                let v = *items(a).offset(j);
                incref(v);
                *dst.offset(p) = v;
                p += 1;
            }
        }
        crate::mem::gc::track(op);
        Ok(Ref::from_raw(op))
    })())
}

unsafe fn subscript(op: *mut PyObject, item: *mut PyObject) -> PyResult<Ref> {
    if super::r#abstract::mapping::index_check(item) {
        let mut i = super::longobject::as_ssize_index(item, PyExc_IndexError)?;
        if i < 0 {
            i += len(op);
        }
        return Ok(new_ref(get_item(op, i)?));
    }
    if super::sliceobject::check(item) {
        let (start, _stop, step, n) = super::sliceobject::indices_ex(item, len(op))?;
        if n <= 0 {
            return Ok(new_ref(crate::lifecycle::pyruntime::tuple_empty()));
        }
        if start == 0 && step == 1 && n == len(op) && obj::is_type(op, &raw mut PyTuple_Type) {
            return Ok(new_ref(op));
        }
        let mut picked: Vec<*mut PyObject> = Vec::with_capacity(n as usize);
        let mut cur = start;
        for _ in 0..n {
            picked.push(*items(op).offset(cur));
            cur += step;
        }
        return from_slice(&picked);
    }
    Err(errors::type_error(&format!(
        "tuple indices must be integers or slices, not {}",
        obj::type_name_trunc(py_type(item), 200)
    )))
}

unsafe extern "C" fn tuple_subscript(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(subscript(op, item))
}

/// `tuple(iterable)` for `tp` (exact tuples come back unchanged; subclasses copy).
unsafe fn new_impl(tp: *mut PyTypeObject, iterable: *mut PyObject) -> PyResult<Ref> {
    if tp != &raw mut PyTuple_Type {
        // A subclass: build the tuple, then copy its items into an instance of `tp`.
        let tmp = new_impl(&raw mut PyTuple_Type, iterable)?;
        let n = len(tmp.as_ptr());
        let Some(alloc) = (*tp).tp_alloc else { return Err(errors::bad_internal_call()) };
        let newobj = Ref::from_result(alloc(tp, n))?;
        for i in 0..n {
            let item = *items(tmp.as_ptr()).offset(i);
            incref(item);
            *items(newobj.as_ptr()).offset(i) = item;
        }
        return Ok(newobj);
    }
    if iterable.is_null() {
        return Ok(new_ref(crate::lifecycle::pyruntime::tuple_empty()));
    }
    super::r#abstract::sequence::tuple(iterable)
}

unsafe extern "C" fn tuple_new(tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        // Subclasses that keep tuple's __init__ take no keywords either (tuple_new_impl).
        if tp == &raw mut PyTuple_Type || (*tp).tp_init.map(|f| f as usize) == PyTuple_Type.tp_init.map(|f| f as usize) {
            no_keywords("tuple", kwargs)?;
        }
        let n = len(args);
        check_positional("tuple", n, 0, 1)?;
        new_impl(tp, if n > 0 { *items(args) } else { null_mut() })
    })())
}

unsafe extern "C" fn tuple_vectorcall(tp: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject {
    let nargs = (nargsf & !(1usize << (usize::BITS - 1))) as Py_ssize_t;
    errors::ptr_result((|| {
        if !kwnames.is_null() && len(kwnames) != 0 {
            return Err(errors::type_error("tuple() takes no keyword arguments"));
        }
        check_positional("tuple", nargs, 0, 1)?;
        new_impl(tp.cast(), if nargs > 0 { *args } else { null_mut() })
    })())
}

unsafe extern "C" fn tuple_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp = &raw mut PyTupleIter_Type;
        let it = crate::mem::gc::alloc(tp, core::mem::size_of::<TupleIter>())?;
        obj::init_object(it, tp);
        (*(it as *mut TupleIter)).it_index = 0;
        incref(op);
        (*(it as *mut TupleIter)).it_seq = op;
        crate::mem::gc::track(it);
        Ok(Ref::from_raw(it))
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;

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
        } else if stop > len(op) {
            stop = len(op);
        }
        let mut i = start;
        while i < stop {
            if obj::rich_compare_bool(*items(op).offset(i), value, obj::Py_EQ)? {
                return super::longobject::from_isize(i);
            }
            i += 1;
        }
        Err(errors::value_error("tuple.index(x): x not in tuple"))
    })())
}

unsafe extern "C" fn m_count(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut count = 0;
        for i in 0..len(op) {
            if obj::rich_compare_bool(*items(op).offset(i), v, obj::Py_EQ)? {
                count += 1;
            }
        }
        super::longobject::from_isize(count)
    })())
}

unsafe extern "C" fn m_getnewargs(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let copy = slice(op, 0, len(op))?;
        pack(&[copy.as_ptr()])
    })())
}

static mut TUPLE_METHODS: [PyMethodDef; 4] = [
    method!(c"__getnewargs__", m_getnewargs as BinFn, METH_NOARGS, c"__getnewargs__($self, /)\n--\n\n"),
    method!(c"index", m_index as FastFn, METH_FASTCALL, c"index($self, value, start=0, stop=sys.maxsize, /)\n--\n\nReturn first index of value.\n\nRaises ValueError if the value is not present."),
    method!(c"count", m_count as BinFn, METH_O, c"count($self, value, /)\n--\n\nReturn number of occurrences of value."),
    METHOD_END,
];

static mut TUPLE_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(tuple_length),
    sq_concat: Some(tuple_concat),
    sq_repeat: Some(tuple_repeat),
    sq_item: Some(tuple_item),
    was_sq_slice: null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: null_mut(),
    sq_contains: Some(tuple_contains),
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

static mut TUPLE_AS_MAPPING: PyMappingMethods =
    PyMappingMethods { mp_length: Some(tuple_length), mp_subscript: Some(tuple_subscript), mp_ass_subscript: None };

/// `tupleiterobject`, 32 bytes.
#[repr(C)]
struct TupleIter {
    ob_base: PyObject,
    it_index: Py_ssize_t,
    it_seq: *mut PyObject,
}

unsafe extern "C" fn tupleiter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*(op as *mut TupleIter)).it_seq);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn tupleiter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let seq = (*(op as *mut TupleIter)).it_seq;
    match visit {
        Some(visit) if !seq.is_null() => visit(seq, arg),
        _ => 0,
    }
}

unsafe extern "C" fn tupleiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut TupleIter;
    let seq = (*it).it_seq;
    if seq.is_null() {
        return null_mut();
    }
    if (*it).it_index < len(seq) {
        let v = *items(seq).offset((*it).it_index);
        (*it).it_index += 1;
        return new_ref(v).into_raw();
    }
    (*it).it_seq = null_mut();
    decref(seq);
    null_mut()
}

unsafe extern "C" fn tupleiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut TupleIter;
    let n = if (*it).it_seq.is_null() { 0 } else { len((*it).it_seq) - (*it).it_index };
    errors::ptr_result(super::longobject::from_isize(n))
}

unsafe extern "C" fn tupleiter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let it = op as *mut TupleIter;
    errors::ptr_result((|| {
        let index = super::longobject::as_isize(state)?;
        if !(*it).it_seq.is_null() {
            (*it).it_index = index.clamp(0, len((*it).it_seq));
        }
        Ok(obj::new_none())
    })())
}

/// `tupleiter_reduce`: `(iter, (tuple,), index)`, or `(iter, ((),))` once exhausted.
unsafe extern "C" fn tupleiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let iter = crate::eval::ceval::builtin("iter")?;
        let it = op as *mut TupleIter;
        super::iterobject::reduce_position(&iter, (*it).it_seq, (*it).it_index, &iter, || pack(&[]))
    })())
}

static mut TUPLEITER_METHODS: [PyMethodDef; 4] = [
    method!(c"__length_hint__", tupleiter_len as BinFn, METH_NOARGS, c"Private method returning an estimate of len(list(it))."),
    method!(c"__reduce__", tupleiter_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    method!(c"__setstate__", tupleiter_setstate as BinFn, METH_O, c"Set state information for unpickling."),
    METHOD_END,
];
