//! `abstract.h`, number protocol: `PyNumber_*`. Wrappers over
//! `ferrython_runtime::objects::abstract::number`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::r#abstract::number;
use std::ffi::c_int;

macro_rules! binary {
    ($($name:ident => $f:ident;)*) => {$(
        exported!(fn $name(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject => ptr_result(number::$f(v, w)));
    )*};
}

binary! {
    PyNumber_Add => add;
    PyNumber_Subtract => subtract;
    PyNumber_Multiply => multiply;
    PyNumber_MatrixMultiply => matrix_multiply;
    PyNumber_FloorDivide => floor_divide;
    PyNumber_TrueDivide => true_divide;
    PyNumber_Remainder => remainder;
    PyNumber_Divmod => divmod;
    PyNumber_Lshift => lshift;
    PyNumber_Rshift => rshift;
    PyNumber_And => and;
    PyNumber_Xor => xor;
    PyNumber_Or => or;
    PyNumber_InPlaceAdd => inplace_add;
    PyNumber_InPlaceSubtract => inplace_subtract;
    PyNumber_InPlaceMultiply => inplace_multiply;
    PyNumber_InPlaceMatrixMultiply => inplace_matrix_multiply;
    PyNumber_InPlaceFloorDivide => inplace_floor_divide;
    PyNumber_InPlaceTrueDivide => inplace_true_divide;
    PyNumber_InPlaceRemainder => inplace_remainder;
    PyNumber_InPlaceLshift => inplace_lshift;
    PyNumber_InPlaceRshift => inplace_rshift;
    PyNumber_InPlaceAnd => inplace_and;
    PyNumber_InPlaceXor => inplace_xor;
    PyNumber_InPlaceOr => inplace_or;
}

exported!(fn PyNumber_Power(v: *mut PyObject, w: *mut PyObject, z: *mut PyObject) -> *mut PyObject =>
    ptr_result(number::power(v, w, z)));
exported!(fn PyNumber_InPlacePower(v: *mut PyObject, w: *mut PyObject, z: *mut PyObject) -> *mut PyObject =>
    ptr_result(number::inplace_power(v, w, z)));

exported!(fn PyNumber_Negative(o: *mut PyObject) -> *mut PyObject => ptr_result(number::negative(o)));
exported!(fn PyNumber_Positive(o: *mut PyObject) -> *mut PyObject => ptr_result(number::positive(o)));
exported!(fn PyNumber_Invert(o: *mut PyObject) -> *mut PyObject => ptr_result(number::invert(o)));
exported!(fn PyNumber_Absolute(o: *mut PyObject) -> *mut PyObject => ptr_result(number::absolute(o)));

exported!(fn PyNumber_Check(o: *mut PyObject) -> c_int => number::check(o) as c_int);
exported!(fn PyIndex_Check(o: *mut PyObject) -> c_int => number::index_check(o) as c_int);
exported!(fn PyNumber_Index(o: *mut PyObject) -> *mut PyObject => ptr_result(number::index(o)));
exported!(fn _PyNumber_Index(o: *mut PyObject) -> *mut PyObject => ptr_result(number::index_raw(o)));
exported!(fn PyNumber_AsSsize_t(o: *mut PyObject, exc: *mut PyObject) -> Py_ssize_t =>
    number::as_ssize_t(o, exc).unwrap_or(-1));
exported!(fn PyNumber_Long(o: *mut PyObject) -> *mut PyObject => ptr_result(number::long(o)));
exported!(fn PyNumber_Float(o: *mut PyObject) -> *mut PyObject => ptr_result(number::float(o)));
exported!(fn PyNumber_ToBase(n: *mut PyObject, base: c_int) -> *mut PyObject => ptr_result(number::to_base(n, base)));
exported!(fn PyObject_Format(obj: *mut PyObject, spec: *mut PyObject) -> *mut PyObject =>
    ptr_result(number::format(obj, spec)));
