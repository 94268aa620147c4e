//! The values an AST `Constant` (and `MatchSingleton`) holds, without Python objects:
//! [`ConstantValue`] (its `int`s are the crate's [`Int`]), and [`PyStr`],
//! a `str` that may contain lone surrogates (`'\udc80'` is a valid literal).

pub use crate::int::Int;
pub use crate::pystr::{CodePoints, PyStr};
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

/// Hashing agrees with `==`: floats by their bits, containers element by element.
impl std::hash::Hash for ConstantValue {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        use ConstantValue::*;
        std::mem::discriminant(self).hash(state);
        match self {
            None | Ellipsis => {}
            Bool(b) => b.hash(state),
            Int(i) => i.hash(state),
            Float(f) => f.to_bits().hash(state),
            Complex { real, imag } => {
                real.to_bits().hash(state);
                imag.to_bits().hash(state);
            }
            Str(s) => s.hash(state),
            Bytes(b) => b.hash(state),
            Tuple(items) | FrozenSet(items) => {
                items.len().hash(state);
                for i in items {
                    i.hash(state);
                }
            }
        }
    }
}

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
