//! `setobject.h`: the `PySet_*` / `PyFrozenSet_*` API, wrappers over
//! `ferrython_runtime::objects::setobject` with CPython's argument checks.

use ferrython_runtime::abi::object::{PyObject, Py_hash_t, Py_ssize_t};
use ferrython_runtime::errors::{self, bool_result, int_result, ptr_result};
use ferrython_runtime::objects::setobject as set;
use std::ffi::c_int;
use std::ptr::null_mut;

fn bad() -> c_int {
    let _ = errors::bad_internal_call();
    -1
}

exported!(fn PySet_New(iterable: *mut PyObject) -> *mut PyObject => ptr_result(set::new_set(iterable)));
exported!(fn PyFrozenSet_New(iterable: *mut PyObject) -> *mut PyObject => ptr_result(set::new_frozenset(iterable)));

exported!(fn PySet_Size(op: *mut PyObject) -> Py_ssize_t => {
    if op.is_null() || !set::any_set_check(op) {
        return bad() as Py_ssize_t;
    }
    set::len(op)
});

exported!(fn PySet_Clear(op: *mut PyObject) -> c_int => {
    if op.is_null() || !set::set_check(op) {
        return bad();
    }
    set::clear(op);
    0
});

exported!(fn PySet_Contains(op: *mut PyObject, key: *mut PyObject) -> c_int => {
    if op.is_null() || !set::any_set_check(op) {
        return bad();
    }
    bool_result(set::contains(op, key))
});

exported!(fn PySet_Discard(op: *mut PyObject, key: *mut PyObject) -> c_int => {
    if op.is_null() || !set::set_check(op) {
        return bad();
    }
    bool_result(set::discard(op, key))
});

exported!(
    /// Also allowed on a frozenset nobody else holds yet (to fill it).
    fn PySet_Add(op: *mut PyObject, key: *mut PyObject) -> c_int => {
        if op.is_null() || (!set::set_check(op) && (!set::frozenset_check(op) || (*op).ob_refcnt != 1)) {
            return bad();
        }
        int_result(set::add(op, key))
    }
);

exported!(fn PySet_Pop(op: *mut PyObject) -> *mut PyObject => {
    if op.is_null() || !set::set_check(op) {
        bad();
        return null_mut();
    }
    ptr_result(set::pop(op))
});

exported!(fn _PySet_NextEntry(op: *mut PyObject, pos: *mut Py_ssize_t, key: *mut *mut PyObject, hash: *mut Py_hash_t) -> c_int => {
    if op.is_null() || !set::any_set_check(op) {
        return bad();
    }
    match set::next_entry(op, &mut *pos) {
        Some((k, h)) => {
            *key = k;
            *hash = h;
            1
        }
        None => 0,
    }
});

exported!(fn _PySet_Update(op: *mut PyObject, iterable: *mut PyObject) -> c_int => {
    if op.is_null() || !set::set_check(op) {
        return bad();
    }
    int_result(set::update_with(op, iterable))
});
