//! `pycapsule.h` (typesystem): wrappers over `ferrython_runtime::objects::capsule`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::capsule::{self as c, CapsuleDestructor};
use std::ffi::{c_char, c_int, c_void};
use std::ptr::null_mut;

exported!(fn PyCapsule_New(p: *mut c_void, name: *const c_char, d: CapsuleDestructor) -> *mut PyObject => ptr_result(c::new(p, name, d)));
exported!(fn PyCapsule_IsValid(o: *mut PyObject, name: *const c_char) -> c_int => c::is_valid(o, name) as c_int);
exported!(fn PyCapsule_GetPointer(o: *mut PyObject, name: *const c_char) -> *mut c_void => c::get_pointer(o, name).unwrap_or(null_mut()));
exported!(fn PyCapsule_GetName(o: *mut PyObject) -> *const c_char => c::get_name(o).unwrap_or(std::ptr::null()));
exported!(fn PyCapsule_GetDestructor(o: *mut PyObject) -> CapsuleDestructor => c::get_destructor(o).unwrap_or(None));
exported!(fn PyCapsule_GetContext(o: *mut PyObject) -> *mut c_void => c::get_context(o).unwrap_or(null_mut()));
exported!(fn PyCapsule_SetPointer(o: *mut PyObject, p: *mut c_void) -> c_int => int_result(c::set_pointer(o, p)));
exported!(fn PyCapsule_SetName(o: *mut PyObject, name: *const c_char) -> c_int => int_result(c::set_name(o, name)));
exported!(fn PyCapsule_SetDestructor(o: *mut PyObject, d: CapsuleDestructor) -> c_int => int_result(c::set_destructor(o, d)));
exported!(fn PyCapsule_SetContext(o: *mut PyObject, ctx: *mut c_void) -> c_int => int_result(c::set_context(o, ctx)));
exported!(
    /// Imports the module named by the first dotted component, walks the rest as attributes,
    /// and returns the pointer of the capsule found there when its name is the whole path.
    fn PyCapsule_Import(name: *const c_char, _no_block: c_int) -> *mut c_void =>
        c::import(name).unwrap_or(null_mut())
);
