//! `structseq.h`: struct sequence types and instances; the runtime side is
//! `ferrython_runtime::objects::structseq`.

use core::ffi::c_int;
use ferrython_runtime::abi::structseq::PyStructSequence_Desc;
use ferrython_runtime::abi::*;
use ferrython_runtime::errors::{int_result, ptr_result};
use ferrython_runtime::objects::structseq as s;

exported!(fn PyStructSequence_NewType(desc: *mut PyStructSequence_Desc) -> *mut PyTypeObject =>
    ptr_result(s::new_type(desc, 0)).cast());
exported!(fn PyStructSequence_InitType2(tp: *mut PyTypeObject, desc: *mut PyStructSequence_Desc) -> c_int =>
    int_result(s::init_type(tp, desc, 0)));
exported!(fn PyStructSequence_InitType(tp: *mut PyTypeObject, desc: *mut PyStructSequence_Desc) => {
    // CPython ignores the failure here; the exception stays set for the caller to notice.
    let _ = s::init_type(tp, desc, 0);
});
exported!(fn PyStructSequence_New(tp: *mut PyTypeObject) -> *mut PyObject => ptr_result(s::new(tp)));
exported!(fn PyStructSequence_GetItem(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject => s::get_item(op, i));
exported!(fn PyStructSequence_SetItem(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) => s::set_item(op, i, v));
exported!(fn _PyStructSequence_InitType(tp: *mut PyTypeObject, desc: *mut PyStructSequence_Desc, tp_flags: core::ffi::c_ulong) -> c_int =>
    int_result(s::init_type(tp, desc, tp_flags)));
exported!(fn _PyStructSequence_NewType(desc: *mut PyStructSequence_Desc, tp_flags: core::ffi::c_ulong) -> *mut PyTypeObject =>
    ptr_result(s::new_type(desc, tp_flags)).cast());
