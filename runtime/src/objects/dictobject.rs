//! `dict` (CPython 3.11's Objects/dictobject.c): the compact, insertion-ordered hash table with
//! CPython's exact memory layout (so `sys.getsizeof` and inlined C code agree), its keys
//! tables (general, all-str "unicode", and split tables shared by a class's instances), the
//! probing sequence, growth policy, split-key support for instance dicts, the Rust API the
//! rest of the runtime uses, the type's slots and methods, its views and its iterators.
//!
//! Layout reminders (see `abi::pycore_dict`): a keys object is a 32-byte header, then
//! `1 << dk_log2_index_bytes` bytes of indices (1, 2, 4 or 8 bytes each by table size), then
//! `usable` entries. A split dict keeps its values in a `PyDictValues` array whose prefix (in
//! front of the pointer) holds the prefix size, the number of items, and the insertion order.

use crate::abi::*;
use crate::abi::methodobject::*;
use crate::abi::pycore_dict::*;
use crate::abi::dictobject::PyDictObject;
use super::typeobject::static_type;

use crate::errors::{self, PyResult};
use crate::objects::object::{self as obj, decref, incref, py_type, xdecref, xincref, Ref};
use core::ffi::c_int;
use core::ptr::null_mut;
use core::sync::atomic::{AtomicBool, Ordering};

// ---------------------------------------------------------------------------------------------
// Tuning: CPython's constants by default; an embedder may change them once, before the first
// dict is made (they shape every table, so they cannot change afterwards).

/// The growth policy of dict tables. CPython's values are the default: tables start with
/// 8 slots, hold at most 2/3 of their slots, and on filling up are rebuilt for `used * 3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DictConfig {
    /// log2 of the smallest table (CPython: 3, i.e. 8 slots).
    pub log2_min_size: u8,
    /// The usable fraction of a table's slots, as numerator / denominator (CPython: 2/3).
    pub usable_numerator: u32,
    pub usable_denominator: u32,
    /// A full table is rebuilt for at least `used * growth_rate` slots (CPython: 3).
    pub growth_rate: u32,
}

impl DictConfig {
    /// CPython 3.11's policy.
    pub const CPYTHON: DictConfig =
        DictConfig { log2_min_size: PyDict_LOG_MINSIZE, usable_numerator: 2, usable_denominator: 3, growth_rate: 3 };

    /// Checks that a table of this policy always keeps a free slot (so probing ends) and
    /// that growing always makes room for one more item.
    pub fn validate(&self) -> Result<(), &'static str> {
        if !(PyDict_LOG_MINSIZE..=20).contains(&self.log2_min_size) {
            return Err("log2_min_size must be between 3 and 20");
        }
        if self.usable_numerator == 0 || self.usable_numerator >= self.usable_denominator {
            return Err("the usable fraction must be above 0 and below 1");
        }
        if (self.growth_rate as u64) * (self.usable_numerator as u64) <= self.usable_denominator as u64 {
            return Err("growth_rate times the usable fraction must exceed 1");
        }
        Ok(())
    }
}

static mut CONFIG: DictConfig = DictConfig::CPYTHON;
static CONFIG_FROZEN: AtomicBool = AtomicBool::new(false);

/// Sets the dict growth policy. Allowed only before the runtime makes its first dict
/// (call it before `Py_Initialize`); the policy is read once and then fixed.
pub fn configure(config: DictConfig) -> Result<(), &'static str> {
    config.validate()?;
    if CONFIG_FROZEN.load(Ordering::Acquire) {
        return Err("the dict policy is fixed once the first dict exists");
    }
    // SAFETY: before the first dict no other thread reads CONFIG (start-up is single-threaded).
    unsafe { CONFIG = config };
    Ok(())
}

/// The policy in force (freezes it).
#[inline(always)]
fn config() -> DictConfig {
    if !CONFIG_FROZEN.load(Ordering::Relaxed) {
        CONFIG_FROZEN.store(true, Ordering::Release);
    }
    // SAFETY: CONFIG is only written before it is frozen.
    unsafe { CONFIG }
}

/// `USABLE_FRACTION(n)`.
#[inline(always)]
fn usable_fraction(n: usize) -> usize {
    let c = config();
    if c.usable_numerator == 2 && c.usable_denominator == 3 {
        (n << 1) / 3
    } else {
        ((n as u128 * c.usable_numerator as u128) / c.usable_denominator as u128) as usize
    }
}

/// `calculate_log2_keysize`: the smallest table size (as log2) of at least `minsize` slots.
#[inline]
fn calculate_log2_keysize(minsize: usize) -> u8 {
    let min_log2 = config().log2_min_size;
    let min = 1usize << min_log2;
    let m = (minsize | min) - 1;
    ((usize::BITS - (m | (min - 1)).leading_zeros()) as u8).max(min_log2)
}

/// `estimate_log2_keysize`: the table size that holds `n` items without growing (the
/// inverse of the usable fraction, rounded up).
#[inline]
fn estimate_log2_keysize(n: usize) -> u8 {
    let c = config();
    let num = c.usable_numerator as usize;
    let den = c.usable_denominator as usize;
    calculate_log2_keysize((n.saturating_mul(den) + num - 1) / num)
}

/// `GROWTH_RATE(d)`.
#[inline(always)]
unsafe fn growth_rate(mp: *mut PyDictObject) -> usize {
    ((*mp).ma_used as usize).saturating_mul(config().growth_rate as usize)
}

/// The smallest table's slot count (`PyDict_MINSIZE` under the default policy).
#[inline(always)]
fn min_size() -> usize {
    1usize << config().log2_min_size
}

// ---------------------------------------------------------------------------------------------
// Versions (PEP 509) and the shared empty keys.

/// `_pydict_global_version`: bumped on every dict modification (internal: CPython 3.11 does not
/// export it).
pub static mut _pydict_global_version: u64 = 0;

/// `DICT_NEXT_VERSION()`.
#[inline(always)]
fn next_version() -> u64 {
    // SAFETY: the GIL serializes dict mutations.
    unsafe {
        _pydict_global_version += 1;
        _pydict_global_version
    }
}

static mut NEXT_KEYS_VERSION: u32 = 2;

/// `_PyDictKeys_GetVersionForCurrentState`: a version for the specializing interpreter,
/// 0 once versions run out.
///
/// # Safety
/// `dk` is a live keys object.
pub unsafe fn keys_version_for_current_state(dk: *mut PyDictKeysObject) -> u32 {
    if (*dk).dk_version != 0 {
        return (*dk).dk_version;
    }
    if NEXT_KEYS_VERSION == 0 {
        return 0;
    }
    let v = NEXT_KEYS_VERSION;
    NEXT_KEYS_VERSION = NEXT_KEYS_VERSION.wrapping_add(1);
    (*dk).dk_version = v;
    v
}

/// The empty keys object with its 8 empty index bytes (`Py_EMPTY_KEYS`): every empty dict
/// shares it, so `{}` allocates no table. It never reaches a count of zero.
#[repr(C)]
struct EmptyKeys {
    header: PyDictKeysObject,
    indices: [i8; 8],
}

static mut EMPTY_KEYS: EmptyKeys = EmptyKeys {
    header: PyDictKeysObject {
        dk_refcnt: 1,
        dk_log2_size: 0,
        dk_log2_index_bytes: 0,
        dk_kind: DICT_KEYS_UNICODE,
        dk_version: 1,
        dk_usable: 0,
        dk_nentries: 0,
        dk_indices: [],
    },
    indices: [-1; 8],
};

#[inline(always)]
fn empty_keys() -> *mut PyDictKeysObject {
    (&raw mut EMPTY_KEYS).cast()
}

// ---------------------------------------------------------------------------------------------
// Keys tables: indices, entries, allocation.

const PERTURB_SHIFT: u32 = 5;

#[inline(always)]
unsafe fn dk_size(dk: *const PyDictKeysObject) -> usize {
    1usize << (*dk).dk_log2_size
}

#[inline(always)]
unsafe fn dk_mask(dk: *const PyDictKeysObject) -> usize {
    dk_size(dk) - 1
}

/// True for unicode and split tables (`DK_IS_UNICODE`): entries are `PyDictUnicodeEntry`.
#[inline(always)]
unsafe fn is_unicode_kind(dk: *const PyDictKeysObject) -> bool {
    (*dk).dk_kind != DICT_KEYS_GENERAL
}

#[inline(always)]
unsafe fn indices_ptr(dk: *mut PyDictKeysObject) -> *mut u8 {
    (*dk).dk_indices.as_mut_ptr().cast()
}

#[inline(always)]
unsafe fn entries_ptr(dk: *mut PyDictKeysObject) -> *mut u8 {
    indices_ptr(dk).add(1usize << (*dk).dk_log2_index_bytes)
}

/// `DK_ENTRIES`.
#[inline(always)]
pub unsafe fn general_entries(dk: *mut PyDictKeysObject) -> *mut PyDictKeyEntry {
    entries_ptr(dk).cast()
}

/// `DK_UNICODE_ENTRIES`.
#[inline(always)]
pub unsafe fn unicode_entries(dk: *mut PyDictKeysObject) -> *mut PyDictUnicodeEntry {
    entries_ptr(dk).cast()
}

/// `dictkeys_get_index`: the entry index at slot `i` (or `DKIX_EMPTY` / `DKIX_DUMMY`).
#[inline(always)]
unsafe fn get_index(dk: *mut PyDictKeysObject, i: usize) -> isize {
    let log2 = (*dk).dk_log2_size;
    let p = indices_ptr(dk);
    if log2 < 8 {
        *p.cast::<i8>().add(i) as isize
    } else if log2 < 16 {
        *p.cast::<i16>().add(i) as isize
    } else if log2 < 32 {
        *p.cast::<i32>().add(i) as isize
    } else {
        *p.cast::<i64>().add(i) as isize
    }
}

/// `dictkeys_set_index`.
#[inline(always)]
unsafe fn set_index(dk: *mut PyDictKeysObject, i: usize, ix: isize) {
    let log2 = (*dk).dk_log2_size;
    let p = indices_ptr(dk);
    if log2 < 8 {
        *p.cast::<i8>().add(i) = ix as i8;
    } else if log2 < 16 {
        *p.cast::<i16>().add(i) = ix as i16;
    } else if log2 < 32 {
        *p.cast::<i32>().add(i) = ix as i32;
    } else {
        *p.cast::<i64>().add(i) = ix as i64;
    }
}

/// The cached hash of a str (`unicode_get_hash`), -1 if not computed yet.
#[inline(always)]
unsafe fn str_cached_hash(op: *mut PyObject) -> Py_hash_t {
    (*(op as *mut crate::abi::unicodeobject::PyASCIIObject)).hash
}

#[inline(always)]
unsafe fn is_exact_str(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut super::unicodeobject::PyUnicode_Type
}

/// The hash the table uses for `key`: a str's cached hash when present, else `hash(key)`.
#[inline(always)]
pub unsafe fn key_hash(key: *mut PyObject) -> PyResult<Py_hash_t> {
    if is_exact_str(key) {
        let h = str_cached_hash(key);
        if h != -1 {
            return Ok(h);
        }
    }
    obj::hash(key)
}

/// Equality of two exact str keys with equal hashes (`unicode_eq`).
#[inline(always)]
unsafe fn str_keys_equal(a: *mut PyObject, b: *mut PyObject) -> bool {
    match obj::rich_compare_bool(a, b, obj::Py_EQ) {
        Ok(eq) => eq,
        Err(_) => {
            errors::clear();
            false
        }
    }
}

/// `new_keys_object`: an empty table of `1 << log2_size` slots.
unsafe fn new_keys_object(log2_size: u8, unicode: bool) -> PyResult<*mut PyDictKeysObject> {
    let usable = usable_fraction(1usize << log2_size);
    let log2_bytes = if log2_size < 8 {
        log2_size
    } else if log2_size < 16 {
        log2_size + 1
    } else if log2_size >= 32 {
        log2_size + 3
    } else {
        log2_size + 2
    };
    let entry_size =
        if unicode { core::mem::size_of::<PyDictUnicodeEntry>() } else { core::mem::size_of::<PyDictKeyEntry>() };
    let index_bytes = 1usize << log2_bytes;
    let Some(total) = entry_size
        .checked_mul(usable)
        .and_then(|e| e.checked_add(core::mem::size_of::<PyDictKeysObject>() + index_bytes))
    else {
        return Err(errors::no_memory());
    };
    let st = dict_state();
    let dk = if log2_size == PYDICT_LOG_MINSIZE && unicode && !st.is_null() && (*st).keys_numfree > 0 {
        (*st).keys_numfree -= 1;
        (*st).keys_free_list[(*st).keys_numfree as usize]
    } else {
        crate::mem::obj_malloc(total) as *mut PyDictKeysObject
    };
    if dk.is_null() {
        return Err(errors::no_memory());
    }
    (*dk).dk_refcnt = 1;
    (*dk).dk_log2_size = log2_size;
    (*dk).dk_log2_index_bytes = log2_bytes;
    (*dk).dk_kind = if unicode { DICT_KEYS_UNICODE } else { DICT_KEYS_GENERAL };
    (*dk).dk_nentries = 0;
    (*dk).dk_usable = usable as Py_ssize_t;
    (*dk).dk_version = 0;
    core::ptr::write_bytes(indices_ptr(dk), 0xff, index_bytes);
    core::ptr::write_bytes(indices_ptr(dk).add(index_bytes), 0, entry_size * usable);
    Ok(dk)
}

/// `free_keys_object`: releases the entries' references and the memory.
unsafe fn free_keys_object(dk: *mut PyDictKeysObject) {
    let n = (*dk).dk_nentries as usize;
    if is_unicode_kind(dk) {
        let e = unicode_entries(dk);
        for i in 0..n {
            xdecref((*e.add(i)).me_key);
            xdecref((*e.add(i)).me_value);
        }
    } else {
        let e = general_entries(dk);
        for i in 0..n {
            xdecref((*e.add(i)).me_key);
            xdecref((*e.add(i)).me_value);
        }
    }
    let st = dict_state();
    if (*dk).dk_log2_size == PYDICT_LOG_MINSIZE
        && (*dk).dk_kind == DICT_KEYS_UNICODE
        && !st.is_null()
        && ((*st).keys_numfree as usize) < crate::abi::pycore_interp::PyDict_MAXFREELIST
    {
        (*st).keys_free_list[(*st).keys_numfree as usize] = dk;
        (*st).keys_numfree += 1;
        return;
    }
    crate::mem::obj_free(dk.cast());
}

// The free lists: up to 80 dead exact dict objects and 80 keys tables of the minimum size
// (8 slots, str keys) kept in `interp->dict_state`, as CPython 3.11. Reported by
// [`free_list_stats`], released by [`clear_free_lists`] (full collections, finalization).

/// log2 of `PyDict_MINSIZE`.
const PYDICT_LOG_MINSIZE: u8 = 3;

unsafe fn dict_state() -> *mut crate::abi::pycore_interp::_Py_dict_state {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() {
        return null_mut();
    }
    &raw mut (*interp).dict_state
}

/// How many dict objects and keys tables the free lists hold, and their bytes.
pub fn free_list_stats() -> (usize, usize, usize) {
    // SAFETY: reads the current interpreter's counters.
    unsafe {
        let st = dict_state();
        if st.is_null() {
            return (0, 0, 0);
        }
        let dicts = (*st).numfree.max(0) as usize;
        let keys = (*st).keys_numfree.max(0) as usize;
        let keys_bytes = core::mem::size_of::<PyDictKeysObject>()
            + 8
            + usable_fraction(8) * core::mem::size_of::<PyDictUnicodeEntry>();
        let dict_bytes = core::mem::size_of::<PyDictObject>() + core::mem::size_of::<crate::abi::pycore_gc::PyGC_Head>();
        (dicts, keys, dicts * dict_bytes + keys * keys_bytes)
    }
}

