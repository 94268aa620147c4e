//! The buffered binary streams (CPython's Modules/_io/bufferedio.c): `BufferedReader`,
//! `BufferedWriter` and `BufferedRandom` share one implementation over a single buffer
//! (interleaved reads and writes without flushing), and `BufferedRWPair` joins a reader and a
//! writer. Each object has a lock: a call that finds it held by its own thread is a
//! "reentrant call" (RuntimeError); another thread waits with the GIL released. The raw
//! stream is driven through its Python-level methods (readinto/write/seek/tell), except that
//! an exact `FileIO` is read and written directly.

use super::fileio::{self, FileIOObject};
use super::iobase::{
    check_readable, check_seekable, check_writable, finalize_from_dealloc, free_object,
};
use super::*;
use crate::abi::pythread::PyThread_type_lock;
use crate::abi::structmember::{READONLY, T_BOOL, T_OBJECT};
use crate::lifecycle::pythread;
use crate::objects::memoryobject;

#[repr(C)]
pub struct BufferedObject {
    pub ob_base: PyObject,
    pub raw: *mut PyObject,
    /// Initialized (`__init__` completed)?
    pub ok: c_int,
    pub detached: c_int,
    pub readable: c_int,
    pub writable: c_int,
    pub finalizing: u8,
    /// Exact Buffered* type over an exact FileIO: `closed` is read from the descriptor.
    pub fast_closed_checks: c_int,
    /// Position of the raw stream (-1 unknown).
    pub abs_pos: i64,
    /// `buffer_size` bytes (NULL once closed).
    pub buffer: *mut u8,
    /// Logical position in the buffer.
    pub pos: i64,
    /// Position of the raw stream in the buffer (-1 unknown).
    pub raw_pos: i64,
    /// End of the data read into the buffer (-1: no read buffer).
    pub read_end: i64,
    /// Start of the dirty bytes still to write.
    pub write_pos: i64,
    /// End of the dirty bytes (-1: no write buffer).
    pub write_end: i64,
    pub lock: PyThread_type_lock,
    pub owner: core::ffi::c_ulong,
    pub buffer_size: Py_ssize_t,
    pub buffer_mask: Py_ssize_t,
    pub dict: *mut PyObject,
    pub weakreflist: *mut PyObject,
}

/// `rwpair`.
#[repr(C)]
pub struct RWPairObject {
    pub ob_base: PyObject,
    pub reader: *mut PyObject,
    pub writer: *mut PyObject,
    pub dict: *mut PyObject,
    pub weakreflist: *mut PyObject,
}

const BUFFERED_FLAGS: core::ffi::c_ulong =
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;

macro_rules! buffered_type {
    ($name:literal, $init:expr, $iternext:expr) => {
        PyTypeObject {
            tp_dealloc: Some(buffered_dealloc),
            tp_repr: Some(buffered_repr),
            tp_traverse: Some(buffered_traverse),
            tp_clear: Some(buffered_clear),
            tp_weaklistoffset: core::mem::offset_of!(BufferedObject, weakreflist) as Py_ssize_t,
            tp_dictoffset: core::mem::offset_of!(BufferedObject, dict) as Py_ssize_t,
            tp_iternext: $iternext,
            tp_init: Some($init),
            tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
            tp_new: Some(crate::objects::typeobject::PyType_GenericNew),
            tp_free: Some(crate::objects::typeobject::gc_del),
            tp_base: &raw mut super::iobase::PyBufferedIOBase_Type,
            ..crate::objects::typeobject::static_type(
                &raw mut crate::objects::typeobject::PyType_Type,
                $name,
                core::mem::size_of::<BufferedObject>() as Py_ssize_t,
                0,
                BUFFERED_FLAGS,
            )
        }
    };
}

pub static mut PyBufferedReader_Type: PyTypeObject = buffered_type!(
    c"_io.BufferedReader",
    bufferedreader_init,
    Some(buffered_iternext)
);
pub static mut PyBufferedWriter_Type: PyTypeObject =
    buffered_type!(c"_io.BufferedWriter", bufferedwriter_init, None);
pub static mut PyBufferedRandom_Type: PyTypeObject = buffered_type!(
    c"_io.BufferedRandom",
    bufferedrandom_init,
    Some(buffered_iternext)
);

pub static mut PyBufferedRWPair_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(rwpair_dealloc),
    tp_traverse: Some(rwpair_traverse),
    tp_clear: Some(rwpair_clear),
    tp_weaklistoffset: core::mem::offset_of!(RWPairObject, weakreflist) as Py_ssize_t,
    tp_dictoffset: core::mem::offset_of!(RWPairObject, dict) as Py_ssize_t,
    tp_init: Some(rwpair_init),
    tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
    tp_new: Some(crate::objects::typeobject::PyType_GenericNew),
    tp_free: Some(crate::objects::typeobject::gc_del),
    tp_base: &raw mut super::iobase::PyBufferedIOBase_Type,
    ..crate::objects::typeobject::static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_io.BufferedRWPair",
        core::mem::size_of::<RWPairObject>() as Py_ssize_t,
        0,
        BUFFERED_FLAGS,
    )
};

/// The members every Buffered* type shares.
fn common_members(t: &mut Table) {
    t.member(
        c"raw",
        T_OBJECT,
        core::mem::offset_of!(BufferedObject, raw),
        READONLY,
    )
    .member(
        c"_finalizing",
        T_BOOL,
        core::mem::offset_of!(BufferedObject, finalizing),
        0,
    )
    .getset(c"closed", buffered_closed_get, None)
    .getset(c"name", buffered_name_get, None)
    .getset(c"mode", buffered_mode_get, None);
}

