//! The descriptor helpers of CPython's Python/fileutils.c that libpython exports for C
//! extensions (`_posixsubprocess`, `_io`, `select`, ...): `_Py_open(_noraise)`, `_Py_read`,
//! `_Py_write(_noraise)`, `_Py_dup`, `_Py_(f)stat(_noraise)`, the inheritable/blocking flags,
//! `_Py_Uid/Gid_Converter`, and the `char**` argument arrays of exec.

use super::args::*;
use super::*;

/// `_Py_open_noraise`: open with O_CLOEXEC, retried on EINTR, no exception (-1 + errno).
///
/// # Safety
/// `path` is a NUL-terminated string.
pub unsafe fn open_noraise(path: *const c_char, flags: c_int) -> c_int {
    loop {
        let fd = libc::open(path, flags | libc::O_CLOEXEC, 0o666);
        if fd >= 0 || errno() != libc::EINTR {
            return fd;
        }
    }
}

/// `_Py_open`: as [`open_noraise`] but raising OSError (with the file name), running signal
/// handlers on EINTR.
///
/// # Safety
/// As [`open_noraise`]; GIL held.
pub unsafe fn open(path: *const c_char, flags: c_int) -> PyResult<c_int> {
    loop {
        let fd = libc::open(path, flags | libc::O_CLOEXEC, 0o666);
        if fd >= 0 {
            return Ok(fd);
        }
        if errno() == libc::EINTR {
            crate::modules::signalmodule::check_signals()?;
            continue;
        }
        let name = fs_decode(CStr::from_ptr(path).to_bytes())?;
        return Err(errors::set_from_errno_with_filenames(
            PyExc_OSError,
            name.as_ptr(),
            null_mut(),
        ));
    }
}

const MAX_IO: usize = isize::MAX as usize;

/// `_Py_read`: reads with the GIL released; EINTR runs signal handlers and retries.
///
/// # Safety
/// `buf` has room for `count` bytes; GIL held.
pub unsafe fn read(fd: c_int, buf: *mut u8, count: usize) -> PyResult<isize> {
    let count = count.min(MAX_IO);
    loop {
        let ts = crate::lifecycle::ceval_gil::save_thread();
        let n = libc::read(fd, buf.cast(), count);
        let e = errno();
        crate::lifecycle::ceval_gil::restore_thread(ts);
        if n >= 0 {
            return Ok(n);
        }
        set_errno(e);
        if e == libc::EINTR {
            crate::modules::signalmodule::check_signals()?;
            continue;
        }
        return Err(posix_error());
    }
}

/// `_Py_write`: as [`read`] for writing.
///
/// # Safety
/// `buf` holds `count` bytes; GIL held.
pub unsafe fn write(fd: c_int, buf: *const u8, count: usize) -> PyResult<isize> {
    let count = count.min(MAX_IO);
    loop {
        let ts = crate::lifecycle::ceval_gil::save_thread();
        let n = libc::write(fd, buf.cast(), count);
        let e = errno();
        crate::lifecycle::ceval_gil::restore_thread(ts);
        if n >= 0 {
            return Ok(n);
        }
        set_errno(e);
        if e == libc::EINTR {
            crate::modules::signalmodule::check_signals()?;
            continue;
        }
        return Err(posix_error());
    }
}

/// `_Py_write_noraise`: write retried on EINTR, -1 + errno on failure, no exception (usable
/// after fork).
///
/// # Safety
/// `buf` holds `count` bytes.
pub unsafe fn write_noraise(fd: c_int, buf: *const u8, count: usize) -> isize {
    loop {
        let n = libc::write(fd, buf.cast(), count.min(MAX_IO));
        if n >= 0 || errno() != libc::EINTR {
            return n;
        }
    }
}

/// `_Py_dup`: a non-inheritable duplicate.
pub fn dup(fd: c_int) -> PyResult<c_int> {
    // SAFETY: fcntl on an integer descriptor.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(posix_error());
    }
    Ok(r)
}

