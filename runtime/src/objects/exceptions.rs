//! The built-in exception types (CPython's Objects/exceptions.c): the static type objects
//! (`_PyExc_*`) and the exported `PyExc_*` pointers, the instance layouts of
//! `abi/pyerrors.rs`, and each type's behaviour: `__new__`/`__init__`, deallocation with GC
//! traversal and clearing, `str`/`repr`, pickling (`__reduce__`/`__setstate__`),
//! `with_traceback`/`add_note`, the `args`/`__traceback__`/`__context__`/`__cause__`
//! attributes, OSError's errno -> subclass mapping, the fields of SyntaxError, ImportError,
//! StopIteration, SystemExit, NameError, AttributeError and the Unicode errors (with their
//! C API), BaseExceptionGroup's constructor checks, MemoryError's bounded free list, and the
//! `PyException_*` accessors.

use super::typeobject::static_type;
use crate::abi::bytesobject::PyBytesObject;
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::{PyMethodDef, METH_NOARGS, METH_O, METH_VARARGS};
use crate::abi::pycore_interp::_Py_exc_state;
use crate::abi::pyerrors::*;
use crate::abi::structmember::PyMemberDef;
use crate::abi::*;
use crate::errors::{self, ErrSet, PyResult};
use crate::lifecycle::fatal::fatal_on_panic;
use crate::objects::object::{self, new_ref, py_type, xdecref, xincref, Ref};
use crate::objects::{tupleobject, unicodeobject};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::null_mut;

// `structmember.h` member kinds and flags used by the tables below.
const T_OBJECT: c_int = 6;
const T_BOOL: c_int = 14;
const READONLY: c_int = 1;

/// The slots one family of exception types shares (CPython's `*ExtendsException` macros):
/// the layout's dealloc/traverse/clear, `__init__`, `__new__` (None = inherited), and the
/// type's own str, methods, members and getsets.
#[derive(Clone, Copy)]
pub struct ExcSlots {
    dealloc: destructor,
    traverse: traverseproc,
    clear: inquiry,
    init: initproc,
    new: newfunc,
    str: reprfunc,
    repr: reprfunc,
    methods: *mut PyMethodDef,
    members: *mut PyMemberDef,
    getset: *mut PyGetSetDef,
}

const fn slots(
    dealloc: destructor,
    traverse: traverseproc,
    clear: inquiry,
    init: initproc,
    new: newfunc,
) -> ExcSlots {
    ExcSlots {
        dealloc,
        traverse,
        clear,
        init,
        new,
        str: None,
        repr: None,
        methods: null_mut(),
        members: null_mut(),
        getset: null_mut(),
    }
}

/// A static exception type: name, instance size, the family's slots and the doc string.
/// Every built-in exception is a GC base type whose `__dict__` pointer sits right after the
/// object header.
const fn exception_type(
    name: &'static CStr,
    basicsize: Py_ssize_t,
    s: ExcSlots,
    doc: &'static CStr,
) -> PyTypeObject {
    PyTypeObject {
        tp_dealloc: s.dealloc,
        tp_repr: s.repr,
        tp_str: s.str,
        tp_doc: doc.as_ptr(),
        tp_traverse: s.traverse,
        tp_clear: s.clear,
        tp_methods: s.methods,
        tp_members: s.members,
        tp_getset: s.getset,
        tp_dictoffset: core::mem::offset_of!(PyBaseExceptionObject, dict) as Py_ssize_t,
        tp_init: s.init,
        tp_new: s.new,
        ..static_type(
            null_mut(),
            name,
            basicsize,
            0,
            Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
        )
    }
}

/// Runs a C slot body, turning a Rust panic into a fatal error.
#[inline(always)]
fn guard<R>(name: &str, f: impl FnOnce() -> R) -> R {
    fatal_on_panic(name, f)
}

/// NULL for an error, the object for success (slot return convention).
#[inline(always)]
fn ptr_or_null(r: PyResult<Ref>) -> *mut PyObject {
    errors::ptr_result(r)
}

#[inline(always)]
unsafe fn base(op: *mut PyObject) -> *mut PyBaseExceptionObject {
    op.cast()
}

/// The number of items of a tuple.
#[inline(always)]
unsafe fn tuple_len(t: *mut PyObject) -> Py_ssize_t {
    (*(t as *mut PyVarObject)).ob_size
}

/// Item `i` of a tuple, borrowed.
#[inline(always)]
unsafe fn tuple_item(t: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    *tupleobject::items(t).offset(i)
}

/// `Py_CLEAR` on a field.
#[inline(always)]
unsafe fn clear_field(slot: *mut *mut PyObject) {
    let old = *slot;
    *slot = null_mut();
    xdecref(old);
}

/// `Py_XSETREF(*slot, new_ref(value))` with `value` borrowed (NULL allowed).
#[inline(always)]
unsafe fn set_field(slot: *mut *mut PyObject, value: *mut PyObject) {
    xincref(value);
    object::replace_slot(slot, value);
}

/// `Py_VISIT` over fields.
#[inline(always)]
unsafe fn visit_all(fields: &[*mut PyObject], visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    for &f in fields {
        if !f.is_null() {
            let r = visit(f, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// Allocates an instance of `tp` through its `tp_alloc` (zeroed, tracked). Before
/// `PyType_Ready` has given the type its allocator, the GC allocator is used directly.
unsafe fn alloc_instance(tp: *mut PyTypeObject) -> PyResult<*mut PyObject> {
    if let Some(alloc) = (*tp).tp_alloc {
        return Ref::from_result(alloc(tp, 0)).map(Ref::into_raw);
    }
    let size = (*tp).tp_basicsize as usize;
    let op = crate::mem::gc::alloc(tp, size)?;
    core::ptr::write_bytes(op.cast::<u8>(), 0, size);
    object::init_object(op, tp);
    crate::mem::gc::track(op);
    Ok(op)
}

/// Frees an instance through its type's `tp_free`. (A heap subclass's reference to its type
/// is released by the subclass's own dealloc, which calls this one.)
unsafe fn free_instance(op: *mut PyObject) {
    match (*py_type(op)).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

/// `PyObject_GC_UnTrack`: untracks if tracked.
#[inline(always)]
unsafe fn untrack(op: *mut PyObject) {
    if crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
}

/// `_PyArg_NoKeywords(name, kwds)`: "NAME() takes no keyword arguments" for a non-empty dict.
unsafe fn no_keywords(tp: *mut PyTypeObject, kwds: *mut PyObject) -> PyResult<()> {
    crate::getargs::no_keywords(&object::type_name_of(tp), kwds)
}

/// The short name of a type (`_PyType_Name`: the part after the last dot).
unsafe fn short_type_name(tp: *mut PyTypeObject) -> String {
    let full = object::type_name_of(tp);
    match full.rfind('.') {
        Some(i) => full[i + 1..].to_string(),
        None => full.into_owned(),
    }
}

/// `str(op)` as Rust text.
unsafe fn str_text(op: *mut PyObject) -> PyResult<String> {
    let s = object::str(op)?;
    Ok(unicodeobject::to_string_lossy(s.as_ptr()))
}

/// `repr(op)` as Rust text.
unsafe fn repr_text(op: *mut PyObject) -> PyResult<String> {
    let s = object::repr(op)?;
    Ok(unicodeobject::to_string_lossy(s.as_ptr()))
}

/// `tuple(seq)` (`PySequence_Tuple`): exact tuples are shared.
unsafe fn as_tuple(seq: *mut PyObject) -> PyResult<Ref> {
    crate::objects::r#abstract::sequence::tuple(seq)
}

/// `PyExceptionInstance_Check`.
#[inline(always)]
pub unsafe fn is_instance(op: *mut PyObject) -> bool {
    object::has_feature(py_type(op), Py_TPFLAGS_BASE_EXC_SUBCLASS)
}

// ---------------------------------------------------------------------------------------------
// BaseException

/// `BaseException.__new__`: the arguments tuple is kept as `args`.
unsafe fn base_new_impl(tp: *mut PyTypeObject, args: *mut PyObject) -> PyResult<*mut PyObject> {
    let op = alloc_instance(tp)?;
    let b = base(op);
    (*b).args = if args.is_null() {
        tupleobject::new_uninit(0)?
    } else {
        new_ref(args).into_raw()
    };
    Ok(op)
}

/// `BaseException.__new__` (`tp_new`).
pub unsafe extern "C" fn base_exception_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    guard("base_exception_new", || {
        base_new_impl(tp, args).unwrap_or(null_mut())
    })
}

/// `BaseException.__init__`: no keywords; `args` replaced.
unsafe fn base_init_impl(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<()> {
    no_keywords(py_type(op), kwds)?;
    set_field(&raw mut (*base(op)).args, args);
    Ok(())
}

pub unsafe extern "C" fn base_exception_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("base_exception_init", || {
        errors::int_result(base_init_impl(op, args, kwds))
    })
}

unsafe fn base_clear_fields(op: *mut PyObject) {
    let b = base(op);
    clear_field(&raw mut (*b).dict);
    clear_field(&raw mut (*b).args);
    clear_field(&raw mut (*b).notes);
    clear_field(&raw mut (*b).traceback);
    clear_field(&raw mut (*b).cause);
    clear_field(&raw mut (*b).context);
}

pub unsafe extern "C" fn base_exception_clear(op: *mut PyObject) -> c_int {
    base_clear_fields(op);
    0
}

unsafe fn base_fields(op: *mut PyObject) -> [*mut PyObject; 6] {
    let b = base(op);
    [
        (*b).dict,
        (*b).args,
        (*b).notes,
        (*b).traceback,
        (*b).cause,
        (*b).context,
    ]
}

pub unsafe extern "C" fn base_exception_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    visit_all(&base_fields(op), visit, arg)
}

pub unsafe extern "C" fn base_exception_dealloc(op: *mut PyObject) {
    untrack(op);
    base_clear_fields(op);
    free_instance(op);
}

/// `str(exc)`: "" for no arguments, `str(arg)` for one, `str(args)` otherwise.
unsafe fn base_str_impl(op: *mut PyObject) -> PyResult<Ref> {
    let args = (*base(op)).args;
    match tuple_len(args) {
        0 => unicodeobject::new_str(""),
        1 => object::str(tuple_item(args, 0)),
        _ => object::str(args),
    }
}

pub unsafe extern "C" fn base_exception_str(op: *mut PyObject) -> *mut PyObject {
    guard("base_exception_str", || ptr_or_null(base_str_impl(op)))
}

/// `repr(exc)`: `Name(arg)` for one argument, `Name(a, b)` (the args tuple's repr) otherwise.
unsafe fn base_repr_impl(op: *mut PyObject) -> PyResult<Ref> {
    let name = short_type_name(py_type(op));
    let args = (*base(op)).args;
    let text = if tuple_len(args) == 1 {
        format!("{name}({})", repr_text(tuple_item(args, 0))?)
    } else {
        format!("{name}{}", repr_text(args)?)
    };
    unicodeobject::new_str(&text)
}

pub unsafe extern "C" fn base_exception_repr(op: *mut PyObject) -> *mut PyObject {
    guard("base_exception_repr", || ptr_or_null(base_repr_impl(op)))
}

/// `__reduce__`: `(type, args)` or `(type, args, __dict__)`.
unsafe fn base_reduce_impl(op: *mut PyObject) -> PyResult<Ref> {
    let b = base(op);
    let tp = py_type(op).cast();
    if (*b).args.is_null() {
        return Err(errors::system_error("exception has no args"));
    }
    if !(*b).dict.is_null() {
        tupleobject::pack(&[tp, (*b).args, (*b).dict])
    } else {
        tupleobject::pack(&[tp, (*b).args])
    }
}

unsafe extern "C" fn base_reduce(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    guard("BaseException.__reduce__", || {
        ptr_or_null(base_reduce_impl(op))
    })
}

/// `__setstate__(state)`: each item of a dict state becomes an attribute.
unsafe fn base_setstate_impl(op: *mut PyObject, state: *mut PyObject) -> PyResult<Ref> {
    if state != object::none() {
        if !object::has_feature(py_type(state), Py_TPFLAGS_DICT_SUBCLASS) {
            return Err(errors::type_error("state is not a dictionary"));
        }
        let state = new_ref(state);
        let mut pos: Py_ssize_t = 0;
        while let Some((key, value)) = crate::objects::dictobject::next(state.as_ptr(), &mut pos) {
            let key = new_ref(key);
            let value = new_ref(value);
            object::set_attr(op, key.as_ptr(), value.as_ptr())?;
        }
    }
    Ok(object::new_none())
}

unsafe extern "C" fn base_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    guard("BaseException.__setstate__", || {
        ptr_or_null(base_setstate_impl(op, state))
    })
}

/// `with_traceback(tb)`: sets `__traceback__`, returns the exception.
unsafe extern "C" fn base_with_traceback(op: *mut PyObject, tb: *mut PyObject) -> *mut PyObject {
    guard("BaseException.with_traceback", || {
        match set_traceback(op, tb) {
            Ok(()) => new_ref(op).into_raw(),
            Err(_) => null_mut(),
        }
    })
}

/// `add_note(note)`: appends a str to the `__notes__` list, creating it when missing.
unsafe fn base_add_note_impl(op: *mut PyObject, note: *mut PyObject) -> PyResult<Ref> {
    if !object::is_str(note) {
        return Err(errors::type_error(&format!(
            "note must be a str, not '{}'",
            object::type_name(note)
        )));
    }
    let name = unicodeobject::new_str("__notes__")?;
    if !object::has_attr(op, name.as_ptr()) {
        let notes = crate::objects::listobject::new(0)?;
        object::set_attr(op, name.as_ptr(), notes.as_ptr())?;
    }
    let notes = object::get_attr(op, name.as_ptr())?;
    if !object::has_feature(notes.ob_type(), Py_TPFLAGS_LIST_SUBCLASS) {
        return Err(errors::type_error(
            "Cannot add note: __notes__ is not a list",
        ));
    }
    crate::objects::listobject::append(notes.as_ptr(), note)?;
    Ok(object::new_none())
}

unsafe extern "C" fn base_add_note(op: *mut PyObject, note: *mut PyObject) -> *mut PyObject {
    guard("BaseException.add_note", || {
        ptr_or_null(base_add_note_impl(op, note))
    })
}

// The `args`, `__traceback__`, `__context__` and `__cause__` attributes.

unsafe extern "C" fn get_args(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let args = (*base(op)).args;
    if args.is_null() {
        return new_ref(object::none()).into_raw();
    }
    new_ref(args).into_raw()
}

unsafe extern "C" fn set_args(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    guard("BaseException.args", || {
        if value.is_null() {
            let _ = errors::type_error("args may not be deleted");
            return -1;
        }
        match as_tuple(value) {
            Ok(t) => {
                object::replace_slot(&raw mut (*base(op)).args, t.into_raw());
                0
            }
            Err(_) => -1,
        }
    })
}

unsafe extern "C" fn get_tb(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let tb = (*base(op)).traceback;
    new_ref(if tb.is_null() { object::none() } else { tb }).into_raw()
}

unsafe extern "C" fn set_tb(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    guard("BaseException.__traceback__", || {
        if value.is_null() {
            let _ = errors::type_error("__traceback__ may not be deleted");
            return -1;
        }
        errors::int_result(set_traceback(op, value))
    })
}

unsafe extern "C" fn get_context_attr(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let v = (*base(op)).context;
    new_ref(if v.is_null() { object::none() } else { v }).into_raw()
}

unsafe extern "C" fn set_context_attr(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    guard("BaseException.__context__", || {
        if value.is_null() {
            let _ = errors::type_error("__context__ may not be deleted");
            return -1;
        }
        let value = if value == object::none() {
            null_mut()
        } else if is_instance(value) {
            new_ref(value).into_raw()
        } else {
            let _ =
                errors::type_error("exception context must be None or derive from BaseException");
            return -1;
        };
        object::replace_slot(&raw mut (*base(op)).context, value);
        0
    })
}

unsafe extern "C" fn get_cause_attr(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let v = (*base(op)).cause;
    new_ref(if v.is_null() { object::none() } else { v }).into_raw()
}

unsafe extern "C" fn set_cause_attr(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    guard("BaseException.__cause__", || {
        if value.is_null() {
            let _ = errors::type_error("__cause__ may not be deleted");
            return -1;
        }
        let value = if value == object::none() {
            null_mut()
        } else if is_instance(value) {
            new_ref(value).into_raw()
        } else {
            let _ = errors::type_error("exception cause must be None or derive from BaseException");
            return -1;
        };
        set_cause(op, value);
        0
    })
}

/// `__dict__` (`PyObject_GenericGetDict`): created on first access.
unsafe extern "C" fn get_dict_attr(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    guard("BaseException.__dict__", || {
        ptr_or_null(object::generic_get_dict(op))
    })
}

/// `__dict__ = d` (`PyObject_GenericSetDict`).
unsafe extern "C" fn set_dict_attr(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    guard("BaseException.__dict__", || {
        errors::int_result(object::generic_set_dict(op, value))
    })
}

// The PyException_* accessors.

/// `PyException_SetTraceback`: `tb` must be a traceback or None (None is stored as None,
/// as CPython does, so `PyException_GetTraceback` then returns None).
pub unsafe fn set_traceback(op: *mut PyObject, tb: *mut PyObject) -> PyResult<()> {
    if tb.is_null() || !(tb == object::none() || super::traceback::is_traceback(tb)) {
        return Err(errors::type_error(
            "__traceback__ must be a traceback or None",
        ));
    }
    object::replace_slot(&raw mut (*base(op)).traceback, new_ref(tb).into_raw());
    Ok(())
}

/// `PyException_GetTraceback`: a new reference or NULL.
pub unsafe fn get_traceback(op: *mut PyObject) -> *mut PyObject {
    let tb = (*base(op)).traceback;
    xincref(tb);
    tb
}

/// `PyException_GetContext`: a new reference or NULL.
pub unsafe fn get_context(op: *mut PyObject) -> *mut PyObject {
    let v = (*base(op)).context;
    xincref(v);
    v
}

/// `PyException_SetContext`: steals `context` (NULL clears).
pub unsafe fn set_context(op: *mut PyObject, context: *mut PyObject) {
    object::replace_slot(&raw mut (*base(op)).context, context);
}

/// `PyException_GetCause`: a new reference or NULL.
pub unsafe fn get_cause(op: *mut PyObject) -> *mut PyObject {
    let v = (*base(op)).cause;
    xincref(v);
    v
}

/// `PyException_SetCause`: steals `cause` (NULL clears) and sets `__suppress_context__`.
pub unsafe fn set_cause(op: *mut PyObject, cause: *mut PyObject) {
    (*base(op)).suppress_context = 1;
    object::replace_slot(&raw mut (*base(op)).cause, cause);
}

/// `PyExceptionClass_Name`: the type's `tp_name`.
pub unsafe fn class_name(tp: *mut PyObject) -> *const c_char {
    (*(tp as *mut PyTypeObject)).tp_name
}

static mut BASE_METHODS: [PyMethodDef; 5] = [
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(base_reduce),
        ml_flags: METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"__setstate__".as_ptr(),
        ml_meth: Some(base_setstate),
        ml_flags: METH_O,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"with_traceback".as_ptr(),
        ml_meth: Some(base_with_traceback),
        ml_flags: METH_O,
        ml_doc:
            c"Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self."
                .as_ptr(),
    },
    PyMethodDef {
        ml_name: c"add_note".as_ptr(),
        ml_meth: Some(base_add_note),
        ml_flags: METH_O,
        ml_doc: c"Exception.add_note(note) --\n    add a note to the exception".as_ptr(),
    },
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

static mut BASE_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__suppress_context__".as_ptr(),
        type_: T_BOOL,
        offset: core::mem::offset_of!(PyBaseExceptionObject, suppress_context) as Py_ssize_t,
        flags: 0,
        doc: core::ptr::null(),
    },
    MEMBER_END,
];

