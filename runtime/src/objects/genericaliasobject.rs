//! `types.GenericAlias` (CPython 3.11's Objects/genericaliasobject.c): `list[int]` and friends:
//! `__origin__`, `__args__`, `__parameters__` (type variables found in the arguments),
//! substitution by `[]` (`_Py_make_parameters` / `_Py_subs_parameters`, shared with
//! `types.UnionType`), calls that forward to the origin and set `__orig_class__`, attribute
//! forwarding to the origin, and PEP 646 starred aliases (`*tuple[int]`, made by iterating).

use super::typeobject::static_type;
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_BOOL, T_OBJECT};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::dictobject::{method, METHOD_END};
use crate::objects::object::{self as obj, new_ref, py_type, Ref};
use crate::objects::tupleobject;
use core::ffi::{c_int, c_void};
use core::mem::offset_of;
use core::ptr::null_mut;

/// `gaobject`, 64 bytes.
#[repr(C)]
pub struct GenericAliasObject {
    pub ob_base: PyObject,
    pub origin: *mut PyObject,
    pub args: *mut PyObject,
    pub parameters: *mut PyObject,
    pub weakreflist: *mut PyObject,
    pub starred: bool,
    pub vectorcall: vectorcallfunc,
}

const _: () = assert!(core::mem::size_of::<GenericAliasObject>() == 64);
const _: () = assert!(offset_of!(GenericAliasObject, vectorcall) == 56);

/// `_PyGenericAlias_Check` (subclasses included).
///
/// # Safety
/// `op` is a live object.
pub unsafe fn is_generic_alias(op: *mut PyObject) -> bool {
    super::typeobject::type_check(op, &raw mut Py_GenericAliasType)
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

/// `setup_ga`: fills a freshly allocated alias (a non-tuple `args` becomes a 1-tuple).
unsafe fn setup(
    alias: *mut GenericAliasObject,
    origin: *mut PyObject,
    args: *mut PyObject,
) -> PyResult<()> {
    let args = if tupleobject::check(args) {
        new_ref(args)
    } else {
        tupleobject::pack(&[args])?
    };
    (*alias).origin = new_ref(origin).into_raw();
    (*alias).args = args.into_raw();
    (*alias).parameters = null_mut();
    (*alias).weakreflist = null_mut();
    (*alias).starred = false;
    (*alias).vectorcall = if super::call::vectorcall_function(origin).is_some() {
        Some(ga_vectorcall)
    } else {
        None
    };
    Ok(())
}

/// `Py_GenericAlias(origin, args)`.
///
/// # Safety
/// Both are live objects.
pub unsafe fn new(origin: *mut PyObject, args: *mut PyObject) -> PyResult<Ref> {
    let op = Ref::from_result(super::typeobject::PyType_GenericAlloc(
        &raw mut Py_GenericAliasType,
        0,
    ))?;
    setup(op.as_ptr() as *mut GenericAliasObject, origin, args)?;
    Ok(op)
}

/// `Py_GenericAlias` as a `METH_O | METH_CLASS` method: the `__class_getitem__` CPython gives
/// list, dict, tuple, set, frozenset, enumerate, ... (`{"__class_getitem__", Py_GenericAlias,
/// METH_O|METH_CLASS, "See PEP 585"}` in their method tables).
///
/// # Safety
/// Called by the method machinery with the class and the subscript.
pub unsafe extern "C" fn class_getitem(cls: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new(cls, item))
}

/// The `{"__class_getitem__", Py_GenericAlias, METH_O|METH_CLASS, "See PEP 585"}` entry CPython
/// has in the method tables of list, dict, tuple, set, frozenset, enumerate, mappingproxy,
/// weakref.ref, async_generator and BaseExceptionGroup.
static mut CLASS_GETITEM_DEF: crate::abi::methodobject::PyMethodDef = crate::abi::methodobject::PyMethodDef {
    ml_name: c"__class_getitem__".as_ptr(),
    ml_meth: Some(class_getitem),
    ml_flags: crate::abi::methodobject::METH_O | crate::abi::methodobject::METH_CLASS,
    ml_doc: c"See PEP 585".as_ptr(),
};

