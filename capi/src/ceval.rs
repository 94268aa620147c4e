//! `ceval.h` / `cpython/ceval.h`: running code (PyEval_EvalCode*, frames), the accessors of the
//! running frame, tracing and profiling hooks, the recursion limit, pending calls and
//! asynchronous exceptions.

use core::ffi::{c_char, c_int, c_ulong, c_void};
use core::ptr::null_mut;
use ferrython_runtime::abi::object::{freefunc, PyObject};
use ferrython_runtime::abi::pycore_frame::{PyFrameObject, _PyInterpreterFrame};
use ferrython_runtime::abi::pycore_interp::PyInterpreterState;
use ferrython_runtime::abi::pystate::{PyThreadState, Py_tracefunc, _PyFrameEvalFunction};
use ferrython_runtime::abi::Py_ssize_t;
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::eval::{breaker, ceval};
use ferrython_runtime::lifecycle::pystate;
use ferrython_runtime::modules::sysmodule;
use ferrython_runtime::objects::{frameobject, object, unicodeobject};

/// A C array of `n` objects as a slice (empty for NULL or n <= 0).
unsafe fn slice<'a>(p: *const *mut PyObject, n: c_int) -> &'a [*mut PyObject] {
    if p.is_null() || n <= 0 {
        &[]
    } else {
        core::slice::from_raw_parts(p, n as usize)
    }
}

exported!(fn PyEval_EvalCode(co: *mut PyObject, globals: *mut PyObject, locals: *mut PyObject) -> *mut PyObject
    => ptr_result(ceval::eval_code(co, globals, locals)));
exported!(fn PyEval_EvalCodeEx(
    co: *mut PyObject, globals: *mut PyObject, locals: *mut PyObject,
    args: *const *mut PyObject, argcount: c_int,
    kws: *const *mut PyObject, kwcount: c_int,
    defs: *const *mut PyObject, defcount: c_int,
    kwdefs: *mut PyObject, closure: *mut PyObject) -> *mut PyObject
    => ptr_result(ceval::eval_code_ex(co, globals, locals, slice(args, argcount),
        slice(kws, kwcount.saturating_mul(2)), slice(defs, defcount), kwdefs, closure)));
exported!(
    /// Resumes the frame of frame object `f` (generators' frames included).
    fn PyEval_EvalFrame(f: *mut PyFrameObject) -> *mut PyObject
    => ceval::eval_frame(pystate::current_or_fatal("PyEval_EvalFrame"), (*f).f_frame, false));
exported!(fn PyEval_EvalFrameEx(f: *mut PyFrameObject, throwflag: c_int) -> *mut PyObject
    => ceval::eval_frame(pystate::current_or_fatal("PyEval_EvalFrameEx"), (*f).f_frame, throwflag != 0));
exported!(fn _PyEval_EvalFrameDefault(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame, throwflag: c_int) -> *mut PyObject
    => ceval::eval_frame_default(ts, frame, throwflag != 0));
