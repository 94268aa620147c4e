//! Text conversions marshal needs, with CPython 3.11's exact results and error messages:
//! decoding str payloads as UTF-8 with "surrogatepass", and the text float format of
//! versions 0 and 1 (written like `'%.17g' % x`, read like `PyOS_string_to_double`).

use super::error::{MarshalError, UnicodeDecodeDetail};
use super::value::Str;

/// Why CPython's UTF-8 decoder stopped at a position.
enum Utf8Stop {
    /// A valid sequence of this many bytes.
    Valid(usize),
    InvalidStart,
    /// Invalid continuation; the error covers this many bytes from the start.
    InvalidContinuation(usize),
    UnexpectedEnd,
}

fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// Classifies the non-ASCII sequence at the start of `rest` the way CPython's decoder
/// does (its error ranges decide the exception message).
fn classify(rest: &[u8]) -> Utf8Stop {
    let lead = rest[0];
    let at = |i: usize| rest.get(i).copied();
    match lead {
        0xc2..=0xdf => match at(1) {
            None => Utf8Stop::UnexpectedEnd,
            Some(b) if !is_continuation(b) => Utf8Stop::InvalidContinuation(1),
            Some(_) => Utf8Stop::Valid(2),
        },
        0xe0..=0xef => {
            // E0 must be followed by A0..BF (no overlong forms), ED by 80..9F (no surrogates).
            let bad_second = |b: u8| {
                !is_continuation(b) || (lead == 0xe0 && b < 0xa0) || (lead == 0xed && b >= 0xa0)
            };
            match (at(1), at(2)) {
                (None, _) => Utf8Stop::UnexpectedEnd,
                (Some(b1), _) if bad_second(b1) => Utf8Stop::InvalidContinuation(1),
                (Some(_), None) => Utf8Stop::UnexpectedEnd,
                (Some(_), Some(b2)) if !is_continuation(b2) => Utf8Stop::InvalidContinuation(2),
                _ => Utf8Stop::Valid(3),
            }
        }
        0xf0..=0xf4 => {
            // F0 must be followed by 90..BF, F4 by 80..8F (nothing past U+10FFFF).
            let bad_second = |b: u8| {
                !is_continuation(b) || (lead == 0xf0 && b < 0x90) || (lead == 0xf4 && b >= 0x90)
            };
            match (at(1), at(2), at(3)) {
                (None, _, _) => Utf8Stop::UnexpectedEnd,
                (Some(b1), _, _) if bad_second(b1) => Utf8Stop::InvalidContinuation(1),
                (Some(_), None, _) => Utf8Stop::UnexpectedEnd,
                (Some(_), Some(b2), _) if !is_continuation(b2) => Utf8Stop::InvalidContinuation(2),
                (Some(_), Some(_), None) => Utf8Stop::UnexpectedEnd,
                (Some(_), Some(_), Some(b3)) if !is_continuation(b3) => {
                    Utf8Stop::InvalidContinuation(3)
                }
                _ => Utf8Stop::Valid(4),
            }
        }
        _ => Utf8Stop::InvalidStart,
    }
}

/// `bytes.decode('utf-8', 'surrogatepass')`, with CPython's UnicodeDecodeError on failure.
pub(crate) fn decode_surrogatepass(data: &[u8], interned: bool) -> Result<Str, MarshalError> {
    let mut pos = 0;
    while pos < data.len() {
        if data[pos] < 0x80 {
            pos += 1;
            continue;
        }
        let (end, reason) = match classify(&data[pos..]) {
            Utf8Stop::Valid(len) => {
                pos += len;
                continue;
            }
            Utf8Stop::InvalidStart => (pos + 1, "invalid start byte"),
            Utf8Stop::InvalidContinuation(len) => (pos + len, "invalid continuation byte"),
            Utf8Stop::UnexpectedEnd => (data.len(), "unexpected end of data"),
        };
        // The "surrogatepass" handler accepts exactly one 3-byte encoded surrogate at the
        // error position and lets decoding resume after it; otherwise the error stands.
        if let [a, b, c, ..] = data[pos..] {
            if a & 0xf0 == 0xe0 && is_continuation(b) && is_continuation(c) {
                let cp = u32::from(a & 0x0f) << 12 | u32::from(b & 0x3f) << 6 | u32::from(c & 0x3f);
                if (0xd800..=0xdfff).contains(&cp) {
                    pos += 3;
                    continue;
                }
            }
        }
        return Err(MarshalError::unicode_decode(UnicodeDecodeDetail {
            encoding: "utf-8",
            object: data.to_vec(),
            start: pos,
            end,
            reason,
        }));
    }
    Ok(Str::from_checked_bytes(data.to_vec(), interned))
}

/// `PyOS_double_to_string(x, 'g', 17, 0, NULL)`: what versions 0 and 1 write for a float.
pub(crate) fn float_to_text(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // 17 significant digits, correctly rounded, in scientific form: "-d.dddde<exp>".
    let sci = format!("{:.16e}", x);
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::from(sign);
    if (-4..17).contains(&exponent) {
        let (int_part, frac_part) = if exponent >= 0 {
            let split = exponent as usize + 1;
            (digits[..split].to_string(), digits[split..].to_string())
        } else {
            (
                "0".to_string(),
                "0".repeat((-exponent - 1) as usize) + &digits,
            )
        };
        out.push_str(&int_part);
        let frac = frac_part.trim_end_matches('0');
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
    } else {
        out.push_str(&digits[..1]);
        let frac = digits[1..].trim_end_matches('0');
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exponent.unsigned_abs()));
    }
    out
}

