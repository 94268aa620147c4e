//! Argument binding and module-building helpers shared by the os helper's modules (posix,
//! errno, _stat, pwd, time, atexit, _signal, _locale): Argument Clinic's calling convention
//! (METH_FASTCALL | METH_KEYWORDS) with CPython's TypeError messages, method tables, module
//! creation from a leaked once-per-process `PyModuleDef`, and integer/constant helpers.

use crate::abi::methodobject::PyMethodDef;
use crate::abi::methodobject::{METH_FASTCALL, METH_KEYWORDS};
use crate::abi::moduleobject::{PyModuleDef, PyModuleDef_Base};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, Ref};
use crate::objects::{longobject, tupleobject, unicodeobject};
use core::ffi::CStr;
use core::ptr::null_mut;
use std::sync::Mutex;

/// A function's parameters as Argument Clinic declares them: `params[..posonly]` are
/// positional-only, `params[..maxpos]` may be given by position, the rest are keyword-only;
/// the first `required` are required.
pub struct Sig {
    pub name: &'static str,
    pub params: &'static [&'static str],
    pub posonly: usize,
    pub maxpos: usize,
    pub required: usize,
}

/// Binds a vectorcall to `sig`: one slot per parameter, NULL for optional ones not given.
/// The messages are `_PyArg_UnpackKeywords`'s.
///
/// # Safety
/// `args` holds `nargs` items plus one per name in `kwnames` (NULL or a tuple of str).
pub unsafe fn bind(
    sig: &Sig,
    args: *const *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) -> PyResult<Vec<*mut PyObject>> {
    let who = format!("{}()", sig.name);
    let nkw = if kwnames.is_null() {
        0
    } else {
        tupleobject::len(kwnames) as usize
    };
    let total = sig.params.len();
    let minpos = sig.required.min(sig.maxpos);
    let mut out = vec![null_mut(); total];
    if nargs + nkw > total {
        return Err(errors::type_error(&format!(
            "{who} takes at most {total} {}argument{} ({} given)",
            if nargs == 0 { "keyword " } else { "" },
            if total == 1 { "" } else { "s" },
            nargs + nkw
        )));
    }
    if nargs > sig.maxpos {
        return Err(if sig.maxpos == 0 {
            errors::type_error(&format!("{who} takes no positional arguments"))
        } else {
            errors::type_error(&format!(
                "{who} takes {} {} positional argument{} ({nargs} given)",
                if minpos < sig.maxpos {
                    "at most"
                } else {
                    "exactly"
                },
                sig.maxpos,
                if sig.maxpos == 1 { "" } else { "s" }
            ))
        });
    }
    let minposonly = sig.posonly.min(minpos);
    if nargs < minposonly {
        return Err(errors::type_error(&format!(
            "{who} takes {} {minposonly} positional argument{} ({nargs} given)",
            if minposonly < sig.maxpos {
                "at least"
            } else {
                "exactly"
            },
            if minposonly == 1 { "" } else { "s" }
        )));
    }
    for (i, slot) in out.iter_mut().enumerate().take(nargs) {
        *slot = *args.add(i);
    }
    for k in 0..nkw {
        let key = *tupleobject::items(kwnames).add(k);
        let value = *args.add(nargs + k);
        let found = (sig.posonly..total).find(|&i| unicodeobject::eq_str(key, sig.params[i]));
        match found {
            Some(i) if i < nargs => {
                return Err(errors::type_error(&format!(
                    "argument for {who} given by name ('{}') and position ({})",
                    sig.params[i],
                    i + 1
                )))
            }
            Some(i) => out[i] = value,
            None => {
                return Err(errors::type_error(&format!(
                    "'{}' is an invalid keyword argument for {who}",
                    unicodeobject::to_string_lossy(key)
                )))
            }
        }
    }
    for (i, v) in out.iter().enumerate().take(sig.required) {
        if v.is_null() {
            return Err(errors::type_error(&format!(
                "{who} missing required argument '{}' (pos {})",
                sig.params[i],
                i + 1
            )));
        }
    }
    Ok(out)
}

/// The vectorcall-style method signature every helper-built function uses.
pub type FastKwFn = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;

