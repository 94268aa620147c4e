//! `None` and `NotImplemented`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut _PyNone_Type: PyTypeObject = PyTypeObject {
    tp_repr: Some(none_repr),
    tp_as_number: &raw mut NONE_AS_NUMBER,
    tp_new: Some(none_new),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"NoneType", 0, 0, Py_TPFLAGS_DEFAULT)
};

static mut NONE_AS_NUMBER: crate::abi::object::PyNumberMethods = crate::abi::object::PyNumberMethods {
    nb_bool: Some(none_bool),
    ..crate::abi::object::PyNumberMethods::EMPTY
};

unsafe extern "C" fn none_bool(_op: *mut PyObject) -> core::ffi::c_int {
    0
}

/// `type(None)()` is None; arguments are refused.
unsafe extern "C" fn none_new(_tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    singleton_new(args, kwargs, "NoneType takes no arguments", &raw mut _Py_NoneStruct)
}

/// `tp_new` of the singleton types: the singleton, or TypeError(msg) when given arguments.
unsafe fn singleton_new(args: *mut PyObject, kwargs: *mut PyObject, msg: &str, single: *mut PyObject) -> *mut PyObject {
    let nargs = if args.is_null() { 0 } else { (*(args as *mut PyVarObject)).ob_size };
    if nargs != 0 || (!kwargs.is_null() && crate::objects::dictobject::len(kwargs) != 0) {
        return errors::ptr_result(Err(errors::type_error(msg)));
    }
    incref(single);
    single
}

/// `repr(None)`.
unsafe extern "C" fn none_repr(_op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(super::unicodeobject::new_str("None"))
}

#[no_mangle]
pub static mut _PyNotImplemented_Type: PyTypeObject = PyTypeObject {
    tp_repr: Some(notimplemented_repr),
    tp_as_number: &raw mut NOTIMPLEMENTED_AS_NUMBER,
    tp_methods: (&raw mut NOTIMPLEMENTED_METHODS).cast(),
    tp_new: Some(notimplemented_new),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"NotImplementedType", 0, 0, Py_TPFLAGS_DEFAULT)
};

static mut NOTIMPLEMENTED_AS_NUMBER: crate::abi::object::PyNumberMethods = crate::abi::object::PyNumberMethods {
    nb_bool: Some(notimplemented_bool),
    ..crate::abi::object::PyNumberMethods::EMPTY
};

/// `bool(NotImplemented)`: true, with 3.9+'s DeprecationWarning.
unsafe extern "C" fn notimplemented_bool(_op: *mut PyObject) -> core::ffi::c_int {
    match crate::modules::warnings::warn(
        crate::objects::exceptions::PyExc_DeprecationWarning,
        "NotImplemented should not be used in a boolean context",
        1,
    ) {
        Ok(()) => 1,
        Err(_) => -1,
    }
}

unsafe extern "C" fn notimplemented_new(_tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    singleton_new(args, kwargs, "NotImplementedType takes no arguments", &raw mut _Py_NotImplementedStruct)
}

static mut NOTIMPLEMENTED_METHODS: [crate::abi::methodobject::PyMethodDef; 2] = [
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(notimplemented_reduce),
        ml_flags: crate::abi::methodobject::METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    crate::abi::methodobject::PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
];

/// `NotImplemented.__reduce__()`: its name (pickled as the global).
unsafe extern "C" fn notimplemented_reduce(_op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(super::unicodeobject::new_str("NotImplemented"))
}

/// `repr(NotImplemented)`.
unsafe extern "C" fn notimplemented_repr(_op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(super::unicodeobject::new_str("NotImplemented"))
}

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

// ---------------------------------------------------------------------------------------------
// The object protocol (CPython's Objects/object.c): repr/str, hashing, rich comparison, truth,
// attribute access with descriptor precedence, and the recursion guard they share.

pub use protocol::*;
#[allow(unpredictable_function_pointer_comparisons)] // CPython compares slot functions
mod protocol {
    use super::*;

    use crate::objects::typeobject::{is_subtype, type_lookup};
    use crate::objects::exceptions::{PyExc_AttributeError, PyExc_KeyError, PyExc_RecursionError};
    use core::ffi::{c_char, c_int, CStr};

    /// A type's `tp_name` cut to at most `max` bytes, as CPython's `%.<max>s` does.
    ///
    /// # Safety
    /// `tp` points to a type object.
    pub unsafe fn type_name_trunc(tp: *mut PyTypeObject, max: usize) -> String {
        let name = (*tp).tp_name;
        if name.is_null() {
            return String::new();
        }
        let bytes = CStr::from_ptr(name).to_bytes();
        String::from_utf8_lossy(&bytes[..bytes.len().min(max)]).into_owned()
    }

    /// The text of a str object, for `%U` in messages.
    ///
    /// # Safety
    /// `op` is a live str.
    pub unsafe fn str_text(op: *mut PyObject) -> String {
        crate::objects::unicodeobject::to_string_lossy(op)
    }

    /// `PyUnicode_Check`.
    ///
    /// # Safety
    /// `op` points to a live object.
    #[inline(always)]
    pub unsafe fn is_str(op: *mut PyObject) -> bool {
        has_feature(py_type(op), Py_TPFLAGS_UNICODE_SUBCLASS)
    }

