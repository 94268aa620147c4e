//! The `_collections` module (CPython 3.11's Modules/_collectionsmodule.c): `deque` (a
//! doubly linked list of 64-slot blocks: O(1) appends and pops at both ends, `maxlen`
//! trimming, rotation), its forward and reverse iterators (which detect mutation through the
//! deque's `state` counter), `defaultdict` (a dict subclass calling `default_factory` from
//! `__missing__`), `_count_elements` (Counter's fast path) and `_tuplegetter` (namedtuple's
//! field descriptor).

use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, T_OBJECT};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::dictobject::method;
use crate::objects::exceptions as exc;
use crate::objects::object::{
    self, decref, incref, py_type, xdecref, Py_EQ, Py_GT, Py_LE, Py_LT, Py_NE, Ref,
};
use crate::objects::r#abstract::{iter as aiter, number};
use crate::objects::typeobject::static_type;
use crate::objects::{call, dictobject, listobject, longobject, tupleobject, unicodeobject};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

const BLOCKLEN: usize = 64;
/// Where an empty deque's indices sit, so growth in either direction has room.
const CENTER: isize = ((BLOCKLEN - 1) / 2) as isize;

/// One link of the deque: 64 item slots between the neighbouring blocks.
#[repr(C)]
struct Block {
    leftlink: *mut Block,
    data: [*mut PyObject; BLOCKLEN],
    rightlink: *mut Block,
}

fn new_block() -> *mut Block {
    Box::into_raw(Box::new(Block {
        leftlink: null_mut(),
        data: [null_mut(); BLOCKLEN],
        rightlink: null_mut(),
    }))
}

unsafe fn free_block(b: *mut Block) {
    drop(Box::from_raw(b));
}

