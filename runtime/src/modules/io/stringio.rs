//! `_io.StringIO` (CPython's Modules/_io/stringio.c): an in-memory text stream. Sequential
//! writes at the end only accumulate the written strings (joined when first read, like
//! CPython's accumulator state); any other access realizes a code-point buffer. The
//! `newline` argument works as TextIOWrapper's (universal reading through an
//! IncrementalNewlineDecoder, `\r`/`\r\n` translation on write).

use super::textio::{new_nldecoder, nldecoder_decode};
use super::*;
use crate::objects::dictobject;

#[repr(C)]
pub struct StringIOObject {
    pub ob_base: PyObject,
    /// The realized contents (length `string_size`); unused while accumulating.
    pub buf: Option<Box<Vec<u32>>>,
    pub pos: Py_ssize_t,
    pub string_size: Py_ssize_t,
    /// `Some` while accumulating: the strings written so far, in order.
    pub accu: Option<Box<Vec<Ref>>>,
    pub ok: u8,
    pub closed: u8,
    pub readuniversal: u8,
    pub readtranslate: u8,
    pub decoder: *mut PyObject,
    pub readnl: *mut PyObject,
    pub writenl: *mut PyObject,
    pub dict: *mut PyObject,
    pub weakreflist: *mut PyObject,
}

pub static mut PyStringIO_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(stringio_dealloc),
    tp_traverse: Some(stringio_traverse),
    tp_clear: Some(stringio_clear),
    tp_weaklistoffset: core::mem::offset_of!(StringIOObject, weakreflist) as Py_ssize_t,
    tp_dictoffset: core::mem::offset_of!(StringIOObject, dict) as Py_ssize_t,
    tp_iternext: Some(stringio_iternext),
    tp_init: Some(stringio_init),
    tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
    tp_new: Some(crate::objects::typeobject::PyType_GenericNew),
    tp_free: Some(crate::objects::typeobject::gc_del),
    tp_base: &raw mut super::iobase::PyTextIOBase_Type,
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io.StringIO",
        core::mem::size_of::<StringIOObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

pub(crate) unsafe fn prepare_type() {
    PyStringIO_Type.tp_doc = docs::doc("StringIO");
    let mut t = Table::new("StringIO");
    t.noargs(c"close", stringio_close)
        .noargs(c"getvalue", stringio_getvalue)
        .fast(c"read", stringio_read)
        .fast(c"readline", stringio_readline)
        .noargs(c"tell", stringio_tell)
        .fast(c"truncate", stringio_truncate)
        .fast(c"seek", stringio_seek)
        .o(c"write", stringio_write)
        .noargs(c"seekable", stringio_true)
        .noargs(c"readable", stringio_true)
        .noargs(c"writable", stringio_true)
        .noargs(c"__getstate__", stringio_getstate)
        .o(c"__setstate__", stringio_setstate)
        .getset(c"closed", stringio_get_closed, None)
        .getset(c"newlines", stringio_get_newlines, None)
        .getset(c"line_buffering", stringio_get_line_buffering, None);
    t.install(&raw mut PyStringIO_Type);
}

#[inline]
unsafe fn me(op: *mut PyObject) -> *mut StringIOObject {
    op as *mut StringIOObject
}

unsafe fn check_initialized(s: *mut StringIOObject) -> PyResult<()> {
    if (*s).ok == 0 {
        return Err(errors::value_error("I/O operation on uninitialized object"));
    }
    Ok(())
}

unsafe fn check_closed(s: *mut StringIOObject) -> PyResult<()> {
    if (*s).closed != 0 {
        return Err(errors::value_error("I/O operation on closed file"));
    }
    Ok(())
}

unsafe fn check_usable(s: *mut StringIOObject) -> PyResult<()> {
    check_initialized(s)?;
    check_closed(s)
}

/// The accumulated strings joined (and kept as the single accumulated piece).
unsafe fn make_intermediate(s: *mut StringIOObject) -> PyResult<Ref> {
    let chunks = (*s).accu.as_deref_mut().expect("accumulating");
    let joined = match chunks.len() {
        0 => string("")?,
        1 => chunks[0].clone(),
        _ => {
            let ptrs: Vec<*mut PyObject> = chunks.iter().map(|r| r.as_ptr()).collect();
            let empty = string("")?;
            unicodeobject::join(empty.as_ptr(), &ptrs)?
        }
    };
    chunks.clear();
    chunks.push(joined.clone());
    Ok(joined)
}

