//! The compiler's Python `int`: a machine `i64` when the value fits, otherwise a sign and a
//! magnitude in base 2**15 (marshal's TYPE_LONG digit size). One type serves the AST's
//! constants and marshal's values, so constants pass from one to the other unconverted.
//!
//! What is here: integer literals in any base, conversion to and from marshal digits,
//! decimal text, comparison with floats, Python's numeric hash, and the arithmetic the
//! constant folder needs, with Python's semantics: `+ - * // % **`, shifts, bitwise
//! operators on two's complement, `float(int)` and `int / int` correctly rounded, and the
//! exceptions as [`ArithError`].

use std::cmp::Ordering;
use std::fmt;

/// Bits per marshal digit (`PyLong_MARSHAL_SHIFT`).
pub const DIGIT_BITS: u32 = 15;
const DIGIT_BASE: u32 = 1 << DIGIT_BITS;
const DIGIT_MASK: u32 = DIGIT_BASE - 1;

/// Python's modulus for numeric hashing (`2**61 - 1`).
pub(crate) const HASH_MODULUS: u64 = (1 << 61) - 1;
const HASH_BITS: u32 = 61;

/// A Python `int`. Values that fit in `i64` are always stored as a machine integer, so
/// two equal integers always have equal representations.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Int(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Small(i64),
    /// Outside the `i64` range. `magnitude` is little-endian base 2**15 with a non-zero
    /// top digit.
    Big {
        negative: bool,
        magnitude: Vec<u16>,
    },
}

impl Int {
    /// The integer zero.
    pub fn zero() -> Int {
        Int(Repr::Small(0))
    }

    /// From a sign and little-endian base-2**15 digits, as TYPE_LONG stores them.
    /// Leading zero digits are allowed and dropped; `None` if a digit is 2**15 or more.
    pub fn from_digits15(negative: bool, digits: &[u16]) -> Option<Int> {
        if digits.iter().any(|&d| u32::from(d) >= DIGIT_BASE) {
            return None;
        }
        let mut magnitude = digits.to_vec();
        trim(&mut magnitude);
        Some(Int::from_magnitude(negative, magnitude))
    }

    fn from_magnitude(negative: bool, magnitude: Vec<u16>) -> Int {
        if let Some(m) = mag_to_u128(&magnitude) {
            if !negative && m <= i64::MAX as u128 {
                return Int(Repr::Small(m as i64));
            }
            if negative && m <= 1u128 << 63 {
                return Int(Repr::Small((m as i128).wrapping_neg() as i64));
            }
        }
        if magnitude.is_empty() {
            return Int::zero();
        }
        Int(Repr::Big {
            negative,
            magnitude,
        })
    }

