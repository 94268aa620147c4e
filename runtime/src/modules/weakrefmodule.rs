//! The `_weakref` module (CPython's Modules/_weakref.c): reference counting and listing of an
//! object's weak references, `proxy()`, `_remove_dead_weakref()`, and the reference and proxy
//! types (their code is objects/weakrefobject.rs).

use crate::abi::methodobject::{PyMethodDef, METH_FASTCALL, METH_O};
use crate::abi::weakrefobject::PyWeakReference;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::object::{self, Ref};
use crate::objects::weakrefobject as w;
use crate::objects::{dictobject, listobject, longobject};
use core::ptr::null_mut;

unsafe extern "C" fn getweakrefcount(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    let n = match w::weaklist_ptr(o) {
        Some(list) => w::weakref_count(*list),
        None => 0,
    };
    errors::ptr_result(longobject::from_i64(n as i64))
}

unsafe extern "C" fn getweakrefs(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let out = listobject::new(0)?;
        if let Some(list) = w::weaklist_ptr(o) {
            let mut r: *mut PyWeakReference = *list;
            while !r.is_null() {
                listobject::append(out.as_ptr(), r.cast())?;
                r = (*r).wr_next;
            }
        }
        Ok(out)
    })())
}

unsafe extern "C" fn proxy(_m: *mut PyObject, a: *const *mut PyObject, n: isize) -> *mut PyObject {
    errors::ptr_result((|| {
        if !(1..=2).contains(&n) {
            return Err(errors::type_error(&format!(
                "proxy expected {} argument{}, got {n}",
                if n < 1 { "at least 1" } else { "at most 2" },
                if n < 1 { "" } else { "s" }
            )));
        }
        let cb = if n == 2 { *a.add(1) } else { null_mut() };
        w::new_proxy(*a, cb)
    })())
}

/// `_remove_dead_weakref(dct, key)`: deletes `dct[key]` if it is a dead weak reference.
unsafe extern "C" fn remove_dead_weakref(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if n != 2 {
            return Err(errors::type_error(&format!(
                "_remove_dead_weakref expected 2 arguments, got {n}"
            )));
        }
        let (dct, key) = (*a, *a.add(1));
        if !dictobject::check(dct) {
            return Err(errors::type_error(&format!(
                "_remove_dead_weakref() argument 1 must be dict, not {}",
                object::type_name(dct)
            )));
        }
        let r = dictobject::del_item_if(dct, key, |v| {
            if !w::is_weakref(v) {
                return Err(errors::type_error("not a weakref"));
            }
            Ok((*(v as *mut PyWeakReference)).wr_object == object::none())
        });
        match r {
            Ok(_) => Ok(object::new_none()),
            Err(e) => {
                if errors::exception_matches(crate::objects::exceptions::PyExc_KeyError) {
                    errors::clear();
                    Ok(object::new_none())
                } else {
                    Err(e)
                }
            }
        }
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, isize) -> *mut PyObject;

fn methods() -> Vec<PyMethodDef> {
    let fast =
        |name: &'static core::ffi::CStr, f: FastFn, doc: &'static core::ffi::CStr| PyMethodDef {
            ml_name: name.as_ptr(),
            // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
            ml_meth: Some(unsafe { core::mem::transmute::<FastFn, BinFn>(f) }),
            ml_flags: METH_FASTCALL,
            ml_doc: doc.as_ptr(),
        };
    vec![
        PyMethodDef {
            ml_name: c"getweakrefcount".as_ptr(),
            ml_meth: Some(getweakrefcount),
            ml_flags: METH_O,
            ml_doc: c"getweakrefcount($module, object, /)\n--\n\nReturn the number of weak references to 'object'.".as_ptr(),
        },
        PyMethodDef {
            ml_name: c"getweakrefs".as_ptr(),
            ml_meth: Some(getweakrefs),
            ml_flags: METH_O,
            ml_doc: c"getweakrefs(object) -- return a list of all weak reference objects\nthat point to 'object'.".as_ptr(),
        },
        fast(c"proxy", proxy, c"proxy(object[, callback]) -- create a proxy object that weakly\nreferences 'object'.  'callback', if given, is called with a\nreference to the proxy when 'object' is about to be finalized."),
        fast(c"_remove_dead_weakref", remove_dead_weakref, c"_remove_dead_weakref($module, dct, key, /)\n--\n\nAtomically remove key from dict if it points to a dead weakref."),
    ]
}

