//! Which C identifiers the compat tests mention: a symbol counts as exercised when its name
//! occurs as an identifier in a test source (`*.c`, `*.cpp`, `*.h`, `*.py` under
//! `compat-tests/`). Macro-only use does not count; the function has to be named.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// File extensions whose contents are scanned.
pub const SCANNED_EXTENSIONS: &[&str] = &["c", "cpp", "h", "py"];

/// Adds every C identifier (`[A-Za-z_][A-Za-z0-9_]*`) in `text` to `out`.
pub fn identifiers(text: &str, out: &mut BTreeSet<String>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() || b == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.insert(text[start..i].to_string());
        } else if b.is_ascii_digit() {
            // Skip numbers whole so `0x1f` does not yield the identifier `x1f`.
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
}

/// Source files with a scanned extension under `root`, skipping `target` and hidden dirs.
pub fn test_sources(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    stack.push(path);
                }
            } else if path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| SCANNED_EXTENSIONS.contains(&x))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// All identifiers named in the test sources under `root`.
pub fn identifiers_under(root: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for file in test_sources(root) {
        if let Ok(bytes) = fs::read(&file) {
            identifiers(&String::from_utf8_lossy(&bytes), &mut names);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_whole_words() {
        let mut ids = BTreeSet::new();
        identifiers(
            "n = PyOS_snprintf(buf, 0x1f, \"%d\", 12ab); Py_INCREF(o); // _private",
            &mut ids,
        );
        for want in [
            "n",
            "PyOS_snprintf",
            "buf",
            "d",
            "Py_INCREF",
            "o",
            "_private",
        ] {
            assert!(ids.contains(want), "missing {want}: {ids:?}");
        }
        assert!(!ids.contains("x1f") && !ids.contains("ab") && !ids.contains("PyOS"));
    }

    #[test]
    fn sources_are_found_by_extension_outside_target() {
        let root = std::env::temp_dir().join(format!("ferrython-scan-{}", std::process::id()));
        fs::create_dir_all(root.join("capi")).unwrap();
        fs::create_dir_all(root.join("target")).unwrap();
        fs::write(root.join("capi/a.c"), "PyLong_FromLong(1);").unwrap();
        fs::write(
            root.join("capi/b.py"),
            "import ctypes; ctypes.pythonapi.Py_IsInitialized",
        )
        .unwrap();
        fs::write(root.join("capi/notes.md"), "PyDict_New").unwrap();
        fs::write(root.join("target/gen.c"), "PyList_New").unwrap();
        let ids = identifiers_under(&root);
        assert!(ids.contains("PyLong_FromLong") && ids.contains("Py_IsInitialized"));
        assert!(!ids.contains("PyDict_New") && !ids.contains("PyList_New"));
        fs::remove_dir_all(&root).unwrap();
    }
}
