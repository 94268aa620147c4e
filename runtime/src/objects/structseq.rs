//! Struct sequences (CPython's Objects/structseq.c): named-tuple-like C types such as
//! `os.stat_result`. An instance is a tuple whose `ob_size` counts only the visible fields while
//! its item array holds all `n_fields`; the type's dict carries `n_sequence_fields`, `n_fields`,
//! `n_unnamed_fields` and `__match_args__`. Owns `PyStructSequence_NewType/InitType/InitType2/
//! New/GetItem/SetItem`, the instances' new/repr/__reduce__/traverse/dealloc.

use super::object::{self, py_type, Ref};
use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};
use crate::abi::structseq::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::mem::gc;
use crate::objects::longobject::{method, METHOD_SENTINEL};
use crate::objects::{dictobject, longobject, tupleobject, typeobject, unicodeobject};
use core::ffi::{c_char, c_int, c_uint, c_ulong, c_void, CStr};
use core::ptr::null_mut;

/// The `PyStructSequence_UnnamedField` data symbol: a field whose name is this pointer has no
/// attribute (it is compared by address, as in CPython).
#[repr(transparent)]
pub struct UnnamedField(pub *const c_char);
// SAFETY: the pointer is to an immutable static string.
unsafe impl Sync for UnnamedField {}

#[no_mangle]
pub static PyStructSequence_UnnamedField: UnnamedField = UnnamedField(c"unnamed field".as_ptr());

/// Offset of the item array in the tuple layout (`offsetof(PyTupleObject, ob_item)`).
const ITEMS_OFFSET: usize = 24;

unsafe fn items(op: *mut PyObject) -> *mut *mut PyObject {
    (op as *mut u8).add(ITEMS_OFFSET).cast()
}

/// Reads one of the size attributes from the type's dict (`get_type_attr_as_size`).
unsafe fn type_size_attr(tp: *mut PyTypeObject, name: &str) -> PyResult<Py_ssize_t> {
    let dict = (*tp).tp_dict;
    let v = if dict.is_null() {
        None
    } else {
        dictobject::get_item_str(dict, name)?
    };
    let Some(v) = v else {
        let tpname = CStr::from_ptr((*tp).tp_name).to_string_lossy();
        return Err(errors::type_error(&format!(
            "Missed attribute '{name}' of type {tpname}"
        )));
    };
    longobject::as_isize(v)
}

unsafe fn visible_size_tp(tp: *mut PyTypeObject) -> PyResult<Py_ssize_t> {
    type_size_attr(tp, "n_sequence_fields")
}
unsafe fn real_size_tp(tp: *mut PyTypeObject) -> PyResult<Py_ssize_t> {
    type_size_attr(tp, "n_fields")
}
unsafe fn unnamed_fields_tp(tp: *mut PyTypeObject) -> PyResult<Py_ssize_t> {
    type_size_attr(tp, "n_unnamed_fields")
}

/// `PyStructSequence_New(type)`: an untracked instance with every field NULL.
pub unsafe fn new(tp: *mut PyTypeObject) -> PyResult<Ref> {
    let size = real_size_tp(tp)?;
    let vsize = visible_size_tp(tp)?;
    let total = object::var_size(tp, size).ok_or_else(errors::no_memory)?;
    let op = gc::alloc(tp, total)?;
    core::ptr::write_bytes(op as *mut u8, 0, total);
    object::init_var_object(op.cast(), tp, size);
    // Hidden fields stay out of len() and iteration.
    (*(op as *mut PyVarObject)).ob_size = vsize;
    Ok(Ref::from_raw(op))
}

/// `PyStructSequence_SetItem(op, i, v)`: steals `v`, no checks (the macro's behaviour).
pub unsafe fn set_item(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) {
    *items(op).offset(i) = v;
}

/// `PyStructSequence_GetItem(op, i)`: borrowed, no checks.
pub unsafe fn get_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    *items(op).offset(i)
}

unsafe fn is_heap(tp: *mut PyTypeObject) -> bool {
    object::has_feature(tp, Py_TPFLAGS_HEAPTYPE)
}

