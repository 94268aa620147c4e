//! Context variables (PEP 567; CPython's Python/context.c): `Context` (an immutable hamt of
//! ContextVar -> value, entered by `run`), `ContextVar` (with the per-variable cache of the last
//! value seen, keyed by thread state id and `context_ver`), `Token` and `Token.MISSING`, and the
//! C API behind `PyContext_*` / `PyContextVar_*`. The thread state's `context` is the context
//! entered on that thread (created empty on first use); `context_ver` changes on every enter
//! and exit, which invalidates the variables' caches.

use crate::abi::methodobject::*;
use crate::abi::pycore_context::{PyContext, PyContextToken, PyContextVar};
use crate::abi::pystate::PyThreadState;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::{PyExc_LookupError, PyExc_RuntimeError};
use crate::objects::hamt;
use crate::objects::object::{self, new_ref, Ref};
use crate::objects::typeobject::{gc_del, static_type};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

#[no_mangle]
pub static mut PyContext_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 32,
    tp_dealloc: Some(context_dealloc),
    tp_as_sequence: &raw mut CONTEXT_AS_SEQUENCE,
    tp_as_mapping: &raw mut CONTEXT_AS_MAPPING,
    tp_hash: Some(object::PyObject_HashNotImplemented),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(context_traverse),
    tp_clear: Some(context_clear),
    tp_richcompare: Some(context_richcompare),
    tp_iter: Some(context_iter),
    tp_methods: (&raw mut CONTEXT_METHODS).cast(),
    tp_new: Some(context_tp_new),
    tp_free: Some(gc_del),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.Context", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyContextVar_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(var_dealloc),
    tp_repr: Some(var_repr),
    tp_hash: Some(var_hash),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(var_traverse),
    tp_clear: Some(var_clear),
    tp_methods: (&raw mut VAR_METHODS).cast(),
    tp_members: (&raw mut VAR_MEMBERS).cast(),
    tp_new: Some(var_tp_new),
    tp_free: Some(gc_del),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.ContextVar", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyContextToken_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(token_dealloc),
    tp_repr: Some(token_repr),
    tp_hash: Some(object::PyObject_HashNotImplemented),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(token_traverse),
    tp_clear: Some(token_clear),
    tp_methods: (&raw mut TOKEN_METHODS).cast(),
    tp_getset: (&raw mut TOKEN_GETSETS).cast(),
    tp_new: Some(token_tp_new),
    tp_free: Some(gc_del),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"_contextvars.Token", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

/// The type of `Token.MISSING`.
pub static mut _PyContextTokenMissing_Type: PyTypeObject = PyTypeObject {
    tp_repr: Some(missing_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"Token.MISSING", 16, 0, Py_TPFLAGS_DEFAULT)
};

/// The `Token.MISSING` singleton (made by [`init`], kept for the process's life).
static mut TOKEN_MISSING: *mut PyObject = null_mut();

/// `_PyContext_Init`: makes `Token.MISSING` and puts it in Token's dict.
///
/// # Safety
/// At start-up, after the types are ready.
pub unsafe fn init() -> PyResult<()> {
    if TOKEN_MISSING.is_null() {
        TOKEN_MISSING = object::new_object(&raw mut _PyContextTokenMissing_Type)?;
    }
    crate::objects::dictobject::set_item_str(PyContextToken_Type.tp_dict, "MISSING", TOKEN_MISSING)
}

unsafe extern "C" fn missing_repr(_op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::unicodeobject::new_str("<Token.MISSING>"))
}

/// `PyContext_CheckExact`.
///
/// # Safety
/// `op` is live.
pub unsafe fn is_context(op: *mut PyObject) -> bool {
    object::is_type(op, &raw mut PyContext_Type)
}

/// `PyContextVar_CheckExact`.
///
/// # Safety
/// `op` is live.
pub unsafe fn is_var(op: *mut PyObject) -> bool {
    object::is_type(op, &raw mut PyContextVar_Type)
}

/// `PyContextToken_CheckExact`.
///
/// # Safety
/// `op` is live.
pub unsafe fn is_token(op: *mut PyObject) -> bool {
    object::is_type(op, &raw mut PyContextToken_Type)
}

unsafe fn ensure_context(op: *mut PyObject) -> PyResult<*mut PyContext> {
    if op.is_null() || !is_context(op) {
        return Err(errors::type_error("an instance of Context was expected"));
    }
    Ok(op.cast())
}

unsafe fn ensure_var(op: *mut PyObject) -> PyResult<*mut PyContextVar> {
    if op.is_null() || !is_var(op) {
        return Err(errors::type_error("an instance of ContextVar was expected"));
    }
    Ok(op.cast())
}

fn tstate() -> *mut PyThreadState {
    crate::lifecycle::pystate::current_or_fatal("context")
}

