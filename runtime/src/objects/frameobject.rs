//! Frame objects (CPython 3.11's Objects/frameobject.c and the frame-object part of
//! Python/frame.c): the `frame` type made on demand to show an `_PyInterpreterFrame` to Python,
//! taking over the frame's data when it outlives its execution (`take_ownership`), clearing a
//! finished frame's references, the fast-locals <-> `f_locals` dict synchronisation, and the
//! current line of a frame.

use super::typeobject::static_type;
use crate::abi::code::{
    _Py_CODEUNIT, PyCodeObject, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL, CO_OPTIMIZED,
};
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::{PyMethodDef, METH_NOARGS};
use crate::abi::pycore_frame::*;
use crate::abi::structmember::PyMemberDef;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::lifecycle::fatal::fatal_on_panic;
use crate::objects::object::{self, xdecref, Ref};
use core::ffi::{c_int, c_void};
use core::mem::{offset_of, size_of};
use core::ptr::null_mut;

const OP_MAKE_CELL: u16 = 135;
const OP_COPY_FREE_VARS: u16 = 149;
const OP_EXTENDED_ARG: u16 = 144;

/// `tp_basicsize`: the frame object's header up to the embedded frame's `localsplus`.
const FRAME_BASICSIZE: usize =
    offset_of!(PyFrameObject, _f_frame_data) + offset_of!(_PyInterpreterFrame, localsplus);