const MEMBER_END: PyMemberDef = PyMemberDef {
    name: core::ptr::null(),
    type_: 0,
    offset: 0,
    flags: 0,
    doc: core::ptr::null(),
};
const GETSET_END: PyGetSetDef = PyGetSetDef {
    name: core::ptr::null(),
    get: None,
    set: None,
    doc: core::ptr::null(),
    closure: null_mut(),
};
const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

/// An object member (`T_OBJECT`, writable unless `flags` says READONLY).
const fn member(
    name: &'static CStr,
    offset: usize,
    flags: c_int,
    doc: &'static CStr,
) -> PyMemberDef {
    PyMemberDef {
        name: name.as_ptr(),
        type_: T_OBJECT,
        offset: offset as Py_ssize_t,
        flags,
        doc: doc.as_ptr(),
    }
}

static mut BASE_GETSET: [PyGetSetDef; 6] = [
    PyGetSetDef {
        name: c"__dict__".as_ptr(),
        get: Some(get_dict_attr),
        set: Some(set_dict_attr),
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"args".as_ptr(),
        get: Some(get_args),
        set: Some(set_args),
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"__traceback__".as_ptr(),
        get: Some(get_tb),
        set: Some(set_tb),
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"__context__".as_ptr(),
        get: Some(get_context_attr),
        set: Some(set_context_attr),
        doc: c"exception context".as_ptr(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"__cause__".as_ptr(),
        get: Some(get_cause_attr),
        set: Some(set_cause_attr),
        doc: c"exception cause".as_ptr(),
        closure: null_mut(),
    },
    GETSET_END,
];

const BASEEXCEPTION: ExcSlots = ExcSlots {
    str: Some(base_exception_str),
    repr: Some(base_exception_repr),
    methods: &raw mut BASE_METHODS as *mut PyMethodDef,
    members: &raw mut BASE_MEMBERS as *mut PyMemberDef,
    getset: &raw mut BASE_GETSET as *mut PyGetSetDef,
    ..SIMPLE
};

const SIMPLE: ExcSlots = slots(
    Some(base_exception_dealloc),
    Some(base_exception_traverse),
    Some(base_exception_clear),
    Some(base_exception_init),
    Some(base_exception_new),
);

/// Defines `clear`, `traverse` and `dealloc` for a layout that adds object fields to
/// BaseException's.
macro_rules! layout_gc {
    ($layout:ty, $clear:ident, $traverse:ident, $dealloc:ident, [$($field:ident),*]) => {
        unsafe extern "C" fn $clear(op: *mut PyObject) -> c_int {
            let s = op as *mut $layout;
            $(clear_field(&raw mut (*s).$field);)*
            base_clear_fields(op);
            0
        }
        unsafe extern "C" fn $traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
            let s = op as *mut $layout;
            let r = visit_all(&[$((*s).$field),*], visit, arg);
            if r != 0 {
                return r;
            }
            base_exception_traverse(op, visit, arg)
        }
        unsafe extern "C" fn $dealloc(op: *mut PyObject) {
            untrack(op);
            $clear(op);
            free_instance(op);
        }
    };
}

// ---------------------------------------------------------------------------------------------
// StopIteration: `value` is the first argument (None without one).

layout_gc!(
    PyStopIterationObject,
    stop_iteration_clear,
    stop_iteration_traverse,
    stop_iteration_dealloc,
    [value]
);

unsafe extern "C" fn stop_iteration_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("StopIteration_init", || {
        if base_init_impl(op, args, kwds).is_err() {
            return -1;
        }
        let value = if tuple_len(args) > 0 {
            tuple_item(args, 0)
        } else {
            object::none()
        };
        set_field(&raw mut (*(op as *mut PyStopIterationObject)).value, value);
        0
    })
}

static mut STOP_ITERATION_MEMBERS: [PyMemberDef; 2] = [
    member(
        c"value",
        core::mem::offset_of!(PyStopIterationObject, value),
        0,
        c"generator return value",
    ),
    MEMBER_END,
];

const STOPITERATION: ExcSlots = ExcSlots {
    members: &raw mut STOP_ITERATION_MEMBERS as *mut PyMemberDef,
    ..slots(
        Some(stop_iteration_dealloc),
        Some(stop_iteration_traverse),
        Some(stop_iteration_clear),
        Some(stop_iteration_init),
        None,
    )
};

// ---------------------------------------------------------------------------------------------
// SystemExit: `code` is the single argument, or the args tuple when there are several.

layout_gc!(
    PySystemExitObject,
    system_exit_clear,
    system_exit_traverse,
    system_exit_dealloc,
    [code]
);

unsafe extern "C" fn system_exit_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("SystemExit_init", || {
        if base_init_impl(op, args, kwds).is_err() {
            return -1;
        }
        let slot = &raw mut (*(op as *mut PySystemExitObject)).code;
        match tuple_len(args) {
            0 => {}
            1 => set_field(slot, tuple_item(args, 0)),
            _ => set_field(slot, args),
        }
        0
    })
}

static mut SYSTEM_EXIT_MEMBERS: [PyMemberDef; 2] = [
    member(
        c"code",
        core::mem::offset_of!(PySystemExitObject, code),
        0,
        c"exception code",
    ),
    MEMBER_END,
];

const SYSTEMEXIT: ExcSlots = ExcSlots {
    members: &raw mut SYSTEM_EXIT_MEMBERS as *mut PyMemberDef,
    ..slots(
        Some(system_exit_dealloc),
        Some(system_exit_traverse),
        Some(system_exit_clear),
        Some(system_exit_init),
        None,
    )
};

// ---------------------------------------------------------------------------------------------
// Keyword-only fields: ImportError(name=, path=), NameError(name=), AttributeError(name=, obj=).