    /// `PyType_Check`.
    ///
    /// # Safety
    /// `op` points to a live object.
    #[inline(always)]
    pub unsafe fn is_type_object(op: *mut PyObject) -> bool {
        has_feature(py_type(op), Py_TPFLAGS_TYPE_SUBCLASS)
    }

    /// `_Py_EnterRecursiveCall(where)`: counts one level of C recursion; past the limit raises
    /// `RecursionError("maximum recursion depth exceeded" + where)`.
    ///
    /// # Safety
    /// A thread state is current.
    pub unsafe fn enter_recursive_call(where_: &str) -> PyResult<()> {
        let ts = crate::lifecycle::pystate::current_or_fatal("_Py_EnterRecursiveCall");
        (*ts).recursion_remaining -= 1;
        if (*ts).recursion_remaining >= 0 {
            return Ok(());
        }
        if (*ts).recursion_headroom != 0 {
            if (*ts).recursion_remaining < -50 {
                crate::lifecycle::fatal::fatal_error("_Py_CheckRecursiveCall", b"Cannot recover from stack overflow.");
            }
            return Ok(());
        }
        (*ts).recursion_headroom += 1;
        let err = errors::set_string(PyExc_RecursionError, &format!("maximum recursion depth exceeded{where_}"));
        (*ts).recursion_headroom -= 1;
        (*ts).recursion_remaining += 1;
        Err(err)
    }

    /// `_Py_LeaveRecursiveCall()`.
    ///
    /// # Safety
    /// Pairs with a successful [`enter_recursive_call`].
    pub unsafe fn leave_recursive_call() {
        let ts = crate::lifecycle::pystate::current();
        if !ts.is_null() {
            (*ts).recursion_remaining += 1;
        }
    }

    /// The default repr, `<T object at 0x...>`.
    ///
    /// # Safety
    /// `op` points to a live object.
    pub unsafe fn default_repr(op: *mut PyObject) -> PyResult<Ref> {
        crate::objects::unicodeobject::new_str(&format!("<{} object at {:p}>", type_name(op), op))
    }

    /// `PyObject_Repr`.
    ///
    /// # Safety
    /// `op` is NULL or points to a live object; a thread state is current.
    pub unsafe fn repr(op: *mut PyObject) -> PyResult<Ref> {
        if op.is_null() {
            return crate::objects::unicodeobject::new_str("<NULL>");
        }
        let tp = py_type(op);
        let Some(f) = (*tp).tp_repr else { return default_repr(op) };
        enter_recursive_call(" while getting the repr of an object")?;
        let res = Ref::from_result(f(op));
        leave_recursive_call();
        let res = res?;
        if !is_str(res.as_ptr()) {
            return Err(errors::type_error(&format!(
                "__repr__ returned non-string (type {})",
                type_name_trunc(res.ob_type(), 200)
            )));
        }
        Ok(res)
    }

    /// `PyObject_Str`.
    ///
    /// # Safety
    /// `op` is NULL or points to a live object; a thread state is current.
    pub unsafe fn str(op: *mut PyObject) -> PyResult<Ref> {
        if op.is_null() {
            return crate::objects::unicodeobject::new_str("<NULL>");
        }
        let tp = py_type(op);
        if tp == &raw mut crate::objects::unicodeobject::PyUnicode_Type {
            return Ok(new_ref(op));
        }
        let Some(f) = (*tp).tp_str else { return repr(op) };
        enter_recursive_call(" while getting the str of an object")?;
        let res = Ref::from_result(f(op));
        leave_recursive_call();
        let res = res?;
        if !is_str(res.as_ptr()) {
            return Err(errors::type_error(&format!(
                "__str__ returned non-string (type {})",
                type_name_trunc(res.ob_type(), 200)
            )));
        }
        Ok(res)
    }

    /// `PyObject_HashNotImplemented`: the `tp_hash` of unhashable types (`__hash__ = None`).
    ///
    /// # Safety
    /// `op` points to a live object.
    #[no_mangle]
    pub unsafe extern "C" fn PyObject_HashNotImplemented(op: *mut PyObject) -> Py_hash_t {
        crate::lifecycle::fatal::fatal_on_panic("PyObject_HashNotImplemented", || {
            let _ = errors::type_error(&format!("unhashable type: '{}'", type_name_trunc(py_type(op), 200)));
            -1
        })
    }

    /// `PyObject_Hash`.
    ///
    /// # Safety
    /// `op` points to a live object; a thread state is current.
    pub unsafe fn hash(op: *mut PyObject) -> PyResult<Py_hash_t> {
        let tp = py_type(op);
        let f = match (*tp).tp_hash {
            Some(f) => Some(f),
            None if (*tp).tp_dict.is_null() => {
                crate::objects::typeobject::ready(tp)?;
                (*tp).tp_hash
            }
            None => None,
        };
        let h = match f {
            Some(f) => f(op),
            None => PyObject_HashNotImplemented(op),
        };
        if h == -1 && !errors::occurred().is_null() {
            return Err(errors::ErrSet::assume_set());
        }
        Ok(h)
    }

    /// The operator text of `Py_LT`..`Py_GE`, for messages.
    const RICHCOMPARE_OPS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

