//! `float` (CPython's Objects/floatobject.c): `PyFloatObject`, conversion from objects
//! (`__float__`, `__index__`, text), the shortest repr, arithmetic with Python's sign rules
//! for `%` and `//`, `**` edge cases, exact comparison with ints, the numeric hash, and the
//! type's methods (hex/fromhex, as_integer_ratio, is_integer, round).

use super::longobject;
use super::typeobject::static_type;
use crate::abi::floatobject::PyFloatObject;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::numeric::{dtoa, libm};
use crate::objects::object::{self as obj, Ref};
use core::cmp::Ordering;
use core::ffi::c_int;

#[no_mangle]
pub static mut PyFloat_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(float_dealloc),
    tp_repr: Some(float_repr),
    tp_as_number: &raw mut FLOAT_AS_NUMBER,
    tp_hash: Some(float_hash),
    tp_richcompare: Some(float_richcompare),
    tp_methods: (&raw mut FLOAT_METHODS).cast(),
    tp_getset: (&raw mut FLOAT_GETSET).cast(),
    tp_new: Some(float_new),
    tp_doc: FLOAT_DOC.as_ptr(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"float",
        24,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF,
    )
};

static mut FLOAT_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(float_add),
    nb_subtract: Some(float_sub),
    nb_multiply: Some(float_mul),
    nb_remainder: Some(float_rem),
    nb_divmod: Some(float_divmod),
    nb_power: Some(float_pow),
    nb_negative: Some(float_neg),
    nb_positive: Some(float_float),
    nb_absolute: Some(float_abs),
    nb_bool: Some(float_bool),
    nb_int: Some(float_trunc),
    nb_float: Some(float_float),
    nb_floor_divide: Some(float_floor_div),
    nb_true_divide: Some(float_div),
    ..PyNumberMethods::EMPTY
};

/// `PyFloat_Check`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn is_float(op: *mut PyObject) -> bool {
    // float has its own layout, so every subclass has it on its `tp_base` chain.
    let mut tp = obj::py_type(op);
    while !tp.is_null() {
        if tp == &raw mut PyFloat_Type {
            return true;
        }
        tp = (*tp).tp_base;
    }
    false
}

/// `PyFloat_CheckExact`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn is_exact_float(op: *mut PyObject) -> bool {
    obj::is_type(op, &raw mut PyFloat_Type)
}

/// `PyFloat_AS_DOUBLE`.
///
/// # Safety
/// `op` is a live float.
#[inline(always)]
pub unsafe fn value(op: *mut PyObject) -> f64 {
    (*(op as *mut PyFloatObject)).ob_fval
}

/// `PyFloat_FromDouble`: a new float.
pub fn from_f64(v: f64) -> PyResult<Ref> {
    // SAFETY: float is a static, non-GC type of tp_basicsize 24; a free-list entry is a dead
    // exact float's memory.
    unsafe {
        let st = float_state();
        let op = if !st.is_null() && !(*st).free_list.is_null() {
            let f = (*st).free_list;
            (*st).free_list = (*f).ob_base.ob_type.cast();
            (*st).numfree -= 1;
            obj::init_object(f.cast(), &raw mut PyFloat_Type);
            f.cast::<PyObject>()
        } else {
            obj::new_object(&raw mut PyFloat_Type)?
        };
        (*(op as *mut PyFloatObject)).ob_fval = v;
        Ok(Ref::from_raw(op))
    }
}

// The free list: up to 100 dead exact floats kept in `interp->float`, linked through
// `ob_type` (as CPython 3.11), so float arithmetic costs no allocator call. Reported by
// [`free_list_stats`], released by [`clear_free_list`] (full collections, finalization).

/// Floats kept at most.
pub const FREE_LIST_MAX: i32 = 100;

unsafe fn float_state() -> *mut crate::abi::pycore_interp::_Py_float_state {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() {
        return core::ptr::null_mut();
    }
    &raw mut (*interp).float_state
}

/// How many floats the free list holds and their bytes.
pub fn free_list_stats() -> (usize, usize) {
    // SAFETY: reads the current interpreter's counter.
    unsafe {
        let st = float_state();
        let n = if st.is_null() { 0 } else { (*st).numfree.max(0) as usize };
        (n, n * core::mem::size_of::<PyFloatObject>())
    }
}

/// `_PyFloat_ClearFreeList`.
///
/// # Safety
/// With the GIL held.
pub unsafe fn clear_free_list() {
    let st = float_state();
    if st.is_null() {
        return;
    }
    let mut f = (*st).free_list;
    while !f.is_null() {
        let next = (*f).ob_base.ob_type.cast::<PyFloatObject>();
        crate::mem::obj_free(f.cast());
        f = next;
    }
    (*st).free_list = core::ptr::null_mut();
    (*st).numfree = 0;
}

