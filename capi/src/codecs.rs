//! The codec registry C API (codecs.h; CPython's Python/codecs.c) over
//! `ferrython_runtime::codecs::registry`.

use core::ffi::{c_char, c_int, CStr};
use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::codecs::registry as reg;
use ferrython_runtime::errors::{self, int_result, ptr_result, PyResult};
use ferrython_runtime::objects::object::Ref;

unsafe fn opt<'a>(s: *const c_char) -> Option<&'a str> {
    if s.is_null() {
        None
    } else {
        Some(CStr::from_ptr(s).to_str().unwrap_or("\u{fffd}"))
    }
}

/// A required C-string argument: NULL is PyErr_BadArgument's TypeError.
unsafe fn req<'a>(s: *const c_char) -> PyResult<&'a str> {
    opt(s).ok_or_else(errors::bad_argument)
}

exported!(fn PyCodec_Register(search_function: *mut PyObject) -> c_int => int_result(reg::register(search_function)));
exported!(fn PyCodec_Unregister(search_function: *mut PyObject) -> c_int => int_result(reg::unregister(search_function)));
exported!(fn _PyCodec_Lookup(encoding: *const c_char) -> *mut PyObject => ptr_result(req(encoding).and_then(reg::lookup)));
exported!(fn PyCodec_KnownEncoding(encoding: *const c_char) -> c_int => match opt(encoding) {
    Some(e) => reg::known_encoding(e) as c_int,
    None => {
        errors::clear();
        0
    }
});
exported!(fn PyCodec_Encode(object: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(|e| reg::encode(object, e, opt(errors)))));
exported!(fn PyCodec_Decode(object: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(|e| reg::decode(object, e, opt(errors)))));
exported!(fn PyCodec_Encoder(encoding: *const c_char) -> *mut PyObject => ptr_result(req(encoding).and_then(|e| reg::codec_item(e, 0))));
exported!(fn PyCodec_Decoder(encoding: *const c_char) -> *mut PyObject => ptr_result(req(encoding).and_then(|e| reg::codec_item(e, 1))));
exported!(fn PyCodec_IncrementalEncoder(encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(reg::lookup).and_then(|i| reg::make_incremental(i.as_ptr(), opt(errors), "incrementalencoder"))));
exported!(fn PyCodec_IncrementalDecoder(encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(reg::lookup).and_then(|i| reg::make_incremental(i.as_ptr(), opt(errors), "incrementaldecoder"))));
exported!(fn _PyCodecInfo_GetIncrementalEncoder(codec_info: *mut PyObject, errors: *const c_char) -> *mut PyObject =>
    ptr_result(reg::make_incremental(codec_info, opt(errors), "incrementalencoder")));
exported!(fn _PyCodecInfo_GetIncrementalDecoder(codec_info: *mut PyObject, errors: *const c_char) -> *mut PyObject =>
    ptr_result(reg::make_incremental(codec_info, opt(errors), "incrementaldecoder")));
exported!(fn PyCodec_StreamReader(encoding: *const c_char, stream: *mut PyObject, errors: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(|e| reg::stream_codec(e, stream, opt(errors), 2))));
exported!(fn PyCodec_StreamWriter(encoding: *const c_char, stream: *mut PyObject, errors: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(|e| reg::stream_codec(e, stream, opt(errors), 3))));
exported!(fn _PyCodec_LookupTextEncoding(encoding: *const c_char, alternate_command: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(|e| reg::lookup_text_encoding(e, opt(alternate_command).unwrap_or("")))));
exported!(fn _PyCodec_EncodeText(object: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(|e| reg::encode_text(object, e, opt(errors)))));
exported!(fn _PyCodec_DecodeText(object: *mut PyObject, encoding: *const c_char, errors: *const c_char) -> *mut PyObject =>
    ptr_result(req(encoding).and_then(|e| reg::decode_text(object, e, opt(errors)))));
exported!(fn PyCodec_RegisterError(name: *const c_char, error: *mut PyObject) -> c_int =>
    int_result(req(name).and_then(|n| reg::register_error(n, error))));
exported!(fn PyCodec_LookupError(name: *const c_char) -> *mut PyObject => ptr_result(reg::lookup_error(opt(name).unwrap_or("strict"))));

/// Calls the standard handler registered as `name` on `exc` (the PyCodec_*Errors functions).
unsafe fn standard(name: &str, exc: *mut PyObject) -> *mut PyObject {
    ptr_result((|| -> PyResult<Ref> {
        let h = reg::standard_handler(name)?;
        ferrython_runtime::objects::call::call_one_arg(h.as_ptr(), exc)
    })())
}

exported!(fn PyCodec_StrictErrors(exc: *mut PyObject) -> *mut PyObject => standard("strict", exc));
exported!(fn PyCodec_IgnoreErrors(exc: *mut PyObject) -> *mut PyObject => standard("ignore", exc));
exported!(fn PyCodec_ReplaceErrors(exc: *mut PyObject) -> *mut PyObject => standard("replace", exc));
exported!(fn PyCodec_XMLCharRefReplaceErrors(exc: *mut PyObject) -> *mut PyObject => standard("xmlcharrefreplace", exc));
exported!(fn PyCodec_BackslashReplaceErrors(exc: *mut PyObject) -> *mut PyObject => standard("backslashreplace", exc));
exported!(fn PyCodec_NameReplaceErrors(exc: *mut PyObject) -> *mut PyObject => standard("namereplace", exc));
