//! The `_warnings` module and the PyErr_Warn* C API (CPython's Python/_warnings.c): the
//! interpreter's warning state (`interp->warnings`: filters, once-registry, default action,
//! filters version), C-level filter matching, the per-module `__warningregistry__`, the
//! "error"/"ignore"/"always"/"default"/"module"/"once" actions, and showing a warning through
//! `warnings._showwarnmsg` when the Python `warnings` module is loaded, else the C printer
//! (`file:line: Category: message` and the source line).
//!
//! The default filter list is 3.11's release-build list; `-W`, `-X dev` and `-b` reach the
//! filters through `sys.warnoptions`, which `warnings.py` applies when start-up imports it.

use crate::abi::code::PyCodeObject;
use crate::abi::pycore_frame::_PyInterpreterFrame;
use crate::abi::pycore_interp::_warnings_runtime_state;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::{self, Sig};
use crate::objects::exceptions as exc;
use crate::objects::object::{self, Ref};
use crate::objects::{dictobject, listobject, longobject, tupleobject, unicodeobject as ustr};
use core::ptr::null_mut;

fn state() -> *mut _warnings_runtime_state {
    let interp = crate::lifecycle::pystate::current_interpreter();
    // SAFETY: only the address of a field is computed.
    unsafe { &raw mut (*interp).warnings }
}

/// `(action, None, category, module-or-None, 0)`.
unsafe fn create_filter(
    category: *mut PyObject,
    action: &str,
    module: Option<&str>,
) -> PyResult<Ref> {
    let a = ustr::new_str(action)?;
    let m = match module {
        Some(m) => ustr::new_str(m)?,
        None => object::new_none(),
    };
    let zero = longobject::from_i64(0)?;
    tupleobject::pack(&[
        a.as_ptr(),
        object::none(),
        category,
        m.as_ptr(),
        zero.as_ptr(),
    ])
}

/// `init_filters` of a release build.
unsafe fn default_filters() -> PyResult<Ref> {
    let list = listobject::new(0)?;
    for (cat, action, module) in [
        (exc::PyExc_DeprecationWarning, "default", Some("__main__")),
        (exc::PyExc_DeprecationWarning, "ignore", None),
        (exc::PyExc_PendingDeprecationWarning, "ignore", None),
        (exc::PyExc_ImportWarning, "ignore", None),
        (exc::PyExc_ResourceWarning, "ignore", None),
    ] {
        let f = create_filter(cat, action, module)?;
        listobject::append(list.as_ptr(), f.as_ptr())?;
    }
    Ok(list)
}

/// `_PyWarnings_InitState`: creates the filters, once-registry and default action the first
/// time (they survive re-imports of `_warnings`).
///
/// # Safety
/// GIL held.
pub unsafe fn init_state() -> PyResult<()> {
    let st = state();
    if (*st).filters.is_null() {
        (*st).filters = default_filters()?.into_raw();
    }
    if (*st).once_registry.is_null() {
        (*st).once_registry = dictobject::new()?.into_raw();
    }
    if (*st).default_action.is_null() {
        (*st).default_action = ustr::new_str("default")?.into_raw();
    }
    Ok(())
}

/// `_PyWarnings_Fini`: releases the state (Py_FinalizeEx).
pub fn fini() {
    let st = state();
    // SAFETY: the fields hold owned references or NULL.
    unsafe {
        for slot in [
            &raw mut (*st).filters,
            &raw mut (*st).once_registry,
            &raw mut (*st).default_action,
        ] {
            let v = *slot;
            *slot = null_mut();
            object::xdecref(v);
        }
        (*st).filters_version = 0;
    }
}

