//! `int` (CPython's Objects/longobject.c): `PyLongObject` with 30-bit digits, the small-int
//! singletons in `_PyRuntime`, conversions to and from C integers, doubles, bytes and text,
//! arithmetic (the `tp_as_number` slots), hashing, comparison, and the type's methods.
//! Digit-level algorithms live in `crate::numeric::bigint`.

use super::typeobject::static_type;
use crate::abi::longobject::{digit, PyLongObject, PyLong_SHIFT};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::numeric::bigint;
use crate::objects::object::{self as obj, Ref};
use core::ffi::c_int;
use core::ptr::null_mut;

#[no_mangle]
pub static mut PyLong_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(long_dealloc),
    tp_repr: Some(long_repr),
    tp_as_number: &raw mut LONG_AS_NUMBER,
    tp_hash: Some(long_hash),
    tp_richcompare: Some(long_richcompare),
    tp_methods: (&raw mut LONG_METHODS).cast(),
    tp_getset: (&raw mut LONG_GETSET).cast(),
    tp_new: Some(long_new),
    tp_doc: LONG_DOC.as_ptr(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"int",
        24,
        4,
        Py_TPFLAGS_DEFAULT
            | Py_TPFLAGS_BASETYPE
            | _Py_TPFLAGS_MATCH_SELF
            | Py_TPFLAGS_LONG_SUBCLASS,
    )
};

pub static mut LONG_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(long_add),
    nb_subtract: Some(long_sub),
    nb_multiply: Some(long_mul),
    nb_remainder: Some(long_mod),
    nb_divmod: Some(long_divmod),
    nb_power: Some(long_pow),
    nb_negative: Some(long_neg),
    nb_positive: Some(long_long),
    nb_absolute: Some(long_abs),
    nb_bool: Some(long_bool),
    nb_invert: Some(long_invert),
    nb_lshift: Some(long_lshift),
    nb_rshift: Some(long_rshift),
    nb_and: Some(long_and),
    nb_xor: Some(long_xor),
    nb_or: Some(long_or),
    nb_int: Some(long_long),
    nb_float: Some(long_float),
    nb_floor_divide: Some(long_floordiv),
    nb_true_divide: Some(long_truediv),
    nb_index: Some(long_long),
    ..PyNumberMethods::EMPTY
};

const _: () = assert!(core::mem::size_of::<digit>() == 4 && PyLong_SHIFT == bigint::SHIFT);

/// Most digits an int may have (`MAX_LONG_DIGITS`): the object size must fit a Py_ssize_t.
const MAX_LONG_DIGITS: usize = (isize::MAX as usize - core::mem::size_of::<PyLongObject>()) / 4;

// ---------------------------------------------------------------------------------------------
// Representation: views of an int's digits, allocation, normalization.

/// `PyLong_Check`: an int or an instance of a subclass (`Py_TPFLAGS_LONG_SUBCLASS`).
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn is_int(op: *mut PyObject) -> bool {
    obj::has_feature(obj::py_type(op), Py_TPFLAGS_LONG_SUBCLASS)
}

/// `PyLong_CheckExact`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn is_exact_int(op: *mut PyObject) -> bool {
    obj::is_type(op, &raw mut PyLong_Type)
}

/// `Py_SIZE` of an int: the digit count, negative for negative numbers.
///
/// # Safety
/// `op` is a live int.
#[inline(always)]
pub unsafe fn signed_size(op: *mut PyObject) -> isize {
    (*(op as *mut PyVarObject)).ob_size
}

/// The magnitude's digits, least significant first.
///
/// # Safety
/// `op` is a live int; the slice must not outlive it.
#[inline(always)]
pub unsafe fn digits<'a>(op: *mut PyObject) -> &'a [u32] {
    let n = signed_size(op).unsigned_abs();
    core::slice::from_raw_parts((*(op as *mut PyLongObject)).ob_digit.as_ptr(), n)
}

/// True for a negative int.
///
/// # Safety
/// `op` is a live int.
#[inline(always)]
pub unsafe fn is_negative(op: *mut PyObject) -> bool {
    signed_size(op) < 0
}

/// The value of an int with at most one digit (CPython's "medium value").
///
/// # Safety
/// `op` is a live int with `|Py_SIZE| <= 1`.
#[inline(always)]
unsafe fn medium_value(op: *mut PyObject) -> i64 {
    let size = signed_size(op);
    let d = (*(op as *mut PyLongObject)).ob_digit[0] as i64;
    if size == 0 {
        0
    } else if size < 0 {
        -d
    } else {
        d
    }
}

/// True if the int has at most one digit.
#[inline(always)]
unsafe fn is_medium(op: *mut PyObject) -> bool {
    signed_size(op).unsigned_abs() <= 1
}

/// `_PyLong_New(n)`: an exact int with room for `n` digits and `ob_size = n`, digits
/// uninitialized.
pub fn alloc(ndigits: usize) -> PyResult<*mut PyObject> {
    if ndigits > MAX_LONG_DIGITS {
        return Err(errors::overflow_error("too many digits in integer"));
    }
    // One digit is always allocated, as in CPython (the struct carries ob_digit[1]).
    let size = core::mem::offset_of!(PyLongObject, ob_digit) + 4 * ndigits.max(1);
    // SAFETY: the object allocator may be called with the GIL held (the caller's duty);
    // `op` then has room for the header and `ndigits` digits.
    unsafe {
        let op = crate::mem::obj_malloc(size) as *mut PyObject;
        if op.is_null() {
            return Err(errors::no_memory());
        }
        obj::init_var_object(op.cast(), &raw mut PyLong_Type, ndigits as isize);
        (*(op as *mut PyLongObject)).ob_digit[0] = 0;
        Ok(op)
    }
}

/// The digits of an int being built, mutable.
///
/// # Safety
/// `op` came from [`alloc`] and is not shared yet.
#[inline(always)]
unsafe fn digits_mut<'a>(op: *mut PyObject) -> &'a mut [u32] {
    let n = signed_size(op).unsigned_abs();
    core::slice::from_raw_parts_mut((*(op as *mut PyLongObject)).ob_digit.as_mut_ptr(), n)
}

/// Finishes an int built by [`alloc`]: strips leading zero digits, applies the sign, and
/// returns the shared small int instead when the value is one (`maybe_small_long`).
///
/// # Safety
/// `op` is an owned, unshared int from [`alloc`] whose digits are all written.
unsafe fn finish(op: *mut PyObject, negative: bool) -> Ref {
    let n = bigint::normalized_len(digits(op));
    let size = if negative { -(n as isize) } else { n as isize };
    (*(op as *mut PyVarObject)).ob_size = size;
    if n <= 1 {
        let v = medium_value(op);
        if let Some(small) = crate::lifecycle::pyruntime::small_int(v) {
            obj::decref(op);
            return obj::new_ref(small);
        }
    }
    Ref::from_raw(op)
}

/// A new int from a sign and a magnitude (leading zeros allowed).
pub fn from_magnitude(negative: bool, mag: &[u32]) -> PyResult<Ref> {
    let mag = bigint::trim(mag);
    let op = alloc(mag.len())?;
    // SAFETY: `op` is fresh with `mag.len()` digits.
    unsafe {
        digits_mut(op).copy_from_slice(mag);
        Ok(finish(op, negative))
    }
}

/// `_PyLong_Copy`: an exact int with the same value as an int (subclass) instance.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn copy(op: *mut PyObject) -> PyResult<Ref> {
    if is_exact_int(op) {
        return Ok(obj::new_ref(op));
    }
    from_magnitude(is_negative(op), digits(op))
}

/// `long_dealloc` (object_dealloc for int): the memory goes back through the type's
/// `tp_free`, or the object allocator for `int` itself.
unsafe extern "C" fn long_dealloc(op: *mut PyObject) {
    let tp = obj::py_type(op);
    match (*tp).tp_free {
        Some(free) if tp != &raw mut PyLong_Type => free(op.cast()),
        _ => crate::mem::obj_free(op.cast()),
    }
}

// ---------------------------------------------------------------------------------------------
// Conversions from and to machine integers.

/// `PyLong_FromLongLong`: a new int (the small ints are shared).
pub fn from_i64(v: i64) -> PyResult<Ref> {
    if let Some(small) = crate::lifecycle::pyruntime::small_int(v) {
        // SAFETY: small ints are static, immortal objects.
        return Ok(unsafe { obj::new_ref(small) });
    }
    let mag = v.unsigned_abs();
    if mag < (1u64 << PyLong_SHIFT) {
        // One digit: the common case, without the general digit loop.
        let op = alloc(1)?;
        // SAFETY: `op` is fresh with one digit, and owned here.
        unsafe {
            digits_mut(op)[0] = mag as u32;
            if v < 0 {
                (*(op as *mut PyVarObject)).ob_size = -1;
            }
            return Ok(Ref::from_raw(op));
        }
    }
    from_u128_signed(v < 0, mag as u128)
}

/// `PyLong_FromUnsignedLongLong`.
pub fn from_u64(v: u64) -> PyResult<Ref> {
    if v <= 256 {
        return from_i64(v as i64);
    }
    from_u128_signed(false, v as u128)
}

/// `PyLong_FromSsize_t`.
pub fn from_isize(v: isize) -> PyResult<Ref> {
    from_i64(v as i64)
}

/// `PyLong_FromSize_t`.
pub fn from_usize(v: usize) -> PyResult<Ref> {
    from_u64(v as u64)
}

/// A new int of the given sign and 128-bit magnitude.
pub fn from_u128_signed(negative: bool, mag: u128) -> PyResult<Ref> {
    let mut n = 0;
    let mut t = mag;
    while t != 0 {
        n += 1;
        t >>= PyLong_SHIFT;
    }
    if n <= 1 {
        let v = mag as i64;
        if let Some(small) = crate::lifecycle::pyruntime::small_int(if negative { -v } else { v }) {
            // SAFETY: small ints are static, immortal objects.
            return Ok(unsafe { obj::new_ref(small) });
        }
    }
    let op = alloc(n)?;
    // SAFETY: `op` is fresh with `n` digits.
    unsafe {
        let d = digits_mut(op);
        let mut t = mag;
        for slot in d.iter_mut() {
            *slot = (t as u32) & bigint::MASK;
            t >>= PyLong_SHIFT;
        }
        if negative {
            (*(op as *mut PyVarObject)).ob_size = -(n as isize);
        }
        Ok(Ref::from_raw(op))
    }
}

