//! `_io.FileIO` (CPython's Modules/_io/fileio.c): the raw stream over an OS file descriptor.
//! Opens by name (str, bytes, path-like), by descriptor or through an opener, with
//! close-on-exec; reads and writes make one system call each (EINTR retried, EAGAIN giving
//! None); readall sizes its buffer from fstat; an unclosed file warns (ResourceWarning) when
//! it is finalized.

use super::iobase::{finalize_from_dealloc, free_object};
use super::*;
use crate::abi::structmember::{T_BOOL, T_UINT};
use crate::modules::posixmodule::args::set_errno;

#[repr(C)]
pub struct FileIOObject {
    pub ob_base: PyObject,
    pub fd: c_int,
    pub created: u8,
    pub readable: u8,
    pub writable: u8,
    pub appending: u8,
    /// -1 unknown, 0 no, 1 yes (learned from the first lseek).
    pub seekable: i8,
    pub closefd: u8,
    /// `_finalizing`: close() runs from finalization.
    pub finalizing: u8,
    pub blksize: u32,
    pub weakreflist: *mut PyObject,
    pub dict: *mut PyObject,
}

const SMALLCHUNK: usize = 8 * 1024;

pub static mut PyFileIO_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(fileio_dealloc),
    tp_repr: Some(fileio_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(fileio_traverse),
    tp_clear: Some(fileio_clear),
    tp_weaklistoffset: core::mem::offset_of!(FileIOObject, weakreflist) as Py_ssize_t,
    tp_dictoffset: core::mem::offset_of!(FileIOObject, dict) as Py_ssize_t,
    tp_init: Some(fileio_init),
    tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
    tp_new: Some(fileio_new),
    tp_free: Some(crate::objects::typeobject::gc_del),
    tp_base: &raw mut super::iobase::PyRawIOBase_Type,
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io.FileIO",
        core::mem::size_of::<FileIOObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

pub(crate) unsafe fn prepare_type() {
    PyFileIO_Type.tp_doc = docs::doc("FileIO");
    let mut t = Table::new("FileIO");
    t.fast(c"read", fileio_read)
        .noargs(c"readall", fileio_readall)
        .o(c"readinto", fileio_readinto)
        .o(c"write", fileio_write)
        .fast(c"seek", fileio_seek)
        .noargs(c"tell", fileio_tell)
        .fast(c"truncate", fileio_truncate)
        .noargs(c"close", fileio_close)
        .noargs(c"seekable", fileio_seekable)
        .noargs(c"readable", fileio_readable)
        .noargs(c"writable", fileio_writable)
        .noargs(c"fileno", fileio_fileno)
        .noargs(c"isatty", fileio_isatty)
        .o(c"_dealloc_warn", fileio_dealloc_warn)
        .getset(c"closed", fileio_get_closed, None)
        .getset(c"closefd", fileio_get_closefd, None)
        .getset(c"mode", fileio_get_mode, None)
        .member(
            c"_blksize",
            T_UINT,
            core::mem::offset_of!(FileIOObject, blksize),
            0,
        )
        .member(
            c"_finalizing",
            T_BOOL,
            core::mem::offset_of!(FileIOObject, finalizing),
            0,
        );
    t.install(&raw mut PyFileIO_Type);
}

#[inline]
unsafe fn me(op: *mut PyObject) -> *mut FileIOObject {
    op as *mut FileIOObject
}

/// Whether `op` is a FileIO (or subclass) instance.
pub unsafe fn is_fileio(op: *mut PyObject) -> bool {
    crate::objects::typeobject::type_check(op, &raw mut PyFileIO_Type)
}

fn err_closed() -> ErrSet {
    errors::value_error("I/O operation on closed file")
}

fn err_mode(action: &str) -> ErrSet {
    unsupported(&format!("File not open for {action}"))
}

/// `internal_close`: closes the descriptor (once) with the GIL released.
unsafe fn internal_close(s: *mut FileIOObject) -> PyResult<()> {
    if (*s).fd < 0 {
        return Ok(());
    }
    let fd = (*s).fd;
    (*s).fd = -1;
    let ts = crate::lifecycle::ceval_gil::save_thread();
    let err = libc::close(fd);
    let e = crate::modules::posixmodule::args::errno();
    crate::lifecycle::ceval_gil::restore_thread(ts);
    if err < 0 {
        set_errno(e);
        return Err(crate::modules::posixmodule::posix_error());
    }
    Ok(())
}

unsafe extern "C" fn fileio_new(
    tp: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    let alloc = (*tp)
        .tp_alloc
        .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
    let op = alloc(tp, 0);
    if !op.is_null() {
        let s = me(op);
        (*s).fd = -1;
        (*s).created = 0;
        (*s).readable = 0;
        (*s).writable = 0;
        (*s).appending = 0;
        (*s).seekable = -1;
        (*s).blksize = 0;
        (*s).closefd = 1;
        (*s).weakreflist = null_mut();
    }
    op
}

static INIT_SIG: crate::modules::posixmodule::args::Sig = crate::modules::posixmodule::args::Sig {
    name: "FileIO",
    params: &["file", "mode", "closefd", "opener"],
    posonly: 0,
    maxpos: 4,
    required: 1,
};

/// `PyUnicode_FSConverter`: the bytes naming a path (str encoded with the file-system codec,
/// bytes as they are, path-likes through `__fspath__`), without NUL bytes.
pub(crate) unsafe fn fs_converter(o: *mut PyObject) -> PyResult<Ref> {
    let path = crate::modules::posixmodule::fspath(o)?;
    let b = if unicodeobject::is_str(path.as_ptr()) {
        unicodeobject::encode_fs_default(path.as_ptr())?
    } else {
        path
    };
    if bytesobject::as_slice(b.as_ptr()).contains(&0) {
        return Err(errors::value_error("embedded null byte"));
    }
    Ok(b)
}

unsafe extern "C" fn fileio_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| -> PyResult<()> {
        let a = bind_tuple(&INIT_SIG, args, kwds)?;
        let nameobj = a[0];
        let mode = if a[1].is_null() {
            "r".to_string()
        } else {
            if !unicodeobject::is_str(a[1]) {
                return Err(bad_argument("FileIO", "argument 'mode'", "str", a[1]));
            }
            str_arg_text(a[1])?
        };
        let closefd = if a[2].is_null() {
            true
        } else {
            int_arg(a[2])? != 0
        };
        let opener = if a[3].is_null() { object::none() } else { a[3] };
        init_impl(op, nameobj, &mode, closefd, opener)
    })())
}