/// `warnings.<name>` when the Python module is in sys.modules (or imported when `try_import`).
unsafe fn warnings_attr(name: &str, try_import: bool) -> PyResult<Option<Ref>> {
    let interp = crate::lifecycle::pystate::current_interpreter();
    let module = if try_import && (*interp).finalizing == 0 {
        match args::import_module("warnings") {
            Ok(m) => m,
            Err(e) => {
                if errors::exception_matches(exc::PyExc_ImportError) {
                    errors::clear();
                    return Ok(None);
                }
                return Err(e);
            }
        }
    } else {
        let modules = (*interp).modules;
        if modules.is_null() {
            return Ok(None);
        }
        match dictobject::get_item_str(modules, "warnings")? {
            Some(m) => object::new_ref(m),
            None => return Ok(None),
        }
    };
    match object::get_attr_str(module.as_ptr(), name) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if errors::exception_matches(exc::PyExc_AttributeError) {
                errors::clear();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

unsafe fn once_registry() -> PyResult<*mut PyObject> {
    let st = state();
    if let Some(r) = warnings_attr("onceregistry", false)? {
        if !dictobject::check(r.as_ptr()) {
            return Err(errors::type_error(&format!(
                "warnings.onceregistry must be a dict, not '{}'",
                object::type_name(r.as_ptr())
            )));
        }
        object::replace_slot(&raw mut (*st).once_registry, r.into_raw());
    }
    Ok((*st).once_registry)
}

unsafe fn default_action() -> PyResult<Ref> {
    let st = state();
    if let Some(a) = warnings_attr("defaultaction", false)? {
        if !ustr::is_str(a.as_ptr()) {
            return Err(errors::type_error(&format!(
                "warnings.defaultaction must be a string, not '{}'",
                object::type_name(a.as_ptr())
            )));
        }
        object::replace_slot(&raw mut (*st).default_action, a.into_raw());
    }
    Ok(object::new_ref((*st).default_action))
}

/// `check_matched`: None matches anything, an exact str must be equal, else `obj.match(arg)`.
unsafe fn matches(filter: *mut PyObject, arg: *mut PyObject) -> PyResult<bool> {
    if filter == object::none() {
        return Ok(true);
    }
    if ustr::is_exact_str(filter) {
        return Ok(ustr::is_str(arg) && ustr::eq(filter, arg));
    }
    let r = crate::objects::call::call_method_str(filter, "match", &[arg])?;
    object::is_true(r.as_ptr())
}

/// `get_filter`: the action of the first matching filter (and the filter), else the default.
unsafe fn get_filter(
    category: *mut PyObject,
    text: *mut PyObject,
    lineno: i64,
    module: *mut PyObject,
) -> PyResult<(Ref, Ref)> {
    let st = state();
    if let Some(f) = warnings_attr("filters", false)? {
        object::replace_slot(&raw mut (*st).filters, f.into_raw());
    }
    let filters = (*st).filters;
    if filters.is_null() || !listobject::check(filters) {
        return Err(errors::value_error("_warnings.filters must be a list"));
    }
    let filters = Ref::from_borrowed(filters);
    let mut i = 0;
    // The list may change while filters run (a regex's match could mutate it).
    while i < listobject::len(filters.as_ptr()) {
        let item = Ref::from_borrowed(*listobject::items(filters.as_ptr()).add(i as usize));
        if !tupleobject::check(item.as_ptr()) || tupleobject::len(item.as_ptr()) != 5 {
            return Err(errors::value_error(&format!(
                "_warnings.filters item {i} isn't a 5-tuple"
            )));
        }
        let f = |k: usize| *tupleobject::items(item.as_ptr()).add(k);
        let action = f(0);
        if !ustr::is_str(action) {
            return Err(errors::type_error(&format!(
                "action must be a string, not '{}'",
                object::type_name(action)
            )));
        }
        let good_msg = matches(f(1), text)?;
        let good_mod = matches(f(3), module)?;
        let is_sub = object::is_subclass(category, f(2))?;
        let ln = longobject::as_i64(f(4))?;
        if good_msg && is_sub && good_mod && (ln == 0 || ln == lineno) {
            return Ok((object::new_ref(action), item));
        }
        i += 1;
    }
    Ok((default_action()?, object::new_none()))
}

/// `already_warned`: consults (and with `should_set` marks) a registry, resetting it when the
/// filters changed since it was filled.
unsafe fn already_warned(
    registry: *mut PyObject,
    key: *mut PyObject,
    should_set: bool,
) -> PyResult<bool> {
    let version = (*state()).filters_version;
    let v = dictobject::get_item_str(registry, "version")?;
    let current = match v {
        Some(v) if object::py_type(v) == &raw mut crate::objects::longobject::PyLong_Type => {
            longobject::as_i64(v)? == version as i64
        }
        _ => false,
    };
    if !current {
        dictobject::clear(registry);
        let vo = longobject::from_i64(version as i64)?;
        dictobject::set_item_str(registry, "version", vo.as_ptr())?;
    } else if let Some(w) = dictobject::get_item(registry, key)? {
        if object::is_true(w)? {
            return Ok(true);
        }
    }
    if should_set {
        dictobject::set_item(
            registry,
            key,
            crate::objects::boolobject::from_bool(true).as_ptr(),
        )?;
    }
    Ok(false)
}

unsafe fn update_registry(
    registry: *mut PyObject,
    text: *mut PyObject,
    category: *mut PyObject,
    add_zero: bool,
) -> PyResult<bool> {
    let key = if add_zero {
        let z = longobject::from_i64(0)?;
        tupleobject::pack(&[text, category, z.as_ptr()])?
    } else {
        tupleobject::pack(&[text, category])?
    };
    already_warned(registry, key.as_ptr(), true)
}

/// `filename` without a trailing ".py"; "<unknown>" when empty.
unsafe fn normalize_module(filename: *mut PyObject) -> PyResult<Ref> {
    let len = ustr::length(filename) as usize;
    if len == 0 {
        return ustr::new_str("<unknown>");
    }
    let (data, kind) = ustr::data_and_kind(filename);
    let ends_py = len >= 3
        && ustr::read_char(data, kind, len - 3) == '.' as u32
        && ustr::read_char(data, kind, len - 2) == 'p' as u32
        && ustr::read_char(data, kind, len - 1) == 'y' as u32;
    if ends_py {
        ustr::substring(filename, 0, len - 3)
    } else {
        Ok(object::new_ref(filename))
    }
}

unsafe fn stderr_write(f: *mut PyObject, o: *mut PyObject) -> PyResult<()> {
    let s = object::str(o)?;
    crate::objects::call::call_method_str(f, "write", &[s.as_ptr()]).map(|_| ())
}

unsafe fn stderr_write_str(f: *mut PyObject, s: &str) -> PyResult<()> {
    let s = ustr::new_str(s)?;
    stderr_write(f, s.as_ptr())
}

/// Line `lineno` of the file `filename` names, stripped of leading whitespace
/// (`_Py_DisplaySourceLine`'s reading, indent 2).
fn file_line(filename: &str, lineno: i32) -> Option<String> {
    let text = std::fs::read(filename).ok()?;
    let line = text
        .split(|&b| b == b'\n')
        .nth((lineno as usize).checked_sub(1)?)?;
    let line = String::from_utf8_lossy(line);
    Some(
        line.trim_start_matches([' ', '\t', '\x0c'])
            .trim_end_matches(['\r', '\n'])
            .to_string(),
    )
}

/// The C printer (`show_warning`): errors are swallowed, as CPython does.
unsafe fn show_warning_c(
    filename: *mut PyObject,
    lineno: i32,
    text: *mut PyObject,
    category: *mut PyObject,
    sourceline: *mut PyObject,
) {
    let r = (|| -> PyResult<()> {
        let name = object::get_attr_str(category, "__name__")?;
        let f = crate::objects::object::new_ref({
            let interp = crate::lifecycle::pystate::current_interpreter();
            let sd = (*interp).sysdict;
            match if sd.is_null() {
                None
            } else {
                dictobject::get_item_str(sd, "stderr")?
            } {
                Some(f) if f != object::none() => f,
                _ => {
                    eprintln!("lost sys.stderr");
                    return Ok(());
                }
            }
        });
        stderr_write(f.as_ptr(), filename)?;
        stderr_write_str(f.as_ptr(), &format!(":{lineno}: "))?;
        stderr_write(f.as_ptr(), name.as_ptr())?;
        stderr_write_str(f.as_ptr(), ": ")?;
        stderr_write(f.as_ptr(), text)?;
        stderr_write_str(f.as_ptr(), "\n")?;
        if !sourceline.is_null() {
            // CPython computes the stripped line but prints the original one.
            stderr_write(f.as_ptr(), sourceline)?;
            stderr_write_str(f.as_ptr(), "\n")?;
        } else if ustr::is_str(filename) {
            if let Some(line) = file_line(&ustr::to_string_lossy(filename), lineno) {
                stderr_write_str(f.as_ptr(), &format!("  {line}\n"))?;
            }
        }
        Ok(())
    })();
    if r.is_err() {
        errors::clear();
    }
}

#[allow(clippy::too_many_arguments)]
unsafe fn call_show_warning(
    category: *mut PyObject,
    text: *mut PyObject,
    message: *mut PyObject,
    filename: *mut PyObject,
    lineno: i32,
    lineno_obj: *mut PyObject,
    sourceline: *mut PyObject,
    source: *mut PyObject,
) -> PyResult<()> {
    let Some(show) = warnings_attr("_showwarnmsg", !source.is_null())? else {
        show_warning_c(filename, lineno, text, category, sourceline);
        return Ok(());
    };
    if !crate::objects::call::is_callable(show.as_ptr()) {
        return Err(errors::type_error(
            "warnings._showwarnmsg() must be set to a callable",
        ));
    }
    let Some(cls) = warnings_attr("WarningMessage", false)? else {
        return Err(errors::set_string(
            exc::PyExc_RuntimeError,
            "unable to get warnings.WarningMessage",
        ));
    };
    let src = if source.is_null() {
        object::none()
    } else {
        source
    };
    let a = tupleobject::pack(&[
        message,
        category,
        filename,
        lineno_obj,
        object::none(),
        object::none(),
        src,
    ])?;
    let msg = crate::objects::call::call_object(cls.as_ptr(), a.as_ptr())?;
    crate::objects::call::call_one_arg(show.as_ptr(), msg.as_ptr()).map(|_| ())
}

/// CPython's `warn_explicit`: every argument borrowed; `module`, `registry`, `sourceline`,
/// `source` may be NULL.
///
/// # Safety
/// GIL held; the non-NULL arguments live.
#[allow(clippy::too_many_arguments)]
pub unsafe fn warn_explicit_object(
    category: *mut PyObject,
    message: *mut PyObject,
    filename: *mut PyObject,
    lineno: i32,
    module: *mut PyObject,
    registry: *mut PyObject,
    sourceline: *mut PyObject,
    source: *mut PyObject,
) -> PyResult<()> {
    init_state()?;
    if module == object::none() {
        return Ok(());
    }
    let registry = if registry.is_null() || registry == object::none() {
        null_mut()
    } else if !dictobject::check(registry) {
        return Err(errors::type_error("'registry' must be a dict or None"));
    } else {
        registry
    };
    let module = if module.is_null() {
        normalize_module(filename)?
    } else {
        object::new_ref(module)
    };
    let (text, message, category) = if object::is_instance(message, exc::PyExc_Warning)? {
        (
            object::str(message)?,
            object::new_ref(message),
            object::py_type(message) as *mut PyObject,
        )
    } else {
        let m = crate::objects::call::call_one_arg(category, message)?;
        (object::new_ref(message), m, category)
    };
    let lineno_obj = longobject::from_i64(lineno as i64)?;
    let source = if source == object::none() {
        null_mut()
    } else {
        source
    };
    let key = tupleobject::pack(&[text.as_ptr(), category, lineno_obj.as_ptr()])?;
    if !registry.is_null() && already_warned(registry, key.as_ptr(), false)? {
        return Ok(());
    }
    let (action, item) = get_filter(category, text.as_ptr(), lineno as i64, module.as_ptr())?;
    let a = ustr::to_string_lossy(action.as_ptr());
    if a == "error" {
        return Err(errors::set_object(category, message.as_ptr()));
    }
    if a == "ignore" {
        return Ok(());
    }
    if a != "always" {
        if !registry.is_null() {
            dictobject::set_item(
                registry,
                key.as_ptr(),
                crate::objects::boolobject::from_bool(true).as_ptr(),
            )?;
        }
        let seen = match a.as_str() {
            "once" => {
                let reg = if registry.is_null() {
                    once_registry()?
                } else {
                    registry
                };
                update_registry(reg, text.as_ptr(), category, false)?
            }
            "module" => {
                !registry.is_null() && update_registry(registry, text.as_ptr(), category, false)?
            }
            "default" => false,
            _ => {
                let ar = object::repr(action.as_ptr())?;
                let ir = object::repr(item.as_ptr())?;
                return Err(errors::set_string(
                    exc::PyExc_RuntimeError,
                    &format!(
                        "Unrecognized action ({}) in warnings.filters:\n {}",
                        ustr::to_string_lossy(ar.as_ptr()),
                        ustr::to_string_lossy(ir.as_ptr())
                    ),
                ));
            }
        };
        if seen {
            return Ok(());
        }
    }
    call_show_warning(
        category,
        text.as_ptr(),
        message.as_ptr(),
        filename,
        lineno,
        lineno_obj.as_ptr(),
        sourceline,
        source,
    )
}

/// `PyErr_WarnExplicit(category, message, filename, lineno, module, registry)`.
///
/// # Safety
/// GIL held; `category` a warning class; `registry` NULL, None or a dict.
pub unsafe fn warn_explicit(
    category: *mut PyObject,
    message: &str,
    filename: &str,
    lineno: i32,
    module: Option<&str>,
    registry: *mut PyObject,
) -> PyResult<()> {
    let m = ustr::new_str(message)?;
    let f = ustr::new_str(filename)?;
    let module = match module {
        Some(s) => Some(ustr::new_str(s)?),
        None => None,
    };
    warn_explicit_object(
        category,
        m.as_ptr(),
        f.as_ptr(),
        lineno,
        module.as_ref().map_or(null_mut(), |m| m.as_ptr()),
        registry,
        null_mut(),
        null_mut(),
    )
}

// ---- frames: where a warning is attributed ----

/// The innermost complete frame of the current thread (`_PyFrame_IsIncomplete` skipped).
unsafe fn first_complete(mut f: *mut _PyInterpreterFrame) -> *mut _PyInterpreterFrame {
    while !f.is_null() && is_incomplete(f) {
        f = (*f).previous;
    }
    f
}

unsafe fn is_incomplete(f: *mut _PyInterpreterFrame) -> bool {
    const FRAME_OWNED_BY_GENERATOR: i8 = 1;
    let code = (*f).f_code;
    if (*f).owner as i8 == FRAME_OWNED_BY_GENERATOR || code.is_null() {
        return false;
    }
    let first = code_units(code).add((*code)._co_firsttraceable as usize);
    ((*f).prev_instr as *mut u16) < first
}

unsafe fn code_units(code: *mut PyCodeObject) -> *mut u16 {
    (&raw mut (*code).co_code_adaptive).cast()
}

unsafe fn current_frame() -> *mut _PyInterpreterFrame {
    let ts = crate::lifecycle::pystate::current();
    if ts.is_null() || (*ts).cframe.is_null() {
        return null_mut();
    }
    first_complete((*(*ts).cframe).current_frame)
}

unsafe fn back(f: *mut _PyInterpreterFrame) -> *mut _PyInterpreterFrame {
    first_complete((*f).previous)
}

/// Frames of importlib's bootstrap are skipped when counting stack levels.
unsafe fn is_internal(f: *mut _PyInterpreterFrame) -> bool {
    if f.is_null() || (*f).f_code.is_null() {
        return false;
    }
    let name = (*(*f).f_code).co_filename;
    if name.is_null() || !ustr::is_str(name) {
        return false;
    }
    let s = ustr::to_string_lossy(name);
    s.contains("importlib") && s.contains("_bootstrap")
}

/// The line a frame is executing (`PyFrame_GetLineNumber`), from the 3.11 location table.
unsafe fn frame_line(f: *mut _PyInterpreterFrame) -> i32 {
    let code = (*f).f_code;
    let lasti = ((*f).prev_instr as isize - code_units(code) as isize) / 2;
    line_for(code, lasti)
}

/// `PyCode_Addr2Line` over code units: the 3.11 location-table walk.
unsafe fn line_for(code: *mut PyCodeObject, unit: isize) -> i32 {
    let first = (*code).co_firstlineno;
    if unit < 0 || (*code).co_linetable.is_null() {
        return first;
    }
    let table = crate::objects::bytesobject::as_slice((*code).co_linetable);
    let mut pos = 0usize;
    let mut line = first as i64;
    let mut addr: isize = 0;
    let read_varint = |pos: &mut usize| -> u64 {
        let mut v = 0u64;
        let mut shift = 0;
        while *pos < table.len() {
            let b = table[*pos];
            *pos += 1;
            v |= ((b & 63) as u64) << shift;
            shift += 6;
            if b & 64 == 0 {
                break;
            }
        }
        v
    };
    while pos < table.len() {
        let head = table[pos];
        pos += 1;
        let code_kind = (head >> 3) & 15;
        let len = (head & 7) as isize + 1;
        let (delta, has_line): (i64, bool) = match code_kind {
            15 => (0, false),
            14 | 13 => {
                let u = read_varint(&mut pos);
                let d = if u & 1 != 0 {
                    -((u >> 1) as i64)
                } else {
                    (u >> 1) as i64
                };
                if code_kind == 14 {
                    read_varint(&mut pos);
                    read_varint(&mut pos);
                    read_varint(&mut pos);
                }
                (d, true)
            }
            10..=12 => {
                pos += 2;
                ((code_kind - 10) as i64, true)
            }
            _ => {
                pos += 1;
                (0, true)
            }
        };
        line += delta;
        if unit < addr + len {
            return if has_line { line as i32 } else { -1 };
        }
        addr += len;
    }
    -1
}

/// `setup_context`: filename, line, module name and `__warningregistry__` of the frame
/// `stack_level` levels up (sys's when the stack is shallower).
unsafe fn setup_context(mut stack_level: isize) -> PyResult<(Ref, i32, Ref, Ref)> {
    let mut f = current_frame();
    if stack_level <= 0 || is_internal(f) {
        while {
            stack_level -= 1;
            stack_level > 0
        } && !f.is_null()
        {
            f = back(f);
        }
    } else {
        while {
            stack_level -= 1;
            stack_level > 0
        } && !f.is_null()
        {
            loop {
                f = back(f);
                if f.is_null() || !is_internal(f) {
                    break;
                }
            }
        }
    }
    let interp = crate::lifecycle::pystate::current_interpreter();
    let (globals, filename, lineno) = if f.is_null() {
        ((*interp).sysdict, ustr::new_str("sys")?, 1)
    } else {
        (
            (*f).f_globals,
            object::new_ref((*(*f).f_code).co_filename),
            frame_line(f),
        )
    };
    if globals.is_null() || !dictobject::check(globals) {
        return Err(errors::system_error(
            "warnings: frame globals are not a dict",
        ));
    }
    let registry = match dictobject::get_item_str(globals, "__warningregistry__")? {
        Some(r) => object::new_ref(r),
        None => {
            let r = dictobject::new()?;
            dictobject::set_item_str(globals, "__warningregistry__", r.as_ptr())?;
            r
        }
    };
    let module = match dictobject::get_item_str(globals, "__name__")? {
        Some(m) if m == object::none() || ustr::is_str(m) => object::new_ref(m),
        _ => ustr::new_str("<string>")?,
    };
    Ok((filename, lineno, module, registry))
}

/// `get_category`: the message's class for Warning instances, else `category` (None:
/// UserWarning), which must subclass Warning.
unsafe fn get_category(message: *mut PyObject, category: *mut PyObject) -> PyResult<*mut PyObject> {
    let category = if object::is_instance(message, exc::PyExc_Warning)? {
        object::py_type(message) as *mut PyObject
    } else if category.is_null() || category == object::none() {
        exc::PyExc_UserWarning
    } else {
        category
    };
    let ok = match object::is_subclass(category, exc::PyExc_Warning) {
        Ok(b) => b,
        Err(_) => false,
    };
    if !ok {
        errors::clear();
        return Err(errors::type_error(&format!(
            "category must be a Warning subclass, not '{}'",
            object::type_name(category)
        )));
    }
    Ok(category)
}

/// `do_warn`: a warning attributed to the caller `stack_level` frames up.
///
/// # Safety
/// GIL held; `message`, `category` live; `source` NULL or live.
pub unsafe fn warn_object(
    category: *mut PyObject,
    message: *mut PyObject,
    stack_level: isize,
    source: *mut PyObject,
) -> PyResult<()> {
    init_state()?;
    let (filename, lineno, module, registry) = setup_context(stack_level)?;
    warn_explicit_object(
        category,
        message,
        filename.as_ptr(),
        lineno,
        module.as_ptr(),
        registry.as_ptr(),
        null_mut(),
        source,
    )
}

/// `PyErr_WarnEx(category, message, stack_level)` (NULL category: RuntimeWarning).
///
/// # Safety-free wrapper: GIL held by every caller.
pub fn warn(category: *mut PyObject, message: &str, stack_level: isize) -> PyResult<()> {
    // SAFETY: GIL held; category NULL or a live class.
    unsafe {
        let category = if category.is_null() {
            exc::PyExc_RuntimeWarning
        } else {
            category
        };
        let m = ustr::new_str(message)?;
        warn_object(category, m.as_ptr(), stack_level, null_mut())
    }
}

/// `PyErr_ResourceWarning(source, stack_level, message)`.
///
/// # Safety
/// `source` NULL or live.
pub unsafe fn resource_warning(
    source: *mut PyObject,
    message: &str,
    stack_level: isize,
) -> PyResult<()> {
    let m = ustr::new_str(message)?;
    warn_object(exc::PyExc_ResourceWarning, m.as_ptr(), stack_level, source)
}

/// `_PyErr_WarnUnawaitedCoroutine`: `warnings._warn_unawaited_coroutine(coro)`, falling back
/// to a plain RuntimeWarning; failures are reported as unraisable.
///
/// # Safety
/// `coro` live.
pub unsafe fn warn_unawaited_coroutine(coro: *mut PyObject) {
    let r = (|| -> PyResult<()> {
        if let Some(f) = warnings_attr("_warn_unawaited_coroutine", false)? {
            return crate::objects::call::call_one_arg(f.as_ptr(), coro).map(|_| ());
        }
        let q = object::get_attr_str(coro, "__qualname__")?;
        let msg = format!(
            "coroutine '{}' was never awaited",
            ustr::to_string_lossy(q.as_ptr())
        );
        warn(exc::PyExc_RuntimeWarning, &msg, 1)
    })();
    if r.is_err() {
        errors::write_unraisable(coro);
    }
}

/// `PyErr_WarnExplicitObject`-style source line for warn_explicit's `module_globals`.
unsafe fn get_source_line(module_globals: *mut PyObject, lineno: i32) -> PyResult<Option<Ref>> {
    let Some(loader) = dictobject::get_item_str(module_globals, "__loader__")? else {
        return Ok(None);
    };
    let loader = object::new_ref(loader);
    let Some(name) = dictobject::get_item_str(module_globals, "__name__")? else {
        return Ok(None);
    };
    let name = object::new_ref(name);
    let get_source = match object::get_attr_str(loader.as_ptr(), "get_source") {
        Ok(g) => g,
        Err(e) => {
            if errors::exception_matches(exc::PyExc_AttributeError) {
                errors::clear();
                return Ok(None);
            }
            return Err(e);
        }
    };
    let source = crate::objects::call::call_one_arg(get_source.as_ptr(), name.as_ptr())?;
    if source.as_ptr() == object::none() {
        return Ok(None);
    }
    let lines = ustr::splitlines(source.as_ptr(), false)?;
    match lines.into_iter().nth((lineno as usize).wrapping_sub(1)) {
        Some(l) => Ok(Some(l)),
        None => Err(errors::index_error("list index out of range")),
    }
}

// ---- the module ----

static WARN_SIG: Sig = Sig {
    name: "warn",
    params: &["message", "category", "stacklevel", "source"],
    posonly: 0,
    maxpos: 4,
    required: 1,
};

unsafe extern "C" fn py_warn(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        let v = args::bind(&WARN_SIG, a, n as usize, kw)?;
        let level = if v[2].is_null() {
            1
        } else {
            longobject::as_ssize_index(v[2], exc::PyExc_OverflowError)?
        };
        let category = get_category(v[0], v[1])?;
        let source = if v[3].is_null() { null_mut() } else { v[3] };
        warn_object(category, v[0], level, source)?;
        Ok(object::new_none())
    })())
}

