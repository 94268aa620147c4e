//! The `sys` module and the PySys_* machinery (CPython's Python/sysmodule.c): the module object
//! and `interp->sysdict` ([`create`]), the attributes start-up fills from the read
//! configuration ([`update_config`]), borrowed access by name ([`get_object`],
//! [`set_object`]), audit hooks (C hooks in `_PyRuntime.audit_hook_head`, Python hooks in
//! `interp->audit_hooks`), the trace/profile trampolines behind `sys.settrace`/`setprofile`,
//! warn/X options kept before start-up, and the default display/except/unraisable/breakpoint
//! hooks. [`fini`] releases the audit hooks and the pre-start-up option lists.
//!
//! The struct sequence types (`sys.flags`, `sys.version_info`, `sys.float_info`, ...) are
//! static types made once per process, as CPython's.

use crate::abi::initconfig::PyConfig;
use crate::abi::methodobject::*;
use crate::abi::pycore_frame::{_PyInterpreterFrame, PyFrameObject, FRAME_OWNED_BY_GENERATOR};
use crate::abi::pystate::*;
use crate::abi::structseq::{PyStructSequence_Desc, PyStructSequence_Field};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::lifecycle::initconfig as ic;
use crate::lifecycle::pystate;
use crate::modules::posixmodule::args::*;
use crate::objects::exceptions::*;
use crate::objects::object::{self, Ref};
use crate::objects::{
    call, dictobject, listobject, longobject, structseq, tupleobject, unicodeobject,
};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::null_mut;
use std::sync::Mutex;

// ---------------------------------------------------------------------------------------------
// Access by name

fn sysdict() -> *mut PyObject {
    let interp = pystate::current_interpreter();
    if interp.is_null() {
        return null_mut();
    }
    // SAFETY: a field of the live interpreter state is read.
    unsafe { (*interp).sysdict }
}

/// `sys.implementation.cache_tag`: the infix of bytecode cache file names.
pub const CACHE_TAG: &str = "cpython-311";

/// `PySys_GetObject(name)`: the attribute of `sys`, borrowed, or NULL (no exception set; a
/// pending exception is preserved and lookup errors are swallowed, as CPython does).
pub fn get_object(name: &str) -> *mut PyObject {
    let d = sysdict();
    if d.is_null() {
        return null_mut();
    }
    errors::preserving(|| {
        // SAFETY: `d` is the live sys dict.
        match unsafe { dictobject::get_item_str(d, name) } {
            Ok(Some(v)) => v,
            Ok(None) => null_mut(),
            Err(_) => {
                errors::clear();
                null_mut()
            }
        }
    })
}

/// `PySys_SetObject(name, v)`: sets `sys.<name>`, or deletes it when `v` is NULL (deleting a
/// missing name is not an error).
pub fn set_object(name: &str, v: *mut PyObject) -> PyResult<()> {
    let d = sysdict();
    if d.is_null() {
        return Err(errors::runtime_error("lost sys module"));
    }
    // SAFETY: `d` is the live sys dict; `v` is live when non-NULL.
    unsafe {
        if v.is_null() {
            if dictobject::get_item_str(d, name)?.is_some() {
                dictobject::del_item_str(d, name)?;
            }
            Ok(())
        } else {
            dictobject::set_item_str(d, name, v)
        }
    }
}

/// `_PySys_GetAttr` for a required attribute: RuntimeError("lost sys.<name>") when missing or
/// None.
fn required(name: &str) -> PyResult<*mut PyObject> {
    let v = get_object(name);
    if v.is_null() || v == object::none() {
        return Err(errors::runtime_error(&format!("lost sys.{name}")));
    }
    Ok(v)
}

// ---------------------------------------------------------------------------------------------
// Struct sequence types

macro_rules! fields {
    ($($name:literal : $doc:literal),* $(,)?) => {
        [$(PyStructSequence_Field { name: $name.as_ptr(), doc: $doc.as_ptr() },)*
         PyStructSequence_Field { name: core::ptr::null(), doc: core::ptr::null() }]
    };
}

// SAFETY (all statics below): only touched during single-threaded start-up, once per process.
static mut FLAGS_FIELDS: [PyStructSequence_Field; 19] = fields![
    c"debug": c"-d", c"inspect": c"-i", c"interactive": c"-i", c"optimize": c"-O or -OO",
    c"dont_write_bytecode": c"-B", c"no_user_site": c"-s", c"no_site": c"-S",
    c"ignore_environment": c"-E", c"verbose": c"-v", c"bytes_warning": c"-b", c"quiet": c"-q",
    c"hash_randomization": c"-R", c"isolated": c"-I", c"dev_mode": c"-X dev",
    c"utf8_mode": c"-X utf8", c"warn_default_encoding": c"-X warn_default_encoding",
    c"safe_path": c"-P", c"int_max_str_digits": c"-X int_max_str_digits",
];
static mut FLAGS_DESC: PyStructSequence_Desc = PyStructSequence_Desc {
    name: c"sys.flags".as_ptr(),
    doc: c"sys.flags\n\nFlags provided through command line arguments or environment vars."
        .as_ptr(),
    fields: (&raw mut FLAGS_FIELDS).cast(),
    n_in_sequence: 18,
};
static mut VERSION_INFO_FIELDS: [PyStructSequence_Field; 6] = fields![
    c"major": c"Major release number", c"minor": c"Minor release number",
    c"micro": c"Patch release number", c"releaselevel": c"'alpha', 'beta', 'candidate', or 'final'",
    c"serial": c"Serial release number",
];
static mut VERSION_INFO_DESC: PyStructSequence_Desc = PyStructSequence_Desc {
    name: c"sys.version_info".as_ptr(),
    doc: c"sys.version_info\n\nVersion information as a named tuple.".as_ptr(),
    fields: (&raw mut VERSION_INFO_FIELDS).cast(),
    n_in_sequence: 5,
};
static mut FLOAT_INFO_FIELDS: [PyStructSequence_Field; 12] = fields![
    c"max": c"DBL_MAX -- maximum representable finite float",
    c"max_exp": c"DBL_MAX_EXP -- maximum int e such that radix**(e-1) is representable",
    c"max_10_exp": c"DBL_MAX_10_EXP -- maximum int e such that 10**e is representable",
    c"min": c"DBL_MIN -- Minimum positive normalized float",
    c"min_exp": c"DBL_MIN_EXP -- minimum int e such that radix**(e-1) is a normalized float",
    c"min_10_exp": c"DBL_MIN_10_EXP -- minimum int e such that 10**e is a normalized float",
    c"dig": c"DBL_DIG -- maximum number of decimal digits that can be faithfully represented in a float",
    c"mant_dig": c"DBL_MANT_DIG -- mantissa digits",
    c"epsilon": c"DBL_EPSILON -- Difference between 1 and the next representable float",
    c"radix": c"FLT_RADIX -- radix of exponent",
    c"rounds": c"FLT_ROUNDS -- rounding mode used for arithmetic operations",
];
static mut FLOAT_INFO_DESC: PyStructSequence_Desc = PyStructSequence_Desc {
    name: c"sys.float_info".as_ptr(),
    doc: c"sys.float_info\n\nA named tuple holding information about the float type. It contains low level\ninformation about the precision and internal representation. Please study\nyour system's :file:`float.h` for more information.".as_ptr(),
    fields: (&raw mut FLOAT_INFO_FIELDS).cast(),
    n_in_sequence: 11,
};
static mut INT_INFO_FIELDS: [PyStructSequence_Field; 5] = fields![
    c"bits_per_digit": c"size of a digit in bits",
    c"sizeof_digit": c"size in bytes of the C type used to represent a digit",
    c"default_max_str_digits": c"maximum string conversion digits limitation",
    c"str_digits_check_threshold": c"minimum positive value for int_max_str_digits",
];
static mut INT_INFO_DESC: PyStructSequence_Desc = PyStructSequence_Desc {
    name: c"sys.int_info".as_ptr(),
    doc: c"sys.int_info\n\nA named tuple that holds information about Python's\ninternal representation of integers.  The attributes are read only.".as_ptr(),
    fields: (&raw mut INT_INFO_FIELDS).cast(),
    n_in_sequence: 4,
};
static mut HASH_INFO_FIELDS: [PyStructSequence_Field; 10] = fields![
    c"width": c"width of the type used for hashing, in bits",
    c"modulus": c"prime number giving the modulus on which the hash function is based",
    c"inf": c"value to be used for hash of a positive infinity",
    c"nan": c"value to be used for hash of a nan",
    c"imag": c"multiplier used for the imaginary part of a complex number",
    c"algorithm": c"name of the algorithm for hashing of str, bytes and memoryviews",
    c"hash_bits": c"internal output size of hash algorithm",
    c"seed_bits": c"seed size of hash algorithm",
    c"cutoff": c"small string optimization cutoff",
];
static mut HASH_INFO_DESC: PyStructSequence_Desc = PyStructSequence_Desc {
    name: c"sys.hash_info".as_ptr(),
    doc: c"hash_info\n\nA named tuple providing parameters used for computing\nhashes. The attributes are read only.".as_ptr(),
    fields: (&raw mut HASH_INFO_FIELDS).cast(),
    n_in_sequence: 9,
};
static mut THREAD_INFO_FIELDS: [PyStructSequence_Field; 4] = fields![
    c"name": c"name of the thread implementation",
    c"lock": c"name of the lock implementation",
    c"version": c"name and version of the thread library",
];
static mut THREAD_INFO_DESC: PyStructSequence_Desc = PyStructSequence_Desc {
    name: c"sys.thread_info".as_ptr(),
    doc: c"sys.thread_info\n\nA named tuple holding information about the thread implementation."
        .as_ptr(),
    fields: (&raw mut THREAD_INFO_FIELDS).cast(),
    n_in_sequence: 3,
};
static mut ASYNCGEN_HOOKS_FIELDS: [PyStructSequence_Field; 3] = fields![
    c"firstiter": c"Hook to intercept first iteration",
    c"finalizer": c"Hook to intercept finalization",
];
static mut ASYNCGEN_HOOKS_DESC: PyStructSequence_Desc = PyStructSequence_Desc {
    name: c"asyncgen_hooks".as_ptr(),
    doc: c"asyncgen_hooks\n\nA named tuple providing information about asynchronous\ngenerators hooks.  The attributes are read only.".as_ptr(),
    fields: (&raw mut ASYNCGEN_HOOKS_FIELDS).cast(),
    n_in_sequence: 2,
};

// SAFETY: zeroed type objects are filled by `structseq::init_type` once.
static mut FLAGS_TYPE: PyTypeObject = unsafe { core::mem::zeroed() };
static mut VERSION_INFO_TYPE: PyTypeObject = unsafe { core::mem::zeroed() };
static mut FLOAT_INFO_TYPE: PyTypeObject = unsafe { core::mem::zeroed() };
static mut INT_INFO_TYPE: PyTypeObject = unsafe { core::mem::zeroed() };
static mut HASH_INFO_TYPE: PyTypeObject = unsafe { core::mem::zeroed() };
static mut THREAD_INFO_TYPE: PyTypeObject = unsafe { core::mem::zeroed() };
static mut ASYNCGEN_HOOKS_TYPE: PyTypeObject = unsafe { core::mem::zeroed() };

/// Readies the struct sequence types (once per process; they are static like CPython's).
unsafe fn init_struct_types() -> PyResult<()> {
    static DONE: Mutex<bool> = Mutex::new(false);
    let mut done = DONE.lock().unwrap_or_else(|p| p.into_inner());
    if *done {
        return Ok(());
    }
    structseq::init_type(&raw mut FLAGS_TYPE, &raw mut FLAGS_DESC, 0)?;
    structseq::init_type(&raw mut VERSION_INFO_TYPE, &raw mut VERSION_INFO_DESC, 0)?;
    structseq::init_type(&raw mut FLOAT_INFO_TYPE, &raw mut FLOAT_INFO_DESC, 0)?;
    structseq::init_type(&raw mut INT_INFO_TYPE, &raw mut INT_INFO_DESC, 0)?;
    structseq::init_type(&raw mut HASH_INFO_TYPE, &raw mut HASH_INFO_DESC, 0)?;
    structseq::init_type(&raw mut THREAD_INFO_TYPE, &raw mut THREAD_INFO_DESC, 0)?;
    structseq::init_type(
        &raw mut ASYNCGEN_HOOKS_TYPE,
        &raw mut ASYNCGEN_HOOKS_DESC,
        0,
    )?;
    // As CPython: sys.flags and sys.version_info cannot be instantiated from Python.
    FLAGS_TYPE.tp_new = None;
    FLAGS_TYPE.tp_init = None;
    VERSION_INFO_TYPE.tp_new = None;
    VERSION_INFO_TYPE.tp_init = None;
    *done = true;
    Ok(())
}

