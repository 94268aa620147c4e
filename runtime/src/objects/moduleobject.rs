//! Module objects and `PyModuleDef` (CPython's Objects/moduleobject.c): creation from a name or
//! from a definition (single-phase `PyModule_Create2`, multi-phase `PyModule_FromDefAndSpec2` +
//! `PyModule_ExecDef` with `Py_mod_create`/`Py_mod_exec`), per-module state (`m_size`), the
//! module's `__getattr__` fallback and repr.

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::*;
use crate::abi::moduleobject::*;
use crate::abi::pycore_moduleobject::PyModuleObject;
use crate::abi::structmember::{PyMemberDef, READONLY, T_OBJECT};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::dictobject;
use crate::objects::exceptions::*;
use crate::objects::object::{self, new_ref, py_type, Ref};
use crate::objects::typeobject::{gc_del, static_type, type_check, PyType_GenericAlloc};
use core::ffi::{c_char, c_int, c_void, CStr};
use core::ptr::null_mut;

#[no_mangle]
pub static mut PyModule_Type: PyTypeObject = PyTypeObject {
    tp_dictoffset: 16,
    tp_weaklistoffset: 40,
    tp_dealloc: Some(module_dealloc),
    tp_repr: Some(module_repr),
    tp_getattro: Some(module_getattro),
    tp_setattro: Some(object::PyObject_GenericSetAttr),
    tp_doc: c"module(name, doc=None)\n--\n\nCreate a module object.\n\nThe name must be a string; the optional doc argument can have any type.".as_ptr(),
    tp_traverse: Some(module_traverse),
    tp_clear: Some(module_clear),
    tp_methods: (&raw mut MODULE_METHODS).cast(),
    tp_members: (&raw mut MODULE_MEMBERS).cast(),
    tp_getset: (&raw mut MODULE_GETSETS).cast(),
    tp_init: Some(module_init),
    tp_alloc: Some(PyType_GenericAlloc),
    tp_new: Some(crate::objects::typeobject::PyType_GenericNew),
    tp_free: Some(gc_del),
    ..static_type(&raw mut crate::objects::typeobject::PyType_Type, c"module", 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyModuleDef_Type: PyTypeObject = static_type(
    &raw mut crate::objects::typeobject::PyType_Type,
    c"moduledef",
    104,
    0,
    Py_TPFLAGS_DEFAULT,
);

/// `PyModule_Check`.
///
/// # Safety
/// `op` is live.
pub unsafe fn is_module(op: *mut PyObject) -> bool {
    type_check(op, &raw mut PyModule_Type)
}

/// `_PyModule_GetDef` (NULL for non-modules).
///
/// # Safety
/// `op` is live.
pub unsafe fn def_of(op: *mut PyObject) -> *mut PyModuleDef {
    if is_module(op) {
        (*(op as *mut PyModuleObject)).md_def
    } else {
        null_mut()
    }
}

/// `module_init_dict`: the five standard names.
unsafe fn init_dict(
    m: *mut PyModuleObject,
    dict: *mut PyObject,
    name: *mut PyObject,
    doc: *mut PyObject,
) -> PyResult<()> {
    let doc = if doc.is_null() { object::none() } else { doc };
    dictobject::set_item(dict, crate::_Py_ID!(__name__), name)?;
    dictobject::set_item(dict, crate::_Py_ID!(__doc__), doc)?;
    dictobject::set_item(dict, crate::_Py_ID!(__package__), object::none())?;
    dictobject::set_item(dict, crate::_Py_ID!(__loader__), object::none())?;
    dictobject::set_item(dict, crate::_Py_ID!(__spec__), object::none())?;
    if object::is_type(name, &raw mut crate::objects::unicodeobject::PyUnicode_Type) {
        object::xincref(name);
        object::replace_slot(&raw mut (*m).md_name, name);
    }
    Ok(())
}

/// `PyModule_NewObject(name)`.
///
/// # Safety
/// `name` is live; a thread state is current.
pub unsafe fn new_object(name: *mut PyObject) -> PyResult<Ref> {
    let m = Ref::from_result(PyType_GenericAlloc(&raw mut PyModule_Type, 0))?;
    let mo = m.as_ptr() as *mut PyModuleObject;
    (*mo).md_dict = dictobject::new()?.into_raw();
    init_dict(mo, (*mo).md_dict, name, null_mut())?;
    Ok(m)
}

/// `PyModule_New(name)` with a Rust name.
///
/// # Safety
/// A thread state is current.
pub unsafe fn new_str(name: &[u8]) -> PyResult<Ref> {
    let n = crate::objects::unicodeobject::from_utf8(name, None)?;
    new_object(n.as_ptr())
}

unsafe fn not_a_module(op: *mut PyObject) -> PyResult<()> {
    if !is_module(op) {
        return Err(errors::bad_argument());
    }
    Ok(())
}

/// `PyModule_GetDict` (borrowed).
///
/// # Safety
/// `op` is live.
pub unsafe fn get_dict(op: *mut PyObject) -> PyResult<*mut PyObject> {
    if !is_module(op) {
        return Err(crate::objects::methodobject::bad_internal_call_at(
            "Objects/moduleobject.c:480",
        ));
    }
    Ok((*(op as *mut PyModuleObject)).md_dict)
}

/// `PyModule_GetNameObject`.
///
/// # Safety
/// `op` is live.
pub unsafe fn get_name_object(op: *mut PyObject) -> PyResult<Ref> {
    not_a_module(op)?;
    let d = (*(op as *mut PyModuleObject)).md_dict;
    let name = if d.is_null() || !has_dict(d) {
        None
    } else {
        dictobject::get_item(d, crate::_Py_ID!(__name__))?
    };
    match name {
        Some(n) if object::is_str(n) => Ok(new_ref(n)),
        _ => Err(errors::system_error("nameless module")),
    }
}

unsafe fn has_dict(d: *mut PyObject) -> bool {
    object::has_feature(py_type(d), Py_TPFLAGS_DICT_SUBCLASS)
}

/// `PyModule_GetFilenameObject`.
///
/// # Safety
/// `op` is live.
pub unsafe fn get_filename_object(op: *mut PyObject) -> PyResult<Ref> {
    not_a_module(op)?;
    let d = (*(op as *mut PyModuleObject)).md_dict;
    let f = if d.is_null() {
        None
    } else {
        dictobject::get_item(d, crate::_Py_ID!(__file__))?
    };
    match f {
        Some(f) if object::is_str(f) => Ok(new_ref(f)),
        _ => Err(errors::system_error("module filename missing")),
    }
}

/// `PyModule_GetDef` (NULL without error for modules without one).
///
/// # Safety
/// `op` is live.
pub unsafe fn get_def(op: *mut PyObject) -> PyResult<*mut PyModuleDef> {
    not_a_module(op)?;
    Ok((*(op as *mut PyModuleObject)).md_def)
}

/// `PyModule_GetState`.
///
/// # Safety
/// `op` is live.
pub unsafe fn get_state(op: *mut PyObject) -> PyResult<*mut c_void> {
    not_a_module(op)?;
    Ok((*(op as *mut PyModuleObject)).md_state)
}

/// `PyModule_SetDocString`.
///
/// # Safety
/// `doc` is NUL-terminated.
pub unsafe fn set_doc_string(m: *mut PyObject, doc: *const c_char) -> PyResult<()> {
    let v = crate::objects::unicodeobject::from_utf8(CStr::from_ptr(doc).to_bytes(), None)?;
    object::set_attr(m, crate::_Py_ID!(__doc__), v.as_ptr())
}

/// `_add_methods_to_object`: a builtin function per entry, bound to the module.
unsafe fn add_methods(
    m: *mut PyObject,
    name: *mut PyObject,
    mut def: *mut PyMethodDef,
) -> PyResult<()> {
    while !(*def).ml_name.is_null() {
        if (*def).ml_flags & (METH_CLASS | METH_STATIC) != 0 {
            return Err(errors::value_error(
                "module functions cannot set METH_CLASS or METH_STATIC",
            ));
        }
        let f = crate::objects::methodobject::new_cfunction(def, m, name, null_mut())?;
        let key = crate::objects::unicodeobject::from_utf8(
            CStr::from_ptr((*def).ml_name).to_bytes(),
            None,
        )?;
        object::set_attr(m, key.as_ptr(), f.as_ptr())?;
        def = def.add(1);
    }
    Ok(())
}

/// `PyModule_AddFunctions`.
///
/// # Safety
/// `functions` is a NULL-name-terminated array that outlives the module.
pub unsafe fn add_functions(m: *mut PyObject, functions: *mut PyMethodDef) -> PyResult<()> {
    let name = get_name_object(m)?;
    add_methods(m, name.as_ptr(), functions)
}

/// The next `m_index` for `PyModuleDef_Init` (CPython's `max_module_number`).
static NEXT_MODULE_INDEX: core::sync::atomic::AtomicIsize = core::sync::atomic::AtomicIsize::new(1);

/// `PyModuleDef_Init`: makes the definition an object (`moduledef` type) with an index.
///
/// # Safety
/// `def` is a static module definition.
pub unsafe fn def_init(def: *mut PyModuleDef) -> *mut PyObject {
    if (*def).m_base.m_index == 0 {
        (*def).m_base.ob_base.ob_type = &raw mut PyModuleDef_Type;
        (*def).m_base.ob_base.ob_refcnt = 1;
        (*def).m_base.m_index =
            NEXT_MODULE_INDEX.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
    }
    def.cast()
}

/// `PYTHON_API_VERSION` / `PYTHON_ABI_VERSION`.
pub const PYTHON_API_VERSION: c_int = 1013;
pub const PYTHON_ABI_VERSION: c_int = 3;

/// `_PyModule_CreateInitialized` (`PyModule_Create2`): single-phase initialization.
///
/// # Safety
/// `def` is a static module definition.
pub unsafe fn create2(def: *mut PyModuleDef, _api_version: c_int) -> PyResult<Ref> {
    def_init(def);
    let name = CStr::from_ptr((*def).m_name).to_bytes();
    if !(*def).m_slots.is_null() {
        return Err(errors::system_error(&format!(
            "module {}: PyModule_Create is incompatible with m_slots",
            String::from_utf8_lossy(name)
        )));
    }
    let m = new_str(name)?;
    let mo = m.as_ptr() as *mut PyModuleObject;
    if (*def).m_size > 0 {
        let state = crate::mem::mem_malloc((*def).m_size as usize);
        if state.is_null() {
            return Err(errors::no_memory());
        }
        core::ptr::write_bytes(state as *mut u8, 0, (*def).m_size as usize);
        (*mo).md_state = state;
    }
    if !(*def).m_methods.is_null() {
        let n = get_name_object(m.as_ptr())?;
        add_methods(m.as_ptr(), n.as_ptr(), (*def).m_methods)?;
    }
    if !(*def).m_doc.is_null() {
        set_doc_string(m.as_ptr(), (*def).m_doc)?;
    }
    (*mo).md_def = def;
    Ok(m)
}

/// `PyModule_FromDefAndSpec2`: multi-phase creation (the `Py_mod_exec` slots run later, in
/// [`exec_def`]).
///
/// # Safety
/// `def` is a static module definition; `spec` is live.
pub unsafe fn from_def_and_spec(
    def: *mut PyModuleDef,
    spec: *mut PyObject,
    _api_version: c_int,
) -> PyResult<Ref> {
    def_init(def);
    let nameobj = object::get_attr_str(spec, "name")?;
    let name = String::from_utf8_lossy(crate::objects::unicodeobject::as_utf8(nameobj.as_ptr())?)
        .into_owned();
    if (*def).m_size < 0 {
        return Err(errors::system_error(&format!(
            "module {name}: m_size may not be negative for multi-phase initialization"
        )));
    }
    type CreateFn = unsafe extern "C" fn(*mut PyObject, *mut PyModuleDef) -> *mut PyObject;
    let mut create: Option<CreateFn> = None;
    let mut has_exec = false;
    let mut slot = (*def).m_slots;
    while !slot.is_null() && (*slot).slot != 0 {
        match (*slot).slot {
            Py_mod_create => {
                if create.is_some() {
                    return Err(errors::system_error(&format!(
                        "module {name} has multiple create slots"
                    )));
                }
                create = Some(core::mem::transmute::<*mut c_void, CreateFn>((*slot).value));
            }
            Py_mod_exec => has_exec = true,
            other => {
                return Err(errors::system_error(&format!(
                    "module {name} uses unknown slot ID {other}"
                )));
            }
        }
        slot = slot.add(1);
    }
    let m = match create {
        Some(f) => {
            let r = f(spec, def);
            if r.is_null() {
                if errors::occurred().is_null() {
                    return Err(errors::system_error(&format!(
                        "creation of module {name} failed without setting an exception"
                    )));
                }
                return Err(errors::ErrSet::assume_set());
            }
            let r = Ref::from_raw(r);
            if !errors::occurred().is_null() {
                return Err(errors::system_error(&format!(
                    "creation of module {name} raised unreported exception"
                )));
            }
            r
        }
        None => new_object(nameobj.as_ptr())?,
    };
    if is_module(m.as_ptr()) {
        let mo = m.as_ptr() as *mut PyModuleObject;
        (*mo).md_state = null_mut();
        (*mo).md_def = def;
    } else {
        if (*def).m_size > 0
            || (*def).m_traverse.is_some()
            || (*def).m_clear.is_some()
            || (*def).m_free.is_some()
        {
            return Err(errors::system_error(&format!(
                "module {name} is not a module object, but requests module state"
            )));
        }
        if has_exec {
            return Err(errors::system_error(&format!(
                "module {name} specifies execution slots, but did not create a ModuleType instance"
            )));
        }
    }
    if !(*def).m_methods.is_null() {
        add_methods(m.as_ptr(), nameobj.as_ptr(), (*def).m_methods)?;
    }
    if !(*def).m_doc.is_null() {
        set_doc_string(m.as_ptr(), (*def).m_doc)?;
    }
    Ok(m)
}

/// `PyModule_ExecDef`: allocates the state (zeroed, `m_size` bytes) and runs `Py_mod_exec`.
///
/// # Safety
/// `m` is a module created from `def`.
pub unsafe fn exec_def(m: *mut PyObject, def: *mut PyModuleDef) -> PyResult<()> {
    let nameobj = get_name_object(m)?;
    let name = object::str_text(nameobj.as_ptr());
    if (*def).m_size >= 0 {
        let mo = m as *mut PyModuleObject;
        if (*mo).md_state.is_null() {
            // Always a state pointer: it marks the module as initialized.
            let state = crate::mem::mem_malloc((*def).m_size as usize);
            if state.is_null() {
                return Err(errors::no_memory());
            }
            core::ptr::write_bytes(state as *mut u8, 0, (*def).m_size as usize);
            (*mo).md_state = state;
        }
    }
    let mut slot = (*def).m_slots;
    while !slot.is_null() && (*slot).slot != 0 {
        match (*slot).slot {
            Py_mod_create => {}
            Py_mod_exec => {
                let f: unsafe extern "C" fn(*mut PyObject) -> c_int =
                    core::mem::transmute((*slot).value);
                let r = f(m);
                if r != 0 {
                    if errors::occurred().is_null() {
                        return Err(errors::system_error(&format!(
                            "execution of module {name} failed without setting an exception"
                        )));
                    }
                    return Err(errors::ErrSet::assume_set());
                }
                if !errors::occurred().is_null() {
                    return Err(errors::system_error(&format!(
                        "execution of module {name} raised unreported exception"
                    )));
                }
            }
            other => {
                return Err(errors::system_error(&format!(
                    "module {name} initialized with unknown slot {other}"
                )));
            }
        }
        slot = slot.add(1);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The module type's slots.

unsafe extern "C" fn module_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    errors::int_result((|| {
        let n = (*(args as *mut PyVarObject)).ob_size as usize;
        let a = core::slice::from_raw_parts(crate::objects::tupleobject::items(args), n);
        let (mut name, mut doc) = (a.first().copied(), a.get(1).copied());
        if n > 2 {
            return Err(errors::type_error(&format!(
                "module() takes at most 2 arguments ({n} given)"
            )));
        }
        if !kwds.is_null() {
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(kwds, &mut pos) {
                match (object::is_str(k).then(|| object::str_text(k))).as_deref() {
                    Some("name") if name.is_none() => name = Some(v),
                    Some("doc") if doc.is_none() => doc = Some(v),
                    Some(k @ ("name" | "doc")) => {
                        return Err(errors::type_error(&format!(
                            "argument for module() given by name ('{k}') and position ({})",
                            if k == "name" { 1 } else { 2 }
                        )))
                    }
                    other => {
                        return Err(errors::type_error(&format!(
                            "module() got an unexpected keyword argument '{}'",
                            other.unwrap_or("")
                        )))
                    }
                }
            }
        }
        let Some(name) = name else {
            return Err(errors::type_error(
                "module() missing required argument 'name' (pos 1)",
            ));
        };
        if !object::is_str(name) {
            return Err(errors::type_error(&format!(
                "module() argument 'name' must be str, not {}",
                object::type_name(name)
            )));
        }
        let mo = op as *mut PyModuleObject;
        if (*mo).md_dict.is_null() {
            (*mo).md_dict = dictobject::new()?.into_raw();
        }
        init_dict(mo, (*mo).md_dict, name, doc.unwrap_or(null_mut()))
    })())
}

unsafe extern "C" fn module_dealloc(op: *mut PyObject) {
    let mo = op as *mut PyModuleObject;
    crate::mem::gc::untrack(op);
    let def = (*mo).md_def;
    if !def.is_null() {
        if let Some(free) = (*def).m_free {
            if (*def).m_size <= 0 || !(*mo).md_state.is_null() {
                free(op.cast());
            }
        }
    }
    if !(*mo).md_weaklist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    object::xdecref((*mo).md_dict);
    object::xdecref((*mo).md_name);
    if !(*mo).md_state.is_null() {
        crate::mem::mem_free((*mo).md_state);
    }
    let free = (*py_type(op)).tp_free.unwrap_or(gc_del);
    free(op.cast());
}

unsafe extern "C" fn module_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let mo = op as *mut PyModuleObject;
    let def = (*mo).md_def;
    if !def.is_null() {
        if let Some(t) = (*def).m_traverse {
            if (*def).m_size <= 0 || !(*mo).md_state.is_null() {
                let r = t(op, visit, arg);
                if r != 0 {
                    return r;
                }
            }
        }
    }
    match visit {
        Some(v) if !(*mo).md_dict.is_null() => v((*mo).md_dict, arg),
        _ => 0,
    }
}

unsafe extern "C" fn module_clear(op: *mut PyObject) -> c_int {
    let mo = op as *mut PyModuleObject;
    let def = (*mo).md_def;
    if !def.is_null() {
        if let Some(c) = (*def).m_clear {
            if (*def).m_size <= 0 || !(*mo).md_state.is_null() {
                if c(op) != 0 {
                    errors::clear();
                }
            }
        }
    }
    object::replace_slot(&raw mut (*mo).md_dict, null_mut());
    0
}

/// The module repr importlib's `_module_repr` gives: `<module 'name' from 'file'>`, with the
/// loader's repr for modules without a file, or just the name.
unsafe extern "C" fn module_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let name = match object::lookup_attr(op, crate::_Py_ID!(__name__))? {
            Some(n) => object::repr(n.as_ptr())?,
            None => crate::objects::unicodeobject::new_str("'?'")?,
        };
        let name = object::str_text(name.as_ptr());
        if let Some(f) = object::lookup_attr(op, crate::_Py_ID!(__file__))? {
            let f = object::repr(f.as_ptr())?;
            return crate::objects::unicodeobject::new_str(&format!(
                "<module {name} from {}>",
                object::str_text(f.as_ptr())
            ));
        }
        if let Some(l) = object::lookup_attr(op, crate::_Py_ID!(__loader__))? {
            if l.as_ptr() != object::none() {
                let l = object::repr(l.as_ptr())?;
                return crate::objects::unicodeobject::new_str(&format!(
                    "<module {name} ({})>",
                    object::str_text(l.as_ptr())
                ));
            }
        }
        crate::objects::unicodeobject::new_str(&format!("<module {name}>"))
    })())
}