/// Puts that `__class_getitem__` class method into each built-in generic type's dict (one
/// shared method definition instead of an entry in ten method tables; the attribute is the
/// same `classmethod_descriptor` CPython's tables produce).
///
/// # Safety
/// At start-up, after the types are ready.
pub unsafe fn add_class_getitem() -> PyResult<()> {
    use super::{descrobject, dictobject, enumobject, exceptions, genobject, listobject, setobject, tupleobject, weakrefobject};
    let types: [*mut PyTypeObject; 10] = [
        &raw mut listobject::PyList_Type,
        &raw mut dictobject::PyDict_Type,
        &raw mut tupleobject::PyTuple_Type,
        &raw mut setobject::PySet_Type,
        &raw mut setobject::PyFrozenSet_Type,
        &raw mut enumobject::PyEnum_Type,
        &raw mut descrobject::PyDictProxy_Type,
        &raw mut weakrefobject::_PyWeakref_RefType,
        &raw mut genobject::PyAsyncGen_Type,
        &raw mut exceptions::_PyExc_BaseExceptionGroup,
    ];
    for tp in types {
        let descr = descrobject::new_classmethod(tp, &raw mut CLASS_GETITEM_DEF)?;
        dictobject::set_item_str((*tp).tp_dict, "__class_getitem__", descr.as_ptr())?;
    }
    Ok(())
}

/// The first index of `item` (by identity) in `t`.
unsafe fn tuple_index(t: &[*mut PyObject], item: *mut PyObject) -> Option<usize> {
    t.iter().position(|&x| x == item)
}

/// `_Py_make_parameters`: the type variables among `args` (those with `__typing_subst__`) and
/// the `__parameters__` of nested generics, without duplicates, in order.
///
/// # Safety
/// `args` is a tuple.
pub unsafe fn make_parameters(args: *mut PyObject) -> PyResult<Ref> {
    let mut params: Vec<*mut PyObject> = Vec::new();
    let mut keep: Vec<Ref> = Vec::new();
    for &t in items(args) {
        if super::typeobject::is_type(t) {
            continue;
        }
        if obj::lookup_attr(t, crate::_Py_ID!(__typing_subst__))?.is_some() {
            if tuple_index(&params, t).is_none() {
                params.push(t);
            }
            continue;
        }
        if let Some(sub) = obj::lookup_attr(t, crate::_Py_ID!(__parameters__))? {
            if tupleobject::check(sub.as_ptr()) {
                for &t2 in items(sub.as_ptr()) {
                    if tuple_index(&params, t2).is_none() {
                        params.push(t2);
                    }
                }
                keep.push(sub);
            }
        }
    }
    tupleobject::from_slice(&params)
}

/// `subs_tvars`: `obj` with its own `__parameters__` replaced from `argitems`.
unsafe fn subs_tvars(
    o: *mut PyObject,
    params: &[*mut PyObject],
    argitems: &[*mut PyObject],
) -> PyResult<Ref> {
    let Some(sub) = obj::lookup_attr(o, crate::_Py_ID!(__parameters__))? else {
        return Ok(new_ref(o));
    };
    if !tupleobject::check(sub.as_ptr()) || tupleobject::len(sub.as_ptr()) == 0 {
        return Ok(new_ref(o));
    }
    let mut subargs: Vec<*mut PyObject> = Vec::new();
    for &arg in items(sub.as_ptr()) {
        if let Some(i) = tuple_index(params, arg) {
            let param = params[i];
            let value = argitems[i];
            // A TypeVarTuple (iterable parameter) given a tuple contributes its items.
            if (*py_type(param)).tp_iter.is_some() && tupleobject::check(value) {
                subargs.extend_from_slice(items(value));
                continue;
            }
            subargs.push(value);
            continue;
        }
        subargs.push(arg);
    }
    let t = tupleobject::from_slice(&subargs)?;
    super::r#abstract::mapping::get_item(o, t.as_ptr())
}

/// `_is_unpacked_typevartuple`.
unsafe fn is_unpacked_typevartuple(arg: *mut PyObject) -> PyResult<bool> {
    if super::typeobject::is_type(arg) {
        return Ok(false);
    }
    match obj::lookup_attr(arg, crate::_Py_ID!(__typing_is_unpacked_typevartuple__))? {
        Some(v) => obj::is_true(v.as_ptr()),
        None => Ok(false),
    }
}