unsafe extern "C" fn float_dealloc(op: *mut PyObject) {
    let tp = obj::py_type(op);
    if tp == &raw mut PyFloat_Type {
        let st = float_state();
        if !st.is_null() && (*st).numfree < FREE_LIST_MAX {
            let f = op as *mut PyFloatObject;
            (*f).ob_base.ob_type = (*st).free_list.cast();
            (*st).free_list = f;
            (*st).numfree += 1;
            return;
        }
    }
    match (*tp).tp_free {
        Some(free) if tp != &raw mut PyFloat_Type => free(op.cast()),
        _ => crate::mem::obj_free(op.cast()),
    }
}

/// `PyFloat_AsDouble`: a float's value, or `__float__` (which must return a float), or
/// `__index__` through int; TypeError "must be real number, not T" otherwise.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_f64(op: *mut PyObject) -> PyResult<f64> {
    if is_float(op) {
        return Ok(value(op));
    }
    let tp = obj::py_type(op);
    let nb = (*tp).tp_as_number;
    let nb_float = if nb.is_null() { None } else { (*nb).nb_float };
    let Some(nb_float) = nb_float else {
        if !nb.is_null() && (*nb).nb_index.is_some() {
            let i = longobject::index(op)?;
            return longobject::as_f64(i.as_ptr());
        }
        return Err(errors::type_error(&format!(
            "must be real number, not {:.50}",
            obj::type_name(op)
        )));
    };
    let r = Ref::from_result(nb_float(op))?;
    if !is_float(r.as_ptr()) {
        return Err(errors::type_error(&format!(
            "{:.50}.__float__ returned non-float (type {:.50})",
            obj::type_name(op),
            obj::type_name(r.as_ptr())
        )));
    }
    Ok(value(r.as_ptr()))
}

/// An operand of float arithmetic as a double: floats and ints convert (an int too large
/// raises OverflowError), anything else is `None` (NotImplemented).
unsafe fn operand(op: *mut PyObject) -> PyResult<Option<f64>> {
    if is_float(op) {
        Ok(Some(value(op)))
    } else if longobject::is_int(op) {
        longobject::as_f64(op).map(Some)
    } else {
        Ok(None)
    }
}

fn not_implemented() -> *mut PyObject {
    // SAFETY: NotImplemented is a static object.
    unsafe { obj::new_ref(obj::not_implemented()).into_raw() }
}

/// Runs a binary float operation with CPython's operand conversion.
unsafe fn binary(
    a: *mut PyObject,
    b: *mut PyObject,
    f: impl FnOnce(f64, f64) -> PyResult<Ref>,
) -> *mut PyObject {
    let x = match operand(a) {
        Ok(Some(x)) => x,
        Ok(None) => return not_implemented(),
        Err(_) => return core::ptr::null_mut(),
    };
    let y = match operand(b) {
        Ok(Some(y)) => y,
        Ok(None) => return not_implemented(),
        Err(_) => return core::ptr::null_mut(),
    };
    errors::ptr_result(f(x, y))
}

unsafe extern "C" fn float_add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| from_f64(x + y))
}

unsafe extern "C" fn float_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| from_f64(x - y))
}

unsafe extern "C" fn float_mul(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| from_f64(x * y))
}

unsafe extern "C" fn float_div(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| {
        if y == 0.0 {
            return Err(errors::zero_division_error("float division by zero"));
        }
        from_f64(x / y)
    })
}

/// `x % y` with the sign of `y` (`y` non-zero).
pub fn py_mod(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m + y
        } else {
            m
        }
    } else {
        0f64.copysign(y)
    }
}

/// `divmod(x, y)` for floats (`y` non-zero): floor quotient and remainder as CPython's
/// `_float_div_mod` computes them.
pub fn py_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(x / y)
    };
    (floordiv, m)
}

unsafe extern "C" fn float_rem(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| {
        if y == 0.0 {
            return Err(errors::zero_division_error("float modulo"));
        }
        from_f64(py_mod(x, y))
    })
}

unsafe extern "C" fn float_divmod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| {
        if y == 0.0 {
            return Err(errors::zero_division_error("float divmod()"));
        }
        let (q, r) = py_divmod(x, y);
        let (q, r) = (from_f64(q)?, from_f64(r)?);
        super::tupleobject::pack(&[q.as_ptr(), r.as_ptr()])
    })
}

unsafe extern "C" fn float_floor_div(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    binary(a, b, |x, y| {
        if y == 0.0 {
            return Err(errors::zero_division_error("float floor division by zero"));
        }
        from_f64(py_divmod(x, y).0)
    })
}

/// The outcome of `x ** y` for doubles.
pub enum PowOutcome {
    Value(f64),
    /// A negative base to a fractional power: the result is complex.
    Complex,
    ZeroToNegative,
    Overflow,
}

