//! The Ferrython runtime: everything behind the C ABI.
//!
//! `abi` holds the struct layouts; `objects` one file per built-in type; `mem` the allocators
//! and the cycle collector; `eval` the interpreter loop and frames; `modules` the built-in
//! modules; `lifecycle` start-up, threads and shutdown. `capi` (a separate crate) exports the
//! C functions as thin wrappers over this crate.

pub mod abi;
pub mod errors;
pub mod suggestions;
pub mod modsupport;
pub mod getargs;
pub mod eval;
pub mod mem;
pub mod numeric;
pub mod objects;
pub mod lifecycle;
pub mod modules;
pub mod compile;
pub mod codecs;
pub mod pyctype;
pub mod pyhash;
pub mod pystrtod;
pub mod pystrhex;
pub mod pytime;
pub mod hashtable;
pub mod bootstrap_hash;
pub mod version;
#[cfg(test)]
pub mod testing;
