//! The copy/pickle protocol of `object` (the reduce part of CPython's Objects/typeobject.c):
//! `object.__reduce__`, `object.__reduce_ex__(protocol)`, `object.__getstate__` and the
//! helpers they share (`copyreg.__newobj__`/`__newobj_ex__` reductions, `__getnewargs(_ex)__`,
//! `__slotnames__`).

use crate::abi::object::PyObject;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::call;
use crate::objects::object::{self, has_feature, new_ref, py_type, type_name_trunc, Ref};
use crate::objects::{dictobject, listobject, tupleobject};
use core::mem::size_of;

/// `import_copyreg`: `sys.modules['copyreg']`, else imported.
unsafe fn import_copyreg() -> PyResult<Ref> {
    let name = crate::objects::unicodeobject::intern_str("copyreg");
    if let Some(m) = crate::lifecycle::import::get_module(name)? {
        return Ok(m);
    }
    crate::lifecycle::import::import(name)
}

/// `_PyType_GetSlotNames`: the class's `__slotnames__` (cached by `copyreg._slotnames`).
unsafe fn slot_names(cls: *mut PyTypeObject) -> PyResult<Ref> {
    if let Some(s) = dictobject::get_item((*cls).tp_dict, crate::_Py_ID!(__slotnames__))? {
        if s != object::none() && !listobject::check(s) {
            return Err(errors::type_error(&format!(
                "{}.__slotnames__ should be a list or None, not {}",
                type_name_trunc(cls, 200),
                type_name_trunc(py_type(s), 200)
            )));
        }
        return Ok(new_ref(s));
    }
    let copyreg = import_copyreg()?;
    let s = call::call_method_str(copyreg.as_ptr(), "_slotnames", &[cls.cast()])?;
    if s.as_ptr() != object::none() && !listobject::check(s.as_ptr()) {
        return Err(errors::type_error("copyreg._slotnames didn't return a list or None"));
    }
    Ok(s)
}

/// `_PyObject_IsInstanceDictEmpty`.
unsafe fn instance_dict_empty(obj: *mut PyObject) -> bool {
    let dp = object::dict_ptr(obj);
    dp.is_null() || (*dp).is_null() || dictobject::len(*dp) == 0
}

/// `object_getstate_default`: the instance dict (None when empty), paired with a dict of the
/// slot values when there are any. `required`: refuse objects whose C state would be lost.
unsafe fn getstate_default(obj: *mut PyObject, required: bool) -> PyResult<Ref> {
    let tp = py_type(obj);
    if required && (*tp).tp_itemsize != 0 {
        return Err(errors::type_error(&format!("cannot pickle {} objects", type_name_trunc(tp, 200))));
    }
    let mut state = if instance_dict_empty(obj) {
        object::new_none()
    } else {
        object::generic_get_dict(obj)?
    };
    let slotnames = slot_names(tp)?;
    let nslots = if slotnames.as_ptr() == object::none() { 0 } else { listobject::len(slotnames.as_ptr()) as usize };
    if required {
        let mut basicsize = crate::objects::typeobject::PyBaseObject_Type.tp_basicsize as usize;
        if (*tp).tp_dictoffset != 0 && !has_feature(tp, Py_TPFLAGS_MANAGED_DICT) {
            basicsize += size_of::<*mut PyObject>();
        }
        if (*tp).tp_weaklistoffset != 0 {
            basicsize += size_of::<*mut PyObject>();
        }
        basicsize += size_of::<*mut PyObject>() * nslots;
        if (*tp).tp_basicsize as usize > basicsize {
            return Err(errors::type_error(&format!("cannot pickle '{}' object", type_name_trunc(tp, 200))));
        }
    }
    if nslots > 0 {
        let slots = dictobject::new()?;
        let mut i = 0;
        while i < listobject::len(slotnames.as_ptr()) as usize {
            let name = new_ref(*listobject::items(slotnames.as_ptr()).add(i));
            if let Some(value) = object::lookup_attr(obj, name.as_ptr())? {
                dictobject::set_item(slots.as_ptr(), name.as_ptr(), value.as_ptr())?;
            }
            // The list lives on the class and may change while we iterate.
            if listobject::len(slotnames.as_ptr()) as usize != nslots {
                return Err(errors::runtime_error("__slotsname__ changed size during iteration"));
            }
            i += 1;
        }
        if dictobject::len(slots.as_ptr()) > 0 {
            state = tupleobject::pack(&[state.as_ptr(), slots.as_ptr()])?;
        }
    }
    Ok(state)
}