/// Parses the keyword-only arguments of `Type(*args, kw1=..., kw2=...)` as CPython's
/// `"|$OO:Type"` format does; returns borrowed values (NULL when absent).
unsafe fn keyword_only<const N: usize>(
    type_name: &str,
    kwds: *mut PyObject,
    names: [&str; N],
) -> PyResult<[*mut PyObject; N]> {
    let mut out = [null_mut(); N];
    if kwds.is_null() {
        return Ok(out);
    }
    let mut pos: Py_ssize_t = 0;
    while let Some((key, value)) = crate::objects::dictobject::next(kwds, &mut pos) {
        if !object::is_str(key) {
            return Err(errors::type_error("keywords must be strings"));
        }
        let k = unicodeobject::to_string_lossy(key);
        match names.iter().position(|n| *n == k) {
            Some(i) => out[i] = value,
            None => {
                return Err(errors::type_error(&format!(
                    "'{k}' is an invalid keyword argument for {type_name}()"
                )))
            }
        }
    }
    Ok(out)
}

layout_gc!(
    PyImportErrorObject,
    import_error_clear,
    import_error_traverse,
    import_error_dealloc,
    [msg, name, path]
);

unsafe extern "C" fn import_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("ImportError_init", || {
        if base_init_impl(op, args, null_mut()).is_err() {
            return -1;
        }
        let Ok([name, path]) = keyword_only("ImportError", kwds, ["name", "path"]) else {
            return -1;
        };
        let s = op as *mut PyImportErrorObject;
        set_field(&raw mut (*s).name, name);
        set_field(&raw mut (*s).path, path);
        let msg = if tuple_len(args) == 1 {
            tuple_item(args, 0)
        } else {
            null_mut()
        };
        set_field(&raw mut (*s).msg, msg);
        0
    })
}

unsafe extern "C" fn import_error_str(op: *mut PyObject) -> *mut PyObject {
    let msg = (*(op as *mut PyImportErrorObject)).msg;
    if !msg.is_null() && object::is_type(msg, &raw mut unicodeobject::PyUnicode_Type) {
        return new_ref(msg).into_raw();
    }
    base_exception_str(op)
}

/// ImportError's pickled state: the dict plus `name`/`path` when set.
unsafe fn import_error_state(op: *mut PyObject) -> PyResult<Ref> {
    let s = op as *mut PyImportErrorObject;
    let dict = (*base(op)).dict;
    if !(*s).name.is_null() || !(*s).path.is_null() {
        let state = if dict.is_null() {
            crate::objects::dictobject::new()?
        } else {
            crate::objects::dictobject::copy(dict)?
        };
        if !(*s).name.is_null() {
            crate::objects::dictobject::set_item_str(state.as_ptr(), "name", (*s).name)?;
        }
        if !(*s).path.is_null() {
            crate::objects::dictobject::set_item_str(state.as_ptr(), "path", (*s).path)?;
        }
        return Ok(state);
    }
    if !dict.is_null() {
        return Ok(new_ref(dict));
    }
    Ok(object::new_none())
}

unsafe extern "C" fn import_error_reduce(
    op: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    guard("ImportError.__reduce__", || {
        ptr_or_null((|| {
            let state = import_error_state(op)?;
            let args = (*base(op)).args;
            let tp = py_type(op).cast();
            if state.as_ptr() == object::none() {
                tupleobject::pack(&[tp, args])
            } else {
                tupleobject::pack(&[tp, args, state.as_ptr()])
            }
        })())
    })
}

static mut IMPORT_ERROR_MEMBERS: [PyMemberDef; 4] = [
    member(
        c"msg",
        core::mem::offset_of!(PyImportErrorObject, msg),
        0,
        c"exception message",
    ),
    member(
        c"name",
        core::mem::offset_of!(PyImportErrorObject, name),
        0,
        c"module name",
    ),
    member(
        c"path",
        core::mem::offset_of!(PyImportErrorObject, path),
        0,
        c"module path",
    ),
    MEMBER_END,
];
static mut IMPORT_ERROR_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(import_error_reduce),
        ml_flags: METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    METHOD_END,
];

const IMPORTERROR_MIDDLING: ExcSlots = slots(
    Some(import_error_dealloc),
    Some(import_error_traverse),
    Some(import_error_clear),
    Some(import_error_init),
    None,
);
const IMPORTERROR: ExcSlots = ExcSlots {
    str: Some(import_error_str),
    members: &raw mut IMPORT_ERROR_MEMBERS as *mut PyMemberDef,
    methods: &raw mut IMPORT_ERROR_METHODS as *mut PyMethodDef,
    ..IMPORTERROR_MIDDLING
};

layout_gc!(
    PyNameErrorObject,
    name_error_clear,
    name_error_traverse,
    name_error_dealloc,
    [name]
);

unsafe extern "C" fn name_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("NameError_init", || {
        if base_init_impl(op, args, null_mut()).is_err() {
            return -1;
        }
        let Ok([name]) = keyword_only("NameError", kwds, ["name"]) else {
            return -1;
        };
        set_field(&raw mut (*(op as *mut PyNameErrorObject)).name, name);
        0
    })
}

static mut NAME_ERROR_MEMBERS: [PyMemberDef; 2] = [
    member(
        c"name",
        core::mem::offset_of!(PyNameErrorObject, name),
        0,
        c"name",
    ),
    MEMBER_END,
];

const NAMEERROR_MIDDLING: ExcSlots = slots(
    Some(name_error_dealloc),
    Some(name_error_traverse),
    Some(name_error_clear),
    Some(name_error_init),
    None,
);
const NAMEERROR: ExcSlots = ExcSlots {
    str: Some(base_exception_str),
    members: &raw mut NAME_ERROR_MEMBERS as *mut PyMemberDef,
    ..NAMEERROR_MIDDLING
};

layout_gc!(
    PyAttributeErrorObject,
    attribute_error_clear,
    attribute_error_traverse,
    attribute_error_dealloc,
    [obj, name]
);

unsafe extern "C" fn attribute_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("AttributeError_init", || {
        if base_init_impl(op, args, null_mut()).is_err() {
            return -1;
        }
        let Ok([name, obj]) = keyword_only("AttributeError", kwds, ["name", "obj"]) else {
            return -1;
        };
        let s = op as *mut PyAttributeErrorObject;
        set_field(&raw mut (*s).name, name);
        set_field(&raw mut (*s).obj, obj);
        0
    })
}

static mut ATTRIBUTE_ERROR_MEMBERS: [PyMemberDef; 3] = [
    member(
        c"name",
        core::mem::offset_of!(PyAttributeErrorObject, name),
        0,
        c"attribute name",
    ),
    member(
        c"obj",
        core::mem::offset_of!(PyAttributeErrorObject, obj),
        0,
        c"object",
    ),
    MEMBER_END,
];

const ATTRIBUTEERROR: ExcSlots = ExcSlots {
    str: Some(base_exception_str),
    members: &raw mut ATTRIBUTE_ERROR_MEMBERS as *mut PyMemberDef,
    ..slots(
        Some(attribute_error_dealloc),
        Some(attribute_error_traverse),
        Some(attribute_error_clear),
        Some(attribute_error_init),
        None,
    )
};

// ---------------------------------------------------------------------------------------------
// KeyError: str is the repr of a single argument (so `{}['']` shows `KeyError: ''`).

unsafe extern "C" fn key_error_str(op: *mut PyObject) -> *mut PyObject {
    let args = (*base(op)).args;
    if tuple_len(args) == 1 {
        return guard("KeyError_str", || {
            ptr_or_null(object::repr(tuple_item(args, 0)))
        });
    }
    base_exception_str(op)
}

const KEYERROR: ExcSlots = ExcSlots {
    str: Some(key_error_str),
    ..SIMPLE_NO_NEW
};
const SIMPLE_NO_NEW: ExcSlots = ExcSlots {
    new: None,
    ..SIMPLE
};

// ---------------------------------------------------------------------------------------------
// MemoryError: a free list of at most 16 instances, kept in the interpreter's exception state,
// so that raising MemoryError needs no allocation.

const MEMERRORS_SAVE: c_int = 16;

unsafe fn exc_state() -> *mut _Py_exc_state {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() {
        return null_mut();
    }
    &raw mut (*interp).exc_state
}

unsafe extern "C" fn memory_error_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    guard("MemoryError_new", || {
        let state = exc_state();
        if tp != &raw mut _PyExc_MemoryError
            || state.is_null()
            || (*state).memerrors_freelist.is_null()
        {
            return base_exception_new(tp, args, kwds);
        }
        let b = (*state).memerrors_freelist;
        let Ok(empty) = tupleobject::new_uninit(0) else {
            return null_mut();
        };
        (*b).args = empty;
        (*state).memerrors_freelist = (*b).dict as *mut PyBaseExceptionObject;
        (*state).memerrors_numfree -= 1;
        (*b).dict = null_mut();
        (*b).ob_base.ob_refcnt = 1;
        crate::mem::gc::track(b.cast());
        b.cast()
    })
}

unsafe extern "C" fn memory_error_dealloc(op: *mut PyObject) {
    untrack(op);
    base_clear_fields(op);
    let state = exc_state();
    if py_type(op) != &raw mut _PyExc_MemoryError
        || state.is_null()
        || (*state).memerrors_numfree >= MEMERRORS_SAVE
    {
        free_instance(op);
        return;
    }
    // The free list is chained through the (cleared) dict field.
    let b = base(op);
    (*b).dict = (*state).memerrors_freelist.cast();
    (*state).memerrors_freelist = b;
    (*state).memerrors_numfree += 1;
}

/// Fills the MemoryError free list at start-up (`preallocate_memerrors`).
///
/// # Safety
/// Start-up, after the exception types are ready, with a thread state current.
pub unsafe fn preallocate_memerrors() -> PyResult<()> {
    let mut made = Vec::with_capacity(MEMERRORS_SAVE as usize);
    for _ in 0..MEMERRORS_SAVE {
        let op = memory_error_new(&raw mut _PyExc_MemoryError, null_mut(), null_mut());
        if op.is_null() {
            return Err(ErrSet::assume_set());
        }
        made.push(Ref::from_raw(op));
    }
    drop(made);
    Ok(())
}

/// Frees the MemoryError free list (finalization).
///
/// # Safety
/// No MemoryError instance from the free list is in use.
pub unsafe fn clear_memerrors() {
    let state = exc_state();
    if state.is_null() {
        return;
    }
    while !(*state).memerrors_freelist.is_null() {
        let b = (*state).memerrors_freelist;
        (*state).memerrors_freelist = (*b).dict.cast();
        (*state).memerrors_numfree -= 1;
        (*b).dict = null_mut();
        crate::mem::gc::free(b.cast());
    }
}

const MEMORYERROR: ExcSlots = ExcSlots {
    dealloc: Some(memory_error_dealloc),
    new: Some(memory_error_new),
    ..SIMPLE
};

// ---------------------------------------------------------------------------------------------
// OSError: `OSError(errno, strerror[, filename[, winerror[, filename2]]])`. Constructing
// OSError itself with a known errno gives the matching subclass (`OSError(2, 'x')` is a
// FileNotFoundError); a filename is kept out of `args` (which keeps only the first two).

/// The subclass CPython's errno map picks for an errno value.
pub fn errno_subclass(errno: i64) -> Option<*mut PyTypeObject> {
    let e = i32::try_from(errno).ok()?;
    let tp: *mut PyTypeObject = match e {
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => &raw mut _PyExc_BlockingIOError,
        libc::ECHILD => &raw mut _PyExc_ChildProcessError,
        libc::EPIPE | libc::ESHUTDOWN => &raw mut _PyExc_BrokenPipeError,
        libc::ECONNABORTED => &raw mut _PyExc_ConnectionAbortedError,
        libc::ECONNREFUSED => &raw mut _PyExc_ConnectionRefusedError,
        libc::ECONNRESET => &raw mut _PyExc_ConnectionResetError,
        libc::EEXIST => &raw mut _PyExc_FileExistsError,
        libc::ENOENT => &raw mut _PyExc_FileNotFoundError,
        libc::EISDIR => &raw mut _PyExc_IsADirectoryError,
        libc::ENOTDIR => &raw mut _PyExc_NotADirectoryError,
        libc::EINTR => &raw mut _PyExc_InterruptedError,
        libc::EACCES | libc::EPERM => &raw mut _PyExc_PermissionError,
        libc::ESRCH => &raw mut _PyExc_ProcessLookupError,
        libc::ETIMEDOUT => &raw mut _PyExc_TimeoutError,
        _ => return None,
    };
    Some(tp)
}

/// OSError's parsed constructor arguments (borrowed).
struct OsArgs {
    errno: *mut PyObject,
    strerror: *mut PyObject,
    filename: *mut PyObject,
    filename2: *mut PyObject,
}

/// Splits `args` as `(errno, strerror, filename, winerror, filename2)` when it has 2 to 5
/// items; otherwise nothing is taken from it.
unsafe fn oserror_parse_args(args: *mut PyObject) -> OsArgs {
    let n = tuple_len(args);
    let at = |i: Py_ssize_t| {
        if i < n {
            tuple_item(args, i)
        } else {
            null_mut()
        }
    };
    if (2..=5).contains(&n) {
        OsArgs {
            errno: at(0),
            strerror: at(1),
            filename: at(2),
            filename2: at(4),
        }
    } else {
        OsArgs {
            errno: null_mut(),
            strerror: null_mut(),
            filename: null_mut(),
            filename2: null_mut(),
        }
    }
}

