//! Thread and interpreter states (CPython's Python/pystate.c): the main interpreter and its
//! first thread state live inside `_PyRuntime` (`_main_interpreter`, `_initial_thread`), and
//! `_PyRuntime.gilstate.tstate_current` always names the thread state of the thread holding the
//! GIL (samplers and lib-dynload modules read it there).
//!
//! Here: the main pair's set-up and shutdown, creating and deleting further thread states
//! (`PyThreadState_New/Clear/Delete/DeleteCurrent`), and the `PyGILState_*` protocol built on
//! the GIL of `ceval_gil`. Subinterpreters are not supported yet.

use crate::abi::pycore_interp::PyInterpreterState;
use crate::abi::pystate::PyThreadState;
use crate::lifecycle::pyruntime::runtime;
use crate::lifecycle::pythread;
use core::ptr::{addr_of_mut, null_mut};
use core::sync::atomic::Ordering;

/// The current thread state (`_PyThreadState_GET()`), NULL before start-up or when the calling
/// thread does not hold the GIL.
#[inline(always)]
pub fn current() -> *mut PyThreadState {
    // SAFETY: only the atomic field of the static is read.
    unsafe { (*runtime()).gilstate.tstate_current._value.load(Ordering::Relaxed) as *mut PyThreadState }
}

/// The current thread state, or a fatal error naming `func` (`_Py_EnsureTstateNotNULL`).
#[inline]
pub fn current_or_fatal(func: &str) -> *mut PyThreadState {
    let ts = current();
    if ts.is_null() {
        crate::lifecycle::fatal::fatal_error(
            func,
            b"the function must be called with the GIL held, but the GIL is released (the current Python thread state is NULL)",
        );
    }
    ts
}

/// Makes `ts` the current thread state (`_PyThreadState_Swap`), returning the previous one.
pub fn swap(ts: *mut PyThreadState) -> *mut PyThreadState {
    // SAFETY: only the atomic field of the static is written.
    unsafe { (*runtime()).gilstate.tstate_current._value.swap(ts as usize, Ordering::Relaxed) as *mut PyThreadState }
}

/// The main interpreter inside `_PyRuntime`.
pub fn main_interpreter() -> *mut PyInterpreterState {
    // SAFETY: only an address inside the static is taken.
    unsafe { addr_of_mut!((*runtime())._main_interpreter) }
}

/// The interpreter of the current thread (`PyInterpreterState_Get`), NULL before start-up.
pub fn current_interpreter() -> *mut PyInterpreterState {
    let ts = current();
    if ts.is_null() {
        return null_mut();
    }
    // SAFETY: a current thread state is live.
    unsafe { (*ts).interp }
}

/// Default recursion limit (`Py_DEFAULT_RECURSION_LIMIT`).
pub const DEFAULT_RECURSION_LIMIT: i32 = 1000;

/// A thread state as Ferrython allocates it: CPython's 360-byte `PyThreadState` first (all that
/// outside tools read), then what only we use. The main interpreter's initial thread state lives
/// inside `_PyRuntime` instead; its extras are static (`datastack::cache_of`).
#[repr(C)]
pub struct FyThreadState {
    pub base: PyThreadState,
    pub chunk_cache: crate::eval::datastack::ChunkCache,
}

/// Fills in the runtime-wide fields CPython's `_PyRuntimeState_Init` sets, the main
/// interpreter and its initial thread state, creates and takes the GIL, sets up the
/// `PyGILState_*` key, and makes the thread state current (`pycore_create_interpreter`).
///
/// # Safety
/// Called once per initialization, by the thread doing start-up, before anything else uses the
/// states.
pub unsafe fn init_main_states() -> *mut PyThreadState {
    let rt = runtime();
    (*rt).gilstate.check_enabled = 1;
    (*rt).main_thread = crate::lifecycle::pythread::thread_ident();

    let interp = main_interpreter();
    (*interp).runtime = rt;
    (*interp)._static = true;
    (*interp).id = 0;
    (*interp).id_refcount = -1;
    (*interp).ceval.recursion_limit = DEFAULT_RECURSION_LIMIT;
    crate::mem::gc::init_state(addr_of_mut!((*interp).gc));
    (*rt).interpreters.head = interp;
    (*rt).interpreters.main = interp;
    (*rt).interpreters.next_id = 1;
    (*interp).threads.next_unique_id = 0;
    (*interp).threads.head = null_mut();

    let ts = addr_of_mut!((*interp)._initial_thread);
    // Back to the pristine state (a previous initialization may have used it).
    core::ptr::write_bytes(ts, 0, 1);
    (*ts)._static = 1;
    link_new_thread_state(interp, ts);
    (*interp)._initialized = 1;

    crate::lifecycle::ceval_gil::create_gil();
    crate::lifecycle::ceval_gil::take_gil(ts);
    swap(ts);

    // _PyGILState_Init: the thread-specific key that maps an OS thread to its thread state.
    let gs = addr_of_mut!((*rt).gilstate);
    if pythread::tss_create(addr_of_mut!((*gs).autoTSSkey)) != 0 {
        crate::lifecycle::fatal::fatal_error("_PyGILState_Init", b"Could not allocate TSS entry");
    }
    (*gs).autoInterpreterState = interp;
    pythread::tss_set(addr_of_mut!((*gs).autoTSSkey), ts.cast());
    (*ts).gilstate_counter = 1;
    ts
}

