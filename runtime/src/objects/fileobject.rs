//! File objects at the C level (CPython's Objects/fileobject.c): `PyFile_FromFd`,
//! `PyFile_GetLine`, `PyFile_WriteObject`/`WriteString`, `PyObject_AsFileDescriptor`, the
//! open-code hook (`PyFile_SetOpenCodeHook`, `PyFile_OpenCode(Object)`), the universal-newline
//! `fgets`, and the start-up stderr printer (`PyStdPrinter_Type`, `PyFile_NewStdPrinter`)
//! used as `sys.stderr` before the io module exists.

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::{PyMethodDef, METH_NOARGS, METH_VARARGS};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::*;
use crate::objects::object::{self, Ref};
use crate::objects::typeobject::static_type;
use crate::objects::{bytesobject, longobject, tupleobject, unicodeobject};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::{null, null_mut};

/// `Py_PRINT_RAW`: write `str(v)` instead of `repr(v)`.
pub const PY_PRINT_RAW: c_int = 1;

/// `PyFile_FromFd(fd, name, mode, buffering, encoding, errors, newline, closefd)`: `_io.open`
/// on the descriptor (`name` is ignored, as CPython ignores it).
///
/// # Safety
/// GIL held.
#[allow(clippy::too_many_arguments)]
pub unsafe fn from_fd(
    fd: c_int,
    mode: &str,
    buffering: c_int,
    encoding: Option<&str>,
    errors_: Option<&str>,
    newline: Option<&str>,
    closefd: bool,
) -> PyResult<Ref> {
    let fdobj = longobject::from_i64(fd as i64)?;
    crate::modules::io::open(
        fdobj.as_ptr(),
        mode,
        buffering,
        encoding,
        errors_,
        newline,
        closefd,
    )
}

/// `PyFile_GetLine(f, n)`: `f.readline()` (with `n` when positive); for `n < 0` the trailing
/// newline is removed and an empty result is EOFError.
///
/// # Safety
/// GIL held; `f` NULL or live.
pub unsafe fn get_line(f: *mut PyObject, n: c_int) -> PyResult<Ref> {
    if f.is_null() {
        return Err(errors::bad_internal_call());
    }
    let name = unicodeobject::intern_str("readline");
    let result = if n <= 0 {
        crate::objects::call::call_method(f, name, &[])?
    } else {
        let arg = longobject::from_i64(n as i64)?;
        crate::objects::call::call_method(f, name, &[arg.as_ptr()])?
    };
    let is_bytes = bytesobject::is_bytes(result.as_ptr());
    if !is_bytes && !unicodeobject::is_str(result.as_ptr()) {
        return Err(errors::type_error("object.readline() returned non-string"));
    }
    if n >= 0 {
        return Ok(result);
    }
    if is_bytes {
        let s = bytesobject::as_slice(result.as_ptr());
        if s.is_empty() {
            return Err(errors::set_string(
                PyExc_EOFError,
                "EOF when reading a line",
            ));
        }
        if s[s.len() - 1] == b'\n' {
            return bytesobject::from_slice(&s[..s.len() - 1]);
        }
        return Ok(result);
    }
    let len = unicodeobject::length(result.as_ptr());
    if len == 0 {
        return Err(errors::set_string(
            PyExc_EOFError,
            "EOF when reading a line",
        ));
    }
    let (data, kind) = unicodeobject::data_and_kind(result.as_ptr());
    if unicodeobject::read_char(data, kind, len as usize - 1) == '\n' as u32 {
        return unicodeobject::substring(result.as_ptr(), 0, len as usize - 1);
    }
    Ok(result)
}

/// `PyFile_WriteObject(v, f, flags)`: `f.write(str(v))` with `Py_PRINT_RAW`, else
/// `f.write(repr(v))`.
///
/// # Safety
/// GIL held; `v` live, `f` NULL or live.
pub unsafe fn write_object(v: *mut PyObject, f: *mut PyObject, flags: c_int) -> PyResult<()> {
    if f.is_null() {
        return Err(errors::type_error("writeobject with NULL file"));
    }
    let writer = object::get_attr(f, unicodeobject::intern_str("write"))?;
    let value = if flags & PY_PRINT_RAW != 0 {
        object::str(v)?
    } else {
        object::repr(v)?
    };
    crate::objects::call::call_one_arg(writer.as_ptr(), value.as_ptr())?;
    Ok(())
}

/// `PyFile_WriteString(s, f)`: fails (-1) without writing when an exception is pending.
///
/// # Safety
/// GIL held; `f` NULL or live.
pub unsafe fn write_string(s: &[u8], f: *mut PyObject) -> PyResult<()> {
    if f.is_null() {
        if errors::occurred().is_null() {
            return Err(errors::system_error("null file for PyFile_WriteString"));
        }
        return Err(errors::ErrSet::assume_set());
    }
    if !errors::occurred().is_null() {
        return Err(errors::ErrSet::assume_set());
    }
    let v = unicodeobject::from_utf8(s, None)?;
    write_object(v.as_ptr(), f, PY_PRINT_RAW)
}

