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
