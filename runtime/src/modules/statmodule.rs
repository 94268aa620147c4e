//! The `_stat` module (CPython's Modules/_stat.c): the S_IF*/S_I* mode bits, UF_*/SF_* flags
//! and FILE_ATTRIBUTE_* constants, the S_IS* predicates, S_IMODE, S_IFMT and filemode.

use crate::abi::methodobject::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::*;
use crate::objects::longobject;
use crate::objects::object::Ref;

/// `_PyLong_AsMode_t`: an int that fits a mode_t.
unsafe fn mode_arg(o: *mut PyObject) -> PyResult<u32> {
    if !longobject::is_int(o) {
        return Err(errors::type_error("an integer is required"));
    }
    if longobject::is_negative(o) {
        return Err(errors::overflow_error(
            "can't convert negative value to unsigned int",
        ));
    }
    let v = longobject::as_i64_with(o, "Python int too large to convert to C unsigned long")?;
    if v > u32::MAX as i64 {
        return Err(errors::overflow_error("mode out of range"));
    }
    Ok(v as u32)
}

const S_IFMT: u32 = 0o170000;

macro_rules! predicate {
    ($f:ident, $bits:expr) => {
        unsafe extern "C" fn $f(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
            let r = mode_arg(o).map(|m| boolean($bits != 0 && m & S_IFMT == $bits));
            errors::ptr_result(r)
        }
    };
}
predicate!(s_isdir, 0o040000);
predicate!(s_ischr, 0o020000);
predicate!(s_isblk, 0o060000);
predicate!(s_isreg, 0o100000);
predicate!(s_isfifo, 0o010000);
predicate!(s_islnk, 0o120000);
predicate!(s_issock, 0o140000);
// Solaris doors, event ports and whiteouts do not exist on Linux: never true.
predicate!(s_isdoor, 0u32);
predicate!(s_isport, 0u32);
predicate!(s_iswht, 0u32);

unsafe extern "C" fn s_imode(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(mode_arg(o).and_then(|m| int((m & 0o7777) as i64)))
}

unsafe extern "C" fn s_ifmt(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(mode_arg(o).and_then(|m| int((m & S_IFMT) as i64)))
}

/// The `ls -l` text of a mode ("-rwxr-xr-x").
pub fn filemode_text(mode: u32) -> String {
    let kind = match mode & S_IFMT {
        0o120000 => 'l',
        0o100000 => '-',
        0o040000 => 'd',
        0o020000 => 'c',
        0o060000 => 'b',
        0o010000 => 'p',
        0o140000 => 's',
        _ => '?',
    };
    let mut s = String::with_capacity(10);
    s.push(kind);
    let triple = |s: &mut String, r: u32, w: u32, x: u32, special: u32, set: char, unset: char| {
        s.push(if mode & r != 0 { 'r' } else { '-' });
        s.push(if mode & w != 0 { 'w' } else { '-' });
        s.push(match (mode & x != 0, mode & special != 0) {
            (true, true) => set,
            (false, true) => unset,
            (true, false) => 'x',
            (false, false) => '-',
        });
    };
    triple(&mut s, 0o400, 0o200, 0o100, 0o4000, 's', 'S');
    triple(&mut s, 0o040, 0o020, 0o010, 0o2000, 's', 'S');
    triple(&mut s, 0o004, 0o002, 0o001, 0o1000, 't', 'T');
    s
}

unsafe extern "C" fn filemode(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(mode_arg(o).and_then(|m| string(&filemode_text(m))))
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

fn o(name: &'static core::ffi::CStr, f: BinFn, doc: &'static core::ffi::CStr) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: METH_O,
        ml_doc: doc.as_ptr(),
    }
}

fn methods() -> Vec<PyMethodDef> {
    vec![
        o(c"S_ISDIR", s_isdir, c"S_ISDIR(mode) -> bool\n\nReturn True if mode is from a directory."),
        o(c"S_ISCHR", s_ischr, c"S_ISCHR(mode) -> bool\n\nReturn True if mode is from a character special device file."),
        o(c"S_ISBLK", s_isblk, c"S_ISBLK(mode) -> bool\n\nReturn True if mode is from a block special device file."),
        o(c"S_ISREG", s_isreg, c"S_ISREG(mode) -> bool\n\nReturn True if mode is from a regular file."),
        o(c"S_ISFIFO", s_isfifo, c"S_ISFIFO(mode) -> bool\n\nReturn True if mode is from a FIFO (named pipe)."),
        o(c"S_ISLNK", s_islnk, c"S_ISLNK(mode) -> bool\n\nReturn True if mode is from a symbolic link."),
        o(c"S_ISSOCK", s_issock, c"S_ISSOCK(mode) -> bool\n\nReturn True if mode is from a socket."),
        o(c"S_ISDOOR", s_isdoor, c"S_ISDOOR(mode) -> bool\n\nReturn True if mode is from a door."),
        o(c"S_ISPORT", s_isport, c"S_ISPORT(mode) -> bool\n\nReturn True if mode is from an event port."),
        o(c"S_ISWHT", s_iswht, c"S_ISWHT(mode) -> bool\n\nReturn True if mode is from a whiteout."),
        o(c"S_IMODE", s_imode, c"Return the portion of the file's mode that can be set by os.chmod()."),
        o(c"S_IFMT", s_ifmt, c"Return the portion of the file's mode that describes the file type."),
        o(c"filemode", filemode, c"Convert a file's mode to a string of the form '-rwxrwxrwx'"),
    ]
}