/// `dequeobject`: the item count is `ob_size`; `state` changes on every mutation that
/// invalidates iterators.
#[repr(C)]
struct Deque {
    ob_base: PyVarObject,
    leftblock: *mut Block,
    rightblock: *mut Block,
    leftindex: isize,
    rightindex: isize,
    state: usize,
    maxlen: isize,
    numfreeblocks: isize,
    freeblocks: [*mut Block; 16],
    weakreflist: *mut PyObject,
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastFn =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;

const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

#[inline]
unsafe fn dq(op: *mut PyObject) -> *mut Deque {
    op.cast()
}

#[inline]
unsafe fn size(d: *mut Deque) -> isize {
    (*d).ob_base.ob_size
}

unsafe fn is_deque(op: *mut PyObject) -> bool {
    crate::objects::typeobject::is_subtype(py_type(op), &raw mut DEQUE_TYPE)
}

/// Appends an owned reference at the right end (no trimming, no state change).
unsafe fn push_right(d: *mut Deque, item: *mut PyObject) {
    if (*d).rightindex == BLOCKLEN as isize - 1 {
        let b = new_block();
        (*b).leftlink = (*d).rightblock;
        (*(*d).rightblock).rightlink = b;
        (*d).rightblock = b;
        (*d).rightindex = -1;
    }
    (*d).ob_base.ob_size += 1;
    (*d).rightindex += 1;
    (*(*d).rightblock).data[(*d).rightindex as usize] = item;
}

unsafe fn push_left(d: *mut Deque, item: *mut PyObject) {
    if (*d).leftindex == 0 {
        let b = new_block();
        (*b).rightlink = (*d).leftblock;
        (*(*d).leftblock).leftlink = b;
        (*d).leftblock = b;
        (*d).leftindex = BLOCKLEN as isize;
    }
    (*d).ob_base.ob_size += 1;
    (*d).leftindex -= 1;
    (*(*d).leftblock).data[(*d).leftindex as usize] = item;
}

unsafe fn recenter(d: *mut Deque) {
    (*d).leftindex = CENTER + 1;
    (*d).rightindex = CENTER;
}

/// Takes the rightmost item (an owned reference); the deque is not empty.
unsafe fn take_right(d: *mut Deque) -> *mut PyObject {
    let item = (*(*d).rightblock).data[(*d).rightindex as usize];
    (*d).rightindex -= 1;
    (*d).ob_base.ob_size -= 1;
    if (*d).rightindex < 0 {
        if size(d) > 0 {
            let prev = (*(*d).rightblock).leftlink;
            free_block((*d).rightblock);
            (*prev).rightlink = null_mut();
            (*d).rightblock = prev;
            (*d).rightindex = BLOCKLEN as isize - 1;
        } else {
            recenter(d);
        }
    }
    item
}

unsafe fn take_left(d: *mut Deque) -> *mut PyObject {
    let item = (*(*d).leftblock).data[(*d).leftindex as usize];
    (*d).leftindex += 1;
    (*d).ob_base.ob_size -= 1;
    if (*d).leftindex == BLOCKLEN as isize {
        if size(d) > 0 {
            let next = (*(*d).leftblock).rightlink;
            free_block((*d).leftblock);
            (*next).leftlink = null_mut();
            (*d).leftblock = next;
            (*d).leftindex = 0;
        } else {
            recenter(d);
        }
    }
    item
}

/// The slot of item `i` (0 <= i < len), walking from the nearer end.
unsafe fn slot(d: *mut Deque, i: isize) -> *mut *mut PyObject {
    let idx = (i + (*d).leftindex) as usize;
    let (n, off) = (idx / BLOCKLEN, idx % BLOCKLEN);
    let mut b;
    if i < size(d) / 2 {
        b = (*d).leftblock;
        for _ in 0..n {
            b = (*b).rightlink;
        }
    } else {
        let last = ((*d).leftindex + size(d) - 1) as usize / BLOCKLEN;
        b = (*d).rightblock;
        for _ in 0..(last - n) {
            b = (*b).leftlink;
        }
    }
    &raw mut (*b).data[off]
}

/// `append` with `maxlen` trimming; takes an owned reference.
unsafe fn append_owned(d: *mut Deque, item: *mut PyObject) {
    push_right(d, item);
    if (*d).maxlen >= 0 && size(d) > (*d).maxlen {
        decref(take_left(d));
    }
    (*d).state = (*d).state.wrapping_add(1);
}

unsafe fn appendleft_owned(d: *mut Deque, item: *mut PyObject) {
    push_left(d, item);
    if (*d).maxlen >= 0 && size(d) > (*d).maxlen {
        decref(take_right(d));
    }
    (*d).state = (*d).state.wrapping_add(1);
}

unsafe fn rotate(d: *mut Deque, mut n: isize) {
    let len = size(d);
    if len <= 1 {
        return;
    }
    let half = len >> 1;
    if n > half || n < -half {
        n %= len;
        if n > half {
            n -= len;
        } else if n < -half {
            n += len;
        }
    }
    (*d).state = (*d).state.wrapping_add(1);
    while n > 0 {
        let x = take_right(d);
        push_left(d, x);
        n -= 1;
    }
    while n < 0 {
        let x = take_left(d);
        push_right(d, x);
        n += 1;
    }
}

/// Empties the deque; the items are released only once it is consistent again.
unsafe fn clear(d: *mut Deque) {
    let mut items = Vec::with_capacity(size(d) as usize);
    while size(d) > 0 {
        items.push(take_right(d));
    }
    (*d).state = (*d).state.wrapping_add(1);
    for it in items {
        decref(it);
    }
}

unsafe fn bump(d: *mut Deque) {
    (*d).state = (*d).state.wrapping_add(1);
}

// ---- construction ----

unsafe extern "C" fn deque_new(
    tp: *mut PyTypeObject,
    _a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(new_deque(tp))
}

unsafe fn new_deque(tp: *mut PyTypeObject) -> PyResult<Ref> {
    let Some(alloc) = (*tp).tp_alloc else {
        return Err(errors::bad_internal_call());
    };
    let op = Ref::from_result(alloc(tp, 0))?;
    let d = dq(op.as_ptr());
    let b = new_block();
    (*d).leftblock = b;
    (*d).rightblock = b;
    recenter(d);
    (*d).ob_base.ob_size = 0;
    (*d).state = 0;
    (*d).maxlen = -1;
    Ok(op)
}

/// Binds `(args, kwargs)` of a tp_init/tp_new call to `sig` (ParseTupleAndKeywords' messages).
unsafe fn bind_tuple(
    sig: &args::Sig,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<Vec<*mut PyObject>> {
    let n = if a.is_null() {
        0
    } else {
        tupleobject::len(a) as usize
    };
    let mut stack: Vec<*mut PyObject> = (0..n).map(|i| *tupleobject::items(a).add(i)).collect();
    let mut names = Vec::new();
    if !kw.is_null() {
        let mut pos = 0;
        while let Some((k, v)) = dictobject::next(kw, &mut pos) {
            names.push(k);
            stack.push(v);
        }
    }
    let kwnames = if names.is_empty() {
        None
    } else {
        Some(tupleobject::from_slice(&names)?)
    };
    args::bind(
        sig,
        stack.as_ptr(),
        n,
        kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
    )
}

unsafe extern "C" fn deque_init(op: *mut PyObject, a: *mut PyObject, kw: *mut PyObject) -> c_int {
    static SIG: args::Sig = args::Sig {
        name: "deque",
        params: &["iterable", "maxlen"],
        posonly: 0,
        maxpos: 2,
        required: 0,
    };
    errors::int_result((|| {
        let v = bind_tuple(&SIG, a, kw)?;
        let d = dq(op);
        let mut maxlen = -1;
        if !v[1].is_null() && v[1] != object::none() {
            maxlen = longobject::as_isize(v[1])?;
            if maxlen < 0 {
                return Err(errors::value_error("maxlen must be non-negative"));
            }
        }
        (*d).maxlen = maxlen;
        if size(d) > 0 {
            clear(d);
        }
        if !v[0].is_null() {
            extend(d, v[0])?;
        }
        Ok(())
    })())
}

unsafe extern "C" fn deque_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let d = dq(op);
    if !(*d).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    if !(*d).leftblock.is_null() {
        clear(d);
        free_block((*d).leftblock);
        (*d).leftblock = null_mut();
        (*d).rightblock = null_mut();
    }
    let tp = py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe extern "C" fn deque_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let Some(visit) = visit else { return 0 };
    let d = dq(op);
    if (*d).leftblock.is_null() {
        return 0;
    }
    let mut cur = Cursor::front(d);
    for _ in 0..size(d) {
        let r = visit(*cur.get(), arg);
        if r != 0 {
            return r;
        }
        cur.forward();
    }
    0
}

unsafe extern "C" fn deque_tp_clear(op: *mut PyObject) -> c_int {
    let d = dq(op);
    if !(*d).leftblock.is_null() {
        clear(d);
    }
    0
}

/// A position in the block list, moved one slot at a time.
#[derive(Clone, Copy)]
struct Cursor {
    b: *mut Block,
    i: isize,
}

impl Cursor {
    unsafe fn front(d: *mut Deque) -> Cursor {
        Cursor {
            b: (*d).leftblock,
            i: (*d).leftindex,
        }
    }
    unsafe fn back(d: *mut Deque) -> Cursor {
        Cursor {
            b: (*d).rightblock,
            i: (*d).rightindex,
        }
    }
    unsafe fn get(&self) -> *mut *mut PyObject {
        &raw mut (*self.b).data[self.i as usize]
    }
    unsafe fn forward(&mut self) {
        self.i += 1;
        if self.i == BLOCKLEN as isize && !(*self.b).rightlink.is_null() {
            self.b = (*self.b).rightlink;
            self.i = 0;
        }
    }
    unsafe fn backward(&mut self) {
        self.i -= 1;
        if self.i < 0 && !(*self.b).leftlink.is_null() {
            self.b = (*self.b).leftlink;
            self.i = BLOCKLEN as isize - 1;
        }
    }
}

// ---- methods ----

fn mutated() -> errors::ErrSet {
    // SAFETY: RuntimeError is a static exception type.
    unsafe { errors::set_string(exc::PyExc_RuntimeError, "deque mutated during iteration") }
}

unsafe fn extend(d: *mut Deque, iterable: *mut PyObject) -> PyResult<()> {
    if iterable == d.cast() {
        let snapshot = crate::objects::r#abstract::sequence::list(iterable)?;
        return extend(d, snapshot.as_ptr());
    }
    let it = aiter::get_iter(iterable)?;
    if (*d).maxlen == 0 {
        while aiter::next(it.as_ptr())?.is_some() {}
        return Ok(());
    }
    while let Some(item) = aiter::next(it.as_ptr())? {
        append_owned(d, item.into_raw());
    }
    Ok(())
}

unsafe fn extendleft(d: *mut Deque, iterable: *mut PyObject) -> PyResult<()> {
    if iterable == d.cast() {
        let snapshot = crate::objects::r#abstract::sequence::list(iterable)?;
        return extendleft(d, snapshot.as_ptr());
    }
    let it = aiter::get_iter(iterable)?;
    if (*d).maxlen == 0 {
        while aiter::next(it.as_ptr())?.is_some() {}
        return Ok(());
    }
    while let Some(item) = aiter::next(it.as_ptr())? {
        appendleft_owned(d, item.into_raw());
    }
    Ok(())
}

unsafe extern "C" fn m_append(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    incref(item);
    append_owned(dq(op), item);
    object::new_none().into_raw()
}

unsafe extern "C" fn m_appendleft(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    incref(item);
    appendleft_owned(dq(op), item);
    object::new_none().into_raw()
}

unsafe extern "C" fn m_pop(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let d = dq(op);
    if size(d) == 0 {
        let _ = errors::index_error("pop from an empty deque");
        return null_mut();
    }
    let r = take_right(d);
    bump(d);
    r
}

unsafe extern "C" fn m_popleft(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let d = dq(op);
    if size(d) == 0 {
        let _ = errors::index_error("pop from an empty deque");
        return null_mut();
    }
    let r = take_left(d);
    bump(d);
    r
}

unsafe extern "C" fn m_extend(op: *mut PyObject, it: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(extend(dq(op), it).map(|_| object::new_none()))
}

unsafe extern "C" fn m_extendleft(op: *mut PyObject, it: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(extendleft(dq(op), it).map(|_| object::new_none()))
}

unsafe extern "C" fn m_clear(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    clear(dq(op));
    object::new_none().into_raw()
}

unsafe fn copy(op: *mut PyObject) -> PyResult<Ref> {
    let d = dq(op);
    if py_type(op) == &raw mut DEQUE_TYPE {
        let new = new_deque(&raw mut DEQUE_TYPE)?;
        (*dq(new.as_ptr())).maxlen = (*d).maxlen;
        extend(dq(new.as_ptr()), op)?;
        return Ok(new);
    }
    let tp: *mut PyObject = py_type(op).cast();
    let result = if (*d).maxlen < 0 {
        call::call_one_arg(tp, op)?
    } else {
        let m = longobject::from_isize((*d).maxlen)?;
        call::vectorcall(tp, &[op, m.as_ptr()], null_mut())?
    };
    if !is_deque(result.as_ptr()) {
        return Err(errors::type_error(&format!(
            "{}() must return a deque, not {}",
            object::type_name_trunc(py_type(op), 200),
            object::type_name_trunc(py_type(result.as_ptr()), 200)
        )));
    }
    Ok(result)
}

unsafe extern "C" fn m_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(copy(op))
}

unsafe extern "C" fn m_reverse(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let d = dq(op);
    let n = size(d) / 2;
    let (mut l, mut r) = (Cursor::front(d), Cursor::back(d));
    for _ in 0..n {
        core::ptr::swap(l.get(), r.get());
        l.forward();
        r.backward();
    }
    bump(d);
    object::new_none().into_raw()
}

