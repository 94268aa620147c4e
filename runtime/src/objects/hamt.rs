//! The immutable mapping behind `contextvars.Context` (CPython's Python/hamt.c): a hash array
//! mapped trie whose updates copy only the path from the root to the changed entry (O(log n)),
//! so a Context copy is one reference to the same tree.
//!
//! Keys are placed by their hash folded to 32 bits, 5 bits per level (shifts 0, 5, ..., 30);
//! keys whose 32-bit hashes are equal share a collision node. Every node is a GC-tracked Python
//! object holding strong references, so the collector sees the tree as CPython's does. Our
//! bitmap nodes never turn into CPython's 32-slot array nodes: the dense form only changes
//! memory use, not lookups or the depth-first iteration order (entries by hash fragment, lowest
//! first at each level; a collision node keeps insertion order), which matches CPython's.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, new_ref, Ref};
use crate::objects::typeobject::{gc_del, static_type};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

/// `PyHamtObject`, 40 bytes.
#[repr(C)]
pub struct PyHamtObject {
    pub ob_base: PyObject,
    pub h_root: *mut PyObject,
    pub h_weakreflist: *mut PyObject,
    pub h_count: Py_ssize_t,
}

/// A tree node: `ob_size` slots follow the header, two per entry: (key, value), or
/// (NULL, child node) in a bitmap node.
#[repr(C)]
struct HamtNode {
    ob_base: PyVarObject,
    /// Bitmap node: bit `i` set when an entry has hash fragment `i` at this level.
    bitmap: u32,
    /// Collision node: the 32-bit hash all its keys share.
    hash: i32,
}

const NODE_HEADER: usize = core::mem::size_of::<HamtNode>();
const MAX_DEPTH: usize = 8;

