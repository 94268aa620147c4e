//! `sys.settrace` / `sys.setprofile` events from the eval loop (CPython 3.11's call_trace,
//! maybe_call_line_trace, call_exc_trace, trace_function_entry/exit and the C_TRACE calls of
//! ceval.c): the C-level trace function (`tstate->c_tracefunc`, which sys.settrace's trampoline
//! is) gets "call", "line", "return", "exception" and "opcode" events, the profile function
//! "call", "return", "c_call", "c_return" and "c_exception". While a trace function runs,
//! tracing is off for its thread (`tstate->tracing`).

use super::frame::code_start;
use crate::abi::object::PyObject;
use crate::abi::pycore_frame::_PyInterpreterFrame;
use crate::abi::pystate::*;
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::call::{self, PY_VECTORCALL_ARGUMENTS_OFFSET};
use crate::objects::object::{self, py_type, xdecref, Ref};
use crate::objects::{codeobject, descrobject, frameobject, methodobject, tupleobject};
use core::ffi::c_int;
use core::ptr::null_mut;
use ferrython_compiler::codegen::opcode as op;

/// The index of the frame's current instruction (`_PyInterpreterFrame_LASTI`).
#[inline]
unsafe fn lasti(frame: *mut _PyInterpreterFrame) -> c_int {
    (*frame).prev_instr.offset_from(code_start((*frame).f_code)) as c_int
}

/// The line of code unit `index` (`_PyCode_LineNumberFromArray`).
#[inline]
unsafe fn line_of(frame: *mut _PyInterpreterFrame, index: c_int) -> c_int {
    codeobject::addr2line((*frame).f_code, index * 2)
}

/// `PyThreadState_EnterTracing` / `LeaveTracing`.
unsafe fn enter_tracing(ts: *mut PyThreadState) {
    (*ts).tracing += 1;
    (*(*ts).cframe).use_tracing = 0;
}

unsafe fn leave_tracing(ts: *mut PyThreadState) {
    (*ts).tracing -= 1;
    let on = (*ts).c_tracefunc.is_some() || (*ts).c_profilefunc.is_some();
    (*(*ts).cframe).use_tracing = if on { 255 } else { 0 };
}

/// `call_trace`: one event to `func`, with the frame object's `f_lineno` set to the current
/// line while it runs. 0, or -1 with the function's exception set.
unsafe fn call_trace(
    func: Py_tracefunc,
    obj: *mut PyObject,
    ts: *mut PyThreadState,
    frame: *mut _PyInterpreterFrame,
    what: c_int,
    arg: *mut PyObject,
) -> c_int {
    let Some(func) = func else { return 0 };
    if (*ts).tracing != 0 {
        return 0;
    }
    let f = match frameobject::get_frame_object(frame) {
        Ok(f) => f,
        Err(_) => return -1,
    };
    let old_what = (*ts).tracing_what;
    (*ts).tracing_what = what;
    enter_tracing(ts);
    (*f).f_lineno = line_of(frame, lasti(frame));
    let result = func(obj, f, what, arg);
    (*f).f_lineno = 0;
    leave_tracing(ts);
    (*ts).tracing_what = old_what;
    result
}

/// `call_trace_protected`: as [`call_trace`], keeping the pending exception unless the trace
/// function fails.
unsafe fn call_trace_protected(
    func: Py_tracefunc,
    obj: *mut PyObject,
    ts: *mut PyThreadState,
    frame: *mut _PyInterpreterFrame,
    what: c_int,
    arg: *mut PyObject,
) -> c_int {
    let (t, v, tb) = errors::fetch();
    let err = call_trace(func, obj, ts, frame, what, arg);
    if err == 0 {
        let _ = errors::restore(t, v, tb);
        0
    } else {
        xdecref(t);
        xdecref(v);
        xdecref(tb);
        -1
    }
}

