//! `descrobject.h` / `structmember.h` (typesystem): descriptor constructors, mappingproxy,
//! `PyMember_GetOne`/`SetOne`. Wrappers over `ferrython_runtime::objects::descrobject`.

use ferrython_runtime::abi::descrobject::{wrapperbase, PyGetSetDef};
use ferrython_runtime::abi::methodobject::PyMethodDef;
use ferrython_runtime::abi::object::{PyObject, PyTypeObject};
use ferrython_runtime::abi::structmember::PyMemberDef;
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::descrobject as d;
use std::ffi::{c_char, c_int, c_void};

exported!(fn PyDescr_NewMethod(tp: *mut PyTypeObject, def: *mut PyMethodDef) -> *mut PyObject => ptr_result(d::new_method(tp, def)));
exported!(fn PyDescr_NewClassMethod(tp: *mut PyTypeObject, def: *mut PyMethodDef) -> *mut PyObject => ptr_result(d::new_classmethod(tp, def)));
exported!(fn PyDescr_NewMember(tp: *mut PyTypeObject, def: *mut PyMemberDef) -> *mut PyObject => ptr_result(d::new_member(tp, def)));
exported!(fn PyDescr_NewGetSet(tp: *mut PyTypeObject, def: *mut PyGetSetDef) -> *mut PyObject => ptr_result(d::new_getset(tp, def)));
exported!(fn PyDescr_NewWrapper(tp: *mut PyTypeObject, base: *mut wrapperbase, wrapped: *mut c_void) -> *mut PyObject => {
    ptr_result(d::new_wrapper(tp, base, wrapped))
});
exported!(fn PyDescr_IsData(op: *mut PyObject) -> c_int => d::is_data(op) as c_int);
exported!(fn PyDictProxy_New(mapping: *mut PyObject) -> *mut PyObject => ptr_result(d::dict_proxy_new(mapping)));
exported!(fn PyWrapper_New(descr: *mut PyObject, s: *mut PyObject) -> *mut PyObject => ptr_result(d::wrapper_new(descr, s)));
exported!(fn PyMember_GetOne(addr: *const c_char, m: *mut PyMemberDef) -> *mut PyObject => ptr_result(d::member_get_one(addr.cast(), m)));
exported!(fn PyMember_SetOne(addr: *mut c_char, m: *mut PyMemberDef, v: *mut PyObject) -> c_int => int_result(d::member_set_one(addr.cast(), m, v)));
exported!(fn PyClassMethod_New(callable: *mut PyObject) -> *mut PyObject => ptr_result(ferrython_runtime::objects::funcobject::classmethod_new(callable)));
exported!(fn PyStaticMethod_New(callable: *mut PyObject) -> *mut PyObject => ptr_result(ferrython_runtime::objects::funcobject::staticmethod_new(callable)));