pub(crate) unsafe fn prepare_types() {
    PyBufferedReader_Type.tp_doc = docs::doc("BufferedReader");
    PyBufferedWriter_Type.tp_doc = docs::doc("BufferedWriter");
    PyBufferedRandom_Type.tp_doc = docs::doc("BufferedRandom");
    PyBufferedRWPair_Type.tp_doc = docs::doc("BufferedRWPair");

    let mut t = Table::new("BufferedReader");
    t.noargs(c"detach", buffered_detach)
        .noargs(c"flush", buffered_simple_flush)
        .noargs(c"close", buffered_close)
        .noargs(c"seekable", buffered_seekable)
        .noargs(c"readable", buffered_readable)
        .noargs(c"fileno", buffered_fileno)
        .noargs(c"isatty", buffered_isatty)
        .o(c"_dealloc_warn", buffered_dealloc_warn)
        .fast(c"read", buffered_read)
        .fast(c"peek", buffered_peek)
        .fast(c"read1", buffered_read1)
        .o(c"readinto", buffered_readinto)
        .o(c"readinto1", buffered_readinto1)
        .fast(c"readline", buffered_readline)
        .fast(c"seek", buffered_seek)
        .noargs(c"tell", buffered_tell)
        .fast(c"truncate", buffered_truncate)
        .noargs(c"__sizeof__", buffered_sizeof);
    common_members(&mut t);
    t.install(&raw mut PyBufferedReader_Type);

    let mut t = Table::new("BufferedWriter");
    t.noargs(c"close", buffered_close)
        .noargs(c"detach", buffered_detach)
        .noargs(c"seekable", buffered_seekable)
        .noargs(c"writable", buffered_writable)
        .noargs(c"fileno", buffered_fileno)
        .noargs(c"isatty", buffered_isatty)
        .o(c"_dealloc_warn", buffered_dealloc_warn)
        .o(c"write", bufferedwriter_write)
        .fast(c"truncate", buffered_truncate)
        .noargs(c"flush", buffered_flush)
        .fast(c"seek", buffered_seek)
        .noargs(c"tell", buffered_tell)
        .noargs(c"__sizeof__", buffered_sizeof);
    common_members(&mut t);
    t.install(&raw mut PyBufferedWriter_Type);

    let mut t = Table::new("BufferedRandom");
    t.noargs(c"close", buffered_close)
        .noargs(c"detach", buffered_detach)
        .noargs(c"seekable", buffered_seekable)
        .noargs(c"readable", buffered_readable)
        .noargs(c"writable", buffered_writable)
        .noargs(c"fileno", buffered_fileno)
        .noargs(c"isatty", buffered_isatty)
        .o(c"_dealloc_warn", buffered_dealloc_warn)
        .noargs(c"flush", buffered_flush)
        .fast(c"seek", buffered_seek)
        .noargs(c"tell", buffered_tell)
        .fast(c"truncate", buffered_truncate)
        .fast(c"read", buffered_read)
        .fast(c"read1", buffered_read1)
        .o(c"readinto", buffered_readinto)
        .o(c"readinto1", buffered_readinto1)
        .fast(c"readline", buffered_readline)
        .fast(c"peek", buffered_peek)
        .o(c"write", bufferedwriter_write)
        .noargs(c"__sizeof__", buffered_sizeof);
    common_members(&mut t);
    t.install(&raw mut PyBufferedRandom_Type);

    let mut t = Table::new("BufferedRWPair");
    t.varargs(c"read", rwpair_read)
        .varargs(c"peek", rwpair_peek)
        .varargs(c"read1", rwpair_read1)
        .varargs(c"readinto", rwpair_readinto)
        .varargs(c"readinto1", rwpair_readinto1)
        .varargs(c"write", rwpair_write)
        .noargs(c"flush", rwpair_flush)
        .noargs(c"readable", rwpair_readable)
        .noargs(c"writable", rwpair_writable)
        .noargs(c"close", rwpair_close)
        .noargs(c"isatty", rwpair_isatty)
        .getset(c"closed", rwpair_closed_get, None);
    t.install(&raw mut PyBufferedRWPair_Type);
}

#[inline]
unsafe fn me(op: *mut PyObject) -> *mut BufferedObject {
    op as *mut BufferedObject
}

// ---- locking ----

/// `ENTER_BUFFERED`: takes the object's lock; RuntimeError when this thread already holds it.
unsafe fn enter(b: *mut BufferedObject) -> PyResult<()> {
    if pythread::acquire_lock_timed((*b).lock, 0, false) != pythread::PY_LOCK_ACQUIRED {
        if (*b).owner == pythread::thread_ident() {
            let r = object::repr(b.cast())?;
            return Err(errors::set_string(
                PyExc_RuntimeError,
                &format!("reentrant call inside {}", object::str_text(r.as_ptr())),
            ));
        }
        let finalizing = (*crate::lifecycle::pyruntime::runtime())
            ._finalizing
            ._value
            .load(core::sync::atomic::Ordering::Relaxed)
            != 0;
        let ts = crate::lifecycle::ceval_gil::save_thread();
        // At shutdown a daemon thread may have died holding the lock: wait one second only.
        let st =
            pythread::acquire_lock_timed((*b).lock, if finalizing { 1_000_000 } else { -1 }, false);
        crate::lifecycle::ceval_gil::restore_thread(ts);
        if finalizing && st != pythread::PY_LOCK_ACQUIRED {
            let text = object::ascii(b.cast())
                .map(|a| object::str_text(a.as_ptr()))
                .unwrap_or_else(|_| "<ascii(self) failed>".into());
            crate::lifecycle::fatal::fatal_error(
                "_enter_buffered_busy",
                format!("could not acquire lock for {text} at interpreter shutdown, possibly due to daemon threads").as_bytes(),
            );
        }
    }
    (*b).owner = pythread::thread_ident();
    Ok(())
}

/// `LEAVE_BUFFERED`.
unsafe fn leave(b: *mut BufferedObject) {
    (*b).owner = 0;
    pythread::release_lock((*b).lock);
}

/// Runs `f` holding the lock.
unsafe fn locked<T>(b: *mut BufferedObject, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    enter(b)?;
    let r = f();
    leave(b);
    r
}

// ---- state helpers ----

unsafe fn check_initialized(b: *mut BufferedObject) -> PyResult<()> {
    if (*b).ok <= 0 {
        return Err(errors::value_error(if (*b).detached != 0 {
            "raw stream has been detached"
        } else {
            "I/O operation on uninitialized object"
        }));
    }
    Ok(())
}

#[inline]
unsafe fn valid_read(b: *mut BufferedObject) -> bool {
    (*b).readable != 0 && (*b).read_end != -1
}
#[inline]
unsafe fn valid_write(b: *mut BufferedObject) -> bool {
    (*b).writable != 0 && (*b).write_end != -1
}
#[inline]
unsafe fn adjust_position(b: *mut BufferedObject, new_pos: i64) {
    (*b).pos = new_pos;
    if valid_read(b) && (*b).read_end < (*b).pos {
        (*b).read_end = (*b).pos;
    }
}
#[inline]
unsafe fn readahead(b: *mut BufferedObject) -> i64 {
    if (*b).readable != 0 && valid_read(b) {
        (*b).read_end - (*b).pos
    } else {
        0
    }
}
#[inline]
unsafe fn raw_offset(b: *mut BufferedObject) -> i64 {
    if (valid_read(b) || valid_write(b)) && (*b).raw_pos >= 0 {
        (*b).raw_pos - (*b).pos
    } else {
        0
    }
}
unsafe fn raw_tell_cached(b: *mut BufferedObject) -> PyResult<i64> {
    if (*b).abs_pos != -1 {
        Ok((*b).abs_pos)
    } else {
        raw_tell(b)
    }
}
#[inline]
unsafe fn minus_last_block(b: *mut BufferedObject, size: isize) -> isize {
    if (*b).buffer_mask != 0 {
        size & !(*b).buffer_mask
    } else {
        (*b).buffer_size * (size / (*b).buffer_size)
    }
}
#[inline]
unsafe fn buf_at(b: *mut BufferedObject, off: i64) -> *mut u8 {
    (*b).buffer.add(off as usize)
}
fn reset_read_buf(b: *mut BufferedObject) {
    // SAFETY: `b` is a live buffered object.
    unsafe { (*b).read_end = -1 }
}
fn reset_write_buf(b: *mut BufferedObject) {
    // SAFETY: `b` is a live buffered object.
    unsafe {
        (*b).write_pos = 0;
        (*b).write_end = -1;
    }
}

