//! The `posix` module (CPython's Modules/posixmodule.c) on Linux: file system calls with
//! path/dir_fd/follow_symlinks arguments, file descriptors, processes (fork with the
//! interpreter's before/after-fork hooks, exec, wait), the environment, `stat_result` and the
//! other struct sequences, `DirEntry`/`scandir`, and the module's constants. Also owns
//! `PyOS_FSPath`'s logic ([`fspath`]) and the argument helpers the os helper's other modules
//! share ([`args`]).

pub mod args;
pub mod constants;
pub mod fileutils;
mod fork;
mod fs;
mod process;
mod scandir;

use crate::abi::*;
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::exceptions::*;
use crate::objects::object::{self, Ref};
use crate::objects::{bytesobject, unicodeobject};
use args::*;
use core::ffi::{c_char, c_int, CStr};
use core::ptr::null_mut;
use std::ffi::CString;

pub use fork::{after_fork_child, after_fork_parent, before_fork};
pub use fs::locale_encoding;

/// PyOS_FSPath: str and bytes as they are, else `type(o).__fspath__(o)`, which must give str
/// or bytes.
///
/// # Safety
/// `o` is live.
pub unsafe fn fspath(o: *mut PyObject) -> PyResult<Ref> {
    if unicodeobject::is_str(o) || bytesobject::is_bytes(o) {
        return Ok(object::new_ref(o));
    }
    let name = unicodeobject::intern_str("__fspath__");
    let Some(func) = object::lookup_special(o, name)? else {
        return Err(errors::type_error(&format!(
            "expected str, bytes or os.PathLike object, not {}",
            object::type_name_trunc(object::py_type(o), 200)
        )));
    };
    let r = crate::objects::call::call_no_args(func.as_ptr())?;
    if !(unicodeobject::is_str(r.as_ptr()) || bytesobject::is_bytes(r.as_ptr())) {
        return Err(errors::type_error(&format!(
            "expected {}.__fspath__() to return str or bytes, not {}",
            object::type_name_trunc(object::py_type(o), 200),
            object::type_name_trunc(object::py_type(r.as_ptr()), 200)
        )));
    }
    Ok(r)
}

/// A converted path argument (`path_t`): the C string to pass to the system, or a file
/// descriptor, and whether results should be bytes.
pub struct PathArg {
    /// The argument as given (borrowed; NULL for a defaulted `None`), for OSError.filename.
    pub object: *mut PyObject,
    pub narrow: Option<CString>,
    pub fd: c_int,
    pub is_bytes: bool,
}

impl PathArg {
    pub fn as_ptr(&self) -> *const c_char {
        self.narrow
            .as_ref()
            .map_or(core::ptr::null(), |c| c.as_ptr())
    }
}

