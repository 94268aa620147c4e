//! The `_codecs` module (CPython's Modules/_codecsmodule.c): the registry functions
//! (register, unregister, lookup, encode, decode, register_error, lookup_error,
//! _forget_codec, over `codecs::registry`), the per-codec entry points the `encodings`
//! package calls (`utf_8_decode(data, errors, final)` -> `(str, consumed)`, ... ), the
//! charmap codec with `charmap_build`, UTF-7, and the bytes escape codec.
//!
//! The codec bodies are `runtime/src/codecs/*`; this file binds arguments the way Argument
//! Clinic does for these positional-only functions and shapes the results.

use crate::abi::methodobject::{PyMethodDef, METH_FASTCALL, METH_O};
use crate::abi::*;
use crate::codecs::{self, registry, utf16_32, utf8, DecodeFailure, ErrorHandler};
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::exceptions as exc;
use crate::objects::object::{self, Ref};
use crate::objects::{bytesobject, dictobject, longobject, tupleobject, unicodeobject as ustr};
use core::ffi::CStr;
use core::ptr::null_mut;

/// `_PyArg_CheckPositional(name, nargs, min, max)`.
fn check_positional(name: &str, nargs: usize, min: usize, max: usize) -> PyResult<()> {
    if nargs < min {
        return Err(errors::type_error(&format!(
            "{name} expected {}{min} argument{}, got {nargs}",
            if min == max { "" } else { "at least " },
            if min == 1 { "" } else { "s" }
        )));
    }
    if nargs > max {
        return Err(errors::type_error(&format!(
            "{name} expected {}{max} argument{}, got {nargs}",
            if min == max { "" } else { "at most " },
            if max == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// The argument slice of a METH_FASTCALL call, NULL-padded to `max`.
unsafe fn positional(
    name: &str,
    a: *const *mut PyObject,
    n: isize,
    min: usize,
    max: usize,
) -> PyResult<Vec<*mut PyObject>> {
    let n = n as usize;
    check_positional(name, n, min, max)?;
    let mut v = vec![null_mut(); max];
    for (i, slot) in v.iter_mut().enumerate().take(n) {
        *slot = *a.add(i);
    }
    Ok(v)
}

/// A contiguous buffer's bytes (copied); with `accept_str`, a str is taken as its UTF-8.
unsafe fn buffer_bytes(o: *mut PyObject, accept_str: bool) -> PyResult<Vec<u8>> {
    if accept_str && ustr::is_str(o) {
        return Ok(ustr::as_utf8(o)?.to_vec());
    }
    if bytesobject::is_bytes(o) {
        return Ok(bytesobject::as_slice(o).to_vec());
    }
    let mut view: Py_buffer = core::mem::zeroed();
    crate::objects::r#abstract::buffer::get_buffer(o, &mut view, 0)?;
    let data = if view.buf.is_null() || view.len <= 0 {
        Vec::new()
    } else {
        core::slice::from_raw_parts(view.buf as *const u8, view.len as usize).to_vec()
    };
    crate::objects::r#abstract::buffer::release(&mut view);
    Ok(data)
}

/// `errors: str(accept={str, NoneType})`.
unsafe fn errors_arg(fname: &str, pos: usize, o: *mut PyObject) -> PyResult<Option<String>> {
    if o.is_null() || o == object::none() {
        return Ok(None);
    }
    if !ustr::is_str(o) {
        return Err(errors::type_error(&format!(
            "{fname}() argument {pos} must be str or None, not {}",
            object::type_name(o)
        )));
    }
    Ok(Some(
        std::str::from_utf8(ustr::as_utf8(o)?)
            .unwrap_or("")
            .to_string(),
    ))
}

/// `str: unicode` argument.
unsafe fn str_arg(fname: &str, pos: usize, o: *mut PyObject) -> PyResult<*mut PyObject> {
    if !ustr::is_str(o) {
        return Err(errors::type_error(&format!(
            "{fname}() argument {pos} must be str, not {}",
            object::type_name(o)
        )));
    }
    Ok(o)
}

/// `final: bool(accept={int})`.
unsafe fn final_arg(o: *mut PyObject) -> PyResult<bool> {
    if o.is_null() {
        return Ok(false);
    }
    if crate::objects::floatobject::is_float(o) {
        return Err(errors::type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    Ok(longobject::as_c_int(o)? != 0)
}

/// `(obj, n)`.
unsafe fn codec_tuple(obj: Ref, n: usize) -> PyResult<Ref> {
    let len = longobject::from_usize(n)?;
    tupleobject::pack(&[obj.as_ptr(), len.as_ptr()])
}

type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject;
type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

// ---- registry functions ----

unsafe extern "C" fn py_register(_m: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(registry::register(f).map(|_| object::new_none()))
}

unsafe extern "C" fn py_unregister(_m: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(registry::unregister(f).map(|_| object::new_none()))
}

/// `encoding: str` argument text (embedded NULs rejected as CPython's `str` converter does).
unsafe fn name_arg(fname: &str, pos: usize, o: *mut PyObject) -> PyResult<String> {
    if !ustr::is_str(o) {
        return Err(errors::type_error(&format!(
            "{fname}() argument {pos} must be str, not {}",
            object::type_name(o)
        )));
    }
    let b = ustr::as_utf8(o)?;
    if b.contains(&0) {
        return Err(errors::value_error("embedded null character"));
    }
    Ok(String::from_utf8_lossy(b).into_owned())
}

unsafe extern "C" fn py_lookup(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(name_arg("lookup", 1, o).and_then(|e| registry::lookup(&e)))
}

unsafe extern "C" fn py_forget_codec(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(
        name_arg("_forget_codec", 1, o)
            .and_then(|e| registry::forget(&e).map(|_| object::new_none())),
    )
}

unsafe extern "C" fn py_lookup_error(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(name_arg("lookup_error", 1, o).and_then(|e| registry::lookup_error(&e)))
}

unsafe extern "C" fn py_register_error(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("register_error", a, n, 2, 2)?;
        let name = name_arg("register_error", 1, v[0])?;
        registry::register_error(&name, v[1])?;
        Ok(object::new_none())
    })())
}

static ENCODE_SIG: args::Sig = args::Sig {
    name: "encode",
    params: &["obj", "encoding", "errors"],
    posonly: 0,
    maxpos: 3,
    required: 1,
};
static DECODE_SIG: args::Sig = args::Sig {
    name: "decode",
    params: &["obj", "encoding", "errors"],
    posonly: 0,
    maxpos: 3,
    required: 1,
};

unsafe fn encode_decode(
    sig: &args::Sig,
    a: *const *mut PyObject,
    n: isize,
    kw: *mut PyObject,
    encode: bool,
) -> PyResult<Ref> {
    let v = args::bind(sig, a, n as usize, kw)?;
    let enc = if v[1].is_null() {
        "utf-8".to_string()
    } else {
        name_arg(sig.name, 2, v[1])?
    };
    let errs = if v[2].is_null() {
        None
    } else {
        Some(name_arg(sig.name, 3, v[2])?)
    };
    let errs = errs.as_deref().or(Some("strict"));
    if encode {
        registry::encode(v[0], &enc, errs)
    } else {
        registry::decode(v[0], &enc, errs)
    }
}

unsafe extern "C" fn py_encode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(encode_decode(&ENCODE_SIG, a, n, kw, true))
}

unsafe extern "C" fn py_decode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(encode_decode(&DECODE_SIG, a, n, kw, false))
}

// ---- the per-codec functions ----

/// Decoders taking `(data, errors=None, final=False)` (or without `final`).
unsafe fn decoder(
    name: &str,
    a: *const *mut PyObject,
    n: isize,
    has_final: bool,
    accept_str: bool,
    run: impl FnOnce(&[u8], &ErrorHandler, bool, &mut usize) -> PyResult<Ref>,
) -> PyResult<Ref> {
    let v = positional(name, a, n, 1, if has_final { 3 } else { 2 })?;
    let data = buffer_bytes(v[0], accept_str)?;
    let errs = errors_arg(name, 2, v[1])?;
    let handler = ErrorHandler::parse(errs.as_deref());
    let fin = if has_final { final_arg(v[2])? } else { true };
    let mut consumed = data.len();
    let s = run(&data, &handler, fin, &mut consumed)?;
    codec_tuple(s, consumed)
}

/// Encoders taking `(str, errors=None)`.
unsafe fn encoder(
    name: &str,
    a: *const *mut PyObject,
    n: isize,
    run: impl FnOnce(*mut PyObject, &ErrorHandler) -> PyResult<Vec<u8>>,
) -> PyResult<Ref> {
    let v = positional(name, a, n, 1, 2)?;
    let s = str_arg(name, 1, v[0])?;
    let errs = errors_arg(name, 2, v[1])?;
    let handler = ErrorHandler::parse(errs.as_deref());
    let out = run(s, &handler)?;
    codec_tuple(bytesobject::from_slice(&out)?, ustr::length(s) as usize)
}

macro_rules! decoder_fn {
    ($fn_name:ident, $name:literal, $has_final:expr, $accept_str:expr, |$d:ident, $h:ident, $f:ident, $c:ident| $body:expr) => {
        unsafe extern "C" fn $fn_name(
            _m: *mut PyObject,
            a: *const *mut PyObject,
            n: isize,
        ) -> *mut PyObject {
            errors::ptr_result(decoder(
                $name,
                a,
                n,
                $has_final,
                $accept_str,
                |$d, $h, $f, $c| $body,
            ))
        }
    };
}

macro_rules! encoder_fn {
    ($fn_name:ident, $name:literal, |$s:ident, $h:ident| $body:expr) => {
        unsafe extern "C" fn $fn_name(
            _m: *mut PyObject,
            a: *const *mut PyObject,
            n: isize,
        ) -> *mut PyObject {
            errors::ptr_result(encoder($name, a, n, |$s, $h| $body))
        }
    };
}

decoder_fn!(utf_8_decode, "utf_8_decode", true, false, |d, h, f, c| {
    utf8::decode(d, h, if f { None } else { Some(c) })
});
decoder_fn!(utf_16_decode, "utf_16_decode", true, false, |d, h, f, c| {
    utf16_32::decode_utf16(d, h, 0, if f { None } else { Some(c) }).map(|r| r.0)
});
decoder_fn!(
    utf_16_le_decode,
    "utf_16_le_decode",
    true,
    false,
    |d, h, f, c| utf16_32::decode_utf16(d, h, -1, if f { None } else { Some(c) }).map(|r| r.0)
);
decoder_fn!(
    utf_16_be_decode,
    "utf_16_be_decode",
    true,
    false,
    |d, h, f, c| utf16_32::decode_utf16(d, h, 1, if f { None } else { Some(c) }).map(|r| r.0)
);
decoder_fn!(utf_32_decode, "utf_32_decode", true, false, |d, h, f, c| {
    utf16_32::decode_utf32(d, h, 0, if f { None } else { Some(c) }).map(|r| r.0)
});
decoder_fn!(
    utf_32_le_decode,
    "utf_32_le_decode",
    true,
    false,
    |d, h, f, c| utf16_32::decode_utf32(d, h, -1, if f { None } else { Some(c) }).map(|r| r.0)
);
decoder_fn!(
    utf_32_be_decode,
    "utf_32_be_decode",
    true,
    false,
    |d, h, f, c| utf16_32::decode_utf32(d, h, 1, if f { None } else { Some(c) }).map(|r| r.0)
);
decoder_fn!(
    latin_1_decode,
    "latin_1_decode",
    false,
    false,
    |d, _h, _f, _c| codecs::charmap::decode_latin1(d)
);
decoder_fn!(
    ascii_decode,
    "ascii_decode",
    false,
    false,
    |d, h, _f, _c| codecs::charmap::decode_ascii(d, h)
);
decoder_fn!(
    unicode_escape_decode,
    "unicode_escape_decode",
    true,
    true,
    |d, h, f, c| codecs::escape::decode_unicode_escape(d, h, if f { None } else { Some(c) })
);
decoder_fn!(
    raw_unicode_escape_decode,
    "raw_unicode_escape_decode",
    true,
    true,
    |d, h, f, c| codecs::escape::decode_raw_unicode_escape(d, h, if f { None } else { Some(c) })
);
decoder_fn!(utf_7_decode, "utf_7_decode", true, false, |d, h, f, c| {
    utf7_decode(d, h, if f { None } else { Some(c) })
});

encoder_fn!(utf_8_encode, "utf_8_encode", |s, h| utf8::encode(s, h));
encoder_fn!(utf_16_le_encode, "utf_16_le_encode", |s, h| {
    utf16_32::encode_utf16(s, h, -1)
});
encoder_fn!(utf_16_be_encode, "utf_16_be_encode", |s, h| {
    utf16_32::encode_utf16(s, h, 1)
});
encoder_fn!(utf_32_le_encode, "utf_32_le_encode", |s, h| {
    utf16_32::encode_utf32(s, h, -1)
});
encoder_fn!(utf_32_be_encode, "utf_32_be_encode", |s, h| {
    utf16_32::encode_utf32(s, h, 1)
});
encoder_fn!(latin_1_encode, "latin_1_encode", |s, h| {
    codecs::charmap::encode_latin1(s, h, 0x100, "latin-1")
});
encoder_fn!(ascii_encode, "ascii_encode", |s, h| {
    codecs::charmap::encode_latin1(s, h, 0x80, "ascii")
});
encoder_fn!(unicode_escape_encode, "unicode_escape_encode", |s, _h| Ok(
    codecs::escape::encode_unicode_escape(s)
));
encoder_fn!(
    raw_unicode_escape_encode,
    "raw_unicode_escape_encode",
    |s, _h| Ok(codecs::escape::encode_raw_unicode_escape(s))
);
encoder_fn!(utf_7_encode, "utf_7_encode", |s, _h| Ok(utf7_encode(s)));

/// `utf_16_encode(str, errors=None, byteorder=0)` / utf_32: byteorder 0 writes a BOM.
unsafe fn bom_encoder(name: &str, a: *const *mut PyObject, n: isize, wide: bool) -> PyResult<Ref> {
    let v = positional(name, a, n, 1, 3)?;
    let s = str_arg(name, 1, v[0])?;
    let errs = errors_arg(name, 2, v[1])?;
    let bo = if v[2].is_null() {
        0
    } else {
        longobject::as_c_int(v[2])?
    };
    let h = ErrorHandler::parse(errs.as_deref());
    let order = bo.signum();
    let out = if wide {
        utf16_32::encode_utf32(s, &h, order)?
    } else {
        utf16_32::encode_utf16(s, &h, order)?
    };
    codec_tuple(bytesobject::from_slice(&out)?, ustr::length(s) as usize)
}

unsafe extern "C" fn utf_16_encode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result(bom_encoder("utf_16_encode", a, n, false))
}

unsafe extern "C" fn utf_32_encode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result(bom_encoder("utf_32_encode", a, n, true))
}

