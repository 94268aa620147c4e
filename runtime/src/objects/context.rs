//! Context variables (PEP 567; CPython's Python/context.c): `Context`, `ContextVar`, `Token`
//! and `Token.MISSING` with CPython 3.11's layouts, the thread state's current context
//! (`tstate->context`, `context_ver`), and the `PyContext_*`/`PyContextVar_*` C API behind
//! lib-dynload's `_contextvars`, `_decimal` and `_asyncio`.
//!
//! A context's variables are an immutable mapping: setting a variable replaces the context's
//! mapping by a new one, so `Context.copy()` shares it. CPython uses a HAMT (O(log n) per
//! set); here the mapping is a dict copied on write (O(n) per set, n being the variables set in
//! that context: a handful in practice). Iterating a Context follows insertion order rather
//! than the HAMT's hash order.

use super::typeobject::static_type;
use crate::abi::methodobject::{PyMethodDef, METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, new_ref, Ref};
use crate::objects::{dictobject, tupleobject};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

/// `PyContext` (48 bytes).
#[repr(C)]
pub struct PyContext {
    ob_base: PyObject,
    ctx_prev: *mut PyContext,
    /// The variables: a dict, never mutated once shared (see the module comment).
    ctx_vars: *mut PyObject,
    ctx_weakreflist: *mut PyObject,
    ctx_entered: c_int,
}

/// `PyContextVar` (64 bytes).
#[repr(C)]
pub struct PyContextVar {
    ob_base: PyObject,
    var_name: *mut PyObject,
    var_default: *mut PyObject,
    var_cached: *mut PyObject,
    var_cached_tsid: u64,
    var_cached_tsver: u64,
    var_hash: Py_hash_t,
}

/// `PyContextToken` (48 bytes).
#[repr(C)]
pub struct PyContextToken {
    ob_base: PyObject,
    tok_ctx: *mut PyContext,
    tok_var: *mut PyContextVar,
    tok_oldval: *mut PyObject,
    tok_used: c_int,
}

const _: () = assert!(core::mem::size_of::<PyContext>() == 48);
const _: () = assert!(core::mem::size_of::<PyContextVar>() == 64);
const _: () = assert!(core::mem::size_of::<PyContextToken>() == 48);

unsafe fn is_context(o: *mut PyObject) -> bool {
    object::py_type(o) == &raw mut PyContext_Type
}
unsafe fn is_var(o: *mut PyObject) -> bool {
    object::py_type(o) == &raw mut PyContextVar_Type
}
unsafe fn is_token(o: *mut PyObject) -> bool {
    object::py_type(o) == &raw mut PyContextToken_Type
}

unsafe fn gc_new<T>(tp: *mut PyTypeObject) -> PyResult<*mut T> {
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<T>())?;
    object::init_object(op, tp);
    core::ptr::write_bytes((op as *mut u8).add(core::mem::size_of::<PyObject>()), 0, core::mem::size_of::<T>() - core::mem::size_of::<PyObject>());
    Ok(op.cast())
}

/// A new context over `vars` (a new reference is taken).
unsafe fn context_new(vars: *mut PyObject) -> PyResult<Ref> {
    let ctx = gc_new::<PyContext>(&raw mut PyContext_Type)?;
    (*ctx).ctx_vars = new_ref(vars).into_raw();
    crate::mem::gc::track(ctx.cast());
    Ok(Ref::from_raw(ctx.cast()))
}

/// `PyContext_New`: an empty context.
///
/// # Safety
/// GIL held.
pub unsafe fn new_empty() -> PyResult<Ref> {
    let vars = dictobject::new()?;
    context_new(vars.as_ptr())
}

/// `context_get`: the thread's current context, made empty on first use (borrowed).
unsafe fn current() -> PyResult<*mut PyContext> {
    let ts = crate::lifecycle::pystate::current();
    if (*ts).context.is_null() {
        let ctx = new_empty()?;
        (*ts).context = ctx.into_raw();
    }
    Ok((*ts).context.cast())
}

/// `PyContext_Copy`.
///
/// # Safety
/// `ctx` live; GIL held.
pub unsafe fn copy(ctx: *mut PyObject) -> PyResult<Ref> {
    if !is_context(ctx) {
        return Err(errors::type_error("an instance of Context was expected"));
    }
    context_new((*(ctx as *mut PyContext)).ctx_vars)
}

