//! Link arguments for the shared library.
//!
//! * SONAME `libpython3.11.so.1.0`, so programs linked against us record CPython's name.
//! * A second version script, merged by the linker with the one rustc writes for the cdylib:
//!   rustc's script exports only Rust `#[no_mangle]` items and hides everything else, which
//!   would hide the C-defined variadic entry points in `capi/c/`. Ours marks those global,
//!   and marks the Rust helpers they call (named `_Fy_*`) local, so no helper leaks.
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn visit(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            visit(&p, exts, out);
        } else if p.extension().and_then(|x| x.to_str()).is_some_and(|x| exts.contains(&x)) {
            out.push(p);
        }
    }
}

/// Identifiers starting with `prefix` anywhere in `text`.
fn idents_with_prefix(text: &str, prefix: &str, out: &mut BTreeSet<String>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(pos) = text[i..].find(prefix) {
        let start = i + pos;
        let boundary = start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let mut end = start + prefix.len();
        while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
            end += 1;
        }
        if boundary && end > start + prefix.len() {
            out.insert(text[start..end].to_string());
        }
        i = end;
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    // C definitions: CPython style puts the function name at the start of its own line.
    let mut c_files = Vec::new();
    visit(&root.join("capi/c"), &["c"], &mut c_files);
    let mut globals = BTreeSet::new();
    for f in &c_files {
        let text = fs::read_to_string(f).unwrap();
        for line in text.lines() {
            // The definition line is the name immediately followed by its parameter list
            // (`Py_ssize_t helper(...)` is a return type, not a definition of `Py_ssize_t`).
            if line.starts_with("Py") || line.starts_with("_Py") {
                let name: String = line.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if line[name.len()..].starts_with('(') {
                    globals.insert(name);
                }
            }
        }
    }
    // Rust helpers that the C side calls: `_Fy_*`, as the C files name them. (The linker
    // insists that every name in a version script is defined, so only real uses count.)
    let mut helpers = BTreeSet::new();
    for f in &c_files {
        idents_with_prefix(&fs::read_to_string(f).unwrap(), "_Fy_", &mut helpers);
    }

    let mut map = String::from("{\n  global:\n");
    for g in &globals {
        map.push_str(&format!("    {g};\n"));
    }
    if !helpers.is_empty() {
        map.push_str("  local:\n");
        for h in &helpers {
            map.push_str(&format!("    {h};\n"));
        }
    }
    map.push_str("};\n");
    let map_path = out_dir.join("exports.map");
    fs::write(&map_path, map).unwrap();

    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libpython3.11.so.1.0");
    println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={}", map_path.display());
    for d in ["capi/c", "capi/src", "runtime/src"] {
        println!("cargo:rerun-if-changed={}", root.join(d).display());
    }
}
