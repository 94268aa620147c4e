//! `type`, `object` and `super` (CPython's Objects/typeobject.c): `PyType_Ready` (bases, C3 MRO,
//! slot inheritance, `tp_dict` with slot wrappers and descriptors), the method cache, the
//! version tags, heap types from `PyType_Spec`, generic allocation, and the built-in
//! behaviour of `object` and `type`.
#![allow(unpredictable_function_pointer_comparisons)] // CPython identifies slots by address

use crate::abi::*;
use core::ffi::{c_ulong, CStr};
use core::ptr::null_mut;

/// A static type object as CPython's C sources declare one: header, name, sizes and flags
/// set, every slot empty. Each type's file overrides the fields it defines; `PyType_Ready`
/// fills in the rest (inheritance, `tp_dict`, `tp_mro`) at start-up.
pub const fn static_type(
    metatype: *mut PyTypeObject,
    name: &'static CStr,
    basicsize: Py_ssize_t,
    itemsize: Py_ssize_t,
    flags: c_ulong,
) -> PyTypeObject {
    PyTypeObject {
        ob_base: PyVarObject::head_init(metatype, 0),
        tp_name: name.as_ptr(),
        tp_basicsize: basicsize,
        tp_itemsize: itemsize,
        tp_dealloc: None,
        tp_vectorcall_offset: 0,
        tp_getattr: None,
        tp_setattr: None,
        tp_as_async: null_mut(),
        tp_repr: None,
        tp_as_number: null_mut(),
        tp_as_sequence: null_mut(),
        tp_as_mapping: null_mut(),
        tp_hash: None,
        tp_call: None,
        tp_str: None,
        tp_getattro: None,
        tp_setattro: None,
        tp_as_buffer: null_mut(),
        tp_flags: flags,
        tp_doc: core::ptr::null(),
        tp_traverse: None,
        tp_clear: None,
        tp_richcompare: None,
        tp_weaklistoffset: 0,
        tp_iter: None,
        tp_iternext: None,
        tp_methods: null_mut(),
        tp_members: null_mut(),
        tp_getset: null_mut(),
        tp_base: null_mut(),
        tp_dict: null_mut(),
        tp_descr_get: None,
        tp_descr_set: None,
        tp_dictoffset: 0,
        tp_init: None,
        tp_alloc: None,
        tp_new: None,
        tp_free: None,
        tp_is_gc: None,
        tp_bases: null_mut(),
        tp_mro: null_mut(),
        tp_cache: null_mut(),
        tp_subclasses: null_mut(),
        tp_weaklist: null_mut(),
        tp_del: None,
        tp_version_tag: 0,
        tp_finalize: None,
        tp_vectorcall: None,
    }
}

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use crate::abi::structmember::PyMemberDef;
use crate::errors::{self, PyResult};
use crate::objects::dictobject;
use crate::objects::exceptions::*;
use crate::objects::object::{
    self, has_feature, incref, new_ref, py_type, type_name_trunc, xdecref, Py_EQ, Py_NE, Ref,
};
use crate::objects::tupleobject;
use core::ffi::{c_char, c_int, c_uint, c_void};

// ---------------------------------------------------------------------------------------------
// The three type objects of this file.

#[no_mangle]
pub static mut PyBaseObject_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(object_dealloc),
    tp_repr: Some(object_repr),
    tp_hash: Some(object_hash),
    tp_str: Some(object_str),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_setattro: Some(object::PyObject_GenericSetAttr),
    tp_doc: c"The base class of the class hierarchy.\n\nWhen called, it accepts no arguments and returns a new featureless\ninstance that has no instance attributes and cannot be given any.\n".as_ptr(),
    tp_richcompare: Some(object_richcompare),
    tp_methods: (&raw mut OBJECT_METHODS).cast(),
    tp_getset: (&raw mut OBJECT_GETSETS).cast(),
    tp_init: Some(object_init),
    tp_alloc: Some(PyType_GenericAlloc),
    tp_new: Some(object_new),
    tp_free: Some(object_free),
    ..static_type(&raw mut PyType_Type, c"object", 16, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE)
};

#[no_mangle]
pub static mut PyType_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 264,
    tp_weaklistoffset: 368,
    tp_vectorcall_offset: 400,
    tp_dealloc: Some(type_dealloc),
    tp_repr: Some(type_repr),
    tp_call: Some(type_call),
    tp_as_number: &raw mut super::unionobject::UNION_AS_NUMBER, // `int | str` (types.UnionType)
    tp_getattro: Some(type_getattro),
    tp_setattro: Some(type_setattro),
    tp_doc: c"type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type"
        .as_ptr(),
    tp_traverse: Some(type_traverse),
    tp_clear: Some(type_clear),
    tp_methods: (&raw mut TYPE_METHODS).cast(),
    tp_members: (&raw mut TYPE_MEMBERS).cast(),
    tp_getset: (&raw mut TYPE_GETSETS).cast(),
    // tp_base stays NULL until PyType_Ready, as in CPython's static initializer.
    tp_init: Some(type_init),
    tp_new: Some(type_new),
    tp_free: Some(gc_del),
    tp_is_gc: Some(type_is_gc),
    tp_vectorcall: Some(type_vectorcall),
    ..static_type(
        &raw mut PyType_Type,
        c"type",
        904,
        40,
        Py_TPFLAGS_DEFAULT
            | Py_TPFLAGS_BASETYPE
            | Py_TPFLAGS_HAVE_VECTORCALL
            | Py_TPFLAGS_HAVE_GC
            | Py_TPFLAGS_TYPE_SUBCLASS,
    )
};

#[no_mangle]
pub static mut PySuper_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(super_dealloc),
    tp_repr: Some(super_repr),
    tp_getattro: Some(super_getattro),
    tp_traverse: Some(super_traverse),
    tp_descr_get: Some(super_descr_get),
    tp_init: Some(super_init),
    tp_alloc: Some(PyType_GenericAlloc),
    tp_new: Some(PyType_GenericNew),
    tp_free: Some(gc_del),
    tp_doc: c"super() -> same as super(__class__, <first argument>)\nsuper(type) -> unbound super object\nsuper(type, obj) -> bound super object; requires isinstance(obj, type)\nsuper(type, type2) -> bound super object; requires issubclass(type2, type)\nTypical use to call a cooperative superclass method:\nclass C(B):\n    def meth(self, arg):\n        super().meth(arg)\nThis works for class methods too:\nclass C(B):\n    @classmethod\n    def cmeth(cls, arg):\n        super().cmeth(arg)\n".as_ptr(),
    tp_members: (&raw mut SUPER_MEMBERS).cast(),
    ..static_type(&raw mut PyType_Type, c"super", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

/// `PyType_Check`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn is_type(op: *mut PyObject) -> bool {
    has_feature(py_type(op), Py_TPFLAGS_TYPE_SUBCLASS)
}

/// The tuple's length.
#[inline(always)]
unsafe fn tuple_len(t: *mut PyObject) -> usize {
    (*(t as *mut PyVarObject)).ob_size as usize
}

/// The tuple's items as a slice (borrowed).
#[inline(always)]
unsafe fn tuple_slice<'a>(t: *mut PyObject) -> &'a [*mut PyObject] {
    core::slice::from_raw_parts(tupleobject::items(t), tuple_len(t))
}

// ---------------------------------------------------------------------------------------------
// Subtype checks, version tags and the method cache.

/// `PyType_IsSubtype(a, b)`: via `a.__mro__` once it exists, else the `tp_base` chain.
///
/// # Safety
/// `a`, `b` point to type objects.
pub unsafe fn is_subtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> bool {
    let mro = (*a).tp_mro;
    if !mro.is_null() {
        return tuple_slice(mro).iter().any(|&t| t == b.cast());
    }
    let mut t = a;
    while !t.is_null() {
        if t == b {
            return true;
        }
        t = (*t).tp_base;
    }
    b == &raw mut PyBaseObject_Type
}

/// `PyObject_TypeCheck(op, tp)`.
///
/// # Safety
/// `op` is live, `tp` a type.
#[inline]
pub unsafe fn type_check(op: *mut PyObject, tp: *mut PyTypeObject) -> bool {
    py_type(op) == tp || is_subtype(py_type(op), tp)
}

/// The next version tag to hand out (`next_version_tag`); 0 means "ran out".
static NEXT_VERSION_TAG: core::sync::atomic::AtomicU32 = core::sync::atomic::AtomicU32::new(1);

/// Log2 of the method cache size: 4096 entries, as in 3.11 (`MCACHE_SIZE_EXP`).
const MCACHE_SIZE_EXP: u32 = 12;
/// Attribute names longer than this are not cached (`MCACHE_MAX_ATTR_SIZE`).
const MCACHE_MAX_ATTR_SIZE: Py_ssize_t = 100;

/// Entries of the method cache (fixed: it never grows).
pub const fn method_cache_entries() -> usize {
    1 << MCACHE_SIZE_EXP
}

#[inline(always)]
fn mcache_hash(version: c_uint, name: *mut PyObject) -> usize {
    ((version ^ ((name as usize >> 3) as c_uint)) & ((1 << MCACHE_SIZE_EXP) - 1)) as usize
}

/// `assign_version_tag`: gives the type (and its bases) a valid version tag.
unsafe fn assign_version_tag(tp: *mut PyTypeObject) -> bool {
    if has_feature(tp, Py_TPFLAGS_VALID_VERSION_TAG) {
        return true;
    }
    if !has_feature(tp, Py_TPFLAGS_READY) {
        return false;
    }
    let tag = NEXT_VERSION_TAG.load(core::sync::atomic::Ordering::Relaxed);
    if tag == 0 {
        return false;
    }
    NEXT_VERSION_TAG.store(tag.wrapping_add(1), core::sync::atomic::Ordering::Relaxed);
    (*tp).tp_version_tag = tag;
    let bases = (*tp).tp_bases;
    if !bases.is_null() {
        for &b in tuple_slice(bases) {
            if !assign_version_tag(b.cast()) {
                return false;
            }
        }
    }
    (*tp).tp_flags |= Py_TPFLAGS_VALID_VERSION_TAG;
    true
}

/// `PyType_Modified`: invalidates the version tag of the type and of every subclass, so the
/// method cache forgets what it knew about them.
///
/// # Safety
/// `tp` is a type object.
pub unsafe fn type_modified(tp: *mut PyTypeObject) {
    if !has_feature(tp, Py_TPFLAGS_VALID_VERSION_TAG) {
        return;
    }
    let subclasses = (*tp).tp_subclasses;
    if !subclasses.is_null() {
        let mut pos: Py_ssize_t = 0;
        while let Some((_, value)) = dictobject::next(subclasses, &mut pos) {
            // Values are weak-less borrowed type pointers stored as int keys' companions.
            let sub = subclass_from_entry(value);
            if !sub.is_null() {
                type_modified(sub);
            }
        }
    }
    (*tp).tp_flags &= !Py_TPFLAGS_VALID_VERSION_TAG;
    (*tp).tp_version_tag = 0;
}

/// `PyType_ClearCache`: empties the method cache, returns the next version tag.
pub fn clear_cache() -> c_uint {
    // SAFETY: the interpreter's cache is only touched with the GIL held.
    unsafe {
        let interp = crate::lifecycle::pystate::current_interpreter();
        if !interp.is_null() {
            for e in (*interp).type_cache.hashtable.iter_mut() {
                e.version = 0;
                let old = e.name;
                e.name = core::ptr::null_mut();
                e.value = core::ptr::null_mut();
                xdecref(old);
            }
        }
    }
    NEXT_VERSION_TAG
        .load(core::sync::atomic::Ordering::Relaxed)
        .wrapping_sub(1)
}

