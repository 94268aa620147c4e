//! PyCapsule (CPython's Objects/capsule.c): a C pointer with a name, a context and a destructor,
//! passed between extension modules.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, Ref};
use crate::objects::typeobject::static_type;
use core::ffi::{c_char, c_void, CStr};

/// `PyCapsule_Destructor`.
pub type CapsuleDestructor = Option<unsafe extern "C" fn(*mut PyObject)>;

/// The capsule object (48 bytes).
#[repr(C)]
pub struct PyCapsule {
    pub ob_base: PyObject,
    pub pointer: *mut c_void,
    pub name: *const c_char,
    pub context: *mut c_void,
    pub destructor: CapsuleDestructor,
}

const _: () = assert!(core::mem::size_of::<PyCapsule>() == 48);

#[no_mangle]
pub static mut PyCapsule_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(capsule_dealloc),
    tp_repr: Some(capsule_repr),
    tp_doc: c"Capsule objects let you wrap a C \"void *\" pointer in a Python\nobject.  They're a way of passing data through the Python interpreter\nwithout creating your own custom type.\n\nCapsules are used for communication between extension modules.\nThey provide a way for an extension module to export a C interface\nto other extension modules, so that extension modules can use the\nPython import mechanism to link to one another.\n".as_ptr(),
    ..static_type(&raw mut crate::objects::typeobject::PyType_Type, c"PyCapsule", 48, 0, Py_TPFLAGS_DEFAULT)
};

/// `name1 == name2` as C strings, NULL equal only to NULL.
unsafe fn name_matches(a: *const c_char, b: *const c_char) -> bool {
    if a.is_null() || b.is_null() {
        return a == b;
    }
    CStr::from_ptr(a) == CStr::from_ptr(b)
}

/// `is_legal_capsule`: an exact capsule with a pointer, else ValueError naming the caller.
unsafe fn legal(o: *mut PyObject, caller: &str) -> PyResult<*mut PyCapsule> {
    if o.is_null()
        || !object::is_type(o, &raw mut PyCapsule_Type)
        || (*(o as *mut PyCapsule)).pointer.is_null()
    {
        return Err(errors::value_error(&format!(
            "{caller} called with invalid PyCapsule object"
        )));
    }
    Ok(o.cast())
}

/// `PyCapsule_New`.
///
/// # Safety
/// `name` is NULL or outlives the capsule.
pub unsafe fn new(
    pointer: *mut c_void,
    name: *const c_char,
    destructor: CapsuleDestructor,
) -> PyResult<Ref> {
    if pointer.is_null() {
        return Err(errors::value_error(
            "PyCapsule_New called with null pointer",
        ));
    }
    let op = object::new_object(&raw mut PyCapsule_Type)?;
    let c = op as *mut PyCapsule;
    (*c).pointer = pointer;
    (*c).name = name;
    (*c).context = core::ptr::null_mut();
    (*c).destructor = destructor;
    Ok(Ref::from_raw(op))
}

/// `PyCapsule_IsValid`.
///
/// # Safety
/// `o` is NULL or live.
pub unsafe fn is_valid(o: *mut PyObject, name: *const c_char) -> bool {
    !o.is_null()
        && object::is_type(o, &raw mut PyCapsule_Type)
        && !(*(o as *mut PyCapsule)).pointer.is_null()
        && name_matches((*(o as *mut PyCapsule)).name, name)
}

/// `PyCapsule_GetPointer`.
///
/// # Safety
/// `o` is NULL or live.
pub unsafe fn get_pointer(o: *mut PyObject, name: *const c_char) -> PyResult<*mut c_void> {
    let c = legal(o, "PyCapsule_GetPointer")?;
    if !name_matches(name, (*c).name) {
        return Err(errors::value_error(
            "PyCapsule_GetPointer called with incorrect name",
        ));
    }
    Ok((*c).pointer)
}

/// `PyCapsule_GetName`.
///
/// # Safety
/// `o` is NULL or live.
pub unsafe fn get_name(o: *mut PyObject) -> PyResult<*const c_char> {
    Ok((*legal(o, "PyCapsule_GetName")?).name)
}

