//! `listobject.h` / `cpython/listobject.h`: the `PyList_*` API, wrappers over
//! `ferrython_runtime::objects::listobject` with CPython's argument checks.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, int_result, ptr_result};
use ferrython_runtime::objects::listobject as list;
use ferrython_runtime::objects::object::{self as obj, xdecref};
use std::ffi::c_int;
use std::ptr::null_mut;

unsafe fn list_arg(op: *mut PyObject) -> bool {
    if op.is_null() || !list::check(op) {
        let _ = errors::bad_internal_call();
        return false;
    }
    true
}

exported!(fn PyList_New(size: Py_ssize_t) -> *mut PyObject => ptr_result(list::new(size)));

exported!(fn PyList_Size(op: *mut PyObject) -> Py_ssize_t => {
    if !list_arg(op) {
        return -1;
    }
    list::len(op)
});

exported!(
    /// Borrowed.
    fn PyList_GetItem(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject => {
        if !list_arg(op) {
            return null_mut();
        }
        list::get_item(op, i).unwrap_or(null_mut())
    }
);

exported!(
    /// Steals `item`, even on failure.
    fn PyList_SetItem(op: *mut PyObject, i: Py_ssize_t, item: *mut PyObject) -> c_int => {
        if op.is_null() || !list::check(op) {
            xdecref(item);
            let _ = errors::bad_internal_call();
            return -1;
        }
        int_result(list::set_item_steal(op, i, item))
    }
);

exported!(fn PyList_Insert(op: *mut PyObject, i: Py_ssize_t, item: *mut PyObject) -> c_int => {
    if !list_arg(op) || item.is_null() {
        if item.is_null() && errors::occurred().is_null() {
            let _ = errors::bad_internal_call();
        }
        return -1;
    }
    int_result(list::insert(op, i, item))
});

exported!(fn PyList_Append(op: *mut PyObject, item: *mut PyObject) -> c_int => {
    if op.is_null() || !list::check(op) || item.is_null() {
        let _ = errors::bad_internal_call();
        return -1;
    }
    int_result(list::append(op, item))
});

exported!(fn PyList_GetSlice(op: *mut PyObject, low: Py_ssize_t, high: Py_ssize_t) -> *mut PyObject => {
    if !list_arg(op) {
        return null_mut();
    }
    ptr_result(list::slice(op, low, high))
});

exported!(fn PyList_SetSlice(op: *mut PyObject, low: Py_ssize_t, high: Py_ssize_t, v: *mut PyObject) -> c_int => {
    if !list_arg(op) {
        return -1;
    }
    int_result(list::ass_slice(op, low, high, v))
});

exported!(fn PyList_Sort(op: *mut PyObject) -> c_int => {
    if !list_arg(op) {
        return -1;
    }
    int_result(list::sort(op, null_mut(), false))
});

exported!(fn PyList_Reverse(op: *mut PyObject) -> c_int => {
    if !list_arg(op) {
        return -1;
    }
    list::reverse(op);
    0
});

exported!(fn PyList_AsTuple(op: *mut PyObject) -> *mut PyObject => {
    if !list_arg(op) {
        return null_mut();
    }
    ptr_result(list::as_tuple(op))
});

exported!(
    /// `list.extend(iterable)`; returns None.
    fn _PyList_Extend(op: *mut PyObject, iterable: *mut PyObject) -> *mut PyObject => {
        ptr_result(list::extend(op, iterable).map(|()| obj::new_none()))
    }
);
