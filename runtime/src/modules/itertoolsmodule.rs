//! The `itertools` module (CPython 3.11's Modules/itertoolsmodule.c): the iterator types
//! accumulate, chain, combinations, combinations_with_replacement, compress, count, cycle,
//! dropwhile, filterfalse, groupby (+ `_grouper`), islice, pairwise, permutations, product,
//! repeat, starmap, takewhile, `_tee` / `_tee_dataobject` behind `tee()`, and zip_longest, with
//! 3.11's constructors, pickling (`__reduce__`/`__setstate__`), reprs and GC support. The
//! module uses multi-phase initialization, as CPython 3.11's does.
//!
//! Every type shares one instance layout ([`It`]): a few object slots, a few integers and
//! optional owned vectors (indices, cycles, items), so allocation, traversal, clearing and
//! deallocation are written once.

use crate::abi::methodobject::*;
use crate::abi::moduleobject::{PyModuleDef, PyModuleDef_Base, PyModuleDef_Slot, Py_mod_exec};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::exceptions as exc;
use crate::objects::object::{self, decref, incref, py_type, Py_EQ, Ref};
use crate::objects::r#abstract::{iter as aiter, number, sequence};
use crate::objects::typeobject::static_type;
use crate::objects::{call, dictobject, listobject, longobject, tupleobject, unicodeobject};
use core::ffi::{c_int, c_void, CStr};
use core::ptr::null_mut;

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type NewFn = unsafe extern "C" fn(*mut PyTypeObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type NextFn = unsafe extern "C" fn(*mut PyObject) -> *mut PyObject;

const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};
/// `_tee_dataobject`'s capacity: how many items one link of a tee's buffer holds.
const LINKCELLS: usize = 57;

/// The instance layout of every itertools type: `o` holds owned references (or NULL), `n`
/// plain integers; `ix`/`cy` are index vectors of the combinatoric types; `vals` owns the
/// items of a `_tee_dataobject` or the iterators of a `zip_longest` (NULL once exhausted).
#[repr(C)]
struct It {
    ob_base: PyObject,
    o: [*mut PyObject; 6],
    n: [isize; 4],
    ix: *mut Vec<isize>,
    cy: *mut Vec<isize>,
    vals: *mut Vec<*mut PyObject>,
    weakreflist: *mut PyObject,
}

#[inline]
unsafe fn it(op: *mut PyObject) -> *mut It {
    op.cast()
}

/// Stores an owned reference (or NULL) in slot `i`, releasing the old one afterwards.
unsafe fn set(op: *mut PyObject, i: usize, v: *mut PyObject) {
    object::replace_slot(&raw mut (*it(op)).o[i], v);
}

/// Slot `i` as a new reference (the slot keeps its own).
unsafe fn get(op: *mut PyObject, i: usize) -> *mut PyObject {
    (*it(op)).o[i]
}

unsafe fn ix(op: *mut PyObject) -> &'static mut Vec<isize> {
    let p = it(op);
    if (*p).ix.is_null() {
        (*p).ix = Box::into_raw(Box::default());
    }
    &mut *(*p).ix
}

unsafe fn cy(op: *mut PyObject) -> &'static mut Vec<isize> {
    let p = it(op);
    if (*p).cy.is_null() {
        (*p).cy = Box::into_raw(Box::default());
    }
    &mut *(*p).cy
}

unsafe fn vals(op: *mut PyObject) -> &'static mut Vec<*mut PyObject> {
    let p = it(op);
    if (*p).vals.is_null() {
        (*p).vals = Box::into_raw(Box::default());
    }
    &mut *(*p).vals
}

/// A new, zeroed instance of `tp` (its `tp_alloc` tracks it: every field is NULL or 0).
unsafe fn alloc(tp: *mut PyTypeObject) -> PyResult<Ref> {
    let Some(f) = (*tp).tp_alloc else {
        return Err(errors::bad_internal_call());
    };
    Ref::from_result(f(tp, 0))
}

unsafe extern "C" fn it_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let p = it(op);
    let tp = py_type(op);
    if (*tp).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
        let r = visit(tp.cast(), arg);
        if r != 0 {
            return r;
        }
    }
    for &o in (*p).o.iter() {
        if !o.is_null() {
            let r = visit(o, arg);
            if r != 0 {
                return r;
            }
        }
    }
    if !(*p).vals.is_null() {
        for &o in (*(*p).vals).iter() {
            if !o.is_null() {
                let r = visit(o, arg);
                if r != 0 {
                    return r;
                }
            }
        }
    }
    0
}

unsafe extern "C" fn it_clear(op: *mut PyObject) -> c_int {
    let p = it(op);
    if py_type(op) == &raw mut TEEDATA_TYPE {
        release_tee_chain(op);
    }
    for i in 0..(*p).o.len() {
        set(op, i, null_mut());
    }
    if !(*p).vals.is_null() {
        let items = core::mem::take(&mut *(*p).vals);
        for o in items {
            object::xdecref(o);
        }
    }
    0
}

/// Unlinks a long chain of `_tee_dataobject`s iteratively, so dropping the head of a tee's
/// buffer never recurses once per link.
unsafe fn release_tee_chain(op: *mut PyObject) {
    let mut next = core::mem::replace(&mut (*it(op)).o[1], null_mut());
    while !next.is_null() {
        if (*next).ob_refcnt == 1 && py_type(next) == &raw mut TEEDATA_TYPE {
            let after = core::mem::replace(&mut (*it(next)).o[1], null_mut());
            decref(next);
            next = after;
        } else {
            decref(next);
            break;
        }
    }
}

unsafe extern "C" fn it_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let p = it(op);
    if !(*p).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    it_clear(op);
    if !(*p).ix.is_null() {
        drop(Box::from_raw((*p).ix));
    }
    if !(*p).cy.is_null() {
        drop(Box::from_raw((*p).cy));
    }
    if !(*p).vals.is_null() {
        drop(Box::from_raw((*p).vals));
    }
    let tp = py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => crate::mem::gc::free(op),
    }
    if (*tp).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
        decref(tp.cast());
    }
}

// ---- argument helpers ----

unsafe fn tuple_items<'a>(t: *mut PyObject) -> &'a [*mut PyObject] {
    if t.is_null() {
        return &[];
    }
    let n = tupleobject::len(t) as usize;
    if n == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(tupleobject::items(t), n)
    }
}

/// Binds a tp_new call's `(args, kwargs)` to `sig` (Argument Clinic's messages).
unsafe fn bind_tuple(
    sig: &args::Sig,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<Vec<*mut PyObject>> {
    let mut stack: Vec<*mut PyObject> = tuple_items(a).to_vec();
    let n = stack.len();
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

/// Clinic's positional-only constructor check: no keywords unless a subclass overrides
/// `__init__`, then `min..=max` positional arguments.
unsafe fn positional(
    name: &str,
    own: *mut PyTypeObject,
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
    min: usize,
    max: usize,
) -> PyResult<Vec<*mut PyObject>> {
    if tp == own || (*tp).tp_init.map(|f| f as usize) == (*own).tp_init.map(|f| f as usize) {
        crate::getargs::no_keywords(name, kw)?;
    }
    let items = tuple_items(a);
    crate::getargs::check_positional(Some(name), items.len(), min, max)?;
    Ok(items.to_vec())
}

/// Clinic's `Py_ssize_t` converter: `__index__`, then "too large" as OverflowError.
unsafe fn ssize_arg(o: *mut PyObject) -> PyResult<isize> {
    let i = number::index(o)?;
    longobject::as_isize(i.as_ptr())
}

/// `PyLong_Check`.
unsafe fn is_int(o: *mut PyObject) -> bool {
    object::has_feature(py_type(o), Py_TPFLAGS_LONG_SUBCLASS)
}

unsafe fn int(v: isize) -> PyResult<Ref> {
    longobject::from_i64(v as i64)
}

unsafe fn tuple_of_ints(v: &[isize]) -> PyResult<Ref> {
    let items: Vec<Ref> = v.iter().map(|&i| int(i)).collect::<PyResult<_>>()?;
    let raw: Vec<*mut PyObject> = items.iter().map(|r| r.as_ptr()).collect();
    tupleobject::from_slice(&raw)
}

unsafe fn type_obj(op: *mut PyObject) -> *mut PyObject {
    py_type(op).cast()
}

unsafe fn type_short_name(op: *mut PyObject) -> String {
    let full = CStr::from_ptr((*py_type(op)).tp_name)
        .to_string_lossy()
        .into_owned();
    match full.rfind('.') {
        Some(i) => full[i + 1..].to_string(),
        None => full,
    }
}

unsafe fn none() -> *mut PyObject {
    object::none()
}

fn state_not_tuple() -> errors::ErrSet {
    errors::type_error("state is not a tuple")
}

/// Next item of iterator `i` (a borrowed iterator), `None` when exhausted.
unsafe fn next_of(i: *mut PyObject) -> PyResult<Option<Ref>> {
    aiter::next(i)
}

/// Runs an iterator step body: `Ok(Some)` is the item, `Ok(None)` exhaustion.
unsafe fn step(r: PyResult<Option<Ref>>) -> *mut PyObject {
    match r {
        Ok(Some(v)) => v.into_raw(),
        Ok(None) | Err(_) => null_mut(),
    }
}

unsafe fn none_result(r: PyResult<()>) -> *mut PyObject {
    errors::ptr_result(r.map(|_| object::new_none()))
}

// ---------------------------------------------------------------------------------------------
// pairwise: o[0] iterator, o[1] previous item

unsafe extern "C" fn pairwise_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("pairwise", &raw mut PAIRWISE_TYPE, tp, a, kw, 1, 1)?;
        let i = aiter::get_iter(v[0])?;
        let op = alloc(tp)?;
        set(op.as_ptr(), 0, i.into_raw());
        Ok(op)
    })())
}

unsafe extern "C" fn pairwise_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let src = get(op, 0);
        if src.is_null() {
            return Ok(None);
        }
        let src = Ref::from_borrowed(src);
        if get(op, 1).is_null() {
            match next_of(src.as_ptr()) {
                Ok(Some(v)) => set(op, 1, v.into_raw()),
                r => {
                    set(op, 0, null_mut());
                    return r;
                }
            }
        }
        let new = match next_of(src.as_ptr()) {
            Ok(Some(v)) => v,
            r => {
                set(op, 0, null_mut());
                set(op, 1, null_mut());
                return r;
            }
        };
        let old = Ref::from_borrowed(get(op, 1));
        let res = tupleobject::pack(&[old.as_ptr(), new.as_ptr()])?;
        set(op, 1, new.into_raw());
        Ok(Some(res))
    })())
}

// ---------------------------------------------------------------------------------------------
// groupby: o[0] it, o[1] keyfunc, o[2] tgtkey, o[3] currkey, o[4] currvalue;
// n[0] the address of the current _grouper (not a reference: only identity is compared)

unsafe extern "C" fn groupby_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "groupby",
        params: &["iterable", "key"],
        posonly: 0,
        maxpos: 2,
        required: 1,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let key = if v[1].is_null() { none() } else { v[1] };
        let i = aiter::get_iter(v[0])?;
        let op = alloc(tp)?;
        set(op.as_ptr(), 0, i.into_raw());
        incref(key);
        set(op.as_ptr(), 1, key);
        Ok(op)
    })())
}

/// Reads the next value and its key into currvalue/currkey; `false` when exhausted.
unsafe fn groupby_step(g: *mut PyObject) -> PyResult<bool> {
    let src = get(g, 0);
    if src.is_null() {
        return Ok(false);
    }
    let src = Ref::from_borrowed(src);
    let Some(value) = next_of(src.as_ptr())? else {
        return Ok(false);
    };
    let key = if get(g, 1) == none() {
        value.clone()
    } else {
        call::call_one_arg(get(g, 1), value.as_ptr())?
    };
    set(g, 4, value.into_raw());
    set(g, 3, key.into_raw());
    Ok(true)
}

unsafe extern "C" fn groupby_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        (*it(op)).n[0] = 0;
        loop {
            let cur = get(op, 3);
            if !cur.is_null() {
                let tgt = get(op, 2);
                if tgt.is_null() {
                    break;
                }
                let (t, c) = (Ref::from_borrowed(tgt), Ref::from_borrowed(cur));
                if !object::rich_compare_bool(t.as_ptr(), c.as_ptr(), Py_EQ)? {
                    break;
                }
            }
            if !groupby_step(op)? {
                return Ok(None);
            }
        }
        let key = Ref::from_borrowed(get(op, 3));
        set(op, 2, key.clone().into_raw());
        let grouper = new_grouper(op, key.as_ptr())?;
        Ok(Some(tupleobject::pack(&[key.as_ptr(), grouper.as_ptr()])?))
    })())
}

unsafe fn new_grouper(parent: *mut PyObject, tgtkey: *mut PyObject) -> PyResult<Ref> {
    let g = alloc(&raw mut GROUPER_TYPE)?;
    incref(parent);
    set(g.as_ptr(), 0, parent);
    incref(tgtkey);
    set(g.as_ptr(), 1, tgtkey);
    (*it(parent)).n[0] = g.as_ptr() as isize;
    Ok(g)
}

unsafe extern "C" fn groupby_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = tupleobject::pack(&[get(op, 0), get(op, 1)])?;
        if !get(op, 2).is_null() && !get(op, 3).is_null() && !get(op, 4).is_null() {
            let st = tupleobject::pack(&[get(op, 3), get(op, 4), get(op, 2)])?;
            return tupleobject::pack(&[type_obj(op), a.as_ptr(), st.as_ptr()]);
        }
        tupleobject::pack(&[type_obj(op), a.as_ptr()])
    })())
}

/// `PyArg_ParseTuple(state, "OOO...")`-style arity check with its message.
fn arity_error(min: usize, max: usize, got: usize) -> errors::ErrSet {
    let (word, n) = if min == max {
        ("exactly", min)
    } else if got < min {
        ("at least", min)
    } else {
        ("at most", max)
    };
    errors::type_error(&format!(
        "function takes {word} {n} argument{} ({got} given)",
        if n == 1 { "" } else { "s" }
    ))
}

