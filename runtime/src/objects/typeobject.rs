//! `type`, `object` and `super`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use core::ffi::{c_ulong, CStr};
use core::ptr::null_mut;

/// A static type object as CPython's C sources declare one: header, name, sizes and flags
/// set, every slot empty. Each type's file overrides the fields it defines; `PyType_Ready`
/// fills in the rest (inheritance, `tp_dict`, `tp_mro`) at start-up.
pub const fn static_type(
    metatype: *mut PyTypeObject,
    name: &'static CStr,
    basicsize: Py_ssize_t,
    itemsize: Py_ssize_t,
    flags: c_ulong,
) -> PyTypeObject {
    PyTypeObject {
        ob_base: PyVarObject::head_init(metatype, 0),
        tp_name: name.as_ptr(),
        tp_basicsize: basicsize,
        tp_itemsize: itemsize,
        tp_dealloc: None,
        tp_vectorcall_offset: 0,
        tp_getattr: None,
        tp_setattr: None,
        tp_as_async: null_mut(),
        tp_repr: None,
        tp_as_number: null_mut(),
        tp_as_sequence: null_mut(),
        tp_as_mapping: null_mut(),
        tp_hash: None,
        tp_call: None,
        tp_str: None,
        tp_getattro: None,
        tp_setattro: None,
        tp_as_buffer: null_mut(),
        tp_flags: flags,
        tp_doc: core::ptr::null(),
        tp_traverse: None,
        tp_clear: None,
        tp_richcompare: None,
        tp_weaklistoffset: 0,
        tp_iter: None,
        tp_iternext: None,
        tp_methods: null_mut(),
        tp_members: null_mut(),
        tp_getset: null_mut(),
        tp_base: null_mut(),
        tp_dict: null_mut(),
        tp_descr_get: None,
        tp_descr_set: None,
        tp_dictoffset: 0,
        tp_init: None,
        tp_alloc: None,
        tp_new: None,
        tp_free: None,
        tp_is_gc: None,
        tp_bases: null_mut(),
        tp_mro: null_mut(),
        tp_cache: null_mut(),
        tp_subclasses: null_mut(),
        tp_weaklist: null_mut(),
        tp_del: None,
        tp_version_tag: 0,
        tp_finalize: None,
        tp_vectorcall: None,
    }
}

#[no_mangle]
pub static mut PyBaseObject_Type: PyTypeObject = static_type(&raw mut PyType_Type, c"object", 16, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE);

#[no_mangle]
pub static mut PyType_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 264,
    tp_weaklistoffset: 368,
    tp_vectorcall_offset: 400,
    ..static_type(&raw mut PyType_Type, c"type", 904, 40, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_TYPE_SUBCLASS)
};

#[no_mangle]
pub static mut PySuper_Type: PyTypeObject = static_type(&raw mut PyType_Type, c"super", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC);


/// The flags that say "subclass of a core type" (`Py_TPFLAGS_LONG_SUBCLASS` ..
/// `Py_TPFLAGS_TYPE_SUBCLASS`), which a type inherits from its base.
const CORE_SUBCLASS_FLAGS: core::ffi::c_ulong = 0xff << 24;

/// The part of `PyType_Ready` every later step relies on: a static type whose header was left
/// NULL (the exceptions, as in CPython's sources) gets its base's metatype, and the
/// core-subclass flags (`PyExceptionClass_Check` reads one) are inherited from the base.
///
/// # Safety
/// `tp` is a static type object whose base (if any) went through this first; start-up runs
/// single-threaded.
pub unsafe fn ready_static_header(tp: *mut PyTypeObject) {
    let base = (*tp).tp_base;
    if (*tp).ob_base.ob_base.ob_type.is_null() {
        (*tp).ob_base.ob_base.ob_type =
            if base.is_null() { &raw mut PyType_Type } else { (*base).ob_base.ob_base.ob_type };
    }
    if !base.is_null() {
        (*tp).tp_flags |= (*base).tp_flags & CORE_SUBCLASS_FLAGS;
    }
}