/// `find_name_in_mro`: the first definition of `name` along the MRO (borrowed).
unsafe fn find_name_in_mro(
    tp: *mut PyTypeObject,
    name: *mut PyObject,
) -> PyResult<Option<*mut PyObject>> {
    let mro = (*tp).tp_mro;
    if mro.is_null() {
        if !has_feature(tp, Py_TPFLAGS_READYING) {
            ready(tp)?;
        }
        let mro = (*tp).tp_mro;
        if mro.is_null() {
            return Ok(None);
        }
    }
    let mro = new_ref((*tp).tp_mro);
    for &base in tuple_slice(mro.as_ptr()) {
        let dict = (*(base as *mut PyTypeObject)).tp_dict;
        if dict.is_null() {
            continue;
        }
        if let Some(v) = dictobject::get_item(dict, name)? {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// `_PyType_Lookup`: `name` along the type's MRO, without binding (borrowed), through the
/// bounded method cache (4096 entries keyed by version tag and name identity).
///
/// # Safety
/// `tp` is a type, `name` a str; a thread state is current.
pub unsafe fn type_lookup(tp: *mut PyTypeObject, name: *mut PyObject) -> Option<*mut PyObject> {
    let interp = crate::lifecycle::pystate::current_interpreter();
    let h = mcache_hash((*tp).tp_version_tag, name);
    if !interp.is_null() && has_feature(tp, Py_TPFLAGS_VALID_VERSION_TAG) {
        let e = &(*interp).type_cache.hashtable[h];
        if e.version == (*tp).tp_version_tag && e.name == name {
            return if e.value.is_null() {
                None
            } else {
                Some(e.value)
            };
        }
    }
    let res = match find_name_in_mro(tp, name) {
        Ok(r) => r,
        Err(_) => {
            errors::clear();
            return None;
        }
    };
    let cacheable = object::is_type(name, &raw mut crate::objects::unicodeobject::PyUnicode_Type)
        && crate::objects::unicodeobject::length(name) <= MCACHE_MAX_ATTR_SIZE;
    if !interp.is_null() && cacheable && assign_version_tag(tp) {
        let h = mcache_hash((*tp).tp_version_tag, name);
        let e = &mut (*interp).type_cache.hashtable[h];
        e.version = (*tp).tp_version_tag;
        e.value = res.unwrap_or(core::ptr::null_mut());
        incref(name);
        let old = e.name;
        e.name = name;
        xdecref(old);
    }
    res
}

/// `_PyType_Lookup` with a Rust name.
///
/// # Safety
/// As [`type_lookup`].
pub unsafe fn type_lookup_str(tp: *mut PyTypeObject, name: &str) -> Option<*mut PyObject> {
    let name = crate::objects::unicodeobject::new_str(name).ok()?;
    let name = crate::objects::unicodeobject::intern(name);
    type_lookup(tp, name.as_ptr())
}

// ---------------------------------------------------------------------------------------------
// tp_subclasses: a dict {id(subclass): subclass} (3.11 keeps weak references as values; the
// values here are the type objects themselves, borrowed: a type removes itself from its bases'
// dicts when it is deallocated).

/// The subclass stored in a `tp_subclasses` value.
unsafe fn subclass_from_entry(value: *mut PyObject) -> *mut PyTypeObject {
    // The value is an int holding the address (so the dict does not own the subclass).
    match crate::objects::longobject::as_isize(value) {
        Ok(addr) => addr as *mut PyTypeObject,
        Err(_) => {
            errors::clear();
            core::ptr::null_mut()
        }
    }
}

/// `add_subclass`: records `tp` in `base.__subclasses__()`.
unsafe fn add_subclass(base: *mut PyTypeObject, tp: *mut PyTypeObject) -> PyResult<()> {
    if (*base).tp_subclasses.is_null() {
        (*base).tp_subclasses = dictobject::new()?.into_raw();
    }
    let key = crate::objects::longobject::from_usize(tp as usize)?;
    dictobject::set_item((*base).tp_subclasses, key.as_ptr(), key.as_ptr())
}

/// `remove_subclass` (keeps a pending exception: it runs from deallocators).
unsafe fn remove_subclass(base: *mut PyTypeObject, tp: *mut PyTypeObject) {
    let subs = (*base).tp_subclasses;
    if subs.is_null() {
        return;
    }
    errors::preserving(
        || match crate::objects::longobject::from_usize(tp as usize) {
            Ok(key) => {
                if dictobject::del_item(subs, key.as_ptr()).is_err() {
                    errors::clear();
                }
            }
            Err(_) => errors::clear(),
        },
    );
}

/// The live subclasses of a type (borrowed pointers).
///
/// # Safety
/// `tp` is a type object.
pub unsafe fn subclasses(tp: *mut PyTypeObject) -> Vec<*mut PyTypeObject> {
    let mut out = Vec::new();
    let subs = (*tp).tp_subclasses;
    if subs.is_null() {
        return out;
    }
    let mut pos: Py_ssize_t = 0;
    while let Some((_, value)) = dictobject::next(subs, &mut pos) {
        let sub = subclass_from_entry(value);
        if !sub.is_null() {
            out.push(sub);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The method resolution order (C3 linearization).

/// A class's `__name__` for the MRO error message.
unsafe fn class_name_for_mro(cls: *mut PyObject) -> String {
    if is_type(cls) {
        type_short_name(cls.cast())
    } else {
        "?".to_string()
    }
}

/// The C3 merge of the bases' MROs and the bases tuple (`pmerge`), appended to `acc`.
unsafe fn c3_merge(acc: &mut Vec<*mut PyObject>, to_merge: &[*mut PyObject]) -> PyResult<()> {
    let mut remain = vec![0usize; to_merge.len()];
    'again: loop {
        let mut empty = 0;
        for i in 0..to_merge.len() {
            let cur = tuple_slice(to_merge[i]);
            if remain[i] >= cur.len() {
                empty += 1;
                continue;
            }
            let candidate = cur[remain[i]];
            let in_a_tail = to_merge
                .iter()
                .zip(&remain)
                .any(|(&l, &r)| tuple_slice(l).iter().skip(r + 1).any(|&x| x == candidate));
            if in_a_tail {
                continue;
            }
            acc.push(candidate);
            for (j, &l) in to_merge.iter().enumerate() {
                let lst = tuple_slice(l);
                if remain[j] < lst.len() && lst[remain[j]] == candidate {
                    remain[j] += 1;
                }
            }
            continue 'again;
        }
        if empty != to_merge.len() {
            // The heads that could not be placed, each once, in first-seen order.
            let mut heads: Vec<*mut PyObject> = Vec::new();
            for (i, &l) in to_merge.iter().enumerate() {
                let lst = tuple_slice(l);
                if remain[i] < lst.len() && !heads.contains(&lst[remain[i]]) {
                    heads.push(lst[remain[i]]);
                }
            }
            let names: Vec<String> = heads.iter().map(|&c| class_name_for_mro(c)).collect();
            return Err(errors::type_error(&format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        }
        return Ok(());
    }
}

/// `mro_implementation`: the default `type.mro()`.
unsafe fn mro_implementation(tp: *mut PyTypeObject) -> PyResult<Vec<*mut PyObject>> {
    let bases = tuple_slice((*tp).tp_bases);
    for &b in bases {
        if (*(b as *mut PyTypeObject)).tp_mro.is_null() {
            return Err(errors::type_error(&format!(
                "Cannot extend an incomplete type '{}'",
                type_name_trunc(b.cast(), 100)
            )));
        }
    }
    let mut acc = vec![tp as *mut PyObject];
    if bases.len() == 1 {
        acc.extend_from_slice(tuple_slice((*(bases[0] as *mut PyTypeObject)).tp_mro));
        return Ok(acc);
    }
    for (i, &b) in bases.iter().enumerate() {
        if bases[..i].contains(&b) {
            return Err(errors::type_error(&format!(
                "duplicate base class {}",
                class_name_for_mro(b)
            )));
        }
    }
    let mut to_merge: Vec<*mut PyObject> = bases
        .iter()
        .map(|&b| (*(b as *mut PyTypeObject)).tp_mro)
        .collect();
    to_merge.push((*tp).tp_bases);
    c3_merge(&mut acc, &to_merge)?;
    Ok(acc)
}

/// `mro_internal`: computes and stores `tp_mro` (a metaclass's overridden `mro()` is called
/// for heap types whose metatype is not `type`).
unsafe fn mro_internal(tp: *mut PyTypeObject) -> PyResult<()> {
    let meta = py_type(tp.cast());
    let custom = meta != &raw mut PyType_Type
        && !(*meta).tp_mro.is_null()
        && type_lookup_str(meta, "mro").is_some_and(|m| {
            m != type_lookup_str(&raw mut PyType_Type, "mro").unwrap_or(core::ptr::null_mut())
        });
    let mro = if custom {
        let res = crate::objects::call::call_method_str(tp.cast(), "mro", &[])?;
        let seq = crate::objects::r#abstract::sequence::tuple(res.as_ptr())?;
        for &c in tuple_slice(seq.as_ptr()) {
            if !is_type(c) {
                return Err(errors::type_error(&format!(
                    "mro() returned a non-class ('{}')",
                    type_name_trunc(py_type(c), 500)
                )));
            }
        }
        seq
    } else {
        tupleobject::pack(&mro_implementation(tp)?)?
    };
    let old = (*tp).tp_mro;
    (*tp).tp_mro = mro.into_raw();
    xdecref(old);
    type_modified(tp);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// PyType_Ready.

/// `PyType_Ready`: everything a type needs before use (idempotent).
///
/// # Safety
/// `tp` is a type object that stays alive; a thread state is current.
pub unsafe fn ready(tp: *mut PyTypeObject) -> PyResult<()> {
    if has_feature(tp, Py_TPFLAGS_READY) {
        return Ok(());
    }
    ready_impl(tp, false)
}

/// `_PyStaticType_InitBuiltin`: readies one of the runtime's static types at start-up. The
/// built-in types get the same treatment as extension types, except the two consistency checks
/// that only protect against mistakes in third-party C code (GC types without `tp_traverse`,
/// GC base types without a GC `tp_free`).
///
/// # Safety
/// Start-up, single-threaded.
pub unsafe fn ready_builtin(tp: *mut PyTypeObject) -> PyResult<()> {
    if has_feature(tp, Py_TPFLAGS_READY) {
        return Ok(());
    }
    (*tp).tp_flags |= Py_TPFLAGS_IMMUTABLETYPE;
    ready_impl(tp, true)
}

unsafe fn ready_impl(tp: *mut PyTypeObject, builtin: bool) -> PyResult<()> {
    if (*tp).tp_name.is_null() {
        return Err(errors::system_error(
            "Type does not define the tp_name field.",
        ));
    }
    (*tp).tp_flags |= Py_TPFLAGS_READYING;
    // Historically all static types are immutable (bpo-43908).
    if !has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        (*tp).tp_flags |= Py_TPFLAGS_IMMUTABLETYPE;
    }
    let r = ready_steps(tp, builtin);
    (*tp).tp_flags &= !Py_TPFLAGS_READYING;
    if r.is_ok() {
        (*tp).tp_flags |= Py_TPFLAGS_READY;
    }
    r
}

unsafe fn ready_steps(tp: *mut PyTypeObject, builtin: bool) -> PyResult<()> {
    // tp_dict (its presence is what "ready enough" means to callers).
    if (*tp).tp_dict.is_null() {
        (*tp).tp_dict = dictobject::new()?.into_raw();
    }
    // Bases.
    let mut base = (*tp).tp_base;
    if base.is_null() && tp != &raw mut PyBaseObject_Type {
        base = &raw mut PyBaseObject_Type;
        if has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
            incref(base.cast());
        }
        (*tp).tp_base = base;
    }
    if !base.is_null() && !has_feature(base, Py_TPFLAGS_READY) {
        if builtin {
            ready_builtin(base)?
        } else {
            ready(base)?
        }
    }
    if (*tp).ob_base.ob_base.ob_type.is_null() && !base.is_null() {
        (*tp).ob_base.ob_base.ob_type = py_type(base.cast());
    }
    if (*tp).tp_bases.is_null() {
        (*tp).tp_bases = if base.is_null() {
            tupleobject::pack(&[])?
        } else {
            tupleobject::pack(&[base.cast()])?
        }
        .into_raw();
    }
    // MRO.
    mro_internal(tp)?;
    if !has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        for &b in tuple_slice((*tp).tp_mro) {
            if has_feature(b.cast(), Py_TPFLAGS_HEAPTYPE) {
                return Err(errors::type_error(&format!(
                    "type '{}' is not dynamically allocated but its base type '{}' is dynamically allocated",
                    type_name_trunc(tp, 100),
                    type_name_trunc(b.cast(), 100)
                )));
            }
        }
    }
    // tp_new and __new__. A static type deriving from object without its own tp_new stays
    // uninstantiable (3.11.7 no longer marks it with DISALLOW_INSTANTIATION, measured).
    let no_new = (*tp).tp_new.is_none()
        && base == &raw mut PyBaseObject_Type
        && !has_feature(tp, Py_TPFLAGS_HEAPTYPE);
    if !has_feature(tp, Py_TPFLAGS_DISALLOW_INSTANTIATION) && !no_new {
        if (*tp).tp_new.is_some() {
            add_tp_new_wrapper(tp)?;
        } else if !base.is_null() {
            (*tp).tp_new = (*base).tp_new;
        }
    } else {
        (*tp).tp_new = None;
    }
    // tp_dict contents.
    add_operators(tp)?;
    add_methods(tp, (*tp).tp_methods)?;
    add_members(tp, (*tp).tp_members)?;
    add_getsets(tp, (*tp).tp_getset)?;
    set_doc(tp)?;
    // Inheritance.
    if !base.is_null() {
        inherit_special(tp, base);
    }
    let mro = new_ref((*tp).tp_mro);
    for &b in &tuple_slice(mro.as_ptr())[1..] {
        if is_type(b) {
            inherit_slots(tp, b.cast())?;
            const COLLECTION_FLAGS: core::ffi::c_ulong = Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING;
            if (*tp).tp_flags & COLLECTION_FLAGS == 0 {
                (*tp).tp_flags |= (*(b as *mut PyTypeObject)).tp_flags & COLLECTION_FLAGS;
            }
        }
    }
    if !base.is_null() {
        if (*tp).tp_as_async.is_null() {
            (*tp).tp_as_async = (*base).tp_as_async;
        }
        if (*tp).tp_as_number.is_null() {
            (*tp).tp_as_number = (*base).tp_as_number;
        }
        if (*tp).tp_as_sequence.is_null() {
            (*tp).tp_as_sequence = (*base).tp_as_sequence;
        }
        if (*tp).tp_as_mapping.is_null() {
            (*tp).tp_as_mapping = (*base).tp_as_mapping;
        }
        if (*tp).tp_as_buffer.is_null() {
            (*tp).tp_as_buffer = (*base).tp_as_buffer;
        }
    }
    if !builtin
        && has_feature(tp, Py_TPFLAGS_HAVE_GC)
        && has_feature(tp, Py_TPFLAGS_BASETYPE)
        && ((*tp).tp_free.is_none() || (*tp).tp_free == Some(object_free))
    {
        return Err(errors::type_error(&format!(
            "type '{}' participates in gc and is a base type but has inappropriate tp_free slot",
            type_name_trunc(tp, 100)
        )));
    }
    // __hash__ = None when nothing provides a hash.
    if (*tp).tp_hash.is_none() {
        let key = crate::_Py_ID!(__hash__);
        if dictobject::get_item((*tp).tp_dict, key)?.is_none() {
            dictobject::set_item((*tp).tp_dict, key, object::none())?;
            (*tp).tp_hash = Some(object::PyObject_HashNotImplemented);
        }
    }
    // Subclass registry.
    for &b in tuple_slice((*tp).tp_bases) {
        if is_type(b) {
            add_subclass(b.cast(), tp)?;
        }
    }
    if has_feature(tp, Py_TPFLAGS_MANAGED_DICT) && !has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        return Err(errors::system_error(&format!(
            "type {} has the Py_TPFLAGS_MANAGED_DICT flag but not Py_TPFLAGS_HEAPTYPE flag",
            object::type_name_of(tp)
        )));
    }
    if !builtin && has_feature(tp, Py_TPFLAGS_HAVE_GC) && (*tp).tp_traverse.is_none() {
        return Err(errors::system_error(&format!(
            "type {} has the Py_TPFLAGS_HAVE_GC flag but has no traverse function",
            object::type_name_of(tp)
        )));
    }
    Ok(())
}

/// `inherit_special`: GC flag with traverse/clear, sizes and offsets, the fast-subclass flags.
unsafe fn inherit_special(tp: *mut PyTypeObject, base: *mut PyTypeObject) {
    if !has_feature(tp, Py_TPFLAGS_HAVE_GC)
        && has_feature(base, Py_TPFLAGS_HAVE_GC)
        && (*tp).tp_traverse.is_none()
        && (*tp).tp_clear.is_none()
    {
        (*tp).tp_flags |= Py_TPFLAGS_HAVE_GC;
        (*tp).tp_traverse = (*base).tp_traverse;
        (*tp).tp_clear = (*base).tp_clear;
    }
    (*tp).tp_flags |= (*base).tp_flags & Py_TPFLAGS_MANAGED_DICT;
    if (*tp).tp_basicsize == 0 {
        (*tp).tp_basicsize = (*base).tp_basicsize;
    }
    if (*tp).tp_itemsize == 0 {
        (*tp).tp_itemsize = (*base).tp_itemsize;
    }
    if (*tp).tp_weaklistoffset == 0 {
        (*tp).tp_weaklistoffset = (*base).tp_weaklistoffset;
    }
    if (*tp).tp_dictoffset == 0 {
        (*tp).tp_dictoffset = (*base).tp_dictoffset;
    }
    use crate::objects::{bytesobject, dictobject as d, listobject, longobject, unicodeobject};
    let fast = [
        (
            PyExc_BaseException as *mut PyTypeObject,
            Py_TPFLAGS_BASE_EXC_SUBCLASS,
        ),
        (&raw mut PyType_Type, Py_TPFLAGS_TYPE_SUBCLASS),
        (&raw mut longobject::PyLong_Type, Py_TPFLAGS_LONG_SUBCLASS),
        (
            &raw mut bytesobject::PyBytes_Type,
            Py_TPFLAGS_BYTES_SUBCLASS,
        ),
        (
            &raw mut unicodeobject::PyUnicode_Type,
            Py_TPFLAGS_UNICODE_SUBCLASS,
        ),
        (
            &raw mut tupleobject::PyTuple_Type,
            Py_TPFLAGS_TUPLE_SUBCLASS,
        ),
        (&raw mut listobject::PyList_Type, Py_TPFLAGS_LIST_SUBCLASS),
        (&raw mut d::PyDict_Type, Py_TPFLAGS_DICT_SUBCLASS),
    ];
    for (t, flag) in fast {
        if is_subtype(base, t) {
            (*tp).tp_flags |= flag;
            break;
        }
    }
    if has_feature(base, _Py_TPFLAGS_MATCH_SELF) {
        (*tp).tp_flags |= _Py_TPFLAGS_MATCH_SELF;
    }
}

/// Copies `$field` of the table `$table` from `base` when `tp` lacks it and `base` defines it
/// itself (not merely inherited from its own base): CPython's COPYNUM/COPYSEQ/... rule.
macro_rules! copy_table_slots {
    ($tp:ident, $base:ident, $table:ident, [$($field:ident),*]) => {
        if !(*$tp).$table.is_null() && !(*$base).$table.is_null() {
            let bb = (*$base).tp_base;
            let bbt = if bb.is_null() { core::ptr::null_mut() } else { (*bb).$table };
            let (t, b) = (&mut *(*$tp).$table, &*(*$base).$table);
            $(
                if t.$field.is_none() && b.$field.is_some()
                    && (bbt.is_null() || b.$field != (*bbt).$field) {
                    t.$field = b.$field;
                }
            )*
        }
    };
}

/// Copies a `tp_*` slot under the same rule.
macro_rules! copy_slot {
    ($tp:ident, $base:ident, $bb:ident, $($field:ident),*) => {$(
        if (*$tp).$field.is_none() && (*$base).$field.is_some()
            && ($bb.is_null() || (*$base).$field != (*$bb).$field) {
            (*$tp).$field = (*$base).$field;
        }
    )*};
}

/// `overrides_hash`: the type's own dict defines `__eq__` or `__hash__`.
unsafe fn overrides_hash(tp: *mut PyTypeObject) -> PyResult<bool> {
    let d = (*tp).tp_dict;
    Ok(dictobject::get_item(d, crate::_Py_ID!(__eq__))?.is_some()
        || dictobject::get_item(d, crate::_Py_ID!(__hash__))?.is_some())
}

/// `inherit_slots`: every slot group, the `tp_hash`/`tp_richcompare` pairing, vectorcall and
/// method-descriptor flags, the GC-consistent `tp_free`.
unsafe fn inherit_slots(tp: *mut PyTypeObject, base: *mut PyTypeObject) -> PyResult<()> {
    copy_table_slots!(
        tp,
        base,
        tp_as_number,
        [
            nb_add,
            nb_subtract,
            nb_multiply,
            nb_remainder,
            nb_divmod,
            nb_power,
            nb_negative,
            nb_positive,
            nb_absolute,
            nb_bool,
            nb_invert,
            nb_lshift,
            nb_rshift,
            nb_and,
            nb_xor,
            nb_or,
            nb_int,
            nb_float,
            nb_inplace_add,
            nb_inplace_subtract,
            nb_inplace_multiply,
            nb_inplace_remainder,
            nb_inplace_power,
            nb_inplace_lshift,
            nb_inplace_rshift,
            nb_inplace_and,
            nb_inplace_xor,
            nb_inplace_or,
            nb_true_divide,
            nb_floor_divide,
            nb_inplace_true_divide,
            nb_inplace_floor_divide,
            nb_index,
            nb_matrix_multiply,
            nb_inplace_matrix_multiply
        ]
    );
    copy_table_slots!(tp, base, tp_as_async, [am_await, am_aiter, am_anext]);
    copy_table_slots!(
        tp,
        base,
        tp_as_sequence,
        [
            sq_length,
            sq_concat,
            sq_repeat,
            sq_item,
            sq_ass_item,
            sq_contains,
            sq_inplace_concat,
            sq_inplace_repeat
        ]
    );
    copy_table_slots!(
        tp,
        base,
        tp_as_mapping,
        [mp_length, mp_subscript, mp_ass_subscript]
    );
    copy_table_slots!(tp, base, tp_as_buffer, [bf_getbuffer, bf_releasebuffer]);

    let bb = (*base).tp_base;
    copy_slot!(tp, base, bb, tp_dealloc);
    if (*tp).tp_getattr.is_none() && (*tp).tp_getattro.is_none() {
        (*tp).tp_getattr = (*base).tp_getattr;
        (*tp).tp_getattro = (*base).tp_getattro;
    }
    if (*tp).tp_setattr.is_none() && (*tp).tp_setattro.is_none() {
        (*tp).tp_setattr = (*base).tp_setattr;
        (*tp).tp_setattro = (*base).tp_setattro;
    }
    copy_slot!(tp, base, bb, tp_repr);
    if (*tp).tp_vectorcall_offset == 0
        && (*base).tp_vectorcall_offset != 0
        && (bb.is_null() || (*base).tp_vectorcall_offset != (*bb).tp_vectorcall_offset)
    {
        (*tp).tp_vectorcall_offset = (*base).tp_vectorcall_offset;
    }
    if (*tp).tp_call.is_none()
        && has_feature(base, Py_TPFLAGS_HAVE_VECTORCALL)
        && has_feature(tp, Py_TPFLAGS_IMMUTABLETYPE)
    {
        (*tp).tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
    }
    copy_slot!(tp, base, bb, tp_call, tp_str);
    if (*tp).tp_richcompare.is_none() && (*tp).tp_hash.is_none() && !overrides_hash(tp)? {
        (*tp).tp_richcompare = (*base).tp_richcompare;
        (*tp).tp_hash = (*base).tp_hash;
    }
    copy_slot!(tp, base, bb, tp_iter, tp_iternext, tp_descr_get);
    if (*base).tp_descr_get.is_some()
        && (*tp).tp_descr_get == (*base).tp_descr_get
        && has_feature(tp, Py_TPFLAGS_IMMUTABLETYPE)
        && has_feature(base, Py_TPFLAGS_METHOD_DESCRIPTOR)
    {
        (*tp).tp_flags |= Py_TPFLAGS_METHOD_DESCRIPTOR;
    }
    copy_slot!(tp, base, bb, tp_descr_set);
    if (*tp).tp_dictoffset == 0
        && (*base).tp_dictoffset != 0
        && (bb.is_null() || (*base).tp_dictoffset != (*bb).tp_dictoffset)
    {
        (*tp).tp_dictoffset = (*base).tp_dictoffset;
    }
    copy_slot!(tp, base, bb, tp_init, tp_alloc, tp_is_gc, tp_finalize);
    let tp_gc = has_feature(tp, Py_TPFLAGS_HAVE_GC);
    if tp_gc == has_feature(base, Py_TPFLAGS_HAVE_GC) {
        copy_slot!(tp, base, bb, tp_free);
    } else if tp_gc && (*tp).tp_free.is_none() && (*base).tp_free == Some(object_free) {
        (*tp).tp_free = Some(gc_del);
    }
    Ok(())
}

/// `type_dict_set_doc`: `__doc__` from `tp_doc` (without the text signature), else None.
unsafe fn set_doc(tp: *mut PyTypeObject) -> PyResult<()> {
    let key = crate::_Py_ID!(__doc__);
    if dictobject::get_item((*tp).tp_dict, key)?.is_some() {
        return Ok(());
    }
    if (*tp).tp_doc.is_null() {
        return dictobject::set_item((*tp).tp_dict, key, object::none());
    }
    let doc = doc_without_signature(type_short_name_c(tp), (*tp).tp_doc);
    let doc = crate::objects::unicodeobject::from_utf8(doc, None)?;
    dictobject::set_item((*tp).tp_dict, key, doc.as_ptr())
}

/// The part of `tp_name` after the last dot, as C bytes.
unsafe fn type_short_name_c<'a>(tp: *mut PyTypeObject) -> &'a [u8] {
    let full = core::ffi::CStr::from_ptr((*tp).tp_name).to_bytes();
    match full.iter().rposition(|&c| c == b'.') {
        Some(i) if !has_feature(tp, Py_TPFLAGS_HEAPTYPE) => &full[i + 1..],
        _ => full,
    }
}

/// A type's `__name__` as Rust text.
///
/// # Safety
/// `tp` is a type object.
pub unsafe fn type_short_name(tp: *mut PyTypeObject) -> String {
    if has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        let ht = tp as *mut PyHeapTypeObject;
        if !(*ht).ht_name.is_null() {
            return object::str_text((*ht).ht_name);
        }
    }
    String::from_utf8_lossy(type_short_name_c(tp)).into_owned()
}

/// The end of a `__text_signature__` block at the start of a docstring (`find_signature` +
/// `skip_signature`): `name(...)\n--\n\n`. Returns the offset after it, if present.
fn signature_end(name: &[u8], doc: &[u8]) -> Option<usize> {
    let dot = name.iter().rposition(|&c| c == b'.').map_or(0, |i| i + 1);
    let name = &name[dot..];
    if !doc.starts_with(name) || doc.get(name.len()) != Some(&b'(') {
        return None;
    }
    let marker = b")\n--\n\n";
    let mut i = name.len();
    while i < doc.len() {
        if doc[i] == b'\n' && !doc[..i].ends_with(b")") {
            return None;
        }
        if doc[i..].starts_with(marker) {
            return Some(i + marker.len());
        }
        i += 1;
    }
    None
}

/// `_PyType_DocWithoutSignature`.
///
/// # Safety
/// `doc` is a NUL-terminated string.
pub unsafe fn doc_without_signature<'a>(name: &[u8], doc: *const c_char) -> &'a [u8] {
    let doc = core::ffi::CStr::from_ptr(doc).to_bytes();
    match signature_end(name, doc) {
        Some(end) => &doc[end..],
        None => doc,
    }
}

/// `_PyType_GetTextSignatureFromInternalDoc`: `(...)` of a docstring's signature block.
///
/// # Safety
/// `doc` is NULL or a NUL-terminated string.
pub unsafe fn text_signature_from_doc<'a>(name: &[u8], doc: *const c_char) -> Option<&'a [u8]> {
    if doc.is_null() {
        return None;
    }
    let d = core::ffi::CStr::from_ptr(doc).to_bytes();
    let end = signature_end(name, d)?;
    let dot = name.iter().rposition(|&c| c == b'.').map_or(0, |i| i + 1);
    Some(&d[name.len() - dot..end - 5])
}

/// `type_add_methods`: a descriptor per `PyMethodDef` (`METH_CLASS` -> classmethod
/// descriptor, `METH_STATIC` -> staticmethod around a builtin function); `METH_COEXIST`
/// replaces an existing entry, otherwise the first definition wins.
///
/// # Safety
/// `defs` is NULL or a NULL-name-terminated array that outlives the type.
pub unsafe fn add_methods(tp: *mut PyTypeObject, defs: *mut PyMethodDef) -> PyResult<()> {
    if defs.is_null() {
        return Ok(());
    }
    let dict = (*tp).tp_dict;
    let mut def = defs;
    while !(*def).ml_name.is_null() {
        let name = crate::objects::unicodeobject::intern(crate::objects::unicodeobject::from_utf8(
            core::ffi::CStr::from_ptr((*def).ml_name).to_bytes(),
            None,
        )?);
        let flags = (*def).ml_flags;
        if flags & METH_COEXIST == 0 && dictobject::get_item(dict, name.as_ptr())?.is_some() {
            def = def.add(1);
            continue;
        }
        let descr = if flags & METH_CLASS != 0 {
            if flags & METH_STATIC != 0 {
                return Err(errors::value_error(
                    "method cannot be both class and static",
                ));
            }
            crate::objects::descrobject::new_classmethod(tp, def)?
        } else if flags & METH_STATIC != 0 {
            let func = crate::objects::methodobject::new_cfunction(
                def,
                tp.cast(),
                core::ptr::null_mut(),
                core::ptr::null_mut(),
            )?;
            crate::objects::funcobject::staticmethod_new(func.as_ptr())?
        } else {
            crate::objects::descrobject::new_method(tp, def)?
        };
        dictobject::set_item(dict, name.as_ptr(), descr.as_ptr())?;
        def = def.add(1);
    }
    Ok(())
}

/// `type_add_members`: a member descriptor per `PyMemberDef` (first definition wins).
///
/// # Safety
/// `defs` is NULL or a NULL-name-terminated array that outlives the type.
pub unsafe fn add_members(tp: *mut PyTypeObject, defs: *mut PyMemberDef) -> PyResult<()> {
    if defs.is_null() {
        return Ok(());
    }
    let dict = (*tp).tp_dict;
    let mut def = defs;
    while !(*def).name.is_null() {
        let descr = crate::objects::descrobject::new_member(tp, def)?;
        let name = crate::objects::descrobject::descr_name(descr.as_ptr());
        if dictobject::get_item(dict, name)?.is_none() {
            dictobject::set_item(dict, name, descr.as_ptr())?;
        }
        def = def.add(1);
    }
    Ok(())
}

/// `type_add_getset`: a getset descriptor per `PyGetSetDef` (first definition wins).
///
/// # Safety
/// `defs` is NULL or a NULL-name-terminated array that outlives the type.
pub unsafe fn add_getsets(tp: *mut PyTypeObject, defs: *mut PyGetSetDef) -> PyResult<()> {
    if defs.is_null() {
        return Ok(());
    }
    let dict = (*tp).tp_dict;
    let mut def = defs;
    while !(*def).name.is_null() {
        let descr = crate::objects::descrobject::new_getset(tp, def)?;
        let name = crate::objects::descrobject::descr_name(descr.as_ptr());
        if dictobject::get_item(dict, name)?.is_none() {
            dictobject::set_item(dict, name, descr.as_ptr())?;
        }
        def = def.add(1);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The slot table: `__add__` <-> `nb_add` and friends. `add_operators` exposes a type's C slots
// as `wrapper_descriptor`s in its dict; `update_one_slot` goes the other way, pointing a C slot
// at a generic `slot_*` function that calls the class's Python-level dunder (or straight at
// the inherited C function when the dunder is just the inherited wrapper).

use crate::abi::descrobject::{wrapperbase, PyWrapperDescrObject, PyWrapperFlag_KEYWORDS};
use core::mem::offset_of;

type Wrapper = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void) -> *mut PyObject;

/// Converts a `wrapperfunc_kwds` to the `wrapperfunc` field type (CPython stores both in one
/// field and tells them apart with `PyWrapperFlag_KEYWORDS`).
const fn kw_wrapper(
    f: unsafe extern "C" fn(
        *mut PyObject,
        *mut PyObject,
        *mut c_void,
        *mut PyObject,
    ) -> *mut PyObject,
) -> Wrapper {
    // SAFETY: only called back through the kwds signature, chosen by the KEYWORDS flag.
    unsafe { core::mem::transmute(f) }
}

macro_rules! slotdef {
    ($name:expr, $($field:ident).+, $func:expr, $wrapper:expr, $doc:expr) => {
        slotdef!($name, $($field).+, $func, $wrapper, $doc, 0)
    };
    ($name:expr, $($field:ident).+, $func:expr, $wrapper:expr, $doc:expr, $flags:expr) => {
        wrapperbase {
            name: $name.as_ptr() as *const c_char,
            offset: offset_of!(PyHeapTypeObject, $($field).+) as c_int,
            function: $func as *mut c_void,
            wrapper: $wrapper,
            doc: $doc.as_ptr() as *const c_char,
            flags: $flags,
            name_strobj: core::ptr::null_mut(),
        }
    };
}

const NOFN: *mut c_void = core::ptr::null_mut();

macro_rules! binslot {
    ($name:literal, $rname:literal, $field:ident, $func:ident, $op:literal) => {
        [
            slotdef!(
                concat!($name, "\0"),
                as_number.$field,
                $func as *mut c_void,
                Some(wrap_binaryfunc_l),
                concat!(
                    $name,
                    "($self, value, /)\n--\n\nReturn self",
                    $op,
                    "value.\0"
                ),
                0
            ),
            slotdef!(
                concat!($rname, "\0"),
                as_number.$field,
                $func as *mut c_void,
                Some(wrap_binaryfunc_r),
                concat!(
                    $rname,
                    "($self, value, /)\n--\n\nReturn value",
                    $op,
                    "self.\0"
                ),
                0
            ),
        ]
    };
    (notinfix $name:literal, $rname:literal, $field:ident, $func:ident, $ldoc:literal, $rdoc:literal) => {
        [
            slotdef!(
                concat!($name, "\0"),
                as_number.$field,
                $func as *mut c_void,
                Some(wrap_binaryfunc_l),
                concat!($name, "($self, value, /)\n--\n\n", $ldoc, "\0"),
                0
            ),
            slotdef!(
                concat!($rname, "\0"),
                as_number.$field,
                $func as *mut c_void,
                Some(wrap_binaryfunc_r),
                concat!($rname, "($self, value, /)\n--\n\n", $rdoc, "\0"),
                0
            ),
        ]
    };
}

/// Number of entries of [`SLOTDEFS`].
const NSLOTDEFS: usize = 96;

/// The slot table in CPython's order (by offset in `PyHeapTypeObject`; several names may share
/// a slot, e.g. the six comparisons all map to `tp_richcompare`).
#[allow(non_upper_case_globals)]
static mut slotdefs_table: [wrapperbase; NSLOTDEFS] = build_slotdefs();

const fn build_slotdefs() -> [wrapperbase; NSLOTDEFS] {
    let head: [wrapperbase; 25] = [
        slotdef!(c"__getattribute__", ht_type.tp_getattr, NOFN, None, c""),
        slotdef!(c"__getattr__", ht_type.tp_getattr, NOFN, None, c""),
        slotdef!(c"__setattr__", ht_type.tp_setattr, NOFN, None, c""),
        slotdef!(c"__delattr__", ht_type.tp_setattr, NOFN, None, c""),
        slotdef!(c"__repr__", ht_type.tp_repr, slot_tp_repr as *mut c_void, Some(wrap_unaryfunc), c"__repr__($self, /)\n--\n\nReturn repr(self)."),
        slotdef!(c"__hash__", ht_type.tp_hash, slot_tp_hash as *mut c_void, Some(wrap_hashfunc), c"__hash__($self, /)\n--\n\nReturn hash(self)."),
        slotdef!(c"__call__", ht_type.tp_call, slot_tp_call as *mut c_void, Some(kw_wrapper(wrap_call)), c"__call__($self, /, *args, **kwargs)\n--\n\nCall self as a function.", PyWrapperFlag_KEYWORDS),
        slotdef!(c"__str__", ht_type.tp_str, slot_tp_str as *mut c_void, Some(wrap_unaryfunc), c"__str__($self, /)\n--\n\nReturn str(self)."),
        slotdef!(c"__getattribute__", ht_type.tp_getattro, slot_tp_getattr_hook as *mut c_void, Some(wrap_binaryfunc), c"__getattribute__($self, name, /)\n--\n\nReturn getattr(self, name)."),
        slotdef!(c"__getattr__", ht_type.tp_getattro, slot_tp_getattr_hook as *mut c_void, None, c""),
        slotdef!(c"__setattr__", ht_type.tp_setattro, slot_tp_setattro as *mut c_void, Some(wrap_setattr), c"__setattr__($self, name, value, /)\n--\n\nImplement setattr(self, name, value)."),
        slotdef!(c"__delattr__", ht_type.tp_setattro, slot_tp_setattro as *mut c_void, Some(wrap_delattr), c"__delattr__($self, name, /)\n--\n\nImplement delattr(self, name)."),
        slotdef!(c"__lt__", ht_type.tp_richcompare, slot_tp_richcompare as *mut c_void, Some(richcmp_lt), c"__lt__($self, value, /)\n--\n\nReturn self<value."),
        slotdef!(c"__le__", ht_type.tp_richcompare, slot_tp_richcompare as *mut c_void, Some(richcmp_le), c"__le__($self, value, /)\n--\n\nReturn self<=value."),
        slotdef!(c"__eq__", ht_type.tp_richcompare, slot_tp_richcompare as *mut c_void, Some(richcmp_eq), c"__eq__($self, value, /)\n--\n\nReturn self==value."),
        slotdef!(c"__ne__", ht_type.tp_richcompare, slot_tp_richcompare as *mut c_void, Some(richcmp_ne), c"__ne__($self, value, /)\n--\n\nReturn self!=value."),
        slotdef!(c"__gt__", ht_type.tp_richcompare, slot_tp_richcompare as *mut c_void, Some(richcmp_gt), c"__gt__($self, value, /)\n--\n\nReturn self>value."),
        slotdef!(c"__ge__", ht_type.tp_richcompare, slot_tp_richcompare as *mut c_void, Some(richcmp_ge), c"__ge__($self, value, /)\n--\n\nReturn self>=value."),
        slotdef!(c"__iter__", ht_type.tp_iter, slot_tp_iter as *mut c_void, Some(wrap_unaryfunc), c"__iter__($self, /)\n--\n\nImplement iter(self)."),
        slotdef!(c"__next__", ht_type.tp_iternext, slot_tp_iternext as *mut c_void, Some(wrap_next), c"__next__($self, /)\n--\n\nImplement next(self)."),
        slotdef!(c"__get__", ht_type.tp_descr_get, slot_tp_descr_get as *mut c_void, Some(wrap_descr_get), c"__get__($self, instance, owner=None, /)\n--\n\nReturn an attribute of instance, which is of type owner."),
        slotdef!(c"__set__", ht_type.tp_descr_set, slot_tp_descr_set as *mut c_void, Some(wrap_descr_set), c"__set__($self, instance, value, /)\n--\n\nSet an attribute of instance to value."),
        slotdef!(c"__delete__", ht_type.tp_descr_set, slot_tp_descr_set as *mut c_void, Some(wrap_descr_delete), c"__delete__($self, instance, /)\n--\n\nDelete an attribute of instance."),
        slotdef!(c"__init__", ht_type.tp_init, slot_tp_init as *mut c_void, Some(kw_wrapper(wrap_init)), c"__init__($self, /, *args, **kwargs)\n--\n\nInitialize self.  See help(type(self)) for accurate signature.", PyWrapperFlag_KEYWORDS),
        slotdef!(c"__new__", ht_type.tp_new, slot_tp_new as *mut c_void, None, c"__new__(type, /, *args, **kwargs)\n--\n\nCreate and return new object.  See help(type) for accurate signature."),
    ];
    let tail: [wrapperbase; 4] = [
        slotdef!(c"__del__", ht_type.tp_finalize, slot_tp_finalize as *mut c_void, Some(wrap_del), c""),
        slotdef!(c"__await__", as_async.am_await, slot_am_await as *mut c_void, Some(wrap_unaryfunc), c"__await__($self, /)\n--\n\nReturn an iterator to be used in await expression."),
        slotdef!(c"__aiter__", as_async.am_aiter, slot_am_aiter as *mut c_void, Some(wrap_unaryfunc), c"__aiter__($self, /)\n--\n\nReturn an awaitable, that resolves in asynchronous iterator."),
        slotdef!(c"__anext__", as_async.am_anext, slot_am_anext as *mut c_void, Some(wrap_unaryfunc), c"__anext__($self, /)\n--\n\nReturn a value or raise StopAsyncIteration."),
    ];
    let num: [wrapperbase; 49] = {
        let a = binslot!("__add__", "__radd__", nb_add, slot_nb_add, "+");
        let b = binslot!("__sub__", "__rsub__", nb_subtract, slot_nb_subtract, "-");
        let c = binslot!("__mul__", "__rmul__", nb_multiply, slot_nb_multiply, "*");
        let d = binslot!("__mod__", "__rmod__", nb_remainder, slot_nb_remainder, "%");
        let e = binslot!(notinfix "__divmod__", "__rdivmod__", nb_divmod, slot_nb_divmod, "Return divmod(self, value).", "Return divmod(value, self).");
        let f = binslot!("__lshift__", "__rlshift__", nb_lshift, slot_nb_lshift, "<<");
        let g = binslot!("__rshift__", "__rrshift__", nb_rshift, slot_nb_rshift, ">>");
        let h = binslot!("__and__", "__rand__", nb_and, slot_nb_and, "&");
        let i = binslot!("__xor__", "__rxor__", nb_xor, slot_nb_xor, "^");
        let j = binslot!("__or__", "__ror__", nb_or, slot_nb_or, "|");
        let k = binslot!(
            "__floordiv__",
            "__rfloordiv__",
            nb_floor_divide,
            slot_nb_floor_divide,
            "//"
        );
        let l = binslot!(
            "__truediv__",
            "__rtruediv__",
            nb_true_divide,
            slot_nb_true_divide,
            "/"
        );
        let m = binslot!(
            "__matmul__",
            "__rmatmul__",
            nb_matrix_multiply,
            slot_nb_matrix_multiply,
            "@"
        );
        let [a0, a1] = a;
        let [b0, b1] = b;
        let [c0, c1] = c;
        let [d0, d1] = d;
        let [e0, e1] = e;
        let [f0, f1] = f;
        let [g0, g1] = g;
        let [h0, h1] = h;
        let [i0, i1] = i;
        let [j0, j1] = j;
        let [k0, k1] = k;
        let [l0, l1] = l;
        let [m0, m1] = m;
        [
            a0, a1, b0, b1, c0, c1, d0, d1, e0, e1,
            slotdef!(c"__pow__", as_number.nb_power, slot_nb_power as *mut c_void, Some(wrap_ternaryfunc), c"__pow__($self, value, mod=None, /)\n--\n\nReturn pow(self, value, mod)."),
            slotdef!(c"__rpow__", as_number.nb_power, slot_nb_power as *mut c_void, Some(wrap_ternaryfunc_r), c"__rpow__($self, value, mod=None, /)\n--\n\nReturn pow(value, self, mod)."),
            slotdef!(c"__neg__", as_number.nb_negative, slot_nb_negative as *mut c_void, Some(wrap_unaryfunc), c"__neg__($self, /)\n--\n\n-self"),
            slotdef!(c"__pos__", as_number.nb_positive, slot_nb_positive as *mut c_void, Some(wrap_unaryfunc), c"__pos__($self, /)\n--\n\n+self"),
            slotdef!(c"__abs__", as_number.nb_absolute, slot_nb_absolute as *mut c_void, Some(wrap_unaryfunc), c"__abs__($self, /)\n--\n\nabs(self)"),
            slotdef!(c"__bool__", as_number.nb_bool, slot_nb_bool as *mut c_void, Some(wrap_inquirypred), c"__bool__($self, /)\n--\n\nTrue if self else False"),
            slotdef!(c"__invert__", as_number.nb_invert, slot_nb_invert as *mut c_void, Some(wrap_unaryfunc), c"__invert__($self, /)\n--\n\n~self"),
            f0, f1, g0, g1, h0, h1, i0, i1, j0, j1,
            slotdef!(c"__int__", as_number.nb_int, slot_nb_int as *mut c_void, Some(wrap_unaryfunc), c"__int__($self, /)\n--\n\nint(self)"),
            slotdef!(c"__float__", as_number.nb_float, slot_nb_float as *mut c_void, Some(wrap_unaryfunc), c"__float__($self, /)\n--\n\nfloat(self)"),
            slotdef!(c"__iadd__", as_number.nb_inplace_add, slot_nb_inplace_add as *mut c_void, Some(wrap_binaryfunc), c"__iadd__($self, value, /)\n--\n\nReturn self+=value."),
            slotdef!(c"__isub__", as_number.nb_inplace_subtract, slot_nb_inplace_subtract as *mut c_void, Some(wrap_binaryfunc), c"__isub__($self, value, /)\n--\n\nReturn self-=value."),
            slotdef!(c"__imul__", as_number.nb_inplace_multiply, slot_nb_inplace_multiply as *mut c_void, Some(wrap_binaryfunc), c"__imul__($self, value, /)\n--\n\nReturn self*=value."),
            slotdef!(c"__imod__", as_number.nb_inplace_remainder, slot_nb_inplace_remainder as *mut c_void, Some(wrap_binaryfunc), c"__imod__($self, value, /)\n--\n\nReturn self%=value."),
            slotdef!(c"__ipow__", as_number.nb_inplace_power, slot_nb_inplace_power as *mut c_void, Some(wrap_ternaryfunc), c"__ipow__($self, value, /)\n--\n\nReturn self**=value."),
            slotdef!(c"__ilshift__", as_number.nb_inplace_lshift, slot_nb_inplace_lshift as *mut c_void, Some(wrap_binaryfunc), c"__ilshift__($self, value, /)\n--\n\nReturn self<<=value."),
            slotdef!(c"__irshift__", as_number.nb_inplace_rshift, slot_nb_inplace_rshift as *mut c_void, Some(wrap_binaryfunc), c"__irshift__($self, value, /)\n--\n\nReturn self>>=value."),
            slotdef!(c"__iand__", as_number.nb_inplace_and, slot_nb_inplace_and as *mut c_void, Some(wrap_binaryfunc), c"__iand__($self, value, /)\n--\n\nReturn self&=value."),
            slotdef!(c"__ixor__", as_number.nb_inplace_xor, slot_nb_inplace_xor as *mut c_void, Some(wrap_binaryfunc), c"__ixor__($self, value, /)\n--\n\nReturn self^=value."),
            slotdef!(c"__ior__", as_number.nb_inplace_or, slot_nb_inplace_or as *mut c_void, Some(wrap_binaryfunc), c"__ior__($self, value, /)\n--\n\nReturn self|=value."),
            k0, k1, l0, l1,
            slotdef!(c"__ifloordiv__", as_number.nb_inplace_floor_divide, slot_nb_inplace_floor_divide as *mut c_void, Some(wrap_binaryfunc), c"__ifloordiv__($self, value, /)\n--\n\nReturn self//=value."),
            slotdef!(c"__itruediv__", as_number.nb_inplace_true_divide, slot_nb_inplace_true_divide as *mut c_void, Some(wrap_binaryfunc), c"__itruediv__($self, value, /)\n--\n\nReturn self/=value."),
            slotdef!(c"__index__", as_number.nb_index, slot_nb_index as *mut c_void, Some(wrap_unaryfunc), c"__index__($self, /)\n--\n\nReturn self converted to an integer, if self is suitable for use as an index into a list."),
            m0, m1,
            slotdef!(c"__imatmul__", as_number.nb_inplace_matrix_multiply, slot_nb_inplace_matrix_multiply as *mut c_void, Some(wrap_binaryfunc), c"__imatmul__($self, value, /)\n--\n\nReturn self@=value."),
        ]
    };
    let seq: [wrapperbase; 19] = [
        slotdef!(
            c"__len__",
            as_mapping.mp_length,
            slot_mp_length as *mut c_void,
            Some(wrap_lenfunc),
            c"__len__($self, /)\n--\n\nReturn len(self)."
        ),
        slotdef!(
            c"__getitem__",
            as_mapping.mp_subscript,
            slot_mp_subscript as *mut c_void,
            Some(wrap_binaryfunc),
            c"__getitem__($self, key, /)\n--\n\nReturn self[key]."
        ),
        slotdef!(
            c"__setitem__",
            as_mapping.mp_ass_subscript,
            slot_mp_ass_subscript as *mut c_void,
            Some(wrap_objobjargproc),
            c"__setitem__($self, key, value, /)\n--\n\nSet self[key] to value."
        ),
        slotdef!(
            c"__delitem__",
            as_mapping.mp_ass_subscript,
            slot_mp_ass_subscript as *mut c_void,
            Some(wrap_delitem),
            c"__delitem__($self, key, /)\n--\n\nDelete self[key]."
        ),
        slotdef!(
            c"__len__",
            as_sequence.sq_length,
            slot_sq_length as *mut c_void,
            Some(wrap_lenfunc),
            c"__len__($self, /)\n--\n\nReturn len(self)."
        ),
        slotdef!(
            c"__add__",
            as_sequence.sq_concat,
            NOFN,
            Some(wrap_binaryfunc),
            c"__add__($self, value, /)\n--\n\nReturn self+value."
        ),
        slotdef!(
            c"__mul__",
            as_sequence.sq_repeat,
            NOFN,
            Some(wrap_indexargfunc),
            c"__mul__($self, value, /)\n--\n\nReturn self*value."
        ),
        slotdef!(
            c"__rmul__",
            as_sequence.sq_repeat,
            NOFN,
            Some(wrap_indexargfunc),
            c"__rmul__($self, value, /)\n--\n\nReturn value*self."
        ),
        slotdef!(
            c"__getitem__",
            as_sequence.sq_item,
            slot_sq_item as *mut c_void,
            Some(wrap_sq_item),
            c"__getitem__($self, key, /)\n--\n\nReturn self[key]."
        ),
        slotdef!(
            c"__setitem__",
            as_sequence.sq_ass_item,
            slot_sq_ass_item as *mut c_void,
            Some(wrap_sq_setitem),
            c"__setitem__($self, key, value, /)\n--\n\nSet self[key] to value."
        ),
        slotdef!(
            c"__delitem__",
            as_sequence.sq_ass_item,
            slot_sq_ass_item as *mut c_void,
            Some(wrap_sq_delitem),
            c"__delitem__($self, key, /)\n--\n\nDelete self[key]."
        ),
        slotdef!(
            c"__contains__",
            as_sequence.sq_contains,
            slot_sq_contains as *mut c_void,
            Some(wrap_objobjproc),
            c"__contains__($self, key, /)\n--\n\nReturn key in self."
        ),
        slotdef!(
            c"__iadd__",
            as_sequence.sq_inplace_concat,
            NOFN,
            Some(wrap_binaryfunc),
            c"__iadd__($self, value, /)\n--\n\nImplement self+=value."
        ),
        slotdef!(
            c"__imul__",
            as_sequence.sq_inplace_repeat,
            NOFN,
            Some(wrap_indexargfunc),
            c"__imul__($self, value, /)\n--\n\nImplement self*=value."
        ),
        // Buffer slots have no Python-level names in 3.11; the table ends here.
        slotdef!(c"", ht_type.tp_name, NOFN, None, c""),
        slotdef!(c"", ht_type.tp_name, NOFN, None, c""),
        slotdef!(c"", ht_type.tp_name, NOFN, None, c""),
        slotdef!(c"", ht_type.tp_name, NOFN, None, c""),
        slotdef!(c"", ht_type.tp_name, NOFN, None, c""),
    ];
    // Concatenate (const fn: copy element by element).
    let mut out: [wrapperbase; NSLOTDEFS] = unsafe { core::mem::zeroed() };
    let mut n = 0;
    let mut i = 0;
    while i < head.len() {
        out[n] = copy_wb(&head[i]);
        n += 1;
        i += 1;
    }
    i = 0;
    while i < tail.len() {
        out[n] = copy_wb(&tail[i]);
        n += 1;
        i += 1;
    }
    i = 0;
    while i < num.len() {
        out[n] = copy_wb(&num[i]);
        n += 1;
        i += 1;
    }
    i = 0;
    while i < seq.len() - 5 {
        out[n] = copy_wb(&seq[i]);
        n += 1;
        i += 1;
    }
    core::mem::forget(head);
    core::mem::forget(tail);
    core::mem::forget(num);
    core::mem::forget(seq);
    out
}

const fn copy_wb(w: &wrapperbase) -> wrapperbase {
    wrapperbase {
        name: w.name,
        offset: w.offset,
        function: w.function,
        wrapper: w.wrapper,
        doc: w.doc,
        flags: w.flags,
        name_strobj: w.name_strobj,
    }
}

/// The slot table's live entries (ends at the first empty name).
unsafe fn slotdefs() -> &'static mut [wrapperbase] {
    let all = &mut *(&raw mut slotdefs_table);
    let n = all
        .iter()
        .position(|w| w.name.is_null() || *w.name == 0)
        .unwrap_or(all.len());
    &mut all[..n]
}

/// `_PyTypes_InitSlotDefs`: interns the slot names (their identity is compared later).
///
/// # Safety
/// Start-up, before any type is readied.
pub unsafe fn init_slotdefs() -> PyResult<()> {
    for p in slotdefs() {
        if p.name_strobj.is_null() {
            let s = crate::objects::unicodeobject::from_utf8(
                core::ffi::CStr::from_ptr(p.name).to_bytes(),
                None,
            )?;
            p.name_strobj = crate::objects::unicodeobject::intern(s).into_raw();
        }
    }
    Ok(())
}

/// `slotptr`: where a slot lives in `tp` (through `tp_as_*`), NULL if that table is absent.
unsafe fn slotptr(tp: *mut PyTypeObject, offset: c_int) -> *mut *mut c_void {
    let offset = offset as usize;
    let (base, rel): (*mut u8, usize) = if offset >= offset_of!(PyHeapTypeObject, as_sequence) {
        (
            (*tp).tp_as_sequence.cast(),
            offset - offset_of!(PyHeapTypeObject, as_sequence),
        )
    } else if offset >= offset_of!(PyHeapTypeObject, as_mapping) {
        (
            (*tp).tp_as_mapping.cast(),
            offset - offset_of!(PyHeapTypeObject, as_mapping),
        )
    } else if offset >= offset_of!(PyHeapTypeObject, as_number) {
        (
            (*tp).tp_as_number.cast(),
            offset - offset_of!(PyHeapTypeObject, as_number),
        )
    } else if offset >= offset_of!(PyHeapTypeObject, as_async) {
        (
            (*tp).tp_as_async.cast(),
            offset - offset_of!(PyHeapTypeObject, as_async),
        )
    } else {
        (tp.cast(), offset)
    };
    if base.is_null() {
        return core::ptr::null_mut();
    }
    base.add(rel).cast()
}

/// `add_operators`: a `wrapper_descriptor` per filled C slot not already in the dict.
unsafe fn add_operators(tp: *mut PyTypeObject) -> PyResult<()> {
    let dict = (*tp).tp_dict;
    for p in slotdefs() {
        if p.wrapper.is_none() {
            continue;
        }
        let ptr = slotptr(tp, p.offset);
        if ptr.is_null() || (*ptr).is_null() {
            continue;
        }
        if dictobject::get_item(dict, p.name_strobj)?.is_some() {
            continue;
        }
        if *ptr == object::PyObject_HashNotImplemented as *mut c_void {
            dictobject::set_item(dict, p.name_strobj, object::none())?;
        } else {
            let descr = crate::objects::descrobject::new_wrapper(tp, p, *ptr)?;
            dictobject::set_item(dict, p.name_strobj, descr.as_ptr())?;
        }
    }
    Ok(())
}

/// `update_one_slot`: sets the slot at `defs[start].offset` from the class's dunders; returns
/// the index after the group of entries sharing that offset.
unsafe fn update_one_slot(tp: *mut PyTypeObject, start: usize) -> usize {
    let defs = slotdefs();
    let offset = defs[start].offset;
    let mut end = start;
    while end < defs.len() && defs[end].offset == offset {
        end += 1;
    }
    let ptr = slotptr(tp, offset);
    if ptr.is_null() {
        return end;
    }
    let mut generic: *mut c_void = core::ptr::null_mut();
    let mut specific: *mut c_void = core::ptr::null_mut();
    let mut use_generic = false;
    for p in &defs[start..end] {
        let descr = match find_name_in_mro(tp, p.name_strobj) {
            Ok(Some(d)) => d,
            Ok(None) => {
                if ptr == (&raw mut (*tp).tp_iternext).cast() {
                    specific = next_not_implemented as *mut c_void;
                }
                continue;
            }
            Err(_) => {
                errors::clear();
                continue;
            }
        };
        if py_type(descr) == &raw mut crate::objects::descrobject::PyWrapperDescr_Type
            && (*(*(descr as *mut PyWrapperDescrObject)).d_base).name_strobj == p.name_strobj
        {
            let d = descr as *mut PyWrapperDescrObject;
            let tptr = resolve_slotdups(tp, p.name_strobj);
            if tptr.is_null() || tptr == ptr {
                generic = p.function;
            }
            if (specific.is_null() || specific == (*d).d_wrapped)
                && (*(*d).d_base).wrapper == p.wrapper
                && is_subtype(tp, (*d).d_common.d_type)
            {
                specific = (*d).d_wrapped;
            } else {
                use_generic = true;
            }
        } else if py_type(descr) == &raw mut crate::objects::methodobject::PyCFunction_Type
            && crate::objects::methodobject::is_tp_new_wrapper(descr)
            && ptr == (&raw mut (*tp).tp_new).cast()
        {
            specific = (*tp)
                .tp_new
                .map_or(core::ptr::null_mut(), |f| f as *mut c_void);
        } else if descr == object::none() && ptr == (&raw mut (*tp).tp_hash).cast() {
            specific = object::PyObject_HashNotImplemented as *mut c_void;
        } else {
            use_generic = true;
            generic = p.function;
        }
    }
    *ptr = if !specific.is_null() && !use_generic {
        specific
    } else {
        generic
    };
    end
}

/// `resolve_slotdups`: the one slot a name maps to in this type, when unambiguous.
unsafe fn resolve_slotdups(tp: *mut PyTypeObject, name: *mut PyObject) -> *mut *mut c_void {
    let mut res: *mut *mut c_void = core::ptr::null_mut();
    for p in slotdefs().iter() {
        if p.name_strobj == name {
            let ptr = slotptr(tp, p.offset);
            if ptr.is_null() || (*ptr).is_null() {
                continue;
            }
            if !res.is_null() {
                return core::ptr::null_mut();
            }
            res = ptr;
        }
    }
    res
}

/// `fixup_slot_dispatchers`: after a class is created from Python, every C slot is pointed at
/// the right function for its dunders.
///
/// # Safety
/// `tp` is a ready heap type.
pub unsafe fn fixup_slot_dispatchers(tp: *mut PyTypeObject) {
    let n = slotdefs().len();
    let mut i = 0;
    while i < n {
        i = update_one_slot(tp, i);
    }
}

/// `update_slot`: a dunder of `tp` was set or deleted; fix the C slots of `tp` and of every
/// subclass that does not define the name itself.
///
/// # Safety
/// `name` is an interned str; `tp` a heap type.
pub unsafe fn update_slot(tp: *mut PyTypeObject, name: *mut PyObject) {
    let defs = slotdefs();
    let mut starts: Vec<usize> = Vec::new();
    for (i, p) in defs.iter().enumerate() {
        if p.name_strobj == name {
            let mut s = i;
            while s > 0 && defs[s - 1].offset == p.offset {
                s -= 1;
            }
            if !starts.contains(&s) {
                starts.push(s);
            }
        }
    }
    if starts.is_empty() {
        return;
    }
    update_subclasses(tp, name, &starts);
}

unsafe fn update_subclasses(tp: *mut PyTypeObject, name: *mut PyObject, starts: &[usize]) {
    for &s in starts {
        update_one_slot(tp, s);
    }
    for sub in subclasses(tp) {
        let d = (*sub).tp_dict;
        if !d.is_null() {
            match dictobject::get_item(d, name) {
                Ok(Some(_)) => continue,
                Ok(None) => {}
                Err(_) => {
                    errors::clear();
                    continue;
                }
            }
        }
        update_subclasses(sub, name, starts);
    }
}

/// `_PyObject_NextNotImplemented`: the `tp_iternext` of a class without `__next__`.
unsafe extern "C" fn next_not_implemented(op: *mut PyObject) -> *mut PyObject {
    let _ = errors::type_error(&format!(
        "'{}' object is not iterable",
        type_name_trunc(py_type(op), 200)
    ));
    core::ptr::null_mut()
}

// ---------------------------------------------------------------------------------------------
// Wrappers: call a C slot with a tuple of Python arguments (what `wrapper_descriptor` and
// `method-wrapper` objects run).

/// The items of an argument tuple.
unsafe fn args_of<'a>(args: *mut PyObject) -> &'a [*mut PyObject] {
    tuple_slice(args)
}

/// `check_num_args`.
unsafe fn check_num_args(args: *mut PyObject, n: usize) -> PyResult<()> {
    if !object::is_type(args, &raw mut tupleobject::PyTuple_Type) {
        return Err(errors::system_error(
            "PyArg_UnpackTuple() argument list is not a tuple",
        ));
    }
    let got = tuple_len(args);
    if got == n {
        return Ok(());
    }
    Err(errors::type_error(&format!(
        "expected {n} argument{}, got {got}",
        if n == 1 { "" } else { "s" }
    )))
}

/// `PyArg_UnpackTuple(args, "", min, max, ...)` as the wrappers use it (note the empty name,
/// which leaves a leading space in CPython's message).
unsafe fn unpack_anon<'a>(
    args: *mut PyObject,
    min: usize,
    max: usize,
) -> PyResult<&'a [*mut PyObject]> {
    let a = args_of(args);
    if a.len() < min {
        return Err(errors::type_error(&format!(
            " expected {}{} argument{}, got {}",
            if min == max { "" } else { "at least " },
            min,
            if min == 1 { "" } else { "s" },
            a.len()
        )));
    }
    if a.len() > max {
        return Err(errors::type_error(&format!(
            " expected {}{} argument{}, got {}",
            if min == max { "" } else { "at most " },
            max,
            if max == 1 { "" } else { "s" },
            a.len()
        )));
    }
    Ok(a)
}

/// Runs a wrapper body, turning the result into the C convention.
#[inline]
fn wrap_result(r: PyResult<Ref>) -> *mut PyObject {
    errors::ptr_result(r)
}

macro_rules! wrapper {
    ($(#[$doc:meta])* fn $name:ident($s:ident, $a:ident, $w:ident: $fty:ty) $body:block) => {
        $(#[$doc])*
        unsafe extern "C" fn $name($s: *mut PyObject, $a: *mut PyObject, wrapped: *mut c_void) -> *mut PyObject {
            // SAFETY: `wrapped` is the C slot this wrapper was registered with in the slot table.
            let $w: $fty = core::mem::transmute::<*mut c_void, $fty>(wrapped);
            wrap_result((|| -> PyResult<Ref> { $body })())
        }
    };
}

type UnaryF = unsafe extern "C" fn(*mut PyObject) -> *mut PyObject;
type BinaryF = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type TernaryF = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type InquiryF = unsafe extern "C" fn(*mut PyObject) -> c_int;
type LenF = unsafe extern "C" fn(*mut PyObject) -> Py_ssize_t;
type SsizeArgF = unsafe extern "C" fn(*mut PyObject, Py_ssize_t) -> *mut PyObject;
type SsizeObjArgF = unsafe extern "C" fn(*mut PyObject, Py_ssize_t, *mut PyObject) -> c_int;
type ObjObjF = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> c_int;
type ObjObjArgF = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int;
type HashF = unsafe extern "C" fn(*mut PyObject) -> Py_hash_t;
type RichF = unsafe extern "C" fn(*mut PyObject, *mut PyObject, c_int) -> *mut PyObject;
type DestructorF = unsafe extern "C" fn(*mut PyObject);
type InitF = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int;

/// An `int` status result: -1 with an exception is an error, else None.
unsafe fn status_none(res: c_int) -> PyResult<Ref> {
    if res < 0 {
        return Err(errors::ErrSet::assume_set());
    }
    Ok(object::new_none())
}

/// A -1-or-value result, -1 being an error only when an exception is set.
unsafe fn checked_ssize(res: isize) -> PyResult<isize> {
    if res == -1 && !errors::occurred().is_null() {
        return Err(errors::ErrSet::assume_set());
    }
    Ok(res)
}

wrapper!(fn wrap_unaryfunc(s, a, f: UnaryF) {
    check_num_args(a, 0)?;
    Ref::from_result(f(s))
});
wrapper!(fn wrap_binaryfunc(s, a, f: BinaryF) {
    check_num_args(a, 1)?;
    Ref::from_result(f(s, args_of(a)[0]))
});
wrapper!(fn wrap_binaryfunc_l(s, a, f: BinaryF) {
    check_num_args(a, 1)?;
    Ref::from_result(f(s, args_of(a)[0]))
});
wrapper!(fn wrap_binaryfunc_r(s, a, f: BinaryF) {
    check_num_args(a, 1)?;
    Ref::from_result(f(args_of(a)[0], s))
});
wrapper!(fn wrap_ternaryfunc(s, a, f: TernaryF) {
    let v = unpack_anon(a, 1, 2)?;
    Ref::from_result(f(s, v[0], v.get(1).copied().unwrap_or(object::none())))
});
wrapper!(fn wrap_ternaryfunc_r(s, a, f: TernaryF) {
    let v = unpack_anon(a, 1, 2)?;
    Ref::from_result(f(v[0], s, v.get(1).copied().unwrap_or(object::none())))
});
wrapper!(fn wrap_inquirypred(s, a, f: InquiryF) {
    check_num_args(a, 0)?;
    let r = checked_ssize(f(s) as isize)?;
    Ok(object::new_bool(r != 0))
});
wrapper!(fn wrap_lenfunc(s, a, f: LenF) {
    check_num_args(a, 0)?;
    let r = checked_ssize(f(s))?;
    crate::objects::longobject::from_isize(r)
});
wrapper!(fn wrap_indexargfunc(s, a, f: SsizeArgF) {
    check_num_args(a, 1)?;
    let i = crate::objects::longobject::as_ssize_index(args_of(a)[0], PyExc_OverflowError)?;
    Ref::from_result(f(s, i))
});

/// `getindex`: an index argument, negative ones counted from the end when `sq_length` exists.
unsafe fn getindex(s: *mut PyObject, arg: *mut PyObject) -> PyResult<Py_ssize_t> {
    let mut i = crate::objects::longobject::as_ssize_index(arg, PyExc_OverflowError)?;
    if i < 0 {
        let sq = (*py_type(s)).tp_as_sequence;
        if !sq.is_null() {
            if let Some(len) = (*sq).sq_length {
                let n = len(s);
                if n < 0 {
                    return Err(errors::ErrSet::assume_set());
                }
                i += n;
            }
        }
    }
    Ok(i)
}

wrapper!(fn wrap_sq_item(s, a, f: SsizeArgF) {
    check_num_args(a, 1)?;
    let i = getindex(s, args_of(a)[0])?;
    Ref::from_result(f(s, i))
});
wrapper!(fn wrap_sq_setitem(s, a, f: SsizeObjArgF) {
    let v = unpack_anon(a, 2, 2)?;
    let i = getindex(s, v[0])?;
    status_none(f(s, i, v[1]))
});
wrapper!(fn wrap_sq_delitem(s, a, f: SsizeObjArgF) {
    check_num_args(a, 1)?;
    let i = getindex(s, args_of(a)[0])?;
    status_none(f(s, i, core::ptr::null_mut()))
});
wrapper!(fn wrap_objobjproc(s, a, f: ObjObjF) {
    check_num_args(a, 1)?;
    let r = f(s, args_of(a)[0]);
    if r < 0 {
        return Err(errors::ErrSet::assume_set());
    }
    Ok(object::new_bool(r != 0))
});
wrapper!(fn wrap_objobjargproc(s, a, f: ObjObjArgF) {
    let v = unpack_anon(a, 2, 2)?;
    status_none(f(s, v[0], v[1]))
});
wrapper!(fn wrap_delitem(s, a, f: ObjObjArgF) {
    check_num_args(a, 1)?;
    status_none(f(s, args_of(a)[0], core::ptr::null_mut()))
});

/// `hackcheck`: refuses `object.__setattr__(x, ...)` when it would jump over a C-level
/// `tp_setattro` override of `x`'s type ("can't apply this __setattr__ to T object").
unsafe fn hackcheck(s: *mut PyObject, func: *mut c_void, what: &str) -> PyResult<()> {
    let tp = py_type(s);
    let mro = (*tp).tp_mro;
    if mro.is_null() {
        return Ok(());
    }
    let slot_fn: setattrofunc = Some(slot_tp_setattro);
    let mut defining = tp;
    for &b in tuple_slice(mro).iter().rev() {
        let b = b as *mut PyTypeObject;
        if (*b).tp_setattro == slot_fn {
            continue;
        }
        if (*b).tp_setattro == (*tp).tp_setattro {
            defining = b;
            break;
        }
    }
    let mut b = defining;
    while !b.is_null() {
        let f = (*b)
            .tp_setattro
            .map_or(core::ptr::null_mut(), |f| f as *mut c_void);
        if f == func {
            break;
        }
        if (*b).tp_setattro != slot_fn {
            return Err(errors::type_error(&format!(
                "can't apply this {what} to {} object",
                object::type_name_of(tp)
            )));
        }
        b = (*b).tp_base;
    }
    Ok(())
}

wrapper!(fn wrap_setattr(s, a, f: ObjObjArgF) {
    let v = unpack_anon(a, 2, 2)?;
    hackcheck(s, f as *mut c_void, "__setattr__")?;
    status_none(f(s, v[0], v[1]))
});
wrapper!(fn wrap_delattr(s, a, f: ObjObjArgF) {
    check_num_args(a, 1)?;
    hackcheck(s, f as *mut c_void, "__delattr__")?;
    status_none(f(s, args_of(a)[0], core::ptr::null_mut()))
});
wrapper!(fn wrap_hashfunc(s, a, f: HashF) {
    check_num_args(a, 0)?;
    let h = checked_ssize(f(s))?;
    crate::objects::longobject::from_isize(h)
});
wrapper!(fn wrap_del(s, a, f: DestructorF) {
    check_num_args(a, 0)?;
    f(s);
    Ok(object::new_none())
});
wrapper!(fn wrap_next(s, a, f: UnaryF) {
    check_num_args(a, 0)?;
    let r = f(s);
    if r.is_null() && errors::occurred().is_null() {
        return Err(errors::set_none(PyExc_StopIteration));
    }
    Ref::from_result(r)
});
wrapper!(fn wrap_descr_get(s, a, f: TernaryF) {
    let v = unpack_anon(a, 1, 2)?;
    let mut obj = v[0];
    let mut ty = v.get(1).copied().unwrap_or(core::ptr::null_mut());
    if obj == object::none() {
        obj = core::ptr::null_mut();
    }
    if ty == object::none() {
        ty = core::ptr::null_mut();
    }
    if obj.is_null() && ty.is_null() {
        return Err(errors::type_error("__get__(None, None) is invalid"));
    }
    Ref::from_result(f(s, obj, ty))
});
wrapper!(fn wrap_descr_set(s, a, f: ObjObjArgF) {
    let v = unpack_anon(a, 2, 2)?;
    status_none(f(s, v[0], v[1]))
});
wrapper!(fn wrap_descr_delete(s, a, f: ObjObjArgF) {
    check_num_args(a, 1)?;
    status_none(f(s, args_of(a)[0], core::ptr::null_mut()))
});

macro_rules! richcmp_wrapper {
    ($name:ident, $op:expr) => {
        wrapper!(fn $name(s, a, f: RichF) {
            check_num_args(a, 1)?;
            Ref::from_result(f(s, args_of(a)[0], $op))
        });
    };
}
richcmp_wrapper!(richcmp_lt, 0);
richcmp_wrapper!(richcmp_le, 1);
richcmp_wrapper!(richcmp_eq, 2);
richcmp_wrapper!(richcmp_ne, 3);
richcmp_wrapper!(richcmp_gt, 4);
richcmp_wrapper!(richcmp_ge, 5);

unsafe extern "C" fn wrap_call(
    s: *mut PyObject,
    a: *mut PyObject,
    wrapped: *mut c_void,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: registered for tp_call, a ternaryfunc.
    let f: TernaryF = core::mem::transmute::<*mut c_void, TernaryF>(wrapped);
    f(s, a, kw)
}

unsafe extern "C" fn wrap_init(
    s: *mut PyObject,
    a: *mut PyObject,
    wrapped: *mut c_void,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: registered for tp_init, an initproc.
    let f: InitF = core::mem::transmute::<*mut c_void, InitF>(wrapped);
    wrap_result(status_none(f(s, a, kw)))
}

// ---------------------------------------------------------------------------------------------
// slot_*: C slots of classes defined in Python, calling the class's dunder methods.

/// `lookup_maybe_method`: the dunder on the type; `unbound` when it is a plain function (or
/// other method descriptor) that wants `self` as first argument.
unsafe fn lookup_maybe_method(
    s: *mut PyObject,
    name: *mut PyObject,
) -> PyResult<Option<(Ref, bool)>> {
    let tp = py_type(s);
    let Some(res) = type_lookup(tp, name) else {
        return Ok(None);
    };
    let res = new_ref(res);
    if has_feature(res.ob_type(), Py_TPFLAGS_METHOD_DESCRIPTOR) {
        return Ok(Some((res, true)));
    }
    match (*res.ob_type()).tp_descr_get {
        Some(f) => Ok(Some((
            Ref::from_result(f(res.as_ptr(), s, tp.cast()))?,
            false,
        ))),
        None => Ok(Some((res, false))),
    }
}

/// `slot_tp_finalize`: calls the class's `__del__`, an exception it raises reported as
/// unraisable; the exception being handled when it ran is kept.
unsafe extern "C" fn slot_tp_finalize(s: *mut PyObject) {
    let (t, v, tb) = errors::fetch();
    let name = crate::objects::unicodeobject::intern_str("__del__");
    match lookup_maybe_method(s, name) {
        Ok(Some((del, unbound))) => {
            if call_unbound(&del, unbound, s, &[]).is_err() {
                errors::write_unraisable(del.as_ptr());
            }
        }
        Ok(None) => {}
        Err(_) => errors::write_unraisable(s),
    }
    let _ = errors::restore(t, v, tb);
}

/// `lookup_method`: as [`lookup_maybe_method`], AttributeError(name) when missing.
unsafe fn lookup_method(s: *mut PyObject, name: *mut PyObject) -> PyResult<(Ref, bool)> {
    match lookup_maybe_method(s, name)? {
        Some(r) => Ok(r),
        None => Err(errors::set_object(PyExc_AttributeError, name)),
    }
}

/// `call_unbound`: calls `func` with `self` prepended when it was found unbound.
unsafe fn call_unbound(
    func: &Ref,
    unbound: bool,
    s: *mut PyObject,
    args: &[*mut PyObject],
) -> PyResult<Ref> {
    if unbound {
        let mut v = Vec::with_capacity(args.len() + 1);
        v.push(s);
        v.extend_from_slice(args);
        crate::objects::call::vectorcall(func.as_ptr(), &v, core::ptr::null_mut())
    } else {
        crate::objects::call::vectorcall(func.as_ptr(), args, core::ptr::null_mut())
    }
}

/// `vectorcall_method`: `self.name(*args)` with the dunder looked up on the type.
unsafe fn call_dunder(
    s: *mut PyObject,
    name: *mut PyObject,
    args: &[*mut PyObject],
) -> PyResult<Ref> {
    let (f, unbound) = lookup_method(s, name)?;
    call_unbound(&f, unbound, s, args)
}

/// `vectorcall_maybe`: as [`call_dunder`], NotImplemented when the dunder is missing.
unsafe fn call_dunder_maybe(
    s: *mut PyObject,
    name: *mut PyObject,
    args: &[*mut PyObject],
) -> PyResult<Ref> {
    match lookup_maybe_method(s, name)? {
        Some((f, unbound)) => call_unbound(&f, unbound, s, args),
        None => Ok(new_ref(object::not_implemented())),
    }
}

macro_rules! slot_unary {
    ($fname:ident, $name:ident) => {
        unsafe extern "C" fn $fname(s: *mut PyObject) -> *mut PyObject {
            errors::ptr_result(call_dunder(s, crate::_Py_ID!($name), &[]))
        }
    };
}
slot_unary!(slot_tp_repr, __repr__);
slot_unary!(slot_tp_str, __str__);
slot_unary!(slot_nb_negative, __neg__);
slot_unary!(slot_nb_positive, __pos__);
slot_unary!(slot_nb_absolute, __abs__);
slot_unary!(slot_nb_invert, __invert__);
slot_unary!(slot_nb_int, __int__);
slot_unary!(slot_nb_float, __float__);
slot_unary!(slot_nb_index, __index__);
slot_unary!(slot_am_await, __await__);
slot_unary!(slot_am_aiter, __aiter__);
slot_unary!(slot_am_anext, __anext__);

macro_rules! slot_binary_plain {
    ($fname:ident, $name:ident) => {
        unsafe extern "C" fn $fname(s: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
            errors::ptr_result(call_dunder(s, crate::_Py_ID!($name), &[o]))
        }
    };
}
slot_binary_plain!(slot_nb_inplace_add, __iadd__);
slot_binary_plain!(slot_nb_inplace_subtract, __isub__);
slot_binary_plain!(slot_nb_inplace_multiply, __imul__);
slot_binary_plain!(slot_nb_inplace_remainder, __imod__);
slot_binary_plain!(slot_nb_inplace_lshift, __ilshift__);
slot_binary_plain!(slot_nb_inplace_rshift, __irshift__);
slot_binary_plain!(slot_nb_inplace_and, __iand__);
slot_binary_plain!(slot_nb_inplace_xor, __ixor__);
slot_binary_plain!(slot_nb_inplace_or, __ior__);
slot_binary_plain!(slot_nb_inplace_floor_divide, __ifloordiv__);
slot_binary_plain!(slot_nb_inplace_true_divide, __itruediv__);
slot_binary_plain!(slot_nb_inplace_matrix_multiply, __imatmul__);
slot_binary_plain!(slot_mp_subscript, __getitem__);

unsafe extern "C" fn slot_nb_inplace_power(
    s: *mut PyObject,
    o: *mut PyObject,
    _m: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(call_dunder(s, crate::_Py_ID!(__ipow__), &[o]))
}

/// `SLOT1BINFULL`: `a op b` for a class defining `__op__`/`__rop__`, with the reflected method
/// of a right operand of a subclass type tried first.
unsafe fn binary_dispatch(
    s: *mut PyObject,
    o: *mut PyObject,
    this_slot: *mut c_void,
    slot_of: unsafe fn(*mut PyTypeObject) -> *mut c_void,
    op: *mut PyObject,
    rop: *mut PyObject,
) -> PyResult<Ref> {
    let (st, ot) = (py_type(s), py_type(o));
    let mut do_other = st != ot && slot_of(ot) == this_slot;
    if slot_of(st) == this_slot {
        if do_other && is_subtype(ot, st) {
            let r = call_dunder_maybe(o, rop, &[s])?;
            if r.as_ptr() != object::not_implemented() {
                return Ok(r);
            }
            do_other = false;
        }
        let r = call_dunder_maybe(s, op, &[o])?;
        if r.as_ptr() != object::not_implemented() || ot == st {
            return Ok(r);
        }
    }
    if do_other {
        return call_dunder_maybe(o, rop, &[s]);
    }
    Ok(new_ref(object::not_implemented()))
}

macro_rules! slot_binary {
    ($fname:ident, $field:ident, $op:ident, $rop:ident) => {
        unsafe extern "C" fn $fname(s: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
            unsafe fn slot_of(tp: *mut PyTypeObject) -> *mut c_void {
                let nb = (*tp).tp_as_number;
                if nb.is_null() {
                    core::ptr::null_mut()
                } else {
                    (*nb)
                        .$field
                        .map_or(core::ptr::null_mut(), |f| f as *mut c_void)
                }
            }
            errors::ptr_result(binary_dispatch(
                s,
                o,
                $fname as *mut c_void,
                slot_of,
                crate::_Py_ID!($op),
                crate::_Py_ID!($rop),
            ))
        }
    };
}
slot_binary!(slot_nb_add, nb_add, __add__, __radd__);
slot_binary!(slot_nb_subtract, nb_subtract, __sub__, __rsub__);
slot_binary!(slot_nb_multiply, nb_multiply, __mul__, __rmul__);
slot_binary!(slot_nb_remainder, nb_remainder, __mod__, __rmod__);
slot_binary!(slot_nb_divmod, nb_divmod, __divmod__, __rdivmod__);
slot_binary!(slot_nb_lshift, nb_lshift, __lshift__, __rlshift__);
slot_binary!(slot_nb_rshift, nb_rshift, __rshift__, __rrshift__);
slot_binary!(slot_nb_and, nb_and, __and__, __rand__);
slot_binary!(slot_nb_xor, nb_xor, __xor__, __rxor__);
slot_binary!(slot_nb_or, nb_or, __or__, __ror__);
slot_binary!(
    slot_nb_floor_divide,
    nb_floor_divide,
    __floordiv__,
    __rfloordiv__
);
slot_binary!(
    slot_nb_true_divide,
    nb_true_divide,
    __truediv__,
    __rtruediv__
);
slot_binary!(
    slot_nb_matrix_multiply,
    nb_matrix_multiply,
    __matmul__,
    __rmatmul__
);

unsafe extern "C" fn slot_nb_power(
    s: *mut PyObject,
    o: *mut PyObject,
    m: *mut PyObject,
) -> *mut PyObject {
    if m == object::none() {
        unsafe fn slot_of(tp: *mut PyTypeObject) -> *mut c_void {
            let nb = (*tp).tp_as_number;
            if nb.is_null() {
                core::ptr::null_mut()
            } else {
                (*nb)
                    .nb_power
                    .map_or(core::ptr::null_mut(), |f| f as *mut c_void)
            }
        }
        return errors::ptr_result(binary_dispatch(
            s,
            o,
            slot_nb_power as *mut c_void,
            slot_of,
            crate::_Py_ID!(__pow__),
            crate::_Py_ID!(__rpow__),
        ));
    }
    // Three-argument pow() only tries the left operand's __pow__.
    let nb = (*py_type(s)).tp_as_number;
    if !nb.is_null() && (*nb).nb_power == Some(slot_nb_power) {
        return errors::ptr_result(call_dunder(s, crate::_Py_ID!(__pow__), &[o, m]));
    }
    object::new_ref(object::not_implemented()).into_raw()
}

unsafe extern "C" fn slot_nb_bool(s: *mut PyObject) -> c_int {
    let r = (|| -> PyResult<bool> {
        let (f, unbound, using_len) = match lookup_maybe_method(s, crate::_Py_ID!(__bool__))? {
            Some((f, u)) => (f, u, false),
            None => match lookup_maybe_method(s, crate::_Py_ID!(__len__))? {
                Some((f, u)) => (f, u, true),
                None => return Ok(true),
            },
        };
        let v = call_unbound(&f, unbound, s, &[])?;
        if using_len {
            return object::is_true(v.as_ptr());
        }
        if object::is_type(v.as_ptr(), &raw mut crate::objects::boolobject::PyBool_Type) {
            return Ok(v.as_ptr() == (&raw mut crate::objects::boolobject::_Py_TrueStruct).cast());
        }
        Err(errors::type_error(&format!(
            "__bool__ should return bool, returned {}",
            object::type_name(v.as_ptr())
        )))
    })();
    errors::bool_result(r)
}

/// `slot_sq_length`/`slot_mp_length`: `__len__` must give a non-negative int.
unsafe fn len_via_dunder(s: *mut PyObject) -> PyResult<Py_ssize_t> {
    let v = call_dunder(s, crate::_Py_ID!(__len__), &[])?;
    let n = crate::objects::longobject::as_ssize_index(v.as_ptr(), PyExc_OverflowError)?;
    if n < 0 {
        return Err(errors::value_error("__len__() should return >= 0"));
    }
    Ok(n)
}

unsafe extern "C" fn slot_sq_length(s: *mut PyObject) -> Py_ssize_t {
    len_via_dunder(s).unwrap_or(-1)
}
unsafe extern "C" fn slot_mp_length(s: *mut PyObject) -> Py_ssize_t {
    len_via_dunder(s).unwrap_or(-1)
}

unsafe extern "C" fn slot_sq_item(s: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let idx = crate::objects::longobject::from_isize(i)?;
        call_dunder(s, crate::_Py_ID!(__getitem__), &[idx.as_ptr()])
    })())
}

