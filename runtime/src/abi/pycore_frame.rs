//! Mirror of `internal/pycore_frame.h`: the 3.11 interpreter frame that lives on the per-thread
//! data stack (or inside a generator), and the frame object (`struct _frame`) created on demand
//! to expose one to Python.

use super::code::{_Py_CODEUNIT, PyCodeObject};
use super::funcobject::PyFunctionObject;
use super::object::PyObject;
use core::ffi::{c_char, c_int};

// `_PyFrameState` values (generator frame states).
pub const FRAME_CREATED: i8 = -2;
pub const FRAME_SUSPENDED: i8 = -1;
pub const FRAME_EXECUTING: i8 = 0;
pub const FRAME_COMPLETED: i8 = 1;
pub const FRAME_CLEARED: i8 = 4;

// `owner` values.
pub const FRAME_OWNED_BY_THREAD: c_char = 0;
pub const FRAME_OWNED_BY_GENERATOR: c_char = 1;
pub const FRAME_OWNED_BY_FRAME_OBJECT: c_char = 2;

/// `_PyInterpreterFrame`: 72 bytes of header, then `localsplus` (locals, cells, free vars, then
/// the value stack). py-spy copies the first 80 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct _PyInterpreterFrame {
    pub f_func: *mut PyFunctionObject,
    pub f_globals: *mut PyObject,
    pub f_builtins: *mut PyObject,
    pub f_locals: *mut PyObject,
    pub f_code: *mut PyCodeObject,
    pub frame_obj: *mut PyFrameObject,
    pub previous: *mut _PyInterpreterFrame,
    /// The last instruction started; one code unit before the first while not started.
    pub prev_instr: *mut _Py_CODEUNIT,
    /// Index of the stack top within `localsplus`.
    pub stacktop: c_int,
    /// True for the first frame of an eval-loop entry from C.
    pub is_entry: bool,
    pub owner: c_char,
    pub localsplus: [*mut PyObject; 1],
}

/// `PyFrameObject` (`struct _frame`), 56 bytes with one slot of frame data: when the frame
/// object owns its frame (after the function returned), the `_PyInterpreterFrame` is copied to
/// `_f_frame_data` and `f_frame` points there.
#[repr(C)]
#[derive(Debug)]
pub struct PyFrameObject {
    pub ob_base: PyObject,
    pub f_back: *mut PyFrameObject,
    pub f_frame: *mut _PyInterpreterFrame,
    pub f_trace: *mut PyObject,
    /// Current line while tracing, else 0.
    pub f_lineno: c_int,
    pub f_trace_lines: c_char,
    pub f_trace_opcodes: c_char,
    pub f_fast_as_locals: c_char,
    pub _f_frame_data: [*mut PyObject; 1],
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<_PyInterpreterFrame>() == 80);
const _: () = assert!(offset_of!(_PyInterpreterFrame, f_code) == 32);
const _: () = assert!(offset_of!(_PyInterpreterFrame, frame_obj) == 40);
const _: () = assert!(offset_of!(_PyInterpreterFrame, previous) == 48);
const _: () = assert!(offset_of!(_PyInterpreterFrame, prev_instr) == 56);
const _: () = assert!(offset_of!(_PyInterpreterFrame, stacktop) == 64);
const _: () = assert!(offset_of!(_PyInterpreterFrame, is_entry) == 68);
const _: () = assert!(offset_of!(_PyInterpreterFrame, owner) == 69);
const _: () = assert!(offset_of!(_PyInterpreterFrame, localsplus) == 72);
const _: () = assert!(size_of::<PyFrameObject>() == 56);
const _: () = assert!(offset_of!(PyFrameObject, f_frame) == 24);
const _: () = assert!(offset_of!(PyFrameObject, f_lineno) == 40);
const _: () = assert!(offset_of!(PyFrameObject, _f_frame_data) == 48);