/// The magnitude of an int as a u128, if it fits.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn magnitude_u128(op: *mut PyObject) -> Option<u128> {
    bigint::to_u128(digits(op))
}

/// The value as an i128, if it fits.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn as_i128_opt(op: *mut PyObject) -> Option<i128> {
    let m = magnitude_u128(op)?;
    if is_negative(op) {
        if m <= i128::MAX as u128 + 1 {
            Some((m as i128).wrapping_neg())
        } else {
            None
        }
    } else {
        i128::try_from(m).ok()
    }
}

/// `_PyNumber_Index`: an int (possibly of a subclass) from an int or an object with
/// `__index__`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn index_raw(op: *mut PyObject) -> PyResult<Ref> {
    if is_int(op) {
        return Ok(obj::new_ref(op));
    }
    let tp = obj::py_type(op);
    let nb = (*tp).tp_as_number;
    let Some(nb_index) = (if nb.is_null() { None } else { (*nb).nb_index }) else {
        return Err(errors::type_error(&format!(
            "'{}' object cannot be interpreted as an integer",
            obj::type_name(op)
        )));
    };
    let result = Ref::from_result(nb_index(op))?;
    if is_exact_int(result.as_ptr()) {
        return Ok(result);
    }
    if !is_int(result.as_ptr()) {
        return Err(errors::type_error(&format!(
            "__index__ returned non-int (type {})",
            obj::type_name(result.as_ptr())
        )));
    }
    // A strict subclass of int is accepted (CPython also warns with DeprecationWarning).
    Ok(result)
}

/// `PyNumber_Index`: an exact int from an int or an object with `__index__`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn index(op: *mut PyObject) -> PyResult<Ref> {
    let r = index_raw(op)?;
    if is_exact_int(r.as_ptr()) {
        return Ok(r);
    }
    copy(r.as_ptr())
}

/// `PyLong_AsLongAndOverflow`: the value and -1/0/+1 for "too small/fits/too large"
/// (the value is -1 on overflow). Non-ints go through `__index__`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_i64_and_overflow(op: *mut PyObject) -> PyResult<(i64, c_int)> {
    let v = index_raw(op)?;
    let p = v.as_ptr();
    if is_medium(p) {
        return Ok((medium_value(p), 0));
    }
    match as_i128_opt(p).and_then(|x| i64::try_from(x).ok()) {
        Some(x) => Ok((x, 0)),
        None => Ok((-1, if is_negative(p) { -1 } else { 1 })),
    }
}

/// `PyLong_AsLong` / `PyLong_AsLongLong`: OverflowError "Python int too large to convert to C
/// long" when the value does not fit.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_i64(op: *mut PyObject) -> PyResult<i64> {
    if is_int(op) && is_medium(op) {
        return Ok(medium_value(op));
    }
    match as_i64_and_overflow(op)? {
        (v, 0) => Ok(v),
        _ => Err(errors::overflow_error(
            "Python int too large to convert to C long",
        )),
    }
}

/// `PyLong_AsLongLong`-style conversion with the caller's overflow message.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_i64_with(op: *mut PyObject, overflow_msg: &str) -> PyResult<i64> {
    match as_i64_and_overflow(op)? {
        (v, 0) => Ok(v),
        _ => Err(errors::overflow_error(overflow_msg)),
    }
}

/// CPython's `PyErr_BadInternalCall()` as compiled into a given source line: SystemError
/// "FILE:LINE: bad argument to internal function".
pub fn bad_internal_call_at(file: &str, line: u32) -> errors::ErrSet {
    errors::system_error(&format!(
        "{}:{}: bad argument to internal function",
        file, line
    ))
}

/// `_PyLong_AsInt`: a C int.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_c_int(op: *mut PyObject) -> PyResult<c_int> {
    match as_i64_and_overflow(op)? {
        (v, 0) if i32::try_from(v).is_ok() => Ok(v as c_int),
        _ => Err(errors::overflow_error(
            "Python int too large to convert to C int",
        )),
    }
}

/// `PyLong_AsSsize_t`: ints only (TypeError "an integer is required" otherwise).
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_isize(op: *mut PyObject) -> PyResult<isize> {
    if !is_int(op) {
        return Err(errors::type_error("an integer is required"));
    }
    if is_medium(op) {
        return Ok(medium_value(op) as isize);
    }
    match as_i128_opt(op).and_then(|x| isize::try_from(x).ok()) {
        Some(x) => Ok(x),
        None => Err(errors::overflow_error(
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// `PyLong_AsUnsignedLong` / `PyLong_AsSize_t` / `PyLong_AsUnsignedLongLong` share this:
/// ints only, negative values refused with `negative_msg`, too large with `overflow_msg`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_u64_checked(
    op: *mut PyObject,
    negative_msg: &str,
    overflow_msg: &str,
) -> PyResult<u64> {
    if !is_int(op) {
        return Err(errors::type_error("an integer is required"));
    }
    if is_negative(op) {
        return Err(errors::overflow_error(negative_msg));
    }
    match magnitude_u128(op).and_then(|x| u64::try_from(x).ok()) {
        Some(x) => Ok(x),
        None => Err(errors::overflow_error(overflow_msg)),
    }
}

/// `PyLong_AsSize_t`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn as_usize(op: *mut PyObject) -> PyResult<usize> {
    as_u64_checked(
        op,
        "can't convert negative value to size_t",
        "Python int too large to convert to C size_t",
    )
    .map(|v| v as usize)
}

/// The value modulo 2**64 (`PyLong_AsUnsignedLongMask` on an int).
///
/// # Safety
/// `op` is a live int.
pub unsafe fn low_u64_wrapping(op: *mut PyObject) -> u64 {
    let mut x: u64 = 0;
    for &d in digits(op).iter().rev() {
        x = (x << PyLong_SHIFT) | d as u64;
    }
    if is_negative(op) {
        x.wrapping_neg()
    } else {
        x
    }
}

/// `PyNumber_AsSsize_t(op, exc)`: `__index__`, then a Py_ssize_t; on overflow raise
/// `overflow_exc` ("cannot fit '%s' into an index-sized integer") or, when it is NULL,
/// clamp to PY_SSIZE_T_MIN/MAX.
///
/// # Safety
/// `op` points to a live object; `overflow_exc` is NULL or an exception class.
pub unsafe fn as_ssize_index(op: *mut PyObject, overflow_exc: *mut PyObject) -> PyResult<isize> {
    let v = index_raw(op)?;
    let p = v.as_ptr();
    if is_medium(p) {
        return Ok(medium_value(p) as isize);
    }
    if let Some(x) = as_i128_opt(p).and_then(|x| isize::try_from(x).ok()) {
        return Ok(x);
    }
    if overflow_exc.is_null() {
        return Ok(if is_negative(p) {
            isize::MIN
        } else {
            isize::MAX
        });
    }
    Err(errors::set_string(
        overflow_exc,
        &format!(
            "cannot fit '{}' into an index-sized integer",
            obj::type_name(op)
        ),
    ))
}

// ---------------------------------------------------------------------------------------------
// Doubles.

/// `PyLong_FromDouble`: truncates toward zero.
pub fn from_f64(v: f64) -> PyResult<Ref> {
    if v.is_infinite() {
        return Err(errors::overflow_error(
            "cannot convert float infinity to integer",
        ));
    }
    if v.is_nan() {
        return Err(errors::value_error("cannot convert float NaN to integer"));
    }
    let t = v.trunc();
    if t.abs() < 9.2e18 {
        return from_i64(t as i64);
    }
    // |t| >= 2**63: an integer m * 2**e with a 53-bit m.
    let bits = t.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as u64 - 1075;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let mag = bigint::shl(&bigint::from_u128(mantissa as u128), exp);
    from_magnitude(t < 0.0, &mag)
}

/// `PyLong_AsDouble` on an int: correctly rounded (ties to even); OverflowError "int too
/// large to convert to float".
///
/// # Safety
/// `op` is a live int.
pub unsafe fn as_f64(op: *mut PyObject) -> PyResult<f64> {
    if is_medium(op) {
        return Ok(medium_value(op) as f64);
    }
    magnitude_to_f64(is_negative(op), digits(op))
        .ok_or_else(|| errors::overflow_error("int too large to convert to float"))
}

/// A signed magnitude as the nearest double, None when it overflows.
pub fn magnitude_to_f64(negative: bool, mag: &[u32]) -> Option<f64> {
    let bits = bigint::bit_length(mag);
    let value = if bits <= 64 {
        bigint::to_u128(mag).unwrap_or(0) as u64 as f64
    } else {
        // Keep 64 top bits plus a sticky bit for everything below; u64 -> f64 rounds to
        // nearest even, and the sticky bit makes that rounding exact.
        let drop = bits - 63;
        let (top, lost) = bigint::shr(mag, drop);
        let top = bigint::to_u128(&top).unwrap_or(0) as u64 | lost as u64;
        let v = top as f64;
        if drop > 1100 {
            f64::INFINITY
        } else {
            crate::numeric::libm::ldexp(v, drop as i64)
        }
    };
    if value.is_infinite() {
        return None;
    }
    Some(if negative { -value } else { value })
}

// ---------------------------------------------------------------------------------------------
// Text.

/// The interpreter's `int_max_str_digits` (0 = unlimited).
fn max_str_digits() -> i64 {
    let ts = crate::lifecycle::pystate::current();
    if ts.is_null() {
        return DEFAULT_MAX_STR_DIGITS as i64;
    }
    // SAFETY: a current thread state has a live interpreter.
    unsafe { (*(*ts).interp).int_max_str_digits as i64 }
}

/// `_PY_LONG_DEFAULT_MAX_STR_DIGITS` and `_PY_LONG_MAX_STR_DIGITS_THRESHOLD`.
pub const DEFAULT_MAX_STR_DIGITS: c_int = 4300;
pub const MAX_STR_DIGITS_THRESHOLD: usize = 640;

/// `_PyLong_InitTypes`'s part for an interpreter: the int<->str digit limit from the
/// configuration (-1 means the default, 4300).
///
/// # Safety
/// `interp` is a live interpreter state being initialized.
pub unsafe fn init_int_max_str_digits(
    interp: *mut crate::abi::pycore_interp::PyInterpreterState,
    configured: c_int,
) {
    (*interp).int_max_str_digits = if configured == -1 {
        DEFAULT_MAX_STR_DIGITS
    } else {
        configured
    };
}

fn to_str_limit_error(limit: i64) -> errors::ErrSet {
    errors::value_error(&format!(
        "Exceeds the limit ({} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        limit
    ))
}

/// The decimal text of an int (`long_to_decimal_string`), with the digit limit.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn to_decimal_string(op: *mut PyObject) -> PyResult<String> {
    let mag = digits(op);
    let negative = is_negative(op);
    if is_medium(op) {
        return Ok(medium_value(op).to_string());
    }
    let size = mag.len();
    let limit = max_str_digits();
    // The quick pre-check on the digit count (10/3 >= log2(10)), as CPython.
    if size >= 10 * MAX_STR_DIGITS_THRESHOLD / (3 * 30) + 2
        && limit > 0
        && limit / 90 <= (size as i64 - 11) / 10
    {
        return Err(to_str_limit_error(limit));
    }
    let text = bigint::to_decimal(mag);
    if text.len() > MAX_STR_DIGITS_THRESHOLD && limit > 0 && text.len() as i64 > limit {
        return Err(to_str_limit_error(limit));
    }
    let mut s = String::with_capacity(text.len() + 1);
    if negative {
        s.push('-');
    }
    // SAFETY-free: the digits are ASCII.
    s.extend(text.iter().map(|&c| c as char));
    Ok(s)
}

/// `repr(int)` / `str(int)`.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn repr(op: *mut PyObject) -> PyResult<Ref> {
    super::unicodeobject::new_str(&to_decimal_string(op)?)
}