/// `PyObject_AsFileDescriptor(o)`: an int, or the int its `fileno()` returns; never negative.
///
/// # Safety
/// GIL held; `o` live.
pub unsafe fn as_file_descriptor(o: *mut PyObject) -> PyResult<c_int> {
    let fd = if longobject::is_int(o) {
        longobject::as_c_int(o)?
    } else if let Some(meth) = object::lookup_attr(o, unicodeobject::intern_str("fileno"))? {
        let fno = crate::objects::call::call_no_args(meth.as_ptr())?;
        if !longobject::is_int(fno.as_ptr()) {
            return Err(errors::type_error("fileno() returned a non-integer"));
        }
        longobject::as_c_int(fno.as_ptr())?
    } else {
        return Err(errors::type_error(
            "argument must be an int, or have a fileno() method.",
        ));
    };
    if fd < 0 {
        return Err(errors::value_error(&format!(
            "file descriptor cannot be a negative integer ({fd})"
        )));
    }
    Ok(fd)
}

/// `PyFile_SetOpenCodeHook(hook, userData)`: once per process; a second hook is refused
/// (SystemError once initialized).
///
/// # Safety
/// Any time (before or after initialization).
pub unsafe fn set_open_code_hook(
    hook: crate::abi::pycore_runtime::Py_OpenCodeHookFunction,
    user_data: *mut c_void,
) -> c_int {
    let rt = crate::lifecycle::pyruntime::runtime();
    let initialized = (*rt).initialized != 0;
    if (*rt).open_code_hook.is_some() {
        if initialized {
            let _ = errors::system_error("failed to change existing open_code hook");
        }
        return -1;
    }
    (*rt).open_code_hook = hook;
    (*rt).open_code_userdata = user_data;
    0
}

/// `PyFile_OpenCodeObject(path)`: the hook's result, or `_io.open(path, "rb")`.
///
/// # Safety
/// GIL held; `path` live.
pub unsafe fn open_code_object(path: *mut PyObject) -> PyResult<Ref> {
    if !unicodeobject::is_str(path) {
        return Err(errors::type_error(&format!(
            "'path' must be 'str', not '{}'",
            object::type_name_trunc(object::py_type(path), 200)
        )));
    }
    let rt = crate::lifecycle::pyruntime::runtime();
    if let Some(hook) = (*rt).open_code_hook {
        return Ref::from_result(hook(path, (*rt).open_code_userdata));
    }
    crate::modules::io::open(path, "rb", -1, None, None, None, true)
}

/// `_Py_UniversalNewlineFgetsWithSize`: fgets that reads `\r`, `\n` and `\r\n` as `\n`;
/// stores the number of bytes read in `size` (when given). NULL at EOF with nothing read, or
/// when `fobj` is given (ENXIO, a legacy parameter that must be NULL).
///
/// # Safety
/// `buf` has room for `n` bytes; `stream` is an open FILE.
pub unsafe fn universal_newline_fgets(
    buf: *mut c_char,
    n: c_int,
    stream: *mut libc::FILE,
    fobj: *mut PyObject,
    size: *mut usize,
) -> *mut c_char {
    if !fobj.is_null() {
        crate::modules::posixmodule::args::set_errno(libc::ENXIO);
        return null_mut();
    }
    let mut p = buf;
    let mut left = n;
    flockfile(stream);
    loop {
        left -= 1;
        if left <= 0 {
            break;
        }
        let mut c = getc_unlocked(stream);
        if c == libc::EOF {
            break;
        }
        if c == b'\r' as c_int {
            // `\r` becomes `\n`, swallowing a following `\n`.
            c = getc_unlocked(stream);
            if c != b'\n' as c_int {
                libc::ungetc(c, stream);
                c = b'\n' as c_int;
            }
        }
        *p = c as c_char;
        p = p.add(1);
        if c == b'\n' as c_int {
            break;
        }
    }
    funlockfile(stream);
    *p = 0;
    if !size.is_null() {
        *size = p.offset_from(buf) as usize;
    }
    if p == buf {
        return null_mut();
    }
    buf
}

extern "C" {
    // C library stdio locking and unlocked reads (not in the libc crate for this target).
    fn flockfile(stream: *mut libc::FILE);
    fn funlockfile(stream: *mut libc::FILE);
    fn getc_unlocked(stream: *mut libc::FILE) -> c_int;
}

// ---------------------------------------------------------------------------------------------
// The start-up stderr printer.

#[repr(C)]
pub struct PyStdPrinter_Object {
    pub ob_base: PyObject,
    pub fd: c_int,
}