/// `module_getattro`: the generic lookup, then the module's `__getattr__`, then CPython's
/// AttributeError wording.
unsafe extern "C" fn module_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        match object::generic_get_attr_with_dict(op, name, null_mut(), true)? {
            Some(v) => return Ok(v),
            None => {}
        }
        let d = (*(op as *mut PyModuleObject)).md_dict;
        if !d.is_null() {
            if let Some(g) = dictobject::get_item(d, crate::_Py_ID!(__getattr__))? {
                return crate::objects::call::call_one_arg(g, name);
            }
            if let Some(mod_name) = dictobject::get_item(d, crate::_Py_ID!(__name__))? {
                if object::is_str(mod_name) {
                    let mn = object::str_text(mod_name);
                    let initializing = match dictobject::get_item(d, crate::_Py_ID!(__spec__))? {
                        Some(spec) if spec != object::none() => {
                            match object::lookup_attr_str(spec, "_initializing")? {
                                Some(v) => object::is_true(v.as_ptr())?,
                                None => false,
                            }
                        }
                        _ => false,
                    };
                    let msg = if initializing {
                        format!(
                            "partially initialized module '{mn}' has no attribute '{}' (most likely due to a circular import)",
                            object::str_text(name)
                        )
                    } else {
                        format!(
                            "module '{mn}' has no attribute '{}'",
                            object::str_text(name)
                        )
                    };
                    return Err(errors::set_string(PyExc_AttributeError, &msg));
                }
            }
        }
        Err(errors::set_string(
            PyExc_AttributeError,
            &format!("module has no attribute '{}'", object::str_text(name)),
        ))
    })())
}

