//! The mapping protocol of Objects/abstract.c and the generic item access it shares with
//! sequences: `PyObject_GetItem/SetItem/DelItem(String)`, `PyObject_Size/Length`,
//! `PyObject_LengthHint`, `PyMapping_*`.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::{PyExc_IndexError, PyExc_TypeError};
use crate::objects::object::{self as obj, py_type, Ref};
use core::ptr::null_mut;

/// `null_error()`: SystemError "null argument to internal routine" unless an exception is
/// already set.
pub fn null_error() -> errors::ErrSet {
    if errors::occurred().is_null() {
        return errors::system_error("null argument to internal routine");
    }
    errors::ErrSet::assume_set()
}

/// `type_error(fmt, o)`: a TypeError naming `o`'s type (cut to 200 bytes).
pub(crate) unsafe fn type_error_for(fmt_before: &str, o: *mut PyObject, fmt_after: &str) -> errors::ErrSet {
    errors::type_error(&format!("{fmt_before}{}{fmt_after}", obj::type_name_trunc(py_type(o), 200)))
}

/// `_PyIndex_Check`: the type has `__index__`.
///
/// # Safety
/// `o` points to a live object.
#[inline]
pub unsafe fn index_check(o: *mut PyObject) -> bool {
    let nb = (*py_type(o)).tp_as_number;
    !nb.is_null() && (*nb).nb_index.is_some()
}

/// `PyMapping_Check`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn check(o: *mut PyObject) -> bool {
    if o.is_null() {
        return false;
    }
    let m = (*py_type(o)).tp_as_mapping;
    !m.is_null() && (*m).mp_subscript.is_some()
}

/// `PyObject_Size`: `len(o)`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn size(o: *mut PyObject) -> PyResult<Py_ssize_t> {
    if o.is_null() {
        return Err(null_error());
    }
    let sq = (*py_type(o)).tp_as_sequence;
    if !sq.is_null() {
        if let Some(f) = (*sq).sq_length {
            let n = f(o);
            return if n < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(n) };
        }
    }
    mapping_size(o)
}

/// `PyMapping_Size`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn mapping_size(o: *mut PyObject) -> PyResult<Py_ssize_t> {
    if o.is_null() {
        return Err(null_error());
    }
    let tp = py_type(o);
    let m = (*tp).tp_as_mapping;
    if !m.is_null() {
        if let Some(f) = (*m).mp_length {
            let n = f(o);
            return if n < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(n) };
        }
    }
    let sq = (*tp).tp_as_sequence;
    if !sq.is_null() && (*sq).sq_length.is_some() {
        return Err(type_error_for("", o, " is not a mapping"));
    }
    Err(type_error_for("object of type '", o, "' has no len()"))
}

/// `_PyObject_HasLen`.
///
/// # Safety
/// `o` points to a live object.
pub unsafe fn has_len(o: *mut PyObject) -> bool {
    let tp = py_type(o);
    let (sq, m) = ((*tp).tp_as_sequence, (*tp).tp_as_mapping);
    (!sq.is_null() && (*sq).sq_length.is_some()) || (!m.is_null() && (*m).mp_length.is_some())
}

/// `PyObject_LengthHint(o, default)`: `len(o)`, else `o.__length_hint__()`, else `default`.
///
/// # Safety
/// `o` points to a live object.
pub unsafe fn length_hint(o: *mut PyObject, default: Py_ssize_t) -> PyResult<Py_ssize_t> {
    if has_len(o) {
        match size(o) {
            Ok(n) => return Ok(n),
            Err(e) => {
                if !crate::objects::dictobject::occurred_matches(PyExc_TypeError) {
                    return Err(e);
                }
                errors::clear();
            }
        }
    }
    let name = crate::objects::dictobject::ident("__length_hint__")?;
    let Some(hint) = obj::lookup_special(o, name.as_ptr())? else { return Ok(default) };
    let result = match crate::objects::dictobject::call_positional(hint.as_ptr(), &[]) {
        Ok(r) => r,
        Err(e) => {
            if crate::objects::dictobject::occurred_matches(PyExc_TypeError) {
                errors::clear();
                return Ok(default);
            }
            return Err(e);
        }
    };
    if result.as_ptr() == obj::not_implemented() {
        return Ok(default);
    }
    if !obj::has_feature(result.ob_type(), Py_TPFLAGS_LONG_SUBCLASS) {
        return Err(errors::type_error(&format!(
            "__length_hint__ must be an integer, not {}",
            obj::type_name_trunc(result.ob_type(), 100)
        )));
    }
    let n = crate::objects::longobject::as_isize(result.as_ptr())?;
    if n < 0 {
        return Err(errors::value_error("__length_hint__() should return >= 0"));
    }
    Ok(n)
}