/// A struct sequence instance of `tp` from `items`.
unsafe fn make_struct(tp: *mut PyTypeObject, items: Vec<Ref>) -> PyResult<Ref> {
    let r = structseq::new(tp)?;
    for (i, v) in items.into_iter().enumerate() {
        structseq::set_item(r.as_ptr(), i as Py_ssize_t, v.into_raw());
    }
    Ok(r)
}

fn s(v: &str) -> PyResult<Ref> {
    string(v)
}

unsafe fn make_version_info() -> PyResult<Ref> {
    make_struct(
        &raw mut VERSION_INFO_TYPE,
        vec![int(3)?, int(11)?, int(7)?, s("final")?, int(0)?],
    )
}

/// A new `sys.float_info` (`PyFloat_GetInfo`).
pub unsafe fn make_float_info() -> PyResult<Ref> {
    make_struct(
        &raw mut FLOAT_INFO_TYPE,
        vec![
            float(f64::MAX)?,
            int(f64::MAX_EXP as i64)?,
            int(f64::MAX_10_EXP as i64)?,
            float(f64::MIN_POSITIVE)?,
            int(f64::MIN_EXP as i64)?,
            int(f64::MIN_10_EXP as i64)?,
            int(f64::DIGITS as i64)?,
            int(f64::MANTISSA_DIGITS as i64)?,
            float(f64::EPSILON)?,
            int(f64::RADIX as i64)?,
            int(1)?,
        ],
    )
}

/// A new `sys.int_info` (`PyLong_GetInfo`).
pub unsafe fn make_int_info() -> PyResult<Ref> {
    make_struct(
        &raw mut INT_INFO_TYPE,
        vec![int(30)?, int(4)?, int(4300)?, int(640)?],
    )
}

unsafe fn make_hash_info() -> PyResult<Ref> {
    make_struct(
        &raw mut HASH_INFO_TYPE,
        vec![
            int(64)?,
            int((1i64 << 61) - 1)?,
            int(314159)?,
            int(0)?,
            int(1000003)?,
            s("siphash13")?,
            int(64)?,
            int(128)?,
            int(0)?,
        ],
    )
}