unsafe fn init_impl(
    op: *mut PyObject,
    nameobj: *mut PyObject,
    mode: &str,
    closefd: bool,
    opener: *mut PyObject,
) -> PyResult<()> {
    let s = me(op);
    if (*s).fd >= 0 {
        if (*s).closefd != 0 {
            internal_close(s)?;
        } else {
            (*s).fd = -1;
        }
    }
    let mut fd: c_int = -1;
    if !crate::objects::floatobject::is_float(nameobj) {
        match longobject::as_c_int(nameobj) {
            Ok(v) => {
                if v < 0 {
                    return Err(errors::value_error("negative file descriptor"));
                }
                fd = v;
            }
            Err(_) => errors::clear(),
        }
    }
    let name_bytes = if fd < 0 {
        Some(fs_converter(nameobj)?)
    } else {
        None
    };

    let bad_mode = || {
        errors::value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        )
    };
    let (mut rwa, mut plus) = (false, false);
    let mut flags: c_int = 0;
    (*s).created = 0;
    (*s).readable = 0;
    (*s).writable = 0;
    (*s).appending = 0;
    for c in mode.chars() {
        match c {
            'x' | 'r' | 'w' | 'a' => {
                if rwa {
                    return Err(bad_mode());
                }
                rwa = true;
                match c {
                    'x' => {
                        (*s).created = 1;
                        (*s).writable = 1;
                        flags |= libc::O_EXCL | libc::O_CREAT;
                    }
                    'r' => (*s).readable = 1,
                    'w' => {
                        (*s).writable = 1;
                        flags |= libc::O_CREAT | libc::O_TRUNC;
                    }
                    _ => {
                        (*s).writable = 1;
                        (*s).appending = 1;
                        flags |= libc::O_APPEND | libc::O_CREAT;
                    }
                }
            }
            'b' => {}
            '+' => {
                if plus {
                    return Err(bad_mode());
                }
                (*s).readable = 1;
                (*s).writable = 1;
                plus = true;
            }
            _ => {
                let m: String = mode.chars().take(200).collect();
                return Err(errors::value_error(&format!("invalid mode: {m}")));
            }
        }
    }
    if !rwa {
        return Err(bad_mode());
    }
    flags |= if (*s).readable != 0 && (*s).writable != 0 {
        libc::O_RDWR
    } else if (*s).readable != 0 {
        libc::O_RDONLY
    } else {
        libc::O_WRONLY
    };
    flags |= libc::O_CLOEXEC;

    let mut fd_is_own = false;
    let r = (|| -> PyResult<()> {
        if fd >= 0 {
            (*s).fd = fd;
            (*s).closefd = closefd as u8;
        } else {
            (*s).closefd = 1;
            if !closefd {
                return Err(errors::value_error(
                    "Cannot use closefd=False with file name",
                ));
            }
            if opener == object::none() {
                let path = std::ffi::CString::new(bytesobject::as_slice(
                    name_bytes.as_ref().unwrap().as_ptr(),
                ))
                .map_err(|_| errors::value_error("embedded null byte"))?;
                loop {
                    let ts = crate::lifecycle::ceval_gil::save_thread();
                    let nfd = libc::open(path.as_ptr(), flags, 0o666 as libc::c_uint);
                    let e = crate::modules::posixmodule::args::errno();
                    crate::lifecycle::ceval_gil::restore_thread(ts);
                    (*s).fd = nfd;
                    if nfd >= 0 {
                        break;
                    }
                    set_errno(e);
                    if e == libc::EINTR {
                        crate::modules::signalmodule::check_signals()?;
                        continue;
                    }
                    return Err(errors::set_from_errno_with_filenames(
                        PyExc_OSError,
                        nameobj,
                        null_mut(),
                    ));
                }
                fd_is_own = true;
            } else {
                let fl = int(flags as i64)?;
                let fdobj = callf(opener, &[nameobj, fl.as_ptr()])?;
                if !longobject::is_int(fdobj.as_ptr()) {
                    return Err(errors::type_error("expected integer from opener"));
                }
                let v = longobject::as_c_int(fdobj.as_ptr())?;
                (*s).fd = v;
                fd_is_own = true;
                if v < 0 {
                    return Err(errors::value_error(&format!("opener returned {v}")));
                }
                // The opener may not have asked for close-on-exec.
                crate::modules::posixmodule::fileutils::set_inheritable(v, false)?;
            }
        }
        (*s).blksize = DEFAULT_BUFFER_SIZE as u32;
        let mut st: libc::stat = core::mem::zeroed();
        let ts = crate::lifecycle::ceval_gil::save_thread();
        let fr = libc::fstat((*s).fd, &mut st);
        let e = crate::modules::posixmodule::args::errno();
        crate::lifecycle::ceval_gil::restore_thread(ts);
        if fr < 0 {
            // Only EBADF is fatal (an fstat that fails otherwise is tolerated, bpo-25717).
            if e == libc::EBADF {
                set_errno(e);
                return Err(crate::modules::posixmodule::posix_error());
            }
        } else {
            if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
                set_errno(libc::EISDIR);
                return Err(errors::set_from_errno_with_filenames(
                    PyExc_OSError,
                    nameobj,
                    null_mut(),
                ));
            }
            if st.st_blksize > 1 {
                (*s).blksize = st.st_blksize as u32;
            }
        }
        object::set_attr(op, id("name"), nameobj)?;
        if (*s).appending != 0 {
            portable_lseek(s, null_mut(), libc::SEEK_END, true)?;
        }
        Ok(())
    })();
    if r.is_err() {
        if !fd_is_own {
            (*s).fd = -1;
        }
        if (*s).fd >= 0 {
            let (t, v, tb) = errors::fetch();
            let _ = internal_close(s);
            errors::chain_exceptions(t, v, tb);
        }
    }
    r
}

