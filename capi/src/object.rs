//! `object.h`: reference counting and the identity helpers that 3.11 also exports as
//! functions (for the stable ABI and for languages that cannot use the macros).

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::objects::boolobject::{_Py_FalseStruct, _Py_TrueStruct};
use ferrython_runtime::objects::object as obj;
use std::ffi::c_int;

exported!(fn Py_IncRef(op: *mut PyObject) => obj::xincref(op));
exported!(fn Py_DecRef(op: *mut PyObject) => obj::xdecref(op));
exported!(fn _Py_Dealloc(op: *mut PyObject) => obj::dealloc(op));
exported!(fn Py_NewRef(op: *mut PyObject) -> *mut PyObject => { obj::incref(op); op });
exported!(fn Py_XNewRef(op: *mut PyObject) -> *mut PyObject => { obj::xincref(op); op });
exported!(fn Py_Is(x: *mut PyObject, y: *mut PyObject) -> c_int => (x == y) as c_int);
exported!(fn Py_IsNone(x: *mut PyObject) -> c_int => (x == obj::none()) as c_int);
exported!(fn Py_IsTrue(x: *mut PyObject) -> c_int => (x == &raw mut _Py_TrueStruct as *mut PyObject) as c_int);
exported!(fn Py_IsFalse(x: *mut PyObject) -> c_int => (x == &raw mut _Py_FalseStruct as *mut PyObject) as c_int);

// The repr recursion guard (added by the containers helper; runtime side in objects/object.rs).
exported!(
    /// 1 if `op` is already being repr'd in this thread, 0 if now recorded, -1 on error.
    fn Py_ReprEnter(op: *mut PyObject) -> c_int => ferrython_runtime::errors::bool_result(obj::repr_enter(op))
);
exported!(fn Py_ReprLeave(op: *mut PyObject) => obj::repr_leave(op));

// ---------------------------------------------------------------------------------------------
// The object protocol (typesystem): repr/str, hashing, comparison, truth, attributes,
// isinstance/issubclass. Wrappers over `ferrython_runtime::objects::object`.

use ferrython_runtime::abi::object::{PyTypeObject, Py_hash_t};
use ferrython_runtime::errors::{bool_result, int_result, ptr_result, PyResult};
use ferrython_runtime::objects::object::Ref;
use ferrython_runtime::objects::unicodeobject as ustr;
use std::ffi::{c_char, CStr};

/// A str object from a C attribute name (strict UTF-8, as `PyUnicode_FromString`).
unsafe fn name_from_c(name: *const c_char) -> PyResult<Ref> {
    ustr::from_utf8(CStr::from_ptr(name).to_bytes(), None)
}

