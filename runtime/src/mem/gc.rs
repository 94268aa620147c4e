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
    let ts = pystate::current();
    (*(*ts).interp).gc.generations[0].count += 1;
    collect_if_due(ts);
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


// ---------------------------------------------------------------------------------------------
// The collector (CPython 3.11's gc_collect_main): three generations, reachability from
// reference counts minus internal references, PEP 442 finalizers, legacy `tp_del`
// (uncollectable, to `gc.garbage`), weak references cleared before finalizers run. Finalizers
// are found on the type (`tp_finalize`, `tp_del`), never by looking up attributes, so finding
// garbage runs no Python code.
//
// While collecting, `_gc_prev` holds the "gc_refs" count shifted by `_PyGC_PREV_SHIFT` (the low
// bits stay flags), and unreachable objects are marked by NEXT_MASK_UNREACHABLE in `_gc_next`.

use crate::abi::pystate::PyThreadState;

/// Bit 0 of `_gc_next` while `move_unreachable` runs: the object is tentatively unreachable.
const NEXT_MASK_UNREACHABLE: usize = 1;

/// `_PyObject_IS_GC`: the type is a GC type and, if it has `tp_is_gc`, it says yes.
///
/// # Safety
/// `op` is a live object.
#[inline]
pub unsafe fn is_gc(op: *mut PyObject) -> bool {
    let tp = (*op).ob_type;
    (*tp).tp_flags & Py_TPFLAGS_HAVE_GC != 0 && (*tp).tp_is_gc.is_none_or(|f| f(op) != 0)
}

#[inline(always)]
unsafe fn gc_next(g: *mut PyGC_Head) -> *mut PyGC_Head {
    (*g)._gc_next as *mut PyGC_Head
}
#[inline(always)]
unsafe fn gc_prev(g: *mut PyGC_Head) -> *mut PyGC_Head {
    ((*g)._gc_prev & _PyGC_PREV_MASK) as *mut PyGC_Head
}
#[inline(always)]
unsafe fn set_prev(g: *mut PyGC_Head, prev: *mut PyGC_Head) {
    (*g)._gc_prev = ((*g)._gc_prev & !_PyGC_PREV_MASK) | prev as usize;
}
#[inline(always)]
unsafe fn is_collecting(g: *mut PyGC_Head) -> bool {
    (*g)._gc_prev & _PyGC_PREV_MASK_COLLECTING != 0
}
#[inline(always)]
unsafe fn clear_collecting(g: *mut PyGC_Head) {
    (*g)._gc_prev &= !_PyGC_PREV_MASK_COLLECTING;
}
#[inline(always)]
unsafe fn get_refs(g: *mut PyGC_Head) -> isize {
    ((*g)._gc_prev >> _PyGC_PREV_SHIFT) as isize
}
#[inline(always)]
unsafe fn set_refs(g: *mut PyGC_Head, refs: isize) {
    (*g)._gc_prev = ((*g)._gc_prev & !_PyGC_PREV_MASK) | ((refs as usize) << _PyGC_PREV_SHIFT);
}
/// Sets the count and the COLLECTING flag, keeping FINALIZED (`gc_reset_refs`).
#[inline(always)]
unsafe fn reset_refs(g: *mut PyGC_Head, refs: isize) {
    (*g)._gc_prev = ((*g)._gc_prev & _PyGC_PREV_MASK_FINALIZED)
        | _PyGC_PREV_MASK_COLLECTING
        | ((refs as usize) << _PyGC_PREV_SHIFT);
}
#[inline(always)]
unsafe fn is_finalized(g: *mut PyGC_Head) -> bool {
    (*g)._gc_prev & _PyGC_PREV_MASK_FINALIZED != 0
}

/// `_PyGC_FINALIZED(op)`: its finalizer has run.
///
/// # Safety
/// `op` is a live GC object.
pub unsafe fn is_finalized_object(op: *mut PyObject) -> bool {
    is_finalized(as_gc(op))
}