unsafe extern "C" fn groupby_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    none_result((|| {
        if !tupleobject::check(state) {
            return Err(state_not_tuple());
        }
        let s = tuple_items(state);
        if s.len() != 3 {
            return Err(arity_error(3, 3, s.len()));
        }
        for (slot, v) in [(3, s[0]), (4, s[1]), (2, s[2])] {
            incref(v);
            set(op, slot, v);
        }
        Ok(())
    })())
}

// _grouper: o[0] parent groupby, o[1] tgtkey

unsafe extern "C" fn grouper_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("_grouper", &raw mut GROUPER_TYPE, tp, a, kw, 2, 2)?;
        if !crate::objects::typeobject::is_subtype(py_type(v[0]), &raw mut GROUPBY_TYPE) {
            return Err(bad_argument(
                "_grouper",
                "argument 1",
                "itertools.groupby",
                v[0],
            ));
        }
        new_grouper(v[0], v[1])
    })())
}

unsafe fn bad_argument(
    func: &str,
    what: &str,
    expected: &str,
    got: *mut PyObject,
) -> errors::ErrSet {
    let name = if got == none() {
        "None".to_string()
    } else {
        object::type_name_of(py_type(got)).to_string()
    };
    errors::type_error(&format!("{func}() {what} must be {expected}, not {name}"))
}

unsafe extern "C" fn grouper_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let parent = Ref::from_borrowed(get(op, 0));
        let g = parent.as_ptr();
        if (*it(g)).n[0] != op as isize {
            return Ok(None);
        }
        if get(g, 4).is_null() && !groupby_step(g)? {
            return Ok(None);
        }
        let (t, c) = (
            Ref::from_borrowed(get(op, 1)),
            Ref::from_borrowed(get(g, 3)),
        );
        if !object::rich_compare_bool(t.as_ptr(), c.as_ptr(), Py_EQ)? {
            return Ok(None);
        }
        let value = core::mem::replace(&mut (*it(g)).o[4], null_mut());
        set(g, 3, null_mut());
        Ok(Some(Ref::from_raw(value)))
    })())
}

unsafe extern "C" fn grouper_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if (*it(get(op, 0))).n[0] != op as isize {
            let iter = crate::modules::bltinmodule::get_builtin("iter")?;
            let empty = tupleobject::pack(&[])?;
            let a = tupleobject::pack(&[empty.as_ptr()])?;
            return tupleobject::pack(&[iter.as_ptr(), a.as_ptr()]);
        }
        let a = tupleobject::pack(&[get(op, 0), get(op, 1)])?;
        tupleobject::pack(&[type_obj(op), a.as_ptr()])
    })())
}

// ---------------------------------------------------------------------------------------------
// _tee_dataobject: o[0] source iterator, o[1] next link, vals the items read so far,
// n[0] "running" (a read is under way)

unsafe fn new_teedata(src: *mut PyObject) -> PyResult<Ref> {
    let d = alloc(&raw mut TEEDATA_TYPE)?;
    incref(src);
    set(d.as_ptr(), 0, src);
    vals(d.as_ptr());
    Ok(d)
}

/// Item `i` of the link, reading it from the source when it is the next unread one.
unsafe fn teedata_item(d: *mut PyObject, i: usize) -> PyResult<Option<Ref>> {
    let items = vals(d);
    if i < items.len() {
        return Ok(Some(Ref::from_borrowed(items[i])));
    }
    if (*it(d)).n[0] != 0 {
        return Err(errors::set_string(
            exc::PyExc_RuntimeError,
            "cannot re-enter the tee iterator",
        ));
    }
    let src = get(d, 0);
    if src.is_null() {
        return Ok(None);
    }
    let src = Ref::from_borrowed(src);
    (*it(d)).n[0] = 1;
    let r = next_of(src.as_ptr());
    (*it(d)).n[0] = 0;
    let Some(v) = r? else { return Ok(None) };
    vals(d).push(v.clone().into_raw());
    Ok(Some(v))
}

/// The link after `d`, made on first use.
unsafe fn teedata_jump(d: *mut PyObject) -> PyResult<Ref> {
    if get(d, 1).is_null() {
        let n = new_teedata(get(d, 0))?;
        set(d, 1, n.into_raw());
    }
    Ok(Ref::from_borrowed(get(d, 1)))
}

unsafe extern "C" fn teedata_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("teedataobject", &raw mut TEEDATA_TYPE, tp, a, kw, 3, 3)?;
        if !listobject::check(v[1]) {
            return Err(bad_argument("teedataobject", "argument 2", "list", v[1]));
        }
        let d = new_teedata(v[0])?;
        let n = listobject::len(v[1]) as usize;
        if n > LINKCELLS {
            return Err(errors::value_error("Invalid arguments"));
        }
        for i in 0..n {
            let x = *listobject::items(v[1]).add(i);
            incref(x);
            vals(d.as_ptr()).push(x);
        }
        if n == LINKCELLS {
            if v[2] != none() {
                if py_type(v[2]) != &raw mut TEEDATA_TYPE {
                    return Err(errors::value_error("Invalid arguments"));
                }
                incref(v[2]);
                set(d.as_ptr(), 1, v[2]);
            }
        } else if v[2] != none() {
            return Err(errors::value_error("Invalid arguments"));
        }
        Ok(d)
    })())
}

unsafe extern "C" fn teedata_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let values = listobject::from_slice(vals(op))?;
        let next = if get(op, 1).is_null() {
            none()
        } else {
            get(op, 1)
        };
        let src = if get(op, 0).is_null() {
            none()
        } else {
            get(op, 0)
        };
        let a = tupleobject::pack(&[src, values.as_ptr(), next])?;
        tupleobject::pack(&[type_obj(op), a.as_ptr()])
    })())
}

// _tee: o[0] data link, n[0] index in the link

unsafe fn tee_from_iterable(iterable: *mut PyObject) -> PyResult<Ref> {
    let i = aiter::get_iter(iterable)?;
    if py_type(i.as_ptr()) == &raw mut TEE_TYPE {
        return tee_copy_of(i.as_ptr());
    }
    let d = new_teedata(i.as_ptr())?;
    let t = alloc(&raw mut TEE_TYPE)?;
    set(t.as_ptr(), 0, d.into_raw());
    Ok(t)
}

unsafe fn tee_copy_of(op: *mut PyObject) -> PyResult<Ref> {
    let t = alloc(&raw mut TEE_TYPE)?;
    let d = get(op, 0);
    incref(d);
    set(t.as_ptr(), 0, d);
    (*it(t.as_ptr())).n[0] = (*it(op)).n[0];
    Ok(t)
}

unsafe extern "C" fn tee_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("_tee", &raw mut TEE_TYPE, tp, a, kw, 1, 1)?;
        tee_from_iterable(v[0])
    })())
}

unsafe extern "C" fn tee_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let p = it(op);
        if (*p).n[0] as usize >= LINKCELLS {
            let link = teedata_jump(get(op, 0))?;
            set(op, 0, link.into_raw());
            (*p).n[0] = 0;
        }
        let d = Ref::from_borrowed(get(op, 0));
        let r = teedata_item(d.as_ptr(), (*p).n[0] as usize)?;
        if r.is_some() {
            (*p).n[0] += 1;
        }
        Ok(r)
    })())
}

unsafe extern "C" fn tee_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(tee_copy_of(op))
}

unsafe extern "C" fn tee_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let empty = tupleobject::pack(&[])?;
        let a = tupleobject::pack(&[empty.as_ptr()])?;
        let idx = int((*it(op)).n[0])?;
        let st = tupleobject::pack(&[get(op, 0), idx.as_ptr()])?;
        tupleobject::pack(&[type_obj(op), a.as_ptr(), st.as_ptr()])
    })())
}

unsafe extern "C" fn tee_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    none_result((|| {
        if !tupleobject::check(state) {
            return Err(state_not_tuple());
        }
        let s = tuple_items(state);
        if s.len() != 2 {
            return Err(arity_error(2, 2, s.len()));
        }
        if py_type(s[0]) != &raw mut TEEDATA_TYPE {
            let got = object::type_name_of(py_type(s[0])).to_string();
            return Err(errors::type_error(&format!(
                "argument 1 must be itertools._tee_dataobject, not {got}"
            )));
        }
        let index = crate::getargs::int_from_object(s[1])?;
        if index < 0 || index as usize > LINKCELLS {
            return Err(errors::value_error("Index out of range"));
        }
        incref(s[0]);
        set(op, 0, s[0]);
        (*it(op)).n[0] = index as isize;
        Ok(())
    })())
}

/// `itertools.tee(iterable, n=2, /)`.
unsafe extern "C" fn tee_fn(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("tee"), nargs as usize, 1, 2)?;
        let n = if nargs > 1 { ssize_arg(*a.add(1))? } else { 2 };
        if n < 0 {
            return Err(errors::value_error("n must be >= 0"));
        }
        if n == 0 {
            return tupleobject::pack(&[]);
        }
        let i = aiter::get_iter(*a)?;
        let (first, copier) = match object::lookup_attr_str(i.as_ptr(), "__copy__")? {
            Some(c) => (i, c),
            None => {
                let t = tee_from_iterable(i.as_ptr())?;
                let c = object::get_attr_str(t.as_ptr(), "__copy__")?;
                (t, c)
            }
        };
        let mut items = vec![first];
        for _ in 1..n {
            items.push(call::call_no_args(copier.as_ptr())?);
        }
        let raw: Vec<*mut PyObject> = items.iter().map(|r| r.as_ptr()).collect();
        tupleobject::from_slice(&raw)
    })())
}

// ---------------------------------------------------------------------------------------------
// cycle: o[0] it, o[1] saved list; n[0] index, n[1] firstpass

unsafe extern "C" fn cycle_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("cycle", &raw mut CYCLE_TYPE, tp, a, kw, 1, 1)?;
        let i = aiter::get_iter(v[0])?;
        let saved = listobject::new(0)?;
        let op = alloc(tp)?;
        set(op.as_ptr(), 0, i.into_raw());
        set(op.as_ptr(), 1, saved.into_raw());
        Ok(op)
    })())
}

unsafe extern "C" fn cycle_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let p = it(op);
        if !get(op, 0).is_null() {
            let src = Ref::from_borrowed(get(op, 0));
            if let Some(v) = next_of(src.as_ptr())? {
                if (*p).n[1] == 0 {
                    listobject::append(get(op, 1), v.as_ptr())?;
                }
                return Ok(Some(v));
            }
            set(op, 0, null_mut());
        }
        let saved = get(op, 1);
        let n = listobject::len(saved);
        if n == 0 {
            return Ok(None);
        }
        let item = Ref::from_borrowed(*listobject::items(saved).offset((*p).n[0]));
        (*p).n[0] += 1;
        if (*p).n[0] >= n {
            (*p).n[0] = 0;
        }
        Ok(Some(item))
    })())
}

unsafe extern "C" fn cycle_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let p = it(op);
        if get(op, 0).is_null() {
            let i = aiter::get_iter(get(op, 1))?;
            if (*p).n[0] != 0 {
                let idx = int((*p).n[0])?;
                call::call_method_str(i.as_ptr(), "__setstate__", &[idx.as_ptr()])?;
            }
            let a = tupleobject::pack(&[i.as_ptr()])?;
            let st = tupleobject::pack(&[get(op, 1), crate::objects::boolobject::py_true()])?;
            return tupleobject::pack(&[type_obj(op), a.as_ptr(), st.as_ptr()]);
        }
        let a = tupleobject::pack(&[get(op, 0)])?;
        let fp = if (*p).n[1] != 0 {
            crate::objects::boolobject::py_true()
        } else {
            crate::objects::boolobject::py_false()
        };
        let st = tupleobject::pack(&[get(op, 1), fp])?;
        tupleobject::pack(&[type_obj(op), a.as_ptr(), st.as_ptr()])
    })())
}

unsafe extern "C" fn cycle_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    none_result((|| {
        if !tupleobject::check(state) {
            return Err(state_not_tuple());
        }
        let s = tuple_items(state);
        if s.len() != 2 {
            return Err(arity_error(2, 2, s.len()));
        }
        if !listobject::check(s[0]) {
            let got = object::type_name_of(py_type(s[0])).to_string();
            return Err(errors::type_error(&format!(
                "argument 1 must be list, not {got}"
            )));
        }
        let first = crate::getargs::int_from_object(s[1])?;
        incref(s[0]);
        set(op, 1, s[0]);
        (*it(op)).n[0] = 0;
        (*it(op)).n[1] = (first != 0) as isize;
        Ok(())
    })())
}

// ---------------------------------------------------------------------------------------------
// dropwhile / takewhile / filterfalse / starmap / compress: o[0] func (or data), o[1] it

unsafe fn func_iter_new(
    name: &str,
    own: *mut PyTypeObject,
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<Ref> {
    let v = positional(name, own, tp, a, kw, 2, 2)?;
    let i = aiter::get_iter(v[1])?;
    let op = alloc(tp)?;
    incref(v[0]);
    set(op.as_ptr(), 0, v[0]);
    set(op.as_ptr(), 1, i.into_raw());
    Ok(op)
}

unsafe extern "C" fn dropwhile_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(func_iter_new(
        "dropwhile",
        &raw mut DROPWHILE_TYPE,
        tp,
        a,
        kw,
    ))
}

unsafe extern "C" fn takewhile_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(func_iter_new(
        "takewhile",
        &raw mut TAKEWHILE_TYPE,
        tp,
        a,
        kw,
    ))
}

unsafe extern "C" fn filterfalse_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(func_iter_new(
        "filterfalse",
        &raw mut FILTERFALSE_TYPE,
        tp,
        a,
        kw,
    ))
}

unsafe extern "C" fn starmap_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(func_iter_new("starmap", &raw mut STARMAP_TYPE, tp, a, kw))
}

unsafe extern "C" fn dropwhile_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let (f, src) = (
            Ref::from_borrowed(get(op, 0)),
            Ref::from_borrowed(get(op, 1)),
        );
        loop {
            let Some(item) = next_of(src.as_ptr())? else {
                return Ok(None);
            };
            if (*it(op)).n[0] == 1 {
                return Ok(Some(item));
            }
            let good = call::call_one_arg(f.as_ptr(), item.as_ptr())?;
            if !object::is_true(good.as_ptr())? {
                (*it(op)).n[0] = 1;
                return Ok(Some(item));
            }
        }
    })())
}