#[no_mangle]
pub static mut PyFrame_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(frame_dealloc),
    tp_repr: Some(frame_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_setattro: Some(object::PyObject_GenericSetAttr),
    tp_traverse: Some(frame_traverse),
    tp_clear: Some(frame_tp_clear),
    tp_methods: &raw mut FRAME_METHODS as *mut PyMethodDef,
    tp_members: &raw mut FRAME_MEMBERS as *mut PyMemberDef,
    tp_getset: &raw mut FRAME_GETSET as *mut PyGetSetDef,
    ..static_type(
        &raw mut super::typeobject::PyType_Type,
        c"frame",
        120,
        8,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

#[inline(always)]
unsafe fn fo(op: *mut PyObject) -> *mut PyFrameObject {
    op.cast()
}

#[inline(always)]
unsafe fn localsplus(frame: *mut _PyInterpreterFrame) -> *mut *mut PyObject {
    (&raw mut (*frame).localsplus).cast()
}

#[inline(always)]
unsafe fn code_start(code: *mut PyCodeObject) -> *mut _Py_CODEUNIT {
    (&raw mut (*code).co_code_adaptive).cast()
}

/// `_PyInterpreterFrame_LASTI`: index (in code units) of the last instruction started; -1 when
/// the frame has not started.
pub unsafe fn lasti(frame: *mut _PyInterpreterFrame) -> c_int {
    ((*frame).prev_instr as isize - code_start((*frame).f_code) as isize) as c_int
        / size_of::<_Py_CODEUNIT>() as c_int
}

/// `_PyInterpreterFrame_GetLine`: the line being executed (`co_firstlineno` before the start).
///
/// # Safety
/// `frame` is a live frame.
pub unsafe fn frame_lineno(frame: *mut _PyInterpreterFrame) -> c_int {
    let code = (*frame).f_code;
    let addr = lasti(frame) * size_of::<_Py_CODEUNIT>() as c_int;
    if addr < 0 {
        return (*code).co_firstlineno;
    }
    super::traceback::addr2line(code, addr)
}

/// `PyFrame_GetLineNumber`: the tracing line while a trace function follows lines, else the
/// line of the current instruction.
///
/// # Safety
/// `f` is a live frame object.
pub unsafe fn get_line_number(f: *mut PyFrameObject) -> c_int {
    if (*f).f_lineno != 0 {
        (*f).f_lineno
    } else {
        frame_lineno((*f).f_frame)
    }
}

/// `_PyFrame_New_NoTrack`: an untracked frame object with room for a copy of a frame of `code`.
unsafe fn new_frame_object(code: *mut PyCodeObject) -> PyResult<*mut PyFrameObject> {
    let slots = ((*code).co_nlocalsplus + (*code).co_stacksize) as usize;
    let tp = &raw mut PyFrame_Type;
    let op = crate::mem::gc::alloc(tp, FRAME_BASICSIZE + slots * size_of::<*mut PyObject>())?;
    object::init_var_object(op.cast(), tp, slots as Py_ssize_t);
    let f = fo(op);
    (*f).f_back = null_mut();
    (*f).f_frame = null_mut();
    (*f).f_trace = null_mut();
    (*f).f_lineno = 0;
    (*f).f_trace_lines = 1;
    (*f).f_trace_opcodes = 0;
    (*f).f_fast_as_locals = 0;
    Ok(f)
}

/// `_PyFrame_GetFrameObject`: the frame object of `frame`, made on demand (borrowed: the
/// frame keeps it).
///
/// # Safety
/// `frame` is a live, complete frame.
pub unsafe fn get_frame_object(frame: *mut _PyInterpreterFrame) -> PyResult<*mut PyFrameObject> {
    if !(*frame).frame_obj.is_null() {
        return Ok((*frame).frame_obj);
    }
    let f = new_frame_object((*frame).f_code)?;
    (*f).f_frame = frame;
    (*frame).frame_obj = f;
    Ok(f)
}

/// `take_ownership`: `f` outlives `frame` (which is being cleared): the frame's data moves into
/// the frame object, and the caller chain becomes `f_back` links.
///
/// # Safety
/// `f` is the live frame object of `frame`, which is being released by its owner.
pub unsafe fn take_ownership(f: *mut PyFrameObject, frame: *mut _PyInterpreterFrame) {
    let size = offset_of!(_PyInterpreterFrame, localsplus)
        + (*frame).stacktop.max(0) as usize * size_of::<*mut PyObject>();
    let dest: *mut _PyInterpreterFrame = (&raw mut (*f)._f_frame_data).cast();
    core::ptr::copy_nonoverlapping(frame.cast::<u8>(), dest.cast::<u8>(), size);
    (*f).f_frame = dest;
    (*dest).owner = FRAME_OWNED_BY_FRAME_OBJECT;
    if super::genobject::frame_is_incomplete(dest) {
        // A frame that never ran its prologue: pretend it did, it is dead anyway.
        let code = (*dest).f_code;
        (*dest).prev_instr = code_start(code).add((*code)._co_firsttraceable as usize);
    }
    let prev = super::genobject::first_complete((*dest).previous);
    if !prev.is_null() {
        match get_frame_object(prev) {
            Ok(back) => {
                object::incref(back.cast());
                (*f).f_back = back;
            }
            Err(_) => errors::clear(),
        }
        (*dest).previous = null_mut();
    }
    if !crate::mem::gc::is_tracked(f.cast()) {
        crate::mem::gc::track(f.cast());
    }
}

/// `_PyFrame_Clear`: releases a finished frame's references, or hands its data to its frame
/// object when someone else still holds that.
///
/// # Safety
/// `frame` is a live frame no longer executing and unlinked from the thread's chain.
#[inline]
pub unsafe fn clear_frame_data(frame: *mut _PyInterpreterFrame) {
    let f = (*frame).frame_obj;
    if !f.is_null() {
        (*frame).frame_obj = null_mut();
        if (*f.cast::<PyObject>()).ob_refcnt > 1 {
            take_ownership(f, frame);
            object::decref(f.cast());
            return;
        }
        object::decref(f.cast());
    }
    release_frame_refs(frame);
}

/// Drops the references a frame holds (its stack and locals, locals dict, function, code).
unsafe fn release_frame_refs(frame: *mut _PyInterpreterFrame) {
    let base = localsplus(frame);
    let n = (*frame).stacktop.max(0) as usize;
    (*frame).stacktop = 0;
    for i in 0..n {
        xdecref(*base.add(i));
    }
    xdecref(core::mem::replace(&mut (*frame).f_locals, null_mut()));
    xdecref(core::mem::replace(&mut (*frame).f_func, null_mut()).cast());
    xdecref(core::mem::replace(&mut (*frame).f_code, null_mut()).cast());
}

/// Whether the instruction `op` with argument `oparg` ran already in `frame`
/// (`_PyFrame_OpAlreadyRan`): searched in the code before the current instruction.
unsafe fn op_already_ran(frame: *mut _PyInterpreterFrame, op: u16, oparg: c_int) -> bool {
    let code = code_start((*frame).f_code);
    let last = lasti(frame);
    let mut ext: c_int = 0;
    for i in 0..last.max(0) as usize {
        let unit = *code.add(i);
        let (o, a) = (unit & 0xff, (unit >> 8) as c_int | ext);
        if o == OP_EXTENDED_ARG {
            ext = a << 8;
            continue;
        }
        ext = 0;
        if o == op && a == oparg {
            return true;
        }
    }
    false
}

/// `_PyFrame_FastToLocalsWithError`: copies the fast locals (cells and free variables
/// dereferenced) into the frame's `f_locals` dict, made if missing; returns that dict, borrowed.
///
/// # Safety
/// `frame` is a live frame.
pub unsafe fn fast_to_locals(frame: *mut _PyInterpreterFrame) -> PyResult<*mut PyObject> {
    if (*frame).f_locals.is_null() {
        (*frame).f_locals = super::dictobject::new()?.into_raw();
    }
    let locals = (*frame).f_locals;
    let code = (*frame).f_code;
    let fast = localsplus(frame);
    if lasti(frame) < 0
        && (*code_start(code) & 0xff) == OP_COPY_FREE_VARS
        && !(*frame).f_func.is_null()
    {
        // The free variables are not copied in yet: do it now, as COPY_FREE_VARS would.
        let closure = (*(*frame).f_func).func_closure;
        let offset = ((*code).co_nlocals + (*code).co_nplaincellvars) as usize;
        for i in 0..(*code).co_nfreevars as usize {
            let cell = *super::tupleobject::items(closure).add(i);
            object::incref(cell);
            *fast.add(offset + i) = cell;
        }
        (*frame).prev_instr = code_start(code);
    }
    let kinds = super::bytesobject::as_slice((*code).co_localspluskinds);
    let names = (*code).co_localsplusnames;
    for i in 0..(*code).co_nlocalsplus as usize {
        let kind = kinds[i];
        if kind & CO_FAST_FREE != 0 && (*code).co_flags & CO_OPTIMIZED == 0 {
            continue;
        }
        let name = *super::tupleobject::items(names).add(i);
        let mut value = *fast.add(i);
        if (*frame).stacktop != 0 {
            if kind & CO_FAST_FREE != 0 {
                value = super::cellobject::get(value)?;
            } else if kind & CO_FAST_CELL != 0
                && !value.is_null()
                && super::cellobject::is_cell(value)
                && op_already_ran(frame, OP_MAKE_CELL, i as c_int)
            {
                value = super::cellobject::get(value)?;
            }
        }
        if value.is_null() {
            if super::r#abstract::mapping::del_item(locals, name).is_err() {
                if errors::exception_matches(super::exceptions::PyExc_KeyError) {
                    errors::clear();
                } else {
                    return Err(errors::ErrSet::assume_set());
                }
            }
        } else {
            super::r#abstract::mapping::set_item(locals, name, value)?;
        }
    }
    Ok(locals)
}

/// `_PyFrame_LocalsToFast`: copies `f_locals` back into the fast locals (cells updated in
/// place); with `clear`, names missing from the dict become unbound.
///
/// # Safety
/// `frame` is a live frame.
pub unsafe fn locals_to_fast(frame: *mut _PyInterpreterFrame, clear: bool) {
    let locals = (*frame).f_locals;
    if locals.is_null() {
        return;
    }
    let code = (*frame).f_code;
    let fast = localsplus(frame);
    let kinds = super::bytesobject::as_slice((*code).co_localspluskinds);
    let names = (*code).co_localsplusnames;
    let saved = errors::fetch();
    for i in 0..(*code).co_nlocalsplus as usize {
        let kind = kinds[i];
        if kind & CO_FAST_FREE != 0 && (*code).co_flags & CO_OPTIMIZED == 0 {
            continue;
        }
        let name = *super::tupleobject::items(names).add(i);
        let value = match super::r#abstract::mapping::get_item(locals, name) {
            Ok(v) => v.into_raw(),
            Err(_) => {
                errors::clear();
                if !clear {
                    continue;
                }
                null_mut()
            }
        };
        let old = *fast.add(i);
        let mut cell = null_mut();
        if kind == CO_FAST_FREE {
            cell = old;
        } else if kind & CO_FAST_CELL != 0
            && !old.is_null()
            && super::cellobject::is_cell(old)
            && op_already_ran(frame, OP_MAKE_CELL, i as c_int)
        {
            cell = old;
        }
        if !cell.is_null() {
            let current = super::cellobject::get(cell).unwrap_or(null_mut());
            if current != value {
                let _ = super::cellobject::set(cell, value);
            }
            xdecref(value);
        } else if old != value {
            *fast.add(i) = value;
            xdecref(old);
        } else {
            xdecref(value);
        }
        let _ = kind & CO_FAST_LOCAL;
    }
    let _ = errors::restore(saved.0, saved.1, saved.2);
}