unsafe extern "C" fn m_rotate(
    op: *mut PyObject,
    a: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("deque.rotate"), nargs as usize, 0, 1)?;
        let n = if nargs == 1 { index_arg(*a)? } else { 1 };
        rotate(dq(op), n);
        Ok(object::new_none())
    })())
}

/// `_PyArg_ParseStack`'s arity messages ("index() takes at least 1 argument (0 given)").
fn stack_arity(name: &str, n: isize, min: isize, max: isize) -> PyResult<()> {
    let plural = |k: isize| if k == 1 { "" } else { "s" };
    if n < min {
        let q = if min == max { "exactly" } else { "at least" };
        return Err(errors::type_error(&format!(
            "{name}() takes {q} {min} argument{} ({n} given)",
            plural(min)
        )));
    }
    if n > max {
        let q = if min == max { "exactly" } else { "at most" };
        return Err(errors::type_error(&format!(
            "{name}() takes {q} {max} argument{} ({n} given)",
            plural(max)
        )));
    }
    Ok(())
}

/// An integer argument through `__index__` (`n` format unit).
unsafe fn index_arg(o: *mut PyObject) -> PyResult<isize> {
    let i = number::index(o)?;
    longobject::as_isize(i.as_ptr())
}

/// Compares item `i` (borrowed while comparing) with `v`; `Err` if the deque changed.
unsafe fn item_eq(
    d: *mut Deque,
    slot_ptr: *mut *mut PyObject,
    v: *mut PyObject,
    start_state: usize,
) -> PyResult<bool> {
    let item = Ref::from_borrowed(*slot_ptr);
    let eq = object::rich_compare_bool(item.as_ptr(), v, Py_EQ)?;
    if (*d).state != start_state {
        return Err(mutated());
    }
    Ok(eq)
}

unsafe extern "C" fn m_count(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    let d = dq(op);
    errors::ptr_result((|| {
        let start = (*d).state;
        let n = size(d);
        let mut cur = Cursor::front(d);
        let mut count = 0;
        for _ in 0..n {
            if item_eq(d, cur.get(), v, start)? {
                count += 1;
            }
            cur.forward();
        }
        longobject::from_isize(count)
    })())
}

unsafe extern "C" fn sq_contains(op: *mut PyObject, v: *mut PyObject) -> c_int {
    let d = dq(op);
    errors::bool_result((|| {
        let start = (*d).state;
        let n = size(d);
        let mut cur = Cursor::front(d);
        for _ in 0..n {
            if item_eq(d, cur.get(), v, start)? {
                return Ok(true);
            }
            cur.forward();
        }
        Ok(false)
    })())
}

/// A slice bound as `_PyEval_SliceIndexNotNone` reads it.
unsafe fn slice_index(o: *mut PyObject) -> PyResult<isize> {
    if !number::index_check(o) {
        return Err(errors::type_error(
            "slice indices must be integers or have an __index__ method",
        ));
    }
    number::as_ssize_t(o, null_mut())
}

unsafe extern "C" fn m_index(
    op: *mut PyObject,
    a: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let d = dq(op);
    errors::ptr_result((|| {
        stack_arity("index", nargs, 1, 3)?;
        let v = *a;
        let n = size(d);
        let mut start = if nargs > 1 {
            slice_index(*a.add(1))?
        } else {
            0
        };
        let mut stop = if nargs > 2 {
            slice_index(*a.add(2))?
        } else {
            isize::MAX
        };
        if start < 0 {
            start = (start + n).max(0);
        }
        if stop < 0 {
            stop = (stop + n).max(0);
        }
        stop = stop.min(n);
        start = start.min(stop);
        let state = (*d).state;
        let mut i = start;
        while i < stop {
            let p = slot(d, i);
            if item_eq(d, p, v, state)? {
                return longobject::from_isize(i);
            }
            i += 1;
        }
        let r = object::repr(v)?;
        Err(errors::value_error(&format!(
            "{} is not in deque",
            object::str_text(r.as_ptr())
        )))
    })())
}

unsafe extern "C" fn m_insert(
    op: *mut PyObject,
    a: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let d = dq(op);
    errors::ptr_result((|| {
        stack_arity("insert", nargs, 2, 2)?;
        let index = index_arg(*a)?;
        let v = *a.add(1);
        let n = size(d);
        if (*d).maxlen == n {
            return Err(errors::index_error("deque already at its maximum size"));
        }
        incref(v);
        if index >= n {
            append_owned(d, v);
        } else if index <= -n || index == 0 {
            appendleft_owned(d, v);
        } else {
            rotate(d, -index);
            if index < 0 {
                append_owned(d, v);
            } else {
                appendleft_owned(d, v);
            }
            rotate(d, index);
        }
        Ok(object::new_none())
    })())
}

/// Removes item `i` (in range): rotates it to the left end, pops it, rotates back.
unsafe fn del_item(d: *mut Deque, i: isize) {
    rotate(d, -i);
    let item = take_left(d);
    rotate(d, i);
    decref(item);
}

unsafe extern "C" fn m_remove(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    let d = dq(op);
    errors::ptr_result((|| {
        let n = size(d);
        let start = (*d).state;
        let mut cur = Cursor::front(d);
        for i in 0..n {
            let item = Ref::from_borrowed(*cur.get());
            let eq = object::rich_compare_bool(item.as_ptr(), v, Py_EQ)?;
            if (*d).state != start {
                return Err(errors::index_error("deque mutated during iteration"));
            }
            if eq {
                del_item(d, i);
                return Ok(object::new_none());
            }
            cur.forward();
        }
        let r = object::repr(v)?;
        Err(errors::value_error(&format!(
            "{} is not in deque",
            object::str_text(r.as_ptr())
        )))
    })())
}

unsafe extern "C" fn m_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let d = dq(op);
    errors::ptr_result((|| {
        let state = crate::objects::object_reduce::get_state(op)?;
        let it = aiter::get_iter(op)?;
        let tp: *mut PyObject = py_type(op).cast();
        let empty = tupleobject::pack(&[])?;
        let ctor_args = if (*d).maxlen < 0 {
            empty
        } else {
            let m = longobject::from_isize((*d).maxlen)?;
            tupleobject::pack(&[empty.as_ptr(), m.as_ptr()])?
        };
        tupleobject::pack(&[tp, ctor_args.as_ptr(), state.as_ptr(), it.as_ptr()])
    })())
}

unsafe extern "C" fn m_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let d = dq(op);
    let blocks = ((*d).leftindex + size(d) + BLOCKLEN as isize - 1) / BLOCKLEN as isize;
    let base = (*py_type(op)).tp_basicsize;
    errors::ptr_result(longobject::from_isize(
        base + blocks.max(1) * core::mem::size_of::<Block>() as isize,
    ))
}

unsafe extern "C" fn m_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_iter(op, true))
}

unsafe extern "C" fn get_maxlen(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    let d = dq(op);
    if (*d).maxlen < 0 {
        return object::new_none().into_raw();
    }
    errors::ptr_result(longobject::from_isize((*d).maxlen))
}

// ---- sequence and number slots ----

unsafe extern "C" fn sq_length(op: *mut PyObject) -> Py_ssize_t {
    size(dq(op))
}

unsafe extern "C" fn sq_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    let d = dq(op);
    if i < 0 || i >= size(d) {
        let _ = errors::index_error("deque index out of range");
        return null_mut();
    }
    let p = *slot(d, i);
    incref(p);
    p
}

unsafe extern "C" fn sq_ass_item(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    let d = dq(op);
    if i < 0 || i >= size(d) {
        let _ = errors::index_error("deque index out of range");
        return -1;
    }
    if v.is_null() {
        del_item(d, i);
        return 0;
    }
    incref(v);
    let p = slot(d, i);
    let old = *p;
    *p = v;
    decref(old);
    0
}

unsafe extern "C" fn sq_concat(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if !object::is_instance(other, (&raw mut DEQUE_TYPE).cast())? {
            return Err(errors::type_error(&format!(
                "can only concatenate deque (not \"{}\") to deque",
                object::type_name_trunc(py_type(other), 200)
            )));
        }
        let new = copy(op)?;
        extend(dq(new.as_ptr()), other)?;
        Ok(new)
    })())
}