/// `_unpacked_tuple_args`: the arguments of `*tuple[...]` (or of an object that says it is one).
unsafe fn unpacked_tuple_args(arg: *mut PyObject) -> PyResult<Option<Ref>> {
    if is_generic_alias(arg) {
        let ga = arg as *mut GenericAliasObject;
        if (*ga).starred && (*ga).origin == (&raw mut tupleobject::PyTuple_Type).cast() {
            return Ok(Some(new_ref((*ga).args)));
        }
    }
    match obj::lookup_attr(arg, crate::_Py_ID!(__typing_unpacked_tuple_args__))? {
        Some(r) if r.as_ptr() != obj::none() => Ok(Some(r)),
        _ => Ok(None),
    }
}

/// `_unpack_args`: the substitution items with `*tuple[X, Y]` spread out (unless it ends with
/// `...`).
unsafe fn unpack_args(item: *mut PyObject) -> PyResult<Ref> {
    let given: Vec<*mut PyObject> = if tupleobject::check(item) {
        items(item).to_vec()
    } else {
        vec![item]
    };
    let mut out: Vec<Ref> = Vec::new();
    for it in given {
        if !super::typeobject::is_type(it) {
            if let Some(sub) = unpacked_tuple_args(it)? {
                if tupleobject::check(sub.as_ptr()) {
                    let s = items(sub.as_ptr());
                    if !(s.last() == Some(&super::sliceobject::ellipsis())) {
                        out.extend(s.iter().map(|&x| new_ref(x)));
                        continue;
                    }
                }
            }
        }
        out.push(new_ref(it));
    }
    tupleobject::from_refs(out)
}

/// `_Py_subs_parameters`: the new argument tuple of `self[item]`, where `self` has `args` with
/// type variables `parameters`.
///
/// # Safety
/// `args` and `parameters` are tuples.
pub unsafe fn subs_parameters(
    self_: *mut PyObject,
    args: *mut PyObject,
    parameters: *mut PyObject,
    item: *mut PyObject,
) -> PyResult<Ref> {
    let params = items(parameters);
    if params.is_empty() {
        let r = obj::repr(self_)?;
        return Err(errors::type_error(&format!(
            "{} is not a generic class",
            obj::str_text(r.as_ptr())
        )));
    }
    let mut item = unpack_args(item)?;
    for &param in params {
        if let Some(prepare) = obj::lookup_attr(param, crate::_Py_ID!(__typing_prepare_subst__))? {
            if prepare.as_ptr() != obj::none() {
                let arg = if tupleobject::check(item.as_ptr()) {
                    item.clone()
                } else {
                    tupleobject::pack(&[item.as_ptr()])?
                };
                item =
                    super::call::vectorcall(prepare.as_ptr(), &[self_, arg.as_ptr()], null_mut())?;
            }
        }
    }
    let argitems: Vec<*mut PyObject> = if tupleobject::check(item.as_ptr()) {
        items(item.as_ptr()).to_vec()
    } else {
        vec![item.as_ptr()]
    };
    if argitems.len() != params.len() {
        let r = obj::repr(self_)?;
        return Err(errors::type_error(&format!(
            "Too {} arguments for {}; actual {}, expected {}",
            if argitems.len() > params.len() {
                "many"
            } else {
                "few"
            },
            obj::str_text(r.as_ptr()),
            argitems.len(),
            params.len()
        )));
    }
    let mut newargs: Vec<Ref> = Vec::new();
    for &arg in items(args) {
        if super::typeobject::is_type(arg) {
            newargs.push(new_ref(arg));
            continue;
        }
        let unpack = is_unpacked_typevartuple(arg)?;
        let value = match obj::lookup_attr(arg, crate::_Py_ID!(__typing_subst__))? {
            Some(subst) => {
                let i = tuple_index(params, arg).ok_or_else(errors::bad_internal_call)?;
                super::call::call_one_arg(subst.as_ptr(), argitems[i])?
            }
            None => subs_tvars(arg, params, &argitems)?,
        };
        if unpack {
            if !tupleobject::check(value.as_ptr()) {
                return Err(errors::type_error(
                    "expected a tuple from an unpacked TypeVarTuple substitution",
                ));
            }
            newargs.extend(items(value.as_ptr()).iter().map(|&x| new_ref(x)));
        } else {
            newargs.push(value);
        }
    }
    tupleobject::from_refs(newargs)
}