/// A list head living on the Rust stack while a collection runs (it must not move after init).
struct ListHead(PyGC_Head);

impl ListHead {
    fn new() -> ListHead {
        ListHead(PyGC_Head { _gc_next: 0, _gc_prev: 0 })
    }
    fn init(&mut self) -> *mut PyGC_Head {
        let p: *mut PyGC_Head = &mut self.0;
        self.0._gc_next = p as usize;
        self.0._gc_prev = p as usize;
        p
    }
}

unsafe fn list_is_empty(list: *mut PyGC_Head) -> bool {
    (*list)._gc_next == list as usize
}

unsafe fn list_append(node: *mut PyGC_Head, list: *mut PyGC_Head) {
    let last = (*list)._gc_prev as *mut PyGC_Head;
    set_prev(node, last);
    (*last)._gc_next = node as usize;
    (*node)._gc_next = list as usize;
    (*list)._gc_prev = node as usize;
}

unsafe fn list_move(node: *mut PyGC_Head, list: *mut PyGC_Head) {
    let from_prev = gc_prev(node);
    let from_next = gc_next(node);
    (*from_prev)._gc_next = from_next as usize;
    set_prev(from_next, from_prev);
    let to_prev = (*list)._gc_prev as *mut PyGC_Head;
    set_prev(node, to_prev);
    (*to_prev)._gc_next = node as usize;
    (*node)._gc_next = list as usize;
    (*list)._gc_prev = node as usize;
}

/// Appends all of `from` to `to`, leaving `from` empty.
unsafe fn list_merge(from: *mut PyGC_Head, to: *mut PyGC_Head) {
    if list_is_empty(from) {
        return;
    }
    let to_tail = gc_prev(to);
    let from_head = gc_next(from);
    let from_tail = gc_prev(from);
    (*to_tail)._gc_next = from_head as usize;
    set_prev(from_head, to_tail);
    (*from_tail)._gc_next = to as usize;
    set_prev(to, from_tail);
    (*from)._gc_next = from as usize;
    (*from)._gc_prev = from as usize;
}

unsafe fn list_size(list: *mut PyGC_Head) -> isize {
    let mut n = 0;
    let mut g = gc_next(list);
    while g != list {
        n += 1;
        g = gc_next(g);
    }
    n
}

unsafe fn list_clear_collecting(list: *mut PyGC_Head) {
    let mut g = gc_next(list);
    while g != list {
        clear_collecting(g);
        g = gc_next(g);
    }
}

/// `tp_traverse` of `op` with a visitor, ignoring the result (as CPython does here).
unsafe fn traverse(op: *mut PyObject, visit: unsafe extern "C" fn(*mut PyObject, *mut core::ffi::c_void) -> core::ffi::c_int, arg: *mut core::ffi::c_void) {
    if let Some(t) = (*(*op).ob_type).tp_traverse {
        t(op, Some(visit), arg);
    }
}

/// Every object's gc_refs becomes its reference count; COLLECTING is set.
unsafe fn update_refs(containers: *mut PyGC_Head) {
    let mut g = gc_next(containers);
    while g != containers {
        reset_refs(g, (*from_gc(g)).ob_refcnt);
        g = gc_next(g);
    }
}

unsafe extern "C" fn visit_decref(op: *mut PyObject, _parent: *mut core::ffi::c_void) -> core::ffi::c_int {
    if is_gc(op) {
        let g = as_gc(op);
        if is_collecting(g) {
            set_refs(g, get_refs(g) - 1);
        }
    }
    0
}

/// Subtracts the references that come from inside `containers`.
unsafe fn subtract_refs(containers: *mut PyGC_Head) {
    let mut g = gc_next(containers);
    while g != containers {
        let op = from_gc(g);
        traverse(op, visit_decref, op.cast());
        g = gc_next(g);
    }
}

