//! The `builtins` module (CPython 3.11's Python/bltinmodule.c): the built-in functions
//! (`__build_class__`, `__import__`, `len`, `print`, `sum`, ...), the built-in type names and
//! constants, and every built-in exception class. `open` is added by start-up from `io.open`.

use crate::abi::methodobject::*;
use crate::abi::moduleobject::{PyModuleDef, PyModuleDef_Base};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::getargs::PyArgParser;
use crate::objects::dictobject::{self, METHOD_END};
use crate::objects::object::{self as obj, new_ref, py_type, Ref};
use crate::objects::r#abstract::{iter as aiter_, mapping, number, sequence};
use crate::objects::{call, listobject, longobject, tupleobject, unicodeobject};
use core::ffi::{c_char, c_int, CStr};
use core::ptr::{null, null_mut};

type FastFn =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type FastKwFn = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;
type VarKwFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

/// A `PyMethodDef` whose doc is a `&CStr` constant (the docstring table of this module).
macro_rules! fdef {
    ($name:literal, $f:expr, $flags:expr, $doc:expr) => {
        PyMethodDef {
            ml_name: $name.as_ptr(),
            // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
            ml_meth: Some(unsafe {
                core::mem::transmute::<
                    *const (),
                    unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
                >($f as *const ())
            }),
            ml_flags: $flags,
            ml_doc: $doc.as_ptr(),
        }
    };
}
pub(crate) use fdef;

/// Compiler flags (cpython/compile.h, cpython/code.h).
pub const PYCF_MASK: c_int =
    0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000 | 0x800000 | 0x1000000;
pub const PYCF_MASK_OBSOLETE: c_int = 0x0010;
pub const PYCF_SOURCE_IS_UTF8: c_int = 0x0100;
pub const PYCF_DONT_IMPLY_DEDENT: c_int = 0x0200;
pub const PYCF_ONLY_AST: c_int = 0x0400;
pub const PYCF_IGNORE_COOKIE: c_int = 0x0800;
pub const PYCF_TYPE_COMMENTS: c_int = 0x1000;
pub const PYCF_ALLOW_TOP_LEVEL_AWAIT: c_int = 0x2000;
pub const PYCF_ALLOW_INCOMPLETE_INPUT: c_int = 0x4000;
pub const PYCF_COMPILE_MASK: c_int = PYCF_ONLY_AST
    | PYCF_ALLOW_TOP_LEVEL_AWAIT
    | PYCF_TYPE_COMMENTS
    | PYCF_DONT_IMPLY_DEDENT
    | PYCF_ALLOW_INCOMPLETE_INPUT;

/// Declares a `_PyArg_Parser` with its keyword list (`""` marks a positional-only parameter).
macro_rules! arg_parser {
    ($kw:ident, $parser:ident, $fname:literal, $n:literal, [$($k:literal),*]) => {
        static mut $kw: [*const c_char; $n + 1] = [$($k.as_ptr(),)* null()];
        static mut $parser: PyArgParser = PyArgParser {
            format: null(),
            keywords: (&raw const $kw).cast(),
            fname: $fname.as_ptr(),
            custom_msg: null(),
            pos: 0,
            min: 0,
            max: 0,
            kwtuple: null_mut(),
            next: null_mut(),
        };
    };
}

/// `_PyArg_UnpackKeywords` for a vectorcall: the `n` parameters in order, NULL where not given.
unsafe fn parse_args(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    parser: *mut PyArgParser,
    (minpos, maxpos, minkw): (usize, usize, usize),
    n: usize,
) -> PyResult<Vec<*mut PyObject>> {
    let mut buf: Vec<*mut PyObject> = vec![null_mut(); n];
    let nargs = nargs as usize;
    let a = crate::getargs::unpack_keywords(
        args,
        nargs,
        null_mut(),
        kwnames,
        parser,
        minpos,
        maxpos,
        minkw,
        buf.as_mut_ptr(),
    )?;
    if a == args {
        for (i, slot) in buf.iter_mut().enumerate() {
            *slot = if i < nargs { *args.add(i) } else { null_mut() };
        }
        return Ok(buf);
    }
    let mut out = vec![null_mut(); n];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = *a.add(i);
    }
    Ok(out)
}

/// The positional arguments of a METH_FASTCALL call as a slice.
unsafe fn positional<'a>(args: *const *mut PyObject, nargs: Py_ssize_t) -> &'a [*mut PyObject] {
    if nargs <= 0 || args.is_null() {
        &[]
    } else {
        core::slice::from_raw_parts(args, nargs as usize)
    }
}

/// `_PyEval_GetBuiltin(name)`: a builtin by name from the interpreter's builtins (for
/// `__reduce__` methods that name `iter`, `getattr`, ...).
pub unsafe fn get_builtin(name: &str) -> PyResult<Ref> {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if !interp.is_null() && !(*interp).builtins.is_null() {
        if let Some(v) = dictobject::get_item_str((*interp).builtins, name)? {
            return Ok(new_ref(v));
        }
    }
    let key = unicodeobject::new_str(name)?;
    Err(errors::set_object(
        crate::objects::exceptions::PyExc_AttributeError,
        key.as_ptr(),
    ))
}

unsafe fn is_true_ptr(o: *mut PyObject) -> PyResult<bool> {
    obj::is_true(o)
}

fn none() -> Ref {
    obj::new_none()
}

// ---------------------------------------------------------------------------------------------
// Simple functions.

unsafe extern "C" fn builtin_abs(_m: *mut PyObject, x: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(number::absolute(x))
}

/// `all(iterable)` / `any(iterable)`: stops at the first item whose truth is `stop_at`.
unsafe fn all_any(iterable: *mut PyObject, stop_at: bool) -> PyResult<Ref> {
    let it = aiter_::get_iter(iterable)?;
    while let Some(item) = aiter_::next(it.as_ptr())? {
        if is_true_ptr(item.as_ptr())? == stop_at {
            return Ok(obj::new_bool(stop_at));
        }
    }
    Ok(obj::new_bool(!stop_at))
}

unsafe extern "C" fn builtin_all(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(all_any(v, false))
}

unsafe extern "C" fn builtin_any(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(all_any(v, true))
}

unsafe extern "C" fn builtin_ascii(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(obj::ascii(v))
}

unsafe extern "C" fn builtin_bin(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(number::to_base(v, 2))
}

unsafe extern "C" fn builtin_oct(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(number::to_base(v, 8))
}

unsafe extern "C" fn builtin_hex(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(number::to_base(v, 16))
}

unsafe extern "C" fn builtin_callable(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    obj::new_bool(call::is_callable(v)).into_raw()
}

/// `breakpoint(*args, **kws)`: calls `sys.breakpointhook`.
unsafe extern "C" fn builtin_breakpoint(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let hook = crate::modules::sysmodule::get_object("breakpointhook");
        if hook.is_null() {
            return Err(errors::runtime_error("lost sys.breakpointhook"));
        }
        let hook = new_ref(hook);
        call::vectorcall_raw(hook.as_ptr(), args, nargs as usize, kwnames)
    })())
}

/// `chr(i)`: the clinic `int` converter, then the ordinal range check.
unsafe extern "C" fn builtin_chr(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let i = crate::getargs::int_from_object(v)?;
        if !(0..0x110000).contains(&i) {
            return Err(errors::value_error("chr() arg not in range(0x110000)"));
        }
        unicodeobject::char_str(i as u32)
    })())
}

unsafe extern "C" fn builtin_delattr(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("delattr"), nargs as usize, 2, 2)?;
        let a = positional(args, nargs);
        obj::set_attr(a[0], a[1], null_mut())?;
        Ok(none())
    })())
}

unsafe extern "C" fn builtin_setattr(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("setattr"), nargs as usize, 3, 3)?;
        let a = positional(args, nargs);
        obj::set_attr(a[0], a[1], a[2])?;
        Ok(none())
    })())
}

/// `dir([object])`: without an argument, the sorted names of the current local scope.
unsafe extern "C" fn builtin_dir(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("dir"), nargs as usize, 0, 1)?;
        if nargs == 1 {
            return obj::dir(*args);
        }
        let locals = current_locals()?;
        let list = mapping::keys(locals.as_ptr())?;
        if !listobject::check(list.as_ptr()) {
            return Err(errors::type_error(&format!(
                "dir(): expected keys() of locals to be a list, not '{:.200}'",
                obj::type_name(list.as_ptr())
            )));
        }
        listobject::sort(list.as_ptr(), null_mut(), false)?;
        Ok(list)
    })())
}

unsafe extern "C" fn builtin_divmod(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("divmod"), nargs as usize, 2, 2)?;
        number::divmod(*args, *args.add(1))
    })())
}

/// `format(value, format_spec='', /)`.
unsafe extern "C" fn builtin_format(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("format"), nargs as usize, 1, 2)?;
        let spec = if nargs > 1 { *args.add(1) } else { null_mut() };
        if !spec.is_null() && !obj::is_str(spec) {
            return Err(errors::type_error(&format!(
                "format() argument 2 must be str, not {}",
                obj::type_name(spec)
            )));
        }
        number::format(*args, spec)
    })())
}

/// `getattr(object, name[, default])`.
unsafe extern "C" fn builtin_getattr(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("getattr"), nargs as usize, 2, 3)?;
        let a = positional(args, nargs);
        if nargs > 2 {
            return Ok(match obj::lookup_attr(a[0], a[1])? {
                Some(v) => v,
                None => new_ref(a[2]),
            });
        }
        obj::get_attr(a[0], a[1])
    })())
}

/// `hasattr(obj, name, /)`.
unsafe extern "C" fn builtin_hasattr(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("hasattr"), nargs as usize, 2, 2)?;
        let a = positional(args, nargs);
        Ok(obj::new_bool(obj::lookup_attr(a[0], a[1])?.is_some()))
    })())
}

unsafe extern "C" fn builtin_hash(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(obj::hash(v).and_then(|h| longobject::from_isize(h)))
}

/// `id(obj)`: the address as an unsigned integer (`PyLong_FromVoidPtr`).
unsafe extern "C" fn builtin_id(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_usize(v as usize))
}

/// `isinstance`/`issubclass` second argument: a union stands for the tuple of its members
/// (as `object_recursive_isinstance` does).
unsafe fn unwrap_union(cls: *mut PyObject) -> *mut PyObject {
    if crate::objects::unionobject::is_union(cls) {
        crate::objects::unionobject::union_args(cls)
    } else {
        cls
    }
}

unsafe extern "C" fn builtin_isinstance(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("isinstance"), nargs as usize, 2, 2)?;
        Ok(obj::new_bool(obj::is_instance(
            *args,
            unwrap_union(*args.add(1)),
        )?))
    })())
}

unsafe extern "C" fn builtin_issubclass(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("issubclass"), nargs as usize, 2, 2)?;
        Ok(obj::new_bool(obj::is_subclass(
            *args,
            unwrap_union(*args.add(1)),
        )?))
    })())
}

/// `iter(iterable)` / `iter(callable, sentinel)`.
unsafe extern "C" fn builtin_iter(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("iter"), nargs as usize, 1, 2)?;
        let v = *args;
        if nargs == 1 {
            return aiter_::get_iter(v);
        }
        if !call::is_callable(v) {
            return Err(errors::type_error("iter(v, w): v must be callable"));
        }
        crate::objects::iterobject::new_call_iter(v, *args.add(1))
    })())
}

/// `aiter(async_iterable)`.
unsafe extern "C" fn builtin_aiter(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(aiter_::get_aiter(v))
}

