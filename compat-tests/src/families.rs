//! Coverage of the C API families that issue 4 (object model) must deliver: for each family
//! (a name prefix such as `PyLong_`, or one of the listed helpers), how many of the functions
//! CPython's library exports we export, how many of those a compat test names (exercises),
//! and which missing ones have a recorded reason (`compat-tests/abi-reasons.txt`).

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The families, in the order the issue lists them.
pub const FAMILY_PREFIXES: &[&str] = &[
    "PyLong_", "PyFloat_", "PyComplex_", "PyBool_", "PyUnicode_", "PyBytes_", "PyByteArray_",
    "PyTuple_", "PyList_", "PyDict_", "PySet_", "PyFrozenSet_", "PySlice_", "PyObject_", "PyType_",
    "PyNumber_", "PySequence_", "PyMapping_", "PyIter_", "PyErr_", "PyException_", "PyArg_",
    "PyMem_", "PyCapsule_", "PyWeakref_", "PyMemoryView_", "PyBuffer_", "PyModule_", "PyModuleDef_",
    "PyCFunction_", "PyDescr_", "PyCell_", "PyStructSequence_", "PyCallable_", "PyVectorcall_",
    "PyGC_", "PyMethod_", "PyInstanceMethod_", "PySeqIter_", "PyCallIter_",
];

/// The `Py_BuildValue` / `Py_Is*` / `Py_NewRef`-style helpers the issue names besides families.
pub const HELPERS: &[&str] = &[
    "Py_BuildValue", "Py_VaBuildValue", "_Py_BuildValue_SizeT", "_Py_VaBuildValue_SizeT", "Py_Is",
    "Py_IsNone", "Py_IsTrue", "Py_IsFalse", "Py_NewRef", "Py_XNewRef", "Py_IncRef", "Py_DecRef",
    "_Py_Dealloc",
];

/// The family a function belongs to, if any.
pub fn family_of(name: &str) -> Option<&'static str> {
    if HELPERS.contains(&name) {
        return Some("helpers");
    }
    FAMILY_PREFIXES.iter().copied().find(|p| name.starts_with(p))
}

/// One family's row.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct FamilyRow {
    pub family: String,
    /// Functions CPython exports in the family.
    pub total: usize,
    pub exported: usize,
    /// Exported and named by a compat test.
    pub exercised: usize,
    /// Not exported, with the recorded reason.
    pub missing_with_reason: Vec<(String, String)>,
    /// Not exported, no reason recorded.
    pub missing: Vec<String>,
}

/// Reads `NAME<whitespace>reason` lines (`#` comments and blank lines ignored).
pub fn read_reasons(path: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(path) else { return BTreeMap::new() };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (name, reason) = l.split_once(char::is_whitespace)?;
            Some((name.to_string(), reason.trim().to_string()))
        })
        .collect()
}

/// The table, one row per family in [`FAMILY_PREFIXES`] order plus "helpers".
pub fn coverage(
    cpython_functions: &BTreeSet<&str>,
    our_exports: &BTreeSet<&str>,
    named_by_tests: &BTreeSet<String>,
    reasons: &BTreeMap<String, String>,
) -> Vec<FamilyRow> {
    let mut rows: BTreeMap<&str, FamilyRow> = BTreeMap::new();
    for &name in cpython_functions {
        let Some(family) = family_of(name) else { continue };
        let row = rows.entry(family).or_insert_with(|| FamilyRow { family: family.to_string(), ..Default::default() });
        row.total += 1;
        if our_exports.contains(name) {
            row.exported += 1;
            if named_by_tests.contains(name) {
                row.exercised += 1;
            }
        } else if let Some(reason) = reasons.get(name) {
            row.missing_with_reason.push((name.to_string(), reason.clone()));
        } else {
            row.missing.push(name.to_string());
        }
    }
    FAMILY_PREFIXES
        .iter()
        .copied()
        .chain(["helpers"])
        .filter_map(|f| rows.remove(f))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_and_counts() {
        assert_eq!(family_of("PyLong_FromLong"), Some("PyLong_"));
        assert_eq!(family_of("PyObject_GetAttr"), Some("PyObject_"));
        assert_eq!(family_of("Py_NewRef"), Some("helpers"));
        assert_eq!(family_of("PyEval_EvalCode"), None);
        // PyFrozenSet_ is not swallowed by a shorter prefix.
        assert_eq!(family_of("PyFrozenSet_New"), Some("PyFrozenSet_"));

        let cpython: BTreeSet<&str> = ["PyLong_FromLong", "PyLong_AsLong", "PyLong_AsDouble", "Py_NewRef", "PyEval_X"].into();
        let ours: BTreeSet<&str> = ["PyLong_FromLong", "PyLong_AsLong", "Py_NewRef"].into();
        let named: BTreeSet<String> = ["PyLong_FromLong".to_string()].into();
        let reasons: BTreeMap<String, String> = [("PyLong_AsDouble".to_string(), "later".to_string())].into();
        let rows = coverage(&cpython, &ours, &named, &reasons);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].family.as_str(), rows[0].total, rows[0].exported, rows[0].exercised), ("PyLong_", 3, 2, 1));
        assert_eq!(rows[0].missing_with_reason, vec![("PyLong_AsDouble".to_string(), "later".to_string())]);
        assert!(rows[0].missing.is_empty());
        assert_eq!((rows[1].family.as_str(), rows[1].total, rows[1].exported, rows[1].exercised), ("helpers", 1, 1, 0));
    }

    #[test]
    fn reasons_file_format() {
        let dir = std::env::temp_dir().join(format!("abi-reasons-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("r.txt");
        std::fs::write(&p, "# comment\n\nPyFoo_Bar   needs the eval loop\nPyX_Y\tdeprecated\n").unwrap();
        let r = read_reasons(&p);
        assert_eq!(r.get("PyFoo_Bar").map(String::as_str), Some("needs the eval loop"));
        assert_eq!(r.get("PyX_Y").map(String::as_str), Some("deprecated"));
        assert_eq!(r.len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
