//! cpython/initconfig.h: the PEP 587 API (PyStatus, PyWideStringList, PyPreConfig, PyConfig)
//! and Py_PreInitialize*, over runtime/src/lifecycle/initconfig.rs.

use core::ffi::{c_char, c_int, CStr};
use ferrython_runtime::abi::initconfig::*;
use ferrython_runtime::abi::object::Py_ssize_t;
use ferrython_runtime::lifecycle::initconfig as ic;
use libc::wchar_t;

exported!(fn PyStatus_Ok() -> PyStatus => ic::status_ok());
exported!(fn PyStatus_Error(err_msg: *const c_char) -> PyStatus => ic::status_error(core::ptr::null(), err_msg));
exported!(fn PyStatus_NoMemory() -> PyStatus => ic::status_no_memory());
exported!(fn PyStatus_Exit(exitcode: c_int) -> PyStatus => ic::status_exit(exitcode));
exported!(fn PyStatus_IsError(status: PyStatus) -> c_int => ic::status_is_error(&status) as c_int);
exported!(fn PyStatus_IsExit(status: PyStatus) -> c_int => ic::status_is_exit(&status) as c_int);
exported!(fn PyStatus_Exception(status: PyStatus) -> c_int => ic::status_exception(&status) as c_int);
exported!(fn Py_ExitStatusException(status: PyStatus) => ic::exit_status_exception(&status));

exported!(fn PyWideStringList_Append(list: *mut PyWideStringList, item: *const wchar_t) -> PyStatus => {
    ic::list_append(list, item)
});
exported!(fn PyWideStringList_Insert(list: *mut PyWideStringList, index: Py_ssize_t, item: *const wchar_t) -> PyStatus => {
    ic::list_insert(list, index, item)
});

exported!(fn PyPreConfig_InitPythonConfig(config: *mut PyPreConfig) => ic::preconfig_init_python(&mut *config));
exported!(fn PyPreConfig_InitIsolatedConfig(config: *mut PyPreConfig) => ic::preconfig_init_isolated(&mut *config));

unsafe fn bytes_args(argc: Py_ssize_t, argv: *const *mut c_char) -> Vec<String> {
    (0..argc.max(0) as usize)
        .map(|i| {
            let units = ic::decode_bytes(CStr::from_ptr(*argv.add(i)).to_bytes());
            let w: Vec<wchar_t> = units.iter().map(|&u| u as wchar_t).chain([0]).collect();
            ic::wstr_to_string(w.as_ptr()).unwrap_or_default()
        })
        .collect()
}

exported!(fn Py_PreInitialize(src_config: *const PyPreConfig) -> PyStatus => {
    if src_config.is_null() {
        return ic::status_error(core::ptr::null(), c"preinitialization config is NULL".as_ptr());
    }
    ic::pre_initialize(&*src_config, None)
});
exported!(fn Py_PreInitializeFromBytesArgs(src_config: *const PyPreConfig, argc: Py_ssize_t, argv: *mut *mut c_char) -> PyStatus => {
    if src_config.is_null() {
        return ic::status_error(core::ptr::null(), c"preinitialization config is NULL".as_ptr());
    }
    let args = if argv.is_null() { Vec::new() } else { bytes_args(argc, argv as *const *mut c_char) };
    ic::pre_initialize(&*src_config, Some(&args))
});
exported!(fn Py_PreInitializeFromArgs(src_config: *const PyPreConfig, argc: Py_ssize_t, argv: *mut *mut wchar_t) -> PyStatus => {
    if src_config.is_null() {
        return ic::status_error(core::ptr::null(), c"preinitialization config is NULL".as_ptr());
    }
    let args: Vec<String> = if argv.is_null() {
        Vec::new()
    } else {
        (0..argc.max(0) as usize).map(|i| ic::wstr_to_string(*argv.add(i)).unwrap_or_default()).collect()
    };
    ic::pre_initialize(&*src_config, Some(&args))
});

exported!(fn PyConfig_InitPythonConfig(config: *mut PyConfig) => ic::init_python_config(&mut *config));
exported!(fn PyConfig_InitIsolatedConfig(config: *mut PyConfig) => ic::init_isolated_config(&mut *config));
exported!(fn PyConfig_Clear(config: *mut PyConfig) => ic::clear(config));
exported!(fn PyConfig_SetString(config: *mut PyConfig, config_str: *mut *mut wchar_t, str_: *const wchar_t) -> PyStatus => {
    let _ = config;
    ic::set_wstr_raw(config_str, str_)
});
exported!(fn PyConfig_SetBytesString(config: *mut PyConfig, config_str: *mut *mut wchar_t, str_: *const c_char) -> PyStatus => {
    let _ = config;
    ic::set_bytes_string(config_str, str_)
});
exported!(fn PyConfig_SetArgv(config: *mut PyConfig, argc: Py_ssize_t, argv: *const *mut wchar_t) -> PyStatus => {
    ic::set_argv(config, argc, argv)
});
exported!(fn PyConfig_SetBytesArgv(config: *mut PyConfig, argc: Py_ssize_t, argv: *const *mut c_char) -> PyStatus => {
    ic::set_bytes_argv(config, argc, argv as *const *const c_char)
});
exported!(fn PyConfig_SetWideStringList(config: *mut PyConfig, list: *mut PyWideStringList, length: Py_ssize_t, items: *mut *mut wchar_t) -> PyStatus => {
    let _ = config;
    ic::set_wide_string_list(list, length, items)
});
exported!(fn PyConfig_Read(config: *mut PyConfig) -> PyStatus => ic::read(config));

exported!(fn Py_GetArgcArgv(argc: *mut c_int, argv: *mut *mut *mut wchar_t) => {
    let (n, v) = ferrython_runtime::modules::sysmodule::argc_argv();
    *argc = n;
    *argv = v;
});
