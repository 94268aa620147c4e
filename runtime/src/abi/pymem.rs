//! Mirror of `cpython/pymem.h` and the arena part of `cpython/objimpl.h`: the allocator
//! tables `PyMem_SetAllocator` and `PyObject_SetArenaAllocator` take.

use core::ffi::c_void;

pub type MallocFn = unsafe extern "C" fn(ctx: *mut c_void, size: usize) -> *mut c_void;
pub type CallocFn =
    unsafe extern "C" fn(ctx: *mut c_void, nelem: usize, elsize: usize) -> *mut c_void;
pub type ReallocFn =
    unsafe extern "C" fn(ctx: *mut c_void, ptr: *mut c_void, size: usize) -> *mut c_void;
pub type FreeFn = unsafe extern "C" fn(ctx: *mut c_void, ptr: *mut c_void);
pub type ArenaAllocFn = unsafe extern "C" fn(ctx: *mut c_void, size: usize) -> *mut c_void;
pub type ArenaFreeFn = unsafe extern "C" fn(ctx: *mut c_void, ptr: *mut c_void, size: usize);

/// `PyMemAllocatorEx` (Include/cpython/pymem.h): 40 bytes, five pointers.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PyMemAllocatorEx {
    pub ctx: *mut c_void,
    pub malloc: Option<MallocFn>,
    pub calloc: Option<CallocFn>,
    pub realloc: Option<ReallocFn>,
    pub free: Option<FreeFn>,
}

/// `PyObjectArenaAllocator` (Include/cpython/objimpl.h): 24 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PyObjectArenaAllocator {
    pub ctx: *mut c_void,
    pub alloc: Option<ArenaAllocFn>,
    pub free: Option<ArenaFreeFn>,
}

