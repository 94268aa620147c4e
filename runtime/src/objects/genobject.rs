//! Generators, coroutines and async generators (CPython 3.11's Objects/genobject.c): the objects
//! made at RETURN_GENERATOR with the suspended `_PyInterpreterFrame` embedded at their end, their
//! send/throw/close protocol, `yield from`/`await` delegation, the coroutine wrapper, and the
//! helpers the eval loop calls (`get_awaitable_iter`, `get_yield_from_iter`, the async-generator
//! value wrapper).

use super::typeobject::static_type;
use crate::abi::code::{
    _Py_CODEUNIT, PyCodeObject, CO_ASYNC_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE,
};
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::funcobject::PyFunctionObject;
use crate::abi::genobject::PyGenObject;
use crate::abi::methodobject::{PyCFunction, PyMethodDef, METH_FASTCALL, METH_NOARGS, METH_O};
use crate::abi::pycore_frame::*;
use crate::abi::pystate::PyThreadState;
use crate::abi::*;
use crate::errors::{self, ErrSet, PyResult};
use crate::lifecycle::fatal::fatal_on_panic;
use crate::lifecycle::pystate;
use crate::objects::exceptions::*;
use crate::objects::object::{self, py_type, xdecref, Ref};
use core::ffi::{c_int, c_void};
use core::mem::{offset_of, size_of};
use core::ptr::null_mut;

pub use crate::objects::r#abstract::iter::{PYGEN_ERROR, PYGEN_NEXT, PYGEN_RETURN};

/// `PySendResult`.
pub type PySendResult = c_int;

/// Bytes before the embedded frame's `localsplus` (the types' `tp_basicsize`).
const GEN_BASICSIZE: usize =
    offset_of!(PyGenObject, gi_iframe) + offset_of!(_PyInterpreterFrame, localsplus);

const OP_SEND: u16 = 123;
const OP_RESUME: u16 = 151;
const OP_RESUME_QUICK: u16 = 150;

static mut GEN_AS_ASYNC: PyAsyncMethods = PyAsyncMethods {
    am_await: None,
    am_aiter: None,
    am_anext: None,
    am_send: Some(gen_am_send),
};
static mut CORO_AS_ASYNC: PyAsyncMethods = PyAsyncMethods {
    am_await: Some(coro_await),
    am_aiter: None,
    am_anext: None,
    am_send: Some(gen_am_send),
};
static mut ASYNC_GEN_AS_ASYNC: PyAsyncMethods = PyAsyncMethods {
    am_await: None,
    am_aiter: Some(object_self),
    am_anext: Some(async_gen_anext),
    am_send: None,
};

#[no_mangle]
pub static mut PyGen_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 24,
    tp_dealloc: Some(gen_dealloc),
    tp_repr: Some(gen_repr),
    tp_as_async: &raw mut GEN_AS_ASYNC,
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(gen_traverse),
    tp_iter: Some(object_self),
    tp_iternext: Some(gen_iternext),
    tp_methods: &raw mut GEN_METHODS as *mut PyMethodDef,
    tp_getset: &raw mut GEN_GETSET as *mut PyGetSetDef,
    tp_finalize: Some(gen_finalize),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"generator",
        152,
        8,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

#[no_mangle]
pub static mut PyCoro_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 24,
    tp_dealloc: Some(gen_dealloc),
    tp_repr: Some(gen_repr),
    tp_as_async: &raw mut CORO_AS_ASYNC,
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(gen_traverse),
    tp_methods: &raw mut CORO_METHODS as *mut PyMethodDef,
    tp_getset: &raw mut CORO_GETSET as *mut PyGetSetDef,
    tp_finalize: Some(gen_finalize),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"coroutine",
        152,
        8,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

#[no_mangle]
pub static mut PyAsyncGen_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 24,
    tp_dealloc: Some(gen_dealloc),
    tp_repr: Some(gen_repr),
    tp_as_async: &raw mut ASYNC_GEN_AS_ASYNC,
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(gen_traverse),
    tp_methods: &raw mut ASYNC_GEN_METHODS as *mut PyMethodDef,
    tp_getset: &raw mut ASYNC_GEN_GETSET as *mut PyGetSetDef,
    tp_finalize: Some(gen_finalize),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"async_generator",
        152,
        8,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

#[no_mangle]
pub static mut _PyAsyncGenASend_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(awaitable_dealloc),
    tp_as_async: &raw mut ASEND_AS_ASYNC,
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(awaitable_traverse),
    tp_iter: Some(object_self),
    tp_iternext: Some(asend_iternext),
    tp_methods: &raw mut ASEND_METHODS as *mut PyMethodDef,
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"async_generator_asend",
        40,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

#[no_mangle]
pub static mut _PyAsyncGenAThrow_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(awaitable_dealloc),
    tp_as_async: &raw mut ASEND_AS_ASYNC,
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(awaitable_traverse),
    tp_iter: Some(object_self),
    tp_iternext: Some(athrow_iternext),
    tp_methods: &raw mut ATHROW_METHODS as *mut PyMethodDef,
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"async_generator_athrow",
        40,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

#[no_mangle]
pub static mut _PyAsyncGenWrappedValue_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(wrapped_value_dealloc),
    tp_traverse: Some(wrapped_value_traverse),
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"async_generator_wrapped_value",
        24,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

#[no_mangle]
pub static mut _PyCoroWrapper_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(wrapper_dealloc),
    tp_traverse: Some(wrapper_traverse),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_iter: Some(object_self),
    tp_iternext: Some(wrapper_iternext),
    tp_methods: &raw mut WRAPPER_METHODS as *mut PyMethodDef,
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"coroutine_wrapper",
        24,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

/// The async-generator value wrapper and the coroutine wrapper: one object slot after the head.
#[repr(C)]
struct OneRef {
    ob_base: PyObject,
    value: *mut PyObject,
}

#[inline(always)]
unsafe fn gen(op: *mut PyObject) -> *mut PyGenObject {
    op.cast()
}

/// The embedded frame of a generator-like object.
#[inline(always)]
pub unsafe fn gen_frame(op: *mut PyObject) -> *mut _PyInterpreterFrame {
    (&raw mut (*gen(op)).gi_iframe).cast()
}

/// `PyGen_CheckExact` / `PyCoro_CheckExact` / `PyAsyncGen_CheckExact`.
pub unsafe fn is_gen(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut PyGen_Type
}
pub unsafe fn is_coro(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut PyCoro_Type
}
pub unsafe fn is_async_gen(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut PyAsyncGen_Type
}
/// Any of the three frame-owning kinds.
pub unsafe fn is_gen_like(op: *mut PyObject) -> bool {
    is_gen(op) || is_coro(op) || is_async_gen(op)
}

unsafe fn kind_name(op: *mut PyObject) -> &'static str {
    if is_coro(op) {
        "coroutine"
    } else if is_async_gen(op) {
        "async generator"
    } else {
        "generator"
    }
}

/// Pushes `v` (owned) on a frame's value stack.
#[inline]
unsafe fn stack_push(frame: *mut _PyInterpreterFrame, v: *mut PyObject) {
    let slot = (&raw mut (*frame).localsplus)
        .cast::<*mut PyObject>()
        .add((*frame).stacktop as usize);
    *slot = v;
    (*frame).stacktop += 1;
}

#[inline]
unsafe fn stack_pop(frame: *mut _PyInterpreterFrame) -> *mut PyObject {
    (*frame).stacktop -= 1;
    *(&raw mut (*frame).localsplus)
        .cast::<*mut PyObject>()
        .add((*frame).stacktop as usize)
}

#[inline]
unsafe fn stack_peek(frame: *mut _PyInterpreterFrame) -> *mut PyObject {
    *(&raw mut (*frame).localsplus)
        .cast::<*mut PyObject>()
        .add((*frame).stacktop as usize - 1)
}

/// First instruction of a code object.
#[inline]
unsafe fn code_start(code: *mut PyCodeObject) -> *mut _Py_CODEUNIT {
    (&raw mut (*code).co_code_adaptive).cast()
}

/// `_PyFrame_IsIncomplete`: a thread-owned frame that has not yet passed its prologue
/// (RESUME and friends) is not shown to Python code.
pub unsafe fn frame_is_incomplete(frame: *mut _PyInterpreterFrame) -> bool {
    (*frame).owner != FRAME_OWNED_BY_GENERATOR
        && (*frame).prev_instr
            < code_start((*frame).f_code).add((*(*frame).f_code)._co_firsttraceable as usize)
}

/// `_PyFrame_GetFirstComplete`: `frame` or the first complete frame below it.
pub unsafe fn first_complete(mut frame: *mut _PyInterpreterFrame) -> *mut _PyInterpreterFrame {
    while !frame.is_null() && frame_is_incomplete(frame) {
        frame = (*frame).previous;
    }
    frame
}

/// `cr_origin`: up to `depth` `(filename, lineno, name)` tuples, innermost first.
unsafe fn compute_origin(depth: c_int, current: *mut _PyInterpreterFrame) -> PyResult<Ref> {
    let mut items: Vec<Ref> = Vec::new();
    let mut f = current;
    while !f.is_null() && (items.len() as c_int) < depth {
        let code = (*f).f_code;
        let line = super::longobject::from_i64(super::frameobject::frame_lineno(f) as i64)?;
        items.push(super::tupleobject::pack(&[
            (*code).co_filename,
            line.as_ptr(),
            (*code).co_name,
        ])?);
        f = (*f).previous;
    }
    let ptrs: Vec<*mut PyObject> = items.iter().map(|r| r.as_ptr()).collect();
    super::tupleobject::pack(&ptrs)
}