/// A new untracked Context holding a new reference to the hamt `vars`.
unsafe fn context_from_vars(vars: *mut PyObject) -> PyResult<Ref> {
    let op = crate::mem::gc::alloc(&raw mut PyContext_Type, core::mem::size_of::<PyContext>())?;
    object::init_object(op, &raw mut PyContext_Type);
    let ctx = op as *mut PyContext;
    (*ctx).ctx_prev = null_mut();
    (*ctx).ctx_vars = new_ref(vars).into_raw();
    (*ctx).ctx_weakreflist = null_mut();
    (*ctx).ctx_entered = 0;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `PyContext_New`: an empty context.
///
/// # Safety
/// A thread state is current.
pub unsafe fn new() -> PyResult<Ref> {
    let vars = hamt::new()?;
    context_from_vars(vars.as_ptr())
}

/// `PyContext_Copy`.
///
/// # Safety
/// `ctx` is NULL or live.
pub unsafe fn copy(ctx: *mut PyObject) -> PyResult<Ref> {
    let ctx = ensure_context(ctx)?;
    context_from_vars((*ctx).ctx_vars)
}

/// The current thread's context (borrowed), made empty on first use (`context_get`).
unsafe fn current(ts: *mut PyThreadState) -> PyResult<*mut PyContext> {
    if (*ts).context.is_null() {
        (*ts).context = new()?.into_raw();
    }
    Ok((*ts).context.cast())
}

/// `PyContext_CopyCurrent`.
///
/// # Safety
/// A thread state is current.
pub unsafe fn copy_current() -> PyResult<Ref> {
    let ctx = current(tstate())?;
    context_from_vars((*ctx).ctx_vars)
}

/// `PyContext_Enter`: makes `octx` the thread's context.
///
/// # Safety
/// `octx` is NULL or live; `ts` is the current thread state.
pub unsafe fn enter(ts: *mut PyThreadState, octx: *mut PyObject) -> PyResult<()> {
    let ctx = ensure_context(octx)?;
    if (*ctx).ctx_entered != 0 {
        let r = object::repr(octx)?;
        return Err(errors::runtime_error(&format!(
            "cannot enter context: {} is already entered",
            object::str_text(r.as_ptr())
        )));
    }
    (*ctx).ctx_prev = (*ts).context;
    (*ctx).ctx_entered = 1;
    (*ts).context = new_ref(octx).into_raw();
    (*ts).context_ver += 1;
    Ok(())
}

/// `PyContext_Exit`: returns to the context entered before `octx`.
///
/// # Safety
/// `octx` is NULL or live; `ts` is the current thread state.
pub unsafe fn exit(ts: *mut PyThreadState, octx: *mut PyObject) -> PyResult<()> {
    let ctx = ensure_context(octx)?;
    if (*ctx).ctx_entered == 0 {
        let r = object::repr(octx)?;
        return Err(errors::runtime_error(&format!(
            "cannot exit context: {} has not been entered",
            object::str_text(r.as_ptr())
        )));
    }
    if (*ts).context != octx {
        return Err(errors::runtime_error(
            "cannot exit context: thread state references a different context object",
        ));
    }
    // The previous context was borrowed by `ctx_prev` and owned by the thread state's
    // slot before `enter`; the slot takes it back and drops its reference to `ctx`.
    object::replace_slot(&raw mut (*ts).context, (*ctx).ctx_prev);
    (*ts).context_ver += 1;
    (*ctx).ctx_prev = null_mut();
    (*ctx).ctx_entered = 0;
    Ok(())
}

/// `PyContext_Enter` on the current thread.
///
/// # Safety
/// `octx` is NULL or live.
pub unsafe fn enter_current(octx: *mut PyObject) -> PyResult<()> {
    enter(tstate(), octx)
}

/// `PyContext_Exit` on the current thread.
///
/// # Safety
/// `octx` is NULL or live.
pub unsafe fn exit_current(octx: *mut PyObject) -> PyResult<()> {
    exit(tstate(), octx)
}

// ---------------------------------------------------------------------------------------------
// ContextVar

/// `_PyObject_GC_MAY_BE_TRACKED`.
unsafe fn may_be_tracked(op: *mut PyObject) -> bool {
    crate::mem::gc::is_gc(op)
        && (!object::is_type(op, &raw mut crate::objects::tupleobject::PyTuple_Type) || crate::mem::gc::is_tracked(op))
}

/// `contextvar_new`: a variable named `name` (a str) with the default `def` (NULL: none).
///
/// # Safety
/// `name` is live, `def` NULL or live.
pub unsafe fn new_var(name: *mut PyObject, def: *mut PyObject) -> PyResult<Ref> {
    if !object::is_str(name) {
        return Err(errors::type_error("context variable name must be a str"));
    }
    let name_hash = object::hash(name)?;
    let op = crate::mem::gc::alloc(&raw mut PyContextVar_Type, core::mem::size_of::<PyContextVar>())?;
    object::init_object(op, &raw mut PyContextVar_Type);
    let var = op as *mut PyContextVar;
    // The address is mixed in so that variables with equal names, or allocated one after
    // the other, spread over the tree.
    let h = crate::pyhash::hash_pointer(op.cast()) ^ name_hash;
    (*var).var_hash = if h == -1 { -2 } else { h };
    (*var).var_name = new_ref(name).into_raw();
    object::xincref(def);
    (*var).var_default = def;
    (*var).var_cached = null_mut();
    (*var).var_cached_tsid = 0;
    (*var).var_cached_tsver = 0;
    if may_be_tracked(name) || (!def.is_null() && may_be_tracked(def)) {
        crate::mem::gc::track(op);
    }
    Ok(Ref::from_raw(op))
}

/// `PyContextVar_New(name, def)`.
///
/// # Safety
/// `def` is NULL or live.
pub unsafe fn new_var_str(name: &[u8], def: *mut PyObject) -> PyResult<Ref> {
    let name = crate::objects::unicodeobject::from_utf8(name, None)?;
    new_var(name.as_ptr(), def)
}

/// `PyContextVar_Get`: the variable's value in the current context, else `def`, else its
/// default, else None (a new reference or NULL, as `*val`).
///
/// # Safety
/// `ovar` is NULL or live, `def` NULL or live.
pub unsafe fn get(ovar: *mut PyObject, def: *mut PyObject) -> PyResult<*mut PyObject> {
    let var = ensure_var(ovar)?;
    let ts = tstate();
    let mut val = null_mut();
    if !(*ts).context.is_null() {
        if !(*var).var_cached.is_null()
            && (*var).var_cached_tsid == (*ts).id
            && (*var).var_cached_tsver == (*ts).context_ver
        {
            val = (*var).var_cached;
        } else {
            let vars = (*((*ts).context as *mut PyContext)).ctx_vars;
            if let Some(found) = hamt::find(vars, ovar)? {
                (*var).var_cached = found;
                (*var).var_cached_tsid = (*ts).id;
                (*var).var_cached_tsver = (*ts).context_ver;
                val = found;
            }
        }
    }
    if val.is_null() {
        val = if def.is_null() { (*var).var_default } else { def };
    }
    object::xincref(val);
    Ok(val)
}

/// `contextvar_set`: binds the variable in the current context.
unsafe fn var_set_value(var: *mut PyContextVar, val: *mut PyObject) -> PyResult<()> {
    (*var).var_cached = null_mut();
    let ts = tstate();
    let ctx = current(ts)?;
    let new_vars = hamt::assoc((*ctx).ctx_vars, var.cast(), val)?;
    object::replace_slot(&raw mut (*ctx).ctx_vars, new_vars.into_raw());
    (*var).var_cached = val;
    (*var).var_cached_tsid = (*ts).id;
    (*var).var_cached_tsver = (*ts).context_ver;
    Ok(())
}

/// `contextvar_del`: unbinds the variable (LookupError when it has no value).
unsafe fn var_delete(var: *mut PyContextVar) -> PyResult<()> {
    (*var).var_cached = null_mut();
    let ctx = current(tstate())?;
    let vars = (*ctx).ctx_vars;
    let new_vars = hamt::without(vars, var.cast())?;
    if new_vars.as_ptr() == vars {
        return Err(errors::set_object(PyExc_LookupError, var.cast()));
    }
    object::replace_slot(&raw mut (*ctx).ctx_vars, new_vars.into_raw());
    Ok(())
}

/// `PyContextVar_Set`: binds the variable, returning the Token that undoes it.
///
/// # Safety
/// `ovar` is NULL or live, `val` live.
pub unsafe fn set(ovar: *mut PyObject, val: *mut PyObject) -> PyResult<Ref> {
    let var = ensure_var(ovar)?;
    let ctx = current(tstate())?;
    let old = hamt::find((*ctx).ctx_vars, ovar)?.unwrap_or(null_mut());
    let op = crate::mem::gc::alloc(&raw mut PyContextToken_Type, core::mem::size_of::<PyContextToken>())?;
    object::init_object(op, &raw mut PyContextToken_Type);
    let tok = op as *mut PyContextToken;
    (*tok).tok_ctx = new_ref(ctx.cast()).into_raw();
    (*tok).tok_var = new_ref(ovar).into_raw();
    object::xincref(old);
    (*tok).tok_oldval = old;
    (*tok).tok_used = 0;
    crate::mem::gc::track(op);
    let tok = Ref::from_raw(op);
    var_set_value(var, val)?;
    Ok(tok)
}

/// `PyContextVar_Reset`: restores the value the variable had before the `set` that made
/// `otok`.
///
/// # Safety
/// `ovar`, `otok` are NULL or live.
pub unsafe fn reset(ovar: *mut PyObject, otok: *mut PyObject) -> PyResult<()> {
    let var = ensure_var(ovar)?;
    if otok.is_null() || !is_token(otok) {
        return Err(errors::type_error("an instance of Token was expected"));
    }
    let tok = otok as *mut PyContextToken;
    let describe = |what: &str| -> PyResult<String> {
        let r = object::repr(otok)?;
        Ok(format!("{} {what}", object::str_text(r.as_ptr())))
    };
    if (*tok).tok_used != 0 {
        return Err(errors::runtime_error(&describe("has already been used once")?));
    }
    if (*tok).tok_var != ovar {
        return Err(errors::value_error(&describe("was created by a different ContextVar")?));
    }
    let ctx = current(tstate())?;
    if (*tok).tok_ctx != ctx.cast() {
        return Err(errors::value_error(&describe("was created in a different Context")?));
    }
    (*tok).tok_used = 1;
    if (*tok).tok_oldval.is_null() {
        var_delete(var)
    } else {
        var_set_value(var, (*tok).tok_oldval)
    }
}

// ---------------------------------------------------------------------------------------------
// Context slots and methods

unsafe extern "C" fn context_tp_new(_tp: *mut PyTypeObject, args: *mut PyObject, kwds: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let nargs = (*(args as *mut PyVarObject)).ob_size;
        if nargs != 0 || (!kwds.is_null() && crate::objects::dictobject::len(kwds) != 0) {
            return Err(errors::type_error("Context() does not accept any arguments"));
        }
        new()
    })())
}

