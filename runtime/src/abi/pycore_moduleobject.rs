//! Mirror of `internal/pycore_moduleobject.h`: the module object.

use super::moduleobject::PyModuleDef;
use super::object::PyObject;
use core::ffi::c_void;

/// `PyModuleObject`, 56 bytes. py-spy reads `md_dict` (16) to find `threading`'s names.
#[repr(C)]
#[derive(Debug)]
pub struct PyModuleObject {
    pub ob_base: PyObject,
    pub md_dict: *mut PyObject,
    pub md_def: *mut PyModuleDef,
    pub md_state: *mut c_void,
    pub md_weaklist: *mut PyObject,
    /// For logging purposes after `md_dict` is cleared.
    pub md_name: *mut PyObject,
}

const _: () = assert!(core::mem::size_of::<PyModuleObject>() == 56);
const _: () = assert!(core::mem::offset_of!(PyModuleObject, md_dict) == 16);
const _: () = assert!(core::mem::offset_of!(PyModuleObject, md_state) == 32);
