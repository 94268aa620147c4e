//! The `_sre` module (CPython's Modules/_sre/sre.c): the regular expression engine behind
//! `re`. Owns the module functions (`compile`, `getcodesize`, the case helpers, the
//! constants), the types `re.Pattern`, `re.Match` and `_sre.SRE_Scanner`, and the glue from
//! subjects (str in place through its PEP 393 data, or any bytes-like buffer) to the matcher
//! in [`engine`].

pub mod charset;
pub mod consts;
pub mod engine;
#[cfg(test)]
mod tests;

use crate::abi::descrobject::PyGetSetDef;
use crate::abi::methodobject::{
    PyMethodDef, METH_CLASS, METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O,
};
use crate::abi::structmember::{PyMemberDef, READONLY, T_INT, T_OBJECT, T_PYSSIZET};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::{self, Sig};
use crate::objects::exceptions as exc;
use crate::objects::object::{self, Py_EQ, Py_NE, Ref};
use crate::objects::typeobject::static_type;
use crate::objects::{bytesobject, dictobject, listobject, longobject, tupleobject, unicodeobject};
use consts::*;
use core::ffi::{c_int, c_void, CStr};
use core::ptr::null_mut;
use engine::{MatchError, State};

// ---------------------------------------------------------------------------------------------
// Subjects

/// A subject being matched: the object (kept alive), its characters and, for bytes-like
/// objects, the buffer view held until the match is done.
struct Subject {
    string: Ref,
    view: Option<Box<Py_buffer>>,
    data: *const u8,
    length: usize,
    charsize: usize,
    isbytes: bool,
}

impl Drop for Subject {
    fn drop(&mut self) {
        if let Some(v) = self.view.as_mut() {
            // SAFETY: the view was filled by get_buffer and is released once.
            unsafe { crate::objects::r#abstract::buffer::release(&mut **v) };
        }
    }
}

/// `getstring`: the characters of a str, or of a bytes-like object's simple buffer.
unsafe fn get_subject(string: *mut PyObject) -> PyResult<Subject> {
    if unicodeobject::is_str(string) {
        let (data, kind) = unicodeobject::data_and_kind(string);
        return Ok(Subject {
            string: object::new_ref(string),
            view: None,
            data: data as *const u8,
            length: unicodeobject::length(string) as usize,
            charsize: kind as usize,
            isbytes: false,
        });
    }
    let mut view: Box<Py_buffer> = Box::new(core::mem::zeroed());
    if crate::objects::r#abstract::buffer::get_buffer(string, &mut *view, 0).is_err() {
        crate::errors::clear();
        return Err(errors::type_error(&format!(
            "expected string or bytes-like object, got '{}'",
            object::type_name_trunc(object::py_type(string), 200)
        )));
    }
    let sub = Subject {
        string: object::new_ref(string),
        data: view.buf as *const u8,
        length: view.len as usize,
        charsize: 1,
        isbytes: true,
        view: Some(view),
    };
    if sub.data.is_null() {
        return Err(errors::value_error("Buffer is NULL"));
    }
    Ok(sub)
}

/// `getslice`: characters `[i, j)` of the subject as the subject's kind (bytes for buffers).
unsafe fn slice_of(sub: &Subject, i: usize, j: usize) -> PyResult<Ref> {
    if sub.isbytes {
        let s = sub.string.as_ptr();
        if bytesobject::is_exact_bytes(s) && i == 0 && j == bytesobject::size(s) {
            return Ok(sub.string.clone());
        }
        let bytes = if j > i {
            core::slice::from_raw_parts(sub.data.add(i), j - i)
        } else {
            &[][..]
        };
        bytesobject::from_slice(bytes)
    } else {
        unicodeobject::substring(sub.string.as_ptr(), i, j.max(i))
    }
}

/// A subject bound to a pattern and a window, with the engine state over it.
struct Search {
    sub: Subject,
    st: State,
}

fn clamp(v: isize, len: usize) -> usize {
    if v < 0 {
        0
    } else {
        (v as usize).min(len)
    }
}

/// `state_init`.
unsafe fn begin(
    pat: *mut PatternObject,
    string: *mut PyObject,
    pos: isize,
    endpos: isize,
) -> PyResult<Search> {
    let sub = get_subject(string)?;
    if sub.isbytes && (*pat).isbytes == 0 {
        return Err(errors::type_error(
            "cannot use a string pattern on a bytes-like object",
        ));
    }
    if !sub.isbytes && (*pat).isbytes > 0 {
        return Err(errors::type_error(
            "cannot use a bytes pattern on a string-like object",
        ));
    }
    let start = clamp(pos, sub.length);
    let end = clamp(endpos, sub.length);
    let mut st = State::new(
        sub.data,
        sub.charsize,
        sub.length,
        start,
        end,
        (*pat).groups as usize,
    );
    st.first_chars = (*pat).first_chars;
    Ok(Search { sub, st })
}

fn engine_error(e: MatchError) -> errors::ErrSet {
    match e {
        MatchError::Interrupted => errors::ErrSet::assume_set(),
        // SAFETY: sets the error indicator with a built-in exception class.
        MatchError::Internal => unsafe {
            errors::set_string(
                exc::PyExc_RuntimeError,
                "internal error in regular expression engine",
            )
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Pattern

#[repr(C)]
pub struct PatternObject {
    ob_base: PyObject,
    groups: Py_ssize_t,
    groupindex: *mut PyObject,
    indexgroup: *mut PyObject,
    pattern: *mut PyObject,
    flags: c_int,
    /// -1: no pattern object (None), 0: str, 1: bytes.
    isbytes: c_int,
    weakreflist: *mut PyObject,
    code: *mut u32,
    codesize: usize,
    /// `engine::first_char_table` of the code, computed once at compile time.
    first_chars: Option<[u64; 4]>,
}

unsafe fn code_of<'a>(p: *mut PatternObject) -> &'a [u32] {
    if (*p).codesize == 0 {
        &[]
    } else {
        core::slice::from_raw_parts((*p).code, (*p).codesize)
    }
}

unsafe extern "C" fn pattern_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let p = op as *mut PatternObject;
    if !(*p).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    pattern_clear(op);
    if !(*p).code.is_null() {
        drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
            (*p).code,
            (*p).codesize,
        )));
        (*p).code = null_mut();
    }
    crate::mem::gc::free(op);
}

