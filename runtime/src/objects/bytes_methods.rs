//! The byte-string methods `bytes` and `bytearray` share (CPython's Objects/bytes_methods.c
//! and the byte half of stringlib): the algorithms over `&[u8]`, and one set of method
//! wrappers that both types' method tables point to. A wrapper returns a result of its
//! receiver's kind: `bytes` for bytes (and subclasses), a new `bytearray` for bytearray.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::bytearrayobject;
use crate::objects::bytesobject;
use crate::objects::object::{new_ref, type_name, Ref};

// ---------------------------------------------------------------------------------------------
// Algorithms over bytes.

/// ASCII whitespace as `Py_ISSPACE`: space, \t \n \v \f \r.
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Clamps `start`/`end` as CPython's `ADJUST_INDICES` (negative counts from the end).
pub fn adjust(len: usize, start: isize, end: isize) -> (isize, isize) {
    let len = len as isize;
    let mut s = start;
    let mut e = end;
    if e > len {
        e = len;
    } else if e < 0 {
        e += len;
        if e < 0 {
            e = 0;
        }
    }
    if s < 0 {
        s += len;
        if s < 0 {
            s = 0;
        }
    }
    (s, e)
}

fn find_in(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind_in(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    if needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// `find`/`rfind` within `[start, end)`: the index or -1.
pub fn find(hay: &[u8], needle: &[u8], start: isize, end: isize, reverse: bool) -> isize {
    let (s, e) = adjust(hay.len(), start, end);
    if e - s < needle.len() as isize {
        return -1;
    }
    let part = &hay[s as usize..e as usize];
    let r = if reverse {
        rfind_in(part, needle)
    } else {
        find_in(part, needle)
    };
    match r {
        Some(i) => s + i as isize,
        None => -1,
    }
}

/// `_PyBytes_Find` / `_PyBytes_ReverseFind` (stringlib find/rfind): the index of `needle` in
/// `hay` plus `offset`, or -1. An empty needle is found at the start (at the end, reversed).
pub fn find_at_offset(hay: &[u8], needle: &[u8], offset: isize, reverse: bool) -> isize {
    let r = if reverse { rfind_in(hay, needle) } else { find_in(hay, needle) };
    match r {
        Some(i) => (i as isize).wrapping_add(offset),
        None => -1,
    }
}

/// `_PyBytes_Repeat`: fills `dest[..len_dest]` with repeated copies of `src[..len_src]`,
/// doubling the copied prefix; `src` may equal `dest` (the pattern is already in place).
///
/// # Safety
/// `dest` has `len_dest` writable bytes; `src` has `len_src` readable bytes (len_src > 0
/// when len_dest > 0) and does not otherwise overlap `dest`.
pub unsafe fn repeat_into(dest: *mut u8, len_dest: usize, src: *const u8, len_src: usize) {
    if len_dest == 0 {
        return;
    }
    if len_src == 1 {
        // SAFETY: dest has len_dest writable bytes.
        core::ptr::write_bytes(dest, *src, len_dest);
        return;
    }
    if src != dest as *const u8 {
        // SAFETY: src has len_src bytes, dest at least as many, no overlap.
        core::ptr::copy_nonoverlapping(src, dest, len_src);
    }
    let mut copied = len_src;
    while copied < len_dest {
        let n = copied.min(len_dest - copied);
        // SAFETY: [0, n) and [copied, copied + n) are disjoint parts of dest.
        core::ptr::copy_nonoverlapping(dest, dest.add(copied), n);
        copied += n;
    }
}

/// Non-overlapping occurrences of `needle` in `hay`, at most `max`.
fn count_in(hay: &[u8], needle: &[u8], max: usize) -> usize {
    if needle.is_empty() {
        return (hay.len() + 1).min(max);
    }
    let mut n = 0;
    let mut i = 0;
    while n < max && i + needle.len() <= hay.len() {
        if &hay[i..i + needle.len()] == needle {
            n += 1;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    n
}

/// `count` within `[start, end)`.
pub fn count(hay: &[u8], needle: &[u8], start: isize, end: isize) -> usize {
    let (s, e) = adjust(hay.len(), start, end);
    if e - s < needle.len() as isize || s > hay.len() as isize {
        return 0;
    }
    count_in(&hay[s as usize..e as usize], needle, usize::MAX)
}

/// `startswith`/`endswith` of one prefix/suffix within `[start, end)`.
pub fn tailmatch(hay: &[u8], sub: &[u8], start: isize, end: isize, at_end: bool) -> bool {
    let (s, e) = adjust(hay.len(), start, end);
    if e - s < sub.len() as isize || s > hay.len() as isize {
        return false;
    }
    let part = &hay[s as usize..e as usize];
    if at_end {
        part.ends_with(sub)
    } else {
        part.starts_with(sub)
    }
}

/// `split()` on runs of whitespace, at most `maxsplit` splits (negative: all).
pub fn split_whitespace(s: &[u8], maxsplit: isize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut i = 0;
    let n = s.len();
    while i < n {
        while i < n && is_space(s[i]) {
            i += 1;
        }
        if i == n {
            break;
        }
        if left == 0 {
            // The rest, without trailing whitespace stripped (as CPython).
            out.push(&s[i..]);
            return out;
        }
        let j = i;
        while i < n && !is_space(s[i]) {
            i += 1;
        }
        out.push(&s[j..i]);
        left -= 1;
    }
    out
}

/// `rsplit()` on runs of whitespace.
pub fn rsplit_whitespace(s: &[u8], maxsplit: isize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut i = s.len();
    while i > 0 {
        while i > 0 && is_space(s[i - 1]) {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        if left == 0 {
            out.push(&s[..i]);
            break;
        }
        let j = i;
        while i > 0 && !is_space(s[i - 1]) {
            i -= 1;
        }
        out.push(&s[i..j]);
        left -= 1;
    }
    out.reverse();
    out
}

/// `split(sep)` with a non-empty separator.
pub fn split_sep<'a>(s: &'a [u8], sep: &[u8], maxsplit: isize) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut start = 0;
    while left > 0 {
        match find_in(&s[start..], sep) {
            Some(i) if start + i + sep.len() <= s.len() => {
                out.push(&s[start..start + i]);
                start += i + sep.len();
                left -= 1;
            }
            _ => break,
        }
    }
    out.push(&s[start..]);
    out
}

/// `rsplit(sep)` with a non-empty separator.
pub fn rsplit_sep<'a>(s: &'a [u8], sep: &[u8], maxsplit: isize) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut end = s.len();
    while left > 0 {
        match rfind_in(&s[..end], sep) {
            Some(i) => {
                out.push(&s[i + sep.len()..end]);
                end = i;
                left -= 1;
            }
            None => break,
        }
    }
    out.push(&s[..end]);
    out.reverse();
    out
}

/// `splitlines(keepends)`: lines end at \n, \r or \r\n.
pub fn splitlines(s: &[u8], keepends: bool) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = s.len();
    while i < n {
        let start = i;
        while i < n && s[i] != b'\n' && s[i] != b'\r' {
            i += 1;
        }
        let mut eol = i;
        if i < n {
            if s[i] == b'\r' && i + 1 < n && s[i + 1] == b'\n' {
                i += 2;
            } else {
                i += 1;
            }
            if keepends {
                eol = i;
            }
        }
        out.push(&s[start..eol]);
    }
    out
}

/// Which ends `strip` works on.
#[derive(Clone, Copy, PartialEq)]
pub enum Ends {
    Left,
    Right,
    Both,
}

/// `strip`/`lstrip`/`rstrip`: whitespace (`chars` None) or any byte of `chars`.
pub fn strip<'a>(s: &'a [u8], chars: Option<&[u8]>, ends: Ends) -> &'a [u8] {
    let drop = |c: u8| match chars {
        None => is_space(c),
        Some(set) => set.contains(&c),
    };
    let mut i = 0;
    let mut j = s.len();
    if ends != Ends::Right {
        while i < j && drop(s[i]) {
            i += 1;
        }
    }
    if ends != Ends::Left {
        while j > i && drop(s[j - 1]) {
            j -= 1;
        }
    }
    &s[i..j]
}

/// `replace(old, new, count)` (negative count: all); None when nothing changes.
pub fn replace(s: &[u8], old: &[u8], new: &[u8], count: isize) -> Option<Vec<u8>> {
    let max = if count < 0 { usize::MAX } else { count as usize };
    if max == 0 || (old.is_empty() && new.is_empty()) {
        return None;
    }
    if old.is_empty() {
        // Insert `new` before every byte and at the end, up to `max` times.
        let mut out = Vec::with_capacity(s.len() + new.len() * (s.len() + 1).min(max));
        let mut done = 0;
        for &c in s {
            if done < max {
                out.extend_from_slice(new);
                done += 1;
            }
            out.push(c);
        }
        if done < max {
            out.extend_from_slice(new);
        }
        return Some(out);
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    let mut done = 0;
    let mut changed = false;
    while done < max {
        match find_in(&s[i..], old) {
            Some(k) if i + k + old.len() <= s.len() => {
                out.extend_from_slice(&s[i..i + k]);
                out.extend_from_slice(new);
                i += k + old.len();
                done += 1;
                changed = true;
            }
            _ => break,
        }
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&s[i..]);
    Some(out)
}

/// `expandtabs(tabsize)`: columns restart after \n and \r.
pub fn expandtabs(s: &[u8], tabsize: isize) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut col: isize = 0;
    for &c in s {
        if c == b'\t' {
            if tabsize > 0 {
                let pad = tabsize - col % tabsize;
                out.extend(core::iter::repeat_n(b' ', pad as usize));
                col += pad;
            }
        } else {
            out.push(c);
            col += 1;
            if c == b'\n' || c == b'\r' {
                col = 0;
            }
        }
    }
    out
}

