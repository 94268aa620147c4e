//! The `_abc` module (CPython's Modules/_abc.c): the C half of `abc.ABCMeta`. Each ABC keeps
//! an `_abc_data` (`_abc_impl`) with three weak sets of classes (registry, positive cache,
//! negative cache, each a set of `weakref.ref`s that drop out when their class dies) and the
//! invalidation counter value its negative cache was filled at.

use crate::abi::methodobject::{PyMethodDef, METH_FASTCALL, METH_NOARGS, METH_O};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::object::{self, Ref};
use crate::objects::typeobject::static_type;
use crate::objects::{dictobject, longobject, setobject, tupleobject, weakrefobject};
use core::ptr::null_mut;
use std::sync::atomic::{AtomicU64, Ordering};

/// `abc_invalidation_counter`: bumped by every `register()`; negative caches older than it
/// are discarded.
static INVALIDATION_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Resets the counter (Py_FinalizeEx), as a fresh module state would start.
pub fn fini() {
    INVALIDATION_COUNTER.store(0, Ordering::SeqCst);
}

#[repr(C)]
struct AbcData {
    ob_base: PyObject,
    registry: *mut PyObject,
    cache: *mut PyObject,
    negative_cache: *mut PyObject,
    negative_cache_version: u64,
}

unsafe extern "C" fn abc_data_new(
    tp: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let op = object::new_object(tp)?;
        let d = op as *mut AbcData;
        (*d).registry = null_mut();
        (*d).cache = null_mut();
        (*d).negative_cache = null_mut();
        (*d).negative_cache_version = INVALIDATION_COUNTER.load(Ordering::SeqCst);
        Ok(Ref::from_raw(op))
    })())
}

unsafe extern "C" fn abc_data_dealloc(op: *mut PyObject) {
    let d = op as *mut AbcData;
    object::xdecref((*d).registry);
    object::xdecref((*d).cache);
    object::xdecref((*d).negative_cache);
    crate::mem::obj_free(op.cast());
}

static mut ABC_DATA_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(abc_data_dealloc),
    tp_new: Some(abc_data_new),
    tp_doc: c"Internal state held by ABC machinery.".as_ptr(),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_abc._abc_data",
        core::mem::size_of::<AbcData>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT,
    )
};

/// `cls._abc_impl`, which must be an `_abc_data`.
unsafe fn impl_of(cls: *mut PyObject) -> PyResult<Ref> {
    let v = object::get_attr_str(cls, "_abc_impl")?;
    if object::py_type(v.as_ptr()) != &raw mut ABC_DATA_TYPE {
        return Err(errors::type_error("_abc_impl is set to a wrong type"));
    }
    Ok(v)
}

/// Whether `obj` is in a weak set (objects that cannot be weakly referenced never are).
unsafe fn in_weak_set(set: *mut PyObject, obj: *mut PyObject) -> PyResult<bool> {
    if set.is_null() || setobject::len(set) == 0 {
        return Ok(false);
    }
    let r = match weakrefobject::new_ref(obj, null_mut()) {
        Ok(r) => r,
        Err(e) => {
            if errors::exception_matches(crate::objects::exceptions::PyExc_TypeError) {
                errors::clear();
                return Ok(false);
            }
            return Err(e);
        }
    };
    setobject::contains(set, r.as_ptr())
}

/// The callback of a weak-set member: removes the dead reference from the set (reached
/// through a weak reference, so the set's lifetime is its owner's).
unsafe extern "C" fn destroy(setweakref: *mut PyObject, dead: *mut PyObject) -> *mut PyObject {
    let set = (*(setweakref as *mut crate::abi::weakrefobject::PyWeakReference)).wr_object;
    if set != object::none() {
        object::incref(set);
        let r = setobject::discard(set, dead);
        object::decref(set);
        if r.is_err() {
            return null_mut();
        }
    }
    object::new_none().into_raw()
}

static mut DESTROY_DEF: PyMethodDef = PyMethodDef {
    ml_name: c"_destroy".as_ptr(),
    ml_meth: Some(destroy),
    ml_flags: METH_O,
    ml_doc: core::ptr::null(),
};

