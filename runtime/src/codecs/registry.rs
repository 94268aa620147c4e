//! The codec registry (CPython's Python/codecs.c): search functions, the lookup cache and the
//! error-handler registry, kept where CPython keeps them (`interp->codec_search_path`,
//! `codec_search_cache`, `codec_error_registry`), plus the generic encode/decode entry points
//! and the standard error handlers as callables (`codecs.strict_errors` & co).
//!
//! The handlers here work on exception objects; the built-in codecs in `codecs/*.rs` keep
//! their own fast in-line handling and only come here for handler names they don't know.

use crate::abi::methodobject::{PyMethodDef, METH_O};
use crate::abi::*;
use crate::codecs::{hex_escape_text, ErrorHandler};
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::exceptions::{self as exc, UnicodeErrorField};
use crate::objects::object::{self, Ref};
use crate::objects::{bytesobject, dictobject, listobject, tupleobject, unicodeobject as ustr};
use core::ffi::CStr;
use core::ptr::null_mut;

unsafe fn interp() -> *mut crate::abi::pycore_interp::PyInterpreterState {
    crate::lifecycle::pystate::current_interpreter()
}

/// `_Py_normalize_encoding` over bytes (non-ASCII bytes count as punctuation, as in C).
pub fn normalize(encoding: &str) -> String {
    let mut out = String::with_capacity(encoding.len());
    let mut punct = false;
    for &b in encoding.as_bytes() {
        if b.is_ascii_alphanumeric() || b == b'.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            out.push(b.to_ascii_lowercase() as char);
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// The standard error handlers registered at start-up, in CPython's order.
const STANDARD_HANDLERS: &[(&str, &CStr)] = &[
    ("strict", c"strict_errors"),
    ("ignore", c"ignore_errors"),
    ("replace", c"replace_errors"),
    ("xmlcharrefreplace", c"xmlcharrefreplace_errors"),
    ("backslashreplace", c"backslashreplace_errors"),
    ("namereplace", c"namereplace_errors"),
    ("surrogatepass", c"surrogatepass"),
    ("surrogateescape", c"surrogateescape"),
];

struct Table(usize);
static HANDLER_DEFS: std::sync::OnceLock<Table> = std::sync::OnceLock::new();

fn handler_defs() -> *mut PyMethodDef {
    HANDLER_DEFS
        .get_or_init(|| {
            let funcs: [unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject; 8] = [
                strict_errors,
                ignore_errors,
                replace_errors,
                xmlcharrefreplace_errors,
                backslashreplace_errors,
                namereplace_errors,
                surrogatepass_errors,
                surrogateescape_errors,
            ];
            let v: Vec<PyMethodDef> = STANDARD_HANDLERS
                .iter()
                .zip(funcs)
                .map(|(&(_, name), f)| PyMethodDef {
                    ml_name: name.as_ptr(),
                    ml_meth: Some(f),
                    ml_flags: METH_O,
                    ml_doc: core::ptr::null(),
                })
                .collect();
            Table(Box::leak(v.into_boxed_slice()).as_mut_ptr() as usize)
        })
        .0 as *mut PyMethodDef
}

/// `_PyCodecRegistry_Init`: the search path, the cache, the error registry with the standard
/// handlers, then `import encodings` (which registers its search function). The import waits
/// until the import system is up (`interp->importlib`): before that, as during CPython's own
/// start-up, only the built-in codecs and explicitly registered search functions exist.
unsafe fn ensure_init() -> PyResult<()> {
    let it = interp();
    if (*it).codec_search_path.is_null() {
        init_tables(it)?;
    }
    if (*it).codecs_initialized == 0 && !(*it).importlib.is_null() {
        (*it).codecs_initialized = 1;
        crate::modules::posixmodule::args::import_module("encodings")?;
    }
    Ok(())
}

/// The registry's tables: an empty search path and cache, and the standard error handlers.
unsafe fn init_tables(it: *mut crate::abi::pycore_interp::PyInterpreterState) -> PyResult<()> {
    let path = listobject::new(0)?;
    let cache = dictobject::new()?;
    let errs = dictobject::new()?;
    let defs = handler_defs();
    for (i, &(name, _)) in STANDARD_HANDLERS.iter().enumerate() {
        let f = crate::objects::methodobject::new_cfunction(
            defs.add(i),
            null_mut(),
            null_mut(),
            null_mut(),
        )?;
        dictobject::set_item_str(errs.as_ptr(), name, f.as_ptr())?;
    }
    (*it).codec_search_path = path.into_raw();
    (*it).codec_search_cache = cache.into_raw();
    (*it).codec_error_registry = errs.into_raw();
    (*it).codecs_initialized = 0;
    Ok(())
}

/// Releases the registry (Py_FinalizeEx), so the next initialization starts afresh.
pub fn fini() {
    // SAFETY: the fields hold owned references or NULL.
    unsafe {
        let it = interp();
        if it.is_null() {
            return;
        }
        for slot in [
            &raw mut (*it).codec_search_path,
            &raw mut (*it).codec_search_cache,
            &raw mut (*it).codec_error_registry,
        ] {
            let v = *slot;
            *slot = null_mut();
            object::xdecref(v);
        }
        (*it).codecs_initialized = 0;
    }
}

/// `PyCodec_Register`.
///
/// # Safety
/// GIL held; `search_function` live.
pub unsafe fn register(search_function: *mut PyObject) -> PyResult<()> {
    if (*interp()).codec_search_path.is_null() {
        ensure_init()?;
    }
    if search_function.is_null() {
        return Err(errors::bad_argument());
    }
    if !crate::objects::call::is_callable(search_function) {
        return Err(errors::type_error("argument must be callable"));
    }
    listobject::append((*interp()).codec_search_path, search_function)
}

/// `PyCodec_Unregister`: removes the function (by identity) and empties the cache.
///
/// # Safety
/// GIL held.
pub unsafe fn unregister(search_function: *mut PyObject) -> PyResult<()> {
    let path = (*interp()).codec_search_path;
    if path.is_null() {
        return Ok(());
    }
    for i in 0..listobject::len(path) {
        if *listobject::items(path).add(i as usize) == search_function {
            let cache = (*interp()).codec_search_cache;
            if !cache.is_null() {
                dictobject::clear(cache);
            }
            return listobject::ass_slice(path, i, i + 1, null_mut());
        }
    }
    Ok(())
}

/// `_PyCodec_Lookup`: the CodecInfo (a 4-tuple or subclass) for `encoding`.
pub fn lookup(encoding: &str) -> PyResult<Ref> {
    // SAFETY: GIL held by the caller (every runtime entry point has it).
    unsafe {
        ensure_init()?;
        let key = ustr::intern(ustr::new_str(&normalize(encoding))?);
        let it = interp();
        if let Some(hit) = dictobject::get_item((*it).codec_search_cache, key.as_ptr())? {
            return Ok(object::new_ref(hit));
        }
        // A snapshot: search functions may register or unregister others.
        let funcs = listobject::as_tuple((*it).codec_search_path)?;
        let n = tupleobject::len(funcs.as_ptr());
        if n == 0 {
            return Err(errors::set_string(
                exc::PyExc_LookupError,
                "no codec search functions registered: can't find encoding",
            ));
        }
        for i in 0..n {
            let f = *tupleobject::items(funcs.as_ptr()).add(i as usize);
            let r = crate::objects::call::call_one_arg(f, key.as_ptr())?;
            if r.as_ptr() == object::none() {
                continue;
            }
            if !tupleobject::check(r.as_ptr()) || tupleobject::len(r.as_ptr()) != 4 {
                return Err(errors::type_error(
                    "codec search functions must return 4-tuples",
                ));
            }
            dictobject::set_item((*interp()).codec_search_cache, key.as_ptr(), r.as_ptr())?;
            return Ok(r);
        }
        Err(errors::set_string(
            exc::PyExc_LookupError,
            &format!("unknown encoding: {encoding}"),
        ))
    }
}

/// `_codecs._forget_codec`: drops `encoding` from the lookup cache.
///
/// # Safety
/// GIL held.
pub unsafe fn forget(encoding: &str) -> PyResult<()> {
    let cache = (*interp()).codec_search_cache;
    if cache.is_null() {
        return Err(errors::set_string(
            exc::PyExc_LookupError,
            "no codec search functions registered: can't find encoding",
        ));
    }
    let key = ustr::new_str(&normalize(encoding))?;
    match dictobject::del_item(cache, key.as_ptr()) {
        Ok(()) => Ok(()),
        Err(e) => {
            if errors::exception_matches(exc::PyExc_KeyError) {
                errors::clear();
                Ok(())
            } else {
                Err(e)
            }
        }
    }
}

/// `PyCodec_KnownEncoding`.
pub fn known_encoding(encoding: &str) -> bool {
    match lookup(encoding) {
        Ok(_) => true,
        Err(_) => {
            errors::clear();
            false
        }
    }
}

/// Item `index` of the CodecInfo (0 encoder, 1 decoder, 2 stream reader, 3 stream writer).
pub fn codec_item(encoding: &str, index: usize) -> PyResult<Ref> {
    let info = lookup(encoding)?;
    // SAFETY: lookup returns a 4-tuple.
    unsafe {
        Ok(object::new_ref(
            *tupleobject::items(info.as_ptr()).add(index),
        ))
    }
}

/// `codec_info.<attr>(errors)` / `()`: an incremental encoder or decoder.
///
/// # Safety
/// `info` live.
pub unsafe fn make_incremental(
    info: *mut PyObject,
    errors: Option<&str>,
    attr: &str,
) -> PyResult<Ref> {
    let f = object::get_attr_str(info, attr)?;
    match errors {
        Some(e) => {
            let s = ustr::new_str(e)?;
            crate::objects::call::call_one_arg(f.as_ptr(), s.as_ptr())
        }
        None => crate::objects::call::call_no_args(f.as_ptr()),
    }
}

/// `PyCodec_StreamReader` (index 2) / `StreamWriter` (index 3).
///
/// # Safety
/// `stream` live.
pub unsafe fn stream_codec(
    encoding: &str,
    stream: *mut PyObject,
    errors: Option<&str>,
    index: usize,
) -> PyResult<Ref> {
    let cls = codec_item(encoding, index)?;
    match errors {
        Some(e) => {
            let s = ustr::new_str(e)?;
            let args = tupleobject::pack(&[stream, s.as_ptr()])?;
            crate::objects::call::call_object(cls.as_ptr(), args.as_ptr())
        }
        None => crate::objects::call::call_one_arg(cls.as_ptr(), stream),
    }
}

/// Calls a codec function with `(object[, errors])` and returns item 0 of its 2-tuple.
unsafe fn run_codec(
    func: *mut PyObject,
    obj: *mut PyObject,
    encoding: &str,
    errors: Option<&str>,
    encode: bool,
) -> PyResult<Ref> {
    let args = match errors {
        Some(e) => {
            let s = ustr::new_str(e)?;
            tupleobject::pack(&[obj, s.as_ptr()])?
        }
        None => tupleobject::pack(&[obj])?,
    };
    let op = if encode { "encoding" } else { "decoding" };
    let r = match crate::objects::call::call_object(func, args.as_ptr()) {
        Ok(r) => r,
        Err(_) => return Err(try_set_from_cause(op, encoding)),
    };
    if !tupleobject::check(r.as_ptr()) || tupleobject::len(r.as_ptr()) != 2 {
        return Err(errors::type_error(if encode {
            "encoder must return a tuple (object, integer)"
        } else {
            "decoder must return a tuple (object,integer)"
        }));
    }
    Ok(object::new_ref(*tupleobject::items(r.as_ptr())))
}

/// `_PyErr_TrySetFromCause("%s with '%s' codec failed", ...)`: when the pending exception is
/// of a type constructible from one message and carries nothing but its args, replaces it
/// with a same-type exception "<op> with '<enc>' codec failed (<Type>: <msg>)" whose cause
/// is the original.
unsafe fn try_set_from_cause(operation: &str, encoding: &str) -> ErrSet {
    let Some((ty, val, tb)) = errors::fetch_normalized() else {
        return ErrSet::assume_set();
    };
    let restore = |ty: Ref, val: Ref, tb: Option<Ref>| -> ErrSet {
        errors::restore(
            ty.into_raw(),
            val.into_raw(),
            tb.map_or(null_mut(), |t| t.into_raw()),
        )
    };
    let tp = ty.as_ptr() as *mut PyTypeObject;
    // Only types using BaseException's own init/new and carrying no instance dict state.
    let base = crate::objects::exceptions::PyExc_BaseException as *mut PyTypeObject;
    let addr = |f: Option<
        unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> core::ffi::c_int,
    >| f.map(|f| f as usize);
    let new_addr = |f: Option<
        unsafe extern "C" fn(*mut PyTypeObject, *mut PyObject, *mut PyObject) -> *mut PyObject,
    >| f.map(|f| f as usize);
    let plain = addr((*tp).tp_init) == addr((*base).tp_init)
        && new_addr((*tp).tp_new) == new_addr((*base).tp_new);
    if !plain || (*tp).tp_basicsize != (*base).tp_basicsize {
        return restore(ty, val, tb);
    }
    let dict_ok = match object::get_attr_str(val.as_ptr(), "__dict__") {
        Ok(d) => !dictobject::check(d.as_ptr()) || dictobject::len(d.as_ptr()) == 0,
        Err(_) => {
            errors::clear();
            true
        }
    };
    if !dict_ok {
        return restore(ty, val, tb);
    }
    let msg = match object::str(val.as_ptr()) {
        Ok(s) => ustr::to_string_lossy(s.as_ptr()),
        Err(_) => {
            errors::clear();
            return restore(ty, val, tb);
        }
    };
    let tname = object::type_name_of(tp);
    let text = format!("{operation} with '{encoding}' codec failed ({tname}: {msg})");
    if let Some(t) = &tb {
        let _ = exc::set_traceback(val.as_ptr(), t.as_ptr());
    }
    let new_val = match ustr::new_str(&text)
        .and_then(|m| crate::objects::call::call_one_arg(ty.as_ptr(), m.as_ptr()))
    {
        Ok(v) => v,
        Err(_) => {
            errors::clear();
            return restore(ty, val, tb);
        }
    };
    object::incref(val.as_ptr());
    exc::set_cause(new_val.as_ptr(), val.as_ptr());
    object::incref(val.as_ptr());
    exc::set_context(new_val.as_ptr(), val.as_ptr());
    errors::restore(
        ty.into_raw(),
        new_val.into_raw(),
        tb.map_or(null_mut(), |t| t.into_raw()),
    )
}

/// `PyCodec_Encode(obj, encoding, errors)`: any object through the registry's encoder.
///
/// # Safety
/// GIL held; `obj` live.
pub unsafe fn encode(obj: *mut PyObject, encoding: &str, errors: Option<&str>) -> PyResult<Ref> {
    let enc = codec_item(encoding, 0)?;
    run_codec(enc.as_ptr(), obj, encoding, errors, true)
}

/// `PyCodec_Decode(obj, encoding, errors)`.
///
/// # Safety
/// GIL held; `obj` live.
pub unsafe fn decode(obj: *mut PyObject, encoding: &str, errors: Option<&str>) -> PyResult<Ref> {
    let dec = codec_item(encoding, 1)?;
    run_codec(dec.as_ptr(), obj, encoding, errors, false)
}

/// `_PyCodec_LookupTextEncoding`: a CodecInfo whose `_is_text_encoding` is not false.
pub fn lookup_text_encoding(encoding: &str, alternate_command: &str) -> PyResult<Ref> {
    let info = lookup(encoding)?;
    // SAFETY: info is live.
    unsafe {
        if !(object::py_type(info.as_ptr()) == &raw mut crate::objects::tupleobject::PyTuple_Type) {
            match object::get_attr_str(info.as_ptr(), "_is_text_encoding") {
                Ok(flag) => {
                    if !object::is_true(flag.as_ptr())? {
                        return Err(errors::set_string(
                            exc::PyExc_LookupError,
                            &format!("'{encoding}' is not a text encoding; use {alternate_command} to handle arbitrary codecs"),
                        ));
                    }
                }
                Err(e) => {
                    if !errors::exception_matches(exc::PyExc_AttributeError) {
                        return Err(e);
                    }
                    errors::clear();
                }
            }
        }
    }
    Ok(info)
}

/// `_PyCodec_EncodeText`: str.encode for codecs outside the built-in set; the result must be
/// bytes (checked by the caller, as CPython's PyUnicode_AsEncodedString does).
///
/// # Safety
/// `obj` live.
pub unsafe fn encode_text(
    obj: *mut PyObject,
    encoding: &str,
    errors: Option<&str>,
) -> PyResult<Ref> {
    let info = lookup_text_encoding(encoding, "codecs.encode()")?;
    let enc = object::new_ref(*tupleobject::items(info.as_ptr()));
    run_codec(enc.as_ptr(), obj, encoding, errors, true)
}

/// `_PyCodec_DecodeText`.
///
/// # Safety
/// `obj` live.
pub unsafe fn decode_text(
    obj: *mut PyObject,
    encoding: &str,
    errors: Option<&str>,
) -> PyResult<Ref> {
    let info = lookup_text_encoding(encoding, "codecs.decode()")?;
    let dec = object::new_ref(*tupleobject::items(info.as_ptr()).add(1));
    run_codec(dec.as_ptr(), obj, encoding, errors, false)
}

/// `PyCodec_RegisterError`.
///
/// # Safety
/// GIL held.
pub unsafe fn register_error(name: &str, handler: *mut PyObject) -> PyResult<()> {
    if (*interp()).codec_search_path.is_null() {
        ensure_init()?;
    }
    if !crate::objects::call::is_callable(handler) {
        return Err(errors::type_error("handler must be callable"));
    }
    dictobject::set_item_str((*interp()).codec_error_registry, name, handler)
}

/// `PyCodec_LookupError`: the handler registered under `name` (NULL/None name: "strict").
pub fn lookup_error(name: &str) -> PyResult<Ref> {
    // SAFETY: GIL held by the caller.
    unsafe {
        if (*interp()).codec_search_path.is_null() {
            ensure_init()?;
        }
        match dictobject::get_item_str((*interp()).codec_error_registry, name)? {
            Some(h) => Ok(object::new_ref(h)),
            None => Err(errors::set_string(
                exc::PyExc_LookupError,
                &format!("unknown error handler name '{name}'"),
            )),
        }
    }
}

// ---- the standard error handlers, on exception objects ----

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Encode,
    Decode,
    Translate,
}

unsafe fn kind_of(e: *mut PyObject) -> Option<Kind> {
    let t = object::py_type(e) as *mut PyObject;
    if crate::objects::typeobject::is_subtype(t as _, exc::PyExc_UnicodeEncodeError as _) {
        Some(Kind::Encode)
    } else if crate::objects::typeobject::is_subtype(t as _, exc::PyExc_UnicodeDecodeError as _) {
        Some(Kind::Decode)
    } else if crate::objects::typeobject::is_subtype(t as _, exc::PyExc_UnicodeTranslateError as _)
    {
        Some(Kind::Translate)
    } else {
        None
    }
}

unsafe fn wrong_type(e: *mut PyObject) -> ErrSet {
    errors::type_error(&format!(
        "don't know how to handle {} in error callback",
        object::type_name(e)
    ))
}

/// `(replacement, end)`.
unsafe fn result(repl: Ref, end: Py_ssize_t) -> PyResult<Ref> {
    let pos = crate::objects::longobject::from_i64(end as i64)?;
    tupleobject::pack(&[repl.as_ptr(), pos.as_ptr()])
}

unsafe fn positions(e: *mut PyObject, k: Kind) -> PyResult<(Py_ssize_t, Py_ssize_t)> {
    let d = k == Kind::Decode;
    Ok((
        exc::unicode_error_position(e, false, d)?,
        exc::unicode_error_position(e, true, d)?,
    ))
}

/// The code points `start..end` of an encode/translate error's str.
unsafe fn text_range(e: *mut PyObject) -> PyResult<(Vec<u32>, Py_ssize_t, Py_ssize_t)> {
    let obj = exc::unicode_error_get(e, UnicodeErrorField::Object, false)?;
    let (start, end) = positions(e, Kind::Encode)?;
    let (data, kind) = ustr::data_and_kind(obj.as_ptr());
    let chars = (start.max(0)..end.max(start))
        .map(|i| ustr::read_char(data, kind, i as usize))
        .collect();
    Ok((chars, start, end))
}

fn wrap(f: impl FnOnce() -> PyResult<Ref>) -> *mut PyObject {
    errors::ptr_result(f())
}

unsafe extern "C" fn strict_errors(_m: *mut PyObject, e: *mut PyObject) -> *mut PyObject {
    if exc::is_instance(e) {
        let _ = errors::set_object(object::py_type(e) as *mut PyObject, e);
    } else {
        let _ = errors::type_error("codec must pass exception instance");
    }
    null_mut()
}

unsafe extern "C" fn ignore_errors(_m: *mut PyObject, e: *mut PyObject) -> *mut PyObject {
    wrap(|| {
        let k = kind_of(e).ok_or_else(|| wrong_type(e))?;
        let (_, end) = positions(e, k)?;
        result(ustr::new_str("")?, end)
    })
}

unsafe extern "C" fn replace_errors(_m: *mut PyObject, e: *mut PyObject) -> *mut PyObject {
    wrap(|| {
        let k = kind_of(e).ok_or_else(|| wrong_type(e))?;
        let (start, end) = positions(e, k)?;
        let n = (end - start).max(0) as usize;
        let repl = match k {
            Kind::Encode => ustr::new_str(&"?".repeat(n))?,
            Kind::Decode => ustr::from_ucs4(&[0xfffd])?,
            Kind::Translate => ustr::from_ucs4(&vec![0xfffd; n])?,
        };
        result(repl, end)
    })
}

unsafe extern "C" fn xmlcharrefreplace_errors(
    _m: *mut PyObject,
    e: *mut PyObject,
) -> *mut PyObject {
    wrap(|| {
        if kind_of(e) != Some(Kind::Encode) {
            return Err(wrong_type(e));
        }
        let (chars, _, end) = text_range(e)?;
        let s: String = chars.iter().map(|c| format!("&#{c};")).collect();
        result(ustr::new_str(&s)?, end)
    })
}

unsafe extern "C" fn backslashreplace_errors(_m: *mut PyObject, e: *mut PyObject) -> *mut PyObject {
    wrap(|| {
        let k = kind_of(e).ok_or_else(|| wrong_type(e))?;
        if k == Kind::Decode {
            let obj = exc::unicode_error_get(e, UnicodeErrorField::Object, true)?;
            let (start, end) = positions(e, k)?;
            let bytes = bytesobject::as_slice(obj.as_ptr());
            let s: String = bytes[start as usize..end.max(start) as usize]
                .iter()
                .map(|&b| format!("\\x{b:02x}"))
                .collect();
            return result(ustr::new_str(&s)?, end);
        }
        let (chars, _, end) = text_range(e)?;
        let s: String = chars.iter().map(|&c| hex_escape_text(c)).collect();
        result(ustr::new_str(&s)?, end)
    })
}

unsafe extern "C" fn namereplace_errors(_m: *mut PyObject, e: *mut PyObject) -> *mut PyObject {
    wrap(|| {
        if kind_of(e) != Some(Kind::Encode) {
            return Err(wrong_type(e));
        }
        let (chars, _, end) = text_range(e)?;
        let mut s = String::new();
        for c in chars {
            match crate::codecs::escape::char_name(c)? {
                Some(name) => {
                    s.push_str("\\N{");
                    s.push_str(&name);
                    s.push('}');
                }
                None => s.push_str(&hex_escape_text(c)),
            }
        }
        result(ustr::new_str(&s)?, end)
    })
}

/// The codec's byte form of a surrogate for surrogatepass: UTF-8, UTF-16/32 in either order.
fn surrogate_codec(encoding: &str) -> Option<(usize, i8)> {
    match normalize(encoding).as_str() {
        "utf_8" | "utf8" => Some((3, 0)),
        "utf_16_le" | "utf_16" => Some((2, -1)),
        "utf_16_be" => Some((2, 1)),
        "utf_32_le" | "utf_32" => Some((4, -1)),
        "utf_32_be" => Some((4, 1)),
        _ => None,
    }
}

unsafe extern "C" fn surrogatepass_errors(_m: *mut PyObject, e: *mut PyObject) -> *mut PyObject {
    wrap(|| {
        let k = kind_of(e).ok_or_else(|| wrong_type(e))?;
        let enc = exc::unicode_error_get(e, UnicodeErrorField::Encoding, false)?;
        let enc = ustr::to_string_lossy(enc.as_ptr());
        let reraise = || -> ErrSet { errors::set_object(object::py_type(e) as *mut PyObject, e) };
        let (width, order) = surrogate_codec(&enc).ok_or_else(reraise)?;
        match k {
            Kind::Encode => {
                let (chars, _, end) = text_range(e)?;
                let mut out = Vec::new();
                for c in chars {
                    if !(0xd800..=0xdfff).contains(&c) {
                        return Err(reraise());
                    }
                    match (width, order) {
                        (3, _) => out.extend_from_slice(&[
                            0xe0 | (c >> 12) as u8,
                            0x80 | ((c >> 6) & 0x3f) as u8,
                            0x80 | (c & 0x3f) as u8,
                        ]),
                        (2, -1) => out.extend_from_slice(&(c as u16).to_le_bytes()),
                        (2, _) => out.extend_from_slice(&(c as u16).to_be_bytes()),
                        (_, -1) => out.extend_from_slice(&c.to_le_bytes()),
                        _ => out.extend_from_slice(&c.to_be_bytes()),
                    }
                }
                result(bytesobject::from_slice(&out)?, end)
            }
            Kind::Decode => {
                let obj = exc::unicode_error_get(e, UnicodeErrorField::Object, true)?;
                let (start, _) = positions(e, k)?;
                let b = bytesobject::as_slice(obj.as_ptr());
                let s = start as usize;
                if s + width > b.len() {
                    return Err(reraise());
                }
                let w = &b[s..s + width];
                let c = match (width, order) {
                    (3, _) if w[0] & 0xf0 == 0xe0 && w[1] & 0xc0 == 0x80 && w[2] & 0xc0 == 0x80 => {
                        ((w[0] as u32 & 0x0f) << 12)
                            | ((w[1] as u32 & 0x3f) << 6)
                            | (w[2] as u32 & 0x3f)
                    }
                    (3, _) => return Err(reraise()),
                    (2, -1) => u16::from_le_bytes([w[0], w[1]]) as u32,
                    (2, _) => u16::from_be_bytes([w[0], w[1]]) as u32,
                    (_, -1) => u32::from_le_bytes([w[0], w[1], w[2], w[3]]),
                    _ => u32::from_be_bytes([w[0], w[1], w[2], w[3]]),
                };
                if !(0xd800..=0xdfff).contains(&c) {
                    return Err(reraise());
                }
                result(ustr::from_ucs4(&[c])?, start + width as Py_ssize_t)
            }
            Kind::Translate => Err(wrong_type(e)),
        }
    })
}

unsafe extern "C" fn surrogateescape_errors(_m: *mut PyObject, e: *mut PyObject) -> *mut PyObject {
    wrap(|| {
        let k = kind_of(e).ok_or_else(|| wrong_type(e))?;
        let reraise = || -> ErrSet { errors::set_object(object::py_type(e) as *mut PyObject, e) };
        match k {
            Kind::Encode => {
                let (chars, _, end) = text_range(e)?;
                let mut out = Vec::new();
                for c in chars {
                    if !(0xdc80..=0xdcff).contains(&c) {
                        return Err(reraise());
                    }
                    out.push((c - 0xdc00) as u8);
                }
                result(bytesobject::from_slice(&out)?, end)
            }
            Kind::Decode => {
                let obj = exc::unicode_error_get(e, UnicodeErrorField::Object, true)?;
                let (start, end) = positions(e, k)?;
                let b = bytesobject::as_slice(obj.as_ptr());
                let mut out = Vec::new();
                let mut p = start as usize;
                while out.len() < 4 && p < end as usize && b[p] >= 0x80 {
                    out.push(0xdc00 + b[p] as u32);
                    p += 1;
                }
                if out.is_empty() {
                    return Err(reraise());
                }
                result(ustr::from_ucs4(&out)?, p as Py_ssize_t)
            }
            Kind::Translate => Err(wrong_type(e)),
        }
    })
}

/// Whether `handler` names a standard handler the built-in codecs apply in line.
pub fn is_builtin_handler(handler: &ErrorHandler) -> bool {
    !matches!(handler, ErrorHandler::Other(_))
}

/// Calls a registered error handler with the exception and checks its `(replacement, pos)`
/// answer; a negative position counts from the end, as in CPython.
///
/// # Safety
/// `handler`, `exc_obj` live.
pub unsafe fn call_user_handler(
    handler: *mut PyObject,
    exc_obj: *mut PyObject,
    input_len: usize,
    encoding: bool,
) -> PyResult<(Ref, usize)> {
    let r = crate::objects::call::call_one_arg(handler, exc_obj)?;
    let bad = || {
        errors::type_error(if encoding {
            "encoding error handler must return (str/bytes, int) tuple"
        } else {
            "decoding error handler must return (str, int) tuple"
        })
    };
    if !tupleobject::check(r.as_ptr()) || tupleobject::len(r.as_ptr()) != 2 {
        return Err(bad());
    }
    let repl = *tupleobject::items(r.as_ptr());
    let pos = *tupleobject::items(r.as_ptr()).add(1);
    let ok_repl = ustr::is_str(repl) || (encoding && bytesobject::is_bytes(repl));
    if !ok_repl || !crate::objects::longobject::is_int(pos) {
        return Err(bad());
    }
    let mut p = crate::objects::longobject::as_ssize_index(pos, exc::PyExc_IndexError)?;
    if p < 0 {
        p += input_len as isize;
    }
    if p < 0 || p as usize > input_len {
        return Err(errors::set_string(
            exc::PyExc_IndexError,
            &format!("position {p} from error handler out of bounds"),
        ));
    }
    Ok((object::new_ref(repl), p as usize))
}

/// `PyUnicode_Decode` for a codec only the registry knows: the result must be a str.
///
/// # Safety
/// GIL held.
pub unsafe fn decode_bytes_to_str(
    input: &[u8],
    encoding: &str,
    errors: Option<&str>,
) -> PyResult<Ref> {
    unknown_before_encodings(encoding)?;
    let b = bytesobject::from_slice(input)?;
    let r = decode_text(b.as_ptr(), encoding, errors)?;
    if !ustr::is_str(r.as_ptr()) {
        return Err(errors::type_error(&format!(
            "'{encoding}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
            object::type_name(r.as_ptr())
        )));
    }
    Ok(r)
}

/// Before the import system (and with it `encodings`) is up, only the built-in codecs and
/// explicitly registered search functions exist; a name nobody can find is then reported as
/// `encodings`' search reports it, "unknown encoding: X" (what str.encode / bytes.decode say
/// in a started CPython).
unsafe fn unknown_before_encodings(encoding: &str) -> PyResult<()> {
    ensure_init()?;
    let it = interp();
    if (*it).codecs_initialized == 0 && listobject::len((*it).codec_search_path) == 0 {
        return Err(errors::set_string(exc::PyExc_LookupError, &format!("unknown encoding: {encoding}")));
    }
    Ok(())
}

/// `PyUnicode_AsEncodedString` for a codec only the registry knows: bytes, or a bytearray
/// (with CPython's RuntimeWarning), else TypeError.
///
/// # Safety
/// `text` a live str; GIL held.
pub unsafe fn encode_str_to_bytes(
    text: *mut PyObject,
    encoding: &str,
    errors: Option<&str>,
) -> PyResult<Vec<u8>> {
    unknown_before_encodings(encoding)?;
    let r = encode_text(text, encoding, errors)?;
    if bytesobject::is_bytes(r.as_ptr()) {
        return Ok(bytesobject::as_slice(r.as_ptr()).to_vec());
    }
    if object::is_type(
        r.as_ptr(),
        &raw mut crate::objects::bytearrayobject::PyByteArray_Type,
    ) {
        crate::modules::warnings::warn(
            exc::PyExc_RuntimeWarning,
            &format!("encoder {encoding} returned bytearray instead of bytes; use codecs.encode() to encode to arbitrary types"),
            1,
        )?;
        return Ok(crate::objects::bytearrayobject::as_slice(r.as_ptr()).to_vec());
    }
    Err(errors::type_error(&format!(
        "'{encoding}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
        object::type_name(r.as_ptr())
    )))
}

/// The standard handler `name` as a callable, without touching the registry (PyCodec_StrictErrors
/// & co work before `encodings` is importable).
pub fn standard_handler(name: &str) -> PyResult<Ref> {
    let i = STANDARD_HANDLERS
        .iter()
        .position(|&(n, _)| n == name)
        .ok_or_else(|| errors::system_error("no such standard error handler"))?;
    // SAFETY: the method table is leaked and lives for the process.
    unsafe {
        crate::objects::methodobject::new_cfunction(
            handler_defs().add(i),
            null_mut(),
            null_mut(),
            null_mut(),
        )
    }
}

/// Which of the deprecated `PyUnicode_As{En,De}coded{Object,Unicode}` functions runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DeprecatedCodecCall {
    DecodedObject,
    DecodedUnicode,
    EncodedObject,
    EncodedUnicode,
}

