//! Python functions, classmethod and staticmethod: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyFunction_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 88,
    tp_weaklistoffset: 96,
    tp_vectorcall_offset: 120,
    ..static_type(&raw mut super::typeobject::PyType_Type, c"function", 136, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_METHOD_DESCRIPTOR)
};

// ---------------------------------------------------------------------------------------------
// classmethod and staticmethod (typesystem): wrappers that change how a callable binds.

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};
use crate::errors::{self, PyResult};
use crate::objects::object::{self, new_ref, py_type, Ref};
use crate::objects::typeobject::{gc_del, PyType_GenericAlloc, PyType_GenericNew};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

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
    // A callable without __get__ is bound with a method object (PyMethod_New), which lives in
    // classobject.rs (not written yet): refuse loudly rather than call it unbound.
    let _ = errors::system_error(&format!(
        "classmethod: binding a '{}' object needs PyMethod_New (classobject.rs)",
        object::type_name(callable)
    ));
    null_mut()
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
