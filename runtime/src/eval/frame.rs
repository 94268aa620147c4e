//! `_PyInterpreterFrame`s on the data stack: pushing a frame for a call with its arguments bound
//! to the parameters (CPython's `initialize_locals`, with its TypeError messages), and clearing
//! and popping it afterwards (CPython's Python/frame.c and the frame parts of ceval.c).

use super::datastack;
use crate::abi::code::{PyCodeObject, _Py_CODEUNIT, CO_VARARGS, CO_VARKEYWORDS};
use crate::abi::funcobject::PyFunctionObject;
use crate::abi::object::PyObject;
use crate::abi::pycore_frame::{_PyInterpreterFrame, FRAME_OWNED_BY_THREAD};
use crate::abi::pystate::PyThreadState;
use crate::abi::Py_ssize_t;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, decref, Ref};
use crate::objects::{dictobject, listobject, tupleobject, unicodeobject};
use core::mem::size_of;
use core::ptr::null_mut;

/// `FRAME_SPECIALS_SIZE`: the slots a frame's header takes before `localsplus`.
pub const FRAME_SPECIALS_SIZE: usize =
    (size_of::<_PyInterpreterFrame>() - 1) / size_of::<*mut PyObject>();

/// The frame's slots: locals, cells, free variables, then the value stack.
#[inline(always)]
pub unsafe fn localsplus(frame: *mut _PyInterpreterFrame) -> *mut *mut PyObject {
    (&raw mut (*frame).localsplus).cast()
}

/// First instruction of a code object (`_PyCode_CODE`).
#[inline(always)]
pub unsafe fn code_start(code: *mut PyCodeObject) -> *mut _Py_CODEUNIT {
    (&raw mut (*code).co_code_adaptive).cast()
}

/// Slots a frame for `code` needs on the data stack.
#[inline(always)]
pub unsafe fn frame_size(code: *mut PyCodeObject) -> usize {
    ((*code).co_nlocalsplus + (*code).co_stacksize) as usize + FRAME_SPECIALS_SIZE
}

/// `_PyFrame_InitializeSpecials`: takes over the reference to `func`; `locals` may be NULL.
#[inline]
unsafe fn initialize_specials(
    frame: *mut _PyInterpreterFrame,
    func: *mut PyFunctionObject,
    locals: *mut PyObject,
    nlocalsplus: i32,
) {
    let code = (*func).func_code as *mut PyCodeObject;
    (*frame).f_func = func;
    object::incref(code.cast());
    (*frame).f_code = code;
    (*frame).f_builtins = (*func).func_builtins;
    (*frame).f_globals = (*func).func_globals;
    object::xincref(locals);
    (*frame).f_locals = locals;
    (*frame).stacktop = nlocalsplus;
    (*frame).frame_obj = null_mut();
    (*frame).prev_instr = code_start(code).sub(1);
    (*frame).is_entry = false;
    (*frame).owner = FRAME_OWNED_BY_THREAD;
}

/// The innermost frame of `ts` (`tstate->cframe->current_frame`), NULL when none.
///
/// # Safety
/// `ts` is a live thread state.
pub unsafe fn current_frame(ts: *mut PyThreadState) -> *mut _PyInterpreterFrame {
    if ts.is_null() || (*ts).cframe.is_null() {
        return null_mut();
    }
    (*(*ts).cframe).current_frame
}

