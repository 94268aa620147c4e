//! The exported C ABI of `libpython3.11.so.1.0`.
//!
//! One module per CPython header family; each function is a thin `extern "C"` wrapper over
//! `ferrython_runtime`. C-variadic entry points live in `c/` (stable Rust cannot define them):
//! each gathers its arguments and calls a Rust helper named `_Fy_*`, which the root build
//! script keeps out of the dynamic symbol table.

pub use ferrython_runtime;

/// Defines one exported C function as a thin wrapper: the body runs under
/// `fatal_on_panic`, so a Rust panic becomes `Fatal Python error: NAME: ...` instead of
/// unwinding into C.
macro_rules! exported {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)? => $body:expr) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// C API: the caller follows CPython's contract for this function.
        #[no_mangle]
        #[allow(unused_unsafe)] // some bodies are safe; the macro wraps them all alike
        pub unsafe extern "C" fn $name($($arg: $ty),*) $(-> $ret)? {
            // SAFETY: the C caller's contract is the runtime function's contract.
            ferrython_runtime::lifecycle::fatal::fatal_on_panic(stringify!($name), || unsafe { $body })
        }
    };
}

pub mod abstract_number;
pub mod astmodule;
pub mod boolobject;
pub mod ferrythonmodule;
pub mod faulthandler;
pub mod floatobject;
pub mod longobject;
pub mod object;
pub mod pyerrors;
pub mod traceback;
pub mod genobject;
pub mod frameobject;
pub mod pythonrun_display;
pub mod modsupport;
pub mod getargs;
pub mod bytearrayobject;
pub mod bytesobject;
pub mod pystrhex;
pub mod accu;
pub mod pytime;
pub mod pystrcmp;
pub mod hashtable;
pub mod picklebufobject;
pub mod bootstrap_hash;
pub mod complexobject;
pub mod context;
pub mod pylifecycle;
pub mod unicodeobject;
pub mod pymem;
pub mod pystate;
pub mod pystrtod;
pub mod pythread;
pub mod objimpl;
pub mod weakrefobject;
pub mod dictobject;
pub mod listobject;
pub mod tupleobject;
pub mod setobject;
pub mod sliceobject;
pub mod iterobject;
pub mod abstract_sequence;
pub mod abstract_mapping;
pub mod abstract_iter;
pub mod typeobject;
pub mod descrobject;
pub mod methodobject;
pub mod moduleobject;
pub mod call;
pub mod capsule;
pub mod cellobject;
pub mod abstract_buffer;
pub mod memoryobject;
pub mod structseq;
pub mod classobject;
pub mod genericaliasobject;
pub mod posixmodule;
pub mod signalmodule;
pub mod modules_os;
pub mod codecs;
pub mod warnings;
pub mod modules_services;
pub mod sysmodule;
pub mod initconfig;
pub mod pathconfig;
pub mod fileobject;
pub mod io;
pub mod sremodule;
pub mod code;
pub mod funcobject;
pub mod marshal;
pub mod compile;
pub mod ceval;
pub mod import;
pub mod pythonrun;
pub mod suggestions;
pub mod collectionsmodule;
pub mod itertoolsmodule;
pub mod functoolsmodule;
pub mod operatormodule;
pub mod stringmodule;
