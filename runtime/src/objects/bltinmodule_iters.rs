//! `filter`, `map` and `zip` (CPython 3.11 defines them in Python/bltinmodule.c), with their
//! vectorcall constructors and pickling (`__reduce__`, and zip's `__setstate__` for `strict`),
//! and `anext_awaitable` (Objects/iterobject.c), the awaitable `anext(it, default)` returns.

use super::typeobject::static_type;
use crate::abi::methodobject::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::bltinmodule::{fdef, DOC_FILTER, DOC_MAP, DOC_REDUCE, DOC_SETSTATE, DOC_ZIP};
use crate::objects::dictobject::{method, METHOD_END};
use crate::objects::object::{self as obj, new_ref, py_type, xdecref, Ref};
use crate::objects::tupleobject;
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type VarFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

/// `PY_VECTORCALL_ARGUMENTS_OFFSET`.
const ARGUMENTS_OFFSET: usize = 1usize << (usize::BITS - 1);

/// A zeroed instance of a GC type: exact built-in types allocate and track here, subclasses go
/// through their `tp_alloc` (which tracks). The caller fills the fields.
unsafe fn alloc_instance(
    tp: *mut PyTypeObject,
    exact: *mut PyTypeObject,
    size: usize,
) -> PyResult<Ref> {
    if tp == exact {
        let op = crate::mem::gc::alloc(tp, size)?;
        obj::init_object(op, tp);
        core::ptr::write_bytes(
            op.cast::<u8>().add(core::mem::size_of::<PyObject>()),
            0,
            size - core::mem::size_of::<PyObject>(),
        );
        return Ok(Ref::from_raw(op));
    }
    let Some(alloc) = (*tp).tp_alloc else {
        return Err(errors::bad_internal_call());
    };
    Ref::from_result(alloc(tp, 0))
}

/// Tracks a freshly filled exact instance (subclass instances are tracked by `tp_alloc`).
unsafe fn track_if_exact(op: &Ref, exact: *mut PyTypeObject) {
    if op.ob_type() == exact && !crate::mem::gc::is_tracked(op.as_ptr()) {
        crate::mem::gc::track(op.as_ptr());
    }
}

/// Visits each non-NULL pointer.
unsafe fn visit_all(ptrs: &[*mut PyObject], visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    for &p in ptrs {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// Frees an instance through its type's `tp_free`.
unsafe fn free_instance(op: *mut PyObject) {
    match (*py_type(op)).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

/// The items of a tuple as a slice.
unsafe fn items<'a>(t: *mut PyObject) -> &'a [*mut PyObject] {
    let n = tupleobject::len(t) as usize;
    if n == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(tupleobject::items(t), n)
    }
}

/// Calls the iterator's `tp_iternext` (NULL without an exception at the end).
unsafe fn iternext(it: *mut PyObject) -> *mut PyObject {
    match (*py_type(it)).tp_iternext {
        Some(f) => f(it),
        None => null_mut(),
    }
}

unsafe fn has_keywords(kwargs: *mut PyObject) -> bool {
    !kwargs.is_null() && super::dictobject::len(kwargs) != 0
}

// ---------------------------------------------------------------------------------------------
// filter

/// `filterobject`, 32 bytes.
#[repr(C)]
struct Filter {
    ob_base: PyObject,
    func: *mut PyObject,
    it: *mut PyObject,
}

unsafe fn filter_make(
    tp: *mut PyTypeObject,
    func: *mut PyObject,
    seq: *mut PyObject,
) -> PyResult<Ref> {
    let it = super::r#abstract::iter::get_iter(seq)?;
    let op = alloc_instance(tp, &raw mut PyFilter_Type, core::mem::size_of::<Filter>())?;
    let f = op.as_ptr() as *mut Filter;
    (*f).func = new_ref(func).into_raw();
    (*f).it = it.into_raw();
    track_if_exact(&op, &raw mut PyFilter_Type);
    Ok(op)
}

unsafe extern "C" fn filter_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if tp == &raw mut PyFilter_Type && has_keywords(kwargs) {
            crate::getargs::no_keywords("filter", kwargs)?;
        }
        crate::getargs::check_positional(Some("filter"), tupleobject::len(args) as usize, 2, 2)?;
        let a = items(args);
        filter_make(tp, a[0], a[1])
    })())
}

