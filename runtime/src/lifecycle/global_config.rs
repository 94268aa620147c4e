//! The legacy global configuration variables (`Py_NoSiteFlag`, `Py_VerboseFlag`, ...; CPython's
//! Python/initconfig.c `config_get_global_vars` / `config_set_global_vars`): exported as data,
//! read by compat configurations (`Py_Initialize`) for the fields left at -1, and written back
//! from the configuration in effect after start-up, as CPython does.

use crate::abi::initconfig::PyConfig;
use core::ffi::c_int;

macro_rules! global_flags {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[no_mangle]
        pub static mut $name: c_int = 0;
    )*};
}

global_flags! {
    /// `-d`: parser debugging.
    Py_DebugFlag;
    /// `-v`.
    Py_VerboseFlag;
    /// `-q`.
    Py_QuietFlag;
    /// `-i`.
    Py_InteractiveFlag;
    /// `-i` with `PYTHONINSPECT`.
    Py_InspectFlag;
    /// `-O` count.
    Py_OptimizeFlag;
    /// `-S`.
    Py_NoSiteFlag;
    /// `-b` count.
    Py_BytesWarningFlag;
    /// Path-configuration warnings off.
    Py_FrozenFlag;
    /// `-E`.
    Py_IgnoreEnvironmentFlag;
    /// `-B`.
    Py_DontWriteBytecodeFlag;
    /// `-s`.
    Py_NoUserSiteDirectory;
    /// `-u`.
    Py_UnbufferedStdioFlag;
    /// Whether hashes are randomized (set after start-up).
    Py_HashRandomizationFlag;
    /// `-I`.
    Py_IsolatedFlag;
    /// `-X utf8`.
    Py_UTF8Mode;
}

/// `config_get_global_vars`: a compat configuration takes each field it leaves at -1 from
/// the matching global variable.
///
/// # Safety
/// Reads the globals (set by the embedding program before start-up).
pub unsafe fn get_into(c: &mut PyConfig) {
    fn flag(field: &mut c_int, value: c_int) {
        if *field == -1 {
            *field = value;
        }
    }
    fn not_flag(field: &mut c_int, value: c_int) {
        if *field == -1 {
            *field = (value == 0) as c_int;
        }
    }
    flag(&mut c.isolated, Py_IsolatedFlag);
    not_flag(&mut c.use_environment, Py_IgnoreEnvironmentFlag);
    flag(&mut c.bytes_warning, Py_BytesWarningFlag);
    flag(&mut c.inspect, Py_InspectFlag);
    flag(&mut c.interactive, Py_InteractiveFlag);
    flag(&mut c.optimization_level, Py_OptimizeFlag);
    flag(&mut c.parser_debug, Py_DebugFlag);
    flag(&mut c.verbose, Py_VerboseFlag);
    flag(&mut c.quiet, Py_QuietFlag);
    not_flag(&mut c.pathconfig_warnings, Py_FrozenFlag);
    not_flag(&mut c.buffered_stdio, Py_UnbufferedStdioFlag);
    not_flag(&mut c.site_import, Py_NoSiteFlag);
    not_flag(&mut c.write_bytecode, Py_DontWriteBytecodeFlag);
    not_flag(&mut c.user_site_directory, Py_NoUserSiteDirectory);
}

/// `config_set_global_vars`: the configuration in effect, written back to the globals.
///
/// # Safety
/// Writes the globals; start-up runs on one thread.
pub unsafe fn set_from(c: &PyConfig) {
    fn flag(var: *mut c_int, field: c_int) {
        if field != -1 {
            // SAFETY: `var` is one of this module's statics.
            unsafe { *var = field };
        }
    }
    fn not_flag(var: *mut c_int, field: c_int) {
        if field != -1 {
            // SAFETY: as above.
            unsafe { *var = (field == 0) as c_int };
        }
    }
    flag(&raw mut Py_IsolatedFlag, c.isolated);
    not_flag(&raw mut Py_IgnoreEnvironmentFlag, c.use_environment);
    flag(&raw mut Py_BytesWarningFlag, c.bytes_warning);
    flag(&raw mut Py_InspectFlag, c.inspect);
    flag(&raw mut Py_InteractiveFlag, c.interactive);
    flag(&raw mut Py_OptimizeFlag, c.optimization_level);
    flag(&raw mut Py_DebugFlag, c.parser_debug);
    flag(&raw mut Py_VerboseFlag, c.verbose);
    flag(&raw mut Py_QuietFlag, c.quiet);
    not_flag(&raw mut Py_FrozenFlag, c.pathconfig_warnings);
    not_flag(&raw mut Py_UnbufferedStdioFlag, c.buffered_stdio);
    not_flag(&raw mut Py_NoSiteFlag, c.site_import);
    not_flag(&raw mut Py_DontWriteBytecodeFlag, c.write_bytecode);
    not_flag(&raw mut Py_NoUserSiteDirectory, c.user_site_directory);
    Py_HashRandomizationFlag = (c.use_hash_seed == 0 || c.hash_seed != 0) as c_int;
}