/// `PyContext_CopyCurrent`.
///
/// # Safety
/// GIL held.
pub unsafe fn copy_current() -> PyResult<Ref> {
    let ctx = current()?;
    context_new((*ctx).ctx_vars)
}

/// `PyContext_Enter`.
///
/// # Safety
/// `ctx` live; GIL held.
pub unsafe fn enter(ctx: *mut PyObject) -> PyResult<()> {
    if !is_context(ctx) {
        return Err(errors::type_error("an instance of Context was expected"));
    }
    let c = ctx as *mut PyContext;
    if (*c).ctx_entered != 0 {
        let r = object::repr(ctx)?;
        return Err(errors::runtime_error(&format!(
            "cannot enter context: {} is already entered",
            crate::objects::unicodeobject::to_string_lossy(r.as_ptr())
        )));
    }
    let ts = crate::lifecycle::pystate::current();
    (*c).ctx_prev = (*ts).context.cast(); // the thread state's reference moves here
    (*c).ctx_entered = 1;
    (*ts).context = new_ref(ctx).into_raw();
    (*ts).context_ver += 1;
    Ok(())
}

/// `PyContext_Exit`.
///
/// # Safety
/// `ctx` live; GIL held.
pub unsafe fn exit(ctx: *mut PyObject) -> PyResult<()> {
    if !is_context(ctx) {
        return Err(errors::type_error("an instance of Context was expected"));
    }
    let c = ctx as *mut PyContext;
    if (*c).ctx_entered == 0 {
        let r = object::repr(ctx)?;
        return Err(errors::runtime_error(&format!(
            "cannot exit context: {} has not been entered",
            crate::objects::unicodeobject::to_string_lossy(r.as_ptr())
        )));
    }
    let ts = crate::lifecycle::pystate::current();
    if (*ts).context != ctx {
        return Err(errors::runtime_error(
            "cannot exit context: thread state references a different context object",
        ));
    }
    let prev = core::mem::replace(&mut (*c).ctx_prev, null_mut());
    let old = core::mem::replace(&mut (*ts).context, prev.cast());
    (*ts).context_ver += 1;
    (*c).ctx_entered = 0;
    object::decref(old);
    Ok(())
}

/// `PyContextVar_New(name, default)`.
///
/// # Safety
/// `name` live, `default` NULL or live; GIL held.
pub unsafe fn var_new(name: *mut PyObject, default: *mut PyObject) -> PyResult<Ref> {
    if !crate::objects::unicodeobject::is_str(name) {
        return Err(errors::type_error("context variable name must be a str"));
    }
    let var = gc_new::<PyContextVar>(&raw mut PyContextVar_Type)?;
    let me = Ref::from_raw(var.cast());
    (*var).var_name = new_ref(name).into_raw();
    (*var).var_default = if default.is_null() { null_mut() } else { new_ref(default).into_raw() };
    // The name's hash XOR the address, as CPython's (its HAMT wants spread-out hashes).
    let h = object::hash(name)? ^ crate::pyhash::hash_pointer(var.cast());
    (*var).var_hash = if h == -1 { -2 } else { h };
    crate::mem::gc::track(var.cast());
    Ok(me)
}

/// `PyContextVar_Get(var, default)`: Some(value) (new reference), None when unset and no
/// default applies.
///
/// # Safety
/// `var` live; GIL held.
pub unsafe fn var_get(var: *mut PyObject, default: *mut PyObject) -> PyResult<Option<Ref>> {
    if !is_var(var) {
        return Err(errors::type_error("an instance of ContextVar was expected"));
    }
    let ctx = current()?;
    if let Some(v) = dictobject::get_item((*ctx).ctx_vars, var)? {
        return Ok(Some(new_ref(v)));
    }
    if !default.is_null() {
        return Ok(Some(new_ref(default)));
    }
    let d = (*(var as *mut PyContextVar)).var_default;
    Ok(if d.is_null() { None } else { Some(new_ref(d)) })
}

/// Replaces the current context's variables by a copy with `var` set to `value` (NULL: removed).
unsafe fn set_in_current(var: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    let ctx = current()?;
    let vars = dictobject::copy((*ctx).ctx_vars)?;
    if value.is_null() {
        dictobject::del_item(vars.as_ptr(), var)?;
    } else {
        dictobject::set_item(vars.as_ptr(), var, value)?;
    }
    object::replace_slot(&raw mut (*ctx).ctx_vars, vars.into_raw());
    Ok(())
}