/// Defines `unsafe extern "C" fn $wrapper(module, args, nargs, kwnames)` that binds the
/// arguments to `$sig` and runs `$body` with them as `&[*mut PyObject]`.
#[macro_export]
macro_rules! os_fn {
    ($wrapper:ident, $sig:expr, |$a:ident| $body:block) => {
        unsafe extern "C" fn $wrapper(
            _module: *mut $crate::abi::PyObject,
            args: *const *mut $crate::abi::PyObject,
            nargs: $crate::abi::Py_ssize_t,
            kwnames: *mut $crate::abi::PyObject,
        ) -> *mut $crate::abi::PyObject {
            let r = (|| -> $crate::errors::PyResult<$crate::objects::object::Ref> {
                let bound =
                    $crate::modules::posixmodule::args::bind(&$sig, args, nargs as usize, kwnames)?;
                let $a: &[*mut $crate::abi::PyObject] = &bound[..];
                $body
            })();
            $crate::errors::ptr_result(r)
        }
    };
}

/// A `Sig` literal: `sig!("name", ["a", "b"], posonly, maxpos, required)`.
#[macro_export]
macro_rules! os_sig {
    ($name:literal, [$($p:literal),*], $posonly:expr, $maxpos:expr, $required:expr) => {
        $crate::modules::posixmodule::args::Sig {
            name: $name,
            params: &[$($p),*],
            posonly: $posonly,
            maxpos: $maxpos,
            required: $required,
        }
    };
}

/// One method table entry for a [`FastKwFn`].
pub fn entry(name: &'static CStr, f: FastKwFn, doc: &'static CStr) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe {
            core::mem::transmute::<
                FastKwFn,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
            >(f)
        }),
        ml_flags: METH_FASTCALL | METH_KEYWORDS,
        ml_doc: doc.as_ptr(),
    }
}

