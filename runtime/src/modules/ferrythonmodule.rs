//! The `ferrython` built-in module: Ferrython's own tools beyond CPython 3.11, for memory work.
//! `memory_stats()` reports what the allocators and the runtime's caches hold, each with its
//! bound, so that a leak or an oversized cache shows up as a number (see docs/objects.md).
//! The same dictionary is available to C as `Ferrython_MemoryStats()` (include/ferrython.h).

use crate::abi::methodobject::{PyMethodDef, METH_NOARGS};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::object::Ref;
use crate::objects::{dictobject, listobject, longobject};

/// A dict from `(name, value)` pairs of sizes and counts.
unsafe fn counts(pairs: &[(&str, usize)]) -> PyResult<Ref> {
    let d = dictobject::new()?;
    for &(name, value) in pairs {
        let v = longobject::from_u64(value as u64)?;
        dictobject::set_item_str(d.as_ptr(), name, v.as_ptr())?;
    }
    Ok(d)
}

unsafe fn set(d: &Ref, name: &str, value: Ref) -> PyResult<()> {
    dictobject::set_item_str(d.as_ptr(), name, value.as_ptr())
}

/// `ferrython.memory_stats()`: a dict of
/// - `small_objects`: the PyObject_/PyMem_ small-block allocator: `pool_size`, `arena_size`,
///   `arenas` (live, peak, allocated/freed totals, wholly empty arenas kept and their bound),
///   `empty_pools`, `large_blocks` (requests over 512 bytes, served by the raw domain),
///   `page_map` (leaves, reserved bytes) and `size_classes`: per class `block_size`,
///   `blocks_per_pool`, `pools`, `blocks_in_use`, `blocks_free`;
/// - `free_lists`: per free list (tuple, float, list, dict, dict_keys) `count`, `bytes`, `bound`;
/// - `caches`: the method cache (`entries`, fixed), this thread's spare data-stack chunks
///   (`count`, `bytes`, `bound_chunks`, `bound_bytes`), and the interned strings (`count`;
///   unbounded, as CPython's).
///
/// # Safety
/// The GIL is held.
pub unsafe fn memory_stats() -> PyResult<Ref> {
    let st = crate::mem::stats::memory_stats();
    let small = counts(&[
        ("pool_size", st.pool_size),
        ("arena_size", st.arena_size),
        ("empty_pools", st.pools_empty),
        ("large_blocks", st.large_blocks.max(0) as usize),
        ("blocks_in_use", st.blocks_in_use().max(0) as usize),
        ("arena_bytes", st.arena_bytes()),
    ])?;
    set(
        &small,
        "arenas",
        counts(&[
            ("live", st.arenas_live),
            ("peak", st.arenas_peak),
            ("allocated_total", st.arenas_allocated_total as usize),
            ("freed_total", st.arenas_freed_total as usize),
            ("retained_empty", st.arenas_retained_empty),
            ("retained_empty_bound", st.arenas_retained_empty_max),
        ])?,
    )?;
    set(
        &small,
        "page_map",
        counts(&[("leaves", st.pagemap_leaves), ("reserved_bytes", st.pagemap_reserved_bytes)])?,
    )?;
    let classes = listobject::new(0)?;
    for c in &st.size_classes {
        let entry = counts(&[
            ("block_size", c.block_size),
            ("blocks_per_pool", c.blocks_per_pool),
            ("pools", c.pools),
            ("blocks_in_use", c.blocks_in_use),
            ("blocks_free", c.blocks_free),
        ])?;
        listobject::append(classes.as_ptr(), entry.as_ptr())?;
    }
    set(&small, "size_classes", classes)?;

    use crate::abi::pycore_interp::{PyDict_MAXFREELIST, PyList_MAXFREELIST, PyTuple_MAXSAVESIZE};
    let free_lists = dictobject::new()?;
    let (tuples, tuple_bytes) = crate::objects::tupleobject::free_list_stats();
    let (floats, float_bytes) = crate::objects::floatobject::free_list_stats();
    let (lists, list_bytes) = crate::objects::listobject::free_list_stats();
    let (dicts, keys, dict_bytes) = crate::objects::dictobject::free_list_stats();
    let keys_bytes = if dicts + keys == 0 { 0 } else { dict_bytes * keys / (dicts + keys) };
    let tuple_bound = PyTuple_MAXSAVESIZE * crate::objects::tupleobject::FREE_LIST_MAX as usize;
    for (name, count, bytes, bound) in [
        ("tuple", tuples, tuple_bytes, tuple_bound),
        ("float", floats, float_bytes, crate::objects::floatobject::FREE_LIST_MAX as usize),
        ("list", lists, list_bytes, PyList_MAXFREELIST),
        ("dict", dicts, dict_bytes - keys_bytes, PyDict_MAXFREELIST),
        ("dict_keys", keys, keys_bytes, PyDict_MAXFREELIST),
    ] {
        set(&free_lists, name, counts(&[("count", count), ("bytes", bytes), ("bound", bound)])?)?;
    }

    let caches = dictobject::new()?;
    set(&caches, "method_cache", counts(&[("entries", crate::objects::typeobject::method_cache_entries())])?)?;
    let ts = crate::lifecycle::pystate::current();
    let (chunks, chunk_bytes) = if ts.is_null() {
        (0, 0)
    } else {
        let cache = crate::eval::datastack::cache_of(ts);
        ((*cache).len(), (*cache).cached_bytes())
    };
    set(
        &caches,
        "data_stack_spare_chunks",
        counts(&[
            ("count", chunks),
            ("bytes", chunk_bytes),
            ("bound_chunks", crate::eval::datastack::CACHE_MAX_CHUNKS),
            ("bound_bytes", crate::eval::datastack::CACHE_MAX_BYTES),
        ])?,
    )?;
    set(&caches, "interned_strings", counts(&[("count", crate::objects::unicodeobject::interned_count())])?)?;

    let out = dictobject::new()?;
    set(&out, "small_objects", small)?;
    set(&out, "free_lists", free_lists)?;
    set(&out, "caches", caches)?;
    Ok(out)
}

