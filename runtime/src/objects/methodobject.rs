//! Built-in functions and methods (CPython's Objects/methodobject.c): `PyCFunction` objects for
//! every `METH_*` calling convention, each with its own vectorcall entry, and `PyCMethod`
//! (`METH_METHOD`, which also receives the defining class).
#![allow(unpredictable_function_pointer_comparisons)] // CPython identifies slots by address

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, new_ref, py_type, Ref};
use crate::objects::tupleobject;
use crate::objects::typeobject::{gc_del, static_type, PyType_GenericAlloc};
use core::ffi::{c_int, c_void, CStr};
use core::ptr::null_mut;

#[no_mangle]
pub static mut PyCFunction_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 40,
    tp_vectorcall_offset: 48,
    tp_dealloc: Some(meth_dealloc),
    tp_repr: Some(meth_repr),
    tp_hash: Some(meth_hash),
    tp_call: Some(cfunction_tp_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(meth_traverse),
    tp_richcompare: Some(meth_richcompare),
    tp_members: (&raw mut METH_MEMBERS).cast(),
    tp_getset: (&raw mut METH_GETSETS).cast(),
    tp_methods: (&raw mut METH_METHODS).cast(),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"builtin_function_or_method",
        56,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC,
    )
};

/// `meth_reduce`: a module-level builtin pickles as its name (a global), a bound one as
/// `getattr(self, name)`.
unsafe extern "C" fn meth_reduce(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let m = op as *mut crate::abi::methodobject::PyCFunctionObject;
    errors::ptr_result((|| {
        let name = CStr::from_ptr((*(*m).m_ml).ml_name).to_string_lossy();
        let n = crate::objects::unicodeobject::new_str(&name)?;
        let self_ = (*m).m_self;
        if self_.is_null() || crate::objects::moduleobject::is_module(self_) {
            return Ok(n);
        }
        let getattr = crate::eval::ceval::builtin("getattr")?;
        let args = crate::objects::tupleobject::pack(&[self_, n.as_ptr()])?;
        crate::objects::tupleobject::pack(&[getattr.as_ptr(), args.as_ptr()])
    })())
}

static mut METH_METHODS: [crate::abi::methodobject::PyMethodDef; 2] = [
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(meth_reduce),
        ml_flags: crate::abi::methodobject::METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    crate::abi::methodobject::PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
];

#[no_mangle]
pub static mut PyCMethod_Type: PyTypeObject = PyTypeObject {
    tp_base: &raw mut PyCFunction_Type,
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"builtin_method",
        64,
        0,
        Py_TPFLAGS_DEFAULT,
    )
};

/// `PyVectorcall_Call` as a `tp_call` slot (for types whose instances carry a vectorcall).
///
/// # Safety
/// C slot contract.
pub unsafe extern "C" fn vectorcall_call_slot(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(crate::objects::call::vectorcall_call(
        callable, args, kwargs,
    ))
}

/// `PyCMethod_New(ml, self, module, cls)` (`PyCFunction_NewEx` when `cls` is NULL).
///
/// # Safety
/// `ml` outlives the function; `self_`, `module`, `cls` are NULL or live.
pub unsafe fn new_cfunction(
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
    module: *mut PyObject,
    cls: *mut PyTypeObject,
) -> PyResult<Ref> {
    let flags = (*ml).ml_flags & !(METH_CLASS | METH_STATIC | METH_COEXIST);
    let vc: vectorcallfunc = match flags {
        METH_VARARGS | 0x3 => None,
        METH_FASTCALL => Some(cfunction_vectorcall_fastcall),
        x if x == METH_FASTCALL | METH_KEYWORDS => Some(cfunction_vectorcall_fastcall_keywords),
        x if x == METH_METHOD | METH_FASTCALL | METH_KEYWORDS => {
            Some(cfunction_vectorcall_fastcall_keywords_method)
        }
        METH_NOARGS => Some(cfunction_vectorcall_noargs),
        METH_O => Some(cfunction_vectorcall_o),
        _ => {
            return Err(errors::system_error(&format!(
                "{}() method: bad call flags",
                CStr::from_ptr((*ml).ml_name).to_string_lossy()
            )))
        }
    };
    let op = if (*ml).ml_flags & METH_METHOD != 0 {
        if cls.is_null() {
            return Err(errors::system_error(
                "attempting to create PyCMethod with a METH_METHOD flag but no class",
            ));
        }
        let op = Ref::from_result(PyType_GenericAlloc(&raw mut PyCMethod_Type, 0))?;
        (*(op.as_ptr() as *mut PyCMethodObject)).mm_class = new_ref(cls.cast()).into_raw().cast();
        op
    } else {
        if !cls.is_null() {
            return Err(errors::system_error(
                "attempting to create PyCFunction with class but no METH_METHOD flag",
            ));
        }
        Ref::from_result(PyType_GenericAlloc(&raw mut PyCFunction_Type, 0))?
    };
    let f = op.as_ptr() as *mut PyCFunctionObject;
    (*f).m_ml = ml;
    object::xincref(self_);
    (*f).m_self = self_;
    object::xincref(module);
    (*f).m_module = module;
    (*f).vectorcall = vc;
    Ok(op)
}