unsafe fn add_to_weak_set(slot: *mut *mut PyObject, obj: *mut PyObject) -> PyResult<()> {
    if (*slot).is_null() {
        *slot = setobject::new_set(null_mut())?.into_raw();
    }
    let set = *slot;
    let set_ref = weakrefobject::new_ref(set, null_mut())?;
    let cb = crate::objects::methodobject::new_cfunction(
        &raw mut DESTROY_DEF,
        set_ref.as_ptr(),
        null_mut(),
        null_mut(),
    )?;
    let r = weakrefobject::new_ref(obj, cb.as_ptr())?;
    setobject::add(set, r.as_ptr())
}

/// `_abc_init(cls)`: `__abstractmethods__` from the namespace and the bases, a fresh
/// `_abc_impl`, and the collection flags a class body asked for with `__abc_tpflags__`.
unsafe extern "C" fn abc_init(_m: *mut PyObject, cls: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let abstracts = setobject::new_set(null_mut())?;
        let ns = object::get_attr_str(cls, "__dict__")?;
        let items = crate::objects::r#abstract::mapping::items(ns.as_ptr())?;
        let it = crate::objects::r#abstract::iter::get_iter(items.as_ptr())?;
        while let Some(pair) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
            if !tupleobject::check(pair.as_ptr()) || tupleobject::len(pair.as_ptr()) != 2 {
                return Err(errors::type_error(
                    "items() returned item which is not a 2-tuple",
                ));
            }
            let key = *tupleobject::items(pair.as_ptr());
            let value = *tupleobject::items(pair.as_ptr()).add(1);
            if is_abstract(value)? {
                setobject::add(abstracts.as_ptr(), key)?;
            }
        }
        let bases = object::get_attr_str(cls, "__bases__")?;
        if !tupleobject::check(bases.as_ptr()) {
            return Err(errors::type_error("__bases__ is not tuple"));
        }
        for i in 0..tupleobject::len(bases.as_ptr()) {
            let base = *tupleobject::items(bases.as_ptr()).add(i as usize);
            let names = match object::get_attr_str(base, "__abstractmethods__") {
                Ok(n) => n,
                Err(e) => {
                    if errors::exception_matches(crate::objects::exceptions::PyExc_AttributeError) {
                        errors::clear();
                        continue;
                    }
                    return Err(e);
                }
            };
            let it = crate::objects::r#abstract::iter::get_iter(names.as_ptr())?;
            while let Some(name) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
                let value = match object::get_attr(cls, name.as_ptr()) {
                    Ok(v) => v,
                    Err(e) => {
                        if errors::exception_matches(
                            crate::objects::exceptions::PyExc_AttributeError,
                        ) {
                            errors::clear();
                            continue;
                        }
                        return Err(e);
                    }
                };
                if is_abstract(value.as_ptr())? {
                    setobject::add(abstracts.as_ptr(), name.as_ptr())?;
                }
            }
        }
        let frozen = setobject::new_frozenset(abstracts.as_ptr())?;
        object::set_attr_str(cls, "__abstractmethods__", frozen.as_ptr())?;
        let data = abc_data_new(&raw mut ABC_DATA_TYPE, null_mut(), null_mut());
        let data = Ref::from_result(data)?;
        object::set_attr_str(cls, "_abc_impl", data.as_ptr())?;
        // __abc_tpflags__ in the class body sets Py_TPFLAGS_SEQUENCE / MAPPING.
        if crate::objects::typeobject::is_type(cls) {
            let tp = cls as *mut PyTypeObject;
            let dict = (*tp).tp_dict;
            if !dict.is_null() {
                if let Some(flags) = dictobject::get_item_str(dict, "__abc_tpflags__")? {
                    if longobject::is_int(flags) {
                        let f = longobject::as_i64(flags)? as core::ffi::c_ulong;
                        (*tp).tp_flags &= !COLLECTION_FLAGS;
                        (*tp).tp_flags |= f & COLLECTION_FLAGS;
                    }
                    dictobject::del_item_str(dict, "__abc_tpflags__")?;
                }
            }
        }
        Ok(object::new_none())
    })())
}

const COLLECTION_FLAGS: core::ffi::c_ulong = Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING;

unsafe fn is_abstract(value: *mut PyObject) -> PyResult<bool> {
    match object::get_attr_str(value, "__isabstractmethod__") {
        Ok(v) => object::is_true(v.as_ptr()),
        Err(e) => {
            if errors::exception_matches(crate::objects::exceptions::PyExc_AttributeError) {
                errors::clear();
                Ok(false)
            } else {
                Err(e)
            }
        }
    }
}

