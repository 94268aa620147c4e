//! `pystate.h` / `cpython/pystate.h`: the current thread and interpreter states.

use ferrython_runtime::abi::pycore_interp::PyInterpreterState;
use ferrython_runtime::abi::pystate::PyThreadState;
use ferrython_runtime::lifecycle::pystate;

exported!(
    /// Fatal error when no thread state is current, as CPython.
    fn PyThreadState_Get() -> *mut PyThreadState => pystate::current_or_fatal("PyThreadState_Get")
);
exported!(fn _PyThreadState_UncheckedGet() -> *mut PyThreadState => pystate::current());
exported!(
    /// Fatal error when no thread state is current, as CPython.
    fn PyInterpreterState_Get() -> *mut PyInterpreterState => (*pystate::current_or_fatal("PyInterpreterState_Get")).interp
);
exported!(fn PyThreadState_GetInterpreter(ts: *mut PyThreadState) -> *mut PyInterpreterState => (*ts).interp);
exported!(fn PyInterpreterState_Main() -> *mut PyInterpreterState => pystate::main_interpreter());

use ferrython_runtime::lifecycle::ceval_gil;
use std::ffi::c_int;
use std::ptr::null_mut;

exported!(
    /// NULL when memory is exhausted (no exception, as CPython).
    fn PyThreadState_New(interp: *mut PyInterpreterState) -> *mut PyThreadState => pystate::new_thread_state(interp)
);
exported!(fn PyThreadState_Clear(ts: *mut PyThreadState) => pystate::clear_thread_state(ts));
exported!(fn PyThreadState_Delete(ts: *mut PyThreadState) => pystate::delete_thread_state(ts));
exported!(fn _PyThreadState_DeleteCurrent(ts: *mut PyThreadState) => pystate::delete_current_thread_state(ts));
exported!(fn PyThreadState_DeleteCurrent() => pystate::delete_current_thread_state(pystate::current()));
exported!(fn PyThreadState_Swap(ts: *mut PyThreadState) -> *mut PyThreadState => pystate::swap(ts));
exported!(fn PyThreadState_GetID(ts: *mut PyThreadState) -> u64 => (*ts).id);
exported!(fn PyThreadState_Next(ts: *mut PyThreadState) -> *mut PyThreadState => (*ts).next);
exported!(fn PyInterpreterState_GetID(interp: *mut PyInterpreterState) -> i64 => {
    if interp.is_null() {
        let _ = ferrython_runtime::errors::runtime_error("no interpreter provided");
        return -1;
    }
    (*interp).id
});
exported!(fn PyInterpreterState_Head() -> *mut PyInterpreterState => (*ferrython_runtime::lifecycle::pyruntime::runtime()).interpreters.head);
exported!(fn PyInterpreterState_Next(interp: *mut PyInterpreterState) -> *mut PyInterpreterState => (*interp).next);
exported!(fn PyInterpreterState_ThreadHead(interp: *mut PyInterpreterState) -> *mut PyThreadState => (*interp).threads.head);

exported!(fn PyGILState_Ensure() -> c_int => pystate::gilstate_ensure());
exported!(fn PyGILState_Release(old: c_int) => pystate::gilstate_release(old));
exported!(fn PyGILState_GetThisThreadState() -> *mut PyThreadState => pystate::gilstate_this_thread());
exported!(fn PyGILState_Check() -> c_int => pystate::gilstate_check() as c_int);

exported!(fn PyEval_SaveThread() -> *mut PyThreadState => ceval_gil::save_thread());
exported!(fn PyEval_RestoreThread(ts: *mut PyThreadState) => ceval_gil::restore_thread(ts));
exported!(fn PyEval_AcquireThread(ts: *mut PyThreadState) => ceval_gil::acquire_thread(ts));
exported!(fn PyEval_ReleaseThread(ts: *mut PyThreadState) => ceval_gil::release_thread(ts));
exported!(
    /// Deprecated since 3.9: the GIL is created by Py_Initialize; does nothing.
    fn PyEval_InitThreads() => ()
);
exported!(fn PyEval_ThreadsInitialized() -> c_int => ceval_gil::gil_created() as c_int);
exported!(
    /// Deprecated: takes the GIL for the current thread state.
    fn PyEval_AcquireLock() => ceval_gil::take_gil(pystate::current_or_fatal("PyEval_AcquireLock"))
);
exported!(
    /// Deprecated: releases the GIL without touching the current thread state.
    fn PyEval_ReleaseLock() => {
        let ts = pystate::current();
        let interp = if ts.is_null() { null_mut() } else { (*ts).interp };
        ceval_gil::drop_gil(interp, ts)
    }
);
exported!(
    /// Borrowed; NULL without an exception when no thread state is current.
    fn PyThreadState_GetDict() -> *mut ferrython_runtime::abi::PyObject => pystate::thread_dict()
);
exported!(
    /// `tstate`'s dict, created on first use; NULL without an exception when it cannot be made.
    fn _PyThreadState_GetDict(tstate: *mut ferrython_runtime::abi::pystate::PyThreadState) -> *mut ferrython_runtime::abi::PyObject =>
        pystate::thread_dict_of(tstate)
);
exported!(
    /// The interpreter's configuration (read-only; owned by the interpreter).
    fn _PyInterpreterState_GetConfig(interp: *mut ferrython_runtime::abi::pycore_interp::PyInterpreterState)
        -> *const ferrython_runtime::abi::initconfig::PyConfig => &raw const (*interp).config
);