/// Stores the parsed arguments in `op` and sets `args` (cut to two items when a filename was
/// given).
unsafe fn oserror_init_fields(op: *mut PyObject, args: *mut PyObject, a: &OsArgs) -> PyResult<()> {
    let s = op as *mut PyOSErrorObject;
    let mut args = new_ref(args);
    if !a.filename.is_null() && a.filename != object::none() {
        if py_type(op) == &raw mut _PyExc_BlockingIOError && number_check(a.filename) {
            // BlockingIOError's third argument is the number of characters written.
            (*s).written =
                crate::objects::longobject::as_ssize_index(a.filename, PyExc_ValueError)?;
        } else {
            set_field(&raw mut (*s).filename, a.filename);
            if !a.filename2.is_null() && a.filename2 != object::none() {
                set_field(&raw mut (*s).filename2, a.filename2);
            }
            if (2..=5).contains(&tuple_len(args.as_ptr())) {
                args = tupleobject::pack(&[
                    tuple_item(args.as_ptr(), 0),
                    tuple_item(args.as_ptr(), 1),
                ])?;
            }
        }
    }
    set_field(&raw mut (*s).myerrno, a.errno);
    set_field(&raw mut (*s).strerror, a.strerror);
    object::replace_slot(&raw mut (*base(op)).args, args.into_raw());
    Ok(())
}

/// `PyNumber_Check`: the type converts to a number (index, int or float slot, or complex).
unsafe fn number_check(op: *mut PyObject) -> bool {
    let nb = (*py_type(op)).tp_as_number;
    (!nb.is_null()
        && ((*nb).nb_index.is_some() || (*nb).nb_int.is_some() || (*nb).nb_float.is_some()))
        || object::is_type(op, &raw mut crate::objects::complexobject::PyComplex_Type)
        || crate::objects::typeobject::is_subtype(
            py_type(op),
            &raw mut crate::objects::complexobject::PyComplex_Type,
        )
}

/// True when a subclass defines its own `__init__` but inherits OSError's `__new__`: then the
/// arguments are parsed by `__init__` (bpo-12555).
unsafe fn oserror_use_init(tp: *mut PyTypeObject) -> bool {
    // Compared by address: the slots hold these very functions when inherited.
    let init: unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int =
        oserror_init;
    let new: unsafe extern "C" fn(
        *mut PyTypeObject,
        *mut PyObject,
        *mut PyObject,
    ) -> *mut PyObject = oserror_new;
    (*tp).tp_init.map(|f| f as usize) != Some(init as usize)
        && (*tp).tp_new.map(|f| f as usize) == Some(new as usize)
}

unsafe fn oserror_new_impl(
    mut tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<*mut PyObject> {
    let use_init = oserror_use_init(tp);
    let mut parsed = None;
    if !use_init {
        no_keywords(tp, kwds)?;
        let a = oserror_parse_args(args);
        if tp == &raw mut _PyExc_OSError
            && !a.errno.is_null()
            && crate::objects::longobject::is_int(a.errno)
        {
            // An errno too large for the map's keys matches no subclass.
            match crate::objects::longobject::as_i64(a.errno) {
                Ok(e) => {
                    if let Some(sub) = errno_subclass(e) {
                        tp = sub;
                    }
                }
                Err(_) => errors::clear(),
            }
        }
        parsed = Some(a);
    }
    let op = alloc_instance(tp)?;
    let guard_ref = Ref::from_raw(op);
    (*(op as *mut PyOSErrorObject)).written = -1;
    match parsed {
        Some(a) => oserror_init_fields(op, args, &a)?,
        None => (*base(op)).args = tupleobject::new_uninit(0)?,
    }
    Ok(guard_ref.into_raw())
}

pub unsafe extern "C" fn oserror_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    guard("OSError_new", || {
        oserror_new_impl(tp, args, kwds).unwrap_or(null_mut())
    })
}

pub unsafe extern "C" fn oserror_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("OSError_init", || {
        if !oserror_use_init(py_type(op)) {
            return 0;
        }
        errors::int_result((|| {
            no_keywords(py_type(op), kwds)?;
            let a = oserror_parse_args(args);
            oserror_init_fields(op, args, &a)
        })())
    })
}

layout_gc!(
    PyOSErrorObject,
    oserror_clear,
    oserror_traverse,
    oserror_dealloc,
    [myerrno, strerror, filename, filename2]
);

/// `str(OSError)`: `[Errno N] strerror: 'filename' -> 'filename2'` as far as set.
unsafe fn oserror_str_impl(op: *mut PyObject) -> PyResult<Ref> {
    let s = op as *mut PyOSErrorObject;
    let or_none = |p: *mut PyObject| if p.is_null() { object::none() } else { p };
    if !(*s).filename.is_null() {
        let mut text = format!(
            "[Errno {}] {}: {}",
            str_text(or_none((*s).myerrno))?,
            str_text(or_none((*s).strerror))?,
            repr_text((*s).filename)?
        );
        if !(*s).filename2.is_null() {
            text.push_str(" -> ");
            text.push_str(&repr_text((*s).filename2)?);
        }
        return unicodeobject::new_str(&text);
    }
    if !(*s).myerrno.is_null() && !(*s).strerror.is_null() {
        return unicodeobject::new_str(&format!(
            "[Errno {}] {}",
            str_text((*s).myerrno)?,
            str_text((*s).strerror)?
        ));
    }
    base_str_impl(op)
}

unsafe extern "C" fn oserror_str(op: *mut PyObject) -> *mut PyObject {
    guard("OSError_str", || ptr_or_null(oserror_str_impl(op)))
}

/// `__reduce__`: puts the filename(s) back into the arguments.
unsafe fn oserror_reduce_impl(op: *mut PyObject) -> PyResult<Ref> {
    let s = op as *mut PyOSErrorObject;
    let args = (*base(op)).args;
    let args = if tuple_len(args) == 2 && !(*s).filename.is_null() {
        let (a0, a1) = (tuple_item(args, 0), tuple_item(args, 1));
        if (*s).filename2.is_null() {
            tupleobject::pack(&[a0, a1, (*s).filename])?
        } else {
            tupleobject::pack(&[a0, a1, (*s).filename, object::none(), (*s).filename2])?
        }
    } else {
        new_ref(args)
    };
    let tp = py_type(op).cast();
    let dict = (*base(op)).dict;
    if dict.is_null() {
        tupleobject::pack(&[tp, args.as_ptr()])
    } else {
        tupleobject::pack(&[tp, args.as_ptr(), dict])
    }
}

unsafe extern "C" fn oserror_reduce(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    guard("OSError.__reduce__", || {
        ptr_or_null(oserror_reduce_impl(op))
    })
}

unsafe extern "C" fn oserror_written_get(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    guard("OSError.characters_written", || {
        let w = (*(op as *mut PyOSErrorObject)).written;
        if w == -1 {
            let _ = errors::attribute_error("characters_written");
            return null_mut();
        }
        ptr_or_null(crate::objects::longobject::from_isize(w))
    })
}

unsafe extern "C" fn oserror_written_set(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    guard("OSError.characters_written", || {
        let s = op as *mut PyOSErrorObject;
        if value.is_null() {
            if (*s).written == -1 {
                let _ = errors::attribute_error("characters_written");
                return -1;
            }
            (*s).written = -1;
            return 0;
        }
        match crate::objects::longobject::as_ssize_index(value, PyExc_ValueError) {
            Ok(n) => {
                (*s).written = n;
                0
            }
            Err(_) => -1,
        }
    })
}

static mut OSERROR_MEMBERS: [PyMemberDef; 5] = [
    member(
        c"errno",
        core::mem::offset_of!(PyOSErrorObject, myerrno),
        0,
        c"POSIX exception code",
    ),
    member(
        c"strerror",
        core::mem::offset_of!(PyOSErrorObject, strerror),
        0,
        c"exception strerror",
    ),
    member(
        c"filename",
        core::mem::offset_of!(PyOSErrorObject, filename),
        0,
        c"exception filename",
    ),
    member(
        c"filename2",
        core::mem::offset_of!(PyOSErrorObject, filename2),
        0,
        c"second exception filename",
    ),
    MEMBER_END,
];
static mut OSERROR_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(oserror_reduce),
        ml_flags: METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    METHOD_END,
];
static mut OSERROR_GETSET: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"characters_written".as_ptr(),
        get: Some(oserror_written_get),
        set: Some(oserror_written_set),
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    GETSET_END,
];

const OSERROR_MIDDLING: ExcSlots = slots(
    Some(oserror_dealloc),
    Some(oserror_traverse),
    Some(oserror_clear),
    Some(oserror_init),
    None,
);
const OSERROR: ExcSlots = ExcSlots {
    new: Some(oserror_new),
    str: Some(oserror_str),
    members: &raw mut OSERROR_MEMBERS as *mut PyMemberDef,
    methods: &raw mut OSERROR_METHODS as *mut PyMethodDef,
    getset: &raw mut OSERROR_GETSET as *mut PyGetSetDef,
    ..OSERROR_MIDDLING
};

// ---------------------------------------------------------------------------------------------
// SyntaxError(msg, (filename, lineno, offset, text[, end_lineno, end_offset])).

layout_gc!(
    PySyntaxErrorObject,
    syntax_error_clear,
    syntax_error_traverse,
    syntax_error_dealloc,
    [
        msg,
        filename,
        lineno,
        offset,
        end_lineno,
        end_offset,
        text,
        print_file_and_line
    ]
);

unsafe fn syntax_error_init_impl(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<()> {
    base_init_impl(op, args, kwds)?;
    let s = op as *mut PySyntaxErrorObject;
    let n = tuple_len(args);
    if n >= 1 {
        set_field(&raw mut (*s).msg, tuple_item(args, 0));
    }
    if n == 2 {
        let info = as_tuple(tuple_item(args, 1))?;
        let mut out = [null_mut(); 6];
        crate::getargs::parse_tuple_objects(info.as_ptr(), "OOOO|OO", &mut out)?;
        set_field(&raw mut (*s).filename, out[0]);
        set_field(&raw mut (*s).lineno, out[1]);
        set_field(&raw mut (*s).offset, out[2]);
        set_field(&raw mut (*s).text, out[3]);
        set_field(&raw mut (*s).end_lineno, out[4]);
        set_field(&raw mut (*s).end_offset, out[5]);
        if !out[4].is_null() && out[5].is_null() {
            return Err(errors::type_error(
                "end_offset must be provided when end_lineno is provided",
            ));
        }
    }
    Ok(())
}

unsafe extern "C" fn syntax_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("SyntaxError_init", || {
        errors::int_result(syntax_error_init_impl(op, args, kwds))
    })
}

/// `str(SyntaxError)`: `msg (file, line N)`, with the file's base name.
unsafe fn syntax_error_str_impl(op: *mut PyObject) -> PyResult<Ref> {
    let s = op as *mut PySyntaxErrorObject;
    let filename = if !(*s).filename.is_null() && object::is_str((*s).filename) {
        let full = unicodeobject::to_string_lossy((*s).filename);
        Some(match full.rfind('/') {
            Some(i) => full[i + 1..].to_string(),
            None => full,
        })
    } else {
        None
    };
    let lineno = if !(*s).lineno.is_null()
        && object::is_type(
            (*s).lineno,
            &raw mut crate::objects::longobject::PyLong_Type,
        ) {
        // An out-of-range line number prints as -1, as PyLong_AsLongAndOverflow gives.
        Some(match crate::objects::longobject::as_i64((*s).lineno) {
            Ok(v) => v,
            Err(_) => {
                errors::clear();
                -1
            }
        })
    } else {
        None
    };
    let msg = if (*s).msg.is_null() {
        object::none()
    } else {
        (*s).msg
    };
    match (filename, lineno) {
        (None, None) => object::str(msg),
        (Some(f), Some(l)) => {
            unicodeobject::new_str(&format!("{} ({f}, line {l})", str_text(msg)?))
        }
        (Some(f), None) => unicodeobject::new_str(&format!("{} ({f})", str_text(msg)?)),
        (None, Some(l)) => unicodeobject::new_str(&format!("{} (line {l})", str_text(msg)?)),
    }
}

unsafe extern "C" fn syntax_error_str(op: *mut PyObject) -> *mut PyObject {
    guard("SyntaxError_str", || ptr_or_null(syntax_error_str_impl(op)))
}

static mut SYNTAX_ERROR_MEMBERS: [PyMemberDef; 9] = [
    member(
        c"msg",
        core::mem::offset_of!(PySyntaxErrorObject, msg),
        0,
        c"exception msg",
    ),
    member(
        c"filename",
        core::mem::offset_of!(PySyntaxErrorObject, filename),
        0,
        c"exception filename",
    ),
    member(
        c"lineno",
        core::mem::offset_of!(PySyntaxErrorObject, lineno),
        0,
        c"exception lineno",
    ),
    member(
        c"offset",
        core::mem::offset_of!(PySyntaxErrorObject, offset),
        0,
        c"exception offset",
    ),
    member(
        c"text",
        core::mem::offset_of!(PySyntaxErrorObject, text),
        0,
        c"exception text",
    ),
    member(
        c"end_lineno",
        core::mem::offset_of!(PySyntaxErrorObject, end_lineno),
        0,
        c"exception end lineno",
    ),
    member(
        c"end_offset",
        core::mem::offset_of!(PySyntaxErrorObject, end_offset),
        0,
        c"exception end offset",
    ),
    member(
        c"print_file_and_line",
        core::mem::offset_of!(PySyntaxErrorObject, print_file_and_line),
        0,
        c"exception print_file_and_line",
    ),
    MEMBER_END,
];