unsafe extern "C" fn takewhile_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        if (*it(op)).n[0] != 0 {
            return Ok(None);
        }
        let (f, src) = (
            Ref::from_borrowed(get(op, 0)),
            Ref::from_borrowed(get(op, 1)),
        );
        let Some(item) = next_of(src.as_ptr())? else {
            return Ok(None);
        };
        let good = call::call_one_arg(f.as_ptr(), item.as_ptr())?;
        if object::is_true(good.as_ptr())? {
            return Ok(Some(item));
        }
        (*it(op)).n[0] = 1;
        Ok(None)
    })())
}

/// `(type, (o[0], o[1]), n[0])`: dropwhile's and takewhile's pickled form.
unsafe extern "C" fn flag_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = tupleobject::pack(&[get(op, 0), get(op, 1)])?;
        let flag = int((*it(op)).n[0])?;
        tupleobject::pack(&[type_obj(op), a.as_ptr(), flag.as_ptr()])
    })())
}

unsafe extern "C" fn flag_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    none_result((|| {
        (*it(op)).n[0] = object::is_true(state)? as isize;
        Ok(())
    })())
}

/// `(type, (o[0], o[1]))`.
unsafe extern "C" fn pair_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = tupleobject::pack(&[get(op, 0), get(op, 1)])?;
        tupleobject::pack(&[type_obj(op), a.as_ptr()])
    })())
}

unsafe extern "C" fn filterfalse_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let (f, src) = (
            Ref::from_borrowed(get(op, 0)),
            Ref::from_borrowed(get(op, 1)),
        );
        loop {
            let Some(item) = next_of(src.as_ptr())? else {
                return Ok(None);
            };
            let ok = if f.as_ptr() == none() {
                object::is_true(item.as_ptr())?
            } else {
                let r = call::call_one_arg(f.as_ptr(), item.as_ptr())?;
                object::is_true(r.as_ptr())?
            };
            if !ok {
                return Ok(Some(item));
            }
        }
    })())
}

unsafe extern "C" fn starmap_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let (f, src) = (
            Ref::from_borrowed(get(op, 0)),
            Ref::from_borrowed(get(op, 1)),
        );
        let Some(a) = next_of(src.as_ptr())? else {
            return Ok(None);
        };
        let a = if py_type(a.as_ptr()) == &raw mut tupleobject::PyTuple_Type {
            a
        } else {
            sequence::tuple(a.as_ptr())?
        };
        Ok(Some(call::call_object(f.as_ptr(), a.as_ptr())?))
    })())
}

unsafe extern "C" fn compress_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "compress",
        params: &["data", "selectors"],
        posonly: 0,
        maxpos: 2,
        required: 2,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let d = aiter::get_iter(v[0])?;
        let s = aiter::get_iter(v[1])?;
        let op = alloc(tp)?;
        set(op.as_ptr(), 0, d.into_raw());
        set(op.as_ptr(), 1, s.into_raw());
        Ok(op)
    })())
}

unsafe extern "C" fn compress_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let (d, s) = (
            Ref::from_borrowed(get(op, 0)),
            Ref::from_borrowed(get(op, 1)),
        );
        loop {
            let Some(datum) = next_of(d.as_ptr())? else {
                return Ok(None);
            };
            let Some(sel) = next_of(s.as_ptr())? else {
                return Ok(None);
            };
            if object::is_true(sel.as_ptr())? {
                return Ok(Some(datum));
            }
        }
    })())
}

// ---------------------------------------------------------------------------------------------
// islice: o[0] it; n[0] next, n[1] stop (-1: none), n[2] step, n[3] count

unsafe extern "C" fn islice_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if tp == &raw mut ISLICE_TYPE {
            crate::getargs::no_keywords("islice", kw)?;
        }
        let v = tuple_items(a);
        if v.len() < 2 {
            return Err(errors::type_error(&format!(
                "islice expected at least 2 arguments, got {}",
                v.len()
            )));
        }
        if v.len() > 4 {
            return Err(errors::type_error(&format!(
                "islice expected at most 4 arguments, got {}",
                v.len()
            )));
        }
        let index = |o: *mut PyObject| -> PyResult<isize> {
            let r = number::as_ssize_t(o, exc::PyExc_OverflowError);
            r.map_err(|e| {
                errors::clear();
                e
            })
        };
        const STOP_MSG: &str =
            "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        let (mut start, mut stop, mut stepv) = (0isize, -1isize, 1isize);
        // As CPython: a stop of -1 (or one that does not convert) is the stop message; a
        // start that does not convert becomes -1 and fails the range check below.
        let stop_arg = if v.len() == 2 { v[1] } else { v[2] };
        if v.len() > 2 && v[1] != none() {
            start = index(v[1]).unwrap_or(-1);
        }
        if stop_arg != none() {
            stop = index(stop_arg).unwrap_or(-1);
            if stop == -1 {
                return Err(errors::value_error(STOP_MSG));
            }
        }
        if start < 0 || stop < -1 {
            return Err(errors::value_error(
                "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
            ));
        }
        if v.len() == 4 && v[3] != none() {
            stepv = index(v[3]).unwrap_or(-1);
        }
        if stepv < 1 {
            return Err(errors::value_error(
                "Step for islice() must be a positive integer or None.",
            ));
        }
        let i = aiter::get_iter(v[0])?;
        let op = alloc(tp)?;
        set(op.as_ptr(), 0, i.into_raw());
        (*it(op.as_ptr())).n = [start, stop, stepv, 0];
        Ok(op)
    })())
}

unsafe extern "C" fn islice_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let p = it(op);
        if get(op, 0).is_null() {
            return Ok(None);
        }
        let src = Ref::from_borrowed(get(op, 0));
        let stop = (*p).n[1];
        let r = (|| {
            while (*p).n[3] < (*p).n[0] {
                if next_of(src.as_ptr())?.is_none() {
                    return Ok(None);
                }
                (*p).n[3] += 1;
            }
            if stop != -1 && (*p).n[3] >= stop {
                return Ok(None);
            }
            let Some(item) = next_of(src.as_ptr())? else {
                return Ok(None);
            };
            (*p).n[3] += 1;
            let old = (*p).n[0];
            (*p).n[0] = old.wrapping_add((*p).n[2]);
            if (*p).n[0] < old || (stop != -1 && (*p).n[0] > stop) {
                (*p).n[0] = stop;
            }
            Ok(Some(item))
        })();
        if !matches!(r, Ok(Some(_))) {
            set(op, 0, null_mut());
        }
        r
    })())
}

unsafe extern "C" fn islice_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let p = it(op);
        let zero = int(0)?;
        if get(op, 0).is_null() {
            let l = listobject::new(0)?;
            let e = aiter::get_iter(l.as_ptr())?;
            let a = tupleobject::pack(&[e.as_ptr(), zero.as_ptr()])?;
            return tupleobject::pack(&[type_obj(op), a.as_ptr(), zero.as_ptr()]);
        }
        let next = int((*p).n[0])?;
        let stop = if (*p).n[1] == -1 {
            object::new_none()
        } else {
            int((*p).n[1])?
        };
        let stepv = int((*p).n[2])?;
        let cnt = int((*p).n[3])?;
        let a = tupleobject::pack(&[get(op, 0), next.as_ptr(), stop.as_ptr(), stepv.as_ptr()])?;
        tupleobject::pack(&[type_obj(op), a.as_ptr(), cnt.as_ptr()])
    })())
}

unsafe extern "C" fn islice_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    none_result((|| {
        (*it(op)).n[3] = longobject::as_isize(state)?;
        Ok(())
    })())
}

// ---------------------------------------------------------------------------------------------
// chain: o[0] source (iterator of iterables), o[1] active iterator

unsafe extern "C" fn chain_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if tp == &raw mut CHAIN_TYPE
            || (*tp).tp_init.map(|f| f as usize) == CHAIN_TYPE.tp_init.map(|f| f as usize)
        {
            crate::getargs::no_keywords("chain", kw)?;
        }
        let src = aiter::get_iter(a)?;
        let op = alloc(tp)?;
        set(op.as_ptr(), 0, src.into_raw());
        Ok(op)
    })())
}

unsafe extern "C" fn chain_from_iterable(cls: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let src = aiter::get_iter(arg)?;
        let op = alloc(cls.cast())?;
        set(op.as_ptr(), 0, src.into_raw());
        Ok(op)
    })())
}

unsafe extern "C" fn chain_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        while !get(op, 0).is_null() {
            if get(op, 1).is_null() {
                let src = Ref::from_borrowed(get(op, 0));
                let iterable = match next_of(src.as_ptr()) {
                    Ok(Some(x)) => x,
                    r => {
                        set(op, 0, null_mut());
                        return r;
                    }
                };
                match aiter::get_iter(iterable.as_ptr()) {
                    Ok(i) => set(op, 1, i.into_raw()),
                    Err(e) => {
                        set(op, 0, null_mut());
                        return Err(e);
                    }
                }
            }
            let active = Ref::from_borrowed(get(op, 1));
            if let Some(v) = next_of(active.as_ptr())? {
                return Ok(Some(v));
            }
            set(op, 1, null_mut());
        }
        Ok(None)
    })())
}

unsafe extern "C" fn chain_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let empty = tupleobject::pack(&[])?;
        if get(op, 0).is_null() {
            return tupleobject::pack(&[type_obj(op), empty.as_ptr()]);
        }
        let st = if get(op, 1).is_null() {
            tupleobject::pack(&[get(op, 0)])?
        } else {
            tupleobject::pack(&[get(op, 0), get(op, 1)])?
        };
        tupleobject::pack(&[type_obj(op), empty.as_ptr(), st.as_ptr()])
    })())
}

unsafe extern "C" fn chain_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    none_result((|| {
        if !tupleobject::check(state) {
            return Err(state_not_tuple());
        }
        let s = tuple_items(state);
        if s.is_empty() || s.len() > 2 {
            return Err(arity_error(1, 2, s.len()));
        }
        if !aiter::check(s[0]) || (s.len() == 2 && !aiter::check(s[1])) {
            return Err(errors::type_error("Arguments must be iterators."));
        }
        incref(s[0]);
        set(op, 0, s[0]);
        let active = if s.len() == 2 {
            incref(s[1]);
            s[1]
        } else {
            null_mut()
        };
        set(op, 1, active);
        Ok(())
    })())
}

// ---------------------------------------------------------------------------------------------
// product: o[0] pools (tuple of tuples), o[1] last result; ix indices; n[0] stopped

unsafe extern "C" fn product_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "product",
        params: &["repeat"],
        posonly: 0,
        maxpos: 0,
        required: 0,
    };
    errors::ptr_result((|| {
        let mut repeat = 1isize;
        if !kw.is_null() && dictobject::len(kw) > 0 {
            let v = bind_tuple(&SIG, null_mut(), kw).map_err(|e| {
                // ParseTupleAndKeywords("|n:product") words its errors as "product()".
                e
            })?;
            if !v[0].is_null() {
                repeat = ssize_arg(v[0])?;
                if repeat < 0 {
                    return Err(errors::value_error("repeat argument cannot be negative"));
                }
            }
        }
        let given = tuple_items(a);
        let nargs = if repeat == 0 { 0 } else { given.len() };
        if repeat != 0 && nargs as isize > isize::MAX / repeat {
            return Err(errors::overflow_error("repeat argument too large"));
        }
        let mut pools = Vec::with_capacity(nargs);
        for &g in given {
            pools.push(sequence::tuple(g)?);
        }
        let mut all: Vec<*mut PyObject> = Vec::new();
        if nargs > 0 {
            for _ in 0..repeat {
                all.extend(pools.iter().map(|p| p.as_ptr()));
            }
        }
        let pools = tupleobject::from_slice(&all)?;
        let op = alloc(tp)?;
        *ix(op.as_ptr()) = vec![0; all.len()];
        set(op.as_ptr(), 0, pools.into_raw());
        Ok(op)
    })())
}

unsafe fn pick(pools: *mut PyObject, idx: &[isize]) -> PyResult<Ref> {
    let items: Vec<*mut PyObject> = idx
        .iter()
        .enumerate()
        .map(|(i, &j)| *tupleobject::items(*tupleobject::items(pools).add(i)).offset(j))
        .collect();
    tupleobject::from_slice(&items)
}

unsafe extern "C" fn product_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let p = it(op);
        if (*p).n[0] != 0 {
            return Ok(None);
        }
        let pools = get(op, 0);
        let idx = ix(op);
        if get(op, 1).is_null() {
            if tuple_items(pools).iter().any(|&q| tupleobject::len(q) == 0) {
                (*p).n[0] = 1;
                return Ok(None);
            }
        } else {
            let mut i = idx.len() as isize - 1;
            while i >= 0 {
                let q = *tupleobject::items(pools).offset(i);
                idx[i as usize] += 1;
                if idx[i as usize] == tupleobject::len(q) {
                    idx[i as usize] = 0;
                } else {
                    break;
                }
                i -= 1;
            }
            if i < 0 {
                (*p).n[0] = 1;
                return Ok(None);
            }
        }
        let r = pick(pools, idx)?;
        set(op, 1, r.clone().into_raw());
        Ok(Some(r))
    })())
}