unsafe fn inplace_repeat(op: *mut PyObject, n: isize) -> PyResult<Ref> {
    let d = dq(op);
    let len = size(d);
    if len == 0 || n == 1 {
        return Ok(Ref::from_borrowed(op));
    }
    if n <= 0 {
        clear(d);
        return Ok(Ref::from_borrowed(op));
    }
    if len > isize::MAX / n {
        return Err(errors::no_memory());
    }
    let items = crate::objects::r#abstract::sequence::list(op)?;
    let mut copies = n - 1;
    if (*d).maxlen >= 0 {
        // Only the last `maxlen` items survive; their alignment is the same for any copy count.
        copies = copies.min((*d).maxlen / len + 1);
    }
    for _ in 0..copies {
        let k = listobject::len(items.as_ptr());
        for j in 0..k {
            let it = *listobject::items(items.as_ptr()).offset(j);
            incref(it);
            append_owned(d, it);
        }
    }
    Ok(Ref::from_borrowed(op))
}

unsafe extern "C" fn sq_inplace_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result(inplace_repeat(op, n))
}

unsafe extern "C" fn sq_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let new = copy(op)?;
        inplace_repeat(new.as_ptr(), n)
    })())
}

unsafe extern "C" fn sq_inplace_concat(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(extend(dq(op), other).map(|_| Ref::from_borrowed(op)))
}

unsafe extern "C" fn deque_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if object::repr_enter(op)? {
            return unicodeobject::new_str("[...]");
        }
        let lr =
            crate::objects::r#abstract::sequence::list(op).and_then(|l| object::repr(l.as_ptr()));
        object::repr_leave(op);
        let lr = lr?;
        let full = object::type_name(op);
        let name = full.rsplit('.').next().unwrap_or(&full).to_string();
        let d = dq(op);
        let s = if (*d).maxlen >= 0 {
            format!(
                "{name}({}, maxlen={})",
                object::str_text(lr.as_ptr()),
                (*d).maxlen
            )
        } else {
            format!("{name}({})", object::str_text(lr.as_ptr()))
        };
        unicodeobject::new_str(&s)
    })())
}

unsafe extern "C" fn deque_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if !is_deque(v) || !is_deque(w) {
            return Ok(Ref::from_borrowed(object::not_implemented()));
        }
        let (vs, ws) = (size(dq(v)), size(dq(w)));
        if op == Py_EQ && (v == w || vs != ws) {
            return Ok(object::new_bool(v == w));
        }
        if op == Py_NE && (v == w || vs != ws) {
            return Ok(object::new_bool(v != w));
        }
        let (it1, it2) = (aiter::get_iter(v)?, aiter::get_iter(w)?);
        loop {
            let x = aiter::next(it1.as_ptr())?;
            let y = aiter::next(it2.as_ptr())?;
            match (x, y) {
                (Some(x), Some(y)) => {
                    if !object::rich_compare_bool(x.as_ptr(), y.as_ptr(), Py_EQ)? {
                        return match op {
                            o if o == Py_EQ => Ok(object::new_bool(false)),
                            o if o == Py_NE => Ok(object::new_bool(true)),
                            _ => object::rich_compare(x.as_ptr(), y.as_ptr(), op),
                        };
                    }
                }
                _ => break,
            }
        }
        let b = match op {
            o if o == Py_LT => vs < ws,
            o if o == Py_LE => vs <= ws,
            o if o == Py_EQ => vs == ws,
            o if o == Py_NE => vs != ws,
            o if o == Py_GT => vs > ws,
            _ => vs >= ws,
        };
        Ok(object::new_bool(b))
    })())
}

unsafe extern "C" fn deque_iter(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(new_iter(op, false))
}

static mut DEQUE_METHODS: [PyMethodDef; 22] = [
    method!(c"append", m_append as BinFn, METH_O, c"Add an element to the right side of the deque."),
    method!(c"appendleft", m_appendleft as BinFn, METH_O, c"Add an element to the left side of the deque."),
    method!(c"clear", m_clear as BinFn, METH_NOARGS, c"Remove all elements from the deque."),
    method!(c"__copy__", m_copy as BinFn, METH_NOARGS, c"Return a shallow copy of a deque."),
    method!(c"copy", m_copy as BinFn, METH_NOARGS, c"Return a shallow copy of a deque."),
    method!(c"count", m_count as BinFn, METH_O, c"D.count(value) -> integer -- return number of occurrences of value"),
    method!(c"extend", m_extend as BinFn, METH_O, c"Extend the right side of the deque with elements from the iterable"),
    method!(c"extendleft", m_extendleft as BinFn, METH_O, c"Extend the left side of the deque with elements from the iterable"),
    method!(c"index", m_index as FastFn, METH_FASTCALL, c"D.index(value, [start, [stop]]) -> integer -- return first index of value.\nRaises ValueError if the value is not present."),
    method!(c"insert", m_insert as FastFn, METH_FASTCALL, c"D.insert(index, object) -- insert object before index"),
    method!(c"pop", m_pop as BinFn, METH_NOARGS, c"Remove and return the rightmost element."),
    method!(c"popleft", m_popleft as BinFn, METH_NOARGS, c"Remove and return the leftmost element."),
    method!(c"__reduce__", m_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    method!(c"remove", m_remove as BinFn, METH_O, c"D.remove(value) -- remove first occurrence of value."),
    method!(c"__reversed__", m_reversed as BinFn, METH_NOARGS, c"D.__reversed__() -- return a reverse iterator over the deque"),
    method!(c"reverse", m_reverse as BinFn, METH_NOARGS, c"D.reverse() -- reverse *IN PLACE*"),
    method!(c"rotate", m_rotate as FastFn, METH_FASTCALL, c"Rotate the deque n steps to the right (default n=1).  If n is negative, rotates left."),
    method!(c"__sizeof__", m_sizeof as BinFn, METH_NOARGS, c"D.__sizeof__() -- size of D in memory, in bytes"),
    PyMethodDef {
        ml_name: c"__class_getitem__".as_ptr(),
        ml_meth: Some(crate::objects::genericaliasobject::class_getitem),
        ml_flags: METH_O | METH_CLASS,
        ml_doc: c"See PEP 585".as_ptr(),
    },
    METHOD_END,
    METHOD_END,
    METHOD_END,
];

static mut DEQUE_GETSET: [crate::abi::descrobject::PyGetSetDef; 2] = [
    crate::abi::descrobject::PyGetSetDef {
        name: c"maxlen".as_ptr(),
        get: Some(get_maxlen),
        set: None,
        doc: c"maximum size of a deque or None if unbounded".as_ptr(),
        closure: null_mut(),
    },
    crate::abi::descrobject::PyGetSetDef {
        name: core::ptr::null(),
        get: None,
        set: None,
        doc: core::ptr::null(),
        closure: null_mut(),
    },
];

static mut DEQUE_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(sq_length),
    sq_concat: Some(sq_concat),
    sq_repeat: Some(sq_repeat),
    sq_item: Some(sq_item),
    was_sq_slice: null_mut(),
    sq_ass_item: Some(sq_ass_item),
    was_sq_ass_slice: null_mut(),
    sq_contains: Some(sq_contains),
    sq_inplace_concat: Some(sq_inplace_concat),
    sq_inplace_repeat: Some(sq_inplace_repeat),
};

