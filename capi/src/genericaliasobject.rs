//! `genericaliasobject.h`: `Py_GenericAlias`, a wrapper over
//! `ferrython_runtime::objects::genericaliasobject`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::genericaliasobject as ga;

exported!(fn Py_GenericAlias(origin: *mut PyObject, args: *mut PyObject) -> *mut PyObject => ptr_result(ga::new(origin, args)));