/// `trace_function_entry`: the "call" event, to the trace then the profile function.
///
/// # Safety
/// `ts` is the current thread state; `frame` is its running frame.
pub unsafe fn trace_function_entry(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) -> PyResult<()> {
    if (*ts).c_tracefunc.is_some()
        && call_trace_protected((*ts).c_tracefunc, (*ts).c_traceobj, ts, frame, PyTrace_CALL, object::none()) != 0
    {
        return Err(ErrSet::assume_set());
    }
    if (*ts).c_profilefunc.is_some()
        && call_trace_protected((*ts).c_profilefunc, (*ts).c_profileobj, ts, frame, PyTrace_CALL, object::none()) != 0
    {
        return Err(ErrSet::assume_set());
    }
    Ok(())
}

/// `trace_function_exit`: the "return" event with the returned (or yielded) value; NULL when
/// the frame is left by an exception.
///
/// # Safety
/// As [`trace_function_entry`]; `retval` is NULL or live.
pub unsafe fn trace_function_exit(
    ts: *mut PyThreadState,
    frame: *mut _PyInterpreterFrame,
    retval: *mut PyObject,
) -> PyResult<()> {
    if (*ts).c_tracefunc.is_some()
        && call_trace_protected((*ts).c_tracefunc, (*ts).c_traceobj, ts, frame, PyTrace_RETURN, retval) != 0
    {
        return Err(ErrSet::assume_set());
    }
    if (*ts).c_profilefunc.is_some()
        && call_trace_protected((*ts).c_profilefunc, (*ts).c_profileobj, ts, frame, PyTrace_RETURN, retval) != 0
    {
        return Err(ErrSet::assume_set());
    }
    Ok(())
}

/// TRACE_FUNCTION_UNWIND: "return" with no value for a frame an exception leaves; the
/// pending exception stays whatever the trace function does.
///
/// # Safety
/// As [`trace_function_entry`], with an exception pending.
pub unsafe fn trace_function_unwind(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) {
    // Already unwinding: a failing trace function's exception simply takes over.
    let _ = trace_function_exit(ts, frame, null_mut());
}

/// TRACE_FUNCTION_THROW_ENTRY: a generator resumed by `throw()` reports a "call" event.
///
/// # Safety
/// As [`trace_function_entry`].
pub unsafe fn trace_function_throw_entry(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) -> PyResult<()> {
    trace_function_entry(ts, frame)
}

/// `call_exc_trace`: the "exception" event with `(type, value, traceback)`; the exception
/// stays pending unless the trace function fails.
///
/// # Safety
/// As [`trace_function_entry`], with an exception pending.
pub unsafe fn call_exc_trace(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) {
    let (mut t, mut v, mut tb) = errors::fetch();
    if v.is_null() {
        v = object::new_none().into_raw();
    }
    errors::normalize(&mut t, &mut v, &mut tb);
    let shown_tb = if tb.is_null() { object::none() } else { tb };
    let arg = match tupleobject::pack(&[t, v, shown_tb]) {
        Ok(a) => a,
        Err(_) => {
            let _ = errors::restore(t, v, tb);
            return;
        }
    };
    let err = call_trace((*ts).c_tracefunc, (*ts).c_traceobj, ts, frame, PyTrace_EXCEPTION, arg.as_ptr());
    drop(arg);
    if err == 0 {
        let _ = errors::restore(t, v, tb);
    } else {
        xdecref(t);
        xdecref(v);
        xdecref(tb);
    }
}

/// `maybe_call_line_trace`: a "line" event when the current instruction starts a new line
/// or jumps backwards to a line start (not SEND's loop), when the frame traces lines; an
/// "opcode" event for every instruction when it traces opcodes. `frame.prev_instr` is the
/// instruction about to run; a trace function may move it (assigning `f_lineno`).
///
/// # Safety
/// As [`trace_function_entry`]; the trace function is set.
pub unsafe fn maybe_call_line_trace(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame, instr_prev: c_int) -> c_int {
    let code = (*frame).f_code;
    let lastline = if instr_prev <= (*code)._co_firsttraceable { -1 } else { line_of(frame, instr_prev) };
    let now = lasti(frame);
    let line = line_of(frame, now);
    let f = match frameobject::get_frame_object(frame) {
        Ok(f) => f,
        Err(_) => return -1,
    };
    let mut result = 0;
    if line != -1 && (*f).f_trace_lines != 0 {
        let backward = now < instr_prev && (*(*frame).prev_instr & 0xff) as i32 != op::SEND;
        if line != lastline || backward {
            result = call_trace((*ts).c_tracefunc, (*ts).c_traceobj, ts, frame, PyTrace_LINE, object::none());
        }
    }
    if (*f).f_trace_opcodes != 0 && result == 0 {
        result = call_trace((*ts).c_tracefunc, (*ts).c_traceobj, ts, frame, PyTrace_OPCODE, object::none());
    }
    result
}