/// `PyInit__weakref`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        let m = args::create_module(c"_weakref", c"Weak-reference support module.", methods)?;
        let r: *mut PyObject = (&raw mut w::_PyWeakref_RefType).cast();
        args::add(m.as_ptr(), "ref", r)?;
        args::add(m.as_ptr(), "ReferenceType", r)?;
        args::add(
            m.as_ptr(),
            "ProxyType",
            (&raw mut w::_PyWeakref_ProxyType).cast(),
        )?;
        args::add(
            m.as_ptr(),
            "CallableProxyType",
            (&raw mut w::_PyWeakref_CallableProxyType).cast(),
        )?;
        Ok(m)
    })())
}

#[cfg(test)]
pub(crate) mod tests {
    //! Run from `codecsmodule::tests`. Expected values are python3.11's.
    use super::*;
    use crate::modules::codecsmodule::tests::{call, show};

    pub(crate) unsafe fn run() {
        let m = Ref::from_raw(init_module());
        // A set supports weak references and arithmetic, comparison, len, contains, iter.
        let target = crate::objects::setobject::new_set(null_mut()).unwrap();
        let one = longobject::from_i64(1).unwrap();
        crate::objects::setobject::add(target.as_ptr(), one.as_ptr()).unwrap();
        assert_eq!(call(m.as_ptr(), "getweakrefcount", &[target.as_ptr()]), "0");
        let r = call(m.as_ptr(), "ref", &[target.as_ptr()]);
        assert!(r.starts_with("<weakref at 0x"), "{r}");
        let p = w::new_proxy(target.as_ptr(), null_mut()).unwrap();
        let p2 = w::new_proxy(target.as_ptr(), null_mut()).unwrap();
        assert_eq!(p.as_ptr(), p2.as_ptr());
        assert_eq!(call(m.as_ptr(), "getweakrefcount", &[target.as_ptr()]), "1");
        assert!(show(Ok(p.clone())).starts_with("<weakproxy at 0x"));
        assert!(show(Ok(p.clone())).contains("; to 'set' at 0x"));
        assert_eq!(show(object::str(p.as_ptr())), "'{1}'");
        assert_eq!(
            crate::objects::r#abstract::mapping::size(p.as_ptr()).unwrap(),
            1
        );
        assert!(crate::objects::r#abstract::sequence::contains(p.as_ptr(), one.as_ptr()).unwrap());
        let other = crate::objects::setobject::new_set(null_mut()).unwrap();
        assert_eq!(
            show(crate::objects::r#abstract::number::binary_op(
                p.as_ptr(),
                other.as_ptr(),
                |nb| nb.nb_or,
                "|"
            )),
            "{1}"
        );
        assert_eq!(
            show(object::rich_compare(p.as_ptr(), target.as_ptr(), 2)),
            "True"
        );
        assert_eq!(
            show(object::hash(p.as_ptr()).map(|_| object::new_none())),
            "TypeError: unhashable type: 'weakref.ProxyType'"
        );
        let it = crate::objects::r#abstract::iter::get_iter(p.as_ptr()).unwrap();
        assert_eq!(
            show(Ok(crate::objects::r#abstract::iter::next(it.as_ptr())
                .unwrap()
                .unwrap())),
            "1"
        );
        // Callable referents get a CallableProxyType.
        let cp = w::new_proxy(
            (&raw mut crate::objects::longobject::PyLong_Type).cast(),
            null_mut(),
        );
        assert_eq!(
            show(cp.map(|c| object::new_ref(object::py_type(c.as_ptr()).cast()))),
            "<class 'weakproxy'>".replace("weakproxy", "weakref.CallableProxyType")
        );
        drop(it);
        drop(target);
        assert_eq!(
            show(object::str(p.as_ptr())),
            "ReferenceError: weakly-referenced object no longer exists"
        );
        // _remove_dead_weakref removes only dead references.
        let d = dictobject::new().unwrap();
        let k = longobject::from_i64(7).unwrap();
        dictobject::set_item(d.as_ptr(), k.as_ptr(), one.as_ptr()).unwrap();
        assert_eq!(
            call(
                m.as_ptr(),
                "_remove_dead_weakref",
                &[d.as_ptr(), k.as_ptr()]
            ),
            "TypeError: not a weakref"
        );
        dictobject::set_item(d.as_ptr(), k.as_ptr(), p.as_ptr()).unwrap();
        assert_eq!(
            call(
                m.as_ptr(),
                "_remove_dead_weakref",
                &[d.as_ptr(), k.as_ptr()]
            ),
            "None"
        );
        assert_eq!(dictobject::len(d.as_ptr()), 0);
        assert_eq!(call(m.as_ptr(), "getweakrefs", &[one.as_ptr()]), "[]");
    }
}
