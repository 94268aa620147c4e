//! UTF-16 and UTF-32, with a byte-order mark (`byteorder` 0: read/write a BOM, native order
//! otherwise), or fixed little (-1) / big (1) endian, as `PyUnicode_DecodeUTF16Stateful` and
//! friends take it. Errors name the concrete codec (`utf-16-le`, `utf-32-be`).

use super::{handle_decode_error, handle_encode_error_with, DecodeFailure, ErrorHandler};
use crate::abi::*;
use crate::errors::PyResult;
use crate::objects::object::Ref;
use crate::objects::unicodeobject::{self as ustr, StrBuilder};

fn unit16(input: &[u8], at: usize, little: bool) -> u32 {
    let (a, b) = (input[at] as u32, input[at + 1] as u32);
    if little {
        a | (b << 8)
    } else {
        (a << 8) | b
    }
}

fn unit32(input: &[u8], at: usize, little: bool) -> u32 {
    let b = [input[at], input[at + 1], input[at + 2], input[at + 3]];
    if little {
        u32::from_le_bytes(b)
    } else {
        u32::from_be_bytes(b)
    }
}

/// Decodes UTF-16; returns the str and the byte order in effect at the end (what
/// `*byteorder` becomes). With `consumed`, a trailing incomplete unit or pair is left over.
pub fn decode_utf16(
    input: &[u8],
    handler: &ErrorHandler,
    byteorder: i32,
    consumed: Option<&mut usize>,
) -> PyResult<(Ref, i32)> {
    let mut bo = byteorder;
    let mut pos = 0;
    if bo == 0 && input.len() >= 2 {
        match unit16(input, 0, true) {
            0xfeff => {
                pos = 2;
                bo = -1;
            }
            0xfffe => {
                pos = 2;
                bo = 1;
            }
            _ => {}
        }
    }
    let little = bo <= 0;
    let encoding = if little { "utf-16-le" } else { "utf-16-be" };
    let stateful = consumed.is_some();
    let mut out = StrBuilder::with_capacity(input.len() / 2);
    let pass = |inp: &[u8], at: usize| -> Option<(u32, usize)> {
        if at + 2 <= inp.len() {
            let u = unit16(inp, at, little);
            if (0xd800..=0xdfff).contains(&u) {
                return Some((u, 2));
            }
        }
        None
    };
    let e = input.len();
    while pos < e {
        if e - pos < 2 {
            if stateful {
                break;
            }
            let f = DecodeFailure {
                encoding,
                input,
                start: pos,
                end: e,
                reason: "truncated data",
            };
            pos = handle_decode_error(handler, &f, &mut out, pass)?;
            continue;
        }
        let u = unit16(input, pos, little);
        if !(0xd800..=0xdfff).contains(&u) {
            out.push(u);
            pos += 2;
            continue;
        }
        let (start, end, reason) = if u >= 0xdc00 {
            (pos, pos + 2, "illegal encoding")
        } else if e - pos < 4 {
            if stateful {
                break;
            }
            (pos, e, "unexpected end of data")
        } else {
            let u2 = unit16(input, pos + 2, little);
            if (0xdc00..=0xdfff).contains(&u2) {
                out.push(0x10000 + (((u - 0xd800) << 10) | (u2 - 0xdc00)));
                pos += 4;
                continue;
            }
            (pos, pos + 2, "illegal UTF-16 surrogate")
        };
        let f = DecodeFailure {
            encoding,
            input,
            start,
            end,
            reason,
        };
        pos = handle_decode_error(handler, &f, &mut out, pass)?;
    }
    if let Some(c) = consumed {
        *c = pos.min(e);
    }
    Ok((out.finish()?, bo))
}

