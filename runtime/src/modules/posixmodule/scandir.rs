//! `os.scandir` and `os.DirEntry` (posix.ScandirIterator / posix.DirEntry): directory entries
//! with the `d_type` the kernel reported, cached stat results, and an iterator that closes
//! its directory stream when exhausted, on `close()`, on `__exit__` or (with a
//! ResourceWarning) when finalized.

use super::args::*;
use super::*;
use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT_EX};
use crate::objects::typeobject::{static_type, PyType_Type};
use crate::{os_fn, os_sig};
use core::mem::offset_of;

#[repr(C)]
struct DirEntry {
    ob_base: PyObject,
    name: *mut PyObject,
    path: *mut PyObject,
    stat: *mut PyObject,
    lstat: *mut PyObject,
    d_type: u8,
    d_ino: u64,
    /// The directory's descriptor when scandir was given one (entries are then relative).
    dir_fd: c_int,
}

#[repr(C)]
struct ScandirIterator {
    ob_base: PyObject,
    dirp: *mut libc::DIR,
    /// The directory as given (bytes or str decides the entries' types).
    path_bytes: *mut u8,
    path_len: usize,
    is_bytes: bool,
    has_path: bool,
    fd: c_int,
}

unsafe extern "C" fn entry_dealloc(op: *mut PyObject) {
    let e = op as *mut DirEntry;
    object::xdecref((*e).name);
    object::xdecref((*e).path);
    object::xdecref((*e).stat);
    object::xdecref((*e).lstat);
    let tp = object::py_type(op);
    if let Some(free) = (*tp).tp_free {
        free(op.cast());
    }
}

unsafe extern "C" fn entry_repr(op: *mut PyObject) -> *mut PyObject {
    let e = op as *mut DirEntry;
    let r = (|| {
        let r = object::repr((*e).name)?;
        string(&format!(
            "<DirEntry {}>",
            unicodeobject::to_string_lossy(r.as_ptr())
        ))
    })();
    errors::ptr_result(r)
}

/// The entry's path as a C string for stat calls (the name alone when relative to dir_fd).
unsafe fn entry_c_path(e: *mut DirEntry) -> PyResult<CString> {
    let o = if (*e).dir_fd != -1 {
        (*e).name
    } else {
        (*e).path
    };
    let b = if bytesobject::is_bytes(o) {
        core::slice::from_raw_parts(bytesobject::data(o), bytesobject::size(o)).to_vec()
    } else {
        fs_encode(o)?
    };
    CString::new(b).map_err(|_| errors::value_error("embedded null byte"))
}

unsafe fn fetch_stat(e: *mut DirEntry, follow: bool) -> PyResult<Ref> {
    let c = entry_c_path(e)?;
    let dfd = if (*e).dir_fd != -1 {
        (*e).dir_fd
    } else {
        libc::AT_FDCWD
    };
    let mut st: libc::stat = core::mem::zeroed();
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    if libc::fstatat(dfd, c.as_ptr(), &mut st, flags) != 0 {
        return Err(errors::set_from_errno_with_filenames(
            PyExc_OSError,
            (*e).path,
            null_mut(),
        ));
    }
    super::fs::stat_result(&st)
}

unsafe fn entry_lstat(e: *mut DirEntry) -> PyResult<*mut PyObject> {
    if (*e).lstat.is_null() {
        (*e).lstat = fetch_stat(e, false)?.into_raw();
    }
    Ok((*e).lstat)
}

unsafe fn entry_stat(e: *mut DirEntry, follow: bool) -> PyResult<*mut PyObject> {
    if !follow {
        return entry_lstat(e);
    }
    if (*e).stat.is_null() {
        if is_symlink(e) {
            (*e).stat = fetch_stat(e, true)?.into_raw();
        } else {
            let l = entry_lstat(e)?;
            object::incref(l);
            (*e).stat = l;
        }
    }
    Ok((*e).stat)
}

unsafe fn is_symlink(e: *mut DirEntry) -> bool {
    (*e).d_type == libc::DT_LNK
}

unsafe fn st_mode_of(st: *mut PyObject) -> PyResult<u32> {
    let m = crate::objects::structseq::get_item(st, 0);
    Ok(crate::objects::longobject::as_i64(m)? as u32)
}

