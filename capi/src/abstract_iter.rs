//! `abstract.h`, the iterator protocol: `PyObject_GetIter/GetAIter`, `PyIter_Check/Next/Send`,
//! `PyAIter_Check`. Wrappers over `ferrython_runtime::objects::abstract::iter`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::r#abstract::iter;
use std::ffi::c_int;
use std::ptr::null_mut;

exported!(fn PyObject_GetIter(o: *mut PyObject) -> *mut PyObject => ptr_result(iter::get_iter(o)));
exported!(fn PyObject_GetAIter(o: *mut PyObject) -> *mut PyObject => ptr_result(iter::get_aiter(o)));
exported!(fn PyIter_Check(o: *mut PyObject) -> c_int => iter::check(o) as c_int);
exported!(fn PyAIter_Check(o: *mut PyObject) -> c_int => iter::check_async(o) as c_int);
exported!(
    /// The next item; NULL at the end (StopIteration cleared) or on error.
    fn PyIter_Next(it: *mut PyObject) -> *mut PyObject => {
        match iter::next(it) {
            Ok(Some(v)) => v.into_raw(),
            _ => null_mut(),
        }
    }
);
exported!(
    /// `PySendResult`: 1 yielded (`PYGEN_NEXT`), 0 returned, -1 error.
    fn PyIter_Send(it: *mut PyObject, arg: *mut PyObject, result: *mut *mut PyObject) -> c_int => iter::send(it, arg, result)
);