/// RETURN_GENERATOR (`_Py_MakeCoro` + the frame copy): a generator, coroutine or async generator
/// per `func`'s code flags; the frame's contents (and references) move into the new object's
/// embedded frame, owned by it. The caller pops `frame`'s memory without clearing it.
///
/// # Safety
/// `func` is the live function of `frame`, a live thread-owned frame that has executed its
/// RETURN_GENERATOR preamble.
pub unsafe fn make_gen(
    func: *mut PyFunctionObject,
    frame: *mut _PyInterpreterFrame,
) -> PyResult<Ref> {
    let code = (*frame).f_code;
    let flags =
        (*code).co_flags & (crate::abi::code::CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR);
    let tp: *mut PyTypeObject = if flags == CO_COROUTINE {
        &raw mut PyCoro_Type
    } else if flags == CO_ASYNC_GENERATOR {
        &raw mut PyAsyncGen_Type
    } else {
        &raw mut PyGen_Type
    };
    let g = make_gen_of_type(tp, frame)?;
    let op = g.as_ptr();
    let gf = gen_frame(op);
    if !(*gf).frame_obj.is_null() {
        (*(*gf).frame_obj).f_frame = gf;
    }
    if !func.is_null() {
        object::incref((*func).func_name);
        object::replace_slot((&raw mut (*gen(op)).gi_name).cast(), (*func).func_name);
        object::incref((*func).func_qualname);
        object::replace_slot(
            (&raw mut (*gen(op)).gi_qualname).cast(),
            (*func).func_qualname,
        );
    }
    if tp == &raw mut PyCoro_Type {
        let ts = pystate::current();
        let depth = (*ts).coroutine_origin_tracking_depth;
        if depth > 0 {
            let caller = first_complete((*frame).previous);
            (*gen(op)).gi_origin_or_finalizer = compute_origin(depth, caller)?.into_raw();
        }
    }
    Ok(g)
}

/// `PyGen_NewWithQualName` / `PyCoro_New` / `PyAsyncGen_New`: a generator-like object of type
/// `tp` taking over the frame of frame object `f` (stolen).
///
/// # Safety
/// `f` is an owned reference to a frame object whose frame is owned by it.
pub unsafe fn new_from_frame_object(
    tp: *mut PyTypeObject,
    f: *mut PyObject,
    name: *mut PyObject,
    qualname: *mut PyObject,
) -> PyResult<Ref> {
    let fo = f as *mut PyFrameObject;
    let frame = (*fo).f_frame;
    let r = (|| {
        let g = make_gen_of_type(tp, frame)?;
        let gg = gen(g.as_ptr());
        let gf = gen_frame(g.as_ptr());
        // The frame object now views the generator's copy; its own copy is left empty.
        (*fo).f_frame = gf;
        (*gf).frame_obj = fo;
        (*frame).stacktop = 0;
        (*frame).f_func = null_mut();
        (*frame).f_code = null_mut();
        (*frame).f_globals = null_mut();
        (*frame).f_builtins = null_mut();
        (*frame).f_locals = null_mut();
        if !name.is_null() {
            object::incref(name);
            object::replace_slot((&raw mut (*gg).gi_name).cast(), name);
        }
        if !qualname.is_null() {
            object::incref(qualname);
            object::replace_slot((&raw mut (*gg).gi_qualname).cast(), qualname);
        }
        Ok(g)
    })();
    // The generator's frame holds the frame object weakly-by-convention (frame_obj): the
    // caller's reference is handed over to it, as CPython does.
    r
}

