//! `object.h` type functions (typesystem): `PyType_Ready` and the rest of the `PyType_*` API,
//! heap types from `PyType_Spec`. Wrappers over `ferrython_runtime::objects::typeobject`.

use ferrython_runtime::abi::moduleobject::PyModuleDef;
use ferrython_runtime::abi::object::{PyObject, PyTypeObject, PyType_Spec};
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::typeobject as t;
use std::ffi::{c_int, c_uint, c_ulong, c_void};
use std::ptr::null_mut;

exported!(fn PyType_Ready(tp: *mut PyTypeObject) -> c_int => int_result(t::ready(tp)));
exported!(fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int => t::is_subtype(a, b) as c_int);
exported!(fn PyType_Modified(tp: *mut PyTypeObject) => t::type_modified(tp));
exported!(fn PyType_ClearCache() -> c_uint => t::clear_cache());
exported!(fn PyType_GetFlags(tp: *mut PyTypeObject) -> c_ulong => (*tp).tp_flags);
exported!(fn PyType_GetSlot(tp: *mut PyTypeObject, slot: c_int) -> *mut c_void => t::get_slot(tp, slot).unwrap_or(null_mut()));
exported!(fn PyType_GetModule(tp: *mut PyTypeObject) -> *mut PyObject => t::get_module(tp).unwrap_or(null_mut()));
exported!(fn PyType_GetModuleState(tp: *mut PyTypeObject) -> *mut c_void => {
    t::get_module(tp)
        .map(|m| (*(m as *mut ferrython_runtime::abi::pycore_moduleobject::PyModuleObject)).md_state)
        .unwrap_or(null_mut())
});
exported!(fn PyType_GetModuleByDef(tp: *mut PyTypeObject, def: *mut PyModuleDef) -> *mut PyObject => t::get_module_by_def(tp, def).unwrap_or(null_mut()));
exported!(fn PyType_GetName(tp: *mut PyTypeObject) -> *mut PyObject => ptr_result(t::get_name(tp)));
exported!(fn PyType_GetQualName(tp: *mut PyTypeObject) -> *mut PyObject => ptr_result(t::get_qualname(tp)));
exported!(fn PyType_FromSpec(spec: *mut PyType_Spec) -> *mut PyObject => ptr_result(t::from_module_and_spec(null_mut(), spec, null_mut())));
exported!(fn PyType_FromSpecWithBases(spec: *mut PyType_Spec, bases: *mut PyObject) -> *mut PyObject => {
    ptr_result(t::from_module_and_spec(null_mut(), spec, bases))
});
exported!(fn PyType_FromModuleAndSpec(module: *mut PyObject, spec: *mut PyType_Spec, bases: *mut PyObject) -> *mut PyObject => {
    ptr_result(t::from_module_and_spec(module, spec, bases))
});
exported!(fn _PyType_CalculateMetaclass(meta: *mut PyTypeObject, bases: *mut PyObject) -> *mut PyTypeObject => {
    t::calculate_metaclass(meta, bases).unwrap_or(null_mut())
});
exported!(fn _PyType_Name(tp: *mut PyTypeObject) -> *const std::ffi::c_char => {
    // The part of tp_name after the last dot, pointing into tp_name itself.
    let full = std::ffi::CStr::from_ptr((*tp).tp_name).to_bytes();
    match full.iter().rposition(|&c| c == b'.') {
        Some(i) => (*tp).tp_name.add(i + 1),
        None => (*tp).tp_name,
    }
});
