//! Mirror of `cpython/pystate.h`: the public thread state and the small structs it embeds.
//!
//! py-spy copies all 360 bytes of `PyThreadState`; greenlet saves and restores its public
//! fields; lib-dynload modules inline the recursion check on `recursion_remaining`; Cython reads
//! `curexc_*` and `exc_info` directly. Keep every offset.

use super::code::{PyCodeAddressRange, PyCodeObject};
use super::object::PyObject;
use super::pycore_frame::{_PyInterpreterFrame, PyFrameObject};
use super::pycore_interp::PyInterpreterState;
use core::ffi::{c_int, c_ulong, c_void};

/// `Py_tracefunc`: a C-level trace or profile function.
pub type Py_tracefunc = Option<unsafe extern "C" fn(*mut PyObject, *mut PyFrameObject, c_int, *mut PyObject) -> c_int>;

/// `_PyFrameEvalFunction`: a PEP 523 frame evaluator.
pub type _PyFrameEvalFunction =
    Option<unsafe extern "C" fn(*mut PyThreadState, *mut _PyInterpreterFrame, c_int) -> *mut PyObject>;

// `what` values passed to trace functions.
pub const PyTrace_CALL: c_int = 0;
pub const PyTrace_EXCEPTION: c_int = 1;
pub const PyTrace_LINE: c_int = 2;
pub const PyTrace_RETURN: c_int = 3;
pub const PyTrace_C_CALL: c_int = 4;
pub const PyTrace_C_EXCEPTION: c_int = 5;
pub const PyTrace_C_RETURN: c_int = 6;
pub const PyTrace_OPCODE: c_int = 7;

/// `PyTraceInfo`, 48 bytes: the line-table cursor of the frame being traced.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyTraceInfo {
    pub code: *mut PyCodeObject,
    pub bounds: PyCodeAddressRange,
}

/// `_PyCFrame` (`struct _PyCFrame`), 24 bytes: one per C-level entry into the eval loop,
/// threaded through the C stack.
#[repr(C)]
#[derive(Debug)]
pub struct _PyCFrame {
    /// 0 or 255: or'ed into the opcode to divert to the tracing path.
    pub use_tracing: u8,
    pub current_frame: *mut _PyInterpreterFrame,
    pub previous: *mut _PyCFrame,
}

/// `_PyErr_StackItem` (`struct _err_stackitem`), 16 bytes: the exception being handled in one
/// context (the thread or a generator).
#[repr(C)]
#[derive(Debug)]
pub struct _PyErr_StackItem {
    pub exc_value: *mut PyObject,
    pub previous_item: *mut _PyErr_StackItem,
}

/// `_PyStackChunk` (`struct _stack_chunk`), 32 bytes of header: a block of the per-thread data
/// stack on which `_PyInterpreterFrame`s live. `size` is the whole allocation in bytes, `top`
/// the index (in `PyObject*` units within `data`) saved when the next chunk was pushed.
#[repr(C)]
#[derive(Debug)]
pub struct _PyStackChunk {
    pub previous: *mut _PyStackChunk,
    pub size: usize,
    pub top: usize,
    pub data: [*mut PyObject; 1],
}

