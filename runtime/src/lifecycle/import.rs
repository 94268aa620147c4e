//! The import system (CPython's Python/import.c): `sys.modules` (the interpreter's `modules`
//! dict), `PyImport_ImportModuleLevelObject` and friends, the built-in module table
//! (`PyImport_Inittab`, appendable before start-up), built-in and extension module creation
//! for `_imp`, the extension cache for single-phase modules, and the importlib bootstrap.
//!
//! The bootstrap is CPython's own Python code: `importlib/_bootstrap.py` and
//! `_bootstrap_external.py` from the installed stdlib, loaded from their current `__pycache__`
//! pycs (else compiled by our compiler), run as the modules `_frozen_importlib` and
//! `_frozen_importlib_external` (CPython freezes them into the library; we read them, so the
//! code and its tracebacks are CPython's). No other module
//! is frozen: the rest of the stdlib comes from its files.

use crate::abi::*;
use crate::abi::moduleobject::PyModuleDef;
use crate::abi::pycore_moduleobject::PyModuleObject;
use crate::abi::pycore_interp::PyInterpreterState;
use crate::abi::pythread::PyThread_type_lock;
use crate::objects::exceptions::*;
use crate::objects::object::Py_EQ;
use crate::errors::{self, ErrSet, PyResult};
use crate::lifecycle::pystate;
use crate::objects::object::{self, new_ref, Ref};
use crate::objects::{call, dictobject, listobject, moduleobject, unicodeobject};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::null_mut;
use std::ffi::CString;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, Ordering};
use std::sync::Mutex;

// ---------------------------------------------------------------------------------------------
// The built-in module table.

/// `struct _inittab` (cpython/import.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct _inittab {
    pub name: *const c_char,
    pub initfunc: Option<unsafe extern "C" fn() -> *mut PyObject>,
}

/// `PyImport_Inittab`: the table start-up creates built-in modules from, NULL-terminated.
/// Built from [`crate::modules::INITTAB`] when the library loads; `PyImport_AppendInittab` /
/// `PyImport_ExtendInittab` replace it (before `Py_Initialize`).
#[no_mangle]
pub static mut PyImport_Inittab: *mut _inittab = null_mut();

/// The table as a Rust vector owned by us (`PyImport_Inittab` points into it).
static INITTAB_OWNED: Mutex<Vec<InittabEntry>> = Mutex::new(Vec::new());

/// One owned row: the name kept alive for the C table.
struct InittabEntry {
    name: CString,
    initfunc: Option<unsafe extern "C" fn() -> *mut PyObject>,
}

// SAFETY: the entries are plain C strings and function pointers, only touched under the mutex.
unsafe impl Send for InittabEntry {}

/// The C table backing `PyImport_Inittab` (rebuilt on every change; old tables are leaked on
/// purpose: a caller may still hold the previous pointer, as CPython allows before start-up).
fn publish_inittab(rows: &[InittabEntry]) {
    let mut table: Vec<_inittab> = rows
        .iter()
        .map(|r| _inittab { name: r.name.as_ptr(), initfunc: r.initfunc })
        .collect();
    table.push(_inittab { name: core::ptr::null(), initfunc: None });
    let leaked = Box::leak(table.into_boxed_slice());
    // SAFETY: the pointer is replaced whole; readers are single-threaded before start-up.
    unsafe { PyImport_Inittab = leaked.as_mut_ptr() };
}

/// Makes `PyImport_Inittab` from the compiled-in table if nobody has yet.
fn ensure_inittab() {
    let mut rows = INITTAB_OWNED.lock().unwrap_or_else(|e| e.into_inner());
    if !rows.is_empty() {
        return;
    }
    for (name, f) in crate::modules::INITTAB {
        rows.push(InittabEntry { name: (*name).into(), initfunc: Some(*f) });
    }
    publish_inittab(&rows);
}

/// Runs when the library is loaded, so `PyImport_Inittab` is a real table from the start.
#[used]
#[link_section = ".init_array"]
static INIT_INITTAB: extern "C" fn() = {
    extern "C" fn init() {
        ensure_inittab();
    }
    init
};

/// `PyImport_ExtendInittab`: adds rows (terminated by a NULL name); -1 after start-up
/// would be unsafe, as in CPython it is the caller's contract to call it before.
///
/// # Safety
/// `newtab` is a NULL-terminated `_inittab` array whose names outlive the interpreter.
pub unsafe fn extend_inittab(newtab: *const _inittab) -> c_int {
    ensure_inittab();
    let mut rows = INITTAB_OWNED.lock().unwrap_or_else(|e| e.into_inner());
    let mut p = newtab;
    while !(*p).name.is_null() {
        rows.push(InittabEntry { name: CStr::from_ptr((*p).name).into(), initfunc: (*p).initfunc });
        p = p.add(1);
    }
    publish_inittab(&rows);
    0
}

/// `PyImport_AppendInittab(name, initfunc)`.
///
/// # Safety
/// `name` is a NUL-terminated string.
pub unsafe fn append_inittab(
    name: *const c_char,
    initfunc: Option<unsafe extern "C" fn() -> *mut PyObject>,
) -> c_int {
    if pylifecycle_initialized() {
        crate::lifecycle::fatal::fatal_error(
            "PyImport_AppendInittab",
            b"PyImport_AppendInittab() may not be called after Py_Initialize()",
        );
    }
    let row = [_inittab { name, initfunc }, _inittab { name: core::ptr::null(), initfunc: None }];
    extend_inittab(row.as_ptr())
}

fn pylifecycle_initialized() -> bool {
    crate::lifecycle::pylifecycle::is_initialized()
}

/// The init function of built-in module `name`, from `PyImport_Inittab`.
unsafe fn find_inittab(name: &[u8]) -> Option<Option<unsafe extern "C" fn() -> *mut PyObject>> {
    ensure_inittab();
    let mut p = PyImport_Inittab;
    while !p.is_null() && !(*p).name.is_null() {
        if CStr::from_ptr((*p).name).to_bytes() == name {
            return Some((*p).initfunc);
        }
        p = p.add(1);
    }
    None
}