/// `center`/`ljust`/`rjust` padding: (left, right) counts for a result of `width`.
pub fn pad_counts(len: usize, width: isize, how: u8) -> (usize, usize) {
    if width <= len as isize {
        return (0, 0);
    }
    let marg = width as usize - len;
    match how {
        b'l' => (0, marg),
        b'r' => (marg, 0),
        // center: the extra byte goes left when both margin and width are odd.
        _ => {
            let left = marg / 2 + (marg & width as usize & 1);
            (left, marg - left)
        }
    }
}

/// `zfill(width)`: zeros after a leading sign.
pub fn zfill(s: &[u8], width: isize) -> Vec<u8> {
    if width <= s.len() as isize {
        return s.to_vec();
    }
    let fill = width as usize - s.len();
    let mut out = vec![b'0'; fill];
    out.extend_from_slice(s);
    if !s.is_empty() && (s[0] == b'+' || s[0] == b'-') {
        out[0] = s[0];
        out[fill] = b'0';
    }
    out
}

pub fn lower(s: &[u8]) -> Vec<u8> {
    s.to_ascii_lowercase()
}

pub fn upper(s: &[u8]) -> Vec<u8> {
    s.to_ascii_uppercase()
}

pub fn swapcase(s: &[u8]) -> Vec<u8> {
    s.iter()
        .map(|&c| {
            if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c
            }
        })
        .collect()
}

pub fn capitalize(s: &[u8]) -> Vec<u8> {
    s.iter()
        .enumerate()
        .map(|(i, &c)| if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
        .collect()
}

/// `title()`: a letter after a non-letter is upper-cased, others lower-cased.
pub fn title(s: &[u8]) -> Vec<u8> {
    let mut prev_cased = false;
    s.iter()
        .map(|&c| {
            let r = if c.is_ascii_alphabetic() {
                if prev_cased {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            } else {
                c
            };
            prev_cased = c.is_ascii_alphabetic();
            r
        })
        .collect()
}

pub fn istitle(s: &[u8]) -> bool {
    let mut cased = false;
    let mut prev_cased = false;
    for &c in s {
        if c.is_ascii_uppercase() {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else if c.is_ascii_lowercase() {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    cased
}

/// `islower`/`isupper`: some cased byte, none of the other case.
pub fn is_case(s: &[u8], upper: bool) -> bool {
    let mut cased = false;
    for &c in s {
        if (upper && c.is_ascii_lowercase()) || (!upper && c.is_ascii_uppercase()) {
            return false;
        }
        if c.is_ascii_alphabetic() {
            cased = true;
        }
    }
    cased
}

/// `isalnum`/`isalpha`/`isdigit`/`isspace`: non-empty, every byte of the class.
pub fn all_of(s: &[u8], class: fn(u8) -> bool) -> bool {
    !s.is_empty() && s.iter().all(|&c| class(c))
}

/// `translate(table, delete)`: bytes in `delete` removed, the rest mapped by `table`.
pub fn translate(s: &[u8], table: Option<&[u8]>, delete: &[u8]) -> Vec<u8> {
    s.iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.map_or(c, |t| t[c as usize]))
        .collect()
}

/// `maketrans(frm, to)`: the identity table with `frm[i]` mapped to `to[i]`.
pub fn maketrans(frm: &[u8], to: &[u8]) -> Vec<u8> {
    let mut t: Vec<u8> = (0..=255u8).collect();
    for (&a, &b) in frm.iter().zip(to) {
        t[a as usize] = b;
    }
    t
}

// ---------------------------------------------------------------------------------------------
// Argument handling shared by the wrappers.

/// The receiver's contents, copied for a bytearray (argument conversion may run Python
/// code that resizes it).
unsafe fn self_bytes(op: *mut PyObject) -> Vec<u8> {
    if bytesobject::is_bytes(op) {
        bytesobject::as_slice(op).to_vec()
    } else {
        bytearrayobject::as_slice(op).to_vec()
    }
}

/// A result of the receiver's kind.
unsafe fn make(op: *mut PyObject, data: &[u8]) -> PyResult<Ref> {
    if bytesobject::is_bytes(op) {
        bytesobject::from_slice(data)
    } else {
        bytearrayobject::from_slice(data)
    }
}

/// The receiver itself when it is exact bytes and unchanged (CPython shares it), else a
/// new object of its kind.
unsafe fn make_or_self(op: *mut PyObject, orig: &[u8], data: &[u8]) -> PyResult<Ref> {
    if bytesobject::is_exact_bytes(op) && orig == data {
        return Ok(new_ref(op));
    }
    make(op, data)
}

/// The contents of a bytes-like object (any buffer exporter), or CPython's TypeError.
///
/// # Safety
/// `o` is live.
pub unsafe fn bytes_like(o: *mut PyObject) -> PyResult<Vec<u8>> {
    if bytesobject::is_bytes(o) {
        return Ok(bytesobject::as_slice(o).to_vec());
    }
    if bytearrayobject::is_bytearray(o) {
        return Ok(bytearrayobject::as_slice(o).to_vec());
    }
    use crate::objects::r#abstract::buffer;
    if !buffer::check(o) {
        return Err(errors::type_error(&format!(
            "a bytes-like object is required, not '{}'",
            type_name(o)
        )));
    }
    let mut view: Py_buffer = core::mem::zeroed();
    buffer::get_buffer(o, &mut view, buffer::PyBUF_FULL_RO)?;
    let mut data = vec![0u8; view.len.max(0) as usize];
    let r = buffer::to_contiguous(data.as_mut_ptr().cast(), &mut view, view.len, b'C');
    buffer::release(&mut view);
    r?;
    Ok(data)
}

/// A byte value given as an int (`find(98)`), or the bytes-like contents.
unsafe fn sub_arg(o: *mut PyObject) -> PyResult<Vec<u8>> {
    if crate::objects::r#abstract::number::index_check(o) {
        let v = crate::objects::longobject::as_ssize_index(o, core::ptr::null_mut());
        return match v {
            Ok(v) if (0..256).contains(&v) => Ok(vec![v as u8]),
            Ok(_) => Err(errors::value_error("byte must be in range(0, 256)")),
            Err(_) => {
                if errors::exception_matches(crate::objects::exceptions::PyExc_OverflowError) {
                    errors::clear();
                    Err(errors::value_error("byte must be in range(0, 256)"))
                } else {
                    Err(errors::ErrSet::assume_set())
                }
            }
        };
    }
    if !crate::objects::r#abstract::buffer::check(o) {
        return Err(errors::type_error(&format!(
            "argument should be integer or bytes-like object, not '{}'",
            type_name(o)
        )));
    }
    bytes_like(o)
}

unsafe fn argv<'a>(a: *const *mut PyObject, n: Py_ssize_t) -> &'a [*mut PyObject] {
    if n <= 0 || a.is_null() {
        &[]
    } else {
        core::slice::from_raw_parts(a, n as usize)
    }
}

/// The type that defines a shared method, as its "takes no keyword arguments" message
/// names it.
unsafe fn owner_name(s: *mut PyObject) -> &'static str {
    if bytesobject::is_bytes(s) {
        "bytes"
    } else {
        "bytearray"
    }
}

/// Clinic-style positional-only parameters: "f expected at most N arguments, got M" and
/// "f() takes no keyword arguments".
unsafe fn positional(
    name: &str,
    a: *const *mut PyObject,
    n: Py_ssize_t,
    kwnames: *mut PyObject,
    min: usize,
    max: usize,
) -> PyResult<Vec<*mut PyObject>> {
    if !kwnames.is_null() && (*(kwnames as *mut PyVarObject)).ob_size > 0 {
        return Err(errors::type_error(&format!("{name}() takes no keyword arguments")));
    }
    let args = argv(a, n);
    crate::getargs::check_positional(Some(name), args.len(), min, max)?;
    let mut out = args.to_vec();
    out.resize(max, core::ptr::null_mut());
    Ok(out)
}

/// Clinic-style parameters that may be given by keyword (`_PyArg_UnpackKeywords`).
unsafe fn keywords(
    name: &str,
    a: *const *mut PyObject,
    n: Py_ssize_t,
    kwnames: *mut PyObject,
    names: &[&str],
    posonly: usize,
    min: usize,
) -> PyResult<Vec<*mut PyObject>> {
    let pos = argv(a, n);
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    let nkw = if kwnames.is_null() {
        0
    } else {
        (*(kwnames as *mut PyVarObject)).ob_size as usize
    };
    if pos.len() + nkw > names.len() || pos.len() > names.len() {
        return Err(errors::type_error(&format!(
            "{name}() takes at most {} {} ({} given)",
            names.len(),
            plural(names.len()),
            pos.len() + nkw
        )));
    }
    let mut out = vec![core::ptr::null_mut(); names.len()];
    out[..pos.len()].copy_from_slice(pos);
    for k in 0..nkw {
        let key = *crate::objects::tupleobject::items(kwnames).add(k);
        let slot = names
            .iter()
            .enumerate()
            .position(|(i, nm)| i >= posonly && crate::objects::unicodeobject::eq_str(key, nm));
        let Some(slot) = slot else {
            return Err(errors::type_error(&format!(
                "'{}' is an invalid keyword argument for {name}()",
                crate::objects::unicodeobject::to_string_lossy(key)
            )));
        };
        if slot < pos.len() {
            return Err(errors::type_error(&format!(
                "argument for {name}() given by name ('{}') and position ({})",
                names[slot],
                slot + 1
            )));
        }
        out[slot] = *a.add(pos.len() + k);
    }
    if let Some(missing) = (0..min).find(|&i| out[i].is_null()) {
        return Err(if missing < posonly {
            errors::type_error(&format!(
                "{name}() takes at least {posonly} positional {} ({} given)",
                plural(posonly),
                pos.len()
            ))
        } else {
            errors::type_error(&format!(
                "{name}() missing required argument '{}' (pos {})",
                names[missing],
                missing + 1
            ))
        });
    }
    Ok(out)
}

/// A `Py_ssize_t` clinic argument (an index; floats refused).
unsafe fn ssize_arg(o: *mut PyObject) -> PyResult<isize> {
    crate::objects::longobject::as_ssize_index(o, crate::objects::exceptions::PyExc_OverflowError)
}

/// A clinic `int` argument: an index (floats refused by `__index__`), in C int range.
pub(crate) unsafe fn int_arg(o: *mut PyObject) -> PyResult<core::ffi::c_int> {
    let v = crate::objects::longobject::index(o)?;
    crate::objects::longobject::as_c_int(v.as_ptr())
}

/// A slice bound (`_PyEval_SliceIndex`): None keeps the default; out-of-range values clamp.
unsafe fn slice_index(o: *mut PyObject, default: isize) -> PyResult<isize> {
    if o.is_null() || o == crate::objects::object::none() {
        return Ok(default);
    }
    if !crate::objects::r#abstract::number::index_check(o) {
        return Err(errors::type_error(
            "slice indices must be integers or None or have an __index__ method",
        ));
    }
    crate::objects::longobject::as_ssize_index(o, core::ptr::null_mut())
}

