//! Python functions (CPython 3.11's Objects/funcobject.c): the `function` type (creation
//! from a code object and globals, every attribute with CPython's setter checks, binding to
//! methods, GC, the `function(...)` constructor, the PyFunction_* accessors), and the
//! classmethod and staticmethod wrappers.

use crate::abi::funcobject::PyFunctionObject;
use crate::abi::*;
use super::typeobject::static_type;
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};
use crate::errors::{self, PyResult};
use crate::objects::object::{self, new_ref, py_type, Ref};
use crate::objects::typeobject::{gc_del, PyType_GenericAlloc, PyType_GenericNew};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;


#[no_mangle]
pub static mut PyFunction_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(func_dealloc),
    tp_vectorcall_offset: 120,
    tp_repr: Some(func_repr),
    tp_call: Some(crate::objects::methodobject::vectorcall_call_slot),
    tp_doc: c"function(code, globals, name=None, argdefs=None, closure=None)\n--\n\nCreate a function object.\n\n  code\n    a code object\n  globals\n    the globals dictionary\n  name\n    a string that overrides the name from the code object\n  argdefs\n    a tuple that specifies the default argument values\n  closure\n    a tuple that supplies the bindings for free variables".as_ptr(),
    tp_traverse: Some(func_traverse),
    tp_clear: Some(func_clear),
    tp_weaklistoffset: 96,
    tp_members: (&raw mut FUNC_MEMBERS).cast(),
    tp_getset: (&raw mut FUNC_GETSETS).cast(),
    tp_descr_get: Some(func_descr_get),
    tp_dictoffset: 88,
    tp_new: Some(func_new),
    tp_free: Some(gc_del),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"function", 136, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_METHOD_DESCRIPTOR)
};

/// The function behind `op`.
#[inline]
pub fn func(op: *mut PyObject) -> *mut PyFunctionObject {
    op.cast()
}

/// `PyFunction_Check`.
///
/// # Safety
/// `op` is live.
pub unsafe fn is_function(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut PyFunction_Type
}

/// The vectorcall entry of every function (`_PyFunction_Vectorcall`, the eval loop's).
fn function_vectorcall_entry() -> vectorcallfunc {
    Some(crate::eval::ceval::function_vectorcall)
}

/// `_PyEval_BuiltinsFromGlobals`: `globals['__builtins__']` (a module's dict for a module),
/// else the builtins of the running frame or the interpreter's. Borrowed.
///
/// # Safety
/// `globals` is a live dict.
pub unsafe fn builtins_from_globals(globals: *mut PyObject) -> PyResult<*mut PyObject> {
    if let Some(b) = crate::objects::dictobject::get_item(globals, crate::_Py_ID!(__builtins__))? {
        if crate::objects::moduleobject::is_module(b) {
            return crate::objects::moduleobject::get_dict(b);
        }
        return Ok(b);
    }
    // `_PyEval_GetBuiltins`: the running frame's builtins, else the interpreter's.
    let ts = crate::lifecycle::pystate::current();
    if !ts.is_null() && !(*ts).cframe.is_null() {
        let frame = (*(*ts).cframe).current_frame;
        if !frame.is_null() && !(*frame).f_builtins.is_null() {
            return Ok((*frame).f_builtins);
        }
    }
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() || (*interp).builtins.is_null() {
        return Err(errors::system_error("no builtins"));
    }
    Ok((*interp).builtins)
}