static mut DEQUE_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(deque_dealloc),
    tp_repr: Some(deque_repr),
    tp_as_sequence: &raw mut DEQUE_AS_SEQUENCE,
    tp_hash: Some(object::PyObject_HashNotImplemented),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"deque([iterable[, maxlen]]) --> deque object\n\nA list-like sequence optimized for data accesses near its endpoints.".as_ptr(),
    tp_traverse: Some(deque_traverse),
    tp_clear: Some(deque_tp_clear),
    tp_richcompare: Some(deque_richcompare),
    tp_weaklistoffset: core::mem::offset_of!(Deque, weakreflist) as Py_ssize_t,
    tp_iter: Some(deque_iter),
    tp_methods: (&raw mut DEQUE_METHODS).cast(),
    tp_getset: (&raw mut DEQUE_GETSET).cast(),
    tp_init: Some(deque_init),
    tp_new: Some(deque_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"collections.deque",
        core::mem::size_of::<Deque>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_SEQUENCE,
    )
};

// ---- iterators ----

/// `dequeiterobject`: a cursor, the items left to produce, and the deque's `state` at
/// creation (any later mutation stops the iteration with RuntimeError).
#[repr(C)]
struct DequeIter {
    ob_base: PyObject,
    deque: *mut PyObject,
    b: *mut Block,
    index: isize,
    state: usize,
    counter: isize,
}

unsafe fn new_iter(deque: *mut PyObject, reverse: bool) -> PyResult<Ref> {
    let tp = if reverse {
        &raw mut DEQUE_REVITER_TYPE
    } else {
        &raw mut DEQUE_ITER_TYPE
    };
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<DequeIter>())?;
    object::init_object(op, tp);
    let it = op as *mut DequeIter;
    let d = dq(deque);
    incref(deque);
    (*it).deque = deque;
    let c = if reverse {
        Cursor::back(d)
    } else {
        Cursor::front(d)
    };
    (*it).b = c.b;
    (*it).index = c.i;
    (*it).state = (*d).state;
    (*it).counter = size(d);
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

unsafe extern "C" fn iter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    xdecref((*(op as *mut DequeIter)).deque);
    crate::mem::gc::free(op);
}

unsafe extern "C" fn iter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let d = (*(op as *mut DequeIter)).deque;
    if d.is_null() {
        0
    } else {
        visit(d, arg)
    }
}

unsafe fn iter_step(op: *mut PyObject, reverse: bool) -> *mut PyObject {
    let it = op as *mut DequeIter;
    let d = dq((*it).deque);
    if (*d).state != (*it).state {
        (*it).counter = 0;
        let _ = mutated();
        return null_mut();
    }
    if (*it).counter == 0 {
        return null_mut();
    }
    let mut c = Cursor {
        b: (*it).b,
        i: (*it).index,
    };
    let item = *c.get();
    incref(item);
    if reverse {
        c.backward();
    } else {
        c.forward();
    }
    (*it).b = c.b;
    (*it).index = c.i;
    (*it).counter -= 1;
    item
}

unsafe extern "C" fn iter_next(op: *mut PyObject) -> *mut PyObject {
    iter_step(op, false)
}

unsafe extern "C" fn reviter_next(op: *mut PyObject) -> *mut PyObject {
    iter_step(op, true)
}

unsafe extern "C" fn iter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_isize((*(op as *mut DequeIter)).counter))
}

unsafe extern "C" fn iter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut DequeIter;
    errors::ptr_result((|| {
        let done = longobject::from_isize(size(dq((*it).deque)) - (*it).counter)?;
        let a = tupleobject::pack(&[(*it).deque, done.as_ptr()])?;
        tupleobject::pack(&[py_type(op).cast(), a.as_ptr()])
    })())
}

/// `_deque_iterator(deque, index=0)` / `_deque_reverse_iterator(...)`: a fresh iterator
/// advanced `index` items (how pickled iterators come back).
unsafe fn iter_new_common(tp: *mut PyTypeObject, a: *mut PyObject, reverse: bool) -> PyResult<Ref> {
    let name = object::type_name_of(tp).to_string();
    let n = tupleobject::len(a) as usize;
    crate::getargs::check_positional(Some(&name), n, 1, 2)?;
    let deque = *tupleobject::items(a);
    if !is_deque(deque) {
        return Err(errors::type_error(&format!(
            "argument 1 must be collections.deque, not {}",
            object::type_name_trunc(py_type(deque), 200)
        )));
    }
    let index = if n > 1 {
        index_arg(*tupleobject::items(a).add(1))?
    } else {
        0
    };
    let it = new_iter(deque, reverse)?;
    for _ in 0..index {
        let item = iter_step(it.as_ptr(), reverse);
        if item.is_null() {
            if (*(it.as_ptr() as *mut DequeIter)).counter != 0 || !errors::occurred().is_null() {
                return Err(errors::ErrSet::assume_set());
            }
            break;
        }
        decref(item);
    }
    Ok(it)
}

unsafe extern "C" fn iter_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(iter_new_common(tp, a, false))
}

unsafe extern "C" fn reviter_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    _k: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result(iter_new_common(tp, a, true))
}

static mut ITER_METHODS: [PyMethodDef; 3] = [
    method!(
        c"__length_hint__",
        iter_len as BinFn,
        METH_NOARGS,
        c"Private method returning an estimate of len(list(it))."
    ),
    method!(
        c"__reduce__",
        iter_reduce as BinFn,
        METH_NOARGS,
        c"Return state information for pickling."
    ),
    METHOD_END,
];

static mut DEQUE_ITER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(iter_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(iter_traverse),
    tp_iter: Some(object::PyObject_SelfIter),
    tp_iternext: Some(iter_next),
    tp_methods: (&raw mut ITER_METHODS).cast(),
    tp_new: Some(iter_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_collections._deque_iterator",
        core::mem::size_of::<DequeIter>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

static mut DEQUE_REVITER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(iter_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(iter_traverse),
    tp_iter: Some(object::PyObject_SelfIter),
    tp_iternext: Some(reviter_next),
    tp_methods: (&raw mut ITER_METHODS).cast(),
    tp_new: Some(reviter_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_collections._deque_reverse_iterator",
        core::mem::size_of::<DequeIter>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

// ---- defaultdict ----

#[repr(C)]
struct DefDict {
    dict: crate::abi::dictobject::PyDictObject,
    default_factory: *mut PyObject,
}

unsafe fn factory(op: *mut PyObject) -> *mut PyObject {
    (*(op as *mut DefDict)).default_factory
}

unsafe extern "C" fn dd_missing(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let f = factory(op);
        if f.is_null() || f == object::none() {
            let t = tupleobject::pack(&[key])?;
            return Err(errors::set_object(exc::PyExc_KeyError, t.as_ptr()));
        }
        let value = call::call_no_args(f)?;
        crate::objects::r#abstract::mapping::set_item(op, key, value.as_ptr())?;
        Ok(value)
    })())
}

unsafe fn dd_copy_of(op: *mut PyObject) -> PyResult<Ref> {
    let f = factory(op);
    let f = if f.is_null() { object::none() } else { f };
    call::vectorcall(py_type(op).cast(), &[f, op], null_mut())
}

unsafe extern "C" fn dd_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(dd_copy_of(op))
}

unsafe extern "C" fn dd_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let f = factory(op);
        let a = if f.is_null() || f == object::none() {
            tupleobject::pack(&[])?
        } else {
            tupleobject::pack(&[f])?
        };
        let items = call::call_method_str(op, "items", &[])?;
        let it = aiter::get_iter(items.as_ptr())?;
        tupleobject::pack(&[
            py_type(op).cast(),
            a.as_ptr(),
            object::none(),
            object::none(),
            it.as_ptr(),
        ])
    })())
}

unsafe extern "C" fn dd_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let base_repr = match (*(&raw mut crate::objects::dictobject::PyDict_Type)).tp_repr {
            Some(r) => Ref::from_result(r(op))?,
            None => return Err(errors::bad_internal_call()),
        };
        let f = factory(op);
        let frepr = if f.is_null() || f == object::none() {
            "None".to_string()
        } else {
            if object::repr_enter(f)? {
                "...".to_string()
            } else {
                let r = object::repr(f);
                object::repr_leave(f);
                object::str_text(r?.as_ptr())
            }
        };
        let full = object::type_name(op);
        unicodeobject::new_str(&format!(
            "{}({}, {})",
            full.rsplit('.').next().unwrap_or(&full),
            frepr,
            object::str_text(base_repr.as_ptr())
        ))
    })())
}

