//! `abstract.h` call functions (typesystem): `PyObject_Call*`, vectorcall (PEP 590). Wrappers
//! over `ferrython_runtime::objects::call`; the C-variadic ones are in `c/call.c` and come
//! back here through the public entry points.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::abi::pystate::PyThreadState;
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::objects::call as c;
use ferrython_runtime::objects::object as obj;
use std::ffi::{c_char, CStr};
use std::ptr::null_mut;

/// `null_error`: SystemError for a NULL argument, unless an exception is already set.
fn null_error() -> *mut PyObject {
    if errors::occurred().is_null() {
        let _ = errors::system_error("null argument to internal routine");
    }
    null_mut()
}

exported!(fn PyObject_Call(callable: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject => {
    if callable.is_null() || args.is_null() {
        return null_error();
    }
    ptr_result(c::call(callable, args, kwargs))
});
exported!(fn _PyObject_Call(_ts: *mut PyThreadState, callable: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject => {
    ptr_result(c::call(callable, args, kwargs))
});
exported!(fn PyObject_CallObject(callable: *mut PyObject, args: *mut PyObject) -> *mut PyObject => ptr_result(c::call_object(callable, args)));
exported!(fn PyObject_CallNoArgs(callable: *mut PyObject) -> *mut PyObject => ptr_result(c::call_no_args(callable)));
exported!(fn PyObject_CallOneArg(callable: *mut PyObject, arg: *mut PyObject) -> *mut PyObject => ptr_result(c::call_one_arg(callable, arg)));
exported!(fn PyEval_CallObjectWithKeywords(callable: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject => {
    use ferrython_runtime::abi::object::{Py_TPFLAGS_DICT_SUBCLASS, Py_TPFLAGS_TUPLE_SUBCLASS};
    if !args.is_null() && !obj::has_feature(obj::py_type(args), Py_TPFLAGS_TUPLE_SUBCLASS) {
        let _ = errors::type_error("argument list must be a tuple");
        return null_mut();
    }
    if !kwargs.is_null() && !obj::has_feature(obj::py_type(kwargs), Py_TPFLAGS_DICT_SUBCLASS) {
        let _ = errors::type_error("keyword list must be a dictionary");
        return null_mut();
    }
    if args.is_null() {
        ptr_result(c::vectorcall_dict(callable, std::ptr::null(), 0, kwargs))
    } else {
        ptr_result(c::call(callable, args, kwargs))
    }
});
exported!(fn PyObject_Vectorcall(callable: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject => {
    ptr_result(c::vectorcall_raw(callable, args, nargsf, kwnames))
});
exported!(fn PyObject_VectorcallDict(callable: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwargs: *mut PyObject) -> *mut PyObject => {
    ptr_result(c::vectorcall_dict(callable, args, c::nargs_of(nargsf), kwargs))
});
exported!(fn _PyObject_FastCallDictTstate(_ts: *mut PyThreadState, callable: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwargs: *mut PyObject) -> *mut PyObject => {
    ptr_result(c::vectorcall_dict(callable, args, c::nargs_of(nargsf), kwargs))
});
exported!(fn _PyObject_FastCall(callable: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject => {
    ptr_result(c::vectorcall_raw(callable, args, nargs as usize, null_mut()))
});
exported!(fn PyObject_VectorcallMethod(name: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject => {
    ptr_result(c::vectorcall_method_raw(name, args, nargsf, kwnames))
});
exported!(fn PyVectorcall_Call(callable: *mut PyObject, tuple: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject => {
    ptr_result(c::vectorcall_call(callable, tuple, kwargs))
});
exported!(fn PyVectorcall_Function(callable: *mut PyObject) -> ferrython_runtime::abi::object::vectorcallfunc => c::vectorcall_function(callable));
exported!(fn _PyObject_MakeTpCall(_ts: *mut PyThreadState, callable: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t, keywords: *mut PyObject) -> *mut PyObject => {
    ptr_result(c::make_tp_call(callable, args, nargs, keywords))
});
exported!(fn _Py_CheckFunctionResult(_ts: *mut PyThreadState, callable: *mut PyObject, result: *mut PyObject, where_: *const c_char) -> *mut PyObject => {
    if !callable.is_null() {
        return ptr_result(c::check_function_result(callable, result));
    }
    // No callable: the message names `where`.
    let place = if where_.is_null() { String::new() } else { CStr::from_ptr(where_).to_string_lossy().into_owned() };
    if result.is_null() {
        if errors::occurred().is_null() {
            let _ = errors::system_error(&format!("{place} returned NULL without setting an exception"));
        }
        return null_mut();
    }
    if !errors::occurred().is_null() {
        obj::decref(result);
        let _ = errors::set_string_from_cause(
            ferrython_runtime::objects::exceptions::PyExc_SystemError,
            &format!("{place} returned a result with an exception set"),
        );
        return null_mut();
    }
    result
});
exported!(fn _PyStack_AsDict(values: *const *mut PyObject, kwnames: *mut PyObject) -> *mut PyObject => ptr_result(c::stack_as_dict(values, kwnames)));
exported!(fn _PyObject_Call_Prepend(_ts: *mut PyThreadState, callable: *mut PyObject, o: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject => {
    ptr_result((|| {
        let n = (*(args as *mut ferrython_runtime::abi::object::PyVarObject)).ob_size as usize;
        let items = ferrython_runtime::objects::tupleobject::items(args);
        let mut stack = Vec::with_capacity(n + 1);
        stack.push(o);
        stack.extend_from_slice(std::slice::from_raw_parts(items, n));
        c::vectorcall_dict(callable, stack.as_ptr(), stack.len() as Py_ssize_t, kwargs)
    })())
});
exported!(
    /// `callmethod`'s check, for the C side of `PyObject_CallMethod*`: 1 if callable, else
    /// TypeError "attribute of type 'T' is not callable".
    fn _Fy_CheckAttrCallable(callable: *mut PyObject) -> std::ffi::c_int => {
        if c::is_callable(callable) {
            return 1;
        }
        let _ = errors::type_error(&format!(
            "attribute of type '{}' is not callable",
            obj::type_name_trunc(obj::py_type(callable), 200)
        ));
        0
    }
);
exported!(
    /// `null_error` for the C side.
    fn _Fy_CallNullError() -> *mut PyObject => null_error()
);
