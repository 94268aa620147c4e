//! The shared library `libpython3.11.so.1.0`.
//!
//! This crate owns nothing but the link: it pulls the exported C ABI (`ferrython-capi`, which
//! in turn re-exports the runtime's data symbols) into one cdylib. `build.rs` sets the SONAME
//! and widens rustc's export list to the C-defined variadic entry points in `capi/c/`.
//! The launcher (`src/launcher.c`) is built by the Makefile against this library.

pub use ferrython_capi;

/// Rust-side allocations of the library (the compiler's trees and tables, string builders,
/// vectors in the runtime) go to mimalloc: compiling the stdlib spends a fifth of its time in
/// glibc's malloc/free otherwise. Python objects do not: they use the runtime's own
/// small-object allocator and the PyMem domains, which embedders can replace.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// `mi_option_set` (mimalloc.h): options are read when first used.
    fn mi_option_set(option: core::ffi::c_int, value: core::ffi::c_long);
}

/// mimalloc's option numbers (mimalloc.h, v2 as bundled by libmimalloc-sys 0.1).
const MI_OPTION_ARENA_EAGER_COMMIT: core::ffi::c_int = 4;
const MI_OPTION_ALLOW_THP: core::ffi::c_int = 37;

/// Runs when the library is loaded, before any Rust allocation: memory is committed as it is
/// used, not an arena at a time, and never as transparent huge pages, so the library's
/// resident size stays that of what it holds (start-up RSS is a target of the project).
#[used]
#[link_section = ".init_array"]
static CONFIGURE_ALLOCATOR: extern "C" fn() = {
    extern "C" fn configure() {
        // SAFETY: plain option setters of the statically linked mimalloc, called before any
        // thread of ours allocates.
        unsafe {
            mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
            mi_option_set(MI_OPTION_ALLOW_THP, 0);
        }
    }
    configure
};