// Not exported: CPython keeps its hamt types internal.
pub static mut _PyHamt_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(hamt_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(hamt_traverse),
    tp_clear: Some(hamt_clear),
    tp_weaklistoffset: 24,
    tp_hash: Some(object::PyObject_HashNotImplemented),
    tp_as_sequence: &raw mut HAMT_AS_SEQUENCE,
    tp_as_mapping: &raw mut HAMT_AS_MAPPING,
    tp_richcompare: Some(hamt_richcompare),
    tp_iter: Some(hamt_iter),
    tp_methods: (&raw mut HAMT_METHODS).cast(),
    tp_new: Some(hamt_tp_new),
    tp_free: Some(gc_del),
    ..static_type(&raw mut crate::objects::typeobject::PyType_Type, c"hamt", 40, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

// Not exported: CPython keeps its hamt types internal.
pub static mut _PyHamt_BitmapNode_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(node_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(node_traverse),
    tp_free: Some(gc_del),
    ..static_type(&raw mut crate::objects::typeobject::PyType_Type, c"hamt_bitmap_node", NODE_HEADER as Py_ssize_t, 8, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

// Not exported: CPython keeps its hamt types internal.
pub static mut _PyHamt_CollisionNode_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(node_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(node_traverse),
    tp_free: Some(gc_del),
    ..static_type(&raw mut crate::objects::typeobject::PyType_Type, c"hamt_collision_node", NODE_HEADER as Py_ssize_t, 8, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

static mut ITER_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(iter_len),
    mp_subscript: None,
    mp_ass_subscript: None,
};

macro_rules! iter_type {
    ($name:ident, $tpname:literal) => {
        pub static mut $name: PyTypeObject = PyTypeObject {
            tp_dealloc: Some(iter_dealloc),
            tp_getattro: Some(object::PyObject_GenericGetAttr),
            tp_as_mapping: &raw mut ITER_AS_MAPPING,
            tp_traverse: Some(iter_traverse),
            tp_clear: Some(iter_clear),
            tp_iter: Some(object::PyObject_SelfIter),
            tp_iternext: Some(iter_next),
            tp_free: Some(gc_del),
            ..static_type(
                &raw mut crate::objects::typeobject::PyType_Type,
                $tpname,
                core::mem::size_of::<HamtIter>() as Py_ssize_t,
                0,
                Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
            )
        };
    };
}
iter_type!(_PyHamtItems_Type, c"items");
iter_type!(_PyHamtKeys_Type, c"keys");
iter_type!(_PyHamtValues_Type, c"values");

/// `hamt_hash`: the object's hash folded to 32 bits (-1 becomes -2).
unsafe fn hash32(key: *mut PyObject) -> PyResult<i32> {
    let h = object::hash(key)? as i64;
    let folded = (h as i32) ^ ((h >> 32) as i32);
    Ok(if folded == -1 { -2 } else { folded })
}

fn fragment(hash: i32, shift: u32) -> u32 {
    if shift >= 32 {
        0
    } else {
        ((hash as u32) >> shift) & 0x1f
    }
}

unsafe fn is_collision(node: *mut PyObject) -> bool {
    (*node).ob_type == &raw mut _PyHamt_CollisionNode_Type
}

unsafe fn slots<'a>(node: *mut PyObject) -> &'a [*mut PyObject] {
    let n = (*(node as *mut PyVarObject)).ob_size as usize;
    // SAFETY: a node's `ob_size` slots follow its header.
    core::slice::from_raw_parts(node.cast::<u8>().add(NODE_HEADER).cast(), n)
}

/// A new tracked node of type `tp` holding new references to the non-NULL `items`.
unsafe fn make_node(tp: *mut PyTypeObject, bitmap: u32, hash: i32, items: &[*mut PyObject]) -> PyResult<Ref> {
    let op = crate::mem::gc::alloc(tp, NODE_HEADER + items.len() * 8)?;
    object::init_var_object(op.cast(), tp, items.len() as Py_ssize_t);
    let node = op as *mut HamtNode;
    (*node).bitmap = bitmap;
    (*node).hash = hash;
    let dst = op.cast::<u8>().add(NODE_HEADER).cast::<*mut PyObject>();
    for (i, &item) in items.iter().enumerate() {
        object::xincref(item);
        *dst.add(i) = item;
    }
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe fn bitmap_node(bitmap: u32, items: &[*mut PyObject]) -> PyResult<Ref> {
    make_node(&raw mut _PyHamt_BitmapNode_Type, bitmap, 0, items)
}

unsafe fn keys_equal(a: *mut PyObject, b: *mut PyObject) -> PyResult<bool> {
    if a == b {
        return Ok(true);
    }
    object::rich_compare_bool(a, b, object::Py_EQ)
}

/// The value stored for `key` under `node` (borrowed).
unsafe fn node_find(mut node: *mut PyObject, mut shift: u32, hash: i32, key: *mut PyObject) -> PyResult<Option<*mut PyObject>> {
    loop {
        let s = slots(node);
        if is_collision(node) {
            for pair in s.chunks_exact(2) {
                if keys_equal(key, pair[0])? {
                    return Ok(Some(pair[1]));
                }
            }
            return Ok(None);
        }
        let bitmap = (*(node as *mut HamtNode)).bitmap;
        let bit = 1u32 << fragment(hash, shift);
        if bitmap & bit == 0 {
            return Ok(None);
        }
        let i = 2 * (bitmap & (bit - 1)).count_ones() as usize;
        if s[i].is_null() {
            node = s[i + 1];
            shift += 5;
            continue;
        }
        return Ok(if keys_equal(key, s[i])? { Some(s[i + 1]) } else { None });
    }
}

/// `node` with `key` mapped to `val`, and whether an entry was added. The same node (a new
/// reference) when `key` already maps to `val` itself.
unsafe fn node_assoc(node: *mut PyObject, shift: u32, hash: i32, key: *mut PyObject, val: *mut PyObject) -> PyResult<(Ref, bool)> {
    let s = slots(node);
    if is_collision(node) {
        let node_hash = (*(node as *mut HamtNode)).hash;
        if node_hash != hash {
            // A key that only shares this node's path so far: put the node one level down
            // under a bitmap node and insert the key beside it.
            let wrapper = bitmap_node(1 << fragment(node_hash, shift), &[null_mut(), node])?;
            return node_assoc(wrapper.as_ptr(), shift, hash, key, val);
        }
        for (j, pair) in s.chunks_exact(2).enumerate() {
            if keys_equal(key, pair[0])? {
                if pair[1] == val {
                    return Ok((new_ref(node), false));
                }
                let mut items = s.to_vec();
                items[2 * j + 1] = val;
                return Ok((make_node(&raw mut _PyHamt_CollisionNode_Type, 0, hash, &items)?, false));
            }
        }
        let mut items = s.to_vec();
        items.extend_from_slice(&[key, val]);
        return Ok((make_node(&raw mut _PyHamt_CollisionNode_Type, 0, hash, &items)?, true));
    }
    let bitmap = (*(node as *mut HamtNode)).bitmap;
    let bit = 1u32 << fragment(hash, shift);
    let i = 2 * (bitmap & (bit - 1)).count_ones() as usize;
    if bitmap & bit == 0 {
        let mut items = Vec::with_capacity(s.len() + 2);
        items.extend_from_slice(&s[..i]);
        items.extend_from_slice(&[key, val]);
        items.extend_from_slice(&s[i..]);
        return Ok((bitmap_node(bitmap | bit, &items)?, true));
    }
    let (k, v) = (s[i], s[i + 1]);
    let mut items = s.to_vec();
    if k.is_null() {
        let (child, added) = node_assoc(v, shift + 5, hash, key, val)?;
        if child.as_ptr() == v {
            return Ok((new_ref(node), false));
        }
        items[i + 1] = child.as_ptr();
        return Ok((bitmap_node(bitmap, &items)?, added));
    }
    if keys_equal(key, k)? {
        if v == val {
            return Ok((new_ref(node), false));
        }
        items[i + 1] = val;
        return Ok((bitmap_node(bitmap, &items)?, false));
    }
    // Two keys in one slot: push both one level down.
    let k_hash = hash32(k)?;
    let sub = if k_hash == hash {
        make_node(&raw mut _PyHamt_CollisionNode_Type, 0, hash, &[k, v, key, val])?
    } else {
        let empty = bitmap_node(0, &[])?;
        let (one, _) = node_assoc(empty.as_ptr(), shift + 5, k_hash, k, v)?;
        node_assoc(one.as_ptr(), shift + 5, hash, key, val)?.0
    };
    items[i] = null_mut();
    items[i + 1] = sub.as_ptr();
    Ok((bitmap_node(bitmap, &items)?, true))
}

enum Without {
    NotFound,
    Empty,
    New(Ref),
}

/// `node` without `key`. A node left with a single key/value pair below the root comes back as
/// a one-entry bitmap node, which its parent takes in place of the child.
unsafe fn node_without(node: *mut PyObject, shift: u32, hash: i32, key: *mut PyObject) -> PyResult<Without> {
    let s = slots(node);
    if is_collision(node) {
        if (*(node as *mut HamtNode)).hash != hash {
            return Ok(Without::NotFound);
        }
        for (j, pair) in s.chunks_exact(2).enumerate() {
            if keys_equal(key, pair[0])? {
                let mut items = s.to_vec();
                items.drain(2 * j..2 * j + 2);
                return Ok(match items.len() {
                    0 => Without::Empty,
                    2 => Without::New(bitmap_node(1 << fragment(hash, shift), &items)?),
                    _ => Without::New(make_node(&raw mut _PyHamt_CollisionNode_Type, 0, hash, &items)?),
                });
            }
        }
        return Ok(Without::NotFound);
    }
    let bitmap = (*(node as *mut HamtNode)).bitmap;
    let bit = 1u32 << fragment(hash, shift);
    if bitmap & bit == 0 {
        return Ok(Without::NotFound);
    }
    let i = 2 * (bitmap & (bit - 1)).count_ones() as usize;
    let (k, v) = (s[i], s[i + 1]);
    let mut items = s.to_vec();
    if k.is_null() {
        match node_without(v, shift + 5, hash, key)? {
            Without::NotFound => return Ok(Without::NotFound),
            Without::Empty => {
                items.drain(i..i + 2);
                if items.is_empty() {
                    return Ok(Without::Empty);
                }
                return Ok(Without::New(bitmap_node(bitmap & !bit, &items)?));
            }
            Without::New(sub) => {
                let ss = slots(sub.as_ptr());
                if !is_collision(sub.as_ptr()) && ss.len() == 2 && !ss[0].is_null() {
                    items[i] = ss[0];
                    items[i + 1] = ss[1];
                } else {
                    items[i + 1] = sub.as_ptr();
                }
                return Ok(Without::New(bitmap_node(bitmap, &items)?));
            }
        }
    }
    if !keys_equal(key, k)? {
        return Ok(Without::NotFound);
    }
    items.drain(i..i + 2);
    if items.is_empty() {
        return Ok(Without::Empty);
    }
    Ok(Without::New(bitmap_node(bitmap & !bit, &items)?))
}

unsafe fn new_hamt(root: Ref, count: Py_ssize_t) -> PyResult<Ref> {
    let op = crate::mem::gc::alloc(&raw mut _PyHamt_Type, core::mem::size_of::<PyHamtObject>())?;
    object::init_object(op, &raw mut _PyHamt_Type);
    let h = op as *mut PyHamtObject;
    (*h).h_root = root.into_raw();
    (*h).h_weakreflist = null_mut();
    (*h).h_count = count;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `_PyHamt_New`: an empty mapping.
///
/// # Safety
/// A thread state is current.
pub unsafe fn new() -> PyResult<Ref> {
    new_hamt(bitmap_node(0, &[])?, 0)
}

/// `PyHamt_Check`.
///
/// # Safety
/// `op` is live.
pub unsafe fn check(op: *mut PyObject) -> bool {
    object::is_type(op, &raw mut _PyHamt_Type)
}

unsafe fn root(h: *mut PyObject) -> Option<*mut PyObject> {
    let r = (*(h as *mut PyHamtObject)).h_root;
    (!r.is_null()).then_some(r)
}

/// `_PyHamt_Len`.
///
/// # Safety
/// `h` is a live hamt.
pub unsafe fn len(h: *mut PyObject) -> Py_ssize_t {
    (*(h as *mut PyHamtObject)).h_count
}

/// `_PyHamt_Find`: the value for `key` (borrowed), if any.
///
/// # Safety
/// `h` is a live hamt, `key` live.
pub unsafe fn find(h: *mut PyObject, key: *mut PyObject) -> PyResult<Option<*mut PyObject>> {
    let Some(r) = root(h) else { return Ok(None) };
    if len(h) == 0 {
        return Ok(None);
    }
    let hash = hash32(key)?;
    node_find(r, 0, hash, key)
}

/// `_PyHamt_Assoc`: a mapping like `h` with `key` -> `val` (`h` itself when nothing changes).
///
/// # Safety
/// `h` is a live hamt; `key`, `val` live.
pub unsafe fn assoc(h: *mut PyObject, key: *mut PyObject, val: *mut PyObject) -> PyResult<Ref> {
    let hash = hash32(key)?;
    let Some(r) = root(h) else { return Err(errors::system_error("hamt was cleared")) };
    let (new_root, added) = node_assoc(r, 0, hash, key, val)?;
    if new_root.as_ptr() == r {
        return Ok(new_ref(h));
    }
    new_hamt(new_root, len(h) + added as Py_ssize_t)
}

/// `_PyHamt_Without`: a mapping like `h` without `key` (`h` itself when `key` is absent).
///
/// # Safety
/// `h` is a live hamt, `key` live.
pub unsafe fn without(h: *mut PyObject, key: *mut PyObject) -> PyResult<Ref> {
    let hash = hash32(key)?;
    let Some(r) = root(h) else { return Ok(new_ref(h)) };
    match node_without(r, 0, hash, key)? {
        Without::NotFound => Ok(new_ref(h)),
        Without::Empty => new(),
        Without::New(n) => new_hamt(n, len(h) - 1),
    }
}

/// `_PyHamt_Eq`: same length, and every key of `v` maps in `w` to an equal value.
///
/// # Safety
/// `v`, `w` are live hamts.
pub unsafe fn eq(v: *mut PyObject, w: *mut PyObject) -> PyResult<bool> {
    if v == w {
        return Ok(true);
    }
    if len(v) != len(w) {
        return Ok(false);
    }
    let (v, w) = (new_ref(v), new_ref(w));
    let mut walk = Walk::new(v.as_ptr());
    while let Some((k, val)) = walk.next() {
        let (k, val) = (new_ref(k), new_ref(val));
        match find(w.as_ptr(), k.as_ptr())? {
            None => return Ok(false),
            Some(other) => {
                let other = new_ref(other);
                if !object::rich_compare_bool(val.as_ptr(), other.as_ptr(), object::Py_EQ)? {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}

/// Depth-first cursor over a tree (no references held: the owner keeps the tree alive).
#[repr(C)]
struct Walk {
    nodes: [*mut PyObject; MAX_DEPTH],
    pos: [Py_ssize_t; MAX_DEPTH],
    level: i8,
}

impl Walk {
    unsafe fn new(h: *mut PyObject) -> Walk {
        let mut w = Walk { nodes: [null_mut(); MAX_DEPTH], pos: [0; MAX_DEPTH], level: -1 };
        if let Some(r) = root(h) {
            w.nodes[0] = r;
            w.level = 0;
        }
        w
    }

    unsafe fn next(&mut self) -> Option<(*mut PyObject, *mut PyObject)> {
        while self.level >= 0 {
            let l = self.level as usize;
            let s = slots(self.nodes[l]);
            let p = self.pos[l] as usize;
            if p >= s.len() {
                self.level -= 1;
                continue;
            }
            self.pos[l] += 2;
            if s[p].is_null() {
                if l + 1 >= MAX_DEPTH {
                    continue;
                }
                self.level += 1;
                self.nodes[l + 1] = s[p + 1];
                self.pos[l + 1] = 0;
                continue;
            }
            return Some((s[p], s[p + 1]));
        }
        None
    }
}

/// `PyHamtIterator`: the hamt and a cursor over it.
#[repr(C)]
struct HamtIter {
    ob_base: PyObject,
    hi_obj: *mut PyObject,
    walk: Walk,
}

unsafe fn new_iter(tp: *mut PyTypeObject, h: *mut PyObject) -> PyResult<Ref> {
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<HamtIter>())?;
    object::init_object(op, tp);
    let it = op as *mut HamtIter;
    core::ptr::write(&raw mut (*it).walk, Walk::new(h));
    (*it).hi_obj = new_ref(h).into_raw();
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

/// `_PyHamt_NewIterKeys`.
///
/// # Safety
/// `h` is a live hamt.
pub unsafe fn iter_keys(h: *mut PyObject) -> PyResult<Ref> {
    new_iter(&raw mut _PyHamtKeys_Type, h)
}

/// `_PyHamt_NewIterValues`.
///
/// # Safety
/// `h` is a live hamt.
pub unsafe fn iter_values(h: *mut PyObject) -> PyResult<Ref> {
    new_iter(&raw mut _PyHamtValues_Type, h)
}

/// `_PyHamt_NewIterItems`.
///
/// # Safety
/// `h` is a live hamt.
pub unsafe fn iter_items(h: *mut PyObject) -> PyResult<Ref> {
    new_iter(&raw mut _PyHamtItems_Type, h)
}

unsafe extern "C" fn iter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut HamtIter;
    if (*it).hi_obj.is_null() {
        return null_mut();
    }
    let Some((k, v)) = (*it).walk.next() else { return null_mut() };
    let tp = (*op).ob_type;
    if tp == &raw mut _PyHamtKeys_Type {
        new_ref(k).into_raw()
    } else if tp == &raw mut _PyHamtValues_Type {
        new_ref(v).into_raw()
    } else {
        errors::ptr_result(crate::objects::tupleobject::pack(&[k, v]))
    }
}

unsafe extern "C" fn iter_len(op: *mut PyObject) -> Py_ssize_t {
    let h = (*(op as *mut HamtIter)).hi_obj;
    if h.is_null() { 0 } else { len(h) }
}

unsafe extern "C" fn iter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let h = (*(op as *mut HamtIter)).hi_obj;
    match visit {
        Some(f) if !h.is_null() => f(h, arg),
        _ => 0,
    }
}

unsafe extern "C" fn iter_clear(op: *mut PyObject) -> c_int {
    let it = op as *mut HamtIter;
    (*it).walk.level = -1;
    object::replace_slot(&raw mut (*it).hi_obj, null_mut());
    0
}

unsafe extern "C" fn iter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::xdecref((*(op as *mut HamtIter)).hi_obj);
    gc_del(op.cast());
}

unsafe extern "C" fn node_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(f) = visit else { return 0 };
    for &item in slots(op) {
        if !item.is_null() {
            let r = f(item, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn node_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    for &item in slots(op) {
        object::xdecref(item);
    }
    gc_del(op.cast());
}

unsafe extern "C" fn hamt_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let r = (*(op as *mut PyHamtObject)).h_root;
    match visit {
        Some(f) if !r.is_null() => f(r, arg),
        _ => 0,
    }
}

unsafe extern "C" fn hamt_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*(op as *mut PyHamtObject)).h_root, null_mut());
    (*(op as *mut PyHamtObject)).h_count = 0;
    0
}

unsafe extern "C" fn hamt_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    if !(*(op as *mut PyHamtObject)).h_weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    object::xdecref((*(op as *mut PyHamtObject)).h_root);
    gc_del(op.cast());
}

// ---------------------------------------------------------------------------------------------
// The Python face of `hamt` (what `_testcapi.hamt()` returns): set/get/delete return or read
// mappings, never change one.

unsafe extern "C" fn hamt_tp_new(_tp: *mut PyTypeObject, _a: *mut PyObject, _k: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new())
}

unsafe extern "C" fn hamt_richcompare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    if !check(v) || !check(w) || (op != object::Py_EQ && op != object::Py_NE) {
        return new_ref(object::not_implemented()).into_raw();
    }
    match eq(v, w) {
        Ok(r) => object::new_bool(r == (op == object::Py_EQ)).into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn hamt_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(iter_keys(op))
}

unsafe extern "C" fn hamt_len(op: *mut PyObject) -> Py_ssize_t {
    len(op)
}

unsafe extern "C" fn hamt_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(match find(op, key) {
        Ok(Some(v)) => Ok(new_ref(v)),
        Ok(None) => Err(errors::key_error(key)),
        Err(e) => Err(e),
    })
}

unsafe extern "C" fn hamt_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    errors::bool_result(find(op, key).map(|v| v.is_some()))
}

unsafe extern "C" fn hamt_py_set(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = (*(args as *mut PyVarObject)).ob_size as usize;
        crate::getargs::check_positional(Some("set"), n, 2, 2)?;
        let kv = crate::objects::tupleobject::items(args);
        assoc(op, *kv, *kv.add(1))
    })())
}