static WARN_EXPLICIT_SIG: Sig = Sig {
    name: "warn_explicit",
    params: &[
        "message",
        "category",
        "filename",
        "lineno",
        "module",
        "registry",
        "module_globals",
        "source",
    ],
    posonly: 0,
    maxpos: 8,
    required: 4,
};

unsafe extern "C" fn py_warn_explicit(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        let v = args::bind(&WARN_EXPLICIT_SIG, a, n as usize, kw)?;
        if !ustr::is_str(v[2]) {
            return Err(errors::type_error(&format!(
                "warn_explicit() argument 3 must be str, not {}",
                object::type_name(v[2])
            )));
        }
        let lineno = args::c_int_arg(v[3])?;
        let mut source_line = None;
        let globals = v[6];
        if !globals.is_null() && globals != object::none() {
            if !dictobject::check(globals) {
                return Err(errors::type_error(&format!(
                    "module_globals must be a dict, not '{}'",
                    object::type_name(globals)
                )));
            }
            source_line = get_source_line(globals, lineno)?;
        }
        warn_explicit_object(
            v[1],
            v[0],
            v[2],
            lineno,
            v[4],
            v[5],
            source_line.as_ref().map_or(null_mut(), |s| s.as_ptr()),
            v[7],
        )?;
        Ok(object::new_none())
    })())
}

