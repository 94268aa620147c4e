//! The built-in modules of libpython3.11 (`sys.builtin_module_names`), one file per CPython
//! source file, and [`INITTAB`], the table the import system creates them from.
//!
//! Each module file provides `pub unsafe extern "C" fn init_module() -> *mut PyObject` with
//! `PyInit_*`'s contract (a new module, or a `PyModuleDef*` for multi-phase init; NULL with an
//! exception set on failure). `builtins` and `sys` are made by start-up, not from the table.

pub mod abcmodule;
pub mod atexitmodule;
pub mod bltinmodule;
pub mod codecsmodule;
pub mod errnomodule;
pub mod gcmodule;
pub mod imp;
pub mod io;
pub mod localemodule;
pub mod marshal;
pub mod posixmodule;
pub mod pwdmodule;
pub mod signalmodule;
pub mod statmodule;
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
];