/// `PyUnicode_AsDecodedObject` & co (deprecated since 3.6): a str through the codec registry,
/// after their DeprecationWarning; the `*Unicode` forms require a str result. The encoding
/// defaults to UTF-8.
///
/// # Safety
/// `unicode` NULL or live; GIL held.
pub unsafe fn deprecated_codec_call(
    which: DeprecatedCodecCall,
    unicode: *mut PyObject,
    encoding: Option<&str>,
    errors: Option<&str>,
) -> PyResult<Ref> {
    use DeprecatedCodecCall::*;
    if unicode.is_null() || !ustr::is_str(unicode) {
        return Err(errors::bad_argument());
    }
    let warning = match which {
        DecodedObject => "PyUnicode_AsDecodedObject() is deprecated; use PyCodec_Decode() to decode from str",
        DecodedUnicode => "PyUnicode_AsDecodedUnicode() is deprecated; use PyCodec_Decode() to decode from str to str",
        EncodedObject => "PyUnicode_AsEncodedObject() is deprecated; use PyUnicode_AsEncodedString() to encode from str to bytes or PyCodec_Encode() for generic encoding",
        EncodedUnicode => "PyUnicode_AsEncodedUnicode() is deprecated; use PyCodec_Encode() to encode from str to str",
    };
    crate::modules::warnings::warn(exc::PyExc_DeprecationWarning, warning, 1)?;
    let encoding = encoding.unwrap_or("utf-8");
    let decoding = matches!(which, DecodedObject | DecodedUnicode);
    let v = if decoding { decode(unicode, encoding, errors)? } else { encode(unicode, encoding, errors)? };
    if matches!(which, DecodedUnicode | EncodedUnicode) && !ustr::is_str(v.as_ptr()) {
        // CPython names the argument's type in the decoding message and the result's in the
        // encoding one.
        let (verb, shown, hint) = if decoding {
            ("decoder", unicode, "codecs.decode() to decode")
        } else {
            ("encoder", v.as_ptr(), "codecs.encode() to encode")
        };
        let enc: String = encoding.chars().take(400).collect();
        return Err(errors::type_error(&format!(
            "'{enc}' {verb} returned '{}' instead of 'str'; use {hint} to arbitrary types",
            object::type_name(shown)
        )));
    }
    Ok(v)
}