/// `_PyDict_ClearFreeList`.
///
/// # Safety
/// With the GIL held.
pub unsafe fn clear_free_lists() {
    let st = dict_state();
    if st.is_null() {
        return;
    }
    while (*st).numfree > 0 {
        (*st).numfree -= 1;
        crate::mem::gc::free((*st).free_list[(*st).numfree as usize].cast());
    }
    while (*st).keys_numfree > 0 {
        (*st).keys_numfree -= 1;
        crate::mem::obj_free((*st).keys_free_list[(*st).keys_numfree as usize].cast());
    }
}

#[inline(always)]
unsafe fn keys_incref(dk: *mut PyDictKeysObject) {
    (*dk).dk_refcnt += 1;
}

/// `dictkeys_decref` (`_PyDictKeys_DecRef`).
///
/// # Safety
/// `dk` is a live keys object and the caller gives up one reference.
pub unsafe fn keys_decref(dk: *mut PyDictKeysObject) {
    (*dk).dk_refcnt -= 1;
    if (*dk).dk_refcnt == 0 {
        free_keys_object(dk);
    }
}

/// `_PyDict_KeysSize`: bytes of a keys object.
///
/// # Safety
/// `dk` is a live keys object.
pub unsafe fn keys_size(dk: *mut PyDictKeysObject) -> Py_ssize_t {
    let es = if (*dk).dk_kind == DICT_KEYS_GENERAL {
        core::mem::size_of::<PyDictKeyEntry>()
    } else {
        core::mem::size_of::<PyDictUnicodeEntry>()
    };
    (core::mem::size_of::<PyDictKeysObject>() + (1usize << (*dk).dk_log2_index_bytes) + usable_fraction(dk_size(dk)) * es)
        as Py_ssize_t
}

/// `shared_keys_usable_size`.
#[inline(always)]
unsafe fn shared_keys_usable_size(dk: *mut PyDictKeysObject) -> usize {
    ((*dk).dk_nentries + (*dk).dk_usable) as usize
}

// Split-table values: `[order bytes (reversed)..., count, prefix size][values...]`.

/// `new_values`: a values array of `size` slots with its order prefix (values uninitialized).
unsafe fn new_values(size: usize) -> PyResult<*mut PyDictValues> {
    let ptr_size = core::mem::size_of::<*mut PyObject>();
    let prefix = (size + 2 + ptr_size - 1) & !(ptr_size - 1);
    let mem = crate::mem::mem_malloc(prefix + size * ptr_size) as *mut u8;
    if mem.is_null() {
        return Err(errors::no_memory());
    }
    *mem.add(prefix - 1) = prefix as u8;
    Ok(mem.add(prefix).cast())
}

/// `free_values`.
unsafe fn free_values(values: *mut PyDictValues) {
    let prefix = *(values as *mut u8).sub(1) as usize;
    crate::mem::mem_free((values as *mut u8).sub(prefix).cast());
}

#[inline(always)]
unsafe fn values_slot(values: *mut PyDictValues, i: usize) -> *mut *mut PyObject {
    (*values).values.as_mut_ptr().add(i)
}

/// `_PyDictValues_AddToInsertionOrder`.
#[inline]
unsafe fn values_add_to_order(values: *mut PyDictValues, ix: usize) {
    let base = values as *mut u8;
    let size = *base.sub(2) as usize + 1;
    *base.sub(2 + size) = ix as u8;
    *base.sub(2) = size as u8;
}

/// `delete_index_from_values`.
unsafe fn values_delete_from_order(values: *mut PyDictValues, ix: usize) {
    let size_ptr = (values as *mut u8).sub(2);
    let size = *size_ptr as usize;
    let mut i = 1;
    while i <= size && *size_ptr.sub(i) as usize != ix {
        i += 1;
    }
    while i < size {
        *size_ptr.sub(i) = *size_ptr.sub(i + 1);
        i += 1;
    }
    *size_ptr = (size - 1) as u8;
}

/// `get_index_from_order`: the entry index of the `i`th item of a split dict.
#[inline(always)]
unsafe fn index_from_order(mp: *mut PyDictObject, i: usize) -> usize {
    *((*mp).ma_values as *mut u8).sub(3 + i) as usize
}

// ---------------------------------------------------------------------------------------------
// GC tracking of dicts: a dict is tracked only once it holds something that may be part of a
// cycle (as CPython does, so `gc.is_tracked` agrees).

/// `_PyObject_GC_MAY_BE_TRACKED`.
#[inline]
pub unsafe fn may_be_tracked(op: *mut PyObject) -> bool {
    let tp = py_type(op);
    if !obj::has_feature(tp, Py_TPFLAGS_HAVE_GC) {
        return false;
    }
    if let Some(is_gc) = (*tp).tp_is_gc {
        if is_gc(op) == 0 {
            return false;
        }
    }
    if tp == &raw mut super::tupleobject::PyTuple_Type {
        return crate::mem::gc::is_tracked(op);
    }
    true
}

/// `MAINTAIN_TRACKING`.
#[inline(always)]
unsafe fn maintain_tracking(mp: *mut PyDictObject, key: *mut PyObject, value: *mut PyObject) {
    let op = mp.cast::<PyObject>();
    if !crate::mem::gc::is_tracked(op) && (may_be_tracked(key) || may_be_tracked(value)) {
        crate::mem::gc::track(op);
    }
}

/// `_PyDict_MaybeUntrack`: untracks an exact dict that holds nothing trackable.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn maybe_untrack(op: *mut PyObject) {
    if !obj::is_type(op, &raw mut PyDict_Type) || !crate::mem::gc::is_tracked(op) {
        return;
    }
    let mp = op as *mut PyDictObject;
    let dk = (*mp).ma_keys;
    let n = (*dk).dk_nentries as usize;
    if !(*mp).ma_values.is_null() {
        for i in 0..n {
            let v = *values_slot((*mp).ma_values, i);
            if !v.is_null() && may_be_tracked(v) {
                return;
            }
        }
    } else if is_unicode_kind(dk) {
        let e = unicode_entries(dk);
        for i in 0..n {
            let v = (*e.add(i)).me_value;
            if !v.is_null() && may_be_tracked(v) {
                return;
            }
        }
    } else {
        let e = general_entries(dk);
        for i in 0..n {
            let v = (*e.add(i)).me_value;
            if !v.is_null() && (may_be_tracked(v) || may_be_tracked((*e.add(i)).me_key)) {
                return;
            }
        }
    }
    crate::mem::gc::untrack(op);
}

// ---------------------------------------------------------------------------------------------
// Lookup.

/// Outcome of a probe that ran a comparison which may have mutated the dict.
const DKIX_KEY_CHANGED: isize = -4;

/// `unicodekeys_lookup_unicode`: an exact-str key in a unicode/split table.
#[inline]
unsafe fn lookup_unicode_unicode(dk: *mut PyDictKeysObject, key: *mut PyObject, hash: Py_hash_t) -> isize {
    let ep0 = unicode_entries(dk);
    let mask = dk_mask(dk);
    let mut perturb = hash as usize;
    let mut i = hash as usize & mask;
    loop {
        let ix = get_index(dk, i);
        if ix >= 0 {
            let k = (*ep0.add(ix as usize)).me_key;
            if k == key || (str_cached_hash(k) == hash && str_keys_equal(k, key)) {
                return ix;
            }
        } else if ix == DKIX_EMPTY {
            return DKIX_EMPTY;
        }
        perturb >>= PERTURB_SHIFT;
        i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
    }
}

