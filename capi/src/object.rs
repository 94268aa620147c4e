//! `object.h`: reference counting and the identity helpers that 3.11 also exports as
//! functions (for the stable ABI and for languages that cannot use the macros).

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::objects::boolobject::{_Py_FalseStruct, _Py_TrueStruct};
use ferrython_runtime::objects::object as obj;
use std::ffi::c_int;

exported!(fn Py_IncRef(op: *mut PyObject) => obj::xincref(op));
exported!(fn Py_DecRef(op: *mut PyObject) => obj::xdecref(op));
exported!(fn _Py_Dealloc(op: *mut PyObject) => obj::dealloc(op));
exported!(fn Py_NewRef(op: *mut PyObject) -> *mut PyObject => { obj::incref(op); op });
exported!(fn Py_XNewRef(op: *mut PyObject) -> *mut PyObject => { obj::xincref(op); op });
exported!(fn Py_Is(x: *mut PyObject, y: *mut PyObject) -> c_int => (x == y) as c_int);
exported!(fn Py_IsNone(x: *mut PyObject) -> c_int => (x == obj::none()) as c_int);
exported!(fn Py_IsTrue(x: *mut PyObject) -> c_int => (x == &raw mut _Py_TrueStruct as *mut PyObject) as c_int);
exported!(fn Py_IsFalse(x: *mut PyObject) -> c_int => (x == &raw mut _Py_FalseStruct as *mut PyObject) as c_int);
