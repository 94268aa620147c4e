//! Argument parsing for C functions (CPython's Python/getargs.c): the `PyArg_Parse*` format
//! language (`"O!|s#i:name"`) with CPython's conversions and messages, the keyword variants
//! driven by a keyword list or by an Argument Clinic `_PyArg_Parser`, the clinic helpers
//! (`_PyArg_UnpackKeywords`, `_PyArg_CheckPositional`, `_PyArg_BadArgument`, ...), and the
//! small Rust-side helpers that methods written in Rust use to give the same messages.
//!
//! The C entry points are variadic: their C side (capi/c/getargs.c) hands the parser a
//! source of output addresses ([`Targets`]), which yields the pointers in format order,
//! exactly as `va_arg` would. Conversions that allocate (`es`, `et`, `s*`, `O&` with
//! cleanup) are undone when a later argument fails, as CPython's "freelist" does.

use crate::abi::*;
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::exceptions::PyExc_SystemError;
use crate::objects::object::{self, py_type, Ref};
use crate::objects::{bytearrayobject, bytesobject, dictobject, tupleobject, unicodeobject};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::null_mut;

/// `#` lengths are `Py_ssize_t` (the `_SizeT` entry points; `PY_SSIZE_T_CLEAN`).
pub const FLAG_SIZE_T: u32 = 2;
/// `PyArg_Parse`: the old convention where the arguments are one object, not a tuple.
pub const FLAG_COMPAT: u32 = 1;
/// The entry point took a `va_list` (`PyArg_VaParse*`): only used to name the same source
/// position as CPython in "bad argument to internal function".
pub const FLAG_VA: u32 = 4;

/// `PyErr_BadInternalCall()` as raised inside CPython's Python/getargs.c at `line`.
fn bad_call(line: u32) -> ErrSet {
    errors::bad_internal_call_at("Python/getargs.c", line)
}

/// `Py_CLEANUP_SUPPORTED`: an `O&` converter that returns this wants to be called again with
/// NULL when a later argument fails.
pub const PY_CLEANUP_SUPPORTED: c_int = 0x20000;

/// The source of output addresses for a format: each call yields the next address the
/// caller passed (what `va_arg(va, void *)` gives in C).
pub trait Targets {
    /// The next address.
    ///
    /// # Safety
    /// Called no more often than the format has addresses.
    unsafe fn next(&mut self) -> *mut c_void;
}

/// Addresses from a slice (for Rust callers).
pub struct SliceTargets<'a> {
    items: &'a [*mut c_void],
    pos: usize,
}

impl<'a> SliceTargets<'a> {
    pub fn new(items: &'a [*mut c_void]) -> Self {
        SliceTargets { items, pos: 0 }
    }
}

impl Targets for SliceTargets<'_> {
    unsafe fn next(&mut self) -> *mut c_void {
        let p = self.items.get(self.pos).copied().unwrap_or(null_mut());
        self.pos += 1;
        p
    }
}

/// `converter(obj, addr)` of an `O&` unit.
pub type Converter = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int;

/// Work to undo when parsing fails after a conversion succeeded.
enum Cleanup {
    /// `es`/`et` allocated `*slot` with PyMem_Malloc: free it and reset the pointer.
    MemPtr(*mut *mut c_char),
    /// `s*`/`y*`/`z*`/`w*` filled a `Py_buffer`: release it.
    Buffer(*mut Py_buffer),
    /// An `O&` converter that supports cleanup: call it with NULL.
    Converter(Converter, *mut c_void),
}

/// Why one argument did not convert.
enum ConvError {
    /// An exception is already set (it wins over any message).
    Raised,
    /// A message in CPython's form ("must be str, not int"; one in parentheses means a bug
    /// in the format and becomes SystemError), plus the item path inside nested tuples.
    Message(String, Vec<usize>),
}

impl From<ErrSet> for ConvError {
    fn from(_: ErrSet) -> Self {
        ConvError::Raised
    }
}

/// The type name CPython puts in "must be X, not Y": "None" for None, else `tp_name`.
unsafe fn arg_type_name(arg: *mut PyObject) -> String {
    if arg == object::none() {
        "None".to_string()
    } else {
        object::type_name_trunc(py_type(arg), 50)
    }
}

/// Text cut to at most `max` bytes (on a character boundary), as C's `%.Ns` does.
fn trunc(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `converterr(expected, arg)`.
unsafe fn converterr(expected: &str, arg: *mut PyObject) -> ConvError {
    let msg = if expected.starts_with('(') {
        trunc(expected, 100).to_string()
    } else {
        format!(
            "must be {}, not {}",
            trunc(expected, 50),
            arg_type_name(arg)
        )
    };
    ConvError::Message(msg, Vec::new())
}

/// The format being parsed, with a cursor.
struct Format<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Format<'_> {
    fn peek(&self) -> u8 {
        self.bytes.get(self.pos).copied().unwrap_or(0)
    }
    fn bump(&mut self) -> u8 {
        let c = self.peek();
        if c != 0 {
            self.pos += 1;
        }
        c
    }
    fn rest(&self) -> &str {
        core::str::from_utf8(&self.bytes[self.pos.min(self.bytes.len())..]).unwrap_or("")
    }
}

/// `IS_END_OF_FORMAT`.
fn is_end(c: u8) -> bool {
    c == 0 || c == b';' || c == b':'
}

/// One parse in progress: the output addresses, the flags and the undo list.
struct Conv<'t> {
    targets: &'t mut dyn Targets,
    flags: u32,
    cleanups: Vec<Cleanup>,
}