/// `utf_16_ex_decode(data, errors=None, byteorder=0, final=False)` -> `(str, consumed, byteorder)`.
unsafe fn ex_decoder(name: &str, a: *const *mut PyObject, n: isize, wide: bool) -> PyResult<Ref> {
    let v = positional(name, a, n, 1, 4)?;
    let data = buffer_bytes(v[0], false)?;
    let errs = errors_arg(name, 2, v[1])?;
    let bo = if v[2].is_null() {
        0
    } else {
        longobject::as_c_int(v[2])?
    };
    let fin = final_arg(v[3])?;
    let h = ErrorHandler::parse(errs.as_deref());
    let mut consumed = data.len();
    let c = if fin { None } else { Some(&mut consumed) };
    let (s, order) = if wide {
        utf16_32::decode_utf32(&data, &h, bo, c)?
    } else {
        utf16_32::decode_utf16(&data, &h, bo, c)?
    };
    let cnt = longobject::from_usize(consumed)?;
    let o = longobject::from_i64(order as i64)?;
    tupleobject::pack(&[s.as_ptr(), cnt.as_ptr(), o.as_ptr()])
}

unsafe extern "C" fn utf_16_ex_decode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result(ex_decoder("utf_16_ex_decode", a, n, false))
}

unsafe extern "C" fn utf_32_ex_decode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result(ex_decoder("utf_32_ex_decode", a, n, true))
}