/// `_PyEvalFramePushAndInit`: pushes a frame for `func` with the arguments bound. Consumes the
/// references to `func` and to every argument (positional and keyword values). NULL with an
/// exception set on failure (the frame is gone then).
///
/// # Safety
/// `args` holds `argcount` positionals followed by one value per name in `kwnames`.
#[inline]
pub unsafe fn push_and_init(
    ts: *mut PyThreadState,
    func: *mut PyFunctionObject,
    locals: *mut PyObject,
    args: *const *mut PyObject,
    argcount: usize,
    kwnames: *mut PyObject,
) -> *mut _PyInterpreterFrame {
    let code = (*func).func_code as *mut PyCodeObject;
    let base = datastack::push(ts, frame_size(code));
    if base.is_null() {
        let nkw = if kwnames.is_null() { 0 } else { tupleobject::len(kwnames) as usize };
        for i in 0..argcount + nkw {
            decref(*args.add(i));
        }
        decref(func.cast());
        let _ = errors::no_memory();
        return null_mut();
    }
    let frame = base.cast::<_PyInterpreterFrame>();
    let n = (*code).co_nlocalsplus;
    initialize_specials(frame, func, locals, n);
    let lp = localsplus(frame);
    // The common call: exactly the positional parameters, no keywords, no */** parameters
    // (what CPython's CALL_PY_EXACT_ARGS specializes): the arguments move straight in.
    if kwnames.is_null()
        && argcount == (*code).co_argcount as usize
        && (*code).co_kwonlyargcount == 0
        && (*code).co_flags & (CO_VARARGS | CO_VARKEYWORDS) == 0
    {
        core::ptr::copy_nonoverlapping(args, lp, argcount);
        for i in argcount..n as usize {
            *lp.add(i) = null_mut();
        }
        return frame;
    }
    for i in 0..n as usize {
        *lp.add(i) = null_mut();
    }
    if initialize_locals(func, lp, args, argcount, kwnames).is_err() {
        clear_and_pop(ts, frame);
        return null_mut();
    }
    frame
}

/// `_PyEvalFrameClearAndPop`: releases the frame's references (or hands them to its frame
/// object) and pops its memory.
///
/// # Safety
/// `frame` is the newest frame on `ts`'s data stack, owned by the thread, not executing.
pub unsafe fn clear_and_pop(ts: *mut PyThreadState, frame: *mut _PyInterpreterFrame) {
    // Clearing may run finalizers, which count towards the recursion limit.
    (*ts).recursion_remaining -= 1;
    crate::objects::frameobject::clear_frame_data(frame);
    (*ts).recursion_remaining += 1;
    datastack::pop(ts, frame.cast());
}

