//! Weak references and proxies (CPython's Objects/weakrefobject.c): the reference lists hanging
//! off objects' weaklist slots, `weakref.ref`, clearing at deallocation with callbacks, and the
//! proxies (`weakref.proxy`: every slot forwards to the referent).

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
    tp_new: Some(weakref_new),
    tp_init: Some(weakref_init),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"weakref.ReferenceType", 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC)
};

macro_rules! proxy_type {
    ($name:literal, $call:expr) => {
        PyTypeObject {
            tp_dealloc: Some(weakref_dealloc),
            tp_repr: Some(proxy_repr),
            tp_as_number: &raw mut PROXY_AS_NUMBER,
            tp_as_sequence: &raw mut PROXY_AS_SEQUENCE,
            tp_as_mapping: &raw mut PROXY_AS_MAPPING,
            tp_call: $call,
            tp_str: Some(proxy_str),
            tp_getattro: Some(proxy_getattr),
            tp_setattro: Some(proxy_setattr),
            tp_traverse: Some(weakref_traverse),
            tp_clear: Some(weakref_clear),
            tp_richcompare: Some(proxy_richcompare),
            tp_iter: Some(proxy_iter),
            tp_iternext: Some(proxy_iternext),
            tp_methods: (&raw mut PROXY_METHODS).cast(),
            ..static_type(&raw mut super::typeobject::PyType_Type, $name, 64, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
        }
    };
}

#[no_mangle]
pub static mut _PyWeakref_ProxyType: PyTypeObject = proxy_type!(c"weakref.ProxyType", None);

#[no_mangle]
pub static mut _PyWeakref_CallableProxyType: PyTypeObject = proxy_type!(c"weakref.CallableProxyType", Some(proxy_call));


// ---------------------------------------------------------------------------------------------
// Weak references (`weakref.ref`). The references to one object form a doubly linked list
// headed at the object's weaklist slot (`tp_weaklistoffset`), ordered as CPython orders it: the
// callback-less basic ref first, then the callback-less basic proxy, then the others.

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

// ---------------------------------------------------------------------------------------------
// Proxies (`weakref.proxy`): every operation unwraps the referent (ReferenceError once it
// died) and forwards; operands of binary operators that are proxies are unwrapped too.
// Proxies are unhashable (`tp_hash` NULL with `tp_richcompare` set).

use crate::objects::r#abstract::{iter as aiter, mapping as amap, number as anum, sequence as aseq};

/// `PyWeakref_NewProxy(ob, callback)`: callable referents get a CallableProxyType.
///
/// # Safety
/// `ob` live; `callback` NULL, None or live.
pub unsafe fn new_proxy(ob: *mut PyObject, callback: *mut PyObject) -> PyResult<Ref> {
    let Some(list) = weaklist_ptr(ob) else { return Err(cannot_weakref(ob)) };
    let callback = if callback == none() { null_mut() } else { callback };
    let (basic_ref, basic_proxy) = basic_refs(*list);
    if callback.is_null() && !basic_proxy.is_null() {
        return Ok(object::new_ref(basic_proxy.cast()));
    }
    let tp = if crate::objects::call::is_callable(ob) {
        &raw mut _PyWeakref_CallableProxyType
    } else {
        &raw mut _PyWeakref_ProxyType
    };
    let p = alloc_weakref(tp, ob, callback)?;
    // Proxies have no vectorcall of their own.
    (*p).vectorcall = None;
    let prev = if callback.is_null() {
        basic_ref
    } else if basic_proxy.is_null() {
        basic_ref
    } else {
        basic_proxy
    };
    if prev.is_null() {
        insert_head(p, list);
    } else {
        insert_after(p, prev);
    }
    Ok(Ref::from_raw(p.cast()))
}

/// The referent of a proxy (a new reference), or ReferenceError.
unsafe fn referent(proxy: *mut PyObject) -> PyResult<Ref> {
    let obj = (*(proxy as *mut PyWeakReference)).wr_object;
    if obj == none() || (*obj).ob_refcnt <= 0 {
        return Err(errors::set_string(
            crate::objects::exceptions::PyExc_ReferenceError,
            "weakly-referenced object no longer exists",
        ));
    }
    Ok(object::new_ref(obj))
}

/// A proxy operand unwrapped, any other object as it is.
unsafe fn unwrap(o: *mut PyObject) -> PyResult<Ref> {
    if is_proxy(o) {
        referent(o)
    } else {
        Ok(object::new_ref(o))
    }
}

unsafe extern "C" fn proxy_getattr(p: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| object::get_attr(o.as_ptr(), name)))
}

