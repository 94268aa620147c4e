//! `types.UnionType` (CPython 3.11's Objects/unionobject.c): `int | str`, made by `type.__or__`
//! (the `nb_or` of `type`, `GenericAlias` and the union itself), with `__args__`,
//! `__parameters__`, substitution, set-like equality and hash, and the repr `int | str`.
//! `isinstance`/`issubclass` treat a union as the tuple of its members.

use super::typeobject::static_type;
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self as obj, new_ref, py_type, Ref};
use crate::objects::tupleobject;
use core::ffi::{c_int, c_void};
use core::mem::offset_of;
use core::ptr::null_mut;

/// `unionobject`, 32 bytes.
#[repr(C)]
pub struct UnionObject {
    pub ob_base: PyObject,
    pub args: *mut PyObject,
    pub parameters: *mut PyObject,
}

/// `_PyUnion_Check`.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn is_union(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut _PyUnion_Type
}

/// `_Py_union_args` (borrowed tuple).
///
/// # Safety
/// `op` is a union.
pub unsafe fn union_args(op: *mut PyObject) -> *mut PyObject {
    (*(op as *mut UnionObject)).args
}

/// `make_union`: a union over the (already de-duplicated) tuple `args`.
unsafe fn make_union(args: *mut PyObject) -> PyResult<Ref> {
    let tp = &raw mut _PyUnion_Type;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<UnionObject>())?;
    obj::init_object(op, tp);
    let u = op as *mut UnionObject;
    (*u).args = new_ref(args).into_raw();
    (*u).parameters = null_mut();
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// The items of a tuple as a slice.
unsafe fn items<'a>(t: *mut PyObject) -> &'a [*mut PyObject] {
    let n = tupleobject::len(t) as usize;
    if n == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(tupleobject::items(t), n)
    }
}

/// Two members are the same: generic aliases by `==`, everything else by identity.
unsafe fn is_same(left: *mut PyObject, right: *mut PyObject) -> PyResult<bool> {
    if super::genericaliasobject::is_generic_alias(left)
        && super::genericaliasobject::is_generic_alias(right)
    {
        return obj::rich_compare_bool(left, right, obj::Py_EQ);
    }
    Ok(left == right)
}

/// What `|` accepts: None, classes, generic aliases and unions.
unsafe fn is_unionable(o: *mut PyObject) -> bool {
    o == obj::none()
        || super::typeobject::is_type(o)
        || super::genericaliasobject::is_generic_alias(o)
        || is_union(o)
}

/// The members a `|` operand contributes (None as `NoneType`).
unsafe fn members(o: *mut PyObject) -> Vec<*mut PyObject> {
    if o == obj::none() {
        return vec![(&raw mut obj::_PyNone_Type).cast()];
    }
    if is_union(o) {
        return items(union_args(o)).to_vec();
    }
    vec![o]
}

/// `_Py_union_type_or`: `self | other` for classes, None, generic aliases and unions; the left
/// operand itself when the right adds nothing new.
pub unsafe fn union_or(left: *mut PyObject, right: *mut PyObject) -> PyResult<Ref> {
    if !is_unionable(left) || !is_unionable(right) {
        return Ok(new_ref(obj::not_implemented()));
    }
    let first = members(left);
    let mut merged = first.clone();
    let mut added = false;
    for &arg in members(right).iter() {
        let mut dup = false;
        for &m in first.iter() {
            if is_same(m, arg)? {
                dup = true;
                break;
            }
        }
        if !dup {
            merged.push(arg);
            added = true;
        }
    }
    if !added {
        let self_ = if left == obj::none() {
            (&raw mut obj::_PyNone_Type).cast()
        } else {
            left
        };
        return Ok(new_ref(self_));
    }
    let t = tupleobject::from_slice(&merged)?;
    make_union(t.as_ptr())
}

/// The `nb_or` slot shared by `type`, `types.GenericAlias` and `types.UnionType`.
pub unsafe extern "C" fn union_type_or(left: *mut PyObject, right: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(union_or(left, right))
}

unsafe extern "C" fn union_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let u = op as *mut UnionObject;
    obj::xdecref((*u).args);
    obj::xdecref((*u).parameters);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn union_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let Some(visit) = visit else { return 0 };
    let u = op as *mut UnionObject;
    for p in [(*u).args, (*u).parameters] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// Hash: the hash of the frozenset of the members (order does not matter).
unsafe extern "C" fn union_hash(op: *mut PyObject) -> Py_hash_t {
    let r = (|| -> PyResult<Py_hash_t> {
        let set = super::setobject::new_frozenset(union_args(op))?;
        obj::hash(set.as_ptr())
    })();
    r.unwrap_or(-1)
}

/// `==`/`!=` as sets of members; other comparisons and other types: NotImplemented.
unsafe extern "C" fn union_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if !is_union(b) || (op != obj::Py_EQ && op != obj::Py_NE) {
        return new_ref(obj::not_implemented()).into_raw();
    }
    errors::ptr_result((|| {
        let sa = super::setobject::new_set(union_args(a))?;
        let sb = super::setobject::new_set(union_args(b))?;
        obj::rich_compare(sa.as_ptr(), sb.as_ptr(), op)
    })())
}