/// `DirEntry_test_mode`: is the entry of `mode_bits` type, from d_type when it is known and
/// no symlink must be followed, else from stat (a missing file is "no").
unsafe fn test_mode(e: *mut DirEntry, follow: bool, mode_bits: u32) -> PyResult<bool> {
    let need_stat = (*e).d_type == libc::DT_UNKNOWN || (follow && is_symlink(e));
    if need_stat {
        let st = match entry_stat(e, follow) {
            Ok(st) => st,
            Err(err) => {
                if errors::exception_matches(PyExc_FileNotFoundError) {
                    errors::clear();
                    return Ok(false);
                }
                return Err(err);
            }
        };
        return Ok(st_mode_of(st)? & libc::S_IFMT == mode_bits);
    }
    Ok(match mode_bits {
        libc::S_IFDIR => (*e).d_type == libc::DT_DIR,
        libc::S_IFREG => (*e).d_type == libc::DT_REG,
        _ => (*e).d_type == libc::DT_LNK,
    })
}

unsafe extern "C" fn entry_is_dir(
    op: *mut PyObject,
    args: *const *mut PyObject,
    n: Py_ssize_t,
    kw: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        let a = bind(
            &os_sig!("is_dir", ["follow_symlinks"], 0, 0, 0),
            args,
            n as usize,
            kw,
        )?;
        Ok(boolean(test_mode(
            op.cast(),
            truth(a[0], true)?,
            libc::S_IFDIR,
        )?))
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn entry_is_file(
    op: *mut PyObject,
    args: *const *mut PyObject,
    n: Py_ssize_t,
    kw: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        let a = bind(
            &os_sig!("is_file", ["follow_symlinks"], 0, 0, 0),
            args,
            n as usize,
            kw,
        )?;
        Ok(boolean(test_mode(
            op.cast(),
            truth(a[0], true)?,
            libc::S_IFREG,
        )?))
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn entry_is_symlink(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(Ok(boolean(is_symlink(op.cast()))))
}

unsafe extern "C" fn entry_stat_m(
    op: *mut PyObject,
    args: *const *mut PyObject,
    n: Py_ssize_t,
    kw: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        let a = bind(
            &os_sig!("stat", ["follow_symlinks"], 0, 0, 0),
            args,
            n as usize,
            kw,
        )?;
        let st = entry_stat(op.cast(), truth(a[0], true)?)?;
        Ok(object::new_ref(st))
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn entry_inode(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::longobject::from_u64(
        (*(op as *mut DirEntry)).d_ino,
    ))
}

unsafe extern "C" fn entry_fspath(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    object::new_ref((*(op as *mut DirEntry)).path).into_raw()
}

unsafe extern "C" fn class_getitem(cls: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::genericaliasobject::new(cls, item))
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

macro_rules! meth {
    ($name:literal, $f:expr, $flags:expr, $doc:literal) => {
        PyMethodDef {
            ml_name: $name.as_ptr(),
            // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
            ml_meth: Some(unsafe { core::mem::transmute::<*const (), BinFn>($f as *const ()) }),
            ml_flags: $flags,
            ml_doc: $doc.as_ptr(),
        }
    };
}

const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

static mut ENTRY_METHODS: [PyMethodDef; 8] = [
    meth!(c"is_dir", entry_is_dir as FastKwFn, METH_FASTCALL | METH_KEYWORDS, c"is_dir($self, /, *, follow_symlinks=True)\n--\n\nReturn True if the entry is a directory; cached per entry."),
    meth!(c"is_file", entry_is_file as FastKwFn, METH_FASTCALL | METH_KEYWORDS, c"is_file($self, /, *, follow_symlinks=True)\n--\n\nReturn True if the entry is a file; cached per entry."),
    meth!(c"is_symlink", entry_is_symlink as BinFn, METH_NOARGS, c"is_symlink($self, /)\n--\n\nReturn True if the entry is a symbolic link; cached per entry."),
    meth!(c"stat", entry_stat_m as FastKwFn, METH_FASTCALL | METH_KEYWORDS, c"stat($self, /, *, follow_symlinks=True)\n--\n\nReturn stat_result object for the entry; cached per entry."),
    meth!(c"inode", entry_inode as BinFn, METH_NOARGS, c"inode($self, /)\n--\n\nReturn inode of the entry; cached per entry."),
    meth!(c"__fspath__", entry_fspath as BinFn, METH_NOARGS, c"__fspath__($self, /)\n--\n\nReturns the path for the entry."),
    meth!(c"__class_getitem__", class_getitem as BinFn, METH_O | METH_CLASS, c"See PEP 585"),
    METHOD_END,
];

static mut ENTRY_MEMBERS: [PyMemberDef; 3] = [
    PyMemberDef {
        name: c"name".as_ptr(),
        type_: T_OBJECT_EX,
        offset: offset_of!(DirEntry, name) as Py_ssize_t,
        flags: READONLY,
        doc: c"the entry's base filename, relative to scandir() \"path\" argument".as_ptr(),
    },
    PyMemberDef {
        name: c"path".as_ptr(),
        type_: T_OBJECT_EX,
        offset: offset_of!(DirEntry, path) as Py_ssize_t,
        flags: READONLY,
        doc: c"the entry's full path name; equivalent to os.path.join(scandir_path, entry.name)"
            .as_ptr(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

pub(crate) static mut DIR_ENTRY_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(entry_dealloc),
    tp_repr: Some(entry_repr),
    tp_methods: (&raw mut ENTRY_METHODS).cast(),
    tp_members: (&raw mut ENTRY_MEMBERS).cast(),
    ..static_type(
        &raw mut PyType_Type,
        c"posix.DirEntry",
        core::mem::size_of::<DirEntry>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    )
};

unsafe fn iter_close(it: *mut ScandirIterator) {
    if !(*it).dirp.is_null() {
        let d = core::mem::replace(&mut (*it).dirp, null_mut());
        if (*it).fd != -1 {
            libc::rewinddir(d);
        }
        libc::closedir(d);
    }
}

unsafe fn iter_path(it: *mut ScandirIterator) -> &'static [u8] {
    if (*it).path_bytes.is_null() {
        &[]
    } else {
        core::slice::from_raw_parts((*it).path_bytes, (*it).path_len)
    }
}

unsafe fn new_entry(
    it: *mut ScandirIterator,
    name: &[u8],
    d_type: u8,
    d_ino: u64,
) -> PyResult<Ref> {
    let op = object::new_object(&raw mut DIR_ENTRY_TYPE)?;
    let e = op as *mut DirEntry;
    (*e).name = null_mut();
    (*e).path = null_mut();
    (*e).stat = null_mut();
    (*e).lstat = null_mut();
    (*e).d_type = d_type;
    (*e).d_ino = d_ino;
    (*e).dir_fd = (*it).fd;
    let r = Ref::from_raw(op);
    (*e).name = path_result((*it).is_bytes, name)?.into_raw();
    if (*it).fd != -1 {
        (*e).path = object::new_ref((*e).name).into_raw();
    } else {
        let base = iter_path(it);
        let mut full = base.to_vec();
        if !full.is_empty() && !full.ends_with(b"/") {
            full.push(b'/');
        }
        full.extend_from_slice(name);
        (*e).path = path_result((*it).is_bytes, &full)?.into_raw();
    }
    Ok(r)
}

unsafe extern "C" fn iter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ScandirIterator;
    if (*it).dirp.is_null() {
        return null_mut();
    }
    loop {
        set_errno(0);
        let ent = libc::readdir((*it).dirp);
        if ent.is_null() {
            let e = errno();
            iter_close(it);
            if e != 0 {
                set_errno(e);
                let o = if (*it).has_path {
                    path_result((*it).is_bytes, iter_path(it)).ok()
                } else {
                    None
                };
                let _ = errors::set_from_errno_with_filenames(
                    PyExc_OSError,
                    o.as_ref().map_or(null_mut(), |r| r.as_ptr()),
                    null_mut(),
                );
            }
            return null_mut();
        }
        let name = CStr::from_ptr((*ent).d_name.as_ptr()).to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        return errors::ptr_result(new_entry(it, name, (*ent).d_type, (*ent).d_ino));
    }
}

/// `PyErr_WarnEx(category, message, 1)` through the `_warnings` module's `warn`.
unsafe fn warn(category: *mut PyObject, message: &str) -> PyResult<()> {
    let m = import_module("_warnings")?;
    let f = object::get_attr_str(m.as_ptr(), "warn")?;
    let msg = string(message)?;
    let one = int(1)?;
    let args = crate::objects::tupleobject::pack(&[msg.as_ptr(), category, one.as_ptr()])?;
    crate::objects::call::call(f.as_ptr(), args.as_ptr(), null_mut()).map(drop)
}

unsafe extern "C" fn iter_finalize(op: *mut PyObject) {
    let it = op as *mut ScandirIterator;
    if (*it).dirp.is_null() {
        return;
    }
    let (t, v, tb) = errors::fetch();
    iter_close(it);
    let msg = format!("unclosed scandir iterator {}", object::repr_for_message(op));
    if warn(PyExc_ResourceWarning, &msg).is_err() {
        errors::write_unraisable(op);
    }
    let _ = errors::restore(t, v, tb);
}

unsafe extern "C" fn iter_dealloc(op: *mut PyObject) {
    if crate::mem::gc::call_finalizer_from_dealloc(op) < 0 {
        return;
    }
    let it = op as *mut ScandirIterator;
    iter_close(it);
    if !(*it).path_bytes.is_null() {
        drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
            (*it).path_bytes,
            (*it).path_len,
        )));
    }
    let tp = object::py_type(op);
    if let Some(free) = (*tp).tp_free {
        free(op.cast());
    }
}