unsafe extern "C" fn pattern_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let p = op as *mut PatternObject;
    for o in [(*p).groupindex, (*p).indexgroup, (*p).pattern] {
        if !o.is_null() {
            let r = visit.map_or(0, |f| f(o, arg));
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn pattern_clear(op: *mut PyObject) -> c_int {
    let p = op as *mut PatternObject;
    object::replace_slot(&mut (*p).groupindex, null_mut());
    object::replace_slot(&mut (*p).indexgroup, null_mut());
    object::replace_slot(&mut (*p).pattern, null_mut());
    0
}

unsafe fn pattern_repr_impl(p: *mut PatternObject) -> PyResult<Ref> {
    const NAMES: [(&str, i32); 9] = [
        ("re.TEMPLATE", FLAG_TEMPLATE),
        ("re.IGNORECASE", FLAG_IGNORECASE),
        ("re.LOCALE", FLAG_LOCALE),
        ("re.MULTILINE", FLAG_MULTILINE),
        ("re.DOTALL", FLAG_DOTALL),
        ("re.UNICODE", FLAG_UNICODE),
        ("re.VERBOSE", FLAG_VERBOSE),
        ("re.DEBUG", FLAG_DEBUG),
        ("re.ASCII", FLAG_ASCII),
    ];
    let mut flags = (*p).flags;
    if (*p).isbytes == 0 && flags & (FLAG_LOCALE | FLAG_UNICODE | FLAG_ASCII) == FLAG_UNICODE {
        flags &= !FLAG_UNICODE;
    }
    let mut parts: Vec<String> = Vec::new();
    for (name, v) in NAMES {
        if flags & v != 0 {
            parts.push(name.to_string());
            flags &= !v;
        }
    }
    if flags != 0 {
        parts.push(format!("0x{:x}", flags as u32));
    }
    let r = object::repr((*p).pattern)?;
    let text = truncated_repr(r.as_ptr(), 200)?;
    let mut out = unicodeobject::concat(
        unicodeobject::new_str("re.compile(")?.as_ptr(),
        text.as_ptr(),
    )?;
    if !parts.is_empty() {
        let tail = unicodeobject::new_str(&format!(", {})", parts.join("|")))?;
        out = unicodeobject::concat(out.as_ptr(), tail.as_ptr())?;
    } else {
        out = unicodeobject::concat(out.as_ptr(), unicodeobject::new_str(")")?.as_ptr())?;
    }
    Ok(out)
}

/// A repr cut to `max` characters (`%.<max>R`).
unsafe fn truncated_repr(r: *mut PyObject, max: usize) -> PyResult<Ref> {
    let n = unicodeobject::length(r) as usize;
    if n <= max {
        Ok(object::new_ref(r))
    } else {
        unicodeobject::substring(r, 0, max)
    }
}

unsafe extern "C" fn pattern_repr(op: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(pattern_repr_impl(op as *mut PatternObject))
}

unsafe extern "C" fn pattern_hash(op: *mut PyObject) -> Py_hash_t {
    let p = op as *mut PatternObject;
    let r = (|| -> PyResult<Py_hash_t> {
        let mut h = object::hash((*p).pattern)?;
        let code = code_of(p);
        let bytes = core::slice::from_raw_parts(code.as_ptr() as *const u8, code.len() * 4);
        h ^= crate::pyhash::hash_bytes(bytes);
        h ^= (*p).flags as Py_hash_t;
        h ^= (*p).isbytes as Py_hash_t;
        h ^= (*p).codesize as Py_hash_t;
        if h == -1 {
            h = -2;
        }
        Ok(h)
    })();
    r.unwrap_or(-1)
}

unsafe extern "C" fn pattern_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        if (op != Py_EQ && op != Py_NE) || object::py_type(b) != &raw mut PATTERN_TYPE {
            return Ok(object::new_ref(object::not_implemented()));
        }
        if a == b {
            return Ok(object::new_bool(op == Py_EQ));
        }
        let (l, r) = (a as *mut PatternObject, b as *mut PatternObject);
        let mut eq =
            (*l).flags == (*r).flags && (*l).isbytes == (*r).isbytes && code_of(l) == code_of(r);
        if eq {
            eq = object::rich_compare_bool((*l).pattern, (*r).pattern, Py_EQ)?;
        }
        Ok(object::new_bool(if op == Py_NE { !eq } else { eq }))
    })())
}

/// Binds `(string, pos=0, endpos=sys.maxsize)`.
unsafe fn string_pos_endpos(
    name: &'static str,
    a: *const *mut PyObject,
    n: Py_ssize_t,
    kw: *mut PyObject,
) -> PyResult<(*mut PyObject, isize, isize)> {
    let sig = Sig {
        name,
        params: &["string", "pos", "endpos"],
        posonly: 0,
        maxpos: 3,
        required: 1,
    };
    let v = args::bind(&sig, a, n as usize, kw)?;
    let pos = if v[1].is_null() { 0 } else { ssize_arg(v[1])? };
    let endpos = if v[2].is_null() {
        isize::MAX
    } else {
        ssize_arg(v[2])?
    };
    Ok((v[0], pos, endpos))
}

/// A `Py_ssize_t` argument as Argument Clinic converts it.
unsafe fn ssize_arg(o: *mut PyObject) -> PyResult<isize> {
    crate::objects::r#abstract::number::as_ssize_t(o, exc::PyExc_OverflowError)
}

/// Builds the Match for a finished attempt (`pattern_new_match`), or None.
unsafe fn new_match(pat: *mut PatternObject, s: &Search, matched: bool) -> PyResult<Ref> {
    if !matched {
        return Ok(object::new_none());
    }
    let groups = (*pat).groups as usize + 1;
    let mut marks = vec![-1isize; groups * 2].into_boxed_slice();
    marks[0] = s.st.start as isize;
    marks[1] = s.st.ptr as isize;
    for g in 1..groups {
        if let Some((a, b)) = s.st.group_span(g) {
            if a > b {
                return Err(errors::system_error(
                    "The span of capturing group is wrong, please report a bug for the re module.",
                ));
            }
            marks[2 * g] = a as isize;
            marks[2 * g + 1] = b as isize;
        }
    }
    let tp = &raw mut MATCH_TYPE;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<MatchObject>())?;
    object::init_object(op, tp);
    let m = op as *mut MatchObject;
    (*m).string = s.sub.string.clone().into_raw();
    (*m).regs = null_mut();
    (*m).pattern = object::new_ref(pat as *mut PyObject).into_raw() as *mut PatternObject;
    (*m).pos = s.st.pos as isize;
    (*m).endpos = s.st.endpos as isize;
    (*m).lastindex = s.st.lastindex;
    (*m).groups = groups as isize;
    (*m).marks = Box::into_raw(marks) as *mut isize;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

macro_rules! method {
    ($name:ident, |$self_:ident, $a:ident, $n:ident, $kw:ident| $body:block) => {
        unsafe extern "C" fn $name(
            $self_: *mut PyObject,
            $a: *const *mut PyObject,
            $n: Py_ssize_t,
            $kw: *mut PyObject,
        ) -> *mut PyObject {
            errors::ptr_result((|| -> PyResult<Ref> { $body })())
        }
    };
}

method!(pattern_match, |slf, a, n, kw| {
    let p = slf as *mut PatternObject;
    let (string, pos, endpos) = string_pos_endpos("match", a, n, kw)?;
    let mut s = begin(p, string, pos, endpos)?;
    let ok = s.st.run_match(code_of(p)).map_err(engine_error)?;
    new_match(p, &s, ok)
});

