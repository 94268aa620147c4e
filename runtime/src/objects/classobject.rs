//! Bound methods (`method`) and `instancemethod` (CPython 3.11's Objects/classobject.c): a
//! callable bound to an instance, called through vectorcall with the instance prepended, and the
//! descriptor that binds a callable to each instance it is read from.

use super::typeobject::static_type;
use crate::abi::classobject::{PyInstanceMethodObject, PyMethodObject};
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::{method, METHOD_END};
use crate::objects::object::{self, new_ref, py_type, Ref};
use core::ffi::{c_int, c_void};
use core::mem::offset_of;
use core::ptr::null_mut;

/// `PY_VECTORCALL_ARGUMENTS_OFFSET`: the caller lets us write `args[-1]`.
const ARGUMENTS_OFFSET: usize = 1usize << (usize::BITS - 1);

/// `PyMethod_Check`.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn is_method(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut PyMethod_Type
}

/// `PyInstanceMethod_Check`.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn is_instancemethod(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut PyInstanceMethod_Type
}

/// `PyMethod_New(func, self)`: `func` bound to `self_` (a new reference).
///
/// # Safety
/// Both are live objects (`self_` NULL is a bad internal call).
pub unsafe fn new_method(func: *mut PyObject, self_: *mut PyObject) -> PyResult<Ref> {
    if self_.is_null() || func.is_null() {
        return Err(errors::bad_internal_call_at("Objects/classobject.c", 108));
    }
    let tp = &raw mut PyMethod_Type;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<PyMethodObject>())?;
    object::init_object(op, tp);
    let im = op as *mut PyMethodObject;
    (*im).im_func = new_ref(func).into_raw();
    (*im).im_self = new_ref(self_).into_raw();
    (*im).im_weakreflist = null_mut();
    (*im).vectorcall = Some(method_vectorcall);
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `PyMethod_Function` (borrowed).
///
/// # Safety
/// `op` is a live object.
pub unsafe fn method_function(op: *mut PyObject) -> PyResult<*mut PyObject> {
    if !is_method(op) {
        return Err(errors::bad_internal_call_at("Objects/classobject.c", 24));
    }
    Ok((*(op as *mut PyMethodObject)).im_func)
}

/// `PyMethod_Self` (borrowed).
///
/// # Safety
/// `op` is a live object.
pub unsafe fn method_self(op: *mut PyObject) -> PyResult<*mut PyObject> {
    if !is_method(op) {
        return Err(errors::bad_internal_call_at("Objects/classobject.c", 34));
    }
    Ok((*(op as *mut PyMethodObject)).im_self)
}

/// `PyInstanceMethod_New(func)`.
///
/// # Safety
/// `func` is a live object.
pub unsafe fn new_instancemethod(func: *mut PyObject) -> PyResult<Ref> {
    if func.is_null() {
        return Err(errors::bad_internal_call());
    }
    let tp = &raw mut PyInstanceMethod_Type;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<PyInstanceMethodObject>())?;
    object::init_object(op, tp);
    (*(op as *mut PyInstanceMethodObject)).func = new_ref(func).into_raw();
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `PyInstanceMethod_Function` (borrowed).
///
/// # Safety
/// `op` is a live object.
pub unsafe fn instancemethod_function(op: *mut PyObject) -> PyResult<*mut PyObject> {
    if !is_instancemethod(op) {
        return Err(errors::bad_internal_call_at("Objects/classobject.c", 372));
    }
    Ok((*(op as *mut PyInstanceMethodObject)).func)
}

/// `method_vectorcall`: calls `im_func(im_self, *args)`, using the caller's spare slot in
/// front of `args` when it offered one, else a copied argument array.
unsafe extern "C" fn method_vectorcall(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let im = op as *mut PyMethodObject;
    let (func, self_) = ((*im).im_func, (*im).im_self);
    let nargs = nargsf & !ARGUMENTS_OFFSET;
    let nkw = if kwnames.is_null() {
        0
    } else {
        super::tupleobject::len(kwnames) as usize
    };
    if nargsf & ARGUMENTS_OFFSET != 0 {
        // SAFETY: the flag promises args[-1] is ours to use for the duration of the call.
        let slot = (args as *mut *mut PyObject).sub(1);
        let saved = *slot;
        *slot = self_;
        let r = match crate::objects::call::vectorcall_raw(func, slot, nargs + 1, kwnames) {
            Ok(r) => r.into_raw(),
            Err(_) => null_mut(),
        };
        *slot = saved;
        return r;
    }
    let mut stack: Vec<*mut PyObject> = Vec::with_capacity(nargs + nkw + 1);
    stack.push(self_);
    for i in 0..nargs + nkw {
        stack.push(*args.add(i));
    }
    match crate::objects::call::vectorcall_raw(func, stack.as_ptr(), nargs + 1, kwnames) {
        Ok(r) => r.into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn method_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(crate::objects::call::vectorcall_call(op, args, kwargs))
}

unsafe extern "C" fn method_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let im = op as *mut PyMethodObject;
    if !(*im).im_weakreflist.is_null() {
        super::weakrefobject::clear_weakrefs(op);
    }
    object::xdecref((*im).im_func);
    object::xdecref((*im).im_self);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn method_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let Some(visit) = visit else { return 0 };
    let im = op as *mut PyMethodObject;
    for p in [(*im).im_func, (*im).im_self] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// `<bound method C.f of <C object at 0x...>>`: the function's `__qualname__` (else
/// `__name__`, else `?`) and the repr of the instance.
unsafe extern "C" fn method_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let im = op as *mut PyMethodObject;
        let func = (*im).im_func;
        let mut name = object::lookup_attr(func, crate::_Py_ID!(__qualname__))?;
        if name.is_none() {
            name = object::lookup_attr(func, crate::_Py_ID!(__name__))?;
        }
        let name = match name {
            Some(n) if object::is_str(n.as_ptr()) => object::str_text(n.as_ptr()),
            _ => "?".to_string(),
        };
        let self_repr = object::repr((*im).im_self)?;
        crate::objects::unicodeobject::new_str(&format!(
            "<bound method {name} of {}>",
            object::str_text(self_repr.as_ptr())
        ))
    })())
}