/// One item of the repr: `...`, generic aliases by repr, classes by (module.)qualname.
unsafe fn repr_item(p: *mut PyObject) -> PyResult<String> {
    if p == super::sliceobject::ellipsis() {
        return Ok("...".into());
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

unsafe extern "C" fn ga_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let ga = op as *mut GenericAliasObject;
        let mut s = String::new();
        if (*ga).starred {
            s.push('*');
        }
        s.push_str(&repr_item((*ga).origin)?);
        s.push('[');
        let args = items((*ga).args);
        for (i, &a) in args.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&repr_item(a)?);
        }
        if args.is_empty() {
            s.push_str("()");
        }
        s.push(']');
        super::unicodeobject::new_str(&s)
    })())
}

unsafe extern "C" fn ga_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let ga = op as *mut GenericAliasObject;
    if !(*ga).weakreflist.is_null() {
        super::weakrefobject::clear_weakrefs(op);
    }
    obj::xdecref((*ga).origin);
    obj::xdecref((*ga).args);
    obj::xdecref((*ga).parameters);
    match (*py_type(op)).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe extern "C" fn ga_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let ga = op as *mut GenericAliasObject;
    for p in [(*ga).origin, (*ga).args, (*ga).parameters] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// `__parameters__`, computed on first use.
unsafe fn parameters(op: *mut PyObject) -> PyResult<*mut PyObject> {
    let ga = op as *mut GenericAliasObject;
    if (*ga).parameters.is_null() {
        (*ga).parameters = make_parameters((*ga).args)?.into_raw();
    }
    Ok((*ga).parameters)
}

unsafe extern "C" fn ga_getitem(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let ga = op as *mut GenericAliasObject;
        let params = parameters(op)?;
        let newargs = subs_parameters(op, (*ga).args, params, item)?;
        let res = new((*ga).origin, newargs.as_ptr())?;
        (*(res.as_ptr() as *mut GenericAliasObject)).starred = (*ga).starred;
        Ok(res)
    })())
}

unsafe extern "C" fn ga_hash(op: *mut PyObject) -> Py_hash_t {
    let ga = op as *mut GenericAliasObject;
    let Ok(h0) = obj::hash((*ga).origin) else {
        return -1;
    };
    let Ok(h1) = obj::hash((*ga).args) else {
        return -1;
    };
    h0 ^ h1
}

/// `__orig_class__` on the instance made by calling the alias (quietly skipped when the
/// instance refuses attributes).
unsafe fn set_orig_class(o: Ref, alias: *mut PyObject) -> PyResult<Ref> {
    let name = super::unicodeobject::new_str("__orig_class__")?;
    if obj::set_attr(o.as_ptr(), name.as_ptr(), alias).is_err() {
        if !errors::exception_matches(super::exceptions::PyExc_AttributeError)
            && !errors::exception_matches(super::exceptions::PyExc_TypeError)
        {
            return Err(errors::ErrSet::assume_set());
        }
        errors::clear();
    }
    Ok(o)
}

unsafe extern "C" fn ga_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let ga = op as *mut GenericAliasObject;
        let o = super::call::call((*ga).origin, args, kwargs)?;
        set_orig_class(o, op)
    })())
}

unsafe extern "C" fn ga_vectorcall(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let ga = op as *mut GenericAliasObject;
        let o = super::call::vectorcall_raw((*ga).origin, args, nargsf, kwnames)?;
        set_orig_class(o, op)
    })())
}

/// The attributes the alias answers itself; everything else comes from the origin.
const OWN_ATTRIBUTES: [&str; 11] = [
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

unsafe extern "C" fn ga_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    if obj::is_str(name)
        && !OWN_ATTRIBUTES
            .iter()
            .any(|a| super::unicodeobject::eq_str(name, a))
    {
        return errors::ptr_result(obj::get_attr(
            (*(op as *mut GenericAliasObject)).origin,
            name,
        ));
    }
    obj::PyObject_GenericGetAttr(op, name)
}

unsafe extern "C" fn ga_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if !is_generic_alias(b) || (op != obj::Py_EQ && op != obj::Py_NE) {
        return new_ref(obj::not_implemented()).into_raw();
    }
    errors::ptr_result((|| {
        let (aa, bb) = (a as *mut GenericAliasObject, b as *mut GenericAliasObject);
        let eq = (*aa).starred == (*bb).starred
            && obj::rich_compare_bool((*aa).origin, (*bb).origin, obj::Py_EQ)?
            && obj::rich_compare_bool((*aa).args, (*bb).args, obj::Py_EQ)?;
        Ok(obj::new_bool(if op == obj::Py_EQ { eq } else { !eq }))
    })())
}