/// `PyContextVar_Set(var, value)`: a Token to undo it.
///
/// # Safety
/// `var`, `value` live; GIL held.
pub unsafe fn var_set(var: *mut PyObject, value: *mut PyObject) -> PyResult<Ref> {
    if !is_var(var) {
        return Err(errors::type_error("an instance of ContextVar was expected"));
    }
    let ctx = current()?;
    let old = dictobject::get_item((*ctx).ctx_vars, var)?;
    let tok = gc_new::<PyContextToken>(&raw mut PyContextToken_Type)?;
    let token = Ref::from_raw(tok.cast());
    (*tok).tok_ctx = new_ref(ctx.cast()).into_raw().cast();
    (*tok).tok_var = new_ref(var).into_raw().cast();
    (*tok).tok_oldval = old.map_or(null_mut(), |o| new_ref(o).into_raw());
    crate::mem::gc::track(tok.cast());
    set_in_current(var, value)?;
    Ok(token)
}

unsafe fn repr_text(o: *mut PyObject) -> PyResult<String> {
    let r = object::repr(o)?;
    Ok(crate::objects::unicodeobject::to_string_lossy(r.as_ptr()))
}

/// `PyContextVar_Reset(var, token)`.
///
/// # Safety
/// Both live; GIL held.
pub unsafe fn var_reset(var: *mut PyObject, token: *mut PyObject) -> PyResult<()> {
    if !is_var(var) {
        return Err(errors::type_error("an instance of ContextVar was expected"));
    }
    if !is_token(token) {
        return Err(errors::type_error("an instance of Token was expected"));
    }
    let tok = token as *mut PyContextToken;
    if (*tok).tok_used != 0 {
        return Err(errors::runtime_error(&format!("{} has already been used once", repr_text(token)?)));
    }
    if (*tok).tok_var.cast() != var {
        return Err(errors::value_error(&format!("{} was created by a different ContextVar", repr_text(token)?)));
    }
    if current()? != (*tok).tok_ctx {
        return Err(errors::value_error(&format!("{} was created in a different Context", repr_text(token)?)));
    }
    (*tok).tok_used = 1;
    let old = (*tok).tok_oldval;
    if old.is_null() {
        let ctx = current()?;
        if dictobject::get_item((*ctx).ctx_vars, var)?.is_none() {
            return Err(errors::set_object(crate::objects::exceptions::PyExc_LookupError, var));
        }
    }
    set_in_current(var, old)
}

// ---------------------------------------------------------------------------------------------
// Context: a mapping of ContextVar -> value

unsafe fn ctx_vars(op: *mut PyObject) -> *mut PyObject {
    (*(op as *mut PyContext)).ctx_vars
}

unsafe fn check_key(key: *mut PyObject) -> PyResult<()> {
    if !is_var(key) {
        return Err(errors::type_error(&format!("a ContextVar key was expected, got {}", repr_text(key)?)));
    }
    Ok(())
}

unsafe extern "C" fn context_tp_new(_tp: *mut PyTypeObject, args: *mut PyObject, kw: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if (!args.is_null() && tupleobject::len(args) != 0) || (!kw.is_null() && dictobject::len(kw) != 0) {
            return Err(errors::type_error("Context() does not accept any arguments"));
        }
        new_empty()
    })())
}

unsafe extern "C" fn context_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let c = op as *mut PyContext;
    if !(*c).ctx_weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    context_clear(op);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn context_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let c = op as *mut PyContext;
    for p in [(*c).ctx_prev.cast::<PyObject>(), (*c).ctx_vars] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn context_clear(op: *mut PyObject) -> c_int {
    let c = op as *mut PyContext;
    object::xdecref(core::mem::replace(&mut (*c).ctx_prev, null_mut()).cast());
    object::xdecref(core::mem::replace(&mut (*c).ctx_vars, null_mut()));
    0
}

unsafe extern "C" fn context_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    if !is_context(v) || !is_context(w) || (op != object::Py_EQ && op != object::Py_NE) {
        return object::new_ref(object::not_implemented()).into_raw();
    }
    errors::ptr_result((|| {
        let eq = object::rich_compare_bool(ctx_vars(v), ctx_vars(w), object::Py_EQ)?;
        Ok(object::new_bool(if op == object::Py_EQ { eq } else { !eq }))
    })())
}

unsafe extern "C" fn context_length(op: *mut PyObject) -> Py_ssize_t {
    dictobject::len(ctx_vars(op))
}

