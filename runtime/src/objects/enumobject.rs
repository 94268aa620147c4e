//! `enumerate` and `reversed` (CPython 3.11's Objects/enumobject.c): the counting iterator
//! (with a big-int counter once the index passes Py_ssize_t, and the reused result tuple)
//! and the reverse sequence iterator (`__reversed__` first, then `len()` and indexing).

use crate::abi::*;
use crate::abi::methodobject::*;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::{call_positional, check_positional, ident, method, no_keywords, occurred_matches, METHOD_END};
use crate::objects::exceptions::{PyExc_IndexError, PyExc_StopIteration};
use crate::objects::object::{self as obj, decref, incref, py_type, replace_slot, xdecref, Ref};
use super::typeobject::static_type;
use core::ffi::c_int;
use core::ptr::null_mut;

/// An instance of a GC type: exact built-in types allocate directly, subclasses through
/// their `tp_alloc` (which tracks).
unsafe fn alloc_instance(tp: *mut PyTypeObject, exact: *mut PyTypeObject, size: usize) -> PyResult<Ref> {
    if tp == exact {
        let op = crate::mem::gc::alloc(tp, size)?;
        obj::init_object(op, tp);
        core::ptr::write_bytes(op.cast::<u8>().add(core::mem::size_of::<PyObject>()), 0, size - core::mem::size_of::<PyObject>());
        crate::mem::gc::track(op);
        return Ok(Ref::from_raw(op));
    }
    let Some(alloc) = (*tp).tp_alloc else { return Err(errors::bad_internal_call()) };
    Ref::from_result(alloc(tp, 0))
}

// ---------------------------------------------------------------------------------------------
// enumerate

/// `enumobject`, 56 bytes.
#[repr(C)]
struct Enum {
    ob_base: PyObject,
    en_index: Py_ssize_t,
    en_sit: *mut PyObject,
    en_result: *mut PyObject,
    en_longindex: *mut PyObject,
    one: *mut PyObject,
}

const _: () = assert!(core::mem::size_of::<Enum>() == 56);

/// `enumerate(iterable, start=0)` of type `tp`.
unsafe fn enum_make(tp: *mut PyTypeObject, iterable: *mut PyObject, start: *mut PyObject) -> PyResult<Ref> {
    let op = alloc_instance(tp, &raw mut PyEnum_Type, core::mem::size_of::<Enum>())?;
    let en = op.as_ptr() as *mut Enum;
    if !start.is_null() {
        let start = super::longobject::index(start)?;
        match super::longobject::as_isize(start.as_ptr()) {
            Ok(i) if i != isize::MAX => (*en).en_index = i,
            _ => {
                errors::clear();
                (*en).en_index = isize::MAX;
                (*en).en_longindex = start.into_raw();
            }
        }
    }
    (*en).en_sit = super::r#abstract::iter::get_iter(iterable)?.into_raw();
    (*en).en_result = super::tupleobject::pack(&[obj::none(), obj::none()])?.into_raw();
    (*en).one = super::longobject::from_i64(1)?.into_raw();
    Ok(op)
}

unsafe extern "C" fn enum_new(tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = super::tupleobject::len(args);
        let items = super::tupleobject::items(args);
        let mut iterable = if n > 0 { *items } else { null_mut() };
        let mut start = if n > 1 { *items.add(1) } else { null_mut() };
        let nkw = if kwargs.is_null() { 0 } else { super::dictobject::len(kwargs) };
        if n + nkw > 2 {
            return Err(errors::type_error(&format!("enumerate() takes at most 2 arguments ({} given)", n + nkw)));
        }
        let mut pos = 0;
        while !kwargs.is_null() {
            let Some((k, v)) = super::dictobject::next(kwargs, &mut pos) else { break };
            let name = if obj::is_str(k) { obj::str_text(k) } else { String::new() };
            match name.as_str() {
                "iterable" if iterable.is_null() => iterable = v,
                "start" if start.is_null() => start = v,
                "iterable" | "start" => {
                    return Err(errors::type_error(&format!(
                        "argument for enumerate() given by name ('{name}') and position ({})",
                        if name == "iterable" { 1 } else { 2 }
                    )))
                }
                _ => return Err(errors::type_error(&format!("'{name}' is an invalid keyword argument for enumerate()"))),
            }
        }
        if iterable.is_null() {
            return Err(errors::type_error("enumerate() missing required argument 'iterable' (pos 1)"));
        }
        enum_make(tp, iterable, start)
    })())
}

/// The keyword at `kwnames[index]` must be `name`.
unsafe fn check_keyword(kwnames: *mut PyObject, index: isize, name: &str) -> PyResult<()> {
    let kw = *super::tupleobject::items(kwnames).offset(index);
    if obj::is_str(kw) && obj::str_text(kw) == name {
        return Ok(());
    }
    let r = obj::str(kw)?;
    Err(errors::type_error(&format!("'{}' is an invalid keyword argument for enumerate()", obj::str_text(r.as_ptr()))))
}