/// `path_converter`: str, bytes or os.PathLike (and an int fd when `allow_fd`; None when
/// `nullable`), with CPython's messages ("stat: path should be string, ...").
///
/// # Safety
/// `o` NULL (not given: treated as None) or live.
pub unsafe fn path_arg(
    func: &str,
    argname: &str,
    o: *mut PyObject,
    nullable: bool,
    allow_fd: bool,
) -> PyResult<PathArg> {
    let none = o.is_null() || o == object::none();
    if none && nullable {
        return Ok(PathArg {
            object: o,
            narrow: Some(CString::new(".").unwrap_or_default()),
            fd: -1,
            is_bytes: false,
        });
    }
    let expected = match (allow_fd, nullable) {
        (true, true) => "string, bytes, os.PathLike, integer or None",
        (true, false) => "string, bytes, os.PathLike or integer",
        (false, true) => "string, bytes, os.PathLike or None",
        (false, false) => "string, bytes or os.PathLike",
    };
    let bad = |o: *mut PyObject| {
        errors::type_error(&format!(
            "{func}: {argname} should be {expected}, not {}",
            object::type_name_trunc(object::py_type(o), 200)
        ))
    };
    if none {
        return Err(bad(object::none()));
    }
    let converted;
    let mut target = o;
    if !unicodeobject::is_str(o) && !bytesobject::is_bytes(o) {
        let name = unicodeobject::intern_str("__fspath__");
        if let Some(func_obj) = object::lookup_special(o, name)? {
            converted = crate::objects::call::call_no_args(func_obj.as_ptr())?;
            if !(unicodeobject::is_str(converted.as_ptr())
                || bytesobject::is_bytes(converted.as_ptr()))
            {
                return Err(errors::type_error(&format!(
                    "expected {}.__fspath__() to return str or bytes, not {}",
                    object::type_name_trunc(object::py_type(o), 200),
                    object::type_name_trunc(object::py_type(converted.as_ptr()), 200)
                )));
            }
            target = converted.as_ptr();
        } else if allow_fd
            && (*object::py_type(o))
                .tp_as_number
                .as_ref()
                .is_some_and(|n| n.nb_index.is_some())
        {
            let fd = fd_arg(o)?;
            return Ok(PathArg {
                object: o,
                narrow: None,
                fd,
                is_bytes: false,
            });
        } else {
            return Err(bad(o));
        }
    }
    let (bytes, is_bytes) = if unicodeobject::is_str(target) {
        // The file system encoder refuses NUL itself, with its own message.
        let b = fs_encode(target)?;
        if b.contains(&0) {
            return Err(errors::value_error("embedded null byte"));
        }
        (b, false)
    } else {
        let d = core::slice::from_raw_parts(bytesobject::data(target), bytesobject::size(target));
        (d.to_vec(), true)
    };
    let narrow = CString::new(bytes).map_err(|_| {
        errors::value_error(&format!("{func}: embedded null character in {argname}"))
    })?;
    Ok(PathArg {
        object: o,
        narrow: Some(narrow),
        fd: -1,
        is_bytes,
    })
}

/// A required path argument without fd support.
///
/// # Safety
/// As [`path_arg`].
pub unsafe fn path(func: &str, argname: &str, o: *mut PyObject) -> PyResult<PathArg> {
    path_arg(func, argname, o, false, false)
}

/// A file descriptor argument (`fildes_converter` / `_PyLong_FileDescriptor_Converter` int).
///
/// # Safety
/// `o` is live.
pub unsafe fn fd_arg(o: *mut PyObject) -> PyResult<c_int> {
    if crate::objects::floatobject::is_float(o) {
        return Err(errors::type_error("integer argument expected, got float"));
    }
    let idx = crate::objects::longobject::index(o)?;
    let v = crate::objects::longobject::as_i64(idx.as_ptr())?;
    if v > c_int::MAX as i64 {
        return Err(errors::overflow_error("fd is greater than maximum"));
    }
    if v < c_int::MIN as i64 {
        return Err(errors::overflow_error("fd is less than minimum"));
    }
    Ok(v as c_int)
}

/// `dir_fd` (None or an int) as the *at functions want it.
///
/// # Safety
/// `o` NULL or live.
pub unsafe fn dir_fd_arg(o: *mut PyObject) -> PyResult<c_int> {
    if o.is_null() || o == object::none() {
        Ok(libc::AT_FDCWD)
    } else {
        if !(*object::py_type(o))
            .tp_as_number
            .as_ref()
            .is_some_and(|n| n.nb_index.is_some())
        {
            return Err(errors::type_error(&format!(
                "argument should be integer or None, not {}",
                object::type_name_trunc(object::py_type(o), 200)
            )));
        }
        fd_arg(o)
    }
}

/// The file system encoding: UTF-8 with surrogateescape.
///
/// # Safety
/// `s` is a live str.
pub unsafe fn fs_encode(s: *mut PyObject) -> PyResult<Vec<u8>> {
    match crate::codecs::encode_builtin(s, "utf-8", Some("surrogateescape")) {
        Some(r) => r,
        None => Err(errors::system_error("utf-8 codec missing")),
    }
}

/// Decodes a file name from the system (PyUnicode_DecodeFSDefault).
pub fn fs_decode(b: &[u8]) -> PyResult<Ref> {
    unicodeobject::from_utf8(b, Some("surrogateescape"))
}

/// A result path: bytes when the argument was bytes, else str.
pub fn path_result(is_bytes: bool, b: &[u8]) -> PyResult<Ref> {
    if is_bytes {
        bytesobject::from_slice(b)
    } else {
        fs_decode(b)
    }
}

