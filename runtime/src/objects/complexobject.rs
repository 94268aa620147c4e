//! `complex` (CPython's Objects/complexobject.c): `PyComplexObject`, the `_Py_c_*`
//! arithmetic on `Py_complex` values (Smith's division, integer powers by squaring), the
//! number slots with CPython's errors, repr, hash and equality with ints and floats.

use super::floatobject;
use super::longobject;
use super::typeobject::static_type;
use crate::abi::complexobject::{PyComplexObject, Py_complex};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::numeric::dtoa;
use crate::objects::object::{self as obj, Ref};
use core::ffi::c_int;

#[no_mangle]
pub static mut PyComplex_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(complex_dealloc),
    tp_repr: Some(complex_repr),
    tp_as_number: &raw mut COMPLEX_AS_NUMBER,
    tp_hash: Some(complex_hash),
    tp_richcompare: Some(complex_richcompare),
    tp_methods: (&raw mut COMPLEX_METHODS).cast(),
    tp_members: (&raw mut COMPLEX_MEMBERS).cast(),
    tp_new: Some(complex_new),
    tp_doc: COMPLEX_DOC.as_ptr(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"complex",
        32,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    )
};

static mut COMPLEX_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(complex_add),
    nb_subtract: Some(complex_sub),
    nb_multiply: Some(complex_mul),
    nb_power: Some(complex_pow),
    nb_negative: Some(complex_neg),
    nb_positive: Some(complex_pos),
    nb_absolute: Some(complex_abs),
    nb_bool: Some(complex_bool),
    nb_true_divide: Some(complex_div),
    ..PyNumberMethods::EMPTY
};

/// `PyComplex_Check` (complex has its own layout: subclasses keep it on `tp_base`).
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn is_complex(op: *mut PyObject) -> bool {
    let mut tp = obj::py_type(op);
    while !tp.is_null() {
        if tp == &raw mut PyComplex_Type {
            return true;
        }
        tp = (*tp).tp_base;
    }
    false
}

/// `PyComplex_CheckExact`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn is_exact_complex(op: *mut PyObject) -> bool {
    obj::is_type(op, &raw mut PyComplex_Type)
}

/// The value of a complex object.
///
/// # Safety
/// `op` is a live complex.
pub unsafe fn value(op: *mut PyObject) -> Py_complex {
    (*(op as *mut PyComplexObject)).cval
}

/// `PyComplex_FromCComplex`.
pub fn from_c(c: Py_complex) -> PyResult<Ref> {
    // SAFETY: complex is a static, non-GC type of tp_basicsize 32.
    unsafe {
        let op = obj::new_object(&raw mut PyComplex_Type)?;
        (*(op as *mut PyComplexObject)).cval = c;
        Ok(Ref::from_raw(op))
    }
}

/// `PyComplex_FromDoubles`.
pub fn from_doubles(real: f64, imag: f64) -> PyResult<Ref> {
    from_c(Py_complex { real, imag })
}

unsafe extern "C" fn complex_dealloc(op: *mut PyObject) {
    let tp = obj::py_type(op);
    match (*tp).tp_free {
        Some(free) if tp != &raw mut PyComplex_Type => free(op.cast()),
        _ => crate::mem::obj_free(op.cast()),
    }
}

// ---------------------------------------------------------------------------------------------
// `_Py_c_*`: arithmetic on values. Errors are reported like C's errno: EDOM for a division by
// zero (or 0 to a negative/complex power), ERANGE for overflow.

/// An errno-style outcome of complex arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CError {
    Ok,
    Domain,
    Range,
}

pub fn c_sum(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real + b.real,
        imag: a.imag + b.imag,
    }
}

pub fn c_diff(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real - b.real,
        imag: a.imag - b.imag,
    }
}

pub fn c_neg(a: Py_complex) -> Py_complex {
    Py_complex {
        real: -a.real,
        imag: -a.imag,
    }
}

pub fn c_prod(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real * b.real - a.imag * b.imag,
        imag: a.real * b.imag + a.imag * b.real,
    }
}