    /// `Py_True` / `Py_False` as a new reference.
    #[inline]
    pub fn new_bool(b: bool) -> Ref {
        // SAFETY: the bool singletons are static objects.
        unsafe {
            let p: *mut PyObject = if b {
                (&raw mut crate::objects::boolobject::_Py_TrueStruct).cast()
            } else {
                (&raw mut crate::objects::boolobject::_Py_FalseStruct).cast()
            };
            Ref::from_borrowed(p)
        }
    }

    /// `do_richcompare`: the reflected operation of a right operand whose type is a proper
    /// subclass goes first; `==`/`!=` fall back to identity; ordering raises TypeError.
    unsafe fn do_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> PyResult<Ref> {
        let (vt, wt) = (py_type(v), py_type(w));
        let swapped = _Py_SwappedOp[op as usize];
        let mut checked_reverse = false;
        if vt != wt && is_subtype(wt, vt) {
            if let Some(f) = (*wt).tp_richcompare {
                checked_reverse = true;
                let res = Ref::from_result(f(w, v, swapped))?;
                if res.as_ptr() != not_implemented() {
                    return Ok(res);
                }
            }
        }
        if let Some(f) = (*vt).tp_richcompare {
            let res = Ref::from_result(f(v, w, op))?;
            if res.as_ptr() != not_implemented() {
                return Ok(res);
            }
        }
        if !checked_reverse {
            if let Some(f) = (*wt).tp_richcompare {
                let res = Ref::from_result(f(w, v, swapped))?;
                if res.as_ptr() != not_implemented() {
                    return Ok(res);
                }
            }
        }
        match op {
            Py_EQ => Ok(new_bool(v == w)),
            Py_NE => Ok(new_bool(v != w)),
            _ => Err(errors::type_error(&format!(
                "'{}' not supported between instances of '{}' and '{}'",
                RICHCOMPARE_OPS[op as usize],
                type_name_trunc(vt, 100),
                type_name_trunc(wt, 100)
            ))),
        }
    }

    /// Comparison operators (object.h).
    pub const Py_LT: c_int = 0;
    pub const Py_LE: c_int = 1;
    pub const Py_EQ: c_int = 2;
    pub const Py_NE: c_int = 3;
    pub const Py_GT: c_int = 4;
    pub const Py_GE: c_int = 5;

    /// `PyObject_RichCompare`.
    ///
    /// # Safety
    /// `v`, `w` are NULL or live objects; a thread state is current.
    pub unsafe fn rich_compare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> PyResult<Ref> {
        if !(Py_LT..=Py_GE).contains(&op) || v.is_null() || w.is_null() {
            if errors::occurred().is_null() {
                return Err(errors::bad_internal_call());
            }
            return Err(errors::ErrSet::assume_set());
        }
        enter_recursive_call(" in comparison")?;
        let res = do_richcompare(v, w, op);
        leave_recursive_call();
        res
    }

    /// `PyObject_RichCompareBool`: identity implies equality for `==` and `!=`.
    ///
    /// # Safety
    /// As [`rich_compare`].
    pub unsafe fn rich_compare_bool(v: *mut PyObject, w: *mut PyObject, op: c_int) -> PyResult<bool> {
        if v == w && !v.is_null() {
            if op == Py_EQ {
                return Ok(true);
            }
            if op == Py_NE {
                return Ok(false);
            }
        }
        let res = rich_compare(v, w, op)?;
        if res.ob_type() == &raw mut crate::objects::boolobject::PyBool_Type {
            return Ok(res.as_ptr() == (&raw mut crate::objects::boolobject::_Py_TrueStruct).cast());
        }
        is_true(res.as_ptr())
    }

    /// `PyObject_IsTrue`.
    ///
    /// # Safety
    /// `op` points to a live object; a thread state is current.
    pub unsafe fn is_true(op: *mut PyObject) -> PyResult<bool> {
        if op == (&raw mut crate::objects::boolobject::_Py_TrueStruct).cast() {
            return Ok(true);
        }
        if op == (&raw mut crate::objects::boolobject::_Py_FalseStruct).cast() || op == none() {
            return Ok(false);
        }
        let tp = py_type(op);
        let n: Py_ssize_t = if !(*tp).tp_as_number.is_null() && (*(*tp).tp_as_number).nb_bool.is_some() {
            ((*(*tp).tp_as_number).nb_bool.unwrap_unchecked())(op) as Py_ssize_t
        } else if !(*tp).tp_as_mapping.is_null() && (*(*tp).tp_as_mapping).mp_length.is_some() {
            ((*(*tp).tp_as_mapping).mp_length.unwrap_unchecked())(op)
        } else if !(*tp).tp_as_sequence.is_null() && (*(*tp).tp_as_sequence).sq_length.is_some() {
            ((*(*tp).tp_as_sequence).sq_length.unwrap_unchecked())(op)
        } else {
            return Ok(true);
        };
        if n < 0 {
            return Err(errors::ErrSet::assume_set());
        }
        Ok(n > 0)
    }

    /// `PyObject_Not`.
    ///
    /// # Safety
    /// As [`is_true`].
    pub unsafe fn not(op: *mut PyObject) -> PyResult<bool> {
        is_true(op).map(|b| !b)
    }