method!(pattern_fullmatch, |slf, a, n, kw| {
    let p = slf as *mut PatternObject;
    let (string, pos, endpos) = string_pos_endpos("fullmatch", a, n, kw)?;
    let mut s = begin(p, string, pos, endpos)?;
    s.st.match_all = true;
    let ok = s.st.run_match(code_of(p)).map_err(engine_error)?;
    new_match(p, &s, ok)
});

method!(pattern_search, |slf, a, n, kw| {
    let p = slf as *mut PatternObject;
    let (string, pos, endpos) = string_pos_endpos("search", a, n, kw)?;
    let mut s = begin(p, string, pos, endpos)?;
    let ok = s.st.run_search(code_of(p)).map_err(engine_error)?;
    new_match(p, &s, ok)
});

/// Group `g`'s text in the current state (`state_getslice`); `empty` gives "" for unset
/// groups, else None.
unsafe fn state_group(s: &Search, g: usize, empty: bool) -> PyResult<Ref> {
    match s.st.group_span(g) {
        Some((i, j)) => {
            if i > j {
                return Err(errors::system_error(
                    "The span of capturing group is wrong, please report a bug for the re module.",
                ));
            }
            slice_of(&s.sub, i, j)
        }
        None if empty => slice_of(&s.sub, 0, 0),
        None => Ok(object::new_none()),
    }
}

method!(pattern_findall, |slf, a, n, kw| {
    let p = slf as *mut PatternObject;
    let (string, pos, endpos) = string_pos_endpos("findall", a, n, kw)?;
    let mut s = begin(p, string, pos, endpos)?;
    let code = code_of(p);
    let list = listobject::new(0)?;
    while s.st.start <= s.st.end {
        s.st.reset();
        if !s.st.run_search(code).map_err(engine_error)? {
            break;
        }
        let item = match (*p).groups {
            0 => slice_of(&s.sub, s.st.start, s.st.ptr)?,
            1 => state_group(&s, 1, true)?,
            g => {
                let mut items = Vec::with_capacity(g as usize);
                for i in 1..=g as usize {
                    items.push(state_group(&s, i, true)?);
                }
                tupleobject::from_refs(items)?
            }
        };
        listobject::append(list.as_ptr(), item.as_ptr())?;
        s.st.must_advance = s.st.ptr == s.st.start;
        s.st.start = s.st.ptr;
    }
    Ok(list)
});

unsafe fn new_scanner(
    p: *mut PatternObject,
    string: *mut PyObject,
    pos: isize,
    endpos: isize,
) -> PyResult<Ref> {
    let s = begin(p, string, pos, endpos)?;
    let tp = &raw mut SCANNER_TYPE;
    let op = crate::mem::gc::alloc(tp, core::mem::size_of::<ScannerObject>())?;
    object::init_object(op, tp);
    let sc = op as *mut ScannerObject;
    (*sc).pattern = object::new_ref(p as *mut PyObject).into_raw();
    (*sc).search = Box::into_raw(Box::new(s));
    (*sc).executing = 0;
    (*sc).done = 0;
    crate::mem::gc::track(op);
    Ok(Ref::from_raw(op))
}

method!(pattern_scanner, |slf, a, n, kw| {
    let p = slf as *mut PatternObject;
    let (string, pos, endpos) = string_pos_endpos("scanner", a, n, kw)?;
    new_scanner(p, string, pos, endpos)
});

method!(pattern_finditer, |slf, a, n, kw| {
    let p = slf as *mut PatternObject;
    let (string, pos, endpos) = string_pos_endpos("finditer", a, n, kw)?;
    let sc = new_scanner(p, string, pos, endpos)?;
    let search = object::get_attr_str(sc.as_ptr(), "search")?;
    crate::objects::iterobject::new_call_iter(search.as_ptr(), object::none())
});

method!(pattern_split, |slf, a, n, kw| {
    let p = slf as *mut PatternObject;
    let sig = Sig {
        name: "split",
        params: &["string", "maxsplit"],
        posonly: 0,
        maxpos: 2,
        required: 1,
    };
    let v = args::bind(&sig, a, n as usize, kw)?;
    let maxsplit = if v[1].is_null() { 0 } else { ssize_arg(v[1])? };
    let mut s = begin(p, v[0], 0, isize::MAX)?;
    let code = code_of(p);
    let list = listobject::new(0)?;
    let mut count = 0isize;
    let mut last = s.st.start;
    while maxsplit == 0 || count < maxsplit {
        s.st.reset();
        if !s.st.run_search(code).map_err(engine_error)? {
            break;
        }
        let item = slice_of(&s.sub, last, s.st.start)?;
        listobject::append(list.as_ptr(), item.as_ptr())?;
        for g in 1..=(*p).groups as usize {
            let item = state_group(&s, g, false)?;
            listobject::append(list.as_ptr(), item.as_ptr())?;
        }
        count += 1;
        s.st.must_advance = s.st.ptr == s.st.start;
        s.st.start = s.st.ptr;
        last = s.st.ptr;
    }
    let item = slice_of(&s.sub, last, s.st.endpos.max(last))?;
    listobject::append(list.as_ptr(), item.as_ptr())?;
    Ok(list)
});

/// Joins the pieces of a sub() result with the subject's empty string.
unsafe fn join_pieces(isbytes: bool, empty: Ref, pieces: Vec<Ref>) -> PyResult<Ref> {
    if pieces.is_empty() {
        return Ok(empty);
    }
    if !isbytes {
        let raw: Vec<*mut PyObject> = pieces.iter().map(|r| r.as_ptr()).collect();
        return unicodeobject::join(empty.as_ptr(), &raw);
    }
    let mut out: Vec<u8> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let o = piece.as_ptr();
        if bytesobject::is_bytes(o) {
            out.extend_from_slice(bytesobject::as_slice(o));
            continue;
        }
        let mut view: Py_buffer = core::mem::zeroed();
        if crate::objects::r#abstract::buffer::get_buffer(o, &mut view, 0).is_err() {
            crate::errors::clear();
            return Err(errors::type_error(&format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                object::type_name_trunc(object::py_type(o), 80)
            )));
        }
        if view.len > 0 {
            out.extend_from_slice(core::slice::from_raw_parts(
                view.buf as *const u8,
                view.len as usize,
            ));
        }
        crate::objects::r#abstract::buffer::release(&mut view);
    }
    bytesobject::from_slice(&out)
}

