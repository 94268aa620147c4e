//! `None` and `NotImplemented`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut _PyNone_Type: PyTypeObject = PyTypeObject {
    tp_repr: Some(none_repr),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"NoneType", 0, 0, Py_TPFLAGS_DEFAULT)
};

/// `repr(None)`.
unsafe extern "C" fn none_repr(_op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(super::unicodeobject::new_str("None"))
}

#[no_mangle]
pub static mut _PyNotImplemented_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"NotImplementedType", 0, 0, Py_TPFLAGS_DEFAULT);

/// `None`: the only instance of `NoneType`.
#[no_mangle]
pub static mut _Py_NoneStruct: PyObject = PyObject::head_init(&raw mut _PyNone_Type);

/// `NotImplemented`: the only instance of `NotImplementedType`.
#[no_mangle]
pub static mut _Py_NotImplementedStruct: PyObject = PyObject::head_init(&raw mut _PyNotImplemented_Type);

/// `_Py_SwappedOp`: the comparison to try on the other operand (`a < b` is `b > a`), indexed by
/// `Py_LT`..`Py_GE`.
#[no_mangle]
pub static _Py_SwappedOp: [core::ffi::c_int; 6] = [4, 5, 2, 3, 0, 1];

// ---------------------------------------------------------------------------------------------
// The object protocol's core: reference counts, deallocation, allocation of new objects, and
// `Ref`, the owned reference the rest of the runtime passes around.
//
// Conventions used throughout `runtime` (see docs/objects.md):
// * Objects are CPython's structs, reached through raw pointers (`*mut PyObject`); a raw pointer
//   parameter is a *borrowed* reference.
// * A new (owned) reference is a [`Ref`]: dropping it decrements the count, `into_raw` hands the
//   reference to C.
// * Fallible functions return `PyResult<T>` (`crate::errors`): `Err(ErrSet)` means "an exception
//   is set in the thread state", exactly CPython's NULL / -1 convention, made checkable.

use crate::errors::{self, PyResult};
use core::ptr::NonNull;

/// `Py_TYPE(op)`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn py_type(op: *mut PyObject) -> *mut PyTypeObject {
    (*op).ob_type
}

/// `Py_INCREF`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn incref(op: *mut PyObject) {
    (*op).ob_refcnt += 1;
}

/// `Py_XINCREF`.
///
/// # Safety
/// `op` is NULL or points to a live object.
#[inline(always)]
pub unsafe fn xincref(op: *mut PyObject) {
    if !op.is_null() {
        incref(op);
    }
}

/// `Py_DECREF`: the last reference deallocates.
///
/// # Safety
/// `op` points to a live object and the caller owns the reference it gives up.
#[inline(always)]
pub unsafe fn decref(op: *mut PyObject) {
    (*op).ob_refcnt -= 1;
    if (*op).ob_refcnt == 0 {
        dealloc(op);
    }
}

/// `Py_XDECREF`.
///
/// # Safety
/// As [`decref`], or `op` is NULL.
#[inline(always)]
pub unsafe fn xdecref(op: *mut PyObject) {
    if !op.is_null() {
        decref(op);
    }
}

/// `Py_NewRef`: a new reference to `op`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn new_ref(op: *mut PyObject) -> Ref {
    incref(op);
    Ref::from_raw(op)
}

/// `Py_SETREF`-style replacement of an owned pointer slot: store `new`, then release the old
/// value (in that order, so a destructor that looks at the slot sees the new value).
///
/// # Safety
/// `*slot` is NULL or an owned reference; `new` is NULL or an owned reference.
#[inline]
pub unsafe fn replace_slot(slot: *mut *mut PyObject, new: *mut PyObject) {
    let old = *slot;
    *slot = new;
    xdecref(old);
}