/// Decodes UTF-32 (see [`decode_utf16`]).
pub fn decode_utf32(
    input: &[u8],
    handler: &ErrorHandler,
    byteorder: i32,
    consumed: Option<&mut usize>,
) -> PyResult<(Ref, i32)> {
    let mut bo = byteorder;
    let mut pos = 0;
    if bo == 0 && input.len() >= 4 {
        match unit32(input, 0, true) {
            0x0000feff => {
                pos = 4;
                bo = -1;
            }
            0xfffe0000 => {
                pos = 4;
                bo = 1;
            }
            _ => {}
        }
    }
    let little = bo <= 0;
    let encoding = if little { "utf-32-le" } else { "utf-32-be" };
    let stateful = consumed.is_some();
    let mut out = StrBuilder::with_capacity(input.len() / 4);
    let pass = |inp: &[u8], at: usize| -> Option<(u32, usize)> {
        if at + 4 <= inp.len() {
            let u = unit32(inp, at, little);
            if (0xd800..=0xdfff).contains(&u) {
                return Some((u, 4));
            }
        }
        None
    };
    let e = input.len();
    while pos < e {
        let (start, end, reason) = if e - pos < 4 {
            if stateful {
                break;
            }
            (pos, e, "truncated data")
        } else {
            let c = unit32(input, pos, little);
            if (0xd800..=0xdfff).contains(&c) {
                (pos, pos + 4, "code point in surrogate code point range(0xd800, 0xe000)")
            } else if c > 0x10ffff {
                (pos, pos + 4, "code point not in range(0x110000)")
            } else {
                out.push(c);
                pos += 4;
                continue;
            }
        };
        let f = DecodeFailure {
            encoding,
            input,
            start,
            end,
            reason,
        };
        pos = handle_decode_error(handler, &f, &mut out, pass)?;
    }
    if let Some(c) = consumed {
        *c = pos.min(e);
    }
    Ok((out.finish()?, bo))
}

/// Encodes UTF-16 (`byteorder` 0: BOM then little endian). Lone surrogates are errors
/// ("surrogates not allowed"), one per run.
///
/// # Safety
/// `text` is a live str.
pub unsafe fn encode_utf16(text: *mut PyObject, handler: &ErrorHandler, byteorder: i32) -> PyResult<Vec<u8>> {
    let (data, kind) = ustr::data_and_kind(text);
    let n = ustr::length(text) as usize;
    let little = byteorder <= 0;
    let encoding = match byteorder {
        0 => "utf-16",
        -1 => "utf-16-le",
        _ => "utf-16-be",
    };
    let put = move |o: &mut Vec<u8>, u: u32| {
        let u = u as u16;
        o.extend_from_slice(&if little { u.to_le_bytes() } else { u.to_be_bytes() });
    };
    let mut out = Vec::with_capacity(2 * n + 2);
    if byteorder == 0 {
        put(&mut out, 0xfeff);
    }
    let mut i = 0;
    while i < n {
        let c = ustr::read_char(data, kind, i);
        if (0xd800..=0xdfff).contains(&c) {
            let mut end = i + 1;
            while end < n && (0xd800..=0xdfff).contains(&ustr::read_char(data, kind, end)) {
                end += 1;
            }
            i = handle_encode_error_with(
                handler,
                encoding,
                text,
                i,
                end,
                "surrogates not allowed",
                &mut out,
                |s, o| {
                    put(o, s);
                    true
                },
                |c, o| put(o, c),
            )?;
            continue;
        }
        if c >= 0x10000 {
            put(&mut out, 0xd800 | ((c - 0x10000) >> 10));
            put(&mut out, 0xdc00 | ((c - 0x10000) & 0x3ff));
        } else {
            put(&mut out, c);
        }
        i += 1;
    }
    Ok(out)
}

/// Encodes UTF-32 (see [`encode_utf16`]).
///
/// # Safety
/// `text` is a live str.
pub unsafe fn encode_utf32(text: *mut PyObject, handler: &ErrorHandler, byteorder: i32) -> PyResult<Vec<u8>> {
    let (data, kind) = ustr::data_and_kind(text);
    let n = ustr::length(text) as usize;
    let little = byteorder <= 0;
    let encoding = match byteorder {
        0 => "utf-32",
        -1 => "utf-32-le",
        _ => "utf-32-be",
    };
    let put = move |o: &mut Vec<u8>, u: u32| {
        o.extend_from_slice(&if little { u.to_le_bytes() } else { u.to_be_bytes() });
    };
    let mut out = Vec::with_capacity(4 * n + 4);
    if byteorder == 0 {
        put(&mut out, 0xfeff);
    }
    let mut i = 0;
    while i < n {
        let c = ustr::read_char(data, kind, i);
        if (0xd800..=0xdfff).contains(&c) {
            let mut end = i + 1;
            while end < n && (0xd800..=0xdfff).contains(&ustr::read_char(data, kind, end)) {
                end += 1;
            }
            i = handle_encode_error_with(
                handler,
                encoding,
                text,
                i,
                end,
                "surrogates not allowed",
                &mut out,
                |s, o| {
                    put(o, s);
                    true
                },
                |c, o| put(o, c),
            )?;
            continue;
        }
        put(&mut out, c);
        i += 1;
    }
    Ok(out)
}
