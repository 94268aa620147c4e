//! The `atexit` module (CPython's Modules/atexitmodule.c): callbacks kept in the interpreter's
//! `atexit` state (abi/pycore_interp.rs: an array of `atexit_callback*` with NULL holes left
//! by `unregister`), [`run_callbacks`] for Py_FinalizeEx (last registered first, each failure
//! reported as "Exception ignored in atexit callback") and [`fini`] to release the array.

use crate::abi::methodobject::*;
use crate::abi::pycore_interp::{atexit_callback, atexit_state};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::*;
use crate::objects::object::{self, Ref};
use crate::objects::tupleobject;
use core::ffi::c_int;
use core::ptr::null_mut;

fn state() -> *mut atexit_state {
    let interp = crate::lifecycle::pystate::current_interpreter();
    // SAFETY: only the address of a field is computed.
    unsafe { &raw mut (*interp).atexit }
}

/// Frees slot `i` (its references and the callback record).
unsafe fn delete_callback(st: *mut atexit_state, i: usize) {
    let cb = *(*st).callbacks.add(i);
    if cb.is_null() {
        return;
    }
    *(*st).callbacks.add(i) = null_mut();
    let cb = Box::from_raw(cb);
    object::xdecref(cb.func);
    object::xdecref(cb.args);
    object::xdecref(cb.kwargs);
}

/// Removes every callback (`atexit_cleanup`); the array stays for reuse.
unsafe fn clear_callbacks(st: *mut atexit_state) {
    for i in 0..(*st).ncallbacks.max(0) as usize {
        delete_callback(st, i);
    }
    (*st).ncallbacks = 0;
}

unsafe fn push_callback(st: *mut atexit_state, cb: atexit_callback) -> PyResult<()> {
    if (*st).callbacks.is_null() || (*st).ncallbacks >= (*st).callback_len {
        let new_len = if (*st).callback_len <= 0 {
            32
        } else {
            (*st).callback_len as usize + 16
        };
        let p = libc::realloc(
            (*st).callbacks.cast(),
            new_len * core::mem::size_of::<*mut atexit_callback>(),
        ) as *mut *mut atexit_callback;
        if p.is_null() {
            return Err(errors::no_memory());
        }
        (*st).callbacks = p;
        (*st).callback_len = new_len as c_int;
    }
    *(*st).callbacks.add((*st).ncallbacks as usize) = Box::into_raw(Box::new(cb));
    (*st).ncallbacks += 1;
    Ok(())
}

/// `atexit_callfuncs`: calls every callback, last registered first, reporting failures as
/// unraisable, then forgets them all.
unsafe fn call_funcs(st: *mut atexit_state) {
    let n = (*st).ncallbacks.max(0) as usize;
    for i in (0..n).rev() {
        // The array may be reallocated by a callback that registers another: index each time.
        let cb = *(*st).callbacks.add(i);
        if cb.is_null() {
            continue;
        }
        let func = Ref::from_borrowed((*cb).func);
        let args = Ref::from_borrowed((*cb).args);
        let kwargs = if (*cb).kwargs.is_null() {
            None
        } else {
            Some(Ref::from_borrowed((*cb).kwargs))
        };
        let r = crate::objects::call::call(
            func.as_ptr(),
            args.as_ptr(),
            kwargs.as_ref().map_or(null_mut(), |k| k.as_ptr()),
        );
        if r.is_err() {
            errors::write_unraisable_msg(Some("in atexit callback"), func.as_ptr());
        }
    }
    clear_callbacks(st);
}

/// Calls the registered callbacks, last registered first (Py_FinalizeEx's `_PyAtExit_Call`).
pub fn run_callbacks() {
    // SAFETY: finalization runs with the GIL held and the interpreter alive.
    unsafe { call_funcs(state()) }
}

/// Releases the callback array (`_PyAtExit_Fini`), dropping any callback left.
pub fn fini() {
    let st = state();
    // SAFETY: GIL held; the array was allocated with realloc above.
    unsafe {
        clear_callbacks(st);
        libc::free((*st).callbacks.cast());
        (*st).callbacks = null_mut();
        (*st).callback_len = 0;
    }
}

unsafe extern "C" fn register(
    _m: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let n = tupleobject::len(args);
        if n == 0 {
            return Err(errors::type_error(
                "register() takes at least 1 argument (0 given)",
            ));
        }
        let func = *tupleobject::items(args);
        if !crate::objects::call::is_callable(func) {
            return Err(errors::type_error("the first argument must be callable"));
        }
        let rest = tupleobject::slice(args, 1, n)?;
        let kw = if kwargs.is_null() {
            null_mut()
        } else {
            crate::objects::dictobject::copy(kwargs)?.into_raw()
        };
        object::incref(func);
        push_callback(
            state(),
            atexit_callback {
                func,
                args: rest.into_raw(),
                kwargs: kw,
            },
        )?;
        Ok(object::new_ref(func))
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn unregister(_m: *mut PyObject, func: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let st = state();
        for i in 0..(*st).ncallbacks.max(0) as usize {
            let cb = *(*st).callbacks.add(i);
            if cb.is_null() {
                continue;
            }
            let f = Ref::from_borrowed((*cb).func);
            if object::rich_compare_bool(func, f.as_ptr(), crate::objects::object::Py_EQ)? {
                delete_callback(st, i);
            }
        }
        Ok(none())
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn run_exitfuncs(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    call_funcs(state());
    object::new_none().into_raw()
}

unsafe extern "C" fn clear(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    clear_callbacks(state());
    object::new_none().into_raw()
}

unsafe extern "C" fn ncallbacks(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(int((*state()).ncallbacks as i64))
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type VarKwFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;

fn def(
    name: &'static core::ffi::CStr,
    f: *const (),
    flags: c_int,
    doc: &'static core::ffi::CStr,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe { core::mem::transmute::<*const (), BinFn>(f) }),
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }
}

fn methods() -> Vec<PyMethodDef> {
    vec![
        def(c"register", register as VarKwFn as *const (), METH_VARARGS | METH_KEYWORDS, c"register(func, *args, **kwargs) -> func\n\nRegister a function to be executed upon normal program termination\n\n    func - function to be called at exit\n    args - optional arguments to pass to func\n    kwargs - optional keyword arguments to pass to func\n\n    func is returned to facilitate usage as a decorator."),
        def(c"_clear", clear as BinFn as *const (), METH_NOARGS, c"_clear() -> None\n\nClear the list of previously registered exit functions."),
        def(c"unregister", unregister as BinFn as *const (), METH_O, c"unregister(func) -> None\n\nUnregister an exit function which was previously registered using\natexit.register\n\n    func - function to be unregistered"),
        def(c"_run_exitfuncs", run_exitfuncs as BinFn as *const (), METH_NOARGS, c"_run_exitfuncs() -> None\n\nRun all registered exit functions.\n\nIf a callback raises an exception, it is logged with sys.unraisablehook."),
        def(c"_ncallbacks", ncallbacks as BinFn as *const (), METH_NOARGS, c"_ncallbacks() -> int\n\nReturn the number of registered exit functions."),
    ]
}

/// `PyInit_atexit`.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result(create_module(
        c"atexit",
        c"allow programmer to define multiple exit functions to be executed\nupon normal program termination.\n\nTwo public functions, register and unregister, are defined.\n",
        methods,
    ))
}
