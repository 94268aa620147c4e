//! `ferrython.h`: Ferrython's own C API beyond CPython 3.11, and the `ferrython` built-in
//! module's init function.

use ferrython_runtime::abi::PyObject;

exported!(fn PyInit_ferrython() -> *mut PyObject => ferrython_runtime::modules::ferrythonmodule::init_module());

exported!(fn Ferrython_MemoryStats() -> *mut PyObject =>
    ferrython_runtime::errors::ptr_result(ferrython_runtime::modules::ferrythonmodule::memory_stats()));