unsafe fn make_gen_of_type(
    tp: *mut PyTypeObject,
    frame: *mut _PyInterpreterFrame,
) -> PyResult<Ref> {
    let code = (*frame).f_code;
    let slots = ((*code).co_nlocalsplus + (*code).co_stacksize) as usize;
    let op = crate::mem::gc::alloc(tp, GEN_BASICSIZE + slots * size_of::<*mut PyObject>())?;
    object::init_var_object(op.cast(), tp, slots as Py_ssize_t);
    let g = gen(op);
    let gf = gen_frame(op);
    let live = offset_of!(_PyInterpreterFrame, localsplus)
        + (*frame).stacktop as usize * size_of::<*mut PyObject>();
    core::ptr::copy_nonoverlapping(frame.cast::<u8>(), gf.cast::<u8>(), live);
    (*gf).previous = null_mut();
    (*gf).owner = FRAME_OWNED_BY_GENERATOR;
    (*gf).is_entry = false;
    (*g).gi_code = code;
    object::incref(code.cast());
    (*g).gi_weakreflist = null_mut();
    object::incref((*code).co_name);
    object::incref((*code).co_qualname);
    (*g).gi_name = (*code).co_name;
    (*g).gi_qualname = (*code).co_qualname;
    (*g).gi_exc_state.exc_value = null_mut();
    (*g).gi_exc_state.previous_item = null_mut();
    (*g).gi_origin_or_finalizer = null_mut();
    (*g).gi_hooks_inited = 0;
    (*g).gi_closed = 0;
    (*g).gi_running_async = 0;
    (*g).gi_frame_state = FRAME_CREATED;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// Runs `frame` (a generator's) on the eval loop.
#[inline]
unsafe fn run_frame(
    ts: *mut PyThreadState,
    frame: *mut _PyInterpreterFrame,
    throwflag: bool,
) -> *mut PyObject {
    crate::eval::ceval::eval_frame(ts, frame, throwflag)
}

/// Releases the references of a finished generator frame (`_PyFrame_Clear` for a
/// generator-owned frame).
unsafe fn clear_gen_frame(frame: *mut _PyInterpreterFrame) {
    super::frameobject::clear_frame_data(frame)
}

/// `_PyErr_ClearExcState`.
unsafe fn clear_exc_state(op: *mut PyObject) {
    let v = core::mem::replace(&mut (*gen(op)).gi_exc_state.exc_value, null_mut());
    xdecref(v);
}

/// `gen_send_ex2`: resumes the generator with `arg` (NULL from `__next__`), or with the
/// pending exception thrown in when `exc`.
unsafe fn send_ex2(
    op: *mut PyObject,
    arg: *mut PyObject,
    presult: &mut *mut PyObject,
    exc: bool,
    closing: bool,
) -> PySendResult {
    let g = gen(op);
    let frame = gen_frame(op);
    *presult = null_mut();
    if (*g).gi_frame_state == FRAME_CREATED && !arg.is_null() && arg != object::none() {
        let msg = if is_coro(op) {
            "can't send non-None value to a just-started coroutine"
        } else if is_async_gen(op) {
            "can't send non-None value to a just-started async generator"
        } else {
            "can't send non-None value to a just-started generator"
        };
        let _ = errors::type_error(msg);
        return PYGEN_ERROR;
    }
    if (*g).gi_frame_state == FRAME_EXECUTING {
        let _ = errors::value_error(&format!("{} already executing", kind_name(op)));
        return PYGEN_ERROR;
    }
    if (*g).gi_frame_state >= FRAME_COMPLETED {
        if is_coro(op) && !closing {
            let _ = errors::runtime_error("cannot reuse already awaited coroutine");
        } else if !arg.is_null() && !exc {
            *presult = object::new_none().into_raw();
            return PYGEN_RETURN;
        }
        return PYGEN_ERROR;
    }
    let ts = pystate::current_or_fatal("gen_send_ex2");
    let pushed = if arg.is_null() { object::none() } else { arg };
    object::incref(pushed);
    stack_push(frame, pushed);
    (*frame).previous = (*(*ts).cframe).current_frame;
    (*g).gi_exc_state.previous_item = (*ts).exc_info;
    (*ts).exc_info = &raw mut (*g).gi_exc_state;
    if exc {
        errors::chain_stack_item(null_mut());
    }
    (*g).gi_frame_state = FRAME_EXECUTING;
    let mut result = run_frame(ts, frame, exc);
    if (*g).gi_frame_state == FRAME_EXECUTING {
        (*g).gi_frame_state = FRAME_COMPLETED;
    }
    (*ts).exc_info = (*g).gi_exc_state.previous_item;
    (*g).gi_exc_state.previous_item = null_mut();
    (*frame).previous = null_mut();
    if !result.is_null() {
        if (*g).gi_frame_state == FRAME_SUSPENDED {
            *presult = result;
            return PYGEN_NEXT;
        }
        if result == object::none() && !is_async_gen(op) && arg.is_null() {
            object::decref(result);
            result = null_mut();
        }
    } else if errors::exception_matches(PyExc_StopIteration) {
        let _ = errors::set_string_from_cause(
            PyExc_RuntimeError,
            &format!("{} raised StopIteration", kind_name(op)),
        );
    } else if is_async_gen(op) && errors::exception_matches(PyExc_StopAsyncIteration) {
        let _ = errors::set_string_from_cause(
            PyExc_RuntimeError,
            "async generator raised StopAsyncIteration",
        );
    }
    clear_exc_state(op);
    (*g).gi_frame_state = FRAME_CLEARED;
    clear_gen_frame(frame);
    *presult = result;
    if result.is_null() {
        PYGEN_ERROR
    } else {
        PYGEN_RETURN
    }
}

/// `gen_send_ex`: as [`send_ex2`], with a return turned into StopIteration(value) (or
/// StopAsyncIteration for async generators).
unsafe fn send_ex(
    op: *mut PyObject,
    arg: *mut PyObject,
    exc: bool,
    closing: bool,
) -> PyResult<Ref> {
    let mut result = null_mut();
    match send_ex2(op, arg, &mut result, exc, closing) {
        PYGEN_RETURN => {
            let r = Ref::from_raw(result);
            if is_async_gen(op) {
                Err(errors::set_none(PyExc_StopAsyncIteration))
            } else if r.as_ptr() == object::none() {
                Err(errors::set_none(PyExc_StopIteration))
            } else {
                Err(set_stop_iteration_value(r.as_ptr()))
            }
        }
        PYGEN_NEXT => Ok(Ref::from_raw(result)),
        _ => Err(ErrSet::assume_set()),
    }
}

/// `_PyGen_SetStopIterationValue`: raises StopIteration carrying `value` (wrapped in an
/// instance so tuples and exceptions survive as the value).
///
/// # Safety
/// `value` is live.
pub unsafe fn set_stop_iteration_value(value: *mut PyObject) -> ErrSet {
    if !errors::is_exception_instance(value)
        && !object::has_feature(py_type(value), Py_TPFLAGS_TUPLE_SUBCLASS)
    {
        return errors::set_object(PyExc_StopIteration, value);
    }
    match super::call::call_one_arg(PyExc_StopIteration, value) {
        Ok(e) => errors::set_object(PyExc_StopIteration, e.as_ptr()),
        Err(e) => e,
    }
}

/// `_PyGen_FetchStopIterationValue`.
///
/// # Safety
/// A thread state is current.
pub unsafe fn fetch_stop_iteration_value() -> PyResult<Ref> {
    if errors::occurred().is_null() {
        return Ok(object::new_none());
    }
    if !errors::exception_matches(PyExc_StopIteration) {
        return Err(ErrSet::assume_set());
    }
    let Some((_, value, _)) = errors::fetch_normalized() else {
        return Ok(object::new_none());
    };
    errors::clear();
    let v = (*(value.as_ptr() as *mut crate::abi::pyerrors::PyStopIterationObject)).value;
    Ok(if v.is_null() {
        object::new_none()
    } else {
        Ref::from_borrowed(v)
    })
}

/// `PyIter_Send`.
///
/// # Safety
/// `iter`, `arg` live; `result` writable.
pub unsafe fn iter_send(
    iter: *mut PyObject,
    arg: *mut PyObject,
    result: *mut *mut PyObject,
) -> PySendResult {
    crate::objects::r#abstract::iter::send(iter, arg, result)
}

unsafe extern "C" fn gen_am_send(
    op: *mut PyObject,
    arg: *mut PyObject,
    result: *mut *mut PyObject,
) -> c_int {
    fatal_on_panic("gen.am_send", || {
        send_ex2(op, arg, &mut *result, false, false)
    })
}

unsafe extern "C" fn gen_iternext(op: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("generator.__next__", || {
        let mut result = null_mut();
        if send_ex2(op, null_mut(), &mut result, false, false) == PYGEN_RETURN {
            let r = Ref::from_raw(result);
            if is_async_gen(op) {
                let _ = errors::set_none(PyExc_StopAsyncIteration);
            } else if r.as_ptr() != object::none() {
                let _ = set_stop_iteration_value(r.as_ptr());
            }
            return null_mut();
        }
        result
    })
}

unsafe extern "C" fn gen_send_meth(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("generator.send", || {
        errors::ptr_result(send_ex(op, arg, false, false))
    })
}

/// `_PyGen_yf`: the iterator a suspended `yield from`/`await` delegates to, or None.
///
/// # Safety
/// `op` is a live generator-like object.
pub unsafe fn yield_from(op: *mut PyObject) -> Option<Ref> {
    let g = gen(op);
    if (*g).gi_frame_state >= FRAME_CLEARED || (*g).gi_frame_state == FRAME_CREATED {
        return None;
    }
    let frame = gen_frame(op);
    let next = *(*frame).prev_instr.add(1);
    let opcode = next & 0xff;
    if (opcode != OP_RESUME && opcode != OP_RESUME_QUICK) || (next >> 8) < 2 {
        return None;
    }
    Some(Ref::from_borrowed(stack_peek(frame)))
}

/// `gen_close_iter`: closes the delegated-to iterator.
unsafe fn close_iter(yf: *mut PyObject) -> PyResult<()> {
    if is_gen(yf) || is_coro(yf) {
        return close(yf).map(drop);
    }
    match object::lookup_attr_str(yf, "close") {
        Err(_) => {
            errors::write_unraisable(yf);
            Ok(())
        }
        Ok(None) => Ok(()),
        Ok(Some(m)) => super::call::call_no_args(m.as_ptr()).map(drop),
    }
}

/// `gen_close`: throws GeneratorExit in; a value yielded back is a RuntimeError.
///
/// # Safety
/// `op` is a live generator-like object.
pub unsafe fn close(op: *mut PyObject) -> PyResult<Ref> {
    let g = gen(op);
    let mut err = false;
    if let Some(yf) = yield_from(op) {
        let state = (*g).gi_frame_state;
        (*g).gi_frame_state = FRAME_EXECUTING;
        err = close_iter(yf.as_ptr()).is_err();
        (*g).gi_frame_state = state;
    }
    if !err {
        let _ = errors::set_none(PyExc_GeneratorExit);
    }
    match send_ex(op, object::none(), true, true) {
        Ok(_) => {
            let msg = if is_coro(op) {
                "coroutine ignored GeneratorExit"
            } else if is_async_gen(op) {
                "async generator ignored GeneratorExit"
            } else {
                "generator ignored GeneratorExit"
            };
            Err(errors::runtime_error(msg))
        }
        Err(e) => {
            if errors::exception_matches(PyExc_StopIteration)
                || errors::exception_matches(PyExc_GeneratorExit)
            {
                errors::clear();
                Ok(object::new_none())
            } else {
                Err(e)
            }
        }
    }
}

unsafe extern "C" fn gen_close_meth(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("generator.close", || errors::ptr_result(close(op)))
}

/// `_gen_throw`: throws `(typ, val, tb)` into the generator (or the iterator it delegates to).
///
/// # Safety
/// `op` is a live generator-like object; the others live or NULL (`typ` live).
pub unsafe fn throw(
    op: *mut PyObject,
    close_on_genexit: bool,
    typ: *mut PyObject,
    val: *mut PyObject,
    tb: *mut PyObject,
) -> PyResult<Ref> {
    let g = gen(op);
    if let Some(yf) = yield_from(op) {
        let frame = gen_frame(op);
        if close_on_genexit && errors::given_exception_matches(typ, PyExc_GeneratorExit) {
            let state = (*g).gi_frame_state;
            (*g).gi_frame_state = FRAME_EXECUTING;
            let err = close_iter(yf.as_ptr()).is_err();
            (*g).gi_frame_state = state;
            drop(yf);
            if err {
                return send_ex(op, object::none(), true, false);
            }
            return throw_here(op, typ, val, tb);
        }
        let ret = if is_gen(yf.as_ptr()) || is_coro(yf.as_ptr()) {
            // Show this generator's frame in the traceback of what the inner one raises.
            let ts = pystate::current_or_fatal("gen_throw");
            let prev = (*(*ts).cframe).current_frame;
            (*frame).previous = prev;
            (*(*ts).cframe).current_frame = frame;
            let state = (*g).gi_frame_state;
            (*g).gi_frame_state = FRAME_EXECUTING;
            let r = throw(yf.as_ptr(), close_on_genexit, typ, val, tb);
            (*g).gi_frame_state = state;
            (*(*ts).cframe).current_frame = prev;
            (*frame).previous = null_mut();
            r
        } else {
            let meth = object::lookup_attr_str(yf.as_ptr(), "throw")?;
            let Some(meth) = meth else {
                drop(yf);
                return throw_here(op, typ, val, tb);
            };
            let state = (*g).gi_frame_state;
            (*g).gi_frame_state = FRAME_EXECUTING;
            let mut args = vec![typ];
            if !val.is_null() {
                args.push(val);
                if !tb.is_null() {
                    args.push(tb);
                }
            }
            let r = super::call::vectorcall(meth.as_ptr(), &args, null_mut());
            (*g).gi_frame_state = state;
            r
        };
        drop(yf);
        return match ret {
            Ok(r) => Ok(r),
            Err(_) => {
                // The delegate finished: pop it and resume after the SEND loop.
                let popped = stack_pop(frame);
                object::decref(popped);
                let send = *(*frame).prev_instr.sub(1);
                debug_assert_eq!(send & 0xff, OP_SEND);
                let jump = (send >> 8) as usize;
                (*frame).prev_instr = (*frame).prev_instr.add(jump).sub(1);
                match fetch_stop_iteration_value() {
                    Ok(v) => send_ex(op, v.as_ptr(), false, false),
                    Err(_) => send_ex(op, object::none(), true, false),
                }
            }
        };
    }
    throw_here(op, typ, val, tb)
}

unsafe fn throw_here(
    op: *mut PyObject,
    typ: *mut PyObject,
    val: *mut PyObject,
    tb: *mut PyObject,
) -> PyResult<Ref> {
    let tb = if tb == object::none() { null_mut() } else { tb };
    if !tb.is_null() && !super::traceback::is_traceback(tb) {
        return Err(errors::type_error(
            "throw() third argument must be a traceback object",
        ));
    }
    let (mut t, mut v, mut b) = (typ, val, tb);
    object::incref(t);
    object::xincref(v);
    object::xincref(b);
    if errors::is_exception_class(t) {
        errors::normalize(&mut t, &mut v, &mut b);
    } else if errors::is_exception_instance(t) {
        if !v.is_null() && v != object::none() {
            object::decref(t);
            xdecref(v);
            xdecref(b);
            return Err(errors::type_error(
                "instance exception may not have a separate value",
            ));
        }
        xdecref(v);
        v = t;
        t = py_type(v).cast();
        object::incref(t);
        if b.is_null() {
            b = super::exceptions::get_traceback(v);
            object::xincref(b);
        }
    } else {
        let name = object::type_name(t).to_string();
        object::decref(t);
        xdecref(v);
        xdecref(b);
        return Err(errors::type_error(&format!(
            "exceptions must be classes or instances deriving from BaseException, not {name}"
        )));
    }
    let _ = errors::restore(t, v, b);
    send_ex(op, object::none(), true, false)
}

unsafe extern "C" fn gen_throw_meth(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    fatal_on_panic("generator.throw", || {
        if !(1..=3).contains(&nargs) {
            let _ = if nargs < 1 {
                errors::type_error(&format!("throw expected at least 1 argument, got {nargs}"))
            } else {
                errors::type_error(&format!("throw expected at most 3 arguments, got {nargs}"))
            };
            return null_mut();
        }
        let a = core::slice::from_raw_parts(args, nargs as usize);
        let val = a.get(1).copied().unwrap_or(null_mut());
        let tb = a.get(2).copied().unwrap_or(null_mut());
        errors::ptr_result(throw(op, true, a[0], val, tb))
    })
}

unsafe extern "C" fn gen_sizeof(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("generator.__sizeof__", || {
        let code = (*gen(op)).gi_code;
        let slots = ((*code).co_nlocalsplus + (*code).co_stacksize) as usize;
        errors::ptr_result(super::longobject::from_i64(
            (GEN_BASICSIZE + slots * 8) as i64,
        ))
    })
}

unsafe extern "C" fn object_self(op: *mut PyObject) -> *mut PyObject {
    object::incref(op);
    op
}

/// PEP 442 finalizer: an unfinished generator is closed; a coroutine that never started warns
/// "coroutine '...' was never awaited".
unsafe extern "C" fn gen_finalize(op: *mut PyObject) {
    fatal_on_panic("_PyGen_Finalize", || finalize(op))
}

/// `_PyGen_Finalize`.
///
/// # Safety
/// `op` is a live generator-like object.
pub unsafe fn finalize(op: *mut PyObject) {
    let g = gen(op);
    if (*g).gi_frame_state >= FRAME_COMPLETED {
        return;
    }
    if is_async_gen(op) {
        let finalizer = (*g).gi_origin_or_finalizer;
        if !finalizer.is_null() && (*g).gi_closed == 0 {
            let saved = errors::fetch();
            if super::call::call_one_arg(finalizer, op).is_err() {
                errors::write_unraisable(op);
            }
            let _ = errors::restore(saved.0, saved.1, saved.2);
            return;
        }
    }
    let saved = errors::fetch();
    if is_coro(op) && (*g).gi_frame_state == FRAME_CREATED {
        crate::modules::warnings::warn_unawaited_coroutine(op);
    } else if close(op).is_err() {
        errors::write_unraisable(op);
    }
    let _ = errors::restore(saved.0, saved.1, saved.2);
}

unsafe extern "C" fn gen_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let g = gen(op);
    if !(*g).gi_weakreflist.is_null() {
        super::weakrefobject::clear_weakrefs(op);
    }
    crate::mem::gc::track(op);
    if crate::mem::gc::call_finalizer_from_dealloc(op) != 0 {
        return; // resurrected
    }
    crate::mem::gc::untrack(op);
    if is_async_gen(op) {
        let f = core::mem::replace(&mut (*g).gi_origin_or_finalizer, null_mut());
        xdecref(f);
    } else if is_coro(op) {
        let o = core::mem::replace(&mut (*g).gi_origin_or_finalizer, null_mut());
        xdecref(o);
    }
    if (*g).gi_frame_state < FRAME_CLEARED {
        (*g).gi_frame_state = FRAME_CLEARED;
        clear_gen_frame(gen_frame(op));
    }
    xdecref((*g).gi_code.cast());
    xdecref((*g).gi_name);
    xdecref((*g).gi_qualname);
    clear_exc_state(op);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn gen_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let g = gen(op);
    let mut fields = vec![
        (*g).gi_code as *mut PyObject,
        (*g).gi_name,
        (*g).gi_qualname,
        (*g).gi_exc_state.exc_value,
        (*g).gi_origin_or_finalizer,
    ];
    if (*g).gi_frame_state < FRAME_CLEARED {
        let f = gen_frame(op);
        fields.push((*f).f_func.cast());
        fields.push((*f).f_globals);
        fields.push((*f).f_builtins);
        fields.push((*f).f_locals);
        fields.push((*f).frame_obj.cast());
        let base = (&raw mut (*f).localsplus).cast::<*mut PyObject>();
        for i in 0..(*f).stacktop.max(0) as usize {
            fields.push(*base.add(i));
        }
    }
    for p in fields {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn gen_repr(op: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("generator.__repr__", || {
        let q = super::unicodeobject::to_string_lossy((*gen(op)).gi_qualname);
        let kind = if is_coro(op) {
            "coroutine"
        } else if is_async_gen(op) {
            "async_generator"
        } else {
            "generator"
        };
        errors::ptr_result(super::unicodeobject::new_str(&format!(
            "<{kind} object {q} at {:p}>",
            op
        )))
    })
}

// ---- attributes ----

unsafe extern "C" fn get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    object::new_ref((*gen(op)).gi_name).into_raw()
}

unsafe extern "C" fn set_name(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    fatal_on_panic("generator.__name__", || {
        if v.is_null() || !object::is_str(v) {
            let _ = errors::type_error("__name__ must be set to a string object");
            return -1;
        }
        object::incref(v);
        object::replace_slot((&raw mut (*gen(op)).gi_name).cast(), v);
        0
    })
}

unsafe extern "C" fn get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    object::new_ref((*gen(op)).gi_qualname).into_raw()
}

