//! `slice` and `Ellipsis`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PySlice_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"slice", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut PyEllipsis_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"ellipsis", 0, 0, Py_TPFLAGS_DEFAULT);

/// `Ellipsis` (`...`): the only instance of `ellipsis`.
#[no_mangle]
pub static mut _Py_EllipsisObject: PyObject = PyObject::head_init(&raw mut PyEllipsis_Type);
