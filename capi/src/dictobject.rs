//! `dictobject.h` / `cpython/dictobject.h`: the `PyDict_*` API (plus the private `_PyDict_*`
//! functions 3.11 exports), wrappers over `ferrython_runtime::objects::dictobject` with
//! CPython's argument checks.

use ferrython_runtime::abi::object::{PyObject, PyTypeObject, Py_hash_t, Py_ssize_t};
use ferrython_runtime::errors::{self, bool_result, int_result, ptr_result};
use ferrython_runtime::objects::dictobject as dict;
use ferrython_runtime::objects::object::Ref;
use ferrython_runtime::objects::unicodeobject as ustr;
use std::ffi::{c_char, c_int, CStr};
use std::ptr::null_mut;

/// True for a non-NULL dict; else raises SystemError "bad argument to internal function".
unsafe fn dict_arg(op: *mut PyObject) -> bool {
    if op.is_null() || !dict::check(op) {
        let _ = errors::bad_internal_call();
        return false;
    }
    true
}

unsafe fn cstr_key(key: *const c_char) -> errors::PyResult<Ref> {
    ustr::new_str(&CStr::from_ptr(key).to_string_lossy())
}

exported!(fn PyDict_New() -> *mut PyObject => ptr_result(dict::new()));
exported!(fn _PyDict_NewPresized(minused: Py_ssize_t) -> *mut PyObject => ptr_result(dict::new_presized(minused)));

exported!(
    /// Borrowed; errors (including an unhashable key) are suppressed and any pending
    /// exception is kept, as in CPython.
    fn PyDict_GetItem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject => {
        if op.is_null() || !dict::check(op) {
            return null_mut();
        }
        errors::preserving(|| match dict::get_item(op, key) {
            Ok(Some(v)) => v,
            Ok(None) => null_mut(),
            Err(_) => {
                errors::clear();
                null_mut()
            }
        })
    }
);