unsafe extern "C" fn visit_reachable(op: *mut PyObject, arg: *mut core::ffi::c_void) -> core::ffi::c_int {
    let reachable = arg as *mut PyGC_Head;
    if !is_gc(op) {
        return 0;
    }
    let g = as_gc(op);
    if !is_collecting(g) {
        return 0;
    }
    if (*g)._gc_next & NEXT_MASK_UNREACHABLE != 0 {
        // Moved to `unreachable` too early: it is reachable after all. Unlink by hand (the
        // list functions don't understand the mask) and put it back at the end of young.
        let prev = gc_prev(g);
        let next = ((*g)._gc_next & !NEXT_MASK_UNREACHABLE) as *mut PyGC_Head;
        (*prev)._gc_next = (*g)._gc_next;
        set_prev(next, prev);
        list_append(g, reachable);
        set_refs(g, 1);
    } else if get_refs(g) == 0 {
        set_refs(g, 1);
    }
    0
}

/// Splits `young` into reachable (stays) and `unreachable` (gets NEXT_MASK_UNREACHABLE).
unsafe fn move_unreachable(young: *mut PyGC_Head, unreachable: *mut PyGC_Head) {
    let mut prev = young;
    let mut g = gc_next(young);
    while g != young {
        if get_refs(g) != 0 {
            let op = from_gc(g);
            traverse(op, visit_reachable, young.cast());
            set_prev(g, prev);
            clear_collecting(g);
            prev = g;
        } else {
            (*prev)._gc_next = (*g)._gc_next;
            let last = (*unreachable)._gc_prev as *mut PyGC_Head;
            (*last)._gc_next = NEXT_MASK_UNREACHABLE | g as usize;
            set_prev(g, last);
            (*g)._gc_next = NEXT_MASK_UNREACHABLE | unreachable as usize;
            (*unreachable)._gc_prev = g as usize;
        }
        g = (*prev)._gc_next as *mut PyGC_Head;
    }
    (*young)._gc_prev = prev as usize;
    (*unreachable)._gc_next &= !NEXT_MASK_UNREACHABLE;
}

unsafe fn deduce_unreachable(base: *mut PyGC_Head, unreachable: *mut PyGC_Head) {
    update_refs(base);
    subtract_refs(base);
    (*unreachable)._gc_next = unreachable as usize;
    (*unreachable)._gc_prev = unreachable as usize;
    move_unreachable(base, unreachable);
}

unsafe fn clear_unreachable_mask(unreachable: *mut PyGC_Head) {
    let mut g = gc_next(unreachable);
    while g != unreachable {
        (*g)._gc_next &= !NEXT_MASK_UNREACHABLE;
        g = gc_next(g);
    }
}

unsafe fn untrack_tuples(head: *mut PyGC_Head) {
    let mut g = gc_next(head);
    while g != head {
        let next = gc_next(g);
        let op = from_gc(g);
        crate::objects::tupleobject::maybe_untrack(op);
        g = next;
    }
}

/// Moves objects with a legacy `tp_del` from `unreachable` to `finalizers` (and clears the
/// unreachable mask on everything).
unsafe fn move_legacy_finalizers(unreachable: *mut PyGC_Head, finalizers: *mut PyGC_Head) {
    let mut g = gc_next(unreachable);
    while g != unreachable {
        (*g)._gc_next &= !NEXT_MASK_UNREACHABLE;
        let next = gc_next(g);
        if (*(*from_gc(g)).ob_type).tp_del.is_some() {
            clear_collecting(g);
            list_move(g, finalizers);
        }
        g = next;
    }
}

unsafe extern "C" fn visit_move(op: *mut PyObject, arg: *mut core::ffi::c_void) -> core::ffi::c_int {
    if is_gc(op) {
        let g = as_gc(op);
        if is_collecting(g) {
            list_move(g, arg as *mut PyGC_Head);
            clear_collecting(g);
        }
    }
    0
}

