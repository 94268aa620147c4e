//! `import.h` / `cpython/import.h`: the import system's C API and the `_imp` module's
//! `PyInit__imp`, thin wrappers over `runtime::lifecycle::import`.

use core::ffi::{c_char, c_int, c_long, CStr};
use core::ptr::null_mut;
use ferrython_runtime::abi::moduleobject::PyModuleDef;
use ferrython_runtime::abi::pystate::PyThreadState;
use ferrython_runtime::abi::PyObject;
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::lifecycle::import::{self, _inittab};
use ferrython_runtime::objects::object::Ref;
use ferrython_runtime::objects::unicodeobject;

/// A C string argument as a str object (UTF-8, as CPython's `PyUnicode_FromString`).
unsafe fn str_arg(s: *const c_char) -> Option<Ref> {
    if s.is_null() {
        let _ = errors::bad_internal_call();
        return None;
    }
    unicodeobject::from_utf8(CStr::from_ptr(s).to_bytes(), None).ok()
}

/// A C path argument as a str (file system encoding: UTF-8 with surrogateescape).
unsafe fn fs_arg(s: *const c_char) -> Option<Ref> {
    unicodeobject::from_utf8(CStr::from_ptr(s).to_bytes(), Some("surrogateescape")).ok()
}

exported!(fn PyImport_GetModuleDict() -> *mut PyObject => {
    match import::modules() {
        Ok(m) => m,
        Err(_) => ferrython_runtime::lifecycle::fatal::fatal_error("PyImport_GetModuleDict", b"no module dictionary"),
    }
});
exported!(fn PyImport_GetModule(name: *mut PyObject) -> *mut PyObject => {
    match import::get_module(name) {
        Ok(Some(m)) => m.into_raw(),
        Ok(None) => null_mut(),
        Err(_) => null_mut(),
    }
});
exported!(fn PyImport_AddModuleObject(name: *mut PyObject) -> *mut PyObject => {
    import::add_module(name).unwrap_or(null_mut())
});
exported!(fn PyImport_AddModule(name: *const c_char) -> *mut PyObject => {
    match str_arg(name) {
        Some(n) => import::add_module(n.as_ptr()).unwrap_or(null_mut()),
        None => null_mut(),
    }
});
exported!(fn PyImport_Import(name: *mut PyObject) -> *mut PyObject => ptr_result(import::import(name)));
exported!(fn PyImport_ImportModule(name: *const c_char) -> *mut PyObject => {
    match str_arg(name) {
        Some(n) => ptr_result(import::import(n.as_ptr())),
        None => null_mut(),
    }
});
exported!(fn PyImport_ImportModuleNoBlock(name: *const c_char) -> *mut PyObject => {
    match str_arg(name) {
        Some(n) => ptr_result(import::import(n.as_ptr())),
        None => null_mut(),
    }
});
exported!(fn PyImport_ImportModuleLevelObject(name: *mut PyObject, globals: *mut PyObject, locals: *mut PyObject, fromlist: *mut PyObject, level: c_int) -> *mut PyObject =>
    ptr_result(import::import_module_level(name, globals, locals, fromlist, level)));
exported!(fn PyImport_ImportModuleLevel(name: *const c_char, globals: *mut PyObject, locals: *mut PyObject, fromlist: *mut PyObject, level: c_int) -> *mut PyObject => {
    match str_arg(name) {
        Some(n) => ptr_result(import::import_module_level(n.as_ptr(), globals, locals, fromlist, level)),
        None => null_mut(),
    }
});
exported!(fn PyImport_ExecCodeModuleObject(name: *mut PyObject, co: *mut PyObject, pathname: *mut PyObject, cpathname: *mut PyObject) -> *mut PyObject =>
    ptr_result(import::exec_code_module(name, co, pathname, cpathname)));
exported!(fn PyImport_ExecCodeModuleWithPathnames(name: *const c_char, co: *mut PyObject, pathname: *const c_char, cpathname: *const c_char) -> *mut PyObject => {
    let Some(n) = str_arg(name) else { return null_mut() };
    let p = if pathname.is_null() { None } else { match fs_arg(pathname) { Some(p) => Some(p), None => return null_mut() } };
    let c = if cpathname.is_null() { None } else { match fs_arg(cpathname) { Some(c) => Some(c), None => return null_mut() } };
    ptr_result(import::exec_code_module(
        n.as_ptr(),
        co,
        p.as_ref().map_or(null_mut(), |p| p.as_ptr()),
        c.as_ref().map_or(null_mut(), |c| c.as_ptr()),
    ))
});
exported!(fn PyImport_ExecCodeModuleEx(name: *const c_char, co: *mut PyObject, pathname: *const c_char) -> *mut PyObject =>
    PyImport_ExecCodeModuleWithPathnames(name, co, pathname, core::ptr::null()));
exported!(fn PyImport_ExecCodeModule(name: *const c_char, co: *mut PyObject) -> *mut PyObject =>
    PyImport_ExecCodeModuleWithPathnames(name, co, core::ptr::null(), core::ptr::null()));
