//! The `_io` module (CPython's Modules/_io/): the I/O class hierarchy of PEP 3116 (`_IOBase`
//! and its raw/buffered/text abstract bases in iobase.rs, `FileIO`, `BytesIO`, `StringIO`, the
//! buffered classes, `TextIOWrapper` and `IncrementalNewlineDecoder`), the module functions
//! `open`, `open_code` and `text_encoding`, and the shared helpers they use (method tables,
//! argument conversion, `UnsupportedOperation`).
//!
//! The types are static, as CPython 3.11's are; `init_module` readies them (their method
//! tables are built once per process) and makes the module. [`fini`] releases the module's
//! one piece of state, the `UnsupportedOperation` class.

#![allow(non_upper_case_globals)]

pub mod bufferedio;
pub mod bytesio;
pub mod docs;
pub mod fileio;
pub mod iobase;
pub mod stringio;
#[cfg(test)]
mod tests;
pub mod textio;

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use crate::abi::structmember::PyMemberDef;
use crate::abi::*;
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::exceptions::*;
use crate::objects::object::{self, new_ref, Ref};
use crate::objects::{bytesobject, call, longobject, tupleobject, unicodeobject};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::{null, null_mut};

/// `DEFAULT_BUFFER_SIZE`.
pub const DEFAULT_BUFFER_SIZE: isize = 8 * 1024;

/// `io.UnsupportedOperation` (a subclass of OSError and ValueError), made by `init_module`.
static mut UNSUPPORTED_OPERATION: *mut PyObject = null_mut();

// ---------------------------------------------------------------------------------------------
// Small helpers shared by the classes.

/// An interned name (immortal), for attribute lookups and method calls.
pub(crate) fn id(s: &'static str) -> *mut PyObject {
    unicodeobject::intern_str(s)
}

/// `obj.name(*args)`.
///
/// # Safety
/// `obj` and the arguments are live; GIL held.
pub(crate) unsafe fn callm(
    obj: *mut PyObject,
    name: &'static str,
    args: &[*mut PyObject],
) -> PyResult<Ref> {
    call::call_method(obj, id(name), args)
}

/// `getattr(obj, name)`.
///
/// # Safety
/// `obj` live; GIL held.
pub(crate) unsafe fn getattr(obj: *mut PyObject, name: &'static str) -> PyResult<Ref> {
    object::get_attr(obj, id(name))
}

/// `getattr(obj, name)` with AttributeError meaning `None` (`_PyObject_LookupAttr`).
///
/// # Safety
/// `obj` live; GIL held.
pub(crate) unsafe fn lookup(obj: *mut PyObject, name: &'static str) -> PyResult<Option<Ref>> {
    object::lookup_attr(obj, id(name))
}

/// Raises `io.UnsupportedOperation(msg)`.
pub(crate) fn unsupported(msg: &str) -> ErrSet {
    // SAFETY: the class is set by init_module before any io object exists; ValueError is the
    // fallback should it be missing.
    unsafe {
        let cls = if UNSUPPORTED_OPERATION.is_null() {
            PyExc_ValueError
        } else {
            UNSUPPORTED_OPERATION
        };
        errors::set_string(cls, msg)
    }
}

/// The class `io.UnsupportedOperation` (borrowed; NULL before `init_module`).
pub fn unsupported_operation() -> *mut PyObject {
    // SAFETY: read of a pointer-sized static under the GIL.
    unsafe { UNSUPPORTED_OPERATION }
}

/// ValueError("I/O operation on closed file.").
pub(crate) fn closed_error() -> ErrSet {
    errors::value_error("I/O operation on closed file.")
}

/// A new reference to `obj`.
pub(crate) unsafe fn nref(obj: *mut PyObject) -> Ref {
    new_ref(obj)
}

pub(crate) fn none() -> Ref {
    object::new_none()
}

pub(crate) fn boolean(b: bool) -> Ref {
    crate::objects::boolobject::from_bool(b)
}

pub(crate) fn int(v: i64) -> PyResult<Ref> {
    longobject::from_i64(v)
}

pub(crate) fn string(s: &str) -> PyResult<Ref> {
    unicodeobject::new_str(s)
}

pub(crate) fn bytes(b: &[u8]) -> PyResult<Ref> {
    bytesobject::from_slice(b)
}

/// `callable(*args)`.
///
/// # Safety
/// All live; GIL held.
pub(crate) unsafe fn callf(callable: *mut PyObject, args: &[*mut PyObject]) -> PyResult<Ref> {
    call::vectorcall(callable, args, null_mut())
}

/// A buffer exported by an argument, released when dropped.
pub(crate) struct Buffer(pub Py_buffer);

