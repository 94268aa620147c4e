//! `_Py_hashtable_t` (CPython's Python/hashtable.c): a C hash table of `void *` keys and values
//! with caller-supplied hash, compare and destroy functions, used by C modules (`_hashlib`).
//! The struct and entry layouts are CPython's, since `pycore_hashtable.h`'s inline
//! `_Py_hashtable_get_entry` calls `ht->get_entry_func` directly. Buckets are singly linked
//! lists; the bucket count is a power of two, grown above a 0.5 load and shrunk below 0.1.

use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

/// Hash of a key.
pub type HashFunc = Option<unsafe extern "C" fn(*const c_void) -> usize>;
/// Key equality (non-zero when equal).
pub type CompareFunc = Option<unsafe extern "C" fn(*const c_void, *const c_void) -> c_int>;
/// Destructor of a key or a value.
pub type DestroyFunc = Option<unsafe extern "C" fn(*mut c_void)>;
/// The lookup function stored in the table.
pub type GetEntryFunc = Option<unsafe extern "C" fn(*mut Hashtable, *const c_void) -> *mut Entry>;
/// Callback of `_Py_hashtable_foreach`.
pub type ForeachFunc = Option<unsafe extern "C" fn(*mut Hashtable, *const c_void, *const c_void, *mut c_void) -> c_int>;

/// `_Py_hashtable_entry_t`: list link, cached hash, key, value.
#[repr(C)]
pub struct Entry {
    pub next: *mut Entry,
    pub key_hash: usize,
    pub key: *mut c_void,
    pub value: *mut c_void,
}

/// `_Py_hashtable_allocator_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Allocator {
    pub malloc: Option<unsafe extern "C" fn(usize) -> *mut c_void>,
    pub free: Option<unsafe extern "C" fn(*mut c_void)>,
}

/// `_Py_hashtable_t`.
#[repr(C)]
pub struct Hashtable {
    pub nentries: usize,
    pub nbuckets: usize,
    /// `nbuckets` list heads.
    pub buckets: *mut *mut Entry,
    pub get_entry_func: GetEntryFunc,
    pub hash_func: HashFunc,
    pub compare_func: CompareFunc,
    pub key_destroy_func: DestroyFunc,
    pub value_destroy_func: DestroyFunc,
    pub alloc: Allocator,
}

const _: () = assert!(core::mem::size_of::<Hashtable>() == 80);

const MIN_SIZE: usize = 16;
const HIGH: f32 = 0.50;
const LOW: f32 = 0.10;
const REHASH_FACTOR: f64 = 2.0 / (0.10 + 0.50);

unsafe extern "C" fn default_malloc(size: usize) -> *mut c_void {
    crate::mem::mem_malloc(size)
}
unsafe extern "C" fn default_free(p: *mut c_void) {
    crate::mem::mem_free(p)
}

/// `_Py_hashtable_hash_ptr`: the pointer rotated right by 4 bits.
pub unsafe extern "C" fn hash_ptr(key: *const c_void) -> usize {
    crate::pyhash::hash_pointer_raw(key) as usize
}

/// `_Py_hashtable_compare_direct`: pointer identity.
pub unsafe extern "C" fn compare_direct(a: *const c_void, b: *const c_void) -> c_int {
    (a == b) as c_int
}

/// The smallest power of two >= `s`, at least 16.
fn round_size(s: usize) -> usize {
    if s < MIN_SIZE {
        return MIN_SIZE;
    }
    s.next_power_of_two()
}

/// Lookup with the table's hash and compare functions.
unsafe extern "C" fn get_entry_generic(ht: *mut Hashtable, key: *const c_void) -> *mut Entry {
    let (Some(hash), Some(cmp)) = ((*ht).hash_func, (*ht).compare_func) else { return null_mut() };
    let h = hash(key);
    let mut e = *(*ht).buckets.add(h & ((*ht).nbuckets - 1));
    while !e.is_null() {
        if (*e).key_hash == h && cmp(key, (*e).key) != 0 {
            return e;
        }
        e = (*e).next;
    }
    null_mut()
}

