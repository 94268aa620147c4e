//! The `_sre` built-in module's init function (libpython exports `PyInit__sre`).

use ferrython_runtime::abi::object::PyObject;

exported!(fn PyInit__sre() -> *mut PyObject => ferrython_runtime::modules::sre::init_module());
