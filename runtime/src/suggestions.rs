//! "Did you mean ...?" for AttributeError and NameError (CPython's Python/suggestions.c): the
//! closest candidate name by a Levenshtein distance over UTF-8 bytes in which a case flip costs
//! 1 and any other edit 2, searched among `dir(obj)` for attributes and among the failing
//! frame's variables, globals and builtins for names.

use crate::abi::object::PyObject;
use crate::abi::pyerrors::{PyAttributeErrorObject, PyNameErrorObject};
use crate::abi::traceback::PyTracebackObject;
use crate::errors::PyResult;
use crate::objects::exceptions::{PyExc_AttributeError, PyExc_NameError};
use crate::objects::object::{self, py_type, Ref};
use crate::objects::{listobject, unicodeobject};

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        return MOVE_COST;
    }
    if a == b {
        0
    } else if a.to_ascii_lowercase() == b.to_ascii_lowercase() {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance of `a` and `b`, or `max_cost + 1` as soon as it must exceed `max_cost`.
pub fn levenshtein_distance<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        core::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the classic matrix, updated in place.
    let mut row = [0usize; MAX_STRING_SIZE];
    for (i, slot) in row.iter_mut().enumerate().take(a.len()) {
        *slot = (i + 1) * MOVE_COST;
    }
    let mut result = 0;
    for (bi, &code) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = row[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The best candidate among the str items of list `dir` (None when none is close enough).
unsafe fn calculate(dir: *mut PyObject, name: *mut PyObject) -> PyResult<Option<Ref>> {
    let n = listobject::len(dir) as usize;
    if n >= MAX_CANDIDATE_ITEMS {
        return Ok(None);
    }
    let name_bytes = unicodeobject::as_utf8(name)?;
    let mut best: Option<(*mut PyObject, usize)> = None;
    for i in 0..n {
        let item = *listobject::items(dir).add(i);
        let item_bytes = unicodeobject::as_utf8(item)?;
        if item_bytes == name_bytes {
            continue;
        }
        let mut max_distance = (name_bytes.len() + item_bytes.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = best {
            max_distance = max_distance.min(d.saturating_sub(1));
        }
        let d = levenshtein_distance(name_bytes, item_bytes, max_distance);
        if d > max_distance {
            continue;
        }
        if best.map_or(true, |(_, bd)| d < bd) {
            best = Some((item, d));
        }
    }
    Ok(best.map(|(item, _)| object::new_ref(item)))
}

unsafe fn for_attribute_error(exc: *mut PyAttributeErrorObject) -> PyResult<Option<Ref>> {
    let (name, obj) = ((*exc).name, (*exc).obj);
    if name.is_null() || obj.is_null() || !unicodeobject::is_exact_str(name) {
        return Ok(None);
    }
    let dir = object::dir(obj)?;
    calculate(dir.as_ptr(), name)
}

unsafe fn for_name_error(exc: *mut PyNameErrorObject) -> PyResult<Option<Ref>> {
    let name = (*exc).name;
    let mut tb = (*exc).traceback as *mut PyTracebackObject;
    if name.is_null() || !unicodeobject::is_exact_str(name) || tb.is_null() || !crate::objects::traceback::is_traceback(tb.cast()) {
        return Ok(None);
    }
    while !(*tb).tb_next.is_null() && crate::objects::traceback::is_traceback((*tb).tb_next.cast()) {
        tb = (*tb).tb_next;
    }
    let frame = (*(*tb).tb_frame).f_frame;
    let varnames = crate::objects::codeobject::localsplus_names((*frame).f_code, crate::abi::code::CO_FAST_LOCAL)?;
    let dir = crate::objects::r#abstract::sequence::list(varnames.as_ptr())?;
    if let Some(s) = calculate(dir.as_ptr(), name)? {
        return Ok(Some(s));
    }
    let dir = crate::objects::r#abstract::sequence::list((*frame).f_globals)?;
    if let Some(s) = calculate(dir.as_ptr(), name)? {
        return Ok(Some(s));
    }
    let dir = crate::objects::r#abstract::sequence::list((*frame).f_builtins)?;
    calculate(dir.as_ptr(), name)
}

/// `_Py_Offer_Suggestions`: a suggestion for an exact AttributeError or NameError.
///
/// # Safety
/// `exc` is a live exception; no exception is pending.
pub unsafe fn offer(exc: *mut PyObject) -> PyResult<Option<Ref>> {
    let tp = py_type(exc).cast::<PyObject>();
    if tp == PyExc_AttributeError {
        for_attribute_error(exc.cast())
    } else if tp == PyExc_NameError {
        for_name_error(exc.cast())
    } else {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_as_cpython() {
        let _runtime = crate::testing::hold_runtime();
        // Case flip 1, other edits 2, common prefix and suffix ignored.
        assert_eq!(levenshtein_distance(b"name", b"name", 10), 0);
        assert_eq!(levenshtein_distance(b"Name", b"name", 10), 1);
        assert_eq!(levenshtein_distance(b"nmae", b"name", 10), 4);
        assert_eq!(levenshtein_distance(b"", b"abc", 10), 6);
        assert_eq!(levenshtein_distance(b"__file__", b"__name__", 10), 6);
        assert_eq!(levenshtein_distance(b"abcdef", b"x", 2), 3);
    }
}