/// `buffered_closed`: `raw.closed`.
unsafe fn raw_closed(b: *mut BufferedObject) -> PyResult<bool> {
    check_initialized(b)?;
    let res = getattr((*b).raw, "closed")?;
    object::is_true(res.as_ptr())
}

/// `IS_CLOSED`.
unsafe fn is_closed(b: *mut BufferedObject) -> PyResult<bool> {
    if (*b).buffer.is_null() {
        return Ok(true);
    }
    if (*b).fast_closed_checks != 0 {
        return Ok((*((*b).raw as *mut FileIOObject)).fd < 0);
    }
    raw_closed(b)
}

/// `CHECK_CLOSED(self, msg)`: closed with nothing left to read.
unsafe fn check_closed(b: *mut BufferedObject, msg: &str) -> PyResult<()> {
    if is_closed(b)? && readahead(b) == 0 {
        return Err(errors::value_error(msg));
    }
    Ok(())
}

/// `_buffered_raw_tell`.
unsafe fn raw_tell(b: *mut BufferedObject) -> PyResult<i64> {
    let res = callm((*b).raw, "tell", &[])?;
    let n = off_t_arg(res.as_ptr(), PyExc_ValueError)?;
    if n < 0 {
        return Err(errors::set_string(
            PyExc_OSError,
            &format!("Raw stream returned invalid position {n}"),
        ));
    }
    (*b).abs_pos = n;
    Ok(n)
}

/// `_buffered_raw_seek`.
unsafe fn raw_seek(b: *mut BufferedObject, target: i64, whence: c_int) -> PyResult<i64> {
    let (t, w) = (int(target)?, int(whence as i64)?);
    let res = callm((*b).raw, "seek", &[t.as_ptr(), w.as_ptr()])?;
    let n = off_t_arg(res.as_ptr(), PyExc_ValueError)?;
    if n < 0 {
        return Err(errors::set_string(
            PyExc_OSError,
            &format!("Raw stream returned invalid position {n}"),
        ));
    }
    (*b).abs_pos = n;
    Ok(n)
}

/// A raw read or write's outcome: a count, or "would block" (None).
type RawResult = PyResult<Option<isize>>;

/// Whether the raw stream is an exact FileIO with no instance overrides: its descriptor is
/// then used directly (the same system calls its methods would make).
unsafe fn raw_is_plain_fileio(b: *mut BufferedObject) -> bool {
    let raw = (*b).raw;
    object::py_type(raw) == &raw mut fileio::PyFileIO_Type && {
        let d = (*(raw as *mut FileIOObject)).dict;
        d.is_null() || crate::objects::dictobject::len(d) == 0
    }
}

/// `_bufferedreader_raw_read`: `raw.readinto(memoryview)` into `start[..len]`.
unsafe fn raw_read(b: *mut BufferedObject, start: *mut u8, len: isize) -> RawResult {
    let n = if raw_is_plain_fileio(b) {
        let f = (*b).raw as *mut FileIOObject;
        if (*f).fd < 0 {
            return Err(errors::value_error("I/O operation on closed file"));
        }
        if (*f).readable == 0 {
            return Err(unsupported("File not open for reading"));
        }
        match fileio::read_fd((*f).fd, start, len as usize)? {
            Some(n) => n as isize,
            None => return Ok(None),
        }
    } else {
        let mem = memoryobject::from_memory(start.cast(), len, memoryobject::PyBUF_WRITE)?;
        let res = loop {
            match callm((*b).raw, "readinto", &[mem.as_ptr()]) {
                Ok(r) => break r,
                Err(e) => {
                    if trap_eintr() {
                        continue;
                    }
                    return Err(e);
                }
            }
        };
        if res.as_ptr() == object::none() {
            return Ok(None);
        }
        match crate::objects::r#abstract::number::as_ssize_t(res.as_ptr(), PyExc_ValueError) {
            Ok(n) => n,
            Err(_) => {
                return Err(errors::set_string_from_cause(
                    PyExc_OSError,
                    "raw readinto() failed",
                ))
            }
        }
    };
    if n < 0 || n > len {
        return Err(errors::set_string(
            PyExc_OSError,
            &format!(
                "raw readinto() returned invalid length {n} (should have been between 0 and {len})"
            ),
        ));
    }
    if n > 0 && (*b).abs_pos != -1 {
        (*b).abs_pos += n as i64;
    }
    Ok(Some(n))
}

/// `_bufferedreader_fill_buffer`: reads after the valid data (or from the start).
unsafe fn fill_buffer(b: *mut BufferedObject) -> RawResult {
    let start = if valid_read(b) { (*b).read_end } else { 0 };
    let len = (*b).buffer_size - start as isize;
    let r = raw_read(b, buf_at(b, start), len)?;
    if let Some(n) = r {
        if n > 0 {
            (*b).read_end = start + n as i64;
            (*b).raw_pos = start + n as i64;
        }
    }
    Ok(r)
}

/// `_bufferedwriter_raw_write`: `raw.write(memoryview)` of `start[..len]`.
unsafe fn raw_write(b: *mut BufferedObject, start: *const u8, len: isize) -> RawResult {
    let n = if raw_is_plain_fileio(b) {
        let f = (*b).raw as *mut FileIOObject;
        if (*f).fd < 0 {
            return Err(errors::value_error("I/O operation on closed file"));
        }
        if (*f).writable == 0 {
            return Err(unsupported("File not open for writing"));
        }
        match fileio::write_fd((*f).fd, start, len as usize)? {
            Some(n) => n as isize,
            None => return Ok(None),
        }
    } else {
        let mem = memoryobject::from_memory(start as *mut c_char, len, memoryobject::PyBUF_READ)?;
        let res = loop {
            match callm((*b).raw, "write", &[mem.as_ptr()]) {
                Ok(r) => break r,
                Err(e) => {
                    if trap_eintr() {
                        continue;
                    }
                    return Err(e);
                }
            }
        };
        if res.as_ptr() == object::none() {
            return Ok(None);
        }
        crate::objects::r#abstract::number::as_ssize_t(res.as_ptr(), PyExc_ValueError)?
    };
    if n < 0 || n > len {
        return Err(errors::set_string(
            PyExc_OSError,
            &format!(
                "raw write() returned invalid length {n} (should have been between 0 and {len})"
            ),
        ));
    }
    if n > 0 && (*b).abs_pos != -1 {
        (*b).abs_pos += n as i64;
    }
    Ok(Some(n))
}

/// `_set_BlockingIOError(msg, written)`.
unsafe fn blocking_error(msg: &str, written: isize) -> ErrSet {
    errors::clear();
    let r = (|| -> PyResult<Ref> {
        let (e, m, w) = (
            int(libc::EAGAIN as i64)?,
            string(msg)?,
            int(written as i64)?,
        );
        callf(PyExc_BlockingIOError, &[e.as_ptr(), m.as_ptr(), w.as_ptr()])
    })();
    match r {
        Ok(err) => errors::set_object(PyExc_BlockingIOError, err.as_ptr()),
        Err(e) => e,
    }
}