/// Gives `ts` (zeroed memory) its id and links it at the head of `interp`'s thread list, with
/// the fields `init_threadstate` sets for the calling thread.
///
/// # Safety
/// `ts` points to zeroed (or `_static`-only) memory for a thread state; `interp` is live.
unsafe fn link_new_thread_state(interp: *mut PyInterpreterState, ts: *mut PyThreadState) {
    (*interp).threads.next_unique_id += 1;
    let old_head = (*interp).threads.head;
    (*interp).threads.head = ts;
    (*ts).interp = interp;
    (*ts).id = (*interp).threads.next_unique_id;
    if !old_head.is_null() {
        (*old_head).prev = ts;
    }
    (*ts).next = old_head;
    (*ts).prev = null_mut();
    (*ts).thread_id = pythread::thread_ident();
    (*ts).native_thread_id = pythread::thread_native_id();
    (*ts).recursion_limit = (*interp).ceval.recursion_limit;
    (*ts).recursion_remaining = (*interp).ceval.recursion_limit;
    (*ts).recursion_headroom = 0;
    (*ts).context_ver = 1;
    (*ts).exc_info = addr_of_mut!((*ts).exc_state);
    (*ts).cframe = addr_of_mut!((*ts).root_cframe);
    (*ts)._initialized = 1;
}

/// `PyThreadState_New(interp)`: a thread state for the calling thread, linked into `interp`,
/// recorded for `PyGILState_*` if the thread has none yet. NULL when memory is exhausted.
///
/// # Safety
/// `interp` is a live interpreter; the caller holds the GIL or the runtime is single-threaded
/// (as CPython, the thread list is protected by the runtime's head lock: ours is the GIL).
pub unsafe fn new_thread_state(interp: *mut PyInterpreterState) -> *mut PyThreadState {
    let fy = crate::mem::raw_calloc(1, core::mem::size_of::<FyThreadState>()) as *mut FyThreadState;
    if fy.is_null() {
        return null_mut();
    }
    core::ptr::write(addr_of_mut!((*fy).chunk_cache), crate::eval::datastack::ChunkCache::new());
    let ts = addr_of_mut!((*fy).base);
    with_head_lock(|| link_new_thread_state(interp, ts));
    note_gilstate(ts);
    ts
}

/// The runtime's lock around interpreters' thread lists (`HEAD_LOCK`): thread states are
/// created by threads that do not hold the GIL (PyGILState_Ensure on a new thread).
fn with_head_lock<R>(f: impl FnOnce() -> R) -> R {
    static HEAD_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = HEAD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    f()
}

/// The dicts of `interp`'s thread states that have one (`PyThreadState_GetDict`'s), as new
/// references taken under the head lock: callers may run code that ends threads.
///
/// # Safety
/// `interp` is live; the GIL is held.
pub unsafe fn thread_dicts(interp: *mut PyInterpreterState) -> Vec<crate::objects::object::Ref> {
    with_head_lock(|| {
        let mut dicts = Vec::new();
        let mut p = (*interp).threads.head;
        while !p.is_null() {
            if !(*p).dict.is_null() {
                dicts.push(crate::objects::object::new_ref((*p).dict));
            }
            p = (*p).next;
        }
        dicts
    })
}

/// `_PyGILState_NoteThreadState`: the first thread state of an OS thread becomes the one
/// `PyGILState_Ensure` uses.
unsafe fn note_gilstate(ts: *mut PyThreadState) {
    let gs = addr_of_mut!((*runtime()).gilstate);
    if (*gs).autoInterpreterState.is_null() {
        return;
    }
    let key = addr_of_mut!((*gs).autoTSSkey);
    if pythread::tss_get(key).is_null() && pythread::tss_set(key, ts.cast()) != 0 {
        crate::lifecycle::fatal::fatal_error("_PyGILState_NoteThreadState", b"Couldn't create autoTSSkey mapping");
    }
    (*ts).gilstate_counter = 1;
}

