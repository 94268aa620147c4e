//! `modsupport.h` argument parsing: the Rust halves of the variadic parsers in
//! `c/getargs.c` (`_Fy_getargs_*`, which read the caller's addresses from its `va_list`
//! through `_fy_va_ptr`), and the non-variadic Argument Clinic helpers.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, PyResult};
use ferrython_runtime::getargs::{self as ga, Keywords, PyArgParser, Targets};
use ferrython_runtime::objects::object;
use ferrython_runtime::objects::tupleobject;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr::null_mut;

extern "C" {
    /// `va_arg(*va, void *)` (c/getargs.c).
    fn _fy_va_ptr(va: *mut c_void) -> *mut c_void;
}

/// The caller's addresses, read from its `va_list` in format order.
struct VaTargets(*mut c_void);

impl Targets for VaTargets {
    unsafe fn next(&mut self) -> *mut c_void {
        _fy_va_ptr(self.0)
    }
}

/// The C convention of the parsers: 1 for success, 0 with an exception set.
fn ok_result(r: PyResult<()>) -> c_int {
    r.is_ok() as c_int
}

/// A format string as Rust text (formats are ASCII in practice; anything else is kept
/// byte-for-byte as far as it is UTF-8).
unsafe fn format_str<'a>(format: *const c_char) -> &'a str {
    let bytes = CStr::from_ptr(format).to_bytes();
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8_unchecked(&bytes[..e.valid_up_to()]),
    }
}

/// The tuple's items as a slice.
unsafe fn tuple_slice<'a>(t: *mut PyObject) -> &'a [*mut PyObject] {
    let n = (*(t as *mut ferrython_runtime::abi::object::PyVarObject)).ob_size as usize;
    if n == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(tupleobject::items(t), n)
    }
}

exported!(
    /// `PyArg_Parse*` / `PyArg_ParseTuple*` (flags: 1 compat, 2 Py_ssize_t lengths).
    fn _Fy_getargs_tuple(args: *mut PyObject, format: *const c_char, va: *mut c_void, flags: c_int) -> c_int => {
        let mut t = VaTargets(va);
        let format = format_str(format);
        if flags as u32 & ga::FLAG_COMPAT != 0 {
            ok_result(ga::parse_stack(Some(args), &[], format, &mut t, flags as u32))
        } else {
            ok_result(ga::parse_tuple(args, format, &mut t, flags as u32))
        }
    }
);

exported!(
    /// `_PyArg_ParseStack*`.
    fn _Fy_getargs_stack(args: *const *mut PyObject, nargs: Py_ssize_t, format: *const c_char, va: *mut c_void, flags: c_int) -> c_int => {
        let mut t = VaTargets(va);
        let stack = if nargs <= 0 { &[][..] } else { std::slice::from_raw_parts(args, nargs as usize) };
        ok_result(ga::parse_stack(None, stack, format_str(format), &mut t, flags as u32))
    }
);

exported!(
    /// `PyArg_ParseTupleAndKeywords*` (kwlist: NULL-terminated array of names).
    fn _Fy_getargs_keywords(args: *mut PyObject, kwargs: *mut PyObject, format: *const c_char,
                            kwlist: *mut *mut c_char, va: *mut c_void, flags: c_int) -> c_int => {
        let mut t = VaTargets(va);
        if args.is_null() || format.is_null() || kwlist.is_null() {
            // The parser reports these with CPython's source position for the entry point.
            return ok_result(ga::parse_tuple_and_keywords(null_mut(), kwargs, "", &[], &mut t, flags as u32));
        }
        let mut names = Vec::new();
        let mut p = kwlist;
        while !(*p).is_null() {
            names.push(CStr::from_ptr(*p).to_str().unwrap_or(""));
            p = p.add(1);
        }
        ok_result(ga::parse_tuple_and_keywords(args, kwargs, format_str(format), &names, &mut t, flags as u32))
    }
);

exported!(
    /// The `_PyArg_Parser` forms: either a tuple plus a dict, or a vectorcall array plus
    /// keyword names.
    fn _Fy_getargs_parser(args: *const *mut PyObject, nargs: Py_ssize_t, argstuple: *mut PyObject,
                          kwargs: *mut PyObject, kwnames: *mut PyObject, parser: *mut PyArgParser,
                          va: *mut c_void, flags: c_int) -> c_int => {
        let mut t = VaTargets(va);
        if !argstuple.is_null() || (args.is_null() && kwnames.is_null()) {
            if argstuple.is_null()
                || !object::has_feature(object::py_type(argstuple), ferrython_runtime::abi::object::Py_TPFLAGS_TUPLE_SUBCLASS)
                || (!kwargs.is_null() && !ferrython_runtime::objects::dictobject::check(kwargs))
            {
                // vgetargskeywordsfast's check, as CPython reports it.
                let _ = errors::bad_internal_call_at("Python/getargs.c", 2280);
                return 0;
            }
            let items = tuple_slice(argstuple);
            let kw = if kwargs.is_null() { Keywords::None } else { Keywords::Dict(kwargs) };
            return ok_result(ga::parse_with_parser(items.as_ptr(), items.len(), kw, parser, &mut t, flags as u32));
        }
        let nargs = nargs.max(0) as usize;
        let kw = Keywords::from_parts(args, nargs, null_mut(), kwnames);
        ok_result(ga::parse_with_parser(args, nargs, kw, parser, &mut t, flags as u32))
    }
);