/// `object.__getstate__()`.
pub unsafe extern "C" fn object_getstate(obj: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(getstate_default(obj, false))
}

/// `object_getstate`: `obj.__getstate__()`, the default computed directly when it is
/// object's own (so `required` applies).
unsafe fn getstate(obj: *mut PyObject, required: bool) -> PyResult<Ref> {
    let getstate = object::get_attr(obj, crate::_Py_ID!(__getstate__))?;
    let g = getstate.as_ptr();
    if py_type(g) == &raw mut crate::objects::methodobject::PyCFunction_Type {
        let f = g as *mut crate::abi::methodobject::PyCFunctionObject;
        let meth = (*(*f).m_ml).ml_meth.map(|m| m as usize);
        if (*f).m_self == obj && meth == Some(object_getstate as *const () as usize) {
            return getstate_default(obj, required);
        }
    }
    call::call_no_args(g)
}

/// `_PyObject_GetState`.
pub unsafe fn get_state(obj: *mut PyObject) -> PyResult<Ref> {
    getstate(obj, false)
}

/// `_PyObject_GetNewArguments`: (args, kwargs) from `__getnewargs_ex__` or `__getnewargs__`.
unsafe fn new_arguments(obj: *mut PyObject) -> PyResult<(Option<Ref>, Option<Ref>)> {
    if let Some(f) = object::lookup_special(obj, crate::_Py_ID!(__getnewargs_ex__))? {
        let newargs = call::call_no_args(f.as_ptr())?;
        let na = newargs.as_ptr();
        if !tupleobject::check(na) {
            return Err(errors::type_error(&format!(
                "__getnewargs_ex__ should return a tuple, not '{}'",
                type_name_trunc(py_type(na), 200)
            )));
        }
        if tupleobject::len(na) != 2 {
            return Err(errors::value_error(&format!(
                "__getnewargs_ex__ should return a tuple of length 2, not {}",
                tupleobject::len(na)
            )));
        }
        let args = new_ref(*tupleobject::items(na));
        let kwargs = new_ref(*tupleobject::items(na).add(1));
        if !tupleobject::check(args.as_ptr()) {
            return Err(errors::type_error(&format!(
                "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{}'",
                type_name_trunc(py_type(args.as_ptr()), 200)
            )));
        }
        if !dictobject::check(kwargs.as_ptr()) {
            return Err(errors::type_error(&format!(
                "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{}'",
                type_name_trunc(py_type(kwargs.as_ptr()), 200)
            )));
        }
        return Ok((Some(args), Some(kwargs)));
    }
    if let Some(f) = object::lookup_special(obj, crate::_Py_ID!(__getnewargs__))? {
        let args = call::call_no_args(f.as_ptr())?;
        if !tupleobject::check(args.as_ptr()) {
            return Err(errors::type_error(&format!(
                "__getnewargs__ should return a tuple, not '{}'",
                type_name_trunc(py_type(args.as_ptr()), 200)
            )));
        }
        return Ok((Some(args), None));
    }
    Ok((None, None))
}

/// `_PyObject_GetItemsIter`: iterators over a list's items / a dict's items, else None.
unsafe fn items_iters(obj: *mut PyObject) -> PyResult<(Ref, Ref)> {
    let listitems = if listobject::check(obj) {
        crate::objects::r#abstract::iter::get_iter(obj)?
    } else {
        object::new_none()
    };
    let dictitems = if dictobject::check(obj) {
        let items = call::call_method_str(obj, "items", &[])?;
        crate::objects::r#abstract::iter::get_iter(items.as_ptr())?
    } else {
        object::new_none()
    };
    Ok((listitems, dictitems))
}

