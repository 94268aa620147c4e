//! Weak references and proxies (CPython's Objects/weakrefobject.c): the reference lists hanging
//! off objects' weaklist slots, `weakref.ref`, clearing at deallocation with callbacks, and the
//! type objects of the proxies.

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut _PyWeakref_RefType: PyTypeObject = PyTypeObject {
    tp_vectorcall_offset: 56,
    tp_dealloc: Some(weakref_dealloc),
    tp_repr: Some(weakref_repr),
    tp_hash: Some(weakref_hash),
    tp_call: Some(weakref_call),
    tp_traverse: Some(weakref_traverse),
    tp_clear: Some(weakref_clear),
    tp_richcompare: Some(weakref_richcompare),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"weakref.ReferenceType", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut _PyWeakref_ProxyType: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"weakref.ProxyType", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);

#[no_mangle]
pub static mut _PyWeakref_CallableProxyType: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"weakref.CallableProxyType", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);


// ---------------------------------------------------------------------------------------------
// Weak references (`weakref.ref`). The references to one object form a doubly linked list
// headed at the object's weaklist slot (`tp_weaklistoffset`), ordered as CPython orders it: the
// callback-less basic ref first, then the callback-less basic proxy, then the others. Proxies'
// forwarding slots are not written yet, so proxies cannot be created.

use crate::abi::weakrefobject::PyWeakReference;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, decref, incref, none, Ref};
use core::ffi::c_int;
use core::ptr::null_mut;

/// The object's weaklist slot, if its type supports weak references
/// (`_PyObject_GET_WEAKREFS_LISTPTR`, `_PyType_SUPPORTS_WEAKREFS`).
///
/// # Safety
/// `op` is a live object.
#[inline]
pub unsafe fn weaklist_ptr(op: *mut PyObject) -> Option<*mut *mut PyWeakReference> {
    let offset = (*(*op).ob_type).tp_weaklistoffset;
    (offset > 0).then(|| (op as *mut u8).add(offset as usize).cast())
}

/// `PyWeakref_CheckRef`: a `weakref.ref` or a subclass.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn is_ref(op: *mut PyObject) -> bool {
    let tp = (*op).ob_type;
    tp == &raw mut _PyWeakref_RefType || super::typeobject::is_subtype(tp, &raw mut _PyWeakref_RefType)
}

/// `PyWeakref_CheckProxy`.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn is_proxy(op: *mut PyObject) -> bool {
    let tp = (*op).ob_type;
    tp == &raw mut _PyWeakref_ProxyType || tp == &raw mut _PyWeakref_CallableProxyType
}

/// `PyWeakref_Check`.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn is_weakref(op: *mut PyObject) -> bool {
    is_ref(op) || is_proxy(op)
}

/// `clear_weakref`: unlinks the reference from its referent's list, makes it dead, and drops
/// its callback.
unsafe fn clear_weakref(r: *mut PyWeakReference) {
    let callback = (*r).wr_callback;
    if (*r).wr_object != none() {
        if let Some(list) = weaklist_ptr((*r).wr_object) {
            if *list == r {
                *list = (*r).wr_next;
            }
        }
        (*r).wr_object = none();
        if !(*r).wr_prev.is_null() {
            (*(*r).wr_prev).wr_next = (*r).wr_next;
        }
        if !(*r).wr_next.is_null() {
            (*(*r).wr_next).wr_prev = (*r).wr_prev;
        }
        (*r).wr_prev = null_mut();
        (*r).wr_next = null_mut();
    }
    if !callback.is_null() {
        (*r).wr_callback = null_mut();
        decref(callback);
    }
}

/// `_PyWeakref_ClearRef`: as `clear_weakref`, but the callback stays (the collector calls it).
///
/// # Safety
/// `r` is a live weak reference.
pub unsafe fn clear_ref_keep_callback(r: *mut PyWeakReference) {
    let callback = (*r).wr_callback;
    (*r).wr_callback = null_mut();
    clear_weakref(r);
    (*r).wr_callback = callback;
}

/// `_PyWeakref_GetWeakrefCount`: the length of a reference list.
///
/// # Safety
/// `head` is NULL or the head of a live list.
pub unsafe fn weakref_count(mut head: *mut PyWeakReference) -> isize {
    let mut n = 0;
    while !head.is_null() {
        n += 1;
        head = (*head).wr_next;
    }
    n
}

/// The callback-less basic ref and proxy at the head of a list (`get_basic_refs`).
unsafe fn basic_refs(head: *mut PyWeakReference) -> (*mut PyWeakReference, *mut PyWeakReference) {
    let mut r = null_mut();
    let mut proxy = null_mut();
    let mut h = head;
    if !h.is_null() && (*h).wr_callback.is_null() {
        if (*h).ob_base.ob_type == &raw mut _PyWeakref_RefType {
            r = h;
            h = (*h).wr_next;
        }
        if !h.is_null() && (*h).wr_callback.is_null() && is_proxy(h.cast()) {
            proxy = h;
        }
    }
    (r, proxy)
}