unsafe extern "C" fn long_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(repr(op))
}

/// Text of an int in base 2, 8 or 16 with CPython's prefixes (`bin`, `oct`, `hex`,
/// `_PyLong_Format`); base 10 as `str`.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn format_base(op: *mut PyObject, base: u32, alternate: bool) -> PyResult<String> {
    if base == 10 {
        return to_decimal_string(op);
    }
    let mag = digits(op);
    let bits_per = base.trailing_zeros() as u64;
    let total = bigint::bit_length(mag);
    let ndig = ((total + bits_per - 1) / bits_per).max(1);
    let mut out: Vec<u8> = Vec::with_capacity(ndig as usize + 3);
    for i in (0..ndig).rev() {
        let bit = i * bits_per;
        let mut v: u32 = 0;
        for b in 0..bits_per {
            let pos = bit + b;
            let word = (pos / 30) as usize;
            if word < mag.len() && (mag[word] >> (pos % 30)) & 1 == 1 {
                v |= 1 << b;
            }
        }
        out.push(b"0123456789abcdef"[v as usize]);
    }
    let mut s = String::with_capacity(out.len() + 3);
    if is_negative(op) {
        s.push('-');
    }
    if alternate {
        s.push_str(match base {
            2 => "0b",
            8 => "0o",
            _ => "0x",
        });
    }
    s.extend(out.iter().map(|&c| c as char));
    Ok(s)
}

/// How a parse of int text ended (`PyLong_FromString`'s `*pend` contract).
pub struct Parsed {
    pub result: PyResult<Ref>,
    /// Where parsing stopped (the end of the text on success, the offending character on an
    /// invalid literal); None when no position is reported (digit limit, bad base).
    pub end: Option<usize>,
}

/// `Py_ISSPACE`.
fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Parses int text as `PyLong_FromString(str, &end, base)` does: the text ends at its first
/// NUL; surrounding whitespace, a sign, base prefixes (base 0 or the matching base, with one
/// optional underscore after), single underscores between digits, the digit limit for
/// non-binary bases. `for_message` gives the `%.200R` text of the invalid literal.
pub fn parse_literal(text: &[u8], base: u32, for_message: &dyn Fn() -> String) -> Parsed {
    if base != 0 && !(2..=36).contains(&base) {
        return Parsed {
            result: Err(errors::value_error("int() arg 2 must be >= 2 and <= 36")),
            end: None,
        };
    }
    let s = match text.iter().position(|&c| c == 0) {
        Some(n) => &text[..n],
        None => text,
    };
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let invalid = |msg_base: u32, end: usize| Parsed {
        result: Err(errors::value_error(&format!(
            "invalid literal for int() with base {}: {}",
            msg_base,
            for_message()
        ))),
        end: Some(end),
    };
    let mut i = 0;
    while is_c_space(at(i)) {
        i += 1;
    }
    let mut negative = false;
    if at(i) == b'+' {
        i += 1;
    } else if at(i) == b'-' {
        negative = true;
        i += 1;
    }
    let mut base = base;
    let mut error_if_nonzero = false;
    if base == 0 {
        base = match (at(i), at(i + 1).to_ascii_lowercase()) {
            (b'0', b'x') => 16,
            (b'0', b'o') => 8,
            (b'0', b'b') => 2,
            (b'0', _) => {
                // "0..." without a prefix may only be zero.
                error_if_nonzero = true;
                10
            }
            _ => 10,
        };
    }
    // Messages name the base in use: the detected one, or 0 for a zero-led decimal.
    let mut msg_base = base;
    if at(i) == b'0' {
        let p = at(i + 1).to_ascii_lowercase();
        if (base == 16 && p == b'x') || (base == 8 && p == b'o') || (base == 2 && p == b'b') {
            i += 2;
            if at(i) == b'_' {
                i += 1;
            }
        }
    }
    if at(i) == b'_' {
        return invalid(msg_base, i);
    }
    let start = i;
    let mut values: Vec<u8> = Vec::with_capacity(s.len() - i);
    let mut prev = 0u8;
    let mut last_digit = i;
    let mut scan = i;
    let binary = base.is_power_of_two();
    while scan < s.len()
        && ((_PyLong_DigitValue[s[scan] as usize] as u32) < base || s[scan] == b'_')
    {
        let c = s[scan];
        if c == b'_' {
            if prev == b'_' {
                return invalid(msg_base, if binary { scan - 1 } else { last_digit + 1 });
            }
        } else {
            values.push(_PyLong_DigitValue[c as usize]);
            last_digit = scan;
        }
        prev = c;
        scan += 1;
    }
    if prev == b'_' {
        return invalid(msg_base, if binary { scan - 1 } else { last_digit + 1 });
    }
    if !binary && values.len() > MAX_STR_DIGITS_THRESHOLD {
        let limit = max_str_digits();
        if limit > 0 && values.len() as i64 > limit {
            return Parsed {
                result: Err(errors::value_error(&format!(
                    "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                    limit,
                    values.len()
                ))),
                end: None,
            };
        }
    }
    let mut i = scan;
    let mag = bigint::from_digit_values(&values, base);
    if error_if_nonzero {
        msg_base = 0;
        if !mag.is_empty() {
            return invalid(msg_base, i);
        }
    }
    if i == start {
        return invalid(msg_base, i);
    }
    while is_c_space(at(i)) {
        i += 1;
    }
    if i != s.len() {
        return invalid(msg_base, i);
    }
    Parsed {
        result: from_magnitude(negative, &mag),
        end: Some(i),
    }
}

/// `int(text, base)` for a whole buffer that may hold NULs (`PyLong_FromUnicodeObject`,
/// `_PyLong_FromBytes`): an invalid literal is reported with `base` and the original
/// object's repr.
pub fn parse(text: &[u8], base: u32, for_message: &dyn Fn() -> String) -> PyResult<Ref> {
    let parsed = parse_literal(text, base, for_message);
    match (parsed.result, parsed.end) {
        (Ok(v), Some(end)) if end == text.len() => Ok(v),
        (r, None) => r,
        (r, Some(_)) => {
            if r.is_err() {
                errors::clear();
            }
            Err(errors::value_error(&format!(
                "invalid literal for int() with base {}: {}",
                base,
                for_message()
            )))
        }
    }
}

/// The repr of text as a str (`%R` of the C string in messages): single quotes unless the
/// text has one and no double quote, escapes for backslash, quote and control characters.
pub fn quote_for_message(text: &[u8]) -> String {
    let s = String::from_utf8_lossy(text);
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

// ---------------------------------------------------------------------------------------------
// Hashing and comparison.

/// `hash(int)`.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn hash(op: *mut PyObject) -> Py_hash_t {
    if is_medium(op) {
        let v = medium_value(op);
        return if v == -1 { -2 } else { v as Py_hash_t };
    }
    crate::numeric::hash::hash_digits(is_negative(op), digits(op))
}

unsafe extern "C" fn long_hash(op: *mut PyObject) -> Py_hash_t {
    hash(op)
}

/// Three-way comparison of two ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn compare(a: *mut PyObject, b: *mut PyObject) -> core::cmp::Ordering {
    use core::cmp::Ordering::*;
    let (sa, sb) = (signed_size(a), signed_size(b));
    if sa != sb {
        return sa.cmp(&sb);
    }
    let ord = bigint::cmp(digits(a), digits(b));
    if sa < 0 {
        match ord {
            Less => Greater,
            Greater => Less,
            Equal => Equal,
        }
    } else {
        ord
    }
}

/// The result of a comparison `op` (Py_LT..Py_GE) given the ordering, as a new bool.
pub fn richcompare_result(ord: core::cmp::Ordering, op: c_int) -> Ref {
    use core::cmp::Ordering::*;
    let r = match op {
        0 => ord == Less,
        1 => ord != Greater,
        2 => ord == Equal,
        3 => ord != Equal,
        4 => ord == Greater,
        _ => ord != Less,
    };
    super::boolobject::from_bool(r)
}

unsafe extern "C" fn long_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if !is_int(a) || !is_int(b) {
        return obj::new_ref(obj::not_implemented()).into_raw();
    }
    richcompare_result(compare(a, b), op).into_raw()
}

/// `_PyLong_DigitValue`: the value of each byte as a digit in bases up to 36, 37 for "not a
/// digit". Exported because `int()` parsing in extensions (e.g. `_decimal`) indexes it.
#[no_mangle]
pub static _PyLong_DigitValue: [u8; 256] = build_digit_values();