/// `PyCFunction_Check` (subtypes included).
///
/// # Safety
/// `op` is live.
pub unsafe fn is_cfunction(op: *mut PyObject) -> bool {
    crate::objects::typeobject::type_check(op, &raw mut PyCFunction_Type)
}

/// True if `op` is the `__new__` builtin `PyType_Ready` adds for a C `tp_new`.
///
/// # Safety
/// `op` is a PyCFunction.
pub unsafe fn is_tp_new_wrapper(op: *mut PyObject) -> bool {
    let ml = (*(op as *mut PyCFunctionObject)).m_ml;
    (*ml).ml_meth == crate::objects::typeobject::tp_new_wrapper_fn()
}

unsafe extern "C" fn meth_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let f = op as *mut PyCFunctionObject;
    if !(*f).m_weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    object::xdecref((*f).m_self);
    object::xdecref((*f).m_module);
    if object::is_type(op, &raw mut PyCMethod_Type) {
        object::xdecref((*(op as *mut PyCMethodObject)).mm_class.cast());
    }
    gc_del(op.cast());
}

unsafe extern "C" fn meth_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let f = op as *mut PyCFunctionObject;
    let Some(v) = visit else { return 0 };
    let mut items = vec![(*f).m_self, (*f).m_module];
    if object::is_type(op, &raw mut PyCMethod_Type) {
        items.push((*(op as *mut PyCMethodObject)).mm_class.cast());
    }
    for p in items {
        if !p.is_null() {
            let r = v(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// The function's name as Rust text.
unsafe fn ml_name(op: *mut PyObject) -> String {
    let ml = (*(op as *mut PyCFunctionObject)).m_ml;
    CStr::from_ptr((*ml).ml_name).to_string_lossy().into_owned()
}

unsafe extern "C" fn meth_repr(op: *mut PyObject) -> *mut PyObject {
    let f = op as *mut PyCFunctionObject;
    let s = (*f).m_self;
    let text = if s.is_null() || crate::objects::moduleobject::is_module(s) {
        format!("<built-in function {}>", ml_name(op))
    } else {
        format!(
            "<built-in method {} of {} object at {:p}>",
            ml_name(op),
            object::type_name(s),
            s
        )
    };
    errors::ptr_result(crate::objects::unicodeobject::new_str(&text))
}

unsafe extern "C" fn meth_hash(op: *mut PyObject) -> Py_hash_t {
    let f = op as *mut PyCFunctionObject;
    let x = crate::objects::typeobject::hash_pointer((*f).m_self as *const c_void);
    let y = crate::objects::typeobject::hash_pointer(
        (*(*f).m_ml)
            .ml_meth
            .map_or(core::ptr::null(), |m| m as *const c_void),
    );
    let h = x ^ y;
    if h == -1 {
        -2
    } else {
        h
    }
}

unsafe extern "C" fn meth_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if (op != object::Py_EQ && op != object::Py_NE) || !is_cfunction(a) || !is_cfunction(b) {
        return new_ref(object::not_implemented()).into_raw();
    }
    let (fa, fb) = (a as *mut PyCFunctionObject, b as *mut PyCFunctionObject);
    let eq = (*fa).m_self == (*fb).m_self && (*(*fa).m_ml).ml_meth == (*(*fb).m_ml).ml_meth;
    object::new_bool(if op == object::Py_EQ { eq } else { !eq }).into_raw()
}

unsafe extern "C" fn meth_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let ml = (*(op as *mut PyCFunctionObject)).m_ml;
    if (*ml).ml_doc.is_null() {
        return object::new_none().into_raw();
    }
    errors::ptr_result(crate::objects::unicodeobject::from_utf8(
        crate::objects::typeobject::doc_without_signature(
            CStr::from_ptr((*ml).ml_name).to_bytes(),
            (*ml).ml_doc,
        ),
        None,
    ))
}

unsafe extern "C" fn meth_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let ml = (*(op as *mut PyCFunctionObject)).m_ml;
    errors::ptr_result(crate::objects::unicodeobject::from_utf8(
        CStr::from_ptr((*ml).ml_name).to_bytes(),
        None,
    ))
}

