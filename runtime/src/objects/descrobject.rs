//! Descriptors (CPython's Objects/descrobject.c): `method_descriptor`,
//! `classmethod_descriptor`, `member_descriptor` (with `PyMember_GetOne`/`SetOne`),
//! `getset_descriptor`, `wrapper_descriptor` and its bound form `method-wrapper`, `property`,
//! and `mappingproxy`.

use crate::abi::descrobject::*;
use crate::abi::methodobject::*;
use crate::abi::structmember::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::*;
use crate::objects::object::{self, has_feature, new_ref, py_type, type_name_trunc, Ref};
use crate::objects::typeobject::{gc_del, static_type, type_check, PyType_GenericAlloc};
use crate::objects::{dictobject, tupleobject};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::null_mut;

const DESCR_FLAGS: core::ffi::c_ulong = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;

#[no_mangle]
pub static mut PyMethodDescr_Type: PyTypeObject = PyTypeObject {
    tp_vectorcall_offset: core::mem::offset_of!(PyMethodDescrObject, vectorcall) as Py_ssize_t,
    tp_dealloc: Some(descr_dealloc),
    tp_repr: Some(method_repr),
    tp_call: Some(crate::objects::methodobject::vectorcall_call_slot),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(descr_traverse),
    tp_members: (&raw mut DESCR_MEMBERS).cast(),
    tp_getset: (&raw mut METHOD_GETSETS).cast(),
    tp_descr_get: Some(method_get),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"method_descriptor",
        56,
        0,
        DESCR_FLAGS | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_METHOD_DESCRIPTOR,
    )
};

#[no_mangle]
pub static mut PyClassMethodDescr_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(descr_dealloc),
    tp_repr: Some(method_repr),
    tp_call: Some(classmethoddescr_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(descr_traverse),
    tp_members: (&raw mut DESCR_MEMBERS).cast(),
    tp_getset: (&raw mut METHOD_GETSETS).cast(),
    tp_descr_get: Some(classmethod_get),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"classmethod_descriptor",
        56,
        0,
        DESCR_FLAGS,
    )
};

#[no_mangle]
pub static mut PyMemberDescr_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(descr_dealloc),
    tp_repr: Some(member_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(descr_traverse),
    tp_members: (&raw mut DESCR_MEMBERS).cast(),
    tp_getset: (&raw mut MEMBER_GETSETS).cast(),
    tp_descr_get: Some(member_get),
    tp_descr_set: Some(member_set),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"member_descriptor",
        48,
        0,
        DESCR_FLAGS,
    )
};

#[no_mangle]
pub static mut PyGetSetDescr_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(descr_dealloc),
    tp_repr: Some(getset_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(descr_traverse),
    tp_members: (&raw mut DESCR_MEMBERS).cast(),
    tp_getset: (&raw mut GETSET_GETSETS).cast(),
    tp_descr_get: Some(getset_get),
    tp_descr_set: Some(getset_set),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"getset_descriptor",
        48,
        0,
        DESCR_FLAGS,
    )
};

#[no_mangle]
pub static mut PyWrapperDescr_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(descr_dealloc),
    tp_repr: Some(wrapperdescr_repr),
    tp_call: Some(wrapperdescr_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(descr_traverse),
    tp_members: (&raw mut DESCR_MEMBERS).cast(),
    tp_getset: (&raw mut WRAPPERDESCR_GETSETS).cast(),
    tp_descr_get: Some(wrapperdescr_get),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"wrapper_descriptor",
        56,
        0,
        DESCR_FLAGS | Py_TPFLAGS_METHOD_DESCRIPTOR,
    )
};

#[no_mangle]
pub static mut _PyMethodWrapper_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(wrapper_dealloc),
    tp_repr: Some(wrapper_repr),
    tp_hash: Some(wrapper_hash),
    tp_call: Some(wrapper_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(wrapper_traverse),
    tp_richcompare: Some(wrapper_richcompare),
    tp_methods: (&raw mut WRAPPER_METHODS).cast(),
    tp_members: (&raw mut WRAPPER_MEMBERS).cast(),
    tp_getset: (&raw mut WRAPPER_GETSETS).cast(),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"method-wrapper",
        32,
        0,
        DESCR_FLAGS,
    )
};

#[no_mangle]
pub static mut PyDictProxy_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(mappingproxy_dealloc),
    tp_repr: Some(mappingproxy_repr),
    tp_as_number: &raw mut MAPPINGPROXY_AS_NUMBER,
    tp_as_sequence: &raw mut MAPPINGPROXY_AS_SEQUENCE,
    tp_as_mapping: &raw mut MAPPINGPROXY_AS_MAPPING,
    tp_str: Some(mappingproxy_str),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(mappingproxy_traverse),
    tp_richcompare: Some(mappingproxy_richcompare),
    tp_iter: Some(mappingproxy_iter),
    tp_methods: (&raw mut MAPPINGPROXY_METHODS).cast(),
    tp_new: Some(mappingproxy_new),
    tp_free: Some(gc_del),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"mappingproxy",
        24,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MAPPING | Py_TPFLAGS_HAVE_GC,
    )
};

#[no_mangle]
pub static mut PyProperty_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(property_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"Property attribute.\n\n  fget\n    function to be used for getting an attribute value\n  fset\n    function to be used for setting an attribute value\n  fdel\n    function to be used for del'ing an attribute\n  doc\n    docstring\n\nTypical use is to define a managed attribute x:\n\nclass C(object):\n    def getx(self): return self._x\n    def setx(self, value): self._x = value\n    def delx(self): del self._x\n    x = property(getx, setx, delx, \"I'm the 'x' property.\")\n\nDecorators make defining new properties or modifying existing ones easy:\n\nclass C(object):\n    @property\n    def x(self):\n        \"I am the 'x' property.\"\n        return self._x\n    @x.setter\n    def x(self, value):\n        self._x = value\n    @x.deleter\n    def x(self):\n        del self._x".as_ptr(),
    tp_traverse: Some(property_traverse),
    tp_clear: Some(property_clear),
    tp_methods: (&raw mut PROPERTY_METHODS).cast(),
    tp_members: (&raw mut PROPERTY_MEMBERS).cast(),
    tp_getset: (&raw mut PROPERTY_GETSETS).cast(),
    tp_descr_get: Some(property_descr_get),
    tp_descr_set: Some(property_descr_set),
    tp_init: Some(property_init),
    tp_alloc: Some(PyType_GenericAlloc),
    tp_new: Some(crate::objects::typeobject::PyType_GenericNew),
    tp_free: Some(gc_del),
    ..static_type(&raw mut crate::objects::typeobject::PyType_Type, c"property", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

// ---------------------------------------------------------------------------------------------
// The common part.

/// The descriptor's `__name__` (borrowed).
///
/// # Safety
/// `d` is a descriptor object.
pub unsafe fn descr_name(d: *mut PyObject) -> *mut PyObject {
    (*(d as *mut PyDescrObject)).d_name
}

/// The `%V` of descriptor messages: the name, or "?".
unsafe fn name_text(d: *mut PyObject) -> String {
    let n = descr_name(d);
    if !n.is_null() && object::is_str(n) {
        object::str_text(n)
    } else {
        "?".into()
    }
}

/// The descriptor's type.
unsafe fn d_type(d: *mut PyObject) -> *mut PyTypeObject {
    (*(d as *mut PyDescrObject)).d_type
}

/// `descr_new`: allocates a descriptor of `tp` for `owner` named `name` (UTF-8, NUL-terminated).
unsafe fn descr_new(
    tp: *mut PyTypeObject,
    owner: *mut PyTypeObject,
    name: *const c_char,
) -> PyResult<Ref> {
    let d = Ref::from_result(PyType_GenericAlloc(tp, 0))?;
    let dd = d.as_ptr() as *mut PyDescrObject;
    object::xincref(owner.cast());
    (*dd).d_type = owner;
    if !name.is_null() {
        let s = crate::objects::unicodeobject::from_utf8(CStr::from_ptr(name).to_bytes(), None)?;
        (*dd).d_name = crate::objects::unicodeobject::intern(s).into_raw();
    }
    Ok(d)
}

unsafe extern "C" fn descr_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let d = op as *mut PyDescrObject;
    object::xdecref((*d).d_type.cast());
    object::xdecref((*d).d_name);
    object::xdecref((*d).d_qualname);
    gc_del(op.cast());
}

unsafe extern "C" fn descr_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let d = op as *mut PyDescrObject;
    match visit {
        Some(v) if !(*d).d_type.is_null() => v((*d).d_type.cast(), arg),
        _ => 0,
    }
}

