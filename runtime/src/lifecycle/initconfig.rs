//! The PEP 587 configuration API: PyConfig, PyPreConfig, PyStatus, PyWideStringList (CPython's
//! Python/initconfig.c and preconfig.c), and [`read`]: a configuration completed from the
//! command line (lifecycle/cmdline.rs), the PYTHON* environment variables, `-X` options and the
//! computed paths (lifecycle/pathconfig.rs).
//!
//! Strings in a PyConfig are `wchar_t` (UTF-32 here) allocated with PyMem_RawMalloc; bytes that
//! are not UTF-8 decode to lone surrogates U+DC80..U+DCFF (surrogateescape), as Py_DecodeLocale
//! does in a UTF-8 locale. The `int_max_str_digits` setting has no PyConfig field in 3.11: it
//! is kept in [`int_max_str_digits`].

use crate::abi::initconfig::*;
use crate::lifecycle::cmdline::{self, CommandLine, RunTarget};
use crate::lifecycle::pathconfig;
use crate::mem::domains::{raw_free, raw_malloc};
use core::ffi::{c_char, c_int, CStr};
use core::ptr::{null, null_mut};
use core::sync::atomic::{AtomicI32, Ordering};
use libc::wchar_t;

/// `_PyConfig_INIT_*` values of `_config_init`.
pub const CONFIG_INIT_COMPAT: c_int = 1;
pub const CONFIG_INIT_PYTHON: c_int = 2;
pub const CONFIG_INIT_ISOLATED: c_int = 3;

/// `-X int_max_str_digits` / PYTHONINTMAXSTRDIGITS (-1: not configured).
static INT_MAX_STR_DIGITS: AtomicI32 = AtomicI32::new(-1);

/// The configured int/str digit limit (-1 when neither -X nor the environment set it).
pub fn int_max_str_digits() -> c_int {
    INT_MAX_STR_DIGITS.load(Ordering::Relaxed)
}

// ---------------------------------------------------------------------------------------------
// PyStatus

/// `PyStatus_Ok()`.
pub fn status_ok() -> PyStatus {
    PyStatus {
        _type: _PyStatus_TYPE_OK,
        func: null(),
        err_msg: null(),
        exitcode: 0,
    }
}

/// `PyStatus_Error(msg)` (the message must outlive the status: a static C string).
pub fn status_error(func: *const c_char, msg: *const c_char) -> PyStatus {
    PyStatus {
        _type: _PyStatus_TYPE_ERROR,
        func,
        err_msg: msg,
        exitcode: 0,
    }
}

/// An error status whose message is built at run time; the text is leaked (a status is
/// reported once and ends start-up).
pub fn status_error_string(func: &'static CStr, msg: &str) -> PyStatus {
    let c = std::ffi::CString::new(msg.replace('\0', "?")).unwrap_or_default();
    status_error(func.as_ptr(), Box::leak(c.into_boxed_c_str()).as_ptr())
}

/// `PyStatus_NoMemory()`.
pub fn status_no_memory() -> PyStatus {
    status_error(null(), c"memory allocation failed".as_ptr())
}

/// `PyStatus_Exit(code)`.
pub fn status_exit(code: c_int) -> PyStatus {
    PyStatus {
        _type: _PyStatus_TYPE_EXIT,
        func: null(),
        err_msg: null(),
        exitcode: code,
    }
}

/// `PyStatus_IsError`.
pub fn status_is_error(s: &PyStatus) -> bool {
    s._type == _PyStatus_TYPE_ERROR
}

/// `PyStatus_IsExit`.
pub fn status_is_exit(s: &PyStatus) -> bool {
    s._type == _PyStatus_TYPE_EXIT
}

/// `PyStatus_Exception`: error or exit.
pub fn status_exception(s: &PyStatus) -> bool {
    s._type != _PyStatus_TYPE_OK
}

/// `Py_ExitStatusException(status)`: exits the process with the exit code, or prints
/// "Fatal Python error: <func>: <msg>" and aborts.
pub fn exit_status_exception(s: &PyStatus) -> ! {
    if status_is_exit(s) {
        std::process::exit(s.exitcode);
    }
    let func = if s.func.is_null() {
        String::new()
    } else {
        // SAFETY: a status carries NUL-terminated strings or NULL.
        unsafe { CStr::from_ptr(s.func) }
            .to_string_lossy()
            .into_owned()
    };
    let msg = if s.err_msg.is_null() {
        String::from("<message not set>")
    } else {
        // SAFETY: as above.
        unsafe { CStr::from_ptr(s.err_msg) }
            .to_string_lossy()
            .into_owned()
    };
    if status_is_error(s) {
        crate::lifecycle::fatal::fatal_error(&func, msg.as_bytes())
    }
    crate::lifecycle::fatal::fatal_error("Py_ExitStatusException", b"bad status type")
}

// ---------------------------------------------------------------------------------------------
// Wide strings

/// Decodes bytes as Py_DecodeLocale does in a UTF-8 locale: invalid bytes become U+DC80+byte.
pub fn decode_bytes(bytes: &[u8]) -> Vec<u32> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend(s.chars().map(|c| c as u32));
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                // SAFETY: `good` was validated as UTF-8 by from_utf8.
                out.extend(
                    unsafe { std::str::from_utf8_unchecked(good) }
                        .chars()
                        .map(|c| c as u32),
                );
                let n = e.error_len().unwrap_or(bad.len());
                out.extend(bad[..n].iter().map(|&b| 0xDC00 + b as u32));
                rest = &bad[n..];
            }
        }
    }
    out
}

/// A wide string allocated with PyMem_RawMalloc (NULL when out of memory).
pub fn raw_wstr_from_units(units: &[u32]) -> *mut wchar_t {
    // SAFETY: allocation of len+1 units; filled below.
    unsafe {
        let p = raw_malloc((units.len() + 1) * core::mem::size_of::<wchar_t>()) as *mut wchar_t;
        if p.is_null() {
            return p;
        }
        for (i, &u) in units.iter().enumerate() {
            *p.add(i) = u as wchar_t;
        }
        *p.add(units.len()) = 0;
        p
    }
}

/// `s` as a raw-allocated wide string.
pub fn raw_wstr(s: &str) -> *mut wchar_t {
    let units: Vec<u32> = s.chars().map(|c| c as u32).collect();
    raw_wstr_from_units(&units)
}

/// The code units of a NUL-terminated wide string.
///
/// # Safety
/// `p` is NULL or NUL-terminated.
pub unsafe fn wstr_units<'a>(p: *const wchar_t) -> &'a [wchar_t] {
    if p.is_null() {
        return &[];
    }
    core::slice::from_raw_parts(p, libc::wcslen(p))
}

