//! Mirror of `cpython/funcobject.h`: Python function objects.

use super::object::{vectorcallfunc, PyObject};

/// `PyFunctionObject`, 136 bytes. The first eight fields after the header are the
/// `COMMON_FIELDS(func_)` block that CPython shares with its frame constructor.
#[repr(C)]
#[derive(Debug)]
pub struct PyFunctionObject {
    pub ob_base: PyObject,
    pub func_globals: *mut PyObject,
    pub func_builtins: *mut PyObject,
    pub func_name: *mut PyObject,
    pub func_qualname: *mut PyObject,
    pub func_code: *mut PyObject,
    pub func_defaults: *mut PyObject,
    pub func_kwdefaults: *mut PyObject,
    pub func_closure: *mut PyObject,
    pub func_doc: *mut PyObject,
    pub func_dict: *mut PyObject,
    pub func_weakreflist: *mut PyObject,
    pub func_module: *mut PyObject,
    pub func_annotations: *mut PyObject,
    pub vectorcall: vectorcallfunc,
    /// Version for the specializing interpreter; 0 when none assigned.
    pub func_version: u32,
}

const _: () = assert!(core::mem::size_of::<PyFunctionObject>() == 136);
const _: () = assert!(core::mem::offset_of!(PyFunctionObject, func_code) == 48);
const _: () = assert!(core::mem::offset_of!(PyFunctionObject, vectorcall) == 120);
const _: () = assert!(core::mem::offset_of!(PyFunctionObject, func_version) == 128);
