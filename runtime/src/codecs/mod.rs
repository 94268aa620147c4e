//! The codecs built into the str/bytes C API (CPython's Objects/unicodeobject.c codec section
//! and Python/codecs.c's standard error handlers): UTF-8, UTF-16, UTF-32, Latin-1, ASCII,
//! charmap, unicode-escape and raw-unicode-escape, each with strict, ignore, replace,
//! backslashreplace, xmlcharrefreplace, namereplace, surrogateescape and surrogatepass.
//!
//! A decoder finds an invalid range `start..end` with a reason; [`ErrorHandler`] decides what
//! replaces it and where decoding resumes, exactly as CPython's built-in handlers do. Raising
//! creates the `UnicodeDecodeError` / `UnicodeEncodeError` CPython would.

pub mod charmap;
pub mod escape;
pub mod registry;
pub mod utf16_32;
pub mod utf8;

use crate::abi::*;
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::exceptions::{PyExc_LookupError, PyExc_UnicodeDecodeError, PyExc_UnicodeEncodeError};
use crate::objects::object::Ref;
use crate::objects::unicodeobject::{self as ustr, StrBuilder};

/// A codec error handler named by an `errors` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorHandler {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
    NameReplace,
    SurrogateEscape,
    SurrogatePass,
    /// A name none of the built-in handlers has: looked up when an error happens (and then
    /// `LookupError`, as long as no registry of user handlers exists).
    Other(String),
}

impl ErrorHandler {
    /// `errors` as CPython's C API takes it: NULL (None) means strict.
    pub fn parse(errors: Option<&str>) -> ErrorHandler {
        match errors {
            None | Some("strict") => ErrorHandler::Strict,
            Some("ignore") => ErrorHandler::Ignore,
            Some("replace") => ErrorHandler::Replace,
            Some("backslashreplace") => ErrorHandler::BackslashReplace,
            Some("xmlcharrefreplace") => ErrorHandler::XmlCharRefReplace,
            Some("namereplace") => ErrorHandler::NameReplace,
            Some("surrogateescape") => ErrorHandler::SurrogateEscape,
            Some("surrogatepass") => ErrorHandler::SurrogatePass,
            Some(other) => ErrorHandler::Other(other.to_string()),
        }
    }
}

/// What a decoder knows about an invalid range of its input.
#[derive(Debug, Clone, Copy)]
pub struct DecodeFailure<'a> {
    pub encoding: &'a str,
    pub input: &'a [u8],
    pub start: usize,
    pub end: usize,
    pub reason: &'a str,
}

/// Raises `UnicodeDecodeError(encoding, input, start, end, reason)`.
pub fn raise_decode_error(f: &DecodeFailure<'_>) -> ErrSet {
    exc::decode_error(f.encoding, f.input, f.start, f.end, f.reason)
}

/// Raises `UnicodeEncodeError(encoding, text, start, end, reason)` for the str `text`.
///
/// # Safety
/// `text` is a live str.
pub unsafe fn raise_encode_error(
    encoding: &str,
    text: *mut PyObject,
    start: usize,
    end: usize,
    reason: &str,
) -> ErrSet {
    exc::encode_error(encoding, text, start, end, reason)
}

