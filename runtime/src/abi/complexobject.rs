//! Mirror of `complexobject.h` / `cpython/complexobject.h`: the complex number value and object.

use super::object::PyObject;

/// `Py_complex`, 16 bytes, passed by value through the C API.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Py_complex {
    pub real: f64,
    pub imag: f64,
}

/// `PyComplexObject`, 32 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyComplexObject {
    pub ob_base: PyObject,
    pub cval: Py_complex,
}

const _: () = assert!(core::mem::size_of::<Py_complex>() == 16);
const _: () = assert!(core::mem::size_of::<PyComplexObject>() == 32);
const _: () = assert!(core::mem::offset_of!(PyComplexObject, cval) == 16);
