//! Cells (CPython's Objects/cellobject.c): the boxes closures share variables through.

use crate::abi::cellobject::PyCellObject;
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, new_ref, Ref};
use crate::objects::typeobject::{gc_del, static_type};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

#[no_mangle]
pub static mut PyCell_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(cell_dealloc),
    tp_repr: Some(cell_repr),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"cell([contents])\n--\n\nCreate a new cell object.\n\n  contents\n    the contents of the cell. If not specified, the cell will be empty,\n    and \n further attempts to access its cell_contents attribute will\n    raise a ValueError.".as_ptr(),
    tp_traverse: Some(cell_traverse),
    tp_clear: Some(cell_clear),
    tp_richcompare: Some(cell_richcompare),
    tp_getset: (&raw mut CELL_GETSETS).cast(),
    tp_new: Some(cell_new),
    tp_free: Some(gc_del),
    ..static_type(&raw mut crate::objects::typeobject::PyType_Type, c"cell", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

/// `PyCell_Check`.
///
/// # Safety
/// `op` is live.
pub unsafe fn is_cell(op: *mut PyObject) -> bool {
    object::is_type(op, &raw mut PyCell_Type)
}

/// `PyCell_New(obj)` (`obj` NULL makes an empty cell).
///
/// # Safety
/// `obj` is NULL or live; a thread state is current.
pub unsafe fn new(obj: *mut PyObject) -> PyResult<Ref> {
    let op = crate::mem::gc::alloc(&raw mut PyCell_Type, core::mem::size_of::<PyCellObject>())?;
    object::init_object(op, &raw mut PyCell_Type);
    object::xincref(obj);
    (*(op as *mut PyCellObject)).ob_ref = obj;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `PyCell_Get` (new reference, `None` never substituted: NULL for an empty cell).
///
/// # Safety
/// `op` is live.
pub unsafe fn get(op: *mut PyObject) -> PyResult<*mut PyObject> {
    if !is_cell(op) {
        return Err(crate::objects::methodobject::bad_internal_call_at(
            "Objects/cellobject.c:56",
        ));
    }
    let v = (*(op as *mut PyCellObject)).ob_ref;
    object::xincref(v);
    Ok(v)
}

/// `PyCell_Set`.
///
/// # Safety
/// `op` is live, `value` NULL or live.
pub unsafe fn set(op: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    if !is_cell(op) {
        return Err(crate::objects::methodobject::bad_internal_call_at(
            "Objects/cellobject.c:68",
        ));
    }
    object::xincref(value);
    object::replace_slot(&raw mut (*(op as *mut PyCellObject)).ob_ref, value);
    Ok(())
}

unsafe extern "C" fn cell_new(
    _tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if !kwds.is_null() && crate::objects::dictobject::len(kwds) != 0 {
            return Err(errors::type_error("cell() takes no keyword arguments"));
        }
        let n = (*(args as *mut PyVarObject)).ob_size;
        if n > 1 {
            return Err(errors::type_error(&format!(
                "cell expected at most 1 argument, got {n}"
            )));
        }
        let obj = if n == 1 {
            *crate::objects::tupleobject::items(args)
        } else {
            null_mut()
        };
        new(obj)
    })())
}

unsafe extern "C" fn cell_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::xdecref((*(op as *mut PyCellObject)).ob_ref);
    gc_del(op.cast());
}

unsafe extern "C" fn cell_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let v = (*(op as *mut PyCellObject)).ob_ref;
    match visit {
        Some(f) if !v.is_null() => f(v, arg),
        _ => 0,
    }
}

unsafe extern "C" fn cell_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*(op as *mut PyCellObject)).ob_ref, null_mut());
    0
}

unsafe extern "C" fn cell_repr(op: *mut PyObject) -> *mut PyObject {
    let v = (*(op as *mut PyCellObject)).ob_ref;
    let text = if v.is_null() {
        format!("<cell at {:p}: empty>", op)
    } else {
        format!(
            "<cell at {:p}: {} object at {:p}>",
            op,
            object::type_name(v),
            v
        )
    };
    errors::ptr_result(crate::objects::unicodeobject::new_str(&text))
}

/// Cells compare by contents; an empty cell is smaller than a full one.
unsafe extern "C" fn cell_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if !is_cell(a) || !is_cell(b) {
        return new_ref(object::not_implemented()).into_raw();
    }
    let (va, vb) = (
        (*(a as *mut PyCellObject)).ob_ref,
        (*(b as *mut PyCellObject)).ob_ref,
    );
    if !va.is_null() && !vb.is_null() {
        return errors::ptr_result(object::rich_compare(va, vb, op));
    }
    // Compare "is empty" flags: empty < full.
    let (x, y) = (!va.is_null() as i32, !vb.is_null() as i32);
    let r = match op {
        object::Py_LT => x < y,
        object::Py_LE => x <= y,
        object::Py_EQ => x == y,
        object::Py_NE => x != y,
        object::Py_GT => x > y,
        _ => x >= y,
    };
    object::new_bool(r).into_raw()
}

unsafe extern "C" fn cell_get_contents(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let v = (*(op as *mut PyCellObject)).ob_ref;
    if v.is_null() {
        let _ = errors::value_error("Cell is empty");
        return null_mut();
    }
    new_ref(v).into_raw()
}

unsafe extern "C" fn cell_set_contents(
    op: *mut PyObject,
    v: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    object::xincref(v);
    object::replace_slot(&raw mut (*(op as *mut PyCellObject)).ob_ref, v);
    0
}

static mut CELL_GETSETS: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"cell_contents".as_ptr(),
        get: Some(cell_get_contents),
        set: Some(cell_set_contents),
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