/// OSError from `errno` with the path arguments as filename/filename2
/// (`path_error` / `path_error2`).
///
/// # Safety
/// Paths' objects are NULL or live.
pub unsafe fn path_error(p1: Option<&PathArg>, p2: Option<&PathArg>) -> ErrSet {
    let o1 = p1.map_or(null_mut(), |p| p.object);
    let o2 = p2.map_or(null_mut(), |p| p.object);
    errors::set_from_errno_with_filenames(
        PyExc_OSError,
        o1,
        if o1.is_null() { null_mut() } else { o2 },
    )
}

/// OSError from `errno` without a file name (`posix_error`).
pub fn posix_error() -> ErrSet {
    // SAFETY: PyExc_OSError is a static exception class.
    unsafe { errors::set_from_errno_with_filenames(PyExc_OSError, null_mut(), null_mut()) }
}

/// Runs a system call until it stops failing with EINTR, running signal handlers between
/// attempts (PEP 475); `failed` says whether a result is an error.
pub fn retry<T: Copy>(
    mut call: impl FnMut() -> T,
    failed: impl Fn(T) -> bool,
) -> PyResult<Result<T, i32>> {
    loop {
        let r = call();
        if !failed(r) {
            return Ok(Ok(r));
        }
        let e = errno();
        if e != libc::EINTR {
            return Ok(Err(e));
        }
        crate::modules::signalmodule::check_signals()?;
    }
}

/// A C `int`-returning call: -1 is failure, EINTR retried.
pub fn retry_int(call: impl FnMut() -> c_int) -> PyResult<Result<c_int, i32>> {
    retry(call, |r| r == -1)
}

// ---------------------------------------------------------------------------------------------
// Module state: the struct sequence types, made at init and released by `fini`.

pub(crate) struct Types {
    pub stat_result: *mut PyObject,
    pub statvfs_result: *mut PyObject,
    pub terminal_size: *mut PyObject,
    pub uname_result: *mut PyObject,
    pub times_result: *mut PyObject,
    pub waitid_result: *mut PyObject,
    pub sched_param: *mut PyObject,
}

pub(crate) static mut TYPES: Types = Types {
    stat_result: null_mut(),
    statvfs_result: null_mut(),
    terminal_size: null_mut(),
    uname_result: null_mut(),
    times_result: null_mut(),
    waitid_result: null_mut(),
    sched_param: null_mut(),
};

/// Releases the module's types and fork hooks (Py_FinalizeEx).
pub fn fini() {
    // SAFETY: called at finalization with the GIL held; each slot owns one reference.
    unsafe {
        let t = &raw mut TYPES;
        for slot in [
            &raw mut (*t).stat_result,
            &raw mut (*t).statvfs_result,
            &raw mut (*t).terminal_size,
            &raw mut (*t).uname_result,
            &raw mut (*t).times_result,
            &raw mut (*t).waitid_result,
            &raw mut (*t).sched_param,
        ] {
            let p = core::mem::replace(&mut *slot, null_mut());
            object::xdecref(p);
        }
    }
    fork::fini();
}

use crate::abi::structseq::{PyStructSequence_Desc, PyStructSequence_Field};

/// Makes a struct sequence type from field names (`None` for an unnamed field).
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn make_structseq(
    name: &'static CStr,
    doc: &'static CStr,
    fields: &[(Option<&'static CStr>, &'static CStr)],
    n_in_sequence: usize,
) -> PyResult<*mut PyObject> {
    let mut f: Vec<PyStructSequence_Field> = fields
        .iter()
        .map(|(n, d)| PyStructSequence_Field {
            name: n.map_or(
                crate::objects::structseq::PyStructSequence_UnnamedField.0,
                |n| n.as_ptr(),
            ),
            doc: d.as_ptr(),
        })
        .collect();
    f.push(PyStructSequence_Field {
        name: core::ptr::null(),
        doc: core::ptr::null(),
    });
    // The type keeps pointers to the names and docs, which are static; the array itself is
    // only read while the type is built.
    let mut desc = PyStructSequence_Desc {
        name: name.as_ptr(),
        doc: doc.as_ptr(),
        fields: f.as_mut_ptr(),
        n_in_sequence: n_in_sequence as c_int,
    };
    let tp = crate::objects::structseq::new_type(&mut desc, 0)?;
    Ok(tp.into_raw())
}