/// `find`-family arguments: (sub[, start[, end]]) parsed as `PyArg_ParseTuple("O|OO")`.
unsafe fn finds_args(
    name: &str,
    s: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
    kwnames: *mut PyObject,
) -> PyResult<(*mut PyObject, isize, isize)> {
    if !kwnames.is_null() && (*(kwnames as *mut PyVarObject)).ob_size > 0 {
        return Err(errors::type_error(&format!("{}.{name}() takes no keyword arguments", owner_name(s))));
    }
    let args = argv(a, n);
    if args.is_empty() {
        return Err(errors::type_error(&format!("{name}() takes at least 1 argument (0 given)")));
    }
    if args.len() > 3 {
        return Err(errors::type_error(&format!("{name}() takes at most 3 arguments ({} given)", args.len())));
    }
    let start = slice_index(args.get(1).copied().unwrap_or(core::ptr::null_mut()), 0)?;
    let end = slice_index(args.get(2).copied().unwrap_or(core::ptr::null_mut()), isize::MAX)?;
    Ok((args[0], start, end))
}

fn int_obj(v: isize) -> PyResult<Ref> {
    crate::objects::longobject::from_isize(v)
}

fn bool_obj(b: bool) -> PyResult<Ref> {
    Ok(crate::objects::boolobject::from_bool(b))
}

unsafe fn list_of(op: *mut PyObject, parts: &[&[u8]]) -> PyResult<Ref> {
    let objs = parts.iter().map(|p| make(op, p)).collect::<PyResult<Vec<Ref>>>()?;
    let ptrs: Vec<*mut PyObject> = objs.iter().map(|r| r.as_ptr()).collect();
    crate::objects::listobject::from_slice(&ptrs)
}

unsafe fn tuple_of(items: &[Ref]) -> PyResult<Ref> {
    let ptrs: Vec<*mut PyObject> = items.iter().map(|r| r.as_ptr()).collect();
    crate::objects::tupleobject::from_slice(&ptrs)
}

// ---------------------------------------------------------------------------------------------
// The method wrappers (METH_FASTCALL|METH_KEYWORDS, METH_NOARGS).

macro_rules! fastkw {
    ($name:ident, |$s:ident, $a:ident, $n:ident, $kw:ident| $body:block) => {
        pub(crate) unsafe extern "C" fn $name(
            $s: *mut PyObject,
            $a: *const *mut PyObject,
            $n: Py_ssize_t,
            $kw: *mut PyObject,
        ) -> *mut PyObject {
            errors::ptr_result((|| -> PyResult<Ref> { $body })())
        }
    };
}

macro_rules! noargs {
    ($name:ident, |$s:ident| $body:block) => {
        pub(crate) unsafe extern "C" fn $name($s: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
            errors::ptr_result((|| -> PyResult<Ref> { $body })())
        }
    };
}

fastkw!(m_find, |s, a, n, kw| {
    let (sub, st, en) = finds_args("find", s, a, n, kw)?;
    let sub = sub_arg(sub)?;
    int_obj(find(&self_bytes(s), &sub, st, en, false))
});
fastkw!(m_rfind, |s, a, n, kw| {
    let (sub, st, en) = finds_args("rfind", s, a, n, kw)?;
    let sub = sub_arg(sub)?;
    int_obj(find(&self_bytes(s), &sub, st, en, true))
});
fastkw!(m_index, |s, a, n, kw| {
    let (sub, st, en) = finds_args("index", s, a, n, kw)?;
    let sub = sub_arg(sub)?;
    match find(&self_bytes(s), &sub, st, en, false) {
        -1 => Err(errors::value_error("subsection not found")),
        i => int_obj(i),
    }
});
fastkw!(m_rindex, |s, a, n, kw| {
    let (sub, st, en) = finds_args("rindex", s, a, n, kw)?;
    let sub = sub_arg(sub)?;
    match find(&self_bytes(s), &sub, st, en, true) {
        -1 => Err(errors::value_error("subsection not found")),
        i => int_obj(i),
    }
});
fastkw!(m_count, |s, a, n, kw| {
    let (sub, st, en) = finds_args("count", s, a, n, kw)?;
    let sub = sub_arg(sub)?;
    int_obj(count(&self_bytes(s), &sub, st, en) as isize)
});

unsafe fn tail(name: &str, s: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t, kw: *mut PyObject, at_end: bool) -> PyResult<Ref> {
    let (sub, st, en) = finds_args(name, s, a, n, kw)?;
    let me = self_bytes(s);
    if crate::objects::object::has_feature((*sub).ob_type, Py_TPFLAGS_TUPLE_SUBCLASS) {
        let k = (*(sub as *mut PyVarObject)).ob_size as usize;
        for i in 0..k {
            let item = *crate::objects::tupleobject::items(sub).add(i);
            let b = bytes_like(item)?;
            if tailmatch(&me, &b, st, en, at_end) {
                return bool_obj(true);
            }
        }
        return bool_obj(false);
    }
    let b = match bytes_like(sub) {
        Ok(b) => b,
        Err(_) => {
            if errors::exception_matches(crate::objects::exceptions::PyExc_TypeError) {
                errors::clear();
                return Err(errors::type_error(&format!(
                    "{name} first arg must be bytes or a tuple of bytes, not {}",
                    type_name(sub)
                )));
            }
            return Err(errors::ErrSet::assume_set());
        }
    };
    bool_obj(tailmatch(&me, &b, st, en, at_end))
}
fastkw!(m_startswith, |s, a, n, kw| { tail("startswith", s, a, n, kw, false) });
fastkw!(m_endswith, |s, a, n, kw| { tail("endswith", s, a, n, kw, true) });

/// `sep` of split/rsplit: None or a non-empty bytes-like object.
unsafe fn sep_arg(o: *mut PyObject) -> PyResult<Option<Vec<u8>>> {
    if o.is_null() || o == crate::objects::object::none() {
        return Ok(None);
    }
    let b = bytes_like(o)?;
    if b.is_empty() {
        return Err(errors::value_error("empty separator"));
    }
    Ok(Some(b))
}

fastkw!(m_split, |s, a, n, kw| {
    let v = keywords("split", a, n, kw, &["sep", "maxsplit"], 0, 0)?;
    let sep = sep_arg(v[0])?;
    let max = if v[1].is_null() { -1 } else { ssize_arg(v[1])? };
    let me = self_bytes(s);
    let parts = match &sep {
        None => split_whitespace(&me, max),
        Some(sep) => split_sep(&me, sep, max),
    };
    list_of(s, &parts)
});
fastkw!(m_rsplit, |s, a, n, kw| {
    let v = keywords("rsplit", a, n, kw, &["sep", "maxsplit"], 0, 0)?;
    let sep = sep_arg(v[0])?;
    let max = if v[1].is_null() { -1 } else { ssize_arg(v[1])? };
    let me = self_bytes(s);
    let parts = match &sep {
        None => rsplit_whitespace(&me, max),
        Some(sep) => rsplit_sep(&me, sep, max),
    };
    list_of(s, &parts)
});
fastkw!(m_splitlines, |s, a, n, kw| {
    let v = keywords("splitlines", a, n, kw, &["keepends"], 0, 0)?;
    let keep = if v[0].is_null() {
        false
    } else {
        int_arg(v[0])? != 0
    };
    let me = self_bytes(s);
    list_of(s, &splitlines(&me, keep))
});

unsafe fn partition_impl(s: *mut PyObject, sep: *mut PyObject, reverse: bool) -> PyResult<Ref> {
    let sep_b = bytes_like(sep)?;
    if sep_b.is_empty() {
        return Err(errors::value_error("empty separator"));
    }
    let me = self_bytes(s);
    let pos = if reverse { rfind_in(&me, &sep_b) } else { find_in(&me, &sep_b) };
    let parts: [Ref; 3] = match pos {
        Some(i) => [
            make(s, &me[..i])?,
            if bytesobject::is_bytes(s) && bytesobject::is_exact_bytes(sep) { new_ref(sep) } else { make(s, &sep_b)? },
            make(s, &me[i + sep_b.len()..])?,
        ],
        None if reverse => [make(s, &[])?, make(s, &[])?, make_or_self(s, &me, &me)?],
        None => [make_or_self(s, &me, &me)?, make(s, &[])?, make(s, &[])?],
    };
    tuple_of(&parts)
}
pub(crate) unsafe extern "C" fn m_partition(s: *mut PyObject, sep: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(partition_impl(s, sep, false))
}
pub(crate) unsafe extern "C" fn m_rpartition(s: *mut PyObject, sep: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(partition_impl(s, sep, true))
}