/// Lookup for pointer keys (hash_ptr + compare_direct).
unsafe extern "C" fn get_entry_ptr(ht: *mut Hashtable, key: *const c_void) -> *mut Entry {
    let h = hash_ptr(key);
    let mut e = *(*ht).buckets.add(h & ((*ht).nbuckets - 1));
    while !e.is_null() {
        if (*e).key as *const c_void == key {
            return e;
        }
        e = (*e).next;
    }
    null_mut()
}

/// Re-buckets for the current entry count; false when the new array cannot be allocated.
unsafe fn rehash(ht: *mut Hashtable) -> bool {
    let new_size = round_size(((*ht).nentries as f64 * REHASH_FACTOR) as usize);
    if new_size == (*ht).nbuckets {
        return true;
    }
    let Some(malloc) = (*ht).alloc.malloc else { return false };
    let new_buckets = malloc(new_size * core::mem::size_of::<*mut Entry>()) as *mut *mut Entry;
    if new_buckets.is_null() {
        return false;
    }
    core::ptr::write_bytes(new_buckets, 0, new_size);
    for b in 0..(*ht).nbuckets {
        let mut e = *(*ht).buckets.add(b);
        while !e.is_null() {
            let next = (*e).next;
            let slot = new_buckets.add((*e).key_hash & (new_size - 1));
            (*e).next = *slot;
            *slot = e;
            e = next;
        }
    }
    if let Some(free) = (*ht).alloc.free {
        free((*ht).buckets.cast());
    }
    (*ht).nbuckets = new_size;
    (*ht).buckets = new_buckets;
    true
}

/// `_Py_hashtable_new_full`: NULL when memory runs out (no exception, as CPython).
///
/// # Safety
/// The functions are valid for the keys and values to be stored; `allocator` is NULL or valid.
pub unsafe fn new_full(
    hash_func: HashFunc,
    compare_func: CompareFunc,
    key_destroy_func: DestroyFunc,
    value_destroy_func: DestroyFunc,
    allocator: *const Allocator,
) -> *mut Hashtable {
    let alloc = if allocator.is_null() {
        Allocator { malloc: Some(default_malloc), free: Some(default_free) }
    } else {
        *allocator
    };
    let (Some(malloc), Some(free)) = (alloc.malloc, alloc.free) else { return null_mut() };
    let ht = malloc(core::mem::size_of::<Hashtable>()) as *mut Hashtable;
    if ht.is_null() {
        return ht;
    }
    let buckets = malloc(MIN_SIZE * core::mem::size_of::<*mut Entry>()) as *mut *mut Entry;
    if buckets.is_null() {
        free(ht.cast());
        return null_mut();
    }
    core::ptr::write_bytes(buckets, 0, MIN_SIZE);
    let pointer_keys = hash_func.map(|f| f as usize) == Some(hash_ptr as *const () as usize)
        && compare_func.map(|f| f as usize) == Some(compare_direct as *const () as usize);
    ht.write(Hashtable {
        nentries: 0,
        nbuckets: MIN_SIZE,
        buckets,
        get_entry_func: if pointer_keys { Some(get_entry_ptr) } else { Some(get_entry_generic) },
        hash_func,
        compare_func,
        key_destroy_func,
        value_destroy_func,
        alloc,
    });
    ht
}

/// `_Py_hashtable_set`: adds an entry (the key must not be present); -1 when out of memory.
///
/// # Safety
/// `ht` is a live table.
pub unsafe fn set(ht: *mut Hashtable, key: *const c_void, value: *mut c_void) -> c_int {
    let (Some(malloc), Some(hash)) = ((*ht).alloc.malloc, (*ht).hash_func) else { return -1 };
    let e = malloc(core::mem::size_of::<Entry>()) as *mut Entry;
    if e.is_null() {
        return -1;
    }
    e.write(Entry { next: null_mut(), key_hash: hash(key), key: key as *mut c_void, value });
    (*ht).nentries += 1;
    if (*ht).nentries as f32 / (*ht).nbuckets as f32 > HIGH && !rehash(ht) {
        (*ht).nentries -= 1;
        if let Some(free) = (*ht).alloc.free {
            free(e.cast());
        }
        return -1;
    }
    let slot = (*ht).buckets.add((*e).key_hash & ((*ht).nbuckets - 1));
    (*e).next = *slot;
    *slot = e;
    0
}

