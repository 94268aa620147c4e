//! `types.SimpleNamespace` (CPython's Objects/namespaceobject.c): attribute bag whose repr lists
//! its attributes, compared by contents.

use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::dictobject;
use crate::objects::object::{self, new_ref, py_type, Ref};
use crate::objects::typeobject::{gc_del, static_type, type_check, PyType_GenericAlloc};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

/// `_PyNamespaceObject`, 24 bytes.
#[repr(C)]
pub struct NamespaceObject {
    pub ob_base: PyObject,
    pub ns_dict: *mut PyObject,
}

#[no_mangle]
pub static mut _PyNamespace_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 16,
    tp_dealloc: Some(namespace_dealloc),
    tp_repr: Some(namespace_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_setattro: Some(object::PyObject_GenericSetAttr),
    tp_doc: c"A simple attribute-based namespace.\n\nSimpleNamespace(**kwargs)".as_ptr(),
    tp_traverse: Some(namespace_traverse),
    tp_clear: Some(namespace_clear),
    tp_richcompare: Some(namespace_richcompare),
    tp_methods: (&raw mut NAMESPACE_METHODS).cast(),
    tp_members: (&raw mut NAMESPACE_MEMBERS).cast(),
    tp_init: Some(namespace_init),
    tp_alloc: Some(PyType_GenericAlloc),
    tp_new: Some(namespace_new),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"types.SimpleNamespace",
        24,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

unsafe extern "C" fn namespace_new(
    tp: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let alloc = (*tp).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let op = Ref::from_result(alloc(tp, 0))?;
        (*(op.as_ptr() as *mut NamespaceObject)).ns_dict = dictobject::new()?.into_raw();
        Ok(op)
    })())
}

unsafe extern "C" fn namespace_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        if (*(args as *mut PyVarObject)).ob_size != 0 {
            return Err(errors::type_error("no positional arguments expected"));
        }
        if kwds.is_null() {
            return Ok(());
        }
        let mut pos = 0;
        while let Some((k, _)) = dictobject::next(kwds, &mut pos) {
            if !object::is_str(k) {
                return Err(errors::type_error("keywords must be strings"));
            }
        }
        dictobject::merge((*(op as *mut NamespaceObject)).ns_dict, kwds, 1)
    })())
}

unsafe extern "C" fn namespace_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::xdecref((*(op as *mut NamespaceObject)).ns_dict);
    let free = (*py_type(op)).tp_free.unwrap_or(gc_del);
    free(op.cast());
}

unsafe extern "C" fn namespace_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let d = (*(op as *mut NamespaceObject)).ns_dict;
    match visit {
        Some(v) if !d.is_null() => v(d, arg),
        _ => 0,
    }
}

unsafe extern "C" fn namespace_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*(op as *mut NamespaceObject)).ns_dict, null_mut());
    0
}

/// `namespace(a=1, b='x')` (the type's short name for subclasses), `namespace(...)` when the
/// repr recurses into itself.
unsafe extern "C" fn namespace_repr(op: *mut PyObject) -> *mut PyObject {
    let name = if object::is_type(op, &raw mut _PyNamespace_Type) {
        "namespace".to_string()
    } else {
        crate::objects::typeobject::type_short_name(py_type(op))
    };
    match object::repr_enter(op) {
        Err(_) => return null_mut(),
        Ok(true) => {
            return errors::ptr_result(crate::objects::unicodeobject::new_str(&format!(
                "{name}(...)"
            )))
        }
        Ok(false) => {}
    }
    let r = (|| -> PyResult<Ref> {
        let d = (*(op as *mut NamespaceObject)).ns_dict;
        let mut parts = Vec::new();
        let mut pos = 0;
        let d = new_ref(d);
        while let Some((k, v)) = dictobject::next(d.as_ptr(), &mut pos) {
            if !object::is_str(k) {
                continue;
            }
            let (k, v) = (new_ref(k), new_ref(v));
            let vr = object::repr(v.as_ptr())?;
            parts.push(format!(
                "{}={}",
                object::str_text(k.as_ptr()),
                object::str_text(vr.as_ptr())
            ));
        }
        crate::objects::unicodeobject::new_str(&format!("{name}({})", parts.join(", ")))
    })();
    object::repr_leave(op);
    errors::ptr_result(r)
}

unsafe extern "C" fn namespace_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    let t = &raw mut _PyNamespace_Type;
    if type_check(a, t) && type_check(b, t) {
        return errors::ptr_result(object::rich_compare(
            (*(a as *mut NamespaceObject)).ns_dict,
            (*(b as *mut NamespaceObject)).ns_dict,
            op,
        ));
    }
    new_ref(object::not_implemented()).into_raw()
}

/// `__reduce__`: `(type(self), (), self.__dict__)`.
unsafe extern "C" fn namespace_reduce(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let empty = crate::objects::tupleobject::pack(&[])?;
        let d = object::get_attr(op, crate::_Py_ID!(__dict__))?;
        crate::objects::tupleobject::pack(&[py_type(op).cast(), empty.as_ptr(), d.as_ptr()])
    })())
}

static mut NAMESPACE_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(namespace_reduce),
        ml_flags: METH_NOARGS,
        ml_doc: c"Return state information for pickling".as_ptr(),
    },
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

static mut NAMESPACE_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__dict__".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(NamespaceObject, ns_dict) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

/// `_PyNamespace_New(kwds)`.
///
/// # Safety
/// `kwds` NULL or a dict.
pub unsafe fn new(kwds: *mut PyObject) -> PyResult<Ref> {
    let t = &raw mut _PyNamespace_Type;
    let ns = Ref::from_result(namespace_new(t, null_mut(), null_mut()))?;
    if !kwds.is_null() {
        dictobject::merge((*(ns.as_ptr() as *mut NamespaceObject)).ns_dict, kwds, 1)?;
    }
    Ok(ns)
}