/// `unicodekeys_lookup_generic`: a non-str key in a unicode/split table.
unsafe fn lookup_unicode_generic(
    mp: *mut PyDictObject,
    dk: *mut PyDictKeysObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> PyResult<isize> {
    let ep0 = unicode_entries(dk);
    let mask = dk_mask(dk);
    let mut perturb = hash as usize;
    let mut i = hash as usize & mask;
    loop {
        let ix = get_index(dk, i);
        if ix >= 0 {
            let ep = ep0.add(ix as usize);
            let startkey = (*ep).me_key;
            if startkey == key {
                return Ok(ix);
            }
            if str_cached_hash(startkey) == hash {
                incref(startkey);
                let cmp = obj::rich_compare_bool(startkey, key, obj::Py_EQ);
                decref(startkey);
                let cmp = cmp?;
                if dk == (*mp).ma_keys && (*ep).me_key == startkey {
                    if cmp {
                        return Ok(ix);
                    }
                } else {
                    return Ok(DKIX_KEY_CHANGED);
                }
            }
        } else if ix == DKIX_EMPTY {
            return Ok(DKIX_EMPTY);
        }
        perturb >>= PERTURB_SHIFT;
        i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
    }
}

/// `dictkeys_generic_lookup`: any key in a general table.
unsafe fn lookup_generic(
    mp: *mut PyDictObject,
    dk: *mut PyDictKeysObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> PyResult<isize> {
    let ep0 = general_entries(dk);
    let mask = dk_mask(dk);
    let mut perturb = hash as usize;
    let mut i = hash as usize & mask;
    loop {
        let ix = get_index(dk, i);
        if ix >= 0 {
            let ep = ep0.add(ix as usize);
            let startkey = (*ep).me_key;
            if startkey == key {
                return Ok(ix);
            }
            if (*ep).me_hash == hash {
                incref(startkey);
                let cmp = obj::rich_compare_bool(startkey, key, obj::Py_EQ);
                decref(startkey);
                let cmp = cmp?;
                if dk == (*mp).ma_keys && (*ep).me_key == startkey {
                    if cmp {
                        return Ok(ix);
                    }
                } else {
                    return Ok(DKIX_KEY_CHANGED);
                }
            }
        } else if ix == DKIX_EMPTY {
            return Ok(DKIX_EMPTY);
        }
        perturb >>= PERTURB_SHIFT;
        i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
    }
}

/// `_Py_dict_lookup`: the entry index of `key` (or `DKIX_EMPTY`) and its value (borrowed,
/// NULL when absent). A comparison that mutates the dict restarts the search.
///
/// # Safety
/// `mp` is a live dict, `key` a live object whose hash is `hash`.
/// For the eval loop's LOAD_GLOBAL cache: whether `d` can be cached (an exact dict with a
/// combined table of str keys), and then its keys version (0: versions ran out).
///
/// # Safety
/// `d` is a live dict.
#[inline]
pub unsafe fn cacheable_keys_version(d: *mut PyObject) -> u32 {
    let mp = d as *mut PyDictObject;
    let dk = (*mp).ma_keys;
    if !check_exact(d) || !(*mp).ma_values.is_null() || (*dk).dk_kind != DICT_KEYS_UNICODE {
        return 0;
    }
    keys_version_for_current_state(dk)
}

/// The value at entry `ix` of `d`'s str-keyed combined table if its keys still have `version`
/// (no key added or removed since the version was read); None otherwise or if the slot is
/// empty. Borrowed.
///
/// # Safety
/// `d` is a live dict; `version` came from [`cacheable_keys_version`] of a dict (any).
#[inline(always)]
pub unsafe fn cached_entry_value(d: *mut PyObject, version: u32, ix: usize) -> Option<*mut PyObject> {
    let dk = (*(d as *mut PyDictObject)).ma_keys;
    if (*dk).dk_version != version || version == 0 {
        return None;
    }
    // Keys of this version are the combined str-keyed table the index was read from.
    let v = (*unicode_entries(dk).add(ix)).me_value;
    if v.is_null() { None } else { Some(v) }
}

pub unsafe fn lookup(mp: *mut PyDictObject, key: *mut PyObject, hash: Py_hash_t) -> PyResult<(isize, *mut PyObject)> {
    loop {
        let dk = (*mp).ma_keys;
        let kind = (*dk).dk_kind;
        if kind != DICT_KEYS_GENERAL {
            let ix = if is_exact_str(key) {
                lookup_unicode_unicode(dk, key, hash)
            } else {
                let ix = lookup_unicode_generic(mp, dk, key, hash)?;
                if ix == DKIX_KEY_CHANGED {
                    continue;
                }
                ix
            };
            if ix >= 0 {
                let v = if kind == DICT_KEYS_SPLIT {
                    *values_slot((*mp).ma_values, ix as usize)
                } else {
                    (*unicode_entries(dk).add(ix as usize)).me_value
                };
                return Ok((ix, v));
            }
            return Ok((ix, null_mut()));
        }
        let ix = lookup_generic(mp, dk, key, hash)?;
        if ix == DKIX_KEY_CHANGED {
            continue;
        }
        if ix >= 0 {
            return Ok((ix, (*general_entries(dk).add(ix as usize)).me_value));
        }
        return Ok((ix, null_mut()));
    }
}

/// `_PyDictKeys_StringLookup`: the entry index of an exact str in a unicode/split table, or
/// `DKIX_ERROR` when the key is not an exact str or the table is general.
///
/// # Safety
/// `dk` is a live keys object, `key` a live object.
pub unsafe fn keys_string_lookup(dk: *mut PyDictKeysObject, key: *mut PyObject) -> isize {
    if !is_exact_str(key) || (*dk).dk_kind == DICT_KEYS_GENERAL {
        return DKIX_ERROR;
    }
    let mut hash = str_cached_hash(key);
    if hash == -1 {
        match obj::hash(key) {
            Ok(h) => hash = h,
            Err(_) => {
                errors::clear();
                return DKIX_ERROR;
            }
        }
    }
    lookup_unicode_unicode(dk, key, hash)
}

/// `find_empty_slot`: the first EMPTY or DUMMY slot on `hash`'s probe sequence.
#[inline]
unsafe fn find_empty_slot(dk: *mut PyDictKeysObject, hash: Py_hash_t) -> usize {
    let mask = dk_mask(dk);
    let mut i = hash as usize & mask;
    let mut perturb = hash as usize;
    while get_index(dk, i) >= 0 {
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
    }
    i
}

/// `lookdict_index`: the slot holding entry `index`.
unsafe fn lookup_index_slot(dk: *mut PyDictKeysObject, hash: Py_hash_t, index: isize) -> usize {
    let mask = dk_mask(dk);
    let mut i = hash as usize & mask;
    let mut perturb = hash as usize;
    loop {
        let ix = get_index(dk, i);
        if ix == index {
            return i;
        }
        if ix == DKIX_EMPTY {
            // The caller found the entry by this very probe sequence.
            crate::lifecycle::fatal::fatal_error("lookdict_index", b"dict entry missing from its index");
        }
        perturb >>= PERTURB_SHIFT;
        i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
    }
}

// ---------------------------------------------------------------------------------------------
// Resizing and insertion.

unsafe fn build_indices_generic(dk: *mut PyDictKeysObject, n: usize) {
    let mask = dk_mask(dk);
    let ep = general_entries(dk);
    for ix in 0..n {
        let hash = (*ep.add(ix)).me_hash;
        let mut i = hash as usize & mask;
        let mut perturb = hash as usize;
        while get_index(dk, i) != DKIX_EMPTY {
            perturb >>= PERTURB_SHIFT;
            i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
        }
        set_index(dk, i, ix as isize);
    }
}

unsafe fn build_indices_unicode(dk: *mut PyDictKeysObject, n: usize) {
    let mask = dk_mask(dk);
    let ep = unicode_entries(dk);
    for ix in 0..n {
        let hash = str_cached_hash((*ep.add(ix)).me_key);
        let mut i = hash as usize & mask;
        let mut perturb = hash as usize;
        while get_index(dk, i) != DKIX_EMPTY {
            perturb >>= PERTURB_SHIFT;
            i = mask & (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1));
        }
        set_index(dk, i, ix as isize);
    }
}

/// `dictresize`: rebuilds the table with `1 << log2_newsize` slots, compacting deleted
/// entries; a split table becomes combined; `unicode` = false forces a general table.
unsafe fn dictresize(mp: *mut PyDictObject, log2_newsize: u8, unicode: bool) -> PyResult<()> {
    if log2_newsize as u32 >= usize::BITS {
        return Err(errors::no_memory());
    }
    let oldkeys = (*mp).ma_keys;
    let oldvalues = (*mp).ma_values;
    let unicode = unicode && is_unicode_kind(oldkeys);
    let newkeys = new_keys_object(log2_newsize, unicode)?;
    (*mp).ma_keys = newkeys;
    let numentries = (*mp).ma_used as usize;

    if !oldvalues.is_null() {
        let oldentries = unicode_entries(oldkeys);
        if (*newkeys).dk_kind == DICT_KEYS_GENERAL {
            let ne = general_entries(newkeys);
            for i in 0..numentries {
                let index = index_from_order(mp, i);
                let k = (*oldentries.add(index)).me_key;
                incref(k);
                *ne.add(i) = PyDictKeyEntry { me_hash: str_cached_hash(k), me_key: k, me_value: *values_slot(oldvalues, index) };
            }
            build_indices_generic(newkeys, numentries);
        } else {
            let ne = unicode_entries(newkeys);
            for i in 0..numentries {
                let index = index_from_order(mp, i);
                let k = (*oldentries.add(index)).me_key;
                incref(k);
                *ne.add(i) = PyDictUnicodeEntry { me_key: k, me_value: *values_slot(oldvalues, index) };
            }
            build_indices_unicode(newkeys, numentries);
        }
        keys_decref(oldkeys);
        (*mp).ma_values = null_mut();
        free_values(oldvalues);
    } else {
        let old_n = (*oldkeys).dk_nentries as usize;
        if (*oldkeys).dk_kind == DICT_KEYS_GENERAL {
            let oe = general_entries(oldkeys);
            let ne = general_entries(newkeys);
            if old_n == numentries {
                core::ptr::copy_nonoverlapping(oe, ne, numentries);
            } else {
                let mut j = 0;
                for i in 0..numentries {
                    while (*oe.add(j)).me_value.is_null() {
                        j += 1;
                    }
                    *ne.add(i) = *oe.add(j);
                    j += 1;
                }
            }
            build_indices_generic(newkeys, numentries);
        } else {
            let oe = unicode_entries(oldkeys);
            if unicode {
                let ne = unicode_entries(newkeys);
                if old_n == numentries {
                    core::ptr::copy_nonoverlapping(oe, ne, numentries);
                } else {
                    let mut j = 0;
                    for i in 0..numentries {
                        while (*oe.add(j)).me_value.is_null() {
                            j += 1;
                        }
                        *ne.add(i) = *oe.add(j);
                        j += 1;
                    }
                }
                build_indices_unicode(newkeys, numentries);
            } else {
                let ne = general_entries(newkeys);
                let mut j = 0;
                for i in 0..numentries {
                    while (*oe.add(j)).me_value.is_null() {
                        j += 1;
                    }
                    let e = *oe.add(j);
                    *ne.add(i) = PyDictKeyEntry { me_hash: str_cached_hash(e.me_key), me_key: e.me_key, me_value: e.me_value };
                    j += 1;
                }
                build_indices_generic(newkeys, numentries);
            }
        }
        // The entries' references moved to the new table: free only the memory.
        if oldkeys == empty_keys() {
            (*oldkeys).dk_refcnt -= 1;
        } else {
            crate::mem::obj_free(oldkeys.cast());
        }
    }
    (*newkeys).dk_usable -= numentries as Py_ssize_t;
    (*newkeys).dk_nentries = numentries as Py_ssize_t;
    Ok(())
}

/// `insertion_resize`.
#[inline]
unsafe fn insertion_resize(mp: *mut PyDictObject, unicode: bool) -> PyResult<()> {
    dictresize(mp, calculate_log2_keysize(growth_rate(mp)), unicode)
}

/// `insert_to_emptydict`: the first item of a dict that shares the empty keys. Consumes
/// `key` and `value`.
unsafe fn insert_to_emptydict(mp: *mut PyDictObject, key: *mut PyObject, hash: Py_hash_t, value: *mut PyObject) -> PyResult<()> {
    let unicode = is_exact_str(key);
    let newkeys = match new_keys_object(config().log2_min_size, unicode) {
        Ok(k) => k,
        Err(e) => {
            decref(key);
            decref(value);
            return Err(e);
        }
    };
    keys_decref(empty_keys());
    (*mp).ma_keys = newkeys;
    (*mp).ma_values = null_mut();
    maintain_tracking(mp, key, value);
    let slot = hash as usize & (min_size() - 1);
    set_index(newkeys, slot, 0);
    if unicode {
        *unicode_entries(newkeys) = PyDictUnicodeEntry { me_key: key, me_value: value };
    } else {
        *general_entries(newkeys) = PyDictKeyEntry { me_hash: hash, me_key: key, me_value: value };
    }
    (*mp).ma_used += 1;
    (*mp).ma_version_tag = next_version();
    (*newkeys).dk_usable -= 1;
    (*newkeys).dk_nentries += 1;
    Ok(())
}

/// `insertdict`: inserts or replaces; consumes `key` and `value`.
unsafe fn insertdict(mp: *mut PyDictObject, key: *mut PyObject, hash: Py_hash_t, value: *mut PyObject) -> PyResult<()> {
    let fail = |e| {
        decref(value);
        decref(key);
        Err(e)
    };
    if is_unicode_kind((*mp).ma_keys) && !is_exact_str(key) {
        if let Err(e) = insertion_resize(mp, false) {
            return fail(e);
        }
    }
    let (ix, old_value) = match lookup(mp, key, hash) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    maintain_tracking(mp, key, value);

    if ix == DKIX_EMPTY {
        (*(*mp).ma_keys).dk_version = 0;
        if (*(*mp).ma_keys).dk_usable <= 0 {
            if let Err(e) = insertion_resize(mp, true) {
                return fail(e);
            }
        }
        let dk = (*mp).ma_keys;
        let hashpos = find_empty_slot(dk, hash);
        let n = (*dk).dk_nentries as usize;
        set_index(dk, hashpos, n as isize);
        if is_unicode_kind(dk) {
            let ep = unicode_entries(dk).add(n);
            (*ep).me_key = key;
            if !(*mp).ma_values.is_null() {
                values_add_to_order((*mp).ma_values, n);
                *values_slot((*mp).ma_values, n) = value;
            } else {
                (*ep).me_value = value;
            }
        } else {
            *general_entries(dk).add(n) = PyDictKeyEntry { me_hash: hash, me_key: key, me_value: value };
        }
        (*mp).ma_used += 1;
        (*mp).ma_version_tag = next_version();
        (*dk).dk_usable -= 1;
        (*dk).dk_nentries += 1;
        return Ok(());
    }

    if old_value != value {
        if !(*mp).ma_values.is_null() {
            *values_slot((*mp).ma_values, ix as usize) = value;
            if old_value.is_null() {
                values_add_to_order((*mp).ma_values, ix as usize);
                (*mp).ma_used += 1;
            }
        } else if is_unicode_kind((*mp).ma_keys) {
            (*unicode_entries((*mp).ma_keys).add(ix as usize)).me_value = value;
        } else {
            (*general_entries((*mp).ma_keys).add(ix as usize)).me_value = value;
        }
        (*mp).ma_version_tag = next_version();
    }
    xdecref(old_value);
    decref(key);
    Ok(())
}

/// `delitem_common`: removes entry `ix` (whose value is `old_value`).
unsafe fn delitem_common(mp: *mut PyDictObject, hash: Py_hash_t, ix: isize, old_value: *mut PyObject) {
    let dk = (*mp).ma_keys;
    (*mp).ma_used -= 1;
    (*mp).ma_version_tag = next_version();
    if !(*mp).ma_values.is_null() {
        *values_slot((*mp).ma_values, ix as usize) = null_mut();
        values_delete_from_order((*mp).ma_values, ix as usize);
    } else {
        (*dk).dk_version = 0;
        let hashpos = lookup_index_slot(dk, hash, ix);
        set_index(dk, hashpos, DKIX_DUMMY);
        let old_key;
        if is_unicode_kind(dk) {
            let ep = unicode_entries(dk).add(ix as usize);
            old_key = (*ep).me_key;
            (*ep).me_key = null_mut();
            (*ep).me_value = null_mut();
        } else {
            let ep = general_entries(dk).add(ix as usize);
            old_key = (*ep).me_key;
            (*ep).me_key = null_mut();
            (*ep).me_value = null_mut();
            (*ep).me_hash = 0;
        }
        decref(old_key);
    }
    decref(old_value);
}

// ---------------------------------------------------------------------------------------------
// Creation.

/// `new_dict`: a dict over `keys` (consumed) and `values` (consumed, may be NULL).
unsafe fn new_dict(keys: *mut PyDictKeysObject, values: *mut PyDictValues, used: Py_ssize_t) -> PyResult<Ref> {
    let tp = &raw mut PyDict_Type;
    let st = dict_state();
    let pooled = if !st.is_null() && (*st).numfree > 0 {
        (*st).numfree -= 1;
        Ok((*st).free_list[(*st).numfree as usize].cast::<PyObject>())
    } else {
        crate::mem::gc::alloc(tp, core::mem::size_of::<PyDictObject>())
    };
    let op = match pooled {
        Ok(op) => op,
        Err(e) => {
            keys_decref(keys);
            if !values.is_null() {
                free_values(values);
            }
            return Err(e);
        }
    };
    obj::init_object(op, tp);
    let mp = op as *mut PyDictObject;
    (*mp).ma_keys = keys;
    (*mp).ma_values = values;
    (*mp).ma_used = used;
    (*mp).ma_version_tag = next_version();
    Ok(Ref::from_raw(op))
}

/// `PyDict_New`: an empty dict sharing the empty keys.
///
/// # Safety
/// A thread state is current.
pub unsafe fn new() -> PyResult<Ref> {
    keys_incref(empty_keys());
    new_dict(empty_keys(), null_mut(), 0)
}

/// `dict_new_presized`.
unsafe fn new_presized_kind(minused: Py_ssize_t, unicode: bool) -> PyResult<Ref> {
    const LOG2_MAX_PRESIZE: u8 = 17;
    if minused <= usable_fraction(min_size()) as Py_ssize_t {
        return new();
    }
    let log2 = if minused as usize > usable_fraction(1usize << LOG2_MAX_PRESIZE) {
        LOG2_MAX_PRESIZE
    } else {
        estimate_log2_keysize(minused as usize)
    };
    let keys = new_keys_object(log2, unicode)?;
    new_dict(keys, null_mut(), 0)
}

/// `_PyDict_NewPresized(minused)`: room for `minused` items without growing (capped).
///
/// # Safety
/// A thread state is current.
pub unsafe fn new_presized(minused: Py_ssize_t) -> PyResult<Ref> {
    new_presized_kind(minused, false)
}

/// `_PyDict_FromItems`: a dict of `keys[i*koff]: values[i*voff]`.
///
/// # Safety
/// The arrays hold `length` live objects at the given strides.
pub unsafe fn from_items(
    keys: *const *mut PyObject,
    keys_offset: Py_ssize_t,
    values: *const *mut PyObject,
    values_offset: Py_ssize_t,
    length: Py_ssize_t,
) -> PyResult<Ref> {
    let mut unicode = true;
    for i in 0..length {
        if !is_exact_str(*keys.offset(i * keys_offset)) {
            unicode = false;
            break;
        }
    }
    let d = new_presized_kind(length, unicode)?;
    for i in 0..length {
        set_item(d.as_ptr(), *keys.offset(i * keys_offset), *values.offset(i * values_offset))?;
    }
    Ok(d)
}

/// `PyDict_Check`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn check(op: *mut PyObject) -> bool {
    obj::has_feature(py_type(op), Py_TPFLAGS_DICT_SUBCLASS)
}

/// `PyDict_CheckExact`.
///
/// # Safety
/// `op` points to a live object.
#[inline(always)]
pub unsafe fn check_exact(op: *mut PyObject) -> bool {
    obj::is_type(op, &raw mut PyDict_Type)
}

// ---------------------------------------------------------------------------------------------
// The Rust API (the C API wrappers in capi/src/dictobject.rs add argument checks).

/// Number of items (`PyDict_GET_SIZE`).
///
/// # Safety
/// `d` is a live dict.
#[inline(always)]
pub unsafe fn len(d: *mut PyObject) -> Py_ssize_t {
    (*(d as *mut PyDictObject)).ma_used
}

/// `d[key]` with a known hash, borrowed; `None` when absent (`_PyDict_GetItem_KnownHash`).
///
/// # Safety
/// `d` is a live dict, `key` a live object whose hash is `hash`.
#[inline]
pub unsafe fn get_item_known_hash(d: *mut PyObject, key: *mut PyObject, hash: Py_hash_t) -> PyResult<Option<*mut PyObject>> {
    let (_, v) = lookup(d.cast(), key, hash)?;
    Ok(if v.is_null() { None } else { Some(v) })
}

/// `d[key]`, borrowed; `None` when absent (`PyDict_GetItemWithError`).
///
/// # Safety
/// `d` is a live dict, `key` a live object.
#[inline]
pub unsafe fn get_item(d: *mut PyObject, key: *mut PyObject) -> PyResult<Option<*mut PyObject>> {
    let hash = key_hash(key)?;
    get_item_known_hash(d, key, hash)
}

/// `d["key"]`, borrowed (`_PyDict_GetItemStringWithError`).
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn get_item_str(d: *mut PyObject, key: &str) -> PyResult<Option<*mut PyObject>> {
    let k = super::unicodeobject::new_str(key)?;
    get_item(d, k.as_ptr())
}

/// `d[key] = value` with a known hash (`_PyDict_SetItem_KnownHash`).
///
/// # Safety
/// `d` is a live dict; `key` (hash `hash`) and `value` live objects (borrowed).
pub unsafe fn set_item_known_hash(d: *mut PyObject, key: *mut PyObject, value: *mut PyObject, hash: Py_hash_t) -> PyResult<()> {
    let mp = d as *mut PyDictObject;
    incref(key);
    incref(value);
    if (*mp).ma_keys == empty_keys() {
        return insert_to_emptydict(mp, key, hash, value);
    }
    insertdict(mp, key, hash, value)
}