/// Applies a decode error handler: appends the replacement to `out` and returns the input
/// position where decoding resumes. `surrogatepass` needs the codec's idea of an encoded
/// surrogate: `pass_surrogate(input, start)` returns the surrogate and its byte length.
pub fn handle_decode_error(
    handler: &ErrorHandler,
    f: &DecodeFailure<'_>,
    out: &mut StrBuilder,
    pass_surrogate: impl Fn(&[u8], usize) -> Option<(u32, usize)>,
) -> PyResult<usize> {
    match handler {
        ErrorHandler::Strict => Err(raise_decode_error(f)),
        ErrorHandler::Ignore => Ok(f.end),
        ErrorHandler::Replace => {
            out.push(0xfffd);
            Ok(f.end)
        }
        ErrorHandler::BackslashReplace => {
            for &b in &f.input[f.start..f.end] {
                push_hex_escape(out, b as u32);
            }
            Ok(f.end)
        }
        ErrorHandler::SurrogateEscape => {
            // Up to 4 bytes, and never an ASCII byte (then the original error stands).
            let mut consumed = 0;
            while consumed < 4 && f.start + consumed < f.end && f.input[f.start + consumed] >= 0x80 {
                out.push(0xdc00 + f.input[f.start + consumed] as u32);
                consumed += 1;
            }
            if consumed == 0 {
                return Err(raise_decode_error(f));
            }
            Ok(f.start + consumed)
        }
        ErrorHandler::SurrogatePass => match pass_surrogate(f.input, f.start) {
            Some((c, n)) => {
                out.push(c);
                Ok(f.start + n)
            }
            None => Err(raise_decode_error(f)),
        },
        ErrorHandler::XmlCharRefReplace | ErrorHandler::NameReplace => Err(errors::type_error(
            "don't know how to handle UnicodeDecodeError in error callback",
        )),
        ErrorHandler::Other(name) => {
            // A handler from the registry (codecs.register_error): called with the exception.
            let handler = registry::lookup_error(name)?;
            // SAFETY: the handler and exception are live objects we own.
            unsafe {
                let e = crate::objects::exceptions::decode_error_create(f.encoding, f.input, f.start as isize, f.end as isize, f.reason)?;
                let (repl, pos) = registry::call_user_handler(handler.as_ptr(), e.as_ptr(), f.input.len(), false)?;
                if !ustr::is_str(repl.as_ptr()) {
                    return Err(errors::type_error("decoding error handler must return (str, int) tuple"));
                }
                let (data, kind) = ustr::data_and_kind(repl.as_ptr());
                for i in 0..ustr::length(repl.as_ptr()) as usize {
                    out.push(ustr::read_char(data, kind, i));
                }
                Ok(pos)
            }
        }
    }
}

/// Applies an encode error handler to the characters `start..end` of `text`: appends the
/// replacement bytes to `out` and returns where encoding resumes. `encodable(c)` says whether
/// the codec can write a replacement character itself (`?`, `&#...;`, `\\x..` are ASCII, which
/// every built-in codec encodes); `encode_surrogate(c, out)` writes a surrogate for
/// `surrogatepass` (false when the codec has no such form).
///
/// # Safety
/// `text` is a live, ready str longer than `end - 1`.
pub unsafe fn handle_encode_error(
    handler: &ErrorHandler,
    encoding: &str,
    text: *mut PyObject,
    start: usize,
    end: usize,
    reason: &str,
    out: &mut Vec<u8>,
    encode_surrogate: impl Fn(u32, &mut Vec<u8>) -> bool,
) -> PyResult<usize> {
    handle_encode_error_with(
        handler,
        encoding,
        text,
        start,
        end,
        reason,
        out,
        encode_surrogate,
        |c, o| o.push(c as u8),
    )
}