/// `initialize_locals`: binds positional and keyword arguments, `*args`, `**kwargs` and the
/// defaults to the parameter slots. Steals every argument reference, on failure too.
unsafe fn initialize_locals(
    func: *mut PyFunctionObject,
    lp: *mut *mut PyObject,
    args: *const *mut PyObject,
    argcount: usize,
    kwnames: *mut PyObject,
) -> PyResult<()> {
    let co = (*func).func_code as *mut PyCodeObject;
    let co_argcount = (*co).co_argcount as usize;
    let total_args = co_argcount + (*co).co_kwonlyargcount as usize;
    let flags = (*co).co_flags;
    let kwcount = if kwnames.is_null() { 0 } else { tupleobject::len(kwnames) as usize };
    let release = |from: usize, to: usize| {
        for j in from..to {
            decref(*args.add(j));
        }
    };

    let mut kwdict: *mut PyObject = null_mut();
    if flags & CO_VARKEYWORDS != 0 {
        let d = match dictobject::new() {
            Ok(d) => d,
            Err(e) => {
                release(0, argcount + kwcount);
                return Err(e);
            }
        };
        kwdict = d.into_raw();
        let i = total_args + (flags & CO_VARARGS != 0) as usize;
        *lp.add(i) = kwdict;
    }

    let n = argcount.min(co_argcount);
    for j in 0..n {
        *lp.add(j) = *args.add(j);
    }

    if flags & CO_VARARGS != 0 {
        let u = if argcount == n {
            Ok(tupleobject::pack(&[]).map(Ref::into_raw))
        } else {
            Ok(steal_into_tuple(args.add(n), argcount - n))
        };
        match u.and_then(|r| r) {
            Ok(t) => *lp.add(total_args) = t,
            Err(e) => {
                release(argcount, argcount + kwcount);
                return Err(e);
            }
        }
    } else if argcount > n {
        // Too many positionals: reported below, after the keywords are checked.
        release(n, argcount);
    }

    let names = tupleobject::items((*co).co_localsplusnames);
    let qualname = (*func).func_qualname;
    for i in 0..kwcount {
        let keyword = *tupleobject::items(kwnames).add(i);
        let value = *args.add(argcount + i);
        let failed = 'kw: {
            if keyword.is_null() || !object::is_str(keyword) {
                break 'kw Err(errors::type_error(&format!(
                    "{}() keywords must be strings",
                    object::str_text(qualname)
                )));
            }
            // Names are normally interned: pointer comparison first.
            let posonly = (*co).co_posonlyargcount as usize;
            let mut found = (posonly..total_args).find(|&j| *names.add(j) == keyword);
            if found.is_none() {
                for j in posonly..total_args {
                    match object::rich_compare_bool(keyword, *names.add(j), object::Py_EQ) {
                        Ok(true) => {
                            found = Some(j);
                            break;
                        }
                        Ok(false) => {}
                        Err(e) => break 'kw Err(e),
                    }
                }
            }
            match found {
                Some(j) => {
                    if !(*lp.add(j)).is_null() {
                        break 'kw Err(errors::type_error(&format!(
                            "{}() got multiple values for argument '{}'",
                            object::str_text(qualname),
                            object::str_text(keyword)
                        )));
                    }
                    *lp.add(j) = value;
                    Ok(())
                }
                None if kwdict.is_null() => {
                    if (*co).co_posonlyargcount != 0 {
                        if let Err(e) = positional_only_passed_as_keyword(co, kwnames, qualname) {
                            break 'kw Err(e);
                        }
                    }
                    Err(errors::type_error(&format!(
                        "{}() got an unexpected keyword argument '{}'",
                        object::str_text(qualname),
                        object::str_text(keyword)
                    )))
                }
                None => {
                    let r = dictobject::set_item(kwdict, keyword, value);
                    decref(value);
                    if let Err(e) = r {
                        release(argcount + i + 1, argcount + kwcount);
                        return Err(e);
                    }
                    Ok(())
                }
            }
        };
        if let Err(e) = failed {
            release(argcount + i, argcount + kwcount);
            return Err(e);
        }
    }

    if argcount > co_argcount && flags & CO_VARARGS == 0 {
        return Err(too_many_positional(co, argcount, (*func).func_defaults, lp, qualname));
    }

    if argcount < co_argcount {
        let defaults = (*func).func_defaults;
        let defcount = if defaults.is_null() { 0 } else { tupleobject::len(defaults) as usize };
        let m = co_argcount - defcount;
        let missing = (argcount..m).filter(|&i| (*lp.add(i)).is_null()).count();
        if missing != 0 {
            return Err(missing_arguments(co, missing, Some(defcount), lp, qualname));
        }
        if defcount != 0 {
            let defs = tupleobject::items(defaults);
            let start = n.saturating_sub(m);
            for i in start..defcount {
                if (*lp.add(m + i)).is_null() {
                    let d = *defs.add(i);
                    object::incref(d);
                    *lp.add(m + i) = d;
                }
            }
        }
    }

    if (*co).co_kwonlyargcount > 0 {
        let kwdefs = (*func).func_kwdefaults;
        let mut missing = 0;
        for i in co_argcount..total_args {
            if !(*lp.add(i)).is_null() {
                continue;
            }
            if !kwdefs.is_null() {
                if let Some(d) = dictobject::get_item(kwdefs, *names.add(i))? {
                    object::incref(d);
                    *lp.add(i) = d;
                    continue;
                }
            }
            missing += 1;
        }
        if missing != 0 {
            return Err(missing_arguments(co, missing, None, lp, qualname));
        }
    }
    Ok(())
}

/// A tuple taking over `n` references from `items`; on failure they are released.
unsafe fn steal_into_tuple(items: *const *mut PyObject, n: usize) -> PyResult<*mut PyObject> {
    match tupleobject::new_uninit(n as Py_ssize_t) {
        Ok(t) => {
            let dst = tupleobject::items(t);
            for i in 0..n {
                *dst.add(i) = *items.add(i);
            }
            crate::mem::gc::track(t);
            Ok(t)
        }
        Err(e) => {
            for i in 0..n {
                decref(*items.add(i));
            }
            Err(e)
        }
    }
}