/// Sets a collection flag on `child` and its subclasses that have none yet.
unsafe fn set_collection_flag_recursive(
    child: *mut PyTypeObject,
    flag: core::ffi::c_ulong,
) -> PyResult<()> {
    if (*child).tp_flags & Py_TPFLAGS_IMMUTABLETYPE != 0
        || (*child).tp_flags & COLLECTION_FLAGS != 0
    {
        return Ok(());
    }
    (*child).tp_flags |= flag;
    let subs = crate::objects::call::call_method_str(child.cast(), "__subclasses__", &[])?;
    for i in 0..crate::objects::listobject::len(subs.as_ptr()) {
        let s = *crate::objects::listobject::items(subs.as_ptr()).add(i as usize);
        set_collection_flag_recursive(s.cast(), flag)?;
    }
    Ok(())
}

unsafe extern "C" fn abc_register(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if n != 2 {
            return Err(errors::type_error(&format!(
                "_abc_register expected 2 arguments, got {n}"
            )));
        }
        let (cls, subclass) = (*a, *a.add(1));
        if !crate::objects::typeobject::is_type(subclass) {
            return Err(errors::type_error("Can only register classes"));
        }
        if object::is_subclass(subclass, cls)? {
            return Ok(object::new_ref(subclass));
        }
        if object::is_subclass(cls, subclass)? {
            return Err(errors::set_string(
                crate::objects::exceptions::PyExc_RuntimeError,
                "Refusing to create an inheritance cycle",
            ));
        }
        let data = impl_of(cls)?;
        add_to_weak_set(
            &raw mut (*(data.as_ptr() as *mut AbcData)).registry,
            subclass,
        )?;
        INVALIDATION_COUNTER.fetch_add(1, Ordering::SeqCst);
        if crate::objects::typeobject::is_type(cls) {
            let flags = (*(cls as *mut PyTypeObject)).tp_flags & COLLECTION_FLAGS;
            if flags != 0 {
                set_collection_flag_recursive(subclass.cast(), flags)?;
            }
        }
        Ok(object::new_ref(subclass))
    })())
}

unsafe extern "C" fn abc_instancecheck(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if n != 2 {
            return Err(errors::type_error(&format!(
                "_abc_instancecheck expected 2 arguments, got {n}"
            )));
        }
        let (cls, instance) = (*a, *a.add(1));
        let data = impl_of(cls)?;
        let d = data.as_ptr() as *mut AbcData;
        let subclass = object::get_attr_str(instance, "__class__")?;
        if in_weak_set((*d).cache, subclass.as_ptr())? {
            return Ok(crate::objects::boolobject::from_bool(true));
        }
        let subtype: *mut PyObject = object::py_type(instance).cast();
        if subtype == subclass.as_ptr() {
            if (*d).negative_cache_version == INVALIDATION_COUNTER.load(Ordering::SeqCst)
                && in_weak_set((*d).negative_cache, subclass.as_ptr())?
            {
                return Ok(crate::objects::boolobject::from_bool(false));
            }
            return crate::objects::call::call_method_str(
                cls,
                "__subclasscheck__",
                &[subclass.as_ptr()],
            );
        }
        let r =
            crate::objects::call::call_method_str(cls, "__subclasscheck__", &[subclass.as_ptr()])?;
        if object::is_true(r.as_ptr())? {
            return Ok(r);
        }
        crate::objects::call::call_method_str(cls, "__subclasscheck__", &[subtype])
    })())
}