    /// The value as `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Small(v) => Some(v),
            Repr::Big { .. } => None,
        }
    }

    /// The value as `i128`, if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        match &self.0 {
            Repr::Small(v) => Some(i128::from(*v)),
            Repr::Big {
                negative,
                magnitude,
            } => {
                let m = mag_to_u128(magnitude)?;
                if *negative {
                    if m <= 1u128 << 127 {
                        Some((m as i128).wrapping_neg())
                    } else {
                        None
                    }
                } else {
                    i128::try_from(m).ok()
                }
            }
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Small(0))
    }

    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(v) => *v < 0,
            Repr::Big { negative, .. } => *negative,
        }
    }

    /// The magnitude as little-endian base-2**15 digits, without leading zeros (empty for 0).
    pub fn digits15(&self) -> Vec<u16> {
        match &self.0 {
            Repr::Small(v) => mag_from_u128(u128::from(v.unsigned_abs())),
            Repr::Big { magnitude, .. } => magnitude.clone(),
        }
    }

    /// Parses optional sign and decimal digits (no underscores, no whitespace).
    pub fn parse_decimal(text: &str) -> Option<Int> {
        let (negative, digits) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut magnitude: Vec<u16> = Vec::new();
        for chunk in digits.as_bytes().chunks(4) {
            let mut value = 0u32;
            for &b in chunk {
                value = value * 10 + u32::from(b - b'0');
            }
            mag_mul_add(&mut magnitude, 10u32.pow(chunk.len() as u32), value);
        }
        Some(Int::from_magnitude(negative, magnitude))
    }

    /// The exact integer value of a finite, integral float.
    /// Parses digits (no sign, prefix or underscore) in `radix` (2..=36).
    pub fn from_digits(digits: &str, radix: u32) -> Option<Int> {
        if digits.is_empty() || !(2..=36).contains(&radix) {
            return None;
        }
        let mut magnitude: Vec<u16> = Vec::new();
        for c in digits.chars() {
            mag_mul_add(&mut magnitude, radix, c.to_digit(radix)?);
        }
        Some(Int::from_magnitude(false, magnitude))
    }

    /// Parses the text of a Python integer literal: decimal, `0x`/`0o`/`0b` prefixed, with
    /// single underscores between digits (`1_000`, `0x_ff`). The tokenizer already checked
    /// the syntax; this only rejects what it cannot read.
    pub fn from_python_literal(text: &str) -> Option<Int> {
        let bytes = text.as_bytes();
        let (radix, body) = if bytes.len() > 1 && bytes[0] == b'0' {
            match bytes[1] {
                b'x' | b'X' => (16, &text[2..]),
                b'o' | b'O' => (8, &text[2..]),
                b'b' | b'B' => (2, &text[2..]),
                _ => (10, text),
            }
        } else {
            (10, text)
        };
        let digits: String = body.chars().filter(|&c| c != '_').collect();
        Int::from_digits(&digits, radix)
    }

    /// Number of significant bits of the magnitude (`int.bit_length()`).
    pub fn bit_length(&self) -> u64 {
        match &self.0 {
            Repr::Small(v) => u64::from(64 - v.unsigned_abs().leading_zeros()),
            Repr::Big { magnitude, .. } => {
                let top = magnitude.last().copied().unwrap_or(0);
                (magnitude.len() as u64 - 1) * u64::from(DIGIT_BITS) + u64::from(16 - top.leading_zeros())
            }
        }
    }

    /// The value with the opposite sign.
    pub fn negated(&self) -> Int {
        match &self.0 {
            Repr::Small(v) => Int::from(-i128::from(*v)),
            Repr::Big { negative, magnitude } => Int::from_magnitude(!negative, magnitude.clone()),
        }
    }

    pub(crate) fn from_integral_f64(value: f64) -> Option<Int> {
        if !value.is_finite() || value.fract() != 0.0 {
            return None;
        }
        if value.abs() < 9.2e18 {
            return Some(Int(Repr::Small(value as i64)));
        }
        let bits = value.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i32;
        let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
        // value = mantissa * 2**(exponent - 1075); large values have a non-negative shift.
        let shift = (exponent - 1075) as u32;
        let mut magnitude = mag_from_u128(u128::from(mantissa));
        mag_shl(&mut magnitude, shift);
        Some(Int::from_magnitude(value < 0.0, magnitude))
    }

    /// Python's `hash()` of this integer.
    pub(crate) fn py_hash(&self) -> i64 {
        let (negative, residue) = match &self.0 {
            Repr::Small(v) => (*v < 0, v.unsigned_abs() % HASH_MODULUS),
            Repr::Big {
                negative,
                magnitude,
            } => {
                let mut x: u64 = 0;
                for &d in magnitude.iter().rev() {
                    x = ((u128::from(x) << DIGIT_BITS | u128::from(d)) % u128::from(HASH_MODULUS))
                        as u64;
                }
                (*negative, x)
            }
        };
        let h = if negative {
            -(residue as i64)
        } else {
            residue as i64
        };
        if h == -1 {
            -2
        } else {
            h
        }
    }
}