const fn build_digit_values() -> [u8; 256] {
    let mut t = [37u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'z' => c - b'a' + 10,
            b'A'..=b'Z' => c - b'A' + 10,
            _ => 37,
        };
        i += 1;
    }
    t
}

// ---------------------------------------------------------------------------------------------
// Arithmetic: the `tp_as_number` slots. Each slot returns NotImplemented unless both operands
// are ints; one-digit operands take machine-integer fast paths.

fn not_implemented_ref() -> *mut PyObject {
    // SAFETY: NotImplemented is a static object.
    unsafe { obj::new_ref(obj::not_implemented()).into_raw() }
}

macro_rules! int_binop {
    ($(#[$doc:meta])* $slot:ident => $op:path) => {
        $(#[$doc])*
        pub unsafe extern "C" fn $slot(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            if !is_int(a) || !is_int(b) {
                return not_implemented_ref();
            }
            errors::ptr_result($op(a, b))
        }
    };
}

int_binop!(/// `int.__add__`.
    long_add => add);
int_binop!(/// `int.__sub__`.
    long_sub => sub);
int_binop!(/// `int.__mul__`.
    long_mul => mul);
int_binop!(/// `int.__mod__`.
    long_mod => remainder);
int_binop!(/// `int.__divmod__`.
    long_divmod => divmod);
int_binop!(/// `int.__floordiv__`.
    long_floordiv => floordiv);
int_binop!(/// `int.__truediv__`.
    long_truediv => truediv_obj);
int_binop!(/// `int.__lshift__`.
    long_lshift => lshift);
int_binop!(/// `int.__rshift__`.
    long_rshift => rshift);
int_binop!(/// `int.__and__`.
    long_and => bit_and);
int_binop!(/// `int.__or__`.
    long_or => bit_or);
int_binop!(/// `int.__xor__`.
    long_xor => bit_xor);

/// Signed addition of magnitudes into a new int.
unsafe fn add_signed(an: bool, am: &[u32], bn: bool, bm: &[u32]) -> PyResult<Ref> {
    if an == bn {
        let op = alloc(am.len().max(bm.len()) + 1)?;
        bigint::add_into(am, bm, digits_mut(op));
        return Ok(finish(op, an));
    }
    let (big, small, neg) = if bigint::cmp(am, bm) == core::cmp::Ordering::Less {
        (bm, am, bn)
    } else {
        (am, bm, an)
    };
    let op = alloc(big.len())?;
    bigint::sub_into(big, small, digits_mut(op));
    Ok(finish(op, neg))
}

/// `a + b` for ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn add(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    if is_medium(a) && is_medium(b) {
        return from_i64(medium_value(a) + medium_value(b));
    }
    add_signed(is_negative(a), digits(a), is_negative(b), digits(b))
}

/// `a - b` for ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn sub(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    if is_medium(a) && is_medium(b) {
        return from_i64(medium_value(a) - medium_value(b));
    }
    add_signed(is_negative(a), digits(a), !is_negative(b), digits(b))
}

/// `a * b` for ints (Karatsuba for large factors).
///
/// # Safety
/// Both are live ints.
pub unsafe fn mul(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    if is_medium(a) && is_medium(b) {
        return from_i64(medium_value(a) * medium_value(b));
    }
    let (am, bm) = (digits(a), digits(b));
    let op = alloc(am.len() + bm.len())?;
    let out = digits_mut(op);
    if core::ptr::eq(am, bm) {
        bigint::mul_into(am, am, out);
    } else {
        bigint::mul_into(am, bm, out);
    }
    Ok(finish(op, is_negative(a) != is_negative(b)))
}

/// Magnitude plus one.
fn mag_plus_one(m: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; m.len().max(1) + 1];
    bigint::add_into(m, &[1], &mut out);
    let n = bigint::normalized_len(&out);
    out.truncate(n);
    out
}

/// Floor division and remainder of signed magnitudes (Python's semantics: the remainder
/// has the divisor's sign). `bm` is non-zero.
fn floor_divmod_mag(
    an: bool,
    am: &[u32],
    bn: bool,
    bm: &[u32],
) -> ((bool, Vec<u32>), (bool, Vec<u32>)) {
    let (q0, r0) = bigint::divrem(am, bm);
    if !r0.is_empty() && an != bn {
        let q = mag_plus_one(&q0);
        let mut r = vec![0u32; bm.len()];
        bigint::sub_into(bm, &r0, &mut r);
        let n = bigint::normalized_len(&r);
        r.truncate(n);
        ((true, q), (bn, r))
    } else {
        ((an != bn, q0), (an, r0))
    }
}

/// Floor division with the remainder's sign following the divisor, on machine integers.
fn floor_divmod_i64(a: i64, b: i64) -> (i64, i64) {
    let mut q = a / b;
    let mut r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) {
        q -= 1;
        r += b;
    }
    (q, r)
}

/// Which results of a floor division the caller wants.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Quotient,
    Remainder,
    Both,
}

/// Floor division of two ints, making only the wanted results (`l_divmod`): machine words for
/// one-digit operands, 128-bit arithmetic up to four digits, long division beyond.
unsafe fn divmod_parts_want(
    a: *mut PyObject,
    b: *mut PyObject,
    zero_msg: &str,
    want: Want,
) -> PyResult<(Option<Ref>, Option<Ref>)> {
    if signed_size(b) == 0 {
        return Err(errors::zero_division_error(zero_msg));
    }
    let make_q = want != Want::Remainder;
    let make_r = want != Want::Quotient;
    if is_medium(a) && is_medium(b) {
        let (q, r) = floor_divmod_i64(medium_value(a), medium_value(b));
        return Ok((
            if make_q { Some(from_i64(q)?) } else { None },
            if make_r { Some(from_i64(r)?) } else { None },
        ));
    }
    let (an, am, bn, bm) = (is_negative(a), digits(a), is_negative(b), digits(b));
    if am.len() <= 4 && bm.len() <= 4 {
        if let (Some(x), Some(y)) = (bigint::to_u128(am), bigint::to_u128(bm)) {
            let (mut q, mut r) = (x / y, x % y);
            let mut qn = an != bn;
            let rn = if r != 0 && an != bn {
                // Floor: one more in magnitude for the quotient, the remainder takes b's sign.
                q += 1;
                r = y - r;
                bn
            } else {
                an
            };
            if q == 0 {
                qn = false;
            }
            return Ok((
                if make_q { Some(from_u128_signed(qn, q)?) } else { None },
                if make_r { Some(from_u128_signed(rn && r != 0, r)?) } else { None },
            ));
        }
    }
    let ((qn, q), (rn, r)) = floor_divmod_mag(an, am, bn, bm);
    Ok((
        if make_q { Some(from_magnitude(qn, &q)?) } else { None },
        if make_r { Some(from_magnitude(rn, &r)?) } else { None },
    ))
}

unsafe fn divmod_parts(a: *mut PyObject, b: *mut PyObject, zero_msg: &str) -> PyResult<(Ref, Ref)> {
    let (q, r) = divmod_parts_want(a, b, zero_msg, Want::Both)?;
    match (q, r) {
        (Some(q), Some(r)) => Ok((q, r)),
        _ => Err(errors::system_error("divmod lost a result")),
    }
}

/// `divmod(a, b)` for ints: a (quotient, remainder) tuple.
///
/// # Safety
/// Both are live ints.
pub unsafe fn divmod(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    let (q, r) = divmod_parts(a, b, "integer division or modulo by zero")?;
    super::tupleobject::pack(&[q.as_ptr(), r.as_ptr()])
}

/// `a // b` for ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn floordiv(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    divmod_parts_want(a, b, "integer division or modulo by zero", Want::Quotient)?
        .0
        .ok_or_else(|| errors::system_error("floordiv lost its result"))
}

/// `a % b` for ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn remainder(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    divmod_parts_want(a, b, "integer modulo by zero", Want::Remainder)?
        .1
        .ok_or_else(|| errors::system_error("remainder lost its result"))
}

/// `a / b` for ints as a correctly rounded double.
///
/// # Safety
/// Both are live ints.
pub unsafe fn truediv(a: *mut PyObject, b: *mut PyObject) -> PyResult<f64> {
    let (am, bm) = (digits(a), digits(b));
    if bm.is_empty() {
        return Err(errors::zero_division_error("division by zero"));
    }
    let negate = is_negative(a) != is_negative(b);
    let sign = |x: f64| if negate { -x } else { x };
    if am.is_empty() {
        return Ok(sign(0.0));
    }
    let (abits, bbits) = (bigint::bit_length(am) as i64, bigint::bit_length(bm) as i64);
    // Both exactly representable: one IEEE division is correctly rounded.
    if abits <= 53 && bbits <= 53 {
        let x = bigint::to_u128(am).unwrap_or(0) as f64;
        let y = bigint::to_u128(bm).unwrap_or(0) as f64;
        return Ok(sign(x / y));
    }
    const MANT: i64 = 53;
    const MIN_EXP: i64 = -1021;
    const MAX_EXP: i64 = 1024;
    let diff = abits - bbits;
    if diff > MAX_EXP {
        return Err(errors::overflow_error(
            "integer division result too large for a float",
        ));
    }
    if diff < MIN_EXP - MANT - 1 {
        return Ok(sign(0.0));
    }
    // Scale a so that the quotient has MANT+2 or MANT+3 significant bits (fewer for results
    // in the subnormal range), keeping a sticky bit for anything inexact.
    let shift = diff.max(MIN_EXP) - MANT - 2;
    let (x, mut inexact) = if shift <= 0 {
        (bigint::shl(am, (-shift) as u64), false)
    } else {
        bigint::shr(am, shift as u64)
    };
    let (q, r) = bigint::divrem(&x, bm);
    if !r.is_empty() {
        inexact = true;
    }
    let mut qv = bigint::to_u128(&q).unwrap_or(0) as u64;
    let x_bits = 64 - qv.leading_zeros() as i64;
    let extra_bits = x_bits.max(MIN_EXP - shift) - MANT;
    // Round half to even on the extra bits, the sticky bit breaking ties.
    let mask = 1u64 << (extra_bits - 1);
    let low = qv | inexact as u64;
    if low & mask != 0 && low & (3 * mask - 1) != 0 {
        qv += mask;
    }
    qv &= !(2 * mask - 1);
    let dx = qv as f64;
    if shift + x_bits >= MAX_EXP
        && (shift + x_bits > MAX_EXP || dx == crate::numeric::libm::ldexp(1.0, x_bits))
    {
        return Err(errors::overflow_error(
            "integer division result too large for a float",
        ));
    }
    Ok(sign(crate::numeric::libm::ldexp(dx, shift)))
}

