//! Finding the installed CPython 3.11 headers and reading them with bindgen.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Headers the mirrored structs live in, besides every `internal/pycore_*.h` (added in name
/// order, which is an order they all compile in with `Py_BUILD_CORE`).
const PUBLIC_HEADERS: &[&str] = &["Python.h", "frameobject.h", "structmember.h"];

/// The include directory holding Python.h: from `FERRYTHON_CPYTHON` (either that directory or
/// a python3.11 executable to ask), else from the `python3.11` on PATH.
pub fn find_include_dir() -> PathBuf {
    let given = std::env::var_os("FERRYTHON_CPYTHON").map(PathBuf::from);
    let dir = match &given {
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => ask_python(p),
        None => ask_python(Path::new("python3.11")),
    };
    if !dir.join("Python.h").is_file() {
        panic!(
            "layout test: no Python.h in {} (set FERRYTHON_CPYTHON to CPython 3.11's include \
             directory or to its python3.11 executable)",
            dir.display()
        );
    }
    let patchlevel = std::fs::read_to_string(dir.join("patchlevel.h")).unwrap_or_default();
    let is_311 = patchlevel
        .lines()
        .any(|l| l.split_whitespace().eq(["#define", "PY_MINOR_VERSION", "11"]))
        && patchlevel
            .lines()
            .any(|l| l.split_whitespace().eq(["#define", "PY_MAJOR_VERSION", "3"]));
    if !is_311 {
        panic!("layout test: the headers in {} are not CPython 3.11's", dir.display());
    }
    dir
}

fn ask_python(python: &Path) -> PathBuf {
    let output = Command::new(python)
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['include'])"])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "layout test: cannot run {} to find CPython 3.11's headers ({e}); set FERRYTHON_CPYTHON \
                 to the include directory or to a python3.11 executable",
                python.display()
            )
        });
    if !output.status.success() {
        panic!(
            "layout test: {} failed: {}",
            python.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

/// Loads libclang now, so that a machine without it gets a message saying what to install
/// instead of bindgen's panic.
pub fn ensure_libclang() {
    if let Err(why) = clang_sys::load() {
        panic!(
            "layout test: libclang not found. Install it: `apt-get install libclang-dev` \
             (Debian/Ubuntu), or point LIBCLANG_PATH at the directory holding libclang.so.\n\
             bindgen needs it to read the CPython headers; only this test needs it, never \
             Ferrython's own build.\n\
             (clang-sys said: {why})"
        );
    }
}

/// The C source bindgen reads: Python.h and friends with `Py_BUILD_CORE`, then every internal
/// header.
fn wrapper_source(include: &Path) -> String {
    let mut internal: Vec<String> = std::fs::read_dir(include.join("internal"))
        .unwrap_or_else(|e| panic!("layout test: cannot list {}/internal: {e}", include.display()))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("pycore_") && name.ends_with(".h"))
        .collect();
    internal.sort();
    let mut src = String::from("#define Py_BUILD_CORE 1\n");
    for header in PUBLIC_HEADERS {
        src.push_str(&format!("#include \"{header}\"\n"));
    }
    for header in internal {
        src.push_str(&format!("#include \"internal/{header}\"\n"));
    }
    src
}

/// Runs bindgen over the headers, keeping the named types (typedef or tag names) and, through
/// them, every type they contain. Returns the generated Rust source.
pub fn run_bindgen(include: &Path, type_names: &BTreeSet<String>) -> String {
    let mut builder = bindgen::Builder::default()
        .header_contents("ferrython_layout_wrapper.h", &wrapper_source(include))
        .clang_arg(format!("-I{}", include.display()))
        .parse_callbacks(Box::new(bindgen::CargoCallbacks::new()))
        .use_core()
        .ctypes_prefix("::core::ffi")
        .generate_comments(false)
        .derive_debug(false)
        .derive_default(false)
        // bindgen's own compile-time asserts: prove its Rust has clang's sizes and offsets.
        .layout_tests(true)
        .formatter(bindgen::Formatter::Prettyplease);
    for name in type_names {
        builder = builder.allowlist_type(regex_literal(name));
    }
    match builder.generate() {
        Ok(bindings) => bindings.to_string(),
        Err(e) => panic!(
            "layout test: bindgen could not read the headers in {}: {e}",
            include.display()
        ),
    }
}

/// `name` as a regex matching only itself (names are C identifiers, but be exact anyway).
fn regex_literal(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}
