//! Calling objects (CPython's Objects/call.c): `PyObject_Call*`, vectorcall (PEP 590) with the
//! tuple/dict fallback through `tp_call`, method calls with the unbound-method shortcut, and the
//! result checks that turn a misbehaving C function into CPython's SystemError.
#![allow(unpredictable_function_pointer_comparisons)] // CPython identifies slots by address

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::dictobject;
use crate::objects::object::{self, has_feature, new_ref, py_type, type_name_trunc, Ref};
use crate::objects::tupleobject;
use core::ptr::null_mut;

/// `PY_VECTORCALL_ARGUMENTS_OFFSET`: set in `nargsf` when `args[-1]` may be overwritten.
pub const PY_VECTORCALL_ARGUMENTS_OFFSET: usize = 1 << (usize::BITS - 1);

/// `PyVectorcall_NARGS`.
#[inline(always)]
pub fn nargs_of(nargsf: usize) -> Py_ssize_t {
    (nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET) as Py_ssize_t
}

/// `PyVectorcall_Function`: the object's vectorcall entry, if its type supports one.
///
/// # Safety
/// `callable` points to a live object.
#[inline]
pub unsafe fn vectorcall_function(callable: *mut PyObject) -> vectorcallfunc {
    let tp = py_type(callable);
    if !has_feature(tp, Py_TPFLAGS_HAVE_VECTORCALL) {
        return None;
    }
    let offset = (*tp).tp_vectorcall_offset;
    if offset <= 0 {
        return None;
    }
    core::ptr::read_unaligned((callable as *const u8).offset(offset) as *const vectorcallfunc)
}

/// `PyCallable_Check`.
///
/// # Safety
/// `op` is NULL or points to a live object.
pub unsafe fn is_callable(op: *mut PyObject) -> bool {
    !op.is_null() && (*py_type(op)).tp_call.is_some()
}

/// `_Py_CheckFunctionResult`: NULL must come with an exception, a result must not.
///
/// # Safety
/// `callable` is live; `result` is NULL or an owned reference.
pub unsafe fn check_function_result(
    callable: *mut PyObject,
    result: *mut PyObject,
) -> PyResult<Ref> {
    if result.is_null() {
        if errors::occurred().is_null() {
            return Err(errors::system_error(&format!(
                "{} returned NULL without setting an exception",
                object::repr_for_message(callable)
            )));
        }
        return Err(errors::ErrSet::assume_set());
    }
    let result = Ref::from_raw(result);
    if !errors::occurred().is_null() {
        drop(result);
        // The pending exception becomes the new error's cause in CPython; it is replaced here.
        errors::clear();
        return Err(errors::system_error(&format!(
            "{} returned a result with an exception set",
            object::repr_for_message(callable)
        )));
    }
    Ok(result)
}

/// `"'T' object is not callable"`.
unsafe fn not_callable(callable: *mut PyObject) -> errors::ErrSet {
    errors::type_error(&format!(
        "'{}' object is not callable",
        type_name_trunc(py_type(callable), 200)
    ))
}

/// `_PyStack_AsDict`: the keyword arguments of a vectorcall as a new dict.
///
/// # Safety
/// `values` holds one value per name of the tuple `kwnames`.
pub unsafe fn stack_as_dict(values: *const *mut PyObject, kwnames: *mut PyObject) -> PyResult<Ref> {
    let n = (*(kwnames as *mut PyVarObject)).ob_size;
    let names = tupleobject::items(kwnames);
    let dict = dictobject::new()?;
    for i in 0..n as usize {
        dictobject::set_item(dict.as_ptr(), *names.add(i), *values.add(i))?;
    }
    Ok(dict)
}