unsafe extern "C" fn context_clear(op: *mut PyObject) -> c_int {
    let ctx = op as *mut PyContext;
    object::replace_slot(&raw mut (*ctx).ctx_prev, null_mut());
    object::replace_slot(&raw mut (*ctx).ctx_vars, null_mut());
    0
}

unsafe extern "C" fn context_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let ctx = op as *mut PyContext;
    let Some(f) = visit else { return 0 };
    for p in [(*ctx).ctx_prev, (*ctx).ctx_vars] {
        if !p.is_null() {
            let r = f(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn context_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    if !(*(op as *mut PyContext)).ctx_weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    context_clear(op);
    gc_del(op.cast());
}

/// The context's hamt; a Context emptied by the collector reads as an empty mapping.
unsafe fn vars_of(op: *mut PyObject) -> PyResult<Ref> {
    let v = (*(op as *mut PyContext)).ctx_vars;
    if v.is_null() {
        hamt::new()
    } else {
        Ok(new_ref(v))
    }
}

unsafe extern "C" fn context_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(vars_of(op).and_then(|v| hamt::iter_keys(v.as_ptr())))
}

unsafe extern "C" fn context_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    if !is_context(v) || !is_context(w) || (op != object::Py_EQ && op != object::Py_NE) {
        return new_ref(object::not_implemented()).into_raw();
    }
    let r = (|| {
        let (a, b) = (vars_of(v)?, vars_of(w)?);
        hamt::eq(a.as_ptr(), b.as_ptr())
    })();
    match r {
        Ok(eq) => object::new_bool(eq == (op == object::Py_EQ)).into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn context_len(op: *mut PyObject) -> Py_ssize_t {
    let v = (*(op as *mut PyContext)).ctx_vars;
    if v.is_null() { 0 } else { hamt::len(v) }
}

unsafe fn check_key(key: *mut PyObject) -> PyResult<()> {
    if !is_var(key) {
        let r = object::repr(key)?;
        return Err(errors::type_error(&format!(
            "a ContextVar key was expected, got {}",
            object::str_text(r.as_ptr())
        )));
    }
    Ok(())
}

unsafe fn context_find(op: *mut PyObject, key: *mut PyObject) -> PyResult<Option<Ref>> {
    check_key(key)?;
    let vars = vars_of(op)?;
    Ok(hamt::find(vars.as_ptr(), key)?.map(|v| new_ref(v)))
}

unsafe extern "C" fn context_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| match context_find(op, key)? {
        Some(v) => Ok(v),
        None => Err(errors::key_error(key)),
    })())
}