impl PartialOrd for Int {
    fn partial_cmp(&self, other: &Int) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Int {
    fn cmp(&self, other: &Int) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => a.cmp(b),
            // A big value is outside the i64 range, so its sign decides against a small one.
            (Repr::Small(_), Repr::Big { negative, .. }) => {
                if *negative {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (Repr::Big { negative, .. }, Repr::Small(_)) => {
                if *negative {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (
                Repr::Big {
                    negative: na,
                    magnitude: ma,
                },
                Repr::Big {
                    negative: nb,
                    magnitude: mb,
                },
            ) => match (na, nb) {
                (false, true) => Ordering::Greater,
                (true, false) => Ordering::Less,
                (false, false) => mag_cmp(ma, mb),
                (true, true) => mag_cmp(mb, ma),
            },
        }
    }
}

impl From<i64> for Int {
    fn from(v: i64) -> Int {
        Int(Repr::Small(v))
    }
}

impl From<i32> for Int {
    fn from(v: i32) -> Int {
        Int(Repr::Small(i64::from(v)))
    }
}

impl From<u64> for Int {
    fn from(v: u64) -> Int {
        Int::from_magnitude(false, mag_from_u128(u128::from(v)))
    }
}

impl From<i128> for Int {
    fn from(v: i128) -> Int {
        Int::from_magnitude(v < 0, mag_from_u128(v.unsigned_abs()))
    }
}

impl fmt::Display for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(v) => write!(f, "{v}"),
            Repr::Big {
                negative,
                magnitude,
            } => {
                let mut rest = magnitude.clone();
                let mut groups: Vec<u32> = Vec::new();
                while !rest.is_empty() {
                    groups.push(mag_divmod_small(&mut rest, 10_000));
                }
                let mut text = String::new();
                if *negative {
                    text.push('-');
                }
                let mut iter = groups.iter().rev();
                if let Some(first) = iter.next() {
                    text.push_str(&first.to_string());
                }
                for g in iter {
                    text.push_str(&format!("{g:04}"));
                }
                f.write_str(&text)
            }
        }
    }
}

impl std::str::FromStr for Int {
    type Err = ();

    /// Decimal digits with an optional sign (what `repr(int)` prints).
    fn from_str(s: &str) -> Result<Int, ()> {
        Int::parse_decimal(s).ok_or(())
    }
}

impl fmt::Debug for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn trim(magnitude: &mut Vec<u16>) {
    while magnitude.last() == Some(&0) {
        magnitude.pop();
    }
}

fn mag_from_u128(mut v: u128) -> Vec<u16> {
    let mut out = Vec::new();
    while v != 0 {
        out.push((v as u32 & DIGIT_MASK) as u16);
        v >>= DIGIT_BITS;
    }
    out
}

fn mag_to_u128(magnitude: &[u16]) -> Option<u128> {
    let mut v: u128 = 0;
    for &d in magnitude.iter().rev() {
        if v >> (128 - DIGIT_BITS) != 0 {
            return None;
        }
        v = v << DIGIT_BITS | u128::from(d);
    }
    Some(v)
}

/// magnitude = magnitude * mul + add, for small `mul` and `add`.
fn mag_mul_add(magnitude: &mut Vec<u16>, mul: u32, add: u32) {
    let mut carry = u64::from(add);
    for d in magnitude.iter_mut() {
        let v = u64::from(*d) * u64::from(mul) + carry;
        *d = (v & u64::from(DIGIT_MASK)) as u16;
        carry = v >> DIGIT_BITS;
    }
    while carry != 0 {
        magnitude.push((carry & u64::from(DIGIT_MASK)) as u16);
        carry >>= DIGIT_BITS;
    }
    trim(magnitude);
}

/// Divides in place by a small divisor and returns the remainder.
fn mag_divmod_small(magnitude: &mut Vec<u16>, divisor: u32) -> u32 {
    let mut rem: u64 = 0;
    for d in magnitude.iter_mut().rev() {
        let v = rem << DIGIT_BITS | u64::from(*d);
        *d = (v / u64::from(divisor)) as u16;
        rem = v % u64::from(divisor);
    }
    trim(magnitude);
    rem as u32
}

fn mag_shl(magnitude: &mut Vec<u16>, shift: u32) {
    let whole = (shift / DIGIT_BITS) as usize;
    let bits = shift % DIGIT_BITS;
    if bits != 0 {
        let mut carry = 0u32;
        for d in magnitude.iter_mut() {
            let v = u32::from(*d) << bits | carry;
            *d = (v & DIGIT_MASK) as u16;
            carry = v >> DIGIT_BITS;
        }
        if carry != 0 {
            magnitude.push(carry as u16);
        }
    }
    if whole != 0 {
        magnitude.splice(0..0, std::iter::repeat_n(0, whole));
    }
}