unsafe fn truediv_obj(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    super::floatobject::from_f64(truediv(a, b)?)
}

/// `a ** b` (b >= 0) on signed magnitudes.
fn pow_mag(base: &[u32], mut exp: u128) -> Vec<u32> {
    let mut result = vec![1u32];
    let mut b = base.to_vec();
    while exp > 0 {
        if exp & 1 == 1 {
            result = bigint::mul(&result, &b);
        }
        exp >>= 1;
        if exp > 0 {
            b = bigint::mul(&b, &b);
        }
    }
    result
}

/// `(a * b) mod m` on magnitudes.
fn mulmod(a: &[u32], b: &[u32], m: &[u32]) -> Vec<u32> {
    bigint::divrem(&bigint::mul(a, b), m).1
}

/// A signed value as (negative, magnitude) — the working form of the modular algorithms.
type Signed = (bool, Vec<u32>);

fn signed_sub(a: &Signed, b: &Signed) -> Signed {
    signed_add(a, &(!b.0, b.1.clone()))
}

fn signed_add(a: &Signed, b: &Signed) -> Signed {
    if a.0 == b.0 {
        let mut out = vec![0u32; a.1.len().max(b.1.len()) + 1];
        bigint::add_into(&a.1, &b.1, &mut out);
        let n = bigint::normalized_len(&out);
        out.truncate(n);
        return (a.0 && n > 0, out);
    }
    let (big, small, neg) = if bigint::cmp(&a.1, &b.1) == core::cmp::Ordering::Less {
        (&b.1, &a.1, b.0)
    } else {
        (&a.1, &b.1, a.0)
    };
    let mut out = vec![0u32; big.len()];
    bigint::sub_into(big, small, &mut out);
    let n = bigint::normalized_len(&out);
    out.truncate(n);
    (neg && n > 0, out)
}

/// The inverse of `a` modulo `n` (both positive magnitudes, a < n), if gcd(a, n) == 1.
fn mod_inverse(a: &[u32], n: &[u32]) -> Option<Vec<u32>> {
    // Extended Euclid on (b, n) tracking the coefficient of a.
    let (mut r0, mut r1): (Vec<u32>, Vec<u32>) = (n.to_vec(), a.to_vec());
    let (mut s0, mut s1): (Signed, Signed) = ((false, Vec::new()), (false, vec![1]));
    while !r1.is_empty() {
        let (q, r) = bigint::divrem(&r0, &r1);
        let qs1 = bigint::mul(&q, &s1.1);
        let t = signed_sub(&s0, &(s1.0 && !qs1.is_empty(), qs1));
        r0 = core::mem::replace(&mut r1, r);
        s0 = core::mem::replace(&mut s1, t);
    }
    if r0 != [1] {
        return None;
    }
    // Normalize the coefficient into [0, n).
    let (neg, m) = s0;
    let (_, rem) = bigint::divrem(&m, n);
    if neg && !rem.is_empty() {
        let mut out = vec![0u32; n.len()];
        bigint::sub_into(n, &rem, &mut out);
        let k = bigint::normalized_len(&out);
        out.truncate(k);
        Some(out)
    } else {
        Some(rem)
    }
}

/// `pow(a, b, c)` for ints; `c` is NULL/None for the two-argument form. A negative exponent
/// without a modulus gives a float.
///
/// # Safety
/// `a`, `b` are live ints; `c` is NULL, None or a live int.
pub unsafe fn pow(a: *mut PyObject, b: *mut PyObject, c: *mut PyObject) -> PyResult<Ref> {
    let modulus = if c.is_null() || c == obj::none() {
        None
    } else {
        Some(c)
    };
    let Some(m) = modulus else {
        if is_negative(b) {
            let nb = super::floatobject::PyFloat_Type.tp_as_number;
            let p = (*nb)
                .nb_power
                .ok_or_else(|| errors::system_error("float power is missing"))?;
            return Ref::from_result(p(a, b, obj::none()));
        }
        let am = digits(a);
        let an = is_negative(a);
        // Trivial bases: 0, 1, -1 whatever the exponent's size.
        if am.is_empty() {
            return from_i64(if digits(b).is_empty() { 1 } else { 0 });
        }
        let exp_odd = digits(b).first().map_or(false, |d| d & 1 == 1);
        if am == [1] {
            return from_i64(if an && exp_odd { -1 } else { 1 });
        }
        let Some(e) = magnitude_u128(b) else {
            return Err(errors::overflow_error("too many digits in integer"));
        };
        if is_medium(a) && e < 64 {
            if let Some(v) = (medium_value(a) as i128).checked_pow(e as u32) {
                if let Ok(v) = i64::try_from(v) {
                    return from_i64(v);
                }
                return from_u128_signed(v < 0, v.unsigned_abs());
            }
        }
        let bits = bigint::bit_length(am) as u128;
        if bits.saturating_sub(1).saturating_mul(e) / 30 > MAX_LONG_DIGITS as u128 {
            return Err(errors::overflow_error("too many digits in integer"));
        }
        if (bits - 1).saturating_mul(e) > 1 << 36 {
            return Err(errors::no_memory());
        }
        let mag = pow_mag(am, e);
        return from_magnitude(an && exp_odd, &mag);
    };
    if signed_size(m) == 0 {
        return Err(errors::value_error("pow() 3rd argument cannot be 0"));
    }
    let negative_output = is_negative(m);
    let mm = digits(m);
    if mm == [1] {
        return from_i64(0);
    }
    // Reduce the base into [0, |m|).
    let ((_, _), (_, mut base)) = floor_divmod_mag(is_negative(a), digits(a), false, mm);
    let mut exp_negative = is_negative(b);
    if exp_negative {
        base = match mod_inverse(&base, mm) {
            Some(inv) => inv,
            None => {
                return Err(errors::value_error(
                    "base is not invertible for the given modulus",
                ))
            }
        };
        exp_negative = false;
    }
    let _ = exp_negative;
    let exp = digits(b);
    let mut result: Vec<u32> = vec![1];
    // Left-to-right binary exponentiation over the exponent's bits.
    let nbits = bigint::bit_length(exp);
    for i in (0..nbits).rev() {
        result = mulmod(&result, &result, mm);
        let bit = (exp[(i / 30) as usize] >> (i % 30)) & 1;
        if bit == 1 {
            result = mulmod(&result, &base, mm);
        }
    }
    let result = bigint::divrem(bigint::trim(&result), mm).1;
    if negative_output && !result.is_empty() {
        let mut out = vec![0u32; mm.len()];
        bigint::sub_into(mm, &result, &mut out);
        return from_magnitude(true, &out);
    }
    from_magnitude(false, &result)
}

/// `int.__pow__`.
pub unsafe extern "C" fn long_pow(
    a: *mut PyObject,
    b: *mut PyObject,
    c: *mut PyObject,
) -> *mut PyObject {
    if !is_int(a) || !is_int(b) {
        return not_implemented_ref();
    }
    if !c.is_null() && c != obj::none() && !is_int(c) {
        return not_implemented_ref();
    }
    errors::ptr_result(pow(a, b, c))
}

/// `-a`.
///
/// # Safety
/// `a` is a live int.
pub unsafe fn negate(a: *mut PyObject) -> PyResult<Ref> {
    if is_medium(a) {
        return from_i64(-medium_value(a));
    }
    from_magnitude(!is_negative(a), digits(a))
}

unsafe extern "C" fn long_neg(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(negate(a))
}

unsafe extern "C" fn long_abs(a: *mut PyObject) -> *mut PyObject {
    if is_negative(a) {
        errors::ptr_result(negate(a))
    } else {
        errors::ptr_result(copy(a))
    }
}

unsafe extern "C" fn long_bool(a: *mut PyObject) -> c_int {
    (signed_size(a) != 0) as c_int
}

/// `~a` = `-(a + 1)`.
///
/// # Safety
/// `a` is a live int.
pub unsafe fn invert(a: *mut PyObject) -> PyResult<Ref> {
    if is_medium(a) {
        return from_i64(!medium_value(a));
    }
    // -(a+1): for a >= 0 that is -(|a|+1); for a < 0 it is |a|-1.
    if is_negative(a) {
        let am = digits(a);
        let mut out = vec![0u32; am.len()];
        bigint::sub_into(am, &[1], &mut out);
        from_magnitude(false, &out)
    } else {
        from_magnitude(true, &mag_plus_one(digits(a)))
    }
}

unsafe extern "C" fn long_invert(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(invert(a))
}

/// `int.__int__` / `__index__` / unary `+`: the int itself if exact, else an exact copy.
pub unsafe extern "C" fn long_long(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(copy(a))
}

unsafe extern "C" fn long_float(a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(as_f64(a).and_then(super::floatobject::from_f64))
}

/// The shift count of `a << b` / `a >> b`: ValueError for a negative count; None when it
/// does not fit a Py_ssize_t.
unsafe fn shift_count(b: *mut PyObject) -> PyResult<Option<u64>> {
    if is_negative(b) {
        return Err(errors::value_error("negative shift count"));
    }
    Ok(magnitude_u128(b)
        .and_then(|v| u64::try_from(v).ok())
        .filter(|&v| v <= isize::MAX as u64))
}