/// `d[key] = value` (`PyDict_SetItem`).
///
/// # Safety
/// `d` is a live dict; `key` and `value` live objects (borrowed).
#[inline]
pub unsafe fn set_item(d: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> PyResult<()> {
    let hash = key_hash(key)?;
    set_item_known_hash(d, key, value, hash)
}

/// `d["key"] = value` (`PyDict_SetItemString`; the key is interned when the str module
/// offers interning).
///
/// # Safety
/// `d` is a live dict, `value` a live object.
pub unsafe fn set_item_str(d: *mut PyObject, key: &str, value: *mut PyObject) -> PyResult<()> {
    let k = super::unicodeobject::new_str(key)?;
    set_item(d, k.as_ptr(), value)
}

/// `del d[key]` with a known hash; KeyError when absent (`_PyDict_DelItem_KnownHash`).
///
/// # Safety
/// `d` is a live dict, `key` a live object whose hash is `hash`.
pub unsafe fn del_item_known_hash(d: *mut PyObject, key: *mut PyObject, hash: Py_hash_t) -> PyResult<()> {
    let mp = d as *mut PyDictObject;
    let (ix, old) = lookup(mp, key, hash)?;
    if ix == DKIX_EMPTY || old.is_null() {
        return Err(errors::key_error(key));
    }
    delitem_common(mp, hash, ix, old);
    Ok(())
}

/// `del d[key]`; KeyError when absent (`PyDict_DelItem`).
///
/// # Safety
/// `d` is a live dict, `key` a live object.
pub unsafe fn del_item(d: *mut PyObject, key: *mut PyObject) -> PyResult<()> {
    let hash = key_hash(key)?;
    del_item_known_hash(d, key, hash)
}

/// `del d["key"]` (`PyDict_DelItemString`).
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn del_item_str(d: *mut PyObject, key: &str) -> PyResult<()> {
    let k = super::unicodeobject::new_str(key)?;
    del_item(d, k.as_ptr())
}

/// `_PyDict_DelItemIf`: deletes `key` if `predicate(value)` says so; returns whether it did.
///
/// # Safety
/// `d` is a live dict, `key` a live object.
pub unsafe fn del_item_if(d: *mut PyObject, key: *mut PyObject, predicate: impl FnOnce(*mut PyObject) -> PyResult<bool>) -> PyResult<bool> {
    let mp = d as *mut PyDictObject;
    let hash = key_hash(key)?;
    let (ix, old) = lookup(mp, key, hash)?;
    if ix == DKIX_EMPTY || old.is_null() {
        return Err(errors::key_error(key));
    }
    if !predicate(old)? {
        return Ok(false);
    }
    // The predicate may have run Python code: find the entry again.
    let (ix, old) = lookup(mp, key, hash)?;
    if ix == DKIX_EMPTY || old.is_null() {
        return Ok(false);
    }
    delitem_common(mp, hash, ix, old);
    Ok(true)
}

/// `_PyDict_Contains_KnownHash`.
///
/// # Safety
/// `d` is a live dict, `key` a live object whose hash is `hash`.
pub unsafe fn contains_known_hash(d: *mut PyObject, key: *mut PyObject, hash: Py_hash_t) -> PyResult<bool> {
    let (ix, v) = lookup(d.cast(), key, hash)?;
    Ok(ix != DKIX_EMPTY && !v.is_null())
}

/// `key in d` (`PyDict_Contains`).
///
/// # Safety
/// `d` is a live dict, `key` a live object.
pub unsafe fn contains(d: *mut PyObject, key: *mut PyObject) -> PyResult<bool> {
    let hash = key_hash(key)?;
    contains_known_hash(d, key, hash)
}

/// One step of `_PyDict_Next`: the item at or after `*pos` (borrowed key, value, hash).
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn next_with_hash(d: *mut PyObject, pos: &mut Py_ssize_t) -> Option<(*mut PyObject, *mut PyObject, Py_hash_t)> {
    let mp = d as *mut PyDictObject;
    let mut i = *pos;
    let dk = (*mp).ma_keys;
    let (key, value, hash);
    if !(*mp).ma_values.is_null() {
        if i < 0 || i >= (*mp).ma_used {
            return None;
        }
        let index = index_from_order(mp, i as usize);
        value = *values_slot((*mp).ma_values, index);
        key = (*unicode_entries(dk).add(index)).me_key;
        hash = str_cached_hash(key);
    } else {
        let n = (*dk).dk_nentries;
        if i < 0 || i >= n {
            return None;
        }
        if is_unicode_kind(dk) {
            let e = unicode_entries(dk);
            while i < n && (*e.offset(i)).me_value.is_null() {
                i += 1;
            }
            if i >= n {
                return None;
            }
            key = (*e.offset(i)).me_key;
            value = (*e.offset(i)).me_value;
            hash = str_cached_hash(key);
        } else {
            let e = general_entries(dk);
            while i < n && (*e.offset(i)).me_value.is_null() {
                i += 1;
            }
            if i >= n {
                return None;
            }
            key = (*e.offset(i)).me_key;
            value = (*e.offset(i)).me_value;
            hash = (*e.offset(i)).me_hash;
        }
    }
    *pos = i + 1;
    Some((key, value, hash))
}

/// `PyDict_Next`: the next (key, value), borrowed, advancing `*pos` (start at 0).
///
/// # Safety
/// `d` is a live dict.
#[inline]
pub unsafe fn next(d: *mut PyObject, pos: &mut Py_ssize_t) -> Option<(*mut PyObject, *mut PyObject)> {
    next_with_hash(d, pos).map(|(k, v, _)| (k, v))
}

/// `PyDict_Clear`.
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn clear(d: *mut PyObject) {
    let mp = d as *mut PyDictObject;
    let oldkeys = (*mp).ma_keys;
    let oldvalues = (*mp).ma_values;
    if oldkeys == empty_keys() {
        return;
    }
    keys_incref(empty_keys());
    (*mp).ma_keys = empty_keys();
    (*mp).ma_values = null_mut();
    (*mp).ma_used = 0;
    (*mp).ma_version_tag = next_version();
    if !oldvalues.is_null() {
        let n = (*oldkeys).dk_nentries as usize;
        for i in 0..n {
            let slot = values_slot(oldvalues, i);
            let v = *slot;
            *slot = null_mut();
            xdecref(v);
        }
        free_values(oldvalues);
        keys_decref(oldkeys);
    } else {
        keys_decref(oldkeys);
    }
}

/// `_PyDict_Pop_KnownHash`: removes `key` and returns its value; when absent, `deflt` (a new
/// reference) or KeyError.
///
/// # Safety
/// `d` is a live dict, `key` a live object whose hash is `hash`, `deflt` NULL or live.
pub unsafe fn pop_known_hash(d: *mut PyObject, key: *mut PyObject, hash: Py_hash_t, deflt: *mut PyObject) -> PyResult<Ref> {
    let mp = d as *mut PyDictObject;
    if (*mp).ma_used == 0 {
        if !deflt.is_null() {
            return Ok(Ref::from_borrowed(deflt));
        }
        return Err(errors::key_error(key));
    }
    let (ix, old) = lookup(mp, key, hash)?;
    if ix == DKIX_EMPTY || old.is_null() {
        if !deflt.is_null() {
            return Ok(Ref::from_borrowed(deflt));
        }
        return Err(errors::key_error(key));
    }
    incref(old);
    delitem_common(mp, hash, ix, old);
    Ok(Ref::from_raw(old))
}

/// `_PyDict_Pop`.
///
/// # Safety
/// As [`pop_known_hash`].
pub unsafe fn pop(d: *mut PyObject, key: *mut PyObject, deflt: *mut PyObject) -> PyResult<Ref> {
    if (*(d as *mut PyDictObject)).ma_used == 0 {
        if !deflt.is_null() {
            return Ok(Ref::from_borrowed(deflt));
        }
        return Err(errors::key_error(key));
    }
    let hash = key_hash(key)?;
    pop_known_hash(d, key, hash, deflt)
}

/// `PyDict_SetDefault`: `d[key]` if present, else stores and returns `default` (borrowed).
///
/// # Safety
/// `d` is a live dict, `key` and `default` live objects.
pub unsafe fn set_default(d: *mut PyObject, key: *mut PyObject, default: *mut PyObject) -> PyResult<*mut PyObject> {
    let mp = d as *mut PyDictObject;
    let hash = key_hash(key)?;
    if (*mp).ma_keys == empty_keys() {
        incref(key);
        incref(default);
        insert_to_emptydict(mp, key, hash, default)?;
        return Ok(default);
    }
    if is_unicode_kind((*mp).ma_keys) && !is_exact_str(key) {
        insertion_resize(mp, false)?;
    }
    let (ix, value) = lookup(mp, key, hash)?;
    if ix == DKIX_EMPTY || value.is_null() {
        // Absent (or a shared key this split dict has no value for): insert.
        set_item_known_hash(d, key, default, hash)?;
        return Ok(default);
    }
    Ok(value)
}

/// `PyDict_Keys` / `PyDict_Values` / `PyDict_Items` share this: a list built in order.
unsafe fn to_list(d: *mut PyObject, what: u8) -> PyResult<Ref> {
    loop {
        let n = len(d);
        let list = super::listobject::new(n)?;
        if n != len(d) {
            // Allocating the list ran code that resized the dict: start over.
            continue;
        }
        let mut pos = 0;
        let mut j = 0;
        while let Some((k, v)) = next(d, &mut pos) {
            let item = match what {
                0 => Ref::from_borrowed(k),
                1 => Ref::from_borrowed(v),
                _ => super::tupleobject::pack(&[k, v])?,
            };
            super::listobject::set_item_unchecked(list.as_ptr(), j, item);
            j += 1;
        }
        return Ok(list);
    }
}

/// `PyDict_Keys`: a new list of the keys.
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn keys_list(d: *mut PyObject) -> PyResult<Ref> {
    to_list(d, 0)
}

/// `PyDict_Values`: a new list of the values.
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn values_list(d: *mut PyObject) -> PyResult<Ref> {
    to_list(d, 1)
}

/// `PyDict_Items`: a new list of (key, value) tuples.
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn items_list(d: *mut PyObject) -> PyResult<Ref> {
    to_list(d, 2)
}

/// `clone_combined_dict_keys`: a copy of a combined table with new references to its items.
unsafe fn clone_combined_keys(orig: *mut PyDictObject) -> PyResult<*mut PyDictKeysObject> {
    let src = (*orig).ma_keys;
    let size = keys_size(src) as usize;
    let dk = crate::mem::obj_malloc(size) as *mut PyDictKeysObject;
    if dk.is_null() {
        return Err(errors::no_memory());
    }
    core::ptr::copy_nonoverlapping(src as *const u8, dk as *mut u8, size);
    let n = (*dk).dk_nentries as usize;
    if is_unicode_kind(dk) {
        let e = unicode_entries(dk);
        for i in 0..n {
            if !(*e.add(i)).me_value.is_null() {
                incref((*e.add(i)).me_value);
                incref((*e.add(i)).me_key);
            }
        }
    } else {
        let e = general_entries(dk);
        for i in 0..n {
            if !(*e.add(i)).me_value.is_null() {
                incref((*e.add(i)).me_value);
                incref((*e.add(i)).me_key);
            }
        }
    }
    (*dk).dk_refcnt = 1;
    Ok(dk)
}

/// True if the object iterates as a dict does (its type keeps `dict.__iter__`), so its
/// table can be read directly.
#[inline]
unsafe fn is_plain_dict_iter(op: *mut PyObject) -> bool {
    (*py_type(op)).tp_iter.map(|f| f as usize) == Some(dict_iter as unsafe extern "C" fn(*mut PyObject) -> *mut PyObject as usize)
}

/// `PyDict_Copy`.
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn copy(d: *mut PyObject) -> PyResult<Ref> {
    let mp = d as *mut PyDictObject;
    if (*mp).ma_used == 0 {
        return new();
    }
    if !(*mp).ma_values.is_null() {
        let keys = (*mp).ma_keys;
        let size = shared_keys_usable_size(keys);
        let newvalues = new_values(size)?;
        let prefix = *((*mp).ma_values as *mut u8).sub(1) as usize;
        core::ptr::copy_nonoverlapping(
            ((*mp).ma_values as *const u8).sub(prefix),
            (newvalues as *mut u8).sub(prefix),
            prefix - 1,
        );
        for i in 0..size {
            let v = *values_slot((*mp).ma_values, i);
            xincref(v);
            *values_slot(newvalues, i) = v;
        }
        keys_incref(keys);
        let copy = new_dict(keys, newvalues, (*mp).ma_used)?;
        if crate::mem::gc::is_tracked(d) {
            crate::mem::gc::track(copy.as_ptr());
        }
        return Ok(copy);
    }
    if is_plain_dict_iter(d)
        && (*mp).ma_used >= ((*(*mp).ma_keys).dk_nentries * 2) / 3
    {
        let keys = clone_combined_keys(mp)?;
        let copy = new_dict(keys, null_mut(), (*mp).ma_used)?;
        if crate::mem::gc::is_tracked(d) {
            crate::mem::gc::track(copy.as_ptr());
        }
        return Ok(copy);
    }
    let copy = new()?;
    merge_ex(copy.as_ptr(), d, 1)?;
    Ok(copy)
}

/// `dict_merge(a, b, override)`: override 0 keeps existing keys, 1 replaces them, 2 raises
/// KeyError on a duplicate (`_PyDict_MergeEx`).
///
/// # Safety
/// `a` and `b` are NULL or live objects.
pub unsafe fn merge_ex(a: *mut PyObject, b: *mut PyObject, mut override_: c_int) -> PyResult<()> {
    if a.is_null() || !check(a) || b.is_null() {
        return Err(errors::bad_internal_call());
    }
    let mp = a as *mut PyDictObject;
    if check(b) && is_plain_dict_iter(b) {
        let other = b as *mut PyDictObject;
        if other == mp || (*other).ma_used == 0 {
            return Ok(());
        }
        if (*mp).ma_used == 0 {
            override_ = 1;
            let okeys = (*other).ma_keys;
            if (*other).ma_values.is_null()
                && (*other).ma_used == (*okeys).dk_nentries
                && ((*okeys).dk_log2_size == config().log2_min_size
                    || usable_fraction(dk_size(okeys) / 2) < (*other).ma_used as usize)
            {
                let keys = clone_combined_keys(other)?;
                keys_decref((*mp).ma_keys);
                (*mp).ma_keys = keys;
                if !(*mp).ma_values.is_null() {
                    free_values((*mp).ma_values);
                    (*mp).ma_values = null_mut();
                }
                (*mp).ma_used = (*other).ma_used;
                (*mp).ma_version_tag = next_version();
                if crate::mem::gc::is_tracked(b) && !crate::mem::gc::is_tracked(a) {
                    crate::mem::gc::track(a);
                }
                return Ok(());
            }
        }
        if usable_fraction(dk_size((*mp).ma_keys)) < (*other).ma_used as usize {
            let unicode = is_unicode_kind((*other).ma_keys);
            dictresize(mp, estimate_log2_keysize(((*mp).ma_used + (*other).ma_used) as usize), unicode)?;
        }
        let orig_size = (*(*other).ma_keys).dk_nentries;
        let mut pos = 0;
        while let Some((key, value, hash)) = next_with_hash(b, &mut pos) {
            let key = Ref::from_borrowed(key);
            let value = Ref::from_borrowed(value);
            if override_ == 1 {
                incref(key.as_ptr());
                incref(value.as_ptr());
                insertdict(mp, key.as_ptr(), hash, value.as_ptr())?;
            } else if !contains_known_hash(a, key.as_ptr(), hash)? {
                incref(key.as_ptr());
                incref(value.as_ptr());
                insertdict(mp, key.as_ptr(), hash, value.as_ptr())?;
            } else if override_ != 0 {
                return Err(errors::key_error(key.as_ptr()));
            }
            if orig_size != (*(*other).ma_keys).dk_nentries {
                return Err(errors::runtime_error("dict mutated during update"));
            }
        }
        return Ok(());
    }
    // A mapping: keys() then b[key] for each.
    let keys = super::r#abstract::mapping::keys(b)?;
    let iter = super::r#abstract::iter::get_iter(keys.as_ptr())?;
    drop(keys);
    while let Some(key) = super::r#abstract::iter::next(iter.as_ptr())? {
        if override_ != 1 && contains(a, key.as_ptr())? {
            if override_ == 0 {
                continue;
            }
            return Err(errors::key_error(key.as_ptr()));
        }
        let value = super::r#abstract::mapping::get_item(b, key.as_ptr())?;
        set_item(a, key.as_ptr(), value.as_ptr())?;
    }
    Ok(())
}

/// `PyDict_Merge(a, b, override)`: any non-zero `override` replaces existing keys.
///
/// # Safety
/// `a` and `b` are NULL or live objects.
pub unsafe fn merge(a: *mut PyObject, b: *mut PyObject, override_: c_int) -> PyResult<()> {
    merge_ex(a, b, (override_ != 0) as c_int)
}

/// `PyDict_Update(a, b)`.
///
/// # Safety
/// `a` and `b` are NULL or live objects.
pub unsafe fn update(a: *mut PyObject, b: *mut PyObject) -> PyResult<()> {
    merge_ex(a, b, 1)
}

