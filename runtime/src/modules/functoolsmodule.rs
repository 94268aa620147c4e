//! The `_functools` module (CPython 3.11's Modules/_functoolsmodule.c): `partial` (with
//! vectorcall, nested-partial flattening, pickling through `__reduce__`/`__setstate__`),
//! `reduce`, `cmp_to_key` and its `KeyWrapper` type, and `_lru_cache_wrapper`, the C LRU cache
//! behind `functools.lru_cache` (unbounded, bounded with a linked list of links ordered from
//! least to most recently used, and the `maxsize=0` pass-through), thread-safe under the GIL
//! as CPython's is.

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT, T_PYSSIZET};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::dictobject::method;
use crate::objects::exceptions as exc;
use crate::objects::object::{self, decref, incref, py_type, xdecref, Ref};
use crate::objects::r#abstract::iter as aiter;
use crate::objects::typeobject::static_type;
use crate::objects::{call, dictobject, longobject, tupleobject, unicodeobject};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type KwFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type FastKwFn = args::FastKwFn;

const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};
const MEMBER_END: PyMemberDef = PyMemberDef {
    name: core::ptr::null(),
    type_: 0,
    offset: 0,
    flags: 0,
    doc: core::ptr::null(),
};
const GETSET_END: PyGetSetDef = PyGetSetDef {
    name: core::ptr::null(),
    get: None,
    set: None,
    doc: core::ptr::null(),
    closure: null_mut(),
};

unsafe extern "C" fn get_dict(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    errors::ptr_result(object::generic_get_dict(op))
}

unsafe extern "C" fn set_dict(op: *mut PyObject, v: *mut PyObject, _: *mut c_void) -> c_int {
    errors::int_result(object::generic_set_dict(op, v))
}

const DICT_GETSET: PyGetSetDef = PyGetSetDef {
    name: c"__dict__".as_ptr(),
    get: Some(get_dict),
    set: Some(set_dict),
    doc: core::ptr::null(),
    closure: null_mut(),
};

const CLASS_GETITEM: PyMethodDef = PyMethodDef {
    ml_name: c"__class_getitem__".as_ptr(),
    ml_meth: Some(crate::objects::genericaliasobject::class_getitem),
    ml_flags: METH_O | METH_CLASS,
    ml_doc: c"See PEP 585".as_ptr(),
};

/// Releases the instance memory the way the type's allocator expects. (A heap subtype's
/// reference to its type is dropped by `subtype_dealloc`, as for any static base type.)
unsafe fn free_instance(op: *mut PyObject) {
    let tp = py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe fn visit_all(objs: &[*mut PyObject], visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    for &o in objs {
        if !o.is_null() {
            let r = visit(o, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

// ---------------------------------------------------------------------------------------------
// partial

#[repr(C)]
struct Partial {
    ob_base: PyObject,
    fn_: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
    dict: *mut PyObject,
    weakreflist: *mut PyObject,
    vectorcall: vectorcallfunc,
}

unsafe fn pto(op: *mut PyObject) -> *mut Partial {
    op.cast()
}

unsafe extern "C" fn partial_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = tupleobject::len(a);
        if n < 1 {
            return Err(errors::type_error(
                "type 'partial' takes at least one argument",
            ));
        }
        let mut func = *tupleobject::items(a);
        let (mut pargs, mut pkw) = (null_mut(), null_mut());
        // Any object called through partial_call has partial's layout; flatten it unless it
        // carries instance attributes.
        if (*py_type(func)).tp_call.map(|f| f as usize) == Some(partial_call as KwFn as usize)
            && (*pto(func)).dict.is_null()
        {
            pargs = (*pto(func)).args;
            pkw = (*pto(func)).kw;
            func = (*pto(func)).fn_;
        }
        if !call::is_callable(func) {
            return Err(errors::type_error("the first argument must be callable"));
        }
        let Some(alloc) = (*tp).tp_alloc else {
            return Err(errors::bad_internal_call());
        };
        let op = Ref::from_result(alloc(tp, 0))?;
        let p = pto(op.as_ptr());
        incref(func);
        (*p).fn_ = func;
        let rest = core::slice::from_raw_parts(tupleobject::items(a).add(1), (n - 1) as usize);
        let args = if pargs.is_null() {
            tupleobject::from_slice(rest)?
        } else {
            let mut all: Vec<*mut PyObject> = core::slice::from_raw_parts(
                tupleobject::items(pargs),
                tupleobject::len(pargs) as usize,
            )
            .to_vec();
            all.extend_from_slice(rest);
            tupleobject::from_slice(&all)?
        };
        (*p).args = args.into_raw();
        let kwd = if pkw.is_null() || dictobject::len(pkw) == 0 {
            if kw.is_null() {
                dictobject::new()?
            } else {
                dictobject::copy(kw)?
            }
        } else {
            let d = dictobject::copy(pkw)?;
            if !kw.is_null() {
                dictobject::merge(d.as_ptr(), kw, 1)?;
            }
            d
        };
        (*p).kw = kwd.into_raw();
        (*p).vectorcall = Some(partial_vectorcall);
        Ok(op)
    })())
}

/// Calls the partial with `args[..nargs]` plus keywords named by `kwnames`: its own
/// positionals first, its keywords overridden by the call's.
unsafe fn partial_invoke(
    op: *mut PyObject,
    a: &[*mut PyObject],
    nargs: usize,
    kwnames: *mut PyObject,
) -> PyResult<Ref> {
    let p = pto(op);
    let own = core::slice::from_raw_parts(
        tupleobject::items((*p).args),
        tupleobject::len((*p).args) as usize,
    );
    let mut stack: Vec<*mut PyObject> = own.to_vec();
    stack.extend_from_slice(&a[..nargs]);
    let npos = stack.len();
    if dictobject::len((*p).kw) == 0 {
        stack.extend_from_slice(&a[nargs..]);
        let r = call::vectorcall_raw((*p).fn_, stack.as_ptr(), npos, kwnames);
        return r;
    }
    let merged = dictobject::copy((*p).kw)?;
    if !kwnames.is_null() {
        for (i, &v) in a[nargs..].iter().enumerate() {
            dictobject::set_item(merged.as_ptr(), *tupleobject::items(kwnames).add(i), v)?;
        }
    }
    let mut names = Vec::new();
    let mut pos = 0;
    // The dict's items stay alive: `merged` is held until the call returns.
    while let Some((k, v)) = dictobject::next(merged.as_ptr(), &mut pos) {
        names.push(k);
        stack.push(v);
    }
    let names = tupleobject::from_slice(&names)?;
    call::vectorcall_raw((*p).fn_, stack.as_ptr(), npos, names.as_ptr())
}

unsafe extern "C" fn partial_vectorcall(
    op: *mut PyObject,
    a: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = call::nargs_of(nargsf) as usize;
    let nkw = if kwnames.is_null() {
        0
    } else {
        tupleobject::len(kwnames) as usize
    };
    let all = if nargs + nkw == 0 {
        &[][..]
    } else {
        core::slice::from_raw_parts(a, nargs + nkw)
    };
    errors::ptr_result(partial_invoke(op, all, nargs, kwnames))
}

unsafe extern "C" fn partial_call(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut stack: Vec<*mut PyObject> =
            core::slice::from_raw_parts(tupleobject::items(a), tupleobject::len(a) as usize)
                .to_vec();
        let nargs = stack.len();
        let mut names = Vec::new();
        if !kw.is_null() {
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(kw, &mut pos) {
                names.push(k);
                stack.push(v);
            }
        }
        let kwnames = if names.is_empty() {
            None
        } else {
            Some(tupleobject::from_slice(&names)?)
        };
        partial_invoke(
            op,
            &stack,
            nargs,
            kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
        )
    })())
}