unsafe extern "C" fn proxy_setattr(p: *mut PyObject, name: *mut PyObject, v: *mut PyObject) -> c_int {
    errors::int_result(referent(p).and_then(|o| object::set_attr(o.as_ptr(), name, v)))
}

unsafe extern "C" fn proxy_repr(p: *mut PyObject) -> *mut PyObject {
    let obj = (*(p as *mut PyWeakReference)).wr_object;
    let tname = object::type_name(obj);
    errors::ptr_result(crate::objects::unicodeobject::new_str(&format!("<weakproxy at {p:p}; to '{tname}' at {obj:p}>")))
}

unsafe extern "C" fn proxy_str(p: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| object::str(o.as_ptr())))
}

unsafe extern "C" fn proxy_call(p: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| crate::objects::call::call(o.as_ptr(), args, kw)))
}

unsafe extern "C" fn proxy_richcompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = unwrap(a)?;
        let b = unwrap(b)?;
        object::rich_compare(a.as_ptr(), b.as_ptr(), op)
    })())
}

unsafe extern "C" fn proxy_bool(p: *mut PyObject) -> c_int {
    errors::bool_result(referent(p).and_then(|o| object::is_true(o.as_ptr())))
}

unsafe extern "C" fn proxy_iter(p: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| aiter::get_iter(o.as_ptr())))
}

unsafe extern "C" fn proxy_iternext(p: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let o = referent(p)?;
        let tp = object::py_type(o.as_ptr());
        let Some(next) = (*tp).tp_iternext else {
            return Err(errors::type_error(&format!(
                "Weakref proxy referenced a non-iterator '{}' object",
                object::type_name(o.as_ptr())
            )));
        };
        // NULL without an exception (exhausted) passes through unchanged.
        Ref::from_result(next(o.as_ptr()))
    })())
}

unsafe extern "C" fn proxy_len(p: *mut PyObject) -> Py_ssize_t {
    match referent(p).and_then(|o| amap::size(o.as_ptr())) {
        Ok(n) => n,
        Err(_) => -1,
    }
}

unsafe extern "C" fn proxy_getitem(p: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| amap::get_item(o.as_ptr(), k)))
}

unsafe extern "C" fn proxy_setitem(p: *mut PyObject, k: *mut PyObject, v: *mut PyObject) -> c_int {
    errors::int_result(referent(p).and_then(|o| {
        if v.is_null() {
            amap::del_item(o.as_ptr(), k)
        } else {
            amap::set_item(o.as_ptr(), k, v)
        }
    }))
}

unsafe extern "C" fn proxy_contains(p: *mut PyObject, v: *mut PyObject) -> c_int {
    errors::bool_result(referent(p).and_then(|o| aseq::contains(o.as_ptr(), v)))
}

macro_rules! proxy_binary {
    ($name:ident, $slot:ident, $op:literal) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            errors::ptr_result((|| {
                let a = unwrap(a)?;
                let b = unwrap(b)?;
                anum::binary_op(a.as_ptr(), b.as_ptr(), |nb| nb.$slot, $op)
            })())
        }
    };
}

/// In-place operators: the result replaces nothing in the proxy (it is what `x op= y` binds).
macro_rules! proxy_inplace {
    ($name:ident, $islot:ident, $slot:ident, $op:literal) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            errors::ptr_result((|| {
                let a = unwrap(a)?;
                let b = unwrap(b)?;
                let tp = object::py_type(a.as_ptr());
                let nb = (*tp).tp_as_number;
                if !nb.is_null() {
                    if let Some(f) = (*nb).$islot {
                        let r = Ref::from_result(f(a.as_ptr(), b.as_ptr()))?;
                        if r.as_ptr() != object::not_implemented() {
                            return Ok(r);
                        }
                    }
                }
                anum::binary_op(a.as_ptr(), b.as_ptr(), |nb| nb.$slot, $op)
            })())
        }
    };
}

