//! Differential test (a'): the parser-facing token stream (kinds with exact operator numbers,
//! ASYNC/AWAIT, NEWLINE/INDENT/DEDENT/ENDMARKER with the positions the PEG parser stores)
//! against CPython's own C tokenizer. Oracle: Parser/tokenizer.c from CPython 3.11's source,
//! compiled with tests/oracle/c_tokenizer.c and linked with the installed libpython3.11
//! (tests/oracle/build_c_oracle.sh; needs `cc` and shared/tools/cpython-src).
//!
//! `cargo test` runs ~200 stdlib files; all of them:
//! `cargo test --release --test c_tokenizer_tokens -- --ignored --nocapture`.

mod common;

use common::*;

#[test]
fn sample_of_stdlib_matches_c_tokenizer() {
    let bin = c_oracle();
    let files = py_files(&stdlib_root());
    let step = (files.len() / 200).max(1);
    let sample: Vec<_> = files.iter().skip(3).step_by(step).cloned().collect();
    let (same, both_err, bad) = compare_with_c_oracle(&bin, &sample);
    eprintln!(
        "C tokenizer sample: {} identical, {} same error, {} differ",
        same,
        both_err,
        bad.len()
    );
    for b in bad.iter().take(20) {
        eprintln!("  {}", b);
    }
    assert!(same >= 190);
    assert!(bad.is_empty());
}

#[test]
#[ignore = "slow: the whole standard library through both tokenizers"]
fn whole_stdlib_matches_c_tokenizer() {
    let bin = c_oracle();
    let files = py_files(&stdlib_root());
    let (mut same, mut both_err, mut bad) = (0, 0, Vec::new());
    for chunk in files.chunks(1000) {
        let (s, e, b) = compare_with_c_oracle(&bin, chunk);
        same += s;
        both_err += e;
        bad.extend(b);
    }
    eprintln!(
        "C tokenizer: {} files, {} identical, {} same error, {} differ",
        files.len(),
        same,
        both_err,
        bad.len()
    );
    for b in bad.iter().take(40) {
        eprintln!("  {}", b);
    }
    assert!(bad.is_empty());
}