/// Smith's algorithm; a zero divisor is a domain error (result 0).
pub fn c_quot(a: Py_complex, b: Py_complex) -> (Py_complex, CError) {
    let abs_breal = b.real.abs();
    let abs_bimag = b.imag.abs();
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return (
                Py_complex {
                    real: 0.0,
                    imag: 0.0,
                },
                CError::Domain,
            );
        }
        let ratio = b.imag / b.real;
        let denom = b.real + b.imag * ratio;
        (
            Py_complex {
                real: (a.real + a.imag * ratio) / denom,
                imag: (a.imag - a.real * ratio) / denom,
            },
            CError::Ok,
        )
    } else if abs_bimag >= abs_breal {
        let ratio = b.real / b.imag;
        let denom = b.real * ratio + b.imag;
        (
            Py_complex {
                real: (a.real * ratio + a.imag) / denom,
                imag: (a.imag * ratio - a.real) / denom,
            },
            CError::Ok,
        )
    } else {
        // At least one part of the divisor is a NaN.
        (
            Py_complex {
                real: f64::NAN,
                imag: f64::NAN,
            },
            CError::Ok,
        )
    }
}

/// `_Py_c_pow` through polar form.
pub fn c_pow(a: Py_complex, b: Py_complex) -> (Py_complex, CError) {
    if b.real == 0.0 && b.imag == 0.0 {
        return (
            Py_complex {
                real: 1.0,
                imag: 0.0,
            },
            CError::Ok,
        );
    }
    if a.real == 0.0 && a.imag == 0.0 {
        let err = if b.imag != 0.0 || b.real < 0.0 {
            CError::Domain
        } else {
            CError::Ok
        };
        return (
            Py_complex {
                real: 0.0,
                imag: 0.0,
            },
            err,
        );
    }
    let vabs = a.real.hypot(a.imag);
    let mut len = vabs.powf(b.real);
    let at = a.imag.atan2(a.real);
    let mut phase = at * b.real;
    if b.imag != 0.0 {
        len /= (at * b.imag).exp();
        phase += b.imag * vabs.ln();
    }
    (
        Py_complex {
            real: len * phase.cos(),
            imag: len * phase.sin(),
        },
        CError::Ok,
    )
}

fn c_powu(x: Py_complex, n: i64) -> Py_complex {
    let mut r = Py_complex {
        real: 1.0,
        imag: 0.0,
    };
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

fn c_powi(x: Py_complex, n: i64) -> (Py_complex, CError) {
    if n > 0 {
        (c_powu(x, n), CError::Ok)
    } else {
        c_quot(
            Py_complex {
                real: 1.0,
                imag: 0.0,
            },
            c_powu(x, -n),
        )
    }
}

/// `_Py_c_abs`: C99 rules for infinities and NaNs; overflow is a range error.
pub fn c_abs(z: Py_complex) -> (f64, CError) {
    if !z.real.is_finite() || !z.imag.is_finite() {
        if z.real.is_infinite() {
            return (z.real.abs(), CError::Ok);
        }
        if z.imag.is_infinite() {
            return (z.imag.abs(), CError::Ok);
        }
        return (f64::NAN, CError::Ok);
    }
    let r = z.real.hypot(z.imag);
    (
        r,
        if r.is_finite() {
            CError::Ok
        } else {
            CError::Range
        },
    )
}

/// The complex power as `complex.__pow__` computes it (small integer exponents by
/// squaring), with `_Py_ADJUST_ERANGE2`: an infinite part is a range error.
pub fn complex_power(a: Py_complex, b: Py_complex) -> (Py_complex, CError) {
    let (p, mut err) = if b.imag == 0.0 && b.real == b.real.floor() && b.real.abs() <= 100.0 {
        c_powi(a, b.real as i64)
    } else {
        c_pow(a, b)
    };
    if p.real.is_infinite() || p.imag.is_infinite() {
        if err == CError::Ok {
            err = CError::Range;
        }
    } else if err == CError::Range {
        err = CError::Ok;
    }
    (p, err)
}

// ---------------------------------------------------------------------------------------------
// Conversion of objects.

/// `PyComplex_AsCComplex`: a complex's value, `__complex__`, or the float value with 0j.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_c(op: *mut PyObject) -> PyResult<Py_complex> {
    if is_complex(op) {
        return Ok(value(op));
    }
    if let Some(f) = obj::lookup_special(op, crate::_Py_ID!(__complex__))? {
        let r = super::call::call_no_args(f.as_ptr())?;
        if !is_complex(r.as_ptr()) {
            return Err(errors::type_error(&format!(
                "__complex__ returned non-complex (type {:.200})",
                obj::type_name(r.as_ptr())
            )));
        }
        return Ok(value(r.as_ptr()));
    }
    Ok(Py_complex {
        real: floatobject::as_f64(op)?,
        imag: 0.0,
    })
}

