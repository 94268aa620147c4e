//! Running the oracle, CPython 3.11, for the differential tests: one copy shared by the
//! tokenizer, marshal and AST test helpers (each includes this file with `#[path]`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const PYTHON: &str = "python3.11";

/// Runs `python3.11 ARGS...` with `input` on stdin and returns its stdout; panics with its
/// stderr when it fails.
pub fn run_python_args(args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new(PYTHON)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3.11 must be on PATH for the differential tests");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert!(
        out.status.success(),
        "python3.11 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The directory of CPython 3.11's standard library.
pub fn stdlib_root() -> PathBuf {
    let out = run_python_args(
        &[
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ],
        b"",
    );
    PathBuf::from(String::from_utf8(out).unwrap().trim())
}

/// Every .py file under `root`, sorted; installed packages (site-packages) only when asked.
pub fn py_files_under(root: &Path, include_site_packages: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if !include_site_packages && p.file_name().is_some_and(|n| n == "site-packages") {
                    continue;
                }
                stack.push(p);
            } else if ft.is_file() && p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
