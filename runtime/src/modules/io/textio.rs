//! Text I/O (CPython's Modules/_io/textio.c): `IncrementalNewlineDecoder` (universal newline
//! decoding over an optional byte decoder, recording which newlines were seen) and
//! `TextIOWrapper` (a character stream over a buffered binary stream: encoding through the
//! codec registry with fast paths for the built-in UTF-8/Latin-1/ASCII codecs, newline
//! translation, line buffering, write-through, and opaque tell/seek cookies that capture the
//! decoder state as CPython's do).

use super::*;

// =============================================================================================
// IncrementalNewlineDecoder

#[repr(C)]
pub struct NlDecoderObject {
    pub ob_base: PyObject,
    pub decoder: *mut PyObject,
    /// NULL until `__init__` ran.
    pub errors: *mut PyObject,
    pub pendingcr: u8,
    pub translate: u8,
    pub seennl: u32,
}

const SEEN_CR: u32 = 1;
const SEEN_LF: u32 = 2;
const SEEN_CRLF: u32 = 4;
const SEEN_ALL: u32 = SEEN_CR | SEEN_LF | SEEN_CRLF;

pub static mut PyIncrementalNewlineDecoder_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(nldecoder_dealloc),
    tp_init: Some(nldecoder_init),
    tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
    tp_new: Some(crate::objects::typeobject::PyType_GenericNew),
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io.IncrementalNewlineDecoder",
        core::mem::size_of::<NlDecoderObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    )
};

pub(crate) unsafe fn prepare_types() {
    PyIncrementalNewlineDecoder_Type.tp_doc = docs::doc("IncrementalNewlineDecoder");
    let mut t = Table::new("IncrementalNewlineDecoder");
    t.fastkw(c"decode", nldecoder_decode_m)
        .noargs(c"getstate", nldecoder_getstate)
        .o(c"setstate", nldecoder_setstate)
        .noargs(c"reset", nldecoder_reset)
        .getset(c"newlines", nldecoder_newlines, None);
    t.install(&raw mut PyIncrementalNewlineDecoder_Type);
    prepare_wrapper_type();
    native_codec::prepare_type();
}

#[inline]
unsafe fn nld(op: *mut PyObject) -> *mut NlDecoderObject {
    op as *mut NlDecoderObject
}

static NLD_INIT_SIG: crate::modules::posixmodule::args::Sig =
    crate::modules::posixmodule::args::Sig {
        name: "IncrementalNewlineDecoder",
        params: &["decoder", "translate", "errors"],
        posonly: 0,
        maxpos: 3,
        required: 2,
    };

unsafe extern "C" fn nldecoder_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| -> PyResult<()> {
        let a = bind_tuple(&NLD_INIT_SIG, args, kwds)?;
        let translate = int_arg(a[1])? != 0;
        nldecoder_setup(
            op,
            a[0],
            translate,
            if a[2].is_null() { id("strict") } else { a[2] },
        );
        Ok(())
    })())
}

/// `__init__`'s work: `decoder` (None or a byte decoder), `translate`, `errors` (borrowed).
unsafe fn nldecoder_setup(
    op: *mut PyObject,
    decoder: *mut PyObject,
    translate: bool,
    errors_: *mut PyObject,
) {
    let s = nld(op);
    object::replace_slot(&raw mut (*s).errors, nref(errors_).into_raw());
    object::replace_slot(&raw mut (*s).decoder, nref(decoder).into_raw());
    (*s).translate = translate as u8;
    (*s).seennl = 0;
    (*s).pendingcr = 0;
}

/// A new `IncrementalNewlineDecoder(decoder, translate)`.
pub(crate) unsafe fn new_nldecoder(decoder: *mut PyObject, translate: bool) -> PyResult<Ref> {
    let tp = &raw mut PyIncrementalNewlineDecoder_Type;
    let op = Ref::from_result(crate::objects::typeobject::PyType_GenericNew(
        tp,
        null_mut(),
        null_mut(),
    ))?;
    nldecoder_setup(op.as_ptr(), decoder, translate, id("strict"));
    Ok(op)
}

unsafe extern "C" fn nldecoder_dealloc(op: *mut PyObject) {
    let s = nld(op);
    object::replace_slot(&raw mut (*s).decoder, null_mut());
    object::replace_slot(&raw mut (*s).errors, null_mut());
    super::iobase::free_object(op);
}

unsafe fn check_initialized(op: *mut PyObject) -> PyResult<()> {
    if (*nld(op)).errors.is_null() {
        return Err(errors::value_error(
            "IncrementalNewlineDecoder.__init__() not called",
        ));
    }
    Ok(())
}

/// `check_decoded`: a decoder's result must be a str.
unsafe fn check_decoded(decoded: Ref) -> PyResult<Ref> {
    if !unicodeobject::is_str(decoded.as_ptr()) {
        return Err(errors::type_error(&format!(
            "decoder should return a string result, not '{}'",
            object::type_name_trunc(decoded.ob_type(), 200)
        )));
    }
    Ok(decoded)
}

/// `_PyIncrementalNewlineDecoder_decode`: decodes (through the inner decoder when there is
/// one), keeps a trailing `\r` back unless final, records the newline kinds seen and
/// translates them to `\n` when asked.
pub(crate) unsafe fn nldecoder_decode(
    op: *mut PyObject,
    input: *mut PyObject,
    final_: bool,
) -> PyResult<Ref> {
    check_initialized(op)?;
    let s = nld(op);
    let output = if (*s).decoder != object::none() {
        let f = boolean(final_);
        callm((*s).decoder, "decode", &[input, f.as_ptr()])?
    } else {
        nref(input)
    };
    let output = check_decoded(output)?;
    let mut chars = to_ucs4(output.as_ptr());
    let mut changed = false;
    if (*s).pendingcr != 0 && (final_ || !chars.is_empty()) {
        chars.insert(0, '\r' as u32);
        (*s).pendingcr = 0;
        changed = true;
    }
    if !final_ && chars.last() == Some(&('\r' as u32)) {
        chars.pop();
        (*s).pendingcr = 1;
        changed = true;
    }
    if chars.is_empty() {
        return if changed {
            from_ucs4(&chars)
        } else {
            Ok(output)
        };
    }
    let mut seennl = (*s).seennl;
    let cr = '\r' as u32;
    let lf = '\n' as u32;
    let has_cr = chars.contains(&cr);
    if !has_cr {
        if seennl & SEEN_LF == 0 && chars.contains(&lf) {
            seennl |= SEEN_LF;
        }
    } else if (*s).translate == 0 {
        let mut i = 0;
        while i < chars.len() && seennl != SEEN_ALL {
            let c = chars[i];
            i += 1;
            if c == lf {
                seennl |= SEEN_LF;
            } else if c == cr {
                if i < chars.len() && chars[i] == lf {
                    seennl |= SEEN_CRLF;
                    i += 1;
                } else {
                    seennl |= SEEN_CR;
                }
            }
        }
    } else {
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            i += 1;
            if c == lf {
                seennl |= SEEN_LF;
                out.push(lf);
            } else if c == cr {
                if i < chars.len() && chars[i] == lf {
                    i += 1;
                    seennl |= SEEN_CRLF;
                } else {
                    seennl |= SEEN_CR;
                }
                out.push(lf);
            } else {
                out.push(c);
            }
        }
        chars = out;
        changed = true;
    }
    (*s).seennl |= seennl;
    if changed {
        from_ucs4(&chars)
    } else {
        Ok(output)
    }
}

static NLD_DECODE_SIG: crate::modules::posixmodule::args::Sig =
    crate::modules::posixmodule::args::Sig {
        name: "decode",
        params: &["input", "final"],
        posonly: 0,
        maxpos: 2,
        required: 1,
    };

fastkw!(nldecoder_decode_m, NLD_DECODE_SIG, |op, a| {
    let final_ = if a[1].is_null() {
        false
    } else {
        int_arg(a[1])? != 0
    };
    nldecoder_decode(op, a[0], final_)
});

/// Parses `(buffer, flag)` as `PyArg_ParseTuple(state, "OK;<msg>")` does.
unsafe fn parse_state(state: *mut PyObject, msg: &str) -> PyResult<(Ref, u64)> {
    let n = tupleobject::len(state);
    if n != 2 {
        return Err(errors::type_error(msg));
    }
    let items = tupleobject::items(state);
    let flagobj = *items.add(1);
    if !longobject::is_int(flagobj) {
        return Err(errors::type_error(msg));
    }
    Ok((nref(*items), longobject::low_u64_wrapping(flagobj)))
}

noargs!(nldecoder_getstate, |op| {
    check_initialized(op)?;
    let s = nld(op);
    let (buffer, mut flag) = if (*s).decoder != object::none() {
        let state = callm((*s).decoder, "getstate", &[])?;
        if !tupleobject::check(state.as_ptr()) {
            return Err(errors::type_error("illegal decoder state"));
        }
        parse_state(state.as_ptr(), "illegal decoder state")?
    } else {
        (bytes(b"")?, 0)
    };
    flag <<= 1;
    if (*s).pendingcr != 0 {
        flag |= 1;
    }
    let f = longobject::from_u64(flag)?;
    tupleobject::pack(&[buffer.as_ptr(), f.as_ptr()])
});

