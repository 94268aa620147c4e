//! `floatobject.h` / `cpython/floatobject.h`: float creation, conversion, limits and the
//! IEEE pack/unpack helpers. Wrappers over `ferrython_runtime::objects::floatobject`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::objects::floatobject as float;
use std::ffi::{c_double, c_int, c_uchar};

exported!(fn PyFloat_FromDouble(v: c_double) -> *mut PyObject => ptr_result(float::from_f64(v)));
exported!(fn PyFloat_FromString(v: *mut PyObject) -> *mut PyObject => {
    if v.is_null() {
        return ptr_result(Err(errors::bad_internal_call()));
    }
    ptr_result(float::from_string(v))
});
exported!(fn PyFloat_AsDouble(op: *mut PyObject) -> c_double => {
    if op.is_null() {
        let _ = errors::bad_argument();
        return -1.0;
    }
    float::as_f64(op).unwrap_or(-1.0)
});
exported!(fn PyFloat_GetMax() -> c_double => f64::MAX);
exported!(fn PyFloat_GetMin() -> c_double => f64::MIN_POSITIVE);

exported!(fn PyFloat_Pack2(x: c_double, p: *mut c_uchar, le: c_int) -> c_int =>
    errors::int_result(float::pack2(x, std::slice::from_raw_parts_mut(p, 2), le != 0)));
exported!(fn PyFloat_Pack4(x: c_double, p: *mut c_uchar, le: c_int) -> c_int =>
    errors::int_result(float::pack4(x, std::slice::from_raw_parts_mut(p, 4), le != 0)));
exported!(fn PyFloat_Pack8(x: c_double, p: *mut c_uchar, le: c_int) -> c_int =>
    errors::int_result(float::pack8(x, std::slice::from_raw_parts_mut(p, 8), le != 0)));
exported!(fn PyFloat_Unpack2(p: *const c_uchar, le: c_int) -> c_double =>
    float::unpack2(std::slice::from_raw_parts(p, 2), le != 0));
exported!(fn PyFloat_Unpack4(p: *const c_uchar, le: c_int) -> c_double =>
    float::unpack4(std::slice::from_raw_parts(p, 4), le != 0));
exported!(fn PyFloat_Unpack8(p: *const c_uchar, le: c_int) -> c_double =>
    float::unpack8(std::slice::from_raw_parts(p, 8), le != 0));
exported!(fn PyFloat_GetInfo() -> *mut PyObject => ptr_result(ferrython_runtime::modules::sysmodule::make_float_info()));