impl Conv<'_> {
    unsafe fn ptr<T>(&mut self) -> *mut T {
        self.targets.next().cast()
    }

    /// Runs the undo list (after a failure).
    unsafe fn undo(&mut self) {
        for c in self.cleanups.drain(..) {
            match c {
                Cleanup::MemPtr(slot) => {
                    crate::mem::mem_free((*slot).cast());
                    *slot = null_mut();
                }
                Cleanup::Buffer(view) => crate::objects::r#abstract::buffer::release(view),
                Cleanup::Converter(f, addr) => {
                    f(null_mut(), addr);
                }
            }
        }
    }

    /// `convertitem`: one argument against the unit at the cursor (a simple unit or a
    /// parenthesized tuple).
    unsafe fn item(&mut self, arg: *mut PyObject, fmt: &mut Format) -> Result<(), ConvError> {
        if fmt.peek() == b'(' {
            fmt.bump();
            self.tuple(arg, fmt, false)?;
            fmt.bump(); // the closing ')'
            Ok(())
        } else {
            self.simple(arg, fmt)
        }
    }

    /// `converttuple`: a sequence argument whose items match the units up to the matching
    /// `)`.
    unsafe fn tuple(
        &mut self,
        arg: *mut PyObject,
        fmt: &mut Format,
        toplevel: bool,
    ) -> Result<(), ConvError> {
        // Count the units at this level.
        let mut level = 0;
        let mut n = 0usize;
        let mut i = fmt.pos;
        loop {
            let c = fmt.bytes.get(i).copied().unwrap_or(0);
            i += 1;
            if c == b'(' {
                if level == 0 {
                    n += 1;
                }
                level += 1;
            } else if c == b')' {
                if level == 0 {
                    break;
                }
                level -= 1;
            } else if c == b':' || c == b';' || c == 0 {
                break;
            } else if level == 0 && c.is_ascii_alphabetic() {
                n += 1;
            }
        }
        let is_seq = crate::objects::r#abstract::sequence::check(arg);
        if !is_seq || bytesobject::is_bytes(arg) {
            let msg = if toplevel {
                format!("expected {n} arguments, not {}", arg_type_name(arg))
            } else {
                format!("must be {n}-item sequence, not {}", arg_type_name(arg))
            };
            return Err(ConvError::Message(msg, Vec::new()));
        }
        let len = crate::objects::r#abstract::sequence::size(arg)?;
        if len != n as Py_ssize_t {
            let msg = if toplevel {
                format!(
                    "expected {n} argument{}, not {len}",
                    if n == 1 { "" } else { "s" }
                )
            } else {
                format!("must be sequence of length {n}, not {len}")
            };
            return Err(ConvError::Message(msg, Vec::new()));
        }
        for i in 0..n {
            let item = match crate::objects::r#abstract::sequence::get_item(arg, i as Py_ssize_t) {
                Ok(item) => item,
                Err(_) => {
                    errors::clear();
                    return Err(ConvError::Message(
                        "is not retrievable".to_string(),
                        vec![i + 1],
                    ));
                }
            };
            match self.item(item.as_ptr(), fmt) {
                Ok(()) => {}
                Err(ConvError::Message(m, mut levels)) => {
                    levels.insert(0, i + 1);
                    return Err(ConvError::Message(m, levels));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// `#`-length output after `s#`/`y#`/`z#`/`es#`: Py_ssize_t only (the int form was
    /// removed in 3.10 and raises SystemError).
    unsafe fn require_size_t(&self) -> Result<(), ConvError> {
        if self.flags & FLAG_SIZE_T == 0 {
            return Err(errors::set_string(
                PyExc_SystemError,
                "PY_SSIZE_T_CLEAN macro must be defined for '#' formats",
            )
            .into());
        }
        Ok(())
    }

    /// `convertsimple`: one non-tuple unit.
    unsafe fn simple(&mut self, arg: *mut PyObject, fmt: &mut Format) -> Result<(), ConvError> {
        use crate::objects::longobject as long;
        let c = fmt.bump();
        match c {
            b'b' => {
                let p: *mut u8 = self.ptr();
                let v = long::as_i64(arg)?;
                if v < 0 {
                    return Err(errors::overflow_error(
                        "unsigned byte integer is less than minimum",
                    )
                    .into());
                }
                if v > u8::MAX as i64 {
                    return Err(errors::overflow_error(
                        "unsigned byte integer is greater than maximum",
                    )
                    .into());
                }
                *p = v as u8;
            }
            b'B' => {
                let p: *mut u8 = self.ptr();
                *p = unsigned_mask(arg)? as u8;
            }
            b'h' => {
                let p: *mut i16 = self.ptr();
                let v = long::as_i64(arg)?;
                if v < i16::MIN as i64 {
                    return Err(errors::overflow_error(
                        "signed short integer is less than minimum",
                    )
                    .into());
                }
                if v > i16::MAX as i64 {
                    return Err(errors::overflow_error(
                        "signed short integer is greater than maximum",
                    )
                    .into());
                }
                *p = v as i16;
            }
            b'H' => {
                let p: *mut u16 = self.ptr();
                *p = unsigned_mask(arg)? as u16;
            }
            b'i' => {
                let p: *mut i32 = self.ptr();
                let v = long::as_i64(arg)?;
                if v > i32::MAX as i64 {
                    return Err(
                        errors::overflow_error("signed integer is greater than maximum").into(),
                    );
                }
                if v < i32::MIN as i64 {
                    return Err(
                        errors::overflow_error("signed integer is less than minimum").into(),
                    );
                }
                *p = v as i32;
            }
            b'I' => {
                let p: *mut u32 = self.ptr();
                *p = unsigned_mask(arg)? as u32;
            }
            b'n' => {
                let p: *mut Py_ssize_t = self.ptr();
                let index = long::index(arg)?;
                *p = long::as_isize(index.as_ptr())?;
            }
            b'l' => {
                let p: *mut i64 = self.ptr();
                *p = long::as_i64(arg)?;
            }
            b'k' | b'K' => {
                let p: *mut u64 = self.ptr();
                if !long::is_int(arg) {
                    return Err(converterr("int", arg));
                }
                *p = long::low_u64_wrapping(arg);
            }
            b'L' => {
                let p: *mut i64 = self.ptr();
                let (v, overflow) = long::as_i64_and_overflow(arg)?;
                if overflow != 0 {
                    return Err(errors::overflow_error("int too big to convert").into());
                }
                *p = v;
            }
            b'f' => {
                let p: *mut f32 = self.ptr();
                *p = crate::objects::floatobject::as_f64(arg)? as f32;
            }
            b'd' => {
                let p: *mut f64 = self.ptr();
                *p = crate::objects::floatobject::as_f64(arg)?;
            }
            b'D' => {
                let p: *mut [f64; 2] = self.ptr();
                let c = crate::objects::complexobject::as_c(arg)?;
                *p = [c.real, c.imag];
            }
            b'c' => {
                let p: *mut u8 = self.ptr();
                if bytesobject::is_bytes(arg) && bytesobject::size(arg) == 1 {
                    *p = bytesobject::as_slice(arg)[0];
                } else if bytearrayobject::is_bytearray(arg)
                    && bytearrayobject::as_slice(arg).len() == 1
                {
                    *p = bytearrayobject::as_slice(arg)[0];
                } else {
                    return Err(converterr("a byte string of length 1", arg));
                }
            }
            b'C' => {
                let p: *mut c_int = self.ptr();
                if !object::is_str(arg) || unicodeobject::length(arg) != 1 {
                    return Err(converterr("a unicode character", arg));
                }
                let (data, kind) = unicodeobject::data_and_kind(arg);
                *p = unicodeobject::read_char(data, kind, 0) as c_int;
            }
            b'p' => {
                let p: *mut c_int = self.ptr();
                *p = object::is_true(arg)? as c_int;
            }
            b'y' => {
                let p: *mut *const c_void = self.ptr();
                if fmt.peek() == b'*' {
                    fmt.bump();
                    let view = p as *mut Py_buffer;
                    get_contiguous_buffer(arg, view).map_err(|m| converterr(m, arg))?;
                    self.cleanups.push(Cleanup::Buffer(view));
                    return Ok(());
                }
                let (buf, count) = convert_buffer(arg).map_err(|m| converterr(m, arg))?;
                *p = buf;
                if fmt.peek() == b'#' {
                    self.require_size_t()?;
                    let psize: *mut Py_ssize_t = self.ptr();
                    *psize = count;
                    fmt.bump();
                } else if libc::strlen(buf.cast()) != count as usize {
                    return Err(errors::value_error("embedded null byte").into());
                }
            }
            b's' | b'z' => {
                let none_ok = c == b'z' && arg == object::none();
                if fmt.peek() == b'*' {
                    fmt.bump();
                    let view: *mut Py_buffer = self.ptr();
                    if none_ok {
                        crate::objects::r#abstract::buffer::fill_info(
                            view,
                            null_mut(),
                            null_mut(),
                            0,
                            true,
                            0,
                        )?;
                    } else if object::is_str(arg) {
                        let utf8 = unicodeobject::as_utf8(arg)
                            .map_err(|_| converterr("(unicode conversion error)", arg))?;
                        crate::objects::r#abstract::buffer::fill_info(
                            view,
                            arg,
                            utf8.as_ptr() as *mut c_void,
                            utf8.len() as Py_ssize_t,
                            true,
                            0,
                        )?;
                    } else {
                        get_contiguous_buffer(arg, view).map_err(|m| converterr(m, arg))?;
                    }
                    self.cleanups.push(Cleanup::Buffer(view));
                } else if fmt.peek() == b'#' {
                    fmt.bump();
                    let p: *mut *const c_void = self.ptr();
                    self.require_size_t()?;
                    let psize: *mut Py_ssize_t = self.ptr();
                    if none_ok {
                        *p = core::ptr::null();
                        *psize = 0;
                    } else if object::is_str(arg) {
                        let utf8 = unicodeobject::as_utf8(arg)
                            .map_err(|_| converterr("(unicode conversion error)", arg))?;
                        *p = utf8.as_ptr().cast();
                        *psize = utf8.len() as Py_ssize_t;
                    } else {
                        let (buf, count) = convert_buffer(arg).map_err(|m| converterr(m, arg))?;
                        *p = buf;
                        *psize = count;
                    }
                } else {
                    let p: *mut *const c_char = self.ptr();
                    if none_ok {
                        *p = core::ptr::null();
                    } else if object::is_str(arg) {
                        let utf8 = unicodeobject::as_utf8(arg)
                            .map_err(|_| converterr("(unicode conversion error)", arg))?;
                        if utf8.contains(&0) {
                            return Err(errors::value_error("embedded null character").into());
                        }
                        *p = utf8.as_ptr().cast();
                    } else {
                        return Err(converterr(
                            if c == b'z' { "str or None" } else { "str" },
                            arg,
                        ));
                    }
                }
            }
            b'e' => self.encoded(arg, fmt)?,
            b'S' => {
                let p: *mut *mut PyObject = self.ptr();
                if !bytesobject::is_bytes(arg) {
                    return Err(converterr("bytes", arg));
                }
                *p = arg;
            }
            b'Y' => {
                let p: *mut *mut PyObject = self.ptr();
                if !bytearrayobject::is_bytearray(arg) {
                    return Err(converterr("bytearray", arg));
                }
                *p = arg;
            }
            b'U' => {
                let p: *mut *mut PyObject = self.ptr();
                if !object::is_str(arg) {
                    return Err(converterr("str", arg));
                }
                *p = arg;
            }
            b'O' => {
                if fmt.peek() == b'!' {
                    fmt.bump();
                    let tp: *mut PyTypeObject = self.ptr();
                    let p: *mut *mut PyObject = self.ptr();
                    if !crate::objects::typeobject::is_subtype(py_type(arg), tp) {
                        let name = object::type_name_of(tp);
                        return Err(converterr(&name, arg));
                    }
                    *p = arg;
                } else if fmt.peek() == b'&' {
                    fmt.bump();
                    let f: *mut c_void = self.ptr();
                    let addr: *mut c_void = self.ptr();
                    // SAFETY: the caller passed a converter function for `O&`.
                    let convert: Converter = core::mem::transmute::<*mut c_void, Converter>(f);
                    let res = convert(arg, addr);
                    if res == 0 {
                        return Err(converterr("(unspecified)", arg));
                    }
                    if res == PY_CLEANUP_SUPPORTED {
                        self.cleanups.push(Cleanup::Converter(convert, addr));
                    }
                } else {
                    let p: *mut *mut PyObject = self.ptr();
                    *p = arg;
                }
            }
            b'w' => {
                let view: *mut Py_buffer = self.ptr();
                if fmt.peek() != b'*' {
                    return Err(converterr("(invalid use of 'w' format character)", arg));
                }
                fmt.bump();
                if crate::objects::r#abstract::buffer::get_buffer(arg, view, PYBUF_WRITABLE)
                    .is_err()
                {
                    errors::clear();
                    return Err(converterr("read-write bytes-like object", arg));
                }
                if !crate::objects::r#abstract::buffer::is_contiguous(view, b'C') {
                    crate::objects::r#abstract::buffer::release(view);
                    return Err(converterr("contiguous buffer", arg));
                }
                self.cleanups.push(Cleanup::Buffer(view));
            }
            _ => return Err(converterr("(impossible<bad format char>)", arg)),
        }
        Ok(())
    }

    /// `es`, `et`, `es#`, `et#`: the argument encoded into a C buffer.
    unsafe fn encoded(&mut self, arg: *mut PyObject, fmt: &mut Format) -> Result<(), ConvError> {
        let encoding: *const c_char = self.ptr::<c_char>();
        let encoding = if encoding.is_null() {
            "utf-8".to_string()
        } else {
            CStr::from_ptr(encoding).to_string_lossy().into_owned()
        };
        let recode_strings = match fmt.peek() {
            b's' => true,
            b't' => false,
            _ => return Err(converterr("(unknown parser marker combination)", arg)),
        };
        let buffer: *mut *mut c_char = self.ptr();
        fmt.bump();
        if buffer.is_null() {
            return Err(converterr("(buffer is NULL)", arg));
        }
        let encoded: Vec<u8>;
        let data: &[u8] = if !recode_strings && bytesobject::is_bytes(arg) {
            bytesobject::as_slice(arg)
        } else if !recode_strings && bytearrayobject::is_bytearray(arg) {
            bytearrayobject::as_slice(arg)
        } else if object::is_str(arg) {
            encoded = match crate::codecs::encode_builtin(arg, &encoding, None) {
                Some(Ok(b)) => b,
                Some(Err(_)) => return Err(converterr("(encoding failed)", arg)),
                None => {
                    let _ = errors::set_string(
                        crate::objects::exceptions::PyExc_LookupError,
                        &format!("unknown encoding: {encoding}"),
                    );
                    return Err(converterr("(encoding failed)", arg));
                }
            };
            &encoded
        } else {
            return Err(converterr(
                if recode_strings {
                    "str"
                } else {
                    "str, bytes or bytearray"
                },
                arg,
            ));
        };
        let size = data.len();
        if fmt.peek() == b'#' {
            self.require_size_t()?;
            let psize: *mut Py_ssize_t = self.ptr();
            fmt.bump();
            if psize.is_null() {
                return Err(converterr("(buffer_len is NULL)", arg));
            }
            if (*buffer).is_null() {
                let mem = crate::mem::mem_malloc(size + 1) as *mut c_char;
                if mem.is_null() {
                    return Err(errors::no_memory().into());
                }
                *buffer = mem;
                self.cleanups.push(Cleanup::MemPtr(buffer));
            } else if size as Py_ssize_t + 1 > *psize {
                return Err(errors::value_error(&format!(
                    "encoded string too long ({size}, maximum length {})",
                    *psize - 1
                ))
                .into());
            }
            core::ptr::copy_nonoverlapping(data.as_ptr(), (*buffer).cast::<u8>(), size);
            *(*buffer).add(size) = 0;
            *psize = size as Py_ssize_t;
        } else {
            if data.contains(&0) {
                return Err(converterr("encoded string without null bytes", arg));
            }
            let mem = crate::mem::mem_malloc(size + 1) as *mut c_char;
            if mem.is_null() {
                return Err(errors::no_memory().into());
            }
            *buffer = mem;
            self.cleanups.push(Cleanup::MemPtr(buffer));
            core::ptr::copy_nonoverlapping(data.as_ptr(), mem.cast::<u8>(), size);
            *mem.add(size) = 0;
        }
        Ok(())
    }

    /// `skipitem`: steps over one unit (and its addresses) of an argument not given.
    unsafe fn skip(&mut self, fmt: &mut Format, consume: bool) -> Result<(), &'static str> {
        let c = fmt.bump();
        match c {
            b'b' | b'B' | b'h' | b'H' | b'i' | b'I' | b'l' | b'k' | b'L' | b'K' | b'n' | b'f'
            | b'd' | b'D' | b'c' | b'C' | b'p' | b'S' | b'Y' | b'U' => {
                if consume {
                    self.targets.next();
                }
            }
            b'e' | b's' | b'z' | b'y' | b'u' | b'Z' | b'w' => {
                if c == b'e' {
                    if consume {
                        self.targets.next();
                    }
                    if !(fmt.peek() == b's' || fmt.peek() == b't') {
                        return Err("impossible<bad format char>");
                    }
                    fmt.bump();
                }
                if consume {
                    self.targets.next();
                }
                if fmt.peek() == b'#' {
                    if consume {
                        if self.flags & FLAG_SIZE_T == 0 {
                            return Err("PY_SSIZE_T_CLEAN macro must be defined for '#' formats");
                        }
                        self.targets.next();
                    }
                    fmt.bump();
                } else if matches!(c, b's' | b'z' | b'y' | b'w') && fmt.peek() == b'*' {
                    fmt.bump();
                }
            }
            b'O' => {
                if fmt.peek() == b'!' || fmt.peek() == b'&' {
                    fmt.bump();
                    if consume {
                        self.targets.next();
                        self.targets.next();
                    }
                } else if consume {
                    self.targets.next();
                }
            }
            b'(' => {
                loop {
                    if fmt.peek() == b')' {
                        break;
                    }
                    if is_end(fmt.peek()) {
                        return Err("Unmatched left paren in format string");
                    }
                    self.skip(fmt, consume)?;
                }
                fmt.bump();
            }
            b')' => return Err("Unmatched right paren in format string"),
            _ => return Err("impossible<bad format char>"),
        }
        Ok(())
    }
}

