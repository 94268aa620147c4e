//! sysmodule.h: PySys_* (attributes, warn/X options, argv, audit hooks, writing to
//! sys.stdout/stderr) and `PyInit_sys`-free access to the module; the variadic writers and
//! PySys_Audit live in c/sysmodule.c and call the `_Fy_sys_*` helpers here.

use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::null_mut;
use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::{self, int_result};
use ferrython_runtime::lifecycle::initconfig as ic;
use ferrython_runtime::modules::sysmodule as sys;
use libc::wchar_t;

unsafe fn text(s: *const c_char) -> String {
    CStr::from_ptr(s).to_string_lossy().into_owned()
}

unsafe fn wtext(s: *const wchar_t) -> String {
    ic::wstr_to_string(s).unwrap_or_default()
}

exported!(fn PySys_GetObject(name: *const c_char) -> *mut PyObject => {
    if name.is_null() {
        return null_mut();
    }
    sys::get_object(&text(name))
});

exported!(fn PySys_SetObject(name: *const c_char, v: *mut PyObject) -> c_int => {
    if name.is_null() {
        return int_result(Err(errors::bad_internal_call()));
    }
    int_result(sys::set_object(&text(name), v))
});

exported!(fn PySys_ResetWarnOptions() => sys::reset_warn_options());

exported!(fn PySys_AddWarnOption(s: *const wchar_t) => {
    if !s.is_null() {
        let _ = sys::add_warn_option(&wtext(s));
    }
});

exported!(fn PySys_AddWarnOptionUnicode(option: *mut PyObject) => {
    if !option.is_null() {
        let s = ferrython_runtime::objects::unicodeobject::to_string_lossy(option);
        if sys::add_warn_option(&s).is_err() {
            // As CPython: failures here are fatal-free but reported as unraisable.
            errors::write_unraisable(null_mut());
        }
    }
});

exported!(fn PySys_HasWarnOptions() -> c_int => sys::has_warn_options() as c_int);

exported!(fn PySys_AddXOption(s: *const wchar_t) => {
    if !s.is_null() {
        let _ = sys::add_xoption(&wtext(s));
    }
});

exported!(fn PySys_GetXOptions() -> *mut PyObject => sys::get_xoptions());

unsafe fn argv_vec(argc: c_int, argv: *mut *mut wchar_t) -> Vec<String> {
    (0..argc.max(0) as usize)
        .map(|i| wtext(*argv.add(i)))
        .collect()
}

exported!(fn PySys_SetArgvEx(argc: c_int, argv: *mut *mut wchar_t, updatepath: c_int) => {
    let args = if argv.is_null() { Vec::new() } else { argv_vec(argc, argv) };
    if sys::set_argv(&args, updatepath != 0).is_err() {
        ferrython_runtime::lifecycle::fatal::fatal_error("PySys_SetArgvEx", b"can't assign sys.argv");
    }
});

exported!(fn PySys_SetArgv(argc: c_int, argv: *mut *mut wchar_t) => {
    let args = if argv.is_null() { Vec::new() } else { argv_vec(argc, argv) };
    if sys::set_argv(&args, true).is_err() {
        ferrython_runtime::lifecycle::fatal::fatal_error("PySys_SetArgv", b"can't assign sys.argv");
    }
});

exported!(fn PySys_SetPath(path: *const wchar_t) => {
    let p = wtext(path);
    let r = (|| {
        let list = ferrython_runtime::objects::listobject::new(0)?;
        for item in p.split(':') {
            let s = ferrython_runtime::objects::unicodeobject::new_str(item)?;
            ferrython_runtime::objects::listobject::append(list.as_ptr(), s.as_ptr())?;
        }
        sys::set_object("path", list.as_ptr())
    })();
    if r.is_err() {
        ferrython_runtime::lifecycle::fatal::fatal_error("PySys_SetPath", b"can't assign sys.path");
    }
});

exported!(fn PySys_AddAuditHook(hook: Option<sys::AuditHook>, user_data: *mut c_void) -> c_int => {
    sys::add_c_audit_hook(hook, user_data)
});

exported!(
    /// Whether any audit hook is installed (c/sysmodule.c skips building arguments otherwise).
    fn _Fy_sys_has_audit_hooks() -> c_int => sys::has_any_audit_hooks() as c_int
);

exported!(
    /// The Rust half of PySys_Audit: `args` is the built value (NULL without a format).
    fn _Fy_sys_audit_args(event: *const c_char, args: *mut PyObject, has_format: c_int) -> c_int => {
        if event.is_null() {
            return int_result(Err(errors::bad_internal_call()));
        }
        let r = (|| {
            let tuple = if has_format == 0 || args.is_null() {
                ferrython_runtime::objects::tupleobject::pack(&[])?
            } else if ferrython_runtime::objects::tupleobject::check(args) {
                ferrython_runtime::objects::object::new_ref(args)
            } else {
                ferrython_runtime::objects::tupleobject::pack(&[args])?
            };
            sys::audit_tuple(&text(event), tuple.as_ptr())
        })();
        int_result(r)
    }
);

exported!(
    /// The Rust half of PySys_WriteStdout/Stderr.
    fn _Fy_sys_write_text(to_stderr: c_int, s: *const c_char) => {
        if !s.is_null() {
            let t = CStr::from_ptr(s).to_string_lossy();
            sys::write_to(if to_stderr != 0 { "stderr" } else { "stdout" }, &t);
        }
    }
);

exported!(
    /// The Rust half of PySys_FormatStdout/Stderr (NULL: formatting failed; the error is
    /// cleared, as CPython's sys_format does when writing fails).
    fn _Fy_sys_write_object(to_stderr: c_int, s: *mut PyObject) => {
        if s.is_null() {
            errors::clear();
            return;
        }
        sys::write_object_to(if to_stderr != 0 { "stderr" } else { "stdout" }, s);
    }
);