/// `descr_check`: the instance must be of the descriptor's type.
unsafe fn descr_check(d: *mut PyObject, obj: *mut PyObject) -> PyResult<()> {
    if !type_check(obj, d_type(d)) {
        return Err(errors::type_error(&format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            name_text(d),
            type_name_trunc(d_type(d), 100),
            type_name_trunc(py_type(obj), 100)
        )));
    }
    Ok(())
}

unsafe fn repr_with(d: *mut PyObject, what: &str) -> *mut PyObject {
    errors::ptr_result(crate::objects::unicodeobject::new_str(&format!(
        "<{what} '{}' of '{}' objects>",
        name_text(d),
        object::type_name_of(d_type(d))
    )))
}

unsafe extern "C" fn method_repr(op: *mut PyObject) -> *mut PyObject {
    repr_with(op, "method")
}
unsafe extern "C" fn member_repr(op: *mut PyObject) -> *mut PyObject {
    repr_with(op, "member")
}
unsafe extern "C" fn getset_repr(op: *mut PyObject) -> *mut PyObject {
    repr_with(op, "attribute")
}
unsafe extern "C" fn wrapperdescr_repr(op: *mut PyObject) -> *mut PyObject {
    repr_with(op, "slot wrapper")
}

/// `__qualname__` of a descriptor: `Type.name` (cached).
unsafe extern "C" fn descr_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        let d = op as *mut PyDescrObject;
        if (*d).d_qualname.is_null() {
            let tq = object::get_attr((*d).d_type.cast(), crate::_Py_ID!(__qualname__))?;
            if !object::is_str(tq.as_ptr()) {
                return Err(errors::type_error(
                    "<descriptor>.__objclass__.__qualname__ is not a unicode object",
                ));
            }
            let q = format!("{}.{}", object::str_text(tq.as_ptr()), name_text(op));
            (*d).d_qualname = crate::objects::unicodeobject::new_str(&q)?.into_raw();
        }
        Ok(new_ref((*d).d_qualname))
    })())
}

static mut DESCR_MEMBERS: [PyMemberDef; 3] = [
    PyMemberDef {
        name: c"__objclass__".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(PyDescrObject, d_type) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"__name__".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(PyDescrObject, d_name) as Py_ssize_t,
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

/// A str from a C docstring with the signature block removed, or None.
unsafe fn doc_from_c(name: *const c_char, doc: *const c_char) -> PyResult<Ref> {
    if doc.is_null() {
        return Ok(object::new_none());
    }
    let n = if name.is_null() {
        &b""[..]
    } else {
        CStr::from_ptr(name).to_bytes()
    };
    crate::objects::unicodeobject::from_utf8(
        crate::objects::typeobject::doc_without_signature(n, doc),
        None,
    )
}

/// `__text_signature__` from a C docstring, or None.
unsafe fn text_signature_from_c(name: *const c_char, doc: *const c_char) -> PyResult<Ref> {
    let n = if name.is_null() {
        &b""[..]
    } else {
        CStr::from_ptr(name).to_bytes()
    };
    match crate::objects::typeobject::text_signature_from_doc(n, doc) {
        Some(sig) => crate::objects::unicodeobject::from_utf8(sig, None),
        None => Ok(object::new_none()),
    }
}

unsafe extern "C" fn method_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let ml = (*(op as *mut PyMethodDescrObject)).d_method;
    errors::ptr_result(doc_from_c((*ml).ml_name, (*ml).ml_doc))
}
unsafe extern "C" fn method_get_text_signature(
    op: *mut PyObject,
    _c: *mut c_void,
) -> *mut PyObject {
    let ml = (*(op as *mut PyMethodDescrObject)).d_method;
    errors::ptr_result(text_signature_from_c((*ml).ml_name, (*ml).ml_doc))
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
const GS_END: PyGetSetDef = PyGetSetDef {
    name: core::ptr::null(),
    get: None,
    set: None,
    doc: core::ptr::null(),
    closure: null_mut(),
};

static mut METHOD_GETSETS: [PyGetSetDef; 4] = [
    gs(c"__doc__", method_get_doc),
    gs(c"__qualname__", descr_get_qualname),
    gs(c"__text_signature__", method_get_text_signature),
    GS_END,
];

unsafe extern "C" fn member_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let m = (*(op as *mut PyMemberDescrObject)).d_member;
    if (*m).doc.is_null() {
        return object::new_none().into_raw();
    }
    errors::ptr_result(crate::objects::unicodeobject::from_utf8(
        CStr::from_ptr((*m).doc).to_bytes(),
        None,
    ))
}

static mut MEMBER_GETSETS: [PyGetSetDef; 3] = [
    gs(c"__doc__", member_get_doc),
    gs(c"__qualname__", descr_get_qualname),
    GS_END,
];

unsafe extern "C" fn getset_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let g = (*(op as *mut PyGetSetDescrObject)).d_getset;
    if (*g).doc.is_null() {
        return object::new_none().into_raw();
    }
    errors::ptr_result(crate::objects::unicodeobject::from_utf8(
        CStr::from_ptr((*g).doc).to_bytes(),
        None,
    ))
}

static mut GETSET_GETSETS: [PyGetSetDef; 3] = [
    gs(c"__doc__", getset_get_doc),
    gs(c"__qualname__", descr_get_qualname),
    GS_END,
];

unsafe extern "C" fn wrapperdescr_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let b = (*(op as *mut PyWrapperDescrObject)).d_base;
    errors::ptr_result(doc_from_c((*b).name, (*b).doc))
}
unsafe extern "C" fn wrapperdescr_get_text_signature(
    op: *mut PyObject,
    _c: *mut c_void,
) -> *mut PyObject {
    let b = (*(op as *mut PyWrapperDescrObject)).d_base;
    errors::ptr_result(text_signature_from_c((*b).name, (*b).doc))
}

static mut WRAPPERDESCR_GETSETS: [PyGetSetDef; 4] = [
    gs(c"__doc__", wrapperdescr_get_doc),
    gs(c"__qualname__", descr_get_qualname),
    gs(c"__text_signature__", wrapperdescr_get_text_signature),
    GS_END,
];

// ---------------------------------------------------------------------------------------------
// Constructors (PyDescr_New*).

/// `PyDescr_NewMethod`: vectorcall picked from the method's flags.
///
/// # Safety
/// `def` outlives the descriptor.
pub unsafe fn new_method(owner: *mut PyTypeObject, def: *mut PyMethodDef) -> PyResult<Ref> {
    let flags = (*def).ml_flags & !(METH_CLASS | METH_STATIC | METH_COEXIST);
    let vc: vectorcallfunc = match flags {
        METH_VARARGS => Some(method_vectorcall_varargs),
        x if x == METH_VARARGS | METH_KEYWORDS => Some(method_vectorcall_varargs_keywords),
        METH_FASTCALL => Some(method_vectorcall_fastcall),
        x if x == METH_FASTCALL | METH_KEYWORDS => Some(method_vectorcall_fastcall_keywords),
        METH_NOARGS => Some(method_vectorcall_noargs),
        METH_O => Some(method_vectorcall_o),
        x if x == METH_METHOD | METH_FASTCALL | METH_KEYWORDS => {
            Some(method_vectorcall_fastcall_keywords_method)
        }
        _ => {
            return Err(errors::system_error(&format!(
                "{} method: bad call flags",
                CStr::from_ptr((*def).ml_name).to_string_lossy()
            )))
        }
    };
    let d = descr_new(&raw mut PyMethodDescr_Type, owner, (*def).ml_name)?;
    let md = d.as_ptr() as *mut PyMethodDescrObject;
    (*md).d_method = def;
    (*md).vectorcall = vc;
    Ok(d)
}

