//! `bool`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyBool_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut super::longobject::PyLong_Type,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"bool", 32, 0, Py_TPFLAGS_DEFAULT)
};


/// `False`: an int of value 0 whose type is `bool`.
#[no_mangle]
pub static mut _Py_FalseStruct: crate::abi::longobject::PyLongObject = crate::abi::longobject::PyLongObject {
    ob_base: PyVarObject::head_init(&raw mut PyBool_Type, 0),
    ob_digit: [0],
};

/// `True`: an int of value 1 whose type is `bool`.
#[no_mangle]
pub static mut _Py_TrueStruct: crate::abi::longobject::PyLongObject = crate::abi::longobject::PyLongObject {
    ob_base: PyVarObject::head_init(&raw mut PyBool_Type, 1),
    ob_digit: [1],
};
