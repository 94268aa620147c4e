//! The exported `PyInit_*` functions of the os helper's built-in modules (libpython exports
//! them so that `PyImport_AppendInittab` users and `_imp.create_builtin` can reach them).

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::modules;

exported!(fn PyInit_posix() -> *mut PyObject => modules::posixmodule::init_module());
exported!(fn PyInit_errno() -> *mut PyObject => modules::errnomodule::init_module());
exported!(fn PyInit__stat() -> *mut PyObject => modules::statmodule::init_module());
exported!(fn PyInit_pwd() -> *mut PyObject => modules::pwdmodule::init_module());
exported!(fn PyInit_time() -> *mut PyObject => modules::timemodule::init_module());
exported!(fn PyInit_atexit() -> *mut PyObject => modules::atexitmodule::init_module());
exported!(fn PyInit__signal() -> *mut PyObject => modules::signalmodule::init_module());
exported!(fn PyInit__locale() -> *mut PyObject => modules::localemodule::init_module());