/// `anext(aiterator[, default])`: the awaitable of `__anext__`, wrapped to return `default`
/// on StopAsyncIteration when one is given.
unsafe extern "C" fn builtin_anext(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("anext"), nargs as usize, 1, 2)?;
        let aiterator = *args;
        let tp = py_type(aiterator);
        let anext = if (*tp).tp_as_async.is_null() {
            None
        } else {
            (*(*tp).tp_as_async).am_anext
        };
        let Some(anext) = anext else {
            return Err(errors::type_error(&format!(
                "'{:.200}' object is not an async iterator",
                obj::type_name(aiterator)
            )));
        };
        let awaitable = Ref::from_result(anext(aiterator))?;
        if nargs == 1 {
            return Ok(awaitable);
        }
        crate::objects::bltinmodule_iters::anext_awaitable_new(awaitable.as_ptr(), *args.add(1))
    })())
}

unsafe extern "C" fn builtin_len(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(mapping::size(v).and_then(longobject::from_isize))
}

/// `next(iterator[, default])`.
unsafe extern "C" fn builtin_next(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("next"), nargs as usize, 1, 2)?;
        let it = *args;
        let Some(f) = (*py_type(it)).tp_iternext else {
            return Err(errors::type_error(&format!(
                "'{:.200}' object is not an iterator",
                obj::type_name(it)
            )));
        };
        let res = f(it);
        if !res.is_null() {
            return Ok(Ref::from_raw(res));
        }
        if nargs > 1 {
            if !errors::occurred().is_null() {
                if !errors::exception_matches(crate::objects::exceptions::PyExc_StopIteration) {
                    return Err(errors::ErrSet::assume_set());
                }
                errors::clear();
            }
            return Ok(new_ref(*args.add(1)));
        }
        if errors::occurred().is_null() {
            return Err(errors::set_none(
                crate::objects::exceptions::PyExc_StopIteration,
            ));
        }
        Err(errors::ErrSet::assume_set())
    })())
}

/// `ord(c)`: the code point of a one-character str, or the value of a one-byte bytes or
/// bytearray.
unsafe extern "C" fn builtin_ord(_m: *mut PyObject, c: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let size;
        if crate::objects::bytesobject::is_bytes(c) {
            let b = crate::objects::bytesobject::as_slice(c);
            if b.len() == 1 {
                return longobject::from_i64(b[0] as i64);
            }
            size = b.len();
        } else if unicodeobject::is_str(c) {
            let n = unicodeobject::length(c);
            if n == 1 {
                let (data, kind) = unicodeobject::data_and_kind(c);
                return longobject::from_i64(unicodeobject::read_char(data, kind, 0) as i64);
            }
            size = n as usize;
        } else if crate::objects::bytearrayobject::is_bytearray(c) {
            let b = crate::objects::bytearrayobject::as_slice(c);
            if b.len() == 1 {
                return longobject::from_i64(b[0] as i64);
            }
            size = b.len();
        } else {
            return Err(errors::type_error(&format!(
                "ord() expected string of length 1, but {:.200} found",
                obj::type_name(c)
            )));
        }
        Err(errors::type_error(&format!(
            "ord() expected a character, but string of length {size} found"
        )))
    })())
}

arg_parser!(POW_KW, POW_PARSER, c"pow", 3, [c"base", c"exp", c"mod"]);

/// `pow(base, exp, mod=None)`.
unsafe extern "C" fn builtin_pow(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = parse_args(args, nargs, kwnames, &raw mut POW_PARSER, (2, 3, 0), 3)?;
        let m = if a[2].is_null() { obj::none() } else { a[2] };
        number::power(a[0], a[1], m)
    })())
}

unsafe extern "C" fn builtin_repr(_m: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(obj::repr(v))
}

arg_parser!(ROUND_KW, ROUND_PARSER, c"round", 2, [c"number", c"ndigits"]);

/// `round(number, ndigits=None)`: through the type's `__round__`.
unsafe extern "C" fn builtin_round(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = parse_args(args, nargs, kwnames, &raw mut ROUND_PARSER, (1, 2, 0), 2)?;
        let number = a[0];
        let Some(round) = obj::lookup_special(number, crate::_Py_ID!(__round__))? else {
            return Err(errors::type_error(&format!(
                "type {:.100} doesn't define __round__ method",
                obj::type_name(number)
            )));
        };
        if a[1].is_null() || a[1] == obj::none() {
            call::call_no_args(round.as_ptr())
        } else {
            call::call_one_arg(round.as_ptr(), a[1])
        }
    })())
}

/// `vars([object])`.
unsafe extern "C" fn builtin_vars(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("vars"), nargs as usize, 0, 1)?;
        if nargs == 0 {
            return current_locals();
        }
        match obj::lookup_attr(*args, crate::_Py_ID!(__dict__))? {
            Some(d) => Ok(d),
            None => Err(errors::type_error(
                "vars() argument must have __dict__ attribute",
            )),
        }
    })())
}

// ---------------------------------------------------------------------------------------------
// min, max, sum, sorted

/// `min`/`max(iterable, *[, default=obj, key=func])` and `(arg1, arg2, *args, *[, key=func])`.
unsafe fn min_max(args: *mut PyObject, kwargs: *mut PyObject, op: c_int) -> PyResult<Ref> {
    let name = if op == obj::Py_LT { "min" } else { "max" };
    let n = tupleobject::len(args);
    let positional = n > 1;
    let v = if positional {
        args
    } else if n == 1 {
        *tupleobject::items(args)
    } else {
        return Err(errors::type_error(&format!(
            "{name} expected at least 1 argument, got 0"
        )));
    };
    let mut keyfunc: *mut PyObject = null_mut();
    let mut defaultval: *mut PyObject = null_mut();
    if !kwargs.is_null() {
        let empty = tupleobject::pack(&[])?;
        let targets: [*mut core::ffi::c_void; 2] =
            [(&raw mut keyfunc).cast(), (&raw mut defaultval).cast()];
        let mut t = crate::getargs::SliceTargets::new(&targets);
        let fmt = if op == obj::Py_LT {
            "|$OO:min"
        } else {
            "|$OO:max"
        };
        crate::getargs::parse_tuple_and_keywords(
            empty.as_ptr(),
            kwargs,
            fmt,
            &["key", "default"],
            &mut t,
            0,
        )?;
    }
    if positional && !defaultval.is_null() {
        return Err(errors::type_error(&format!(
            "Cannot specify a default for {name}() with multiple positional arguments"
        )));
    }
    let it = aiter_::get_iter(v)?;
    if keyfunc == obj::none() {
        keyfunc = null_mut();
    }
    let mut best: Option<(Ref, Ref)> = None;
    while let Some(item) = aiter_::next(it.as_ptr())? {
        let val = if keyfunc.is_null() {
            item.clone()
        } else {
            call::call_one_arg(keyfunc, item.as_ptr())?
        };
        match &best {
            None => best = Some((item, val)),
            Some((_, bestval)) => {
                if obj::rich_compare_bool(val.as_ptr(), bestval.as_ptr(), op)? {
                    best = Some((item, val));
                }
            }
        }
    }
    match best {
        Some((item, _)) => Ok(item),
        None if !defaultval.is_null() => Ok(new_ref(defaultval)),
        None => Err(errors::value_error(&format!(
            "{name}() arg is an empty sequence"
        ))),
    }
}

unsafe extern "C" fn builtin_min(
    _m: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(min_max(args, kwargs, obj::Py_LT))
}

unsafe extern "C" fn builtin_max(
    _m: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(min_max(args, kwargs, obj::Py_GT))
}

arg_parser!(SUM_KW, SUM_PARSER, c"sum", 2, [c"", c"start"]);

/// `sum(iterable, /, start=0)`: exact-int and exact-float running totals in machine numbers
/// (as 3.11 does, without compensated summation), then the generic `+`.
unsafe extern "C" fn builtin_sum(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = parse_args(args, nargs, kwnames, &raw mut SUM_PARSER, (1, 2, 0), 2)?;
        sum(a[0], a[1])
    })())
}

/// The body of `sum`; `start` NULL means 0.
pub unsafe fn sum(iterable: *mut PyObject, start: *mut PyObject) -> PyResult<Ref> {
    let it = aiter_::get_iter(iterable)?;
    let mut result = if start.is_null() {
        longobject::from_i64(0)?
    } else {
        if unicodeobject::is_str(start) {
            return Err(errors::type_error(
                "sum() can't sum strings [use ''.join(seq) instead]",
            ));
        }
        if crate::objects::bytesobject::is_bytes(start) {
            return Err(errors::type_error(
                "sum() can't sum bytes [use b''.join(seq) instead]",
            ));
        }
        if crate::objects::bytearrayobject::is_bytearray(start) {
            return Err(errors::type_error(
                "sum() can't sum bytearray [use b''.join(seq) instead]",
            ));
        }
        new_ref(start)
    };
    // The exact-int fast path: a C long total until it would overflow or a non-int comes.
    if longobject::is_exact_int(result.as_ptr()) {
        if let Ok((mut total, 0)) = longobject::as_i64_and_overflow(result.as_ptr()) {
            loop {
                let Some(item) = aiter_::next(it.as_ptr())? else {
                    return longobject::from_i64(total);
                };
                if longobject::is_exact_int(item.as_ptr())
                    || crate::objects::boolobject::is_bool(item.as_ptr())
                {
                    if let Ok((b, 0)) = longobject::as_i64_and_overflow(item.as_ptr()) {
                        if let Some(t) = total.checked_add(b) {
                            total = t;
                            continue;
                        }
                    }
                }
                // Leave the fast path: total so far + this item, then continue generically.
                let so_far = longobject::from_i64(total)?;
                result = number::add(so_far.as_ptr(), item.as_ptr())?;
                break;
            }
        } else {
            errors::clear();
        }
    }
    // The exact-float fast path.
    if crate::objects::floatobject::is_exact_float(result.as_ptr()) {
        let mut total = crate::objects::floatobject::value(result.as_ptr());
        loop {
            let Some(item) = aiter_::next(it.as_ptr())? else {
                return crate::objects::floatobject::from_f64(total);
            };
            if crate::objects::floatobject::is_exact_float(item.as_ptr()) {
                total += crate::objects::floatobject::value(item.as_ptr());
                continue;
            }
            if longobject::is_int(item.as_ptr()) {
                if let Ok((v, 0)) = longobject::as_i64_and_overflow(item.as_ptr()) {
                    total += v as f64;
                    continue;
                }
            }
            let so_far = crate::objects::floatobject::from_f64(total)?;
            result = number::add(so_far.as_ptr(), item.as_ptr())?;
            break;
        }
    }
    while let Some(item) = aiter_::next(it.as_ptr())? {
        result = number::add(result.as_ptr(), item.as_ptr())?;
    }
    Ok(result)
}

/// `sorted(iterable, /, *, key=None, reverse=False)`: a new list, sorted by `list.sort`.
unsafe extern "C" fn builtin_sorted(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if nargs != 1 {
            return Err(errors::type_error(&format!(
                "sorted expected 1 argument, got {nargs}"
            )));
        }
        let list = sequence::list(*args)?;
        let sort = obj::get_attr_str(list.as_ptr(), "sort")?;
        call::vectorcall_raw(sort.as_ptr(), args.add(1), 0, kwnames)?;
        Ok(list)
    })())
}

// ---------------------------------------------------------------------------------------------
// print and input

arg_parser!(
    PRINT_KW,
    PRINT_PARSER,
    c"print",
    4,
    [c"sep", c"end", c"file", c"flush"]
);

/// `file.write(s)` for a Rust string.
unsafe fn write_str(file: *mut PyObject, s: &str) -> PyResult<()> {
    let text = unicodeobject::new_str(s)?;
    write_obj(file, text.as_ptr())
}