/// `PyDescr_NewClassMethod`.
///
/// # Safety
/// `def` outlives the descriptor.
pub unsafe fn new_classmethod(owner: *mut PyTypeObject, def: *mut PyMethodDef) -> PyResult<Ref> {
    let d = descr_new(&raw mut PyClassMethodDescr_Type, owner, (*def).ml_name)?;
    (*(d.as_ptr() as *mut PyMethodDescrObject)).d_method = def;
    Ok(d)
}

/// `PyDescr_NewMember`.
///
/// # Safety
/// `def` outlives the descriptor.
pub unsafe fn new_member(owner: *mut PyTypeObject, def: *mut PyMemberDef) -> PyResult<Ref> {
    let d = descr_new(&raw mut PyMemberDescr_Type, owner, (*def).name)?;
    (*(d.as_ptr() as *mut PyMemberDescrObject)).d_member = def;
    Ok(d)
}

/// `PyDescr_NewGetSet`.
///
/// # Safety
/// `def` outlives the descriptor.
pub unsafe fn new_getset(owner: *mut PyTypeObject, def: *mut PyGetSetDef) -> PyResult<Ref> {
    let d = descr_new(&raw mut PyGetSetDescr_Type, owner, (*def).name)?;
    (*(d.as_ptr() as *mut PyGetSetDescrObject)).d_getset = def;
    Ok(d)
}

/// `PyDescr_NewWrapper`.
///
/// # Safety
/// `base` is a slot table entry (static); `wrapped` the C slot.
pub unsafe fn new_wrapper(
    owner: *mut PyTypeObject,
    base: *mut wrapperbase,
    wrapped: *mut c_void,
) -> PyResult<Ref> {
    let d = descr_new(&raw mut PyWrapperDescr_Type, owner, (*base).name)?;
    let w = d.as_ptr() as *mut PyWrapperDescrObject;
    (*w).d_base = base;
    (*w).d_wrapped = wrapped;
    Ok(d)
}

/// `PyDescr_IsData`.
///
/// # Safety
/// `d` is live.
pub unsafe fn is_data(d: *mut PyObject) -> bool {
    object::is_data_descr(d)
}

// ---------------------------------------------------------------------------------------------
// method_descriptor and classmethod_descriptor.

unsafe extern "C" fn method_get(
    d: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    if obj.is_null() {
        return new_ref(d).into_raw();
    }
    errors::ptr_result((|| {
        descr_check(d, obj)?;
        let ml = (*(d as *mut PyMethodDescrObject)).d_method;
        let cls = if (*ml).ml_flags & METH_METHOD != 0 {
            d_type(d)
        } else {
            null_mut()
        };
        crate::objects::methodobject::new_cfunction(ml, obj, null_mut(), cls)
    })())
}

unsafe extern "C" fn classmethod_get(
    d: *mut PyObject,
    obj: *mut PyObject,
    tp: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp = if tp.is_null() {
            if obj.is_null() {
                return Err(errors::type_error(&format!(
                    "descriptor '{}' for type '{}' needs either an object or a type",
                    name_text(d),
                    type_name_trunc(d_type(d), 100)
                )));
            }
            py_type(obj).cast()
        } else {
            tp
        };
        if !object::is_type_object(tp) {
            return Err(errors::type_error(&format!(
                "descriptor '{}' for type '{}' needs a type, not a '{}' as arg 2",
                name_text(d),
                type_name_trunc(d_type(d), 100),
                type_name_trunc(py_type(tp), 100)
            )));
        }
        if !crate::objects::typeobject::is_subtype(tp.cast(), d_type(d)) {
            return Err(errors::type_error(&format!(
                "descriptor '{}' requires a subtype of '{}' but received '{}'",
                name_text(d),
                type_name_trunc(d_type(d), 100),
                type_name_trunc(tp.cast(), 100)
            )));
        }
        let ml = (*(d as *mut PyMethodDescrObject)).d_method;
        let cls = if (*ml).ml_flags & METH_METHOD != 0 {
            d_type(d)
        } else {
            null_mut()
        };
        crate::objects::methodobject::new_cfunction(ml, tp, null_mut(), cls)
    })())
}

unsafe extern "C" fn classmethoddescr_call(
    d: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = core::slice::from_raw_parts(
            tupleobject::items(args),
            (*(args as *mut PyVarObject)).ob_size as usize,
        );
        if a.is_empty() {
            return Err(errors::type_error(&format!(
                "descriptor '{}' of '{}' object needs an argument",
                name_text(d),
                type_name_trunc(d_type(d), 100)
            )));
        }
        // The first argument must be acceptable as the class: classmethod_get checks it.
        let bound = Ref::from_result(classmethod_get(d, null_mut(), a[0]))?;
        let rest = tupleobject::pack(&a[1..])?;
        crate::objects::call::call(bound.as_ptr(), rest.as_ptr(), kwds)
    })())
}

/// `method_check_args`: an instance of the right type first; keywords refused when
/// `no_kw`.
unsafe fn method_check_args(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) -> PyResult<()> {
    if nargs < 1 {
        return Err(errors::type_error(&format!(
            "unbound method {} needs an argument",
            object::function_str(func)?
        )));
    }
    descr_check(func, *args)?;
    if !kwnames.is_null() && (*(kwnames as *mut PyVarObject)).ob_size != 0 {
        return Err(errors::type_error(&format!(
            "{} takes no keyword arguments",
            object::function_str(func)?
        )));
    }
    Ok(())
}

/// The method's C function with the recursion guard entered.
unsafe fn method_enter(func: *mut PyObject) -> PyResult<*const c_void> {
    object::enter_recursive_call(" while calling a Python object")?;
    let ml = (*(func as *mut PyMethodDescrObject)).d_method;
    Ok((*ml)
        .ml_meth
        .map_or(core::ptr::null(), |f| f as *const c_void))
}

unsafe fn finish(func: *mut PyObject, r: *mut PyObject) -> *mut PyObject {
    object::leave_recursive_call();
    errors::ptr_result(crate::objects::call::check_function_result(func, r))
}