/// glibc's thread library version (`confstr(_CS_GNU_LIBPTHREAD_VERSION)`).
fn pthread_version() -> Option<String> {
    let mut buf = [0u8; 128];
    // SAFETY: confstr writes at most buf.len() bytes, NUL-terminated.
    let n = unsafe {
        libc::confstr(
            libc::_CS_GNU_LIBPTHREAD_VERSION,
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    if n == 0 || n > buf.len() {
        return None;
    }
    CStr::from_bytes_until_nul(&buf)
        .ok()
        .map(|c| c.to_string_lossy().into_owned())
}

unsafe fn make_thread_info() -> PyResult<Ref> {
    let version = match pthread_version() {
        Some(v) => s(&v)?,
        None => none(),
    };
    make_struct(
        &raw mut THREAD_INFO_TYPE,
        vec![s("pthread")?, s("semaphore")?, version],
    )
}

/// `sys.flags` from a configuration (`set_flags_from_config`).
unsafe fn make_flags(c: Option<&PyConfig>) -> PyResult<Ref> {
    let pre = (*crate::lifecycle::pyruntime::runtime()).preconfig;
    let v = |f: fn(&PyConfig) -> c_int| c.map_or(0, f) as i64;
    let hash_randomization = match c {
        Some(c) => (c.use_hash_seed == 0 || c.hash_seed != 0) as i64,
        None => 1,
    };
    make_struct(
        &raw mut FLAGS_TYPE,
        vec![
            int(v(|c| c.parser_debug))?,
            int(v(|c| c.inspect))?,
            int(v(|c| c.interactive))?,
            int(v(|c| c.optimization_level))?,
            int(c.map_or(0, |c| (c.write_bytecode == 0) as i64))?,
            int(c.map_or(0, |c| (c.user_site_directory == 0) as i64))?,
            int(c.map_or(0, |c| (c.site_import == 0) as i64))?,
            int(c.map_or(0, |c| (c.use_environment == 0) as i64))?,
            int(v(|c| c.verbose))?,
            int(v(|c| c.bytes_warning))?,
            int(v(|c| c.quiet))?,
            int(hash_randomization)?,
            int(v(|c| c.isolated))?,
            boolean(c.is_some_and(|c| c.dev_mode > 0)),
            int(pre.utf8_mode.max(0) as i64)?,
            int(v(|c| c.warn_default_encoding))?,
            boolean(c.is_some_and(|c| c.safe_path > 0)),
            int(ic::int_max_str_digits() as i64)?,
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// Constants

/// `sys.builtin_module_names`: the names in the built-in module table (`PyImport_Inittab`,
/// with what embedders appended before start-up) plus `sys` and `builtins`, sorted, as CPython
/// builds it.
fn builtin_module_names() -> PyResult<Ref> {
    let mut names = crate::lifecycle::import::builtin_module_names();
    for n in ["sys", "builtins"] {
        if !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    }
    names.sort();
    names.dedup();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    // SAFETY: start-up, GIL held.
    unsafe { str_tuple(&refs) }
}

const COPYRIGHT: &str = "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.";

/// `PYTHON_API_VERSION`.
const API_VERSION: i64 = 1013;
/// `PY_VERSION_HEX` of 3.11.7 final.
const HEXVERSION: i64 = 0x030B07F0;
/// `sys.stdlib_module_names` (CPython 3.11's Python/stdlib_module_names.h).
const STDLIB_MODULE_NAMES: &[&str] = &[
    "__future__",
    "_abc",
    "_aix_support",
    "_ast",
    "_asyncio",
    "_bisect",
    "_blake2",
    "_bootsubprocess",
    "_bz2",
    "_codecs",
    "_codecs_cn",
    "_codecs_hk",
    "_codecs_iso2022",
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    "_collections",
    "_collections_abc",
    "_compat_pickle",
    "_compression",
    "_contextvars",
    "_crypt",
    "_csv",
    "_ctypes",
    "_curses",
    "_curses_panel",
    "_datetime",
    "_dbm",
    "_decimal",
    "_elementtree",
    "_frozen_importlib",
    "_frozen_importlib_external",
    "_functools",
    "_gdbm",
    "_hashlib",
    "_heapq",
    "_imp",
    "_io",
    "_json",
    "_locale",
    "_lsprof",
    "_lzma",
    "_markupbase",
    "_md5",
    "_msi",
    "_multibytecodec",
    "_multiprocessing",
    "_opcode",
    "_operator",
    "_osx_support",
    "_overlapped",
    "_pickle",
    "_posixshmem",
    "_posixsubprocess",
    "_py_abc",
    "_pydecimal",
    "_pyio",
    "_queue",
    "_random",
    "_scproxy",
    "_sha1",
    "_sha256",
    "_sha3",
    "_sha512",
    "_signal",
    "_sitebuiltins",
    "_socket",
    "_sqlite3",
    "_sre",
    "_ssl",
    "_stat",
    "_statistics",
    "_string",
    "_strptime",
    "_struct",
    "_symtable",
    "_thread",
    "_threading_local",
    "_tkinter",
    "_tokenize",
    "_tracemalloc",
    "_typing",
    "_uuid",
    "_warnings",
    "_weakref",
    "_weakrefset",
    "_winapi",
    "_zoneinfo",
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

// ---------------------------------------------------------------------------------------------
// Audit hooks

/// `PySys_AddAuditHook`'s C hook signature.
pub type AuditHook = unsafe extern "C" fn(*const c_char, *mut PyObject, *mut c_void) -> c_int;

/// Whether any C or Python audit hook is installed.
pub fn has_any_audit_hooks() -> bool {
    let rt = crate::lifecycle::pyruntime::runtime();
    let interp = pystate::current_interpreter();
    // SAFETY: fields of the live runtime/interpreter are read.
    unsafe {
        !(*rt).audit_hook_head.is_null()
            || (!interp.is_null()
                && !(*interp).audit_hooks.is_null()
                && listobject::len((*interp).audit_hooks) > 0)
    }
}

/// `PySys_Audit(event, args)` with the arguments already in a tuple (NULL: `()`): calls the C
/// hooks, then the Python hooks; the first failure is returned.
///
/// # Safety
/// GIL held; `args` NULL or a tuple.
pub unsafe fn audit_tuple(event: &str, args: *mut PyObject) -> PyResult<()> {
    if !has_any_audit_hooks() {
        return Ok(());
    }
    let ts = pystate::current();
    if ts.is_null() {
        return Ok(());
    }
    let args = if args.is_null() {
        tupleobject::pack(&[])?
    } else {
        object::new_ref(args)
    };
    let cevent = std::ffi::CString::new(event)
        .map_err(|_| errors::value_error("embedded null character"))?;
    let rt = crate::lifecycle::pyruntime::runtime();
    let mut e = (*rt).audit_hook_head;
    while !e.is_null() {
        if let Some(hook) = (*e).hookCFunction {
            if hook(cevent.as_ptr(), args.as_ptr(), (*e).userData) != 0 {
                if errors::occurred().is_null() {
                    return Err(errors::runtime_error(
                        "audit hook failed without setting an exception",
                    ));
                }
                return Err(errors::ErrSet::assume_set());
            }
        }
        e = (*e).next;
    }
    let interp = (*ts).interp;
    let hooks = (*interp).audit_hooks;
    if !hooks.is_null() && listobject::len(hooks) > 0 {
        let ev = s(event)?;
        // Hooks run untraced unless they say `__cantrace__`.
        let hooks = object::new_ref(hooks);
        let n = listobject::len(hooks.as_ptr());
        for i in 0..n {
            if i >= listobject::len(hooks.as_ptr()) {
                break;
            }
            let hook = object::new_ref(*listobject::items(hooks.as_ptr()).offset(i));
            let cantrace = match object::lookup_attr_str(hook.as_ptr(), "__cantrace__")? {
                Some(v) => object::is_true(v.as_ptr())?,
                None => false,
            };
            if !cantrace {
                (*ts).tracing += 1;
            }
            let r = call::call(
                hook.as_ptr(),
                tupleobject::pack(&[ev.as_ptr(), args.as_ptr()])?.as_ptr(),
                null_mut(),
            );
            if !cantrace {
                (*ts).tracing -= 1;
            }
            r?;
        }
    }
    Ok(())
}

/// `PySys_Audit` from Rust with borrowed argument objects.
///
/// # Safety
/// GIL held; the arguments are live.
pub unsafe fn audit(event: &str, args: &[*mut PyObject]) -> PyResult<()> {
    if !has_any_audit_hooks() {
        return Ok(());
    }
    let t = tupleobject::pack(args)?;
    audit_tuple(event, t.as_ptr())
}

/// `PySys_AddAuditHook(hook, data)`: 0, or -1 with an exception when a Python hook refused.
///
/// # Safety
/// May be called before start-up (no thread state): the hook is then just recorded.
pub unsafe fn add_c_audit_hook(hook: Option<AuditHook>, data: *mut c_void) -> c_int {
    if !pystate::current().is_null() {
        if let Err(e) = audit("sys.addaudithook", &[]) {
            if errors::exception_matches(PyExc_Exception) {
                errors::clear();
                return 0;
            }
            let _ = e;
            return -1;
        }
    }
    let rt = crate::lifecycle::pyruntime::runtime();
    let entry = Box::into_raw(Box::new(crate::abi::pycore_runtime::_Py_AuditHookEntry {
        next: null_mut(),
        hookCFunction: hook,
        userData: data,
    }));
    let mut slot = &raw mut (*rt).audit_hook_head;
    while !(*slot).is_null() {
        slot = &raw mut (**slot).next;
    }
    *slot = entry;
    0
}

/// Drops every audit hook (`_PySys_ClearAuditHooks`), after the event
/// "cpython._PySys_ClearAuditHooks". C hooks are process-wide and outlive an interpreter in
/// CPython too; they are freed here only at the final shutdown (`free_c_hooks`).
unsafe fn clear_audit_hooks(free_c_hooks: bool) {
    let _ = audit("cpython._PySys_ClearAuditHooks", &[]);
    errors::clear();
    let interp = pystate::current_interpreter();
    if !interp.is_null() {
        object::replace_slot(&raw mut (*interp).audit_hooks, null_mut());
    }
    if free_c_hooks {
        let rt = crate::lifecycle::pyruntime::runtime();
        let mut e = (*rt).audit_hook_head;
        (*rt).audit_hook_head = null_mut();
        while !e.is_null() {
            let next = (*e).next;
            drop(Box::from_raw(e));
            e = next;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Options given before start-up (PySys_AddWarnOption, PySys_AddXOption, ...)

static PRE_WARNOPTIONS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static PRE_XOPTIONS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// `PySys_ResetWarnOptions`.
pub fn reset_warn_options() {
    PRE_WARNOPTIONS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
    let w = get_object("warnoptions");
    // SAFETY: a live list from the sys dict.
    unsafe {
        if !w.is_null() && listobject::check(w) {
            let _ = listobject::ass_slice(w, 0, listobject::len(w), null_mut());
        }
    }
}

/// `PySys_AddWarnOption(Unicode)`: before start-up the option is kept for the configuration;
/// after it, appended to `sys.warnoptions`.
pub fn add_warn_option(opt: &str) -> PyResult<()> {
    if pystate::current().is_null() || sysdict().is_null() {
        PRE_WARNOPTIONS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(opt.to_string());
        return Ok(());
    }
    // SAFETY: GIL held.
    unsafe {
        let mut w = get_object("warnoptions");
        if w.is_null() || !listobject::check(w) {
            let l = listobject::new(0)?;
            set_object("warnoptions", l.as_ptr())?;
            w = get_object("warnoptions");
        }
        listobject::append(w, s(opt)?.as_ptr())
    }
}

/// `PySys_HasWarnOptions`.
pub fn has_warn_options() -> bool {
    let w = get_object("warnoptions");
    // SAFETY: a live object from the sys dict.
    unsafe { !w.is_null() && listobject::check(w) && listobject::len(w) > 0 }
}

/// `_xoptions` entry for one `-X` option: `name=value` or `name` -> True.
unsafe fn add_xoption_to(dict: *mut PyObject, opt: &str) -> PyResult<()> {
    match opt.split_once('=') {
        Some((k, v)) => dictobject::set_item_str(dict, k, s(v)?.as_ptr()),
        None => dictobject::set_item_str(dict, opt, crate::objects::boolobject::py_true()),
    }
}

/// `PySys_AddXOption`.
pub fn add_xoption(opt: &str) -> PyResult<()> {
    if pystate::current().is_null() || sysdict().is_null() {
        PRE_XOPTIONS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(opt.to_string());
        return Ok(());
    }
    // SAFETY: GIL held.
    unsafe {
        let mut d = get_object("_xoptions");
        if d.is_null() || !dictobject::check(d) {
            let nd = dictobject::new()?;
            set_object("_xoptions", nd.as_ptr())?;
            d = get_object("_xoptions");
        }
        add_xoption_to(d, opt)
    }
}

/// The options recorded before start-up (for the configuration: CPython's
/// `_PySys_ReadPreinitWarnOptions` / `XOptions`).
pub fn preinit_options() -> (Vec<String>, Vec<String>) {
    (
        PRE_WARNOPTIONS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
        PRE_XOPTIONS
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
    )
}

/// `PySys_GetXOptions`: the `sys._xoptions` dict (borrowed; created when missing).
pub fn get_xoptions() -> *mut PyObject {
    let d = get_object("_xoptions");
    // SAFETY: GIL held.
    unsafe {
        if !d.is_null() && dictobject::check(d) {
            return d;
        }
        match dictobject::new() {
            Ok(nd) => {
                if set_object("_xoptions", nd.as_ptr()).is_err() {
                    return null_mut();
                }
                get_object("_xoptions")
            }
            Err(_) => null_mut(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing to sys.stdout / sys.stderr (PySys_WriteStdout & co.)

/// Writes `text` to `sys.<name>`, falling back to the C stream when the attribute is missing
/// or None, as `sys_write`; errors are swallowed and the pending exception kept.
pub fn write_to(name: &str, text: &str) {
    errors::preserving(|| {
        let file = get_object(name);
        // SAFETY: GIL held; `file` is live when non-NULL.
        let ok = unsafe {
            !file.is_null()
                && file != object::none()
                && s(text)
                    .and_then(|t| call::call_method_str(file, "write", &[t.as_ptr()]))
                    .is_ok()
        };
        if !ok {
            errors::clear();
            use std::io::Write;
            if name == "stdout" {
                let _ = std::io::stdout().write_all(text.as_bytes());
            } else {
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
        }
    })
}

/// `PySys_FormatStdout/Stderr`: writes a str object.
///
/// # Safety
/// GIL held; `text` a live str.
pub unsafe fn write_object_to(name: &str, text: *mut PyObject) {
    errors::preserving(|| {
        let file = get_object(name);
        let ok = !file.is_null()
            && file != object::none()
            && call::call_method_str(file, "write", &[text]).is_ok();
        if !ok {
            errors::clear();
            let t = unicodeobject::to_string_lossy(text);
            use std::io::Write;
            if name == "stdout" {
                let _ = std::io::stdout().write_all(t.as_bytes());
            } else {
                let _ = std::io::stderr().write_all(t.as_bytes());
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Frames and tracing

/// `_PyFrame_IsIncomplete`: a frame whose code has not reached its first traceable
/// instruction (the prologue of a generator or closure).
unsafe fn frame_is_incomplete(f: *mut _PyInterpreterFrame) -> bool {
    let code = (*f).f_code;
    if (*f).owner == FRAME_OWNED_BY_GENERATOR {
        return false;
    }
    let start = (code as *mut u8).add(crate::abi::code::PyCodeObject_CODE_OFFSET)
        as *mut crate::abi::code::_Py_CODEUNIT;
    ((*f).prev_instr as usize) < (start.add((*code)._co_firsttraceable.max(0) as usize) as usize)
}

/// The innermost complete frame of `ts`, or NULL.
unsafe fn complete_frame(mut f: *mut _PyInterpreterFrame) -> *mut _PyInterpreterFrame {
    while !f.is_null() && frame_is_incomplete(f) {
        f = (*f).previous;
    }
    f
}

unsafe fn thread_current_frame(ts: *mut PyThreadState) -> *mut _PyInterpreterFrame {
    if ts.is_null() || (*ts).cframe.is_null() {
        return null_mut();
    }
    complete_frame((*(*ts).cframe).current_frame)
}

const WHAT_NAMES: [&str; 8] = [
    "call",
    "exception",
    "line",
    "return",
    "c_call",
    "c_exception",
    "c_return",
    "opcode",
];

/// `call_trampoline`: `callback(frame, event, arg)` with the frame's fast locals synced to
/// `f_locals` around the call.
unsafe fn call_trampoline(
    callback: *mut PyObject,
    frame: *mut PyFrameObject,
    what: c_int,
    arg: *mut PyObject,
) -> PyResult<Ref> {
    let fr = (*frame).f_frame;
    if !fr.is_null() {
        crate::objects::frameobject::fast_to_locals(fr)?;
    }
    let event = s(WHAT_NAMES.get(what as usize).copied().unwrap_or("?"))?;
    let arg = if arg.is_null() { object::none() } else { arg };
    let r = call::vectorcall(callback, &[frame.cast(), event.as_ptr(), arg], null_mut());
    if !fr.is_null() {
        crate::objects::frameobject::locals_to_fast(fr, true);
    }
    r
}

/// The `Py_tracefunc` installed by `sys.setprofile`.
unsafe extern "C" fn profile_trampoline(
    obj: *mut PyObject,
    frame: *mut PyFrameObject,
    what: c_int,
    arg: *mut PyObject,
) -> c_int {
    crate::mem::debug::fatal_on_panic("profile_trampoline", || {
        match call_trampoline(obj, frame, what, arg) {
            Ok(_) => 0,
            Err(_) => {
                set_tracefunc(true, None, null_mut());
                -1
            }
        }
    })
}

/// The `Py_tracefunc` installed by `sys.settrace`: "call" events go to the global function,
/// the others to the frame's `f_trace`; a non-None result becomes the new local function.
unsafe extern "C" fn trace_trampoline(
    obj: *mut PyObject,
    frame: *mut PyFrameObject,
    what: c_int,
    arg: *mut PyObject,
) -> c_int {
    crate::mem::debug::fatal_on_panic("trace_trampoline", || {
        let callback = if what == PyTrace_CALL {
            obj
        } else {
            (*frame).f_trace
        };
        if callback.is_null() {
            return 0;
        }
        let callback = object::new_ref(callback);
        match call_trampoline(callback.as_ptr(), frame, what, arg) {
            Ok(r) => {
                if r.as_ptr() != object::none() {
                    object::replace_slot(&raw mut (*frame).f_trace, r.into_raw());
                }
                0
            }
            Err(_) => {
                set_tracefunc(false, None, null_mut());
                object::replace_slot(&raw mut (*frame).f_trace, null_mut());
                -1
            }
        }
    })
}

/// `PyEval_SetTrace` / `PyEval_SetProfile` for the current thread: the function and its
/// object, and `use_tracing` recomputed.
pub unsafe fn set_tracefunc(profile: bool, func: Py_tracefunc, arg: *mut PyObject) {
    set_tracefunc_for(pystate::current(), profile, func, arg)
}

/// [`set_tracefunc`] for thread state `ts` (`_PyEval_SetTrace` / `_PyEval_SetProfile`).
///
/// # Safety
/// `ts` is NULL or a live thread state of the current interpreter; the GIL is held.
pub unsafe fn set_tracefunc_for(ts: *mut PyThreadState, profile: bool, func: Py_tracefunc, arg: *mut PyObject) {
    if ts.is_null() {
        return;
    }
    object::xincref(arg);
    if profile {
        let old = (*ts).c_profileobj;
        (*ts).c_profilefunc = None;
        (*ts).c_profileobj = null_mut();
        object::xdecref(old);
        (*ts).c_profilefunc = func;
        (*ts).c_profileobj = arg;
    } else {
        let old = (*ts).c_traceobj;
        (*ts).c_tracefunc = None;
        (*ts).c_traceobj = null_mut();
        object::xdecref(old);
        (*ts).c_tracefunc = func;
        (*ts).c_traceobj = arg;
    }
    if !(*ts).cframe.is_null() {
        (*(*ts).cframe).use_tracing =
            if (*ts).c_tracefunc.is_some() || (*ts).c_profilefunc.is_some() {
                255
            } else {
                0
            };
    }
}

// ---------------------------------------------------------------------------------------------
// Methods

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

fn def(name: &'static CStr, f: *const (), flags: c_int, doc: &'static CStr) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe { core::mem::transmute::<*const (), BinFn>(f) }),
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }
}

/// Defines a METH_NOARGS / METH_O function from a closure-like body over `arg`.
macro_rules! sys_fn {
    ($name:ident, |$arg:ident| $body:block) => {
        unsafe extern "C" fn $name(_m: *mut PyObject, $arg: *mut PyObject) -> *mut PyObject {
            #[allow(unused_variables)]
            let $arg = $arg;
            let r = (|| -> PyResult<Ref> { $body })();
            errors::ptr_result(r)
        }
    };
}

/// Positional arguments of a METH_VARARGS call.
unsafe fn va(args: *mut PyObject) -> Vec<*mut PyObject> {
    let n = tupleobject::len(args).max(0) as usize;
    (0..n).map(|i| *tupleobject::items(args).add(i)).collect()
}

sys_fn!(sys_displayhook, |o| {
    let interp = pystate::current_interpreter();
    let builtins = (*interp).builtins;
    if builtins.is_null() {
        return Err(errors::runtime_error("lost builtins module"));
    }
    if o == object::none() {
        return Ok(none());
    }
    // `_` is cleared first so that repr() of a huge object can free the old value.
    dictobject::set_item_str(builtins, "_", object::none())?;
    let out = required("stdout")?;
    let text = object::repr(o)?;
    let wrote = call::call_method_str(out, "write", &[text.as_ptr()]);
    if wrote.is_err() {
        if !errors::exception_matches(PyExc_UnicodeEncodeError) {
            return Err(errors::ErrSet::assume_set());
        }
        errors::clear();
        // `sys_displayhook_unencodable`: the repr encoded with backslashreplace.
        let enc = object::get_attr_str(out, "encoding")?;
        let encoded = call::call_method_str(
            text.as_ptr(),
            "encode",
            &[enc.as_ptr(), s("backslashreplace")?.as_ptr()],
        )?;
        match object::lookup_attr_str(out, "buffer")? {
            Some(buffer) => {
                call::call_method_str(buffer.as_ptr(), "write", &[encoded.as_ptr()])?;
            }
            None => {
                let t = call::call_method_str(
                    encoded.as_ptr(),
                    "decode",
                    &[enc.as_ptr(), s("strict")?.as_ptr()],
                )?;
                call::call_method_str(out, "write", &[t.as_ptr()])?;
            }
        }
    }
    call::call_method_str(out, "write", &[s("\n")?.as_ptr()])?;
    dictobject::set_item_str(builtins, "_", o)?;
    Ok(none())
});

unsafe extern "C" fn sys_excepthook(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if nargs != 3 {
        return errors::ptr_result(Err(errors::type_error(&format!(
            "excepthook expected 3 arguments, got {nargs}"
        ))));
    }
    crate::lifecycle::errdisplay::display(*args, *args.add(1), *args.add(2));
    if !errors::occurred().is_null() {
        return null_mut();
    }
    object::new_none().into_raw()
}

// The default `sys.unraisablehook`: writes "Exception ignored in: ..." and the traceback to
// `sys.stderr` (CPython's `write_unraisable_exc_file`).
sys_fn!(sys_unraisablehook, |u| {
    let get = |name: &str| -> PyResult<Ref> { object::get_attr_str(u, name) };
    let exc_type = get("exc_type")?;
    let exc_value = get("exc_value")?;
    let exc_tb = get("exc_traceback")?;
    let err_msg = get("err_msg")?;
    let obj = get("object")?;
    let file = get_object("stderr");
    if file.is_null() || file == object::none() {
        return Ok(none());
    }
    let mut text = String::new();
    let nonnone = |r: &Ref| r.as_ptr() != object::none();
    if nonnone(&obj) {
        if nonnone(&err_msg) {
            text.push_str(&unicodeobject::to_string_lossy(
                object::str(err_msg.as_ptr())?.as_ptr(),
            ));
            text.push_str(": ");
        } else {
            text.push_str("Exception ignored in: ");
        }
        match object::repr(obj.as_ptr()) {
            Ok(r) => text.push_str(&unicodeobject::to_string_lossy(r.as_ptr())),
            Err(_) => {
                errors::clear();
                text.push_str("<object repr() failed>");
            }
        }
        text.push('\n');
    } else if nonnone(&err_msg) {
        text.push_str(&unicodeobject::to_string_lossy(
            object::str(err_msg.as_ptr())?.as_ptr(),
        ));
        text.push_str(":\n");
    }
    if nonnone(&exc_tb) && crate::objects::traceback::is_traceback(exc_tb.as_ptr()) {
        text.push_str(&crate::objects::traceback::format_traceback(
            exc_tb.as_ptr(),
        ));
    }
    if nonnone(&exc_type) {
        let tp = exc_type.as_ptr();
        let module = object::lookup_attr_str(tp, "__module__")?;
        let qualname = object::lookup_attr_str(tp, "__qualname__")?;
        match module {
            Some(m)
                if unicodeobject::is_str(m.as_ptr())
                    && !unicodeobject::eq_str(m.as_ptr(), "builtins") =>
            {
                text.push_str(&unicodeobject::to_string_lossy(m.as_ptr()));
                text.push('.');
            }
            Some(m) if !unicodeobject::is_str(m.as_ptr()) => text.push_str("<unknown>."),
            _ => {}
        }
        match qualname {
            Some(q) if unicodeobject::is_str(q.as_ptr()) => {
                text.push_str(&unicodeobject::to_string_lossy(q.as_ptr()))
            }
            _ => text.push_str("<unknown>"),
        }
        if nonnone(&exc_value) {
            text.push_str(": ");
            match object::str(exc_value.as_ptr()) {
                Ok(t) => text.push_str(&unicodeobject::to_string_lossy(t.as_ptr())),
                Err(_) => {
                    errors::clear();
                    text.push_str("<exception str() failed>");
                }
            }
        }
        text.push('\n');
    }
    call::call_method_str(file, "write", &[s(&text)?.as_ptr()])?;
    if call::call_method_str(file, "flush", &[]).is_err() {
        errors::clear();
    }
    Ok(none())
});

/// `sys.breakpointhook(*args, **kws)`: imports and calls $PYTHONBREAKPOINT (default
/// `pdb.set_trace`; "0" disables).
unsafe extern "C" fn sys_breakpointhook(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let interp = pystate::current_interpreter();
        let use_env = (*interp).config.use_environment > 0;
        let env = if use_env {
            std::env::var("PYTHONBREAKPOINT").ok()
        } else {
            None
        };
        let hookname = match env.as_deref() {
            None | Some("") => "pdb.set_trace".to_string(),
            Some("0") => return Ok(none()),
            Some(v) => v.to_string(),
        };
        let (modpath, attr) = match hookname.rfind('.') {
            Some(i) => (hookname[..i].to_string(), hookname[i + 1..].to_string()),
            None => ("builtins".to_string(), hookname.clone()),
        };
        let found = import_module(&modpath).and_then(|m| object::get_attr_str(m.as_ptr(), &attr));
        let hook = match found {
            Ok(h) => h,
            Err(e) => {
                if !errors::exception_matches(PyExc_ImportError)
                    && !errors::exception_matches(PyExc_AttributeError)
                {
                    return Err(e);
                }
                errors::clear();
                crate::modules::warnings::warn(
                    PyExc_RuntimeWarning,
                    &format!("Ignoring unimportable $PYTHONBREAKPOINT: \"{hookname}\""),
                    0,
                )?;
                return Ok(none());
            }
        };
        let nkw = if kwnames.is_null() {
            0
        } else {
            tupleobject::len(kwnames) as usize
        };
        let all = core::slice::from_raw_parts(args, nargs as usize + nkw);
        call::vectorcall(hook.as_ptr(), &all[..nargs as usize], kwnames).and_then(|r| {
            let _ = all;
            Ok(r)
        })
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn sys_exit(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if nargs > 1 {
        let _ = errors::type_error(&format!("exit expected at most 1 argument, got {nargs}"));
        return null_mut();
    }
    let status = if nargs == 1 { *args } else { object::none() };
    let _ = errors::set_object(PyExc_SystemExit, status);
    null_mut()
}

sys_fn!(sys_exc_info, |_a| {
    let (t, v, tb) = errors::get_exc_info();
    let wrap = |p: *mut PyObject| {
        if p.is_null() {
            none()
        } else {
            Ref::from_raw(p)
        }
    };
    tuple(vec![wrap(t), wrap(v), wrap(tb)])
});

sys_fn!(sys_exception, |_a| {
    let v = errors::get_handled_exception();
    Ok(if v.is_null() {
        none()
    } else {
        object::new_ref(v)
    })
});

sys_fn!(sys_getdefaultencoding, |_a| { s("utf-8") });
sys_fn!(sys_getfilesystemencoding, |_a| {
    s(&unicodeobject::fs_codec().0)
});
sys_fn!(sys_getfilesystemencodeerrors, |_a| {
    s(&unicodeobject::fs_codec().1)
});
sys_fn!(sys_getrefcount, |o| { int((*o).ob_refcnt as i64) });
sys_fn!(sys_getallocatedblocks, |_a| {
    int(crate::mem::small::allocated_blocks() as i64)
});
sys_fn!(sys_is_finalizing, |_a| {
    let rt = crate::lifecycle::pyruntime::runtime();
    Ok(boolean(
        (*rt)
            ._finalizing
            ._value
            .load(core::sync::atomic::Ordering::Relaxed)
            != 0,
    ))
});
sys_fn!(sys_clear_type_cache, |_a| {
    crate::objects::typeobject::clear_cache();
    Ok(none())
});
sys_fn!(sys_getquickenedcount, |_a| { int(0) });

sys_fn!(sys_intern, |o| {
    if !unicodeobject::is_str(o) {
        return Err(errors::type_error(&format!(
            "intern() argument must be str, not {}",
            object::type_name(o)
        )));
    }
    if !unicodeobject::is_exact_str(o) {
        return Err(errors::type_error(&format!(
            "can't intern {}",
            object::type_name(o)
        )));
    }
    Ok(unicodeobject::intern(object::new_ref(o)))
});

sys_fn!(sys_getrecursionlimit, |_a| {
    int((*pystate::current_interpreter()).ceval.recursion_limit as i64)
});

sys_fn!(sys_setrecursionlimit, |o| {
    let new_limit = c_int_arg(o)?;
    if new_limit < 1 {
        return Err(errors::value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    let ts = pystate::current();
    let depth = (*ts).recursion_limit - (*ts).recursion_remaining;
    if depth >= new_limit {
        return Err(errors::set_string(
            PyExc_RecursionError,
            &format!(
                "cannot set the recursion limit to {new_limit} at the recursion depth {depth}: the limit is too low"
            ),
        ));
    }
    set_recursion_limit(new_limit);
    Ok(none())
});

/// `Py_SetRecursionLimit`: the interpreter's limit and every thread's remaining budget.
pub fn set_recursion_limit(new_limit: c_int) {
    let interp = pystate::current_interpreter();
    // SAFETY: GIL held; the thread list is walked under it.
    unsafe {
        (*interp).ceval.recursion_limit = new_limit;
        let mut p = (*interp).threads.head;
        while !p.is_null() {
            let depth = (*p).recursion_limit - (*p).recursion_remaining;
            (*p).recursion_limit = new_limit;
            (*p).recursion_remaining = new_limit - depth;
            p = (*p).next;
        }
    }
}

sys_fn!(sys_getswitchinterval, |_a| {
    float(crate::lifecycle::ceval_gil::switch_interval() as f64 / 1e6)
});

sys_fn!(sys_setswitchinterval, |o| {
    let v = crate::objects::floatobject::as_f64(o)?;
    if v <= 0.0 {
        return Err(errors::value_error(
            "switch interval must be strictly positive",
        ));
    }
    crate::lifecycle::ceval_gil::set_switch_interval((v * 1e6) as libc::c_ulong);
    Ok(none())
});

sys_fn!(sys_settrace, |f| {
    audit("sys.settrace", &[])?;
    if f == object::none() {
        set_tracefunc(false, None, null_mut());
    } else {
        set_tracefunc(false, Some(trace_trampoline), f);
    }
    Ok(none())
});

sys_fn!(sys_gettrace, |_a| {
    let ts = pystate::current();
    let t = (*ts).c_traceobj;
    Ok(if t.is_null() {
        none()
    } else {
        object::new_ref(t)
    })
});

sys_fn!(sys_setprofile, |f| {
    audit("sys.setprofile", &[])?;
    if f == object::none() {
        set_tracefunc(true, None, null_mut());
    } else {
        set_tracefunc(true, Some(profile_trampoline), f);
    }
    Ok(none())
});

sys_fn!(sys_getprofile, |_a| {
    let ts = pystate::current();
    let t = (*ts).c_profileobj;
    Ok(if t.is_null() {
        none()
    } else {
        object::new_ref(t)
    })
});

unsafe extern "C" fn sys_getframe(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        if nargs > 1 {
            return Err(errors::type_error(&format!(
                "_getframe expected at most 1 argument, got {nargs}"
            )));
        }
        let mut depth = if nargs == 1 { c_int_arg(*args)? } else { 0 };
        let ts = pystate::current();
        let mut f = thread_current_frame(ts);
        while depth > 0 && !f.is_null() {
            f = complete_frame((*f).previous);
            depth -= 1;
        }
        if f.is_null() {
            return Err(errors::value_error("call stack is not deep enough"));
        }
        let fo = crate::objects::frameobject::get_frame_object(f)?;
        audit("sys._getframe", &[fo.cast()])?;
        Ok(object::new_ref(fo.cast()))
    })();
    errors::ptr_result(r)
}

sys_fn!(sys_current_frames, |_a| {
    audit("sys._current_frames", &[])?;
    let result = dictobject::new()?;
    let interp = pystate::current_interpreter();
    let mut t = (*interp).threads.head;
    while !t.is_null() {
        let f = thread_current_frame(t);
        if !f.is_null() {
            let fo = crate::objects::frameobject::get_frame_object(f)?;
            let id = longobject::from_u64((*t).thread_id as u64)?;
            dictobject::set_item(result.as_ptr(), id.as_ptr(), fo.cast())?;
        }
        t = (*t).next;
    }
    Ok(result)
});

sys_fn!(sys_current_exceptions, |_a| {
    audit("sys._current_exceptions", &[])?;
    let result = dictobject::new()?;
    let interp = pystate::current_interpreter();
    let mut t = (*interp).threads.head;
    while !t.is_null() {
        let item = errors::topmost_exc_info(t);
        if !item.is_null() {
            let v = (*item).exc_value;
            if !v.is_null() && v != object::none() {
                let tp = object::new_ref((*v).ob_type.cast());
                let tb = (*(v as *mut crate::abi::pyerrors::PyBaseExceptionObject)).traceback;
                let tb = if tb.is_null() {
                    none()
                } else {
                    object::new_ref(tb)
                };
                let info = tuple(vec![tp, object::new_ref(v), tb])?;
                let id = longobject::from_u64((*t).thread_id as u64)?;
                dictobject::set_item(result.as_ptr(), id.as_ptr(), info.as_ptr())?;
            }
        }
        t = (*t).next;
    }
    Ok(result)
});

unsafe extern "C" fn sys_call_tracing(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        if nargs != 2 {
            return Err(errors::type_error(&format!(
                "call_tracing expected 2 arguments, got {nargs}"
            )));
        }
        let (func, fargs) = (*args, *args.add(1));
        if !tupleobject::check(fargs) {
            return Err(errors::type_error(&format!(
                "call_tracing() argument 2 must be tuple, not {}",
                object::type_name(fargs)
            )));
        }
        // `_PyEval_CallTracing`: tracing re-enabled for the duration of the call.
        let ts = pystate::current();
        let save_tracing = (*ts).tracing;
        let save_use = if (*ts).cframe.is_null() {
            0
        } else {
            (*(*ts).cframe).use_tracing
        };
        (*ts).tracing = 0;
        if !(*ts).cframe.is_null() {
            (*(*ts).cframe).use_tracing =
                if (*ts).c_tracefunc.is_some() || (*ts).c_profilefunc.is_some() {
                    255
                } else {
                    0
                };
        }
        let r = call::call(func, fargs, null_mut());
        (*ts).tracing = save_tracing;
        if !(*ts).cframe.is_null() {
            (*(*ts).cframe).use_tracing = save_use;
        }
        r
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn sys_audit(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        if nargs == 0 {
            return Err(errors::type_error(
                "audit() missing 1 required positional argument: 'event'",
            ));
        }
        if !has_any_audit_hooks() {
            return Ok(none());
        }
        let event = *args;
        if !unicodeobject::is_str(event) {
            return Err(errors::type_error(&format!(
                "expected str for argument 'event', not {}",
                object::type_name(event)
            )));
        }
        let ev = unicodeobject::as_utf8(event)?;
        let ev = String::from_utf8_lossy(ev).into_owned();
        let rest = tupleobject::pack(core::slice::from_raw_parts(args.add(1), nargs as usize - 1))?;
        audit_tuple(&ev, rest.as_ptr())?;
        Ok(none())
    })();
    errors::ptr_result(r)
}

crate::os_fn!(
    sys_addaudithook,
    crate::os_sig!("addaudithook", ["hook"], 0, 1, 1),
    |a| {
        if let Err(e) = audit("sys.addaudithook", &[]) {
            if errors::exception_matches(PyExc_Exception) {
                errors::clear();
                return Ok(none());
            }
            return Err(e);
        }
        let interp = pystate::current_interpreter();
        if (*interp).audit_hooks.is_null() {
            (*interp).audit_hooks = listobject::new(0)?.into_raw();
        }
        listobject::append((*interp).audit_hooks, a[0])?;
        Ok(none())
    }
);

unsafe extern "C" fn sys_getsizeof(
    _m: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let mut pos = va(args);
        if !kwargs.is_null() {
            let mut p = 0;
            while let Some((k, v)) = dictobject::next(kwargs, &mut p) {
                match unicodeobject::to_string_lossy(k).as_str() {
                    "object" if pos.is_empty() => pos.push(v),
                    "default" if pos.len() == 1 => pos.push(v),
                    other => {
                        return Err(errors::type_error(&format!(
                            "'{other}' is an invalid keyword argument for getsizeof()"
                        )))
                    }
                }
            }
        }
        if pos.is_empty() || pos.len() > 2 {
            return Err(errors::type_error(&format!(
                "getsizeof() takes at {} {} argument{} ({} given)",
                if pos.is_empty() { "least" } else { "most" },
                if pos.is_empty() { 1 } else { 2 },
                if pos.is_empty() { "" } else { "s" },
                pos.len()
            )));
        }
        let o = pos[0];
        match sizeof(o) {
            Ok(n) => int(n as i64),
            Err(e) => {
                if pos.len() == 2 && errors::exception_matches(PyExc_TypeError) {
                    errors::clear();
                    Ok(object::new_ref(pos[1]))
                } else {
                    Err(e)
                }
            }
        }
    })();
    errors::ptr_result(r)
}

/// `_PySys_GetSizeOf`: `__sizeof__()` plus the GC header / managed-dict pre-header.
///
/// # Safety
/// GIL held; `o` live.
pub unsafe fn sizeof(o: *mut PyObject) -> PyResult<usize> {
    let tp = (*o).ob_type;
    if (*tp).tp_dict.is_null() {
        crate::objects::typeobject::ready(tp)?;
    }
    let name = s("__sizeof__")?;
    let Some(method) = object::lookup_special(o, name.as_ptr())? else {
        return Err(errors::type_error(&format!(
            "Type {} doesn't define __sizeof__",
            object::type_name_of(tp)
        )));
    };
    let r = call::call_no_args(method.as_ptr())?;
    let size = longobject::as_isize(r.as_ptr())?;
    if size < 0 {
        return Err(errors::value_error("__sizeof__() should return >= 0"));
    }
    let flags = (*tp).tp_flags;
    let pre = if flags & Py_TPFLAGS_HAVE_GC != 0 {
        16
    } else {
        0
    } + if flags & Py_TPFLAGS_MANAGED_DICT != 0 {
        16
    } else {
        0
    };
    Ok(size as usize + pre)
}

sys_fn!(sys_getdlopenflags, |_a| {
    int((*pystate::current_interpreter()).dlopenflags as i64)
});
sys_fn!(sys_setdlopenflags, |o| {
    let v = c_int_arg(o)?;
    (*pystate::current_interpreter()).dlopenflags = v;
    Ok(none())
});

sys_fn!(sys_get_coroutine_origin_tracking_depth, |_a| {
    int((*pystate::current()).coroutine_origin_tracking_depth as i64)
});

crate::os_fn!(
    sys_set_coroutine_origin_tracking_depth,
    crate::os_sig!("set_coroutine_origin_tracking_depth", ["depth"], 0, 1, 1),
    |a| {
        let depth = c_int_arg(a[0])?;
        if depth < 0 {
            return Err(errors::value_error("depth must be >= 0"));
        }
        (*pystate::current()).coroutine_origin_tracking_depth = depth;
        Ok(none())
    }
);

sys_fn!(sys_get_asyncgen_hooks, |_a| {
    let ts = pystate::current();
    let wrap = |p: *mut PyObject| {
        if p.is_null() {
            none()
        } else {
            object::new_ref(p)
        }
    };
    make_struct(
        &raw mut ASYNCGEN_HOOKS_TYPE,
        vec![
            wrap((*ts).async_gen_firstiter),
            wrap((*ts).async_gen_finalizer),
        ],
    )
});

crate::os_fn!(
    sys_set_asyncgen_hooks,
    crate::os_sig!("set_asyncgen_hooks", ["firstiter", "finalizer"], 0, 2, 0),
    |a| {
        let (firstiter, finalizer) = (a[0], a[1]);
        for (v, what) in [(finalizer, "finalizer"), (firstiter, "firstiter")] {
            if !v.is_null() && v != object::none() && !call::is_callable(v) {
                return Err(errors::type_error(&format!(
                    "callable {what} expected, got {}",
                    object::type_name(v)
                )));
            }
        }
        let ts = pystate::current();
        if !finalizer.is_null() {
            audit("sys.set_asyncgen_hooks_finalizer", &[])?;
            let v = if finalizer == object::none() {
                null_mut()
            } else {
                finalizer
            };
            object::xincref(v);
            let old = core::mem::replace(&mut (*ts).async_gen_finalizer, v);
            object::xdecref(old);
        }
        if !firstiter.is_null() {
            audit("sys.set_asyncgen_hooks_firstiter", &[])?;
            let v = if firstiter == object::none() {
                null_mut()
            } else {
                firstiter
            };
            object::xincref(v);
            let old = core::mem::replace(&mut (*ts).async_gen_firstiter, v);
            object::xdecref(old);
        }
        Ok(none())
    }
);

sys_fn!(sys_get_int_max_str_digits, |_a| {
    int((*pystate::current_interpreter()).int_max_str_digits as i64)
});

crate::os_fn!(
    sys_set_int_max_str_digits,
    crate::os_sig!("set_int_max_str_digits", ["maxdigits"], 0, 1, 1),
    |a| {
        let n = c_int_arg(a[0])?;
        if n != 0 && n < 640 {
            return Err(errors::value_error(
                "maxdigits must be 0 or larger than 640",
            ));
        }
        (*pystate::current_interpreter()).int_max_str_digits = n;
        Ok(none())
    }
);

sys_fn!(sys_debugmallocstats, |_a| {
    let text = debug_malloc_stats_text();
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
    Ok(none())
});

fn methods() -> Vec<PyMethodDef> {
    let fast = METH_FASTCALL;
    vec![
        entry(c"addaudithook", sys_addaudithook, c"addaudithook($module, /, hook)\n--\n\nAdds a new audit hook callback."),
        def(c"audit", sys_audit as *const (), fast, c"audit(event, *args)\n\nPasses the event to any audit hooks that are attached."),
        def(c"breakpointhook", sys_breakpointhook as *const (), fast | METH_KEYWORDS, c"breakpointhook(*args, **kws)\n\nThis hook function is called by built-in breakpoint().\n"),
        def(c"_clear_type_cache", sys_clear_type_cache as *const (), METH_NOARGS, c"_clear_type_cache($module, /)\n--\n\nClear the internal type lookup cache."),
        def(c"_current_frames", sys_current_frames as *const (), METH_NOARGS, c"_current_frames($module, /)\n--\n\nReturn a dict mapping each thread's thread id to its current stack frame.\n\nThis function should be used for specialized purposes only."),
        def(c"_current_exceptions", sys_current_exceptions as *const (), METH_NOARGS, c"_current_exceptions($module, /)\n--\n\nReturn a dict mapping each thread's identifier to its current raised exception.\n\nThis function should be used for specialized purposes only."),
        def(c"displayhook", sys_displayhook as *const (), METH_O, c"displayhook($module, object, /)\n--\n\nPrint an object to sys.stdout and also save it in builtins._"),
        def(c"exception", sys_exception as *const (), METH_NOARGS, c"exception($module, /)\n--\n\nReturn the current exception.\n\nReturn the most recent exception caught by an except clause\nin the current stack frame or in an older stack frame, or None\nif no such exception exists."),
        def(c"exc_info", sys_exc_info as *const (), METH_NOARGS, c"exc_info($module, /)\n--\n\nReturn current exception information: (type, value, traceback).\n\nReturn information about the most recent exception caught by an except\nclause in the current stack frame or in an older stack frame."),
        def(c"excepthook", sys_excepthook as *const (), fast, c"excepthook($module, exctype, value, traceback, /)\n--\n\nHandle an exception by displaying it with a traceback on sys.stderr."),
        def(c"exit", sys_exit as *const (), fast, c"exit($module, status=None, /)\n--\n\nExit the interpreter by raising SystemExit(status).\n\nIf the status is omitted or None, it defaults to zero (i.e., success).\nIf the status is an integer, it will be used as the system exit status.\nIf it is another kind of object, it will be printed and the system\nexit status will be one (i.e., failure)."),
        def(c"getdefaultencoding", sys_getdefaultencoding as *const (), METH_NOARGS, c"getdefaultencoding($module, /)\n--\n\nReturn the current default encoding used by the Unicode implementation."),
        def(c"getdlopenflags", sys_getdlopenflags as *const (), METH_NOARGS, c"getdlopenflags($module, /)\n--\n\nReturn the current value of the flags that are used for dlopen calls.\n\nThe flag constants are defined in the os module."),
        def(c"getallocatedblocks", sys_getallocatedblocks as *const (), METH_NOARGS, c"getallocatedblocks($module, /)\n--\n\nReturn the number of memory blocks currently allocated."),
        def(c"getfilesystemencoding", sys_getfilesystemencoding as *const (), METH_NOARGS, c"getfilesystemencoding($module, /)\n--\n\nReturn the encoding used to convert Unicode filenames to OS filenames."),
        def(c"getfilesystemencodeerrors", sys_getfilesystemencodeerrors as *const (), METH_NOARGS, c"getfilesystemencodeerrors($module, /)\n--\n\nReturn the error mode used Unicode to OS filename conversion."),
        def(c"getrefcount", sys_getrefcount as *const (), METH_O, c"getrefcount($module, object, /)\n--\n\nReturn the reference count of object.\n\nThe count returned is generally one higher than you might expect,\nbecause it includes the (temporary) reference as an argument to\ngetrefcount()."),
        def(c"getrecursionlimit", sys_getrecursionlimit as *const (), METH_NOARGS, c"getrecursionlimit($module, /)\n--\n\nReturn the current value of the recursion limit.\n\nThe recursion limit is the maximum depth of the Python interpreter\nstack.  This limit prevents infinite recursion from causing an overflow\nof the C stack and crashing Python."),
        def(c"getsizeof", sys_getsizeof as *const (), METH_VARARGS | METH_KEYWORDS, c"getsizeof(object [, default]) -> int\n\nReturn the size of object in bytes."),
        def(c"_getframe", sys_getframe as *const (), fast, c"_getframe($module, depth=0, /)\n--\n\nReturn a frame object from the call stack.\n\nIf optional integer depth is given, return the frame object that many\ncalls below the top of the stack.  If that is deeper than the call\nstack, ValueError is raised.  The default for depth is zero, returning\nthe frame at the top of the call stack.\n\nThis function should be used for internal and specialized purposes\nonly."),
        def(c"intern", sys_intern as *const (), METH_O, c"intern($module, string, /)\n--\n\n``Intern'' the given string.\n\nThis enters the string in the (global) table of interned strings whose\npurpose is to speed up dictionary lookups. Return the string itself or\nthe previously interned string object with the same value."),
        def(c"is_finalizing", sys_is_finalizing as *const (), METH_NOARGS, c"is_finalizing($module, /)\n--\n\nReturn True if Python is exiting."),
        def(c"setswitchinterval", sys_setswitchinterval as *const (), METH_O, c"setswitchinterval($module, interval, /)\n--\n\nSet the ideal thread switching delay inside the Python interpreter.\n\nThe actual frequency of switching threads can be lower if the\ninterpreter executes long sequences of uninterruptible code\n(this is implementation-specific and workload-dependent).\n\nThe parameter must represent the desired switching delay in seconds\nA typical value is 0.005 (5 milliseconds)."),
        def(c"getswitchinterval", sys_getswitchinterval as *const (), METH_NOARGS, c"getswitchinterval($module, /)\n--\n\nReturn the current thread switch interval; see sys.setswitchinterval()."),
        def(c"setdlopenflags", sys_setdlopenflags as *const (), METH_O, c"setdlopenflags($module, flags, /)\n--\n\nSet the flags used by the interpreter for dlopen calls.\n\nThis is used, for example, when the interpreter loads extension\nmodules. Among other things, this will enable a lazy resolving of\nsymbols when importing a module, if called as sys.setdlopenflags(0).\nTo share symbols across extension modules, call as\nsys.setdlopenflags(os.RTLD_GLOBAL).  Symbolic names for the flag\nmodules can be found in the os module (RTLD_xxx constants, e.g.\nos.RTLD_LAZY)."),
        def(c"setprofile", sys_setprofile as *const (), METH_O, c"setprofile(function)\n\nSet the profiling function.  It will be called on each function call\nand return.  See the profiler chapter in the library manual."),
        def(c"getprofile", sys_getprofile as *const (), METH_NOARGS, c"getprofile($module, /)\n--\n\nReturn the profiling function set with sys.setprofile.\n\nSee the profiler chapter in the library manual."),
        def(c"setrecursionlimit", sys_setrecursionlimit as *const (), METH_O, c"setrecursionlimit($module, limit, /)\n--\n\nSet the maximum depth of the Python interpreter stack to n.\n\nThis limit prevents infinite recursion from causing an overflow of the C\nstack and crashing Python.  The highest possible limit is platform-\ndependent."),
        def(c"settrace", sys_settrace as *const (), METH_O, c"settrace(function)\n\nSet the global debug tracing function.  It will be called on each\nfunction call.  See the debugger chapter in the library manual."),
        def(c"gettrace", sys_gettrace as *const (), METH_NOARGS, c"gettrace($module, /)\n--\n\nReturn the global debug tracing function set with sys.settrace.\n\nSee the debugger chapter in the library manual."),
        def(c"call_tracing", sys_call_tracing as *const (), fast, c"call_tracing($module, func, args, /)\n--\n\nCall func(*args), while tracing is enabled.\n\nThe tracing state is saved, and restored afterwards.  This is intended\nto be called from a debugger from a checkpoint, to recursively debug\nsome other code."),
        def(c"_debugmallocstats", sys_debugmallocstats as *const (), METH_NOARGS, c"_debugmallocstats($module, /)\n--\n\nPrint summary info to stderr about the state of pymalloc's structures.\n\nIn Py_DEBUG mode, also perform some expensive internal consistency\nchecks."),
        entry(c"set_coroutine_origin_tracking_depth", sys_set_coroutine_origin_tracking_depth, c"set_coroutine_origin_tracking_depth($module, /, depth)\n--\n\nEnable or disable origin tracking for coroutine objects in this thread.\n\nCoroutine objects will track 'depth' frames of traceback information\nabout where they came from, available in their cr_origin attribute.\n\nSet a depth of 0 to disable."),
        def(c"get_coroutine_origin_tracking_depth", sys_get_coroutine_origin_tracking_depth as *const (), METH_NOARGS, c"get_coroutine_origin_tracking_depth($module, /)\n--\n\nCheck status of origin tracking for coroutine objects in this thread."),
        entry(c"set_asyncgen_hooks", sys_set_asyncgen_hooks, c"set_asyncgen_hooks(* [, firstiter] [, finalizer])\n\nSet a finalizer for async generators objects."),
        def(c"get_asyncgen_hooks", sys_get_asyncgen_hooks as *const (), METH_NOARGS, c"get_asyncgen_hooks()\n\nReturn the installed asynchronous generators hooks.\n\nThis returns a namedtuple of the form (firstiter, finalizer)."),
        def(c"_getquickenedcount", sys_getquickenedcount as *const (), METH_NOARGS, c"_getquickenedcount($module, /)\n--\n\n"),
        def(c"unraisablehook", sys_unraisablehook as *const (), METH_O, c"unraisablehook($module, unraisable, /)\n--\n\nHandle an unraisable exception.\n\nThe unraisable argument has the following attributes:\n\n* exc_type: Exception type.\n* exc_value: Exception value, can be None.\n* exc_traceback: Exception traceback, can be None.\n* err_msg: Error message, can be None.\n* object: Object causing the exception, can be None."),
        def(c"get_int_max_str_digits", sys_get_int_max_str_digits as *const (), METH_NOARGS, c"get_int_max_str_digits($module, /)\n--\n\nSet the maximum string digits limit for non-binary int<->str conversions."),
        entry(c"set_int_max_str_digits", sys_set_int_max_str_digits, c"set_int_max_str_digits($module, /, maxdigits)\n--\n\nSet the maximum string digits limit for non-binary int<->str conversions."),
    ]
}

/// `_PyObject_DebugMallocStats`'s report of the small-object allocator, in CPython's layout.
///
/// # Safety
/// GIL held.
pub unsafe fn debug_malloc_stats_text() -> String {
    use std::fmt::Write as _;
    let st = crate::mem::stats::memory_stats();
    let mut out = String::new();
    let n = st.size_classes.len();
    let threshold = st.size_classes.last().map_or(0, |c| c.block_size);
    let _ = writeln!(
        out,
        "Small block threshold = {threshold}, in {n} size classes.\n"
    );
    out.push_str("class   size   num pools   blocks in use  avail blocks\n");
    out.push_str("-----   ----   ---------   -------------  ------------\n");
    let (mut used_bytes, mut avail_bytes, mut pools) = (0usize, 0usize, 0usize);
    for (i, c) in st.size_classes.iter().enumerate() {
        if c.pools == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "{i:5} {:6} {:11} {:15} {:13}",
            c.block_size, c.pools, c.blocks_in_use, c.blocks_free
        );
        used_bytes += c.blocks_in_use * c.block_size;
        avail_bytes += c.blocks_free * c.block_size;
        pools += c.pools;
    }
    out.push('\n');
    let row = |out: &mut String, name: &str, v: u64| {
        let _ = writeln!(out, "{name:<39}= {v:>15}");
    };
    row(
        &mut out,
        "# arenas allocated total",
        st.arenas_allocated_total,
    );
    row(&mut out, "# arenas reclaimed", st.arenas_freed_total);
    row(&mut out, "# arenas highwater mark", st.arenas_peak as u64);
    row(
        &mut out,
        "# arenas allocated current",
        st.arenas_live as u64,
    );
    let _ = writeln!(
        out,
        "{} arenas * {} bytes/arena{:>w$}",
        st.arenas_live,
        st.arena_size,
        format!("= {:>15}", st.arena_bytes()),
        w = 0
    );
    out.push('\n');
    row(&mut out, "# bytes in allocated blocks", used_bytes as u64);
    row(&mut out, "# bytes in available blocks", avail_bytes as u64);
    row(&mut out, "# unused pools", st.pools_empty as u64);
    row(&mut out, "# pools in use", pools as u64);
    out
}

// ---------------------------------------------------------------------------------------------
// Creation and configuration

const SYS_DOC: &CStr = c"This module provides access to some objects used or maintained by the\ninterpreter and to functions that interact strongly with the interpreter.\n\nDynamic objects:\n\nargv -- command line arguments; argv[0] is the script pathname if known\npath -- module search path; path[0] is the script directory, else ''\nmodules -- dictionary of loaded modules\n\ndisplayhook -- called to show results in an interactive session\nexcepthook -- called to handle any uncaught exception other than SystemExit\n  To customize printing in an interactive session or to install a custom\n  top-level exception handler, assign other functions to replace these.\n\nstdin -- standard input file object; used by input()\nstdout -- standard output file object; used by print()\nstderr -- standard error object; used for error messages\n  By assigning other file objects (or objects that behave like files)\n  to these, it is possible to redirect all of the interpreter's I/O.\n\nlast_type -- type of last uncaught exception\nlast_value -- value of last uncaught exception\nlast_traceback -- traceback of last uncaught exception\n  These three are only available in an interactive session after a\n  traceback has been printed.\n\nStatic objects:\n\nbuiltin_module_names -- tuple of module names built into this interpreter\ncopyright -- copyright notice pertaining to this interpreter\nexec_prefix -- prefix used to find the machine-specific Python library\nexecutable -- absolute path of the executable binary of the Python interpreter\nfloat_info -- a named tuple with information about the float implementation.\nfloat_repr_style -- string indicating the style of repr() output for floats\nhash_info -- a named tuple with information about the hash algorithm.\nhexversion -- version information encoded as a single integer\nimplementation -- Python implementation information.\nint_info -- a named tuple with information about the int implementation.\nmaxsize -- the largest supported length of containers.\nmaxunicode -- the value of the largest Unicode code point\nplatform -- platform identifier\nprefix -- prefix used to find the Python library\nthread_info -- a named tuple with information about the thread implementation.\nversion -- the version of this interpreter as a string\nversion_info -- version information as a named tuple\n__stdin__ -- the original stdin; don't touch!\n__stdout__ -- the original stdout; don't touch!\n__stderr__ -- the original stderr; don't touch!\n__displayhook__ -- the original displayhook; don't touch!\n__excepthook__ -- the original excepthook; don't touch!\n\nFunctions:\n\ndisplayhook() -- print an object to the screen, and save it in builtins._\nexcepthook() -- print an exception and its traceback to sys.stderr\nexc_info() -- return thread-safe information about the current exception\nexit() -- exit the interpreter by raising SystemExit\ngetdlopenflags() -- returns flags to be used for dlopen() calls\ngetprofile() -- get the global profiling function\ngetrefcount() -- return the reference count for an object (plus one :-)\ngetrecursionlimit() -- return the max recursion depth for the interpreter\ngetsizeof() -- return the size of an object in bytes\ngettrace() -- get the global debug tracing function\nsetdlopenflags() -- set the flags to be used for dlopen() calls\nsetprofile() -- set the global profiling function\nsetrecursionlimit() -- set the max recursion depth for the interpreter\nsettrace() -- set the global debug tracing function\n";

unsafe fn set_new(d: *mut PyObject, name: &str, v: PyResult<Ref>) -> PyResult<()> {
    let v = v?;
    dictobject::set_item_str(d, name, v.as_ptr())
}

unsafe fn str_tuple(items: &[&str]) -> PyResult<Ref> {
    tuple(items.iter().map(|n| s(n)).collect::<PyResult<Vec<_>>>()?)
}

/// `_PySys_Create`: the `sys` module, with its dict stored as `interp->sysdict` (new
/// reference to the module). `interp->modules` is created when missing and becomes
/// `sys.modules`.
pub fn create() -> PyResult<Ref> {
    // SAFETY: start-up, GIL held.
    unsafe {
        init_struct_types()?;
        let interp = pystate::current_interpreter();
        if (*interp).modules.is_null() {
            (*interp).modules = dictobject::new()?.into_raw();
        }
        let m = create_module(c"sys", SYS_DOC, methods)?;
        let d = crate::objects::moduleobject::get_dict(m.as_ptr())?;
        object::incref(d);
        object::replace_slot(&raw mut (*interp).sysdict, d);
        object::decref(d);
        if (*interp).dlopenflags == 0 {
            (*interp).dlopenflags = libc::RTLD_NOW;
        }
        dictobject::set_item_str(d, "modules", (*interp).modules)?;
        // The original hooks, kept under dunder names.
        for name in [
            "displayhook",
            "excepthook",
            "breakpointhook",
            "unraisablehook",
        ] {
            if let Some(f) = dictobject::get_item_str(d, name)? {
                dictobject::set_item_str(d, &format!("__{name}__"), f)?;
            }
        }
        set_new(d, "version", s(crate::lifecycle::main::FULL_VERSION))?;
        set_new(d, "hexversion", int(HEXVERSION))?;
        set_new(d, "_git", str_tuple(&["CPython", "", ""]))?;
        set_new(d, "_framework", s(""))?;
        set_new(d, "api_version", int(API_VERSION))?;
        set_new(d, "copyright", s(COPYRIGHT))?;
        set_new(d, "platform", s("linux"))?;
        // from_u64: from_i64's small-int probe overflows on i64::MAX in checked builds.
        set_new(d, "maxsize", longobject::from_u64(isize::MAX as u64))?;
        set_new(d, "float_info", make_float_info())?;
        set_new(d, "int_info", make_int_info())?;
        set_new(d, "hash_info", make_hash_info())?;
        set_new(d, "maxunicode", int(0x10FFFF))?;
        set_new(d, "builtin_module_names", builtin_module_names())?;
        let names =
            crate::objects::setobject::new_frozenset(str_tuple(STDLIB_MODULE_NAMES)?.as_ptr())?;
        dictobject::set_item_str(d, "stdlib_module_names", names.as_ptr())?;
        set_new(
            d,
            "byteorder",
            s(if cfg!(target_endian = "little") {
                "little"
            } else {
                "big"
            }),
        )?;
        set_new(d, "abiflags", s(""))?;
        let version_info = make_version_info()?;
        dictobject::set_item_str(d, "version_info", version_info.as_ptr())?;
        let impl_dict = dictobject::new()?;
        let id = impl_dict.as_ptr();
        set_new(id, "name", s("cpython"))?;
        set_new(id, "cache_tag", s(CACHE_TAG))?;
        dictobject::set_item_str(id, "version", version_info.as_ptr())?;
        set_new(id, "hexversion", int(HEXVERSION))?;
        set_new(id, "_multiarch", s("x86_64-linux-gnu"))?;
        set_new(
            d,
            "implementation",
            crate::objects::namespaceobject::new(id),
        )?;
        set_new(d, "flags", make_flags(None))?;
        set_new(d, "float_repr_style", s("short"))?;
        set_new(d, "thread_info", make_thread_info())?;
        set_new(d, "meta_path", listobject::new(0))?;
        set_new(d, "path_importer_cache", dictobject::new())?;
        set_new(d, "path_hooks", listobject::new(0))?;
        // Options given with PySys_AddWarnOption / AddXOption before start-up.
        let (warn, xopts) = preinit_options();
        let wl = listobject::new(0)?;
        for w in &warn {
            listobject::append(wl.as_ptr(), s(w)?.as_ptr())?;
        }
        dictobject::set_item_str(d, "warnoptions", wl.as_ptr())?;
        let xd = dictobject::new()?;
        for x in &xopts {
            add_xoption_to(xd.as_ptr(), x)?;
        }
        dictobject::set_item_str(d, "_xoptions", xd.as_ptr())?;
        Ok(m)
    }
}

unsafe fn wstr_obj(p: *const libc::wchar_t) -> PyResult<Ref> {
    if p.is_null() {
        return Ok(none());
    }
    let units: Vec<u32> = ic::wstr_units(p).iter().map(|&u| u as u32).collect();
    unicodeobject::from_wchar(&units)
}

unsafe fn wlist_obj(l: &crate::abi::initconfig::PyWideStringList) -> PyResult<Ref> {
    let out = listobject::new(0)?;
    for i in 0..l.length.max(0) as usize {
        let v = wstr_obj(*l.items.add(i))?;
        listobject::append(out.as_ptr(), v.as_ptr())?;
    }
    Ok(out)
}

/// `_PySys_UpdateConfig`: the attributes that come from the read configuration (sys.path,
/// executable and prefixes, argv/orig_argv, warnoptions, _xoptions, flags,
/// dont_write_bytecode, _stdlib_dir, pycache_prefix, platlibdir).
pub fn update_config(config: *const PyConfig) -> PyResult<()> {
    if config.is_null() {
        return Err(errors::bad_internal_call());
    }
    let d = sysdict();
    if d.is_null() {
        return Err(errors::runtime_error("lost sys module"));
    }
    // SAFETY: GIL held; `config` is a read configuration.
    unsafe {
        let c = &*config;
        if c.module_search_paths_set != 0 {
            set_new(d, "path", wlist_obj(&c.module_search_paths))?;
        }
        for (name, p) in [
            ("executable", c.executable),
            ("_base_executable", c.base_executable),
            ("prefix", c.prefix),
            ("base_prefix", c.base_prefix),
            ("exec_prefix", c.exec_prefix),
            ("base_exec_prefix", c.base_exec_prefix),
            ("platlibdir", c.platlibdir),
        ] {
            set_new(d, name, wstr_obj(p))?;
        }
        set_new(d, "pycache_prefix", wstr_obj(c.pycache_prefix))?;
        set_new(d, "argv", wlist_obj(&c.argv))?;
        set_new(d, "orig_argv", wlist_obj(&c.orig_argv))?;
        set_new(d, "warnoptions", wlist_obj(&c.warnoptions))?;
        let xd = dictobject::new()?;
        for x in ic::list_to_vec(&c.xoptions) {
            add_xoption_to(xd.as_ptr(), &x)?;
        }
        dictobject::set_item_str(d, "_xoptions", xd.as_ptr())?;
        set_new(d, "_stdlib_dir", wstr_obj(c.stdlib_dir))?;
        set_new(d, "flags", make_flags(Some(c)))?;
        set_new(d, "dont_write_bytecode", Ok(boolean(c.write_bytecode == 0)))?;
        set_argc_argv(&c.orig_argv);
        // Py_GetPath & co. report what this interpreter uses.
        crate::lifecycle::pathconfig::record_computed(&crate::lifecycle::pathconfig::PathOutputs {
            program_name: ic::wstr_to_string(c.program_name).unwrap_or_default(),
            home: ic::wstr_to_string(c.home).unwrap_or_default(),
            executable: ic::wstr_to_string(c.executable).unwrap_or_default(),
            prefix: ic::wstr_to_string(c.prefix).unwrap_or_default(),
            exec_prefix: ic::wstr_to_string(c.exec_prefix).unwrap_or_default(),
            module_search_paths: ic::list_to_vec(&c.module_search_paths),
            ..Default::default()
        });
        Ok(())
    }
}

/// `PySys_SetArgvEx(argv, updatepath)`: `sys.argv` = argv (`['']` when empty) and, when
/// `updatepath`, `sys.path[0]` gets the script's directory as CPython 3.11 computes it
/// (`_PyPathConfig_ComputeSysPath0`).
pub fn set_argv(argv: &[String], updatepath: bool) -> PyResult<()> {
    // SAFETY: GIL held.
    unsafe {
        let list = listobject::new(0)?;
        if argv.is_empty() {
            listobject::append(list.as_ptr(), s("")?.as_ptr())?;
        }
        for a in argv {
            listobject::append(list.as_ptr(), s(a)?.as_ptr())?;
        }
        set_object("argv", list.as_ptr())?;
        if updatepath {
            if let Some(p0) = compute_sys_path0(argv) {
                let path = required("path")?;
                listobject::insert(path, 0, s(&p0)?.as_ptr())?;
            }
        }
        Ok(())
    }
}

/// `_PyPathConfig_ComputeSysPath0`: what goes first on sys.path for a program run with `argv`
/// ("" for -c / interactive, the working directory for -m, the script's directory otherwise).
pub fn compute_sys_path0(argv: &[String]) -> Option<String> {
    let arg0 = argv.first().map(String::as_str).unwrap_or("");
    if arg0 == "-m" {
        return Some(crate::lifecycle::pathconfig::current_dir());
    }
    if arg0.is_empty() || arg0 == "-c" {
        return Some(String::new());
    }
    // A link to the script: its target's directory.
    let mut path = arg0.to_string();
    if let Ok(target) = std::fs::read_link(&path) {
        let t = target.to_string_lossy().into_owned();
        path = if t.starts_with('/') {
            t
        } else {
            match path.rfind('/') {
                Some(i) => format!("{}/{}", &path[..i], t),
                None => t,
            }
        };
    }
    let full = std::fs::canonicalize(&path)
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or(path);
    Some(match full.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => full[..i].to_string(),
        None => String::new(),
    })
}

/// Releases what this file keeps between start-up and shutdown (Py_FinalizeEx): the Python
/// and C audit hooks and the options recorded before start-up. The struct sequence types are
/// static and stay readied, as in CPython.
pub fn fini() {
    // SAFETY: shutdown, GIL held.
    unsafe { clear_audit_hooks(true) };
    PRE_WARNOPTIONS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
    PRE_XOPTIONS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
}

/// `PyInit_sys` is not in the inittab (start-up makes the module): this returns the existing
/// module for the import machinery's `_imp.create_builtin` path, or a new one.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    let interp = pystate::current_interpreter();
    if !interp.is_null() && !(*interp).modules.is_null() {
        if let Ok(Some(m)) = dictobject::get_item_str((*interp).modules, "sys") {
            return object::new_ref(m).into_raw();
        }
    }
    errors::ptr_result(create())
}

/// The command line kept for `Py_GetArgcArgv` (CPython's `_PyRuntime.orig_argv`): a copy owned
/// here, replaced at each start-up.
struct OrigArgv(crate::abi::initconfig::PyWideStringList);
// SAFETY: the list is only touched with the GIL held (start-up and Py_GetArgcArgv callers).
unsafe impl Send for OrigArgv {}
static ORIG_ARGV: Mutex<OrigArgv> =
    Mutex::new(OrigArgv(crate::abi::initconfig::PyWideStringList {
        length: 0,
        items: null_mut(),
    }));

/// Records `config.orig_argv` for `Py_GetArgcArgv`.
///
/// # Safety
/// `list` is a valid PyWideStringList.
pub unsafe fn set_argc_argv(list: *const crate::abi::initconfig::PyWideStringList) {
    let mut g = ORIG_ARGV.lock().unwrap_or_else(|p| p.into_inner());
    let _ = ic::list_copy(&mut g.0, list);
}

/// `Py_GetArgcArgv`: the recorded command line (the pointers stay valid until the next
/// start-up records another).
pub fn argc_argv() -> (c_int, *mut *mut libc::wchar_t) {
    let g = ORIG_ARGV.lock().unwrap_or_else(|p| p.into_inner());
    (g.0.length as c_int, g.0.items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn oracle(args: &[&str], code: &str) -> Vec<String> {
        let mut cmd = Command::new("python3.11");
        for (k, _) in std::env::vars() {
            if k.starts_with("PYTHON") {
                cmd.env_remove(k);
            }
        }
        let out = cmd
            .args(args)
            .arg("-c")
            .arg(code)
            .output()
            .expect("python3.11 is the oracle");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    }

    unsafe fn repr_of(o: *mut PyObject) -> String {
        unicodeobject::to_string_lossy(object::repr(o).expect("repr").as_ptr())
    }

    unsafe fn attr(name: &str) -> String {
        let v = get_object(name);
        assert!(!v.is_null(), "sys.{name} missing");
        repr_of(v)
    }

    unsafe fn call_attr(name: &str, args: &[*mut PyObject]) -> PyResult<Ref> {
        call::vectorcall(get_object(name), args, null_mut())
    }

    #[test]
    fn sys_module_matches_python311() {
        let _runtime = crate::testing::hold_runtime();
        // One test: the runtime (thread state, GIL) belongs to the thread that initialized it.
        crate::testing::init();
        unsafe {
            // The test makes its own sys; the interpreter's is put back at the end (the other
            // tests share this interpreter).
            let interp = pystate::current_interpreter();
            let saved_dict = object::new_ref((*interp).sysdict);
            let saved_module = dictobject::get_item_str((*interp).modules, "sys").unwrap().map(|m| object::new_ref(m));
            let m = create().expect("sys created");
            // Constants, compared with python3.11's reprs.
            let names = [
                "version_info",
                "hexversion",
                "api_version",
                "maxsize",
                "maxunicode",
                "byteorder",
                "float_info",
                "int_info",
                "hash_info",
                "thread_info",
                "float_repr_style",
                "abiflags",
                "platform",
                "copyright",
                "_git",
                "_framework",
            ];
            let code = format!("import sys\nfor n in {names:?}: print(repr(getattr(sys, n)))");
            let want = oracle(&["-S", "-E"], &code);
            let got: Vec<String> = names.iter().map(|n| attr(n)).collect();
            // The copyright repr spans one line; compare item by item.
            assert_eq!(got.len(), want.len());
            for (i, n) in names.iter().enumerate() {
                assert_eq!(got[i], want[i], "sys.{n}");
            }
            // The built-in modules written so far: all of them CPython's, sorted as CPython's.
            let theirs = oracle(&["-S", "-E"], "import sys\nfor n in sys.builtin_module_names: print(n)");
            let ours_t = get_object("builtin_module_names");
            let n = crate::objects::tupleobject::len(ours_t) as usize;
            let ours: Vec<String> = (0..n)
                .map(|i| unicodeobject::to_string_lossy(*crate::objects::tupleobject::items(ours_t).add(i)))
                .collect();
            let mut sorted = ours.clone();
            sorted.sort();
            assert_eq!(ours, sorted);
            // `ferrython`, our own module, is the one CPython lacks.
            for name in ours.iter().filter(|n| *n != "ferrython") {
                assert!(theirs.contains(name), "{name} is not a built-in module of CPython");
            }
            assert!(ours.iter().any(|x| x == "sys") && ours.iter().any(|x| x == "_io"));
            let imp = get_object("implementation");
            assert_eq!(
                repr_of(object::get_attr_str(imp, "cache_tag").unwrap().as_ptr()),
                "'cpython-311'"
            );
            assert_eq!(
                listobject::len(
                    crate::objects::listobject::from_iterable(get_object("stdlib_module_names"))
                        .unwrap()
                        .as_ptr()
                ),
                oracle(&["-S"], "import sys; print(len(sys.stdlib_module_names))")[0]
                    .parse::<isize>()
                    .unwrap()
            );

            // The configuration's attributes, against python3.11 run with the same command line.
            let exe = oracle(&["-S", "-E"], "import sys; print(sys.executable)").remove(0);
            // The interpreter's own start-up filled the global path configuration; this
            // configuration must be computed from its own argv, as a fresh process would.
            crate::lifecycle::pathconfig::fini();
            crate::lifecycle::pathconfig::set_global(crate::lifecycle::pathconfig::Global::ProgramName, None);
            let mut c = ic::from_argv(&[
                exe.clone(),
                "-S".into(),
                "-E".into(),
                "-b".into(),
                "-X".into(),
                "a=b".into(),
                "-c".into(),
                "pass".into(),
            ])
            .unwrap_or_else(|_| panic!("config"));
            update_config(&c).expect("update_config");
            let want = oracle(
                &["-S", "-E", "-b", "-X", "a=b"],
                "import sys\nfor n in ['flags','executable','_base_executable','prefix','base_prefix','exec_prefix','base_exec_prefix','platlibdir','_stdlib_dir','warnoptions','_xoptions','dont_write_bytecode','pycache_prefix']: print(repr(getattr(sys, n)))\nprint(repr(sys.path[1:]))",
            );
            let mut got: Vec<String> = [
                "flags",
                "executable",
                "_base_executable",
                "prefix",
                "base_prefix",
                "exec_prefix",
                "base_exec_prefix",
                "platlibdir",
                "_stdlib_dir",
                "warnoptions",
                "_xoptions",
                "dont_write_bytecode",
                "pycache_prefix",
            ]
            .iter()
            .map(|n| attr(n))
            .collect();
            got.push(attr("path"));
            assert_eq!(got, want);
            assert_eq!(attr("argv"), "['-c']");
            ic::clear(&mut c);

            // Every name python3.11 has after `-S -I` start-up, except those start-up sets.
            let want: Vec<String> =
                oracle(&["-S", "-I"], "import sys; print('\\n'.join(dir(sys)))");
            let d = crate::objects::moduleobject::get_dict(m.as_ptr()).unwrap();
            let set_by_startup = [
                "stdin",
                "stdout",
                "stderr",
                "__stdin__",
                "__stdout__",
                "__stderr__",
                "__loader__",
                "__spec__",
                "__interactivehook__",
            ];
            let missing: Vec<&String> = want
                .iter()
                .filter(|n| !set_by_startup.contains(&n.as_str()))
                .filter(|n| dictobject::get_item_str(d, n).unwrap().is_none())
                .collect();
            assert!(missing.is_empty(), "missing: {missing:?}");

            // Functions.
            assert_eq!(
                repr_of(call_attr("getrecursionlimit", &[]).unwrap().as_ptr()),
                "1000"
            );
            call_attr("setrecursionlimit", &[int(50).unwrap().as_ptr()]).unwrap();
            assert_eq!(
                repr_of(call_attr("getrecursionlimit", &[]).unwrap().as_ptr()),
                "50"
            );
            call_attr("setrecursionlimit", &[int(1000).unwrap().as_ptr()]).unwrap();
            assert!(call_attr("setrecursionlimit", &[int(0).unwrap().as_ptr()]).is_err());
            errors::clear();
            let sizes = oracle(
                &["-S"],
                "import sys; print([sys.getsizeof(x) for x in ([], 1, 'abc', (), {}, 1.5)])",
            );
            let objs = [
                listobject::new(0).unwrap(),
                int(1).unwrap(),
                s("abc").unwrap(),
                tuple(vec![]).unwrap(),
                dictobject::new().unwrap(),
                float(1.5).unwrap(),
            ];
            let ours: Vec<String> = objs
                .iter()
                .map(|o| sizeof(o.as_ptr()).unwrap().to_string())
                .collect();
            assert_eq!(format!("[{}]", ours.join(", ")), sizes[0]);
            let interned = call_attr("intern", &[s("hello_sys").unwrap().as_ptr()]).unwrap();
            assert_eq!(repr_of(interned.as_ptr()), "'hello_sys'");
            assert!(call_attr("exit", &[int(3).unwrap().as_ptr()]).is_err());
            assert!(errors::exception_matches(PyExc_SystemExit));
            errors::clear();
            assert_eq!(
                repr_of(call_attr("exc_info", &[]).unwrap().as_ptr()),
                "(None, None, None)"
            );
            assert_eq!(
                repr_of(call_attr("getswitchinterval", &[]).unwrap().as_ptr()),
                "0.005"
            );
            assert_eq!(
                repr_of(call_attr("getdefaultencoding", &[]).unwrap().as_ptr()),
                "'utf-8'"
            );
            assert_eq!(
                repr_of(call_attr("get_asyncgen_hooks", &[]).unwrap().as_ptr()),
                "asyncgen_hooks(firstiter=None, finalizer=None)"
            );
            // Audit hooks: a Python-level hook sees events raised through PySys_Audit.
            let seen = dictobject::new().unwrap();
            let record = object::get_attr_str(seen.as_ptr(), "__setitem__").unwrap();
            call_attr("addaudithook", &[record.as_ptr()]).unwrap();
            audit("test.event", &[int(7).unwrap().as_ptr()]).unwrap();
            call_attr(
                "audit",
                &[s("other").unwrap().as_ptr(), s("x").unwrap().as_ptr()],
            )
            .unwrap();
            assert_eq!(
                repr_of(seen.as_ptr()),
                "{'test.event': (7,), 'other': ('x',)}"
            );
            // set/del through the C-level accessors.
            set_object("spam", int(1).unwrap().as_ptr()).unwrap();
            assert_eq!(attr("spam"), "1");
            set_object("spam", null_mut()).unwrap();
            assert!(get_object("spam").is_null());
            set_object("spam", null_mut()).unwrap();
            fini();
            assert!((*pystate::current_interpreter()).audit_hooks.is_null());
            object::replace_slot(&raw mut (*interp).sysdict, saved_dict.into_raw());
            if let Some(sm) = saved_module {
                dictobject::set_item_str((*interp).modules, "sys", sm.as_ptr()).unwrap();
            }
        }
    }
}
