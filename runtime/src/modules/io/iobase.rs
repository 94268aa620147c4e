//! The abstract I/O bases (CPython's Modules/_io/iobase.c, plus the `_BufferedIOBase` and
//! `_TextIOBase` parts of bufferedio.c and textio.c): `_IOBase` with its default methods
//! (closing through `__IOBase_closed`, the context manager, iteration by lines, readline(s)
//! and writelines over read/peek/write, finalization that closes), `_RawIOBase` (read and
//! readall over readinto), `_BufferedIOBase` (readinto over read) and `_TextIOBase`.

use super::*;
use crate::objects::{bytearrayobject, listobject};

/// `iobase`: the instance layout `_IOBase` gives every I/O object without its own struct.
#[repr(C)]
pub struct IOBaseObject {
    pub ob_base: PyObject,
    pub dict: *mut PyObject,
    pub weakreflist: *mut PyObject,
}

const IOBASE_FLAGS: core::ffi::c_ulong =
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;

pub static mut PyIOBase_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(iobase_dealloc),
    tp_traverse: Some(iobase_traverse),
    tp_clear: Some(iobase_clear),
    tp_weaklistoffset: core::mem::offset_of!(IOBaseObject, weakreflist) as Py_ssize_t,
    tp_dictoffset: core::mem::offset_of!(IOBaseObject, dict) as Py_ssize_t,
    tp_iter: Some(iobase_iter),
    tp_iternext: Some(iobase_iternext),
    tp_new: Some(crate::objects::typeobject::PyType_GenericNew),
    tp_finalize: Some(iobase_finalize),
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io._IOBase",
        core::mem::size_of::<IOBaseObject>() as Py_ssize_t,
        0,
        IOBASE_FLAGS,
    )
};

pub static mut PyRawIOBase_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut PyIOBase_Type,
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io._RawIOBase",
        0,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    )
};

pub static mut PyBufferedIOBase_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut PyIOBase_Type,
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io._BufferedIOBase",
        0,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    )
};

pub static mut PyTextIOBase_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut PyIOBase_Type,
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io._TextIOBase",
        0,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    )
};

/// Sets the docs and method tables of the four bases.
pub(crate) unsafe fn prepare_types() {
    PyIOBase_Type.tp_doc = docs::doc("_IOBase");
    PyRawIOBase_Type.tp_doc = docs::doc("_RawIOBase");
    PyBufferedIOBase_Type.tp_doc = docs::doc("_BufferedIOBase");
    PyTextIOBase_Type.tp_doc = docs::doc("_TextIOBase");

    let mut t = Table::new("_IOBase");
    t.varargs(c"seek", iobase_seek)
        .noargs(c"tell", iobase_tell)
        .varargs(c"truncate", iobase_truncate)
        .noargs(c"flush", iobase_flush)
        .noargs(c"close", iobase_close)
        .noargs(c"seekable", iobase_false)
        .noargs(c"readable", iobase_false)
        .noargs(c"writable", iobase_false)
        .noargs(c"_checkClosed", iobase_check_closed_m)
        .noargs(c"_checkSeekable", iobase_check_seekable_m)
        .noargs(c"_checkReadable", iobase_check_readable_m)
        .noargs(c"_checkWritable", iobase_check_writable_m)
        .noargs(c"fileno", iobase_fileno)
        .noargs(c"isatty", iobase_isatty)
        .noargs(c"__enter__", iobase_enter)
        .varargs(c"__exit__", iobase_exit)
        .fast(c"readline", iobase_readline)
        .fast(c"readlines", iobase_readlines)
        .o(c"writelines", iobase_writelines)
        .getset(c"__dict__", iobase_get_dict, None)
        .getset(c"closed", iobase_closed_get, None);
    t.install(&raw mut PyIOBase_Type);

    let mut t = Table::new("_RawIOBase");
    t.fast(c"read", rawiobase_read)
        .noargs(c"readall", rawiobase_readall)
        .varargs(c"readinto", rawiobase_not_implemented)
        .varargs(c"write", rawiobase_not_implemented);
    t.install(&raw mut PyRawIOBase_Type);

    let mut t = Table::new("_BufferedIOBase");
    t.noargs(c"detach", bufferediobase_detach)
        .varargs(c"read", bufferediobase_read)
        .varargs(c"read1", bufferediobase_read1)
        .o(c"readinto", bufferediobase_readinto)
        .o(c"readinto1", bufferediobase_readinto1)
        .varargs(c"write", bufferediobase_write);
    t.install(&raw mut PyBufferedIOBase_Type);

    let mut t = Table::new("_TextIOBase");
    t.noargs(c"detach", textiobase_detach)
        .varargs(c"read", textiobase_read)
        .varargs(c"readline", textiobase_readline)
        .varargs(c"write", textiobase_write)
        .getset(c"encoding", textiobase_none, None)
        .getset(c"newlines", textiobase_none, None)
        .getset(c"errors", textiobase_none, None);
    t.install(&raw mut PyTextIOBase_Type);
}

