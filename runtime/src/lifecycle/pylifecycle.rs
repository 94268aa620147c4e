//! Interpreter start-up and shutdown (CPython's Python/pylifecycle.c): `Py_Initialize*`,
//! `Py_InitializeFromConfig`, `Py_Finalize*`, `Py_IsInitialized`, `Py_AtExit`, `Py_Exit`.
//!
//! Start-up runs in CPython's order: the runtime state, main interpreter and thread state,
//! the built-in types ("core"); `sys` and `builtins`; the importlib bootstrap; then ("main")
//! `sys` gets the configuration, the path-based importers, `encodings`, signal handlers, the
//! standard streams, `__main__`, `builtins.open`, `warnings` (with -W) and `site` (unless -S).
//! Shutdown undoes it so that initialize/finalize can repeat in one process.

use crate::abi::initconfig::{PyConfig, PyStatus, _PyStatus_TYPE_ERROR, _PyStatus_TYPE_OK};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::lifecycle::pyruntime::runtime;
use crate::lifecycle::pystate;
use crate::objects::object::{self, Ref};
use crate::objects::{call, dictobject, moduleobject, unicodeobject};
use core::ffi::c_int;
use core::ptr::null_mut;
use std::sync::Mutex;

/// `Py_IsInitialized()`.
pub fn is_initialized() -> bool {
    // SAFETY: only a field of the static is read.
    unsafe { (*runtime()).initialized != 0 }
}

/// `_Py_IsCoreInitialized()`.
pub fn is_core_initialized() -> bool {
    // SAFETY: only a field of the static is read.
    unsafe { (*runtime()).core_initialized != 0 }
}

/// `_Py_IsFinalizing()`: true while `Py_FinalizeEx` runs.
pub fn is_finalizing() -> bool {
    // SAFETY: only an atomic field of the static is read.
    unsafe { (*runtime())._finalizing._value.load(core::sync::atomic::Ordering::Relaxed) != 0 }
}

/// `_Py_InitializeMain()`: the "main" phase after a core-only start-up (`_init_main = 0`).
pub fn initialize_main() -> PyStatus {
    if !is_core_initialized() {
        return InitError::new(c"_Py_InitializeMain", "runtime core not initialized").to_status();
    }
    // SAFETY: called by the thread that did the core start-up, holding the GIL.
    match unsafe { init_main() } {
        Ok(()) => status_ok(),
        Err(e) => e.to_status(),
    }
}

/// A start-up failure: where and why (becomes `PyStatus` / "Fatal Python error: ...").
#[derive(Debug)]
pub struct InitError {
    pub func: &'static CStrLit,
    pub msg: String,
}

/// A function name kept as a NUL-terminated static for `PyStatus.func`.
pub type CStrLit = core::ffi::CStr;

impl InitError {
    fn new(func: &'static CStrLit, msg: impl Into<String>) -> InitError {
        InitError { func, msg: msg.into() }
    }

    /// As a `PyStatus` error (the message is leaked: statuses are read after we return).
    pub fn to_status(&self) -> PyStatus {
        let msg = std::ffi::CString::new(self.msg.clone()).unwrap_or_default();
        PyStatus {
            _type: _PyStatus_TYPE_ERROR,
            func: self.func.as_ptr(),
            err_msg: Box::leak(msg.into_boxed_c_str()).as_ptr(),
            exitcode: -1,
        }
    }
}

/// Reports the pending Python exception (printed as CPython does at start-up) and returns
/// the status error `msg`.
unsafe fn failed(func: &'static CStrLit, msg: &str) -> InitError {
    if !errors::occurred().is_null() {
        crate::lifecycle::errdisplay::print_ex(false);
    }
    InitError::new(func, msg)
}

/// `PyStatus` success.
pub fn status_ok() -> PyStatus {
    PyStatus { _type: _PyStatus_TYPE_OK, func: core::ptr::null(), err_msg: core::ptr::null(), exitcode: 0 }
}