/// `realize`: leaves the accumulating state, the joined text becoming the buffer.
unsafe fn realize(s: *mut StringIOObject) -> PyResult<()> {
    if (*s).accu.is_none() {
        return Ok(());
    }
    let text = make_intermediate(s)?;
    (*s).accu = None;
    (*s).buf = Some(Box::new(to_ucs4(text.as_ptr())));
    Ok(())
}

fn realized(s: *mut StringIOObject) -> &'static mut Vec<u32> {
    // SAFETY: called on a live, initialized, realized object; the box outlives the borrow's use.
    unsafe {
        if (*s).buf.is_none() {
            (*s).buf = Some(Box::new(Vec::new()));
        }
        &mut *(&mut **(*s).buf.as_mut().unwrap() as *mut Vec<u32>)
    }
}

/// `write_str`: newline-decodes and translates `obj`, then writes it at `pos`.
unsafe fn write_str(s: *mut StringIOObject, obj: *mut PyObject) -> PyResult<()> {
    let mut decoded = if !(*s).decoder.is_null() {
        nldecoder_decode((*s).decoder, obj, true)?
    } else {
        nref(obj)
    };
    if !(*s).writenl.is_null() {
        let nl = string("\n")?;
        decoded = unicodeobject::replace(decoded.as_ptr(), nl.as_ptr(), (*s).writenl, -1)?;
    }
    let len = unicodeobject::length(decoded.as_ptr());
    if (*s).pos > isize::MAX - len {
        return Err(errors::overflow_error("new position too large"));
    }
    if (*s).accu.is_some() {
        if (*s).string_size == (*s).pos {
            (*s).accu.as_deref_mut().unwrap().push(decoded);
            (*s).pos += len;
            (*s).string_size = (*s).string_size.max((*s).pos);
            return Ok(());
        }
        realize(s)?;
    }
    let buf = realized(s);
    let pos = (*s).pos as usize;
    if pos > buf.len() {
        buf.resize(pos, 0);
    }
    let chars = to_ucs4(decoded.as_ptr());
    let overlap = (buf.len() - pos).min(chars.len());
    buf[pos..pos + overlap].copy_from_slice(&chars[..overlap]);
    buf.extend_from_slice(&chars[overlap..]);
    (*s).pos += len;
    (*s).string_size = buf.len() as isize;
    Ok(())
}

noargs!(stringio_getvalue, |op| {
    let s = me(op);
    check_usable(s)?;
    if (*s).accu.is_some() {
        return make_intermediate(s);
    }
    let buf = realized(s);
    from_ucs4(&buf[..(*s).string_size as usize])
});

noargs!(stringio_tell, |op| {
    let s = me(op);
    check_usable(s)?;
    int((*s).pos as i64)
});

fast!(stringio_read, "read", 0, 1, |op, a| {
    let s = me(op);
    let mut size = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    check_usable(s)?;
    let n = (*s).string_size - (*s).pos;
    if size < 0 || size > n {
        size = n.max(0);
    }
    if (*s).accu.is_some() && (*s).pos == 0 && size == n {
        let r = make_intermediate(s)?;
        (*s).pos = (*s).string_size;
        return Ok(r);
    }
    realize(s)?;
    let buf = realized(s);
    let start = (*s).pos as usize;
    (*s).pos += size;
    from_ucs4(&buf[start..start + size as usize])
});

/// `_stringio_readline`: the next line (up to `limit` characters).
unsafe fn readline(s: *mut StringIOObject, limit: isize) -> PyResult<Ref> {
    if (*s).pos >= (*s).string_size {
        return string("");
    }
    let buf = realized(s);
    let start = (*s).pos as usize;
    let avail = (*s).string_size as usize - start;
    let limit = if limit < 0 || limit as usize > avail {
        avail
    } else {
        limit as usize
    };
    let readnl = if (*s).readnl.is_null() {
        Vec::new()
    } else {
        to_ucs4((*s).readnl)
    };
    let text = &buf[start..start + limit];
    let len = find_line_ending(
        (*s).readtranslate != 0,
        (*s).readuniversal != 0,
        &readnl,
        text,
    )
    .unwrap_or(limit);
    (*s).pos += len as isize;
    from_ucs4(&text[..len])
}

fast!(stringio_readline, "readline", 0, 1, |op, a| {
    let s = me(op);
    let size = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    check_usable(s)?;
    realize(s)?;
    readline(s, size)
});

unsafe extern "C" fn stringio_iternext(op: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Option<Ref>> {
        let s = me(op);
        check_usable(s)?;
        realize(s)?;
        let line = if object::py_type(op) == &raw mut PyStringIO_Type {
            readline(s, -1)?
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
            return Ok(None);
        }
        Ok(Some(line))
    })();
    match r {
        Ok(Some(l)) => l.into_raw(),
        _ => null_mut(),
    }
}