exported!(
    /// `PyArg_UnpackTuple` (a tuple) / `_PyArg_UnpackStack` (an array): the items go to the
    /// caller's `PyObject **` addresses.
    fn _Fy_getargs_unpack(argstuple: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t,
                          name: *const c_char, min: Py_ssize_t, max: Py_ssize_t, va: *mut c_void) -> c_int => {
        let items: &[*mut PyObject] = if !argstuple.is_null() {
            if !object::has_feature(object::py_type(argstuple), ferrython_runtime::abi::object::Py_TPFLAGS_TUPLE_SUBCLASS) {
                let _ = errors::system_error("PyArg_UnpackTuple() argument list is not a tuple");
                return 0;
            }
            tuple_slice(argstuple)
        } else if nargs <= 0 {
            &[]
        } else {
            std::slice::from_raw_parts(args, nargs as usize)
        };
        let name = if name.is_null() { None } else { Some(format_str(name)) };
        if ga::check_positional(name, items.len(), min.max(0) as usize, max.max(0) as usize).is_err() {
            return 0;
        }
        for &item in items {
            let dest = _fy_va_ptr(va) as *mut *mut PyObject;
            *dest = item;
        }
        1
    }
);

exported!(fn _PyArg_UnpackKeywords(args: *const *mut PyObject, nargs: Py_ssize_t, kwargs: *mut PyObject, kwnames: *mut PyObject,
                                   parser: *mut PyArgParser, minpos: c_int, maxpos: c_int, minkw: c_int,
                                   buf: *mut *mut PyObject) -> *const *mut PyObject => {
    ga::unpack_keywords(args, nargs.max(0) as usize, kwargs, kwnames, parser, minpos.max(0) as usize,
                        maxpos.max(0) as usize, minkw.max(0) as usize, buf).unwrap_or(std::ptr::null())
});
exported!(fn _PyArg_UnpackKeywordsWithVararg(args: *const *mut PyObject, nargs: Py_ssize_t, kwargs: *mut PyObject,
                                             kwnames: *mut PyObject, parser: *mut PyArgParser, minpos: c_int,
                                             maxpos: c_int, minkw: c_int, vararg: c_int,
                                             buf: *mut *mut PyObject) -> *const *mut PyObject => {
    ga::unpack_keywords_with_vararg(args, nargs.max(0) as usize, kwargs, kwnames, parser, minpos.max(0) as usize,
                                    maxpos.max(0) as usize, minkw.max(0) as usize, vararg.max(0) as usize, buf)
        .unwrap_or(std::ptr::null())
});
exported!(fn _PyArg_CheckPositional(name: *const c_char, nargs: Py_ssize_t, min: Py_ssize_t, max: Py_ssize_t) -> c_int => {
    let name = if name.is_null() { None } else { Some(format_str(name)) };
    ok_result(ga::check_positional(name, nargs.max(0) as usize, min.max(0) as usize, max.max(0) as usize))
});
exported!(fn _PyArg_BadArgument(fname: *const c_char, displayname: *const c_char, expected: *const c_char, arg: *mut PyObject) => {
    let _ = ga::bad_argument(format_str(fname), format_str(displayname), format_str(expected), arg);
});
exported!(fn _PyArg_NoKeywords(funcname: *const c_char, kwargs: *mut PyObject) -> c_int =>
    ok_result(ga::no_keywords(format_str(funcname), kwargs)));
exported!(fn _PyArg_NoPositional(funcname: *const c_char, args: *mut PyObject) -> c_int =>
    ok_result(ga::no_positional(format_str(funcname), args)));
exported!(fn _PyArg_NoKwnames(funcname: *const c_char, kwnames: *mut PyObject) -> c_int =>
    ok_result(ga::no_kwnames(format_str(funcname), kwnames)));
exported!(fn PyArg_ValidateKeywordArguments(kwargs: *mut PyObject) -> c_int =>
    ok_result(ga::validate_keyword_arguments(kwargs)));

exported!(
    /// `_Py_convert_optional_to_ssize_t`: an `O&` converter for "int or None" (None leaves
    /// the target untouched; an index is converted with OverflowError past Py_ssize_t).
    fn _Py_convert_optional_to_ssize_t(obj: *mut PyObject, result: *mut c_void) -> c_int => {
        if obj == object::none() {
            return 1;
        }
        let nb = (*object::py_type(obj)).tp_as_number;
        if nb.is_null() || (*nb).nb_index.is_none() {
            let _ = errors::type_error(&format!(
                "argument should be integer or None, not '{}'",
                object::type_name_trunc(object::py_type(obj), 200)
            ));
            return 0;
        }
        match ferrython_runtime::objects::longobject::as_ssize_index(obj, ferrython_runtime::objects::exceptions::PyExc_OverflowError) {
            Ok(v) => {
                *(result as *mut Py_ssize_t) = v;
                1
            }
            Err(_) => 0,
        }
    }
);
