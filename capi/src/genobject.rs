//! `genobject.h` / `cpython/genobject.h`: creating generators and coroutines from frame
//! objects, the StopIteration value helpers and the generator finalizer.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors;
use ferrython_runtime::objects::genobject as gen;
use std::ffi::c_int;
use std::ptr::null_mut;

exported!(
    /// Steals `frame`.
    fn PyGen_New(frame: *mut PyObject) -> *mut PyObject =>
        errors::ptr_result(gen::new_from_frame_object(&raw mut gen::PyGen_Type, frame, null_mut(), null_mut()))
);
exported!(
    /// Steals `frame`; NULL name/qualname come from the code object.
    fn PyGen_NewWithQualName(frame: *mut PyObject, name: *mut PyObject, qualname: *mut PyObject) -> *mut PyObject =>
        errors::ptr_result(gen::new_from_frame_object(&raw mut gen::PyGen_Type, frame, name, qualname))
);
exported!(
    fn PyCoro_New(frame: *mut PyObject, name: *mut PyObject, qualname: *mut PyObject) -> *mut PyObject =>
        errors::ptr_result(gen::new_from_frame_object(&raw mut gen::PyCoro_Type, frame, name, qualname))
);
exported!(
    fn PyAsyncGen_New(frame: *mut PyObject, name: *mut PyObject, qualname: *mut PyObject) -> *mut PyObject =>
        errors::ptr_result(gen::new_from_frame_object(&raw mut gen::PyAsyncGen_Type, frame, name, qualname))
);
exported!(
    /// Raises StopIteration(value); 0 on success.
    fn _PyGen_SetStopIterationValue(value: *mut PyObject) -> c_int => {
        let _ = gen::set_stop_iteration_value(value);
        if errors::exception_matches(ferrython_runtime::objects::exceptions::PyExc_StopIteration) { 0 } else { -1 }
    }
);
exported!(
    /// Takes a pending StopIteration's value (new reference in `*pvalue`); -1 when another
    /// exception is pending.
    fn _PyGen_FetchStopIterationValue(pvalue: *mut *mut PyObject) -> c_int => {
        match gen::fetch_stop_iteration_value() {
            Ok(v) => {
                *pvalue = v.into_raw();
                0
            }
            Err(_) => {
                *pvalue = null_mut();
                -1
            }
        }
    }
);
exported!(fn _PyGen_Finalize(op: *mut PyObject) => gen::finalize(op));