/// `PyLong_AsUnsignedLongMask` (any object with `__index__`): the low bits.
unsafe fn unsigned_mask(arg: *mut PyObject) -> PyResult<u64> {
    let v = crate::objects::longobject::index(arg)?;
    Ok(crate::objects::longobject::low_u64_wrapping(v.as_ptr()))
}

/// `getbuffer`: a simple, C-contiguous buffer view or the message for its absence.
unsafe fn get_contiguous_buffer(
    arg: *mut PyObject,
    view: *mut Py_buffer,
) -> Result<(), &'static str> {
    if crate::objects::r#abstract::buffer::get_buffer(arg, view, PYBUF_SIMPLE).is_err() {
        // The buffer protocol's own TypeError stays set and wins over this message.
        return Err("bytes-like object");
    }
    if !crate::objects::r#abstract::buffer::is_contiguous(view, b'C') {
        crate::objects::r#abstract::buffer::release(view);
        return Err("contiguous buffer");
    }
    Ok(())
}

/// `convertbuffer`: the memory of a read-only bytes-like object (one whose buffer needs no
/// release, like bytes), as pointer and length.
unsafe fn convert_buffer(arg: *mut PyObject) -> Result<(*const c_void, Py_ssize_t), &'static str> {
    let pb = (*py_type(arg)).tp_as_buffer;
    if !pb.is_null() && (*pb).bf_releasebuffer.is_some() {
        return Err("read-only bytes-like object");
    }
    let mut view = core::mem::MaybeUninit::<Py_buffer>::zeroed();
    get_contiguous_buffer(arg, view.as_mut_ptr())?;
    let (buf, len) = ((*view.as_ptr()).buf as *const c_void, (*view.as_ptr()).len);
    crate::objects::r#abstract::buffer::release(view.as_mut_ptr());
    Ok((buf, len))
}

/// `Py_buffer` request flags (`PyBUF_*`).
pub const PYBUF_SIMPLE: c_int = 0;
pub const PYBUF_WRITABLE: c_int = 1;