/// `Py_InitializeEx(install_sigs)`: the Python configuration from the environment (no command
/// line); a second call does nothing, as in CPython.
pub fn initialize() {
    initialize_ex(1);
}

/// `Py_InitializeEx(install_sigs)`.
pub fn initialize_ex(install_sigs: c_int) {
    if is_initialized() {
        return;
    }
    // SAFETY: the configuration is a local initialized by the config API before use.
    unsafe {
        let mut config: PyConfig = core::mem::zeroed();
        crate::lifecycle::initconfig::init_compat(&mut config);
        config.install_signal_handlers = install_sigs;
        let status = initialize_from_config(&config);
        crate::lifecycle::initconfig::clear(&mut config);
        if status._type != _PyStatus_TYPE_OK {
            exit_status_exception(status);
        }
    }
}

/// `Py_ExitStatusException(status)`: exit for an exit status, fatal error for an error.
pub unsafe fn exit_status_exception(status: PyStatus) -> ! {
    if status._type == crate::abi::initconfig::_PyStatus_TYPE_EXIT {
        libc::exit(status.exitcode);
    }
    let func = if status.func.is_null() {
        "Py_Initialize".to_string()
    } else {
        core::ffi::CStr::from_ptr(status.func).to_string_lossy().into_owned()
    };
    let msg = if status.err_msg.is_null() {
        Vec::new()
    } else {
        core::ffi::CStr::from_ptr(status.err_msg).to_bytes().to_vec()
    };
    crate::lifecycle::fatal::fatal_error(&func, &msg)
}

/// `Py_InitializeFromConfig(config)`: reads the configuration (path computation included) and
/// starts the interpreter.
///
/// # Safety
/// `config` is a live PyConfig initialized by PyConfig_Init*Config.
pub unsafe fn initialize_from_config(config: *const PyConfig) -> PyStatus {
    if is_initialized() {
        return status_ok();
    }
    match init_core(config).and_then(|()| {
        let interp = pystate::main_interpreter();
        if (*interp).config._init_main != 0 {
            init_main()
        } else {
            Ok(())
        }
    }) {
        Ok(()) => status_ok(),
        Err(e) => e.to_status(),
    }
}

/// The "core" phase: runtime, states, types, sys, builtins, importlib.
unsafe fn init_core(src_config: *const PyConfig) -> Result<(), InitError> {
    let rt = runtime();
    (*rt)._initialized = 1;
    // The configuration, read and completed (paths included), becomes the interpreter's.
    let mut config: PyConfig = core::mem::zeroed();
    let status = crate::lifecycle::initconfig::copy(&mut config, src_config);
    if status._type != _PyStatus_TYPE_OK {
        return Err(InitError::new(c"Py_InitializeFromConfig", "cannot copy the configuration"));
    }
    let status = crate::lifecycle::initconfig::read(&mut config);
    if status._type != _PyStatus_TYPE_OK {
        if status._type == crate::abi::initconfig::_PyStatus_TYPE_EXIT {
            libc::exit(status.exitcode);
        }
        crate::lifecycle::initconfig::clear(&mut config);
        let msg = if status.err_msg.is_null() {
            "invalid configuration".to_string()
        } else {
            core::ffi::CStr::from_ptr(status.err_msg).to_string_lossy().into_owned()
        };
        return Err(InitError::new(c"Py_InitializeFromConfig", msg));
    }
    // The hash secret before the first str is hashed (`config_init_hash_seed`).
    let seed = if config.use_hash_seed != 0 {
        crate::pyhash::HashSeed::Fixed(config.hash_seed as u32)
    } else {
        match crate::pyhash::seed_from_env() {
            Ok(seed) => seed,
            Err(msg) => return Err(InitError::new(c"config_init_hash_seed", msg)),
        }
    };
    crate::pyhash::init_secret(seed);
    (*rt).preinitialized = 1;
    pystate::init_main_states();
    crate::objects::init_types();
    let interp = pystate::main_interpreter();
    crate::lifecycle::global_config::set_from(&config);
    (*interp).config = config;
    crate::objects::longobject::init_int_max_str_digits(interp, crate::lifecycle::initconfig::int_max_str_digits());
    (*interp).dlopenflags = libc::RTLD_NOW;
    (*rt).core_initialized = 1;

    init_sys_and_builtins().map_err(|_| unsafe { failed(c"pycore_init_builtins", "can't initialize sys and builtins") })?;
    if (*interp).config._install_importlib != 0 {
        let sysmod = (*interp).sysdict;
        let sys = crate::lifecycle::import::get_module(unicodeobject::intern_str("sys"))
            .ok()
            .flatten()
            .map(|m| m.as_ptr())
            .unwrap_or(sysmod);
        crate::lifecycle::import::init_importlib(sys)
            .map_err(|_| unsafe { failed(c"init_importlib", "failed to initialize importlib") })?;
    }
    (*rt).initialized = 1;
    Ok(())
}

