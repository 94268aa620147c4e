//! The eval loop over CPython 3.11 bytecode (CPython's Python/ceval.c): every base opcode
//! (no specialization yet), exception-table unwinding, Python-to-Python calls without C
//! recursion (the callee's frame is pushed on the data stack and the loop continues in it),
//! generators through RETURN_GENERATOR/YIELD_VALUE/SEND, tracing hooks and the eval breaker.
//! Also the entry points around it: `_PyEval_Vector`, `_PyFunction_Vectorcall`,
//! `PyEval_EvalCode` and the PyEval_Get* accessors.

use super::frame::{self, code_start, localsplus};
use super::{breaker, tracing};
use crate::abi::cellobject::PyCellObject;
use crate::abi::code::{PyCodeObject, _Py_CODEUNIT, CO_COROUTINE, CO_ITERABLE_COROUTINE, CO_OPTIMIZED};
use crate::abi::funcobject::PyFunctionObject;
use crate::abi::genobject::PyGenObject;
use crate::abi::object::{PyObject, PyTypeObject};
use crate::abi::pycore_frame::{_PyInterpreterFrame, FRAME_SUSPENDED};
use crate::abi::pystate::{PyThreadState, _PyCFrame};
use crate::abi::*;
use crate::errors::{self, ErrSet, PyResult};
use crate::lifecycle::pystate;
use crate::objects::call::{self, PY_VECTORCALL_ARGUMENTS_OFFSET};
use crate::objects::exceptions::{self, *};
use crate::objects::object::{self, decref, incref, py_type, xdecref, Ref};
use crate::objects::r#abstract::{iter, mapping, number, sequence};
use crate::objects::{
    cellobject, classobject, dictobject, frameobject, funcobject, genobject, listobject, longobject,
    setobject, sliceobject, tupleobject, unicodeobject,
};
use core::ffi::c_int;
use core::mem::offset_of;
use core::ptr::null_mut;
use ferrython_compiler::codegen::opcode as op;

const NAME_ERROR_MSG: &str = "name '{}' is not defined";

/// How an instruction failed: `Error` records a traceback entry and reports the exception to
/// the tracer first; `Unwind` (a re-raise) goes straight to the handler search.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Failure {
    Error,
    Unwind,
}

/// `_PyEval_EvalFrame`: runs `frame` (a new frame, or a resumed generator frame) until it
/// returns or yields; a new reference, or NULL with an exception set.
///
/// # Safety
/// `ts` is the current thread state (GIL held); `frame` is complete and not executing.
pub unsafe fn eval_frame(
    ts: *mut PyThreadState,
    frame: *mut _PyInterpreterFrame,
    throwflag: bool,
) -> *mut PyObject {
    if let Some(custom) = (*(*ts).interp).eval_frame {
        return custom(ts, frame, throwflag as c_int);
    }
    eval_frame_default(ts, frame, throwflag)
}

/// A frame's generator (`_PyFrame_GetGenerator`): the frame is embedded in it.
#[inline]
unsafe fn generator_of(frame: *mut _PyInterpreterFrame) -> *mut PyGenObject {
    frame.cast::<u8>().sub(offset_of!(PyGenObject, gi_iframe)).cast()
}

#[inline(always)]
unsafe fn str_of(o: *mut PyObject) -> String {
    object::str_text(o)
}