/// Whether the pending error is a BlockingIOError (`_buffered_check_blocking_error`).
unsafe fn pending_blocking_error() -> bool {
    errors::exception_matches(PyExc_BlockingIOError)
}

/// `_bufferedwriter_flush_unlocked`: writes the dirty range, rewinding the raw stream first
/// when it is ahead of it.
unsafe fn flush_unlocked(b: *mut BufferedObject) -> PyResult<()> {
    if valid_write(b) && (*b).write_pos != (*b).write_end {
        let rewind = raw_offset(b) + ((*b).pos - (*b).write_pos);
        if rewind != 0 {
            raw_seek(b, -rewind, 1)?;
            (*b).raw_pos -= rewind;
        }
        while (*b).write_pos < (*b).write_end {
            let len = ((*b).write_end - (*b).write_pos) as isize;
            match raw_write(b, buf_at(b, (*b).write_pos), len)? {
                None => {
                    return Err(blocking_error(
                        "write could not complete without blocking",
                        0,
                    ))
                }
                Some(n) => {
                    (*b).write_pos += n as i64;
                    (*b).raw_pos = (*b).write_pos;
                }
            }
            // A partial write may come from a signal: run the handlers before writing again.
            crate::modules::signalmodule::check_signals()?;
        }
    }
    // Afterwards there is no write buffer, so RAW_OFFSET is 0 when there is no read buffer
    // either (bpo-32228).
    reset_write_buf(b);
    Ok(())
}

/// `buffered_flush_and_rewind_unlocked`.
unsafe fn flush_and_rewind_unlocked(b: *mut BufferedObject) -> PyResult<()> {
    flush_unlocked(b)?;
    if (*b).readable != 0 {
        let r = raw_seek(b, -raw_offset(b), 1);
        reset_read_buf(b);
        r?;
    }
    Ok(())
}

// ---- init / dealloc ----

/// `_buffered_init`.
unsafe fn buffered_init_common(b: *mut BufferedObject) -> PyResult<()> {
    if (*b).buffer_size <= 0 {
        return Err(errors::value_error("buffer size must be strictly positive"));
    }
    free_buffer(b);
    let size = (*b).buffer_size as usize;
    let mut v: Vec<u8> = Vec::new();
    v.try_reserve_exact(size).map_err(|_| errors::no_memory())?;
    v.resize(size, 0);
    (*b).buffer = Box::into_raw(v.into_boxed_slice()) as *mut u8;
    if !(*b).lock.is_null() {
        pythread::free_lock((*b).lock);
    }
    (*b).lock = pythread::allocate_lock();
    if (*b).lock.is_null() {
        return Err(errors::set_string(
            PyExc_RuntimeError,
            "can't allocate read lock",
        ));
    }
    (*b).owner = 0;
    let n = (*b).buffer_size;
    (*b).buffer_mask = if n & (n - 1) == 0 { n - 1 } else { 0 };
    if raw_tell(b).is_err() {
        errors::clear();
    }
    Ok(())
}

unsafe fn free_buffer(b: *mut BufferedObject) {
    if !(*b).buffer.is_null() {
        let p = core::ptr::slice_from_raw_parts_mut((*b).buffer, (*b).buffer_size as usize);
        // SAFETY: `buffer` came from a boxed slice of `buffer_size` bytes (which is not
        // changed while the buffer exists).
        drop(Box::from_raw(p));
        (*b).buffer = null_mut();
    }
}

static INIT_SIG_R: crate::modules::posixmodule::args::Sig =
    crate::modules::posixmodule::args::Sig {
        name: "BufferedReader",
        params: &["raw", "buffer_size"],
        posonly: 0,
        maxpos: 2,
        required: 1,
    };
static INIT_SIG_W: crate::modules::posixmodule::args::Sig =
    crate::modules::posixmodule::args::Sig {
        name: "BufferedWriter",
        params: &["raw", "buffer_size"],
        posonly: 0,
        maxpos: 2,
        required: 1,
    };
static INIT_SIG_RANDOM: crate::modules::posixmodule::args::Sig =
    crate::modules::posixmodule::args::Sig {
        name: "BufferedRandom",
        params: &["raw", "buffer_size"],
        posonly: 0,
        maxpos: 2,
        required: 1,
    };

unsafe fn init_args(
    sig: &crate::modules::posixmodule::args::Sig,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<(*mut PyObject, isize)> {
    let a = bind_tuple(sig, args, kwds)?;
    let size = if a[1].is_null() {
        DEFAULT_BUFFER_SIZE
    } else {
        ssize_arg(a[1])?
    };
    Ok((a[0], size))
}

unsafe fn init_with(
    op: *mut PyObject,
    raw: *mut PyObject,
    size: isize,
    readable: bool,
    writable: bool,
    exact: *mut PyTypeObject,
) -> PyResult<()> {
    let b = me(op);
    (*b).ok = 0;
    (*b).detached = 0;
    if readable && writable {
        check_seekable(raw)?;
    }
    if readable {
        check_readable(raw)?;
    }
    if writable {
        check_writable(raw)?;
    }
    object::replace_slot(&raw mut (*b).raw, nref(raw).into_raw());
    (*b).buffer_size = size;
    (*b).readable = readable as c_int;
    (*b).writable = writable as c_int;
    buffered_init_common(b)?;
    reset_read_buf(b);
    if writable {
        reset_write_buf(b);
        (*b).pos = 0;
    }
    (*b).fast_closed_checks = (object::py_type(op) == exact
        && object::py_type(raw) == &raw mut fileio::PyFileIO_Type)
        as c_int;
    (*b).ok = 1;
    Ok(())
}

unsafe extern "C" fn bufferedreader_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        let (raw, size) = init_args(&INIT_SIG_R, args, kwds)?;
        init_with(op, raw, size, true, false, &raw mut PyBufferedReader_Type)
    })())
}

unsafe extern "C" fn bufferedwriter_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        let (raw, size) = init_args(&INIT_SIG_W, args, kwds)?;
        init_with(op, raw, size, false, true, &raw mut PyBufferedWriter_Type)
    })())
}

unsafe extern "C" fn bufferedrandom_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        let (raw, size) = init_args(&INIT_SIG_RANDOM, args, kwds)?;
        init_with(op, raw, size, true, true, &raw mut PyBufferedRandom_Type)
    })())
}

unsafe extern "C" fn buffered_dealloc(op: *mut PyObject) {
    let b = me(op);
    (*b).finalizing = 1;
    if !finalize_from_dealloc(op) {
        return;
    }
    crate::mem::gc::untrack(op);
    (*b).ok = 0;
    if !(*b).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    object::replace_slot(&raw mut (*b).raw, null_mut());
    free_buffer(b);
    if !(*b).lock.is_null() {
        pythread::free_lock((*b).lock);
        (*b).lock = null_mut();
    }
    object::replace_slot(&raw mut (*b).dict, null_mut());
    free_object(op);
}