/// `PyThreadState_Clear`: drops every object the thread state holds.
///
/// # Safety
/// `ts` is live; the caller holds the GIL.
pub unsafe fn clear_thread_state(ts: *mut PyThreadState) {
    use crate::objects::object::xdecref;
    let take = |slot: *mut *mut crate::abi::PyObject| {
        let old = *slot;
        *slot = null_mut();
        xdecref(old);
    };
    take(addr_of_mut!((*ts).dict));
    take(addr_of_mut!((*ts).async_exc));
    take(addr_of_mut!((*ts).curexc_type));
    take(addr_of_mut!((*ts).curexc_value));
    take(addr_of_mut!((*ts).curexc_traceback));
    take(addr_of_mut!((*ts).exc_state.exc_value));
    (*ts).c_profilefunc = None;
    (*ts).c_tracefunc = None;
    take(addr_of_mut!((*ts).c_profileobj));
    take(addr_of_mut!((*ts).c_traceobj));
    take(addr_of_mut!((*ts).async_gen_firstiter));
    take(addr_of_mut!((*ts).async_gen_finalizer));
    take(addr_of_mut!((*ts).context));
    if let Some(on_delete) = (*ts).on_delete {
        on_delete((*ts).on_delete_data);
    }
}

/// Unlinks `ts` from its interpreter, forgets it as its thread's GILState thread state, and
/// frees its data stack (`tstate_delete_common`).
unsafe fn unlink_thread_state(ts: *mut PyThreadState) {
    let interp = (*ts).interp;
    if interp.is_null() {
        crate::lifecycle::fatal::fatal_error("tstate_delete_common", b"NULL interpreter");
    }
    with_head_lock(|| {
        if !(*ts).prev.is_null() {
            (*(*ts).prev).next = (*ts).next;
        } else {
            (*interp).threads.head = (*ts).next;
        }
        if !(*ts).next.is_null() {
            (*(*ts).next).prev = (*ts).prev;
        }
    });
    let gs = addr_of_mut!((*runtime()).gilstate);
    if !(*gs).autoInterpreterState.is_null() && pythread::tss_get(addr_of_mut!((*gs).autoTSSkey)) == ts.cast() {
        pythread::tss_set(addr_of_mut!((*gs).autoTSSkey), null_mut());
    }
    crate::eval::datastack::clear(ts);
}

unsafe fn free_thread_state(ts: *mut PyThreadState) {
    if (*ts)._static == 0 {
        crate::mem::raw_free(ts.cast());
    }
}

/// `PyThreadState_Delete(ts)`: `ts` must not be current (fatal error otherwise).
///
/// # Safety
/// `ts` is live and was cleared; nothing uses it afterwards.
pub unsafe fn delete_thread_state(ts: *mut PyThreadState) {
    if ts.is_null() {
        crate::lifecycle::fatal::fatal_error("PyThreadState_Delete", b"the function must be called with a non-NULL thread state");
    }
    if ts == current() {
        crate::lifecycle::fatal::fatal_error("_PyThreadState_Delete", format!("tstate {ts:p} is still current").as_bytes());
    }
    unlink_thread_state(ts);
    free_thread_state(ts);
}

/// `_PyThreadState_DeleteCurrent(ts)`: deletes the current thread state and releases the GIL.
///
/// # Safety
/// `ts` is the current thread state, already cleared.
pub unsafe fn delete_current_thread_state(ts: *mut PyThreadState) {
    if ts.is_null() {
        crate::lifecycle::fatal::fatal_error("_PyThreadState_DeleteCurrent", b"the function must be called with the GIL held, but the GIL is released (the current Python thread state is NULL)");
    }
    let interp = (*ts).interp;
    unlink_thread_state(ts);
    swap(null_mut());
    crate::lifecycle::ceval_gil::drop_gil(interp, ts);
    free_thread_state(ts);
}

/// `PyGILState_LOCKED` / `PyGILState_UNLOCKED`.
pub const PYGILSTATE_LOCKED: core::ffi::c_int = 0;
pub const PYGILSTATE_UNLOCKED: core::ffi::c_int = 1;

fn gilstate_key() -> *mut crate::abi::pythread::Py_tss_t {
    // SAFETY: only an address inside the static is computed.
    unsafe { addr_of_mut!((*runtime()).gilstate.autoTSSkey) }
}

/// `PyGILState_GetThisThreadState`: the thread state `PyGILState_Ensure` uses on this thread.
pub fn gilstate_this_thread() -> *mut PyThreadState {
    // SAFETY: reading the runtime's key; get on an uncreated key is guarded.
    unsafe {
        if (*runtime()).gilstate.autoInterpreterState.is_null() {
            return null_mut();
        }
        pythread::tss_get(gilstate_key()).cast()
    }
}

