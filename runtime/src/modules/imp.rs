//! The `_imp` module (CPython's Python/import.c, the module part): the low-level hooks
//! importlib's bootstrap calls: the import lock, built-in and extension module creation and
//! execution, frozen-module queries (Ferrython freezes nothing: the stdlib comes from its
//! files), `source_hash`, `_fix_co_filename`, `extension_suffixes`.

use crate::abi::methodobject::*;
use crate::objects::r#abstract::buffer::PyBUF_SIMPLE;
use crate::abi::*;
use crate::abi::code::PyCodeObject;
use crate::abi::methodobject::PyMethodDef;
use crate::abi::moduleobject::{PyModuleDef, PyModuleDef_Base};
use crate::objects::exceptions::*;
use crate::objects::object::Py_EQ;
use crate::errors::{self, PyResult};
use crate::lifecycle::import;
use crate::objects::dictobject::{method, METHOD_END};
use crate::objects::object::{self, Ref};
use crate::objects::{listobject, unicodeobject};
use core::ptr::null_mut;

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type FastKwFn =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t, *mut PyObject) -> *mut PyObject;

unsafe fn tuple_len(t: *mut PyObject) -> Py_ssize_t {
    (*(t as *mut PyVarObject)).ob_size
}

fn bool_ref(b: bool) -> *mut PyObject {
    crate::objects::boolobject::from_bool(b).into_raw()
}

unsafe extern "C" fn lock_held(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    bool_ref(import::lock_held())
}

unsafe extern "C" fn acquire_lock(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    import::acquire_lock();
    object::new_none().into_raw()
}

unsafe extern "C" fn release_lock(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    if import::release_lock() < 0 {
        let _ = errors::set_string(PyExc_RuntimeError, "not holding the import lock");
        return null_mut();
    }
    object::new_none().into_raw()
}

/// The first argument as a str, with Argument Clinic's message otherwise.
unsafe fn str_arg(fname: &str, arg: *mut PyObject) -> PyResult<*mut PyObject> {
    if !unicodeobject::is_str(arg) {
        return Err(crate::getargs::bad_argument(fname, "argument", "str", arg));
    }
    Ok(arg)
}

/// ImportError "No such frozen object named 'x'" with `name` set.
unsafe fn no_frozen(name: *mut PyObject) -> *mut PyObject {
    let msg = match unicodeobject::new_str(&format!(
        "No such frozen object named {}",
        object::repr_for_message(name)
    )) {
        Ok(m) => m,
        Err(_) => return null_mut(),
    };
    let _ = errors::set_import_error_subclass(PyExc_ImportError, msg.as_ptr(), name, null_mut());
    null_mut()
}

