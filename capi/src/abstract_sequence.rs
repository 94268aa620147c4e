//! `abstract.h`, the sequence protocol: `PySequence_*` and `_PySequence_IterSearch`.
//! Wrappers over `ferrython_runtime::objects::abstract::sequence`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{bool_result, int_result, ptr_result};
use ferrython_runtime::objects::r#abstract::sequence::{self as s, IterSearch};
use std::ffi::{c_char, c_int, CStr};

fn ssize(r: ferrython_runtime::errors::PyResult<Py_ssize_t>) -> Py_ssize_t {
    r.unwrap_or(-1)
}

exported!(fn PySequence_Check(o: *mut PyObject) -> c_int => s::check(o) as c_int);
exported!(fn PySequence_Size(o: *mut PyObject) -> Py_ssize_t => ssize(s::size(o)));
exported!(fn PySequence_Length(o: *mut PyObject) -> Py_ssize_t => ssize(s::size(o)));
exported!(fn PySequence_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject => ptr_result(s::concat(a, b)));
exported!(fn PySequence_Repeat(o: *mut PyObject, n: Py_ssize_t) -> *mut PyObject => ptr_result(s::repeat(o, n)));
exported!(fn PySequence_InPlaceConcat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject => ptr_result(s::inplace_concat(a, b)));
exported!(fn PySequence_InPlaceRepeat(o: *mut PyObject, n: Py_ssize_t) -> *mut PyObject => ptr_result(s::inplace_repeat(o, n)));
exported!(fn PySequence_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject => ptr_result(s::get_item(o, i)));
exported!(fn PySequence_GetSlice(o: *mut PyObject, i1: Py_ssize_t, i2: Py_ssize_t) -> *mut PyObject => ptr_result(s::get_slice(o, i1, i2)));
exported!(fn PySequence_SetItem(o: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int => int_result(s::set_item(o, i, v)));
exported!(fn PySequence_DelItem(o: *mut PyObject, i: Py_ssize_t) -> c_int => int_result(s::del_item(o, i)));
exported!(fn PySequence_SetSlice(o: *mut PyObject, i1: Py_ssize_t, i2: Py_ssize_t, v: *mut PyObject) -> c_int => int_result(s::set_slice(o, i1, i2, v)));
exported!(fn PySequence_DelSlice(o: *mut PyObject, i1: Py_ssize_t, i2: Py_ssize_t) -> c_int => int_result(s::set_slice(o, i1, i2, std::ptr::null_mut())));
exported!(fn PySequence_Tuple(o: *mut PyObject) -> *mut PyObject => ptr_result(s::tuple(o)));
exported!(fn PySequence_List(o: *mut PyObject) -> *mut PyObject => ptr_result(s::list(o)));
exported!(fn PySequence_Fast(o: *mut PyObject, m: *const c_char) -> *mut PyObject => {
    let msg = if m.is_null() { std::borrow::Cow::Borrowed("") } else { CStr::from_ptr(m).to_string_lossy() };
    ptr_result(s::fast(o, &msg))
});
exported!(fn PySequence_Count(o: *mut PyObject, v: *mut PyObject) -> Py_ssize_t => ssize(s::iter_search(o, v, IterSearch::Count)));
exported!(fn PySequence_Index(o: *mut PyObject, v: *mut PyObject) -> Py_ssize_t => ssize(s::iter_search(o, v, IterSearch::Index)));
exported!(fn PySequence_Contains(o: *mut PyObject, v: *mut PyObject) -> c_int => bool_result(s::contains(o, v)));
exported!(fn PySequence_In(o: *mut PyObject, v: *mut PyObject) -> c_int => bool_result(s::contains(o, v)));
exported!(
    /// `operation`: 1 count, 2 index, 3 contains (`PY_ITERSEARCH_*`).
    fn _PySequence_IterSearch(o: *mut PyObject, v: *mut PyObject, operation: c_int) -> Py_ssize_t => {
        let op = match operation {
            1 => IterSearch::Count,
            2 => IterSearch::Index,
            _ => IterSearch::Contains,
        };
        ssize(s::iter_search(o, v, op))
    }
);