/// `PyFunction_NewWithQualName(code, globals, qualname)`: a function for `code` running in
/// `globals` (a dict); `qualname` NULL takes `co_qualname`. The doc string is the first
/// constant when it is a str, `__module__` is `globals['__name__']` when present.
///
/// # Safety
/// `code` is a live code object, `globals` a live dict, `qualname` NULL or a live str.
pub unsafe fn new_function(code: *mut PyObject, globals: *mut PyObject, qualname: *mut PyObject) -> PyResult<Ref> {
    use crate::objects::{dictobject, tupleobject, unicodeobject};
    let c = code as *mut crate::abi::code::PyCodeObject;
    let qualname = if qualname.is_null() { (*c).co_qualname } else { qualname };
    let consts = (*c).co_consts;
    let doc = if tupleobject::len(consts) >= 1 && unicodeobject::is_str(*tupleobject::items(consts)) {
        *tupleobject::items(consts)
    } else {
        object::none()
    };
    let module = dictobject::get_item(globals, crate::_Py_ID!(__name__))?.unwrap_or(null_mut());
    let builtins = builtins_from_globals(globals)?;
    let tp = &raw mut PyFunction_Type;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<PyFunctionObject>())?;
    object::init_object(op, tp);
    let f = func(op);
    (*f).func_globals = new_ref(globals).into_raw();
    (*f).func_builtins = new_ref(builtins).into_raw();
    (*f).func_name = new_ref((*c).co_name).into_raw();
    (*f).func_qualname = new_ref(qualname).into_raw();
    (*f).func_code = new_ref(code).into_raw();
    (*f).func_defaults = null_mut();
    (*f).func_kwdefaults = null_mut();
    (*f).func_closure = null_mut();
    (*f).func_doc = new_ref(doc).into_raw();
    (*f).func_dict = null_mut();
    (*f).func_weakreflist = null_mut();
    object::xincref(module);
    (*f).func_module = module;
    (*f).func_annotations = null_mut();
    (*f).vectorcall = function_vectorcall_entry();
    (*f).func_version = 0;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `next_func_version`: versions handed out for the specializer (0 once exhausted).
static NEXT_FUNC_VERSION: core::sync::atomic::AtomicU32 = core::sync::atomic::AtomicU32::new(1);

/// `_PyFunction_GetVersionForCurrentState`: the function's version, assigned on first use;
/// any change to the code, defaults, closure or annotations resets it to 0.
///
/// # Safety
/// `f` is a live function.
pub unsafe fn version_for_current_state(f: *mut PyFunctionObject) -> u32 {
    use core::sync::atomic::Ordering;
    if (*f).func_version != 0 {
        return (*f).func_version;
    }
    let v = NEXT_FUNC_VERSION.load(Ordering::Relaxed);
    if v == 0 {
        return 0;
    }
    NEXT_FUNC_VERSION.store(v.wrapping_add(1), Ordering::Relaxed);
    (*f).func_version = v;
    v
}

/// Resets the version counter (`Py_FinalizeEx` then a new start-up hands out versions
/// from 1 again, as a fresh process would).
pub fn fini() {
    NEXT_FUNC_VERSION.store(1, core::sync::atomic::Ordering::Relaxed);
}

unsafe fn check_function(op: *mut PyObject, line: u32) -> PyResult<*mut PyFunctionObject> {
    if op.is_null() || !is_function(op) {
        return Err(errors::bad_internal_call_at("Objects/funcobject.c", line));
    }
    Ok(func(op))
}

/// `PyFunction_GetCode` (borrowed).
///
/// # Safety
/// `op` is NULL or live.
pub unsafe fn get_code(op: *mut PyObject) -> PyResult<*mut PyObject> {
    Ok((*check_function(op, 150)?).func_code)
}
/// `PyFunction_GetGlobals` (borrowed).
///
/// # Safety
/// `op` is NULL or live.
pub unsafe fn get_globals(op: *mut PyObject) -> PyResult<*mut PyObject> {
    Ok((*check_function(op, 160)?).func_globals)
}
/// `PyFunction_GetModule` (borrowed, may be NULL without an error).
///
/// # Safety
/// `op` is NULL or live.
pub unsafe fn get_module(op: *mut PyObject) -> PyResult<*mut PyObject> {
    Ok((*check_function(op, 170)?).func_module)
}
/// `PyFunction_GetDefaults` (borrowed, may be NULL).
///
/// # Safety
/// `op` is NULL or live.
pub unsafe fn get_defaults(op: *mut PyObject) -> PyResult<*mut PyObject> {
    Ok((*check_function(op, 180)?).func_defaults)
}
/// `PyFunction_GetKwDefaults` (borrowed, may be NULL).
///
/// # Safety
/// `op` is NULL or live.
pub unsafe fn get_kwdefaults(op: *mut PyObject) -> PyResult<*mut PyObject> {
    Ok((*check_function(op, 213)?).func_kwdefaults)
}
/// `PyFunction_GetClosure` (borrowed, may be NULL).
///
/// # Safety
/// `op` is NULL or live.
pub unsafe fn get_closure(op: *mut PyObject) -> PyResult<*mut PyObject> {
    Ok((*check_function(op, 245)?).func_closure)
}

