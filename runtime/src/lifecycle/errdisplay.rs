//! Printing exceptions: PyErr_Print/PrintEx/Display, the default sys.excepthook, SystemExit handling
//! (CPython's Python/pythonrun.c, the error-display part, and the traceback printer of
//! Python/traceback.c): tracebacks with source lines and 3.11's caret lines, chained exceptions,
//! exception groups in their boxed format, `__notes__`, SyntaxError's caret line.

use crate::abi::code::PyCodeObject;
use crate::abi::pyerrors::PyBaseExceptionObject;
use crate::abi::traceback::PyTracebackObject;
use crate::abi::*;
use crate::errors;
use crate::objects::exceptions::*;
use crate::objects::object::{self, Ref};
use crate::objects::{call, dictobject, tupleobject, unicodeobject};
use core::ffi::c_int;
use core::ptr::null_mut;

/// Repeated identical entries shown before "[Previous line repeated ...]".
const RECURSIVE_CUTOFF: usize = 3;
/// Exception-group nesting shown before "... (max_group_depth is 10)".
const MAX_GROUP_DEPTH: usize = 10;
/// Sub-exceptions shown per group before "and N more exceptions".
const MAX_GROUP_WIDTH: usize = 15;

/// `PySys_GetObject`: a `sys` attribute, borrowed, or NULL (no exception).
unsafe fn sys_object(name: &str) -> *mut PyObject {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() || (*interp).sysdict.is_null() {
        return null_mut();
    }
    match dictobject::get_item_str((*interp).sysdict, name) {
        Ok(Some(v)) => v,
        Ok(None) => null_mut(),
        Err(_) => {
            errors::clear();
            null_mut()
        }
    }
}

unsafe fn sys_set(name: &str, v: *mut PyObject) {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() || (*interp).sysdict.is_null() {
        return;
    }
    if dictobject::set_item_str((*interp).sysdict, name, v).is_err() {
        errors::clear();
    }
}

/// Writes `text` to `sys.stderr` (its `write`), or to the C stderr when that is None/missing.
unsafe fn write_err(text: &str) {
    write_to(sys_object("stderr"), text)
}

/// Writes `text` to file object `f` (its `write`), or to the C stderr when `f` is NULL/None.
unsafe fn write_to(f: *mut PyObject, text: &str) {
    if !f.is_null() && f != object::none() {
        let r = unicodeobject::new_str(text)
            .and_then(|s| call::call_method_str(f, "write", &[s.as_ptr()]));
        if r.is_ok() {
            return;
        }
        errors::clear();
    }
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
}

unsafe fn flush_stdout() {
    let f = sys_object("stdout");
    if !f.is_null() && f != object::none() && call::call_method_str(f, "flush", &[]).is_err() {
        errors::clear();
    }
}

/// `Py_Exit(status)`: finalizes the interpreter, then ends the process with `status`.
fn exit_process(status: c_int) -> ! {
    crate::lifecycle::pylifecycle::finalize();
    std::process::exit(status)
}

/// `_Py_HandleSystemExit`: when the pending exception is SystemExit, clears it and gives the
/// exit status (its `code`: None -> 0, an int -> that, anything else printed to stderr -> 1).
///
/// # Safety
/// A thread state is current.
pub unsafe fn handle_system_exit() -> Option<c_int> {
    if errors::occurred().is_null() || !errors::exception_matches(PyExc_SystemExit) {
        return None;
    }
    let (_, value, _) = errors::fetch_normalized()?;
    errors::clear();
    Some(exit_code_of(value.as_ptr()))
}

unsafe fn exit_code_of(value: *mut PyObject) -> c_int {
    let code = if errors::is_exception_instance(value) {
        match object::lookup_attr_str(value, "code") {
            Ok(Some(c)) => c,
            _ => {
                errors::clear();
                Ref::from_borrowed(value)
            }
        }
    } else {
        Ref::from_borrowed(value)
    };
    if code.as_ptr() == object::none() {
        return 0;
    }
    if object::has_feature(code.ob_type(), Py_TPFLAGS_LONG_SUBCLASS) {
        return match crate::objects::longobject::as_i64(code.as_ptr()) {
            Ok(v) => v as c_int,
            Err(_) => {
                errors::clear();
                -1
            }
        };
    }
    // Anything else is printed, and the status is 1.
    flush_stdout();
    let text = match object::str(code.as_ptr()) {
        Ok(s) => unicodeobject::to_string_lossy(s.as_ptr()),
        Err(_) => {
            errors::clear();
            String::new()
        }
    };
    write_err(&format!("{text}\n"));
    1
}