/// `pattern_subx`: sub() and subn().
unsafe fn subx(
    p: *mut PatternObject,
    repl: *mut PyObject,
    string: *mut PyObject,
    count: isize,
) -> PyResult<(Ref, isize)> {
    let (filter, callable) = if crate::objects::call::is_callable(repl) {
        (object::new_ref(repl), true)
    } else {
        let literal = match get_subject(repl) {
            Ok(t) => {
                if t.charsize == 1 {
                    !core::slice::from_raw_parts(t.data, t.length).contains(&b'\\')
                } else {
                    (0..t.length).all(|i| {
                        unicodeobject::read_char(t.data as *const c_void, t.charsize as u32, i)
                            != b'\\' as u32
                    })
                }
            }
            Err(_) => {
                crate::errors::clear();
                false
            }
        };
        if literal {
            (object::new_ref(repl), false)
        } else {
            let re = args::import_module("re")?;
            let f = object::get_attr_str(re.as_ptr(), "_subx")?;
            let filter = crate::objects::call::vectorcall(
                f.as_ptr(),
                &[p as *mut PyObject, repl],
                null_mut(),
            )?;
            let c = crate::objects::call::is_callable(filter.as_ptr());
            (filter, c)
        }
    };
    let mut s = begin(p, string, 0, isize::MAX)?;
    let code = code_of(p);
    let mut pieces: Vec<Ref> = Vec::new();
    let mut n = 0isize;
    let mut i = 0usize;
    while count == 0 || n < count {
        s.st.reset();
        if !s.st.run_search(code).map_err(engine_error)? {
            break;
        }
        let (b, e) = (s.st.start, s.st.ptr);
        if i < b {
            pieces.push(slice_of(&s.sub, i, b)?);
        }
        let item = if callable {
            let m = new_match(p, &s, true)?;
            crate::objects::call::call_one_arg(filter.as_ptr(), m.as_ptr())?
        } else {
            filter.clone()
        };
        if item.as_ptr() != object::none() {
            pieces.push(item);
        }
        i = e;
        n += 1;
        s.st.must_advance = s.st.ptr == s.st.start;
        s.st.start = s.st.ptr;
    }
    if i < s.st.endpos {
        pieces.push(slice_of(&s.sub, i, s.st.endpos)?);
    }
    let empty = slice_of(&s.sub, 0, 0)?;
    let isbytes = s.sub.isbytes;
    drop(s);
    Ok((join_pieces(isbytes, empty, pieces)?, n))
}

unsafe fn sub_args(
    name: &'static str,
    a: *const *mut PyObject,
    n: Py_ssize_t,
    kw: *mut PyObject,
) -> PyResult<(*mut PyObject, *mut PyObject, isize)> {
    let sig = Sig {
        name,
        params: &["repl", "string", "count"],
        posonly: 0,
        maxpos: 3,
        required: 2,
    };
    let v = args::bind(&sig, a, n as usize, kw)?;
    let count = if v[2].is_null() { 0 } else { ssize_arg(v[2])? };
    Ok((v[0], v[1], count))
}

method!(pattern_sub, |slf, a, n, kw| {
    let (repl, string, count) = sub_args("sub", a, n, kw)?;
    Ok(subx(slf as *mut PatternObject, repl, string, count)?.0)
});

method!(pattern_subn, |slf, a, n, kw| {
    let (repl, string, count) = sub_args("subn", a, n, kw)?;
    let (r, k) = subx(slf as *mut PatternObject, repl, string, count)?;
    tupleobject::from_refs(vec![r, longobject::from_i64(k as i64)?])
});

unsafe extern "C" fn return_self(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    object::new_ref(op).into_raw()
}

unsafe extern "C" fn pattern_groupindex(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let p = op as *mut PatternObject;
    errors::ptr_result((|| {
        if (*p).groupindex.is_null() {
            return dictobject::new();
        }
        crate::objects::descrobject::dict_proxy_new((*p).groupindex)
    })())
}

// ---------------------------------------------------------------------------------------------
// Match

#[repr(C)]
pub struct MatchObject {
    ob_base: PyObject,
    string: *mut PyObject,
    regs: *mut PyObject,
    pattern: *mut PatternObject,
    pos: Py_ssize_t,
    endpos: Py_ssize_t,
    lastindex: Py_ssize_t,
    /// Number of groups including group 0.
    groups: Py_ssize_t,
    /// `2 * groups` offsets; -1 for groups that did not take part.
    marks: *mut isize,
}

unsafe fn marks_of<'a>(m: *mut MatchObject) -> &'a [isize] {
    core::slice::from_raw_parts((*m).marks, (*m).groups as usize * 2)
}

unsafe extern "C" fn match_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    match_clear(op);
    let m = op as *mut MatchObject;
    if !(*m).marks.is_null() {
        drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
            (*m).marks,
            (*m).groups as usize * 2,
        )));
        (*m).marks = null_mut();
    }
    crate::mem::gc::free(op);
}

unsafe extern "C" fn match_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let m = op as *mut MatchObject;
    for o in [(*m).string, (*m).regs, (*m).pattern as *mut PyObject] {
        if !o.is_null() {
            let r = visit.map_or(0, |f| f(o, arg));
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn match_clear(op: *mut PyObject) -> c_int {
    let m = op as *mut MatchObject;
    object::replace_slot(&mut (*m).string, null_mut());
    object::replace_slot(&mut (*m).regs, null_mut());
    let p = (*m).pattern as *mut PyObject;
    (*m).pattern = null_mut();
    object::xdecref(p);
    0
}

/// `match_getslice_by_index`.
unsafe fn match_slice(m: *mut MatchObject, index: usize, default: *mut PyObject) -> PyResult<Ref> {
    let marks = marks_of(m);
    if (*m).string == object::none() || marks[index * 2] < 0 {
        return Ok(object::new_ref(default));
    }
    let sub = get_subject((*m).string)?;
    let i = (marks[index * 2] as usize).min(sub.length);
    let j = (marks[index * 2 + 1] as usize).min(sub.length);
    slice_of(&sub, i, j)
}

/// `match_getindex`: a group number or name to a group index.
unsafe fn match_index(m: *mut MatchObject, index: *mut PyObject) -> PyResult<usize> {
    if index.is_null() {
        return Ok(0);
    }
    let i: isize = if crate::objects::r#abstract::number::index_check(index) {
        crate::objects::r#abstract::number::as_ssize_t(index, null_mut())?
    } else {
        let gi = (*(*m).pattern).groupindex;
        let mut i = -1;
        if !gi.is_null() {
            if let Some(v) = dictobject::get_item(gi, index)? {
                if longobject::is_int(v) {
                    i = longobject::as_ssize_index(v, null_mut())?;
                }
            }
        }
        i
    };
    if i < 0 || i >= (*m).groups {
        return Err(errors::set_string(exc::PyExc_IndexError, "no such group"));
    }
    Ok(i as usize)
}

unsafe fn match_get(
    m: *mut MatchObject,
    index: *mut PyObject,
    default: *mut PyObject,
) -> PyResult<Ref> {
    let i = match_index(m, index)?;
    match_slice(m, i, default)
}

unsafe extern "C" fn match_group(
    op: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
) -> *mut PyObject {
    let m = op as *mut MatchObject;
    errors::ptr_result((|| -> PyResult<Ref> {
        match n {
            0 => match_slice(m, 0, object::none()),
            1 => match_get(m, *a, object::none()),
            _ => {
                let mut items = Vec::with_capacity(n as usize);
                for k in 0..n as usize {
                    items.push(match_get(m, *a.add(k), object::none())?);
                }
                tupleobject::from_refs(items)
            }
        }
    })())
}

unsafe extern "C" fn match_getitem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(match_get(op as *mut MatchObject, key, object::none()))
}