unsafe extern "C" fn set_qualname(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    fatal_on_panic("generator.__qualname__", || {
        if v.is_null() || !object::is_str(v) {
            let _ = errors::type_error("__qualname__ must be set to a string object");
            return -1;
        }
        object::incref(v);
        object::replace_slot((&raw mut (*gen(op)).gi_qualname).cast(), v);
        0
    })
}

unsafe extern "C" fn get_yieldfrom(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    match yield_from(op) {
        Some(r) => r.into_raw(),
        None => object::new_none().into_raw(),
    }
}

unsafe extern "C" fn get_running(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    object::new_bool((*gen(op)).gi_frame_state == FRAME_EXECUTING).into_raw()
}

unsafe extern "C" fn get_suspended(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    object::new_bool((*gen(op)).gi_frame_state == FRAME_SUSPENDED).into_raw()
}

unsafe extern "C" fn get_frame(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    fatal_on_panic("generator.gi_frame", || {
        if (*gen(op)).gi_frame_state >= FRAME_COMPLETED {
            return object::new_none().into_raw();
        }
        match super::frameobject::get_frame_object(gen_frame(op)) {
            Ok(f) => object::new_ref(f.cast()).into_raw(),
            Err(_) => null_mut(),
        }
    })
}

unsafe extern "C" fn get_code(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    object::new_ref((*gen(op)).gi_code.cast()).into_raw()
}

unsafe extern "C" fn get_origin(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let o = (*gen(op)).gi_origin_or_finalizer;
    object::new_ref(if o.is_null() { object::none() } else { o }).into_raw()
}

unsafe extern "C" fn get_ag_running(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    object::new_bool((*gen(op)).gi_running_async != 0).into_raw()
}

macro_rules! getset {
    ($name:literal, $get:expr, $set:expr) => {
        PyGetSetDef {
            name: $name.as_ptr(),
            get: Some($get),
            set: $set,
            doc: core::ptr::null(),
            closure: null_mut(),
        }
    };
}
const GETSET_END: PyGetSetDef = PyGetSetDef {
    name: core::ptr::null(),
    get: None,
    set: None,
    doc: core::ptr::null(),
    closure: null_mut(),
};

