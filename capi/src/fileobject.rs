//! `fileobject.h` (and `cpython/fileobject.h`): wrappers over
//! `ferrython_runtime::objects::fileobject` — file objects from descriptors, line reading,
//! writing objects and strings, descriptors of objects, the open-code hook, the stderr
//! printer, the universal-newline fgets.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::abi::pycore_runtime::Py_OpenCodeHookFunction;
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::fileobject as f;
use std::ffi::{c_char, c_int, c_void, CStr};

/// A C string argument as text (NULL: None).
unsafe fn opt_text<'a>(s: *const c_char) -> Option<std::borrow::Cow<'a, str>> {
    if s.is_null() {
        None
    } else {
        Some(CStr::from_ptr(s).to_string_lossy())
    }
}

exported!(fn PyFile_FromFd(fd: c_int, _name: *const c_char, mode: *const c_char, buffering: c_int, encoding: *const c_char, errors: *const c_char, newline: *const c_char, closefd: c_int) -> *mut PyObject => {
    let mode = opt_text(mode).unwrap_or(std::borrow::Cow::Borrowed("r"));
    ptr_result(f::from_fd(fd, &mode, buffering, opt_text(encoding).as_deref(), opt_text(errors).as_deref(), opt_text(newline).as_deref(), closefd != 0))
});
exported!(fn PyFile_GetLine(file: *mut PyObject, n: c_int) -> *mut PyObject => ptr_result(f::get_line(file, n)));
exported!(fn PyFile_WriteObject(v: *mut PyObject, file: *mut PyObject, flags: c_int) -> c_int => int_result(f::write_object(v, file, flags)));
exported!(fn PyFile_WriteString(s: *const c_char, file: *mut PyObject) -> c_int => int_result(f::write_string(CStr::from_ptr(s).to_bytes(), file)));
exported!(fn PyObject_AsFileDescriptor(o: *mut PyObject) -> c_int => match f::as_file_descriptor(o) {
    Ok(fd) => fd,
    Err(_) => -1,
});
exported!(fn _PyLong_FileDescriptor_Converter(o: *mut PyObject, ptr: *mut c_void) -> c_int => match f::as_file_descriptor(o) {
    Ok(fd) => {
        *(ptr as *mut c_int) = fd;
        1
    }
    Err(_) => 0,
});
exported!(fn PyFile_NewStdPrinter(fd: c_int) -> *mut PyObject => f::new_std_printer(fd));
exported!(fn PyFile_SetOpenCodeHook(hook: Py_OpenCodeHookFunction, user_data: *mut c_void) -> c_int => f::set_open_code_hook(hook, user_data));
exported!(fn PyFile_OpenCodeObject(path: *mut PyObject) -> *mut PyObject => ptr_result(f::open_code_object(path)));
exported!(fn PyFile_OpenCode(utf8path: *const c_char) -> *mut PyObject => ptr_result(
    ferrython_runtime::objects::unicodeobject::from_utf8(CStr::from_ptr(utf8path).to_bytes(), None)
        .and_then(|p| f::open_code_object(p.as_ptr()))
));
exported!(fn Py_UniversalNewlineFgets(buf: *mut c_char, n: c_int, stream: *mut libc::FILE, fobj: *mut PyObject) -> *mut c_char =>
    f::universal_newline_fgets(buf, n, stream, fobj, std::ptr::null_mut()));
exported!(fn _Py_UniversalNewlineFgetsWithSize(buf: *mut c_char, n: c_int, stream: *mut libc::FILE, fobj: *mut PyObject, size: *mut usize) -> *mut c_char =>
    f::universal_newline_fgets(buf, n, stream, fobj, size));