unsafe extern "C" fn buffered_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let b = me(op);
    if let Some(v) = visit {
        for p in [(*b).raw, (*b).dict] {
            if !p.is_null() {
                let r = v(p, arg);
                if r != 0 {
                    return r;
                }
            }
        }
    }
    0
}

unsafe extern "C" fn buffered_clear(op: *mut PyObject) -> c_int {
    let b = me(op);
    (*b).ok = 0;
    object::replace_slot(&raw mut (*b).raw, null_mut());
    object::replace_slot(&raw mut (*b).dict, null_mut());
    0
}

noargs!(buffered_sizeof, |op| {
    let b = me(op);
    let mut n = (*object::py_type(op)).tp_basicsize;
    if !(*b).buffer.is_null() {
        n += (*b).buffer_size;
    }
    int(n as i64)
});

/// `buffered_dealloc_warn`: forwards to the raw stream's `_dealloc_warn`.
unsafe fn dealloc_warn(b: *mut BufferedObject, source: *mut PyObject) {
    if (*b).ok != 0 && !(*b).raw.is_null() && callm((*b).raw, "_dealloc_warn", &[source]).is_err() {
        errors::clear();
    }
}

meth_o!(buffered_dealloc_warn, |op, source| {
    dealloc_warn(me(op), source);
    Ok(none())
});

// ---- mixin methods ----

noargs!(buffered_simple_flush, |op| {
    check_initialized(me(op))?;
    callm((*me(op)).raw, "flush", &[])
});

getter!(buffered_closed_get, |op| {
    check_initialized(me(op))?;
    getattr((*me(op)).raw, "closed")
});

noargs!(buffered_close, |op| {
    let b = me(op);
    check_initialized(b)?;
    enter(b)?;
    let closed = match raw_closed(b) {
        Ok(c) => c,
        Err(e) => {
            leave(b);
            return Err(e);
        }
    };
    if closed {
        leave(b);
        return Ok(none());
    }
    if (*b).finalizing != 0 {
        dealloc_warn(b, op);
    }
    // flush() takes the lock itself.
    leave(b);
    let flushed = callm(op, "flush", &[]);
    enter(b)?;
    let saved = if flushed.is_err() {
        Some(errors::fetch())
    } else {
        None
    };
    let res = callm((*b).raw, "close", &[]);
    free_buffer(b);
    let res = match saved {
        Some((t, v, tb)) => {
            errors::chain_exceptions(t, v, tb);
            Err(ErrSet::assume_set())
        }
        None => res,
    };
    (*b).read_end = 0;
    (*b).pos = 0;
    leave(b);
    res
});

noargs!(buffered_detach, |op| {
    let b = me(op);
    check_initialized(b)?;
    callm(op, "flush", &[])?;
    let raw = (*b).raw;
    (*b).raw = null_mut();
    (*b).detached = 1;
    (*b).ok = 0;
    Ok(Ref::from_raw(raw))
});

noargs!(buffered_seekable, |op| {
    check_initialized(me(op))?;
    callm((*me(op)).raw, "seekable", &[])
});
noargs!(buffered_readable, |op| {
    check_initialized(me(op))?;
    callm((*me(op)).raw, "readable", &[])
});
noargs!(buffered_writable, |op| {
    check_initialized(me(op))?;
    callm((*me(op)).raw, "writable", &[])
});
getter!(buffered_name_get, |op| {
    check_initialized(me(op))?;
    getattr((*me(op)).raw, "name")
});
getter!(buffered_mode_get, |op| {
    check_initialized(me(op))?;
    getattr((*me(op)).raw, "mode")
});
noargs!(buffered_fileno, |op| {
    check_initialized(me(op))?;
    callm((*me(op)).raw, "fileno", &[])
});
noargs!(buffered_isatty, |op| {
    check_initialized(me(op))?;
    callm((*me(op)).raw, "isatty", &[])
});

noargs!(buffered_flush, |op| {
    let b = me(op);
    check_initialized(b)?;
    check_closed(b, "flush of closed file")?;
    locked(b, || flush_and_rewind_unlocked(b))?;
    Ok(none())
});

// ---- reading ----

fast!(buffered_peek, "peek", 0, 1, |op, a| {
    let b = me(op);
    if !a.is_empty() {
        ssize_arg(a[0])?;
    }
    check_initialized(b)?;
    check_closed(b, "peek of closed file")?;
    locked(b, || {
        if (*b).writable != 0 {
            flush_and_rewind_unlocked(b)?;
        }
        peek_unlocked(b)
    })
});

/// `_bufferedreader_peek_unlocked`: the buffered bytes, or a freshly filled buffer.
unsafe fn peek_unlocked(b: *mut BufferedObject) -> PyResult<Ref> {
    let have = readahead(b);
    if have > 0 {
        return bytes(core::slice::from_raw_parts(
            buf_at(b, (*b).pos),
            have as usize,
        ));
    }
    reset_read_buf(b);
    let r = fill_buffer(b)?.unwrap_or(0);
    (*b).pos = 0;
    bytes(core::slice::from_raw_parts((*b).buffer, r as usize))
}

fast!(buffered_read, "read", 0, 1, |op, a| {
    let b = me(op);
    let n = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    check_initialized(b)?;
    if n < -1 {
        return Err(errors::value_error(
            "read length must be non-negative or -1",
        ));
    }
    check_closed(b, "read of closed file")?;
    if n == -1 {
        return locked(b, || read_all(b));
    }
    if let Some(r) = read_fast(b, n)? {
        return Ok(r);
    }
    locked(b, || read_generic(b, n))
});

/// `_bufferedreader_read_fast`: the bytes when all are buffered.
unsafe fn read_fast(b: *mut BufferedObject, n: isize) -> PyResult<Option<Ref>> {
    let current = readahead(b);
    if n as i64 <= current {
        let r = bytes(core::slice::from_raw_parts(buf_at(b, (*b).pos), n as usize))?;
        (*b).pos += n as i64;
        return Ok(Some(r));
    }
    Ok(None)
}

/// `_bufferedreader_read_all`: the buffered bytes then the raw stream to its end.
unsafe fn read_all(b: *mut BufferedObject) -> PyResult<Ref> {
    let current = readahead(b);
    let mut data: Vec<u8> = Vec::new();
    if current > 0 {
        data.extend_from_slice(core::slice::from_raw_parts(
            buf_at(b, (*b).pos),
            current as usize,
        ));
        (*b).pos += current;
    }
    if (*b).writable != 0 {
        flush_and_rewind_unlocked(b)?;
    }
    reset_read_buf(b);
    if let Some(readall) = lookup((*b).raw, "readall")? {
        let tmp = call::call_no_args(readall.as_ptr())?;
        if tmp.as_ptr() != object::none() && !bytesobject::is_bytes(tmp.as_ptr()) {
            return Err(errors::type_error("readall() should return bytes"));
        }
        if current == 0 {
            return Ok(tmp);
        }
        if tmp.as_ptr() != object::none() {
            data.extend_from_slice(bytesobject::as_slice(tmp.as_ptr()));
        }
        return bytes(&data);
    }
    let mut total = current;
    loop {
        let chunk = callm((*b).raw, "read", &[])?;
        if chunk.as_ptr() != object::none() && !bytesobject::is_bytes(chunk.as_ptr()) {
            return Err(errors::type_error("read() should return bytes"));
        }
        if chunk.as_ptr() == object::none() || bytesobject::size(chunk.as_ptr()) == 0 {
            if total == 0 {
                return Ok(chunk);
            }
            return bytes(&data);
        }
        let s = bytesobject::as_slice(chunk.as_ptr());
        total += s.len() as i64;
        data.extend_from_slice(s);
        if (*b).abs_pos != -1 {
            (*b).abs_pos += s.len() as i64;
        }
    }
}