unsafe extern "C" fn py_memory_stats(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(memory_stats())
}

fn methods() -> Vec<PyMethodDef> {
    vec![PyMethodDef {
        ml_name: c"memory_stats".as_ptr(),
        ml_meth: Some(py_memory_stats),
        ml_flags: METH_NOARGS,
        ml_doc: c"memory_stats()\n--\n\nWhat the allocators and the runtime's caches hold, each with its bound.".as_ptr(),
    }]
}

/// `PyInit_ferrython`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result(args::create_module(
        c"ferrython",
        c"Ferrython's own tools beyond CPython 3.11: memory statistics of the allocators and caches.",
        methods,
    ))
}

#[cfg(test)]
mod tests {
    /// The figures move with what the program does: a list of 10,000 floats fills float-sized
    /// blocks, and freeing it fills the float free list up to its bound and no further.
    #[test]
    fn memory_stats_reports_allocator_and_free_lists() {
        let _runtime = crate::testing::hold_runtime();
        crate::testing::init();
        let snippet = "import ferrython, gc\n\
            gc.collect()\n\
            def float_blocks():\n    s = ferrython.memory_stats()['small_objects']['size_classes']\n    return s[1]['blocks_in_use']\n\
            before = float_blocks()\n\
            xs = [float(i) + 0.5 for i in range(10000)]\n\
            during = float_blocks()\n\
            del xs\n\
            s = ferrython.memory_stats()\n\
            fl = s['free_lists']['float']\n\
            result = (during - before >= 9000, fl['count'] == fl['bound'] == 100, fl['bytes'] == 100 * 24,\n\
                s['small_objects']['arenas']['retained_empty'] <= s['small_objects']['arenas']['retained_empty_bound'],\n\
                s['small_objects']['size_classes'][1]['block_size'], len(s['small_objects']['size_classes']),\n\
                sorted(s), sorted(s['caches']), s['caches']['method_cache']['entries'],\n\
                s['caches']['data_stack_spare_chunks']['bound_bytes'], s['caches']['interned_strings']['count'] > 1000,\n\
                gc.collect() >= 0, ferrython.memory_stats()['free_lists']['float']['count'])";
        let got = crate::testing::difftest::run_ours(snippet);
        assert_eq!(
            got,
            "(True, True, True, True, 32, 32, ['caches', 'free_lists', 'small_objects'], ['data_stack_spare_chunks', 'interned_strings', 'method_cache'], 4096, 65536, True, True, 0)"
        );
    }
}
