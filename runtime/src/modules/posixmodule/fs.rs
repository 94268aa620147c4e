//! posix's file system and file descriptor functions: stat family, directories, links,
//! permissions, times, open/read/write, descriptors' flags, and terminal queries.

use super::args::*;
use super::*;
use crate::abi::methodobject::PyMethodDef;
use crate::objects::longobject;
use crate::{os_fn, os_sig};

/// `_pystat_fromstructstat`: a `stat_result` from a C `struct stat`.
///
/// # Safety
/// GIL held; the module's types exist.
pub(crate) unsafe fn stat_result(st: &libc::stat) -> PyResult<Ref> {
    let ns = |sec: i64, nsec: i64| -> PyResult<Ref> {
        let total = sec as i128 * 1_000_000_000 + nsec as i128;
        longobject::from_u128_signed(total < 0, total.unsigned_abs())
    };
    let fl = |sec: i64, nsec: i64| float(sec as f64 + nsec as f64 * 1e-9);
    let items = vec![
        int(st.st_mode as i64)?,
        longobject::from_u64(st.st_ino)?,
        longobject::from_u64(st.st_dev)?,
        longobject::from_u64(st.st_nlink)?,
        int(st.st_uid as i64)?,
        int(st.st_gid as i64)?,
        int(st.st_size)?,
        int(st.st_atime)?,
        int(st.st_mtime)?,
        int(st.st_ctime)?,
        fl(st.st_atime, st.st_atime_nsec)?,
        fl(st.st_mtime, st.st_mtime_nsec)?,
        fl(st.st_ctime, st.st_ctime_nsec)?,
        ns(st.st_atime, st.st_atime_nsec)?,
        ns(st.st_mtime, st.st_mtime_nsec)?,
        ns(st.st_ctime, st.st_ctime_nsec)?,
        int(st.st_blksize)?,
        int(st.st_blocks)?,
        longobject::from_u64(st.st_rdev)?,
    ];
    structseq_from((*(&raw mut TYPES)).stat_result, items)
}

/// stat/lstat/fstatat on a path or descriptor.
///
/// # Safety
/// GIL held.
pub(crate) unsafe fn do_stat(
    func: &str,
    p: &PathArg,
    dir_fd: c_int,
    follow: bool,
) -> PyResult<Ref> {
    if p.fd >= 0 && (dir_fd != libc::AT_FDCWD || !follow) {
        return Err(errors::value_error(&format!(
            "{func}: cannot use fd and {} together",
            if dir_fd != libc::AT_FDCWD {
                "dir_fd"
            } else {
                "follow_symlinks"
            }
        )));
    }
    let mut st: libc::stat = core::mem::zeroed();
    let r = if p.fd >= 0 {
        retry_int(|| libc::fstat(p.fd, &mut st))?
    } else {
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        retry_int(|| libc::fstatat(dir_fd, p.as_ptr(), &mut st, flags))?
    };
    if r.is_err() {
        return Err(path_error(Some(p), None));
    }
    stat_result(&st)
}

os_fn!(
    stat,
    os_sig!("stat", ["path", "dir_fd", "follow_symlinks"], 0, 1, 1),
    |a| {
        let p = path_arg("stat", "path", a[0], false, true)?;
        do_stat("stat", &p, dir_fd_arg(a[1])?, truth(a[2], true)?)
    }
);

os_fn!(lstat, os_sig!("lstat", ["path", "dir_fd"], 0, 1, 1), |a| {
    let p = path("lstat", "path", a[0])?;
    do_stat("lstat", &p, dir_fd_arg(a[1])?, false)
});

os_fn!(fstat, os_sig!("fstat", ["fd"], 0, 1, 1), |a| {
    let fd = fd_arg(a[0])?;
    let mut st: libc::stat = core::mem::zeroed();
    if retry_int(|| libc::fstat(fd, &mut st))?.is_err() {
        return Err(posix_error());
    }
    stat_result(&st)
});

unsafe fn getcwd_bytes() -> PyResult<Vec<u8>> {
    let mut buf = vec![0u8; 1024];
    loop {
        if !libc::getcwd(buf.as_mut_ptr().cast(), buf.len()).is_null() {
            let n = buf.iter().position(|&c| c == 0).unwrap_or(buf.len());
            buf.truncate(n);
            return Ok(buf);
        }
        if errno() != libc::ERANGE {
            return Err(posix_error());
        }
        let n = buf.len() * 2;
        buf.resize(n, 0);
    }
}

os_fn!(getcwd, os_sig!("getcwd", [], 0, 0, 0), |_a| {
    fs_decode(&getcwd_bytes()?)
});
os_fn!(getcwdb, os_sig!("getcwdb", [], 0, 0, 0), |_a| {
    bytesobject::from_slice(&getcwd_bytes()?)
});

os_fn!(chdir, os_sig!("chdir", ["path"], 0, 1, 1), |a| {
    let p = path_arg("chdir", "path", a[0], false, true)?;
    let r = if p.fd >= 0 {
        libc::fchdir(p.fd)
    } else {
        libc::chdir(p.as_ptr())
    };
    if r != 0 {
        return Err(path_error(Some(&p), None));
    }
    Ok(none())
});

os_fn!(fchdir, os_sig!("fchdir", ["fd"], 0, 1, 1), |a| {
    let fd = fd_arg(a[0])?;
    if retry_int(|| libc::fchdir(fd))?.is_err() {
        return Err(posix_error());
    }
    Ok(none())
});

os_fn!(chroot, os_sig!("chroot", ["path"], 0, 1, 1), |a| {
    let p = path("chroot", "path", a[0])?;
    if libc::chroot(p.as_ptr()) != 0 {
        return Err(path_error(Some(&p), None));
    }
    Ok(none())
});

/// Reads every name of an open directory stream except "." and "..", then closes it.
unsafe fn read_dir_names(dir: *mut libc::DIR) -> Result<Vec<Vec<u8>>, i32> {
    let mut names = Vec::new();
    loop {
        set_errno(0);
        let ent = libc::readdir(dir);
        if ent.is_null() {
            let e = errno();
            libc::closedir(dir);
            return if e != 0 { Err(e) } else { Ok(names) };
        }
        let name = CStr::from_ptr((*ent).d_name.as_ptr()).to_bytes();
        if name != b"." && name != b".." {
            names.push(name.to_vec());
        }
    }
}

os_fn!(listdir, os_sig!("listdir", ["path"], 0, 1, 0), |a| {
    let p = path_arg("listdir", "path", a[0], true, true)?;
    let dir = if p.fd >= 0 {
        let fd = libc::dup(p.fd);
        if fd < 0 {
            return Err(posix_error());
        }
        let d = libc::fdopendir(fd);
        if d.is_null() {
            let e = errno();
            libc::close(fd);
            set_errno(e);
            return Err(path_error(Some(&p), None));
        }
        libc::rewinddir(d);
        d
    } else {
        libc::opendir(p.as_ptr())
    };
    if dir.is_null() {
        return Err(path_error(Some(&p), None));
    }
    let names = match read_dir_names(dir) {
        Ok(n) => n,
        Err(e) => {
            set_errno(e);
            return Err(path_error(Some(&p), None));
        }
    };
    let list = crate::objects::listobject::new(0)?;
    for n in names {
        crate::objects::listobject::append(list.as_ptr(), path_result(p.is_bytes, &n)?.as_ptr())?;
    }
    Ok(list)
});