unsafe extern "C" fn fileio_traverse(
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

unsafe extern "C" fn fileio_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*me(op)).dict, null_mut());
    0
}

unsafe extern "C" fn fileio_dealloc(op: *mut PyObject) {
    (*me(op)).finalizing = 1;
    if !finalize_from_dealloc(op) {
        return;
    }
    crate::mem::gc::untrack(op);
    if !(*me(op)).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    object::replace_slot(&raw mut (*me(op)).dict, null_mut());
    free_object(op);
}

noargs!(fileio_close, |op| {
    let s = me(op);
    let res = call::call_method(
        (&raw mut super::iobase::PyRawIOBase_Type).cast(),
        id("close"),
        &[op],
    );
    if (*s).closefd == 0 {
        (*s).fd = -1;
        return res;
    }
    let saved = if res.is_err() {
        Some(errors::fetch())
    } else {
        None
    };
    if (*s).finalizing != 0 {
        if dealloc_warn(s, op).is_err() {
            errors::clear();
        }
    }
    let rc = internal_close(s);
    if let Some((t, v, tb)) = saved {
        errors::chain_exceptions(t, v, tb);
    }
    match (res, rc) {
        (Ok(r), Ok(())) => Ok(r),
        _ => Err(ErrSet::assume_set()),
    }
});

