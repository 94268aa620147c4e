//! Mirror of `internal/pycore_interp.h`: `PyInterpreterState` (`struct _is`), 107,752 bytes,
//! and the per-interpreter sub-states it embeds (each declared in its own internal header in
//! CPython: pycore_ceval/gc/warnings/unicodeobject/floatobject/tuple/list/dict/genobject/
//! context/exceptions/typeobject/code.h; they are only ever used inside this struct, so they
//! are mirrored here).
//!
//! The main interpreter lives inside `_PyRuntime` (`_main_interpreter`). Outside readers:
//! py-spy and austin (`threads.head`, `modules`), austin `--gc` (`gc.collecting`). The AST
//! module's state is kept opaque.

use super::dictobject::PyDictObject;
use super::floatobject::PyFloatObject;
use super::initconfig::PyConfig;
use super::listobject::PyListObject;
use super::object::{freefunc, PyObject, Py_ssize_t};
use super::pycore_atomic::_Py_atomic_int;
use super::pycore_dict::PyDictKeysObject;
use super::pycore_gc::_gc_runtime_state;
use super::pycore_runtime::_PyRuntimeState;
use super::pyerrors::PyBaseExceptionObject;
use super::pystate::{_PyFrameEvalFunction, PyThreadState};
use super::pythread::PyThread_type_lock;
use super::sliceobject::PySliceObject;
use super::tupleobject::PyTupleObject;
use core::ffi::{c_char, c_int, c_long, c_uint, c_void};

/// Capacity of the pending-calls ring.
pub const NPENDINGCALLS: usize = 32;
/// `MAX_CO_EXTRA_USERS`.
pub const MAX_CO_EXTRA_USERS: usize = 255;
/// `PyTuple_MAXSAVESIZE`: tuples of up to this many items have free lists.
pub const PyTuple_MAXSAVESIZE: usize = 20;
/// `PyList_MAXFREELIST`, `PyDict_MAXFREELIST`, `_PyAsyncGen_MAXFREELIST`.
pub const PyList_MAXFREELIST: usize = 80;
pub const PyDict_MAXFREELIST: usize = 80;
pub const _PyAsyncGen_MAXFREELIST: usize = 80;
/// `1 << MCACHE_SIZE_EXP`: entries of the method cache.
pub const MCACHE_SIZE: usize = 4096;
/// Size of the opaque `struct ast_state`.
pub const AST_STATE_SIZE: usize = 1896;
/// `Py_DEFAULT_RECURSION_LIMIT`.
pub const Py_DEFAULT_RECURSION_LIMIT: c_int = 1000;

/// `struct pythreads` (`PyInterpreterState.threads`).
#[repr(C)]
#[derive(Debug)]
pub struct pythreads {
    pub next_unique_id: u64,
    /// Thread states of this interpreter, newest first.
    pub head: *mut PyThreadState,
    /// Threads started by `_thread`.
    pub count: c_long,
    /// Stack size for new threads, 0 for the platform default.
    pub stacksize: usize,
}

/// One entry of `_pending_calls.calls` (an anonymous struct in C).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _pending_calls_calls {
    pub func: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    pub arg: *mut c_void,
}

/// `struct _pending_calls`: `Py_AddPendingCall`'s ring buffer.
#[repr(C)]
#[derive(Debug)]
pub struct _pending_calls {
    pub lock: PyThread_type_lock,
    pub calls_to_do: _Py_atomic_int,
    pub async_exc: c_int,
    pub calls: [_pending_calls_calls; NPENDINGCALLS],
    pub first: c_int,
    pub last: c_int,
}

/// `struct _ceval_state` (`PyInterpreterState.ceval`).
#[repr(C)]
#[derive(Debug)]
pub struct _ceval_state {
    pub recursion_limit: c_int,
    /// Non-zero when the eval loop must look at signals, pending calls, GIL drop requests or
    /// async exceptions.
    pub eval_breaker: _Py_atomic_int,
    pub gil_drop_request: _Py_atomic_int,
    pub pending: _pending_calls,
}

/// `atexit_callback`.
#[repr(C)]
#[derive(Debug)]
pub struct atexit_callback {
    pub func: *mut PyObject,
    pub args: *mut PyObject,
    pub kwargs: *mut PyObject,
}

/// `struct atexit_state`.
#[repr(C)]
#[derive(Debug)]
pub struct atexit_state {
    pub callbacks: *mut *mut atexit_callback,
    pub ncallbacks: c_int,
    pub callback_len: c_int,
}

/// `struct _warnings_runtime_state` (pycore_warnings.h).
#[repr(C)]
#[derive(Debug)]
pub struct _warnings_runtime_state {
    pub filters: *mut PyObject,
    pub once_registry: *mut PyObject,
    pub default_action: *mut PyObject,
    pub filters_version: c_long,
}

