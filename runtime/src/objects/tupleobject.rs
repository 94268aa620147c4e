//! `tuple`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use crate::abi::tupleobject::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyTuple_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(tuple_dealloc),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"tuple", 24, 8, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_TUPLE_SUBCLASS)
};

#[no_mangle]
pub static mut PyTupleIter_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"tuple_iterator", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);


// ---------------------------------------------------------------------------------------------
// Creation and destruction: the core the rest of the runtime needs. `()` is the static
// singleton in `_PyRuntime`.

use crate::errors::{self, PyResult};
use crate::objects::object::{incref, new_ref, xdecref, Ref};

/// The item array of a tuple (`_PyTuple_ITEMS`).
///
/// # Safety
/// `op` is a live tuple.
#[inline(always)]
pub unsafe fn items(op: *mut PyObject) -> *mut *mut PyObject {
    (*(op as *mut PyTupleObject)).ob_item.as_mut_ptr()
}

/// `PyTuple_New(size)`: a tuple of `size` NULL items, not yet tracked by the collector (the
/// caller fills it, then tracks it; CPython tracks at once, which is equivalent because NULL
/// items are skipped by traversal). `()` is the shared singleton.
///
/// # Safety
/// A thread state is current.
pub unsafe fn new_uninit(size: Py_ssize_t) -> PyResult<*mut PyObject> {
    if size < 0 {
        return Err(errors::bad_internal_call());
    }
    if size == 0 {
        return Ok(new_ref(crate::lifecycle::pyruntime::tuple_empty()).into_raw());
    }
    let tp = &raw mut PyTuple_Type;
    let Some(basic) = crate::objects::object::var_size(tp, size) else { return Err(errors::no_memory()) };
    let op = crate::mem::gc::alloc(tp, basic)?;
    crate::objects::object::init_var_object(op.cast(), tp, size);
    core::ptr::write_bytes(items(op), 0, size as usize);
    Ok(op)
}

/// A tuple of new references to `objects` (`PyTuple_Pack`).
///
/// # Safety
/// Every pointer is a live object; a thread state is current.
pub unsafe fn pack(objects: &[*mut PyObject]) -> PyResult<Ref> {
    let op = new_uninit(objects.len() as Py_ssize_t)?;
    if !objects.is_empty() {
        let dst = items(op);
        for (i, &ob) in objects.iter().enumerate() {
            incref(ob);
            *dst.add(i) = ob;
        }
        crate::mem::gc::track(op);
    }
    Ok(Ref::from_raw(op))
}

/// `tp_dealloc` of tuples.
///
/// # Safety
/// Called by `_Py_Dealloc` on a tuple whose count reached zero.
pub unsafe extern "C" fn tuple_dealloc(op: *mut PyObject) {
    if crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
    let n = (*(op as *mut PyVarObject)).ob_size as usize;
    let its = items(op);
    for i in (0..n).rev() {
        xdecref(*its.add(i));
    }
    let tp = (*op).ob_type;
    match (*tp).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}