/// `_Py_set_inheritable_async_safe`: FD_CLOEXEC set or cleared without raising (-1 + errno).
pub fn set_inheritable_noraise(fd: c_int, inheritable: bool) -> c_int {
    // SAFETY: fcntl on an integer descriptor; async-signal-safe.
    unsafe {
        let f = libc::fcntl(fd, libc::F_GETFD);
        if f < 0 {
            return -1;
        }
        let nf = if inheritable {
            f & !libc::FD_CLOEXEC
        } else {
            f | libc::FD_CLOEXEC
        };
        if nf == f {
            return 0;
        }
        libc::fcntl(fd, libc::F_SETFD, nf)
    }
}

/// `_Py_set_inheritable`: as above, raising OSError.
pub fn set_inheritable(fd: c_int, inheritable: bool) -> PyResult<()> {
    if set_inheritable_noraise(fd, inheritable) < 0 {
        return Err(posix_error());
    }
    Ok(())
}

/// `_Py_get_inheritable`.
pub fn get_inheritable(fd: c_int) -> PyResult<bool> {
    // SAFETY: fcntl on an integer descriptor.
    let f = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    if f < 0 {
        return Err(posix_error());
    }
    Ok(f & libc::FD_CLOEXEC == 0)
}

/// `_Py_get_blocking`.
pub fn get_blocking(fd: c_int) -> PyResult<bool> {
    // SAFETY: fcntl on an integer descriptor.
    let f = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if f < 0 {
        return Err(posix_error());
    }
    Ok(f & libc::O_NONBLOCK == 0)
}

/// `_Py_set_blocking`.
pub fn set_blocking(fd: c_int, blocking: bool) -> PyResult<()> {
    // SAFETY: fcntl on an integer descriptor.
    unsafe {
        let f = libc::fcntl(fd, libc::F_GETFL);
        if f >= 0 {
            let nf = if blocking {
                f & !libc::O_NONBLOCK
            } else {
                f | libc::O_NONBLOCK
            };
            if libc::fcntl(fd, libc::F_SETFL, nf) >= 0 {
                return Ok(());
            }
        }
    }
    Err(posix_error())
}

/// `_Py_fstat_noraise`: fstat with the GIL untouched.
///
/// # Safety
/// `st` points to a `struct stat`.
pub unsafe fn fstat_noraise(fd: c_int, st: *mut libc::stat) -> c_int {
    libc::fstat(fd, st)
}

/// `_Py_fstat`: fstat with the GIL released, raising OSError.
///
/// # Safety
/// `st` points to a `struct stat`; GIL held.
pub unsafe fn fstat(fd: c_int, st: *mut libc::stat) -> PyResult<()> {
    let ts = crate::lifecycle::ceval_gil::save_thread();
    let r = libc::fstat(fd, st);
    let e = errno();
    crate::lifecycle::ceval_gil::restore_thread(ts);
    if r != 0 {
        set_errno(e);
        return Err(posix_error());
    }
    Ok(())
}

/// `_Py_stat(path, st)`: 0 on success, -1 with errno (no exception), -2 with an exception
/// when `path` cannot be encoded.
///
/// # Safety
/// `path` is a live str or bytes; `st` points to a `struct stat`.
pub unsafe fn stat_noraise(path: *mut PyObject, st: *mut libc::stat) -> c_int {
    let p = match path_arg("stat", "path", path, false, false) {
        Ok(p) => p,
        Err(_) => return -2,
    };
    libc::stat(p.as_ptr(), st)
}

/// `_Py_device_encoding(fd)`: the terminal's encoding, or None for a non-terminal.
pub fn device_encoding(fd: c_int) -> PyResult<Ref> {
    // SAFETY: isatty on an integer descriptor.
    if unsafe { libc::isatty(fd) } == 1 {
        string(&locale_encoding())
    } else {
        Ok(none())
    }
}

/// `_Py_Uid_Converter` / `_Py_Gid_Converter` (clinic "O&" converters): 1 on success, 0 with
/// an exception.
///
/// # Safety
/// `o` is live; `out` points to a uid_t/gid_t.
pub unsafe fn id_converter(o: *mut PyObject, out: *mut u32, is_uid: bool) -> c_int {
    let r = if is_uid {
        fs::uid_arg(o)
    } else {
        fs::gid_arg(o)
    };
    match r {
        Ok(v) => {
            *out = v;
            1
        }
        Err(_) => 0,
    }
}