/// `a << b` for ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn lshift(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    let count = shift_count(b)?;
    if signed_size(a) == 0 {
        return from_i64(0);
    }
    let Some(count) = count else {
        // As CPython: the word shift is clipped to PY_SSIZE_T_MAX / 4 and the allocation
        // of that many digits fails (MemoryError, or OverflowError past MAX_LONG_DIGITS).
        let words = magnitude_u128(b)
            .map_or(u128::MAX, |v| v / 30)
            .min(isize::MAX as u128 / 4) as usize;
        return Err(match alloc(words.saturating_add(digits(a).len())) {
            Ok(op) => {
                obj::decref(op);
                errors::no_memory()
            }
            Err(e) => e,
        });
    };
    if is_medium(a) && count < 32 {
        return from_i64(medium_value(a) << count);
    }
    let am = digits(a);
    let whole = (count / 30) as usize;
    let rest = (count % 30) as u32;
    let op = alloc(whole.saturating_add(am.len() + 1))?;
    let out = digits_mut(op);
    out[..whole].iter_mut().for_each(|d| *d = 0);
    let mut carry: u64 = 0;
    for (i, &d) in am.iter().enumerate() {
        carry |= (d as u64) << rest;
        out[whole + i] = (carry as u32) & bigint::MASK;
        carry >>= 30;
    }
    out[whole + am.len()] = carry as u32;
    Ok(finish(op, is_negative(a)))
}

/// `a >> b` for ints (floor: negative numbers round toward minus infinity).
///
/// # Safety
/// Both are live ints.
pub unsafe fn rshift(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    let count = shift_count(b)?;
    let negative = is_negative(a);
    let Some(count) = count else {
        return from_i64(if negative { -1 } else { 0 });
    };
    if is_medium(a) {
        return from_i64(medium_value(a) >> count.min(63));
    }
    let (q, lost) = bigint::shr(digits(a), count);
    if negative && lost {
        return from_magnitude(true, &mag_plus_one(&q));
    }
    from_magnitude(negative, &q)
}

/// Two's complement digits of a signed magnitude over `width` digits.
fn twos_complement(negative: bool, mag: &[u32], width: usize) -> Vec<u32> {
    let mut out = vec![0u32; width];
    out[..mag.len()].copy_from_slice(mag);
    if negative {
        // ~(|x| - 1) == -|x|
        let mut borrow = 1u32;
        for d in out.iter_mut() {
            let v = d.wrapping_sub(borrow);
            borrow = (v >> 31) & 1;
            *d = (!v) & bigint::MASK;
        }
    }
    out
}

unsafe fn bitwise(
    a: *mut PyObject,
    b: *mut PyObject,
    op: fn(u32, u32) -> u32,
    sign_op: fn(bool, bool) -> bool,
) -> PyResult<Ref> {
    if is_medium(a) && is_medium(b) {
        let (x, y) = (medium_value(a), medium_value(b));
        // Two's complement i64 bitwise, 32 bits at a time.
        let (x, y) = (x as u64, y as u64);
        let lo = op(x as u32, y as u32) as u64;
        let hi = op((x >> 32) as u32, (y >> 32) as u32) as u64;
        let r = ((hi << 32) | lo) as i64;
        return from_i64(r);
    }
    let (an, am, bn, bm) = (is_negative(a), digits(a), is_negative(b), digits(b));
    let width = am.len().max(bm.len()) + 1;
    let x = twos_complement(an, am, width);
    let y = twos_complement(bn, bm, width);
    let negative = sign_op(an, bn);
    let mut z: Vec<u32> = x
        .iter()
        .zip(&y)
        .map(|(&p, &q)| op(p, q) & bigint::MASK)
        .collect();
    if negative {
        // Back from two's complement: |z| = ~z + 1.
        z = twos_complement(true, &z, width);
    }
    from_magnitude(negative, &z)
}

/// `a & b` for ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn bit_and(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    bitwise(a, b, |x, y| x & y, |x, y| x && y)
}

/// `a | b` for ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn bit_or(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    bitwise(a, b, |x, y| x | y, |x, y| x || y)
}

/// `a ^ b` for ints.
///
/// # Safety
/// Both are live ints.
pub unsafe fn bit_xor(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    bitwise(a, b, |x, y| x ^ y, |x, y| x != y)
}

// ---------------------------------------------------------------------------------------------
// Conversions for the C API: text objects, bytes, bit counts.

