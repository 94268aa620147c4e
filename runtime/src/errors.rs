//! The error indicator (CPython's Python/errors.c): the exception being raised lives in the
//! current thread state's `curexc_type`, `curexc_value` and `curexc_traceback`, exactly where
//! CPython keeps it (Cython-generated code reads those fields directly); the exception being
//! handled is `exc_info->exc_value`.
//!
//! Rust code signals "an exception is set" with [`ErrSet`]: every fallible runtime function
//! returns [`PyResult<T>`], and the C API layer turns `Err(ErrSet)` into NULL or -1. An `ErrSet`
//! is only made by the functions here that set the indicator (or by [`ErrSet::assume_set`]
//! after a C call reported failure), so an `Err` always has an exception behind it.

use crate::abi::pyerrors::PyBaseExceptionObject;
use crate::abi::pystate::{_PyErr_StackItem, PyThreadState};
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
        let taken = (
            (*ts).curexc_type,
            (*ts).curexc_value,
            (*ts).curexc_traceback,
        );
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

/// `PyErr_SetObject(exception, value)` (`_PyErr_SetObject`): stores the pair, unnormalized
/// unless an exception is being handled; then the new exception is created at once and the
/// handled one becomes its `__context__` (implicit chaining), with any cycle through the
/// context chain broken first.
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
    crate::objects::object::xincref(value);
    let mut value = value;
    let ts = pystate::current_or_fatal("PyErr_SetObject");
    let handled = (*topmost_exc_info(ts)).exc_value;
    if !handled.is_null() && handled != crate::objects::object::none() {
        let handled = Ref::from_borrowed(handled);
        if value.is_null() || !is_exception_instance(value) {
            // The context must be attached to an instance: create it now, with no
            // exception set while its constructor runs.
            clear();
            let fixed = create_exception(exception, value);
            crate::objects::object::xdecref(value);
            match fixed {
                Ok(v) => value = v.into_raw(),
                Err(e) => return e,
            }
        }
        if handled.as_ptr() != value {
            break_context_cycle(handled.as_ptr(), value);
            crate::objects::exceptions::set_context(value, handled.into_raw());
        }
    }
    let tb = if !value.is_null() && is_exception_instance(value) {
        crate::objects::exceptions::get_traceback(value)
    } else {
        null_mut()
    };
    crate::objects::object::xincref(exception);
    restore(exception, value, tb)
}

/// Before `value.__context__ = handled`: if `value` already appears in `handled`'s context
/// chain, cut the chain there so no cycle forms. A cycle already in the chain ends the walk
/// (Floyd's tortoise and hare).
unsafe fn break_context_cycle(handled: *mut PyObject, value: *mut PyObject) {
    let mut o = handled;
    let mut slow = o;
    let mut toggle = false;
    loop {
        let context = (*(o as *mut PyBaseExceptionObject)).context;
        if context.is_null() {
            return;
        }
        if context == value {
            crate::objects::exceptions::set_context(o, null_mut());
            return;
        }
        o = context;
        if o == slow {
            return;
        }
        if toggle {
            slow = (*(slow as *mut PyBaseExceptionObject)).context;
        }
        toggle = !toggle;
    }
}

/// `_PyErr_GetTopmostException`: the innermost `exc_info` entry that holds an exception
/// (or the bottom one).
///
/// # Safety
/// `ts` is a live thread state.
pub unsafe fn topmost_exc_info(ts: *mut PyThreadState) -> *mut _PyErr_StackItem {
    let mut info = (*ts).exc_info;
    while ((*info).exc_value.is_null() || (*info).exc_value == crate::objects::object::none())
        && !(*info).previous_item.is_null()
    {
        info = (*info).previous_item;
    }
    info
}