/// `escape_encode(data, errors=None)`: bytes with the escapes of a bytes literal, no quotes.
unsafe extern "C" fn escape_encode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("escape_encode", a, n, 1, 2)?;
        if !bytesobject::is_bytes(v[0]) {
            return Err(errors::type_error(&format!(
                "escape_encode() argument 1 must be bytes, not {}",
                object::type_name(v[0])
            )));
        }
        errors_arg("escape_encode", 2, v[1])?;
        let data = bytesobject::as_slice(v[0]);
        let mut out = Vec::with_capacity(data.len());
        for &b in data {
            match b {
                b'\'' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                0x20..=0x7e => out.push(b),
                _ => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
            }
        }
        codec_tuple(bytesobject::from_slice(&out)?, data.len())
    })())
}

/// `escape_decode(data, errors=None)`: `_PyBytes_DecodeEscape` with its DeprecationWarning.
unsafe extern "C" fn escape_decode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("escape_decode", a, n, 1, 2)?;
        let data = buffer_bytes(v[0], true)?;
        let errs = errors_arg("escape_decode", 2, v[1])?;
        let (out, first_invalid) = bytesobject::decode_escape(&data, errs.as_deref())?;
        if let Some(i) = first_invalid {
            let c = data.get(i + 1).copied().unwrap_or(b'\\');
            crate::modules::warnings::warn(
                exc::PyExc_DeprecationWarning,
                &format!("invalid escape sequence '\\{}'", c as char),
                1,
            )?;
        }
        codec_tuple(bytesobject::from_slice(&out)?, data.len())
    })())
}