    /// The raise for a non-str attribute name.
    unsafe fn bad_attr_name(name: *mut PyObject) -> errors::ErrSet {
        errors::type_error(&format!("attribute name must be string, not '{}'", type_name_trunc(py_type(name), 200)))
    }

    /// `'T' object has no attribute 'name'` (AttributeError).
    ///
    /// # Safety
    /// `tp` is a type, `name` a str.
    pub unsafe fn no_attribute(tp: *mut PyTypeObject, name: *mut PyObject, max: usize) -> errors::ErrSet {
        errors::set_string(
            PyExc_AttributeError,
            &format!("'{}' object has no attribute '{}'", type_name_trunc(tp, max), str_text(name)),
        )
    }

    /// `PyObject_GetAttr`.
    ///
    /// # Safety
    /// `op`, `name` point to live objects; a thread state is current.
    pub unsafe fn get_attr(op: *mut PyObject, name: *mut PyObject) -> PyResult<Ref> {
        if !is_str(name) {
            return Err(bad_attr_name(name));
        }
        let tp = py_type(op);
        let r = if let Some(f) = (*tp).tp_getattro {
            Ref::from_result(f(op, name))
        } else if let Some(f) = (*tp).tp_getattr {
            let cname = crate::objects::unicodeobject::as_utf8(name)?;
            let owned = std::ffi::CString::new(cname).map_err(|_| errors::value_error("embedded null character"))?;
            Ref::from_result(f(op, owned.as_ptr() as *mut c_char))
        } else {
            Err(no_attribute(tp, name, 50))
        };
        if r.is_err() {
            set_attribute_error_context(op, name);
        }
        r
    }

    /// `set_attribute_error_context`: an AttributeError leaving `PyObject_GetAttr` records the
    /// object and the name (once), for the "Did you mean" suggestion.
    pub unsafe fn set_attribute_error_context(v: *mut PyObject, name: *mut PyObject) {
        if !errors::exception_matches(PyExc_AttributeError) {
            return;
        }
        let (mut t, mut val, mut tb) = errors::fetch();
        errors::normalize(&mut t, &mut val, &mut tb);
        if !val.is_null() && errors::given_exception_matches(val, PyExc_AttributeError) {
            let e = val as *mut crate::abi::pyerrors::PyAttributeErrorObject;
            if (*e).name.is_null() && (*e).obj.is_null() {
                incref(name);
                (*e).name = name;
                incref(v);
                (*e).obj = v;
            }
        }
        let _ = errors::restore(t, val, tb);
    }

    /// `PyObject_GetAttrString` with a Rust name.
    ///
    /// # Safety
    /// `op` points to a live object; a thread state is current.
    pub unsafe fn get_attr_str(op: *mut PyObject, name: &str) -> PyResult<Ref> {
        let name = crate::objects::unicodeobject::new_str(name)?;
        get_attr(op, name.as_ptr())
    }

    /// True if the pending exception is an `AttributeError` (or subclass).
    unsafe fn attribute_error_pending() -> bool {
        let exc = errors::occurred();
        !exc.is_null() && is_type_object(exc) && is_subtype(exc.cast(), PyExc_AttributeError.cast())
    }

    /// `_PyObject_LookupAttr`: `Ok(None)` (no exception) when the attribute is missing.
    ///
    /// # Safety
    /// As [`get_attr`].
    pub unsafe fn lookup_attr(op: *mut PyObject, name: *mut PyObject) -> PyResult<Option<Ref>> {
        if !is_str(name) {
            return Err(bad_attr_name(name));
        }
        let tp = py_type(op);
        if (*tp).tp_getattro == Some(PyObject_GenericGetAttr) {
            return generic_get_attr_with_dict(op, name, null_mut(), true);
        }
        match get_attr(op, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                if attribute_error_pending() {
                    errors::clear();
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }

    /// `PyObject_HasAttr`: errors count as "no".
    ///
    /// # Safety
    /// As [`get_attr`].
    pub unsafe fn has_attr(op: *mut PyObject, name: *mut PyObject) -> bool {
        match lookup_attr(op, name) {
            Ok(v) => v.is_some(),
            Err(_) => {
                errors::clear();
                false
            }
        }
    }

    /// `PyObject_SetAttr` (`value` NULL deletes).
    ///
    /// # Safety
    /// `op`, `name` live objects, `value` NULL or live; a thread state is current.
    pub unsafe fn set_attr(op: *mut PyObject, name: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
        if !is_str(name) {
            return Err(bad_attr_name(name));
        }
        let tp = py_type(op);
        let name = crate::objects::unicodeobject::intern(new_ref(name));
        if let Some(f) = (*tp).tp_setattro {
            return if f(op, name.as_ptr(), value) < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(()) };
        }
        if let Some(f) = (*tp).tp_setattr {
            let cname = crate::objects::unicodeobject::as_utf8(name.as_ptr())?;
            let owned = std::ffi::CString::new(cname).map_err(|_| errors::value_error("embedded null character"))?;
            return if f(op, owned.as_ptr() as *mut c_char, value) < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(()) };
        }
        let what = if value.is_null() { "del" } else { "assign to" };
        if (*tp).tp_getattr.is_none() && (*tp).tp_getattro.is_none() {
            Err(errors::type_error(&format!(
                "'{}' object has no attributes ({what} .{})",
                type_name_trunc(tp, 100),
                str_text(name.as_ptr())
            )))
        } else {
            Err(errors::type_error(&format!(
                "'{}' object has only read-only attributes ({what} .{})",
                type_name_trunc(tp, 100),
                str_text(name.as_ptr())
            )))
        }
    }