unsafe extern "C" fn partial_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let p = pto(op);
    if !(*p).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    partial_tp_clear(op);
    free_instance(op);
}

unsafe extern "C" fn partial_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let p = pto(op);
    visit_all(&[(*p).fn_, (*p).args, (*p).kw, (*p).dict], visit, arg)
}

unsafe extern "C" fn partial_tp_clear(op: *mut PyObject) -> c_int {
    let p = pto(op);
    for s in [
        &raw mut (*p).fn_,
        &raw mut (*p).args,
        &raw mut (*p).kw,
        &raw mut (*p).dict,
    ] {
        object::replace_slot(s, null_mut());
    }
    0
}

unsafe extern "C" fn partial_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if object::repr_enter(op)? {
            return unicodeobject::new_str("...");
        }
        let r = (|| {
            let p = pto(op);
            let mut s = String::new();
            // Hold the pieces while formatting: reprs may run code that replaces them.
            let fn_ = Ref::from_borrowed((*p).fn_);
            let args = Ref::from_borrowed((*p).args);
            let kw = Ref::from_borrowed((*p).kw);
            let fr = object::repr(fn_.as_ptr())?;
            s.push_str(&object::str_text(fr.as_ptr()));
            for i in 0..tupleobject::len(args.as_ptr()) {
                let r = object::repr(*tupleobject::items(args.as_ptr()).offset(i))?;
                s.push_str(", ");
                s.push_str(&object::str_text(r.as_ptr()));
            }
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(kw.as_ptr(), &mut pos) {
                let (k, v) = (Ref::from_borrowed(k), Ref::from_borrowed(v));
                let ks = object::str(k.as_ptr())?;
                let vr = object::repr(v.as_ptr())?;
                s.push_str(&format!(
                    ", {}={}",
                    object::str_text(ks.as_ptr()),
                    object::str_text(vr.as_ptr())
                ));
            }
            let name = core::ffi::CStr::from_ptr((*py_type(op)).tp_name)
                .to_string_lossy()
                .into_owned();
            unicodeobject::new_str(&format!("{name}({s})"))
        })();
        object::repr_leave(op);
        r
    })())
}

unsafe extern "C" fn partial_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let p = pto(op);
    errors::ptr_result((|| {
        let a = tupleobject::pack(&[(*p).fn_])?;
        let d = if (*p).dict.is_null() {
            object::none()
        } else {
            (*p).dict
        };
        let state = tupleobject::pack(&[(*p).fn_, (*p).args, (*p).kw, d])?;
        tupleobject::pack(&[py_type(op).cast(), a.as_ptr(), state.as_ptr()])
    })())
}

unsafe extern "C" fn partial_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let p = pto(op);
    errors::ptr_result((|| {
        let bad = || errors::type_error("invalid partial state");
        if !tupleobject::check(state) || tupleobject::len(state) != 4 {
            return Err(bad());
        }
        let it = tupleobject::items(state);
        let (f, fnargs, kw, dict) = (*it, *it.add(1), *it.add(2), *it.add(3));
        if !call::is_callable(f)
            || !tupleobject::check(fnargs)
            || (kw != object::none() && !dictobject::check(kw))
        {
            return Err(bad());
        }
        let fnargs = if py_type(fnargs) == &raw mut crate::objects::tupleobject::PyTuple_Type {
            Ref::from_borrowed(fnargs)
        } else {
            crate::objects::r#abstract::sequence::tuple(fnargs)?
        };
        let kw = if kw == object::none() {
            dictobject::new()?
        } else if dictobject::check_exact(kw) {
            Ref::from_borrowed(kw)
        } else {
            dictobject::copy(kw)?
        };
        let dict = if dict == object::none() {
            null_mut()
        } else {
            Ref::from_borrowed(dict).into_raw()
        };
        incref(f);
        object::replace_slot(&raw mut (*p).fn_, f);
        object::replace_slot(&raw mut (*p).args, fnargs.into_raw());
        object::replace_slot(&raw mut (*p).kw, kw.into_raw());
        object::replace_slot(&raw mut (*p).dict, dict);
        Ok(object::new_none())
    })())
}