/// `enumerate_vectorcall`: `enumerate(iterable, start=...)` parsed by hand, as CPython does.
unsafe extern "C" fn enum_vectorcall(tp: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject {
    let nargs = (nargsf & !(1usize << (usize::BITS - 1))) as Py_ssize_t;
    let tp: *mut PyTypeObject = tp.cast();
    errors::ptr_result((|| {
        let nkw = if kwnames.is_null() { 0 } else { super::tupleobject::len(kwnames) };
        if nargs + nkw == 2 {
            if nkw == 1 {
                check_keyword(kwnames, 0, "start")?;
            } else if nkw == 2 {
                let kw0 = *super::tupleobject::items(kwnames);
                if obj::is_str(kw0) && obj::str_text(kw0) == "start" {
                    check_keyword(kwnames, 1, "iterable")?;
                    return enum_make(tp, *args.add(1), *args);
                }
                check_keyword(kwnames, 0, "iterable")?;
                check_keyword(kwnames, 1, "start")?;
            }
            return enum_make(tp, *args, *args.add(1));
        }
        if nargs + nkw == 1 {
            if nkw == 1 {
                check_keyword(kwnames, 0, "iterable")?;
            }
            return enum_make(tp, *args, null_mut());
        }
        if nargs == 0 {
            return Err(errors::type_error("enumerate() missing required argument 'iterable'"));
        }
        Err(errors::type_error(&format!("enumerate() takes at most 2 arguments ({} given)", nargs + nkw)))
    })())
}

unsafe extern "C" fn enum_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let en = op as *mut Enum;
    xdecref((*en).en_sit);
    xdecref((*en).en_result);
    xdecref((*en).en_longindex);
    xdecref((*en).one);
    match (*py_type(op)).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe extern "C" fn enum_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let en = op as *mut Enum;
    for o in [(*en).en_sit, (*en).en_result, (*en).en_longindex] {
        if !o.is_null() {
            let r = visit(o, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// The (index, item) result, reusing the cached tuple when nobody else holds it.
unsafe fn enum_result(en: *mut Enum, index: Ref, item: Ref) -> PyResult<Ref> {
    let result = (*en).en_result;
    if (*result).ob_refcnt == 1 {
        incref(result);
        let items = super::tupleobject::items(result);
        let (old_index, old_item) = (*items, *items.add(1));
        *items = index.into_raw();
        *items.add(1) = item.into_raw();
        decref(old_index);
        decref(old_item);
        if !crate::mem::gc::is_tracked(result) {
            crate::mem::gc::track(result);
        }
        return Ok(Ref::from_raw(result));
    }
    super::tupleobject::pack(&[index.as_ptr(), item.as_ptr()])
}

unsafe extern "C" fn enum_next(op: *mut PyObject) -> *mut PyObject {
    let en = op as *mut Enum;
    let Some(next) = (*py_type((*en).en_sit)).tp_iternext else { return null_mut() };
    let item = next((*en).en_sit);
    if item.is_null() {
        return null_mut();
    }
    let item = Ref::from_raw(item);
    errors::ptr_result((|| {
        let index = if (*en).en_index == isize::MAX {
            if (*en).en_longindex.is_null() {
                (*en).en_longindex = super::longobject::from_isize(isize::MAX)?.into_raw();
            }
            let current = Ref::from_borrowed((*en).en_longindex);
            let next_index = super::r#abstract::number::add(current.as_ptr(), (*en).one)?;
            replace_slot(&raw mut (*en).en_longindex, next_index.into_raw());
            current
        } else {
            let i = super::longobject::from_isize((*en).en_index)?;
            (*en).en_index += 1;
            i
        };
        enum_result(en, index, item)
    })())
}

// ---------------------------------------------------------------------------------------------
// reversed

/// `reversedobject`, 32 bytes.
#[repr(C)]
struct Reversed {
    ob_base: PyObject,
    index: Py_ssize_t,
    seq: *mut PyObject,
}

/// `reversed(seq)` of type `tp`.
unsafe fn reversed_make(tp: *mut PyTypeObject, seq: *mut PyObject) -> PyResult<Ref> {
    let name = ident("__reversed__")?;
    match obj::lookup_special(seq, name.as_ptr())? {
        Some(m) if m.as_ptr() == obj::none() => {}
        Some(m) => return call_positional(m.as_ptr(), &[]),
        None => {
            if super::r#abstract::sequence::check(seq) {
                let n = super::r#abstract::sequence::size(seq)?;
                let op = alloc_instance(tp, &raw mut PyReversed_Type, core::mem::size_of::<Reversed>())?;
                let ro = op.as_ptr() as *mut Reversed;
                (*ro).index = n - 1;
                incref(seq);
                (*ro).seq = seq;
                return Ok(op);
            }
        }
    }
    Err(errors::type_error(&format!("'{}' object is not reversible", obj::type_name_trunc(py_type(seq), 200))))
}

unsafe extern "C" fn reversed_new(tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if tp == &raw mut PyReversed_Type {
            no_keywords("reversed", kwargs)?;
        }
        let n = super::tupleobject::len(args);
        check_positional("reversed", n, 1, 1)?;
        reversed_make(tp, *super::tupleobject::items(args))
    })())
}

