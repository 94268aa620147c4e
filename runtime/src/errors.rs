//! The error indicator (CPython's Python/errors.c): the exception being raised lives in the
//! current thread state's `curexc_type`, `curexc_value` and `curexc_traceback`, exactly where
//! CPython keeps it (Cython-generated code reads those fields directly); the exception being
//! handled is `exc_info->exc_value`.
//!
//! Rust code signals "an exception is set" with [`ErrSet`]: every fallible runtime function
//! returns [`PyResult<T>`], and the C API layer turns `Err(ErrSet)` into NULL or -1. An `ErrSet`
//! is only made by the functions here that set the indicator (or by [`ErrSet::assume_set`]
//! after a C call reported failure), so an `Err` always has an exception behind it.

use crate::abi::*;
use crate::lifecycle::pystate;
use crate::objects::exceptions::*;
use crate::objects::object::{decref, xdecref, Ref};
use core::ptr::null_mut;

/// Proof that an exception is set in the current thread state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct ErrSet(());

impl ErrSet {
    /// For a failure reported by a C-level call (NULL / -1 result), which by CPython's contract
    /// has set the indicator.
    #[inline(always)]
    pub fn assume_set() -> ErrSet {
        ErrSet(())
    }
}

/// The result of a fallible runtime operation.
pub type PyResult<T> = Result<T, ErrSet>;

/// `PyErr_Occurred()`: the current exception type, borrowed, or NULL.
pub fn occurred() -> *mut PyObject {
    let ts = pystate::current();
    if ts.is_null() {
        return null_mut();
    }
    // SAFETY: a non-NULL current thread state is live.
    unsafe { (*ts).curexc_type }
}

/// `_PyErr_Restore`: sets the indicator to the given owned references (NULLs allowed),
/// releasing what was there.
///
/// # Safety
/// Each argument is NULL or an owned reference; a thread state is current.
pub unsafe fn restore(ty: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) -> ErrSet {
    let ts = pystate::current_or_fatal("PyErr_Restore");
    // A traceback that is not a traceback object is dropped, as CPython does.
    let tb = if !tb.is_null() && !crate::objects::traceback::is_traceback(tb) {
        decref(tb);
        null_mut()
    } else {
        tb
    };
    let old_ty = (*ts).curexc_type;
    let old_value = (*ts).curexc_value;
    let old_tb = (*ts).curexc_traceback;
    (*ts).curexc_type = ty;
    (*ts).curexc_value = value;
    (*ts).curexc_traceback = tb;
    xdecref(old_ty);
    xdecref(old_value);
    xdecref(old_tb);
    ErrSet(())
}

/// `PyErr_Fetch`: takes the indicator out (owned references, NULLs when clear).
pub fn fetch() -> (*mut PyObject, *mut PyObject, *mut PyObject) {
    let ts = pystate::current();
    if ts.is_null() {
        return (null_mut(), null_mut(), null_mut());
    }
    // SAFETY: a non-NULL current thread state is live; ownership moves to the caller.
    unsafe {
        let taken = ((*ts).curexc_type, (*ts).curexc_value, (*ts).curexc_traceback);
        (*ts).curexc_type = null_mut();
        (*ts).curexc_value = null_mut();
        (*ts).curexc_traceback = null_mut();
        taken
    }
}

/// `PyErr_Clear`.
pub fn clear() {
    let (ty, value, tb) = fetch();
    // SAFETY: fetch handed us owned references (or NULLs).
    unsafe {
        xdecref(ty);
        xdecref(value);
        xdecref(tb);
    }
}

/// True if `ob` is a class deriving from BaseException (`PyExceptionClass_Check`).
///
/// # Safety
/// `ob` points to a live object.
pub unsafe fn is_exception_class(ob: *mut PyObject) -> bool {
    let tp = (*ob).ob_type;
    (*tp).tp_flags & Py_TPFLAGS_TYPE_SUBCLASS != 0
        && (*(ob as *mut PyTypeObject)).tp_flags & Py_TPFLAGS_BASE_EXC_SUBCLASS != 0
}

/// True if `ob` is an exception instance (`PyExceptionInstance_Check`).
///
/// # Safety
/// `ob` points to a live object.
pub unsafe fn is_exception_instance(ob: *mut PyObject) -> bool {
    (*(*ob).ob_type).tp_flags & Py_TPFLAGS_BASE_EXC_SUBCLASS != 0
}