unsafe extern "C" fn module_dir(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let d = object::get_attr(op, crate::_Py_ID!(__dict__))?;
        if !has_dict(d.as_ptr()) {
            return Err(errors::type_error("<module>.__dict__ is not a dictionary"));
        }
        if let Some(f) = dictobject::get_item(d.as_ptr(), crate::_Py_ID!(__dir__))? {
            return crate::objects::call::call_no_args(f);
        }
        let list = crate::objects::listobject::new(0)?;
        let mut pos = 0;
        while let Some((k, _)) = dictobject::next(d.as_ptr(), &mut pos) {
            crate::objects::listobject::append(list.as_ptr(), k)?;
        }
        Ok(list)
    })())
}

unsafe extern "C" fn module_get_annotations(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result((|| {
        let d = object::get_attr(op, crate::_Py_ID!(__dict__))?;
        if !has_dict(d.as_ptr()) {
            return Err(errors::type_error("<module>.__dict__ is not a dictionary"));
        }
        if let Some(a) = dictobject::get_item(d.as_ptr(), crate::_Py_ID!(__annotations__))? {
            return Ok(new_ref(a));
        }
        let a = dictobject::new()?;
        dictobject::set_item(d.as_ptr(), crate::_Py_ID!(__annotations__), a.as_ptr())?;
        Ok(a)
    })())
}