/// C_TRACE: a builtin call between "c_call" and "c_return" / "c_exception" profile events.
unsafe fn c_trace(ts: *mut PyThreadState, func: *mut PyObject, call: impl FnOnce() -> *mut PyObject) -> *mut PyObject {
    if (*ts).c_profilefunc.is_none() {
        return call();
    }
    let frame = (*(*ts).cframe).current_frame;
    if call_trace((*ts).c_profilefunc, (*ts).c_profileobj, ts, frame, PyTrace_C_CALL, func) != 0 {
        return null_mut();
    }
    let x = call();
    if (*ts).c_profilefunc.is_some() {
        if x.is_null() {
            call_trace_protected((*ts).c_profilefunc, (*ts).c_profileobj, ts, frame, PyTrace_C_EXCEPTION, func);
        } else if call_trace((*ts).c_profilefunc, (*ts).c_profileobj, ts, frame, PyTrace_C_RETURN, func) != 0 {
            object::decref(x);
            return null_mut();
        }
    }
    x
}

unsafe fn is_builtin_function(func: *mut PyObject) -> bool {
    let tp = py_type(func);
    tp == &raw mut methodobject::PyCFunction_Type || tp == &raw mut methodobject::PyCMethod_Type
}

/// A method descriptor bound to `self_` for the profile events (`tp_descr_get`).
unsafe fn bind_descriptor(func: *mut PyObject, self_: *mut PyObject) -> PyResult<Ref> {
    let get = (*py_type(func)).tp_descr_get.ok_or_else(errors::bad_internal_call)?;
    Ref::from_result(get(func, self_, py_type(self_).cast()))
}

/// `trace_call_function`: a CALL while tracing: builtins (and method descriptors with a self)
/// get the C-call profile events; anything else is a plain call.
///
/// # Safety
/// `args` holds `nargs` positionals (with a writable slot before them) then one value per
/// name in `kwnames`.
pub unsafe fn trace_call_function(
    ts: *mut PyThreadState,
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargs: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    if is_builtin_function(func) {
        return c_trace(ts, func, || errors::ptr_result(call::vectorcall_raw(func, args, nargs, kwnames)));
    }
    if py_type(func) == &raw mut descrobject::PyMethodDescr_Type && nargs > 0 {
        let bound = match bind_descriptor(func, *args) {
            Ok(b) => b,
            Err(_) => return null_mut(),
        };
        let b = bound.as_ptr();
        return c_trace(ts, b, || errors::ptr_result(call::vectorcall_raw(b, args.add(1), nargs - 1, kwnames)));
    }
    errors::ptr_result(call::vectorcall_raw(func, args, nargs | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames))
}

/// `do_call_core` while tracing: `func(*callargs, **kwargs)` with the C-call profile events
/// for builtins and bound method descriptors.
///
/// # Safety
/// `callargs` is a tuple, `kwargs` NULL or a dict.
pub unsafe fn call_core_traced(
    ts: *mut PyThreadState,
    func: *mut PyObject,
    callargs: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    if is_builtin_function(func) {
        return c_trace(ts, func, || errors::ptr_result(call::call(func, callargs, kwargs)));
    }
    let n = tupleobject::len(callargs) as usize;
    if py_type(func) == &raw mut descrobject::PyMethodDescr_Type && n > 0 {
        let items = tupleobject::items(callargs);
        let bound = match bind_descriptor(func, *items) {
            Ok(b) => b,
            Err(_) => return null_mut(),
        };
        let b = bound.as_ptr();
        return c_trace(ts, b, || {
            errors::ptr_result(call::vectorcall_dict(b, items.add(1), (n - 1) as crate::abi::Py_ssize_t, kwargs))
        });
    }
    errors::ptr_result(call::call(func, callargs, kwargs))
}