meth_o!(nldecoder_setstate, |op, state| {
    check_initialized(op)?;
    if !tupleobject::check(state) {
        return Err(errors::type_error("state argument must be a tuple"));
    }
    let (buffer, flag) = parse_state(state, "setstate(): illegal state argument")?;
    let s = nld(op);
    (*s).pendingcr = (flag & 1) as u8;
    if (*s).decoder != object::none() {
        let f = longobject::from_u64(flag >> 1)?;
        let t = tupleobject::pack(&[buffer.as_ptr(), f.as_ptr()])?;
        return callm((*s).decoder, "setstate", &[t.as_ptr()]);
    }
    Ok(none())
});

noargs!(nldecoder_reset, |op| {
    check_initialized(op)?;
    let s = nld(op);
    (*s).seennl = 0;
    (*s).pendingcr = 0;
    if (*s).decoder != object::none() {
        return callm((*s).decoder, "reset", &[]);
    }
    Ok(none())
});

/// The `newlines` value for a set of seen kinds.
unsafe fn newlines_value(seennl: u32) -> PyResult<Ref> {
    let names: Vec<&str> = [(SEEN_CR, "\r"), (SEEN_LF, "\n"), (SEEN_CRLF, "\r\n")]
        .iter()
        .filter(|(bit, _)| seennl & bit != 0)
        .map(|&(_, s)| s)
        .collect();
    match names.len() {
        0 => Ok(none()),
        1 => string(names[0]),
        _ => {
            let items: Vec<Ref> = names.iter().map(|s| string(s)).collect::<PyResult<_>>()?;
            tupleobject::from_refs(items)
        }
    }
}

getter!(nldecoder_newlines, |op| {
    check_initialized(op)?;
    newlines_value((*nld(op)).seennl)
});

/// Whether `op` is exactly an IncrementalNewlineDecoder (its state may be read directly).
pub(crate) unsafe fn is_exact_nldecoder(op: *mut PyObject) -> bool {
    object::py_type(op) == &raw mut PyIncrementalNewlineDecoder_Type
}

// =============================================================================================
// TextIOWrapper

#[repr(C)]
pub struct TextIOObject {
    pub ob_base: PyObject,
    pub ok: c_int,
    pub detached: c_int,
    pub chunk_size: Py_ssize_t,
    pub buffer: *mut PyObject,
    pub encoding: *mut PyObject,
    pub encoder: *mut PyObject,
    pub decoder: *mut PyObject,
    pub readnl: *mut PyObject,
    pub errors: *mut PyObject,
    /// What `\n` becomes on output (a str), NULL for no translation.
    pub writenl: *mut PyObject,
    pub line_buffering: u8,
    pub write_through: u8,
    pub readuniversal: u8,
    pub readtranslate: u8,
    pub writetranslate: u8,
    pub seekable: u8,
    pub has_read1: u8,
    pub telling: u8,
    pub finalizing: u8,
    /// The built-in encoder used instead of `encoder.encode` ([`EncodeFunc`] as u8).
    pub encodefunc: u8,
    pub encoding_start_of_stream: u8,
    /// Text decoded and not yet returned, and how much of it was used.
    pub decoded_chars: *mut PyObject,
    pub decoded_chars_used: Py_ssize_t,
    /// Encoded bytes waiting to be written.
    pub pending_bytes: Option<Box<Vec<u8>>>,
    /// `(dec_flags, next_input)` at the last point where the decoder buffer was empty, or NULL.
    pub snapshot: *mut PyObject,
    pub b2cratio: f64,
    /// The FileIO under an exact Buffered* buffer, for fast `closed` checks.
    pub raw: *mut PyObject,
    pub weakreflist: *mut PyObject,
    pub dict: *mut PyObject,
}

/// The codecs TextIOWrapper encodes without calling the incremental encoder (CPython's
/// `encodefuncs` table, by normalized codec name).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum EncodeFunc {
    None = 0,
    Ascii,
    Latin1,
    Utf8,
    Utf16Be,
    Utf16Le,
    Utf16,
    Utf32Be,
    Utf32Le,
    Utf32,
}

impl EncodeFunc {
    fn from_u8(v: u8) -> EncodeFunc {
        use EncodeFunc::*;
        [
            None, Ascii, Latin1, Utf8, Utf16Be, Utf16Le, Utf16, Utf32Be, Utf32Le, Utf32,
        ]
        .get(v as usize)
        .copied()
        .unwrap_or(None)
    }
    fn from_name(name: &str) -> EncodeFunc {
        use EncodeFunc::*;
        match name {
            "ascii" => Ascii,
            "iso8859-1" => Latin1,
            "utf-8" => Utf8,
            "utf-16-be" => Utf16Be,
            "utf-16-le" => Utf16Le,
            "utf-16" => Utf16,
            "utf-32-be" => Utf32Be,
            "utf-32-le" => Utf32Le,
            "utf-32" => Utf32,
            _ => None,
        }
    }
    fn ascii_compatible(self) -> bool {
        matches!(
            self,
            EncodeFunc::Ascii | EncodeFunc::Latin1 | EncodeFunc::Utf8
        )
    }
}

pub static mut PyTextIOWrapper_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(textio_dealloc),
    tp_repr: Some(textio_repr),
    tp_traverse: Some(textio_traverse),
    tp_clear: Some(textio_clear),
    tp_weaklistoffset: core::mem::offset_of!(TextIOObject, weakreflist) as Py_ssize_t,
    tp_dictoffset: core::mem::offset_of!(TextIOObject, dict) as Py_ssize_t,
    tp_iternext: Some(textio_iternext),
    tp_init: Some(textio_init),
    tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
    tp_new: Some(crate::objects::typeobject::PyType_GenericNew),
    tp_free: Some(crate::objects::typeobject::gc_del),
    tp_base: &raw mut super::iobase::PyTextIOBase_Type,
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io.TextIOWrapper",
        core::mem::size_of::<TextIOObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

unsafe fn prepare_wrapper_type() {
    use crate::abi::structmember::{READONLY, T_BOOL, T_OBJECT};
    PyTextIOWrapper_Type.tp_doc = docs::doc("TextIOWrapper");
    let mut t = Table::new("TextIOWrapper");
    t.noargs(c"detach", textio_detach)
        .fastkw(c"reconfigure", textio_reconfigure)
        .o(c"write", textio_write)
        .fast(c"read", textio_read)
        .fast(c"readline", textio_readline)
        .noargs(c"flush", textio_flush)
        .noargs(c"close", textio_close)
        .noargs(c"fileno", textio_fileno)
        .noargs(c"seekable", textio_seekable)
        .noargs(c"readable", textio_readable)
        .noargs(c"writable", textio_writable)
        .noargs(c"isatty", textio_isatty)
        .fast(c"seek", textio_seek)
        .noargs(c"tell", textio_tell)
        .fast(c"truncate", textio_truncate)
        .member(
            c"encoding",
            T_OBJECT,
            core::mem::offset_of!(TextIOObject, encoding),
            READONLY,
        )
        .member(
            c"buffer",
            T_OBJECT,
            core::mem::offset_of!(TextIOObject, buffer),
            READONLY,
        )
        .member(
            c"line_buffering",
            T_BOOL,
            core::mem::offset_of!(TextIOObject, line_buffering),
            READONLY,
        )
        .member(
            c"write_through",
            T_BOOL,
            core::mem::offset_of!(TextIOObject, write_through),
            READONLY,
        )
        .member(
            c"_finalizing",
            T_BOOL,
            core::mem::offset_of!(TextIOObject, finalizing),
            0,
        )
        .getset(c"name", textio_name_get, None)
        .getset(c"closed", textio_closed_get, None)
        .getset(c"newlines", textio_newlines_get, None)
        .getset(c"errors", textio_errors_get, None)
        .getset(
            c"_CHUNK_SIZE",
            textio_chunk_size_get,
            Some(textio_chunk_size_set),
        );
    t.install(&raw mut PyTextIOWrapper_Type);
}

#[inline]
unsafe fn tw(op: *mut PyObject) -> *mut TextIOObject {
    op as *mut TextIOObject
}

unsafe fn check_init(s: *mut TextIOObject) -> PyResult<()> {
    if (*s).ok <= 0 {
        return Err(errors::value_error("I/O operation on uninitialized object"));
    }
    Ok(())
}

/// `CHECK_ATTACHED`.
unsafe fn check_attached(s: *mut TextIOObject) -> PyResult<()> {
    check_init(s)?;
    if (*s).detached != 0 {
        return Err(errors::value_error("underlying buffer has been detached"));
    }
    Ok(())
}

/// `CHECK_CLOSED`: the cached FileIO's descriptor, `buffer.closed`, or (for subclasses)
/// `self.closed`.
unsafe fn check_closed_text(op: *mut PyObject) -> PyResult<()> {
    let s = tw(op);
    if object::py_type(op) == &raw mut PyTextIOWrapper_Type {
        let closed = if !(*s).raw.is_null() {
            (*((*s).raw as *mut super::fileio::FileIOObject)).fd < 0
        } else {
            let r = getattr((*s).buffer, "closed")?;
            object::is_true(r.as_ptr())?
        };
        if closed {
            return Err(closed_error());
        }
        Ok(())
    } else {
        super::iobase::check_closed(op)
    }
}

/// `validate_newline`.
fn validate_newline(newline: Option<&str>) -> PyResult<()> {
    match newline {
        None | Some("") | Some("\n") | Some("\r") | Some("\r\n") => Ok(()),
        Some(nl) => Err(errors::value_error(&format!("illegal newline value: {nl}"))),
    }
}

