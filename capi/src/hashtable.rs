//! `internal/pycore_hashtable.h`: the `_Py_hashtable_*` functions C modules import. Wrappers over
//! `ferrython_runtime::hashtable`.

use ferrython_runtime::hashtable::{self as h, Allocator, CompareFunc, DestroyFunc, ForeachFunc, HashFunc, Hashtable};
use std::ffi::{c_int, c_void};

exported!(fn _Py_hashtable_hash_ptr(key: *const c_void) -> usize => h::hash_ptr(key));
exported!(fn _Py_hashtable_compare_direct(a: *const c_void, b: *const c_void) -> c_int => h::compare_direct(a, b));
exported!(fn _Py_hashtable_new_full(hash: HashFunc, compare: CompareFunc, key_destroy: DestroyFunc, value_destroy: DestroyFunc, allocator: *const Allocator) -> *mut Hashtable =>
    h::new_full(hash, compare, key_destroy, value_destroy, allocator));
exported!(fn _Py_hashtable_new(hash: HashFunc, compare: CompareFunc) -> *mut Hashtable =>
    h::new_full(hash, compare, None, None, std::ptr::null()));
exported!(fn _Py_hashtable_set(ht: *mut Hashtable, key: *const c_void, value: *mut c_void) -> c_int => h::set(ht, key, value));
exported!(fn _Py_hashtable_get(ht: *mut Hashtable, key: *const c_void) -> *mut c_void => h::get(ht, key));
exported!(fn _Py_hashtable_steal(ht: *mut Hashtable, key: *const c_void) -> *mut c_void => h::steal(ht, key));
exported!(fn _Py_hashtable_clear(ht: *mut Hashtable) => h::clear(ht));
exported!(fn _Py_hashtable_destroy(ht: *mut Hashtable) => h::destroy(ht));
exported!(fn _Py_hashtable_foreach(ht: *mut Hashtable, func: ForeachFunc, data: *mut c_void) -> c_int => h::foreach(ht, func, data));
exported!(fn _Py_hashtable_size(ht: *const Hashtable) -> usize => h::size(ht));