unsafe fn strip_impl(name: &str, s: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t, kw: *mut PyObject, ends: Ends) -> PyResult<Ref> {
    let v = positional(name, a, n, kw, 0, 1)?;
    let chars = if v[0].is_null() || v[0] == crate::objects::object::none() {
        None
    } else {
        Some(bytes_like(v[0])?)
    };
    let me = self_bytes(s);
    let r = strip(&me, chars.as_deref(), ends);
    make_or_self(s, &me, r)
}
fastkw!(m_strip, |s, a, n, kw| { strip_impl("strip", s, a, n, kw, Ends::Both) });
fastkw!(m_lstrip, |s, a, n, kw| { strip_impl("lstrip", s, a, n, kw, Ends::Left) });
fastkw!(m_rstrip, |s, a, n, kw| { strip_impl("rstrip", s, a, n, kw, Ends::Right) });

fastkw!(m_replace, |s, a, n, kw| {
    let v = positional("replace", a, n, kw, 2, 3)?;
    let old = bytes_like(v[0])?;
    let new = bytes_like(v[1])?;
    let cnt = if v[2].is_null() { -1 } else { ssize_arg(v[2])? };
    let me = self_bytes(s);
    match replace(&me, &old, &new, cnt) {
        Some(r) => make(s, &r),
        None => make_or_self(s, &me, &me),
    }
});

unsafe fn affix_impl(s: *mut PyObject, arg: *mut PyObject, suffix: bool) -> PyResult<Ref> {
    let affix = bytes_like(arg)?;
    let me = self_bytes(s);
    let r: &[u8] = if suffix {
        if !affix.is_empty() && me.ends_with(&affix) {
            &me[..me.len() - affix.len()]
        } else {
            &me
        }
    } else if !affix.is_empty() && me.starts_with(&affix) {
        &me[affix.len()..]
    } else {
        &me
    };
    make_or_self(s, &me, r)
}
pub(crate) unsafe extern "C" fn m_removeprefix(s: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(affix_impl(s, o, false))
}
pub(crate) unsafe extern "C" fn m_removesuffix(s: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(affix_impl(s, o, true))
}

/// The fill byte of center/ljust/rjust: a bytes or bytearray of length 1.
unsafe fn fill_arg(name: &str, o: *mut PyObject) -> PyResult<u8> {
    if o.is_null() {
        return Ok(b' ');
    }
    let b: &[u8] = if bytesobject::is_bytes(o) {
        bytesobject::as_slice(o)
    } else if bytearrayobject::is_bytearray(o) {
        bytearrayobject::as_slice(o)
    } else {
        return Err(errors::type_error(&format!(
            "{name}() argument 2 must be a byte string of length 1, not {}",
            type_name(o)
        )));
    };
    if b.len() != 1 {
        return Err(errors::type_error(&format!(
            "{name}() argument 2 must be a byte string of length 1, not {}",
            type_name(o)
        )));
    }
    Ok(b[0])
}

unsafe fn pad_impl(name: &str, how: u8, s: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t, kw: *mut PyObject) -> PyResult<Ref> {
    let v = positional(name, a, n, kw, 1, 2)?;
    let width = ssize_arg(v[0])?;
    let fill = fill_arg(name, v[1])?;
    let me = self_bytes(s);
    let (l, r) = pad_counts(me.len(), width, how);
    if l == 0 && r == 0 {
        return make_or_self(s, &me, &me);
    }
    let mut out = Vec::with_capacity(me.len() + l + r);
    out.extend(core::iter::repeat_n(fill, l));
    out.extend_from_slice(&me);
    out.extend(core::iter::repeat_n(fill, r));
    make(s, &out)
}
fastkw!(m_center, |s, a, n, kw| { pad_impl("center", b'c', s, a, n, kw) });
fastkw!(m_ljust, |s, a, n, kw| { pad_impl("ljust", b'l', s, a, n, kw) });
fastkw!(m_rjust, |s, a, n, kw| { pad_impl("rjust", b'r', s, a, n, kw) });
pub(crate) unsafe extern "C" fn m_zfill(s: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let w = ssize_arg(o)?;
        let me = self_bytes(s);
        make_or_self(s, &me, &zfill(&me, w))
    })())
}
fastkw!(m_expandtabs, |s, a, n, kw| {
    let v = keywords("expandtabs", a, n, kw, &["tabsize"], 0, 0)?;
    let tab = if v[0].is_null() {
        8
    } else {
        int_arg(v[0])? as isize
    };
    let me = self_bytes(s);
    make_or_self(s, &me, &expandtabs(&me, tab))
});

macro_rules! case_method {
    ($name:ident, $f:path) => {
        noargs!($name, |s| {
            let me = self_bytes(s);
            make(s, &$f(&me))
        });
    };
}
case_method!(m_lower, lower);
case_method!(m_upper, upper);
case_method!(m_swapcase, swapcase);
case_method!(m_capitalize, capitalize);
case_method!(m_title, title);

macro_rules! is_method {
    ($name:ident, |$m:ident| $e:expr) => {
        noargs!($name, |s| {
            let $m = self_bytes(s);
            bool_obj($e)
        });
    };
}
is_method!(m_isalnum, |m| all_of(&m, |c| c.is_ascii_alphanumeric()));
is_method!(m_isalpha, |m| all_of(&m, |c| c.is_ascii_alphabetic()));
is_method!(m_isdigit, |m| all_of(&m, |c| c.is_ascii_digit()));
is_method!(m_isspace, |m| all_of(&m, is_space));
is_method!(m_isascii, |m| m.is_ascii());
is_method!(m_islower, |m| is_case(&m, false));
is_method!(m_isupper, |m| is_case(&m, true));
is_method!(m_istitle, |m| istitle(&m));

fastkw!(m_translate, |s, a, n, kw| {
    let v = keywords("translate", a, n, kw, &["table", "delete"], 1, 1)?;
    let table = if v[0] == crate::objects::object::none() {
        None
    } else {
        let t = bytes_like(v[0])?;
        if t.len() != 256 {
            return Err(errors::value_error("translation table must be 256 characters long"));
        }
        Some(t)
    };
    let delete = if v[1].is_null() { Vec::new() } else { bytes_like(v[1])? };
    let me = self_bytes(s);
    make_or_self(s, &me, &translate(&me, table.as_deref(), &delete))
});

/// `bytes.maketrans(frm, to)` / `bytearray.maketrans` (a static method): always bytes.
pub(crate) unsafe extern "C" fn m_maketrans(_unused: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("maketrans", a, n, core::ptr::null_mut(), 2, 2)?;
        let frm = bytes_like(v[0])?;
        let to = bytes_like(v[1])?;
        if frm.len() != to.len() {
            return Err(errors::value_error("maketrans arguments must have same length"));
        }
        bytesobject::from_slice(&maketrans(&frm, &to))
    })())
}

/// `join(iterable_of_bytes)`: items must be bytes-like ("sequence item N: expected a
/// bytes-like object, T found").
pub(crate) unsafe extern "C" fn m_join(s: *mut PyObject, iterable: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let seq = crate::objects::r#abstract::sequence::fast(iterable, "can only join an iterable")?;
        let len = (*(seq.as_ptr() as *mut PyVarObject)).ob_size as usize;
        let base = crate::objects::r#abstract::sequence::fast_items(seq.as_ptr());
        // The list/tuple `seq` is owned here; items are copied out before any callback.
        let items: Vec<*mut PyObject> = (0..len).map(|i| *base.add(i)).collect();
        let _hold: Vec<Ref> = items.iter().map(|&o| new_ref(o)).collect();
        let me = self_bytes(s);
        if items.len() == 1 && bytesobject::is_exact_bytes(items[0]) && bytesobject::is_exact_bytes(s) {
            return Ok(new_ref(items[0]));
        }
        let mut out = Vec::new();
        for (i, &item) in items.iter().enumerate() {
            let is_buf = bytesobject::is_bytes(item)
                || bytearrayobject::is_bytearray(item)
                || crate::objects::r#abstract::buffer::check(item);
            if !is_buf {
                return Err(errors::type_error(&format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    type_name(item)
                )));
            }
            if i > 0 {
                out.extend_from_slice(&me);
            }
            out.extend_from_slice(&bytes_like(item)?);
        }
        make(s, &out)
    })())
}

// `hex([sep[, bytes_per_sep]])` for both types.
fastkw!(m_hex, |s, a, n, kw| {
    let v = keywords("hex", a, n, kw, &["sep", "bytes_per_sep"], 0, 0)?;
    let sep = if v[0].is_null() {
        None
    } else {
        let text: Vec<u32> = if crate::objects::unicodeobject::is_str(v[0]) {
            let t = crate::objects::unicodeobject::Text::of(v[0]);
            (0..t.len()).map(|i| t.at(i)).collect()
        } else if bytesobject::is_bytes(v[0]) {
            bytesobject::as_slice(v[0]).iter().map(|&b| b as u32).collect()
        } else {
            return Err(errors::type_error(&format!("object of type '{}' has no len()", type_name(v[0]))));
        };
        if text.len() != 1 {
            return Err(errors::value_error("sep must be length 1."));
        }
        if text[0] > 127 {
            return Err(errors::value_error("sep must be ASCII."));
        }
        char::from_u32(text[0])
    };
    let per = if v[1].is_null() { 1 } else { int_arg(v[1])? as isize };
    crate::objects::unicodeobject::new_str(&bytesobject::hex_text(&self_bytes(s), sep, per))
});

// `decode(encoding='utf-8', errors='strict')` for both types.
fastkw!(m_decode, |s, a, n, kw| {
    let v = keywords("decode", a, n, kw, &["encoding", "errors"], 0, 0)?;
    let names = ["encoding", "errors"];
    let mut texts: [Option<String>; 2] = [None, None];
    for i in 0..2 {
        if !v[i].is_null() {
            if !crate::objects::unicodeobject::is_str(v[i]) {
                return Err(errors::type_error(&format!(
                    "decode() argument '{}' must be str, not {}",
                    names[i],
                    type_name(v[i])
                )));
            }
            texts[i] = Some(crate::objects::unicodeobject::to_string_lossy(v[i]));
        }
    }
    let enc = texts[0].clone().unwrap_or_else(|| "utf-8".into());
    match crate::codecs::decode_builtin(&self_bytes(s), &enc, texts[1].as_deref()) {
        Some(r) => r,
        None => Err(errors::set_string(
            crate::objects::exceptions::PyExc_LookupError,
            &format!("unknown encoding: {enc}"),
        )),
    }
});