/// A new instance of a struct sequence type filled with `items` (as many as its n_fields).
///
/// # Safety
/// `tp` is a struct sequence type.
pub(crate) unsafe fn structseq_from(tp: *mut PyObject, items: Vec<Ref>) -> PyResult<Ref> {
    let r = crate::objects::structseq::new(tp.cast())?;
    for (i, v) in items.into_iter().enumerate() {
        crate::objects::structseq::set_item(r.as_ptr(), i as Py_ssize_t, v.into_raw());
    }
    Ok(r)
}

/// The struct sequence `tp_new` that `statresult_new` extends.
static mut STRUCTSEQ_NEW: newfunc = None;

/// `statresult_new`: as a struct sequence, then st_atime/st_mtime/st_ctime (when not given)
/// copied from the integer fields 7-9.
unsafe extern "C" fn statresult_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let Some(base_new) = STRUCTSEQ_NEW else {
        let _ = errors::system_error("stat_result has no base constructor");
        return null_mut();
    };
    let r = base_new(tp, args, kwds);
    if r.is_null() {
        return r;
    }
    for i in 7..10 {
        let float_time = crate::objects::structseq::get_item(r, i + 3);
        if float_time.is_null() || float_time == object::none() {
            let v = crate::objects::structseq::get_item(r, i);
            object::incref(v);
            crate::objects::structseq::set_item(r, i + 3, v);
            object::xdecref(float_time);
        }
    }
    r
}

/// `os.sched_param(sched_priority)`.
unsafe extern "C" fn sched_param_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let nargs = crate::objects::tupleobject::len(args) as usize;
        let names = if kwds.is_null() {
            None
        } else {
            Some(crate::objects::dictobject::keys_list(kwds)?)
        };
        let mut stack: Vec<*mut PyObject> = (0..nargs)
            .map(|i| *crate::objects::tupleobject::items(args).add(i))
            .collect();
        let kwnames = match &names {
            Some(list) => {
                let n = crate::objects::listobject::len(list.as_ptr());
                for i in 0..n {
                    let k = *crate::objects::listobject::items(list.as_ptr()).add(i as usize);
                    stack
                        .push(crate::objects::dictobject::get_item(kwds, k)?.unwrap_or(null_mut()));
                }
                Some(crate::objects::listobject::as_tuple(list.as_ptr())?)
            }
            None => None,
        };
        let a = bind(
            &crate::os_sig!("sched_param", ["sched_priority"], 0, 1, 1),
            stack.as_ptr(),
            nargs,
            kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
        )?;
        let obj = crate::objects::structseq::new(tp)?;
        object::incref(a[0]);
        crate::objects::structseq::set_item(obj.as_ptr(), 0, a[0]);
        Ok(obj)
    })();
    errors::ptr_result(r)
}