/// `readbuffer_encode(data, errors=None)`: the buffer's bytes.
unsafe extern "C" fn readbuffer_encode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("readbuffer_encode", a, n, 1, 2)?;
        let data = buffer_bytes(v[0], true)?;
        errors_arg("readbuffer_encode", 2, v[1])?;
        codec_tuple(bytesobject::from_slice(&data)?, data.len())
    })())
}

// ---- charmap ----

/// What a decoding mapping gives for one byte.
enum Mapped {
    Char(Vec<u32>),
    Undefined,
}

unsafe fn map_decode_byte(mapping: *mut PyObject, b: u8) -> PyResult<Mapped> {
    if ustr::is_str(mapping) {
        let len = ustr::length(mapping) as usize;
        if (b as usize) < len {
            let (d, k) = ustr::data_and_kind(mapping);
            let c = ustr::read_char(d, k, b as usize);
            if c != 0xfffe {
                return Ok(Mapped::Char(vec![c]));
            }
        }
        return Ok(Mapped::Undefined);
    }
    let key = longobject::from_i64(b as i64)?;
    let item = match crate::objects::r#abstract::mapping::get_item(mapping, key.as_ptr()) {
        Ok(x) => x,
        Err(e) => {
            if errors::exception_matches(exc::PyExc_LookupError) {
                errors::clear();
                return Ok(Mapped::Undefined);
            }
            return Err(e);
        }
    };
    let x = item.as_ptr();
    if x == object::none() {
        return Ok(Mapped::Undefined);
    }
    if longobject::is_int(x) {
        let v = longobject::as_i64(x)?;
        if !(0..=0x10ffff).contains(&v) {
            return Err(errors::type_error(
                "character mapping must be in range(0x110000)",
            ));
        }
        return Ok(Mapped::Char(vec![v as u32]));
    }
    if ustr::is_str(x) {
        let (d, k) = ustr::data_and_kind(x);
        let n = ustr::length(x) as usize;
        if n == 1 && ustr::read_char(d, k, 0) == 0xfffe {
            return Ok(Mapped::Undefined);
        }
        return Ok(Mapped::Char(
            (0..n).map(|i| ustr::read_char(d, k, i)).collect(),
        ));
    }
    Err(errors::type_error(
        "character mapping must return integer, None or str",
    ))
}

/// `PyUnicode_DecodeCharmap`.
///
/// # Safety
/// `mapping` NULL/None (Latin-1) or live.
pub unsafe fn charmap_decode_bytes(
    data: &[u8],
    handler: &ErrorHandler,
    mapping: *mut PyObject,
) -> PyResult<Ref> {
    if mapping.is_null() || mapping == object::none() {
        return codecs::charmap::decode_latin1(data);
    }
    let mut out = ustr::StrBuilder::with_capacity(data.len());
    let mut pos = 0;
    while pos < data.len() {
        match map_decode_byte(mapping, data[pos])? {
            Mapped::Char(cs) => {
                for c in cs {
                    out.push(c);
                }
                pos += 1;
            }
            Mapped::Undefined => {
                let f = DecodeFailure {
                    encoding: "charmap",
                    input: data,
                    start: pos,
                    end: pos + 1,
                    reason: "character maps to <undefined>",
                };
                pos = codecs::handle_decode_error(handler, &f, &mut out, |_, _| None)?;
            }
        }
    }
    out.finish()
}

/// The bytes `mapping` gives code point `c` (None: undefined).
unsafe fn map_encode_char(mapping: *mut PyObject, c: u32) -> PyResult<Option<Vec<u8>>> {
    let key = longobject::from_i64(c as i64)?;
    let item = match crate::objects::r#abstract::mapping::get_item(mapping, key.as_ptr()) {
        Ok(x) => x,
        Err(e) => {
            if errors::exception_matches(exc::PyExc_LookupError) {
                errors::clear();
                return Ok(None);
            }
            return Err(e);
        }
    };
    let x = item.as_ptr();
    if x == object::none() {
        return Ok(None);
    }
    if longobject::is_int(x) {
        let v = longobject::as_i64(x)?;
        if !(0..256).contains(&v) {
            return Err(errors::type_error(
                "character mapping must be in range(256)",
            ));
        }
        return Ok(Some(vec![v as u8]));
    }
    if bytesobject::is_bytes(x) {
        return Ok(Some(bytesobject::as_slice(x).to_vec()));
    }
    Err(errors::type_error(
        "character mapping must return integer, bytes or None, not str",
    ))
}

/// `PyUnicode_EncodeCharmap`.
///
/// # Safety
/// `text` a live str; `mapping` NULL/None (Latin-1) or live.
pub unsafe fn charmap_encode_str(
    text: *mut PyObject,
    handler: &ErrorHandler,
    mapping: *mut PyObject,
) -> PyResult<Vec<u8>> {
    if mapping.is_null() || mapping == object::none() {
        return codecs::charmap::encode_latin1(text, handler, 0x100, "latin-1");
    }
    let (d, k) = ustr::data_and_kind(text);
    let n = ustr::length(text) as usize;
    let mut out = Vec::with_capacity(n);
    let mut pos = 0;
    while pos < n {
        let c = ustr::read_char(d, k, pos);
        if let Some(bytes) = map_encode_char(mapping, c)? {
            out.extend_from_slice(&bytes);
            pos += 1;
            continue;
        }
        // A run of unmappable characters is one error.
        let mut end = pos + 1;
        while end < n && map_encode_char(mapping, ustr::read_char(d, k, end))?.is_none() {
            end += 1;
        }
        let failed = core::cell::Cell::new(false);
        let err = core::cell::RefCell::new(None);
        let resume = codecs::handle_encode_error_with(
            handler,
            "charmap",
            text,
            pos,
            end,
            "character maps to <undefined>",
            &mut out,
            |_, _| false,
            |ch, o| match map_encode_char(mapping, ch) {
                Ok(Some(b)) => o.extend_from_slice(&b),
                Ok(None) => failed.set(true),
                Err(e) => *err.borrow_mut() = Some(e),
            },
        )?;
        if let Some(e) = err.into_inner() {
            return Err(e);
        }
        if failed.get() {
            return Err(codecs::raise_encode_error(
                "charmap",
                text,
                pos,
                end,
                "character maps to <undefined>",
            ));
        }
        pos = resume;
    }
    Ok(out)
}