/// `fromhex(string)` (a class method of both types): the class itself when exact, else
/// `cls(bytes)`.
pub(crate) unsafe extern "C" fn m_fromhex(cls: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        if !crate::objects::unicodeobject::is_str(arg) {
            return Err(errors::type_error(&format!(
                "fromhex() argument must be str, not {}",
                type_name(arg)
            )));
        }
        let data = bytesobject::fromhex(arg)?;
        let bytearray_tp: *mut PyObject = (&raw mut bytearrayobject::PyByteArray_Type).cast();
        let bytes_tp: *mut PyObject = (&raw mut bytesobject::PyBytes_Type).cast();
        if cls == bytes_tp {
            return bytesobject::from_slice(&data);
        }
        if cls == bytearray_tp {
            return bytearrayobject::from_slice(&data);
        }
        let is_ba = crate::objects::typeobject::is_subtype(cls.cast(), bytearray_tp.cast());
        let b = if is_ba { bytearrayobject::from_slice(&data)? } else { bytesobject::from_slice(&data)? };
        crate::objects::call::call(cls, crate::objects::tupleobject::pack(&[b.as_ptr()])?.as_ptr(), core::ptr::null_mut())
    })())
}

/// A type's method table: the shared entries, then the type's own (ending with the
/// sentinel). `repr(C)` arrays of one element type lie back to back, so the struct reads as
/// one `PyMethodDef[]` to `PyType_Ready`.
#[repr(C)]
pub struct MethodTable<const K: usize> {
    pub shared: [crate::abi::methodobject::PyMethodDef; SHARED_COUNT],
    pub own: [crate::abi::methodobject::PyMethodDef; K],
}

/// The table's terminating entry.
pub(crate) const SENTINEL: crate::abi::methodobject::PyMethodDef = crate::abi::methodobject::PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};

/// How many entries [`shared_methods`] has.
pub(crate) const SHARED_COUNT: usize = 42;

/// The method entries both types share, in `dir()` order within the caller's table.
pub(crate) const fn shared_methods() -> [crate::abi::methodobject::PyMethodDef; SHARED_COUNT] {
    use crate::abi::methodobject::*;
    type FastKw = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t, *mut PyObject) -> *mut PyObject;
    type Fast = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
    type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
    const fn kw(name: &'static core::ffi::CStr, f: FastKw) -> PyMethodDef {
        PyMethodDef {
            ml_name: name.as_ptr(),
            // SAFETY: a METH_FASTCALL|METH_KEYWORDS entry is stored as PyCFunction, as in C.
            ml_meth: Some(unsafe { core::mem::transmute::<FastKw, Plain>(f) }),
            ml_flags: METH_FASTCALL | METH_KEYWORDS,
            ml_doc: core::ptr::null(),
        }
    }
    const fn plain(name: &'static core::ffi::CStr, f: Plain, flags: core::ffi::c_int) -> PyMethodDef {
        PyMethodDef { ml_name: name.as_ptr(), ml_meth: Some(f), ml_flags: flags, ml_doc: core::ptr::null() }
    }
    [
        plain(c"capitalize", m_capitalize, METH_NOARGS),
        kw(c"center", m_center),
        kw(c"count", m_count),
        kw(c"decode", m_decode),
        kw(c"endswith", m_endswith),
        kw(c"expandtabs", m_expandtabs),
        kw(c"find", m_find),
        plain(c"fromhex", m_fromhex, METH_O | METH_CLASS),
        kw(c"hex", m_hex),
        kw(c"index", m_index),
        plain(c"isalnum", m_isalnum, METH_NOARGS),
        plain(c"isalpha", m_isalpha, METH_NOARGS),
        plain(c"isascii", m_isascii, METH_NOARGS),
        plain(c"isdigit", m_isdigit, METH_NOARGS),
        plain(c"islower", m_islower, METH_NOARGS),
        plain(c"isspace", m_isspace, METH_NOARGS),
        plain(c"istitle", m_istitle, METH_NOARGS),
        plain(c"isupper", m_isupper, METH_NOARGS),
        plain(c"join", m_join, METH_O),
        kw(c"ljust", m_ljust),
        plain(c"lower", m_lower, METH_NOARGS),
        kw(c"lstrip", m_lstrip),
        PyMethodDef {
            ml_name: c"maketrans".as_ptr(),
            // SAFETY: a METH_FASTCALL entry is stored as PyCFunction, as in C.
            ml_meth: Some(unsafe { core::mem::transmute::<Fast, Plain>(m_maketrans) }),
            ml_flags: METH_FASTCALL | METH_STATIC,
            ml_doc: core::ptr::null(),
        },
        plain(c"partition", m_partition, METH_O),
        plain(c"removeprefix", m_removeprefix, METH_O),
        plain(c"removesuffix", m_removesuffix, METH_O),
        kw(c"replace", m_replace),
        kw(c"rfind", m_rfind),
        kw(c"rindex", m_rindex),
        kw(c"rjust", m_rjust),
        plain(c"rpartition", m_rpartition, METH_O),
        kw(c"rsplit", m_rsplit),
        kw(c"rstrip", m_rstrip),
        kw(c"split", m_split),
        kw(c"splitlines", m_splitlines),
        kw(c"startswith", m_startswith),
        kw(c"strip", m_strip),
        plain(c"swapcase", m_swapcase, METH_NOARGS),
        plain(c"title", m_title, METH_NOARGS),
        kw(c"translate", m_translate),
        plain(c"upper", m_upper, METH_NOARGS),
        plain(c"zfill", m_zfill, METH_O),
    ]
}

// ---------------------------------------------------------------------------------------------
// `bytes % args` (PEP 461; CPython's _PyBytes_FormatEx), shared by bytearray's `%`.

/// A `%d`/`%x`-style argument as an int: ints as they are; for d/i/u any real number
/// (floats truncate, `__int__` accepted); for x/X/o only objects with `__index__`.
unsafe fn format_int_arg(v: *mut PyObject, code: u8) -> PyResult<Ref> {
    use crate::objects::{floatobject, longobject};
    if longobject::is_int(v) {
        return Ok(new_ref(v));
    }
    let nb = (*(*v).ob_type).tp_as_number;
    let has_index = !nb.is_null() && (*nb).nb_index.is_some();
    if matches!(code, b'x' | b'X' | b'o') {
        if has_index {
            return longobject::index(v);
        }
        return Err(errors::type_error(&format!(
            "%{} format: an integer is required, not {}",
            code as char,
            type_name(v)
        )));
    }
    if floatobject::is_float(v) {
        return longobject::from_f64(floatobject::value(v));
    }
    if has_index {
        return longobject::index(v);
    }
    if let Some(nb_int) = if nb.is_null() { None } else { (*nb).nb_int } {
        return Ref::from_result(nb_int(v));
    }
    Err(errors::type_error(&format!(
        "%{} format: a real number is required, not {}",
        code as char,
        type_name(v)
    )))
}

/// The bytes `%s`/`%b` inserts: a buffer's contents or `__bytes__()`.
unsafe fn format_bytes_arg(v: *mut PyObject) -> PyResult<Vec<u8>> {
    if bytesobject::is_bytes(v) || bytearrayobject::is_bytearray(v) || crate::objects::r#abstract::buffer::check(v) {
        return bytes_like(v);
    }
    let name = crate::objects::unicodeobject::intern_str("__bytes__");
    if let Some(func) = crate::objects::object::lookup_special(v, name)? {
        let r = crate::objects::call::call_no_args(func.as_ptr())?;
        if !bytesobject::is_bytes(r.as_ptr()) {
            return Err(errors::type_error(&format!(
                "__bytes__ returned non-bytes (type {})",
                type_name(r.as_ptr())
            )));
        }
        return Ok(bytesobject::as_slice(r.as_ptr()).to_vec());
    }
    Err(errors::type_error(&format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
        type_name(v)
    )))
}

