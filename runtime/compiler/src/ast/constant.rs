//! The values an AST `Constant` (and `MatchSingleton`) holds, without Python objects:
//! [`ConstantValue`], the arbitrary-precision [`BigInt`] for `int` literals, and [`PyStr`],
//! a `str` that may contain lone surrogates (`'\udc80'` is a valid literal).

use std::fmt;

/// The value of a `Constant` node: every type CPython's parser produces (None, bool, int,
/// float, complex, str, bytes, Ellipsis) plus tuple and frozenset, which the AST optimizer
/// folds constant displays into.
///
/// Equality is structural and compares floats by their bits, so `0.0 != -0.0` and a NaN
/// equals the same NaN: two trees are equal when CPython would compile them alike.
#[derive(Debug, Clone)]
pub enum ConstantValue {
    None,
    Bool(bool),
    Int(BigInt),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    Str(PyStr),
    Bytes(Vec<u8>),
    Ellipsis,
    Tuple(Vec<ConstantValue>),
    /// Elements in the order CPython's frozenset iterates them (which its `repr` shows).
    FrozenSet(Vec<ConstantValue>),
}

impl PartialEq for ConstantValue {
    fn eq(&self, other: &Self) -> bool {
        use ConstantValue::*;
        match (self, other) {
            (None, None) | (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Complex { real: ar, imag: ai }, Complex { real: br, imag: bi }) => {
                ar.to_bits() == br.to_bits() && ai.to_bits() == bi.to_bits()
            }
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Tuple(a), Tuple(b)) | (FrozenSet(a), FrozenSet(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for ConstantValue {}

impl ConstantValue {
    /// A `str` constant from Rust text.
    pub fn str(text: &str) -> ConstantValue {
        ConstantValue::Str(PyStr::from(text))
    }

    /// An `int` constant.
    pub fn int(value: i64) -> ConstantValue {
        ConstantValue::Int(BigInt::from_i64(value))
    }

    /// Python's `repr()` of the value, as `ast.dump` prints it.
    pub fn repr(&self) -> String {
        let mut out = String::new();
        super::repr::write_constant(&mut out, self);
        out
    }
}

// ---------------------------------------------------------------------------------------

/// A signed integer of any size: sign and magnitude, the magnitude as little-endian 32-bit
/// limbs without high zero limbs (zero has none and is never negative).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct BigInt {
    negative: bool,
    limbs: Vec<u32>,
}

impl BigInt {
    pub fn zero() -> BigInt {
        BigInt::default()
    }

    pub fn from_u64(value: u64) -> BigInt {
        BigInt::from_sign_limbs(false, vec![value as u32, (value >> 32) as u32])
    }

    pub fn from_i64(value: i64) -> BigInt {
        let mut v = BigInt::from_u64(value.unsigned_abs());
        v.negative = value < 0;
        v
    }

    /// From a sign and little-endian 32-bit magnitude limbs (normalized here).
    pub fn from_sign_limbs(negative: bool, mut limbs: Vec<u32>) -> BigInt {
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        let negative = negative && !limbs.is_empty();
        BigInt { negative, limbs }
    }

    pub fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The magnitude, little-endian 32-bit limbs, no high zero limb.
    pub fn magnitude_limbs(&self) -> &[u32] {
        &self.limbs
    }

    /// Number of significant bits of the magnitude (`int.bit_length()`).
    pub fn bit_length(&self) -> u64 {
        match self.limbs.last() {
            None => 0,
            Some(&top) => (self.limbs.len() as u64 - 1) * 32 + (32 - top.leading_zeros()) as u64,
        }
    }

    pub fn to_i64(&self) -> Option<i64> {
        if self.limbs.len() > 2 {
            return None;
        }
        let mag = self
            .limbs
            .iter()
            .rev()
            .fold(0u64, |acc, &l| (acc << 32) | l as u64);
        if self.negative {
            if mag <= i64::MAX as u64 + 1 {
                Some((mag as i64).wrapping_neg())
            } else {
                None
            }
        } else {
            i64::try_from(mag).ok()
        }
    }

    /// The value with the opposite sign.
    pub fn negated(&self) -> BigInt {
        BigInt::from_sign_limbs(!self.negative, self.limbs.clone())
    }

    /// Parses digits (no sign, prefix or underscore) in `radix` (2..=36).
    pub fn from_digits(digits: &str, radix: u32) -> Option<BigInt> {
        if digits.is_empty() || !(2..=36).contains(&radix) {
            return None;
        }
        let mut limbs: Vec<u32> = Vec::new();
        for c in digits.chars() {
            let d = c.to_digit(radix)?;
            mul_add_small(&mut limbs, radix, d);
        }
        Some(BigInt::from_sign_limbs(false, limbs))
    }

    /// Parses the text of a Python integer literal: decimal, `0x`/`0o`/`0b` prefixed, with
    /// single underscores between digits (`1_000`, `0x_ff`). The tokenizer already checked
    /// the syntax; this only rejects what it cannot read.
    pub fn from_python_literal(text: &str) -> Option<BigInt> {
        let lower = text.as_bytes();
        let (radix, body) = if lower.len() > 1 && lower[0] == b'0' {
            match lower[1] {
                b'x' | b'X' => (16, &text[2..]),
                b'o' | b'O' => (8, &text[2..]),
                b'b' | b'B' => (2, &text[2..]),
                _ => (10, text),
            }
        } else {
            (10, text)
        };
        let digits: String = body.chars().filter(|&c| c != '_').collect();
        BigInt::from_digits(&digits, radix)
    }

    /// Decimal text, with a leading '-' when negative (`str(int)`).
    pub fn to_decimal_string(&self) -> String {
        if self.limbs.is_empty() {
            return "0".to_string();
        }
        // Peel off base-10^9 chunks, least significant first.
        const CHUNK: u32 = 1_000_000_000;
        let mut work = self.limbs.clone();
        let mut chunks = Vec::new();
        while !work.is_empty() {
            chunks.push(div_rem_small(&mut work, CHUNK));
        }
        let mut out = String::with_capacity(chunks.len() * 9 + 1);
        if self.negative {
            out.push('-');
        }
        let mut iter = chunks.iter().rev();
        if let Some(first) = iter.next() {
            out.push_str(&first.to_string());
        }
        for chunk in iter {
            out.push_str(&format!("{:09}", chunk));
        }
        out
    }
}

/// limbs = limbs * mul + add.
fn mul_add_small(limbs: &mut Vec<u32>, mul: u32, add: u32) {
    let mut carry = add as u64;
    for limb in limbs.iter_mut() {
        let v = *limb as u64 * mul as u64 + carry;
        *limb = v as u32;
        carry = v >> 32;
    }
    if carry != 0 {
        limbs.push(carry as u32);
    }
}

/// limbs = limbs / div, returning the remainder; drops high zero limbs.
fn div_rem_small(limbs: &mut Vec<u32>, div: u32) -> u32 {
    let mut rem = 0u64;
    for limb in limbs.iter_mut().rev() {
        let v = (rem << 32) | *limb as u64;
        *limb = (v / div as u64) as u32;
        rem = v % div as u64;
    }
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    rem as u32
}

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal_string())
    }
}