static mut PARTIAL_METHODS: [PyMethodDef; 4] = [
    method!(c"__reduce__", partial_reduce as BinFn, METH_NOARGS, c""),
    method!(c"__setstate__", partial_setstate as BinFn, METH_O, c""),
    CLASS_GETITEM,
    METHOD_END,
];

static mut PARTIAL_MEMBERS: [PyMemberDef; 5] = [
    PyMemberDef {
        name: c"func".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(Partial, fn_) as Py_ssize_t,
        flags: READONLY,
        doc: c"function object to use in future partial calls".as_ptr(),
    },
    PyMemberDef {
        name: c"args".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(Partial, args) as Py_ssize_t,
        flags: READONLY,
        doc: c"tuple of arguments to future partial calls".as_ptr(),
    },
    PyMemberDef {
        name: c"keywords".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(Partial, kw) as Py_ssize_t,
        flags: READONLY,
        doc: c"dictionary of keyword arguments to future partial calls".as_ptr(),
    },
    PyMemberDef {
        name: c"__vectorcalloffset__".as_ptr(),
        type_: T_PYSSIZET,
        offset: core::mem::offset_of!(Partial, vectorcall) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    MEMBER_END,
];

static mut PARTIAL_GETSET: [PyGetSetDef; 2] = [DICT_GETSET, GETSET_END];

static mut PARTIAL_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(partial_dealloc),
    tp_vectorcall_offset: core::mem::offset_of!(Partial, vectorcall) as Py_ssize_t,
    tp_repr: Some(partial_repr),
    tp_call: Some(partial_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_setattro: Some(object::PyObject_GenericSetAttr),
    tp_doc: c"partial(func, *args, **keywords) - new function with partial application\n    of the given arguments and keywords.\n".as_ptr(),
    tp_traverse: Some(partial_traverse),
    tp_clear: Some(partial_tp_clear),
    tp_weaklistoffset: core::mem::offset_of!(Partial, weakreflist) as Py_ssize_t,
    tp_methods: (&raw mut PARTIAL_METHODS).cast(),
    tp_members: (&raw mut PARTIAL_MEMBERS).cast(),
    tp_getset: (&raw mut PARTIAL_GETSET).cast(),
    tp_dictoffset: core::mem::offset_of!(Partial, dict) as Py_ssize_t,
    tp_new: Some(partial_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"functools.partial",
        core::mem::size_of::<Partial>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_IMMUTABLETYPE,
    )
};

// ---------------------------------------------------------------------------------------------
// cmp_to_key

/// `KeyWrapper`: the comparison function and, once called, the object it orders.
#[repr(C)]
struct KeyWrapper {
    ob_base: PyObject,
    cmp: *mut PyObject,
    object: *mut PyObject,
}

unsafe fn new_keywrapper(cmp: *mut PyObject, obj: *mut PyObject) -> PyResult<Ref> {
    let tp = &raw mut KEYWRAPPER_TYPE;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<KeyWrapper>())?;
    object::init_object(op, tp);
    let k = op as *mut KeyWrapper;
    object::xincref(cmp);
    object::xincref(obj);
    (*k).cmp = cmp;
    (*k).object = obj;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn kw_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let k = op as *mut KeyWrapper;
    xdecref((*k).cmp);
    xdecref((*k).object);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn kw_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let k = op as *mut KeyWrapper;
    visit_all(&[(*k).cmp, (*k).object], visit, arg)
}

unsafe extern "C" fn kw_clear(op: *mut PyObject) -> c_int {
    let k = op as *mut KeyWrapper;
    object::replace_slot(&raw mut (*k).cmp, null_mut());
    object::replace_slot(&raw mut (*k).object, null_mut());
    0
}

unsafe extern "C" fn kw_call(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "K",
        params: &["obj"],
        posonly: 0,
        maxpos: 1,
        required: 1,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        new_keywrapper((*(op as *mut KeyWrapper)).cmp, v[0])
    })())
}

unsafe extern "C" fn kw_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if py_type(w) != &raw mut KEYWRAPPER_TYPE {
            return Err(errors::type_error("other argument must be K instance"));
        }
        let (a, b) = (
            (*(v as *mut KeyWrapper)).object,
            (*(w as *mut KeyWrapper)).object,
        );
        if a.is_null() || b.is_null() {
            return Err(errors::set_string(exc::PyExc_AttributeError, "object"));
        }
        let res = call::vectorcall((*(v as *mut KeyWrapper)).cmp, &[a, b], null_mut())?;
        let zero = longobject::from_i64(0)?;
        object::rich_compare(res.as_ptr(), zero.as_ptr(), op)
    })())
}

static mut KW_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"obj".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(KeyWrapper, object) as Py_ssize_t,
        flags: 0,
        doc: c"Value wrapped by a key function.".as_ptr(),
    },
    MEMBER_END,
];

