//! `#[repr(C)]` mirrors of CPython 3.11's structs: the one place layouts are written down.
//!
//! One module per CPython header (public, `cpython/` and `internal/` alike), named after it.
//! Field names are the C names, so the layout test in compat-tests can match them against
//! bindgen's reading of the real headers. Fields Ferrython never touches, in the large
//! internal structs, are kept as byte arrays named `_opaque_*` so offsets stay right.
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

pub mod descrobject;
pub mod longobject;
pub mod methodobject;
pub mod object;
pub mod structmember;

pub use object::*;