/// `_PyErr_CreateException(type, value)`: `type()`, `type(*value)` for a tuple, or
/// `type(value)`; the result must be an exception instance.
///
/// # Safety
/// `exception` is a live object, `value` NULL or live.
pub unsafe fn create_exception(exception: *mut PyObject, value: *mut PyObject) -> PyResult<Ref> {
    use crate::objects::call;
    let exc = if value.is_null() || value == crate::objects::object::none() {
        call::call_no_args(exception)?
    } else if crate::objects::object::has_feature((*value).ob_type, Py_TPFLAGS_TUPLE_SUBCLASS) {
        call::call(exception, value, null_mut())?
    } else {
        call::call_one_arg(exception, value)?
    };
    if !is_exception_instance(exc.as_ptr()) {
        return Err(type_error(&format!(
            "calling {} should have returned an instance of BaseException, not {}",
            crate::objects::object::repr_for_message(exception),
            crate::objects::object::type_name(exc.as_ptr())
        )));
    }
    Ok(exc)
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

/// `_PyErr_BadInternalCall(file, line)`: the SystemError CPython's internal callers raise,
/// naming their own source position ("Python/getargs.c:2085: bad argument to internal
/// function"); callers pass the position CPython 3.11.7 reports, so messages match.
#[cold]
pub fn bad_internal_call_at(file: &str, line: u32) -> ErrSet {
    system_error(&format!("{file}:{line}: bad argument to internal function"))
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

// ---------------------------------------------------------------------------------------------
// Matching, normalization and the exception being handled.

/// `PyErr_GivenExceptionMatches(err, exc)`: `exc` may be a tuple (any item matches); an
/// instance stands for its class; classes match by subclassing, anything else by identity.
///
/// # Safety
/// Both are NULL or live objects.
pub unsafe fn given_exception_matches(err: *mut PyObject, exc: *mut PyObject) -> bool {
    if err.is_null() || exc.is_null() {
        return false;
    }
    if crate::objects::object::has_feature((*exc).ob_type, Py_TPFLAGS_TUPLE_SUBCLASS) {
        let n = (*(exc as *mut PyVarObject)).ob_size;
        let items = crate::objects::tupleobject::items(exc);
        return (0..n).any(|i| given_exception_matches(err, *items.offset(i)));
    }
    let err = if is_exception_instance(err) {
        (*err).ob_type.cast()
    } else {
        err
    };
    if is_exception_class(err) && is_exception_class(exc) {
        return crate::objects::typeobject::is_subtype(err.cast(), exc.cast());
    }
    err == exc
}

/// `PyErr_ExceptionMatches(exc)`: the pending exception matches `exc`.
///
/// # Safety
/// `exc` is NULL or live.
pub unsafe fn exception_matches(exc: *mut PyObject) -> bool {
    given_exception_matches(occurred(), exc)
}

/// How deep normalizing may recurse (an exception raised while creating the exception)
/// before RecursionError (`Py_NORMALIZE_RECURSION_LIMIT`).
const NORMALIZE_RECURSION_LIMIT: u32 = 32;

/// `PyErr_NormalizeException(&type, &value, &tb)`: makes `value` an instance of `type` (or
/// of a subclass, which then becomes the type). An exception raised by the constructor
/// replaces the triple and is normalized in turn, keeping the old traceback when the new
/// one has none.
///
/// # Safety
/// The three are NULL or owned references; they stay owned by the caller.
pub unsafe fn normalize(exc: &mut *mut PyObject, val: &mut *mut PyObject, tb: &mut *mut PyObject) {
    let ts = pystate::current_or_fatal("PyErr_NormalizeException");
    (*ts).recursion_headroom += 1;
    let mut depth = 0u32;
    loop {
        let ty = *exc;
        if ty.is_null() {
            break;
        }
        let mut value = *val;
        if value.is_null() {
            value = crate::objects::object::none();
            crate::objects::object::incref(value);
        }
        let mut ty = ty;
        let mut failed = false;
        if is_exception_class(ty) {
            let inclass: *mut PyObject = if is_exception_instance(value) {
                (*value).ob_type.cast()
            } else {
                null_mut()
            };
            let is_subclass = !inclass.is_null()
                && crate::objects::typeobject::is_subtype(inclass.cast(), ty.cast());
            if !is_subclass {
                match create_exception(ty, value) {
                    Ok(fixed) => {
                        decref(value);
                        value = fixed.into_raw();
                    }
                    Err(_) => failed = true,
                }
            } else if inclass != ty {
                crate::objects::object::incref(inclass);
                decref(ty);
                ty = inclass;
            }
        }
        if !failed {
            *exc = ty;
            *val = value;
            break;
        }
        decref(ty);
        decref(value);
        depth += 1;
        if depth == NORMALIZE_RECURSION_LIMIT {
            let _ = set_string(
                PyExc_RecursionError,
                "maximum recursion depth exceeded while normalizing an exception",
            );
        }
        let initial_tb = *tb;
        let (t, v, b) = fetch();
        *exc = t;
        *val = v;
        *tb = b;
        if !initial_tb.is_null() {
            if (*tb).is_null() {
                *tb = initial_tb;
            } else {
                decref(initial_tb);
            }
        }
        if depth >= NORMALIZE_RECURSION_LIMIT + 2 {
            let msg: &[u8] = if given_exception_matches(*exc, PyExc_MemoryError) {
                b"Cannot recover from MemoryErrors while normalizing exceptions."
            } else {
                b"Cannot recover from the recursive normalization of an exception."
            };
            crate::lifecycle::fatal::fatal_error("_PyErr_NormalizeException", msg);
        }
    }
    (*ts).recursion_headroom -= 1;
}

/// Fetches the pending exception normalized, its traceback attached to the value
/// (`PyErr_GetRaisedException`-style); `None` when no exception is set.
pub fn fetch_normalized() -> Option<(Ref, Ref, Option<Ref>)> {
    let (mut t, mut v, mut tb) = fetch();
    if t.is_null() {
        return None;
    }
    // SAFETY: fetch handed us owned references; normalize keeps them owned.
    unsafe {
        normalize(&mut t, &mut v, &mut tb);
        let tb = if tb.is_null() {
            None
        } else {
            Some(Ref::from_raw(tb))
        };
        if let Some(tb) = &tb {
            if is_exception_instance(v) {
                let _ = crate::objects::exceptions::set_traceback(v, tb.as_ptr());
            }
        }
        Some((Ref::from_raw(t), Ref::from_raw(v), tb))
    }
}

/// The type of a handled exception (None when there is none).
unsafe fn handled_type(value: *mut PyObject) -> *mut PyObject {
    if value.is_null() || value == crate::objects::object::none() {
        crate::objects::object::none()
    } else {
        (*value).ob_type.cast()
    }
}

/// The traceback of a handled exception (None when there is none).
unsafe fn handled_traceback(value: *mut PyObject) -> *mut PyObject {
    if value.is_null() || value == crate::objects::object::none() {
        return crate::objects::object::none();
    }
    let tb = (*(value as *mut PyBaseExceptionObject)).traceback;
    if tb.is_null() {
        crate::objects::object::none()
    } else {
        tb
    }
}

/// `PyErr_GetExcInfo`: new references to the handled exception's type, value and traceback
/// (None, NULL... as CPython: type and traceback None when nothing is handled, value NULL or
/// None as stored).
pub fn get_exc_info() -> (*mut PyObject, *mut PyObject, *mut PyObject) {
    let ts = pystate::current_or_fatal("PyErr_GetExcInfo");
    // SAFETY: the thread state is live; each result gets its own reference.
    unsafe {
        let value = (*topmost_exc_info(ts)).exc_value;
        let ty = handled_type(value);
        let tb = handled_traceback(value);
        crate::objects::object::xincref(ty);
        crate::objects::object::xincref(value);
        crate::objects::object::xincref(tb);
        (ty, value, tb)
    }
}

/// `PyErr_GetHandledException`: a new reference to the exception being handled, or NULL.
pub fn get_handled_exception() -> *mut PyObject {
    let ts = pystate::current_or_fatal("PyErr_GetHandledException");
    // SAFETY: the thread state is live.
    unsafe {
        let value = (*topmost_exc_info(ts)).exc_value;
        if value.is_null() || value == crate::objects::object::none() {
            return null_mut();
        }
        crate::objects::object::incref(value);
        value
    }
}

/// `PyErr_SetHandledException(exc)`: `exc` (borrowed, NULL or None clears) becomes the
/// exception being handled in the current context.
///
/// # Safety
/// `exc` is NULL or live.
pub unsafe fn set_handled_exception(exc: *mut PyObject) {
    let ts = pystate::current_or_fatal("PyErr_SetHandledException");
    crate::objects::object::xincref(exc);
    crate::objects::object::replace_slot(&raw mut (*(*ts).exc_info).exc_value, exc);
}

/// `PyErr_SetExcInfo(type, value, tb)`: steals the three; only the value is kept.
///
/// # Safety
/// Each is NULL or an owned reference.
pub unsafe fn set_exc_info(ty: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) {
    set_handled_exception(value);
    xdecref(value);
    xdecref(ty);
    xdecref(tb);
}

/// `_PyErr_ChainExceptions(typ, val, tb)`: restores the given exception, or, when another
/// one is pending, makes the given one the pending one's `__context__`. Steals the three.
///
/// # Safety
/// Each is NULL or an owned reference.
pub unsafe fn chain_exceptions(
    mut typ: *mut PyObject,
    mut val: *mut PyObject,
    mut tb: *mut PyObject,
) {
    if typ.is_null() {
        return;
    }
    if !is_exception_class(typ) {
        let _ = system_error(&format!(
            "_PyErr_ChainExceptions: exception {} is not a BaseException subclass",
            crate::objects::object::repr_for_message(typ)
        ));
        return;
    }
    if occurred().is_null() {
        let _ = restore(typ, val, tb);
        return;
    }
    let (mut typ2, mut val2, mut tb2) = fetch();
    normalize(&mut typ, &mut val, &mut tb);
    if !tb.is_null() {
        let _ = crate::objects::exceptions::set_traceback(val, tb);
        decref(tb);
    }
    decref(typ);
    normalize(&mut typ2, &mut val2, &mut tb2);
    crate::objects::exceptions::set_context(val2, val);
    let _ = restore(typ2, val2, tb2);
}

/// `_PyErr_ChainStackItem(exc_info)`: chains the pending exception to the one handled in
/// `exc_info` (the thread's when NULL), by re-raising it with that context in place.
///
/// # Safety
/// An exception is set; `exc_info` is NULL or a live stack item.
pub unsafe fn chain_stack_item(exc_info: *mut _PyErr_StackItem) {
    let ts = pystate::current_or_fatal("_PyErr_ChainStackItem");
    let given = !exc_info.is_null();
    let info = if given { exc_info } else { (*ts).exc_info };
    if (*info).exc_value.is_null() || (*info).exc_value == crate::objects::object::none() {
        return;
    }
    let saved = (*ts).exc_info;
    if given {
        (*ts).exc_info = info;
    }
    let (typ, val, tb) = fetch();
    let _ = set_object(typ, val);
    xdecref(typ);
    xdecref(val);
    xdecref(tb);
    if given {
        (*ts).exc_info = saved;
    }
}

/// Raises `exception(msg)` with the pending exception as its `__cause__` and `__context__`
/// (`_PyErr_FormatFromCause`).
///
/// # Safety
/// An exception is set; `exception` is an exception class.
pub unsafe fn set_string_from_cause(exception: *mut PyObject, msg: &str) -> ErrSet {
    let Some((_, cause, _)) = fetch_normalized() else {
        return set_string(exception, msg);
    };
    let _ = set_string(exception, msg);
    let (mut t, mut v, mut tb) = fetch();
    normalize(&mut t, &mut v, &mut tb);
    crate::objects::exceptions::set_cause(v, cause.clone().into_raw());
    crate::objects::exceptions::set_context(v, cause.into_raw());
    restore(t, v, tb)
}

// ---------------------------------------------------------------------------------------------
// Raising from errno, import errors, syntax locations.

/// `strerror(errno)` as a str (decoded from the locale with surrogateescape, as CPython).
unsafe fn strerror_text(errno: i32) -> PyResult<Ref> {
    let s = libc::strerror(errno);
    let bytes = core::ffi::CStr::from_ptr(s).to_bytes();
    crate::objects::unicodeobject::from_utf8(bytes, Some("surrogateescape"))
}

/// `PyErr_SetFromErrnoWithFilenameObjects(exc, filename, filename2)`: raises
/// `exc(errno, strerror(errno)[, filename, 0, filename2])` (which picks the errno subclass
/// for OSError). Reads `errno` first.
///
/// # Safety
/// `exc` is an exception class; the filenames are NULL or live.
pub unsafe fn set_from_errno_with_filenames(
    exc: *mut PyObject,
    filename: *mut PyObject,
    filename2: *mut PyObject,
) -> ErrSet {
    let errno = *libc::__errno_location();
    // CPython runs pending signal handlers here for EINTR (PyErr_CheckSignals); that
    // belongs to the signal machinery, which raises through the eval loop instead.
    let message = if errno != 0 {
        strerror_text(errno)
    } else {
        crate::objects::unicodeobject::new_str("Error")
    };
    let message = match message {
        Ok(m) => m,
        Err(e) => return e,
    };
    let code = match crate::objects::longobject::from_i64(errno as i64) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let args = if !filename.is_null() {
        if !filename2.is_null() {
            let zero = match crate::objects::longobject::from_i64(0) {
                Ok(z) => z,
                Err(e) => return e,
            };
            crate::objects::tupleobject::pack(&[
                code.as_ptr(),
                message.as_ptr(),
                filename,
                zero.as_ptr(),
                filename2,
            ])
        } else {
            crate::objects::tupleobject::pack(&[code.as_ptr(), message.as_ptr(), filename])
        }
    } else {
        crate::objects::tupleobject::pack(&[code.as_ptr(), message.as_ptr()])
    };
    let args = match args {
        Ok(a) => a,
        Err(e) => return e,
    };
    match crate::objects::call::call(exc, args.as_ptr(), null_mut()) {
        Ok(v) => set_object((*v.as_ptr()).ob_type.cast(), v.as_ptr()),
        Err(e) => e,
    }
}

/// `PyErr_SetImportErrorSubclass(exception, msg, name, path)`: raises
/// `exception(msg, name=name, path=path)`.
///
/// # Safety
/// Arguments are NULL or live.
pub unsafe fn set_import_error_subclass(
    exception: *mut PyObject,
    msg: *mut PyObject,
    name: *mut PyObject,
    path: *mut PyObject,
) -> ErrSet {
    let issubclass = is_exception_class(exception)
        && crate::objects::typeobject::is_subtype(exception.cast(), PyExc_ImportError.cast());
    if !issubclass {
        return type_error("expected a subclass of ImportError");
    }
    if msg.is_null() {
        return type_error("expected a message argument");
    }
    let none = crate::objects::object::none();
    let name = if name.is_null() { none } else { name };
    let path = if path.is_null() { none } else { path };
    let result = (|| {
        let kwargs = crate::objects::dictobject::new()?;
        crate::objects::dictobject::set_item_str(kwargs.as_ptr(), "name", name)?;
        crate::objects::dictobject::set_item_str(kwargs.as_ptr(), "path", path)?;
        let args = [msg];
        crate::objects::call::vectorcall_dict(exception, args.as_ptr(), 1, kwargs.as_ptr())
    })();
    match result {
        Ok(err) => set_object((*err.as_ptr()).ob_type.cast(), err.as_ptr()),
        Err(e) => e,
    }
}

/// `PyErr_SyntaxLocationObject` and friends: attaches `filename`, `lineno`, `offset`,
/// `end_lineno`, `end_offset` and the source line (`text`) to the pending exception, and for
/// a non-SyntaxError also `msg` and `print_file_and_line`, so it prints like one. Failures
/// to set an attribute are ignored, as in CPython.
///
/// # Safety
/// An exception is set; `filename` is NULL or live.
pub unsafe fn syntax_location(
    filename: *mut PyObject,
    lineno: i32,
    col_offset: i32,
    end_lineno: i32,
    end_col_offset: i32,
) {
    use crate::objects::object::{none, set_attr_str};
    let (mut exc, mut v, mut tb) = fetch();
    normalize(&mut exc, &mut v, &mut tb);
    let set = |name: &str, value: PyResult<Ref>| match value {
        Ok(value) => {
            if set_attr_str(v, name, value.as_ptr()).is_err() {
                clear();
            }
        }
        Err(_) => clear(),
    };
    let int_or_none = |n: i32| -> PyResult<Ref> {
        if n >= 0 {
            crate::objects::longobject::from_i64(n as i64)
        } else {
            Ok(Ref::from_borrowed(none()))
        }
    };
    set(
        "lineno",
        crate::objects::longobject::from_i64(lineno as i64),
    );
    set("offset", int_or_none(col_offset));
    set("end_lineno", int_or_none(end_lineno));
    set("end_offset", int_or_none(end_col_offset));
    if !filename.is_null() {
        set("filename", Ok(Ref::from_borrowed(filename)));
        if let Some(text) = program_text_object(filename, lineno) {
            set("text", Ok(text));
        }
    }
    if exc != PyExc_SyntaxError {
        match crate::objects::object::lookup_attr_str(v, "msg") {
            Err(_) => clear(),
            Ok(Some(_)) => {}
            Ok(None) => set("msg", crate::objects::object::str(v)),
        }
        match crate::objects::object::lookup_attr_str(v, "print_file_and_line") {
            Err(_) => clear(),
            Ok(Some(_)) => {}
            Ok(None) => set("print_file_and_line", Ok(Ref::from_borrowed(none()))),
        }
    }
    let _ = restore(exc, v, tb);
}

/// The source line `lineno` (1-based) of a file as CPython's `err_programtext` reads it:
/// universal newlines, the line's newline kept, lines read in pieces of at most 999 bytes
/// (a longer line yields its last piece). `None` (no exception) when unavailable.
pub fn program_text_lines(path: &std::path::Path, lineno: i32) -> Option<Vec<u8>> {
    if lineno <= 0 {
        return None;
    }
    let data = std::fs::read(path).ok()?;
    const PIECE: usize = 999;
    let mut pos = 0usize;
    let mut piece: Vec<u8> = Vec::new();
    for _ in 0..lineno {
        // One fgets loop: pieces until one ends with a newline or the file ends.
        loop {
            if pos >= data.len() {
                return None;
            }
            piece.clear();
            while piece.len() < PIECE && pos < data.len() {
                let c = data[pos];
                pos += 1;
                if c == b'\r' {
                    if pos < data.len() && data[pos] == b'\n' {
                        pos += 1;
                    }
                    piece.push(b'\n');
                    break;
                }
                piece.push(c);
                if c == b'\n' {
                    break;
                }
            }
            if piece.len() < PIECE - 1 || piece.last() == Some(&b'\n') || pos >= data.len() {
                break;
            }
        }
    }
    // fgets stops at a NUL for C's strlen: the text ends there.
    if let Some(nul) = piece.iter().position(|&c| c == 0) {
        piece.truncate(nul);
    }
    Some(piece)
}

/// `PyErr_ProgramTextObject(filename, lineno)`: the line as a str, or `None` without an
/// exception.
///
/// # Safety
/// `filename` is NULL or live.
pub unsafe fn program_text_object(filename: *mut PyObject, lineno: i32) -> Option<Ref> {
    if filename.is_null() || lineno <= 0 || !crate::objects::object::is_str(filename) {
        return None;
    }
    let path = crate::objects::unicodeobject::to_string_lossy(filename);
    let line = program_text_lines(std::path::Path::new(&path), lineno)?;
    match crate::objects::unicodeobject::from_utf8(&line, None) {
        Ok(s) => Some(s),
        Err(_) => {
            clear();
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// New exception classes.

/// `PyErr_NewException(name, base, dict)` / `PyErr_NewExceptionWithDoc`: a heap class made
/// by `type(name_after_dot, bases, dict)` with `__module__` set from the part before the
/// last dot (unless the dict has one) and `__doc__` from `doc`.
///
/// # Safety
/// `base` is NULL, a class or a tuple of classes; `dict` is NULL or a dict.
pub unsafe fn new_exception(
    name: &str,
    base: *mut PyObject,
    dict: *mut PyObject,
    doc: Option<&str>,
) -> PyResult<Ref> {
    use crate::objects::{dictobject, tupleobject, unicodeobject};
    let dict = if dict.is_null() {
        dictobject::new()?
    } else {
        Ref::from_borrowed(dict)
    };
    if let Some(doc) = doc {
        let doc = unicodeobject::new_str(doc)?;
        dictobject::set_item_str(dict.as_ptr(), "__doc__", doc.as_ptr())?;
    }
    let Some(dot) = name.rfind('.') else {
        return Err(system_error(
            "PyErr_NewException: name must be module.class",
        ));
    };
    let base = if base.is_null() {
        PyExc_Exception
    } else {
        base
    };
    if dictobject::get_item_str(dict.as_ptr(), "__module__")?.is_none() {
        let module = unicodeobject::new_str(&name[..dot])?;
        dictobject::set_item_str(dict.as_ptr(), "__module__", module.as_ptr())?;
    }
    let bases = if crate::objects::object::has_feature((*base).ob_type, Py_TPFLAGS_TUPLE_SUBCLASS) {
        Ref::from_borrowed(base)
    } else {
        tupleobject::pack(&[base])?
    };
    let class_name = unicodeobject::new_str(&name[dot + 1..])?;
    let args = tupleobject::pack(&[class_name.as_ptr(), bases.as_ptr(), dict.as_ptr()])?;
    crate::objects::call::call(
        (&raw mut crate::objects::typeobject::PyType_Type).cast(),
        args.as_ptr(),
        null_mut(),
    )
}

// ---------------------------------------------------------------------------------------------
// Unraisable exceptions and printing.

/// Writes text to the process's standard error (the fallback for `sys.stderr`).
fn write_stderr(text: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// `module.qualname` of an exception class as tracebacks print it (the module is left out
/// for builtins and __main__; `<unknown>` when unavailable).
unsafe fn exception_class_display_name(ty: *mut PyObject) -> String {
    let mut out = String::new();
    match crate::objects::object::get_attr_str(ty, "__module__") {
        Ok(m) if crate::objects::object::is_str(m.as_ptr()) => {
            let m = crate::objects::unicodeobject::to_string_lossy(m.as_ptr());
            if m != "builtins" && m != "__main__" {
                out.push_str(&m);
                out.push('.');
            }
        }
        Ok(_) | Err(_) => {
            clear();
            out.push_str("<unknown>");
        }
    }
    match crate::objects::object::get_attr_str(ty, "__qualname__") {
        Ok(q) if crate::objects::object::is_str(q.as_ptr()) => {
            out.push_str(&crate::objects::unicodeobject::to_string_lossy(q.as_ptr()))
        }
        Ok(_) | Err(_) => {
            clear();
            out.push_str("<unknown>");
        }
    }
    out
}

/// `str(obj)` for printing, or `None` (exception cleared) when it fails.
unsafe fn str_or_none(obj: *mut PyObject) -> Option<String> {
    match crate::objects::object::str(obj) {
        Ok(s) => Some(crate::objects::unicodeobject::to_string_lossy(s.as_ptr())),
        Err(_) => {
            clear();
            None
        }
    }
}

/// The text `sys.unraisablehook`'s default writes for one unraisable exception.
unsafe fn unraisable_text(
    exc_type: *mut PyObject,
    exc_value: *mut PyObject,
    exc_tb: *mut PyObject,
    err_msg: Option<&str>,
    obj: *mut PyObject,
) -> String {
    let none = crate::objects::object::none();
    let mut out = String::new();
    if !obj.is_null() && obj != none {
        match err_msg {
            Some(m) => {
                out.push_str(m);
                out.push_str(": ");
            }
            None => out.push_str("Exception ignored in: "),
        }
        match crate::objects::object::repr(obj) {
            Ok(r) => out.push_str(&crate::objects::unicodeobject::to_string_lossy(r.as_ptr())),
            Err(_) => {
                clear();
                out.push_str("<object repr() failed>");
            }
        }
        out.push('\n');
    } else if let Some(m) = err_msg {
        out.push_str(m);
        out.push_str(":\n");
    }
    if !exc_tb.is_null() && exc_tb != none {
        out.push_str(&crate::objects::traceback::format_traceback(exc_tb));
    }
    if exc_type.is_null() || exc_type == none {
        return out;
    }
    out.push_str(&exception_class_display_name(exc_type));
    if !exc_value.is_null() && exc_value != none {
        out.push_str(": ");
        out.push_str(
            &str_or_none(exc_value).unwrap_or_else(|| "<exception str() failed>".to_string()),
        );
    }
    out.push('\n');
    out
}

/// `_PyErr_WriteUnraisableMsg(err_msg, obj)` / `PyErr_WriteUnraisable(obj)`: reports the
/// pending exception, which cannot be raised, and clears it. Without a `sys.unraisablehook`
/// (this runtime has no `sys` module yet) the default hook's text goes to standard error:
/// `Exception ignored in: <repr(obj)>`, the traceback, then `Type: message`.
///
/// # Safety
/// A thread state is current; `obj` is NULL or live.
pub unsafe fn write_unraisable_msg(err_msg: Option<&str>, obj: *mut PyObject) {
    let Some((ty, value, tb)) = fetch_normalized() else {
        return;
    };
    let msg = err_msg.map(|m| format!("Exception ignored {m}"));
    let text = unraisable_text(
        ty.as_ptr(),
        value.as_ptr(),
        tb.as_ref().map_or(null_mut(), |t| t.as_ptr()),
        msg.as_deref(),
        obj,
    );
    write_stderr(&text);
    clear();
}

/// `PyErr_WriteUnraisable(obj)`.
///
/// # Safety
/// As [`write_unraisable_msg`].
pub unsafe fn write_unraisable(obj: *mut PyObject) {
    write_unraisable_msg(None, obj)
}



#[cfg(test)]
mod tests {
    use super::program_text_lines;

    #[test]
    fn program_text_reads_lines_as_fgets_with_universal_newlines() {
        let _runtime = crate::testing::hold_runtime();
        let dir = std::env::temp_dir().join(format!("ferrython-errors-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("prog.py");
        let long = "x".repeat(1500);
        std::fs::write(&path, format!("first\r\nsecond\rthird\n{long}\nlast")).unwrap();
        assert_eq!(program_text_lines(&path, 1).unwrap(), b"first\n");
        assert_eq!(program_text_lines(&path, 2).unwrap(), b"second\n");
        assert_eq!(program_text_lines(&path, 3).unwrap(), b"third\n");
        // A line longer than fgets' buffer yields its last piece, as CPython's loop does.
        let piece = program_text_lines(&path, 4).unwrap();
        assert_eq!(piece, format!("{}\n", "x".repeat(1500 - 999)).as_bytes());
        assert_eq!(program_text_lines(&path, 5).unwrap(), b"last");
        assert!(program_text_lines(&path, 6).is_none());
        assert!(program_text_lines(&path, 0).is_none());
        assert!(program_text_lines(&dir.join("missing.py"), 1).is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