/// `PyComplex_RealAsDouble`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn real_as_f64(op: *mut PyObject) -> PyResult<f64> {
    if is_complex(op) {
        Ok(value(op).real)
    } else {
        floatobject::as_f64(op)
    }
}

/// `PyComplex_ImagAsDouble`: 0.0 for anything but a complex.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn imag_as_f64(op: *mut PyObject) -> f64 {
    if is_complex(op) {
        value(op).imag
    } else {
        0.0
    }
}

/// An operand of complex arithmetic: complex, int (OverflowError if too large), float;
/// None means NotImplemented.
unsafe fn operand(op: *mut PyObject) -> PyResult<Option<Py_complex>> {
    if is_complex(op) {
        Ok(Some(value(op)))
    } else if longobject::is_int(op) {
        Ok(Some(Py_complex {
            real: longobject::as_f64(op)?,
            imag: 0.0,
        }))
    } else if floatobject::is_float(op) {
        Ok(Some(Py_complex {
            real: floatobject::value(op),
            imag: 0.0,
        }))
    } else {
        Ok(None)
    }
}

unsafe fn binary(
    a: *mut PyObject,
    b: *mut PyObject,
    f: impl FnOnce(Py_complex, Py_complex) -> PyResult<Ref>,
) -> *mut PyObject {
    let x = match operand(a) {
        Ok(Some(x)) => x,
        Ok(None) => return obj::new_ref(obj::not_implemented()).into_raw(),
        Err(_) => return core::ptr::null_mut(),
    };
    let y = match operand(b) {
        Ok(Some(y)) => y,
        Ok(None) => return obj::new_ref(obj::not_implemented()).into_raw(),
        Err(_) => return core::ptr::null_mut(),
    };
    errors::ptr_result(f(x, y))
}

unsafe extern "C" fn complex_add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| from_c(c_sum(x, y)))
}

unsafe extern "C" fn complex_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| from_c(c_diff(x, y)))
}

unsafe extern "C" fn complex_mul(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| from_c(c_prod(x, y)))
}

unsafe extern "C" fn complex_div(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| match c_quot(x, y) {
        (_, CError::Domain) => Err(errors::zero_division_error("complex division by zero")),
        (q, _) => from_c(q),
    })
}

unsafe extern "C" fn complex_pow(
    a: *mut PyObject,
    b: *mut PyObject,
    c: *mut PyObject,
) -> *mut PyObject {
    binary(a, b, |x, y| {
        if c != obj::none() {
            return Err(errors::value_error("complex modulo"));
        }
        match complex_power(x, y) {
            (_, CError::Domain) => Err(errors::zero_division_error(
                "0.0 to a negative or complex power",
            )),
            (_, CError::Range) => Err(errors::overflow_error("complex exponentiation")),
            (p, CError::Ok) => from_c(p),
        }
    })
}

unsafe extern "C" fn complex_neg(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(from_c(c_neg(value(a))))
}

unsafe extern "C" fn complex_pos(a: *mut PyObject) -> *mut PyObject {
    if is_exact_complex(a) {
        return obj::new_ref(a).into_raw();
    }
    errors::ptr_result(from_c(value(a)))
}

