//! The `_ast` built-in module's init function (libpython exports `PyInit__ast`).

use ferrython_runtime::abi::PyObject;

exported!(fn PyInit__ast() -> *mut PyObject => ferrython_runtime::modules::astmodule::init_module());