type VarargsF = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type KwF = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type FastF = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type FastKwF = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;
type MethodF = unsafe extern "C" fn(
    *mut PyObject,
    *mut PyTypeObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;

unsafe extern "C" fn method_vectorcall_varargs(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = crate::objects::call::nargs_of(nargsf) as usize;
    if method_check_args(func, args, nargs, kwnames).is_err() {
        return null_mut();
    }
    let rest = match tupleobject::pack(core::slice::from_raw_parts(args.add(1), nargs - 1)) {
        Ok(t) => t,
        Err(_) => return null_mut(),
    };
    let Ok(f) = method_enter(func) else {
        return null_mut();
    };
    let f: VarargsF = core::mem::transmute::<*const c_void, VarargsF>(f);
    finish(func, f(*args, rest.as_ptr()))
}

unsafe extern "C" fn method_vectorcall_varargs_keywords(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = crate::objects::call::nargs_of(nargsf) as usize;
    if method_check_args(func, args, nargs, null_mut()).is_err() {
        return null_mut();
    }
    let r = (|| -> PyResult<(Ref, Option<Ref>)> {
        let rest = tupleobject::pack(core::slice::from_raw_parts(args.add(1), nargs - 1))?;
        let kw = if kwnames.is_null() || (*(kwnames as *mut PyVarObject)).ob_size == 0 {
            None
        } else {
            Some(crate::objects::call::stack_as_dict(
                args.add(nargs),
                kwnames,
            )?)
        };
        Ok((rest, kw))
    })();
    let Ok((rest, kw)) = r else { return null_mut() };
    let Ok(f) = method_enter(func) else {
        return null_mut();
    };
    let f: KwF = core::mem::transmute::<*const c_void, KwF>(f);
    finish(
        func,
        f(
            *args,
            rest.as_ptr(),
            kw.as_ref().map_or(null_mut(), |k| k.as_ptr()),
        ),
    )
}

unsafe extern "C" fn method_vectorcall_fastcall(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = crate::objects::call::nargs_of(nargsf) as usize;
    if method_check_args(func, args, nargs, kwnames).is_err() {
        return null_mut();
    }
    let Ok(f) = method_enter(func) else {
        return null_mut();
    };
    let f: FastF = core::mem::transmute::<*const c_void, FastF>(f);
    finish(func, f(*args, args.add(1), nargs as Py_ssize_t - 1))
}

unsafe extern "C" fn method_vectorcall_fastcall_keywords(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = crate::objects::call::nargs_of(nargsf) as usize;
    if method_check_args(func, args, nargs, null_mut()).is_err() {
        return null_mut();
    }
    let Ok(f) = method_enter(func) else {
        return null_mut();
    };
    let f: FastKwF = core::mem::transmute::<*const c_void, FastKwF>(f);
    finish(
        func,
        f(*args, args.add(1), nargs as Py_ssize_t - 1, kwnames),
    )
}

unsafe extern "C" fn method_vectorcall_fastcall_keywords_method(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = crate::objects::call::nargs_of(nargsf) as usize;
    if method_check_args(func, args, nargs, null_mut()).is_err() {
        return null_mut();
    }
    let Ok(f) = method_enter(func) else {
        return null_mut();
    };
    let f: MethodF = core::mem::transmute::<*const c_void, MethodF>(f);
    finish(
        func,
        f(
            *args,
            d_type(func),
            args.add(1),
            nargs as Py_ssize_t - 1,
            kwnames,
        ),
    )
}

unsafe extern "C" fn method_vectorcall_noargs(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = crate::objects::call::nargs_of(nargsf) as usize;
    if method_check_args(func, args, nargs, kwnames).is_err() {
        return null_mut();
    }
    if nargs != 1 {
        let _ = object::function_str(func)
            .map(|s| errors::type_error(&format!("{s} takes no arguments ({} given)", nargs - 1)));
        return null_mut();
    }
    let Ok(f) = method_enter(func) else {
        return null_mut();
    };
    let f: VarargsF = core::mem::transmute::<*const c_void, VarargsF>(f);
    finish(func, f(*args, null_mut()))
}

unsafe extern "C" fn method_vectorcall_o(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = crate::objects::call::nargs_of(nargsf) as usize;
    if method_check_args(func, args, nargs, kwnames).is_err() {
        return null_mut();
    }
    if nargs != 2 {
        let _ = object::function_str(func).map(|s| {
            errors::type_error(&format!(
                "{s} takes exactly one argument ({} given)",
                nargs - 1
            ))
        });
        return null_mut();
    }
    let Ok(f) = method_enter(func) else {
        return null_mut();
    };
    let f: VarargsF = core::mem::transmute::<*const c_void, VarargsF>(f);
    finish(func, f(*args, *args.add(1)))
}

// ---------------------------------------------------------------------------------------------
// member_descriptor and PyMember_GetOne / PyMember_SetOne.

unsafe extern "C" fn member_get(
    d: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    if obj.is_null() {
        return new_ref(d).into_raw();
    }
    errors::ptr_result((|| {
        descr_check(d, obj)?;
        member_get_one(
            obj as *const u8,
            (*(d as *mut PyMemberDescrObject)).d_member,
        )
    })())
}

unsafe extern "C" fn member_set(
    d: *mut PyObject,
    obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        if !type_check(obj, d_type(d)) {
            return Err(errors::type_error(&format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                name_text(d),
                type_name_trunc(d_type(d), 100),
                type_name_trunc(py_type(obj), 100)
            )));
        }
        member_set_one(
            obj as *mut u8,
            (*(d as *mut PyMemberDescrObject)).d_member,
            value,
        )
    })())
}

/// `PyMember_GetOne(addr, member)`: reads the field at `addr + offset` as a Python object.
///
/// # Safety
/// `addr` is the object the member describes.
pub unsafe fn member_get_one(addr: *const u8, m: *mut PyMemberDef) -> PyResult<Ref> {
    use crate::objects::longobject as l;
    let p = addr.offset((*m).offset);
    match (*m).type_ {
        T_BOOL => Ok(object::new_bool(*p != 0)),
        T_BYTE => l::from_i64(*(p as *const i8) as i64),
        T_UBYTE => l::from_i64(*p as i64),
        T_SHORT => l::from_i64(*(p as *const i16) as i64),
        T_USHORT => l::from_i64(*(p as *const u16) as i64),
        T_INT => l::from_i64(*(p as *const i32) as i64),
        T_UINT => l::from_i64(*(p as *const u32) as i64),
        T_LONG => l::from_i64(*(p as *const i64)),
        T_ULONG => l::from_u64(*(p as *const u64)),
        T_PYSSIZET => l::from_isize(*(p as *const isize)),
        T_FLOAT => crate::objects::floatobject::from_f64(*(p as *const f32) as f64),
        T_DOUBLE => crate::objects::floatobject::from_f64(*(p as *const f64)),
        T_STRING => {
            let s = *(p as *const *const c_char);
            if s.is_null() {
                Ok(object::new_none())
            } else {
                crate::objects::unicodeobject::from_utf8(CStr::from_ptr(s).to_bytes(), None)
            }
        }
        T_STRING_INPLACE => crate::objects::unicodeobject::from_utf8(
            CStr::from_ptr(p as *const c_char).to_bytes(),
            None,
        ),
        T_CHAR => crate::objects::unicodeobject::from_utf8(core::slice::from_raw_parts(p, 1), None),
        T_OBJECT => {
            let v = *(p as *const *mut PyObject);
            Ok(new_ref(if v.is_null() { object::none() } else { v }))
        }
        T_OBJECT_EX => {
            let v = *(p as *const *mut PyObject);
            if v.is_null() {
                let obj = addr as *mut PyObject;
                return Err(errors::set_string(
                    PyExc_AttributeError,
                    &format!(
                        "'{}' object has no attribute '{}'",
                        type_name_trunc(py_type(obj), 200),
                        CStr::from_ptr((*m).name).to_string_lossy()
                    ),
                ));
            }
            Ok(new_ref(v))
        }
        T_LONGLONG => l::from_i64(*(p as *const i64)),
        T_ULONGLONG => l::from_u64(*(p as *const u64)),
        T_NONE => Ok(object::new_none()),
        _ => Err(errors::system_error("bad memberdescr type")),
    }
}