static mut KEYWRAPPER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(kw_dealloc),
    tp_call: Some(kw_call),
    tp_hash: Some(object::PyObject_HashNotImplemented),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(kw_traverse),
    tp_clear: Some(kw_clear),
    tp_richcompare: Some(kw_richcompare),
    tp_members: (&raw mut KW_MEMBERS).cast(),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"functools.KeyWrapper",
        core::mem::size_of::<KeyWrapper>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    )
};

unsafe extern "C" fn cmp_to_key(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "cmp_to_key",
        params: &["mycmp"],
        posonly: 0,
        maxpos: 1,
        required: 1,
    };
    errors::ptr_result((|| {
        let v = args::bind(&SIG, a, nargs as usize, kwnames)?;
        new_keywrapper(v[0], null_mut())
    })())
}

/// Binds `(args, kwargs)` to `sig` with `PyArg_ParseTupleAndKeywords`'s messages.
unsafe fn bind_tuple(
    sig: &args::Sig,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<Vec<*mut PyObject>> {
    let n = if a.is_null() {
        0
    } else {
        tupleobject::len(a) as usize
    };
    let mut stack: Vec<*mut PyObject> = (0..n).map(|i| *tupleobject::items(a).add(i)).collect();
    let mut names = Vec::new();
    if !kw.is_null() {
        let mut pos = 0;
        while let Some((k, v)) = dictobject::next(kw, &mut pos) {
            names.push(k);
            stack.push(v);
        }
    }
    let kwnames = if names.is_empty() {
        None
    } else {
        Some(tupleobject::from_slice(&names)?)
    };
    args::bind(
        sig,
        stack.as_ptr(),
        n,
        kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
    )
}

// ---------------------------------------------------------------------------------------------
// reduce

unsafe extern "C" fn reduce(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = tupleobject::len(a) as usize;
        crate::getargs::check_positional(Some("reduce"), n, 2, 3)?;
        let items = tupleobject::items(a);
        let (func, seq) = (*items, *items.add(1));
        let mut acc: Option<Ref> = if n == 3 {
            Some(Ref::from_borrowed(*items.add(2)))
        } else {
            None
        };
        let it = match aiter::get_iter(seq) {
            Ok(it) => it,
            Err(e) => {
                if crate::objects::dictobject::occurred_matches(exc::PyExc_TypeError) {
                    errors::clear();
                    return Err(errors::type_error("reduce() arg 2 must support iteration"));
                }
                return Err(e);
            }
        };
        while let Some(item) = aiter::next(it.as_ptr())? {
            acc = Some(match acc {
                None => item,
                Some(prev) => call::vectorcall(func, &[prev.as_ptr(), item.as_ptr()], null_mut())?,
            });
        }
        acc.ok_or_else(|| errors::type_error("reduce() of empty iterable with no initial value"))
    })())
}

// ---------------------------------------------------------------------------------------------
// _lru_cache_wrapper

/// One cache entry of the bounded cache, in the doubly linked list from least to most
/// recently used (the cache dict maps the key to its link).
#[repr(C)]
struct Link {
    ob_base: PyObject,
    prev: *mut Link,
    next: *mut Link,
    hash: Py_hash_t,
    key: *mut PyObject,
    result: *mut PyObject,
}

unsafe extern "C" fn link_dealloc(op: *mut PyObject) {
    let l = op as *mut Link;
    xdecref((*l).key);
    xdecref((*l).result);
    crate::mem::obj_free(op.cast());
}

static mut LINK_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(link_dealloc),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"functools._lru_list_elem",
        core::mem::size_of::<Link>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT,
    )
};

#[derive(Clone, Copy, PartialEq)]
enum CacheKind {
    Uncached,
    Infinite,
    Bounded,
}

#[repr(C)]
struct LruWrapper {
    ob_base: PyObject,
    root: Link,
    kind: CacheKind,
    func: *mut PyObject,
    maxsize: Py_ssize_t,
    typed: c_int,
    cache: *mut PyObject,
    hits: Py_ssize_t,
    misses: Py_ssize_t,
    kwd_mark: *mut PyObject,
    cache_info_type: *mut PyObject,
    dict: *mut PyObject,
    weakreflist: *mut PyObject,
}

unsafe fn lru(op: *mut PyObject) -> *mut LruWrapper {
    op.cast()
}

unsafe fn root(w: *mut LruWrapper) -> *mut Link {
    &raw mut (*w).root
}

/// The marker separating positionals from keywords in cache keys (`_make_key`'s kwd_mark).
static mut KWD_MARK: *mut PyObject = null_mut();

unsafe fn kwd_mark() -> PyResult<*mut PyObject> {
    if KWD_MARK.is_null() {
        let o =
            call::call_no_args((&raw mut crate::objects::typeobject::PyBaseObject_Type).cast())?;
        KWD_MARK = o.into_raw();
    }
    Ok(KWD_MARK)
}

/// `_make_key(args, kwds, typed)`: a lone str/int argument is its own key; otherwise the
/// positionals, then the mark and each keyword's name and value, then (typed) the types.
unsafe fn make_key(w: *mut LruWrapper, a: *mut PyObject, kw: *mut PyObject) -> PyResult<Ref> {
    let nkw = if kw.is_null() { 0 } else { dictobject::len(kw) };
    let n = tupleobject::len(a);
    let positional = core::slice::from_raw_parts(tupleobject::items(a), n as usize);
    if (*w).typed == 0 && nkw == 0 {
        if n == 1 {
            let k = positional[0];
            if py_type(k) == &raw mut crate::objects::unicodeobject::PyUnicode_Type
                || py_type(k) == &raw mut crate::objects::longobject::PyLong_Type
            {
                return Ok(Ref::from_borrowed(k));
            }
        }
        return Ok(Ref::from_borrowed(a));
    }
    let mut key: Vec<*mut PyObject> = positional.to_vec();
    let mut kwvalues = Vec::new();
    if nkw > 0 {
        key.push((*w).kwd_mark);
        let mut pos = 0;
        while let Some((k, v)) = dictobject::next(kw, &mut pos) {
            key.push(k);
            key.push(v);
            kwvalues.push(v);
        }
    }
    if (*w).typed != 0 {
        for &p in positional {
            key.push(py_type(p).cast());
        }
        for v in kwvalues {
            key.push(py_type(v).cast());
        }
    }
    tupleobject::from_slice(&key)
}