/// `_PySys_Create` + `pycore_init_builtins`: `interp->modules`, `sys`, `builtins`, both
/// recorded as already-initialized built-in modules.
unsafe fn init_sys_and_builtins() -> PyResult<()> {
    let interp = pystate::main_interpreter();
    if (*interp).modules.is_null() {
        (*interp).modules = dictobject::new()?.into_raw();
    }
    let sys = crate::modules::sysmodule::create()?;
    let builtins = crate::modules::bltinmodule::create()?;
    let bdict = moduleobject::get_dict(builtins.as_ptr())?;
    object::replace_slot(&raw mut (*interp).builtins, object::new_ref(bdict).into_raw());
    let copy = dictobject::copy(bdict)?;
    object::replace_slot(&raw mut (*interp).builtins_copy, copy.into_raw());
    let modules = (*interp).modules;
    let sys_name = unicodeobject::intern_str("sys");
    let builtins_name = unicodeobject::intern_str("builtins");
    // `_PySys_SetPreliminaryStderr`: until io makes the real streams, errors (and -v's
    // messages) go to fd 2 through the std printer.
    let pe = crate::objects::fileobject::new_std_printer(2);
    if !pe.is_null() {
        let pe = Ref::from_raw(pe);
        crate::modules::sysmodule::set_object("stderr", pe.as_ptr())?;
        crate::modules::sysmodule::set_object("__stderr__", pe.as_ptr())?;
    } else {
        errors::clear();
    }
    crate::lifecycle::import::fixup_extension(sys.as_ptr(), sys_name, sys_name, modules)?;
    crate::lifecycle::import::fixup_extension(builtins.as_ptr(), builtins_name, builtins_name, modules)?;
    // The interpreter-wide callables the specializer compares against (callable_cache).
    for (slot, name) in [
        (&raw mut (*interp).callable_cache.isinstance, "isinstance"),
        (&raw mut (*interp).callable_cache.len, "len"),
    ] {
        if let Some(f) = dictobject::get_item_str(bdict, name)? {
            object::replace_slot(slot, object::new_ref(f).into_raw());
        }
    }
    let list_append = crate::objects::object::get_attr_str(
        (&raw mut crate::objects::listobject::PyList_Type).cast(),
        "append",
    )?;
    object::replace_slot(&raw mut (*interp).callable_cache.list_append, list_append.into_raw());
    Ok(())
}