// ---- closed state ----

/// `iobase_is_closed`: whether `__IOBase_closed` is set (the base's own state).
unsafe fn is_closed_internal(op: *mut PyObject) -> PyResult<bool> {
    Ok(lookup(op, "__IOBase_closed")?.is_some())
}

/// `iobase_check_closed`: ValueError when the (possibly overridden) `closed` attribute is true.
pub(crate) unsafe fn check_closed(op: *mut PyObject) -> PyResult<()> {
    if let Some(res) = lookup(op, "closed")? {
        if object::is_true(res.as_ptr())? {
            return Err(closed_error());
        }
    }
    Ok(())
}

/// `_PyIOBase_check_seekable`/readable/writable: calls the predicate, UnsupportedOperation
/// unless it returned True exactly.
pub(crate) unsafe fn check_capability(
    op: *mut PyObject,
    meth: &'static str,
    msg: &str,
) -> PyResult<Ref> {
    let res = callm(op, meth, &[])?;
    if res.as_ptr() != crate::objects::boolobject::py_true() {
        return Err(unsupported(msg));
    }
    Ok(res)
}

pub(crate) unsafe fn check_seekable(op: *mut PyObject) -> PyResult<Ref> {
    check_capability(op, "seekable", "File or stream is not seekable.")
}
pub(crate) unsafe fn check_readable(op: *mut PyObject) -> PyResult<Ref> {
    check_capability(op, "readable", "File or stream is not readable.")
}
pub(crate) unsafe fn check_writable(op: *mut PyObject) -> PyResult<Ref> {
    check_capability(op, "writable", "File or stream is not writable.")
}

noargs!(iobase_check_closed_m, |op| {
    check_closed(op)?;
    Ok(none())
});
noargs!(iobase_check_seekable_m, |op| { check_seekable(op) });
noargs!(iobase_check_readable_m, |op| { check_readable(op) });
noargs!(iobase_check_writable_m, |op| { check_writable(op) });

unsafe extern "C" fn iobase_seek(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Err(unsupported("seek")))
}
unsafe extern "C" fn iobase_truncate(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Err(unsupported("truncate")))
}
noargs!(iobase_tell, |op| {
    let (z, one) = (int(0)?, int(1)?);
    callm(op, "seek", &[z.as_ptr(), one.as_ptr()])
});
noargs!(iobase_flush, |op| {
    if is_closed_internal(op)? {
        return Err(closed_error());
    }
    Ok(none())
});
getter!(iobase_closed_get, |op| {
    Ok(boolean(is_closed_internal(op)?))
});
getter!(iobase_get_dict, |op| { object::generic_get_dict(op) });

