//! Differential test (1): .pyc files of the standard library, compiled by CPython 3.11.
//!
//! For each, the bytes after the 16-byte header must come back unchanged from
//! `dumps(loads(bytes), 4)` (reference flags as read), and also from
//! `dumps_for_pyc(with_auto_ref_flags(loads(bytes)))`: the same object graph with every
//! FLAG_REF decision left to our mirror of CPython's rule, which is what the compiler's
//! output will rely on.
//!
//! `cargo test --test marshal_pyc` runs a sample of about 300 files of the standard
//! library; all of lib/python3.11 (site-packages included, ~11,600 files) is
//! `cargo test --test marshal_pyc -- --ignored --nocapture`.

mod marshal_common;

use std::path::PathBuf;

use ferrython_compiler::marshal::{dumps, dumps_for_pyc, loads, with_auto_ref_flags};
use marshal_common::*;

#[derive(Default)]
struct Tally {
    files: usize,
    recorded_identical: usize,
    auto_identical: usize,
    bytes: usize,
    failures: Vec<String>,
    auto_mismatches: Vec<String>,
}

/// Where two byte strings first differ, with a little context.
fn first_difference(ours: &[u8], theirs: &[u8]) -> String {
    let at = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    let lo = at.saturating_sub(8);
    format!(
        "lengths {} vs {}, first difference at {at}: ours {:02x?} cpython {:02x?}",
        ours.len(),
        theirs.len(),
        &ours[lo..(at + 8).min(ours.len())],
        &theirs[lo..(at + 8).min(theirs.len())]
    )
}

fn check_pycs(pycs: &[(PathBuf, PathBuf)]) -> Tally {
    let mut tally = Tally::default();
    for (source, pyc) in pycs {
        let data = std::fs::read(pyc).unwrap();
        let body = &data[16..];
        tally.files += 1;
        tally.bytes += body.len();
        let value = match loads(body) {
            Ok(v) => v,
            Err(e) => {
                tally
                    .failures
                    .push(format!("{}: loads failed: {e}", source.display()));
                continue;
            }
        };
        match dumps(&value, 4) {
            Ok(out) if out == body => tally.recorded_identical += 1,
            Ok(out) => tally.failures.push(format!(
                "{}: recorded flags: {}",
                source.display(),
                first_difference(&out, body)
            )),
            Err(e) => tally
                .failures
                .push(format!("{}: dumps failed: {e}", source.display())),
        }
        match dumps_for_pyc(&with_auto_ref_flags(&value)) {
            Ok(out) if out == body => tally.auto_identical += 1,
            Ok(out) => tally.auto_mismatches.push(format!(
                "{}: {}",
                source.display(),
                first_difference(&out, body)
            )),
            Err(e) => tally
                .auto_mismatches
                .push(format!("{}: dumps failed: {e}", source.display())),
        }
    }
    tally
}

fn report(tally: &Tally) {
    eprintln!(
        "pyc files {} ({:.1} MB of marshal data): identical with recorded flags {}, identical with Auto flags {}",
        tally.files,
        tally.bytes as f64 / 1e6,
        tally.recorded_identical,
        tally.auto_identical
    );
    for f in tally.failures.iter().take(20) {
        eprintln!("FAIL {f}");
    }
    for m in tally.auto_mismatches.iter().take(20) {
        eprintln!("AUTO {m}");
    }
}

#[test]
fn stdlib_sample_round_trips_byte_identical() {
    let files = py_files(&stdlib_root());
    assert!(files.len() > 1000, "stdlib not found");
    let chosen = sample(&files, 300);
    let dir = TempDir::new("marshal-pyc");
    let pycs = compile_pycs(&chosen, &dir.0);
    assert!(
        pycs.len() >= 280,
        "only {} of {} sample files compiled",
        pycs.len(),
        chosen.len()
    );
    let tally = check_pycs(&pycs);
    report(&tally);
    assert!(tally.failures.is_empty());
    assert_eq!(tally.recorded_identical, tally.files);
    assert_eq!(tally.auto_identical, tally.files);
}

#[test]
#[ignore = "slow: compiles and round-trips the whole library directory"]
fn whole_stdlib_round_trips_byte_identical() {
    // lib/python3.11 with its site-packages: about 11,600 files.
    let files = all_py_files(&stdlib_root());
    let dir = TempDir::new("marshal-pyc-all");
    let pycs = compile_pycs(&files, &dir.0);
    eprintln!("{} of {} .py files compiled", pycs.len(), files.len());
    let started = std::time::Instant::now();
    let tally = check_pycs(&pycs);
    eprintln!("checked in {:.1}s", started.elapsed().as_secs_f64());
    report(&tally);
    assert!(tally.failures.is_empty());
    assert_eq!(tally.recorded_identical, tally.files);
    assert_eq!(tally.auto_identical, tally.files);
}
