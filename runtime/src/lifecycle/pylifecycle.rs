//! Interpreter start-up and shutdown (CPython's Python/pylifecycle.c): `Py_Initialize*`,
//! `Py_Finalize*`, `Py_IsInitialized`.
//!
//! Start-up today brings up what the object model needs: the runtime state, the main
//! interpreter and thread state, and the built-in types. Executing Python code (the import
//! system, `sys`, `builtins`) arrives with the eval loop.

use crate::lifecycle::pyruntime::runtime;
use crate::lifecycle::pystate;

/// `Py_IsInitialized()`.
pub fn is_initialized() -> bool {
    // SAFETY: only a field of the static is read.
    unsafe { (*runtime()).initialized != 0 }
}

/// `Py_InitializeEx(install_sigs)`: a second call does nothing, as in CPython.
pub fn initialize() {
    if is_initialized() {
        return;
    }
    // SAFETY: start-up runs once, on the thread that calls Py_Initialize, before other users.
    unsafe {
        let rt = runtime();
        (*rt)._initialized = 1;
        // The hash secret before the first str is hashed (`config_init_hash_seed`).
        match crate::pyhash::seed_from_env() {
            Ok(seed) => crate::pyhash::init_secret(seed),
            Err(msg) => crate::lifecycle::fatal::fatal_error("config_init_hash_seed", msg.as_bytes()),
        }
        (*rt).preinitialized = 1;
        pystate::init_main_states();
        crate::objects::init_types();
        // `_PyLong_InitTypes`: the int/str conversion limit (-1: the default 4300 until
        // `-X int_max_str_digits` / PYTHONINTMAXSTRDIGITS reach the configuration).
        crate::objects::longobject::init_int_max_str_digits(pystate::main_interpreter(), -1);
        (*rt).core_initialized = 1;
        (*rt).initialized = 1;
    }
}

/// `Py_FinalizeEx()`: 0 on success, as CPython; after it, no thread state is current and
/// `Py_IsInitialized()` is false. Objects still referenced stay allocated.
pub fn finalize() -> i32 {
    if !is_initialized() {
        return 0;
    }
    // SAFETY: shutdown runs on the thread holding the GIL; nothing uses the states afterwards.
    unsafe {
        // Callbacks registered with atexit run first, while everything is alive.
        crate::modules::atexitmodule::run_callbacks();
        let rt = runtime();
        (*rt).initialized = 0;
        (*rt).core_initialized = 0;
        crate::getargs::fini_parsers();
        crate::objects::exceptions::clear_memerrors();
        crate::modules::fini_all();
        crate::lifecycle::pathconfig::fini();
        crate::objects::unicodeobject::fini_ids(pystate::main_interpreter());
        crate::mem::gc::clear_free_lists();
        pystate::fini_main_states();
    }
    0
}