unsafe fn make_types() -> PyResult<()> {
    let t = &raw mut TYPES;
    if !(*t).stat_result.is_null() {
        return Ok(());
    }
    (*t).stat_result = make_structseq(
        c"os.stat_result",
        c"stat_result: Result from stat, fstat, or lstat.\n\nThis object may be accessed either as a tuple of\n  (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime)\nor via the attributes st_mode, st_ino, st_dev, st_nlink, st_uid, and so on.\n\nPosix/windows: If your platform supports st_blksize, st_blocks, st_rdev,\nor st_flags, they are available as attributes only.\n\nSee os.stat for more information.",
        &[
            (Some(c"st_mode"), c"protection bits"),
            (Some(c"st_ino"), c"inode"),
            (Some(c"st_dev"), c"device"),
            (Some(c"st_nlink"), c"number of hard links"),
            (Some(c"st_uid"), c"user ID of owner"),
            (Some(c"st_gid"), c"group ID of owner"),
            (Some(c"st_size"), c"total size, in bytes"),
            (None, c"integer time of last access"),
            (None, c"integer time of last modification"),
            (None, c"integer time of last change"),
            (Some(c"st_atime"), c"time of last access"),
            (Some(c"st_mtime"), c"time of last modification"),
            (Some(c"st_ctime"), c"time of last change"),
            (Some(c"st_atime_ns"), c"time of last access in nanoseconds"),
            (Some(c"st_mtime_ns"), c"time of last modification in nanoseconds"),
            (Some(c"st_ctime_ns"), c"time of last change in nanoseconds"),
            (Some(c"st_blksize"), c"blocksize for filesystem I/O"),
            (Some(c"st_blocks"), c"number of blocks allocated"),
            (Some(c"st_rdev"), c"device type (if inode device)"),
        ],
        10,
    )?;
    (*t).statvfs_result = make_structseq(
        c"os.statvfs_result",
        c"statvfs_result: Result from statvfs or fstatvfs.\n\nThis object may be accessed either as a tuple of\n  (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax),\nor via the attributes f_bsize, f_frsize, f_blocks, f_bfree, and so on.\n\nSee os.statvfs for more information.",
        &[
            (Some(c"f_bsize"), c""),
            (Some(c"f_frsize"), c""),
            (Some(c"f_blocks"), c""),
            (Some(c"f_bfree"), c""),
            (Some(c"f_bavail"), c""),
            (Some(c"f_files"), c""),
            (Some(c"f_ffree"), c""),
            (Some(c"f_favail"), c""),
            (Some(c"f_flag"), c""),
            (Some(c"f_namemax"), c""),
            (Some(c"f_fsid"), c""),
        ],
        10,
    )?;
    (*t).terminal_size = make_structseq(
        c"os.terminal_size",
        c"A tuple of (columns, lines) for holding terminal window size",
        &[
            (
                Some(c"columns"),
                c"width of the terminal window in characters",
            ),
            (
                Some(c"lines"),
                c"height of the terminal window in characters",
            ),
        ],
        2,
    )?;
    (*t).uname_result = make_structseq(
        c"posix.uname_result",
        c"uname_result: Result from os.uname().\n\nThis object may be accessed either as a tuple of\n  (sysname, nodename, release, version, machine),\nor via the attributes sysname, nodename, release, version, and machine.\n\nSee os.uname for more information.",
        &[
            (Some(c"sysname"), c"operating system name"),
            (Some(c"nodename"), c"name of machine on network (implementation-defined)"),
            (Some(c"release"), c"operating system release"),
            (Some(c"version"), c"operating system version"),
            (Some(c"machine"), c"hardware identifier"),
        ],
        5,
    )?;
    (*t).times_result = make_structseq(
        c"posix.times_result",
        c"times_result: Result from os.times().\n\nThis object may be accessed either as a tuple of\n  (user, system, children_user, children_system, elapsed),\nor via the attributes user, system, children_user, children_system,\nand elapsed.\n\nSee os.times for more information.",
        &[
            (Some(c"user"), c"user time"),
            (Some(c"system"), c"system time"),
            (Some(c"children_user"), c"user time of children"),
            (Some(c"children_system"), c"system time of children"),
            (Some(c"elapsed"), c"elapsed time since an arbitrary point in the past"),
        ],
        5,
    )?;
    (*t).waitid_result = make_structseq(
        c"posix.waitid_result",
        c"waitid_result: Result from waitid.\n\nThis object may be accessed either as a tuple of\n  (si_pid, si_uid, si_signo, si_status, si_code),\nor via the attributes si_pid, si_uid, and so on.\n\nSee os.waitid for more information.",
        &[
            (Some(c"si_pid"), c""),
            (Some(c"si_uid"), c""),
            (Some(c"si_signo"), c""),
            (Some(c"si_status"), c""),
            (Some(c"si_code"), c""),
        ],
        5,
    )?;
    (*t).sched_param = make_structseq(
        c"posix.sched_param",
        c"sched_param(sched_priority)\n--\n\nCurrently has only one field: sched_priority\n\n  sched_priority\n    A scheduling parameter.",
        &[(Some(c"sched_priority"), c"the scheduling priority")],
        1,
    )?;
    // stat_result fills its float times from the int ones; sched_param takes one keyword.
    let st = (*t).stat_result as *mut PyTypeObject;
    STRUCTSEQ_NEW = (*st).tp_new;
    (*st).tp_new = Some(statresult_new);
    (*((*t).sched_param as *mut PyTypeObject)).tp_new = Some(sched_param_new);
    Ok(())
}