/// Hash: the instance's identity mixed with the function's hash.
unsafe extern "C" fn method_hash(op: *mut PyObject) -> Py_hash_t {
    let im = op as *mut PyMethodObject;
    let x = super::typeobject::hash_pointer((*im).im_self as *const c_void);
    let y = match object::hash((*im).im_func) {
        Ok(y) => y,
        Err(_) => return -1,
    };
    let h = x ^ y;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Equal when the functions compare equal and the instances are the same object.
unsafe extern "C" fn method_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if (op != object::Py_EQ && op != object::Py_NE) || !is_method(a) || !is_method(b) {
        return new_ref(object::not_implemented()).into_raw();
    }
    let (ma, mb) = (a as *mut PyMethodObject, b as *mut PyMethodObject);
    let eq = match object::rich_compare_bool((*ma).im_func, (*mb).im_func, object::Py_EQ) {
        Ok(e) => e && (*ma).im_self == (*mb).im_self,
        Err(_) => return null_mut(),
    };
    object::new_bool(if op == object::Py_EQ { eq } else { !eq }).into_raw()
}

/// Attribute lookup: the method type's own descriptors first, then the function's attributes.
unsafe fn delegating_getattr(
    op: *mut PyObject,
    func: *mut PyObject,
    name: *mut PyObject,
) -> PyResult<Ref> {
    let tp = py_type(op);
    if let Some(descr) = super::typeobject::type_lookup(tp, name) {
        let descr = new_ref(descr);
        return match (*py_type(descr.as_ptr())).tp_descr_get {
            Some(f) => Ref::from_result(f(descr.as_ptr(), op, tp.cast())),
            None => Ok(descr),
        };
    }
    object::get_attr(func, name)
}

unsafe extern "C" fn method_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(delegating_getattr(
        op,
        (*(op as *mut PyMethodObject)).im_func,
        name,
    ))
}

unsafe extern "C" fn method_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(object::get_attr(
        (*(op as *mut PyMethodObject)).im_func,
        crate::_Py_ID!(__doc__),
    ))
}

/// `method.__reduce__`: `(getattr, (self, func.__name__))`.
unsafe extern "C" fn method_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let im = op as *mut PyMethodObject;
        let name = object::get_attr((*im).im_func, crate::_Py_ID!(__name__))?;
        let getattr = crate::modules::bltinmodule::get_builtin("getattr")?;
        let args = super::tupleobject::pack(&[(*im).im_self, name.as_ptr()])?;
        super::tupleobject::pack(&[getattr.as_ptr(), args.as_ptr()])
    })())
}