fast!(stringio_truncate, "truncate", 0, 1, |op, a| {
    let s = me(op);
    let size = if a.is_empty() {
        (*s).pos
    } else {
        ssize_or_none(a[0], (*s).pos)?
    };
    check_usable(s)?;
    if size < 0 {
        return Err(errors::value_error(&format!("Negative size value {size}")));
    }
    if size < (*s).string_size {
        realize(s)?;
        let buf = realized(s);
        buf.truncate(size as usize);
        buf.shrink_to_fit();
        (*s).string_size = size;
    }
    int(size as i64)
});

fast!(stringio_seek, "seek", 1, 2, |op, a| {
    let s = me(op);
    let mut pos = ssize_arg(a[0])?;
    let whence = if a.len() > 1 { int_arg(a[1])? } else { 0 };
    check_usable(s)?;
    if !(0..=2).contains(&whence) {
        return Err(errors::value_error(&format!(
            "Invalid whence ({whence}, should be 0, 1 or 2)"
        )));
    } else if pos < 0 && whence == 0 {
        return Err(errors::value_error(&format!(
            "Negative seek position {pos}"
        )));
    } else if whence != 0 && pos != 0 {
        return Err(errors::set_string(
            PyExc_OSError,
            "Can't do nonzero cur-relative seeks",
        ));
    }
    if whence == 1 {
        pos = (*s).pos;
    } else if whence == 2 {
        pos = (*s).string_size;
    }
    (*s).pos = pos;
    int(pos as i64)
});

meth_o!(stringio_write, |op, obj| {
    let s = me(op);
    check_initialized(s)?;
    if !unicodeobject::is_str(obj) {
        return Err(errors::type_error(&format!(
            "string argument expected, got '{}'",
            object::type_name(obj)
        )));
    }
    check_closed(s)?;
    let size = unicodeobject::length(obj);
    if size > 0 {
        write_str(s, obj)?;
    }
    int(size as i64)
});

noargs!(stringio_close, |op| {
    let s = me(op);
    (*s).closed = 1;
    (*s).buf = Some(Box::new(Vec::new()));
    (*s).accu = None;
    object::replace_slot(&raw mut (*s).readnl, null_mut());
    object::replace_slot(&raw mut (*s).writenl, null_mut());
    object::replace_slot(&raw mut (*s).decoder, null_mut());
    Ok(none())
});

unsafe extern "C" fn stringio_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let d = (*me(op)).dict;
    match visit {
        Some(v) if !d.is_null() => v(d, arg),
        _ => 0,
    }
}

unsafe extern "C" fn stringio_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*me(op)).dict, null_mut());
    0
}

unsafe extern "C" fn stringio_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let s = me(op);
    (*s).ok = 0;
    drop((*s).buf.take());
    drop((*s).accu.take());
    object::replace_slot(&raw mut (*s).readnl, null_mut());
    object::replace_slot(&raw mut (*s).writenl, null_mut());
    object::replace_slot(&raw mut (*s).decoder, null_mut());
    object::replace_slot(&raw mut (*s).dict, null_mut());
    if !(*s).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    super::iobase::free_object(op);
}

static INIT_SIG: crate::modules::posixmodule::args::Sig = crate::modules::posixmodule::args::Sig {
    name: "StringIO",
    params: &["initial_value", "newline"],
    posonly: 0,
    maxpos: 2,
    required: 0,
};

unsafe extern "C" fn stringio_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| -> PyResult<()> {
        let a = bind_tuple(&INIT_SIG, args, kwds)?;
        init_impl(me(op), a[0], a[1])
    })())
}