/// `PyFunction_SetDefaults(op, defaults)`: a tuple, or None/NULL to clear.
///
/// # Safety
/// `op` and `defaults` are NULL or live.
pub unsafe fn set_defaults(op: *mut PyObject, defaults: *mut PyObject) -> PyResult<()> {
    let f = check_function(op, 190)?;
    let v = if defaults == object::none() {
        null_mut()
    } else if !defaults.is_null() && crate::objects::tupleobject::check(defaults) {
        new_ref(defaults).into_raw()
    } else {
        return Err(errors::system_error("non-tuple default args"));
    };
    (*f).func_version = 0;
    object::replace_slot(&raw mut (*f).func_defaults, v);
    Ok(())
}

/// `PyFunction_SetKwDefaults(op, defaults)`: a dict, or None/NULL to clear.
///
/// # Safety
/// `op` and `defaults` are NULL or live.
pub unsafe fn set_kwdefaults(op: *mut PyObject, defaults: *mut PyObject) -> PyResult<()> {
    let f = check_function(op, 223)?;
    let v = if defaults == object::none() {
        null_mut()
    } else if !defaults.is_null() && crate::objects::dictobject::check(defaults) {
        new_ref(defaults).into_raw()
    } else {
        return Err(errors::system_error("non-dict keyword only default args"));
    };
    (*f).func_version = 0;
    object::replace_slot(&raw mut (*f).func_kwdefaults, v);
    Ok(())
}

/// `PyFunction_SetClosure(op, closure)`: a tuple, or None to clear.
///
/// # Safety
/// `op` and `closure` are live.
pub unsafe fn set_closure(op: *mut PyObject, closure: *mut PyObject) -> PyResult<()> {
    let f = check_function(op, 255)?;
    let v = if closure == object::none() {
        null_mut()
    } else if crate::objects::tupleobject::check(closure) {
        new_ref(closure).into_raw()
    } else {
        return Err(errors::system_error(&format!(
            "expected tuple for closure, got '{}'",
            object::type_name_trunc(py_type(closure), 100)
        )));
    };
    (*f).func_version = 0;
    object::replace_slot(&raw mut (*f).func_closure, v);
    Ok(())
}

/// `func_get_annotation_dict`: the annotations as a dict (the compiler's flat tuple of
/// name/value pairs is turned into one on first access); NULL when there are none.
unsafe fn annotation_dict(f: *mut PyFunctionObject) -> PyResult<*mut PyObject> {
    use crate::objects::{dictobject, tupleobject};
    let ann = (*f).func_annotations;
    if ann.is_null() {
        return Ok(null_mut());
    }
    if py_type(ann) == &raw mut tupleobject::PyTuple_Type {
        let d = dictobject::new()?;
        let n = tupleobject::len(ann) as usize;
        let items = tupleobject::items(ann);
        let mut i = 0;
        while i + 1 < n {
            dictobject::set_item(d.as_ptr(), *items.add(i), *items.add(i + 1))?;
            i += 2;
        }
        object::replace_slot(&raw mut (*f).func_annotations, d.into_raw());
    }
    Ok((*f).func_annotations)
}

/// `PyFunction_GetAnnotations` (borrowed, may be NULL).
///
/// # Safety
/// `op` is NULL or live.
pub unsafe fn get_annotations(op: *mut PyObject) -> PyResult<*mut PyObject> {
    annotation_dict(check_function(op, 310)?)
}

/// `PyFunction_SetAnnotations(op, annotations)`: a dict, or None/NULL to clear.
///
/// # Safety
/// `op` and `annotations` are NULL or live.
pub unsafe fn set_annotations(op: *mut PyObject, annotations: *mut PyObject) -> PyResult<()> {
    let f = check_function(op, 320)?;
    let v = if annotations == object::none() {
        null_mut()
    } else if !annotations.is_null() && crate::objects::dictobject::check(annotations) {
        new_ref(annotations).into_raw()
    } else {
        return Err(errors::system_error("non-dict annotations"));
    };
    (*f).func_version = 0;
    object::replace_slot(&raw mut (*f).func_annotations, v);
    Ok(())
}

unsafe fn audit_get(op: *mut PyObject, name: &str) -> PyResult<()> {
    let n = crate::objects::unicodeobject::new_str(name)?;
    crate::modules::sysmodule::audit("object.__getattr__", &[op, n.as_ptr()])
}

unsafe fn audit_set(op: *mut PyObject, name: &str, value: *mut PyObject) -> PyResult<()> {
    let n = crate::objects::unicodeobject::new_str(name)?;
    if value.is_null() {
        crate::modules::sysmodule::audit("object.__delattr__", &[op, n.as_ptr()])
    } else {
        crate::modules::sysmodule::audit("object.__setattr__", &[op, n.as_ptr(), value])
    }
}