/// `PyDict_MergeFromSeq2`: `seq2` yields 2-item sequences (key, value).
///
/// # Safety
/// `d` is NULL or a live object, `seq2` a live object.
pub unsafe fn merge_from_seq2(d: *mut PyObject, seq2: *mut PyObject, override_: c_int) -> PyResult<()> {
    if d.is_null() || !check(d) || seq2.is_null() {
        return Err(errors::bad_internal_call());
    }
    let it = super::r#abstract::iter::get_iter(seq2)?;
    let mut i: Py_ssize_t = 0;
    while let Some(item) = super::r#abstract::iter::next(it.as_ptr())? {
        let fast = match super::r#abstract::sequence::fast(item.as_ptr(), "") {
            Ok(f) => f,
            Err(e) => {
                if occurred_matches(super::exceptions::PyExc_TypeError) {
                    errors::clear();
                    return Err(errors::type_error(&format!(
                        "cannot convert dictionary update sequence element #{i} to a sequence"
                    )));
                }
                return Err(e);
            }
        };
        let n = super::r#abstract::sequence::fast_len(fast.as_ptr());
        if n != 2 {
            return Err(errors::value_error(&format!(
                "dictionary update sequence element #{i} has length {n}; 2 is required"
            )));
        }
        let key = Ref::from_borrowed(super::r#abstract::sequence::fast_item(fast.as_ptr(), 0));
        let value = Ref::from_borrowed(super::r#abstract::sequence::fast_item(fast.as_ptr(), 1));
        if override_ != 0 {
            set_item(d, key.as_ptr(), value.as_ptr())?;
        } else if !contains(d, key.as_ptr())? {
            set_item(d, key.as_ptr(), value.as_ptr())?;
        }
        i += 1;
    }
    Ok(())
}

/// `_PyDict_SizeOf`: the dict's own bytes plus its table when not shared.
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn size_of(d: *mut PyObject) -> Py_ssize_t {
    let mp = d as *mut PyDictObject;
    let mut res = (*py_type(d)).tp_basicsize;
    if !(*mp).ma_values.is_null() {
        res += (shared_keys_usable_size((*mp).ma_keys) * core::mem::size_of::<*mut PyObject>()) as Py_ssize_t;
    }
    if (*(*mp).ma_keys).dk_refcnt == 1 {
        res += keys_size((*mp).ma_keys);
    }
    res
}

/// `_PyDict_HasOnlyStringKeys`.
///
/// # Safety
/// `d` is a live dict.
pub unsafe fn has_only_string_keys(d: *mut PyObject) -> bool {
    let mp = d as *mut PyDictObject;
    if is_unicode_kind((*mp).ma_keys) {
        return true;
    }
    let mut pos = 0;
    while let Some((k, _)) = next(d, &mut pos) {
        if !obj::is_str(k) {
            return false;
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Split tables for instance dicts (shared keys cached on heap types: `ht_cached_keys`).

/// `_PyDict_NewKeysForClass`: a split keys table for a class's instances (NULL if memory
/// runs out, with no exception set, as CPython).
///
/// # Safety
/// A thread state is current.
pub unsafe fn new_keys_for_class() -> *mut PyDictKeysObject {
    match new_keys_object(NEXT_LOG2_SHARED_KEYS_MAX_SIZE, true) {
        Ok(keys) => {
            // One more than the maximum: it shrinks by one before each new instance.
            (*keys).dk_usable = SHARED_KEYS_MAX_SIZE as Py_ssize_t;
            (*keys).dk_kind = DICT_KEYS_SPLIT;
            keys
        }
        Err(_) => {
            errors::clear();
            null_mut()
        }
    }
}

/// A values array for a split table of `keys`, all empty.
unsafe fn new_empty_values(keys: *mut PyDictKeysObject) -> PyResult<*mut PyDictValues> {
    let size = shared_keys_usable_size(keys);
    let values = new_values(size)?;
    *(values as *mut u8).sub(2) = 0;
    for i in 0..size {
        *values_slot(values, i) = null_mut();
    }
    Ok(values)
}

/// `new_dict_with_shared_keys` for a class's cached keys (`_PyObject_InitializeDict` for a
/// type with `ht_cached_keys`): an empty split dict over `keys` (not consumed).
///
/// # Safety
/// `keys` is a live split keys object.
pub unsafe fn new_from_cached_keys(keys: *mut PyDictKeysObject) -> PyResult<Ref> {
    let values = new_empty_values(keys)?;
    keys_incref(keys);
    new_dict(keys, values, 0)
}

/// `init_inline_values`: the values array a managed-dict instance starts with (the caller
/// stores it in the object's pre-header). Shrinks the class's usable count by one, as
/// CPython does, so that later instances get smaller arrays.
///
/// # Safety
/// `keys` is the class's live split keys object.
pub unsafe fn new_inline_values(keys: *mut PyDictKeysObject) -> PyResult<*mut PyDictValues> {
    if (*keys).dk_usable > 1 {
        (*keys).dk_usable -= 1;
    }
    new_empty_values(keys)
}

/// `make_dict_from_instance_attributes`: a split dict taking over an instance's values
/// array (consumed) over the class's keys (not consumed).
///
/// # Safety
/// `keys` is the live split keys `values` was made for.
pub unsafe fn make_dict_from_instance_attributes(keys: *mut PyDictKeysObject, values: *mut PyDictValues) -> PyResult<Ref> {
    keys_incref(keys);
    let mut used = 0;
    let mut track = false;
    for i in 0..shared_keys_usable_size(keys) {
        let v = *values_slot(values, i);
        if !v.is_null() {
            used += 1;
            track |= may_be_tracked(v);
        }
    }
    let d = new_dict(keys, values, used)?;
    if track {
        crate::mem::gc::track(d.as_ptr());
    }
    Ok(d)
}

/// `insert_into_dictkeys`: the entry index of `name` in a class's split keys, adding it when
/// there is room; `DKIX_EMPTY` when there is none.
///
/// # Safety
/// `keys` is a live split keys object, `name` an exact str.
pub unsafe fn insert_into_split_keys(keys: *mut PyDictKeysObject, name: *mut PyObject) -> isize {
    let mut hash = str_cached_hash(name);
    if hash == -1 {
        match obj::hash(name) {
            Ok(h) => hash = h,
            Err(_) => {
                errors::clear();
                return DKIX_EMPTY;
            }
        }
    }
    let mut ix = lookup_unicode_unicode(keys, name, hash);
    if ix == DKIX_EMPTY {
        if (*keys).dk_usable <= 0 {
            return DKIX_EMPTY;
        }
        incref(name);
        (*keys).dk_version = 0;
        let hashpos = find_empty_slot(keys, hash);
        ix = (*keys).dk_nentries;
        set_index(keys, hashpos, ix);
        (*unicode_entries(keys).add(ix as usize)).me_key = name;
        (*keys).dk_usable -= 1;
        (*keys).dk_nentries += 1;
    }
    ix
}

/// `_PyObject_StoreInstanceAttribute` for the values-array part: stores (or with NULL
/// `value`, deletes) `name` in an instance's values. `Ok(false)` means the key does not fit
/// the shared keys: the caller must materialize a dict and store there.
///
/// # Safety
/// `keys` is the class's split keys, `values` an instance's values array for it.
pub unsafe fn store_instance_attribute(
    owner: *mut PyObject,
    keys: *mut PyDictKeysObject,
    values: *mut PyDictValues,
    name: *mut PyObject,
    value: *mut PyObject,
) -> PyResult<bool> {
    let ix = if is_exact_str(name) { insert_into_split_keys(keys, name) } else { DKIX_EMPTY };
    if ix == DKIX_EMPTY {
        return Ok(false);
    }
    let slot = values_slot(values, ix as usize);
    let old = *slot;
    xincref(value);
    *slot = value;
    if old.is_null() {
        if value.is_null() {
            *slot = null_mut();
            return Err(errors::attribute_error(&format!(
                "'{}' object has no attribute '{}'",
                obj::type_name_trunc(py_type(owner), 100),
                obj::str_text(name)
            )));
        }
        values_add_to_order(values, ix as usize);
    } else {
        if value.is_null() {
            values_delete_from_order(values, ix as usize);
        }
        decref(old);
    }
    Ok(true)
}

/// `_PyObject_GetInstanceAttribute`: `name`'s value in an instance's values, borrowed.
///
/// # Safety
/// As [`store_instance_attribute`].
pub unsafe fn get_instance_attribute(keys: *mut PyDictKeysObject, values: *mut PyDictValues, name: *mut PyObject) -> *mut PyObject {
    let ix = keys_string_lookup(keys, name);
    if ix < 0 {
        return null_mut();
    }
    *values_slot(values, ix as usize)
}

/// `_PyDict_NewPresized`-style check used by the instance path: number of live values.
///
/// # Safety
/// As [`store_instance_attribute`].
pub unsafe fn instance_values_empty(keys: *mut PyDictKeysObject, values: *mut PyDictValues) -> bool {
    (0..(*keys).dk_nentries as usize).all(|i| (*values_slot(values, i)).is_null())
}

/// Releases an instance's values array (`_PyObject_FreeInstanceAttributes`).
///
/// # Safety
/// `keys`/`values` as for [`store_instance_attribute`]; `values` is not used afterwards.
pub unsafe fn free_instance_values(keys: *mut PyDictKeysObject, values: *mut PyDictValues) {
    for i in 0..(*keys).dk_nentries as usize {
        xdecref(*values_slot(values, i));
    }
    free_values(values);
}

/// Visits an instance's values (`_PyObject_VisitInstanceAttributes`).
///
/// # Safety
/// As [`store_instance_attribute`].
pub unsafe fn visit_instance_values(keys: *mut PyDictKeysObject, values: *mut PyDictValues, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    for i in 0..(*keys).dk_nentries as usize {
        let v = *values_slot(values, i);
        if !v.is_null() {
            let r = visit(v, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// Clears an instance's values (`_PyObject_ClearInstanceAttributes`).
///
/// # Safety
/// As [`store_instance_attribute`].
pub unsafe fn clear_instance_values(keys: *mut PyDictKeysObject, values: *mut PyDictValues) {
    for i in 0..(*keys).dk_nentries as usize {
        let slot = values_slot(values, i);
        let v = *slot;
        *slot = null_mut();
        xdecref(v);
    }
}

/// True if the pending exception is `exc` or a subclass of it.
pub(crate) unsafe fn occurred_matches(exc: *mut PyObject) -> bool {
    let t = errors::occurred();
    !t.is_null()
        && obj::is_type_object(t)
        && super::typeobject::is_subtype(t as *mut PyTypeObject, exc as *mut PyTypeObject)
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared by the container types' methods.

/// The positional-count check of Argument Clinic (`_PyArg_CheckPositional`, in getargs), with
/// CPython's message ("get expected at least 1 argument, got 0").
pub(crate) fn check_positional(name: &str, nargs: Py_ssize_t, min: Py_ssize_t, max: Py_ssize_t) -> PyResult<()> {
    crate::getargs::check_positional(Some(name), nargs as usize, min as usize, max as usize)
}

/// `_PyArg_NoKeywords` (in getargs): "list() takes no keyword arguments".
pub(crate) unsafe fn no_keywords(name: &str, kwargs: *mut PyObject) -> PyResult<()> {
    crate::getargs::no_keywords(name, kwargs)
}

/// Calls `callable(*args)` (no keywords).
pub(crate) unsafe fn call_positional(callable: *mut PyObject, args: &[*mut PyObject]) -> PyResult<Ref> {
    super::call::vectorcall(callable, args, null_mut())
}

/// A str object for an identifier (attribute and special-method names).
pub(crate) unsafe fn ident(name: &str) -> PyResult<Ref> {
    super::unicodeobject::new_str(name)
}

// ---------------------------------------------------------------------------------------------
// The dict type's slots.

/// `dict_dealloc`.
unsafe extern "C" fn dict_dealloc(op: *mut PyObject) {
    let mp = op as *mut PyDictObject;
    if crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
    let values = (*mp).ma_values;
    let keys = (*mp).ma_keys;
    if !values.is_null() {
        for i in 0..(*keys).dk_nentries as usize {
            xdecref(*values_slot(values, i));
        }
        free_values(values);
        keys_decref(keys);
    } else if !keys.is_null() {
        keys_decref(keys);
    }
    let tp = py_type(op);
    let st = dict_state();
    if tp == &raw mut PyDict_Type && !st.is_null() && ((*st).numfree as usize) < crate::abi::pycore_interp::PyDict_MAXFREELIST {
        (*st).free_list[(*st).numfree as usize] = mp;
        (*st).numfree += 1;
        return;
    }
    match (*tp).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

/// `dict_traverse`.
unsafe extern "C" fn dict_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let mp = op as *mut PyDictObject;
    let dk = (*mp).ma_keys;
    let n = (*dk).dk_nentries as usize;
    macro_rules! v {
        ($e:expr) => {{
            let o = $e;
            if !o.is_null() {
                let r = visit(o, arg);
                if r != 0 {
                    return r;
                }
            }
        }};
    }
    if is_unicode_kind(dk) {
        if !(*mp).ma_values.is_null() {
            for i in 0..n {
                v!(*values_slot((*mp).ma_values, i));
            }
        } else {
            let e = unicode_entries(dk);
            for i in 0..n {
                v!((*e.add(i)).me_value);
            }
        }
    } else {
        let e = general_entries(dk);
        for i in 0..n {
            if !(*e.add(i)).me_value.is_null() {
                v!((*e.add(i)).me_value);
                v!((*e.add(i)).me_key);
            }
        }
    }
    0
}

/// `dict_tp_clear`.
unsafe extern "C" fn dict_tp_clear(op: *mut PyObject) -> c_int {
    clear(op);
    0
}

/// `dict_repr`: `{k: v, ...}`, `{...}` for a dict already being repr'd in this thread.
unsafe fn repr_impl(op: *mut PyObject) -> PyResult<Ref> {
    if obj::repr_enter(op)? {
        return super::unicodeobject::new_str("{...}");
    }
    let r = (|| -> PyResult<Ref> {
        if len(op) == 0 {
            return super::unicodeobject::new_str("{}");
        }
        let mut out = String::from("{");
        let mut pos = 0;
        let mut first = true;
        while let Some((k, v)) = next(op, &mut pos) {
            let (k, v) = (Ref::from_borrowed(k), Ref::from_borrowed(v));
            if !first {
                out.push_str(", ");
            }
            first = false;
            out.push_str(&obj::str_text(obj::repr(k.as_ptr())?.as_ptr()));
            out.push_str(": ");
            out.push_str(&obj::str_text(obj::repr(v.as_ptr())?.as_ptr()));
        }
        out.push('}');
        super::unicodeobject::new_str(&out)
    })();
    obj::repr_leave(op);
    r
}

unsafe extern "C" fn dict_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(repr_impl(op))
}

/// `dict_equal`: same size and every key of `a` maps to an equal value in `b`.
unsafe fn dict_equal(a: *mut PyObject, b: *mut PyObject) -> PyResult<bool> {
    let ma = a as *mut PyDictObject;
    if len(a) != len(b) {
        return Ok(false);
    }
    let mut i = 0;
    while i < (*(*ma).ma_keys).dk_nentries as usize {
        let dk = (*ma).ma_keys;
        let (key, aval, hash);
        if is_unicode_kind(dk) {
            let ep = unicode_entries(dk).add(i);
            key = (*ep).me_key;
            aval = if (*ma).ma_values.is_null() { (*ep).me_value } else { *values_slot((*ma).ma_values, i) };
            hash = if key.is_null() { -1 } else { str_cached_hash(key) };
        } else {
            let ep = general_entries(dk).add(i);
            key = (*ep).me_key;
            aval = (*ep).me_value;
            hash = (*ep).me_hash;
        }
        i += 1;
        if aval.is_null() {
            continue;
        }
        let aval = Ref::from_borrowed(aval);
        let key = Ref::from_borrowed(key);
        let hash = if hash == -1 { obj::hash(key.as_ptr())? } else { hash };
        let (_, bval) = lookup(b.cast(), key.as_ptr(), hash)?;
        if bval.is_null() {
            return Ok(false);
        }
        let bval = Ref::from_borrowed(bval);
        if !obj::rich_compare_bool(aval.as_ptr(), bval.as_ptr(), obj::Py_EQ)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `dict_richcompare`: `==` and `!=` between dicts.
unsafe extern "C" fn dict_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    if !check(v) || !check(w) || (op != obj::Py_EQ && op != obj::Py_NE) {
        return obj::new_ref(obj::not_implemented()).into_raw();
    }
    match dict_equal(v, w) {
        Ok(eq) => obj::new_bool(eq == (op == obj::Py_EQ)).into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn dict_length(op: *mut PyObject) -> Py_ssize_t {
    len(op)
}

/// `dict_subscript`: `d[key]`, with `__missing__` for subclasses.
unsafe fn subscript(op: *mut PyObject, key: *mut PyObject) -> PyResult<Ref> {
    let hash = key_hash(key)?;
    let (_, v) = lookup(op.cast(), key, hash)?;
    if !v.is_null() {
        return Ok(Ref::from_borrowed(v));
    }
    if !check_exact(op) {
        let name = ident("__missing__")?;
        if let Some(missing) = obj::lookup_special(op, name.as_ptr())? {
            return call_positional(missing.as_ptr(), &[key]);
        }
    }
    Err(errors::key_error(key))
}

unsafe extern "C" fn dict_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(subscript(op, key))
}

unsafe extern "C" fn dict_ass_sub(op: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> c_int {
    errors::int_result(if value.is_null() { del_item(op, key) } else { set_item(op, key, value) })
}

unsafe extern "C" fn dict_sq_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    errors::bool_result(contains(op, key))
}

/// `dict_update_arg`: a dict or anything with `keys()` merges as a mapping, anything else
/// as a sequence of pairs.
unsafe fn update_arg(d: *mut PyObject, arg: *mut PyObject) -> PyResult<()> {
    if check_exact(arg) {
        return merge(d, arg, 1);
    }
    let name = ident("keys")?;
    if obj::lookup_attr(arg, name.as_ptr())?.is_some() {
        return merge(d, arg, 1);
    }
    merge_from_seq2(d, arg, 1)
}

/// `dict_update_common`: `dict(arg, **kw)` and `d.update(arg, **kw)`.
unsafe fn update_common(d: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject, name: &str) -> PyResult<()> {
    let nargs = if args.is_null() { 0 } else { (*(args as *mut PyVarObject)).ob_size };
    if nargs > 1 {
        return Err(errors::type_error(&format!("{name} expected at most 1 argument, got {nargs}")));
    }
    if nargs == 1 {
        update_arg(d, *super::tupleobject::items(args))?;
    }
    if !kwds.is_null() {
        if !has_only_string_keys(kwds) {
            return Err(errors::type_error("keywords must be strings"));
        }
        merge(d, kwds, 1)?;
    }
    Ok(())
}

unsafe extern "C" fn dict_init(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> c_int {
    errors::int_result(update_common(op, args, kwds, "dict"))
}

/// `dict_new`: an empty dict of `tp` (exact dicts start untracked).
unsafe fn new_of_type(tp: *mut PyTypeObject) -> PyResult<Ref> {
    if tp == &raw mut PyDict_Type {
        return new();
    }
    let Some(alloc) = (*tp).tp_alloc else { return Err(errors::bad_internal_call()) };
    let op = Ref::from_result(alloc(tp, 0))?;
    let mp = op.as_ptr() as *mut PyDictObject;
    (*mp).ma_used = 0;
    (*mp).ma_version_tag = next_version();
    keys_incref(empty_keys());
    (*mp).ma_keys = empty_keys();
    (*mp).ma_values = null_mut();
    if !crate::mem::gc::is_tracked(op.as_ptr()) {
        crate::mem::gc::track(op.as_ptr());
    }
    Ok(op)
}

unsafe extern "C" fn dict_new(tp: *mut PyTypeObject, _args: *mut PyObject, _kwds: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_of_type(tp))
}

/// `dict_vectorcall`: `dict(...)` without building an argument tuple.
unsafe extern "C" fn dict_vectorcall(
    tp: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = (nargsf & !(1usize << (usize::BITS - 1))) as Py_ssize_t;
    errors::ptr_result((|| {
        check_positional("dict", nargs, 0, 1)?;
        let d = new_of_type(tp.cast())?;
        if nargs == 1 {
            update_arg(d.as_ptr(), *args)?;
        }
        if !kwnames.is_null() {
            let n = (*(kwnames as *mut PyVarObject)).ob_size;
            let names = super::tupleobject::items(kwnames);
            for i in 0..n {
                set_item(d.as_ptr(), *names.offset(i), *args.offset(nargs + i))?;
            }
        }
        Ok(d)
    })())
}

unsafe extern "C" fn dict_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_iter(op, &raw mut PyDictIterKey_Type))
}

/// `dict | other`.
unsafe extern "C" fn dict_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    if !check(a) || !check(b) {
        return obj::new_ref(obj::not_implemented()).into_raw();
    }
    errors::ptr_result((|| {
        let new = copy(a)?;
        update_arg(new.as_ptr(), b)?;
        Ok(new)
    })())
}

/// `dict |= other` (any mapping or iterable of pairs).
unsafe extern "C" fn dict_ior(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(update_arg(a, b).map(|()| Ref::from_borrowed(a)))
}

static mut DICT_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_or: Some(dict_or),
    nb_inplace_or: Some(dict_ior),
    ..PyNumberMethods::EMPTY
};

static mut DICT_AS_MAPPING: PyMappingMethods =
    PyMappingMethods { mp_length: Some(dict_length), mp_subscript: Some(dict_subscript), mp_ass_subscript: Some(dict_ass_sub) };

static mut DICT_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: None,
    sq_concat: None,
    sq_repeat: None,
    sq_item: None,
    was_sq_slice: null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: null_mut(),
    sq_contains: Some(dict_sq_contains),
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

// ---------------------------------------------------------------------------------------------
// dict methods.

/// A `PyMethodDef` from a function of any of CPython's method signatures.
macro_rules! method {
    ($name:literal, $f:expr, $flags:expr, $doc:literal) => {
        PyMethodDef {
            ml_name: $name.as_ptr(),
            // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
            ml_meth: Some(unsafe { core::mem::transmute::<*const (), unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject>($f as *const ()) }),
            ml_flags: $flags,
            ml_doc: $doc.as_ptr(),
        }
    };
}
pub(crate) use method;

/// The all-NULL entry ending a method table.
pub(crate) const METHOD_END: PyMethodDef =
    PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() };

type FastFn = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type VarKwFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

unsafe extern "C" fn m_contains(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(contains(op, key).map(obj::new_bool))
}

unsafe extern "C" fn m_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(super::longobject::from_isize(size_of(op)))
}

unsafe extern "C" fn m_get(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        check_positional("get", nargs, 1, 2)?;
        let key = *args;
        let deflt = if nargs > 1 { *args.add(1) } else { obj::none() };
        let hash = key_hash(key)?;
        let (_, v) = lookup(op.cast(), key, hash)?;
        Ok(Ref::from_borrowed(if v.is_null() { deflt } else { v }))
    })())
}

