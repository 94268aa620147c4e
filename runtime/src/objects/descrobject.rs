//! Descriptors, mappingproxy and property: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyClassMethodDescr_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"classmethod_descriptor", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyGetSetDescr_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"getset_descriptor", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyMemberDescr_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"member_descriptor", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyMethodDescr_Type: PyTypeObject = PyTypeObject {
    tp_vectorcall_offset: 48,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"method_descriptor", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_METHOD_DESCRIPTOR)
};

#[no_mangle]
pub static mut PyWrapperDescr_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"wrapper_descriptor", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_METHOD_DESCRIPTOR);

#[no_mangle]
pub static mut PyDictProxy_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"mappingproxy", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MAPPING | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyProperty_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"property", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut _PyMethodWrapper_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"method-wrapper", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

