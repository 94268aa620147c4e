//! UTF-8 (`PyUnicode_DecodeUTF8Stateful`, `PyUnicode_AsUTF8String`): validation by the standard
//! library (its rules equal CPython's: no overlongs, no surrogates, nothing above U+10FFFF),
//! errors reported with CPython's ranges ("maximal subpart") and reasons.

use super::{handle_decode_error, handle_encode_error, DecodeFailure, ErrorHandler};
use crate::abi::unicodeobject::*;
use crate::abi::*;
use crate::errors::PyResult;
use crate::objects::object::Ref;
use crate::objects::unicodeobject::{self as ustr, StrBuilder};

/// The surrogate that `surrogatepass` accepts at `input[start..]`: ED A0..BF 80..BF.
pub fn encoded_surrogate(input: &[u8], start: usize) -> Option<(u32, usize)> {
    match input.get(start..start + 3) {
        Some(&[0xed, b1 @ 0xa0..=0xbf, b2 @ 0x80..=0xbf]) => {
            Some((0xd000 | ((b1 as u32 & 0x3f) << 6) | (b2 as u32 & 0x3f), 3))
        }
        _ => None,
    }
}

/// Decodes UTF-8. With `consumed`, an incomplete sequence at the end is left for the next
/// call and `*consumed` says how many bytes were used (the stateful decoder).
pub fn decode(input: &[u8], handler: &ErrorHandler, consumed: Option<&mut usize>) -> PyResult<Ref> {
    if input.is_ascii() {
        if let Some(c) = consumed {
            *c = input.len();
        }
        return ustr::from_ucs1(input);
    }
    if let Ok(text) = core::str::from_utf8(input) {
        if let Some(c) = consumed {
            *c = input.len();
        }
        return ustr::new_str(text);
    }
    let mut out = StrBuilder::with_capacity(input.len());
    let mut pos = 0usize;
    let stateful = consumed.is_some();
    let mut used = input.len();
    while pos < input.len() {
        match core::str::from_utf8(&input[pos..]) {
            Ok(rest) => {
                out.push_str(rest);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // SAFETY: the standard library just validated this prefix.
                out.push_str(unsafe { core::str::from_utf8_unchecked(&input[pos..pos + good]) });
                let start = pos + good;
                let (end, reason) = match e.error_len() {
                    None => {
                        if stateful {
                            used = start;
                            break;
                        }
                        (input.len(), "unexpected end of data")
                    }
                    Some(1) if matches!(input[start], 0x80..=0xc1 | 0xf5..=0xff) => (start + 1, "invalid start byte"),
                    Some(n) => (start + n, "invalid continuation byte"),
                };
                let f = DecodeFailure {
                    encoding: "utf-8",
                    input,
                    start,
                    end,
                    reason,
                };
                pos = handle_decode_error(handler, &f, &mut out, encoded_surrogate)?;
            }
        }
    }
    if let Some(c) = consumed {
        *c = used;
    }
    out.finish()
}

/// Appends the UTF-8 form of one code point (surrogates included, as `surrogatepass` wants).
#[inline]
pub fn push_utf8(out: &mut Vec<u8>, c: u32) {
    if c < 0x80 {
        out.push(c as u8);
    } else if c < 0x800 {
        out.extend_from_slice(&[0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8]);
    } else if c < 0x10000 {
        out.extend_from_slice(&[
            0xe0 | (c >> 12) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]);
    } else {
        out.extend_from_slice(&[
            0xf0 | (c >> 18) as u8,
            0x80 | ((c >> 12) & 0x3f) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]);
    }
}

/// Encodes a str as UTF-8; surrogates go through the error handler ("surrogates not allowed",
/// one error per run of consecutive surrogates).
///
/// # Safety
/// `text` is a live str.
pub unsafe fn encode(text: *mut PyObject, handler: &ErrorHandler) -> PyResult<Vec<u8>> {
    let (data, kind) = ustr::data_and_kind(text);
    let n = ustr::length(text) as usize;
    if kind == PyUnicode_1BYTE_KIND {
        let chars = core::slice::from_raw_parts(data as *const u8, n);
        if chars.is_ascii() {
            return Ok(chars.to_vec());
        }
        let mut out = Vec::with_capacity(n * 2);
        for &b in chars {
            push_utf8(&mut out, b as u32);
        }
        return Ok(out);
    }
    let mut out = Vec::with_capacity(n * kind as usize + n);
    let mut i = 0;
    while i < n {
        let c = ustr::read_char(data, kind, i);
        if (0xd800..=0xdfff).contains(&c) {
            let mut end = i + 1;
            while end < n && (0xd800..=0xdfff).contains(&ustr::read_char(data, kind, end)) {
                end += 1;
            }
            i = handle_encode_error(
                handler,
                "utf-8",
                text,
                i,
                end,
                "surrogates not allowed",
                &mut out,
                |s, o| {
                    push_utf8(o, s);
                    true
                },
            )?;
            continue;
        }
        push_utf8(&mut out, c);
        i += 1;
    }
    Ok(out)
}