/// `PyMember_SetOne(addr, member, value)` (`value` NULL deletes).
///
/// # Safety
/// `addr` is the object the member describes.
pub unsafe fn member_set_one(addr: *mut u8, m: *mut PyMemberDef, v: *mut PyObject) -> PyResult<()> {
    use crate::objects::longobject as l;
    let p = addr.offset((*m).offset);
    if (*m).flags & READONLY != 0 {
        return Err(errors::set_string(
            PyExc_AttributeError,
            "readonly attribute",
        ));
    }
    if v.is_null() {
        if (*m).type_ == T_OBJECT_EX {
            if (*(p as *const *mut PyObject)).is_null() {
                return Err(errors::set_string(
                    PyExc_AttributeError,
                    &CStr::from_ptr((*m).name).to_string_lossy(),
                ));
            }
        } else if (*m).type_ != T_OBJECT {
            return Err(errors::type_error("can't delete numeric/char attribute"));
        }
    }
    match (*m).type_ {
        T_BOOL => {
            if !object::is_type(v, &raw mut crate::objects::boolobject::PyBool_Type) {
                return Err(errors::type_error("attribute value type must be bool"));
            }
            *p = (v == (&raw mut crate::objects::boolobject::_Py_TrueStruct).cast()) as u8;
        }
        T_BYTE => *(p as *mut i8) = l::as_i64(v)? as i8,
        T_UBYTE => *p = l::as_i64(v)? as u8,
        T_SHORT => *(p as *mut i16) = l::as_i64(v)? as i16,
        T_USHORT => *(p as *mut u16) = l::as_i64(v)? as u16,
        T_INT => *(p as *mut i32) = l::as_i64(v)? as i32,
        T_UINT => *(p as *mut u32) = unsigned_or_negative(v)? as u32,
        // CPython stores the (possibly -1) result before checking for an error.
        T_LONG => store_then_check(p as *mut i64, l::as_i64(v), -1)?,
        T_ULONG => store_then_check(p as *mut u64, unsigned_or_negative(v), u64::MAX)?,
        T_PYSSIZET => store_then_check(p as *mut isize, l::as_isize(v), -1)?,
        T_FLOAT => *(p as *mut f32) = crate::objects::floatobject::as_f64(v)? as f32,
        T_DOUBLE => store_then_check(p as *mut f64, crate::objects::floatobject::as_f64(v), -1.0)?,
        T_OBJECT | T_OBJECT_EX => {
            object::xincref(v);
            object::replace_slot(p as *mut *mut PyObject, v);
        }
        T_CHAR => {
            let s = crate::objects::unicodeobject::as_utf8(v).map_err(|_| {
                errors::clear();
                errors::bad_argument()
            })?;
            if s.len() != 1 {
                return Err(errors::bad_argument());
            }
            *p = s[0];
        }
        T_STRING | T_STRING_INPLACE => return Err(errors::type_error("readonly attribute")),
        T_LONGLONG => store_then_check(p as *mut i64, l::as_i64(v), -1)?,
        T_ULONGLONG => store_then_check(p as *mut u64, unsigned_or_negative(v), u64::MAX)?,
        _ => {
            return Err(errors::system_error(&format!(
                "bad memberdescr type for {}",
                CStr::from_ptr((*m).name).to_string_lossy()
            )))
        }
    }
    Ok(())
}

/// Stores a conversion result into a member field, the error value (-1) included, then
/// reports the error: the order CPython's `PyMember_SetOne` has for these types.
unsafe fn store_then_check<T: Copy>(p: *mut T, r: PyResult<T>, err_value: T) -> PyResult<()> {
    match r {
        Ok(x) => {
            *p = x;
            Ok(())
        }
        Err(e) => {
            *p = err_value;
            Err(e)
        }
    }
}

/// `PyLong_AsUnsignedLong`, falling back to the signed value for negative ints (CPython's
/// compatibility rule for unsigned members).
unsafe fn unsigned_or_negative(v: *mut PyObject) -> PyResult<u64> {
    match crate::objects::longobject::as_u64_checked(
        v,
        "can't convert negative value to unsigned int",
        "Python int too large to convert to C unsigned long",
    ) {
        Ok(x) => Ok(x),
        Err(_) => {
            errors::clear();
            Ok(crate::objects::longobject::as_i64(v)? as u64)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// getset_descriptor.

unsafe extern "C" fn getset_get(
    d: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    if obj.is_null() {
        return new_ref(d).into_raw();
    }
    errors::ptr_result((|| {
        descr_check(d, obj)?;
        let g = (*(d as *mut PyGetSetDescrObject)).d_getset;
        match (*g).get {
            Some(get) => Ref::from_result(get(obj, (*g).closure)),
            None => Err(errors::set_string(
                PyExc_AttributeError,
                &format!(
                    "attribute '{}' of '{}' objects is not readable",
                    name_text(d),
                    type_name_trunc(d_type(d), 100)
                ),
            )),
        }
    })())
}

unsafe extern "C" fn getset_set(
    d: *mut PyObject,
    obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        if !type_check(obj, d_type(d)) {
            return Err(errors::type_error(&format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                name_text(d),
                type_name_trunc(d_type(d), 100),
                type_name_trunc(py_type(obj), 100)
            )));
        }
        let g = (*(d as *mut PyGetSetDescrObject)).d_getset;
        match (*g).set {
            Some(set) => {
                if set(obj, value, (*g).closure) < 0 {
                    Err(errors::ErrSet::assume_set())
                } else {
                    Ok(())
                }
            }
            None => Err(errors::set_string(
                PyExc_AttributeError,
                &format!(
                    "attribute '{}' of '{}' objects is not writable",
                    name_text(d),
                    type_name_trunc(d_type(d), 100)
                ),
            )),
        }
    })())
}

// ---------------------------------------------------------------------------------------------
// wrapper_descriptor and method-wrapper.

unsafe extern "C" fn wrapperdescr_get(
    d: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    if obj.is_null() {
        return new_ref(d).into_raw();
    }
    errors::ptr_result((|| {
        descr_check(d, obj)?;
        wrapper_new(d, obj)
    })())
}

/// `wrapperdescr_raw_call`: runs the slot wrapper on `self` with a tuple of arguments.
unsafe fn wrapperdescr_raw_call(
    d: *mut PyObject,
    s: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<Ref> {
    let w = d as *mut PyWrapperDescrObject;
    let base = (*w).d_base;
    let Some(wrapper) = (*base).wrapper else {
        return Err(errors::system_error("wrapper without function"));
    };
    if (*base).flags & PyWrapperFlag_KEYWORDS != 0 {
        // SAFETY: KEYWORDS entries store a wrapperfunc_kwds in the wrapper field.
        let wk: unsafe extern "C" fn(
            *mut PyObject,
            *mut PyObject,
            *mut c_void,
            *mut PyObject,
        ) -> *mut PyObject = core::mem::transmute(wrapper);
        return Ref::from_result(wk(s, args, (*w).d_wrapped, kwds));
    }
    if !kwds.is_null() && dictobject::len(kwds) != 0 {
        return Err(errors::type_error(&format!(
            "wrapper {}() takes no keyword arguments",
            CStr::from_ptr((*base).name).to_string_lossy()
        )));
    }
    Ref::from_result(wrapper(s, args, (*w).d_wrapped))
}

unsafe extern "C" fn wrapperdescr_call(
    d: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = (*(args as *mut PyVarObject)).ob_size as usize;
        let a = core::slice::from_raw_parts(tupleobject::items(args), n);
        if a.is_empty() {
            return Err(errors::type_error(&format!(
                "descriptor '{}' of '{}' object needs an argument",
                name_text(d),
                type_name_trunc(d_type(d), 100)
            )));
        }
        let s = a[0];
        if !type_check(s, d_type(d)) {
            return Err(errors::type_error(&format!(
                "descriptor '{}' requires a '{}' object but received a '{}'",
                name_text(d),
                type_name_trunc(d_type(d), 100),
                type_name_trunc(py_type(s), 100)
            )));
        }
        let rest = tupleobject::pack(&a[1..])?;
        wrapperdescr_raw_call(d, s, rest.as_ptr(), kwds)
    })())
}

/// `wrapperobject`: a slot wrapper bound to an instance.
#[repr(C)]
pub struct WrapperObject {
    pub ob_base: PyObject,
    pub descr: *mut PyObject,
    pub self_: *mut PyObject,
}

