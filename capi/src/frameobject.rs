//! `frameobject.h` / `cpython/frameobject.h` / `pyframe.h`: frame objects.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::abi::pycore_frame::{_PyInterpreterFrame, PyFrameObject};
use ferrython_runtime::abi::pystate::PyThreadState;
use ferrython_runtime::errors;
use ferrython_runtime::objects::frameobject as frame;
use ferrython_runtime::objects::object::{new_ref, Ref};
use std::ffi::c_int;
use std::ptr::null_mut;

exported!(
    fn PyFrame_New(_ts: *mut PyThreadState, code: *mut PyObject, globals: *mut PyObject, locals: *mut PyObject) -> *mut PyFrameObject =>
        errors::ptr_result(frame::new_frame(code, globals, locals)).cast()
);
exported!(fn PyFrame_GetCode(f: *mut PyFrameObject) -> *mut PyObject => new_ref((*(*f).f_frame).f_code.cast()).into_raw());
exported!(fn PyFrame_GetBack(f: *mut PyFrameObject) -> *mut PyFrameObject => match frame::get_back(f) {
    Ok(Some(b)) => b.into_raw().cast(),
    Ok(None) => null_mut(),
    Err(_) => {
        errors::clear();
        null_mut()
    }
});
exported!(fn PyFrame_GetLineNumber(f: *mut PyFrameObject) -> c_int => frame::get_line_number(f));
exported!(fn PyFrame_GetLasti(f: *mut PyFrameObject) -> c_int => {
    let l = frame::lasti((*f).f_frame);
    if l < 0 { -1 } else { l * 2 }
});
exported!(fn PyFrame_GetLocals(f: *mut PyFrameObject) -> *mut PyObject =>
    errors::ptr_result(frame::fast_to_locals((*f).f_frame).map(|d| Ref::from_borrowed(d))));
exported!(fn PyFrame_GetGlobals(f: *mut PyFrameObject) -> *mut PyObject => new_ref((*(*f).f_frame).f_globals).into_raw());
exported!(fn PyFrame_GetBuiltins(f: *mut PyFrameObject) -> *mut PyObject => new_ref((*(*f).f_frame).f_builtins).into_raw());
exported!(fn PyFrame_GetGenerator(f: *mut PyFrameObject) -> *mut PyObject =>
    frame::get_generator(f).map_or(null_mut(), |g| g.into_raw()));
exported!(fn PyFrame_FastToLocalsWithError(f: *mut PyFrameObject) -> c_int => {
    if f.is_null() {
        let _ = errors::bad_internal_call();
        return -1;
    }
    errors::int_result(frame::fast_to_locals((*f).f_frame).map(drop))
});
exported!(fn PyFrame_FastToLocals(f: *mut PyFrameObject) => {
    if frame::fast_to_locals((*f).f_frame).is_err() {
        errors::write_unraisable(null_mut());
    }
});
exported!(fn PyFrame_LocalsToFast(f: *mut PyFrameObject, clear: c_int) => frame::locals_to_fast((*f).f_frame, clear != 0));
exported!(fn _PyFrame_IsEntryFrame(f: *mut PyFrameObject) -> c_int => {
    let fr: *mut _PyInterpreterFrame = (*f).f_frame;
    (*fr).is_entry as c_int
});