unsafe fn unlink(l: *mut Link) {
    (*(*l).prev).next = (*l).next;
    (*(*l).next).prev = (*l).prev;
}

/// Puts `l` at the most recently used end.
unsafe fn append_link(w: *mut LruWrapper, l: *mut Link) {
    let r = root(w);
    let last = (*r).prev;
    (*last).next = l;
    (*r).prev = l;
    (*l).prev = last;
    (*l).next = r;
}

unsafe fn lru_call_impl(op: *mut PyObject, a: *mut PyObject, kw: *mut PyObject) -> PyResult<Ref> {
    let w = lru(op);
    match (*w).kind {
        CacheKind::Uncached => {
            (*w).misses += 1;
            call::call((*w).func, a, kw)
        }
        CacheKind::Infinite => {
            let key = make_key(w, a, kw)?;
            let hash = object::hash(key.as_ptr())?;
            if let Some(r) = dictobject::get_item_known_hash((*w).cache, key.as_ptr(), hash)? {
                (*w).hits += 1;
                return Ok(Ref::from_borrowed(r));
            }
            (*w).misses += 1;
            let result = call::call((*w).func, a, kw)?;
            dictobject::set_item_known_hash((*w).cache, key.as_ptr(), result.as_ptr(), hash)?;
            Ok(result)
        }
        CacheKind::Bounded => bounded_call(op, a, kw),
    }
}

unsafe fn bounded_call(op: *mut PyObject, a: *mut PyObject, kw: *mut PyObject) -> PyResult<Ref> {
    let w = lru(op);
    let key = make_key(w, a, kw)?;
    let hash = object::hash(key.as_ptr())?;
    if let Some(l) = dictobject::get_item_known_hash((*w).cache, key.as_ptr(), hash)? {
        let l = l as *mut Link;
        unlink(l);
        append_link(w, l);
        (*w).hits += 1;
        return Ok(Ref::from_borrowed((*l).result));
    }
    (*w).misses += 1;
    let result = call::call((*w).func, a, kw)?;
    // The call may have filled this key already (recursion, other threads): keep that entry.
    if dictobject::get_item_known_hash((*w).cache, key.as_ptr(), hash)?.is_some() {
        return Ok(result);
    }
    let r = root(w);
    if dictobject::len((*w).cache) < (*w).maxsize || (*r).next == r {
        let lop = object::new_object(&raw mut LINK_TYPE)?;
        let l = lop as *mut Link;
        (*l).hash = hash;
        (*l).key = key.clone().into_raw();
        (*l).result = result.clone().into_raw();
        let lref = Ref::from_raw(lop);
        // The dict holds the link; the list only points to it.
        dictobject::set_item_known_hash((*w).cache, key.as_ptr(), lop, hash)?;
        append_link(w, l);
        drop(lref);
        return Ok(result);
    }
    // Full: recycle the oldest link for the new entry.
    let old = (*r).next;
    unlink(old);
    let popped = dictobject::pop_known_hash((*w).cache, (*old).key, (*old).hash, object::none());
    let popped = match popped {
        Ok(p) => p,
        Err(e) => {
            // Put the link back at the oldest end so the structure stays consistent.
            let first = (*r).next;
            (*old).next = first;
            (*old).prev = r;
            (*first).prev = old;
            (*r).next = old;
            return Err(e);
        }
    };
    if popped.as_ptr() == object::none() {
        // Someone removed the entry while its key was compared: the link is gone already.
        return Ok(result);
    }
    let l = popped.as_ptr() as *mut Link;
    let (old_key, old_result) = ((*l).key, (*l).result);
    (*l).hash = hash;
    (*l).key = key.clone().into_raw();
    (*l).result = result.clone().into_raw();
    let set = dictobject::set_item_known_hash((*w).cache, key.as_ptr(), popped.as_ptr(), hash);
    if set.is_ok() {
        append_link(w, l);
    }
    drop(popped);
    decref(old_key);
    decref(old_result);
    set.map(|_| result)
}

unsafe extern "C" fn lru_call(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(lru_call_impl(op, a, kw))
}

