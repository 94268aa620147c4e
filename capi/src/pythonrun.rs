//! `pythonrun.h` / `cpython/pythonrun.h`: the `PyRun_*` family, thin wrappers over
//! `runtime::lifecycle::pythonrun`. The macro forms of pythonrun.h (PyRun_String, ...) are
//! exported as functions too, as libpython does for the stable ABI.

use core::ffi::{c_char, c_int, CStr};
use core::ptr::null_mut;
use ferrython_runtime::abi::PyObject;
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::lifecycle::pythonrun::{self as run, LineSource, PyCompilerFlags};
use ferrython_runtime::objects::object::Ref;
use ferrython_runtime::objects::unicodeobject;

type FILE = libc::FILE;

unsafe fn cstr_bytes<'a>(s: *const c_char) -> &'a [u8] {
    CStr::from_ptr(s).to_bytes()
}

/// A C file name as a str (file system encoding), NULL -> "???" as CPython's callers use.
unsafe fn filename_obj(filename: *const c_char) -> Option<Ref> {
    let bytes: &[u8] = if filename.is_null() { b"???" } else { cstr_bytes(filename) };
    unicodeobject::from_utf8(bytes, Some("surrogateescape")).ok()
}

unsafe fn filename_str(filename: *const c_char) -> Option<String> {
    if filename.is_null() { None } else { Some(String::from_utf8_lossy(cstr_bytes(filename)).into_owned()) }
}

exported!(fn PyRun_SimpleStringFlags(command: *const c_char, flags: *mut PyCompilerFlags) -> c_int =>
    run::run_simple_string(cstr_bytes(command), flags));
exported!(fn PyRun_SimpleString(command: *const c_char) -> c_int =>
    run::run_simple_string(cstr_bytes(command), core::ptr::null()));
exported!(fn PyRun_StringFlags(s: *const c_char, start: c_int, globals: *mut PyObject, locals: *mut PyObject, flags: *mut PyCompilerFlags) -> *mut PyObject =>
    ptr_result(run::run_string(cstr_bytes(s), start, globals, locals, flags)));
exported!(fn PyRun_String(s: *const c_char, start: c_int, globals: *mut PyObject, locals: *mut PyObject) -> *mut PyObject =>
    ptr_result(run::run_string(cstr_bytes(s), start, globals, locals, core::ptr::null())));
exported!(fn PyRun_FileExFlags(fp: *mut FILE, filename: *const c_char, start: c_int, globals: *mut PyObject, locals: *mut PyObject, closeit: c_int, flags: *mut PyCompilerFlags) -> *mut PyObject => {
    let Some(name) = filename_obj(filename) else { return null_mut() };
    ptr_result(run::run_file_ex(fp, name.as_ptr(), start, globals, locals, closeit != 0, flags))
});
exported!(fn PyRun_FileEx(fp: *mut FILE, filename: *const c_char, start: c_int, globals: *mut PyObject, locals: *mut PyObject, closeit: c_int) -> *mut PyObject =>
    PyRun_FileExFlags(fp, filename, start, globals, locals, closeit, null_mut()));
exported!(fn PyRun_FileFlags(fp: *mut FILE, filename: *const c_char, start: c_int, globals: *mut PyObject, locals: *mut PyObject, flags: *mut PyCompilerFlags) -> *mut PyObject =>
    PyRun_FileExFlags(fp, filename, start, globals, locals, 0, flags));
exported!(fn PyRun_File(fp: *mut FILE, filename: *const c_char, start: c_int, globals: *mut PyObject, locals: *mut PyObject) -> *mut PyObject =>
    PyRun_FileExFlags(fp, filename, start, globals, locals, 0, null_mut()));
exported!(fn _PyRun_SimpleFileObject(fp: *mut FILE, filename: *mut PyObject, closeit: c_int, flags: *mut PyCompilerFlags) -> c_int => {
    let data = run::read_c_file(fp, closeit != 0);
    run::run_simple_file(&data, filename, flags)
});
exported!(fn PyRun_SimpleFileExFlags(fp: *mut FILE, filename: *const c_char, closeit: c_int, flags: *mut PyCompilerFlags) -> c_int => {
    let Some(name) = filename_obj(filename) else { return -1 };
    _PyRun_SimpleFileObject(fp, name.as_ptr(), closeit, flags)
});
exported!(fn PyRun_SimpleFileEx(fp: *mut FILE, filename: *const c_char, closeit: c_int) -> c_int =>
    PyRun_SimpleFileExFlags(fp, filename, closeit, null_mut()));
exported!(fn PyRun_SimpleFile(fp: *mut FILE, filename: *const c_char) -> c_int =>
    PyRun_SimpleFileExFlags(fp, filename, 0, null_mut()));
exported!(fn _PyRun_AnyFileObject(fp: *mut FILE, filename: *mut PyObject, closeit: c_int, flags: *mut PyCompilerFlags) -> c_int => {
    let name = if filename.is_null() { None } else { Some(unicodeobject::to_string_lossy(filename)) };
    run::run_any_file(fp, name.as_deref(), closeit != 0, flags)
});
exported!(fn PyRun_AnyFileExFlags(fp: *mut FILE, filename: *const c_char, closeit: c_int, flags: *mut PyCompilerFlags) -> c_int =>
    run::run_any_file(fp, filename_str(filename).as_deref(), closeit != 0, flags));
exported!(fn PyRun_AnyFileEx(fp: *mut FILE, filename: *const c_char, closeit: c_int) -> c_int =>
    PyRun_AnyFileExFlags(fp, filename, closeit, null_mut()));
exported!(fn PyRun_AnyFileFlags(fp: *mut FILE, filename: *const c_char, flags: *mut PyCompilerFlags) -> c_int =>
    PyRun_AnyFileExFlags(fp, filename, 0, flags));
exported!(fn PyRun_AnyFile(fp: *mut FILE, filename: *const c_char) -> c_int =>
    PyRun_AnyFileExFlags(fp, filename, 0, null_mut()));
exported!(fn _PyRun_InteractiveLoopObject(fp: *mut FILE, filename: *mut PyObject, flags: *mut PyCompilerFlags) -> c_int =>
    run::interactive_loop(LineSource::File(fp), filename, flags));
exported!(fn PyRun_InteractiveLoopFlags(fp: *mut FILE, filename: *const c_char, flags: *mut PyCompilerFlags) -> c_int => {
    let Some(name) = filename_obj(filename) else { return -1 };
    run::interactive_loop(LineSource::File(fp), name.as_ptr(), flags)
});
exported!(fn PyRun_InteractiveLoop(fp: *mut FILE, filename: *const c_char) -> c_int =>
    PyRun_InteractiveLoopFlags(fp, filename, null_mut()));
exported!(fn PyRun_InteractiveOneObject(fp: *mut FILE, filename: *mut PyObject, flags: *mut PyCompilerFlags) -> c_int =>
    run::interactive_one(LineSource::File(fp), filename, flags));
exported!(fn PyRun_InteractiveOneFlags(fp: *mut FILE, filename: *const c_char, flags: *mut PyCompilerFlags) -> c_int => {
    let Some(name) = filename_obj(filename) else { return -1 };
    run::interactive_one(LineSource::File(fp), name.as_ptr(), flags)
});
exported!(fn PyRun_InteractiveOne(fp: *mut FILE, filename: *const c_char) -> c_int =>
    PyRun_InteractiveOneFlags(fp, filename, null_mut()));