unsafe extern "C" fn context_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    errors::bool_result(context_find(op, key).map(|v| v.is_some()))
}

unsafe extern "C" fn context_get(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("get"), nargs as usize, 1, 2)?;
        let args = core::slice::from_raw_parts(args, nargs as usize);
        match context_find(op, args[0])? {
            Some(v) => Ok(v),
            None => Ok(new_ref(if nargs == 2 { args[1] } else { object::none() })),
        }
    })())
}

unsafe extern "C" fn context_items(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(vars_of(op).and_then(|v| hamt::iter_items(v.as_ptr())))
}

unsafe extern "C" fn context_keys(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(vars_of(op).and_then(|v| hamt::iter_keys(v.as_ptr())))
}

unsafe extern "C" fn context_values(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(vars_of(op).and_then(|v| hamt::iter_values(v.as_ptr())))
}

unsafe extern "C" fn context_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(vars_of(op).and_then(|v| context_from_vars(v.as_ptr())))
}

/// `Context.run(callable, *args, **kwargs)`: calls in this context, entered for the call.
unsafe extern "C" fn context_run(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = (nargsf as usize) & !crate::objects::call::PY_VECTORCALL_ARGUMENTS_OFFSET;
    let ts = tstate();
    if nargs < 1 {
        let _ = errors::type_error("run() missing 1 required positional argument");
        return null_mut();
    }
    if enter(ts, op).is_err() {
        return null_mut();
    }
    let result = crate::objects::call::vectorcall_raw(*args, args.add(1), nargs - 1, kwnames);
    if exit(ts, op).is_err() {
        return null_mut();
    }
    errors::ptr_result(result)
}

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

static mut CONTEXT_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(context_len),
    mp_subscript: Some(context_subscript),
    mp_ass_subscript: None,
};