/// `_bufferedreader_read_generic`: reads until `n` bytes, EOF or a would-block; whole
/// blocks go straight to the result, the tail through the buffer.
unsafe fn read_generic(b: *mut BufferedObject, n: isize) -> PyResult<Ref> {
    let current = readahead(b);
    if n as i64 <= current {
        return Ok(read_fast(b, n)?.expect("buffered"));
    }
    let mut out: Vec<u8> = Vec::new();
    out.try_reserve_exact(n as usize)
        .map_err(|_| errors::no_memory())?;
    out.resize(n as usize, 0);
    let mut remaining = n;
    let mut written: isize = 0;
    if current > 0 {
        core::ptr::copy_nonoverlapping(buf_at(b, (*b).pos), out.as_mut_ptr(), current as usize);
        remaining -= current as isize;
        written += current as isize;
        (*b).pos += current;
    }
    if (*b).writable != 0 {
        flush_and_rewind_unlocked(b)?;
    }
    reset_read_buf(b);
    let finish = |out: &mut Vec<u8>, written: isize, eof: bool| -> PyResult<Ref> {
        if eof || written > 0 {
            out.truncate(written as usize);
            bytes(out)
        } else {
            Ok(none())
        }
    };
    while remaining > 0 {
        let r = minus_last_block(b, remaining);
        if r == 0 {
            break;
        }
        match raw_read(b, out.as_mut_ptr().add(written as usize), r)? {
            Some(0) => return finish(&mut out, written, true),
            None => return finish(&mut out, written, false),
            Some(r) => {
                remaining -= r;
                written += r;
            }
        }
    }
    (*b).pos = 0;
    (*b).raw_pos = 0;
    (*b).read_end = 0;
    // Once satisfied, no further read is issued: it could block (bpo-9550).
    while remaining > 0 && (*b).read_end < (*b).buffer_size as i64 {
        match fill_buffer(b)? {
            Some(0) => return finish(&mut out, written, true),
            None => return finish(&mut out, written, false),
            Some(r) => {
                let take = remaining.min(r);
                core::ptr::copy_nonoverlapping(
                    buf_at(b, (*b).pos),
                    out.as_mut_ptr().add(written as usize),
                    take as usize,
                );
                written += take;
                (*b).pos += take as i64;
                remaining -= take;
            }
        }
    }
    bytes(&out[..written as usize])
}

fast!(buffered_read1, "read1", 0, 1, |op, a| {
    let b = me(op);
    let mut n = if a.is_empty() { -1 } else { ssize_arg(a[0])? };
    check_initialized(b)?;
    if n < 0 {
        n = (*b).buffer_size;
    }
    check_closed(b, "read of closed file")?;
    if n == 0 {
        return bytes(b"");
    }
    let have = readahead(b);
    if have > 0 {
        let n = (have as isize).min(n);
        return Ok(read_fast(b, n)?.expect("buffered"));
    }
    let mut out = vec![0u8; n as usize];
    let r = locked(b, || {
        reset_read_buf(b);
        raw_read(b, out.as_mut_ptr(), n)
    })?
    .unwrap_or(0);
    bytes(&out[..r as usize])
});

/// `_buffered_readinto_generic`.
unsafe fn readinto_generic(op: *mut PyObject, arg: *mut PyObject, one: bool) -> PyResult<Ref> {
    let buffer = rw_buffer(if one { "readinto1" } else { "readinto" }, arg)?;
    let b = me(op);
    check_initialized(b)?;
    check_closed(b, "readinto of closed file")?;
    let dst = buffer.as_mut_ptr();
    let len = buffer.len() as isize;
    let mut written: isize = 0;
    let n = readahead(b) as isize;
    if n > 0 {
        if n >= len {
            core::ptr::copy_nonoverlapping(buf_at(b, (*b).pos), dst, len as usize);
            (*b).pos += len as i64;
            return int(len as i64);
        }
        core::ptr::copy_nonoverlapping(buf_at(b, (*b).pos), dst, n as usize);
        (*b).pos += n as i64;
        written = n;
    }
    locked(b, || {
        if (*b).writable != 0 {
            flush_and_rewind_unlocked(b)?;
        }
        reset_read_buf(b);
        (*b).pos = 0;
        let mut remaining = len - written;
        while remaining > 0 {
            let n: Option<isize>;
            if remaining > (*b).buffer_size {
                n = raw_read(b, dst.add(written as usize), remaining)?;
            } else if !(one && written > 0) {
                match fill_buffer(b)? {
                    Some(k) if k > 0 => {
                        let k = k.min(remaining);
                        core::ptr::copy_nonoverlapping(
                            buf_at(b, (*b).pos),
                            dst.add(written as usize),
                            k as usize,
                        );
                        (*b).pos += k as i64;
                        written += k;
                        remaining -= k;
                        continue;
                    }
                    other => n = other,
                }
            } else {
                n = Some(0);
            }
            match n {
                Some(0) => break,
                None if written > 0 => break,
                None => return Ok(none()),
                Some(k) => {
                    written += k;
                    remaining -= k;
                    if one {
                        break;
                    }
                }
            }
        }
        int(written as i64)
    })
}

meth_o!(buffered_readinto, |op, arg| {
    readinto_generic(op, arg, false)
});
meth_o!(buffered_readinto1, |op, arg| {
    readinto_generic(op, arg, true)
});