static mut GEN_GETSET: [PyGetSetDef; 8] = [
    getset!(c"__name__", get_name, Some(set_name)),
    getset!(c"__qualname__", get_qualname, Some(set_qualname)),
    getset!(c"gi_yieldfrom", get_yieldfrom, None),
    getset!(c"gi_running", get_running, None),
    getset!(c"gi_frame", get_frame, None),
    getset!(c"gi_suspended", get_suspended, None),
    getset!(c"gi_code", get_code, None),
    GETSET_END,
];

static mut CORO_GETSET: [PyGetSetDef; 9] = [
    getset!(c"__name__", get_name, Some(set_name)),
    getset!(c"__qualname__", get_qualname, Some(set_qualname)),
    getset!(c"cr_await", get_yieldfrom, None),
    getset!(c"cr_running", get_running, None),
    getset!(c"cr_frame", get_frame, None),
    getset!(c"cr_code", get_code, None),
    getset!(c"cr_suspended", get_suspended, None),
    getset!(c"cr_origin", get_origin, None),
    GETSET_END,
];

static mut ASYNC_GEN_GETSET: [PyGetSetDef; 8] = [
    getset!(c"__name__", get_name, Some(set_name)),
    getset!(c"__qualname__", get_qualname, Some(set_qualname)),
    getset!(c"ag_await", get_yieldfrom, None),
    getset!(c"ag_frame", get_frame, None),
    getset!(c"ag_code", get_code, None),
    getset!(c"ag_suspended", get_suspended, None),
    getset!(c"ag_running", get_ag_running, None),
    GETSET_END,
];

const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

static mut GEN_METHODS: [PyMethodDef; 5] = [
    PyMethodDef { ml_name: c"send".as_ptr(), ml_meth: Some(gen_send_meth), ml_flags: METH_O, ml_doc: c"send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration.".as_ptr() },
    PyMethodDef {
        ml_name: c"throw".as_ptr(),
        // SAFETY: METH_FASTCALL functions are called through this pointer with their own signature.
        ml_meth: Some(unsafe { core::mem::transmute::<unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject, unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>(gen_throw_meth) }),
        ml_flags: METH_FASTCALL,
        ml_doc: c"throw(value)\nthrow(type[,value[,tb]])\n\nRaise exception in generator, return next yielded value or raise\nStopIteration.".as_ptr(),
    },
    PyMethodDef { ml_name: c"close".as_ptr(), ml_meth: Some(gen_close_meth), ml_flags: METH_NOARGS, ml_doc: c"close() -> raise GeneratorExit inside generator.".as_ptr() },
    PyMethodDef { ml_name: c"__sizeof__".as_ptr(), ml_meth: Some(gen_sizeof), ml_flags: METH_NOARGS, ml_doc: c"gen.__sizeof__() -> size of gen in memory, in bytes".as_ptr() },
    METHOD_END,
];

static mut CORO_METHODS: [PyMethodDef; 5] = [
    PyMethodDef { ml_name: c"send".as_ptr(), ml_meth: Some(gen_send_meth), ml_flags: METH_O, ml_doc: c"send(arg) -> send 'arg' into coroutine,\nreturn next iterated value or raise StopIteration.".as_ptr() },
    PyMethodDef {
        ml_name: c"throw".as_ptr(),
        // SAFETY: METH_FASTCALL functions are called through this pointer with their own signature.
        ml_meth: Some(unsafe { core::mem::transmute::<unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject, unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>(gen_throw_meth) }),
        ml_flags: METH_FASTCALL,
        ml_doc: c"throw(value)\nthrow(type[,value[,traceback]])\n\nRaise exception in coroutine, return next iterated value or raise\nStopIteration.".as_ptr(),
    },
    PyMethodDef { ml_name: c"close".as_ptr(), ml_meth: Some(gen_close_meth), ml_flags: METH_NOARGS, ml_doc: c"close() -> raise GeneratorExit inside coroutine.".as_ptr() },
    PyMethodDef { ml_name: c"__sizeof__".as_ptr(), ml_meth: Some(gen_sizeof), ml_flags: METH_NOARGS, ml_doc: c"gen.__sizeof__() -> size of gen in memory, in bytes".as_ptr() },
    METHOD_END,
];

// ---- coroutine wrapper (coro.__await__()) ----

unsafe extern "C" fn coro_await(op: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("coroutine.__await__", || {
        errors::ptr_result(new_one_ref(&raw mut _PyCoroWrapper_Type, op))
    })
}

unsafe fn new_one_ref(tp: *mut PyTypeObject, v: *mut PyObject) -> PyResult<Ref> {
    let op = crate::mem::gc::alloc(tp, size_of::<OneRef>())?;
    object::init_object(op, tp);
    object::incref(v);
    (*(op as *mut OneRef)).value = v;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn wrapper_iternext(op: *mut PyObject) -> *mut PyObject {
    gen_iternext((*(op as *mut OneRef)).value)
}

unsafe extern "C" fn wrapper_send(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    gen_send_meth((*(op as *mut OneRef)).value, arg)
}

unsafe extern "C" fn wrapper_throw(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    gen_throw_meth((*(op as *mut OneRef)).value, args, nargs)
}

unsafe extern "C" fn wrapper_close(op: *mut PyObject, u: *mut PyObject) -> *mut PyObject {
    gen_close_meth((*(op as *mut OneRef)).value, u)
}

unsafe extern "C" fn one_ref_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*(op as *mut OneRef)).value);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn wrapper_dealloc(op: *mut PyObject) {
    one_ref_dealloc(op)
}

unsafe extern "C" fn wrapper_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let v = (*(op as *mut OneRef)).value;
    match visit {
        Some(visit) if !v.is_null() => visit(v, arg),
        _ => 0,
    }
}

static mut WRAPPER_METHODS: [PyMethodDef; 4] = [
    PyMethodDef {
        ml_name: c"send".as_ptr(),
        ml_meth: Some(wrapper_send),
        ml_flags: METH_O,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"throw".as_ptr(),
        // SAFETY: METH_FASTCALL functions are called through this pointer with their own signature.
        ml_meth: Some(unsafe {
            core::mem::transmute::<
                unsafe extern "C" fn(
                    *mut PyObject,
                    *const *mut PyObject,
                    Py_ssize_t,
                ) -> *mut PyObject,
                unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
            >(wrapper_throw)
        }),
        ml_flags: METH_FASTCALL,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"close".as_ptr(),
        ml_meth: Some(wrapper_close),
        ml_flags: METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    METHOD_END,
];

// ---- async generators: the wrapped value ----

/// `_PyAsyncGenValueWrapperNew`: marks a value yielded by an async generator.
///
/// # Safety
/// `v` is live.
pub unsafe fn async_gen_wrap_value(v: *mut PyObject) -> PyResult<Ref> {
    new_one_ref(&raw mut _PyAsyncGenWrappedValue_Type, v)
}

unsafe extern "C" fn wrapped_value_dealloc(op: *mut PyObject) {
    one_ref_dealloc(op)
}

unsafe extern "C" fn wrapped_value_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    wrapper_traverse(op, visit, arg)
}

// ---- async generators: asend / athrow awaitables ----

const AWAITABLE_INIT: c_int = 0;
const AWAITABLE_ITER: c_int = 1;
const AWAITABLE_CLOSED: c_int = 2;

/// `PyAsyncGenASend` / `PyAsyncGenAThrow`: the generator, the value to send (asend) or the
/// `athrow` arguments (NULL for aclose), and the awaitable's state.
#[repr(C)]
struct AsyncAwaitable {
    ob_base: PyObject,
    gen: *mut PyObject,
    arg: *mut PyObject,
    state: c_int,
}
const _: () = assert!(size_of::<AsyncAwaitable>() == 40);

static mut ASEND_AS_ASYNC: PyAsyncMethods = PyAsyncMethods {
    am_await: Some(object_self),
    am_aiter: None,
    am_anext: None,
    am_send: None,
};

#[inline(always)]
unsafe fn aw(op: *mut PyObject) -> *mut AsyncAwaitable {
    op.cast()
}

/// `async_gen_init_hooks`: on first use, records the thread's finalizer hook and calls its
/// firstiter hook (sys.set_asyncgen_hooks).
unsafe fn async_gen_init_hooks(op: *mut PyObject) -> PyResult<()> {
    let g = gen(op);
    if (*g).gi_hooks_inited != 0 {
        return Ok(());
    }
    (*g).gi_hooks_inited = 1;
    let ts = pystate::current_or_fatal("async_gen_init_hooks");
    let finalizer = (*ts).async_gen_finalizer;
    if !finalizer.is_null() {
        object::incref(finalizer);
        object::replace_slot((&raw mut (*g).gi_origin_or_finalizer).cast(), finalizer);
    }
    let firstiter = (*ts).async_gen_firstiter;
    if !firstiter.is_null() {
        let hook = Ref::from_borrowed(firstiter);
        super::call::call_one_arg(hook.as_ptr(), op)?;
    }
    Ok(())
}

