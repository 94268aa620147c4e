//! Mirror of `moduleobject.h`: the module definition an extension's `PyInit_*` returns.

use super::methodobject::PyMethodDef;
use super::object::{freefunc, inquiry, traverseproc, PyObject, Py_ssize_t};
use core::ffi::{c_char, c_int, c_void};

/// `PyModuleDef_Base`, 40 bytes: `PyModuleDef_HEAD_INIT` (an object header whose type is set
/// by `PyModuleDef_Init`), the single-phase init function, the index in the interpreter's
/// module list, and a copy of the module dict for re-imports.
#[repr(C)]
#[derive(Debug)]
pub struct PyModuleDef_Base {
    pub ob_base: PyObject,
    pub m_init: Option<unsafe extern "C" fn() -> *mut PyObject>,
    pub m_index: Py_ssize_t,
    pub m_copy: *mut PyObject,
}

/// `PyModuleDef_Slot`, 16 bytes: one multi-phase init slot (`Py_mod_create`, `Py_mod_exec`).
#[repr(C)]
#[derive(Debug)]
pub struct PyModuleDef_Slot {
    pub slot: c_int,
    pub value: *mut c_void,
}

pub const Py_mod_create: c_int = 1;
pub const Py_mod_exec: c_int = 2;

/// `PyModuleDef`, 104 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyModuleDef {
    pub m_base: PyModuleDef_Base,
    pub m_name: *const c_char,
    pub m_doc: *const c_char,
    /// Size of the per-module state, -1 for "no per-module state, keep globals".
    pub m_size: Py_ssize_t,
    pub m_methods: *mut PyMethodDef,
    pub m_slots: *mut PyModuleDef_Slot,
    pub m_traverse: traverseproc,
    pub m_clear: inquiry,
    pub m_free: freefunc,
}

impl PyModuleDef_Base {
    /// `PyModuleDef_HEAD_INIT`.
    pub const HEAD_INIT: PyModuleDef_Base = PyModuleDef_Base {
        ob_base: PyObject { ob_refcnt: 1, ob_type: core::ptr::null_mut() },
        m_init: None,
        m_index: 0,
        m_copy: core::ptr::null_mut(),
    };
}

const _: () = assert!(core::mem::size_of::<PyModuleDef_Base>() == 40);
const _: () = assert!(core::mem::offset_of!(PyModuleDef_Base, m_index) == 24);
const _: () = assert!(core::mem::size_of::<PyModuleDef_Slot>() == 16);
const _: () = assert!(core::mem::size_of::<PyModuleDef>() == 104);
const _: () = assert!(core::mem::offset_of!(PyModuleDef, m_name) == 40);
const _: () = assert!(core::mem::offset_of!(PyModuleDef, m_size) == 56);
const _: () = assert!(core::mem::offset_of!(PyModuleDef, m_free) == 96);
