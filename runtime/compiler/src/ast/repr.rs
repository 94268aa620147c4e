//! Python 3.11's `repr()` of constant values, character for character: what `ast.dump`
//! prints for a `Constant`. Floats use the shortest round-tripping digits (CPython's
//! `float_repr_style == 'short'`), strings escape what `str.isprintable()` rejects.

use super::constant::{ConstantValue, PyStr};
use crate::tokenizer::unicode::is_printable;

/// Appends `repr(value)`.
pub fn write_constant(out: &mut String, value: &ConstantValue) {
    match value {
        ConstantValue::None => out.push_str("None"),
        ConstantValue::Bool(true) => out.push_str("True"),
        ConstantValue::Bool(false) => out.push_str("False"),
        ConstantValue::Ellipsis => out.push_str("Ellipsis"),
        ConstantValue::Int(v) => out.push_str(&v.to_string()),
        ConstantValue::Float(x) => out.push_str(&float_repr(*x)),
        ConstantValue::Complex { real, imag } => out.push_str(&complex_repr(*real, *imag)),
        ConstantValue::Str(s) => write_str_repr(out, s),
        ConstantValue::Bytes(b) => write_bytes_repr(out, b),
        ConstantValue::Tuple(items) => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_constant(out, item);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        ConstantValue::FrozenSet(items) => {
            if items.is_empty() {
                out.push_str("frozenset()");
                return;
            }
            out.push_str("frozenset({");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_constant(out, item);
            }
            out.push_str("})");
        }
    }
}

fn push_hex_escape(out: &mut String, prefix: char, width: usize, value: u32) {
    out.push('\\');
    out.push(prefix);
    out.push_str(&format!("{:0width$x}", value, width = width));
}

/// Appends `repr(str)` of a [`PyStr`].
pub fn write_str_repr(out: &mut String, s: &PyStr) {
    write_code_points_repr(out, s.code_points());
}

/// Appends `repr(str)` of Rust text.
pub fn write_text_repr(out: &mut String, s: &str) {
    write_code_points_repr(out, s.chars().map(|c| c as u32));
}

/// `repr(str)`: single quotes unless the text has a `'` and no `"`.
fn write_code_points_repr<I: Iterator<Item = u32> + Clone>(out: &mut String, code_points: I) {
    let (mut has_single, mut has_double) = (false, false);
    for cp in code_points.clone() {
        has_single |= cp == '\'' as u32;
        has_double |= cp == '"' as u32;
    }
    let quote = if has_single && !has_double { '"' } else { '\'' };
    out.push(quote);
    for cp in code_points {
        match cp {
            0x5C => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            _ if cp == quote as u32 => {
                out.push('\\');
                out.push(quote);
            }
            0x00..=0x1F | 0x7F => push_hex_escape(out, 'x', 2, cp),
            0x20..=0x7E => out.push(cp as u8 as char),
            _ => match char::from_u32(cp) {
                Some(c) if is_printable(c) => out.push(c),
                // Lone surrogates land here too: they are never printable.
                _ if cp <= 0xFF => push_hex_escape(out, 'x', 2, cp),
                _ if cp <= 0xFFFF => push_hex_escape(out, 'u', 4, cp),
                _ => push_hex_escape(out, 'U', 8, cp),
            },
        }
    }
    out.push(quote);
}

/// Appends `repr(bytes)`: `b'...'`, non-ASCII and control bytes as `\xhh`.
pub fn write_bytes_repr(out: &mut String, b: &[u8]) {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.push('b');
    out.push(quote);
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if byte == quote as u8 => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7E => out.push(byte as char),
            _ => push_hex_escape(out, 'x', 2, byte as u32),
        }
    }
    out.push(quote);
}

/// `repr(float)`.
pub fn float_repr(x: f64) -> String {
    format_shortest(x, true, false)
}

/// `repr(complex)`: `1j`, `1.5j` when the real part is +0.0, else `(re+imj)` with both
/// parts in shortest form without a forced `.0`.
pub fn complex_repr(real: f64, imag: f64) -> String {
    if real == 0.0 && real.is_sign_positive() {
        format!("{}j", format_shortest(imag, false, false))
    } else {
        format!(
            "({}{}j)",
            format_shortest(real, false, false),
            format_shortest(imag, false, true)
        )
    }
}

