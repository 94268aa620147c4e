//! Decimal digits of doubles, and CPython's layout of them (Python/pystrtod.c's
//! `format_float_short`). The digits come from Rust's float formatting, which is exact:
//! the shortest digits that round-trip (the closest such when several are shortest), or
//! the digits correctly rounded to a given count with ties to even — the same digits David
//! Gay's `_Py_dg_dtoa` gives in its modes 0, 2 and 3.

use std::fmt::Write;

/// How many digits to produce (the `mode` of `_Py_dg_dtoa`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigitMode {
    /// Mode 0: the shortest digits that read back as the same double.
    Shortest,
    /// Mode 2: `n` significant digits (n >= 1).
    Significant(usize),
    /// Mode 3: digits up to `n` places after the decimal point (n may be negative).
    Fixed(i64),
}

/// The digits of `|v|` (finite) with trailing zeros removed, and the decimal point position:
/// `|v| ≈ 0.d1d2d3... * 10**decpt`. Zero gives "0" with decpt 1; a value that rounds to 0
/// in fixed mode gives no digits and decpt `-n`.
pub fn digits(v: f64, mode: DigitMode) -> (Vec<u8>, i64) {
    let v = v.abs();
    if v == 0.0 {
        return (vec![b'0'], 1);
    }
    let mut text = String::with_capacity(32);
    match mode {
        DigitMode::Shortest => {
            let _ = write!(text, "{:e}", v);
            let (ds, decpt) = scientific_parts(&text);
            // Among the shortest candidates Gay's dtoa takes the one nearest to v, ties to
            // even; Rust may break an exact tie upward. The correctly rounded n-digit value
            // is the nearest one: prefer it when it reads back as v.
            // With 15 digits or fewer the neighbours of a tie are too far apart to both read
            // back as v, so only 16- and 17-digit results need the check.
            if ds.len() >= 16 {
                text.clear();
                let _ = write!(text, "{:.*e}", ds.len() - 1, v);
                let (nearest, ndecpt) = scientific_parts(&text);
                if nearest != ds && nearest.len() == ds.len() && text.parse::<f64>() == Ok(v) {
                    return (nearest, ndecpt);
                }
            }
            (ds, decpt)
        }
        DigitMode::Significant(n) => {
            let _ = write!(text, "{:.*e}", n.max(1) - 1, v);
            scientific_parts(&text)
        }
        DigitMode::Fixed(n) if n >= 0 => {
            let _ = write!(text, "{:.*}", n as usize, v);
            let (int_part, frac_part) = match text.find('.') {
                Some(p) => (&text[..p], &text[p + 1..]),
                None => (&text[..], ""),
            };
            let mut all: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
            let mut decpt = int_part.len() as i64;
            let lead = all.iter().take_while(|&&c| c == b'0').count();
            all.drain(..lead);
            decpt -= lead as i64;
            while all.last() == Some(&b'0') {
                all.pop();
            }
            if all.is_empty() {
                return (Vec::new(), -n);
            }
            (all, decpt)
        }
        DigitMode::Fixed(n) => round_integer_digits(v, (-n) as usize),
    }
}

/// Digits of `v` (positive, finite) rounded to a multiple of 10**k (k >= 1), ties to even:
/// the integer part's exact digits decide, the fraction only breaks a tie upward.
fn round_integer_digits(v: f64, k: usize) -> (Vec<u8>, i64) {
    let int_digits = format!("{:.0}", v.trunc());
    let int_digits = int_digits.as_bytes();
    let fraction_nonzero = v.fract() != 0.0;
    let none = (Vec::new(), -(k as i64));
    if int_digits == b"0" || int_digits.len() < k {
        return none;
    }
    let keep = int_digits.len() - k;
    let (head, tail) = int_digits.split_at(keep);
    // Compare the dropped part with half a unit: 5 followed by zeros.
    let mut order = tail[0].cmp(&b'5');
    if order == core::cmp::Ordering::Equal {
        if tail[1..].iter().any(|&c| c != b'0') || fraction_nonzero {
            order = core::cmp::Ordering::Greater;
        }
    }
    let last_odd = head.last().map_or(false, |&c| (c - b'0') % 2 == 1);
    let round_up =
        order == core::cmp::Ordering::Greater || (order == core::cmp::Ordering::Equal && last_odd);
    let mut head: Vec<u8> = head.to_vec();
    let mut decpt = int_digits.len() as i64;
    if round_up {
        let mut i = head.len();
        loop {
            if i == 0 {
                head.insert(0, b'1');
                decpt += 1;
                break;
            }
            i -= 1;
            if head[i] == b'9' {
                head[i] = b'0';
            } else {
                head[i] += 1;
                break;
            }
        }
    }
    while head.last() == Some(&b'0') {
        head.pop();
    }
    if head.is_empty() {
        return none;
    }
    (head, decpt)
}