os_fn!(fspath_fn, os_sig!("fspath", ["path"], 0, 1, 1), |a| {
    fspath(a[0])
});

os_fn!(
    open,
    os_sig!("open", ["path", "flags", "mode", "dir_fd"], 0, 3, 2),
    |a| {
        let p = path("open", "path", a[0])?;
        let flags = c_int_arg(a[1])? | libc::O_CLOEXEC;
        let mode = or(a[2], 0o777, |o| c_int_arg(o))?;
        let dir_fd = dir_fd_arg(a[3])?;
        match retry_int(|| libc::openat(dir_fd, p.as_ptr(), flags, mode as libc::c_uint))? {
            Ok(fd) => int(fd as i64),
            Err(_) => Err(path_error(Some(&p), None)),
        }
    }
);

os_fn!(close, os_sig!("close", ["fd"], 0, 1, 1), |a| {
    let fd = fd_arg(a[0])?;
    // close() is not retried on EINTR: the descriptor is released either way on Linux.
    if libc::close(fd) < 0 {
        return Err(posix_error());
    }
    Ok(none())
});

os_fn!(
    closerange,
    os_sig!("closerange", ["fd_low", "fd_high"], 2, 2, 2),
    |a| {
        let lo = c_int_arg(a[0])?;
        let hi = c_int_arg(a[1])?;
        for fd in lo.max(0)..hi {
            libc::close(fd);
        }
        Ok(none())
    }
);

os_fn!(read, os_sig!("read", ["fd", "length"], 2, 2, 2), |a| {
    let fd = fd_arg(a[0])?;
    let n = longobject::as_isize(a[1])?;
    if n < 0 {
        set_errno(libc::EINVAL);
        return Err(posix_error());
    }
    let mut buf = vec![0u8; n as usize];
    match retry(
        || libc::read(fd, buf.as_mut_ptr().cast(), n as usize),
        |r| r < 0,
    )? {
        Ok(got) => bytesobject::from_slice(&buf[..got as usize]),
        Err(_) => Err(posix_error()),
    }
});

/// Borrows a bytes-like argument's data for the duration of `f`.
pub(crate) unsafe fn with_buffer<R>(
    o: *mut PyObject,
    f: impl FnOnce(&[u8]) -> PyResult<R>,
) -> PyResult<R> {
    let mut view: Py_buffer = core::mem::zeroed();
    crate::objects::r#abstract::buffer::get_buffer(
        o,
        &mut view,
        crate::objects::r#abstract::buffer::PyBUF_SIMPLE,
    )?;
    let data = if view.len == 0 {
        &[][..]
    } else {
        core::slice::from_raw_parts(view.buf as *const u8, view.len as usize)
    };
    let r = f(data);
    crate::objects::r#abstract::buffer::release(&mut view);
    r
}

os_fn!(write, os_sig!("write", ["fd", "data"], 2, 2, 2), |a| {
    let fd = fd_arg(a[0])?;
    with_buffer(a[1], |d| {
        match retry(|| libc::write(fd, d.as_ptr().cast(), d.len()), |r| r < 0)? {
            Ok(n) => int(n as i64),
            Err(_) => Err(posix_error()),
        }
    })
});

os_fn!(
    pread,
    os_sig!("pread", ["fd", "length", "offset"], 3, 3, 3),
    |a| {
        let fd = fd_arg(a[0])?;
        let n = longobject::as_isize(a[1])?;
        let off = i64_arg(a[2])?;
        if n < 0 {
            set_errno(libc::EINVAL);
            return Err(posix_error());
        }
        let mut buf = vec![0u8; n as usize];
        match retry(
            || libc::pread(fd, buf.as_mut_ptr().cast(), n as usize, off),
            |r| r < 0,
        )? {
            Ok(got) => bytesobject::from_slice(&buf[..got as usize]),
            Err(_) => Err(posix_error()),
        }
    }
);

os_fn!(
    pwrite,
    os_sig!("pwrite", ["fd", "data", "offset"], 3, 3, 3),
    |a| {
        let fd = fd_arg(a[0])?;
        let off = i64_arg(a[2])?;
        with_buffer(a[1], |d| {
            match retry(
                || libc::pwrite(fd, d.as_ptr().cast(), d.len(), off),
                |r| r < 0,
            )? {
                Ok(n) => int(n as i64),
                Err(_) => Err(posix_error()),
            }
        })
    }
);

os_fn!(
    lseek,
    os_sig!("lseek", ["fd", "position", "whence"], 3, 3, 3),
    |a| {
        let fd = fd_arg(a[0])?;
        let pos = i64_arg(a[1])?;
        let how = c_int_arg(a[2])?;
        let r = libc::lseek(fd, pos, how);
        if r < 0 {
            return Err(posix_error());
        }
        int(r)
    }
);

/// `fildes_converter`: an int, or an object with `fileno()`.
unsafe fn fileno_arg(o: *mut PyObject) -> PyResult<c_int> {
    if longobject::is_int(o) {
        let fd = fd_arg(o)?;
        if fd < 0 {
            return Err(errors::value_error(&format!(
                "file descriptor cannot be a negative integer ({fd})"
            )));
        }
        return Ok(fd);
    }
    let Some(meth) = object::lookup_attr_str(o, "fileno")? else {
        return Err(errors::type_error(
            "argument must be an int, or have a fileno() method.",
        ));
    };
    let r = crate::objects::call::call_no_args(meth.as_ptr())?;
    if !longobject::is_int(r.as_ptr()) {
        return Err(errors::type_error("fileno() returned a non-integer"));
    }
    let fd = longobject::as_c_int(r.as_ptr())?;
    if fd < 0 {
        return Err(errors::value_error(&format!(
            "file descriptor cannot be a negative integer ({fd})"
        )));
    }
    Ok(fd)
}

os_fn!(fsync, os_sig!("fsync", ["fd"], 0, 1, 1), |a| {
    let fd = fileno_arg(a[0])?;
    if retry_int(|| libc::fsync(fd))?.is_err() {
        return Err(posix_error());
    }
    Ok(none())
});

os_fn!(fdatasync, os_sig!("fdatasync", ["fd"], 0, 1, 1), |a| {
    let fd = fileno_arg(a[0])?;
    if retry_int(|| libc::fdatasync(fd))?.is_err() {
        return Err(posix_error());
    }
    Ok(none())
});

os_fn!(sync, os_sig!("sync", [], 0, 0, 0), |_a| {
    libc::sync();
    Ok(none())
});