fn mag_cmp(a: &[u16], b: &[u16]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// Python's `hash()` of a float (the numeric hash that agrees with equal ints).
pub(crate) fn float_py_hash(value: f64) -> i64 {
    if value.is_nan() {
        // CPython hashes NaN by identity; NaN is never equal to another NaN object, so any
        // constant keeps hash and equality consistent here.
        return 0;
    }
    if value.is_infinite() {
        return if value > 0.0 { 314_159 } else { -314_159 };
    }
    if value.fract() == 0.0 {
        if let Some(i) = Int::from_integral_f64(value) {
            return i.py_hash();
        }
    }
    // value = m * 2**e with m an odd integer and e < 0: hash = m * 2**e mod P, and since
    // 2**61 == 1 (mod P), 2**e == 2**(e mod 61).
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let (mut mantissa, mut exponent) = if biased == 0 {
        (bits & ((1 << 52) - 1), -1074)
    } else {
        ((bits & ((1 << 52) - 1)) | (1 << 52), biased - 1075)
    };
    while mantissa & 1 == 0 && mantissa != 0 {
        mantissa >>= 1;
        exponent += 1;
    }
    let shift = exponent.rem_euclid(HASH_BITS as i32) as u32;
    let residue =
        ((u128::from(mantissa % HASH_MODULUS) << shift) % u128::from(HASH_MODULUS)) as i64;
    let h = if value < 0.0 { -residue } else { residue };
    if h == -1 {
        -2
    } else {
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_round_trip() {
        for text in [
            "0",
            "-1",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890123456789012345678901234567890",
        ] {
            let i = Int::parse_decimal(text).unwrap();
            assert_eq!(i.to_string(), text);
        }
        assert_eq!(
            Int::parse_decimal("9223372036854775807").unwrap().to_i64(),
            Some(i64::MAX)
        );
        assert!(Int::parse_decimal("9223372036854775808")
            .unwrap()
            .to_i64()
            .is_none());
        assert_eq!(
            Int::parse_decimal("-9223372036854775808").unwrap().to_i64(),
            Some(i64::MIN)
        );
    }

    #[test]
    fn digits_and_hash() {
        let big = Int::parse_decimal("-340282366920938463463374607431768211456").unwrap();
        let digits = big.digits15();
        assert_eq!(Int::from_digits15(true, &digits).unwrap(), big);
        // hash(-(2**128)) in CPython.
        assert_eq!(big.py_hash(), -64);
        assert_eq!(float_py_hash(5e-324), 16_777_216);
        assert_eq!(float_py_hash(1e-300), 482_449_582_752_280_463);
        assert_eq!(Int::from(-1i64).py_hash(), -2);
        assert_eq!(float_py_hash(1.5), 1_152_921_504_606_846_977);
        assert_eq!(float_py_hash(-0.5), -1_152_921_504_606_846_976);
        assert_eq!(
            float_py_hash(2f64.powi(70)),
            Int::from(1i128 << 70).py_hash()
        );
    }

    #[test]
    fn integral_floats() {
        let f = 2f64.powi(80) * 3.0;
        assert_eq!(Int::from_integral_f64(f).unwrap(), Int::from(3i128 << 80));
        assert!(Int::from_integral_f64(0.5).is_none());
        assert_eq!(Int::from_integral_f64(-0.0).unwrap(), Int::zero());
    }
}

// ---------------------------------------------------------------------------------------
// Arithmetic, with Python's semantics (floor division and modulo round toward negative
// infinity, bitwise operators act on infinite two's complement), for the constant folder.
// Values that fit i64 take the machine path; the rest work on base-2**32 limbs.

/// Why an arithmetic operation raises in Python (the folder then leaves the expression).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// ZeroDivisionError.
    ZeroDivision,
    /// OverflowError (e.g. "int too large to convert to float").
    Overflow,
    /// ValueError ("negative shift count").
    Value,
}

/// A sign and little-endian base-2**32 magnitude without leading zeros.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Limbs {
    negative: bool,
    mag: Vec<u32>,
}

fn limbs_trim(mag: &mut Vec<u32>) {
    while mag.last() == Some(&0) {
        mag.pop();
    }
}