unsafe extern "C" fn ga_mro_entries(op: *mut PyObject, _bases: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(tupleobject::pack(&[
        (*(op as *mut GenericAliasObject)).origin
    ]))
}

unsafe extern "C" fn ga_instancecheck(_op: *mut PyObject, _o: *mut PyObject) -> *mut PyObject {
    let _ = errors::type_error("isinstance() argument 2 cannot be a parameterized generic");
    null_mut()
}

unsafe extern "C" fn ga_subclasscheck(_op: *mut PyObject, _o: *mut PyObject) -> *mut PyObject {
    let _ = errors::type_error("issubclass() argument 2 cannot be a parameterized generic");
    null_mut()
}

/// `__reduce__`: `(GenericAlias, (origin, args))`, or `(next, (iter(unstarred),))` for a starred
/// alias.
unsafe extern "C" fn ga_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let ga = op as *mut GenericAliasObject;
        if (*ga).starred {
            let plain = new((*ga).origin, (*ga).args)?;
            let it = super::r#abstract::iter::get_iter(plain.as_ptr())?;
            let next = crate::modules::bltinmodule::get_builtin("next")?;
            let args = tupleobject::pack(&[it.as_ptr()])?;
            return tupleobject::pack(&[next.as_ptr(), args.as_ptr()]);
        }
        let args = tupleobject::pack(&[(*ga).origin, (*ga).args])?;
        tupleobject::pack(&[py_type(op).cast(), args.as_ptr()])
    })())
}

/// `__dir__`: the origin's names plus the alias's own.
unsafe extern "C" fn ga_dir(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let dir = obj::dir((*(op as *mut GenericAliasObject)).origin)?;
        for name in OWN_ATTRIBUTES {
            let s = super::unicodeobject::new_str(name)?;
            if !super::r#abstract::sequence::contains(dir.as_ptr(), s.as_ptr())? {
                super::listobject::append(dir.as_ptr(), s.as_ptr())?;
            }
        }
        Ok(dir)
    })())
}

unsafe extern "C" fn ga_get_parameters(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(parameters(op).map(|p| new_ref(p)))
}

unsafe extern "C" fn ga_unpacked_tuple_args(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let ga = op as *mut GenericAliasObject;
    if (*ga).starred && (*ga).origin == (&raw mut tupleobject::PyTuple_Type).cast() {
        return new_ref((*ga).args).into_raw();
    }
    obj::new_none().into_raw()
}

/// `GenericAlias(origin, args, /)`.
unsafe extern "C" fn ga_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::no_keywords("GenericAlias", kwargs)?;
        crate::getargs::check_positional(
            Some("GenericAlias"),
            tupleobject::len(args) as usize,
            2,
            2,
        )?;
        let a = items(args);
        let Some(alloc) = (*tp).tp_alloc else {
            return Err(errors::bad_internal_call());
        };
        let op = Ref::from_result(alloc(tp, 0))?;
        setup(op.as_ptr() as *mut GenericAliasObject, a[0], a[1])?;
        Ok(op)
    })())
}

// ---------------------------------------------------------------------------------------------
// The iterator that makes `*tuple[int]`.

/// `gaiterobject`: yields the starred alias once.
#[repr(C)]
struct GenericAliasIter {
    ob_base: PyObject,
    obj: *mut PyObject,
}

unsafe extern "C" fn ga_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp = &raw mut _Py_GenericAliasIterType;
        let gi = crate::mem::gc::alloc(tp, core::mem::size_of::<GenericAliasIter>())?;
        obj::init_object(gi, tp);
        (*(gi as *mut GenericAliasIter)).obj = new_ref(op).into_raw();
        crate::mem::gc::track(gi);
        Ok(Ref::from_raw(gi))
    })())
}

unsafe extern "C" fn ga_iternext(op: *mut PyObject) -> *mut PyObject {
    let gi = op as *mut GenericAliasIter;
    if (*gi).obj.is_null() {
        let _ = errors::set_none(super::exceptions::PyExc_StopIteration);
        return null_mut();
    }
    let alias = (*gi).obj as *mut GenericAliasObject;
    let r = new((*alias).origin, (*alias).args).map(|s| {
        (*(s.as_ptr() as *mut GenericAliasObject)).starred = true;
        s
    });
    obj::replace_slot(&raw mut (*gi).obj, null_mut());
    errors::ptr_result(r)
}