/// `format_missing` / `missing_arguments`: "f() missing 2 required positional arguments: 'a'
/// and 'b'". `defcount` is None for keyword-only parameters.
unsafe fn missing_arguments(
    co: *mut PyCodeObject,
    missing: usize,
    defcount: Option<usize>,
    lp: *mut *mut PyObject,
    qualname: *mut PyObject,
) -> errors::ErrSet {
    let (kind, start, end) = match defcount {
        Some(d) => ("positional", 0, (*co).co_argcount as usize - d),
        None => (
            "keyword-only",
            (*co).co_argcount as usize,
            ((*co).co_argcount + (*co).co_kwonlyargcount) as usize,
        ),
    };
    let names = tupleobject::items((*co).co_localsplusnames);
    let mut reprs = Vec::with_capacity(missing);
    for i in start..end {
        if (*lp.add(i)).is_null() {
            match object::repr(*names.add(i)) {
                Ok(r) => reprs.push(object::str_text(r.as_ptr())),
                Err(e) => return e,
            }
        }
    }
    let len = reprs.len();
    let name_str = match len {
        1 => reprs[0].clone(),
        2 => format!("{} and {}", reprs[0], reprs[1]),
        _ => format!(
            "{}, {}, and {}",
            reprs[..len - 2].join(", "),
            reprs[len - 2],
            reprs[len - 1]
        ),
    };
    errors::type_error(&format!(
        "{}() missing {} required {} argument{}: {}",
        object::str_text(qualname),
        len,
        kind,
        if len == 1 { "" } else { "s" },
        name_str
    ))
}

/// `too_many_positional`: "f() takes 2 positional arguments but 3 were given".
unsafe fn too_many_positional(
    co: *mut PyCodeObject,
    given: usize,
    defaults: *mut PyObject,
    lp: *mut *mut PyObject,
    qualname: *mut PyObject,
) -> errors::ErrSet {
    let co_argcount = (*co).co_argcount as usize;
    let kwonly_given = (co_argcount..co_argcount + (*co).co_kwonlyargcount as usize)
        .filter(|&i| !(*lp.add(i)).is_null())
        .count();
    let defcount = if defaults.is_null() { 0 } else { tupleobject::len(defaults) as usize };
    let (sig, plural) = if defcount != 0 {
        (format!("from {} to {}", co_argcount - defcount, co_argcount), true)
    } else {
        (co_argcount.to_string(), co_argcount != 1)
    };
    let kwonly_sig = if kwonly_given != 0 {
        format!(
            " positional argument{} (and {} keyword-only argument{})",
            if given != 1 { "s" } else { "" },
            kwonly_given,
            if kwonly_given != 1 { "s" } else { "" }
        )
    } else {
        String::new()
    };
    errors::type_error(&format!(
        "{}() takes {} positional argument{} but {}{} {} given",
        object::str_text(qualname),
        sig,
        if plural { "s" } else { "" },
        given,
        kwonly_sig,
        if given == 1 && kwonly_given == 0 { "was" } else { "were" }
    ))
}

/// `positional_only_passed_as_keyword`: Err with the TypeError when some keyword names a
/// positional-only parameter.
unsafe fn positional_only_passed_as_keyword(
    co: *mut PyCodeObject,
    kwnames: *mut PyObject,
    qualname: *mut PyObject,
) -> PyResult<()> {
    let names = tupleobject::items((*co).co_localsplusnames);
    let kw = tupleobject::items(kwnames);
    let kwcount = tupleobject::len(kwnames) as usize;
    let conflicts = listobject::new(0)?;
    for k in 0..(*co).co_posonlyargcount as usize {
        let posonly = *names.add(k);
        for k2 in 0..kwcount {
            let kwname = *kw.add(k2);
            if kwname == posonly || object::rich_compare_bool(posonly, kwname, object::Py_EQ)? {
                listobject::append(conflicts.as_ptr(), kwname)?;
            }
        }
    }
    if listobject::len(conflicts.as_ptr()) == 0 {
        return Ok(());
    }
    let sep = unicodeobject::new_str(", ")?;
    let items = core::slice::from_raw_parts(
        listobject::items(conflicts.as_ptr()),
        listobject::len(conflicts.as_ptr()) as usize,
    );
    let joined = unicodeobject::join(sep.as_ptr(), items)?;
    Err(errors::type_error(&format!(
        "{}() got some positional-only arguments passed as keyword arguments: '{}'",
        object::str_text(qualname),
        object::str_text(joined.as_ptr())
    )))
}