/// Everything reachable from a legacy finalizer is uncollectable too.
unsafe fn move_legacy_finalizer_reachable(finalizers: *mut PyGC_Head) {
    let mut g = gc_next(finalizers);
    while g != finalizers {
        traverse(from_gc(g), visit_move, finalizers.cast());
        g = gc_next(g);
    }
}

/// Clears every weak reference to an unreachable object (before any finalizer can see it) and
/// calls the callbacks of those weak references that are themselves reachable; a callback's
/// weak reference that dies while its callback runs counts as collected. Returns that count.
unsafe fn handle_weakrefs(unreachable: *mut PyGC_Head, old: *mut PyGC_Head) -> isize {
    use crate::objects::weakrefobject as wr;
    let mut to_call_head = ListHead::new();
    let to_call = to_call_head.init();
    let mut g = gc_next(unreachable);
    while g != unreachable {
        let op = from_gc(g);
        let next = gc_next(g);
        if wr::is_weakref(op) {
            wr::clear_ref_keep_callback(op.cast());
        }
        if let Some(list) = wr::weaklist_ptr(op) {
            while !(*list).is_null() {
                let r = *list;
                wr::clear_ref_keep_callback(r);
                if (*r).wr_callback.is_null() || is_collecting(as_gc(r.cast())) {
                    // No callback, or the weakref is garbage itself: its callback must not run.
                    continue;
                }
                crate::objects::object::incref(r.cast());
                list_move(as_gc(r.cast()), to_call);
            }
        }
        g = next;
    }
    let mut freed = 0;
    while !list_is_empty(to_call) {
        let g = gc_next(to_call);
        let r = from_gc(g) as *mut crate::abi::weakrefobject::PyWeakReference;
        let callback = (*r).wr_callback;
        if crate::objects::call::vectorcall(callback, &[r.cast()], core::ptr::null_mut()).is_err() {
            crate::errors::write_unraisable(callback);
        }
        crate::objects::object::decref(r.cast());
        if gc_next(to_call) == g {
            // Still alive: back among the survivors.
            list_move(g, old);
        } else {
            freed += 1;
        }
    }
    freed
}

/// Runs `tp_finalize` (PEP 442) once per object; the objects stay in `collectable`.
unsafe fn finalize_garbage(collectable: *mut PyGC_Head) {
    let mut seen = ListHead::new();
    let seen = seen.init();
    while !list_is_empty(collectable) {
        let g = gc_next(collectable);
        let op = from_gc(g);
        list_move(g, seen);
        if !is_finalized(g) {
            if let Some(finalize) = (*(*op).ob_type).tp_finalize {
                (*g)._gc_prev |= _PyGC_PREV_MASK_FINALIZED;
                crate::objects::object::incref(op);
                finalize(op);
                crate::objects::object::decref(op);
            }
        }
    }
    list_merge(seen, collectable);
}

/// Objects a finalizer made reachable again go to `old`; the rest to `still_unreachable`.
unsafe fn handle_resurrected_objects(unreachable: *mut PyGC_Head, still_unreachable: *mut PyGC_Head, old: *mut PyGC_Head) {
    list_clear_collecting(unreachable);
    deduce_unreachable(unreachable, still_unreachable);
    clear_unreachable_mask(still_unreachable);
    list_merge(unreachable, old);
}

/// Breaks the cycles: `tp_clear` on each object (the objects then die of reference counting);
/// an object still there afterwards survived and goes to `old`.
unsafe fn delete_garbage(state: *mut _gc_runtime_state, collectable: *mut PyGC_Head, old: *mut PyGC_Head) {
    while !list_is_empty(collectable) {
        let g = gc_next(collectable);
        let op = from_gc(g);
        if (*state).debug & DEBUG_SAVEALL != 0 {
            if !(*state).garbage.is_null() && crate::objects::listobject::append((*state).garbage, op).is_err() {
                crate::errors::clear();
            }
        } else if let Some(clear) = (*(*op).ob_type).tp_clear {
            crate::objects::object::incref(op);
            clear(op);
            if !crate::errors::occurred().is_null() {
                crate::errors::write_unraisable_msg(Some("in tp_clear of"), (*op).ob_type.cast());
            }
            crate::objects::object::decref(op);
        }
        if gc_next(collectable) == g {
            clear_collecting(g);
            list_move(g, old);
        }
    }
}

