//! `#[repr(C)]` mirrors of CPython 3.11's structs: the one place layouts are written down.
//!
//! One module per CPython header (public, `cpython/` and `internal/` alike), named after it.
//! Field names are the C names, so the layout test in compat-tests can match them against
//! bindgen's reading of the real headers. Fields Ferrython never touches, in the large
//! internal structs, are kept as byte arrays named `_opaque_*` so offsets stay right.
//! Every struct carries compile-time assertions of its size and key offsets, measured with C
//! probes against the installed 3.11.7 headers (x86_64 Linux).
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

pub mod bytearrayobject;
pub mod bytesobject;
pub mod cellobject;
pub mod classobject;
pub mod code;
pub mod complexobject;
pub mod descrobject;
pub mod dictobject;
pub mod floatobject;
pub mod funcobject;
pub mod genobject;
pub mod initconfig;
pub mod listobject;
pub mod longobject;
pub mod memoryobject;
pub mod methodobject;
pub mod moduleobject;
pub mod object;
pub mod pycore_atomic;
pub mod pycore_context;
pub mod pycore_dict;
pub mod pycore_frame;
pub mod pycore_gc;
pub mod pycore_gil;
pub mod pycore_global_objects;
pub mod pycore_global_strings;
pub mod pycore_interp;
pub mod pycore_moduleobject;
pub mod pycore_runtime;
pub mod pyerrors;
pub mod pymem;
pub mod pystate;
pub mod pythread;
pub mod setobject;
pub mod sliceobject;
pub mod structmember;
pub mod structseq;
pub mod traceback;
pub mod tupleobject;
pub mod unicodeobject;
pub mod weakrefobject;

pub use object::*;
