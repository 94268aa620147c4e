//! Mirror of `internal/pycore_context.h`: the Context, ContextVar and Token objects (PEP 567),
//! and the PyHamtObject they point to (`internal/pycore_hamt.h`).

use super::object::{Py_hash_t, PyObject};
use core::ffi::c_int;

/// `PyContext` (`struct _pycontextobject`), 48 bytes.
#[repr(C)]
pub struct PyContext {
    pub ob_base: PyObject,
    /// The context entered before this one (borrowed while entered).
    pub ctx_prev: *mut PyObject,
    /// The variables: a `hamt` mapping ContextVar -> value.
    pub ctx_vars: *mut PyObject,
    pub ctx_weakreflist: *mut PyObject,
    pub ctx_entered: c_int,
}

/// `PyContextVar` (`struct _pycontextvarobject`), 64 bytes.
#[repr(C)]
pub struct PyContextVar {
    pub ob_base: PyObject,
    pub var_name: *mut PyObject,
    pub var_default: *mut PyObject,
    /// The value last read or written (borrowed), valid while the thread state's id and
    /// `context_ver` equal the two fields below.
    pub var_cached: *mut PyObject,
    pub var_cached_tsid: u64,
    pub var_cached_tsver: u64,
    pub var_hash: Py_hash_t,
}

/// `PyContextToken` (`struct _pycontexttokenobject`), 48 bytes.
#[repr(C)]
pub struct PyContextToken {
    pub ob_base: PyObject,
    pub tok_ctx: *mut PyObject,
    pub tok_var: *mut PyObject,
    /// The value before `set` (NULL: the variable had none).
    pub tok_oldval: *mut PyObject,
    pub tok_used: c_int,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<PyContext>() == 48);
const _: () = assert!(offset_of!(PyContext, ctx_weakreflist) == 32);
const _: () = assert!(offset_of!(PyContext, ctx_entered) == 40);
const _: () = assert!(size_of::<PyContextVar>() == 64);
const _: () = assert!(offset_of!(PyContextVar, var_cached_tsid) == 40);
const _: () = assert!(offset_of!(PyContextVar, var_hash) == 56);
const _: () = assert!(size_of::<PyContextToken>() == 48);
const _: () = assert!(offset_of!(PyContextToken, tok_used) == 40);