/// `fileio_dealloc_warn`: "unclosed file" ResourceWarning while the descriptor is still ours.
unsafe fn dealloc_warn(s: *mut FileIOObject, source: *mut PyObject) -> PyResult<()> {
    if (*s).fd >= 0 && (*s).closefd != 0 {
        let (t, v, tb) = errors::fetch();
        let text = match object::repr(source) {
            Ok(r) => object::str_text(r.as_ptr()),
            Err(_) => {
                errors::clear();
                String::from("<object>")
            }
        };
        if crate::modules::warnings::resource_warning(source, &format!("unclosed file {text}"), 1)
            .is_err()
        {
            // Spurious errors can appear at shutdown.
            if errors::exception_matches(PyExc_Warning) {
                errors::write_unraisable(s.cast());
            } else {
                errors::clear();
            }
        }
        let _ = errors::restore(t, v, tb);
    }
    Ok(())
}

meth_o!(fileio_dealloc_warn, |op, source| {
    dealloc_warn(me(op), source)?;
    Ok(none())
});

noargs!(fileio_fileno, |op| {
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    int((*s).fd as i64)
});

noargs!(fileio_readable, |op| {
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    Ok(boolean((*s).readable != 0))
});

noargs!(fileio_writable, |op| {
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    Ok(boolean((*s).writable != 0))
});

noargs!(fileio_seekable, |op| {
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    if (*s).seekable < 0 {
        if portable_lseek(s, null_mut(), libc::SEEK_CUR, false).is_err() {
            errors::clear();
        }
    }
    Ok(boolean((*s).seekable > 0))
});

/// One read(2) with the GIL released: EINTR runs signal handlers and retries (PEP 475),
/// EAGAIN is `Ok(None)` (non-blocking, nothing available).
pub(crate) unsafe fn read_fd(fd: c_int, buf: *mut u8, len: usize) -> PyResult<Option<usize>> {
    let len = len.min(isize::MAX as usize);
    loop {
        let ts = crate::lifecycle::ceval_gil::save_thread();
        let n = libc::read(fd, buf.cast(), len);
        let e = crate::modules::posixmodule::args::errno();
        crate::lifecycle::ceval_gil::restore_thread(ts);
        if n >= 0 {
            return Ok(Some(n as usize));
        }
        if e == libc::EINTR {
            crate::modules::signalmodule::check_signals()?;
            continue;
        }
        if e == libc::EAGAIN {
            return Ok(None);
        }
        set_errno(e);
        return Err(crate::modules::posixmodule::posix_error());
    }
}