unsafe fn new_awaitable(
    tp: *mut PyTypeObject,
    g: *mut PyObject,
    arg: *mut PyObject,
) -> PyResult<Ref> {
    let op = crate::mem::gc::alloc(tp, size_of::<AsyncAwaitable>())?;
    object::init_object(op, tp);
    object::incref(g);
    object::xincref(arg);
    (*aw(op)).gen = g;
    (*aw(op)).arg = arg;
    (*aw(op)).state = AWAITABLE_INIT;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `async_gen_unwrap_value`: a wrapped value (an `async yield`) becomes StopIteration(value);
/// the end of the generator marks it closed.
unsafe fn unwrap_value(g: *mut PyObject, result: PyResult<Ref>) -> PyResult<Ref> {
    let gg = gen(g);
    match result {
        Err(e) => {
            if errors::occurred().is_null() {
                let _ = errors::set_none(PyExc_StopAsyncIteration);
            }
            if errors::exception_matches(PyExc_StopAsyncIteration)
                || errors::exception_matches(PyExc_GeneratorExit)
            {
                (*gg).gi_closed = 1;
            }
            (*gg).gi_running_async = 0;
            Err(e)
        }
        Ok(r) if py_type(r.as_ptr()) == &raw mut _PyAsyncGenWrappedValue_Type => {
            let v = (*(r.as_ptr() as *mut OneRef)).value;
            let e = set_stop_iteration_value(v);
            (*gg).gi_running_async = 0;
            Err(e)
        }
        Ok(r) => Ok(r),
    }
}

unsafe fn asend_send(op: *mut PyObject, arg: *mut PyObject) -> PyResult<Ref> {
    let a = aw(op);
    if (*a).state == AWAITABLE_CLOSED {
        return Err(errors::runtime_error(
            "cannot reuse already awaited __anext__()/asend()",
        ));
    }
    let g = (*a).gen;
    let mut arg = arg;
    if (*a).state == AWAITABLE_INIT {
        if (*gen(g)).gi_running_async != 0 {
            return Err(errors::runtime_error(
                "anext(): asynchronous generator is already running",
            ));
        }
        if arg.is_null() || arg == object::none() {
            arg = (*a).arg;
        }
        (*a).state = AWAITABLE_ITER;
    }
    (*gen(g)).gi_running_async = 1;
    let r = unwrap_value(
        g,
        send_ex(
            g,
            if arg.is_null() { object::none() } else { arg },
            false,
            false,
        ),
    );
    if r.is_err() {
        (*a).state = AWAITABLE_CLOSED;
    }
    r
}

unsafe extern "C" fn asend_send_meth(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("async_generator_asend.send", || {
        errors::ptr_result(asend_send(op, arg))
    })
}

unsafe extern "C" fn asend_iternext(op: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("async_generator_asend.__next__", || {
        errors::ptr_result(asend_send(op, null_mut()))
    })
}

/// Unpacks `throw(typ[, val[, tb]])` fast-call arguments with CPython's messages.
unsafe fn throw_args<'a>(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> PyResult<&'a [*mut PyObject]> {
    if nargs < 1 {
        return Err(errors::type_error(&format!(
            "throw expected at least 1 argument, got {nargs}"
        )));
    }
    if nargs > 3 {
        return Err(errors::type_error(&format!(
            "throw expected at most 3 arguments, got {nargs}"
        )));
    }
    Ok(core::slice::from_raw_parts(args, nargs as usize))
}

unsafe fn throw_slice(
    g: *mut PyObject,
    close_on_genexit: bool,
    a: &[*mut PyObject],
) -> PyResult<Ref> {
    throw(
        g,
        close_on_genexit,
        a[0],
        a.get(1).copied().unwrap_or(null_mut()),
        a.get(2).copied().unwrap_or(null_mut()),
    )
}

unsafe extern "C" fn asend_throw_meth(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    fatal_on_panic("async_generator_asend.throw", || {
        errors::ptr_result((|| {
            let a = aw(op);
            if (*a).state == AWAITABLE_CLOSED {
                return Err(errors::runtime_error(
                    "cannot reuse already awaited __anext__()/asend()",
                ));
            }
            let r = unwrap_value(
                (*a).gen,
                throw_slice((*a).gen, true, throw_args(args, nargs)?),
            );
            if r.is_err() {
                (*a).state = AWAITABLE_CLOSED;
            }
            r
        })())
    })
}

unsafe extern "C" fn awaitable_close_meth(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    (*aw(op)).state = AWAITABLE_CLOSED;
    object::new_none().into_raw()
}

const ASYNC_GEN_IGNORED_EXIT: &str = "async generator ignored GeneratorExit";

unsafe fn athrow_send(op: *mut PyObject, arg: *mut PyObject) -> PyResult<Ref> {
    let a = aw(op);
    let g = (*a).gen;
    let gg = gen(g);
    if (*a).state == AWAITABLE_CLOSED {
        return Err(errors::runtime_error(
            "cannot reuse already awaited aclose()/athrow()",
        ));
    }
    if (*gg).gi_frame_state >= FRAME_COMPLETED {
        (*a).state = AWAITABLE_CLOSED;
        return Err(errors::set_none(PyExc_StopIteration));
    }
    let aclose = (*a).arg.is_null();
    let result = if (*a).state == AWAITABLE_INIT {
        if (*gg).gi_running_async != 0 {
            (*a).state = AWAITABLE_CLOSED;
            return Err(errors::runtime_error(if aclose {
                "aclose(): asynchronous generator is already running"
            } else {
                "athrow(): asynchronous generator is already running"
            }));
        }
        if (*gg).gi_closed != 0 {
            (*a).state = AWAITABLE_CLOSED;
            return Err(errors::set_none(PyExc_StopAsyncIteration));
        }
        if !arg.is_null() && arg != object::none() {
            return Err(errors::runtime_error(
                "can't send non-None value to a just-started coroutine",
            ));
        }
        (*a).state = AWAITABLE_ITER;
        (*gg).gi_running_async = 1;
        if aclose {
            (*gg).gi_closed = 1;
            throw(g, false, PyExc_GeneratorExit, null_mut(), null_mut())
        } else {
            let t = (*a).arg;
            let n = (*(t as *mut PyVarObject)).ob_size;
            if !(1..=3).contains(&n) {
                return Err(errors::type_error(
                    &format!(
                        "athrow expected {} 3 arguments, got {n}",
                        if n < 1 {
                            "at least 1 argument,"
                        } else {
                            "at most"
                        }
                    )
                    .replace("at least 1 argument, 3 arguments", "at least 1 argument"),
                ));
            }
            let items = core::slice::from_raw_parts(super::tupleobject::items(t), n as usize);
            return unwrap_value(g, throw_slice(g, false, items))
                .inspect_err(|_| athrow_check_error(op, aclose));
        }
    } else {
        let r = send_ex(
            g,
            if arg.is_null() { object::none() } else { arg },
            false,
            false,
        );
        if !aclose {
            return unwrap_value(g, r);
        }
        r
    };
    // aclose() mode.
    match result {
        Ok(r) if py_type(r.as_ptr()) == &raw mut _PyAsyncGenWrappedValue_Type => {
            (*gg).gi_running_async = 0;
            (*a).state = AWAITABLE_CLOSED;
            Err(errors::runtime_error(ASYNC_GEN_IGNORED_EXIT))
        }
        Ok(r) => Ok(r),
        Err(e) => {
            athrow_check_error(op, aclose);
            Err(e)
        }
    }
}

/// The end of an athrow/aclose await: the generator's StopAsyncIteration or GeneratorExit
/// ends an aclose() with a plain StopIteration.
unsafe fn athrow_check_error(op: *mut PyObject, aclose: bool) {
    let a = aw(op);
    (*gen((*a).gen)).gi_running_async = 0;
    (*a).state = AWAITABLE_CLOSED;
    if aclose
        && (errors::exception_matches(PyExc_StopAsyncIteration)
            || errors::exception_matches(PyExc_GeneratorExit))
    {
        errors::clear();
        let _ = errors::set_none(PyExc_StopIteration);
    }
}

unsafe extern "C" fn athrow_send_meth(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("async_generator_athrow.send", || {
        errors::ptr_result(athrow_send(op, arg))
    })
}

unsafe extern "C" fn athrow_iternext(op: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("async_generator_athrow.__next__", || {
        errors::ptr_result(athrow_send(op, object::none()))
    })
}

unsafe extern "C" fn athrow_throw_meth(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    fatal_on_panic("async_generator_athrow.throw", || {
        errors::ptr_result((|| {
            let a = aw(op);
            if (*a).state == AWAITABLE_CLOSED {
                return Err(errors::runtime_error(
                    "cannot reuse already awaited aclose()/athrow()",
                ));
            }
            let g = (*a).gen;
            let r = throw_slice(g, true, throw_args(args, nargs)?);
            if !(*a).arg.is_null() {
                return unwrap_value(g, r);
            }
            match r {
                Ok(v) if py_type(v.as_ptr()) == &raw mut _PyAsyncGenWrappedValue_Type => {
                    (*gen(g)).gi_running_async = 0;
                    (*a).state = AWAITABLE_CLOSED;
                    Err(errors::runtime_error(ASYNC_GEN_IGNORED_EXIT))
                }
                Ok(v) => Ok(v),
                Err(e) => {
                    if errors::exception_matches(PyExc_StopAsyncIteration)
                        || errors::exception_matches(PyExc_GeneratorExit)
                    {
                        errors::clear();
                        return Err(errors::set_none(PyExc_StopIteration));
                    }
                    Err(e)
                }
            }
        })())
    })
}

unsafe extern "C" fn awaitable_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*aw(op)).gen);
    xdecref((*aw(op)).arg);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn awaitable_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let Some(visit) = visit else { return 0 };
    for p in [(*aw(op)).gen, (*aw(op)).arg] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn async_gen_anext(op: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("async_generator.__anext__", || {
        errors::ptr_result(
            async_gen_init_hooks(op)
                .and_then(|_| new_awaitable(&raw mut _PyAsyncGenASend_Type, op, null_mut())),
        )
    })
}

