//! The language differential test: every program in `compat-tests/programs/` runs under the
//! real `python3.11` on CPython's library and on ours; stdout and exit status must match (see
//! `compat-tests/src/programs.rs` for the directives).
//!
//! Env: `FERRYTHON_LIB_DIR` (our library's directory, default `<workspace>/target/release`),
//! `FERRYTHON_PROGRAMS_FILTER` (only programs whose name contains this text).

use ferrython_compat_tests::cpython::CPython;
use ferrython_compat_tests::programs::{compare, discover, ProgramOutcome};
use ferrython_compat_tests::workspace::{compat_tests_dir, default_lib_dir, OurLibrary};

#[test]
fn python_programs_match_cpython() {
    let cpython = CPython::find().unwrap_or_else(|e| panic!("{e}"));
    let ours = OurLibrary::locate(&default_lib_dir()).unwrap_or_else(|e| panic!("{e}"));
    ours.verify_loaded_by(&cpython.executable).unwrap_or_else(|e| panic!("{e}"));
    let mut programs = discover(&compat_tests_dir().join("programs")).unwrap_or_else(|e| panic!("{e}"));
    if let Ok(filter) = std::env::var("FERRYTHON_PROGRAMS_FILTER") {
        programs.retain(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains(&filter)));
    }
    assert!(!programs.is_empty(), "no programs found");
    let build_dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("programs-diff");
    let mut failed = Vec::new();
    for p in &programs {
        let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
        match compare(&cpython, &ours.dir, p, &build_dir) {
            ProgramOutcome::Passed => println!("PASS {name}"),
            ProgramOutcome::Failed(why) => {
                println!("FAIL {name}: {why}");
                failed.push(name);
            }
        }
    }
    println!("programs: {} passed, {} failed", programs.len() - failed.len(), failed.len());
    assert!(failed.is_empty(), "programs differing from CPython: {failed:?}");
}