/// `__reduce__` of product, combinations, combinations_with_replacement and permutations
/// (which pass `r`): `(type, args)` before the first item, the exhausted form after the end,
/// else `(type, args, state)`.
unsafe fn combinatoric_reduce(
    op: *mut PyObject,
    r: Option<isize>,
    state: impl FnOnce() -> PyResult<Ref>,
) -> PyResult<Ref> {
    let p = it(op);
    let args = match r {
        None => Ref::from_borrowed(get(op, 0)),
        Some(r) => {
            let rv = int(r)?;
            tupleobject::pack(&[get(op, 0), rv.as_ptr()])?
        }
    };
    if get(op, 1).is_null() && !(r.is_none() && (*p).n[0] != 0) {
        return tupleobject::pack(&[type_obj(op), args.as_ptr()]);
    }
    if (*p).n[0] != 0 {
        let empty = tupleobject::pack(&[])?;
        let a = match r {
            None => tupleobject::pack(&[empty.as_ptr()])?,
            Some(r) => {
                let rv = int(r)?;
                tupleobject::pack(&[empty.as_ptr(), rv.as_ptr()])?
            }
        };
        return tupleobject::pack(&[type_obj(op), a.as_ptr()]);
    }
    let st = state()?;
    tupleobject::pack(&[type_obj(op), args.as_ptr(), st.as_ptr()])
}

unsafe extern "C" fn product_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(combinatoric_reduce(op, None, || tuple_of_ints(ix(op))))
}

unsafe extern "C" fn product_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    none_result((|| {
        let pools = get(op, 0);
        let n = tupleobject::len(pools) as usize;
        if !tupleobject::check(state) || tupleobject::len(state) as usize != n {
            return Err(errors::value_error("invalid arguments"));
        }
        let s = tuple_items(state);
        let mut idx = vec![0isize; n];
        for i in 0..n {
            let v = longobject::as_isize(s[i])?;
            let size = tupleobject::len(*tupleobject::items(pools).add(i));
            if size == 0 {
                (*it(op)).n[0] = 1;
                return Ok(());
            }
            idx[i] = v.clamp(0, size - 1);
        }
        let r = pick(pools, &idx)?;
        *ix(op) = idx;
        set(op, 1, r.into_raw());
        Ok(())
    })())
}

/// `__sizeof__` of the combinatoric types: the instance plus its index vectors.
unsafe extern "C" fn indices_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let p = it(op);
    let mut size = (*py_type(op)).tp_basicsize as usize;
    for v in [(*p).ix, (*p).cy] {
        if !v.is_null() {
            size += (*v).len() * core::mem::size_of::<isize>();
        }
    }
    errors::ptr_result(int(size as isize))
}

// ---------------------------------------------------------------------------------------------
// combinations / combinations_with_replacement / permutations: o[0] pool, o[1] last result;
// n[0] stopped, n[1] r; ix indices; cy cycles (permutations)

unsafe fn pool_r_new(tp: *mut PyTypeObject, iterable: *mut PyObject, r: isize) -> PyResult<Ref> {
    if r < 0 {
        return Err(errors::value_error("r must be non-negative"));
    }
    let pool = sequence::tuple(iterable)?;
    let op = alloc(tp)?;
    set(op.as_ptr(), 0, pool.into_raw());
    (*it(op.as_ptr())).n[1] = r;
    Ok(op)
}

unsafe extern "C" fn combinations_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "combinations",
        params: &["iterable", "r"],
        posonly: 0,
        maxpos: 2,
        required: 2,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let r = ssize_arg(v[1])?;
        let op = pool_r_new(tp, v[0], r)?;
        let n = tupleobject::len(get(op.as_ptr(), 0));
        *ix(op.as_ptr()) = (0..r.max(0)).collect();
        (*it(op.as_ptr())).n[0] = (r > n) as isize;
        Ok(op)
    })())
}

unsafe extern "C" fn cwr_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "combinations_with_replacement",
        params: &["iterable", "r"],
        posonly: 0,
        maxpos: 2,
        required: 2,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let r = ssize_arg(v[1])?;
        let op = pool_r_new(tp, v[0], r)?;
        let n = tupleobject::len(get(op.as_ptr(), 0));
        *ix(op.as_ptr()) = vec![0; r.max(0) as usize];
        (*it(op.as_ptr())).n[0] = (n == 0 && r > 0) as isize;
        Ok(op)
    })())
}

unsafe extern "C" fn permutations_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "permutations",
        params: &["iterable", "r"],
        posonly: 0,
        maxpos: 2,
        required: 1,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let pool = sequence::tuple(v[0])?;
        let n = tupleobject::len(pool.as_ptr());
        let mut r = n;
        if !v[1].is_null() && v[1] != none() {
            if !is_int(v[1]) {
                return Err(errors::type_error("Expected int as r"));
            }
            r = longobject::as_isize(v[1])?;
        }
        let op = pool_r_new(tp, pool.as_ptr(), r)?;
        *ix(op.as_ptr()) = (0..n).collect();
        *cy(op.as_ptr()) = (0..r.min(n).max(0)).map(|i| n - i).collect();
        (*it(op.as_ptr())).n[0] = (r > n) as isize;
        Ok(op)
    })())
}

/// The result tuple `pool[indices[0]], ..., pool[indices[r-1]]`.
unsafe fn from_pool(pool: *mut PyObject, idx: &[isize], r: usize) -> PyResult<Ref> {
    let items: Vec<*mut PyObject> = idx[..r]
        .iter()
        .map(|&j| *tupleobject::items(pool).offset(j))
        .collect();
    tupleobject::from_slice(&items)
}

unsafe extern "C" fn combinations_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let p = it(op);
        if (*p).n[0] != 0 {
            return Ok(None);
        }
        let pool = get(op, 0);
        let n = tupleobject::len(pool);
        let r = (*p).n[1];
        let idx = ix(op);
        if !get(op, 1).is_null() {
            let mut i = r - 1;
            while i >= 0 && idx[i as usize] == i + n - r {
                i -= 1;
            }
            if i < 0 {
                (*p).n[0] = 1;
                return Ok(None);
            }
            idx[i as usize] += 1;
            for j in (i + 1) as usize..r as usize {
                idx[j] = idx[j - 1] + 1;
            }
        }
        let res = from_pool(pool, idx, r as usize)?;
        set(op, 1, res.clone().into_raw());
        Ok(Some(res))
    })())
}

unsafe extern "C" fn cwr_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let p = it(op);
        if (*p).n[0] != 0 {
            return Ok(None);
        }
        let pool = get(op, 0);
        let n = tupleobject::len(pool);
        let r = (*p).n[1];
        let idx = ix(op);
        if !get(op, 1).is_null() {
            let mut i = r - 1;
            while i >= 0 && idx[i as usize] == n - 1 {
                i -= 1;
            }
            if i < 0 {
                (*p).n[0] = 1;
                return Ok(None);
            }
            let v = idx[i as usize] + 1;
            for j in i as usize..r as usize {
                idx[j] = v;
            }
        }
        let res = from_pool(pool, idx, r as usize)?;
        set(op, 1, res.clone().into_raw());
        Ok(Some(res))
    })())
}

unsafe extern "C" fn permutations_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let p = it(op);
        if (*p).n[0] != 0 {
            return Ok(None);
        }
        let pool = get(op, 0);
        let n = tupleobject::len(pool) as usize;
        let r = (*p).n[1] as usize;
        let (idx, cyc) = (ix(op), cy(op));
        if !get(op, 1).is_null() {
            if n == 0 {
                (*p).n[0] = 1;
                return Ok(None);
            }
            let mut i = r as isize - 1;
            while i >= 0 {
                let iu = i as usize;
                cyc[iu] -= 1;
                if cyc[iu] == 0 {
                    idx[iu..].rotate_left(1);
                    cyc[iu] = (n - iu) as isize;
                } else {
                    let j = cyc[iu] as usize;
                    idx.swap(iu, n - j);
                    break;
                }
                i -= 1;
            }
            if i < 0 {
                (*p).n[0] = 1;
                return Ok(None);
            }
        }
        let res = from_pool(pool, idx, r)?;
        set(op, 1, res.clone().into_raw());
        Ok(Some(res))
    })())
}

unsafe extern "C" fn combinations_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let r = (*it(op)).n[1];
    errors::ptr_result(combinatoric_reduce(op, Some(r), || tuple_of_ints(ix(op))))
}

unsafe extern "C" fn permutations_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let r = (*it(op)).n[1];
    errors::ptr_result(combinatoric_reduce(op, Some(r), || {
        let a = tuple_of_ints(ix(op))?;
        let b = tuple_of_ints(cy(op))?;
        tupleobject::pack(&[a.as_ptr(), b.as_ptr()])
    }))
}

/// Reads a state tuple of `r` indices, each clamped by `clamp(i, value)`.
unsafe fn read_indices(
    state: *mut PyObject,
    r: usize,
    clamp: impl Fn(usize, isize) -> isize,
) -> PyResult<Vec<isize>> {
    if !tupleobject::check(state) || tupleobject::len(state) as usize != r {
        return Err(errors::value_error("invalid arguments"));
    }
    let mut out = Vec::with_capacity(r);
    for (i, &o) in tuple_items(state).iter().enumerate() {
        out.push(clamp(i, longobject::as_isize(o)?));
    }
    Ok(out)
}

unsafe extern "C" fn combinations_setstate(
    op: *mut PyObject,
    state: *mut PyObject,
) -> *mut PyObject {
    none_result((|| {
        let pool = get(op, 0);
        let (n, r) = (tupleobject::len(pool), (*it(op)).n[1]);
        let idx = read_indices(state, r as usize, |i, v| {
            let max = i as isize + n - r;
            if v > max {
                max
            } else {
                v.max(0)
            }
        })?;
        let res = from_pool(pool, &idx, r as usize)?;
        *ix(op) = idx;
        set(op, 1, res.into_raw());
        (*it(op)).n[0] = 0;
        Ok(())
    })())
}

unsafe extern "C" fn cwr_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    none_result((|| {
        let pool = get(op, 0);
        let (n, r) = (tupleobject::len(pool), (*it(op)).n[1]);
        let idx = read_indices(
            state,
            r as usize,
            |_, v| if v < 0 { 0 } else { v.min(n - 1) },
        )?;
        if idx.iter().any(|&v| v < 0) {
            return Err(errors::value_error("invalid arguments"));
        }
        let res = from_pool(pool, &idx, r as usize)?;
        *ix(op) = idx;
        set(op, 1, res.into_raw());
        (*it(op)).n[0] = 0;
        Ok(())
    })())
}

unsafe extern "C" fn permutations_setstate(
    op: *mut PyObject,
    state: *mut PyObject,
) -> *mut PyObject {
    none_result((|| {
        if !tupleobject::check(state) {
            return Err(state_not_tuple());
        }
        let s = tuple_items(state);
        if s.len() != 2 {
            return Err(arity_error(2, 2, s.len()));
        }
        for (k, &x) in s.iter().enumerate() {
            if !tupleobject::check(x) {
                let got = object::type_name_of(py_type(x)).to_string();
                return Err(errors::type_error(&format!(
                    "argument {} must be tuple, not {got}",
                    k + 1
                )));
            }
        }
        let pool = get(op, 0);
        let (n, r) = (tupleobject::len(pool), (*it(op)).n[1]);
        if tupleobject::len(s[0]) != n || tupleobject::len(s[1]) != r {
            return Err(errors::value_error("invalid arguments"));
        }
        let idx = read_indices(
            s[0],
            n as usize,
            |_, v| if v < 0 { 0 } else { v.min(n - 1) },
        )?;
        let cyc = read_indices(s[1], r as usize, |i, v| {
            if v < 1 {
                1
            } else {
                v.min(n - i as isize)
            }
        })?;
        let res = from_pool(pool, &idx, r as usize)?;
        *ix(op) = idx;
        *cy(op) = cyc;
        set(op, 1, res.into_raw());
        Ok(())
    })())
}

// ---------------------------------------------------------------------------------------------
// accumulate: o[0] total, o[1] it, o[2] binop (NULL for addition), o[3] initial (None: none)

unsafe extern "C" fn accumulate_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "accumulate",
        params: &["iterable", "func", "initial"],
        posonly: 0,
        maxpos: 2,
        required: 1,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let i = aiter::get_iter(v[0])?;
        let op = alloc(tp)?;
        set(op.as_ptr(), 1, i.into_raw());
        if !v[1].is_null() && v[1] != none() {
            incref(v[1]);
            set(op.as_ptr(), 2, v[1]);
        }
        let initial = if v[2].is_null() { none() } else { v[2] };
        incref(initial);
        set(op.as_ptr(), 3, initial);
        Ok(op)
    })())
}

unsafe extern "C" fn accumulate_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        if get(op, 3) != none() {
            let initial = Ref::from_borrowed(get(op, 3));
            set(op, 0, initial.clone().into_raw());
            set(op, 3, object::new_none().into_raw());
            return Ok(Some(initial));
        }
        let src = Ref::from_borrowed(get(op, 1));
        let Some(val) = next_of(src.as_ptr())? else {
            return Ok(None);
        };
        if get(op, 0).is_null() {
            set(op, 0, val.clone().into_raw());
            return Ok(Some(val));
        }
        let total = Ref::from_borrowed(get(op, 0));
        let new = if get(op, 2).is_null() {
            number::add(total.as_ptr(), val.as_ptr())?
        } else {
            let f = Ref::from_borrowed(get(op, 2));
            call::vectorcall(f.as_ptr(), &[total.as_ptr(), val.as_ptr()], null_mut())?
        };
        set(op, 0, new.clone().into_raw());
        Ok(Some(new))
    })())
}

unsafe extern "C" fn accumulate_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let binop = if get(op, 2).is_null() {
            none()
        } else {
            get(op, 2)
        };
        let chain = (&raw mut CHAIN_TYPE).cast::<PyObject>();
        if get(op, 3) != none() {
            let first = tupleobject::pack(&[get(op, 3)])?;
            let c = call::vectorcall(chain, &[first.as_ptr(), get(op, 1)], null_mut())?;
            let a = tupleobject::pack(&[c.as_ptr(), binop])?;
            return tupleobject::pack(&[type_obj(op), a.as_ptr(), none()]);
        }
        if get(op, 0) == none() {
            let first = tupleobject::pack(&[get(op, 0)])?;
            let c = call::vectorcall(chain, &[first.as_ptr(), get(op, 1)], null_mut())?;
            let acc = call::vectorcall(type_obj(op), &[c.as_ptr(), binop], null_mut())?;
            let one = int(1)?;
            let a = tupleobject::pack(&[acc.as_ptr(), one.as_ptr(), none()])?;
            return tupleobject::pack(&[(&raw mut ISLICE_TYPE).cast(), a.as_ptr()]);
        }
        let a = tupleobject::pack(&[get(op, 1), binop])?;
        let total = if get(op, 0).is_null() {
            none()
        } else {
            get(op, 0)
        };
        tupleobject::pack(&[type_obj(op), a.as_ptr(), total])
    })())
}

