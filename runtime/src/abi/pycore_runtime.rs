//! Mirror of `internal/pycore_runtime.h`: `_PyRuntimeState`, the process-wide state exported
//! as `_PyRuntime` (166,688 bytes). Samplers find it by symbol or by its `.PyRuntime` section
//! and read `interpreters.head`, `gilstate.tstate_current` and `ceval.gil.last_holder`;
//! lib-dynload modules inline loads of `gilstate.tstate_current` and of the global objects.

use super::initconfig::PyPreConfig;
use super::object::{PyObject, Py_ssize_t};
use super::pycore_atomic::{_Py_atomic_address, _Py_atomic_int};
use super::pycore_gil::_gil_runtime_state;
use super::pycore_global_objects::_Py_global_objects;
use super::pycore_interp::PyInterpreterState;
use super::pythread::{PyThread_type_lock, Py_tss_t};
use core::ffi::{c_char, c_int, c_ulong, c_void};

/// `NEXITFUNCS`: capacity of `Py_AtExit`'s table.
pub const NEXITFUNCS: usize = 32;

/// `Py_AuditHookFunction` (cpython/sysmodule.h).
pub type Py_AuditHookFunction = Option<unsafe extern "C" fn(*const c_char, *mut PyObject, *mut c_void) -> c_int>;
/// `Py_OpenCodeHookFunction` (cpython/fileobject.h).
pub type Py_OpenCodeHookFunction = Option<unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject>;

/// `struct pyinterpreters` (`_PyRuntimeState.interpreters`).
#[repr(C)]
#[derive(Debug)]
pub struct pyinterpreters {
    pub mutex: PyThread_type_lock,
    /// All interpreters, newest first.
    pub head: *mut PyInterpreterState,
    pub main: *mut PyInterpreterState,
    /// Next interpreter id; -1 until interpreters may be created.
    pub next_id: i64,
}

/// `struct _xidregistry`: the cross-interpreter data registry.
#[repr(C)]
#[derive(Debug)]
pub struct _xidregistry {
    pub mutex: PyThread_type_lock,
    /// `struct _xidregitem *`.
    pub head: *mut c_void,
}

/// `struct _ceval_runtime_state`.
#[repr(C)]
#[derive(Debug)]
pub struct _ceval_runtime_state {
    pub signals_pending: _Py_atomic_int,
    pub gil: _gil_runtime_state,
}

/// `struct _gilstate_runtime_state`.
#[repr(C)]
#[derive(Debug)]
pub struct _gilstate_runtime_state {
    /// When 0, `PyGILState_Check()` always answers 1.
    pub check_enabled: c_int,
    /// The `PyThreadState*` of the thread holding the GIL (`_PyThreadState_GET()`).
    pub tstate_current: _Py_atomic_address,
    pub autoInterpreterState: *mut PyInterpreterState,
    pub autoTSSkey: Py_tss_t,
}

/// `_Py_AuditHookEntry`: a C audit hook (`PySys_AddAuditHook`).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_AuditHookEntry {
    pub next: *mut _Py_AuditHookEntry,
    pub hookCFunction: Py_AuditHookFunction,
    pub userData: *mut c_void,
}

/// `struct _Py_unicode_runtime_ids` (pycore_unicodeobject.h): numbering of `_Py_IDENTIFIER`s.
#[repr(C)]
#[derive(Debug)]
pub struct _Py_unicode_runtime_ids {
    pub lock: PyThread_type_lock,
    pub next_index: Py_ssize_t,
}

/// `_PyRuntimeState` (`struct pyruntimestate`), 166,688 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct _PyRuntimeState {
    pub _initialized: c_int,
    pub preinitializing: c_int,
    pub preinitialized: c_int,
    pub core_initialized: c_int,
    pub initialized: c_int,
    /// The `PyThreadState*` running `Py_FinalizeEx`, or 0.
    pub _finalizing: _Py_atomic_address,
    pub interpreters: pyinterpreters,
    pub xidregistry: _xidregistry,
    /// Thread id of the main thread.
    pub main_thread: c_ulong,
    pub exitfuncs: [Option<unsafe extern "C" fn()>; NEXITFUNCS],
    pub nexitfuncs: c_int,
    pub ceval: _ceval_runtime_state,
    pub gilstate: _gilstate_runtime_state,
    pub preconfig: PyPreConfig,
    pub open_code_hook: Py_OpenCodeHookFunction,
    pub open_code_userdata: *mut c_void,
    pub audit_hook_head: *mut _Py_AuditHookEntry,
    pub unicode_ids: _Py_unicode_runtime_ids,
    pub global_objects: _Py_global_objects,
    /// The main interpreter (`interpreters.main` once initialized).
    pub _main_interpreter: PyInterpreterState,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<pyinterpreters>() == 32);
const _: () = assert!(size_of::<_ceval_runtime_state>() == 216);
const _: () = assert!(size_of::<_gilstate_runtime_state>() == 32);
const _: () = assert!(size_of::<_Py_unicode_runtime_ids>() == 16);
const _: () = assert!(size_of::<_PyRuntimeState>() == 166_688);
const _: () = assert!(offset_of!(_PyRuntimeState, _finalizing) == 24);
const _: () = assert!(offset_of!(_PyRuntimeState, interpreters.head) == 40);
const _: () = assert!(offset_of!(_PyRuntimeState, interpreters.main) == 48);
const _: () = assert!(offset_of!(_PyRuntimeState, interpreters.next_id) == 56);
const _: () = assert!(offset_of!(_PyRuntimeState, xidregistry) == 64);
const _: () = assert!(offset_of!(_PyRuntimeState, main_thread) == 80);
const _: () = assert!(offset_of!(_PyRuntimeState, exitfuncs) == 88);
const _: () = assert!(offset_of!(_PyRuntimeState, nexitfuncs) == 344);
const _: () = assert!(offset_of!(_PyRuntimeState, ceval) == 352);
const _: () = assert!(offset_of!(_PyRuntimeState, ceval.gil.last_holder) == 368);
const _: () = assert!(offset_of!(_PyRuntimeState, ceval.gil.locked) == 376);
const _: () = assert!(offset_of!(_PyRuntimeState, gilstate) == 568);
const _: () = assert!(offset_of!(_PyRuntimeState, gilstate.tstate_current) == 576);
const _: () = assert!(offset_of!(_PyRuntimeState, gilstate.autoTSSkey) == 592);
const _: () = assert!(offset_of!(_PyRuntimeState, preconfig) == 600);
const _: () = assert!(offset_of!(_PyRuntimeState, open_code_hook) == 640);
const _: () = assert!(offset_of!(_PyRuntimeState, audit_hook_head) == 656);
const _: () = assert!(offset_of!(_PyRuntimeState, unicode_ids) == 664);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects) == 680);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects.singletons.small_ints) == 680);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects.singletons.bytes_empty) == 9064);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects.singletons.bytes_characters) == 9104);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects.singletons.strings.literals) == 21_392);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects.singletons.strings.identifiers) == 22_656);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects.singletons.strings.ascii) == 41_480);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects.singletons.strings.latin1) == 48_648);
const _: () = assert!(offset_of!(_PyRuntimeState, global_objects.singletons.tuple_empty) == 58_904);
const _: () = assert!(offset_of!(_PyRuntimeState, _main_interpreter) == 58_936);
