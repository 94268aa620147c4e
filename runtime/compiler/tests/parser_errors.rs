//! Differential test: the SyntaxErrors (and warnings) of our parser against CPython 3.11's
//! parser on the corpora tests/data/invalid_snippets.json (tokenizer-level errors, collected
//! by tests/oracle/collect_snippets.py) and tests/data/parser_snippets.json (everything
//! CPython's parser rejects among the strings and doctests of its grammar-related tests,
//! collected by tests/oracle/collect_parser_snippets.py), each given as bytes and, when it is
//! UTF-8, as str. The oracle is `compile(src, "<snippet>", "exec", PyCF_ONLY_AST)` (the
//! parser alone); snippets only the later compiler stages reject (e.g. `return` outside a
//! function) must be accepted by the parser.
//!
//! Counts: `parser errors: identical X of N` over the snippets CPython's parser rejects
//! (all of type, msg, lineno, offset, end_lineno, end_offset, text equal). The test fails
//! if we reject what CPython's parser accepts or accept what it rejects, or if the identical
//! count falls below the floor recorded here.

mod parser_common;

use std::collections::BTreeMap;

use ferrython_compiler::parser::{parse_with_warnings, Mode, ParserFlags, ParserWarning};
use ferrython_compiler::source::{decode_source, SourceKind};
use parser_common::*;
use serde_json::Value;

/// The identical count reached when this was written; a regression below it fails.
const IDENTICAL_FLOOR: usize = 6567;

fn ours(src: &[u8], kind: SourceKind) -> (Result<(), Value>, Vec<ParserWarning>) {
    let decoded = match decode_source(src, kind, true) {
        Ok(d) => d,
        Err(e) => return (Err(error_value(&e)), Vec::new()),
    };
    let (r, w) = parse_with_warnings(&decoded, "<snippet>", Mode::Exec, ParserFlags::default());
    (r.map(|_| ()).map_err(|e| error_value(&e)), w)
}

#[test]
fn invalid_snippets_errors_identical() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut snippets: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for name in ["invalid_snippets.json", "parser_snippets.json"] {
        let text = std::fs::read_to_string(data.join(name)).unwrap();
        let v: Vec<String> = serde_json::from_str(&text).unwrap();
        for s in v {
            if seen.insert(s.clone()) {
                snippets.push(s);
            }
        }
    }
    let text = serde_json::to_string(&snippets).unwrap();
    let oracle = run_parser_oracle("snippets", text.as_bytes());
    assert_eq!(oracle.len(), snippets.len());
    let (mut n, mut identical, mut both_ok, mut compiler_stage, mut warn_same, mut warn_n) =
        (0, 0, 0, 0, 0, 0);
    let mut wrong_verdict = Vec::new();
    let mut by_msg: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples: Vec<String> = Vec::new();
    for (s, rec) in snippets.iter().zip(&oracle) {
        let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
        for (label, kind) in [("bytes", SourceKind::Bytes), ("text", SourceKind::Text)] {
            let r = &rec[label];
            if r.is_null() {
                continue;
            }
            let (result, warnings) = ours(&bytes, kind);
            let cpython_ok = r["ok"].as_bool().unwrap();
            if cpython_ok {
                match result {
                    Ok(()) => {
                        both_ok += 1;
                        if !r["compile"].is_null() {
                            compiler_stage += 1;
                        }
                        warn_n += 1;
                        let theirs: Vec<Value> = r["warnings"].as_array().unwrap().clone();
                        let ours: Vec<Value> = warnings
                            .iter()
                            .map(|w| serde_json::json!([w.category, w.message, w.lineno]))
                            .collect();
                        if ours == theirs {
                            warn_same += 1;
                        } else {
                            examples.push(format!(
                                "{:?} ({})\n    warnings ours {:?}\n    theirs {:?}",
                                s, label, ours, theirs
                            ));
                        }
                    }
                    Err(e) => wrong_verdict.push(format!(
                        "{:?} ({}): we reject {} but CPython's parser accepts",
                        s, label, e
                    )),
                }
                continue;
            }
            n += 1;
            let theirs = oracle_error(r);
            match result {
                Ok(()) => wrong_verdict.push(format!(
                    "{:?} ({}): we accept but CPython rejects {}",
                    s, label, theirs
                )),
                Err(o) => {
                    if o == theirs {
                        identical += 1;
                    } else {
                        *by_msg
                            .entry(theirs["msg"].as_str().unwrap_or("").to_string())
                            .or_default() += 1;
                        examples.push(format!(
                            "{:?} ({})\n    ours   {}\n    theirs {}",
                            s, label, o, theirs
                        ));
                    }
                }
            }
        }
    }
    println!("parser errors: identical {} of {}", identical, n);
    println!("parser accepts what CPython's parser accepts: {} (of which the compiler rejects later: {})", both_ok, compiler_stage);
    println!(
        "warnings identical on accepted snippets: {} of {}",
        warn_same, warn_n
    );
    let mut top: Vec<_> = by_msg.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1));
    println!("top differing messages:");
    for (m, c) in top.iter().take(25) {
        println!("  {:4} {}", c, m);
    }
    for e in examples.iter().take(60) {
        println!("{}", e);
    }
    for w in wrong_verdict.iter().take(40) {
        println!("{}", w);
    }
    println!("wrong verdicts: {}", wrong_verdict.len());
    assert!(identical >= IDENTICAL_FLOOR);
}
