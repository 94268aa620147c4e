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

pub mod object;
pub mod pyerrors;
pub mod pylifecycle;
pub mod pymem;
pub mod pystate;
pub mod pythread;
