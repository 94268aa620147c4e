//! The legacy path API of pylifecycle.h: Py_SetPath/SetPythonHome/SetProgramName and
//! Py_GetPath/GetPrefix/GetExecPrefix/GetProgramFullPath/GetPythonHome/GetProgramName, over
//! runtime/src/lifecycle/pathconfig.rs; and `_PySys_GetAttr` / `_PySys_GetSizeOf`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::abi::pystate::PyThreadState;
use ferrython_runtime::lifecycle::initconfig as ic;
use ferrython_runtime::lifecycle::pathconfig::{self as pc, Getter, Global};
use libc::wchar_t;

unsafe fn opt(s: *const wchar_t) -> Option<String> {
    ic::wstr_to_string(s)
}

exported!(fn Py_SetPath(path: *const wchar_t) => pc::set_global(Global::Path, opt(path)));
exported!(fn Py_SetPythonHome(home: *const wchar_t) => pc::set_global(Global::Home, opt(home)));
exported!(fn Py_SetProgramName(name: *const wchar_t) => pc::set_global(Global::ProgramName, opt(name)));

exported!(fn Py_GetPath() -> *mut wchar_t => pc::getter_wide(Getter::Path) as *mut wchar_t);
exported!(fn Py_GetPrefix() -> *mut wchar_t => pc::getter_wide(Getter::Prefix) as *mut wchar_t);
exported!(fn Py_GetExecPrefix() -> *mut wchar_t => pc::getter_wide(Getter::ExecPrefix) as *mut wchar_t);
exported!(fn Py_GetProgramFullPath() -> *mut wchar_t => pc::getter_wide(Getter::ProgramFullPath) as *mut wchar_t);
exported!(fn Py_GetPythonHome() -> *mut wchar_t => pc::getter_wide(Getter::PythonHome) as *mut wchar_t);
exported!(fn Py_GetProgramName() -> *mut wchar_t => pc::getter_wide(Getter::ProgramName) as *mut wchar_t);

exported!(fn _PySys_GetAttr(tstate: *mut PyThreadState, name: *mut PyObject) -> *mut PyObject => {
    let _ = tstate;
    if name.is_null() {
        return core::ptr::null_mut();
    }
    ferrython_runtime::modules::sysmodule::get_object(&ferrython_runtime::objects::unicodeobject::to_string_lossy(name))
});

exported!(fn _PySys_GetSizeOf(o: *mut PyObject) -> usize => {
    match ferrython_runtime::modules::sysmodule::sizeof(o) {
        Ok(n) => n,
        Err(_) => usize::MAX,
    }
});
