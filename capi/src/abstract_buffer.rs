//! `abstract.h` / `pybuffer.h` buffer protocol (typesystem): wrappers over
//! `ferrython_runtime::objects::abstract::buffer`.

use ferrython_runtime::abi::object::{PyObject, Py_buffer, Py_ssize_t};
use ferrython_runtime::errors::int_result;
use ferrython_runtime::objects::r#abstract::buffer as b;
use std::ffi::{c_char, c_int, c_void, CStr};

exported!(fn PyObject_CheckBuffer(o: *mut PyObject) -> c_int => b::check(o) as c_int);
exported!(fn PyObject_GetBuffer(o: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int => int_result(b::get_buffer(o, view, flags)));
exported!(fn PyBuffer_Release(view: *mut Py_buffer) => b::release(view));
exported!(fn PyBuffer_FillInfo(view: *mut Py_buffer, o: *mut PyObject, buf: *mut c_void, len: Py_ssize_t, readonly: c_int, flags: c_int) -> c_int => {
    int_result(b::fill_info(view, o, buf, len, readonly, flags))
});
exported!(fn PyBuffer_IsContiguous(view: *const Py_buffer, order: c_char) -> c_int => b::is_contiguous(view, order as u8) as c_int);
exported!(fn PyBuffer_GetPointer(view: *const Py_buffer, indices: *const Py_ssize_t) -> *mut c_void => b::get_pointer(view, indices));
exported!(fn PyBuffer_FillContiguousStrides(nd: c_int, shape: *const Py_ssize_t, strides: *mut Py_ssize_t, itemsize: c_int, order: c_char) => {
    b::fill_contiguous_strides(nd, shape, strides, itemsize, order as u8)
});
exported!(fn PyBuffer_ToContiguous(buf: *mut c_void, src: *const Py_buffer, len: Py_ssize_t, order: c_char) -> c_int => {
    int_result(b::to_contiguous(buf, src, len, order as u8))
});
exported!(fn PyBuffer_FromContiguous(view: *const Py_buffer, buf: *const c_void, len: Py_ssize_t, order: c_char) -> c_int => {
    int_result(b::from_contiguous(view, buf, len, order as u8))
});
exported!(fn PyObject_CopyData(dest: *mut PyObject, src: *mut PyObject) -> c_int => int_result(b::copy_data(dest, src)));

// ---------------------------------------------------------------------------------------------
// The old buffer API (abstract.h): a pointer into a simple buffer the object keeps alive
// after the view is released, as CPython's implementation does.

exported!(fn PyObject_CheckReadBuffer(obj: *mut PyObject) -> c_int => {
    if obj.is_null() || !b::check(obj) {
        return 0;
    }
    let mut view: Py_buffer = core::mem::zeroed();
    if b::get_buffer(obj, &mut view, 0).is_err() {
        ferrython_runtime::errors::clear();
        return 0;
    }
    b::release(&mut view);
    1
});
exported!(fn PyObject_AsCharBuffer(obj: *mut PyObject, buffer: *mut *const c_char, len: *mut Py_ssize_t) -> c_int =>
    PyObject_AsReadBuffer(obj, buffer.cast(), len));
exported!(fn PyObject_AsReadBuffer(obj: *mut PyObject, buffer: *mut *const c_void, len: *mut Py_ssize_t) -> c_int => {
    if obj.is_null() || buffer.is_null() || len.is_null() {
        let _ = ferrython_runtime::objects::r#abstract::mapping::null_error();
        return -1;
    }
    let mut view: Py_buffer = core::mem::zeroed();
    if b::get_buffer(obj, &mut view, 0).is_err() {
        return -1;
    }
    *buffer = view.buf;
    *len = view.len;
    b::release(&mut view);
    0
});
exported!(fn PyObject_AsWriteBuffer(obj: *mut PyObject, buffer: *mut *mut c_void, len: *mut Py_ssize_t) -> c_int => {
    if obj.is_null() || buffer.is_null() || len.is_null() {
        let _ = ferrython_runtime::objects::r#abstract::mapping::null_error();
        return -1;
    }
    let mut view: Py_buffer = core::mem::zeroed();
    if !b::check(obj) || b::get_buffer(obj, &mut view, b::PyBUF_WRITABLE).is_err() {
        let _ = ferrython_runtime::errors::type_error("expected a writable bytes-like object");
        return -1;
    }
    *buffer = view.buf;
    *len = view.len;
    b::release(&mut view);
    0
});
exported!(fn PyBuffer_SizeFromFormat(format: *const c_char) -> Py_ssize_t => {
    if format.is_null() {
        let _ = ferrython_runtime::errors::bad_internal_call();
        return -1;
    }
    match b::size_from_format(CStr::from_ptr(format)) {
        Ok(n) => n,
        Err(_) => -1,
    }
});
