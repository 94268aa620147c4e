//! The iterator protocol of Objects/abstract.c: `PyObject_GetIter`, `PyIter_Check`,
//! `PyAIter_Check`, `PyObject_GetAIter`, `PyIter_Next`, `PyIter_Send`.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::PyExc_StopIteration;
use crate::objects::object::{self as obj, py_type, Ref};

/// `PyIter_Check`: the type has a `tp_iternext`.
///
/// # Safety
/// `op` points to a live object.
#[inline]
pub unsafe fn check(op: *mut PyObject) -> bool {
    (*py_type(op)).tp_iternext.is_some()
}

/// `PyAIter_Check`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn check_async(op: *mut PyObject) -> bool {
    let am = (*py_type(op)).tp_as_async;
    !am.is_null() && (*am).am_anext.is_some()
}

/// `PyObject_GetIter`: `iter(o)`; a sequence without `__iter__` gets a sequence iterator.
///
/// # Safety
/// `o` points to a live object; a thread state is current.
pub unsafe fn get_iter(o: *mut PyObject) -> PyResult<Ref> {
    let tp = py_type(o);
    let Some(f) = (*tp).tp_iter else {
        if super::sequence::check(o) {
            return crate::objects::iterobject::new_seq_iter(o);
        }
        return Err(errors::type_error(&format!("'{}' object is not iterable", obj::type_name_trunc(tp, 200))));
    };
    let res = Ref::from_result(f(o))?;
    if !check(res.as_ptr()) {
        return Err(errors::type_error(&format!(
            "iter() returned non-iterator of type '{}'",
            obj::type_name_trunc(res.ob_type(), 100)
        )));
    }
    Ok(res)
}

/// `PyObject_GetAIter`: `aiter(o)`.
///
/// # Safety
/// `o` points to a live object; a thread state is current.
pub unsafe fn get_aiter(o: *mut PyObject) -> PyResult<Ref> {
    let tp = py_type(o);
    let am = (*tp).tp_as_async;
    let f = if am.is_null() { None } else { (*am).am_aiter };
    let Some(f) = f else {
        return Err(errors::type_error(&format!("'{}' object is not an async iterable", obj::type_name_trunc(tp, 200))));
    };
    let it = Ref::from_result(f(o))?;
    if !check_async(it.as_ptr()) {
        return Err(errors::type_error(&format!(
            "aiter() returned not an async iterator of type '{}'",
            obj::type_name_trunc(it.ob_type(), 100)
        )));
    }
    Ok(it)
}

/// True if the pending exception is StopIteration (or a subclass).
unsafe fn stop_iteration_pending() -> bool {
    crate::objects::dictobject::occurred_matches(PyExc_StopIteration)
}

/// The raw `tp_iternext` result: `Ok(None)` at the end (StopIteration cleared, as
/// `PyIter_Next`), `Err` for any other exception.
///
/// # Safety
/// `it` is a live iterator; a thread state is current.
#[inline]
pub unsafe fn next(it: *mut PyObject) -> PyResult<Option<Ref>> {
    let Some(f) = (*py_type(it)).tp_iternext else {
        return Err(errors::type_error(&format!("'{}' object is not an iterator", obj::type_name_trunc(py_type(it), 200))));
    };
    let r = f(it);
    if !r.is_null() {
        return Ok(Some(Ref::from_raw(r)));
    }
    if errors::occurred().is_null() {
        return Ok(None);
    }
    if stop_iteration_pending() {
        errors::clear();
        return Ok(None);
    }
    Err(errors::ErrSet::assume_set())
}

/// `PySendResult` values.
pub const PYGEN_RETURN: core::ffi::c_int = 0;
pub const PYGEN_ERROR: core::ffi::c_int = -1;
pub const PYGEN_NEXT: core::ffi::c_int = 1;

/// `_PyGen_FetchStopIterationValue`: takes a pending StopIteration's value (None when no
/// exception is pending); any other exception stays set.
unsafe fn fetch_stop_iteration_value() -> PyResult<Ref> {
    if errors::occurred().is_null() {
        return Ok(obj::new_none());
    }
    if !stop_iteration_pending() {
        return Err(errors::ErrSet::assume_set());
    }
    let (ty, value, tb) = errors::fetch();
    let _ty = Ref::from_result(ty).ok();
    let _tb = if tb.is_null() { None } else { Some(Ref::from_raw(tb)) };
    if value.is_null() {
        return Ok(obj::new_none());
    }
    let value = Ref::from_raw(value);
    if errors::is_exception_instance(value.as_ptr()) {
        return obj::get_attr_str(value.as_ptr(), "value");
    }
    // An unnormalized value: a tuple of arguments or the single argument itself.
    if obj::has_feature(value.ob_type(), Py_TPFLAGS_TUPLE_SUBCLASS) {
        let n = (*(value.as_ptr() as *mut PyVarObject)).ob_size;
        if n == 0 {
            return Ok(obj::new_none());
        }
        return Ok(Ref::from_borrowed(*crate::objects::tupleobject::items(value.as_ptr())));
    }
    Ok(value)
}

/// `PyIter_Send(iter, arg, &result)`: `PYGEN_NEXT` with a yielded value, `PYGEN_RETURN`
/// with the return value, or `PYGEN_ERROR` (result NULL).
///
/// # Safety
/// `it` and `arg` are live objects; `result` is writable.
pub unsafe fn send(it: *mut PyObject, arg: *mut PyObject, result: *mut *mut PyObject) -> core::ffi::c_int {
    let am = (*py_type(it)).tp_as_async;
    if !am.is_null() {
        if let Some(f) = (*am).am_send {
            return f(it, arg, result);
        }
    }
    let r = if arg == obj::none() && check(it) {
        ((*py_type(it)).tp_iternext.unwrap_unchecked())(it)
    } else {
        match obj::get_attr_str(it, "send")
            .and_then(|m| crate::objects::dictobject::call_positional(m.as_ptr(), &[arg]))
        {
            Ok(r) => r.into_raw(),
            Err(_) => core::ptr::null_mut(),
        }
    };
    *result = r;
    if !r.is_null() {
        return PYGEN_NEXT;
    }
    match fetch_stop_iteration_value() {
        Ok(v) => {
            *result = v.into_raw();
            PYGEN_RETURN
        }
        Err(_) => PYGEN_ERROR,
    }
}