impl Buffer {
    pub(crate) fn len(&self) -> usize {
        self.0.len as usize
    }
    pub(crate) fn as_slice(&self) -> &[u8] {
        if self.0.len == 0 {
            return &[];
        }
        // SAFETY: the exporter keeps `len` bytes at `buf` alive until release.
        unsafe { core::slice::from_raw_parts(self.0.buf as *const u8, self.0.len as usize) }
    }
    pub(crate) fn as_mut_ptr(&self) -> *mut u8 {
        self.0.buf as *mut u8
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: the view was filled by a successful get_buffer and is released once.
        unsafe { crate::objects::r#abstract::buffer::release(&mut self.0) }
    }
}

unsafe fn get_buffer(arg: *mut PyObject, flags: c_int) -> PyResult<Buffer> {
    let mut view: Py_buffer = core::mem::zeroed();
    crate::objects::r#abstract::buffer::get_buffer(arg, &mut view, flags)?;
    Ok(Buffer(view))
}

/// The `y*` converter (`Py_buffer`): a C-contiguous bytes-like object.
pub(crate) unsafe fn ro_buffer(fname: &str, arg: *mut PyObject) -> PyResult<Buffer> {
    let b = get_buffer(arg, crate::objects::r#abstract::buffer::PyBUF_SIMPLE)?;
    if !crate::objects::r#abstract::buffer::is_contiguous(&b.0, b'C') {
        return Err(bad_argument(fname, "argument", "contiguous buffer", arg));
    }
    Ok(b)
}

/// The `w*` converter (`Py_buffer(accept={rwbuffer})`): a writable contiguous buffer.
pub(crate) unsafe fn rw_buffer(fname: &str, arg: *mut PyObject) -> PyResult<Buffer> {
    let b = match get_buffer(arg, crate::objects::r#abstract::buffer::PyBUF_WRITABLE) {
        Ok(b) => b,
        Err(_) => {
            errors::clear();
            return Err(bad_argument(
                fname,
                "argument",
                "read-write bytes-like object",
                arg,
            ));
        }
    };
    if !crate::objects::r#abstract::buffer::is_contiguous(&b.0, b'C') {
        return Err(bad_argument(fname, "argument", "contiguous buffer", arg));
    }
    Ok(b)
}