/// `seterror`: the exception for a conversion failure of argument `iarg` (1-based; 0 for
/// the single object of `PyArg_Parse`), unless one is already set.
unsafe fn set_error(
    iarg: usize,
    err: ConvError,
    fname: Option<&str>,
    message: Option<&str>,
) -> ErrSet {
    let ConvError::Message(msg, levels) = err else {
        return ErrSet::assume_set();
    };
    if !errors::occurred().is_null() {
        return ErrSet::assume_set();
    }
    let text = match message {
        Some(m) => m.to_string(),
        None => {
            let mut buf = String::new();
            if let Some(f) = fname {
                buf.push_str(trunc(f, 200));
                buf.push_str("() ");
            }
            if iarg != 0 {
                buf.push_str(&format!("argument {iarg}"));
                for &l in levels.iter().take(32) {
                    if buf.len() >= 220 {
                        break;
                    }
                    buf.push_str(&format!(", item {}", l - 1));
                }
            } else {
                buf.push_str("argument");
            }
            buf.push(' ');
            buf.push_str(trunc(&msg, 256));
            trunc(&buf, 511).to_string()
        }
    };
    if msg.starts_with('(') {
        errors::system_error(&text)
    } else {
        errors::type_error(&text)
    }
}

/// The function name (after `:`) and custom message (after `;`) of a format.
fn name_and_message(format: &str) -> (Option<&str>, Option<&str>) {
    if let Some(i) = format.find(':') {
        return (Some(&format[i + 1..]), None);
    }
    if let Some(i) = format.find(';') {
        return (None, Some(&format[i + 1..]));
    }
    (None, None)
}

/// `"function"` or `"name()"` as messages name the callee.
fn callee(fname: Option<&str>) -> String {
    match fname {
        Some(f) => format!("{}()", trunc(f, 200)),
        None => "function".to_string(),
    }
}

/// `vgetargs1`: `PyArg_ParseTuple` (and `PyArg_Parse` with [`FLAG_COMPAT`]) over the
/// arguments `stack` (or the single object `compat_arg`).
///
/// # Safety
/// `stack` holds live objects; the targets match the format.
pub unsafe fn parse_stack(
    compat_arg: Option<*mut PyObject>,
    stack: &[*mut PyObject],
    format: &str,
    targets: &mut dyn Targets,
    flags: u32,
) -> PyResult<()> {
    let bytes = format.as_bytes();
    let mut level = 0;
    let mut min: Option<usize> = None;
    let mut max = 0usize;
    let mut fname = None;
    let mut message = None;
    let mut i = 0;
    loop {
        let c = bytes.get(i).copied().unwrap_or(0);
        i += 1;
        match c {
            b'(' => {
                if level == 0 {
                    max += 1;
                }
                level += 1;
                if level >= 30 {
                    crate::lifecycle::fatal::fatal_error(
                        "vgetargs1",
                        b"too many tuple nesting levels in argument format string",
                    );
                }
            }
            b')' => {
                if level == 0 {
                    crate::lifecycle::fatal::fatal_error(
                        "vgetargs1",
                        b"excess ')' in getargs format",
                    );
                }
                level -= 1;
            }
            0 => break,
            b':' => {
                fname = Some(&format[i..]);
                break;
            }
            b';' => {
                message = Some(&format[i..]);
                break;
            }
            b'|' => {
                if level == 0 {
                    min = Some(max);
                }
            }
            _ => {
                if level == 0 && c.is_ascii_alphabetic() && c != b'e' {
                    max += 1;
                }
            }
        }
    }
    if level != 0 {
        crate::lifecycle::fatal::fatal_error("vgetargs1", b"missing ')' in getargs format");
    }
    let min = min.unwrap_or(max);
    let mut conv = Conv {
        targets,
        flags,
        cleanups: Vec::new(),
    };
    let mut fmt = Format { bytes, pos: 0 };
    if flags & FLAG_COMPAT != 0 {
        if max == 0 {
            if compat_arg.is_none_or(|a| a.is_null()) {
                return Ok(());
            }
            return Err(errors::type_error(&format!(
                "{}{} takes no arguments",
                fname.map_or("function", |f| trunc(f, 200)),
                if fname.is_some() { "()" } else { "" }
            )));
        }
        if min == 1 && max == 1 {
            let arg = compat_arg.unwrap_or(null_mut());
            if arg.is_null() {
                return Err(errors::type_error(&format!(
                    "{}{} takes at least one argument",
                    fname.map_or("function", |f| trunc(f, 200)),
                    if fname.is_some() { "()" } else { "" }
                )));
            }
            return match conv.item(arg, &mut fmt) {
                Ok(()) => Ok(()),
                Err(e) => {
                    conv.undo();
                    let iarg = match &e {
                        ConvError::Message(_, levels) => levels.first().copied().unwrap_or(0),
                        ConvError::Raised => 0,
                    };
                    let e = match e {
                        ConvError::Message(m, levels) => {
                            ConvError::Message(m, levels.into_iter().skip(1).collect())
                        }
                        r => r,
                    };
                    Err(set_error(iarg, e, fname, message))
                }
            };
        }
        return Err(errors::system_error(
            "old style getargs format uses new features",
        ));
    }
    let nargs = stack.len();
    if nargs < min || max < nargs {
        return Err(match message {
            Some(m) => errors::type_error(m),
            None => {
                let want = if nargs < min { min } else { max };
                errors::type_error(&format!(
                    "{}{} takes {} {} argument{} ({} given)",
                    fname.map_or("function", |f| trunc(f, 150)),
                    if fname.is_some() { "()" } else { "" },
                    if min == max {
                        "exactly"
                    } else if nargs < min {
                        "at least"
                    } else {
                        "at most"
                    },
                    want,
                    if want == 1 { "" } else { "s" },
                    nargs
                ))
            }
        });
    }
    for (i, &arg) in stack.iter().enumerate() {
        if fmt.peek() == b'|' {
            fmt.bump();
        }
        if let Err(e) = conv.item(arg, &mut fmt) {
            conv.undo();
            return Err(set_error(i + 1, e, fname, message));
        }
    }
    let c = fmt.peek();
    if c != 0 && !c.is_ascii_alphabetic() && c != b'(' && c != b'|' && c != b':' && c != b';' {
        conv.undo();
        return Err(errors::system_error(&format!(
            "bad format string: {}",
            trunc(format, 200)
        )));
    }
    Ok(())
}

/// `PyArg_ParseTuple(args, format, ...)`: `args` must be a tuple.
///
/// # Safety
/// As [`parse_stack`].
pub unsafe fn parse_tuple(
    args: *mut PyObject,
    format: &str,
    targets: &mut dyn Targets,
    flags: u32,
) -> PyResult<()> {
    if args.is_null() || !object::has_feature(py_type(args), Py_TPFLAGS_TUPLE_SUBCLASS) {
        return Err(errors::system_error(
            "new style getargs format but argument is not a tuple",
        ));
    }
    let n = (*(args as *mut PyVarObject)).ob_size as usize;
    let stack = if n == 0 {
        &[][..]
    } else {
        core::slice::from_raw_parts(tupleobject::items(args), n)
    };
    parse_stack(None, stack, format, targets, flags)
}

/// `PyArg_ParseTuple` for Rust callers: the addresses of the outputs in format order.
///
/// # Safety
/// Each address points to storage of the type its unit writes.
pub unsafe fn parse_tuple_into(
    args: *mut PyObject,
    format: &str,
    dests: &[*mut c_void],
) -> PyResult<()> {
    let mut t = SliceTargets::new(dests);
    parse_tuple(args, format, &mut t, FLAG_SIZE_T)
}

/// `PyArg_ParseTuple` with only object units (`O`), into `out` (borrowed; NULL for optional
/// arguments not given).
///
/// # Safety
/// `args` is a live tuple.
pub unsafe fn parse_tuple_objects(
    args: *mut PyObject,
    format: &str,
    out: &mut [*mut PyObject],
) -> PyResult<()> {
    let dests: Vec<*mut c_void> = out
        .iter_mut()
        .map(|p| (p as *mut *mut PyObject).cast())
        .collect();
    parse_tuple_into(args, format, &dests)
}

