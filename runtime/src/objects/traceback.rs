//! Traceback objects (CPython's Python/traceback.c): the `traceback` type with its
//! `tb_next`/`tb_frame`/`tb_lasti`/`tb_lineno` attributes and constructor, creation of an
//! entry for a frame, and the text of a printed traceback (`PyTraceBack_Print`'s format).
//! Recording a traceback entry as an exception leaves a frame (`PyTraceBack_Here`) needs
//! the interpreter's frames and belongs with them.

use super::typeobject::static_type;
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::{PyMethodDef, METH_NOARGS};
use crate::abi::pycore_frame::PyFrameObject;
use crate::abi::structmember::PyMemberDef;
use crate::abi::traceback::PyTracebackObject;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::lifecycle::fatal::fatal_on_panic;
use crate::objects::object::{self, py_type, xdecref, xincref, Ref};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

#[no_mangle]
pub static mut PyTraceBack_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(tb_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)\n--\n\nCreate a new traceback object.".as_ptr(),
    tp_traverse: Some(tb_traverse),
    tp_clear: Some(tb_clear),
    tp_methods: &raw mut TB_METHODS as *mut PyMethodDef,
    tp_members: &raw mut TB_MEMBERS as *mut PyMemberDef,
    tp_getset: &raw mut TB_GETSET as *mut PyGetSetDef,
    tp_new: Some(tb_new),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"traceback", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

/// `PyTraceBack_Check`: exactly a traceback object.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn is_traceback(op: *mut PyObject) -> bool {
    (*op).ob_type == &raw mut PyTraceBack_Type
}

#[inline(always)]
unsafe fn tb(op: *mut PyObject) -> *mut PyTracebackObject {
    op.cast()
}

/// `tb_create_raw`: a traceback entry for `frame` in front of `next` (NULL or a traceback).
///
/// # Safety
/// `next` is NULL or live; `frame` is NULL or live.
pub unsafe fn create(
    next: *mut PyObject,
    frame: *mut PyObject,
    lasti: c_int,
    lineno: c_int,
) -> PyResult<Ref> {
    if (!next.is_null() && !is_traceback(next))
        || frame.is_null()
        || !object::is_type(frame, &raw mut super::frameobject::PyFrame_Type)
    {
        return Err(errors::bad_internal_call());
    }
    let tp = &raw mut PyTraceBack_Type;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<PyTracebackObject>())?;
    object::init_object(op, tp);
    let t = tb(op);
    xincref(next);
    (*t).tb_next = next.cast();
    xincref(frame);
    (*t).tb_frame = frame.cast();
    (*t).tb_lasti = lasti;
    (*t).tb_lineno = lineno;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `traceback(tb_next, tb_frame, tb_lasti, tb_lineno)`.
unsafe fn tb_new_impl(args: *mut PyObject, kwargs: *mut PyObject) -> PyResult<Ref> {
    let mut parsed = [null_mut(); 4];
    crate::getargs::unpack_keywords_tuple(
        args,
        kwargs,
        "TracebackType",
        &["tb_next", "tb_frame", "tb_lasti", "tb_lineno"],
        4,
        4,
        &mut parsed,
    )?;
    let [next, frame, lasti, lineno] = parsed;
    let frame_type = &raw mut super::frameobject::PyFrame_Type;
    if !super::typeobject::is_subtype(py_type(frame), frame_type) {
        return Err(crate::getargs::bad_argument(
            "TracebackType",
            "argument 'tb_frame'",
            "frame",
            frame,
        ));
    }
    let lasti = crate::getargs::int_from_object(lasti)?;
    let lineno = crate::getargs::int_from_object(lineno)?;
    let next = if next == object::none() {
        null_mut()
    } else if !is_traceback(next) {
        return Err(errors::type_error(&format!(
            "expected traceback object or None, got '{}'",
            object::type_name(next)
        )));
    } else {
        next
    };
    create(next, frame, lasti, lineno)
}

unsafe extern "C" fn tb_new(
    _tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    fatal_on_panic("tb_new", || errors::ptr_result(tb_new_impl(args, kwargs)))
}

unsafe extern "C" fn tb_dir(_op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("traceback.__dir__", || {
        errors::ptr_result((|| {
            let list = super::listobject::new(0)?;
            for name in ["tb_frame", "tb_next", "tb_lasti", "tb_lineno"] {
                let s = super::unicodeobject::new_str(name)?;
                super::listobject::append(list.as_ptr(), s.as_ptr())?;
            }
            Ok(list)
        })())
    })
}

unsafe extern "C" fn tb_next_get(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let next = (*tb(op)).tb_next as *mut PyObject;
    object::new_ref(if next.is_null() { object::none() } else { next }).into_raw()
}