unsafe extern "C" fn accumulate_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    incref(state);
    set(op, 0, state);
    object::new_none().into_raw()
}

// ---------------------------------------------------------------------------------------------
// count: o[0] long_cnt (NULL in fast mode), o[1] long_step; n[0] cnt (isize::MAX in slow mode)

unsafe extern "C" fn count_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "count",
        params: &["start", "step"],
        posonly: 0,
        maxpos: 2,
        required: 0,
    };
    errors::ptr_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let (start, stepv) = (v[0], v[1]);
        if (!start.is_null() && !number::check(start))
            || (!stepv.is_null() && !number::check(stepv))
        {
            return Err(errors::type_error("a number is required"));
        }
        let mut fast = (start.is_null() || is_int(start)) && (stepv.is_null() || is_int(stepv));
        let mut cnt = 0isize;
        let cnt_obj = if start.is_null() {
            int(0)?
        } else {
            if fast {
                match longobject::as_isize(start) {
                    Ok(c) => cnt = c,
                    Err(_) => {
                        errors::clear();
                        fast = false;
                    }
                }
            }
            Ref::from_borrowed(start)
        };
        let step_obj = if stepv.is_null() {
            int(1)?
        } else {
            Ref::from_borrowed(stepv)
        };
        if fast {
            match longobject::as_isize(step_obj.as_ptr()) {
                Ok(1) => {}
                Ok(_) => fast = false,
                Err(_) => {
                    errors::clear();
                    fast = false;
                }
            }
        }
        let op = alloc(tp)?;
        if fast {
            (*it(op.as_ptr())).n[0] = cnt;
        } else {
            (*it(op.as_ptr())).n[0] = isize::MAX;
            set(op.as_ptr(), 0, cnt_obj.into_raw());
        }
        set(op.as_ptr(), 1, step_obj.into_raw());
        Ok(op)
    })())
}

unsafe extern "C" fn count_next(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let p = it(op);
        if (*p).n[0] == isize::MAX {
            if get(op, 0).is_null() {
                // Fast mode reached sys.maxsize: continue with Python ints.
                set(op, 0, int(isize::MAX)?.into_raw());
            }
            let cur = Ref::from_borrowed(get(op, 0));
            let next = number::add(cur.as_ptr(), get(op, 1))?;
            set(op, 0, next.into_raw());
            return Ok(cur);
        }
        let v = int((*p).n[0])?;
        (*p).n[0] += 1;
        Ok(v)
    })())
}

unsafe extern "C" fn count_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let p = it(op);
        let name = type_short_name(op);
        if (*p).n[0] != isize::MAX {
            return unicodeobject::new_str(&format!("{name}({})", (*p).n[0]));
        }
        // A fast-mode count that reached sys.maxsize has no int object yet; CPython 3.11
        // formats the missing object as "<NULL>".
        let c = if get(op, 0).is_null() {
            unicodeobject::new_str("<NULL>")?
        } else {
            object::repr(get(op, 0))?
        };
        let stepv = get(op, 1);
        if is_int(stepv) {
            match longobject::as_isize(stepv) {
                Ok(1) => {
                    return unicodeobject::new_str(&format!(
                        "{name}({})",
                        object::str_text(c.as_ptr())
                    ))
                }
                Ok(_) => {}
                Err(_) => errors::clear(),
            }
        }
        let s = object::repr(stepv)?;
        unicodeobject::new_str(&format!(
            "{name}({}, {})",
            object::str_text(c.as_ptr()),
            object::str_text(s.as_ptr())
        ))
    })())
}

unsafe extern "C" fn count_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let p = it(op);
        if (*p).n[0] == isize::MAX {
            if get(op, 0).is_null() {
                // CPython 3.11 builds its tuple from the missing object and fails so.
                return Err(errors::system_error("NULL object passed to Py_BuildValue"));
            }
            let a = tupleobject::pack(&[get(op, 0), get(op, 1)])?;
            return tupleobject::pack(&[type_obj(op), a.as_ptr()]);
        }
        let c = int((*p).n[0])?;
        let a = tupleobject::pack(&[c.as_ptr()])?;
        tupleobject::pack(&[type_obj(op), a.as_ptr()])
    })())
}

// ---------------------------------------------------------------------------------------------
// repeat: o[0] element; n[0] remaining count (-1: forever)

unsafe extern "C" fn repeat_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut names: Vec<*mut PyObject> = Vec::new();
        let mut stack: Vec<*mut PyObject> = tuple_items(a).to_vec();
        let npos = stack.len();
        if !kw.is_null() {
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(kw, &mut pos) {
                names.push(k);
                stack.push(v);
            }
        }
        let given = stack.len();
        let v = tuple_and_keywords_repeat(&stack, npos, &names)?;
        let mut cnt = -1;
        if !v[1].is_null() {
            cnt = ssize_arg(v[1])?;
        }
        if given == 2 && cnt < 0 {
            cnt = 0;
        }
        let op = alloc(tp)?;
        incref(v[0]);
        set(op.as_ptr(), 0, v[0]);
        (*it(op.as_ptr())).n[0] = cnt;
        Ok(op)
    })())
}

/// `PyArg_ParseTupleAndKeywords(args, kwds, "O|n:repeat", ["object", "times"])`'s binding
/// and messages.
unsafe fn tuple_and_keywords_repeat(
    stack: &[*mut PyObject],
    npos: usize,
    names: &[*mut PyObject],
) -> PyResult<[*mut PyObject; 2]> {
    const PARAMS: [&str; 2] = ["object", "times"];
    let total = stack.len();
    if total > 2 {
        return Err(errors::type_error(&format!(
            "repeat() takes at most 2 arguments ({total} given)"
        )));
    }
    let mut out = [null_mut(); 2];
    out[..npos].copy_from_slice(&stack[..npos]);
    for (k, &name) in names.iter().enumerate() {
        let Some(i) = PARAMS.iter().position(|p| unicodeobject::eq_str(name, p)) else {
            return Err(errors::type_error(&format!(
                "'{}' is an invalid keyword argument for repeat()",
                unicodeobject::to_string_lossy(name)
            )));
        };
        if i < npos {
            return Err(errors::type_error(&format!(
                "argument for repeat() given by name ('{}') and position ({})",
                PARAMS[i],
                i + 1
            )));
        }
        out[i] = stack[npos + k];
    }
    if out[0].is_null() {
        return Err(errors::type_error(
            "repeat() missing required argument 'object' (pos 1)",
        ));
    }
    Ok(out)
}

unsafe extern "C" fn repeat_next(op: *mut PyObject) -> *mut PyObject {
    let p = it(op);
    if (*p).n[0] == 0 {
        return null_mut();
    }
    if (*p).n[0] > 0 {
        (*p).n[0] -= 1;
    }
    let e = get(op, 0);
    incref(e);
    e
}

unsafe extern "C" fn repeat_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let name = type_short_name(op);
        let e = object::repr(get(op, 0))?;
        let e = object::str_text(e.as_ptr());
        let n = (*it(op)).n[0];
        if n == -1 {
            unicodeobject::new_str(&format!("{name}({e})"))
        } else {
            unicodeobject::new_str(&format!("{name}({e}, {n})"))
        }
    })())
}

unsafe extern "C" fn repeat_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let n = (*it(op)).n[0];
    if n == -1 {
        return errors::ptr_result(Err(errors::type_error("len() of unsized object")));
    }
    errors::ptr_result(int(n))
}

unsafe extern "C" fn repeat_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = (*it(op)).n[0];
        let a = if n >= 0 {
            let c = int(n)?;
            tupleobject::pack(&[get(op, 0), c.as_ptr()])?
        } else {
            tupleobject::pack(&[get(op, 0)])?
        };
        tupleobject::pack(&[type_obj(op), a.as_ptr()])
    })())
}

// ---------------------------------------------------------------------------------------------
// zip_longest: o[0] fillvalue, o[1] the size as an int (for reduce); vals iterators (NULL once
// exhausted); n[0] number still active

unsafe extern "C" fn zip_longest_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut fill = none();
        if !kw.is_null() && dictobject::check_exact(kw) && dictobject::len(kw) > 0 {
            let found = if dictobject::len(kw) == 1 {
                dictobject::get_item_str(kw, "fillvalue")?
            } else {
                None
            };
            match found {
                Some(f) => fill = f,
                None => {
                    return Err(errors::type_error(
                        "zip_longest() got an unexpected keyword argument",
                    ))
                }
            }
        }
        let mut iters = Vec::new();
        for &x in tuple_items(a) {
            iters.push(aiter::get_iter(x)?);
        }
        let op = alloc(tp)?;
        incref(fill);
        set(op.as_ptr(), 0, fill);
        (*it(op.as_ptr())).n[0] = iters.len() as isize;
        *vals(op.as_ptr()) = iters.into_iter().map(Ref::into_raw).collect();
        Ok(op)
    })())
}

unsafe extern "C" fn zip_longest_next(op: *mut PyObject) -> *mut PyObject {
    step((|| {
        let p = it(op);
        let size = vals(op).len();
        if size == 0 || (*p).n[0] == 0 {
            return Ok(None);
        }
        let mut out: Vec<Ref> = Vec::with_capacity(size);
        for i in 0..size {
            let src = vals(op)[i];
            if src.is_null() {
                out.push(Ref::from_borrowed(get(op, 0)));
                continue;
            }
            let src = Ref::from_borrowed(src);
            match next_of(src.as_ptr()) {
                Ok(Some(v)) => out.push(v),
                r => {
                    (*p).n[0] -= 1;
                    if (*p).n[0] == 0 || r.is_err() {
                        (*p).n[0] = 0;
                        return r.map(|_| None);
                    }
                    out.push(Ref::from_borrowed(get(op, 0)));
                    let slot = &mut vals(op)[i];
                    let old = core::mem::replace(slot, null_mut());
                    object::xdecref(old);
                }
            }
        }
        let raw: Vec<*mut PyObject> = out.iter().map(|r| r.as_ptr()).collect();
        Ok(Some(tupleobject::from_slice(&raw)?))
    })())
}

unsafe extern "C" fn zip_longest_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let empty = tupleobject::pack(&[])?;
        let items: Vec<*mut PyObject> = vals(op)
            .iter()
            .map(|&i| if i.is_null() { empty.as_ptr() } else { i })
            .collect();
        let a = tupleobject::from_slice(&items)?;
        tupleobject::pack(&[type_obj(op), a.as_ptr(), get(op, 0)])
    })())
}

unsafe extern "C" fn zip_longest_setstate(
    op: *mut PyObject,
    state: *mut PyObject,
) -> *mut PyObject {
    incref(state);
    set(op, 0, state);
    object::new_none().into_raw()
}

// ---------------------------------------------------------------------------------------------
// type objects

const REDUCE_DOC: &CStr = c"Return state information for pickling.";
const SETSTATE_DOC: &CStr = c"Set state information for unpickling.";
const SIZEOF_DOC: &CStr = c"Returns size in memory, in bytes.";

macro_rules! meth {
    ($name:literal, $f:expr, $flags:expr, $doc:expr) => {
        PyMethodDef {
            ml_name: $name.as_ptr(),
            // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
            ml_meth: Some(unsafe { core::mem::transmute::<*const (), BinFn>($f as *const ()) }),
            ml_flags: $flags,
            ml_doc: $doc.as_ptr(),
        }
    };
}

const CLASS_GETITEM: PyMethodDef = PyMethodDef {
    ml_name: c"__class_getitem__".as_ptr(),
    ml_meth: Some(crate::objects::genericaliasobject::class_getitem),
    ml_flags: METH_O | METH_CLASS,
    ml_doc: c"See PEP 585".as_ptr(),
};

const fn reduce_m(f: BinFn) -> PyMethodDef {
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(f),
        ml_flags: METH_NOARGS,
        ml_doc: REDUCE_DOC.as_ptr(),
    }
}
const fn setstate_m(f: BinFn) -> PyMethodDef {
    PyMethodDef {
        ml_name: c"__setstate__".as_ptr(),
        ml_meth: Some(f),
        ml_flags: METH_O,
        ml_doc: SETSTATE_DOC.as_ptr(),
    }
}
const SIZEOF_M: PyMethodDef = PyMethodDef {
    ml_name: c"__sizeof__".as_ptr(),
    ml_meth: Some(indices_sizeof),
    ml_flags: METH_NOARGS,
    ml_doc: SIZEOF_DOC.as_ptr(),
};

static mut GROUPBY_METHODS: [PyMethodDef; 3] = [
    reduce_m(groupby_reduce),
    setstate_m(groupby_setstate),
    METHOD_END,
];
static mut GROUPER_METHODS: [PyMethodDef; 2] = [reduce_m(grouper_reduce), METHOD_END];
static mut TEEDATA_METHODS: [PyMethodDef; 2] = [reduce_m(teedata_reduce), METHOD_END];
static mut TEE_METHODS: [PyMethodDef; 4] = [
    PyMethodDef {
        ml_name: c"__copy__".as_ptr(),
        ml_meth: Some(tee_copy),
        ml_flags: METH_NOARGS,
        ml_doc: c"Returns an independent iterator.".as_ptr(),
    },
    reduce_m(tee_reduce),
    setstate_m(tee_setstate),
    METHOD_END,
];
static mut CYCLE_METHODS: [PyMethodDef; 3] = [
    reduce_m(cycle_reduce),
    setstate_m(cycle_setstate),
    METHOD_END,
];
static mut FLAG_METHODS: [PyMethodDef; 3] =
    [reduce_m(flag_reduce), setstate_m(flag_setstate), METHOD_END];
static mut TAKEWHILE_METHODS: [PyMethodDef; 3] =
    [reduce_m(flag_reduce), setstate_m(flag_setstate), METHOD_END];