unsafe extern "C" fn iter_close_m(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    iter_close(op.cast());
    object::new_none().into_raw()
}

unsafe extern "C" fn iter_enter(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    object::new_ref(op).into_raw()
}

unsafe extern "C" fn iter_exit(op: *mut PyObject, _args: *mut PyObject) -> *mut PyObject {
    iter_close(op.cast());
    object::new_none().into_raw()
}

static mut ITER_METHODS: [PyMethodDef; 4] = [
    meth!(c"__enter__", iter_enter as BinFn, METH_NOARGS, c""),
    meth!(c"__exit__", iter_exit as BinFn, METH_VARARGS, c""),
    meth!(c"close", iter_close_m as BinFn, METH_NOARGS, c""),
    METHOD_END,
];

pub(crate) static mut SCANDIR_ITERATOR_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(iter_dealloc),
    tp_finalize: Some(iter_finalize),
    tp_iter: Some(crate::objects::object::PyObject_SelfIter),
    tp_iternext: Some(iter_next),
    tp_methods: (&raw mut ITER_METHODS).cast(),
    ..static_type(
        &raw mut PyType_Type,
        c"posix.ScandirIterator",
        core::mem::size_of::<ScandirIterator>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    )
};

os_fn!(scandir, os_sig!("scandir", ["path"], 0, 1, 0), |a| {
    let p = path_arg("scandir", "path", a[0], true, true)?;
    let op = object::new_object(&raw mut SCANDIR_ITERATOR_TYPE)?;
    let it = op as *mut ScandirIterator;
    (*it).dirp = null_mut();
    (*it).path_bytes = null_mut();
    (*it).path_len = 0;
    (*it).is_bytes = p.is_bytes;
    (*it).has_path = !a[0].is_null() && a[0] != object::none();
    (*it).fd = -1;
    let r = Ref::from_raw(op);
    if p.fd >= 0 {
        let fd = libc::dup(p.fd);
        if fd < 0 {
            return Err(posix_error());
        }
        let d = libc::fdopendir(fd);
        if d.is_null() {
            libc::close(fd);
            return Err(path_error(Some(&p), None));
        }
        (*it).fd = fd;
        (*it).dirp = d;
    } else {
        let d = libc::opendir(p.as_ptr());
        if d.is_null() {
            return Err(path_error(Some(&p), None));
        }
        (*it).dirp = d;
        let b: Box<[u8]> = p.narrow.as_ref().map_or(&b""[..], |c| c.as_bytes()).into();
        (*it).path_len = b.len();
        (*it).path_bytes = Box::into_raw(b).cast();
    }
    Ok(r)
});

pub(super) unsafe fn exec(m: *mut PyObject) -> PyResult<()> {
    crate::objects::typeobject::ready(&raw mut DIR_ENTRY_TYPE)?;
    crate::objects::typeobject::ready(&raw mut SCANDIR_ITERATOR_TYPE)?;
    add(m, "DirEntry", (&raw mut DIR_ENTRY_TYPE).cast())
}

pub(super) fn methods(v: &mut Vec<PyMethodDef>) {
    v.push(entry(c"scandir", scandir, c"scandir($module, /, path=None)\n--\n\nReturn an iterator of DirEntry objects for given path.\n\npath can be specified as either str, bytes, or a path-like object.  If path\nis bytes, the names of yielded DirEntry objects will also be bytes; in\nall other cases they will be str.\n\nIf path is None, uses the path='.'."));
}