unsafe extern "C" fn func_get_code(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(audit_get(op, "__code__").map(|_| new_ref((*func(op)).func_code)))
}

unsafe extern "C" fn func_set_code(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    errors::int_result((|| {
        if value.is_null() || !crate::objects::codeobject::is_code(value) {
            return Err(errors::type_error("__code__ must be set to a code object"));
        }
        audit_set(op, "__code__", value)?;
        let f = func(op);
        let nfree = (*(value as *mut crate::abi::code::PyCodeObject)).co_nfreevars as Py_ssize_t;
        let nclosure = if (*f).func_closure.is_null() { 0 } else { crate::objects::tupleobject::len((*f).func_closure) };
        if nclosure != nfree {
            return Err(errors::value_error(&format!(
                "{}() requires a code object with {nclosure} free vars, not {nfree}",
                crate::objects::unicodeobject::to_string_lossy((*f).func_name)
            )));
        }
        (*f).func_version = 0;
        object::replace_slot(&raw mut (*f).func_code, new_ref(value).into_raw());
        Ok(())
    })())
}

unsafe extern "C" fn func_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    new_ref((*func(op)).func_name).into_raw()
}

unsafe extern "C" fn func_set_name(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    if value.is_null() || !crate::objects::unicodeobject::is_str(value) {
        let _ = errors::type_error("__name__ must be set to a string object");
        return -1;
    }
    object::replace_slot(&raw mut (*func(op)).func_name, new_ref(value).into_raw());
    0
}

unsafe extern "C" fn func_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    new_ref((*func(op)).func_qualname).into_raw()
}

unsafe extern "C" fn func_set_qualname(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    if value.is_null() || !crate::objects::unicodeobject::is_str(value) {
        let _ = errors::type_error("__qualname__ must be set to a string object");
        return -1;
    }
    object::replace_slot(&raw mut (*func(op)).func_qualname, new_ref(value).into_raw());
    0
}

unsafe extern "C" fn func_get_defaults(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(audit_get(op, "__defaults__").map(|_| {
        let d = (*func(op)).func_defaults;
        if d.is_null() { object::new_none() } else { new_ref(d) }
    }))
}

unsafe extern "C" fn func_set_defaults(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    errors::int_result((|| {
        let value = if value == object::none() { null_mut() } else { value };
        if !value.is_null() && !crate::objects::tupleobject::check(value) {
            return Err(errors::type_error("__defaults__ must be set to a tuple object"));
        }
        audit_set(op, "__defaults__", value)?;
        let f = func(op);
        (*f).func_version = 0;
        object::xincref(value);
        object::replace_slot(&raw mut (*f).func_defaults, value);
        Ok(())
    })())
}

unsafe extern "C" fn func_get_kwdefaults(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(audit_get(op, "__kwdefaults__").map(|_| {
        let d = (*func(op)).func_kwdefaults;
        if d.is_null() { object::new_none() } else { new_ref(d) }
    }))
}

unsafe extern "C" fn func_set_kwdefaults(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    errors::int_result((|| {
        let value = if value == object::none() { null_mut() } else { value };
        if !value.is_null() && !crate::objects::dictobject::check(value) {
            return Err(errors::type_error("__kwdefaults__ must be set to a dict object"));
        }
        audit_set(op, "__kwdefaults__", value)?;
        let f = func(op);
        (*f).func_version = 0;
        object::xincref(value);
        object::replace_slot(&raw mut (*f).func_kwdefaults, value);
        Ok(())
    })())
}

unsafe extern "C" fn func_get_annotations(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        let f = func(op);
        if (*f).func_annotations.is_null() {
            (*f).func_annotations = crate::objects::dictobject::new()?.into_raw();
        }
        Ok(new_ref(annotation_dict(f)?))
    })())
}

unsafe extern "C" fn func_set_annotations(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    let value = if value == object::none() { null_mut() } else { value };
    if !value.is_null() && !crate::objects::dictobject::check(value) {
        let _ = errors::type_error("__annotations__ must be set to a dict object");
        return -1;
    }
    let f = func(op);
    (*f).func_version = 0;
    object::xincref(value);
    object::replace_slot(&raw mut (*f).func_annotations, value);
    0
}

unsafe extern "C" fn func_get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(object::generic_get_dict(op))
}