unsafe extern "C" fn slot_sq_ass_item(s: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    errors::int_result((|| {
        let idx = crate::objects::longobject::from_isize(i)?;
        if v.is_null() {
            call_dunder(s, crate::_Py_ID!(__delitem__), &[idx.as_ptr()])?;
        } else {
            call_dunder(s, crate::_Py_ID!(__setitem__), &[idx.as_ptr(), v])?;
        }
        Ok(())
    })())
}

unsafe extern "C" fn slot_mp_ass_subscript(
    s: *mut PyObject,
    k: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        if v.is_null() {
            call_dunder(s, crate::_Py_ID!(__delitem__), &[k])?;
        } else {
            call_dunder(s, crate::_Py_ID!(__setitem__), &[k, v])?;
        }
        Ok(())
    })())
}

unsafe extern "C" fn slot_sq_contains(s: *mut PyObject, v: *mut PyObject) -> c_int {
    let r = (|| -> PyResult<bool> {
        match lookup_maybe_method(s, crate::_Py_ID!(__contains__))? {
            Some((f, unbound)) if f.as_ptr() != object::none() => {
                let r = call_unbound(&f, unbound, s, &[v])?;
                object::is_true(r.as_ptr())
            }
            Some(_) => Err(errors::type_error(&format!(
                "'{}' object is not a container",
                type_name_trunc(py_type(s), 200)
            ))),
            None => crate::objects::r#abstract::sequence::iter_search(
                s,
                v,
                crate::objects::r#abstract::sequence::IterSearch::Contains,
            )
            .map(|n| n != 0),
        }
    })();
    errors::bool_result(r)
}

