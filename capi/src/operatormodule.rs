//! The `_operator` built-in module's init function (libpython exports `PyInit__operator`).

use ferrython_runtime::abi::PyObject;

exported!(fn PyInit__operator() -> *mut PyObject => ferrython_runtime::modules::operatormodule::init_module());