static mut ISLICE_METHODS: [PyMethodDef; 3] = [
    reduce_m(islice_reduce),
    setstate_m(islice_setstate),
    METHOD_END,
];
static mut PAIR_METHODS: [PyMethodDef; 2] = [reduce_m(pair_reduce), METHOD_END];
static mut FILTERFALSE_METHODS: [PyMethodDef; 2] = [reduce_m(pair_reduce), METHOD_END];
static mut COMPRESS_METHODS: [PyMethodDef; 2] = [reduce_m(pair_reduce), METHOD_END];
static mut CHAIN_METHODS: [PyMethodDef; 5] = [
    meth!(
        c"from_iterable",
        chain_from_iterable as BinFn,
        METH_O | METH_CLASS,
        DOC_FROM_ITERABLE
    ),
    reduce_m(chain_reduce),
    setstate_m(chain_setstate),
    CLASS_GETITEM,
    METHOD_END,
];
static mut PRODUCT_METHODS: [PyMethodDef; 4] = [
    reduce_m(product_reduce),
    setstate_m(product_setstate),
    SIZEOF_M,
    METHOD_END,
];
static mut COMBINATIONS_METHODS: [PyMethodDef; 4] = [
    reduce_m(combinations_reduce),
    setstate_m(combinations_setstate),
    SIZEOF_M,
    METHOD_END,
];
static mut CWR_METHODS: [PyMethodDef; 4] = [
    reduce_m(combinations_reduce),
    setstate_m(cwr_setstate),
    SIZEOF_M,
    METHOD_END,
];
static mut PERMUTATIONS_METHODS: [PyMethodDef; 4] = [
    reduce_m(permutations_reduce),
    setstate_m(permutations_setstate),
    SIZEOF_M,
    METHOD_END,
];
static mut ACCUMULATE_METHODS: [PyMethodDef; 3] = [
    reduce_m(accumulate_reduce),
    setstate_m(accumulate_setstate),
    METHOD_END,
];
static mut COUNT_METHODS: [PyMethodDef; 2] = [reduce_m(count_reduce), METHOD_END];
static mut REPEAT_METHODS: [PyMethodDef; 3] = [
    PyMethodDef {
        ml_name: c"__length_hint__".as_ptr(),
        ml_meth: Some(repeat_len),
        ml_flags: METH_NOARGS,
        ml_doc: c"Private method returning an estimate of len(list(it)).".as_ptr(),
    },
    reduce_m(repeat_reduce),
    METHOD_END,
];
static mut ZIP_LONGEST_METHODS: [PyMethodDef; 3] = [
    reduce_m(zip_longest_reduce),
    setstate_m(zip_longest_setstate),
    METHOD_END,
];

const DEFAULT_FLAGS: core::ffi::c_ulong =
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE;
const SUBCLASSABLE: core::ffi::c_ulong = DEFAULT_FLAGS | Py_TPFLAGS_BASETYPE;

/// One itertools type: the shared layout and slots, its own constructor, `__next__`, methods.
const fn iter_type(
    name: &'static CStr,
    doc: &'static CStr,
    new: NewFn,
    next: Option<NextFn>,
    methods: *mut PyMethodDef,
    flags: core::ffi::c_ulong,
) -> PyTypeObject {
    PyTypeObject {
        tp_dealloc: Some(it_dealloc),
        tp_getattro: Some(object::PyObject_GenericGetAttr),
        tp_doc: doc.as_ptr(),
        tp_traverse: Some(it_traverse),
        tp_clear: Some(it_clear),
        tp_iter: if next.is_some() {
            Some(object::PyObject_SelfIter)
        } else {
            None
        },
        tp_iternext: next,
        tp_methods: methods,
        tp_new: Some(new),
        ..static_type(
            &raw mut crate::objects::typeobject::PyType_Type,
            name,
            core::mem::size_of::<It>() as Py_ssize_t,
            0,
            flags,
        )
    }
}

static mut PAIRWISE_TYPE: PyTypeObject = iter_type(
    c"itertools.pairwise",
    DOC_PAIRWISE,
    pairwise_new,
    Some(pairwise_next),
    null_mut(),
    SUBCLASSABLE,
);
static mut GROUPBY_TYPE: PyTypeObject = iter_type(
    c"itertools.groupby",
    DOC_GROUPBY,
    groupby_new,
    Some(groupby_next),
    (&raw mut GROUPBY_METHODS).cast(),
    SUBCLASSABLE,
);
static mut GROUPER_TYPE: PyTypeObject = PyTypeObject {
    // CPython 3.11's _grouper has no docstring.
    tp_doc: core::ptr::null(),
    ..iter_type(
        c"itertools._grouper",
        c"",
        grouper_new,
        Some(grouper_next),
        (&raw mut GROUPER_METHODS).cast(),
        DEFAULT_FLAGS,
    )
};
static mut TEEDATA_TYPE: PyTypeObject = iter_type(
    c"itertools._tee_dataobject",
    DOC_TEE_DATAOBJECT,
    teedata_new,
    None,
    (&raw mut TEEDATA_METHODS).cast(),
    DEFAULT_FLAGS,
);
static mut TEE_TYPE: PyTypeObject = PyTypeObject {
    tp_getattro: None,
    tp_weaklistoffset: core::mem::offset_of!(It, weakreflist) as Py_ssize_t,
    ..iter_type(
        c"itertools._tee",
        DOC_TEE,
        tee_new,
        Some(tee_next),
        (&raw mut TEE_METHODS).cast(),
        DEFAULT_FLAGS,
    )
};
static mut CYCLE_TYPE: PyTypeObject = iter_type(
    c"itertools.cycle",
    DOC_CYCLE,
    cycle_new,
    Some(cycle_next),
    (&raw mut CYCLE_METHODS).cast(),
    SUBCLASSABLE,
);
static mut DROPWHILE_TYPE: PyTypeObject = iter_type(
    c"itertools.dropwhile",
    DOC_DROPWHILE,
    dropwhile_new,
    Some(dropwhile_next),
    (&raw mut FLAG_METHODS).cast(),
    SUBCLASSABLE,
);
static mut TAKEWHILE_TYPE: PyTypeObject = iter_type(
    c"itertools.takewhile",
    DOC_TAKEWHILE,
    takewhile_new,
    Some(takewhile_next),
    (&raw mut TAKEWHILE_METHODS).cast(),
    SUBCLASSABLE,
);
static mut ISLICE_TYPE: PyTypeObject = iter_type(
    c"itertools.islice",
    DOC_ISLICE,
    islice_new,
    Some(islice_next),
    (&raw mut ISLICE_METHODS).cast(),
    SUBCLASSABLE,
);
static mut STARMAP_TYPE: PyTypeObject = iter_type(
    c"itertools.starmap",
    DOC_STARMAP,
    starmap_new,
    Some(starmap_next),
    (&raw mut PAIR_METHODS).cast(),
    SUBCLASSABLE,
);
static mut CHAIN_TYPE: PyTypeObject = iter_type(
    c"itertools.chain",
    DOC_CHAIN,
    chain_new,
    Some(chain_next),
    (&raw mut CHAIN_METHODS).cast(),
    SUBCLASSABLE,
);
static mut PRODUCT_TYPE: PyTypeObject = iter_type(
    c"itertools.product",
    DOC_PRODUCT,
    product_new,
    Some(product_next),
    (&raw mut PRODUCT_METHODS).cast(),
    SUBCLASSABLE,
);
static mut COMBINATIONS_TYPE: PyTypeObject = iter_type(
    c"itertools.combinations",
    DOC_COMBINATIONS,
    combinations_new,
    Some(combinations_next),
    (&raw mut COMBINATIONS_METHODS).cast(),
    SUBCLASSABLE,
);
static mut CWR_TYPE: PyTypeObject = iter_type(
    c"itertools.combinations_with_replacement",
    DOC_COMBINATIONS_WITH_REPLACEMENT,
    cwr_new,
    Some(cwr_next),
    (&raw mut CWR_METHODS).cast(),
    SUBCLASSABLE,
);
static mut PERMUTATIONS_TYPE: PyTypeObject = iter_type(
    c"itertools.permutations",
    DOC_PERMUTATIONS,
    permutations_new,
    Some(permutations_next),
    (&raw mut PERMUTATIONS_METHODS).cast(),
    SUBCLASSABLE,
);
static mut ACCUMULATE_TYPE: PyTypeObject = iter_type(
    c"itertools.accumulate",
    DOC_ACCUMULATE,
    accumulate_new,
    Some(accumulate_next),
    (&raw mut ACCUMULATE_METHODS).cast(),
    SUBCLASSABLE,
);
static mut COMPRESS_TYPE: PyTypeObject = iter_type(
    c"itertools.compress",
    DOC_COMPRESS,
    compress_new,
    Some(compress_next),
    (&raw mut COMPRESS_METHODS).cast(),
    SUBCLASSABLE,
);
static mut FILTERFALSE_TYPE: PyTypeObject = iter_type(
    c"itertools.filterfalse",
    DOC_FILTERFALSE,
    filterfalse_new,
    Some(filterfalse_next),
    (&raw mut FILTERFALSE_METHODS).cast(),
    SUBCLASSABLE,
);
static mut COUNT_TYPE: PyTypeObject = PyTypeObject {
    tp_repr: Some(count_repr),
    ..iter_type(
        c"itertools.count",
        DOC_COUNT,
        count_new,
        Some(count_next),
        (&raw mut COUNT_METHODS).cast(),
        SUBCLASSABLE,
    )
};
static mut REPEAT_TYPE: PyTypeObject = PyTypeObject {
    tp_repr: Some(repeat_repr),
    ..iter_type(
        c"itertools.repeat",
        DOC_REPEAT,
        repeat_new,
        Some(repeat_next),
        (&raw mut REPEAT_METHODS).cast(),
        SUBCLASSABLE,
    )
};
static mut ZIP_LONGEST_TYPE: PyTypeObject = iter_type(
    c"itertools.zip_longest",
    DOC_ZIP_LONGEST,
    zip_longest_new,
    Some(zip_longest_next),
    (&raw mut ZIP_LONGEST_METHODS).cast(),
    SUBCLASSABLE,
);

// ---------------------------------------------------------------------------------------------
// the module

type FastFn =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;

static mut MODULE_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"tee".as_ptr(),
        // SAFETY: METH_FASTCALL functions are called with the fast signature.
        ml_meth: Some(unsafe { core::mem::transmute::<FastFn, BinFn>(tee_fn) }),
        ml_flags: METH_FASTCALL,
        ml_doc: DOC_TEE_FN.as_ptr(),
    },
    METHOD_END,
];

/// The module's types, in the order CPython 3.11's exec function adds them.
unsafe fn all_types() -> [*mut PyTypeObject; 21] {
    [
        &raw mut ACCUMULATE_TYPE,
        &raw mut COMBINATIONS_TYPE,
        &raw mut CWR_TYPE,
        &raw mut CYCLE_TYPE,
        &raw mut DROPWHILE_TYPE,
        &raw mut TAKEWHILE_TYPE,
        &raw mut ISLICE_TYPE,
        &raw mut STARMAP_TYPE,
        &raw mut CHAIN_TYPE,
        &raw mut COMPRESS_TYPE,
        &raw mut FILTERFALSE_TYPE,
        &raw mut COUNT_TYPE,
        &raw mut ZIP_LONGEST_TYPE,
        &raw mut PAIRWISE_TYPE,
        &raw mut PERMUTATIONS_TYPE,
        &raw mut PRODUCT_TYPE,
        &raw mut REPEAT_TYPE,
        &raw mut GROUPBY_TYPE,
        &raw mut GROUPER_TYPE,
        &raw mut TEE_TYPE,
        &raw mut TEEDATA_TYPE,
    ]
}

/// `Py_mod_exec`: readies the static types and adds each under its short name.
unsafe extern "C" fn itertools_exec(m: *mut PyObject) -> c_int {
    errors::int_result((|| {
        for tp in all_types() {
            if (*tp).tp_dict.is_null() {
                crate::objects::typeobject::ready(tp)?;
            }
            let full = CStr::from_ptr((*tp).tp_name).to_string_lossy().into_owned();
            let short = full.rsplit('.').next().unwrap_or(&full).to_string();
            args::add(m, &short, tp.cast())?;
        }
        Ok(())
    })())
}

static mut SLOTS: [PyModuleDef_Slot; 2] = [
    PyModuleDef_Slot {
        slot: Py_mod_exec,
        value: itertools_exec as *mut c_void,
    },
    PyModuleDef_Slot {
        slot: 0,
        value: null_mut(),
    },
];

static mut MODULE_DEF: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_Base::HEAD_INIT,
    m_name: c"itertools".as_ptr(),
    m_doc: DOC_MODULE.as_ptr(),
    m_size: 0,
    m_methods: (&raw mut MODULE_METHODS).cast(),
    m_slots: (&raw mut SLOTS).cast(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// `PyInit_itertools`: multi-phase initialization (a `PyModuleDef`), as CPython 3.11's.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    crate::objects::moduleobject::def_init(&raw mut MODULE_DEF)
}

// ---- documentation strings (data: CPython 3.11's docstrings with their signatures) ----