/// `_PyObject_MakeTpCall`: a call through `tp_call` with positional arguments from an array
/// and keywords either as a dict or as vectorcall names (values after the positionals).
///
/// # Safety
/// `args` holds `nargs` objects (plus one per keyword name); `keywords` is NULL, a dict or a
/// tuple of names.
pub unsafe fn make_tp_call(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    keywords: *mut PyObject,
) -> PyResult<Ref> {
    let Some(call) = (*py_type(callable)).tp_call else {
        return Err(not_callable(callable));
    };
    let slice: &[*mut PyObject] = if nargs == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(args, nargs as usize)
    };
    let argstuple = tupleobject::pack(slice)?;
    let kwdict: Option<Ref> = if keywords.is_null() {
        None
    } else if object::is_type(keywords, &raw mut dictobject::PyDict_Type)
        || has_feature(py_type(keywords), Py_TPFLAGS_DICT_SUBCLASS)
    {
        Some(new_ref(keywords))
    } else if (*(keywords as *mut PyVarObject)).ob_size > 0 {
        Some(stack_as_dict(args.add(nargs as usize), keywords)?)
    } else {
        None
    };
    object::enter_recursive_call(" while calling a Python object")?;
    let result = call(
        callable,
        argstuple.as_ptr(),
        kwdict.as_ref().map_or(null_mut(), |d| d.as_ptr()),
    );
    object::leave_recursive_call();
    check_function_result(callable, result)
}