unsafe extern "C" fn hamt_py_get(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = (*(args as *mut PyVarObject)).ob_size as usize;
        let items = core::slice::from_raw_parts(crate::objects::tupleobject::items(args), n);
        crate::getargs::check_positional(Some("get"), items.len(), 1, 2)?;
        match find(op, items[0])? {
            Some(v) => Ok(new_ref(v)),
            None => Ok(new_ref(if items.len() == 2 { items[1] } else { object::none() })),
        }
    })())
}

unsafe extern "C" fn hamt_py_delete(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(without(op, key))
}

unsafe extern "C" fn hamt_py_items(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(iter_items(op))
}

unsafe extern "C" fn hamt_py_keys(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(iter_keys(op))
}

unsafe extern "C" fn hamt_py_values(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(iter_values(op))
}

static mut HAMT_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: None,
    sq_concat: None,
    sq_repeat: None,
    sq_item: None,
    was_sq_slice: null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: null_mut(),
    sq_contains: Some(hamt_contains),
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

static mut HAMT_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(hamt_len),
    mp_subscript: Some(hamt_subscript),
    mp_ass_subscript: None,
};

const fn hamt_method(name: &'static core::ffi::CStr, meth: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject, flags: c_int) -> crate::abi::methodobject::PyMethodDef {
    crate::abi::methodobject::PyMethodDef { ml_name: name.as_ptr(), ml_meth: Some(meth), ml_flags: flags, ml_doc: core::ptr::null() }
}