unsafe extern "C" fn slot_tp_hash(s: *mut PyObject) -> Py_hash_t {
    let r = (|| -> PyResult<Py_hash_t> {
        let Some((f, unbound)) = lookup_maybe_method(s, crate::_Py_ID!(__hash__))? else {
            return Err(errors::ErrSet::assume_set()).or_else(|_: errors::ErrSet| {
                Ok(object::PyObject_HashNotImplemented(s)).and_then(|h: Py_hash_t| {
                    if h == -1 {
                        Err(errors::ErrSet::assume_set())
                    } else {
                        Ok(h)
                    }
                })
            });
        };
        if f.as_ptr() == object::none() {
            let _ = object::PyObject_HashNotImplemented(s);
            return Err(errors::ErrSet::assume_set());
        }
        let v = call_unbound(&f, unbound, s, &[])?;
        if !crate::objects::longobject::is_int(v.as_ptr()) {
            return Err(errors::type_error(
                "__hash__ method should return an integer",
            ));
        }
        // Big ints are reduced with the int hash; -1 is reserved for errors.
        match crate::objects::longobject::as_isize(v.as_ptr()) {
            Ok(h) => Ok(if h == -1 { -2 } else { h }),
            Err(_) => {
                errors::clear();
                object::hash(v.as_ptr())
            }
        }
    })();
    r.unwrap_or(-1)
}

unsafe extern "C" fn slot_tp_call(
    s: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let (f, unbound) = lookup_method(s, crate::_Py_ID!(__call__))?;
        if unbound {
            let mut items = vec![s];
            items.extend_from_slice(args_of(a));
            let t = tupleobject::pack(&items)?;
            crate::objects::call::call(f.as_ptr(), t.as_ptr(), kw)
        } else {
            crate::objects::call::call(f.as_ptr(), a, kw)
        }
    })())
}

unsafe extern "C" fn slot_tp_richcompare(
    s: *mut PyObject,
    o: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    const NAMES: [fn() -> *mut PyObject; 6] = [
        || crate::_Py_ID!(__lt__),
        || crate::_Py_ID!(__le__),
        || crate::_Py_ID!(__eq__),
        || crate::_Py_ID!(__ne__),
        || crate::_Py_ID!(__gt__),
        || crate::_Py_ID!(__ge__),
    ];
    errors::ptr_result((|| match lookup_maybe_method(s, NAMES[op as usize]())? {
        Some((f, unbound)) => call_unbound(&f, unbound, s, &[o]),
        None => Ok(new_ref(object::not_implemented())),
    })())
}

unsafe extern "C" fn slot_tp_iter(s: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(
        (|| match lookup_maybe_method(s, crate::_Py_ID!(__iter__))? {
            Some((f, _)) if f.as_ptr() == object::none() => Err(errors::type_error(&format!(
                "'{}' object is not iterable",
                type_name_trunc(py_type(s), 200)
            ))),
            Some((f, unbound)) => call_unbound(&f, unbound, s, &[]),
            None => {
                if lookup_maybe_method(s, crate::_Py_ID!(__getitem__))?.is_none() {
                    return Err(errors::type_error(&format!(
                        "'{}' object is not iterable",
                        type_name_trunc(py_type(s), 200)
                    )));
                }
                crate::objects::iterobject::new_seq_iter(s)
            }
        })(),
    )
}

unsafe extern "C" fn slot_tp_iternext(s: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(call_dunder(s, crate::_Py_ID!(__next__), &[]))
}