unsafe extern "C" fn dd_or(left: *mut PyObject, right: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let dd_tp: *mut PyObject = (&raw mut DEFDICT_TYPE).cast();
        let (this, other) = if object::is_instance(left, dd_tp)? {
            (left, right)
        } else {
            (right, left)
        };
        if !dictobject::check(other) {
            return Ok(Ref::from_borrowed(object::not_implemented()));
        }
        let new = dd_copy_of(this)?;
        let f = factory(this);
        let _ = f;
        if this == left {
            dictobject::merge(new.as_ptr(), right, 1)?;
            Ok(new)
        } else {
            // `dict | defaultdict`: the left operand's items, then the right's, in that order.
            let f = factory(this);
            let f = if f.is_null() { object::none() } else { f };
            let out = call::vectorcall(py_type(this).cast(), &[f, left], null_mut())?;
            dictobject::merge(out.as_ptr(), right, 1)?;
            Ok(out)
        }
    })())
}

unsafe extern "C" fn dd_init(op: *mut PyObject, a: *mut PyObject, kw: *mut PyObject) -> c_int {
    errors::int_result((|| {
        let n = tupleobject::len(a);
        let mut newdefault = null_mut();
        let rest;
        if n > 0 {
            newdefault = *tupleobject::items(a);
            if newdefault != object::none() && !call::is_callable(newdefault) {
                return Err(errors::type_error(
                    "first argument must be callable or None",
                ));
            }
            let items = core::slice::from_raw_parts(tupleobject::items(a).add(1), (n - 1) as usize);
            rest = tupleobject::from_slice(items)?;
        } else {
            rest = Ref::from_borrowed(a);
        }
        let slotp = &raw mut (*(op as *mut DefDict)).default_factory;
        object::xincref(newdefault);
        object::replace_slot(slotp, newdefault);
        let Some(init) = (*(&raw mut crate::objects::dictobject::PyDict_Type)).tp_init else {
            return Err(errors::bad_internal_call());
        };
        if init(op, rest.as_ptr(), kw) < 0 {
            return Err(errors::ErrSet::assume_set());
        }
        Ok(())
    })())
}

unsafe extern "C" fn dd_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let slotp = &raw mut (*(op as *mut DefDict)).default_factory;
    let f = *slotp;
    *slotp = null_mut();
    xdecref(f);
    if let Some(d) = (*(&raw mut crate::objects::dictobject::PyDict_Type)).tp_dealloc {
        // dict's dealloc untracks again (harmless) and frees through the type's tp_free.
        crate::mem::gc::track(op);
        d(op);
    }
}

unsafe extern "C" fn dd_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(v) = visit else { return 0 };
    let f = factory(op);
    if !f.is_null() {
        let r = v(f, arg);
        if r != 0 {
            return r;
        }
    }
    match (*(&raw mut crate::objects::dictobject::PyDict_Type)).tp_traverse {
        Some(t) => t(op, visit, arg),
        None => 0,
    }
}

unsafe extern "C" fn dd_tp_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*(op as *mut DefDict)).default_factory, null_mut());
    match (*(&raw mut crate::objects::dictobject::PyDict_Type)).tp_clear {
        Some(c) => c(op),
        None => 0,
    }
}

static mut DD_METHODS: [PyMethodDef; 6] = [
    method!(c"__missing__", dd_missing as BinFn, METH_O, c"__missing__(key) # Called by __getitem__ for missing key; pseudo-code:\n  if self.default_factory is None: raise KeyError((key,))\n  self[key] = value = self.default_factory()\n  return value\n"),
    method!(c"copy", dd_copy as BinFn, METH_NOARGS, c"D.copy() -> a shallow copy of D."),
    method!(c"__copy__", dd_copy as BinFn, METH_NOARGS, c"D.copy() -> a shallow copy of D."),
    method!(c"__reduce__", dd_reduce as BinFn, METH_NOARGS, c"Return state information for pickling."),
    PyMethodDef {
        ml_name: c"__class_getitem__".as_ptr(),
        ml_meth: Some(crate::objects::genericaliasobject::class_getitem),
        ml_flags: METH_O | METH_CLASS,
        ml_doc: c"See PEP 585".as_ptr(),
    },
    METHOD_END,
];

static mut DD_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"default_factory".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(DefDict, default_factory) as Py_ssize_t,
        flags: 0,
        doc: c"Factory for default value called by __missing__().".as_ptr(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

static mut DD_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_or: Some(dd_or),
    ..PyNumberMethods::EMPTY
};

static mut DEFDICT_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(dd_dealloc),
    tp_repr: Some(dd_repr),
    tp_as_number: &raw mut DD_AS_NUMBER,
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"defaultdict(default_factory=None, /, [...]) --> dict with default factory\n\nThe default factory is called without arguments to produce\na new value when a key is not present, in __getitem__ only.\nA defaultdict compares equal to a dict with the same items.\nAll remaining arguments are treated the same as if they were\npassed to the dict constructor, including keyword arguments.\n".as_ptr(),
    tp_traverse: Some(dd_traverse),
    tp_clear: Some(dd_tp_clear),
    tp_methods: (&raw mut DD_METHODS).cast(),
    tp_members: (&raw mut DD_MEMBERS).cast(),
    tp_base: &raw mut crate::objects::dictobject::PyDict_Type,
    tp_init: Some(dd_init),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"collections.defaultdict",
        core::mem::size_of::<DefDict>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    )
};

// ---- _count_elements ----

unsafe extern "C" fn count_elements(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("_count_elements"), nargs as usize, 2, 2)?;
        let (mapping, iterable) = (*a, *a.add(1));
        let it = aiter::get_iter(iterable)?;
        let one = longobject::from_i64(1)?;
        let zero = longobject::from_i64(0)?;
        let exact_dict = dictobject::check_exact(mapping);
        let get = if exact_dict {
            None
        } else {
            Some(object::get_attr_str(mapping, "get")?)
        };
        while let Some(key) = aiter::next(it.as_ptr())? {
            let old = match &get {
                None => dictobject::get_item(mapping, key.as_ptr())?.map(|p| Ref::from_borrowed(p)),
                Some(g) => Some(call::vectorcall(
                    g.as_ptr(),
                    &[key.as_ptr(), zero.as_ptr()],
                    null_mut(),
                )?),
            };
            let new = match old {
                Some(o) => number::add(o.as_ptr(), one.as_ptr())?,
                None => one.clone(),
            };
            crate::objects::r#abstract::mapping::set_item(mapping, key.as_ptr(), new.as_ptr())?;
        }
        Ok(object::new_none())
    })())
}

// ---- _tuplegetter ----

#[repr(C)]
struct TupleGetter {
    ob_base: PyObject,
    index: Py_ssize_t,
    doc: *mut PyObject,
}

unsafe extern "C" fn tg_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        if tp == &raw mut TUPLEGETTER_TYPE {
            crate::getargs::no_keywords("_tuplegetter", kw)?;
        }
        let n = tupleobject::len(a) as usize;
        crate::getargs::check_positional(Some("_tuplegetter"), n, 2, 2)?;
        let index = index_arg(*tupleobject::items(a))?;
        let doc = *tupleobject::items(a).add(1);
        let Some(alloc) = (*tp).tp_alloc else {
            return Err(errors::bad_internal_call());
        };
        let op = Ref::from_result(alloc(tp, 0))?;
        let g = op.as_ptr() as *mut TupleGetter;
        (*g).index = index;
        incref(doc);
        (*g).doc = doc;
        Ok(op)
    })())
}