exported!(fn PyDict_GetItemWithError(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject => {
    if !dict_arg(op) {
        return null_mut();
    }
    dict::get_item(op, key).ok().flatten().unwrap_or(null_mut())
});

exported!(fn _PyDict_GetItemWithError(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject => {
    if !dict_arg(op) {
        return null_mut();
    }
    dict::get_item(op, key).ok().flatten().unwrap_or(null_mut())
});

exported!(fn _PyDict_GetItem_KnownHash(op: *mut PyObject, key: *mut PyObject, hash: Py_hash_t) -> *mut PyObject => {
    if !dict_arg(op) {
        return null_mut();
    }
    dict::get_item_known_hash(op, key, hash).ok().flatten().unwrap_or(null_mut())
});

exported!(fn PyDict_GetItemString(op: *mut PyObject, key: *const c_char) -> *mut PyObject => {
    let Ok(k) = cstr_key(key) else {
        errors::clear();
        return null_mut();
    };
    PyDict_GetItem(op, k.as_ptr())
});

exported!(fn _PyDict_GetItemStringWithError(op: *mut PyObject, key: *const c_char) -> *mut PyObject => {
    let Ok(k) = cstr_key(key) else { return null_mut() };
    PyDict_GetItemWithError(op, k.as_ptr())
});

exported!(fn PyDict_SetItem(op: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> c_int => {
    if !dict_arg(op) {
        return -1;
    }
    int_result(dict::set_item(op, key, value))
});

exported!(fn _PyDict_SetItem_KnownHash(op: *mut PyObject, key: *mut PyObject, value: *mut PyObject, hash: Py_hash_t) -> c_int => {
    if !dict_arg(op) {
        return -1;
    }
    int_result(dict::set_item_known_hash(op, key, value, hash))
});

exported!(fn PyDict_SetItemString(op: *mut PyObject, key: *const c_char, value: *mut PyObject) -> c_int => {
    let Ok(k) = cstr_key(key) else { return -1 };
    PyDict_SetItem(op, k.as_ptr(), value)
});

exported!(fn PyDict_DelItem(op: *mut PyObject, key: *mut PyObject) -> c_int => {
    if !dict_arg(op) {
        return -1;
    }
    int_result(dict::del_item(op, key))
});

exported!(fn _PyDict_DelItem_KnownHash(op: *mut PyObject, key: *mut PyObject, hash: Py_hash_t) -> c_int => {
    if !dict_arg(op) {
        return -1;
    }
    int_result(dict::del_item_known_hash(op, key, hash))
});

exported!(fn PyDict_DelItemString(op: *mut PyObject, key: *const c_char) -> c_int => {
    let Ok(k) = cstr_key(key) else { return -1 };
    PyDict_DelItem(op, k.as_ptr())
});

exported!(
    /// Deletes `key` if `predicate(value)` returns 1: 0 (deleted or kept), -1 error.
    fn _PyDict_DelItemIf(op: *mut PyObject, key: *mut PyObject, predicate: Option<unsafe extern "C" fn(*mut PyObject) -> c_int>) -> c_int => {
        if !dict_arg(op) {
            return -1;
        }
        let Some(predicate) = predicate else {
            let _ = errors::bad_internal_call();
            return -1;
        };
        int_result(dict::del_item_if(op, key, |v| {
            let r = predicate(v);
            if r < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(r > 0) }
        }).map(|_| ()))
    }
);

exported!(fn PyDict_Clear(op: *mut PyObject) => {
    if !op.is_null() && dict::check(op) {
        dict::clear(op);
    }
});

exported!(fn PyDict_Next(op: *mut PyObject, ppos: *mut Py_ssize_t, pkey: *mut *mut PyObject, pvalue: *mut *mut PyObject) -> c_int => {
    _PyDict_Next(op, ppos, pkey, pvalue, null_mut())
});

exported!(fn _PyDict_Next(op: *mut PyObject, ppos: *mut Py_ssize_t, pkey: *mut *mut PyObject, pvalue: *mut *mut PyObject, phash: *mut Py_hash_t) -> c_int => {
    if op.is_null() || !dict::check(op) {
        return 0;
    }
    match dict::next_with_hash(op, &mut *ppos) {
        Some((k, v, h)) => {
            if !pkey.is_null() {
                *pkey = k;
            }
            if !pvalue.is_null() {
                *pvalue = v;
            }
            if !phash.is_null() {
                *phash = h;
            }
            1
        }
        None => 0,
    }
});

exported!(fn PyDict_Size(op: *mut PyObject) -> Py_ssize_t => {
    if !dict_arg(op) {
        return -1;
    }
    dict::len(op)
});

exported!(fn PyDict_Contains(op: *mut PyObject, key: *mut PyObject) -> c_int => {
    if !dict_arg(op) {
        return -1;
    }
    bool_result(dict::contains(op, key))
});

exported!(fn _PyDict_Contains_KnownHash(op: *mut PyObject, key: *mut PyObject, hash: Py_hash_t) -> c_int => {
    if !dict_arg(op) {
        return -1;
    }
    bool_result(dict::contains_known_hash(op, key, hash))
});

exported!(fn PyDict_Keys(op: *mut PyObject) -> *mut PyObject => {
    if !dict_arg(op) {
        return null_mut();
    }
    ptr_result(dict::keys_list(op))
});

exported!(fn PyDict_Values(op: *mut PyObject) -> *mut PyObject => {
    if !dict_arg(op) {
        return null_mut();
    }
    ptr_result(dict::values_list(op))
});

exported!(fn PyDict_Items(op: *mut PyObject) -> *mut PyObject => {
    if !dict_arg(op) {
        return null_mut();
    }
    ptr_result(dict::items_list(op))
});

exported!(fn PyDict_Copy(op: *mut PyObject) -> *mut PyObject => {
    if !dict_arg(op) {
        return null_mut();
    }
    ptr_result(dict::copy(op))
});

exported!(fn PyDict_Merge(a: *mut PyObject, b: *mut PyObject, override_: c_int) -> c_int => int_result(dict::merge(a, b, override_)));
exported!(fn _PyDict_MergeEx(a: *mut PyObject, b: *mut PyObject, override_: c_int) -> c_int => int_result(dict::merge_ex(a, b, override_)));
exported!(fn PyDict_Update(a: *mut PyObject, b: *mut PyObject) -> c_int => int_result(dict::update(a, b)));
exported!(fn PyDict_MergeFromSeq2(d: *mut PyObject, seq2: *mut PyObject, override_: c_int) -> c_int => int_result(dict::merge_from_seq2(d, seq2, override_)));

exported!(
    /// Borrowed result.
    fn PyDict_SetDefault(d: *mut PyObject, key: *mut PyObject, default: *mut PyObject) -> *mut PyObject => {
        if !dict_arg(d) {
            return null_mut();
        }
        dict::set_default(d, key, default).unwrap_or(null_mut())
    }
);

exported!(fn _PyDict_Pop(d: *mut PyObject, key: *mut PyObject, deflt: *mut PyObject) -> *mut PyObject => {
    if !dict_arg(d) {
        return null_mut();
    }
    ptr_result(dict::pop(d, key, deflt))
});

exported!(fn _PyDict_HasOnlyStringKeys(d: *mut PyObject) -> c_int => {
    if !dict_arg(d) {
        return -1;
    }
    dict::has_only_string_keys(d) as c_int
});

exported!(fn _PyDict_MaybeUntrack(op: *mut PyObject) => dict::maybe_untrack(op));
exported!(fn _PyDict_SizeOf(op: *mut PyObject) -> Py_ssize_t => dict::size_of(op));
exported!(fn _PyDictView_New(d: *mut PyObject, tp: *mut PyTypeObject) -> *mut PyObject => ptr_result(dict::new_view(d, tp)));
exported!(fn _PyDictView_Intersect(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject => dict::view_intersect(a, b));
exported!(
    /// Checks the table invariants; a violation is a fatal error, as in CPython.
    fn _PyDict_CheckConsistency(op: *mut PyObject, check_content: c_int) -> c_int => {
        if let Err(what) = dict::check_consistency(op, check_content != 0) {
            ferrython_runtime::lifecycle::fatal::fatal_error("_PyDict_CheckConsistency", what.as_bytes());
        }
        1
    }
);

/// The interned str of a `_Py_IDENTIFIER`, or NULL with the exception set.
unsafe fn identifier_key(id: *mut ustr::PyIdentifier) -> *mut PyObject {
    ustr::from_id(id).unwrap_or(null_mut())
}

exported!(fn _PyDict_GetItemIdWithError(op: *mut PyObject, id: *mut ustr::PyIdentifier) -> *mut PyObject => {
    let k = identifier_key(id);
    if k.is_null() {
        return null_mut();
    }
    PyDict_GetItemWithError(op, k)
});
exported!(fn _PyDict_SetItemId(op: *mut PyObject, id: *mut ustr::PyIdentifier, value: *mut PyObject) -> c_int => {
    let k = identifier_key(id);
    if k.is_null() {
        return -1;
    }
    PyDict_SetItem(op, k, value)
});
exported!(fn _PyDict_ContainsId(op: *mut PyObject, id: *mut ustr::PyIdentifier) -> c_int => {
    let k = identifier_key(id);
    if k.is_null() {
        return -1;
    }
    PyDict_Contains(op, k)
});