noargs!(iobase_close, |op| {
    if is_closed_internal(op)? {
        return Ok(none());
    }
    let res = callm(op, "flush", &[]);
    let (t, v, tb) = errors::fetch();
    let rc = object::set_attr(
        op,
        id("__IOBase_closed"),
        crate::objects::boolobject::py_true(),
    );
    errors::chain_exceptions(t, v, tb);
    match (res, rc) {
        (Ok(_), Ok(())) => Ok(none()),
        _ => Err(ErrSet::assume_set()),
    }
});

noargs!(iobase_false, |_op| { Ok(boolean(false)) });
noargs!(iobase_fileno, |_op| { Err(unsupported("fileno")) });
noargs!(iobase_isatty, |op| {
    check_closed(op)?;
    Ok(boolean(false))
});
noargs!(iobase_enter, |op| {
    check_closed(op)?;
    Ok(nref(op))
});
unsafe extern "C" fn iobase_exit(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(callm(op, "close", &[]))
}

// ---- finalization ----

/// `iobase_finalize` (tp_finalize): closes the object unless it is closed or unusable,
/// setting `_finalizing` first so close() knows; errors are dropped (printed in dev mode).
pub(crate) unsafe extern "C" fn iobase_finalize(op: *mut PyObject) {
    let (t, v, tb) = errors::fetch();
    let closed = match lookup(op, "closed") {
        Ok(Some(res)) => match object::is_true(res.as_ptr()) {
            Ok(b) => Some(b),
            Err(_) => {
                errors::clear();
                None
            }
        },
        _ => {
            errors::clear();
            None
        }
    };
    if closed == Some(false) {
        if object::set_attr(op, id("_finalizing"), crate::objects::boolobject::py_true()).is_err() {
            errors::clear();
        }
        if callm(op, "close", &[]).is_err() {
            let interp = crate::lifecycle::pystate::current_interpreter();
            if !interp.is_null() && (*interp).config.dev_mode != 0 {
                errors::write_unraisable(op);
            } else {
                errors::clear();
            }
        }
    }
    let _ = errors::restore(t, v, tb);
}

/// `_PyIOBase_finalize` from a dealloc: runs the finalizer with the object revived; false
/// when it was resurrected (the dealloc must stop).
pub(crate) unsafe fn finalize_from_dealloc(op: *mut PyObject) -> bool {
    if (*op).ob_refcnt == 0 {
        if crate::mem::gc::call_finalizer_from_dealloc(op) < 0 {
            if object::has_feature(object::py_type(op), Py_TPFLAGS_HEAPTYPE) {
                object::incref(object::py_type(op).cast());
            }
            return false;
        }
    } else {
        crate::mem::gc::call_finalizer(op);
    }
    true
}

/// Frees an I/O object's memory with its type's `tp_free`.
pub(crate) unsafe fn free_object(op: *mut PyObject) {
    let tp = object::py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => crate::objects::typeobject::gc_del(op.cast()),
    }
}

unsafe extern "C" fn iobase_dealloc(op: *mut PyObject) {
    if !finalize_from_dealloc(op) {
        return;
    }
    crate::mem::gc::untrack(op);
    let s = op as *mut IOBaseObject;
    if !(*s).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    object::replace_slot(&raw mut (*s).dict, null_mut());
    free_object(op);
}

unsafe extern "C" fn iobase_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let d = (*(op as *mut IOBaseObject)).dict;
    match visit {
        Some(v) if !d.is_null() => v(d, arg),
        _ => 0,
    }
}

unsafe extern "C" fn iobase_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*(op as *mut IOBaseObject)).dict, null_mut());
    0
}

// ---- iteration and lines ----

unsafe extern "C" fn iobase_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(check_closed(op).map(|_| nref(op)))
}

unsafe extern "C" fn iobase_iternext(op: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Option<Ref>> {
        let line = callm(op, "readline", &[])?;
        let n = size_of(line.as_ptr())?;
        Ok(if n <= 0 { None } else { Some(line) })
    })();
    match r {
        Ok(Some(l)) => l.into_raw(),
        _ => null_mut(),
    }
}