unsafe extern "C" fn context_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        check_key(key)?;
        match dictobject::get_item(ctx_vars(op), key)? {
            Some(v) => Ok(new_ref(v)),
            None => Err(errors::set_object(crate::objects::exceptions::PyExc_KeyError, key)),
        }
    })())
}

unsafe extern "C" fn context_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    match check_key(key).and_then(|()| dictobject::get_item(ctx_vars(op), key)) {
        Ok(found) => found.is_some() as c_int,
        Err(_) => -1,
    }
}

unsafe extern "C" fn context_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::r#abstract::iter::get_iter(ctx_vars(op)))
}

unsafe extern "C" fn context_get(op: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("get"), n as usize, 1, 2)?;
        let key = *a;
        check_key(key)?;
        match dictobject::get_item(ctx_vars(op), key)? {
            Some(v) => Ok(new_ref(v)),
            None if n == 2 => Ok(new_ref(*a.add(1))),
            None => Ok(object::new_none()),
        }
    })())
}

unsafe extern "C" fn context_items(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::call::call_method_str(ctx_vars(op), "items", &[]))
}
unsafe extern "C" fn context_keys(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::call::call_method_str(ctx_vars(op), "keys", &[]))
}
unsafe extern "C" fn context_values(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::call::call_method_str(ctx_vars(op), "values", &[]))
}
unsafe extern "C" fn context_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(copy(op))
}

/// `Context.run(callable, *args, **kwargs)`: the call inside the context.
unsafe extern "C" fn context_run(op: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t, kwnames: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if n < 1 {
            return Err(errors::type_error("run() missing 1 required positional argument"));
        }
        enter(op)?;
        let r = crate::objects::call::vectorcall_raw(*a, a.add(1), (n - 1) as usize, kwnames);
        let out = exit(op);
        let v = r?;
        out?;
        Ok(v)
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type FastKwFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t, *mut PyObject) -> *mut PyObject;

const fn m(name: &'static core::ffi::CStr, f: BinFn, flags: c_int, doc: &'static core::ffi::CStr) -> PyMethodDef {
    PyMethodDef { ml_name: name.as_ptr(), ml_meth: Some(f), ml_flags: flags, ml_doc: doc.as_ptr() }
}
const END: PyMethodDef = PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() };

static mut CONTEXT_METHODS: [PyMethodDef; 7] = [
    // SAFETY (each transmute below): the flags say which signature the pointer has.
    m(c"get", unsafe { core::mem::transmute::<FastFn, BinFn>(context_get) }, METH_FASTCALL, c"get($self, key, default=None, /)\n--\n\nReturn the value for `key` if `key` has the value in the context object.\n\nIf `key` does not exist, return `default`. If `default` is not given,\nreturn None."),
    m(c"items", context_items, METH_NOARGS, c"items($self, /)\n--\n\nReturn all variables and their values in the context object.\n\nThe result is returned as a list of 2-tuples (variable, value)."),
    m(c"keys", context_keys, METH_NOARGS, c"keys($self, /)\n--\n\nReturn a list of all variables in the context object."),
    m(c"values", context_values, METH_NOARGS, c"values($self, /)\n--\n\nReturn a list of all variables' values in the context object."),
    m(c"copy", context_copy, METH_NOARGS, c"copy($self, /)\n--\n\nReturn a shallow copy of the context object."),
    m(c"run", unsafe { core::mem::transmute::<FastKwFn, BinFn>(context_run) }, METH_FASTCALL | METH_KEYWORDS, c""),
    END,
];

static mut CONTEXT_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(context_length),
    mp_subscript: Some(context_subscript),
    mp_ass_subscript: None,
};

static mut CONTEXT_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: None,
    sq_concat: None,
    sq_repeat: None,
    sq_item: None,
    was_sq_slice: null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: null_mut(),
    sq_contains: Some(context_contains),
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

#[no_mangle]
pub static mut PyContext_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 32,
    tp_dealloc: Some(context_dealloc),
    tp_traverse: Some(context_traverse),
    tp_clear: Some(context_clear),
    tp_richcompare: Some(context_richcompare),
    tp_as_mapping: &raw mut CONTEXT_AS_MAPPING,
    tp_as_sequence: &raw mut CONTEXT_AS_SEQUENCE,
    tp_iter: Some(context_iter),
    tp_methods: (&raw mut CONTEXT_METHODS).cast(),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_hash: Some(object::PyObject_HashNotImplemented),
    tp_new: Some(context_tp_new),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.Context", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

// ---------------------------------------------------------------------------------------------
// ContextVar

