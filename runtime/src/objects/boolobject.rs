//! `bool` (CPython's Objects/boolobject.c): the `True`/`False` singletons (ints of value 1
//! and 0 whose type is `bool`), their repr, `&`, `|`, `^` that stay bools, and `bool(x)`.

use super::longobject;
use super::typeobject::static_type;
use crate::abi::*;
use crate::errors;
use crate::objects::object::{self as obj, Ref};

#[no_mangle]
pub static mut PyBool_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut super::longobject::PyLong_Type,
    tp_repr: Some(bool_repr),
    tp_as_number: &raw mut BOOL_AS_NUMBER,
    tp_new: Some(bool_new),
    tp_doc: c"bool(x) -> bool\n\nReturns True when the argument x is true, False otherwise.\nThe builtins True and False are the only two instances of the class bool.\nThe class bool is a subclass of the class int, and cannot be subclassed.".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"bool", 32, 0, Py_TPFLAGS_DEFAULT)
};

static mut BOOL_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_and: Some(bool_and),
    nb_xor: Some(bool_xor),
    nb_or: Some(bool_or),
    ..PyNumberMethods::EMPTY
};

/// `False`: an int of value 0 whose type is `bool`.
#[no_mangle]
pub static mut _Py_FalseStruct: crate::abi::longobject::PyLongObject =
    crate::abi::longobject::PyLongObject {
        ob_base: PyVarObject::head_init(&raw mut PyBool_Type, 0),
        ob_digit: [0],
    };

/// `True`: an int of value 1 whose type is `bool`.
#[no_mangle]
pub static mut _Py_TrueStruct: crate::abi::longobject::PyLongObject =
    crate::abi::longobject::PyLongObject {
        ob_base: PyVarObject::head_init(&raw mut PyBool_Type, 1),
        ob_digit: [1],
    };

/// `Py_True`.
#[inline(always)]
pub fn py_true() -> *mut PyObject {
    (&raw mut _Py_TrueStruct).cast()
}

/// `Py_False`.
#[inline(always)]
pub fn py_false() -> *mut PyObject {
    (&raw mut _Py_FalseStruct).cast()
}

/// `PyBool_FromLong`: a new reference to `True` or `False`.
#[inline(always)]
pub fn from_bool(v: bool) -> Ref {
    // SAFETY: True and False are static objects.
    unsafe { obj::new_ref(if v { py_true() } else { py_false() }) }
}

/// `PyBool_Check`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn is_bool(op: *mut PyObject) -> bool {
    obj::is_type(op, &raw mut PyBool_Type)
}

/// `repr(bool)`: the static strings "True" / "False" of `_PyRuntime`, as CPython.
unsafe extern "C" fn bool_repr(op: *mut PyObject) -> *mut PyObject {
    obj::new_ref(if op == py_true() {
        crate::_Py_ID!(True)
    } else {
        crate::_Py_ID!(False)
    })
    .into_raw()
}

/// The bool-preserving form of a bitwise operator: two bools give a bool, anything else is
/// the int operation.
unsafe fn bool_bitwise(
    a: *mut PyObject,
    b: *mut PyObject,
    on_bools: fn(bool, bool) -> bool,
    on_ints: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
) -> *mut PyObject {
    if is_bool(a) && is_bool(b) {
        return from_bool(on_bools(a == py_true(), b == py_true())).into_raw();
    }
    on_ints(a, b)
}

unsafe extern "C" fn bool_and(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    bool_bitwise(a, b, |x, y| x & y, longobject::long_and)
}

unsafe extern "C" fn bool_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    bool_bitwise(a, b, |x, y| x | y, longobject::long_or)
}

unsafe extern "C" fn bool_xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    bool_bitwise(a, b, |x, y| x ^ y, longobject::long_xor)
}

/// `bool(x=False, /)`: no keywords, at most one argument, `PyObject_IsTrue`.
unsafe extern "C" fn bool_new(
    _tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let r = (|| {
        crate::getargs::no_keywords("bool", kwargs)?;
        let n = super::tupleobject::len(args);
        if n > 1 {
            return Err(errors::type_error(&format!(
                "bool expected at most 1 argument, got {}",
                n
            )));
        }
        if n == 0 {
            return Ok(from_bool(false));
        }
        obj::is_true(*super::tupleobject::items(args)).map(from_bool)
    })();
    errors::ptr_result(r)
}
