//! `pystrhex.c`: hexadecimal dumps of byte buffers (`bytes.hex`, binascii.hexlify,
//! hashlib's hexdigest) with the optional one-character separator every N bytes
//! (N > 0 counts groups from the right, N < 0 from the left).

use crate::abi::object::PyObject;
use crate::errors::{self, PyResult};
use crate::objects::bytesobject;
use crate::objects::object::Ref;
use crate::objects::r#abstract::mapping;
use crate::objects::unicodeobject;

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The separator byte `sep` names (NULL: none), checked as CPython does.
unsafe fn separator_byte(sep: *mut PyObject, want_bytes: bool) -> PyResult<Option<u8>> {
    if sep.is_null() {
        return Ok(None);
    }
    if mapping::size(sep)? != 1 {
        return Err(errors::value_error("sep must be length 1."));
    }
    let byte = if unicodeobject::is_str(sep) {
        let (data, kind) = unicodeobject::data_and_kind(sep);
        if kind != 1 {
            return Err(errors::value_error("sep must be ASCII."));
        }
        *(data as *const u8)
    } else if bytesobject::is_bytes(sep) {
        bytesobject::as_slice(sep)[0]
    } else {
        return Err(errors::type_error("sep must be str or bytes."));
    };
    if byte > 127 && !want_bytes {
        return Err(errors::value_error("sep must be ASCII."));
    }
    Ok(Some(byte))
}

/// The hex digits of `input`, `sep` inserted between groups of `|per_sep|` bytes.
fn hex_with_groups(input: &[u8], sep: Option<u8>, per_sep: i32) -> PyResult<Vec<u8>> {
    let group = match sep {
        Some(_) if (per_sep.unsigned_abs() as usize) < input.len() => {
            per_sep.unsigned_abs() as usize
        }
        _ => 0,
    };
    let seps = if group > 0 {
        (input.len() - 1) / group
    } else {
        0
    };
    let Some(total) = input
        .len()
        .checked_mul(2)
        .and_then(|n| n.checked_add(seps))
        .filter(|&n| n <= isize::MAX as usize / 2)
    else {
        return Err(errors::no_memory());
    };
    let mut out = Vec::with_capacity(total);
    for (i, &b) in input.iter().enumerate() {
        if group > 0 && i > 0 {
            let boundary = if per_sep > 0 {
                (input.len() - i) % group == 0
            } else {
                i % group == 0
            };
            if boundary {
                out.push(sep.unwrap_or(b':'));
            }
        }
        out.push(HEX_DIGITS[(b >> 4) as usize]);
        out.push(HEX_DIGITS[(b & 15) as usize]);
    }
    Ok(out)
}

/// `_Py_strhex_with_sep` (str result) and `_Py_strhex_bytes_with_sep` (bytes result).
///
/// # Safety
/// `sep` is NULL or a live object; a thread state is current.
pub unsafe fn hexlify(
    input: &[u8],
    sep: *mut PyObject,
    per_sep: i32,
    want_bytes: bool,
) -> PyResult<Ref> {
    let sep = separator_byte(sep, want_bytes)?;
    let text = hex_with_groups(input, sep, per_sep)?;
    if want_bytes {
        bytesobject::from_slice(&text)
    } else {
        // Only ASCII reaches here (the separator was checked above).
        unicodeobject::new_str(core::str::from_utf8(&text).unwrap_or_default())
    }
}