unsafe extern "C" fn filter_vectorcall(
    tp: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp: *mut PyTypeObject = tp.cast();
        if tp == &raw mut PyFilter_Type {
            crate::getargs::no_kwnames("filter", kwnames)?;
        }
        let nargs = nargsf & !ARGUMENTS_OFFSET;
        crate::getargs::check_positional(Some("filter"), nargs, 2, 2)?;
        filter_make(tp, *args, *args.add(1))
    })())
}

unsafe extern "C" fn filter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let f = op as *mut Filter;
    xdecref((*f).func);
    xdecref((*f).it);
    free_instance(op);
}

unsafe extern "C" fn filter_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let f = op as *mut Filter;
    visit_all(&[(*f).it, (*f).func], visit, arg)
}

unsafe extern "C" fn filter_next(op: *mut PyObject) -> *mut PyObject {
    let f = op as *mut Filter;
    let it = (*f).it;
    let plain_truth =
        (*f).func == obj::none() || (*f).func == (&raw mut super::boolobject::PyBool_Type).cast();
    loop {
        let item = iternext(it);
        if item.is_null() {
            return null_mut();
        }
        let item = Ref::from_raw(item);
        let ok = if plain_truth {
            obj::is_true(item.as_ptr())
        } else {
            match super::call::call_one_arg((*f).func, item.as_ptr()) {
                Ok(good) => obj::is_true(good.as_ptr()),
                Err(e) => Err(e),
            }
        };
        match ok {
            Ok(true) => return item.into_raw(),
            Ok(false) => continue,
            Err(_) => return null_mut(),
        }
    }
}

/// `filter.__reduce__`: `(filter, (function, iterator))`.
unsafe extern "C" fn filter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let f = op as *mut Filter;
    errors::ptr_result((|| {
        let args = tupleobject::pack(&[(*f).func, (*f).it])?;
        tupleobject::pack(&[py_type(op).cast(), args.as_ptr()])
    })())
}

static mut FILTER_METHODS: [PyMethodDef; 2] = [
    fdef!(
        c"__reduce__",
        filter_reduce as BinFn,
        METH_NOARGS,
        DOC_REDUCE
    ),
    METHOD_END,
];

#[no_mangle]
pub static mut PyFilter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(filter_dealloc),
    tp_getattro: Some(obj::PyObject_GenericGetAttr),
    tp_doc: DOC_FILTER.as_ptr(),
    tp_traverse: Some(filter_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(filter_next),
    tp_methods: (&raw mut FILTER_METHODS).cast(),
    tp_alloc: Some(super::typeobject::PyType_GenericAlloc),
    tp_new: Some(filter_new),
    tp_free: Some(super::typeobject::gc_del),
    tp_vectorcall: Some(filter_vectorcall),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"filter",
        32,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

// ---------------------------------------------------------------------------------------------
// map

/// `mapobject`, 32 bytes.
#[repr(C)]
struct Map {
    ob_base: PyObject,
    iters: *mut PyObject,
    func: *mut PyObject,
}

unsafe fn map_make(
    tp: *mut PyTypeObject,
    func: *mut PyObject,
    iterables: &[*mut PyObject],
) -> PyResult<Ref> {
    let mut iters = Vec::with_capacity(iterables.len());
    for &i in iterables {
        iters.push(super::r#abstract::iter::get_iter(i)?);
    }
    let iters = tupleobject::from_refs(iters)?;
    let op = alloc_instance(tp, &raw mut PyMap_Type, core::mem::size_of::<Map>())?;
    let m = op.as_ptr() as *mut Map;
    (*m).iters = iters.into_raw();
    (*m).func = new_ref(func).into_raw();
    track_if_exact(&op, &raw mut PyMap_Type);
    Ok(op)
}

unsafe extern "C" fn map_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if tp == &raw mut PyMap_Type && has_keywords(kwargs) {
            crate::getargs::no_keywords("map", kwargs)?;
        }
        let a = items(args);
        if a.len() < 2 {
            return Err(errors::type_error(
                "map() must have at least two arguments.",
            ));
        }
        map_make(tp, a[0], &a[1..])
    })())
}