impl std::str::FromStr for BigInt {
    type Err = ();

    /// Decimal digits with an optional leading '-' (what `repr(int)` prints).
    fn from_str(s: &str) -> Result<BigInt, ()> {
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        let v = BigInt::from_digits(digits, 10).ok_or(())?;
        Ok(if negative { v.negated() } else { v })
    }
}

// ---------------------------------------------------------------------------------------

/// A Python `str` value: a sequence of code points, any of which may be a lone surrogate
/// (U+D800..U+DFFF), which Rust's `str` cannot hold. Stored as CPython's "surrogatepass"
/// UTF-8 (each surrogate as its own 3-byte sequence, never paired), the form marshal
/// writes too.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct PyStr {
    bytes: Vec<u8>,
    has_surrogates: bool,
}

impl PyStr {
    /// From code points; `None` if one is above U+10FFFF.
    pub fn from_code_points<I: IntoIterator<Item = u32>>(code_points: I) -> Option<PyStr> {
        let mut s = PyStr::default();
        for cp in code_points {
            s.push_code_point(cp)?;
        }
        Some(s)
    }

    /// Appends one code point; `None` (and nothing appended) if it is above U+10FFFF.
    pub fn push_code_point(&mut self, cp: u32) -> Option<()> {
        if let Some(c) = char::from_u32(cp) {
            let mut buf = [0u8; 4];
            self.bytes
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        } else if (0xD800..=0xDFFF).contains(&cp) {
            self.bytes.extend_from_slice(&[
                0xE0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]);
            self.has_surrogates = true;
        } else {
            return None;
        }
        Some(())
    }