macro_rules! proxy_unary {
    ($name:ident, $slot:ident, $what:literal) => {
        unsafe extern "C" fn $name(p: *mut PyObject) -> *mut PyObject {
            errors::ptr_result((|| {
                let o = referent(p)?;
                let nb = (*object::py_type(o.as_ptr())).tp_as_number;
                match if nb.is_null() { None } else { (*nb).$slot } {
                    Some(f) => Ref::from_result(f(o.as_ptr())),
                    None => Err(errors::type_error(&format!("bad operand type for {}: '{}'", $what, object::type_name(o.as_ptr())))),
                }
            })())
        }
    };
}

proxy_binary!(proxy_add, nb_add, "+");
proxy_binary!(proxy_sub, nb_subtract, "-");
proxy_binary!(proxy_mul, nb_multiply, "*");
proxy_binary!(proxy_mod, nb_remainder, "%");
proxy_binary!(proxy_divmod, nb_divmod, "divmod()");
proxy_binary!(proxy_lshift, nb_lshift, "<<");
proxy_binary!(proxy_rshift, nb_rshift, ">>");
proxy_binary!(proxy_and, nb_and, "&");
proxy_binary!(proxy_xor, nb_xor, "^");
proxy_binary!(proxy_or, nb_or, "|");
proxy_binary!(proxy_floordiv, nb_floor_divide, "//");
proxy_binary!(proxy_truediv, nb_true_divide, "/");
proxy_binary!(proxy_matmul, nb_matrix_multiply, "@");
proxy_inplace!(proxy_iadd, nb_inplace_add, nb_add, "+=");
proxy_inplace!(proxy_isub, nb_inplace_subtract, nb_subtract, "-=");
proxy_inplace!(proxy_imul, nb_inplace_multiply, nb_multiply, "*=");
proxy_inplace!(proxy_imod, nb_inplace_remainder, nb_remainder, "%=");
proxy_inplace!(proxy_ilshift, nb_inplace_lshift, nb_lshift, "<<=");
proxy_inplace!(proxy_irshift, nb_inplace_rshift, nb_rshift, ">>=");
proxy_inplace!(proxy_iand, nb_inplace_and, nb_and, "&=");
proxy_inplace!(proxy_ixor, nb_inplace_xor, nb_xor, "^=");
proxy_inplace!(proxy_ior, nb_inplace_or, nb_or, "|=");
proxy_inplace!(proxy_ifloordiv, nb_inplace_floor_divide, nb_floor_divide, "//=");
proxy_inplace!(proxy_itruediv, nb_inplace_true_divide, nb_true_divide, "/=");
proxy_inplace!(proxy_imatmul, nb_inplace_matrix_multiply, nb_matrix_multiply, "@=");
proxy_unary!(proxy_neg, nb_negative, "unary -");
proxy_unary!(proxy_pos, nb_positive, "unary +");
proxy_unary!(proxy_abs, nb_absolute, "abs()");
proxy_unary!(proxy_invert, nb_invert, "unary ~");

unsafe extern "C" fn proxy_pow(a: *mut PyObject, b: *mut PyObject, c: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let (a, b, c) = (unwrap(a)?, unwrap(b)?, unwrap(c)?);
        anum::power(a.as_ptr(), b.as_ptr(), c.as_ptr())
    })())
}

unsafe extern "C" fn proxy_ipow(a: *mut PyObject, b: *mut PyObject, c: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let (a, b, c) = (unwrap(a)?, unwrap(b)?, unwrap(c)?);
        anum::inplace_power(a.as_ptr(), b.as_ptr(), c.as_ptr())
    })())
}

unsafe extern "C" fn proxy_int(p: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| anum::long(o.as_ptr())))
}

unsafe extern "C" fn proxy_float(p: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| anum::float(o.as_ptr())))
}

unsafe extern "C" fn proxy_index(p: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| anum::index(o.as_ptr())))
}

unsafe extern "C" fn proxy_bytes(p: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| crate::objects::bytesobject::object_bytes(o.as_ptr())))
}

unsafe extern "C" fn proxy_reversed(p: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(referent(p).and_then(|o| crate::objects::call::call_method_str(o.as_ptr(), "__reversed__", &[])))
}

