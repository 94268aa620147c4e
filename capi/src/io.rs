//! The `_io` built-in module's init function (libpython exports `PyInit__io`).

use ferrython_runtime::abi::object::PyObject;

exported!(fn PyInit__io() -> *mut PyObject => ferrython_runtime::modules::io::init_module());