    /// `PyObject_SetAttrString` with a Rust name.
    ///
    /// # Safety
    /// As [`set_attr`].
    pub unsafe fn set_attr_str(op: *mut PyObject, name: &str, value: *mut PyObject) -> PyResult<()> {
        let name = crate::objects::unicodeobject::new_str(name)?;
        set_attr(op, name.as_ptr(), value)
    }

    /// `_PyObject_GetDictPtr` / `_PyObject_DictPointer`: where the instance `__dict__` pointer
    /// lives (the managed-dict pre-header slot, or `tp_dictoffset`, negative counting from the
    /// end of a variable-size object), or NULL when instances have no dict.
    ///
    /// # Safety
    /// `op` points to a live object.
    pub unsafe fn dict_ptr(op: *mut PyObject) -> *mut *mut PyObject {
        let tp = py_type(op);
        if has_feature(tp, Py_TPFLAGS_MANAGED_DICT) {
            return (op as *mut *mut PyObject).wrapping_sub(3);
        }
        let mut offset = (*tp).tp_dictoffset;
        if offset == 0 {
            return null_mut();
        }
        if offset < 0 {
            let n = (*(op as *mut PyVarObject)).ob_size.unsigned_abs() as Py_ssize_t;
            offset += var_size(tp, n).unwrap_or(0) as Py_ssize_t;
        }
        (op as *mut u8).offset(offset) as *mut *mut PyObject
    }

    /// True if `descr` is a data descriptor (its type defines `__set__`).
    ///
    /// # Safety
    /// `descr` points to a live object.
    #[inline]
    pub unsafe fn is_data_descr(descr: *mut PyObject) -> bool {
        (*py_type(descr)).tp_descr_set.is_some()
    }

    /// `_PyObject_GenericGetAttrWithDict`: data descriptor on the type, then the instance dict
    /// (`dict`, or the object's own), then a non-data descriptor or plain class attribute.
    /// With `suppress`, a missing attribute is `Ok(None)` without an exception.
    ///
    /// # Safety
    /// `op` is live, `name` a live object, `dict` NULL or a dict; a thread state is current.
    pub unsafe fn generic_get_attr_with_dict(
        op: *mut PyObject,
        name: *mut PyObject,
        dict: *mut PyObject,
        suppress: bool,
    ) -> PyResult<Option<Ref>> {
        if !is_str(name) {
            return Err(bad_attr_name(name));
        }
        let tp = py_type(op);
        if (*tp).tp_dict.is_null() {
            crate::objects::typeobject::ready(tp)?;
        }
        let descr = type_lookup(tp, name).map(|d| new_ref(d));
        let mut getter = None;
        if let Some(d) = &descr {
            getter = (*d.ob_type()).tp_descr_get;
            if let Some(f) = getter {
                if is_data_descr(d.as_ptr()) {
                    return descr_get_result(f(d.as_ptr(), op, tp.cast()), suppress);
                }
            }
        }
        let dict = if dict.is_null() {
            let p = dict_ptr(op);
            if p.is_null() { null_mut() } else { *p }
        } else {
            dict
        };
        if !dict.is_null() {
            let dict = new_ref(dict);
            if let Some(v) = crate::objects::dictobject::get_item(dict.as_ptr(), name)? {
                return Ok(Some(new_ref(v)));
            }
        }
        if let (Some(f), Some(d)) = (getter, &descr) {
            return descr_get_result(f(d.as_ptr(), op, tp.cast()), suppress);
        }
        if let Some(d) = descr {
            return Ok(Some(d));
        }
        if suppress {
            return Ok(None);
        }
        Err(no_attribute(tp, name, 50))
    }