/// `_PyArg_CheckPositional(name, nargs, min, max)`.
pub(crate) fn check_positional(name: &str, nargs: usize, min: usize, max: usize) -> PyResult<()> {
    if nargs < min {
        return Err(errors::type_error(&format!(
            "{name} expected {}{min} argument{}, got {nargs}",
            if min == max { "" } else { "at least " },
            if min == 1 { "" } else { "s" }
        )));
    }
    if nargs > max {
        return Err(errors::type_error(&format!(
            "{name} expected {}{max} argument{}, got {nargs}",
            if min == max { "" } else { "at most " },
            if max == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// `_PyArg_BadArgument(fname, displayname, expected, arg)`.
pub(crate) unsafe fn bad_argument(
    fname: &str,
    display: &str,
    expected: &str,
    arg: *mut PyObject,
) -> ErrSet {
    let got = if arg == object::none() {
        "None".to_string()
    } else {
        object::type_name(arg).into_owned()
    };
    errors::type_error(&format!(
        "{fname}() {display} must be {expected}, not {got}"
    ))
}

/// The `Py_ssize_t` converter (`n`): `__index__`, OverflowError when too large.
pub(crate) unsafe fn ssize_arg(o: *mut PyObject) -> PyResult<isize> {
    let i = crate::objects::r#abstract::number::index(o)?;
    longobject::as_isize(i.as_ptr())
}

/// `_Py_convert_optional_to_ssize_t`: None keeps `default`, else an index.
pub(crate) unsafe fn ssize_or_none(o: *mut PyObject, default: isize) -> PyResult<isize> {
    if o.is_null() || o == object::none() {
        return Ok(default);
    }
    if crate::objects::r#abstract::number::index_check(o) {
        return crate::objects::r#abstract::number::as_ssize_t(o, PyExc_OverflowError);
    }
    Err(errors::type_error(&format!(
        "argument should be integer or None, not '{}'",
        object::type_name_trunc(object::py_type(o), 200)
    )))
}

/// `int` converter (`i`, `_PyLong_AsInt`).
pub(crate) unsafe fn int_arg(o: *mut PyObject) -> PyResult<c_int> {
    if crate::objects::floatobject::is_float(o) {
        return Err(errors::type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    longobject::as_c_int(o)
}

/// `PyNumber_AsOff_t(item, err)`: an offset; with `err` NULL, out-of-range values clip.
pub(crate) unsafe fn off_t_arg(item: *mut PyObject, err: *mut PyObject) -> PyResult<i64> {
    let value = crate::objects::r#abstract::number::index(item)?;
    match longobject::as_i64_and_overflow(value.as_ptr())? {
        (v, 0) => Ok(v),
        (_, overflow) => {
            if err.is_null() {
                Ok(if overflow < 0 { i64::MIN } else { i64::MAX })
            } else {
                Err(errors::set_string(
                    err,
                    &format!(
                        "cannot fit '{}' into an offset-sized integer",
                        object::type_name_trunc(object::py_type(item), 200)
                    ),
                ))
            }
        }
    }
}

/// `_PyIO_trap_eintr`: when the pending error is an OSError with errno EINTR, clears it and
/// says so (the caller retries; signal handlers already ran when it was raised).
pub(crate) unsafe fn trap_eintr() -> bool {
    if !errors::exception_matches(PyExc_OSError) {
        return false;
    }
    let Some((t, v, tb)) = errors::fetch_normalized() else {
        return false;
    };
    let is_eintr = (|| -> PyResult<bool> {
        let e = object::get_attr(v.as_ptr(), id("errno"))?;
        if !longobject::is_int(e.as_ptr()) {
            return Ok(false);
        }
        Ok(longobject::as_i64(e.as_ptr())? == libc::EINTR as i64)
    })();
    match is_eintr {
        Ok(true) => true,
        _ => {
            errors::clear();
            let _ = errors::restore(
                t.into_raw(),
                v.into_raw(),
                tb.map_or(null_mut(), |t| t.into_raw()),
            );
            false
        }
    }
}

/// The code points of a str.
///
/// # Safety
/// `op` is a live str.
pub(crate) unsafe fn to_ucs4(op: *mut PyObject) -> Vec<u32> {
    let n = unicodeobject::length(op) as usize;
    let (data, kind) = unicodeobject::data_and_kind(op);
    (0..n)
        .map(|i| unicodeobject::read_char(data, kind, i))
        .collect()
}

/// A str of the given code points.
pub(crate) fn from_ucs4(chars: &[u32]) -> PyResult<Ref> {
    unicodeobject::from_ucs4(chars)
}

/// Whether the str `op` contains the character `ch` (no copy).
///
/// # Safety
/// `op` is a live str.
pub(crate) unsafe fn str_contains(op: *mut PyObject, ch: u32) -> bool {
    let n = unicodeobject::length(op) as usize;
    let (data, kind) = unicodeobject::data_and_kind(op);
    (0..n).any(|i| unicodeobject::read_char(data, kind, i) == ch)
}

/// `_PyIO_find_line_ending` over a slice of code points; see [`find_line_ending_by`].
pub(crate) fn find_line_ending(
    translated: bool,
    universal: bool,
    readnl: &[u32],
    text: &[u32],
) -> Result<usize, usize> {
    find_line_ending_by(translated, universal, readnl, text.len(), |i| text[i])
}

/// `_PyIO_find_line_ending` over `len` characters read by `at`: the length of the first
/// line including its ending (`Ok`), or the number of characters known to hold no line
/// start (`Err(consumed)`) when there is no complete ending. `translated`: only `\n` ends
/// lines; `universal`: `\r`, `\n` and `\r\n` do (a `\r` at the very end counts alone);
/// otherwise `readnl` does.
pub(crate) fn find_line_ending_by(
    translated: bool,
    universal: bool,
    readnl: &[u32],
    len: usize,
    at: impl Fn(usize) -> u32,
) -> Result<usize, usize> {
    let (cr, lf) = ('\r' as u32, '\n' as u32);
    let find = |from: usize, ch: u32| (from..len).find(|&i| at(i) == ch);
    if translated {
        return match find(0, lf) {
            Some(i) => Ok(i + 1),
            None => Err(len),
        };
    }
    if universal {
        let mut i = 0;
        while i < len {
            let c = at(i);
            i += 1;
            if c == lf {
                return Ok(i);
            }
            if c == cr {
                if i < len && at(i) == lf {
                    return Ok(i + 1);
                }
                return Ok(i);
            }
        }
        return Err(len);
    }
    let nl = readnl;
    if nl.is_empty() {
        return Err(len);
    }
    if nl.len() == 1 {
        return match find(0, nl[0]) {
            Some(i) => Ok(i + 1),
            None => Err(len),
        };
    }
    let e = len.saturating_sub(nl.len() - 1);
    let mut s = 0;
    while s < e {
        match find(s, nl[0]) {
            Some(p) if p < e => {
                if (1..nl.len()).all(|k| at(p + k) == nl[k]) {
                    return Ok(p + nl.len());
                }
                s = p + 1;
            }
            _ => break,
        }
    }
    match find(e, nl[0]) {
        Some(p) => Err(p),
        None => Err(len),
    }
}

// ---------------------------------------------------------------------------------------------
// Method tables: built once per process and leaked (static types keep them forever).

pub(crate) type NoArgsFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
pub(crate) type FastFn =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
pub(crate) type FastKwFn = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;
pub(crate) type GetFn = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject;
pub(crate) type SetFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void) -> c_int;

/// The members of one type as they are declared: methods, getsets and members, with the
/// docstrings of CPython's (looked up by `"<type>.<name>"`).
pub(crate) struct Table {
    ty: &'static str,
    methods: Vec<PyMethodDef>,
    getsets: Vec<PyGetSetDef>,
    members: Vec<PyMemberDef>,
}

impl Table {
    pub(crate) fn new(ty: &'static str) -> Table {
        Table {
            ty,
            methods: Vec::new(),
            getsets: Vec::new(),
            members: Vec::new(),
        }
    }

    fn doc(&self, name: &CStr) -> *const c_char {
        docs::doc(&format!("{}.{}", self.ty, name.to_str().unwrap_or("")))
    }

    fn push(&mut self, name: &'static CStr, meth: *const (), flags: c_int) -> &mut Self {
        let doc = self.doc(name);
        self.methods.push(PyMethodDef {
            ml_name: name.as_ptr(),
            // SAFETY: CPython's convention: ml_meth holds any of the calling conventions,
            // cast back according to ml_flags.
            ml_meth: Some(unsafe { core::mem::transmute::<*const (), NoArgsFn>(meth) }),
            ml_flags: flags,
            ml_doc: doc,
        });
        self
    }

    pub(crate) fn noargs(&mut self, name: &'static CStr, f: NoArgsFn) -> &mut Self {
        self.push(name, f as *const (), METH_NOARGS)
    }
    pub(crate) fn o(&mut self, name: &'static CStr, f: NoArgsFn) -> &mut Self {
        self.push(name, f as *const (), METH_O)
    }
    pub(crate) fn fast(&mut self, name: &'static CStr, f: FastFn) -> &mut Self {
        self.push(name, f as *const (), METH_FASTCALL)
    }
    pub(crate) fn fastkw(&mut self, name: &'static CStr, f: FastKwFn) -> &mut Self {
        self.push(name, f as *const (), METH_FASTCALL | METH_KEYWORDS)
    }
    pub(crate) fn varargs(&mut self, name: &'static CStr, f: NoArgsFn) -> &mut Self {
        self.push(name, f as *const (), METH_VARARGS)
    }
    pub(crate) fn getset(
        &mut self,
        name: &'static CStr,
        get: GetFn,
        set: Option<SetFn>,
    ) -> &mut Self {
        let doc = self.doc(name);
        self.getsets.push(PyGetSetDef {
            name: name.as_ptr(),
            get: Some(get),
            set,
            doc,
            closure: null_mut(),
        });
        self
    }
    pub(crate) fn member(
        &mut self,
        name: &'static CStr,
        type_: c_int,
        offset: usize,
        flags: c_int,
    ) -> &mut Self {
        let doc = self.doc(name);
        self.members.push(PyMemberDef {
            name: name.as_ptr(),
            type_,
            offset: offset as Py_ssize_t,
            flags,
            doc,
        });
        self
    }

    /// Stores the tables in `tp` (terminated, leaked) unless it already has them.
    ///
    /// # Safety
    /// `tp` is one of this module's static types, not yet readied.
    pub(crate) unsafe fn install(mut self, tp: *mut PyTypeObject) {
        if !(*tp).tp_methods.is_null() || !(*tp).tp_getset.is_null() || !(*tp).tp_members.is_null()
        {
            return;
        }
        if !self.methods.is_empty() {
            self.methods.push(PyMethodDef {
                ml_name: null(),
                ml_meth: None,
                ml_flags: 0,
                ml_doc: null(),
            });
            (*tp).tp_methods = Box::leak(self.methods.into_boxed_slice()).as_mut_ptr();
        }
        if !self.getsets.is_empty() {
            self.getsets.push(PyGetSetDef {
                name: null(),
                get: None,
                set: None,
                doc: null(),
                closure: null_mut(),
            });
            (*tp).tp_getset = Box::leak(self.getsets.into_boxed_slice()).as_mut_ptr();
        }
        if !self.members.is_empty() {
            self.members.push(PyMemberDef {
                name: null(),
                type_: 0,
                offset: 0,
                flags: 0,
                doc: null(),
            });
            (*tp).tp_members = Box::leak(self.members.into_boxed_slice()).as_mut_ptr();
        }
    }
}

/// Defines a METH_NOARGS function whose body returns `PyResult<Ref>`.
macro_rules! noargs {
    ($name:ident, |$s:ident| $body:block) => {
        unsafe extern "C" fn $name(
            $s: *mut $crate::abi::PyObject,
            _unused: *mut $crate::abi::PyObject,
        ) -> *mut $crate::abi::PyObject {
            $crate::errors::ptr_result(
                (|| -> $crate::errors::PyResult<$crate::objects::object::Ref> { $body })(),
            )
        }
    };
}

/// Defines a METH_O function.
macro_rules! meth_o {
    ($name:ident, |$s:ident, $a:ident| $body:block) => {
        unsafe extern "C" fn $name(
            $s: *mut $crate::abi::PyObject,
            $a: *mut $crate::abi::PyObject,
        ) -> *mut $crate::abi::PyObject {
            $crate::errors::ptr_result(
                (|| -> $crate::errors::PyResult<$crate::objects::object::Ref> { $body })(),
            )
        }
    };
}

/// Defines a METH_FASTCALL function taking positional arguments as a slice, after checking
/// their count as Argument Clinic does (`$fname` expected at most ...).
macro_rules! fast {
    ($name:ident, $fname:literal, $min:expr, $max:expr, |$s:ident, $a:ident| $body:block) => {
        unsafe extern "C" fn $name(
            $s: *mut $crate::abi::PyObject,
            args: *const *mut $crate::abi::PyObject,
            nargs: $crate::abi::Py_ssize_t,
        ) -> *mut $crate::abi::PyObject {
            $crate::errors::ptr_result(
                (|| -> $crate::errors::PyResult<$crate::objects::object::Ref> {
                    $crate::modules::io::check_positional($fname, nargs as usize, $min, $max)?;
                    let $a: &[*mut $crate::abi::PyObject] = if nargs == 0 {
                        &[]
                    } else {
                        core::slice::from_raw_parts(args, nargs as usize)
                    };
                    $body
                })(),
            )
        }
    };
}

/// Defines a METH_FASTCALL|METH_KEYWORDS function bound to a `Sig` (one slot per parameter,
/// NULL when not given).
macro_rules! fastkw {
    ($name:ident, $sig:expr, |$s:ident, $a:ident| $body:block) => {
        unsafe extern "C" fn $name(
            $s: *mut $crate::abi::PyObject,
            args: *const *mut $crate::abi::PyObject,
            nargs: $crate::abi::Py_ssize_t,
            kwnames: *mut $crate::abi::PyObject,
        ) -> *mut $crate::abi::PyObject {
            $crate::errors::ptr_result(
                (|| -> $crate::errors::PyResult<$crate::objects::object::Ref> {
                    let bound = $crate::modules::posixmodule::args::bind(
                        &$sig,
                        args,
                        nargs as usize,
                        kwnames,
                    )?;
                    let $a: &[*mut $crate::abi::PyObject] = &bound[..];
                    $body
                })(),
            )
        }
    };
}

/// Defines a getter.
macro_rules! getter {
    ($name:ident, |$s:ident| $body:block) => {
        unsafe extern "C" fn $name(
            $s: *mut $crate::abi::PyObject,
            _closure: *mut core::ffi::c_void,
        ) -> *mut $crate::abi::PyObject {
            $crate::errors::ptr_result(
                (|| -> $crate::errors::PyResult<$crate::objects::object::Ref> { $body })(),
            )
        }
    };
}

pub(crate) use {fast, fastkw, getter, meth_o, noargs};

/// Binds a tuple + dict call (tp_init/tp_new) to `sig`, as `_PyArg_UnpackKeywords` does.
///
/// # Safety
/// `args` is a tuple; `kwds` NULL or a dict.
pub(crate) unsafe fn bind_tuple(
    sig: &crate::modules::posixmodule::args::Sig,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<Vec<*mut PyObject>> {
    let n = if args.is_null() {
        0
    } else {
        tupleobject::len(args) as usize
    };
    let mut stack: Vec<*mut PyObject> = (0..n).map(|i| *tupleobject::items(args).add(i)).collect();
    let mut names = Vec::new();
    if !kwds.is_null() {
        let mut pos = 0;
        while let Some((k, v)) = crate::objects::dictobject::next(kwds, &mut pos) {
            if !unicodeobject::is_str(k) {
                return Err(errors::type_error("keywords must be strings"));
            }
            names.push(k);
            stack.push(v);
        }
    }
    let kwnames = if names.is_empty() {
        None
    } else {
        Some(tupleobject::from_slice(&names)?)
    };
    crate::modules::posixmodule::args::bind(
        sig,
        stack.as_ptr(),
        n,
        kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
    )
}

/// A `str or None` argument (`z` / `Py_UNICODE` converters) as Rust text; embedded NULs are
/// refused as CPython's converter does.
pub(crate) unsafe fn opt_str_arg(
    fname: &str,
    display: &str,
    o: *mut PyObject,
) -> PyResult<Option<String>> {
    if o.is_null() || o == object::none() {
        return Ok(None);
    }
    if !unicodeobject::is_str(o) {
        return Err(bad_argument(fname, display, "str or None", o));
    }
    Ok(Some(str_arg_text(o)?))
}

/// The UTF-8 text of a str argument, refusing embedded NULs.
pub(crate) unsafe fn str_arg_text(o: *mut PyObject) -> PyResult<String> {
    let b = unicodeobject::as_utf8(o)?;
    if b.contains(&0) {
        return Err(errors::value_error("embedded null character"));
    }
    Ok(String::from_utf8_lossy(b).into_owned())
}

// ---------------------------------------------------------------------------------------------
// Module functions.

static OPEN_SIG: crate::modules::posixmodule::args::Sig = crate::modules::posixmodule::args::Sig {
    name: "open",
    params: &[
        "file",
        "mode",
        "buffering",
        "encoding",
        "errors",
        "newline",
        "closefd",
        "opener",
    ],
    posonly: 0,
    maxpos: 8,
    required: 1,
};

fastkw!(io_open_fn, OPEN_SIG, |_m, a| {
    let mode = if a[1].is_null() {
        "r".to_string()
    } else {
        if !unicodeobject::is_str(a[1]) {
            return Err(bad_argument("open", "argument 'mode'", "str", a[1]));
        }
        str_arg_text(a[1])?
    };
    let buffering = if a[2].is_null() { -1 } else { int_arg(a[2])? };
    let encoding = opt_str_arg("open", "argument 'encoding'", a[3])?;
    let errors_ = opt_str_arg("open", "argument 'errors'", a[4])?;
    let newline = opt_str_arg("open", "argument 'newline'", a[5])?;
    let closefd = if a[6].is_null() {
        true
    } else {
        int_arg(a[6])? != 0
    };
    let opener = if a[7].is_null() { object::none() } else { a[7] };
    open_impl(
        a[0],
        &mode,
        buffering,
        encoding.as_deref(),
        errors_.as_deref(),
        newline.as_deref(),
        closefd,
        opener,
    )
});

/// `io.open(file, mode, buffering, encoding, errors, newline, closefd)` (`_io.open` with no
/// opener): `file` is a path-like object or a file descriptor.
///
/// # Safety
/// GIL held; `file` live.
#[allow(clippy::too_many_arguments)]
pub unsafe fn open(
    file: *mut PyObject,
    mode: &str,
    buffering: c_int,
    encoding: Option<&str>,
    errors_: Option<&str>,
    newline: Option<&str>,
    closefd: bool,
) -> PyResult<Ref> {
    ready_types()?;
    open_impl(
        file,
        mode,
        buffering,
        encoding,
        errors_,
        newline,
        closefd,
        object::none(),
    )
}

/// `_io_open_impl`: decodes the mode, makes the FileIO, wraps it in a buffered object unless
/// unbuffered, then in a TextIOWrapper for text modes; on failure closes what it made.
#[allow(clippy::too_many_arguments)]
unsafe fn open_impl(
    file: *mut PyObject,
    mode: &str,
    mut buffering: c_int,
    encoding: Option<&str>,
    errors_: Option<&str>,
    newline: Option<&str>,
    closefd: bool,
    opener: *mut PyObject,
) -> PyResult<Ref> {
    let is_number = crate::objects::r#abstract::number::check(file);
    let path_or_fd = if is_number {
        nref(file)
    } else {
        crate::modules::posixmodule::fspath(file)?
    };
    if !is_number
        && !unicodeobject::is_str(path_or_fd.as_ptr())
        && !bytesobject::is_bytes(path_or_fd.as_ptr())
    {
        let r = object::repr(file)?;
        return Err(errors::type_error(&format!(
            "invalid file: {}",
            object::str_text(r.as_ptr())
        )));
    }
    let (mut creating, mut reading, mut writing, mut appending, mut updating) =
        (false, false, false, false, false);
    let (mut text, mut binary) = (false, false);
    let invalid = || errors::value_error(&format!("invalid mode: '{mode}'"));
    let mb = mode.as_bytes();
    for (i, &c) in mb.iter().enumerate() {
        match c {
            b'x' => creating = true,
            b'r' => reading = true,
            b'w' => writing = true,
            b'a' => appending = true,
            b'+' => updating = true,
            b't' => text = true,
            b'b' => binary = true,
            _ => return Err(invalid()),
        }
        if mb[i + 1..].contains(&c) {
            return Err(invalid());
        }
    }
    let mut rawmode = String::new();
    for (flag, ch) in [
        (creating, 'x'),
        (reading, 'r'),
        (writing, 'w'),
        (appending, 'a'),
        (updating, '+'),
    ] {
        if flag {
            rawmode.push(ch);
        }
    }
    if text && binary {
        return Err(errors::value_error(
            "can't have text and binary mode at once",
        ));
    }
    if creating as u8 + reading as u8 + writing as u8 + appending as u8 > 1 {
        return Err(errors::value_error(
            "must have exactly one of create/read/write/append mode",
        ));
    }
    if binary && encoding.is_some() {
        return Err(errors::value_error(
            "binary mode doesn't take an encoding argument",
        ));
    }
    if binary && errors_.is_some() {
        return Err(errors::value_error(
            "binary mode doesn't take an errors argument",
        ));
    }
    if binary && newline.is_some() {
        return Err(errors::value_error(
            "binary mode doesn't take a newline argument",
        ));
    }
    if binary && buffering == 1 {
        crate::modules::warnings::warn(
            PyExc_RuntimeWarning,
            "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
            1,
        )?;
    }
    let rawmode_obj = string(&rawmode)?;
    let closefd_obj = boolean(closefd);
    let raw = callf(
        (&raw mut fileio::PyFileIO_Type).cast(),
        &[
            path_or_fd.as_ptr(),
            rawmode_obj.as_ptr(),
            closefd_obj.as_ptr(),
            opener,
        ],
    )?;
    drop(path_or_fd);
    // From here on a failure closes the outermost object made so far.
    let mut result = raw.clone();
    let r = (|| -> PyResult<Ref> {
        let modeobj = string(mode)?;
        let mut isatty = false;
        if buffering < 0 {
            let res = callm(raw.as_ptr(), "isatty", &[])?;
            isatty = longobject::as_i64(res.as_ptr())? != 0;
        }
        let line_buffering = if buffering == 1 || isatty {
            buffering = -1;
            true
        } else {
            false
        };
        if buffering < 0 {
            let blksize = getattr(raw.as_ptr(), "_blksize")?;
            buffering = longobject::as_c_int(blksize.as_ptr())?;
        }
        if buffering < 0 {
            return Err(errors::value_error("invalid buffering size"));
        }
        if buffering == 0 {
            if !binary {
                return Err(errors::value_error("can't have unbuffered text I/O"));
            }
            return Ok(raw.clone());
        }
        let cls: *mut PyTypeObject = if updating {
            &raw mut bufferedio::PyBufferedRandom_Type
        } else if creating || writing || appending {
            &raw mut bufferedio::PyBufferedWriter_Type
        } else if reading {
            &raw mut bufferedio::PyBufferedReader_Type
        } else {
            return Err(errors::value_error(&format!("unknown mode: '{mode}'")));
        };
        let size = longobject::from_i64(buffering as i64)?;
        let buffer = callf(cls.cast(), &[raw.as_ptr(), size.as_ptr()])?;
        result = buffer.clone();
        if binary {
            return Ok(buffer);
        }
        let opt = |s: Option<&str>| -> PyResult<Ref> { s.map_or(Ok(none()), string) };
        let (e, er, nl) = (opt(encoding)?, opt(errors_)?, opt(newline)?);
        let lb = boolean(line_buffering);
        let wrapper = callf(
            (&raw mut textio::PyTextIOWrapper_Type).cast(),
            &[
                buffer.as_ptr(),
                e.as_ptr(),
                er.as_ptr(),
                nl.as_ptr(),
                lb.as_ptr(),
            ],
        )?;
        result = wrapper.clone();
        object::set_attr(wrapper.as_ptr(), id("mode"), modeobj.as_ptr())?;
        Ok(wrapper)
    })();
    match r {
        Ok(v) => Ok(v),
        Err(e) => {
            let (t, v, tb) = errors::fetch();
            let _ = callm(result.as_ptr(), "close", &[]).map_err(|_| ());
            errors::chain_exceptions(t, v, tb);
            let _ = e;
            Err(ErrSet::assume_set())
        }
    }
}

static OPEN_CODE_SIG: crate::modules::posixmodule::args::Sig =
    crate::modules::posixmodule::args::Sig {
        name: "open_code",
        params: &["path"],
        posonly: 0,
        maxpos: 1,
        required: 1,
    };

fastkw!(io_open_code_fn, OPEN_CODE_SIG, |_m, a| {
    let path = a[0];
    if !unicodeobject::is_str(path) {
        return Err(bad_argument("open_code", "argument 'path'", "str", path));
    }
    crate::objects::fileobject::open_code_object(path)
});

/// `io.text_encoding(encoding, stacklevel=2)`.
///
/// # Safety
/// GIL held; `encoding` NULL or live.
pub unsafe fn text_encoding(encoding: *mut PyObject, stacklevel: isize) -> PyResult<Ref> {
    if encoding.is_null() || encoding == object::none() {
        let interp = crate::lifecycle::pystate::current_interpreter();
        if !interp.is_null() && (*interp).config.warn_default_encoding != 0 {
            crate::modules::warnings::warn(
                PyExc_EncodingWarning,
                "'encoding' argument not specified",
                stacklevel,
            )?;
        }
        let utf8 = (*crate::lifecycle::pyruntime::runtime())
            .preconfig
            .utf8_mode
            > 0;
        return string(if utf8 { "utf-8" } else { "locale" });
    }
    Ok(nref(encoding))
}

fast!(io_text_encoding_fn, "text_encoding", 1, 2, |_m, a| {
    let stacklevel = if a.len() > 1 {
        int_arg(a[1])? as isize
    } else {
        2
    };
    text_encoding(a[0], stacklevel)
});

fn module_methods() -> Vec<PyMethodDef> {
    let mut t = Table::new("");
    t.fastkw(c"open", io_open_fn)
        .fastkw(c"open_code", io_open_code_fn)
        .fast(c"text_encoding", io_text_encoding_fn);
    for m in t.methods.iter_mut() {
        // Module functions' docs are keyed by their bare names.
        // SAFETY: ml_name is one of the C string literals above.
        let name = unsafe { CStr::from_ptr(m.ml_name) }.to_str().unwrap_or("");
        m.ml_doc = docs::doc(name);
    }
    t.methods
}

/// Readies every `_io` type (bases first).
unsafe fn ready_types() -> PyResult<()> {
    iobase::prepare_types();
    fileio::prepare_type();
    bytesio::prepare_types();
    stringio::prepare_type();
    bufferedio::prepare_types();
    textio::prepare_types();
    for tp in all_types() {
        crate::objects::typeobject::ready(tp)?;
    }
    Ok(())
}

/// The module's public types in the order `PyInit__io` adds them.
fn all_types() -> Vec<*mut PyTypeObject> {
    vec![
        &raw mut iobase::PyIOBase_Type,
        &raw mut textio::PyIncrementalNewlineDecoder_Type,
        &raw mut iobase::PyRawIOBase_Type,
        &raw mut iobase::PyBufferedIOBase_Type,
        &raw mut iobase::PyTextIOBase_Type,
        &raw mut fileio::PyFileIO_Type,
        &raw mut bytesio::PyBytesIO_Type,
        &raw mut bytesio::_PyBytesIOBuffer_Type,
        &raw mut stringio::PyStringIO_Type,
        &raw mut bufferedio::PyBufferedReader_Type,
        &raw mut bufferedio::PyBufferedWriter_Type,
        &raw mut bufferedio::PyBufferedRWPair_Type,
        &raw mut bufferedio::PyBufferedRandom_Type,
        &raw mut textio::PyTextIOWrapper_Type,
    ]
}

/// `PyInit__io`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        ready_types()?;
        let m = crate::modules::posixmodule::args::create_module(
            c"_io",
            CStr::from_ptr(docs::doc("__module__")),
            module_methods,
        )?;
        let mp = m.as_ptr();
        let add = |name: &str, v: *mut PyObject| crate::modsupport::add_object_ref(mp, name, v);
        add(
            "DEFAULT_BUFFER_SIZE",
            int(DEFAULT_BUFFER_SIZE as i64)?.as_ptr(),
        )?;
        if UNSUPPORTED_OPERATION.is_null() {
            let bases = tupleobject::pack(&[PyExc_OSError, PyExc_ValueError])?;
            let name = string("UnsupportedOperation")?;
            let dict = crate::objects::dictobject::new()?;
            let cls = callf(
                (&raw mut crate::objects::typeobject::PyType_Type).cast(),
                &[name.as_ptr(), bases.as_ptr(), dict.as_ptr()],
            )?;
            UNSUPPORTED_OPERATION = cls.into_raw();
        }
        add("UnsupportedOperation", UNSUPPORTED_OPERATION)?;
        add("BlockingIOError", PyExc_BlockingIOError)?;
        for tp in all_types() {
            if tp == &raw mut bytesio::_PyBytesIOBuffer_Type {
                continue;
            }
            let full = CStr::from_ptr((*tp).tp_name).to_str().unwrap_or("");
            let short = full.rsplit('.').next().unwrap_or(full);
            add(short, tp.cast())?;
        }
        Ok(m)
    })())
}

/// Releases the module's state (Py_FinalizeEx).
pub fn fini() {
    // SAFETY: finalization runs with the GIL held; the static owns one reference.
    unsafe {
        let cls = UNSUPPORTED_OPERATION;
        UNSUPPORTED_OPERATION = null_mut();
        object::xdecref(cls);
    }
}