type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type FastKwFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t, *mut PyObject) -> *mut PyObject;

const fn fast(f: FastFn) -> PyCFunction {
    // SAFETY: METH_FASTCALL entries are called with this signature by the method machinery.
    Some(unsafe { core::mem::transmute::<FastFn, unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>(f) })
}

const fn fast_kw(f: FastKwFn) -> PyCFunction {
    // SAFETY: METH_FASTCALL | METH_KEYWORDS entries are called with this signature.
    Some(unsafe { core::mem::transmute::<FastKwFn, unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>(f) })
}

const fn method(name: &'static core::ffi::CStr, meth: PyCFunction, flags: c_int, doc: &'static core::ffi::CStr) -> PyMethodDef {
    PyMethodDef { ml_name: name.as_ptr(), ml_meth: meth, ml_flags: flags, ml_doc: doc.as_ptr() }
}

const METHOD_END: PyMethodDef = PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() };

static mut CONTEXT_METHODS: [PyMethodDef; 7] = [
    method(c"get", fast(context_get), METH_FASTCALL, c"get($self, key, default=None, /)\n--\n\nReturn the value for `key` if `key` has the value in the context object.\n\nIf `key` does not exist, return `default`. If `default` is not given,\nreturn None."),
    method(c"items", Some(context_items), METH_NOARGS, c"items($self, /)\n--\n\nReturn all variables and their values in the context object.\n\nThe result is returned as a list of 2-tuples (variable, value)."),
    method(c"keys", Some(context_keys), METH_NOARGS, c"keys($self, /)\n--\n\nReturn a list of all variables in the context object."),
    method(c"values", Some(context_values), METH_NOARGS, c"values($self, /)\n--\n\nReturn a list of all variables' values in the context object."),
    method(c"copy", Some(context_copy), METH_NOARGS, c"copy($self, /)\n--\n\nReturn a shallow copy of the context object."),
    PyMethodDef { ml_name: c"run".as_ptr(), ml_meth: fast_kw(context_run), ml_flags: METH_FASTCALL | METH_KEYWORDS, ml_doc: core::ptr::null() },
    METHOD_END,
];

// ---------------------------------------------------------------------------------------------
// ContextVar slots and methods

unsafe extern "C" fn var_tp_new(_tp: *mut PyTypeObject, args: *mut PyObject, kwds: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut name: *mut PyObject = null_mut();
        let mut def: *mut PyObject = null_mut();
        let targets: [*mut c_void; 2] = [(&raw mut name).cast(), (&raw mut def).cast()];
        let mut t = crate::getargs::SliceTargets::new(&targets);
        crate::getargs::parse_tuple_and_keywords(args, kwds, "O|$O:ContextVar", &["", "default"], &mut t, 0)?;
        new_var(name, def)
    })())
}

unsafe extern "C" fn var_clear(op: *mut PyObject) -> c_int {
    let var = op as *mut PyContextVar;
    object::replace_slot(&raw mut (*var).var_name, null_mut());
    object::replace_slot(&raw mut (*var).var_default, null_mut());
    (*var).var_cached = null_mut();
    (*var).var_cached_tsid = 0;
    (*var).var_cached_tsver = 0;
    0
}

unsafe extern "C" fn var_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let var = op as *mut PyContextVar;
    let Some(f) = visit else { return 0 };
    for p in [(*var).var_name, (*var).var_default] {
        if !p.is_null() {
            let r = f(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn var_dealloc(op: *mut PyObject) {
    // Variables whose name and default cannot be in cycles are never tracked.
    if crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
    var_clear(op);
    gc_del(op.cast());
}

unsafe extern "C" fn var_hash(op: *mut PyObject) -> Py_hash_t {
    (*(op as *mut PyContextVar)).var_hash
}

unsafe extern "C" fn var_repr(op: *mut PyObject) -> *mut PyObject {
    let var = op as *mut PyContextVar;
    errors::ptr_result((|| {
        let name = object::repr((*var).var_name)?;
        let mut s = format!("<ContextVar name={}", object::str_text(name.as_ptr()));
        if !(*var).var_default.is_null() {
            let def = object::repr((*var).var_default)?;
            s.push_str(" default=");
            s.push_str(&object::str_text(def.as_ptr()));
        }
        s.push_str(&format!(" at {op:p}>"));
        crate::objects::unicodeobject::new_str(&s)
    })())
}

unsafe extern "C" fn var_get(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("get"), nargs as usize, 0, 1)?;
        let def = if nargs == 1 { *args } else { null_mut() };
        let val = get(op, def)?;
        if val.is_null() {
            return Err(errors::set_object(PyExc_LookupError, op));
        }
        Ok(Ref::from_raw(val))
    })())
}

unsafe extern "C" fn var_set(op: *mut PyObject, value: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(set(op, value))
}

unsafe extern "C" fn var_reset(op: *mut PyObject, token: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if !is_token(token) {
            let r = object::repr(token)?;
            return Err(errors::type_error(&format!(
                "expected an instance of Token, got {}",
                object::str_text(r.as_ptr())
            )));
        }
        reset(op, token)?;
        Ok(object::new_none())
    })())
}