exported!(fn _PyFunction_Vectorcall(func: *mut PyObject, stack: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject
    => ceval::function_vectorcall(func, stack, nargsf, kwnames));
exported!(fn _PyInterpreterState_GetEvalFrameFunc(interp: *mut PyInterpreterState) -> _PyFrameEvalFunction
    => (*interp).eval_frame);
exported!(
    /// NULL restores the default evaluator.
    fn _PyInterpreterState_SetEvalFrameFunc(interp: *mut PyInterpreterState, f: _PyFrameEvalFunction)
    => (*interp).eval_frame = f);

exported!(fn PyEval_GetBuiltins() -> *mut PyObject => ceval::get_builtins());
exported!(fn PyEval_GetGlobals() -> *mut PyObject => ceval::get_globals());
exported!(fn PyEval_GetLocals() -> *mut PyObject => ceval::get_locals().unwrap_or(null_mut()));
exported!(
    /// The running frame's frame object (borrowed), NULL without a frame.
    fn PyEval_GetFrame() -> *mut PyFrameObject => {
        let f = ceval::current_complete_frame();
        if f.is_null() {
            null_mut()
        } else {
            frameobject::get_frame_object(f).unwrap_or_else(|_| { errors::clear(); null_mut() })
        }
    });
exported!(fn _PyEval_GetBuiltin(name: *mut PyObject) -> *mut PyObject => {
    match ferrython_runtime::objects::dictobject::get_item(ceval::get_builtins(), name) {
        Ok(Some(v)) => object::new_ref(v).into_raw(),
        Ok(None) => { let _ = errors::set_object(ferrython_runtime::objects::exceptions::PyExc_AttributeError, name); null_mut() }
        Err(_) => null_mut(),
    }
});
exported!(fn _PyEval_GetBuiltinId(id: *mut unicodeobject::PyIdentifier) -> *mut PyObject => {
    match unicodeobject::from_id(id) {
        Ok(name) => _PyEval_GetBuiltin(name),
        Err(_) => null_mut(),
    }
});
exported!(fn PyEval_GetFuncName(func: *mut PyObject) -> *const c_char => ceval::func_name(func));
exported!(fn PyEval_GetFuncDesc(func: *mut PyObject) -> *const c_char => ceval::func_desc(func).as_ptr());
exported!(fn PyEval_MergeCompilerFlags(cf: *mut crate::compile::PyCompilerFlags) -> c_int
    => ceval::merge_compiler_flags(&mut (*cf).cf_flags) as c_int);

exported!(
    /// Audits "sys.settrace"; an audit failure is reported as unraisable, as CPython.
    fn PyEval_SetTrace(func: Py_tracefunc, arg: *mut PyObject) => {
        if _PyEval_SetTrace(pystate::current(), func, arg) < 0 {
            errors::write_unraisable_msg(Some("in PyEval_SetTrace"), null_mut());
        }
    });
exported!(fn PyEval_SetProfile(func: Py_tracefunc, arg: *mut PyObject) => {
    if _PyEval_SetProfile(pystate::current(), func, arg) < 0 {
        errors::write_unraisable_msg(Some("in PyEval_SetProfile"), null_mut());
    }
});
exported!(fn _PyEval_SetTrace(ts: *mut PyThreadState, func: Py_tracefunc, arg: *mut PyObject) -> c_int => {
    if sysmodule::audit("sys.settrace", &[]).is_err() {
        return -1;
    }
    sysmodule::set_tracefunc_for(ts, false, func, arg);
    0
});
exported!(fn _PyEval_SetProfile(ts: *mut PyThreadState, func: Py_tracefunc, arg: *mut PyObject) -> c_int => {
    if sysmodule::audit("sys.setprofile", &[]).is_err() {
        return -1;
    }
    sysmodule::set_tracefunc_for(ts, true, func, arg);
    0
});

exported!(fn Py_GetRecursionLimit() -> c_int => ceval::recursion_limit());
exported!(fn Py_SetRecursionLimit(limit: c_int) => sysmodule::set_recursion_limit(limit));
exported!(
    /// " in comparison" and friends are appended to "maximum recursion depth exceeded".
    fn Py_EnterRecursiveCall(where_: *const c_char) -> c_int => {
        let w = if where_.is_null() { String::new() } else { core::ffi::CStr::from_ptr(where_).to_string_lossy().into_owned() };
        errors::int_result(object::enter_recursive_call(&w))
    });
exported!(fn Py_LeaveRecursiveCall() => object::leave_recursive_call());

exported!(
    /// -1 when the queue is full; callable from any thread.
    fn Py_AddPendingCall(func: Option<unsafe extern "C" fn(*mut c_void) -> c_int>, arg: *mut c_void) -> c_int => {
        let Some(func) = func else { return -1 };
        breaker::add_pending_call(pystate::main_interpreter(), func, arg)
    });
exported!(fn _PyEval_AddPendingCall(interp: *mut PyInterpreterState, func: Option<unsafe extern "C" fn(*mut c_void) -> c_int>, arg: *mut c_void) -> c_int => {
    let Some(func) = func else { return -1 };
    breaker::add_pending_call(interp, func, arg)
});
exported!(fn Py_MakePendingCalls() -> c_int => errors::int_result(breaker::py_make_pending_calls()));
exported!(fn _PyEval_SignalReceived(interp: *mut PyInterpreterState) => {
    (*ferrython_runtime::lifecycle::pyruntime::runtime()).ceval.signals_pending._value.store(1, core::sync::atomic::Ordering::SeqCst);
    (*interp).ceval.eval_breaker._value.store(1, core::sync::atomic::Ordering::SeqCst);
});
exported!(fn _PyEval_SignalAsyncExc(interp: *mut PyInterpreterState)
    => (*interp).ceval.eval_breaker._value.store(1, core::sync::atomic::Ordering::SeqCst));
exported!(fn PyThreadState_SetAsyncExc(id: c_ulong, exc: *mut PyObject) -> c_int
    => ceval::set_async_exc(id, exc).unwrap_or(-1));
exported!(fn _PyEval_RequestCodeExtraIndex(free: freefunc) -> Py_ssize_t => ceval::request_code_extra_index(free));
exported!(fn _PyEval_GetSwitchInterval() -> c_ulong => ferrython_runtime::lifecycle::ceval_gil::switch_interval());
exported!(fn _PyEval_SetSwitchInterval(us: c_ulong) => ferrython_runtime::lifecycle::ceval_gil::set_switch_interval(us));