/// `struct _Py_unicode_fs_codec` (pycore_unicodeobject.h).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_unicode_fs_codec {
    /// Filesystem encoding, normalized (e.g. "utf-8").
    pub encoding: *mut c_char,
    /// Non-zero when `encoding` is UTF-8.
    pub utf8: c_int,
    pub errors: *mut c_char,
    /// A `_Py_error_handler` enum value.
    pub error_handler: c_int,
}

/// `struct _Py_unicode_ids` (pycore_unicodeobject.h): this interpreter's `_Py_IDENTIFIER` strings.
#[repr(C)]
#[derive(Debug)]
pub struct _Py_unicode_ids {
    pub size: Py_ssize_t,
    pub array: *mut *mut PyObject,
}

/// `struct _Py_unicode_state` (pycore_unicodeobject.h).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_unicode_state {
    pub fs_codec: _Py_unicode_fs_codec,
    pub ids: _Py_unicode_ids,
}

/// `struct _Py_float_state` (pycore_floatobject.h).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_float_state {
    pub numfree: c_int,
    pub free_list: *mut PyFloatObject,
}

/// `struct _Py_tuple_state` (pycore_tuple.h).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_tuple_state {
    pub free_list: [*mut PyTupleObject; PyTuple_MAXSAVESIZE],
    pub numfree: [c_int; PyTuple_MAXSAVESIZE],
}

/// `struct _Py_list_state` (pycore_list.h).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_list_state {
    pub free_list: [*mut PyListObject; PyList_MAXFREELIST],
    pub numfree: c_int,
}

/// `struct _Py_dict_state` (pycore_dict.h).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_dict_state {
    pub free_list: [*mut PyDictObject; PyDict_MAXFREELIST],
    pub numfree: c_int,
    pub keys_free_list: [*mut PyDictKeysObject; PyDict_MAXFREELIST],
    pub keys_numfree: c_int,
}

/// `struct _Py_async_gen_state` (pycore_genobject.h). The pointees (`_PyAsyncGenWrappedValue`,
/// `PyAsyncGenASend`) are private to genobject.c.
#[repr(C)]
#[derive(Debug)]
pub struct _Py_async_gen_state {
    pub value_freelist: [*mut c_void; _PyAsyncGen_MAXFREELIST],
    pub value_numfree: c_int,
    pub asend_freelist: [*mut c_void; _PyAsyncGen_MAXFREELIST],
    pub asend_numfree: c_int,
}

/// `struct _Py_context_state` (pycore_context.h); the free list holds `PyContext` objects.
#[repr(C)]
#[derive(Debug)]
pub struct _Py_context_state {
    pub freelist: *mut PyObject,
    pub numfree: c_int,
}

/// `struct _Py_exc_state` (pycore_exceptions.h).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_exc_state {
    /// errno -> OSError subclass.
    pub errnomap: *mut PyObject,
    pub memerrors_freelist: *mut PyBaseExceptionObject,
    pub memerrors_numfree: c_int,
    pub PyExc_ExceptionGroup: *mut PyObject,
}

/// `struct type_cache_entry` (pycore_typeobject.h): one method-cache slot.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct type_cache_entry {
    pub version: c_uint,
    /// The attribute name (a borrowed, interned str).
    pub name: *mut PyObject,
    /// The attribute found, borrowed.
    pub value: *mut PyObject,
}

/// `struct type_cache` (pycore_typeobject.h): the method cache.
#[repr(C)]
#[derive(Debug)]
pub struct type_cache {
    pub hashtable: [type_cache_entry; MCACHE_SIZE],
}

/// `struct callable_cache` (pycore_code.h): builtins the specializer compares against.
#[repr(C)]
#[derive(Debug)]
pub struct callable_cache {
    pub isinstance: *mut PyObject,
    pub len: *mut PyObject,
    pub list_append: *mut PyObject,
}

