//! Mirror of `structmember.h`: member descriptors declared by extension types.

use super::object::Py_ssize_t;
use core::ffi::{c_char, c_int};

#[repr(C)]
#[derive(Debug)]
pub struct PyMemberDef {
    pub name: *const c_char,
    pub type_: c_int,
    pub offset: Py_ssize_t,
    pub flags: c_int,
    pub doc: *const c_char,
}