/// `PyFile_WriteObject(v, file, Py_PRINT_RAW)`: `file.write(str(v))`.
unsafe fn write_obj(file: *mut PyObject, v: *mut PyObject) -> PyResult<()> {
    let text = obj::str(v)?;
    call::call_method_str(file, "write", &[text.as_ptr()])?;
    Ok(())
}

/// `print(*args, sep=' ', end='\n', file=None, flush=False)`.
unsafe extern "C" fn builtin_print(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut kw: [*mut PyObject; 4] = [null_mut(); 4];
        if !kwnames.is_null() {
            // Keywords only: the positionals are `*args`.
            let a = parse_args(
                args.add(nargs as usize),
                0,
                kwnames,
                &raw mut PRINT_PARSER,
                (0, 0, 0),
                4,
            )?;
            kw.copy_from_slice(&a);
        }
        let [mut sep, mut end, mut file, flush] = kw;
        if file.is_null() || file == obj::none() {
            file = crate::modules::sysmodule::get_object("stdout");
            if file.is_null() {
                return Err(errors::runtime_error("lost sys.stdout"));
            }
            // sys.stdout may be None when FILE* stdout isn't connected.
            if file == obj::none() {
                return Ok(none());
            }
        }
        let file = new_ref(file);
        if sep == obj::none() {
            sep = null_mut();
        } else if !sep.is_null() && !unicodeobject::is_str(sep) {
            return Err(errors::type_error(&format!(
                "sep must be None or a string, not {:.200}",
                obj::type_name(sep)
            )));
        }
        if end == obj::none() {
            end = null_mut();
        } else if !end.is_null() && !unicodeobject::is_str(end) {
            return Err(errors::type_error(&format!(
                "end must be None or a string, not {:.200}",
                obj::type_name(end)
            )));
        }
        for (i, &a) in positional(args, nargs).iter().enumerate() {
            if i > 0 {
                if sep.is_null() {
                    write_str(file.as_ptr(), " ")?;
                } else {
                    write_obj(file.as_ptr(), sep)?;
                }
            }
            write_obj(file.as_ptr(), a)?;
        }
        if end.is_null() {
            write_str(file.as_ptr(), "\n")?;
        } else {
            write_obj(file.as_ptr(), end)?;
        }
        if !flush.is_null() && is_true_ptr(flush)? {
            call::call_method_str(file.as_ptr(), "flush", &[])?;
        }
        Ok(none())
    })())
}

/// `input(prompt='', /)`: the prompt written to sys.stdout (after flushing sys.stderr), one
/// line read from sys.stdin with its newline removed; EOFError at end of input.
unsafe extern "C" fn builtin_input(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("input"), nargs as usize, 0, 1)?;
        let prompt = if nargs > 0 { *args } else { null_mut() };
        let fin = crate::modules::sysmodule::get_object("stdin");
        let fout = crate::modules::sysmodule::get_object("stdout");
        let ferr = crate::modules::sysmodule::get_object("stderr");
        if fin.is_null() || fin == obj::none() {
            return Err(errors::runtime_error("input(): lost sys.stdin"));
        }
        if fout.is_null() || fout == obj::none() {
            return Err(errors::runtime_error("input(): lost sys.stdout"));
        }
        let (fin, fout) = (new_ref(fin), new_ref(fout));
        if !ferr.is_null() && ferr != obj::none() {
            let ferr = new_ref(ferr);
            if call::call_method_str(ferr.as_ptr(), "flush", &[]).is_err() {
                errors::clear();
            }
        }
        if !prompt.is_null() {
            write_obj(fout.as_ptr(), prompt)?;
        }
        if call::call_method_str(fout.as_ptr(), "flush", &[]).is_err() {
            errors::clear();
        }
        get_line(fin.as_ptr())
    })())
}

/// `PyFile_GetLine(f, -1)`: `f.readline()` without its trailing newline; EOFError when empty.
unsafe fn get_line(f: *mut PyObject) -> PyResult<Ref> {
    let line = call::call_method_str(f, "readline", &[])?;
    let p = line.as_ptr();
    if crate::objects::bytesobject::is_bytes(p) {
        let b = crate::objects::bytesobject::as_slice(p);
        if b.is_empty() {
            return Err(errors::set_string(
                crate::objects::exceptions::PyExc_EOFError,
                "EOF when reading a line",
            ));
        }
        if b.ends_with(b"\n") {
            return crate::objects::bytesobject::from_slice(&b[..b.len() - 1]);
        }
        return Ok(line);
    }
    if unicodeobject::is_str(p) {
        let n = unicodeobject::length(p);
        if n == 0 {
            return Err(errors::set_string(
                crate::objects::exceptions::PyExc_EOFError,
                "EOF when reading a line",
            ));
        }
        let (data, kind) = unicodeobject::data_and_kind(p);
        if unicodeobject::read_char(data, kind, n as usize - 1) == '\n' as u32 {
            return unicodeobject::substring(p, 0, n as usize - 1);
        }
        return Ok(line);
    }
    Err(errors::type_error("object.readline() returned non-string"))
}

// ---------------------------------------------------------------------------------------------
// The functions that run code: globals, locals, eval, exec, compile, __import__, __build_class__.

/// `PyEval_GetLocals()` as a new reference; "no locals" is an error.
unsafe fn current_locals() -> PyResult<Ref> {
    let l = crate::eval::ceval::get_locals()?;
    if l.is_null() {
        return Err(errors::system_error("frame does not exist"));
    }
    Ok(new_ref(l))
}

unsafe extern "C" fn builtin_globals(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let g = crate::eval::ceval::get_globals();
    if g.is_null() {
        return none().into_raw();
    }
    new_ref(g).into_raw()
}

unsafe extern "C" fn builtin_locals(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(current_locals())
}

/// `_Py_SourceAsString`: the bytes of a str (UTF-8, and the coding cookie is then ignored),
/// bytes, bytearray or buffer source; NUL bytes are refused.
unsafe fn source_as_bytes(
    cmd: *mut PyObject,
    funcname: &str,
    what: &str,
    flags: &mut c_int,
) -> PyResult<Vec<u8>> {
    let bytes: Vec<u8> = if unicodeobject::is_str(cmd) {
        *flags |= PYCF_IGNORE_COOKIE;
        unicodeobject::as_utf8(cmd)?.to_vec()
    } else if crate::objects::bytesobject::is_bytes(cmd) {
        crate::objects::bytesobject::as_slice(cmd).to_vec()
    } else if crate::objects::bytearrayobject::is_bytearray(cmd) {
        crate::objects::bytearrayobject::as_slice(cmd).to_vec()
    } else if crate::objects::r#abstract::buffer::check(cmd) {
        let mut view: Py_buffer = core::mem::zeroed();
        crate::objects::r#abstract::buffer::get_buffer(cmd, &mut view, 0)?;
        let v = core::slice::from_raw_parts(view.buf as *const u8, view.len as usize).to_vec();
        crate::objects::r#abstract::buffer::release(&mut view);
        v
    } else {
        return Err(errors::type_error(&format!(
            "{funcname}() arg 1 must be a {what} object"
        )));
    };
    if bytes.contains(&0) {
        return Err(errors::value_error(
            "source code string cannot contain null bytes",
        ));
    }
    Ok(bytes)
}

arg_parser!(
    COMPILE_KW,
    COMPILE_PARSER,
    c"compile",
    7,
    [
        c"source",
        c"filename",
        c"mode",
        c"flags",
        c"dont_inherit",
        c"optimize",
        c"_feature_version"
    ]
);

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, *,
/// _feature_version=-1)`.
unsafe extern "C" fn builtin_compile(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = parse_args(args, nargs, kwnames, &raw mut COMPILE_PARSER, (3, 6, 0), 7)?;
        let source = a[0];
        let filename = fs_decode(a[1])?;
        if !unicodeobject::is_str(a[2]) {
            return Err(errors::type_error(&format!(
                "compile() argument 'mode' must be str, not {}",
                obj::type_name(a[2])
            )));
        }
        let mode_text = unicodeobject::as_utf8(a[2])?;
        let mut flags: c_int = if a[3].is_null() {
            0
        } else {
            crate::getargs::int_from_object(a[3])?
        };
        let dont_inherit = if a[4].is_null() {
            false
        } else {
            crate::getargs::int_from_object(a[4])? != 0
        };
        let optimize: c_int = if a[5].is_null() {
            -1
        } else {
            crate::getargs::int_from_object(a[5])?
        };
        let feature_version: c_int = if a[6].is_null() {
            -1
        } else {
            crate::getargs::int_from_object(a[6])?
        };
        if flags & !(PYCF_MASK | PYCF_MASK_OBSOLETE | PYCF_COMPILE_MASK) != 0 {
            return Err(errors::value_error("compile(): unrecognised flags"));
        }
        if !(-1..=2).contains(&optimize) {
            return Err(errors::value_error("compile(): invalid optimize value"));
        }
        if !dont_inherit {
            crate::eval::ceval::merge_compiler_flags(&mut flags);
        }
        use ferrython_compiler::parser::Mode;
        let mode = match mode_text {
            b"exec" => Mode::Exec,
            b"eval" => Mode::Eval,
            b"single" => Mode::Single,
            b"func_type" if flags & PYCF_ONLY_AST != 0 => Mode::FuncType,
            _ => {
                let msg = if flags & PYCF_ONLY_AST != 0 {
                    "compile() mode must be 'exec', 'eval', 'single' or 'func_type'"
                } else {
                    "compile() mode must be 'exec', 'eval' or 'single'"
                };
                return Err(errors::value_error(msg));
            }
        };
        if crate::modules::astmodule::is_ast(source)? {
            return crate::compile::compile_ast_object(source, filename.as_ptr(), mode, flags, optimize);
        }
        let text = source_as_bytes(source, "compile", "string, bytes or AST", &mut flags)?;
        let kind = if flags & crate::compile::PYCF_IGNORE_COOKIE != 0 {
            ferrython_compiler::source::SourceKind::Text
        } else {
            ferrython_compiler::source::SourceKind::Bytes
        };
        crate::compile::compile_source_versioned(
            &text,
            filename.as_ptr(),
            mode,
            flags | PYCF_SOURCE_IS_UTF8,
            optimize,
            kind,
            feature_version,
        )
    })())
}

/// The globals/locals of `eval`/`exec`: defaults from the calling frame, `__builtins__` added.
unsafe fn resolve_namespaces(
    globals: *mut PyObject,
    locals: *mut PyObject,
    who: &str,
) -> PyResult<(Ref, Ref)> {
    let (mut g, mut l) = (globals, locals);
    if g == obj::none() {
        g = crate::eval::ceval::get_globals();
        if l == obj::none() {
            l = crate::eval::ceval::get_locals().unwrap_or_else(|_| {
                errors::clear();
                null_mut()
            });
        }
        if g.is_null() || l.is_null() {
            return Err(if who == "eval" {
                errors::type_error(
                    "eval must be given globals and locals when called without a frame",
                )
            } else {
                errors::system_error("globals and locals cannot be NULL")
            });
        }
    } else if l == obj::none() {
        l = g;
    }
    let (g, l) = (new_ref(g), new_ref(l));
    if dictobject::get_item_str(g.as_ptr(), "__builtins__")?.is_none() {
        let b = crate::eval::ceval::get_builtins();
        if !b.is_null() {
            dictobject::set_item_str(g.as_ptr(), "__builtins__", b)?;
        }
    }
    Ok((g, l))
}

/// Skips the leading spaces and tabs `eval` ignores.
fn strip_leading_blanks(src: &[u8]) -> &[u8] {
    let n = src.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
    &src[n..]
}