/// [`handle_encode_error`] for codecs whose code units are wider than a byte: the ASCII
/// replacement text (`?`, `\\x..`, `&#...;`) goes through `put_ascii`, which writes one
/// character in the codec's form (CPython encodes a str replacement with the codec itself).
///
/// # Safety
/// As [`handle_encode_error`].
#[allow(clippy::too_many_arguments)]
pub unsafe fn handle_encode_error_with(
    handler: &ErrorHandler,
    encoding: &str,
    text: *mut PyObject,
    start: usize,
    end: usize,
    reason: &str,
    out: &mut Vec<u8>,
    encode_surrogate: impl Fn(u32, &mut Vec<u8>) -> bool,
    put_ascii: impl Fn(u32, &mut Vec<u8>),
) -> PyResult<usize> {
    let put_all = |o: &mut Vec<u8>, bytes: &[u8]| {
        for &b in bytes {
            put_ascii(b as u32, o);
        }
    };
    let (data, kind) = ustr::data_and_kind(text);
    let ch = |i: usize| ustr::read_char(data, kind, i);
    match handler {
        ErrorHandler::Strict => Err(raise_encode_error(encoding, text, start, end, reason)),
        ErrorHandler::Ignore => Ok(end),
        ErrorHandler::Replace => {
            for _ in start..end {
                put_ascii(b'?' as u32, out);
            }
            Ok(end)
        }
        ErrorHandler::BackslashReplace => {
            for i in start..end {
                put_all(out, hex_escape_text(ch(i)).as_bytes());
            }
            Ok(end)
        }
        ErrorHandler::XmlCharRefReplace => {
            for i in start..end {
                put_all(out, format!("&#{};", ch(i)).as_bytes());
            }
            Ok(end)
        }
        ErrorHandler::NameReplace => {
            for i in start..end {
                let c = ch(i);
                match crate::codecs::escape::char_name(c)? {
                    Some(name) => put_all(out, format!("\\N{{{name}}}").as_bytes()),
                    None => put_all(out, hex_escape_text(c).as_bytes()),
                }
            }
            Ok(end)
        }
        ErrorHandler::SurrogateEscape => {
            let mut bytes = Vec::with_capacity(end - start);
            for i in start..end {
                let c = ch(i);
                if !(0xdc80..=0xdcff).contains(&c) {
                    return Err(raise_encode_error(encoding, text, start, end, reason));
                }
                bytes.push((c - 0xdc00) as u8);
            }
            out.extend_from_slice(&bytes);
            Ok(end)
        }
        ErrorHandler::SurrogatePass => {
            let mark = out.len();
            for i in start..end {
                let c = ch(i);
                if !(0xd800..=0xdfff).contains(&c) || !encode_surrogate(c, out) {
                    out.truncate(mark);
                    return Err(raise_encode_error(encoding, text, start, end, reason));
                }
            }
            Ok(end)
        }
        ErrorHandler::Other(name) => {
            let handler = registry::lookup_error(name)?;
            let e = {
                let enc = ustr::new_str(encoding)?;
                let s = crate::objects::longobject::from_usize(start)?;
                let en = crate::objects::longobject::from_usize(end)?;
                let r = ustr::new_str(reason)?;
                let args = crate::objects::tupleobject::pack(&[enc.as_ptr(), text, s.as_ptr(), en.as_ptr(), r.as_ptr()])?;
                crate::objects::call::call(PyExc_UnicodeEncodeError, args.as_ptr(), core::ptr::null_mut())?
            };
            let len = ustr::length(text) as usize;
            let (repl, pos) = registry::call_user_handler(handler.as_ptr(), e.as_ptr(), len, true)?;
            if ustr::is_str(repl.as_ptr()) {
                let (rd, rk) = ustr::data_and_kind(repl.as_ptr());
                for i in 0..ustr::length(repl.as_ptr()) as usize {
                    let c = ustr::read_char(rd, rk, i);
                    if c >= 0x80 {
                        return Err(raise_encode_error(encoding, text, start, end, reason));
                    }
                    put_ascii(c, out);
                }
            } else {
                out.extend_from_slice(crate::objects::bytesobject::as_slice(repl.as_ptr()));
            }
            Ok(pos)
        }
    }
}