/// The names of the built-in modules (`sys.builtin_module_names` is made by the sys module
/// from the same table), in table order.
pub fn builtin_module_names() -> Vec<String> {
    ensure_inittab();
    let rows = INITTAB_OWNED.lock().unwrap_or_else(|e| e.into_inner());
    rows.iter().map(|r| r.name.to_string_lossy().into_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// sys.modules

fn interp() -> *mut PyInterpreterState {
    pystate::current_interpreter()
}

/// `interp->modules` (borrowed), or RuntimeError "unable to get sys.modules" before start-up.
pub unsafe fn modules() -> PyResult<*mut PyObject> {
    let m = (*interp()).modules;
    if m.is_null() {
        return Err(errors::set_string(PyExc_RuntimeError, "unable to get sys.modules"));
    }
    Ok(m)
}

/// `sys.modules.get(name)` (new reference); `None` when absent.
pub unsafe fn get_module(name: *mut PyObject) -> PyResult<Option<Ref>> {
    let m = modules()?;
    if dictobject::check_exact(m) {
        Ok(dictobject::get_item(m, name)?.map(|v| new_ref(v)))
    } else {
        match crate::objects::r#abstract::mapping::get_item(m, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                if errors::exception_matches(PyExc_KeyError) {
                    errors::clear();
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }
}

/// `sys.modules[name] = m`.
pub unsafe fn set_module(name: *mut PyObject, m: *mut PyObject) -> PyResult<()> {
    let d = modules()?;
    if dictobject::check_exact(d) {
        dictobject::set_item(d, name, m)
    } else {
        crate::objects::r#abstract::mapping::set_item(d, name, m)
    }
}

/// `sys.modules.pop(name, None)` without raising for a missing key.
pub unsafe fn remove_module(name: *mut PyObject) -> PyResult<()> {
    let d = modules()?;
    if dictobject::check_exact(d) {
        dictobject::pop(d, name, object::none()).map(drop)
    } else {
        match crate::objects::r#abstract::mapping::del_item(d, name) {
            Ok(()) => Ok(()),
            Err(e) => {
                if errors::exception_matches(PyExc_KeyError) {
                    errors::clear();
                    Ok(())
                } else {
                    Err(e)
                }
            }
        }
    }
}

/// `PyImport_AddModuleObject`: `sys.modules[name]`, made (an empty module) when missing.
/// Borrowed, as CPython's: the module stays alive in `sys.modules`.
pub unsafe fn add_module(name: *mut PyObject) -> PyResult<*mut PyObject> {
    if let Some(m) = get_module(name)? {
        if moduleobject::is_module(m.as_ptr()) {
            return Ok(m.as_ptr());
        }
    }
    let m = moduleobject::new_object(name)?;
    set_module(name, m.as_ptr())?;
    // `m` stays referenced by sys.modules; hand out the borrowed pointer.
    Ok(m.as_ptr())
}

// ---------------------------------------------------------------------------------------------
// Importing.

/// `interp->importlib` or ImportError "no importlib" style failures before the bootstrap.
unsafe fn importlib() -> PyResult<*mut PyObject> {
    let il = (*interp()).importlib;
    if il.is_null() {
        return Err(errors::set_string(PyExc_ImportError, "frozen importlib not initialized"));
    }
    Ok(il)
}

/// `_PyImport_IsInitialized`.
pub unsafe fn is_initialized(interp: *mut PyInterpreterState) -> bool {
    !(*interp).modules.is_null()
}

/// The package a relative import is relative to, and the absolute name (`resolve_name`).
unsafe fn resolve_name(name: *mut PyObject, globals: *mut PyObject, level: c_int) -> PyResult<Ref> {
    if globals.is_null() {
        return Err(errors::set_string(PyExc_KeyError, "'__name__' not in globals"));
    }
    if !dictobject::check(globals) {
        return Err(errors::type_error("globals must be a dict"));
    }
    let mut package = dictobject::get_item_str(globals, "__package__")?.map(|p| new_ref(p));
    if package.as_ref().is_some_and(|p| p.as_ptr() == object::none()) {
        package = None;
    }
    let spec = dictobject::get_item_str(globals, "__spec__")?.map(|s| new_ref(s));
    let package = if let Some(package) = package {
        if !unicodeobject::is_str(package.as_ptr()) {
            return Err(errors::type_error("package must be a string"));
        }
        if let Some(spec) = spec.as_ref().filter(|s| s.as_ptr() != object::none()) {
            let parent = object::get_attr_str(spec.as_ptr(), "parent")?;
            if !object::rich_compare_bool(package.as_ptr(), parent.as_ptr(), Py_EQ)? {
                crate::modules::warnings::warn(
                    PyExc_ImportWarning,
                    "__package__ != __spec__.parent",
                    1,
                )?;
            }
        }
        package
    } else if let Some(spec) = spec.as_ref().filter(|s| s.as_ptr() != object::none()) {
        let package = object::get_attr_str(spec.as_ptr(), "parent")?;
        if !unicodeobject::is_str(package.as_ptr()) {
            return Err(errors::type_error("__spec__.parent must be a string"));
        }
        package
    } else {
        crate::modules::warnings::warn(
            PyExc_ImportWarning,
            "can't resolve package from __spec__ or __package__, falling back on __name__ and __path__",
            1,
        )?;
        let Some(pname) = dictobject::get_item_str(globals, "__name__")? else {
            return Err(errors::set_string(PyExc_KeyError, "'__name__' not in globals"));
        };
        if !unicodeobject::is_str(pname) {
            return Err(errors::type_error("__name__ must be a string"));
        }
        let haspath = dictobject::get_item_str(globals, "__path__")?.is_some();
        if haspath {
            new_ref(pname)
        } else {
            let len = unicodeobject::length(pname);
            let dot = find_char(pname, '.' as u32, 0, len, -1);
            if dot < 0 {
                return Err(no_parent_error());
            }
            unicodeobject::substring(pname, 0, dot as usize)?
        }
    };
    let mut last_dot = unicodeobject::length(package.as_ptr());
    if last_dot == 0 {
        return Err(no_parent_error());
    }
    for _ in 1..level {
        let d = find_char(package.as_ptr(), '.' as u32, 0, last_dot, -1);
        if d < 0 {
            return Err(errors::set_string(
                PyExc_ImportError,
                "attempted relative import beyond top-level package",
            ));
        }
        last_dot = d;
    }
    let base = unicodeobject::substring(package.as_ptr(), 0, last_dot as usize)?;
    if unicodeobject::length(name) == 0 {
        return Ok(base);
    }
    let dotted = unicodeobject::concat(base.as_ptr(), unicodeobject::intern_str("."))?;
    unicodeobject::concat(dotted.as_ptr(), name)
}

unsafe fn no_parent_error() -> ErrSet {
    errors::set_string(PyExc_ImportError, "attempted relative import with no known parent package")
}

/// If `mod` is still being initialized by another thread (`__spec__._initializing`), waits
/// for it through `_bootstrap._lock_unlock_module` (CPython's `import_ensure_initialized`).
unsafe fn ensure_initialized(m: *mut PyObject, name: *mut PyObject) -> PyResult<()> {
    let Some(spec) = object::lookup_attr_str(m, "__spec__")? else { return Ok(()) };
    let initializing = match object::lookup_attr_str(spec.as_ptr(), "_initializing")? {
        Some(v) => object::is_true(v.as_ptr())?,
        None => false,
    };
    if initializing {
        let il = importlib()?;
        call::call_method_str(il, "_lock_unlock_module", &[name])?;
    }
    Ok(())
}

/// `PyImport_ImportModuleLevelObject(name, globals, locals, fromlist, level)`; on failure the
/// importlib frames are cut from the traceback as CPython does.
pub unsafe fn import_module_level(
    name: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
    fromlist: *mut PyObject,
    level: c_int,
) -> PyResult<Ref> {
    let r = import_module_level_inner(name, globals, locals, fromlist, level);
    if r.is_err() {
        remove_importlib_frames();
    }
    r
}

/// `remove_importlib_frames`: drops the traceback entries of importlib's own code: every
/// importlib chunk for an ImportError, otherwise the chunks that end in
/// `_call_with_frames_removed` (the call into the module being imported). Kept with -v.
unsafe fn remove_importlib_frames() {
    use crate::abi::traceback::PyTracebackObject;
    let (exc, value, base_tb) = errors::fetch();
    let mut base_tb = base_tb;
    if !exc.is_null() && (*interp()).config.verbose <= 0 {
        let always_trim = crate::objects::typeobject::is_subtype(exc.cast(), PyExc_ImportError.cast());
        let mut in_importlib = false;
        let mut prev_link: *mut *mut PyObject = &mut base_tb;
        let mut outer_link: *mut *mut PyObject = core::ptr::null_mut();
        let mut tb = base_tb;
        while !tb.is_null() {
            let t = tb as *mut PyTracebackObject;
            let next = (*t).tb_next as *mut PyObject;
            let code = (*(*(*t).tb_frame).f_frame).f_code;
            let filename = unicodeobject::as_utf8((*code).co_filename).unwrap_or(b"");
            let now_in_importlib = filename == b"<frozen importlib._bootstrap>"
                || filename == b"<frozen importlib._bootstrap_external>";
            if now_in_importlib && !in_importlib {
                outer_link = prev_link;
            }
            in_importlib = now_in_importlib;
            let is_remover = unicodeobject::as_utf8((*code).co_name).unwrap_or(b"") == b"_call_with_frames_removed";
            if in_importlib && (always_trim || is_remover) {
                object::xincref(next);
                object::replace_slot(outer_link, next);
                prev_link = outer_link;
            } else {
                prev_link = (&raw mut (*t).tb_next).cast();
            }
            tb = next;
        }
    }
    let _ = errors::restore(exc, value, base_tb);
}

unsafe fn import_module_level_inner(
    name: *mut PyObject,
    globals: *mut PyObject,
    _locals: *mut PyObject,
    fromlist: *mut PyObject,
    level: c_int,
) -> PyResult<Ref> {
    if name.is_null() {
        return Err(errors::set_string(PyExc_ValueError, "Empty module name"));
    }
    if !unicodeobject::is_str(name) {
        return Err(errors::type_error("module name must be a string"));
    }
    if level < 0 {
        return Err(errors::value_error("level must be >= 0"));
    }
    let abs_name = if level > 0 {
        resolve_name(name, globals, level)?
    } else {
        if unicodeobject::length(name) == 0 {
            return Err(errors::value_error("Empty module name"));
        }
        new_ref(name)
    };
    let module = match get_module(abs_name.as_ptr())? {
        Some(m) if m.as_ptr() != object::none() => {
            ensure_initialized(m.as_ptr(), abs_name.as_ptr())?;
            m
        }
        _ => find_and_load(abs_name.as_ptr())?,
    };
    let has_from = !fromlist.is_null() && fromlist != object::none() && object::is_true(fromlist)?;
    if !has_from {
        let len = unicodeobject::length(name);
        if level == 0 || len > 0 {
            let dot = find_char(name, '.' as u32, 0, len, 1);
            if dot == -1 {
                return Ok(module);
            }
            if level == 0 {
                let front = unicodeobject::substring(name, 0, dot as usize)?;
                return import_module_level(front.as_ptr(), null_mut(), null_mut(), null_mut(), 0);
            }
            let cut_off = len - dot;
            let abs_len = unicodeobject::length(abs_name.as_ptr());
            let to_return = unicodeobject::substring(abs_name.as_ptr(), 0, (abs_len - cut_off) as usize)?;
            return match get_module(to_return.as_ptr())? {
                Some(m) => Ok(m),
                None => Err(errors::set_object(
                    PyExc_KeyError,
                    unicodeobject::new_str(&format!(
                        "{} not in sys.modules as expected",
                        object::repr_for_message(to_return.as_ptr())
                    ))?
                    .as_ptr(),
                )),
            };
        }
        return Ok(module);
    }
    match object::lookup_attr_str(module.as_ptr(), "__path__")? {
        Some(_) => {
            let il = importlib()?;
            let import_func = (*interp()).import_func;
            let import_func = if import_func.is_null() { object::none() } else { import_func };
            call::call_method_str(il, "_handle_fromlist", &[module.as_ptr(), fromlist, import_func])
        }
        None => Ok(module),
    }
}

/// `PyImport_Import(name)`: through the current `__import__` (honouring replacements), then
/// `sys.modules[name]`.
pub unsafe fn import(name: *mut PyObject) -> PyResult<Ref> {
    let from_list = listobject::from_slice(&[unicodeobject::intern_str("__doc__")])?;
    let globals_now = crate::eval::ceval::get_globals();
    let (globals, builtins) = if !globals_now.is_null() {
        let g = new_ref(globals_now);
        let b = crate::objects::r#abstract::mapping::get_item(g.as_ptr(), unicodeobject::intern_str("__builtins__"))?;
        (g, b)
    } else {
        let b = import_module_level(
            unicodeobject::intern_str("builtins"),
            null_mut(),
            null_mut(),
            null_mut(),
            0,
        )?;
        let g = dictobject::new()?;
        dictobject::set_item_str(g.as_ptr(), "__builtins__", b.as_ptr())?;
        (g, b)
    };
    let import_fn = if dictobject::check(builtins.as_ptr()) {
        match dictobject::get_item_str(builtins.as_ptr(), "__import__")? {
            Some(f) => new_ref(f),
            None => return Err(errors::set_object(PyExc_KeyError, unicodeobject::intern_str("__import__"))),
        }
    } else {
        object::get_attr_str(builtins.as_ptr(), "__import__")?
    };
    let zero = crate::objects::longobject::from_i64(0)?;
    let args = [name, globals.as_ptr(), globals.as_ptr(), from_list.as_ptr(), zero.as_ptr()];
    drop(call::vectorcall(import_fn.as_ptr(), &args, null_mut())?);
    match get_module(name)? {
        Some(m) => Ok(m),
        None => Err(errors::set_object(PyExc_KeyError, name)),
    }
}

/// `PyImport_ImportModule(name)`.
pub unsafe fn import_module(name: &str) -> PyResult<Ref> {
    let n = unicodeobject::new_str(name)?;
    import(n.as_ptr())
}

/// `_PyImport_GetModuleAttr(modname, attrname)`.
pub unsafe fn get_module_attr(modname: *mut PyObject, attrname: *mut PyObject) -> PyResult<Ref> {
    let m = import(modname)?;
    object::get_attr(m.as_ptr(), attrname)
}

/// `PyImport_GetImporter(path)`: `sys.path_importer_cache[path]`, filled by trying each of
/// `sys.path_hooks` (ImportError means "not mine"); None when no hook accepts it.
pub unsafe fn get_importer(path: *mut PyObject) -> PyResult<Ref> {
    let cache = crate::modules::sysmodule::get_object("path_importer_cache");
    let hooks = crate::modules::sysmodule::get_object("path_hooks");
    if cache.is_null() {
        return Err(errors::set_string(PyExc_RuntimeError, "lost sys.path_importer_cache"));
    }
    if hooks.is_null() {
        return Err(errors::set_string(PyExc_RuntimeError, "lost sys.path_hooks"));
    }
    if let Some(found) = dictobject::get_item(cache, path)? {
        return Ok(new_ref(found));
    }
    // Mark as in progress so a hook that recurses finds None (as CPython).
    dictobject::set_item(cache, path, object::none())?;
    let n = crate::objects::r#abstract::sequence::size(hooks)?;
    for j in 0..n {
        let hook = crate::objects::r#abstract::sequence::get_item(hooks, j)?;
        match call::call_one_arg(hook.as_ptr(), path) {
            Ok(importer) => {
                dictobject::set_item(cache, path, importer.as_ptr())?;
                return Ok(importer);
            }
            Err(e) => {
                if !errors::exception_matches(PyExc_ImportError) {
                    return Err(e);
                }
                errors::clear();
            }
        }
    }
    Ok(object::new_none())
}

/// `PyImport_ExecCodeModuleObject(name, co, pathname, cpathname)`.
pub unsafe fn exec_code_module(
    name: *mut PyObject,
    co: *mut PyObject,
    pathname: *mut PyObject,
    cpathname: *mut PyObject,
) -> PyResult<Ref> {
    let m = add_module(name)?;
    let d = moduleobject::get_dict(m)?;
    if dictobject::get_item_str(d, "__builtins__")?.is_none() {
        let b = crate::eval::ceval::get_builtins();
        if !b.is_null() {
            dictobject::set_item_str(d, "__builtins__", b)?;
        }
    }
    if !pathname.is_null() {
        let il = importlib()?;
        let external = object::get_attr_str(il, "_bootstrap_external")?;
        let cp = if cpathname.is_null() { object::none() } else { cpathname };
        call::call_method_str(external.as_ptr(), "_fix_up_module", &[d, name, pathname, cp])?;
    }
    let result = (|| {
        drop(crate::eval::ceval::eval_code(co, d, d)?);
        match get_module(name)? {
            Some(m) => Ok(m),
            None => Err(errors::set_object(
                PyExc_ImportError,
                unicodeobject::new_str(&format!(
                    "Loaded module {} not found in sys.modules",
                    object::repr_for_message(name)
                ))?
                .as_ptr(),
            )),
        }
    })();
    if result.is_err() {
        let (t, v, tb) = errors::fetch();
        let _ = remove_module(name);
        let _ = errors::restore(t, v, tb);
    }
    result
}

/// `PyImport_ReloadModule(m)`: `importlib.reload(m)`.
pub unsafe fn reload_module(m: *mut PyObject) -> PyResult<Ref> {
    let importlib = import_module("importlib")?;
    call::call_method_str(importlib.as_ptr(), "reload", &[m])
}

// ---------------------------------------------------------------------------------------------
// The import lock (`_imp.acquire_lock` / `_PyImport_AcquireLock`): reentrant, per thread.

struct ImportLock {
    lock: PyThread_type_lock,
    owner: core::ffi::c_ulong,
    level: i64,
}
static mut IMPORT_LOCK: ImportLock = ImportLock { lock: null_mut(), owner: 0, level: 0 };

/// `_PyImport_AcquireLock`.
pub unsafe fn acquire_lock() {
    let me = crate::lifecycle::pythread::thread_ident();
    let l = &raw mut IMPORT_LOCK;
    if (*l).lock.is_null() {
        (*l).lock = crate::lifecycle::pythread::allocate_lock();
        if (*l).lock.is_null() {
            return;
        }
    }
    if (*l).level > 0 && (*l).owner == me {
        (*l).level += 1;
        return;
    }
    if crate::lifecycle::pythread::acquire_lock((*l).lock, 0) == 0 {
        let ts = crate::lifecycle::ceval_gil::save_thread();
        crate::lifecycle::pythread::acquire_lock((*l).lock, 1);
        crate::lifecycle::ceval_gil::restore_thread(ts);
    }
    (*l).owner = me;
    (*l).level = 1;
}

/// `_PyImport_ReleaseLock`: 1 released, -1 not held by this thread.
pub unsafe fn release_lock() -> c_int {
    let me = crate::lifecycle::pythread::thread_ident();
    let l = &raw mut IMPORT_LOCK;
    if (*l).lock.is_null() || (*l).level == 0 || (*l).owner != me {
        return -1;
    }
    (*l).level -= 1;
    if (*l).level == 0 {
        (*l).owner = 0;
        crate::lifecycle::pythread::release_lock((*l).lock);
    }
    1
}

/// `_imp.lock_held()`.
pub unsafe fn lock_held() -> bool {
    (*(&raw const IMPORT_LOCK)).level > 0
}

/// After fork: the child owns nothing (`_PyImport_ReInitLock`).
pub unsafe fn reinit_lock() {
    let l = &raw mut IMPORT_LOCK;
    if !(*l).lock.is_null() {
        (*l).lock = crate::lifecycle::pythread::allocate_lock();
    }
    if (*l).level > 0 {
        // The forking thread held it: it continues in the child as the owner.
        (*l).owner = crate::lifecycle::pythread::thread_ident();
        crate::lifecycle::pythread::acquire_lock((*l).lock, 1);
    } else {
        (*l).owner = 0;
    }
}

// ---------------------------------------------------------------------------------------------
// Built-in and extension modules.

/// The cache of single-phase extension modules (`extensions` in import.c): key
/// (filename, name) -> the module definition, whose `m_base.m_copy` holds the dict to copy
/// for a re-import after the module left sys.modules.
static EXTENSIONS: Mutex<Vec<(String, String, usize)>> = Mutex::new(Vec::new());

/// `PyUnicode_FindChar` on a str known to be one: index of `ch` in `[start, end)` searching
/// forwards (`direction` > 0) or backwards, -1 when absent.
unsafe fn find_char(op: *mut PyObject, ch: u32, start: isize, end: isize, direction: c_int) -> isize {
    let (data, kind) = unicodeobject::data_and_kind(op);
    let end = end.min(unicodeobject::length(op));
    if start < 0 || end <= start {
        return -1;
    }
    let at = |i: isize| unicodeobject::read_char(data, kind, i as usize);
    let found = if direction > 0 {
        (start..end).find(|&i| at(i) == ch)
    } else {
        (start..end).rev().find(|&i| at(i) == ch)
    };
    found.unwrap_or(-1)
}

/// A path str as the file system encoding gives it (UTF-8 with surrogateescape, the encoding
/// of the locales we run in).
unsafe fn fs_encode(path: *mut PyObject) -> PyResult<Vec<u8>> {
    match crate::codecs::encode_builtin(path, "utf-8", Some("surrogateescape")) {
        Some(r) => r,
        None => Err(errors::system_error("utf-8 codec missing")),
    }
}

unsafe fn str_of(op: *mut PyObject) -> PyResult<String> {
    Ok(String::from_utf8_lossy(unicodeobject::as_utf8(op)?).into_owned())
}

/// `_PyImport_FixupExtensionObject(mod, name, filename, modules)`: records a single-phase
/// module: in `modules` (when given) and, for modules without per-module state, a copy of
/// its dict for later re-imports.
pub unsafe fn fixup_extension(
    m: *mut PyObject,
    name: *mut PyObject,
    filename: *mut PyObject,
    modules: *mut PyObject,
) -> PyResult<()> {
    if m.is_null() || !moduleobject::is_module(m) {
        return Err(errors::bad_internal_call());
    }
    let def = moduleobject::def_of(m);
    if def.is_null() {
        return Err(errors::bad_internal_call());
    }
    if !modules.is_null() {
        crate::objects::r#abstract::mapping::set_item(modules, name, m)?;
    }
    // PyState_FindModule(def) finds it from now on (single-phase modules rely on it).
    if let Err(e) = state_add_module(m, def) {
        if !modules.is_null() {
            let _ = errors::preserving(|| crate::objects::r#abstract::mapping::del_item(modules, name));
        }
        return Err(e);
    }
    if (*def).m_size == -1 {
        if !(*def).m_base.m_copy.is_null() {
            object::decref((*def).m_base.m_copy);
            (*def).m_base.m_copy = null_mut();
        }
        let d = moduleobject::get_dict(m)?;
        (*def).m_base.m_copy = dictobject::copy(d)?.into_raw();
    }
    let key_file = str_of(filename)?;
    let key_name = str_of(name)?;
    let mut ext = EXTENSIONS.lock().unwrap_or_else(|e| e.into_inner());
    ext.retain(|(f, n, _)| !(f == &key_file && n == &key_name));
    ext.push((key_file, key_name, def as usize));
    Ok(())
}

/// `_PyImport_FindExtensionObject(name, filename)`: a new module from the cache, or None.
pub unsafe fn find_extension(name: *mut PyObject, filename: *mut PyObject) -> PyResult<Option<Ref>> {
    let key_file = str_of(filename)?;
    let key_name = str_of(name)?;
    let def = {
        let ext = EXTENSIONS.lock().unwrap_or_else(|e| e.into_inner());
        match ext.iter().find(|(f, n, _)| f == &key_file && n == &key_name) {
            Some(&(_, _, d)) => d as *mut PyModuleDef,
            None => return Ok(None),
        }
    };
    let m = if (*def).m_base.m_copy.is_null() {
        // Modules with state are re-created by their init function.
        let Some(init) = (*def).m_base.m_init else { return Ok(None) };
        let m = Ref::from_result(init())?;
        m
    } else {
        let m = moduleobject::new_object(name)?;
        let d = moduleobject::get_dict(m.as_ptr())?;
        dictobject::merge_ex(d, (*def).m_base.m_copy, 1)?;
        (*(m.as_ptr() as *mut PyModuleObject)).md_def = def;
        m
    };
    set_module(name, m.as_ptr())?;
    Ok(Some(m))
}

/// Drops the extension cache and the copied dicts (finalization).
pub unsafe fn clear_extensions() {
    let mut ext = EXTENSIONS.lock().unwrap_or_else(|e| e.into_inner());
    for &(_, _, d) in ext.iter() {
        let def = d as *mut PyModuleDef;
        if !(*def).m_base.m_copy.is_null() {
            object::decref((*def).m_base.m_copy);
            (*def).m_base.m_copy = null_mut();
        }
    }
    ext.clear();
}

/// What an init function returned, turned into a module: a `PyModuleDef` goes through
/// multi-phase creation with `spec`; a module is a single-phase module, recorded in the cache.
unsafe fn module_from_init_result(
    result: *mut PyObject,
    name: *mut PyObject,
    filename: *mut PyObject,
    spec: *mut PyObject,
    init: unsafe extern "C" fn() -> *mut PyObject,
    what: &str,
) -> PyResult<Ref> {
    let display = str_of(name)?;
    if result.is_null() {
        if errors::occurred().is_null() {
            return Err(errors::system_error(&format!(
                "initialization of {display} failed without raising an exception"
            )));
        }
        return Err(ErrSet::assume_set());
    }
    if !errors::occurred().is_null() {
        object::decref(result);
        return Err(errors::system_error(&format!(
            "initialization of {display} raised unreported exception"
        )));
    }
    if (*result).ob_type.is_null() {
        return Err(errors::system_error(&format!(
            "init function of {display} returned uninitialized object"
        )));
    }
    if crate::objects::typeobject::is_subtype(
        (*result).ob_type,
        &raw mut crate::objects::moduleobject::PyModuleDef_Type,
    ) {
        // A definition is not a new reference (it is static): do not release it.
        return moduleobject::from_def_and_spec(result.cast(), spec, moduleobject::PYTHON_API_VERSION);
    }
    let m = Ref::from_raw(result);
    let def = if moduleobject::is_module(m.as_ptr()) { moduleobject::def_of(m.as_ptr()) } else { null_mut() };
    if def.is_null() {
        return Err(errors::system_error(&format!(
            "initialization of {display} did not return an extension module"
        )));
    }
    (*def).m_base.m_init = Some(init);
    if what == "dynamic" {
        let d = moduleobject::get_dict(m.as_ptr())?;
        dictobject::set_item_str(d, "__file__", filename)?;
    }
    fixup_extension(m.as_ptr(), name, filename, modules()?)?;
    Ok(m)
}

/// `_imp.create_builtin(spec)`: the built-in module `spec.name`, or None when there is no
/// such module in the table.
pub unsafe fn create_builtin(spec: *mut PyObject) -> PyResult<Ref> {
    let name = object::get_attr_str(spec, "name")?;
    if !unicodeobject::is_str(name.as_ptr()) {
        return Err(errors::type_error(&format!(
            "name must be string, not {}",
            object::type_name(name.as_ptr())
        )));
    }
    if let Some(m) = find_extension(name.as_ptr(), name.as_ptr())? {
        return Ok(m);
    }
    let bytes = unicodeobject::as_utf8(name.as_ptr())?.to_vec();
    // sys and builtins exist from start-up and are never made twice.
    if bytes == b"sys" || bytes == b"builtins" {
        if let Some(m) = get_module(name.as_ptr())? {
            return Ok(m);
        }
    }
    match find_inittab(&bytes) {
        Some(Some(init)) => {
            // `_Py_PackageContext` is not used for built-ins (their names are top-level).
            let r = init();
            module_from_init_result(r, name.as_ptr(), name.as_ptr(), spec, init, "builtin")
        }
        Some(None) | None => Ok(object::new_none()),
    }
}

/// `_imp.is_builtin(name)`: 1 a built-in module, -1 one that cannot be re-initialized
/// (sys, builtins), 0 none.
pub unsafe fn is_builtin(name: *mut PyObject) -> PyResult<c_int> {
    let bytes = unicodeobject::as_utf8(name)?;
    match find_inittab(bytes) {
        Some(f) => Ok(if f.is_none() || bytes == b"sys" || bytes == b"builtins" { -1 } else { 1 }),
        None => Ok(0),
    }
}

/// `_Py_PackageContext`: the full dotted name of the extension being initialized, read by
/// `PyModule_Create2` for single-phase modules inside packages.
#[no_mangle]
pub static mut _Py_PackageContext: *const c_char = core::ptr::null();

/// The `PyInit_` symbol name for a module's last name component: ASCII names as they are,
/// others as `PyInitU_` + the punycode of the name with '-' made '_' (PEP 489).
unsafe fn init_symbol(short: *mut PyObject) -> PyResult<CString> {
    let bytes = unicodeobject::as_utf8(short)?;
    if bytes.is_ascii() {
        return Ok(CString::new([b"PyInit_".as_slice(), bytes].concat()).unwrap_or_default());
    }
    let enc = crate::codecs::registry::encode(short, "punycode", Some("strict"))?;
    let mut raw = crate::objects::bytesobject::as_slice(enc.as_ptr()).to_vec();
    for b in raw.iter_mut() {
        if *b == b'-' {
            *b = b'_';
        }
    }
    Ok(CString::new([b"PyInitU_".as_slice(), &raw].concat()).unwrap_or_default())
}

/// `_imp.create_dynamic(spec, file=None)`: loads the shared library `spec.origin` with
/// `sys.getdlopenflags()` and runs its `PyInit_<name>`; the loader's message (naming a missing
/// symbol) becomes the ImportError.
pub unsafe fn create_dynamic(spec: *mut PyObject) -> PyResult<Ref> {
    let name = object::get_attr_str(spec, "name")?;
    let path = object::get_attr_str(spec, "origin")?;
    if let Some(m) = find_extension(name.as_ptr(), path.as_ptr())? {
        return Ok(m);
    }
    if !unicodeobject::is_str(name.as_ptr()) {
        return Err(errors::type_error("spec.name must be a string"));
    }
    let none = object::none();
    crate::modules::sysmodule::audit("import", &[name.as_ptr(), path.as_ptr(), none, none, none])?;
    let full = unicodeobject::as_utf8(name.as_ptr())?.to_vec();
    let len = unicodeobject::length(name.as_ptr());
    let dot = find_char(name.as_ptr(), '.' as u32, 0, len, -1);
    let short = if dot >= 0 {
        unicodeobject::substring(name.as_ptr(), dot as usize + 1, len as usize)?
    } else {
        name.clone()
    };
    let symbol = init_symbol(short.as_ptr())?;
    let path_bytes = fs_encode(path.as_ptr())?;
    let cpath = CString::new(path_bytes).map_err(|_| errors::value_error("embedded null byte"))?;
    let flags = (*interp()).dlopenflags;
    let handle = libc::dlopen(cpath.as_ptr(), if flags == 0 { libc::RTLD_NOW } else { flags });
    if handle.is_null() {
        let msg = libc::dlerror();
        let text = if msg.is_null() {
            "unknown dlopen() error".to_string()
        } else {
            String::from_utf8_lossy(CStr::from_ptr(msg).to_bytes()).into_owned()
        };
        let msg = unicodeobject::new_str(&text)?;
        return Err(errors::set_import_error_subclass(
            PyExc_ImportError,
            msg.as_ptr(),
            name.as_ptr(),
            path.as_ptr(),
        ));
    }
    let sym = libc::dlsym(handle, symbol.as_ptr());
    if sym.is_null() {
        let msg = unicodeobject::new_str(&format!(
            "dynamic module does not define module export function ({})",
            symbol.to_string_lossy()
        ))?;
        return Err(errors::set_import_error_subclass(
            PyExc_ImportError,
            msg.as_ptr(),
            name.as_ptr(),
            path.as_ptr(),
        ));
    }
    let init: unsafe extern "C" fn() -> *mut PyObject = core::mem::transmute::<*mut c_void, _>(sym);
    let context = CString::new(full).unwrap_or_default();
    let old = _Py_PackageContext;
    _Py_PackageContext = context.as_ptr();
    let r = init();
    _Py_PackageContext = old;
    module_from_init_result(r, name.as_ptr(), path.as_ptr(), spec, init, "dynamic")
}

/// `_imp.exec_builtin(mod)` / `_imp.exec_dynamic(mod)`: runs a multi-phase module's exec
/// slots once (a module with state has been executed already).
pub unsafe fn exec_builtin_or_dynamic(m: *mut PyObject) -> PyResult<c_int> {
    if !moduleobject::is_module(m) {
        return Ok(0);
    }
    let def = moduleobject::def_of(m);
    if def.is_null() {
        return Ok(0);
    }
    if !(*(m as *mut PyModuleObject)).md_state.is_null() {
        return Ok(0);
    }
    moduleobject::exec_def(m, def)?;
    Ok(0)
}

// ---------------------------------------------------------------------------------------------
// PyState_* (modules_by_index).

/// `PyState_FindModule(def)`: the single-phase module made from `def` (borrowed) or NULL.
pub unsafe fn state_find_module(def: *mut PyModuleDef) -> *mut PyObject {
    let index = (*def).m_base.m_index;
    if index == 0 || !(*def).m_slots.is_null() {
        return null_mut();
    }
    let list = (*interp()).modules_by_index;
    if list.is_null() || index >= listobject::len(list) {
        return null_mut();
    }
    let m = *listobject::items(list).add(index as usize);
    if m == object::none() { null_mut() } else { m }
}

/// `_PyState_AddModule(tstate, module, def)`.
pub unsafe fn state_add_module(m: *mut PyObject, def: *mut PyModuleDef) -> PyResult<()> {
    if def.is_null() {
        return Err(errors::system_error("module definition is NULL"));
    }
    if !(*def).m_slots.is_null() {
        return Err(errors::system_error("PyState_AddModule called on module with slots"));
    }
    let it = interp();
    if (*it).modules_by_index.is_null() {
        (*it).modules_by_index = listobject::new(0)?.into_raw();
    }
    let list = (*it).modules_by_index;
    let index = (*def).m_base.m_index;
    while listobject::len(list) <= index {
        listobject::append(list, object::none())?;
    }
    listobject::set_item_steal(list, index, new_ref(m).into_raw())
}

/// `PyState_AddModule(module, def)`: as above, but a second module for `def` is refused.
pub unsafe fn state_add_module_checked(m: *mut PyObject, def: *mut PyModuleDef) -> PyResult<()> {
    if def.is_null() {
        crate::lifecycle::fatal::fatal_error("PyState_AddModule", b"module definition is NULL");
    }
    let index = (*def).m_base.m_index;
    let list = (*interp()).modules_by_index;
    if !list.is_null() && index < listobject::len(list) && *listobject::items(list).add(index as usize) == m {
        return Err(errors::system_error(&format!(
            "module {} already added",
            object::repr_for_message(m)
        )));
    }
    state_add_module(m, def)
}

/// `PyState_RemoveModule(def)`.
pub unsafe fn state_remove_module(def: *mut PyModuleDef) -> PyResult<()> {
    if !(*def).m_slots.is_null() {
        return Err(errors::system_error("PyState_RemoveModule called on module with slots"));
    }
    let index = (*def).m_base.m_index;
    if index == 0 {
        crate::lifecycle::fatal::fatal_error("PyState_RemoveModule", b"Module index invalid");
    }
    let list = (*interp()).modules_by_index;
    if list.is_null() {
        crate::lifecycle::fatal::fatal_error("PyState_RemoveModule", b"Interpreters module-list not accessible.");
    }
    if index >= listobject::len(list) {
        crate::lifecycle::fatal::fatal_error("PyState_RemoveModule", b"Module index out of bounds.");
    }
    listobject::set_item_steal(list, index, object::new_none().into_raw())
}

// ---------------------------------------------------------------------------------------------
// The bootstrap.

/// Where the installed stdlib is (`sys._stdlib_dir` once sys exists; the configuration's
/// `stdlib_dir` before).
unsafe fn stdlib_dir() -> PyResult<String> {
    let d = crate::modules::sysmodule::get_object("_stdlib_dir");
    if !d.is_null() && unicodeobject::is_str(d) {
        return str_of(d);
    }
    // Before sys is updated from the configuration (the core phase), the configuration has it.
    let interp = crate::lifecycle::pystate::current_interpreter();
    let p = (*interp).config.stdlib_dir;
    if !p.is_null() {
        let units = crate::lifecycle::initconfig::wstr_units(p);
        let text: String = units.iter().filter_map(|&u| char::from_u32(u as u32)).collect();
        if !text.is_empty() {
            return Ok(text);
        }
    }
    Err(errors::set_string(PyExc_ImportError, "sys._stdlib_dir is not set: cannot find importlib"))
}

/// `-X importtime`'s state, process-wide as CPython's (the GIL orders the updates): whether
/// the header line was printed, the nesting depth, and the time spent in nested imports.
static IMPORT_TIME_HEADER: AtomicBool = AtomicBool::new(false);
static IMPORT_TIME_LEVEL: AtomicI32 = AtomicI32::new(0);
static IMPORT_TIME_NESTED: AtomicI64 = AtomicI64::new(0);

/// `import_find_and_load`: the "import" audit event, then importlib's `_find_and_load`, timed.
unsafe fn find_and_load(abs_name: *mut PyObject) -> PyResult<Ref> {
    let sys_object = |name| {
        let o = crate::modules::sysmodule::get_object(name);
        if o.is_null() { object::none() } else { o }
    };
    crate::modules::sysmodule::audit(
        "import",
        &[abs_name, object::none(), sys_object("path"), sys_object("meta_path"), sys_object("path_hooks")],
    )?;
    let il = importlib()?;
    let import_func = (*interp()).import_func;
    let import_func = if import_func.is_null() { object::none() } else { import_func };
    timed_import(abs_name, || call::call_method_str(il, "_find_and_load", &[abs_name, import_func]))
}

/// Runs `load`, the loading of module `name`, reporting its time on stderr under
/// `-X importtime`: one line per module, indented by depth, microseconds rounded up, the self
/// time excluding nested imports.
unsafe fn timed_import(name: *mut PyObject, load: impl FnOnce() -> PyResult<Ref>) -> PyResult<Ref> {
    if (*interp()).config.import_time == 0 {
        return load();
    }
    use std::io::Write;
    if !IMPORT_TIME_HEADER.swap(true, Ordering::Relaxed) {
        let _ = std::io::stderr().write_all(b"import time: self [us] | cumulative | imported package\n");
    }
    let outer_nested = IMPORT_TIME_NESTED.swap(0, Ordering::Relaxed);
    let level = IMPORT_TIME_LEVEL.fetch_add(1, Ordering::Relaxed);
    let start = crate::pytime::perf_counter();
    let result = load();
    let total = crate::pytime::perf_counter() - start;
    IMPORT_TIME_LEVEL.store(level, Ordering::Relaxed);
    let own = total - IMPORT_TIME_NESTED.load(Ordering::Relaxed);
    let micros_up = |ns: i64| ns.div_euclid(1000) + i64::from(ns.rem_euclid(1000) != 0);
    let _ = writeln!(
        std::io::stderr(),
        "import time: {:>9} | {:>10} | {:indent$}{}",
        micros_up(own),
        micros_up(total),
        "",
        unicodeobject::to_string_lossy(name),
        indent = level as usize * 2
    );
    IMPORT_TIME_NESTED.store(outer_nested + total, Ordering::Relaxed);
    result
}

/// The code of a `.pyc` whose header says it was compiled from a source of this modification
/// time and size (a timestamp pyc, as the installed stdlib's are), or None when it is absent,
/// stale, hash-based or not of this version: the caller compiles the source instead.
unsafe fn cached_bootstrap_code(pyc: &[u8], source_meta: &std::fs::Metadata) -> PyResult<Option<Ref>> {
    use std::os::unix::fs::MetadataExt;
    if pyc.len() < 16 || pyc[..4] != (MAGIC_NUMBER as u32).to_le_bytes() {
        return Ok(None);
    }
    let word = |i: usize| u32::from_le_bytes([pyc[i], pyc[i + 1], pyc[i + 2], pyc[i + 3]]);
    // Flags 0: validated by the source's mtime and size, both truncated to 32 bits.
    if word(4) != 0 || word(8) != source_meta.mtime() as u32 || word(12) != source_meta.size() as u32 {
        return Ok(None);
    }
    let code = crate::modules::marshal::loads(&pyc[16..])?;
    if !object::is_type(code.as_ptr(), &raw mut crate::objects::codeobject::PyCode_Type) {
        return Ok(None);
    }
    Ok(Some(code))
}

/// Runs `<stdlib>/importlib/<file>` as module `name` (in sys.modules), with the filename
/// CPython's frozen copy carries (`<frozen importlib._bootstrap>`). The code comes from the
/// stdlib's own `__pycache__` pyc when it is current (CPython's frozen copy is that same
/// compilation): compiling the source instead costs start-up 10 ms and, at its peak, the
/// parser's 4 MB of tables.
unsafe fn exec_bootstrap_module(name: &str, file: &str, frozen_name: &str) -> PyResult<Ref> {
    let dir = format!("{}/importlib", stdlib_dir()?);
    let path = format!("{dir}/{file}");
    let filename = unicodeobject::new_str(&format!("<frozen {frozen_name}>"))?;
    let stem = file.trim_end_matches(".py");
    let cached = match (
        std::fs::metadata(&path),
        std::fs::read(format!("{dir}/__pycache__/{stem}.{}.pyc", crate::modules::sysmodule::CACHE_TAG)),
    ) {
        (Ok(meta), Ok(pyc)) => cached_bootstrap_code(&pyc, &meta)?,
        _ => None,
    };
    let code = match cached {
        Some(code) => {
            let old = object::new_ref((*code.as_ptr().cast::<crate::abi::code::PyCodeObject>()).co_filename);
            crate::modules::imp::update_code_filenames(code.as_ptr().cast(), old.as_ptr(), filename.as_ptr())?;
            code
        }
        None => {
            let source = std::fs::read(&path).map_err(|e| unsafe {
                errors::set_string(PyExc_ImportError, &format!("cannot read {path}: {e}"))
            })?;
            crate::compile::compile_source(&source, filename.as_ptr(), ferrython_compiler::parser::Mode::Exec, 0, 0)?
        }
    };
    let modname = unicodeobject::new_str(name)?;
    let m = moduleobject::new_object(modname.as_ptr())?;
    set_module(modname.as_ptr(), m.as_ptr())?;
    let d = moduleobject::get_dict(m.as_ptr())?;
    dictobject::set_item_str(d, "__builtins__", (*interp()).builtins)?;
    drop(crate::eval::ceval::eval_code(code.as_ptr(), d, d)?);
    Ok(m)
}

/// `init_importlib`: `_frozen_importlib` from importlib/_bootstrap.py, `_imp` made and put in
/// sys.modules, then `_bootstrap._install(sys, _imp)`.
pub unsafe fn init_importlib(sysmod: *mut PyObject) -> PyResult<()> {
    let it = interp();
    let importlib = exec_bootstrap_module("_frozen_importlib", "_bootstrap.py", "importlib._bootstrap")?;
    object::replace_slot(&raw mut (*it).importlib, importlib.clone().into_raw());
    let builtins = (*it).builtins;
    let import_func = dictobject::get_item_str(builtins, "__import__")?
        .ok_or_else(|| unsafe { errors::set_string(PyExc_ImportError, "__import__ not found") })?;
    object::replace_slot(&raw mut (*it).import_func, object::new_ref(import_func).into_raw());
    let imp_name = unicodeobject::new_str("_imp")?;
    let imp = Ref::from_result(crate::modules::imp::init_module())?;
    set_module(imp_name.as_ptr(), imp.as_ptr())?;
    call::call_method_str(importlib.as_ptr(), "_install", &[sysmod, imp.as_ptr()])?;
    Ok(())
}

/// `init_importlib_external`: `_frozen_importlib_external` from _bootstrap_external.py, then
/// `_bootstrap._install_external_importers()`, then zipimport's path hook (`_PyImportZip_Init`).
pub unsafe fn init_importlib_external() -> PyResult<()> {
    // CPython imports its frozen copy through the import system, so -X importtime reports it.
    let name = unicodeobject::new_str("_frozen_importlib_external")?;
    drop(timed_import(name.as_ptr(), || {
        exec_bootstrap_module("_frozen_importlib_external", "_bootstrap_external.py", "importlib._bootstrap_external")
    })?);
    let il = importlib()?;
    call::call_method_str(il, "_install_external_importers", &[])?;
    init_zipimport()
}

/// `_PyImportZip_Init`: `zipimport.zipimporter` goes first in sys.path_hooks. Failure to
/// import zipimport is not fatal (CPython reports it only with -v).
unsafe fn init_zipimport() -> PyResult<()> {
    let hooks = crate::modules::sysmodule::get_object("path_hooks");
    if hooks.is_null() || !listobject::check(hooks) {
        return Err(errors::set_string(PyExc_RuntimeError, "unable to get sys.path_hooks"));
    }
    match import_module("zipimport") {
        Ok(z) => {
            let zi = object::get_attr_str(z.as_ptr(), "zipimporter")?;
            listobject::insert(hooks, 0, zi.as_ptr())?;
        }
        Err(_) => errors::clear(),
    }
    Ok(())
}

/// Import-system state released at finalization (`_PyImport_Fini`, `_PyImport_Fini2`).
pub unsafe fn fini() {
    clear_extensions();
    let it = interp();
    object::replace_slot(&raw mut (*it).importlib, null_mut());
    object::replace_slot(&raw mut (*it).import_func, null_mut());
    object::replace_slot(&raw mut (*it).modules_by_index, null_mut());
    let l = &raw mut IMPORT_LOCK;
    if !(*l).lock.is_null() {
        crate::lifecycle::pythread::free_lock((*l).lock);
        (*l).lock = null_mut();
        (*l).level = 0;
        (*l).owner = 0;
    }
}

/// `PyImport_GetMagicNumber()`: 3495 and "\r\n", little-endian, as a C long.
pub const MAGIC_NUMBER: core::ffi::c_long = 3495 | ((b'\r' as core::ffi::c_long) << 16) | ((b'\n' as core::ffi::c_long) << 24);

/// `PyImport_GetMagicTag()`.
pub const MAGIC_TAG: &CStr = c"cpython-311";
