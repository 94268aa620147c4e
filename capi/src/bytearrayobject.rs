//! `bytearrayobject.h`: the bytearray C API. Thin wrappers over
//! `ferrython_runtime::objects::bytearrayobject`.

use ferrython_runtime::abi::bytearrayobject::PyByteArrayObject;
use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::objects::bytearrayobject::{self as ba, is_bytearray};
use ferrython_runtime::objects::bytesobject;
use ferrython_runtime::objects::object as obj;
use std::ffi::{c_char, c_int};
use std::ptr::null_mut;

exported!(fn PyByteArray_FromStringAndSize(s: *const c_char, size: Py_ssize_t) -> *mut PyObject => {
    if s.is_null() || size <= 0 {
        return ptr_result(ba::new_sized(size));
    }
    ptr_result(ba::from_slice(std::slice::from_raw_parts(s as *const u8, size as usize)))
});
exported!(fn PyByteArray_FromObject(op: *mut PyObject) -> *mut PyObject => ptr_result(ba::from_object(op)));
exported!(fn PyByteArray_Size(op: *mut PyObject) -> Py_ssize_t => {
    if op.is_null() || !is_bytearray(op) {
        let _ = errors::bad_argument();
        return -1;
    }
    (*(op as *mut PyByteArrayObject)).ob_base.ob_size
});
exported!(fn PyByteArray_AsString(op: *mut PyObject) -> *mut c_char => {
    if op.is_null() || !is_bytearray(op) {
        let _ = errors::bad_argument();
        return null_mut();
    }
    let b = op as *mut PyByteArrayObject;
    if (*b).ob_base.ob_size == 0 || (*b).ob_start.is_null() {
        return (&raw mut ba::_PyByteArray_empty_string).cast();
    }
    (*b).ob_start
});
exported!(fn PyByteArray_Resize(op: *mut PyObject, size: Py_ssize_t) -> c_int => {
    if op.is_null() || !is_bytearray(op) {
        let _ = errors::bad_argument();
        return -1;
    }
    errors::int_result(ba::resize(op, size))
});
exported!(fn PyByteArray_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject => {
    let view = |o: *mut PyObject| -> Option<&[u8]> {
        if o.is_null() {
            None
        } else if bytesobject::is_bytes(o) {
            Some(bytesobject::as_slice(o))
        } else if is_bytearray(o) {
            Some(ba::as_slice(o))
        } else {
            None
        }
    };
    match (view(a), view(b)) {
        (Some(x), Some(y)) => {
            let mut v = Vec::with_capacity(x.len() + y.len());
            v.extend_from_slice(x);
            v.extend_from_slice(y);
            ptr_result(ba::from_slice(&v))
        }
        _ => {
            let _ = errors::type_error(&format!("can't concat {} to {}", obj::type_name(b), obj::type_name(a)));
            null_mut()
        }
    }
});
