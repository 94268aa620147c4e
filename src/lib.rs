//! The shared library `libpython3.11.so.1.0`.
//!
//! This crate owns nothing but the link: it pulls the exported C ABI (`ferrython-capi`, which
//! in turn re-exports the runtime's data symbols) into one cdylib. `build.rs` sets the SONAME
//! and widens rustc's export list to the C-defined variadic entry points in `capi/c/`.
//! The launcher (`src/launcher.c`) is built by the Makefile against this library.

pub use ferrython_capi;