fn limbs_cmp(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn limbs_add(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(long.len() + 1);
    let mut carry = 0u64;
    for (i, &x) in long.iter().enumerate() {
        let s = u64::from(x) + u64::from(short.get(i).copied().unwrap_or(0)) + carry;
        out.push(s as u32);
        carry = s >> 32;
    }
    if carry != 0 {
        out.push(carry as u32);
    }
    out
}

/// a - b for |a| >= |b|.
fn limbs_sub(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &x) in a.iter().enumerate() {
        let mut d = i64::from(x) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        borrow = 0;
        if d < 0 {
            d += 1 << 32;
            borrow = 1;
        }
        out.push(d as u32);
    }
    limbs_trim(&mut out);
    out
}

fn limbs_mul(a: &[u32], b: &[u32]) -> Vec<u32> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            let t = u64::from(x) * u64::from(y) + u64::from(out[i + j]) + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
    limbs_trim(&mut out);
    out
}

fn limbs_bit_length(a: &[u32]) -> u64 {
    match a.last() {
        None => 0,
        Some(&top) => (a.len() as u64 - 1) * 32 + u64::from(32 - top.leading_zeros()),
    }
}

fn limbs_shl(a: &[u32], shift: u64) -> Vec<u32> {
    if a.is_empty() {
        return Vec::new();
    }
    let whole = (shift / 32) as usize;
    let bits = (shift % 32) as u32;
    let mut out = vec![0u32; whole];
    let mut carry = 0u32;
    for &x in a {
        if bits == 0 {
            out.push(x);
        } else {
            out.push(x << bits | carry);
            carry = x >> (32 - bits);
        }
    }
    if carry != 0 {
        out.push(carry);
    }
    out
}

/// Magnitude shifted right, and whether any 1 bit was shifted out.
fn limbs_shr(a: &[u32], shift: u64) -> (Vec<u32>, bool) {
    let whole = shift / 32;
    if whole >= a.len() as u64 {
        return (Vec::new(), !a.is_empty());
    }
    let whole = whole as usize;
    let bits = (shift % 32) as u32;
    let mut lost = a[..whole].iter().any(|&x| x != 0);
    if bits != 0 {
        lost |= a[whole] & ((1u32 << bits) - 1) != 0;
    }
    let mut out = Vec::with_capacity(a.len() - whole);
    for i in whole..a.len() {
        let lo = a[i] >> bits;
        let hi = if bits == 0 {
            0
        } else {
            a.get(i + 1).map_or(0, |&n| n << (32 - bits))
        };
        out.push(lo | hi);
    }
    limbs_trim(&mut out);
    (out, lost)
}

/// Quotient and remainder of magnitudes (b non-empty), by binary long division over the
/// bits of `a` (the folder's numbers are small enough for this to be quick).
fn limbs_divmod(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    if limbs_cmp(a, b) == Ordering::Less {
        return (Vec::new(), a.to_vec());
    }
    if b.len() == 1 {
        let d = u64::from(b[0]);
        let mut q = vec![0u32; a.len()];
        let mut r = 0u64;
        for i in (0..a.len()).rev() {
            let cur = r << 32 | u64::from(a[i]);
            q[i] = (cur / d) as u32;
            r = cur % d;
        }
        limbs_trim(&mut q);
        let mut rem = vec![r as u32];
        limbs_trim(&mut rem);
        return (q, rem);
    }
    let n = limbs_bit_length(a);
    let mut q = vec![0u32; a.len()];
    let mut r: Vec<u32> = Vec::new();
    for bit in (0..n).rev() {
        r = limbs_shl(&r, 1);
        if a[(bit / 32) as usize] >> (bit % 32) & 1 != 0 {
            if r.is_empty() {
                r.push(1);
            } else {
                r[0] |= 1;
            }
        }
        if limbs_cmp(&r, b) != Ordering::Less {
            r = limbs_sub(&r, b);
            q[(bit / 32) as usize] |= 1 << (bit % 32);
        }
    }
    limbs_trim(&mut q);
    (q, r)
}

impl Limbs {
    fn new(negative: bool, mut mag: Vec<u32>) -> Limbs {
        limbs_trim(&mut mag);
        let negative = negative && !mag.is_empty();
        Limbs { negative, mag }
    }

