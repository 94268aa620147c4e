//! Include/pymem.h, Include/cpython/pymem.h and the allocator parts of Include/cpython/objimpl.h
//! and Include/objimpl.h: the PyMem_Raw*, PyMem_* and PyObject_{Malloc,Calloc,Realloc,Free}
//! families, allocator get/set, the arena allocator, the debug hooks, allocator names.
//! Thin wrappers over `ferrython_runtime::mem`; these all work before `Py_Initialize`.

use std::ffi::{c_char, c_int, c_void};
use std::ptr::null;

use ferrython_runtime::mem::{
    self, domains, small, AllocatorName, PyMemAllocatorEx, PyObjectArenaAllocator,
};


exported!(fn PyMem_RawMalloc(size: usize) -> *mut c_void => mem::raw_malloc(size));
exported!(fn PyMem_RawCalloc(nelem: usize, elsize: usize) -> *mut c_void => mem::raw_calloc(nelem, elsize));
exported!(fn PyMem_RawRealloc(ptr: *mut c_void, size: usize) -> *mut c_void => mem::raw_realloc(ptr, size));
exported!(fn PyMem_RawFree(ptr: *mut c_void) => mem::raw_free(ptr));

exported!(fn PyMem_Malloc(size: usize) -> *mut c_void => mem::mem_malloc(size));
exported!(fn PyMem_Calloc(nelem: usize, elsize: usize) -> *mut c_void => mem::mem_calloc(nelem, elsize));
exported!(fn PyMem_Realloc(ptr: *mut c_void, size: usize) -> *mut c_void => mem::mem_realloc(ptr, size));
exported!(fn PyMem_Free(ptr: *mut c_void) => mem::mem_free(ptr));

exported!(fn PyObject_Malloc(size: usize) -> *mut c_void => mem::obj_malloc(size));
exported!(fn PyObject_Calloc(nelem: usize, elsize: usize) -> *mut c_void => mem::obj_calloc(nelem, elsize));
exported!(fn PyObject_Realloc(ptr: *mut c_void, size: usize) -> *mut c_void => mem::obj_realloc(ptr, size));
exported!(fn PyObject_Free(ptr: *mut c_void) => mem::obj_free(ptr));

exported!(
    /// Unknown domains yield an all-NULL table.
    fn PyMem_GetAllocator(domain: c_int, allocator: *mut PyMemAllocatorEx) => {
        if !allocator.is_null() {
            *allocator = mem::get_allocator(domain);
        }
    }
);

exported!(
    /// Unknown domains are ignored.
    fn PyMem_SetAllocator(domain: c_int, allocator: *mut PyMemAllocatorEx) => {
        if !allocator.is_null() {
            mem::set_allocator(domain, &*allocator);
        }
    }
);

exported!(fn PyObject_GetArenaAllocator(allocator: *mut PyObjectArenaAllocator) => {
    if !allocator.is_null() {
        *allocator = mem::get_arena_allocator();
    }
});

exported!(fn PyObject_SetArenaAllocator(allocator: *mut PyObjectArenaAllocator) => {
    if !allocator.is_null() {
        mem::set_arena_allocator(&*allocator);
    }
});

exported!(fn PyMem_SetupDebugHooks() => mem::debug::setup_debug_hooks());

exported!(
    /// Installs the default allocator of `domain`, storing the previous one in `old_alloc`
    /// (may be NULL). -1 for an unknown domain.
    fn _PyMem_SetDefaultAllocator(domain: c_int, old_alloc: *mut PyMemAllocatorEx) -> c_int => {
        match domains::set_default_allocator(domain) {
            Some(old) => {
                if !old_alloc.is_null() {
                    *old_alloc = old;
                }
                0
            }
            None => -1,
        }
    }
);

exported!(
    /// Parses a `PYTHONMALLOC` value; -1 if unknown.
    fn _PyMem_GetAllocatorName(name: *const c_char, allocator: *mut c_int) -> c_int => {
        let bytes: &[u8] = if name.is_null() { b"" } else { std::ffi::CStr::from_ptr(name).to_bytes() };
        match AllocatorName::parse(bytes) {
            Some(a) => {
                *allocator = a as c_int;
                0
            }
            None => -1,
        }
    }
);

exported!(fn _PyMem_SetupAllocators(allocator: c_int) -> c_int => {
    match AllocatorName::from_c(allocator) {
        Some(a) if domains::setup_allocators(a) => 0,
        _ => -1,
    }
});

exported!(fn _PyMem_GetCurrentAllocatorName() -> *const c_char => {
    domains::current_allocator_name().map_or(null(), |n| n.as_ptr())
});

exported!(fn _PyMem_RawStrdup(s: *const c_char) -> *mut c_char => domains::strdup_with(s, mem::raw_malloc));
exported!(fn _PyMem_Strdup(s: *const c_char) -> *mut c_char => domains::strdup_with(s, mem::mem_malloc));
exported!(fn _PyMem_RawWcsdup(s: *const libc::wchar_t) -> *mut libc::wchar_t => domains::raw_wcsdup(s));

exported!(
    /// Blocks of the MEM/OBJ allocator in use (`sys.getallocatedblocks()`).
    fn _Py_GetAllocatedBlocks() -> isize => small::allocated_blocks()
);