/// `PyWrapper_New(descr, self)`.
///
/// # Safety
/// `d` is a wrapper_descriptor, `s` an instance of its type.
pub unsafe fn wrapper_new(d: *mut PyObject, s: *mut PyObject) -> PyResult<Ref> {
    let w = Ref::from_result(PyType_GenericAlloc(&raw mut _PyMethodWrapper_Type, 0))?;
    let wo = w.as_ptr() as *mut WrapperObject;
    (*wo).descr = new_ref(d).into_raw();
    (*wo).self_ = new_ref(s).into_raw();
    Ok(w)
}

unsafe extern "C" fn wrapper_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let w = op as *mut WrapperObject;
    object::xdecref((*w).descr);
    object::xdecref((*w).self_);
    gc_del(op.cast());
}

unsafe extern "C" fn wrapper_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let w = op as *mut WrapperObject;
    let Some(v) = visit else { return 0 };
    for p in [(*w).descr, (*w).self_] {
        if !p.is_null() {
            let r = v(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn wrapper_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let w = op as *mut WrapperObject;
    errors::ptr_result(wrapperdescr_raw_call((*w).descr, (*w).self_, args, kwds))
}

unsafe extern "C" fn wrapper_repr(op: *mut PyObject) -> *mut PyObject {
    let w = op as *mut WrapperObject;
    let base = (*((*w).descr as *mut PyWrapperDescrObject)).d_base;
    errors::ptr_result(crate::objects::unicodeobject::new_str(&format!(
        "<method-wrapper '{}' of {} object at {:p}>",
        CStr::from_ptr((*base).name).to_string_lossy(),
        object::type_name((*w).self_),
        (*w).self_
    )))
}

unsafe extern "C" fn wrapper_hash(op: *mut PyObject) -> Py_hash_t {
    let w = op as *mut WrapperObject;
    let x = crate::objects::typeobject::hash_pointer((*w).self_ as *const c_void);
    let y = crate::objects::typeobject::hash_pointer((*w).descr as *const c_void);
    let h = x ^ y;
    if h == -1 {
        -2
    } else {
        h
    }
}

unsafe extern "C" fn wrapper_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if (op != object::Py_EQ && op != object::Py_NE)
        || !object::is_type(b, &raw mut _PyMethodWrapper_Type)
    {
        return new_ref(object::not_implemented()).into_raw();
    }
    let (wa, wb) = (a as *mut WrapperObject, b as *mut WrapperObject);
    let eq = (*wa).descr == (*wb).descr && (*wa).self_ == (*wb).self_;
    object::new_bool(if op == object::Py_EQ { eq } else { !eq }).into_raw()
}

unsafe extern "C" fn wrapper_get_objclass(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    new_ref(d_type((*(op as *mut WrapperObject)).descr).cast()).into_raw()
}
unsafe extern "C" fn wrapper_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    new_ref(descr_name((*(op as *mut WrapperObject)).descr)).into_raw()
}
unsafe extern "C" fn wrapper_get_qualname(op: *mut PyObject, c: *mut c_void) -> *mut PyObject {
    descr_get_qualname((*(op as *mut WrapperObject)).descr, c)
}
unsafe extern "C" fn wrapper_get_doc(op: *mut PyObject, c: *mut c_void) -> *mut PyObject {
    wrapperdescr_get_doc((*(op as *mut WrapperObject)).descr, c)
}
unsafe extern "C" fn wrapper_get_text_signature(
    op: *mut PyObject,
    c: *mut c_void,
) -> *mut PyObject {
    wrapperdescr_get_text_signature((*(op as *mut WrapperObject)).descr, c)
}

static mut WRAPPER_GETSETS: [PyGetSetDef; 6] = [
    gs(c"__objclass__", wrapper_get_objclass),
    gs(c"__name__", wrapper_get_name),
    gs(c"__qualname__", wrapper_get_qualname),
    gs(c"__doc__", wrapper_get_doc),
    gs(c"__text_signature__", wrapper_get_text_signature),
    GS_END,
];

static mut WRAPPER_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__self__".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(WrapperObject, self_) as Py_ssize_t,
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

static mut WRAPPER_METHODS: [PyMethodDef; 1] = [PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
}];

// ---------------------------------------------------------------------------------------------
// mappingproxy: a read-only view of a mapping (what `type.__dict__` returns).

/// `mappingproxyobject`.
#[repr(C)]
pub struct MappingProxyObject {
    pub ob_base: PyObject,
    pub mapping: *mut PyObject,
}

/// `mappingproxy_check_mapping`: lists, tuples and non-mappings are refused.
unsafe fn check_mapping(mapping: *mut PyObject) -> PyResult<()> {
    let tp = py_type(mapping);
    let no_getitem = (*tp).tp_as_mapping.is_null() || (*(*tp).tp_as_mapping).mp_subscript.is_none();
    if no_getitem
        || has_feature(tp, Py_TPFLAGS_LIST_SUBCLASS)
        || has_feature(tp, Py_TPFLAGS_TUPLE_SUBCLASS)
    {
        return Err(errors::type_error(&format!(
            "mappingproxy() argument must be a mapping, not {}",
            object::type_name(mapping)
        )));
    }
    Ok(())
}

/// `PyDictProxy_New(mapping)`.
///
/// # Safety
/// `mapping` is live.
pub unsafe fn dict_proxy_new(mapping: *mut PyObject) -> PyResult<Ref> {
    check_mapping(mapping)?;
    let p = Ref::from_result(PyType_GenericAlloc(&raw mut PyDictProxy_Type, 0))?;
    (*(p.as_ptr() as *mut MappingProxyObject)).mapping = new_ref(mapping).into_raw();
    Ok(p)
}

unsafe fn proxied(op: *mut PyObject) -> *mut PyObject {
    (*(op as *mut MappingProxyObject)).mapping
}

unsafe extern "C" fn mappingproxy_new(
    _tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = (*(args as *mut PyVarObject)).ob_size as usize;
        let a = core::slice::from_raw_parts(tupleobject::items(args), n);
        let kw: Vec<*mut PyObject> = if kwds.is_null() {
            Vec::new()
        } else {
            let mut v = Vec::new();
            let mut pos = 0;
            while let Some((k, val)) = dictobject::next(kwds, &mut pos) {
                if !object::is_str(k) || object::str_text(k) != "mapping" {
                    return Err(errors::type_error(&format!(
                        "mappingproxy() got an unexpected keyword argument '{}'",
                        object::str_text(k)
                    )));
                }
                v.push(val);
            }
            v
        };
        let mapping = match (a.len(), kw.len()) {
            (1, 0) => a[0],
            (0, 1) => kw[0],
            (0, 0) => {
                return Err(errors::type_error(
                    "mappingproxy() missing required argument 'mapping' (pos 1)",
                ))
            }
            _ => {
                return Err(errors::type_error(&format!(
                    "mappingproxy() takes at most 1 argument ({} given)",
                    a.len() + kw.len()
                )))
            }
        };
        dict_proxy_new(mapping)
    })())
}

unsafe extern "C" fn mappingproxy_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::xdecref(proxied(op));
    gc_del(op.cast());
}

unsafe extern "C" fn mappingproxy_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    match visit {
        Some(v) if !proxied(op).is_null() => v(proxied(op), arg),
        _ => 0,
    }
}

unsafe extern "C" fn mappingproxy_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let inner = object::repr(proxied(op))?;
        crate::objects::unicodeobject::new_str(&format!(
            "mappingproxy({})",
            object::str_text(inner.as_ptr())
        ))
    })())
}

unsafe extern "C" fn mappingproxy_str(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(object::str(proxied(op)))
}

unsafe extern "C" fn mappingproxy_len(op: *mut PyObject) -> Py_ssize_t {
    let m = proxied(op);
    let tp = py_type(m);
    if !(*tp).tp_as_mapping.is_null() {
        if let Some(f) = (*(*tp).tp_as_mapping).mp_length {
            return f(m);
        }
    }
    match crate::objects::call::call_method_str(m, "__len__", &[])
        .and_then(|n| crate::objects::longobject::as_isize(n.as_ptr()))
    {
        Ok(n) => n,
        Err(_) => -1,
    }
}

