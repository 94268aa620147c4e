//! Contextvars: Context, ContextVar, Token: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyContext_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 32,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.Context", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyContextVar_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.ContextVar", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyContextToken_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.Token", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