unsafe extern "C" fn py_filters_mutated(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    (*state()).filters_version += 1;
    object::new_none().into_raw()
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastKwFn = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    isize,
    *mut PyObject,
) -> *mut PyObject;

fn methods() -> Vec<crate::abi::methodobject::PyMethodDef> {
    use crate::abi::methodobject::*;
    let fast =
        |name: &'static core::ffi::CStr, f: FastKwFn, doc: &'static core::ffi::CStr| PyMethodDef {
            ml_name: name.as_ptr(),
            // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
            ml_meth: Some(unsafe { core::mem::transmute::<FastKwFn, BinFn>(f) }),
            ml_flags: METH_FASTCALL | METH_KEYWORDS,
            ml_doc: doc.as_ptr(),
        };
    vec![
        fast(c"warn", py_warn, c"warn($module, /, message, category=None, stacklevel=1, source=None)\n--\n\nIssue a warning, or maybe ignore it or raise an exception."),
        fast(c"warn_explicit", py_warn_explicit, c"Low-level interface to warnings functionality."),
        PyMethodDef {
            ml_name: c"_filters_mutated".as_ptr(),
            ml_meth: Some(py_filters_mutated),
            ml_flags: METH_NOARGS,
            ml_doc: core::ptr::null(),
        },
    ]
}