/// `eval(source, globals=None, locals=None, /)`.
unsafe extern "C" fn builtin_eval(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("eval"), nargs as usize, 1, 3)?;
        let a = positional(args, nargs);
        let source = a[0];
        let globals = a.get(1).copied().unwrap_or(obj::none());
        let locals = a.get(2).copied().unwrap_or(obj::none());
        if locals != obj::none() && !mapping::check(locals) {
            return Err(errors::type_error("locals must be a mapping"));
        }
        if globals != obj::none() && !dictobject::check(globals) {
            return Err(errors::type_error(if mapping::check(globals) {
                "globals must be a real dict; try eval(expr, {}, mapping)"
            } else {
                "globals must be a dict"
            }));
        }
        let (g, l) = resolve_namespaces(globals, locals, "eval")?;
        if py_type(source) == &raw mut crate::objects::codeobject::PyCode_Type {
            let code = source as *mut crate::abi::code::PyCodeObject;
            if (*code).co_nfreevars > 0 {
                return Err(errors::type_error(
                    "code object passed to eval() may not contain free variables",
                ));
            }
            return crate::eval::ceval::eval_code(source, g.as_ptr(), l.as_ptr());
        }
        let mut flags = PYCF_SOURCE_IS_UTF8;
        let text = source_as_bytes(source, "eval", "string, bytes or code", &mut flags)?;
        crate::eval::ceval::merge_compiler_flags(&mut flags);
        let filename = unicodeobject::new_str("<string>")?;
        let code = crate::compile::compile_source(
            strip_leading_blanks(&text),
            filename.as_ptr(),
            ferrython_compiler::parser::Mode::Eval,
            flags,
            -1,
        )?;
        crate::eval::ceval::eval_code(code.as_ptr(), g.as_ptr(), l.as_ptr())
    })())
}

arg_parser!(
    EXEC_KW,
    EXEC_PARSER,
    c"exec",
    4,
    [c"", c"", c"", c"closure"]
);

/// `exec(source, globals=None, locals=None, /, *, closure=None)`.
unsafe extern "C" fn builtin_exec(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = parse_args(args, nargs, kwnames, &raw mut EXEC_PARSER, (1, 3, 0), 4)?;
        let source = a[0];
        let globals = if a[1].is_null() { obj::none() } else { a[1] };
        let locals = if a[2].is_null() { obj::none() } else { a[2] };
        let mut closure = a[3];
        let (g, l) = resolve_namespaces_exec(globals, locals)?;
        if closure == obj::none() {
            closure = null_mut();
        }
        if py_type(source) == &raw mut crate::objects::codeobject::PyCode_Type {
            let code = source as *mut crate::abi::code::PyCodeObject;
            let num_free = (*code).co_nfreevars as Py_ssize_t;
            if num_free == 0 {
                if !closure.is_null() {
                    return Err(errors::type_error(
                        "cannot use a closure with this code object",
                    ));
                }
            } else {
                let ok = !closure.is_null()
                    && py_type(closure) == &raw mut crate::objects::tupleobject::PyTuple_Type
                    && tupleobject::len(closure) == num_free
                    && (0..num_free).all(|i| {
                        crate::objects::cellobject::is_cell(
                            *tupleobject::items(closure).add(i as usize),
                        )
                    });
                if !ok {
                    return Err(errors::type_error(&format!(
                        "code object requires a closure of exactly length {num_free}"
                    )));
                }
            }
            if closure.is_null() {
                crate::eval::ceval::eval_code(source, g.as_ptr(), l.as_ptr())?;
            } else {
                let func = crate::objects::funcobject::new_function(source, g.as_ptr(), null_mut())?;
                let f = func.as_ptr() as *mut crate::abi::funcobject::PyFunctionObject;
                obj::replace_slot(&raw mut (*f).func_closure, new_ref(closure).into_raw());
                crate::eval::ceval::vector(func.as_ptr(), l.as_ptr(), &[], null_mut())?;
            }
            return Ok(none());
        }
        if !closure.is_null() {
            return Err(errors::type_error(
                "closure can only be used when source is a code object",
            ));
        }
        let mut flags = PYCF_SOURCE_IS_UTF8;
        let text = source_as_bytes(source, "exec", "string, bytes or code", &mut flags)?;
        crate::eval::ceval::merge_compiler_flags(&mut flags);
        let filename = unicodeobject::new_str("<string>")?;
        let code = crate::compile::compile_source(
            &text,
            filename.as_ptr(),
            ferrython_compiler::parser::Mode::Exec,
            flags,
            -1,
        )?;
        crate::eval::ceval::eval_code(code.as_ptr(), g.as_ptr(), l.as_ptr())?;
        Ok(none())
    })())
}

/// `exec`'s namespace checks (its messages differ from `eval`'s).
unsafe fn resolve_namespaces_exec(
    globals: *mut PyObject,
    locals: *mut PyObject,
) -> PyResult<(Ref, Ref)> {
    if globals != obj::none() && !dictobject::check(globals) {
        return Err(errors::type_error(&format!(
            "exec() globals must be a dict, not {:.100}",
            obj::type_name(globals)
        )));
    }
    if locals != obj::none() && !mapping::check(locals) {
        return Err(errors::type_error(&format!(
            "locals must be a mapping or None, not {:.100}",
            obj::type_name(locals)
        )));
    }
    resolve_namespaces(globals, locals, "exec")
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
unsafe extern "C" fn builtin_import(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = parse_args(args, nargs, kwnames, &raw mut IMPORT_PARSER, (1, 5, 0), 5)?;
        let level = if a[4].is_null() {
            0
        } else {
            crate::getargs::int_from_object(a[4])?
        };
        crate::lifecycle::import::import_module_level(a[0], a[1], a[2], a[3], level)
    })())
}

arg_parser!(
    IMPORT_KW,
    IMPORT_PARSER,
    c"__import__",
    5,
    [c"name", c"globals", c"locals", c"fromlist", c"level"]
);

/// `update_bases`: replaces each non-class base that has `__mro_entries__` by the tuple it
/// returns. Returns the original tuple when nothing changed.
unsafe fn update_bases(bases: &Ref) -> PyResult<Ref> {
    let items: Vec<*mut PyObject> = (0..tupleobject::len(bases.as_ptr()))
        .map(|i| *tupleobject::items(bases.as_ptr()).add(i as usize))
        .collect();
    let mut out: Option<Vec<Ref>> = None;
    for (i, &base) in items.iter().enumerate() {
        if crate::objects::typeobject::is_type(base) {
            if let Some(o) = &mut out {
                o.push(new_ref(base));
            }
            continue;
        }
        let Some(meth) = obj::lookup_attr(base, crate::_Py_ID!(__mro_entries__))? else {
            if let Some(o) = &mut out {
                o.push(new_ref(base));
            }
            continue;
        };
        let new_base = call::call_one_arg(meth.as_ptr(), bases.as_ptr())?;
        if !tupleobject::check(new_base.as_ptr()) {
            return Err(errors::type_error("__mro_entries__ must return a tuple"));
        }
        let o = out.get_or_insert_with(|| items[..i].iter().map(|&b| new_ref(b)).collect());
        for j in 0..tupleobject::len(new_base.as_ptr()) {
            o.push(new_ref(
                *tupleobject::items(new_base.as_ptr()).add(j as usize),
            ));
        }
    }
    match out {
        None => Ok(bases.clone()),
        Some(v) => tupleobject::from_refs(v),
    }
}

/// `__build_class__(func, name, /, *bases, [metaclass], **kwds)`: picks the metaclass, makes
/// the namespace with `__prepare__`, runs the class body in it, calls the metaclass, and checks
/// that the body's `__class__` cell ended up naming the new class.
unsafe extern "C" fn builtin_build_class(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(build_class(args, nargs, kwnames))
}