unsafe extern "C" fn slot_tp_descr_get(
    s: *mut PyObject,
    obj: *mut PyObject,
    ty: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let Some(get) = type_lookup(py_type(s), crate::_Py_ID!(__get__)) else {
            // Not really a descriptor after all (its __get__ was deleted).
            return Ok(new_ref(s));
        };
        let obj = if obj.is_null() { object::none() } else { obj };
        let ty = if ty.is_null() { object::none() } else { ty };
        crate::objects::call::vectorcall(get, &[s, obj, ty], core::ptr::null_mut())
    })())
}

unsafe extern "C" fn slot_tp_descr_set(
    s: *mut PyObject,
    target: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        if v.is_null() {
            call_dunder(s, crate::_Py_ID!(__delete__), &[target])?;
        } else {
            call_dunder(s, crate::_Py_ID!(__set__), &[target, v])?;
        }
        Ok(())
    })())
}

unsafe extern "C" fn slot_tp_init(s: *mut PyObject, a: *mut PyObject, kw: *mut PyObject) -> c_int {
    errors::int_result((|| {
        let (f, unbound) = lookup_method(s, crate::_Py_ID!(__init__))?;
        let r = if unbound {
            let mut items = vec![s];
            items.extend_from_slice(args_of(a));
            let t = tupleobject::pack(&items)?;
            crate::objects::call::call(f.as_ptr(), t.as_ptr(), kw)?
        } else {
            crate::objects::call::call(f.as_ptr(), a, kw)?
        };
        if r.as_ptr() != object::none() {
            return Err(errors::type_error(&format!(
                "__init__() should return None, not '{}'",
                type_name_trunc(r.ob_type(), 200)
            )));
        }
        Ok(())
    })())
}

unsafe extern "C" fn slot_tp_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let func = object::get_attr(tp.cast(), crate::_Py_ID!(__new__))?;
        let mut items = vec![tp as *mut PyObject];
        items.extend_from_slice(args_of(a));
        let t = tupleobject::pack(&items)?;
        crate::objects::call::call(func.as_ptr(), t.as_ptr(), kw)
    })())
}

/// `slot_tp_getattr_hook`: `__getattribute__`, then `__getattr__` on AttributeError.
unsafe extern "C" fn slot_tp_getattr_hook(s: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp = py_type(s);
        let getattr = type_lookup(tp, crate::_Py_ID!(__getattr__)).map(|g| new_ref(g));
        let getattribute = type_lookup(tp, crate::_Py_ID!(__getattribute__)).map(|g| new_ref(g));
        let res = match &getattribute {
            Some(ga)
                if !(py_type(ga.as_ptr())
                    == &raw mut crate::objects::descrobject::PyWrapperDescr_Type
                    && (*(ga.as_ptr() as *mut PyWrapperDescrObject)).d_wrapped
                        == object::PyObject_GenericGetAttr as *mut c_void) =>
            {
                call_attr(s, ga, name)
            }
            _ => object::generic_get_attr_with_dict(s, name, core::ptr::null_mut(), false)
                .map(|r| r.expect("not suppressed")),
        };
        let Some(getattr) = getattr else { return res };
        match res {
            Ok(v) => Ok(v),
            Err(e) => {
                let exc = errors::occurred();
                if !exc.is_null()
                    && is_type(exc)
                    && is_subtype(exc.cast(), PyExc_AttributeError.cast())
                {
                    errors::clear();
                    call_attr(s, &getattr, name)
                } else {
                    Err(e)
                }
            }
        }
    })())
}

/// Calls a `__getattribute__`/`__getattr__` found on the type, binding it like a method.
unsafe fn call_attr(s: *mut PyObject, attr: &Ref, name: *mut PyObject) -> PyResult<Ref> {
    if has_feature(attr.ob_type(), Py_TPFLAGS_METHOD_DESCRIPTOR) {
        return crate::objects::call::vectorcall(attr.as_ptr(), &[s, name], core::ptr::null_mut());
    }
    let bound = match (*attr.ob_type()).tp_descr_get {
        Some(f) => Ref::from_result(f(attr.as_ptr(), s, py_type(s).cast()))?,
        None => attr.clone(),
    };
    crate::objects::call::call_one_arg(bound.as_ptr(), name)
}

unsafe extern "C" fn slot_tp_setattro(
    s: *mut PyObject,
    name: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        if v.is_null() {
            call_dunder(s, crate::_Py_ID!(__delattr__), &[name])?;
        } else {
            call_dunder(s, crate::_Py_ID!(__setattr__), &[name, v])?;
        }
        Ok(())
    })())
}

// ---------------------------------------------------------------------------------------------
// Allocation: PyType_GenericAlloc / GenericNew, GC free, subtype_dealloc & co.

/// `PyObject_Free` as a `tp_free` (the non-GC default of `object`).
///
/// # Safety
/// `p` was allocated by the object allocator.
pub unsafe extern "C" fn object_free(p: *mut c_void) {
    crate::mem::obj_free(p);
}

/// `PyObject_GC_Del` as the runtime's `tp_free` of GC types (the exported symbol is in
/// capi/objimpl.rs).
///
/// # Safety
/// `op` is a dead GC object allocated with its type's pre-header.
pub unsafe extern "C" fn gc_del(op: *mut c_void) {
    crate::mem::gc::free(op.cast());
}

/// `PyType_GenericAlloc`: zeroed memory for `nitems` items (one extra for var-size types, as
/// CPython reserves for a sentinel), header set, GC objects tracked.
///
/// # Safety
/// C slot contract; `tp` is ready.
#[no_mangle]
pub unsafe extern "C" fn PyType_GenericAlloc(
    tp: *mut PyTypeObject,
    nitems: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result(generic_alloc(tp, nitems).map(|p| Ref::from_raw(p)))
}

/// [`PyType_GenericAlloc`] for Rust callers.
///
/// # Safety
/// `tp` is ready; a thread state is current.
pub unsafe fn generic_alloc(tp: *mut PyTypeObject, nitems: Py_ssize_t) -> PyResult<*mut PyObject> {
    let Some(size) = object::var_size(tp, nitems + 1) else {
        return Err(errors::no_memory());
    };
    let op = if has_feature(tp, Py_TPFLAGS_HAVE_GC) {
        crate::mem::gc::alloc(tp, size)?
    } else {
        let p = crate::mem::obj_malloc(size) as *mut PyObject;
        if p.is_null() {
            return Err(errors::no_memory());
        }
        p
    };
    core::ptr::write_bytes(op as *mut u8, 0, size);
    if (*tp).tp_itemsize == 0 {
        object::init_object(op, tp);
    } else {
        object::init_var_object(op.cast(), tp, nitems);
    }
    if has_feature(tp, Py_TPFLAGS_HAVE_GC) {
        crate::mem::gc::track(op);
    }
    Ok(op)
}

/// `PyType_GenericNew`: `tp_alloc(tp, 0)`, arguments ignored.
///
/// # Safety
/// C slot contract.
#[no_mangle]
pub unsafe extern "C" fn PyType_GenericNew(
    tp: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    match (*tp).tp_alloc {
        Some(alloc) => alloc(tp, 0),
        None => PyType_GenericAlloc(tp, 0),
    }
}

/// The slot members (`__slots__`) stored after a heap type object (`_PyHeapType_GET_MEMBERS`).
unsafe fn heap_type_members(tp: *mut PyTypeObject) -> *mut PyMemberDef {
    (tp as *mut u8).offset((*py_type(tp.cast())).tp_basicsize) as *mut PyMemberDef
}

/// Clears the `T_OBJECT_EX` slots a heap type added (`clear_slots`).
unsafe fn clear_slots(tp: *mut PyTypeObject, op: *mut PyObject) {
    let n = (*(tp as *mut PyVarObject)).ob_size;
    let mut mp = heap_type_members(tp);
    for _ in 0..n {
        if (*mp).type_ == T_OBJECT_EX && (*mp).flags & READONLY == 0 {
            let slot = (op as *mut u8).offset((*mp).offset) as *mut *mut PyObject;
            let old = *slot;
            if !old.is_null() {
                *slot = core::ptr::null_mut();
                object::decref(old);
            }
        }
        mp = mp.add(1);
    }
}

/// `subtype_traverse`: slots, the instance dict, and the type itself.
unsafe extern "C" fn subtype_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let tp = py_type(op);
    let Some(visit) = visit else { return 0 };
    let mut base = tp;
    while (*base).tp_traverse == Some(subtype_traverse) {
        let n = (*(base as *mut PyVarObject)).ob_size;
        let mut mp = heap_type_members(base);
        for _ in 0..n {
            if (*mp).type_ == T_OBJECT_EX {
                let v = *((op as *mut u8).offset((*mp).offset) as *mut *mut PyObject);
                if !v.is_null() {
                    let r = visit(v, arg);
                    if r != 0 {
                        return r;
                    }
                }
            }
            mp = mp.add(1);
        }
        base = (*base).tp_base;
    }
    let dp = object::dict_ptr(op);
    if !dp.is_null() && !(*dp).is_null() && (*base).tp_dictoffset != (*tp).tp_dictoffset {
        let r = visit(*dp, arg);
        if r != 0 {
            return r;
        }
    }
    if has_feature(tp, Py_TPFLAGS_HEAPTYPE) && !has_feature(base, Py_TPFLAGS_HEAPTYPE) {
        let r = visit(tp.cast(), arg);
        if r != 0 {
            return r;
        }
    }
    match (*base).tp_traverse {
        Some(t) => t(op, Some(visit), arg),
        None => 0,
    }
}

/// `subtype_clear`.
unsafe extern "C" fn subtype_clear(op: *mut PyObject) -> c_int {
    let tp = py_type(op);
    let mut base = tp;
    while (*base).tp_clear == Some(subtype_clear) {
        if (*(base as *mut PyVarObject)).ob_size != 0 {
            clear_slots(base, op);
        }
        base = (*base).tp_base;
    }
    let dp = object::dict_ptr(op);
    if !dp.is_null() && !(*dp).is_null() {
        object::replace_slot(dp, core::ptr::null_mut());
    }
    match (*base).tp_clear {
        Some(c) => c(op),
        None => 0,
    }
}

/// `subtype_dealloc`: the `tp_dealloc` of classes; clears what the class added (slots, dict,
/// weak references) and hands the rest to the first base with its own `tp_dealloc`.
unsafe extern "C" fn subtype_dealloc(op: *mut PyObject) {
    let tp = py_type(op);
    let mut base = tp;
    while (*base).tp_dealloc == Some(subtype_dealloc) {
        base = (*base).tp_base;
    }
    let gc = has_feature(tp, Py_TPFLAGS_HAVE_GC);
    if gc && crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
    // __del__ / tp_finalize (PEP 442, at most once) and legacy tp_del; both may resurrect.
    if (*tp).tp_finalize.is_some() {
        if gc {
            crate::mem::gc::track(op);
        }
        if crate::mem::gc::call_finalizer_from_dealloc(op) < 0 {
            return;
        }
        if gc {
            crate::mem::gc::untrack(op);
        }
    }
    if let Some(del) = (*tp).tp_del {
        if gc {
            crate::mem::gc::track(op);
        }
        (*op).ob_refcnt = 1;
        del(op);
        (*op).ob_refcnt -= 1;
        if (*op).ob_refcnt > 0 {
            return;
        }
        if gc {
            crate::mem::gc::untrack(op);
        }
    }
    if (*tp).tp_weaklistoffset != 0 && (*base).tp_weaklistoffset == 0 {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    let mut b = tp;
    while b != base {
        if (*(b as *mut PyVarObject)).ob_size != 0 {
            clear_slots(b, op);
        }
        b = (*b).tp_base;
    }
    if (*tp).tp_dictoffset != 0 && (*base).tp_dictoffset == 0 {
        let dp = object::dict_ptr(op);
        if !dp.is_null() && !(*dp).is_null() {
            object::replace_slot(dp, core::ptr::null_mut());
        }
    }
    if gc && has_feature(base, Py_TPFLAGS_HAVE_GC) {
        crate::mem::gc::track(op);
    }
    // The instance held a reference to its heap type.
    let heap = has_feature(tp, Py_TPFLAGS_HEAPTYPE);
    match (*base).tp_dealloc {
        Some(d) => d(op),
        None => match (*tp).tp_free {
            Some(f) => f(op.cast()),
            None => object_free(op.cast()),
        },
    }
    if heap && !has_feature(base, Py_TPFLAGS_HEAPTYPE) {
        object::decref(tp.cast());
    }
}

// ---------------------------------------------------------------------------------------------
// object

unsafe extern "C" fn object_dealloc(op: *mut PyObject) {
    let tp = py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => object_free(op.cast()),
    }
}

/// `_Py_HashPointer`: the address rotated by 4 bits (-1 mapped to -2).
pub fn hash_pointer(p: *const c_void) -> Py_hash_t {
    let y = (p as usize).rotate_right(4) as Py_hash_t;
    if y == -1 {
        -2
    } else {
        y
    }
}

unsafe extern "C" fn object_hash(op: *mut PyObject) -> Py_hash_t {
    hash_pointer(op as *const c_void)
}

/// A type's `__module__` (static types: the part of `tp_name` before the last dot, else
/// "builtins"; heap types: the dict entry).
unsafe fn type_module(tp: *mut PyTypeObject) -> PyResult<Ref> {
    if has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        return match dictobject::get_item((*tp).tp_dict, crate::_Py_ID!(__module__))? {
            Some(m) => Ok(new_ref(m)),
            None => Err(errors::set_string(PyExc_AttributeError, "__module__")),
        };
    }
    let full = core::ffi::CStr::from_ptr((*tp).tp_name).to_bytes();
    match full.iter().rposition(|&c| c == b'.') {
        Some(i) => crate::objects::unicodeobject::from_utf8(&full[..i], None),
        None => Ok(new_ref(crate::_Py_ID!(builtins))),
    }
}

/// A type's `__qualname__`.
unsafe fn type_qualname_text(tp: *mut PyTypeObject) -> String {
    if has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        let q = (*(tp as *mut PyHeapTypeObject)).ht_qualname;
        if !q.is_null() {
            return object::str_text(q);
        }
    }
    type_short_name(tp)
}

unsafe extern "C" fn object_repr(op: *mut PyObject) -> *mut PyObject {
    let tp = py_type(op);
    let module = match type_module(tp) {
        Ok(m) if object::is_str(m.as_ptr()) => Some(object::str_text(m.as_ptr())),
        Ok(_) => None,
        Err(_) => {
            errors::clear();
            None
        }
    };
    let text = match module {
        Some(m) if m != "builtins" => {
            format!("<{}.{} object at {:p}>", m, type_qualname_text(tp), op)
        }
        _ => format!("<{} object at {:p}>", object::type_name_of(tp), op),
    };
    errors::ptr_result(crate::objects::unicodeobject::new_str(&text))
}

unsafe extern "C" fn object_str(op: *mut PyObject) -> *mut PyObject {
    let f = (*py_type(op)).tp_repr.unwrap_or(object_repr);
    f(op)
}

unsafe extern "C" fn object_richcompare(
    s: *mut PyObject,
    o: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    match op {
        Py_EQ if s == o => object::new_bool(true).into_raw(),
        Py_EQ => new_ref(object::not_implemented()).into_raw(),
        Py_NE => {
            let Some(rc) = (*py_type(s)).tp_richcompare else {
                return new_ref(object::not_implemented()).into_raw();
            };
            let r = rc(s, o, Py_EQ);
            if r.is_null() || r == object::not_implemented() {
                return r;
            }
            let r = Ref::from_raw(r);
            match object::is_true(r.as_ptr()) {
                Ok(b) => object::new_bool(!b).into_raw(),
                Err(_) => core::ptr::null_mut(),
            }
        }
        _ => new_ref(object::not_implemented()).into_raw(),
    }
}

/// True if a call passed any argument (`excess_args`).
unsafe fn excess_args(args: *mut PyObject, kwds: *mut PyObject) -> bool {
    tuple_len(args) != 0
        || (!kwds.is_null()
            && object::is_type(kwds, &raw mut dictobject::PyDict_Type)
            && dictobject::len(kwds) != 0)
}

unsafe extern "C" fn object_init(
    s: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    let tp = py_type(s);
    if excess_args(args, kwds) {
        if (*tp).tp_init != Some(object_init) {
            let _ = errors::type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            );
            return -1;
        }
        if (*tp).tp_new == Some(object_new) {
            let _ = errors::type_error(&format!(
                "{}.__init__() takes exactly one argument (the instance to initialize)",
                type_name_trunc(tp, 200)
            ));
            return -1;
        }
    }
    0
}

unsafe extern "C" fn object_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    if excess_args(args, kwds) {
        if (*tp).tp_new != Some(object_new) {
            let _ = errors::type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            );
            return core::ptr::null_mut();
        }
        if (*tp).tp_init == Some(object_init) {
            let _ = errors::type_error(&format!(
                "{}() takes no arguments",
                type_name_trunc(tp, 200)
            ));
            return core::ptr::null_mut();
        }
    }
    if has_feature(tp, Py_TPFLAGS_IS_ABSTRACT) {
        let r = (|| -> PyResult<()> {
            let methods = object::get_attr(tp.cast(), crate::_Py_ID!(__abstractmethods__))?;
            let mut names: Vec<String> = Vec::new();
            let it = crate::objects::r#abstract::iter::get_iter(methods.as_ptr())?;
            while let Some(item) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
                names.push(object::str_text(object::str(item.as_ptr())?.as_ptr()));
            }
            names.sort();
            Err(errors::type_error(&format!(
                "Can't instantiate abstract class {} with abstract method{} {}",
                object::type_name_of(tp),
                if names.len() > 1 { "s" } else { "" },
                names.join(", ")
            )))
        })();
        let _ = r;
        return core::ptr::null_mut();
    }
    let alloc = (*tp).tp_alloc.unwrap_or(PyType_GenericAlloc);
    alloc(tp, 0)
}

/// `object.__class__` getter.
unsafe extern "C" fn object_get_class(s: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    new_ref(py_type(s).cast()).into_raw()
}

/// `compatible_for_assignment`: same layout (sizes, offsets, slots) once heap subclasses with
/// nothing extra are skipped.
unsafe fn compatible_for_assignment(
    old: *mut PyTypeObject,
    new: *mut PyTypeObject,
    attr: &str,
) -> PyResult<()> {
    let (mut o, mut n) = (old, new);
    while same_slots_added(n, (*n).tp_base) {
        n = (*n).tp_base;
    }
    while same_slots_added(o, (*o).tp_base) {
        o = (*o).tp_base;
    }
    if o != n
        && ((*n).tp_basicsize != (*o).tp_basicsize
            || (*n).tp_itemsize != (*o).tp_itemsize
            || (*n).tp_dictoffset != (*o).tp_dictoffset
            || (*n).tp_weaklistoffset != (*o).tp_weaklistoffset
            || ((*n).tp_flags & Py_TPFLAGS_HAVE_GC) != ((*o).tp_flags & Py_TPFLAGS_HAVE_GC)
            || (*n).tp_dealloc != (*o).tp_dealloc
            || (*n).tp_free != (*o).tp_free)
    {
        return Err(errors::type_error(&format!(
            "{} assignment: '{}' object layout differs from '{}'",
            attr,
            object::type_name_of(new),
            object::type_name_of(old)
        )));
    }
    Ok(())
}

/// `same_slots_added`-lite: `tp` adds nothing to `base`'s layout except a dict/weakref.
unsafe fn same_slots_added(tp: *mut PyTypeObject, base: *mut PyTypeObject) -> bool {
    !base.is_null()
        && has_feature(tp, Py_TPFLAGS_HEAPTYPE)
        && !extra_ivars(tp, base)
        && (*(tp as *mut PyVarObject)).ob_size == 0
}

/// `object.__class__` setter with CPython's rules.
unsafe extern "C" fn object_set_class(
    s: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        if value.is_null() {
            return Err(errors::type_error("can't delete __class__ attribute"));
        }
        if !is_type(value) {
            return Err(errors::type_error(&format!(
                "__class__ must be set to a class, not '{}' object",
                type_name_trunc(py_type(value), 200)
            )));
        }
        let new = value as *mut PyTypeObject;
        let old = py_type(s);
        let module_ok = is_subtype(new, &raw mut crate::objects::moduleobject::PyModule_Type)
            && is_subtype(old, &raw mut crate::objects::moduleobject::PyModule_Type);
        if !(module_ok
            || (has_feature(new, Py_TPFLAGS_HEAPTYPE) && has_feature(old, Py_TPFLAGS_HEAPTYPE)))
            || has_feature(new, Py_TPFLAGS_IMMUTABLETYPE)
                && has_feature(old, Py_TPFLAGS_IMMUTABLETYPE)
                && !module_ok
        {
            return Err(errors::type_error(
                "__class__ assignment only supported for mutable types or ModuleType subclasses",
            ));
        }
        compatible_for_assignment(old, new, "__class__")?;
        if has_feature(new, Py_TPFLAGS_HEAPTYPE) {
            incref(new.cast());
        }
        (*s).ob_type = new;
        if has_feature(old, Py_TPFLAGS_HEAPTYPE) {
            object::decref(old.cast());
        }
        Ok(())
    })())
}

unsafe extern "C" fn object_subclasshook(_cls: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    new_ref(object::not_implemented()).into_raw()
}

unsafe extern "C" fn object_init_subclass(_cls: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    object::new_none().into_raw()
}

unsafe extern "C" fn object_format(s: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if !object::is_str(spec) {
            return Err(errors::type_error(&format!(
                "__format__() argument must be str, not {}",
                type_name_trunc(py_type(spec), 200)
            )));
        }
        if crate::objects::unicodeobject::length(spec) > 0 {
            return Err(errors::type_error(&format!(
                "unsupported format string passed to {}.__format__",
                type_name_trunc(py_type(s), 200)
            )));
        }
        object::str(s)
    })())
}

unsafe extern "C" fn object_sizeof(s: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let tp = py_type(s);
    let mut size = (*tp).tp_basicsize;
    if (*tp).tp_itemsize != 0 {
        size += (*tp).tp_itemsize * (*(s as *mut PyVarObject)).ob_size.abs();
    }
    errors::ptr_result(crate::objects::longobject::from_isize(size))
}

/// `merge_class_dict`: the class's attribute names and its bases', recursively.
unsafe fn merge_class_dict(dict: *mut PyObject, cls: *mut PyObject) -> PyResult<()> {
    if is_type(cls) {
        let d = (*(cls as *mut PyTypeObject)).tp_dict;
        if !d.is_null() {
            dictobject::merge(dict, d, 1)?;
        }
    } else if let Some(d) = object::lookup_attr(cls, crate::_Py_ID!(__dict__))? {
        if has_feature(d.ob_type(), Py_TPFLAGS_DICT_SUBCLASS) {
            dictobject::merge(dict, d.as_ptr(), 1)?;
        }
    }
    if let Some(bases) = object::lookup_attr(cls, crate::_Py_ID!(__bases__))? {
        if object::is_type(bases.as_ptr(), &raw mut tupleobject::PyTuple_Type) {
            for &b in tuple_slice(bases.as_ptr()) {
                merge_class_dict(dict, b)?;
            }
        }
    }
    Ok(())
}

unsafe extern "C" fn object_dir(s: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let dict = match object::lookup_attr(s, crate::_Py_ID!(__dict__))? {
            Some(d) if has_feature(d.ob_type(), Py_TPFLAGS_DICT_SUBCLASS) => {
                dictobject::copy(d.as_ptr())?
            }
            _ => dictobject::new()?,
        };
        if let Some(cls) = object::lookup_attr(s, crate::_Py_ID!(__class__))? {
            merge_class_dict(dict.as_ptr(), cls.as_ptr())?;
        }
        dict_keys_list(dict.as_ptr())
    })())
}

static mut OBJECT_METHODS: [PyMethodDef; 10] = [
    PyMethodDef { ml_name: c"__reduce_ex__".as_ptr(), ml_meth: Some(super::object_reduce::object_reduce_ex), ml_flags: METH_O, ml_doc: c"__reduce_ex__($self, protocol, /)\n--\n\nHelper for pickle.".as_ptr() },
    PyMethodDef { ml_name: c"__reduce__".as_ptr(), ml_meth: Some(super::object_reduce::object_reduce), ml_flags: METH_NOARGS, ml_doc: c"__reduce__($self, /)\n--\n\nHelper for pickle.".as_ptr() },
    PyMethodDef { ml_name: c"__getstate__".as_ptr(), ml_meth: Some(super::object_reduce::object_getstate), ml_flags: METH_NOARGS, ml_doc: c"__getstate__($self, /)\n--\n\nHelper for pickle.".as_ptr() },
    PyMethodDef { ml_name: c"__subclasshook__".as_ptr(), ml_meth: Some(object_subclasshook), ml_flags: METH_CLASS | METH_O, ml_doc: c"Abstract classes can override this to customize issubclass().\n\nThis is invoked early on by abc.ABCMeta.__subclasscheck__().\nIt should return True, False or NotImplemented.  If it returns\nNotImplemented, the normal algorithm is used.  Otherwise, it\noverrides the normal algorithm (and the outcome is cached).\n".as_ptr() },
    PyMethodDef { ml_name: c"__init_subclass__".as_ptr(), ml_meth: Some(object_init_subclass), ml_flags: METH_CLASS | METH_NOARGS, ml_doc: c"This method is called when a class is subclassed.\n\nThe default implementation does nothing. It may be\noverridden to extend subclasses.\n".as_ptr() },
    PyMethodDef { ml_name: c"__format__".as_ptr(), ml_meth: Some(object_format), ml_flags: METH_O, ml_doc: c"__format__($self, format_spec, /)\n--\n\nDefault object formatter.".as_ptr() },
    PyMethodDef { ml_name: c"__sizeof__".as_ptr(), ml_meth: Some(object_sizeof), ml_flags: METH_NOARGS, ml_doc: c"__sizeof__($self, /)\n--\n\nSize of object in memory, in bytes.".as_ptr() },
    PyMethodDef { ml_name: c"__dir__".as_ptr(), ml_meth: Some(object_dir), ml_flags: METH_NOARGS, ml_doc: c"__dir__($self, /)\n--\n\nDefault dir() implementation.".as_ptr() },
    PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
    PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
];