/// The names of the optional features this build has (`_have_functions`), which os.py turns
/// into `supports_dir_fd`, `supports_fd`, `supports_follow_symlinks`.
const HAVE_FUNCTIONS: &[&str] = &[
    "HAVE_EVENTFD",
    "HAVE_FACCESSAT",
    "HAVE_FCHDIR",
    "HAVE_FCHMOD",
    "HAVE_FCHMODAT",
    "HAVE_FCHOWN",
    "HAVE_FCHOWNAT",
    "HAVE_FEXECVE",
    "HAVE_FDOPENDIR",
    "HAVE_FPATHCONF",
    "HAVE_FSTATAT",
    "HAVE_FSTATVFS",
    "HAVE_FTRUNCATE",
    "HAVE_FUTIMENS",
    "HAVE_FUTIMES",
    "HAVE_FUTIMESAT",
    "HAVE_LINKAT",
    "HAVE_LCHOWN",
    "HAVE_LSTAT",
    "HAVE_LUTIMES",
    "HAVE_MEMFD_CREATE",
    "HAVE_MKDIRAT",
    "HAVE_MKFIFOAT",
    "HAVE_MKNODAT",
    "HAVE_OPENAT",
    "HAVE_READLINKAT",
    "HAVE_RENAMEAT",
    "HAVE_SYMLINKAT",
    "HAVE_UNLINKAT",
    "HAVE_UTIMENSAT",
];

extern "C" {
    static mut environ: *mut *mut c_char;
}

/// `posix.environ`: a dict of bytes to bytes from the C environment (first occurrence of a
/// name wins, as CPython).
unsafe fn make_environ() -> PyResult<Ref> {
    let d = crate::objects::dictobject::new()?;
    let mut p = environ;
    if p.is_null() {
        return Ok(d);
    }
    while !(*p).is_null() {
        let entry = CStr::from_ptr(*p).to_bytes();
        if let Some(eq) = entry.iter().position(|&c| c == b'=') {
            let k = bytesobject::from_slice(&entry[..eq])?;
            let v = bytesobject::from_slice(&entry[eq + 1..])?;
            crate::objects::dictobject::set_default(d.as_ptr(), k.as_ptr(), v.as_ptr())?;
        }
        p = p.add(1);
    }
    Ok(d)
}

fn methods() -> Vec<crate::abi::methodobject::PyMethodDef> {
    let mut v = Vec::new();
    fs::methods(&mut v);
    process::methods(&mut v);
    fork::methods(&mut v);
    scandir::methods(&mut v);
    v
}

unsafe fn exec(m: *mut PyObject) -> PyResult<()> {
    make_types()?;
    let t = &raw mut TYPES;
    add(m, "environ", make_environ()?.as_ptr())?;
    add(m, "error", PyExc_OSError)?;
    add_ints(m, constants::POSIX_CONSTANTS)?;
    add(m, "stat_result", (*t).stat_result)?;
    add(m, "statvfs_result", (*t).statvfs_result)?;
    add(m, "terminal_size", (*t).terminal_size)?;
    add(m, "uname_result", (*t).uname_result)?;
    add(m, "times_result", (*t).times_result)?;
    add(m, "waitid_result", (*t).waitid_result)?;
    add(m, "sched_param", (*t).sched_param)?;
    let have = crate::objects::listobject::new(0)?;
    for name in HAVE_FUNCTIONS {
        crate::objects::listobject::append(have.as_ptr(), string(name)?.as_ptr())?;
    }
    add(m, "_have_functions", have.as_ptr())?;
    process::add_names(m)?;
    scandir::exec(m)?;
    Ok(())
}

/// `PyInit_posix`.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let m = create_module(
            c"posix",
            c"This module provides access to operating system functionality that is\nstandardized by the C Standard and the POSIX standard (a thinly\ndisguised Unix interface).  Refer to the library manual and\ncorresponding Unix manual entries for more information on calls.",
            methods,
        )?;
        exec(m.as_ptr())?;
        Ok(m)
    })();
    errors::ptr_result(r)
}

#[cfg(test)]
mod tests;