unsafe fn build_class(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> PyResult<Ref> {
    if nargs < 2 {
        return Err(errors::type_error("__build_class__: not enough arguments"));
    }
    let func = *args;
    if py_type(func) != &raw mut crate::objects::funcobject::PyFunction_Type {
        return Err(errors::type_error(
            "__build_class__: func must be a function",
        ));
    }
    let name = *args.add(1);
    if !unicodeobject::is_str(name) {
        return Err(errors::type_error("__build_class__: name is not a string"));
    }
    let orig_bases =
        tupleobject::from_slice(core::slice::from_raw_parts(args.add(2), nargs as usize - 2))?;
    let bases = update_bases(&orig_bases)?;
    let mut meta: Option<Ref> = None;
    let mut mkw: Option<Ref> = None;
    let mut isclass = false;
    if !kwnames.is_null() && tupleobject::len(kwnames) > 0 {
        let d = call::stack_as_dict(args.add(nargs as usize), kwnames)?;
        let key = unicodeobject::new_str("metaclass")?;
        if let Some(m) = dictobject::get_item(d.as_ptr(), key.as_ptr())? {
            let m = new_ref(m);
            dictobject::del_item(d.as_ptr(), key.as_ptr())?;
            isclass = crate::objects::typeobject::is_type(m.as_ptr());
            meta = Some(m);
        }
        mkw = Some(d);
    }
    let meta = match meta {
        Some(m) => m,
        None => {
            isclass = true;
            if tupleobject::len(bases.as_ptr()) == 0 {
                new_ref((&raw mut crate::objects::typeobject::PyType_Type).cast())
            } else {
                new_ref(py_type(*tupleobject::items(bases.as_ptr())).cast())
            }
        }
    };
    let meta = if isclass {
        let winner =
            crate::objects::typeobject::calculate_metaclass(meta.as_ptr().cast(), bases.as_ptr())?;
        new_ref(winner.cast())
    } else {
        meta
    };
    let mkw_ptr = mkw.as_ref().map_or(null_mut(), |d| d.as_ptr());
    let ns = match obj::lookup_attr(meta.as_ptr(), crate::_Py_ID!(__prepare__))? {
        None => dictobject::new()?,
        Some(prep) => {
            let pargs = tupleobject::pack(&[name, bases.as_ptr()])?;
            call::call(prep.as_ptr(), pargs.as_ptr(), mkw_ptr)?
        }
    };
    if !mapping::check(ns.as_ptr()) {
        let who = if isclass {
            obj::type_name_of(meta.as_ptr().cast()).into_owned()
        } else {
            "<metaclass>".to_string()
        };
        return Err(errors::type_error(&format!(
            "{:.200}.__prepare__() must return a mapping, not {:.200}",
            who,
            obj::type_name(ns.as_ptr())
        )));
    }
    let cell = crate::eval::ceval::vector(func, ns.as_ptr(), &[], null_mut())?;
    if bases.as_ptr() != orig_bases.as_ptr() {
        mapping::set_item(
            ns.as_ptr(),
            unicodeobject::new_str("__orig_bases__")?.as_ptr(),
            orig_bases.as_ptr(),
        )?;
    }
    let margs = tupleobject::pack(&[name, bases.as_ptr(), ns.as_ptr()])?;
    let cls = call::call(meta.as_ptr(), margs.as_ptr(), mkw_ptr)?;
    if crate::objects::typeobject::is_type(cls.as_ptr())
        && crate::objects::cellobject::is_cell(cell.as_ptr())
    {
        let cell_cls = (*(cell.as_ptr() as *mut crate::abi::cellobject::PyCellObject)).ob_ref;
        if cell_cls != cls.as_ptr() {
            let name_repr = obj::repr(name)?;
            let cls_repr = obj::repr(cls.as_ptr())?;
            if cell_cls.is_null() {
                return Err(errors::runtime_error(&format!(
                    "__class__ not set defining {:.200} as {:.200}. Was __classcell__ propagated to type.__new__?",
                    obj::str_text(name_repr.as_ptr()),
                    obj::str_text(cls_repr.as_ptr())
                )));
            }
            let cell_repr = obj::repr(cell_cls)?;
            return Err(errors::type_error(&format!(
                "__class__ set to {:.200} defining {:.200} as {:.200}",
                obj::str_text(cell_repr.as_ptr()),
                obj::str_text(name_repr.as_ptr()),
                obj::str_text(cls_repr.as_ptr())
            )));
        }
    }
    Ok(cls)
}

/// `PyUnicode_FSDecoder`: a str as is, bytes decoded from the file-system encoding
/// (UTF-8, surrogateescape), or an `os.PathLike`'s `__fspath__()`.
unsafe fn fs_decode(o: *mut PyObject) -> PyResult<Ref> {
    let mut path = new_ref(o);
    if !unicodeobject::is_str(o) && !crate::objects::bytesobject::is_bytes(o) {
        let Some(f) = obj::lookup_special(o, crate::_Py_ID!(__fspath__))? else {
            return Err(errors::type_error(&format!(
                "expected str, bytes or os.PathLike object, not {:.200}",
                obj::type_name(o)
            )));
        };
        path = call::call_no_args(f.as_ptr())?;
        if !unicodeobject::is_str(path.as_ptr())
            && !crate::objects::bytesobject::is_bytes(path.as_ptr())
        {
            return Err(errors::type_error(&format!(
                "expected {:.200}.__fspath__() to return str or bytes, not {:.200}",
                obj::type_name(o),
                obj::type_name(path.as_ptr())
            )));
        }
    }
    if crate::objects::bytesobject::is_bytes(path.as_ptr()) {
        let b = crate::objects::bytesobject::as_slice(path.as_ptr());
        return unicodeobject::from_utf8(b, Some("surrogateescape"));
    }
    Ok(path)
}

// ---------------------------------------------------------------------------------------------
// The module.

include!("bltinmodule_docs.rs");

static mut BUILTIN_METHODS: [PyMethodDef; 45] = [
    fdef!(
        c"__build_class__",
        builtin_build_class as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_BUILD_CLASS
    ),
    fdef!(
        c"__import__",
        builtin_import as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_IMPORT
    ),
    fdef!(c"abs", builtin_abs as BinFn, METH_O, DOC_ABS),
    fdef!(c"all", builtin_all as BinFn, METH_O, DOC_ALL),
    fdef!(c"any", builtin_any as BinFn, METH_O, DOC_ANY),
    fdef!(c"ascii", builtin_ascii as BinFn, METH_O, DOC_ASCII),
    fdef!(c"bin", builtin_bin as BinFn, METH_O, DOC_BIN),
    fdef!(
        c"breakpoint",
        builtin_breakpoint as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_BREAKPOINT
    ),
    fdef!(c"callable", builtin_callable as BinFn, METH_O, DOC_CALLABLE),
    fdef!(c"chr", builtin_chr as BinFn, METH_O, DOC_CHR),
    fdef!(
        c"compile",
        builtin_compile as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_COMPILE
    ),
    fdef!(
        c"delattr",
        builtin_delattr as FastFn,
        METH_FASTCALL,
        DOC_DELATTR
    ),
    fdef!(c"dir", builtin_dir as FastFn, METH_FASTCALL, DOC_DIR),
    fdef!(
        c"divmod",
        builtin_divmod as FastFn,
        METH_FASTCALL,
        DOC_DIVMOD
    ),
    fdef!(c"eval", builtin_eval as FastFn, METH_FASTCALL, DOC_EVAL),
    fdef!(
        c"exec",
        builtin_exec as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_EXEC
    ),
    fdef!(
        c"format",
        builtin_format as FastFn,
        METH_FASTCALL,
        DOC_FORMAT
    ),
    fdef!(
        c"getattr",
        builtin_getattr as FastFn,
        METH_FASTCALL,
        DOC_GETATTR
    ),
    fdef!(
        c"globals",
        builtin_globals as BinFn,
        METH_NOARGS,
        DOC_GLOBALS
    ),
    fdef!(
        c"hasattr",
        builtin_hasattr as FastFn,
        METH_FASTCALL,
        DOC_HASATTR
    ),
    fdef!(c"hash", builtin_hash as BinFn, METH_O, DOC_HASH),
    fdef!(c"hex", builtin_hex as BinFn, METH_O, DOC_HEX),
    fdef!(c"id", builtin_id as BinFn, METH_O, DOC_ID),
    fdef!(c"input", builtin_input as FastFn, METH_FASTCALL, DOC_INPUT),
    fdef!(
        c"isinstance",
        builtin_isinstance as FastFn,
        METH_FASTCALL,
        DOC_ISINSTANCE
    ),
    fdef!(
        c"issubclass",
        builtin_issubclass as FastFn,
        METH_FASTCALL,
        DOC_ISSUBCLASS
    ),
    fdef!(c"iter", builtin_iter as FastFn, METH_FASTCALL, DOC_ITER),
    fdef!(c"aiter", builtin_aiter as BinFn, METH_O, DOC_AITER),
    fdef!(c"len", builtin_len as BinFn, METH_O, DOC_LEN),
    fdef!(c"locals", builtin_locals as BinFn, METH_NOARGS, DOC_LOCALS),
    fdef!(
        c"max",
        builtin_max as VarKwFn,
        METH_VARARGS | METH_KEYWORDS,
        DOC_MAX
    ),
    fdef!(
        c"min",
        builtin_min as VarKwFn,
        METH_VARARGS | METH_KEYWORDS,
        DOC_MIN
    ),
    fdef!(c"next", builtin_next as FastFn, METH_FASTCALL, DOC_NEXT),
    fdef!(c"anext", builtin_anext as FastFn, METH_FASTCALL, DOC_ANEXT),
    fdef!(c"oct", builtin_oct as BinFn, METH_O, DOC_OCT),
    fdef!(c"ord", builtin_ord as BinFn, METH_O, DOC_ORD),
    fdef!(
        c"pow",
        builtin_pow as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_POW
    ),
    fdef!(
        c"print",
        builtin_print as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_PRINT
    ),
    fdef!(c"repr", builtin_repr as BinFn, METH_O, DOC_REPR),
    fdef!(
        c"round",
        builtin_round as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_ROUND
    ),
    fdef!(
        c"setattr",
        builtin_setattr as FastFn,
        METH_FASTCALL,
        DOC_SETATTR
    ),
    fdef!(
        c"sorted",
        builtin_sorted as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_SORTED
    ),
    fdef!(
        c"sum",
        builtin_sum as FastKwFn,
        METH_FASTCALL | METH_KEYWORDS,
        DOC_SUM
    ),
    fdef!(c"vars", builtin_vars as FastFn, METH_FASTCALL, DOC_VARS),
    METHOD_END,
];

static mut BUILTINS_MODULE: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_Base::HEAD_INIT,
    m_name: c"builtins".as_ptr(),
    m_doc: DOC_BUILTIN.as_ptr(),
    m_size: -1,
    m_methods: null_mut(),
    m_slots: null_mut(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// The built-in types and constants, by name (`_PyBuiltin_Init`'s SETBUILTIN list).
unsafe fn builtin_names() -> Vec<(&'static str, *mut PyObject)> {
    use crate::objects::*;
    vec![
        ("None", obj::none()),
        ("Ellipsis", sliceobject::ellipsis()),
        ("NotImplemented", obj::not_implemented()),
        ("False", (&raw mut boolobject::_Py_FalseStruct).cast()),
        ("True", (&raw mut boolobject::_Py_TrueStruct).cast()),
        ("bool", (&raw mut boolobject::PyBool_Type).cast()),
        (
            "memoryview",
            (&raw mut memoryobject::PyMemoryView_Type).cast(),
        ),
        (
            "bytearray",
            (&raw mut bytearrayobject::PyByteArray_Type).cast(),
        ),
        ("bytes", (&raw mut bytesobject::PyBytes_Type).cast()),
        (
            "classmethod",
            (&raw mut funcobject::PyClassMethod_Type).cast(),
        ),
        ("complex", (&raw mut complexobject::PyComplex_Type).cast()),
        ("dict", (&raw mut dictobject::PyDict_Type).cast()),
        ("enumerate", (&raw mut enumobject::PyEnum_Type).cast()),
        ("filter", (&raw mut bltinmodule_iters::PyFilter_Type).cast()),
        ("float", (&raw mut floatobject::PyFloat_Type).cast()),
        ("frozenset", (&raw mut setobject::PyFrozenSet_Type).cast()),
        ("property", (&raw mut descrobject::PyProperty_Type).cast()),
        ("int", (&raw mut longobject::PyLong_Type).cast()),
        ("list", (&raw mut listobject::PyList_Type).cast()),
        ("map", (&raw mut bltinmodule_iters::PyMap_Type).cast()),
        ("object", (&raw mut typeobject::PyBaseObject_Type).cast()),
        ("range", (&raw mut rangeobject::PyRange_Type).cast()),
        ("reversed", (&raw mut enumobject::PyReversed_Type).cast()),
        ("set", (&raw mut setobject::PySet_Type).cast()),
        ("slice", (&raw mut sliceobject::PySlice_Type).cast()),
        (
            "staticmethod",
            (&raw mut funcobject::PyStaticMethod_Type).cast(),
        ),
        ("str", (&raw mut unicodeobject::PyUnicode_Type).cast()),
        ("super", (&raw mut typeobject::PySuper_Type).cast()),
        ("tuple", (&raw mut tupleobject::PyTuple_Type).cast()),
        ("type", (&raw mut typeobject::PyType_Type).cast()),
        ("zip", (&raw mut bltinmodule_iters::PyZip_Type).cast()),
    ]
}

/// `_PyBuiltins_AddExceptions`: every built-in exception class under its name, plus the
/// `EnvironmentError`/`IOError` aliases and `ExceptionGroup` (made at start-up).
unsafe fn add_exceptions(d: *mut PyObject) -> PyResult<()> {
    for tp in crate::objects::static_exception_types() {
        let name = CStr::from_ptr((*tp).tp_name).to_string_lossy();
        let short = name.rsplit('.').next().unwrap_or(&name).to_string();
        dictobject::set_item_str(d, &short, tp.cast())?;
    }
    let group = crate::objects::exceptions::exception_group_type();
    if !group.is_null() {
        dictobject::set_item_str(d, "ExceptionGroup", group.cast())?;
    }
    let os_error: *mut PyObject = (&raw mut crate::objects::exceptions::_PyExc_OSError).cast();
    dictobject::set_item_str(d, "EnvironmentError", os_error)?;
    dictobject::set_item_str(d, "IOError", os_error)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The file-system encoding globals CPython keeps in bltinmodule.c (exported data symbols, read
// by some C extensions).

/// `Py_FileSystemDefaultEncoding`: NULL until start-up sets it from the configuration.
#[no_mangle]
pub static mut Py_FileSystemDefaultEncoding: *const c_char = null();
/// `Py_HasFileSystemDefaultEncoding`: 0 (the string is allocated, not a static default).
#[no_mangle]
pub static mut Py_HasFileSystemDefaultEncoding: c_int = 0;
/// `Py_FileSystemDefaultEncodeErrors`.
#[no_mangle]
pub static mut Py_FileSystemDefaultEncodeErrors: *const c_char = null();
/// `_Py_HasFileSystemDefaultEncodeErrors`.
#[no_mangle]
pub static mut _Py_HasFileSystemDefaultEncodeErrors: c_int = 0;

/// `_Py_SetFileSystemEncoding(encoding, errors)`: start-up records the configuration's
/// `filesystem_encoding`/`filesystem_errors` in the exported globals.
///
/// # Safety
/// Called with the GIL held (start-up, or `sys._enablelegacywindowsfsencoding`-like changes).
pub unsafe fn set_filesystem_encoding(encoding: &str, errors_name: &str) -> PyResult<()> {
    let (Ok(enc), Ok(err)) = (
        std::ffi::CString::new(encoding),
        std::ffi::CString::new(errors_name),
    ) else {
        return Err(errors::value_error("embedded null character"));
    };
    clear_filesystem_encoding();
    Py_FileSystemDefaultEncoding = enc.into_raw();
    Py_HasFileSystemDefaultEncoding = 0;
    Py_FileSystemDefaultEncodeErrors = err.into_raw();
    _Py_HasFileSystemDefaultEncodeErrors = 0;
    Ok(())
}

/// `_Py_ClearFileSystemEncoding`: frees the strings (Py_FinalizeEx).
///
/// # Safety
/// Called with the GIL held; nobody keeps the old pointers.
pub unsafe fn clear_filesystem_encoding() {
    if Py_HasFileSystemDefaultEncoding == 0 && !Py_FileSystemDefaultEncoding.is_null() {
        // SAFETY: the pointer came from CString::into_raw in set_filesystem_encoding.
        drop(std::ffi::CString::from_raw(
            Py_FileSystemDefaultEncoding as *mut c_char,
        ));
        Py_FileSystemDefaultEncoding = null();
    }
    if _Py_HasFileSystemDefaultEncodeErrors == 0 && !Py_FileSystemDefaultEncodeErrors.is_null() {
        // SAFETY: as above.
        drop(std::ffi::CString::from_raw(
            Py_FileSystemDefaultEncodeErrors as *mut c_char,
        ));
        Py_FileSystemDefaultEncodeErrors = null();
    }
}

/// Releases what this module keeps between initializations (Py_FinalizeEx): the file-system
/// encoding strings. (The builtins dict itself belongs to the interpreter state.)
///
/// # Safety
/// Called once per finalization with the GIL held.
pub unsafe fn fini() {
    clear_filesystem_encoding();
}

/// `_PyBuiltin_Init` + `_PyBuiltins_AddExceptions`: the `builtins` module, with every 3.11
/// built-in function, type, constant and exception class. `__debug__` follows the
/// interpreter's optimization level.
///
/// # Safety
/// Called with a thread state current, after the built-in types are ready.
pub unsafe fn create() -> PyResult<Ref> {
    let def = &raw mut BUILTINS_MODULE;
    (*def).m_methods = (&raw mut BUILTIN_METHODS).cast();
    let m = crate::objects::moduleobject::create2(
        def,
        crate::objects::moduleobject::PYTHON_API_VERSION,
    )?;
    let d = crate::objects::moduleobject::get_dict(m.as_ptr())?;
    for (name, value) in builtin_names() {
        dictobject::set_item_str(d, name, value)?;
    }
    let interp = crate::lifecycle::pystate::current_interpreter();
    let debug = interp.is_null() || (*interp).config.optimization_level == 0;
    dictobject::set_item_str(d, "__debug__", obj::new_bool(debug).as_ptr())?;
    add_exceptions(d)?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    //! The builtins called through the C-level call API on objects built in Rust; expected
    //! values and messages are python3.11's.
    use super::*;
    use crate::objects::{genericaliasobject, listobject, rangeobject};

    /// An owned value or the raised exception as "TypeName: message".
    type Outcome = Result<Ref, String>;

    unsafe fn err_text() -> String {
        let (t, v, tb) = errors::fetch();
        let name = obj::type_name_of(t.cast()).into_owned();
        let msg = if v.is_null() {
            String::new()
        } else {
            match obj::str(v) {
                Ok(s) => obj::str_text(s.as_ptr()),
                Err(_) => {
                    errors::clear();
                    "<unprintable>".into()
                }
            }
        };
        obj::xdecref(t);
        obj::xdecref(v);
        obj::xdecref(tb);
        format!("{name}: {msg}")
    }

    unsafe fn outcome(r: PyResult<Ref>) -> Outcome {
        r.map_err(|_| err_text())
    }

    /// `repr(value)` or the error text.
    unsafe fn show(r: Outcome) -> String {
        match r {
            Ok(v) => match obj::repr(v.as_ptr()) {
                Ok(s) => obj::str_text(s.as_ptr()),
                Err(_) => err_text(),
            },
            Err(e) => e,
        }
    }

    struct Env {
        module: Ref,
    }

    impl Env {
        unsafe fn func(&self, name: &str) -> Ref {
            obj::get_attr_str(self.module.as_ptr(), name).expect(name)
        }

        /// `builtins.name(*args, **kwargs)`.
        unsafe fn call(
            &self,
            name: &str,
            args: &[*mut PyObject],
            kwargs: &[(&str, *mut PyObject)],
        ) -> String {
            let f = self.func(name);
            show(call_with(f.as_ptr(), args, kwargs))
        }
    }

    unsafe fn call_with(
        f: *mut PyObject,
        args: &[*mut PyObject],
        kwargs: &[(&str, *mut PyObject)],
    ) -> Outcome {
        let mut stack = args.to_vec();
        let mut names = Vec::new();
        for (k, v) in kwargs {
            names.push(unicodeobject::new_str(k).unwrap());
            stack.push(*v);
        }
        let kwnames = if names.is_empty() {
            None
        } else {
            Some(tupleobject::from_refs(names).unwrap())
        };
        outcome(call::vectorcall(
            f,
            &stack,
            kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
        ))
    }

    fn int(v: i64) -> Ref {
        longobject::from_i64(v).unwrap()
    }

    unsafe fn big(text: &str) -> Ref {
        longobject::parse(text.as_bytes(), 10, &|| text.to_string()).unwrap()
    }

    unsafe fn s(text: &str) -> Ref {
        unicodeobject::new_str(text).unwrap()
    }

    unsafe fn list(items: &[i64]) -> Ref {
        let v: Vec<Ref> = items.iter().map(|&i| int(i)).collect();
        let p: Vec<*mut PyObject> = v.iter().map(|r| r.as_ptr()).collect();
        listobject::from_slice(&p).unwrap()
    }

    unsafe fn tp(t: *mut PyTypeObject) -> *mut PyObject {
        t.cast()
    }

    unsafe fn setup() -> Env {
        crate::testing::init();
        let module = create().expect("builtins module");
        let interp = crate::lifecycle::pystate::current_interpreter();
        if (*interp).builtins.is_null() {
            // `__reduce__` methods look their helpers up in the interpreter's builtins.
            (*interp).builtins =
                new_ref(crate::objects::moduleobject::get_dict(module.as_ptr()).unwrap())
                    .into_raw();
        }
        Env { module }
    }

    #[test]
    fn builtins_match_python311() {
        let _runtime = crate::testing::hold_runtime();
        // One test: the runtime (thread state, GIL) belongs to the thread that initialized it.
        unsafe {
            let env = setup();
            sequences_and_reductions(&env);
            ranges(&env);
            unions_and_generic_aliases(&env);
            iterators(&env);
            small_functions(&env);
            bound_methods(&env);
            print_to_a_writer(&env);
            module_names(&env);
        }
    }

    unsafe fn sequences_and_reductions(env: &Env) {
        let l = list(&[1, 2, 3]);
        assert_eq!(env.call("len", &[l.as_ptr()], &[]), "3");
        let huge = rangeobject::new_range(
            int(0).as_ptr(),
            big("18446744073709551616").as_ptr(),
            int(1).as_ptr(),
        )
        .unwrap();
        assert_eq!(
            env.call("len", &[huge.as_ptr()], &[]),
            "OverflowError: Python int too large to convert to C ssize_t"
        );
        let unsorted = list(&[3, 1, 2]);
        let t = obj::new_bool(true);
        assert_eq!(
            env.call("sorted", &[unsorted.as_ptr()], &[("reverse", t.as_ptr())]),
            "[3, 2, 1]"
        );
        assert_eq!(
            env.call("sorted", &[], &[]),
            "TypeError: sorted expected 1 argument, got 0"
        );
        assert_eq!(env.call("sum", &[l.as_ptr()], &[]), "6");
        let mixed = listobject::from_slice(&[
            int(1).as_ptr(),
            crate::objects::floatobject::from_f64(2.5).unwrap().as_ptr(),
        ])
        .unwrap();
        assert_eq!(env.call("sum", &[mixed.as_ptr()], &[]), "3.5");
        let p62 = big("4611686018427387904");
        let overflowing = listobject::from_slice(&[p62.as_ptr(), p62.as_ptr()]).unwrap();
        assert_eq!(
            env.call("sum", &[overflowing.as_ptr()], &[]),
            "9223372036854775808"
        );
        let strs = listobject::from_slice(&[s("a").as_ptr()]).unwrap();
        assert_eq!(
            env.call("sum", &[strs.as_ptr(), s("").as_ptr()], &[]),
            "TypeError: sum() can't sum strings [use ''.join(seq) instead]"
        );
        let empty_bytes = crate::objects::bytesobject::from_slice(b"").unwrap();
        assert_eq!(
            env.call("sum", &[strs.as_ptr(), empty_bytes.as_ptr()], &[]),
            "TypeError: sum() can't sum bytes [use b''.join(seq) instead]"
        );
        assert_eq!(
            env.call("sum", &[list(&[]).as_ptr()], &[("start", int(10).as_ptr())]),
            "10"
        );
        let five = list(&[1, 5, 3]);
        assert_eq!(env.call("max", &[five.as_ptr()], &[]), "5");
        let neg = env.func("abs");
        assert_eq!(
            env.call(
                "min",
                &[list(&[-4, 2, -1]).as_ptr()],
                &[("key", neg.as_ptr())]
            ),
            "-1"
        );
        assert_eq!(
            env.call("max", &[list(&[]).as_ptr()], &[]),
            "ValueError: max() arg is an empty sequence"
        );
        assert_eq!(
            env.call(
                "max",
                &[list(&[]).as_ptr()],
                &[("default", int(7).as_ptr())]
            ),
            "7"
        );
        assert_eq!(
            env.call(
                "max",
                &[int(1).as_ptr(), int(2).as_ptr()],
                &[("default", int(3).as_ptr())]
            ),
            "TypeError: Cannot specify a default for max() with multiple positional arguments"
        );
        assert_eq!(
            env.call("min", &[], &[]),
            "TypeError: min expected at least 1 argument, got 0"
        );
        assert_eq!(
            env.call("max", &[int(1).as_ptr()], &[("foo", int(1).as_ptr())]),
            "TypeError: 'foo' is an invalid keyword argument for max()"
        );
        assert_eq!(
            env.call(
                "min",
                &[int(4).as_ptr(), int(2).as_ptr(), int(9).as_ptr()],
                &[]
            ),
            "2"
        );
    }

    unsafe fn range_of(a: i64, b: i64, c: i64) -> Ref {
        rangeobject::new_range(int(a).as_ptr(), int(b).as_ptr(), int(c).as_ptr()).unwrap()
    }

    unsafe fn ranges(env: &Env) {
        let r = range_of(0, 10, 3);
        let rev =
            crate::objects::sliceobject::new(null_mut(), null_mut(), int(-1).as_ptr()).unwrap();
        assert_eq!(
            show(outcome(mapping::get_item(r.as_ptr(), rev.as_ptr()))),
            "range(9, -3, -3)"
        );
        let sl =
            crate::objects::sliceobject::new(int(2).as_ptr(), int(8).as_ptr(), int(2).as_ptr())
                .unwrap();
        assert_eq!(
            show(outcome(mapping::get_item(
                range_of(0, 10, 1).as_ptr(),
                sl.as_ptr()
            ))),
            "range(2, 8, 2)"
        );
        assert_eq!(
            show(outcome(mapping::get_item(
                range_of(0, 5, 1).as_ptr(),
                int(-1).as_ptr()
            ))),
            "4"
        );
        assert_eq!(
            show(outcome(mapping::get_item(
                range_of(0, 5, 1).as_ptr(),
                int(7).as_ptr()
            ))),
            "IndexError: range object index out of range"
        );
        assert_eq!(
            show(outcome(mapping::get_item(
                range_of(0, 3, 1).as_ptr(),
                s("a").as_ptr()
            ))),
            "TypeError: range indices must be integers or slices, not str"
        );
        let r3 = range_of(0, 3, 1);
        assert_eq!(
            show(outcome(call::call_method_str(
                r3.as_ptr(),
                "index",
                &[int(7).as_ptr()]
            ))),
            "ValueError: 7 is not in range"
        );
        assert_eq!(
            show(outcome(call::call_method_str(
                range_of(1, 10, 2).as_ptr(),
                "count",
                &[int(3).as_ptr()]
            ))),
            "1"
        );
        assert!(sequence::contains(range_of(0, 10, 5).as_ptr(), int(5).as_ptr()).unwrap());
        assert!(!sequence::contains(range_of(0, 10, 5).as_ptr(), int(6).as_ptr()).unwrap());
        let two70 = big("1180591620717411303424");
        let two69 = big("590295810358705651712");
        let huge =
            rangeobject::new_range(int(0).as_ptr(), two70.as_ptr(), int(1).as_ptr()).unwrap();
        let tail =
            crate::objects::sliceobject::new(two69.as_ptr(), null_mut(), null_mut()).unwrap();
        assert_eq!(
            show(outcome(mapping::get_item(huge.as_ptr(), tail.as_ptr()))),
            "range(590295810358705651712, 1180591620717411303424)"
        );
        let it = aiter_::get_iter(huge.as_ptr()).unwrap();
        assert_eq!(
            show(outcome(call::call_method_str(
                it.as_ptr(),
                "__reduce__",
                &[]
            ))),
            "(<built-in function iter>, (range(0, 1180591620717411303424),), 0)"
        );
        let it = aiter_::get_iter(r3.as_ptr()).unwrap();
        assert_eq!(
            show(outcome(call::call_method_str(
                it.as_ptr(),
                "__reduce__",
                &[]
            ))),
            "(<built-in function iter>, (range(0, 3),), 0)"
        );
        assert_eq!(
            obj::hash(range_of(0, 0, 1).as_ptr()).unwrap(),
            obj::hash(range_of(5, 5, 1).as_ptr()).unwrap()
        );
        assert!(obj::rich_compare_bool(
            range_of(0, 3, 1).as_ptr(),
            range_of(0, 3, 1).as_ptr(),
            obj::Py_EQ
        )
        .unwrap());
        let reversed = env.func("reversed");
        let rv = call::call_one_arg(reversed.as_ptr(), range_of(0, 10, 4).as_ptr()).unwrap();
        assert_eq!(show(outcome(sequence::list(rv.as_ptr()))), "[8, 4, 0]");
        let rcls = env.func("range");
        assert_eq!(
            show(call_with(
                rcls.as_ptr(),
                &[crate::objects::floatobject::from_f64(1.0).unwrap().as_ptr()],
                &[]
            )),
            "TypeError: 'float' object cannot be interpreted as an integer"
        );
        assert_eq!(
            show(call_with(
                rcls.as_ptr(),
                &[int(1).as_ptr(), int(2).as_ptr(), int(0).as_ptr()],
                &[]
            )),
            "ValueError: range() arg 3 must not be zero"
        );
        assert_eq!(
            show(call_with(rcls.as_ptr(), &[], &[])),
            "TypeError: range expected at least 1 argument, got 0"
        );
        let it = aiter_::get_iter(range_of(0, 5, 1).as_ptr()).unwrap();
        call::call_method_str(it.as_ptr(), "__setstate__", &[int(3).as_ptr()]).unwrap();
        assert_eq!(show(outcome(sequence::list(it.as_ptr()))), "[3, 4]");
    }

    unsafe fn unions_and_generic_aliases(env: &Env) {
        let int_t = tp(&raw mut longobject::PyLong_Type);
        let str_t = tp(&raw mut unicodeobject::PyUnicode_Type);
        let u = number::or(int_t, str_t).unwrap();
        assert_eq!(show(Ok(u.clone())), "int | str");
        assert_eq!(show(outcome(number::or(int_t, obj::none()))), "int | None");
        let u2 = number::or(str_t, int_t).unwrap();
        assert!(obj::rich_compare_bool(u.as_ptr(), u2.as_ptr(), obj::Py_EQ).unwrap());
        assert_eq!(
            obj::hash(u.as_ptr()).unwrap(),
            obj::hash(u2.as_ptr()).unwrap()
        );
        assert_eq!(number::or(int_t, int_t).unwrap().as_ptr(), int_t);
        assert_eq!(
            env.call("isinstance", &[int(1).as_ptr(), u.as_ptr()], &[]),
            "True"
        );
        let bool_t = tp(&raw mut crate::objects::boolobject::PyBool_Type);
        assert_eq!(env.call("issubclass", &[bool_t, u.as_ptr()], &[]), "True");
        let list_t = tp(&raw mut listobject::PyList_Type);
        let li = genericaliasobject::new(list_t, int_t).unwrap();
        assert_eq!(show(Ok(li.clone())), "list[int]");
        let dict_t = tp(&raw mut dictobject::PyDict_Type);
        let args = tupleobject::pack(&[str_t, li.as_ptr()]).unwrap();
        assert_eq!(
            show(outcome(genericaliasobject::new(dict_t, args.as_ptr()))),
            "dict[str, list[int]]"
        );
        let empty = tupleobject::pack(&[]).unwrap();
        let tuple_t = tp(&raw mut tupleobject::PyTuple_Type);
        assert_eq!(
            show(outcome(genericaliasobject::new(tuple_t, empty.as_ptr()))),
            "tuple[()]"
        );
        assert!(obj::rich_compare_bool(
            li.as_ptr(),
            genericaliasobject::new(list_t, int_t).unwrap().as_ptr(),
            obj::Py_EQ
        )
        .unwrap());
        assert_eq!(
            env.call("isinstance", &[int(1).as_ptr(), li.as_ptr()], &[]),
            "TypeError: isinstance() argument 2 cannot be a parameterized generic"
        );
        assert_eq!(
            show(outcome(obj::get_attr_str(li.as_ptr(), "__origin__"))),
            "<class 'list'>"
        );
        assert_eq!(
            show(outcome(obj::get_attr_str(li.as_ptr(), "__parameters__"))),
            "()"
        );
        assert_eq!(
            show(outcome(call::call_method_str(
                li.as_ptr(),
                "__reduce__",
                &[]
            ))),
            "(<class 'types.GenericAlias'>, (<class 'list'>, (<class 'int'>,)))"
        );
        assert_eq!(
            show(outcome(mapping::get_item(li.as_ptr(), int_t))),
            "TypeError: list[int] is not a generic class"
        );
        // `*tuple[int]`: iterating a tuple alias yields the starred form once.
        let ti = genericaliasobject::new(tuple_t, int_t).unwrap();
        let starred = sequence::list(ti.as_ptr()).unwrap();
        assert_eq!(show(Ok(starred.clone())), "[*tuple[int]]");
        let st = *listobject::items(starred.as_ptr());
        assert_eq!(show(outcome(obj::get_attr_str(st, "__unpacked__"))), "True");
        // Union of an alias and a class.
        assert_eq!(
            show(outcome(number::or(li.as_ptr(), int_t))),
            "list[int] | int"
        );
        // Substitution, with a stand-in type variable: anything with `__typing_subst__`.
        let kw = dictobject::new().unwrap();
        dictobject::set_item_str(kw.as_ptr(), "__typing_subst__", env.func("repr").as_ptr())
            .unwrap();
        let tv = crate::objects::namespaceobject::new(kw.as_ptr()).unwrap();
        let lt = genericaliasobject::new(list_t, tv.as_ptr()).unwrap();
        assert_eq!(
            show(Ok(lt.clone())),
            "list[namespace(__typing_subst__=<built-in function repr>)]"
        );
        let two = tupleobject::pack(&[int_t, str_t]).unwrap();
        assert_eq!(
            show(outcome(mapping::get_item(lt.as_ptr(), two.as_ptr()))),
            "TypeError: Too many arguments for list[namespace(__typing_subst__=<built-in function repr>)]; actual 2, expected 1"
        );
        assert_eq!(
            show(outcome(mapping::get_item(lt.as_ptr(), int_t))),
            "list[\"<class 'int'>\"]"
        );
        let ul = number::or(int_t, lt.as_ptr()).unwrap();
        assert_eq!(
            show(Ok(ul.clone())),
            "int | list[namespace(__typing_subst__=<built-in function repr>)]"
        );
        assert_eq!(
            show(outcome(mapping::get_item(ul.as_ptr(), str_t))),
            "int | list[\"<class 'str'>\"]"
        );
    }

    unsafe fn iterators(env: &Env) {
        let zip = env.func("zip");
        let t = obj::new_bool(true);
        let short = |a: &[i64], b: &[i64], c: Option<&[i64]>| {
            let mut args = vec![list(a), list(b)];
            if let Some(c) = c {
                args.push(list(c));
            }
            let p: Vec<*mut PyObject> = args.iter().map(|r| r.as_ptr()).collect();
            let z = call_with(zip.as_ptr(), &p, &[("strict", t.as_ptr())]).unwrap();
            show(outcome(sequence::list(z.as_ptr())))
        };
        assert_eq!(
            short(&[1, 2], &[1], None),
            "ValueError: zip() argument 2 is shorter than argument 1"
        );
        assert_eq!(
            short(&[1], &[1, 2], None),
            "ValueError: zip() argument 2 is longer than argument 1"
        );
        assert_eq!(
            short(&[1, 2], &[1, 2], Some(&[1])),
            "ValueError: zip() argument 3 is shorter than arguments 1-2"
        );
        assert_eq!(short(&[1, 2], &[3, 4], None), "[(1, 3), (2, 4)]");
        let z = call_with(
            zip.as_ptr(),
            &[list(&[1]).as_ptr(), list(&[2]).as_ptr()],
            &[("strict", t.as_ptr())],
        )
        .unwrap();
        let red = call::call_method_str(z.as_ptr(), "__reduce__", &[]).unwrap();
        assert_eq!(tupleobject::len(red.as_ptr()), 3);
        let abs = env.func("abs");
        let m = env.func("map");
        let mapped = call_with(m.as_ptr(), &[abs.as_ptr(), list(&[-1, -2]).as_ptr()], &[]).unwrap();
        assert_eq!(show(outcome(sequence::list(mapped.as_ptr()))), "[1, 2]");
        assert_eq!(
            show(call_with(m.as_ptr(), &[abs.as_ptr()], &[])),
            "TypeError: map() must have at least two arguments."
        );
        let f = env.func("filter");
        let filtered =
            call_with(f.as_ptr(), &[obj::none(), list(&[0, 1, 2]).as_ptr()], &[]).unwrap();
        assert_eq!(show(outcome(sequence::list(filtered.as_ptr()))), "[1, 2]");
        assert_eq!(
            show(call_with(f.as_ptr(), &[int(1).as_ptr()], &[])),
            "TypeError: filter expected 2 arguments, got 1"
        );
        let empty_it = aiter_::get_iter(list(&[]).as_ptr()).unwrap();
        assert_eq!(
            env.call("next", &[empty_it.as_ptr(), s("d").as_ptr()], &[]),
            "'d'"
        );
        assert_eq!(
            env.call("next", &[empty_it.as_ptr()], &[]),
            "StopIteration: "
        );
        assert_eq!(
            env.call("iter", &[int(1).as_ptr(), int(2).as_ptr()], &[]),
            "TypeError: iter(v, w): v must be callable"
        );
        assert_eq!(env.call("all", &[list(&[1, 0]).as_ptr()], &[]), "False");
        assert_eq!(env.call("any", &[list(&[0, 3]).as_ptr()], &[]), "True");
    }

    unsafe fn small_functions(env: &Env) {
        assert_eq!(
            env.call("chr", &[int(0x110000).as_ptr()], &[]),
            "ValueError: chr() arg not in range(0x110000)"
        );
        assert_eq!(env.call("chr", &[int(97).as_ptr()], &[]), "'a'");
        assert_eq!(
            env.call("ord", &[s("ab").as_ptr()], &[]),
            "TypeError: ord() expected a character, but string of length 2 found"
        );
        assert_eq!(
            env.call(
                "ord",
                &[crate::objects::bytesobject::from_slice(b"a")
                    .unwrap()
                    .as_ptr()],
                &[]
            ),
            "97"
        );
        assert_eq!(env.call("hex", &[int(255).as_ptr()], &[]), "'0xff'");
        assert_eq!(env.call("bin", &[int(-5).as_ptr()], &[]), "'-0b101'");
        assert_eq!(env.call("oct", &[int(8).as_ptr()], &[]), "'0o10'");
        assert_eq!(
            env.call("divmod", &[int(7).as_ptr(), int(2).as_ptr()], &[]),
            "(3, 1)"
        );
        assert_eq!(
            env.call(
                "pow",
                &[int(2).as_ptr(), int(10).as_ptr(), int(1000).as_ptr()],
                &[]
            ),
            "24"
        );
        assert_eq!(
            env.call("pow", &[int(2).as_ptr()], &[("exp", int(5).as_ptr())]),
            "32"
        );
        let x = crate::objects::floatobject::from_f64(2.675).unwrap();
        assert_eq!(
            env.call("round", &[x.as_ptr(), int(2).as_ptr()], &[]),
            "2.67"
        );
        assert_eq!(env.call("round", &[int(7).as_ptr()], &[]), "7");
        assert_eq!(env.call("abs", &[int(-3).as_ptr()], &[]), "3");
        assert_eq!(
            env.call(
                "getattr",
                &[int(1).as_ptr(), s("foo").as_ptr(), obj::none()],
                &[]
            ),
            "None"
        );
        assert_eq!(
            env.call("getattr", &[int(1).as_ptr(), int(2).as_ptr()], &[]),
            "TypeError: attribute name must be string, not 'int'"
        );
        assert_eq!(
            env.call("hasattr", &[int(1).as_ptr(), s("real").as_ptr()], &[]),
            "True"
        );
        let len = env.func("len");
        assert_eq!(env.call("callable", &[len.as_ptr()], &[]), "True");
        assert_eq!(env.call("ascii", &[s("é").as_ptr()], &[]), "\"'\\\\xe9'\"");
        let f = crate::objects::floatobject::from_f64(3.5).unwrap();
        assert_eq!(
            env.call("format", &[f.as_ptr(), s(">6").as_ptr()], &[]),
            "'   3.5'"
        );
        assert_eq!(
            env.call("format", &[int(1).as_ptr(), int(2).as_ptr()], &[]),
            "TypeError: format() argument 2 must be str, not int"
        );
        assert_eq!(env.call("repr", &[s("x").as_ptr()], &[]), "\"'x'\"");
        assert_eq!(env.call("hash", &[int(5).as_ptr()], &[]), "5");
        assert_eq!(
            env.call("vars", &[int(5).as_ptr()], &[]),
            "TypeError: vars() argument must have __dict__ attribute"
        );
        assert_eq!(
            env.call(
                "compile",
                &[s("x").as_ptr(), int(1).as_ptr(), s("exec").as_ptr()],
                &[]
            ),
            "TypeError: expected str, bytes or os.PathLike object, not int"
        );
        assert_eq!(
            env.call(
                "compile",
                &[s("x").as_ptr(), s("f").as_ptr(), int(1).as_ptr()],
                &[]
            ),
            "TypeError: compile() argument 'mode' must be str, not int"
        );
        assert_eq!(
            env.call(
                "compile",
                &[s("x").as_ptr(), s("f").as_ptr(), s("bad").as_ptr()],
                &[]
            ),
            "ValueError: compile() mode must be 'exec', 'eval' or 'single'"
        );
        assert_eq!(
            env.call(
                "compile",
                &[
                    s("x").as_ptr(),
                    s("f").as_ptr(),
                    s("exec").as_ptr(),
                    int(1 << 30).as_ptr()
                ],
                &[]
            ),
            "ValueError: compile(): unrecognised flags"
        );
        assert_eq!(
            env.call(
                "compile",
                &[s("x").as_ptr(), s("f").as_ptr(), s("exec").as_ptr()],
                &[("optimize", int(3).as_ptr())]
            ),
            "ValueError: compile(): invalid optimize value"
        );
        assert_eq!(
            env.call(
                "compile",
                &[int(1).as_ptr(), s("f").as_ptr(), s("exec").as_ptr()],
                &[]
            ),
            "TypeError: compile() arg 1 must be a string, bytes or AST object"
        );
        assert_eq!(
            env.call("exec", &[], &[]),
            "TypeError: exec() takes at least 1 positional argument (0 given)"
        );
        assert_eq!(
            env.call("exec", &[s("x").as_ptr(), int(1).as_ptr()], &[]),
            "TypeError: exec() globals must be a dict, not int"
        );
        let d = dictobject::new().unwrap();
        assert_eq!(
            env.call("exec", &[s("x").as_ptr(), d.as_ptr(), int(1).as_ptr()], &[]),
            "TypeError: locals must be a mapping or None, not int"
        );
        assert_eq!(
            env.call(
                "exec",
                &[s("x").as_ptr(), d.as_ptr()],
                &[("closure", tupleobject::pack(&[]).unwrap().as_ptr())]
            ),
            "TypeError: closure can only be used when source is a code object"
        );
        assert_eq!(
            env.call("eval", &[s("x").as_ptr(), int(1).as_ptr()], &[]),
            "TypeError: globals must be a dict"
        );
        assert_eq!(
            env.call("eval", &[s("x").as_ptr(), d.as_ptr(), int(1).as_ptr()], &[]),
            "TypeError: locals must be a mapping"
        );
        assert_eq!(
            env.call("eval", &[int(1).as_ptr(), d.as_ptr()], &[]),
            "TypeError: eval() arg 1 must be a string, bytes or code object"
        );
        assert_eq!(
            env.call("__build_class__", &[int(1).as_ptr()], &[]),
            "TypeError: __build_class__: not enough arguments"
        );
        assert_eq!(
            env.call("__build_class__", &[int(1).as_ptr(), s("C").as_ptr()], &[]),
            "TypeError: __build_class__: func must be a function"
        );
    }

    unsafe fn bound_methods(env: &Env) {
        let repr = env.func("repr");
        let m = crate::objects::classobject::new_method(repr.as_ptr(), int(5).as_ptr()).unwrap();
        assert_eq!(show(Ok(m.clone())), "<bound method repr of 5>");
        assert_eq!(show(outcome(call::call_no_args(m.as_ptr()))), "'5'");
        let m2 = crate::objects::classobject::new_method(repr.as_ptr(), int(5).as_ptr()).unwrap();
        assert!(obj::rich_compare_bool(m.as_ptr(), m2.as_ptr(), obj::Py_EQ).unwrap());
        assert_eq!(
            obj::hash(m.as_ptr()).unwrap(),
            obj::hash(m2.as_ptr()).unwrap()
        );
        assert_eq!(
            show(outcome(obj::get_attr_str(m.as_ptr(), "__func__"))),
            "<built-in function repr>"
        );
        assert_eq!(
            show(outcome(obj::get_attr_str(m.as_ptr(), "__self__"))),
            "5"
        );
        // Attributes the method type lacks come from the function.
        assert_eq!(
            show(outcome(obj::get_attr_str(m.as_ptr(), "__name__"))),
            "'repr'"
        );
        assert_eq!(
            show(outcome(call::call_method_str(
                m.as_ptr(),
                "__reduce__",
                &[]
            ))),
            "(<built-in function getattr>, (5, 'repr'))"
        );
        let mt = tp(&raw mut crate::objects::classobject::PyMethod_Type);
        assert_eq!(
            show(call_with(mt, &[int(1).as_ptr(), int(2).as_ptr()], &[])),
            "TypeError: first argument must be callable"
        );
        assert_eq!(
            show(call_with(mt, &[repr.as_ptr(), obj::none()], &[])),
            "TypeError: instance must not be None"
        );
        // instancemethod binds on attribute access.
        let im = crate::objects::classobject::new_instancemethod(repr.as_ptr()).unwrap();
        let get = (*py_type(im.as_ptr())).tp_descr_get.unwrap();
        let bound = Ref::from_result(get(im.as_ptr(), int(7).as_ptr(), null_mut())).unwrap();
        assert_eq!(show(outcome(call::call_no_args(bound.as_ptr()))), "'7'");
        let unbound = Ref::from_result(get(im.as_ptr(), null_mut(), null_mut())).unwrap();
        assert_eq!(unbound.as_ptr(), repr.as_ptr());
    }

    unsafe fn print_to_a_writer(env: &Env) {
        // A namespace whose `write` is a list's `append` collects what print writes.
        let out = list(&[]);
        let append = obj::get_attr_str(out.as_ptr(), "append").unwrap();
        let kw = dictobject::new().unwrap();
        dictobject::set_item_str(kw.as_ptr(), "write", append.as_ptr()).unwrap();
        let file = crate::objects::namespaceobject::new(kw.as_ptr()).unwrap();
        env.call(
            "print",
            &[int(1).as_ptr(), s("x").as_ptr()],
            &[("sep", s("-").as_ptr()), ("file", file.as_ptr())],
        );
        assert_eq!(show(Ok(out.clone())), "['1', '-', 'x', '\\n']");
        assert_eq!(
            env.call(
                "print",
                &[],
                &[("sep", int(1).as_ptr()), ("file", file.as_ptr())]
            ),
            "TypeError: sep must be None or a string, not int"
        );
        if crate::modules::sysmodule::get_object("stdout").is_null() {
            assert_eq!(env.call("print", &[int(1).as_ptr()], &[]), "RuntimeError: lost sys.stdout");
        }
        if crate::modules::sysmodule::get_object("stdin").is_null() {
            assert_eq!(env.call("input", &[], &[]), "RuntimeError: input(): lost sys.stdin");
        }
        assert_eq!(
            env.call("print", &[], &[("foo", int(1).as_ptr())]),
            "TypeError: 'foo' is an invalid keyword argument for print()"
        );
    }

    unsafe fn module_names(env: &Env) {
        let d = crate::objects::moduleobject::get_dict(env.module.as_ptr()).unwrap();
        for name in [
            "None",
            "Ellipsis",
            "NotImplemented",
            "True",
            "False",
            "range",
            "zip",
            "map",
            "filter",
            "super",
            "type",
            "object",
            "ValueError",
            "BaseExceptionGroup",
            "EnvironmentError",
            "IOError",
            "__debug__",
            "__build_class__",
            "__import__",
            "aiter",
            "anext",
        ] {
            assert!(
                dictobject::get_item_str(d, name).unwrap().is_some(),
                "builtins.{name}"
            );
        }
        let n = dictobject::len(d);
        // 44 functions + 31 names + __debug__ + 65 exception classes + 2 aliases (+ ExceptionGroup)
        // + the module attributes (__name__, __doc__, __package__, __loader__, __spec__).
        assert!(n >= 145, "builtins has {n} names");
    }
}