unsafe extern "C" fn lru_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "lru_cache",
        params: &["user_function", "maxsize", "typed", "cache_info_type"],
        posonly: 0,
        maxpos: 4,
        required: 4,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let (func, maxsize_o, typed_o, info) = (v[0], v[1], v[2], v[3]);
        if !call::is_callable(func) {
            return Err(errors::type_error("the first argument must be callable"));
        }
        let typed = object::is_true(typed_o)?;
        let (kind, maxsize) = if maxsize_o == object::none() {
            (CacheKind::Infinite, -1)
        } else if crate::objects::r#abstract::number::index_check(maxsize_o) {
            let m = crate::objects::r#abstract::number::as_ssize_t(
                maxsize_o,
                exc::PyExc_OverflowError,
            )?
            .max(0);
            (
                if m == 0 {
                    CacheKind::Uncached
                } else {
                    CacheKind::Bounded
                },
                m,
            )
        } else {
            return Err(errors::type_error("maxsize should be integer or None"));
        };
        let cache = dictobject::new()?;
        let mark = kwd_mark()?;
        let Some(alloc) = (*tp).tp_alloc else {
            return Err(errors::bad_internal_call());
        };
        let op = Ref::from_result(alloc(tp, 0))?;
        let w = lru(op.as_ptr());
        let r = root(w);
        (*r).prev = r;
        (*r).next = r;
        (*w).kind = kind;
        (*w).maxsize = maxsize;
        (*w).typed = typed as c_int;
        (*w).cache = cache.into_raw();
        incref(func);
        (*w).func = func;
        incref(mark);
        (*w).kwd_mark = mark;
        incref(info);
        (*w).cache_info_type = info;
        Ok(op)
    })())
}

/// Empties the list and the dict (the dict last: dropping entries may run arbitrary code).
unsafe fn lru_clear_cache(w: *mut LruWrapper) {
    let r = root(w);
    if !(*r).next.is_null() {
        (*r).next = r;
        (*r).prev = r;
    }
    if !(*w).cache.is_null() {
        dictobject::clear((*w).cache);
    }
}

unsafe extern "C" fn lru_tp_clear(op: *mut PyObject) -> c_int {
    let w = lru(op);
    lru_clear_cache(w);
    for s in [
        &raw mut (*w).func,
        &raw mut (*w).kwd_mark,
        &raw mut (*w).cache_info_type,
        &raw mut (*w).dict,
    ] {
        object::replace_slot(s, null_mut());
    }
    0
}

unsafe extern "C" fn lru_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let w = lru(op);
    if !(*w).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    lru_tp_clear(op);
    object::replace_slot(&raw mut (*w).cache, null_mut());
    free_instance(op);
}

unsafe extern "C" fn lru_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let w = lru(op);
    let r = root(w);
    if !(*r).next.is_null() {
        let mut l = (*r).next;
        while l != r {
            let rv = visit_all(&[(*l).result], visit, arg);
            if rv != 0 {
                return rv;
            }
            l = (*l).next;
        }
    }
    visit_all(
        &[(*w).func, (*w).cache, (*w).cache_info_type, (*w).dict],
        visit,
        arg,
    )
}

unsafe extern "C" fn lru_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    if obj.is_null() || obj == object::none() {
        incref(op);
        return op;
    }
    errors::ptr_result(crate::objects::classobject::new_method(op, obj))
}

unsafe extern "C" fn lru_cache_info(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let w = lru(op);
    errors::ptr_result((|| {
        let hits = longobject::from_isize((*w).hits)?;
        let misses = longobject::from_isize((*w).misses)?;
        let size = longobject::from_isize(if (*w).kind == CacheKind::Uncached {
            0
        } else {
            dictobject::len((*w).cache)
        })?;
        let maxsize = if (*w).kind == CacheKind::Infinite {
            Ref::from_borrowed(object::none())
        } else {
            longobject::from_isize((*w).maxsize)?
        };
        call::vectorcall(
            (*w).cache_info_type,
            &[
                hits.as_ptr(),
                misses.as_ptr(),
                maxsize.as_ptr(),
                size.as_ptr(),
            ],
            null_mut(),
        )
    })())
}

unsafe extern "C" fn lru_cache_clear(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let w = lru(op);
    (*w).hits = 0;
    (*w).misses = 0;
    lru_clear_cache(w);
    object::new_none().into_raw()
}

unsafe extern "C" fn lru_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(object::get_attr_str(op, "__qualname__"))
}

unsafe extern "C" fn lru_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    incref(op);
    op
}

static mut LRU_METHODS: [PyMethodDef; 6] = [
    method!(
        c"cache_info",
        lru_cache_info as BinFn,
        METH_NOARGS,
        c"Report cache statistics"
    ),
    method!(
        c"cache_clear",
        lru_cache_clear as BinFn,
        METH_NOARGS,
        c"Clear the cache and cache statistics"
    ),
    method!(c"__reduce__", lru_reduce as BinFn, METH_NOARGS, c""),
    method!(c"__copy__", lru_copy as BinFn, METH_VARARGS, c""),
    method!(c"__deepcopy__", lru_copy as BinFn, METH_VARARGS, c""),
    METHOD_END,
];

static mut LRU_GETSET: [PyGetSetDef; 2] = [DICT_GETSET, GETSET_END];

static mut LRU_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(lru_dealloc),
    tp_call: Some(lru_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_setattro: Some(object::PyObject_GenericSetAttr),
    tp_doc: c"Create a cached callable that wraps another function.\n\nuser_function:      the function being cached\n\nmaxsize:  0         for no caching\n          None      for unlimited cache size\n          n         for a bounded cache\n\ntyped:    False     cache f(3) and f(3.0) as identical calls\n          True      cache f(3) and f(3.0) as distinct calls\n\ncache_info_type:    namedtuple class with the fields:\n                        hits misses currsize maxsize\n".as_ptr(),
    tp_traverse: Some(lru_traverse),
    tp_clear: Some(lru_tp_clear),
    tp_weaklistoffset: core::mem::offset_of!(LruWrapper, weakreflist) as Py_ssize_t,
    tp_methods: (&raw mut LRU_METHODS).cast(),
    tp_getset: (&raw mut LRU_GETSET).cast(),
    tp_descr_get: Some(lru_get),
    tp_dictoffset: core::mem::offset_of!(LruWrapper, dict) as Py_ssize_t,
    tp_new: Some(lru_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"functools._lru_cache_wrapper",
        core::mem::size_of::<LruWrapper>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_METHOD_DESCRIPTOR | Py_TPFLAGS_IMMUTABLETYPE,
    )
};