static mut VAR_METHODS: [PyMethodDef; 5] = [
    method(c"get", fast(var_get), METH_FASTCALL, c"get($self, default=<unrepresentable>, /)\n--\n\nReturn a value for the context variable for the current context.\n\nIf there is no value for the variable in the current context, the method will:\n * return the value of the default argument of the method, if provided; or\n * return the default value for the context variable, if it was created\n   with one; or\n * raise a LookupError."),
    method(c"set", Some(var_set), METH_O, c"set($self, value, /)\n--\n\nCall to set a new value for the context variable in the current context.\n\nThe required value argument is the new value for the context variable.\n\nReturns a Token object that can be used to restore the variable to its previous\nvalue via the `ContextVar.reset()` method."),
    method(c"reset", Some(var_reset), METH_O, c"reset($self, token, /)\n--\n\nReset the context variable.\n\nThe variable is reset to the value it had before the `ContextVar.set()` that\ncreated the token was used."),
    method(c"__class_getitem__", Some(crate::objects::genericaliasobject::class_getitem), METH_O | METH_CLASS, c"See PEP 585"),
    METHOD_END,
];

static mut VAR_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef { name: c"name".as_ptr(), type_: T_OBJECT, offset: 16, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];

// ---------------------------------------------------------------------------------------------
// Token slots

unsafe extern "C" fn token_tp_new(_tp: *mut PyTypeObject, _a: *mut PyObject, _k: *mut PyObject) -> *mut PyObject {
    let _ = errors::set_string(PyExc_RuntimeError, "Tokens can only be created by ContextVars");
    null_mut()
}

unsafe extern "C" fn token_clear(op: *mut PyObject) -> c_int {
    let tok = op as *mut PyContextToken;
    object::replace_slot(&raw mut (*tok).tok_ctx, null_mut());
    object::replace_slot(&raw mut (*tok).tok_var, null_mut());
    object::replace_slot(&raw mut (*tok).tok_oldval, null_mut());
    0
}