/// `PyInit__warnings` (`_PyWarnings_Init`): the module sharing the interpreter's state.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        init_state()?;
        let m = args::create_module(
            c"_warnings",
            c"_warnings provides basic warning filtering support.\nIt is a helper module to speed up interpreter start-up.",
            methods,
        )?;
        let st = state();
        args::add(m.as_ptr(), "filters", (*st).filters)?;
        args::add(m.as_ptr(), "_onceregistry", (*st).once_registry)?;
        args::add(m.as_ptr(), "_defaultaction", (*st).default_action)?;
        Ok(m)
    })())
}

#[cfg(test)]
pub(crate) mod tests {
    //! Run from `codecsmodule::tests` (one runtime per test thread). Expected values are
    //! python3.11 -S -I's.
    use super::*;
    use crate::modules::codecsmodule::tests::show;

    unsafe fn s(x: &str) -> Ref {
        ustr::new_str(x).unwrap()
    }

    unsafe fn set_first_filter(action: &str) {
        let f = create_filter(exc::PyExc_UserWarning, action, None).unwrap();
        let filters = (*state()).filters;
        listobject::set_item_steal(filters, 0, f.into_raw()).unwrap();
    }

    unsafe fn explicit(msg: &str, line: i32, registry: *mut PyObject) -> String {
        let m = s(msg);
        let f = s("f.py");
        let module = s("m");
        show(
            warn_explicit_object(
                exc::PyExc_UserWarning,
                m.as_ptr(),
                f.as_ptr(),
                line,
                module.as_ptr(),
                registry,
                null_mut(),
                null_mut(),
            )
            .map(|_| object::new_none()),
        )
    }