/// Splits Rust's `d.ddde±x` text into trimmed digits and decpt.
fn scientific_parts(text: &str) -> (Vec<u8>, i64) {
    let epos = text.find('e').unwrap_or(text.len());
    let exp: i64 = text[epos + 1..].parse().unwrap_or(0);
    let mut ds: Vec<u8> = text[..epos]
        .bytes()
        .filter(|c| c.is_ascii_digit())
        .collect();
    while ds.len() > 1 && ds.last() == Some(&b'0') {
        ds.pop();
    }
    (ds, exp + 1)
}

/// Flags of `PyOS_double_to_string`.
pub const DTSF_SIGN: i32 = 0x01;
pub const DTSF_ADD_DOT_0: i32 = 0x02;
pub const DTSF_ALT: i32 = 0x04;
pub const DTSF_NO_NEG_0: i32 = 0x08;

/// The kind of value formatted (`Py_DTST_*`).
pub const DTST_FINITE: i32 = 0;
pub const DTST_INFINITE: i32 = 1;
pub const DTST_NAN: i32 = 2;

/// `PyOS_double_to_string` without the allocation: `code` is one of e E f F g G r; returns
/// None for an invalid code (or 'r' with a precision), CPython's bad internal call.
pub fn double_to_string(v: f64, code: u8, precision: i32, flags: i32) -> Option<(String, i32)> {
    let upper = code.is_ascii_uppercase();
    let lower_code = code.to_ascii_lowercase();
    let mut precision = precision as i64;
    let mode = match code {
        b'e' | b'E' => {
            precision += 1;
            DigitMode::Significant(precision.max(1) as usize)
        }
        b'f' | b'F' => DigitMode::Fixed(precision),
        b'g' | b'G' => {
            if precision == 0 {
                precision = 1;
            }
            DigitMode::Significant(precision.max(1) as usize)
        }
        b'r' => {
            if precision != 0 {
                return None;
            }
            DigitMode::Shortest
        }
        _ => return None,
    };
    let mut out = String::new();
    let mut negative = v.is_sign_negative();
    if v.is_nan() {
        negative = false;
    }
    if !v.is_finite() {
        if negative {
            out.push('-');
        } else if flags & DTSF_SIGN != 0 {
            out.push('+');
        }
        let word = if v.is_nan() { "nan" } else { "inf" };
        out.push_str(&if upper {
            word.to_ascii_uppercase()
        } else {
            word.to_string()
        });
        return Some((out, if v.is_nan() { DTST_NAN } else { DTST_INFINITE }));
    }
    let (ds, decpt) = digits(v, mode);
    if flags & DTSF_NO_NEG_0 != 0 && negative && (ds.is_empty() || ds == b"0") {
        negative = false;
    }
    layout(
        &mut out, negative, &ds, decpt, lower_code, precision, flags, upper,
    );
    Some((out, DTST_FINITE))
}