method!(match_groups, |slf, a, n, kw| {
    let m = slf as *mut MatchObject;
    let sig = Sig {
        name: "groups",
        params: &["default"],
        posonly: 0,
        maxpos: 1,
        required: 0,
    };
    let v = args::bind(&sig, a, n as usize, kw)?;
    let default = if v[0].is_null() { object::none() } else { v[0] };
    let mut items = Vec::new();
    for g in 1..(*m).groups as usize {
        items.push(match_slice(m, g, default)?);
    }
    tupleobject::from_refs(items)
});

method!(match_groupdict, |slf, a, n, kw| {
    let m = slf as *mut MatchObject;
    let sig = Sig {
        name: "groupdict",
        params: &["default"],
        posonly: 0,
        maxpos: 1,
        required: 0,
    };
    let v = args::bind(&sig, a, n as usize, kw)?;
    let default = if v[0].is_null() { object::none() } else { v[0] };
    let result = dictobject::new()?;
    let gi = (*(*m).pattern).groupindex;
    if gi.is_null() {
        return Ok(result);
    }
    let mut pos = 0;
    let mut keys = Vec::new();
    while let Some((k, _)) = dictobject::next(gi, &mut pos) {
        keys.push(object::new_ref(k));
    }
    for k in keys {
        let v = match_get(m, k.as_ptr(), default)?;
        dictobject::set_item(result.as_ptr(), k.as_ptr(), v.as_ptr())?;
    }
    Ok(result)
});

unsafe fn one_group_arg(
    name: &str,
    a: *const *mut PyObject,
    n: Py_ssize_t,
) -> PyResult<*mut PyObject> {
    crate::getargs::check_positional(Some(name), n as usize, 0, 1)?;
    Ok(if n == 0 { null_mut() } else { *a })
}

unsafe extern "C" fn match_start(
    op: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
) -> *mut PyObject {
    let m = op as *mut MatchObject;
    errors::ptr_result((|| {
        let i = match_index(m, one_group_arg("start", a, n)?)?;
        longobject::from_i64(marks_of(m)[i * 2] as i64)
    })())
}

unsafe extern "C" fn match_end(
    op: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
) -> *mut PyObject {
    let m = op as *mut MatchObject;
    errors::ptr_result((|| {
        let i = match_index(m, one_group_arg("end", a, n)?)?;
        longobject::from_i64(marks_of(m)[i * 2 + 1] as i64)
    })())
}

unsafe fn pair(a: isize, b: isize) -> PyResult<Ref> {
    tupleobject::from_refs(vec![
        longobject::from_i64(a as i64)?,
        longobject::from_i64(b as i64)?,
    ])
}

unsafe extern "C" fn match_span(
    op: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
) -> *mut PyObject {
    let m = op as *mut MatchObject;
    errors::ptr_result((|| {
        let i = match_index(m, one_group_arg("span", a, n)?)?;
        let marks = marks_of(m);
        pair(marks[i * 2], marks[i * 2 + 1])
    })())
}

method!(match_expand, |slf, a, n, kw| {
    let m = slf as *mut MatchObject;
    let sig = Sig {
        name: "expand",
        params: &["template"],
        posonly: 0,
        maxpos: 1,
        required: 1,
    };
    let v = args::bind(&sig, a, n as usize, kw)?;
    let re = args::import_module("re")?;
    let f = object::get_attr_str(re.as_ptr(), "_expand")?;
    crate::objects::call::vectorcall(
        f.as_ptr(),
        &[(*m).pattern as *mut PyObject, slf, v[0]],
        null_mut(),
    )
});

unsafe extern "C" fn match_lastindex(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let m = op as *mut MatchObject;
    if (*m).lastindex >= 0 {
        errors::ptr_result(longobject::from_i64((*m).lastindex as i64))
    } else {
        object::new_none().into_raw()
    }
}

unsafe extern "C" fn match_lastgroup(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let m = op as *mut MatchObject;
    let ig = (*(*m).pattern).indexgroup;
    if !ig.is_null() && (*m).lastindex >= 0 && (*m).lastindex < tupleobject::len(ig) {
        return object::new_ref(*tupleobject::items(ig).add((*m).lastindex as usize)).into_raw();
    }
    object::new_none().into_raw()
}

unsafe extern "C" fn match_regs(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let m = op as *mut MatchObject;
    if !(*m).regs.is_null() {
        return object::new_ref((*m).regs).into_raw();
    }
    errors::ptr_result((|| {
        let marks = marks_of(m);
        let mut items = Vec::new();
        for g in 0..(*m).groups as usize {
            items.push(pair(marks[g * 2], marks[g * 2 + 1])?);
        }
        let t = tupleobject::from_refs(items)?;
        (*m).regs = t.clone().into_raw();
        Ok(t)
    })())
}

unsafe extern "C" fn match_repr(op: *mut PyObject) -> *mut PyObject {
    let m = op as *mut MatchObject;
    errors::ptr_result((|| {
        let g0 = match_slice(m, 0, object::none())?;
        let r = object::repr(g0.as_ptr())?;
        let r = truncated_repr(r.as_ptr(), 50)?;
        let marks = marks_of(m);
        let head = unicodeobject::new_str(&format!(
            "<{} object; span=({}, {}), match=",
            object::type_name(op),
            marks[0],
            marks[1]
        ))?;
        let out = unicodeobject::concat(head.as_ptr(), r.as_ptr())?;
        unicodeobject::concat(out.as_ptr(), unicodeobject::new_str(">")?.as_ptr())
    })())
}

// ---------------------------------------------------------------------------------------------
// Scanner

#[repr(C)]
pub struct ScannerObject {
    ob_base: PyObject,
    pattern: *mut PyObject,
    search: *mut Search,
    executing: c_int,
    /// Set once a step found nothing (CPython sets `state.start` to NULL).
    done: c_int,
}

unsafe extern "C" fn scanner_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    let sc = op as *mut ScannerObject;
    if !(*sc).search.is_null() {
        drop(Box::from_raw((*sc).search));
        (*sc).search = null_mut();
    }
    object::replace_slot(&mut (*sc).pattern, null_mut());
    crate::mem::gc::free(op);
}

unsafe extern "C" fn scanner_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    let sc = op as *mut ScannerObject;
    if !(*sc).pattern.is_null() {
        return visit.map_or(0, |f| f((*sc).pattern, arg));
    }
    0
}

unsafe fn scanner_step(op: *mut PyObject, search: bool) -> PyResult<Ref> {
    let sc = op as *mut ScannerObject;
    if (*sc).executing != 0 {
        return Err(errors::value_error(
            "regular expression scanner already executing",
        ));
    }
    if (*sc).done != 0 || (*sc).search.is_null() {
        return Ok(object::new_none());
    }
    (*sc).executing = 1;
    let p = (*sc).pattern as *mut PatternObject;
    let s = &mut *(*sc).search;
    s.st.reset();
    let r = if search {
        s.st.run_search(code_of(p))
    } else {
        s.st.run_match(code_of(p))
    };
    let r = match r {
        Ok(ok) => new_match(p, s, ok).map(|m| (m, ok)),
        Err(e) => Err(engine_error(e)),
    };
    (*sc).executing = 0;
    let (m, ok) = r?;
    if !ok {
        (*sc).done = 1;
    } else {
        s.st.must_advance = s.st.ptr == s.st.start;
        s.st.start = s.st.ptr;
    }
    Ok(m)
}

