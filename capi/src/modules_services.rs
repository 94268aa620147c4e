//! The exported `PyInit_*` functions of the services helper's built-in modules (_thread,
//! _weakref, _codecs, gc, _abc) and `_PyWarnings_Init`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::modules;

exported!(fn _PyWarnings_Init() -> *mut PyObject => modules::warnings::init_module());
exported!(fn PyInit__codecs() -> *mut PyObject => modules::codecsmodule::init_module());
exported!(fn PyInit__thread() -> *mut PyObject => modules::threadmodule::init_module());
exported!(fn PyInit__weakref() -> *mut PyObject => modules::weakrefmodule::init_module());
exported!(fn PyInit_gc() -> *mut PyObject => modules::gcmodule::init_module());
exported!(fn PyInit__abc() -> *mut PyObject => modules::abcmodule::init_module());