static mut PROXY_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(proxy_add),
    nb_subtract: Some(proxy_sub),
    nb_multiply: Some(proxy_mul),
    nb_remainder: Some(proxy_mod),
    nb_divmod: Some(proxy_divmod),
    nb_power: Some(proxy_pow),
    nb_negative: Some(proxy_neg),
    nb_positive: Some(proxy_pos),
    nb_absolute: Some(proxy_abs),
    nb_bool: Some(proxy_bool),
    nb_invert: Some(proxy_invert),
    nb_lshift: Some(proxy_lshift),
    nb_rshift: Some(proxy_rshift),
    nb_and: Some(proxy_and),
    nb_xor: Some(proxy_xor),
    nb_or: Some(proxy_or),
    nb_int: Some(proxy_int),
    nb_reserved: null_mut(),
    nb_float: Some(proxy_float),
    nb_inplace_add: Some(proxy_iadd),
    nb_inplace_subtract: Some(proxy_isub),
    nb_inplace_multiply: Some(proxy_imul),
    nb_inplace_remainder: Some(proxy_imod),
    nb_inplace_power: Some(proxy_ipow),
    nb_inplace_lshift: Some(proxy_ilshift),
    nb_inplace_rshift: Some(proxy_irshift),
    nb_inplace_and: Some(proxy_iand),
    nb_inplace_xor: Some(proxy_ixor),
    nb_inplace_or: Some(proxy_ior),
    nb_floor_divide: Some(proxy_floordiv),
    nb_true_divide: Some(proxy_truediv),
    nb_inplace_floor_divide: Some(proxy_ifloordiv),
    nb_inplace_true_divide: Some(proxy_itruediv),
    nb_index: Some(proxy_index),
    nb_matrix_multiply: Some(proxy_matmul),
    nb_inplace_matrix_multiply: Some(proxy_imatmul),
};

static mut PROXY_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_contains: Some(proxy_contains),
    ..unsafe { core::mem::zeroed() }
};

static mut PROXY_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(proxy_len),
    mp_subscript: Some(proxy_getitem),
    mp_ass_subscript: Some(proxy_setitem),
};

static mut PROXY_METHODS: [crate::abi::methodobject::PyMethodDef; 3] = [
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"__bytes__".as_ptr(),
        ml_meth: Some(proxy_bytes),
        ml_flags: crate::abi::methodobject::METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"__reversed__".as_ptr(),
        ml_meth: Some(proxy_reversed),
        ml_flags: crate::abi::methodobject::METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    crate::abi::methodobject::PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
];

/// `(ob, callback=None)` of `ref.__new__` / `__init__`.
unsafe fn ref_args(args: *mut PyObject, who: &str) -> PyResult<(*mut PyObject, *mut PyObject)> {
    let n = crate::objects::tupleobject::len(args);
    if !(1..=2).contains(&n) {
        return Err(errors::type_error(&format!(
            "{who} expected {} argument{}, got {n}",
            if n < 1 { "at least 1" } else { "at most 2" },
            if n < 1 { "" } else { "s" }
        )));
    }
    let items = crate::objects::tupleobject::items(args);
    let cb = if n == 2 && *items.add(1) != none() { *items.add(1) } else { null_mut() };
    Ok((*items, cb))
}

/// `weakref.ref(ob, callback=None)` (`weakref___new__`): the exact type without a callback
/// shares the basic reference; subclasses get instances of their own, placed after the
/// basic ref and proxy.
unsafe extern "C" fn weakref_new(tp: *mut PyTypeObject, args: *mut PyObject, _kw: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let (ob, callback) = ref_args(args, "__new__")?;
        if tp == &raw mut _PyWeakref_RefType {
            return new_ref(ob, callback);
        }
        let Some(list) = weaklist_ptr(ob) else { return Err(cannot_weakref(ob)) };
        let alloc = (*tp).tp_alloc.unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
        let op = alloc(tp, 0);
        if op.is_null() {
            return Err(errors::ErrSet::assume_set());
        }
        let r = op as *mut PyWeakReference;
        (*r).hash = -1;
        (*r).wr_object = ob;
        (*r).wr_prev = null_mut();
        (*r).wr_next = null_mut();
        crate::objects::object::xincref(callback);
        (*r).wr_callback = callback;
        (*r).vectorcall = Some(weakref_vectorcall);
        let (basic, proxy) = basic_refs(*list);
        let prev = if proxy.is_null() { basic } else { proxy };
        if prev.is_null() {
            insert_head(r, list);
        } else {
            insert_after(r, prev);
        }
        Ok(Ref::from_raw(op))
    })())
}

unsafe extern "C" fn weakref_init(_op: *mut PyObject, args: *mut PyObject, _kw: *mut PyObject) -> c_int {
    errors::int_result(ref_args(args, "__init__").map(|_| ()))
}
