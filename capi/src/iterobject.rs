//! `iterobject.h`: `PySeqIter_New`, `PyCallIter_New`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::errors::ptr_result;
use ferrython_runtime::objects::iterobject;

exported!(fn PySeqIter_New(seq: *mut PyObject) -> *mut PyObject => ptr_result(iterobject::new_seq_iter(seq)));
exported!(fn PyCallIter_New(callable: *mut PyObject, sentinel: *mut PyObject) -> *mut PyObject => ptr_result(iterobject::new_call_iter(callable, sentinel)));
