//! The `itertools` built-in module's init function (libpython exports `PyInit_itertools`).

use ferrython_runtime::abi::PyObject;

exported!(fn PyInit_itertools() -> *mut PyObject => ferrython_runtime::modules::itertoolsmodule::init_module());
