//! Traceback objects: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyTraceBack_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"traceback", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);


/// `PyTraceBack_Check`: exactly a traceback object.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn is_traceback(op: *mut PyObject) -> bool {
    (*op).ob_type == &raw mut PyTraceBack_Type
}