/// `PyInit__stat`.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let m = create_module(c"_stat", c"S_IFMT_: file type bits\nS_IFDIR: directory\nS_IFCHR: character device\nS_IFBLK: block device\nS_IFREG: regular file\nS_IFIFO: fifo (named pipe)\nS_IFLNK: symbolic link\nS_IFSOCK: socket file\nS_IFDOOR: door\nS_IFPORT: event port\nS_IFWHT: whiteout\n\nS_ISUID: set UID bit\nS_ISGID: set GID bit\nS_ENFMT: file locking enforcement\nS_ISVTX: sticky bit\nS_IREAD: Unix V7 synonym for S_IRUSR\nS_IWRITE: Unix V7 synonym for S_IWUSR\nS_IEXEC: Unix V7 synonym for S_IXUSR\nS_IRWXU: mask for owner permissions\nS_IRUSR: read by owner\nS_IWUSR: write by owner\nS_IXUSR: execute by owner\nS_IRWXG: mask for group permissions\nS_IRGRP: read by group\nS_IWGRP: write by group\nS_IXGRP: execute by group\nS_IRWXO: mask for others (not in group) permissions\nS_IROTH: read by others\nS_IWOTH: write by others\nS_IXOTH: execute by others\n\nUF_NODUMP: do not dump file\nUF_IMMUTABLE: file may not be changed\nUF_APPEND: file may only be appended to\nUF_OPAQUE: directory is opaque when viewed through a union stack\nUF_NOUNLINK: file may not be renamed or deleted\nUF_COMPRESSED: OS X: file is hfs-compressed\nUF_HIDDEN: OS X: file should not be displayed\nSF_ARCHIVED: file may be archived\nSF_IMMUTABLE: file may not be changed\nSF_APPEND: file may only be appended to\nSF_NOUNLINK: file may not be renamed or deleted\nSF_SNAPSHOT: file is a snapshot file\n\nST_MODE\nST_INO\nST_DEV\nST_NLINK\nST_UID\nST_GID\nST_SIZE\nST_ATIME\nST_MTIME\nST_CTIME\n\nFILE_ATTRIBUTE_*: Windows file attribute constants\n                   (only present on Windows)\n", methods)?;
        add_ints(m.as_ptr(), STAT_CONSTANTS)?;
        Ok(m)
    })();
    errors::ptr_result(r)
}

pub(crate) const STAT_CONSTANTS: &[(&str, i64)] = &[
    ("SF_APPEND", 262144),
    ("SF_ARCHIVED", 65536),
    ("SF_IMMUTABLE", 131072),
    ("SF_NOUNLINK", 1048576),
    ("SF_SNAPSHOT", 2097152),
    ("ST_ATIME", 7),
    ("ST_CTIME", 9),
    ("ST_DEV", 2),
    ("ST_GID", 5),
    ("ST_INO", 1),
    ("ST_MODE", 0),
    ("ST_MTIME", 8),
    ("ST_NLINK", 3),
    ("ST_SIZE", 6),
    ("ST_UID", 4),
    ("S_ENFMT", 1024),
    ("S_IEXEC", 64),
    ("S_IFBLK", 24576),
    ("S_IFCHR", 8192),
    ("S_IFDIR", 16384),
    ("S_IFDOOR", 0),
    ("S_IFIFO", 4096),
    ("S_IFLNK", 40960),
    ("S_IFPORT", 0),
    ("S_IFREG", 32768),
    ("S_IFSOCK", 49152),
    ("S_IFWHT", 0),
    ("S_IREAD", 256),
    ("S_IRGRP", 32),
    ("S_IROTH", 4),
    ("S_IRUSR", 256),
    ("S_IRWXG", 56),
    ("S_IRWXO", 7),
    ("S_IRWXU", 448),
    ("S_ISGID", 1024),
    ("S_ISUID", 2048),
    ("S_ISVTX", 512),
    ("S_IWGRP", 16),
    ("S_IWOTH", 2),
    ("S_IWRITE", 128),
    ("S_IWUSR", 128),
    ("S_IXGRP", 8),
    ("S_IXOTH", 1),
    ("S_IXUSR", 64),
    ("UF_APPEND", 4),
    ("UF_COMPRESSED", 32),
    ("UF_HIDDEN", 32768),
    ("UF_IMMUTABLE", 2),
    ("UF_NODUMP", 1),
    ("UF_NOUNLINK", 16),
    ("UF_OPAQUE", 8),
];