/// `_PySequence_BytesToCharpArray`: a NULL-terminated `char*` array (each string and the
/// array from PyMem_Malloc) copied from a sequence of bytes; NULL with an exception.
///
/// # Safety
/// `seq` is live; GIL held.
pub unsafe fn bytes_to_charp_array(seq: *mut PyObject) -> *mut *mut c_char {
    let r = (|| -> PyResult<Vec<Vec<u8>>> {
        let n = crate::objects::r#abstract::sequence::size(seq)?;
        let mut out = Vec::with_capacity(n as usize);
        for i in 0..n {
            let item = crate::objects::r#abstract::sequence::get_item(seq, i)?;
            if !bytesobject::is_bytes(item.as_ptr()) {
                return Err(errors::type_error("expected bytes, str found"));
            }
            let d = core::slice::from_raw_parts(
                bytesobject::data(item.as_ptr()),
                bytesobject::size(item.as_ptr()),
            );
            out.push(d.to_vec());
        }
        Ok(out)
    })();
    let Ok(items) = r else { return null_mut() };
    let array = crate::mem::mem_malloc((items.len() + 1) * core::mem::size_of::<*mut c_char>())
        as *mut *mut c_char;
    if array.is_null() {
        let _ = errors::no_memory();
        return null_mut();
    }
    for (i, item) in items.iter().enumerate() {
        let s = crate::mem::mem_malloc(item.len() + 1) as *mut u8;
        if s.is_null() {
            *array.add(i) = null_mut();
            free_charp_array(array);
            let _ = errors::no_memory();
            return null_mut();
        }
        core::ptr::copy_nonoverlapping(item.as_ptr(), s, item.len());
        *s.add(item.len()) = 0;
        *array.add(i) = s.cast();
    }
    *array.add(items.len()) = null_mut();
    array
}

/// `_Py_FreeCharPArray`: frees what [`bytes_to_charp_array`] made.
///
/// # Safety
/// `array` is NULL-terminated and came from `bytes_to_charp_array`.
pub unsafe fn free_charp_array(array: *mut *mut c_char) {
    if array.is_null() {
        return;
    }
    let mut i = 0;
    while !(*array.add(i)).is_null() {
        crate::mem::mem_free((*array.add(i)).cast());
        i += 1;
    }
    crate::mem::mem_free(array.cast());
}

/// `_Py_fopen_obj(path, mode)`: audits "open", encodes `path` (str, bytes or os.PathLike) with
/// the filesystem encoding, fopen()s it with the GIL released (EINTR runs signal handlers and
/// retries), and makes the descriptor non-inheritable. OSError names `path` on failure.
///
/// # Safety
/// `path` is a live object, `mode` a NUL-terminated string; GIL held.
pub unsafe fn fopen_obj(path: *mut PyObject, mode: *const c_char) -> PyResult<*mut libc::FILE> {
    let mode_obj = crate::objects::unicodeobject::new_str(&CStr::from_ptr(mode).to_string_lossy())?;
    let zero = crate::objects::longobject::from_i64(0)?;
    crate::modules::sysmodule::audit("open", &[path, mode_obj.as_ptr(), zero.as_ptr()])?;
    let fs = fspath(path)?;
    let encoded = if crate::objects::unicodeobject::is_str(fs.as_ptr()) {
        crate::objects::unicodeobject::encode_fs_default(fs.as_ptr())?
    } else {
        fs
    };
    let raw = crate::objects::bytesobject::as_slice(encoded.as_ptr());
    if raw.contains(&0) {
        return Err(errors::value_error("embedded null byte"));
    }
    let cpath = crate::objects::bytesobject::data(encoded.as_ptr()) as *const c_char;
    let f = loop {
        let ts = crate::lifecycle::ceval_gil::save_thread();
        let f = libc::fopen(cpath, mode);
        let e = errno();
        crate::lifecycle::ceval_gil::restore_thread(ts);
        if !f.is_null() {
            break f;
        }
        set_errno(e);
        if e == libc::EINTR {
            crate::modules::signalmodule::check_signals()?;
            continue;
        }
        return Err(errors::set_from_errno_with_filenames(
            crate::objects::exceptions::PyExc_OSError,
            path,
            core::ptr::null_mut(),
        ));
    };
    if let Err(e) = set_inheritable(libc::fileno(f), false) {
        libc::fclose(f);
        return Err(e);
    }
    Ok(f)
}