/// One write(2), as [`read_fd`].
pub(crate) unsafe fn write_fd(fd: c_int, buf: *const u8, len: usize) -> PyResult<Option<usize>> {
    let len = len.min(isize::MAX as usize);
    loop {
        let ts = crate::lifecycle::ceval_gil::save_thread();
        let n = libc::write(fd, buf.cast(), len);
        let e = crate::modules::posixmodule::args::errno();
        crate::lifecycle::ceval_gil::restore_thread(ts);
        if n >= 0 {
            return Ok(Some(n as usize));
        }
        if e == libc::EINTR {
            crate::modules::signalmodule::check_signals()?;
            continue;
        }
        if e == libc::EAGAIN {
            return Ok(None);
        }
        set_errno(e);
        return Err(crate::modules::posixmodule::posix_error());
    }
}

meth_o!(fileio_readinto, |op, arg| {
    let buf = rw_buffer("readinto", arg)?;
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    if (*s).readable == 0 {
        return Err(err_mode("reading"));
    }
    match read_fd((*s).fd, buf.as_mut_ptr(), buf.len())? {
        Some(n) => longobject::from_usize(n),
        None => Ok(none()),
    }
});

/// `new_buffersize`: grow proportionally (amortized linear), never by less than SMALLCHUNK.
fn new_buffersize(current: usize) -> usize {
    let addend = if current > 65536 {
        current >> 3
    } else {
        256 + current
    };
    current + addend.max(SMALLCHUNK)
}

unsafe fn readall(s: *mut FileIOObject) -> PyResult<Ref> {
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    let ts = crate::lifecycle::ceval_gil::save_thread();
    let pos = libc::lseek((*s).fd, 0, libc::SEEK_CUR);
    let mut st: libc::stat = core::mem::zeroed();
    let fr = libc::fstat((*s).fd, &mut st);
    crate::lifecycle::ceval_gil::restore_thread(ts);
    let end: i64 = if fr == 0 { st.st_size } else { -1 };
    let mut bufsize = if end > 0 && end >= pos && pos >= 0 && end - pos < isize::MAX as i64 {
        (end - pos + 1) as usize
    } else {
        SMALLCHUNK
    };
    let mut result: Vec<u8> = Vec::new();
    result
        .try_reserve_exact(bufsize)
        .map_err(|_| errors::no_memory())?;
    result.resize(bufsize, 0);
    let mut bytes_read = 0usize;
    loop {
        if bytes_read >= bufsize {
            bufsize = new_buffersize(bytes_read);
            if bufsize > isize::MAX as usize {
                return Err(errors::overflow_error(
                    "unbounded read returned more bytes than a Python bytes object can hold",
                ));
            }
            if result.len() < bufsize {
                result
                    .try_reserve(bufsize - result.len())
                    .map_err(|_| errors::no_memory())?;
                result.resize(bufsize, 0);
            }
        }
        match read_fd(
            (*s).fd,
            result.as_mut_ptr().add(bytes_read),
            bufsize - bytes_read,
        )? {
            Some(0) => break,
            Some(n) => bytes_read += n,
            None => {
                if bytes_read > 0 {
                    break;
                }
                return Ok(none());
            }
        }
    }
    bytes(&result[..bytes_read])
}

noargs!(fileio_readall, |op| { readall(me(op)) });

fast!(fileio_read, "read", 0, 1, |op, a| {
    let size = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    if (*s).readable == 0 {
        return Err(err_mode("reading"));
    }
    if size < 0 {
        return readall(s);
    }
    let mut buf: Vec<u8> = Vec::new();
    buf.try_reserve_exact(size as usize)
        .map_err(|_| errors::no_memory())?;
    buf.resize(size as usize, 0);
    match read_fd((*s).fd, buf.as_mut_ptr(), size as usize)? {
        Some(n) => bytes(&buf[..n]),
        None => Ok(none()),
    }
});

meth_o!(fileio_write, |op, arg| {
    let b = ro_buffer("write", arg)?;
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    if (*s).writable == 0 {
        return Err(err_mode("writing"));
    }
    match write_fd((*s).fd, b.as_slice().as_ptr(), b.len())? {
        Some(n) => longobject::from_usize(n),
        None => Ok(none()),
    }
});

