//! Differential test (a): our `tokenize`-shaped token stream against the pure-Python
//! `tokenize` module of the real CPython 3.11 (oracle: Lib/tokenize.py through
//! tests/oracle/oracle.py) on the standard library's .py files.
//!
//! `cargo test` runs a sample of about 200 files; the whole library (~11,600 files) is
//! `cargo test --release --test stdlib_tokens -- --ignored --nocapture`.

mod common;

use common::*;

fn report(cmp: &TokenComparison) {
    eprintln!(
        "files {}: identical {}, identical after joining tokenize's split names {}, both reject {}, mismatched {}",
        cmp.files,
        cmp.identical,
        cmp.identical_after_joining_names,
        cmp.both_reject,
        cmp.mismatches.len()
    );
    let mb = cmp.bytes as f64 / 1e6;
    eprintln!(
        "{:.1} MB: ours {:.2}s ({:.1} MB/s), tokenize module {:.2}s ({:.1} MB/s)",
        mb,
        cmp.our_seconds,
        mb / cmp.our_seconds,
        cmp.oracle_seconds,
        mb / cmp.oracle_seconds
    );
    for m in cmp.mismatches.iter().take(40) {
        eprintln!("  {}", m);
    }
}

#[test]
fn sample_of_stdlib_matches_tokenize_module() {
    let files = py_files(&stdlib_root());
    assert!(files.len() > 1000, "stdlib not found");
    let step = files.len() / 200;
    let sample: Vec<_> = files.iter().step_by(step.max(1)).cloned().collect();
    let cmp = compare_files(&sample);
    report(&cmp);
    assert!(cmp.identical >= 190, "too few identical files");
    assert!(
        cmp.mismatches.is_empty(),
        "{} files differ",
        cmp.mismatches.len()
    );
}

#[test]
#[ignore = "slow: tokenizes the whole standard library with both tokenizers"]
fn whole_stdlib_matches_tokenize_module() {
    let files = py_files(&stdlib_root());
    let mut total = TokenComparison::default();
    for chunk in files.chunks(500) {
        let cmp = compare_files(chunk);
        total.files += cmp.files;
        total.identical += cmp.identical;
        total.both_reject += cmp.both_reject;
        total.identical_after_joining_names += cmp.identical_after_joining_names;
        total.bytes += cmp.bytes;
        total.our_seconds += cmp.our_seconds;
        total.oracle_seconds += cmp.oracle_seconds;
        total.mismatches.extend(cmp.mismatches);
    }
    report(&total);
    assert!(
        total.mismatches.is_empty(),
        "{} files differ",
        total.mismatches.len()
    );
}