/// Uncollectable objects (with `tp_del`, or everything under DEBUG_SAVEALL) go to
/// `gc.garbage`; all of `finalizers` moves to `old`.
unsafe fn handle_legacy_finalizers(state: *mut _gc_runtime_state, finalizers: *mut PyGC_Head, old: *mut PyGC_Head) {
    let mut g = gc_next(finalizers);
    while g != finalizers {
        let op = from_gc(g);
        if ((*state).debug & DEBUG_SAVEALL != 0 || (*(*op).ob_type).tp_del.is_some()) && !(*state).garbage.is_null() {
            if crate::objects::listobject::append((*state).garbage, op).is_err() {
                crate::errors::clear();
                break;
            }
        }
        g = gc_next(g);
    }
    list_merge(finalizers, old);
}

/// `gc.DEBUG_STATS`, `DEBUG_COLLECTABLE`, `DEBUG_UNCOLLECTABLE`, `DEBUG_SAVEALL`, `DEBUG_LEAK`.
pub const DEBUG_STATS: i32 = 1;
pub const DEBUG_COLLECTABLE: i32 = 2;
pub const DEBUG_UNCOLLECTABLE: i32 = 4;
pub const DEBUG_SAVEALL: i32 = 32;
pub const DEBUG_LEAK: i32 = DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | DEBUG_SAVEALL;

fn generation_head(state: *mut _gc_runtime_state, i: usize) -> *mut PyGC_Head {
    // SAFETY: only an address inside the state is computed.
    unsafe { addr_of_mut!((*state).generations[i].head) }
}

/// What one collection found: (collected, uncollectable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Collected {
    pub collected: isize,
    pub uncollectable: isize,
}

/// `_PyGC_ClearAllFreeLists`: every object free list returns its memory to the allocator.
///
/// # Safety
/// With the GIL held.
pub unsafe fn clear_free_lists() {
    crate::objects::tupleobject::clear_free_lists();
    crate::objects::floatobject::clear_free_list();
    crate::objects::listobject::clear_free_list();
    crate::objects::dictobject::clear_free_lists();
}

