//! `set` and `frozenset` (CPython 3.11's Objects/setobject.c): the open-addressing table with
//! linear probing runs of 9 and perturbed jumps, the 8-entry inline table, CPython's resize
//! policy (so `sys.getsizeof` agrees), the frozenset hash, the set algebra with its fast
//! paths, the methods and operators, the iterator, and the `PySet_*` API.

use crate::abi::*;
use crate::abi::methodobject::*;
use crate::abi::setobject::{setentry, PySetObject, PySet_MINSIZE};
use crate::errors::{self, PyResult};
use crate::objects::dictobject::{self, check_positional, method, no_keywords, METHOD_END};
use crate::objects::exceptions::{PyExc_KeyError, PyExc_TypeError};
use crate::objects::object::{self as obj, decref, incref, py_type, xdecref, Ref};
use super::typeobject::static_type;
use core::ffi::c_int;
use core::ptr::null_mut;

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// The marker left in a slot whose key was removed (`dummy`); its hash is -1.
static mut DUMMY_TYPE: PyTypeObject =
    static_type(&raw mut super::typeobject::PyType_Type, c"<dummy key> type", 0, 0, Py_TPFLAGS_DEFAULT);
static mut DUMMY: PyObject = PyObject::head_init(&raw mut DUMMY_TYPE);

#[inline(always)]
fn dummy() -> *mut PyObject {
    &raw mut DUMMY
}

#[inline(always)]
unsafe fn so(op: *mut PyObject) -> *mut PySetObject {
    op.cast()
}

#[inline(always)]
unsafe fn table(s: *mut PySetObject) -> *mut setentry {
    (*s).table
}

#[inline(always)]
unsafe fn smalltable(s: *mut PySetObject) -> *mut setentry {
    (&raw mut (*s).smalltable).cast()
}

/// `PyAnySet_Check`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn any_set_check(op: *mut PyObject) -> bool {
    let tp = py_type(op);
    tp == &raw mut PySet_Type
        || tp == &raw mut PyFrozenSet_Type
        || super::typeobject::is_subtype(tp, &raw mut PySet_Type)
        || super::typeobject::is_subtype(tp, &raw mut PyFrozenSet_Type)
}

/// `PyAnySet_CheckExact`.
///
/// # Safety
/// `op` points to a live object.
#[inline]
pub unsafe fn any_set_check_exact(op: *mut PyObject) -> bool {
    let tp = py_type(op);
    tp == &raw mut PySet_Type || tp == &raw mut PyFrozenSet_Type
}

/// `PySet_Check`: set or a subclass.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn set_check(op: *mut PyObject) -> bool {
    let tp = py_type(op);
    tp == &raw mut PySet_Type || super::typeobject::is_subtype(tp, &raw mut PySet_Type)
}

/// `PyFrozenSet_Check`.
///
/// # Safety
/// `op` points to a live object.
pub unsafe fn frozenset_check(op: *mut PyObject) -> bool {
    let tp = py_type(op);
    tp == &raw mut PyFrozenSet_Type || super::typeobject::is_subtype(tp, &raw mut PyFrozenSet_Type)
}

/// `PySet_GET_SIZE`.
///
/// # Safety
/// `op` is a live set or frozenset.
#[inline(always)]
pub unsafe fn len(op: *mut PyObject) -> Py_ssize_t {
    (*so(op)).used
}

// ---------------------------------------------------------------------------------------------
// The table.

