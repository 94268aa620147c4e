//! `pycore_pyerrors.h`'s exported edit-distance helper (CPython's Python/suggestions.c).

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::abi::Py_ssize_t;
use ferrython_runtime::objects::unicodeobject;

exported!(
    /// Edit cost of two str objects (-1 with an exception when one is not UTF-8 encodable);
    /// `max_cost` -1 means no bound.
    fn _Py_UTF8_Edit_Cost(a: *mut PyObject, b: *mut PyObject, max_cost: Py_ssize_t) -> Py_ssize_t => {
        let (Ok(x), Ok(y)) = (unicodeobject::as_utf8(a), unicodeobject::as_utf8(b)) else { return -1 };
        let max = if max_cost == -1 { 2 * x.len().max(y.len()) } else { max_cost.max(0) as usize };
        ferrython_runtime::suggestions::levenshtein_distance(x, y, max) as Py_ssize_t
    });