unsafe extern "C" fn func_set_dict(op: *mut PyObject, value: *mut PyObject, _c: *mut c_void) -> c_int {
    errors::int_result(object::generic_set_dict(op, value))
}

static mut FUNC_MEMBERS: [PyMemberDef; 6] = [
    PyMemberDef { name: c"__closure__".as_ptr(), type_: T_OBJECT, offset: core::mem::offset_of!(PyFunctionObject, func_closure) as Py_ssize_t, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: c"__doc__".as_ptr(), type_: T_OBJECT, offset: core::mem::offset_of!(PyFunctionObject, func_doc) as Py_ssize_t, flags: 0, doc: core::ptr::null() },
    PyMemberDef { name: c"__globals__".as_ptr(), type_: T_OBJECT, offset: core::mem::offset_of!(PyFunctionObject, func_globals) as Py_ssize_t, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: c"__module__".as_ptr(), type_: T_OBJECT, offset: core::mem::offset_of!(PyFunctionObject, func_module) as Py_ssize_t, flags: 0, doc: core::ptr::null() },
    PyMemberDef { name: c"__builtins__".as_ptr(), type_: T_OBJECT, offset: core::mem::offset_of!(PyFunctionObject, func_builtins) as Py_ssize_t, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];

static mut FUNC_GETSETS: [PyGetSetDef; 8] = [
    PyGetSetDef { name: c"__code__".as_ptr(), get: Some(func_get_code), set: Some(func_set_code), doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: c"__defaults__".as_ptr(), get: Some(func_get_defaults), set: Some(func_set_defaults), doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: c"__kwdefaults__".as_ptr(), get: Some(func_get_kwdefaults), set: Some(func_set_kwdefaults), doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: c"__annotations__".as_ptr(), get: Some(func_get_annotations), set: Some(func_set_annotations), doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: c"__dict__".as_ptr(), get: Some(func_get_dict), set: Some(func_set_dict), doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: c"__name__".as_ptr(), get: Some(func_get_name), set: Some(func_set_name), doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: c"__qualname__".as_ptr(), get: Some(func_get_qualname), set: Some(func_set_qualname), doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: core::ptr::null(), get: None, set: None, doc: core::ptr::null(), closure: null_mut() },
];

/// `function.__new__(code, globals, name=None, argdefs=None, closure=None)`.
unsafe extern "C" fn func_new(_tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    use crate::objects::{cellobject, codeobject, tupleobject, unicodeobject};
    errors::ptr_result((|| {
        let mut a = [null_mut::<PyObject>(); 5];
        crate::getargs::unpack_keywords_tuple(args, kwargs, "function", &["code", "globals", "name", "argdefs", "closure"], 2, 5, &mut a)?;
        let [code, globals, name, defaults, closure] = a;
        if !crate::objects::typeobject::is_subtype(py_type(code), &raw mut codeobject::PyCode_Type) {
            return Err(crate::getargs::bad_argument("function", "argument 'code'", "code", code));
        }
        if !crate::objects::dictobject::check(globals) {
            return Err(crate::getargs::bad_argument("function", "argument 'globals'", "dict", globals));
        }
        let none = object::none();
        let name = if name.is_null() { none } else { name };
        let defaults = if defaults.is_null() { none } else { defaults };
        let closure = if closure.is_null() { none } else { closure };
        if name != none && !unicodeobject::is_str(name) {
            return Err(errors::type_error("arg 3 (name) must be None or string"));
        }
        if defaults != none && !tupleobject::check(defaults) {
            return Err(errors::type_error("arg 4 (defaults) must be None or tuple"));
        }
        let nfree = (*(code as *mut crate::abi::code::PyCodeObject)).co_nfreevars as Py_ssize_t;
        if !tupleobject::check(closure) {
            if nfree != 0 && closure == none {
                return Err(errors::type_error("arg 5 (closure) must be tuple"));
            } else if closure != none {
                return Err(errors::type_error("arg 5 (closure) must be None or tuple"));
            }
        }
        let nclosure = if closure == none { 0 } else { tupleobject::len(closure) };
        if nfree != nclosure {
            return Err(errors::value_error(&format!(
                "{} requires closure of length {nfree}, not {nclosure}",
                unicodeobject::to_string_lossy((*(code as *mut crate::abi::code::PyCodeObject)).co_name)
            )));
        }
        for i in 0..nclosure as usize {
            let o = *tupleobject::items(closure).add(i);
            if !cellobject::is_cell(o) {
                return Err(errors::type_error(&format!(
                    "arg 5 (closure) expected cell, found {}",
                    object::type_name(o)
                )));
            }
        }
        crate::modules::sysmodule::audit("function.__new__", &[code])?;
        let f = new_function(code, globals, null_mut())?;
        let fp = func(f.as_ptr());
        if name != none {
            object::replace_slot(&raw mut (*fp).func_name, new_ref(name).into_raw());
        }
        if defaults != none {
            (*fp).func_defaults = new_ref(defaults).into_raw();
        }
        if closure != none {
            (*fp).func_closure = new_ref(closure).into_raw();
        }
        Ok(f)
    })())
}

unsafe extern "C" fn func_clear(op: *mut PyObject) -> c_int {
    let f = func(op);
    (*f).func_version = 0;
    for slot in [
        &raw mut (*f).func_globals,
        &raw mut (*f).func_builtins,
        &raw mut (*f).func_module,
        &raw mut (*f).func_defaults,
        &raw mut (*f).func_kwdefaults,
        &raw mut (*f).func_doc,
        &raw mut (*f).func_dict,
        &raw mut (*f).func_closure,
        &raw mut (*f).func_annotations,
    ] {
        object::replace_slot(slot, null_mut());
    }
    // Name and qualname are never NULL; they may be str subclasses in a cycle, so they become
    // the (immutable) empty str.
    let empty = crate::_Py_STR!(empty);
    object::replace_slot(&raw mut (*f).func_name, new_ref(empty).into_raw());
    object::replace_slot(&raw mut (*f).func_qualname, new_ref(empty).into_raw());
    0
}

unsafe extern "C" fn func_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let f = func(op);
    if !(*f).func_weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    func_clear(op);
    object::xdecref((*f).func_code);
    object::xdecref((*f).func_name);
    object::xdecref((*f).func_qualname);
    gc_del(op.cast());
}

