//! `_io.BytesIO` (CPython's Modules/_io/bytesio.c): an in-memory binary stream over a byte
//! vector, with `getbuffer()` views (`_io._BytesIOBuffer`, whose exports forbid resizing
//! until released), pickling state and the line/readinto methods.

use super::*;
use crate::abi::object::PyBufferProcs;
use crate::objects::{dictobject, listobject};

#[repr(C)]
pub struct BytesIOObject {
    pub ob_base: PyObject,
    /// The contents (`None` once closed). Its length is the stream size; `pos` may lie past it.
    pub buf: Option<Box<Vec<u8>>>,
    pub pos: Py_ssize_t,
    /// Unused mirror of CPython's `string_size` slot (the vector's length is the size).
    pub string_size: Py_ssize_t,
    pub dict: *mut PyObject,
    pub weakreflist: *mut PyObject,
    /// Live `getbuffer()` exports.
    pub exports: Py_ssize_t,
}

/// `bytesiobuf`: the exporter behind `getbuffer()`.
#[repr(C)]
pub struct BytesIOBufferObject {
    pub ob_base: PyObject,
    pub source: *mut PyObject,
}

pub static mut PyBytesIO_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(bytesio_dealloc),
    tp_traverse: Some(bytesio_traverse),
    tp_clear: Some(bytesio_clear),
    tp_weaklistoffset: core::mem::offset_of!(BytesIOObject, weakreflist) as Py_ssize_t,
    tp_dictoffset: core::mem::offset_of!(BytesIOObject, dict) as Py_ssize_t,
    tp_iter: Some(crate::objects::object::PyObject_SelfIter),
    tp_iternext: Some(bytesio_iternext),
    tp_init: Some(bytesio_init),
    tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
    tp_new: Some(bytesio_new),
    tp_free: Some(crate::objects::typeobject::gc_del),
    tp_base: &raw mut super::iobase::PyBufferedIOBase_Type,
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io.BytesIO",
        core::mem::size_of::<BytesIOObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

static mut BYTESIOBUF_AS_BUFFER: PyBufferProcs = PyBufferProcs {
    bf_getbuffer: Some(bytesiobuf_getbuffer),
    bf_releasebuffer: Some(bytesiobuf_releasebuffer),
};

#[no_mangle]
pub static mut _PyBytesIOBuffer_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(bytesiobuf_dealloc),
    tp_as_buffer: &raw mut BYTESIOBUF_AS_BUFFER,
    tp_traverse: Some(bytesiobuf_traverse),
    tp_free: Some(crate::objects::typeobject::gc_del),
    // No metatype until readied, as CPython's (the compat tests read it before start-up).
    ..crate::objects::typeobject::static_type(
        core::ptr::null_mut(),
        c"_io._BytesIOBuffer",
        core::mem::size_of::<BytesIOBufferObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

pub(crate) unsafe fn prepare_types() {
    PyBytesIO_Type.tp_doc = docs::doc("BytesIO");
    let mut t = Table::new("BytesIO");
    t.noargs(c"readable", bytesio_true)
        .noargs(c"seekable", bytesio_true)
        .noargs(c"writable", bytesio_true)
        .noargs(c"close", bytesio_close)
        .noargs(c"flush", bytesio_flush)
        .noargs(c"isatty", bytesio_isatty)
        .noargs(c"tell", bytesio_tell)
        .o(c"write", bytesio_write)
        .o(c"writelines", bytesio_writelines)
        .fast(c"read1", bytesio_read1)
        .o(c"readinto", bytesio_readinto)
        .fast(c"readline", bytesio_readline)
        .fast(c"readlines", bytesio_readlines)
        .fast(c"read", bytesio_read)
        .noargs(c"getbuffer", bytesio_getbuffer)
        .noargs(c"getvalue", bytesio_getvalue)
        .fast(c"seek", bytesio_seek)
        .fast(c"truncate", bytesio_truncate)
        .noargs(c"__getstate__", bytesio_getstate)
        .o(c"__setstate__", bytesio_setstate)
        .noargs(c"__sizeof__", bytesio_sizeof)
        .getset(c"closed", bytesio_get_closed, None);
    t.install(&raw mut PyBytesIO_Type);
}

#[inline]
unsafe fn me(op: *mut PyObject) -> *mut BytesIOObject {
    op as *mut BytesIOObject
}

/// The contents, or ValueError when closed (`CHECK_CLOSED`).
unsafe fn buf<'a>(op: *mut PyObject) -> PyResult<&'a mut Vec<u8>> {
    match (*me(op)).buf.as_deref_mut() {
        Some(b) => Ok(b),
        None => Err(closed_error()),
    }
}

/// `CHECK_EXPORTS`: BufferError while `getbuffer()` views are alive.
unsafe fn check_exports(op: *mut PyObject) -> PyResult<()> {
    if (*me(op)).exports > 0 {
        return Err(errors::set_string(
            PyExc_BufferError,
            "Existing exports of data: object cannot be re-sized",
        ));
    }
    Ok(())
}

unsafe extern "C" fn bytesio_new(
    tp: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    let alloc = (*tp)
        .tp_alloc
        .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
    let op = alloc(tp, 0);
    if !op.is_null() {
        // The allocation is zeroed: `buf` reads as None; write it without dropping that.
        core::ptr::write(&raw mut (*me(op)).buf, Some(Box::new(Vec::new())));
        (*me(op)).pos = 0;
    }
    op
}

static INIT_SIG: crate::modules::posixmodule::args::Sig = crate::modules::posixmodule::args::Sig {
    name: "BytesIO",
    params: &["initial_bytes"],
    posonly: 0,
    maxpos: 1,
    required: 0,
};

unsafe extern "C" fn bytesio_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| -> PyResult<()> {
        let a = bind_tuple(&INIT_SIG, args, kwds)?;
        check_exports(op)?;
        let s = me(op);
        (*s).pos = 0;
        (*s).buf = Some(Box::new(Vec::new()));
        if !a[0].is_null() && a[0] != object::none() {
            let b = ro_buffer("write", a[0])?;
            (*s).buf = Some(Box::new(b.as_slice().to_vec()));
        }
        Ok(())
    })())
}