unsafe extern "C" fn abc_subclasscheck(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if n != 2 {
            return Err(errors::type_error(&format!(
                "_abc_subclasscheck expected 2 arguments, got {n}"
            )));
        }
        let (cls, subclass) = (*a, *a.add(1));
        if !crate::objects::typeobject::is_type(subclass) {
            return Err(errors::type_error("issubclass() arg 1 must be a class"));
        }
        let data = impl_of(cls)?;
        let d = data.as_ptr() as *mut AbcData;
        let yes = |d: *mut AbcData| -> PyResult<Ref> {
            add_to_weak_set(&raw mut (*d).cache, subclass)?;
            Ok(crate::objects::boolobject::from_bool(true))
        };
        if in_weak_set((*d).cache, subclass)? {
            return Ok(crate::objects::boolobject::from_bool(true));
        }
        let token = INVALIDATION_COUNTER.load(Ordering::SeqCst);
        if (*d).negative_cache_version < token {
            if !(*d).negative_cache.is_null() {
                setobject::clear((*d).negative_cache);
            }
            (*d).negative_cache_version = token;
        } else if in_weak_set((*d).negative_cache, subclass)? {
            return Ok(crate::objects::boolobject::from_bool(false));
        }
        let ok = crate::objects::call::call_method_str(cls, "__subclasshook__", &[subclass])?;
        if ok.as_ptr() == crate::objects::boolobject::from_bool(true).as_ptr() {
            return yes(d);
        }
        if ok.as_ptr() == crate::objects::boolobject::from_bool(false).as_ptr() {
            add_to_weak_set(&raw mut (*d).negative_cache, subclass)?;
            return Ok(ok);
        }
        if ok.as_ptr() != object::not_implemented() {
            return Err(errors::set_string(
                crate::objects::exceptions::PyExc_AssertionError,
                "__subclasshook__ must return either False, True, or NotImplemented",
            ));
        }
        // A direct subclass?
        let mro = (*(subclass as *mut PyTypeObject)).tp_mro;
        if !mro.is_null() && tupleobject::check(mro) {
            for i in 0..tupleobject::len(mro) {
                if *tupleobject::items(mro).add(i as usize) == cls {
                    return yes(d);
                }
            }
        }
        // A subclass of a registered class?
        if !(*d).registry.is_null() {
            let snapshot = crate::objects::r#abstract::sequence::tuple((*d).registry)?;
            for i in 0..tupleobject::len(snapshot.as_ptr()) {
                let r = *tupleobject::items(snapshot.as_ptr()).add(i as usize);
                let rcls = (*(r as *mut crate::abi::weakrefobject::PyWeakReference)).wr_object;
                if rcls == object::none() {
                    continue;
                }
                if object::is_subclass(subclass, rcls)? {
                    return yes(d);
                }
            }
        }
        // A subclass of a subclass?
        let subs = crate::objects::call::call_method_str(cls, "__subclasses__", &[])?;
        let subs = crate::objects::r#abstract::sequence::tuple(subs.as_ptr())?;
        for i in 0..tupleobject::len(subs.as_ptr()) {
            let scls = *tupleobject::items(subs.as_ptr()).add(i as usize);
            if object::is_subclass(subclass, scls)? {
                return yes(d);
            }
        }
        add_to_weak_set(&raw mut (*d).negative_cache, subclass)?;
        Ok(crate::objects::boolobject::from_bool(false))
    })())
}

unsafe fn set_copy(s: *mut PyObject) -> PyResult<Ref> {
    setobject::new_set(s)
}

unsafe extern "C" fn get_dump(_m: *mut PyObject, cls: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let data = impl_of(cls)?;
        let d = data.as_ptr() as *mut AbcData;
        let r = set_copy((*d).registry)?;
        let c = set_copy((*d).cache)?;
        let nc = set_copy((*d).negative_cache)?;
        let v = longobject::from_u64((*d).negative_cache_version)?;
        tupleobject::pack(&[r.as_ptr(), c.as_ptr(), nc.as_ptr(), v.as_ptr()])
    })())
}

unsafe extern "C" fn reset_registry(_m: *mut PyObject, cls: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(impl_of(cls).map(|data| {
        let d = data.as_ptr() as *mut AbcData;
        if !(*d).registry.is_null() {
            setobject::clear((*d).registry);
        }
        object::new_none()
    }))
}

unsafe extern "C" fn reset_caches(_m: *mut PyObject, cls: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(impl_of(cls).map(|data| {
        let d = data.as_ptr() as *mut AbcData;
        for s in [(*d).cache, (*d).negative_cache] {
            if !s.is_null() {
                setobject::clear(s);
            }
        }
        object::new_none()
    }))
}

unsafe extern "C" fn get_cache_token(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_u64(
        INVALIDATION_COUNTER.load(Ordering::SeqCst),
    ))
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject;

