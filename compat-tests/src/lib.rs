//! Shared code of the compat-test binaries (`abi-report`, `regrtest`) and of the C-API
//! differential test (`tests/capi_diff.rs`).
//!
//! Owns: finding CPython 3.11 and our library ([`cpython`], [`workspace`]), running child
//! processes with timeouts and captured output ([`process`]), the compile-link-run-compare
//! harness for `compat-tests/capi/` ([`capi`], [`diff`]), ELF dynamic symbol tables and their
//! comparison ([`elf`]), the C API family coverage of issue 4 ([`families`]), identifier scanning of test sources ([`scan`]) and the parsing of
//! CPython's regrtest/unittest output ([`testoutput`]).

pub mod capi;
pub mod cpython;
pub mod diff;
pub mod elf;
pub mod families;
pub mod process;
pub mod programs;
pub mod scan;
pub mod testoutput;
pub mod workspace;