unsafe extern "C" fn bytesio_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let s = me(op);
    if (*s).exports > 0 {
        let _ = errors::system_error("deallocated BytesIO object has exported buffers");
        errors::write_unraisable(op);
    }
    drop((*s).buf.take());
    object::replace_slot(&raw mut (*s).dict, null_mut());
    if !(*s).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    super::iobase::free_object(op);
}

unsafe extern "C" fn bytesio_traverse(
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

unsafe extern "C" fn bytesio_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*me(op)).dict, null_mut());
    0
}

noargs!(bytesio_true, |op| {
    buf(op)?;
    Ok(boolean(true))
});
noargs!(bytesio_flush, |op| {
    buf(op)?;
    Ok(none())
});
noargs!(bytesio_isatty, |op| {
    buf(op)?;
    Ok(boolean(false))
});
noargs!(bytesio_tell, |op| {
    buf(op)?;
    int((*me(op)).pos as i64)
});
getter!(bytesio_get_closed, |op| {
    Ok(boolean((*me(op)).buf.is_none()))
});

noargs!(bytesio_close, |op| {
    check_exports(op)?;
    (*me(op)).buf = None;
    Ok(none())
});

/// The bytes from `pos` up to `size` more (all when negative), advancing `pos`.
unsafe fn read_bytes(op: *mut PyObject, size: isize) -> PyResult<Ref> {
    let b = buf(op)?;
    let s = me(op);
    let avail = (b.len() as isize - (*s).pos).max(0);
    let n = if size < 0 || size > avail {
        avail
    } else {
        size
    };
    let start = (*s).pos.min(b.len() as isize) as usize;
    let r = bytes(&b[start..start + n as usize])?;
    (*s).pos += n;
    Ok(r)
}

fast!(bytesio_read, "read", 0, 1, |op, a| {
    let size = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    read_bytes(op, size)
});
fast!(bytesio_read1, "read1", 0, 1, |op, a| {
    let size = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    read_bytes(op, size)
});

/// The length of the line at `pos` (through its `\n`), at most `limit` when non-negative.
unsafe fn scan_eol(op: *mut PyObject, limit: isize) -> PyResult<usize> {
    let b = buf(op)?;
    let pos = (*me(op)).pos;
    if pos >= b.len() as isize {
        return Ok(0);
    }
    let rest = &b[pos as usize..];
    let max = if limit < 0 || limit as usize > rest.len() {
        rest.len()
    } else {
        limit as usize
    };
    Ok(match rest[..max].iter().position(|&c| c == b'\n') {
        Some(i) => i + 1,
        None => max,
    })
}

unsafe fn readline(op: *mut PyObject, limit: isize) -> PyResult<Ref> {
    let n = scan_eol(op, limit)?;
    read_bytes(op, n as isize)
}

fast!(bytesio_readline, "readline", 0, 1, |op, a| {
    let size = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    readline(op, size)
});