const SYNTAXERROR_MIDDLING: ExcSlots = slots(
    Some(syntax_error_dealloc),
    Some(syntax_error_traverse),
    Some(syntax_error_clear),
    Some(syntax_error_init),
    None,
);
const SYNTAXERROR: ExcSlots = ExcSlots {
    str: Some(syntax_error_str),
    members: &raw mut SYNTAX_ERROR_MEMBERS as *mut PyMemberDef,
    ..SYNTAXERROR_MIDDLING
};

// ---------------------------------------------------------------------------------------------
// UnicodeEncodeError(encoding, object, start, end, reason), UnicodeDecodeError (object is
// bytes), UnicodeTranslateError(object, start, end, reason), and their C API.

layout_gc!(
    PyUnicodeErrorObject,
    unicode_error_clear,
    unicode_error_traverse,
    unicode_error_dealloc,
    [encoding, object, reason]
);

#[inline(always)]
unsafe fn uerr(op: *mut PyObject) -> *mut PyUnicodeErrorObject {
    op.cast()
}

/// Parses the constructor arguments with `format` ("UUnnU", "UOnnU" or "UnnU") into the
/// fields, as CPython's PyArg_ParseTuple call does.
unsafe fn unicode_error_parse(
    op: *mut PyObject,
    args: *mut PyObject,
    format: &str,
) -> PyResult<()> {
    let u = uerr(op);
    let mut enc: *mut PyObject = null_mut();
    let mut obj: *mut PyObject = null_mut();
    let mut reason: *mut PyObject = null_mut();
    let mut start: Py_ssize_t = 0;
    let mut end: Py_ssize_t = 0;
    let mut dests: Vec<*mut c_void> = Vec::with_capacity(5);
    if format.len() == 5 {
        dests.push((&raw mut enc).cast());
    }
    dests.push((&raw mut obj).cast());
    dests.push((&raw mut start).cast());
    dests.push((&raw mut end).cast());
    dests.push((&raw mut reason).cast());
    crate::getargs::parse_tuple_into(args, format, &dests)?;
    set_field(&raw mut (*u).encoding, enc);
    set_field(&raw mut (*u).object, obj);
    set_field(&raw mut (*u).reason, reason);
    (*u).start = start;
    (*u).end = end;
    Ok(())
}

unsafe extern "C" fn unicode_encode_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("UnicodeEncodeError_init", || {
        errors::int_result(
            base_init_impl(op, args, kwds).and_then(|_| unicode_error_parse(op, args, "UUnnU")),
        )
    })
}

unsafe extern "C" fn unicode_decode_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("UnicodeDecodeError_init", || {
        errors::int_result((|| {
            base_init_impl(op, args, kwds)?;
            unicode_error_parse(op, args, "UOnnU")?;
            let u = uerr(op);
            if !object::has_feature(py_type((*u).object), Py_TPFLAGS_BYTES_SUBCLASS) {
                // Any buffer is accepted and copied into bytes.
                let copy = crate::objects::bytesobject::from_object((*u).object)?;
                object::replace_slot(&raw mut (*u).object, copy.into_raw());
            }
            Ok(())
        })())
    })
}

unsafe extern "C" fn unicode_translate_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("UnicodeTranslateError_init", || {
        errors::int_result(
            base_init_impl(op, args, kwds).and_then(|_| unicode_error_parse(op, args, "UnnU")),
        )
    })
}

/// `'\xNN'`, `'\uNNNN'` or `'\UNNNNNNNN'` for a character in a message.
fn escaped_char(c: u32) -> String {
    if c <= 0xff {
        format!("\\x{c:02x}")
    } else if c <= 0xffff {
        format!("\\u{c:04x}")
    } else {
        format!("\\U{c:08x}")
    }
}

/// The bytes of a bytes object.
unsafe fn bytes_slice<'a>(op: *mut PyObject) -> &'a [u8] {
    let b = op as *mut PyBytesObject;
    core::slice::from_raw_parts(
        (*b).ob_sval.as_ptr() as *const u8,
        (*b).ob_base.ob_size as usize,
    )
}

/// One character of a str.
unsafe fn str_char(op: *mut PyObject, i: Py_ssize_t) -> u32 {
    let (data, kind) = unicodeobject::data_and_kind(op);
    unicodeobject::read_char(data, kind, i as usize)
}

/// `str()` of the three Unicode errors; `which` is 'e', 'd' or 't'.
unsafe fn unicode_error_str_impl(op: *mut PyObject, which: u8) -> PyResult<Ref> {
    let u = uerr(op);
    if (*u).object.is_null() {
        return unicodeobject::new_str("");
    }
    let reason = str_text((*u).reason)?;
    let (start, end) = ((*u).start, (*u).end);
    let text = match which {
        b'd' => {
            let encoding = str_text((*u).encoding)?;
            let data = bytes_slice((*u).object);
            if start < data.len() as Py_ssize_t && start >= 0 && end == start + 1 {
                format!(
                    "'{encoding}' codec can't decode byte 0x{:02x} in position {start}: {reason}",
                    data[start as usize]
                )
            } else {
                format!(
                    "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
                    end - 1
                )
            }
        }
        _ => {
            let prefix = if which == b'e' {
                format!("'{}' codec can't encode", str_text((*u).encoding)?)
            } else {
                "can't translate".to_string()
            };
            if start < unicodeobject::length((*u).object) && start >= 0 && end == start + 1 {
                let c = str_char((*u).object, start);
                format!(
                    "{prefix} character '{}' in position {start}: {reason}",
                    escaped_char(c)
                )
            } else {
                format!(
                    "{prefix} characters in position {start}-{}: {reason}",
                    end - 1
                )
            }
        }
    };
    unicodeobject::new_str(&text)
}

unsafe extern "C" fn unicode_encode_error_str(op: *mut PyObject) -> *mut PyObject {
    guard("UnicodeEncodeError_str", || {
        ptr_or_null(unicode_error_str_impl(op, b'e'))
    })
}
unsafe extern "C" fn unicode_decode_error_str(op: *mut PyObject) -> *mut PyObject {
    guard("UnicodeDecodeError_str", || {
        ptr_or_null(unicode_error_str_impl(op, b'd'))
    })
}
unsafe extern "C" fn unicode_translate_error_str(op: *mut PyObject) -> *mut PyObject {
    guard("UnicodeTranslateError_str", || {
        ptr_or_null(unicode_error_str_impl(op, b't'))
    })
}

static mut UNICODE_ERROR_MEMBERS: [PyMemberDef; 6] = [
    member(
        c"encoding",
        core::mem::offset_of!(PyUnicodeErrorObject, encoding),
        0,
        c"exception encoding",
    ),
    member(
        c"object",
        core::mem::offset_of!(PyUnicodeErrorObject, object),
        0,
        c"exception object",
    ),
    PyMemberDef {
        name: c"start".as_ptr(),
        type_: 19, // T_PYSSIZET
        offset: core::mem::offset_of!(PyUnicodeErrorObject, start) as Py_ssize_t,
        flags: 0,
        doc: c"exception start".as_ptr(),
    },
    PyMemberDef {
        name: c"end".as_ptr(),
        type_: 19, // T_PYSSIZET
        offset: core::mem::offset_of!(PyUnicodeErrorObject, end) as Py_ssize_t,
        flags: 0,
        doc: c"exception end".as_ptr(),
    },
    member(
        c"reason",
        core::mem::offset_of!(PyUnicodeErrorObject, reason),
        0,
        c"exception reason",
    ),
    MEMBER_END,
];

const UNICODE_BASE: ExcSlots = ExcSlots {
    members: &raw mut UNICODE_ERROR_MEMBERS as *mut PyMemberDef,
    new: Some(base_exception_new),
    ..slots(
        Some(unicode_error_dealloc),
        Some(unicode_error_traverse),
        Some(unicode_error_clear),
        None,
        None,
    )
};
const UNICODEENCODEERROR: ExcSlots = ExcSlots {
    init: Some(unicode_encode_error_init),
    str: Some(unicode_encode_error_str),
    ..UNICODE_BASE
};
const UNICODEDECODEERROR: ExcSlots = ExcSlots {
    init: Some(unicode_decode_error_init),
    str: Some(unicode_decode_error_str),
    ..UNICODE_BASE
};
const UNICODETRANSLATEERROR: ExcSlots = ExcSlots {
    init: Some(unicode_translate_error_init),
    str: Some(unicode_translate_error_str),
    ..UNICODE_BASE
};

/// Which attribute of a Unicode error is read (for the C API's messages).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum UnicodeErrorField {
    Encoding,
    Object,
    Reason,
}

/// `PyUnicode{Encode,Decode,Translate}Error_Get{Encoding,Object,Reason}`: a new reference to
/// the field, which must be a str (bytes for a decode error's object).
pub unsafe fn unicode_error_get(
    op: *mut PyObject,
    field: UnicodeErrorField,
    want_bytes: bool,
) -> PyResult<Ref> {
    let u = uerr(op);
    let (value, name) = match field {
        UnicodeErrorField::Encoding => ((*u).encoding, "encoding"),
        UnicodeErrorField::Object => ((*u).object, "object"),
        UnicodeErrorField::Reason => ((*u).reason, "reason"),
    };
    if value.is_null() {
        return Err(errors::type_error(&format!("{name} attribute not set")));
    }
    if want_bytes {
        if !object::has_feature(py_type(value), Py_TPFLAGS_BYTES_SUBCLASS) {
            return Err(errors::type_error(&format!(
                "{name} attribute must be bytes"
            )));
        }
    } else if !object::is_str(value) {
        return Err(errors::type_error(&format!(
            "{name} attribute must be unicode"
        )));
    }
    Ok(new_ref(value))
}

/// `Py*Error_GetStart`/`GetEnd`: the position clamped to the object's length, as CPython does
/// (start into `[0, len-1]`, end into `[1, len]`).
pub unsafe fn unicode_error_position(
    op: *mut PyObject,
    end: bool,
    decode: bool,
) -> PyResult<Py_ssize_t> {
    let obj = unicode_error_get(op, UnicodeErrorField::Object, decode)?;
    let size = if decode {
        (*(obj.as_ptr() as *mut PyVarObject)).ob_size
    } else {
        unicodeobject::length(obj.as_ptr())
    };
    let u = uerr(op);
    Ok(if end {
        (*u).end.max(1).min(size)
    } else {
        let s = (*u).start.max(0);
        if s >= size {
            size - 1
        } else {
            s
        }
    })
}

/// `Py*Error_SetStart`/`SetEnd`.
pub unsafe fn unicode_error_set_position(op: *mut PyObject, end: bool, value: Py_ssize_t) {
    let u = uerr(op);
    if end {
        (*u).end = value;
    } else {
        (*u).start = value;
    }
}

/// `Py*Error_SetReason`.
pub unsafe fn unicode_error_set_reason(op: *mut PyObject, reason: &str) -> PyResult<()> {
    let r = unicodeobject::new_str(reason)?;
    object::replace_slot(&raw mut (*uerr(op)).reason, r.into_raw());
    Ok(())
}

/// `PyUnicodeDecodeError_Create(encoding, object, length, start, end, reason)`: calls the
/// class with `(str, bytes, int, int, str)`.
pub unsafe fn decode_error_create(
    encoding: &str,
    object_bytes: &[u8],
    start: Py_ssize_t,
    end: Py_ssize_t,
    reason: &str,
) -> PyResult<Ref> {
    let enc = unicodeobject::new_str(encoding)?;
    let obj = crate::objects::bytesobject::from_bytes(object_bytes)?;
    let s = crate::objects::longobject::from_isize(start)?;
    let e = crate::objects::longobject::from_isize(end)?;
    let r = unicodeobject::new_str(reason)?;
    let args = tupleobject::pack(&[
        enc.as_ptr(),
        obj.as_ptr(),
        s.as_ptr(),
        e.as_ptr(),
        r.as_ptr(),
    ])?;
    crate::objects::call::call(PyExc_UnicodeDecodeError, args.as_ptr(), null_mut())
}

/// `_PyUnicodeTranslateError_Create(object, start, end, reason)`.
pub unsafe fn translate_error_create(
    object: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
    reason: &str,
) -> PyResult<Ref> {
    let s = crate::objects::longobject::from_isize(start)?;
    let e = crate::objects::longobject::from_isize(end)?;
    let r = unicodeobject::new_str(reason)?;
    let args = tupleobject::pack(&[object, s.as_ptr(), e.as_ptr(), r.as_ptr()])?;
    crate::objects::call::call(PyExc_UnicodeTranslateError, args.as_ptr(), null_mut())
}