/// CPython's `PyOS_double_to_string(x, 'r', 0, flags)`: shortest digits that read back
/// to `x`; exponent notation when the decimal point would sit more than 16 digits right of
/// the first digit or 4 or more zeros left of it. `add_dot_0` appends ".0" to integral
/// fixed-point output (float repr); `force_sign` writes '+' for non-negative values.
fn format_shortest(x: f64, add_dot_0: bool, force_sign: bool) -> String {
    let mut out = String::new();
    if x.is_nan() {
        if force_sign {
            out.push('+');
        }
        out.push_str("nan");
        return out;
    }
    if x.is_sign_negative() {
        out.push('-');
    } else if force_sign {
        out.push('+');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }
    // Rust's `{:e}` prints the shortest round-tripping digits: "d.ddde[-]N".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').expect("{:e} output has an exponent");
    let exponent: i32 = exponent.parse().expect("{:e} exponent is an integer");
    let mut digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    round_half_even_tie(x.abs(), &mut digits, exponent);
    // The decimal point sits after `decpt` digits.
    let decpt = exponent + 1;
    let n = digits.len() as i32;
    if decpt <= -4 || decpt > 16 {
        out.push_str(&digits[..1]);
        if n > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", e.abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..-decpt {
            out.push('0');
        }
        out.push_str(&digits);
    } else if decpt >= n {
        out.push_str(&digits);
        for _ in 0..decpt - n {
            out.push('0');
        }
        if add_dot_0 {
            out.push_str(".0");
        }
    } else {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    }
    out
}

/// Where `x` lies exactly halfway between two shortest candidates (e.g. 99.998809814453125
/// between ...312 and ...313), Rust rounds the last digit up while CPython's dtoa rounds
/// it to even. `digits` (Rust's choice, `d.ddd` times 10^`exponent`) is replaced by the
/// even neighbour in that case, when that one also reads back as `x`.
fn round_half_even_tie(x: f64, digits: &mut String, exponent: i32) {
    let n = digits.len();
    if n == 0 || digits.as_bytes()[n - 1] & 1 == 0 {
        return;
    }
    // The exact decimal expansion of an f64 has at most 767 significant digits.
    let exact = format!("{:.800e}", x);
    let (exact_mantissa, exact_exponent) = exact.split_once('e').expect("exponent");
    if exact_exponent.parse::<i32>() != Ok(exponent) {
        return;
    }
    let exact_digits: Vec<u8> = exact_mantissa.bytes().filter(|&c| c != b'.').collect();
    let (head, rest) = exact_digits.split_at(n);
    let tie = rest.first() == Some(&b'5') && rest[1..].iter().all(|&c| c == b'0');
    if !tie || head == digits.as_bytes() || head[n - 1] & 1 != 0 {
        return;
    }
    let candidate = String::from_utf8(head.to_vec()).expect("ASCII digits");
    let text = format!("{}.{}e{}", &candidate[..1], &candidate[1..], exponent);
    if text.parse::<f64>() == Ok(x) {
        *digits = candidate;
    }
}

#[cfg(test)]
// The tie cases are written out exactly: they are exact binary fractions.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    #[test]
    fn floats() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1234567890123456.7, "1234567890123456.8"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-300, "1.5e-300"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            // Exact ties between two shortest candidates round to the even digit.
            (99.998809814453125, "99.99880981445312"),
            (1429035198630573.25, "1429035198630573.2"),
        ];
        for &(x, want) in cases {
            assert_eq!(float_repr(x), want, "{x:e}");
        }
    }

    #[test]
    fn complexes() {
        assert_eq!(complex_repr(0.0, 1.0), "1j");
        assert_eq!(complex_repr(0.0, 10.0), "10j");
        assert_eq!(complex_repr(0.0, 1e16), "1e+16j");
        assert_eq!(complex_repr(0.0, f64::INFINITY), "infj");
        assert_eq!(complex_repr(-0.0, -1.0), "(-0-1j)");
        assert_eq!(complex_repr(1.5, f64::NAN), "(1.5+nanj)");
        assert_eq!(
            complex_repr(0.0, 1429035198630573.25),
            "1429035198630573.2j"
        );
    }

    #[test]
    fn strings_and_bytes() {
        let mut out = String::new();
        write_str_repr(&mut out, &PyStr::from("it's"));
        assert_eq!(out, "\"it's\"");
        out.clear();
        write_str_repr(
            &mut out,
            &PyStr::from("'\"\t\u{7f}\u{a0}é\u{200b}\u{e0001}"),
        );
        assert_eq!(out, r#"'\'"\t\x7f\xa0é\u200b\U000e0001'"#);
        out.clear();
        write_str_repr(&mut out, &PyStr::from_code_points([0xDC80]).unwrap());
        assert_eq!(out, r"'\udc80'");
        out.clear();
        write_bytes_repr(&mut out, b"a'\x00\xff\\");
        assert_eq!(out, r#"b"a'\x00\xff\\""#);
    }
}