/// `format % args` over bytes: the formatted contents.
///
/// # Safety
/// `args` is live.
pub unsafe fn percent_format(f: &[u8], args: *mut PyObject) -> PyResult<Vec<u8>> {
    let n = f.len();
    let is_tuple = crate::objects::object::has_feature((*args).ob_type, Py_TPFLAGS_TUPLE_SUBCLASS);
    let argc = if is_tuple { (*(args as *mut PyVarObject)).ob_size as usize } else { 1 };
    let arg_at = |i: usize| if is_tuple { *crate::objects::tupleobject::items(args).add(i) } else { args };
    let tp = (*args).ob_type;
    let dict = if !is_tuple
        && !bytesobject::is_bytes(args)
        && !crate::objects::unicodeobject::is_str(args)
        && !(*tp).tp_as_mapping.is_null()
        && (*(*tp).tp_as_mapping).mp_subscript.is_some()
    {
        Some(args)
    } else {
        None
    };
    let mut argidx = 0usize;
    let mut out = Vec::with_capacity(n + 16);
    let next_arg = |argidx: &mut usize| -> PyResult<*mut PyObject> {
        if *argidx < argc {
            *argidx += 1;
            return Ok(arg_at(*argidx - 1));
        }
        Err(errors::type_error("not enough arguments for format string"))
    };
    let at = |k: usize| if k < n { Some(f[k]) } else { None };
    let mut i = 0;
    while i < n {
        if f[i] != b'%' {
            out.push(f[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut keyed: Option<Ref> = None;
        if at(i) == Some(b'(') {
            let Some(d) = dict else {
                return Err(errors::type_error("format requires a mapping"));
            };
            let mut depth = 1;
            let key_start = i + 1;
            i += 1;
            while i < n && depth > 0 {
                match f[i] {
                    b')' => depth -= 1,
                    b'(' => depth += 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(errors::value_error("incomplete format key"));
            }
            let key = bytesobject::from_slice(&f[key_start..i - 1])?;
            keyed = Some(crate::objects::r#abstract::mapping::get_item(d, key.as_ptr())?);
            argidx = usize::MAX / 2;
        }
        let (mut left, mut plus, mut blank, mut alt, mut zero) = (false, false, false, false, false);
        while let Some(ch) = at(i) {
            match ch {
                b'-' => left = true,
                b'+' => plus = true,
                b' ' => blank = true,
                b'#' => alt = true,
                b'0' => zero = true,
                _ => break,
            }
            i += 1;
        }
        let read_num = |i: &mut usize, argidx: &mut usize, what: &str| -> PyResult<Option<isize>> {
            if at(*i) == Some(b'*') {
                *i += 1;
                let v = next_arg(argidx)?;
                if !crate::objects::longobject::is_int(v) {
                    return Err(errors::type_error("* wants int"));
                }
                return Ok(Some(crate::objects::longobject::as_isize(v)?));
            }
            let mut val: Option<isize> = None;
            while let Some(d) = at(*i).filter(|d| d.is_ascii_digit()) {
                val = Some(
                    val.unwrap_or(0)
                        .checked_mul(10)
                        .and_then(|x| x.checked_add((d - b'0') as isize))
                        .ok_or_else(|| errors::value_error(&format!("{what} too big")))?,
                );
                *i += 1;
            }
            Ok(val)
        };
        let mut width = read_num(&mut i, &mut argidx, "width")?;
        if let Some(w) = width {
            if w < 0 {
                left = true;
                width = Some(-w);
            }
        }
        let mut precision = None;
        if at(i) == Some(b'.') {
            i += 1;
            precision = Some(read_num(&mut i, &mut argidx, "precision")?.unwrap_or(0).max(0));
        }
        let width = width.unwrap_or(0) as usize;
        let Some(code) = at(i) else {
            return Err(errors::value_error("incomplete format"));
        };
        i += 1;
        if code == b'%' {
            out.push(b'%');
            continue;
        }
        let v = match &keyed {
            Some(k) => k.as_ptr(),
            None => next_arg(&mut argidx)?,
        };
        let mut body: Vec<u8> = Vec::new();
        let mut sign: &[u8] = b"";
        let mut prefix: &[u8] = b"";
        let mut numeric = false;
        let sign_of = |neg: bool| -> &'static [u8] {
            if neg {
                b"-"
            } else if plus {
                b"+"
            } else if blank {
                b" "
            } else {
                b""
            }
        };
        match code {
            b's' | b'b' => {
                let b = format_bytes_arg(v)?;
                let take = precision.map_or(b.len(), |p| (p as usize).min(b.len()));
                body.extend_from_slice(&b[..take]);
            }
            b'r' | b'a' => {
                let text = crate::objects::object::ascii(v)?;
                let s = crate::objects::unicodeobject::to_string_lossy(text.as_ptr());
                let b = s.as_bytes();
                let take = precision.map_or(b.len(), |p| (p as usize).min(b.len()));
                body.extend_from_slice(&b[..take]);
            }
            b'c' => {
                if bytesobject::is_bytes(v) || bytearrayobject::is_bytearray(v) {
                    let b = bytes_like(v)?;
                    if b.len() != 1 {
                        return Err(errors::type_error("%c requires an integer in range(256) or a single byte"));
                    }
                    body.push(b[0]);
                } else if crate::objects::r#abstract::number::index_check(v) {
                    let x = crate::objects::longobject::as_ssize_index(v, core::ptr::null_mut());
                    match x {
                        Ok(x) if (0..256).contains(&x) => body.push(x as u8),
                        Ok(_) => return Err(errors::overflow_error("%c arg not in range(256)")),
                        Err(e) => {
                            if errors::exception_matches(crate::objects::exceptions::PyExc_OverflowError) {
                                errors::clear();
                                return Err(errors::overflow_error("%c arg not in range(256)"));
                            }
                            return Err(e);
                        }
                    }
                } else {
                    return Err(errors::type_error("%c requires an integer in range(256) or a single byte"));
                }
            }
            b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => {
                numeric = true;
                let iv = format_int_arg(v, code)?;
                let base = match code {
                    b'x' | b'X' => 16,
                    b'o' => 8,
                    _ => 10,
                };
                let text = crate::objects::longobject::format_base(iv.as_ptr(), base, false)?;
                let (neg, digits) = match text.strip_prefix('-') {
                    Some(rest) => (true, rest),
                    None => (false, text.as_str()),
                };
                sign = sign_of(neg);
                if alt {
                    prefix = match code {
                        b'x' => b"0x",
                        b'X' => b"0X",
                        b'o' => b"0o",
                        _ => b"",
                    };
                }
                let prec = precision.unwrap_or(0) as usize;
                body.extend(core::iter::repeat_n(b'0', prec.saturating_sub(digits.len())));
                if code == b'X' {
                    body.extend_from_slice(digits.to_ascii_uppercase().as_bytes());
                } else {
                    body.extend_from_slice(digits.as_bytes());
                }
            }
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                numeric = true;
                let x = crate::objects::floatobject::as_f64(v)?;
                let prec = precision.unwrap_or(6) as i32;
                let Some((text, _)) = crate::numeric::dtoa::double_to_string(x, code, prec, if alt { 4 } else { 0 }) else {
                    return Err(errors::bad_internal_call());
                };
                let (neg, digits) = match text.strip_prefix('-') {
                    Some(rest) => (true, rest.to_string()),
                    None => (false, text.clone()),
                };
                sign = sign_of(neg);
                body.extend_from_slice(digits.as_bytes());
            }
            _ => {
                return Err(errors::value_error(&format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    if (0x20..0x7f).contains(&code) { code as char } else { '?' },
                    code,
                    i - 1
                )));
            }
        }
        let len = sign.len() + prefix.len() + body.len();
        let fill = width.saturating_sub(len);
        let zero_pad = zero && numeric && !left;
        if !left && !zero_pad {
            out.extend(core::iter::repeat_n(b' ', fill));
        }
        out.extend_from_slice(sign);
        out.extend_from_slice(prefix);
        if zero_pad {
            out.extend(core::iter::repeat_n(b'0', fill));
        }
        out.extend_from_slice(&body);
        if left {
            out.extend(core::iter::repeat_n(b' ', fill));
        }
    }
    if dict.is_none() && argidx < argc {
        return Err(errors::type_error("not all arguments converted during bytes formatting"));
    }
    Ok(out)
}

/// `nb_remainder` of bytes and bytearray: `format % args` when the left operand is of the
/// type, else NotImplemented.
pub(crate) unsafe extern "C" fn bytes_mod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    if !bytesobject::is_bytes(a) && !bytearrayobject::is_bytearray(a) {
        return new_ref(crate::objects::object::not_implemented()).into_raw();
    }
    errors::ptr_result((|| {
        let me = self_bytes(a);
        let r = percent_format(&me, b)?;
        make(a, &r)
    })())
}

// ---------------------------------------------------------------------------------------------
// Pickling support shared by `bytes_iterator` and `bytearray_iterator`.

/// `__reduce__` of an iterator over `seq` at `index`: `(iter, (seq,), index)`, or
/// `(iter, ((),))` once exhausted (`seq` NULL).
///
/// # Safety
/// `seq` is NULL or live.
pub unsafe fn iter_reduce(seq: *mut PyObject, index: Py_ssize_t) -> PyResult<Ref> {
    let iter = crate::modules::bltinmodule::get_builtin("iter")?;
    if seq.is_null() {
        let empty = crate::objects::tupleobject::pack(&[])?;
        let args = crate::objects::tupleobject::pack(&[empty.as_ptr()])?;
        return crate::objects::tupleobject::pack(&[iter.as_ptr(), args.as_ptr()]);
    }
    let args = crate::objects::tupleobject::pack(&[seq])?;
    let idx = crate::objects::longobject::from_isize(index)?;
    crate::objects::tupleobject::pack(&[iter.as_ptr(), args.as_ptr(), idx.as_ptr()])
}

/// `__setstate__(index)` of those iterators: the new position, clamped to `0..=len`.
///
/// # Safety
/// `state` is live.
pub unsafe fn iter_setstate_index(state: *mut PyObject, len: usize) -> PyResult<Py_ssize_t> {
    let i = crate::objects::longobject::as_isize(state)?;
    Ok(i.clamp(0, len as Py_ssize_t))
}

// ---------------------------------------------------------------------------------------------
// Iteration: `bytes_iterator` and `bytearray_iterator` share one layout and one set of slots.

/// `striterobject` / `bytearrayiterobject`.
#[repr(C)]
pub struct ByteIter {
    ob_base: PyObject,
    it_index: Py_ssize_t,
    /// NULL once exhausted.
    it_seq: *mut PyObject,
}

/// The bytes of a bytes or bytearray object (valid until the object changes).
unsafe fn iter_contents<'a>(seq: *mut PyObject) -> &'a [u8] {
    if super::bytearrayobject::is_bytearray(seq) {
        super::bytearrayobject::as_slice(seq)
    } else {
        super::bytesobject::as_slice(seq)
    }
}

/// `iter(b)` for a bytes-like sequence, as an iterator of type `tp`.
///
/// # Safety
/// `tp` is one of the two byte-string iterator types; `seq` a live bytes or bytearray.
pub unsafe fn new_iter(tp: *mut PyTypeObject, seq: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let op = crate::mem::gc::alloc(tp, core::mem::size_of::<ByteIter>())?;
        crate::objects::object::init_object(op, tp);
        let it = op as *mut ByteIter;
        (*it).it_index = 0;
        (*it).it_seq = crate::objects::object::new_ref(seq).into_raw();
        crate::mem::gc::track(op);
        Ok(Ref::from_raw(op))
    })())
}