static mut HAMT_METHODS: [crate::abi::methodobject::PyMethodDef; 7] = {
    use crate::abi::methodobject::{PyMethodDef, METH_NOARGS, METH_O, METH_VARARGS};
    [
        hamt_method(c"set", hamt_py_set, METH_VARARGS),
        hamt_method(c"get", hamt_py_get, METH_VARARGS),
        hamt_method(c"delete", hamt_py_delete, METH_O),
        hamt_method(c"items", hamt_py_items, METH_NOARGS),
        hamt_method(c"keys", hamt_py_keys, METH_NOARGS),
        hamt_method(c"values", hamt_py_values, METH_NOARGS),
        PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
    ]
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::methodobject::{PyMethodDef, METH_NOARGS};

    unsafe extern "C" fn hamt_fn(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
        errors::ptr_result(new())
    }

    static mut HAMT_DEF: PyMethodDef =
        PyMethodDef { ml_name: c"hamt".as_ptr(), ml_meth: Some(hamt_fn), ml_flags: METH_NOARGS, ml_doc: core::ptr::null() };

    /// A stand-in for `_testcapi` with only `hamt()`.
    unsafe extern "C" fn make_module() -> *mut PyObject {
        errors::ptr_result((|| {
            let m = crate::objects::moduleobject::new_str(b"_testcapi")?;
            let f = crate::objects::methodobject::new_cfunction(&raw mut HAMT_DEF, null_mut(), null_mut(), null_mut())?;
            object::set_attr_str(m.as_ptr(), "hamt", f.as_ptr())?;
            Ok(m)
        })())
    }

    const PRELUDE: &str = "H = _testcapi.hamt\ndef err(f):\n    try:\n        return f()\n    except Exception as e:\n        return (type(e).__name__, str(e))\nclass K:\n    def __init__(s, n, h):\n        s.n, s.h = n, h\n    def __hash__(s):\n        return s.h\n    def __eq__(s, o):\n        if getattr(o, 'n', None) == 'bad' or s.n == 'bad':\n            raise ValueError('bad eq')\n        return isinstance(o, K) and s.n == o.n\n    def __repr__(s):\n        return 'K%s' % s.n\ndef build(keys):\n    h = H()\n    for i, k in enumerate(keys):\n        h = h.set(k, i)\n    return h\n";

    const SNIPPETS: &[&str] = &[
        "h = H()\nh2 = h.set('a', 1)\nr = [len(h), len(h2), h2['a'], h2.get('a'), h2.get('b'), h2.get('b', 5), 'a' in h2, 'b' in h2, err(lambda: h2['b']), h2.set('a', 1) is h2, h2.delete('zz') is h2, len(h2.delete('a')), h2.delete('a') == h, h == H(), h2 == h, h2 != h, h2 == 1, type(h).__name__, type(h)() == h]\nr += [err(lambda: h.set(1)), err(lambda: h.get()), err(lambda: h.get(1, 2, 3)), err(lambda: h.set([], 1)), err(lambda: h2.get([])), err(lambda: h.delete([])), err(lambda: hash(h)), [] in h]\nresult = r",
        // int keys: 2**32+1 folds onto 0, (1<<32)|4 onto 5, -1 and -2 hash alike
        "keys = [0, 1, 32, 33, 1024, 31, 2**32 + 1, 5, (1 << 32) | 4, 7, -1, -2, 2**40, 123456789, 1 << 30, 1 << 31, 3 << 30]\nh = build(keys)\nr = [list(h.keys()), list(h.values()), list(h.items())[:4], len(h), [h[k] for k in keys]]\nfor k in keys[::3] + keys[1::3]:\n    h = h.delete(k)\n    r.append(list(h))\nresult = r",
        "h = build(range(1000))\nr = [list(h)[:40], list(h)[-10:], len(h)]\nfor step in (7, 3, 2):\n    for k in range(0, 1000, step):\n        h = h.delete(k)\n    r.append((len(h), list(h)[:30], sum(h.values())))\nh2 = build(reversed(range(1000)))\nr += [h2 == build(range(1000)), list(h2)[:20]]\nresult = r",
        "h = build(['k%d' % i for i in range(50)])\nr = [sorted(h) == sorted('k%d' % i for i in range(50)), len(h)]\nh1 = h.set('k3', 'x')\nr += [h1 == h, h1['k3'], h['k3'], len(h1)]\nresult = r",
        // collision nodes, wrapping a collision node under a bitmap node, deep paths
        "ks = [K(i, h) for i, h in enumerate([0, 0, 32, 0, 1 << 30, 1 << 31, 31, 31 << 5, -5, 1 << 35, 0])]\nh = build(ks)\nr = [list(h), list(h.values()), [h.get(k) for k in ks]]\nfor k in (ks[0], ks[3], ks[1], ks[2], ks[10], ks[4]):\n    h = h.delete(k)\n    r.append((list(h), [h.get(k, '-') for k in ks]))\nr.append(build(ks) == build(ks[::-1]))\nresult = r",
        "ks = [K(i, 7) for i in range(5)]\nh = build(ks)\nr = [list(h), h.get(K(2, 7)), h.get(K(9, 7), 'no'), K(3, 7) in h, K(3, 8) in h]\nh = h.set(K(2, 7), 'new')\nr += [list(h.items()), err(lambda: h.get(K('bad', 7))), err(lambda: h.set(K('bad', 7), 1)), err(lambda: h.delete(K('bad', 7))), h.get(K('bad', 8))]\nfor k in ks:\n    h = h.delete(k)\n    r.append(list(h))\nresult = r",
        "h = build(['a', 'b', 'c'])\nit = h.items()\nr = [type(it).__name__, type(h.keys()).__name__, type(h.values()).__name__, type(iter(h)).__name__, len(it), iter(it) is it, sorted(it), list(it), len(h.values())]\nresult = r",
    ];

    #[test]
    fn hamt_matches_python311() {
        let _runtime = crate::testing::hold_runtime();
        let all: Vec<String> = SNIPPETS.iter().map(|s| format!("{PRELUDE}{s}")).collect();
        let refs: Vec<&str> = all.iter().map(|s| s.as_str()).collect();
        crate::testing::difftest::check(&[("_testcapi", make_module)], &refs);
    }
}