unsafe extern "C" fn charmap_decode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("charmap_decode", a, n, 1, 3)?;
        let data = buffer_bytes(v[0], false)?;
        let errs = errors_arg("charmap_decode", 2, v[1])?;
        let h = ErrorHandler::parse(errs.as_deref());
        let s = charmap_decode_bytes(&data, &h, v[2])?;
        codec_tuple(s, data.len())
    })())
}

unsafe extern "C" fn charmap_encode(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("charmap_encode", a, n, 1, 3)?;
        let s = str_arg("charmap_encode", 1, v[0])?;
        let errs = errors_arg("charmap_encode", 2, v[1])?;
        let h = ErrorHandler::parse(errs.as_deref());
        let out = charmap_encode_str(s, &h, v[2])?;
        codec_tuple(bytesobject::from_slice(&out)?, ustr::length(s) as usize)
    })())
}

/// `charmap_build(map)`: the inverse of a 256-character decoding table, as a dict
/// `{code point: byte}` (which charmap_encode accepts like CPython's EncodingMap).
unsafe extern "C" fn charmap_build(_m: *mut PyObject, map: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| build_encoding_map(str_arg("charmap_build", 1, map)?))())
}

/// `PyUnicode_BuildEncodingMap(map)`: the `{code point: byte}` inverse of a decoding table
/// (a str of up to 256 characters; U+FFFE marks unmapped bytes; the first byte wins).
///
/// # Safety
/// `map` is a live str.
pub unsafe fn build_encoding_map(map: *mut PyObject) -> PyResult<Ref> {
    {
        let d = dictobject::new()?;
        let (data, kind) = ustr::data_and_kind(map);
        let n = (ustr::length(map) as usize).min(256);
        for i in 0..n {
            let c = ustr::read_char(data, kind, i);
            if c == 0xfffe {
                continue;
            }
            let k = longobject::from_i64(c as i64)?;
            if dictobject::contains(d.as_ptr(), k.as_ptr())? {
                continue;
            }
            let b = longobject::from_i64(i as i64)?;
            dictobject::set_item(d.as_ptr(), k.as_ptr(), b.as_ptr())?;
        }
        Ok(d)
    }
}

// ---- UTF-7 (RFC 2152, as CPython writes and reads it) ----

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u32> {
    B64.iter().position(|&x| x == c).map(|p| p as u32)
}

/// Characters written directly (CPython's "set D" plus the optional direct characters, minus
/// those it encodes: it writes set O directly too, except `+`, `\\` and `~`).
fn utf7_direct(c: u32) -> bool {
    c < 128
        && c != b'+' as u32
        && c != b'\\' as u32
        && c != b'~' as u32
        && (c >= 32 || c == 9 || c == 10 || c == 13)
}

/// `PyUnicode_EncodeUTF7` (base64 whitespace and set O written directly).
unsafe fn utf7_encode(text: *mut PyObject) -> Vec<u8> {
    let (d, k) = ustr::data_and_kind(text);
    let n = ustr::length(text) as usize;
    let mut out = Vec::with_capacity(n);
    let mut in_shift = false;
    let mut bits: u32 = 0;
    let mut nbits = 0u32;
    let push_unit = |out: &mut Vec<u8>, u: u32, bits: &mut u32, nbits: &mut u32| {
        *bits = (*bits << 16) | u;
        *nbits += 16;
        while *nbits >= 6 {
            *nbits -= 6;
            out.push(B64[((*bits >> *nbits) & 63) as usize]);
        }
    };
    for i in 0..n {
        let c = ustr::read_char(d, k, i);
        if in_shift {
            if utf7_direct(c) {
                if nbits > 0 {
                    out.push(B64[((bits << (6 - nbits)) & 63) as usize]);
                    nbits = 0;
                }
                bits = 0;
                if b64_value(c as u8).is_some() || c == b'-' as u32 {
                    out.push(b'-');
                }
                in_shift = false;
                out.push(c as u8);
                continue;
            }
        } else if c == b'+' as u32 {
            out.extend_from_slice(b"+-");
            continue;
        } else if utf7_direct(c) {
            out.push(c as u8);
            continue;
        } else {
            out.push(b'+');
            in_shift = true;
        }
        if c >= 0x10000 {
            let v = c - 0x10000;
            push_unit(&mut out, 0xd800 | (v >> 10), &mut bits, &mut nbits);
            push_unit(&mut out, 0xdc00 | (v & 0x3ff), &mut bits, &mut nbits);
        } else {
            push_unit(&mut out, c, &mut bits, &mut nbits);
        }
    }
    if in_shift {
        if nbits > 0 {
            out.push(B64[((bits << (6 - nbits)) & 63) as usize]);
        }
        out.push(b'-');
    }
    out
}

