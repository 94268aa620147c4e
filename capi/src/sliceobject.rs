//! `sliceobject.h`: the `PySlice_*` API and the slice-index helpers CPython exports from
//! ceval.c, wrappers over `ferrython_runtime::objects::sliceobject`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::sliceobject as slice;
use std::ffi::c_int;

exported!(fn PySlice_New(start: *mut PyObject, stop: *mut PyObject, step: *mut PyObject) -> *mut PyObject => ptr_result(slice::new(start, stop, step)));
exported!(fn _PySlice_FromIndices(start: Py_ssize_t, stop: Py_ssize_t) -> *mut PyObject => ptr_result(slice::from_indices(start, stop)));

exported!(fn PySlice_Unpack(s: *mut PyObject, start: *mut Py_ssize_t, stop: *mut Py_ssize_t, step: *mut Py_ssize_t) -> c_int => {
    match slice::unpack(s) {
        Ok((a, b, c)) => {
            *start = a;
            *stop = b;
            *step = c;
            0
        }
        Err(_) => -1,
    }
});

exported!(fn PySlice_AdjustIndices(length: Py_ssize_t, start: *mut Py_ssize_t, stop: *mut Py_ssize_t, step: Py_ssize_t) -> Py_ssize_t => {
    slice::adjust_indices(length, &mut *start, &mut *stop, step)
});

exported!(fn PySlice_GetIndicesEx(s: *mut PyObject, length: Py_ssize_t, start: *mut Py_ssize_t, stop: *mut Py_ssize_t, step: *mut Py_ssize_t, slicelength: *mut Py_ssize_t) -> c_int => {
    match slice::indices_ex(s, length) {
        Ok((a, b, c, n)) => {
            *start = a;
            *stop = b;
            *step = c;
            *slicelength = n;
            0
        }
        Err(_) => -1,
    }
});

exported!(
    /// The old API: -1 when the slice does not fit (no exception for that).
    fn PySlice_GetIndices(s: *mut PyObject, length: Py_ssize_t, start: *mut Py_ssize_t, stop: *mut Py_ssize_t, step: *mut Py_ssize_t) -> c_int => {
        slice::get_indices_old(s, length, &mut *start, &mut *stop, &mut *step)
    }
);

exported!(
    /// 1 on success (None leaves `*pi` alone), 0 with an exception set.
    fn _PyEval_SliceIndex(v: *mut PyObject, pi: *mut Py_ssize_t) -> c_int => {
        match slice::slice_index(v, *pi) {
            Ok(x) => {
                *pi = x;
                1
            }
            Err(_) => 0,
        }
    }
);

exported!(fn _PyEval_SliceIndexNotNone(v: *mut PyObject, pi: *mut Py_ssize_t) -> c_int => {
    match slice::slice_index_not_none(v) {
        Ok(x) => {
            *pi = x;
            1
        }
        Err(_) => 0,
    }
});