unsafe extern "C" fn map_vectorcall(
    tp: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp: *mut PyTypeObject = tp.cast();
        if tp == &raw mut PyMap_Type {
            crate::getargs::no_kwnames("map", kwnames)?;
        }
        let nargs = nargsf & !ARGUMENTS_OFFSET;
        if nargs < 2 {
            return Err(errors::type_error(
                "map() must have at least two arguments.",
            ));
        }
        let a = core::slice::from_raw_parts(args, nargs);
        map_make(tp, a[0], &a[1..])
    })())
}

unsafe extern "C" fn map_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let m = op as *mut Map;
    xdecref((*m).iters);
    xdecref((*m).func);
    free_instance(op);
}

unsafe extern "C" fn map_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let m = op as *mut Map;
    visit_all(&[(*m).iters, (*m).func], visit, arg)
}

unsafe extern "C" fn map_next(op: *mut PyObject) -> *mut PyObject {
    let m = op as *mut Map;
    let mut stack: Vec<Ref> = Vec::with_capacity(tupleobject::len((*m).iters) as usize);
    for &it in items((*m).iters) {
        let v = iternext(it);
        if v.is_null() {
            return null_mut();
        }
        stack.push(Ref::from_raw(v));
    }
    let raw: Vec<*mut PyObject> = stack.iter().map(|r| r.as_ptr()).collect();
    errors::ptr_result(super::call::vectorcall((*m).func, &raw, null_mut()))
}

/// `map.__reduce__`: `(map, (function, *iterators))`.
unsafe extern "C" fn map_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let m = op as *mut Map;
    errors::ptr_result((|| {
        let mut all = vec![(*m).func];
        all.extend_from_slice(items((*m).iters));
        let args = tupleobject::from_slice(&all)?;
        tupleobject::pack(&[py_type(op).cast(), args.as_ptr()])
    })())
}

static mut MAP_METHODS: [PyMethodDef; 2] = [
    fdef!(c"__reduce__", map_reduce as BinFn, METH_NOARGS, DOC_REDUCE),
    METHOD_END,
];

#[no_mangle]
pub static mut PyMap_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(map_dealloc),
    tp_getattro: Some(obj::PyObject_GenericGetAttr),
    tp_doc: DOC_MAP.as_ptr(),
    tp_traverse: Some(map_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(map_next),
    tp_methods: (&raw mut MAP_METHODS).cast(),
    tp_alloc: Some(super::typeobject::PyType_GenericAlloc),
    tp_new: Some(map_new),
    tp_free: Some(super::typeobject::gc_del),
    tp_vectorcall: Some(map_vectorcall),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"map",
        32,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

// ---------------------------------------------------------------------------------------------
// zip

/// `zipobject`, 48 bytes.
#[repr(C)]
struct Zip {
    ob_base: PyObject,
    tuplesize: Py_ssize_t,
    ittuple: *mut PyObject,
    result: *mut PyObject,
    strict: c_int,
}

const _: () = assert!(core::mem::size_of::<Zip>() == 48);

/// `zip(*iterables, strict=False)`.
unsafe extern "C" fn zip_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut strict: c_int = 0;
        if !kwargs.is_null() {
            let empty = tupleobject::pack(&[])?;
            let targets: [*mut c_void; 1] = [(&raw mut strict).cast()];
            let mut t = crate::getargs::SliceTargets::new(&targets);
            crate::getargs::parse_tuple_and_keywords(
                empty.as_ptr(),
                kwargs,
                "|$p:zip",
                &["strict"],
                &mut t,
                0,
            )?;
        }
        let mut iters = Vec::new();
        for &a in items(args) {
            iters.push(super::r#abstract::iter::get_iter(a)?);
        }
        let n = iters.len();
        let ittuple = tupleobject::from_refs(iters)?;
        let nones = vec![obj::none(); n];
        let result = tupleobject::from_slice(&nones)?;
        let op = alloc_instance(tp, &raw mut PyZip_Type, core::mem::size_of::<Zip>())?;
        let z = op.as_ptr() as *mut Zip;
        (*z).ittuple = ittuple.into_raw();
        (*z).tuplesize = n as Py_ssize_t;
        (*z).result = result.into_raw();
        (*z).strict = strict;
        track_if_exact(&op, &raw mut PyZip_Type);
        Ok(op)
    })())
}

