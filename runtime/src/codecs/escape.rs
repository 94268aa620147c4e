//! `unicode_escape` and `raw_unicode_escape` (the codecs of `repr`-style text), and the
//! character-name lookups `\N{...}` and `namereplace` need.
//!
//! Names come from the Unicode database of the `unicodedata` extension module, reached as in
//! CPython through its `unicodedata._ucnhash_CAPI` capsule; until the import system can load
//! it, a name lookup fails with CPython's "can't load unicodedata module" error.

use super::{handle_decode_error, DecodeFailure, ErrorHandler};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::Ref;
use crate::objects::unicodeobject::{self as ustr, StrBuilder};

/// The name of a code point (`unicodedata.name`), `Ok(None)` when it has none.
pub fn char_name(c: u32) -> PyResult<Option<String>> {
    // Surrogates, private-use characters and noncharacters have no name in any version.
    if (0xd800..=0xf8ff).contains(&c) || c >= 0xf0000 || (0xfdd0..=0xfdef).contains(&c) || c & 0xfffe == 0xfffe {
        return Ok(None);
    }
    if (0x4e00..=0x9fff).contains(&c) || (0x3400..=0x4dbf).contains(&c) || (0x20000..=0x2a6df).contains(&c) {
        return Ok(Some(format!("CJK UNIFIED IDEOGRAPH-{c:X}")));
    }
    Err(errors::unicode_error(
        "\\N escapes not supported (can't load unicodedata module)",
    ))
}

/// The code point named `name` (`unicodedata.lookup` without aliases).
pub fn lookup_name(name: &[u8]) -> PyResult<Option<u32>> {
    if let Some(hex) = name.strip_prefix(b"CJK UNIFIED IDEOGRAPH-") {
        let text = core::str::from_utf8(hex).unwrap_or("");
        if let Ok(c) = u32::from_str_radix(text, 16) {
            if (4..=5).contains(&text.len()) && char_name(c).ok().flatten().is_some() {
                return Ok(Some(c));
            }
        }
    }
    Err(errors::unicode_error(
        "\\N escapes not supported (can't load unicodedata module)",
    ))
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// `PyUnicode_DecodeUnicodeEscape` (stateful with `consumed`).
pub fn decode_unicode_escape(input: &[u8], handler: &ErrorHandler, mut consumed: Option<&mut usize>) -> PyResult<Ref> {
    let mut out = StrBuilder::with_capacity(input.len());
    let end = input.len();
    let mut s = 0usize;
    'chars: while s < end {
        let c = input[s];
        s += 1;
        if c != b'\\' {
            out.push(c as u32);
            continue;
        }
        let startinpos = s - 1;
        let mut incomplete = false;
        let mut message: &str;
        'esc: {
            if s >= end {
                message = "\\ at end of string";
                incomplete = true;
                break 'esc;
            }
            let c = input[s];
            s += 1;
            let simple = match c {
                b'\n' => Some(None),
                b'\\' => Some(Some(b'\\')),
                b'\'' => Some(Some(b'\'')),
                b'"' => Some(Some(b'"')),
                b'b' => Some(Some(8)),
                b'f' => Some(Some(12)),
                b't' => Some(Some(b'\t')),
                b'n' => Some(Some(b'\n')),
                b'r' => Some(Some(b'\r')),
                b'v' => Some(Some(11)),
                b'a' => Some(Some(7)),
                _ => None,
            };
            if let Some(ch) = simple {
                if let Some(ch) = ch {
                    out.push(ch as u32);
                }
                continue 'chars;
            }
            match c {
                b'0'..=b'7' => {
                    let mut ch = (c - b'0') as u32;
                    for _ in 0..2 {
                        if s < end && (b'0'..=b'7').contains(&input[s]) {
                            ch = (ch << 3) + (input[s] - b'0') as u32;
                            s += 1;
                        } else {
                            break;
                        }
                    }
                    out.push(ch);
                    continue 'chars;
                }
                b'x' | b'u' | b'U' => {
                    let (mut count, msg) = match c {
                        b'x' => (2, "truncated \\xXX escape"),
                        b'u' => (4, "truncated \\uXXXX escape"),
                        _ => (8, "truncated \\UXXXXXXXX escape"),
                    };
                    message = msg;
                    let mut ch = 0u32;
                    while count > 0 {
                        if s >= end {
                            incomplete = true;
                            break 'esc;
                        }
                        match hex_value(input[s]) {
                            Some(v) => ch = (ch << 4) + v,
                            None => break 'esc,
                        }
                        s += 1;
                        count -= 1;
                    }
                    if ch > 0x10ffff {
                        message = "illegal Unicode character";
                        break 'esc;
                    }
                    out.push(ch);
                    continue 'chars;
                }
                b'N' => {
                    message = "malformed \\N character escape";
                    if s >= end {
                        incomplete = true;
                        break 'esc;
                    }
                    if input[s] == b'{' {
                        s += 1;
                        let name_start = s;
                        while s < end && input[s] != b'}' {
                            s += 1;
                        }
                        if s >= end {
                            incomplete = true;
                            break 'esc;
                        }
                        if s > name_start {
                            let name = &input[name_start..s];
                            s += 1;
                            if let Some(ch) = lookup_name(name)? {
                                out.push(ch);
                                continue 'chars;
                            }
                            break 'esc;
                        }
                    }
                    break 'esc;
                }
                _ => {
                    // Unknown escapes stay as written (CPython also warns; warnings arrive
                    // with the warnings module).
                    out.push(b'\\' as u32);
                    out.push(c as u32);
                    continue 'chars;
                }
            }
        }
        if incomplete {
            if let Some(c) = consumed.as_deref_mut() {
                *c = startinpos;
                return out.finish();
            }
        }
        let f = DecodeFailure {
            encoding: "unicodeescape",
            input,
            start: startinpos,
            end: s,
            reason: message,
        };
        s = handle_decode_error(handler, &f, &mut out, |_, _| None)?;
    }
    if let Some(c) = consumed {
        *c = end;
    }
    out.finish()
}

