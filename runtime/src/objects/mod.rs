//! The built-in object types: one file per CPython `Objects/*.c` source (plus the few types
//! CPython defines elsewhere in libpython), each owning its type objects, struct and slots.
#![allow(non_upper_case_globals)]

pub mod bltinmodule_iters;
pub mod boolobject;
pub mod bytearrayobject;
pub mod bytesio;
pub mod bytesobject;
pub mod capsule;
pub mod cellobject;
pub mod classobject;
pub mod codeobject;
pub mod complexobject;
pub mod context;
pub mod descrobject;
pub mod dictobject;
pub mod enumobject;
pub mod exceptions;
pub mod fileobject;
pub mod floatobject;
pub mod frameobject;
pub mod funcobject;
pub mod genericaliasobject;
pub mod genobject;
pub mod interpreteridobject;
pub mod iterobject;
pub mod listobject;
pub mod longobject;
pub mod memoryobject;
pub mod methodobject;
pub mod moduleobject;
pub mod namespaceobject;
pub mod object;
pub mod odictobject;
pub mod picklebufobject;
pub mod rangeobject;
pub mod setobject;
pub mod sliceobject;
pub mod traceback;
pub mod tupleobject;
pub mod typeobject;
pub mod unicodeobject;
pub mod weakrefobject;
