//! The built-in modules of libpython3.11 (`sys.builtin_module_names`), one file per CPython
//! source file, and [`INITTAB`], the table the import system creates them from.
//!
//! Each module file provides `pub unsafe extern "C" fn init_module() -> *mut PyObject` with
//! `PyInit_*`'s contract (a new module, or a `PyModuleDef*` for multi-phase init; NULL with an
//! exception set on failure). `builtins` and `sys` are made by start-up, not from the table.

pub mod abcmodule;
pub mod astmodule;
pub mod atexitmodule;
pub mod bltinmodule;
pub mod collectionsmodule;
pub mod codecsmodule;
pub mod errnomodule;
pub mod faulthandler;
pub mod ferrythonmodule;
pub mod functoolsmodule;
pub mod gcmodule;
pub mod imp;
pub mod io;
pub mod itertoolsmodule;
pub mod localemodule;
pub mod marshal;
pub mod operatormodule;
pub mod posixmodule;
pub mod pwdmodule;
pub mod signalmodule;
pub mod sre;
pub mod statmodule;
pub mod stringmodule;
pub mod sysmodule;
pub mod threadmodule;
pub mod timemodule;
pub mod warnings;
pub mod weakrefmodule;

use crate::abi::PyObject;
use core::ffi::CStr;

/// A built-in module's `PyInit_*` function.
pub type InitFn = unsafe extern "C" fn() -> *mut PyObject;

/// The built-in modules, by name (CPython's `_PyImport_Inittab`). Each module's owner adds its
/// line here once its `init_module` works.
pub static INITTAB: &[(&CStr, InitFn)] = &[
    (c"posix", crate::modules::posixmodule::init_module),
    (c"errno", crate::modules::errnomodule::init_module),
    (c"_stat", crate::modules::statmodule::init_module),
    (c"pwd", crate::modules::pwdmodule::init_module),
    (c"time", crate::modules::timemodule::init_module),
    (c"atexit", crate::modules::atexitmodule::init_module),
    (c"_signal", crate::modules::signalmodule::init_module),
    (c"_locale", crate::modules::localemodule::init_module),
    (c"_warnings", crate::modules::warnings::init_module),
    (c"_codecs", crate::modules::codecsmodule::init_module),
    (c"_thread", crate::modules::threadmodule::init_module),
    (c"_weakref", crate::modules::weakrefmodule::init_module),
    (c"gc", crate::modules::gcmodule::init_module),
    (c"_abc", crate::modules::abcmodule::init_module),
    (c"_io", crate::modules::io::init_module),
    (c"marshal", crate::modules::marshal::init_module),
    (c"_imp", crate::modules::imp::init_module),
    (c"_string", crate::modules::stringmodule::init_module),
    (c"_sre", crate::modules::sre::init_module),
    (c"_collections", crate::modules::collectionsmodule::init_module),
    (c"_functools", crate::modules::functoolsmodule::init_module),
    (c"itertools", crate::modules::itertoolsmodule::init_module),
    (c"_operator", crate::modules::operatormodule::init_module),
    (c"ferrython", crate::modules::ferrythonmodule::init_module),
    (c"_ast", crate::modules::astmodule::init_module),
    (c"faulthandler", crate::modules::faulthandler::init_module),
];

/// Releases what the built-in modules keep between initializations (`Py_FinalizeEx`, after
/// the atexit callbacks ran): module-level state, handlers put back, registries emptied.
///
/// # Safety
/// At finalization, with the GIL held.
pub unsafe fn fini_all() {
    faulthandler::fini();
    signalmodule::fini();
    atexitmodule::fini();
    posixmodule::fini();
    timemodule::fini();
    pwdmodule::fini();
    localemodule::fini();
    warnings::fini();
    abcmodule::fini();
    io::fini();
    crate::codecs::registry::fini();
    sysmodule::fini();
    bltinmodule::fini();
}
