//! `modsupport.h` value building and module filling: the Rust halves of the variadic
//! builders in `c/modsupport.c` (`_Fy_build_*`, which read the caller's arguments through
//! the `_fy_va_*` readers), and the `PyModule_Add*` helpers.

use ferrython_runtime::abi::object::{PyObject, PyTypeObject, Py_ssize_t};
use ferrython_runtime::errors;
use ferrython_runtime::modsupport::{self as ms, ArgSource};
use std::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void, CStr};
use std::ptr::null_mut;

extern "C" {
    fn _fy_va_int(va: *mut c_void) -> c_int;
    fn _fy_va_uint(va: *mut c_void) -> c_uint;
    fn _fy_va_long(va: *mut c_void) -> c_long;
    fn _fy_va_ulong(va: *mut c_void) -> c_ulong;
    fn _fy_va_longlong(va: *mut c_void) -> i64;
    fn _fy_va_ulonglong(va: *mut c_void) -> u64;
    fn _fy_va_ssize(va: *mut c_void) -> Py_ssize_t;
    fn _fy_va_double(va: *mut c_void) -> f64;
    fn _fy_va_voidptr(va: *mut c_void) -> *mut c_void;
}

/// The caller's arguments, read from its `va_list`.
struct VaArgs(*mut c_void);

impl ArgSource for VaArgs {
    unsafe fn int(&mut self) -> c_int {
        _fy_va_int(self.0)
    }
    unsafe fn uint(&mut self) -> c_uint {
        _fy_va_uint(self.0)
    }
    unsafe fn long(&mut self) -> c_long {
        _fy_va_long(self.0)
    }
    unsafe fn ulong(&mut self) -> c_ulong {
        _fy_va_ulong(self.0)
    }
    unsafe fn longlong(&mut self) -> i64 {
        _fy_va_longlong(self.0)
    }
    unsafe fn ulonglong(&mut self) -> u64 {
        _fy_va_ulonglong(self.0)
    }
    unsafe fn ssize(&mut self) -> Py_ssize_t {
        _fy_va_ssize(self.0)
    }
    unsafe fn double(&mut self) -> f64 {
        _fy_va_double(self.0)
    }
    unsafe fn ptr(&mut self) -> *mut c_void {
        _fy_va_voidptr(self.0)
    }
}

exported!(
    /// `Py_BuildValue` and friends (flags: 1 for Py_ssize_t `#` lengths).
    fn _Fy_build_value(format: *const c_char, va: *mut c_void, flags: c_int) -> *mut PyObject => {
        if format.is_null() {
            let _ = errors::system_error("NULL format passed to Py_BuildValue");
            return null_mut();
        }
        let mut args = VaArgs(va);
        errors::ptr_result(ms::build_value(CStr::from_ptr(format).to_bytes(), &mut args, flags as u32))
    }
);

exported!(
    /// `_Py_VaBuildStack*`: the values in `small_stack` when they fit, else in a new
    /// PyMem_Malloc'd array; NULL with an exception on failure.
    fn _Fy_build_stack(small_stack: *mut *mut PyObject, small_len: Py_ssize_t, format: *const c_char,
                       va: *mut c_void, flags: c_int, p_nargs: *mut Py_ssize_t) -> *mut *mut PyObject => {
        let mut args = VaArgs(va);
        let values = match ms::build_stack(CStr::from_ptr(format).to_bytes(), &mut args, flags as u32) {
            Ok(v) => v,
            Err(_) => {
                *p_nargs = 0;
                return null_mut();
            }
        };
        let n = values.len();
        let stack = if n as Py_ssize_t <= small_len {
            small_stack
        } else {
            let mem = ferrython_runtime::mem::mem_malloc(n * std::mem::size_of::<*mut PyObject>()) as *mut *mut PyObject;
            if mem.is_null() {
                *p_nargs = 0;
                let _ = errors::no_memory();
                return null_mut();
            }
            mem
        };
        for (i, v) in values.into_iter().enumerate() {
            *stack.add(i) = v.into_raw();
        }
        *p_nargs = n as Py_ssize_t;
        stack
    }
);

/// A module attribute name as Rust text.
unsafe fn name_str<'a>(name: *const c_char) -> std::borrow::Cow<'a, str> {
    CStr::from_ptr(name).to_string_lossy()
}

exported!(fn PyModule_AddObjectRef(module: *mut PyObject, name: *const c_char, value: *mut PyObject) -> c_int =>
    errors::int_result(ms::add_object_ref(module, &name_str(name), value)));
exported!(
    /// Steals `value` on success only (the 3.11 contract).
    fn PyModule_AddObject(module: *mut PyObject, name: *const c_char, value: *mut PyObject) -> c_int => {
        let r = PyModule_AddObjectRef(module, name, value);
        if r == 0 {
            ferrython_runtime::objects::object::decref(value);
        }
        r
    }
);
exported!(
    /// Steals `value` always.
    fn _PyModule_Add(module: *mut PyObject, name: *const c_char, value: *mut PyObject) -> c_int => {
        let r = PyModule_AddObjectRef(module, name, value);
        ferrython_runtime::objects::object::xdecref(value);
        r
    }
);
exported!(fn PyModule_AddIntConstant(module: *mut PyObject, name: *const c_char, value: c_long) -> c_int =>
    errors::int_result(ms::add_int_constant(module, &name_str(name), value)));
exported!(fn PyModule_AddStringConstant(module: *mut PyObject, name: *const c_char, value: *const c_char) -> c_int =>
    errors::int_result(ms::add_string_constant(module, &name_str(name), CStr::from_ptr(value).to_bytes())));
exported!(fn PyModule_AddType(module: *mut PyObject, tp: *mut PyTypeObject) -> c_int =>
    errors::int_result(ms::add_type(module, tp)));