/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh` for `c` (lowercase hex, as `backslashreplace` writes).
pub fn hex_escape_text(c: u32) -> String {
    if c < 0x100 {
        format!("\\x{c:02x}")
    } else if c < 0x10000 {
        format!("\\u{c:04x}")
    } else {
        format!("\\U{c:08x}")
    }
}

/// Appends [`hex_escape_text`] of `c`.
pub fn push_hex_escape(out: &mut StrBuilder, c: u32) {
    out.push_latin1(hex_escape_text(c).as_bytes());
}

/// Decodes `input` with the named codec, as `PyUnicode_Decode` does for the codecs it knows
/// without the registry; other names go through the codec registry (always `Some`).
pub fn decode_builtin(input: &[u8], encoding: &str, errors: Option<&str>) -> Option<PyResult<Ref>> {
    let handler = ErrorHandler::parse(errors);
    if let Some(name) = normalize_encoding(encoding) {
        if let Some(r) = decode_by_name(input, &name, &handler) {
            if r.is_err() && !is_fast_path(&name) {
                return Some(Err(wrap_codec_error("decoding", encoding)));
            }
            return Some(r);
        }
    }
    // SAFETY: GIL held by every caller of the codec API.
    Some(unsafe { registry::decode_bytes_to_str(input, encoding, errors) })
}

/// The names `PyUnicode_Decode` / `PyUnicode_AsEncodedString` handle without the codec
/// registry; other codecs' errors are wrapped as the registry path wraps them.
fn is_fast_path(name: &str) -> bool {
    matches!(
        name,
        "utf_8"
            | "utf8"
            | "utf_16"
            | "utf16"
            | "utf_32"
            | "utf32"
            | "ascii"
            | "us_ascii"
            | "latin1"
            | "latin_1"
            | "iso_8859_1"
            | "iso8859_1"
    )
}

/// `_PyErr_TrySetFromCause`: a plain LookupError/TypeError raised inside a codec becomes
/// "encoding with 'NAME' codec failed (TYPE: message)" of the same type.
fn wrap_codec_error(operation: &str, encoding: &str) -> ErrSet {
    let (ty, value, tb) = errors::fetch();
    // SAFETY: fetch handed us owned references (or NULLs); they are restored or released.
    unsafe {
        let wrappable = ty == PyExc_LookupError || ty == crate::objects::exceptions::PyExc_TypeError;
        if wrappable && !value.is_null() && ustr::is_str(value) {
            let msg = ustr::to_string_lossy(value);
            let tname = crate::objects::object::type_name_of(ty as *mut PyTypeObject);
            let text = format!("{operation} with '{encoding}' codec failed ({tname}: {msg})");
            crate::objects::object::xdecref(value);
            crate::objects::object::xdecref(tb);
            let e = errors::set_string(ty, &text);
            crate::objects::object::decref(ty);
            return e;
        }
        errors::restore(ty, value, tb)
    }
}

fn decode_by_name(input: &[u8], name: &str, handler: &ErrorHandler) -> Option<PyResult<Ref>> {
    Some(match name {
        "utf_8" | "utf8" => utf8::decode(input, handler, None),
        "latin_1" | "latin1" | "iso_8859_1" | "iso8859_1" => charmap::decode_latin1(input),
        "ascii" | "us_ascii" => charmap::decode_ascii(input, handler),
        "utf_16" | "utf16" => utf16_32::decode_utf16(input, handler, 0, None).map(|(s, _)| s),
        "utf_16_le" | "utf_16le" => utf16_32::decode_utf16(input, handler, -1, None).map(|(s, _)| s),
        "utf_16_be" | "utf_16be" => utf16_32::decode_utf16(input, handler, 1, None).map(|(s, _)| s),
        "utf_32" | "utf32" => utf16_32::decode_utf32(input, handler, 0, None).map(|(s, _)| s),
        "utf_32_le" | "utf_32le" => utf16_32::decode_utf32(input, handler, -1, None).map(|(s, _)| s),
        "utf_32_be" | "utf_32be" => utf16_32::decode_utf32(input, handler, 1, None).map(|(s, _)| s),
        "unicode_escape" => escape::decode_unicode_escape(input, handler, None),
        "raw_unicode_escape" => escape::decode_raw_unicode_escape(input, handler, None),
        _ => return None,
    })
}

/// Encodes a str with the named codec (`PyUnicode_AsEncodedString`): built-in codecs in line,
/// other names through the codec registry (always `Some`).
///
/// # Safety
/// `text` is a live str.
pub unsafe fn encode_builtin(text: *mut PyObject, encoding: &str, errors: Option<&str>) -> Option<PyResult<Vec<u8>>> {
    let handler = ErrorHandler::parse(errors);
    if let Some(name) = normalize_encoding(encoding) {
        if let Some(r) = encode_by_name(text, &name, &handler) {
            if r.is_err() && !is_fast_path(&name) {
                return Some(Err(wrap_codec_error("encoding", encoding)));
            }
            return Some(r);
        }
    }
    Some(registry::encode_str_to_bytes(text, encoding, errors))
}

unsafe fn encode_by_name(text: *mut PyObject, name: &str, handler: &ErrorHandler) -> Option<PyResult<Vec<u8>>> {
    Some(match name {
        "utf_8" | "utf8" => utf8::encode(text, handler),
        "latin_1" | "latin1" | "iso_8859_1" | "iso8859_1" => charmap::encode_latin1(text, handler, 0x100, "latin-1"),
        "ascii" | "us_ascii" => charmap::encode_latin1(text, handler, 0x80, "ascii"),
        "utf_16" | "utf16" => utf16_32::encode_utf16(text, handler, 0),
        "utf_16_le" | "utf_16le" => utf16_32::encode_utf16(text, handler, -1),
        "utf_16_be" | "utf_16be" => utf16_32::encode_utf16(text, handler, 1),
        "utf_32" | "utf32" => utf16_32::encode_utf32(text, handler, 0),
        "utf_32_le" | "utf_32le" => utf16_32::encode_utf32(text, handler, -1),
        "utf_32_be" | "utf_32be" => utf16_32::encode_utf32(text, handler, 1),
        "unicode_escape" => Ok(escape::encode_unicode_escape(text)),
        "raw_unicode_escape" => Ok(escape::encode_raw_unicode_escape(text)),
        _ => return None,
    })
}

/// `_Py_normalize_encoding` then lowercasing: `UTF-8` -> `utf_8`, `Latin 1` -> `latin_1`.
/// `None` for names with non-ASCII characters (never a built-in codec).
pub fn normalize_encoding(encoding: &str) -> Option<String> {
    if !encoding.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(encoding.len());
    let mut punct = false;
    for c in encoding.trim().chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            punct = false;
        } else {
            punct = true;
        }
    }
    Some(out)
}

/// The exception objects the codecs raise.
mod exc {
    use super::*;

    /// The message `str(UnicodeDecodeError)` shows (CPython's UnicodeDecodeError_str).
    pub fn decode_message(encoding: &str, input: &[u8], start: usize, end: usize, reason: &str) -> String {
        if start < input.len() && end == start + 1 {
            format!(
                "'{encoding}' codec can't decode byte 0x{:02x} in position {start}: {reason}",
                input[start]
            )
        } else {
            format!(
                "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
                end as isize - 1
            )
        }
    }

    /// The message `str(UnicodeEncodeError)` shows (CPython's UnicodeEncodeError_str).
    ///
    /// # Safety
    /// `text` is a live str.
    pub unsafe fn encode_message(
        encoding: &str,
        text: *mut PyObject,
        start: usize,
        end: usize,
        reason: &str,
    ) -> String {
        if (start as isize) < ustr::length(text) && end == start + 1 {
            let (data, kind) = ustr::data_and_kind(text);
            let c = ustr::read_char(data, kind, start);
            let shown = if c <= 0xff {
                format!("\\x{c:02x}")
            } else if c <= 0xffff {
                format!("\\u{c:04x}")
            } else {
                format!("\\U{c:08x}")
            };
            format!("'{encoding}' codec can't encode character '{shown}' in position {start}: {reason}")
        } else {
            format!(
                "'{encoding}' codec can't encode characters in position {start}-{}: {reason}",
                end as isize - 1
            )
        }
    }

    /// Raises the `UnicodeDecodeError` instance `PyUnicodeDecodeError_Create` makes.
    pub fn decode_error(encoding: &str, input: &[u8], start: usize, end: usize, reason: &str) -> ErrSet {
        // SAFETY: the exception type is static; the instance is a live object we own.
        unsafe {
            match crate::objects::exceptions::decode_error_create(encoding, input, start as isize, end as isize, reason)
            {
                Ok(exc) => errors::set_object(PyExc_UnicodeDecodeError, exc.as_ptr()),
                Err(e) => e,
            }
        }
    }

    /// Raises `UnicodeEncodeError(encoding, text, start, end, reason)`.
    ///
    /// # Safety
    /// `text` is a live str.
    pub unsafe fn encode_error(encoding: &str, text: *mut PyObject, start: usize, end: usize, reason: &str) -> ErrSet {
        let made = (|| -> PyResult<Ref> {
            let enc = ustr::new_str(encoding)?;
            let s = crate::objects::longobject::from_usize(start)?;
            let e = crate::objects::longobject::from_usize(end)?;
            let r = ustr::new_str(reason)?;
            let args = crate::objects::tupleobject::pack(&[enc.as_ptr(), text, s.as_ptr(), e.as_ptr(), r.as_ptr()])?;
            crate::objects::call::call(PyExc_UnicodeEncodeError, args.as_ptr(), core::ptr::null_mut())
        })();
        match made {
            Ok(exc) => errors::set_object(PyExc_UnicodeEncodeError, exc.as_ptr()),
            Err(e) => e,
        }
    }
}

pub use exc::{decode_message, encode_message};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_names_like_cpython() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(normalize_encoding("UTF-8").as_deref(), Some("utf_8"));
        assert_eq!(normalize_encoding(" Latin 1 ").as_deref(), Some("latin_1"));
        assert_eq!(normalize_encoding("utf_16-LE").as_deref(), Some("utf_16_le"));
    }

    #[test]
    fn messages_like_cpython() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(
            decode_message("utf-8", b"\xff", 0, 1, "invalid start byte"),
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
        );
        assert_eq!(
            decode_message("utf-8", b"a\xe2\x82", 1, 3, "unexpected end of data"),
            "'utf-8' codec can't decode bytes in position 1-2: unexpected end of data"
        );
    }
}
