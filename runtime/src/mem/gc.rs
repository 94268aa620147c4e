//! The cycle collector's object bookkeeping (CPython's Modules/gcmodule.c, allocation side):
//! the `PyGC_Head` in front of every GC object, the three generation lists of the
//! interpreter's `_gc_runtime_state`, tracking and untracking, and allocation/free of GC
//! objects (with the managed-dict pre-header of 3.11).
//!
//! Memory layout of a GC object, as CPython 3.11 has it (extensions and debuggers rely on it):
//! `[dict, values]` (only with `Py_TPFLAGS_MANAGED_DICT`) `[PyGC_Head]` `[the object]`.
//! Lists are circular and doubly linked through `_gc_next` / `_gc_prev` (whose low two bits
//! are flags); `_gc_next == 0` means untracked.

use crate::abi::object::*;
use crate::abi::pycore_gc::*;
use crate::errors::{self, PyResult};
use crate::lifecycle::pystate;
use core::ptr::addr_of_mut;

/// Thresholds CPython 3.11 starts with (`gc.get_threshold()` = (700, 10, 10)).
pub const DEFAULT_THRESHOLDS: [i32; NUM_GENERATIONS] = [700, 10, 10];

/// `_PyGC_InitState`: empty circular lists, default thresholds, collection enabled.
///
/// # Safety
/// `state` points to a zeroed, writable `_gc_runtime_state` that will not move.
pub unsafe fn init_state(state: *mut _gc_runtime_state) {
    (*state).enabled = 1;
    for (i, threshold) in DEFAULT_THRESHOLDS.iter().enumerate() {
        let head = addr_of_mut!((*state).generations[i].head);
        (*head)._gc_next = head as usize;
        (*head)._gc_prev = head as usize;
        (*state).generations[i].threshold = *threshold;
        (*state).generations[i].count = 0;
    }
    (*state).generation0 = addr_of_mut!((*state).generations[0].head);
    let permanent = addr_of_mut!((*state).permanent_generation.head);
    (*permanent)._gc_next = permanent as usize;
    (*permanent)._gc_prev = permanent as usize;
}

/// The GC header of `op` (`_Py_AS_GC`).
#[inline(always)]
pub fn as_gc(op: *mut PyObject) -> *mut PyGC_Head {
    op.cast::<PyGC_Head>().wrapping_sub(1)
}

/// The object behind a GC header (`_Py_FROM_GC`).
#[inline(always)]
pub fn from_gc(gc: *mut PyGC_Head) -> *mut PyObject {
    gc.wrapping_add(1).cast()
}

/// `_PyType_PreHeaderSize`: bytes in front of an object of this type.
///
/// # Safety
/// `tp` points to a type object.
#[inline(always)]
pub unsafe fn pre_header_size(tp: *mut PyTypeObject) -> usize {
    let flags = (*tp).tp_flags;
    (if flags & Py_TPFLAGS_HAVE_GC != 0 { core::mem::size_of::<PyGC_Head>() } else { 0 })
        + (if flags & Py_TPFLAGS_MANAGED_DICT != 0 { 2 * core::mem::size_of::<*mut PyObject>() } else { 0 })
}

/// `_PyObject_GC_IS_TRACKED`.
///
/// # Safety
/// `op` is a live GC object.
#[inline(always)]
pub unsafe fn is_tracked(op: *mut PyObject) -> bool {
    (*as_gc(op))._gc_next != 0
}

/// `_PyObject_GC_TRACK`: appends the object to generation 0.
///
/// # Safety
/// `op` is a live, untracked GC object; a thread state is current.
pub unsafe fn track(op: *mut PyObject) {
    let gc = as_gc(op);
    let interp = pystate::current_interpreter();
    let gen0 = (*interp).gc.generation0;
    let last = ((*gen0)._gc_prev & _PyGC_PREV_MASK) as *mut PyGC_Head;
    (*last)._gc_next = gc as usize;
    (*gc)._gc_prev = ((*gc)._gc_prev & !_PyGC_PREV_MASK) | last as usize;
    (*gc)._gc_next = gen0 as usize;
    (*gen0)._gc_prev = gc as usize;
}

/// `_PyObject_GC_UNTRACK`: unlinks the object; keeps the "finalized" flag.
///
/// # Safety
/// `op` is a live, tracked GC object.
pub unsafe fn untrack(op: *mut PyObject) {
    let gc = as_gc(op);
    let prev = ((*gc)._gc_prev & _PyGC_PREV_MASK) as *mut PyGC_Head;
    let next = (*gc)._gc_next as *mut PyGC_Head;
    (*prev)._gc_next = next as usize;
    (*next)._gc_prev = ((*next)._gc_prev & !_PyGC_PREV_MASK) | prev as usize;
    (*gc)._gc_next = 0;
    (*gc)._gc_prev &= _PyGC_PREV_MASK_FINALIZED;
}

/// Counts a new GC object in generation 0 (`_PyObject_GC_Link`). Collection when the count
/// passes the threshold is the collector's job (`collect_if_due`).
///
/// # Safety
/// A thread state is current.
unsafe fn link_new(op: *mut PyObject) {
    let gc = as_gc(op);
    (*gc)._gc_next = 0;
    (*gc)._gc_prev = 0;
    let interp = pystate::current_interpreter();
    (*interp).gc.generations[0].count += 1;
}

/// Allocates `basicsize` bytes of object (plus the type's pre-header) for a GC type, zeroes
/// the pre-header, and counts it (`gc_alloc` + `_PyObject_GC_Link`). The object itself is not
/// initialized.
///
/// # Safety
/// `tp` is a GC type; a thread state is current.
pub unsafe fn alloc(tp: *mut PyTypeObject, basicsize: usize) -> PyResult<*mut PyObject> {
    let pre = pre_header_size(tp);
    let Some(total) = basicsize.checked_add(pre).filter(|&n| n <= isize::MAX as usize) else {
        return Err(errors::no_memory());
    };
    let mem = crate::mem::obj_malloc(total) as *mut u8;
    if mem.is_null() {
        return Err(errors::no_memory());
    }
    core::ptr::write_bytes(mem, 0, pre);
    let op = mem.add(pre).cast::<PyObject>();
    link_new(op);
    Ok(op)
}

/// Resizes a GC object's memory (`_PyObject_GC_Resize`'s allocation part).
///
/// # Safety
/// `op` is an untracked GC object of type `tp` allocated by [`alloc`].
pub unsafe fn realloc(op: *mut PyObject, tp: *mut PyTypeObject, basicsize: usize) -> PyResult<*mut PyObject> {
    let pre = pre_header_size(tp);
    let Some(total) = basicsize.checked_add(pre).filter(|&n| n <= isize::MAX as usize) else {
        return Err(errors::no_memory());
    };
    let mem = crate::mem::obj_realloc(op.cast::<u8>().sub(pre).cast(), total) as *mut u8;
    if mem.is_null() {
        return Err(errors::no_memory());
    }
    Ok(mem.add(pre).cast())
}

/// `PyObject_GC_Del`: releases the memory of a GC object (untracked by its `tp_dealloc`).
///
/// # Safety
/// `op` was allocated by [`alloc`] for its current type and is dead.
pub unsafe fn free(op: *mut PyObject) {
    let tp = (*op).ob_type;
    if is_tracked(op) {
        untrack(op);
    }
    let interp = pystate::current_interpreter();
    if !interp.is_null() && (*interp).gc.generations[0].count > 0 {
        (*interp).gc.generations[0].count -= 1;
    }
    crate::mem::obj_free(op.cast::<u8>().sub(pre_header_size(tp)).cast());
}