unsafe extern "C" fn complex_abs(a: *mut PyObject) -> *mut PyObject {
    match c_abs(value(a)) {
        (_, CError::Range) => {
            errors::ptr_result(Err(errors::overflow_error("absolute value too large")))
        }
        (r, _) => errors::ptr_result(floatobject::from_f64(r)),
    }
}

unsafe extern "C" fn complex_bool(a: *mut PyObject) -> c_int {
    let v = value(a);
    (v.real != 0.0 || v.imag != 0.0) as c_int
}

/// `repr(complex)`: `Nj` for a +0.0 real part, else `(R±Ij)`, each part in repr form.
pub fn repr_text(c: Py_complex) -> String {
    let part = |v: f64, flags: i32| {
        dtoa::double_to_string(v, b'r', 0, flags)
            .map(|(s, _)| s)
            .unwrap_or_default()
    };
    if c.real == 0.0 && c.real.is_sign_positive() {
        format!("{}j", part(c.imag, 0))
    } else {
        format!("({}{}j)", part(c.real, 0), part(c.imag, dtoa::DTSF_SIGN))
    }
}

unsafe extern "C" fn complex_repr(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(super::unicodeobject::new_str(&repr_text(value(a))))
}

unsafe extern "C" fn complex_hash(a: *mut PyObject) -> Py_hash_t {
    let v = value(a);
    let hr = crate::pyhash::hash_double(a, v.real) as u64;
    let hi = crate::pyhash::hash_double(a, v.imag) as u64;
    let combined = hr.wrapping_add((crate::pyhash::PYHASH_IMAG as u64).wrapping_mul(hi)) as i64;
    if combined == -1 {
        -2
    } else {
        combined as Py_hash_t
    }
}

unsafe extern "C" fn complex_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    const PY_EQ: c_int = 2;
    const PY_NE: c_int = 3;
    if op != PY_EQ && op != PY_NE {
        return obj::new_ref(obj::not_implemented()).into_raw();
    }
    let i = value(v);
    let equal = if longobject::is_int(w) {
        // Compare exactly: only a zero imaginary part can equal an int.
        if i.imag == 0.0 {
            if !i.real.is_finite() {
                false
            } else {
                match floatobject::compare_with_int(i.real, w) {
                    Ok(ord) => ord == core::cmp::Ordering::Equal,
                    Err(_) => return core::ptr::null_mut(),
                }
            }
        } else {
            false
        }
    } else if floatobject::is_float(w) {
        i.real == floatobject::value(w) && i.imag == 0.0
    } else if is_complex(w) {
        let j = value(w);
        i.real == j.real && i.imag == j.imag
    } else {
        return obj::new_ref(obj::not_implemented()).into_raw();
    };
    super::boolobject::from_bool(if op == PY_EQ { equal } else { !equal }).into_raw()
}

// ---------------------------------------------------------------------------------------------
// Methods, members and the constructor (`complex.__dict__`).

use super::longobject::{method, METHOD_SENTINEL};
use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_DOUBLE};
use core::ffi::CStr;
use core::ptr::null_mut;

pub static mut COMPLEX_METHODS: [PyMethodDef; 5] = [
    method(c"conjugate", complex_conjugate, METH_NOARGS, c"conjugate($self, /)\n--\n\nReturn the complex conjugate of its argument. (3-4j).conjugate() == 3+4j."),
    method(c"__complex__", complex_complex, METH_NOARGS, c"__complex__($self, /)\n--\n\nConvert this value to exact type complex."),
    method(c"__getnewargs__", complex_getnewargs, METH_NOARGS, c"__getnewargs__($self, /)\n--\n\n"),
    method(c"__format__", complex_format, METH_O, c"__format__($self, format_spec, /)\n--\n\nConvert to a string according to format_spec."),
    METHOD_SENTINEL,
];