// ---------------------------------------------------------------------------------------------
// the module

/// `functools.partial` (readied), for `operator.methodcaller.__reduce__`.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn partial_type() -> PyResult<Ref> {
    let tp = &raw mut PARTIAL_TYPE;
    if (*tp).tp_dict.is_null() {
        crate::objects::typeobject::ready(tp)?;
        let m = unicodeobject::new_str("functools")?;
        dictobject::set_item_str((*tp).tp_dict, "__module__", m.as_ptr())?;
    }
    Ok(Ref::from_borrowed(tp.cast()))
}

fn module_methods() -> Vec<PyMethodDef> {
    vec![
        method!(c"reduce", reduce as BinFn, METH_VARARGS, c"reduce(function, iterable[, initial]) -> value\n\nApply a function of two arguments cumulatively to the items of a sequence\nor iterable, from left to right, so as to reduce the iterable to a single\nvalue.  For example, reduce(lambda x, y: x+y, [1, 2, 3, 4, 5]) calculates\n((((1+2)+3)+4)+5).  If initial is present, it is placed before the items\nof the iterable in the calculation, and serves as a default when the\niterable is empty."),
        method!(c"cmp_to_key", cmp_to_key as FastKwFn, METH_FASTCALL | METH_KEYWORDS, c"Convert a cmp= function into a key= function."),
    ]
}

/// `PyInit__functools`. CPython makes partial, KeyWrapper and _lru_cache_wrapper heap types
/// with `__module__` in their dicts; these static types get the same entry so `dir()` agrees.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        for tp in [
            &raw mut PARTIAL_TYPE,
            &raw mut KEYWRAPPER_TYPE,
            &raw mut LRU_TYPE,
            &raw mut LINK_TYPE,
        ] {
            if (*tp).tp_dict.is_null() {
                crate::objects::typeobject::ready(tp)?;
                if tp != &raw mut LINK_TYPE {
                    let m = unicodeobject::new_str("functools")?;
                    dictobject::set_item_str((*tp).tp_dict, "__module__", m.as_ptr())?;
                }
            }
        }
        let m = args::create_module(
            c"_functools",
            c"Tools that operate on functions.",
            module_methods,
        )?;
        args::add(m.as_ptr(), "partial", (&raw mut PARTIAL_TYPE).cast())?;
        args::add(m.as_ptr(), "_lru_cache_wrapper", (&raw mut LRU_TYPE).cast())?;
        Ok(m)
    })())
}

#[cfg(test)]
mod tests {
    const SNIPPETS: &[&str] = &[
        // partial
        "partial = _functools.partial\ndef f(*a, **k): return (a, sorted(k.items()))\np = partial(f, 1, 2, x=3)\nresult = (p(), p(4, y=5), p(x=9), p.func is f, p.args, p.keywords, repr(partial(max)))",
        "partial = _functools.partial\ndef f(*a, **k): return (a, sorted(k.items()))\np = partial(partial(f, 1, a=1), 2, b=2)\nq = partial(p, 3, a=0)\nresult = (p.func is f, p.args, p.keywords, q.args, q.keywords, q(4))",
        "partial = _functools.partial\np = partial(max, 1)\np.attr = 5\nq = partial(p, 2)\nresult = (q.func is p, q.args, q(), p.__dict__)",
        "partial = _functools.partial\nresult = repr(partial(max, 1, 'a', key=len, default=None))",
        "partial = _functools.partial\nclass S(partial): pass\ns = S(max, 1)\nresult = (repr(s).replace(__name__ + '.', ''), type(S(s, 2).func).__name__, S(s, 2).args, s(5))",
        "partial = _functools.partial\np = partial(max)\np.x = 1\nr = p.__reduce__()\nq = r[0](*r[1])\nq.__setstate__(r[2])\nresult = (r[0].__name__, r[1], r[2][1:], q.x, q(1, 2), partial(min, 3, k=1).__reduce__()[2][1:])",
        "partial = _functools.partial\np = partial(max)\nout = []\nfor st in (5, (max,), (max, (), {}, None, 1), (1, (), {}, None), (max, [], {}, None), (max, (), 5, None)):\n    try:\n        p.__setstate__(st)\n    except TypeError as e:\n        out.append(str(e))\nclass T(tuple): pass\np.__setstate__((min, T((3,)), None, {'a': 1}))\nresult = (out, p.args, type(p.args).__name__, p.keywords, p.a, p(5))",
        "partial = _functools.partial\nout = []\nfor f in (lambda: partial(), lambda: partial(5), lambda: partial(max)()):\n    try:\n        f()\n    except TypeError as e:\n        out.append(str(e))\nresult = out",
        "partial = _functools.partial\nclass A:\n    m = partial(lambda *a: a, 1)\nresult = (A().m(2), hasattr(partial, '__get__'), partial[int])",
        "partial = _functools.partial\np = partial(max, 1)\nr = _weakref.ref(p)\np.__dict__ = {'z': 1}\ntry:\n    p.func = min\nexcept AttributeError as e:\n    err = str(e)\nresult = (r() is p, p.z, err)",
        "partial = _functools.partial\np = partial(lambda: 0)\np2 = partial(p)\np.__setstate__((p2, (), {}, None))\nresult = repr(p)[:17]",
        "partial = _functools.partial\nresult = sorted(set(dir(partial)) - set(dir(object)))",
        "partial = _functools.partial\np = partial(print)\nresult = (type(p).__module__, type(p).__qualname__, partial.__doc__, p.__vectorcalloffset__ > 0)",
        "partial = _functools.partial\nimport gc\nout = []\nfor i in range(3):\n    class S(partial): pass\n    xs = [S(max, i) for _ in range(50)]\n    del xs\n    gc.collect()\n    out.append((S(min, 1)(2)))\nresult = out",
        "result = (sorted(dir(_functools)), _functools.__doc__, _functools.reduce.__doc__[:40], _functools.cmp_to_key.__text_signature__)",
        // reduce
        "r = _functools.reduce\nresult = (r(lambda a, b: a + b, [1, 2, 3, 4]), r(lambda a, b: a * b, range(1, 6), 10), r(max, [], 'init'), r(lambda a, b: a + b, ['x']))",
        "r = _functools.reduce\nout = []\nfor f in (lambda: r(max, []), lambda: r(max, 5), lambda: r(max), lambda: r(max, [], 1, 2), lambda: r(max, [1], initial=2), lambda: r(1, [1, 2])):\n    try:\n        f()\n    except TypeError as e:\n        out.append(str(e))\nresult = out",
        // cmp_to_key
        "K = _functools.cmp_to_key\ndef cmp(a, b): return (a > b) - (a < b)\nk = K(cmp)\nresult = (sorted([3, 1, 2], key=K(lambda a, b: b - a)), k(1) < k(2), k(2) <= k(2), k(3) == k(3), k(1) != k(1), k(5) > k(4), k(5).obj, type(k).__name__, type(k).__module__)",
        "K = _functools.cmp_to_key\nk = K(mycmp=lambda a, b: 0)\nout = []\nfor f in (lambda: k(1) < 5, lambda: hash(k(1)), lambda: K(), lambda: k(), lambda: k(1, 2), lambda: k(obj=1).obj, lambda: k < k(1)):\n    try:\n        out.append(f())\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out",
        "K = _functools.cmp_to_key\nresult = sorted(set(dir(type(K(max)))) - set(dir(object)))",
    ];

