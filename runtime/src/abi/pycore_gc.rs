//! Mirror of `internal/pycore_gc.h`: the cycle collector's per-object header (stored just
//! before every GC-tracked object) and its per-interpreter state.

use super::object::{PyObject, Py_ssize_t};
use core::ffi::c_int;

/// `PyGC_Head`, 16 bytes, at `(PyGC_Head*)obj - 1`. `_gc_next == 0` means "not tracked";
/// the low two bits of `_gc_prev` are flags.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyGC_Head {
    pub _gc_next: usize,
    pub _gc_prev: usize,
}

/// Bit 0 of `_gc_prev`: `tp_finalize` has run.
pub const _PyGC_PREV_MASK_FINALIZED: usize = 1;
/// Bit 1 of `_gc_prev`: the object is in the generation being collected.
pub const _PyGC_PREV_MASK_COLLECTING: usize = 2;
pub const _PyGC_PREV_SHIFT: u32 = 2;
pub const _PyGC_PREV_MASK: usize = usize::MAX << _PyGC_PREV_SHIFT;

pub const NUM_GENERATIONS: usize = 3;

/// `struct gc_generation`, 24 bytes: a list head and its thresholds.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gc_generation {
    pub head: PyGC_Head,
    pub threshold: c_int,
    pub count: c_int,
}

/// `struct gc_generation_stats`, 24 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct gc_generation_stats {
    pub collections: Py_ssize_t,
    pub collected: Py_ssize_t,
    pub uncollectable: Py_ssize_t,
}

/// `struct _gc_runtime_state`, 240 bytes (`PyInterpreterState.gc`; austin `--gc` reads
/// `collecting`).
#[repr(C)]
#[derive(Debug)]
pub struct _gc_runtime_state {
    pub trash_delete_later: *mut PyObject,
    pub trash_delete_nesting: c_int,
    pub enabled: c_int,
    pub debug: c_int,
    pub generations: [gc_generation; NUM_GENERATIONS],
    pub generation0: *mut PyGC_Head,
    pub permanent_generation: gc_generation,
    pub generation_stats: [gc_generation_stats; NUM_GENERATIONS],
    pub collecting: c_int,
    pub garbage: *mut PyObject,
    pub callbacks: *mut PyObject,
    pub long_lived_total: Py_ssize_t,
    pub long_lived_pending: Py_ssize_t,
}

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<PyGC_Head>() == 16);
const _: () = assert!(size_of::<gc_generation>() == 24);
const _: () = assert!(size_of::<gc_generation_stats>() == 24);
const _: () = assert!(size_of::<_gc_runtime_state>() == 240);
const _: () = assert!(offset_of!(_gc_runtime_state, generations) == 24);
const _: () = assert!(offset_of!(_gc_runtime_state, generation0) == 96);
const _: () = assert!(offset_of!(_gc_runtime_state, permanent_generation) == 104);
const _: () = assert!(offset_of!(_gc_runtime_state, generation_stats) == 128);
const _: () = assert!(offset_of!(_gc_runtime_state, collecting) == 200);
const _: () = assert!(offset_of!(_gc_runtime_state, long_lived_pending) == 232);