static mut OBJECT_GETSETS: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"__class__".as_ptr(),
        get: Some(object_get_class),
        set: Some(object_set_class),
        doc: core::ptr::null(),
        closure: core::ptr::null_mut(),
    },
    PyGetSetDef {
        name: core::ptr::null(),
        get: None,
        set: None,
        doc: core::ptr::null(),
        closure: core::ptr::null_mut(),
    },
];

/// The keys of a dict as a new list.
unsafe fn dict_keys_list(d: *mut PyObject) -> PyResult<Ref> {
    let list = crate::objects::listobject::new(0)?;
    let mut pos: Py_ssize_t = 0;
    while let Some((k, _)) = dictobject::next(d, &mut pos) {
        crate::objects::listobject::append(list.as_ptr(), k)?;
    }
    Ok(list)
}

// ---------------------------------------------------------------------------------------------
// type

use crate::abi::structmember::{READONLY, T_OBJECT, T_OBJECT_EX, T_PYSSIZET, T_ULONG};

unsafe extern "C" fn type_is_gc(op: *mut PyObject) -> c_int {
    has_feature(op.cast(), Py_TPFLAGS_HEAPTYPE) as c_int
}

unsafe extern "C" fn type_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let tp = op as *mut PyTypeObject;
    if !has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        return 0;
    }
    let Some(visit) = visit else { return 0 };
    let ht = tp as *mut PyHeapTypeObject;
    for p in [
        (*tp).tp_dict,
        (*tp).tp_cache,
        (*tp).tp_mro,
        (*tp).tp_bases,
        (*tp).tp_base.cast(),
        (*ht).ht_module,
    ] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn type_clear(op: *mut PyObject) -> c_int {
    let tp = op as *mut PyTypeObject;
    type_modified(tp);
    if !(*tp).tp_dict.is_null() {
        crate::objects::dictobject::clear((*tp).tp_dict);
    }
    object::replace_slot(&raw mut (*tp).tp_mro, core::ptr::null_mut());
    0
}

unsafe extern "C" fn type_dealloc(op: *mut PyObject) {
    let tp = op as *mut PyTypeObject;
    let ht = tp as *mut PyHeapTypeObject;
    // Only heap types are ever deallocated.
    if crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
    type_modified(tp);
    if !(*tp).tp_bases.is_null() {
        for &b in tuple_slice((*tp).tp_bases) {
            if is_type(b) {
                remove_subclass(b.cast(), tp);
            }
        }
    }
    if !(*tp).tp_weaklist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    object::xdecref((*tp).tp_base.cast());
    for slot in [
        &raw mut (*tp).tp_dict,
        &raw mut (*tp).tp_bases,
        &raw mut (*tp).tp_mro,
        &raw mut (*tp).tp_cache,
        &raw mut (*tp).tp_subclasses,
        &raw mut (*ht).ht_name,
        &raw mut (*ht).ht_qualname,
        &raw mut (*ht).ht_slots,
        &raw mut (*ht).ht_module,
    ] {
        object::replace_slot(slot, core::ptr::null_mut());
    }
    if !(*tp).tp_doc.is_null() {
        crate::mem::obj_free((*tp).tp_doc as *mut c_void);
    }
    if !(*ht)._ht_tpname.is_null() {
        crate::mem::mem_free((*ht)._ht_tpname.cast());
    }
    // A class made by a Python metaclass is released by subtype_dealloc, which also drops
    // the reference to the metaclass (as CPython's type_dealloc leaves it to do).
    gc_del(op.cast());
}

unsafe extern "C" fn type_repr(op: *mut PyObject) -> *mut PyObject {
    let tp = op as *mut PyTypeObject;
    if (*tp).tp_name.is_null() {
        return errors::ptr_result(crate::objects::unicodeobject::new_str(&format!(
            "<class at {:p}>",
            op
        )));
    }
    let module = match type_module(tp) {
        Ok(m) if object::is_str(m.as_ptr()) => Some(object::str_text(m.as_ptr())),
        Ok(_) => None,
        Err(_) => {
            errors::clear();
            None
        }
    };
    let text = match module {
        Some(m) if m != "builtins" => format!("<class '{}.{}'>", m, type_qualname_text(tp)),
        _ => format!("<class '{}'>", object::type_name_of(tp)),
    };
    errors::ptr_result(crate::objects::unicodeobject::new_str(&text))
}

/// `type_call`: `T(*args, **kwargs)` is `T.__new__` then, for an instance of `T`,
/// `type(obj).__init__`.
unsafe extern "C" fn type_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(type_call_impl(op.cast(), args, kwds))
}

unsafe fn type_call_impl(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<Ref> {
    if tp == &raw mut PyType_Type {
        let nargs = tuple_len(args);
        if nargs == 1 && (kwds.is_null() || dictobject::len(kwds) == 0) {
            return Ok(new_ref(py_type(tuple_slice(args)[0]).cast()));
        }
        if nargs != 3 {
            return Err(errors::type_error("type() takes 1 or 3 arguments"));
        }
    }
    let Some(new) = (*tp).tp_new else {
        return Err(errors::type_error(&format!(
            "cannot create '{}' instances",
            object::type_name_of(tp)
        )));
    };
    let obj = crate::objects::call::check_function_result(tp.cast(), new(tp, args, kwds))?;
    if !type_check(obj.as_ptr(), tp) {
        return Ok(obj);
    }
    let otp = obj.ob_type();
    if let Some(init) = (*otp).tp_init {
        if init(obj.as_ptr(), args, kwds) < 0 {
            return Err(errors::ErrSet::assume_set());
        }
        if !errors::occurred().is_null() {
            return Err(errors::system_error(&format!(
                "{} returned a result with an exception set",
                object::repr_for_message(init_descr_for_message(otp))
            )));
        }
    }
    Ok(obj)
}

/// What CPython names in the "__init__ returned a result with an exception set" error.
unsafe fn init_descr_for_message(tp: *mut PyTypeObject) -> *mut PyObject {
    type_lookup(tp, crate::_Py_ID!(__init__)).unwrap_or(tp.cast())
}

unsafe extern "C" fn type_vectorcall(
    meta: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = crate::objects::call::nargs_of(nargsf);
    if nargs == 1 && meta == (&raw mut PyType_Type).cast() {
        if !kwnames.is_null() && tuple_len(kwnames) != 0 {
            let _ = errors::type_error("type() takes no keyword arguments");
            return core::ptr::null_mut();
        }
        return new_ref(py_type(*args).cast()).into_raw();
    }
    errors::ptr_result(crate::objects::call::make_tp_call(
        meta, args, nargs, kwnames,
    ))
}

unsafe extern "C" fn type_init(
    _s: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    let nargs = tuple_len(args);
    if nargs == 1 && !kwds.is_null() && dictobject::len(kwds) != 0 {
        let _ = errors::type_error("type.__init__() takes no keyword arguments");
        return -1;
    }
    if nargs != 1 && nargs != 3 {
        let _ = errors::type_error("type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    0
}

/// `type_getattro`: metatype data descriptors, then the MRO of the type itself (binding with
/// `__get__(None, type)`), then other metatype attributes.
unsafe extern "C" fn type_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(type_getattro_impl(op.cast(), name))
}

unsafe fn type_getattro_impl(tp: *mut PyTypeObject, name: *mut PyObject) -> PyResult<Ref> {
    if !object::is_str(name) {
        return Err(errors::type_error(&format!(
            "attribute name must be string, not '{}'",
            type_name_trunc(py_type(name), 200)
        )));
    }
    if (*tp).tp_dict.is_null() {
        ready(tp)?;
    }
    let meta = py_type(tp.cast());
    let meta_attr = type_lookup(meta, name).map(|a| new_ref(a));
    let mut meta_get = None;
    if let Some(ma) = &meta_attr {
        meta_get = (*ma.ob_type()).tp_descr_get;
        if let Some(g) = meta_get {
            if object::is_data_descr(ma.as_ptr()) {
                return Ref::from_result(g(ma.as_ptr(), tp.cast(), meta.cast()));
            }
        }
    }
    if let Some(attr) = type_lookup(tp, name) {
        let attr = new_ref(attr);
        return match (*attr.ob_type()).tp_descr_get {
            Some(g) => Ref::from_result(g(attr.as_ptr(), core::ptr::null_mut(), tp.cast())),
            None => Ok(attr),
        };
    }
    if let (Some(g), Some(ma)) = (meta_get, &meta_attr) {
        return Ref::from_result(g(ma.as_ptr(), tp.cast(), meta.cast()));
    }
    if let Some(ma) = meta_attr {
        return Ok(ma);
    }
    Err(errors::set_string(
        PyExc_AttributeError,
        &format!(
            "type object '{}' has no attribute '{}'",
            type_name_trunc(tp, 50),
            object::str_text(name)
        ),
    ))
}

/// True for `__xxx__` names.
unsafe fn is_dunder(name: *mut PyObject) -> bool {
    let n = crate::objects::unicodeobject::length(name);
    if n < 5 {
        return false;
    }
    let (data, kind) = crate::objects::unicodeobject::data_and_kind(name);
    let rd = |i: usize| crate::objects::unicodeobject::read_char(data, kind, i);
    let n = n as usize;
    rd(0) == b'_' as u32
        && rd(1) == b'_' as u32
        && rd(n - 1) == b'_' as u32
        && rd(n - 2) == b'_' as u32
}

/// `type_setattro`: refused on immutable types; otherwise the generic set, then the version
/// tag reset and, for dunders, the C slots updated.
unsafe extern "C" fn type_setattro(
    op: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        let tp = op as *mut PyTypeObject;
        if has_feature(tp, Py_TPFLAGS_IMMUTABLETYPE) {
            return Err(errors::type_error(&format!(
                "cannot set {} attribute of immutable type '{}'",
                object::repr_for_message(name),
                object::type_name_of(tp)
            )));
        }
        if !object::is_str(name) {
            return Err(errors::type_error(&format!(
                "attribute name must be string, not '{}'",
                type_name_trunc(py_type(name), 200)
            )));
        }
        let name = if object::is_type(name, &raw mut crate::objects::unicodeobject::PyUnicode_Type)
        {
            crate::objects::unicodeobject::intern(new_ref(name))
        } else {
            crate::objects::unicodeobject::intern(object::str(name)?)
        };
        object::generic_set_attr_with_dict(op, name.as_ptr(), value, core::ptr::null_mut())?;
        type_modified(tp);
        if is_dunder(name.as_ptr()) {
            update_slot(tp, name.as_ptr());
        }
        Ok(())
    })())
}

/// `check_set_special_type_attr`.
unsafe fn check_set_special(
    tp: *mut PyTypeObject,
    value: *mut PyObject,
    name: &str,
) -> PyResult<()> {
    if has_feature(tp, Py_TPFLAGS_IMMUTABLETYPE) {
        return Err(errors::type_error(&format!(
            "cannot set '{name}' attribute of immutable type '{}'",
            object::type_name_of(tp)
        )));
    }
    if value.is_null() {
        return Err(errors::type_error(&format!(
            "cannot delete '{name}' attribute of immutable type '{}'",
            object::type_name_of(tp)
        )));
    }
    Ok(())
}

unsafe extern "C" fn type_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let tp = op as *mut PyTypeObject;
    if has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        return new_ref((*(tp as *mut PyHeapTypeObject)).ht_name).into_raw();
    }
    errors::ptr_result(crate::objects::unicodeobject::from_utf8(
        type_short_name_c(tp),
        None,
    ))
}

unsafe extern "C" fn type_set_name(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let tp = op as *mut PyTypeObject;
        check_set_special(tp, value, "__name__")?;
        if !object::is_str(value) {
            return Err(errors::type_error(&format!(
                "can only assign string to {}.__name__, not '{}'",
                object::type_name_of(tp),
                type_name_trunc(py_type(value), 200)
            )));
        }
        let utf8 = crate::objects::unicodeobject::as_utf8(value)?;
        if utf8.contains(&0) {
            return Err(errors::value_error(
                "type name must not contain null characters",
            ));
        }
        let ht = tp as *mut PyHeapTypeObject;
        set_heap_tp_name(tp, utf8)?;
        object::replace_slot(&raw mut (*ht).ht_name, new_ref(value).into_raw());
        Ok(())
    })())
}

/// Points `tp_name` at an owned NUL-terminated copy (`_ht_tpname`).
unsafe fn set_heap_tp_name(tp: *mut PyTypeObject, name: &[u8]) -> PyResult<()> {
    let ht = tp as *mut PyHeapTypeObject;
    let buf = crate::mem::mem_malloc(name.len() + 1) as *mut u8;
    if buf.is_null() {
        return Err(errors::no_memory());
    }
    core::ptr::copy_nonoverlapping(name.as_ptr(), buf, name.len());
    *buf.add(name.len()) = 0;
    let old = (*ht)._ht_tpname;
    (*ht)._ht_tpname = buf.cast();
    (*tp).tp_name = buf.cast();
    if !old.is_null() {
        crate::mem::mem_free(old.cast());
    }
    Ok(())
}

unsafe extern "C" fn type_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let tp = op as *mut PyTypeObject;
    if has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        return new_ref((*(tp as *mut PyHeapTypeObject)).ht_qualname).into_raw();
    }
    type_get_name(op, core::ptr::null_mut())
}

unsafe extern "C" fn type_set_qualname(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let tp = op as *mut PyTypeObject;
        check_set_special(tp, value, "__qualname__")?;
        if !object::is_str(value) {
            return Err(errors::type_error(&format!(
                "can only assign string to {}.__qualname__, not '{}'",
                object::type_name_of(tp),
                type_name_trunc(py_type(value), 200)
            )));
        }
        object::replace_slot(
            &raw mut (*(tp as *mut PyHeapTypeObject)).ht_qualname,
            new_ref(value).into_raw(),
        );
        Ok(())
    })())
}

unsafe extern "C" fn type_get_bases(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let b = (*(op as *mut PyTypeObject)).tp_bases;
    if b.is_null() {
        return errors::ptr_result(tupleobject::pack(&[]));
    }
    new_ref(b).into_raw()
}

unsafe extern "C" fn type_get_module(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(type_module(op.cast()))
}

unsafe extern "C" fn type_set_module(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let tp = op as *mut PyTypeObject;
        check_set_special(tp, value, "__module__")?;
        type_modified(tp);
        dictobject::set_item((*tp).tp_dict, crate::_Py_ID!(__module__), value)
    })())
}

unsafe extern "C" fn type_get_abstractmethods(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let tp = op as *mut PyTypeObject;
    let r = if tp != &raw mut PyType_Type {
        dictobject::get_item((*tp).tp_dict, crate::_Py_ID!(__abstractmethods__))
    } else {
        Ok(None)
    };
    match r {
        Ok(Some(v)) => new_ref(v).into_raw(),
        Ok(None) => {
            let _ = errors::set_object(PyExc_AttributeError, crate::_Py_ID!(__abstractmethods__));
            core::ptr::null_mut()
        }
        Err(_) => core::ptr::null_mut(),
    }
}

unsafe extern "C" fn type_set_abstractmethods(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let tp = op as *mut PyTypeObject;
        let key = crate::_Py_ID!(__abstractmethods__);
        let abstract_ = if value.is_null() {
            if dictobject::get_item((*tp).tp_dict, key)?.is_none() {
                return Err(errors::set_object(PyExc_AttributeError, key));
            }
            dictobject::del_item((*tp).tp_dict, key)?;
            false
        } else {
            let b = object::is_true(value)?;
            dictobject::set_item((*tp).tp_dict, key, value)?;
            b
        };
        type_modified(tp);
        if abstract_ {
            (*tp).tp_flags |= Py_TPFLAGS_IS_ABSTRACT;
        } else {
            (*tp).tp_flags &= !Py_TPFLAGS_IS_ABSTRACT;
        }
        Ok(())
    })())
}

unsafe extern "C" fn type_get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let d = (*(op as *mut PyTypeObject)).tp_dict;
    if d.is_null() {
        return object::new_none().into_raw();
    }
    errors::ptr_result(crate::objects::descrobject::dict_proxy_new(d))
}

unsafe extern "C" fn type_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp = op as *mut PyTypeObject;
        if !has_feature(tp, Py_TPFLAGS_HEAPTYPE) && !(*tp).tp_doc.is_null() {
            return crate::objects::unicodeobject::from_utf8(
                doc_without_signature(type_short_name_c(tp), (*tp).tp_doc),
                None,
            );
        }
        let Some(doc) = dictobject::get_item((*tp).tp_dict, crate::_Py_ID!(__doc__))? else {
            return Ok(object::new_none());
        };
        let doc = new_ref(doc);
        match (*doc.ob_type()).tp_descr_get {
            Some(g) => Ref::from_result(g(doc.as_ptr(), core::ptr::null_mut(), op)),
            None => Ok(doc),
        }
    })())
}

unsafe extern "C" fn type_set_doc(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let tp = op as *mut PyTypeObject;
        check_set_special(tp, value, "__doc__")?;
        type_modified(tp);
        dictobject::set_item((*tp).tp_dict, crate::_Py_ID!(__doc__), value)
    })())
}

unsafe extern "C" fn type_get_text_signature(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let tp = op as *mut PyTypeObject;
    match text_signature_from_doc(type_short_name_c(tp), (*tp).tp_doc) {
        Some(sig) => errors::ptr_result(crate::objects::unicodeobject::from_utf8(sig, None)),
        None => object::new_none().into_raw(),
    }
}

unsafe extern "C" fn type_get_annotations(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp = op as *mut PyTypeObject;
        if !has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
            return Err(errors::set_string(
                PyExc_AttributeError,
                &format!(
                    "type object '{}' has no attribute '__annotations__'",
                    object::type_name_of(tp)
                ),
            ));
        }
        let key = crate::_Py_ID!(__annotations__);
        if let Some(a) = dictobject::get_item((*tp).tp_dict, key)? {
            let a = new_ref(a);
            return match (*a.ob_type()).tp_descr_get {
                Some(g) => Ref::from_result(g(a.as_ptr(), core::ptr::null_mut(), op)),
                None => Ok(a),
            };
        }
        let d = dictobject::new()?;
        dictobject::set_item((*tp).tp_dict, key, d.as_ptr())?;
        type_modified(tp);
        Ok(d)
    })())
}

unsafe extern "C" fn type_set_annotations(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let tp = op as *mut PyTypeObject;
        if has_feature(tp, Py_TPFLAGS_IMMUTABLETYPE) {
            return Err(errors::type_error(&format!(
                "cannot set '__annotations__' attribute of immutable type '{}'",
                object::type_name_of(tp)
            )));
        }
        let key = crate::_Py_ID!(__annotations__);
        if value.is_null() {
            if dictobject::get_item((*tp).tp_dict, key)?.is_none() {
                return Err(errors::set_string(PyExc_AttributeError, "__annotations__"));
            }
            dictobject::del_item((*tp).tp_dict, key)?;
        } else {
            dictobject::set_item((*tp).tp_dict, key, value)?;
        }
        type_modified(tp);
        Ok(())
    })())
}

unsafe extern "C" fn type_mro_method(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let items = mro_implementation(op.cast())?;
        let list = crate::objects::listobject::new(0)?;
        for it in items {
            crate::objects::listobject::append(list.as_ptr(), it)?;
        }
        Ok(list)
    })())
}

unsafe extern "C" fn type_subclasses_method(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let list = crate::objects::listobject::new(0)?;
        for sub in subclasses(op.cast()) {
            crate::objects::listobject::append(list.as_ptr(), sub.cast())?;
        }
        Ok(list)
    })())
}

unsafe extern "C" fn type_prepare(
    _s: *mut PyObject,
    _a: *const *mut PyObject,
    _n: Py_ssize_t,
    _k: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(dictobject::new())
}

unsafe extern "C" fn type_instancecheck(s: *mut PyObject, inst: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(recursive_isinstance(inst, s).map(object::new_bool))
}

unsafe extern "C" fn type_subclasscheck(s: *mut PyObject, sub: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(recursive_issubclass(sub, s).map(object::new_bool))
}

/// `object_recursive_isinstance` without `__instancecheck__` (what `type.__instancecheck__`
/// does): the exact type relation, else `__class__`.
///
/// # Safety
/// Both are live objects.
pub unsafe fn recursive_isinstance(inst: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
    if is_type(cls) {
        if type_check(inst, cls.cast()) {
            return Ok(true);
        }
        if let Some(c) = object::lookup_attr(inst, crate::_Py_ID!(__class__))? {
            if c.as_ptr() != py_type(inst).cast() && is_type(c.as_ptr()) {
                return Ok(is_subtype(c.as_ptr().cast(), cls.cast()));
            }
        }
        return Ok(false);
    }
    Err(errors::type_error(
        "isinstance() arg 2 must be a type, a tuple of types, or a union",
    ))
}

/// `recursive_issubclass` for type arguments.
///
/// # Safety
/// Both are live objects.
pub unsafe fn recursive_issubclass(sub: *mut PyObject, cls: *mut PyObject) -> PyResult<bool> {
    if is_type(sub) && is_type(cls) {
        return Ok(is_subtype(sub.cast(), cls.cast()));
    }
    if !is_type(sub) {
        return Err(errors::type_error("issubclass() arg 1 must be a class"));
    }
    Err(errors::type_error(
        "issubclass() arg 2 must be a class, a tuple of classes, or a union",
    ))
}

unsafe extern "C" fn type_dir(s: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let dict = dictobject::new()?;
        merge_class_dict(dict.as_ptr(), s)?;
        dict_keys_list(dict.as_ptr())
    })())
}

unsafe extern "C" fn type_sizeof(s: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let tp = s as *mut PyTypeObject;
    let size = if has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        core::mem::size_of::<PyHeapTypeObject>() as isize
            + core::mem::size_of::<PyMemberDef>() as isize * (*(s as *mut PyVarObject)).ob_size
    } else {
        core::mem::size_of::<PyTypeObject>() as isize
    };
    errors::ptr_result(crate::objects::longobject::from_isize(size))
}

const fn method(
    name: &'static core::ffi::CStr,
    f: *const c_void,
    flags: c_int,
    doc: &'static core::ffi::CStr,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: every PyCFunction flavour is called back through the signature its flags name.
        ml_meth: unsafe { core::mem::transmute::<*const c_void, PyCFunction>(f) },
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }
}

const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

static mut TYPE_METHODS: [PyMethodDef; 9] = [
    method(
        c"mro",
        type_mro_method as *const c_void,
        METH_NOARGS,
        c"mro($self, /)\n--\n\nReturn a type's method resolution order.",
    ),
    method(
        c"__subclasses__",
        type_subclasses_method as *const c_void,
        METH_NOARGS,
        c"__subclasses__($self, /)\n--\n\nReturn a list of immediate subclasses.",
    ),
    method(
        c"__prepare__",
        type_prepare as *const c_void,
        METH_FASTCALL | METH_KEYWORDS | METH_CLASS,
        c"__prepare__() -> dict\nused to create the namespace for the class statement",
    ),
    method(
        c"__instancecheck__",
        type_instancecheck as *const c_void,
        METH_O,
        c"__instancecheck__($self, instance, /)\n--\n\nCheck if an object is an instance.",
    ),
    method(
        c"__subclasscheck__",
        type_subclasscheck as *const c_void,
        METH_O,
        c"__subclasscheck__($self, subclass, /)\n--\n\nCheck if a class is a subclass.",
    ),
    method(
        c"__dir__",
        type_dir as *const c_void,
        METH_NOARGS,
        c"__dir__($self, /)\n--\n\nSpecialized __dir__ implementation for types.",
    ),
    method(
        c"__sizeof__",
        type_sizeof as *const c_void,
        METH_NOARGS,
        c"__sizeof__($self, /)\n--\n\nReturn memory consumption of the type object.",
    ),
    METHOD_END,
    METHOD_END,
];

const fn member(
    name: &'static core::ffi::CStr,
    ty: c_int,
    offset: usize,
    flags: c_int,
) -> PyMemberDef {
    PyMemberDef {
        name: name.as_ptr(),
        type_: ty,
        offset: offset as Py_ssize_t,
        flags,
        doc: core::ptr::null(),
    }
}

const MEMBER_END: PyMemberDef = PyMemberDef {
    name: core::ptr::null(),
    type_: 0,
    offset: 0,
    flags: 0,
    doc: core::ptr::null(),
};

static mut TYPE_MEMBERS: [PyMemberDef; 8] = [
    member(
        c"__basicsize__",
        T_PYSSIZET,
        offset_of!(PyTypeObject, tp_basicsize),
        READONLY,
    ),
    member(
        c"__itemsize__",
        T_PYSSIZET,
        offset_of!(PyTypeObject, tp_itemsize),
        READONLY,
    ),
    member(
        c"__flags__",
        T_ULONG,
        offset_of!(PyTypeObject, tp_flags),
        READONLY,
    ),
    member(
        c"__weakrefoffset__",
        T_PYSSIZET,
        offset_of!(PyTypeObject, tp_weaklistoffset),
        READONLY,
    ),
    member(
        c"__base__",
        T_OBJECT,
        offset_of!(PyTypeObject, tp_base),
        READONLY,
    ),
    member(
        c"__dictoffset__",
        T_PYSSIZET,
        offset_of!(PyTypeObject, tp_dictoffset),
        READONLY,
    ),
    member(
        c"__mro__",
        T_OBJECT,
        offset_of!(PyTypeObject, tp_mro),
        READONLY,
    ),
    MEMBER_END,
];

