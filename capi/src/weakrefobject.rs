//! `weakrefobject.h` / `cpython/weakrefobject.h`: weak references. Wrappers over
//! `ferrython_runtime::objects::weakrefobject`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::abi::weakrefobject::PyWeakReference;
use ferrython_runtime::errors::{ptr_result, PyResult};
use ferrython_runtime::objects::weakrefobject as w;
use std::ptr::null_mut;

exported!(fn PyWeakref_NewRef(ob: *mut PyObject, callback: *mut PyObject) -> *mut PyObject => ptr_result(w::new_ref(ob, callback)));
exported!(
    /// A borrowed reference; None once the referent died.
    fn PyWeakref_GetObject(r: *mut PyObject) -> *mut PyObject => {
        let result: PyResult<*mut PyObject> = w::get_object(r);
        result.unwrap_or(null_mut())
    }
);
exported!(fn PyObject_ClearWeakRefs(op: *mut PyObject) => w::clear_weakrefs(op));
exported!(fn _PyWeakref_ClearRef(r: *mut PyWeakReference) => w::clear_ref_keep_callback(r));
exported!(fn _PyWeakref_GetWeakrefCount(head: *mut PyWeakReference) -> Py_ssize_t => w::weakref_count(head));
exported!(fn PyWeakref_NewProxy(ob: *mut PyObject, callback: *mut PyObject) -> *mut PyObject => ptr_result(w::new_proxy(ob, callback)));
