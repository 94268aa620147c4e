//! The trashcan (`Py_TRASHCAN_BEGIN`/`END` of extension deallocators): bounds the C recursion
//! of deeply nested deallocations. Past `UNWIND_LEVEL` nested deallocators, an object's
//! deallocation is deferred to a per-thread list, run when the outermost one finishes.

use crate::abi::object::{PyObject, PyTypeObject};
use crate::abi::pystate::PyThreadState;
use std::cell::RefCell;

/// CPython's `PyTrash_UNWIND_LEVEL`.
const UNWIND_LEVEL: i32 = 50;

thread_local! {
    /// Objects whose deallocation was deferred on this thread (the calling thread owns
    /// `tstate`); emptied by [`end`] at nesting level 0.
    static DEFERRED: RefCell<Vec<*mut PyObject>> = const { RefCell::new(Vec::new()) };
}

/// `_PyTrash_cond(op, dealloc)`: the trashcan applies when `dealloc` is the type's own
/// deallocator (not a subclass's calling up).
///
/// # Safety
/// `op` is a live object.
pub unsafe fn cond(op: *mut PyObject, dealloc: Option<unsafe extern "C" fn(*mut PyObject)>) -> bool {
    let tp: *mut PyTypeObject = (*op).ob_type;
    (*tp).tp_dealloc.map(|f| f as usize) == dealloc.map(|f| f as usize)
}

/// `_PyTrash_begin(tstate, op)`: true when the deallocation of `op` was deferred (the caller
/// must then return at once); false after entering one more nesting level.
///
/// # Safety
/// `tstate` is the calling thread's state; `op` is being deallocated (refcount 0).
pub unsafe fn begin(tstate: *mut PyThreadState, op: *mut PyObject) -> bool {
    if (*tstate).trash_delete_nesting >= UNWIND_LEVEL {
        DEFERRED.with(|d| d.borrow_mut().push(op));
        return true;
    }
    (*tstate).trash_delete_nesting += 1;
    false
}

/// `_PyTrash_end(tstate)`: leaves a nesting level; at level 0 runs the deferred deallocations.
///
/// # Safety
/// `tstate` is the calling thread's state, after a [`begin`] that returned false.
pub unsafe fn end(tstate: *mut PyThreadState) {
    (*tstate).trash_delete_nesting -= 1;
    if (*tstate).trash_delete_nesting > 0 {
        return;
    }
    loop {
        let Some(op) = DEFERRED.with(|d| d.borrow_mut().pop()) else { break };
        let tp: *mut PyTypeObject = (*op).ob_type;
        (*tstate).trash_delete_nesting += 1;
        if let Some(dealloc) = (*tp).tp_dealloc {
            dealloc(op);
        }
        (*tstate).trash_delete_nesting -= 1;
    }
}
