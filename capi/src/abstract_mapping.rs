//! `abstract.h`, generic item access and the mapping protocol: `PyObject_GetItem/SetItem/
//! DelItem(String)/Size/Length/LengthHint`, `PyMapping_*`. Wrappers over
//! `ferrython_runtime::objects::abstract::mapping`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, int_result, ptr_result};
use ferrython_runtime::objects::r#abstract::mapping as m;
use ferrython_runtime::objects::unicodeobject as ustr;
use std::ffi::{c_char, c_int, CStr};

unsafe fn key_of(key: *const c_char) -> errors::PyResult<ferrython_runtime::objects::object::Ref> {
    if key.is_null() {
        return Err(m::null_error());
    }
    ustr::new_str(&CStr::from_ptr(key).to_string_lossy())
}

fn ssize(r: errors::PyResult<Py_ssize_t>) -> Py_ssize_t {
    r.unwrap_or(-1)
}

exported!(fn PyObject_GetItem(o: *mut PyObject, key: *mut PyObject) -> *mut PyObject => ptr_result(m::get_item(o, key)));
exported!(fn PyObject_SetItem(o: *mut PyObject, key: *mut PyObject, v: *mut PyObject) -> c_int => int_result(m::set_item(o, key, v)));
exported!(fn PyObject_DelItem(o: *mut PyObject, key: *mut PyObject) -> c_int => int_result(m::del_item(o, key)));
exported!(fn PyObject_DelItemString(o: *mut PyObject, key: *const c_char) -> c_int => {
    int_result(key_of(key).and_then(|k| m::del_item(o, k.as_ptr())))
});
exported!(fn PyObject_Size(o: *mut PyObject) -> Py_ssize_t => ssize(m::size(o)));
exported!(fn PyObject_Length(o: *mut PyObject) -> Py_ssize_t => ssize(m::size(o)));
exported!(fn PyObject_LengthHint(o: *mut PyObject, default: Py_ssize_t) -> Py_ssize_t => ssize(m::length_hint(o, default)));
exported!(fn _PyObject_HasLen(o: *mut PyObject) -> c_int => m::has_len(o) as c_int);

exported!(fn PyMapping_Check(o: *mut PyObject) -> c_int => m::check(o) as c_int);
exported!(fn PyMapping_Size(o: *mut PyObject) -> Py_ssize_t => ssize(m::mapping_size(o)));
exported!(fn PyMapping_Length(o: *mut PyObject) -> Py_ssize_t => ssize(m::mapping_size(o)));
exported!(fn PyMapping_GetItemString(o: *mut PyObject, key: *const c_char) -> *mut PyObject => {
    ptr_result(key_of(key).and_then(|k| m::get_item(o, k.as_ptr())))
});
exported!(fn PyMapping_SetItemString(o: *mut PyObject, key: *const c_char, v: *mut PyObject) -> c_int => {
    int_result(key_of(key).and_then(|k| m::set_item(o, k.as_ptr(), v)))
});
exported!(fn PyMapping_HasKey(o: *mut PyObject, key: *mut PyObject) -> c_int => m::has_key(o, key) as c_int);
exported!(fn PyMapping_HasKeyString(o: *mut PyObject, key: *const c_char) -> c_int => {
    match key_of(key) {
        Ok(k) => m::has_key(o, k.as_ptr()) as c_int,
        Err(_) => {
            errors::clear();
            0
        }
    }
});
exported!(fn PyMapping_Keys(o: *mut PyObject) -> *mut PyObject => ptr_result(m::keys(o)));
exported!(fn PyMapping_Values(o: *mut PyObject) -> *mut PyObject => ptr_result(m::values(o)));
exported!(fn PyMapping_Items(o: *mut PyObject) -> *mut PyObject => ptr_result(m::items(o)));