/// `PyUnicode_DecodeUTF7Stateful`.
pub fn utf7_decode(
    input: &[u8],
    handler: &ErrorHandler,
    consumed: Option<&mut usize>,
) -> PyResult<Ref> {
    let mut out = ustr::StrBuilder::with_capacity(input.len());
    let mut pos = 0;
    let n = input.len();
    let mut shift_start = 0usize;
    let mut out_at_shift = 0usize;
    let mut in_shift = false;
    let mut bits: u32 = 0;
    let mut nbits = 0u32;
    let mut surrogate: u32 = 0;
    let stateful = consumed.is_some();
    while pos < n {
        let ch = input[pos];
        if in_shift {
            if let Some(v) = b64_value(ch) {
                bits = (bits << 6) | v;
                nbits += 6;
                pos += 1;
                if nbits >= 16 {
                    nbits -= 16;
                    let unit = (bits >> nbits) & 0xffff;
                    bits &= (1 << nbits) - 1;
                    if surrogate != 0 {
                        if (0xdc00..=0xdfff).contains(&unit) {
                            out.push(0x10000 + ((surrogate - 0xd800) << 10) + (unit - 0xdc00));
                            surrogate = 0;
                            continue;
                        }
                        out.push(surrogate);
                        surrogate = 0;
                    }
                    if (0xd800..=0xdbff).contains(&unit) {
                        surrogate = unit;
                    } else {
                        out.push(unit);
                    }
                }
                continue;
            }
            // The shift sequence ends.
            in_shift = false;
            let bad_tail = nbits >= 6 || (bits != 0 && nbits > 0);
            if bad_tail {
                let start = pos;
                let f = DecodeFailure {
                    encoding: "utf7",
                    input,
                    start: shift_start.max(start.saturating_sub(1)),
                    end: pos,
                    reason: if nbits >= 6 {
                        "partial character in shift sequence"
                    } else {
                        "non-zero padding bits in shift sequence"
                    },
                };
                if surrogate != 0 {
                    out.push(surrogate);
                    surrogate = 0;
                }
                let f = DecodeFailure {
                    start: shift_start,
                    ..f
                };
                pos = codecs::handle_decode_error(handler, &f, &mut out, |_, _| None)?;
                bits = 0;
                nbits = 0;
                continue;
            }
            if surrogate != 0 {
                out.push(surrogate);
                surrogate = 0;
            }
            bits = 0;
            nbits = 0;
            if ch == b'-' {
                pos += 1;
            }
            continue;
        }
        if ch == b'+' {
            shift_start = pos;
            out_at_shift = out.len();
            pos += 1;
            if pos < n && input[pos] == b'-' {
                pos += 1;
                out.push(b'+' as u32);
            } else if pos < n && b64_value(input[pos]).is_none() {
                let f = DecodeFailure {
                    encoding: "utf7",
                    input,
                    start: shift_start,
                    end: pos + 1,
                    reason: "ill-formed sequence",
                };
                pos = codecs::handle_decode_error(handler, &f, &mut out, |_, _| None)?;
            } else {
                in_shift = true;
                surrogate = 0;
                bits = 0;
                nbits = 0;
            }
            continue;
        }
        if ch < 128 {
            out.push(ch as u32);
            pos += 1;
            continue;
        }
        let f = DecodeFailure {
            encoding: "utf7",
            input,
            start: pos,
            end: pos + 1,
            reason: "unexpected special character",
        };
        pos = codecs::handle_decode_error(handler, &f, &mut out, |_, _| None)?;
    }
    if in_shift {
        if stateful {
            // Leave the unfinished shift sequence for the next call.
            out.truncate(out_at_shift);
            if let Some(c) = consumed {
                *c = shift_start;
            }
            return out.finish();
        }
        if surrogate != 0 || nbits >= 6 || (bits != 0 && nbits > 0) {
            let f = DecodeFailure {
                encoding: "utf7",
                input,
                start: shift_start,
                end: n,
                reason: "unterminated shift sequence",
            };
            codecs::handle_decode_error(handler, &f, &mut out, |_, _| None)?;
        }
    }
    if let Some(c) = consumed {
        *c = n;
    }
    out.finish()
}

// ---- the module ----

fn methods() -> Vec<PyMethodDef> {
    let fast = |name: &'static CStr, f: FastFn| PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe { core::mem::transmute::<FastFn, BinFn>(f) }),
        ml_flags: METH_FASTCALL,
        ml_doc: core::ptr::null(),
    };
    let fastkw = |name: &'static CStr, f: args::FastKwFn| PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: as above.
        ml_meth: Some(unsafe { core::mem::transmute::<args::FastKwFn, BinFn>(f) }),
        ml_flags: METH_FASTCALL | crate::abi::methodobject::METH_KEYWORDS,
        ml_doc: core::ptr::null(),
    };
    let o = |name: &'static CStr, f: BinFn| PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: METH_O,
        ml_doc: core::ptr::null(),
    };
    vec![
        o(c"register", py_register),
        o(c"unregister", py_unregister),
        o(c"lookup", py_lookup),
        fastkw(c"encode", py_encode),
        fastkw(c"decode", py_decode),
        fast(c"escape_encode", escape_encode),
        fast(c"escape_decode", escape_decode),
        fast(c"utf_8_encode", utf_8_encode),
        fast(c"utf_8_decode", utf_8_decode),
        fast(c"utf_7_encode", utf_7_encode),
        fast(c"utf_7_decode", utf_7_decode),
        fast(c"utf_16_encode", utf_16_encode),
        fast(c"utf_16_decode", utf_16_decode),
        fast(c"utf_16_le_encode", utf_16_le_encode),
        fast(c"utf_16_le_decode", utf_16_le_decode),
        fast(c"utf_16_be_encode", utf_16_be_encode),
        fast(c"utf_16_be_decode", utf_16_be_decode),
        fast(c"utf_16_ex_decode", utf_16_ex_decode),
        fast(c"utf_32_encode", utf_32_encode),
        fast(c"utf_32_decode", utf_32_decode),
        fast(c"utf_32_le_encode", utf_32_le_encode),
        fast(c"utf_32_le_decode", utf_32_le_decode),
        fast(c"utf_32_be_encode", utf_32_be_encode),
        fast(c"utf_32_be_decode", utf_32_be_decode),
        fast(c"utf_32_ex_decode", utf_32_ex_decode),
        fast(c"unicode_escape_encode", unicode_escape_encode),
        fast(c"unicode_escape_decode", unicode_escape_decode),
        fast(c"raw_unicode_escape_encode", raw_unicode_escape_encode),
        fast(c"raw_unicode_escape_decode", raw_unicode_escape_decode),
        fast(c"latin_1_encode", latin_1_encode),
        fast(c"latin_1_decode", latin_1_decode),
        fast(c"ascii_encode", ascii_encode),
        fast(c"ascii_decode", ascii_decode),
        fast(c"charmap_encode", charmap_encode),
        fast(c"charmap_decode", charmap_decode),
        o(c"charmap_build", charmap_build),
        fast(c"readbuffer_encode", readbuffer_encode),
        fast(c"register_error", py_register_error),
        o(c"lookup_error", py_lookup_error),
        o(c"_forget_codec", py_forget_codec),
    ]
}