unsafe extern "C" fn structseq_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let Some(visit) = visit else { return 0 };
    let tp = py_type(op);
    if is_heap(tp) {
        let r = visit(tp.cast(), arg);
        if r != 0 {
            return r;
        }
    }
    let Ok(size) = real_size_tp(tp) else {
        errors::clear();
        return 0;
    };
    for i in 0..size {
        let item = *items(op).offset(i);
        if !item.is_null() {
            let r = visit(item, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn structseq_dealloc(op: *mut PyObject) {
    // Instances may die before they were ever tracked (PyStructSequence_New leaves them so).
    if gc::is_tracked(op) {
        gc::untrack(op);
    }
    let tp = py_type(op);
    let size = real_size_tp(tp).unwrap_or_else(|_| {
        errors::clear();
        (*(op as *mut PyVarObject)).ob_size
    });
    for i in 0..size {
        object::xdecref(*items(op).offset(i));
    }
    gc::free(op);
    if is_heap(tp) {
        object::decref(tp.cast());
    }
}

/// `structseq.__new__(sequence, dict={})`.
unsafe fn structseq_new_impl(
    tp: *mut PyTypeObject,
    arg: *mut PyObject,
    dict: *mut PyObject,
) -> PyResult<Ref> {
    let min_len = visible_size_tp(tp)?;
    let max_len = real_size_tp(tp)?;
    let n_unnamed = unnamed_fields_tp(tp)?;
    let seq = crate::objects::r#abstract::sequence::fast(arg, "constructor requires a sequence")?;
    let tpname = CStr::from_ptr((*tp).tp_name).to_string_lossy();
    let tpname: String = tpname.chars().take(500).collect();
    if !dict.is_null() && !dictobject::check(dict) {
        return Err(errors::type_error(&format!(
            "{tpname}() takes a dict as second arg, if any"
        )));
    }
    let len = crate::objects::r#abstract::sequence::fast_len(seq.as_ptr());
    if min_len != max_len {
        if len < min_len {
            return Err(errors::type_error(&format!(
                "{tpname}() takes an at least {min_len}-sequence ({len}-sequence given)"
            )));
        }
        if len > max_len {
            return Err(errors::type_error(&format!(
                "{tpname}() takes an at most {max_len}-sequence ({len}-sequence given)"
            )));
        }
    } else if len != min_len {
        return Err(errors::type_error(&format!(
            "{tpname}() takes a {min_len}-sequence ({len}-sequence given)"
        )));
    }
    let res = new(tp)?;
    let src = crate::objects::r#abstract::sequence::fast_items(seq.as_ptr());
    for i in 0..len {
        let v = *src.offset(i);
        object::incref(v);
        set_item(res.as_ptr(), i, v);
    }
    for i in len..max_len {
        let mut ob = object::none();
        if !dict.is_null() {
            let name = (*(*tp).tp_members.offset(i - n_unnamed)).name;
            let name = CStr::from_ptr(name).to_string_lossy();
            if let Some(v) = dictobject::get_item_str(dict, &name)? {
                ob = v;
            }
        }
        object::incref(ob);
        set_item(res.as_ptr(), i, ob);
    }
    gc::track(res.as_ptr());
    Ok(res)
}

unsafe extern "C" fn structseq_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let nargs = tupleobject::len(args);
        let mut a: [*mut PyObject; 2] = [null_mut(); 2];
        if nargs > 2 {
            return Err(errors::type_error(&format!(
                "structseq() takes at most 2 arguments ({nargs} given)"
            )));
        }
        for i in 0..nargs as usize {
            a[i] = *tupleobject::items(args).add(i);
        }
        if !kwargs.is_null() {
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(kwargs, &mut pos) {
                let name = unicodeobject::to_string_lossy(k);
                let slot = match name.as_str() {
                    "sequence" => 0,
                    "dict" => 1,
                    _ => {
                        return Err(errors::type_error(&format!(
                            "structseq() got an unexpected keyword argument '{name}'"
                        )))
                    }
                };
                if !a[slot].is_null() {
                    return Err(errors::type_error(&format!(
                        "argument for structseq() given by name ('{name}') and position ({})",
                        slot + 1
                    )));
                }
                a[slot] = v;
            }
        }
        if a[0].is_null() {
            return Err(errors::type_error(
                "structseq() missing required argument 'sequence' (pos 1)",
            ));
        }
        structseq_new_impl(tp, a[0], a[1])
    })())
}

