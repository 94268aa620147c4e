//! TEMPORARY (this session's integration): entry points the eval loop calls whose owners are
//! still writing them (import system, except* helpers). Each raises SystemError until its real
//! function lands; then the call site calls it directly and this file goes away.

use crate::abi::object::PyObject;
use crate::errors::{self, PyResult};
use crate::objects::object::Ref;

pub unsafe fn import_module_level(
    name: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
    fromlist: *mut PyObject,
    level: core::ffi::c_int,
) -> PyResult<Ref> {
    crate::lifecycle::import::import_module_level(name, globals, locals, fromlist, level)
}

pub unsafe fn get_module(name: *mut PyObject) -> PyResult<Option<Ref>> {
    crate::lifecycle::import::get_module(name)
}

pub unsafe fn create_exception_group(msg: &str, excs: *mut PyObject) -> PyResult<Ref> {
    let _ = (msg, excs);
    Err(errors::system_error("create_exception_group: not built yet"))
}

pub unsafe fn prep_reraise_star(orig: *mut PyObject, excs: *mut PyObject) -> PyResult<Ref> {
    let _ = (orig, excs);
    Err(errors::system_error("prep_reraise_star: not built yet"))
}