const DOC_MODULE: &CStr = c"Functional tools for creating and using iterators.\n\nInfinite iterators:\ncount(start=0, step=1) --> start, start+step, start+2*step, ...\ncycle(p) --> p0, p1, ... plast, p0, p1, ...\nrepeat(elem [,n]) --> elem, elem, elem, ... endlessly or up to n times\n\nIterators terminating on the shortest input sequence:\naccumulate(p[, func]) --> p0, p0+p1, p0+p1+p2\nchain(p, q, ...) --> p0, p1, ... plast, q0, q1, ...\nchain.from_iterable([p, q, ...]) --> p0, p1, ... plast, q0, q1, ...\ncompress(data, selectors) --> (d[0] if s[0]), (d[1] if s[1]), ...\ndropwhile(pred, seq) --> seq[n], seq[n+1], starting when pred fails\ngroupby(iterable[, keyfunc]) --> sub-iterators grouped by value of keyfunc(v)\nfilterfalse(pred, seq) --> elements of seq where pred(elem) is False\nislice(seq, [start,] stop [, step]) --> elements from\n       seq[start:stop:step]\npairwise(s) --> (s[0],s[1]), (s[1],s[2]), (s[2], s[3]), ...\nstarmap(fun, seq) --> fun(*seq[0]), fun(*seq[1]), ...\ntee(it, n=2) --> (it1, it2 , ... itn) splits one iterator into n\ntakewhile(pred, seq) --> seq[0], seq[1], until pred fails\nzip_longest(p, q, ...) --> (p[0], q[0]), (p[1], q[1]), ...\n\nCombinatoric generators:\nproduct(p, q, ... [repeat=1]) --> cartesian product\npermutations(p[, r])\ncombinations(p, r)\ncombinations_with_replacement(p, r)\n";
const DOC_ACCUMULATE: &CStr = c"accumulate(iterable, func=None, *, initial=None)\n--\n\nReturn series of accumulated sums (or other binary function results).";
const DOC_CHAIN: &CStr = c"chain(*iterables) --> chain object\n\nReturn a chain object whose .__next__() method returns elements from the\nfirst iterable until it is exhausted, then elements from the next\niterable, until all of the iterables are exhausted.";
const DOC_COMBINATIONS: &CStr = c"combinations(iterable, r)\n--\n\nReturn successive r-length combinations of elements in the iterable.\n\ncombinations(range(4), 3) --> (0,1,2), (0,1,3), (0,2,3), (1,2,3)";
const DOC_COMBINATIONS_WITH_REPLACEMENT: &CStr = c"combinations_with_replacement(iterable, r)\n--\n\nReturn successive r-length combinations of elements in the iterable allowing individual elements to have successive repeats.\n\ncombinations_with_replacement('ABC', 2) --> ('A','A'), ('A','B'), ('A','C'), ('B','B'), ('B','C'), ('C','C')";
const DOC_COMPRESS: &CStr = c"compress(data, selectors)\n--\n\nReturn data elements corresponding to true selector elements.\n\nForms a shorter iterator from selected data elements using the selectors to\nchoose the data elements.";
const DOC_COUNT: &CStr = c"count(start=0, step=1)\n--\n\nReturn a count object whose .__next__() method returns consecutive values.\n\nEquivalent to:\n    def count(firstval=0, step=1):\n        x = firstval\n        while 1:\n            yield x\n            x += step";
const DOC_CYCLE: &CStr = c"cycle(iterable, /)\n--\n\nReturn elements from the iterable until it is exhausted. Then repeat the sequence indefinitely.";
const DOC_DROPWHILE: &CStr = c"dropwhile(predicate, iterable, /)\n--\n\nDrop items from the iterable while predicate(item) is true.\n\nAfterwards, return every element until the iterable is exhausted.";
const DOC_FILTERFALSE: &CStr = c"filterfalse(function, iterable, /)\n--\n\nReturn those items of iterable for which function(item) is false.\n\nIf function is None, return the items that are false.";
const DOC_GROUPBY: &CStr = c"groupby(iterable, key=None)\n--\n\nmake an iterator that returns consecutive keys and groups from the iterable\n\n  iterable\n    Elements to divide into groups according to the key function.\n  key\n    A function for computing the group category for each element.\n    If the key function is not specified or is None, the element itself\n    is used for grouping.";
const DOC_ISLICE: &CStr = c"islice(iterable, stop) --> islice object\nislice(iterable, start, stop[, step]) --> islice object\n\nReturn an iterator whose next() method returns selected values from an\niterable.  If start is specified, will skip all preceding elements;\notherwise, start defaults to zero.  Step defaults to one.  If\nspecified as another value, step determines how many values are\nskipped between successive calls.  Works like a slice() on a list\nbut returns an iterator.";
const DOC_PAIRWISE: &CStr = c"pairwise(iterable, /)\n--\n\nReturn an iterator of overlapping pairs taken from the input iterator.\n\n    s -> (s0,s1), (s1,s2), (s2, s3), ...";
const DOC_PERMUTATIONS: &CStr = c"permutations(iterable, r=None)\n--\n\nReturn successive r-length permutations of elements in the iterable.\n\npermutations(range(3), 2) --> (0,1), (0,2), (1,0), (1,2), (2,0), (2,1)";
const DOC_PRODUCT: &CStr = c"product(*iterables, repeat=1) --> product object\n\nCartesian product of input iterables.  Equivalent to nested for-loops.\n\nFor example, product(A, B) returns the same as:  ((x,y) for x in A for y in B).\nThe leftmost iterators are in the outermost for-loop, so the output tuples\ncycle in a manner similar to an odometer (with the rightmost element changing\non every iteration).\n\nTo compute the product of an iterable with itself, specify the number\nof repetitions with the optional repeat keyword argument. For example,\nproduct(A, repeat=4) means the same as product(A, A, A, A).\n\nproduct('ab', range(3)) --> ('a',0) ('a',1) ('a',2) ('b',0) ('b',1) ('b',2)\nproduct((0,1), (0,1), (0,1)) --> (0,0,0) (0,0,1) (0,1,0) (0,1,1) (1,0,0) ...";
const DOC_REPEAT: &CStr = c"repeat(object [,times]) -> create an iterator which returns the object\nfor the specified number of times.  If not specified, returns the object\nendlessly.";
const DOC_STARMAP: &CStr = c"starmap(function, iterable, /)\n--\n\nReturn an iterator whose values are returned from the function evaluated with an argument tuple taken from the given sequence.";
const DOC_TAKEWHILE: &CStr = c"takewhile(predicate, iterable, /)\n--\n\nReturn successive entries from an iterable as long as the predicate evaluates to true for each entry.";
const DOC_TEE: &CStr = c"_tee(iterable, /)\n--\n\nIterator wrapped to make it copyable.";
const DOC_TEE_DATAOBJECT: &CStr = c"teedataobject(iterable, values, next, /)\n--\n\nData container common to multiple tee objects.";
const DOC_ZIP_LONGEST: &CStr = c"zip_longest(iter1 [,iter2 [...]], [fillvalue=None]) --> zip_longest object\n\nReturn a zip_longest object whose .__next__() method returns a tuple where\nthe i-th element comes from the i-th iterable argument.  The .__next__()\nmethod continues until the longest iterable in the argument sequence\nis exhausted and then it raises StopIteration.  When the shorter iterables\nare exhausted, the fillvalue is substituted in their place.  The fillvalue\ndefaults to None or can be specified by a keyword argument.\n";
const DOC_TEE_FN: &CStr =
    c"tee($module, iterable, n=2, /)\n--\n\nReturns a tuple of n independent iterators.";
const DOC_FROM_ITERABLE: &CStr = c"from_iterable($type, iterable, /)\n--\n\nAlternative chain() constructor taking a single iterable argument that evaluates lazily.";

#[cfg(test)]
mod tests {
    use crate::abi::PyObject;

    /// Builds the module the way the import system does for a multi-phase definition:
    /// a module object carrying the definition, its functions and doc, then `Py_mod_exec`.
    unsafe extern "C" fn make_module() -> *mut PyObject {
        use crate::objects::moduleobject as mo;
        let def = super::init_module() as *mut crate::abi::moduleobject::PyModuleDef;
        crate::errors::ptr_result((|| {
            let m = mo::new_str(b"itertools")?;
            (*(m.as_ptr() as *mut crate::abi::pycore_moduleobject::PyModuleObject)).md_def = def;
            mo::add_functions(m.as_ptr(), (*def).m_methods)?;
            mo::set_doc_string(m.as_ptr(), (*def).m_doc)?;
            mo::exec_def(m.as_ptr(), def)?;
            Ok(m)
        })())
    }

    /// Helpers every snippet starts with: `err` records an exception's type and message,
    /// `rt` rebuilds an iterator from its `__reduce__` tuple (as pickle would) and lists it.
    const PRELUDE: &str = "I = itertools\ndef err(f):\n    try:\n        return f()\n    except Exception as e:\n        return (type(e).__name__, str(e))\ndef rt(x, k=None):\n    r = x.__reduce__()\n    y = r[0](*r[1])\n    if len(r) > 2 and r[2] is not None:\n        y.__setstate__(r[2])\n    return list(y) if k is None else list(I.islice(y, k))\n";