/// `gc_collect_main`: collects `generation` and the younger ones.
///
/// # Safety
/// The caller holds the GIL with `ts` current, no exception is set, and `collecting` is set.
pub unsafe fn collect_main(ts: *mut PyThreadState, generation: usize, nofail: bool) -> Collected {
    let state = addr_of_mut!((*(*ts).interp).gc);
    if (*state).debug & DEBUG_STATS != 0 {
        crate::lifecycle::fatal::write_stderr(format!("gc: collecting generation {generation}...\n").as_bytes());
    }
    if generation + 1 < NUM_GENERATIONS {
        (*state).generations[generation + 1].count += 1;
    }
    for i in 0..=generation {
        (*state).generations[i].count = 0;
    }
    for i in 0..generation {
        list_merge(generation_head(state, i), generation_head(state, generation));
    }
    let young = generation_head(state, generation);
    let old = if generation < NUM_GENERATIONS - 1 { generation_head(state, generation + 1) } else { young };

    let mut unreachable_head = ListHead::new();
    let unreachable = unreachable_head.init();
    deduce_unreachable(young, unreachable);

    untrack_tuples(young);
    if young != old {
        if generation == NUM_GENERATIONS - 2 {
            (*state).long_lived_pending += list_size(young);
        }
        list_merge(young, old);
    } else {
        // A full collection: dicts holding only atomic values stop being tracked.
        untrack_dicts(young);
        (*state).long_lived_pending = 0;
        (*state).long_lived_total = list_size(young);
    }

    let mut finalizers_head = ListHead::new();
    let finalizers = finalizers_head.init();
    move_legacy_finalizers(unreachable, finalizers);
    move_legacy_finalizer_reachable(finalizers);

    if (*state).debug & DEBUG_COLLECTABLE != 0 {
        let mut g = gc_next(unreachable);
        while g != unreachable {
            debug_cycle("collectable", from_gc(g));
            g = gc_next(g);
        }
    }

    let mut m = handle_weakrefs(unreachable, old);

    finalize_garbage(unreachable);

    let mut final_head = ListHead::new();
    let final_unreachable = final_head.init();
    handle_resurrected_objects(unreachable, final_unreachable, old);

    m += list_size(final_unreachable);
    delete_garbage(state, final_unreachable, old);

    let mut n = 0;
    let mut g = gc_next(finalizers);
    while g != finalizers {
        n += 1;
        if (*state).debug & DEBUG_UNCOLLECTABLE != 0 {
            debug_cycle("uncollectable", from_gc(g));
        }
        g = gc_next(g);
    }
    if (*state).debug & DEBUG_STATS != 0 {
        crate::lifecycle::fatal::write_stderr(format!("gc: done, {} unreachable, {n} uncollectable\n", n + m).as_bytes());
    }
    handle_legacy_finalizers(state, finalizers, old);
    if generation == NUM_GENERATIONS - 1 {
        // A full collection also empties the object free lists (`clear_freelists`).
        clear_free_lists();
    }

    if !crate::errors::occurred().is_null() {
        if nofail {
            crate::errors::clear();
        } else {
            crate::errors::write_unraisable_msg(Some("in garbage collection"), core::ptr::null_mut());
        }
    }
    let stats = &mut (*state).generation_stats[generation];
    stats.collections += 1;
    stats.collected += m;
    stats.uncollectable += n;
    Collected { collected: m, uncollectable: n }
}

unsafe fn debug_cycle(msg: &str, op: *mut PyObject) {
    let name = crate::objects::object::type_name(op);
    crate::lifecycle::fatal::write_stderr(format!("gc: {msg} <{name} {op:p}>\n").as_bytes());
}

/// `_PyDict_MaybeUntrack` over the survivors of a full collection.
unsafe fn untrack_dicts(head: *mut PyGC_Head) {
    let mut g = gc_next(head);
    while g != head {
        let next = gc_next(g);
        let op = from_gc(g);
        if (*op).ob_type == &raw mut crate::objects::dictobject::PyDict_Type {
            crate::objects::dictobject::maybe_untrack(op);
        }
        g = next;
    }
}

/// `gc_collect_with_callback`: the collection between the "start" and "stop" calls of
/// `gc.callbacks`.
///
/// # Safety
/// As [`collect_main`].
pub unsafe fn collect_with_callback(ts: *mut PyThreadState, generation: usize) -> isize {
    invoke_callbacks(ts, "start", generation, Collected::default());
    let result = collect_main(ts, generation, false);
    invoke_callbacks(ts, "stop", generation, result);
    result.collected + result.uncollectable
}