/// `vgetargskeywords`: `PyArg_ParseTupleAndKeywords(args, kwargs, format, kwlist, ...)`.
///
/// # Safety
/// `args` is a tuple, `kwargs` NULL or a dict; the targets match the format.
pub unsafe fn parse_tuple_and_keywords(
    args: *mut PyObject,
    kwargs: *mut PyObject,
    format: &str,
    kwlist: &[&str],
    targets: &mut dyn Targets,
    flags: u32,
) -> PyResult<()> {
    if args.is_null()
        || !object::has_feature(py_type(args), Py_TPFLAGS_TUPLE_SUBCLASS)
        || (!kwargs.is_null() && !dictobject::check(kwargs))
    {
        let line = match (flags & FLAG_VA != 0, flags & FLAG_SIZE_T != 0) {
            (false, false) => 1389,
            (false, true) => 1413,
            (true, false) => 1439,
            (true, true) => 1464,
        };
        return Err(bad_call(line));
    }
    let (fname, custom_msg) = name_and_message(format);
    let who = callee(fname);
    let pos = kwlist.iter().take_while(|k| k.is_empty()).count();
    if kwlist[pos..].iter().any(|k| k.is_empty()) {
        return Err(errors::system_error("Empty keyword parameter name"));
    }
    let len = kwlist.len();
    let nargs = (*(args as *mut PyVarObject)).ob_size as usize;
    let items = tupleobject::items(args);
    let mut nkwargs = if kwargs.is_null() {
        0
    } else {
        dictobject::len(kwargs) as usize
    };
    if nargs + nkwargs > len {
        return Err(errors::type_error(&format!(
            "{who} takes at most {len} {}argument{} ({} given)",
            if nargs == 0 { "keyword " } else { "" },
            if len == 1 { "" } else { "s" },
            nargs + nkwargs
        )));
    }
    let mut conv = Conv {
        targets,
        flags,
        cleanups: Vec::new(),
    };
    let mut fmt = Format {
        bytes: format.as_bytes(),
        pos: 0,
    };
    let mut min = usize::MAX;
    let mut max = usize::MAX;
    let mut skip = false;
    let fail = |conv: &mut Conv, e: ErrSet| -> PyResult<()> {
        conv.undo();
        Err(e)
    };
    let mut i = 0;
    while i < len {
        if fmt.peek() == b'|' {
            if min != usize::MAX {
                return fail(
                    &mut conv,
                    errors::system_error("Invalid format string (| specified twice)"),
                );
            }
            min = i;
            fmt.bump();
            if max != usize::MAX {
                return fail(
                    &mut conv,
                    errors::system_error("Invalid format string ($ before |)"),
                );
            }
        }
        if fmt.peek() == b'$' {
            if max != usize::MAX {
                return fail(
                    &mut conv,
                    errors::system_error("Invalid format string ($ specified twice)"),
                );
            }
            max = i;
            fmt.bump();
            if max < pos {
                return fail(
                    &mut conv,
                    errors::system_error("Empty parameter name after $"),
                );
            }
            if skip {
                break;
            }
            if max < nargs {
                let e = if max == 0 {
                    errors::type_error(&format!("{who} takes no positional arguments"))
                } else {
                    errors::type_error(&format!(
                        "{who} takes {} {max} positional argument{} ({nargs} given)",
                        if min != usize::MAX {
                            "at most"
                        } else {
                            "exactly"
                        },
                        if max == 1 { "" } else { "s" }
                    ))
                };
                return fail(&mut conv, e);
            }
        }
        if is_end(fmt.peek()) {
            return fail(
                &mut conv,
                errors::system_error(&format!(
                    "More keyword list entries ({len}) than format specifiers ({i})"
                )),
            );
        }
        if !skip {
            let current: *mut PyObject = if i < nargs {
                *items.add(i)
            } else if nkwargs > 0 && i >= pos {
                match dictobject::get_item_str(kwargs, kwlist[i]) {
                    Ok(Some(v)) => {
                        nkwargs -= 1;
                        v
                    }
                    Ok(None) => null_mut(),
                    Err(e) => return fail(&mut conv, e),
                }
            } else {
                null_mut()
            };
            if !current.is_null() {
                if let Err(e) = conv.item(current, &mut fmt) {
                    conv.undo();
                    return Err(set_error(i + 1, e, fname, custom_msg));
                }
                i += 1;
                continue;
            }
            if i < min {
                if i < pos {
                    skip = true;
                } else {
                    return fail(
                        &mut conv,
                        errors::type_error(&format!(
                            "{who} missing required argument '{}' (pos {})",
                            kwlist[i],
                            i + 1
                        )),
                    );
                }
            }
            if nkwargs == 0 && !skip {
                return Ok(());
            }
        }
        if let Err(msg) = conv.skip(&mut fmt, true) {
            let rest = fmt.rest().to_string();
            return fail(&mut conv, errors::system_error(&format!("{msg}: '{rest}'")));
        }
        i += 1;
    }
    if skip {
        let m = pos.min(min);
        return fail(
            &mut conv,
            errors::type_error(&format!(
                "{who} takes {} {m} positional argument{} ({nargs} given)",
                if m < i { "at least" } else { "exactly" },
                if m == 1 { "" } else { "s" }
            )),
        );
    }
    let c = fmt.peek();
    if !is_end(c) && c != b'|' && c != b'$' {
        let rest = fmt.rest().to_string();
        return fail(
            &mut conv,
            errors::system_error(&format!(
                "more argument specifiers than keyword list entries (remaining format:'{rest}')"
            )),
        );
    }
    if nkwargs > 0 {
        for (i, name) in kwlist.iter().enumerate().take(nargs).skip(pos) {
            match dictobject::get_item_str(kwargs, name) {
                Ok(Some(_)) => {
                    return fail(
                        &mut conv,
                        errors::type_error(&format!(
                            "argument for {who} given by name ('{name}') and position ({})",
                            i + 1
                        )),
                    )
                }
                Ok(None) => {}
                Err(e) => return fail(&mut conv, e),
            }
        }
        let mut p: Py_ssize_t = 0;
        while let Some((key, _)) = dictobject::next(kwargs, &mut p) {
            if !object::is_str(key) {
                return fail(&mut conv, errors::type_error("keywords must be strings"));
            }
            if !kwlist[pos..].iter().any(|k| unicodeobject::eq_str(key, k)) {
                let key = unicodeobject::to_string_lossy(key);
                return fail(
                    &mut conv,
                    errors::type_error(&format!(
                        "'{key}' is an invalid keyword argument for {}",
                        fname.map_or("this function".to_string(), |f| format!(
                            "{}()",
                            trunc(f, 200)
                        ))
                    )),
                );
            }
        }
        return fail(
            &mut conv,
            errors::type_error(&format!(
                "invalid keyword argument for {}",
                fname.map_or("this function".to_string(), |f| format!(
                    "{}()",
                    trunc(f, 200)
                ))
            )),
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Argument Clinic: `_PyArg_Parser`.

/// `struct _PyArg_Parser` (cpython/modsupport.h, 3.11): filled lazily on first use, then
/// linked into a list of initialized parsers.
#[repr(C)]
pub struct PyArgParser {
    pub format: *const c_char,
    pub keywords: *const *const c_char,
    pub fname: *const c_char,
    pub custom_msg: *const c_char,
    pub pos: c_int,
    pub min: c_int,
    pub max: c_int,
    pub kwtuple: *mut PyObject,
    pub next: *mut PyArgParser,
}

const _: () = assert!(core::mem::size_of::<PyArgParser>() == 64);

/// The initialized parsers (`static_arg_parsers`), so their keyword tuples can be released
/// at finalization.
static mut INITIALIZED_PARSERS: *mut PyArgParser = null_mut();

/// The parser's keyword names (NULL-terminated C array) as Rust strings.
unsafe fn parser_keywords<'a>(parser: *mut PyArgParser) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut p = (*parser).keywords;
    if p.is_null() {
        return out;
    }
    while !(*p).is_null() {
        out.push(CStr::from_ptr(*p).to_str().unwrap_or(""));
        p = p.add(1);
    }
    out
}

/// `parser_init`: counts positional-only names, finds the name/message and min/max from the
/// format (when there is one), and builds the interned tuple of keyword names.
unsafe fn parser_init(parser: *mut PyArgParser) -> PyResult<()> {
    if !(*parser).kwtuple.is_null() {
        return Ok(());
    }
    let keywords = parser_keywords(parser);
    let pos = keywords.iter().take_while(|k| k.is_empty()).count();
    if keywords[pos..].iter().any(|k| k.is_empty()) {
        return Err(errors::system_error("Empty keyword parameter name"));
    }
    (*parser).pos = pos as c_int;
    let len = keywords.len();
    if !(*parser).format.is_null() {
        let format = CStr::from_ptr((*parser).format);
        let bytes = format.to_bytes();
        let colon = bytes.iter().position(|&c| c == b':');
        if let Some(i) = colon {
            (*parser).fname = (*parser).format.add(i + 1);
            (*parser).custom_msg = core::ptr::null();
        } else if let Some(i) = bytes.iter().position(|&c| c == b';') {
            (*parser).custom_msg = (*parser).format.add(i + 1);
        }
        let mut min = usize::MAX;
        let mut max = usize::MAX;
        let mut fmt = Format { bytes, pos: 0 };
        let mut none = SliceTargets::new(&[]);
        let mut conv = Conv {
            targets: &mut none,
            flags: 0,
            cleanups: Vec::new(),
        };
        for i in 0..len {
            if fmt.peek() == b'|' {
                if min != usize::MAX {
                    return Err(errors::system_error(
                        "Invalid format string (| specified twice)",
                    ));
                }
                if max != usize::MAX {
                    return Err(errors::system_error("Invalid format string ($ before |)"));
                }
                min = i;
                fmt.bump();
            }
            if fmt.peek() == b'$' {
                if max != usize::MAX {
                    return Err(errors::system_error(
                        "Invalid format string ($ specified twice)",
                    ));
                }
                if i < pos {
                    return Err(errors::system_error("Empty parameter name after $"));
                }
                max = i;
                fmt.bump();
            }
            if is_end(fmt.peek()) {
                return Err(errors::system_error(&format!(
                    "More keyword list entries ({len}) than format specifiers ({i})"
                )));
            }
            if let Err(msg) = conv.skip(&mut fmt, false) {
                return Err(errors::system_error(&format!("{msg}: '{}'", fmt.rest())));
            }
        }
        (*parser).min = min.min(len) as c_int;
        (*parser).max = max.min(len) as c_int;
        let c = fmt.peek();
        if !is_end(c) && c != b'|' && c != b'$' {
            return Err(errors::system_error(&format!(
                "more argument specifiers than keyword list entries (remaining format:'{}')",
                fmt.rest()
            )));
        }
    }
    let names: Vec<Ref> = keywords[pos..]
        .iter()
        .map(|k| unicodeobject::new_str(k).map(unicodeobject::intern))
        .collect::<PyResult<_>>()?;
    let ptrs: Vec<*mut PyObject> = names.iter().map(|r| r.as_ptr()).collect();
    let kwtuple = tupleobject::pack(&ptrs)?;
    (*parser).kwtuple = kwtuple.into_raw();
    (*parser).next = INITIALIZED_PARSERS;
    INITIALIZED_PARSERS = parser;
    Ok(())
}

/// `_PyArg_Fini`: releases the keyword tuples of every initialized parser.
///
/// # Safety
/// Finalization, with no parse in progress.
pub unsafe fn fini_parsers() {
    let mut p = INITIALIZED_PARSERS;
    while !p.is_null() {
        let next = (*p).next;
        (*p).next = null_mut();
        let t = core::mem::replace(&mut (*p).kwtuple, null_mut());
        object::xdecref(t);
        p = next;
    }
    INITIALIZED_PARSERS = null_mut();
}

/// The parser's function name for messages.
unsafe fn parser_fname<'a>(parser: *mut PyArgParser) -> Option<&'a str> {
    if (*parser).fname.is_null() {
        None
    } else {
        Some(CStr::from_ptr((*parser).fname).to_str().unwrap_or(""))
    }
}

/// `find_keyword`: the value passed for `key` in a vectorcall keyword section.
unsafe fn find_keyword(
    kwnames: *mut PyObject,
    kwstack: *const *mut PyObject,
    key: *mut PyObject,
) -> *mut PyObject {
    let n = (*(kwnames as *mut PyVarObject)).ob_size as usize;
    let names = tupleobject::items(kwnames);
    for i in 0..n {
        if *names.add(i) == key {
            return *kwstack.add(i);
        }
    }
    for i in 0..n {
        if unicodeobject::eq(*names.add(i), key) {
            return *kwstack.add(i);
        }
    }
    null_mut()
}

/// Where the keyword arguments of a call are: a dict, or vectorcall names with values after
/// the positionals.
#[derive(Clone, Copy)]
pub enum Keywords {
    None,
    Dict(*mut PyObject),
    Names(*mut PyObject, *const *mut PyObject),
}

impl Keywords {
    /// From CPython's pair of `kwargs` (dict) and `kwnames` (tuple), with the positionals.
    ///
    /// # Safety
    /// `args` holds `nargs` items plus one per name.
    pub unsafe fn from_parts(
        args: *const *mut PyObject,
        nargs: usize,
        kwargs: *mut PyObject,
        kwnames: *mut PyObject,
    ) -> Keywords {
        if !kwargs.is_null() {
            Keywords::Dict(kwargs)
        } else if !kwnames.is_null() {
            Keywords::Names(kwnames, args.add(nargs))
        } else {
            Keywords::None
        }
    }

    unsafe fn count(&self) -> usize {
        match *self {
            Keywords::None => 0,
            Keywords::Dict(d) => dictobject::len(d) as usize,
            Keywords::Names(t, _) => (*(t as *mut PyVarObject)).ob_size as usize,
        }
    }

    unsafe fn get(&self, key: *mut PyObject) -> PyResult<*mut PyObject> {
        match *self {
            Keywords::None => Ok(null_mut()),
            Keywords::Dict(d) => Ok(dictobject::get_item(d, key)?.unwrap_or(null_mut())),
            Keywords::Names(t, stack) => Ok(find_keyword(t, stack, key)),
        }
    }
}

/// `error_unexpected_keyword_arg`: names the first keyword not among `kwtuple`.
unsafe fn unexpected_keyword(kw: Keywords, kwtuple: *mut PyObject, fname: Option<&str>) -> ErrSet {
    let who = fname.map_or("this function".to_string(), |f| {
        format!("{}()", trunc(f, 200))
    });
    let names: Vec<*mut PyObject> = match kw {
        Keywords::None => Vec::new(),
        Keywords::Dict(d) => {
            let mut out = Vec::new();
            let mut p: Py_ssize_t = 0;
            while let Some((k, _)) = dictobject::next(d, &mut p) {
                out.push(k);
            }
            out
        }
        Keywords::Names(t, _) => {
            let n = (*(t as *mut PyVarObject)).ob_size as usize;
            (0..n).map(|i| *tupleobject::items(t).add(i)).collect()
        }
    };
    let n = (*(kwtuple as *mut PyVarObject)).ob_size as usize;
    let known = core::slice::from_raw_parts(tupleobject::items(kwtuple), n);
    for key in names {
        if !object::is_str(key) {
            return errors::type_error("keywords must be strings");
        }
        let mut found = false;
        for &k in known {
            match object::rich_compare_bool(k, key, object::Py_EQ) {
                Ok(true) => {
                    found = true;
                    break;
                }
                Ok(false) => {}
                Err(e) => return e,
            }
        }
        if !found {
            let text = object::str(key)
                .map(|s| unicodeobject::to_string_lossy(s.as_ptr()))
                .unwrap_or_default();
            return errors::type_error(&format!(
                "'{text}' is an invalid keyword argument for {who}"
            ));
        }
    }
    errors::type_error(&format!("invalid keyword argument for {who}"))
}

/// `vgetargskeywordsfast_impl`: format-driven parsing with a `_PyArg_Parser`.
///
/// # Safety
/// `args` holds `nargs` live objects (plus the keyword values for `Keywords::Names`);
/// `parser` is a live parser; the targets match its format.
pub unsafe fn parse_with_parser(
    args: *const *mut PyObject,
    nargs: usize,
    kw: Keywords,
    parser: *mut PyArgParser,
    targets: &mut dyn Targets,
    flags: u32,
) -> PyResult<()> {
    if parser.is_null() {
        return Err(bad_call(2085));
    }
    if let Keywords::Names(t, _) = kw {
        if !object::has_feature(py_type(t), Py_TPFLAGS_TUPLE_SUBCLASS) {
            return Err(bad_call(2090));
        }
    }
    parser_init(parser)?;
    let kwtuple = (*parser).kwtuple;
    let pos = (*parser).pos as usize;
    let len = pos + (*(kwtuple as *mut PyVarObject)).ob_size as usize;
    let pmin = (*parser).min as usize;
    let pmax = (*parser).max as usize;
    let fname = parser_fname(parser);
    let custom_msg = if (*parser).custom_msg.is_null() {
        None
    } else {
        Some(CStr::from_ptr((*parser).custom_msg).to_str().unwrap_or(""))
    };
    let who = callee(fname);
    let mut nkwargs = kw.count();
    if nargs + nkwargs > len {
        return Err(errors::type_error(&format!(
            "{who} takes at most {len} {}argument{} ({} given)",
            if nargs == 0 { "keyword " } else { "" },
            if len == 1 { "" } else { "s" },
            nargs + nkwargs
        )));
    }
    if pmax < nargs {
        return Err(if pmax == 0 {
            errors::type_error(&format!("{who} takes no positional arguments"))
        } else {
            errors::type_error(&format!(
                "{who} takes {} {pmax} positional argument{} ({nargs} given)",
                if pmin < pmax { "at most" } else { "exactly" },
                if pmax == 1 { "" } else { "s" }
            ))
        });
    }
    let format = CStr::from_ptr((*parser).format).to_bytes();
    let mut fmt = Format {
        bytes: format,
        pos: 0,
    };
    let mut conv = Conv {
        targets,
        flags,
        cleanups: Vec::new(),
    };
    for i in 0..len {
        if fmt.peek() == b'|' {
            fmt.bump();
        }
        if fmt.peek() == b'$' {
            fmt.bump();
        }
        let current = if i < nargs {
            *args.add(i)
        } else if nkwargs > 0 && i >= pos {
            let keyword = *tupleobject::items(kwtuple).add(i - pos);
            match kw.get(keyword) {
                Ok(v) => {
                    if !v.is_null() {
                        nkwargs -= 1;
                    }
                    v
                }
                Err(e) => {
                    conv.undo();
                    return Err(e);
                }
            }
        } else {
            null_mut()
        };
        if !current.is_null() {
            if let Err(e) = conv.item(current, &mut fmt) {
                conv.undo();
                return Err(set_error(i + 1, e, fname, custom_msg));
            }
            continue;
        }
        if i < pmin {
            conv.undo();
            if i < pos {
                let m = pos.min(pmin);
                return Err(errors::type_error(&format!(
                    "{who} takes {} {m} positional argument{} ({nargs} given)",
                    if m < pmax { "at least" } else { "exactly" },
                    if m == 1 { "" } else { "s" }
                )));
            }
            let keyword = *tupleobject::items(kwtuple).add(i - pos);
            return Err(errors::type_error(&format!(
                "{who} missing required argument '{}' (pos {})",
                unicodeobject::to_string_lossy(keyword),
                i + 1
            )));
        }
        if nkwargs == 0 {
            return Ok(());
        }
        let _ = conv.skip(&mut fmt, true);
    }
    if nkwargs > 0 {
        for i in pos..nargs {
            let keyword = *tupleobject::items(kwtuple).add(i - pos);
            match kw.get(keyword) {
                Ok(v) if !v.is_null() => {
                    conv.undo();
                    return Err(errors::type_error(&format!(
                        "argument for {who} given by name ('{}') and position ({})",
                        unicodeobject::to_string_lossy(keyword),
                        i + 1
                    )));
                }
                Ok(_) => {}
                Err(e) => {
                    conv.undo();
                    return Err(e);
                }
            }
        }
        conv.undo();
        return Err(unexpected_keyword(kw, kwtuple, fname));
    }
    Ok(())
}

/// `_PyArg_UnpackKeywords`: places positional and keyword arguments into `buf` in parameter
/// order (NULL for optional ones not given) and checks counts and names; returns `args`
/// itself on the fast path.
///
/// # Safety
/// As CPython's: `args` holds `nargs` items (plus keyword values for `kwnames`), `buf` has
/// room for every parameter.
#[allow(clippy::too_many_arguments)]
pub unsafe fn unpack_keywords(
    args: *const *mut PyObject,
    nargs: usize,
    kwargs: *mut PyObject,
    kwnames: *mut PyObject,
    parser: *mut PyArgParser,
    minpos: usize,
    maxpos: usize,
    minkw: usize,
    buf: *mut *mut PyObject,
) -> PyResult<*const *mut PyObject> {
    if parser.is_null() {
        return Err(bad_call(2312));
    }
    if !kwnames.is_null() && !object::has_feature(py_type(kwnames), Py_TPFLAGS_TUPLE_SUBCLASS) {
        return Err(bad_call(2317));
    }
    let args = if args.is_null() && nargs == 0 {
        buf as *const *mut PyObject
    } else {
        args
    };
    parser_init(parser)?;
    let kwtuple = (*parser).kwtuple;
    let posonly = (*parser).pos as usize;
    let minposonly = posonly.min(minpos);
    let maxargs = posonly + (*(kwtuple as *mut PyVarObject)).ob_size as usize;
    let reqlimit = if minkw != 0 { maxpos + minkw } else { minpos };
    let kw = Keywords::from_parts(args, nargs, kwargs, kwnames);
    let mut nkwargs = kw.count();
    if nkwargs == 0 && minkw == 0 && minpos <= nargs && nargs <= maxpos {
        return Ok(args);
    }
    let who = callee(parser_fname(parser));
    if nargs + nkwargs > maxargs {
        return Err(errors::type_error(&format!(
            "{who} takes at most {maxargs} {}argument{} ({} given)",
            if nargs == 0 { "keyword " } else { "" },
            if maxargs == 1 { "" } else { "s" },
            nargs + nkwargs
        )));
    }
    if nargs > maxpos {
        return Err(if maxpos == 0 {
            errors::type_error(&format!("{who} takes no positional arguments"))
        } else {
            errors::type_error(&format!(
                "{who} takes {} {maxpos} positional argument{} ({nargs} given)",
                if minpos < maxpos {
                    "at most"
                } else {
                    "exactly"
                },
                if maxpos == 1 { "" } else { "s" }
            ))
        });
    }
    if nargs < minposonly {
        return Err(errors::type_error(&format!(
            "{who} takes {} {minposonly} positional argument{} ({nargs} given)",
            if minposonly < maxpos {
                "at least"
            } else {
                "exactly"
            },
            if minposonly == 1 { "" } else { "s" }
        )));
    }
    for i in 0..nargs {
        *buf.add(i) = *args.add(i);
    }
    let mut i = nargs.max(posonly);
    while i < maxargs {
        let current = if nkwargs > 0 {
            kw.get(*tupleobject::items(kwtuple).add(i - posonly))?
        } else if i >= reqlimit {
            break;
        } else {
            null_mut()
        };
        *buf.add(i) = current;
        if !current.is_null() {
            nkwargs -= 1;
        } else if i < minpos || (maxpos <= i && i < reqlimit) {
            let keyword = *tupleobject::items(kwtuple).add(i - posonly);
            return Err(errors::type_error(&format!(
                "{who} missing required argument '{}' (pos {})",
                unicodeobject::to_string_lossy(keyword),
                i + 1
            )));
        }
        i += 1;
    }
    if nkwargs > 0 {
        for i in posonly..nargs {
            let keyword = *tupleobject::items(kwtuple).add(i - posonly);
            if !kw.get(keyword)?.is_null() {
                return Err(errors::type_error(&format!(
                    "argument for {who} given by name ('{}') and position ({})",
                    unicodeobject::to_string_lossy(keyword),
                    i + 1
                )));
            }
        }
        return Err(unexpected_keyword(kw, kwtuple, parser_fname(parser)));
    }
    Ok(buf)
}

/// `_PyArg_UnpackKeywordsWithVararg`: as [`unpack_keywords`], with the positionals past
/// `maxpos` gathered into a new tuple at `buf[vararg]`.
///
/// # Safety
/// As [`unpack_keywords`].
#[allow(clippy::too_many_arguments)]
pub unsafe fn unpack_keywords_with_vararg(
    args: *const *mut PyObject,
    nargs: usize,
    kwargs: *mut PyObject,
    kwnames: *mut PyObject,
    parser: *mut PyArgParser,
    minpos: usize,
    maxpos: usize,
    minkw: usize,
    vararg: usize,
    buf: *mut *mut PyObject,
) -> PyResult<*const *mut PyObject> {
    if parser.is_null() {
        return Err(bad_call(2488));
    }
    if !kwnames.is_null() && !object::has_feature(py_type(kwnames), Py_TPFLAGS_TUPLE_SUBCLASS) {
        return Err(bad_call(2493));
    }
    let args = if args.is_null() && nargs == 0 {
        buf as *const *mut PyObject
    } else {
        args
    };
    parser_init(parser)?;
    let kwtuple = (*parser).kwtuple;
    let posonly = (*parser).pos as usize;
    let minposonly = posonly.min(minpos);
    let maxargs = posonly + (*(kwtuple as *mut PyVarObject)).ob_size as usize;
    let reqlimit = if minkw != 0 { maxpos + minkw } else { minpos };
    let kw = Keywords::from_parts(args, nargs, kwargs, kwnames);
    let mut nkwargs = kw.count();
    let who = callee(parser_fname(parser));
    if nargs < minposonly {
        return Err(errors::type_error(&format!(
            "{who} takes {} {minposonly} positional argument{} ({nargs} given)",
            if minposonly < maxpos {
                "at least"
            } else {
                "exactly"
            },
            if minposonly == 1 { "" } else { "s" }
        )));
    }
    let varargssize = nargs.saturating_sub(maxpos);
    let varargs = tupleobject::new_uninit(varargssize as Py_ssize_t)?;
    *buf.add(vararg) = varargs;
    for i in 0..nargs {
        if i >= vararg {
            object::incref(*args.add(i));
            *tupleobject::items(varargs).add(i - vararg) = *args.add(i);
        } else {
            *buf.add(i) = *args.add(i);
        }
    }
    if varargssize > 0 {
        crate::mem::gc::track(varargs);
    }
    let fail = |e: ErrSet| -> PyResult<*const *mut PyObject> {
        object::xdecref(*buf.add(vararg));
        Err(e)
    };
    let mut i = nargs.max(posonly) - varargssize;
    while i < maxargs {
        let current = if nkwargs > 0 {
            match kw.get(*tupleobject::items(kwtuple).add(i - posonly)) {
                Ok(v) => v,
                Err(e) => return fail(e),
            }
        } else {
            null_mut()
        };
        if nargs < vararg {
            *buf.add(i) = current;
        } else {
            *buf.add(i + 1) = current;
        }
        if !current.is_null() {
            nkwargs -= 1;
        } else if i < minpos || (maxpos <= i && i < reqlimit) {
            let keyword = *tupleobject::items(kwtuple).add(i - posonly);
            return fail(errors::type_error(&format!(
                "{who} missing required argument '{}' (pos {})",
                unicodeobject::to_string_lossy(keyword),
                i + 1
            )));
        }
        i += 1;
    }
    if nkwargs > 0 {
        return fail(unexpected_keyword(kw, kwtuple, parser_fname(parser)));
    }
    Ok(buf)
}

// ---------------------------------------------------------------------------------------------
// Small checks, shared by C extensions (Argument Clinic output) and Rust-written methods.

/// `_PyArg_CheckPositional(name, nargs, min, max)`: "f expected at most 2 arguments, got 3";
/// without a name, "unpacked tuple should have 2 elements, but has 3".
pub fn check_positional(name: Option<&str>, nargs: usize, min: usize, max: usize) -> PyResult<()> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if nargs < min {
        let qual = if min == max { "" } else { "at least " };
        return Err(match name {
            Some(n) => errors::type_error(&format!(
                "{} expected {qual}{min} argument{}, got {nargs}",
                trunc(n, 200),
                plural(min)
            )),
            None => errors::type_error(&format!(
                "unpacked tuple should have {qual}{min} element{}, but has {nargs}",
                plural(min)
            )),
        });
    }
    if nargs == 0 {
        return Ok(());
    }
    if nargs > max {
        let qual = if min == max { "" } else { "at most " };
        return Err(match name {
            Some(n) => errors::type_error(&format!(
                "{} expected {qual}{max} argument{}, got {nargs}",
                trunc(n, 200),
                plural(max)
            )),
            None => errors::type_error(&format!(
                "unpacked tuple should have {qual}{max} element{}, but has {nargs}",
                plural(max)
            )),
        });
    }
    Ok(())
}

/// `_PyArg_BadArgument(fname, displayname, expected, arg)`: "f() argument 1 must be str, not
/// int". Returns the exception marker.
///
/// # Safety
/// `arg` is live.
pub unsafe fn bad_argument(
    fname: &str,
    displayname: &str,
    expected: &str,
    arg: *mut PyObject,
) -> ErrSet {
    errors::type_error(&format!(
        "{}() {} must be {}, not {}",
        trunc(fname, 200),
        trunc(displayname, 200),
        trunc(expected, 50),
        arg_type_name(arg)
    ))
}

/// `_PyArg_NoKeywords(funcname, kwargs)`: kwargs NULL or an empty dict.
///
/// # Safety
/// `kwargs` is NULL or live.
pub unsafe fn no_keywords(funcname: &str, kwargs: *mut PyObject) -> PyResult<()> {
    if kwargs.is_null() {
        return Ok(());
    }
    if !dictobject::check_exact(kwargs) {
        return Err(bad_call(2881));
    }
    if dictobject::len(kwargs) == 0 {
        return Ok(());
    }
    Err(errors::type_error(&format!(
        "{}() takes no keyword arguments",
        trunc(funcname, 200)
    )))
}

/// `_PyArg_NoPositional(funcname, args)`: args NULL or an empty tuple.
///
/// # Safety
/// `args` is NULL or live.
pub unsafe fn no_positional(funcname: &str, args: *mut PyObject) -> PyResult<()> {
    if args.is_null() {
        return Ok(());
    }
    if !object::is_type(args, &raw mut tupleobject::PyTuple_Type) {
        return Err(bad_call(2899));
    }
    if (*(args as *mut PyVarObject)).ob_size == 0 {
        return Ok(());
    }
    Err(errors::type_error(&format!(
        "{}() takes no positional arguments",
        trunc(funcname, 200)
    )))
}

/// `_PyArg_NoKwnames(funcname, kwnames)`: no vectorcall keyword names.
///
/// # Safety
/// `kwnames` is NULL or a tuple.
pub unsafe fn no_kwnames(funcname: &str, kwnames: *mut PyObject) -> PyResult<()> {
    if kwnames.is_null() || (*(kwnames as *mut PyVarObject)).ob_size == 0 {
        return Ok(());
    }
    Err(errors::type_error(&format!(
        "{funcname}() takes no keyword arguments"
    )))
}

/// `PyArg_ValidateKeywordArguments(kwargs)`: a dict whose keys are all str.
///
/// # Safety
/// `kwargs` is live.
pub unsafe fn validate_keyword_arguments(kwargs: *mut PyObject) -> PyResult<()> {
    if !dictobject::check(kwargs) {
        return Err(bad_call(1605));
    }
    if !dictobject::has_only_string_keys(kwargs) {
        return Err(errors::type_error("keywords must be strings"));
    }
    Ok(())
}

/// `PyArg_UnpackTuple` / `_PyArg_UnpackStack`: the positional count check, then the items.
///
/// # Safety
/// `args` holds `nargs` live objects.
pub unsafe fn unpack_stack(
    args: *const *mut PyObject,
    nargs: usize,
    name: Option<&str>,
    min: usize,
    max: usize,
) -> PyResult<&'static [*mut PyObject]> {
    check_positional(name, nargs, min, max)?;
    Ok(if nargs == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(args, nargs)
    })
}

