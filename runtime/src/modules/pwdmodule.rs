//! The `pwd` module (CPython's Modules/pwdmodule.c): the password database through the
//! reentrant getpwuid_r/getpwnam_r and getpwent, as `pwd.struct_passwd` records.

use crate::abi::methodobject::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::*;
use crate::modules::posixmodule::{fs_decode, fs_encode, posix_error, structseq_from};
use crate::objects::exceptions::PyExc_KeyError;
use crate::objects::object::{self, Ref};
use crate::objects::{longobject, unicodeobject};
use core::ffi::CStr;
use core::ptr::null_mut;

static mut STRUCT_PASSWD: *mut PyObject = null_mut();

/// Releases the struct_passwd type (Py_FinalizeEx).
pub fn fini() {
    // SAFETY: finalization with the GIL held; the slot owns one reference.
    unsafe {
        let t = &raw mut STRUCT_PASSWD;
        object::xdecref(core::mem::replace(&mut *t, null_mut()));
    }
}

unsafe fn passwd_result(p: &libc::passwd) -> PyResult<Ref> {
    let s = |c: *const core::ffi::c_char| -> PyResult<Ref> {
        if c.is_null() {
            return Ok(object::new_none());
        }
        fs_decode(CStr::from_ptr(c).to_bytes())
    };
    structseq_from(
        STRUCT_PASSWD,
        vec![
            s(p.pw_name)?,
            s(p.pw_passwd)?,
            int(p.pw_uid as i64)?,
            int(p.pw_gid as i64)?,
            s(p.pw_gecos)?,
            s(p.pw_dir)?,
            s(p.pw_shell)?,
        ],
    )
}

/// Runs a `*_r` lookup with a growing buffer: Ok(None) when there is no such entry.
unsafe fn lookup(
    mut call: impl FnMut(*mut libc::passwd, &mut [u8], *mut *mut libc::passwd) -> i32,
) -> PyResult<Option<Ref>> {
    let mut size = 1024usize;
    loop {
        let mut buf = vec![0u8; size];
        let mut pw: libc::passwd = core::mem::zeroed();
        let mut result: *mut libc::passwd = null_mut();
        let ts = crate::lifecycle::ceval_gil::save_thread();
        let r = call(&mut pw, &mut buf, &mut result);
        crate::lifecycle::ceval_gil::restore_thread(ts);
        if r == libc::ERANGE && size < (1 << 20) {
            size *= 2;
            continue;
        }
        if r != 0 && r != libc::ENOENT {
            set_errno(r);
            return Err(posix_error());
        }
        if result.is_null() {
            return Ok(None);
        }
        return passwd_result(&pw).map(Some);
    }
}

unsafe extern "C" fn getpwuid(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        if !longobject::is_int(o)
            && (*object::py_type(o))
                .tp_as_number
                .as_ref()
                .is_none_or(|n| n.nb_index.is_none())
        {
            return Err(errors::type_error(&format!(
                "uid should be integer, not {}",
                object::type_name_trunc(object::py_type(o), 200)
            )));
        }
        let idx = longobject::index(o)?;
        let (v, overflow) = longobject::as_i64_and_overflow(idx.as_ptr())?;
        if overflow != 0 || v < -1 || v >= u32::MAX as i64 {
            return Err(errors::set_string(
                PyExc_KeyError,
                "getpwuid(): uid not found",
            ));
        }
        let uid = v as u32;
        match lookup(|pw, buf, res| {
            libc::getpwuid_r(uid, pw, buf.as_mut_ptr().cast(), buf.len(), res)
        })? {
            Some(r) => Ok(r),
            None => Err(errors::set_string(
                PyExc_KeyError,
                &format!("getpwuid(): uid not found: {v}"),
            )),
        }
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn getpwnam(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        if !unicodeobject::is_str(o) {
            return Err(crate::getargs::bad_argument(
                "getpwnam", "argument", "str", o,
            ));
        }
        let bytes = fs_encode(o)?;
        let name = std::ffi::CString::new(bytes)
            .map_err(|_| errors::value_error("embedded null character"))?;
        match lookup(|pw, buf, res| {
            libc::getpwnam_r(name.as_ptr(), pw, buf.as_mut_ptr().cast(), buf.len(), res)
        })? {
            Some(r) => Ok(r),
            None => {
                let rep = object::repr(o)?;
                Err(errors::set_string(
                    PyExc_KeyError,
                    &format!(
                        "getpwnam(): name not found: {}",
                        unicodeobject::to_string_lossy(rep.as_ptr())
                    ),
                ))
            }
        }
    })();
    errors::ptr_result(r)
}

unsafe extern "C" fn getpwall(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let list = crate::objects::listobject::new(0)?;
        // getpwent is not reentrant; the GIL serialises its users here.
        libc::setpwent();
        let result = (|| loop {
            let p = libc::getpwent();
            if p.is_null() {
                return Ok(());
            }
            crate::objects::listobject::append(list.as_ptr(), passwd_result(&*p)?.as_ptr())?;
        })();
        libc::endpwent();
        result?;
        Ok(list)
    })();
    errors::ptr_result(r)
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

fn def(name: &'static CStr, f: BinFn, flags: core::ffi::c_int, doc: &'static CStr) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }
}

fn methods() -> Vec<PyMethodDef> {
    vec![
        def(c"getpwuid", getpwuid, METH_O, c"getpwuid($module, uidobj, /)\n--\n\nReturn the password database entry for the given numeric user ID.\n\nSee `help(pwd)` for more on password database entries."),
        def(c"getpwnam", getpwnam, METH_O, c"getpwnam($module, name, /)\n--\n\nReturn the password database entry for the given user name.\n\nSee `help(pwd)` for more on password database entries."),
        def(c"getpwall", getpwall, METH_NOARGS, c"getpwall($module, /)\n--\n\nReturn a list of all available password database entries, in arbitrary order.\n\nSee help(pwd) for more on password database entries."),
    ]
}

/// `PyInit_pwd`.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let m = create_module(c"pwd", c"This module provides access to the Unix password database.\nIt is available on all Unix versions.\n\nPassword database entries are reported as 7-tuples containing the following\nitems from the password database (see `<pwd.h>'), in order:\npw_name, pw_passwd, pw_uid, pw_gid, pw_gecos, pw_dir, pw_shell.\nThe uid and gid items are integers, all others are strings. An\nexception is raised if the entry asked for cannot be found.", methods)?;
        if STRUCT_PASSWD.is_null() {
            STRUCT_PASSWD = crate::modules::posixmodule::make_structseq(
                c"pwd.struct_passwd",
                c"pwd.struct_passwd: Results from getpw*() routines.\n\nThis object may be accessed either as a tuple of\n  (pw_name,pw_passwd,pw_uid,pw_gid,pw_gecos,pw_dir,pw_shell)\nor via the object attributes as named in the above tuple.",
                &[
                    (Some(c"pw_name"), c"user name"),
                    (Some(c"pw_passwd"), c"password"),
                    (Some(c"pw_uid"), c"user id"),
                    (Some(c"pw_gid"), c"group id"),
                    (Some(c"pw_gecos"), c"real name"),
                    (Some(c"pw_dir"), c"home directory"),
                    (Some(c"pw_shell"), c"shell program"),
                ],
                7,
            )?;
        }
        add(m.as_ptr(), "struct_passwd", STRUCT_PASSWD)?;
        Ok(m)
    })();
    errors::ptr_result(r)
}