/// A wide string as Rust text: lone surrogates from surrogateescape go back to their bytes
/// when the result is still UTF-8, otherwise U+FFFD.
///
/// # Safety
/// `p` is NULL or NUL-terminated.
pub unsafe fn wstr_to_string(p: *const wchar_t) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let mut bytes = Vec::new();
    for &u in wstr_units(p) {
        let u = u as u32;
        if (0xDC80..=0xDCFF).contains(&u) {
            bytes.push((u - 0xDC00) as u8);
        } else {
            let c = char::from_u32(u).unwrap_or('\u{FFFD}');
            let mut buf = [0u8; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Replaces `*slot` by a copy of `s` (NULL clears), freeing the old string.
///
/// # Safety
/// `slot` points at a PyConfig string field.
pub unsafe fn set_wstr(slot: *mut *mut wchar_t, s: Option<&str>) -> PyStatus {
    let new = match s {
        Some(s) => {
            let p = raw_wstr(s);
            if p.is_null() {
                return status_no_memory();
            }
            p
        }
        None => null_mut(),
    };
    raw_free((*slot).cast());
    *slot = new;
    status_ok()
}

/// `PyConfig_SetString`: copies a wide string (NULL clears).
///
/// # Safety
/// `slot` points at a PyConfig string field; `value` NULL or NUL-terminated.
pub unsafe fn set_wstr_raw(slot: *mut *mut wchar_t, value: *const wchar_t) -> PyStatus {
    let new = if value.is_null() {
        null_mut()
    } else {
        let p = crate::mem::domains::raw_wcsdup(value);
        if p.is_null() {
            return status_no_memory();
        }
        p
    };
    raw_free((*slot).cast());
    *slot = new;
    status_ok()
}

// ---------------------------------------------------------------------------------------------
// PyWideStringList

/// The items of a list as Rust strings.
///
/// # Safety
/// `list` is a valid PyWideStringList.
pub unsafe fn list_to_vec(list: *const PyWideStringList) -> Vec<String> {
    (0..(*list).length.max(0) as usize)
        .map(|i| wstr_to_string(*(*list).items.add(i)).unwrap_or_default())
        .collect()
}

/// `_PyWideStringList_Clear`.
///
/// # Safety
/// `list` is a valid PyWideStringList owning raw-allocated items.
pub unsafe fn list_clear(list: *mut PyWideStringList) {
    for i in 0..(*list).length.max(0) as usize {
        raw_free((*(*list).items.add(i)).cast());
    }
    raw_free((*list).items.cast());
    (*list).length = 0;
    (*list).items = null_mut();
}

/// `PyWideStringList_Insert`: a copy of `item` at `index` (clamped to the length).
///
/// # Safety
/// `list` valid; `item` NUL-terminated.
pub unsafe fn list_insert(
    list: *mut PyWideStringList,
    index: isize,
    item: *const wchar_t,
) -> PyStatus {
    let len = (*list).length;
    if index < 0 {
        return status_error(
            null(),
            c"PyWideStringList_Insert index must be >= 0".as_ptr(),
        );
    }
    let index = index.min(len) as usize;
    let copy = crate::mem::domains::raw_wcsdup(item);
    if copy.is_null() {
        return status_no_memory();
    }
    let new_len = len as usize + 1;
    let items = crate::mem::domains::raw_realloc(
        (*list).items.cast(),
        new_len * core::mem::size_of::<*mut wchar_t>(),
    ) as *mut *mut wchar_t;
    if items.is_null() {
        raw_free(copy.cast());
        return status_no_memory();
    }
    core::ptr::copy(items.add(index), items.add(index + 1), len as usize - index);
    *items.add(index) = copy;
    (*list).items = items;
    (*list).length = new_len as isize;
    status_ok()
}

/// `PyWideStringList_Append`.
///
/// # Safety
/// As [`list_insert`].
pub unsafe fn list_append(list: *mut PyWideStringList, item: *const wchar_t) -> PyStatus {
    list_insert(list, (*list).length, item)
}

/// Replaces the list's items by `items`.
///
/// # Safety
/// `list` valid.
pub unsafe fn list_set(list: *mut PyWideStringList, items: &[String]) -> PyStatus {
    let mut fresh = PyWideStringList {
        length: 0,
        items: null_mut(),
    };
    for s in items {
        let w = raw_wstr(s);
        if w.is_null() {
            list_clear(&mut fresh);
            return status_no_memory();
        }
        let st = list_append(&mut fresh, w);
        raw_free(w.cast());
        if status_exception(&st) {
            list_clear(&mut fresh);
            return st;
        }
    }
    list_clear(list);
    *list = fresh;
    status_ok()
}

/// `_PyWideStringList_Copy`: `dst` becomes a copy of `src`.
///
/// # Safety
/// Both valid.
pub unsafe fn list_copy(dst: *mut PyWideStringList, src: *const PyWideStringList) -> PyStatus {
    let mut fresh = PyWideStringList {
        length: 0,
        items: null_mut(),
    };
    for i in 0..(*src).length.max(0) as usize {
        let st = list_append(&mut fresh, *(*src).items.add(i));
        if status_exception(&st) {
            list_clear(&mut fresh);
            return st;
        }
    }
    list_clear(dst);
    *dst = fresh;
    status_ok()
}

// ---------------------------------------------------------------------------------------------
// PyPreConfig

/// `PYMEM_ALLOCATOR_NOT_SET`.
const PYMEM_ALLOCATOR_NOT_SET: c_int = 0;

fn preconfig_compat() -> PyPreConfig {
    PyPreConfig {
        _config_init: CONFIG_INIT_COMPAT,
        parse_argv: 0,
        isolated: -1,
        use_environment: -1,
        configure_locale: 1,
        coerce_c_locale: 0,
        coerce_c_locale_warn: 0,
        utf8_mode: 0,
        dev_mode: -1,
        allocator: PYMEM_ALLOCATOR_NOT_SET,
    }
}

/// `PyPreConfig_InitPythonConfig`.
pub fn preconfig_init_python(c: &mut PyPreConfig) {
    *c = preconfig_compat();
    c._config_init = CONFIG_INIT_PYTHON;
    c.isolated = 0;
    c.parse_argv = 1;
    c.use_environment = 1;
    c.coerce_c_locale = -1;
    c.coerce_c_locale_warn = -1;
    c.utf8_mode = -1;
}

/// `PyPreConfig_InitIsolatedConfig`.
pub fn preconfig_init_isolated(c: &mut PyPreConfig) {
    *c = preconfig_compat();
    c._config_init = CONFIG_INIT_ISOLATED;
    c.configure_locale = 0;
    c.isolated = 1;
    c.use_environment = 0;
    c.utf8_mode = 0;
    c.dev_mode = 0;
}

/// `Py_PreInitialize*`: reads the pre-configuration (command line `-E -I -X utf8 -X dev` when
/// `parse_argv`, PYTHONUTF8/PYTHONMALLOC/PYTHONDEVMODE), installs the memory allocator, and
/// stores it in `_PyRuntime.preconfig`.
pub fn pre_initialize(src: &PyPreConfig, args: Option<&[String]>) -> PyStatus {
    // SAFETY: the runtime static is alive for the process; start-up is single-threaded.
    let rt = crate::lifecycle::pyruntime::runtime();
    unsafe {
        if (*rt).preinitialized != 0 {
            return status_ok();
        }
        (*rt).preinitializing = 1;
    }
    let mut pre = *src;
    let mut xopts: Vec<String> = Vec::new();
    if pre.parse_argv != 0 {
        if let Some(args) = args {
            if let CommandLine::Run { options, .. } =
                cmdline::parse("", args.get(1..).unwrap_or(&[]), "")
            {
                if options.isolated {
                    pre.isolated = 1;
                }
                if options.ignore_environment {
                    pre.use_environment = 0;
                }
                xopts = options.x_options;
            }
        }
    }
    if pre.isolated > 0 {
        pre.use_environment = 0;
    }
    if pre.use_environment < 0 {
        pre.use_environment = 1;
    }
    let env = |name: &str| -> Option<String> {
        if pre.use_environment > 0 {
            std::env::var(name).ok().filter(|v| !v.is_empty())
        } else {
            None
        }
    };
    // -X utf8[=0|1] wins over PYTHONUTF8.
    if let Some(x) = xopts
        .iter()
        .rev()
        .find(|x| *x == "utf8" || x.starts_with("utf8="))
    {
        pre.utf8_mode = match x.as_str() {
            "utf8" | "utf8=1" => 1,
            "utf8=0" => 0,
            _ => return status_error(null(), c"invalid -X utf8 option value".as_ptr()),
        };
    } else if let Some(v) = env("PYTHONUTF8") {
        pre.utf8_mode = match v.as_str() {
            "1" => 1,
            "0" => 0,
            _ => {
                return status_error(
                    null(),
                    c"invalid PYTHONUTF8 environment variable value".as_ptr(),
                )
            }
        };
    }
    if pre.utf8_mode < 0 {
        pre.utf8_mode = 0;
    }
    if xopts.iter().any(|x| x == "dev" || x.starts_with("dev=")) || env("PYTHONDEVMODE").is_some() {
        pre.dev_mode = 1;
    }
    if pre.dev_mode < 0 {
        pre.dev_mode = 0;
    }
    if pre.coerce_c_locale < 0 {
        pre.coerce_c_locale = 0;
    }
    if pre.coerce_c_locale_warn < 0 {
        pre.coerce_c_locale_warn = 0;
    }
    if let Some(name) = env("PYTHONMALLOC") {
        match crate::mem::domains::AllocatorName::parse(name.as_bytes()) {
            Some(a) => {
                pre.allocator = a as c_int;
            }
            None => return status_error(null(), c"PYTHONMALLOC: unknown allocator".as_ptr()),
        }
    }
    if pre.allocator != PYMEM_ALLOCATOR_NOT_SET {
        if let Some(a) = crate::mem::domains::AllocatorName::from_c(pre.allocator) {
            if !crate::mem::domains::setup_allocators(a) {
                return status_error(null(), c"Unknown PYTHONMALLOC allocator".as_ptr());
            }
        }
    }
    // SAFETY: as above.
    unsafe {
        (*rt).preconfig = pre;
        (*rt).preinitializing = 0;
        (*rt).preinitialized = 1;
    }
    status_ok()
}

// ---------------------------------------------------------------------------------------------
// PyConfig initialisation and clearing

/// A PyConfig with every field zero/NULL.
pub fn zeroed_config() -> PyConfig {
    // SAFETY: PyConfig is plain C data; all-zero is a valid (empty) value.
    unsafe { core::mem::zeroed() }
}

/// `_PyConfig_InitCompatConfig`.
pub fn init_compat(c: &mut PyConfig) {
    *c = zeroed_config();
    c._config_init = CONFIG_INIT_COMPAT;
    c.isolated = -1;
    c.use_environment = -1;
    c.dev_mode = -1;
    c.install_signal_handlers = 1;
    c.use_hash_seed = -1;
    c.faulthandler = -1;
    c.tracemalloc = -1;
    c.site_import = -1;
    c.bytes_warning = -1;
    c.inspect = -1;
    c.interactive = -1;
    c.optimization_level = -1;
    c.parser_debug = -1;
    c.write_bytecode = -1;
    c.verbose = -1;
    c.quiet = -1;
    c.user_site_directory = -1;
    c.buffered_stdio = -1;
    c._install_importlib = 1;
    c.pathconfig_warnings = -1;
    c._init_main = 1;
    c.use_frozen_modules = 1;
    c.code_debug_ranges = 1;
}

fn init_defaults(c: &mut PyConfig) {
    init_compat(c);
    c.isolated = 0;
    c.use_environment = 1;
    c.site_import = 1;
    c.bytes_warning = 0;
    c.inspect = 0;
    c.interactive = 0;
    c.optimization_level = 0;
    c.parser_debug = 0;
    c.write_bytecode = 1;
    c.verbose = 0;
    c.quiet = 0;
    c.user_site_directory = 1;
    c.buffered_stdio = 1;
    c.pathconfig_warnings = 1;
}

/// `PyConfig_InitPythonConfig`.
pub fn init_python_config(c: &mut PyConfig) {
    init_defaults(c);
    c._config_init = CONFIG_INIT_PYTHON;
    c.configure_c_stdio = 1;
    c.parse_argv = 1;
}

/// `PyConfig_InitIsolatedConfig`.
pub fn init_isolated_config(c: &mut PyConfig) {
    init_defaults(c);
    c._config_init = CONFIG_INIT_ISOLATED;
    c.isolated = 1;
    c.use_environment = 0;
    c.user_site_directory = 0;
    c.dev_mode = 0;
    c.install_signal_handlers = 0;
    c.use_hash_seed = 0;
    c.faulthandler = 0;
    c.tracemalloc = 0;
    c.safe_path = 1;
    c.pathconfig_warnings = 0;
}

/// Every string field of a PyConfig.
fn string_fields(c: &mut PyConfig) -> [*mut *mut wchar_t; 20] {
    [
        &raw mut c.dump_refs_file,
        &raw mut c.filesystem_encoding,
        &raw mut c.filesystem_errors,
        &raw mut c.pycache_prefix,
        &raw mut c.stdio_encoding,
        &raw mut c.stdio_errors,
        &raw mut c.check_hash_pycs_mode,
        &raw mut c.program_name,
        &raw mut c.pythonpath_env,
        &raw mut c.home,
        &raw mut c.platlibdir,
        &raw mut c.stdlib_dir,
        &raw mut c.executable,
        &raw mut c.base_executable,
        &raw mut c.prefix,
        &raw mut c.base_prefix,
        &raw mut c.exec_prefix,
        &raw mut c.base_exec_prefix,
        &raw mut c.run_command,
        &raw mut c.run_module,
    ]
}

/// `PyConfig_Clear`: frees every string and list (the other fields keep their values).
///
/// # Safety
/// `c` is an initialised PyConfig whose strings were allocated by this API.
pub unsafe fn clear(c: *mut PyConfig) {
    for slot in string_fields(&mut *c) {
        raw_free((*slot).cast());
        *slot = null_mut();
    }
    raw_free((*c).run_filename.cast());
    (*c).run_filename = null_mut();
    list_clear(&raw mut (*c).orig_argv);
    list_clear(&raw mut (*c).argv);
    list_clear(&raw mut (*c).xoptions);
    list_clear(&raw mut (*c).warnoptions);
    list_clear(&raw mut (*c).module_search_paths);
    (*c).module_search_paths_set = 0;
}

/// `_PyConfig_Copy`: `dst` becomes a deep copy of `src`.
///
/// # Safety
/// Both initialised; `dst`'s old strings are freed.
pub unsafe fn copy(dst: *mut PyConfig, src: *const PyConfig) -> PyStatus {
    clear(dst);
    *dst = *src;
    // Re-own every pointer: the bitwise copy shares them with `src`.
    for slot in string_fields(&mut *dst) {
        let p = *slot;
        *slot = null_mut();
        let st = set_wstr_raw(slot, p);
        if status_exception(&st) {
            return st;
        }
    }
    let p = (*dst).run_filename;
    (*dst).run_filename = null_mut();
    let st = set_wstr_raw(&raw mut (*dst).run_filename, p);
    if status_exception(&st) {
        return st;
    }
    for (d, s) in [
        (&raw mut (*dst).orig_argv, &raw const (*src).orig_argv),
        (&raw mut (*dst).argv, &raw const (*src).argv),
        (&raw mut (*dst).xoptions, &raw const (*src).xoptions),
        (&raw mut (*dst).warnoptions, &raw const (*src).warnoptions),
        (
            &raw mut (*dst).module_search_paths,
            &raw const (*src).module_search_paths,
        ),
    ] {
        *d = PyWideStringList {
            length: 0,
            items: null_mut(),
        };
        let st = list_copy(d, s);
        if status_exception(&st) {
            return st;
        }
    }
    status_ok()
}

/// `PyConfig_SetBytesString`: decodes `bytes` (surrogateescape) into `*slot`.
///
/// # Safety
/// `slot` a PyConfig string field; `bytes` NULL or NUL-terminated.
pub unsafe fn set_bytes_string(slot: *mut *mut wchar_t, bytes: *const c_char) -> PyStatus {
    if bytes.is_null() {
        raw_free((*slot).cast());
        *slot = null_mut();
        return status_ok();
    }
    let units = decode_bytes(CStr::from_ptr(bytes).to_bytes());
    let p = raw_wstr_from_units(&units);
    if p.is_null() {
        return status_no_memory();
    }
    raw_free((*slot).cast());
    *slot = p;
    status_ok()
}

/// `PyConfig_SetBytesArgv`.
///
/// # Safety
/// `argv` holds `argc` NUL-terminated strings.
pub unsafe fn set_bytes_argv(
    c: *mut PyConfig,
    argc: isize,
    argv: *const *const c_char,
) -> PyStatus {
    let mut fresh = PyWideStringList {
        length: 0,
        items: null_mut(),
    };
    for i in 0..argc.max(0) as usize {
        let units = decode_bytes(CStr::from_ptr(*argv.add(i)).to_bytes());
        let w = raw_wstr_from_units(&units);
        if w.is_null() {
            list_clear(&mut fresh);
            return status_no_memory();
        }
        let st = list_append(&mut fresh, w);
        raw_free(w.cast());
        if status_exception(&st) {
            list_clear(&mut fresh);
            return st;
        }
    }
    list_clear(&raw mut (*c).argv);
    (*c).argv = fresh;
    status_ok()
}

/// `PyConfig_SetArgv`.
///
/// # Safety
/// `argv` holds `argc` NUL-terminated wide strings.
pub unsafe fn set_argv(c: *mut PyConfig, argc: isize, argv: *const *mut wchar_t) -> PyStatus {
    let src = PyWideStringList {
        length: argc.max(0),
        items: argv as *mut *mut wchar_t,
    };
    list_copy(&raw mut (*c).argv, &src)
}

/// `PyConfig_SetWideStringList`.
///
/// # Safety
/// `list` points into `c`; `items` holds `length` wide strings.
pub unsafe fn set_wide_string_list(
    list: *mut PyWideStringList,
    length: isize,
    items: *const *mut wchar_t,
) -> PyStatus {
    let src = PyWideStringList {
        length: length.max(0),
        items: items as *mut *mut wchar_t,
    };
    list_copy(list, &src)
}

// ---------------------------------------------------------------------------------------------
// Reading the configuration

/// `_Py_get_env_flag`: a PYTHON* flag variable raises `flag` to its numeric value (1 when not
/// a positive number).
fn env_flag(flag: &mut c_int, value: Option<&str>) {
    if let Some(v) = value {
        let n = v
            .trim()
            .parse::<c_int>()
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or(1);
        if *flag < n {
            *flag = n;
        }
    }
}

fn xoption<'a>(xoptions: &'a [String], name: &str) -> Option<Option<&'a str>> {
    xoptions.iter().rev().find_map(|x| {
        if x == name {
            Some(None)
        } else {
            x.strip_prefix(name)
                .and_then(|r| r.strip_prefix('='))
                .map(Some)
        }
    })
}

/// Reads a configuration in place (`PyConfig_Read`): see the module comment.
pub fn read(config: *mut PyConfig) -> PyStatus {
    if config.is_null() {
        return status_error(c"PyConfig_Read".as_ptr(), c"NULL config".as_ptr());
    }
    // SAFETY: the caller passes an initialised PyConfig.
    unsafe {
        if (*config)._config_init == CONFIG_INIT_COMPAT {
            super::global_config::get_into(&mut *config);
        }
    }
    // SAFETY: as above.
    match unsafe { read_inner(&mut *config) } {
        Ok(()) => status_ok(),
        Err(st) => st,
    }
}

unsafe fn set(slot: *mut *mut wchar_t, s: &str) -> Result<(), PyStatus> {
    let st = set_wstr(slot, Some(s));
    if status_exception(&st) {
        Err(st)
    } else {
        Ok(())
    }
}

unsafe fn check(st: PyStatus) -> Result<(), PyStatus> {
    if status_exception(&st) {
        Err(st)
    } else {
        Ok(())
    }
}

unsafe fn get(p: *const wchar_t) -> Option<String> {
    wstr_to_string(p)
}

unsafe fn read_inner(c: &mut PyConfig) -> Result<(), PyStatus> {
    if c._config_init == 0 {
        return Err(status_error(
            c"_PyConfig_Read".as_ptr(),
            c"config not initialized".as_ptr(),
        ));
    }
    let rt = crate::lifecycle::pyruntime::runtime();
    if (*rt).preinitialized == 0 {
        let mut pre = preconfig_compat();
        if c._config_init == CONFIG_INIT_ISOLATED {
            preconfig_init_isolated(&mut pre);
        } else {
            preconfig_init_python(&mut pre);
        }
        pre.parse_argv = (c.parse_argv > 0) as c_int;
        pre.isolated = c.isolated;
        pre.use_environment = c.use_environment;
        let args = list_to_vec(&c.argv);
        check(pre_initialize(&pre, Some(&args)))?;
    }
    let pre = (*rt).preconfig;
    // Py_SetProgramName / Py_SetPythonHome fill what the configuration leaves unset.
    let (g_program, g_home) = pathconfig::global_names();
    if c.program_name.is_null() {
        if let Some(p) = g_program {
            set(&mut c.program_name, &p)?;
        }
    }
    if c.home.is_null() {
        if let Some(h) = g_home {
            set(&mut c.home, &h)?;
        }
    }

    // orig_argv: the command line as given.
    if c.orig_argv.length == 0 && c.argv.length > 0 {
        check(list_copy(&mut c.orig_argv, &c.argv))?;
    }

    // The command line.
    let mut warn_cmdline: Vec<String> = Vec::new();
    let mut xoptions = list_to_vec(&c.xoptions);
    if c.parse_argv == 1 {
        let args = list_to_vec(&c.argv);
        let program = args.first().cloned().unwrap_or_default();
        match cmdline::parse(
            &program,
            args.get(1..).unwrap_or(&[]),
            crate::lifecycle::main::FULL_VERSION,
        ) {
            CommandLine::Print(text) => {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
                return Err(status_exit(0));
            }
            CommandLine::UsageError(text) => {
                use std::io::Write;
                let _ = std::io::stderr().write_all(text.as_bytes());
                return Err(status_exit(2));
            }
            CommandLine::Run {
                options: o,
                target,
                argv,
            } => {
                if o.bytes_warning > 0 {
                    c.bytes_warning = c.bytes_warning.max(0) + o.bytes_warning as c_int;
                }
                if o.dont_write_bytecode {
                    c.write_bytecode = 0;
                }
                if o.parser_debug > 0 {
                    c.parser_debug = c.parser_debug.max(0) + o.parser_debug as c_int;
                }
                if o.ignore_environment {
                    c.use_environment = 0;
                }
                if o.inspect {
                    c.inspect = c.inspect.max(0) + 1;
                    c.interactive = c.interactive.max(0) + 1;
                }
                if o.isolated {
                    c.isolated = 1;
                }
                if o.optimize > 0 {
                    c.optimization_level = c.optimization_level.max(0) + o.optimize as c_int;
                }
                if o.safe_path {
                    c.safe_path = 1;
                }
                if o.quiet {
                    c.quiet = c.quiet.max(0) + 1;
                }
                if o.no_user_site {
                    c.user_site_directory = 0;
                }
                if o.no_site {
                    c.site_import = 0;
                }
                if o.unbuffered {
                    c.buffered_stdio = 0;
                }
                if o.verbose > 0 {
                    c.verbose = c.verbose.max(0) + o.verbose as c_int;
                }
                if o.skip_first_line {
                    c.skip_source_first_line = 1;
                }
                if let Some(mode) = &o.check_hash_pycs_mode {
                    set(&mut c.check_hash_pycs_mode, mode)?;
                }
                warn_cmdline = o.warn_options.clone();
                xoptions.extend(o.x_options.iter().cloned());
                match target {
                    RunTarget::Command(cmd) => set(&mut c.run_command, &format!("{cmd}\n"))?,
                    RunTarget::Module(m) => set(&mut c.run_module, &m)?,
                    // `config_run_filename_abspath`: the script's path is made absolute
                    // (cwd + path, not normalized; kept relative when cwd is unknown).
                    RunTarget::File(f) => {
                        let abs = if f.starts_with('/') {
                            f.clone()
                        } else {
                            match std::env::current_dir() {
                                Ok(d) => format!("{}/{f}", d.to_string_lossy()),
                                Err(_) => f.clone(),
                            }
                        };
                        set(&mut c.run_filename, &abs)?
                    }
                    RunTarget::Stdin => {}
                }
                if c.program_name.is_null() && !program.is_empty() {
                    set(&mut c.program_name, &program)?;
                }
                check(list_set(&mut c.argv, &argv))?;
                check(list_set(&mut c.xoptions, &xoptions))?;
            }
        }
        c.parse_argv = 2;
    }
    // PySys_AddXOption calls made before start-up.
    let pre_x = crate::modules::sysmodule::preinit_options().1;
    if !pre_x.is_empty() {
        xoptions.extend(pre_x);
        check(list_set(&mut c.xoptions, &xoptions))?;
    }
    if c.argv.length == 0 {
        check(list_set(&mut c.argv, &[String::new()]))?;
    }

    // Isolation and the environment.
    if c.isolated < 0 {
        c.isolated = pre.isolated.max(0);
    }
    if c.isolated > 0 {
        c.use_environment = 0;
        c.user_site_directory = 0;
        c.safe_path = 1;
    }
    if c.use_environment < 0 {
        c.use_environment = pre
            .use_environment
            .max(0)
            .min(1)
            .max((pre.use_environment != 0) as c_int);
    }
    let use_env = c.use_environment > 0;
    let env = |name: &str| -> Option<String> {
        if use_env {
            std::env::var_os(name)
                .map(|v| {
                    use std::os::unix::ffi::OsStrExt;
                    String::from_utf8_lossy(v.as_bytes()).into_owned()
                })
                .filter(|v| !v.is_empty())
        } else {
            None
        }
    };
    if c.dev_mode < 0 {
        c.dev_mode = pre.dev_mode.max(0);
    }
    if xoption(&xoptions, "dev").is_some() {
        c.dev_mode = 1;
    }

    env_flag(&mut c.parser_debug, env("PYTHONDEBUG").as_deref());
    env_flag(&mut c.verbose, env("PYTHONVERBOSE").as_deref());
    env_flag(&mut c.optimization_level, env("PYTHONOPTIMIZE").as_deref());
    if c.inspect <= 0 {
        env_flag(&mut c.inspect, env("PYTHONINSPECT").as_deref());
    }
    if env("PYTHONDONTWRITEBYTECODE").is_some() {
        c.write_bytecode = 0;
    }
    if env("PYTHONNOUSERSITE").is_some() {
        c.user_site_directory = 0;
    }
    if env("PYTHONUNBUFFERED").is_some() {
        c.buffered_stdio = 0;
    }
    if env("PYTHONSAFEPATH").is_some() {
        c.safe_path = 1;
    }
    if c.pycache_prefix.is_null() {
        if let Some(Some(v)) = xoption(&xoptions, "pycache_prefix") {
            set(&mut c.pycache_prefix, v)?;
        } else if let Some(v) = env("PYTHONPYCACHEPREFIX") {
            set(&mut c.pycache_prefix, &v)?;
        }
    }
    if c.pythonpath_env.is_null() {
        if let Some(v) = env("PYTHONPATH") {
            set(&mut c.pythonpath_env, &v)?;
        }
    }
    if c.home.is_null() {
        if let Some(v) = env("PYTHONHOME") {
            set(&mut c.home, &v)?;
        }
    }
    if c.platlibdir.is_null() {
        let v =
            env("PYTHONPLATLIBDIR").unwrap_or_else(|| pathconfig::DEFAULT_PLATLIBDIR.to_string());
        set(&mut c.platlibdir, &v)?;
    }
    if c.use_hash_seed < 0 {
        match env("PYTHONHASHSEED").map(|v| crate::pyhash::parse_seed(&v)) {
            Some(Err(msg)) => return Err(status_error_string(c"config_init_hash_seed", msg)),
            Some(Ok(crate::pyhash::HashSeed::Fixed(n))) => {
                c.use_hash_seed = 1;
                c.hash_seed = n as _;
            }
            _ => {
                c.use_hash_seed = 0;
                c.hash_seed = 0;
            }
        }
    }
    if c.faulthandler < 0 {
        c.faulthandler = (xoption(&xoptions, "faulthandler").is_some()
            || env("PYTHONFAULTHANDLER").is_some()) as c_int;
    }
    if c.tracemalloc < 0 {
        c.tracemalloc = 0;
        if let Some(v) = env("PYTHONTRACEMALLOC") {
            match v.parse::<c_int>() {
                Ok(n) if (1..=65535).contains(&n) => c.tracemalloc = n,
                _ => {
                    return Err(status_error(
                        null(),
                        c"PYTHONTRACEMALLOC: invalid number of frames".as_ptr(),
                    ))
                }
            }
        }
        if let Some(v) = xoption(&xoptions, "tracemalloc") {
            c.tracemalloc = match v {
                None => 1,
                Some(n) => match n.parse::<c_int>() {
                    Ok(n) if (1..=65535).contains(&n) => n,
                    _ => {
                        return Err(status_error(
                            null(),
                            c"-X tracemalloc=NFRAME: invalid number of frames".as_ptr(),
                        ))
                    }
                },
            };
        }
    }
    if xoption(&xoptions, "importtime").is_some() || env("PYTHONPROFILEIMPORTTIME").is_some() {
        c.import_time = 1;
    }
    if xoption(&xoptions, "no_debug_ranges").is_some() || env("PYTHONNODEBUGRANGES").is_some() {
        c.code_debug_ranges = 0;
    }
    if xoption(&xoptions, "warn_default_encoding").is_some()
        || env("PYTHONWARNDEFAULTENCODING").is_some()
    {
        c.warn_default_encoding = 1;
    }
    match xoption(&xoptions, "frozen_modules") {
        Some(Some("on")) => c.use_frozen_modules = 1,
        Some(Some("off")) => c.use_frozen_modules = 0,
        Some(_) => {
            return Err(status_error(
                null(),
                c"bad value for option -X frozen_modules (expected \"on\" or \"off\")".as_ptr(),
            ))
        }
        None => {}
    }
    // -X int_max_str_digits / PYTHONINTMAXSTRDIGITS: 0 or >= 640.
    let digits_ok = |n: &str| n.parse::<c_int>().ok().filter(|&n| n == 0 || n >= 640);
    let mut maxdigits = -1;
    if let Some(v) = env("PYTHONINTMAXSTRDIGITS") {
        maxdigits = digits_ok(&v).ok_or_else(|| {
            status_error(
                null(),
                c"PYTHONINTMAXSTRDIGITS: invalid limit; must be >= 640 or 0 for unlimited."
                    .as_ptr(),
            )
        })?;
    }
    if let Some(v) = xoption(&xoptions, "int_max_str_digits") {
        maxdigits = v.and_then(digits_ok).ok_or_else(|| {
            status_error(
                null(),
                c"-X int_max_str_digits: invalid limit; must be >= 640 or 0 for unlimited."
                    .as_ptr(),
            )
        })?;
    }
    INT_MAX_STR_DIGITS.store(maxdigits, Ordering::Relaxed);

    // Remaining defaults.
    for (field, default) in [
        (&mut c.site_import, 1),
        (&mut c.bytes_warning, 0),
        (&mut c.inspect, 0),
        (&mut c.interactive, 0),
        (&mut c.optimization_level, 0),
        (&mut c.parser_debug, 0),
        (&mut c.write_bytecode, 1),
        (&mut c.verbose, 0),
        (&mut c.quiet, 0),
        (&mut c.user_site_directory, 1),
        (&mut c.buffered_stdio, 1),
        (&mut c.pathconfig_warnings, 1),
        (&mut c.faulthandler, 0),
        (&mut c.use_hash_seed, 0),
    ] {
        if *field < 0 {
            *field = default;
        }
    }
    if c.dev_mode > 0 && c.faulthandler == 0 {
        c.faulthandler = 1;
    }
    if c.check_hash_pycs_mode.is_null() {
        set(&mut c.check_hash_pycs_mode, "default")?;
    }

    // Encodings: UTF-8 file system encoding (POSIX, 3.11), stdio from PYTHONIOENCODING or the
    // locale; surrogateescape in the C/POSIX and C.UTF-8 locales and in UTF-8 mode.
    if c.filesystem_encoding.is_null() {
        set(&mut c.filesystem_encoding, "utf-8")?;
    }
    if c.filesystem_errors.is_null() {
        set(&mut c.filesystem_errors, "surrogateescape")?;
    }
    if c.stdio_encoding.is_null() || c.stdio_errors.is_null() {
        let (mut enc, mut errs) = (None::<String>, None::<String>);
        if let Some(v) = env("PYTHONIOENCODING") {
            let (e, r) = match v.split_once(':') {
                Some((e, r)) => (e.to_string(), r.to_string()),
                None => (v.clone(), String::new()),
            };
            if !e.is_empty() {
                enc = Some(e);
            }
            if !r.is_empty() {
                errs = Some(r);
            }
        }
        let enc = enc.unwrap_or_else(|| locale_encoding(pre.utf8_mode > 0));
        let errs = errs.unwrap_or_else(|| stdio_errors_for_locale(pre.utf8_mode > 0).to_string());
        if c.stdio_encoding.is_null() {
            set(&mut c.stdio_encoding, &enc)?;
        }
        if c.stdio_errors.is_null() {
            set(&mut c.stdio_errors, &errs)?;
        }
    }

    // Warning options, lowest priority first: dev mode, PYTHONWARNINGS, -W, -b.
    if c.parse_argv != 0 || c.warnoptions.length == 0 {
        let mut warnings = list_to_vec(&c.warnoptions);
        let mut pre_opts = Vec::new();
        if c.dev_mode > 0 {
            pre_opts.push("default".to_string());
        }
        if let Some(v) = env("PYTHONWARNINGS") {
            pre_opts.extend(
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        }
        pre_opts.extend(warn_cmdline);
        // PySys_AddWarnOption calls made before start-up come after -W, as in CPython.
        pre_opts.extend(crate::modules::sysmodule::preinit_options().0);
        if c.bytes_warning > 1 {
            pre_opts.push("error::BytesWarning".into());
        } else if c.bytes_warning == 1 {
            pre_opts.push("default::BytesWarning".into());
        }
        pre_opts.retain(|o| !warnings.contains(o));
        pre_opts.append(&mut warnings);
        check(list_set(&mut c.warnoptions, &pre_opts))?;
    }

    // Paths.
    let program = get(c.program_name)
        .or_else(|| list_to_vec(&c.orig_argv).into_iter().next())
        .unwrap_or_default();
    let inputs = pathconfig::PathInputs {
        program_name: program,
        executable: get(c.executable).unwrap_or_default(),
        base_executable: get(c.base_executable).unwrap_or_default(),
        home: get(c.home).unwrap_or_default(),
        prefix: get(c.prefix).unwrap_or_default(),
        exec_prefix: get(c.exec_prefix).unwrap_or_default(),
        base_prefix: get(c.base_prefix).unwrap_or_default(),
        base_exec_prefix: get(c.base_exec_prefix).unwrap_or_default(),
        platlibdir: get(c.platlibdir).unwrap_or_default(),
        stdlib_dir: get(c.stdlib_dir).unwrap_or_default(),
        pythonpath_env: if use_env { get(c.pythonpath_env) } else { None },
        module_search_paths: (c.module_search_paths_set != 0)
            .then(|| list_to_vec(&c.module_search_paths)),
        py_setpath: pathconfig::global_path(),
        env_path: std::env::var("PATH").ok(),
        env_pythonexecutable: None,
        cwd: pathconfig::current_dir(),
        warnings: c.pathconfig_warnings > 0,
    };
    let out = pathconfig::compute(&inputs);
    if c.pathconfig_warnings > 0 {
        for w in &out.warnings {
            eprintln!("{w}");
        }
    }
    set(&mut c.program_name, &out.program_name)?;
    if !out.home.is_empty() {
        set(&mut c.home, &out.home)?;
    }
    set(&mut c.executable, &out.executable)?;
    set(&mut c.base_executable, &out.base_executable)?;
    set(&mut c.prefix, &out.prefix)?;
    set(&mut c.exec_prefix, &out.exec_prefix)?;
    set(&mut c.base_prefix, &out.base_prefix)?;
    set(&mut c.base_exec_prefix, &out.base_exec_prefix)?;
    set(&mut c.platlibdir, &out.platlibdir)?;
    set(&mut c.stdlib_dir, &out.stdlib_dir)?;
    if c.module_search_paths_set == 0 || out.pth_isolated {
        check(list_set(
            &mut c.module_search_paths,
            &out.module_search_paths,
        ))?;
        c.module_search_paths_set = 1;
    }
    if out.pth_isolated {
        c.isolated = 1;
        c.use_environment = 0;
        c.site_import = out.pth_site_import as c_int;
        c.safe_path = 1;
    }
    Ok(())
}

/// The locale's encoding name as Python spells it ("utf-8" in UTF-8 mode or a UTF-8 locale).
fn locale_encoding(utf8_mode: bool) -> String {
    if utf8_mode {
        return "utf-8".into();
    }
    // SAFETY: nl_langinfo returns a static NUL-terminated string.
    let codeset = unsafe {
        libc::setlocale(libc::LC_CTYPE, c"".as_ptr());
        let p = libc::nl_langinfo(libc::CODESET);
        if p.is_null() {
            String::new()
        } else {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    };
    match codeset.to_ascii_lowercase().as_str() {
        "" | "ansi_x3.4-1968" | "ascii" => "utf-8".into(), // the C locale is coerced to UTF-8
        "utf-8" | "utf8" => "utf-8".into(),
        other => other.to_string(),
    }
}

/// `config_get_stdio_errors`.
fn stdio_errors_for_locale(utf8_mode: bool) -> &'static str {
    if utf8_mode {
        return "surrogateescape";
    }
    // SAFETY: querying the current LC_CTYPE name.
    let loc = unsafe {
        let p = libc::setlocale(libc::LC_CTYPE, null());
        if p.is_null() {
            return "strict";
        }
        CStr::from_ptr(p).to_string_lossy().into_owned()
    };
    if loc == "C" || loc == "POSIX" || matches!(loc.as_str(), "C.UTF-8" | "C.utf8" | "UTF-8") {
        "surrogateescape"
    } else {
        "strict"
    }
}

/// A configuration for `Py_BytesMain(argv)`: the Python configuration with `argv` parsed and
/// read. `Err` is an exit (help/version printed: 0; usage error printed: 2) or an error.
pub fn from_argv(argv: &[String]) -> Result<PyConfig, PyStatus> {
    let mut c = zeroed_config();
    init_python_config(&mut c);
    // SAFETY: `c` is initialised; every string is copied.
    unsafe {
        let st = list_set(&mut c.argv, argv);
        if status_exception(&st) {
            clear(&mut c);
            return Err(st);
        }
    }
    let st = read(&mut c);
    if status_exception(&st) {
        // SAFETY: as above.
        unsafe { clear(&mut c) };
        return Err(st);
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// What python3.11 prints for `code` run with `args` (environment: PYTHON* removed, then
    /// `env` added).
    fn oracle(args: &[&str], env: &[(&str, &str)], code: &str) -> Vec<String> {
        let mut cmd = Command::new("python3.11");
        for (k, _) in std::env::vars() {
            if k.starts_with("PYTHON") {
                cmd.env_remove(k);
            }
        }
        cmd.envs(env.iter().copied());
        let out = cmd
            .args(args)
            .arg("-c")
            .arg(code)
            .output()
            .expect("python3.11 is the oracle");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn read_argv(argv: &[&str]) -> PyConfig {
        let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        from_argv(&argv)
            .unwrap_or_else(|st| panic!("read failed: exit={} type={}", st.exitcode, st._type))
    }

    const FLAGS: &str = "import sys; f=sys.flags; print([f.debug,f.inspect,f.interactive,f.optimize,f.dont_write_bytecode,f.no_user_site,f.no_site,f.ignore_environment,f.verbose,f.bytes_warning,f.quiet,f.isolated,int(f.safe_path)]); print(sys.warnoptions); print(sys.orig_argv[1:]); print(sys.path[0 if sys.flags.safe_path else 1:])";

    fn ours(c: &PyConfig) -> Vec<String> {
        let flags = [
            c.parser_debug,
            c.inspect,
            c.interactive,
            c.optimization_level,
            (c.write_bytecode == 0) as c_int,
            (c.user_site_directory == 0) as c_int,
            (c.site_import == 0) as c_int,
            (c.use_environment == 0) as c_int,
            c.verbose,
            c.bytes_warning,
            c.quiet,
            c.isolated,
            c.safe_path,
        ];
        let q = |v: Vec<String>| {
            format!(
                "[{}]",
                v.iter()
                    .map(|s| format!("'{s}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        // SAFETY: `c` was read by from_argv.
        unsafe {
            vec![
                format!("{:?}", flags).replace(' ', "").replace(',', ", "),
                q(list_to_vec(&c.warnoptions)),
                q(list_to_vec(&c.orig_argv)[1..].to_vec()),
                q(list_to_vec(&c.module_search_paths)),
            ]
        }
    }

    #[test]
    fn command_lines_match_cpython() {
        let _runtime = crate::testing::hold_runtime();
        let exe = oracle(&["-S", "-E"], &[], "import sys; print(sys.executable)").remove(0);
        for args in [
            vec!["-S", "-E", "-c"],
            vec!["-S", "-I", "-b", "-O", "-c"],
            vec![
                "-S",
                "-E",
                "-s",
                "-B",
                "-bb",
                "-OO",
                "-Wdefault",
                "-W",
                "error::DeprecationWarning",
                "-q",
                "-v",
                "-c",
            ],
            vec!["-SE", "-d", "-i", "-x", "-P", "-c"],
        ] {
            let want = oracle(
                &args[..args.len() - 1],
                &[],
                &format!("{FLAGS}\nimport sys; sys.stdout.flush()"),
            );
            let mut argv = vec![exe.as_str()];
            argv.extend(&args);
            argv.push("pass");
            let mut c = read_argv(&argv);
            let got = ours(&c);
            // The oracle's command is its own -c text; compare what precedes it.
            assert_eq!(got[0], want[0], "flags for {args:?}");
            assert_eq!(got[1], want[1], "warnoptions for {args:?}");
            assert_eq!(got[3], want[3], "sys.path for {args:?}");
            // SAFETY: reading the run_command string of a read config.
            unsafe {
                assert_eq!(wstr_to_string(c.run_command).as_deref(), Some("pass\n"));
                let argv_out = list_to_vec(&c.argv);
                assert_eq!(argv_out, ["-c"]);
                clear(&mut c);
            }
        }
    }

    #[test]
    fn targets_and_argv() {
        let _runtime = crate::testing::hold_runtime();
        let mut c = read_argv(&["python3.11", "-m", "json.tool", "x", "-v"]);
        // SAFETY: fields of a read config.
        unsafe {
            assert_eq!(wstr_to_string(c.run_module).as_deref(), Some("json.tool"));
            assert_eq!(list_to_vec(&c.argv), ["-m", "x", "-v"]);
            assert_eq!(c.verbose, 0);
            clear(&mut c);
        }
        let mut c = read_argv(&["python3.11", "script.py", "-c", "z"]);
        // SAFETY: as above.
        unsafe {
            let cwd = std::env::current_dir().unwrap();
            assert_eq!(
                wstr_to_string(c.run_filename),
                Some(format!("{}/script.py", cwd.to_string_lossy()))
            );
            assert_eq!(list_to_vec(&c.argv), ["script.py", "-c", "z"]);
            assert_eq!(
                list_to_vec(&c.orig_argv),
                ["python3.11", "script.py", "-c", "z"]
            );
            clear(&mut c);
        }
        let mut c = read_argv(&["python3.11", "-X", "dev", "-X", "a=b", "-c", ""]);
        // SAFETY: as above.
        unsafe {
            assert_eq!(list_to_vec(&c.xoptions), ["dev", "a=b"]);
            assert_eq!(c.dev_mode, 1);
            assert_eq!(c.faulthandler, 1);
            assert_eq!(list_to_vec(&c.warnoptions)[0], "default");
            clear(&mut c);
        }
        let st = from_argv(&["python3.11".into(), "-z".into()])
            .err()
            .unwrap();
        assert!(status_is_exit(&st) && st.exitcode == 2);
        let st = from_argv(&[
            "python3.11".into(),
            "-X".into(),
            "int_max_str_digits=5".into(),
            "-c".into(),
            "".into(),
        ])
        .err()
        .unwrap();
        assert!(status_is_error(&st));
    }

    #[test]
    fn wide_string_lists_and_strings() {
        let _runtime = crate::testing::hold_runtime();
        let mut list = PyWideStringList {
            length: 0,
            items: null_mut(),
        };
        // SAFETY: the list is owned here; strings are NUL-terminated.
        unsafe {
            let a = raw_wstr("a");
            let b = raw_wstr("bé");
            assert!(!status_exception(&list_append(&mut list, a)));
            assert!(!status_exception(&list_insert(&mut list, 0, b)));
            assert!(!status_exception(&list_insert(&mut list, 99, a)));
            assert_eq!(list_to_vec(&list), ["bé", "a", "a"]);
            assert!(status_is_error(&list_insert(&mut list, -1, a)));
            raw_free(a.cast());
            raw_free(b.cast());
            list_clear(&mut list);
        }
        assert_eq!(list.length, 0);
        assert_eq!(decode_bytes(b"a\xffb"), [b'a' as u32, 0xDCFF, b'b' as u32]);
        let mut c = zeroed_config();
        init_isolated_config(&mut c);
        assert_eq!(
            (c.isolated, c.use_environment, c.safe_path, c._config_init),
            (1, 0, 1, CONFIG_INIT_ISOLATED)
        );
        // SAFETY: `c` is initialised; the argv pointers are valid C strings.
        unsafe {
            let args = [c"prog".as_ptr(), c"-c".as_ptr(), c"pass".as_ptr()];
            assert!(!status_exception(&set_bytes_argv(&mut c, 3, args.as_ptr())));
            assert!(!status_exception(&set_bytes_string(
                &mut c.home,
                c"/h\xff".as_ptr()
            )));
            assert_eq!(wstr_units(c.home).last().copied(), Some(0xDCFF as wchar_t));
            let mut copy_ = zeroed_config();
            assert!(!status_exception(&copy(&mut copy_, &c)));
            assert_eq!(list_to_vec(&copy_.argv), ["prog", "-c", "pass"]);
            assert_ne!(copy_.home, c.home);
            clear(&mut copy_);
            clear(&mut c);
        }
    }
}