/// For methods written in Rust that take keyword arguments: `args` (a tuple) and `kwargs`
/// (NULL or a dict) placed into `out` by parameter name, with `_PyArg_UnpackKeywords`'
/// checks and messages; `name` is the function name shown in messages.
///
/// # Safety
/// `args` is a tuple, `kwargs` NULL or a dict; `out.len() == params.len()`.
pub unsafe fn unpack_keywords_tuple(
    args: *mut PyObject,
    kwargs: *mut PyObject,
    name: &str,
    params: &[&str],
    minpos: usize,
    maxpos: usize,
    out: &mut [*mut PyObject],
) -> PyResult<()> {
    let nargs = (*(args as *mut PyVarObject)).ob_size as usize;
    let who = format!("{}()", trunc(name, 200));
    let nkw = if kwargs.is_null() {
        0
    } else {
        dictobject::len(kwargs) as usize
    };
    if nargs + nkw > params.len() {
        return Err(errors::type_error(&format!(
            "{who} takes at most {} {}argument{} ({} given)",
            params.len(),
            if nargs == 0 { "keyword " } else { "" },
            if params.len() == 1 { "" } else { "s" },
            nargs + nkw
        )));
    }
    if nargs > maxpos {
        return Err(errors::type_error(&format!(
            "{who} takes {} {maxpos} positional argument{} ({nargs} given)",
            if minpos < maxpos {
                "at most"
            } else {
                "exactly"
            },
            if maxpos == 1 { "" } else { "s" }
        )));
    }
    let items = tupleobject::items(args);
    let mut used = 0;
    for (i, p) in params.iter().enumerate() {
        let from_kw = if kwargs.is_null() {
            None
        } else {
            dictobject::get_item_str(kwargs, p)?
        };
        if i < nargs {
            if from_kw.is_some() {
                return Err(errors::type_error(&format!(
                    "argument for {who} given by name ('{p}') and position ({})",
                    i + 1
                )));
            }
            out[i] = *items.add(i);
        } else {
            out[i] = match from_kw {
                Some(v) => {
                    used += 1;
                    v
                }
                None if i < minpos => {
                    return Err(errors::type_error(&format!(
                        "{who} missing required argument '{p}' (pos {})",
                        i + 1
                    )))
                }
                None => null_mut(),
            };
        }
    }
    if used < nkw {
        let mut pos: Py_ssize_t = 0;
        while let Some((key, _)) = dictobject::next(kwargs, &mut pos) {
            if !object::is_str(key) {
                return Err(errors::type_error("keywords must be strings"));
            }
            if !params.iter().any(|p| unicodeobject::eq_str(key, p)) {
                return Err(errors::type_error(&format!(
                    "'{}' is an invalid keyword argument for {who}",
                    unicodeobject::to_string_lossy(key)
                )));
            }
        }
    }
    Ok(())
}

/// An `int`-typed clinic argument (`_PyLong_AsInt` with the float check clinic adds).
///
/// # Safety
/// `arg` is live.
pub unsafe fn int_from_object(arg: *mut PyObject) -> PyResult<c_int> {
    crate::objects::longobject::as_c_int(arg)
}