unsafe extern "C" fn func_repr(op: *mut PyObject) -> *mut PyObject {
    let text = format!(
        "<function {} at {:p}>",
        crate::objects::unicodeobject::to_string_lossy((*func(op)).func_qualname),
        op
    );
    errors::ptr_result(crate::objects::unicodeobject::new_str(&text))
}

unsafe extern "C" fn func_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(v) = visit else { return 0 };
    let f = func(op);
    for p in [
        (*f).func_code,
        (*f).func_globals,
        (*f).func_builtins,
        (*f).func_module,
        (*f).func_defaults,
        (*f).func_kwdefaults,
        (*f).func_doc,
        (*f).func_name,
        (*f).func_dict,
        (*f).func_closure,
        (*f).func_annotations,
        (*f).func_qualname,
    ] {
        if !p.is_null() {
            let r = v(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// Binding: a function fetched through an instance becomes a bound method.
unsafe extern "C" fn func_descr_get(op: *mut PyObject, obj: *mut PyObject, _tp: *mut PyObject) -> *mut PyObject {
    if obj.is_null() || obj == object::none() {
        return new_ref(op).into_raw();
    }
    errors::ptr_result(crate::objects::classobject::new_method(op, obj))
}

// ---------------------------------------------------------------------------------------------
// classmethod and staticmethod (typesystem): wrappers that change how a callable binds.


/// `classmethod` / `staticmethod` objects (32 bytes): the callable and a `__dict__`.
#[repr(C)]
pub struct WrapperMethodObject {
    pub ob_base: PyObject,
    pub callable: *mut PyObject,
    pub dict: *mut PyObject,
}

#[no_mangle]
pub static mut PyClassMethod_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 24,
    tp_dealloc: Some(wm_dealloc),
    tp_repr: Some(cm_repr),
    tp_doc: c"classmethod(function) -> method\n\nConvert a function to be a class method.\n\nA class method receives the class as implicit first argument,\njust like an instance method receives the instance.\nTo declare a class method, use this idiom:\n\n  class C:\n      @classmethod\n      def f(cls, arg1, arg2, ...):\n          ...\n\nIt can be called either on the class (e.g. C.f()) or on an instance\n(e.g. C().f()).  The instance is ignored except for its class.\nIf a class method is called for a derived class, the derived class\nobject is passed as the implied first argument.\n\nClass methods are different than C++ or Java static methods.\nIf you want those, see the staticmethod builtin.".as_ptr(),
    tp_traverse: Some(wm_traverse),
    tp_clear: Some(wm_clear),
    tp_members: (&raw mut WM_MEMBERS).cast(),
    tp_getset: (&raw mut WM_GETSETS).cast(),
    tp_descr_get: Some(cm_descr_get),
    tp_init: Some(cm_init),
    tp_alloc: Some(PyType_GenericAlloc),
    tp_new: Some(PyType_GenericNew),
    tp_free: Some(gc_del),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"classmethod", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyStaticMethod_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 24,
    tp_dealloc: Some(wm_dealloc),
    tp_repr: Some(sm_repr),
    tp_call: Some(sm_call),
    tp_doc: c"staticmethod(function) -> method\n\nConvert a function to be a static method.\n\nA static method does not receive an implicit first argument.\nTo declare a static method, use this idiom:\n\n     class C:\n         @staticmethod\n         def f(arg1, arg2, ...):\n             ...\n\nIt can be called either on the class (e.g. C.f()) or on an instance\n(e.g. C().f()). Both the class and the instance are ignored, and\nneither is passed implicitly as the first argument to the method.\n\nStatic methods in Python are similar to those found in Java or C++.\nFor a more advanced concept, see the classmethod builtin.".as_ptr(),
    tp_traverse: Some(wm_traverse),
    tp_clear: Some(wm_clear),
    tp_members: (&raw mut WM_MEMBERS).cast(),
    tp_getset: (&raw mut WM_GETSETS).cast(),
    tp_descr_get: Some(sm_descr_get),
    tp_init: Some(sm_init),
    tp_alloc: Some(PyType_GenericAlloc),
    tp_new: Some(PyType_GenericNew),
    tp_free: Some(gc_del),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"staticmethod", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

unsafe fn wm(op: *mut PyObject) -> *mut WrapperMethodObject {
    op.cast()
}

/// `PyClassMethod_New(callable)`.
///
/// # Safety
/// `callable` is live.
pub unsafe fn classmethod_new(callable: *mut PyObject) -> PyResult<Ref> {
    let cm = Ref::from_result(PyType_GenericAlloc(&raw mut PyClassMethod_Type, 0))?;
    (*wm(cm.as_ptr())).callable = new_ref(callable).into_raw();
    Ok(cm)
}

/// `PyStaticMethod_New(callable)`.
///
/// # Safety
/// `callable` is live.
pub unsafe fn staticmethod_new(callable: *mut PyObject) -> PyResult<Ref> {
    let sm = Ref::from_result(PyType_GenericAlloc(&raw mut PyStaticMethod_Type, 0))?;
    (*wm(sm.as_ptr())).callable = new_ref(callable).into_raw();
    Ok(sm)
}

unsafe extern "C" fn wm_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::xdecref((*wm(op)).callable);
    object::xdecref((*wm(op)).dict);
    let free = (*py_type(op)).tp_free.unwrap_or(gc_del);
    free(op.cast());
}

unsafe extern "C" fn wm_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(v) = visit else { return 0 };
    for p in [(*wm(op)).callable, (*wm(op)).dict] {
        if !p.is_null() {
            let r = v(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn wm_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*wm(op)).callable, null_mut());
    object::replace_slot(&raw mut (*wm(op)).dict, null_mut());
    0
}

/// `functools_wraps`: copies `__module__`, `__name__`, `__qualname__`, `__doc__` and
/// `__annotations__` of the callable into the wrapper's `__dict__`.
unsafe fn wraps(op: *mut PyObject, callable: *mut PyObject) -> PyResult<()> {
    let names = [
        crate::_Py_ID!(__module__),
        crate::_Py_ID!(__name__),
        crate::_Py_ID!(__qualname__),
        crate::_Py_ID!(__doc__),
        crate::_Py_ID!(__annotations__),
    ];
    for name in names {
        if let Some(v) = object::lookup_attr(callable, name)? {
            if (*wm(op)).dict.is_null() {
                (*wm(op)).dict = crate::objects::dictobject::new()?.into_raw();
            }
            crate::objects::dictobject::set_item((*wm(op)).dict, name, v.as_ptr())?;
        }
    }
    Ok(())
}

/// Shared `__init__(callable)` of both types.
unsafe fn wm_init(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject, name: &str) -> c_int {
    errors::int_result((|| {
        if !kwds.is_null() && crate::objects::dictobject::len(kwds) != 0 {
            return Err(errors::type_error(&format!("{name}() takes no keyword arguments")));
        }
        let n = (*(args as *mut PyVarObject)).ob_size;
        if n != 1 {
            return Err(errors::type_error(&format!("{name} expected 1 argument, got {n}")));
        }
        let callable = *crate::objects::tupleobject::items(args);
        object::incref(callable);
        object::replace_slot(&raw mut (*wm(op)).callable, callable);
        wraps(op, callable)
    })())
}

unsafe extern "C" fn cm_init(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> c_int {
    wm_init(op, args, kwds, "classmethod")
}
unsafe extern "C" fn sm_init(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> c_int {
    wm_init(op, args, kwds, "staticmethod")
}

unsafe extern "C" fn cm_descr_get(op: *mut PyObject, obj: *mut PyObject, tp: *mut PyObject) -> *mut PyObject {
    let callable = (*wm(op)).callable;
    if callable.is_null() {
        let _ = errors::runtime_error("uninitialized classmethod object");
        return null_mut();
    }
    let tp = if tp.is_null() { py_type(obj).cast() } else { tp };
    if let Some(get) = (*py_type(callable)).tp_descr_get {
        return get(callable, tp, tp);
    }
    // A callable without __get__ (a type, a builtin) is bound to the class by a method object.
    errors::ptr_result(crate::objects::classobject::new_method(callable, tp))
}

unsafe extern "C" fn sm_descr_get(op: *mut PyObject, _obj: *mut PyObject, _tp: *mut PyObject) -> *mut PyObject {
    let callable = (*wm(op)).callable;
    if callable.is_null() {
        let _ = errors::runtime_error("uninitialized staticmethod object");
        return null_mut();
    }
    new_ref(callable).into_raw()
}

unsafe extern "C" fn sm_call(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::call::call((*wm(op)).callable, args, kwds))
}

unsafe extern "C" fn cm_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = object::repr((*wm(op)).callable)?;
        crate::objects::unicodeobject::new_str(&format!("<classmethod({})>", object::str_text(r.as_ptr())))
    })())
}

