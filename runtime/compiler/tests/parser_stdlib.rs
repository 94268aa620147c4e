//! Differential test: every .py file under CPython 3.11's library directory (Lib/test and
//! site-packages included)
//! parsed by our parser and by CPython's `ast.parse` (oracle tests/oracle/parser_oracle.py,
//! run once per batch of files); `ast.dump(tree, include_attributes=True)` must be identical,
//! and files CPython rejects must be rejected with the same SyntaxError attributes.
//!
//! `PARSER_STDLIB_LIMIT=N` checks only the first N files (for quick runs).

mod parser_common;

use parser_common::*;

const BATCH: usize = 400;

#[test]
fn stdlib_ast_identical() {
    let root = stdlib_root();
    let mut files = py_files_under(&root, true);
    if let Ok(n) = std::env::var("PARSER_STDLIB_LIMIT") {
        files.truncate(n.parse().unwrap());
    }
    let mut identical = 0;
    let mut same_error = 0;
    let mut rejected = 0;
    let mut failures = Vec::new();
    for batch in files.chunks(BATCH) {
        let listing: String = batch.iter().map(|p| format!("{}\n", p.display())).collect();
        let oracle = run_parser_oracle("files", listing.as_bytes());
        assert_eq!(oracle.len(), batch.len());
        for (path, rec) in batch.iter().zip(oracle) {
            let bytes = std::fs::read(path).unwrap();
            let ours = our_parse(&bytes);
            let ok = rec["ok"].as_bool().unwrap();
            match (ours, ok) {
                (Ok(d), true) => {
                    let theirs = rec["dump"].as_str().unwrap();
                    if d == theirs {
                        identical += 1;
                    } else {
                        failures.push(format!(
                            "{}: AST differs{}",
                            path.display(),
                            first_difference(&d, theirs)
                        ));
                    }
                }
                (Err(e), false) => {
                    rejected += 1;
                    let (o, t) = (error_value(&e), oracle_error(&rec));
                    if o == t {
                        same_error += 1;
                    } else {
                        failures.push(format!(
                            "{}: errors differ\n    ours   {}\n    theirs {}",
                            path.display(),
                            o,
                            t
                        ));
                    }
                }
                (Err(e), true) => failures.push(format!(
                    "{}: we reject ({}) but CPython accepts",
                    path.display(),
                    e
                )),
                (Ok(_), false) => {
                    rejected += 1;
                    failures.push(format!(
                        "{}: we accept but CPython rejects ({})",
                        path.display(),
                        oracle_error(&rec)
                    ))
                }
            }
        }
    }
    let n = files.len();
    let accepted = n - rejected;
    println!(
        "parser: identical {} of {} (files CPython accepts)",
        identical, accepted
    );
    println!(
        "parser: same error {} of {} (files CPython rejects)",
        same_error, rejected
    );
    for f in failures.iter().take(40) {
        println!("{}", f);
    }
    assert!(
        failures.is_empty(),
        "{} of {} files differ",
        failures.len(),
        n
    );
}