/// `PyErr_PrintEx`: prints the pending exception through `sys.excepthook` (recording
/// `sys.last_type/value/traceback` when asked); SystemExit exits the process instead.
///
/// # Safety
/// A thread state is current.
pub unsafe fn print_ex(set_sys_last_vars: bool) {
    if let Some(code) = handle_system_exit() {
        exit_process(code);
    }
    let Some((ty, value, tb)) = errors::fetch_normalized() else {
        return;
    };
    errors::clear();
    let tb_ptr = tb.as_ref().map_or(object::none(), |t| t.as_ptr());
    if let Some(t) = tb.as_ref() {
        let _ = set_traceback(value.as_ptr(), t.as_ptr());
        errors::clear();
    }
    if set_sys_last_vars {
        sys_set("last_type", ty.as_ptr());
        sys_set("last_value", value.as_ptr());
        sys_set("last_traceback", tb_ptr);
    }
    let hook = sys_object("excepthook");
    let have_sys = !(*crate::lifecycle::pystate::current_interpreter()).sysdict.is_null();
    if hook.is_null() || hook == object::none() {
        // Without a sys module at all (an interpreter started without Python code), the
        // exception is displayed directly, as sys.__excepthook__ would.
        if have_sys {
            write_err("sys.excepthook is missing\n");
        }
        display(ty.as_ptr(), value.as_ptr(), tb_ptr);
        return;
    }
    let hook = Ref::from_borrowed(hook);
    if call::vectorcall(
        hook.as_ptr(),
        &[ty.as_ptr(), value.as_ptr(), tb_ptr],
        null_mut(),
    )
    .is_ok()
    {
        return;
    }
    if let Some(code) = handle_system_exit() {
        exit_process(code);
    }
    let Some((t2, v2, tb2)) = errors::fetch_normalized() else {
        return;
    };
    errors::clear();
    flush_stdout();
    write_err("Error in sys.excepthook:\n");
    display(
        t2.as_ptr(),
        v2.as_ptr(),
        tb2.as_ref().map_or(object::none(), |t| t.as_ptr()),
    );
    write_err("\nOriginal exception was:\n");
    display(ty.as_ptr(), value.as_ptr(), tb_ptr);
}

/// `PyErr_Display` / `sys.__excepthook__`: writes the exception, its chain and tracebacks to
/// `sys.stderr`.
///
/// # Safety
/// Arguments are live (value an exception instance, or anything: printed as CPython does).
pub unsafe fn display(exc: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) {
    display_to(sys_object("stderr"), exc, value, tb)
}

/// `_PyErr_Display(file, exc, value, tb)`: as [`display`], to `file` (NULL/None: the C stderr).
///
/// # Safety
/// As [`display`]; `file` NULL or live.
pub unsafe fn display_to(
    file: *mut PyObject,
    _exc: *mut PyObject,
    value: *mut PyObject,
    tb: *mut PyObject,
) {
    let saved = errors::fetch();
    if !tb.is_null()
        && tb != object::none()
        && errors::is_exception_instance(value)
        && get_traceback(value).is_null()
        && crate::objects::traceback::is_traceback(tb)
    {
        let _ = set_traceback(value, tb);
        errors::clear();
    }
    flush_stdout();
    let text = format_exception(value);
    write_to(file, &text);
    errors::clear();
    let _ = errors::restore(saved.0, saved.1, saved.2);
}

/// The whole text `PyErr_Display` writes for `value`.
///
/// # Safety
/// `value` is live.
pub unsafe fn format_exception(value: *mut PyObject) -> String {
    let mut p = Printer {
        out: String::new(),
        seen: Vec::new(),
        depth: 0,
    };
    p.recursive(value);
    p.out
}

struct Printer {
    out: String,
    seen: Vec<*mut PyObject>,
    /// Nesting of exception groups being printed (0: outside any group).
    depth: usize,
}

impl Printer {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Appends `text` (whole lines) with the group margin (`  | ` per depth) in front of each.
    fn write_lines(&mut self, text: &str) {
        let m = if self.depth == 0 {
            String::new()
        } else {
            format!("{}| ", self.indent())
        };
        for line in text.split_inclusive('\n') {
            self.out.push_str(&m);
            self.out.push_str(line);
        }
    }