pub static mut COMPLEX_MEMBERS: [PyMemberDef; 3] = [
    PyMemberDef {
        name: c"real".as_ptr(),
        type_: T_DOUBLE,
        offset: 16,
        flags: READONLY,
        doc: c"the real part of a complex number".as_ptr(),
    },
    PyMemberDef {
        name: c"imag".as_ptr(),
        type_: T_DOUBLE,
        offset: 24,
        flags: READONLY,
        doc: c"the imaginary part of a complex number".as_ptr(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

const _: () = assert!(core::mem::offset_of!(PyComplexObject, cval) == 16);

/// `complex.__doc__`.
pub const COMPLEX_DOC: &CStr = c"complex(real=0, imag=0)\n--\n\nCreate a complex number from a real part and an optional imaginary part.\n\nThis is equivalent to (real + imag*1j) where imag defaults to 0.";

unsafe extern "C" fn complex_conjugate(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let v = value(op);
    errors::ptr_result(from_doubles(v.real, -v.imag))
}

unsafe extern "C" fn complex_complex(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    complex_pos(op)
}

unsafe extern "C" fn complex_getnewargs(
    op: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    let v = value(op);
    let r = (|| {
        let re = floatobject::from_f64(v.real)?;
        let im = floatobject::from_f64(v.imag)?;
        super::tupleobject::pack(&[re.as_ptr(), im.as_ptr()])
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn complex_format(op: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    let r = (|| {
        if !obj::has_feature(obj::py_type(spec), Py_TPFLAGS_UNICODE_SUBCLASS) {
            return Err(crate::getargs::bad_argument(
                "__format__",
                "argument",
                "str",
                spec,
            ));
        }
        let text = super::unicodeobject::to_string_lossy(spec);
        super::unicodeobject::new_str(&crate::numeric::format::format_complex(op, &text)?)
    })();
    errors::ptr_result(r)
}

/// `complex(string)`: `<float>`, `<float>j`, `<float><signed-float>j` and the bare-sign
/// forms, optionally in parentheses, with surrounding whitespace.
pub fn parse_complex_text(text: &[u8]) -> PyResult<(f64, f64)> {
    let malformed = || errors::value_error("complex() arg is a malformed string");
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let mut s = 0;
    while is_space(at(s)) {
        s += 1;
    }
    let mut got_bracket = false;
    if at(s) == b'(' {
        got_bracket = true;
        s += 1;
        while is_space(at(s)) {
            s += 1;
        }
    }
    let (mut x, mut y) = (0.0, 0.0);
    let (z, used) = crate::pystrtod::strtod_prefix(&text[s.min(text.len())..]);
    if used > 0 {
        s += used;
        if at(s) == b'+' || at(s) == b'-' {
            x = z;
            let (w, used2) = crate::pystrtod::strtod_prefix(&text[s..]);
            if used2 > 0 {
                y = w;
                s += used2;
            } else {
                y = if at(s) == b'+' { 1.0 } else { -1.0 };
                s += 1;
            }
            if !(at(s) == b'j' || at(s) == b'J') {
                return Err(malformed());
            }
            s += 1;
        } else if at(s) == b'j' || at(s) == b'J' {
            s += 1;
            y = z;
        } else {
            x = z;
        }
    } else {
        if at(s) == b'+' || at(s) == b'-' {
            y = if at(s) == b'+' { 1.0 } else { -1.0 };
            s += 1;
        } else {
            y = 1.0;
        }
        if !(at(s) == b'j' || at(s) == b'J') {
            return Err(malformed());
        }
        s += 1;
    }
    while is_space(at(s)) {
        s += 1;
    }
    if got_bracket {
        if at(s) != b')' {
            return Err(malformed());
        }
        s += 1;
        while is_space(at(s)) {
            s += 1;
        }
    }
    if s != text.len() {
        return Err(malformed());
    }
    Ok((x, y))
}

/// An instance of `tp` (complex or a subclass) with the given value.
unsafe fn subtype_from_doubles(tp: *mut PyTypeObject, real: f64, imag: f64) -> PyResult<Ref> {
    if tp == &raw mut PyComplex_Type {
        return from_doubles(real, imag);
    }
    let alloc_fn = (*tp)
        .tp_alloc
        .ok_or_else(|| errors::type_error("complex subclass without tp_alloc"))?;
    let op = Ref::from_result(alloc_fn(tp, 0))?;
    (*(op.as_ptr() as *mut PyComplexObject)).cval = Py_complex { real, imag };
    Ok(op)
}

/// `__complex__` of an object, checked to return a complex.
unsafe fn try_complex_special_method(op: *mut PyObject) -> PyResult<Option<Ref>> {
    let Some(f) = obj::lookup_special(op, crate::_Py_ID!(__complex__))? else {
        return Ok(None);
    };
    let r = super::call::call_no_args(f.as_ptr())?;
    if !is_complex(r.as_ptr()) {
        return Err(errors::type_error(&format!(
            "__complex__ returned non-complex (type {:.200})",
            obj::type_name(r.as_ptr())
        )));
    }
    Ok(Some(r))
}

unsafe fn has_real_number_slots(op: *mut PyObject) -> bool {
    let nb = (*obj::py_type(op)).tp_as_number;
    !nb.is_null() && (is_complex(op) || (*nb).nb_float.is_some() || (*nb).nb_index.is_some())
}

/// `complex(real=0, imag=0)`.
unsafe extern "C" fn complex_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        let mut out: [*mut PyObject; 2] = [null_mut(); 2];
        crate::getargs::unpack_keywords_tuple(
            args,
            kwargs,
            "complex",
            &["real", "imag"],
            0,
            2,
            &mut out,
        )?;
        let (r, i) = (out[0], out[1]);
        if r.is_null() {
            let zero = longobject::from_i64(0)?;
            return complex_new_impl(tp, zero.as_ptr(), i);
        }
        complex_new_impl(tp, r, i)
    })();
    errors::ptr_result(r)
}

unsafe fn complex_new_impl(
    tp: *mut PyTypeObject,
    r: *mut PyObject,
    i: *mut PyObject,
) -> PyResult<Ref> {
    if is_exact_complex(r) && i.is_null() && tp == &raw mut PyComplex_Type {
        return Ok(obj::new_ref(r));
    }
    let is_str = |o: *mut PyObject| obj::has_feature(obj::py_type(o), Py_TPFLAGS_UNICODE_SUBCLASS);
    if is_str(r) {
        if !i.is_null() {
            return Err(errors::type_error(
                "complex() can't take second arg if first is a string",
            ));
        }
        let text = longobject::unicode_to_ascii_number(r);
        let Some(clean) = crate::pystrtod::remove_underscores(&text) else {
            return Err(errors::value_error(&format!(
                "could not convert string to complex: {}",
                obj::repr_for_message(r)
            )));
        };
        let (x, y) = parse_complex_text(&clean)?;
        return subtype_from_doubles(tp, x, y);
    }
    if !i.is_null() && is_str(i) {
        return Err(errors::type_error("complex() second arg can't be a string"));
    }
    let special = try_complex_special_method(r)?;
    let r = special.as_ref().map_or(r, |s| s.as_ptr());
    if !has_real_number_slots(r) {
        return Err(errors::type_error(&format!(
            "complex() first argument must be a string or a number, not '{:.200}'",
            obj::type_name(r)
        )));
    }
    if !i.is_null() && !has_real_number_slots(i) {
        return Err(errors::type_error(&format!(
            "complex() second argument must be a number, not '{:.200}'",
            obj::type_name(i)
        )));
    }
    let (cr, cr_is_complex) = if is_complex(r) {
        (value(r), true)
    } else {
        let f = super::r#abstract::number::float(r)?;
        (
            Py_complex {
                real: floatobject::value(f.as_ptr()),
                imag: 0.0,
            },
            false,
        )
    };
    let mut ci = Py_complex {
        real: 0.0,
        imag: 0.0,
    };
    let mut ci_is_complex = false;
    if i.is_null() {
        ci.real = cr.imag;
    } else if is_complex(i) {
        ci = value(i);
        ci_is_complex = true;
    } else {
        let f = super::r#abstract::number::float(i)?;
        ci.real = floatobject::value(f.as_ptr());
    }
    let mut real = cr.real;
    if ci_is_complex {
        real -= ci.imag;
    }
    if cr_is_complex && !i.is_null() {
        ci.real += cr.imag;
    }
    subtype_from_doubles(tp, real, ci.real)
}