unsafe extern "C" fn async_gen_asend(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("async_generator.asend", || {
        errors::ptr_result(
            async_gen_init_hooks(op)
                .and_then(|_| new_awaitable(&raw mut _PyAsyncGenASend_Type, op, arg)),
        )
    })
}

unsafe extern "C" fn async_gen_athrow(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("async_generator.athrow", || {
        errors::ptr_result(
            async_gen_init_hooks(op)
                .and_then(|_| new_awaitable(&raw mut _PyAsyncGenAThrow_Type, op, args)),
        )
    })
}

unsafe extern "C" fn async_gen_aclose(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("async_generator.aclose", || {
        errors::ptr_result(
            async_gen_init_hooks(op)
                .and_then(|_| new_awaitable(&raw mut _PyAsyncGenAThrow_Type, op, null_mut())),
        )
    })
}

/// A METH_FASTCALL function as the `PyCFunction` type `PyMethodDef` stores.
const fn fastcall(
    f: unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject,
) -> PyCFunction {
    // SAFETY: METH_FASTCALL entries are called through this pointer with their own signature.
    Some(unsafe {
        core::mem::transmute::<
            unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject,
            unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
        >(f)
    })
}

static mut ASYNC_GEN_METHODS: [PyMethodDef; 5] = [
    PyMethodDef {
        ml_name: c"asend".as_ptr(),
        ml_meth: Some(async_gen_asend),
        ml_flags: METH_O,
        ml_doc: c"asend(v) -> send 'v' in generator.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"athrow".as_ptr(),
        ml_meth: Some(async_gen_athrow),
        ml_flags: crate::abi::methodobject::METH_VARARGS,
        ml_doc: c"athrow(typ[,val[,tb]]) -> raise exception in generator.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"aclose".as_ptr(),
        ml_meth: Some(async_gen_aclose),
        ml_flags: METH_NOARGS,
        ml_doc: c"aclose() -> raise GeneratorExit inside generator.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__sizeof__".as_ptr(),
        ml_meth: Some(gen_sizeof),
        ml_flags: METH_NOARGS,
        ml_doc: c"gen.__sizeof__() -> size of gen in memory, in bytes".as_ptr(),
    },
    METHOD_END,
];

static mut ASEND_METHODS: [PyMethodDef; 4] = [
    PyMethodDef {
        ml_name: c"send".as_ptr(),
        ml_meth: Some(asend_send_meth),
        ml_flags: METH_O,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"throw".as_ptr(),
        ml_meth: fastcall(asend_throw_meth),
        ml_flags: METH_FASTCALL,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"close".as_ptr(),
        ml_meth: Some(awaitable_close_meth),
        ml_flags: METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    METHOD_END,
];

static mut ATHROW_METHODS: [PyMethodDef; 4] = [
    PyMethodDef {
        ml_name: c"send".as_ptr(),
        ml_meth: Some(athrow_send_meth),
        ml_flags: METH_O,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"throw".as_ptr(),
        ml_meth: fastcall(athrow_throw_meth),
        ml_flags: METH_FASTCALL,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: c"close".as_ptr(),
        ml_meth: Some(awaitable_close_meth),
        ml_flags: METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    METHOD_END,
];

// ---- helpers for the eval loop ----

/// `_PyCoro_GetAwaitableIter`: the iterator `await o` drives.
///
/// # Safety
/// `o` is live.
pub unsafe fn get_awaitable_iter(o: *mut PyObject) -> PyResult<Ref> {
    let tp = py_type(o);
    if is_coro(o) || (is_gen(o) && (*(*gen(o)).gi_code).co_flags & CO_ITERABLE_COROUTINE != 0) {
        return Ok(Ref::from_borrowed(o));
    }
    let am = (*tp).tp_as_async;
    if !am.is_null() {
        if let Some(f) = (*am).am_await {
            let res = Ref::from_result(f(o))?;
            if is_coro(res.as_ptr())
                || (is_gen(res.as_ptr())
                    && (*(*gen(res.as_ptr())).gi_code).co_flags & CO_ITERABLE_COROUTINE != 0)
            {
                return Err(errors::type_error("__await__() returned a coroutine"));
            }
            if !super::r#abstract::iter::check(res.as_ptr()) {
                return Err(errors::type_error(&format!(
                    "__await__() returned non-iterator of type '{}'",
                    object::type_name(res.as_ptr())
                )));
            }
            return Ok(res);
        }
    }
    Err(errors::type_error(&format!(
        "object {} can't be used in 'await' expression",
        object::type_name(o)
    )))
}

/// GET_YIELD_FROM_ITER: a coroutine may only be delegated to from a coroutine-flavoured
/// generator; anything else goes through `iter()`.
///
/// # Safety
/// `o` is live; a frame is executing.
pub unsafe fn get_yield_from_iter(o: *mut PyObject) -> PyResult<Ref> {
    if is_coro(o) {
        let ts = pystate::current();
        let frame = (*(*ts).cframe).current_frame;
        let flags = if frame.is_null() {
            0
        } else {
            (*(*frame).f_code).co_flags
        };
        if flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE) == 0 {
            return Err(errors::type_error(
                "cannot 'yield from' a coroutine object in a non-coroutine generator",
            ));
        }
        return Ok(Ref::from_borrowed(o));
    }
    if is_gen(o) {
        return Ok(Ref::from_borrowed(o));
    }
    super::r#abstract::iter::get_iter(o)
}

// ---- per-thread settings the sys module exposes ----

/// `sys.set_coroutine_origin_tracking_depth(depth)`: stored in the thread state's
/// `coroutine_origin_tracking_depth`, read when coroutines are made.
///
/// # Safety
/// A thread state is current.
pub unsafe fn set_origin_tracking_depth(depth: c_int) -> PyResult<()> {
    if depth < 0 {
        return Err(errors::value_error("depth must be >= 0"));
    }
    (*pystate::current_or_fatal("set_coroutine_origin_tracking_depth"))
        .coroutine_origin_tracking_depth = depth;
    Ok(())
}

/// `sys.get_coroutine_origin_tracking_depth()`.
///
/// # Safety
/// A thread state is current.
pub unsafe fn origin_tracking_depth() -> c_int {
    (*pystate::current_or_fatal("get_coroutine_origin_tracking_depth"))
        .coroutine_origin_tracking_depth
}

/// `sys.set_asyncgen_hooks` storage (`_PyEval_SetAsyncGenFirstiter` / `...Finalizer`): NULL
/// clears a hook; the thread state keeps new references.
///
/// # Safety
/// A thread state is current; each argument NULL or live.
pub unsafe fn set_asyncgen_hooks(firstiter: *mut PyObject, finalizer: *mut PyObject) {
    let ts = pystate::current_or_fatal("set_asyncgen_hooks");
    object::xincref(firstiter);
    object::xincref(finalizer);
    let old_first = core::mem::replace(&mut (*ts).async_gen_firstiter, firstiter);
    let old_fin = core::mem::replace(&mut (*ts).async_gen_finalizer, finalizer);
    xdecref(old_first);
    xdecref(old_fin);
}

