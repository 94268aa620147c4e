//! Memory: the three allocator domains of CPython 3.11 (PEP 445) and what stands behind them.
//!
//! * [`domains`] — `PyMemAllocatorEx` / `PyObjectArenaAllocator`, the per-domain allocator tables
//!   (RAW, MEM, OBJ) with get/set, the entry points behind `PyMem_Raw*`, `PyMem_*`, `PyObject_*`
//!   (size limits, calloc overflow), the default RAW allocator (libc) and arena allocator
//!   (mmap/munmap), allocator names (`PYTHONMALLOC`).
//! * [`small`] — the small-object allocator ("pymalloc") behind MEM and OBJ: requests of 1..=512
//!   bytes in 32 size classes of 16 bytes, 4 KiB pools in 256 KiB arenas taken from the arena
//!   allocator, empty arenas returned (at most [`small::RETAINED_EMPTY_ARENAS_MAX`] kept).
//! * [`pagemap`] — the O(1) address lookup that tells our blocks from everybody else's.
//! * [`debug`] — the debug hooks of `PyMem_SetupDebugHooks` / `PYTHONMALLOC=debug`.
//! * [`stats`] — the statistics `ferrython.memory_stats()` will expose.
//!
//! Threading: as in CPython, the MEM and OBJ domains are protected by the GIL: callers must hold
//! it. There is no GIL yet, so for now callers must not use them from two threads at once (debug
//! builds detect it and abort). The RAW domain is thread-safe.

pub mod debug;
pub mod domains;
pub mod gc;
pub mod pagemap;
pub mod small;
pub mod stats;
pub mod trashcan;
#[cfg(test)]
mod tests;

pub use domains::{
    arena_alloc, arena_free, get_allocator, get_arena_allocator, mem_calloc, mem_free, mem_malloc,
    mem_realloc, obj_calloc, obj_free, obj_malloc, obj_realloc, raw_calloc, raw_free, raw_malloc,
    raw_realloc, set_allocator, set_arena_allocator, AllocatorName, Domain, PyMemAllocatorEx,
    PyObjectArenaAllocator,
};
pub use stats::{memory_stats, MemoryStats, SizeClassStats};

/// Largest size any allocation may request (`PY_SSIZE_T_MAX`).
pub const PY_SSIZE_T_MAX: usize = isize::MAX as usize;