unsafe extern "C" fn meth_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        let f = op as *mut PyCFunctionObject;
        let s = (*f).m_self;
        if s.is_null() || crate::objects::moduleobject::is_module(s) {
            return crate::objects::unicodeobject::new_str(&ml_name(op));
        }
        let tp = if object::is_type_object(s) {
            s
        } else {
            py_type(s).cast()
        };
        let q = object::get_attr(tp, crate::_Py_ID!(__qualname__))?;
        if !object::is_str(q.as_ptr()) {
            return Err(errors::type_error(
                "<method>.__class__.__qualname__ is not a unicode object",
            ));
        }
        let q = object::str(q.as_ptr())?;
        crate::objects::unicodeobject::new_str(&format!(
            "{}.{}",
            object::str_text(q.as_ptr()),
            ml_name(op)
        ))
    })())
}

unsafe extern "C" fn meth_get_self(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let s = (*(op as *mut PyCFunctionObject)).m_self;
    new_ref(if s.is_null() { object::none() } else { s }).into_raw()
}

unsafe extern "C" fn meth_get_text_signature(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let ml = (*(op as *mut PyCFunctionObject)).m_ml;
    match crate::objects::typeobject::text_signature_from_doc(
        CStr::from_ptr((*ml).ml_name).to_bytes(),
        (*ml).ml_doc,
    ) {
        Some(sig) => errors::ptr_result(crate::objects::unicodeobject::from_utf8(sig, None)),
        None => object::new_none().into_raw(),
    }
}

type GetterFn = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject;
const fn gs(name: &'static CStr, get: GetterFn) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    }
}

static mut METH_GETSETS: [PyGetSetDef; 6] = [
    gs(c"__doc__", meth_get_doc),
    gs(c"__name__", meth_get_name),
    gs(c"__qualname__", meth_get_qualname),
    gs(c"__self__", meth_get_self),
    gs(c"__text_signature__", meth_get_text_signature),
    PyGetSetDef {
        name: core::ptr::null(),
        get: None,
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
];

static mut METH_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__module__".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(PyCFunctionObject, m_module) as Py_ssize_t,
        flags: 0,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: READONLY * 0,
        doc: core::ptr::null(),
    },
];

// ---------------------------------------------------------------------------------------------
// Calling. METH_VARARGS functions are called through tp_call (no vectorcall, as in CPython);
// the others have a vectorcall entry each.