/// `PyObject_Vectorcall(callable, args, nargsf, kwnames)`.
///
/// # Safety
/// `args` holds `nargs_of(nargsf)` objects plus one per name in `kwnames` (NULL or a tuple of
/// str); when `nargsf` carries `PY_VECTORCALL_ARGUMENTS_OFFSET`, `args[-1]` is writable.
pub unsafe fn vectorcall_raw(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> PyResult<Ref> {
    match vectorcall_function(callable) {
        Some(func) => check_function_result(callable, func(callable, args, nargsf, kwnames)),
        None => make_tp_call(callable, args, nargs_of(nargsf), kwnames),
    }
}

/// Vectorcall from a Rust slice: `args` are the positionals followed by one value per name
/// in `kwnames` (NULL when there are no keywords).
///
/// # Safety
/// Every element of `args` is live; `kwnames` is NULL or a tuple of str.
pub unsafe fn vectorcall(
    callable: *mut PyObject,
    args: &[*mut PyObject],
    kwnames: *mut PyObject,
) -> PyResult<Ref> {
    let nkw = if kwnames.is_null() {
        0
    } else {
        (*(kwnames as *mut PyVarObject)).ob_size as usize
    };
    let nargs = args.len() - nkw;
    vectorcall_raw(callable, args.as_ptr(), nargs, kwnames)
}

/// `_PyStack_UnpackDict`: positional array + dict -> one array (positionals, then values) and
/// the tuple of names, for a vectorcall. Keys must be str ("keywords must be strings").
unsafe fn unpack_dict(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwargs: *mut PyObject,
) -> PyResult<(Vec<*mut PyObject>, Ref)> {
    let nkw = dictobject::len(kwargs);
    let mut stack: Vec<*mut PyObject> = Vec::with_capacity(nargs as usize + nkw as usize + 1);
    // Slot 0 is scratch space so the callee may use PY_VECTORCALL_ARGUMENTS_OFFSET.
    stack.push(null_mut());
    for i in 0..nargs as usize {
        stack.push(*args.add(i));
    }
    let kwnames = tupleobject::new_uninit(nkw)?;
    let kwnames = Ref::from_raw(kwnames);
    let names = tupleobject::items(kwnames.as_ptr());
    let mut pos: Py_ssize_t = 0;
    let mut i = 0usize;
    let mut all_str = true;
    while let Some((key, value)) = dictobject::next(kwargs, &mut pos) {
        if i >= nkw as usize {
            break;
        }
        all_str &= object::is_str(key);
        object::incref(key);
        *names.add(i) = key;
        stack.push(value);
        i += 1;
    }
    if !all_str {
        return Err(errors::type_error("keywords must be strings"));
    }
    Ok((stack, kwnames))
}

/// `_PyObject_FastCallDict` / `PyObject_VectorcallDict`: positional array plus a dict.
///
/// # Safety
/// `args` holds `nargs` live objects; `kwargs` is NULL or a dict.
pub unsafe fn vectorcall_dict(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwargs: *mut PyObject,
) -> PyResult<Ref> {
    let Some(func) = vectorcall_function(callable) else {
        return make_tp_call(callable, args, nargs, kwargs);
    };
    if kwargs.is_null() || dictobject::len(kwargs) == 0 {
        return check_function_result(callable, func(callable, args, nargs as usize, null_mut()));
    }
    let (stack, kwnames) = unpack_dict(args, nargs, kwargs)?;
    // Keep the values alive across the call (the dict could be mutated by the callee).
    let held: Vec<Ref> = stack[1..].iter().map(|&p| new_ref(p)).collect();
    let result = func(
        callable,
        stack.as_ptr().add(1),
        nargs as usize | PY_VECTORCALL_ARGUMENTS_OFFSET,
        kwnames.as_ptr(),
    );
    drop(held);
    check_function_result(callable, result)
}

/// `_PyVectorcall_Call`: a vectorcall entry called with a tuple and a dict.
///
/// # Safety
/// `tuple` is a tuple, `kwargs` NULL or a dict.
pub unsafe fn vectorcall_with_tuple(
    func: unsafe extern "C" fn(
        *mut PyObject,
        *const *mut PyObject,
        usize,
        *mut PyObject,
    ) -> *mut PyObject,
    callable: *mut PyObject,
    tuple: *mut PyObject,
    kwargs: *mut PyObject,
) -> PyResult<Ref> {
    let nargs = (*(tuple as *mut PyVarObject)).ob_size;
    let items = tupleobject::items(tuple);
    if kwargs.is_null() || dictobject::len(kwargs) == 0 {
        return check_function_result(callable, func(callable, items, nargs as usize, null_mut()));
    }
    let (stack, kwnames) = unpack_dict(items, nargs, kwargs)?;
    let held: Vec<Ref> = stack[1..].iter().map(|&p| new_ref(p)).collect();
    let result = func(
        callable,
        stack.as_ptr().add(1),
        nargs as usize | PY_VECTORCALL_ARGUMENTS_OFFSET,
        kwnames.as_ptr(),
    );
    drop(held);
    check_function_result(callable, result)
}

/// `PyVectorcall_Call`: for `tp_call` of types that implement vectorcall.
///
/// # Safety
/// As [`vectorcall_with_tuple`].
pub unsafe fn vectorcall_call(
    callable: *mut PyObject,
    tuple: *mut PyObject,
    kwargs: *mut PyObject,
) -> PyResult<Ref> {
    let offset = (*py_type(callable)).tp_vectorcall_offset;
    let func: vectorcallfunc = if offset <= 0 {
        None
    } else {
        core::ptr::read_unaligned((callable as *const u8).offset(offset) as *const vectorcallfunc)
    };
    match func {
        Some(f) => vectorcall_with_tuple(f, callable, tuple, kwargs),
        None => Err(errors::type_error(&format!(
            "'{}' object does not support vectorcall",
            type_name_trunc(py_type(callable), 200)
        ))),
    }
}

/// `PyObject_Call(callable, args, kwargs)`.
///
/// # Safety
/// `args` is a tuple; `kwargs` is NULL or a dict; a thread state is current.
pub unsafe fn call(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> PyResult<Ref> {
    if let Some(f) = vectorcall_function(callable) {
        return vectorcall_with_tuple(f, callable, args, kwargs);
    }
    let Some(call) = (*py_type(callable)).tp_call else {
        return Err(not_callable(callable));
    };
    object::enter_recursive_call(" while calling a Python object")?;
    let result = call(callable, args, kwargs);
    object::leave_recursive_call();
    check_function_result(callable, result)
}

/// `PyObject_CallNoArgs`.
///
/// # Safety
/// `callable` is live; a thread state is current.
pub unsafe fn call_no_args(callable: *mut PyObject) -> PyResult<Ref> {
    vectorcall_raw(callable, core::ptr::null(), 0, null_mut())
}

/// `PyObject_CallOneArg`.
///
/// # Safety
/// `callable`, `arg` are live; a thread state is current.
pub unsafe fn call_one_arg(callable: *mut PyObject, arg: *mut PyObject) -> PyResult<Ref> {
    let mut stack = [null_mut(), arg];
    vectorcall_raw(
        callable,
        stack.as_mut_ptr().add(1),
        1 | PY_VECTORCALL_ARGUMENTS_OFFSET,
        null_mut(),
    )
}

/// `PyObject_CallObject(callable, args)`: `args` NULL or a tuple.
///
/// # Safety
/// `callable` is live, `args` NULL or live.
pub unsafe fn call_object(callable: *mut PyObject, args: *mut PyObject) -> PyResult<Ref> {
    if args.is_null() {
        return call_no_args(callable);
    }
    if !has_feature(py_type(args), Py_TPFLAGS_TUPLE_SUBCLASS) {
        return Err(errors::type_error("argument list must be a tuple"));
    }
    call(callable, args, null_mut())
}

/// `_PyObject_GetMethod`: finds `name` on `obj` for a call. When the type's attribute is a
/// method descriptor not shadowed by the instance dict, returns it unbound (`true`), so the
/// caller passes `obj` as the first argument instead of creating a bound method.
///
/// # Safety
/// `obj`, `name` are live; a thread state is current.
pub unsafe fn get_method(obj: *mut PyObject, name: *mut PyObject) -> PyResult<(Ref, bool)> {
    let tp = py_type(obj);
    if (*tp).tp_getattro != Some(object::PyObject_GenericGetAttr) || !object::is_str(name) {
        return Ok((object::get_attr(obj, name)?, false));
    }
    if (*tp).tp_dict.is_null() {
        crate::objects::typeobject::ready(tp)?;
    }
    let descr = crate::objects::typeobject::type_lookup(tp, name).map(|d| new_ref(d));
    let mut getter = None;
    if let Some(d) = &descr {
        if has_feature(d.ob_type(), Py_TPFLAGS_METHOD_DESCRIPTOR) {
            // A method descriptor: only the instance dict can shadow it.
        } else {
            getter = (*d.ob_type()).tp_descr_get;
            if let Some(f) = getter {
                if object::is_data_descr(d.as_ptr()) {
                    return Ok((Ref::from_result(f(d.as_ptr(), obj, tp.cast()))?, false));
                }
            }
        }
    }
    let dictp = object::dict_ptr(obj);
    if !dictp.is_null() && !(*dictp).is_null() {
        let dict = new_ref(*dictp);
        if let Some(v) = dictobject::get_item(dict.as_ptr(), name)? {
            return Ok((new_ref(v), false));
        }
    }
    if let Some(d) = descr {
        if has_feature(d.ob_type(), Py_TPFLAGS_METHOD_DESCRIPTOR) {
            return Ok((d, true));
        }
        if let Some(f) = getter {
            return Ok((Ref::from_result(f(d.as_ptr(), obj, tp.cast()))?, false));
        }
        return Ok((d, false));
    }
    let e = object::no_attribute(tp, name, 50);
    object::set_attribute_error_context(obj, name);
    Err(e)
}

/// `PyObject_VectorcallMethod(name, args, nargsf, kwnames)`: `args[0]` is the object.
///
/// # Safety
/// As [`vectorcall_raw`], with `nargs_of(nargsf) >= 1`.
pub unsafe fn vectorcall_method_raw(
    name: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> PyResult<Ref> {
    let (callable, unbound) = get_method(*args, name)?;
    if unbound {
        // args[-1] belongs to the caller: the callee may not borrow it.
        vectorcall_raw(
            callable.as_ptr(),
            args,
            nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET,
            kwnames,
        )
    } else {
        // Skip `self`; args[-1] of the onward call is args[0] here, so the flag may stay.
        vectorcall_raw(callable.as_ptr(), args.add(1), nargsf - 1, kwnames)
    }
}

/// `obj.name(*args)` (`PyObject_CallMethodObjArgs` with a Rust slice).
///
/// # Safety
/// `obj`, `name` and the arguments are live; a thread state is current.
pub unsafe fn call_method(
    obj: *mut PyObject,
    name: *mut PyObject,
    args: &[*mut PyObject],
) -> PyResult<Ref> {
    let mut stack: Vec<*mut PyObject> = Vec::with_capacity(args.len() + 1);
    stack.push(obj);
    stack.extend_from_slice(args);
    vectorcall_method_raw(name, stack.as_ptr(), stack.len(), null_mut())
}

/// `obj.name(*args)` with a Rust method name.
///
/// # Safety
/// As [`call_method`].
pub unsafe fn call_method_str(
    obj: *mut PyObject,
    name: &str,
    args: &[*mut PyObject],
) -> PyResult<Ref> {
    let name = crate::objects::unicodeobject::new_str(name)?;
    call_method(obj, name.as_ptr(), args)
}