    unsafe fn recursive(&mut self, value: *mut PyObject) {
        self.seen.push(value);
        if errors::is_exception_instance(value) {
            let b = value as *mut PyBaseExceptionObject;
            let cause = (*b).cause;
            let context = (*b).context;
            if !cause.is_null() && errors::is_exception_instance(cause) {
                if !self.seen.contains(&cause) {
                    self.recursive(cause);
                    self.write_lines("\nThe above exception was the direct cause of the following exception:\n\n");
                }
            } else if !context.is_null()
                && (*b).suppress_context == 0
                && errors::is_exception_instance(context)
                && !self.seen.contains(&context)
            {
                self.recursive(context);
                self.write_lines(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
        if is_exception_group(value) {
            self.print_group(value);
        } else {
            self.print_one(value);
        }
    }

    unsafe fn print_one(&mut self, value: *mut PyObject) {
        if !errors::is_exception_instance(value) {
            let t = object::type_name(value).to_string();
            self.write_lines(&format!(
                "TypeError: print_exception(): Exception expected for value, {t} found\n"
            ));
            return;
        }
        let tb = get_traceback(value);
        if !tb.is_null() && crate::objects::traceback::is_traceback(tb) {
            self.write_lines("Traceback (most recent call last):\n");
            let body = format_tb_entries(tb);
            self.write_lines(&body);
        }
        let text = exception_only(value);
        self.write_lines(&text);
    }

    unsafe fn print_group(&mut self, value: *mut PyObject) {
        let top = self.depth == 0;
        if top {
            self.depth = 1;
        }
        let tb = get_traceback(value);
        if !tb.is_null() && crate::objects::traceback::is_traceback(tb) {
            // The outermost group's header carries a `+` instead of the bar.
            let bar = if top { "+ " } else { "| " };
            self.out.push_str(&format!(
                "{}{bar}Exception Group Traceback (most recent call last):\n",
                self.indent()
            ));
            let body = format_tb_entries(tb);
            self.write_lines(&body);
        }
        let text = exception_only(value);
        self.write_lines(&text);
        let excs = match object::get_attr_str(value, "exceptions") {
            Ok(e) if object::has_feature(e.ob_type(), Py_TPFLAGS_TUPLE_SUBCLASS) => e,
            _ => {
                errors::clear();
                if top {
                    self.depth = 0;
                }
                return;
            }
        };
        let n = (*(excs.as_ptr() as *mut PyVarObject)).ob_size as usize;
        if self.depth > MAX_GROUP_DEPTH {
            self.write_lines(&format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"));
        } else {
            let truncated = n > MAX_GROUP_WIDTH;
            let entries = n.min(MAX_GROUP_WIDTH) + usize::from(truncated);
            for i in 0..entries {
                let last = i + 1 == entries;
                let bar = if i == 0 { "+-" } else { "  " };
                let label = if truncated && last {
                    "...".to_string()
                } else {
                    (i + 1).to_string()
                };
                self.out.push_str(&format!(
                    "{}{bar}+---------------- {label} ----------------\n",
                    self.indent()
                ));
                self.depth += 1;
                if truncated && last {
                    let more = n - MAX_GROUP_WIDTH;
                    self.write_lines(&format!(
                        "and {more} more exception{}\n",
                        if more > 1 { "s" } else { "" }
                    ));
                } else {
                    let sub = *tupleobject::items(excs.as_ptr()).add(i);
                    self.recursive(sub);
                }
                if last {
                    self.out.push_str(&format!(
                        "{}+------------------------------------\n",
                        self.indent()
                    ));
                }
                self.depth -= 1;
            }
        }
        if top {
            self.depth = 0;
        }
    }
}

unsafe fn is_exception_group(v: *mut PyObject) -> bool {
    errors::is_exception_instance(v)
        && crate::objects::typeobject::is_subtype(
            object::py_type(v),
            PyExc_BaseExceptionGroup.cast(),
        )
}

/// `str(v)`, or None when that fails.
unsafe fn str_or_none(v: *mut PyObject) -> Option<String> {
    match object::str(v) {
        Ok(s) => Some(unicodeobject::to_string_lossy(s.as_ptr())),
        Err(_) => {
            errors::clear();
            None
        }
    }
}

/// The `Type: message` part (module-qualified type name, SyntaxError's location and caret,
/// `__notes__`).
unsafe fn exception_only(value: *mut PyObject) -> String {
    let mut out = String::new();
    let tp = object::py_type(value);
    let mut message_value = Ref::from_borrowed(value);
    if crate::objects::typeobject::is_subtype(tp, PyExc_SyntaxError.cast()) {
        if let Some((text, msg)) = syntax_error_lines(value) {
            out.push_str(&text);
            message_value = msg;
        }
    }
    let name = {
        let qual = match object::lookup_attr_str(tp.cast(), "__qualname__") {
            Ok(Some(q)) if object::is_str(q.as_ptr()) => {
                Some(unicodeobject::to_string_lossy(q.as_ptr()))
            }
            _ => {
                errors::clear();
                None
            }
        };
        let module = match object::lookup_attr_str(tp.cast(), "__module__") {
            Ok(Some(m)) if object::is_str(m.as_ptr()) => {
                Some(unicodeobject::to_string_lossy(m.as_ptr()))
            }
            _ => {
                errors::clear();
                None
            }
        };
        let qual = qual.unwrap_or_else(|| object::type_name_of(tp).into_owned());
        match module.as_deref() {
            None => format!("<unknown>.{qual}"),
            Some("builtins") | Some("__main__") => qual,
            Some(m) => format!("{m}.{qual}"),
        }
    };
    out.push_str(&name);
    match str_or_none(message_value.as_ptr()) {
        Some(s) if s.is_empty() => {}
        Some(s) => {
            out.push_str(": ");
            out.push_str(&s);
        }
        None => out.push_str(": <exception str() failed>"),
    }
    // `print_exception_suggestions`.
    match crate::suggestions::offer(value) {
        Ok(Some(s)) => {
            out.push_str(". Did you mean: '");
            out.push_str(&unicodeobject::to_string_lossy(s.as_ptr()));
            out.push_str("'?");
        }
        Ok(None) => {}
        Err(_) => errors::clear(),
    }
    out.push('\n');
    out.push_str(&notes_text(value));
    out
}

unsafe fn notes_text(value: *mut PyObject) -> String {
    let mut out = String::new();
    let notes = match object::lookup_attr_str(value, "__notes__") {
        Ok(Some(n)) => n,
        Ok(None) => return out,
        Err(_) => {
            errors::clear();
            return out;
        }
    };
    let is_seq = object::has_feature(
        notes.ob_type(),
        Py_TPFLAGS_LIST_SUBCLASS | Py_TPFLAGS_TUPLE_SUBCLASS,
    );
    if !is_seq || object::is_str(notes.as_ptr()) {
        let r = match object::repr(notes.as_ptr()) {
            Ok(r) => unicodeobject::to_string_lossy(r.as_ptr()),
            Err(_) => {
                errors::clear();
                "<__notes__ repr() failed>".to_string()
            }
        };
        out.push_str(&r);
        out.push('\n');
        return out;
    }
    let n = (*(notes.as_ptr() as *mut PyVarObject)).ob_size;
    for i in 0..n {
        let item = match crate::objects::r#abstract::sequence::get_item(notes.as_ptr(), i) {
            Ok(it) => it,
            Err(_) => {
                errors::clear();
                break;
            }
        };
        if object::is_str(item.as_ptr()) {
            out.push_str(&unicodeobject::to_string_lossy(item.as_ptr()));
        } else {
            out.push_str(
                &str_or_none(item.as_ptr()).unwrap_or_else(|| "<note str() failed>".to_string()),
            );
        }
        out.push('\n');
    }
    out
}

/// SyntaxError's `  File "f", line N` / the text / the caret line, and the message to print
/// after the type name (`msg`).
unsafe fn syntax_error_lines(value: *mut PyObject) -> Option<(String, Ref)> {
    let get = |name: &str| -> Option<Ref> {
        match object::lookup_attr_str(value, name) {
            Ok(v) => v,
            Err(_) => {
                errors::clear();
                None
            }
        }
    };
    let msg = get("msg")?;
    let filename = get("filename");
    let lineno = get("lineno")
        .and_then(|l| crate::objects::longobject::as_i64(l.as_ptr()).ok())
        .unwrap_or(0);
    errors::clear();
    let mut out = String::new();
    let file = match filename.as_ref() {
        Some(f) if object::is_str(f.as_ptr()) => unicodeobject::to_string_lossy(f.as_ptr()),
        _ => "<string>".to_string(),
    };
    out.push_str(&format!("  File \"{file}\", line {lineno}\n"));
    let text = get("text").filter(|t| object::is_str(t.as_ptr()));
    if let Some(text) = text {
        let text = unicodeobject::to_string_lossy(text.as_ptr());
        let offset =
            get("offset").and_then(|o| crate::objects::longobject::as_i64(o.as_ptr()).ok());
        let end_offset =
            get("end_offset").and_then(|o| crate::objects::longobject::as_i64(o.as_ptr()).ok());
        errors::clear();
        // The text's first line only, without its indentation; offsets are 1-based characters.
        let chars: Vec<char> = text.chars().collect();
        let line_end = chars.iter().position(|&c| c == '\n').unwrap_or(chars.len());
        let line: Vec<char> = chars[..line_end].to_vec();
        let lead = line
            .iter()
            .take_while(|c| **c == ' ' || **c == '\t' || **c == '\x0c')
            .count();
        let shown: String = line[lead..].iter().collect::<String>();
        let shown = shown.trim_end_matches(['\r', '\n']);
        out.push_str("    ");
        out.push_str(shown);
        out.push('\n');
        if let Some(mut off) = offset {
            let len = shown.chars().count() as i64;
            let mut end = end_offset.unwrap_or(off);
            if end <= off {
                end = off + 1;
            }
            off -= lead as i64;
            end -= lead as i64;
            if off < 1 {
                off = 1;
            }
            if end > len + 1 {
                end = len + 1;
            }
            if off <= len + 1 {
                let width = (end - off).max(1) as usize;
                let pad: String = shown
                    .chars()
                    .take((off - 1) as usize)
                    .map(|c| if c.is_whitespace() { c } else { ' ' })
                    .collect();
                out.push_str("    ");
                out.push_str(&pad);
                out.push_str(&"^".repeat(width));
                out.push('\n');
            }
        }
    }
    Some((out, msg))
}

/// The `File ...` lines (with source and carets) of a traceback chain, with CPython's
/// collapsing of repeated entries.
///
/// # Safety
/// `tb` is a live traceback object.
pub unsafe fn format_tb_entries(tb: *mut PyObject) -> String {
    let mut out = String::new();
    let mut t = tb as *mut PyTracebackObject;
    // sys.tracebacklimit: show only the last N entries.
    let limit = {
        let l = sys_object("tracebacklimit");
        if l.is_null() {
            None
        } else {
            match crate::objects::longobject::as_i64(l) {
                Ok(v) => Some(v.max(0) as usize),
                Err(_) => {
                    errors::clear();
                    None
                }
            }
        }
    };
    let mut depth = 0usize;
    let mut c = t;
    while !c.is_null() {
        depth += 1;
        c = (*c).tb_next;
    }
    if let Some(limit) = limit {
        while depth > limit && !t.is_null() {
            depth -= 1;
            t = (*t).tb_next;
        }
    }
    let mut last: Option<(*mut PyObject, c_int, *mut PyObject)> = None;
    let mut count = 0usize;
    while !t.is_null() {
        let frame = (*t).tb_frame;
        let code: *mut PyCodeObject = (*(*frame).f_frame).f_code;
        let key = ((*code).co_filename, (*t).tb_lineno, (*code).co_name);
        let same = last.is_some_and(|(f, l, n)| {
            l == key.1
                && object::rich_compare_bool(f, key.0, 2).unwrap_or(false)
                && object::rich_compare_bool(n, key.2, 2).unwrap_or(false)
        });
        errors::clear();
        if !same {
            if count > RECURSIVE_CUTOFF {
                let n = count - RECURSIVE_CUTOFF;
                out.push_str(&format!(
                    "  [Previous line repeated {n} more time{}]\n",
                    if n > 1 { "s" } else { "" }
                ));
            }
            last = Some(key);
            count = 0;
        }
        count += 1;
        if count <= RECURSIVE_CUTOFF {
            out.push_str(&entry_text(t, code));
        }
        t = (*t).tb_next;
    }
    if count > RECURSIVE_CUTOFF {
        let n = count - RECURSIVE_CUTOFF;
        out.push_str(&format!(
            "  [Previous line repeated {n} more time{}]\n",
            if n > 1 { "s" } else { "" }
        ));
    }
    out
}

/// One traceback entry: the `File` line, the stripped source line and its caret line.
unsafe fn entry_text(t: *mut PyTracebackObject, code: *mut PyCodeObject) -> String {
    let file = unicodeobject::to_string_lossy((*code).co_filename);
    let name = unicodeobject::to_string_lossy((*code).co_name);
    let lineno = (*t).tb_lineno;
    let mut out = format!("  File \"{file}\", line {lineno}, in {name}\n");
    let Some(raw) = errors::program_text_lines(std::path::Path::new(&file), lineno) else {
        return out;
    };
    let line = String::from_utf8_lossy(&raw).into_owned();
    let line = line.trim_end_matches(['\n', '\r']).trim_end();
    let ws = line
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t' || *c == '\x0c')
        .count();
    let stripped: String = line.chars().skip(ws).collect();
    if stripped.is_empty() {
        return out;
    }
    out.push_str("    ");
    out.push_str(&stripped);
    out.push('\n');
    if let Some(carets) = caret_line(line, ws, code, (*t).tb_lasti) {
        out.push_str(&carets);
    }
    out
}

/// Byte offset within `line` to a character offset (`_PyPegen_byte_offset_to_character_offset`).
fn char_offset(line: &str, byte: usize) -> Option<usize> {
    let b = byte.min(line.len());
    let prefix = line.as_bytes().get(..b)?;
    Some(String::from_utf8_lossy(prefix).chars().count())
}

/// The caret line under the failing expression, or None when 3.11 omits it (no position,
/// or the plain carets would span the whole stripped line).
unsafe fn caret_line(
    line: &str,
    ws: usize,
    code: *mut PyCodeObject,
    lasti: c_int,
) -> Option<String> {
    let (start_line, end_line, start_col, end_col) =
        crate::objects::traceback::addr2location(code, lasti);
    if start_line < 0 || end_line < 0 || start_col < 0 || end_col < 0 {
        return None;
    }
    let start = char_offset(line, start_col as usize)?;
    let mut end = char_offset(line, end_col as usize)?;
    let mut anchors: Option<(usize, usize)> = None;
    if start_line == end_line {
        anchors = extract_anchors(line, start, end);
    } else {
        end = line.chars().count();
    }
    let stripped_len = line.chars().count() - ws;
    if end.saturating_sub(start) == stripped_len && anchors.is_none() {
        return None;
    }
    let mut s = String::from("    ");
    for i in ws..end {
        let ch = if i < start {
            ' '
        } else if let Some((left_end, right_start)) = anchors {
            if left_end <= i && i < right_start {
                '^'
            } else {
                '~'
            }
        } else {
            '^'
        };
        s.push(ch);
    }
    s.push('\n');
    Some(s)
}

/// `extract_anchors_from_line`: for a binary operation, the operator; for a subscript, the
/// brackets and index; as character offsets in the line.
fn extract_anchors(line: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    use ferrython_compiler::ast::{ExprKind, Mod, StmtKind};
    let segment: String = line
        .chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    let module = ferrython_compiler::parser::parse_bytes(
        segment.as_bytes(),
        "<traceback>",
        ferrython_compiler::parser::Mode::Exec,
        Default::default(),
    )
    .ok()?;
    let Mod::Module(m) = module else { return None };
    if m.body.len() != 1 {
        return None;
    }
    let StmtKind::Expr(e) = &m.body[0].kind else {
        return None;
    };
    let bytes = segment.as_bytes();
    let (left, right) = match &e.value.kind {
        ExprKind::BinOp(b) => {
            let from = b.left.location.end_col_offset as usize;
            let to = b.right.location.col_offset as usize;
            let mut found = None;
            let mut i = from;
            while i < to {
                let c = bytes[i];
                if c == b' ' || c == b'\t' || c == b'\x0c' || c == b'\n' || c == b'\r' {
                    i += 1;
                    continue;
                }
                let mut r = i + 1;
                if i + 1 < to && !matches!(bytes[i + 1], b' ' | b'\t' | b'\x0c' | b'\n' | b'\r') {
                    r += 1;
                }
                found = Some((i, r));
                break;
            }
            found?
        }
        ExprKind::Subscript(s) => (
            s.value.location.end_col_offset as usize,
            s.slice.location.end_col_offset as usize + 1,
        ),
        _ => return None,
    };
    Some((
        char_offset(&segment, left)? + start,
        char_offset(&segment, right)? + start,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::code::PyCodeObject;
    use crate::objects::{bytesobject, frameobject, traceback};

    /// A code object with just what frames and tracebacks read (the code helper's
    /// constructor is not used so these tests stand alone); kept alive for the test's life.
    unsafe fn code(
        filename: &str,
        name: &str,
        firstlineno: i32,
        linetable: &[u8],
        units: isize,
    ) -> *mut PyObject {
        let op = object::new_var_object(&raw mut crate::objects::codeobject::PyCode_Type, units)
            .unwrap() as *mut PyCodeObject;
        let c = &mut *op;
        c.co_filename = unicodeobject::new_str(filename).unwrap().into_raw();
        c.co_name = unicodeobject::new_str(name).unwrap().into_raw();
        c.co_qualname = unicodeobject::new_str(name).unwrap().into_raw();
        c.co_linetable = bytesobject::from_slice(linetable).unwrap().into_raw();
        c.co_localsplusnames = tupleobject::pack(&[]).unwrap().into_raw();
        c.co_localspluskinds = bytesobject::from_slice(b"").unwrap().into_raw();
        c.co_firstlineno = firstlineno;
        c.co_nlocalsplus = 0;
        c.co_stacksize = 1;
        c._co_firsttraceable = 0;
        op.cast()
    }

    /// A traceback entry for a new frame of `code` at instruction 0, in front of `next`.
    unsafe fn entry(code: *mut PyObject, next: *mut PyObject) -> Ref {
        let globals = dictobject::new().unwrap();
        let f = frameobject::new_frame(code, globals.as_ptr(), null_mut()).unwrap();
        // The frame has "started": instruction 0 is the current one.
        let fr = (*(f.as_ptr() as *mut crate::abi::pycore_frame::PyFrameObject)).f_frame;
        (*fr).prev_instr = (&raw mut (*(code as *mut PyCodeObject)).co_code_adaptive).cast();
        let line = frameobject::frame_lineno(fr);
        std::mem::forget(globals);
        traceback::create(next, f.as_ptr(), 0, line).unwrap()
    }

    unsafe fn exception(tp: *mut PyObject, msg: &str) -> Ref {
        let m = unicodeobject::new_str(msg).unwrap();
        call::call_one_arg(tp, m.as_ptr()).unwrap()
    }

    #[test]
    fn errdisplay_matches_python311() {
        let _runtime = crate::testing::hold_runtime();
        crate::testing::init();
        // SAFETY: the runtime is initialized on this thread; every object is live while used.
        unsafe {
            let dir =
                std::env::temp_dir().join(format!("ferrython-errdisplay-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("prog.py");
            std::fs::write(&path, "def compute(numerator, denominator):\n    return numerator / denominator\n\ndef whole():\n    undefined_name\n").unwrap();
            let file = path.to_str().unwrap();

            // `numerator / denominator`: line 2, columns 11..34 (long-form location entry).
            let compute = code(file, "compute", 1, &[0xF0, 2, 0, 12, 35], 1);
            assert_eq!(traceback::addr2location(compute.cast(), 0), (2, 2, 11, 34));
            // `undefined_name`: line 5, columns 4..18 (short form, code 4: col 32+... no: one-line form).
            let whole = code(file, "whole", 4, &[0xF0, 2, 0, 5, 19], 1);
            assert_eq!(traceback::addr2line(whole.cast(), 0), 5);
            let module = code("<string>", "<module>", 1, &[0xE8 | 0, 6], 1);
            assert_eq!(
                traceback::addr2line(module.cast(), 0),
                4,
                "short form: line delta only"
            );

            let inner = entry(compute, null_mut());
            let tb1 = entry(module, inner.as_ptr());
            let zde = exception(PyExc_ZeroDivisionError.cast(), "division by zero");
            set_traceback(zde.as_ptr(), tb1.as_ptr()).unwrap();

            let inner2 = entry(whole, null_mut());
            let tb2 = entry(module, inner2.as_ptr());
            let ne = exception(
                PyExc_NameError.cast(),
                "name 'undefined_name' is not defined",
            );
            set_traceback(ne.as_ptr(), tb2.as_ptr()).unwrap();
            set_context(ne.as_ptr(), zde.clone().into_raw());
            let note = unicodeobject::new_str("a note").unwrap();
            call::call_method_str(ne.as_ptr(), "add_note", &[note.as_ptr()]).unwrap();

            let expected = format!(
                "Traceback (most recent call last):\n  File \"<string>\", line 4, in <module>\n  File \"{file}\", line 2, in compute\n    return numerator / denominator\n           ~~~~~~~~~~^~~~~~~~~~~~~\nZeroDivisionError: division by zero\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"<string>\", line 4, in <module>\n  File \"{file}\", line 5, in whole\n    undefined_name\nNameError: name 'undefined_name' is not defined\na note\n"
            );
            assert_eq!(format_exception(ne.as_ptr()), expected);

            // A subscript: `~` under the value, `^` under the brackets (line 2, columns 12..30).
            std::fs::write(
                dir.join("sub.py"),
                "def look(mapping):\n    value = mapping[\"missing\"]\n    return value\n",
            )
            .unwrap();
            let sub_file = dir.join("sub.py");
            let look = code(
                sub_file.to_str().unwrap(),
                "look",
                1,
                &[0xF0, 2, 0, 13, 31],
                1,
            );
            let ke = exception(PyExc_KeyError.cast(), "missing");
            let tb3 = entry(look, null_mut());
            set_traceback(ke.as_ptr(), tb3.as_ptr()).unwrap();
            assert_eq!(
                format_exception(ke.as_ptr()),
                format!("Traceback (most recent call last):\n  File \"{}\", line 2, in look\n    value = mapping[\"missing\"]\n            ~~~~~~~^^^^^^^^^^^\nKeyError: 'missing'\n", sub_file.display())
            );

            // SyntaxError: location line, text, carets from offset/end_offset (python3.11's output).
            for (text, offset, end, msg, expected) in [
                (
                    "print(1 2)\n",
                    7,
                    10,
                    "invalid syntax. Perhaps you forgot a comma?",
                    "    print(1 2)\n          ^^^\n",
                ),
                ("a b c\n", 3, 4, "invalid syntax", "    a b c\n      ^\n"),
                (
                    "x = (1 +\n",
                    5,
                    0,
                    "'(' was never closed",
                    "    x = (1 +\n        ^\n",
                ),
            ] {
                let args: Vec<Ref> = vec![
                    unicodeobject::new_str("f.py").unwrap(),
                    crate::objects::longobject::from_i64(1).unwrap(),
                    crate::objects::longobject::from_i64(offset).unwrap(),
                    unicodeobject::new_str(text).unwrap(),
                    crate::objects::longobject::from_i64(1).unwrap(),
                    crate::objects::longobject::from_i64(end).unwrap(),
                ];
                let ptrs: Vec<*mut PyObject> = args.iter().map(|r| r.as_ptr()).collect();
                let details = tupleobject::pack(&ptrs).unwrap();
                let m = unicodeobject::new_str(msg).unwrap();
                let se = call::vectorcall(
                    PyExc_SyntaxError.cast(),
                    &[m.as_ptr(), details.as_ptr()],
                    null_mut(),
                )
                .unwrap();
                assert_eq!(
                    format_exception(se.as_ptr()),
                    format!("  File \"f.py\", line 1\n{expected}SyntaxError: {msg}\n")
                );
            }

            // An exception group without a traceback, as python3.11's sys.__excepthook__ prints it.
            let v = exception(PyExc_ValueError.cast(), "1");
            let t = exception(PyExc_TypeError.cast(), "2");
            let list = tupleobject::pack(&[v.as_ptr(), t.as_ptr()]).unwrap();
            let egtype = crate::objects::exceptions::exception_group_type();
            let msg = unicodeobject::new_str("eg").unwrap();
            let eg = call::vectorcall(egtype.cast(), &[msg.as_ptr(), list.as_ptr()], null_mut())
                .unwrap();
            assert_eq!(
                format_exception(eg.as_ptr()),
                "  | ExceptionGroup: eg (2 sub-exceptions)\n  +-+---------------- 1 ----------------\n    | ValueError: 1\n    +---------------- 2 ----------------\n    | TypeError: 2\n    +------------------------------------\n"
            );

            // SystemExit's code: None -> 0, int -> itself, other -> printed, 1.
            let se = call::call_one_arg(
                PyExc_SystemExit.cast(),
                crate::objects::longobject::from_i64(3).unwrap().as_ptr(),
            )
            .unwrap();
            let _ = errors::set_object(PyExc_SystemExit.cast(), se.as_ptr());
            assert_eq!(handle_system_exit(), Some(3));
            assert!(errors::occurred().is_null());
            let _ = errors::set_none(PyExc_SystemExit.cast());
            assert_eq!(handle_system_exit(), Some(0));
            let _ = errors::value_error("x");
            assert_eq!(handle_system_exit(), None);
            errors::clear();
            std::fs::remove_dir_all(&dir).unwrap();

            // The generator family, in the same test: the runtime belongs to one thread.
            crate::objects::genobject::tests::run();
            crate::objects::frameobject::tests::run();
        }
    }
}