unsafe extern "C" fn zip_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let z = op as *mut Zip;
    xdecref((*z).ittuple);
    xdecref((*z).result);
    free_instance(op);
}

unsafe extern "C" fn zip_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let z = op as *mut Zip;
    visit_all(&[(*z).ittuple, (*z).result], visit, arg)
}

/// Clears a pending StopIteration; false when another exception is pending.
unsafe fn clear_stop_iteration() -> bool {
    if errors::occurred().is_null() {
        return true;
    }
    if errors::exception_matches(super::exceptions::PyExc_StopIteration) {
        errors::clear();
        return true;
    }
    false
}

/// `zip(strict=True)`: iterator `i` ran out; report which arguments were shorter or longer.
unsafe fn zip_strict_check(z: *mut Zip, i: usize) -> *mut PyObject {
    if !clear_stop_iteration() {
        return null_mut();
    }
    let plural = |i: usize| {
        if i == 1 {
            " ".to_string()
        } else {
            "s 1-".to_string()
        }
    };
    if i > 0 {
        let _ = errors::value_error(&format!(
            "zip() argument {} is shorter than argument{}{}",
            i + 1,
            plural(i),
            i
        ));
        return null_mut();
    }
    let its = items((*z).ittuple);
    for (i, &it) in its.iter().enumerate().skip(1) {
        let item = iternext(it);
        if !item.is_null() {
            obj::decref(item);
            let _ = errors::value_error(&format!(
                "zip() argument {} is longer than argument{}{}",
                i + 1,
                plural(i),
                i
            ));
            return null_mut();
        }
        if !clear_stop_iteration() {
            return null_mut();
        }
    }
    null_mut()
}

unsafe extern "C" fn zip_next(op: *mut PyObject) -> *mut PyObject {
    let z = op as *mut Zip;
    let n = (*z).tuplesize as usize;
    if n == 0 {
        return null_mut();
    }
    let its = items((*z).ittuple);
    let result = (*z).result;
    if (*result).ob_refcnt == 1 {
        // Nobody else holds the last result tuple: refill it in place.
        obj::incref(result);
        for (i, &it) in its.iter().enumerate() {
            let item = iternext(it);
            if item.is_null() {
                obj::decref(result);
                return if (*z).strict != 0 {
                    zip_strict_check(z, i)
                } else {
                    null_mut()
                };
            }
            let slot = tupleobject::items(result).add(i);
            let old = *slot;
            *slot = item;
            obj::decref(old);
        }
        if !crate::mem::gc::is_tracked(result) {
            crate::mem::gc::track(result);
        }
        return result;
    }
    let mut fresh: Vec<Ref> = Vec::with_capacity(n);
    for (i, &it) in its.iter().enumerate() {
        let item = iternext(it);
        if item.is_null() {
            return if (*z).strict != 0 {
                zip_strict_check(z, i)
            } else {
                null_mut()
            };
        }
        fresh.push(Ref::from_raw(item));
    }
    errors::ptr_result(tupleobject::from_refs(fresh))
}

/// `zip.__reduce__`: `(zip, iterators)`, plus `True` as the state when strict.
unsafe extern "C" fn zip_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let z = op as *mut Zip;
    if (*z).strict != 0 {
        return errors::ptr_result(tupleobject::pack(&[
            py_type(op).cast(),
            (*z).ittuple,
            super::boolobject::py_true(),
        ]));
    }
    errors::ptr_result(tupleobject::pack(&[py_type(op).cast(), (*z).ittuple]))
}