fast!(bytesio_readlines, "readlines", 0, 1, |op, a| {
    let maxsize: isize = if a.is_empty() || a[0] == object::none() {
        -1
    } else if longobject::is_int(a[0]) {
        longobject::as_isize(a[0])?
    } else {
        return Err(errors::type_error(&format!(
            "integer argument expected, got '{}'",
            object::type_name_trunc(object::py_type(a[0]), 200)
        )));
    };
    buf(op)?;
    let result = listobject::new(0)?;
    let mut size: isize = 0;
    loop {
        let n = scan_eol(op, -1)?;
        if n == 0 {
            break;
        }
        let line = read_bytes(op, n as isize)?;
        listobject::append(result.as_ptr(), line.as_ptr())?;
        size += n as isize;
        if maxsize > 0 && size >= maxsize {
            break;
        }
    }
    Ok(result)
});

meth_o!(bytesio_readinto, |op, arg| {
    let dst = rw_buffer("readinto", arg)?;
    let b = buf(op)?;
    let s = me(op);
    let avail = (b.len() as isize - (*s).pos).max(0) as usize;
    let n = dst.len().min(avail);
    if n > 0 {
        core::ptr::copy_nonoverlapping(b.as_ptr().add((*s).pos as usize), dst.as_mut_ptr(), n);
    }
    (*s).pos += n as isize;
    longobject::from_usize(n)
});

fast!(bytesio_truncate, "truncate", 0, 1, |op, a| {
    buf(op)?;
    check_exports(op)?;
    let size = if a.is_empty() {
        (*me(op)).pos
    } else {
        ssize_or_none(a[0], (*me(op)).pos)?
    };
    if size < 0 {
        return Err(errors::value_error(&format!("negative size value {size}")));
    }
    let b = buf(op)?;
    if (size as usize) < b.len() {
        b.truncate(size as usize);
        b.shrink_to_fit();
    }
    int(size as i64)
});

fast!(bytesio_seek, "seek", 1, 2, |op, a| {
    let mut pos = ssize_arg(a[0])?;
    let whence = if a.len() > 1 { int_arg(a[1])? } else { 0 };
    let b = buf(op)?;
    let s = me(op);
    if pos < 0 && whence == 0 {
        return Err(errors::value_error(&format!("negative seek value {pos}")));
    }
    match whence {
        0 => {}
        1 => {
            pos = pos
                .checked_add((*s).pos)
                .ok_or_else(|| errors::overflow_error("new position too large"))?;
        }
        2 => {
            pos = pos
                .checked_add(b.len() as isize)
                .ok_or_else(|| errors::overflow_error("new position too large"))?;
        }
        _ => {
            return Err(errors::value_error(&format!(
                "invalid whence ({whence}, should be 0, 1 or 2)"
            )))
        }
    }
    if pos < 0 {
        pos = 0;
    }
    (*s).pos = pos;
    int(pos as i64)
});

/// `write_bytes`: writes at `pos`, zero-filling any gap past the end.
unsafe fn write_bytes(op: *mut PyObject, data: &[u8]) -> PyResult<usize> {
    let b = buf(op)?;
    let s = me(op);
    let pos = (*s).pos as usize;
    let end = pos
        .checked_add(data.len())
        .filter(|&e| e <= isize::MAX as usize)
        .ok_or_else(errors::no_memory)?;
    if end > b.len() {
        b.try_reserve(end - b.len())
            .map_err(|_| errors::no_memory())?;
        if pos > b.len() {
            b.resize(pos, 0);
        }
        let overlap = b.len() - pos;
        b[pos..].copy_from_slice(&data[..overlap]);
        b.extend_from_slice(&data[overlap..]);
    } else {
        b[pos..end].copy_from_slice(data);
    }
    (*s).pos = end as isize;
    Ok(data.len())
}

meth_o!(bytesio_write, |op, arg| {
    buf(op)?;
    check_exports(op)?;
    let data = ro_buffer("write", arg)?;
    if data.len() == 0 {
        return int(0);
    }
    let n = write_bytes(op, data.as_slice())?;
    longobject::from_usize(n)
});

meth_o!(bytesio_writelines, |op, lines| {
    let it = crate::objects::r#abstract::iter::get_iter(lines)?;
    while let Some(item) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
        Ref::from_result(bytesio_write(op, item.as_ptr()))?;
    }
    Ok(none())
});

noargs!(bytesio_getvalue, |op| {
    let b = buf(op)?;
    bytes(b)
});

noargs!(bytesio_getbuffer, |op| {
    buf(op)?;
    let tp = &raw mut _PyBytesIOBuffer_Type;
    if (*tp).tp_flags & Py_TPFLAGS_READY == 0 {
        crate::objects::typeobject::ready(tp)?;
    }
    let p = crate::mem::gc::alloc(tp, core::mem::size_of::<BytesIOBufferObject>())?;
    object::init_object(p, tp);
    (*(p as *mut BytesIOBufferObject)).source = nref(op).into_raw();
    crate::mem::gc::track(p);
    let exporter = Ref::from_raw(p);
    crate::objects::memoryobject::from_object(exporter.as_ptr())
});