/// `_Py_hashtable_get`: the value stored for `key`, NULL when absent.
///
/// # Safety
/// `ht` is a live table.
pub unsafe fn get(ht: *mut Hashtable, key: *const c_void) -> *mut c_void {
    let e = match (*ht).get_entry_func {
        Some(f) => f(ht, key),
        None => null_mut(),
    };
    if e.is_null() {
        null_mut()
    } else {
        (*e).value
    }
}

/// `_Py_hashtable_steal`: removes `key`'s entry and returns its value (not destroyed).
///
/// # Safety
/// `ht` is a live table.
pub unsafe fn steal(ht: *mut Hashtable, key: *const c_void) -> *mut c_void {
    let (Some(hash), Some(cmp)) = ((*ht).hash_func, (*ht).compare_func) else { return null_mut() };
    let h = hash(key);
    let mut link = (*ht).buckets.add(h & ((*ht).nbuckets - 1));
    while !(*link).is_null() {
        let e = *link;
        if (*e).key_hash == h && cmp(key, (*e).key) != 0 {
            *link = (*e).next;
            (*ht).nentries -= 1;
            let value = (*e).value;
            if let Some(free) = (*ht).alloc.free {
                free(e.cast());
            }
            if ((*ht).nentries as f32 / (*ht).nbuckets as f32) < LOW {
                let _ = rehash(ht);
            }
            return value;
        }
        link = &raw mut (*e).next;
    }
    null_mut()
}

/// Runs the destroy functions on an entry and frees it.
unsafe fn destroy_entry(ht: *mut Hashtable, e: *mut Entry) {
    if let Some(f) = (*ht).key_destroy_func {
        f((*e).key);
    }
    if let Some(f) = (*ht).value_destroy_func {
        f((*e).value);
    }
    if let Some(free) = (*ht).alloc.free {
        free(e.cast());
    }
}

/// `_Py_hashtable_clear`: destroys every entry and shrinks the bucket array.
///
/// # Safety
/// `ht` is a live table.
pub unsafe fn clear(ht: *mut Hashtable) {
    for b in 0..(*ht).nbuckets {
        let slot = (*ht).buckets.add(b);
        let mut e = *slot;
        while !e.is_null() {
            let next = (*e).next;
            destroy_entry(ht, e);
            e = next;
        }
        *slot = null_mut();
    }
    (*ht).nentries = 0;
    let _ = rehash(ht);
}

/// `_Py_hashtable_destroy`: destroys every entry, then the table.
///
/// # Safety
/// `ht` is a live table, not used afterwards.
pub unsafe fn destroy(ht: *mut Hashtable) {
    for b in 0..(*ht).nbuckets {
        let mut e = *(*ht).buckets.add(b);
        while !e.is_null() {
            let next = (*e).next;
            destroy_entry(ht, e);
            e = next;
        }
    }
    if let Some(free) = (*ht).alloc.free {
        free((*ht).buckets.cast());
        free(ht.cast());
    }
}

/// `_Py_hashtable_foreach`: calls `func(ht, key, value, data)` per entry until it returns non-zero.
///
/// # Safety
/// `ht` is a live table; `func` does not modify it.
pub unsafe fn foreach(ht: *mut Hashtable, func: ForeachFunc, data: *mut c_void) -> c_int {
    let Some(func) = func else { return 0 };
    for b in 0..(*ht).nbuckets {
        let mut e = *(*ht).buckets.add(b);
        while !e.is_null() {
            let r = func(ht, (*e).key, (*e).value, data);
            if r != 0 {
                return r;
            }
            e = (*e).next;
        }
    }
    0
}

/// `_Py_hashtable_size`: the memory the table uses, in bytes.
///
/// # Safety
/// `ht` is a live table.
pub unsafe fn size(ht: *const Hashtable) -> usize {
    core::mem::size_of::<Hashtable>()
        + (*ht).nbuckets * core::mem::size_of::<*mut Entry>()
        + (*ht).nentries * core::mem::size_of::<Entry>()
}
