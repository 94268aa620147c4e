//! Building values and filling modules (CPython's Python/modsupport.c): `Py_BuildValue`'s
//! format language (`"(is#)[O]{s:N}"`) over a source of C arguments, and the
//! `PyModule_Add*` helpers.
//!
//! The C entry points are variadic; their C side (capi/c/modsupport.c) gives the builder an
//! [`ArgSource`] that reads each argument with the C type the format names, as `va_arg`
//! would, so one walker serves `Py_BuildValue`, `Py_VaBuildValue` and the `_SizeT` forms.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, Ref};
use crate::objects::{bytesobject, dictobject, listobject, longobject, tupleobject, unicodeobject};
use core::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void, CStr};
use core::ptr::null_mut;

/// `#` lengths are `Py_ssize_t` (`_Py_BuildValue_SizeT`, `PY_SSIZE_T_CLEAN`).
pub const FLAG_SIZE_T: u32 = 1;

/// The arguments after the format, read one at a time with their C types.
pub trait ArgSource {
    /// An `int` (also what `char`, `short` and `unsigned short` are promoted to).
    unsafe fn int(&mut self) -> c_int;
    unsafe fn uint(&mut self) -> c_uint;
    unsafe fn long(&mut self) -> c_long;
    unsafe fn ulong(&mut self) -> c_ulong;
    unsafe fn longlong(&mut self) -> i64;
    unsafe fn ulonglong(&mut self) -> u64;
    unsafe fn ssize(&mut self) -> Py_ssize_t;
    unsafe fn double(&mut self) -> f64;
    unsafe fn ptr(&mut self) -> *mut c_void;
}

/// `PyObject *(*)(void *)`: the converter of an `O&` unit.
type BuildConverter = unsafe extern "C" fn(*mut c_void) -> *mut PyObject;

/// `countformat`: the number of values at this level up to `end`.
unsafe fn count_format(format: &[u8], mut pos: usize, end: u8) -> PyResult<usize> {
    let mut count = 0;
    let mut level = 0;
    loop {
        let c = format.get(pos).copied().unwrap_or(0);
        if level == 0 && c == end {
            return Ok(count);
        }
        match c {
            0 => return Err(errors::system_error("unmatched paren in format")),
            b'(' | b'[' | b'{' => {
                if level == 0 {
                    count += 1;
                }
                level += 1;
            }
            b')' | b']' | b'}' => level -= 1,
            b'#' | b'&' | b',' | b':' | b' ' | b'\t' => {}
            _ => {
                if level == 0 {
                    count += 1;
                }
            }
        }
        pos += 1;
    }
}

/// One build in progress.
struct Builder<'a> {
    format: &'a [u8],
    pos: usize,
    args: &'a mut dyn ArgSource,
    flags: u32,
}

