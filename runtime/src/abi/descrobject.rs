//! Mirror of `descrobject.h`: computed attributes declared by extension types.

use super::object::PyObject;
use core::ffi::{c_char, c_int, c_void};

pub type getter = Option<unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject>;
pub type setter = Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void) -> c_int>;

#[repr(C)]
#[derive(Debug)]
pub struct PyGetSetDef {
    pub name: *const c_char,
    pub get: getter,
    pub set: setter,
    pub doc: *const c_char,
    pub closure: *mut c_void,
}
