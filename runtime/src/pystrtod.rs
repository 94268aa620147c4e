//! Text <-> double (CPython's Python/pystrtod.c): `PyOS_string_to_double` with its
//! "longest valid prefix" rule and overflow handling, `_Py_parse_inf_or_nan`,
//! the underscore rule of `float("1_000.5")`, and `PyOS_double_to_string` (the digits and
//! layout are `numeric::dtoa`'s).

use crate::abi::PyObject;
use crate::errors::{self, PyResult};

/// `_Py_parse_inf_or_nan`: an optional sign, then "inf", "infinity" or "nan" in any case.
/// Returns the value and the number of bytes used, None when nothing matches.
pub fn parse_inf_or_nan(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let mut negate = false;
    match s.first() {
        Some(b'-') => {
            negate = true;
            i = 1;
        }
        Some(b'+') => i = 1,
        _ => {}
    }
    let matches = |at: usize, word: &[u8]| {
        s.len() >= at + word.len() && s[at..at + word.len()].eq_ignore_ascii_case(word)
    };
    let (value, end) = if matches(i, b"inf") {
        let end = if matches(i + 3, b"inity") {
            i + 8
        } else {
            i + 3
        };
        (f64::INFINITY, end)
    } else if matches(i, b"nan") {
        (f64::NAN, i + 3)
    } else {
        return None;
    };
    Some((if negate { -value } else { value }, end))
}

/// `_Py_dg_strtod`'s grammar: the length of the longest prefix of `s` that is a decimal
/// float literal (sign, digits with at most one point, at least one digit, optional
/// exponent with at least one digit), or 0.
fn decimal_prefix_len(s: &[u8]) -> usize {
    let mut i = 0;
    if matches!(s.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let int_start = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let mut ndigits = i - int_start;
    if i < s.len() && s[i] == b'.' {
        let frac_start = i + 1;
        let mut j = frac_start;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        ndigits += j - frac_start;
        if ndigits > 0 {
            i = j;
        }
    }
    if ndigits == 0 {
        return 0;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        let mut j = i + 1;
        if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    i
}

/// `_PyOS_ascii_strtod`: the value of the longest valid prefix and its length (0 = none).
/// The value is correctly rounded; overflow gives ±inf.
pub fn strtod_prefix(s: &[u8]) -> (f64, usize) {
    let n = decimal_prefix_len(s);
    if n == 0 {
        return match parse_inf_or_nan(s) {
            Some((v, used)) => (v, used),
            None => (-1.0, 0),
        };
    }
    // The prefix is ASCII and matches Rust's float grammar.
    let text = core::str::from_utf8(&s[..n]).unwrap_or("0");
    (text.parse::<f64>().unwrap_or(0.0), n)
}

/// The C text of `s` up to 200 bytes, for `'%.200s'` in messages.
fn shown(s: &[u8]) -> String {
    String::from_utf8_lossy(&s[..s.len().min(200)]).into_owned()
}

/// `PyOS_string_to_double(s, endptr, overflow_exception)`. With `want_end` false the whole
/// text must be a float; with it true, the parsed length is returned with the value. On
/// overflow (an infinite result from finite digits) `overflow_exc` is raised unless NULL.
///
/// # Safety
/// `overflow_exc` is NULL or an exception class.
pub unsafe fn string_to_double(
    s: &[u8],
    want_end: bool,
    overflow_exc: *mut PyObject,
) -> (PyResult<f64>, usize) {
    let (x, used) = strtod_prefix(s);
    let invalid = || {
        errors::value_error(&format!(
            "could not convert string to float: '{}'",
            shown(s)
        ))
    };
    if used == 0 || (!want_end && used != s.len()) {
        return (Err(invalid()), used);
    }
    let overflowed = x.is_infinite() && decimal_prefix_len(s) == used;
    if overflowed && !overflow_exc.is_null() {
        return (
            Err(errors::set_string(
                overflow_exc,
                &format!("value too large to convert to float: '{}'", shown(s)),
            )),
            used,
        );
    }
    (Ok(x), used)
}

/// `Py_ISSPACE`.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// `_Py_string_to_number_with_underscores`'s rule: underscores only between digits. Returns
/// the text without them, or None if misplaced (or the text holds a NUL).
pub fn remove_underscores(s: &[u8]) -> Option<Vec<u8>> {
    if !s.contains(&b'_') {
        return if s.contains(&0) {
            None
        } else {
            Some(s.to_vec())
        };
    }
    let mut out = Vec::with_capacity(s.len());
    let mut prev = 0u8;
    for &c in s {
        if c == 0 {
            return None;
        }
        if c == b'_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            if prev == b'_' && !c.is_ascii_digit() {
                return None;
            }
            out.push(c);
        }
        prev = c;
    }
    if prev == b'_' {
        return None;
    }
    Some(out)
}

/// `float(text)` for ASCII text (str already transformed, bytes, buffers): surrounding
/// whitespace, underscores between digits, inf/nan; ValueError "could not convert string
/// to float: <repr of the original object>".
pub fn float_from_text(s: &[u8], repr_of_original: &dyn Fn() -> String) -> PyResult<f64> {
    let invalid = || {
        errors::value_error(&format!(
            "could not convert string to float: {}",
            repr_of_original()
        ))
    };
    let Some(text) = remove_underscores(s) else {
        return Err(invalid());
    };
    let mut start = 0;
    let mut end = text.len();
    while start < end && is_space(text[start]) {
        start += 1;
    }
    if start == end {
        return Err(invalid());
    }
    while end > start + 1 && is_space(text[end - 1]) {
        end -= 1;
    }
    let body = &text[start..end];
    let (x, used) = strtod_prefix(body);
    if used == 0 || used != body.len() {
        return Err(invalid());
    }
    Ok(x)
}

/// `PyOS_double_to_string` as Rust text: None for a bad format code (the caller raises
/// the bad internal call).
pub fn double_to_string(v: f64, code: u8, precision: i32, flags: i32) -> Option<(String, i32)> {
    crate::numeric::dtoa::double_to_string(v, code, precision, flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_follow_dtoa_grammar() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(strtod_prefix(b"1.5e3xyz"), (1500.0, 5));
        assert_eq!(strtod_prefix(b"1e"), (1.0, 1));
        assert_eq!(strtod_prefix(b"1e+"), (1.0, 1));
        assert_eq!(strtod_prefix(b".5"), (0.5, 2));
        assert_eq!(strtod_prefix(b"5."), (5.0, 2));
        assert_eq!(strtod_prefix(b"."), (-1.0, 0));
        assert_eq!(strtod_prefix(b" 1"), (-1.0, 0));
        assert_eq!(strtod_prefix(b"-Infinity!").1, 9);
        assert_eq!(strtod_prefix(b"infinit").1, 3);
        assert!(strtod_prefix(b"nan").0.is_nan());
        assert_eq!(strtod_prefix(b"1e999").0, f64::INFINITY);
    }

    #[test]
    fn underscores_only_between_digits() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(remove_underscores(b"1_000.5"), Some(b"1000.5".to_vec()));
        assert_eq!(remove_underscores(b"1__0"), None);
        assert_eq!(remove_underscores(b"_1"), None);
        assert_eq!(remove_underscores(b"1_"), None);
        assert_eq!(remove_underscores(b"1_.5"), None);
        assert_eq!(remove_underscores(b"1e1_0"), Some(b"1e10".to_vec()));
    }
}