fn methods() -> Vec<PyMethodDef> {
    let o = |name: &'static core::ffi::CStr, f: BinFn, flags| PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: core::ptr::null(),
    };
    let fast = |name: &'static core::ffi::CStr, f: FastFn| PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe { core::mem::transmute::<FastFn, BinFn>(f) }),
        ml_flags: METH_FASTCALL,
        ml_doc: core::ptr::null(),
    };
    vec![
        o(c"get_cache_token", get_cache_token, METH_NOARGS),
        o(c"_abc_init", abc_init, METH_O),
        o(c"_reset_registry", reset_registry, METH_O),
        fast(c"_abc_register", abc_register),
        fast(c"_abc_instancecheck", abc_instancecheck),
        fast(c"_abc_subclasscheck", abc_subclasscheck),
        o(c"_get_dump", get_dump, METH_O),
        o(c"_reset_caches", reset_caches, METH_O),
    ]
}

/// `PyInit__abc`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        crate::objects::typeobject::ready(&raw mut ABC_DATA_TYPE)?;
        let m = args::create_module(
            c"_abc",
            c"Module contains faster C implementation of abc.ABCMeta",
            methods,
        )?;
        args::add(m.as_ptr(), "_abc_data", (&raw mut ABC_DATA_TYPE).cast())?;
        Ok(m)
    })())
}

#[cfg(test)]
pub(crate) mod tests {
    //! Run from `codecsmodule::tests`. Expected values are python3.11's.
    use super::*;
    use crate::modules::codecsmodule::tests::{call, show};

    pub(crate) unsafe fn run() {
        let m = Ref::from_raw(init_module());
        // class A: pass  (made by calling type(name, bases, ns))
        let name = crate::objects::unicodeobject::new_str("A").unwrap();
        let base: *mut PyObject = (&raw mut crate::objects::typeobject::PyBaseObject_Type).cast();
        let bases = tupleobject::pack(&[base]).unwrap();
        let ns = dictobject::new().unwrap();
        let a = crate::objects::call::vectorcall(
            (&raw mut crate::objects::typeobject::PyType_Type).cast(),
            &[name.as_ptr(), bases.as_ptr(), ns.as_ptr()],
            null_mut(),
        )
        .unwrap();
        let int_t: *mut PyObject = (&raw mut crate::objects::longobject::PyLong_Type).cast();
        let str_t: *mut PyObject = (&raw mut crate::objects::unicodeobject::PyUnicode_Type).cast();
        assert_eq!(call(m.as_ptr(), "_abc_init", &[a.as_ptr()]), "None");
        assert_eq!(
            show(object::get_attr_str(a.as_ptr(), "__abstractmethods__")),
            "frozenset()"
        );
        let token = call(m.as_ptr(), "get_cache_token", &[])
            .parse::<u64>()
            .unwrap();
        assert_eq!(
            call(m.as_ptr(), "_abc_register", &[a.as_ptr(), int_t]),
            "<class 'int'>"
        );
        assert_eq!(
            call(m.as_ptr(), "get_cache_token", &[]),
            (token + 1).to_string()
        );
        assert_eq!(
            call(m.as_ptr(), "_abc_subclasscheck", &[a.as_ptr(), int_t]),
            "True"
        );
        assert_eq!(
            call(m.as_ptr(), "_abc_subclasscheck", &[a.as_ptr(), str_t]),
            "False"
        );
        let seven = longobject::from_i64(7).unwrap();
        assert_eq!(
            call(
                m.as_ptr(),
                "_abc_instancecheck",
                &[a.as_ptr(), seven.as_ptr()]
            ),
            "True"
        );
        assert_eq!(
            call(
                m.as_ptr(),
                "_abc_subclasscheck",
                &[a.as_ptr(), seven.as_ptr()]
            ),
            "TypeError: issubclass() arg 1 must be a class"
        );
        assert_eq!(
            call(m.as_ptr(), "_abc_register", &[a.as_ptr(), seven.as_ptr()]),
            "TypeError: Can only register classes"
        );
        let dump = call(m.as_ptr(), "_get_dump", &[a.as_ptr()]);
        assert!(dump.starts_with("({<weakref at 0x"), "{dump}");
        assert!(dump.contains("; to 'type' at 0x"), "{dump}");
        assert_eq!(call(m.as_ptr(), "_reset_caches", &[a.as_ptr()]), "None");
        assert_eq!(call(m.as_ptr(), "_reset_registry", &[a.as_ptr()]), "None");
        let dump = call(m.as_ptr(), "_get_dump", &[a.as_ptr()]);
        assert!(dump.starts_with("(set(), set(), set(), "), "{dump}");
    }
}