unsafe extern "C" fn m_setdefault(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        check_positional("setdefault", nargs, 1, 2)?;
        let deflt = if nargs > 1 { *args.add(1) } else { obj::none() };
        set_default(op, *args, deflt).map(|v| Ref::from_borrowed(v))
    })())
}

unsafe extern "C" fn m_pop(op: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        check_positional("pop", nargs, 1, 2)?;
        pop(op, *args, if nargs > 1 { *args.add(1) } else { null_mut() })
    })())
}

/// `dict.popitem()`: removes and returns the last item (LIFO).
pub unsafe fn popitem(op: *mut PyObject) -> PyResult<Ref> {
    let mp = op as *mut PyDictObject;
    if (*mp).ma_used == 0 {
        return Err(errors::set_string(super::exceptions::PyExc_KeyError, "popitem(): dictionary is empty"));
    }
    let res = super::tupleobject::new_uninit(2)?;
    let res = Ref::from_raw(res);
    if (*(*mp).ma_keys).dk_kind == DICT_KEYS_SPLIT {
        dictresize(mp, (*(*mp).ma_keys).dk_log2_size, true)?;
    }
    let dk = (*mp).ma_keys;
    (*dk).dk_version = 0;
    let mut i = (*dk).dk_nentries - 1;
    let (key, value, hash);
    if is_unicode_kind(dk) {
        let e = unicode_entries(dk);
        while i >= 0 && (*e.offset(i)).me_value.is_null() {
            i -= 1;
        }
        key = (*e.offset(i)).me_key;
        value = (*e.offset(i)).me_value;
        hash = str_cached_hash(key);
        (*e.offset(i)).me_key = null_mut();
        (*e.offset(i)).me_value = null_mut();
    } else {
        let e = general_entries(dk);
        while i >= 0 && (*e.offset(i)).me_value.is_null() {
            i -= 1;
        }
        key = (*e.offset(i)).me_key;
        value = (*e.offset(i)).me_value;
        hash = (*e.offset(i)).me_hash;
        (*e.offset(i)).me_key = null_mut();
        (*e.offset(i)).me_value = null_mut();
    }
    let j = lookup_index_slot(dk, hash, i);
    set_index(dk, j, DKIX_DUMMY);
    let items = super::tupleobject::items(res.as_ptr());
    *items = key;
    *items.add(1) = value;
    crate::mem::gc::track(res.as_ptr());
    (*dk).dk_nentries = i;
    (*mp).ma_used -= 1;
    (*mp).ma_version_tag = next_version();
    Ok(res)
}

unsafe extern "C" fn m_popitem(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(popitem(op))
}

unsafe extern "C" fn m_keys(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_view(op, &raw mut PyDictKeys_Type))
}

unsafe extern "C" fn m_items(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_view(op, &raw mut PyDictItems_Type))
}

unsafe extern "C" fn m_values(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_view(op, &raw mut PyDictValues_Type))
}

unsafe extern "C" fn m_update(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(update_common(op, args, kwds, "update").map(|()| obj::new_none()))
}

/// `dict.fromkeys(iterable, value=None)` on class `cls` (`_PyDict_FromKeys`).
pub unsafe fn from_keys(cls: *mut PyObject, iterable: *mut PyObject, value: *mut PyObject) -> PyResult<Ref> {
    let d = if cls == (&raw mut PyDict_Type).cast() { new()? } else { call_positional(cls, &[])? };
    if check_exact(d.as_ptr()) {
        let mp = d.as_ptr() as *mut PyDictObject;
        if check_exact(iterable) {
            let unicode = is_unicode_kind((*(iterable as *mut PyDictObject)).ma_keys);
            dictresize(mp, estimate_log2_keysize(len(iterable) as usize), unicode)?;
            let mut pos = 0;
            while let Some((key, _, hash)) = next_with_hash(iterable, &mut pos) {
                incref(key);
                incref(value);
                insertdict(mp, key, hash, value)?;
            }
            return Ok(d);
        }
        if super::setobject::any_set_check_exact(iterable) {
            dictresize(mp, estimate_log2_keysize(super::setobject::len(iterable) as usize), false)?;
            let mut pos = 0;
            while let Some((key, hash)) = super::setobject::next_entry(iterable, &mut pos) {
                incref(key);
                incref(value);
                insertdict(mp, key, hash, value)?;
            }
            return Ok(d);
        }
    }
    let it = super::r#abstract::iter::get_iter(iterable)?;
    let exact = check_exact(d.as_ptr());
    while let Some(key) = super::r#abstract::iter::next(it.as_ptr())? {
        if exact {
            set_item(d.as_ptr(), key.as_ptr(), value)?;
        } else {
            super::r#abstract::mapping::set_item(d.as_ptr(), key.as_ptr(), value)?;
        }
    }
    Ok(d)
}

unsafe extern "C" fn m_fromkeys(cls: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        check_positional("fromkeys", nargs, 1, 2)?;
        from_keys(cls, *args, if nargs > 1 { *args.add(1) } else { obj::none() })
    })())
}

unsafe extern "C" fn m_clear(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    clear(op);
    obj::new_none().into_raw()
}

unsafe extern "C" fn m_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(copy(op))
}

unsafe extern "C" fn m_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_iter(op, &raw mut PyDictRevIterKey_Type))
}

static mut DICT_METHODS: [PyMethodDef; 16] = [
    method!(c"__contains__", m_contains as BinFn, METH_O | METH_COEXIST, c"True if the dictionary has the specified key, else False."),
    method!(c"__getitem__", dict_subscript as BinFn, METH_O | METH_COEXIST, c"x.__getitem__(y) <==> x[y]"),
    method!(c"__sizeof__", m_sizeof as BinFn, METH_NOARGS, c"D.__sizeof__() -> size of D in memory, in bytes"),
    method!(c"get", m_get as FastFn, METH_FASTCALL, c"get($self, key, default=None, /)\n--\n\nReturn the value for key if key is in the dictionary, else default."),
    method!(c"setdefault", m_setdefault as FastFn, METH_FASTCALL, c"setdefault($self, key, default=None, /)\n--\n\nInsert key with a value of default if key is not in the dictionary.\n\nReturn the value for key if key is in the dictionary, else default."),
    method!(c"pop", m_pop as FastFn, METH_FASTCALL, c"D.pop(k[,d]) -> v, remove specified key and return the corresponding value.\n\nIf the key is not found, return the default if given; otherwise,\nraise a KeyError."),
    method!(c"popitem", m_popitem as BinFn, METH_NOARGS, c"popitem($self, /)\n--\n\nRemove and return a (key, value) pair as a 2-tuple.\n\nPairs are returned in LIFO (last-in, first-out) order.\nRaises KeyError if the dict is empty."),
    method!(c"keys", m_keys as BinFn, METH_NOARGS, c"D.keys() -> a set-like object providing a view on D's keys"),
    method!(c"items", m_items as BinFn, METH_NOARGS, c"D.items() -> a set-like object providing a view on D's items"),
    method!(c"values", m_values as BinFn, METH_NOARGS, c"D.values() -> an object providing a view on D's values"),
    method!(c"update", m_update as VarKwFn, METH_VARARGS | METH_KEYWORDS, c"D.update([E, ]**F) -> None.  Update D from dict/iterable E and F.\nIf E is present and has a .keys() method, then does:  for k in E: D[k] = E[k]\nIf E is present and lacks a .keys() method, then does:  for k, v in E: D[k] = v\nIn either case, this is followed by: for k in F:  D[k] = F[k]"),
    method!(c"fromkeys", m_fromkeys as FastFn, METH_FASTCALL | METH_CLASS, c"fromkeys($type, iterable, value=None, /)\n--\n\nCreate a new dictionary with keys from iterable and values set to value."),
    method!(c"clear", m_clear as BinFn, METH_NOARGS, c"D.clear() -> None.  Remove all items from D."),
    method!(c"copy", m_copy as BinFn, METH_NOARGS, c"D.copy() -> a shallow copy of D"),
    method!(c"__reversed__", m_reversed as BinFn, METH_NOARGS, c"__reversed__($self, /)\n--\n\nReturn a reverse iterator over the dict keys."),
    METHOD_END,
];

/// The `__class_getitem__` entry is added by the generic-alias owner's `Py_GenericAlias`
/// once it exists; until then `dict[int]` is not supported.
const _: () = ();