/// `set_newline`.
unsafe fn set_newline(s: *mut TextIOObject, newline: Option<&str>) -> PyResult<()> {
    let readnl = match newline {
        None => null_mut(),
        Some(n) => string(n)?.into_raw(),
    };
    object::replace_slot(&raw mut (*s).readnl, readnl);
    (*s).readuniversal = matches!(newline, None | Some("")) as u8;
    (*s).readtranslate = newline.is_none() as u8;
    (*s).writetranslate = (newline != Some("")) as u8;
    let writenl = match newline {
        Some(n) if !n.is_empty() && n != "\n" => nref((*s).readnl).into_raw(),
        _ => null_mut(),
    };
    object::replace_slot(&raw mut (*s).writenl, writenl);
    Ok(())
}

/// The locale encoding as a str (`_Py_GetLocaleEncodingObject`).
fn locale_encoding_object() -> PyResult<Ref> {
    string(&crate::modules::posixmodule::locale_encoding())
}

/// Whether the registry can look codecs up yet (a search function registered).
unsafe fn registry_ready() -> bool {
    let it = crate::lifecycle::pystate::current_interpreter();
    !(*it).codec_search_path.is_null()
        && crate::objects::listobject::len((*it).codec_search_path) > 0
}

/// `_PyCodec_LookupTextEncoding(encoding, "codecs.open()")`. Before any search function is
/// registered (early start-up, the runtime's own tests) the built-in UTF-8, Latin-1 and ASCII
/// codecs answer instead, through [`native_codec`].
unsafe fn lookup_codec(encoding: &str) -> PyResult<Ref> {
    if !registry_ready() {
        if let Some(info) = native_codec::codec_info(encoding)? {
            return Ok(info);
        }
    }
    crate::codecs::registry::lookup_text_encoding(encoding, "codecs.open()")
}

/// `_textiowrapper_set_decoder`: an incremental decoder when the buffer is readable (wrapped
/// in an IncrementalNewlineDecoder for universal newlines).
unsafe fn set_decoder(
    s: *mut TextIOObject,
    codec_info: *mut PyObject,
    errors_: &str,
) -> PyResult<()> {
    let r = callm((*s).buffer, "readable", &[])?;
    if !object::is_true(r.as_ptr())? {
        return Ok(());
    }
    let mut decoder =
        crate::codecs::registry::make_incremental(codec_info, Some(errors_), "incrementaldecoder")?;
    if (*s).readuniversal != 0 {
        decoder = new_nldecoder(decoder.as_ptr(), (*s).readtranslate != 0)?;
    }
    object::replace_slot(&raw mut (*s).decoder, decoder.into_raw());
    Ok(())
}

/// `_textiowrapper_set_encoder`: an incremental encoder when the buffer is writable, and the
/// built-in fast path for the codecs that have one.
unsafe fn set_encoder(
    s: *mut TextIOObject,
    codec_info: *mut PyObject,
    errors_: &str,
) -> PyResult<()> {
    let r = callm((*s).buffer, "writable", &[])?;
    if !object::is_true(r.as_ptr())? {
        return Ok(());
    }
    (*s).encodefunc = EncodeFunc::None as u8;
    let encoder =
        crate::codecs::registry::make_incremental(codec_info, Some(errors_), "incrementalencoder")?;
    object::replace_slot(&raw mut (*s).encoder, encoder.into_raw());
    if let Some(name) = lookup(codec_info, "name")? {
        if unicodeobject::is_str(name.as_ptr()) {
            let n = unicodeobject::to_string_lossy(name.as_ptr());
            (*s).encodefunc = EncodeFunc::from_name(&n) as u8;
        }
    }
    Ok(())
}

/// `_textiowrapper_fix_encoder_state`: not at the start of a seekable stream, the encoder
/// must not write a BOM.
unsafe fn fix_encoder_state(s: *mut TextIOObject) -> PyResult<()> {
    if (*s).seekable == 0 || (*s).encoder.is_null() {
        return Ok(());
    }
    (*s).encoding_start_of_stream = 1;
    let cookie = callm((*s).buffer, "tell", &[])?;
    let zero = int(0)?;
    if !object::rich_compare_bool(cookie.as_ptr(), zero.as_ptr(), object::Py_EQ)? {
        (*s).encoding_start_of_stream = 0;
        callm((*s).encoder, "setstate", &[zero.as_ptr()])?;
    }
    Ok(())
}

/// `io_check_errors`: in development mode, the error handler must exist.
unsafe fn check_errors_name(errors_: *mut PyObject) -> PyResult<()> {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if (*interp).config.dev_mode == 0 || !registry_ready() {
        return Ok(());
    }
    let b = unicodeobject::as_utf8(errors_)?;
    if b.contains(&0) {
        return Err(errors::value_error("embedded null character in errors"));
    }
    crate::codecs::registry::lookup_error(&String::from_utf8_lossy(b))?;
    Ok(())
}

static TEXTIO_INIT_SIG: crate::modules::posixmodule::args::Sig =
    crate::modules::posixmodule::args::Sig {
        name: "TextIOWrapper",
        params: &[
            "buffer",
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        posonly: 0,
        maxpos: 6,
        required: 1,
    };

unsafe extern "C" fn textio_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| -> PyResult<()> {
        let a = bind_tuple(&TEXTIO_INIT_SIG, args, kwds)?;
        let encoding = opt_str_arg("TextIOWrapper", "argument 'encoding'", a[1])?;
        let errors_obj = if a[2].is_null() { object::none() } else { a[2] };
        let newline = opt_str_arg("TextIOWrapper", "argument 'newline'", a[3])?;
        let line_buffering = if a[4].is_null() {
            false
        } else {
            int_arg(a[4])? != 0
        };
        let write_through = if a[5].is_null() {
            false
        } else {
            int_arg(a[5])? != 0
        };
        init_impl(
            op,
            a[0],
            encoding,
            errors_obj,
            newline,
            line_buffering,
            write_through,
        )
    })())
}

unsafe fn init_impl(
    op: *mut PyObject,
    buffer: *mut PyObject,
    encoding: Option<String>,
    errors_obj: *mut PyObject,
    newline: Option<String>,
    line_buffering: bool,
    write_through: bool,
) -> PyResult<()> {
    let s = tw(op);
    (*s).ok = 0;
    (*s).detached = 0;
    if encoding.is_none() {
        let interp = crate::lifecycle::pystate::current_interpreter();
        if (*interp).config.warn_default_encoding != 0 {
            crate::modules::warnings::warn(
                PyExc_EncodingWarning,
                "'encoding' argument not specified",
                1,
            )?;
        }
    }
    let errors_obj = if errors_obj == object::none() {
        id("strict")
    } else if !unicodeobject::is_str(errors_obj) {
        return Err(errors::type_error(&format!(
            "TextIOWrapper() argument 'errors' must be str or None, not {}",
            object::type_name_trunc(object::py_type(errors_obj), 50)
        )));
    } else {
        check_errors_name(errors_obj)?;
        errors_obj
    };
    validate_newline(newline.as_deref())?;
    for slot in [
        &raw mut (*s).buffer,
        &raw mut (*s).encoding,
        &raw mut (*s).encoder,
        &raw mut (*s).decoder,
        &raw mut (*s).readnl,
        &raw mut (*s).decoded_chars,
        &raw mut (*s).snapshot,
        &raw mut (*s).errors,
        &raw mut (*s).raw,
    ] {
        object::replace_slot(slot, null_mut());
    }
    (*s).pending_bytes = None;
    (*s).decoded_chars_used = 0;
    (*s).encodefunc = EncodeFunc::None as u8;
    (*s).b2cratio = 0.0;
    let utf8_mode = (*crate::lifecycle::pyruntime::runtime())
        .preconfig
        .utf8_mode
        > 0;
    let enc_obj = match encoding.as_deref() {
        None if utf8_mode => string("utf-8")?,
        None | Some("locale") => locale_encoding_object()?,
        Some(e) => string(e)?,
    };
    let enc_text = unicodeobject::to_string_lossy(enc_obj.as_ptr());
    let codec_info = lookup_codec(&enc_text)?;
    (*s).encoding = enc_obj.into_raw();
    (*s).errors = nref(errors_obj).into_raw();
    (*s).chunk_size = 8192;
    (*s).line_buffering = line_buffering as u8;
    (*s).write_through = write_through as u8;
    set_newline(s, newline.as_deref())?;
    (*s).buffer = nref(buffer).into_raw();
    let errs = unicodeobject::to_string_lossy(errors_obj);
    set_decoder(s, codec_info.as_ptr(), &errs)?;
    set_encoder(s, codec_info.as_ptr(), &errs)?;
    let bt = object::py_type(buffer);
    if bt == &raw mut super::bufferedio::PyBufferedReader_Type
        || bt == &raw mut super::bufferedio::PyBufferedWriter_Type
        || bt == &raw mut super::bufferedio::PyBufferedRandom_Type
    {
        if let Some(raw) = lookup(buffer, "raw")? {
            if object::py_type(raw.as_ptr()) == &raw mut super::fileio::PyFileIO_Type {
                (*s).raw = raw.into_raw();
            }
        }
    }
    let r = callm(buffer, "seekable", &[])?;
    let seekable = object::is_true(r.as_ptr())?;
    (*s).seekable = seekable as u8;
    (*s).telling = seekable as u8;
    (*s).has_read1 = lookup(buffer, "read1")?.is_some() as u8;
    (*s).encoding_start_of_stream = 0;
    fix_encoder_state(s)?;
    (*s).ok = 1;
    Ok(())
}