/// `cfunction_call`: the `tp_call` path; METH_VARARGS gets the tuple as is.
///
/// # Safety
/// `func` is a PyCFunction; `args` a tuple; `kwargs` NULL or a dict.
pub unsafe fn cfunction_call(
    func: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> PyResult<Ref> {
    let f = func as *mut PyCFunctionObject;
    let ml = (*f).m_ml;
    let flags = (*ml).ml_flags & !(METH_CLASS | METH_STATIC | METH_COEXIST);
    let meth = (*ml)
        .ml_meth
        .map_or(core::ptr::null(), |m| m as *const c_void);
    object::enter_recursive_call(" while calling a Python object")?;
    let r = if flags & METH_KEYWORDS != 0 {
        let m: unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject =
            core::mem::transmute(meth);
        m(self_of(func), args, kwargs)
    } else {
        if !kwargs.is_null() && crate::objects::dictobject::len(kwargs) != 0 {
            object::leave_recursive_call();
            return Err(errors::type_error(&format!(
                "{}() takes no keyword arguments",
                ml_name(func)
            )));
        }
        let m: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject =
            core::mem::transmute(meth);
        m(self_of(func), args)
    };
    object::leave_recursive_call();
    crate::objects::call::check_function_result(func, r)
}

/// `tp_call` of builtin functions: vectorcall when there is one, else [`cfunction_call`].
unsafe extern "C" fn cfunction_tp_call(
    func: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    if (*(func as *mut PyCFunctionObject)).vectorcall.is_some() {
        return vectorcall_call_slot(func, args, kwargs);
    }
    errors::ptr_result(cfunction_call(func, args, kwargs))
}

/// Refuses keyword arguments (`cfunction_check_kwargs`).
unsafe fn check_no_kwargs(func: *mut PyObject, kwnames: *mut PyObject) -> PyResult<()> {
    if !kwnames.is_null() && (*(kwnames as *mut PyVarObject)).ob_size != 0 {
        return Err(errors::type_error(&format!(
            "{} takes no keyword arguments",
            object::function_str(func)?
        )));
    }
    Ok(())
}

/// The C function with the recursion guard entered (`cfunction_enter_call`).
unsafe fn enter(func: *mut PyObject) -> PyResult<*const c_void> {
    object::enter_recursive_call(" while calling a Python object")?;
    let ml = (*(func as *mut PyCFunctionObject)).m_ml;
    Ok((*ml)
        .ml_meth
        .map_or(core::ptr::null(), |m| m as *const c_void))
}

unsafe fn leave(r: *mut PyObject) -> *mut PyObject {
    object::leave_recursive_call();
    r
}

/// `PyCFunction_GET_SELF`: the bound object, NULL for `METH_STATIC` functions.
unsafe fn self_of(func: *mut PyObject) -> *mut PyObject {
    let f = func as *mut PyCFunctionObject;
    if (*(*f).m_ml).ml_flags & METH_STATIC != 0 {
        return null_mut();
    }
    (*f).m_self
}

unsafe extern "C" fn cfunction_vectorcall_fastcall(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    if check_no_kwargs(func, kwnames).is_err() {
        return null_mut();
    }
    let Ok(m) = enter(func) else {
        return null_mut();
    };
    let m: unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject =
        core::mem::transmute(m);
    leave(m(
        self_of(func),
        args,
        crate::objects::call::nargs_of(nargsf),
    ))
}

unsafe extern "C" fn cfunction_vectorcall_fastcall_keywords(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let Ok(m) = enter(func) else {
        return null_mut();
    };
    let m: unsafe extern "C" fn(
        *mut PyObject,
        *const *mut PyObject,
        Py_ssize_t,
        *mut PyObject,
    ) -> *mut PyObject = core::mem::transmute(m);
    leave(m(
        self_of(func),
        args,
        crate::objects::call::nargs_of(nargsf),
        kwnames,
    ))
}

unsafe extern "C" fn cfunction_vectorcall_fastcall_keywords_method(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let cls = (*(func as *mut PyCMethodObject)).mm_class;
    let Ok(m) = enter(func) else {
        return null_mut();
    };
    let m: unsafe extern "C" fn(
        *mut PyObject,
        *mut PyTypeObject,
        *const *mut PyObject,
        Py_ssize_t,
        *mut PyObject,
    ) -> *mut PyObject = core::mem::transmute(m);
    leave(m(
        self_of(func),
        cls,
        args,
        crate::objects::call::nargs_of(nargsf),
        kwnames,
    ))
}

unsafe extern "C" fn cfunction_vectorcall_noargs(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let _ = args;
    if check_no_kwargs(func, kwnames).is_err() {
        return null_mut();
    }
    let nargs = crate::objects::call::nargs_of(nargsf);
    if nargs != 0 {
        if let Ok(s) = object::function_str(func) {
            let _ = errors::type_error(&format!("{s} takes no arguments ({nargs} given)"));
        }
        return null_mut();
    }
    let Ok(m) = enter(func) else {
        return null_mut();
    };
    let m: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject =
        core::mem::transmute(m);
    leave(m(self_of(func), null_mut()))
}

unsafe extern "C" fn cfunction_vectorcall_o(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    if check_no_kwargs(func, kwnames).is_err() {
        return null_mut();
    }
    let nargs = crate::objects::call::nargs_of(nargsf);
    if nargs != 1 {
        if let Ok(s) = object::function_str(func) {
            let _ = errors::type_error(&format!("{s} takes exactly one argument ({nargs} given)"));
        }
        return null_mut();
    }
    let Ok(m) = enter(func) else {
        return null_mut();
    };
    let m: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject =
        core::mem::transmute(m);
    leave(m(self_of(func), *args))
}

/// `PyCFunction_GetFunction`.
///
/// # Safety
/// `op` is live.
pub unsafe fn get_function(op: *mut PyObject) -> PyResult<PyCFunction> {
    if !is_cfunction(op) {
        return Err(bad_internal_call_at("Objects/methodobject.c:122"));
    }
    Ok((*(*(op as *mut PyCFunctionObject)).m_ml).ml_meth)
}

/// `PyCFunction_GetSelf` (borrowed; NULL for module-less functions).
///
/// # Safety
/// `op` is live.
pub unsafe fn get_self(op: *mut PyObject) -> PyResult<*mut PyObject> {
    if !is_cfunction(op) {
        return Err(bad_internal_call_at("Objects/methodobject.c:132"));
    }
    Ok(self_of(op))
}

/// `PyCFunction_GetFlags`.
///
/// # Safety
/// `op` is live.
pub unsafe fn get_flags(op: *mut PyObject) -> PyResult<c_int> {
    if !is_cfunction(op) {
        return Err(bad_internal_call_at("Objects/methodobject.c:142"));
    }
    Ok((*(*(op as *mut PyCFunctionObject)).m_ml).ml_flags)
}

/// A tuple of the positional arguments (for METH_VARARGS callers that hold an array).
///
/// # Safety
/// `args` holds `n` live objects.
pub unsafe fn args_tuple(args: *const *mut PyObject, n: usize) -> PyResult<Ref> {
    tupleobject::pack(core::slice::from_raw_parts(args, n))
}

/// CPython's `PyErr_BadInternalCall()` macro names the C source line that raised it; the
/// message is reproduced with the line of CPython 3.11.7 (measured).
pub fn bad_internal_call_at(place: &str) -> errors::ErrSet {
    errors::system_error(&format!("{place}: bad argument to internal function"))
}
