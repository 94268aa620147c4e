//! The `_collections` built-in module's init function (libpython exports `PyInit__collections`).

use ferrython_runtime::abi::PyObject;

exported!(fn PyInit__collections() -> *mut PyObject => ferrython_runtime::modules::collectionsmodule::init_module());