/// Unicode decimal digit zeros (`unicodedata.decimal(c) == 0`, outside ASCII): each starts a
/// run of the ten digits.
const UNICODE_DIGIT_ZEROS: [u32; 65] = [
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
    0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// `str.isspace()` for a code point outside ASCII.
fn is_unicode_space(c: u32) -> bool {
    matches!(
        c,
        0x85 | 0xa0 | 0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000
    )
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`: Unicode digits become ASCII digits,
/// Unicode spaces become ' ', anything else outside ASCII becomes '?'.
///
/// # Safety
/// `u` is a live, ready str.
pub unsafe fn unicode_to_ascii_number(u: *mut PyObject) -> Vec<u8> {
    let (data, kind) = super::unicodeobject::data_and_kind(u);
    let n = super::unicodeobject::length(u) as usize;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let c = super::unicodeobject::read_char(data, kind, i);
        if c < 0x80 {
            out.push(c as u8);
        } else if is_unicode_space(c) {
            out.push(b' ');
        } else {
            let zero = UNICODE_DIGIT_ZEROS.iter().rev().find(|&&z| z <= c);
            match zero {
                Some(&z) if c - z < 10 => out.push(b'0' + (c - z) as u8),
                _ => out.push(b'?'),
            }
        }
    }
    out
}

/// `%.200R` of an object for messages.
unsafe fn repr_200(op: *mut PyObject) -> String {
    obj::repr_for_message(op).chars().take(200).collect()
}

/// `PyLong_FromUnicodeObject(u, base)`: `int(str, base)`.
///
/// # Safety
/// `u` is a live str.
pub unsafe fn from_unicode(u: *mut PyObject, base: c_int) -> PyResult<Ref> {
    if base != 0 && !(2..=36).contains(&base) {
        return Err(errors::value_error("int() arg 2 must be >= 2 and <= 36"));
    }
    let text = unicode_to_ascii_number(u);
    parse(&text, base as u32, &|| repr_200(u))
}

/// The repr of a bytes value, for messages (`b'...'`).
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = format!("b{}", quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{:02x}", c)),
        }
    }
    out.push(quote);
    out
}

/// `_PyLong_FromBytes(s, len, base)`: `int(bytes, base)`.
pub fn from_bytes_literal(s: &[u8], base: c_int) -> PyResult<Ref> {
    if base != 0 && !(2..=36).contains(&base) {
        return Err(errors::value_error("int() arg 2 must be >= 2 and <= 36"));
    }
    parse(s, base as u32, &|| {
        bytes_repr(s).chars().take(200).collect()
    })
}

/// `_PyLong_NumBits`: the bit length of `|v|`.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn num_bits(op: *mut PyObject) -> usize {
    bigint::bit_length(digits(op)) as usize
}

/// `_PyLong_Frexp`: `(m, e)` with `|op| ≈ |m| * 2**e`, 0.5 <= |m| < 1, m correctly rounded.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn frexp(op: *mut PyObject) -> PyResult<(f64, isize)> {
    let mag = digits(op);
    if mag.is_empty() {
        return Ok((0.0, 0));
    }
    let bits = bigint::bit_length(mag);
    let (top, drop) = if bits <= 64 {
        (bigint::to_u128(mag).unwrap_or(0) as u64, 0u64)
    } else {
        let drop = bits - 63;
        let (top, lost) = bigint::shr(mag, drop);
        (
            bigint::to_u128(&top).unwrap_or(0) as u64 | lost as u64,
            drop,
        )
    };
    let (m, e) = crate::numeric::libm::frexp(top as f64);
    let m = if is_negative(op) { -m } else { m };
    Ok((m, e as isize + drop as isize))
}

/// `_PyLong_FromByteArray`: an int from bytes in either order, two's complement if signed.
pub fn from_byte_array(bytes: &[u8], little_endian: bool, signed: bool) -> PyResult<Ref> {
    let n = bytes.len();
    let byte_at = |i: usize| {
        if little_endian {
            bytes[i]
        } else {
            bytes[n - 1 - i]
        }
    };
    let negative = signed && n > 0 && byte_at(n - 1) & 0x80 != 0;
    // Magnitude bytes, least significant first (two's complement negated when negative).
    let mut le: Vec<u8> = (0..n).map(byte_at).collect();
    if negative {
        let mut carry = 1u16;
        for b in le.iter_mut() {
            let v = (!*b) as u16 + carry;
            *b = v as u8;
            carry = v >> 8;
        }
    }
    let mut mag = vec![0u32; (n * 8) / 30 + 1];
    for (i, &b) in le.iter().enumerate() {
        let bit = i * 8;
        let (w, s) = (bit / 30, (bit % 30) as u32);
        let v = (b as u64) << s;
        mag[w] |= (v as u32) & bigint::MASK;
        if (v >> 30) != 0 {
            mag[w + 1] |= (v >> 30) as u32;
        }
    }
    from_magnitude(negative, &mag)
}

/// `_PyLong_AsByteArray`: the int into `out` (two's complement if signed); OverflowError
/// "can't convert negative int to unsigned" or "int too big to convert".
///
/// # Safety
/// `op` is a live int.
pub unsafe fn as_byte_array(
    op: *mut PyObject,
    out: &mut [u8],
    little_endian: bool,
    signed: bool,
) -> PyResult<()> {
    let negative = is_negative(op);
    if negative && !signed {
        return Err(errors::overflow_error(
            "can't convert negative int to unsigned",
        ));
    }
    let mag = digits(op);
    let n = out.len();
    let bits = bigint::bit_length(mag);
    let fits = if !signed {
        bits <= 8 * n as u64
    } else if !negative {
        bits < 8 * n as u64 || bits == 0
    } else {
        // -2**(8n-1) is the most negative: |v| <= 2**(8n-1).
        let limit = 8 * n as u64;
        bits < limit
            || (bits == limit && {
                // |v| is exactly a power of two (only its top bit set).
                let mut ones = 0u32;
                for &d in mag {
                    ones += d.count_ones();
                }
                ones == 1
            })
    };
    if !fits {
        return Err(errors::overflow_error("int too big to convert"));
    }
    let mut le = vec![0u8; n];
    for (i, slot) in le.iter_mut().enumerate() {
        let bit = i * 8;
        let (w, s) = (bit / 30, (bit % 30) as u32);
        let mut v: u64 = 0;
        if w < mag.len() {
            v = (mag[w] as u64) >> s;
        }
        if w + 1 < mag.len() {
            v |= (mag[w + 1] as u64) << (30 - s);
        }
        *slot = v as u8;
    }
    if negative {
        let mut carry = 1u16;
        for b in le.iter_mut() {
            let v = (!*b) as u16 + carry;
            *b = v as u8;
            carry = v >> 8;
        }
    }
    for i in 0..n {
        out[if little_endian { i } else { n - 1 - i }] = le[i];
    }
    Ok(())
}

/// `_PyLong_Format(obj, base)`: base 2, 8, 16 with prefixes, or 10.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn format_object(op: *mut PyObject, base: c_int) -> PyResult<Ref> {
    if op.is_null() || !is_int(op) || !matches!(base, 2 | 8 | 10 | 16) {
        return Err(errors::bad_internal_call());
    }
    super::unicodeobject::new_str(&format_base(op, base as u32, true)?)
}

/// `_PyLong_GCD(a, b)`: the non-negative greatest common divisor.
///
/// # Safety
/// Both are live ints.
pub unsafe fn gcd(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    if is_medium(a) && is_medium(b) {
        let (mut x, mut y) = (
            medium_value(a).unsigned_abs(),
            medium_value(b).unsigned_abs(),
        );
        while y != 0 {
            (x, y) = (y, x % y);
        }
        return from_u64(x);
    }
    let mut x = digits(a).to_vec();
    let mut y = digits(b).to_vec();
    while !y.is_empty() {
        let r = bigint::divrem(&x, &y).1;
        x = core::mem::replace(&mut y, r);
    }
    from_magnitude(false, &x)
}

/// `_PyLong_DivmodNear(a, b)`: `(q, r)` with q = a/b rounded half to even, r = a - q*b.
///
/// # Safety
/// Both are live objects (TypeError unless ints).
pub unsafe fn divmod_near(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    if !is_int(a) || !is_int(b) {
        return Err(errors::type_error("non-integer arguments in division"));
    }
    if signed_size(b) == 0 {
        return Err(errors::zero_division_error(
            "integer division or modulo by zero",
        ));
    }
    let (am, bm) = (digits(a), digits(b));
    let (mut q0, r0) = bigint::divrem(am, bm);
    let twice = bigint::shl(&r0, 1);
    let ord = bigint::cmp(&twice, bm);
    let q_odd = q0.first().map_or(false, |d| d & 1 == 1);
    if ord == core::cmp::Ordering::Greater || (ord == core::cmp::Ordering::Equal && q_odd) {
        q0 = mag_plus_one(&q0);
    }
    let q = from_magnitude(is_negative(a) != is_negative(b), &q0)?;
    let qb = mul(q.as_ptr(), b)?;
    let r = sub(a, qb.as_ptr())?;
    super::tupleobject::pack(&[q.as_ptr(), r.as_ptr()])
}

/// `_PyLong_Lshift(a, n)`.
///
/// # Safety
/// `a` is a live int.
pub unsafe fn lshift_by(a: *mut PyObject, n: u64) -> PyResult<Ref> {
    let count = from_u64(n)?;
    lshift(a, count.as_ptr())
}

/// `_PyLong_Rshift(a, n)`.
///
/// # Safety
/// `a` is a live int.
pub unsafe fn rshift_by(a: *mut PyObject, n: u64) -> PyResult<Ref> {
    let count = from_u64(n)?;
    rshift(a, count.as_ptr())
}

// ---------------------------------------------------------------------------------------------
// Methods, attributes and the constructor (`int.__dict__`): tables with CPython's names,
// calling conventions (METH_* flags) and docstrings (with their text signatures).

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use core::ffi::{c_char, c_void, CStr};

/// A `METH_FASTCALL` function.
pub type FastFn =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
/// A `METH_FASTCALL | METH_KEYWORDS` function.
pub type FastKwFn = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;
type PlainFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

/// A `PyMethodDef` entry; `meth` is stored as `PyCFunction` whatever its real signature (the
/// flags say how to call it), as C does with `_PyCFunction_CAST`.
pub const fn method(
    name: &'static CStr,
    meth: PlainFn,
    flags: c_int,
    doc: &'static CStr,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(meth),
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }
}

/// A `METH_FASTCALL` entry.
pub const fn method_fast(
    name: &'static CStr,
    meth: FastFn,
    flags: c_int,
    doc: &'static CStr,
) -> PyMethodDef {
    // SAFETY: only the pointer's type changes; the flags tell callers the real signature.
    let meth = unsafe { core::mem::transmute::<FastFn, PlainFn>(meth) };
    method(name, meth, flags, doc)
}

/// A `METH_FASTCALL | METH_KEYWORDS` entry.
pub const fn method_fast_kw(
    name: &'static CStr,
    meth: FastKwFn,
    flags: c_int,
    doc: &'static CStr,
) -> PyMethodDef {
    // SAFETY: as `method_fast`.
    let meth = unsafe { core::mem::transmute::<FastKwFn, PlainFn>(meth) };
    method(name, meth, flags, doc)
}

/// The `{NULL}` sentinel of a method table.
pub const METHOD_SENTINEL: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

/// A read-only `PyGetSetDef` entry.
pub const fn getter(
    name: &'static CStr,
    get: unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject,
    doc: &'static CStr,
) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: None,
        doc: doc.as_ptr(),
        closure: null_mut(),
    }
}

/// The `{NULL}` sentinel of a getset table.
pub const GETSET_SENTINEL: PyGetSetDef = PyGetSetDef {
    name: core::ptr::null(),
    get: None,
    set: None,
    doc: core::ptr::null(),
    closure: null_mut(),
};

pub static mut LONG_METHODS: [PyMethodDef; 14] = [
    method(c"conjugate", long_long_meth, METH_NOARGS, c"Returns self, the complex conjugate of any int."),
    method(c"bit_length", int_bit_length, METH_NOARGS, c"bit_length($self, /)\n--\n\nNumber of bits necessary to represent self in binary.\n\n>>> bin(37)\n'0b100101'\n>>> (37).bit_length()\n6"),
    method(c"bit_count", int_bit_count, METH_NOARGS, c"bit_count($self, /)\n--\n\nNumber of ones in the binary representation of the absolute value of self.\n\nAlso known as the population count.\n\n>>> bin(13)\n'0b1101'\n>>> (13).bit_count()\n3"),
    method_fast_kw(c"to_bytes", int_to_bytes, METH_FASTCALL | METH_KEYWORDS, c"to_bytes($self, /, length=1, byteorder='big', *, signed=False)\n--\n\nReturn an array of bytes representing an integer.\n\n  length\n    Length of bytes object to use.  An OverflowError is raised if the\n    integer is not representable with the given number of bytes.  Default\n    is length 1.\n  byteorder\n    The byte order used to represent the integer.  If byteorder is 'big',\n    the most significant byte is at the beginning of the byte array.  If\n    byteorder is 'little', the most significant byte is at the end of the\n    byte array.  To request the native byte order of the host system, use\n    `sys.byteorder' as the byte order value.  Default is to use 'big'.\n  signed\n    Determines whether two's complement is used to represent the integer.\n    If signed is False and a negative integer is given, an OverflowError\n    is raised."),
    method_fast_kw(c"from_bytes", int_from_bytes, METH_FASTCALL | METH_KEYWORDS | METH_CLASS, c"from_bytes($type, /, bytes, byteorder='big', *, signed=False)\n--\n\nReturn the integer represented by the given array of bytes.\n\n  bytes\n    Holds the array of bytes to convert.  The argument must either\n    support the buffer protocol or be an iterable object producing bytes.\n    Bytes and bytearray are examples of built-in objects that support the\n    buffer protocol.\n  byteorder\n    The byte order used to represent the integer.  If byteorder is 'big',\n    the most significant byte is at the beginning of the byte array.  If\n    byteorder is 'little', the most significant byte is at the end of the\n    byte array.  To request the native byte order of the host system, use\n    `sys.byteorder' as the byte order value.  Default is to use 'big'.\n  signed\n    Indicates whether two's complement is used to represent the integer."),
    method(c"as_integer_ratio", int_as_integer_ratio, METH_NOARGS, c"as_integer_ratio($self, /)\n--\n\nReturn integer ratio.\n\nReturn a pair of integers, whose ratio is exactly equal to the original int\nand with a positive denominator.\n\n>>> (10).as_integer_ratio()\n(10, 1)\n>>> (-10).as_integer_ratio()\n(-10, 1)\n>>> (0).as_integer_ratio()\n(0, 1)"),
    method(c"__trunc__", long_long_meth, METH_NOARGS, c"Truncating an Integral returns itself."),
    method(c"__floor__", long_long_meth, METH_NOARGS, c"Flooring an Integral returns itself."),
    method(c"__ceil__", long_long_meth, METH_NOARGS, c"Ceiling of an Integral returns itself."),
    method_fast(c"__round__", int_round, METH_FASTCALL, c"__round__($self, ndigits=<unrepresentable>, /)\n--\n\nRounding an Integral returns itself.\n\nRounding with an ndigits argument also returns an integer."),
    method(c"__getnewargs__", int_getnewargs, METH_NOARGS, c"__getnewargs__($self, /)\n--\n\n"),
    method(c"__format__", int_format, METH_O, c"__format__($self, format_spec, /)\n--\n\n"),
    method(c"__sizeof__", int_sizeof, METH_NOARGS, c"__sizeof__($self, /)\n--\n\nReturns size in memory, in bytes."),
    METHOD_SENTINEL,
];

pub static mut LONG_GETSET: [PyGetSetDef; 5] = [
    getter(c"real", long_get_self, c"the real part of a complex number"),
    getter(
        c"imag",
        long_get0,
        c"the imaginary part of a complex number",
    ),
    getter(
        c"numerator",
        long_get_self,
        c"the numerator of a rational number in lowest terms",
    ),
    getter(
        c"denominator",
        long_get1,
        c"the denominator of a rational number in lowest terms",
    ),
    GETSET_SENTINEL,
];

/// `int.__doc__`.
pub const LONG_DOC: &CStr = c"int([x]) -> integer\nint(x, base=10) -> integer\n\nConvert a number or string to an integer, or return 0 if no arguments\nare given.  If x is a number, return x.__int__().  For floating point\nnumbers, this truncates towards zero.\n\nIf x is not a number or if base is given, then x must be a string,\nbytes, or bytearray instance representing an integer literal in the\ngiven base.  The literal can be preceded by '+' or '-' and be surrounded\nby whitespace.  The base defaults to 10.  Valid bases are 0 and 2-36.\nBase 0 means to interpret the base from the string as an integer literal.\n>>> int('0b100', base=0)\n4";

unsafe extern "C" fn long_long_meth(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(copy(op))
}

unsafe extern "C" fn long_get_self(op: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    errors::ptr_result(copy(op))
}

unsafe extern "C" fn long_get0(_op: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    errors::ptr_result(from_i64(0))
}

unsafe extern "C" fn long_get1(_op: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    errors::ptr_result(from_i64(1))
}

unsafe extern "C" fn int_bit_length(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(from_u64(num_bits(op) as u64))
}

unsafe extern "C" fn int_bit_count(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let ones: u64 = digits(op).iter().map(|d| d.count_ones() as u64).sum();
    errors::ptr_result(from_u64(ones))
}

unsafe extern "C" fn int_as_integer_ratio(
    op: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        let n = copy(op)?;
        let one = from_i64(1)?;
        super::tupleobject::pack(&[n.as_ptr(), one.as_ptr()])
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn int_getnewargs(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let r = copy(op).and_then(|n| super::tupleobject::pack(&[n.as_ptr()]));
    errors::ptr_result(r)
}

unsafe extern "C" fn int_sizeof(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let size = core::mem::offset_of!(PyLongObject, ob_digit) + 4 * digits(op).len().max(1);
    errors::ptr_result(from_usize(size))
}

/// `int.__round__(ndigits)`: a negative ndigits rounds to a multiple of 10**-ndigits, half
/// to even.
unsafe extern "C" fn int_round(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let r = (|| {
        crate::getargs::check_positional(Some("__round__"), nargs as usize, 0, 1)?;
        if nargs == 0 {
            return copy(op);
        }
        let nd = index(*args)?;
        if !is_negative(nd.as_ptr()) {
            return copy(op);
        }
        // 10 ** -ndigits, then self - (self rounded-remainder).
        let ten = from_i64(10)?;
        let k = negate(nd.as_ptr())?;
        let scale = pow(ten.as_ptr(), k.as_ptr(), null_mut())?;
        let qr = divmod_near(op, scale.as_ptr())?;
        let rem = *super::tupleobject::items(qr.as_ptr()).add(1);
        sub(op, rem)
    })();
    errors::ptr_result(r)
}

/// The text of a str object (for byteorder arguments and format specs).
unsafe fn str_arg_text(op: *mut PyObject) -> Option<String> {
    if obj::has_feature(obj::py_type(op), Py_TPFLAGS_UNICODE_SUBCLASS) {
        Some(super::unicodeobject::to_string_lossy(op))
    } else {
        None
    }
}

/// "byteorder must be either 'little' or 'big'" unless it is one of them; non-str arguments
/// get clinic's "argument 'byteorder' must be str" message.
unsafe fn parse_byteorder(fname: &str, arg: *mut PyObject) -> PyResult<bool> {
    let Some(text) = str_arg_text(arg) else {
        return Err(crate::getargs::bad_argument(
            fname,
            "argument 'byteorder'",
            "str",
            arg,
        ));
    };
    match text.as_str() {
        "little" => Ok(true),
        "big" => Ok(false),
        _ => Err(errors::value_error(
            "byteorder must be either 'little' or 'big'",
        )),
    }
}

static mut TO_BYTES_KEYWORDS: [*const c_char; 4] = [
    c"length".as_ptr(),
    c"byteorder".as_ptr(),
    c"signed".as_ptr(),
    core::ptr::null(),
];
static mut TO_BYTES_PARSER: crate::getargs::PyArgParser = crate::getargs::PyArgParser {
    format: core::ptr::null(),
    keywords: (&raw const TO_BYTES_KEYWORDS).cast(),
    fname: c"to_bytes".as_ptr(),
    custom_msg: core::ptr::null(),
    pos: 0,
    min: 0,
    max: 0,
    kwtuple: null_mut(),
    next: null_mut(),
};

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
unsafe extern "C" fn int_to_bytes(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        let mut buf: [*mut PyObject; 3] = [null_mut(); 3];
        let a = crate::getargs::unpack_keywords(
            args,
            nargs as usize,
            null_mut(),
            kwnames,
            &raw mut TO_BYTES_PARSER,
            0,
            2,
            0,
            buf.as_mut_ptr(),
        )?;
        let total = nargs as usize
            + if kwnames.is_null() {
                0
            } else {
                super::tupleobject::len(kwnames) as usize
            };
        let get = |i: usize| if i < total { *a.add(i) } else { null_mut() };
        let mut length: isize = 1;
        if !get(0).is_null() {
            length = as_ssize_index(get(0), crate::objects::exceptions::PyExc_OverflowError)?;
            if length < 0 {
                return Err(errors::value_error("length argument must be non-negative"));
            }
        }
        let mut little = false;
        if !get(1).is_null() {
            little = parse_byteorder("to_bytes", get(1))?;
        }
        let mut signed = false;
        if !get(2).is_null() {
            signed = obj::is_true(get(2))?;
        }
        let mut out = vec![0u8; length as usize];
        as_byte_array(op, &mut out, little, signed)?;
        super::bytesobject::from_slice(&out)
    })();
    errors::ptr_result(r)
}