unsafe extern "C" fn scanner_match(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(scanner_step(op, false))
}

unsafe extern "C" fn scanner_search(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(scanner_step(op, true))
}

// ---------------------------------------------------------------------------------------------
// Type objects

pub static mut PATTERN_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(pattern_dealloc),
    tp_repr: Some(pattern_repr),
    tp_hash: Some(pattern_hash),
    tp_traverse: Some(pattern_traverse),
    tp_clear: Some(pattern_clear),
    tp_richcompare: Some(pattern_richcompare),
    tp_weaklistoffset: core::mem::offset_of!(PatternObject, weakreflist) as Py_ssize_t,
    tp_getattro: Some(crate::objects::object::PyObject_GenericGetAttr),
    tp_doc: c"Compiled regular expression object.".as_ptr(),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"re.Pattern",
        core::mem::size_of::<PatternObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT
            | Py_TPFLAGS_HAVE_GC
            | Py_TPFLAGS_IMMUTABLETYPE
            | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    )
};

static mut MATCH_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: None,
    mp_subscript: Some(match_getitem),
    mp_ass_subscript: None,
};

pub static mut MATCH_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(match_dealloc),
    tp_repr: Some(match_repr),
    tp_traverse: Some(match_traverse),
    tp_clear: Some(match_clear),
    tp_as_mapping: &raw mut MATCH_AS_MAPPING,
    tp_getattro: Some(crate::objects::object::PyObject_GenericGetAttr),
    tp_doc: c"The result of re.match() and re.search().\nMatch objects always have a boolean value of True."
        .as_ptr(),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"re.Match",
        core::mem::size_of::<MatchObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    )
};

pub static mut SCANNER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(scanner_dealloc),
    tp_traverse: Some(scanner_traverse),
    tp_getattro: Some(crate::objects::object::PyObject_GenericGetAttr),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"_sre.SRE_Scanner",
        core::mem::size_of::<ScannerObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT
            | Py_TPFLAGS_HAVE_GC
            | Py_TPFLAGS_IMMUTABLETYPE
            | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    )
};

type AnyFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastKw = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;
type Fast = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type Getter = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject;

fn def(name: &'static CStr, f: *const (), flags: c_int, doc: &'static CStr) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe { core::mem::transmute::<*const (), AnyFn>(f) }),
        ml_flags: flags,
        ml_doc: doc.as_ptr(),
    }
}

fn kw(name: &'static CStr, f: FastKw, doc: &'static CStr) -> PyMethodDef {
    def(name, f as *const (), METH_FASTCALL | METH_KEYWORDS, doc)
}

fn fast(name: &'static CStr, f: Fast, doc: &'static CStr) -> PyMethodDef {
    def(name, f as *const (), METH_FASTCALL, doc)
}

const SENTINEL_DEF: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

fn getter(name: &'static CStr, get: Getter, doc: &'static CStr) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: None,
        doc: doc.as_ptr(),
        closure: null_mut(),
    }
}

fn member(name: &'static CStr, type_: c_int, offset: usize, doc: &'static CStr) -> PyMemberDef {
    PyMemberDef {
        name: name.as_ptr(),
        type_,
        offset: offset as Py_ssize_t,
        flags: READONLY,
        doc: doc.as_ptr(),
    }
}

const GETSET_END: PyGetSetDef = PyGetSetDef {
    name: core::ptr::null(),
    get: None,
    set: None,
    doc: core::ptr::null(),
    closure: null_mut(),
};
const MEMBER_END: PyMemberDef = PyMemberDef {
    name: core::ptr::null(),
    type_: 0,
    offset: 0,
    flags: 0,
    doc: core::ptr::null(),
};

fn leak<T>(v: Vec<T>) -> *mut T {
    Box::leak(v.into_boxed_slice()).as_mut_ptr()
}