/// One member in the repr: `None`, a generic alias by repr, a class by (module.)qualname.
unsafe fn repr_item(p: *mut PyObject) -> PyResult<String> {
    if p == (&raw mut obj::_PyNone_Type).cast() {
        return Ok("None".into());
    }
    let use_repr = |p| -> PyResult<String> { Ok(obj::str_text(obj::repr(p)?.as_ptr())) };
    if obj::lookup_attr(p, crate::_Py_ID!(__origin__))?.is_some()
        && obj::lookup_attr(p, crate::_Py_ID!(__args__))?.is_some()
    {
        return use_repr(p);
    }
    let Some(qualname) = obj::lookup_attr(p, crate::_Py_ID!(__qualname__))? else {
        return use_repr(p);
    };
    let module = match obj::lookup_attr(p, crate::_Py_ID!(__module__))? {
        Some(m) if m.as_ptr() != obj::none() => m,
        _ => return use_repr(p),
    };
    if obj::is_str(module.as_ptr()) && super::unicodeobject::eq_str(module.as_ptr(), "builtins") {
        return Ok(obj::str_text(obj::str(qualname.as_ptr())?.as_ptr()));
    }
    let m = obj::str(module.as_ptr())?;
    let q = obj::str(qualname.as_ptr())?;
    Ok(format!(
        "{}.{}",
        obj::str_text(m.as_ptr()),
        obj::str_text(q.as_ptr())
    ))
}

unsafe extern "C" fn union_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut parts = Vec::new();
        for &p in items(union_args(op)) {
            parts.push(repr_item(p)?);
        }
        super::unicodeobject::new_str(&parts.join(" | "))
    })())
}

/// `__parameters__`, computed on first use.
unsafe fn parameters(op: *mut PyObject) -> PyResult<*mut PyObject> {
    let u = op as *mut UnionObject;
    if (*u).parameters.is_null() {
        (*u).parameters = super::genericaliasobject::make_parameters((*u).args)?.into_raw();
    }
    Ok((*u).parameters)
}

unsafe extern "C" fn union_get_parameters(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(parameters(op).map(|p| new_ref(p)))
}

/// `(int | T)[str]`: substitutes the type variables, then rebuilds the union with `|`.
unsafe extern "C" fn union_getitem(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let params = parameters(op)?;
        let newargs = super::genericaliasobject::subs_parameters(op, union_args(op), params, item)?;
        let args = items(newargs.as_ptr());
        if args.is_empty() {
            return make_union(newargs.as_ptr());
        }
        let mut res = new_ref(args[0]);
        for &a in &args[1..] {
            res = super::r#abstract::number::or(res.as_ptr(), a)?;
        }
        Ok(res)
    })())
}

/// `__module__` comes from the type (the typing module relies on it); the rest is generic.
unsafe extern "C" fn union_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    if obj::is_str(name) && super::unicodeobject::eq_str(name, "__module__") {
        return errors::ptr_result(obj::get_attr(py_type(op).cast(), name));
    }
    obj::PyObject_GenericGetAttr(op, name)
}

static mut UNION_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__args__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(UnionObject, args) as Py_ssize_t,
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

static mut UNION_GETSETS: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"__parameters__".as_ptr(),
        get: Some(union_get_parameters),
        set: None,
        doc: c"Type variables in the types.UnionType.".as_ptr(),
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

static mut UNION_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: None,
    mp_subscript: Some(union_getitem),
    mp_ass_subscript: None,
};

/// The number methods of `type`, `GenericAlias` and the union: only `|`.
pub static mut UNION_AS_NUMBER: PyNumberMethods = {
    // SAFETY: PyNumberMethods is all optional function pointers; zero is "no slot".
    let mut nb: PyNumberMethods = unsafe { core::mem::zeroed() };
    nb.nb_or = Some(union_type_or);
    nb
};

/// `_PyUnion_Type` (not exported by libpython).
pub static mut _PyUnion_Type: PyTypeObject = PyTypeObject {
    tp_doc: c"Represent a PEP 604 union type\n\nE.g. for int | str".as_ptr(),
    tp_dealloc: Some(union_dealloc),
    tp_alloc: Some(super::typeobject::PyType_GenericAlloc),
    tp_free: Some(super::typeobject::gc_del),
    tp_traverse: Some(union_traverse),
    tp_hash: Some(union_hash),
    tp_getattro: Some(union_getattro),
    tp_members: (&raw mut UNION_MEMBERS).cast(),
    tp_richcompare: Some(union_richcompare),
    tp_as_mapping: &raw mut UNION_AS_MAPPING,
    tp_as_number: &raw mut UNION_AS_NUMBER,
    tp_repr: Some(union_repr),
    tp_getset: (&raw mut UNION_GETSETS).cast(),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"types.UnionType",
        32,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};