unsafe fn init_impl(
    s: *mut StringIOObject,
    value: *mut PyObject,
    newline_obj: *mut PyObject,
) -> PyResult<()> {
    let newline: Option<String> = if newline_obj == object::none() {
        None
    } else if !newline_obj.is_null() {
        if !unicodeobject::is_str(newline_obj) {
            return Err(errors::type_error(&format!(
                "newline must be str or None, not {}",
                object::type_name_trunc(object::py_type(newline_obj), 200)
            )));
        }
        Some(String::from_utf8_lossy(unicodeobject::as_utf8(newline_obj)?).into_owned())
    } else {
        Some("\n".to_string())
    };
    if let Some(nl) = &newline {
        // Only the text up to an embedded NUL counts, as in C.
        let nl = nl.split('\0').next().unwrap_or("");
        if !matches!(nl, "" | "\n" | "\r" | "\r\n") {
            let r = object::repr(newline_obj)?;
            return Err(errors::value_error(&format!(
                "illegal newline value: {}",
                object::str_text(r.as_ptr())
            )));
        }
    }
    if !value.is_null() && value != object::none() && !unicodeobject::is_str(value) {
        return Err(errors::type_error(&format!(
            "initial_value must be str or None, not {}",
            object::type_name_trunc(object::py_type(value), 200)
        )));
    }
    (*s).ok = 0;
    (*s).accu = None;
    object::replace_slot(&raw mut (*s).readnl, null_mut());
    object::replace_slot(&raw mut (*s).writenl, null_mut());
    object::replace_slot(&raw mut (*s).decoder, null_mut());
    let nl = newline
        .as_deref()
        .map(|n| n.split('\0').next().unwrap_or(""));
    if let Some(n) = nl {
        (*s).readnl = string(n)?.into_raw();
    }
    (*s).readuniversal = matches!(nl, None | Some("")) as u8;
    (*s).readtranslate = nl.is_none() as u8;
    if matches!(nl, Some(n) if n.starts_with('\r')) {
        (*s).writenl = nref((*s).readnl).into_raw();
    }
    if (*s).readuniversal != 0 {
        (*s).decoder = new_nldecoder(object::none(), (*s).readtranslate != 0)?.into_raw();
    }
    (*s).string_size = 0;
    (*s).buf = Some(Box::new(Vec::new()));
    let value_len = if !value.is_null() && value != object::none() {
        unicodeobject::length(value)
    } else {
        0
    };
    (*s).pos = 0;
    if value_len > 0 {
        write_str(s, value)?;
    } else {
        (*s).accu = Some(Box::new(Vec::new()));
    }
    (*s).pos = 0;
    (*s).closed = 0;
    (*s).ok = 1;
    Ok(())
}

noargs!(stringio_true, |op| {
    check_usable(me(op))?;
    Ok(boolean(true))
});

noargs!(stringio_getstate, |op| {
    let s = me(op);
    let initvalue = Ref::from_result(stringio_getvalue(op, null_mut()))?;
    let dict = if (*s).dict.is_null() {
        none()
    } else {
        dictobject::copy((*s).dict)?
    };
    let readnl = if (*s).readnl.is_null() {
        none()
    } else {
        nref((*s).readnl)
    };
    let pos = int((*s).pos as i64)?;
    tupleobject::pack(&[
        initvalue.as_ptr(),
        readnl.as_ptr(),
        pos.as_ptr(),
        dict.as_ptr(),
    ])
});

meth_o!(stringio_setstate, |op, state| {
    let s = me(op);
    check_closed(s)?;
    if !tupleobject::check(state) || tupleobject::len(state) < 4 {
        return Err(errors::type_error(&format!(
            "{}.__setstate__ argument should be 4-tuple, got {}",
            object::type_name_trunc(object::py_type(op), 200),
            object::type_name_trunc(object::py_type(state), 200)
        )));
    }
    let items = tupleobject::items(state);
    init_impl(s, *items, *items.add(1))?;
    // The saved value was translated once already: it replaces the buffer as it is.
    let item = *items;
    if !unicodeobject::is_str(item) {
        return Err(errors::type_error(
            "bad argument type for built-in operation",
        ));
    }
    (*s).accu = None;
    let chars = to_ucs4(item);
    (*s).string_size = chars.len() as isize;
    (*s).buf = Some(Box::new(chars));
    let position = *items.add(2);
    if !longobject::is_int(position) {
        return Err(errors::type_error(&format!(
            "third item of state must be an integer, got {}",
            object::type_name_trunc(object::py_type(position), 200)
        )));
    }
    let pos = longobject::as_isize(position)?;
    if pos < 0 {
        return Err(errors::value_error("position value cannot be negative"));
    }
    (*s).pos = pos;
    let dict = *items.add(3);
    if dict != object::none() {
        if !dictobject::check(dict) {
            return Err(errors::type_error(&format!(
                "fourth item of state should be a dict, got a {}",
                object::type_name_trunc(object::py_type(dict), 200)
            )));
        }
        if (*s).dict.is_null() {
            (*s).dict = nref(dict).into_raw();
        } else {
            dictobject::update((*s).dict, dict)?;
        }
    }
    Ok(none())
});

getter!(stringio_get_closed, |op| {
    check_initialized(me(op))?;
    Ok(boolean((*me(op)).closed != 0))
});

getter!(stringio_get_line_buffering, |op| {
    check_usable(me(op))?;
    Ok(boolean(false))
});

getter!(stringio_get_newlines, |op| {
    let s = me(op);
    check_usable(s)?;
    if (*s).decoder.is_null() {
        return Ok(none());
    }
    getattr((*s).decoder, "newlines")
});
