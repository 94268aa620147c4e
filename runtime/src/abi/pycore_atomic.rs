//! Mirror of `internal/pycore_atomic.h`: the atomic wrappers CPython embeds in its runtime and
//! interpreter state. In C each is a one-member struct around a C11 atomic; here the member is
//! the matching `core::sync::atomic` type, which has the same size and alignment.

use core::sync::atomic::{AtomicI32, AtomicUsize};

/// `_Py_atomic_address`: an atomic `uintptr_t` (8 bytes).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_atomic_address {
    pub _value: AtomicUsize,
}

/// `_Py_atomic_int`: an atomic `int` (4 bytes).
#[repr(C)]
#[derive(Debug)]
pub struct _Py_atomic_int {
    pub _value: AtomicI32,
}

impl _Py_atomic_address {
    pub const fn new(value: usize) -> Self {
        _Py_atomic_address { _value: AtomicUsize::new(value) }
    }
}

impl _Py_atomic_int {
    pub const fn new(value: i32) -> Self {
        _Py_atomic_int { _value: AtomicI32::new(value) }
    }
}

const _: () = assert!(core::mem::size_of::<_Py_atomic_address>() == 8);
const _: () = assert!(core::mem::align_of::<_Py_atomic_address>() == 8);
const _: () = assert!(core::mem::size_of::<_Py_atomic_int>() == 4);