#[no_mangle]
pub static mut PyDict_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(dict_dealloc),
    tp_repr: Some(dict_repr),
    tp_as_number: &raw mut DICT_AS_NUMBER,
    tp_as_sequence: &raw mut DICT_AS_SEQUENCE,
    tp_as_mapping: &raw mut DICT_AS_MAPPING,
    tp_hash: Some(obj::PyObject_HashNotImplemented),
    tp_traverse: Some(dict_traverse),
    tp_clear: Some(dict_tp_clear),
    tp_richcompare: Some(dict_richcompare),
    tp_iter: Some(dict_iter),
    tp_methods: (&raw mut DICT_METHODS).cast(),
    tp_init: Some(dict_init),
    tp_new: Some(dict_new),
    tp_vectorcall: Some(dict_vectorcall),
    tp_doc: c"dict() -> new empty dictionary\ndict(mapping) -> new dictionary initialized from a mapping object's\n    (key, value) pairs\ndict(iterable) -> new dictionary initialized as if via:\n    d = {}\n    for k, v in iterable:\n        d[k] = v\ndict(**kwargs) -> new dictionary initialized with the name=value pairs\n    in the keyword argument list.  For example:  dict(one=1, two=2)".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"dict", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MAPPING | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_DICT_SUBCLASS)
};

// ---------------------------------------------------------------------------------------------
// Iterators (forward and reversed, over keys, values and items).

/// `dictiterobject`, 56 bytes.
#[repr(C)]
pub struct DictIterObject {
    pub ob_base: PyObject,
    pub di_dict: *mut PyDictObject,
    pub di_used: Py_ssize_t,
    pub di_pos: Py_ssize_t,
    /// A reusable (key, value) tuple for item iterators.
    pub di_result: *mut PyObject,
    pub len: Py_ssize_t,
}

const _: () = assert!(core::mem::size_of::<DictIterObject>() == 56);

unsafe fn is_reverse_iter_type(tp: *mut PyTypeObject) -> bool {
    tp == &raw mut PyDictRevIterKey_Type || tp == &raw mut PyDictRevIterItem_Type || tp == &raw mut PyDictRevIterValue_Type
}

unsafe fn is_item_iter_type(tp: *mut PyTypeObject) -> bool {
    tp == &raw mut PyDictIterItem_Type || tp == &raw mut PyDictRevIterItem_Type
}

/// `dictiter_new`.
unsafe fn new_iter(d: *mut PyObject, tp: *mut PyTypeObject) -> PyResult<Ref> {
    let mp = d as *mut PyDictObject;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<DictIterObject>())?;
    obj::init_object(op, tp);
    let di = op as *mut DictIterObject;
    incref(d);
    (*di).di_dict = mp;
    (*di).di_used = (*mp).ma_used;
    (*di).len = (*mp).ma_used;
    (*di).di_pos = if is_reverse_iter_type(tp) {
        if !(*mp).ma_values.is_null() { (*mp).ma_used - 1 } else { (*(*mp).ma_keys).dk_nentries - 1 }
    } else {
        0
    };
    (*di).di_result = null_mut();
    let op = Ref::from_raw(op);
    if is_item_iter_type(tp) {
        (*di).di_result = super::tupleobject::pack(&[obj::none(), obj::none()])?.into_raw();
    }
    crate::mem::gc::track(op.as_ptr());
    Ok(op)
}

unsafe extern "C" fn dictiter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let di = op as *mut DictIterObject;
    xdecref((*di).di_dict.cast());
    xdecref((*di).di_result);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn dictiter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let di = op as *mut DictIterObject;
    let Some(visit) = visit else { return 0 };
    for o in [(*di).di_dict.cast::<PyObject>(), (*di).di_result] {
        if !o.is_null() {
            let r = visit(o, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// The next (key, value) of a forward iterator, borrowed; `Ok(None)` when exhausted.
unsafe fn iter_step(di: *mut DictIterObject) -> PyResult<Option<(*mut PyObject, *mut PyObject)>> {
    let d = (*di).di_dict;
    if d.is_null() {
        return Ok(None);
    }
    if (*di).di_used != (*d).ma_used {
        (*di).di_used = -1; // sticky
        return Err(errors::runtime_error("dictionary changed size during iteration"));
    }
    let mut i = (*di).di_pos;
    let dk = (*d).ma_keys;
    let found = if !(*d).ma_values.is_null() {
        if i >= (*d).ma_used {
            None
        } else {
            let index = index_from_order(d, i as usize);
            Some(((*unicode_entries(dk).add(index)).me_key, *values_slot((*d).ma_values, index)))
        }
    } else {
        let n = (*dk).dk_nentries;
        if is_unicode_kind(dk) {
            let e = unicode_entries(dk);
            while i < n && (*e.offset(i)).me_value.is_null() {
                i += 1;
            }
            if i < n { Some(((*e.offset(i)).me_key, (*e.offset(i)).me_value)) } else { None }
        } else {
            let e = general_entries(dk);
            while i < n && (*e.offset(i)).me_value.is_null() {
                i += 1;
            }
            if i < n { Some(((*e.offset(i)).me_key, (*e.offset(i)).me_value)) } else { None }
        }
    };
    let Some(kv) = found else {
        (*di).di_dict = null_mut();
        decref(d.cast());
        return Ok(None);
    };
    if (*di).len == 0 {
        // An item appeared that the size check did not see: keys were changed.
        (*di).di_dict = null_mut();
        decref(d.cast());
        return Err(errors::runtime_error("dictionary keys changed during iteration"));
    }
    (*di).di_pos = i + 1;
    (*di).len -= 1;
    Ok(Some(kv))
}

/// The next (key, value) of a reversed iterator, borrowed.
unsafe fn reviter_step(di: *mut DictIterObject) -> PyResult<Option<(*mut PyObject, *mut PyObject)>> {
    let d = (*di).di_dict;
    if d.is_null() {
        return Ok(None);
    }
    if (*di).di_used != (*d).ma_used {
        (*di).di_used = -1;
        return Err(errors::runtime_error("dictionary changed size during iteration"));
    }
    let mut i = (*di).di_pos;
    let dk = (*d).ma_keys;
    let found = if i < 0 {
        None
    } else if !(*d).ma_values.is_null() {
        let index = index_from_order(d, i as usize);
        Some(((*unicode_entries(dk).add(index)).me_key, *values_slot((*d).ma_values, index)))
    } else if is_unicode_kind(dk) {
        let e = unicode_entries(dk);
        while i >= 0 && (*e.offset(i)).me_value.is_null() {
            i -= 1;
        }
        if i >= 0 { Some(((*e.offset(i)).me_key, (*e.offset(i)).me_value)) } else { None }
    } else {
        let e = general_entries(dk);
        while i >= 0 && (*e.offset(i)).me_value.is_null() {
            i -= 1;
        }
        if i >= 0 { Some(((*e.offset(i)).me_key, (*e.offset(i)).me_value)) } else { None }
    };
    let Some(kv) = found else {
        (*di).di_pos = -1;
        (*di).di_dict = null_mut();
        decref(d.cast());
        return Ok(None);
    };
    (*di).di_pos = i - 1;
    (*di).len -= 1;
    Ok(Some(kv))
}

/// Builds an item tuple, reusing the iterator's cached one when nobody else holds it.
unsafe fn item_result(di: *mut DictIterObject, k: *mut PyObject, v: *mut PyObject) -> PyResult<Ref> {
    let result = (*di).di_result;
    if !result.is_null() && (*result).ob_refcnt == 1 {
        let items = super::tupleobject::items(result);
        let (oldk, oldv) = (*items, *items.add(1));
        incref(k);
        incref(v);
        *items = k;
        *items.add(1) = v;
        incref(result);
        decref(oldk);
        decref(oldv);
        // The tuple may have been untracked by the collector while cached.
        if !crate::mem::gc::is_tracked(result) {
            crate::mem::gc::track(result);
        }
        return Ok(Ref::from_raw(result));
    }
    super::tupleobject::pack(&[k, v])
}

macro_rules! iternext_fn {
    ($name:ident, $step:ident, $what:tt) => {
        unsafe extern "C" fn $name(op: *mut PyObject) -> *mut PyObject {
            let di = op as *mut DictIterObject;
            match $step(di) {
                Ok(Some((k, v))) => iternext_fn!(@make $what, di, k, v),
                Ok(None) => null_mut(),
                Err(_) => null_mut(),
            }
        }
    };
    (@make key, $di:ident, $k:ident, $v:ident) => {{ let _ = $v; incref($k); $k }};
    (@make value, $di:ident, $k:ident, $v:ident) => {{ let _ = $k; incref($v); $v }};
    (@make item, $di:ident, $k:ident, $v:ident) => { errors::ptr_result(item_result($di, $k, $v)) };
}

iternext_fn!(dictiter_iternextkey, iter_step, key);
iternext_fn!(dictiter_iternextvalue, iter_step, value);
iternext_fn!(dictiter_iternextitem, iter_step, item);
iternext_fn!(dictreviter_iternextkey, reviter_step, key);
iternext_fn!(dictreviter_iternextvalue, reviter_step, value);
iternext_fn!(dictreviter_iternextitem, reviter_step, item);

/// `__length_hint__` of dict iterators.
unsafe extern "C" fn dictiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let di = op as *mut DictIterObject;
    let n = if !(*di).di_dict.is_null() && (*di).di_used == (*(*di).di_dict).ma_used { (*di).len } else { 0 };
    errors::ptr_result(super::longobject::from_isize(n))
}

/// `(iter, (list of what is left,))`, listed from a copy so that the iterator stays where it is.
unsafe extern "C" fn dictiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let di = op as *mut DictIterObject;
        let tp = obj::py_type(op);
        let copy = crate::mem::gc::alloc(tp, core::mem::size_of::<DictIterObject>())?;
        obj::init_object(copy, tp);
        let c = copy as *mut DictIterObject;
        xincref((*di).di_dict.cast());
        (*c).di_dict = (*di).di_dict;
        (*c).di_used = (*di).di_used;
        (*c).di_pos = (*di).di_pos;
        (*c).len = (*di).len;
        (*c).di_result = null_mut();
        let copy = Ref::from_raw(copy);
        if is_item_iter_type(tp) {
            (*c).di_result = super::tupleobject::pack(&[obj::none(), obj::none()])?.into_raw();
        }
        crate::mem::gc::track(copy.as_ptr());
        super::iterobject::reduce_as_list(copy)
    })())
}

static mut DICTITER_METHODS: [PyMethodDef; 3] = [
    method!(c"__length_hint__", dictiter_len as BinFn, METH_NOARGS, c"Private method returning an estimate of len(list(it))."),
    method!(c"__reduce__", dictiter_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    METHOD_END,
];

macro_rules! dict_iter_type {
    ($name:ident, $tpname:literal, $next:ident) => {
        #[no_mangle]
        pub static mut $name: PyTypeObject = PyTypeObject {
            tp_dealloc: Some(dictiter_dealloc),
            tp_traverse: Some(dictiter_traverse),
            tp_iter: Some(obj::PyObject_SelfIter),
            tp_iternext: Some($next),
            tp_methods: (&raw mut DICTITER_METHODS).cast(),
            ..static_type(&raw mut super::typeobject::PyType_Type, $tpname, 56, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
        };
    };
}

dict_iter_type!(PyDictIterKey_Type, c"dict_keyiterator", dictiter_iternextkey);
dict_iter_type!(PyDictIterValue_Type, c"dict_valueiterator", dictiter_iternextvalue);
dict_iter_type!(PyDictIterItem_Type, c"dict_itemiterator", dictiter_iternextitem);
dict_iter_type!(PyDictRevIterKey_Type, c"dict_reversekeyiterator", dictreviter_iternextkey);
dict_iter_type!(PyDictRevIterValue_Type, c"dict_reversevalueiterator", dictreviter_iternextvalue);
dict_iter_type!(PyDictRevIterItem_Type, c"dict_reverseitemiterator", dictreviter_iternextitem);

// ---------------------------------------------------------------------------------------------
// Views: dict_keys, dict_values, dict_items.

use crate::abi::dictobject::_PyDictViewObject;

/// `_PyDictView_New`.
///
/// # Safety
/// `d` is NULL or a live object; `tp` one of the three view types (or a subtype).
pub unsafe fn new_view(d: *mut PyObject, tp: *mut PyTypeObject) -> PyResult<Ref> {
    if d.is_null() {
        return Err(errors::bad_internal_call());
    }
    if !check(d) {
        return Err(errors::type_error(&format!(
            "{}() requires a dict argument, not '{}'",
            obj::type_name_of(tp),
            obj::type_name(d)
        )));
    }
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<_PyDictViewObject>())?;
    obj::init_object(op, tp);
    incref(d);
    (*(op as *mut _PyDictViewObject)).dv_dict = d.cast();
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

#[inline(always)]
unsafe fn view_dict(op: *mut PyObject) -> *mut PyObject {
    (*(op as *mut _PyDictViewObject)).dv_dict.cast()
}

unsafe extern "C" fn dictview_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref(view_dict(op));
    crate::mem::gc::free(op);
}

unsafe extern "C" fn dictview_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let d = view_dict(op);
    match visit {
        Some(visit) if !d.is_null() => visit(d, arg),
        _ => 0,
    }
}

unsafe extern "C" fn dictview_len(op: *mut PyObject) -> Py_ssize_t {
    let d = view_dict(op);
    if d.is_null() { 0 } else { len(d) }
}

unsafe extern "C" fn dictkeys_iter(op: *mut PyObject) -> *mut PyObject {
    let d = view_dict(op);
    if d.is_null() {
        return obj::new_none().into_raw();
    }
    errors::ptr_result(new_iter(d, &raw mut PyDictIterKey_Type))
}

unsafe extern "C" fn dictvalues_iter(op: *mut PyObject) -> *mut PyObject {
    let d = view_dict(op);
    if d.is_null() {
        return obj::new_none().into_raw();
    }
    errors::ptr_result(new_iter(d, &raw mut PyDictIterValue_Type))
}

unsafe extern "C" fn dictitems_iter(op: *mut PyObject) -> *mut PyObject {
    let d = view_dict(op);
    if d.is_null() {
        return obj::new_none().into_raw();
    }
    errors::ptr_result(new_iter(d, &raw mut PyDictIterItem_Type))
}

unsafe extern "C" fn dictkeys_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    let d = view_dict(op);
    if d.is_null() {
        return 0;
    }
    errors::bool_result(contains(d, key))
}

unsafe extern "C" fn dictitems_contains(op: *mut PyObject, item: *mut PyObject) -> c_int {
    let d = view_dict(op);
    if d.is_null() {
        return 0;
    }
    if !obj::has_feature(py_type(item), Py_TPFLAGS_TUPLE_SUBCLASS) || (*(item as *mut PyVarObject)).ob_size != 2 {
        return 0;
    }
    let items = super::tupleobject::items(item);
    errors::bool_result((|| {
        let Some(found) = get_item(d, *items)? else { return Ok(false) };
        let found = Ref::from_borrowed(found);
        obj::rich_compare_bool(found.as_ptr(), *items.add(1), obj::Py_EQ)
    })())
}

/// `dictview_repr`: `dict_keys([...])`.
unsafe extern "C" fn dictview_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if obj::repr_enter(op)? {
            return super::unicodeobject::new_str("...");
        }
        let r = (|| {
            let seq = super::listobject::from_iterable(op)?;
            let inner = obj::repr(seq.as_ptr())?;
            super::unicodeobject::new_str(&format!("{}({})", obj::type_name(op), obj::str_text(inner.as_ptr())))
        })();
        obj::repr_leave(op);
        r
    })())
}

