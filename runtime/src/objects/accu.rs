//! `accu.c`: `_PyAccu`, the string accumulator _json's encoder builds its output with: small
//! pieces gather in `small` and are joined into one str in `large` every 100000 pieces.

use crate::abi::object::PyObject;
use crate::errors::PyResult;
use crate::objects::listobject;
use crate::objects::object::{xdecref, Ref};
use crate::objects::unicodeobject;
use core::ptr::null_mut;

/// `_PyAccu` (internal/pycore_accu.h): two lists.
#[repr(C)]
pub struct _PyAccu {
    pub large: *mut PyObject,
    pub small: *mut PyObject,
}
const _: () = assert!(core::mem::size_of::<_PyAccu>() == 16);

/// Pieces kept unjoined before a flush (each costs ~64 bytes of overhead).
const SMALL_LIMIT: isize = 100_000;

unsafe fn join_all(list: *mut PyObject) -> PyResult<Ref> {
    let empty = unicodeobject::new_str("")?;
    let items =
        core::slice::from_raw_parts(listobject::items(list), listobject::len(list) as usize);
    unicodeobject::join(empty.as_ptr(), items)
}

/// `_PyAccu_Init`.
///
/// # Safety
/// `acc` is writable.
pub unsafe fn init(acc: *mut _PyAccu) -> PyResult<()> {
    // `large` is created on the first flush, as in CPython.
    (*acc).large = null_mut();
    (*acc).small = listobject::new(0)?.into_raw();
    Ok(())
}

/// Joins `small` into one str appended to `large`.
unsafe fn flush(acc: *mut _PyAccu) -> PyResult<()> {
    let n = listobject::len((*acc).small);
    if n == 0 {
        return Ok(());
    }
    if (*acc).large.is_null() {
        (*acc).large = listobject::new(0)?.into_raw();
    }
    let joined = join_all((*acc).small)?;
    listobject::ass_slice((*acc).small, 0, n, null_mut())?;
    listobject::append((*acc).large, joined.as_ptr())
}

/// `_PyAccu_Accumulate`.
///
/// # Safety
/// `acc` was initialized; `unicode` is a live str.
pub unsafe fn accumulate(acc: *mut _PyAccu, unicode: *mut PyObject) -> PyResult<()> {
    listobject::append((*acc).small, unicode)?;
    if listobject::len((*acc).small) < SMALL_LIMIT {
        return Ok(());
    }
    flush(acc)
}

/// `_PyAccu_Destroy`.
///
/// # Safety
/// `acc` was initialized (or destroyed already).
pub unsafe fn destroy(acc: *mut _PyAccu) {
    let (s, l) = ((*acc).small, (*acc).large);
    (*acc).small = null_mut();
    (*acc).large = null_mut();
    xdecref(s);
    xdecref(l);
}

/// `_PyAccu_FinishAsList`: the list of joined pieces (NULL if none); the accumulator is emptied.
///
/// # Safety
/// `acc` was initialized.
pub unsafe fn finish_as_list(acc: *mut _PyAccu) -> PyResult<*mut PyObject> {
    let flushed = flush(acc);
    let s = (*acc).small;
    (*acc).small = null_mut();
    xdecref(s);
    if let Err(e) = flushed {
        destroy(acc);
        return Err(e);
    }
    // NULL (without an exception) when nothing was ever accumulated, as in CPython.
    let res = (*acc).large;
    (*acc).large = null_mut();
    Ok(res)
}

/// `_PyAccu_Finish`: everything accumulated as one str.
///
/// # Safety
/// `acc` was initialized.
pub unsafe fn finish(acc: *mut _PyAccu) -> PyResult<Ref> {
    let list = if (*acc).large.is_null() {
        let l = (*acc).small;
        (*acc).small = null_mut();
        l
    } else {
        finish_as_list(acc)?
    };
    let res = join_all(list);
    xdecref(list);
    res
}