unsafe extern "C" fn zip_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    match obj::is_true(state) {
        Ok(b) => {
            (*(op as *mut Zip)).strict = b as c_int;
            obj::new_none().into_raw()
        }
        Err(_) => null_mut(),
    }
}

static mut ZIP_METHODS: [PyMethodDef; 3] = [
    fdef!(c"__reduce__", zip_reduce as BinFn, METH_NOARGS, DOC_REDUCE),
    fdef!(c"__setstate__", zip_setstate as VarFn, METH_O, DOC_SETSTATE),
    METHOD_END,
];

#[no_mangle]
pub static mut PyZip_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(zip_dealloc),
    tp_getattro: Some(obj::PyObject_GenericGetAttr),
    tp_doc: DOC_ZIP.as_ptr(),
    tp_traverse: Some(zip_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(zip_next),
    tp_methods: (&raw mut ZIP_METHODS).cast(),
    tp_alloc: Some(super::typeobject::PyType_GenericAlloc),
    tp_new: Some(zip_new),
    tp_free: Some(super::typeobject::gc_del),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"zip",
        48,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

// ---------------------------------------------------------------------------------------------
// anext_awaitable

/// `anextawaitableobject`: `anext(aiterator, default)`'s awaitable.
#[repr(C)]
struct AnextAwaitable {
    ob_base: PyObject,
    wrapped: *mut PyObject,
    default_value: *mut PyObject,
}

/// `PyAnextAwaitable_New(awaitable, default)`.
///
/// # Safety
/// Both are live objects.
pub unsafe fn anext_awaitable_new(
    awaitable: *mut PyObject,
    default: *mut PyObject,
) -> PyResult<Ref> {
    let tp = &raw mut _PyAnextAwaitable_Type;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<AnextAwaitable>())?;
    obj::init_object(op, tp);
    let a = op as *mut AnextAwaitable;
    (*a).wrapped = new_ref(awaitable).into_raw();
    (*a).default_value = new_ref(default).into_raw();
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn anext_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let a = op as *mut AnextAwaitable;
    xdecref((*a).wrapped);
    xdecref((*a).default_value);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn anext_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let a = op as *mut AnextAwaitable;
    visit_all(&[(*a).wrapped, (*a).default_value], visit, arg)
}

/// `_PyCoro_GetAwaitableIter` for the wrapped object: a coroutine itself, else the iterator
/// its `__await__` returns.
unsafe fn awaitable_iter(o: *mut PyObject) -> PyResult<Ref> {
    let tp = py_type(o);
    if tp == &raw mut super::genobject::PyCoro_Type {
        return Ok(new_ref(o));
    }
    let getter = if (*tp).tp_as_async.is_null() {
        None
    } else {
        (*(*tp).tp_as_async).am_await
    };
    let Some(getter) = getter else {
        return Err(errors::type_error(&format!(
            "object {:.100} can't be used in 'await' expression",
            obj::type_name(o)
        )));
    };
    let res = Ref::from_result(getter(o))?;
    if py_type(res.as_ptr()) == &raw mut super::genobject::PyCoro_Type {
        return Err(errors::type_error("__await__() returned a coroutine"));
    }
    if !super::r#abstract::iter::check(res.as_ptr()) {
        return Err(errors::type_error(&format!(
            "__await__() returned non-iterator of type '{:.100}'",
            obj::type_name(res.as_ptr())
        )));
    }
    Ok(res)
}

/// `anextawaitable_getiter`: the iterator to drive (a coroutine's `__await__()` iterator).
unsafe fn anext_getiter(a: *mut AnextAwaitable) -> PyResult<Ref> {
    let awaitable = awaitable_iter((*a).wrapped)?;
    if (*awaitable.ob_type()).tp_iternext.is_some() {
        return Ok(awaitable);
    }
    let tp = awaitable.ob_type();
    let getter = if (*tp).tp_as_async.is_null() {
        None
    } else {
        (*(*tp).tp_as_async).am_await
    };
    let Some(getter) = getter else {
        return Err(errors::type_error("__await__ returned a non-iterable"));
    };
    let it = Ref::from_result(getter(awaitable.as_ptr()))?;
    if !super::r#abstract::iter::check(it.as_ptr()) {
        return Err(errors::type_error("__await__ returned a non-iterable"));
    }
    Ok(it)
}