impl Builder<'_> {
    fn bump(&mut self) -> u8 {
        let c = self.format.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        c
    }

    fn peek(&self) -> u8 {
        self.format.get(self.pos).copied().unwrap_or(0)
    }

    /// The length after `#`, or -1 when there is none.
    unsafe fn length(&mut self) -> PyResult<Py_ssize_t> {
        if self.peek() != b'#' {
            return Ok(-1);
        }
        self.pos += 1;
        if self.flags & FLAG_SIZE_T != 0 {
            Ok(self.args.ssize())
        } else {
            let _ = self.args.int();
            Err(errors::system_error(
                "PY_SSIZE_T_CLEAN macro must be defined for '#' formats",
            ))
        }
    }

    /// `do_mkvalue`: the value for the unit at the cursor.
    unsafe fn value(&mut self) -> PyResult<Ref> {
        loop {
            let c = self.bump();
            return match c {
                b'(' => self.sequence(b')', Container::Tuple),
                b'[' => self.sequence(b']', Container::List),
                b'{' => self.sequence(b'}', Container::Dict),
                b'b' | b'B' | b'h' | b'i' => longobject::from_i64(self.args.int() as i64),
                b'H' => longobject::from_i64(self.args.uint() as i64),
                b'I' => longobject::from_u64(self.args.uint() as u64),
                b'n' => longobject::from_isize(self.args.ssize()),
                b'l' => longobject::from_i64(self.args.long()),
                b'k' => longobject::from_u64(self.args.ulong()),
                b'L' => longobject::from_i64(self.args.longlong()),
                b'K' => longobject::from_u64(self.args.ulonglong()),
                b'u' => {
                    let u = self.args.ptr() as *const libc::wchar_t;
                    let n = self.length()?;
                    if u.is_null() {
                        return Ok(object::new_none());
                    }
                    let n = if n < 0 { libc::wcslen(u) } else { n as usize };
                    let chars: Vec<u32> = core::slice::from_raw_parts(u, n)
                        .iter()
                        .map(|&c| c as u32)
                        .collect();
                    unicodeobject::from_wchar(&chars)
                }
                b'f' | b'd' => crate::objects::floatobject::from_f64(self.args.double()),
                b'D' => {
                    let p = self.args.ptr() as *const [f64; 2];
                    crate::objects::complexobject::from_doubles((*p)[0], (*p)[1])
                }
                b'c' => bytesobject::from_slice(&[self.args.int() as u8]),
                b'C' => {
                    let ch = self.args.int();
                    unicode_from_ordinal(ch)
                }
                b's' | b'z' | b'U' => {
                    let s = self.args.ptr() as *const c_char;
                    let n = self.length()?;
                    if s.is_null() {
                        return Ok(object::new_none());
                    }
                    let bytes = if n < 0 {
                        CStr::from_ptr(s).to_bytes()
                    } else {
                        core::slice::from_raw_parts(s as *const u8, n as usize)
                    };
                    unicodeobject::from_utf8(bytes, None)
                }
                b'y' => {
                    let s = self.args.ptr() as *const c_char;
                    let n = self.length()?;
                    if s.is_null() {
                        return Ok(object::new_none());
                    }
                    let bytes = if n < 0 {
                        CStr::from_ptr(s).to_bytes()
                    } else {
                        core::slice::from_raw_parts(s as *const u8, n as usize)
                    };
                    bytesobject::from_slice(bytes)
                }
                b'N' | b'S' | b'O' => {
                    if self.peek() == b'&' {
                        self.pos += 1;
                        let f = self.args.ptr();
                        let arg = self.args.ptr();
                        // SAFETY: the caller passed a converter function for `O&`.
                        let convert: BuildConverter =
                            core::mem::transmute::<*mut c_void, BuildConverter>(f);
                        return Ref::from_result(convert(arg));
                    }
                    let v = self.args.ptr() as *mut PyObject;
                    if v.is_null() {
                        if errors::occurred().is_null() {
                            return Err(errors::system_error(
                                "NULL object passed to Py_BuildValue",
                            ));
                        }
                        return Err(errors::ErrSet::assume_set());
                    }
                    if c == b'N' {
                        Ok(Ref::from_raw(v))
                    } else {
                        Ok(object::new_ref(v))
                    }
                }
                b':' | b',' | b' ' | b'\t' => continue,
                _ => Err(errors::system_error(
                    "bad format char passed to Py_BuildValue",
                )),
            };
        }
    }

    /// `do_ignore`: after a failure, walks the rest of this level so the remaining
    /// arguments are consumed (and `N` references released), keeping the first exception.
    unsafe fn ignore(&mut self, end: u8, n: usize) {
        for _ in 0..n {
            let (t, v, tb) = errors::fetch();
            let w = self.value();
            let _ = errors::restore(t, v, tb);
            drop(w);
        }
        if self.peek() != end {
            let _ = errors::system_error("Unmatched paren in format");
            return;
        }
        if end != 0 {
            self.pos += 1;
        }
    }

    /// `do_mktuple` / `do_mklist` / `do_mkdict`: the values up to `end`.
    unsafe fn sequence(&mut self, end: u8, kind: Container) -> PyResult<Ref> {
        let n = count_format(self.format, self.pos, end)?;
        self.sequence_of(end, n, kind)
    }

    unsafe fn sequence_of(&mut self, end: u8, n: usize, kind: Container) -> PyResult<Ref> {
        if kind == Container::Dict && n % 2 != 0 {
            let e = errors::system_error("Bad dict format");
            self.ignore(end, n);
            return Err(e);
        }
        let mut items: Vec<Ref> = Vec::with_capacity(n);
        for i in 0..n {
            match self.value() {
                Ok(v) => items.push(v),
                Err(e) => {
                    self.ignore(end, n - i - 1);
                    return Err(e);
                }
            }
        }
        if self.peek() != end {
            return Err(errors::system_error("Unmatched paren in format"));
        }
        if end != 0 {
            self.pos += 1;
        }
        let ptrs: Vec<*mut PyObject> = items.iter().map(|r| r.as_ptr()).collect();
        match kind {
            Container::Tuple => tupleobject::pack(&ptrs),
            Container::List => listobject::from_slice(&ptrs),
            Container::Dict => {
                let d = dictobject::new()?;
                for pair in ptrs.chunks(2) {
                    dictobject::set_item(d.as_ptr(), pair[0], pair[1])?;
                }
                Ok(d)
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Tuple,
    List,
    Dict,
}

/// `PyUnicode_FromOrdinal`: ValueError outside `range(0x110000)`.
fn unicode_from_ordinal(ch: c_int) -> PyResult<Ref> {
    if !(0..0x110000).contains(&ch) {
        return Err(errors::value_error("chr() arg not in range(0x110000)"));
    }
    unicodeobject::from_ucs4(&[ch as u32])
}

/// `va_build_value`: `None` for an empty format, the value for one unit, a tuple for more.
///
/// # Safety
/// `args` yields arguments of the types the format names.
pub unsafe fn build_value(format: &[u8], args: &mut dyn ArgSource, flags: u32) -> PyResult<Ref> {
    let n = count_format(format, 0, 0)?;
    let mut b = Builder {
        format,
        pos: 0,
        args,
        flags,
    };
    match n {
        0 => Ok(object::new_none()),
        1 => b.value(),
        _ => b.sequence_of(0, n, Container::Tuple),
    }
}

/// `va_build_stack`: the values of the format as an array of new references (for
/// `PyObject_CallFunction`-style calls).
///
/// # Safety
/// As [`build_value`].
pub unsafe fn build_stack(
    format: &[u8],
    args: &mut dyn ArgSource,
    flags: u32,
) -> PyResult<Vec<Ref>> {
    let n = count_format(format, 0, 0)?;
    let mut b = Builder {
        format,
        pos: 0,
        args,
        flags,
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        match b.value() {
            Ok(v) => out.push(v),
            Err(e) => {
                b.ignore(0, n - i - 1);
                return Err(e);
            }
        }
    }
    if b.peek() != 0 {
        return Err(errors::system_error("Unmatched paren in format"));
    }
    Ok(out)
}

/// Arguments from a Rust slice of typed values (for Rust callers and tests).
pub enum Arg {
    Int(c_int),
    Long(i64),
    ULong(u64),
    Size(Py_ssize_t),
    Double(f64),
    Ptr(*mut c_void),
}

/// An [`ArgSource`] over a slice of [`Arg`]s (each read as its own type, whatever the
/// format asks).
pub struct SliceArgs<'a> {
    items: &'a [Arg],
    pos: usize,
}

impl<'a> SliceArgs<'a> {
    pub fn new(items: &'a [Arg]) -> Self {
        SliceArgs { items, pos: 0 }
    }
    fn next(&mut self) -> Option<&Arg> {
        let a = self.items.get(self.pos);
        self.pos += 1;
        a
    }
    fn as_i64(&mut self) -> i64 {
        match self.next() {
            Some(Arg::Int(v)) => *v as i64,
            Some(Arg::Long(v)) => *v,
            Some(Arg::ULong(v)) => *v as i64,
            Some(Arg::Size(v)) => *v as i64,
            Some(Arg::Double(v)) => *v as i64,
            Some(Arg::Ptr(p)) => *p as i64,
            None => 0,
        }
    }
}

impl ArgSource for SliceArgs<'_> {
    unsafe fn int(&mut self) -> c_int {
        self.as_i64() as c_int
    }
    unsafe fn uint(&mut self) -> c_uint {
        self.as_i64() as c_uint
    }
    unsafe fn long(&mut self) -> c_long {
        self.as_i64()
    }
    unsafe fn ulong(&mut self) -> c_ulong {
        self.as_i64() as c_ulong
    }
    unsafe fn longlong(&mut self) -> i64 {
        self.as_i64()
    }
    unsafe fn ulonglong(&mut self) -> u64 {
        self.as_i64() as u64
    }
    unsafe fn ssize(&mut self) -> Py_ssize_t {
        self.as_i64() as Py_ssize_t
    }
    unsafe fn double(&mut self) -> f64 {
        match self.next() {
            Some(Arg::Double(v)) => *v,
            _ => 0.0,
        }
    }
    unsafe fn ptr(&mut self) -> *mut c_void {
        match self.next() {
            Some(Arg::Ptr(p)) => *p,
            _ => null_mut(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PyModule_Add*.

/// `PyModule_AddObjectRef(mod, name, value)`: `mod.name = value` in the module dict
/// (`value` borrowed; NULL must come with an exception).
///
/// # Safety
/// `module`, `value` NULL or live.
pub unsafe fn add_object_ref(
    module: *mut PyObject,
    name: &str,
    value: *mut PyObject,
) -> PyResult<()> {
    let module_type = &raw mut crate::objects::moduleobject::PyModule_Type;
    if module.is_null()
        || !crate::objects::typeobject::is_subtype(object::py_type(module), module_type)
    {
        return Err(errors::type_error(
            "PyModule_AddObjectRef() first argument must be a module",
        ));
    }
    if value.is_null() {
        if errors::occurred().is_null() {
            return Err(errors::system_error(
                "PyModule_AddObjectRef() must be called with an exception raised if value is NULL",
            ));
        }
        return Err(errors::ErrSet::assume_set());
    }
    let dict = (*(module as *mut crate::abi::pycore_moduleobject::PyModuleObject)).md_dict;
    if dict.is_null() {
        let mname = crate::objects::object::get_attr_str(module, "__name__")
            .map(|n| unicodeobject::to_string_lossy(n.as_ptr()))
            .unwrap_or_default();
        return Err(errors::system_error(&format!(
            "module '{mname}' has no __dict__"
        )));
    }
    dictobject::set_item_str(dict, name, value)
}

/// `PyModule_AddIntConstant`.
///
/// # Safety
/// As [`add_object_ref`].
pub unsafe fn add_int_constant(module: *mut PyObject, name: &str, value: c_long) -> PyResult<()> {
    let v = longobject::from_i64(value)?;
    add_object_ref(module, name, v.as_ptr())
}

/// `PyModule_AddStringConstant` (`value` is UTF-8).
///
/// # Safety
/// As [`add_object_ref`].
pub unsafe fn add_string_constant(module: *mut PyObject, name: &str, value: &[u8]) -> PyResult<()> {
    let v = unicodeobject::from_utf8(value, None)?;
    add_object_ref(module, name, v.as_ptr())
}

/// `PyModule_AddType`: readies the type and adds it under its short name.
///
/// # Safety
/// `tp` is a type object.
pub unsafe fn add_type(module: *mut PyObject, tp: *mut PyTypeObject) -> PyResult<()> {
    crate::objects::typeobject::ready(tp)?;
    let full = object::type_name_of(tp);
    let name = match full.rfind('.') {
        Some(i) => &full[i + 1..],
        None => &full[..],
    };
    add_object_ref(module, name, tp.cast())
}