/// `PyThreadState` (`struct _ts`), 360 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyThreadState {
    pub prev: *mut PyThreadState,
    pub next: *mut PyThreadState,
    pub interp: *mut PyInterpreterState,
    pub _initialized: c_int,
    /// Statically allocated (the interpreter's `_initial_thread`); never freed.
    pub _static: c_int,
    pub recursion_remaining: c_int,
    pub recursion_limit: c_int,
    pub recursion_headroom: c_int,
    /// Nesting of trace/profile calls; tracing is off while non-zero.
    pub tracing: c_int,
    pub tracing_what: c_int,
    pub cframe: *mut _PyCFrame,
    pub c_profilefunc: Py_tracefunc,
    pub c_tracefunc: Py_tracefunc,
    pub c_profileobj: *mut PyObject,
    pub c_traceobj: *mut PyObject,
    pub curexc_type: *mut PyObject,
    pub curexc_value: *mut PyObject,
    pub curexc_traceback: *mut PyObject,
    pub exc_info: *mut _PyErr_StackItem,
    pub dict: *mut PyObject,
    pub gilstate_counter: c_int,
    pub async_exc: *mut PyObject,
    pub thread_id: c_ulong,
    pub native_thread_id: c_ulong,
    pub trash_delete_nesting: c_int,
    pub trash_delete_later: *mut PyObject,
    pub on_delete: Option<unsafe extern "C" fn(*mut c_void)>,
    pub on_delete_data: *mut c_void,
    pub coroutine_origin_tracking_depth: c_int,
    pub async_gen_firstiter: *mut PyObject,
    pub async_gen_finalizer: *mut PyObject,
    pub context: *mut PyObject,
    pub context_ver: u64,
    /// Unique id of this thread state in its interpreter.
    pub id: u64,
    pub trace_info: PyTraceInfo,
    pub datastack_chunk: *mut _PyStackChunk,
    pub datastack_top: *mut *mut PyObject,
    pub datastack_limit: *mut *mut PyObject,
    /// The bottom of the `exc_info` chain.
    pub exc_state: _PyErr_StackItem,
    /// The bottom of the `cframe` chain.
    pub root_cframe: _PyCFrame,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<PyTraceInfo>() == 48);
const _: () = assert!(size_of::<_PyCFrame>() == 24);
const _: () = assert!(offset_of!(_PyCFrame, use_tracing) == 0);
const _: () = assert!(offset_of!(_PyCFrame, current_frame) == 8);
const _: () = assert!(offset_of!(_PyCFrame, previous) == 16);
const _: () = assert!(size_of::<_PyErr_StackItem>() == 16);
const _: () = assert!(size_of::<_PyStackChunk>() == 32);
const _: () = assert!(offset_of!(_PyStackChunk, previous) == 0);
const _: () = assert!(offset_of!(_PyStackChunk, size) == 8);
const _: () = assert!(offset_of!(_PyStackChunk, top) == 16);
const _: () = assert!(offset_of!(_PyStackChunk, data) == 24);
const _: () = assert!(size_of::<PyThreadState>() == 360);
const _: () = assert!(offset_of!(PyThreadState, prev) == 0);
const _: () = assert!(offset_of!(PyThreadState, next) == 8);
const _: () = assert!(offset_of!(PyThreadState, interp) == 16);
const _: () = assert!(offset_of!(PyThreadState, recursion_remaining) == 32);
const _: () = assert!(offset_of!(PyThreadState, recursion_limit) == 36);
const _: () = assert!(offset_of!(PyThreadState, cframe) == 56);
const _: () = assert!(offset_of!(PyThreadState, curexc_type) == 96);
const _: () = assert!(offset_of!(PyThreadState, curexc_value) == 104);
const _: () = assert!(offset_of!(PyThreadState, curexc_traceback) == 112);
const _: () = assert!(offset_of!(PyThreadState, exc_info) == 120);
const _: () = assert!(offset_of!(PyThreadState, thread_id) == 152);
const _: () = assert!(offset_of!(PyThreadState, native_thread_id) == 160);
const _: () = assert!(offset_of!(PyThreadState, trash_delete_nesting) == 168);
const _: () = assert!(offset_of!(PyThreadState, context) == 224);
const _: () = assert!(offset_of!(PyThreadState, context_ver) == 232);
const _: () = assert!(offset_of!(PyThreadState, trace_info) == 248);
const _: () = assert!(offset_of!(PyThreadState, datastack_chunk) == 296);
const _: () = assert!(offset_of!(PyThreadState, datastack_top) == 304);
const _: () = assert!(offset_of!(PyThreadState, datastack_limit) == 312);
const _: () = assert!(offset_of!(PyThreadState, exc_state) == 320);
const _: () = assert!(offset_of!(PyThreadState, root_cframe) == 336);