const fn getset(
    name: &'static core::ffi::CStr,
    get: GetterFn,
    set: Option<SetterFn>,
) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set,
        doc: core::ptr::null(),
        closure: core::ptr::null_mut(),
    }
}
type GetterFn = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject;
type SetterFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void) -> c_int;

const GETSET_END: PyGetSetDef = PyGetSetDef {
    name: core::ptr::null(),
    get: None,
    set: None,
    doc: core::ptr::null(),
    closure: core::ptr::null_mut(),
};

unsafe extern "C" fn type_set_bases(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let tp = op as *mut PyTypeObject;
        check_set_special(tp, value, "__bases__")?;
        if !object::is_type(value, &raw mut tupleobject::PyTuple_Type) {
            return Err(errors::type_error(&format!(
                "can only assign tuple to {}.__bases__, not {}",
                object::type_name_of(tp),
                type_name_trunc(py_type(value), 200)
            )));
        }
        if tuple_len(value) == 0 {
            return Err(errors::type_error(&format!(
                "can only assign non-empty tuple to {}.__bases__, not ()",
                object::type_name_of(tp)
            )));
        }
        for &b in tuple_slice(value) {
            if !is_type(b) {
                return Err(errors::type_error(&format!(
                    "{}.__bases__ must be tuple of classes, not '{}'",
                    object::type_name_of(tp),
                    type_name_trunc(py_type(b), 200)
                )));
            }
            if is_subtype(b.cast(), tp) {
                return Err(errors::type_error(
                    "a __bases__ item causes an inheritance cycle",
                ));
            }
        }
        let new_base = best_base(value)?;
        compatible_for_assignment((*tp).tp_base, new_base, "__bases__")?;
        let old_bases = (*tp).tp_bases;
        let old_base = (*tp).tp_base;
        for &b in tuple_slice(old_bases) {
            remove_subclass(b.cast(), tp);
        }
        (*tp).tp_bases = new_ref(value).into_raw();
        incref(new_base.cast());
        (*tp).tp_base = new_base;
        if let Err(e) = mro_internal(tp) {
            object::decref((*tp).tp_bases);
            object::decref(new_base.cast());
            (*tp).tp_bases = old_bases;
            (*tp).tp_base = old_base;
            for &b in tuple_slice(old_bases) {
                let _ = add_subclass(b.cast(), tp);
            }
            return Err(e);
        }
        for &b in tuple_slice(value) {
            add_subclass(b.cast(), tp)?;
        }
        object::decref(old_bases);
        object::decref(old_base.cast());
        Ok(())
    })())
}

static mut TYPE_GETSETS: [PyGetSetDef; 10] = [
    getset(c"__name__", type_get_name, Some(type_set_name)),
    getset(c"__qualname__", type_get_qualname, Some(type_set_qualname)),
    getset(c"__bases__", type_get_bases, Some(type_set_bases)),
    getset(c"__module__", type_get_module, Some(type_set_module)),
    getset(
        c"__abstractmethods__",
        type_get_abstractmethods,
        Some(type_set_abstractmethods),
    ),
    getset(c"__dict__", type_get_dict, None),
    getset(c"__doc__", type_get_doc, Some(type_set_doc)),
    getset(c"__text_signature__", type_get_text_signature, None),
    getset(
        c"__annotations__",
        type_get_annotations,
        Some(type_set_annotations),
    ),
    GETSET_END,
];

// ---------------------------------------------------------------------------------------------
// `__new__` of types with a C tp_new: a builtin function bound to the type.

static mut TP_NEW_METHODDEF: [PyMethodDef; 1] = [method(
    c"__new__",
    tp_new_wrapper as *const c_void,
    METH_VARARGS | METH_KEYWORDS,
    c"__new__($type, *args, **kwargs)\n--\n\nCreate and return a new object.  See help(type) for accurate signature.",
)];

/// True if `func` is the ml_meth of the `__new__` wrapper.
pub fn tp_new_wrapper_fn() -> PyCFunction {
    // SAFETY: reading a static table entry.
    unsafe { (*(&raw const TP_NEW_METHODDEF))[0].ml_meth }
}

unsafe extern "C" fn tp_new_wrapper(
    s: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if s.is_null() || !is_type(s) {
            return Err(errors::system_error(
                "__new__() called with non-type 'self'",
            ));
        }
        let tp = s as *mut PyTypeObject;
        let a = args_of(args);
        if a.is_empty() {
            return Err(errors::type_error(&format!(
                "{}.__new__(): not enough arguments",
                object::type_name_of(tp)
            )));
        }
        let arg0 = a[0];
        if !is_type(arg0) {
            return Err(errors::type_error(&format!(
                "{}.__new__(X): X is not a type object ({})",
                object::type_name_of(tp),
                object::type_name(arg0)
            )));
        }
        let sub = arg0 as *mut PyTypeObject;
        if !is_subtype(sub, tp) {
            return Err(errors::type_error(&format!(
                "{0}.__new__({1}): {1} is not a subtype of {0}",
                object::type_name_of(tp),
                object::type_name_of(sub)
            )));
        }
        let mut staticbase = sub;
        while !staticbase.is_null() && (*staticbase).tp_new == Some(slot_tp_new) {
            staticbase = (*staticbase).tp_base;
        }
        if !staticbase.is_null() && (*staticbase).tp_new != (*tp).tp_new {
            return Err(errors::type_error(&format!(
                "{}.__new__({}) is not safe, use {}.__new__()",
                object::type_name_of(tp),
                object::type_name_of(sub),
                object::type_name_of(staticbase)
            )));
        }
        let rest = tupleobject::pack(&a[1..])?;
        let new = (*tp)
            .tp_new
            .ok_or_else(|| errors::type_error("cannot create instances"))?;
        Ref::from_result(new(sub, rest.as_ptr(), kwds))
    })())
}

/// `add_tp_new_wrapper`: `__new__` in the dict unless the type already defines one.
unsafe fn add_tp_new_wrapper(tp: *mut PyTypeObject) -> PyResult<()> {
    let key = crate::_Py_ID!(__new__);
    if dictobject::get_item((*tp).tp_dict, key)?.is_some() {
        return Ok(());
    }
    let func = crate::objects::methodobject::new_cfunction(
        (&raw mut TP_NEW_METHODDEF).cast(),
        tp.cast(),
        core::ptr::null_mut(),
        core::ptr::null_mut(),
    )?;
    dictobject::set_item((*tp).tp_dict, key, func.as_ptr())
}

// ---------------------------------------------------------------------------------------------
// Layout compatibility and class creation (`type(name, bases, dict)`).

/// `extra_ivars`: does `tp` add fields to `base` beyond a dict and a weakref list?
unsafe fn extra_ivars(tp: *mut PyTypeObject, base: *mut PyTypeObject) -> bool {
    let mut t_size = (*tp).tp_basicsize;
    let b_size = (*base).tp_basicsize;
    if (*tp).tp_itemsize != 0 || (*base).tp_itemsize != 0 {
        return t_size != b_size || (*tp).tp_itemsize != (*base).tp_itemsize;
    }
    let ptr = core::mem::size_of::<*mut PyObject>() as Py_ssize_t;
    let added = |t: Py_ssize_t, b: Py_ssize_t, at: Py_ssize_t| t != 0 && b == 0 && t + ptr == at;
    if added((*tp).tp_weaklistoffset, (*base).tp_weaklistoffset, t_size) {
        t_size -= ptr;
    }
    if !has_feature(tp, Py_TPFLAGS_MANAGED_DICT)
        && added((*tp).tp_dictoffset, (*base).tp_dictoffset, t_size)
    {
        t_size -= ptr;
    }
    if added((*tp).tp_weaklistoffset, (*base).tp_weaklistoffset, t_size) {
        t_size -= ptr;
    }
    t_size != b_size
}

/// `solid_base`: the nearest base whose instance layout this type extends.
unsafe fn solid_base(tp: *mut PyTypeObject) -> *mut PyTypeObject {
    let base = if (*tp).tp_base.is_null() {
        &raw mut PyBaseObject_Type
    } else {
        solid_base((*tp).tp_base)
    };
    if extra_ivars(tp, base) {
        tp
    } else {
        base
    }
}

/// `best_base`: the base whose layout the new class extends; all others must be compatible.
unsafe fn best_base(bases: *mut PyObject) -> PyResult<*mut PyTypeObject> {
    let mut base: *mut PyTypeObject = core::ptr::null_mut();
    let mut winner: *mut PyTypeObject = core::ptr::null_mut();
    for &b in tuple_slice(bases) {
        if !is_type(b) {
            return Err(errors::type_error("bases must be types"));
        }
        let bi = b as *mut PyTypeObject;
        ready(bi)?;
        if !has_feature(bi, Py_TPFLAGS_BASETYPE) {
            return Err(errors::type_error(&format!(
                "type '{}' is not an acceptable base type",
                type_name_trunc(bi, 100)
            )));
        }
        let candidate = solid_base(bi);
        if winner.is_null() {
            winner = candidate;
            base = bi;
        } else if is_subtype(winner, candidate) {
        } else if is_subtype(candidate, winner) {
            winner = candidate;
            base = bi;
        } else {
            return Err(errors::type_error(
                "multiple bases have instance lay-out conflict",
            ));
        }
    }
    if base.is_null() {
        return Err(errors::type_error("bases must be types"));
    }
    Ok(base)
}

/// `_PyType_CalculateMetaclass`: the most derived metaclass among `meta` and the bases'.
///
/// # Safety
/// `bases` is a tuple.
pub unsafe fn calculate_metaclass(
    meta: *mut PyTypeObject,
    bases: *mut PyObject,
) -> PyResult<*mut PyTypeObject> {
    let mut winner = meta;
    for &b in tuple_slice(bases) {
        let t = py_type(b);
        if is_subtype(winner, t) {
            continue;
        }
        if is_subtype(t, winner) {
            winner = t;
            continue;
        }
        return Err(errors::type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

/// `_Py_Mangle` for `__slots__` names: `__x` inside class `C` is `_C__x`.
unsafe fn mangle(class_name: &str, name: &str) -> String {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class_name.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

/// True if `s` is a Python identifier (ASCII fast check; non-ASCII letters are accepted).
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => chars.all(|c| c == '_' || c.is_alphanumeric()),
        _ => false,
    }
}

/// The `__dict__` getter of class instances (`subtype_dict`).
unsafe extern "C" fn subtype_get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        let dp = object::dict_ptr(op);
        if dp.is_null() {
            return Err(errors::set_string(
                PyExc_AttributeError,
                "This object has no __dict__",
            ));
        }
        if (*dp).is_null() {
            *dp = dictobject::new()?.into_raw();
        }
        Ok(new_ref(*dp))
    })())
}

/// The `__dict__` setter of class instances.
unsafe extern "C" fn subtype_set_dict(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let dp = object::dict_ptr(op);
        if dp.is_null() {
            return Err(errors::set_string(
                PyExc_AttributeError,
                "This object has no __dict__",
            ));
        }
        if !value.is_null() && !has_feature(py_type(value), Py_TPFLAGS_DICT_SUBCLASS) {
            return Err(errors::type_error(&format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                type_name_trunc(py_type(value), 200)
            )));
        }
        object::xincref(value);
        object::replace_slot(dp, value);
        Ok(())
    })())
}

/// The `__weakref__` getter of class instances.
unsafe extern "C" fn subtype_get_weakref(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let tp = py_type(op);
    if (*tp).tp_weaklistoffset == 0 {
        let _ = errors::set_string(PyExc_AttributeError, "This object has no __weakref__");
        return core::ptr::null_mut();
    }
    let p = *((op as *mut u8).offset((*tp).tp_weaklistoffset) as *mut *mut PyObject);
    new_ref(if p.is_null() { object::none() } else { p }).into_raw()
}

static mut SUBTYPE_GETSETS_FULL: [PyGetSetDef; 3] = [
    PyGetSetDef {
        name: c"__dict__".as_ptr(),
        get: Some(subtype_get_dict),
        set: Some(subtype_set_dict),
        doc: c"dictionary for instance variables (if defined)".as_ptr(),
        closure: core::ptr::null_mut(),
    },
    PyGetSetDef {
        name: c"__weakref__".as_ptr(),
        get: Some(subtype_get_weakref),
        set: None,
        doc: c"list of weak references to the object (if defined)".as_ptr(),
        closure: core::ptr::null_mut(),
    },
    GETSET_END,
];
static mut SUBTYPE_GETSETS_DICT_ONLY: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"__dict__".as_ptr(),
        get: Some(subtype_get_dict),
        set: Some(subtype_set_dict),
        doc: c"dictionary for instance variables (if defined)".as_ptr(),
        closure: core::ptr::null_mut(),
    },
    GETSET_END,
];
static mut SUBTYPE_GETSETS_WEAKREF_ONLY: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"__weakref__".as_ptr(),
        get: Some(subtype_get_weakref),
        set: None,
        doc: c"list of weak references to the object (if defined)".as_ptr(),
        closure: core::ptr::null_mut(),
    },
    GETSET_END,
];

/// `type.__new__(meta, name, bases, dict, **kwds)`.
unsafe extern "C" fn type_new(
    meta: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(type_new_impl(meta, args, kwds))
}

unsafe fn type_new_impl(
    meta: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> PyResult<Ref> {
    let a = args_of(args);
    if a.len() != 3 {
        return Err(errors::type_error(&format!(
            "type.__new__() takes exactly 3 arguments ({} given)",
            a.len()
        )));
    }
    let (name, bases_in, orig_dict) = (a[0], a[1], a[2]);
    if !object::is_str(name) {
        return Err(errors::type_error(&format!(
            "type.__new__() argument 1 must be str, not {}",
            object::type_name(name)
        )));
    }
    if !has_feature(py_type(bases_in), Py_TPFLAGS_TUPLE_SUBCLASS) {
        return Err(errors::type_error(&format!(
            "type.__new__() argument 2 must be tuple, not {}",
            object::type_name(bases_in)
        )));
    }
    if !has_feature(py_type(orig_dict), Py_TPFLAGS_DICT_SUBCLASS) {
        return Err(errors::type_error(&format!(
            "type.__new__() argument 3 must be dict, not {}",
            object::type_name(orig_dict)
        )));
    }
    // The metaclass that wins may have its own __new__.
    let winner = calculate_metaclass(meta, bases_in)?;
    if winner != meta && (*winner).tp_new != Some(type_new) {
        let new = (*winner)
            .tp_new
            .ok_or_else(|| errors::type_error("cannot create instances"))?;
        return Ref::from_result(new(winner, args, kwds));
    }
    let meta = winner;
    let bases = if tuple_len(bases_in) == 0 {
        tupleobject::pack(&[(&raw mut PyBaseObject_Type).cast()])?
    } else {
        for &b in tuple_slice(bases_in) {
            if !is_type(b) && object::lookup_attr(b, crate::_Py_ID!(__mro_entries__))?.is_some() {
                return Err(errors::type_error(
                    "type() doesn't support MRO entry resolution; use types.new_class()",
                ));
            }
        }
        new_ref(bases_in)
    };
    let base = best_base(bases.as_ptr())?;
    let dict = dictobject::copy(orig_dict)?;
    let class_name = object::str_text(name);

    // __slots__.
    let slots_obj =
        dictobject::get_item(dict.as_ptr(), crate::_Py_ID!(__slots__))?.map(|s| new_ref(s));
    let may_add_dict = (*base).tp_dictoffset == 0 && !has_feature(base, Py_TPFLAGS_MANAGED_DICT);
    let may_add_weak = (*base).tp_weaklistoffset == 0 && (*base).tp_itemsize == 0;
    let (mut add_dict, mut add_weak) = (false, false);
    let mut slot_names: Vec<Ref> = Vec::new();
    match &slots_obj {
        None => {
            add_dict = may_add_dict;
            add_weak = may_add_weak;
        }
        Some(s) => {
            let items: Vec<Ref> = if object::is_str(s.as_ptr()) {
                vec![s.clone()]
            } else {
                let it = crate::objects::r#abstract::iter::get_iter(s.as_ptr())?;
                let mut v = Vec::new();
                while let Some(x) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
                    v.push(x);
                }
                v
            };
            for item in items {
                if !object::is_str(item.as_ptr()) {
                    return Err(errors::type_error(&format!(
                        "__slots__ items must be strings, not '{}'",
                        type_name_trunc(item.ob_type(), 200)
                    )));
                }
                let text = object::str_text(item.as_ptr());
                if !is_identifier(&text) {
                    return Err(errors::type_error("__slots__ must be identifiers"));
                }
                if text == "__dict__" {
                    if !may_add_dict || add_dict {
                        return Err(errors::type_error(
                            "__dict__ slot disallowed: we already got one",
                        ));
                    }
                    add_dict = true;
                    continue;
                }
                if text == "__weakref__" {
                    if !may_add_weak || add_weak {
                        return Err(errors::type_error(
                            "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0",
                        ));
                    }
                    add_weak = true;
                    continue;
                }
                let mangled = mangle(&class_name, &text);
                let m = crate::objects::unicodeobject::intern(
                    crate::objects::unicodeobject::new_str(&mangled)?,
                );
                if dictobject::get_item(dict.as_ptr(), m.as_ptr())?.is_some() {
                    return Err(errors::value_error(&format!(
                        "{} in __slots__ conflicts with class variable",
                        object::repr_for_message(item.as_ptr())
                    )));
                }
                slot_names.push(m);
            }
            slot_names.sort_by_key(|s| object::str_text(s.as_ptr()));
            if !slot_names.is_empty() && (*base).tp_itemsize != 0 {
                return Err(errors::type_error(&format!(
                    "nonempty __slots__ not supported for subtype of '{}'",
                    object::type_name_of(base)
                )));
            }
        }
    }
    let nslot = slot_names.len();

    // Allocate the type object (with room for the slot member table).
    let alloc = (*meta).tp_alloc.unwrap_or(PyType_GenericAlloc);
    let tp = Ref::from_result(alloc(meta, nslot as Py_ssize_t))?;
    let t = tp.as_ptr() as *mut PyTypeObject;
    let ht = t as *mut PyHeapTypeObject;
    (*t).tp_flags =
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HEAPTYPE | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
    (*t).tp_as_async = &raw mut (*ht).as_async;
    (*t).tp_as_number = &raw mut (*ht).as_number;
    (*t).tp_as_sequence = &raw mut (*ht).as_sequence;
    (*t).tp_as_mapping = &raw mut (*ht).as_mapping;
    (*t).tp_as_buffer = &raw mut (*ht).as_buffer;
    (*t).tp_bases = bases.clone().into_raw();
    (*t).tp_base = new_ref(base.cast()).into_raw().cast();
    (*t).tp_dealloc = Some(subtype_dealloc);
    (*t).tp_alloc = Some(PyType_GenericAlloc);
    (*t).tp_free = Some(gc_del);
    (*t).tp_traverse = Some(subtype_traverse);
    (*t).tp_clear = Some(subtype_clear);
    (*ht).ht_name = new_ref(name).into_raw();
    let utf8 = crate::objects::unicodeobject::as_utf8(name)?;
    if utf8.contains(&0) {
        return Err(errors::value_error(
            "type name must not contain null characters",
        ));
    }
    set_heap_tp_name(t, utf8)?;
    if !slot_names.is_empty() {
        (*ht).ht_slots =
            tupleobject::pack(&slot_names.iter().map(|s| s.as_ptr()).collect::<Vec<_>>())?
                .into_raw();
    }
    (*t).tp_dict = dict.clone().into_raw();

    // __module__ defaults to the caller's globals()['__name__'] (a class body always sets it;
    // `type(name, bases, dict)` relies on this). Then __qualname__.
    if dictobject::get_item(dict.as_ptr(), crate::_Py_ID!(__module__))?.is_none() {
        let globals = crate::eval::ceval::get_globals();
        if !globals.is_null() {
            if let Some(module) = dictobject::get_item(globals, crate::_Py_ID!(__name__))? {
                dictobject::set_item(dict.as_ptr(), crate::_Py_ID!(__module__), module)?;
            }
        }
    }
    match dictobject::get_item(dict.as_ptr(), crate::_Py_ID!(__qualname__))? {
        Some(q) => {
            if !object::is_str(q) {
                return Err(errors::type_error(&format!(
                    "type __qualname__ must be a str, not {}",
                    object::type_name(q)
                )));
            }
            (*ht).ht_qualname = new_ref(q).into_raw();
            dictobject::del_item(dict.as_ptr(), crate::_Py_ID!(__qualname__))?;
        }
        None => (*ht).ht_qualname = new_ref(name).into_raw(),
    }
    // tp_doc from a str __doc__.
    if let Some(doc) = dictobject::get_item(dict.as_ptr(), crate::_Py_ID!(__doc__))? {
        if object::is_str(doc) {
            let bytes = crate::objects::unicodeobject::as_utf8(doc)?;
            let p = crate::mem::obj_malloc(bytes.len() + 1) as *mut u8;
            if p.is_null() {
                return Err(errors::no_memory());
            }
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len());
            *p.add(bytes.len()) = 0;
            (*t).tp_doc = p.cast();
        }
    }
    // __new__ as a plain function is a static method; __init_subclass__ and
    // __class_getitem__ as plain functions are class methods.
    if let Some(f) = dictobject::get_item(dict.as_ptr(), crate::_Py_ID!(__new__))? {
        if object::is_type(f, &raw mut crate::objects::funcobject::PyFunction_Type) {
            let sm = crate::objects::funcobject::staticmethod_new(f)?;
            dictobject::set_item(dict.as_ptr(), crate::_Py_ID!(__new__), sm.as_ptr())?;
        }
    }
    for key in [
        crate::_Py_ID!(__init_subclass__),
        crate::_Py_ID!(__class_getitem__),
    ] {
        if let Some(f) = dictobject::get_item(dict.as_ptr(), key)? {
            if object::is_type(f, &raw mut crate::objects::funcobject::PyFunction_Type) {
                let cm = crate::objects::funcobject::classmethod_new(f)?;
                dictobject::set_item(dict.as_ptr(), key, cm.as_ptr())?;
            }
        }
    }
    // Layout: slot members, then dict / weakref.
    let ptr = core::mem::size_of::<*mut PyObject>() as Py_ssize_t;
    let mut slotoffset = (*base).tp_basicsize;
    let members = heap_type_members(t);
    for (i, s) in slot_names.iter().enumerate() {
        let mp = members.add(i);
        (*mp).name = crate::objects::unicodeobject::as_utf8(s.as_ptr())?
            .as_ptr()
            .cast();
        (*mp).type_ = T_OBJECT_EX;
        (*mp).offset = slotoffset;
        (*mp).flags = 0;
        (*mp).doc = core::ptr::null();
        slotoffset += ptr;
    }
    if add_dict && (*base).tp_itemsize != 0 {
        (*t).tp_dictoffset = -ptr;
        slotoffset += ptr;
    }
    if add_weak {
        (*t).tp_weaklistoffset = slotoffset;
        slotoffset += ptr;
    }
    if add_dict && (*base).tp_itemsize == 0 {
        (*t).tp_flags |= Py_TPFLAGS_MANAGED_DICT;
        (*t).tp_dictoffset = -slotoffset - ptr * 3;
    }
    (*t).tp_basicsize = slotoffset;
    (*t).tp_itemsize = (*base).tp_itemsize;
    (*t).tp_members = members;
    (*t).tp_getset = match ((*t).tp_weaklistoffset != 0, (*t).tp_dictoffset != 0) {
        (true, true) => (&raw mut SUBTYPE_GETSETS_FULL).cast(),
        (true, false) => (&raw mut SUBTYPE_GETSETS_WEAKREF_ONLY).cast(),
        (false, true) => (&raw mut SUBTYPE_GETSETS_DICT_ONLY).cast(),
        (false, false) => core::ptr::null_mut(),
    };
    if (*t).tp_dictoffset != 0 || nslot > 0 {
        if (*base).tp_getattr.is_none() && (*base).tp_getattro.is_none() {
            (*t).tp_getattro = Some(object::PyObject_GenericGetAttr);
        }
        if (*base).tp_setattr.is_none() && (*base).tp_setattro.is_none() {
            (*t).tp_setattro = Some(object::PyObject_GenericSetAttr);
        }
    }
    // __classcell__ receives the new class.
    if let Some(cell) = dictobject::get_item(dict.as_ptr(), crate::_Py_ID!(__classcell__))? {
        if !object::is_type(cell, &raw mut crate::objects::cellobject::PyCell_Type) {
            return Err(errors::type_error(&format!(
                "__classcell__ must be a nonlocal cell, not {}",
                object::repr_for_message(py_type(cell).cast())
            )));
        }
        crate::objects::cellobject::set(cell, t.cast())?;
        dictobject::del_item(dict.as_ptr(), crate::_Py_ID!(__classcell__))?;
    }
    ready(t)?;
    fixup_slot_dispatchers(t);
    // __set_name__, then the parent's __init_subclass__.
    set_names(t)?;
    init_subclass(t, kwds)?;
    Ok(tp)
}

