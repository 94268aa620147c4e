//! Shared pieces of the parser's differential tests: running tests/oracle/parser_oracle.py
//! and our parser the same way (file bytes decoded as `compile(bytes)` does).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use ferrython_compiler::ast::dump_with_attributes;
use ferrython_compiler::error::SyntaxErrorInfo;
use ferrython_compiler::parser::{parse_bytes, Mode, ParserFlags};
use serde_json::Value;

#[path = "../support/python.rs"]
mod python;
#[allow(unused_imports)]
pub use python::{py_files_under, stdlib_root, PYTHON};

pub fn parser_oracle_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/parser_oracle.py")
}

/// Run the parser oracle in `mode` with `input` on stdin; one JSON value per output line.
pub fn run_parser_oracle(mode: &str, input: &[u8]) -> Vec<Value> {
    let script = parser_oracle_script();
    let out = python::run_python_args(&[script.to_str().expect("UTF-8 path"), mode], input);
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle JSON"))
        .collect()
}

/// Our parse of a file's bytes: the dump with attributes, or the error.
pub fn our_parse(bytes: &[u8]) -> Result<String, SyntaxErrorInfo> {
    let m = parse_bytes(bytes, "<unknown>", Mode::Exec, ParserFlags::default())?;
    Ok(dump_with_attributes(&m))
}

/// A SyntaxError as the JSON the oracle prints.
pub fn error_value(e: &SyntaxErrorInfo) -> Value {
    serde_json::json!({
        "type": e.error_type.name(), "msg": e.msg, "lineno": e.lineno, "offset": e.offset,
        "end_lineno": e.end_lineno, "end_offset": e.end_offset, "text": e.text,
    })
}

/// The oracle's error fields of a record.
pub fn oracle_error(rec: &Value) -> Value {
    serde_json::json!({
        "type": rec["type"], "msg": rec["msg"], "lineno": rec["lineno"], "offset": rec["offset"],
        "end_lineno": rec["end_lineno"], "end_offset": rec["end_offset"], "text": rec["text"],
    })
}

/// The first position where two strings differ, with some context of each.
pub fn first_difference(a: &str, b: &str) -> String {
    let i = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let mut lo = i.saturating_sub(150);
    while !a.is_char_boundary(lo) || !b.is_char_boundary(lo) {
        lo -= 1;
    }
    let hi = |s: &str| {
        let mut h = (i + 150).min(s.len());
        while !s.is_char_boundary(h) {
            h += 1;
        }
        h
    };
    format!(
        "\n    ours   ...{}\n    theirs ...{}",
        &a[lo..hi(a)],
        &b[lo..hi(b)]
    )
}