/// `_Py_Dealloc`: runs the type's `tp_dealloc`.
///
/// # Safety
/// `op`'s reference count has just reached zero.
#[inline(never)]
pub unsafe fn dealloc(op: *mut PyObject) {
    let tp = py_type(op);
    match (*tp).tp_dealloc {
        Some(dealloc) => dealloc(op),
        None => crate::lifecycle::fatal::fatal_error(
            "_Py_Dealloc",
            format!("type {} has no tp_dealloc", type_name_of(tp)).as_bytes(),
        ),
    }
}

/// The type's `tp_name` as Rust text (lossy; for messages).
///
/// # Safety
/// `tp` points to a type object.
pub unsafe fn type_name_of(tp: *mut PyTypeObject) -> std::borrow::Cow<'static, str> {
    let name = (*tp).tp_name;
    if name.is_null() {
        return "?".into();
    }
    core::ffi::CStr::from_ptr(name).to_string_lossy()
}

/// The short type name CPython puts in messages (`Py_TYPE(op)->tp_name`).
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn type_name(op: *mut PyObject) -> std::borrow::Cow<'static, str> {
    type_name_of(py_type(op))
}

/// `PyType_HasFeature`.
///
/// # Safety
/// `tp` points to a type object.
#[inline(always)]
pub unsafe fn has_feature(tp: *mut PyTypeObject, flag: core::ffi::c_ulong) -> bool {
    (*tp).tp_flags & flag != 0
}

/// `Py_IS_TYPE(op, tp)`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn is_type(op: *mut PyObject, tp: *mut PyTypeObject) -> bool {
    (*op).ob_type == tp
}

/// `PyObject_Init`: sets the header of freshly allocated memory (refcount 1). A heap type
/// gains a reference for the instance, as in CPython.
///
/// # Safety
/// `op` points to at least `tp_basicsize` writable bytes.
#[inline]
pub unsafe fn init_object(op: *mut PyObject, tp: *mut PyTypeObject) {
    (*op).ob_type = tp;
    if has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        incref(tp.cast());
    }
    (*op).ob_refcnt = 1;
}

/// `PyObject_InitVar`.
///
/// # Safety
/// As [`init_object`], for a variable-size object.
#[inline]
pub unsafe fn init_var_object(op: *mut PyVarObject, tp: *mut PyTypeObject, size: Py_ssize_t) {
    (*op).ob_size = size;
    init_object(op.cast(), tp);
}

/// `_PyObject_VAR_SIZE`: basicsize + n * itemsize, rounded up to pointer alignment.
///
/// # Safety
/// `tp` points to a type object.
#[inline]
pub unsafe fn var_size(tp: *mut PyTypeObject, nitems: Py_ssize_t) -> Option<usize> {
    let items = (nitems as usize).checked_mul((*tp).tp_itemsize as usize)?;
    let size = ((*tp).tp_basicsize as usize).checked_add(items)?;
    let align = core::mem::size_of::<*mut ()>();
    Some(size.checked_add(align - 1)? & !(align - 1))
}

/// `_PyObject_New(tp)` / `PyObject_New`: a non-GC object of `tp_basicsize` bytes from the
/// object allocator, header initialized, the rest uninitialized.
///
/// # Safety
/// `tp` points to a ready type that is not a GC type.
pub unsafe fn new_object(tp: *mut PyTypeObject) -> PyResult<*mut PyObject> {
    let op = crate::mem::obj_malloc((*tp).tp_basicsize as usize) as *mut PyObject;
    if op.is_null() {
        return Err(errors::no_memory());
    }
    init_object(op, tp);
    Ok(op)
}

/// `_PyObject_NewVar(tp, n)` / `PyObject_NewVar`.
///
/// # Safety
/// `tp` points to a ready variable-size type that is not a GC type.
pub unsafe fn new_var_object(tp: *mut PyTypeObject, nitems: Py_ssize_t) -> PyResult<*mut PyVarObject> {
    if nitems < 0 {
        return Err(errors::bad_internal_call());
    }
    let Some(size) = var_size(tp, nitems) else { return Err(errors::no_memory()) };
    let op = crate::mem::obj_malloc(size) as *mut PyVarObject;
    if op.is_null() {
        return Err(errors::no_memory());
    }
    init_var_object(op, tp, nitems);
    Ok(op)
}

