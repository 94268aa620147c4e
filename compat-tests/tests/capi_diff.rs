//! The C-API differential test: every program in `compat-tests/capi/` runs on CPython's
//! library and on ours; stdout and exit status must match. See `compat-tests/capi/README.md`.
//!
//! Env: `FERRYTHON_LIB_DIR` (our library's directory, default `<workspace>/target/release`),
//! `FERRYTHON_CPYTHON` (the reference interpreter), `FERRYTHON_CAPI_FILTER` (run only programs
//! whose file name contains this text), `FERRYTHON_CAPI_JOBS` (parallel programs).

use std::path::PathBuf;

use ferrython_compat_tests::capi::{discover_programs, Harness, Outcome};
use ferrython_compat_tests::cpython::CPython;
use ferrython_compat_tests::workspace::{capi_dir, default_jobs, default_lib_dir, OurLibrary};

#[test]
fn capi_programs_match_cpython() {
    let cpython = CPython::find().unwrap_or_else(|e| panic!("{e}"));
    let ours = OurLibrary::locate_for_linking(&default_lib_dir()).unwrap_or_else(|e| panic!("{e}"));
    // The loader must take our file, not skip it for another libpython on the system.
    ours.verify_loaded_by(&cpython.executable)
        .unwrap_or_else(|e| panic!("{e}"));

    let mut programs = discover_programs(&capi_dir()).unwrap_or_else(|e| panic!("{e}"));
    if let Ok(filter) = std::env::var("FERRYTHON_CAPI_FILTER") {
        programs.retain(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains(&filter))
        });
    }
    assert!(
        !programs.is_empty(),
        "no programs in {}",
        capi_dir().display()
    );

    let jobs = std::env::var("FERRYTHON_CAPI_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or_else(default_jobs);
    let build_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("capi-diff");
    let harness = Harness::new(cpython, ours.dir, build_dir);
    let results = harness.run_all(&programs, jobs);
    assert_eq!(results.len(), programs.len());

    let (mut passed, mut skipped, mut failed) = (0, 0, Vec::new());
    for r in &results {
        let secs = r.elapsed.as_secs_f64();
        match &r.outcome {
            Outcome::Passed => {
                passed += 1;
                println!("PASS {} ({secs:.1}s)", r.name);
            }
            Outcome::Skipped(why) => {
                skipped += 1;
                println!("SKIP {}: {why}", r.name);
            }
            Outcome::Failed(why) => {
                failed.push(r.name.clone());
                println!("FAIL {} ({secs:.1}s): {why}", r.name);
            }
        }
    }
    let skipped_note = if skipped > 0 {
        format!(", {skipped} skipped")
    } else {
        String::new()
    };
    println!(
        "capi-diff: {passed} passed, {} failed{skipped_note}",
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "C-API programs that differ from CPython: {}",
        failed.join(", ")
    );
}