unsafe extern "C" fn ga_iter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    obj::xdecref((*(op as *mut GenericAliasIter)).obj);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn ga_iter_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let o = (*(op as *mut GenericAliasIter)).obj;
    match visit {
        Some(visit) if !o.is_null() => visit(o, arg),
        _ => 0,
    }
}

unsafe extern "C" fn ga_iter_clear(op: *mut PyObject) -> c_int {
    obj::replace_slot(&raw mut (*(op as *mut GenericAliasIter)).obj, null_mut());
    0
}

/// `__reduce__`: `(iter, (alias,))` (an exhausted iterator reduces with None).
unsafe extern "C" fn ga_iter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let o = (*(op as *mut GenericAliasIter)).obj;
        let iter = crate::modules::bltinmodule::get_builtin("iter")?;
        let args = tupleobject::pack(&[if o.is_null() { obj::none() } else { o }])?;
        tupleobject::pack(&[iter.as_ptr(), args.as_ptr()])
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

static mut GA_ITER_METHODS: [PyMethodDef; 2] = [
    method!(c"__reduce__", ga_iter_reduce as BinFn, METH_NOARGS, c""),
    METHOD_END,
];

/// `_Py_GenericAliasIterType` (not exported by libpython).
pub static mut _Py_GenericAliasIterType: PyTypeObject = PyTypeObject {
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(ga_iternext),
    tp_traverse: Some(ga_iter_traverse),
    tp_methods: (&raw mut GA_ITER_METHODS).cast(),
    tp_dealloc: Some(ga_iter_dealloc),
    tp_clear: Some(ga_iter_clear),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"generic_alias_iterator",
        24,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

static mut GA_METHODS: [PyMethodDef; 6] = [
    method!(c"__mro_entries__", ga_mro_entries as BinFn, METH_O, c""),
    method!(c"__instancecheck__", ga_instancecheck as BinFn, METH_O, c""),
    method!(c"__subclasscheck__", ga_subclasscheck as BinFn, METH_O, c""),
    method!(c"__reduce__", ga_reduce as BinFn, METH_NOARGS, c""),
    method!(c"__dir__", ga_dir as BinFn, METH_NOARGS, c""),
    METHOD_END,
];

static mut GA_MEMBERS: [PyMemberDef; 4] = [
    PyMemberDef {
        name: c"__origin__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(GenericAliasObject, origin) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"__args__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(GenericAliasObject, args) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"__unpacked__".as_ptr(),
        type_: T_BOOL,
        offset: offset_of!(GenericAliasObject, starred) as Py_ssize_t,
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

static mut GA_GETSETS: [PyGetSetDef; 3] = [
    PyGetSetDef {
        name: c"__parameters__".as_ptr(),
        get: Some(ga_get_parameters),
        set: None,
        doc: c"Type variables in the GenericAlias.".as_ptr(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"__typing_unpacked_tuple_args__".as_ptr(),
        get: Some(ga_unpacked_tuple_args),
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

static mut GA_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: None,
    mp_subscript: Some(ga_getitem),
    mp_ass_subscript: None,
};

#[no_mangle]
pub static mut Py_GenericAliasType: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 40,
    tp_vectorcall_offset: 56,
    tp_doc: c"Represent a PEP 585 generic type\n\nE.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,).".as_ptr(),
    tp_dealloc: Some(ga_dealloc),
    tp_repr: Some(ga_repr),
    tp_as_number: &raw mut super::unionobject::UNION_AS_NUMBER,
    tp_as_mapping: &raw mut GA_AS_MAPPING,
    tp_hash: Some(ga_hash),
    tp_call: Some(ga_call),
    tp_getattro: Some(ga_getattro),
    tp_traverse: Some(ga_traverse),
    tp_richcompare: Some(ga_richcompare),
    tp_methods: (&raw mut GA_METHODS).cast(),
    tp_members: (&raw mut GA_MEMBERS).cast(),
    tp_alloc: Some(super::typeobject::PyType_GenericAlloc),
    tp_new: Some(ga_new),
    tp_free: Some(super::typeobject::gc_del),
    tp_getset: (&raw mut GA_GETSETS).cast(),
    tp_iter: Some(ga_iter),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"types.GenericAlias", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC)
};