/// `portable_lseek`: lseek with the GIL released; learns `seekable` from the first call;
/// `suppress_pipe_error` turns ESPIPE into position 0 (appending to a pipe).
unsafe fn portable_lseek(
    s: *mut FileIOObject,
    posobj: *mut PyObject,
    whence: c_int,
    suppress_pipe_error: bool,
) -> PyResult<Ref> {
    let pos: i64 = if posobj.is_null() {
        0
    } else {
        longobject::as_i64(posobj)?
    };
    let ts = crate::lifecycle::ceval_gil::save_thread();
    let mut res = libc::lseek((*s).fd, pos, whence);
    let e = crate::modules::posixmodule::args::errno();
    crate::lifecycle::ceval_gil::restore_thread(ts);
    if (*s).seekable < 0 {
        (*s).seekable = (res >= 0) as i8;
    }
    if res < 0 {
        if suppress_pipe_error && e == libc::ESPIPE {
            res = 0;
        } else {
            set_errno(e);
            return Err(crate::modules::posixmodule::posix_error());
        }
    }
    int(res)
}

fast!(fileio_seek, "seek", 1, 2, |op, a| {
    let whence = if a.len() > 1 { int_arg(a[1])? } else { 0 };
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    portable_lseek(s, a[0], whence, false)
});

noargs!(fileio_tell, |op| {
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    portable_lseek(s, null_mut(), libc::SEEK_CUR, false)
});

fast!(fileio_truncate, "truncate", 0, 1, |op, a| {
    let s = me(op);
    let fd = (*s).fd;
    if fd < 0 {
        return Err(err_closed());
    }
    if (*s).writable == 0 {
        return Err(err_mode("writing"));
    }
    let posobj = if a.is_empty() || a[0] == object::none() {
        portable_lseek(s, null_mut(), libc::SEEK_CUR, false)?
    } else {
        nref(a[0])
    };
    let pos = longobject::as_i64(posobj.as_ptr())?;
    let ts = crate::lifecycle::ceval_gil::save_thread();
    let ret = libc::ftruncate(fd, pos);
    let e = crate::modules::posixmodule::args::errno();
    crate::lifecycle::ceval_gil::restore_thread(ts);
    if ret != 0 {
        set_errno(e);
        return Err(crate::modules::posixmodule::posix_error());
    }
    Ok(posobj)
});

/// `mode_string`.
unsafe fn mode_string(s: *mut FileIOObject) -> &'static str {
    if (*s).created != 0 {
        return if (*s).readable != 0 { "xb+" } else { "xb" };
    }
    if (*s).appending != 0 {
        return if (*s).readable != 0 { "ab+" } else { "ab" };
    }
    if (*s).readable != 0 {
        if (*s).writable != 0 {
            "rb+"
        } else {
            "rb"
        }
    } else {
        "wb"
    }
}

unsafe extern "C" fn fileio_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        let s = me(op);
        if (*s).fd < 0 {
            return string("<_io.FileIO [closed]>");
        }
        let closefd = if (*s).closefd != 0 { "True" } else { "False" };
        match lookup(op, "name")? {
            None => string(&format!(
                "<_io.FileIO fd={} mode='{}' closefd={closefd}>",
                (*s).fd,
                mode_string(s)
            )),
            Some(name) => {
                if object::repr_enter(op)? {
                    return Err(errors::set_string(
                        PyExc_RuntimeError,
                        &format!("reentrant call inside {}.__repr__", object::type_name(op)),
                    ));
                }
                let r = object::repr(name.as_ptr());
                object::repr_leave(op);
                let r = r?;
                string(&format!(
                    "<_io.FileIO name={} mode='{}' closefd={closefd}>",
                    object::str_text(r.as_ptr()),
                    mode_string(s)
                ))
            }
        }
    })())
}

noargs!(fileio_isatty, |op| {
    let s = me(op);
    if (*s).fd < 0 {
        return Err(err_closed());
    }
    let ts = crate::lifecycle::ceval_gil::save_thread();
    let r = libc::isatty((*s).fd);
    crate::lifecycle::ceval_gil::restore_thread(ts);
    Ok(boolean(r != 0))
});

getter!(fileio_get_closed, |op| { Ok(boolean((*me(op)).fd < 0)) });
getter!(fileio_get_closefd, |op| {
    Ok(boolean((*me(op)).closefd != 0))
});
getter!(fileio_get_mode, |op| { string(mode_string(me(op))) });