/// Fills the method/member/getset tables and readies the three types (once per process).
unsafe fn ready_types() -> PyResult<()> {
    if (*(&raw mut PATTERN_TYPE)).tp_methods.is_null() {
        let class_getitem = def(
            c"__class_getitem__",
            crate::objects::genericaliasobject::class_getitem as *const (),
            METH_O | METH_CLASS,
            c"See PEP 585",
        );
        PATTERN_TYPE.tp_methods = leak(vec![
            kw(c"match", pattern_match, c"Matches zero or more characters at the beginning of the string."),
            kw(c"fullmatch", pattern_fullmatch, c"Matches against all of the string."),
            kw(c"search", pattern_search, c"Scan through string looking for a match, and return a corresponding match object instance.\n\nReturn None if no position in the string matches."),
            kw(c"sub", pattern_sub, c"Return the string obtained by replacing the leftmost non-overlapping occurrences of pattern in string by the replacement repl."),
            kw(c"subn", pattern_subn, c"Return the tuple (new_string, number_of_subs_made) found by replacing the leftmost non-overlapping occurrences of pattern with the replacement repl."),
            kw(c"findall", pattern_findall, c"Return a list of all non-overlapping matches of pattern in string."),
            kw(c"split", pattern_split, c"Split string by the occurrences of pattern."),
            kw(c"finditer", pattern_finditer, c"Return an iterator over all non-overlapping matches for the RE pattern in string.\n\nFor each match, the iterator returns a match object."),
            kw(c"scanner", pattern_scanner, c""),
            def(c"__copy__", return_self as *const (), METH_NOARGS, c""),
            def(c"__deepcopy__", return_self as *const (), METH_O, c""),
            class_getitem,
            SENTINEL_DEF,
        ]);
        PATTERN_TYPE.tp_getset = leak(vec![
            getter(
                c"groupindex",
                pattern_groupindex,
                c"A dictionary mapping group names to group numbers.",
            ),
            GETSET_END,
        ]);
        PATTERN_TYPE.tp_members = leak(vec![
            member(
                c"pattern",
                T_OBJECT,
                core::mem::offset_of!(PatternObject, pattern),
                c"The pattern string from which the RE object was compiled.",
            ),
            member(
                c"flags",
                T_INT,
                core::mem::offset_of!(PatternObject, flags),
                c"The regex matching flags.",
            ),
            member(
                c"groups",
                T_PYSSIZET,
                core::mem::offset_of!(PatternObject, groups),
                c"The number of capturing groups in the pattern.",
            ),
            MEMBER_END,
        ]);

        MATCH_TYPE.tp_methods = leak(vec![
            fast(c"group", match_group, c"group([group1, ...]) -> str or tuple.\n    Return subgroup(s) of the match by indices or names.\n    For 0 returns the entire match."),
            fast(c"start", match_start, c"Return index of the start of the substring matched by group."),
            fast(c"end", match_end, c"Return index of the end of the substring matched by group."),
            fast(c"span", match_span, c"For match object m, return the 2-tuple (m.start(group), m.end(group))."),
            kw(c"groups", match_groups, c"Return a tuple containing all the subgroups of the match, from 1."),
            kw(c"groupdict", match_groupdict, c"Return a dictionary containing all the named subgroups of the match, keyed by the subgroup name."),
            kw(c"expand", match_expand, c"Return the string obtained by doing backslash substitution on the string template, as done by the sub() method."),
            def(c"__copy__", return_self as *const (), METH_NOARGS, c""),
            def(c"__deepcopy__", return_self as *const (), METH_O, c""),
            def(
                c"__class_getitem__",
                crate::objects::genericaliasobject::class_getitem as *const (),
                METH_O | METH_CLASS,
                c"See PEP 585",
            ),
            SENTINEL_DEF,
        ]);
        MATCH_TYPE.tp_getset = leak(vec![
            getter(
                c"lastindex",
                match_lastindex,
                c"The integer index of the last matched capturing group.",
            ),
            getter(
                c"lastgroup",
                match_lastgroup,
                c"The name of the last matched capturing group.",
            ),
            getter(c"regs", match_regs, c""),
            GETSET_END,
        ]);
        MATCH_TYPE.tp_members = leak(vec![
            member(
                c"string",
                T_OBJECT,
                core::mem::offset_of!(MatchObject, string),
                c"The string passed to match() or search().",
            ),
            member(
                c"re",
                T_OBJECT,
                core::mem::offset_of!(MatchObject, pattern),
                c"The regular expression object.",
            ),
            member(
                c"pos",
                T_PYSSIZET,
                core::mem::offset_of!(MatchObject, pos),
                c"The index into the string at which the RE engine started looking for a match.",
            ),
            member(
                c"endpos",
                T_PYSSIZET,
                core::mem::offset_of!(MatchObject, endpos),
                c"The index into the string beyond which the RE engine will not go.",
            ),
            MEMBER_END,
        ]);

        SCANNER_TYPE.tp_methods = leak(vec![
            def(c"match", scanner_match as *const (), METH_NOARGS, c""),
            def(c"search", scanner_search as *const (), METH_NOARGS, c""),
            SENTINEL_DEF,
        ]);
        SCANNER_TYPE.tp_members = leak(vec![
            member(
                c"pattern",
                T_OBJECT,
                core::mem::offset_of!(ScannerObject, pattern),
                c"",
            ),
            MEMBER_END,
        ]);
    }
    crate::objects::typeobject::ready(&raw mut PATTERN_TYPE)?;
    crate::objects::typeobject::ready(&raw mut MATCH_TYPE)?;
    crate::objects::typeobject::ready(&raw mut SCANNER_TYPE)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Module functions

/// Checks the shape of the code words enough that the matcher never reads past them (a
/// lighter `_validate`: every skip and operand stays inside the code).
fn validate(code: &[u32], groups: usize) -> bool {
    fn ops(code: &[u32], mut i: usize, end: usize, groups: usize, depth: usize) -> bool {
        if depth > 500 {
            return true;
        }
        while i < end {
            let op = code[i];
            i += 1;
            macro_rules! need {
                ($n:expr) => {
                    i + $n <= end
                };
            }
            match op {
                OP_FAILURE | OP_SUCCESS | OP_ANY | OP_ANY_ALL => {}
                OP_AT
                | OP_CATEGORY
                | OP_LITERAL
                | OP_NOT_LITERAL
                | OP_LITERAL_IGNORE
                | OP_NOT_LITERAL_IGNORE
                | OP_LITERAL_UNI_IGNORE
                | OP_NOT_LITERAL_UNI_IGNORE
                | OP_LITERAL_LOC_IGNORE
                | OP_NOT_LITERAL_LOC_IGNORE => {
                    if !need!(1) {
                        return false;
                    }
                    i += 1;
                }
                OP_MARK => {
                    if !need!(1) || code[i] as usize >= 2 * groups {
                        return false;
                    }
                    i += 1;
                }
                OP_GROUPREF
                | OP_GROUPREF_IGNORE
                | OP_GROUPREF_UNI_IGNORE
                | OP_GROUPREF_LOC_IGNORE => {
                    if !need!(1) || code[i] as usize >= groups {
                        return false;
                    }
                    i += 1;
                }
                OP_IN | OP_IN_IGNORE | OP_IN_UNI_IGNORE | OP_IN_LOC_IGNORE | OP_INFO => {
                    if !need!(1) || code[i] == 0 || i + code[i] as usize > end {
                        return false;
                    }
                    i += code[i] as usize;
                }
                OP_JUMP => {
                    // Jumps leave the enclosing item (BRANCH, GROUPREF_EXISTS): check globally.
                    if !need!(1) || code[i] == 0 || i + code[i] as usize > code.len() {
                        return false;
                    }
                    i += 1;
                }
                OP_BRANCH => {
                    // skip, alternative, JUMP ..., 0
                    loop {
                        if !need!(1) {
                            return false;
                        }
                        let skip = code[i] as usize;
                        if skip == 0 {
                            i += 1;
                            break;
                        }
                        if i + skip > end || !ops(code, i + 1, i + skip, groups, depth + 1) {
                            return false;
                        }
                        i += skip;
                    }
                }
                OP_REPEAT_ONE | OP_MIN_REPEAT_ONE | OP_POSSESSIVE_REPEAT_ONE => {
                    // skip min max item SUCCESS; skip lands after the SUCCESS
                    if !need!(3)
                        || code[i] < 4
                        || i + code[i] as usize > end
                        || code[i + 1] > code[i + 2]
                    {
                        return false;
                    }
                    let skip = code[i] as usize;
                    if code[i + skip - 1] != OP_SUCCESS
                        || !ops(code, i + 3, i + skip - 1, groups, depth + 1)
                    {
                        return false;
                    }
                    i += skip;
                }
                OP_REPEAT | OP_POSSESSIVE_REPEAT => {
                    // skip min max item UNTIL/SUCCESS; skip lands on the UNTIL/SUCCESS
                    if !need!(3)
                        || code[i] < 3
                        || i + code[i] as usize >= end
                        || code[i + 1] > code[i + 2]
                    {
                        return false;
                    }
                    let skip = code[i] as usize;
                    let closer = code[i + skip];
                    let ok_closer = if op == OP_REPEAT {
                        matches!(closer, OP_MAX_UNTIL | OP_MIN_UNTIL)
                    } else {
                        closer == OP_SUCCESS
                    };
                    if !ok_closer || !ops(code, i + 3, i + skip, groups, depth + 1) {
                        return false;
                    }
                    i += skip + 1;
                }
                OP_MAX_UNTIL | OP_MIN_UNTIL => {}
                OP_GROUPREF_EXISTS => {
                    if !need!(2)
                        || code[i] as usize >= groups
                        || code[i + 1] < 2
                        || i + code[i + 1] as usize > end
                    {
                        return false;
                    }
                    i += 2;
                }
                OP_ASSERT | OP_ASSERT_NOT => {
                    if !need!(2) || code[i] < 2 || i + code[i] as usize > end {
                        return false;
                    }
                    let skip = code[i] as usize;
                    if !ops(code, i + 2, i + skip, groups, depth + 1) {
                        return false;
                    }
                    i += skip;
                }
                OP_ATOMIC_GROUP => {
                    // skip pattern SUCCESS; skip lands after the SUCCESS
                    if !need!(1) || code[i] < 2 || i + code[i] as usize > end {
                        return false;
                    }
                    let skip = code[i] as usize;
                    if code[i + skip - 1] != OP_SUCCESS
                        || !ops(code, i + 1, i + skip - 1, groups, depth + 1)
                    {
                        return false;
                    }
                    i += skip;
                }
                _ => return false,
            }
        }
        true
    }
    !code.is_empty() && ops(code, 0, code.len(), groups, 0)
}

unsafe extern "C" fn sre_compile(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
    kwn: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| -> PyResult<Ref> {
        let sig = Sig {
            name: "compile",
            params: &[
                "pattern",
                "flags",
                "code",
                "groups",
                "groupindex",
                "indexgroup",
            ],
            posonly: 0,
            maxpos: 6,
            required: 6,
        };
        let v = args::bind(&sig, a, n as usize, kwn)?;
        let flags = crate::getargs::int_from_object(v[1])?;
        let check = |o: *mut PyObject,
                     tp: *mut PyTypeObject,
                     argn: usize,
                     expected: &str|
         -> PyResult<()> {
            if object::is_type(o, tp)
                || crate::objects::typeobject::is_subtype(object::py_type(o), tp)
            {
                Ok(())
            } else {
                Err(errors::type_error(&format!(
                    "compile() argument {argn} must be {expected}, not {}",
                    object::type_name_trunc(object::py_type(o), 100)
                )))
            }
        };
        check(v[2], &raw mut listobject::PyList_Type, 3, "list")?;
        let groups = ssize_arg(v[3])?;
        check(v[4], &raw mut dictobject::PyDict_Type, 5, "dict")?;
        check(v[5], &raw mut tupleobject::PyTuple_Type, 6, "tuple")?;
        let list = v[2];
        let len = listobject::len(list) as usize;
        let mut code = Vec::with_capacity(len);
        for k in 0..len {
            let o = listobject::get_item(list, k as isize)?;
            let value = longobject::as_u64_checked(
                o,
                "can't convert negative value to unsigned int",
                "Python int too large to convert to C unsigned long",
            )?;
            if value > u32::MAX as u64 {
                return Err(errors::overflow_error(
                    "regular expression code size limit exceeded",
                ));
            }
            code.push(value as u32);
        }
        let pattern = v[0];
        let isbytes = if pattern == object::none() {
            -1
        } else {
            let sub = get_subject(pattern)?;
            sub.isbytes as c_int
        };
        if groups < 0 || !validate(&code, groups as usize) {
            return Err(errors::set_string(
                exc::PyExc_RuntimeError,
                "invalid SRE code",
            ));
        }
        ready_types()?;
        let tp = &raw mut PATTERN_TYPE;
        let op = crate::mem::gc::alloc(tp, core::mem::size_of::<PatternObject>())?;
        object::init_object(op, tp);
        let p = op as *mut PatternObject;
        let boxed = code.into_boxed_slice();
        (*p).first_chars = engine::first_char_table(&boxed);
        (*p).codesize = boxed.len();
        (*p).code = Box::into_raw(boxed) as *mut u32;
        (*p).pattern = object::new_ref(pattern).into_raw();
        (*p).flags = flags;
        (*p).isbytes = isbytes;
        (*p).groups = groups;
        (*p).weakreflist = null_mut();
        (*p).groupindex = null_mut();
        (*p).indexgroup = null_mut();
        if dictobject::len(v[4]) > 0 {
            (*p).groupindex = object::new_ref(v[4]).into_raw();
            if tupleobject::len(v[5]) > 0 {
                (*p).indexgroup = object::new_ref(v[5]).into_raw();
            }
        }
        crate::mem::gc::track(op);
        Ok(Ref::from_raw(op))
    })())
}