/// `PyFrame_New`: a frame object (owning its frame) for `code` with the given namespaces, as
/// the C API makes for tracebacks of C code.
///
/// # Safety
/// `code` is a live code object; `globals` a dict; `locals` NULL or a mapping.
pub unsafe fn new_frame(
    code: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
) -> PyResult<Ref> {
    let code = code as *mut PyCodeObject;
    let builtins = match super::dictobject::get_item_str(globals, "__builtins__")? {
        Some(b) if object::is_type(b, &raw mut super::moduleobject::PyModule_Type) => {
            super::moduleobject::get_dict(b)?
        }
        Some(b) => b,
        None => (*crate::lifecycle::pystate::current_interpreter()).builtins,
    };
    // No function object: the frame only shows code and namespaces (tracebacks of C code).
    let f = new_frame_object(code)?;
    let frame: *mut _PyInterpreterFrame = (&raw mut (*f)._f_frame_data).cast();
    (*f).f_frame = frame;
    core::ptr::write_bytes(
        frame.cast::<u8>(),
        0,
        offset_of!(_PyInterpreterFrame, localsplus),
    );
    (*frame).f_func = null_mut();
    object::incref(code.cast());
    (*frame).f_code = code;
    // The frame object keeps its namespaces alive (released with the frame data).
    (*frame).f_globals = globals;
    (*frame).f_builtins = builtins;
    object::xincref(locals);
    (*frame).f_locals = locals;
    let n = (*code).co_nlocalsplus as usize;
    for i in 0..n {
        *localsplus(frame).add(i) = null_mut();
    }
    (*frame).stacktop = n as c_int;
    (*frame).prev_instr = code_start(code).sub(1);
    (*frame).owner = FRAME_OWNED_BY_FRAME_OBJECT;
    (*frame).frame_obj = f;
    crate::mem::gc::track(f.cast());
    Ok(Ref::from_raw(f.cast()))
}