pub unsafe extern "C" fn byteiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ByteIter;
    let seq = (*it).it_seq;
    if seq.is_null() {
        return core::ptr::null_mut();
    }
    let bytes = iter_contents(seq);
    if ((*it).it_index as usize) < bytes.len() {
        let v = bytes[(*it).it_index as usize];
        (*it).it_index += 1;
        return errors::ptr_result(crate::objects::longobject::from_i64(v as i64));
    }
    (*it).it_seq = core::ptr::null_mut();
    crate::objects::object::decref(seq);
    core::ptr::null_mut()
}

pub unsafe extern "C" fn byteiter_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    crate::objects::object::xdecref((*(op as *mut ByteIter)).it_seq);
    crate::mem::gc::free(op);
}

pub unsafe extern "C" fn byteiter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut core::ffi::c_void) -> core::ffi::c_int {
    let seq = (*(op as *mut ByteIter)).it_seq;
    match visit {
        Some(v) if !seq.is_null() => v(seq, arg),
        _ => 0,
    }
}

/// `__length_hint__`: the bytes not yet produced.
unsafe extern "C" fn byteiter_length_hint(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ByteIter;
    let n = if (*it).it_seq.is_null() {
        0
    } else {
        (iter_contents((*it).it_seq).len() as Py_ssize_t - (*it).it_index).max(0)
    };
    errors::ptr_result(crate::objects::longobject::from_i64(n as i64))
}

/// `__reduce__` of the iterator (for pickling).
unsafe extern "C" fn byteiter_reduce(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ByteIter;
    errors::ptr_result(iter_reduce((*it).it_seq, (*it).it_index))
}

/// `__setstate__(index)` of the iterator.
unsafe extern "C" fn byteiter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let it = op as *mut ByteIter;
    let seq = (*it).it_seq;
    let r = (|| {
        let len = if seq.is_null() { 0 } else { iter_contents(seq).len() };
        let i = iter_setstate_index(state, len)?;
        if !seq.is_null() {
            (*it).it_index = i;
        }
        Ok(crate::objects::object::new_ref(crate::objects::object::none()))
    })();
    errors::ptr_result(r)
}

/// The methods of both iterator types.
pub static mut BYTEITER_METHODS: [crate::abi::methodobject::PyMethodDef; 4] = [
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"__length_hint__".as_ptr(),
        ml_meth: Some(byteiter_length_hint),
        ml_flags: crate::abi::methodobject::METH_NOARGS,
        ml_doc: c"Private method returning an estimate of len(list(it)).".as_ptr(),
    },
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(byteiter_reduce),
        ml_flags: crate::abi::methodobject::METH_NOARGS,
        ml_doc: c"Return state information for pickling.".as_ptr(),
    },
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"__setstate__".as_ptr(),
        ml_meth: Some(byteiter_setstate),
        ml_flags: crate::abi::methodobject::METH_O,
        ml_doc: c"Set state information for unpickling.".as_ptr(),
    },
    SENTINEL,
];

#[cfg(test)]
mod tests {
    //! Differential test: the script below exercises every method of bytes and bytearray
    //! with ordinary, edge and error cases; its `result` (one line per expression: the repr
    //! and type of the value, or the exception) must equal python3.11's line for line.

    use crate::objects::object;
    use crate::objects::{dictobject, unicodeobject};
    use ferrython_compiler::parser::Mode;

