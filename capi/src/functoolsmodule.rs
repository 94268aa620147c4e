//! The `_functools` built-in module's init function (libpython exports `PyInit__functools`).

use ferrython_runtime::abi::PyObject;

exported!(fn PyInit__functools() -> *mut PyObject => ferrython_runtime::modules::functoolsmodule::init_module());