/// `PyGILState_Ensure`: makes sure the calling thread holds the GIL with its thread state
/// (creating one for a thread Python has never seen).
pub fn gilstate_ensure() -> core::ffi::c_int {
    // SAFETY: the GILState protocol: the key maps this OS thread to its own thread state.
    unsafe {
        let rt = runtime();
        if (*rt).gilstate.autoInterpreterState.is_null() {
            crate::lifecycle::fatal::fatal_error("PyGILState_Ensure", b"Python is not initialized");
        }
        let mut ts: *mut PyThreadState = pythread::tss_get(gilstate_key()).cast();
        let has_gil;
        if ts.is_null() {
            ts = new_thread_state((*rt).gilstate.autoInterpreterState);
            if ts.is_null() {
                crate::lifecycle::fatal::fatal_error("PyGILState_Ensure", b"Couldn't create thread-state for new thread");
            }
            (*ts).gilstate_counter = 0;
            has_gil = false;
            crate::lifecycle::ceval_gil::restore_thread(ts);
        } else {
            has_gil = ts == current();
            if !has_gil {
                crate::lifecycle::ceval_gil::restore_thread(ts);
            }
        }
        (*ts).gilstate_counter += 1;
        if has_gil { PYGILSTATE_LOCKED } else { PYGILSTATE_UNLOCKED }
    }
}

/// `PyGILState_Release(old)`: undoes the matching Ensure; the last release of a thread state
/// that Ensure created deletes it.
pub fn gilstate_release(old: core::ffi::c_int) {
    // SAFETY: the GILState protocol, checked as CPython checks it.
    unsafe {
        let ts: *mut PyThreadState = pythread::tss_get(gilstate_key()).cast();
        if ts.is_null() {
            crate::lifecycle::fatal::fatal_error("PyGILState_Release", b"auto-releasing thread-state, but no thread-state for this thread");
        }
        if ts != current() {
            crate::lifecycle::fatal::fatal_error("PyGILState_Release", format!("thread state {ts:p} must be current when releasing").as_bytes());
        }
        (*ts).gilstate_counter -= 1;
        if (*ts).gilstate_counter == 0 {
            clear_thread_state(ts);
            delete_current_thread_state(ts);
        } else if old == PYGILSTATE_UNLOCKED {
            crate::lifecycle::ceval_gil::save_thread();
        }
    }
}

/// `PyGILState_Check`: 1 if the calling thread's GILState thread state is current (always 1
/// when checking is disabled or before start-up).
pub fn gilstate_check() -> bool {
    // SAFETY: reading runtime fields and the key.
    unsafe {
        let rt = runtime();
        if (*rt).gilstate.check_enabled == 0 || (*rt).gilstate.autoTSSkey._is_initialized == 0 {
            return true;
        }
        let ts = current();
        !ts.is_null() && ts == pythread::tss_get(gilstate_key()).cast()
    }
}

/// `PyThreadState_GetDict()`: the current thread's dict, created on first use; NULL (no
/// exception) when no thread state is current or the dict cannot be made.
pub fn thread_dict() -> *mut crate::abi::PyObject {
    let ts = current();
    if ts.is_null() {
        return null_mut();
    }
    // SAFETY: the current thread state is live and belongs to the calling thread.
    unsafe { thread_dict_of(ts) }
}

/// `_PyThreadState_GetDict(ts)`: `ts`'s dict, created on first use (NULL, no exception, if it
/// cannot be made).
///
/// # Safety
/// `ts` is a live thread state and the caller holds the GIL.
pub unsafe fn thread_dict_of(ts: *mut PyThreadState) -> *mut crate::abi::PyObject {
    {
        if (*ts).dict.is_null() {
            match crate::objects::dictobject::new() {
                Ok(d) => (*ts).dict = d.into_raw(),
                Err(_) => crate::errors::clear(),
            }
        }
        (*ts).dict
    }
}

/// Shutdown of the thread states (`PyInterpreterState_Clear`'s thread part and
/// `_PyGILState_Fini`): every other thread state is deleted, the main one cleared; the GIL
/// is released and destroyed; no thread state is current afterwards.
///
/// # Safety
/// Called by `Py_FinalizeEx` on the main thread holding the GIL.
pub unsafe fn fini_main_states() {
    let interp = main_interpreter();
    let main_ts = current_or_fatal("Py_FinalizeEx");
    let mut p = (*interp).threads.head;
    while !p.is_null() {
        let next = (*p).next;
        if p != main_ts {
            clear_thread_state(p);
            unlink_thread_state(p);
            free_thread_state(p);
        }
        p = next;
    }
    clear_thread_state(main_ts);
    let gs = addr_of_mut!((*runtime()).gilstate);
    pythread::tss_delete(addr_of_mut!((*gs).autoTSSkey));
    (*gs).autoInterpreterState = null_mut();
    unlink_thread_state(main_ts);
    swap(null_mut());
    crate::lifecycle::ceval_gil::drop_gil(interp, null_mut());
    crate::lifecycle::ceval_gil::destroy_gil();
    (*interp)._initialized = 0;
}