/// `_buffered_readline`.
unsafe fn readline(b: *mut BufferedObject, mut limit: isize) -> PyResult<Ref> {
    check_closed(b, "readline of closed file")?;
    // First look for a line in the buffer.
    let mut n = readahead(b) as isize;
    if limit >= 0 && n > limit {
        n = limit;
    }
    let start = buf_at(b, (*b).pos);
    let avail = core::slice::from_raw_parts(start, n.max(0) as usize);
    if let Some(i) = avail.iter().position(|&c| c == b'\n') {
        let r = bytes(&avail[..=i])?;
        (*b).pos += i as i64 + 1;
        return Ok(r);
    }
    if n == limit {
        let r = bytes(avail)?;
        (*b).pos += n as i64;
        return Ok(r);
    }
    locked(b, || {
        let mut chunks: Vec<u8> = Vec::new();
        if n > 0 {
            chunks.extend_from_slice(core::slice::from_raw_parts(buf_at(b, (*b).pos), n as usize));
            (*b).pos += n as i64;
            if limit >= 0 {
                limit -= n;
            }
        }
        if (*b).writable != 0 {
            flush_and_rewind_unlocked(b)?;
        }
        loop {
            reset_read_buf(b);
            let mut n = match fill_buffer(b)? {
                Some(k) if k > 0 => k,
                _ => break,
            };
            if limit >= 0 && n > limit {
                n = limit;
            }
            let data = core::slice::from_raw_parts((*b).buffer, n as usize);
            if let Some(i) = data.iter().position(|&c| c == b'\n') {
                chunks.extend_from_slice(&data[..=i]);
                (*b).pos = i as i64 + 1;
                break;
            }
            chunks.extend_from_slice(data);
            if n == limit {
                (*b).pos = n as i64;
                break;
            }
            if limit >= 0 {
                limit -= n;
            }
        }
        bytes(&chunks)
    })
}

fast!(buffered_readline, "readline", 0, 1, |op, a| {
    let size = if a.is_empty() {
        -1
    } else {
        ssize_or_none(a[0], -1)?
    };
    check_initialized(me(op))?;
    readline(me(op), size)
});

unsafe extern "C" fn buffered_iternext(op: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Option<Ref>> {
        let b = me(op);
        check_initialized(b)?;
        let tp = object::py_type(op);
        let line = if tp == &raw mut PyBufferedReader_Type || tp == &raw mut PyBufferedRandom_Type {
            readline(b, -1)?
        } else {
            let line = callm(op, "readline", &[])?;
            if !bytesobject::is_bytes(line.as_ptr()) {
                return Err(errors::set_string(
                    PyExc_OSError,
                    &format!(
                        "readline() should have returned a bytes object, not '{}'",
                        object::type_name_trunc(line.ob_type(), 200)
                    ),
                ));
            }
            line
        };
        if bytesobject::size(line.as_ptr()) == 0 {
            return Ok(None);
        }
        Ok(Some(line))
    })();
    match r {
        Ok(Some(l)) => l.into_raw(),
        _ => null_mut(),
    }
}

// ---- positioning ----

noargs!(buffered_tell, |op| {
    let b = me(op);
    check_initialized(b)?;
    let pos = raw_tell(b)? - raw_offset(b);
    int(pos)
});

fast!(buffered_seek, "seek", 1, 2, |op, a| {
    let b = me(op);
    let whence = if a.len() > 1 { int_arg(a[1])? } else { 0 };
    check_initialized(b)?;
    if !(0..=2).contains(&whence) && whence != libc::SEEK_HOLE && whence != libc::SEEK_DATA {
        return Err(errors::value_error(&format!(
            "whence value {whence} unsupported"
        )));
    }
    check_closed(b, "seek of closed file")?;
    check_seekable((*b).raw)?;
    let mut target = off_t_arg(a[0], PyExc_ValueError)?;
    // Seeks that land inside the buffer need no raw call (nor the lock).
    if (whence == 0 || whence == 1) && (*b).readable != 0 {
        let current = raw_tell_cached(b)?;
        let avail = readahead(b);
        if avail > 0 {
            let offset = if whence == 0 {
                target - (current - raw_offset(b))
            } else {
                target
            };
            if offset >= -(*b).pos && offset <= avail {
                (*b).pos += offset;
                return int(current - avail + offset);
            }
        }
    }
    locked(b, || {
        if (*b).writable != 0 {
            flush_unlocked(b)?;
        }
        if whence == 1 {
            target -= raw_offset(b);
        }
        let n = raw_seek(b, target, whence)?;
        (*b).raw_pos = -1;
        if (*b).readable != 0 {
            reset_read_buf(b);
        }
        int(n)
    })
});

fast!(buffered_truncate, "truncate", 0, 1, |op, a| {
    let b = me(op);
    let pos = if a.is_empty() { object::none() } else { a[0] };
    check_initialized(b)?;
    check_closed(b, "truncate of closed file")?;
    if (*b).writable == 0 {
        return Err(unsupported("truncate"));
    }
    locked(b, || {
        flush_and_rewind_unlocked(b)?;
        let res = callm((*b).raw, "truncate", &[pos])?;
        if raw_tell(b).is_err() {
            errors::clear();
        }
        Ok(res)
    })
});

// ---- writing ----

meth_o!(bufferedwriter_write, |op, arg| {
    let buffer = ro_buffer("write", arg)?;
    let b = me(op);
    check_initialized(b)?;
    locked(b, || write_locked(b, buffer.as_slice()))
});

/// `_io_BufferedWriter_write_impl` with the lock held.
unsafe fn write_locked(b: *mut BufferedObject, data: &[u8]) -> PyResult<Ref> {
    // Checked under the lock: another thread may be closing the file (bpo-31976).
    if is_closed(b)? {
        return Err(errors::value_error("write to closed file"));
    }
    let len = data.len() as i64;
    if !valid_read(b) && !valid_write(b) {
        (*b).pos = 0;
        (*b).raw_pos = 0;
    }
    let avail = (*b).buffer_size as i64 - (*b).pos;
    if len <= avail {
        core::ptr::copy_nonoverlapping(data.as_ptr(), buf_at(b, (*b).pos), data.len());
        if !valid_write(b) || (*b).write_pos > (*b).pos {
            (*b).write_pos = (*b).pos;
        }
        adjust_position(b, (*b).pos + len);
        if (*b).pos > (*b).write_end {
            (*b).write_end = (*b).pos;
        }
        return int(len);
    }
    // The buffer is too small: write it out first.
    if let Err(e) = flush_unlocked(b) {
        if !pending_blocking_error() {
            return Err(e);
        }
        if (*b).readable != 0 {
            reset_read_buf(b);
        }
        // Make room by shifting the unwritten bytes to the front.
        let dirty = ((*b).write_end - (*b).write_pos) as usize;
        core::ptr::copy(buf_at(b, (*b).write_pos), (*b).buffer, dirty);
        (*b).write_end -= (*b).write_pos;
        (*b).raw_pos -= (*b).write_pos;
        (*b).pos -= (*b).write_pos;
        (*b).write_pos = 0;
        let avail = (*b).buffer_size as i64 - (*b).write_end;
        if len <= avail {
            errors::clear();
            core::ptr::copy_nonoverlapping(data.as_ptr(), buf_at(b, (*b).write_end), data.len());
            (*b).write_end += len;
            (*b).pos += len;
            return int(len);
        }
        core::ptr::copy_nonoverlapping(data.as_ptr(), buf_at(b, (*b).write_end), avail as usize);
        (*b).write_end += avail;
        (*b).pos += avail;
        return Err(blocking_error(
            "write could not complete without blocking",
            avail as isize,
        ));
    }
    // The raw stream may be ahead of the logical position after reads (bpo-6629).
    let offset = raw_offset(b);
    if offset != 0 {
        raw_seek(b, -offset, 1)?;
        (*b).raw_pos -= offset;
    }
    let mut remaining = len;
    let mut written: i64 = 0;
    while remaining > (*b).buffer_size as i64 {
        match raw_write(
            b,
            data.as_ptr().add(written as usize),
            (len - written) as isize,
        )? {
            None => {
                if remaining > (*b).buffer_size as i64 {
                    // Keep as much as the buffer holds.
                    let size = (*b).buffer_size as usize;
                    core::ptr::copy_nonoverlapping(
                        data.as_ptr().add(written as usize),
                        (*b).buffer,
                        size,
                    );
                    (*b).raw_pos = 0;
                    adjust_position(b, size as i64);
                    (*b).write_end = size as i64;
                    written += size as i64;
                    return Err(blocking_error(
                        "write could not complete without blocking",
                        written as isize,
                    ));
                }
                break;
            }
            Some(n) => {
                written += n as i64;
                remaining -= n as i64;
            }
        }
        crate::modules::signalmodule::check_signals()?;
    }
    if (*b).readable != 0 {
        reset_read_buf(b);
    }
    if remaining > 0 {
        core::ptr::copy_nonoverlapping(
            data.as_ptr().add(written as usize),
            (*b).buffer,
            remaining as usize,
        );
        written += remaining;
    }
    (*b).write_pos = 0;
    (*b).write_end = remaining;
    adjust_position(b, remaining);
    (*b).raw_pos = 0;
    int(written)
}