/// `_PyEval_EvalFrameDefault`.
///
/// # Safety
/// As [`eval_frame`].
pub unsafe fn eval_frame_default(
    ts: *mut PyThreadState,
    entry: *mut _PyInterpreterFrame,
    throwflag: bool,
) -> *mut PyObject {
    // The C-stack link: samplers walk tstate->cframe->current_frame.
    let prev_cframe = (*ts).cframe;
    let mut cframe = _PyCFrame {
        use_tracing: (*prev_cframe).use_tracing,
        current_frame: entry,
        previous: prev_cframe,
    };
    (*ts).cframe = &mut cframe;
    (*entry).is_entry = true;
    (*entry).previous = (*prev_cframe).current_frame;
    let eval_breaker = &(*(*ts).interp).ceval.eval_breaker._value;

    let mut frame = entry;
    // What the outer loop does on (re)entering `frame`.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Entry {
        Start,
        Resume,
        ResumeWithError,
        ExitUnwind,
    }
    let mut entry_kind = Entry::Start;
    if throwflag {
        if object::enter_recursive_call("").is_err() {
            (*ts).recursion_remaining -= 1;
            entry_kind = Entry::ExitUnwind;
        } else {
            entry_kind = Entry::ResumeWithError;
            if cframe.use_tracing != 0 && tracing::trace_function_throw_entry(ts, frame).is_err() {
                // The tracer's error replaces the thrown one and leaves the frame, as in CPython.
                entry_kind = Entry::ExitUnwind;
            }
        }
    }

    macro_rules! restore_cframe {
        () => {{
            (*ts).cframe = cframe.previous;
            (*(*ts).cframe).use_tracing = cframe.use_tracing;
        }};
    }

    'frames: loop {
        match entry_kind {
            Entry::Start => {
                (*ts).recursion_remaining -= 1;
                if (*ts).recursion_remaining < 0 && {
                    (*ts).recursion_remaining += 1;
                    object::enter_recursive_call("").is_err()
                } {
                    (*ts).recursion_remaining -= 1;
                    entry_kind = Entry::ExitUnwind;
                    continue 'frames;
                }
            }
            Entry::ExitUnwind => {
                (*ts).recursion_remaining += 1;
                if (*frame).is_entry {
                    restore_cframe!();
                    return null_mut();
                }
                let dying = frame;
                frame = (*dying).previous;
                cframe.current_frame = frame;
                frame::clear_and_pop(ts, dying);
                entry_kind = Entry::ResumeWithError;
                continue 'frames;
            }
            Entry::Resume | Entry::ResumeWithError => {}
        }

        // SET_LOCALS_FROM_FRAME
        let code: *mut PyCodeObject = (*frame).f_code;
        let names = tupleobject::items((*code).co_names);
        let consts = tupleobject::items((*code).co_consts);
        let first_instr: *mut _Py_CODEUNIT = code_start(code);
        let mut next_instr: *mut _Py_CODEUNIT = (*frame).prev_instr.add(1);
        let lp = localsplus(frame);
        let mut sp: *mut *mut PyObject = lp.add((*frame).stacktop as usize);
        (*frame).stacktop = -1;
        let mut kwnames: *mut PyObject = null_mut();
        let mut pending: Option<Failure> =
            if entry_kind == Entry::ResumeWithError { Some(Failure::Error) } else { None };
        entry_kind = Entry::Resume;

        macro_rules! push {
            ($v:expr) => {{
                *sp = $v;
                sp = sp.add(1);
            }};
        }
        macro_rules! pop {
            () => {{
                sp = sp.sub(1);
                *sp
            }};
        }
        macro_rules! top {
            () => {
                *sp.sub(1)
            };
        }
        macro_rules! peek {
            ($n:expr) => {
                *sp.sub($n as usize)
            };
        }
        macro_rules! set_top {
            ($v:expr) => {
                *sp.sub(1) = $v
            };
        }
        macro_rules! set_peek {
            ($n:expr, $v:expr) => {
                *sp.sub($n as usize) = $v
            };
        }
        macro_rules! local {
            ($i:expr) => {
                *lp.add($i as usize)
            };
        }
        macro_rules! skip_caches {
            ($n:expr) => {
                next_instr = next_instr.add($n)
            };
        }
        macro_rules! save_sp {
            () => {
                (*frame).stacktop = sp.offset_from(lp) as c_int
            };
        }
        macro_rules! name {
            ($i:expr) => {
                *names.add($i as usize)
            };
        }
        macro_rules! constant {
            ($i:expr) => {
                *consts.add($i as usize)
            };
        }

        'instrs: loop {
            let failure: Failure = if let Some(f) = pending.take() {
                f
            } else {
                'op: {
                    macro_rules! fail {
                        () => {
                            break 'op Failure::Error
                        };
                        ($e:expr) => {{
                            let _: ErrSet = $e;
                            break 'op Failure::Error
                        }};
                    }
                    macro_rules! try_ {
                        ($e:expr) => {
                            match $e {
                                Ok(v) => v,
                                Err(_) => break 'op Failure::Error,
                            }
                        };
                    }
                    macro_rules! check_eval_breaker {
                        () => {
                            if eval_breaker.load(core::sync::atomic::Ordering::Relaxed) != 0 {
                                if breaker::handle_eval_breaker(ts).is_err() {
                                    break 'op Failure::Error;
                                }
                            }
                        };
                    }

                    let mut word = *next_instr;
                    let mut opcode = (word & 0xff) as i32;
                    let mut oparg = (word >> 8) as i32;
                    if cframe.use_tracing != 0 && opcode != op::EXTENDED_ARG {
                        // DO_TRACING: next_instr is the instruction about to run.
                        if next_instr.offset_from(first_instr) as c_int >= (*code)._co_firsttraceable {
                            let instr_prev = (*frame).prev_instr.offset_from(first_instr) as c_int;
                            (*frame).prev_instr = next_instr;
                            if opcode == op::RESUME {
                                if oparg < 2 {
                                    check_eval_breaker!();
                                }
                                save_sp!();
                                let r = tracing::trace_function_entry(ts, frame);
                                sp = lp.add((*frame).stacktop as usize);
                                (*frame).stacktop = -1;
                                if r.is_err() {
                                    next_instr = next_instr.add(1);
                                    fail!();
                                }
                            } else if !(*ts).c_tracefunc.is_none() && (*ts).tracing == 0 {
                                save_sp!();
                                let err = tracing::maybe_call_line_trace(ts, frame, instr_prev);
                                sp = lp.add((*frame).stacktop as usize);
                                (*frame).stacktop = -1;
                                if err != 0 {
                                    next_instr = next_instr.add(1);
                                    fail!();
                                }
                                // A jump set through f_lineno moves the current instruction.
                                next_instr = (*frame).prev_instr;
                            }
                        }
                        word = *next_instr;
                        opcode = (word & 0xff) as i32;
                        oparg = (word >> 8) as i32;
                    }
                    (*frame).prev_instr = next_instr;
                    next_instr = next_instr.add(1);
                    while opcode == op::EXTENDED_ARG {
                        word = *next_instr;
                        opcode = (word & 0xff) as i32;
                        oparg = (oparg << 8) | (word >> 8) as i32;
                        (*frame).prev_instr = next_instr;
                        next_instr = next_instr.add(1);
                    }

                    match opcode {
                        op::NOP => continue 'instrs,
                        op::RESUME => {
                            if oparg < 2 {
                                check_eval_breaker!();
                            }
                            continue 'instrs;
                        }
                        op::LOAD_CLOSURE | op::LOAD_FAST => {
                            let v = local!(oparg);
                            if v.is_null() {
                                fail!(unbound_local(code, oparg));
                            }
                            incref(v);
                            push!(v);
                            continue 'instrs;
                        }
                        op::LOAD_CONST => {
                            let v = constant!(oparg);
                            incref(v);
                            push!(v);
                            continue 'instrs;
                        }
                        op::STORE_FAST => {
                            let v = pop!();
                            let old = local!(oparg);
                            local!(oparg) = v;
                            xdecref(old);
                            continue 'instrs;
                        }
                        op::DELETE_FAST => {
                            let v = local!(oparg);
                            if v.is_null() {
                                fail!(unbound_local(code, oparg));
                            }
                            local!(oparg) = null_mut();
                            decref(v);
                            continue 'instrs;
                        }
                        op::POP_TOP => {
                            decref(pop!());
                            continue 'instrs;
                        }
                        op::PUSH_NULL => {
                            push!(null_mut());
                            continue 'instrs;
                        }
                        op::UNARY_POSITIVE | op::UNARY_NEGATIVE | op::UNARY_INVERT => {
                            let v = top!();
                            let r = match opcode {
                                op::UNARY_POSITIVE => number::positive(v),
                                op::UNARY_NEGATIVE => number::negative(v),
                                _ => number::invert(v),
                            };
                            decref(v);
                            match r {
                                Ok(r) => set_top!(r.into_raw()),
                                Err(_) => {
                                    sp = sp.sub(1);
                                    fail!();
                                }
                            }
                            continue 'instrs;
                        }
                        op::UNARY_NOT => {
                            let v = top!();
                            let r = object::is_true(v);
                            decref(v);
                            match r {
                                Ok(b) => set_top!(object::new_bool(!b).into_raw()),
                                Err(_) => {
                                    sp = sp.sub(1);
                                    fail!();
                                }
                            }
                            continue 'instrs;
                        }
                        op::BINARY_OP => {
                            let rhs = pop!();
                            let lhs = top!();
                            let r = binary_op(oparg, lhs, rhs);
                            decref(lhs);
                            decref(rhs);
                            match r {
                                Ok(r) => set_top!(r.into_raw()),
                                Err(_) => {
                                    sp = sp.sub(1);
                                    fail!();
                                }
                            }
                            skip_caches!(1);
                            continue 'instrs;
                        }
                        op::BINARY_SUBSCR => {
                            let sub = pop!();
                            let container = top!();
                            let r = mapping::get_item(container, sub);
                            decref(container);
                            decref(sub);
                            match r {
                                Ok(r) => set_top!(r.into_raw()),
                                Err(_) => {
                                    sp = sp.sub(1);
                                    fail!();
                                }
                            }
                            skip_caches!(4);
                            continue 'instrs;
                        }
                        op::STORE_SUBSCR => {
                            let sub = pop!();
                            let container = pop!();
                            let v = pop!();
                            let r = mapping::set_item(container, sub, v);
                            decref(v);
                            decref(container);
                            decref(sub);
                            try_!(r);
                            skip_caches!(1);
                            continue 'instrs;
                        }
                        op::DELETE_SUBSCR => {
                            let sub = pop!();
                            let container = pop!();
                            let r = mapping::del_item(container, sub);
                            decref(container);
                            decref(sub);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::LIST_APPEND => {
                            let v = pop!();
                            let list = peek!(oparg);
                            let r = listobject::append(list, v);
                            decref(v);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::SET_ADD => {
                            let v = pop!();
                            let set = peek!(oparg);
                            let r = setobject::add(set, v);
                            decref(v);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::PRINT_EXPR => {
                            let v = pop!();
                            let hook = crate::modules::sysmodule::get_object("displayhook");
                            if hook.is_null() {
                                decref(v);
                                fail!(errors::runtime_error("lost sys.displayhook"));
                            }
                            let r = call::call_one_arg(hook, v);
                            decref(v);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::RAISE_VARARGS => {
                            let (mut cause, mut exc) = (null_mut(), null_mut());
                            if oparg == 2 {
                                cause = pop!();
                            }
                            if oparg >= 1 {
                                exc = pop!();
                            }
                            if oparg > 2 {
                                fail!(errors::system_error("bad RAISE_VARARGS oparg"));
                            }
                            if do_raise(ts, exc, cause) {
                                break 'op Failure::Unwind;
                            }
                            fail!();
                        }
                        op::RETURN_VALUE => {
                            let retval = pop!();
                            save_sp!();
                            if cframe.use_tracing != 0 && tracing::trace_function_exit(ts, frame, retval).is_err() {
                                decref(retval);
                                entry_kind = Entry::ExitUnwind;
                                continue 'frames;
                            }
                            (*ts).recursion_remaining += 1;
                            if !(*frame).is_entry {
                                let dying = frame;
                                frame = (*dying).previous;
                                cframe.current_frame = frame;
                                frame::clear_and_pop(ts, dying);
                                stack_push(frame, retval);
                                continue 'frames;
                            }
                            restore_cframe!();
                            return retval;
                        }
                        op::GET_AITER => {
                            let obj = top!();
                            let tp = py_type(obj);
                            let getter = if (*tp).tp_as_async.is_null() {
                                None
                            } else {
                                (*(*tp).tp_as_async).am_aiter
                            };
                            let Some(getter) = getter else {
                                let msg = format!(
                                    "'async for' requires an object with __aiter__ method, got {}",
                                    object::type_name_trunc(tp, 100)
                                );
                                sp = sp.sub(1);
                                decref(obj);
                                fail!(errors::type_error(&msg));
                            };
                            let it = getter(obj);
                            sp = sp.sub(1);
                            decref(obj);
                            if it.is_null() {
                                fail!();
                            }
                            let itp = py_type(it);
                            if (*itp).tp_as_async.is_null() || (*(*itp).tp_as_async).am_anext.is_none() {
                                let msg = format!(
                                    "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                                    object::type_name_trunc(itp, 100)
                                );
                                decref(it);
                                fail!(errors::type_error(&msg));
                            }
                            push!(it);
                            continue 'instrs;
                        }
                        op::GET_ANEXT => {
                            let aiter = top!();
                            let tp = py_type(aiter);
                            let awaitable;
                            if tp == &raw mut genobject::PyAsyncGen_Type {
                                awaitable = ((*(*tp).tp_as_async).am_anext.unwrap())(aiter);
                                if awaitable.is_null() {
                                    fail!();
                                }
                            } else {
                                let getter = if (*tp).tp_as_async.is_null() {
                                    None
                                } else {
                                    (*(*tp).tp_as_async).am_anext
                                };
                                let Some(getter) = getter else {
                                    fail!(errors::type_error(&format!(
                                        "'async for' requires an iterator with __anext__ method, got {}",
                                        object::type_name_trunc(tp, 100)
                                    )));
                                };
                                let next_iter = getter(aiter);
                                if next_iter.is_null() {
                                    fail!();
                                }
                                let next_iter = Ref::from_raw(next_iter);
                                match genobject::get_awaitable_iter(next_iter.as_ptr()) {
                                    Ok(a) => awaitable = a.into_raw(),
                                    Err(_) => fail!(errors::set_string_from_cause(
                                        PyExc_TypeError,
                                        &format!(
                                            "'async for' received an invalid object from __anext__: {}",
                                            object::type_name_trunc(py_type(next_iter.as_ptr()), 100)
                                        )
                                    )),
                                }
                            }
                            push!(awaitable);
                            continue 'instrs;
                        }
                        op::GET_AWAITABLE => {
                            let iterable = top!();
                            let r = genobject::get_awaitable_iter(iterable);
                            if r.is_err() {
                                format_awaitable_error(py_type(iterable), oparg);
                            }
                            decref(iterable);
                            sp = sp.sub(1);
                            let it = try_!(r);
                            if py_type(it.as_ptr()) == &raw mut genobject::PyCoro_Type
                                && genobject::yield_from(it.as_ptr()).is_some()
                            {
                                drop(it);
                                fail!(errors::runtime_error("coroutine is being awaited already"));
                            }
                            push!(it.into_raw());
                            continue 'instrs;
                        }
                        op::SEND => {
                            let v = pop!();
                            let receiver = top!();
                            let mut retval: *mut PyObject = null_mut();
                            let status = if (*ts).c_tracefunc.is_none() {
                                genobject::iter_send(receiver, v, &mut retval)
                            } else {
                                send_traced(ts, frame, receiver, v, &mut retval)
                            };
                            decref(v);
                            match status {
                                iter::PYGEN_ERROR => fail!(),
                                iter::PYGEN_RETURN => {
                                    decref(receiver);
                                    set_top!(retval);
                                    next_instr = next_instr.add(oparg as usize);
                                }
                                _ => push!(retval),
                            }
                            continue 'instrs;
                        }
                        op::ASYNC_GEN_WRAP => {
                            let v = top!();
                            let w = try_!(genobject::async_gen_wrap_value(v));
                            set_top!(w.into_raw());
                            decref(v);
                            continue 'instrs;
                        }
                        op::YIELD_VALUE => {
                            let retval = pop!();
                            (*generator_of(frame)).gi_frame_state = FRAME_SUSPENDED;
                            save_sp!();
                            if cframe.use_tracing != 0 && tracing::trace_function_exit(ts, frame, retval).is_err() {
                                decref(retval);
                                entry_kind = Entry::ExitUnwind;
                                continue 'frames;
                            }
                            object::leave_recursive_call();
                            restore_cframe!();
                            return retval;
                        }
                        op::POP_EXCEPT => {
                            let info = (*ts).exc_info;
                            let old = (*info).exc_value;
                            (*info).exc_value = pop!();
                            xdecref(old);
                            continue 'instrs;
                        }
                        op::RERAISE => {
                            if oparg != 0 {
                                let lasti = peek!(oparg + 1);
                                if !longobject::is_int(lasti) {
                                    fail!(errors::system_error("lasti is not an int"));
                                }
                                let l = longobject::as_i64(lasti).unwrap_or(0);
                                (*frame).prev_instr = first_instr.add(l as usize);
                            }
                            let val = pop!();
                            reraise(val);
                            break 'op Failure::Unwind;
                        }
                        op::PREP_RERAISE_STAR => {
                            let excs = pop!();
                            let orig = pop!();
                            let r = exceptions::prep_reraise_star(orig, excs);
                            decref(excs);
                            decref(orig);
                            push!(try_!(r).into_raw());
                            continue 'instrs;
                        }
                        op::END_ASYNC_FOR => {
                            let val = pop!();
                            if errors::given_exception_matches(val, PyExc_StopAsyncIteration) {
                                decref(val);
                                decref(pop!());
                                continue 'instrs;
                            }
                            reraise(val);
                            break 'op Failure::Unwind;
                        }
                        op::LOAD_ASSERTION_ERROR => {
                            incref(PyExc_AssertionError);
                            push!(PyExc_AssertionError);
                            continue 'instrs;
                        }
                        op::LOAD_BUILD_CLASS => {
                            let b = (*frame).f_builtins;
                            let key = unicodeobject::intern_str("__build_class__");
                            let bc = if dictobject::check_exact(b) {
                                match try_!(dictobject::get_item(b, key)) {
                                    Some(v) => object::new_ref(v),
                                    None => fail!(errors::set_string(PyExc_NameError, "__build_class__ not found")),
                                }
                            } else {
                                match mapping::get_item(b, key) {
                                    Ok(v) => v,
                                    Err(e) => {
                                        if errors::exception_matches(PyExc_KeyError) {
                                            fail!(errors::set_string(PyExc_NameError, "__build_class__ not found"));
                                        }
                                        fail!(e);
                                    }
                                }
                            };
                            push!(bc.into_raw());
                            continue 'instrs;
                        }
                        op::STORE_NAME => {
                            let name = name!(oparg);
                            let v = pop!();
                            let ns = (*frame).f_locals;
                            if ns.is_null() {
                                decref(v);
                                fail!(errors::system_error(&format!(
                                    "no locals found when storing {}",
                                    repr_text(name)
                                )));
                            }
                            let r = if dictobject::check_exact(ns) {
                                dictobject::set_item(ns, name, v)
                            } else {
                                mapping::set_item(ns, name, v)
                            };
                            decref(v);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::DELETE_NAME => {
                            let name = name!(oparg);
                            let ns = (*frame).f_locals;
                            if ns.is_null() {
                                fail!(errors::system_error(&format!(
                                    "no locals when deleting {}",
                                    repr_text(name)
                                )));
                            }
                            if mapping::del_item(ns, name).is_err() {
                                fail!(name_error(name));
                            }
                            continue 'instrs;
                        }
                        op::UNPACK_SEQUENCE => {
                            let seq = pop!();
                            let n = oparg as usize;
                            // Fast paths for exact tuples and lists of the right length.
                            let fast = if tuple_check_exact(seq) && tupleobject::len(seq) as usize == n {
                                Some(tupleobject::items(seq))
                            } else if listobject::check_exact(seq) && listobject::len(seq) as usize == n {
                                Some(listobject::items(seq))
                            } else {
                                None
                            };
                            if let Some(items) = fast {
                                for i in (0..n).rev() {
                                    let v = *items.add(i);
                                    incref(v);
                                    push!(v);
                                }
                            } else {
                                let r = unpack_iterable(seq, n, None, sp.add(n));
                                if r.is_err() {
                                    decref(seq);
                                    fail!();
                                }
                                sp = sp.add(n);
                            }
                            decref(seq);
                            skip_caches!(1);
                            continue 'instrs;
                        }
                        op::UNPACK_EX => {
                            let before = (oparg & 0xff) as usize;
                            let after = (oparg >> 8) as usize;
                            let total = 1 + before + after;
                            let seq = pop!();
                            let r = unpack_iterable(seq, before, Some(after), sp.add(total));
                            decref(seq);
                            try_!(r);
                            sp = sp.add(total);
                            continue 'instrs;
                        }
                        op::STORE_ATTR => {
                            let name = name!(oparg);
                            let owner = pop!();
                            let v = pop!();
                            let r = object::set_attr(owner, name, v);
                            decref(v);
                            decref(owner);
                            try_!(r);
                            skip_caches!(4);
                            continue 'instrs;
                        }
                        op::DELETE_ATTR => {
                            let name = name!(oparg);
                            let owner = pop!();
                            let r = object::set_attr(owner, name, null_mut());
                            decref(owner);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::STORE_GLOBAL => {
                            let v = pop!();
                            let r = dictobject::set_item((*frame).f_globals, name!(oparg), v);
                            decref(v);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::DELETE_GLOBAL => {
                            let name = name!(oparg);
                            if dictobject::del_item((*frame).f_globals, name).is_err() {
                                if errors::exception_matches(PyExc_KeyError) {
                                    fail!(name_error(name));
                                }
                                fail!();
                            }
                            continue 'instrs;
                        }
                        op::LOAD_NAME => {
                            let name = name!(oparg);
                            let locals = (*frame).f_locals;
                            if locals.is_null() {
                                fail!(errors::system_error(&format!(
                                    "no locals when loading {}",
                                    repr_text(name)
                                )));
                            }
                            let mut v = try_!(lookup_in(locals, name));
                            if v.is_none() {
                                v = try_!(dictobject::get_item((*frame).f_globals, name)).map(|p| object::new_ref(p));
                            }
                            if v.is_none() {
                                v = try_!(lookup_builtin((*frame).f_builtins, name));
                            }
                            let Some(v) = v else { fail!() };
                            push!(v.into_raw());
                            continue 'instrs;
                        }
                        op::LOAD_GLOBAL => {
                            let cache = next_instr as *mut u16;
                            let v = match load_global_cached((*frame).f_globals, (*frame).f_builtins, cache) {
                                Some(v) => v,
                                None => {
                                    let name = name!(oparg >> 1);
                                    try_!(load_global_filling_cache((*frame).f_globals, (*frame).f_builtins, name, cache))
                                }
                            };
                            skip_caches!(5);
                            if oparg & 1 != 0 {
                                push!(null_mut());
                            }
                            push!(v);
                            continue 'instrs;
                        }
                        op::MAKE_CELL => {
                            let initial = local!(oparg);
                            let cell = match cellobject::new(initial) {
                                Ok(c) => c,
                                Err(_) => fail!(),
                            };
                            xdecref(initial);
                            local!(oparg) = cell.into_raw();
                            continue 'instrs;
                        }
                        op::DELETE_DEREF => {
                            let cell = local!(oparg) as *mut PyCellObject;
                            let old = (*cell).ob_ref;
                            if !old.is_null() {
                                (*cell).ob_ref = null_mut();
                                decref(old);
                                continue 'instrs;
                            }
                            fail!(unbound_cell(code, oparg));
                        }
                        op::LOAD_CLASSDEREF => {
                            let name = *tupleobject::items((*code).co_localsplusnames).add(oparg as usize);
                            let locals = (*frame).f_locals;
                            let mut v = try_!(lookup_in(locals, name));
                            if v.is_none() {
                                let cell = local!(oparg) as *mut PyCellObject;
                                let value = (*cell).ob_ref;
                                if value.is_null() {
                                    fail!(unbound_cell(code, oparg));
                                }
                                v = Some(object::new_ref(value));
                            }
                            push!(v.unwrap().into_raw());
                            continue 'instrs;
                        }
                        op::LOAD_DEREF => {
                            let cell = local!(oparg) as *mut PyCellObject;
                            let value = (*cell).ob_ref;
                            if value.is_null() {
                                fail!(unbound_cell(code, oparg));
                            }
                            incref(value);
                            push!(value);
                            continue 'instrs;
                        }
                        op::STORE_DEREF => {
                            let v = pop!();
                            let cell = local!(oparg) as *mut PyCellObject;
                            let old = (*cell).ob_ref;
                            (*cell).ob_ref = v;
                            xdecref(old);
                            continue 'instrs;
                        }
                        op::COPY_FREE_VARS => {
                            let closure = (*(*frame).f_func).func_closure;
                            let offset = ((*code).co_nlocals + (*code).co_nplaincellvars) as usize;
                            let cells = tupleobject::items(closure);
                            for i in 0..oparg as usize {
                                let o = *cells.add(i);
                                incref(o);
                                *lp.add(offset + i) = o;
                            }
                            continue 'instrs;
                        }
                        op::BUILD_STRING => {
                            let n = oparg as usize;
                            let items = core::slice::from_raw_parts(sp.sub(n), n);
                            let empty = unicodeobject::intern_str("");
                            let s = try_!(unicodeobject::join(empty, items));
                            for _ in 0..n {
                                decref(pop!());
                            }
                            push!(s.into_raw());
                            continue 'instrs;
                        }
                        op::BUILD_TUPLE => {
                            let n = oparg as usize;
                            let t = try_!(tupleobject::new_uninit(n as Py_ssize_t));
                            let dst = tupleobject::items(t);
                            for i in (0..n).rev() {
                                *dst.add(i) = pop!();
                            }
                            crate::mem::gc::track(t);
                            push!(t);
                            continue 'instrs;
                        }
                        op::BUILD_LIST => {
                            let n = oparg as usize;
                            let l = try_!(listobject::new(n as Py_ssize_t));
                            let dst = listobject::items(l.as_ptr());
                            for i in (0..n).rev() {
                                *dst.add(i) = pop!();
                            }
                            push!(l.into_raw());
                            continue 'instrs;
                        }
                        op::LIST_TO_TUPLE => {
                            let list = pop!();
                            let r = listobject::as_tuple(list);
                            decref(list);
                            push!(try_!(r).into_raw());
                            continue 'instrs;
                        }
                        op::LIST_EXTEND => {
                            let iterable = pop!();
                            let list = peek!(oparg);
                            if listobject::extend(list, iterable).is_err() {
                                let tp = py_type(iterable);
                                if errors::exception_matches(PyExc_TypeError)
                                    && (*tp).tp_iter.is_none()
                                    && !sequence::check(iterable)
                                {
                                    errors::clear();
                                    let _ = errors::type_error(&format!(
                                        "Value after * must be an iterable, not {}",
                                        object::type_name_trunc(tp, 200)
                                    ));
                                }
                                decref(iterable);
                                fail!();
                            }
                            decref(iterable);
                            continue 'instrs;
                        }
                        op::SET_UPDATE => {
                            let iterable = pop!();
                            let set = peek!(oparg);
                            let r = setobject::update_with(set, iterable);
                            decref(iterable);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::BUILD_SET => {
                            let n = oparg as usize;
                            let set = setobject::new_set(null_mut());
                            let mut ok = set.is_ok();
                            for i in (1..=n).rev() {
                                let item = peek!(i);
                                if ok {
                                    if let Ok(s) = &set {
                                        ok = setobject::add(s.as_ptr(), item).is_ok();
                                    }
                                }
                                decref(item);
                            }
                            sp = sp.sub(n);
                            if !ok {
                                fail!();
                            }
                            push!(set.unwrap().into_raw());
                            continue 'instrs;
                        }
                        op::BUILD_MAP => {
                            let n = oparg as usize;
                            let base = sp.sub(2 * n);
                            let map = dictobject::from_items(base, 2, base.add(1), 2, n as Py_ssize_t);
                            for _ in 0..2 * n {
                                decref(pop!());
                            }
                            push!(try_!(map).into_raw());
                            continue 'instrs;
                        }
                        op::SETUP_ANNOTATIONS => {
                            try_!(setup_annotations((*frame).f_locals));
                            continue 'instrs;
                        }
                        op::BUILD_CONST_KEY_MAP => {
                            let keys = top!();
                            let n = oparg as usize;
                            if !tuple_check_exact(keys) || tupleobject::len(keys) as usize != n {
                                fail!(errors::system_error("bad BUILD_CONST_KEY_MAP keys argument"));
                            }
                            let map = dictobject::from_items(
                                tupleobject::items(keys),
                                1,
                                sp.sub(n + 1),
                                1,
                                n as Py_ssize_t,
                            );
                            let map = try_!(map);
                            decref(pop!());
                            for _ in 0..n {
                                decref(pop!());
                            }
                            push!(map.into_raw());
                            continue 'instrs;
                        }
                        op::DICT_UPDATE => {
                            let update = pop!();
                            let dict = peek!(oparg);
                            if dictobject::update(dict, update).is_err() {
                                if errors::exception_matches(PyExc_AttributeError) {
                                    let _ = errors::type_error(&format!(
                                        "'{}' object is not a mapping",
                                        object::type_name_trunc(py_type(update), 200)
                                    ));
                                }
                                decref(update);
                                fail!();
                            }
                            decref(update);
                            continue 'instrs;
                        }
                        op::DICT_MERGE => {
                            let update = pop!();
                            let dict = peek!(oparg);
                            if dictobject::merge_ex(dict, update, 2).is_err() {
                                format_kwargs_error(peek!(2 + oparg), update);
                                decref(update);
                                fail!();
                            }
                            decref(update);
                            continue 'instrs;
                        }
                        op::MAP_ADD => {
                            let value = pop!();
                            let key = pop!();
                            let map = peek!(oparg);
                            let r = dictobject::set_item(map, key, value);
                            decref(key);
                            decref(value);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::LOAD_ATTR => {
                            let owner = top!();
                            let r = try_!(object::get_attr(owner, name!(oparg)));
                            decref(owner);
                            set_top!(r.into_raw());
                            skip_caches!(4);
                            continue 'instrs;
                        }
                        op::COMPARE_OP => {
                            let right = pop!();
                            let left = top!();
                            if let Some(b) = compare_small_ints(left, right, oparg) {
                                decref(left);
                                decref(right);
                                set_top!(object::new_bool(b).into_raw());
                                skip_caches!(2);
                                continue 'instrs;
                            }
                            let r = object::rich_compare(left, right, oparg);
                            decref(left);
                            decref(right);
                            match r {
                                Ok(r) => set_top!(r.into_raw()),
                                Err(_) => {
                                    sp = sp.sub(1);
                                    fail!();
                                }
                            }
                            skip_caches!(2);
                            continue 'instrs;
                        }
                        op::IS_OP => {
                            let right = pop!();
                            let left = top!();
                            let res = (left == right) ^ (oparg != 0);
                            set_top!(object::new_bool(res).into_raw());
                            decref(left);
                            decref(right);
                            continue 'instrs;
                        }
                        op::CONTAINS_OP => {
                            let right = pop!();
                            let left = pop!();
                            let r = sequence::contains(right, left);
                            decref(left);
                            decref(right);
                            let b = try_!(r);
                            push!(object::new_bool(b ^ (oparg != 0)).into_raw());
                            continue 'instrs;
                        }
                        op::CHECK_EG_MATCH => {
                            let match_type = pop!();
                            if check_except_star_type_valid(match_type).is_err() {
                                decref(match_type);
                                fail!();
                            }
                            let exc_value = top!();
                            let r = exception_group_match(exc_value, match_type);
                            decref(match_type);
                            let (m, rest) = try_!(r);
                            if m.as_ptr() == object::none() {
                                push!(m.into_raw());
                                drop(rest);
                            } else {
                                set_top!(rest.into_raw());
                                errors::set_exc_info(null_mut(), object::new_ref(m.as_ptr()).into_raw(), null_mut());
                                push!(m.into_raw());
                                decref(exc_value);
                            }
                            continue 'instrs;
                        }
                        op::CHECK_EXC_MATCH => {
                            let right = pop!();
                            let left = top!();
                            if check_except_type_valid(right).is_err() {
                                decref(right);
                                fail!();
                            }
                            let res = errors::given_exception_matches(left, right);
                            decref(right);
                            push!(object::new_bool(res).into_raw());
                            continue 'instrs;
                        }
                        op::IMPORT_NAME => {
                            let name = name!(oparg);
                            let fromlist = pop!();
                            let level = top!();
                            let r = import_name(ts, frame, name, fromlist, level);
                            decref(level);
                            decref(fromlist);
                            match r {
                                Ok(m) => set_top!(m.into_raw()),
                                Err(_) => {
                                    sp = sp.sub(1);
                                    fail!();
                                }
                            }
                            continue 'instrs;
                        }
                        op::IMPORT_STAR => {
                            let from = pop!();
                            if frameobject::fast_to_locals(frame).is_err() {
                                decref(from);
                                fail!();
                            }
                            let locals = (*frame).f_locals;
                            if locals.is_null() {
                                decref(from);
                                fail!(errors::system_error("no locals found during 'import *'"));
                            }
                            let r = import_all_from(locals, from);
                            frameobject::locals_to_fast(frame, false);
                            decref(from);
                            try_!(r);
                            continue 'instrs;
                        }
                        op::IMPORT_FROM => {
                            let from = top!();
                            let r = try_!(import_from(from, name!(oparg)));
                            push!(r.into_raw());
                            continue 'instrs;
                        }
                        op::JUMP_FORWARD => {
                            next_instr = next_instr.add(oparg as usize);
                            continue 'instrs;
                        }
                        op::JUMP_BACKWARD => {
                            next_instr = next_instr.sub(oparg as usize);
                            check_eval_breaker!();
                            continue 'instrs;
                        }
                        op::JUMP_BACKWARD_NO_INTERRUPT => {
                            next_instr = next_instr.sub(oparg as usize);
                            continue 'instrs;
                        }
                        op::POP_JUMP_FORWARD_IF_FALSE
                        | op::POP_JUMP_BACKWARD_IF_FALSE
                        | op::POP_JUMP_FORWARD_IF_TRUE
                        | op::POP_JUMP_BACKWARD_IF_TRUE => {
                            let cond = pop!();
                            let truth = if cond == crate::objects::boolobject::py_true() {
                                true
                            } else if cond == crate::objects::boolobject::py_false() {
                                false
                            } else {
                                let r = object::is_true(cond);
                                decref(cond);
                                try_!(r)
                            };
                            if cond == crate::objects::boolobject::py_true() || cond == crate::objects::boolobject::py_false() {
                                decref(cond);
                            }
                            let on_true = matches!(opcode, op::POP_JUMP_FORWARD_IF_TRUE | op::POP_JUMP_BACKWARD_IF_TRUE);
                            if truth == on_true {
                                if matches!(opcode, op::POP_JUMP_BACKWARD_IF_FALSE | op::POP_JUMP_BACKWARD_IF_TRUE) {
                                    next_instr = next_instr.sub(oparg as usize);
                                    check_eval_breaker!();
                                } else {
                                    next_instr = next_instr.add(oparg as usize);
                                }
                            }
                            continue 'instrs;
                        }
                        op::POP_JUMP_FORWARD_IF_NOT_NONE
                        | op::POP_JUMP_BACKWARD_IF_NOT_NONE
                        | op::POP_JUMP_FORWARD_IF_NONE
                        | op::POP_JUMP_BACKWARD_IF_NONE => {
                            let v = pop!();
                            let is_none = v == object::none();
                            decref(v);
                            let on_none = matches!(opcode, op::POP_JUMP_FORWARD_IF_NONE | op::POP_JUMP_BACKWARD_IF_NONE);
                            if is_none == on_none {
                                if matches!(opcode, op::POP_JUMP_BACKWARD_IF_NONE | op::POP_JUMP_BACKWARD_IF_NOT_NONE) {
                                    next_instr = next_instr.sub(oparg as usize);
                                    check_eval_breaker!();
                                } else {
                                    next_instr = next_instr.add(oparg as usize);
                                }
                            }
                            continue 'instrs;
                        }
                        op::JUMP_IF_FALSE_OR_POP | op::JUMP_IF_TRUE_OR_POP => {
                            let cond = top!();
                            let truth = if cond == crate::objects::boolobject::py_true() {
                                true
                            } else if cond == crate::objects::boolobject::py_false() {
                                false
                            } else {
                                try_!(object::is_true(cond))
                            };
                            if truth == (opcode == op::JUMP_IF_TRUE_OR_POP) {
                                next_instr = next_instr.add(oparg as usize);
                            } else {
                                sp = sp.sub(1);
                                decref(cond);
                            }
                            continue 'instrs;
                        }
                        op::GET_LEN => {
                            let n = try_!(mapping::size(top!()));
                            push!(try_!(longobject::from_i64(n as i64)).into_raw());
                            continue 'instrs;
                        }
                        op::MATCH_CLASS => {
                            let kwargs = pop!();
                            let tp = pop!();
                            let subject = top!();
                            let r = match_class(subject, tp, oparg as usize, kwargs);
                            decref(kwargs);
                            decref(tp);
                            match r {
                                Ok(Some(attrs)) => set_top!(attrs.into_raw()),
                                Ok(None) => set_top!(object::new_none().into_raw()),
                                Err(_) => fail!(),
                            }
                            decref(subject);
                            continue 'instrs;
                        }
                        op::MATCH_MAPPING | op::MATCH_SEQUENCE => {
                            let flag = if opcode == op::MATCH_MAPPING { Py_TPFLAGS_MAPPING } else { Py_TPFLAGS_SEQUENCE };
                            let m = (*py_type(top!())).tp_flags & flag != 0;
                            push!(object::new_bool(m).into_raw());
                            continue 'instrs;
                        }
                        op::MATCH_KEYS => {
                            let keys = top!();
                            let subject = peek!(2);
                            push!(try_!(match_keys(subject, keys)).into_raw());
                            continue 'instrs;
                        }
                        op::GET_ITER => {
                            let iterable = top!();
                            let r = iter::get_iter(iterable);
                            decref(iterable);
                            match r {
                                Ok(it) => set_top!(it.into_raw()),
                                Err(_) => {
                                    sp = sp.sub(1);
                                    fail!();
                                }
                            }
                            continue 'instrs;
                        }
                        op::GET_YIELD_FROM_ITER => {
                            let iterable = top!();
                            let tp = py_type(iterable);
                            if tp == &raw mut genobject::PyCoro_Type {
                                if (*code).co_flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE) == 0 {
                                    sp = sp.sub(1);
                                    decref(iterable);
                                    fail!(errors::type_error(
                                        "cannot 'yield from' a coroutine object in a non-coroutine generator"
                                    ));
                                }
                            } else if tp != &raw mut genobject::PyGen_Type {
                                let r = iter::get_iter(iterable);
                                decref(iterable);
                                match r {
                                    Ok(it) => set_top!(it.into_raw()),
                                    Err(_) => {
                                        sp = sp.sub(1);
                                        fail!();
                                    }
                                }
                            }
                            continue 'instrs;
                        }
                        op::FOR_ITER => {
                            let it = top!();
                            let next = ((*py_type(it)).tp_iternext.unwrap_unchecked())(it);
                            if !next.is_null() {
                                push!(next);
                                continue 'instrs;
                            }
                            if !errors::occurred().is_null() {
                                if !errors::exception_matches(PyExc_StopIteration) {
                                    fail!();
                                }
                                if (*ts).c_tracefunc.is_some() {
                                    tracing::call_exc_trace(ts, frame);
                                }
                                errors::clear();
                            }
                            sp = sp.sub(1);
                            decref(it);
                            next_instr = next_instr.add(oparg as usize);
                            continue 'instrs;
                        }
                        op::BEFORE_ASYNC_WITH | op::BEFORE_WITH => {
                            let mgr = top!();
                            let asyncw = opcode == op::BEFORE_ASYNC_WITH;
                            let (enter_name, exit_name, what) = if asyncw {
                                ("__aenter__", "__aexit__", "asynchronous context manager protocol")
                            } else {
                                ("__enter__", "__exit__", "context manager protocol")
                            };
                            let tpname = object::type_name_trunc(py_type(mgr), 200);
                            let enter = match try_!(object::lookup_special(mgr, unicodeobject::intern_str(enter_name))) {
                                Some(e) => e,
                                None => fail!(errors::type_error(&format!(
                                    "'{tpname}' object does not support the {what}"
                                ))),
                            };
                            let exit = match try_!(object::lookup_special(mgr, unicodeobject::intern_str(exit_name))) {
                                Some(e) => e,
                                None => fail!(errors::type_error(&format!(
                                    "'{tpname}' object does not support the {what} (missed {exit_name} method)"
                                ))),
                            };
                            set_top!(exit.into_raw());
                            decref(mgr);
                            let res = try_!(call::call_no_args(enter.as_ptr()));
                            push!(res.into_raw());
                            continue 'instrs;
                        }
                        op::WITH_EXCEPT_START => {
                            let val = top!();
                            let exc = py_type(val).cast::<PyObject>();
                            let tb = exceptions::get_traceback(val);
                            xdecref(tb);
                            let tb = if tb.is_null() { object::none() } else { tb };
                            let exit_func = peek!(4);
                            let mut stack = [null_mut(), exc, val, tb];
                            let res = call::vectorcall_raw(
                                exit_func,
                                stack.as_mut_ptr().add(1),
                                3 | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                null_mut(),
                            );
                            push!(try_!(res).into_raw());
                            continue 'instrs;
                        }
                        op::PUSH_EXC_INFO => {
                            let value = top!();
                            let info = (*ts).exc_info;
                            if !(*info).exc_value.is_null() {
                                set_top!((*info).exc_value);
                            } else {
                                set_top!(object::new_none().into_raw());
                            }
                            incref(value);
                            push!(value);
                            (*info).exc_value = value;
                            continue 'instrs;
                        }
                        op::LOAD_METHOD => {
                            let obj = top!();
                            let (meth, found) = try_!(call::get_method(obj, name!(oparg)));
                            if found {
                                set_top!(meth.into_raw());
                                push!(obj);
                            } else {
                                set_top!(null_mut());
                                decref(obj);
                                push!(meth.into_raw());
                            }
                            skip_caches!(10);
                            continue 'instrs;
                        }
                        op::PRECALL => {
                            let is_meth = !peek!(oparg + 2).is_null();
                            let nargs = oparg + is_meth as i32;
                            let function = peek!(nargs + 1);
                            if !is_meth && py_type(function) == &raw mut classobject::PyMethod_Type {
                                let m = function as *mut crate::abi::classobject::PyMethodObject;
                                let (f, s) = ((*m).im_func, (*m).im_self);
                                incref(f);
                                incref(s);
                                set_peek!(oparg + 1, s);
                                set_peek!(oparg + 2, f);
                                decref(function);
                            }
                            skip_caches!(1);
                            continue 'instrs;
                        }
                        op::KW_NAMES => {
                            kwnames = constant!(oparg);
                            continue 'instrs;
                        }
                        op::CALL => {
                            let is_meth = !peek!(oparg + 2).is_null();
                            let total = (oparg + is_meth as i32) as usize;
                            let function = peek!(total + 1);
                            let nkw = if kwnames.is_null() { 0 } else { tupleobject::len(kwnames) as usize };
                            let positional = total - nkw;
                            if py_type(function) == &raw mut funcobject::PyFunction_Type
                                && (*(*ts).interp).eval_frame.is_none()
                            {
                                let f = function as *mut PyFunctionObject;
                                let fcode = (*f).func_code as *mut PyCodeObject;
                                let locals = if (*fcode).co_flags & CO_OPTIMIZED != 0 { null_mut() } else { (*f).func_globals };
                                sp = sp.sub(total);
                                let new_frame = frame::push_and_init(ts, f, locals, sp, positional, kwnames);
                                kwnames = null_mut();
                                sp = sp.sub(2 - is_meth as usize);
                                if new_frame.is_null() {
                                    fail!();
                                }
                                save_sp!();
                                skip_caches!(4);
                                (*frame).prev_instr = next_instr.sub(1);
                                (*new_frame).previous = frame;
                                frame = new_frame;
                                cframe.current_frame = frame;
                                entry_kind = Entry::Start;
                                continue 'frames;
                            }
                            let args = sp.sub(total);
                            let res = if cframe.use_tracing != 0 {
                                tracing::trace_call_function(ts, function, args, positional, kwnames)
                            } else {
                                errors::ptr_result(call::vectorcall_raw(
                                    function,
                                    args,
                                    positional | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                    kwnames,
                                ))
                            };
                            kwnames = null_mut();
                            decref(function);
                            sp = sp.sub(total);
                            for i in 0..total {
                                decref(*sp.add(i));
                            }
                            sp = sp.sub(2 - is_meth as usize);
                            if res.is_null() {
                                fail!();
                            }
                            push!(res);
                            skip_caches!(4);
                            check_eval_breaker!();
                            continue 'instrs;
                        }
                        op::CALL_FUNCTION_EX => {
                            let mut kwargs: *mut PyObject = null_mut();
                            if oparg & 1 != 0 {
                                kwargs = pop!();
                                if !dictobject::check_exact(kwargs) {
                                    let d = try_!(dictobject::new());
                                    if dictobject::merge_ex(d.as_ptr(), kwargs, 2).is_err() {
                                        format_kwargs_error(peek!(2), kwargs);
                                        decref(kwargs);
                                        fail!();
                                    }
                                    decref(kwargs);
                                    kwargs = d.into_raw();
                                }
                            }
                            let mut callargs = pop!();
                            let func = top!();
                            if !tuple_check_exact(callargs) {
                                if check_args_iterable(func, callargs).is_err() {
                                    decref(callargs);
                                    xdecref(kwargs);
                                    fail!();
                                }
                                let t = sequence::tuple(callargs);
                                decref(callargs);
                                match t {
                                    Ok(t) => callargs = t.into_raw(),
                                    Err(_) => {
                                        xdecref(kwargs);
                                        fail!();
                                    }
                                }
                            }
                            let result = if cframe.use_tracing != 0 {
                                tracing::call_core_traced(ts, func, callargs, kwargs)
                            } else {
                                errors::ptr_result(call::call(func, callargs, kwargs))
                            };
                            decref(func);
                            decref(callargs);
                            xdecref(kwargs);
                            sp = sp.sub(1);
                            // The NULL (or self) slot below the callable.
                            xdecref(top!());
                            set_top!(result);
                            if result.is_null() {
                                sp = sp.sub(1);
                                fail!();
                            }
                            check_eval_breaker!();
                            continue 'instrs;
                        }
                        op::MAKE_FUNCTION => {
                            let codeobj = pop!();
                            let r = funcobject::new_function(codeobj, (*frame).f_globals, null_mut());
                            decref(codeobj);
                            let func = try_!(r);
                            let f = func.as_ptr() as *mut PyFunctionObject;
                            if oparg & 0x08 != 0 {
                                (*f).func_closure = pop!();
                            }
                            if oparg & 0x04 != 0 {
                                (*f).func_annotations = pop!();
                            }
                            if oparg & 0x02 != 0 {
                                (*f).func_kwdefaults = pop!();
                            }
                            if oparg & 0x01 != 0 {
                                (*f).func_defaults = pop!();
                            }
                            push!(func.into_raw());
                            continue 'instrs;
                        }
                        op::RETURN_GENERATOR => {
                            save_sp!();
                            let gen = try_!(genobject::make_gen((*frame).f_func, frame));
                            object::leave_recursive_call();
                            if !(*frame).is_entry {
                                let prev = (*frame).previous;
                                super::datastack::pop(ts, frame.cast());
                                frame = prev;
                                cframe.current_frame = frame;
                                stack_push(frame, gen.into_raw());
                                entry_kind = Entry::Resume;
                                continue 'frames;
                            }
                            // The caller clears this frame: leave it valid and balanced.
                            (*frame).stacktop = 0;
                            (*frame).f_locals = null_mut();
                            incref((*frame).f_func.cast());
                            incref((*frame).f_code.cast());
                            restore_cframe!();
                            return gen.into_raw();
                        }
                        op::BUILD_SLICE => {
                            let step = if oparg == 3 { pop!() } else { null_mut() };
                            let stop = pop!();
                            let start = top!();
                            let r = sliceobject::new(start, stop, step);
                            decref(start);
                            decref(stop);
                            xdecref(step);
                            match r {
                                Ok(s) => set_top!(s.into_raw()),
                                Err(_) => {
                                    sp = sp.sub(1);
                                    fail!();
                                }
                            }
                            continue 'instrs;
                        }
                        op::FORMAT_VALUE => {
                            let have_spec = oparg & 0x04 != 0;
                            let spec = if have_spec { pop!() } else { null_mut() };
                            let value = pop!();
                            let r = format_value(value, oparg & 0x03, spec);
                            xdecref(spec);
                            push!(try_!(r).into_raw());
                            continue 'instrs;
                        }
                        op::COPY => {
                            let v = peek!(oparg);
                            incref(v);
                            push!(v);
                            continue 'instrs;
                        }
                        op::SWAP => {
                            let t = top!();
                            set_top!(peek!(oparg));
                            set_peek!(oparg, t);
                            continue 'instrs;
                        }
                        _ => {
                            fail!(errors::system_error("unknown opcode"));
                        }
                    }
                }
            };

            // error: / exception_unwind:
            kwnames = null_mut();
            if failure == Failure::Error {
                if errors::occurred().is_null() {
                    let _ = errors::system_error("error return without exception set");
                }
                if !genobject::frame_is_incomplete(frame) {
                    if let Ok(f) = frameobject::get_frame_object(frame) {
                        let _ = crate::objects::traceback::here(f);
                    }
                }
                if (*ts).c_tracefunc.is_some() {
                    tracing::call_exc_trace(ts, frame);
                }
            }
            let offset = next_instr.offset_from(first_instr) as i32 - 1;
            let stackbase = lp.add((*code).co_nlocalsplus as usize);
            match exception_handler(code, offset) {
                None => {
                    while sp > stackbase {
                        xdecref(pop!());
                    }
                    save_sp!();
                    if cframe.use_tracing != 0 {
                        tracing::trace_function_unwind(ts, frame);
                    }
                    entry_kind = Entry::ExitUnwind;
                    continue 'frames;
                }
                Some(h) => {
                    let new_top = stackbase.add(h.level as usize);
                    while sp > new_top {
                        xdecref(pop!());
                    }
                    if h.lasti {
                        let frame_lasti = (*frame).prev_instr.offset_from(first_instr) as i64;
                        match longobject::from_i64(frame_lasti) {
                            Ok(l) => push!(l.into_raw()),
                            Err(_) => {
                                pending = Some(Failure::Unwind);
                                continue 'instrs;
                            }
                        }
                    }
                    let (mut exc, mut val, mut tb) = errors::fetch();
                    errors::normalize(&mut exc, &mut val, &mut tb);
                    let tbv = if tb.is_null() { object::none() } else { tb };
                    let _ = exceptions::set_traceback(val, tbv);
                    xdecref(tb);
                    xdecref(exc);
                    push!(val);
                    next_instr = first_instr.add(h.handler as usize);
                    continue 'instrs;
                }
            }
        }
    }
}

/// `_PyFrame_StackPush`.
#[inline(always)]
unsafe fn stack_push(frame: *mut _PyInterpreterFrame, v: *mut PyObject) {
    *localsplus(frame).add((*frame).stacktop as usize) = v;
    (*frame).stacktop += 1;
}

/// Restores exception instance `val` (stolen) as the raised exception, with its traceback.
unsafe fn reraise(val: *mut PyObject) {
    let exc = py_type(val).cast::<PyObject>();
    incref(exc);
    let tb = exceptions::get_traceback(val);
    let _ = errors::restore(exc, val, tb);
}

/// An exception-table entry covering an instruction.
struct Handler {
    handler: i32,
    level: i32,
    lasti: bool,
}

/// Reads one varint of the exception table (6-bit groups, bit 6 = more follow).
#[inline]
fn parse_varint(table: &[u8], pos: &mut usize) -> i32 {
    let mut b = table[*pos] as i32;
    *pos += 1;
    let mut val = b & 63;
    while b & 64 != 0 {
        b = table[*pos] as i32;
        *pos += 1;
        val = (val << 6) | (b & 63);
    }
    val
}

/// `get_exception_handler`: the entry whose range covers code unit `index` (entries are
/// sorted by start; each entry starts with a byte whose bit 7 is set).
unsafe fn exception_handler(code: *mut PyCodeObject, index: i32) -> Option<Handler> {
    let t = (*code).co_exceptiontable;
    let table = crate::objects::bytesobject::as_slice(t);
    let (mut start, mut end) = (0usize, table.len());
    // Binary search over entry starts for long tables.
    while end - start > 40 {
        let mut mid = start + (end - start) / 2;
        while table[mid] & 128 == 0 {
            mid -= 1;
        }
        let mut p = mid;
        let offset = parse_varint(table, &mut p);
        if offset > index {
            end = mid;
        } else {
            start = mid;
        }
        if mid == start && offset <= index {
            break;
        }
    }
    let mut p = start;
    while p < end {
        let start_offset = parse_varint(table, &mut p);
        if start_offset > index {
            return None;
        }
        let size = parse_varint(table, &mut p);
        if start_offset + size > index {
            let handler = parse_varint(table, &mut p);
            let depth_lasti = parse_varint(table, &mut p);
            return Some(Handler { handler, level: depth_lasti >> 1, lasti: depth_lasti & 1 != 0 });
        }
        while p < end && table[p] & 128 == 0 {
            p += 1;
        }
    }
    None
}

/// The value of an exact int of at most one 30-bit digit.
#[inline(always)]
unsafe fn small_int(op: *mut PyObject) -> Option<i64> {
    if py_type(op) != &raw mut longobject::PyLong_Type {
        return None;
    }
    let l = op as *mut crate::abi::longobject::PyLongObject;
    let size = (*l).ob_base.ob_size;
    if !(-1..=1).contains(&size) {
        return None;
    }
    Some(size as i64 * (*l).ob_digit[0] as i64)
}

/// COMPARE_OP for two small exact ints (what CPython's COMPARE_OP_INT_JUMP covers).
#[inline(always)]
unsafe fn compare_small_ints(lhs: *mut PyObject, rhs: *mut PyObject, oparg: i32) -> Option<bool> {
    let (a, b) = (small_int(lhs)?, small_int(rhs)?);
    Some(match oparg {
        0 => a < b,
        1 => a <= b,
        2 => a == b,
        3 => a != b,
        4 => a > b,
        _ => a >= b,
    })
}

/// BINARY_OP's operators, in `NB_*` order (13 binary, then their in-place forms).
#[inline]
unsafe fn binary_op(oparg: i32, lhs: *mut PyObject, rhs: *mut PyObject) -> PyResult<Ref> {
    // Exact ints and floats of the same type: their own slot answers (no reflected operand,
    // no NotImplemented), so the generic dispatch can be skipped for the common operators.
    let tp = py_type(lhs);
    if tp == py_type(rhs) && (tp == &raw mut longobject::PyLong_Type || tp == &raw mut crate::objects::floatobject::PyFloat_Type) {
        let nb = (*tp).tp_as_number;
        let slot = match oparg {
            0 | 13 => (*nb).nb_add,
            10 | 23 => (*nb).nb_subtract,
            5 | 18 => (*nb).nb_multiply,
            _ => None,
        };
        if let Some(f) = slot {
            return Ref::from_result(f(lhs, rhs));
        }
    }
    match oparg {
        0 => number::add(lhs, rhs),
        1 => number::and(lhs, rhs),
        2 => number::floor_divide(lhs, rhs),
        3 => number::lshift(lhs, rhs),
        4 => number::matrix_multiply(lhs, rhs),
        5 => number::multiply(lhs, rhs),
        6 => number::remainder(lhs, rhs),
        7 => number::or(lhs, rhs),
        8 => number::power(lhs, rhs, object::none()),
        9 => number::rshift(lhs, rhs),
        10 => number::subtract(lhs, rhs),
        11 => number::true_divide(lhs, rhs),
        12 => number::xor(lhs, rhs),
        13 => number::inplace_add(lhs, rhs),
        14 => number::inplace_and(lhs, rhs),
        15 => number::inplace_floor_divide(lhs, rhs),
        16 => number::inplace_lshift(lhs, rhs),
        17 => number::inplace_matrix_multiply(lhs, rhs),
        18 => number::inplace_multiply(lhs, rhs),
        19 => number::inplace_remainder(lhs, rhs),
        20 => number::inplace_or(lhs, rhs),
        21 => number::inplace_power(lhs, rhs, object::none()),
        22 => number::inplace_rshift(lhs, rhs),
        23 => number::inplace_subtract(lhs, rhs),
        24 => number::inplace_true_divide(lhs, rhs),
        25 => number::inplace_xor(lhs, rhs),
        _ => Err(errors::system_error("bad BINARY_OP oparg")),
    }
}

unsafe fn repr_text(o: *mut PyObject) -> String {
    match object::repr(o) {
        Ok(r) => str_of(r.as_ptr()),
        Err(_) => {
            errors::clear();
            String::from("?")
        }
    }
}

/// `format_exc_check_arg` for NameError: the message, and the name kept on the exception
/// (the traceback printer's "Did you mean" uses it).
unsafe fn name_error(name: *mut PyObject) -> ErrSet {
    let text = str_of(name);
    let shown: String = text.chars().take(200).collect();
    let e = errors::set_string(PyExc_NameError, &NAME_ERROR_MSG.replace("{}", &shown));
    attach_name(name);
    e
}

/// Sets `.name` on the pending NameError (normalizing it), as CPython does.
unsafe fn attach_name(name: *mut PyObject) {
    let (mut t, mut v, mut tb) = errors::fetch();
    errors::normalize(&mut t, &mut v, &mut tb);
    if !v.is_null() && errors::given_exception_matches(v, PyExc_NameError) {
        let ne = v as *mut crate::abi::pyerrors::PyNameErrorObject;
        if (*ne).name.is_null() {
            incref(name);
            (*ne).name = name;
        }
    }
    let _ = errors::restore(t, v, tb);
}

unsafe fn unbound_local(code: *mut PyCodeObject, oparg: i32) -> ErrSet {
    let name = *tupleobject::items((*code).co_localsplusnames).add(oparg as usize);
    errors::set_string(
        PyExc_UnboundLocalError,
        &format!(
            "cannot access local variable '{}' where it is not associated with a value",
            str_of(name)
        ),
    )
}

/// `format_exc_unbound`: a cell of this code (UnboundLocalError) or a free variable
/// (NameError).
unsafe fn unbound_cell(code: *mut PyCodeObject, oparg: i32) -> ErrSet {
    if !errors::occurred().is_null() {
        return ErrSet::assume_set();
    }
    let name = *tupleobject::items((*code).co_localsplusnames).add(oparg as usize);
    if oparg < (*code).co_nplaincellvars + (*code).co_nlocals {
        return unbound_local(code, oparg);
    }
    let e = errors::set_string(
        PyExc_NameError,
        &format!(
            "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
            str_of(name)
        ),
    );
    attach_name(name);
    e
}

/// `locals[name]` for LOAD_NAME/LOAD_CLASSDEREF: None when missing (KeyError swallowed for
/// non-dict mappings).
unsafe fn lookup_in(locals: *mut PyObject, name: *mut PyObject) -> PyResult<Option<Ref>> {
    if dictobject::check_exact(locals) {
        return Ok(dictobject::get_item(locals, name)?.map(|p| object::new_ref(p)));
    }
    match mapping::get_item(locals, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if errors::exception_matches(PyExc_KeyError) {
                errors::clear();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// The builtins step of LOAD_NAME: the value, or NameError.
unsafe fn lookup_builtin(builtins: *mut PyObject, name: *mut PyObject) -> PyResult<Option<Ref>> {
    if dictobject::check_exact(builtins) {
        return match dictobject::get_item(builtins, name)? {
            Some(v) => Ok(Some(object::new_ref(v))),
            None => Err(name_error(name)),
        };
    }
    match mapping::get_item(builtins, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if errors::exception_matches(PyExc_KeyError) {
                Err(name_error(name))
            } else {
                Err(e)
            }
        }
    }
}

/// LOAD_GLOBAL: globals, then builtins (`_PyDict_LoadGlobal` for exact dicts); a new reference.
// LOAD_GLOBAL's inline cache, in the instruction's 5 CACHE units as CPython 3.11 lays them
// out (`_PyLoadGlobalCache`): [0] what was cached (0 nothing, 1 a global, 2 a builtin), [1] the
// entry index, [2..4] the globals' keys version, [4] the builtins' keys version (16 bits, as
// CPython's). A keys version changes whenever a key is added or removed, so a matching version
// means the name is still at that index (and, for a builtin, still absent from globals).
// The opcode itself is never rewritten, and `co_code` shows the cache units zeroed.
const GLOBAL_CACHED_NONE: u16 = 0;
const GLOBAL_CACHED_MODULE: u16 = 1;
const GLOBAL_CACHED_BUILTIN: u16 = 2;

/// The cached value of a LOAD_GLOBAL (a new reference), or None to take the slow path.
#[inline(always)]
unsafe fn load_global_cached(globals: *mut PyObject, builtins: *mut PyObject, cache: *mut u16) -> Option<*mut PyObject> {
    let kind = *cache;
    if kind == GLOBAL_CACHED_NONE || !dictobject::check_exact(globals) {
        return None;
    }
    let ix = *cache.add(1) as usize;
    let globals_version = *cache.add(2) as u32 | ((*cache.add(3) as u32) << 16);
    let v = if kind == GLOBAL_CACHED_MODULE {
        dictobject::cached_entry_value(globals, globals_version, ix)?
    } else {
        // The globals' version proves the name is still not a global.
        if !dictobject::check_exact(builtins)
            || (*(*(globals as *mut crate::abi::dictobject::PyDictObject)).ma_keys).dk_version != globals_version
        {
            return None;
        }
        dictobject::cached_entry_value(builtins, *cache.add(4) as u32, ix)?
    };
    incref(v);
    Some(v)
}

/// LOAD_GLOBAL's slow path: the lookup, then the cache filled when the dicts allow it.
unsafe fn load_global_filling_cache(
    globals: *mut PyObject,
    builtins: *mut PyObject,
    name: *mut PyObject,
    cache: *mut u16,
) -> PyResult<*mut PyObject> {
    *cache = GLOBAL_CACHED_NONE;
    let v = load_global(globals, builtins, name)?;
    if !unicodeobject::is_exact_str(name) || !dictobject::check_exact(builtins) {
        return Ok(v);
    }
    let globals_version = dictobject::cacheable_keys_version(globals);
    if globals_version == 0 {
        return Ok(v);
    }
    let hash = dictobject::key_hash(name)?;
    let (ix, found) = dictobject::lookup(globals as *mut _, name, hash)?;
    let (kind, ix, builtins_version) = if !found.is_null() {
        (GLOBAL_CACHED_MODULE, ix, 0)
    } else {
        let builtins_version = dictobject::cacheable_keys_version(builtins);
        let (bix, bfound) = dictobject::lookup(builtins as *mut _, name, hash)?;
        if bfound.is_null() || builtins_version == 0 || builtins_version > u16::MAX as u32 {
            return Ok(v);
        }
        (GLOBAL_CACHED_BUILTIN, bix, builtins_version)
    };
    // The lookups above cannot change the dicts (str keys compare without running code), so
    // the versions read before them still hold.
    if ix < 0 || ix > u16::MAX as isize {
        return Ok(v);
    }
    *cache.add(1) = ix as u16;
    *cache.add(2) = globals_version as u16;
    *cache.add(3) = (globals_version >> 16) as u16;
    *cache.add(4) = builtins_version as u16;
    *cache = kind;
    Ok(v)
}

unsafe fn load_global(
    globals: *mut PyObject,
    builtins: *mut PyObject,
    name: *mut PyObject,
) -> PyResult<*mut PyObject> {
    if dictobject::check_exact(globals) && dictobject::check_exact(builtins) {
        let hash = dictobject::key_hash(name)?;
        if let Some(v) = dictobject::get_item_known_hash(globals, name, hash)? {
            incref(v);
            return Ok(v);
        }
        if let Some(v) = dictobject::get_item_known_hash(builtins, name, hash)? {
            incref(v);
            return Ok(v);
        }
        return Err(name_error(name));
    }
    match mapping::get_item(globals, name) {
        Ok(v) => return Ok(v.into_raw()),
        Err(e) => {
            if !errors::exception_matches(PyExc_KeyError) {
                return Err(e);
            }
            errors::clear();
        }
    }
    match mapping::get_item(builtins, name) {
        Ok(v) => Ok(v.into_raw()),
        Err(e) => {
            if errors::exception_matches(PyExc_KeyError) {
                Err(name_error(name))
            } else {
                Err(e)
            }
        }
    }
}

unsafe fn setup_annotations(locals: *mut PyObject) -> PyResult<()> {
    if locals.is_null() {
        return Err(errors::system_error("no locals found when setting up annotations"));
    }
    let key = unicodeobject::intern_str("__annotations__");
    if dictobject::check_exact(locals) {
        if dictobject::get_item(locals, key)?.is_none() {
            let d = dictobject::new()?;
            dictobject::set_item(locals, key, d.as_ptr())?;
        }
        return Ok(());
    }
    match mapping::get_item(locals, key) {
        Ok(_) => Ok(()),
        Err(e) => {
            if !errors::exception_matches(PyExc_KeyError) {
                return Err(e);
            }
            errors::clear();
            let d = dictobject::new()?;
            mapping::set_item(locals, key, d.as_ptr())
        }
    }
}

/// `unpack_iterable`: stores `argcnt` items (and, with `after`, a list of the middle and
/// `after` trailing items) below `sp_end`, last item lowest. Consumes nothing.
unsafe fn unpack_iterable(
    v: *mut PyObject,
    argcnt: usize,
    after: Option<usize>,
    sp_end: *mut *mut PyObject,
) -> PyResult<()> {
    let mut sp = sp_end;
    let it = match iter::get_iter(v) {
        Ok(it) => it,
        Err(e) => {
            let tp = py_type(v);
            if errors::exception_matches(PyExc_TypeError) && (*tp).tp_iter.is_none() && !sequence::check(v) {
                errors::clear();
                return Err(errors::type_error(&format!(
                    "cannot unpack non-iterable {} object",
                    object::type_name_trunc(tp, 200)
                )));
            }
            return Err(e);
        }
    };
    let mut stored: Vec<*mut *mut PyObject> = Vec::new();
    let fail = |stored: &Vec<*mut *mut PyObject>| {
        for &slot in stored {
            decref(*slot);
        }
    };
    for i in 0..argcnt {
        match iter::next(it.as_ptr()) {
            Ok(Some(w)) => {
                sp = sp.sub(1);
                *sp = w.into_raw();
                stored.push(sp);
            }
            Ok(None) => {
                fail(&stored);
                return Err(match after {
                    None => errors::value_error(&format!(
                        "not enough values to unpack (expected {argcnt}, got {i})"
                    )),
                    Some(a) => errors::value_error(&format!(
                        "not enough values to unpack (expected at least {}, got {i})",
                        argcnt + a
                    )),
                });
            }
            Err(e) => {
                fail(&stored);
                return Err(e);
            }
        }
    }
    let Some(after) = after else {
        return match iter::next(it.as_ptr()) {
            Ok(None) => Ok(()),
            Ok(Some(_)) => {
                fail(&stored);
                Err(errors::value_error(&format!("too many values to unpack (expected {argcnt})")))
            }
            Err(e) => {
                fail(&stored);
                Err(e)
            }
        };
    };
    let l = match sequence::list(it.as_ptr()) {
        Ok(l) => l,
        Err(e) => {
            fail(&stored);
            return Err(e);
        }
    };
    let ll = listobject::len(l.as_ptr()) as usize;
    if ll < after {
        fail(&stored);
        return Err(errors::value_error(&format!(
            "not enough values to unpack (expected at least {}, got {})",
            argcnt + after,
            argcnt + ll
        )));
    }
    let items = listobject::items(l.as_ptr());
    // The trailing items move out of the list; the list keeps the middle.
    let mut trailing = Vec::with_capacity(after);
    for j in 0..after {
        trailing.push(*items.add(ll - after + j));
    }
    (*l.as_ptr().cast::<crate::abi::object::PyVarObject>()).ob_size = (ll - after) as Py_ssize_t;
    sp = sp.sub(1);
    *sp = l.into_raw();
    for j in 0..after {
        sp = sp.sub(1);
        *sp = trailing[j];
    }
    Ok(())
}

/// `do_raise`: `raise` / `raise exc` / `raise exc from cause` (consumes both). True when an
/// active exception was re-raised as it is (no new traceback entry).
unsafe fn do_raise(ts: *mut PyThreadState, exc: *mut PyObject, cause: *mut PyObject) -> bool {
    if exc.is_null() {
        let info = errors::topmost_exc_info(ts);
        let value = (*info).exc_value;
        if value.is_null() || value == object::none() {
            let _ = errors::runtime_error("No active exception to reraise");
            return false;
        }
        incref(value);
        reraise(value);
        return true;
    }
    let value: *mut PyObject;
    let tp: *mut PyObject;
    if errors::is_exception_class(exc) {
        let v = match call::call_no_args(exc) {
            Ok(v) => v,
            Err(_) => {
                decref(exc);
                xdecref(cause);
                return false;
            }
        };
        if !errors::is_exception_instance(v.as_ptr()) {
            let _ = errors::type_error(&format!(
                "calling {} should have returned an instance of BaseException, not {}",
                repr_text(exc),
                repr_text(py_type(v.as_ptr()).cast())
            ));
            decref(exc);
            xdecref(cause);
            return false;
        }
        value = v.into_raw();
        tp = exc;
    } else if errors::is_exception_instance(exc) {
        value = exc;
        tp = py_type(exc).cast();
        incref(tp);
    } else {
        decref(exc);
        xdecref(cause);
        let _ = errors::type_error("exceptions must derive from BaseException");
        return false;
    }
    if !cause.is_null() {
        let fixed: *mut PyObject;
        if errors::is_exception_class(cause) {
            match call::call_no_args(cause) {
                Ok(c) => fixed = c.into_raw(),
                Err(_) => {
                    decref(value);
                    decref(tp);
                    decref(cause);
                    return false;
                }
            }
            decref(cause);
        } else if errors::is_exception_instance(cause) {
            fixed = cause;
        } else if cause == object::none() {
            decref(cause);
            fixed = null_mut();
        } else {
            decref(value);
            decref(tp);
            decref(cause);
            let _ = errors::type_error("exception causes must derive from BaseException");
            return false;
        }
        exceptions::set_cause(value, fixed);
    }
    let _ = errors::set_object(tp, value);
    decref(value);
    decref(tp);
    false
}

const CANNOT_CATCH_MSG: &str = "catching classes that do not inherit from BaseException is not allowed";

unsafe fn check_except_type_valid(right: *mut PyObject) -> PyResult<()> {
    if tupleobject::check(right) {
        let items = tupleobject::items(right);
        for i in 0..tupleobject::len(right) as usize {
            if !errors::is_exception_class(*items.add(i)) {
                return Err(errors::type_error(CANNOT_CATCH_MSG));
            }
        }
    } else if !errors::is_exception_class(right) {
        return Err(errors::type_error(CANNOT_CATCH_MSG));
    }
    Ok(())
}

unsafe fn check_except_star_type_valid(right: *mut PyObject) -> PyResult<()> {
    check_except_type_valid(right)?;
    let eg = PyExc_BaseExceptionGroup;
    let is_sub = if tupleobject::check(right) {
        let items = tupleobject::items(right);
        let mut any = false;
        for i in 0..tupleobject::len(right) as usize {
            if object::is_subclass(*items.add(i), eg)? {
                any = true;
                break;
            }
        }
        any
    } else {
        object::is_subclass(right, eg)?
    };
    if is_sub {
        return Err(errors::type_error(
            "catching ExceptionGroup with except* is not allowed. Use except instead.",
        ));
    }
    Ok(())
}

/// `exception_group_match`: (match, rest) for except*.
unsafe fn exception_group_match(exc_value: *mut PyObject, match_type: *mut PyObject) -> PyResult<(Ref, Ref)> {
    if exc_value == object::none() {
        return Ok((object::new_none(), object::new_none()));
    }
    if errors::given_exception_matches(exc_value, match_type) {
        let is_eg = errors::given_exception_matches(exc_value, PyExc_BaseExceptionGroup);
        let m = if is_eg {
            object::new_ref(exc_value)
        } else {
            let excs = tupleobject::pack(&[exc_value])?;
            exceptions::create_exception_group("", excs.as_ptr())?
        };
        return Ok((m, object::new_none()));
    }
    if errors::given_exception_matches(exc_value, PyExc_BaseExceptionGroup) {
        let pair = call::call_method_str(exc_value, "split", &[match_type])?;
        let items = tupleobject::items(pair.as_ptr());
        return Ok((object::new_ref(*items), object::new_ref(*items.add(1))));
    }
    Ok((object::new_none(), object::new_none()))
}

unsafe fn format_awaitable_error(tp: *mut PyTypeObject, oparg: i32) {
    if (*tp).tp_as_async.is_null() || (*(*tp).tp_as_async).am_await.is_none() {
        let which = match oparg {
            1 => "__aenter__",
            2 => "__aexit__",
            _ => return,
        };
        let _ = errors::type_error(&format!(
            "'async with' received an object from {which} that does not implement __await__: {}",
            object::type_name_trunc(tp, 100)
        ));
    }
}

/// SEND with a trace function set: the generic send/next protocol, with the StopIteration
/// reported to the tracer (as CPython does in that case).
unsafe fn send_traced(
    ts: *mut PyThreadState,
    frame: *mut _PyInterpreterFrame,
    receiver: *mut PyObject,
    v: *mut PyObject,
    retval: &mut *mut PyObject,
) -> c_int {
    let r = if v == object::none() && iter::check(receiver) {
        ((*py_type(receiver)).tp_iternext.unwrap_unchecked())(receiver)
    } else {
        errors::ptr_result(call::call_method_str(receiver, "send", &[v]))
    };
    if !r.is_null() {
        *retval = r;
        return iter::PYGEN_NEXT;
    }
    if (*ts).c_tracefunc.is_some() && errors::exception_matches(PyExc_StopIteration) {
        tracing::call_exc_trace(ts, frame);
    }
    match genobject::fetch_stop_iteration_value() {
        Ok(v) => {
            *retval = v.into_raw();
            iter::PYGEN_RETURN
        }
        Err(_) => iter::PYGEN_ERROR,
    }
}

/// `format_kwargs_error`: a clearer TypeError for `f(**x)` failures.
unsafe fn format_kwargs_error(func: *mut PyObject, kwargs: *mut PyObject) {
    if errors::exception_matches(PyExc_AttributeError) {
        errors::clear();
        if let Ok(fs) = object::function_str(func) {
            let _ = errors::type_error(&format!(
                "{fs} argument after ** must be a mapping, not {}",
                object::type_name_trunc(py_type(kwargs), 200)
            ));
        }
    } else if errors::exception_matches(PyExc_KeyError) {
        let (t, v, tb) = errors::fetch();
        if !v.is_null() && tupleobject::check(v) && tupleobject::len(v) == 1 {
            let key = object::new_ref(*tupleobject::items(v));
            xdecref(t);
            xdecref(v);
            xdecref(tb);
            if let Ok(fs) = object::function_str(func) {
                match object::str(key.as_ptr()) {
                    Ok(k) => {
                        let _ = errors::type_error(&format!(
                            "{fs} got multiple values for keyword argument '{}'",
                            str_of(k.as_ptr())
                        ));
                    }
                    Err(_) => {}
                }
            }
        } else {
            let _ = errors::restore(t, v, tb);
        }
    }
}

/// `check_args_iterable`: `f(*x)` with a non-iterable x.
unsafe fn check_args_iterable(func: *mut PyObject, args: *mut PyObject) -> PyResult<()> {
    let tp = py_type(args);
    if (*tp).tp_iter.is_none() && !sequence::check(args) {
        errors::clear();
        let fs = object::function_str(func)?;
        return Err(errors::type_error(&format!(
            "{fs} argument after * must be an iterable, not {}",
            object::type_name_trunc(tp, 200)
        )));
    }
    Ok(())
}

/// FORMAT_VALUE: conversion (`!s`, `!r`, `!a`) then `format(value, spec)`. Consumes `value`.
unsafe fn format_value(value: *mut PyObject, conversion: i32, spec: *mut PyObject) -> PyResult<Ref> {
    let value = Ref::from_raw(value);
    let value = match conversion {
        0 => value,
        1 => object::str(value.as_ptr())?,
        2 => object::repr(value.as_ptr())?,
        3 => object::ascii(value.as_ptr())?,
        c => return Err(errors::system_error(&format!("unexpected conversion flag {c}"))),
    };
    if spec.is_null() && unicodeobject::is_exact_str(value.as_ptr()) {
        return Ok(value);
    }
    number::format(value.as_ptr(), spec)
}

/// `match_keys`: the values of `keys` in mapping `map` (a tuple), or None when one is missing.
unsafe fn match_keys(map: *mut PyObject, keys: *mut PyObject) -> PyResult<Ref> {
    let nkeys = tupleobject::len(keys) as usize;
    if nkeys == 0 {
        return tupleobject::pack(&[]);
    }
    let (get, meth_found) = call::get_method(map, unicodeobject::intern_str("get"))?;
    let seen = setobject::new_set(null_mut())?;
    let dummy = call::call_no_args((&raw mut crate::objects::typeobject::PyBaseObject_Type).cast())?;
    let mut values: Vec<Ref> = Vec::with_capacity(nkeys);
    let kitems = tupleobject::items(keys);
    for i in 0..nkeys {
        let key = *kitems.add(i);
        let dup = match setobject::contains(seen.as_ptr(), key) {
            Ok(true) => true,
            Ok(false) => setobject::add(seen.as_ptr(), key).is_err(),
            Err(_) => true,
        };
        if dup {
            if errors::occurred().is_null() {
                return Err(errors::value_error(&format!(
                    "mapping pattern checks duplicate key ({})",
                    repr_text(key)
                )));
            }
            return Err(ErrSet::assume_set());
        }
        let value = if meth_found {
            call::vectorcall(get.as_ptr(), &[map, key, dummy.as_ptr()], null_mut())?
        } else {
            call::vectorcall(get.as_ptr(), &[key, dummy.as_ptr()], null_mut())?
        };
        if value.as_ptr() == dummy.as_ptr() {
            return Ok(object::new_none());
        }
        values.push(value);
    }
    tupleobject::from_refs(values)
}

/// `match_class_attr`.
unsafe fn match_class_attr(
    subject: *mut PyObject,
    tp: *mut PyObject,
    name: *mut PyObject,
    seen: *mut PyObject,
) -> PyResult<Option<Ref>> {
    let dup = match setobject::contains(seen, name) {
        Ok(true) => true,
        Ok(false) => setobject::add(seen, name).is_err(),
        Err(_) => true,
    };
    if dup {
        if errors::occurred().is_null() {
            return Err(errors::type_error(&format!(
                "{}() got multiple sub-patterns for attribute {}",
                object::type_name_of(tp as *mut PyTypeObject),
                repr_text(name)
            )));
        }
        return Err(ErrSet::assume_set());
    }
    match object::get_attr(subject, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if errors::exception_matches(PyExc_AttributeError) {
                errors::clear();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// `match_class`: a tuple of the extracted attributes, None when the subject does not match.
unsafe fn match_class(
    subject: *mut PyObject,
    tp: *mut PyObject,
    nargs: usize,
    kwargs: *mut PyObject,
) -> PyResult<Option<Ref>> {
    if !object::is_type_object(tp) {
        return Err(errors::type_error("called match pattern must be a type"));
    }
    if !object::is_instance(subject, tp)? {
        return Ok(None);
    }
    let t = tp as *mut PyTypeObject;
    let seen = setobject::new_set(null_mut())?;
    let mut attrs: Vec<Ref> = Vec::new();
    if nargs != 0 {
        let mut match_self = false;
        let match_args = match object::get_attr_str(tp, "__match_args__") {
            Ok(m) => {
                if !tuple_check_exact(m.as_ptr()) {
                    return Err(errors::type_error(&format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        object::type_name_of(t),
                        object::type_name(m.as_ptr())
                    )));
                }
                m
            }
            Err(e) => {
                if !errors::exception_matches(PyExc_AttributeError) {
                    return Err(e);
                }
                errors::clear();
                match_self = object::has_feature(t, _Py_TPFLAGS_MATCH_SELF);
                tupleobject::pack(&[])?
            }
        };
        let allowed = if match_self { 1 } else { tupleobject::len(match_args.as_ptr()) as usize };
        if allowed < nargs {
            return Err(errors::type_error(&format!(
                "{}() accepts {} positional sub-pattern{} ({} given)",
                object::type_name_of(t),
                allowed,
                if allowed == 1 { "" } else { "s" },
                nargs
            )));
        }
        if match_self {
            attrs.push(object::new_ref(subject));
        } else {
            let names = tupleobject::items(match_args.as_ptr());
            for i in 0..nargs {
                let name = *names.add(i);
                if !unicodeobject::is_exact_str(name) {
                    return Err(errors::type_error(&format!(
                        "__match_args__ elements must be strings (got {})",
                        object::type_name(name)
                    )));
                }
                match match_class_attr(subject, tp, name, seen.as_ptr())? {
                    Some(a) => attrs.push(a),
                    None => return Ok(None),
                }
            }
        }
    }
    let kw = tupleobject::items(kwargs);
    for i in 0..tupleobject::len(kwargs) as usize {
        match match_class_attr(subject, tp, *kw.add(i), seen.as_ptr())? {
            Some(a) => attrs.push(a),
            None => return Ok(None),
        }
    }
    Ok(Some(tupleobject::from_refs(attrs)?))
}

/// `import_name`: `__import__` from the frame's builtins, called directly when it is the
/// interpreter's own.
unsafe fn import_name(
    ts: *mut PyThreadState,
    frame: *mut _PyInterpreterFrame,
    name: *mut PyObject,
    fromlist: *mut PyObject,
    level: *mut PyObject,
) -> PyResult<Ref> {
    let key = unicodeobject::intern_str("__import__");
    let Some(import_func) = dictobject::get_item((*frame).f_builtins, key)? else {
        return Err(errors::set_string(PyExc_ImportError, "__import__ not found"));
    };
    let locals = if (*frame).f_locals.is_null() { object::none() } else { (*frame).f_locals };
    if import_func == (*(*ts).interp).import_func {
        let ilevel = longobject::as_i64(level)?;
        let ilevel = c_int::try_from(ilevel)
            .map_err(|_| errors::overflow_error("Python int too large to convert to C int"))?;
        return crate::lifecycle::import::import_module_level(name, (*frame).f_globals, locals, fromlist, ilevel);
    }
    let f = object::new_ref(import_func);
    call::vectorcall(f.as_ptr(), &[name, (*frame).f_globals, locals, fromlist, level], null_mut())
}

/// `import_from`: `from module import name`, with the sys.modules fallback for circular
/// relative imports.
unsafe fn import_from(v: *mut PyObject, name: *mut PyObject) -> PyResult<Ref> {
    if let Some(x) = object::lookup_attr(v, name)? {
        return Ok(x);
    }
    let pkgname = match object::get_attr_str(v, "__name__") {
        Ok(p) if unicodeobject::is_str(p.as_ptr()) => Some(p),
        Ok(_) => None,
        Err(_) => None,
    };
    if let Some(p) = &pkgname {
        let full = unicodeobject::new_str(&format!("{}.{}", str_of(p.as_ptr()), str_of(name)))?;
        let m = crate::lifecycle::import::get_module(full.as_ptr())?;
        if let Some(m) = m {
            return Ok(m);
        }
    }
    // error:
    errors::clear();
    let pkgpath = crate::objects::moduleobject::get_filename_object(v).ok();
    if pkgpath.is_none() {
        errors::clear();
    }
    let shown = match &pkgname {
        Some(p) => object::new_ref(p.as_ptr()),
        None => unicodeobject::new_str("<unknown module name>")?,
    };
    let pkg = pkgname.as_ref().map_or(null_mut(), |p| p.as_ptr());
    match pkgpath.filter(|p| unicodeobject::is_str(p.as_ptr())) {
        None => {
            let msg = format!(
                "cannot import name {} from {} (unknown location)",
                repr_text(name),
                repr_text(shown.as_ptr())
            );
            let m = unicodeobject::new_str(&msg)?;
            Err(errors::set_import_error_subclass(PyExc_ImportError, m.as_ptr(), pkg, null_mut()))
        }
        Some(path) => {
            let spec = object::get_attr_str(v, "__spec__").ok();
            if spec.is_none() {
                errors::clear();
            }
            let initializing = spec.map_or(false, |s| spec_is_initializing(s.as_ptr()));
            let msg = if initializing {
                format!(
                    "cannot import name {} from partially initialized module {} (most likely due to a circular import) ({})",
                    repr_text(name),
                    repr_text(shown.as_ptr()),
                    str_of(path.as_ptr())
                )
            } else {
                format!(
                    "cannot import name {} from {} ({})",
                    repr_text(name),
                    repr_text(shown.as_ptr()),
                    str_of(path.as_ptr())
                )
            };
            let m = unicodeobject::new_str(&msg)?;
            Err(errors::set_import_error_subclass(PyExc_ImportError, m.as_ptr(), pkg, path.as_ptr()))
        }
    }
}

/// `import_all_from`: `from module import *` into `locals`.
unsafe fn import_all_from(locals: *mut PyObject, v: *mut PyObject) -> PyResult<()> {
    let mut skip_leading_underscores = false;
    let all = match object::lookup_attr(v, unicodeobject::intern_str("__all__"))? {
        Some(a) => a,
        None => {
            let Some(dict) = object::lookup_attr(v, unicodeobject::intern_str("__dict__"))? else {
                return Err(errors::set_string(
                    PyExc_ImportError,
                    "from-import-* object has no __dict__ and no __all__",
                ));
            };
            skip_leading_underscores = true;
            mapping::keys(dict.as_ptr())?
        }
    };
    let mut pos: Py_ssize_t = 0;
    loop {
        let name = match sequence::get_item(all.as_ptr(), pos) {
            Ok(n) => n,
            Err(e) => {
                if errors::exception_matches(PyExc_IndexError) {
                    errors::clear();
                    return Ok(());
                }
                return Err(e);
            }
        };
        pos += 1;
        if !unicodeobject::is_str(name.as_ptr()) {
            let modname = object::get_attr_str(v, "__name__")?;
            if !unicodeobject::is_str(modname.as_ptr()) {
                return Err(errors::type_error(&format!(
                    "module __name__ must be a string, not {}",
                    object::type_name_trunc(py_type(modname.as_ptr()), 100)
                )));
            }
            return Err(errors::type_error(&format!(
                "{} in {}.{} must be str, not {}",
                if skip_leading_underscores { "Key" } else { "Item" },
                str_of(modname.as_ptr()),
                if skip_leading_underscores { "__dict__" } else { "__all__" },
                object::type_name_trunc(py_type(name.as_ptr()), 100)
            )));
        }
        if skip_leading_underscores && str_of(name.as_ptr()).starts_with('_') {
            continue;
        }
        let value = object::get_attr(v, name.as_ptr())?;
        if dictobject::check_exact(locals) {
            dictobject::set_item(locals, name.as_ptr(), value.as_ptr())?;
        } else {
            mapping::set_item(locals, name.as_ptr(), value.as_ptr())?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points from C and from the rest of the runtime.

/// `_PyEval_Vector`: calls Python function `func` with `args` (positionals then one value per
/// name in `kwnames`), `locals` the frame's locals mapping (NULL for optimized code).
///
/// # Safety
/// Arguments are live; the GIL is held.
pub unsafe fn vector(
    func: *mut PyObject,
    locals: *mut PyObject,
    args: &[*mut PyObject],
    kwnames: *mut PyObject,
) -> PyResult<Ref> {
    let nkw = if kwnames.is_null() { 0 } else { tupleobject::len(kwnames) as usize };
    vector_raw(func, locals, args.as_ptr(), args.len() - nkw, kwnames)
}

unsafe fn vector_raw(
    func: *mut PyObject,
    locals: *mut PyObject,
    args: *const *mut PyObject,
    argcount: usize,
    kwnames: *mut PyObject,
) -> PyResult<Ref> {
    let ts = pystate::current_or_fatal("_PyEval_Vector");
    let nkw = if kwnames.is_null() { 0 } else { tupleobject::len(kwnames) as usize };
    incref(func);
    for i in 0..argcount + nkw {
        incref(*args.add(i));
    }
    let frame = frame::push_and_init(ts, func as *mut PyFunctionObject, locals, args, argcount, kwnames);
    if frame.is_null() {
        return Err(ErrSet::assume_set());
    }
    let retval = eval_frame(ts, frame, false);
    frame::clear_and_pop(ts, frame);
    Ref::from_result(retval)
}

/// `_PyFunction_Vectorcall`: every Python function's vectorcall entry.
///
/// # Safety
/// Called through the vectorcall protocol with a function object.
pub unsafe extern "C" fn function_vectorcall(
    func: *mut PyObject,
    stack: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let f = func as *mut PyFunctionObject;
    let nargs = call::nargs_of(nargsf) as usize;
    let code = (*f).func_code as *mut PyCodeObject;
    let locals = if (*code).co_flags & CO_OPTIMIZED != 0 { null_mut() } else { (*f).func_globals };
    errors::ptr_result(vector_raw(func, locals, stack, nargs, kwnames))
}

/// `PyEval_EvalCode`: runs a module-level (or class-body) code object with `globals` and
/// `locals` (`__builtins__` added to globals when missing).
///
/// # Safety
/// Arguments are live; the GIL is held.
pub unsafe fn eval_code(code: *mut PyObject, globals: *mut PyObject, locals: *mut PyObject) -> PyResult<Ref> {
    if globals.is_null() || !dictobject::check(globals) {
        return Err(errors::system_error("globals must be a dict"));
    }
    let locals = if locals.is_null() { globals } else { locals };
    let key = unicodeobject::intern_str("__builtins__");
    if !dictobject::contains(globals, key)? {
        let builtins = funcobject::builtins_from_globals(globals)?;
        dictobject::set_item(globals, key, builtins)?;
    }
    let func = funcobject::new_function(code, globals, null_mut())?;
    vector(func.as_ptr(), locals, &[], null_mut())
}

/// `PyEval_GetFrame`'s frame: the innermost complete frame of the current thread, or NULL.
///
/// # Safety
/// The GIL is held.
pub unsafe fn current_complete_frame() -> *mut _PyInterpreterFrame {
    let ts = pystate::current();
    genobject::first_complete(frame::current_frame(ts))
}

/// `PyEval_GetGlobals`: the running frame's globals (borrowed), NULL without a frame.
pub unsafe fn get_globals() -> *mut PyObject {
    let f = current_complete_frame();
    if f.is_null() { null_mut() } else { (*f).f_globals }
}

/// `PyEval_GetBuiltins`: the running frame's builtins, else the interpreter's (borrowed).
pub unsafe fn get_builtins() -> *mut PyObject {
    let f = current_complete_frame();
    if f.is_null() {
        (*pystate::current_interpreter()).builtins
    } else {
        (*f).f_builtins
    }
}

/// `_PyEval_GetBuiltin(name)`: a builtin of the running frame (AttributeError when missing);
/// what `__reduce__` methods name to be rebuilt by pickle (`iter`, `reversed`, `getattr`).
pub unsafe fn builtin(name: &str) -> PyResult<Ref> {
    match dictobject::get_item_str(get_builtins(), name)? {
        Some(v) => Ok(object::new_ref(v)),
        None => Err(errors::attribute_error(name)),
    }
}

/// `PyEval_GetLocals`: the running frame's locals mapping, filled from its fast locals
/// (borrowed). SystemError without a frame.
pub unsafe fn get_locals() -> PyResult<*mut PyObject> {
    let f = current_complete_frame();
    if f.is_null() {
        return Err(errors::system_error("frame does not exist"));
    }
    frameobject::fast_to_locals(f)
}

/// `_PyEval_SetSwitchInterval` & co live in lifecycle::ceval_gil; `sys.getrecursionlimit`'s
/// value is the interpreter's.
pub unsafe fn recursion_limit() -> c_int {
    (*pystate::current_interpreter()).ceval.recursion_limit
}

#[inline(always)]
unsafe fn tuple_check_exact(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut tupleobject::PyTuple_Type
}

/// `_PyModuleSpec_IsInitializing`: `spec._initializing` is true (errors count as false).
unsafe fn spec_is_initializing(spec: *mut PyObject) -> bool {
    match object::lookup_attr_str(spec, "_initializing") {
        Ok(Some(v)) => object::is_true(v.as_ptr()).unwrap_or_else(|_| {
            errors::clear();
            false
        }),
        Ok(None) => false,
        Err(_) => {
            errors::clear();
            false
        }
    }
}

/// `PyEval_EvalCodeEx`: the legacy entry with explicit positional and keyword arguments
/// (`kws` alternates names and values), defaults, keyword defaults and closure.
///
/// # Safety
/// Pointers and counts describe live objects as CPython's contract says.
#[allow(clippy::too_many_arguments)]
pub unsafe fn eval_code_ex(
    code: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
    args: &[*mut PyObject],
    kws: &[*mut PyObject],
    defs: &[*mut PyObject],
    kwdefs: *mut PyObject,
    closure: *mut PyObject,
) -> PyResult<Ref> {
    if globals.is_null() || !dictobject::check(globals) {
        return Err(errors::system_error("globals must be a dict"));
    }
    let locals = if locals.is_null() { globals } else { locals };
    let c = code as *mut PyCodeObject;
    let func = funcobject::new_function(code, globals, (*c).co_name)?;
    let f = func.as_ptr() as *mut PyFunctionObject;
    if !defs.is_empty() {
        (*f).func_defaults = tupleobject::from_slice(defs)?.into_raw();
    }
    if !kwdefs.is_null() {
        (*f).func_kwdefaults = object::new_ref(kwdefs).into_raw();
    }
    if !closure.is_null() {
        (*f).func_closure = object::new_ref(closure).into_raw();
    }
    let kwcount = kws.len() / 2;
    let mut all: Vec<*mut PyObject> = args.to_vec();
    let kwnames = if kwcount == 0 {
        None
    } else {
        let names: Vec<*mut PyObject> = (0..kwcount).map(|i| kws[2 * i]).collect();
        all.extend((0..kwcount).map(|i| kws[2 * i + 1]));
        Some(tupleobject::from_slice(&names)?)
    };
    vector(func.as_ptr(), locals, &all, kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()))
}

/// `PyEval_GetFuncName`: a function's or type's name, else the object's type name.
///
/// # Safety
/// `func` is live.
pub unsafe fn func_name(func: *mut PyObject) -> *const core::ffi::c_char {
    let tp = py_type(func);
    if tp == &raw mut classobject::PyMethod_Type {
        let m = func as *mut crate::abi::classobject::PyMethodObject;
        return func_name((*m).im_func);
    }
    if tp == &raw mut funcobject::PyFunction_Type {
        let f = func as *mut PyFunctionObject;
        return unicodeobject::as_utf8((*f).func_name).map_or(core::ptr::null(), |s| s.as_ptr().cast());
    }
    if tp == &raw mut crate::objects::methodobject::PyCFunction_Type {
        let m = func as *mut crate::abi::methodobject::PyCFunctionObject;
        return (*(*m).m_ml).ml_name;
    }
    if object::is_type_object(func) {
        return (*(func as *mut PyTypeObject)).tp_name;
    }
    (*tp).tp_name
}

/// `PyEval_GetFuncDesc`: "()" for functions and methods, " constructor" for types,
/// " object" otherwise.
///
/// # Safety
/// `func` is live.
pub unsafe fn func_desc(func: *mut PyObject) -> &'static core::ffi::CStr {
    let tp = py_type(func);
    if tp == &raw mut classobject::PyMethod_Type
        || tp == &raw mut funcobject::PyFunction_Type
        || tp == &raw mut crate::objects::methodobject::PyCFunction_Type
    {
        c"()"
    } else if object::is_type_object(func) {
        c" constructor"
    } else {
        c" object"
    }
}

/// `PyEval_MergeCompilerFlags`: ORs the running code's `__future__` flags into `flags`;
/// whether any flag is set.
///
/// # Safety
/// The GIL is held.
pub unsafe fn merge_compiler_flags(flags: &mut c_int) -> bool {
    let f = frame::current_frame(pystate::current());
    if !f.is_null() {
        let code_flags = (*(*f).f_code).co_flags & crate::compile::PYCF_MASK;
        *flags |= code_flags;
    }
    *flags != 0
}

/// `PyThreadState_SetAsyncExc(id, exc)`: makes `exc` (NULL clears) pending in the thread
/// whose `thread_id` is `id`; the number of thread states changed.
///
/// # Safety
/// The GIL is held; `exc` is NULL or live.
pub unsafe fn set_async_exc(id: core::ffi::c_ulong, exc: *mut PyObject) -> PyResult<c_int> {
    let interp = pystate::current_interpreter();
    let idobj = longobject::from_u64(id as u64)?;
    let arg = if exc.is_null() { object::none() } else { exc };
    crate::modules::sysmodule::audit("cpython.PyThreadState_SetAsyncExc", &[idobj.as_ptr(), arg])?;
    let mut count = 0;
    let mut p = (*interp).threads.head;
    while !p.is_null() {
        if (*p).thread_id == id {
            object::xincref(exc);
            let old = core::mem::replace(&mut (*p).async_exc, exc);
            xdecref(old);
            count += 1;
            (*interp).ceval.eval_breaker._value.store(1, core::sync::atomic::Ordering::Relaxed);
        }
        p = (*p).next;
    }
    Ok(count)
}

/// `_PyEval_RequestCodeExtraIndex`: reserves a `co_extra` slot with its free function; -1
/// when all 255 are taken.
///
/// # Safety
/// The GIL is held.
pub unsafe fn request_code_extra_index(free: crate::abi::object::freefunc) -> Py_ssize_t {
    let interp = pystate::current_interpreter();
    let i = (*interp).co_extra_user_count;
    if i as usize >= crate::abi::pycore_interp::MAX_CO_EXTRA_USERS {
        return -1;
    }
    (*interp).co_extra_freefuncs[i as usize] = free;
    (*interp).co_extra_user_count += 1;
    i
}
