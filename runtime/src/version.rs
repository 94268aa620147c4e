//! The version this library presents: CPython 3.11.7's, since programs and tools (py-spy,
//! austin, extension loaders) decide what they are talking to from it.

/// `Py_Version`: `PY_VERSION_HEX` as data (3.11.7 final). py-spy reads 4 bytes, austin 8.
#[no_mangle]
pub static Py_Version: core::ffi::c_ulong = 0x030B07F0;