exported!(fn PyObject_Repr(op: *mut PyObject) -> *mut PyObject => ptr_result(obj::repr(op)));
exported!(fn PyObject_Str(op: *mut PyObject) -> *mut PyObject => ptr_result(obj::str(op)));
exported!(fn PyObject_ASCII(op: *mut PyObject) -> *mut PyObject => ptr_result(obj::ascii(op)));
exported!(fn PyObject_Hash(op: *mut PyObject) -> Py_hash_t => obj::hash(op).unwrap_or(-1));
exported!(fn _Py_HashPointer(p: *const std::ffi::c_void) -> Py_hash_t => ferrython_runtime::objects::typeobject::hash_pointer(p));
exported!(fn PyObject_RichCompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject => ptr_result(obj::rich_compare(a, b, op)));
exported!(fn PyObject_RichCompareBool(a: *mut PyObject, b: *mut PyObject, op: c_int) -> c_int => bool_result(obj::rich_compare_bool(a, b, op)));
exported!(fn PyObject_IsTrue(op: *mut PyObject) -> c_int => bool_result(obj::is_true(op)));
exported!(fn PyObject_Not(op: *mut PyObject) -> c_int => bool_result(obj::not(op)));
exported!(fn PyObject_GetAttr(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject => ptr_result(obj::get_attr(op, name)));
exported!(fn PyObject_GetAttrString(op: *mut PyObject, name: *const c_char) -> *mut PyObject => {
    ptr_result(name_from_c(name).and_then(|n| obj::get_attr(op, n.as_ptr())))
});
exported!(fn PyObject_SetAttr(op: *mut PyObject, name: *mut PyObject, v: *mut PyObject) -> c_int => int_result(obj::set_attr(op, name, v)));
exported!(fn PyObject_SetAttrString(op: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int => {
    int_result(name_from_c(name).and_then(|n| obj::set_attr(op, n.as_ptr(), v)))
});
exported!(fn PyObject_HasAttr(op: *mut PyObject, name: *mut PyObject) -> c_int => obj::has_attr(op, name) as c_int);
exported!(fn PyObject_HasAttrString(op: *mut PyObject, name: *const c_char) -> c_int => {
    match name_from_c(name) {
        Ok(n) => obj::has_attr(op, n.as_ptr()) as c_int,
        Err(_) => {
            ferrython_runtime::errors::clear();
            0
        }
    }
});
exported!(
    /// `*result` receives a new reference or NULL; 1 found, 0 missing (no exception), -1 error.
    fn _PyObject_LookupAttr(op: *mut PyObject, name: *mut PyObject, result: *mut *mut PyObject) -> c_int => {
        match obj::lookup_attr(op, name) {
            Ok(Some(v)) => {
                *result = v.into_raw();
                1
            }
            Ok(None) => {
                *result = std::ptr::null_mut();
                0
            }
            Err(_) => {
                *result = std::ptr::null_mut();
                -1
            }
        }
    }
);
exported!(fn _PyObject_GenericGetAttrWithDict(op: *mut PyObject, name: *mut PyObject, dict: *mut PyObject, suppress: c_int) -> *mut PyObject => {
    match obj::generic_get_attr_with_dict(op, name, dict, suppress != 0) {
        Ok(Some(v)) => v.into_raw(),
        Ok(None) | Err(_) => std::ptr::null_mut(),
    }
});
exported!(fn _PyObject_GenericSetAttrWithDict(op: *mut PyObject, name: *mut PyObject, v: *mut PyObject, dict: *mut PyObject) -> c_int => {
    int_result(obj::generic_set_attr_with_dict(op, name, v, dict))
});
exported!(fn PyObject_GenericGetDict(op: *mut PyObject, _c: *mut std::ffi::c_void) -> *mut PyObject => ptr_result(obj::generic_get_dict(op)));
exported!(fn PyObject_GenericSetDict(op: *mut PyObject, v: *mut PyObject, _c: *mut std::ffi::c_void) -> c_int => int_result(obj::generic_set_dict(op, v)));
exported!(fn _PyObject_GetDictPtr(op: *mut PyObject) -> *mut *mut PyObject => obj::dict_ptr(op));
exported!(fn _PyObject_LookupSpecial(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject => {
    match obj::lookup_special(op, name) {
        Ok(Some(v)) => v.into_raw(),
        Ok(None) | Err(_) => std::ptr::null_mut(),
    }
});
exported!(fn _PyObject_FunctionStr(op: *mut PyObject) -> *mut PyObject => {
    ptr_result(obj::function_str(op).and_then(|s| ustr::new_str(&s)))
});
exported!(fn PyObject_Dir(op: *mut PyObject) -> *mut PyObject => {
    if op.is_null() {
        // dir() without an argument lists the caller's locals: that needs the interpreter.
        let _ = ferrython_runtime::errors::system_error("PyObject_Dir(NULL) needs a running frame");
        return std::ptr::null_mut();
    }
    ptr_result(obj::dir(op))
});
exported!(fn PyObject_IsInstance(inst: *mut PyObject, cls: *mut PyObject) -> c_int => bool_result(obj::is_instance(inst, cls)));
exported!(fn PyObject_IsSubclass(derived: *mut PyObject, cls: *mut PyObject) -> c_int => bool_result(obj::is_subclass(derived, cls)));
exported!(fn PyObject_Type(op: *mut PyObject) -> *mut PyObject => {
    if op.is_null() {
        let _ = ferrython_runtime::errors::system_error("null argument to internal routine");
        return std::ptr::null_mut();
    }
    let tp = obj::py_type(op) as *mut PyObject;
    obj::incref(tp);
    tp
});
exported!(fn PyCallable_Check(op: *mut PyObject) -> c_int => ferrython_runtime::objects::call::is_callable(op) as c_int);
exported!(
    /// Writes `repr(op)` (or `str(op)` with `Py_PRINT_RAW`, flag 1) to a C stream.
    fn PyObject_Print(op: *mut PyObject, fp: *mut libc::FILE, flags: c_int) -> c_int => {
        let text: PyResult<String> = if op.is_null() {
            Ok("<nil>".to_string())
        } else if (*op).ob_refcnt <= 0 {
            Ok(format!("<refcnt {} at {:p}>", (*op).ob_refcnt, op))
        } else {
            let r = if flags & 1 != 0 { obj::str(op) } else { obj::repr(op) };
            r.and_then(|s| ustr::as_utf8(s.as_ptr()).map(|b| String::from_utf8_lossy(b).into_owned()))
        };
        match text {
            Ok(t) => {
                libc::fwrite(t.as_ptr().cast(), 1, t.len(), fp);
                if libc::ferror(fp) != 0 {
                    let _ = ferrython_runtime::errors::set_from_errno_with_filenames(
                        ferrython_runtime::objects::exceptions::PyExc_OSError,
                        std::ptr::null_mut(),
                        std::ptr::null_mut(),
                    );
                    libc::clearerr(fp);
                    return -1;
                }
                0
            }
            Err(_) => -1,
        }
    }
);
exported!(fn _PyType_Lookup(tp: *mut PyTypeObject, name: *mut PyObject) -> *mut PyObject => {
    ferrython_runtime::objects::typeobject::type_lookup(tp, name).unwrap_or(std::ptr::null_mut())
});
exported!(fn _PyNamespace_New(kwds: *mut PyObject) -> *mut PyObject => ptr_result(ferrython_runtime::objects::namespaceobject::new(kwds)));

/// The str of a `_Py_Identifier` (its first field is the C string), interned so repeated
/// lookups share one object. (`_PyUnicode_FromId` keeps a per-interpreter cache indexed by
/// `index`; interning gives the same identity guarantee.)
unsafe fn id_str(id: *mut std::ffi::c_void) -> PyResult<Ref> {
    let text = *(id as *const *const c_char);
    Ok(ustr::intern(name_from_c(text)?))
}

exported!(fn _PyObject_GetAttrId(op: *mut PyObject, id: *mut std::ffi::c_void) -> *mut PyObject => {
    ptr_result(id_str(id).and_then(|n| obj::get_attr(op, n.as_ptr())))
});
exported!(fn _PyObject_SetAttrId(op: *mut PyObject, id: *mut std::ffi::c_void, v: *mut PyObject) -> c_int => {
    int_result(id_str(id).and_then(|n| obj::set_attr(op, n.as_ptr(), v)))
});
exported!(fn _PyObject_LookupAttrId(op: *mut PyObject, id: *mut std::ffi::c_void, result: *mut *mut PyObject) -> c_int => {
    *result = std::ptr::null_mut();
    match id_str(id).and_then(|n| obj::lookup_attr(op, n.as_ptr())) {
        Ok(Some(v)) => {
            *result = v.into_raw();
            1
        }
        Ok(None) => 0,
        Err(_) => -1,
    }
});
exported!(fn _PyObject_LookupSpecialId(op: *mut PyObject, id: *mut std::ffi::c_void) -> *mut PyObject => {
    match id_str(id).and_then(|n| obj::lookup_special(op, n.as_ptr())) {
        Ok(Some(v)) => v.into_raw(),
        Ok(None) | Err(_) => std::ptr::null_mut(),
    }
});
exported!(
    /// Called by the inline `_Py_EnterRecursiveCall` after it decremented
    /// `recursion_remaining`: raises RecursionError past the limit.
    fn _Py_CheckRecursiveCall(ts: *mut ferrython_runtime::abi::pystate::PyThreadState, where_: *const c_char) -> c_int => {
        let ts = if ts.is_null() { ferrython_runtime::lifecycle::pystate::current_or_fatal("_Py_CheckRecursiveCall") } else { ts };
        if (*ts).recursion_headroom != 0 {
            if (*ts).recursion_remaining < -50 {
                ferrython_runtime::lifecycle::fatal::fatal_error("_Py_CheckRecursiveCall", b"Cannot recover from stack overflow.");
            }
            return 0;
        }
        if (*ts).recursion_remaining <= 0 {
            let place = if where_.is_null() { String::new() } else { CStr::from_ptr(where_).to_string_lossy().into_owned() };
            (*ts).recursion_headroom += 1;
            let _ = ferrython_runtime::errors::set_string(
                ferrython_runtime::objects::exceptions::PyExc_RecursionError,
                &format!("maximum recursion depth exceeded{place}"),
            );
            (*ts).recursion_headroom -= 1;
            (*ts).recursion_remaining += 1;
            return -1;
        }
        0
    }
);
exported!(
    /// The identifier's str, for the C side of `_PyObject_CallMethodId*` (borrowed: interned).
    fn _Fy_IdentifierStr(id: *mut std::ffi::c_void) -> *mut PyObject => {
        match id_str(id) {
            Ok(s) => s.as_ptr(),
            Err(_) => std::ptr::null_mut(),
        }
    }
);

exported!(
    /// `Py_TRASHCAN_BEGIN`'s test: `dealloc` is the object's own type's deallocator.
    fn _PyTrash_cond(op: *mut PyObject, dealloc: ferrython_runtime::abi::object::destructor) -> c_int =>
        ferrython_runtime::mem::trashcan::cond(op, dealloc) as c_int
);
exported!(
    /// 1 when the deallocation was deferred (the deallocator returns at once), else 0.
    fn _PyTrash_begin(tstate: *mut ferrython_runtime::abi::pystate::PyThreadState, op: *mut PyObject) -> c_int =>
        ferrython_runtime::mem::trashcan::begin(tstate, op) as c_int
);
exported!(fn _PyTrash_end(tstate: *mut ferrython_runtime::abi::pystate::PyThreadState) =>
    ferrython_runtime::mem::trashcan::end(tstate));
exported!(
    /// Sets the refcount of a freshly made object to 1.
    fn _Py_NewReference(op: *mut PyObject) => { (*op).ob_refcnt = 1; }
);
exported!(
    /// The object's pickling state (`__getstate__()`, or the default one).
    fn _PyObject_GetState(op: *mut PyObject) -> *mut PyObject =>
        ferrython_runtime::errors::ptr_result(ferrython_runtime::objects::object_reduce::get_state(op))
);