exported!(fn PyImport_GetImporter(path: *mut PyObject) -> *mut PyObject => ptr_result(import::get_importer(path)));
exported!(fn PyImport_ReloadModule(m: *mut PyObject) -> *mut PyObject => ptr_result(import::reload_module(m)));
exported!(fn PyImport_GetMagicNumber() -> c_long => import::MAGIC_NUMBER);
exported!(fn PyImport_GetMagicTag() -> *const c_char => import::MAGIC_TAG.as_ptr());
exported!(fn PyImport_AppendInittab(name: *const c_char, initfunc: Option<unsafe extern "C" fn() -> *mut PyObject>) -> c_int =>
    import::append_inittab(name, initfunc));
exported!(fn PyImport_ExtendInittab(newtab: *mut _inittab) -> c_int => import::extend_inittab(newtab));
exported!(
    /// Ferrython freezes no modules (the stdlib is read from its files): 0, "not found".
    fn PyImport_ImportFrozenModuleObject(name: *mut PyObject) -> c_int => {
        if name.is_null() || !unicodeobject::is_str(name) {
            let _ = errors::bad_internal_call();
            return -1;
        }
        0
    }
);
exported!(fn PyImport_ImportFrozenModule(name: *const c_char) -> c_int => {
    match str_arg(name) {
        Some(n) => PyImport_ImportFrozenModuleObject(n.as_ptr()),
        None => -1,
    }
});

/// `struct _frozen` (cpython/import.h).
#[repr(C)]
pub struct _frozen {
    pub name: *const c_char,
    pub code: *const u8,
    pub size: c_int,
    pub is_package: bool,
    pub get_code: Option<unsafe extern "C" fn() -> *mut PyObject>,
}

/// The (empty, terminated) table of frozen modules.
static mut NO_FROZEN_MODULES: [_frozen; 1] =
    [_frozen { name: core::ptr::null(), code: core::ptr::null(), size: 0, is_package: false, get_code: None }];

/// `PyImport_FrozenModules`: embedders may replace it; the default table is empty.
#[no_mangle]
pub static mut PyImport_FrozenModules: *const _frozen = (&raw const NO_FROZEN_MODULES).cast();

exported!(fn _PyImport_AcquireLock() => import::acquire_lock());
exported!(fn _PyImport_ReleaseLock() -> c_int => import::release_lock());
exported!(fn _PyImport_IsInitialized(interp: *mut ferrython_runtime::abi::pycore_interp::PyInterpreterState) -> c_int =>
    import::is_initialized(interp) as c_int);
exported!(fn _PyImport_SetModule(name: *mut PyObject, m: *mut PyObject) -> c_int =>
    errors::int_result(import::set_module(name, m)));
exported!(fn _PyImport_SetModuleString(name: *const c_char, m: *mut PyObject) -> c_int => {
    match str_arg(name) {
        Some(n) => errors::int_result(import::set_module(n.as_ptr(), m)),
        None => -1,
    }
});
exported!(fn _PyImport_GetModuleAttr(modname: *mut PyObject, attrname: *mut PyObject) -> *mut PyObject =>
    ptr_result(import::get_module_attr(modname, attrname)));
exported!(fn _PyImport_GetModuleAttrString(modname: *const c_char, attrname: *const c_char) -> *mut PyObject => {
    let (Some(m), Some(a)) = (str_arg(modname), str_arg(attrname)) else { return null_mut() };
    ptr_result(import::get_module_attr(m.as_ptr(), a.as_ptr()))
});
exported!(fn _PyImport_FixupExtensionObject(m: *mut PyObject, name: *mut PyObject, filename: *mut PyObject, modules: *mut PyObject) -> c_int =>
    errors::int_result(import::fixup_extension(m, name, filename, modules)));
exported!(fn _PyImport_FixupBuiltin(m: *mut PyObject, name: *const c_char, modules: *mut PyObject) -> c_int => {
    match str_arg(name) {
        Some(n) => errors::int_result(import::fixup_extension(m, n.as_ptr(), n.as_ptr(), modules)),
        None => -1,
    }
});
exported!(fn PyState_FindModule(def: *mut PyModuleDef) -> *mut PyObject => import::state_find_module(def));
exported!(fn PyState_AddModule(m: *mut PyObject, def: *mut PyModuleDef) -> c_int =>
    errors::int_result(import::state_add_module_checked(m, def)));
exported!(fn _PyState_AddModule(_tstate: *mut PyThreadState, m: *mut PyObject, def: *mut PyModuleDef) -> c_int =>
    errors::int_result(import::state_add_module(m, def)));
exported!(fn PyState_RemoveModule(def: *mut PyModuleDef) -> c_int =>
    errors::int_result(import::state_remove_module(def)));
exported!(fn PyInit__imp() -> *mut PyObject => ferrython_runtime::modules::imp::init_module());
exported!(
    /// `_PyImport_GetModuleId(id)`: `sys.modules` entry for a `_Py_IDENTIFIER` name (new
    /// reference), NULL without an exception when absent.
    fn _PyImport_GetModuleId(id: *mut unicodeobject::PyIdentifier) -> *mut PyObject => {
        let Ok(name) = unicodeobject::from_id(id) else { return null_mut() };
        match import::get_module(name) {
            Ok(Some(m)) => m.into_raw(),
            _ => null_mut(),
        }
    }
);