/// `_PyGen_SetStopIterationValue(value)`: StopIteration carrying `value` (wrapped in an instance
/// when it is a tuple or an exception, so it is not unpacked).
unsafe fn set_stop_iteration_value(value: *mut PyObject) -> errors::ErrSet {
    if tupleobject::check(value) || errors::is_exception_instance(value) {
        match super::call::call_one_arg(super::exceptions::PyExc_StopIteration, value) {
            Ok(e) => errors::set_object(super::exceptions::PyExc_StopIteration, e.as_ptr()),
            Err(e) => e,
        }
    } else {
        errors::set_object(super::exceptions::PyExc_StopIteration, value)
    }
}

/// End of the wrapped iteration: StopAsyncIteration becomes StopIteration(default).
unsafe fn anext_translate(a: *mut AnextAwaitable) -> *mut PyObject {
    if errors::exception_matches(super::exceptions::PyExc_StopAsyncIteration) {
        errors::clear();
        let _ = set_stop_iteration_value((*a).default_value);
    }
    null_mut()
}

unsafe extern "C" fn anext_iternext(op: *mut PyObject) -> *mut PyObject {
    let a = op as *mut AnextAwaitable;
    let Ok(it) = anext_getiter(a) else {
        return null_mut();
    };
    let r = iternext(it.as_ptr());
    if !r.is_null() {
        return r;
    }
    anext_translate(a)
}

unsafe fn anext_proxy(op: *mut PyObject, meth: &str, arg: *mut PyObject) -> *mut PyObject {
    let a = op as *mut AnextAwaitable;
    let Ok(it) = anext_getiter(a) else {
        return null_mut();
    };
    let r = if meth == "send" {
        super::call::call_method_str(it.as_ptr(), meth, &[arg])
    } else {
        // throw/close receive the positional tuple (METH_VARARGS).
        let mut v: Vec<*mut PyObject> = Vec::new();
        v.extend_from_slice(items(arg));
        super::unicodeobject::new_str(meth)
            .and_then(|name| super::call::call_method(it.as_ptr(), name.as_ptr(), &v))
    };
    match r {
        Ok(v) => v.into_raw(),
        Err(_) => anext_translate(a),
    }
}

unsafe extern "C" fn anext_send(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    anext_proxy(op, "send", arg)
}

unsafe extern "C" fn anext_throw(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    anext_proxy(op, "throw", args)
}

unsafe extern "C" fn anext_close(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    anext_proxy(op, "close", args)
}

static mut ANEXT_METHODS: [PyMethodDef; 4] = [
    method!(c"send", anext_send as BinFn, METH_O, c"send(arg) -> send 'arg' into the wrapped iterator,\nreturn next yielded value or raise StopIteration."),
    method!(c"throw", anext_throw as VarFn, METH_VARARGS, c"throw(typ[,val[,tb]]) -> raise exception in the wrapped iterator,\nreturn next yielded value or raise StopIteration."),
    method!(c"close", anext_close as VarFn, METH_VARARGS, c"close() -> raise GeneratorExit inside generator."),
    METHOD_END,
];

static mut ANEXT_AS_ASYNC: PyAsyncMethods = PyAsyncMethods {
    am_await: Some(obj::PyObject_SelfIter),
    am_aiter: None,
    am_anext: None,
    am_send: None,
};

/// `_PyAnextAwaitable_Type` (not exported by libpython).
pub static mut _PyAnextAwaitable_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(anext_dealloc),
    tp_as_async: &raw mut ANEXT_AS_ASYNC,
    tp_getattro: Some(obj::PyObject_GenericGetAttr),
    tp_traverse: Some(anext_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(anext_iternext),
    tp_methods: (&raw mut ANEXT_METHODS).cast(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"anext_awaitable",
        32,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};