unsafe extern "C" fn bytesiobuf_getbuffer(
    obj: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    if view.is_null() {
        let _ = errors::set_string(
            PyExc_BufferError,
            "bytesiobuf_getbuffer: view==NULL argument is obsolete",
        );
        return -1;
    }
    let source = (*(obj as *mut BytesIOBufferObject)).source;
    let s = me(source);
    let (ptr, len) = match (*s).buf.as_deref_mut() {
        Some(b) => (b.as_mut_ptr(), b.len()),
        None => (core::ptr::NonNull::<u8>::dangling().as_ptr(), 0),
    };
    if crate::objects::r#abstract::buffer::fill_info(
        view,
        obj,
        ptr.cast(),
        len as Py_ssize_t,
        0,
        flags,
    )
    .is_err()
    {
        return -1;
    }
    (*s).exports += 1;
    0
}

unsafe extern "C" fn bytesiobuf_releasebuffer(obj: *mut PyObject, _view: *mut Py_buffer) {
    let source = (*(obj as *mut BytesIOBufferObject)).source;
    (*me(source)).exports -= 1;
}

unsafe extern "C" fn bytesiobuf_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::replace_slot(
        &raw mut (*(op as *mut BytesIOBufferObject)).source,
        null_mut(),
    );
    super::iobase::free_object(op);
}

unsafe extern "C" fn bytesiobuf_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let s = (*(op as *mut BytesIOBufferObject)).source;
    match visit {
        Some(v) if !s.is_null() => v(s, arg),
        _ => 0,
    }
}

noargs!(bytesio_getstate, |op| {
    let value = bytes(buf(op)?)?;
    let pos = int((*me(op)).pos as i64)?;
    let d = (*me(op)).dict;
    let dict = if d.is_null() {
        none()
    } else {
        dictobject::copy(d)?
    };
    tupleobject::pack(&[value.as_ptr(), pos.as_ptr(), dict.as_ptr()])
});

meth_o!(bytesio_setstate, |op, state| {
    if !tupleobject::check(state) || tupleobject::len(state) < 3 {
        return Err(errors::type_error(&format!(
            "{}.__setstate__ argument should be 3-tuple, got {}",
            object::type_name_trunc(object::py_type(op), 200),
            object::type_name_trunc(object::py_type(state), 200)
        )));
    }
    check_exports(op)?;
    let items = tupleobject::items(state);
    let (value, posobj, dict) = (*items, *items.add(1), *items.add(2));
    let data = ro_buffer("write", value)?;
    (*me(op)).buf = Some(Box::new(data.as_slice().to_vec()));
    drop(data);
    if !longobject::is_int(posobj) {
        return Err(errors::type_error(&format!(
            "second item of state must be an integer, not {}",
            object::type_name_trunc(object::py_type(posobj), 200)
        )));
    }
    let pos = longobject::as_isize(posobj)?;
    if pos < 0 {
        return Err(errors::value_error("position value cannot be negative"));
    }
    (*me(op)).pos = pos;
    if dict != object::none() {
        if !dictobject::check(dict) {
            return Err(errors::type_error(&format!(
                "third item of state should be a dict, got a {}",
                object::type_name_trunc(object::py_type(dict), 200)
            )));
        }
        let s = me(op);
        if (*s).dict.is_null() {
            (*s).dict = nref(dict).into_raw();
        } else {
            dictobject::update((*s).dict, dict)?;
        }
    }
    Ok(none())
});

noargs!(bytesio_sizeof, |op| {
    let mut n = (*object::py_type(op)).tp_basicsize as usize;
    if let Some(b) = (*me(op)).buf.as_deref() {
        if b.capacity() > 0 {
            // The bytes object CPython keeps: header (33 bytes) plus the data.
            n += 33 + b.capacity();
        }
    }
    longobject::from_usize(n)
});

unsafe extern "C" fn bytesio_iternext(op: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Option<Ref>> {
        buf(op)?;
        let n = scan_eol(op, -1)?;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(read_bytes(op, n as isize)?))
    })();
    match r {
        Ok(Some(l)) => l.into_raw(),
        _ => null_mut(),
    }
}

/// Whether `op` is exactly a BytesIO (not a subclass), for the buffered layer's fast paths.
pub unsafe fn is_exact_bytesio(op: *mut PyObject) -> bool {
    object::py_type(op) == &raw mut PyBytesIO_Type
}