os_fn!(
    ftruncate,
    os_sig!("ftruncate", ["fd", "length"], 2, 2, 2),
    |a| {
        let fd = fd_arg(a[0])?;
        let len = i64_arg(a[1])?;
        if retry_int(|| libc::ftruncate(fd, len))?.is_err() {
            return Err(posix_error());
        }
        Ok(none())
    }
);

os_fn!(
    truncate,
    os_sig!("truncate", ["path", "length"], 0, 2, 2),
    |a| {
        let p = path_arg("truncate", "path", a[0], false, true)?;
        let len = i64_arg(a[1])?;
        let r = if p.fd >= 0 {
            libc::ftruncate(p.fd, len)
        } else {
            libc::truncate(p.as_ptr(), len)
        };
        if r != 0 {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

os_fn!(
    mkdir,
    os_sig!("mkdir", ["path", "mode", "dir_fd"], 0, 2, 1),
    |a| {
        let p = path("mkdir", "path", a[0])?;
        let mode = or(a[1], 0o777, |o| c_int_arg(o))?;
        let dir_fd = dir_fd_arg(a[2])?;
        if libc::mkdirat(dir_fd, p.as_ptr(), mode as libc::mode_t) != 0 {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

os_fn!(rmdir, os_sig!("rmdir", ["path", "dir_fd"], 0, 1, 1), |a| {
    let p = path("rmdir", "path", a[0])?;
    let dir_fd = dir_fd_arg(a[1])?;
    if libc::unlinkat(dir_fd, p.as_ptr(), libc::AT_REMOVEDIR) != 0 {
        return Err(path_error(Some(&p), None));
    }
    Ok(none())
});

unsafe fn unlink_impl(func: &str, a: &[*mut PyObject]) -> PyResult<Ref> {
    let p = path(func, "path", a[0])?;
    let dir_fd = dir_fd_arg(a[1])?;
    if libc::unlinkat(dir_fd, p.as_ptr(), 0) != 0 {
        return Err(path_error(Some(&p), None));
    }
    Ok(none())
}

os_fn!(
    unlink,
    os_sig!("unlink", ["path", "dir_fd"], 0, 1, 1),
    |a| { unlink_impl("unlink", a) }
);
os_fn!(
    remove,
    os_sig!("remove", ["path", "dir_fd"], 0, 1, 1),
    |a| { unlink_impl("remove", a) }
);

unsafe fn rename_impl(func: &str, a: &[*mut PyObject]) -> PyResult<Ref> {
    let src = path(func, "src", a[0])?;
    let dst = path(func, "dst", a[1])?;
    let sfd = dir_fd_arg(a[2])?;
    let dfd = dir_fd_arg(a[3])?;
    if src.is_bytes != dst.is_bytes {
        return Err(errors::type_error(&format!(
            "{func}: src and dst must be the same type"
        )));
    }
    if libc::renameat(sfd, src.as_ptr(), dfd, dst.as_ptr()) != 0 {
        return Err(path_error(Some(&src), Some(&dst)));
    }
    Ok(none())
}

os_fn!(
    rename,
    os_sig!(
        "rename",
        ["src", "dst", "src_dir_fd", "dst_dir_fd"],
        0,
        2,
        2
    ),
    |a| { rename_impl("rename", a) }
);
os_fn!(
    replace,
    os_sig!(
        "replace",
        ["src", "dst", "src_dir_fd", "dst_dir_fd"],
        0,
        2,
        2
    ),
    |a| { rename_impl("replace", a) }
);

os_fn!(
    readlink,
    os_sig!("readlink", ["path", "dir_fd"], 0, 1, 1),
    |a| {
        let p = path("readlink", "path", a[0])?;
        let dir_fd = dir_fd_arg(a[1])?;
        let mut buf = vec![0u8; libc::PATH_MAX as usize + 1];
        let n = libc::readlinkat(dir_fd, p.as_ptr(), buf.as_mut_ptr().cast(), buf.len());
        if n < 0 {
            return Err(path_error(Some(&p), None));
        }
        path_result(p.is_bytes, &buf[..n as usize])
    }
);

os_fn!(
    symlink,
    os_sig!(
        "symlink",
        ["src", "dst", "target_is_directory", "dir_fd"],
        0,
        3,
        2
    ),
    |a| {
        let src = path("symlink", "src", a[0])?;
        let dst = path("symlink", "dst", a[1])?;
        let dir_fd = dir_fd_arg(a[3])?;
        if src.is_bytes != dst.is_bytes {
            return Err(errors::type_error(
                "symlink: src and dst must be the same type",
            ));
        }
        if libc::symlinkat(src.as_ptr(), dir_fd, dst.as_ptr()) != 0 {
            return Err(path_error(Some(&src), Some(&dst)));
        }
        Ok(none())
    }
);

os_fn!(
    link,
    os_sig!(
        "link",
        ["src", "dst", "src_dir_fd", "dst_dir_fd", "follow_symlinks"],
        0,
        2,
        2
    ),
    |a| {
        let src = path("link", "src", a[0])?;
        let dst = path("link", "dst", a[1])?;
        let sfd = dir_fd_arg(a[2])?;
        let dfd = dir_fd_arg(a[3])?;
        let follow = truth(a[4], true)?;
        if src.is_bytes != dst.is_bytes {
            return Err(errors::type_error(
                "link: src and dst must be the same type",
            ));
        }
        let flags = if follow { libc::AT_SYMLINK_FOLLOW } else { 0 };
        if libc::linkat(sfd, src.as_ptr(), dfd, dst.as_ptr(), flags) != 0 {
            return Err(path_error(Some(&src), Some(&dst)));
        }
        Ok(none())
    }
);

os_fn!(
    chmod,
    os_sig!(
        "chmod",
        ["path", "mode", "dir_fd", "follow_symlinks"],
        0,
        2,
        2
    ),
    |a| {
        let p = path_arg("chmod", "path", a[0], false, true)?;
        let mode = c_int_arg(a[1])? as libc::mode_t;
        let dir_fd = dir_fd_arg(a[2])?;
        let follow = truth(a[3], true)?;
        let r = if p.fd >= 0 {
            retry_int(|| libc::fchmod(p.fd, mode))?.map(|_| 0)
        } else if follow {
            Ok(libc::fchmodat(dir_fd, p.as_ptr(), mode, 0)).and_then(|r| {
                if r != 0 {
                    Err(errno())
                } else {
                    Ok(0)
                }
            })
        } else {
            // Linux has no lchmod: fchmodat with AT_SYMLINK_NOFOLLOW is refused like CPython's.
            return Err(errors::set_string(
                PyExc_NotImplementedError,
                "chmod: follow_symlinks unavailable on this platform",
            ));
        };
        if r.is_err() {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

os_fn!(fchmod, os_sig!("fchmod", ["fd", "mode"], 0, 2, 2), |a| {
    let fd = c_int_arg(a[0])?;
    let mode = c_int_arg(a[1])? as libc::mode_t;
    if retry_int(|| libc::fchmod(fd, mode))?.is_err() {
        return Err(posix_error());
    }
    Ok(none())
});

/// A uid/gid argument: -1 means "unchanged".
unsafe fn id_arg(o: *mut PyObject, what: &str) -> PyResult<u32> {
    let idx = longobject::index(o).map_err(|_| {
        errors::clear();
        errors::type_error(&format!(
            "{what} should be integer, not {}",
            object::type_name_trunc(object::py_type(o), 200)
        ))
    })?;
    let v = longobject::as_i64(idx.as_ptr())?;
    if v == -1 {
        return Ok(u32::MAX);
    }
    if !(0..=u32::MAX as i64 - 1).contains(&v) {
        return Err(errors::overflow_error(&format!(
            "{what} is {}",
            if v < 0 {
                "less than minimum"
            } else {
                "greater than maximum"
            }
        )));
    }
    Ok(v as u32)
}

pub(crate) unsafe fn uid_arg(o: *mut PyObject) -> PyResult<u32> {
    id_arg(o, "uid")
}
pub(crate) unsafe fn gid_arg(o: *mut PyObject) -> PyResult<u32> {
    id_arg(o, "gid")
}

os_fn!(
    chown,
    os_sig!(
        "chown",
        ["path", "uid", "gid", "dir_fd", "follow_symlinks"],
        0,
        3,
        3
    ),
    |a| {
        let p = path_arg("chown", "path", a[0], false, true)?;
        let uid = uid_arg(a[1])?;
        let gid = gid_arg(a[2])?;
        let dir_fd = dir_fd_arg(a[3])?;
        let follow = truth(a[4], true)?;
        let r = if p.fd >= 0 {
            libc::fchown(p.fd, uid, gid)
        } else {
            libc::fchownat(
                dir_fd,
                p.as_ptr(),
                uid,
                gid,
                if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW },
            )
        };
        if r != 0 {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

os_fn!(
    fchown,
    os_sig!("fchown", ["fd", "uid", "gid"], 0, 3, 3),
    |a| {
        let fd = c_int_arg(a[0])?;
        let uid = uid_arg(a[1])?;
        let gid = gid_arg(a[2])?;
        if retry_int(|| libc::fchown(fd, uid, gid))?.is_err() {
            return Err(posix_error());
        }
        Ok(none())
    }
);

os_fn!(
    lchown,
    os_sig!("lchown", ["path", "uid", "gid"], 0, 3, 3),
    |a| {
        let p = path("lchown", "path", a[0])?;
        let uid = uid_arg(a[1])?;
        let gid = gid_arg(a[2])?;
        if libc::lchown(p.as_ptr(), uid, gid) != 0 {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

/// A time in seconds (int or float) as a timespec (`_PyTime_ObjectToTimespec`, rounding
/// down as utime does).
unsafe fn timespec_from_object(o: *mut PyObject) -> PyResult<libc::timespec> {
    if crate::objects::floatobject::is_float(o) {
        let d = crate::objects::floatobject::value(o);
        if d.is_nan() {
            return Err(errors::value_error("Invalid value NaN (not a number)"));
        }
        let sec = d.floor();
        let mut nsec = ((d - sec) * 1e9).floor();
        let mut sec = sec;
        if nsec >= 1e9 {
            nsec -= 1e9;
            sec += 1.0;
        }
        if !(-9.2e18..9.2e18).contains(&sec) {
            return Err(errors::overflow_error(
                "timestamp out of range for platform time_t",
            ));
        }
        return Ok(libc::timespec {
            tv_sec: sec as i64,
            tv_nsec: nsec as i64,
        });
    }
    let sec = longobject::as_i64_with(o, "timestamp out of range for platform time_t")?;
    Ok(libc::timespec {
        tv_sec: sec,
        tv_nsec: 0,
    })
}

os_fn!(
    utime,
    os_sig!(
        "utime",
        ["path", "times", "ns", "dir_fd", "follow_symlinks"],
        0,
        2,
        1
    ),
    |a| {
        let p = path_arg("utime", "path", a[0], false, true)?;
        let times = a[1];
        let ns = a[2];
        let dir_fd = dir_fd_arg(a[3])?;
        let follow = truth(a[4], true)?;
        let has_times = !times.is_null() && times != object::none();
        if has_times && !ns.is_null() {
            return Err(errors::value_error(
                "utime: you may specify either 'times' or 'ns' but not both",
            ));
        }
        let mut ts = [
            libc::timespec {
                tv_sec: 0,
                tv_nsec: libc::UTIME_NOW,
            },
            libc::timespec {
                tv_sec: 0,
                tv_nsec: libc::UTIME_NOW,
            },
        ];
        if has_times {
            if !crate::objects::tupleobject::check(times)
                || crate::objects::tupleobject::len(times) != 2
            {
                return Err(errors::type_error(
                    "utime: 'times' must be either a tuple of two ints or None",
                ));
            }
            for (i, slot) in ts.iter_mut().enumerate() {
                *slot = timespec_from_object(*crate::objects::tupleobject::items(times).add(i))?;
            }
        } else if !ns.is_null() {
            if !crate::objects::tupleobject::check(ns) || crate::objects::tupleobject::len(ns) != 2
            {
                return Err(errors::type_error(
                    "utime: 'ns' must be a tuple of two ints",
                ));
            }
            let billion = int(1_000_000_000)?;
            for (i, slot) in ts.iter_mut().enumerate() {
                let v = *crate::objects::tupleobject::items(ns).add(i);
                let qr = longobject::divmod(v, billion.as_ptr())?;
                let q = crate::objects::tupleobject::items(qr.as_ptr());
                *slot = libc::timespec {
                    tv_sec: longobject::as_i64(*q)?,
                    tv_nsec: longobject::as_i64(*q.add(1))?,
                };
            }
        }
        if p.fd >= 0 && (dir_fd != libc::AT_FDCWD || !follow) {
            return Err(errors::value_error(
                "utime: cannot use fd and dir_fd or follow_symlinks together",
            ));
        }
        let r = if p.fd >= 0 {
            libc::futimens(p.fd, ts.as_ptr())
        } else {
            libc::utimensat(
                dir_fd,
                p.as_ptr(),
                ts.as_ptr(),
                if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW },
            )
        };
        if r != 0 {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

os_fn!(
    access,
    os_sig!(
        "access",
        ["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"],
        0,
        2,
        2
    ),
    |a| {
        let p = path("access", "path", a[0])?;
        let mode = c_int_arg(a[1])?;
        let dir_fd = dir_fd_arg(a[2])?;
        let eff = truth(a[3], false)?;
        let follow = truth(a[4], true)?;
        let mut flags = 0;
        if eff {
            flags |= libc::AT_EACCESS;
        }
        if !follow {
            flags |= libc::AT_SYMLINK_NOFOLLOW;
        }
        Ok(boolean(
            libc::faccessat(dir_fd, p.as_ptr(), mode, flags) == 0,
        ))
    }
);

os_fn!(umask, os_sig!("umask", ["mask"], 1, 1, 1), |a| {
    let m = c_int_arg(a[0])?;
    int(libc::umask(m as libc::mode_t) as i64)
});

os_fn!(
    mkfifo,
    os_sig!("mkfifo", ["path", "mode", "dir_fd"], 0, 2, 1),
    |a| {
        let p = path("mkfifo", "path", a[0])?;
        let mode = or(a[1], 0o666, |o| c_int_arg(o))?;
        let dir_fd = dir_fd_arg(a[2])?;
        if retry_int(|| libc::mkfifoat(dir_fd, p.as_ptr(), mode as libc::mode_t))?.is_err() {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

os_fn!(
    mknod,
    os_sig!("mknod", ["path", "mode", "device", "dir_fd"], 0, 3, 1),
    |a| {
        let p = path("mknod", "path", a[0])?;
        let mode = or(a[1], 0o600, |o| c_int_arg(o))?;
        let dev = or(a[2], 0, |o| longobject::as_i64(o))?;
        let dir_fd = dir_fd_arg(a[3])?;
        if retry_int(|| {
            libc::mknodat(dir_fd, p.as_ptr(), mode as libc::mode_t, dev as libc::dev_t)
        })?
        .is_err()
        {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

os_fn!(major, os_sig!("major", ["device"], 1, 1, 1), |a| {
    let d = longobject::as_i64(a[0])? as u64;
    int(libc::major(d) as i64)
});
os_fn!(minor, os_sig!("minor", ["device"], 1, 1, 1), |a| {
    let d = longobject::as_i64(a[0])? as u64;
    int(libc::minor(d) as i64)
});
os_fn!(
    makedev,
    os_sig!("makedev", ["major", "minor"], 2, 2, 2),
    |a| {
        let ma = c_int_arg(a[0])?;
        let mi = c_int_arg(a[1])?;
        longobject::from_u64(libc::makedev(ma as u32, mi as u32))
    }
);

unsafe fn statvfs_result(st: &libc::statvfs) -> PyResult<Ref> {
    let items = vec![
        int(st.f_bsize as i64)?,
        int(st.f_frsize as i64)?,
        longobject::from_u64(st.f_blocks)?,
        longobject::from_u64(st.f_bfree)?,
        longobject::from_u64(st.f_bavail)?,
        longobject::from_u64(st.f_files)?,
        longobject::from_u64(st.f_ffree)?,
        longobject::from_u64(st.f_favail)?,
        int(st.f_flag as i64)?,
        int(st.f_namemax as i64)?,
        longobject::from_u64(st.f_fsid)?,
    ];
    structseq_from((*(&raw mut TYPES)).statvfs_result, items)
}

os_fn!(statvfs, os_sig!("statvfs", ["path"], 0, 1, 1), |a| {
    let p = path_arg("statvfs", "path", a[0], false, true)?;
    let mut st: libc::statvfs = core::mem::zeroed();
    let r = if p.fd >= 0 {
        retry_int(|| libc::fstatvfs(p.fd, &mut st))?
    } else {
        retry_int(|| libc::statvfs(p.as_ptr(), &mut st))?
    };
    if r.is_err() {
        return Err(path_error(Some(&p), None));
    }
    statvfs_result(&st)
});

os_fn!(fstatvfs, os_sig!("fstatvfs", ["fd"], 1, 1, 1), |a| {
    let fd = c_int_arg(a[0])?;
    let mut st: libc::statvfs = core::mem::zeroed();
    if retry_int(|| libc::fstatvfs(fd, &mut st))?.is_err() {
        return Err(posix_error());
    }
    statvfs_result(&st)
});

os_fn!(isatty, os_sig!("isatty", ["fd"], 1, 1, 1), |a| {
    let fd = c_int_arg(a[0])?;
    Ok(boolean(libc::isatty(fd) == 1))
});

os_fn!(ttyname, os_sig!("ttyname", ["fd"], 1, 1, 1), |a| {
    let fd = c_int_arg(a[0])?;
    let mut buf = [0 as c_char; 256];
    let r = libc::ttyname_r(fd, buf.as_mut_ptr(), buf.len());
    if r != 0 {
        set_errno(r);
        return Err(posix_error());
    }
    fs_decode(CStr::from_ptr(buf.as_ptr()).to_bytes())
});

os_fn!(ctermid, os_sig!("ctermid", [], 0, 0, 0), |_a| {
    let mut buf = [0 as c_char; 256];
    let p = libc::ctermid(buf.as_mut_ptr());
    if p.is_null() {
        return Err(posix_error());
    }
    fs_decode(CStr::from_ptr(p).to_bytes())
});

/// The locale's encoding (`_Py_GetLocaleEncoding`): "utf-8" in UTF-8 mode or when the C
/// library names none, else `nl_langinfo(CODESET)`.
pub fn locale_encoding() -> String {
    // SAFETY: reading one int of the runtime's pre-configuration.
    let utf8 = unsafe {
        (*crate::lifecycle::pyruntime::runtime())
            .preconfig
            .utf8_mode
    } > 0;
    if utf8 {
        return "utf-8".to_string();
    }
    // SAFETY: nl_langinfo returns a static string (or NULL).
    let p = unsafe { libc::nl_langinfo(libc::CODESET) };
    if p.is_null() {
        return "utf-8".to_string();
    }
    // SAFETY: non-NULL nl_langinfo results are NUL-terminated.
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    if s.is_empty() {
        "utf-8".to_string()
    } else {
        s
    }
}

os_fn!(
    device_encoding,
    os_sig!("device_encoding", ["fd"], 0, 1, 1),
    |a| {
        let fd = c_int_arg(a[0])?;
        if libc::isatty(fd) == 1 {
            string(&locale_encoding())
        } else {
            Ok(none())
        }
    }
);

os_fn!(
    get_terminal_size,
    os_sig!("get_terminal_size", ["fd"], 1, 1, 0),
    |a| {
        let fd = or(a[0], 1, |o| c_int_arg(o))?;
        let mut w: libc::winsize = core::mem::zeroed();
        if libc::ioctl(fd, libc::TIOCGWINSZ, &mut w) != 0 {
            return Err(posix_error());
        }
        structseq_from(
            (*(&raw mut TYPES)).terminal_size,
            vec![int(w.ws_col as i64)?, int(w.ws_row as i64)?],
        )
    }
);

os_fn!(
    get_inheritable,
    os_sig!("get_inheritable", ["fd"], 1, 1, 1),
    |a| {
        let fd = c_int_arg(a[0])?;
        let f = libc::fcntl(fd, libc::F_GETFD);
        if f < 0 {
            return Err(posix_error());
        }
        Ok(boolean(f & libc::FD_CLOEXEC == 0))
    }
);

/// Sets or clears FD_CLOEXEC (`_Py_set_inheritable`).
pub(crate) unsafe fn set_inheritable_fd(fd: c_int, inheritable: bool) -> PyResult<()> {
    let f = libc::fcntl(fd, libc::F_GETFD);
    if f < 0 {
        return Err(posix_error());
    }
    let nf = if inheritable {
        f & !libc::FD_CLOEXEC
    } else {
        f | libc::FD_CLOEXEC
    };
    if nf != f && libc::fcntl(fd, libc::F_SETFD, nf) < 0 {
        return Err(posix_error());
    }
    Ok(())
}

os_fn!(
    set_inheritable,
    os_sig!("set_inheritable", ["fd", "inheritable"], 2, 2, 2),
    |a| {
        let fd = c_int_arg(a[0])?;
        let inh = c_int_arg(a[1])? != 0;
        set_inheritable_fd(fd, inh)?;
        Ok(none())
    }
);

os_fn!(
    get_blocking,
    os_sig!("get_blocking", ["fd"], 1, 1, 1),
    |a| {
        let fd = c_int_arg(a[0])?;
        let f = libc::fcntl(fd, libc::F_GETFL);
        if f < 0 {
            return Err(posix_error());
        }
        Ok(boolean(f & libc::O_NONBLOCK == 0))
    }
);

os_fn!(
    set_blocking,
    os_sig!("set_blocking", ["fd", "blocking"], 2, 2, 2),
    |a| {
        let fd = c_int_arg(a[0])?;
        let blocking = c_int_arg(a[1])? != 0;
        let f = libc::fcntl(fd, libc::F_GETFL);
        if f < 0 {
            return Err(posix_error());
        }
        let nf = if blocking {
            f & !libc::O_NONBLOCK
        } else {
            f | libc::O_NONBLOCK
        };
        if nf != f && libc::fcntl(fd, libc::F_SETFL, nf) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);

os_fn!(dup, os_sig!("dup", ["fd"], 1, 1, 1), |a| {
    let fd = c_int_arg(a[0])?;
    let r = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0);
    if r < 0 {
        return Err(posix_error());
    }
    int(r as i64)
});

os_fn!(
    dup2,
    os_sig!("dup2", ["fd", "fd2", "inheritable"], 0, 3, 2),
    |a| {
        let fd = c_int_arg(a[0])?;
        let fd2 = c_int_arg(a[1])?;
        let inh = truth(a[2], true)?;
        let r = if inh {
            libc::dup2(fd, fd2)
        } else {
            libc::dup3(fd, fd2, libc::O_CLOEXEC)
        };
        if r < 0 {
            return Err(posix_error());
        }
        int(r as i64)
    }
);

os_fn!(pipe, os_sig!("pipe", [], 0, 0, 0), |_a| {
    let mut fds = [0 as c_int; 2];
    if libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
        return Err(posix_error());
    }
    tuple(vec![int(fds[0] as i64)?, int(fds[1] as i64)?])
});

os_fn!(pipe2, os_sig!("pipe2", ["flags"], 1, 1, 1), |a| {
    let flags = c_int_arg(a[0])?;
    let mut fds = [0 as c_int; 2];
    if libc::pipe2(fds.as_mut_ptr(), flags) != 0 {
        return Err(posix_error());
    }
    tuple(vec![int(fds[0] as i64)?, int(fds[1] as i64)?])
});

os_fn!(
    lockf,
    os_sig!("lockf", ["fd", "command", "length"], 3, 3, 3),
    |a| {
        let fd = c_int_arg(a[0])?;
        let cmd = c_int_arg(a[1])?;
        let len = i64_arg(a[2])?;
        if retry_int(|| libc::lockf(fd, cmd, len))?.is_err() {
            return Err(posix_error());
        }
        Ok(none())
    }
);

os_fn!(
    posix_fallocate,
    os_sig!("posix_fallocate", ["fd", "offset", "len"], 3, 3, 3),
    |a| {
        let fd = c_int_arg(a[0])?;
        let off = i64_arg(a[1])?;
        let len = i64_arg(a[2])?;
        loop {
            let r = libc::posix_fallocate(fd, off, len);
            if r == libc::EINTR {
                crate::modules::signalmodule::check_signals()?;
                continue;
            }
            if r != 0 {
                set_errno(r);
                return Err(posix_error());
            }
            return Ok(none());
        }
    }
);

os_fn!(
    posix_fadvise,
    os_sig!("posix_fadvise", ["fd", "offset", "len", "advice"], 4, 4, 4),
    |a| {
        let fd = c_int_arg(a[0])?;
        let off = i64_arg(a[1])?;
        let len = i64_arg(a[2])?;
        let adv = c_int_arg(a[3])?;
        loop {
            let r = libc::posix_fadvise(fd, off, len, adv);
            if r == libc::EINTR {
                crate::modules::signalmodule::check_signals()?;
                continue;
            }
            if r != 0 {
                set_errno(r);
                return Err(posix_error());
            }
            return Ok(none());
        }
    }
);

/// The buffers of a sequence of bytes-like objects, as iovecs kept alive by `views`.
unsafe fn iovecs(
    seq: *mut PyObject,
    writable: bool,
    views: &mut Vec<Py_buffer>,
) -> PyResult<Vec<libc::iovec>> {
    let items =
        crate::objects::r#abstract::sequence::fast(seq, "readv() arg 2 must be a sequence")?;
    let n = crate::objects::r#abstract::sequence::size(items.as_ptr())?;
    let mut v = Vec::new();
    for i in 0..n {
        let it = crate::objects::r#abstract::sequence::get_item(items.as_ptr(), i)?;
        let mut view: Py_buffer = core::mem::zeroed();
        crate::objects::r#abstract::buffer::get_buffer(
            it.as_ptr(),
            &mut view,
            if writable {
                crate::objects::r#abstract::buffer::PyBUF_WRITABLE
            } else {
                crate::objects::r#abstract::buffer::PyBUF_SIMPLE
            },
        )?;
        v.push(libc::iovec {
            iov_base: view.buf,
            iov_len: view.len as usize,
        });
        views.push(view);
    }
    Ok(v)
}

unsafe fn release_views(views: &mut Vec<Py_buffer>) {
    for v in views.iter_mut() {
        crate::objects::r#abstract::buffer::release(v);
    }
}

os_fn!(readv, os_sig!("readv", ["fd", "buffers"], 2, 2, 2), |a| {
    let fd = c_int_arg(a[0])?;
    let mut views = Vec::new();
    let r = (|| {
        let iov = iovecs(a[1], true, &mut views)?;
        match retry(
            || libc::readv(fd, iov.as_ptr(), iov.len() as c_int),
            |r| r < 0,
        )? {
            Ok(n) => int(n as i64),
            Err(_) => Err(posix_error()),
        }
    })();
    release_views(&mut views);
    r
});

os_fn!(writev, os_sig!("writev", ["fd", "buffers"], 2, 2, 2), |a| {
    let fd = c_int_arg(a[0])?;
    let mut views = Vec::new();
    let r = (|| {
        let iov = iovecs(a[1], false, &mut views)?;
        match retry(
            || libc::writev(fd, iov.as_ptr(), iov.len() as c_int),
            |r| r < 0,
        )? {
            Ok(n) => int(n as i64),
            Err(_) => Err(posix_error()),
        }
    })();
    release_views(&mut views);
    r
});

os_fn!(
    preadv,
    os_sig!("preadv", ["fd", "buffers", "offset", "flags"], 4, 4, 3),
    |a| {
        let fd = c_int_arg(a[0])?;
        let off = i64_arg(a[2])?;
        let flags = or(a[3], 0, |o| c_int_arg(o))?;
        let mut views = Vec::new();
        let r = (|| {
            let iov = iovecs(a[1], true, &mut views)?;
            match retry(
                || libc::preadv2(fd, iov.as_ptr(), iov.len() as c_int, off, flags),
                |r| r < 0,
            )? {
                Ok(n) => int(n as i64),
                Err(_) => Err(posix_error()),
            }
        })();
        release_views(&mut views);
        r
    }
);

os_fn!(
    pwritev,
    os_sig!("pwritev", ["fd", "buffers", "offset", "flags"], 4, 4, 3),
    |a| {
        let fd = c_int_arg(a[0])?;
        let off = i64_arg(a[2])?;
        let flags = or(a[3], 0, |o| c_int_arg(o))?;
        let mut views = Vec::new();
        let r = (|| {
            let iov = iovecs(a[1], false, &mut views)?;
            match retry(
                || libc::pwritev2(fd, iov.as_ptr(), iov.len() as c_int, off, flags),
                |r| r < 0,
            )? {
                Ok(n) => int(n as i64),
                Err(_) => Err(posix_error()),
            }
        })();
        release_views(&mut views);
        r
    }
);

os_fn!(
    sendfile,
    os_sig!("sendfile", ["out_fd", "in_fd", "offset", "count"], 0, 4, 4),
    |a| {
        let out_fd = c_int_arg(a[0])?;
        let in_fd = c_int_arg(a[1])?;
        let count = longobject::as_isize(a[3])? as usize;
        let r = if a[2] == object::none() {
            retry(
                || libc::sendfile(out_fd, in_fd, core::ptr::null_mut(), count),
                |r| r < 0,
            )?
        } else {
            let mut off = i64_arg(a[2])?;
            retry(|| libc::sendfile(out_fd, in_fd, &mut off, count), |r| r < 0)?
        };
        match r {
            Ok(n) => int(n as i64),
            Err(_) => Err(posix_error()),
        }
    }
);

os_fn!(
    memfd_create,
    os_sig!("memfd_create", ["name", "flags"], 0, 2, 1),
    |a| {
        let p = path("memfd_create", "name", a[0])?;
        let flags = or(a[1], libc::MFD_CLOEXEC as c_int, |o| c_int_arg(o))?;
        let fd = libc::memfd_create(p.as_ptr(), flags as libc::c_uint);
        if fd < 0 {
            return Err(posix_error());
        }
        int(fd as i64)
    }
);

pub(super) fn methods(v: &mut Vec<PyMethodDef>) {
    let mut e = |n, f, d| v.push(entry(n, f, d));
    e(c"stat", stat, c"stat($module, /, path, *, dir_fd=None, follow_symlinks=True)\n--\n\nPerform a stat system call on the given path.");
    e(c"lstat", lstat, c"lstat($module, /, path, *, dir_fd=None)\n--\n\nPerform a stat system call on the given path, without following symbolic links.");
    e(
        c"fstat",
        fstat,
        c"fstat($module, /, fd)\n--\n\nPerform a stat system call on the given file descriptor.",
    );
    e(c"getcwd", getcwd, c"getcwd($module, /)\n--\n\nReturn a unicode string representing the current working directory.");
    e(c"getcwdb", getcwdb, c"getcwdb($module, /)\n--\n\nReturn a bytes string representing the current working directory.");
    e(c"chdir", chdir, c"chdir($module, /, path)\n--\n\nChange the current working directory to the specified path.");
    e(
        c"fchdir",
        fchdir,
        c"fchdir($module, /, fd)\n--\n\nChange to the directory of the given file descriptor.",
    );
    e(
        c"chroot",
        chroot,
        c"chroot($module, /, path)\n--\n\nChange root directory to path.",
    );
    e(c"listdir", listdir, c"listdir($module, /, path=None)\n--\n\nReturn a list containing the names of the files in the directory.");
    e(c"fspath", fspath_fn, c"fspath($module, /, path)\n--\n\nReturn the file system path representation of the object.");
    e(c"open", open, c"open($module, /, path, flags, mode=511, *, dir_fd=None)\n--\n\nOpen a file for low level IO.  Returns a file descriptor (integer).");
    e(
        c"close",
        close,
        c"close($module, /, fd)\n--\n\nClose a file descriptor.",
    );
    e(c"closerange", closerange, c"closerange($module, fd_low, fd_high, /)\n--\n\nCloses all file descriptors in [fd_low, fd_high), ignoring errors.");
    e(c"read", read, c"read($module, fd, length, /)\n--\n\nRead from a file descriptor.  Returns a bytes object.");
    e(
        c"write",
        write,
        c"write($module, fd, data, /)\n--\n\nWrite a bytes object to a file descriptor.",
    );
    e(c"pread", pread, c"pread($module, fd, length, offset, /)\n--\n\nRead a number of bytes from a file descriptor starting at a particular offset.");
    e(c"pwrite", pwrite, c"pwrite($module, fd, data, offset, /)\n--\n\nWrite bytes to a file descriptor starting at a particular offset.");
    e(c"readv", readv, c"readv($module, fd, buffers, /)\n--\n\nRead from a file descriptor fd into an iterable of buffers.");
    e(c"writev", writev, c"writev($module, fd, buffers, /)\n--\n\nIterate over buffers, and write the contents of each to a file descriptor.");
    e(c"preadv", preadv, c"preadv($module, fd, buffers, offset, flags=0, /)\n--\n\nReads from a file descriptor into a number of mutable bytes-like objects.");
    e(c"pwritev", pwritev, c"pwritev($module, fd, buffers, offset, flags=0, /)\n--\n\nWrites the contents of bytes-like objects to a file descriptor at a given offset.");
    e(c"lseek", lseek, c"lseek($module, fd, position, whence, /)\n--\n\nSet the position of a file descriptor.  Return the new position.");
    e(
        c"fsync",
        fsync,
        c"fsync($module, /, fd)\n--\n\nForce write of fd to disk.",
    );
    e(c"fdatasync", fdatasync, c"fdatasync($module, /, fd)\n--\n\nForce write of fd to disk without forcing update of metadata.");
    e(
        c"sync",
        sync,
        c"sync($module, /)\n--\n\nForce write of everything to disk.",
    );
    e(c"ftruncate", ftruncate, c"ftruncate($module, fd, length, /)\n--\n\nTruncate a file, specified by file descriptor, to a specific length.");
    e(c"truncate", truncate, c"truncate($module, /, path, length)\n--\n\nTruncate a file, specified by path, to a specific length.");
    e(
        c"mkdir",
        mkdir,
        c"mkdir($module, /, path, mode=511, *, dir_fd=None)\n--\n\nCreate a directory.",
    );
    e(
        c"rmdir",
        rmdir,
        c"rmdir($module, /, path, *, dir_fd=None)\n--\n\nRemove a directory.",
    );
    e(
        c"unlink",
        unlink,
        c"unlink($module, /, path, *, dir_fd=None)\n--\n\nRemove a file (same as remove()).",
    );
    e(
        c"remove",
        remove,
        c"remove($module, /, path, *, dir_fd=None)\n--\n\nRemove a file (same as unlink()).",
    );
    e(c"rename", rename, c"rename($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None)\n--\n\nRename a file or directory.");
    e(c"replace", replace, c"replace($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None)\n--\n\nRename a file or directory, overwriting the destination.");
    e(c"readlink", readlink, c"readlink($module, /, path, *, dir_fd=None)\n--\n\nReturn a string representing the path to which the symbolic link points.");
    e(c"symlink", symlink, c"symlink($module, /, src, dst, target_is_directory=False, *, dir_fd=None)\n--\n\nCreate a symbolic link pointing to src named dst.");
    e(c"link", link, c"link($module, /, src, dst, *, src_dir_fd=None, dst_dir_fd=None,\n     follow_symlinks=True)\n--\n\nCreate a hard link to a file.");
    e(c"chmod", chmod, c"chmod($module, /, path, mode, *, dir_fd=None, follow_symlinks=True)\n--\n\nChange the access permissions of a file.");
    e(c"fchmod", fchmod, c"fchmod($module, /, fd, mode)\n--\n\nChange the access permissions of the file given by file descriptor fd.");
    e(c"chown", chown, c"chown($module, /, path, uid, gid, *, dir_fd=None, follow_symlinks=True)\n--\n\nChange the owner and group id of path to the numeric uid and gid.");
    e(c"fchown", fchown, c"fchown($module, /, fd, uid, gid)\n--\n\nChange the owner and group id of the file specified by file descriptor.");
    e(c"lchown", lchown, c"lchown($module, /, path, uid, gid)\n--\n\nChange the owner and group id of path to the numeric uid and gid.");
    e(c"utime", utime, c"utime($module, /, path, times=None, *, ns=<unrepresentable>, dir_fd=None,\n      follow_symlinks=True)\n--\n\nSet the access and modified time of path.");
    e(c"access", access, c"access($module, /, path, mode, *, dir_fd=None, effective_ids=False,\n       follow_symlinks=True)\n--\n\nUse the real uid/gid to test for access to a path.");
    e(c"umask", umask, c"umask($module, mask, /)\n--\n\nSet the current numeric umask and return the previous umask.");
    e(c"mkfifo", mkfifo, c"mkfifo($module, /, path, mode=438, *, dir_fd=None)\n--\n\nCreate a \"fifo\" (a POSIX named pipe).");
    e(c"mknod", mknod, c"mknod($module, /, path, mode=384, device=0, *, dir_fd=None)\n--\n\nCreate a node in the file system.");
    e(c"major", major, c"major($module, device, /)\n--\n\nExtracts a device major number from a raw device number.");
    e(c"minor", minor, c"minor($module, device, /)\n--\n\nExtracts a device minor number from a raw device number.");
    e(c"makedev", makedev, c"makedev($module, major, minor, /)\n--\n\nComposes a raw device number from the major and minor device numbers.");
    e(
        c"statvfs",
        statvfs,
        c"statvfs($module, /, path)\n--\n\nPerform a statvfs system call on the given path.",
    );
    e(
        c"fstatvfs",
        fstatvfs,
        c"fstatvfs($module, fd, /)\n--\n\nPerform an fstatvfs system call on the given fd.",
    );
    e(
        c"isatty",
        isatty,
        c"isatty($module, fd, /)\n--\n\nReturn True if the fd is connected to a terminal.",
    );
    e(
        c"ttyname",
        ttyname,
        c"ttyname($module, fd, /)\n--\n\nReturn the name of the terminal device connected to 'fd'.",
    );
    e(
        c"ctermid",
        ctermid,
        c"ctermid($module, /)\n--\n\nReturn the name of the controlling terminal for this process.",
    );
    e(c"device_encoding", device_encoding, c"device_encoding($module, /, fd)\n--\n\nReturn a string describing the encoding of a terminal's file descriptor.");
    e(c"get_terminal_size", get_terminal_size, c"get_terminal_size($module, fd=<unrepresentable>, /)\n--\n\nReturn the size of the terminal window as (columns, lines).");
    e(c"get_inheritable", get_inheritable, c"get_inheritable($module, fd, /)\n--\n\nGet the close-on-exe flag of the specified file descriptor.");
    e(c"set_inheritable", set_inheritable, c"set_inheritable($module, fd, inheritable, /)\n--\n\nSet the inheritable flag of the specified file descriptor.");
    e(
        c"get_blocking",
        get_blocking,
        c"get_blocking($module, fd, /)\n--\n\nGet the blocking mode of the file descriptor.",
    );
    e(c"set_blocking", set_blocking, c"set_blocking($module, fd, blocking, /)\n--\n\nSet the blocking mode of the specified file descriptor.");
    e(
        c"dup",
        dup,
        c"dup($module, fd, /)\n--\n\nReturn a duplicate of a file descriptor.",
    );
    e(
        c"dup2",
        dup2,
        c"dup2($module, /, fd, fd2, inheritable=True)\n--\n\nDuplicate file descriptor.",
    );
    e(c"pipe", pipe, c"pipe($module, /)\n--\n\nCreate a pipe.");
    e(
        c"pipe2",
        pipe2,
        c"pipe2($module, flags, /)\n--\n\nCreate a pipe with flags set atomically.",
    );
    e(c"lockf", lockf, c"lockf($module, fd, command, length, /)\n--\n\nApply, test or remove a POSIX lock on an open file descriptor.");
    e(c"posix_fallocate", posix_fallocate, c"posix_fallocate($module, fd, offset, len, /)\n--\n\nEnsure a file has allocated at least a particular number of bytes on disk.");
    e(c"posix_fadvise", posix_fadvise, c"posix_fadvise($module, fd, offset, len, advice, /)\n--\n\nAnnounce an intention to access data in a specific pattern.");
    e(c"sendfile", sendfile, c"sendfile($module, /, out_fd, in_fd, offset, count)\n--\n\nCopy count bytes from file descriptor in_fd to file descriptor out_fd.");
    e(
        c"memfd_create",
        memfd_create,
        c"memfd_create($module, /, name, flags=MFD_CLOEXEC)\n--\n\n",
    );
}