/// Calls each of `gc.callbacks` with `(phase, {"generation": g, "collected": c,
/// "uncollectable": u})`; errors are reported as unraisable.
unsafe fn invoke_callbacks(ts: *mut PyThreadState, phase: &str, generation: usize, result: Collected) {
    let state = addr_of_mut!((*(*ts).interp).gc);
    let callbacks = (*state).callbacks;
    if callbacks.is_null() || crate::objects::listobject::len(callbacks) == 0 {
        return;
    }
    let info = (|| -> PyResult<(crate::objects::object::Ref, crate::objects::object::Ref)> {
        let phase_obj = crate::objects::unicodeobject::new_str(phase)?;
        let info = crate::objects::dictobject::new()?;
        crate::objects::dictobject::set_item_str(info.as_ptr(), "generation", crate::objects::longobject::from_i64(generation as i64)?.as_ptr())?;
        crate::objects::dictobject::set_item_str(info.as_ptr(), "collected", crate::objects::longobject::from_i64(result.collected as i64)?.as_ptr())?;
        crate::objects::dictobject::set_item_str(info.as_ptr(), "uncollectable", crate::objects::longobject::from_i64(result.uncollectable as i64)?.as_ptr())?;
        Ok((phase_obj, info))
    })();
    let Ok((phase_obj, info)) = info else {
        crate::errors::write_unraisable(core::ptr::null_mut());
        return;
    };
    // A copy: callbacks may modify gc.callbacks.
    let Ok(copy) = crate::objects::listobject::as_tuple(callbacks) else {
        crate::errors::write_unraisable(core::ptr::null_mut());
        return;
    };
    let n = (*(copy.as_ptr() as *mut PyVarObject)).ob_size as usize;
    for i in 0..n {
        let cb = *crate::objects::tupleobject::items(copy.as_ptr()).add(i);
        if crate::objects::call::vectorcall(cb, &[phase_obj.as_ptr(), info.as_ptr()], core::ptr::null_mut()).is_err() {
            crate::errors::write_unraisable(cb);
        }
    }
}

/// `gc_collect_generations`: collects the oldest generation over its threshold (a full
/// collection only when a quarter of the long-lived objects are new).
///
/// # Safety
/// As [`collect_main`].
unsafe fn collect_generations(ts: *mut PyThreadState) -> isize {
    let state = addr_of_mut!((*(*ts).interp).gc);
    for i in (0..NUM_GENERATIONS).rev() {
        if (*state).generations[i].count > (*state).generations[i].threshold {
            if i == NUM_GENERATIONS - 1 && (*state).long_lived_pending < (*state).long_lived_total / 4 {
                continue;
            }
            return collect_with_callback(ts, i);
        }
    }
    0
}

/// After a GC allocation: collects when generation 0 is over its threshold
/// (`_PyObject_GC_Link`'s trigger).
///
/// # Safety
/// The caller holds the GIL with `ts` current.
#[inline]
unsafe fn collect_if_due(ts: *mut PyThreadState) {
    let state = addr_of_mut!((*(*ts).interp).gc);
    let gen0 = &(*state).generations[0];
    if gen0.count > gen0.threshold
        && (*state).enabled != 0
        && gen0.threshold != 0
        && (*state).collecting == 0
        && (*ts).curexc_type.is_null()
    {
        (*state).collecting = 1;
        collect_generations(ts);
        (*state).collecting = 0;
    }
}

/// `PyGC_Collect()`: a full collection (0 when disabled or already collecting), with the
/// pending exception saved around it.
pub fn collect_full() -> isize {
    let ts = pystate::current_or_fatal("PyGC_Collect");
    // SAFETY: the current thread holds the GIL.
    unsafe {
        let state = addr_of_mut!((*(*ts).interp).gc);
        if (*state).enabled == 0 || (*state).collecting != 0 {
            return 0;
        }
        (*state).collecting = 1;
        let n = crate::errors::preserving(|| collect_with_callback(ts, NUM_GENERATIONS - 1));
        (*state).collecting = 0;
        n
    }
}

/// `_PyGC_CollectNoFail`: a full collection at shutdown, errors cleared, no callbacks.
pub fn collect_no_fail() -> isize {
    let ts = pystate::current_or_fatal("_PyGC_CollectNoFail");
    // SAFETY: the current thread holds the GIL.
    unsafe {
        let state = addr_of_mut!((*(*ts).interp).gc);
        if (*state).collecting != 0 {
            return 0;
        }
        (*state).collecting = 1;
        let r = collect_main(ts, NUM_GENERATIONS - 1, true);
        (*state).collecting = 0;
        r.collected + r.uncollectable
    }
}

/// `PyGC_Enable` / `PyGC_Disable`: sets the switch, returns the previous state.
pub fn set_enabled(on: bool) -> bool {
    let interp = pystate::current_interpreter();
    // SAFETY: the current interpreter is live.
    unsafe {
        let old = (*interp).gc.enabled != 0;
        (*interp).gc.enabled = on as core::ffi::c_int;
        old
    }
}