// ---------------------------------------------------------------------------------------------
// BaseExceptionGroup(message, exceptions) / ExceptionGroup.

layout_gc!(
    PyBaseExceptionGroupObject,
    group_clear,
    group_traverse,
    group_dealloc,
    [msg, excs]
);

/// The `ExceptionGroup` class, created at start-up (NULL before).
pub unsafe fn exception_group_type() -> *mut PyTypeObject {
    let state = exc_state();
    if state.is_null() {
        return null_mut();
    }
    (*state).PyExc_ExceptionGroup.cast()
}

unsafe fn group_new_impl(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<*mut PyObject> {
    let mut message: *mut PyObject = null_mut();
    let mut exceptions: *mut PyObject = null_mut();
    crate::getargs::parse_tuple_into(
        args,
        "UO:BaseExceptionGroup.__new__",
        &[(&raw mut message).cast(), (&raw mut exceptions).cast()],
    )?;
    if !crate::objects::r#abstract::sequence::check(exceptions) {
        return Err(errors::type_error(
            "second argument (exceptions) must be a sequence",
        ));
    }
    let excs = as_tuple(exceptions)?;
    let n = tuple_len(excs.as_ptr());
    if n == 0 {
        return Err(errors::value_error(
            "second argument (exceptions) must be a non-empty sequence",
        ));
    }
    let mut nested_base = false;
    for i in 0..n {
        let exc = tuple_item(excs.as_ptr(), i);
        if !is_instance(exc) {
            return Err(errors::value_error(&format!(
                "Item {i} of second argument (exceptions) is not an exception"
            )));
        }
        if !super::typeobject::is_subtype(py_type(exc), &raw mut _PyExc_Exception) {
            nested_base = true;
        }
    }
    let group = exception_group_type();
    let mut cls = tp;
    if cls == group && !group.is_null() {
        if nested_base {
            return Err(errors::type_error(
                "Cannot nest BaseExceptions in an ExceptionGroup",
            ));
        }
    } else if cls == &raw mut _PyExc_BaseExceptionGroup {
        if !nested_base && !group.is_null() {
            cls = group;
        }
    } else if nested_base && super::typeobject::is_subtype(cls, &raw mut _PyExc_Exception) {
        return Err(errors::type_error(&format!(
            "Cannot nest BaseExceptions in '{}'",
            object::type_name_trunc(cls, 200)
        )));
    }
    let op = base_new_impl(cls, args)?;
    let g = op as *mut PyBaseExceptionGroupObject;
    (*g).msg = new_ref(message).into_raw();
    (*g).excs = excs.into_raw();
    let _ = kwds;
    Ok(op)
}

unsafe extern "C" fn group_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    guard("BaseExceptionGroup_new", || {
        group_new_impl(tp, args, kwds).unwrap_or(null_mut())
    })
}

unsafe extern "C" fn group_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    guard("BaseExceptionGroup_init", || {
        errors::int_result(base_init_impl(op, args, kwds))
    })
}

/// `str(group)`: `msg (N sub-exception[s])`.
unsafe fn group_str_impl(op: *mut PyObject) -> PyResult<Ref> {
    let g = op as *mut PyBaseExceptionGroupObject;
    let n = if (*g).excs.is_null() {
        0
    } else {
        tuple_len((*g).excs)
    };
    let msg = if (*g).msg.is_null() {
        object::none()
    } else {
        (*g).msg
    };
    unicodeobject::new_str(&format!(
        "{} ({n} sub-exception{})",
        str_text(msg)?,
        if n > 1 { "s" } else { "" }
    ))
}

unsafe extern "C" fn group_str(op: *mut PyObject) -> *mut PyObject {
    guard("BaseExceptionGroup_str", || ptr_or_null(group_str_impl(op)))
}

/// `derive(excs)`: `BaseExceptionGroup(self.message, excs)`.
unsafe extern "C" fn group_derive(op: *mut PyObject, excs: *mut PyObject) -> *mut PyObject {
    guard("BaseExceptionGroup.derive", || {
        let g = op as *mut PyBaseExceptionGroupObject;
        ptr_or_null((|| {
            let args = tupleobject::pack(&[(*g).msg, excs])?;
            crate::objects::call::call(PyExc_BaseExceptionGroup, args.as_ptr(), null_mut())
        })())
    })
}

/// How `split`/`subgroup` decide which leaf exceptions match.
enum Matcher {
    /// An exception class or a tuple of them (`isinstance`-style matching).
    ByType(*mut PyObject),
    /// A callable returning a truth value for each exception.
    Predicate(*mut PyObject),
    /// Leaf exceptions by identity (the interpreter's re-raise projection for except*).
    InstanceIds(std::collections::HashSet<usize>),
}

/// `get_matcher_type`: a callable that is not a class, an exception class, or an exact
/// tuple of exception classes.
unsafe fn matcher_of(value: *mut PyObject) -> PyResult<Matcher> {
    if crate::objects::call::is_callable(value) && !object::is_type_object(value) {
        return Ok(Matcher::Predicate(value));
    }
    if errors::is_exception_class(value) {
        return Ok(Matcher::ByType(value));
    }
    if object::is_type(value, &raw mut tupleobject::PyTuple_Type) {
        let all_classes =
            (0..tuple_len(value)).all(|i| errors::is_exception_class(tuple_item(value, i)));
        if all_classes {
            return Ok(Matcher::ByType(value));
        }
    }
    Err(errors::type_error(
        "expected a function, exception type or tuple of exception types",
    ))
}

unsafe fn matches(exc: *mut PyObject, m: &Matcher) -> PyResult<bool> {
    match m {
        Matcher::ByType(t) => Ok(errors::given_exception_matches(exc, *t)),
        Matcher::Predicate(f) => {
            let r = crate::objects::call::call_one_arg(*f, exc)?;
            object::is_true(r.as_ptr())
        }
        Matcher::InstanceIds(ids) => Ok(!is_exception_group(exc) && ids.contains(&(exc as usize))),
    }
}

/// `_PyBaseExceptionGroup_Check`.
unsafe fn is_exception_group(exc: *mut PyObject) -> bool {
    super::typeobject::is_subtype(py_type(exc), &raw mut _PyExc_BaseExceptionGroup)
}

/// `_PyExc_CreateExceptionGroup(msg, excs)`: `BaseExceptionGroup(msg, excs)` (which makes
/// an ExceptionGroup when every member is an Exception).
///
/// # Safety
/// `excs` is a live sequence of exceptions.
pub unsafe fn create_exception_group(msg: &str, excs: *mut PyObject) -> PyResult<Ref> {
    let m = crate::objects::unicodeobject::new_str(msg)?;
    let args = tupleobject::pack(&[m.as_ptr(), excs])?;
    crate::objects::call::call(PyExc_BaseExceptionGroup, args.as_ptr(), null_mut())
}

/// `collect_exception_group_leaf_ids`: the identities of every leaf exception of `exc`.
unsafe fn collect_leaf_ids(exc: *mut PyObject, ids: &mut std::collections::HashSet<usize>) -> PyResult<()> {
    if exc == object::none() {
        return Ok(());
    }
    if !is_exception_group(exc) {
        ids.insert(exc as usize);
        return Ok(());
    }
    let excs = (*(exc as *mut PyBaseExceptionGroupObject)).excs;
    for i in 0..tuple_len(excs) {
        object::enter_recursive_call(" in collect_exception_group_leaf_ids")?;
        let r = collect_leaf_ids(tuple_item(excs, i), ids);
        object::leave_recursive_call();
        r?;
    }
    Ok(())
}

/// `is_same_exception_metadata`: a re-raise keeps the caught group's notes, traceback,
/// cause and context (the very same objects).
unsafe fn same_metadata(a: *mut PyObject, b: *mut PyObject) -> bool {
    let (x, y) = (base(a), base(b));
    (*x).notes == (*y).notes && (*x).traceback == (*y).traceback && (*x).cause == (*y).cause && (*x).context == (*y).context
}

/// `_PyExc_PrepReraiseStar(orig, excs)`: what a try/except* statement raises at its end:
/// None, the single exception when `orig` was a naked exception, the part of `orig` its
/// handlers re-raised (same nesting), or a new ExceptionGroup("", raised + [that part]).
///
/// # Safety
/// `orig` is a live exception, `excs` a live list of exceptions or None.
pub unsafe fn prep_reraise_star(orig: *mut PyObject, excs: *mut PyObject) -> PyResult<Ref> {
    let n = crate::objects::listobject::len(excs) as usize;
    if n == 0 {
        return Ok(object::new_none());
    }
    let items = crate::objects::listobject::items(excs);
    if !is_exception_group(orig) {
        // A naked exception was caught and wrapped: at most one handler ran.
        return Ok(new_ref(*items));
    }
    let mut raised = Vec::new();
    let mut reraised_ids = std::collections::HashSet::new();
    for i in 0..n {
        let e = *items.add(i);
        if e == object::none() {
            continue;
        }
        if same_metadata(e, orig) {
            collect_leaf_ids(e, &mut reraised_ids)?;
        } else {
            raised.push(new_ref(e));
        }
    }
    let (reraised_eg, _) = group_split(orig, &Matcher::InstanceIds(reraised_ids), false)?;
    if raised.is_empty() {
        return Ok(reraised_eg.unwrap_or_else(object::new_none));
    }
    raised.extend(reraised_eg);
    let ptrs: Vec<*mut PyObject> = raised.iter().map(|r| r.as_ptr()).collect();
    let list = crate::objects::listobject::from_slice(&ptrs)?;
    create_exception_group("", list.as_ptr())
}

/// `exceptiongroup_subset`: a group like `orig` (made by its `derive`) holding `excs`, with
/// orig's traceback, context, cause and a copy of its notes; `None` for an empty list.
unsafe fn group_subset(orig: *mut PyObject, excs: &[Ref]) -> PyResult<Option<Ref>> {
    if excs.is_empty() {
        return Ok(None);
    }
    let ptrs: Vec<*mut PyObject> = excs.iter().map(|r| r.as_ptr()).collect();
    let list = crate::objects::listobject::from_slice(&ptrs)?;
    let eg = crate::objects::call::call_method_str(orig, "derive", &[list.as_ptr()])?;
    if !object::has_feature(eg.ob_type(), Py_TPFLAGS_BASE_EXC_SUBCLASS)
        || !super::typeobject::is_subtype(eg.ob_type(), &raw mut _PyExc_BaseExceptionGroup)
    {
        return Err(errors::type_error(
            "derive must return an instance of BaseExceptionGroup",
        ));
    }
    let tb = (*base(orig)).traceback;
    if !tb.is_null() {
        set_traceback(eg.as_ptr(), tb)?;
    }
    set_context(eg.as_ptr(), get_context(orig));
    // CPython copies the cause with PyException_SetCause, which also sets
    // __suppress_context__.
    set_cause(eg.as_ptr(), get_cause(orig));
    if let Some(notes) = object::lookup_attr_str(orig, "__notes__")? {
        if crate::objects::r#abstract::sequence::check(notes.as_ptr()) {
            let copy = crate::objects::r#abstract::sequence::list(notes.as_ptr())?;
            object::set_attr_str(eg.as_ptr(), "__notes__", copy.as_ptr())?;
        }
    }
    Ok(Some(eg))
}

/// `exceptiongroup_split_recursive`: the matching part and (when `want_rest`) the rest of
/// an exception or group, each `None` when empty; nested groups keep their structure.
unsafe fn group_split(
    exc: *mut PyObject,
    m: &Matcher,
    want_rest: bool,
) -> PyResult<(Option<Ref>, Option<Ref>)> {
    if matches(exc, m)? {
        return Ok((Some(new_ref(exc)), None));
    }
    let is_group = super::typeobject::is_subtype(py_type(exc), &raw mut _PyExc_BaseExceptionGroup);
    if !is_group {
        return Ok((None, if want_rest { Some(new_ref(exc)) } else { None }));
    }
    let excs = new_ref((*(exc as *mut PyBaseExceptionGroupObject)).excs);
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    for i in 0..tuple_len(excs.as_ptr()) {
        object::enter_recursive_call(" in exceptiongroup_split_recursive")?;
        let r = group_split(tuple_item(excs.as_ptr(), i), m, want_rest);
        object::leave_recursive_call();
        let (mt, rs) = r?;
        matched.extend(mt);
        rest.extend(rs);
    }
    let matched = group_subset(exc, &matched)?;
    let rest = if want_rest {
        group_subset(exc, &rest)?
    } else {
        None
    };
    Ok((matched, rest))
}

/// `split(condition)`: `(match, rest)`.
unsafe extern "C" fn group_split_method(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    guard("BaseExceptionGroup.split", || {
        ptr_or_null((|| {
            crate::getargs::check_positional(Some("split"), tuple_len(args) as usize, 1, 1)?;
            let m = matcher_of(tuple_item(args, 0))?;
            let (matched, rest) = group_split(op, &m, true)?;
            let none = object::none();
            tupleobject::pack(&[
                matched.as_ref().map_or(none, |r| r.as_ptr()),
                rest.as_ref().map_or(none, |r| r.as_ptr()),
            ])
        })())
    })
}