/// `PyErr_SetObject(exception, value)` for the common case (no exception being handled):
/// stores the pair unnormalized, as CPython does.
///
/// # Safety
/// `exception` is NULL or a live object; `value` is NULL or a live object (borrowed).
pub unsafe fn set_object(exception: *mut PyObject, value: *mut PyObject) -> ErrSet {
    if !exception.is_null() && !is_exception_class(exception) {
        return system_error(&format!(
            "_PyErr_SetObject: exception {} is not a BaseException subclass",
            crate::objects::object::repr_for_message(exception)
        ));
    }
    crate::objects::object::xincref(exception);
    crate::objects::object::xincref(value);
    restore(exception, value, null_mut())
}

/// `PyErr_SetString(exception, msg)`.
///
/// # Safety
/// `exception` is an exception class.
pub unsafe fn set_string(exception: *mut PyObject, msg: &str) -> ErrSet {
    match crate::objects::unicodeobject::new_str(msg) {
        Ok(text) => set_object(exception, text.as_ptr()),
        Err(e) => e,
    }
}

/// `PyErr_SetNone(exception)`.
///
/// # Safety
/// `exception` is an exception class.
pub unsafe fn set_none(exception: *mut PyObject) -> ErrSet {
    set_object(exception, null_mut())
}

macro_rules! raise_fns {
    ($($(#[$doc:meta])* $name:ident => $exc:ident;)*) => {$(
        $(#[$doc])*
        #[cold]
        pub fn $name(msg: &str) -> ErrSet {
            // SAFETY: the exception class is a static type object.
            unsafe { set_string($exc, msg) }
        }
    )*};
}

raise_fns! {
    /// Raise `TypeError(msg)`.
    type_error => PyExc_TypeError;
    /// Raise `ValueError(msg)`.
    value_error => PyExc_ValueError;
    /// Raise `OverflowError(msg)`.
    overflow_error => PyExc_OverflowError;
    /// Raise `IndexError(msg)`.
    index_error => PyExc_IndexError;
    /// Raise `SystemError(msg)`.
    system_error => PyExc_SystemError;
    /// Raise `ZeroDivisionError(msg)`.
    zero_division_error => PyExc_ZeroDivisionError;
    /// Raise `AttributeError(msg)`.
    attribute_error => PyExc_AttributeError;
    /// Raise `RuntimeError(msg)`.
    runtime_error => PyExc_RuntimeError;
    /// Raise `UnicodeError(msg)`.
    unicode_error => PyExc_UnicodeError;
}

/// `PyErr_NoMemory()`: raises MemoryError without allocating a message.
#[cold]
pub fn no_memory() -> ErrSet {
    // SAFETY: MemoryError is a static type object.
    unsafe { set_none(PyExc_MemoryError) }
}

/// `PyErr_BadInternalCall()`: SystemError "bad argument to internal function".
#[cold]
pub fn bad_internal_call() -> ErrSet {
    system_error("bad argument to internal function")
}

/// `PyErr_BadArgument()`: TypeError "bad argument type for built-in operation".
#[cold]
pub fn bad_argument() -> ErrSet {
    type_error("bad argument type for built-in operation")
}

/// `KeyError(key)`: the key becomes the exception's single argument (a tuple, so that a
/// tuple key is not unpacked), as `_PyErr_SetKeyError` does.
///
/// # Safety
/// `key` points to a live object.
#[cold]
pub unsafe fn key_error(key: *mut PyObject) -> ErrSet {
    match crate::objects::tupleobject::pack(&[key]) {
        Ok(args) => set_object(PyExc_KeyError, args.as_ptr()),
        Err(e) => e,
    }
}

/// Runs `f` with the error indicator saved, restoring it afterwards (for code that must not
/// disturb a pending exception, like destructors).
pub fn preserving<R>(f: impl FnOnce() -> R) -> R {
    let (ty, value, tb) = fetch();
    let r = f();
    // SAFETY: the saved references are owned and go back into the indicator.
    unsafe {
        let _ = restore(ty, value, tb);
    }
    r
}

/// Converts a result to the C convention for functions returning a new reference.
#[inline(always)]
pub fn ptr_result(r: PyResult<Ref>) -> *mut PyObject {
    match r {
        Ok(obj) => obj.into_raw(),
        Err(_) => null_mut(),
    }
}

/// Converts a result to the C convention for functions returning 0 / -1.
#[inline(always)]
pub fn int_result(r: PyResult<()>) -> core::ffi::c_int {
    match r {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// Converts a result to the C convention for predicates returning 1 / 0 / -1.
#[inline(always)]
pub fn bool_result(r: PyResult<bool>) -> core::ffi::c_int {
    match r {
        Ok(b) => b as core::ffi::c_int,
        Err(_) => -1,
    }
}