/// `PyInterpreterState` (`struct _is`), 107,752 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyInterpreterState {
    pub next: *mut PyInterpreterState,
    pub threads: pythreads,
    pub runtime: *mut _PyRuntimeState,
    pub id: i64,
    pub id_refcount: i64,
    pub requires_idref: c_int,
    pub id_mutex: PyThread_type_lock,
    pub _initialized: c_int,
    pub finalizing: c_int,
    /// Statically allocated (the main interpreter inside `_PyRuntime`).
    pub _static: bool,
    pub ceval: _ceval_state,
    pub gc: _gc_runtime_state,
    /// `sys.modules`.
    pub modules: *mut PyObject,
    pub modules_by_index: *mut PyObject,
    pub sysdict: *mut PyObject,
    pub builtins: *mut PyObject,
    pub importlib: *mut PyObject,
    pub override_frozen_modules: c_int,
    pub codec_search_path: *mut PyObject,
    pub codec_search_cache: *mut PyObject,
    pub codec_error_registry: *mut PyObject,
    pub codecs_initialized: c_int,
    pub config: PyConfig,
    pub dlopenflags: c_int,
    pub dict: *mut PyObject,
    pub builtins_copy: *mut PyObject,
    pub import_func: *mut PyObject,
    pub eval_frame: _PyFrameEvalFunction,
    pub co_extra_user_count: Py_ssize_t,
    pub co_extra_freefuncs: [freefunc; MAX_CO_EXTRA_USERS],
    pub before_forkers: *mut PyObject,
    pub after_forkers_parent: *mut PyObject,
    pub after_forkers_child: *mut PyObject,
    pub warnings: _warnings_runtime_state,
    pub atexit: atexit_state,
    pub audit_hooks: *mut PyObject,
    pub unicode: _Py_unicode_state,
    pub float_state: _Py_float_state,
    pub slice_cache: *mut PySliceObject,
    pub tuple: _Py_tuple_state,
    pub list: _Py_list_state,
    pub dict_state: _Py_dict_state,
    pub async_gen: _Py_async_gen_state,
    pub context: _Py_context_state,
    pub exc_state: _Py_exc_state,
    /// `struct ast_state`: the `_ast` module's types and names (kept opaque).
    pub _opaque_ast: [u8; AST_STATE_SIZE],
    pub type_cache: type_cache,
    pub callable_cache: callable_cache,
    pub int_max_str_digits: c_int,
    /// The first thread state (`threads.head` after start-up), statically allocated.
    pub _initial_thread: PyThreadState,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<pythreads>() == 32);
const _: () = assert!(size_of::<_pending_calls>() == 536);
const _: () = assert!(size_of::<_ceval_state>() == 552);
const _: () = assert!(size_of::<_Py_unicode_state>() == 48);
const _: () = assert!(size_of::<_Py_tuple_state>() == 240);
const _: () = assert!(size_of::<_Py_list_state>() == 648);
const _: () = assert!(size_of::<_Py_dict_state>() == 1296);
const _: () = assert!(size_of::<_Py_async_gen_state>() == 1296);
const _: () = assert!(size_of::<_Py_exc_state>() == 32);
const _: () = assert!(size_of::<type_cache_entry>() == 24);
const _: () = assert!(size_of::<type_cache>() == 98304);
const _: () = assert!(size_of::<PyInterpreterState>() == 107_752);
const _: () = assert!(offset_of!(PyInterpreterState, next) == 0);
const _: () = assert!(offset_of!(PyInterpreterState, threads.head) == 16);
const _: () = assert!(offset_of!(PyInterpreterState, runtime) == 40);
const _: () = assert!(offset_of!(PyInterpreterState, id) == 48);
const _: () = assert!(offset_of!(PyInterpreterState, _static) == 88);
const _: () = assert!(offset_of!(PyInterpreterState, ceval) == 96);
const _: () = assert!(offset_of!(PyInterpreterState, ceval.pending.calls) == 128);
const _: () = assert!(offset_of!(PyInterpreterState, gc) == 648);
const _: () = assert!(offset_of!(PyInterpreterState, gc.collecting) == 848);
const _: () = assert!(offset_of!(PyInterpreterState, modules) == 888);
const _: () = assert!(offset_of!(PyInterpreterState, codecs_initialized) == 960);
const _: () = assert!(offset_of!(PyInterpreterState, config) == 968);
const _: () = assert!(offset_of!(PyInterpreterState, dlopenflags) == 1392);
const _: () = assert!(offset_of!(PyInterpreterState, co_extra_freefuncs) == 1440);
const _: () = assert!(offset_of!(PyInterpreterState, warnings) == 3504);
const _: () = assert!(offset_of!(PyInterpreterState, unicode) == 3560);
const _: () = assert!(offset_of!(PyInterpreterState, slice_cache) == 3624);
const _: () = assert!(offset_of!(PyInterpreterState, tuple) == 3632);
const _: () = assert!(offset_of!(PyInterpreterState, exc_state) == 7128);
const _: () = assert!(offset_of!(PyInterpreterState, _opaque_ast) == 7160);
const _: () = assert!(offset_of!(PyInterpreterState, type_cache) == 9056);
const _: () = assert!(offset_of!(PyInterpreterState, callable_cache) == 107_360);
const _: () = assert!(offset_of!(PyInterpreterState, int_max_str_digits) == 107_384);
const _: () = assert!(offset_of!(PyInterpreterState, _initial_thread) == 107_392);