unsafe extern "C" fn textio_clear(op: *mut PyObject) -> c_int {
    let s = tw(op);
    (*s).ok = 0;
    for slot in [
        &raw mut (*s).buffer,
        &raw mut (*s).encoding,
        &raw mut (*s).encoder,
        &raw mut (*s).decoder,
        &raw mut (*s).readnl,
        &raw mut (*s).writenl,
        &raw mut (*s).decoded_chars,
        &raw mut (*s).snapshot,
        &raw mut (*s).errors,
        &raw mut (*s).raw,
        &raw mut (*s).dict,
    ] {
        object::replace_slot(slot, null_mut());
    }
    (*s).pending_bytes = None;
    0
}

unsafe extern "C" fn textio_dealloc(op: *mut PyObject) {
    let s = tw(op);
    (*s).finalizing = 1;
    if !super::iobase::finalize_from_dealloc(op) {
        return;
    }
    (*s).ok = 0;
    crate::mem::gc::untrack(op);
    if !(*s).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    textio_clear(op);
    super::iobase::free_object(op);
}

unsafe extern "C" fn textio_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let s = tw(op);
    let Some(v) = visit else { return 0 };
    for p in [
        (*s).buffer,
        (*s).encoding,
        (*s).encoder,
        (*s).decoder,
        (*s).readnl,
        (*s).decoded_chars,
        (*s).snapshot,
        (*s).errors,
        (*s).raw,
        (*s).dict,
    ] {
        if !p.is_null() {
            let r = v(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// `convert_optional_bool`.
unsafe fn optional_bool(o: *mut PyObject, default: bool) -> PyResult<bool> {
    if o.is_null() || o == object::none() {
        return Ok(default);
    }
    Ok(longobject::as_i64(o)? != 0)
}

/// `textiowrapper_change_encoding`.
unsafe fn change_encoding(
    s: *mut TextIOObject,
    encoding: *mut PyObject,
    errors_obj: *mut PyObject,
    newline_changed: bool,
) -> PyResult<()> {
    let nil = object::none();
    if encoding == nil && errors_obj == nil && !newline_changed {
        return Ok(());
    }
    let (encoding, errors_obj) = if encoding == nil {
        (
            nref((*s).encoding),
            if errors_obj == nil {
                nref((*s).errors)
            } else {
                nref(errors_obj)
            },
        )
    } else {
        let e = if unicodeobject::is_str(encoding) && unicodeobject::eq_str(encoding, "locale") {
            locale_encoding_object()?
        } else {
            nref(encoding)
        };
        (
            e,
            if errors_obj == nil {
                nref(id("strict"))
            } else {
                nref(errors_obj)
            },
        )
    };
    let errs = String::from_utf8_lossy(unicodeobject::as_utf8(errors_obj.as_ptr())?).into_owned();
    let enc_text = String::from_utf8_lossy(unicodeobject::as_utf8(encoding.as_ptr())?).into_owned();
    let codec_info = lookup_codec(&enc_text)?;
    set_decoder(s, codec_info.as_ptr(), &errs)?;
    set_encoder(s, codec_info.as_ptr(), &errs)?;
    object::replace_slot(&raw mut (*s).encoding, encoding.into_raw());
    object::replace_slot(&raw mut (*s).errors, errors_obj.into_raw());
    fix_encoder_state(s)
}

static RECONFIGURE_SIG: crate::modules::posixmodule::args::Sig =
    crate::modules::posixmodule::args::Sig {
        name: "reconfigure",
        params: &[
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        posonly: 0,
        maxpos: 0,
        required: 0,
    };

fastkw!(textio_reconfigure, RECONFIGURE_SIG, |op, a| {
    let s = tw(op);
    let nil = object::none();
    let encoding = if a[0].is_null() { nil } else { a[0] };
    let errors_obj = if a[1].is_null() { nil } else { a[1] };
    let newline_obj = a[2];
    if !(*s).decoded_chars.is_null()
        && (encoding != nil || errors_obj != nil || !newline_obj.is_null())
    {
        return Err(unsupported(
            "It is not possible to set the encoding or newline of stream after the first read",
        ));
    }
    let mut newline: Option<String> = None;
    if !newline_obj.is_null() && newline_obj != nil {
        let n = String::from_utf8_lossy(unicodeobject::as_utf8(newline_obj)?).into_owned();
        validate_newline(Some(&n))?;
        newline = Some(n);
    }
    let line_buffering = optional_bool(a[3], (*s).line_buffering != 0)?;
    let write_through = optional_bool(a[4], (*s).write_through != 0)?;
    callm(op, "flush", &[])?;
    (*s).b2cratio = 0.0;
    if !newline_obj.is_null() {
        set_newline(s, newline.as_deref())?;
    }
    change_encoding(s, encoding, errors_obj, !newline_obj.is_null())?;
    (*s).line_buffering = line_buffering as u8;
    (*s).write_through = write_through as u8;
    Ok(none())
});

noargs!(textio_detach, |op| {
    let s = tw(op);
    check_attached(s)?;
    callm(op, "flush", &[])?;
    let buffer = (*s).buffer;
    (*s).buffer = null_mut();
    (*s).detached = 1;
    Ok(Ref::from_raw(buffer))
});

/// `_textiowrapper_writeflush`: writes the pending bytes to the buffer.
unsafe fn writeflush(s: *mut TextIOObject) -> PyResult<()> {
    let Some(pending) = (*s).pending_bytes.take() else {
        return Ok(());
    };
    let b = bytes(&pending)?;
    loop {
        match callm((*s).buffer, "write", &[b.as_ptr()]) {
            Ok(_) => return Ok(()),
            Err(e) => {
                if trap_eintr() {
                    continue;
                }
                return Err(e);
            }
        }
    }
}

/// Encodes `text` with the built-in codec `f` (the fast path of `write`).
unsafe fn encode_fast(
    s: *mut TextIOObject,
    f: EncodeFunc,
    text: *mut PyObject,
) -> PyResult<Vec<u8>> {
    let name = match f {
        EncodeFunc::Ascii => "ascii",
        EncodeFunc::Latin1 => "latin-1",
        EncodeFunc::Utf8 => "utf-8",
        EncodeFunc::Utf16Be => "utf-16-be",
        EncodeFunc::Utf16Le => "utf-16-le",
        // Past the start of the stream, no BOM: native byte order.
        EncodeFunc::Utf16 if (*s).encoding_start_of_stream == 0 => "utf-16-le",
        EncodeFunc::Utf16 => "utf-16",
        EncodeFunc::Utf32Be => "utf-32-be",
        EncodeFunc::Utf32Le => "utf-32-le",
        EncodeFunc::Utf32 if (*s).encoding_start_of_stream == 0 => "utf-32-le",
        EncodeFunc::Utf32 => "utf-32",
        EncodeFunc::None => unreachable!("no fast encoder"),
    };
    let errs = unicodeobject::to_string_lossy((*s).errors);
    match crate::codecs::encode_builtin(text, name, Some(&errs)) {
        Some(r) => r,
        None => Err(errors::system_error("built-in codec missing")),
    }
}

meth_o!(textio_write, |op, text| {
    if !unicodeobject::is_str(text) {
        return Err(bad_argument("write", "argument", "str", text));
    }
    let s = tw(op);
    check_attached(s)?;
    check_closed_text(op)?;
    if (*s).encoder.is_null() {
        return Err(unsupported("not writable"));
    }
    let textlen = unicodeobject::length(text);
    let mut text = nref(text);
    let lf = '\n' as u32;
    let mut haslf = false;
    if ((*s).writetranslate != 0 && !(*s).writenl.is_null()) || (*s).line_buffering != 0 {
        haslf = str_contains(text.as_ptr(), lf);
    }
    if haslf && (*s).writetranslate != 0 && !(*s).writenl.is_null() {
        let nl = string("\n")?;
        text = unicodeobject::replace(text.as_ptr(), nl.as_ptr(), (*s).writenl, -1)?;
    }
    let text_needflush = (*s).write_through != 0;
    let needflush = (*s).line_buffering != 0 && (haslf || str_contains(text.as_ptr(), '\r' as u32));
    let f = EncodeFunc::from_u8((*s).encodefunc);
    let encoded: Vec<u8> = if f != EncodeFunc::None {
        let ascii = unicodeobject::max_char(text.as_ptr()) < 0x80;
        let b = if ascii
            && unicodeobject::length(text.as_ptr()) <= (*s).chunk_size
            && f.ascii_compatible()
        {
            unicodeobject::as_utf8(text.as_ptr())?.to_vec()
        } else {
            encode_fast(s, f, text.as_ptr())?
        };
        (*s).encoding_start_of_stream = 0;
        b
    } else {
        let b = callm((*s).encoder, "encode", &[text.as_ptr()])?;
        if !bytesobject::is_bytes(b.as_ptr()) {
            return Err(errors::type_error(&format!(
                "encoder should return a bytes object, not '{}'",
                object::type_name_trunc(b.ob_type(), 200)
            )));
        }
        bytesobject::as_slice(b.as_ptr()).to_vec()
    };
    drop(text);
    let pending_len = (*s).pending_bytes.as_ref().map_or(0, |p| p.len());
    if (*s).pending_bytes.is_some() && pending_len + encoded.len() > (*s).chunk_size as usize {
        // Don't let the pending data grow past one chunk.
        writeflush(s)?;
    }
    match (*s).pending_bytes.as_deref_mut() {
        Some(p) => p.extend_from_slice(&encoded),
        None => (*s).pending_bytes = Some(Box::new(encoded)),
    }
    let pending_len = (*s).pending_bytes.as_ref().map_or(0, |p| p.len());
    if pending_len >= (*s).chunk_size as usize || needflush || text_needflush {
        writeflush(s)?;
    }
    if needflush {
        callm((*s).buffer, "flush", &[])?;
    }
    set_decoded_chars(s, None);
    object::replace_slot(&raw mut (*s).snapshot, null_mut());
    if !(*s).decoder.is_null() {
        callm((*s).decoder, "reset", &[])?;
    }
    int(textlen as i64)
});

unsafe fn set_decoded_chars(s: *mut TextIOObject, chars: Option<Ref>) {
    object::replace_slot(
        &raw mut (*s).decoded_chars,
        chars.map_or(null_mut(), |c| c.into_raw()),
    );
    (*s).decoded_chars_used = 0;
}

/// `textiowrapper_get_decoded_chars`: up to `n` (all when negative) unused decoded chars.
unsafe fn get_decoded_chars(s: *mut TextIOObject, n: isize) -> PyResult<Ref> {
    let dc = (*s).decoded_chars;
    if dc.is_null() {
        return string("");
    }
    let avail = unicodeobject::length(dc) - (*s).decoded_chars_used;
    let n = if n < 0 || n > avail { avail } else { n };
    let chars = if (*s).decoded_chars_used > 0 || n < avail {
        let start = (*s).decoded_chars_used as usize;
        unicodeobject::substring(dc, start, start + n as usize)?
    } else {
        nref(dc)
    };
    (*s).decoded_chars_used += n;
    Ok(chars)
}

/// `_textiowrapper_decode`.
unsafe fn decode(decoder: *mut PyObject, input: *mut PyObject, eof: bool) -> PyResult<Ref> {
    if is_exact_nldecoder(decoder) {
        return nldecoder_decode(decoder, input, eof);
    }
    let f = boolean(eof);
    check_decoded(callm(decoder, "decode", &[input, f.as_ptr()])?)
}

/// Parses a decoder state `(bytes, flags)`.
unsafe fn parse_decoder_state(state: &Ref) -> PyResult<(Ref, Ref)> {
    if !tupleobject::check(state.as_ptr()) {
        return Err(errors::type_error("illegal decoder state"));
    }
    if tupleobject::len(state.as_ptr()) != 2 {
        return Err(errors::type_error("illegal decoder state"));
    }
    let items = tupleobject::items(state.as_ptr());
    let (buf, flags) = (nref(*items), nref(*items.add(1)));
    if !bytesobject::is_bytes(buf.as_ptr()) {
        return Err(errors::type_error(&format!(
            "illegal decoder state: the first item should be a bytes object, not '{}'",
            object::type_name_trunc(buf.ob_type(), 200)
        )));
    }
    Ok((buf, flags))
}

/// `textiowrapper_read_chunk`: reads and decodes the next chunk; false at EOF. With
/// `telling`, records the snapshot (decoder flags, input since the last clean point).
unsafe fn read_chunk(s: *mut TextIOObject, mut size_hint: isize) -> PyResult<bool> {
    if (*s).decoder.is_null() {
        return Err(unsupported("not readable"));
    }
    let mut dec_state: Option<(Ref, Ref)> = None;
    if (*s).telling != 0 {
        let state = callm((*s).decoder, "getstate", &[])?;
        dec_state = Some(parse_decoder_state(&state)?);
    }
    if size_hint > 0 {
        size_hint = ((*s).b2cratio.max(1.0) * size_hint as f64) as isize;
    }
    let chunk_size = int((*s).chunk_size.max(size_hint) as i64)?;
    let meth = if (*s).has_read1 != 0 { "read1" } else { "read" };
    let input_chunk = callm((*s).buffer, meth, &[chunk_size.as_ptr()])?;
    let nbytes = match super::ro_buffer("read", input_chunk.as_ptr()) {
        Ok(b) => b.len(),
        Err(_) => {
            errors::clear();
            return Err(errors::type_error(&format!(
                "underlying {meth}() should have returned a bytes-like object, not '{}'",
                object::type_name_trunc(input_chunk.ob_type(), 200)
            )));
        }
    };
    let mut eof = nbytes == 0;
    let decoded = decode((*s).decoder, input_chunk.as_ptr(), eof)?;
    let nchars = unicodeobject::length(decoded.as_ptr());
    set_decoded_chars(s, Some(decoded));
    (*s).b2cratio = if nchars > 0 {
        nbytes as f64 / nchars as f64
    } else {
        0.0
    };
    if nchars > 0 {
        eof = false;
    }
    if let Some((dec_buffer, dec_flags)) = dec_state {
        let chunk = super::ro_buffer("read", input_chunk.as_ptr())?;
        let mut next = bytesobject::as_slice(dec_buffer.as_ptr()).to_vec();
        next.extend_from_slice(chunk.as_slice());
        let next_input = bytes(&next)?;
        let snap = tupleobject::pack(&[dec_flags.as_ptr(), next_input.as_ptr()])?;
        object::replace_slot(&raw mut (*s).snapshot, snap.into_raw());
    }
    Ok(!eof)
}

fast!(textio_read, "read", 0, 1, |op, a| {
    let s = tw(op);
    let n = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    check_attached(s)?;
    check_closed_text(op)?;
    if (*s).decoder.is_null() {
        return Err(unsupported("not readable"));
    }
    writeflush(s)?;
    if n < 0 {
        let b = callm((*s).buffer, "read", &[])?;
        let decoded = decode((*s).decoder, b.as_ptr(), true)?;
        let result = get_decoded_chars(s, -1)?;
        let result = unicodeobject::concat(result.as_ptr(), decoded.as_ptr())?;
        set_decoded_chars(s, None);
        object::replace_slot(&raw mut (*s).snapshot, null_mut());
        return Ok(result);
    }
    let mut result = get_decoded_chars(s, n)?;
    let mut remaining = n - unicodeobject::length(result.as_ptr());
    let mut chunks: Vec<Ref> = Vec::new();
    while remaining > 0 {
        match read_chunk(s, remaining) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                if trap_eintr() {
                    continue;
                }
                return Err(e);
            }
        }
        if unicodeobject::length(result.as_ptr()) > 0 {
            chunks.push(result);
        }
        result = get_decoded_chars(s, remaining)?;
        remaining -= unicodeobject::length(result.as_ptr());
    }
    if !chunks.is_empty() {
        chunks.push(result);
        let ptrs: Vec<*mut PyObject> = chunks.iter().map(|c| c.as_ptr()).collect();
        let empty = string("")?;
        return unicodeobject::join(empty.as_ptr(), &ptrs);
    }
    Ok(result)
});

/// `_textiowrapper_readline`: scans the decoded text in place, keeping the pieces of a line
/// that spans chunks, and a possible line start (`\r`) for the next chunk.
unsafe fn readline(op: *mut PyObject, limit: isize) -> PyResult<Ref> {
    let s = tw(op);
    check_closed_text(op)?;
    writeflush(s)?;
    let readnl = if (*s).readnl.is_null() {
        Vec::new()
    } else {
        to_ucs4((*s).readnl)
    };
    let mut chunks: Vec<Ref> = Vec::new();
    let mut chunked: isize = 0;
    let mut remaining: Option<Ref> = None;
    let join = |mut chunks: Vec<Ref>, last: Option<Ref>| -> PyResult<Ref> {
        if let Some(l) = last {
            if chunks.is_empty() {
                return Ok(l);
            }
            chunks.push(l);
        }
        let ptrs: Vec<*mut PyObject> = chunks.iter().map(|c| c.as_ptr()).collect();
        let empty = string("")?;
        unicodeobject::join(empty.as_ptr(), &ptrs)
    };
    loop {
        // Get some data if necessary.
        let mut more = true;
        while (*s).decoded_chars.is_null() || unicodeobject::length((*s).decoded_chars) == 0 {
            match read_chunk(s, 0) {
                Ok(true) => {}
                Ok(false) => {
                    more = false;
                    break;
                }
                Err(e) => {
                    if trap_eintr() {
                        continue;
                    }
                    return Err(e);
                }
            }
        }
        if !more {
            // End of file.
            set_decoded_chars(s, None);
            object::replace_slot(&raw mut (*s).snapshot, null_mut());
            if let Some(r) = remaining.take() {
                chunks.push(r);
            }
            return join(chunks, None);
        }
        let (line, start, offset_to_buffer) = match remaining.take() {
            None => (
                nref((*s).decoded_chars),
                (*s).decoded_chars_used as usize,
                0usize,
            ),
            Some(r) => {
                let off = unicodeobject::length(r.as_ptr()) as usize;
                (
                    unicodeobject::concat(r.as_ptr(), (*s).decoded_chars)?,
                    0,
                    off,
                )
            }
        };
        let line_len = unicodeobject::length(line.as_ptr()) as usize;
        let (data, kind) = unicodeobject::data_and_kind(line.as_ptr());
        let found = find_line_ending_by(
            (*s).readtranslate != 0,
            (*s).readuniversal != 0,
            &readnl,
            line_len - start,
            |i| unicodeobject::read_char(data, kind, start + i),
        );
        let endpos = match found {
            Ok(e) => {
                let e = e + start;
                if limit >= 0 && (e - start) as isize + chunked >= limit {
                    start + (limit - chunked) as usize
                } else {
                    e
                }
            }
            Err(consumed) => {
                let e = consumed + start;
                if limit >= 0 && (e - start) as isize + chunked >= limit {
                    // No line ending yet, but the length limit is reached.
                    start + (limit - chunked) as usize
                } else {
                    if e > start {
                        chunks.push(unicodeobject::substring(line.as_ptr(), start, e)?);
                        chunked += (e - start) as isize;
                    }
                    if e < line_len {
                        remaining = Some(unicodeobject::substring(line.as_ptr(), e, line_len)?);
                    }
                    set_decoded_chars(s, None);
                    continue;
                }
            }
        };
        // The line ends in the current buffer.
        (*s).decoded_chars_used = endpos as isize - offset_to_buffer as isize;
        let piece = if start > 0 || endpos < line_len {
            unicodeobject::substring(line.as_ptr(), start, endpos)?
        } else {
            line
        };
        return join(chunks, Some(piece));
    }
}

fast!(textio_readline, "readline", 0, 1, |op, a| {
    let size = if a.is_empty() { -1 } else { ssize_arg(a[0])? };
    check_attached(tw(op))?;
    readline(op, size)
});

unsafe extern "C" fn textio_iternext(op: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Option<Ref>> {
        let s = tw(op);
        check_attached(s)?;
        (*s).telling = 0;
        let line = if object::py_type(op) == &raw mut PyTextIOWrapper_Type {
            readline(op, -1)?
        } else {
            let line = callm(op, "readline", &[])?;
            if !unicodeobject::is_str(line.as_ptr()) {
                return Err(errors::set_string(
                    PyExc_OSError,
                    &format!(
                        "readline() should have returned a str object, not '{}'",
                        object::type_name_trunc(line.ob_type(), 200)
                    ),
                ));
            }
            line
        };
        if unicodeobject::length(line.as_ptr()) == 0 {
            object::replace_slot(&raw mut (*s).snapshot, null_mut());
            (*s).telling = (*s).seekable;
            return Ok(None);
        }
        Ok(Some(line))
    })();
    match r {
        Ok(Some(l)) => l.into_raw(),
        _ => null_mut(),
    }
}

// ---- tell / seek cookies ----

/// The decoder position a tell() cookie names: a clean start point in the byte stream, the
/// decoder flags there, and how many bytes/chars to replay from it.
#[derive(Default, Clone, Copy)]
struct Cookie {
    start_pos: i64,
    dec_flags: i32,
    bytes_to_feed: i32,
    chars_to_skip: i32,
    need_eof: u8,
}

const COOKIE_BUF_LEN: usize = 8 + 3 * 4 + 1;

impl Cookie {
    /// The cookie as an int: the fields laid out little-endian, start_pos lowest.
    fn build(&self) -> PyResult<Ref> {
        let mut b = [0u8; COOKIE_BUF_LEN];
        b[0..8].copy_from_slice(&self.start_pos.to_le_bytes());
        b[8..12].copy_from_slice(&self.dec_flags.to_le_bytes());
        b[12..16].copy_from_slice(&self.bytes_to_feed.to_le_bytes());
        b[16..20].copy_from_slice(&self.chars_to_skip.to_le_bytes());
        b[20] = self.need_eof;
        longobject::from_byte_array(&b, true, false)
    }

    unsafe fn parse(obj: *mut PyObject) -> PyResult<Cookie> {
        let l = crate::objects::r#abstract::number::long(obj)?;
        let mut b = [0u8; COOKIE_BUF_LEN];
        longobject::as_byte_array(l.as_ptr(), &mut b, true, false)?;
        let i32_at = |o: usize| i32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
        Ok(Cookie {
            start_pos: i64::from_le_bytes(b[0..8].try_into().unwrap()),
            dec_flags: i32_at(8),
            bytes_to_feed: i32_at(12),
            chars_to_skip: i32_at(16),
            need_eof: b[20],
        })
    }
}

/// `_textiowrapper_decoder_setstate`: `reset()` at the very start (a BOM may be expected),
/// else `setstate((b"", dec_flags))`.
unsafe fn decoder_setstate(s: *mut TextIOObject, c: &Cookie) -> PyResult<()> {
    if c.start_pos == 0 && c.dec_flags == 0 {
        callm((*s).decoder, "reset", &[])?;
    } else {
        let (e, f) = (bytes(b"")?, int(c.dec_flags as i64)?);
        let st = tupleobject::pack(&[e.as_ptr(), f.as_ptr()])?;
        callm((*s).decoder, "setstate", &[st.as_ptr()])?;
    }
    Ok(())
}

/// `_textiowrapper_encoder_reset`.
unsafe fn encoder_reset(s: *mut TextIOObject, start_of_stream: bool) -> PyResult<()> {
    if start_of_stream {
        callm((*s).encoder, "reset", &[])?;
        (*s).encoding_start_of_stream = 1;
    } else {
        let zero = int(0)?;
        callm((*s).encoder, "setstate", &[zero.as_ptr()])?;
        (*s).encoding_start_of_stream = 0;
    }
    Ok(())
}

fast!(textio_seek, "seek", 1, 2, |op, a| {
    let s = tw(op);
    let whence = if a.len() > 1 { int_arg(a[1])? } else { 0 };
    check_attached(s)?;
    check_closed_text(op)?;
    let mut cookie_obj = nref(a[0]);
    if (*s).seekable == 0 {
        return Err(unsupported("underlying stream is not seekable"));
    }
    let zero = int(0)?;
    match whence {
        1 => {
            if !object::rich_compare_bool(cookie_obj.as_ptr(), zero.as_ptr(), object::Py_EQ)? {
                return Err(unsupported("can't do nonzero cur-relative seeks"));
            }
            // Seeking to the current position syncs the buffer with it.
            cookie_obj = callm(op, "tell", &[])?;
        }
        2 => {
            if !object::rich_compare_bool(cookie_obj.as_ptr(), zero.as_ptr(), object::Py_EQ)? {
                return Err(unsupported("can't do nonzero end-relative seeks"));
            }
            callm(op, "flush", &[])?;
            set_decoded_chars(s, None);
            object::replace_slot(&raw mut (*s).snapshot, null_mut());
            if !(*s).decoder.is_null() {
                callm((*s).decoder, "reset", &[])?;
            }
            let two = int(2)?;
            let res = callm((*s).buffer, "seek", &[zero.as_ptr(), two.as_ptr()])?;
            if !(*s).encoder.is_null() {
                let at_start =
                    object::rich_compare_bool(res.as_ptr(), zero.as_ptr(), object::Py_EQ)?;
                encoder_reset(s, at_start)?;
            }
            return Ok(res);
        }
        0 => {}
        _ => {
            return Err(errors::value_error(&format!(
                "invalid whence ({whence}, should be 0, 1 or 2)"
            )))
        }
    }
    if object::rich_compare_bool(cookie_obj.as_ptr(), zero.as_ptr(), object::Py_LT)? {
        let r = object::repr(cookie_obj.as_ptr())?;
        return Err(errors::value_error(&format!(
            "negative seek position {}",
            object::str_text(r.as_ptr())
        )));
    }
    callm(op, "flush", &[])?;
    // Go back to the clean start point and replay read(chars_to_skip) from there.
    let cookie = Cookie::parse(cookie_obj.as_ptr())?;
    let pos = int(cookie.start_pos)?;
    callm((*s).buffer, "seek", &[pos.as_ptr()])?;
    set_decoded_chars(s, None);
    object::replace_slot(&raw mut (*s).snapshot, null_mut());
    if !(*s).decoder.is_null() {
        decoder_setstate(s, &cookie)?;
    }
    let flags = int(cookie.dec_flags as i64)?;
    if cookie.chars_to_skip != 0 {
        let n = int(cookie.bytes_to_feed as i64)?;
        let input_chunk = callm((*s).buffer, "read", &[n.as_ptr()])?;
        if !bytesobject::is_bytes(input_chunk.as_ptr()) {
            return Err(errors::type_error(&format!(
                "underlying read() should have returned a bytes object, not '{}'",
                object::type_name_trunc(input_chunk.ob_type(), 200)
            )));
        }
        let snap = tupleobject::pack(&[flags.as_ptr(), input_chunk.as_ptr()])?;
        object::replace_slot(&raw mut (*s).snapshot, snap.into_raw());
        let eof = boolean(cookie.need_eof != 0);
        let decoded = check_decoded(callm(
            (*s).decoder,
            "decode",
            &[input_chunk.as_ptr(), eof.as_ptr()],
        )?)?;
        let len = unicodeobject::length(decoded.as_ptr());
        set_decoded_chars(s, Some(decoded));
        if len < cookie.chars_to_skip as isize {
            return Err(errors::set_string(
                PyExc_OSError,
                "can't restore logical file position",
            ));
        }
        (*s).decoded_chars_used = cookie.chars_to_skip as isize;
    } else {
        let e = bytes(b"")?;
        let snap = tupleobject::pack(&[flags.as_ptr(), e.as_ptr()])?;
        object::replace_slot(&raw mut (*s).snapshot, snap.into_raw());
    }
    // Reset the encoder (for proper BOM handling).
    if !(*s).encoder.is_null() {
        encoder_reset(s, cookie.start_pos == 0 && cookie.dec_flags == 0)?;
    }
    Ok(cookie_obj)
});

/// `decoder.getstate()` as `(len(buffer), flags)`.
unsafe fn decoder_getstate(s: *mut TextIOObject) -> PyResult<(usize, i32)> {
    let state = callm((*s).decoder, "getstate", &[])?;
    let (buf, flags) = parse_decoder_state(&state)?;
    Ok((
        bytesobject::size(buf.as_ptr()),
        longobject::as_c_int(flags.as_ptr())?,
    ))
}

/// `decoder.decode(data)` (not final): the number of characters produced.
unsafe fn decoder_decode_len(s: *mut TextIOObject, data: &[u8]) -> PyResult<isize> {
    let b = bytes(data)?;
    let d = check_decoded(callm((*s).decoder, "decode", &[b.as_ptr()])?)?;
    Ok(unicodeobject::length(d.as_ptr()))
}

noargs!(textio_tell, |op| {
    let s = tw(op);
    check_attached(s)?;
    check_closed_text(op)?;
    if (*s).seekable == 0 {
        return Err(unsupported("underlying stream is not seekable"));
    }
    if (*s).telling == 0 {
        return Err(errors::set_string(
            PyExc_OSError,
            "telling position disabled by next() call",
        ));
    }
    writeflush(s)?;
    callm(op, "flush", &[])?;
    let posobj = callm((*s).buffer, "tell", &[])?;
    if (*s).decoder.is_null() || (*s).snapshot.is_null() {
        return Ok(posobj);
    }
    let mut cookie = Cookie {
        start_pos: longobject::as_i64(posobj.as_ptr())?,
        ..Default::default()
    };
    // Back to the snapshot point (see read_chunk).
    let snap = (*s).snapshot;
    let items = tupleobject::items(snap);
    cookie.dec_flags = longobject::as_c_int(*items)?;
    let next_input = nref(*items.add(1));
    let input = bytesobject::as_slice(next_input.as_ptr()).to_vec();
    cookie.start_pos -= input.len() as i64;
    if (*s).decoded_chars_used == 0 {
        // Not moved since the snapshot point.
        return cookie.build();
    }
    let mut chars_to_skip = (*s).decoded_chars_used;
    // The decoder state is restored at the end.
    let saved_state = callm((*s).decoder, "getstate", &[])?;
    let r = (|| -> PyResult<Cookie> {
        // Fast search for an acceptable start point close to the current position.
        let mut skip_bytes = ((*s).b2cratio * chars_to_skip as f64) as isize;
        let mut skip_back: isize = 1;
        while skip_bytes > 0 {
            decoder_setstate(s, &cookie)?;
            let end = (skip_bytes as usize).min(input.len());
            let chars_decoded = decoder_decode_len(s, &input[..end])?;
            if chars_decoded <= chars_to_skip {
                let (buffered, flags) = decoder_getstate(s)?;
                if buffered == 0 {
                    // Before the position with nothing buffered: a clean point.
                    cookie.dec_flags = flags;
                    chars_to_skip -= chars_decoded;
                    break;
                }
                skip_bytes -= buffered as isize;
                skip_back = 1;
            } else {
                // Too far ahead: back off, faster each time.
                skip_bytes -= skip_back;
                skip_back *= 2;
            }
        }
        if skip_bytes <= 0 {
            skip_bytes = 0;
            decoder_setstate(s, &cookie)?;
        }
        cookie.start_pos += skip_bytes as i64;
        cookie.chars_to_skip = chars_to_skip as i32;
        if chars_to_skip == 0 {
            return Ok(cookie);
        }
        // Feed one byte at a time up to chars_to_skip, noting the last clean point.
        let mut chars_decoded: isize = 0;
        let mut i = skip_bytes as usize;
        while i < input.len() {
            let n = decoder_decode_len(s, &input[i..i + 1])?;
            chars_decoded += n;
            cookie.bytes_to_feed += 1;
            let (buffered, flags) = decoder_getstate(s)?;
            if buffered == 0 && chars_decoded <= chars_to_skip {
                cookie.start_pos += cookie.bytes_to_feed as i64;
                chars_to_skip -= chars_decoded;
                cookie.dec_flags = flags;
                cookie.bytes_to_feed = 0;
                chars_decoded = 0;
            }
            if chars_decoded >= chars_to_skip {
                break;
            }
            i += 1;
        }
        if i >= input.len() {
            // Not enough decoded: signal EOF to get the rest.
            let e = bytes(b"")?;
            let t = boolean(true);
            let d = check_decoded(callm((*s).decoder, "decode", &[e.as_ptr(), t.as_ptr()])?)?;
            chars_decoded += unicodeobject::length(d.as_ptr());
            cookie.need_eof = 1;
            if chars_decoded < chars_to_skip {
                return Err(errors::set_string(
                    PyExc_OSError,
                    "can't reconstruct logical file position",
                ));
            }
        }
        cookie.chars_to_skip = chars_to_skip as i32;
        Ok(cookie)
    })();
    match r {
        Ok(c) => {
            callm((*s).decoder, "setstate", &[saved_state.as_ptr()])?;
            c.build()
        }
        Err(_) => {
            let (t, v, tb) = errors::fetch();
            let _ = callm((*s).decoder, "setstate", &[saved_state.as_ptr()]);
            errors::chain_exceptions(t, v, tb);
            Err(ErrSet::assume_set())
        }
    }
});

fast!(textio_truncate, "truncate", 0, 1, |op, a| {
    let s = tw(op);
    let pos = if a.is_empty() { object::none() } else { a[0] };
    check_attached(s)?;
    callm(op, "flush", &[])?;
    callm((*s).buffer, "truncate", &[pos])
});

unsafe extern "C" fn textio_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        let s = tw(op);
        check_init(s)?;
        if object::repr_enter(op)? {
            return Err(errors::set_string(
                PyExc_RuntimeError,
                &format!("reentrant call inside {}.__repr__", object::type_name(op)),
            ));
        }
        let r = (|| -> PyResult<Ref> {
            let mut res = String::from("<_io.TextIOWrapper");
            let name = match lookup(op, "name") {
                Ok(n) => n,
                Err(e) => {
                    // A detached stream's name raises ValueError.
                    if !errors::exception_matches(PyExc_ValueError) {
                        return Err(e);
                    }
                    errors::clear();
                    None
                }
            };
            if let Some(n) = name {
                let r = object::repr(n.as_ptr())?;
                res.push_str(&format!(" name={}", object::str_text(r.as_ptr())));
            }
            if let Some(m) = lookup(op, "mode")? {
                let r = object::repr(m.as_ptr())?;
                res.push_str(&format!(" mode={}", object::str_text(r.as_ptr())));
            }
            let enc = object::repr(if (*s).encoding.is_null() {
                object::none()
            } else {
                (*s).encoding
            })?;
            res.push_str(&format!(" encoding={}>", object::str_text(enc.as_ptr())));
            string(&res)
        })();
        object::repr_leave(op);
        r
    })())
}