/// `reduce_newobj`: the protocol-2+ reduction `(copyreg.__newobj__, (cls, *args), state,
/// listitems, dictitems)` (or `__newobj_ex__` with keyword arguments).
unsafe fn reduce_newobj(obj: *mut PyObject) -> PyResult<Ref> {
    let tp = py_type(obj);
    if (*tp).tp_new.is_none() {
        return Err(errors::type_error(&format!("cannot pickle '{}' object", type_name_trunc(tp, 200))));
    }
    let (args, kwargs) = new_arguments(obj)?;
    let copyreg = import_copyreg()?;
    let hasargs = args.is_some();
    let (newobj, newargs) = match (&args, &kwargs) {
        (_, None) => {
            let newobj = object::get_attr(copyreg.as_ptr(), crate::_Py_ID!(__newobj__))?;
            let mut items: Vec<*mut PyObject> = vec![tp.cast()];
            if let Some(a) = &args {
                let n = tupleobject::len(a.as_ptr()) as usize;
                items.extend((0..n).map(|i| *tupleobject::items(a.as_ptr()).add(i)));
            }
            (newobj, tupleobject::from_slice(&items)?)
        }
        (_, Some(k)) if dictobject::len(k.as_ptr()) == 0 => {
            let newobj = object::get_attr(copyreg.as_ptr(), crate::_Py_ID!(__newobj__))?;
            let mut items: Vec<*mut PyObject> = vec![tp.cast()];
            if let Some(a) = &args {
                let n = tupleobject::len(a.as_ptr()) as usize;
                items.extend((0..n).map(|i| *tupleobject::items(a.as_ptr()).add(i)));
            }
            (newobj, tupleobject::from_slice(&items)?)
        }
        (Some(a), Some(k)) => {
            let newobj = object::get_attr(copyreg.as_ptr(), crate::_Py_ID!(__newobj_ex__))?;
            (newobj, tupleobject::pack(&[tp.cast(), a.as_ptr(), k.as_ptr()])?)
        }
        (None, Some(_)) => return Err(errors::bad_internal_call()),
    };
    let required = !(hasargs || listobject::check(obj) || dictobject::check(obj));
    let state = getstate(obj, required)?;
    let (listitems, dictitems) = items_iters(obj)?;
    tupleobject::pack(&[newobj.as_ptr(), newargs.as_ptr(), state.as_ptr(), listitems.as_ptr(), dictitems.as_ptr()])
}

/// `_common_reduce`: protocol 2+ by `reduce_newobj`, older ones by `copyreg._reduce_ex`.
unsafe fn common_reduce(obj: *mut PyObject, proto: i64) -> PyResult<Ref> {
    if proto >= 2 {
        return reduce_newobj(obj);
    }
    let copyreg = import_copyreg()?;
    let p = crate::objects::longobject::from_i64(proto)?;
    call::call_method_str(copyreg.as_ptr(), "_reduce_ex", &[obj, p.as_ptr()])
}

/// `object.__reduce__()`.
pub unsafe extern "C" fn object_reduce(obj: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(common_reduce(obj, 0))
}

/// `object.__reduce_ex__(protocol)`: a class's own `__reduce__` wins over the default.
pub unsafe extern "C" fn object_reduce_ex(obj: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let protocol = crate::objects::longobject::as_c_int(arg)?;
        if let Some(reduce) = object::lookup_attr(obj, crate::_Py_ID!(__reduce__))? {
            let objreduce = dictobject::get_item(
                crate::objects::typeobject::PyBaseObject_Type.tp_dict,
                crate::_Py_ID!(__reduce__),
            )?
            .unwrap_or(core::ptr::null_mut());
            let clsreduce = object::get_attr(py_type(obj).cast(), crate::_Py_ID!(__reduce__))?;
            if clsreduce.as_ptr() != objreduce {
                return call::call_no_args(reduce.as_ptr());
            }
        }
        common_reduce(obj, protocol as i64)
    })())
}