/// `PyCapsule_GetDestructor`.
///
/// # Safety
/// `o` is NULL or live.
pub unsafe fn get_destructor(o: *mut PyObject) -> PyResult<CapsuleDestructor> {
    Ok((*legal(o, "PyCapsule_GetDestructor")?).destructor)
}

/// `PyCapsule_GetContext`.
///
/// # Safety
/// `o` is NULL or live.
pub unsafe fn get_context(o: *mut PyObject) -> PyResult<*mut c_void> {
    Ok((*legal(o, "PyCapsule_GetContext")?).context)
}

/// `PyCapsule_SetPointer`.
///
/// # Safety
/// `o` is NULL or live.
pub unsafe fn set_pointer(o: *mut PyObject, pointer: *mut c_void) -> PyResult<()> {
    if pointer.is_null() {
        return Err(errors::value_error(
            "PyCapsule_SetPointer called with null pointer",
        ));
    }
    (*legal(o, "PyCapsule_SetPointer")?).pointer = pointer;
    Ok(())
}

/// `PyCapsule_SetName`.
///
/// # Safety
/// `o` is NULL or live; `name` NULL or outlives the capsule.
pub unsafe fn set_name(o: *mut PyObject, name: *const c_char) -> PyResult<()> {
    (*legal(o, "PyCapsule_SetName")?).name = name;
    Ok(())
}

/// `PyCapsule_SetDestructor`.
///
/// # Safety
/// `o` is NULL or live.
pub unsafe fn set_destructor(o: *mut PyObject, d: CapsuleDestructor) -> PyResult<()> {
    (*legal(o, "PyCapsule_SetDestructor")?).destructor = d;
    Ok(())
}

/// `PyCapsule_SetContext`.
///
/// # Safety
/// `o` is NULL or live.
pub unsafe fn set_context(o: *mut PyObject, context: *mut c_void) -> PyResult<()> {
    (*legal(o, "PyCapsule_SetContext")?).context = context;
    Ok(())
}

unsafe extern "C" fn capsule_dealloc(o: *mut PyObject) {
    let c = o as *mut PyCapsule;
    if let Some(d) = (*c).destructor {
        d(o);
    }
    crate::mem::obj_free(o.cast());
}

unsafe extern "C" fn capsule_repr(o: *mut PyObject) -> *mut PyObject {
    let c = o as *mut PyCapsule;
    let name = if (*c).name.is_null() {
        "NULL".to_string()
    } else {
        format!("\"{}\"", CStr::from_ptr((*c).name).to_string_lossy())
    };
    errors::ptr_result(crate::objects::unicodeobject::new_str(&format!(
        "<capsule object {name} at {:p}>",
        o
    )))
}

/// `PyCapsule_Import(name)`: imports the module named by the first dotted component of `name`,
/// follows the remaining components as attributes, and returns the pointer of the capsule found
/// there if its name is exactly `name`. A failed import becomes ImportError naming the module.
///
/// # Safety
/// `name` is a NUL-terminated string; a thread state is current.
pub unsafe fn import(name: *const c_char) -> PyResult<*mut c_void> {
    let full = CStr::from_ptr(name).to_string_lossy();
    let mut parts = full.split('.');
    let first = parts.next().unwrap_or("");
    let mut current = match crate::lifecycle::import::import_module(first) {
        Ok(m) => m,
        Err(_) => {
            return Err(errors::set_string(
                crate::objects::exceptions::PyExc_ImportError,
                &format!("PyCapsule_Import could not import module \"{}\"", first),
            ))
        }
    };
    for attr in parts {
        current = object::get_attr_str(current.as_ptr(), attr)?;
    }
    if is_valid(current.as_ptr(), name) {
        Ok((*(current.as_ptr() as *mut PyCapsule)).pointer)
    } else {
        Err(errors::attribute_error(&format!(
            "PyCapsule_Import \"{}\" is not valid",
            full
        )))
    }
}