/// `set_lookkey`: the entry holding `key`, or the empty entry ending its probe sequence.
unsafe fn lookkey(s: *mut PySetObject, key: *mut PyObject, hash: Py_hash_t) -> PyResult<*mut setentry> {
    'restart: loop {
        let mut perturb = hash as usize;
        let mut mask = (*s).mask as usize;
        let mut i = hash as usize & mask;
        loop {
            let mut entry = table(s).add(i);
            let mut probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            loop {
                if (*entry).hash == 0 && (*entry).key.is_null() {
                    return Ok(entry);
                }
                if (*entry).hash == hash {
                    let startkey = (*entry).key;
                    if startkey == key {
                        return Ok(entry);
                    }
                    let t = table(s);
                    incref(startkey);
                    let cmp = obj::rich_compare_bool(startkey, key, obj::Py_EQ);
                    decref(startkey);
                    let cmp = cmp?;
                    if t != table(s) || (*entry).key != startkey {
                        continue 'restart;
                    }
                    if cmp {
                        return Ok(entry);
                    }
                    mask = (*s).mask as usize;
                }
                if probes == 0 {
                    break;
                }
                probes -= 1;
                entry = entry.add(1);
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }
}

/// `set_insert_clean`: places a key known to be absent into a table without dummies.
unsafe fn insert_clean(t: *mut setentry, mask: usize, key: *mut PyObject, hash: Py_hash_t) {
    let mut perturb = hash as usize;
    let mut i = hash as usize & mask;
    loop {
        let mut entry = t.add(i);
        if (*entry).key.is_null() {
            (*entry).key = key;
            (*entry).hash = hash;
            return;
        }
        if i + LINEAR_PROBES <= mask {
            for _ in 0..LINEAR_PROBES {
                entry = entry.add(1);
                if (*entry).key.is_null() {
                    (*entry).key = key;
                    (*entry).hash = hash;
                    return;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
    }
}

/// `set_table_resize`: a table of the smallest power of two above `minused`.
unsafe fn table_resize(s: *mut PySetObject, minused: Py_ssize_t) -> PyResult<()> {
    let oldmask = (*s).mask as usize;
    let mut newsize = PySet_MINSIZE;
    while newsize <= minused as usize {
        newsize <<= 1;
    }
    let mut oldtable = table(s);
    let old_malloced = oldtable != smalltable(s);
    let mut small_copy = [setentry { key: null_mut(), hash: 0 }; PySet_MINSIZE];
    let newtable;
    if newsize == PySet_MINSIZE {
        newtable = smalltable(s);
        if newtable == oldtable {
            if (*s).fill == (*s).used {
                return Ok(());
            }
            core::ptr::copy_nonoverlapping(oldtable, small_copy.as_mut_ptr(), PySet_MINSIZE);
            oldtable = small_copy.as_mut_ptr();
        }
    } else {
        newtable = crate::mem::mem_malloc(newsize * core::mem::size_of::<setentry>()) as *mut setentry;
        if newtable.is_null() {
            return Err(errors::no_memory());
        }
    }
    core::ptr::write_bytes(newtable, 0, newsize);
    (*s).mask = (newsize - 1) as Py_ssize_t;
    (*s).table = newtable;
    let newmask = newsize - 1;
    let no_dummies = (*s).fill == (*s).used;
    (*s).fill = (*s).used;
    for j in 0..=oldmask {
        let e = oldtable.add(j);
        if !(*e).key.is_null() && (no_dummies || (*e).key != dummy()) {
            insert_clean(newtable, newmask, (*e).key, (*e).hash);
        }
    }
    if old_malloced {
        crate::mem::mem_free(oldtable.cast());
    }
    Ok(())
}

/// `set_add_entry`.
unsafe fn add_entry(s: *mut PySetObject, key: *mut PyObject, hash: Py_hash_t) -> PyResult<()> {
    // Held across comparisons, which may run code that drops the caller's reference.
    incref(key);
    'restart: loop {
        let mut mask = (*s).mask as usize;
        let mut i = hash as usize & mask;
        let mut freeslot: *mut setentry = null_mut();
        let mut perturb = hash as usize;
        loop {
            let mut entry = table(s).add(i);
            let mut probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            loop {
                if (*entry).hash == 0 && (*entry).key.is_null() {
                    if !freeslot.is_null() {
                        (*s).used += 1;
                        (*freeslot).key = key;
                        (*freeslot).hash = hash;
                        return Ok(());
                    }
                    (*s).fill += 1;
                    (*s).used += 1;
                    (*entry).key = key;
                    (*entry).hash = hash;
                    if ((*s).fill as usize) * 5 < mask * 3 {
                        return Ok(());
                    }
                    let used = (*s).used;
                    return table_resize(s, if used > 50000 { used * 2 } else { used * 4 });
                }
                if (*entry).hash == hash {
                    let startkey = (*entry).key;
                    if startkey == key {
                        decref(key);
                        return Ok(());
                    }
                    let t = table(s);
                    incref(startkey);
                    let cmp = obj::rich_compare_bool(startkey, key, obj::Py_EQ);
                    decref(startkey);
                    match cmp {
                        Ok(true) => {
                            decref(key);
                            return Ok(());
                        }
                        Err(e) => {
                            decref(key);
                            return Err(e);
                        }
                        Ok(false) => {}
                    }
                    if t != table(s) || (*entry).key != startkey {
                        continue 'restart;
                    }
                    mask = (*s).mask as usize;
                } else if (*entry).hash == -1 {
                    freeslot = entry;
                }
                if probes == 0 {
                    break;
                }
                probes -= 1;
                entry = entry.add(1);
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }
}

unsafe fn contains_entry(s: *mut PySetObject, key: *mut PyObject, hash: Py_hash_t) -> PyResult<bool> {
    Ok(!(*lookkey(s, key, hash)?).key.is_null())
}

/// `set_discard_entry`: whether the key was there.
unsafe fn discard_entry(s: *mut PySetObject, key: *mut PyObject, hash: Py_hash_t) -> PyResult<bool> {
    let entry = lookkey(s, key, hash)?;
    if (*entry).key.is_null() {
        return Ok(false);
    }
    let old = (*entry).key;
    (*entry).key = dummy();
    (*entry).hash = -1;
    (*s).used -= 1;
    decref(old);
    Ok(true)
}

unsafe fn add_key(s: *mut PySetObject, key: *mut PyObject) -> PyResult<()> {
    add_entry(s, key, dictobject::key_hash(key)?)
}

unsafe fn contains_key(s: *mut PySetObject, key: *mut PyObject) -> PyResult<bool> {
    contains_entry(s, key, dictobject::key_hash(key)?)
}

unsafe fn discard_key(s: *mut PySetObject, key: *mut PyObject) -> PyResult<bool> {
    discard_entry(s, key, dictobject::key_hash(key)?)
}

unsafe fn empty_to_minsize(s: *mut PySetObject) {
    core::ptr::write_bytes(smalltable(s), 0, PySet_MINSIZE);
    (*s).fill = 0;
    (*s).used = 0;
    (*s).mask = (PySet_MINSIZE - 1) as Py_ssize_t;
    (*s).table = smalltable(s);
    (*s).hash = -1;
}

/// `set_clear_internal`: empties first, then releases the keys.
unsafe fn clear_internal(s: *mut PySetObject) {
    let mut t = table(s);
    let fill = (*s).fill;
    let mut used = (*s).used;
    let malloced = t != smalltable(s);
    let mut small_copy = [setentry { key: null_mut(), hash: 0 }; PySet_MINSIZE];
    if malloced {
        empty_to_minsize(s);
    } else if fill > 0 {
        core::ptr::copy_nonoverlapping(t, small_copy.as_mut_ptr(), PySet_MINSIZE);
        t = small_copy.as_mut_ptr();
        empty_to_minsize(s);
    }
    let mut e = t;
    while used > 0 {
        if !(*e).key.is_null() && (*e).key != dummy() {
            used -= 1;
            decref((*e).key);
        }
        e = e.add(1);
    }
    if malloced {
        crate::mem::mem_free(t.cast());
    }
}

/// `set_next`: the next active entry at or after `*pos`.
#[inline]
unsafe fn next_raw(s: *mut PySetObject, pos: &mut Py_ssize_t) -> Option<*mut setentry> {
    let mut i = *pos;
    let mask = (*s).mask;
    while i <= mask {
        let e = table(s).offset(i);
        if !(*e).key.is_null() && (*e).key != dummy() {
            *pos = i + 1;
            return Some(e);
        }
        i += 1;
    }
    *pos = i + 1;
    None
}

/// `_PySet_NextEntry`: the next (key, hash), key borrowed.
///
/// # Safety
/// `op` is a live set or frozenset.
pub unsafe fn next_entry(op: *mut PyObject, pos: &mut Py_ssize_t) -> Option<(*mut PyObject, Py_hash_t)> {
    next_raw(so(op), pos).map(|e| ((*e).key, (*e).hash))
}

/// `set_merge`: adds every key of another set.
unsafe fn merge(s: *mut PySetObject, other: *mut PySetObject) -> PyResult<()> {
    if other == s || (*other).used == 0 {
        return Ok(());
    }
    if (((*s).fill + (*other).used) * 5) as usize >= ((*s).mask * 3) as usize {
        table_resize(s, ((*s).used + (*other).used) * 2)?;
    }
    let omask = (*other).mask as usize;
    if (*s).fill == 0 && (*s).mask == (*other).mask && (*other).fill == (*other).used {
        for i in 0..=omask {
            let oe = table(other).add(i);
            let key = (*oe).key;
            if !key.is_null() {
                incref(key);
                (*table(s).add(i)).key = key;
                (*table(s).add(i)).hash = (*oe).hash;
            }
        }
        (*s).fill = (*other).fill;
        (*s).used = (*other).used;
        return Ok(());
    }
    if (*s).fill == 0 {
        let newmask = (*s).mask as usize;
        (*s).fill = (*other).used;
        (*s).used = (*other).used;
        for i in 0..=omask {
            let oe = table(other).add(i);
            let key = (*oe).key;
            if !key.is_null() && key != dummy() {
                incref(key);
                insert_clean(table(s), newmask, key, (*oe).hash);
            }
        }
        return Ok(());
    }
    let mut i = 0;
    while i <= (*other).mask as usize {
        let oe = table(other).add(i);
        let key = (*oe).key;
        if !key.is_null() && key != dummy() {
            add_entry(s, key, (*oe).hash)?;
        }
        i += 1;
    }
    Ok(())
}

/// `set_update_internal`: adds the elements of any iterable.
unsafe fn update_internal(s: *mut PySetObject, other: *mut PyObject) -> PyResult<()> {
    if any_set_check(other) {
        return merge(s, so(other));
    }
    if dictobject::check_exact(other) {
        let n = dictobject::len(other);
        if (((*s).fill + n) * 5) as usize >= ((*s).mask * 3) as usize {
            table_resize(s, ((*s).used + n) * 2)?;
        }
        let mut pos = 0;
        while let Some((key, _, hash)) = dictobject::next_with_hash(other, &mut pos) {
            add_entry(s, key, hash)?;
        }
        return Ok(());
    }
    let it = super::r#abstract::iter::get_iter(other)?;
    while let Some(key) = super::r#abstract::iter::next(it.as_ptr())? {
        add_key(s, key.as_ptr())?;
    }
    Ok(())
}

/// `make_new_set`: an instance of `tp`, filled from `iterable` (NULL: empty).
unsafe fn make_new(tp: *mut PyTypeObject, iterable: *mut PyObject) -> PyResult<Ref> {
    let op = if tp == &raw mut PySet_Type || tp == &raw mut PyFrozenSet_Type {
        let op = crate::mem::gc::alloc(tp, core::mem::size_of::<PySetObject>())?;
        obj::init_object(op, tp);
        Ref::from_raw(op)
    } else {
        let Some(alloc) = (*tp).tp_alloc else { return Err(errors::bad_internal_call()) };
        Ref::from_result(alloc(tp, 0))?
    };
    let s = so(op.as_ptr());
    core::ptr::write_bytes(smalltable(s), 0, PySet_MINSIZE);
    (*s).fill = 0;
    (*s).used = 0;
    (*s).mask = (PySet_MINSIZE - 1) as Py_ssize_t;
    (*s).table = smalltable(s);
    (*s).hash = -1;
    (*s).finger = 0;
    (*s).weakreflist = null_mut();
    // Tracked once its fields are valid: a collection may run at any later allocation.
    if !crate::mem::gc::is_tracked(op.as_ptr()) {
        crate::mem::gc::track(op.as_ptr());
    }
    if !iterable.is_null() {
        update_internal(s, iterable)?;
    }
    Ok(op)
}

/// `make_new_set_basetype`: a set or frozenset matching `tp`'s base.
unsafe fn make_new_basetype(tp: *mut PyTypeObject, iterable: *mut PyObject) -> PyResult<Ref> {
    let tp = if tp != &raw mut PySet_Type && tp != &raw mut PyFrozenSet_Type {
        if super::typeobject::is_subtype(tp, &raw mut PySet_Type) {
            &raw mut PySet_Type
        } else {
            &raw mut PyFrozenSet_Type
        }
    } else {
        tp
    };
    make_new(tp, iterable)
}

/// `PySet_New(iterable)` (NULL: empty).
///
/// # Safety
/// `iterable` is NULL or a live object.
pub unsafe fn new_set(iterable: *mut PyObject) -> PyResult<Ref> {
    make_new(&raw mut PySet_Type, iterable)
}

/// `PyFrozenSet_New(iterable)`.
///
/// # Safety
/// `iterable` is NULL or a live object.
pub unsafe fn new_frozenset(iterable: *mut PyObject) -> PyResult<Ref> {
    make_new(&raw mut PyFrozenSet_Type, iterable)
}

/// `s.update(other)` for any iterable.
///
/// # Safety
/// `s` is a live set, `other` a live object.
pub unsafe fn update_with(s: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    update_internal(so(s), other)
}

/// `set_copy`.
unsafe fn copy(s: *mut PyObject) -> PyResult<Ref> {
    make_new_basetype(py_type(s), s)
}

/// `set_intersection(so, other)`.
unsafe fn intersection(s: *mut PyObject, other: *mut PyObject) -> PyResult<Ref> {
    if s == other {
        return copy(s);
    }
    let result = make_new_basetype(py_type(s), null_mut())?;
    let r = so(result.as_ptr());
    if any_set_check(other) {
        let (mut a, mut b) = (s, other);
        if len(b) > len(a) {
            core::mem::swap(&mut a, &mut b);
        }
        let mut pos = 0;
        while let Some(e) = next_raw(so(b), &mut pos) {
            let key = Ref::from_borrowed((*e).key);
            let hash = (*e).hash;
            if contains_entry(so(a), key.as_ptr(), hash)? {
                add_entry(r, key.as_ptr(), hash)?;
            }
        }
        return Ok(result);
    }
    let it = super::r#abstract::iter::get_iter(other)?;
    while let Some(key) = super::r#abstract::iter::next(it.as_ptr())? {
        let hash = obj::hash(key.as_ptr())?;
        if contains_entry(so(s), key.as_ptr(), hash)? {
            add_entry(r, key.as_ptr(), hash)?;
        }
    }
    Ok(result)
}

/// Swaps the tables of two sets (`set_swap_bodies`); the hashes are reset only for sets.
unsafe fn swap_bodies(a: *mut PySetObject, b: *mut PySetObject) {
    let (a_small, b_small) = (table(a) == smalltable(a), table(b) == smalltable(b));
    core::mem::swap(&mut (*a).fill, &mut (*b).fill);
    core::mem::swap(&mut (*a).used, &mut (*b).used);
    core::mem::swap(&mut (*a).mask, &mut (*b).mask);
    core::mem::swap(&mut (*a).smalltable, &mut (*b).smalltable);
    let (ta, tb) = ((*a).table, (*b).table);
    (*a).table = if b_small { smalltable(a) } else { tb };
    (*b).table = if a_small { smalltable(b) } else { ta };
    if frozenset_check(a.cast()) && frozenset_check(b.cast()) {
        core::mem::swap(&mut (*a).hash, &mut (*b).hash);
    } else {
        (*a).hash = -1;
        (*b).hash = -1;
    }
}

/// `s &= other` for any iterable (`set_intersection_update`).
///
/// # Safety
/// `s` is a live set, `other` a live object.
pub unsafe fn intersection_update_with(s: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    let tmp = intersection(s, other)?;
    swap_bodies(so(s), so(tmp.as_ptr()));
    Ok(())
}

/// `set_difference_update_internal`.
///
/// # Safety
/// `s` is a live set, `other` a live object.
pub unsafe fn difference_update_with(s: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    let ss = so(s);
    if s == other {
        clear_internal(ss);
        return Ok(());
    }
    if any_set_check(other) {
        let other = if (len(other) >> 3) > len(s) { intersection(s, other)? } else { Ref::from_borrowed(other) };
        let mut pos = 0;
        while let Some(e) = next_raw(so(other.as_ptr()), &mut pos) {
            let key = Ref::from_borrowed((*e).key);
            discard_entry(ss, key.as_ptr(), (*e).hash)?;
        }
    } else {
        let it = super::r#abstract::iter::get_iter(other)?;
        while let Some(key) = super::r#abstract::iter::next(it.as_ptr())? {
            discard_key(ss, key.as_ptr())?;
        }
    }
    if (((*ss).fill - (*ss).used) as usize) <= ((*ss).mask as usize) / 4 {
        return Ok(());
    }
    let used = (*ss).used;
    table_resize(ss, if used > 50000 { used * 2 } else { used * 4 })
}

/// `set_difference(so, other)`.
unsafe fn difference(s: *mut PyObject, other: *mut PyObject) -> PyResult<Ref> {
    let other_size = if any_set_check(other) {
        len(other)
    } else if dictobject::check_exact(other) {
        dictobject::len(other)
    } else {
        let result = copy(s)?;
        difference_update_with(result.as_ptr(), other)?;
        return Ok(result);
    };
    if (len(s) >> 2) > other_size {
        let result = copy(s)?;
        difference_update_with(result.as_ptr(), other)?;
        return Ok(result);
    }
    let result = make_new_basetype(py_type(s), null_mut())?;
    let mut pos = 0;
    while let Some(e) = next_raw(so(s), &mut pos) {
        let key = Ref::from_borrowed((*e).key);
        let hash = (*e).hash;
        let present = if dictobject::check_exact(other) {
            dictobject::contains_known_hash(other, key.as_ptr(), hash)?
        } else {
            contains_entry(so(other), key.as_ptr(), hash)?
        };
        if !present {
            add_entry(so(result.as_ptr()), key.as_ptr(), hash)?;
        }
    }
    Ok(result)
}

/// `set_symmetric_difference_update`.
///
/// # Safety
/// `s` is a live set, `other` a live object.
pub unsafe fn symmetric_difference_update_with(s: *mut PyObject, other: *mut PyObject) -> PyResult<()> {
    let ss = so(s);
    if s == other {
        clear_internal(ss);
        return Ok(());
    }
    if dictobject::check_exact(other) {
        let mut pos = 0;
        while let Some((key, _, hash)) = dictobject::next_with_hash(other, &mut pos) {
            let key = Ref::from_borrowed(key);
            if !discard_entry(ss, key.as_ptr(), hash)? {
                add_entry(ss, key.as_ptr(), hash)?;
            }
        }
        return Ok(());
    }
    let otherset = if any_set_check(other) { Ref::from_borrowed(other) } else { make_new_basetype(py_type(s), other)? };
    let mut pos = 0;
    while let Some(e) = next_raw(so(otherset.as_ptr()), &mut pos) {
        let key = Ref::from_borrowed((*e).key);
        let hash = (*e).hash;
        if !discard_entry(ss, key.as_ptr(), hash)? {
            add_entry(ss, key.as_ptr(), hash)?;
        }
    }
    Ok(())
}

unsafe fn symmetric_difference(s: *mut PyObject, other: *mut PyObject) -> PyResult<Ref> {
    let otherset = make_new_basetype(py_type(s), other)?;
    symmetric_difference_update_with(otherset.as_ptr(), s)?;
    Ok(otherset)
}

/// `set_issubset`.
unsafe fn issubset(s: *mut PyObject, other: *mut PyObject) -> PyResult<bool> {
    if !any_set_check(other) {
        let tmp = new_set(other)?;
        return issubset(s, tmp.as_ptr());
    }
    if len(s) > len(other) {
        return Ok(false);
    }
    let mut pos = 0;
    while let Some(e) = next_raw(so(s), &mut pos) {
        let key = Ref::from_borrowed((*e).key);
        if !contains_entry(so(other), key.as_ptr(), (*e).hash)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_issuperset`.
unsafe fn issuperset(s: *mut PyObject, other: *mut PyObject) -> PyResult<bool> {
    if any_set_check(other) {
        return issubset(other, s);
    }
    let it = super::r#abstract::iter::get_iter(other)?;
    while let Some(key) = super::r#abstract::iter::next(it.as_ptr())? {
        if !contains_key(so(s), key.as_ptr())? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `set_isdisjoint`.
unsafe fn isdisjoint(s: *mut PyObject, other: *mut PyObject) -> PyResult<bool> {
    if s == other {
        return Ok(len(s) == 0);
    }
    if any_set_check_exact(other) {
        let (mut a, mut b) = (s, other);
        if len(b) > len(a) {
            core::mem::swap(&mut a, &mut b);
        }
        let mut pos = 0;
        while let Some(e) = next_raw(so(b), &mut pos) {
            let key = Ref::from_borrowed((*e).key);
            if contains_entry(so(a), key.as_ptr(), (*e).hash)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let it = super::r#abstract::iter::get_iter(other)?;
    while let Some(key) = super::r#abstract::iter::next(it.as_ptr())? {
        if contains_key(so(s), key.as_ptr())? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Runs `f(key)`; an unhashable set key is retried as a frozenset (as `set_contains`,
/// `set_remove` and `set_discard` do).
unsafe fn with_frozen_retry<R>(key: *mut PyObject, f: impl Fn(*mut PyObject) -> PyResult<R>) -> PyResult<R> {
    match f(key) {
        Ok(r) => Ok(r),
        Err(e) => {
            if !set_check(key) || !dictobject::occurred_matches(PyExc_TypeError) {
                return Err(e);
            }
            errors::clear();
            let tmp = make_new(&raw mut PyFrozenSet_Type, key)?;
            f(tmp.as_ptr())
        }
    }
}

/// `key in s`.
///
/// # Safety
/// `s` is a live set or frozenset, `key` a live object.
pub unsafe fn contains(s: *mut PyObject, key: *mut PyObject) -> PyResult<bool> {
    with_frozen_retry(key, |k| contains_key(so(s), k))
}

/// `PySet_Add`.
///
/// # Safety
/// `s` is a live set (or a frozenset being built), `key` a live object.
pub unsafe fn add(s: *mut PyObject, key: *mut PyObject) -> PyResult<()> {
    add_key(so(s), key)
}

/// `PySet_Discard`: whether the key was there.
///
/// # Safety
/// `s` is a live set, `key` a live object.
pub unsafe fn discard(s: *mut PyObject, key: *mut PyObject) -> PyResult<bool> {
    discard_key(so(s), key)
}

/// `PySet_Clear`.
///
/// # Safety
/// `s` is a live set or frozenset.
pub unsafe fn clear(s: *mut PyObject) {
    clear_internal(so(s))
}

/// `set.pop()` (`PySet_Pop`).
///
/// # Safety
/// `s` is a live set.
pub unsafe fn pop(s: *mut PyObject) -> PyResult<Ref> {
    let ss = so(s);
    if (*ss).used == 0 {
        return Err(errors::set_string(PyExc_KeyError, "pop from an empty set"));
    }
    let mut entry = table(ss).offset((*ss).finger & (*ss).mask);
    let limit = table(ss).offset((*ss).mask);
    while (*entry).key.is_null() || (*entry).key == dummy() {
        entry = entry.add(1);
        if entry > limit {
            entry = table(ss);
        }
    }
    let key = (*entry).key;
    (*entry).key = dummy();
    (*entry).hash = -1;
    (*ss).used -= 1;
    (*ss).finger = entry.offset_from(table(ss)) + 1;
    Ok(Ref::from_raw(key))
}

// ---------------------------------------------------------------------------------------------
// Slots.

unsafe extern "C" fn set_dealloc(op: *mut PyObject) {
    if crate::mem::gc::is_tracked(op) {
        crate::mem::gc::untrack(op);
    }
    let s = so(op);
    if !(*s).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    let mut used = (*s).used;
    let mut e = table(s);
    while used > 0 {
        if !(*e).key.is_null() && (*e).key != dummy() {
            used -= 1;
            decref((*e).key);
        }
        e = e.add(1);
    }
    if table(s) != smalltable(s) {
        crate::mem::mem_free(table(s).cast());
    }
    match (*py_type(op)).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe extern "C" fn set_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let mut pos = 0;
    while let Some(e) = next_raw(so(op), &mut pos) {
        let r = visit((*e).key, arg);
        if r != 0 {
            return r;
        }
    }
    0
}

unsafe extern "C" fn set_tp_clear(op: *mut PyObject) -> c_int {
    clear_internal(so(op));
    0
}

unsafe fn repr_impl(op: *mut PyObject) -> PyResult<Ref> {
    let name = obj::type_name(op);
    if obj::repr_enter(op)? {
        return super::unicodeobject::new_str(&format!("{name}(...)"));
    }
    let r = (|| {
        if len(op) == 0 {
            return super::unicodeobject::new_str(&format!("{name}()"));
        }
        let keys = super::listobject::from_iterable(op)?;
        let lr = obj::repr(keys.as_ptr())?;
        let text = obj::str_text(lr.as_ptr());
        let inner = &text[1..text.len() - 1];
        if obj::is_type(op, &raw mut PySet_Type) {
            super::unicodeobject::new_str(&format!("{{{inner}}}"))
        } else {
            super::unicodeobject::new_str(&format!("{name}({{{inner}}})"))
        }
    })();
    obj::repr_leave(op);
    r
}

unsafe extern "C" fn set_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(repr_impl(op))
}

unsafe extern "C" fn set_len(op: *mut PyObject) -> Py_ssize_t {
    len(op)
}

unsafe extern "C" fn set_sq_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    errors::bool_result(contains(op, key))
}

/// `_shuffle_bits`.
#[inline]
fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
}

/// `frozenset_hash`: independent of order; cached in the object.
unsafe extern "C" fn frozenset_hash(op: *mut PyObject) -> Py_hash_t {
    let s = so(op);
    if (*s).hash != -1 {
        return (*s).hash;
    }
    let mut hash: u64 = 0;
    for i in 0..=(*s).mask as usize {
        hash ^= shuffle_bits((*table(s).add(i)).hash as u64);
    }
    if ((*s).mask + 1 - (*s).fill) & 1 != 0 {
        hash ^= shuffle_bits(0);
    }
    if ((*s).fill - (*s).used) & 1 != 0 {
        hash ^= shuffle_bits(u64::MAX);
    }
    hash ^= ((len(op) as u64) + 1).wrapping_mul(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907133923);
    if hash == u64::MAX {
        hash = 590923713;
    }
    (*s).hash = hash as Py_hash_t;
    hash as Py_hash_t
}

unsafe fn richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> PyResult<Ref> {
    if !any_set_check(w) {
        return Ok(obj::new_ref(obj::not_implemented()));
    }
    let r = match op {
        obj::Py_EQ | obj::Py_NE => {
            let eq = if len(v) != len(w) {
                false
            } else if (*so(v)).hash != -1 && (*so(w)).hash != -1 && (*so(v)).hash != (*so(w)).hash {
                false
            } else {
                issubset(v, w)?
            };
            eq == (op == obj::Py_EQ)
        }
        obj::Py_LE => issubset(v, w)?,
        obj::Py_GE => issuperset(v, w)?,
        obj::Py_LT => len(v) < len(w) && issubset(v, w)?,
        _ => len(v) > len(w) && issuperset(v, w)?,
    };
    Ok(obj::new_bool(r))
}

unsafe extern "C" fn set_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    errors::ptr_result(richcompare(v, w, op))
}

unsafe extern "C" fn set_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp = &raw mut PySetIter_Type;
        let it = crate::mem::gc::alloc(tp, core::mem::size_of::<SetIter>())?;
        obj::init_object(it, tp);
        let si = it as *mut SetIter;
        incref(op);
        (*si).si_set = op;
        (*si).si_used = len(op);
        (*si).si_pos = 0;
        (*si).len = len(op);
        crate::mem::gc::track(it);
        Ok(Ref::from_raw(it))
    })())
}

macro_rules! set_binop {
    ($name:ident, $f:ident) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            if !any_set_check(a) || !any_set_check(b) {
                return obj::new_ref(obj::not_implemented()).into_raw();
            }
            errors::ptr_result($f(a, b))
        }
    };
}

unsafe fn union2(a: *mut PyObject, b: *mut PyObject) -> PyResult<Ref> {
    let result = copy(a)?;
    if a != b {
        update_internal(so(result.as_ptr()), b)?;
    }
    Ok(result)
}

set_binop!(set_or, union2);
set_binop!(set_and, intersection);
set_binop!(set_sub, difference);
set_binop!(set_xor, symmetric_difference);

macro_rules! set_inplace {
    ($name:ident, $f:ident) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            if !any_set_check(b) {
                return obj::new_ref(obj::not_implemented()).into_raw();
            }
            errors::ptr_result($f(a, b).map(|()| Ref::from_borrowed(a)))
        }
    };
}

set_inplace!(set_ior, update_with);
set_inplace!(set_iand, intersection_update_with);
set_inplace!(set_isub, difference_update_with);
set_inplace!(set_ixor, symmetric_difference_update_with);

// ---------------------------------------------------------------------------------------------
// Methods.

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

unsafe fn args_of(args: *mut PyObject) -> &'static [*mut PyObject] {
    let n = super::tupleobject::len(args) as usize;
    if n == 0 {
        return &[];
    }
    core::slice::from_raw_parts(super::tupleobject::items(args), n)
}

unsafe extern "C" fn m_add(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(add(op, key).map(|()| obj::new_none()))
}

unsafe extern "C" fn m_clear(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    clear_internal(so(op));
    obj::new_none().into_raw()
}

unsafe extern "C" fn m_contains(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(contains(op, key).map(obj::new_bool))
}

unsafe extern "C" fn m_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(copy(op))
}

unsafe extern "C" fn m_frozenset_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    if obj::is_type(op, &raw mut PyFrozenSet_Type) {
        return obj::new_ref(op).into_raw();
    }
    errors::ptr_result(copy(op))
}

unsafe extern "C" fn m_discard(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(with_frozen_retry(key, |k| discard_key(so(op), k)).map(|_| obj::new_none()))
}

unsafe extern "C" fn m_remove(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if !with_frozen_retry(key, |k| discard_key(so(op), k))? {
            return Err(errors::key_error(key));
        }
        Ok(obj::new_none())
    })())
}

unsafe extern "C" fn m_difference(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let others = args_of(args);
        if others.is_empty() {
            return copy(op);
        }
        let mut result = difference(op, others[0])?;
        for &o in &others[1..] {
            difference_update_with(result.as_ptr(), o)?;
        }
        let _ = &mut result;
        Ok(result)
    })())
}

unsafe extern "C" fn m_difference_update(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        for &o in args_of(args) {
            difference_update_with(op, o)?;
        }
        Ok(obj::new_none())
    })())
}

unsafe extern "C" fn m_intersection(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let others = args_of(args);
        if others.is_empty() {
            return copy(op);
        }
        let mut result = Ref::from_borrowed(op);
        for &o in others {
            result = intersection(result.as_ptr(), o)?;
        }
        Ok(result)
    })())
}

unsafe extern "C" fn m_intersection_update(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let tmp = m_intersection(op, args);
        let tmp = Ref::from_result(tmp)?;
        swap_bodies(so(op), so(tmp.as_ptr()));
        Ok(obj::new_none())
    })())
}

unsafe extern "C" fn m_isdisjoint(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(isdisjoint(op, other).map(obj::new_bool))
}

unsafe extern "C" fn m_issubset(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(issubset(op, other).map(obj::new_bool))
}

unsafe extern "C" fn m_issuperset(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(issuperset(op, other).map(obj::new_bool))
}

unsafe extern "C" fn m_pop(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(pop(op))
}

unsafe extern "C" fn m_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let s = so(op);
    let mut res = (*py_type(op)).tp_basicsize;
    if table(s) != smalltable(s) {
        res += ((*s).mask + 1) * core::mem::size_of::<setentry>() as Py_ssize_t;
    }
    errors::ptr_result(super::longobject::from_isize(res))
}

unsafe extern "C" fn m_symmetric_difference(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(symmetric_difference(op, other))
}

unsafe extern "C" fn m_symmetric_difference_update(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(symmetric_difference_update_with(op, other).map(|()| obj::new_none()))
}

unsafe extern "C" fn m_union(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let result = copy(op)?;
        for &o in args_of(args) {
            if o != op {
                update_internal(so(result.as_ptr()), o)?;
            }
        }
        Ok(result)
    })())
}

unsafe extern "C" fn m_update(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        for &o in args_of(args) {
            update_internal(so(op), o)?;
        }
        Ok(obj::new_none())
    })())
}

static mut SET_METHODS: [PyMethodDef; 20] = [
    method!(c"add", m_add as BinFn, METH_O, c"Add an element to a set.\n\nThis has no effect if the element is already present."),
    method!(c"clear", m_clear as BinFn, METH_NOARGS, c"Remove all elements from this set."),
    method!(c"__contains__", m_contains as BinFn, METH_O | METH_COEXIST, c"x.__contains__(y) <==> y in x."),
    method!(c"copy", m_copy as BinFn, METH_NOARGS, c"Return a shallow copy of a set."),
    method!(c"discard", m_discard as BinFn, METH_O, c"Remove an element from a set if it is a member.\n\nUnlike set.remove(), the discard() method does not raise\nan exception when an element is missing from the set."),
    method!(c"difference", m_difference as BinFn, METH_VARARGS, c"Return the difference of two or more sets as a new set.\n\n(i.e. all elements that are in this set but not the others.)"),
    method!(c"difference_update", m_difference_update as BinFn, METH_VARARGS, c"Remove all elements of another set from this set."),
    method!(c"intersection", m_intersection as BinFn, METH_VARARGS, c"Return the intersection of two sets as a new set.\n\n(i.e. all elements that are in both sets.)"),
    method!(c"intersection_update", m_intersection_update as BinFn, METH_VARARGS, c"Update a set with the intersection of itself and another."),
    method!(c"isdisjoint", m_isdisjoint as BinFn, METH_O, c"Return True if two sets have a null intersection."),
    method!(c"issubset", m_issubset as BinFn, METH_O, c"Report whether another set contains this set."),
    method!(c"issuperset", m_issuperset as BinFn, METH_O, c"Report whether this set contains another set."),
    method!(c"pop", m_pop as BinFn, METH_NOARGS, c"Remove and return an arbitrary set element.\nRaises KeyError if the set is empty."),
    method!(c"remove", m_remove as BinFn, METH_O, c"Remove an element from a set; it must be a member.\n\nIf the element is not a member, raise a KeyError."),
    method!(c"__sizeof__", m_sizeof as BinFn, METH_NOARGS, c"S.__sizeof__() -> size of S in memory, in bytes"),
    method!(c"symmetric_difference", m_symmetric_difference as BinFn, METH_O, c"Return the symmetric difference of two sets as a new set.\n\n(i.e. all elements that are in exactly one of the sets.)"),
    method!(c"symmetric_difference_update", m_symmetric_difference_update as BinFn, METH_O, c"Update a set with the symmetric difference of itself and another."),
    method!(c"union", m_union as BinFn, METH_VARARGS, c"Return the union of sets as a new set.\n\n(i.e. all elements that are in either set.)"),
    method!(c"update", m_update as BinFn, METH_VARARGS, c"Update a set with the union of itself and others."),
    METHOD_END,
];

static mut FROZENSET_METHODS: [PyMethodDef; 11] = [
    method!(c"__contains__", m_contains as BinFn, METH_O | METH_COEXIST, c"x.__contains__(y) <==> y in x."),
    method!(c"copy", m_frozenset_copy as BinFn, METH_NOARGS, c"Return a shallow copy of a set."),
    method!(c"difference", m_difference as BinFn, METH_VARARGS, c"Return the difference of two or more sets as a new set.\n\n(i.e. all elements that are in this set but not the others.)"),
    method!(c"intersection", m_intersection as BinFn, METH_VARARGS, c"Return the intersection of two sets as a new set.\n\n(i.e. all elements that are in both sets.)"),
    method!(c"isdisjoint", m_isdisjoint as BinFn, METH_O, c"Return True if two sets have a null intersection."),
    method!(c"issubset", m_issubset as BinFn, METH_O, c"Report whether another set contains this set."),
    method!(c"issuperset", m_issuperset as BinFn, METH_O, c"Report whether this set contains another set."),
    method!(c"__sizeof__", m_sizeof as BinFn, METH_NOARGS, c"S.__sizeof__() -> size of S in memory, in bytes"),
    method!(c"symmetric_difference", m_symmetric_difference as BinFn, METH_O, c"Return the symmetric difference of two sets as a new set.\n\n(i.e. all elements that are in exactly one of the sets.)"),
    method!(c"union", m_union as BinFn, METH_VARARGS, c"Return the union of sets as a new set.\n\n(i.e. all elements that are in either set.)"),
    METHOD_END,
];

unsafe extern "C" fn set_init(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> c_int {
    errors::int_result((|| {
        no_keywords("set", kwds)?;
        let n = super::tupleobject::len(args);
        check_positional(&obj::type_name(op), n, 0, 1)?;
        if (*so(op)).fill != 0 {
            clear_internal(so(op));
        }
        (*so(op)).hash = -1;
        if n == 0 {
            return Ok(());
        }
        update_internal(so(op), *super::tupleobject::items(args))
    })())
}

unsafe extern "C" fn set_new(tp: *mut PyTypeObject, _args: *mut PyObject, kwds: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if tp == &raw mut PySet_Type {
            no_keywords("set", kwds)?;
        }
        make_new(tp, null_mut())
    })())
}

unsafe fn make_new_frozenset(tp: *mut PyTypeObject, iterable: *mut PyObject) -> PyResult<Ref> {
    if tp != &raw mut PyFrozenSet_Type {
        return make_new(tp, iterable);
    }
    if !iterable.is_null() && obj::is_type(iterable, &raw mut PyFrozenSet_Type) {
        return Ok(Ref::from_borrowed(iterable));
    }
    make_new(tp, iterable)
}

unsafe extern "C" fn frozenset_new(tp: *mut PyTypeObject, args: *mut PyObject, kwds: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if tp == &raw mut PyFrozenSet_Type {
            no_keywords("frozenset", kwds)?;
        }
        let n = super::tupleobject::len(args);
        check_positional(&obj::type_name_of(tp), n, 0, 1)?;
        make_new_frozenset(tp, if n > 0 { *super::tupleobject::items(args) } else { null_mut() })
    })())
}

unsafe extern "C" fn set_vectorcall(tp: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject {
    let nargs = (nargsf & !(1usize << (usize::BITS - 1))) as Py_ssize_t;
    errors::ptr_result((|| {
        if !kwnames.is_null() && super::tupleobject::len(kwnames) != 0 {
            return Err(errors::type_error("set() takes no keyword arguments"));
        }
        check_positional("set", nargs, 0, 1)?;
        make_new(tp.cast(), if nargs > 0 { *args } else { null_mut() })
    })())
}

unsafe extern "C" fn frozenset_vectorcall(tp: *mut PyObject, args: *const *mut PyObject, nargsf: usize, kwnames: *mut PyObject) -> *mut PyObject {
    let nargs = (nargsf & !(1usize << (usize::BITS - 1))) as Py_ssize_t;
    errors::ptr_result((|| {
        if !kwnames.is_null() && super::tupleobject::len(kwnames) != 0 {
            return Err(errors::type_error("frozenset() takes no keyword arguments"));
        }
        check_positional("frozenset", nargs, 0, 1)?;
        make_new_frozenset(tp.cast(), if nargs > 0 { *args } else { null_mut() })
    })())
}

static mut SET_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_subtract: Some(set_sub),
    nb_and: Some(set_and),
    nb_xor: Some(set_xor),
    nb_or: Some(set_or),
    nb_inplace_subtract: Some(set_isub),
    nb_inplace_and: Some(set_iand),
    nb_inplace_xor: Some(set_ixor),
    nb_inplace_or: Some(set_ior),
    ..PyNumberMethods::EMPTY
};

static mut FROZENSET_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_subtract: Some(set_sub),
    nb_and: Some(set_and),
    nb_xor: Some(set_xor),
    nb_or: Some(set_or),
    ..PyNumberMethods::EMPTY
};

static mut SET_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(set_len),
    sq_concat: None,
    sq_repeat: None,
    sq_item: None,
    was_sq_slice: null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: null_mut(),
    sq_contains: Some(set_sq_contains),
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

#[no_mangle]
pub static mut PySet_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(set_dealloc),
    tp_repr: Some(set_repr),
    tp_as_number: &raw mut SET_AS_NUMBER,
    tp_as_sequence: &raw mut SET_AS_SEQUENCE,
    tp_hash: Some(obj::PyObject_HashNotImplemented),
    tp_traverse: Some(set_traverse),
    tp_clear: Some(set_tp_clear),
    tp_richcompare: Some(set_richcompare),
    tp_weaklistoffset: 192,
    tp_iter: Some(set_iter),
    tp_methods: (&raw mut SET_METHODS).cast(),
    tp_init: Some(set_init),
    tp_new: Some(set_new),
    tp_vectorcall: Some(set_vectorcall),
    tp_doc: c"set() -> new empty set object\nset(iterable) -> new set object\n\nBuild an unordered collection of unique elements.".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"set", 200, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF)
};

#[no_mangle]
pub static mut PyFrozenSet_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(set_dealloc),
    tp_repr: Some(set_repr),
    tp_as_number: &raw mut FROZENSET_AS_NUMBER,
    tp_as_sequence: &raw mut SET_AS_SEQUENCE,
    tp_hash: Some(frozenset_hash),
    tp_traverse: Some(set_traverse),
    tp_clear: Some(set_tp_clear),
    tp_richcompare: Some(set_richcompare),
    tp_weaklistoffset: 192,
    tp_iter: Some(set_iter),
    tp_methods: (&raw mut FROZENSET_METHODS).cast(),
    tp_new: Some(frozenset_new),
    tp_vectorcall: Some(frozenset_vectorcall),
    tp_doc: c"frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object\n\nBuild an immutable unordered collection of unique elements.".as_ptr(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"frozenset", 200, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | _Py_TPFLAGS_MATCH_SELF)
};

// ---------------------------------------------------------------------------------------------
// The iterator.

/// `setiterobject`, 48 bytes.
#[repr(C)]
struct SetIter {
    ob_base: PyObject,
    si_set: *mut PyObject,
    si_used: Py_ssize_t,
    si_pos: Py_ssize_t,
    len: Py_ssize_t,
}

unsafe extern "C" fn setiter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*(op as *mut SetIter)).si_set);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn setiter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> c_int {
    let s = (*(op as *mut SetIter)).si_set;
    match visit {
        Some(visit) if !s.is_null() => visit(s, arg),
        _ => 0,
    }
}

unsafe extern "C" fn setiter_next(op: *mut PyObject) -> *mut PyObject {
    let si = op as *mut SetIter;
    let s = (*si).si_set;
    if s.is_null() {
        return null_mut();
    }
    if (*si).si_used != len(s) {
        (*si).si_used = -1;
        return errors::ptr_result(Err(errors::runtime_error("Set changed size during iteration")));
    }
    let mut pos = (*si).si_pos;
    let found = next_raw(so(s), &mut pos);
    (*si).si_pos = pos;
    match found {
        Some(e) => {
            (*si).len -= 1;
            obj::new_ref((*e).key).into_raw()
        }
        None => {
            (*si).si_set = null_mut();
            decref(s);
            null_mut()
        }
    }
}

unsafe extern "C" fn setiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let si = op as *mut SetIter;
    let n = if !(*si).si_set.is_null() && (*si).si_used == len((*si).si_set) { (*si).len } else { 0 };
    errors::ptr_result(super::longobject::from_isize(n))
}

/// `(iter, (list of what is left,))`, listed from a copy so that the iterator stays where it is.
unsafe extern "C" fn setiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let si = op as *mut SetIter;
        let tp = obj::py_type(op);
        let copy = crate::mem::gc::alloc(tp, core::mem::size_of::<SetIter>())?;
        obj::init_object(copy, tp);
        let c = copy as *mut SetIter;
        obj::xincref((*si).si_set);
        (*c).si_set = (*si).si_set;
        (*c).si_used = (*si).si_used;
        (*c).si_pos = (*si).si_pos;
        (*c).len = (*si).len;
        let copy = Ref::from_raw(copy);
        crate::mem::gc::track(copy.as_ptr());
        super::iterobject::reduce_as_list(copy)
    })())
}

static mut SETITER_METHODS: [PyMethodDef; 3] = [
    method!(c"__length_hint__", setiter_len as BinFn, METH_NOARGS, c"Private method returning an estimate of len(list(it))."),
    method!(c"__reduce__", setiter_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    METHOD_END,
];

#[no_mangle]
pub static mut PySetIter_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(setiter_dealloc),
    tp_traverse: Some(setiter_traverse),
    tp_iter: Some(obj::PyObject_SelfIter),
    tp_iternext: Some(setiter_next),
    tp_methods: (&raw mut SETITER_METHODS).cast(),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"set_iterator", 48, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

/// `_PySet_Dummy`: the exported pointer to the dummy key (for debuggers and gdb helpers).
#[no_mangle]
pub static mut _PySet_Dummy: *mut PyObject = &raw mut DUMMY;