/// `PyObject_GetItem`: `o[key]`.
///
/// # Safety
/// `o` and `key` are NULL or live objects.
pub unsafe fn get_item(o: *mut PyObject, key: *mut PyObject) -> PyResult<Ref> {
    if o.is_null() || key.is_null() {
        return Err(null_error());
    }
    let tp = py_type(o);
    let m = (*tp).tp_as_mapping;
    if !m.is_null() {
        if let Some(f) = (*m).mp_subscript {
            return Ref::from_result(f(o, key));
        }
    }
    let sq = (*tp).tp_as_sequence;
    if !sq.is_null() && (*sq).sq_item.is_some() {
        if index_check(key) {
            let i = crate::objects::longobject::as_ssize_index(key, PyExc_IndexError)?;
            return super::sequence::get_item(o, i);
        }
        return Err(type_error_for("sequence index must be integer, not '", key, "'"));
    }
    if obj::is_type_object(o) {
        // `type[int]` is special-cased (other types need their own __class_getitem__).
        if o == (&raw mut crate::objects::typeobject::PyType_Type).cast() {
            return crate::objects::genericaliasobject::new(o, key);
        }
        let name = crate::objects::dictobject::ident("__class_getitem__")?;
        let meth = obj::lookup_attr(o, name.as_ptr())?;
        if let Some(meth) = meth {
            if meth.as_ptr() != obj::none() {
                return crate::objects::dictobject::call_positional(meth.as_ptr(), &[key]);
            }
        }
        return Err(errors::type_error(&format!(
            "type '{}' is not subscriptable",
            obj::type_name_trunc(o as *mut PyTypeObject, 200)
        )));
    }
    Err(type_error_for("'", o, "' object is not subscriptable"))
}

/// `PyObject_SetItem` (`value` non-NULL) / `PyObject_DelItem` (`value` NULL).
unsafe fn ass_item(o: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    let tp = py_type(o);
    let m = (*tp).tp_as_mapping;
    if !m.is_null() {
        if let Some(f) = (*m).mp_ass_subscript {
            return errors_from_int(f(o, key, value));
        }
    }
    let sq = (*tp).tp_as_sequence;
    if !sq.is_null() {
        if index_check(key) {
            let i = crate::objects::longobject::as_ssize_index(key, PyExc_IndexError)?;
            return if value.is_null() { super::sequence::del_item(o, i) } else { super::sequence::set_item(o, i, value) };
        }
        if (*sq).sq_ass_item.is_some() {
            return Err(type_error_for("sequence index must be integer, not '", key, "'"));
        }
    }
    if value.is_null() {
        Err(type_error_for("'", o, "' object does not support item deletion"))
    } else {
        Err(type_error_for("'", o, "' object does not support item assignment"))
    }
}

#[inline]
pub(crate) fn errors_from_int(r: core::ffi::c_int) -> PyResult<()> {
    if r < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(()) }
}

/// `PyObject_SetItem`: `o[key] = value`.
///
/// # Safety
/// Arguments are NULL or live objects.
pub unsafe fn set_item(o: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    if o.is_null() || key.is_null() || value.is_null() {
        return Err(null_error());
    }
    ass_item(o, key, value)
}

/// `PyObject_DelItem`: `del o[key]`.
///
/// # Safety
/// Arguments are NULL or live objects.
pub unsafe fn del_item(o: *mut PyObject, key: *mut PyObject) -> PyResult<()> {
    if o.is_null() || key.is_null() {
        return Err(null_error());
    }
    ass_item(o, key, null_mut())
}

/// `method_output_as_list`: `list(o.meth())`.
unsafe fn method_output_as_list(o: *mut PyObject, meth: &str) -> PyResult<Ref> {
    let m = obj::get_attr_str(o, meth)?;
    let out = crate::objects::dictobject::call_positional(m.as_ptr(), &[])?;
    if obj::is_type(out.as_ptr(), &raw mut crate::objects::listobject::PyList_Type) {
        return Ok(out);
    }
    let it = match super::iter::get_iter(out.as_ptr()) {
        Ok(it) => it,
        Err(e) => {
            if crate::objects::dictobject::occurred_matches(PyExc_TypeError) {
                errors::clear();
                return Err(errors::type_error(&format!(
                    "{}.{}() returned a non-iterable (type {})",
                    obj::type_name_trunc(py_type(o), 200),
                    meth,
                    obj::type_name_trunc(out.ob_type(), 200)
                )));
            }
            return Err(e);
        }
    };
    crate::objects::listobject::from_iterable(it.as_ptr())
}

/// `PyMapping_Keys`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn keys(o: *mut PyObject) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    if crate::objects::dictobject::check_exact(o) {
        return crate::objects::dictobject::keys_list(o);
    }
    method_output_as_list(o, "keys")
}

/// `PyMapping_Values`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn values(o: *mut PyObject) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    if crate::objects::dictobject::check_exact(o) {
        return crate::objects::dictobject::values_list(o);
    }
    method_output_as_list(o, "values")
}

/// `PyMapping_Items`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn items(o: *mut PyObject) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    if crate::objects::dictobject::check_exact(o) {
        return crate::objects::dictobject::items_list(o);
    }
    method_output_as_list(o, "items")
}

/// `PyMapping_HasKey`: `o[key]` succeeds (any exception is cleared).
///
/// # Safety
/// Arguments are NULL or live objects.
pub unsafe fn has_key(o: *mut PyObject, key: *mut PyObject) -> bool {
    match get_item(o, key) {
        Ok(_) => true,
        Err(_) => {
            errors::clear();
            false
        }
    }
}