/// `PyInit__codecs`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result(args::create_module(c"_codecs", c"", methods))
}

#[cfg(test)]
pub(crate) mod tests {
    //! One test for all of the services helper's modules: the runtime (thread state, GIL)
    //! belongs to the thread that initialized it. Expected values are python3.11's.
    use super::*;
    use crate::objects::methodobject::new_cfunction;

    /// `repr(x)` or `"TypeName: message"` of the raised exception.
    pub(crate) unsafe fn show(r: PyResult<Ref>) -> String {
        match r {
            Ok(v) => ustr::to_string_lossy(object::repr(v.as_ptr()).unwrap().as_ptr()),
            Err(_) => {
                let (t, v, tb) = errors::fetch();
                let name = object::type_name_of(t as *mut PyTypeObject).to_string();
                let msg = ustr::to_string_lossy(object::str(v).unwrap().as_ptr());
                object::xdecref(t);
                object::xdecref(v);
                object::xdecref(tb);
                format!("{name}: {msg}")
            }
        }
    }

    /// Calls `module.name(*args)` through the C-level call API.
    pub(crate) unsafe fn call(module: *mut PyObject, name: &str, a: &[*mut PyObject]) -> String {
        let f = object::get_attr_str(module, name).unwrap();
        show(crate::objects::call::vectorcall(f.as_ptr(), a, null_mut()))
    }

    pub(crate) unsafe fn setup() {
        // A started interpreter: the registry has the `encodings` search function.
        crate::testing::init();
    }

    static SEARCH_CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    /// A codec that upper-cases: `encode(s) -> (s.upper() as bytes, len)`.
    unsafe extern "C" fn upper_encode(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
        let s = *tupleobject::items(a);
        let text = ustr::to_string_lossy(s).to_uppercase();
        errors::ptr_result(codec_tuple(
            bytesobject::from_slice(text.as_bytes()).unwrap(),
            text.len(),
        ))
    }

    unsafe extern "C" fn search(_m: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
        SEARCH_CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if ustr::to_string_lossy(name) != "upper_x" {
            return object::new_none().into_raw();
        }
        let f = new_cfunction(&raw mut UPPER_DEF, null_mut(), null_mut(), null_mut()).unwrap();
        errors::ptr_result(tupleobject::pack(&[
            f.as_ptr(),
            f.as_ptr(),
            object::none(),
            object::none(),
        ]))
    }

    /// An error handler replacing the bad range with "<?>".
    unsafe extern "C" fn marker_handler(_m: *mut PyObject, e: *mut PyObject) -> *mut PyObject {
        let end = exc::unicode_error_position(e, true, true).unwrap();
        let r = ustr::new_str("<?>").unwrap();
        errors::ptr_result(codec_tuple(r, end as usize))
    }

    static mut UPPER_DEF: PyMethodDef = PyMethodDef {
        ml_name: c"upper_encode".as_ptr(),
        ml_meth: Some(upper_encode),
        ml_flags: crate::abi::methodobject::METH_VARARGS,
        ml_doc: core::ptr::null(),
    };
    static mut SEARCH_DEF: PyMethodDef = PyMethodDef {
        ml_name: c"search".as_ptr(),
        ml_meth: Some(search),
        ml_flags: METH_O,
        ml_doc: core::ptr::null(),
    };
    static mut HANDLER_DEF: PyMethodDef = PyMethodDef {
        ml_name: c"marker".as_ptr(),
        ml_meth: Some(marker_handler),
        ml_flags: METH_O,
        ml_doc: core::ptr::null(),
    };

    unsafe fn b(x: &[u8]) -> Ref {
        bytesobject::from_slice(x).unwrap()
    }
    unsafe fn s(x: &str) -> Ref {
        ustr::new_str(x).unwrap()
    }