unsafe extern "C" fn token_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let tok = op as *mut PyContextToken;
    let Some(f) = visit else { return 0 };
    for p in [(*tok).tok_ctx, (*tok).tok_var, (*tok).tok_oldval] {
        if !p.is_null() {
            let r = f(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn token_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    token_clear(op);
    gc_del(op.cast());
}

unsafe extern "C" fn token_repr(op: *mut PyObject) -> *mut PyObject {
    let tok = op as *mut PyContextToken;
    errors::ptr_result((|| {
        let var = if (*tok).tok_var.is_null() { object::new_none() } else { new_ref((*tok).tok_var) };
        let var = object::repr(var.as_ptr())?;
        let used = if (*tok).tok_used != 0 { " used" } else { "" };
        crate::objects::unicodeobject::new_str(&format!(
            "<Token{used} var={} at {op:p}>",
            object::str_text(var.as_ptr())
        ))
    })())
}

unsafe extern "C" fn token_get_var(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let v = (*(op as *mut PyContextToken)).tok_var;
    new_ref(if v.is_null() { object::none() } else { v }).into_raw()
}

unsafe extern "C" fn token_get_old_value(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let v = (*(op as *mut PyContextToken)).tok_oldval;
    if v.is_null() {
        if TOKEN_MISSING.is_null() {
            let _ = errors::system_error("Token.MISSING is not initialized");
            return null_mut();
        }
        return new_ref(TOKEN_MISSING).into_raw();
    }
    new_ref(v).into_raw()
}

static mut TOKEN_METHODS: [PyMethodDef; 2] = [
    method(c"__class_getitem__", Some(crate::objects::genericaliasobject::class_getitem), METH_O | METH_CLASS, c"See PEP 585"),
    METHOD_END,
];

static mut TOKEN_GETSETS: [PyGetSetDef; 3] = [
    PyGetSetDef { name: c"var".as_ptr(), get: Some(token_get_var), set: None, doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: c"old_value".as_ptr(), get: Some(token_get_old_value), set: None, doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: core::ptr::null(), get: None, set: None, doc: core::ptr::null(), closure: null_mut() },
];

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" fn copy_context_fn(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
        errors::ptr_result(copy_current())
    }

    static mut COPY_CONTEXT_DEF: PyMethodDef =
        method(c"copy_context", Some(copy_context_fn), METH_NOARGS, c"");

    /// A stand-in for `contextvars`: the three types and `copy_context`.
    unsafe extern "C" fn make_module() -> *mut PyObject {
        use crate::objects::moduleobject as mo;
        errors::ptr_result((|| {
            let m = mo::new_str(b"contextvars")?;
            object::set_attr_str(m.as_ptr(), "Context", (&raw mut PyContext_Type).cast())?;
            object::set_attr_str(m.as_ptr(), "ContextVar", (&raw mut PyContextVar_Type).cast())?;
            object::set_attr_str(m.as_ptr(), "Token", (&raw mut PyContextToken_Type).cast())?;
            let f = crate::objects::methodobject::new_cfunction(&raw mut COPY_CONTEXT_DEF, null_mut(), null_mut(), null_mut())?;
            object::set_attr_str(m.as_ptr(), "copy_context", f.as_ptr())?;
            Ok(m)
        })())
    }

    const PRELUDE: &str = "C = contextvars\ndef noaddr(s):\n    parts = s.split(' at 0x')\n    return parts[0] + ''.join(' at ADDR' + p[p.index('>'):] if '>' in p else ' at ADDR' for p in parts[1:])\ndef err(f):\n    try:\n        return f()\n    except Exception as e:\n        return (type(e).__name__, noaddr(str(e)))\n";

    const SNIPPETS: &[&str] = &[
        // get / set / reset, Token.var / old_value / MISSING
        "v = C.ContextVar('v')\nr = [err(v.get), v.get(5), v.get(None)]\nt = v.set(1)\nr += [v.get(), v.get(5), t.var is v, t.old_value is C.Token.MISSING, repr(t.old_value), type(t.old_value).__name__]\nt2 = v.set(2)\nr += [v.get(), t2.old_value, noaddr(repr(t2))]\nv.reset(t2)\nr += [v.get(), noaddr(repr(t2))]\nv.reset(t)\nr += [err(v.get)]\nresult = r",
        "v = C.ContextVar('v', default='dflt')\nr = [v.get(), v.get('arg'), noaddr(repr(v)), noaddr(repr(C.ContextVar('x', default=[1]))), noaddr(repr(C.ContextVar('y'))), v.name]\nt = v.set(None)\nr += [v.get(), v.get('arg')]\nv.reset(t)\nr += [v.get(), err(lambda: v.get(1, 2)), err(lambda: v.get(default=1))]\nresult = r",
        // reset errors
        "v = C.ContextVar('v')\nw = C.ContextVar('w')\nt = v.set(1)\nr = [err(lambda: w.reset(t))]\nv.reset(t)\nr += [err(lambda: v.reset(t)), err(lambda: v.reset(1)), err(lambda: v.reset()), err(lambda: v.set())]\nt3 = v.set(3)\nctx = C.copy_context()\nr += [err(lambda: ctx.run(v.reset, t3)), v.get()]\nv.reset(t3)\nr += [err(v.get)]\nresult = r",
        // construction, attributes, class-level behaviour
        "r = [err(lambda: C.ContextVar()), err(lambda: C.ContextVar(1)), err(lambda: C.ContextVar('a', 1)), err(lambda: C.ContextVar('a', default=1, x=2)), err(lambda: C.ContextVar(name='a')), err(lambda: C.Token()), err(lambda: C.Context(1)), err(lambda: C.Context(a=1))]\nv = C.ContextVar('a')\nr += [err(lambda: setattr(v, 'name', 'b')), err(lambda: setattr(v, 'x', 1)), hash(v) == hash(v), err(lambda: hash(v.set(1))), err(lambda: hash(C.Context()))]\nfor T in (C.ContextVar, C.Token, C.Context):\n    try:\n        class S(T): pass\n        r.append('ok')\n    except TypeError as e:\n        r.append(str(e))\nr += [C.ContextVar[int], C.Token[str], err(lambda: C.Context[int]), C.ContextVar.__module__, C.Context.__name__, C.Token.__qualname__, C.ContextVar.get.__doc__, C.Context.get.__text_signature__, C.Context.run.__doc__]\nresult = r",
        // Context mapping protocol
        "v = C.ContextVar('v', default='d')\nw = C.ContextVar('w')\nctx = C.Context()\nr = [len(ctx), list(ctx), ctx.get(v), ctx.get(v, 1), v in ctx, err(lambda: ctx[v]), list(ctx.items()), list(ctx.values())]\ndef f(a, b=0):\n    v.set(a)\n    w.set(b)\n    return (v.get(), w.get(), len(C.copy_context()))\nr.append(ctx.run(f, 1, b=2))\nr += [len(ctx), ctx[v], ctx.get(w), v in ctx, sorted(x.name for x in ctx), sorted(x.name for x in ctx.keys()), sorted(ctx.values()), sorted((k.name, x) for k, x in ctx.items()), v.get()]\nc2 = ctx.copy()\nr += [c2 == ctx, c2 != ctx, ctx == C.Context(), ctx == 1, ctx.__eq__(1), ctx.__lt__(c2), c2 is ctx]\nc2.run(v.set, 5)\nr += [c2 == ctx, ctx[v], c2[v], len(c2)]\nr += [err(lambda: ctx[1]), err(lambda: 1 in ctx), err(lambda: ctx.get('x')), err(lambda: ctx.get()), err(lambda: ctx.get(v, 1, 2)), err(ctx.run), err(lambda: ctx.run(1)), err(lambda: ctx < c2)]\nit = ctx.items()\nr += [type(it).__name__, type(iter(ctx)).__name__, type(ctx.keys()).__name__, type(ctx.values()).__name__, len(it), iter(it) is it, len(list(it)), list(it), len(it)]\nresult = r",
        // equality compares values
        "v = C.ContextVar('v')\na = C.Context()\nb = C.Context()\na.run(v.set, 1)\nb.run(v.set, 1.0)\nr = [a == b]\nb.run(v.set, 2)\nr.append(a == b)\nclass E:\n    def __eq__(self, o): raise ValueError('boom')\na.run(v.set, E())\nb.run(v.set, E())\nr.append(err(lambda: a == b))\nresult = r",
        // entering twice, exceptions leave the context
        "ctx = C.Context()\nv = C.ContextVar('v')\ndef inner():\n    return ctx.run(lambda: 1)\nr = [err(lambda: ctx.run(inner)), err(lambda: ctx.run(lambda: 1 / 0)), ctx.run(lambda: 2)]\ndef setter():\n    v.set('x')\n    raise KeyError('k')\nr += [err(lambda: ctx.run(setter)), ctx[v], v.get(None)]\nc2 = C.copy_context()\nr += [c2.run(ctx.run, v.get), c2.run(lambda: ctx.run(C.copy_context) == ctx)]\nresult = r",
        // the current context: copy_context sees set values, run isolates
        "v = C.ContextVar('cur')\nt = v.set('outer')\nsnap = C.copy_context()\nr = [snap[v], snap.run(v.get)]\ndef change():\n    v.set('inner')\n    return (v.get(), C.copy_context()[v])\nr += [snap.run(change), v.get(), snap[v]]\nv.reset(t)\nr += [v in C.copy_context(), snap[v]]\nresult = r",
        // generators run in the context of whoever resumes them
        "v = C.ContextVar('g')\ndef gen():\n    yield v.get(None)\n    v.set('in-gen')\n    yield v.get()\n    yield v.get(None)\nctx = C.copy_context()\ng = gen()\nr = [ctx.run(next, g), ctx.run(next, g), v.get(None), ctx.get(v), next(g)]\nresult = r",
        // many variables: persistent updates, snapshots unchanged
        "vs = [C.ContextVar('v%d' % i) for i in range(300)]\nctx = C.Context()\ndef fill():\n    toks = [v.set(i) for i, v in enumerate(vs)]\n    snap = C.copy_context()\n    for v, t in list(zip(vs, toks))[::2]:\n        v.reset(t)\n    mid = C.copy_context()\n    for v in vs[1::4]:\n        v.set(-1)\n    return snap, mid, [v.get(None) for v in vs]\nsnap, mid, vals = ctx.run(fill)\nresult = (len(snap), len(mid), len(ctx), vals[:12], sorted(snap.values()) == list(range(300)), sorted(mid.values()) == list(range(1, 300, 2)), sum(1 for v in vs if v in ctx), [ctx.get(v) for v in vs[:8]], snap == ctx, mid == mid.copy())",
        // the cached lookup follows context switches
        "v = C.ContextVar('c', default=0)\na = C.Context()\nb = C.Context()\na.run(v.set, 'a')\nb.run(v.set, 'b')\nr = []\nfor i in range(3):\n    r += [a.run(v.get), b.run(v.get), v.get()]\nv.set('top')\nr += [a.run(v.get), v.get(), b.run(lambda: a.run(v.get)), v.get()]\nresult = r",
        // threads start with an empty context
        "v = C.ContextVar('tv', default=0)\nv.set(10)\nout = []\ndone = _thread.allocate_lock()\ndone.acquire()\ndef worker():\n    out.append(v.get())\n    out.append(len(C.copy_context()))\n    v.set(20)\n    out.append(v.get())\n    out.append(C.copy_context()[v])\n    done.release()\n_thread.start_new_thread(worker, ())\ndone.acquire()\nresult = (out, v.get())",
        // GC: a cycle through a context's values is collected; contexts take weak references
        "class B:\n    pass\nv = C.ContextVar('gc')\nctx = C.Context()\nb = B()\nb.ctx = ctx\nctx.run(v.set, b)\nw = _weakref.ref(b)\nwc = _weakref.ref(ctx)\ndel b, ctx\ngc.collect()\nr = [w() is None, wc() is None]\nb = B()\nb.var = C.ContextVar('x', default=b)\nw = _weakref.ref(b)\ndel b\ngc.collect()\nr.append(w() is None)\nb = B()\nt = v.set(b)\nb.tok = t\nv.reset(t)\nw = _weakref.ref(b)\ndel b, t\ngc.collect()\nr += [w() is None, gc.is_tracked(C.ContextVar('s')), gc.is_tracked(C.ContextVar('s', default=[])), gc.is_tracked(C.Context())]\nresult = r",
    ];

    #[test]
    fn contextvars_match_python311() {
        let _runtime = crate::testing::hold_runtime();
        let all: Vec<String> = SNIPPETS.iter().map(|s| format!("{PRELUDE}{s}")).collect();
        let refs: Vec<&str> = all.iter().map(|s| s.as_str()).collect();
        crate::testing::difftest::check(
            &[
                ("contextvars", make_module),
                ("_thread", crate::modules::threadmodule::init_module),
                ("gc", crate::modules::gcmodule::init_module),
                ("_weakref", crate::modules::weakrefmodule::init_module),
            ],
            &refs,
        );
    }
}