/// `subgroup(condition)`: the matching part, or None.
unsafe extern "C" fn group_subgroup_method(
    op: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    guard("BaseExceptionGroup.subgroup", || {
        ptr_or_null((|| {
            crate::getargs::check_positional(Some("subgroup"), tuple_len(args) as usize, 1, 1)?;
            let m = matcher_of(tuple_item(args, 0))?;
            let (matched, _) = group_split(op, &m, false)?;
            Ok(matched.unwrap_or_else(object::new_none))
        })())
    })
}

static mut GROUP_MEMBERS: [PyMemberDef; 3] = [
    member(
        c"message",
        core::mem::offset_of!(PyBaseExceptionGroupObject, msg),
        READONLY,
        c"exception message",
    ),
    member(
        c"exceptions",
        core::mem::offset_of!(PyBaseExceptionGroupObject, excs),
        READONLY,
        c"nested exceptions",
    ),
    MEMBER_END,
];
static mut GROUP_METHODS: [PyMethodDef; 4] = [
    PyMethodDef {
        ml_name: c"derive".as_ptr(),
        ml_meth: Some(group_derive),
        ml_flags: METH_O,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"split".as_ptr(),
        ml_meth: Some(group_split_method),
        ml_flags: METH_VARARGS,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"subgroup".as_ptr(),
        ml_meth: Some(group_subgroup_method),
        ml_flags: METH_VARARGS,
        ml_doc: core::ptr::null(),
    },
    METHOD_END,
];

const EXCEPTIONGROUP: ExcSlots = ExcSlots {
    str: Some(group_str),
    members: &raw mut GROUP_MEMBERS as *mut PyMemberDef,
    methods: &raw mut GROUP_METHODS as *mut PyMethodDef,
    ..slots(
        Some(group_dealloc),
        Some(group_traverse),
        Some(group_clear),
        Some(group_init),
        Some(group_new),
    )
};

/// Creates `ExceptionGroup(BaseExceptionGroup, Exception)` at start-up, as CPython's
/// `_PyExc_InitTypes` does, and points the `EnvironmentError`/`IOError` aliases at OSError.
///
/// # Safety
/// Start-up, after the static exception types are ready.
pub unsafe fn init_exception_group() -> PyResult<()> {
    PyExc_EnvironmentError = PyExc_OSError;
    PyExc_IOError = PyExc_OSError;
    let state = exc_state();
    if state.is_null() || !(*state).PyExc_ExceptionGroup.is_null() {
        return Ok(());
    }
    let bases = tupleobject::pack(&[PyExc_BaseExceptionGroup, PyExc_Exception])?;
    let group =
        crate::errors::new_exception("builtins.ExceptionGroup", bases.as_ptr(), null_mut(), None)?;
    (*state).PyExc_ExceptionGroup = group.into_raw();
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The type objects, in the order of abi names.

pub static mut _PyExc_ArithmeticError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"ArithmeticError",
        72,
        SIMPLE,
        c"Base class for arithmetic errors.",
    )
};
#[no_mangle]
pub static mut PyExc_ArithmeticError: *mut PyObject = (&raw mut _PyExc_ArithmeticError).cast();

pub static mut _PyExc_AssertionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"AssertionError", 72, SIMPLE, c"Assertion failed.")
};
#[no_mangle]
pub static mut PyExc_AssertionError: *mut PyObject = (&raw mut _PyExc_AssertionError).cast();

pub static mut _PyExc_AttributeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"AttributeError",
        88,
        ATTRIBUTEERROR,
        c"Attribute not found.",
    )
};
#[no_mangle]
pub static mut PyExc_AttributeError: *mut PyObject = (&raw mut _PyExc_AttributeError).cast();

pub static mut _PyExc_BaseException: PyTypeObject = PyTypeObject {
    // Only the root carries the flag before PyType_Ready; subclasses inherit it then.
    tp_flags: Py_TPFLAGS_DEFAULT
        | Py_TPFLAGS_BASETYPE
        | Py_TPFLAGS_HAVE_GC
        | Py_TPFLAGS_BASE_EXC_SUBCLASS,
    ..exception_type(
        c"BaseException",
        72,
        BASEEXCEPTION,
        c"Common base class for all exceptions",
    )
};
#[no_mangle]
pub static mut PyExc_BaseException: *mut PyObject = (&raw mut _PyExc_BaseException).cast();

pub static mut _PyExc_BaseExceptionGroup: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    ..exception_type(
        c"BaseExceptionGroup",
        88,
        EXCEPTIONGROUP,
        c"A combination of multiple unrelated exceptions.",
    )
};
#[no_mangle]
pub static mut PyExc_BaseExceptionGroup: *mut PyObject =
    (&raw mut _PyExc_BaseExceptionGroup).cast();

pub static mut _PyExc_BlockingIOError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"BlockingIOError",
        112,
        OSERROR_MIDDLING,
        c"I/O operation would block.",
    )
};
#[no_mangle]
pub static mut PyExc_BlockingIOError: *mut PyObject = (&raw mut _PyExc_BlockingIOError).cast();

pub static mut _PyExc_BrokenPipeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ConnectionError,
    ..exception_type(c"BrokenPipeError", 112, OSERROR_MIDDLING, c"Broken pipe.")
};
#[no_mangle]
pub static mut PyExc_BrokenPipeError: *mut PyObject = (&raw mut _PyExc_BrokenPipeError).cast();

pub static mut _PyExc_BufferError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"BufferError", 72, SIMPLE, c"Buffer error.")
};
#[no_mangle]
pub static mut PyExc_BufferError: *mut PyObject = (&raw mut _PyExc_BufferError).cast();

pub static mut _PyExc_BytesWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(c"BytesWarning", 72, SIMPLE, c"Base class for warnings about bytes and buffer related problems, mostly\nrelated to conversion from str or comparing to str.")
};
#[no_mangle]
pub static mut PyExc_BytesWarning: *mut PyObject = (&raw mut _PyExc_BytesWarning).cast();

pub static mut _PyExc_ChildProcessError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"ChildProcessError",
        112,
        OSERROR_MIDDLING,
        c"Child process error.",
    )
};
#[no_mangle]
pub static mut PyExc_ChildProcessError: *mut PyObject = (&raw mut _PyExc_ChildProcessError).cast();

pub static mut _PyExc_ConnectionAbortedError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ConnectionError,
    ..exception_type(
        c"ConnectionAbortedError",
        112,
        OSERROR_MIDDLING,
        c"Connection aborted.",
    )
};
#[no_mangle]
pub static mut PyExc_ConnectionAbortedError: *mut PyObject =
    (&raw mut _PyExc_ConnectionAbortedError).cast();

pub static mut _PyExc_ConnectionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"ConnectionError",
        112,
        OSERROR_MIDDLING,
        c"Connection error.",
    )
};
#[no_mangle]
pub static mut PyExc_ConnectionError: *mut PyObject = (&raw mut _PyExc_ConnectionError).cast();

pub static mut _PyExc_ConnectionRefusedError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ConnectionError,
    ..exception_type(
        c"ConnectionRefusedError",
        112,
        OSERROR_MIDDLING,
        c"Connection refused.",
    )
};
#[no_mangle]
pub static mut PyExc_ConnectionRefusedError: *mut PyObject =
    (&raw mut _PyExc_ConnectionRefusedError).cast();

pub static mut _PyExc_ConnectionResetError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ConnectionError,
    ..exception_type(
        c"ConnectionResetError",
        112,
        OSERROR_MIDDLING,
        c"Connection reset.",
    )
};
#[no_mangle]
pub static mut PyExc_ConnectionResetError: *mut PyObject =
    (&raw mut _PyExc_ConnectionResetError).cast();

pub static mut _PyExc_DeprecationWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"DeprecationWarning",
        72,
        SIMPLE,
        c"Base class for warnings about deprecated features.",
    )
};
#[no_mangle]
pub static mut PyExc_DeprecationWarning: *mut PyObject =
    (&raw mut _PyExc_DeprecationWarning).cast();

pub static mut _PyExc_EOFError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"EOFError", 72, SIMPLE, c"Read beyond end of file.")
};
#[no_mangle]
pub static mut PyExc_EOFError: *mut PyObject = (&raw mut _PyExc_EOFError).cast();

pub static mut _PyExc_EncodingWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"EncodingWarning",
        72,
        SIMPLE,
        c"Base class for warnings about encodings.",
    )
};
#[no_mangle]
pub static mut PyExc_EncodingWarning: *mut PyObject = (&raw mut _PyExc_EncodingWarning).cast();

pub static mut _PyExc_Exception: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    ..exception_type(
        c"Exception",
        72,
        SIMPLE,
        c"Common base class for all non-exit exceptions.",
    )
};
#[no_mangle]
pub static mut PyExc_Exception: *mut PyObject = (&raw mut _PyExc_Exception).cast();

pub static mut _PyExc_FileExistsError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"FileExistsError",
        112,
        OSERROR_MIDDLING,
        c"File already exists.",
    )
};
#[no_mangle]
pub static mut PyExc_FileExistsError: *mut PyObject = (&raw mut _PyExc_FileExistsError).cast();

pub static mut _PyExc_FileNotFoundError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"FileNotFoundError",
        112,
        OSERROR_MIDDLING,
        c"File not found.",
    )
};
#[no_mangle]
pub static mut PyExc_FileNotFoundError: *mut PyObject = (&raw mut _PyExc_FileNotFoundError).cast();

pub static mut _PyExc_FloatingPointError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ArithmeticError,
    ..exception_type(
        c"FloatingPointError",
        72,
        SIMPLE,
        c"Floating point operation failed.",
    )
};
#[no_mangle]
pub static mut PyExc_FloatingPointError: *mut PyObject =
    (&raw mut _PyExc_FloatingPointError).cast();

pub static mut _PyExc_FutureWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"FutureWarning",
        72,
        SIMPLE,
        c"Base class for warnings about constructs that will change semantically\nin the future.",
    )
};
#[no_mangle]
pub static mut PyExc_FutureWarning: *mut PyObject = (&raw mut _PyExc_FutureWarning).cast();

pub static mut _PyExc_GeneratorExit: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    ..exception_type(
        c"GeneratorExit",
        72,
        SIMPLE,
        c"Request that a generator exit.",
    )
};
#[no_mangle]
pub static mut PyExc_GeneratorExit: *mut PyObject = (&raw mut _PyExc_GeneratorExit).cast();

pub static mut _PyExc_ImportError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"ImportError",
        96,
        IMPORTERROR,
        c"Import can't find module, or can't find name in module.",
    )
};
#[no_mangle]
pub static mut PyExc_ImportError: *mut PyObject = (&raw mut _PyExc_ImportError).cast();

pub static mut _PyExc_ImportWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"ImportWarning",
        72,
        SIMPLE,
        c"Base class for warnings about probable mistakes in module imports",
    )
};
#[no_mangle]
pub static mut PyExc_ImportWarning: *mut PyObject = (&raw mut _PyExc_ImportWarning).cast();

pub static mut _PyExc_IndentationError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_SyntaxError,
    ..exception_type(
        c"IndentationError",
        136,
        SYNTAXERROR_MIDDLING,
        c"Improper indentation.",
    )
};
#[no_mangle]
pub static mut PyExc_IndentationError: *mut PyObject = (&raw mut _PyExc_IndentationError).cast();

pub static mut _PyExc_IndexError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_LookupError,
    ..exception_type(c"IndexError", 72, SIMPLE, c"Sequence index out of range.")
};
#[no_mangle]
pub static mut PyExc_IndexError: *mut PyObject = (&raw mut _PyExc_IndexError).cast();

pub static mut _PyExc_InterruptedError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"InterruptedError",
        112,
        OSERROR_MIDDLING,
        c"Interrupted by signal.",
    )
};
#[no_mangle]
pub static mut PyExc_InterruptedError: *mut PyObject = (&raw mut _PyExc_InterruptedError).cast();

pub static mut _PyExc_IsADirectoryError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"IsADirectoryError",
        112,
        OSERROR_MIDDLING,
        c"Operation doesn't work on directories.",
    )
};
#[no_mangle]
pub static mut PyExc_IsADirectoryError: *mut PyObject = (&raw mut _PyExc_IsADirectoryError).cast();

pub static mut _PyExc_KeyError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_LookupError,
    ..exception_type(c"KeyError", 72, KEYERROR, c"Mapping key not found.")
};
#[no_mangle]
pub static mut PyExc_KeyError: *mut PyObject = (&raw mut _PyExc_KeyError).cast();

pub static mut _PyExc_KeyboardInterrupt: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    ..exception_type(
        c"KeyboardInterrupt",
        72,
        SIMPLE,
        c"Program interrupted by user.",
    )
};
#[no_mangle]
pub static mut PyExc_KeyboardInterrupt: *mut PyObject = (&raw mut _PyExc_KeyboardInterrupt).cast();

pub static mut _PyExc_LookupError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"LookupError", 72, SIMPLE, c"Base class for lookup errors.")
};
#[no_mangle]
pub static mut PyExc_LookupError: *mut PyObject = (&raw mut _PyExc_LookupError).cast();