    fn add(&self, other: &Limbs) -> Limbs {
        if self.negative == other.negative {
            return Limbs::new(self.negative, limbs_add(&self.mag, &other.mag));
        }
        match limbs_cmp(&self.mag, &other.mag) {
            Ordering::Less => Limbs::new(other.negative, limbs_sub(&other.mag, &self.mag)),
            _ => Limbs::new(self.negative, limbs_sub(&self.mag, &other.mag)),
        }
    }

    fn neg(&self) -> Limbs {
        Limbs::new(!self.negative, self.mag.clone())
    }

    /// Floor division and modulo (remainder has the divisor's sign).
    fn divmod_floor(&self, other: &Limbs) -> (Limbs, Limbs) {
        let (q, r) = limbs_divmod(&self.mag, &other.mag);
        let mut q = Limbs::new(self.negative != other.negative, q);
        let mut r = Limbs::new(self.negative, r);
        if !r.mag.is_empty() && r.negative != other.negative {
            q = q.add(&Limbs::new(true, vec![1]));
            r = r.add(other);
        }
        (q, r)
    }

    /// Two's complement limbs of length `n` (n large enough for the value plus sign).
    fn twos(&self, n: usize) -> Vec<u32> {
        let mut out = self.mag.clone();
        out.resize(n, 0);
        if self.negative {
            let mut carry = 1u64;
            for x in out.iter_mut() {
                let v = u64::from(!*x) + carry;
                *x = v as u32;
                carry = v >> 32;
            }
        }
        out
    }

    fn from_twos(mut t: Vec<u32>) -> Limbs {
        let negative = t.last().is_some_and(|&x| x >> 31 != 0);
        if negative {
            let mut carry = 1u64;
            for x in t.iter_mut() {
                let v = u64::from(!*x) + carry;
                *x = v as u32;
                carry = v >> 32;
            }
        }
        Limbs::new(negative, t)
    }
}

impl Int {
    fn to_limbs(&self) -> Limbs {
        match &self.0 {
            Repr::Small(v) => {
                let m = v.unsigned_abs();
                Limbs::new(*v < 0, vec![m as u32, (m >> 32) as u32])
            }
            Repr::Big {
                negative,
                magnitude,
            } => {
                let mut mag = vec![0u32; (magnitude.len() * 15).div_ceil(32)];
                for (i, &d) in magnitude.iter().enumerate() {
                    let bit = i * 15;
                    let v = u64::from(d) << (bit % 32);
                    mag[bit / 32] |= v as u32;
                    if v >> 32 != 0 {
                        mag[bit / 32 + 1] |= (v >> 32) as u32;
                    }
                }
                Limbs::new(*negative, mag)
            }
        }
    }

    fn from_limbs(l: Limbs) -> Int {
        let bits = limbs_bit_length(&l.mag);
        let mut digits = Vec::with_capacity(bits.div_ceil(15) as usize);
        let mut bit = 0u64;
        while bit < bits {
            let i = (bit / 32) as usize;
            let mut v = u64::from(l.mag[i]);
            if let Some(&n) = l.mag.get(i + 1) {
                v |= u64::from(n) << 32;
            }
            digits.push(((v >> (bit % 32)) & u64::from(DIGIT_MASK)) as u16);
            bit += 15;
        }
        trim(&mut digits);
        Int::from_magnitude(l.negative, digits)
    }