fn is_odd_integer(x: f64) -> bool {
    (x.abs() % 2.0) == 1.0
}

/// `float.__pow__`'s rules (C99 `pow` plus Python's errors).
pub fn pow_f64(iv: f64, iw: f64) -> PowOutcome {
    use PowOutcome::*;
    if iw == 0.0 {
        return Value(1.0);
    }
    if iv.is_nan() {
        return Value(iv);
    }
    if iw.is_nan() {
        return Value(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let av = iv.abs();
        return Value(if av == 1.0 {
            1.0
        } else if (iw > 0.0) == (av > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Value(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return ZeroToNegative;
        }
        return Value(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if base < 0.0 {
        if iw != iw.floor() {
            return Complex;
        }
        base = -base;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Value(if negate { -1.0 } else { 1.0 });
    }
    let r = base.powf(iw);
    if r.is_infinite() {
        return Overflow;
    }
    Value(if negate { -r } else { r })
}

/// OverflowError(34, 'Numerical result out of range'), as `PyErr_SetFromErrno` with ERANGE.
pub fn erange_error() -> errors::ErrSet {
    // SAFETY: errno is libc's thread-local; OverflowError is a static exception class.
    unsafe {
        *libc::__errno_location() = libc::ERANGE;
        errors::set_from_errno_with_filenames(
            crate::objects::exceptions::PyExc_OverflowError,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        )
    }
}

unsafe extern "C" fn float_pow(
    a: *mut PyObject,
    b: *mut PyObject,
    c: *mut PyObject,
) -> *mut PyObject {
    if c != obj::none() {
        return errors::ptr_result(Err(errors::type_error(
            "pow() 3rd argument not allowed unless all arguments are integers",
        )));
    }
    binary(a, b, |x, y| match pow_f64(x, y) {
        PowOutcome::Value(v) => from_f64(v),
        PowOutcome::ZeroToNegative => Err(errors::zero_division_error(
            "0.0 cannot be raised to a negative power",
        )),
        PowOutcome::Overflow => Err(erange_error()),
        PowOutcome::Complex => {
            let nb = super::complexobject::PyComplex_Type.tp_as_number;
            match (*nb).nb_power {
                Some(p) => Ref::from_result(p(a, b, c)),
                None => Err(errors::system_error("complex power is missing")),
            }
        }
    })
}

unsafe extern "C" fn float_neg(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(from_f64(-value(a)))
}

unsafe extern "C" fn float_abs(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(from_f64(value(a).abs()))
}

unsafe extern "C" fn float_bool(a: *mut PyObject) -> c_int {
    (value(a) != 0.0) as c_int
}

/// `float.__float__` / unary `+`: the object itself for an exact float, else a new float.
unsafe extern "C" fn float_float(a: *mut PyObject) -> *mut PyObject {
    if is_exact_float(a) {
        return obj::new_ref(a).into_raw();
    }
    errors::ptr_result(from_f64(value(a)))
}

/// `float.__trunc__` / `int(float)`.
unsafe extern "C" fn float_trunc(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_f64(value(a)))
}

/// `repr(float)`.
///
/// # Safety
/// `op` is a live float.
pub unsafe fn repr(op: *mut PyObject) -> PyResult<Ref> {
    super::unicodeobject::new_str(&dtoa::repr(value(op)))
}

unsafe extern "C" fn float_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(repr(op))
}

unsafe extern "C" fn float_hash(op: *mut PyObject) -> Py_hash_t {
    crate::pyhash::hash_double(op, value(op))
}

/// Exact comparison of a finite double with an int.
///
/// # Safety
/// `w` is a live int.
pub unsafe fn compare_with_int(v: f64, w: *mut PyObject) -> PyResult<Ordering> {
    let vsign = if v == 0.0 {
        0
    } else if v < 0.0 {
        -1
    } else {
        1
    };
    let size = longobject::signed_size(w);
    let wsign = size.signum() as i32;
    if vsign != wsign {
        return Ok(vsign.cmp(&wsign));
    }
    let nbits = crate::numeric::bigint::bit_length(longobject::digits(w));
    if nbits <= 48 {
        return Ok(v
            .partial_cmp(&longobject::as_f64(w)?)
            .unwrap_or(Ordering::Equal));
    }
    // Compare exponents first: the int has nbits bits; |v| = m * 2**e with 0.5 <= m < 1.
    let (_, exponent) = libm::frexp(v);
    if exponent < 0 || (exponent as u64) < nbits {
        return Ok(if vsign < 0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    if exponent as u64 > nbits {
        return Ok(if vsign < 0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    // Same bit length: compare the integer parts exactly, then the fraction.
    let int_part = v.trunc();
    let frac = v - int_part;
    let vi = longobject::from_f64(int_part)?;
    let ord = longobject::compare(vi.as_ptr(), w);
    if ord != Ordering::Equal {
        return Ok(ord);
    }
    Ok(if frac > 0.0 {
        Ordering::Greater
    } else if frac < 0.0 {
        Ordering::Less
    } else {
        Ordering::Equal
    })
}

/// The result of a float comparison where NaN compares unequal to everything.
fn compare_result(ord: Option<Ordering>, op: c_int) -> Ref {
    match ord {
        Some(o) => longobject::richcompare_result(o, op),
        None => super::boolobject::from_bool(op == 3),
    }
}

unsafe extern "C" fn float_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    let i = value(v);
    if is_float(w) {
        return compare_result(i.partial_cmp(&value(w)), op).into_raw();
    }
    if !longobject::is_int(w) {
        return not_implemented();
    }
    if !i.is_finite() {
        return compare_result(i.partial_cmp(&0.0), op).into_raw();
    }
    match compare_with_int(i, w) {
        Ok(ord) => compare_result(Some(ord), op).into_raw(),
        Err(_) => core::ptr::null_mut(),
    }
}

/// `float.is_integer()`.
pub fn is_integer(v: f64) -> bool {
    v.is_finite() && v.floor() == v
}

/// `PyFloat_FromString(v)`: `float(str)`, `float(bytes)`, `float(bytearray)`.
///
/// # Safety
/// `v` points to a live object.
pub unsafe fn from_string(v: *mut PyObject) -> PyResult<Ref> {
    let repr = || obj::repr_for_message(v);
    let text: Vec<u8> = if obj::has_feature(obj::py_type(v), Py_TPFLAGS_UNICODE_SUBCLASS) {
        longobject::unicode_to_ascii_number(v)
    } else if super::bytesobject::is_bytes(v) {
        super::bytesobject::as_slice(v).to_vec()
    } else if super::bytearrayobject::is_bytearray(v) {
        super::bytearrayobject::as_slice(v).to_vec()
    } else {
        return Err(errors::type_error(&format!(
            "float() argument must be a string or a real number, not '{:.200}'",
            obj::type_name(v)
        )));
    };
    from_f64(crate::pystrtod::float_from_text(&text, &repr)?)
}

/// `float.as_integer_ratio()`: the exact (numerator, denominator), denominator a power of 2.
pub fn as_integer_ratio(v: f64) -> PyResult<(Ref, Ref)> {
    if v.is_infinite() {
        return Err(errors::overflow_error(
            "cannot convert Infinity to integer ratio",
        ));
    }
    if v.is_nan() {
        return Err(errors::value_error("cannot convert NaN to integer ratio"));
    }
    if v == 0.0 {
        return Ok((longobject::from_i64(0)?, longobject::from_i64(1)?));
    }
    let bits = v.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mantissa = bits & ((1u64 << 52) - 1);
    let mut e = if exp == 0 {
        -1074
    } else {
        mantissa |= 1 << 52;
        exp - 1075
    };
    let tz = mantissa.trailing_zeros() as i64;
    mantissa >>= tz;
    e += tz;
    let signed = if v < 0.0 {
        -(mantissa as i64)
    } else {
        mantissa as i64
    };
    let num = longobject::from_i64(signed)?;
    if e >= 0 {
        // SAFETY: `num` is a live int.
        let num = unsafe { longobject::lshift_by(num.as_ptr(), e as u64)? };
        Ok((num, longobject::from_i64(1)?))
    } else {
        let one = longobject::from_i64(1)?;
        // SAFETY: `one` is a live int.
        let den = unsafe { longobject::lshift_by(one.as_ptr(), (-e) as u64)? };
        Ok((num, den))
    }
}

/// `round(x, ndigits)` for floats: correctly rounded through the decimal digits (ties to
/// even on the exact value), as CPython's `double_round`.
pub fn round_to(x: f64, ndigits: i64) -> PyResult<f64> {
    // Far out of range: the value is unchanged (too many digits) or rounds to ±0.
    const NDIGITS_MAX: i64 = ((1024 - (-1074)) as f64 * 0.30103) as i64; // (DBL_MANT_DIG - DBL_MIN_EXP) * log10(2)
    const NDIGITS_MIN: i64 = -(((1024 + 1) as f64 * 0.30103) as i64); // -(DBL_MAX_EXP + 1) * log10(2)
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    if x == 0.0 {
        return Ok(x);
    }
    let (ds, decpt) = dtoa::digits(x, dtoa::DigitMode::Fixed(ndigits));
    let mut text = String::with_capacity(ds.len() + 24);
    if x < 0.0 {
        text.push('-');
    }
    if ds.is_empty() {
        text.push('0');
    } else {
        text.push_str("0.");
        text.extend(ds.iter().map(|&c| c as char));
        text.push_str(&format!("e{}", decpt));
    }
    let r: f64 = text.parse().unwrap_or(0.0);
    if r.is_infinite() {
        return Err(errors::overflow_error(
            "rounded value too large to represent",
        ));
    }
    Ok(r)
}

/// `float.hex()`: `[-]0x1.<13 hex digits>p<exp>` (`0x0.` for subnormals), or
/// `0x0.0p+0`, `inf`, `nan`.
pub fn to_hex(x: f64) -> String {
    if x.is_nan() || x.is_infinite() {
        return dtoa::repr(x);
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0x0.0p+0".into()
        } else {
            "0x0.0p+0".into()
        };
    }
    let (m, e) = libm::frexp(x.abs());
    // Leading hex digit 1 (exponent e-1) for normal numbers; subnormals are written with a
    // leading 0 and the minimum exponent -1022.
    let (mut m, e) = if e - 1 >= -1022 {
        (m * 2.0, e - 1)
    } else {
        (libm::ldexp(m, (e + 1022) as i64), -1022)
    };
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    out.push_str("0x");
    let lead = m as u32;
    out.push(char::from_digit(lead, 16).unwrap_or('0'));
    m -= lead as f64;
    out.push('.');
    let mut frac = String::new();
    for _ in 0..13 {
        m *= 16.0;
        let d = m as u32;
        frac.push(char::from_digit(d, 16).unwrap_or('0'));
        m -= d as f64;
    }
    out.push_str(&frac);
    out.push_str(&format!("p{}{}", if e < 0 { '-' } else { '+' }, e.abs()));
    out
}

/// Writes `bytes` (little-endian order) into `out` in the requested order.
fn put_ordered(le_bytes: &[u8], out: &mut [u8], little_endian: bool) {
    let n = le_bytes.len();
    for i in 0..n {
        out[if little_endian { i } else { n - 1 - i }] = le_bytes[i];
    }
}

/// Reads `p` in the given order into little-endian order.
fn get_ordered<const N: usize>(p: &[u8], little_endian: bool) -> [u8; N] {
    let mut b = [0u8; N];
    for i in 0..N {
        b[i] = p[if little_endian { i } else { N - 1 - i }];
    }
    b
}

/// `PyFloat_Pack2`: IEEE 754 binary16, rounding half to even; OverflowError "float too
/// large to pack with e format".
pub fn pack2(x: f64, out: &mut [u8], little_endian: bool) -> PyResult<()> {
    let overflow = || errors::overflow_error("float too large to pack with e format");
    let (sign, mut e, mut bits): (u16, i32, u16);
    if x == 0.0 {
        sign = x.is_sign_negative() as u16;
        e = 0;
        bits = 0;
    } else if x.is_infinite() {
        sign = (x < 0.0) as u16;
        e = 0x1f;
        bits = 0;
    } else if x.is_nan() {
        sign = x.is_sign_negative() as u16;
        e = 0x1f;
        bits = 512;
    } else {
        sign = (x < 0.0) as u16;
        let (f, ex) = libm::frexp(x.abs());
        let mut f = f * 2.0;
        e = ex - 1;
        if e >= 16 {
            return Err(overflow());
        } else if e < -25 {
            f = 0.0;
            e = 0;
        } else if e < -14 {
            f = libm::ldexp(f, (14 + e) as i64);
            e = 0;
        } else {
            e += 15;
            f -= 1.0;
        }
        f *= 1024.0;
        bits = f as u16;
        let rest = f - bits as f64;
        if rest > 0.5 || (rest == 0.5 && bits % 2 == 1) {
            bits += 1;
            if bits == 1024 {
                bits = 0;
                e += 1;
                if e == 31 {
                    return Err(overflow());
                }
            }
        }
    }
    let v: u16 = bits | ((e as u16) << 10) | (sign << 15);
    put_ordered(&v.to_le_bytes(), out, little_endian);
    Ok(())
}

/// `PyFloat_Pack4`: IEEE binary32; OverflowError "float too large to pack with f format"
/// when a finite double becomes infinite.
pub fn pack4(x: f64, out: &mut [u8], little_endian: bool) -> PyResult<()> {
    let y = x as f32;
    if y.is_infinite() && !x.is_infinite() {
        return Err(errors::overflow_error(
            "float too large to pack with f format",
        ));
    }
    put_ordered(&y.to_le_bytes(), out, little_endian);
    Ok(())
}

/// `PyFloat_Pack8`: IEEE binary64.
pub fn pack8(x: f64, out: &mut [u8], little_endian: bool) -> PyResult<()> {
    put_ordered(&x.to_le_bytes(), out, little_endian);
    Ok(())
}

/// `PyFloat_Unpack2`.
pub fn unpack2(p: &[u8], little_endian: bool) -> f64 {
    let v = u16::from_le_bytes(get_ordered::<2>(p, little_endian));
    let sign = v >> 15 != 0;
    let e = ((v >> 10) & 0x1f) as i32;
    let f = (v & 0x3ff) as f64;
    if e == 0x1f {
        let r = if f == 0.0 { f64::INFINITY } else { f64::NAN };
        return if sign { -r } else { r };
    }
    let mut x = f / 1024.0;
    let exp = if e == 0 {
        -14
    } else {
        x += 1.0;
        e - 15
    };
    let x = libm::ldexp(x, exp as i64);
    if sign {
        -x
    } else {
        x
    }
}

/// `PyFloat_Unpack4`.
pub fn unpack4(p: &[u8], little_endian: bool) -> f64 {
    f32::from_le_bytes(get_ordered::<4>(p, little_endian)) as f64
}

/// `PyFloat_Unpack8`.
pub fn unpack8(p: &[u8], little_endian: bool) -> f64 {
    f64::from_le_bytes(get_ordered::<8>(p, little_endian))
}

// ---------------------------------------------------------------------------------------------
// Methods, attributes and the constructor (`float.__dict__`).

use super::longobject::{getter, method, method_fast, GETSET_SENTINEL, METHOD_SENTINEL};
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use core::ffi::{c_void, CStr};
use core::ptr::null_mut;

pub static mut FLOAT_METHODS: [PyMethodDef; 13] = [
    method(c"conjugate", float_conjugate, METH_NOARGS, c"conjugate($self, /)\n--\n\nReturn self, the complex conjugate of any float."),
    method(c"__trunc__", float_trunc_meth, METH_NOARGS, c"__trunc__($self, /)\n--\n\nReturn the Integral closest to x between 0 and x."),
    method(c"__floor__", float_floor, METH_NOARGS, c"__floor__($self, /)\n--\n\nReturn the floor as an Integral."),
    method(c"__ceil__", float_ceil, METH_NOARGS, c"__ceil__($self, /)\n--\n\nReturn the ceiling as an Integral."),
    method_fast(c"__round__", float_round, METH_FASTCALL, c"__round__($self, ndigits=None, /)\n--\n\nReturn the Integral closest to x, rounding half toward even.\n\nWhen an argument is passed, work like built-in round(x, ndigits)."),
    method(c"as_integer_ratio", float_as_integer_ratio, METH_NOARGS, c"as_integer_ratio($self, /)\n--\n\nReturn integer ratio.\n\nReturn a pair of integers, whose ratio is exactly equal to the original float\nand with a positive denominator.\n\nRaise OverflowError on infinities and a ValueError on NaNs.\n\n>>> (10.0).as_integer_ratio()\n(10, 1)\n>>> (0.0).as_integer_ratio()\n(0, 1)\n>>> (-.25).as_integer_ratio()\n(-1, 4)"),
    method(c"fromhex", float_fromhex, METH_O | METH_CLASS, c"fromhex($type, string, /)\n--\n\nCreate a floating-point number from a hexadecimal string.\n\n>>> float.fromhex('0x1.ffffp10')\n2047.984375\n>>> float.fromhex('-0x1p-1074')\n-5e-324"),
    method(c"hex", float_hex, METH_NOARGS, c"hex($self, /)\n--\n\nReturn a hexadecimal representation of a floating-point number.\n\n>>> (-0.1).hex()\n'-0x1.999999999999ap-4'\n>>> 3.14159.hex()\n'0x1.921f9f01b866ep+1'"),
    method(c"is_integer", float_is_integer, METH_NOARGS, c"is_integer($self, /)\n--\n\nReturn True if the float is an integer."),
    method(c"__getnewargs__", float_getnewargs, METH_NOARGS, c"__getnewargs__($self, /)\n--\n\n"),
    method(c"__getformat__", float_getformat, METH_O | METH_CLASS, c"__getformat__($type, typestr, /)\n--\n\nYou probably don't want to use this function.\n\n  typestr\n    Must be 'double' or 'float'.\n\nIt exists mainly to be used in Python's test suite.\n\nThis function returns whichever of 'unknown', 'IEEE, big-endian' or 'IEEE,\nlittle-endian' best describes the format of floating point numbers used by the\nC type named by typestr."),
    method(c"__format__", float_format, METH_O, c"__format__($self, format_spec, /)\n--\n\nFormats the float according to format_spec."),
    METHOD_SENTINEL,
];

pub static mut FLOAT_GETSET: [PyGetSetDef; 3] = [
    getter(
        c"real",
        float_get_real,
        c"the real part of a complex number",
    ),
    getter(
        c"imag",
        float_get_imag,
        c"the imaginary part of a complex number",
    ),
    GETSET_SENTINEL,
];

/// `float.__doc__`.
pub const FLOAT_DOC: &CStr =
    c"float(x=0, /)\n--\n\nConvert a string or number to a floating point number, if possible.";

unsafe extern "C" fn float_conjugate(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    float_float(op)
}

unsafe extern "C" fn float_get_real(op: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    float_float(op)
}

unsafe extern "C" fn float_get_imag(_op: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    errors::ptr_result(from_f64(0.0))
}

unsafe extern "C" fn float_trunc_meth(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    float_trunc(op)
}

unsafe extern "C" fn float_floor(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_f64(value(op).floor()))
}

unsafe extern "C" fn float_ceil(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_f64(value(op).ceil()))
}

/// `float.__round__(ndigits=None)`: to an int (half to even) without ndigits, else a float
/// correctly rounded to that many decimal places.
unsafe extern "C" fn float_round(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let r = (|| {
        crate::getargs::check_positional(Some("__round__"), nargs as usize, 0, 1)?;
        let x = value(op);
        if nargs == 0 || *args == obj::none() {
            let mut rounded = x.round();
            if (x - rounded).abs() == 0.5 {
                rounded = 2.0 * (x / 2.0).round();
            }
            return longobject::from_f64(rounded);
        }
        let nd = longobject::as_ssize_index(*args, null_mut())?;
        from_f64(round_to(x, nd as i64)?)
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn float_as_integer_ratio(
    op: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    let r = as_integer_ratio(value(op))
        .and_then(|(n, d)| super::tupleobject::pack(&[n.as_ptr(), d.as_ptr()]));
    errors::ptr_result(r)
}

unsafe extern "C" fn float_hex(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(super::unicodeobject::new_str(&to_hex(value(op))))
}

unsafe extern "C" fn float_is_integer(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    super::boolobject::from_bool(is_integer(value(op))).into_raw()
}

unsafe extern "C" fn float_getnewargs(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let r = from_f64(value(op)).and_then(|v| super::tupleobject::pack(&[v.as_ptr()]));
    errors::ptr_result(r)
}

unsafe extern "C" fn float_getformat(_cls: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let r = (|| {
        if !obj::has_feature(obj::py_type(arg), Py_TPFLAGS_UNICODE_SUBCLASS) {
            return Err(crate::getargs::bad_argument(
                "__getformat__",
                "argument",
                "str",
                arg,
            ));
        }
        match super::unicodeobject::to_string_lossy(arg).as_str() {
            "double" | "float" => super::unicodeobject::new_str("IEEE, little-endian"),
            _ => Err(errors::value_error(
                "__getformat__() argument 1 must be 'double' or 'float'",
            )),
        }
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn float_format(op: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
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
        super::unicodeobject::new_str(&crate::numeric::format::format_float(op, &text)?)
    })();
    errors::ptr_result(r)
}

/// `float.fromhex(string)` (a class method: a subclass gets `cls(result)`).
unsafe extern "C" fn float_fromhex(cls: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let r = (|| {
        if !obj::has_feature(obj::py_type(arg), Py_TPFLAGS_UNICODE_SUBCLASS) {
            return Err(crate::getargs::bad_argument(
                "fromhex", "argument", "str", arg,
            ));
        }
        let text = super::unicodeobject::to_string_lossy(arg);
        let v = from_f64(parse_hex(text.as_bytes())?)?;
        if cls != (&raw mut PyFloat_Type).cast() {
            return super::call::call_one_arg(cls, v.as_ptr());
        }
        Ok(v)
    })();
    errors::ptr_result(r)
}

/// `float.fromhex`'s grammar: whitespace, sign, `inf`/`infinity`/`nan`, or an optional `0x`,
/// hex digits with an optional point, an optional `p` exponent; correctly rounded (ties to
/// even).
pub fn parse_hex(s: &[u8]) -> PyResult<f64> {
    let invalid = || errors::value_error("invalid hexadecimal floating-point string");
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut end = s.len();
    while end > i && is_space(s[end - 1]) {
        end -= 1;
    }
    let s = &s[i..end];
    if let Some((v, used)) = crate::pystrtod::parse_inf_or_nan(s) {
        if used == s.len() {
            return Ok(v);
        }
    }
    let mut p = 0;
    let mut negative = false;
    if p < s.len() && (s[p] == b'-' || s[p] == b'+') {
        negative = s[p] == b'-';
        p += 1;
    }
    if p + 1 < s.len() && s[p] == b'0' && (s[p + 1] == b'x' || s[p + 1] == b'X') {
        p += 2;
    }
    let hexval = |c: u8| (c as char).to_digit(16);
    let mut mantissa_digits: Vec<u8> = Vec::new();
    let mut frac_digits = 0i64;
    let int_start = p;
    while p < s.len() && hexval(s[p]).is_some() {
        mantissa_digits.push(hexval(s[p]).unwrap_or(0) as u8);
        p += 1;
    }
    let mut seen_digits = p > int_start;
    if p < s.len() && s[p] == b'.' {
        p += 1;
        let frac_start = p;
        while p < s.len() && hexval(s[p]).is_some() {
            mantissa_digits.push(hexval(s[p]).unwrap_or(0) as u8);
            p += 1;
        }
        frac_digits = (p - frac_start) as i64;
        seen_digits |= p > frac_start;
    }
    if !seen_digits {
        return Err(invalid());
    }
    let mut exp: i64 = 0;
    if p < s.len() && (s[p] == b'p' || s[p] == b'P') {
        p += 1;
        let mut exp_negative = false;
        if p < s.len() && (s[p] == b'-' || s[p] == b'+') {
            exp_negative = s[p] == b'-';
            p += 1;
        }
        let exp_start = p;
        while p < s.len() && s[p].is_ascii_digit() {
            exp = exp
                .saturating_mul(10)
                .saturating_add((s[p] - b'0') as i64)
                .min(1 << 40);
            p += 1;
        }
        if p == exp_start {
            return Err(invalid());
        }
        if exp_negative {
            exp = -exp;
        }
    }
    if p != s.len() {
        return Err(invalid());
    }
    if mantissa_digits.len() as u64 > (isize::MAX as u64) / 4 {
        return Err(errors::value_error(
            "hexadecimal string too long to convert",
        ));
    }
    // value = M * 2**(exp - 4*frac_digits), M the digits as an integer.
    let mag = crate::numeric::bigint::from_digit_values(&mantissa_digits, 16);
    if mag.is_empty() {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    let bits = crate::numeric::bigint::bit_length(&mag) as i64;
    let e2 = exp - 4 * frac_digits;
    // The value's binary exponent: 2**(bits-1+e2) <= v < 2**(bits+e2).
    let top = bits + e2;
    if top > 1024 {
        return Err(errors::overflow_error(
            "hexadecimal value too large to represent as a float",
        ));
    }
    // Keep 53 significant bits (fewer for subnormals), rounding half to even with a sticky bit.
    let keep = (top - (-1074)).min(53);
    let v = if keep <= 0 {
        // Below half the smallest subnormal (or exactly half: ties to even gives 0).
        let half = top == -1074 && {
            let (rest, lost) = crate::numeric::bigint::shr(&mag, (bits - 1) as u64);
            rest == [1] && !lost
        };
        if top == -1074 && !half {
            5e-324
        } else {
            0.0
        }
    } else {
        let drop = bits - keep;
        let (q, lost) = if drop > 0 {
            crate::numeric::bigint::shr(&mag, drop as u64)
        } else {
            (crate::numeric::bigint::shl(&mag, (-drop) as u64), false)
        };
        let mut m = crate::numeric::bigint::to_u128(&q).unwrap_or(0) as u64;
        if drop > 0 {
            // Half-way bit and sticky bits of what was dropped.
            let (below, _) = crate::numeric::bigint::shr(&mag, (drop - 1) as u64);
            let half_bit = below.first().map_or(0, |d| d & 1);
            let sticky = {
                let (_, l) = crate::numeric::bigint::shr(&mag, (drop - 1) as u64);
                l
            };
            if half_bit == 1 && (sticky || m & 1 == 1) {
                m += 1;
            }
        }
        let _ = lost;
        let r = libm::ldexp(m as f64, e2 + drop);
        if r.is_infinite() {
            return Err(errors::overflow_error(
                "hexadecimal value too large to represent as a float",
            ));
        }
        r
    };
    Ok(if negative { -v } else { v })
}

/// `float(x=0.0, /)`: `tp_new`; a subclass gets its own instance with the value.
unsafe extern "C" fn float_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        crate::getargs::no_keywords("float", kwargs)?;
        let n = super::tupleobject::len(args);
        if n > 1 {
            return Err(errors::type_error(&format!(
                "float expected at most 1 argument, got {}",
                n
            )));
        }
        let v = if n == 0 {
            from_f64(0.0)?
        } else {
            let x = *super::tupleobject::items(args);
            if obj::is_type(x, &raw mut super::unicodeobject::PyUnicode_Type) {
                from_string(x)?
            } else {
                super::r#abstract::number::float(x)?
            }
        };
        if tp == &raw mut PyFloat_Type {
            return Ok(v);
        }
        let alloc_fn = (*tp)
            .tp_alloc
            .ok_or_else(|| errors::type_error("float subclass without tp_alloc"))?;
        let newobj = Ref::from_result(alloc_fn(tp, 0))?;
        (*(newobj.as_ptr() as *mut PyFloatObject)).ob_fval = value(v.as_ptr());
        Ok(newobj)
    })();
    errors::ptr_result(r)
}
