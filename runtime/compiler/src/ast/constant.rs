//! The values an AST `Constant` (and `MatchSingleton`) holds, without Python objects:
//! [`ConstantValue`] (its `int`s are the crate's [`Int`]), and [`PyStr`],
//! a `str` that may contain lone surrogates (`'\udc80'` is a valid literal).

pub use crate::int::Int;
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
    Int(Int),
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
        ConstantValue::Int(Int::from(value))
    }

    /// Python's `repr()` of the value, as `ast.dump` prints it.
    pub fn repr(&self) -> String {
        let mut out = String::new();
        super::repr::write_constant(&mut out, self);
        out
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
    fn int_decimal_round_trip() {
        for text in [
            "0",
            "1",
            "-1",
            "4294967295",
            "4294967296",
            "-18446744073709551616",
            "123456789012345678901234567890123456789",
        ] {
            let v: Int = text.parse().unwrap();
            assert_eq!(v.to_string(), text);
        }
        assert_eq!("-0".parse::<Int>().unwrap().to_string(), "0");
    }

    #[test]
    fn int_literals() {
        let v = Int::from_python_literal("0xFFFF_FFFF_FFFF_FFFF_FFFF").unwrap();
        assert_eq!(v.to_string(), "1208925819614629174706175");
        assert_eq!(
            Int::from_python_literal("0o777").unwrap().to_i64(),
            Some(511)
        );
        assert_eq!(
            Int::from_python_literal("0b1_01").unwrap().to_i64(),
            Some(5)
        );
        assert_eq!(
            Int::from_python_literal("1_000").unwrap().to_i64(),
            Some(1000)
        );
        assert_eq!(Int::from(i64::MIN).to_i64(), Some(i64::MIN));
        assert_eq!(Int::from(u64::MAX).to_i64(), None);
        assert_eq!(Int::from(u64::MAX).bit_length(), 64);
        assert_eq!(Int::from(i64::MIN).negated().to_string(), "9223372036854775808");
        assert_eq!(Int::from(i64::MIN).negated().negated().to_i64(), Some(i64::MIN));
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