    const SCRIPT: &str = r#####"
def run_cases():
    out = []
    def show(expr, ns):
        try:
            v = eval(expr, ns)
            r = repr(v)
            if isinstance(v, (list, tuple)):
                r += ' ' + repr([type(x).__name__ for x in v])
            else:
                r += ' ' + type(v).__name__
        except BaseException as e:
            r = '!' + type(e).__name__ + ': ' + str(e)
        out.append(expr + ' -> ' + r)
    shared = [
        "X(b'hello world').split()", "X(b'  a  b  ').split()", "X(b'  a  b  ').split(None, 1)", "X(b'a,b,,c').split(b',')",
        "X(b'a,b,,c').split(b',', 2)", "X(b'a,b,,c').split(sep=b',', maxsplit=1)", "X(b'abc').split(b'')", "X(b'abc').split('b')",
        "X(b'  a  b  c ').rsplit(None, 1)", "X(b'a,b,,c').rsplit(b',', 1)", "X(b'abc').split(1)", "X(b'a b').split(maxsplit=0)",
        "X(b'a\\nb\\r\\nc\\rd\\n').splitlines()", "X(b'a\\nb\\r\\nc\\rd\\n').splitlines(True)", "X(b'a\\n').splitlines(keepends=1)", "X(b'').splitlines()",
        "X(b'abcabc').find(b'c')", "X(b'abcabc').find(b'c', 3)", "X(b'abcabc').find(99, -2)", "X(b'abcabc').rfind(b'ab')", "X(b'abc').find(b'', 4)", "X(b'abc').find(b'', 3)",
        "X(b'abc').find(256)", "X(b'abc').find('a')", "X(b'abc').find()", "X(b'abc').find(b'a', None, None)", "X(b'abc').find(b'a', 1.5)", "X(b'abc').find(b'a', x=1)",
        "X(b'abc').index(b'd')", "X(b'abc').rindex(b'c')", "X(b'abc').index(b'b')", "X(b'aaaa').count(b'aa')", "X(b'aaaa').count(b'')", "X(b'aaaa').count(b'', 5)", "X(b'aaaa').count(97, 1, 3)",
        "X(b'hello').startswith(b'he')", "X(b'hello').startswith((b'x', b'hel'))", "X(b'hello').endswith(b'lo', 0, 4)", "X(b'hello').startswith('h')", "X(b'hello').endswith((b'o', 'x'))", "X(b'hello').startswith(b'', 6)",
        "X(b'  xy  ').strip()", "X(b'  xy  ').lstrip()", "X(b'  xy  ').rstrip()", "X(b'xxayxx').strip(b'x')", "X(b'xxayxx').strip(None)", "X(b'abc').strip('a')", "X(b'abc').strip(b'a', b'b')",
        "X(b'aaa').replace(b'a', b'bb')", "X(b'aaa').replace(b'a', b'b', 2)", "X(b'abc').replace(b'', b'-')", "X(b'abc').replace(b'', b'-', 2)", "X(b'abc').replace(b'x', b'y')", "X(b'abc').replace('a', b'y')", "X(b'abc').replace(b'a')",
        "X(b'abc').center(9)", "X(b'abc').center(8, b'*')", "X(b'ab').center(5, b'*')", "X(b'abc').ljust(6, b'-')", "X(b'abc').rjust(6)", "X(b'abc').center(6, '*')", "X(b'abc').center(6, b'**')", "X(b'abc').center(2)",
        "X(b'-42').zfill(6)", "X(b'42').zfill(1)", "X(b'+').zfill(3)", "X(b'').zfill(2)",
        "X(b'a\\tb\\n\\tc').expandtabs()", "X(b'a\\tb').expandtabs(3)", "X(b'a\\tb').expandtabs(tabsize=0)", "X(b'a\\tb').expandtabs(1.0)",
        "X(b'Hello World').lower()", "X(b'Hello World').upper()", "X(b'Hello World').swapcase()", "X(b'hELLO wORLD').capitalize()", "X(b\"they're bill's\").title()", "X(b'\\xe9abc').upper()",
        "X(b'abc1').isalnum()", "X(b'abc').isalpha()", "X(b'123').isdigit()", "X(b' \\t').isspace()", "X(b'').isalpha()", "X(b'\\x80').isascii()", "X(b'abc').islower()", "X(b'ABC1').isupper()", "X(b'Hello World').istitle()", "X(b'HeLLo').istitle()", "X(b'1').islower()",
        "X(b', ').join([b'a', bytearray(b'b'), memoryview(b'c')])", "X(b'').join([])", "X(b'-').join([b'a', 'b'])", "X(b'-').join(5)", "X(b'-').join(iter([b'x', b'y']))",
        "X(b'a=b=c').partition(b'=')", "X(b'abc').partition(b'x')", "X(b'a=b=c').rpartition(b'=')", "X(b'abc').rpartition(b'x')", "X(b'abc').partition(b'')", "X(b'abc').partition('a')",
        "X(b'prefix-x').removeprefix(b'prefix-')", "X(b'x.py').removesuffix(b'.py')", "X(b'abc').removeprefix(b'x')", "X(b'abc').removeprefix('a')",
        "X(b'abc').translate(X.maketrans(b'abc', b'xyz'))", "X(b'abc').translate(None, b'b')", "X(b'abc').translate(None, delete=b'ac')", "X(b'abc').translate(b'x')", "X.maketrans(b'a', b'bc')", "len(X.maketrans(b'', b''))",
        "X(b'\\x01\\xff').hex()", "X(b'\\x01\\x02\\x03').hex(':', 2)", "X(b'\\x01\\x02\\x03').hex(sep='-', bytes_per_sep=-2)", "X(b'ab').hex('')",
        "X.fromhex('01 ff')", "X.fromhex('0g')", "X.fromhex('1')", "X.fromhex(b'01')",
        "X(b'caf\\xc3\\xa9').decode()", "X(b'caf\\xc3\\xa9').decode('latin-1')", "X(b'\\xff').decode()", "X(b'\\xff').decode(errors='replace')", "X(b'a').decode('nope')",
        "X(b'abc') + X(b'de')", "X(b'ab') * 3", "3 * X(b'ab')", "X(b'ab') * -1", "X(b'ab') + 'c'", "b'x' in X(b'axb')", "120 in X(b'axb')", "300 in X(b'a')", "'a' in X(b'a')",
        "X(b'abcdef')[1]", "X(b'abcdef')[-1]", "X(b'abcdef')[1:4]", "X(b'abcdef')[::-2]", "X(b'abc')[5]", "X(b'abc')['a']", "list(X(b'abc'))", "len(X(b'abc'))",
        "X(b'abc') == b'abc'", "X(b'abc') < b'abd'", "hash(b'abc') == hash(X(b'abc')) if X is bytes else 'unhashable'",
    ]
    ctor = [
        "bytes()", "bytes(3)", "bytes('x', 'utf-8')", "bytes('x')", "bytes(b'x', 'utf-8')", "bytes([1, 2])", "bytes([256])", "bytes([-1])", "bytes(memoryview(b'xy'))", "bytes(-1)",
        "bytes(None)", "bytes(1.5)", "bytes(errors='strict')", "bytes(encoding='ascii')", "bytes('é', 'ascii')", "bytes('é', 'ascii', 'ignore')", "bytes(source=b'a')", "bytes(range(3))", "bytes((x for x in [65, 66]))",
        "bytes(bytearray(b'ab'))", "bytes(WithBytes())", "bytes(BadBytes())", "type(SubB(b'ab'))", "SubB(b'ab')", "bytes(SubB(b'q'))", "b'abc'.__getnewargs__()", "SubB(b'x').__bytes__()", "bytes(IntLike())", "bytes(['a'])",
        "bytearray()", "bytearray(3)", "bytearray('x', 'utf-8')", "bytearray('x')", "bytearray(b'x', 'utf-8')", "bytearray([1, 2])", "bytearray([256])", "bytearray(-1)", "bytearray(1.5)", "bytearray(encoding='ascii')", "bytearray(errors='x')",
        "bytearray(memoryview(b'xy'))", "bytearray(range(3))", "SubBA(b'ab')", "bytearray(IntLike())",
 "b'a'.find(b'a',1,2,3)", "b'a'.startswith()", "b'a'.count(x=1)", "bytearray(b'a').find(b'a', x=1)", "b'a'.split(1,2,3)", "b'a'.split(x=1)", "b'a'.translate()", "b'a'.hex(1)", "b'a'.decode(1)", "b'a'.center()", "b'a'.maketrans(b'a')", "b'a'.expandtabs(1,2)", "b'a'.zfill(1.0)", "b'a'.center(1.0)", "b'a'.splitlines(1.0)", "bytearray().__reduce_ex__(1.0)", "b'a'.translate(None, delete=1)", "b'a'.translate(b'a'*256, x=1)", "b'a'.replace(b'a', b'b', 1.0)", "bytearray().insert(1.0, 1)", "bytearray().pop(1,2)", "b'%s' % (1,2)", "b'%y' % 1", "b'' % 1", "b'' % {}", "b'%(x' % {}", "b'%(x)s' % 1", "b'a' + memoryview(b'b')", "b'a' < bytearray(b'b')", "bytearray(b'a') == 'a'", "hash(bytearray())", "b''.join([memoryview(b'x')])", "b'a'.removeprefix(1)", "b'a'.partition(1)", "bytearray(b'abc') == b'abc'", "bytearray(b'ab') >= memoryview(b'ab')", "bytes(5) == bytearray(5)", "list(iter(b'xyz'))", "iter(b'').__length_hint__()", "type(iter(b'')).__name__", "b'abc'.__getnewargs__()",
 "iter(b'ab').__reduce__()", "iter(bytearray(b'ab')).__reduce__()", "exhausted(b'ab').__reduce__()", "exhausted(bytearray(b'ab')).__reduce__()", "setstate(b'abc', 2)", "setstate(bytearray(b'abc'), -5)", "setstate(b'abc', 10)",
        "b'%5s|%-5s|%.1s|%4c|%r' % (b'ab', b'cd', b'ef', 65, b'x')", "b'%i %u %X %#x %o %e %g %E' % (-3, 4, 255, 255, 8, 1e10, 0.5, 2.5)", "b'%*d|%.*f' % (5, 42, 2, 3.14159)", "b'%s' % SubB(b'sub')", "b'%s' % WithBytes()", "b'%(a)s %(b)d' % {b'a': b'A', b'b': 2}", "b'%s' % bytearray(b'ba')", "b'%a' % 'é'", "b'%' % ()", "b'%d' % 2.7", "b'%c' % bytearray(b'z')",
    ]
    mut = [
        "ba", "ba.append(100) or ba", "ba.append(256)", "ba.append('a')", "ba.extend(b'xy') or ba", "ba.extend([1, 2]) or ba", "ba.extend(5)", "ba.extend([300])", "ba.insert(0, 65) or ba", "ba.insert(-100, 66) or ba", "ba.insert(100, 67) or ba",
        "ba.pop()", "ba.pop(0)", "ba.pop(100)", "bytearray().pop()", "ba.remove(100) or ba", "ba.remove(255)", "ba.reverse() or ba", "ba.copy()", "ba.clear() or ba",
        "ba2", "ba2.__setitem__(0, 65) or ba2", "ba2.__setitem__(0, 256)", "ba2.__setitem__(slice(1, 3), b'XYZ') or ba2", "ba2.__setitem__(slice(None, None, 2), b'12345')", "ba2.__setitem__(slice(None, None, 3), b'...') or ba2",
        "ba2.__delitem__(0) or ba2", "ba2.__delitem__(slice(None, None, 2)) or ba2", "ba2.__setitem__(slice(0, 0), [1, 2]) or ba2", "ba2.__setitem__(slice(0, 2), 5)", "ba2.__delitem__(100)", "ba2[-1]", "ba2[100]",
        "ba3.__iadd__(b'!!')", "ba3.__imul__(2)", "ba3 * 2", "2 * ba3", "ba3 + b'x'", "ba3 + 'x'", "ba3.__alloc__() >= len(ba3)", "ba3.__reduce__()", "ba3.__reduce_ex__(2)", "ba3.__reduce_ex__(4)", "SubBA(b'q').__reduce_ex__(2)",
        "resize_while_exported()", "list(iter(bytearray(b'ab')))", "bytearray(b'abc').__len__()", "bytearray(b'abc')[0:2]", "b'x' in bytearray(b'x')",
        "b'%s %d %x %r %a %c %5.2f %%' % (b'x', 3, 255, 'é', 'é', 65, 1.5)", "b'%(a)s' % {b'a': b'v'}", "b'%s' % 'str'", "b'%d' % 'x'", "b'%s %s' % (b'a',)", "bytearray(b'%s!') % b'x'", "b'%c' % 256", "b'%c' % b'ab'", "b'%b' % memoryview(b'mv')", "b'%x' % 3.0", "b'abc' % ()", "b'%05.1f|%-4d|%+d|%#o' % (2.25, 7, 3, 8)",
    ]
    class SubB(bytes): pass
    class SubBA(bytearray): pass
    class WithBytes:
        def __bytes__(self): return b'wb'
    class BadBytes:
        def __bytes__(self): return 'no'
    class IntLike:
        def __index__(self): return 2
    def exhausted(seq):
        it = iter(seq)
        list(it)
        return it
    def setstate(seq, i):
        it = iter(seq)
        it.__setstate__(i)
        return list(it)
    def resize_while_exported():
        b = bytearray(b'abc')
        m = memoryview(b)
        try:
            b.append(1)
        except BufferError as e:
            r = str(e)
        m.release()
        b.append(1)
        return r, b
    for X in (bytes, bytearray):
        ns = {'X': X}
        for e in shared:
            show(e, ns)
    ns = {'SubB': SubB, 'SubBA': SubBA, 'WithBytes': WithBytes, 'BadBytes': BadBytes, 'IntLike': IntLike, 'resize_while_exported': resize_while_exported, 'exhausted': exhausted, 'setstate': setstate,
          'ba': bytearray(b'abc'), 'ba2': bytearray(b'abcdef'), 'ba3': bytearray(b'hi')}
    for e in ctor + mut:
        show(e, ns)
    return out
result = '\n'.join(run_cases())
"#####;

    fn oracle() -> String {
        let out = std::process::Command::new("python3.11")
            .args(["-S", "-I", "-c", &format!("{SCRIPT}\nimport sys\nsys.stdout.write(result)")])
            .env_remove("LD_LIBRARY_PATH")
            .output()
            .expect("python3.11 runs");
        assert!(out.status.success(), "oracle failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// A started interpreter (`python3.11 -S -E`), shared by the tests.
    unsafe fn setup() {
        crate::testing::init();
    }

    /// The script's `result` computed in-process on our runtime.
    unsafe fn ours() -> String {
        let ns = dictobject::new().unwrap();
        let main = unicodeobject::new_str("__main__").unwrap();
        dictobject::set_item_str(ns.as_ptr(), "__name__", main.as_ptr()).unwrap();
        let code = crate::compile::compile_str(SCRIPT, "<bytes-test>", Mode::Exec).expect("script compiles");
        if crate::eval::ceval::eval_code(code.as_ptr(), ns.as_ptr(), ns.as_ptr()).is_err() {
            crate::errors::clear();
            panic!("the script raised");
        }
        let v = dictobject::get_item_str(ns.as_ptr(), "result").unwrap().expect("result set");
        object::str_text(v)
    }

    #[test]
    fn bytes_and_bytearray_match_python311() {
        let _runtime = crate::testing::hold_runtime();
        let want = oracle();
        // SAFETY: the runtime is held and set up for module-level code.
        let got = unsafe {
            setup();
            ours()
        };
        let want: Vec<&str> = want.lines().collect();
        let got: Vec<&str> = got.lines().collect();
        assert_eq!(want.len(), got.len(), "line counts differ");
        let diffs: Vec<String> = want
            .iter()
            .zip(&got)
            .filter(|(w, g)| w != g)
            .map(|(w, g)| format!("  python3.11: {w}\n  ferrython:  {g}"))
            .collect();
        assert!(diffs.is_empty(), "{} of {} lines differ:\n{}", diffs.len(), want.len(), diffs.join("\n"));
        assert!(want.len() > 300);
    }
}