/// Length of the longest prefix of `s` that is a decimal float (`_Py_dg_strtod`'s syntax:
/// sign, digits with an optional point, optional exponent); 0 if none.
fn decimal_prefix_len(s: &[u8]) -> usize {
    let mut i = 0;
    if matches!(s.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let int_start = i;
    while s.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut mantissa_digits = i - int_start;
    if s.get(i) == Some(&b'.') {
        let frac_start = i + 1;
        let mut j = frac_start;
        while s.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        mantissa_digits += j - frac_start;
        if mantissa_digits > 0 {
            i = j;
        }
    }
    if mantissa_digits == 0 {
        return 0;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_start = j;
        while s.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    i
}

/// Length of an "inf", "infinity" or "nan" prefix (any case, optional sign); 0 if none.
fn inf_nan_prefix_len(s: &[u8]) -> usize {
    let signed = usize::from(matches!(s.first(), Some(b'+' | b'-')));
    let rest = &s[signed..];
    let starts =
        |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
    if starts(b"infinity") {
        signed + 8
    } else if starts(b"inf") || starts(b"nan") {
        signed + 3
    } else {
        0
    }
}

/// `PyOS_string_to_double(text, NULL, NULL)` on a NUL-terminated copy of `raw`: the
/// whole text must be a float; overflow gives an infinity.
pub(crate) fn text_to_float(raw: &[u8]) -> Result<f64, MarshalError> {
    let text = match raw.iter().position(|&b| b == 0) {
        Some(nul) => &raw[..nul],
        None => raw,
    };
    let fail = || {
        let shown = &text[..text.len().min(200)];
        MarshalError::value(format!(
            "could not convert string to float: '{}'",
            String::from_utf8_lossy(shown)
        ))
    };
    let decimal = decimal_prefix_len(text);
    if decimal > 0 {
        if decimal != text.len() {
            return Err(fail());
        }
        // The prefix is ASCII by construction; Rust's parser is correctly rounded like
        // David Gay's strtod, but spell the number out so no syntax corner differs.
        let s = std::str::from_utf8(text).map_err(|_| fail())?;
        let (sign, body) = match s.as_bytes()[0] {
            b'-' => ("-", &s[1..]),
            b'+' => ("", &s[1..]),
            _ => ("", s),
        };
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(at) => (&body[..at], &body[at + 1..]),
            None => (body, "0"),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let normalized = format!(
            "{sign}{}.{}e{}",
            if int_part.is_empty() { "0" } else { int_part },
            if frac_part.is_empty() { "0" } else { frac_part },
            clamp_exponent(exponent)
        );
        return normalized.parse::<f64>().map_err(|_| fail());
    }
    let special = inf_nan_prefix_len(text);
    if special == 0 || special != text.len() {
        return Err(fail());
    }
    let negative = text[0] == b'-';
    let magnitude = if text.iter().any(|b| b.eq_ignore_ascii_case(&b'i')) {
        f64::INFINITY
    } else {
        f64::NAN
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// An exponent's digits, limited to a range where the result is already 0 or infinity
/// (so absurdly long exponents cannot trouble the parser).
fn clamp_exponent(exponent: &str) -> String {
    let (negative, digits) = match exponent.as_bytes().first() {
        Some(b'-') => (true, &exponent[1..]),
        Some(b'+') => (false, &exponent[1..]),
        _ => (false, exponent),
    };
    let digits = digits.trim_start_matches('0');
    let value = if digits.len() > 6 {
        999_999
    } else {
        digits.parse::<u32>().unwrap_or(0)
    };
    if negative {
        format!("-{value}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr17() {
        for (x, text) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (1e-5, "1.0000000000000001e-05"),
            (1e16, "10000000000000000"),
            (1e17, "1e+17"),
            (0.1, "0.10000000000000001"),
            (1.5, "1.5"),
            (5e-324, "4.9406564584124654e-324"),
            (1e300, "1.0000000000000001e+300"),
            (12345.0, "12345"),
            (f64::NAN, "nan"),
            (-f64::INFINITY, "-inf"),
        ] {
            assert_eq!(float_to_text(x), text);
        }
    }

    #[test]
    fn parse_text() {
        assert_eq!(text_to_float(b"+.5").unwrap(), 0.5);
        assert_eq!(text_to_float(b"1.").unwrap(), 1.0);
        assert_eq!(text_to_float(b"1.5\0zz").unwrap(), 1.5);
        assert_eq!(text_to_float(b"1e999").unwrap(), f64::INFINITY);
        assert_eq!(text_to_float(b"1e-99999999999999").unwrap(), 0.0);
        assert!(text_to_float(b"-NaN").unwrap().is_sign_negative());
        assert_eq!(text_to_float(b"InFiNiTy").unwrap(), f64::INFINITY);
        for bad in [
            &b" 1.5"[..],
            b"1.5 ",
            b".",
            b"1e",
            b"infinit",
            b"0x10",
            b"1_0",
            b"",
            b"nan(1)",
        ] {
            assert!(text_to_float(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            text_to_float(b"1.5\xff").unwrap_err().message,
            "could not convert string to float: '1.5\u{fffd}'"
        );
    }

    #[test]
    fn surrogatepass() {
        let s = decode_surrogatepass(b"\xed\xa0\xbd\xed\xb8\x80", false).unwrap();
        assert_eq!(s.code_points().collect::<Vec<_>>(), vec![0xd83d, 0xde00]);
        let e = decode_surrogatepass(b"a\xed\xa0x", false).unwrap_err();
        assert_eq!(
            e.message,
            "'utf-8' codec can't decode byte 0xed in position 1: invalid continuation byte"
        );
        let e = decode_surrogatepass(b"\xe2\x82", false).unwrap_err();
        assert_eq!(
            e.message,
            "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"
        );
    }
}