/// `_Py_InitializeMain` / `init_interp_main`.
unsafe fn init_main() -> Result<(), InitError> {
    let interp = pystate::main_interpreter();
    let config = &raw const (*interp).config;
    crate::modules::sysmodule::update_config(config)
        .map_err(|_| unsafe { failed(c"init_interp_main", "failed to update the Python config") })?;
    if (*config)._install_importlib == 0 {
        return Ok(());
    }
    crate::lifecycle::import::init_importlib_external()
        .map_err(|_| unsafe { failed(c"init_importlib_external", "external importer setup failed") })?;
    // `_PyUnicode_InitEncodings`: the codec machinery for the file system and stdio encodings.
    crate::codecs::registry::lookup("utf-8")
        .map_err(|_| unsafe { failed(c"init_fs_encoding", "failed to get the Python codec of the filesystem encoding") })?;
    if (*config).install_signal_handlers != 0 {
        crate::modules::signalmodule::install_default_handlers()
            .map_err(|_| unsafe { failed(c"init_signals", "can't initialize signals") })?;
    }
    init_sys_streams().map_err(|_| unsafe { failed(c"init_sys_streams", "can't initialize sys standard streams") })?;
    if (*config).faulthandler > 0 {
        crate::modules::faulthandler::init_from_config()
            .map_err(|_| unsafe { failed(c"_PyFaulthandler_Init", "failed to enable the fault handler") })?;
    }
    add_main_module().map_err(|_| unsafe { failed(c"add_main_module", "can't initialize __main__") })?;
    set_builtins_open().map_err(|_| unsafe { failed(c"init_set_builtins_open", "can't initialize io.open") })?;
    // `init_warnoptions`: the warnings module applies -W / PYTHONWARNINGS when there are any.
    let warnoptions = crate::modules::sysmodule::get_object("warnoptions");
    if !warnoptions.is_null() && crate::objects::listobject::check(warnoptions) && crate::objects::listobject::len(warnoptions) > 0 {
        match crate::lifecycle::import::import_module("warnings") {
            Ok(_) => {}
            Err(_) => {
                crate::errors::write_unraisable_msg(Some("Exception ignored when trying to import warnings"), null_mut());
            }
        }
    }
    let rt = runtime();
    (*rt).initialized = 1;
    if (*config).site_import != 0 {
        crate::lifecycle::import::import_module("site")
            .map_err(|_| unsafe { failed(c"init_import_site", "Failed to import the site module") })?;
    }
    Ok(())
}

/// A configuration wide string as Rust text (NULL -> None).
unsafe fn wide(p: *const libc::wchar_t) -> Option<String> {
    crate::lifecycle::pythonrun::wide(p)
}

/// `create_stdio`: `io.open(fd, mode, buffering, closefd=False)` wrapped in a TextIOWrapper
/// with the configured encoding and errors; None when the descriptor is not open.
unsafe fn create_stdio(io: *mut PyObject, fd: c_int, write: bool, name: &str, encoding: &str, errors_: &str) -> PyResult<Ref> {
    if libc::fcntl(fd, libc::F_GETFD) < 0 {
        return Ok(object::new_none());
    }
    let config = &(*pystate::main_interpreter()).config;
    let buffered_stdio = config.buffered_stdio != 0;
    let buffering = if buffered_stdio || !write { -1 } else { 0 };
    let mode = if write { "wb" } else { "rb" };
    let open = object::get_attr_str(io, "open")?;
    let fd_obj = crate::objects::longobject::from_i64(fd as i64)?;
    let mode_obj = unicodeobject::new_str(mode)?;
    let buffering_obj = crate::objects::longobject::from_i64(buffering)?;
    let f = crate::objects::boolobject::from_bool(false);
    let none = object::none();
    let buf = call::vectorcall(
        open.as_ptr(),
        &[fd_obj.as_ptr(), mode_obj.as_ptr(), buffering_obj.as_ptr(), none, none, none, f.as_ptr()],
        null_mut(),
    )?;
    let raw = if buffering != 0 { object::get_attr_str(buf.as_ptr(), "raw")? } else { buf.clone() };
    let name_obj = unicodeobject::new_str(name)?;
    object::set_attr_str(raw.as_ptr(), "name", name_obj.as_ptr())?;
    let isatty = call::call_method_str(raw.as_ptr(), "isatty", &[])?;
    let isatty = object::is_true(isatty.as_ptr())?;
    let line_buffering = buffered_stdio && (isatty || fd == 2);
    let write_through = !buffered_stdio;
    let wrapper = object::get_attr_str(io, "TextIOWrapper")?;
    let enc = unicodeobject::new_str(encoding)?;
    let errs = unicodeobject::new_str(errors_)?;
    let newline = unicodeobject::new_str("\n")?;
    let lb = crate::objects::boolobject::from_bool(line_buffering);
    let wt = crate::objects::boolobject::from_bool(write_through);
    let stream = call::vectorcall(
        wrapper.as_ptr(),
        &[buf.as_ptr(), enc.as_ptr(), errs.as_ptr(), newline.as_ptr(), lb.as_ptr(), wt.as_ptr()],
        null_mut(),
    )?;
    let mode_text = unicodeobject::new_str(if write { "w" } else { "r" })?;
    object::set_attr_str(stream.as_ptr(), "mode", mode_text.as_ptr())?;
    Ok(stream)
}