unsafe extern "C" fn var_tp_new(_tp: *mut PyTypeObject, args: *mut PyObject, kw: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = if args.is_null() { 0 } else { tupleobject::len(args) };
        if n != 1 {
            return Err(errors::type_error(&format!(
                "ContextVar() takes exactly 1 positional argument ({n} given)"
            )));
        }
        let mut default = null_mut();
        if !kw.is_null() {
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(kw, &mut pos) {
                if crate::objects::unicodeobject::eq_str(k, "default") {
                    default = v;
                } else {
                    return Err(errors::type_error(&format!(
                        "'{}' is an invalid keyword argument for ContextVar()",
                        crate::objects::unicodeobject::to_string_lossy(k)
                    )));
                }
            }
        }
        var_new(*tupleobject::items(args), default)
    })())
}

unsafe extern "C" fn var_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    var_clear(op);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn var_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let v = op as *mut PyContextVar;
    for p in [(*v).var_name, (*v).var_default] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn var_clear(op: *mut PyObject) -> c_int {
    let v = op as *mut PyContextVar;
    object::xdecref(core::mem::replace(&mut (*v).var_name, null_mut()));
    object::xdecref(core::mem::replace(&mut (*v).var_default, null_mut()));
    (*v).var_cached = null_mut();
    0
}

unsafe extern "C" fn var_hash(op: *mut PyObject) -> Py_hash_t {
    (*(op as *mut PyContextVar)).var_hash
}

unsafe extern "C" fn var_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = op as *mut PyContextVar;
        let mut s = format!("<ContextVar name={}", repr_text((*v).var_name)?);
        if !(*v).var_default.is_null() {
            s.push_str(&format!(" default={}", repr_text((*v).var_default)?));
        }
        s.push_str(&format!(" at {:p}>", op));
        crate::objects::unicodeobject::new_str(&s)
    })())
}

unsafe extern "C" fn var_get_method(op: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("get"), n as usize, 0, 1)?;
        let default = if n == 1 { *a } else { null_mut() };
        match var_get(op, default)? {
            Some(v) => Ok(v),
            None => Err(errors::set_object(crate::objects::exceptions::PyExc_LookupError, op)),
        }
    })())
}

unsafe extern "C" fn var_set_method(op: *mut PyObject, value: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(var_set(op, value))
}

unsafe extern "C" fn var_reset_method(op: *mut PyObject, token: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if !is_token(token) {
            return Err(errors::type_error(&format!("expected an instance of Token, got {}", repr_text(token)?)));
        }
        var_reset(op, token)?;
        Ok(object::new_none())
    })())
}

static mut VAR_METHODS: [PyMethodDef; 5] = [
    m(c"get", unsafe { core::mem::transmute::<FastFn, BinFn>(var_get_method) }, METH_FASTCALL, c"get($self, default=<unrepresentable>, /)\n--\n\nReturn a value for the context variable for the current context.\n\nIf there is no value for the variable in the current context, the method will:\n * return the value of the default argument of the method, if provided; or\n * return the default value for the context variable, if it was created\n   with one; or\n * raise a LookupError."),
    m(c"set", var_set_method, METH_O, c"set($self, value, /)\n--\n\nCall to set a new value for the context variable in the current context.\n\nThe required value argument is the new value for the context variable.\n\nReturns a Token object that can be used to restore the variable to its previous\nvalue via the `ContextVar.reset()` method."),
    m(c"reset", var_reset_method, METH_O, c"reset($self, token, /)\n--\n\nReset the context variable.\n\nThe variable is reset to the value it had before the `ContextVar.set()` that\ncreated the token was used."),
    m(c"__class_getitem__", crate::objects::genericaliasobject::class_getitem, METH_O | crate::abi::methodobject::METH_CLASS, c"See PEP 585"),
    END,
];

static mut VAR_MEMBERS: [crate::abi::structmember::PyMemberDef; 2] = [
    crate::abi::structmember::PyMemberDef {
        name: c"name".as_ptr(),
        type_: crate::abi::structmember::T_OBJECT,
        offset: core::mem::offset_of!(PyContextVar, var_name) as Py_ssize_t,
        flags: crate::abi::structmember::READONLY,
        doc: core::ptr::null(),
    },
    crate::abi::structmember::PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];