/// `method(function, instance, /)`.
unsafe extern "C" fn method_new(
    _tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if !kwargs.is_null() && super::dictobject::len(kwargs) != 0 {
            crate::getargs::no_keywords("method", kwargs)?;
        }
        let n = super::tupleobject::len(args);
        crate::getargs::check_positional(Some("method"), n as usize, 2, 2)?;
        let items = super::tupleobject::items(args);
        let (function, instance) = (*items, *items.add(1));
        if !crate::objects::call::is_callable(function) {
            return Err(errors::type_error("first argument must be callable"));
        }
        if instance.is_null() || instance == object::none() {
            return Err(errors::type_error("instance must not be None"));
        }
        new_method(function, instance)
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

static mut METHOD_METHODS: [PyMethodDef; 2] = [
    method!(
        c"__reduce__",
        method_reduce as BinFn,
        METH_NOARGS,
        c"__reduce__($self, /)\n--\n\n"
    ),
    METHOD_END,
];

static mut METHOD_MEMBERS: [PyMemberDef; 3] = [
    PyMemberDef {
        name: c"__func__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(PyMethodObject, im_func) as Py_ssize_t,
        flags: READONLY,
        doc: c"the function (or other callable) implementing a method".as_ptr(),
    },
    PyMemberDef {
        name: c"__self__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(PyMethodObject, im_self) as Py_ssize_t,
        flags: READONLY,
        doc: c"the instance to which a method is bound".as_ptr(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

static mut METHOD_GETSETS: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"__doc__".as_ptr(),
        get: Some(method_get_doc),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: core::ptr::null(),
        get: None,
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
];

#[no_mangle]
pub static mut PyMethod_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 32,
    tp_vectorcall_offset: 40,
    tp_dealloc: Some(method_dealloc),
    tp_repr: Some(method_repr),
    tp_hash: Some(method_hash),
    tp_call: Some(method_call),
    tp_getattro: Some(method_getattro),
    tp_setattro: Some(object::PyObject_GenericSetAttr),
    tp_doc: c"method(function, instance, /)\n--\n\nCreate a bound instance method object.".as_ptr(),
    tp_traverse: Some(method_traverse),
    tp_richcompare: Some(method_richcompare),
    tp_methods: (&raw mut METHOD_METHODS).cast(),
    tp_members: (&raw mut METHOD_MEMBERS).cast(),
    tp_getset: (&raw mut METHOD_GETSETS).cast(),
    tp_new: Some(method_new),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"method",
        48,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC,
    )
};

// ---------------------------------------------------------------------------------------------
// instancemethod

unsafe extern "C" fn im_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::xdecref((*(op as *mut PyInstanceMethodObject)).func);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn im_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let f = (*(op as *mut PyInstanceMethodObject)).func;
    match visit {
        Some(visit) if !f.is_null() => visit(f, arg),
        _ => 0,
    }
}

unsafe extern "C" fn im_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(crate::objects::call::call(
        (*(op as *mut PyInstanceMethodObject)).func,
        args,
        kwargs,
    ))
}

unsafe extern "C" fn im_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    let func = (*(op as *mut PyInstanceMethodObject)).func;
    if obj.is_null() {
        return new_ref(func).into_raw();
    }
    errors::ptr_result(new_method(func, obj))
}

unsafe extern "C" fn im_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(delegating_getattr(
        op,
        (*(op as *mut PyInstanceMethodObject)).func,
        name,
    ))
}

unsafe extern "C" fn im_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(object::get_attr(
        (*(op as *mut PyInstanceMethodObject)).func,
        crate::_Py_ID!(__doc__),
    ))
}

unsafe extern "C" fn im_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if (op != object::Py_EQ && op != object::Py_NE)
        || !is_instancemethod(a)
        || !is_instancemethod(b)
    {
        return new_ref(object::not_implemented()).into_raw();
    }
    let fa = (*(a as *mut PyInstanceMethodObject)).func;
    let fb = (*(b as *mut PyInstanceMethodObject)).func;
    match object::rich_compare_bool(fa, fb, object::Py_EQ) {
        Ok(eq) => object::new_bool(if op == object::Py_EQ { eq } else { !eq }).into_raw(),
        Err(_) => null_mut(),
    }
}

/// `<instancemethod f at 0x...>`.
unsafe extern "C" fn im_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let func = (*(op as *mut PyInstanceMethodObject)).func;
        let name = match object::lookup_attr(func, crate::_Py_ID!(__name__))? {
            Some(n) if object::is_str(n.as_ptr()) => object::str_text(n.as_ptr()),
            _ => "?".to_string(),
        };
        crate::objects::unicodeobject::new_str(&format!("<instancemethod {name} at {op:p}>"))
    })())
}

/// `instancemethod(function, /)`.
unsafe extern "C" fn im_new(
    _tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if !kwargs.is_null() && super::dictobject::len(kwargs) != 0 {
            crate::getargs::no_keywords("instancemethod", kwargs)?;
        }
        let n = super::tupleobject::len(args);
        crate::getargs::check_positional(Some("instancemethod"), n as usize, 1, 1)?;
        let function = *super::tupleobject::items(args);
        if !crate::objects::call::is_callable(function) {
            return Err(errors::type_error("first argument must be callable"));
        }
        new_instancemethod(function)
    })())
}

static mut IM_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__func__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(PyInstanceMethodObject, func) as Py_ssize_t,
        flags: READONLY,
        doc: c"the function (or other callable) implementing a method".as_ptr(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

static mut IM_GETSETS: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"__doc__".as_ptr(),
        get: Some(im_get_doc),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: core::ptr::null(),
        get: None,
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
];

#[no_mangle]
pub static mut PyInstanceMethod_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(im_dealloc),
    tp_repr: Some(im_repr),
    tp_call: Some(im_call),
    tp_getattro: Some(im_getattro),
    tp_setattro: Some(object::PyObject_GenericSetAttr),
    tp_doc: c"instancemethod(function, /)\n--\n\nBind a function to a class.".as_ptr(),
    tp_traverse: Some(im_traverse),
    tp_richcompare: Some(im_richcompare),
    tp_members: (&raw mut IM_MEMBERS).cast(),
    tp_getset: (&raw mut IM_GETSETS).cast(),
    tp_descr_get: Some(im_descr_get),
    tp_new: Some(im_new),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"instancemethod",
        24,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};
