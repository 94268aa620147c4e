//! `tupleobject.h` / `cpython/tupleobject.h`: the `PyTuple_*` API (`PyTuple_Pack` is in
//! `c/tuple_pack.c`), wrappers over `ferrython_runtime::objects::tupleobject`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, int_result, ptr_result};
use ferrython_runtime::objects::tupleobject as tuple;
use std::ffi::c_int;
use std::ptr::null_mut;

unsafe fn tuple_arg(op: *mut PyObject) -> bool {
    if op.is_null() || !tuple::check(op) {
        let _ = errors::bad_internal_call();
        return false;
    }
    true
}

exported!(fn PyTuple_New(size: Py_ssize_t) -> *mut PyObject => ptr_result(tuple::new_tracked(size)));

exported!(fn PyTuple_Size(op: *mut PyObject) -> Py_ssize_t => {
    if !tuple_arg(op) {
        return -1;
    }
    tuple::len(op)
});

exported!(
    /// Borrowed.
    fn PyTuple_GetItem(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject => {
        if !tuple_arg(op) {
            return null_mut();
        }
        tuple::get_item(op, i).unwrap_or(null_mut())
    }
);

exported!(
    /// Steals `item`, even on failure; only for a tuple nobody else holds.
    fn PyTuple_SetItem(op: *mut PyObject, i: Py_ssize_t, item: *mut PyObject) -> c_int => {
        int_result(tuple::set_item_steal(op, i, item))
    }
);

exported!(fn PyTuple_GetSlice(op: *mut PyObject, low: Py_ssize_t, high: Py_ssize_t) -> *mut PyObject => {
    if !tuple_arg(op) {
        return null_mut();
    }
    ptr_result(tuple::slice(op, low, high))
});

exported!(fn _PyTuple_Resize(pv: *mut *mut PyObject, newsize: Py_ssize_t) -> c_int => int_result(tuple::resize(pv, newsize)));
exported!(fn _PyTuple_MaybeUntrack(op: *mut PyObject) => tuple::maybe_untrack(op));

exported!(
    /// The C side of `PyTuple_Pack(n, ...)`: a tuple of new references to `items[0..n]`.
    fn _Fy_PyTuple_FromArray(items: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject => {
        if n < 0 {
            let _ = errors::bad_internal_call();
            return null_mut();
        }
        let slice = if n == 0 { &[][..] } else { std::slice::from_raw_parts(items, n as usize) };
        if slice.iter().any(|p| p.is_null()) {
            let _ = errors::bad_internal_call();
            return null_mut();
        }
        ptr_result(tuple::pack(slice))
    }
);