/// `PyGC_IsEnabled`.
pub fn is_enabled() -> bool {
    // SAFETY: the current interpreter is live.
    unsafe { (*pystate::current_interpreter()).gc.enabled != 0 }
}

/// `PyObject_CallFinalizer`: runs `tp_finalize` at most once per GC object (PEP 442).
///
/// # Safety
/// `op` is a live object.
pub unsafe fn call_finalizer(op: *mut PyObject) {
    let tp = (*op).ob_type;
    let Some(finalize) = (*tp).tp_finalize else { return };
    let gc_type = (*tp).tp_flags & Py_TPFLAGS_HAVE_GC != 0;
    if gc_type && is_finalized(as_gc(op)) {
        return;
    }
    finalize(op);
    if gc_type {
        (*as_gc(op))._gc_prev |= _PyGC_PREV_MASK_FINALIZED;
    }
}

/// `PyObject_CallFinalizerFromDealloc`: from a `tp_dealloc` whose object reached refcount 0,
/// runs the finalizer with the object temporarily alive. 0 when the object is still to be
/// freed; -1 when the finalizer resurrected it (the deallocation must stop).
///
/// # Safety
/// `op`'s reference count is 0 and its `tp_dealloc` is running.
pub unsafe fn call_finalizer_from_dealloc(op: *mut PyObject) -> core::ffi::c_int {
    if (*op).ob_refcnt != 0 {
        crate::lifecycle::fatal::fatal_error(
            "PyObject_CallFinalizerFromDealloc",
            b"PyObject_CallFinalizerFromDealloc called on object with a non-zero refcount",
        );
    }
    (*op).ob_refcnt = 1;
    call_finalizer(op);
    (*op).ob_refcnt -= 1;
    if (*op).ob_refcnt == 0 {
        0
    } else {
        -1
    }
}

// ---- what the `gc` module reads (modules/gcmodule.rs) ----

/// The objects of generation `generation` (0..=2; 3 is the permanent generation of
/// `gc.freeze()`), oldest first, borrowed.
///
/// # Safety
/// GIL held; the list is not modified while the pointers are used without references.
pub unsafe fn generation_objects(generation: usize) -> Vec<*mut PyObject> {
    let state = addr_of_mut!((*pystate::current_interpreter()).gc);
    let head = if generation < NUM_GENERATIONS {
        addr_of_mut!((*state).generations[generation].head)
    } else {
        addr_of_mut!((*state).permanent_generation.head)
    };
    let mut out = Vec::new();
    let mut g = gc_next(head);
    while g != head {
        out.push(from_gc(g));
        g = gc_next(g);
    }
    out
}

/// `gc.freeze()`: every tracked object moves to the permanent generation, which collections
/// ignore; generation counts restart.
///
/// # Safety
/// GIL held.
pub unsafe fn freeze() {
    let state = addr_of_mut!((*pystate::current_interpreter()).gc);
    let perm = addr_of_mut!((*state).permanent_generation.head);
    for i in 0..NUM_GENERATIONS {
        list_merge(addr_of_mut!((*state).generations[i].head), perm);
        (*state).generations[i].count = 0;
    }
}

/// `gc.unfreeze()`: the permanent generation goes back into the oldest one.
///
/// # Safety
/// GIL held.
pub unsafe fn unfreeze() {
    let state = addr_of_mut!((*pystate::current_interpreter()).gc);
    let perm = addr_of_mut!((*state).permanent_generation.head);
    list_merge(perm, addr_of_mut!((*state).generations[NUM_GENERATIONS - 1].head));
}

/// `gc.get_freeze_count()`.
///
/// # Safety
/// GIL held.
pub unsafe fn freeze_count() -> isize {
    let state = addr_of_mut!((*pystate::current_interpreter()).gc);
    list_size(addr_of_mut!((*state).permanent_generation.head))
}