unsafe fn insert_head(new: *mut PyWeakReference, list: *mut *mut PyWeakReference) {
    let next = *list;
    (*new).wr_prev = null_mut();
    (*new).wr_next = next;
    if !next.is_null() {
        (*next).wr_prev = new;
    }
    *list = new;
}

unsafe fn insert_after(new: *mut PyWeakReference, prev: *mut PyWeakReference) {
    (*new).wr_prev = prev;
    (*new).wr_next = (*prev).wr_next;
    if !(*prev).wr_next.is_null() {
        (*(*prev).wr_next).wr_prev = new;
    }
    (*prev).wr_next = new;
}

/// Allocates a reference of type `tp` to `ob` (not yet linked), tracked by the collector.
unsafe fn alloc_weakref(tp: *mut PyTypeObject, ob: *mut PyObject, callback: *mut PyObject) -> PyResult<*mut PyWeakReference> {
    let op = crate::mem::gc::alloc(tp, (*tp).tp_basicsize as usize)?;
    object::init_object(op, tp);
    let r = op as *mut PyWeakReference;
    (*r).hash = -1;
    (*r).wr_object = ob;
    (*r).wr_prev = null_mut();
    (*r).wr_next = null_mut();
    crate::objects::object::xincref(callback);
    (*r).wr_callback = callback;
    (*r).vectorcall = Some(weakref_vectorcall);
    crate::mem::gc::track(op);
    Ok(r)
}

unsafe fn cannot_weakref(ob: *mut PyObject) -> errors::ErrSet {
    errors::type_error(&format!("cannot create weak reference to '{}' object", object::type_name(ob)))
}

/// `PyWeakref_NewRef(ob, callback)`: without a callback the existing basic reference is shared.
///
/// # Safety
/// `ob` is a live object; `callback` is NULL, None or a live object.
pub unsafe fn new_ref(ob: *mut PyObject, callback: *mut PyObject) -> PyResult<Ref> {
    let Some(list) = weaklist_ptr(ob) else { return Err(cannot_weakref(ob)) };
    let callback = if callback == none() { null_mut() } else { callback };
    let (basic, proxy) = basic_refs(*list);
    if callback.is_null() && !basic.is_null() {
        return Ok(object::new_ref(basic.cast()));
    }
    let r = alloc_weakref(&raw mut _PyWeakref_RefType, ob, callback)?;
    if callback.is_null() {
        insert_head(r, list);
    } else {
        let prev = if proxy.is_null() { basic } else { proxy };
        if prev.is_null() {
            insert_head(r, list);
        } else {
            insert_after(r, prev);
        }
    }
    Ok(Ref::from_raw(r.cast()))
}

/// `PyWeakref_GetObject`: the referent (borrowed), or None when it died.
///
/// # Safety
/// `r` is NULL or a live object.
pub unsafe fn get_object(r: *mut PyObject) -> PyResult<*mut PyObject> {
    if r.is_null() || !is_weakref(r) {
        return Err(errors::bad_internal_call());
    }
    Ok((*(r as *mut PyWeakReference)).wr_object)
}

/// Calls a dead reference's callback with the reference; errors are reported as unraisable.
unsafe fn handle_callback(r: *mut PyWeakReference, callback: *mut PyObject) {
    match crate::objects::call::vectorcall(callback, &[r.cast()], null_mut()) {
        Ok(_) => {}
        Err(_) => errors::write_unraisable(callback),
    }
}

/// `PyObject_ClearWeakRefs(object)`: called by the deallocator of an object whose type supports
/// weak references. Every reference dies; callbacks of the references still alive are called
/// in list order, with the pending exception saved around them.
///
/// # Safety
/// `object` is being deallocated (reference count 0).
pub unsafe fn clear_weakrefs(object: *mut PyObject) {
    if object.is_null() || (*object).ob_refcnt != 0 {
        let _ = errors::bad_internal_call();
        return;
    }
    let Some(list) = weaklist_ptr(object) else {
        let _ = errors::bad_internal_call();
        return;
    };
    // The callback-less basic ref and proxy just die.
    if !(*list).is_null() && (**list).wr_callback.is_null() {
        clear_weakref(*list);
        if !(*list).is_null() && (**list).wr_callback.is_null() {
            clear_weakref(*list);
        }
    }
    if (*list).is_null() {
        return;
    }
    errors::preserving(|| {
        // Collect (reference, callback) pairs first: callbacks may create or drop references.
        let mut pending: Vec<(*mut PyWeakReference, *mut PyObject)> = Vec::new();
        let mut current = *list;
        while !current.is_null() {
            let next = (*current).wr_next;
            let callback = (*current).wr_callback;
            (*current).wr_callback = null_mut();
            clear_weakref(current);
            if (*current).ob_base.ob_refcnt > 0 {
                incref(current.cast());
                pending.push((current, callback));
            } else {
                crate::objects::object::xdecref(callback);
            }
            current = next;
        }
        for (r, callback) in pending {
            if !callback.is_null() {
                handle_callback(r, callback);
                decref(callback);
            }
            decref(r.cast());
        }
    });
}