/// An owned (strong) reference: CPython's "new reference" as a Rust value. Dropping it is
/// `Py_DECREF`; cloning it is `Py_INCREF`.
#[repr(transparent)]
#[derive(Debug, PartialEq, Eq)]
pub struct Ref(NonNull<PyObject>);

impl Ref {
    /// Takes ownership of a new reference (a "steal").
    ///
    /// # Safety
    /// `op` is non-NULL and the caller owns one reference to it, which moves into the `Ref`.
    #[inline(always)]
    pub unsafe fn from_raw(op: *mut PyObject) -> Ref {
        debug_assert!(!op.is_null());
        Ref(NonNull::new_unchecked(op))
    }

    /// Takes ownership of a new reference returned by a C API call: NULL means an exception
    /// is set.
    ///
    /// # Safety
    /// `op` is NULL (with an exception set) or an owned reference.
    #[inline(always)]
    pub unsafe fn from_result(op: *mut PyObject) -> PyResult<Ref> {
        match NonNull::new(op) {
            Some(p) => Ok(Ref(p)),
            None => Err(errors::ErrSet::assume_set()),
        }
    }

    /// A new reference to a borrowed object (`Py_NewRef`).
    ///
    /// # Safety
    /// `op` points to a live object.
    #[inline(always)]
    pub unsafe fn from_borrowed(op: *mut PyObject) -> Ref {
        incref(op);
        Ref::from_raw(op)
    }

    /// The object, borrowed.
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut PyObject {
        self.0.as_ptr()
    }

    /// Hands the reference to the caller (a C API "new reference" result).
    #[inline(always)]
    pub fn into_raw(self) -> *mut PyObject {
        let p = self.0.as_ptr();
        core::mem::forget(self);
        p
    }

    /// `Py_TYPE`.
    #[inline(always)]
    pub fn ob_type(&self) -> *mut PyTypeObject {
        // SAFETY: a Ref keeps its object alive.
        unsafe { py_type(self.as_ptr()) }
    }
}

impl Clone for Ref {
    #[inline(always)]
    fn clone(&self) -> Ref {
        // SAFETY: a Ref keeps its object alive.
        unsafe { Ref::from_borrowed(self.as_ptr()) }
    }
}

impl Drop for Ref {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: the Ref owns one reference.
        unsafe { decref(self.as_ptr()) }
    }
}

/// `Py_None`.
#[inline(always)]
pub fn none() -> *mut PyObject {
    &raw mut _Py_NoneStruct
}

/// `Py_NotImplemented`.
#[inline(always)]
pub fn not_implemented() -> *mut PyObject {
    &raw mut _Py_NotImplementedStruct
}

/// A new reference to `None` (`Py_RETURN_NONE`).
#[inline(always)]
pub fn new_none() -> Ref {
    // SAFETY: None is a static object that lives forever.
    unsafe { Ref::from_borrowed(none()) }
}

/// `repr(op)` as Rust text, for error messages (`%R`): the type's `tp_repr`, or CPython's
/// default `<T object at 0x...>` when the type has none. An exception raised by the repr is
/// cleared, and the default form used.
///
/// # Safety
/// `op` points to a live object; a thread state is current.
pub unsafe fn repr_for_message(op: *mut PyObject) -> String {
    let tp = py_type(op);
    if let Some(repr) = (*tp).tp_repr {
        match Ref::from_result(repr(op)) {
            Ok(text) if is_type(text.as_ptr(), &raw mut super::unicodeobject::PyUnicode_Type) => {
                return super::unicodeobject::to_string_lossy(text.as_ptr());
            }
            Ok(_) => {}
            Err(_) => errors::clear(),
        }
    }
    format!("<{} object at {:p}>", type_name_of(tp), op)
}