    pub(crate) unsafe fn run() {
        // sys.stderr is a stand-in whose write() appends to a list.
        let interp = crate::lifecycle::pystate::current_interpreter();
        if (*interp).sysdict.is_null() {
            (*interp).sysdict = dictobject::new().unwrap().into_raw();
        }
        let written = listobject::new(0).unwrap();
        let stderr = crate::objects::moduleobject::new_str(b"fake_stderr").unwrap();
        let append = object::get_attr_str(written.as_ptr(), "append").unwrap();
        object::set_attr_str(stderr.as_ptr(), "write", append.as_ptr()).unwrap();
        dictobject::set_item_str((*interp).sysdict, "stderr", stderr.as_ptr()).unwrap();
        let output = || {
            let parts: Vec<String> = (0..listobject::len(written.as_ptr()))
                .map(|i| {
                    ustr::to_string_lossy(*listobject::items(written.as_ptr()).add(i as usize))
                })
                .collect();
            listobject::ass_slice(
                written.as_ptr(),
                0,
                listobject::len(written.as_ptr()),
                null_mut(),
            )
            .unwrap();
            parts.concat()
        };

        let m = Ref::from_raw(init_module());
        let filters = object::get_attr_str(m.as_ptr(), "filters").unwrap();
        assert_eq!(listobject::len(filters.as_ptr()), 5);
        assert_eq!(
            show(Ok(object::new_ref(*listobject::items(filters.as_ptr())))),
            "('default', None, <class 'DeprecationWarning'>, '__main__', 0)"
        );
        // A filter put first, as warnings.filterwarnings would.
        let f = create_filter(exc::PyExc_UserWarning, "ignore", None).unwrap();
        listobject::insert(filters.as_ptr(), 0, f.as_ptr()).unwrap();

        let reg = dictobject::new().unwrap();
        assert_eq!(explicit("boom", 3, reg.as_ptr()), "None");
        // The registry records the interpreter's filter version (other tests may have bumped it).
        let version = (*state()).filters_version;
        assert_eq!(show(Ok(reg.clone())), format!("{{'version': {version}}}"));
        set_first_filter("error");
        assert_eq!(explicit("boom", 3, reg.as_ptr()), "UserWarning: boom");
        set_first_filter("module");
        assert_eq!(explicit("hey", 3, reg.as_ptr()), "None");
        assert_eq!(explicit("hey", 5, reg.as_ptr()), "None");
        assert_eq!(output(), "f.py:3: UserWarning: hey\n");
        assert_eq!(
            show(Ok(reg.clone())),
            format!("{{'version': {version}, ('hey', <class 'UserWarning'>, 3): True, ('hey', <class 'UserWarning'>): True, ('hey', <class 'UserWarning'>, 5): True}}")
        );
        set_first_filter("once");
        assert_eq!(explicit("hello", 3, null_mut()), "None");
        assert_eq!(explicit("hello", 4, null_mut()), "None");
        assert_eq!(output(), "f.py:3: UserWarning: hello\n");
        let once = object::get_attr_str(m.as_ptr(), "_onceregistry").unwrap();
        assert_eq!(
            show(Ok(once)),
            format!("{{'version': {version}, ('hello', <class 'UserWarning'>): True}}")
        );
        set_first_filter("bogus");
        assert_eq!(
            explicit("x", 3, null_mut()),
            "RuntimeError: Unrecognized action ('bogus') in warnings.filters:\n ('bogus', None, <class 'UserWarning'>, None, 0)"
        );
        set_first_filter("always");
        // No frame: attributed to sys:1.
        assert_eq!(
            show(warn(exc::PyExc_RuntimeWarning, "deep", 100).map(|_| object::new_none())),
            "None"
        );
        assert_eq!(output(), "sys:1: RuntimeWarning: deep\n");
        // The module function's category check.
        let w = object::get_attr_str(m.as_ptr(), "warn").unwrap();
        let r = crate::objects::call::vectorcall(
            w.as_ptr(),
            &[
                s("x").as_ptr(),
                (&raw mut crate::objects::longobject::PyLong_Type).cast(),
            ],
            null_mut(),
        );
        assert_eq!(
            show(r),
            "TypeError: category must be a Warning subclass, not 'type'"
        );
        // _filters_mutated bumps the version: registries reset.
        let fm = object::get_attr_str(m.as_ptr(), "_filters_mutated").unwrap();
        crate::objects::call::call_no_args(fm.as_ptr()).unwrap();
        listobject::ass_slice(filters.as_ptr(), 0, 1, null_mut()).unwrap();
        assert_eq!(explicit("hey", 3, reg.as_ptr()), "None");
        assert_eq!(
            show(Ok(reg.clone())),
            format!("{{'version': {}, ('hey', <class 'UserWarning'>, 3): True}}", version + 1)
        );
        assert_eq!(output(), "f.py:3: UserWarning: hey\n");
    }
}