unsafe extern "C" fn sre_getcodesize(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_i64(4))
}

/// The `int` argument of the case helpers (`_PyLong_AsInt`, floats refused).
unsafe fn char_arg(o: *mut PyObject) -> PyResult<u32> {
    Ok(crate::getargs::int_from_object(o)? as u32)
}

unsafe extern "C" fn sre_ascii_iscased(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(
        char_arg(o).map(|ch| object::new_bool(ch < 128 && (ch as u8).is_ascii_alphabetic())),
    )
}

unsafe extern "C" fn sre_unicode_iscased(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(char_arg(o).map(|ch| {
        object::new_bool(ch != charset::lower_unicode(ch) || ch != charset::upper_unicode(ch))
    }))
}

unsafe extern "C" fn sre_ascii_tolower(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(
        char_arg(o).and_then(|ch| longobject::from_i64(charset::lower_ascii(ch) as i32 as i64)),
    )
}

unsafe extern "C" fn sre_unicode_tolower(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(
        char_arg(o).and_then(|ch| longobject::from_i64(charset::lower_unicode(ch) as i32 as i64)),
    )
}

fn module_methods() -> Vec<PyMethodDef> {
    vec![
        kw(c"compile", sre_compile, c""),
        def(
            c"getcodesize",
            sre_getcodesize as *const (),
            METH_NOARGS,
            c"",
        ),
        def(
            c"ascii_iscased",
            sre_ascii_iscased as *const (),
            METH_O,
            c"",
        ),
        def(
            c"unicode_iscased",
            sre_unicode_iscased as *const (),
            METH_O,
            c"",
        ),
        def(
            c"ascii_tolower",
            sre_ascii_tolower as *const (),
            METH_O,
            c"",
        ),
        def(
            c"unicode_tolower",
            sre_unicode_tolower as *const (),
            METH_O,
            c"",
        ),
    ]
}

/// `PyInit__sre`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        ready_types()?;
        let m = args::create_module(c"_sre", c"", module_methods)?;
        let mp = m.as_ptr();
        args::add(mp, "MAGIC", longobject::from_i64(MAGIC)?.as_ptr())?;
        args::add(mp, "CODESIZE", longobject::from_i64(4)?.as_ptr())?;
        args::add(
            mp,
            "MAXREPEAT",
            longobject::from_i64(MAXREPEAT as i64)?.as_ptr(),
        )?;
        args::add(mp, "MAXGROUPS", longobject::from_i64(MAXGROUPS)?.as_ptr())?;
        args::add(
            mp,
            "copyright",
            unicodeobject::new_str(" SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ")?
                .as_ptr(),
        )?;
        Ok(m)
    })())
}
