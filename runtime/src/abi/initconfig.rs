//! Mirror of `cpython/initconfig.h`: the start-up configuration structs. Embedding programs
//! allocate `PyConfig` / `PyPreConfig` themselves (often on the stack) and pass them to
//! `Py_InitializeFromConfig`, so their layout is ABI. `PyConfig` is also embedded in
//! `PyInterpreterState` and `PyPreConfig` in `_PyRuntimeState`.

use super::object::Py_ssize_t;
use core::ffi::{c_char, c_int, c_ulong};
use libc::wchar_t;

/// `_PyStatus_TYPE_*` values of `PyStatus::_type`.
pub const _PyStatus_TYPE_OK: c_int = 0;
pub const _PyStatus_TYPE_ERROR: c_int = 1;
pub const _PyStatus_TYPE_EXIT: c_int = 2;

/// `PyStatus`, 32 bytes, returned by value.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyStatus {
    /// One of `_PyStatus_TYPE_*` (a C enum, int-sized).
    pub _type: c_int,
    pub func: *const c_char,
    pub err_msg: *const c_char,
    pub exitcode: c_int,
}

/// `PyWideStringList`, 16 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyWideStringList {
    pub length: Py_ssize_t,
    pub items: *mut *mut wchar_t,
}

/// `PyPreConfig`, 40 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyPreConfig {
    pub _config_init: c_int,
    pub parse_argv: c_int,
    pub isolated: c_int,
    pub use_environment: c_int,
    pub configure_locale: c_int,
    pub coerce_c_locale: c_int,
    pub coerce_c_locale_warn: c_int,
    pub utf8_mode: c_int,
    pub dev_mode: c_int,
    pub allocator: c_int,
}

/// `PyConfig`, 424 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyConfig {
    pub _config_init: c_int,
    pub isolated: c_int,
    pub use_environment: c_int,
    pub dev_mode: c_int,
    pub install_signal_handlers: c_int,
    pub use_hash_seed: c_int,
    pub hash_seed: c_ulong,
    pub faulthandler: c_int,
    pub tracemalloc: c_int,
    pub import_time: c_int,
    pub code_debug_ranges: c_int,
    pub show_ref_count: c_int,
    pub dump_refs: c_int,
    pub dump_refs_file: *mut wchar_t,
    pub malloc_stats: c_int,
    pub filesystem_encoding: *mut wchar_t,
    pub filesystem_errors: *mut wchar_t,
    pub pycache_prefix: *mut wchar_t,
    pub parse_argv: c_int,
    pub orig_argv: PyWideStringList,
    pub argv: PyWideStringList,
    pub xoptions: PyWideStringList,
    pub warnoptions: PyWideStringList,
    pub site_import: c_int,
    pub bytes_warning: c_int,
    pub warn_default_encoding: c_int,
    pub inspect: c_int,
    pub interactive: c_int,
    pub optimization_level: c_int,
    pub parser_debug: c_int,
    pub write_bytecode: c_int,
    pub verbose: c_int,
    pub quiet: c_int,
    pub user_site_directory: c_int,
    pub configure_c_stdio: c_int,
    pub buffered_stdio: c_int,
    pub stdio_encoding: *mut wchar_t,
    pub stdio_errors: *mut wchar_t,
    pub check_hash_pycs_mode: *mut wchar_t,
    pub use_frozen_modules: c_int,
    pub safe_path: c_int,
    pub pathconfig_warnings: c_int,
    pub program_name: *mut wchar_t,
    pub pythonpath_env: *mut wchar_t,
    pub home: *mut wchar_t,
    pub platlibdir: *mut wchar_t,
    pub module_search_paths_set: c_int,
    pub module_search_paths: PyWideStringList,
    pub stdlib_dir: *mut wchar_t,
    pub executable: *mut wchar_t,
    pub base_executable: *mut wchar_t,
    pub prefix: *mut wchar_t,
    pub base_prefix: *mut wchar_t,
    pub exec_prefix: *mut wchar_t,
    pub base_exec_prefix: *mut wchar_t,
    pub skip_source_first_line: c_int,
    pub run_command: *mut wchar_t,
    pub run_module: *mut wchar_t,
    pub run_filename: *mut wchar_t,
    pub _install_importlib: c_int,
    pub _init_main: c_int,
    pub _isolated_interpreter: c_int,
    pub _is_python_build: c_int,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<PyStatus>() == 32);
const _: () = assert!(offset_of!(PyStatus, exitcode) == 24);
const _: () = assert!(size_of::<PyWideStringList>() == 16);
const _: () = assert!(size_of::<PyPreConfig>() == 40);
const _: () = assert!(size_of::<PyConfig>() == 424);
const _: () = assert!(offset_of!(PyConfig, hash_seed) == 24);
const _: () = assert!(offset_of!(PyConfig, orig_argv) == 104);
const _: () = assert!(offset_of!(PyConfig, site_import) == 168);
const _: () = assert!(offset_of!(PyConfig, stdio_encoding) == 224);
const _: () = assert!(offset_of!(PyConfig, module_search_paths) == 304);
const _: () = assert!(offset_of!(PyConfig, run_command) == 384);
const _: () = assert!(offset_of!(PyConfig, _is_python_build) == 420);