static mut FROM_BYTES_KEYWORDS: [*const c_char; 4] = [
    c"bytes".as_ptr(),
    c"byteorder".as_ptr(),
    c"signed".as_ptr(),
    core::ptr::null(),
];
static mut FROM_BYTES_PARSER: crate::getargs::PyArgParser = crate::getargs::PyArgParser {
    format: core::ptr::null(),
    keywords: (&raw const FROM_BYTES_KEYWORDS).cast(),
    fname: c"from_bytes".as_ptr(),
    custom_msg: core::ptr::null(),
    pos: 0,
    min: 0,
    max: 0,
    kwtuple: null_mut(),
    next: null_mut(),
};

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)` (a class method: a subclass
/// gets `cls(result)`).
unsafe extern "C" fn int_from_bytes(
    cls: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        let mut buf: [*mut PyObject; 3] = [null_mut(); 3];
        let a = crate::getargs::unpack_keywords(
            args,
            nargs as usize,
            null_mut(),
            kwnames,
            &raw mut FROM_BYTES_PARSER,
            1,
            2,
            0,
            buf.as_mut_ptr(),
        )?;
        let total = nargs as usize
            + if kwnames.is_null() {
                0
            } else {
                super::tupleobject::len(kwnames) as usize
            };
        let get = |i: usize| if i < total { *a.add(i) } else { null_mut() };
        let mut little = false;
        if !get(1).is_null() {
            little = parse_byteorder("from_bytes", get(1))?;
        }
        let mut signed = false;
        if !get(2).is_null() {
            signed = obj::is_true(get(2))?;
        }
        let data = super::bytesobject::from_object(get(0))?;
        let v = from_byte_array(super::bytesobject::as_slice(data.as_ptr()), little, signed)?;
        if cls != (&raw mut PyLong_Type).cast() {
            return super::call::call_one_arg(cls, v.as_ptr());
        }
        Ok(v)
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn int_format(op: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    let r = (|| {
        let Some(text) = str_arg_text(spec) else {
            return Err(crate::getargs::bad_argument(
                "__format__",
                "argument",
                "str",
                spec,
            ));
        };
        super::unicodeobject::new_str(&crate::numeric::format::format_int(op, &text)?)
    })();
    errors::ptr_result(r)
}

/// `int(x=0, /, base=10)`: `tp_new`; a subclass gets a copy of the digits in an instance
/// of its own type.
unsafe extern "C" fn long_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        let mut out: [*mut PyObject; 2] = [null_mut(); 2];
        crate::getargs::unpack_keywords_tuple(args, kwargs, "int", &["", "base"], 0, 2, &mut out)?;
        let v = long_new_impl(out[0], out[1])?;
        if tp == &raw mut PyLong_Type {
            return Ok(v);
        }
        subtype_instance(tp, v.as_ptr())
    })();
    errors::ptr_result(r)
}

unsafe fn long_new_impl(x: *mut PyObject, obase: *mut PyObject) -> PyResult<Ref> {
    if x.is_null() {
        if !obase.is_null() {
            return Err(errors::type_error("int() missing string argument"));
        }
        return from_i64(0);
    }
    if obase.is_null() {
        return super::r#abstract::number::long(x);
    }
    let base = as_ssize_index(obase, null_mut())?;
    if (base != 0 && base < 2) || base > 36 {
        return Err(errors::value_error(
            "int() base must be >= 2 and <= 36, or 0",
        ));
    }
    if obj::has_feature(obj::py_type(x), Py_TPFLAGS_UNICODE_SUBCLASS) {
        return from_unicode(x, base as c_int);
    }
    if super::bytesobject::is_bytes(x) {
        return from_bytes_literal(super::bytesobject::as_slice(x), base as c_int);
    }
    if super::bytearrayobject::is_bytearray(x) {
        return from_bytes_literal(super::bytearrayobject::as_slice(x), base as c_int);
    }
    Err(errors::type_error(
        "int() can't convert non-string with explicit base",
    ))
}

/// `long_subtype_new`'s copy: an instance of `tp` (an int subclass) with `v`'s digits.
unsafe fn subtype_instance(tp: *mut PyTypeObject, v: *mut PyObject) -> PyResult<Ref> {
    let size = signed_size(v);
    let n = size.unsigned_abs().max(1);
    let alloc_fn = (*tp)
        .tp_alloc
        .ok_or_else(|| errors::type_error("int subclass without tp_alloc"))?;
    let newobj = Ref::from_result(alloc_fn(tp, n as Py_ssize_t))?;
    (*(newobj.as_ptr() as *mut PyVarObject)).ob_size = size;
    let src = digits(v);
    let dst = (*(newobj.as_ptr() as *mut PyLongObject))
        .ob_digit
        .as_mut_ptr();
    core::ptr::copy_nonoverlapping(src.as_ptr(), dst, src.len());
    Ok(newobj)
}