    const SNIPPETS: &[&str] = &[
        // module surface
        "result = (sorted(n for n in dir(I)), I.__doc__[:40], I.tee.__doc__, I.chain.from_iterable.__doc__)",
        "result = [(n, sorted(set(dir(getattr(I, n))) - set(dir(object)))) for n in dir(I) if isinstance(getattr(I, n), type) and n[0] != '_' or n in ('_grouper', '_tee', '_tee_dataobject')]",
        "result = ([(n, getattr(getattr(I, n), '__text_signature__', None)) for n in dir(I)], I.chain.from_iterable.__text_signature__, err(lambda: setattr(I.count, 'x', 1)), err(lambda: setattr(I._tee, 'x', 1)))",
        "result = [(n, getattr(I, n).__doc__, getattr(I, n).__module__, getattr(I, n).__qualname__) for n in dir(I) if isinstance(getattr(I, n), type) and n[0] != '_' or n in ('_grouper', '_tee', '_tee_dataobject')]",
        "out = []\nfor n in dir(I):\n    t = getattr(I, n)\n    if isinstance(t, type) and not n.startswith('__'):\n        try:\n            class S(t): pass\n            out.append((n, True))\n        except TypeError as e:\n            out.append((n, str(e)))\nresult = out",
        // count
        "c = I.count()\nresult = (next(c), next(c), repr(c), repr(I.count(5)), repr(I.count(1.5, 2)), repr(I.count(1.5)), repr(I.count(2, 1)), repr(I.count(0, 1.0)), repr(I.count(10, -1)), repr(I.count(2**70)), repr(I.count(step=3)))",
        "c = I.count(10, 3)\nresult = ([next(c) for _ in range(4)], list(I.islice(I.count(1.5, 0.5), 4)), list(I.islice(I.count(2**64, 2**64), 3)), list(I.islice(I.count(1j), 2)))",
        "maxsize = 2**63 - 1\nc = I.count(maxsize - 2)\nr = [next(c) for _ in range(5)]\nresult = (r, repr(c), c.__reduce__(), repr(I.count(maxsize)), err(lambda: I.count(maxsize).__reduce__()), list(I.islice(I.count(maxsize), 2)), repr(I.count(maxsize + 1)))",
        "result = (I.count().__reduce__(), I.count(3).__reduce__(), I.count(3, 2).__reduce__(), I.count(1.5).__reduce__(), I.count(2, 1.0).__reduce__(), rt(I.count(4, 3), 3))",
        "result = [err(f) for f in (lambda: I.count('a'), lambda: I.count(1, 'x'), lambda: I.count(1, 2, 3), lambda: I.count(foo=1), lambda: I.count(start=5, step=2).__reduce__())]",
        "class C(I.count): pass\nresult = (repr(C(3)), repr(C(1.5, 2)), C(2).__reduce__()[1])",
        // repeat
        "r = I.repeat('a', 3)\nresult = (repr(r), r.__length_hint__(), list(r), repr(r), r.__length_hint__(), repr(I.repeat(None)), list(I.repeat(1, -5)), repr(I.repeat(1, -5)), repr(I.repeat(times=2, object='x')))",
        "result = (I.repeat(1).__reduce__(), I.repeat(1, 2).__reduce__(), I.repeat(1, -1).__reduce__(), rt(I.repeat('z', 2)), err(lambda: I.repeat(5).__length_hint__()), list(zip(range(3), I.repeat(7))))",
        "result = [err(f) for f in (lambda: I.repeat(), lambda: I.repeat(1, 2, 3), lambda: I.repeat(1, 'a'), lambda: I.repeat(1, x=2), lambda: I.repeat(1, object=2), lambda: I.repeat(1, 2.5), lambda: I.repeat(1, 2**80))]",
        "class R(I.repeat): pass\nresult = (repr(R([1], 2)), repr(R(1)))",
        // accumulate
        "mul = lambda a, b: a * b\nresult = (list(I.accumulate([1, 2, 3, 4])), list(I.accumulate([1, 2, 3], mul)), list(I.accumulate([1, 2], initial=100)), list(I.accumulate([], initial=5)), list(I.accumulate([])), list(I.accumulate('abc')), list(I.accumulate([3, 1, 4], func=max)))",
        "mul = lambda a, b: a * b\na = I.accumulate([1, 2, 3, 4], initial=10)\nr0 = a.__reduce__()\nnext(a); next(a)\nr1 = a.__reduce__()\nresult = (r0[0].__name__, r0[2], r1[2], rt(I.accumulate([1, 2, 3], initial=10)), rt(a), rt(I.accumulate([1, 2, 3], mul)))",
        "a = I.accumulate([None, 1, 2], lambda x, y: y)\nnext(a)\nr = a.__reduce__()\nresult = (r[0].__name__, r[1][1:], list(r[0](*r[1])))",
        "result = [err(f) for f in (lambda: I.accumulate(), lambda: I.accumulate(5), lambda: list(I.accumulate([1, 'a'])), lambda: I.accumulate([1], None, 3), lambda: I.accumulate([1], bad=1))]",
        // chain
        "c = I.chain('ab', [1, 2], (), range(2))\nresult = (list(c), list(I.chain()), list(I.chain.from_iterable(['xy', 'z'])), type(I.chain.from_iterable([])).__name__, I.chain[int])",
        "c = I.chain('ab', 'cd')\nr0 = c.__reduce__()\nnext(c)\nr1 = c.__reduce__()\nresult = (r0[1], len(r0[2]), len(r1[2]), rt(c), list(c), c.__reduce__(), rt(I.chain('xy', 'z')))",
        "c = I.chain()\nresult = [err(f) for f in (lambda: I.chain(x=1), lambda: list(I.chain(1)), lambda: c.__setstate__(5), lambda: c.__setstate__(()), lambda: c.__setstate__((1,)), lambda: c.__setstate__((iter(''), 2)), lambda: c.__setstate__((1, 2, 3)), lambda: I.chain.from_iterable(3))]",
        "c = I.chain()\nc.__setstate__((iter(['ab', 'c']), iter([1])))\nresult = list(c)",
        "class C(I.chain):\n    def __init__(self, *a, **k): pass\nresult = (list(C('ab', k=1)), type(C.from_iterable(['a'])).__name__)",
        // compress / filterfalse / dropwhile / takewhile / starmap
        "result = (list(I.compress('ABCDEF', [1, 0, 1, 0, 1, 1])), list(I.compress('AB', [1, 1, 1, 1])), list(I.compress(data='abc', selectors=[0, 1])), rt(I.compress('abc', [1, 0, 1])), err(lambda: I.compress('a')), err(lambda: I.compress(1, 2)))",
        "result = (list(I.filterfalse(lambda x: x % 2, range(8))), list(I.filterfalse(None, [0, 1, '', 'a', None])), rt(I.filterfalse(None, [0, 1, 0])), I.filterfalse(None, [])\n.__reduce__()[1][0], err(lambda: I.filterfalse(None)), err(lambda: I.filterfalse(None, [], x=1)))",
        "d = I.dropwhile(lambda x: x < 3, [1, 2, 3, 4, 1])\nr0 = d.__reduce__()[2]\nn = next(d)\nresult = (n, d.__reduce__()[2], list(d), r0, rt(I.dropwhile(lambda x: x < 2, [1, 2, 1])), err(lambda: I.dropwhile(len)))",
        "t = I.takewhile(lambda x: x < 3, [1, 2, 3, 1])\nresult = (list(t), t.__reduce__()[2], list(t), rt(I.takewhile(lambda x: x, [1, 0, 1])))\nt2 = I.takewhile(bool, [1, 1])\nt2.__setstate__(True)\nresult += (list(t2),)\nd2 = I.dropwhile(bool, [1, 0, 1])\nd2.__setstate__(1)\nresult += (list(d2),)",
        "result = (list(I.starmap(pow, [(2, 5), (3, 2)])), list(I.starmap(max, [[1, 2], 'ab'])), rt(I.starmap(divmod, [(7, 2)])), err(lambda: list(I.starmap(pow, [5]))), err(lambda: I.starmap(pow)))",
        // cycle
        "c = I.cycle('abc')\nr = [next(c) for _ in range(7)]\nresult = (r, list(c.__reduce__()[1][0]), c.__reduce__()[2], list(I.islice(I.cycle([]), 3)))",
        "c = I.cycle('ab')\nnext(c)\nr0 = c.__reduce__()\nresult = (r0[2], rt(c, 5))\nnext(c); next(c)\nr1 = c.__reduce__()\nresult += (r1[2], list(I.islice(r1[1][0], 5)), rt(c, 5))",
        "c = I.cycle('xyz')\nfor _ in range(4): next(c)\nresult = (rt(c, 6), err(lambda: c.__setstate__([])), err(lambda: c.__setstate__(([], ))), err(lambda: c.__setstate__(((), 1))), err(lambda: I.cycle()), err(lambda: I.cycle(5)))\nc.__setstate__((['p', 'q'], 0))\nresult += (list(I.islice(c, 5)),)",
        // islice
        "r = range(20)\nresult = (list(I.islice(r, 5)), list(I.islice(r, 2, 8)), list(I.islice(r, 2, 12, 3)), list(I.islice(r, None)), list(I.islice(r, 18, None)), list(I.islice(r, None, 3, None)), list(I.islice('ab', 5, 10)), list(I.islice(r, 3, 3)))",
        "result = [err(f) for f in (lambda: I.islice([1]), lambda: I.islice([], 1, 2, 3, 4), lambda: I.islice([], -1), lambda: I.islice([], 'a'), lambda: I.islice([], 1, -2), lambda: I.islice([], -1, 2), lambda: I.islice([], 0, 1, 0), lambda: I.islice([], 0, 1, 'x'), lambda: I.islice([], stop=1), lambda: I.islice(5, 1), lambda: I.islice([], 2**70))]",
        "s = I.islice(range(10), 1, 9, 2)\nnext(s)\nr = s.__reduce__()\nresult = (r[1][1:], r[2], rt(s), list(s), s.__reduce__()[1][1:], s.__reduce__()[2], rt(I.islice('abcdef', 2)))",
        "it = iter(range(10))\nlist(I.islice(it, 3))\nresult = (next(it), list(I.islice(it, 0)), next(it))",
        // pairwise
        "result = (list(I.pairwise('abcd')), list(I.pairwise('a')), list(I.pairwise([])), err(lambda: I.pairwise()), err(lambda: I.pairwise([], x=1)), err(lambda: I.pairwise(5)), err(lambda: I.pairwise([1]).__reduce__()))",
        // product
        "result = (list(I.product('ab', range(2))), list(I.product('ab', repeat=2)), list(I.product()), list(I.product('ab', [])), list(I.product(repeat=0)), list(I.product('a', repeat=0)), len(list(I.product(range(3), repeat=3))))",
        "p = I.product('ab', 'xy')\nr0 = p.__reduce__()\nnext(p)\nr1 = p.__reduce__()\nresult = (r0, r1, rt(p), list(p), p.__reduce__(), rt(I.product('ab', repeat=2)), I.product([], 'a').__reduce__())",
        "p = I.product('abc', 'xyz')\np.__setstate__((5, -3))\nresult = (list(p), err(lambda: p.__setstate__((1,))), err(lambda: I.product('a', repeat=-1)), err(lambda: I.product('a', rep=1)), err(lambda: I.product(5)), err(lambda: I.product('a', repeat='x')), I.product('ab', 'c').__sizeof__() > 0)",
        // combinations
        "result = (list(I.combinations('abcd', 2)), list(I.combinations(range(4), 3)), list(I.combinations('ab', 0)), list(I.combinations('ab', 3)), list(I.combinations(iterable='abc', r=2)), list(I.combinations([], 0)))",
        "c = I.combinations('abcd', 2)\nr0 = c.__reduce__()\nnext(c); next(c)\nr1 = c.__reduce__()\nresult = (r0, r1, rt(c), list(c), c.__reduce__(), rt(I.combinations('abc', 2)))\nc2 = I.combinations('abcde', 3)\nc2.__setstate__((0, 9, -1))\nresult += (list(c2),)",
        "result = [err(f) for f in (lambda: I.combinations('ab'), lambda: I.combinations('ab', -1), lambda: I.combinations('ab', 'x'), lambda: I.combinations('ab', 1.0), lambda: I.combinations(5, 1), lambda: I.combinations('ab', 1).__setstate__((1, 2)))]",
        "result = (list(I.combinations_with_replacement('abc', 2)), list(I.combinations_with_replacement('ab', 0)), list(I.combinations_with_replacement('', 2)), list(I.combinations_with_replacement('', 0)), list(I.combinations_with_replacement(range(2), 3)))",
        "c = I.combinations_with_replacement('abc', 2)\nr0 = c.__reduce__()\nnext(c); next(c)\nr1 = c.__reduce__()\nresult = (r0, r1, rt(c), list(c), c.__reduce__(), I.combinations_with_replacement('', 1).__reduce__(), err(lambda: I.combinations_with_replacement('a', -2)))\nc2 = I.combinations_with_replacement('abc', 2)\nc2.__setstate__((1, 7))\nresult += (list(c2),)",
        // permutations
        "result = (list(I.permutations('abc')), list(I.permutations('abcd', 2))[:7], list(I.permutations('ab', 3)), list(I.permutations('ab', 0)), list(I.permutations([])), len(list(I.permutations(range(5)))), list(I.permutations('abc', None))[:2])",
        "p = I.permutations('abc', 2)\nr0 = p.__reduce__()\nnext(p); next(p)\nr1 = p.__reduce__()\nresult = (r0, r1, rt(p), list(p), p.__reduce__(), I.permutations('ab', 5).__reduce__())\np2 = I.permutations('abcd', 2)\np2.__setstate__(((3, 2, 1, 0), (9, -1)))\nresult += (list(p2),)",
        "p = I.permutations('ab')\nresult = [err(f) for f in (lambda: I.permutations('ab', 1.0), lambda: I.permutations('ab', -1), lambda: I.permutations(), lambda: p.__setstate__(1), lambda: p.__setstate__(((0, 1),)), lambda: p.__setstate__(([0, 1], (1, 1))), lambda: p.__setstate__(((0,), (1, 1))), lambda: I.permutations('a', r=True).__reduce__())]",
        // groupby
        "result = [(k, list(g)) for k, g in I.groupby('AAAABBBCCDAABBB')] + [(k, list(g)) for k, g in I.groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)] + [list(I.groupby([]))]",
        "g = I.groupby('aabbc')\nk1, g1 = next(g)\nk2, g2 = next(g)\nresult = (k1, list(g1), k2, list(g2), [(k, list(v)) for k, v in g], type(g1).__name__)",
        "g = I.groupby('aaabbc')\nk, grp = next(g)\nnext(grp)\nr = g.__reduce__()\nrg = grp.__reduce__()\nresult = (r[1][1], r[2], rg[0] is type(grp), rg[1][1], next(grp), list(grp))\nnext(g)\nresult += (grp.__reduce__()[0].__name__, grp.__reduce__()[1], list(grp))",
        "g = I.groupby('aabbbc')\nnext(g)\nr = g.__reduce__()\nh = r[0](*r[1])\nh.__setstate__(r[2])\nresult = [(k, list(v)) for k, v in h]\nresult += [(k, list(v)) for k, v in g]",
        "g = I.groupby([1])\nresult = [err(f) for f in (lambda: I.groupby(), lambda: I.groupby(5), lambda: I.groupby([], None, 1), lambda: g.__setstate__(1), lambda: g.__setstate__((1, 2)), lambda: type(next(I.groupby('a'))[1])(5, 1), lambda: type(next(I.groupby('a'))[1])(g, 1, k=2), lambda: list(I.groupby([1, 2], key=lambda x: 1 / 0)))]",
        "g = I.groupby('aab')\nk, grp = next(g)\nG = type(grp)\ng2 = G(g, 'a')\nresult = (list(g2), list(grp))",
        // tee
        "a, b = I.tee(range(5))\nresult = (next(a), next(a), list(b), list(a), len(I.tee('abc', 3)), I.tee('a', 0), type(a).__name__, [list(x) for x in I.tee('xy', 1)])",
        "a, b = I.tee(iter(range(200)))\nx = [next(a) for _ in range(150)]\nc = a.__copy__()\nresult = (x[-1], next(c), next(a), sum(b), list(c)[-1], list(a)[-1])",
        "a, = I.tee('abc', 1)\nnext(a)\nr = a.__reduce__()\nd = r[2][0]\nresult = (r[0].__name__, r[1], r[2][1], d.__reduce__()[1][1:], type(d).__name__, rt(a), list(a))",
        "a, b = I.tee('abcd')\nnext(a)\nx, y = I.tee(a)\nresult = (type(x) is type(a), list(x), list(y), list(b))",
        "class L(list):\n    def __copy__(self): return 'copied'\nclass It:\n    def __iter__(self): return self\n    def __next__(self): raise StopIteration\n    def __copy__(self): return 'c'\nresult = (I.tee(It(), 3)[1:], type(I.tee(L([1]))[0]).__name__)",
        "T = type(I.tee('')[0])\nD = type(T('a').__reduce__()[2][0])\nt = T('abc')\nresult = [err(f) for f in (lambda: I.tee([], -1), lambda: I.tee(), lambda: I.tee(5), lambda: I.tee([], 'x'), lambda: I.tee([], 1, 2), lambda: t.__setstate__(1), lambda: t.__setstate__((1, 2)), lambda: t.__setstate__((t.__reduce__()[2][0], 99)), lambda: T(), lambda: T(1), lambda: D(iter([]), (), None), lambda: D(iter([]), [], 5), lambda: D(iter([]), list(range(60)), None))]",
        "T = type(I.tee('')[0])\nD = type(T('a').__reduce__()[2][0])\nd = D(iter('xyz'), [1, 2], None)\nt = T('')\nt.__setstate__((d, 1))\nresult = (list(t), d.__reduce__()[1][1:])",
        "def gen():\n    yield next(b)\na, b = I.tee(gen())\nresult = err(lambda: next(a))",
        "a, b = I.tee('ab')\nw = _weakref.ref(a)\nresult = (w() is a, hasattr(a, '__dict__'))",
        // zip_longest
        "result = (list(I.zip_longest('abc', [1])), list(I.zip_longest('ab', 'xyz', fillvalue=0)), list(I.zip_longest()), list(I.zip_longest('ab')), list(I.zip_longest([], [])))",
        "z = I.zip_longest('abc', [1], fillvalue='-')\nr0 = z.__reduce__()\nnext(z); next(z)\nr1 = z.__reduce__()\nresult = (r0[2], r1[1][1], r1[2], rt(z), list(z))",
        "result = [err(f) for f in (lambda: I.zip_longest('a', x=1), lambda: I.zip_longest('a', fillvalue=1, x=2), lambda: I.zip_longest(5), lambda: list(I.zip_longest('ab', I.starmap(pow, [5]))))]",
        "z = I.zip_longest('ab', 'c')\nz.__setstate__('!')\nresult = list(z)",
        // GC: cycles through iterators are collected
        "class B:\n    pass\nout = []\nfor make in (lambda b: I.cycle([b]), lambda b: I.chain([b]), lambda b: I.tee([b])[0], lambda b: I.repeat(b), lambda b: I.accumulate([b]), lambda b: I.zip_longest([b]), lambda b: I.groupby([b])):\n    b = B()\n    b.it = make(b)\n    w = _weakref.ref(b)\n    del b\n    gc.collect()\n    out.append(w() is None)\nresult = out",
    ];

    #[test]
    fn itertools_matches_python311() {
        let _runtime = crate::testing::hold_runtime();
        let all: Vec<String> = SNIPPETS.iter().map(|s| format!("{PRELUDE}{s}")).collect();
        let refs: Vec<&str> = all.iter().map(|s| s.as_str()).collect();
        crate::testing::difftest::check(
            &[
                ("itertools", make_module),
                ("gc", crate::modules::gcmodule::init_module),
                ("_weakref", crate::modules::weakrefmodule::init_module),
            ],
            &refs,
        );
    }
}