unsafe fn repr(op: *mut PyObject) -> PyResult<Ref> {
    let tp = py_type(op);
    let mut out = CStr::from_ptr((*tp).tp_name).to_string_lossy().into_owned();
    out.push('(');
    let n = (*(op as *mut PyVarObject)).ob_size;
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        let name = (*(*tp).tp_members.offset(i)).name;
        if name.is_null() {
            let tpname: String = CStr::from_ptr((*tp).tp_name)
                .to_string_lossy()
                .chars()
                .take(500)
                .collect();
            return Err(errors::system_error(&format!(
                "In structseq_repr(), member {i} name is NULL for type {tpname}"
            )));
        }
        out.push_str(&CStr::from_ptr(name).to_string_lossy());
        out.push('=');
        let r = object::repr(get_item(op, i))?;
        out.push_str(&unicodeobject::to_string_lossy(r.as_ptr()));
    }
    out.push(')');
    unicodeobject::new_str(&out)
}

unsafe extern "C" fn structseq_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(repr(op))
}

/// `__reduce__`: `(type, (visible tuple, {hidden name: value}))`.
unsafe fn reduce(op: *mut PyObject) -> PyResult<Ref> {
    let tp = py_type(op);
    let n_fields = real_size_tp(tp)?;
    let n_visible = (*(op as *mut PyVarObject)).ob_size;
    let n_unnamed = unnamed_fields_tp(tp)?;
    let visible = core::slice::from_raw_parts(items(op), n_visible as usize);
    let tup = tupleobject::from_slice(visible)?;
    let dict = dictobject::new()?;
    for i in n_visible..n_fields {
        let name = CStr::from_ptr((*(*tp).tp_members.offset(i - n_unnamed)).name).to_string_lossy();
        dictobject::set_item_str(dict.as_ptr(), &name, get_item(op, i))?;
    }
    let inner = tupleobject::from_slice(&[tup.as_ptr(), dict.as_ptr()])?;
    tupleobject::from_slice(&[tp.cast(), inner.as_ptr()])
}

unsafe extern "C" fn structseq_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(reduce(op))
}

static mut STRUCTSEQ_METHODS: [PyMethodDef; 2] = [
    method(c"__reduce__", structseq_reduce, METH_NOARGS, c""),
    METHOD_SENTINEL,
];

unsafe fn is_unnamed(name: *const c_char) -> bool {
    name == PyStructSequence_UnnamedField.0
}

/// Counts the fields and the unnamed ones (`count_members`).
unsafe fn count_members(desc: *const PyStructSequence_Desc) -> (Py_ssize_t, Py_ssize_t) {
    let mut n = 0;
    let mut unnamed = 0;
    while !(*(*desc).fields.offset(n)).name.is_null() {
        if is_unnamed((*(*desc).fields.offset(n)).name) {
            unnamed += 1;
        }
        n += 1;
    }
    (n, unnamed)
}

/// A PyMem-allocated member table: one read-only object member per named field.
unsafe fn build_members(
    desc: *const PyStructSequence_Desc,
    n_members: Py_ssize_t,
    n_unnamed: Py_ssize_t,
) -> PyResult<*mut PyMemberDef> {
    let count = (n_members - n_unnamed + 1) as usize;
    let members =
        crate::mem::mem_malloc(count * core::mem::size_of::<PyMemberDef>()) as *mut PyMemberDef;
    if members.is_null() {
        return Err(errors::no_memory());
    }
    let mut k = 0;
    for i in 0..n_members {
        let f = (*desc).fields.offset(i);
        if is_unnamed((*f).name) {
            continue;
        }
        members.add(k).write(PyMemberDef {
            name: (*f).name,
            type_: T_OBJECT,
            offset: (ITEMS_OFFSET + i as usize * 8) as Py_ssize_t,
            flags: READONLY,
            doc: (*f).doc,
        });
        k += 1;
    }
    members.add(k).write(PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    });
    Ok(members)
}