unsafe extern "C" fn get_frozen_object(_m: *mut PyObject, args: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    if crate::getargs::check_positional(Some("get_frozen_object"), n as usize, 1, 2).is_err() {
        return null_mut();
    }
    match str_arg("get_frozen_object", *args) {
        Ok(name) => no_frozen(name),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn is_frozen_package(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    match str_arg("is_frozen_package", arg) {
        Ok(name) => no_frozen(name),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn is_frozen(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    match str_arg("is_frozen", arg) {
        Ok(_) => bool_ref(false),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn init_frozen(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    match str_arg("init_frozen", arg) {
        Ok(_) => object::new_none().into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn frozen_module_names(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(listobject::new(0))
}

unsafe extern "C" fn find_frozen(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    n: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // find_frozen(name, /, *, withdata=False)
    if crate::getargs::check_positional(Some("find_frozen"), n as usize, 1, 1).is_err() {
        return null_mut();
    }
    if !kwnames.is_null() {
        let nk = tuple_len(kwnames);
        for i in 0..nk {
            let k = *crate::objects::tupleobject::items(kwnames).add(i as usize);
            if !unicodeobject::eq_str(k, "withdata") {
                let _ = errors::type_error(&format!(
                    "find_frozen() got an unexpected keyword argument '{}'",
                    unicodeobject::to_string_lossy(k)
                ));
                return null_mut();
            }
        }
    }
    match str_arg("find_frozen", *args) {
        Ok(_) => object::new_none().into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn override_frozen_modules_for_tests(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    match crate::getargs::int_from_object(arg) {
        Ok(v) => {
            (*crate::lifecycle::pystate::current_interpreter()).override_frozen_modules = v;
            object::new_none().into_raw()
        }
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn create_builtin(_m: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(import::create_builtin(spec))
}

unsafe extern "C" fn is_builtin(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let name = str_arg("is_builtin", arg)?;
        crate::objects::longobject::from_i64(import::is_builtin(name)? as i64)
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn create_dynamic(_m: *mut PyObject, args: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    if crate::getargs::check_positional(Some("create_dynamic"), n as usize, 1, 2).is_err() {
        return null_mut();
    }
    errors::ptr_result(import::create_dynamic(*args))
}

unsafe extern "C" fn exec_module(_m: *mut PyObject, m: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        crate::objects::longobject::from_i64(import::exec_builtin_or_dynamic(m)? as i64)
    })();
    errors::ptr_result(r)
}

/// Replaces `old` by `new` as the filename of `code` and every code object among its
/// constants (`update_code_filenames`).
pub(crate) unsafe fn update_code_filenames(code: *mut PyCodeObject, old: *mut PyObject, new: *mut PyObject) -> PyResult<()> {
    if !object::rich_compare_bool((*code).co_filename, old, Py_EQ)? {
        return Ok(());
    }
    // replace_slot takes over a reference: `new` is borrowed.
    object::incref(new);
    object::replace_slot(&raw mut (*code).co_filename, new);
    let consts = (*code).co_consts;
    let n = tuple_len(consts);
    for i in 0..n {
        let c = *crate::objects::tupleobject::items(consts).add(i as usize);
        if object::is_type(c, &raw mut crate::objects::codeobject::PyCode_Type) {
            update_code_filenames(c.cast(), old, new)?;
        }
    }
    Ok(())
}

unsafe extern "C" fn fix_co_filename(_m: *mut PyObject, args: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        crate::getargs::check_positional(Some("_fix_co_filename"), n as usize, 2, 2)?;
        let code = *args;
        let path = *args.add(1);
        if !object::is_type(code, &raw mut crate::objects::codeobject::PyCode_Type) {
            return Err(crate::getargs::bad_argument("_fix_co_filename", "argument 1", "code", code));
        }
        if !unicodeobject::is_str(path) {
            return Err(crate::getargs::bad_argument("_fix_co_filename", "argument 2", "str", path));
        }
        let old = object::new_ref((*code.cast::<PyCodeObject>()).co_filename);
        if !object::rich_compare_bool(old.as_ptr(), path, Py_EQ)? {
            update_code_filenames(code.cast(), old.as_ptr(), path)?;
        }
        Ok(object::new_none())
    })();
    errors::ptr_result(r)
}

/// The suffixes of extension modules this build loads, most specific first.
pub const EXTENSION_SUFFIXES: [&str; 3] = [".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"];

unsafe extern "C" fn extension_suffixes(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let list = listobject::new(0)?;
        for s in EXTENSION_SUFFIXES {
            let item = unicodeobject::new_str(s)?;
            listobject::append(list.as_ptr(), item.as_ptr())?;
        }
        Ok(list)
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn source_hash(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    n: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        // source_hash(key, source): both may be given by keyword.
        let mut slots: [*mut PyObject; 2] = [null_mut(); 2];
        if n > 2 {
            return Err(errors::type_error(&format!(
                "source_hash() takes at most 2 arguments ({} given)",
                n + if kwnames.is_null() { 0 } else { tuple_len(kwnames) }
            )));
        }
        for i in 0..n as usize {
            slots[i] = *args.add(i);
        }
        if !kwnames.is_null() {
            let nk = tuple_len(kwnames) as usize;
            for i in 0..nk {
                let k = *crate::objects::tupleobject::items(kwnames).add(i);
                let v = *args.add(n as usize + i);
                let idx = if unicodeobject::eq_str(k, "key") {
                    0
                } else if unicodeobject::eq_str(k, "source") {
                    1
                } else {
                    return Err(errors::type_error(&format!(
                        "'{}' is an invalid keyword argument for source_hash()",
                        unicodeobject::to_string_lossy(k)
                    )));
                };
                if !slots[idx].is_null() {
                    return Err(errors::type_error(&format!(
                        "argument for source_hash() given by name ('{}') and position ({})",
                        ["key", "source"][idx],
                        idx + 1
                    )));
                }
                slots[idx] = v;
            }
        }
        for (i, name) in ["key", "source"].iter().enumerate() {
            if slots[i].is_null() {
                return Err(errors::type_error(&format!(
                    "source_hash() missing required argument '{name}' (pos {})",
                    i + 1
                )));
            }
        }
        let key = crate::objects::longobject::as_i64(slots[0])?;
        let mut view: Py_buffer = core::mem::zeroed();
        crate::objects::r#abstract::buffer::get_buffer(slots[1], &mut view, PyBUF_SIMPLE)?;
        let data = core::slice::from_raw_parts(view.buf as *const u8, view.len as usize);
        let h = crate::pyhash::keyed_hash(key as u64, data);
        crate::objects::r#abstract::buffer::release(&mut view);
        crate::objects::bytesobject::from_slice(&h.to_le_bytes())
    })();
    errors::ptr_result(r)
}

static mut IMP_METHODS: [PyMethodDef; 19] = [
    method!(c"extension_suffixes", extension_suffixes as BinFn, METH_NOARGS, c"extension_suffixes($module, /)\n--\n\nReturns the list of file suffixes used to identify extension modules."),
    method!(c"lock_held", lock_held as BinFn, METH_NOARGS, c"lock_held($module, /)\n--\n\nReturn True if the import lock is currently held, else False.\n\nOn platforms without threads, return False."),
    method!(c"acquire_lock", acquire_lock as BinFn, METH_NOARGS, c"acquire_lock($module, /)\n--\n\nAcquires the interpreter's import lock for the current thread.\n\nThis lock should be used by import hooks to ensure thread-safety when importing\nmodules. On platforms without threads, this function does nothing."),
    method!(c"release_lock", release_lock as BinFn, METH_NOARGS, c"release_lock($module, /)\n--\n\nRelease the interpreter's import lock.\n\nOn platforms without threads, this function does nothing."),
    method!(c"find_frozen", find_frozen as FastKwFn, METH_FASTCALL | METH_KEYWORDS, c"find_frozen($module, name, /, *, withdata=False)\n--\n\nReturn info about the corresponding frozen module (if there is one) or None.\n\nThe returned info (a 2-tuple):\n\n * data         the raw marshalled bytes\n * is_package   whether or not it is a package\n * origname     the originally frozen module's name, or None if not\n                a stdlib module (this will usually be the same as\n                the module's current name)"),
    method!(c"get_frozen_object", get_frozen_object as FastFn, METH_FASTCALL, c"get_frozen_object($module, name, data=None, /)\n--\n\nCreate a code object for a frozen module."),
    method!(c"is_frozen_package", is_frozen_package as BinFn, METH_O, c"is_frozen_package($module, name, /)\n--\n\nReturns True if the module name is of a frozen package."),
    method!(c"create_builtin", create_builtin as BinFn, METH_O, c"create_builtin($module, spec, /)\n--\n\nCreate an extension module."),
    method!(c"init_frozen", init_frozen as BinFn, METH_O, c"init_frozen($module, name, /)\n--\n\nInitializes a frozen module."),
    method!(c"is_builtin", is_builtin as BinFn, METH_O, c"is_builtin($module, name, /)\n--\n\nReturns True if the module name corresponds to a built-in module."),
    method!(c"is_frozen", is_frozen as BinFn, METH_O, c"is_frozen($module, name, /)\n--\n\nReturns True if the module name corresponds to a frozen module."),
    method!(c"_frozen_module_names", frozen_module_names as BinFn, METH_NOARGS, c"_frozen_module_names($module, /)\n--\n\nReturns the list of available frozen modules."),
    method!(c"_override_frozen_modules_for_tests", override_frozen_modules_for_tests as BinFn, METH_O, c"_override_frozen_modules_for_tests($module, override, /)\n--\n\n(internal-only) Override PyConfig.use_frozen_modules.\n\n(-1: \"off\", 1: \"on\", 0: no override)\nSee frozen_modules() in Lib/test/support/import_helper.py."),
    method!(c"create_dynamic", create_dynamic as FastFn, METH_FASTCALL, c"create_dynamic($module, spec, file=<unrepresentable>, /)\n--\n\nCreate an extension module."),
    method!(c"exec_dynamic", exec_module as BinFn, METH_O, c"exec_dynamic($module, mod, /)\n--\n\nInitialize an extension module."),
    method!(c"exec_builtin", exec_module as BinFn, METH_O, c"exec_builtin($module, mod, /)\n--\n\nInitialize a built-in module."),
    method!(c"_fix_co_filename", fix_co_filename as FastFn, METH_FASTCALL, c"_fix_co_filename($module, code, path, /)\n--\n\nChanges code.co_filename to specify the passed-in file path.\n\n  code\n    Code object to change.\n  path\n    File path to use."),
    method!(c"source_hash", source_hash as FastKwFn, METH_FASTCALL | METH_KEYWORDS, c"source_hash($module, /, key, source)\n--\n\n"),
    METHOD_END,
];

static mut IMP_MODULE: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_Base::HEAD_INIT,
    m_name: c"_imp".as_ptr(),
    m_doc: c"(Extremely) low-level import machinery bits as used by importlib and imp.".as_ptr(),
    m_size: 0,
    m_methods: null_mut(),
    m_slots: null_mut(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// `PyInit__imp`: the module, with `check_hash_based_pycs` from the configuration.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let def = &raw mut IMP_MODULE;
        (*def).m_methods = (&raw mut IMP_METHODS).cast();
        let m = crate::objects::moduleobject::create2(def, crate::objects::moduleobject::PYTHON_API_VERSION)?;
        let d = crate::objects::moduleobject::get_dict(m.as_ptr())?;
        let mode = check_hash_pycs_mode();
        let v = unicodeobject::new_str(&mode)?;
        crate::objects::dictobject::set_item_str(d, "check_hash_based_pycs", v.as_ptr())?;
        Ok(m)
    })();
    errors::ptr_result(r)
}

/// `config.check_hash_pycs_mode` ("default" unless --check-hash-based-pycs said otherwise).
unsafe fn check_hash_pycs_mode() -> String {
    let interp = crate::lifecycle::pystate::current_interpreter();
    let p = (*interp).config.check_hash_pycs_mode;
    if p.is_null() {
        return "default".to_string();
    }
    let mut s = String::new();
    let mut q = p;
    while *q != 0 {
        s.push(char::from_u32(*q as u32).unwrap_or('?'));
        q = q.add(1);
    }
    s
}