unsafe extern "C" fn reversed_vectorcall(tp: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject {
    let nargs = (nargsf & !(1usize << (usize::BITS - 1))) as Py_ssize_t;
    errors::ptr_result((|| {
        if !kwnames.is_null() && super::tupleobject::len(kwnames) != 0 {
            return Err(errors::type_error("reversed() takes no keyword arguments"));
        }
        check_positional("reversed", nargs, 1, 1)?;
        reversed_make(tp.cast(), *args)
    })())
}

unsafe extern "C" fn reversed_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*(op as *mut Reversed)).seq);
    match (*py_type(op)).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe extern "C" fn reversed_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let seq = (*(op as *mut Reversed)).seq;
    match visit {
        Some(visit) if !seq.is_null() => visit(seq, arg),
        _ => 0,
    }
}

unsafe extern "C" fn reversed_next(op: *mut PyObject) -> *mut PyObject {
    let ro = op as *mut Reversed;
    if (*ro).index >= 0 && !(*ro).seq.is_null() {
        match super::r#abstract::sequence::get_item((*ro).seq, (*ro).index) {
            Ok(item) => {
                (*ro).index -= 1;
                return item.into_raw();
            }
            Err(_) => {
                if occurred_matches(PyExc_IndexError) || occurred_matches(PyExc_StopIteration) {
                    errors::clear();
                } else {
                    return null_mut();
                }
            }
        }
    }
    (*ro).index = -1;
    replace_slot(&raw mut (*ro).seq, null_mut());
    null_mut()
}

unsafe extern "C" fn reversed_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let ro = op as *mut Reversed;
    errors::ptr_result((|| {
        if (*ro).seq.is_null() {
            return super::longobject::from_isize(0);
        }
        let size = super::r#abstract::sequence::size((*ro).seq)?;
        let position = (*ro).index + 1;
        super::longobject::from_isize(if size < position { 0 } else { position })
    })())
}

unsafe extern "C" fn reversed_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let ro = op as *mut Reversed;
    errors::ptr_result((|| {
        let mut index = super::longobject::as_isize(state)?;
        if !(*ro).seq.is_null() {
            let n = super::r#abstract::sequence::size((*ro).seq)?;
            if index < -1 {
                index = -1;
            } else if index > n - 1 {
                index = n - 1;
            }
            (*ro).index = index;
        }
        Ok(obj::new_none())
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

/// `(type, (iterator, index))`, the index an int object once past the C range.
unsafe extern "C" fn enum_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let en = op as *mut Enum;
    errors::ptr_result((|| {
        use super::tupleobject::pack;
        let index = if (*en).en_longindex.is_null() {
            super::longobject::from_isize((*en).en_index)?
        } else {
            obj::new_ref((*en).en_longindex)
        };
        let args = pack(&[(*en).en_sit, index.as_ptr()])?;
        pack(&[obj::py_type(op).cast(), args.as_ptr()])
    })())
}

static mut ENUM_METHODS: [PyMethodDef; 2] = [
    method!(c"__reduce__", enum_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    METHOD_END,
];

unsafe extern "C" fn reversed_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let ro = op as *mut Reversed;
    errors::ptr_result((|| {
        let tp = obj::new_ref(obj::py_type(op).cast());
        super::iterobject::reduce_position(&tp, (*ro).seq, (*ro).index, &tp, || super::tupleobject::pack(&[]))
    })())
}

static mut REVERSED_METHODS: [PyMethodDef; 4] = [
    method!(c"__length_hint__", reversed_len as BinFn, METH_NOARGS, c"Private method returning an estimate of len(list(it))."),
    method!(c"__reduce__", reversed_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    method!(c"__setstate__", reversed_setstate as BinFn, METH_O, c"Set state information for unpickling."),
    METHOD_END,
];

#[no_mangle]
pub static mut PyEnum_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(enum_dealloc),
    tp_traverse: Some(enum_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(enum_next),
    tp_methods: (&raw mut ENUM_METHODS).cast(),
    tp_new: Some(enum_new),
    tp_vectorcall: Some(enum_vectorcall),
    tp_doc: c"Return an enumerate object.\n\n  iterable\n    an object supporting iteration\n\nThe enumerate object yields pairs containing a count (from start, which\ndefaults to zero) and a value yielded by the iterable argument.\n\nenumerate is useful for obtaining an indexed list:\n    (0, seq[0]), (1, seq[1]), (2, seq[2]), ...".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"enumerate", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyReversed_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(reversed_dealloc),
    tp_traverse: Some(reversed_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(reversed_next),
    tp_methods: (&raw mut REVERSED_METHODS).cast(),
    tp_new: Some(reversed_new),
    tp_vectorcall: Some(reversed_vectorcall),
    tp_doc: c"Return a reverse iterator over the values of the given sequence.".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"reversed", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