macro_rules! forward_to_buffer {
    ($fn:ident, $name:literal) => {
        noargs!($fn, |op| {
            check_attached(tw(op))?;
            callm((*tw(op)).buffer, $name, &[])
        });
    };
}

forward_to_buffer!(textio_fileno, "fileno");
forward_to_buffer!(textio_seekable, "seekable");
forward_to_buffer!(textio_readable, "readable");
forward_to_buffer!(textio_writable, "writable");
forward_to_buffer!(textio_isatty, "isatty");

noargs!(textio_flush, |op| {
    let s = tw(op);
    check_attached(s)?;
    check_closed_text(op)?;
    (*s).telling = (*s).seekable;
    writeflush(s)?;
    callm((*s).buffer, "flush", &[])
});

noargs!(textio_close, |op| {
    let s = tw(op);
    check_attached(s)?;
    let closed = getattr((*s).buffer, "closed")?;
    if object::is_true(closed.as_ptr())? {
        return Ok(none());
    }
    if (*s).finalizing != 0 && callm((*s).buffer, "_dealloc_warn", &[op]).is_err() {
        errors::clear();
    }
    let flushed = callm(op, "flush", &[]);
    let saved = if flushed.is_err() {
        Some(errors::fetch())
    } else {
        None
    };
    let res = callm((*s).buffer, "close", &[]);
    match saved {
        Some((t, v, tb)) => {
            errors::chain_exceptions(t, v, tb);
            Err(ErrSet::assume_set())
        }
        None => res,
    }
});