/// `PyObject_Size`.
pub(crate) unsafe fn size_of(o: *mut PyObject) -> PyResult<isize> {
    crate::objects::r#abstract::mapping::size(o)
}

fast!(iobase_readline, "readline", 0, 1, |op, a| {
    let limit = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    readline_generic(op, limit)
});

/// `_io__IOBase_readline_impl`: a line by `peek`-sized (or one-byte) reads.
pub(crate) unsafe fn readline_generic(op: *mut PyObject, limit: isize) -> PyResult<Ref> {
    let peek = lookup(op, "peek")?;
    let mut buffer: Vec<u8> = Vec::new();
    while limit < 0 || (buffer.len() as isize) < limit {
        let mut nreadahead: isize = 1;
        if let Some(peek) = &peek {
            let one = int(1)?;
            let readahead = match crate::objects::call::call_one_arg(peek.as_ptr(), one.as_ptr()) {
                Ok(r) => r,
                Err(e) => {
                    if trap_eintr() {
                        continue;
                    }
                    return Err(e);
                }
            };
            if !bytesobject::is_bytes(readahead.as_ptr()) {
                return Err(errors::set_string(
                    PyExc_OSError,
                    &format!(
                        "peek() should have returned a bytes object, not '{}'",
                        object::type_name_trunc(readahead.ob_type(), 200)
                    ),
                ));
            }
            let buf = bytesobject::as_slice(readahead.as_ptr());
            if !buf.is_empty() {
                let mut n = 0;
                while n < buf.len() && (limit < 0 || (n as isize) < limit) {
                    n += 1;
                    if buf[n - 1] == b'\n' {
                        break;
                    }
                }
                nreadahead = n as isize;
            }
        }
        let nobj = longobject::from_isize(nreadahead)?;
        let b = match callm(op, "read", &[nobj.as_ptr()]) {
            Ok(b) => b,
            Err(e) => {
                if trap_eintr() {
                    continue;
                }
                return Err(e);
            }
        };
        if !bytesobject::is_bytes(b.as_ptr()) {
            return Err(errors::set_string(
                PyExc_OSError,
                &format!(
                    "read() should have returned a bytes object, not '{}'",
                    object::type_name_trunc(b.ob_type(), 200)
                ),
            ));
        }
        let data = bytesobject::as_slice(b.as_ptr());
        if data.is_empty() {
            break;
        }
        buffer.extend_from_slice(data);
        if buffer.last() == Some(&b'\n') {
            break;
        }
    }
    bytes(&buffer)
}

fast!(iobase_readlines, "readlines", 0, 1, |op, a| {
    let hint = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    readlines_generic(op, hint)
});

/// `_io__IOBase_readlines_impl`: lines by iteration until their total passes `hint`.
pub(crate) unsafe fn readlines_generic(op: *mut PyObject, hint: isize) -> PyResult<Ref> {
    let result = listobject::new(0)?;
    if hint <= 0 {
        listobject::extend(result.as_ptr(), op)?;
        return Ok(result);
    }
    let it = crate::objects::r#abstract::iter::get_iter(op)?;
    let mut length: isize = 0;
    while let Some(line) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
        listobject::append(result.as_ptr(), line.as_ptr())?;
        let n = size_of(line.as_ptr())?;
        if n > hint - length {
            break;
        }
        length += n;
    }
    Ok(result)
}

