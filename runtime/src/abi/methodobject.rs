//! Mirror of `methodobject.h`: the method table entry extensions declare.

use super::object::PyObject;
use core::ffi::{c_char, c_int};

pub type PyCFunction = Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>;

#[repr(C)]
#[derive(Debug)]
pub struct PyMethodDef {
    pub ml_name: *const c_char,
    pub ml_meth: PyCFunction,
    pub ml_flags: c_int,
    pub ml_doc: *const c_char,
}

pub const METH_VARARGS: c_int = 0x0001;
pub const METH_KEYWORDS: c_int = 0x0002;
pub const METH_NOARGS: c_int = 0x0004;
pub const METH_O: c_int = 0x0008;
pub const METH_CLASS: c_int = 0x0010;
pub const METH_STATIC: c_int = 0x0020;
pub const METH_COEXIST: c_int = 0x0040;
pub const METH_FASTCALL: c_int = 0x0080;
pub const METH_METHOD: c_int = 0x0200;

/// `PyCFunctionObject` (cpython/methodobject.h), 56 bytes: a C function bound to `m_self`.
#[repr(C)]
#[derive(Debug)]
pub struct PyCFunctionObject {
    pub ob_base: PyObject,
    pub m_ml: *mut PyMethodDef,
    pub m_self: *mut PyObject,
    pub m_module: *mut PyObject,
    pub m_weakreflist: *mut PyObject,
    pub vectorcall: super::object::vectorcallfunc,
}

/// `PyCMethodObject` (cpython/methodobject.h), 64 bytes: a `METH_METHOD` function that also
/// knows its defining class.
#[repr(C)]
#[derive(Debug)]
pub struct PyCMethodObject {
    pub func: PyCFunctionObject,
    pub mm_class: *mut super::object::PyTypeObject,
}

const _: () = assert!(core::mem::size_of::<PyMethodDef>() == 32);
const _: () = assert!(core::mem::size_of::<PyCFunctionObject>() == 56);
const _: () = assert!(core::mem::offset_of!(PyCFunctionObject, m_self) == 24);
const _: () = assert!(core::mem::offset_of!(PyCFunctionObject, vectorcall) == 48);
const _: () = assert!(core::mem::size_of::<PyCMethodObject>() == 64);
const _: () = assert!(core::mem::offset_of!(PyCMethodObject, mm_class) == 56);