    /// `self + other`.
    pub fn add(&self, other: &Int) -> Int {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => Int::from(i128::from(*a) + i128::from(*b)),
            _ => Int::from_limbs(self.to_limbs().add(&other.to_limbs())),
        }
    }

    /// `self - other`.
    pub fn sub(&self, other: &Int) -> Int {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => Int::from(i128::from(*a) - i128::from(*b)),
            _ => Int::from_limbs(self.to_limbs().add(&other.to_limbs().neg())),
        }
    }

    /// `self * other`.
    pub fn mul(&self, other: &Int) -> Int {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => Int::from(i128::from(*a) * i128::from(*b)),
            _ => {
                let (a, b) = (self.to_limbs(), other.to_limbs());
                Int::from_limbs(Limbs::new(a.negative != b.negative, limbs_mul(&a.mag, &b.mag)))
            }
        }
    }

    /// `divmod(self, other)` for ints: floor quotient and remainder with the divisor's sign.
    pub fn divmod(&self, other: &Int) -> Result<(Int, Int), ArithError> {
        if other.is_zero() {
            return Err(ArithError::ZeroDivision);
        }
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0) {
            let (a, b) = (i128::from(*a), i128::from(*b));
            let (q, r) = (a / b, a % b);
            // Truncating division; Python's remainder takes the divisor's sign.
            let (q, r) = if r != 0 && (r < 0) != (b < 0) { (q - 1, r + b) } else { (q, r) };
            return Ok((Int::from(q), Int::from(r)));
        }
        let (q, r) = self.to_limbs().divmod_floor(&other.to_limbs());
        Ok((Int::from_limbs(q), Int::from_limbs(r)))
    }

    /// `self // other`.
    pub fn floordiv(&self, other: &Int) -> Result<Int, ArithError> {
        self.divmod(other).map(|(q, _)| q)
    }

    /// `self % other`.
    pub fn modulo(&self, other: &Int) -> Result<Int, ArithError> {
        self.divmod(other).map(|(_, r)| r)
    }

    /// `-self` (same as [`Int::negated`]).
    pub fn neg(&self) -> Int {
        self.negated()
    }

    /// `~self` = `-(self + 1)`.
    pub fn invert(&self) -> Int {
        self.add(&Int::from(1i64)).negated()
    }

    /// `self ** exponent` for a non-negative exponent (with a negative one Python computes
    /// a float power instead). The caller bounds the size of the result.
    pub fn pow(&self, exponent: u64) -> Int {
        let mut result = Int::from(1i64);
        let mut base = self.clone();
        let mut e = exponent;
        while e != 0 {
            if e & 1 != 0 {
                result = result.mul(&base);
            }
            e >>= 1;
            if e != 0 {
                base = base.mul(&base);
            }
        }
        result
    }

    /// `self << count`; ValueError for a negative count, OverflowError for absurd sizes.
    pub fn lshift(&self, count: &Int) -> Result<Int, ArithError> {
        if count.is_negative() {
            return Err(ArithError::Value);
        }
        if self.is_zero() {
            return Ok(Int::zero());
        }
        // Results past 2**40 bits are refused rather than allocated (CPython would raise
        // MemoryError or OverflowError for them).
        let n = match count.to_i64() {
            Some(n) if n < 1 << 40 => n,
            _ => return Err(ArithError::Overflow),
        };
        let l = self.to_limbs();
        Ok(Int::from_limbs(Limbs::new(l.negative, limbs_shl(&l.mag, n as u64))))
    }

    /// `self >> count` (floor: negative values round toward -infinity).
    pub fn rshift(&self, count: &Int) -> Result<Int, ArithError> {
        if count.is_negative() {
            return Err(ArithError::Value);
        }
        let n = count.to_i64().map_or(u64::MAX, |n| n as u64);
        let l = self.to_limbs();
        let (mag, lost) = limbs_shr(&l.mag, n);
        let mut r = Limbs::new(l.negative, mag);
        if l.negative && lost {
            r = r.add(&Limbs::new(true, vec![1]));
        }
        Ok(Int::from_limbs(r))
    }

    fn bitwise(&self, other: &Int, op: impl Fn(u32, u32) -> u32) -> Int {
        let (a, b) = (self.to_limbs(), other.to_limbs());
        let n = a.mag.len().max(b.mag.len()) + 1;
        let (ta, tb) = (a.twos(n), b.twos(n));
        Int::from_limbs(Limbs::from_twos(ta.iter().zip(&tb).map(|(&x, &y)| op(x, y)).collect()))
    }

    /// `self & other`.
    pub fn bitand(&self, other: &Int) -> Int {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => Int::from(a & b),
            _ => self.bitwise(other, |x, y| x & y),
        }
    }

    /// `self | other`.
    pub fn bitor(&self, other: &Int) -> Int {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => Int::from(a | b),
            _ => self.bitwise(other, |x, y| x | y),
        }
    }

    /// `self ^ other`.
    pub fn bitxor(&self, other: &Int) -> Int {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => Int::from(a ^ b),
            _ => self.bitwise(other, |x, y| x ^ y),
        }
    }

    /// `float(self)`: correctly rounded (half to even); OverflowError when the rounded
    /// value does not fit ("int too large to convert to float").
    pub fn to_f64(&self) -> Result<f64, ArithError> {
        if let Repr::Small(v) = self.0 {
            return Ok(v as f64);
        }
        let l = self.to_limbs();
        let n = limbs_bit_length(&l.mag);
        if n > 1024 {
            return Err(ArithError::Overflow);
        }
        // The top 64 bits, with any lower 1 bit folded into the last one ("sticky"), round
        // exactly as the whole value would when converted to 53 bits.
        let shift = n - 64;
        let (top, lost) = limbs_shr(&l.mag, shift);
        let mut top64 = u64::from(top[0]) | u64::from(top.get(1).copied().unwrap_or(0)) << 32;
        if lost {
            top64 |= 1;
        }
        let value = top64 as f64 * 2f64.powi(shift as i32);
        if value.is_infinite() {
            return Err(ArithError::Overflow);
        }
        Ok(if l.negative { -value } else { value })
    }

    /// `self / other` for ints: the correctly rounded quotient, ZeroDivisionError, or
    /// OverflowError ("integer division result too large for a float").
    pub fn truediv(&self, other: &Int) -> Result<f64, ArithError> {
        if other.is_zero() {
            return Err(ArithError::ZeroDivision);
        }
        const MANT: i64 = 53;
        const MIN_EXP: i64 = -1021;
        const MAX_EXP: i64 = 1024;
        let (a, b) = (self.to_limbs(), other.to_limbs());
        let negative = a.negative != b.negative;
        let signed = |v: f64| if negative { -v } else { v };
        // Both exactly representable: one IEEE division is correctly rounded.
        let exact = |l: &Limbs| limbs_bit_length(&l.mag) <= MANT as u64;
        if exact(&a) && exact(&b) {
            let fa = a.mag.iter().rev().fold(0f64, |acc, &x| acc * 4294967296.0 + f64::from(x));
            let fb = b.mag.iter().rev().fold(0f64, |acc, &x| acc * 4294967296.0 + f64::from(x));
            return Ok(signed(fa / fb));
        }
        if a.mag.is_empty() {
            return Ok(signed(0.0));
        }
        let a_bits = limbs_bit_length(&a.mag) as i64;
        let b_bits = limbs_bit_length(&b.mag) as i64;
        let diff = a_bits - b_bits;
        if diff > MAX_EXP {
            return Err(ArithError::Overflow);
        }
        if diff < MIN_EXP - MANT - 1 {
            return Ok(signed(0.0));
        }
        // Scale so the quotient has MANT+2 or MANT+3 bits (fewer for subnormal results).
        let shift = diff.max(MIN_EXP) - MANT - 2;
        let (x, mut inexact) = if shift <= 0 {
            (limbs_shl(&a.mag, (-shift) as u64), false)
        } else {
            limbs_shr(&a.mag, shift as u64)
        };
        let (q, r) = limbs_divmod(&x, &b.mag);
        inexact |= !r.is_empty();
        let mut q = q;
        let q_bits = limbs_bit_length(&q) as i64;
        // Round q to the bits the result can hold, half to even.
        let extra = q_bits.max(MIN_EXP - shift) - MANT;
        let mask: u64 = 1 << (extra - 1);
        let low = u64::from(q[0]);
        if low & mask != 0 && (inexact || low & (3 * mask - 1) != 0) {
            q = limbs_add(&q, &[mask as u32]);
        }
        q[0] &= !((2 * mask - 1) as u32);
        let dq = q.iter().rev().fold(0f64, |acc, &x| acc * 4294967296.0 + f64::from(x));
        let q_bits = limbs_bit_length(&q) as i64;
        if shift + q_bits >= MAX_EXP
            && (shift + q_bits > MAX_EXP || dq == 2f64.powi(q_bits as i32))
        {
            return Err(ArithError::Overflow);
        }
        Ok(signed(ldexp(dq, shift as i32)))
    }
}

/// `x * 2**exp` without intermediate overflow or double rounding for in-range results
/// (`x` holds at most 55 significant bits here, already rounded for subnormals).
fn ldexp(x: f64, exp: i32) -> f64 {
    let mut x = x;
    let mut e = exp;
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    x * 2f64.powi(e)
}