    unsafe fn registry_and_codecs() {
        let search_fn =
            new_cfunction(&raw mut SEARCH_DEF, null_mut(), null_mut(), null_mut()).unwrap();
        registry::register(search_fn.as_ptr()).unwrap();
        // Names are normalised (lowercase, punctuation -> '_') and results cached.
        let before = SEARCH_CALLS.load(std::sync::atomic::Ordering::SeqCst);
        assert!(registry::lookup("Upper-X").is_ok());
        assert!(registry::lookup("upper x").is_ok());
        assert_eq!(
            SEARCH_CALLS.load(std::sync::atomic::Ordering::SeqCst),
            before + 1
        );
        assert_eq!(
            show(registry::lookup("no-such")),
            "LookupError: unknown encoding: no-such"
        );
        let hello = s("hello");
        assert_eq!(
            show(registry::encode(hello.as_ptr(), "upper_x", None)),
            "b'HELLO'"
        );
        // str.encode falls back to the registry for names the built-in codecs don't know.
        let v = crate::codecs::encode_builtin(hello.as_ptr(), "UPPER-X", None)
            .unwrap()
            .unwrap();
        assert_eq!(v, b"HELLO");
        // ... and the decoder (this codec's "decoder" returns bytes): CPython's TypeError.
        assert_eq!(
            show(crate::codecs::decode_builtin(b"abc", "upper_x", None).unwrap()),
            "TypeError: 'upper_x' decoder returned 'bytes' instead of 'str'; use codecs.decode() to decode to arbitrary types"
        );
        registry::unregister(search_fn.as_ptr()).unwrap();
        // The test's search function is gone; the encodings package's does not know the name.
        assert_eq!(show(registry::lookup("upper_x")), "LookupError: unknown encoding: upper_x");

        // Error handlers.
        assert_eq!(
            show(registry::lookup_error("bogus")),
            "LookupError: unknown error handler name 'bogus'"
        );
        let h = new_cfunction(&raw mut HANDLER_DEF, null_mut(), null_mut(), null_mut()).unwrap();
        registry::register_error("marker", h.as_ptr()).unwrap();
        assert_eq!(
            show(crate::codecs::decode_builtin(b"a\xffb", "ascii", Some("marker")).unwrap()),
            "'a<?>b'"
        );
        let br = registry::lookup_error("backslashreplace").unwrap();
        let e = crate::objects::call::vectorcall(
            exc::PyExc_UnicodeEncodeError,
            &[
                s("ascii").as_ptr(),
                s("a\u{e9}").as_ptr(),
                longobject::from_i64(1).unwrap().as_ptr(),
                longobject::from_i64(2).unwrap().as_ptr(),
                s("x").as_ptr(),
            ],
            null_mut(),
        )
        .unwrap();
        assert_eq!(
            show(crate::objects::call::call_one_arg(br.as_ptr(), e.as_ptr())),
            "('\\\\xe9', 2)"
        );

        // The _codecs module.
        let m = Ref::from_raw(init_module());
        let none = object::none();
        let f = longobject::from_i64(0).unwrap();
        assert_eq!(
            call(
                m.as_ptr(),
                "utf_8_decode",
                &[b(b"\xe2\x82").as_ptr(), none, f.as_ptr()]
            ),
            "('', 0)"
        );
        assert_eq!(
            call(m.as_ptr(), "utf_8_decode", &[]),
            "TypeError: utf_8_decode expected at least 1 argument, got 0"
        );
        assert_eq!(
            call(
                m.as_ptr(),
                "utf_7_encode",
                &[s("A\u{2262}\u{391}.").as_ptr()]
            ),
            "(b'A+ImIDkQ.', 4)"
        );
        assert_eq!(
            call(m.as_ptr(), "utf_7_encode", &[s("a+b~").as_ptr()]),
            "(b'a+-b+AH4-', 4)"
        );
        assert_eq!(
            call(m.as_ptr(), "utf_7_encode", &[s("\u{1f600}").as_ptr()]),
            "(b'+2D3eAA-', 1)"
        );
        assert_eq!(
            call(m.as_ptr(), "utf_7_decode", &[b(b"A+ImIDkQ.").as_ptr()]),
            "('A≢Α.', 9)"
        );
        assert_eq!(
            call(m.as_ptr(), "utf_7_decode", &[b(b"a+-b").as_ptr()]),
            "('a+b', 4)"
        );
        assert_eq!(
            call(m.as_ptr(), "utf_7_decode", &[b(b"+2D3eAA- x").as_ptr()]),
            "('😀 x', 10)"
        );
        assert_eq!(
            call(
                m.as_ptr(),
                "charmap_decode",
                &[b(b"\x00\x01").as_ptr(), none, s("ab").as_ptr()]
            ),
            "('ab', 2)"
        );
        let table = object::get_attr_str(m.as_ptr(), "charmap_build").unwrap();
        let map = crate::objects::call::call_one_arg(table.as_ptr(), s("ab").as_ptr()).unwrap();
        assert_eq!(
            call(
                m.as_ptr(),
                "charmap_encode",
                &[s("ba").as_ptr(), none, map.as_ptr()]
            ),
            "(b'\\x01\\x00', 2)"
        );
        assert_eq!(
            call(m.as_ptr(), "charmap_encode", &[s("c").as_ptr(), none, map.as_ptr()]),
            "UnicodeEncodeError: 'charmap' codec can't encode character '\\x63' in position 0: character maps to <undefined>"
        );
        assert_eq!(
            call(m.as_ptr(), "escape_encode", &[b(b"a'\n\x00").as_ptr()]),
            "(b\"a\\\\'\\\\n\\\\x00\", 4)"
        );
        assert_eq!(
            call(
                m.as_ptr(),
                "utf_16_ex_decode",
                &[
                    b(b"\xff\xfea\x00").as_ptr(),
                    none,
                    f.as_ptr(),
                    longobject::from_i64(1).unwrap().as_ptr()
                ]
            ),
            "('a', 4, -1)"
        );
        assert_eq!(
            call(m.as_ptr(), "latin_1_encode", &[s("\u{e9}").as_ptr()]),
            "(b'\\xe9', 1)"
        );
        assert_eq!(
            call(m.as_ptr(), "lookup_error", &[s("strict").as_ptr()])
                .starts_with("<built-in function strict_errors"),
            true
        );
    }

    #[test]
    fn services_match_python311() {
        let _runtime = crate::testing::hold_runtime();
        // SAFETY: the runtime is initialized and used on this thread only.
        unsafe {
            setup();
            // Each part must leave no exception behind (the tests share one interpreter).
            let parts: [(&str, unsafe fn()); 6] = [
                ("codecs", registry_and_codecs),
                ("warnings", crate::modules::warnings::tests::run),
                ("_thread", crate::modules::threadmodule::tests::run),
                ("_weakref", crate::modules::weakrefmodule::tests::run),
                ("gc", crate::modules::gcmodule::tests::run),
                ("_abc", crate::modules::abcmodule::tests::run),
            ];
            for (name, part) in parts {
                part();
                assert!(errors::occurred().is_null(), "{name} left an exception set");
            }
        }
    }
}
