//! The compiler's Python `int`: a machine `i64` when the value fits, otherwise a sign and a
//! magnitude in base 2**15 (marshal's TYPE_LONG digit size). One type serves the AST's
//! constants and marshal's values, so constants pass from one to the other unconverted.
//!
//! What is here: integer literals in any base, conversion to and from marshal digits,
//! decimal text, comparison with floats, and Python's numeric hash. No arithmetic yet (the
//! constant folder will need it).

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
