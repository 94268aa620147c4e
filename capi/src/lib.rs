//! The exported C ABI of `libpython3.11.so.1.0`.
//!
//! One module per CPython header family; each function is a thin `extern "C"` wrapper over
//! `ferrython_runtime`. C-variadic entry points live in `c/` (stable Rust cannot define them):
//! each gathers its arguments and calls a Rust helper named `_Fy_*`, which the root build
//! script keeps out of the dynamic symbol table.

pub use ferrython_runtime;

pub mod pylifecycle;
pub mod pymem;
