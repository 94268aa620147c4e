//! The buffer export type of `_io.BytesIO`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut _PyBytesIOBuffer_Type: PyTypeObject = static_type(core::ptr::null_mut(), c"_io._BytesIOBuffer", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