struct Defs(Vec<(&'static str, usize)>);
// SAFETY: the stored addresses are of leaked, never-mutated-after-build module definitions.
unsafe impl Send for Defs {}
static DEFS: Mutex<Defs> = Mutex::new(Defs(Vec::new()));

/// Creates module `name` from a `PyModuleDef` built once per process (its method table from
/// `methods()`), as a single-phase `PyInit_*` would.
///
/// # Safety
/// Called with the GIL held.
pub unsafe fn create_module(
    name: &'static CStr,
    doc: &'static CStr,
    methods: fn() -> Vec<PyMethodDef>,
) -> PyResult<Ref> {
    let key = name.to_str().unwrap_or("");
    let def = {
        let mut defs = DEFS.lock().unwrap_or_else(|p| p.into_inner());
        match defs.0.iter().find(|(n, _)| *n == key) {
            Some(&(_, d)) => d as *mut PyModuleDef,
            None => {
                let mut table = methods();
                table.push(PyMethodDef {
                    ml_name: core::ptr::null(),
                    ml_meth: None,
                    ml_flags: 0,
                    ml_doc: core::ptr::null(),
                });
                let table = Box::leak(table.into_boxed_slice()).as_mut_ptr();
                let d = Box::leak(Box::new(PyModuleDef {
                    m_base: PyModuleDef_Base::HEAD_INIT,
                    m_name: name.as_ptr(),
                    m_doc: doc.as_ptr(),
                    m_size: -1,
                    m_methods: table,
                    m_slots: null_mut(),
                    m_traverse: None,
                    m_clear: None,
                    m_free: None,
                })) as *mut PyModuleDef;
                defs.0.push((key, d as usize));
                d
            }
        }
    };
    crate::objects::moduleobject::create2(def, crate::objects::moduleobject::PYTHON_API_VERSION)
}

/// `module.name = value` (borrowed value).
///
/// # Safety
/// `module` is a module; `value` live.
pub unsafe fn add(module: *mut PyObject, name: &str, value: *mut PyObject) -> PyResult<()> {
    crate::modsupport::add_object_ref(module, name, value)
}

/// Adds every `(name, value)` as an int attribute.
///
/// # Safety
/// `module` is a module.
pub unsafe fn add_ints(module: *mut PyObject, table: &[(&str, i64)]) -> PyResult<()> {
    for &(name, value) in table {
        crate::modsupport::add_int_constant(module, name, value as _)?;
    }
    Ok(())
}

pub fn int(v: i64) -> PyResult<Ref> {
    longobject::from_i64(v)
}

pub fn float(v: f64) -> PyResult<Ref> {
    crate::objects::floatobject::from_f64(v)
}

pub fn none() -> Ref {
    object::new_none()
}

pub fn boolean(b: bool) -> Ref {
    crate::objects::boolobject::from_bool(b)
}

pub fn string(s: &str) -> PyResult<Ref> {
    unicodeobject::new_str(s)
}

/// An `int` argument (`_PyLong_AsInt` with clinic's float rejection).
///
/// # Safety
/// `o` is live.
pub unsafe fn c_int_arg(o: *mut PyObject) -> PyResult<core::ffi::c_int> {
    if crate::objects::floatobject::is_float(o) {
        return Err(errors::type_error("integer argument expected, got float"));
    }
    longobject::as_c_int(o)
}

/// A C `long`-sized (i64) argument, index protocol, floats rejected.
///
/// # Safety
/// `o` is live.
pub unsafe fn i64_arg(o: *mut PyObject) -> PyResult<i64> {
    if crate::objects::floatobject::is_float(o) {
        return Err(errors::type_error("integer argument expected, got float"));
    }
    longobject::as_i64(o)
}

/// An optional argument: `default` when not given.
pub fn or<T>(
    o: *mut PyObject,
    default: T,
    conv: impl FnOnce(*mut PyObject) -> PyResult<T>,
) -> PyResult<T> {
    if o.is_null() {
        Ok(default)
    } else {
        conv(o)
    }
}

/// Truth value of an optional boolean argument (`p` converter).
///
/// # Safety
/// `o` NULL or live.
pub unsafe fn truth(o: *mut PyObject, default: bool) -> PyResult<bool> {
    if o.is_null() {
        Ok(default)
    } else {
        object::is_true(o)
    }
}

/// A tuple of new references.
///
/// # Safety
/// GIL held.
pub unsafe fn tuple(items: Vec<Ref>) -> PyResult<Ref> {
    tupleobject::from_refs(items)
}

/// The current `errno`.
pub fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// Sets `errno` (so an OSError raised from it carries this code).
pub fn set_errno(e: i32) {
    // SAFETY: __errno_location returns this thread's errno slot.
    unsafe { *libc::__errno_location() = e };
}

/// `PyImport_Import(name)`: `builtins.__import__(name, globals, None, ['__doc__'], 0)`, then
/// the module from `sys.modules` (so submodules come back themselves).
///
/// # Safety
/// GIL held, interpreter initialised.
pub unsafe fn import_module(name: &str) -> PyResult<Ref> {
    let interp = crate::lifecycle::pystate::current_interpreter();
    let modules = (*interp).modules;
    if !modules.is_null() {
        if let Some(m) = crate::objects::dictobject::get_item_str(modules, name)? {
            if m != object::none() {
                return Ok(object::new_ref(m));
            }
        }
    }
    let builtins = (*interp).builtins;
    let import = if builtins.is_null() {
        None
    } else {
        crate::objects::dictobject::get_item_str(builtins, "__import__")?
    };
    let Some(import) = import else {
        return Err(errors::set_string(
            crate::objects::exceptions::PyExc_ImportError,
            "__import__ not found",
        ));
    };
    let n = string(name)?;
    let doc = string("__doc__")?;
    let fromlist = crate::objects::listobject::from_slice(&[doc.as_ptr()])?;
    let globals = crate::objects::dictobject::new()?;
    let zero = int(0)?;
    let args = tupleobject::pack(&[
        n.as_ptr(),
        globals.as_ptr(),
        object::none(),
        fromlist.as_ptr(),
        zero.as_ptr(),
    ])?;
    let r = crate::objects::call::call(import, args.as_ptr(), null_mut())?;
    if !modules.is_null() {
        if let Some(m) = crate::objects::dictobject::get_item_str(modules, name)? {
            return Ok(object::new_ref(m));
        }
    }
    Ok(r)
}
