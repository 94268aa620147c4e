//! `moduleobject.h` (typesystem): module objects and definitions, single- and multi-phase
//! initialization. Wrappers over `ferrython_runtime::objects::moduleobject`.

use ferrython_runtime::abi::methodobject::PyMethodDef;
use ferrython_runtime::abi::moduleobject::PyModuleDef;
use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::{int_result, ptr_result, PyResult};
use ferrython_runtime::objects::moduleobject as m;
use ferrython_runtime::objects::unicodeobject as ustr;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr::null_mut;

/// The UTF-8 of a str object, kept alive by the object's cached UTF-8 (as CPython's
/// `PyUnicode_AsUTF8`).
unsafe fn utf8_ptr(r: PyResult<ferrython_runtime::objects::object::Ref>) -> *const c_char {
    match r {
        Ok(s) => match ustr::as_utf8(s.as_ptr()) {
            // The module's dict still holds the str, so the cached UTF-8 outlives `s`.
            Ok(b) => b.as_ptr().cast(),
            Err(_) => std::ptr::null(),
        },
        Err(_) => std::ptr::null(),
    }
}

exported!(fn PyModule_NewObject(name: *mut PyObject) -> *mut PyObject => ptr_result(m::new_object(name)));
exported!(fn PyModule_New(name: *const c_char) -> *mut PyObject => ptr_result(m::new_str(CStr::from_ptr(name).to_bytes())));
exported!(fn PyModule_GetDict(op: *mut PyObject) -> *mut PyObject => m::get_dict(op).unwrap_or(null_mut()));
exported!(fn PyModule_GetNameObject(op: *mut PyObject) -> *mut PyObject => ptr_result(m::get_name_object(op)));
exported!(fn PyModule_GetName(op: *mut PyObject) -> *const c_char => utf8_ptr(m::get_name_object(op)));
exported!(fn PyModule_GetFilenameObject(op: *mut PyObject) -> *mut PyObject => ptr_result(m::get_filename_object(op)));
exported!(fn PyModule_GetFilename(op: *mut PyObject) -> *const c_char => utf8_ptr(m::get_filename_object(op)));
exported!(fn PyModule_GetDef(op: *mut PyObject) -> *mut PyModuleDef => m::get_def(op).unwrap_or(null_mut()));
exported!(fn PyModule_GetState(op: *mut PyObject) -> *mut c_void => m::get_state(op).unwrap_or(null_mut()));
exported!(fn PyModule_SetDocString(op: *mut PyObject, doc: *const c_char) -> c_int => int_result(m::set_doc_string(op, doc)));
exported!(fn PyModule_AddFunctions(op: *mut PyObject, f: *mut PyMethodDef) -> c_int => int_result(m::add_functions(op, f)));
exported!(fn PyModuleDef_Init(def: *mut PyModuleDef) -> *mut PyObject => m::def_init(def));
exported!(fn PyModule_Create2(def: *mut PyModuleDef, api: c_int) -> *mut PyObject => ptr_result(m::create2(def, api)));
exported!(fn _PyModule_CreateInitialized(def: *mut PyModuleDef, api: c_int) -> *mut PyObject => ptr_result(m::create2(def, api)));
exported!(fn PyModule_FromDefAndSpec2(def: *mut PyModuleDef, spec: *mut PyObject, api: c_int) -> *mut PyObject => {
    ptr_result(m::from_def_and_spec(def, spec, api))
});
exported!(fn PyModule_ExecDef(op: *mut PyObject, def: *mut PyModuleDef) -> c_int => int_result(m::exec_def(op, def)));