unsafe extern "C" fn tg_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _tp: *mut PyObject,
) -> *mut PyObject {
    let g = op as *mut TupleGetter;
    let index = (*g).index;
    if obj.is_null() || obj == object::none() {
        incref(op);
        return op;
    }
    if !tupleobject::check(obj) {
        let _ = errors::type_error(&format!(
            "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
            index,
            object::type_name_trunc(py_type(obj), usize::MAX)
        ));
        return null_mut();
    }
    if index < 0 || index >= tupleobject::len(obj) {
        let _ = errors::index_error("tuple index out of range");
        return null_mut();
    }
    let r = *tupleobject::items(obj).offset(index);
    incref(r);
    r
}

unsafe extern "C" fn tg_set(
    _op: *mut PyObject,
    _obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    if value.is_null() {
        let _ = errors::set_string(exc::PyExc_AttributeError, "can't delete attribute");
    } else {
        let _ = errors::set_string(exc::PyExc_AttributeError, "can't set attribute");
    }
    -1
}

unsafe extern "C" fn tg_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let g = op as *mut TupleGetter;
    errors::ptr_result((|| {
        let i = longobject::from_isize((*g).index)?;
        let a = tupleobject::pack(&[i.as_ptr(), (*g).doc])?;
        tupleobject::pack(&[py_type(op).cast(), a.as_ptr()])
    })())
}

unsafe extern "C" fn tg_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::replace_slot(&raw mut (*(op as *mut TupleGetter)).doc, null_mut());
    let tp = py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe extern "C" fn tg_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    let d = (*(op as *mut TupleGetter)).doc;
    if d.is_null() {
        0
    } else {
        visit(d, arg)
    }
}

unsafe extern "C" fn tg_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*(op as *mut TupleGetter)).doc, null_mut());
    0
}

static mut TG_METHODS: [PyMethodDef; 2] = [
    method!(c"__reduce__", tg_reduce as BinFn, METH_NOARGS, c""),
    METHOD_END,
];

static mut TG_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__doc__".as_ptr(),
        type_: T_OBJECT,
        offset: core::mem::offset_of!(TupleGetter, doc) as Py_ssize_t,
        flags: 0,
        doc: core::ptr::null(),
    },
    PyMemberDef {
        name: core::ptr::null(),
        type_: 0,
        offset: 0,
        flags: 0,
        doc: core::ptr::null(),
    },
];

static mut TUPLEGETTER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(tg_dealloc),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_traverse: Some(tg_traverse),
    tp_clear: Some(tg_clear),
    tp_methods: (&raw mut TG_METHODS).cast(),
    tp_members: (&raw mut TG_MEMBERS).cast(),
    tp_descr_get: Some(tg_get),
    tp_descr_set: Some(tg_set),
    tp_new: Some(tg_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_collections._tuplegetter",
        core::mem::size_of::<TupleGetter>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    )
};

// ---- the module ----

fn module_methods() -> Vec<PyMethodDef> {
    vec![method!(
        c"_count_elements",
        count_elements as FastFn,
        METH_FASTCALL,
        c"Count elements in the iterable, updating the mapping"
    )]
}

/// `PyInit__collections`: CPython 3.11 uses multi-phase init with static types; the module is
/// the same either way, so it is created directly here.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        let types: [(*mut PyTypeObject, &str); 5] = [
            (&raw mut DEQUE_TYPE, "deque"),
            (&raw mut DEFDICT_TYPE, "defaultdict"),
            (&raw mut DEQUE_ITER_TYPE, "_deque_iterator"),
            (&raw mut DEQUE_REVITER_TYPE, "_deque_reverse_iterator"),
            (&raw mut TUPLEGETTER_TYPE, "_tuplegetter"),
        ];
        for (tp, _) in types {
            crate::objects::typeobject::ready(tp)?;
        }
        let m = args::create_module(
            c"_collections",
            c"High performance data structures.\n- deque:        ordered collection accessible from endpoints only\n- defaultdict:  dict subclass with a default value factory\n",
            module_methods,
        )?;
        for (tp, name) in types {
            args::add(m.as_ptr(), name, tp.cast())?;
        }
        Ok(m)
    })())
}

