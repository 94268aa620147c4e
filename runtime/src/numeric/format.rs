//! The format-spec mini-language for numbers (CPython's Python/formatter_unicode.c):
//! `int.__format__`, `float.__format__`, `complex.__format__`. A spec is parsed into
//! [`Spec`]; the number becomes sign, prefix, digits and a remainder (decimal point,
//! fraction, exponent), digits are grouped (',' every 3, '_' every 3 or 4), and the whole is
//! padded — with '=' alignment and a '0' fill the padding zeros are grouped too.

use crate::abi::PyObject;
use crate::errors::{self, PyResult};
use crate::numeric::dtoa;

/// Digit grouping requested by ',' or '_'.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Grouping {
    None,
    Comma,
    Underscore,
    /// '_' for b/o/x/X: every four digits.
    UnderscoreFour,
}

/// A parsed format spec (`InternalFormatSpec`).
#[derive(Clone, Debug)]
pub struct Spec {
    pub fill: char,
    pub align: char,
    pub sign: Option<char>,
    pub no_neg_0: bool,
    pub alternate: bool,
    pub width: Option<usize>,
    pub grouping: Grouping,
    pub precision: Option<usize>,
    pub kind: Option<char>,
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// `parse_internal_render_format_spec` with a default alignment of '>' (numbers).
pub fn parse_spec(spec: &str, type_name: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0;
    let mut s = Spec {
        fill: ' ',
        align: '>',
        sign: None,
        no_neg_0: false,
        alternate: false,
        width: None,
        grouping: Grouping::None,
        precision: None,
        kind: None,
    };
    let mut fill_specified = false;
    let mut align_specified = false;
    if end - pos >= 2 && is_align(chars[pos + 1]) {
        s.align = chars[pos + 1];
        s.fill = chars[pos];
        fill_specified = true;
        align_specified = true;
        pos += 2;
    } else if end - pos >= 1 && is_align(chars[pos]) {
        s.align = chars[pos];
        align_specified = true;
        pos += 1;
    }
    if pos < end && matches!(chars[pos], '+' | '-' | ' ') {
        s.sign = Some(chars[pos]);
        pos += 1;
    }
    if pos < end && chars[pos] == 'z' {
        s.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '#' {
        s.alternate = true;
        pos += 1;
    }
    if !fill_specified && pos < end && chars[pos] == '0' {
        s.fill = '0';
        if !align_specified {
            s.align = '=';
        }
        pos += 1;
    }
    let (width, used) = get_integer(&chars, &mut pos)?;
    if used > 0 {
        s.width = Some(width);
    }
    if pos < end && chars[pos] == ',' {
        s.grouping = Grouping::Comma;
        pos += 1;
    }
    if pos < end && chars[pos] == '_' {
        if s.grouping != Grouping::None {
            return Err(errors::value_error("Cannot specify both ',' and '_'."));
        }
        s.grouping = Grouping::Underscore;
        pos += 1;
    }
    if pos < end && chars[pos] == ',' && s.grouping == Grouping::Underscore {
        return Err(errors::value_error("Cannot specify both ',' and '_'."));
    }
    if pos < end && chars[pos] == '.' {
        pos += 1;
        let (p, used) = get_integer(&chars, &mut pos)?;
        if used == 0 {
            return Err(errors::value_error("Format specifier missing precision"));
        }
        s.precision = Some(p);
    }
    if end - pos > 1 {
        return Err(errors::value_error(&format!(
            "Invalid format specifier '{}' for object of type '{:.200}'",
            spec, type_name
        )));
    }
    if end - pos == 1 {
        s.kind = Some(chars[pos]);
    }
    if s.grouping != Grouping::None {
        match s.kind {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if s.grouping == Grouping::Underscore => {
                s.grouping = Grouping::UnderscoreFour
            }
            Some(k) => {
                let sep = if s.grouping == Grouping::Comma {
                    ','
                } else {
                    '_'
                };
                return Err(errors::value_error(&if (' '..='~').contains(&k) {
                    format!("Cannot specify '{}' with '{}'.", sep, k)
                } else {
                    format!("Cannot specify '{}' with '\\x{:x}'.", sep, k as u32)
                }));
            }
        }
    }
    Ok(s)
}

/// A decimal number in the spec (width or precision): ValueError "Too many decimal digits in
/// format string" past Py_ssize_t.
fn get_integer(chars: &[char], pos: &mut usize) -> PyResult<(usize, usize)> {
    let mut value: usize = 0;
    let mut used = 0;
    while *pos < chars.len() {
        let Some(d) = chars[*pos].to_digit(10) else {
            break;
        };
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(d as usize))
            .filter(|&v| v <= isize::MAX as usize)
        {
            Some(v) => v,
            None => {
                return Err(errors::value_error(
                    "Too many decimal digits in format string",
                ))
            }
        };
        *pos += 1;
        used += 1;
    }
    Ok((value, used))
}

fn unknown_code(kind: char, type_name: &str) -> errors::ErrSet {
    errors::value_error(&if (' '..='~').contains(&kind) && kind != ' ' {
        format!(
            "Unknown format code '{}' for object of type '{:.200}'",
            kind, type_name
        )
    } else {
        format!(
            "Unknown format code '\\x{:x}' for object of type '{:.200}'",
            kind as u32, type_name
        )
    })
}

/// Groups `digits` (ASCII, most significant first) every `size` with `sep`, padding with
/// zeros on the left until at least `min_width` characters (never starting with `sep`).
fn group_digits(digits: &str, sep: Option<char>, size: usize, min_width: usize) -> String {
    let real: Vec<char> = digits.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(real.len() * 2 + min_width);
    let mut emitted = 0usize;
    loop {
        let all_real = emitted >= real.len();
        if all_real && out.len() >= min_width && emitted > 0 {
            break;
        }
        if let Some(sep) = sep {
            if emitted > 0 && emitted % size == 0 {
                out.push(sep);
            }
        }
        let c = if emitted < real.len() {
            real[real.len() - 1 - emitted]
        } else {
            '0'
        };
        out.push(c);
        emitted += 1;
    }
    out.iter().rev().collect()
}

/// Lays out a number: `sign`, `prefix` (0x...), grouped `digits`, `remainder`, then padding.
fn layout(
    spec: &Spec,
    sign: &str,
    prefix: &str,
    digits: &str,
    remainder: &str,
    allow_grouping: bool,
) -> String {
    let (sep, size) = match (allow_grouping, spec.grouping) {
        (false, _) | (_, Grouping::None) => (None, 3),
        (_, Grouping::Comma) => (Some(','), 3),
        (_, Grouping::Underscore) => (Some('_'), 3),
        (_, Grouping::UnderscoreFour) => (Some('_'), 4),
    };
    let lead = sign.chars().count() + prefix.chars().count() + remainder.chars().count();
    let width = spec.width.unwrap_or(0);
    // Zero padding with '=' goes inside the digits, grouped like them.
    let min_width = if spec.fill == '0' && spec.align == '=' {
        width.saturating_sub(lead)
    } else {
        0
    };
    let grouped = if digits.is_empty() {
        String::new()
    } else {
        group_digits(digits, sep, size, min_width)
    };
    let body_len = lead + grouped.chars().count();
    let pad = width.saturating_sub(body_len);
    let fill: String = core::iter::repeat(spec.fill).take(pad).collect();
    match spec.align {
        '<' => format!("{}{}{}{}{}", sign, prefix, grouped, remainder, fill),
        '^' => {
            let left: String = core::iter::repeat(spec.fill).take(pad / 2).collect();
            let right: String = core::iter::repeat(spec.fill).take(pad - pad / 2).collect();
            format!(
                "{}{}{}{}{}{}",
                left, sign, prefix, grouped, remainder, right
            )
        }
        '=' => format!("{}{}{}{}{}", sign, prefix, fill, grouped, remainder),
        _ => format!("{}{}{}{}{}", fill, sign, prefix, grouped, remainder),
    }
}

fn sign_text(negative: bool, spec: &Spec) -> &'static str {
    if negative {
        "-"
    } else {
        match spec.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

/// `int.__format__(spec)`.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn format_int(op: *mut PyObject, spec_text: &str) -> PyResult<String> {
    use crate::objects::longobject as long;
    let type_name = crate::objects::object::type_name(op);
    if spec_text.is_empty() {
        let s = crate::objects::object::str(op)?;
        return Ok(crate::objects::unicodeobject::to_string_lossy(s.as_ptr()));
    }
    let spec = parse_spec(spec_text, &type_name)?;
    let kind = spec.kind.unwrap_or('d');
    match kind {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let v = long::as_f64(op)?;
            return format_f64(v, &spec, &type_name);
        }
        k => return Err(unknown_code(k, &type_name)),
    }
    if spec.precision.is_some() {
        return Err(errors::value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(errors::value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if kind == 'c' {
        if spec.sign.is_some() {
            return Err(errors::value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(errors::value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let code = long::as_i64(op)?;
        let Some(ch) = u32::try_from(code)
            .ok()
            .filter(|&c| c < 0x110000)
            .and_then(|c| char::from_u32(c).or(Some('\u{fffd}')))
        else {
            return Err(errors::overflow_error("%c arg not in range(0x110000)"));
        };
        // Lone surrogates cannot be Rust chars; they never reach here from valid input.
        return Ok(layout(&spec, "", "", "", &ch.to_string(), false));
    }
    let negative = long::is_negative(op);
    let (base, prefix) = match kind {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut text = long::format_base(op, base, false)?;
    if negative {
        text.remove(0);
    }
    if kind == 'X' {
        text = text.to_ascii_uppercase();
    }
    let prefix = if spec.alternate { prefix } else { "" };
    // 'n' uses the current (C) locale: no grouping.
    Ok(layout(
        &spec,
        sign_text(negative, &spec),
        prefix,
        &text,
        "",
        kind != 'n',
    ))
}

/// `float.__format__` on a value (also used by int for float presentation types).
pub fn format_f64(v: f64, spec: &Spec, type_name: &str) -> PyResult<String> {
    let mut kind = spec.kind.unwrap_or('\0');
    let mut flags = 0;
    if spec.alternate {
        flags |= dtoa::DTSF_ALT;
    }
    if spec.no_neg_0 {
        flags |= dtoa::DTSF_NO_NEG_0;
    }
    let mut default_precision = 6;
    match kind {
        '\0' => {
            flags |= dtoa::DTSF_ADD_DOT_0;
            kind = 'r';
            default_precision = 0;
        }
        'n' => kind = 'g',
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {}
        k => return Err(unknown_code(k, type_name)),
    }
    if spec.precision.map_or(false, |p| p > i32::MAX as usize) {
        return Err(errors::value_error("precision too big"));
    }
    let mut value = v;
    let mut add_pct = false;
    if kind == '%' {
        kind = 'f';
        value *= 100.0;
        add_pct = true;
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if kind == 'r' {
                kind = 'g';
            }
            p as i32
        }
    };
    let Some((mut text, _)) = dtoa::double_to_string(value, kind as u8, precision, flags) else {
        return Err(errors::bad_internal_call());
    };
    if add_pct {
        text.push('%');
    }
    let negative = text.starts_with('-');
    let body = if negative { &text[1..] } else { &text[..] };
    // Leading digits get grouped; the rest (point, fraction, exponent, '%') follows.
    let ndigits = body.bytes().take_while(|c| c.is_ascii_digit()).count();
    let (digits, remainder) = body.split_at(ndigits);
    let grouping_ok = spec.kind != Some('n');
    Ok(layout(
        spec,
        sign_text(negative, spec),
        "",
        digits,
        remainder,
        grouping_ok,
    ))
}

/// `float.__format__(spec)`.
///
/// # Safety
/// `op` is a live float.
pub unsafe fn format_float(op: *mut PyObject, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        let s = crate::objects::object::str(op)?;
        return Ok(crate::objects::unicodeobject::to_string_lossy(s.as_ptr()));
    }
    let type_name = crate::objects::object::type_name(op);
    let spec = parse_spec(spec_text, &type_name)?;
    format_f64(crate::objects::floatobject::value(op), &spec, &type_name)
}

/// `complex.__format__(spec)`: both parts formatted as floats (no '=' alignment, no zero
/// padding), `(re+imj)` when no type is given and the real part is not +0. Digit grouping
/// of the parts is not done yet.
///
/// # Safety
/// `op` is a live complex.
pub unsafe fn format_complex(op: *mut PyObject, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        let s = crate::objects::object::str(op)?;
        return Ok(crate::objects::unicodeobject::to_string_lossy(s.as_ptr()));
    }
    let type_name = crate::objects::object::type_name(op);
    let spec = parse_spec(spec_text, &type_name)?;
    if spec.precision.map_or(false, |p| p > i32::MAX as usize) {
        return Err(errors::value_error("precision too big"));
    }
    if spec.fill == '0' {
        return Err(errors::value_error(
            "Zero padding is not allowed in complex format specifier",
        ));
    }
    if spec.align == '=' {
        return Err(errors::value_error(
            "'=' alignment flag is not allowed in complex format specifier",
        ));
    }
    let c = crate::objects::complexobject::value(op);
    let mut kind = spec.kind.unwrap_or('\0');
    let mut flags = 0;
    if spec.alternate {
        flags |= dtoa::DTSF_ALT;
    }
    if spec.no_neg_0 {
        flags |= dtoa::DTSF_NO_NEG_0;
    }
    let mut default_precision = 6;
    let mut skip_re = false;
    let mut add_parens = false;
    match kind {
        '\0' => {
            kind = 'r';
            default_precision = 0;
            if c.real == 0.0 && c.real.is_sign_positive() {
                skip_re = true;
            } else {
                add_parens = true;
            }
        }
        'n' => kind = 'g',
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {}
        k => return Err(unknown_code(k, &type_name)),
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if kind == 'r' {
                kind = 'g';
            }
            p as i32
        }
    };
    let part = |v: f64, sign_flags: i32| {
        dtoa::double_to_string(v, kind as u8, precision, flags | sign_flags).map(|(s, _)| s)
    };
    let re_sign = match spec.sign {
        Some('+') => dtoa::DTSF_SIGN,
        _ => 0,
    };
    let mut body = String::new();
    if add_parens {
        body.push('(');
    }
    if !skip_re {
        let mut re = part(c.real, re_sign).ok_or_else(errors::bad_internal_call)?;
        if spec.sign == Some(' ') && !re.starts_with('-') {
            re.insert(0, ' ');
        }
        body.push_str(&re);
    }
    let im_sign = if skip_re { re_sign } else { dtoa::DTSF_SIGN };
    let mut im = part(c.imag, im_sign).ok_or_else(errors::bad_internal_call)?;
    if skip_re && spec.sign == Some(' ') && !im.starts_with('-') {
        im.insert(0, ' ');
    }
    body.push_str(&im);
    body.push('j');
    if add_parens {
        body.push(')');
    }
    let mut plain = spec.clone();
    plain.grouping = Grouping::None;
    Ok(layout(&plain, "", "", "", &body, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_pads_with_grouped_zeros() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(group_digits("1234", Some(','), 3, 8), "0,001,234");
        assert_eq!(group_digits("1234", Some(','), 3, 7), "001,234");
        assert_eq!(group_digits("4d2", Some('_'), 4, 10), "0_0000_04d2");
        assert_eq!(group_digits("1234567", Some(','), 3, 0), "1,234,567");
        assert_eq!(group_digits("12", None, 3, 5), "00012");
    }
}
