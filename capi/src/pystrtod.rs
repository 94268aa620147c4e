//! `pystrtod.h`: `PyOS_string_to_double`, `PyOS_double_to_string`, `_Py_parse_inf_or_nan`.
//! Wrappers over `ferrython_runtime::pystrtod`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors;
use ferrython_runtime::pystrtod;
use std::ffi::{c_char, c_double, c_int, CStr};
use std::ptr::null_mut;

exported!(
    /// With `endptr` NULL the whole string must be a float; otherwise `*endptr` is set past
    /// the parsed prefix (to `s` when there is none).
    fn PyOS_string_to_double(s: *const c_char, endptr: *mut *mut c_char, overflow_exception: *mut PyObject) -> c_double => {
        let bytes = CStr::from_ptr(s).to_bytes();
        let (r, used) = pystrtod::string_to_double(bytes, !endptr.is_null(), overflow_exception);
        if !endptr.is_null() {
            *endptr = s.add(used) as *mut c_char;
        }
        r.unwrap_or(-1.0)
    }
);

exported!(
    /// The result is a `PyMem_Malloc` block the caller frees with `PyMem_Free`.
    fn PyOS_double_to_string(val: c_double, format_code: c_char, precision: c_int, flags: c_int, ptype: *mut c_int) -> *mut c_char => {
        let Some((text, kind)) = pystrtod::double_to_string(val, format_code as u8, precision, flags) else {
            let _ = errors::bad_internal_call();
            return null_mut();
        };
        let buf = ferrython_runtime::mem::mem_malloc(text.len() + 1) as *mut u8;
        if buf.is_null() {
            let _ = errors::no_memory();
            return null_mut();
        }
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf, text.len());
        *buf.add(text.len()) = 0;
        if !ptype.is_null() {
            *ptype = kind;
        }
        buf as *mut c_char
    }
);

exported!(fn _Py_parse_inf_or_nan(p: *const c_char, endptr: *mut *mut c_char) -> c_double => {
    let bytes = CStr::from_ptr(p).to_bytes();
    match pystrtod::parse_inf_or_nan(bytes) {
        Some((v, used)) => { *endptr = p.add(used) as *mut c_char; v }
        None => { *endptr = p as *mut c_char; -1.0 }
    }
});

// dtoa.c's special values, used by math and cmath in lib-dynload.
exported!(fn _Py_dg_infinity(sign: c_int) -> c_double =>
    ferrython_runtime::numeric::dtoa::infinity(sign != 0));
exported!(fn _Py_dg_stdnan(sign: c_int) -> c_double =>
    ferrython_runtime::numeric::dtoa::std_nan(sign != 0));