/// `init_sys_streams`: sys.stdin/stdout/stderr and their `__std*__` copies.
unsafe fn init_sys_streams() -> PyResult<()> {
    let config = &(*pystate::main_interpreter()).config;
    let encoding = wide(config.stdio_encoding).unwrap_or_else(|| "utf-8".to_string());
    let errors_ = wide(config.stdio_errors).unwrap_or_else(|| "strict".to_string());
    let io = crate::lifecycle::import::import_module("io")?;
    let streams = [
        (0, false, "<stdin>", "stdin", "__stdin__", errors_.as_str()),
        (1, true, "<stdout>", "stdout", "__stdout__", errors_.as_str()),
        (2, true, "<stderr>", "stderr", "__stderr__", "backslashreplace"),
    ];
    for (fd, write, name, attr, dunder, errs) in streams {
        let s = create_stdio(io.as_ptr(), fd, write, name, &encoding, errs)?;
        crate::modules::sysmodule::set_object(dunder, s.as_ptr())?;
        crate::modules::sysmodule::set_object(attr, s.as_ptr())?;
    }
    Ok(())
}

/// `add_main_module`: `__main__` with `__builtins__` and `__loader__` (BuiltinImporter).
unsafe fn add_main_module() -> PyResult<()> {
    let d = crate::lifecycle::pythonrun::main_dict()?;
    // `__main__.__annotations__` exists from the start, as CPython makes it.
    let ann = dictobject::new()?;
    dictobject::set_item_str(d, "__annotations__", ann.as_ptr())?;
    if dictobject::get_item_str(d, "__builtins__")?.is_none() {
        let b = crate::lifecycle::import::import_module("builtins")?;
        dictobject::set_item_str(d, "__builtins__", b.as_ptr())?;
    }
    let loader = dictobject::get_item_str(d, "__loader__")?;
    if loader.is_none() || loader == Some(object::none()) {
        let il = (*pystate::main_interpreter()).importlib;
        if !il.is_null() {
            let bi = object::get_attr_str(il, "BuiltinImporter")?;
            dictobject::set_item_str(d, "__loader__", bi.as_ptr())?;
        }
    }
    Ok(())
}

/// `init_set_builtins_open`: `builtins.open = io.open`.
unsafe fn set_builtins_open() -> PyResult<()> {
    let io = crate::lifecycle::import::import_module("io")?;
    let open = object::get_attr_str(io.as_ptr(), "open")?;
    let b = (*pystate::main_interpreter()).builtins;
    dictobject::set_item_str(b, "open", open.as_ptr())
}

// ---------------------------------------------------------------------------------------------
// Shutdown.

/// Functions registered with `Py_AtExit`, run last, in reverse order (at most 32, as CPython).
static C_ATEXIT: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// `Py_AtExit(func)`: 0 registered, -1 the table (32 entries) is full.
pub fn at_exit(func: extern "C" fn()) -> c_int {
    let mut v = C_ATEXIT.lock().unwrap_or_else(|e| e.into_inner());
    if v.len() >= 32 {
        return -1;
    }
    v.push(func as usize);
    0
}

