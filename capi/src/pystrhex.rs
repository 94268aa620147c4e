//! `pystrhex.h`: `_Py_strhex*`, the hex dumps binascii, hashlib and bytes.hex use.
//! Wrappers over `ferrython_runtime::pystrhex`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::pystrhex::hexlify;
use std::ffi::{c_char, c_int};
use std::ptr::null_mut;

unsafe fn input<'a>(buf: *const c_char, len: Py_ssize_t) -> &'a [u8] {
    if len <= 0 {
        &[]
    } else {
        // SAFETY: the caller passes `len` readable bytes at `buf`.
        unsafe { std::slice::from_raw_parts(buf as *const u8, len as usize) }
    }
}

exported!(fn _Py_strhex(buf: *const c_char, len: Py_ssize_t) -> *mut PyObject =>
    ptr_result(hexlify(input(buf, len), null_mut(), 0, false)));
exported!(fn _Py_strhex_bytes(buf: *const c_char, len: Py_ssize_t) -> *mut PyObject =>
    ptr_result(hexlify(input(buf, len), null_mut(), 0, true)));
exported!(fn _Py_strhex_with_sep(buf: *const c_char, len: Py_ssize_t, sep: *mut PyObject, per_sep: c_int) -> *mut PyObject =>
    ptr_result(hexlify(input(buf, len), sep, per_sep, false)));
exported!(fn _Py_strhex_bytes_with_sep(buf: *const c_char, len: Py_ssize_t, sep: *mut PyObject, per_sep: c_int) -> *mut PyObject =>
    ptr_result(hexlify(input(buf, len), sep, per_sep, true)));