/// `PyFrame_GetBack`: the caller's frame object (new reference) or None.
///
/// # Safety
/// `f` is a live frame object.
pub unsafe fn get_back(f: *mut PyFrameObject) -> PyResult<Option<Ref>> {
    if !(*f).f_back.is_null() {
        return Ok(Some(Ref::from_borrowed((*f).f_back.cast())));
    }
    let prev = super::genobject::first_complete((*(*f).f_frame).previous);
    if prev.is_null() {
        return Ok(None);
    }
    Ok(Some(Ref::from_borrowed(get_frame_object(prev)?.cast())))
}

/// `PyFrame_GetGenerator`: the generator owning the frame, or None.
///
/// # Safety
/// `f` is a live frame object.
pub unsafe fn get_generator(f: *mut PyFrameObject) -> Option<Ref> {
    let frame = (*f).f_frame;
    if (*frame).owner != FRAME_OWNED_BY_GENERATOR {
        return None;
    }
    let g = frame
        .cast::<u8>()
        .sub(offset_of!(crate::abi::genobject::PyGenObject, gi_iframe));
    Some(Ref::from_borrowed(g.cast()))
}

// ---- the type ----

unsafe extern "C" fn frame_dealloc(op: *mut PyObject) {
    if crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
    let f = fo(op);
    let frame = (*f).f_frame;
    if !frame.is_null() && (*frame).owner == FRAME_OWNED_BY_FRAME_OBJECT {
        release_frame_refs(frame);
    }
    xdecref(core::mem::replace(&mut (*f).f_back, null_mut()).cast());
    xdecref(core::mem::replace(&mut (*f).f_trace, null_mut()));
    crate::mem::gc::free(op);
}