/// `PyUnicode_DecodeRawUnicodeEscape`: only `\uXXXX` and `\UXXXXXXXX` are escapes (and only
/// after an odd number of backslashes).
pub fn decode_raw_unicode_escape(
    input: &[u8],
    handler: &ErrorHandler,
    mut consumed: Option<&mut usize>,
) -> PyResult<Ref> {
    let mut out = StrBuilder::with_capacity(input.len());
    let end = input.len();
    let mut s = 0usize;
    while s < end {
        let c = input[s];
        if c != b'\\' {
            out.push(c as u32);
            s += 1;
            continue;
        }
        let startinpos = s;
        s += 1;
        if s >= end || (input[s] != b'u' && input[s] != b'U') {
            // `\\` followed by anything else, or a final backslash, is literal.
            out.push(b'\\' as u32);
            if s < end {
                out.push(input[s] as u32);
                s += 1;
            }
            continue;
        }
        let (mut count, message) = if input[s] == b'u' {
            (4, "truncated \\uXXXX escape")
        } else {
            (8, "truncated \\UXXXXXXXX escape")
        };
        s += 1;
        let mut ch = 0u32;
        let mut bad = false;
        let mut incomplete = false;
        while count > 0 {
            if s >= end {
                incomplete = true;
                bad = true;
                break;
            }
            match hex_value(input[s]) {
                Some(v) => ch = (ch << 4) + v,
                None => {
                    bad = true;
                    break;
                }
            }
            s += 1;
            count -= 1;
        }
        let message = if !bad && ch > 0x10ffff {
            "\\Uxxxxxxxx out of range"
        } else {
            message
        };
        if !bad && ch <= 0x10ffff {
            out.push(ch);
            continue;
        }
        if incomplete {
            if let Some(c) = consumed.as_deref_mut() {
                *c = startinpos;
                return out.finish();
            }
        }
        let f = DecodeFailure {
            encoding: "rawunicodeescape",
            input,
            start: startinpos,
            end: s,
            reason: message,
        };
        s = handle_decode_error(handler, &f, &mut out, |_, _| None)?;
    }
    if let Some(c) = consumed {
        *c = end;
    }
    out.finish()
}

/// `PyUnicode_AsUnicodeEscapeString`: printable ASCII as is (except `\\`), `\t \n \r`, other
/// characters as `\xhh`, `\uhhhh`, `\Uhhhhhhhh`. Quotes are not escaped.
///
/// # Safety
/// `text` is a live str.
pub unsafe fn encode_unicode_escape(text: *mut PyObject) -> Vec<u8> {
    let (data, kind) = ustr::data_and_kind(text);
    let n = ustr::length(text) as usize;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let c = ustr::read_char(data, kind, i);
        match c {
            0x5c => out.extend_from_slice(b"\\\\"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x0a => out.extend_from_slice(b"\\n"),
            0x0d => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(c as u8),
            0..=0xff => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
            0x100..=0xffff => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.extend_from_slice(format!("\\U{c:08x}").as_bytes()),
        }
    }
    out
}

/// `PyUnicode_AsRawUnicodeEscapeString`: Latin-1 characters as bytes, the rest as `\uhhhh` /
/// `\Uhhhhhhhh`.
///
/// # Safety
/// `text` is a live str.
pub unsafe fn encode_raw_unicode_escape(text: *mut PyObject) -> Vec<u8> {
    let (data, kind) = ustr::data_and_kind(text);
    let n = ustr::length(text) as usize;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let c = ustr::read_char(data, kind, i);
        match c {
            0..=0xff => out.push(c as u8),
            0x100..=0xffff => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.extend_from_slice(format!("\\U{c:08x}").as_bytes()),
        }
    }
    out
}