/// The current thread's `(firstiter, finalizer)` hooks, borrowed (NULL when unset).
///
/// # Safety
/// A thread state is current.
pub unsafe fn asyncgen_hooks() -> (*mut PyObject, *mut PyObject) {
    let ts = pystate::current_or_fatal("get_asyncgen_hooks");
    ((*ts).async_gen_firstiter, (*ts).async_gen_finalizer)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::abi::code::CO_GENERATOR;

    /// A generator-flavoured code object and a thread-style frame for it, built from Rust (no
    /// compiler or eval loop needed); the frame's memory is leaked with the test.
    unsafe fn frame_for(name: &str, flags: c_int) -> *mut _PyInterpreterFrame {
        let code = object::new_var_object(&raw mut super::super::codeobject::PyCode_Type, 2)
            .unwrap() as *mut PyCodeObject;
        let c = &mut *code;
        c.co_filename = super::super::unicodeobject::new_str("gen.py")
            .unwrap()
            .into_raw();
        c.co_name = super::super::unicodeobject::new_str(name)
            .unwrap()
            .into_raw();
        c.co_qualname = super::super::unicodeobject::new_str(&format!("outer.<locals>.{name}"))
            .unwrap()
            .into_raw();
        c.co_linetable = super::super::bytesobject::from_slice(&[0xE8 | 1, 4])
            .unwrap()
            .into_raw();
        c.co_localsplusnames = super::super::tupleobject::pack(&[]).unwrap().into_raw();
        c.co_localspluskinds = super::super::bytesobject::from_slice(b"")
            .unwrap()
            .into_raw();
        c.co_firstlineno = 7;
        // The object's memory is reused heap memory: every field the frame helpers read is set.
        c._co_firsttraceable = 0;
        c.co_nlocalsplus = 0;
        c.co_flags = flags;
        c.co_stacksize = 2;
        object::incref(code.cast()); // kept alive past the generator: no code dealloc in this runtime yet
        let mem: &'static mut [usize] = Box::leak(vec![0usize; 16].into_boxed_slice());
        let f = mem.as_mut_ptr() as *mut _PyInterpreterFrame;
        (*f).f_code = code;
        (*f).prev_instr = code_start(code).sub(1);
        (*f).owner = FRAME_OWNED_BY_THREAD;
        f
    }

    unsafe fn attr(o: *mut PyObject, name: &str) -> Ref {
        object::get_attr_str(o, name).unwrap()
    }

    unsafe fn text(o: *mut PyObject) -> String {
        super::super::unicodeobject::to_string_lossy(object::str(o).unwrap().as_ptr())
    }

    /// The pending exception's `Type: message`, cleared.
    unsafe fn pending() -> String {
        let (_, v, _) = errors::fetch_normalized().expect("an exception");
        errors::clear();
        format!("{}: {}", object::type_name(v.as_ptr()), text(v.as_ptr()))
    }

    pub(crate) unsafe fn run() {
        let g = make_gen(null_mut(), frame_for("g", CO_GENERATOR)).unwrap();
        let gp = g.as_ptr();
        assert!(is_gen(gp));
        assert_eq!(text(attr(gp, "__name__").as_ptr()), "g");
        assert_eq!(text(attr(gp, "__qualname__").as_ptr()), "outer.<locals>.g");
        assert_eq!(text(attr(gp, "gi_running").as_ptr()), "False");
        assert_eq!(text(attr(gp, "gi_suspended").as_ptr()), "False");
        assert_eq!(text(attr(gp, "gi_yieldfrom").as_ptr()), "None");
        assert!(text(object::repr(gp).unwrap().as_ptr())
            .starts_with("<generator object outer.<locals>.g at 0x"));
        let q = super::super::unicodeobject::new_str("renamed").unwrap();
        object::set_attr_str(gp, "__qualname__", q.as_ptr()).unwrap();
        assert_eq!(text(attr(gp, "__qualname__").as_ptr()), "renamed");
        let one = super::super::longobject::from_i64(1).unwrap();
        assert!(object::set_attr_str(gp, "__name__", one.as_ptr()).is_err());
        assert_eq!(
            pending(),
            "TypeError: __name__ must be set to a string object"
        );
        // A frame object on demand, at the code's first line before the start.
        let fr = attr(gp, "gi_frame");
        assert_eq!(text(attr(fr.as_ptr(), "f_lineno").as_ptr()), "7");
        assert_eq!(text(attr(fr.as_ptr(), "f_lasti").as_ptr()), "-1");
        drop(fr);
        // send() of a value into a just-started generator.
        assert!(send_ex(gp, one.as_ptr(), false, false).is_err());
        assert_eq!(
            pending(),
            "TypeError: can't send non-None value to a just-started generator"
        );
        // Re-entry while running.
        (*gen(gp)).gi_frame_state = FRAME_EXECUTING;
        assert!(gen_iternext(gp).is_null());
        assert_eq!(pending(), "ValueError: generator already executing");
        assert_eq!(text(attr(gp, "gi_running").as_ptr()), "True");
        // Exhausted: next() raises StopIteration, send() too, close() is None.
        (*gen(gp)).gi_frame_state = FRAME_COMPLETED;
        assert!(gen_iternext(gp).is_null());
        assert!(
            errors::occurred().is_null(),
            "tp_iternext ends without an exception"
        );
        assert!(send_ex(gp, object::none(), false, false).is_err());
        assert!(errors::exception_matches(PyExc_StopIteration));
        errors::clear();
        assert_eq!(close(gp).unwrap().as_ptr(), object::none());
        drop(g);

        let c = make_gen(null_mut(), frame_for("c", CO_COROUTINE)).unwrap();
        let cp = c.as_ptr();
        assert!(is_coro(cp));
        assert!(send_ex(cp, one.as_ptr(), false, false).is_err());
        assert_eq!(
            pending(),
            "TypeError: can't send non-None value to a just-started coroutine"
        );
        assert_eq!(get_awaitable_iter(cp).unwrap().as_ptr(), cp);
        let w = Ref::from_result(coro_await(cp)).unwrap();
        assert_eq!(object::type_name(w.as_ptr()), "coroutine_wrapper");
        assert_eq!(text(attr(cp, "cr_origin").as_ptr()), "None");
        (*gen(cp)).gi_frame_state = FRAME_COMPLETED;
        assert!(send_ex(cp, object::none(), false, false).is_err());
        assert_eq!(
            pending(),
            "RuntimeError: cannot reuse already awaited coroutine"
        );
        assert!(wrapper_iternext(w.as_ptr()).is_null());
        assert_eq!(
            pending(),
            "RuntimeError: cannot reuse already awaited coroutine"
        );
        drop(w);
        drop(c);
        assert!(get_awaitable_iter(one.as_ptr()).is_err());
        assert_eq!(
            pending(),
            "TypeError: object int can't be used in 'await' expression"
        );

        // Coroutine origin tracking (sys.set_coroutine_origin_tracking_depth's field).
        let ts = pystate::current();
        (*ts).coroutine_origin_tracking_depth = 2;
        let outer = frame_for("caller", 0);
        (*outer).prev_instr = code_start((*outer).f_code);
        let inner = frame_for("c2", CO_COROUTINE);
        (*inner).previous = outer;
        let c2 = make_gen(null_mut(), inner).unwrap();
        (*ts).coroutine_origin_tracking_depth = 0;
        assert_eq!(
            text(attr(c2.as_ptr(), "cr_origin").as_ptr()),
            "(('gen.py', 9, 'caller'),)"
        );
        (*gen(c2.as_ptr())).gi_frame_state = FRAME_COMPLETED;
        drop(c2);

        // Async generators: an exhausted one ends __anext__() with StopAsyncIteration; the
        // awaitable cannot be reused; the wrapped-value type marks `async yield`s.
        let a = make_gen(null_mut(), frame_for("ag", CO_ASYNC_GENERATOR)).unwrap();
        let ap = a.as_ptr();
        (*gen(ap)).gi_frame_state = FRAME_COMPLETED;
        let asend = Ref::from_result(async_gen_anext(ap)).unwrap();
        assert_eq!(object::type_name(asend.as_ptr()), "async_generator_asend");
        assert!(asend_iternext(asend.as_ptr()).is_null());
        assert!(errors::exception_matches(PyExc_StopAsyncIteration));
        errors::clear();
        assert!(asend_iternext(asend.as_ptr()).is_null());
        assert_eq!(
            pending(),
            "RuntimeError: cannot reuse already awaited __anext__()/asend()"
        );
        let aclose = Ref::from_result(async_gen_aclose(ap, null_mut())).unwrap();
        // sys.set_asyncgen_hooks: firstiter is called with the generator on its first use, the
        // finalizer is recorded in the generator.
        let a2 = make_gen(null_mut(), frame_for("ag2", CO_ASYNC_GENERATOR)).unwrap();
        set_asyncgen_hooks(PyExc_TypeError, PyExc_ValueError);
        assert_eq!(asyncgen_hooks(), (PyExc_TypeError, PyExc_ValueError));
        let first = Ref::from_result(async_gen_anext(a2.as_ptr())).unwrap();
        assert_eq!((*gen(a2.as_ptr())).gi_origin_or_finalizer, PyExc_ValueError);
        set_asyncgen_hooks(PyExc_KeyError, null_mut());
        assert!(
            async_gen_anext(a2.as_ptr()).is_null() == false,
            "hooks run once per generator"
        );
        errors::clear();
        let a3 = make_gen(null_mut(), frame_for("ag3", CO_ASYNC_GENERATOR)).unwrap();
        // A firstiter hook that fails makes __anext__() fail.
        let zero = super::super::longobject::from_i64(0).unwrap();
        set_asyncgen_hooks(zero.as_ptr(), null_mut());
        assert!(async_gen_anext(a3.as_ptr()).is_null());
        assert_eq!(pending(), "TypeError: 'int' object is not callable");
        set_asyncgen_hooks(null_mut(), null_mut());
        assert!(set_origin_tracking_depth(-1).is_err());
        assert_eq!(pending(), "ValueError: depth must be >= 0");
        (*gen(a2.as_ptr())).gi_frame_state = FRAME_COMPLETED;
        (*gen(a3.as_ptr())).gi_frame_state = FRAME_COMPLETED;
        drop(first);
        drop(a2);
        drop(a3);
        assert!(athrow_iternext(aclose.as_ptr()).is_null());
        assert!(
            errors::exception_matches(PyExc_StopIteration),
            "aclose() of a finished generator is done at once"
        );
        errors::clear();
        let wv = async_gen_wrap_value(one.as_ptr()).unwrap();
        assert_eq!(
            object::type_name(wv.as_ptr()),
            "async_generator_wrapped_value"
        );
        assert!(unwrap_value(ap, Ok(wv)).is_err());
        assert_eq!(fetch_stop_iteration_value().unwrap().as_ptr(), one.as_ptr());
        drop(asend);
        drop(aclose);
        drop(a);
    }
}