unsafe extern "C" fn tb_next_set(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    fatal_on_panic("traceback.tb_next", || {
        if value.is_null() {
            let _ = errors::type_error("can't delete tb_next attribute");
            return -1;
        }
        let new_next = if value == object::none() {
            null_mut()
        } else if !is_traceback(value) {
            let _ = errors::type_error(&format!(
                "expected traceback object, got '{}'",
                object::type_name(value)
            ));
            return -1;
        } else {
            value
        };
        let mut cursor = new_next as *mut PyTracebackObject;
        while !cursor.is_null() {
            if cursor as *mut PyObject == op {
                let _ = errors::value_error("traceback loop detected");
                return -1;
            }
            cursor = (*cursor).tb_next;
        }
        xincref(new_next);
        object::replace_slot((&raw mut (*tb(op)).tb_next).cast(), new_next);
        0
    })
}

unsafe extern "C" fn tb_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let t = tb(op);
    xdecref((*t).tb_next.cast());
    xdecref((*t).tb_frame.cast());
    crate::mem::gc::free(op);
}

unsafe extern "C" fn tb_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let t = tb(op);
    for f in [
        (*t).tb_next as *mut PyObject,
        (*t).tb_frame as *mut PyObject,
    ] {
        if !f.is_null() {
            let r = visit(f, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn tb_clear(op: *mut PyObject) -> c_int {
    let t = tb(op);
    let next = core::mem::replace(&mut (*t).tb_next, null_mut());
    let frame = core::mem::replace(&mut (*t).tb_frame, null_mut());
    xdecref(next.cast());
    xdecref(frame.cast());
    0
}

static mut TB_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"__dir__".as_ptr(),
        ml_meth: Some(tb_dir),
        ml_flags: METH_NOARGS,
        ml_doc: core::ptr::null(),
    },
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

// T_OBJECT = 6, T_INT = 1, READONLY = 1, PY_AUDIT_READ = 2 (structmember.h).
static mut TB_MEMBERS: [PyMemberDef; 4] = [
    PyMemberDef {
        name: c"tb_frame".as_ptr(),
        type_: 6,
        offset: core::mem::offset_of!(PyTracebackObject, tb_frame) as Py_ssize_t,
        flags: 1 | 2,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"tb_lasti".as_ptr(),
        type_: 1,
        offset: core::mem::offset_of!(PyTracebackObject, tb_lasti) as Py_ssize_t,
        flags: 1,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"tb_lineno".as_ptr(),
        type_: 1,
        offset: core::mem::offset_of!(PyTracebackObject, tb_lineno) as Py_ssize_t,
        flags: 1,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

static mut TB_GETSET: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"tb_next".as_ptr(),
        get: Some(tb_next_get),
        set: Some(tb_next_set),
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: core::ptr::null(),
        get: None,
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
];

/// The code object of a traceback entry's frame, if it has one.
unsafe fn entry_code(t: *mut PyTracebackObject) -> *mut crate::abi::code::PyCodeObject {
    let frame: *mut PyFrameObject = (*t).tb_frame;
    if frame.is_null() || (*frame).f_frame.is_null() {
        return null_mut();
    }
    (*(*frame).f_frame).f_code
}

/// The text of a printed traceback: `Traceback (most recent call last):`, then per entry
/// `  File "name", line N, in func` and the source line, stripped and indented by four
/// (the format of CPython's `PyTraceBack_Print`; used when no `traceback` module prints).
///
/// # Safety
/// `op` is a live traceback object (anything else gives "").
pub unsafe fn format_traceback(op: *mut PyObject) -> String {
    if op.is_null() || !is_traceback(op) {
        return String::new();
    }
    let mut out = String::from("Traceback (most recent call last):\n");
    let mut t = tb(op);
    let mut last: Option<(String, c_int, String)> = None;
    let mut repeats = 0usize;
    let flush_repeats = |out: &mut String, repeats: usize| {
        if repeats > 3 {
            let n = repeats - 3;
            out.push_str(&format!(
                "  [Previous line repeated {n} more time{}]\n",
                if n > 1 { "s" } else { "" }
            ));
        }
    };
    while !t.is_null() {
        let code = entry_code(t);
        let (file, name) = if code.is_null() {
            ("???".to_string(), "???".to_string())
        } else {
            let text = |p: *mut PyObject| {
                if p.is_null() || !object::is_str(p) {
                    "???".to_string()
                } else {
                    super::unicodeobject::to_string_lossy(p)
                }
            };
            (text((*code).co_filename), text((*code).co_name))
        };
        let line = (*t).tb_lineno;
        let key = (file.clone(), line, name.clone());
        if last.as_ref() == Some(&key) {
            repeats += 1;
        } else {
            flush_repeats(&mut out, repeats);
            repeats = 1;
            last = Some(key);
        }
        if repeats <= 3 {
            out.push_str(&format!("  File \"{file}\", line {line}, in {name}\n"));
            if let Some(src) = errors::program_text_lines(std::path::Path::new(&file), line) {
                let src = String::from_utf8_lossy(&src);
                let trimmed = src.trim();
                if !trimmed.is_empty() {
                    out.push_str("    ");
                    out.push_str(trimmed);
                    out.push('\n');
                }
            }
        }
        t = (*t).tb_next;
    }
    flush_repeats(&mut out, repeats);
    out
}

/// `PyTraceBack_Here`: pushes an entry for frame object `f` (at its current instruction and
/// line) onto the pending exception's traceback.
///
/// # Safety
/// `f` is a live frame object; a thread state is current.
pub unsafe fn here(f: *mut PyFrameObject) -> PyResult<()> {
    let (ty, value, tb) = errors::fetch();
    let frame = (*f).f_frame;
    let lasti = super::frameobject::lasti(frame) * 2;
    let line = super::frameobject::get_line_number(f);
    match create(tb, f.cast(), lasti, line) {
        Ok(new_tb) => {
            xdecref(tb);
            let _ = errors::restore(ty, value, new_tb.into_raw());
            Ok(())
        }
        Err(_) => {
            // Keep the original exception, chained with the failure.
            errors::chain_exceptions(ty, value, tb);
            Err(errors::ErrSet::assume_set())
        }
    }
}

/// The source line of `byte_offset` in `code` (`PyCode_Addr2Line`), -1 when it has none.
///
/// # Safety
/// `code` is a live code object.
pub unsafe fn addr2line(code: *mut crate::abi::code::PyCodeObject, byte_offset: c_int) -> c_int {
    addr2location(code, byte_offset).0
}

/// `(line, end line, column, end column)` of the instruction at `byte_offset`, -1 where
/// unknown (`PyCode_Addr2Location`), read from the 3.11 location table.
///
/// # Safety
/// `code` is a live code object.
pub unsafe fn addr2location(code: *mut crate::abi::code::PyCodeObject, byte_offset: c_int) -> (c_int, c_int, c_int, c_int) {
    if byte_offset < 0 {
        return ((*code).co_firstlineno, -1, -1, -1);
    }
    let table = (*code).co_linetable;
    if table.is_null() {
        return (-1, -1, -1, -1);
    }
    let bytes = super::bytesobject::as_slice(table);
    let target = byte_offset as usize / 2;
    let mut pos = 0usize;
    let mut unit = 0usize;
    let mut line = (*code).co_firstlineno;
    let read_varint = |pos: &mut usize| -> i64 {
        let mut v: i64 = 0;
        let mut shift = 0;
        while *pos < bytes.len() {
            let b = bytes[*pos];
            *pos += 1;
            v |= ((b & 63) as i64) << shift;
            shift += 6;
            if b & 64 == 0 {
                break;
            }
        }
        v
    };
    let read_svarint = |pos: &mut usize| -> i64 {
        let v = read_varint(pos);
        if v & 1 != 0 { -(v >> 1) } else { v >> 1 }
    };
    while pos < bytes.len() {
        let first = bytes[pos];
        pos += 1;
        let code_kind = (first >> 3) & 15;
        let length = (first & 7) as usize + 1;
        let loc: (c_int, c_int, c_int, c_int);
        match code_kind {
            15 => loc = (-1, -1, -1, -1),
            14 => {
                line += read_svarint(&mut pos) as c_int;
                let end_line = line + read_varint(&mut pos) as c_int;
                let col = read_varint(&mut pos) as c_int - 1;
                let end_col = read_varint(&mut pos) as c_int - 1;
                loc = (line, end_line, col, end_col);
            }
            13 => {
                line += read_svarint(&mut pos) as c_int;
                loc = (line, line, -1, -1);
            }
            10..=12 => {
                line += (code_kind - 10) as c_int;
                let col = bytes.get(pos).copied().unwrap_or(0) as c_int;
                let end_col = bytes.get(pos + 1).copied().unwrap_or(0) as c_int;
                pos += 2;
                loc = (line, line, col, end_col);
            }
            _ => {
                let b = bytes.get(pos).copied().unwrap_or(0) as c_int;
                pos += 1;
                let col = code_kind as c_int * 8 + ((b >> 4) & 7);
                loc = (line, line, col, col + (b & 15));
            }
        }
        if target < unit + length {
            return loc;
        }
        unit += length;
    }
    (-1, -1, -1, -1)
}

/// `_PyTraceback_Add(funcname, filename, lineno)`: adds an entry for a synthetic frame (an empty
/// code object named `funcname` in `filename`, at `lineno`) to the pending exception's
/// traceback, as C modules do for their callbacks. A failure to build the frame is chained
/// onto the pending exception instead.
///
/// # Safety
/// A thread state is current and an exception is pending.
pub unsafe fn add_synthetic(funcname: &str, filename: &[u8], lineno: core::ffi::c_int) {
    let (ty, value, tb) = errors::fetch();
    let frame = (|| -> PyResult<Ref> {
        let globals = crate::objects::dictobject::new()?;
        let code = crate::objects::codeobject::new_empty(filename, funcname, lineno)?;
        super::frameobject::new_frame(code.as_ptr(), globals.as_ptr(), core::ptr::null_mut())
    })();
    match frame {
        Ok(f) => {
            let f = f.as_ptr() as *mut PyFrameObject;
            (*f).f_lineno = lineno;
            let _ = errors::restore(ty, value, tb);
            let _ = here(f);
        }
        Err(_) => errors::chain_exceptions(ty, value, tb),
    }
}