    const LRU: &str = "W = _functools._lru_cache_wrapper\nclass CI(tuple):\n    def __new__(cls, *a): return tuple.__new__(cls, a)\n    def __repr__(self): return 'CI%r' % (tuple(self),)\ncalls = []\ndef f(*a, **k):\n    calls.append((a, sorted(k.items())))\n    return len(calls)\n";

    fn lru_snippets() -> Vec<String> {
        let bodies = [
            "c = W(f, 2, False, CI)\nr = [c(1), c(2), c(1), c(3), c(2), c(1), c(x=1), c(x=1), c(1.0)]\nresult = (r, c.cache_info(), len(calls))",
            "c = W(f, None, False, CI)\nr = [c(i % 3) for i in range(10)] + [c('a', b=1), c('a', b=1), c(1.0), c(True)]\nresult = (r, c.cache_info())\nc.cache_clear()\nresult += (c.cache_info(), c(1))",
            "c = W(f, 0, False, CI)\nr = [c(1), c(1)]\nresult = (r, c.cache_info())",
            "c = W(f, 3, True, CI)\nr = [c(1), c(1.0), c(True), c(1), c(a=1), c(a=1.0), c(a=1)]\nresult = (r, c.cache_info())",
            "c = W(f, None, True, CI)\nr = [c(1), c(1.0), c(1)]\nresult = (r, c.cache_info(), W(f, -5, False, CI).cache_info())",
            "c = W(f, 1, False, CI)\nr = [c(1), c(2), c(1), c(2)]\nresult = (r, c.cache_info())",
            "out = []\nfor a in ((5, 1, False, CI), (f, 'x', False, CI), (f, 1, False), ()):\n    try:\n        W(*a)\n    except TypeError as e:\n        out.append(str(e))\nresult = out",
            "c = W(f, 4, False, CI)\nc.__wrapped__ = f\nc.__qualname__ = 'f'\nclass A:\n    m = W(lambda self, x: (type(self).__name__, x), None, False, CI)\nresult = (c.__wrapped__ is f, c.__reduce__(), c.__copy__() is c, c.__deepcopy__({}) is c, A().m(3), A.m is A.__dict__['m'], sorted(c.__dict__))",
            "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib = W(fib, 10, False, CI)\nresult = (fib(60), fib.cache_info())",
            "class H:\n    def __init__(self, v): self.v = v\n    def __hash__(self): return 1\n    def __eq__(self, o): return self.v == o.v\nc = W(lambda h: h.v * 2, 2, False, CI)\nr = [c(H(i % 4)) for i in range(12)]\nresult = (r, c.cache_info())",
            "result = sorted(set(dir(W)) - set(dir(object)))",
            "try:\n    class L(W): pass\nexcept TypeError as e:\n    result = str(e)",
            "class U:\n    __hash__ = None\nc = W(f, 2, False, CI)\ntry:\n    c(U())\nexcept TypeError as e:\n    result = (str(e), c.cache_info())",
        ];
        bodies.iter().map(|b| format!("{LRU}{b}")).collect()
    }

    #[test]
    fn functools_matches_python311() {
        let _runtime = crate::testing::hold_runtime();
        let mut all: Vec<String> = SNIPPETS.iter().map(|s| s.to_string()).collect();
        all.extend(lru_snippets());
        let refs: Vec<&str> = all.iter().map(|s| s.as_str()).collect();
        crate::testing::difftest::check(
            &[
                ("_functools", super::init_module),
                ("_weakref", crate::modules::weakrefmodule::init_module),
            ],
            &refs,
        );
    }
}