/// `type_new_set_names`: `value.__set_name__(cls, key)` for every class attribute that has it.
unsafe fn set_names(t: *mut PyTypeObject) -> PyResult<()> {
    let names = dictobject::copy((*t).tp_dict)?;
    let mut pos: Py_ssize_t = 0;
    while let Some((key, value)) = dictobject::next(names.as_ptr(), &mut pos) {
        let Some(set_name) = object::lookup_special(value, crate::_Py_ID!(__set_name__))? else {
            continue;
        };
        if let Err(e) = crate::objects::call::vectorcall(
            set_name.as_ptr(),
            &[t.cast(), key],
            core::ptr::null_mut(),
        ) {
            let _ = e;
            let msg = format!(
                "Error calling __set_name__ on '{}' instance {} in '{}'",
                type_name_trunc(py_type(value), 100),
                object::repr_for_message(key),
                type_name_trunc(t, 100)
            );
            errors::clear();
            return Err(errors::runtime_error(&msg));
        }
    }
    Ok(())
}

/// `type_new_init_subclass`: `super(cls, cls).__init_subclass__(**kwds)`.
unsafe fn init_subclass(t: *mut PyTypeObject, kwds: *mut PyObject) -> PyResult<()> {
    let mro = new_ref((*t).tp_mro);
    let mut found = None;
    for &b in &tuple_slice(mro.as_ptr())[1..] {
        let d = (*(b as *mut PyTypeObject)).tp_dict;
        if d.is_null() {
            continue;
        }
        if let Some(f) = dictobject::get_item(d, crate::_Py_ID!(__init_subclass__))? {
            found = Some(new_ref(f));
            break;
        }
    }
    let Some(f) = found else { return Ok(()) };
    let bound = match (*f.ob_type()).tp_descr_get {
        Some(g) => Ref::from_result(g(f.as_ptr(), core::ptr::null_mut(), t.cast()))?,
        None => f,
    };
    let empty = tupleobject::pack(&[])?;
    crate::objects::call::call(bound.as_ptr(), empty.as_ptr(), kwds)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Heap types from a PyType_Spec (PEP 384), and the rest of the PyType_* API.

/// Where each `Py_tp_*`/`Py_nb_*`/... slot id (typeslots.h) lives: (offset in
/// `PyHeapTypeObject` of the table pointer or of the slot itself, offset inside the table or -1).
fn pyslot_offset(slot: c_int) -> Option<(usize, isize)> {
    use core::mem::offset_of as o;
    macro_rules! nb {
        ($f:ident) => {
            (
                o!(PyTypeObject, tp_as_number),
                o!(PyNumberMethods, $f) as isize,
            )
        };
    }
    macro_rules! sq {
        ($f:ident) => {
            (
                o!(PyTypeObject, tp_as_sequence),
                o!(PySequenceMethods, $f) as isize,
            )
        };
    }
    macro_rules! mp {
        ($f:ident) => {
            (
                o!(PyTypeObject, tp_as_mapping),
                o!(PyMappingMethods, $f) as isize,
            )
        };
    }
    macro_rules! am {
        ($f:ident) => {
            (
                o!(PyTypeObject, tp_as_async),
                o!(PyAsyncMethods, $f) as isize,
            )
        };
    }
    macro_rules! bf {
        ($f:ident) => {
            (
                o!(PyTypeObject, tp_as_buffer),
                o!(PyBufferProcs, $f) as isize,
            )
        };
    }
    macro_rules! tp {
        ($f:ident) => {
            (o!(PyTypeObject, $f), -1)
        };
    }
    Some(match slot {
        1 => bf!(bf_getbuffer),
        2 => bf!(bf_releasebuffer),
        3 => mp!(mp_ass_subscript),
        4 => mp!(mp_length),
        5 => mp!(mp_subscript),
        6 => nb!(nb_absolute),
        7 => nb!(nb_add),
        8 => nb!(nb_and),
        9 => nb!(nb_bool),
        10 => nb!(nb_divmod),
        11 => nb!(nb_float),
        12 => nb!(nb_floor_divide),
        13 => nb!(nb_index),
        14 => nb!(nb_inplace_add),
        15 => nb!(nb_inplace_and),
        16 => nb!(nb_inplace_floor_divide),
        17 => nb!(nb_inplace_lshift),
        18 => nb!(nb_inplace_multiply),
        19 => nb!(nb_inplace_or),
        20 => nb!(nb_inplace_power),
        21 => nb!(nb_inplace_remainder),
        22 => nb!(nb_inplace_rshift),
        23 => nb!(nb_inplace_subtract),
        24 => nb!(nb_inplace_true_divide),
        25 => nb!(nb_inplace_xor),
        26 => nb!(nb_int),
        27 => nb!(nb_invert),
        28 => nb!(nb_lshift),
        29 => nb!(nb_multiply),
        30 => nb!(nb_negative),
        31 => nb!(nb_or),
        32 => nb!(nb_positive),
        33 => nb!(nb_power),
        34 => nb!(nb_remainder),
        35 => nb!(nb_rshift),
        36 => nb!(nb_subtract),
        37 => nb!(nb_true_divide),
        38 => nb!(nb_xor),
        39 => sq!(sq_ass_item),
        40 => sq!(sq_concat),
        41 => sq!(sq_contains),
        42 => sq!(sq_inplace_concat),
        43 => sq!(sq_inplace_repeat),
        44 => sq!(sq_item),
        45 => sq!(sq_length),
        46 => sq!(sq_repeat),
        47 => tp!(tp_alloc),
        48 => tp!(tp_base),
        49 => tp!(tp_bases),
        50 => tp!(tp_call),
        51 => tp!(tp_clear),
        52 => tp!(tp_dealloc),
        53 => tp!(tp_del),
        54 => tp!(tp_descr_get),
        55 => tp!(tp_descr_set),
        56 => tp!(tp_doc),
        57 => tp!(tp_getattr),
        58 => tp!(tp_getattro),
        59 => tp!(tp_hash),
        60 => tp!(tp_init),
        61 => tp!(tp_is_gc),
        62 => tp!(tp_iter),
        63 => tp!(tp_iternext),
        64 => tp!(tp_methods),
        65 => tp!(tp_new),
        66 => tp!(tp_repr),
        67 => tp!(tp_richcompare),
        68 => tp!(tp_setattr),
        69 => tp!(tp_setattro),
        70 => tp!(tp_str),
        71 => tp!(tp_traverse),
        72 => tp!(tp_members),
        73 => tp!(tp_getset),
        74 => tp!(tp_free),
        75 => nb!(nb_matrix_multiply),
        76 => nb!(nb_inplace_matrix_multiply),
        77 => am!(am_await),
        78 => am!(am_aiter),
        79 => am!(am_anext),
        80 => tp!(tp_finalize),
        81 => am!(am_send),
        _ => return None,
    })
}

const Py_tp_base: c_int = 48;
const Py_tp_bases: c_int = 49;
const Py_tp_doc: c_int = 56;
const Py_tp_members: c_int = 72;

/// `PyType_FromModuleAndSpec(module, spec, bases)` (also `PyType_FromSpec` and
/// `PyType_FromSpecWithBases`): a heap type whose slots come from the spec.
///
/// # Safety
/// `spec` points to a valid spec whose slot array is 0-terminated; `module`/`bases` NULL or live.
pub unsafe fn from_module_and_spec(
    module: *mut PyObject,
    spec: *mut PyType_Spec,
    bases: *mut PyObject,
) -> PyResult<Ref> {
    let mut nmembers = 0usize;
    let (mut weaklistoffset, mut dictoffset, mut vectorcalloffset) = (0, 0, 0);
    let mut slot = (*spec).slots;
    while (*slot).slot != 0 {
        if (*slot).slot == Py_tp_members {
            nmembers = 0;
            let mut m = (*slot).pfunc as *const PyMemberDef;
            while !(*m).name.is_null() {
                nmembers += 1;
                match core::ffi::CStr::from_ptr((*m).name).to_bytes() {
                    b"__weaklistoffset__" => weaklistoffset = (*m).offset,
                    b"__dictoffset__" => dictoffset = (*m).offset,
                    b"__vectorcalloffset__" => vectorcalloffset = (*m).offset,
                    _ => {}
                }
                m = m.add(1);
            }
        }
        slot = slot.add(1);
    }
    let res = Ref::from_raw(generic_alloc(&raw mut PyType_Type, nmembers as Py_ssize_t)?);
    let t = res.as_ptr() as *mut PyTypeObject;
    let ht = t as *mut PyHeapTypeObject;
    if (*spec).name.is_null() {
        return Err(errors::system_error(
            "Type spec does not define the name field.",
        ));
    }
    (*t).tp_flags = (*spec).flags as core::ffi::c_ulong | Py_TPFLAGS_HEAPTYPE;
    let full = core::ffi::CStr::from_ptr((*spec).name).to_bytes();
    let short = match full.iter().rposition(|&c| c == b'.') {
        Some(i) => &full[i + 1..],
        None => full,
    };
    (*ht).ht_name = crate::objects::unicodeobject::from_utf8(short, None)?.into_raw();
    (*ht).ht_qualname = new_ref((*ht).ht_name).into_raw();
    set_heap_tp_name(t, full)?;
    object::xincref(module);
    (*ht).ht_module = module;

    let bases = if bases.is_null() {
        let mut base: *mut PyObject = (&raw mut PyBaseObject_Type).cast();
        let mut from_slot: *mut PyObject = core::ptr::null_mut();
        let mut s = (*spec).slots;
        while (*s).slot != 0 {
            if (*s).slot == Py_tp_base {
                base = (*s).pfunc.cast();
            } else if (*s).slot == Py_tp_bases {
                from_slot = (*s).pfunc.cast();
            }
            s = s.add(1);
        }
        if from_slot.is_null() {
            tupleobject::pack(&[base])?
        } else if !has_feature(py_type(from_slot), Py_TPFLAGS_TUPLE_SUBCLASS) {
            return Err(errors::system_error("Py_tp_bases is not a tuple"));
        } else {
            new_ref(from_slot)
        }
    } else if !has_feature(py_type(bases), Py_TPFLAGS_TUPLE_SUBCLASS) {
        tupleobject::pack(&[bases])?
    } else {
        new_ref(bases)
    };
    let base = best_base(bases.as_ptr())?;
    (*t).tp_as_async = &raw mut (*ht).as_async;
    (*t).tp_as_number = &raw mut (*ht).as_number;
    (*t).tp_as_sequence = &raw mut (*ht).as_sequence;
    (*t).tp_as_mapping = &raw mut (*ht).as_mapping;
    (*t).tp_as_buffer = &raw mut (*ht).as_buffer;
    (*t).tp_bases = bases.into_raw();
    (*t).tp_base = new_ref(base.cast()).into_raw().cast();
    (*t).tp_basicsize = (*spec).basicsize as Py_ssize_t;
    (*t).tp_itemsize = (*spec).itemsize as Py_ssize_t;

    let mut s = (*spec).slots;
    while (*s).slot != 0 {
        let id = (*s).slot;
        let Some((off, sub)) = pyslot_offset(id) else {
            return Err(errors::runtime_error("invalid slot offset"));
        };
        if id == Py_tp_base || id == Py_tp_bases {
        } else if id == Py_tp_doc {
            if (*s).pfunc.is_null() {
                (*t).tp_doc = core::ptr::null();
            } else {
                let d = core::ffi::CStr::from_ptr((*s).pfunc as *const c_char).to_bytes_with_nul();
                let p = crate::mem::obj_malloc(d.len()) as *mut u8;
                if p.is_null() {
                    return Err(errors::no_memory());
                }
                core::ptr::copy_nonoverlapping(d.as_ptr(), p, d.len());
                (*t).tp_doc = p.cast();
            }
        } else if id == Py_tp_members {
            let dst = heap_type_members(t);
            core::ptr::copy_nonoverlapping((*s).pfunc as *const PyMemberDef, dst, nmembers);
            (*t).tp_members = dst;
        } else if sub < 0 {
            *((t as *mut u8).add(off) as *mut *mut c_void) = (*s).pfunc;
        } else {
            let table = *((t as *mut u8).add(off) as *mut *mut u8);
            *(table.offset(sub) as *mut *mut c_void) = (*s).pfunc;
        }
        s = s.add(1);
    }
    if (*t).tp_dealloc.is_none() {
        (*t).tp_dealloc = Some(subtype_dealloc);
    }
    if vectorcalloffset != 0 {
        (*t).tp_vectorcall_offset = vectorcalloffset;
    }
    ready(t)?;
    if !(*t).tp_doc.is_null() {
        let doc = crate::objects::unicodeobject::from_utf8(
            doc_without_signature(full, (*t).tp_doc),
            None,
        )?;
        dictobject::set_item((*t).tp_dict, crate::_Py_ID!(__doc__), doc.as_ptr())?;
    }
    if weaklistoffset != 0 {
        (*t).tp_weaklistoffset = weaklistoffset;
        dictobject::del_item_str((*t).tp_dict, "__weaklistoffset__")?;
    }
    if dictoffset != 0 {
        (*t).tp_dictoffset = dictoffset;
        dictobject::del_item_str((*t).tp_dict, "__dictoffset__")?;
    }
    if dictobject::get_item((*t).tp_dict, crate::_Py_ID!(__module__))?.is_none() {
        if let Some(i) = full.iter().rposition(|&c| c == b'.') {
            let m = crate::objects::unicodeobject::from_utf8(&full[..i], None)?;
            dictobject::set_item((*t).tp_dict, crate::_Py_ID!(__module__), m.as_ptr())?;
        } else {
            let msg = crate::objects::unicodeobject::new_str(&format!(
                "builtin type {} has no __module__ attribute",
                String::from_utf8_lossy(&full[..full.len().min(200)])
            ))?;
            crate::modules::warnings::warn_object(
                crate::objects::exceptions::PyExc_DeprecationWarning,
                msg.as_ptr(),
                1,
                null_mut(),
            )?;
        }
    }
    Ok(res)
}

/// `PyType_GetSlot`: NULL for an unset slot; SystemError for an invalid id.
///
/// # Safety
/// `tp` is a type object.
pub unsafe fn get_slot(tp: *mut PyTypeObject, slot: c_int) -> PyResult<*mut c_void> {
    let Some((off, sub)) = pyslot_offset(slot) else {
        // CPython's PyErr_BadInternalCall() macro names its own source line.
        return Err(crate::objects::methodobject::bad_internal_call_at(
            "Objects/typeobject.c:3656",
        ));
    };
    let parent = *((tp as *mut u8).add(off) as *mut *mut c_void);
    if parent.is_null() || sub < 0 {
        return Ok(parent);
    }
    Ok(*((parent as *mut u8).offset(sub) as *mut *mut c_void))
}

/// `PyType_GetModule` (borrowed).
///
/// # Safety
/// `tp` is a type object.
pub unsafe fn get_module(tp: *mut PyTypeObject) -> PyResult<*mut PyObject> {
    if !has_feature(tp, Py_TPFLAGS_HEAPTYPE) {
        return Err(errors::type_error(&format!(
            "PyType_GetModule: Type '{}' is not a heap type",
            object::type_name_of(tp)
        )));
    }
    let m = (*(tp as *mut PyHeapTypeObject)).ht_module;
    if m.is_null() {
        return Err(errors::type_error(&format!(
            "PyType_GetModule: Type '{}' has no associated module",
            object::type_name_of(tp)
        )));
    }
    Ok(m)
}

/// `PyType_GetModuleByDef` (borrowed).
///
/// # Safety
/// `tp` is a ready type.
pub unsafe fn get_module_by_def(
    tp: *mut PyTypeObject,
    def: *mut crate::abi::moduleobject::PyModuleDef,
) -> PyResult<*mut PyObject> {
    for &b in tuple_slice((*tp).tp_mro) {
        if !has_feature(b.cast(), Py_TPFLAGS_HEAPTYPE) {
            continue;
        }
        let m = (*(b as *mut PyHeapTypeObject)).ht_module;
        if !m.is_null() && crate::objects::moduleobject::def_of(m) == def {
            return Ok(m);
        }
    }
    Err(errors::type_error(&format!(
        "PyType_GetModuleByDef: No superclass of '{}' has the given module",
        object::type_name_of(tp)
    )))
}

/// `PyType_GetName`: `__name__` as a new reference.
///
/// # Safety
/// `tp` is a type object.
pub unsafe fn get_name(tp: *mut PyTypeObject) -> PyResult<Ref> {
    Ref::from_result(type_get_name(tp.cast(), core::ptr::null_mut()))
}

/// `PyType_GetQualName`.
///
/// # Safety
/// `tp` is a type object.
pub unsafe fn get_qualname(tp: *mut PyTypeObject) -> PyResult<Ref> {
    Ref::from_result(type_get_qualname(tp.cast(), core::ptr::null_mut()))
}

// ---------------------------------------------------------------------------------------------
// super

/// `superobject`, 40 bytes.
#[repr(C)]
pub struct SuperObject {
    pub ob_base: PyObject,
    pub type_: *mut PyTypeObject,
    pub obj: *mut PyObject,
    pub obj_type: *mut PyTypeObject,
}

static mut SUPER_MEMBERS: [PyMemberDef; 4] = [
    PyMemberDef {
        name: c"__thisclass__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(SuperObject, type_) as Py_ssize_t,
        flags: READONLY,
        doc: c"the class invoking super()".as_ptr(),
    },
    PyMemberDef {
        name: c"__self__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(SuperObject, obj) as Py_ssize_t,
        flags: READONLY,
        doc: c"the instance invoking super(); may be None".as_ptr(),
    },
    PyMemberDef {
        name: c"__self_class__".as_ptr(),
        type_: T_OBJECT,
        offset: offset_of!(SuperObject, obj_type) as Py_ssize_t,
        flags: READONLY,
        doc: c"the type of the instance invoking super(); may be None".as_ptr(),
    },
    MEMBER_END,
];

unsafe extern "C" fn super_dealloc(op: *mut PyObject) {
    let su = op as *mut SuperObject;
    crate::mem::gc::untrack(op);
    object::xdecref((*su).obj);
    object::xdecref((*su).type_.cast());
    object::xdecref((*su).obj_type.cast());
    let free = (*py_type(op)).tp_free.unwrap_or(gc_del);
    free(op.cast());
}

unsafe extern "C" fn super_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let su = op as *mut SuperObject;
    let Some(visit) = visit else { return 0 };
    for p in [(*su).obj, (*su).type_.cast(), (*su).obj_type.cast()] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn super_repr(op: *mut PyObject) -> *mut PyObject {
    let su = op as *mut SuperObject;
    let tname = if (*su).type_.is_null() {
        "NULL".into()
    } else {
        object::type_name_of((*su).type_)
    };
    let text = if (*su).obj_type.is_null() {
        format!("<super: <class '{tname}'>, NULL>")
    } else {
        format!(
            "<super: <class '{tname}'>, <{} object>>",
            object::type_name_of((*su).obj_type)
        )
    };
    errors::ptr_result(crate::objects::unicodeobject::new_str(&text))
}

unsafe extern "C" fn super_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let su = op as *mut SuperObject;
        let start = (*su).obj_type;
        let skip = start.is_null()
            || (object::is_str(name)
                && crate::objects::unicodeobject::eq(name, crate::_Py_ID!(__class__)))
            || (*start).tp_mro.is_null();
        if !skip {
            let mro = new_ref((*start).tp_mro);
            let items = tuple_slice(mro.as_ptr());
            let mut i = 0;
            while i + 1 < items.len() && items[i] != (*su).type_.cast() {
                i += 1;
            }
            i += 1;
            while i < items.len() {
                let d = (*(items[i] as *mut PyTypeObject)).tp_dict;
                if let Some(res) = dictobject::get_item(d, name)? {
                    let res = new_ref(res);
                    return match (*res.ob_type()).tp_descr_get {
                        Some(f) => {
                            let obj = if (*su).obj == start.cast() {
                                core::ptr::null_mut()
                            } else {
                                (*su).obj
                            };
                            Ref::from_result(f(res.as_ptr(), obj, start.cast()))
                        }
                        None => Ok(res),
                    };
                }
                i += 1;
            }
        }
        Ref::from_result(object::PyObject_GenericGetAttr(op, name))
    })())
}

/// `supercheck`: the type to start the MRO walk from.
unsafe fn supercheck(tp: *mut PyTypeObject, obj: *mut PyObject) -> PyResult<Ref> {
    if is_type(obj) && is_subtype(obj.cast(), tp) {
        return Ok(new_ref(obj));
    }
    if is_subtype(py_type(obj), tp) {
        return Ok(new_ref(py_type(obj).cast()));
    }
    if let Some(c) = object::lookup_attr(obj, crate::_Py_ID!(__class__))? {
        if is_type(c.as_ptr())
            && c.as_ptr() != py_type(obj).cast()
            && is_subtype(c.as_ptr().cast(), tp)
        {
            return Ok(c);
        }
    }
    Err(errors::type_error(
        "super(type, obj): obj must be an instance or subtype of type",
    ))
}

unsafe extern "C" fn super_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let su = op as *mut SuperObject;
        if obj.is_null() || obj == object::none() || !(*su).obj.is_null() {
            return Ok(new_ref(op));
        }
        if py_type(op) != &raw mut PySuper_Type {
            return crate::objects::call::vectorcall(
                py_type(op).cast(),
                &[(*su).type_.cast(), obj],
                core::ptr::null_mut(),
            );
        }
        let obj_type = supercheck((*su).type_, obj)?;
        let new = Ref::from_result(PyType_GenericNew(
            &raw mut PySuper_Type,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        ))?;
        let ns = new.as_ptr() as *mut SuperObject;
        (*ns).type_ = new_ref((*su).type_.cast()).into_raw().cast();
        (*ns).obj = new_ref(obj).into_raw();
        (*ns).obj_type = obj_type.into_raw().cast();
        Ok(new)
    })())
}

/// Zero-argument `super()`: the class from the calling frame's `__class__` free variable and
/// the instance from its first argument (read through its cell when the argument was moved
/// into one). Both borrowed.
unsafe fn super_without_args() -> PyResult<(*mut PyTypeObject, *mut PyObject)> {
    use crate::abi::code::{PyCodeObject, CO_FAST_CELL};
    let ts = crate::lifecycle::pystate::current();
    let frame = if ts.is_null() || (*ts).cframe.is_null() { core::ptr::null_mut() } else { (*(*ts).cframe).current_frame };
    if frame.is_null() {
        return Err(errors::runtime_error("super(): no current frame"));
    }
    let co: *mut PyCodeObject = (*frame).f_code;
    if (*co).co_argcount == 0 {
        return Err(errors::runtime_error("super(): no arguments"));
    }
    let locals = (&raw mut (*frame).localsplus) as *mut *mut PyObject;
    let kinds = crate::objects::bytesobject::as_slice((*co).co_localspluskinds);
    let mut firstarg = *locals;
    if !firstarg.is_null() && kinds.first().is_some_and(|k| k & CO_FAST_CELL != 0) {
        // After MAKE_CELL has run (lasti >= 0) the slot holds the cell, not the argument.
        let code_start = (&raw const (*co).co_code_adaptive) as *const crate::abi::code::_Py_CODEUNIT;
        if (*frame).prev_instr as *const crate::abi::code::_Py_CODEUNIT >= code_start
            && crate::objects::cellobject::is_cell(firstarg)
        {
            firstarg = (*(firstarg as *mut crate::abi::cellobject::PyCellObject)).ob_ref;
        }
    }
    if firstarg.is_null() {
        return Err(errors::runtime_error("super(): arg[0] deleted"));
    }
    let names = (*co).co_localsplusnames;
    let first_free = ((*co).co_nlocals + (*co).co_nplaincellvars) as usize;
    for i in first_free..(*co).co_nlocalsplus as usize {
        let name = *crate::objects::tupleobject::items(names).add(i);
        if !crate::objects::unicodeobject::eq(name, crate::_Py_ID!(__class__)) {
            continue;
        }
        let cell = *locals.add(i);
        if cell.is_null() || !crate::objects::cellobject::is_cell(cell) {
            return Err(errors::runtime_error("super(): bad __class__ cell"));
        }
        let tp = (*(cell as *mut crate::abi::cellobject::PyCellObject)).ob_ref;
        if tp.is_null() {
            return Err(errors::runtime_error("super(): empty __class__ cell"));
        }
        if !is_type(tp) {
            return Err(errors::runtime_error(&format!(
                "super(): __class__ is not a type ({})",
                object::type_name(tp)
            )));
        }
        return Ok((tp.cast(), firstarg));
    }
    Err(errors::runtime_error("super(): __class__ cell not found"))
}

/// `super.__init__(type=<zero-arg form>, obj=None)`.
unsafe extern "C" fn super_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        if !kwds.is_null() && dictobject::len(kwds) != 0 {
            return Err(errors::type_error("super() takes no keyword arguments"));
        }
        let a = args_of(args);
        if a.len() > 2 {
            return Err(errors::type_error(&format!(
                "super() takes at most 2 arguments ({} given)",
                a.len()
            )));
        }
        let (tp, mut obj) = if a.is_empty() {
            super_without_args()?
        } else {
            if !is_type(a[0]) {
                return Err(errors::type_error(&format!(
                    "super() argument 1 must be a type, not {}",
                    object::type_name(a[0])
                )));
            }
            (a[0] as *mut PyTypeObject, a.get(1).copied().unwrap_or(core::ptr::null_mut()))
        };
        if obj == object::none() {
            obj = core::ptr::null_mut();
        }
        let obj_type = if obj.is_null() {
            None
        } else {
            Some(supercheck(tp, obj)?)
        };
        let su = op as *mut SuperObject;
        object::replace_slot(
            &raw mut (*su).type_ as *mut *mut PyObject,
            new_ref(tp.cast()).into_raw(),
        );
        object::xincref(obj);
        object::replace_slot(&raw mut (*su).obj, obj);
        object::replace_slot(
            &raw mut (*su).obj_type as *mut *mut PyObject,
            obj_type.map_or(core::ptr::null_mut(), |t| t.into_raw()),
        );
        Ok(())
    })())
}
