//! The lib-dynload differential test: each script in `compat-tests/dynload/` imports and
//! exercises one of CPython's lib-dynload C modules; it runs under the real `python3.11` on
//! CPython's library and on ours, and stdout and exit status must match (the harness of
//! `compat-tests/src/programs.rs`).
//!
//! Env: `FERRYTHON_LIB_DIR` (our library's directory, default `<workspace>/target/release`),
//! `FERRYTHON_PROGRAMS_FILTER` (only scripts whose name contains this text).

use ferrython_compat_tests::cpython::CPython;
use ferrython_compat_tests::programs::{compare, discover, ProgramOutcome};
use ferrython_compat_tests::workspace::{compat_tests_dir, default_lib_dir, OurLibrary};

/// Scripts whose module still fails for reasons outside the C API symbols (each with why).
/// They run anyway; one that starts passing is reported so it can leave this list.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[test]
fn dynload_modules_match_cpython() {
    let cpython = CPython::find().unwrap_or_else(|e| panic!("{e}"));
    let ours = OurLibrary::locate(&default_lib_dir()).unwrap_or_else(|e| panic!("{e}"));
    ours.verify_loaded_by(&cpython.executable).unwrap_or_else(|e| panic!("{e}"));
    let mut scripts = discover(&compat_tests_dir().join("dynload")).unwrap_or_else(|e| panic!("{e}"));
    if let Ok(filter) = std::env::var("FERRYTHON_PROGRAMS_FILTER") {
        scripts.retain(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains(&filter)));
    }
    assert!(!scripts.is_empty(), "no scripts found");
    let build_dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dynload-diff");
    let mut failed = Vec::new();
    let mut newly_passing = Vec::new();
    let mut passed = 0;
    for p in &scripts {
        let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let known = KNOWN_FAILURES.iter().find(|(n, _)| *n == name);
        match (compare(&cpython, &ours.dir, p, &build_dir), known) {
            (ProgramOutcome::Passed, None) => {
                passed += 1;
                println!("PASS {name}");
            }
            (ProgramOutcome::Passed, Some(_)) => {
                passed += 1;
                println!("PASS {name} (listed as a known failure)");
                newly_passing.push(name);
            }
            (ProgramOutcome::Failed(why), Some((_, reason))) => println!("KNOWN FAIL {name} ({reason}): {why}"),
            (ProgramOutcome::Failed(why), None) => {
                println!("FAIL {name}: {why}");
                failed.push(name);
            }
        }
    }
    println!("dynload scripts: {passed} passed, {} failed, {} known failures", failed.len(), scripts.len() - passed - failed.len());
    assert!(failed.is_empty(), "scripts differing from CPython: {failed:?}");
    assert!(newly_passing.is_empty(), "now passing, remove from KNOWN_FAILURES: {newly_passing:?}");
}