unsafe extern "C" fn module_set_annotations(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    errors::int_result((|| {
        let d = object::get_attr(op, crate::_Py_ID!(__dict__))?;
        if !has_dict(d.as_ptr()) {
            return Err(errors::type_error("<module>.__dict__ is not a dictionary"));
        }
        let key = crate::_Py_ID!(__annotations__);
        if value.is_null() {
            if dictobject::get_item(d.as_ptr(), key)?.is_none() {
                return Err(errors::set_string(PyExc_AttributeError, "__annotations__"));
            }
            dictobject::del_item(d.as_ptr(), key)
        } else {
            dictobject::set_item(d.as_ptr(), key, value)
        }
    })())
}

static mut MODULE_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"__dir__".as_ptr(),
        ml_meth: Some(module_dir),
        ml_flags: METH_NOARGS,
        ml_doc: c"__dir__() -> list\nspecialized dir() implementation".as_ptr(),
    },
    PyMethodDef {
        ml_name: core::ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: core::ptr::null(),
    },
];

static mut MODULE_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__dict__".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(PyModuleObject, md_dict) as Py_ssize_t,
        flags: READONLY,
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

static mut MODULE_GETSETS: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"__annotations__".as_ptr(),
        get: Some(module_get_annotations),
        set: Some(module_set_annotations),
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