/// `all_contained_in(self, other)`.
unsafe fn all_contained_in(a: *mut PyObject, b: *mut PyObject) -> PyResult<bool> {
    let it = super::r#abstract::iter::get_iter(a)?;
    while let Some(x) = super::r#abstract::iter::next(it.as_ptr())? {
        if !super::r#abstract::sequence::contains(b, x.as_ptr())? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `PyDictViewSet_Check`: a keys or items view.
unsafe fn is_set_view(op: *mut PyObject) -> bool {
    let tp = py_type(op);
    super::typeobject::is_subtype(tp, &raw mut PyDictKeys_Type) || super::typeobject::is_subtype(tp, &raw mut PyDictItems_Type)
}

/// `dictview_richcompare` of keys and items views: set comparisons.
unsafe extern "C" fn dictview_richcompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject {
    if !super::setobject::any_set_check(b) && !is_set_view(b) {
        return obj::new_ref(obj::not_implemented()).into_raw();
    }
    errors::ptr_result((|| {
        let la = super::r#abstract::mapping::size(a)?;
        let lb = super::r#abstract::mapping::size(b)?;
        let ok = match op {
            obj::Py_EQ => la == lb && all_contained_in(a, b)?,
            obj::Py_NE => !(la == lb && all_contained_in(a, b)?),
            obj::Py_LT => la < lb && all_contained_in(a, b)?,
            obj::Py_LE => la <= lb && all_contained_in(a, b)?,
            obj::Py_GT => la > lb && all_contained_in(b, a)?,
            obj::Py_GE => la >= lb && all_contained_in(b, a)?,
            _ => false,
        };
        Ok(obj::new_bool(ok))
    })())
}

/// `dictviews_to_set`: a set of the view's elements (a keys view of an exact dict iterates
/// the dict directly).
unsafe fn view_to_set(op: *mut PyObject) -> PyResult<Ref> {
    let mut src = op;
    if super::typeobject::is_subtype(py_type(op), &raw mut PyDictKeys_Type) {
        let d = view_dict(op);
        if !d.is_null() && check_exact(d) {
            src = d;
        }
    }
    super::setobject::new_set(src)
}

unsafe extern "C" fn dictviews_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let result = view_to_set(a)?;
        super::setobject::difference_update_with(result.as_ptr(), b)?;
        Ok(result)
    })())
}

unsafe extern "C" fn dictviews_and(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        // The view may be either operand.
        let (view, other) = if is_set_view(a) { (a, b) } else { (b, a) };
        let result = view_to_set(view)?;
        super::setobject::intersection_update_with(result.as_ptr(), other)?;
        Ok(result)
    })())
}

unsafe extern "C" fn dictviews_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let (view, other) = if is_set_view(a) { (a, b) } else { (b, a) };
        let result = view_to_set(view)?;
        super::setobject::update_with(result.as_ptr(), other)?;
        Ok(result)
    })())
}

unsafe extern "C" fn dictviews_xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let (view, other) = if is_set_view(a) { (a, b) } else { (b, a) };
        let result = view_to_set(view)?;
        super::setobject::symmetric_difference_update_with(result.as_ptr(), other)?;
        Ok(result)
    })())
}

unsafe extern "C" fn dictviews_isdisjoint(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let (mut a, mut b) = (op, other);
        if a == b {
            return Ok(obj::new_bool(dictview_len(a) == 0));
        }
        // Iterate the smaller one when both sizes are cheap to know.
        if super::setobject::any_set_check(b) || is_set_view(b) {
            let lb = super::r#abstract::mapping::size(b)?;
            if dictview_len(a) > lb {
                core::mem::swap(&mut a, &mut b);
            }
        }
        let it = super::r#abstract::iter::get_iter(b)?;
        while let Some(x) = super::r#abstract::iter::next(it.as_ptr())? {
            if super::r#abstract::sequence::contains(a, x.as_ptr())? {
                return Ok(obj::new_bool(false));
            }
        }
        Ok(obj::new_bool(true))
    })())
}

unsafe extern "C" fn dictkeys_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let d = view_dict(op);
    if d.is_null() {
        return obj::new_none().into_raw();
    }
    errors::ptr_result(new_iter(d, &raw mut PyDictRevIterKey_Type))
}

unsafe extern "C" fn dictvalues_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let d = view_dict(op);
    if d.is_null() {
        return obj::new_none().into_raw();
    }
    errors::ptr_result(new_iter(d, &raw mut PyDictRevIterValue_Type))
}

unsafe extern "C" fn dictitems_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let d = view_dict(op);
    if d.is_null() {
        return obj::new_none().into_raw();
    }
    errors::ptr_result(new_iter(d, &raw mut PyDictRevIterItem_Type))
}

static mut DICTVIEWS_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_subtract: Some(dictviews_sub),
    nb_and: Some(dictviews_and),
    nb_xor: Some(dictviews_xor),
    nb_or: Some(dictviews_or),
    ..PyNumberMethods::EMPTY
};

const fn view_sequence(contains: objobjproc) -> PySequenceMethods {
    PySequenceMethods {
        sq_length: Some(dictview_len),
        sq_concat: None,
        sq_repeat: None,
        sq_item: None,
        was_sq_slice: null_mut(),
        sq_ass_item: None,
        was_sq_ass_slice: null_mut(),
        sq_contains: contains,
        sq_inplace_concat: None,
        sq_inplace_repeat: None,
    }
}

static mut DICTKEYS_AS_SEQUENCE: PySequenceMethods = view_sequence(Some(dictkeys_contains));
static mut DICTITEMS_AS_SEQUENCE: PySequenceMethods = view_sequence(Some(dictitems_contains));
static mut DICTVALUES_AS_SEQUENCE: PySequenceMethods = view_sequence(None);

static mut DICTKEYS_METHODS: [PyMethodDef; 3] = [
    method!(c"isdisjoint", dictviews_isdisjoint as BinFn, METH_O, c"Return True if the view and the given iterable have a null intersection."),
    method!(c"__reversed__", dictkeys_reversed as BinFn, METH_NOARGS, c"Return a reverse iterator over the dict keys."),
    METHOD_END,
];

static mut DICTITEMS_METHODS: [PyMethodDef; 3] = [
    method!(c"isdisjoint", dictviews_isdisjoint as BinFn, METH_O, c"Return True if the view and the given iterable have a null intersection."),
    method!(c"__reversed__", dictitems_reversed as BinFn, METH_NOARGS, c"Return a reverse iterator over the dict items."),
    METHOD_END,
];

static mut DICTVALUES_METHODS: [PyMethodDef; 2] = [
    method!(c"__reversed__", dictvalues_reversed as BinFn, METH_NOARGS, c"Return a reverse iterator over the dict values."),
    METHOD_END,
];

/// `dict_keys.mapping` & co (3.10+): a read-only proxy of the viewed dict.
unsafe extern "C" fn dictview_mapping(op: *mut PyObject, _closure: *mut core::ffi::c_void) -> *mut PyObject {
    let d = (*(op as *mut crate::abi::dictobject::_PyDictViewObject)).dv_dict;
    errors::ptr_result(super::descrobject::dict_proxy_new(d.cast()))
}

static mut DICTVIEW_GETSET: [crate::abi::descrobject::PyGetSetDef; 2] = [
    crate::abi::descrobject::PyGetSetDef {
        name: c"mapping".as_ptr(),
        get: Some(dictview_mapping),
        set: None,
        doc: c"dictionary that this view refers to".as_ptr(),
        closure: null_mut(),
    },
    crate::abi::descrobject::PyGetSetDef { name: core::ptr::null(), get: None, set: None, doc: core::ptr::null(), closure: null_mut() },
];

#[no_mangle]
pub static mut PyDictKeys_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(dictview_dealloc),
    tp_getset: (&raw mut DICTVIEW_GETSET).cast(),
    tp_repr: Some(dictview_repr),
    tp_as_number: &raw mut DICTVIEWS_AS_NUMBER,
    tp_as_sequence: &raw mut DICTKEYS_AS_SEQUENCE,
    tp_traverse: Some(dictview_traverse),
    tp_richcompare: Some(dictview_richcompare),
    tp_iter: Some(dictkeys_iter),
    tp_methods: (&raw mut DICTKEYS_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"dict_keys", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyDictValues_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(dictview_dealloc),
    tp_getset: (&raw mut DICTVIEW_GETSET).cast(),
    tp_repr: Some(dictview_repr),
    tp_as_sequence: &raw mut DICTVALUES_AS_SEQUENCE,
    tp_traverse: Some(dictview_traverse),
    tp_iter: Some(dictvalues_iter),
    tp_methods: (&raw mut DICTVALUES_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"dict_values", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

#[no_mangle]
pub static mut PyDictItems_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(dictview_dealloc),
    tp_getset: (&raw mut DICTVIEW_GETSET).cast(),
    tp_repr: Some(dictview_repr),
    tp_as_number: &raw mut DICTVIEWS_AS_NUMBER,
    tp_as_sequence: &raw mut DICTITEMS_AS_SEQUENCE,
    tp_traverse: Some(dictview_traverse),
    tp_richcompare: Some(dictview_richcompare),
    tp_iter: Some(dictitems_iter),
    tp_methods: (&raw mut DICTITEMS_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"dict_items", 24, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

/// `_PyDictView_Intersect` (`view & other` with the view on either side).
///
/// # Safety
/// Both are live objects, one of them a keys or items view.
pub unsafe fn view_intersect(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    dictviews_and(a, b)
}

/// `_PyDict_CheckConsistency`: the table invariants (and, with `check_content`, the entries).
///
/// # Safety
/// `op` is a live dict.
pub unsafe fn check_consistency(op: *mut PyObject, check_content: bool) -> Result<(), &'static str> {
    let mp = op as *mut PyDictObject;
    let dk = (*mp).ma_keys;
    if dk.is_null() {
        return Err("dict has no keys table");
    }
    let usable = usable_fraction(dk_size(dk)) as Py_ssize_t;
    if !(0..=usable).contains(&(*mp).ma_used) {
        return Err("ma_used out of range");
    }
    if (*dk).dk_usable < 0 || (*dk).dk_nentries < 0 {
        return Err("negative dk_usable or dk_nentries");
    }
    if (*dk).dk_kind != DICT_KEYS_SPLIT {
        if (*dk).dk_usable + (*dk).dk_nentries > usable && dk != empty_keys() {
            return Err("dk_usable + dk_nentries exceeds the usable fraction");
        }
        if (*mp).ma_used > (*dk).dk_nentries {
            return Err("ma_used exceeds dk_nentries");
        }
    }
    if !check_content || dk == empty_keys() {
        return Ok(());
    }
    for i in 0..dk_size(dk) {
        let ix = get_index(dk, i);
        if ix < DKIX_DUMMY || ix >= (*dk).dk_nentries as isize {
            return Err("index slot out of range");
        }
    }
    if (*mp).ma_values.is_null() {
        let mut live = 0;
        for i in 0..(*dk).dk_nentries as usize {
            let (k, v) = if is_unicode_kind(dk) {
                let e = unicode_entries(dk).add(i);
                if !(*e).me_key.is_null() && (!is_exact_str((*e).me_key) || str_cached_hash((*e).me_key) == -1) {
                    return Err("unicode table holds a key that is not a hashed exact str");
                }
                ((*e).me_key, (*e).me_value)
            } else {
                let e = general_entries(dk).add(i);
                ((*e).me_key, (*e).me_value)
            };
            if !v.is_null() {
                if k.is_null() {
                    return Err("entry has a value but no key");
                }
                live += 1;
            }
        }
        if live != (*mp).ma_used {
            return Err("ma_used differs from the number of live entries");
        }
    } else {
        let n = *((*mp).ma_values as *mut u8).sub(2) as Py_ssize_t;
        if n != (*mp).ma_used {
            return Err("split table order length differs from ma_used");
        }
        for i in 0..n as usize {
            if (*values_slot((*mp).ma_values, index_from_order(mp, i))).is_null() {
                return Err("split table order names an empty value");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_sizes_follow_cpython() {
        let _runtime = crate::testing::hold_runtime();
        // calculate_log2_keysize: the smallest power of two >= minsize, at least 8 slots.
        assert_eq!(calculate_log2_keysize(0), 3);
        assert_eq!(calculate_log2_keysize(8), 3);
        assert_eq!(calculate_log2_keysize(9), 4);
        assert_eq!(calculate_log2_keysize(15), 4); // GROWTH_RATE of 5 items
        assert_eq!(calculate_log2_keysize(33), 6);
        // USABLE_FRACTION and its inverse.
        assert_eq!(usable_fraction(8), 5);
        assert_eq!(usable_fraction(16), 10);
        assert_eq!(usable_fraction(1 << 17), 87381);
        assert_eq!(estimate_log2_keysize(5), 3);
        assert_eq!(estimate_log2_keysize(6), 4);
        // 21 items need 32 slots, but CPython's bit trick ((32 | 8) - 1) yields 64: kept.
        assert_eq!(estimate_log2_keysize(21), 6);
        assert_eq!(estimate_log2_keysize(20), 5);
        assert_eq!(estimate_log2_keysize(22), 6);
        assert_eq!(estimate_log2_keysize(1000), 11);
    }

    #[test]
    fn policy_validation_rejects_tables_that_cannot_terminate_probing() {
        let _runtime = crate::testing::hold_runtime();
        assert!(DictConfig::CPYTHON.validate().is_ok());
        let full = DictConfig { usable_numerator: 1, usable_denominator: 1, ..DictConfig::CPYTHON };
        assert!(full.validate().is_err());
        let no_growth = DictConfig { growth_rate: 1, ..DictConfig::CPYTHON };
        assert!(no_growth.validate().is_err());
        let tiny = DictConfig { log2_min_size: 2, ..DictConfig::CPYTHON };
        assert!(tiny.validate().is_err());
        let lean = DictConfig { usable_numerator: 3, usable_denominator: 4, growth_rate: 2, ..DictConfig::CPYTHON };
        assert!(lean.validate().is_ok());
    }

    /// The probe sequence over a raw keys table: slots chosen for colliding hashes match the
    /// indices CPython 3.11 shows (compat-tests/capi/dict_layout.c prints the same table).
    #[test]
    fn probing_places_colliding_hashes_like_cpython() {
        let _runtime = crate::testing::hold_runtime();
        // SAFETY: a keys table is plain memory; only index and entry fields are touched.
        unsafe {
            let dk = new_keys_object(3, false).unwrap_or_else(|_| panic!("allocation"));
            // int hashes: 0, 8, 16, 1, -1 -> -2 (hash(-1) is -2), -2
            let hashes: [Py_hash_t; 5] = [0, 8, 16, 1, -2];
            for (ix, &h) in hashes.iter().enumerate() {
                let slot = find_empty_slot(dk, h);
                set_index(dk, slot, ix as isize);
            }
            let got: Vec<isize> = (0..8).map(|i| get_index(dk, i)).collect();
            // CPython: "collide indices: 0 1 -1 -1 4 -1 2 3" after these five inserts.
            assert_eq!(got, vec![0, 1, -1, -1, 4, -1, 2, 3]);
            crate::mem::obj_free(dk.cast());
        }
    }

    #[test]
    fn index_width_grows_with_the_table() {
        let _runtime = crate::testing::hold_runtime();
        // SAFETY: as above.
        unsafe {
            for (log2, bytes) in [(3u8, 3u8), (7, 7), (8, 9), (15, 16), (16, 18)] {
                let dk = new_keys_object(log2, true).unwrap_or_else(|_| panic!("allocation"));
                assert_eq!((*dk).dk_log2_index_bytes, bytes);
                set_index(dk, (1usize << log2) - 1, 300);
                let expect = if log2 < 8 { 300i16 as i8 as isize } else { 300 };
                assert_eq!(get_index(dk, (1usize << log2) - 1), expect);
                assert_eq!(get_index(dk, 0), DKIX_EMPTY);
                crate::mem::obj_free(dk.cast());
            }
        }
    }
}