    /// A `tp_descr_get` result, with AttributeError turned into `None` when `suppress`.
    unsafe fn descr_get_result(res: *mut PyObject, suppress: bool) -> PyResult<Option<Ref>> {
        match Ref::from_result(res) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                if suppress && attribute_error_pending() {
                    errors::clear();
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }

    /// `PyObject_GenericGetAttr`: the `tp_getattro` of `object`.
    ///
    /// # Safety
    /// C slot contract.
    #[no_mangle]
    pub unsafe extern "C" fn PyObject_GenericGetAttr(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
        crate::lifecycle::fatal::fatal_on_panic("PyObject_GenericGetAttr", || {
            match generic_get_attr_with_dict(op, name, null_mut(), false) {
                Ok(Some(v)) => v.into_raw(),
                Ok(None) | Err(_) => null_mut(),
            }
        })
    }

    /// `_PyObject_GenericSetAttrWithDict`: a data descriptor's `__set__`, else the instance dict.
    ///
    /// # Safety
    /// `op` is live, `name` live, `value` NULL (delete) or live, `dict` NULL or a dict.
    pub unsafe fn generic_set_attr_with_dict(
        op: *mut PyObject,
        name: *mut PyObject,
        value: *mut PyObject,
        dict: *mut PyObject,
    ) -> PyResult<()> {
        if !is_str(name) {
            return Err(bad_attr_name(name));
        }
        let tp = py_type(op);
        if (*tp).tp_dict.is_null() {
            crate::objects::typeobject::ready(tp)?;
        }
        let descr = type_lookup(tp, name).map(|d| new_ref(d));
        if let Some(d) = &descr {
            if let Some(f) = (*d.ob_type()).tp_descr_set {
                return if f(d.as_ptr(), op, value) < 0 { Err(errors::ErrSet::assume_set()) } else { Ok(()) };
            }
        }
        let res = if dict.is_null() {
            let p = dict_ptr(op);
            if p.is_null() {
                return Err(if descr.is_none() {
                    no_attribute(tp, name, 100)
                } else {
                    errors::set_string(
                        PyExc_AttributeError,
                        &format!("'{}' object attribute '{}' is read-only", type_name_trunc(tp, 50), str_text(name)),
                    )
                });
            }
            if (*p).is_null() {
                if value.is_null() {
                    Err(errors::key_error(name))
                } else {
                    *p = crate::objects::dictobject::new()?.into_raw();
                    crate::objects::dictobject::set_item(*p, name, value)
                }
            } else {
                let d = new_ref(*p);
                if value.is_null() {
                    crate::objects::dictobject::del_item(d.as_ptr(), name)
                } else {
                    crate::objects::dictobject::set_item(d.as_ptr(), name, value)
                }
            }
        } else {
            let d = new_ref(dict);
            if value.is_null() {
                crate::objects::dictobject::del_item(d.as_ptr(), name)
            } else {
                crate::objects::dictobject::set_item(d.as_ptr(), name, value)
            }
        };
        if let Err(e) = res {
            let exc = errors::occurred();
            if !exc.is_null() && is_type_object(exc) && is_subtype(exc.cast(), PyExc_KeyError.cast()) {
                return Err(if is_subtype(tp, &raw mut crate::objects::typeobject::PyType_Type) {
                    errors::set_string(
                        PyExc_AttributeError,
                        &format!(
                            "type object '{}' has no attribute '{}'",
                            type_name_trunc(op.cast(), 50),
                            str_text(name)
                        ),
                    )
                } else {
                    no_attribute(tp, name, 100)
                });
            }
            return Err(e);
        }
        Ok(())
    }

    /// `PyObject_GenericSetAttr`: the `tp_setattro` of `object`.
    ///
    /// # Safety
    /// C slot contract.
    #[no_mangle]
    pub unsafe extern "C" fn PyObject_GenericSetAttr(op: *mut PyObject, name: *mut PyObject, value: *mut PyObject) -> c_int {
        crate::lifecycle::fatal::fatal_on_panic("PyObject_GenericSetAttr", || {
            errors::int_result(generic_set_attr_with_dict(op, name, value, null_mut()))
        })
    }

    /// `PyObject_SelfIter`: `iter(x) is x`.
    ///
    /// # Safety
    /// C slot contract.
    #[no_mangle]
    pub unsafe extern "C" fn PyObject_SelfIter(op: *mut PyObject) -> *mut PyObject {
        incref(op);
        op
    }

    /// `_PyObject_LookupSpecial`: looks `name` up on the type only (as the interpreter does for
    /// dunder methods) and binds it; `Ok(None)` when absent.
    ///
    /// # Safety
    /// `op`, `name` live; a thread state is current.
    pub unsafe fn lookup_special(op: *mut PyObject, name: *mut PyObject) -> PyResult<Option<Ref>> {
        let tp = py_type(op);
        let Some(res) = type_lookup(tp, name) else { return Ok(None) };
        let res = new_ref(res);
        match (*res.ob_type()).tp_descr_get {
            Some(f) => Ref::from_result(f(res.as_ptr(), op, tp.cast())).map(Some),
            None => Ok(Some(res)),
        }
    }

    /// `PyObject_GetOptionalAttr`-style helper with a Rust name (for runtime code).
    ///
    /// # Safety
    /// As [`get_attr`].
    pub unsafe fn lookup_attr_str(op: *mut PyObject, name: &str) -> PyResult<Option<Ref>> {
        let name = crate::objects::unicodeobject::new_str(name)?;
        lookup_attr(op, name.as_ptr())
    }

    use core::ptr::null_mut;

    /// `_PyObject_FunctionStr`: `module.qualname()` for messages (module omitted when it is
    /// `builtins` or missing), falling back to `str(func)`.
    ///
    /// # Safety
    /// `func` is live; a thread state is current.
    pub unsafe fn function_str(func: *mut PyObject) -> PyResult<String> {
        let Some(qualname) = lookup_attr(func, crate::_Py_ID!(__qualname__))? else {
            return Ok(str_text(str(func)?.as_ptr()));
        };
        let qual = str_text(str(qualname.as_ptr())?.as_ptr());
        if let Some(module) = lookup_attr(func, crate::_Py_ID!(__module__))? {
            if module.as_ptr() != none() && is_str(module.as_ptr()) {
                let m = str_text(module.as_ptr());
                if m != "builtins" {
                    return Ok(format!("{m}.{qual}()"));
                }
            }
        }
        Ok(format!("{qual}()"))
    }


    /// `PyObject_ASCII`: `repr(op)` with non-ASCII characters escaped.
    ///
    /// # Safety
    /// `op` is NULL or live; a thread state is current.
    pub unsafe fn ascii(op: *mut PyObject) -> PyResult<Ref> {
        if op.is_null() {
            return crate::objects::unicodeobject::new_str("<NULL>");
        }
        crate::objects::unicodeobject::ascii_of(op)
    }

    /// `__bases__` of a class-like object, if it is a tuple (`abstract_get_bases`).
    unsafe fn abstract_bases(cls: *mut PyObject) -> PyResult<Option<Ref>> {
        match lookup_attr(cls, crate::_Py_ID!(__bases__))? {
            Some(b) if has_feature(b.ob_type(), Py_TPFLAGS_TUPLE_SUBCLASS) => Ok(Some(b)),
            _ => Ok(None),
        }
    }

    /// `abstract_issubclass`: walks `__bases__` depth-first.
    unsafe fn abstract_issubclass(derived: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
        let mut derived = new_ref(derived);
        loop {
            if derived.as_ptr() == cls {
                return Ok(true);
            }
            let Some(bases) = abstract_bases(derived.as_ptr())? else { return Ok(false) };
            let n = (*(bases.as_ptr() as *mut PyVarObject)).ob_size as usize;
            let items = crate::objects::tupleobject::items(bases.as_ptr());
            if n == 0 {
                return Ok(false);
            }
            if n == 1 {
                derived = new_ref(*items);
                continue;
            }
            enter_recursive_call(" in __issubclass__")?;
            let mut r = Ok(false);
            for i in 0..n {
                r = abstract_issubclass(*items.add(i), cls);
                if !matches!(r, Ok(false)) {
                    break;
                }
            }
            leave_recursive_call();
            return r;
        }
    }

    /// `check_class`: an object with a tuple `__bases__`, else TypeError(msg).
    unsafe fn check_class(cls: *mut PyObject, msg: &str) -> PyResult<()> {
        if abstract_bases(cls)?.is_none() {
            if errors::occurred().is_null() {
                return Err(errors::type_error(msg));
            }
            return Err(errors::ErrSet::assume_set());
        }
        Ok(())
    }

    /// `object_isinstance`: the relation without `__instancecheck__`.
    unsafe fn object_isinstance(inst: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
        if is_type_object(cls) {
            if crate::objects::typeobject::type_check(inst, cls.cast()) {
                return Ok(true);
            }
            if let Some(icls) = lookup_attr(inst, crate::_Py_ID!(__class__))? {
                if icls.as_ptr() != py_type(inst).cast() && is_type_object(icls.as_ptr()) {
                    return Ok(is_subtype(icls.as_ptr().cast(), cls.cast()));
                }
            }
            return Ok(false);
        }
        check_class(cls, "isinstance() arg 2 must be a type, a tuple of types, or a union")?;
        match lookup_attr(inst, crate::_Py_ID!(__class__))? {
            Some(icls) => abstract_issubclass(icls.as_ptr(), cls),
            None => Ok(false),
        }
    }

    /// `PyObject_IsInstance`: exact type, tuples, `__instancecheck__`, then the default.
    ///
    /// # Safety
    /// Both are live; a thread state is current.
    pub unsafe fn is_instance(inst: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
        if py_type(inst) == cls.cast() {
            return Ok(true);
        }
        if is_type(cls, &raw mut crate::objects::typeobject::PyType_Type) {
            return object_isinstance(inst, cls);
        }
        if has_feature(py_type(cls), Py_TPFLAGS_TUPLE_SUBCLASS) {
            enter_recursive_call(" in __instancecheck__")?;
            let n = (*(cls as *mut PyVarObject)).ob_size as usize;
            let items = crate::objects::tupleobject::items(cls);
            let mut r = Ok(false);
            for i in 0..n {
                r = is_instance(inst, *items.add(i));
                if !matches!(r, Ok(false)) {
                    break;
                }
            }
            leave_recursive_call();
            return r;
        }
        if let Some(checker) = lookup_special(cls, crate::_Py_ID!(__instancecheck__))? {
            enter_recursive_call(" in __instancecheck__")?;
            let res = crate::objects::call::call_one_arg(checker.as_ptr(), inst);
            leave_recursive_call();
            return is_true(res?.as_ptr());
        }
        object_isinstance(inst, cls)
    }

    /// `recursive_issubclass`: the relation without `__subclasscheck__`.
    unsafe fn recursive_issubclass(derived: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
        if is_type_object(cls) && is_type_object(derived) {
            return Ok(is_subtype(derived.cast(), cls.cast()));
        }
        check_class(derived, "issubclass() arg 1 must be a class")?;
        check_class(cls, "issubclass() arg 2 must be a class, a tuple of classes, or a union")?;
        abstract_issubclass(derived, cls)
    }

    /// `PyObject_IsSubclass`.
    ///
    /// # Safety
    /// Both are live; a thread state is current.
    pub unsafe fn is_subclass(derived: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
        if is_type(cls, &raw mut crate::objects::typeobject::PyType_Type) {
            if derived == cls {
                return Ok(true);
            }
            return recursive_issubclass(derived, cls);
        }
        if has_feature(py_type(cls), Py_TPFLAGS_TUPLE_SUBCLASS) {
            enter_recursive_call(" in __subclasscheck__")?;
            let n = (*(cls as *mut PyVarObject)).ob_size as usize;
            let items = crate::objects::tupleobject::items(cls);
            let mut r = Ok(false);
            for i in 0..n {
                r = is_subclass(derived, *items.add(i));
                if !matches!(r, Ok(false)) {
                    break;
                }
            }
            leave_recursive_call();
            return r;
        }
        if let Some(checker) = lookup_special(cls, crate::_Py_ID!(__subclasscheck__))? {
            enter_recursive_call(" in __subclasscheck__")?;
            let res = crate::objects::call::call_one_arg(checker.as_ptr(), derived);
            leave_recursive_call();
            return is_true(res?.as_ptr());
        }
        recursive_issubclass(derived, cls)
    }

    /// `PyObject_GenericGetDict`: the instance `__dict__`, created on first use.
    ///
    /// # Safety
    /// `op` is live.
    pub unsafe fn generic_get_dict(op: *mut PyObject) -> PyResult<Ref> {
        let p = dict_ptr(op);
        if p.is_null() {
            return Err(errors::set_string(PyExc_AttributeError, "This object has no __dict__"));
        }
        if (*p).is_null() {
            *p = crate::objects::dictobject::new()?.into_raw();
        }
        Ok(new_ref(*p))
    }

    /// `PyObject_GenericSetDict`.
    ///
    /// # Safety
    /// `op` is live, `value` NULL or live.
    pub unsafe fn generic_set_dict(op: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
        let p = dict_ptr(op);
        if p.is_null() {
            return Err(errors::set_string(PyExc_AttributeError, "This object has no __dict__"));
        }
        if value.is_null() {
            return Err(errors::type_error("cannot delete __dict__"));
        }
        if !has_feature(py_type(value), Py_TPFLAGS_DICT_SUBCLASS) {
            return Err(errors::type_error(&format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                type_name_trunc(py_type(value), 200)
            )));
        }
        incref(value);
        replace_slot(p, value);
        Ok(())
    }