#[no_mangle]
pub static mut PyContextVar_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(var_dealloc),
    tp_traverse: Some(var_traverse),
    tp_clear: Some(var_clear),
    tp_hash: Some(var_hash),
    tp_repr: Some(var_repr),
    tp_methods: (&raw mut VAR_METHODS).cast(),
    tp_members: (&raw mut VAR_MEMBERS).cast(),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_new: Some(var_tp_new),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.ContextVar", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

// ---------------------------------------------------------------------------------------------
// Token and Token.MISSING

unsafe extern "C" fn token_tp_new(_tp: *mut PyTypeObject, _a: *mut PyObject, _k: *mut PyObject) -> *mut PyObject {
    let _ = errors::runtime_error("Tokens can only be created by ContextVars");
    null_mut()
}

unsafe extern "C" fn token_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    token_clear(op);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn token_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let t = op as *mut PyContextToken;
    for p in [(*t).tok_ctx.cast::<PyObject>(), (*t).tok_var.cast(), (*t).tok_oldval] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn token_clear(op: *mut PyObject) -> c_int {
    let t = op as *mut PyContextToken;
    object::xdecref(core::mem::replace(&mut (*t).tok_ctx, null_mut()).cast());
    object::xdecref(core::mem::replace(&mut (*t).tok_var, null_mut()).cast());
    object::xdecref(core::mem::replace(&mut (*t).tok_oldval, null_mut()));
    0
}

unsafe extern "C" fn token_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let t = op as *mut PyContextToken;
        let used = if (*t).tok_used != 0 { " used" } else { "" };
        let s = format!("<Token{used} var={} at {:p}>", repr_text((*t).tok_var.cast())?, op);
        crate::objects::unicodeobject::new_str(&s)
    })())
}

unsafe extern "C" fn token_get_var(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    new_ref((*(op as *mut PyContextToken)).tok_var.cast()).into_raw()
}

unsafe extern "C" fn token_get_old_value(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    let v = (*(op as *mut PyContextToken)).tok_oldval;
    new_ref(if v.is_null() { (&raw mut TOKEN_MISSING).cast() } else { v }).into_raw()
}

static mut TOKEN_GETSET: [crate::abi::descrobject::PyGetSetDef; 3] = [
    crate::abi::descrobject::PyGetSetDef { name: c"var".as_ptr(), get: Some(token_get_var), set: None, doc: core::ptr::null(), closure: null_mut() },
    crate::abi::descrobject::PyGetSetDef { name: c"old_value".as_ptr(), get: Some(token_get_old_value), set: None, doc: core::ptr::null(), closure: null_mut() },
    crate::abi::descrobject::PyGetSetDef { name: core::ptr::null(), get: None, set: None, doc: core::ptr::null(), closure: null_mut() },
];

static mut TOKEN_METHODS: [PyMethodDef; 2] = [
    m(c"__class_getitem__", crate::objects::genericaliasobject::class_getitem, METH_O | crate::abi::methodobject::METH_CLASS, c"See PEP 585"),
    END,
];

#[no_mangle]
pub static mut PyContextToken_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(token_dealloc),
    tp_traverse: Some(token_traverse),
    tp_clear: Some(token_clear),
    tp_repr: Some(token_repr),
    tp_hash: Some(object::PyObject_HashNotImplemented),
    tp_getset: (&raw mut TOKEN_GETSET).cast(),
    tp_methods: (&raw mut TOKEN_METHODS).cast(),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_new: Some(token_tp_new),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.Token", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

unsafe extern "C" fn missing_repr(_op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::unicodeobject::new_str("<Token.MISSING>"))
}

/// The type of `Token.MISSING`.
pub static mut TOKEN_MISSING_TYPE: PyTypeObject = PyTypeObject {
    tp_repr: Some(missing_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"Token.MISSING", core::mem::size_of::<PyObject>() as Py_ssize_t, 0, Py_TPFLAGS_DEFAULT)
};

/// `Token.MISSING` (a static object, never freed).
pub static mut TOKEN_MISSING: PyObject = PyObject {
    ob_refcnt: 1 << 30,
    ob_type: &raw mut TOKEN_MISSING_TYPE,
};

/// Puts `Token.MISSING` in the Token type's dict (once the types are ready).
///
/// # Safety
/// At start-up, after the static types are readied.
pub unsafe fn init_types() -> PyResult<()> {
    crate::objects::typeobject::ready(&raw mut TOKEN_MISSING_TYPE)?;
    let d = PyContextToken_Type.tp_dict;
    if !d.is_null() {
        dictobject::set_item_str(d, "MISSING", (&raw mut TOKEN_MISSING).cast())?;
    }
    Ok(())
}