#[cfg(test)]
mod tests {
    const SNIPPETS: &[&str] = &[
        // deque basics
        "deque = _collections.deque\nd = deque(range(5))\nd.append(5); d.appendleft(-1)\nresult = (d, len(d), d[0], d[-1], d[3], d.pop(), d.popleft(), d, bool(d), bool(deque()))",
        "deque = _collections.deque\nd = deque(range(200))\nfor i in range(150): d.popleft()\nfor i in range(300): d.appendleft(i)\nresult = (len(d), d[0], d[299], d[300], d[-1], sum(d), list(reversed(d))[:3])",
        "deque = _collections.deque\nd = deque('abc', maxlen=3)\nd.append('d'); d.appendleft('z'); d.extend('xy'); d.extendleft('pq')\nresult = (d, d.maxlen, repr(deque(maxlen=0)), deque([1], 0), deque().maxlen)",
        "deque = _collections.deque\nd = deque(range(10))\nd.rotate(3); a = list(d)\nd.rotate(-5); b = list(d)\nd.rotate(); c = list(d)\nd.rotate(23); e = list(d)\nresult = (a, b, c, e)",
        "deque = _collections.deque\nd = deque(range(100))\nfor n in (1, 63, 64, 65, -130, 777, 0): d.rotate(n)\nresult = list(d)",
        "deque = _collections.deque\nd = deque('abcdefg')\nd.insert(2, 'X'); d.insert(-1, 'Y'); d.insert(100, 'Z'); d.insert(-100, 'W'); d.insert(0, 'V')\nd.remove('c')\ndel d[3]\nd[1] = 'Q'\nresult = (''.join(d), d.index('Y'), d.index('e', 2), d.count('a'), 'X' in d, 'c' in d)",
        "deque = _collections.deque\nd = deque([1, 2, 3, 2, 1])\nresult = (d.index(2), d.index(2, 2), d.index(1, -2), d.index(2, 0, 2), d.count(2))",
        "deque = _collections.deque\ntry:\n    deque([1, 2]).index(5)\nexcept ValueError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque([1, 2]).remove('x')\nexcept ValueError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque().pop()\nexcept IndexError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque().popleft()\nexcept IndexError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque([1])[5]\nexcept IndexError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque([1])[1:2]\nexcept TypeError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque([1], maxlen=-1)\nexcept ValueError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque([1, 2], maxlen=2).insert(0, 5)\nexcept IndexError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque([1]) + [2]\nexcept TypeError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque(1, 2, 3)\nexcept TypeError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque(foo=1)\nexcept TypeError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    deque().rotate(1, 2)\nexcept TypeError as e:\n    result = str(e)",
        "deque = _collections.deque\ntry:\n    hash(deque())\nexcept TypeError as e:\n    result = str(e)",
        "deque = _collections.deque\nd = deque([1, 2, 3])\nit = iter(d)\nnext(it)\nd.append(4)\ntry:\n    next(it)\nexcept RuntimeError as e:\n    result = (str(e), list(it))",
        "deque = _collections.deque\nd = deque([1, 2, 3])\nit = reversed(d)\nnext(it)\nd.rotate()\ntry:\n    next(it)\nexcept RuntimeError as e:\n    result = str(e)",
        "deque = _collections.deque\nclass E:\n    def __eq__(self, o):\n        d.clear()\n        return False\nd = deque([E(), 1])\ntry:\n    d.count(1)\nexcept RuntimeError as e:\n    result = str(e)",
        "deque = _collections.deque\nclass E:\n    def __eq__(self, o):\n        d.append(1)\n        return False\nd = deque([E(), 1])\ntry:\n    d.remove(5)\nexcept IndexError as e:\n    result = str(e)",
        // comparisons, arithmetic, copies
        "deque = _collections.deque\na, b = deque([1, 2, 3]), deque([1, 2, 4])\nresult = (a == b, a != b, a < b, a <= b, a > b, a >= b, a == deque([1, 2, 3]), deque() < deque([0]), a == [1, 2, 3], deque([1, 2]) < deque([1, 2, 3]))",
        "deque = _collections.deque\na = deque([1, 2], maxlen=5)\nb = a + deque([3])\nc = a * 3\nd = 2 * a\na += [9, 8]\ne = deque([1, 2])\ne *= 0\nf = deque('ab')\nf *= 2\nresult = (b, c, d, a, e, f, b.maxlen, c.maxlen)",
        "deque = _collections.deque\na = deque(range(5), maxlen=7)\na *= 100\nb = deque([1], maxlen=3) * 5\nresult = (a, b)",
        "deque = _collections.deque\na = deque([[1], 2], maxlen=4)\nb = a.copy(); c = a.__copy__()\nb.append(3)\nresult = (a, b, c, b[0] is a[0], type(c).__name__)",
        "deque = _collections.deque\nclass Sub(deque): pass\ns = Sub([1, 2], maxlen=3)\nt = s.copy()\nresult = (repr(s), repr(t), type(t).__name__, repr(s + s), s.__reduce__()[0].__name__, s.__reduce__()[1:3])",
        "deque = _collections.deque\nd = deque([1, 2, 3])\nd.extend(d)\nd.extendleft(d)\nresult = d",
        "deque = _collections.deque\nd = deque()\nd.append(d)\nresult = (repr(d), str(deque('ab')))",
        "deque = _collections.deque\nd = deque(range(100))\nd.reverse()\ne = deque(range(7)); e.reverse()\nd.clear()\nresult = (d, e, list(reversed(deque(range(70))))[::9])",
        "deque = _collections.deque\nd = deque([1, 2, 3], maxlen=9)\nr = d.__reduce__()\nd2 = r[0](*r[1])\nd2.extend(r[3])\nr2 = deque([4]).__reduce__()\nresult = (r[0].__name__, r[1], r[2], d2, d2.maxlen, r2[1], r2[2])",
        "deque = _collections.deque\nd = deque(range(10))\nit = iter(d)\nnext(it); next(it)\nr = it.__reduce__()\nit2 = r[0](*r[1])\nrit = reversed(d)\nnext(rit)\nrr = rit.__reduce__()\nresult = (type(it).__name__, r[1][1], list(it2), it.__length_hint__(), rit.__length_hint__(), rr[1][1], list(rr[0](*rr[1])))",
        "deque = _collections.deque\nit = type(iter(deque()))\ntry:\n    it([1])\nexcept TypeError as e:\n    result = str(e)",
        "deque = _collections.deque\nresult = (deque[int], type(iter(deque())).__module__, type(iter(deque())).__qualname__, deque.__module__, deque.__name__, deque.maxlen.__doc__)",
        "deque = _collections.deque\nd = deque()\nd.__init__([1, 2], 3)\nd.__init__('xy')\nresult = (d, d.maxlen)",
        "deque = _collections.deque\nd = deque(range(1000))\nfor i in range(500): d.insert(i * 2 % len(d), i)\nfor i in range(0, 900, 7): del d[i % len(d)]\nresult = (len(d), sum(d), d[17], d[-17])",
        "deque = _collections.deque\nd = deque()\nr = _weakref.ref(d)\nresult = r() is d",
        "deque = _collections.deque\nresult = sorted(set(dir(deque)) - set(dir(object)))",
        "deque = _collections.deque\nd = deque()\nout = []\nfor f in (lambda: d.index(), lambda: d.insert(1), lambda: d.index(1, 2, 3, 4), lambda: d.index(1, 'a'), lambda: d.insert('a', 1), lambda: d.rotate('x'), lambda: d.rotate(2**70), lambda: deque(maxlen='x'), lambda: deque(maxlen=2**70), lambda: d.append(), lambda: d.extend(1)):\n    try:\n        f()\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out",
        "result = sorted(n for n in dir(_collections) if n != 'OrderedDict')",
        "d = _collections.deque()\nresult = [sorted(set(dir(t)) - set(dir(object))) for t in (type(iter(d)), type(reversed(d)), _collections._tuplegetter)] + [_collections.__doc__]",
        // Heap subclasses: instances hold their type; the collector must see that reference once.
        "deque = _collections.deque\ndd = _collections.defaultdict\ntg = _collections._tuplegetter\nimport gc\nout = []\nfor i in range(3):\n    class S(deque): pass\n    class T(dd): pass\n    xs = [S([i]) for _ in range(50)] + [T(int) for _ in range(50)]\n    del xs\n    gc.collect()\n    out.append((S.__name__, len(S.__mro__), T(list)[1]))\nresult = out",
        // defaultdict
        "dd = _collections.defaultdict\nd = dd(list)\nd['a'].append(1); d['b']\nresult = (d, repr(d), d.default_factory, dict(d), d == {'a': [1], 'b': []})",
        "dd = _collections.defaultdict\nd = dd()\ntry:\n    d[(1, 2)]\nexcept KeyError as e:\n    result = (repr(e), e.args, d.default_factory)",
        "dd = _collections.defaultdict\ntry:\n    dd(5)\nexcept TypeError as e:\n    result = str(e)",
        "dd = _collections.defaultdict\nd = dd(int, {'x': 1}, y=2)\nd['z'] += 5\nc = d.copy()\nr = d.__reduce__()\nresult = (d, c, type(c).__name__, r[0].__name__, r[1], r[2], r[3], list(r[4]), d.__copy__())",
        "dd = _collections.defaultdict\na = dd(int, x=1)\nb = a | {'y': 2}\nc = {'w': 0} | a\na |= {'q': 3}\nresult = (b, c, a, type(b).__name__, type(c).__name__)",
        "dd = _collections.defaultdict\ntry:\n    dd(int) | 5\nexcept TypeError as e:\n    result = str(e)",
        "dd = _collections.defaultdict\nd = dd(None)\nd.default_factory = lambda: 7\nd2 = dd()\nd2[1] = d2\nclass F:\n    def __repr__(self): return repr(g)\ng = dd(F())\nresult = (d['k'], d, repr(d2), repr(g), dd[int])",
        "dd = _collections.defaultdict\nclass Sub(dd): pass\nresult = (repr(Sub(int, a=1)), sorted(set(dir(dd)) - set(dir(dict))), dd.__missing__.__doc__[:20], dd(list).__missing__(3))",
        // _count_elements
        "d = {}\n_collections._count_elements(d, 'abracadabra')\nclass M(dict):\n    def get(self, k, default=None): return dict.get(self, k, default)\nm = M()\n_collections._count_elements(m, [1, 1, 2])\nresult = (d, m)",
        "try:\n    _collections._count_elements({})\nexcept TypeError as e:\n    result = str(e)",
        // _tuplegetter
        "tg = _collections._tuplegetter\ntry:\n    class G(tg): pass\nexcept TypeError as e:\n    result = str(e)",
        "tg = _collections._tuplegetter\nclass P(tuple):\n    x = tg(0, 'the x')\n    y = tg(1, None)\np = P((3, 4))\nresult = (p.x, p.y, P.x.__doc__, P.y.__doc__, type(P.x).__name__, P.x.__reduce__()[1])",
        "tg = _collections._tuplegetter\nclass P(tuple):\n    x = tg(0, 'd')\n    z = tg(5, 'd')\np = P((1,))\nout = []\nfor f in (lambda: p.z, lambda: setattr(p, 'x', 1), lambda: delattr(p, 'x'), lambda: P.x.__get__(5)):\n    try:\n        f()\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out",
        "tg = _collections._tuplegetter\nout = []\nfor a in ((1,), ('a', 'b'), (1, 2, 3)):\n    try:\n        tg(*a)\n    except TypeError as e:\n        out.append(str(e))\nresult = out",
    ];

    #[test]
    fn collections_matches_python311() {
        let _runtime = crate::testing::hold_runtime();
        crate::testing::difftest::check(
            &[
                ("_collections", super::init_module),
                ("_weakref", crate::modules::weakrefmodule::init_module),
            ],
            SNIPPETS,
        );
    }
}