unsafe extern "C" fn mappingproxy_getitem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    let m = proxied(op);
    match (*(*py_type(m)).tp_as_mapping).mp_subscript {
        Some(f) => f(m, key),
        None => null_mut(),
    }
}

unsafe extern "C" fn mappingproxy_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    let m = proxied(op);
    if object::is_type(m, &raw mut dictobject::PyDict_Type) {
        return errors::bool_result(dictobject::contains(m, key));
    }
    let tp = py_type(m);
    if !(*tp).tp_as_sequence.is_null() {
        if let Some(f) = (*(*tp).tp_as_sequence).sq_contains {
            return f(m, key);
        }
    }
    errors::bool_result(
        crate::objects::call::call_method_str(m, "__contains__", &[key])
            .and_then(|r| object::is_true(r.as_ptr())),
    )
}

unsafe extern "C" fn mappingproxy_iter(op: *mut PyObject) -> *mut PyObject {
    let m = proxied(op);
    match (*py_type(m)).tp_iter {
        Some(f) => f(m),
        None => errors::ptr_result(crate::objects::call::call_method_str(m, "__iter__", &[])),
    }
}

unsafe extern "C" fn mappingproxy_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    errors::ptr_result(object::rich_compare(proxied(a), b, op))
}

unsafe extern "C" fn mappingproxy_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = if object::is_type(a, &raw mut PyDictProxy_Type) {
            proxied(a)
        } else {
            a
        };
        let b = if object::is_type(b, &raw mut PyDictProxy_Type) {
            proxied(b)
        } else {
            b
        };
        crate::objects::r#abstract::number::or(a, b)
    })())
}

unsafe extern "C" fn mappingproxy_ior(a: *mut PyObject, _b: *mut PyObject) -> *mut PyObject {
    let _ = errors::type_error(&format!(
        "'|=' is not supported by {}; use '|' instead",
        object::type_name(a)
    ));
    null_mut()
}

macro_rules! proxy_call {
    ($fname:ident, $meth:literal) => {
        unsafe extern "C" fn $fname(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
            errors::ptr_result(crate::objects::call::call_method_str(
                proxied(op),
                $meth,
                &[],
            ))
        }
    };
}
proxy_call!(mappingproxy_keys, "keys");
proxy_call!(mappingproxy_values, "values");
proxy_call!(mappingproxy_items, "items");
proxy_call!(mappingproxy_copy, "copy");
proxy_call!(mappingproxy_reversed, "__reversed__");

unsafe extern "C" fn mappingproxy_get(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if !(1..=2).contains(&nargs) {
        let _ = errors::type_error(&if nargs < 1 {
            format!("get expected at least 1 argument, got {nargs}")
        } else {
            format!("get expected at most 2 arguments, got {nargs}")
        });
        return null_mut();
    }
    let a = core::slice::from_raw_parts(args, nargs as usize);
    let default = if nargs == 2 { a[1] } else { object::none() };
    errors::ptr_result(crate::objects::call::call_method_str(
        proxied(op),
        "get",
        &[a[0], default],
    ))
}

static mut MAPPINGPROXY_METHODS: [PyMethodDef; 8] = [
    PyMethodDef {
        ml_name: c"get".as_ptr(),
        ml_meth: Some(unsafe {
            core::mem::transmute::<
                unsafe extern "C" fn(
                    *mut PyObject,
                    *const *mut PyObject,
                    Py_ssize_t,
                ) -> *mut PyObject,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
            >(mappingproxy_get)
        }),
        ml_flags: METH_FASTCALL,
        ml_doc: c"D.get(k[,d]) -> D[k] if k in D, else d.  d defaults to None.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"keys".as_ptr(),
        ml_meth: Some(mappingproxy_keys),
        ml_flags: METH_NOARGS,
        ml_doc: c"D.keys() -> a set-like object providing a view on D's keys".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"values".as_ptr(),
        ml_meth: Some(mappingproxy_values),
        ml_flags: METH_NOARGS,
        ml_doc: c"D.values() -> an object providing a view on D's values".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"items".as_ptr(),
        ml_meth: Some(mappingproxy_items),
        ml_flags: METH_NOARGS,
        ml_doc: c"D.items() -> a set-like object providing a view on D's items".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"copy".as_ptr(),
        ml_meth: Some(mappingproxy_copy),
        ml_flags: METH_NOARGS,
        ml_doc: c"D.copy() -> a shallow copy of D".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__reversed__".as_ptr(),
        ml_meth: Some(mappingproxy_reversed),
        ml_flags: METH_NOARGS,
        ml_doc: c"D.__reversed__() -> reverse iterator".as_ptr(),
    },
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

static mut MAPPINGPROXY_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(mappingproxy_len),
    mp_subscript: Some(mappingproxy_getitem),
    mp_ass_subscript: None,
};

static mut MAPPINGPROXY_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: None,
    sq_concat: None,
    sq_repeat: None,
    sq_item: None,
    was_sq_slice: null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: null_mut(),
    sq_contains: Some(mappingproxy_contains),
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

static mut MAPPINGPROXY_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_or: Some(mappingproxy_or),
    nb_inplace_or: Some(mappingproxy_ior),
    ..PyNumberMethods::EMPTY
};

// ---------------------------------------------------------------------------------------------
// property

/// `propertyobject`, 64 bytes.
#[repr(C)]
pub struct PropertyObject {
    pub ob_base: PyObject,
    pub prop_get: *mut PyObject,
    pub prop_set: *mut PyObject,
    pub prop_del: *mut PyObject,
    pub prop_doc: *mut PyObject,
    pub prop_name: *mut PyObject,
    pub getter_doc: c_int,
}

const _: () = assert!(core::mem::size_of::<PropertyObject>() == 64);

