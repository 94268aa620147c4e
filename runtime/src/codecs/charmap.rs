//! The one-byte codecs: Latin-1 (every byte is its code point) and ASCII.

use super::{handle_decode_error, handle_encode_error, DecodeFailure, ErrorHandler};
use crate::abi::unicodeobject::*;
use crate::abi::*;
use crate::errors::PyResult;
use crate::objects::object::Ref;
use crate::objects::unicodeobject::{self as ustr, StrBuilder};

/// `PyUnicode_DecodeLatin1`: cannot fail.
pub fn decode_latin1(input: &[u8]) -> PyResult<Ref> {
    ustr::from_ucs1(input)
}

/// `PyUnicode_DecodeASCII`: each byte >= 0x80 is an error of its own ("ordinal not in
/// range(128)").
pub fn decode_ascii(input: &[u8], handler: &ErrorHandler) -> PyResult<Ref> {
    if input.is_ascii() {
        return ustr::from_ucs1(input);
    }
    let mut out = StrBuilder::with_capacity(input.len());
    let mut pos = 0;
    while pos < input.len() {
        let good = input[pos..]
            .iter()
            .position(|&b| b >= 0x80)
            .unwrap_or(input.len() - pos);
        out.push_latin1(&input[pos..pos + good]);
        pos += good;
        if pos == input.len() {
            break;
        }
        let f = DecodeFailure {
            encoding: "ascii",
            input,
            start: pos,
            end: pos + 1,
            reason: "ordinal not in range(128)",
        };
        pos = handle_decode_error(handler, &f, &mut out, |_, _| None)?;
    }
    out.finish()
}

/// Latin-1 (`limit` 0x100) or ASCII (`limit` 0x80) encoding: each run of characters at or above
/// the limit is one error ("ordinal not in range(256)" / "(128)").
///
/// # Safety
/// `text` is a live str.
pub unsafe fn encode_latin1(
    text: *mut PyObject,
    handler: &ErrorHandler,
    limit: u32,
    encoding: &str,
) -> PyResult<Vec<u8>> {
    let (data, kind) = ustr::data_and_kind(text);
    let n = ustr::length(text) as usize;
    if kind == PyUnicode_1BYTE_KIND {
        let chars = core::slice::from_raw_parts(data as *const u8, n);
        if limit == 0x100 || chars.is_ascii() {
            return Ok(chars.to_vec());
        }
    }
    let reason = if limit == 0x100 {
        "ordinal not in range(256)"
    } else {
        "ordinal not in range(128)"
    };
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let c = ustr::read_char(data, kind, i);
        if c < limit {
            out.push(c as u8);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < n && ustr::read_char(data, kind, end) >= limit {
            end += 1;
        }
        i = handle_encode_error(handler, encoding, text, i, end, reason, &mut out, |_, _| false)?;
    }
    Ok(out)
}