getter!(textio_name_get, |op| {
    check_attached(tw(op))?;
    getattr((*tw(op)).buffer, "name")
});

getter!(textio_closed_get, |op| {
    check_attached(tw(op))?;
    getattr((*tw(op)).buffer, "closed")
});

getter!(textio_newlines_get, |op| {
    let s = tw(op);
    check_attached(s)?;
    if (*s).decoder.is_null() {
        return Ok(none());
    }
    Ok(lookup((*s).decoder, "newlines")?.unwrap_or_else(none))
});

getter!(textio_errors_get, |op| {
    check_init(tw(op))?;
    Ok(nref((*tw(op)).errors))
});

getter!(textio_chunk_size_get, |op| {
    check_attached(tw(op))?;
    int((*tw(op)).chunk_size as i64)
});

unsafe extern "C" fn textio_chunk_size_set(
    op: *mut PyObject,
    arg: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| -> PyResult<()> {
        let s = tw(op);
        check_attached(s)?;
        if arg.is_null() {
            return Err(errors::set_string(
                PyExc_AttributeError,
                "cannot delete attribute",
            ));
        }
        let n = crate::objects::r#abstract::number::as_ssize_t(arg, PyExc_ValueError)?;
        if n <= 0 {
            return Err(errors::value_error(
                "a strictly positive integer is required",
            ));
        }
        (*s).chunk_size = n;
        Ok(())
    })())
}

