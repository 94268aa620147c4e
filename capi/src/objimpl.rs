//! `objimpl.h` / `cpython/objimpl.h`: GC object allocation and tracking, the collector's public
//! switches, finalizers. Wrappers over `ferrython_runtime::mem::gc`.

use ferrython_runtime::abi::object::{PyObject, PyTypeObject, PyVarObject, Py_ssize_t};
use ferrython_runtime::errors;
use ferrython_runtime::lifecycle::fatal::fatal_error;
use ferrython_runtime::mem::gc;
use ferrython_runtime::objects::object as obj;
use std::ffi::{c_int, c_void};
use std::ptr::null_mut;

exported!(
    /// Tracking an object twice is a fatal error, as in CPython.
    fn PyObject_GC_Track(op: *mut c_void) => {
        let op = op as *mut PyObject;
        if gc::is_tracked(op) {
            fatal_error("PyObject_GC_Track", b"object already tracked by the garbage collector");
        }
        gc::track(op)
    }
);
exported!(
    /// Untracking twice is allowed (the trashcan relies on it).
    fn PyObject_GC_UnTrack(op: *mut c_void) => {
        let op = op as *mut PyObject;
        if gc::is_tracked(op) {
            gc::untrack(op)
        }
    }
);
exported!(fn PyObject_GC_Del(op: *mut c_void) => gc::free(op as *mut PyObject));
exported!(fn PyObject_GC_IsTracked(op: *mut PyObject) -> c_int => (gc::is_gc(op) && gc::is_tracked(op)) as c_int);
exported!(fn PyObject_GC_IsFinalized(op: *mut PyObject) -> c_int => (gc::is_gc(op) && gc::is_finalized_object(op)) as c_int);
exported!(fn PyObject_IS_GC(op: *mut PyObject) -> c_int => gc::is_gc(op) as c_int);

exported!(fn _PyObject_New(tp: *mut PyTypeObject) -> *mut PyObject => obj::new_object(tp).unwrap_or(null_mut()));
exported!(fn _PyObject_NewVar(tp: *mut PyTypeObject, nitems: Py_ssize_t) -> *mut PyVarObject =>
    obj::new_var_object(tp, nitems).unwrap_or(null_mut()));
exported!(fn _PyObject_GC_New(tp: *mut PyTypeObject) -> *mut PyObject => {
    match gc::alloc(tp, (*tp).tp_basicsize as usize) {
        Ok(op) => {
            obj::init_object(op, tp);
            op
        }
        Err(_) => null_mut(),
    }
});
exported!(fn _PyObject_GC_NewVar(tp: *mut PyTypeObject, nitems: Py_ssize_t) -> *mut PyVarObject => {
    if nitems < 0 {
        let _ = errors::bad_internal_call();
        return null_mut();
    }
    let Some(size) = obj::var_size(tp, nitems) else {
        let _ = errors::no_memory();
        return null_mut();
    };
    match gc::alloc(tp, size) {
        Ok(op) => {
            obj::init_var_object(op.cast(), tp, nitems);
            op.cast()
        }
        Err(_) => null_mut(),
    }
});
exported!(
    /// The object must not be tracked.
    fn _PyObject_GC_Resize(op: *mut PyVarObject, nitems: Py_ssize_t) -> *mut PyVarObject => {
        let tp = (*op).ob_base.ob_type;
        let Some(size) = obj::var_size(tp, nitems) else {
            let _ = errors::no_memory();
            return null_mut();
        };
        match gc::realloc(op.cast(), tp, size) {
            Ok(new) => {
                (*(new as *mut PyVarObject)).ob_size = nitems;
                new.cast()
            }
            Err(_) => null_mut(),
        }
    }
);

exported!(fn PyGC_Collect() -> Py_ssize_t => gc::collect_full());
exported!(fn PyGC_Enable() -> c_int => gc::set_enabled(true) as c_int);
exported!(fn PyGC_Disable() -> c_int => gc::set_enabled(false) as c_int);
exported!(fn PyGC_IsEnabled() -> c_int => gc::is_enabled() as c_int);

exported!(fn PyObject_CallFinalizer(op: *mut PyObject) => gc::call_finalizer(op));
exported!(fn PyObject_CallFinalizerFromDealloc(op: *mut PyObject) -> c_int => gc::call_finalizer_from_dealloc(op));

exported!(
    /// A NULL `op` (a failed allocation) becomes MemoryError, as in CPython.
    fn PyObject_Init(op: *mut PyObject, tp: *mut PyTypeObject) -> *mut PyObject => {
        if op.is_null() {
            let _ = errors::no_memory();
            return null_mut();
        }
        obj::init_object(op, tp);
        op
    }
);
exported!(fn PyObject_InitVar(op: *mut PyVarObject, tp: *mut PyTypeObject, size: Py_ssize_t) -> *mut PyVarObject => {
    if op.is_null() {
        let _ = errors::no_memory();
        return null_mut();
    }
    obj::init_var_object(op, tp, size);
    op
});
exported!(
    /// The address of the object's weaklist slot (the type must support weak references).
    fn PyObject_GET_WEAKREFS_LISTPTR(op: *mut PyObject) -> *mut *mut PyObject =>
        (op as *mut u8).offset((*(*op).ob_type).tp_weaklistoffset).cast()
);
exported!(fn PyType_SUPPORTS_WEAKREFS(tp: *mut PyTypeObject) -> c_int => ((*tp).tp_weaklistoffset > 0) as c_int);