pub static mut _PyExc_MemoryError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"MemoryError", 72, MEMORYERROR, c"Out of memory.")
};
#[no_mangle]
pub static mut PyExc_MemoryError: *mut PyObject = (&raw mut _PyExc_MemoryError).cast();

pub static mut _PyExc_ModuleNotFoundError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ImportError,
    ..exception_type(
        c"ModuleNotFoundError",
        96,
        IMPORTERROR_MIDDLING,
        c"Module not found.",
    )
};
#[no_mangle]
pub static mut PyExc_ModuleNotFoundError: *mut PyObject =
    (&raw mut _PyExc_ModuleNotFoundError).cast();

pub static mut _PyExc_NameError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"NameError", 80, NAMEERROR, c"Name not found globally.")
};
#[no_mangle]
pub static mut PyExc_NameError: *mut PyObject = (&raw mut _PyExc_NameError).cast();

pub static mut _PyExc_NotADirectoryError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"NotADirectoryError",
        112,
        OSERROR_MIDDLING,
        c"Operation only works on directories.",
    )
};
#[no_mangle]
pub static mut PyExc_NotADirectoryError: *mut PyObject =
    (&raw mut _PyExc_NotADirectoryError).cast();

pub static mut _PyExc_NotImplementedError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_RuntimeError,
    ..exception_type(
        c"NotImplementedError",
        72,
        SIMPLE,
        c"Method or function hasn't been implemented yet.",
    )
};
#[no_mangle]
pub static mut PyExc_NotImplementedError: *mut PyObject =
    (&raw mut _PyExc_NotImplementedError).cast();

pub static mut _PyExc_OSError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"OSError",
        112,
        OSERROR,
        c"Base class for I/O related errors.",
    )
};
#[no_mangle]
pub static mut PyExc_OSError: *mut PyObject = (&raw mut _PyExc_OSError).cast();

pub static mut _PyExc_OverflowError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ArithmeticError,
    ..exception_type(
        c"OverflowError",
        72,
        SIMPLE,
        c"Result too large to be represented.",
    )
};
#[no_mangle]
pub static mut PyExc_OverflowError: *mut PyObject = (&raw mut _PyExc_OverflowError).cast();

pub static mut _PyExc_PendingDeprecationWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"PendingDeprecationWarning",
        72,
        SIMPLE,
        c"Base class for warnings about features which will be deprecated\nin the future.",
    )
};
#[no_mangle]
pub static mut PyExc_PendingDeprecationWarning: *mut PyObject =
    (&raw mut _PyExc_PendingDeprecationWarning).cast();

pub static mut _PyExc_PermissionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"PermissionError",
        112,
        OSERROR_MIDDLING,
        c"Not enough permissions.",
    )
};
#[no_mangle]
pub static mut PyExc_PermissionError: *mut PyObject = (&raw mut _PyExc_PermissionError).cast();

pub static mut _PyExc_ProcessLookupError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(
        c"ProcessLookupError",
        112,
        OSERROR_MIDDLING,
        c"Process not found.",
    )
};
#[no_mangle]
pub static mut PyExc_ProcessLookupError: *mut PyObject =
    (&raw mut _PyExc_ProcessLookupError).cast();

pub static mut _PyExc_RecursionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_RuntimeError,
    ..exception_type(c"RecursionError", 72, SIMPLE, c"Recursion limit exceeded.")
};
#[no_mangle]
pub static mut PyExc_RecursionError: *mut PyObject = (&raw mut _PyExc_RecursionError).cast();

pub static mut _PyExc_ReferenceError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"ReferenceError",
        72,
        SIMPLE,
        c"Weak ref proxy used after referent went away.",
    )
};
#[no_mangle]
pub static mut PyExc_ReferenceError: *mut PyObject = (&raw mut _PyExc_ReferenceError).cast();

pub static mut _PyExc_ResourceWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"ResourceWarning",
        72,
        SIMPLE,
        c"Base class for warnings about resource usage.",
    )
};
#[no_mangle]
pub static mut PyExc_ResourceWarning: *mut PyObject = (&raw mut _PyExc_ResourceWarning).cast();

pub static mut _PyExc_RuntimeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"RuntimeError", 72, SIMPLE, c"Unspecified run-time error.")
};
#[no_mangle]
pub static mut PyExc_RuntimeError: *mut PyObject = (&raw mut _PyExc_RuntimeError).cast();

pub static mut _PyExc_RuntimeWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"RuntimeWarning",
        72,
        SIMPLE,
        c"Base class for warnings about dubious runtime behavior.",
    )
};
#[no_mangle]
pub static mut PyExc_RuntimeWarning: *mut PyObject = (&raw mut _PyExc_RuntimeWarning).cast();

pub static mut _PyExc_StopAsyncIteration: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"StopAsyncIteration",
        72,
        SIMPLE,
        c"Signal the end from iterator.__anext__().",
    )
};
#[no_mangle]
pub static mut PyExc_StopAsyncIteration: *mut PyObject =
    (&raw mut _PyExc_StopAsyncIteration).cast();

pub static mut _PyExc_StopIteration: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"StopIteration",
        80,
        STOPITERATION,
        c"Signal the end from iterator.__next__().",
    )
};
#[no_mangle]
pub static mut PyExc_StopIteration: *mut PyObject = (&raw mut _PyExc_StopIteration).cast();

pub static mut _PyExc_SyntaxError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"SyntaxError", 136, SYNTAXERROR, c"Invalid syntax.")
};
#[no_mangle]
pub static mut PyExc_SyntaxError: *mut PyObject = (&raw mut _PyExc_SyntaxError).cast();

pub static mut _PyExc_SyntaxWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"SyntaxWarning",
        72,
        SIMPLE,
        c"Base class for warnings about dubious syntax.",
    )
};
#[no_mangle]
pub static mut PyExc_SyntaxWarning: *mut PyObject = (&raw mut _PyExc_SyntaxWarning).cast();

pub static mut _PyExc_SystemError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"SystemError", 72, SIMPLE, c"Internal error in the Python interpreter.\n\nPlease report this to the Python maintainer, along with the traceback,\nthe Python version, and the hardware/OS platform and version.")
};
#[no_mangle]
pub static mut PyExc_SystemError: *mut PyObject = (&raw mut _PyExc_SystemError).cast();

pub static mut _PyExc_SystemExit: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    ..exception_type(
        c"SystemExit",
        80,
        SYSTEMEXIT,
        c"Request to exit from the interpreter.",
    )
};
#[no_mangle]
pub static mut PyExc_SystemExit: *mut PyObject = (&raw mut _PyExc_SystemExit).cast();

pub static mut _PyExc_TabError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_IndentationError,
    ..exception_type(
        c"TabError",
        136,
        SYNTAXERROR_MIDDLING,
        c"Improper mixture of spaces and tabs.",
    )
};
#[no_mangle]
pub static mut PyExc_TabError: *mut PyObject = (&raw mut _PyExc_TabError).cast();

pub static mut _PyExc_TimeoutError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    ..exception_type(c"TimeoutError", 112, OSERROR_MIDDLING, c"Timeout expired.")
};
#[no_mangle]
pub static mut PyExc_TimeoutError: *mut PyObject = (&raw mut _PyExc_TimeoutError).cast();

pub static mut _PyExc_TypeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(c"TypeError", 72, SIMPLE, c"Inappropriate argument type.")
};
#[no_mangle]
pub static mut PyExc_TypeError: *mut PyObject = (&raw mut _PyExc_TypeError).cast();

pub static mut _PyExc_UnboundLocalError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_NameError,
    ..exception_type(
        c"UnboundLocalError",
        80,
        NAMEERROR_MIDDLING,
        c"Local name referenced but not bound to a value.",
    )
};
#[no_mangle]
pub static mut PyExc_UnboundLocalError: *mut PyObject = (&raw mut _PyExc_UnboundLocalError).cast();

pub static mut _PyExc_UnicodeDecodeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_UnicodeError,
    ..exception_type(
        c"UnicodeDecodeError",
        112,
        UNICODEDECODEERROR,
        c"Unicode decoding error.",
    )
};
#[no_mangle]
pub static mut PyExc_UnicodeDecodeError: *mut PyObject =
    (&raw mut _PyExc_UnicodeDecodeError).cast();

pub static mut _PyExc_UnicodeEncodeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_UnicodeError,
    ..exception_type(
        c"UnicodeEncodeError",
        112,
        UNICODEENCODEERROR,
        c"Unicode encoding error.",
    )
};
#[no_mangle]
pub static mut PyExc_UnicodeEncodeError: *mut PyObject =
    (&raw mut _PyExc_UnicodeEncodeError).cast();

pub static mut _PyExc_UnicodeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ValueError,
    ..exception_type(c"UnicodeError", 72, SIMPLE, c"Unicode related error.")
};
#[no_mangle]
pub static mut PyExc_UnicodeError: *mut PyObject = (&raw mut _PyExc_UnicodeError).cast();

pub static mut _PyExc_UnicodeTranslateError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_UnicodeError,
    ..exception_type(
        c"UnicodeTranslateError",
        112,
        UNICODETRANSLATEERROR,
        c"Unicode translation error.",
    )
};
#[no_mangle]
pub static mut PyExc_UnicodeTranslateError: *mut PyObject =
    (&raw mut _PyExc_UnicodeTranslateError).cast();

pub static mut _PyExc_UnicodeWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(c"UnicodeWarning", 72, SIMPLE, c"Base class for warnings about Unicode related problems, mostly\nrelated to conversion problems.")
};
#[no_mangle]
pub static mut PyExc_UnicodeWarning: *mut PyObject = (&raw mut _PyExc_UnicodeWarning).cast();

pub static mut _PyExc_UserWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    ..exception_type(
        c"UserWarning",
        72,
        SIMPLE,
        c"Base class for warnings generated by user code.",
    )
};
#[no_mangle]
pub static mut PyExc_UserWarning: *mut PyObject = (&raw mut _PyExc_UserWarning).cast();

pub static mut _PyExc_ValueError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"ValueError",
        72,
        SIMPLE,
        c"Inappropriate argument value (of correct type).",
    )
};
#[no_mangle]
pub static mut PyExc_ValueError: *mut PyObject = (&raw mut _PyExc_ValueError).cast();

pub static mut _PyExc_Warning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    ..exception_type(
        c"Warning",
        72,
        SIMPLE,
        c"Base class for warning categories.",
    )
};
#[no_mangle]
pub static mut PyExc_Warning: *mut PyObject = (&raw mut _PyExc_Warning).cast();

pub static mut _PyExc_ZeroDivisionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ArithmeticError,
    ..exception_type(
        c"ZeroDivisionError",
        72,
        SIMPLE,
        c"Second argument to a division or modulo operation was zero.",
    )
};
#[no_mangle]
pub static mut PyExc_ZeroDivisionError: *mut PyObject = (&raw mut _PyExc_ZeroDivisionError).cast();

// Aliases that CPython 3.11 points at OSError during start-up; NULL before it.
#[no_mangle]
pub static mut PyExc_EnvironmentError: *mut PyObject = core::ptr::null_mut();
#[no_mangle]
pub static mut PyExc_IOError: *mut PyObject = core::ptr::null_mut();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_picks_cpythons_subclasses() {
        let _runtime = crate::testing::hold_runtime();
        let name = |e: i32| {
            // SAFETY: errno_subclass returns pointers to static type objects.
            errno_subclass(e as i64).map(|tp| unsafe { object::type_name_of(tp).into_owned() })
        };
        assert_eq!(name(libc::ENOENT).as_deref(), Some("FileNotFoundError"));
        assert_eq!(name(libc::EWOULDBLOCK).as_deref(), Some("BlockingIOError"));
        assert_eq!(name(libc::ESHUTDOWN).as_deref(), Some("BrokenPipeError"));
        assert_eq!(name(libc::EPERM).as_deref(), Some("PermissionError"));
        assert_eq!(name(libc::ETIMEDOUT).as_deref(), Some("TimeoutError"));
        assert_eq!(name(libc::EINVAL), None);
        assert_eq!(errno_subclass(1 << 40), None);
    }

    #[test]
    fn instance_layouts_match_the_declared_sizes() {
        let _runtime = crate::testing::hold_runtime();
        // SAFETY: reading the static type objects' sizes.
        unsafe {
            assert_eq!(
                _PyExc_OSError.tp_basicsize as usize,
                core::mem::size_of::<PyOSErrorObject>()
            );
            assert_eq!(
                _PyExc_SyntaxError.tp_basicsize as usize,
                core::mem::size_of::<PySyntaxErrorObject>()
            );
            assert_eq!(
                _PyExc_UnicodeDecodeError.tp_basicsize as usize,
                core::mem::size_of::<PyUnicodeErrorObject>()
            );
            assert_eq!(
                _PyExc_BaseExceptionGroup.tp_basicsize as usize,
                core::mem::size_of::<PyBaseExceptionGroupObject>()
            );
            assert_eq!(
                _PyExc_KeyError.tp_basicsize as usize,
                core::mem::size_of::<PyBaseExceptionObject>()
            );
        }
    }
}