#[no_mangle]
pub static mut PyStdPrinter_Type: PyTypeObject = PyTypeObject {
    tp_repr: Some(stdprinter_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_methods: (&raw mut STDPRINTER_METHODS).cast(),
    tp_getset: (&raw mut STDPRINTER_GETSETS).cast(),
    tp_alloc: Some(crate::objects::typeobject::PyType_GenericAlloc),
    tp_free: Some(crate::objects::typeobject::object_free),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"stderrprinter",
        24,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    )
};

/// `PyFile_NewStdPrinter(fd)`: a printer for descriptor 1 or 2 (NULL, no exception, for
/// any other descriptor).
///
/// # Safety
/// GIL held.
pub unsafe fn new_std_printer(fd: c_int) -> *mut PyObject {
    if fd != libc::STDOUT_FILENO && fd != libc::STDERR_FILENO {
        return null_mut();
    }
    match object::new_object(&raw mut PyStdPrinter_Type) {
        Ok(op) => {
            (*(op as *mut PyStdPrinter_Object)).fd = fd;
            op
        }
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn stdprinter_write(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        let fd = (*(op as *mut PyStdPrinter_Object)).fd;
        if fd < 0 {
            // No exception: that could recurse when stderr itself is broken.
            return Ok(object::new_none());
        }
        if tupleobject::len(args) != 1 {
            return Err(errors::type_error(&format!(
                "function takes exactly 1 argument ({} given)",
                tupleobject::len(args)
            )));
        }
        let unicode = *tupleobject::items(args);
        if !unicodeobject::is_str(unicode) {
            return Err(errors::type_error(&format!(
                "argument 1 must be str, not {}",
                object::type_name(unicode)
            )));
        }
        let owned;
        let data: &[u8] = match unicodeobject::as_utf8(unicode) {
            Ok(b) => b,
            Err(_) => {
                errors::clear();
                owned = crate::codecs::registry::encode_str_to_bytes(
                    unicode,
                    "utf-8",
                    Some("backslashreplace"),
                )?;
                &owned
            }
        };
        match crate::modules::io::fileio::write_fd(fd, data.as_ptr(), data.len())? {
            Some(n) => longobject::from_usize(n),
            None => Ok(object::new_none()),
        }
    })())
}

unsafe extern "C" fn stdprinter_fileno(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_i64(
        (*(op as *mut PyStdPrinter_Object)).fd as i64,
    ))
}

unsafe extern "C" fn stdprinter_repr(op: *mut PyObject) -> *mut PyObject {
    let fd = (*(op as *mut PyStdPrinter_Object)).fd;
    errors::ptr_result(unicodeobject::new_str(&format!(
        "<stdprinter(fd={fd}) object at {op:p}>"
    )))
}

unsafe extern "C" fn stdprinter_noop(_op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    object::new_none().into_raw()
}

unsafe extern "C" fn stdprinter_isatty(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let fd = (*(op as *mut PyStdPrinter_Object)).fd;
    if fd < 0 {
        return crate::objects::boolobject::from_bool(false).into_raw();
    }
    let ts = crate::lifecycle::ceval_gil::save_thread();
    let r = libc::isatty(fd);
    crate::lifecycle::ceval_gil::restore_thread(ts);
    crate::objects::boolobject::from_bool(r != 0).into_raw()
}

unsafe extern "C" fn stdprinter_get_closed(_op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    crate::objects::boolobject::from_bool(false).into_raw()
}

unsafe extern "C" fn stdprinter_get_mode(_op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(unicodeobject::new_str("w"))
}

unsafe extern "C" fn stdprinter_get_encoding(_op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    object::new_none().into_raw()
}

const fn meth(
    name: &'static CStr,
    f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
    flags: c_int,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: c"".as_ptr(),
    }
}

static mut STDPRINTER_METHODS: [PyMethodDef; 6] = [
    meth(c"close", stdprinter_noop, METH_NOARGS),
    meth(c"flush", stdprinter_noop, METH_NOARGS),
    meth(c"fileno", stdprinter_fileno, METH_NOARGS),
    meth(c"isatty", stdprinter_isatty, METH_NOARGS),
    meth(c"write", stdprinter_write, METH_VARARGS),
    PyMethodDef {
        ml_name: null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: null(),
    },
];

const fn gs(
    name: &'static CStr,
    get: unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject,
    doc: &'static CStr,
) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: None,
        doc: doc.as_ptr(),
        closure: null_mut(),
    }
}

static mut STDPRINTER_GETSETS: [PyGetSetDef; 4] = [
    gs(
        c"closed",
        stdprinter_get_closed,
        c"True if the file is closed",
    ),
    gs(
        c"encoding",
        stdprinter_get_encoding,
        c"Encoding of the file",
    ),
    gs(c"mode", stdprinter_get_mode, c"String giving the file mode"),
    PyGetSetDef {
        name: null(),
        get: None,
        set: None,
        doc: null(),
        closure: null_mut(),
    },
];