/// Puts the size attributes and `__match_args__` into the type's dict.
unsafe fn init_dict(
    desc: *const PyStructSequence_Desc,
    dict: *mut PyObject,
    n_members: Py_ssize_t,
    n_unnamed: Py_ssize_t,
) -> PyResult<()> {
    let n_in = (*desc).n_in_sequence as Py_ssize_t;
    for (key, v) in [
        ("n_sequence_fields", n_in),
        ("n_fields", n_members),
        ("n_unnamed_fields", n_unnamed),
    ] {
        let v = longobject::from_isize(v)?;
        dictobject::set_item_str(dict, key, v.as_ptr())?;
    }
    let mut keys = Vec::new();
    for i in 0..n_in {
        let name = (*(*desc).fields.offset(i)).name;
        if is_unnamed(name) {
            continue;
        }
        keys.push(unicodeobject::new_str(
            &CStr::from_ptr(name).to_string_lossy(),
        )?);
    }
    let tup = tupleobject::from_refs(keys)?;
    dictobject::set_item_str(dict, "__match_args__", tup.as_ptr())
}

/// `_PyStructSequence_InitType`: fills a static (zero-refcount) type object and readies it.
pub unsafe fn init_type(
    tp: *mut PyTypeObject,
    desc: *mut PyStructSequence_Desc,
    tp_flags: c_ulong,
) -> PyResult<()> {
    if (*tp).ob_base.ob_base.ob_refcnt != 0 {
        return Err(errors::bad_internal_call());
    }
    (*tp).tp_name = (*desc).name;
    (*tp).tp_basicsize = ITEMS_OFFSET as Py_ssize_t;
    (*tp).tp_itemsize = 8;
    (*tp).tp_dealloc = Some(structseq_dealloc);
    (*tp).tp_repr = Some(structseq_repr);
    (*tp).tp_doc = (*desc).doc;
    (*tp).tp_base = &raw mut tupleobject::PyTuple_Type;
    (*tp).tp_methods = (&raw mut STRUCTSEQ_METHODS).cast();
    (*tp).tp_new = Some(structseq_new);
    (*tp).tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | tp_flags;
    (*tp).tp_traverse = Some(structseq_traverse);
    let (n_members, n_unnamed) = count_members(desc);
    let members = build_members(desc, n_members, n_unnamed)?;
    (*tp).tp_members = members;
    if let Err(e) = typeobject::ready(tp) {
        crate::mem::mem_free(members.cast());
        return Err(e);
    }
    object::incref(tp.cast());
    if let Err(e) = init_dict(desc, (*tp).tp_dict, n_members, n_unnamed) {
        crate::mem::mem_free(members.cast());
        object::decref(tp.cast());
        return Err(e);
    }
    Ok(())
}

/// `_PyStructSequence_NewType`: a heap subtype of tuple built from a spec.
pub unsafe fn new_type(desc: *mut PyStructSequence_Desc, tp_flags: c_ulong) -> PyResult<Ref> {
    let (n_members, n_unnamed) = count_members(desc);
    let members = build_members(desc, n_members, n_unnamed)?;
    let f = |p: *const ()| p as *mut c_void;
    let mut slots = [
        PyType_Slot {
            slot: 52,
            pfunc: f(structseq_dealloc as *const ()),
        },
        PyType_Slot {
            slot: 66,
            pfunc: f(structseq_repr as *const ()),
        },
        PyType_Slot {
            slot: 56,
            pfunc: (*desc).doc as *mut c_void,
        },
        PyType_Slot {
            slot: 64,
            pfunc: (&raw mut STRUCTSEQ_METHODS).cast(),
        },
        PyType_Slot {
            slot: 65,
            pfunc: f(structseq_new as *const ()),
        },
        PyType_Slot {
            slot: 72,
            pfunc: members.cast(),
        },
        PyType_Slot {
            slot: 71,
            pfunc: f(structseq_traverse as *const ()),
        },
        PyType_Slot {
            slot: 0,
            pfunc: null_mut(),
        },
    ];
    let mut spec = PyType_Spec {
        name: (*desc).name,
        basicsize: ITEMS_OFFSET as c_int,
        itemsize: 8,
        flags: (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | tp_flags) as c_uint,
        slots: slots.as_mut_ptr(),
    };
    let tp = typeobject::from_module_and_spec(
        null_mut(),
        &mut spec,
        (&raw mut tupleobject::PyTuple_Type).cast(),
    );
    crate::mem::mem_free(members.cast());
    let tp = tp?;
    init_dict(
        desc,
        (*(tp.as_ptr() as *mut PyTypeObject)).tp_dict,
        n_members,
        n_unnamed,
    )?;
    Ok(tp)
}