static mut PROPERTY_MEMBERS: [PyMemberDef; 5] = [
    PyMemberDef {
        name: c"fget".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(PropertyObject, prop_get) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"fset".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(PropertyObject, prop_set) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"fdel".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(PropertyObject, prop_del) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"__doc__".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(PropertyObject, prop_doc) as Py_ssize_t,
        flags: 0,
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

unsafe extern "C" fn property_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let p = op as *mut PropertyObject;
    for f in [
        (*p).prop_get,
        (*p).prop_set,
        (*p).prop_del,
        (*p).prop_doc,
        (*p).prop_name,
    ] {
        object::xdecref(f);
    }
    let free = (*py_type(op)).tp_free.unwrap_or(gc_del);
    free(op.cast());
}

unsafe extern "C" fn property_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let p = op as *mut PropertyObject;
    let Some(v) = visit else { return 0 };
    for f in [
        (*p).prop_get,
        (*p).prop_set,
        (*p).prop_del,
        (*p).prop_doc,
        (*p).prop_name,
    ] {
        if !f.is_null() {
            let r = v(f, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn property_clear(op: *mut PyObject) -> c_int {
    let p = op as *mut PropertyObject;
    object::replace_slot(&raw mut (*p).prop_doc, null_mut());
    0
}

/// The "property 'x' of 'C' object has no getter"-style message (names as reprs).
unsafe fn property_error(p: *mut PropertyObject, obj: *mut PyObject, what: &str) -> errors::ErrSet {
    let qual = match crate::objects::typeobject::get_qualname(py_type(obj)) {
        Ok(q) => q,
        Err(e) => return e,
    };
    let qrepr = object::repr_for_message(qual.as_ptr());
    let msg = if !(*p).prop_name.is_null() {
        format!(
            "property {} of {} object {what}",
            object::repr_for_message((*p).prop_name),
            qrepr
        )
    } else {
        format!("property of {qrepr} object {what}")
    };
    errors::set_string(PyExc_AttributeError, &msg)
}

unsafe extern "C" fn property_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    if obj.is_null() || obj == object::none() {
        return new_ref(op).into_raw();
    }
    let p = op as *mut PropertyObject;
    if (*p).prop_get.is_null() {
        let _ = property_error(p, obj, "has no getter");
        return null_mut();
    }
    errors::ptr_result(crate::objects::call::call_one_arg((*p).prop_get, obj))
}

unsafe extern "C" fn property_descr_set(
    op: *mut PyObject,
    obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    let p = op as *mut PropertyObject;
    let func = if value.is_null() {
        (*p).prop_del
    } else {
        (*p).prop_set
    };
    if func.is_null() {
        let _ = property_error(
            p,
            obj,
            if value.is_null() {
                "has no deleter"
            } else {
                "has no setter"
            },
        );
        return -1;
    }
    let r = if value.is_null() {
        crate::objects::call::call_one_arg(func, obj)
    } else {
        crate::objects::call::vectorcall(func, &[obj, value], null_mut())
    };
    errors::int_result(r.map(|_| ()))
}

/// `property.__init__(fget=None, fset=None, fdel=None, doc=None)`.
unsafe extern "C" fn property_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        const NAMES: [&str; 4] = ["fget", "fset", "fdel", "doc"];
        let mut vals: [*mut PyObject; 4] = [null_mut(); 4];
        let n = (*(args as *mut PyVarObject)).ob_size as usize;
        if n > 4 {
            return Err(errors::type_error(&format!(
                "property() takes at most 4 arguments ({n} given)"
            )));
        }
        let a = core::slice::from_raw_parts(tupleobject::items(args), n);
        vals[..n].copy_from_slice(a);
        if !kwds.is_null() {
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(kwds, &mut pos) {
                let key = if object::is_str(k) {
                    object::str_text(k)
                } else {
                    String::new()
                };
                let Some(i) = NAMES.iter().position(|&x| x == key) else {
                    return Err(errors::type_error(&format!(
                        "'{key}' is an invalid keyword argument for property()"
                    )));
                };
                if i < n {
                    return Err(errors::type_error(&format!(
                        "argument for property() given by name ('{key}') and position ({})",
                        i + 1
                    )));
                }
                vals[i] = v;
            }
        }
        let none_to_null = |v: *mut PyObject| if v == object::none() { null_mut() } else { v };
        let (fget, fset, fdel, doc) = (
            none_to_null(vals[0]),
            none_to_null(vals[1]),
            none_to_null(vals[2]),
            none_to_null(vals[3]),
        );
        let p = op as *mut PropertyObject;
        for (slot, v) in [
            (&raw mut (*p).prop_get, fget),
            (&raw mut (*p).prop_set, fset),
            (&raw mut (*p).prop_del, fdel),
        ] {
            object::xincref(v);
            object::replace_slot(slot, v);
        }
        object::replace_slot(&raw mut (*p).prop_doc, null_mut());
        object::replace_slot(&raw mut (*p).prop_name, null_mut());
        (*p).getter_doc = 0;
        // The docstring comes from fget when none is given.
        let doc_val = if doc.is_null() && !fget.is_null() {
            match object::lookup_attr(fget, crate::_Py_ID!(__doc__))? {
                Some(d) => {
                    (*p).getter_doc = 1;
                    Some(d)
                }
                None => None,
            }
        } else if doc.is_null() {
            None
        } else {
            Some(new_ref(doc))
        };
        if let Some(d) = doc_val {
            if object::is_type(op, &raw mut PyProperty_Type) {
                (*p).prop_doc = d.into_raw();
            } else {
                // Subclasses keep the doc in the instance dict (their __doc__ slot is shadowed).
                let r = object::set_attr(op, crate::_Py_ID!(__doc__), d.as_ptr());
                if r.is_err() && (*p).getter_doc != 0 {
                    errors::clear();
                } else {
                    r?;
                }
            }
        }
        Ok(())
    })())
}

/// `property_copy`: the `getter`/`setter`/`deleter` methods make a new property of the same
/// type with one accessor replaced.
unsafe fn property_copy(
    op: *mut PyObject,
    get: *mut PyObject,
    set: *mut PyObject,
    del: *mut PyObject,
) -> PyResult<Ref> {
    let p = op as *mut PropertyObject;
    let pick = |new: *mut PyObject, old: *mut PyObject| {
        let v = if new.is_null() { old } else { new };
        if v.is_null() {
            object::none()
        } else {
            v
        }
    };
    let get = pick(get, (*p).prop_get);
    let set = pick(set, (*p).prop_set);
    let del = pick(del, (*p).prop_del);
    let doc = if (*p).getter_doc != 0 && get != object::none() || (*p).prop_doc.is_null() {
        object::none()
    } else {
        (*p).prop_doc
    };
    let tp = py_type(op);
    let new = crate::objects::call::vectorcall(tp.cast(), &[get, set, del, doc], null_mut())?;
    if object::is_type(new.as_ptr(), &raw mut PyProperty_Type)
        || crate::objects::typeobject::type_check(new.as_ptr(), &raw mut PyProperty_Type)
    {
        let np = new.as_ptr() as *mut PropertyObject;
        object::xincref((*p).prop_name);
        object::replace_slot(&raw mut (*np).prop_name, (*p).prop_name);
    }
    Ok(new)
}

unsafe extern "C" fn property_getter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(property_copy(op, f, null_mut(), null_mut()))
}
unsafe extern "C" fn property_setter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(property_copy(op, null_mut(), f, null_mut()))
}
unsafe extern "C" fn property_deleter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(property_copy(op, null_mut(), null_mut(), f))
}

unsafe extern "C" fn property_set_name(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if nargs != 2 {
        let _ = errors::type_error(&format!(
            "__set_name__() takes 2 positional arguments but {nargs} were given"
        ));
        return null_mut();
    }
    let p = op as *mut PropertyObject;
    let name = *args.add(1);
    object::incref(name);
    object::replace_slot(&raw mut (*p).prop_name, name);
    object::new_none().into_raw()
}

static mut PROPERTY_METHODS: [PyMethodDef; 5] = [
    PyMethodDef {
        ml_name: c"getter".as_ptr(),
        ml_meth: Some(property_getter),
        ml_flags: METH_O,
        ml_doc: c"Descriptor to obtain a copy of the property with a different getter.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"setter".as_ptr(),
        ml_meth: Some(property_setter),
        ml_flags: METH_O,
        ml_doc: c"Descriptor to obtain a copy of the property with a different setter.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"deleter".as_ptr(),
        ml_meth: Some(property_deleter),
        ml_flags: METH_O,
        ml_doc: c"Descriptor to obtain a copy of the property with a different deleter.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__set_name__".as_ptr(),
        ml_meth: Some(unsafe {
            core::mem::transmute::<
                unsafe extern "C" fn(
                    *mut PyObject,
                    *const *mut PyObject,
                    Py_ssize_t,
                ) -> *mut PyObject,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
            >(property_set_name)
        }),
        ml_flags: METH_FASTCALL,
        ml_doc: c"Method to set name of a property.".as_ptr(),
    },
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

/// `property.__isabstractmethod__`: true if any accessor is abstract.
unsafe extern "C" fn property_get_isabstract(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        let p = op as *mut PropertyObject;
        for f in [(*p).prop_get, (*p).prop_set, (*p).prop_del] {
            if f.is_null() {
                continue;
            }
            if let Some(v) = object::lookup_attr(f, crate::_Py_ID!(__isabstractmethod__))? {
                if object::is_true(v.as_ptr())? {
                    return Ok(object::new_bool(true));
                }
            }
        }
        Ok(object::new_bool(false))
    })())
}

static mut PROPERTY_GETSETS: [PyGetSetDef; 2] =
    [gs(c"__isabstractmethod__", property_get_isabstract), GS_END];