unsafe extern "C" fn frame_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let Some(visit) = visit else { return 0 };
    let f = fo(op);
    let mut fields = vec![(*f).f_back as *mut PyObject, (*f).f_trace];
    let frame = (*f).f_frame;
    if !frame.is_null() && (*frame).owner == FRAME_OWNED_BY_FRAME_OBJECT {
        fields.extend([
            (*frame).f_func.cast(),
            (*frame).f_code.cast(),
            (*frame).f_locals,
        ]);
        for i in 0..(*frame).stacktop.max(0) as usize {
            fields.push(*localsplus(frame).add(i));
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

unsafe extern "C" fn frame_tp_clear(op: *mut PyObject) -> c_int {
    let f = fo(op);
    xdecref(core::mem::replace(&mut (*f).f_trace, null_mut()));
    let frame = (*f).f_frame;
    if !frame.is_null() && (*frame).owner == FRAME_OWNED_BY_FRAME_OBJECT {
        let base = localsplus(frame);
        let n = (*frame).stacktop.max(0) as usize;
        (*frame).stacktop = 0;
        for i in 0..n {
            xdecref(core::mem::replace(&mut *base.add(i), null_mut()));
        }
        xdecref(core::mem::replace(&mut (*frame).f_locals, null_mut()));
    }
    0
}

/// `frame.clear()`: drops the locals of a finished frame; a running or suspended one refuses.
unsafe fn clear_impl(op: *mut PyObject) -> PyResult<Ref> {
    let f = fo(op);
    let frame = (*f).f_frame;
    if (*frame).owner == FRAME_OWNED_BY_GENERATOR {
        let g = get_generator(f).expect("generator-owned frame");
        let state = (*(g.as_ptr() as *mut crate::abi::genobject::PyGenObject)).gi_frame_state;
        if state == FRAME_EXECUTING {
            return Err(errors::runtime_error("cannot clear an executing frame"));
        }
        super::genobject::close(g.as_ptr())?;
        return Ok(object::new_none());
    }
    if (*frame).owner == FRAME_OWNED_BY_THREAD {
        return Err(errors::runtime_error("cannot clear an executing frame"));
    }
    frame_tp_clear(op);
    Ok(object::new_none())
}

unsafe extern "C" fn frame_clear_meth(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("frame.clear", || errors::ptr_result(clear_impl(op)))
}

unsafe extern "C" fn frame_sizeof(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("frame.__sizeof__", || {
        let code = (*(*fo(op)).f_frame).f_code;
        let slots = ((*code).co_nlocalsplus + (*code).co_stacksize) as usize;
        errors::ptr_result(super::longobject::from_i64(
            (FRAME_BASICSIZE + slots * size_of::<*mut PyObject>()) as i64,
        ))
    })
}

unsafe extern "C" fn frame_repr(op: *mut PyObject) -> *mut PyObject {
    fatal_on_panic("frame.__repr__", || {
        let frame = (*fo(op)).f_frame;
        let code = (*frame).f_code;
        let file = object::repr(((*code).co_filename).cast())
            .map(|r| super::unicodeobject::to_string_lossy(r.as_ptr()));
        let Ok(file) = file else { return null_mut() };
        let name = super::unicodeobject::to_string_lossy((*code).co_name);
        let line = get_line_number(fo(op));
        errors::ptr_result(super::unicodeobject::new_str(&format!(
            "<frame at {op:p}, file {file}, line {line}, code {name}>"
        )))
    })
}

unsafe extern "C" fn get_f_back(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    fatal_on_panic("frame.f_back", || match get_back(fo(op)) {
        Ok(Some(b)) => b.into_raw(),
        Ok(None) => object::new_none().into_raw(),
        Err(_) => null_mut(),
    })
}

unsafe extern "C" fn get_f_code(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    object::new_ref((*(*fo(op)).f_frame).f_code.cast()).into_raw()
}

unsafe extern "C" fn get_f_globals(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let g = (*(*fo(op)).f_frame).f_globals;
    object::new_ref(if g.is_null() { object::none() } else { g }).into_raw()
}

unsafe extern "C" fn get_f_builtins(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let b = (*(*fo(op)).f_frame).f_builtins;
    object::new_ref(if b.is_null() { object::none() } else { b }).into_raw()
}

unsafe extern "C" fn get_f_locals(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    fatal_on_panic("frame.f_locals", || {
        match fast_to_locals((*fo(op)).f_frame) {
            Ok(d) => object::new_ref(d).into_raw(),
            Err(_) => null_mut(),
        }
    })
}

unsafe extern "C" fn get_f_lineno(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    fatal_on_panic("frame.f_lineno", || {
        let line = get_line_number(fo(op));
        if line < 0 {
            return object::new_none().into_raw();
        }
        errors::ptr_result(super::longobject::from_i64(line as i64))
    })
}

unsafe extern "C" fn get_f_lasti(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    fatal_on_panic("frame.f_lasti", || {
        let l = lasti((*fo(op)).f_frame);
        if l < 0 {
            return errors::ptr_result(super::longobject::from_i64(-1));
        }
        errors::ptr_result(super::longobject::from_i64(l as i64 * 2))
    })
}

unsafe extern "C" fn get_f_trace(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let t = (*fo(op)).f_trace;
    object::new_ref(if t.is_null() { object::none() } else { t }).into_raw()
}

unsafe extern "C" fn set_f_trace(op: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    let v = if v == object::none() { null_mut() } else { v };
    object::xincref(v);
    let old = core::mem::replace(&mut (*fo(op)).f_trace, v);
    xdecref(old);
    0
}

static mut FRAME_GETSET: [PyGetSetDef; 9] = [
    PyGetSetDef {
        name: c"f_back".as_ptr(),
        get: Some(get_f_back),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"f_locals".as_ptr(),
        get: Some(get_f_locals),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"f_lineno".as_ptr(),
        get: Some(get_f_lineno),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"f_trace".as_ptr(),
        get: Some(get_f_trace),
        set: Some(set_f_trace),
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"f_lasti".as_ptr(),
        get: Some(get_f_lasti),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"f_globals".as_ptr(),
        get: Some(get_f_globals),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"f_builtins".as_ptr(),
        get: Some(get_f_builtins),
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    PyGetSetDef {
        name: c"f_code".as_ptr(),
        get: Some(get_f_code),
        set: None,
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

// T_BOOL = 14 (structmember.h).
static mut FRAME_MEMBERS: [PyMemberDef; 3] = [
    PyMemberDef {
        name: c"f_trace_lines".as_ptr(),
        type_: 14,
        offset: offset_of!(PyFrameObject, f_trace_lines) as Py_ssize_t,
        flags: 0,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: c"f_trace_opcodes".as_ptr(),
        type_: 14,
        offset: offset_of!(PyFrameObject, f_trace_opcodes) as Py_ssize_t,
        flags: 0,
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

static mut FRAME_METHODS: [PyMethodDef; 3] = [
    PyMethodDef {
        ml_name: c"clear".as_ptr(),
        ml_meth: Some(frame_clear_meth),
        ml_flags: METH_NOARGS,
        ml_doc: c"F.clear(): clear most references held by the frame".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__sizeof__".as_ptr(),
        ml_meth: Some(frame_sizeof),
        ml_flags: METH_NOARGS,
        ml_doc: c"F.__sizeof__() -> size of F in memory, in bytes".as_ptr(),
    },
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::objects::{bytesobject, dictobject, longobject, tupleobject, unicodeobject};

    /// f_locals <-> fast locals for a frame of a code object built from Rust: plain locals,
    /// an unbound one, and a cell after MAKE_CELL ran.
    pub(crate) unsafe fn run() {
        let code = object::new_var_object(&raw mut super::super::codeobject::PyCode_Type, 2)
            .unwrap() as *mut PyCodeObject;
        let c = &mut *code;
        let names: Vec<Ref> = ["a", "b", "cell"]
            .iter()
            .map(|n| unicodeobject::new_str(n).unwrap())
            .collect();
        let ptrs: Vec<*mut PyObject> = names.iter().map(|r| r.as_ptr()).collect();
        c.co_localsplusnames = tupleobject::pack(&ptrs).unwrap().into_raw();
        c.co_localspluskinds =
            bytesobject::from_slice(&[CO_FAST_LOCAL, CO_FAST_LOCAL, CO_FAST_LOCAL | CO_FAST_CELL])
                .unwrap()
                .into_raw();
        c.co_filename = unicodeobject::new_str("f.py").unwrap().into_raw();
        c.co_name = unicodeobject::new_str("f").unwrap().into_raw();
        c.co_linetable = bytesobject::from_slice(&[0xE8 | 1, 2]).unwrap().into_raw();
        c.co_flags = CO_OPTIMIZED;
        c.co_nlocalsplus = 3;
        c.co_nlocals = 2;
        c.co_ncellvars = 1;
        c.co_firstlineno = 3;
        // MAKE_CELL 2 then NOP.
        let units = code_start(code);
        *units = OP_MAKE_CELL | (2 << 8);
        *units.add(1) = 9;
        object::incref(code.cast());
        let globals = dictobject::new().unwrap();
        let f = new_frame(code.cast(), globals.as_ptr(), null_mut()).unwrap();
        let frame = (*(f.as_ptr() as *mut PyFrameObject)).f_frame;
        (*frame).prev_instr = units.add(1);
        assert_eq!(frame_lineno(frame), 4);
        let one = longobject::from_i64(1).unwrap();
        let seven = longobject::from_i64(7).unwrap();
        *localsplus(frame) = one.clone().into_raw();
        *localsplus(frame).add(2) = super::super::cellobject::new(seven.as_ptr())
            .unwrap()
            .into_raw();
        let d = fast_to_locals(frame).unwrap();
        assert_eq!(dictobject::len(d), 2);
        assert_eq!(
            dictobject::get_item_str(d, "a").unwrap(),
            Some(one.as_ptr())
        );
        assert_eq!(
            dictobject::get_item_str(d, "b").unwrap(),
            None,
            "unbound locals are absent"
        );
        assert_eq!(
            dictobject::get_item_str(d, "cell").unwrap(),
            Some(seven.as_ptr()),
            "cells are dereferenced"
        );
        // Writing back: a new binding and a cell update in place.
        let two = longobject::from_i64(2).unwrap();
        dictobject::set_item_str(d, "b", two.as_ptr()).unwrap();
        dictobject::set_item_str(d, "cell", one.as_ptr()).unwrap();
        locals_to_fast(frame, false);
        assert_eq!(*localsplus(frame).add(1), two.as_ptr());
        assert_eq!(
            super::super::cellobject::get(*localsplus(frame).add(2)).unwrap(),
            one.as_ptr()
        );
        // With `clear`, a name deleted from the dict unbinds the local.
        dictobject::del_item_str(d, "a").unwrap();
        locals_to_fast(frame, true);
        assert!((*localsplus(frame)).is_null());
        let repr = unicodeobject::to_string_lossy(object::repr(f.as_ptr()).unwrap().as_ptr());
        assert!(
            repr.starts_with("<frame at 0x") && repr.ends_with(", file 'f.py', line 4, code f>"),
            "{repr}"
        );
        std::mem::forget(globals);
    }
}