/// `format_float_short`'s layout of digits: zero padding, decimal point, exponent.
#[allow(clippy::too_many_arguments)]
fn layout(
    out: &mut String,
    negative: bool,
    ds: &[u8],
    decpt: i64,
    code: u8,
    precision: i64,
    flags: i32,
    upper: bool,
) {
    let add_dot_0 = flags & DTSF_ADD_DOT_0 != 0;
    let alt = flags & DTSF_ALT != 0;
    let digits_len = ds.len() as i64;
    let mut decpt = decpt;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        b'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        b'f' => vdigits_end = decpt + precision,
        b'g' => {
            if decpt <= -4 || decpt > (if add_dot_0 { precision - 1 } else { precision }) {
                use_exp = true;
            }
            if alt {
                vdigits_end = precision;
            }
        }
        _ => {
            // 'r': exponent from 1e16 on.
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    if !use_exp && add_dot_0 {
        vdigits_end = vdigits_end.max(decpt + 1);
    } else {
        vdigits_end = vdigits_end.max(decpt);
    }
    if negative {
        out.push('-');
    } else if flags & DTSF_SIGN != 0 {
        out.push('+');
    }
    let zeros = |out: &mut String, n: i64| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    if decpt <= 0 {
        zeros(out, decpt - vdigits_start);
        out.push('.');
        zeros(out, -decpt);
    } else {
        zeros(out, -vdigits_start);
    }
    let text = |b: &[u8]| -> String { b.iter().map(|&c| c as char).collect() };
    if 0 < decpt && decpt <= digits_len {
        out.push_str(&text(&ds[..decpt as usize]));
        out.push('.');
        out.push_str(&text(&ds[decpt as usize..]));
    } else {
        out.push_str(&text(ds));
    }
    if digits_len < decpt {
        zeros(out, decpt - digits_len);
        out.push('.');
        zeros(out, vdigits_end - decpt);
    } else {
        zeros(out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        let _ = write!(out, "{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

/// `float.__repr__`: `PyOS_double_to_string(v, 'r', 0, Py_DTSF_ADD_DOT_0)`.
pub fn repr(v: f64) -> String {
    double_to_string(v, b'r', 0, DTSF_ADD_DOT_0)
        .map(|(s, _)| s)
        .unwrap_or_default()
}

/// `_Py_dg_infinity`: positive or (for a nonzero `sign`) negative infinity.
pub fn infinity(negative: bool) -> f64 {
    if negative { f64::NEG_INFINITY } else { f64::INFINITY }
}

/// `_Py_dg_stdnan`: the quiet NaN 0x7ff8000000000000, with the sign bit set for a nonzero
/// `sign` (CPython builds it from those words, not from the platform's NAN).
pub fn std_nan(negative: bool) -> f64 {
    f64::from_bits(0x7ff8_0000_0000_0000 | if negative { 1u64 << 63 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_cpython() {
        let _runtime = crate::testing::hold_runtime();
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e300, "1.5e+300"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (123456789.125, "123456789.125"),
            (2e16 + 8.0, "2.000000000000001e+16"),
            (2.9802322387695312e-08, "2.9802322387695312e-08"), // an exact tie: even digit
        ];
        for &(v, want) in cases {
            assert_eq!(repr(v), want, "{v:e}");
        }
    }

    #[test]
    fn formats_match_cpython() {
        let _runtime = crate::testing::hold_runtime();
        let f = |v: f64, c: u8, p: i32, fl: i32| double_to_string(v, c, p, fl).unwrap().0;
        assert_eq!(f(0.125, b'f', 2, 0), "0.12");
        assert_eq!(f(0.001, b'f', 2, 0), "0.00");
        assert_eq!(f(-0.001, b'f', 2, 0), "-0.00");
        assert_eq!(f(-0.001, b'f', 2, DTSF_NO_NEG_0), "0.00");
        assert_eq!(f(1234.5, b'e', 3, 0), "1.234e+03");
        assert_eq!(f(1234.5, b'E', 0, DTSF_ALT), "1.E+03");
        assert_eq!(f(0.0, b'g', 6, 0), "0");
        assert_eq!(f(100000.0, b'g', 6, 0), "100000");
        assert_eq!(f(1000000.0, b'g', 6, 0), "1e+06");
        assert_eq!(f(1.5, b'g', 6, DTSF_ALT), "1.50000");
        assert_eq!(f(2.5, b'f', 0, 0), "2");
        assert_eq!(f(2.5, b'f', 0, DTSF_ALT), "2.");
        assert_eq!(f(1.0, b'r', 0, DTSF_SIGN), "+1");
        assert!(double_to_string(1.0, b'r', 1, 0).is_none());
    }

    #[test]
    fn fixed_mode_with_negative_places() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(digits(12345.0, DigitMode::Fixed(-2)), (b"123".to_vec(), 5));
        assert_eq!(digits(12355.0, DigitMode::Fixed(-1)), (b"1236".to_vec(), 5));
        assert_eq!(digits(49.0, DigitMode::Fixed(-2)), (Vec::new(), -2));
        assert_eq!(digits(51.0, DigitMode::Fixed(-2)), (b"1".to_vec(), 3));
        assert_eq!(digits(50.0, DigitMode::Fixed(-2)).0, Vec::<u8>::new());
        assert_eq!(digits(960.0, DigitMode::Fixed(-3)), (b"1".to_vec(), 4));
    }
}