/// `tp_dealloc` of references.
unsafe extern "C" fn weakref_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    clear_weakref(op.cast());
    match (*(*op).ob_type).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe extern "C" fn weakref_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let callback = (*(op as *mut PyWeakReference)).wr_callback;
    match visit {
        Some(v) if !callback.is_null() => v(callback, arg),
        _ => 0,
    }
}

unsafe extern "C" fn weakref_clear(op: *mut PyObject) -> c_int {
    clear_weakref(op.cast());
    0
}

/// Calling a reference returns the referent, or None once it died; it takes no arguments.
unsafe extern "C" fn weakref_vectorcall(
    op: *mut PyObject,
    _args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = nargsf & !(1usize << (usize::BITS - 1));
    if !kwnames.is_null() && (*(kwnames as *mut PyVarObject)).ob_size > 0 {
        return errors::ptr_result(Err(errors::type_error("weakref() takes no keyword arguments")));
    }
    if nargs != 0 {
        return errors::ptr_result(Err(errors::type_error(&format!("weakref expected 0 arguments, got {nargs}"))));
    }
    let obj = (*(op as *mut PyWeakReference)).wr_object;
    incref(obj);
    obj
}

/// `tp_call`: the generic vectorcall-through-`tp_call` path (`PyVectorcall_Call`).
unsafe extern "C" fn weakref_call(op: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(crate::objects::call::vectorcall_call(op, args, kwargs))
}

/// `hash(ref)`: the referent's hash, computed once (a dead reference that never hashed raises).
unsafe extern "C" fn weakref_hash(op: *mut PyObject) -> Py_hash_t {
    let r = op as *mut PyWeakReference;
    if (*r).hash != -1 {
        return (*r).hash;
    }
    let obj = (*r).wr_object;
    if obj == none() {
        let _ = errors::type_error("weak object has gone away");
        return -1;
    }
    incref(obj);
    let h = object::hash(obj);
    decref(obj);
    match h {
        Ok(h) => {
            (*r).hash = h;
            h
        }
        Err(_) => -1,
    }
}

/// `ref == other`: live references compare their referents, dead ones compare by identity;
/// only `==` and `!=` are defined.
unsafe extern "C" fn weakref_richcompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject {
    const PY_EQ: c_int = 2;
    const PY_NE: c_int = 3;
    if (op != PY_EQ && op != PY_NE) || !is_ref(a) || !is_ref(b) {
        return object::new_ref(object::not_implemented()).into_raw();
    }
    let (oa, ob) = ((*(a as *mut PyWeakReference)).wr_object, (*(b as *mut PyWeakReference)).wr_object);
    if oa == none() || ob == none() {
        let same = (a == b) == (op == PY_EQ);
        return crate::objects::boolobject::from_bool(same).into_raw();
    }
    incref(oa);
    incref(ob);
    let r = object::rich_compare(oa, ob, op);
    decref(oa);
    decref(ob);
    errors::ptr_result(r)
}

/// `repr(ref)`: `<weakref at 0x...; dead>` or `<weakref at 0x...; to 'T' at 0x... (name)>`.
unsafe extern "C" fn weakref_repr(op: *mut PyObject) -> *mut PyObject {
    let obj = (*(op as *mut PyWeakReference)).wr_object;
    if obj == none() {
        return errors::ptr_result(crate::objects::unicodeobject::new_str(&format!("<weakref at {op:p}; dead>")));
    }
    incref(obj);
    let text = (|| -> PyResult<String> {
        let ty = object::type_name(obj);
        let name = match object::get_attr_str(obj, "__name__") {
            Ok(n) if object::is_type(n.as_ptr(), &raw mut crate::objects::unicodeobject::PyUnicode_Type)
                || crate::objects::object::has_feature(n.ob_type(), Py_TPFLAGS_UNICODE_SUBCLASS) =>
            {
                Some(crate::objects::unicodeobject::to_string_lossy(n.as_ptr()))
            }
            Ok(_) => None,
            Err(e) => {
                if errors::exception_matches(crate::objects::exceptions::PyExc_AttributeError) {
                    errors::clear();
                    None
                } else {
                    return Err(e);
                }
            }
        };
        Ok(match name {
            Some(n) => format!("<weakref at {op:p}; to '{ty}' at {obj:p} ({n})>"),
            None => format!("<weakref at {op:p}; to '{ty}' at {obj:p}>"),
        })
    })();
    decref(obj);
    errors::ptr_result(text.and_then(|t| crate::objects::unicodeobject::new_str(&t)))
}