fn call_ll_exitfuncs() {
    let funcs: Vec<usize> = std::mem::take(&mut *C_ATEXIT.lock().unwrap_or_else(|e| e.into_inner()));
    for f in funcs.into_iter().rev() {
        // SAFETY: only `extern "C" fn()` pointers are stored by `at_exit`.
        let f: extern "C" fn() = unsafe { core::mem::transmute::<usize, extern "C" fn()>(f) };
        f();
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

/// `flush_std_files`: flushes sys.stdout and sys.stderr; -1 when stdout's flush failed.
unsafe fn flush_std_files() -> c_int {
    let mut status = 0;
    for name in ["stdout", "stderr"] {
        let f = crate::modules::sysmodule::get_object(name);
        if f.is_null() || f == object::none() {
            continue;
        }
        let closed = object::get_attr_str(f, "closed").and_then(|c| object::is_true(c.as_ptr()));
        if matches!(closed, Ok(true)) {
            continue;
        }
        errors::clear();
        if call::call_method_str(f, "flush", &[]).is_err() {
            if name == "stdout" {
                crate::errors::write_unraisable(f);
                status = -1;
            } else {
                errors::clear();
            }
        }
    }
    status
}

/// `wait_for_thread_shutdown`: `threading._shutdown()` when threading was imported.
unsafe fn wait_for_thread_shutdown() {
    let name = unicodeobject::intern_str("threading");
    let threading = match crate::lifecycle::import::get_module(name) {
        Ok(Some(t)) => t,
        Ok(None) => return,
        Err(_) => {
            crate::errors::write_unraisable(null_mut());
            return;
        }
    };
    if call::call_method_str(threading.as_ptr(), "_shutdown", &[]).is_err() {
        crate::errors::write_unraisable(threading.as_ptr());
    }
}

/// `finalize_modules`, in outline: the sys attributes that keep things alive are reset, each
/// module's namespace is cleared (names starting with one underscore first, as
/// `_PyModule_Clear`), then sys.modules, and the collector runs between the steps.
unsafe fn finalize_modules() {
    let interp = pystate::main_interpreter();
    if (*interp).modules.is_null() {
        return;
    }
    errors::preserving(|| {
        for name in ["path", "argv", "ps1", "ps2", "last_type", "last_value", "last_traceback", "__interactivehook__", "meta_path", "path_importer_cache", "path_hooks"] {
            if !(*interp).sysdict.is_null() {
                let _ = dictobject::set_item_str((*interp).sysdict, name, object::none());
            }
        }
        for name in ["stdin", "stdout", "stderr"] {
            let dunder = format!("__{name}__");
            if !(*interp).sysdict.is_null() {
                if let Ok(Some(v)) = dictobject::get_item_str((*interp).sysdict, &dunder) {
                    let v = object::new_ref(v);
                    let _ = dictobject::set_item_str((*interp).sysdict, name, v.as_ptr());
                }
            }
        }
        errors::clear();
        let modules = (*interp).modules;
        // Modules in reverse import order, except sys and builtins (cleared last).
        let mut mods: Vec<Ref> = Vec::new();
        let mut pos = 0;
        while let Some((k, v)) = dictobject::next(modules, &mut pos) {
            if moduleobject::is_module(v) && !unicodeobject::eq_str(k, "sys") && !unicodeobject::eq_str(k, "builtins") {
                mods.push(object::new_ref(v));
            }
        }
        dictobject::clear(modules);
        crate::mem::gc::collect_no_fail();
        for m in mods.iter().rev() {
            clear_module_dict(m.as_ptr());
        }
        drop(mods);
        crate::mem::gc::collect_no_fail();
        errors::clear();
    });
}

/// `_PyModule_ClearDict`: values become None, names starting with a single underscore first,
/// `__builtins__` kept until the end.
unsafe fn clear_module_dict(m: *mut PyObject) {
    let Ok(d) = moduleobject::get_dict(m) else {
        errors::clear();
        return;
    };
    for pass in 0..2 {
        let mut keys = Vec::new();
        let mut pos = 0;
        while let Some((k, _)) = dictobject::next(d, &mut pos) {
            if !unicodeobject::is_str(k) {
                continue;
            }
            let text = unicodeobject::to_string_lossy(k);
            let single_underscore = text.starts_with('_') && !text.starts_with("__");
            let take = if pass == 0 { single_underscore } else { text != "__builtins__" };
            if take {
                keys.push(object::new_ref(k));
            }
        }
        for k in keys {
            if dictobject::set_item(d, k.as_ptr(), object::none()).is_err() {
                errors::clear();
            }
        }
    }
}

/// `Py_FinalizeEx()`: 0 on success, -1 when flushing sys.stdout failed (CPython's exit
/// status 120 comes from that). After it no thread state is current and
/// `Py_IsInitialized()` is false.
pub fn finalize() -> i32 {
    if !is_initialized() {
        return 0;
    }
    let mut status = 0;
    // SAFETY: shutdown runs on the thread holding the GIL; nothing uses the states afterwards.
    unsafe {
        let interp = pystate::main_interpreter();
        let python_up = !(*interp).modules.is_null();
        if python_up {
            wait_for_thread_shutdown();
            crate::modules::atexitmodule::run_callbacks();
            if flush_std_files() < 0 {
                status = -1;
            }
        }
        let rt = runtime();
        (*rt)._finalizing._value.store(pystate::current() as usize, core::sync::atomic::Ordering::Relaxed);
        (*rt).initialized = 0;
        (*rt).core_initialized = 0;
        if python_up {
            crate::modules::signalmodule::fini();
            crate::mem::gc::collect_no_fail();
            finalize_modules();
            if flush_std_files() < 0 {
                status = -1;
            }
            crate::lifecycle::import::fini();
            for slot in [
                &raw mut (*interp).modules,
                &raw mut (*interp).sysdict,
                &raw mut (*interp).builtins,
                &raw mut (*interp).builtins_copy,
                &raw mut (*interp).callable_cache.isinstance,
                &raw mut (*interp).callable_cache.len,
                &raw mut (*interp).callable_cache.list_append,
            ] {
                object::replace_slot(slot, null_mut());
            }
            crate::mem::gc::collect_no_fail();
        }
        // What the built-in modules and object files keep between initializations (codec
        // registry, io and warnings state, sys and builtins statics, function versions), then
        // the method cache, whose entries name types and attributes of this interpreter.
        crate::modules::fini_all();
        crate::objects::funcobject::fini();
        crate::objects::typeobject::clear_cache();
        crate::lifecycle::pathconfig::fini();
        crate::objects::unicodeobject::fini_ids(interp);
        crate::lifecycle::initconfig::clear(&raw mut (*interp).config);
        crate::getargs::fini_parsers();
        crate::objects::exceptions::clear_memerrors();
        crate::mem::gc::clear_free_lists();
        pystate::fini_main_states();
        (*rt)._finalizing._value.store(0, core::sync::atomic::Ordering::Relaxed);
    }
    call_ll_exitfuncs();
    status
}

/// `Py_Exit(status)`: finalizes (status 120 when that fails) and exits the process.
pub fn exit(status: c_int) -> ! {
    let status = if finalize() < 0 { 120 } else { status };
    // SAFETY: ends the process, as CPython's Py_Exit.
    unsafe { libc::exit(status) }
}

/// `Py_RunMain()`: runs the configured program, finalizes, returns the exit status.
pub fn run_main() -> c_int {
    // SAFETY: called by the thread that initialized the interpreter, holding the GIL.
    let mut status = unsafe { crate::lifecycle::pythonrun::run_main_program() };
    if finalize() < 0 {
        status = 120;
    }
    status
}
