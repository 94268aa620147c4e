//! `pystrcmp.h`: case-insensitive C string comparison. Wrappers over `ferrython_runtime::pyctype`.

use ferrython_runtime::abi::object::Py_ssize_t;
use ferrython_runtime::pyctype;
use std::ffi::{c_char, c_int};

exported!(fn PyOS_mystrnicmp(s1: *const c_char, s2: *const c_char, size: Py_ssize_t) -> c_int =>
    pyctype::strnicmp(s1 as *const u8, s2 as *const u8, size));
exported!(fn PyOS_mystricmp(s1: *const c_char, s2: *const c_char) -> c_int =>
    pyctype::stricmp(s1 as *const u8, s2 as *const u8));