/// Whether `op` is a TextIOWrapper (or subclass) instance.
pub unsafe fn is_textiowrapper(op: *mut PyObject) -> bool {
    crate::objects::typeobject::type_check(op, &raw mut PyTextIOWrapper_Type)
}

/// Incremental UTF-8, Latin-1 and ASCII codecs built on the runtime's own codecs, standing in
/// for `encodings.*.IncrementalEncoder/Decoder` while the codec registry has no search
/// function (before `encodings` is imported). Their states are the ones the stdlib classes
/// report (`(pending bytes, 0)` for decoders, `0` for encoders), so tell() cookies agree.
pub(crate) mod native_codec {
    use super::*;
    use crate::abi::methodobject::{PyMethodDef, METH_VARARGS};
    use crate::abi::*;
    use crate::codecs::ErrorHandler;
    use crate::errors::{self, PyResult};
    use crate::modules::io::{
        bad_argument, bytes, fastkw, id, int, meth_o, noargs, none, nref, string, Table,
    };
    use crate::objects::object::{self, Ref};
    use crate::objects::{bytesobject, longobject, tupleobject, unicodeobject};
    use core::ptr::null_mut;

    #[repr(C)]
    pub struct NativeCodecObject {
        pub ob_base: PyObject,
        /// 0 UTF-8, 1 Latin-1, 2 ASCII.
        pub kind: u8,
        pub is_encoder: u8,
        pub errors: *mut PyObject,
        /// Undecoded bytes (an incomplete UTF-8 sequence).
        pub pending: Option<Box<Vec<u8>>>,
    }

