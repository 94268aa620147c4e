//! `complexobject.h` / `cpython/complexobject.h`: complex creation and conversion, and the
//! `_Py_c_*` value arithmetic. Wrappers over `ferrython_runtime::objects::complexobject`.

use ferrython_runtime::abi::complexobject::Py_complex;
use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::objects::complexobject as complex;
use std::ffi::c_double;

/// C's errno, which the `_Py_c_*` functions set as CPython's do.
fn set_errno(e: complex::CError) {
    let code = match e {
        complex::CError::Ok => return,
        complex::CError::Domain => libc::EDOM,
        complex::CError::Range => libc::ERANGE,
    };
    // SAFETY: errno is thread-local storage owned by libc.
    unsafe { *libc::__errno_location() = code };
}

exported!(fn PyComplex_FromCComplex(c: Py_complex) -> *mut PyObject => ptr_result(complex::from_c(c)));
exported!(fn PyComplex_FromDoubles(real: c_double, imag: c_double) -> *mut PyObject =>
    ptr_result(complex::from_doubles(real, imag)));
exported!(fn PyComplex_RealAsDouble(op: *mut PyObject) -> c_double => {
    if op.is_null() {
        let _ = errors::bad_argument();
        return -1.0;
    }
    complex::real_as_f64(op).unwrap_or(-1.0)
});
exported!(fn PyComplex_ImagAsDouble(op: *mut PyObject) -> c_double => {
    if op.is_null() {
        let _ = errors::bad_argument();
        return -1.0;
    }
    complex::imag_as_f64(op)
});
exported!(
    /// On error the result is (-1, 0) with the exception set.
    fn PyComplex_AsCComplex(op: *mut PyObject) -> Py_complex => {
        if op.is_null() {
            let _ = errors::bad_argument();
            return Py_complex { real: -1.0, imag: 0.0 };
        }
        complex::as_c(op).unwrap_or(Py_complex { real: -1.0, imag: 0.0 })
    }
);

exported!(fn _Py_c_sum(a: Py_complex, b: Py_complex) -> Py_complex => complex::c_sum(a, b));
exported!(fn _Py_c_diff(a: Py_complex, b: Py_complex) -> Py_complex => complex::c_diff(a, b));
exported!(fn _Py_c_neg(a: Py_complex) -> Py_complex => complex::c_neg(a));
exported!(fn _Py_c_prod(a: Py_complex, b: Py_complex) -> Py_complex => complex::c_prod(a, b));
exported!(fn _Py_c_quot(a: Py_complex, b: Py_complex) -> Py_complex => {
    let (q, e) = complex::c_quot(a, b);
    set_errno(e);
    q
});
exported!(fn _Py_c_pow(a: Py_complex, b: Py_complex) -> Py_complex => {
    let (p, e) = complex::c_pow(a, b);
    set_errno(e);
    p
});
exported!(fn _Py_c_abs(a: Py_complex) -> c_double => {
    let (r, e) = complex::c_abs(a);
    set_errno(e);
    r
});