unsafe extern "C" fn buffered_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        let tpname = object::type_name(op).into_owned();
        let name = match lookup(op, "name") {
            Ok(n) => n,
            Err(e) => {
                // A detached stream's name raises ValueError: show the type alone.
                if !errors::exception_matches(PyExc_ValueError) {
                    return Err(e);
                }
                errors::clear();
                None
            }
        };
        match name {
            None => string(&format!("<{tpname}>")),
            Some(name) => {
                if object::repr_enter(op)? {
                    return Err(errors::set_string(
                        PyExc_RuntimeError,
                        &format!("reentrant call inside {tpname}.__repr__"),
                    ));
                }
                let r = object::repr(name.as_ptr());
                object::repr_leave(op);
                let r = r?;
                string(&format!("<{tpname} name={}>", object::str_text(r.as_ptr())))
            }
        }
    })())
}

// ---- BufferedRWPair ----

#[inline]
unsafe fn pair(op: *mut PyObject) -> *mut RWPairObject {
    op as *mut RWPairObject
}

unsafe extern "C" fn rwpair_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| -> PyResult<()> {
        if !kwds.is_null() && crate::objects::dictobject::len(kwds) > 0 {
            return Err(errors::type_error(
                "BufferedRWPair() takes no keyword arguments",
            ));
        }
        let n = tupleobject::len(args) as usize;
        check_positional("BufferedRWPair", n, 2, 3)?;
        let items = tupleobject::items(args);
        let (reader, writer) = (*items, *items.add(1));
        let size = if n > 2 {
            ssize_arg(*items.add(2))?
        } else {
            DEFAULT_BUFFER_SIZE
        };
        check_readable(reader)?;
        check_writable(writer)?;
        let sz = int(size as i64)?;
        let r = callf(
            (&raw mut PyBufferedReader_Type).cast(),
            &[reader, sz.as_ptr()],
        )?;
        object::replace_slot(&raw mut (*pair(op)).reader, r.into_raw());
        match callf(
            (&raw mut PyBufferedWriter_Type).cast(),
            &[writer, sz.as_ptr()],
        ) {
            Ok(w) => object::replace_slot(&raw mut (*pair(op)).writer, w.into_raw()),
            Err(e) => {
                object::replace_slot(&raw mut (*pair(op)).reader, null_mut());
                return Err(e);
            }
        }
        Ok(())
    })())
}

unsafe extern "C" fn rwpair_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let d = (*pair(op)).dict;
    match visit {
        Some(v) if !d.is_null() => v(d, arg),
        _ => 0,
    }
}

unsafe extern "C" fn rwpair_clear(op: *mut PyObject) -> c_int {
    let p = pair(op);
    object::replace_slot(&raw mut (*p).reader, null_mut());
    object::replace_slot(&raw mut (*p).writer, null_mut());
    object::replace_slot(&raw mut (*p).dict, null_mut());
    0
}

unsafe extern "C" fn rwpair_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let p = pair(op);
    if !(*p).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    rwpair_clear(op);
    free_object(op);
}

/// `_forward_call(target, name, args)`.
unsafe fn forward(target: *mut PyObject, name: &'static str, args: *mut PyObject) -> PyResult<Ref> {
    if target.is_null() {
        return Err(errors::value_error("I/O operation on uninitialized object"));
    }
    let func = match getattr(target, name) {
        Ok(f) => f,
        Err(_) => {
            errors::clear();
            return Err(errors::set_object(PyExc_AttributeError, id(name)));
        }
    };
    if args.is_null() {
        call::call_no_args(func.as_ptr())
    } else {
        call::call_object(func.as_ptr(), args)
    }
}

macro_rules! rwpair_forward {
    ($fn:ident, $side:ident, $name:literal) => {
        unsafe extern "C" fn $fn(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
            errors::ptr_result(forward((*pair(op)).$side, $name, args))
        }
    };
}

rwpair_forward!(rwpair_read, reader, "read");
rwpair_forward!(rwpair_peek, reader, "peek");
rwpair_forward!(rwpair_read1, reader, "read1");
rwpair_forward!(rwpair_readinto, reader, "readinto");
rwpair_forward!(rwpair_readinto1, reader, "readinto1");
rwpair_forward!(rwpair_write, writer, "write");
noargs!(rwpair_flush, |op| {
    forward((*pair(op)).writer, "flush", null_mut())
});
noargs!(rwpair_readable, |op| {
    forward((*pair(op)).reader, "readable", null_mut())
});
noargs!(rwpair_writable, |op| {
    forward((*pair(op)).writer, "writable", null_mut())
});

noargs!(rwpair_close, |op| {
    let first = forward((*pair(op)).writer, "close", null_mut());
    let saved = if first.is_err() {
        Some(errors::fetch())
    } else {
        None
    };
    let second = forward((*pair(op)).reader, "close", null_mut());
    match saved {
        Some((t, v, tb)) => {
            errors::chain_exceptions(t, v, tb);
            Err(ErrSet::assume_set())
        }
        None => second,
    }
});

noargs!(rwpair_isatty, |op| {
    let r = forward((*pair(op)).writer, "isatty", null_mut())?;
    if r.as_ptr() != crate::objects::boolobject::py_false() {
        return Ok(r);
    }
    forward((*pair(op)).reader, "isatty", null_mut())
});

getter!(rwpair_closed_get, |op| {
    let w = (*pair(op)).writer;
    if w.is_null() {
        return Err(errors::set_string(
            PyExc_RuntimeError,
            "the BufferedRWPair object is being garbage-collected",
        ));
    }
    getattr(w, "closed")
});