    /// `PyObject_Dir(op)`: `sorted(type(op).__dir__(op))` as a list (op non-NULL; the
    /// no-argument form needs the interpreter's frames).
    ///
    /// # Safety
    /// `op` is live.
    pub unsafe fn dir(op: *mut PyObject) -> PyResult<Ref> {
        let Some(f) = lookup_special(op, crate::_Py_ID!(__dir__))? else {
            return Err(errors::type_error("object does not provide __dir__"));
        };
        let res = crate::objects::call::call_no_args(f.as_ptr())?;
        let list = crate::objects::r#abstract::sequence::list(res.as_ptr())?;
        crate::objects::listobject::sort(list.as_ptr(), core::ptr::null_mut(), false)?;
        Ok(list)
    }

}

// ---------------------------------------------------------------------------------------------
// The repr recursion guard (`Py_ReprEnter` / `Py_ReprLeave`), used by container reprs: the
// objects being repr'd in this thread are kept in a list under "Py_Repr" in the thread
// state's dict, as CPython does. (Added by the containers helper.)

/// `Py_ReprEnter(op)`: `Ok(true)` if `op` is already being repr'd in this thread (the caller
/// prints `...`), else records it and returns `Ok(false)`.
///
/// # Safety
/// `op` points to a live object; a thread state is current.
pub unsafe fn repr_enter(op: *mut PyObject) -> PyResult<bool> {
    let dict = crate::lifecycle::pystate::thread_dict();
    if dict.is_null() {
        return Ok(false);
    }
    let list = match super::dictobject::get_item_str(dict, "Py_Repr")? {
        Some(l) => l,
        None => {
            let l = super::listobject::new(0)?;
            super::dictobject::set_item_str(dict, "Py_Repr", l.as_ptr())?;
            l.as_ptr()
        }
    };
    if !super::listobject::check(list) {
        return Ok(false);
    }
    let items = super::listobject::items(list);
    for i in (0..super::listobject::len(list)).rev() {
        if *items.offset(i) == op {
            return Ok(true);
        }
    }
    super::listobject::append(list, op)?;
    Ok(false)
}

/// `Py_ReprLeave(op)`: forgets the most recent record of `op`; keeps any pending exception.
///
/// # Safety
/// `op` points to a live object; a thread state is current.
pub unsafe fn repr_leave(op: *mut PyObject) {
    errors::preserving(|| {
        let dict = crate::lifecycle::pystate::thread_dict();
        if dict.is_null() {
            return;
        }
        let list = match super::dictobject::get_item_str(dict, "Py_Repr") {
            Ok(Some(l)) if super::listobject::check(l) => l,
            _ => return,
        };
        let items = super::listobject::items(list);
        for i in (0..super::listobject::len(list)).rev() {
            if *items.offset(i) == op {
                let _ = super::listobject::ass_slice(list, i, i + 1, core::ptr::null_mut());
                break;
            }
        }
    });

}
