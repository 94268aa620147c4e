//! Generators, coroutines and async generators: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyAsyncGen_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 24,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"async_generator", 152, 8, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyCoro_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 24,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"coroutine", 152, 8, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyGen_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 24,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"generator", 152, 8, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut _PyAsyncGenASend_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"async_generator_asend", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut _PyAsyncGenAThrow_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"async_generator_athrow", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut _PyAsyncGenWrappedValue_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"async_generator_wrapped_value", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut _PyCoroWrapper_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"coroutine_wrapper", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

