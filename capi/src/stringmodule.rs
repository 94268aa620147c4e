//! The `_string` built-in module's init function (libpython exports `PyInit__string`).

use ferrython_runtime::abi::PyObject;

exported!(fn PyInit__string() -> *mut PyObject => ferrython_runtime::modules::stringmodule::init_module());