    pub static mut NativeCodec_Type: PyTypeObject = PyTypeObject {
        tp_dealloc: Some(native_dealloc),
        tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
        ..crate::objects::typeobject::static_type(
            &raw mut crate::objects::typeobject::PyType_Type,
            c"_io._NativeIncrementalCodec",
            core::mem::size_of::<NativeCodecObject>() as Py_ssize_t,
            0,
            Py_TPFLAGS_DEFAULT,
        )
    };

    const NAMES: [&str; 3] = ["utf-8", "iso8859-1", "ascii"];
    const CODEC_NAMES: [&str; 3] = ["utf-8", "latin-1", "ascii"];

    pub(crate) unsafe fn prepare_type() {
        let mut t = Table::new("_NativeIncrementalCodec");
        t.fastkw(c"decode", native_decode)
            .fastkw(c"encode", native_encode)
            .noargs(c"getstate", native_getstate)
            .o(c"setstate", native_setstate)
            .noargs(c"reset", native_reset);
        t.install(&raw mut NativeCodec_Type);
    }

    unsafe fn me(op: *mut PyObject) -> *mut NativeCodecObject {
        op as *mut NativeCodecObject
    }

    unsafe extern "C" fn native_dealloc(op: *mut PyObject) {
        object::replace_slot(&raw mut (*me(op)).errors, null_mut());
        drop((*me(op)).pending.take());
        super::super::iobase::free_object(op);
    }

    /// The codec kind for an encoding name, as the stdlib's aliases spell them.
    fn kind_of(encoding: &str) -> Option<u8> {
        match crate::codecs::registry::normalize(encoding).as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => Some(0),
            "latin_1" | "latin1" | "iso8859_1" | "iso_8859_1" | "l1" | "8859" | "cp819"
            | "latin" | "iso_ir_100" | "csisolatin1" | "iso_8859_1_1987" | "ibm819" => Some(1),
            "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968"
            | "ansi_x3.4_1986" | "cp367" | "csascii" | "ibm367" | "iso646_us"
            | "iso_646.irv_1991" | "iso_ir_6" => Some(2),
            _ => None,
        }
    }

    static mut FACTORY_DEFS: [PyMethodDef; 2] = [
        PyMethodDef {
            ml_name: c"incrementalencoder".as_ptr(),
            ml_meth: Some(make_encoder),
            ml_flags: METH_VARARGS,
            ml_doc: core::ptr::null(),
        },
        PyMethodDef {
            ml_name: c"incrementaldecoder".as_ptr(),
            ml_meth: Some(make_decoder),
            ml_flags: METH_VARARGS,
            ml_doc: core::ptr::null(),
        },
    ];

    unsafe fn make(
        kind_obj: *mut PyObject,
        args: *mut PyObject,
        is_encoder: bool,
    ) -> PyResult<Ref> {
        let tp = &raw mut NativeCodec_Type;
        if (*tp).tp_flags & Py_TPFLAGS_READY == 0 {
            crate::objects::typeobject::ready(tp)?;
        }
        let errors_ = if tupleobject::len(args) > 0 {
            *tupleobject::items(args)
        } else {
            id("strict")
        };
        let op = Ref::from_result(crate::objects::typeobject::PyType_GenericAlloc(tp, 0))?;
        let s = me(op.as_ptr());
        (*s).kind = longobject::as_i64(kind_obj)? as u8;
        (*s).is_encoder = is_encoder as u8;
        (*s).errors = nref(errors_).into_raw();
        Ok(op)
    }

    unsafe extern "C" fn make_encoder(kind: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
        errors::ptr_result(make(kind, args, true))
    }
    unsafe extern "C" fn make_decoder(kind: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
        errors::ptr_result(make(kind, args, false))
    }

    /// A codec-info stand-in (`name`, `incrementalencoder`, `incrementaldecoder`) for the
    /// built-in codecs, or None for other encodings.
    pub(crate) unsafe fn codec_info(encoding: &str) -> PyResult<Option<Ref>> {
        let Some(kind) = kind_of(encoding) else {
            return Ok(None);
        };
        let k = int(kind as i64)?;
        let d = crate::objects::dictobject::new()?;
        let name = string(NAMES[kind as usize])?;
        crate::objects::dictobject::set_item_str(d.as_ptr(), "name", name.as_ptr())?;
        for (i, key) in ["incrementalencoder", "incrementaldecoder"]
            .iter()
            .enumerate()
        {
            let f = crate::objects::methodobject::new_cfunction(
                (&raw mut FACTORY_DEFS).cast::<PyMethodDef>().add(i),
                k.as_ptr(),
                null_mut(),
                null_mut(),
            )?;
            crate::objects::dictobject::set_item_str(d.as_ptr(), key, f.as_ptr())?;
        }
        Ok(Some(crate::objects::namespaceobject::new(d.as_ptr())?))
    }

    static CODE_SIG: crate::modules::posixmodule::args::Sig =
        crate::modules::posixmodule::args::Sig {
            name: "decode",
            params: &["input", "final"],
            posonly: 0,
            maxpos: 2,
            required: 1,
        };
    static ENCODE_SIG: crate::modules::posixmodule::args::Sig =
        crate::modules::posixmodule::args::Sig {
            name: "encode",
            params: &["input", "final"],
            posonly: 0,
            maxpos: 2,
            required: 1,
        };

    fastkw!(native_decode, CODE_SIG, |op, a| {
        let s = me(op);
        let final_ = !a[1].is_null() && object::is_true(a[1])?;
        let input = super::super::ro_buffer("decode", a[0])?;
        let mut data = (*s).pending.take().map(|b| *b).unwrap_or_default();
        data.extend_from_slice(input.as_slice());
        let errs = unicodeobject::to_string_lossy((*s).errors);
        let handler = ErrorHandler::parse(Some(&errs));
        match (*s).kind {
            0 => {
                let mut consumed = 0usize;
                let r = if final_ {
                    crate::codecs::utf8::decode(&data, &handler, None)?
                } else {
                    crate::codecs::utf8::decode(&data, &handler, Some(&mut consumed))?
                };
                if !final_ && consumed < data.len() {
                    (*s).pending = Some(Box::new(data[consumed..].to_vec()));
                }
                Ok(r)
            }
            1 => crate::codecs::charmap::decode_latin1(&data),
            _ => crate::codecs::charmap::decode_ascii(&data, &handler),
        }
    });

    fastkw!(native_encode, ENCODE_SIG, |op, a| {
        let s = me(op);
        if !unicodeobject::is_str(a[0]) {
            return Err(bad_argument("encode", "argument 1", "str", a[0]));
        }
        let errs = unicodeobject::to_string_lossy((*s).errors);
        match crate::codecs::encode_builtin(a[0], CODEC_NAMES[(*s).kind as usize], Some(&errs)) {
            Some(r) => bytes(&r?),
            None => Err(errors::system_error("built-in codec missing")),
        }
    });

    noargs!(native_getstate, |op| {
        let s = me(op);
        if (*s).is_encoder != 0 {
            return int(0);
        }
        let pending = bytes((*s).pending.as_deref().map_or(&[][..], |v| &v[..]))?;
        let zero = int(0)?;
        tupleobject::pack(&[pending.as_ptr(), zero.as_ptr()])
    });

    meth_o!(native_setstate, |op, state| {
        let s = me(op);
        if (*s).is_encoder == 0 {
            let (buf, _) = parse_state(state, "setstate(): illegal state argument")?;
            let b = bytesobject::as_slice(buf.as_ptr());
            (*s).pending = if b.is_empty() {
                None
            } else {
                Some(Box::new(b.to_vec()))
            };
        }
        Ok(none())
    });

    noargs!(native_reset, |op| {
        (*me(op)).pending = None;
        Ok(none())
    });
}