    pub fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// The text, unless it holds a lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        if self.has_surrogates {
            None
        } else {
            // The bytes came from `str`s and encoded chars only.
            std::str::from_utf8(&self.bytes).ok()
        }
    }

    pub fn has_surrogates(&self) -> bool {
        self.has_surrogates
    }

    /// UTF-8 with surrogates encoded as themselves (Python's `encode('utf-8', 'surrogatepass')`).
    pub fn as_surrogatepass_utf8(&self) -> &[u8] {
        &self.bytes
    }

    /// The code points, in order.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints {
            bytes: &self.bytes,
            pos: 0,
        }
    }

    /// `len(s)`: the number of code points.
    pub fn len_code_points(&self) -> usize {
        self.bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Iterator over a [`PyStr`]'s code points.
#[derive(Clone)]
pub struct CodePoints<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let b = self.bytes;
        let i = self.pos;
        let first = *b.get(i)?;
        // The bytes are well-formed (generalized) UTF-8 by construction.
        let (len, init) = match first {
            0x00..=0x7F => (1, first as u32),
            0xC0..=0xDF => (2, (first & 0x1F) as u32),
            0xE0..=0xEF => (3, (first & 0x0F) as u32),
            _ => (4, (first & 0x07) as u32),
        };
        let cp = b[i + 1..i + len]
            .iter()
            .fold(init, |acc, &c| (acc << 6) | (c & 0x3F) as u32);
        self.pos += len;
        Some(cp)
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr {
            bytes: s.as_bytes().to_vec(),
            has_surrogates: false,
        }
    }
}

impl From<String> for PyStr {
    fn from(s: String) -> PyStr {
        PyStr {
            bytes: s.into_bytes(),
            has_surrogates: false,
        }
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        super::repr::write_str_repr(&mut out, self);
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigint_decimal_round_trip() {
        for text in [
            "0",
            "1",
            "-1",
            "4294967295",
            "4294967296",
            "-18446744073709551616",
            "123456789012345678901234567890123456789",
        ] {
            let v: BigInt = text.parse().unwrap();
            assert_eq!(v.to_decimal_string(), text);
        }
        assert_eq!("-0".parse::<BigInt>().unwrap().to_decimal_string(), "0");
    }

    #[test]
    fn bigint_literals() {
        let v = BigInt::from_python_literal("0xFFFF_FFFF_FFFF_FFFF_FFFF").unwrap();
        assert_eq!(v.to_decimal_string(), "1208925819614629174706175");
        assert_eq!(
            BigInt::from_python_literal("0o777").unwrap().to_i64(),
            Some(511)
        );
        assert_eq!(
            BigInt::from_python_literal("0b1_01").unwrap().to_i64(),
            Some(5)
        );
        assert_eq!(
            BigInt::from_python_literal("1_000").unwrap().to_i64(),
            Some(1000)
        );
        assert_eq!(BigInt::from_i64(i64::MIN).to_i64(), Some(i64::MIN));
        assert_eq!(BigInt::from_u64(u64::MAX).to_i64(), None);
        assert_eq!(BigInt::from_u64(u64::MAX).bit_length(), 64);
    }

    #[test]
    fn pystr_surrogates() {
        let s = PyStr::from_code_points([0x61, 0xD800, 0xDC00, 0x1F600]).unwrap();
        assert!(s.has_surrogates());
        assert_eq!(s.as_str(), None);
        assert_eq!(
            s.code_points().collect::<Vec<_>>(),
            vec![0x61, 0xD800, 0xDC00, 0x1F600]
        );
        assert_eq!(s.len_code_points(), 4);
        assert_eq!(&s.as_surrogatepass_utf8()[1..4], &[0xED, 0xA0, 0x80]);
        assert!(PyStr::from_code_points([0x110000]).is_none());
        assert_eq!(PyStr::from("héllo").as_str(), Some("héllo"));
    }
}
