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

/// `wrapperfunc` (cpython/descrobject.h): calls a C slot with a tuple of arguments.
pub type wrapperfunc = Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void) -> *mut PyObject>;
/// `wrapperfunc_kwds`: the same with keyword arguments (`PyWrapperFlag_KEYWORDS`).
pub type wrapperfunc_kwds =
    Option<unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void, *mut PyObject) -> *mut PyObject>;

/// `struct wrapperbase`, 56 bytes: one entry of the slot table (`__add__` -> `nb_add`).
#[repr(C)]
#[derive(Debug)]
pub struct wrapperbase {
    pub name: *const c_char,
    pub offset: c_int,
    pub function: *mut c_void,
    pub wrapper: wrapperfunc,
    pub doc: *const c_char,
    pub flags: c_int,
    pub name_strobj: *mut PyObject,
}

pub const PyWrapperFlag_KEYWORDS: c_int = 1;

/// `PyDescrObject` (`PyDescr_COMMON`), 40 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyDescrObject {
    pub ob_base: PyObject,
    pub d_type: *mut super::object::PyTypeObject,
    pub d_name: *mut PyObject,
    pub d_qualname: *mut PyObject,
}

/// `PyMethodDescrObject`, 56 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyMethodDescrObject {
    pub d_common: PyDescrObject,
    pub d_method: *mut super::methodobject::PyMethodDef,
    pub vectorcall: super::object::vectorcallfunc,
}

/// `PyMemberDescrObject`, 48 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyMemberDescrObject {
    pub d_common: PyDescrObject,
    pub d_member: *mut super::structmember::PyMemberDef,
}

/// `PyGetSetDescrObject`, 48 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyGetSetDescrObject {
    pub d_common: PyDescrObject,
    pub d_getset: *mut PyGetSetDef,
}

/// `PyWrapperDescrObject`, 56 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyWrapperDescrObject {
    pub d_common: PyDescrObject,
    pub d_base: *mut wrapperbase,
    pub d_wrapped: *mut c_void,
}

const _: () = assert!(core::mem::size_of::<wrapperbase>() == 56);
const _: () = assert!(core::mem::size_of::<PyDescrObject>() == 40);
const _: () = assert!(core::mem::size_of::<PyMethodDescrObject>() == 56);
const _: () = assert!(core::mem::size_of::<PyMemberDescrObject>() == 48);
const _: () = assert!(core::mem::size_of::<PyGetSetDescrObject>() == 48);
const _: () = assert!(core::mem::size_of::<PyWrapperDescrObject>() == 56);