unsafe extern "C" fn sm_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let r = object::repr((*wm(op)).callable)?;
        crate::objects::unicodeobject::new_str(&format!("<staticmethod({})>", object::str_text(r.as_ptr())))
    })())
}

/// `_PyObject_IsAbstract`.
unsafe fn is_abstract(op: *mut PyObject) -> PyResult<bool> {
    if op.is_null() {
        return Ok(false);
    }
    match object::lookup_attr(op, crate::_Py_ID!(__isabstractmethod__))? {
        Some(v) => object::is_true(v.as_ptr()),
        None => Ok(false),
    }
}

unsafe extern "C" fn wm_get_isabstract(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(is_abstract((*wm(op)).callable).map(object::new_bool))
}

unsafe extern "C" fn wm_get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        if (*wm(op)).dict.is_null() {
            (*wm(op)).dict = crate::objects::dictobject::new()?.into_raw();
        }
        Ok(new_ref((*wm(op)).dict))
    })())
}

unsafe extern "C" fn wm_set_dict(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    errors::int_result((|| {
        if v.is_null() {
            return Err(errors::type_error("cannot delete __dict__"));
        }
        if !object::has_feature(py_type(v), Py_TPFLAGS_DICT_SUBCLASS) {
            return Err(errors::type_error(&format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                object::type_name_trunc(py_type(v), 200)
            )));
        }
        object::incref(v);
        object::replace_slot(&raw mut (*wm(op)).dict, v);
        Ok(())
    })())
}

static mut WM_MEMBERS: [PyMemberDef; 3] = [
    PyMemberDef { name: c"__func__".as_ptr(), type_: T_OBJECT, offset: core::mem::offset_of!(WrapperMethodObject, callable) as Py_ssize_t, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: c"__wrapped__".as_ptr(), type_: T_OBJECT, offset: core::mem::offset_of!(WrapperMethodObject, callable) as Py_ssize_t, flags: READONLY, doc: core::ptr::null() },
    PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];

static mut WM_GETSETS: [PyGetSetDef; 3] = [
    PyGetSetDef { name: c"__isabstractmethod__".as_ptr(), get: Some(wm_get_isabstract), set: None, doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: c"__dict__".as_ptr(), get: Some(wm_get_dict), set: Some(wm_set_dict), doc: core::ptr::null(), closure: null_mut() },
    PyGetSetDef { name: core::ptr::null(), get: None, set: None, doc: core::ptr::null(), closure: null_mut() },
];