meth_o!(iobase_writelines, |op, lines| {
    check_closed(op)?;
    let it = crate::objects::r#abstract::iter::get_iter(lines)?;
    while let Some(line) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
        loop {
            match callm(op, "write", &[line.as_ptr()]) {
                Ok(_) => break,
                Err(e) => {
                    if trap_eintr() {
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }
    Ok(none())
});

// ---- _RawIOBase ----

fast!(rawiobase_read, "read", 0, 1, |op, a| {
    let n = if a.is_empty() { -1 } else { ssize_arg(a[0])? };
    if n < 0 {
        return callm(op, "readall", &[]);
    }
    let b = bytearrayobject::new_sized(n)?;
    let res = callm(op, "readinto", &[b.as_ptr()])?;
    if res.as_ptr() == object::none() {
        return Ok(res);
    }
    let got = crate::objects::r#abstract::number::as_ssize_t(res.as_ptr(), PyExc_ValueError)?;
    let data = bytearrayobject::as_slice(b.as_ptr());
    let got = (got.max(0) as usize).min(data.len());
    bytes(&data[..got])
});

noargs!(rawiobase_readall, |op| {
    let mut chunks: Vec<u8> = Vec::new();
    let mut any = false;
    loop {
        let size = int(DEFAULT_BUFFER_SIZE as i64)?;
        let data = match callm(op, "read", &[size.as_ptr()]) {
            Ok(d) => d,
            Err(e) => {
                if trap_eintr() {
                    continue;
                }
                return Err(e);
            }
        };
        if data.as_ptr() == object::none() {
            if !any {
                return Ok(data);
            }
            break;
        }
        if !bytesobject::is_bytes(data.as_ptr()) {
            return Err(errors::type_error("read() should return bytes"));
        }
        let d = bytesobject::as_slice(data.as_ptr());
        if d.is_empty() {
            break;
        }
        any = true;
        chunks.extend_from_slice(d);
    }
    bytes(&chunks)
});

unsafe extern "C" fn rawiobase_not_implemented(
    _op: *mut PyObject,
    _a: *mut PyObject,
) -> *mut PyObject {
    let _ = errors::set_none(PyExc_NotImplementedError);
    null_mut()
}

// ---- _BufferedIOBase ----

noargs!(bufferediobase_detach, |_op| { Err(unsupported("detach")) });
unsafe extern "C" fn bufferediobase_read(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Err(unsupported("read")))
}
unsafe extern "C" fn bufferediobase_read1(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Err(unsupported("read1")))
}
unsafe extern "C" fn bufferediobase_write(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Err(unsupported("write")))
}

/// `_bufferediobase_readinto_generic`: `read(len)` (or `read1`) copied into the buffer.
unsafe fn bufferediobase_readinto_generic(
    op: *mut PyObject,
    arg: *mut PyObject,
    one: bool,
) -> PyResult<Ref> {
    let buf = rw_buffer(if one { "readinto1" } else { "readinto" }, arg)?;
    let n = longobject::from_isize(buf.len() as isize)?;
    let data = callm(op, if one { "read1" } else { "read" }, &[n.as_ptr()])?;
    if !bytesobject::is_bytes(data.as_ptr()) {
        return Err(errors::type_error("read() should return bytes"));
    }
    let d = bytesobject::as_slice(data.as_ptr());
    if d.len() > buf.len() {
        return Err(errors::value_error(&format!(
            "read() returned too much data: {} bytes requested, {} returned",
            buf.len(),
            d.len()
        )));
    }
    core::ptr::copy_nonoverlapping(d.as_ptr(), buf.as_mut_ptr(), d.len());
    longobject::from_usize(d.len())
}

meth_o!(bufferediobase_readinto, |op, arg| {
    bufferediobase_readinto_generic(op, arg, false)
});
meth_o!(bufferediobase_readinto1, |op, arg| {
    bufferediobase_readinto_generic(op, arg, true)
});

// ---- _TextIOBase ----

noargs!(textiobase_detach, |_op| { Err(unsupported("detach")) });
unsafe extern "C" fn textiobase_read(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Err(unsupported("read")))
}
unsafe extern "C" fn textiobase_readline(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Err(unsupported("readline")))
}
unsafe extern "C" fn textiobase_write(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Err(unsupported("write")))
}
getter!(textiobase_none, |_op| { Ok(none()) });
