//! Mirror of `cpython/floatobject.h`: the float object.

use super::object::PyObject;

/// `PyFloatObject`, 24 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyFloatObject {
    pub ob_base: PyObject,
    pub ob_fval: f64,
}

const _: () = assert!(core::mem::size_of::<PyFloatObject>() == 24);
const _: () = assert!(core::mem::offset_of!(PyFloatObject, ob_fval) == 16);
