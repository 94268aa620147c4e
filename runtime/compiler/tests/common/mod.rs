//! Shared pieces of the differential tests: locating CPython 3.11 and its stdlib, running
//! the oracle script (tests/oracle/oracle.py) and comparing our tokens with its output.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ferrython_compiler::source::{decode_source, SourceKind};
use ferrython_compiler::tokenizer::{python_tokenize, PyToken};
use serde_json::Value;

#[path = "../support/python.rs"]
mod python;
#[allow(unused_imports)]
pub use python::{stdlib_root, PYTHON};

pub fn oracle_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/oracle.py")
}

/// Every .py file under `root` (site-packages included: the whole installed library), sorted.
pub fn py_files(root: &Path) -> Vec<PathBuf> {
    python::py_files_under(root, true)
}

/// Run the oracle with `mode`, feeding `input` on stdin; one JSON value per output line.
pub fn run_oracle(mode: &str, input: &[u8]) -> Vec<Value> {
    let script = oracle_script();
    let out = python::run_python_args(&[script.to_str().expect("UTF-8 path"), mode], input);
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle JSON"))
        .collect()
}

/// Our `tokenize`-shaped tokens for a file's bytes.
/// Decoded as a script file: like `tokenize.open`, undecodable lines are errors.
pub fn our_py_tokens(bytes: &[u8]) -> Result<Vec<PyToken>, String> {
    let kind = SourceKind::File {
        filename: "<file>".into(),
    };
    let src = decode_source(bytes, kind, true).map_err(|e| e.to_string())?;
    python_tokenize(&src).map_err(|e| e.to_string())
}

pub fn token_row(t: &PyToken) -> Value {
    serde_json::json!([
        t.kind.number(),
        t.exact_kind.number(),
        t.start.0,
        t.start.1,
        t.end.0,
        t.end.1,
        t.string
    ])
}

#[derive(Debug, Default)]
pub struct TokenComparison {
    pub files: usize,
    /// Same token list as `tokenize`.
    pub identical: usize,
    /// `tokenize` raised or produced ERRORTOKEN and we reported an error.
    pub both_reject: usize,
    /// Identical once the names `tokenize` split are joined: its `\w+` name pattern stops at
    /// combining marks that are valid in identifiers (XID_Continue), which it then reports as
    /// ERRORTOKEN; the C tokenizer (and we) read one NAME.
    pub identical_after_joining_names: usize,
    pub mismatches: Vec<String>,
    pub bytes: usize,
    pub our_seconds: f64,
    pub oracle_seconds: f64,
}

/// Join NAME/ERRORTOKEN runs that touch (see `identical_after_joining_names`).
fn join_split_names(rows: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for row in rows {
        let is_part = |r: &Value| r[0] == 1 || r[0] == 60;
        if let Some(prev) = out.last_mut() {
            if is_part(prev) && is_part(row) && prev[4] == row[2] && prev[5] == row[3] {
                let text = format!("{}{}", prev[6].as_str().unwrap(), row[6].as_str().unwrap());
                *prev = serde_json::json!([1, 1, prev[2], prev[3], row[4], row[5], text]);
                continue;
            }
        }
        out.push(row.clone());
    }
    out
}

/// Compare our tokens with the oracle's for `files`.
pub fn compare_files(files: &[PathBuf]) -> TokenComparison {
    let mut cmp = TokenComparison::default();
    let listing: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    let oracle = run_oracle("tokenize", listing.as_bytes());
    assert_eq!(oracle.len(), files.len());
    for (path, rec) in files.iter().zip(oracle) {
        cmp.files += 1;
        let bytes = std::fs::read(path).unwrap();
        cmp.bytes += bytes.len();
        let t0 = std::time::Instant::now();
        let ours = our_py_tokens(&bytes);
        cmp.our_seconds += t0.elapsed().as_secs_f64();
        cmp.oracle_seconds += rec["seconds"].as_f64().unwrap_or(0.0);
        let mut rec = rec;
        if rec["ok"].as_bool().unwrap() && rec["errortoken"].as_bool().unwrap() {
            let joined = join_split_names(rec["tokens"].as_array().unwrap());
            if !joined.iter().any(|t| t[0] == 60) {
                let ours: Option<Vec<Value>> = ours
                    .as_ref()
                    .ok()
                    .map(|v| v.iter().map(token_row).collect());
                if ours.as_ref() == Some(&joined) {
                    cmp.identical_after_joining_names += 1;
                    continue;
                }
                rec["tokens"] = Value::Array(joined);
                rec["errortoken"] = Value::Bool(false);
            }
        }
        let oracle_rejects = !rec["ok"].as_bool().unwrap() || rec["errortoken"].as_bool().unwrap();
        match ours {
            Err(_) if oracle_rejects => cmp.both_reject += 1,
            Err(e) => cmp.mismatches.push(format!(
                "{}: we fail ({}) but tokenize accepts",
                path.display(),
                e
            )),
            Ok(_) if oracle_rejects => cmp.mismatches.push(format!(
                "{}: we accept but tokenize rejects ({})",
                path.display(),
                rec.get("error")
                    .and_then(|e| e.as_str())
                    .unwrap_or("ERRORTOKEN")
            )),
            Ok(toks) => {
                let theirs = rec["tokens"].as_array().unwrap();
                let ours: Vec<Value> = toks.iter().map(token_row).collect();
                if &ours == theirs {
                    cmp.identical += 1;
                } else {
                    let i = ours
                        .iter()
                        .zip(theirs.iter())
                        .position(|(a, b)| a != b)
                        .unwrap_or(ours.len().min(theirs.len()));
                    cmp.mismatches.push(format!(
                        "{}: token {} differs: ours {} theirs {} (counts {} vs {})",
                        path.display(),
                        i,
                        ours.get(i).map(|v| v.to_string()).unwrap_or_default(),
                        theirs.get(i).map(|v| v.to_string()).unwrap_or_default(),
                        ours.len(),
                        theirs.len()
                    ));
                }
            }
        }
    }
    cmp
}

/// Build (once) the C-tokenizer oracle from CPython's Parser/tokenizer.c; returns its path.
pub fn c_oracle() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target")
            .display()
            .to_string()
    });
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/build_c_oracle.sh");
    let out = Command::new("sh")
        .arg(&script)
        .arg(Path::new(&target).join("c-tokenizer-oracle"))
        .output()
        .expect("run build_c_oracle.sh");
    assert!(
        out.status.success(),
        "building the C tokenizer oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .last()
            .unwrap()
            .trim(),
    )
}

/// The C oracle's report per file: token lines then "END" or "E <code>".
pub fn run_c_oracle(bin: &Path, files: &[PathBuf]) -> Vec<Vec<String>> {
    let listing: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut child = Command::new(bin)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn C oracle");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(listing.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "C oracle crashed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut per_file: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if line.starts_with("F ") {
            per_file.push(Vec::new());
        } else if let Some(cur) = per_file.last_mut() {
            cur.push(line.to_string());
        }
    }
    per_file
}

/// Our parser-facing tokens in the C oracle's format.
pub fn our_c_lines(bytes: &[u8]) -> Vec<String> {
    use ferrython_compiler::tokenizer::{TokErrorKind, TokenKind, Tokenizer, TokenizerConfig};
    let mut lines = Vec::new();
    let src = match decode_source(bytes, SourceKind::Bytes, true) {
        Ok(s) => s,
        Err(_) => {
            lines.push("E init".to_string());
            return lines;
        }
    };
    let mut tk = Tokenizer::new(&src, TokenizerConfig::default());
    loop {
        match tk.next_token() {
            Ok(t) => {
                let text = match t.kind {
                    TokenKind::Indent | TokenKind::Dedent | TokenKind::EndMarker => "-".to_string(),
                    _ if t.start == t.end => "=".to_string(),
                    _ => src.text[t.start..t.end]
                        .iter()
                        .map(|b| format!("{:02x}", b))
                        .collect(),
                };
                lines.push(format!(
                    "T {} {} {} {} {} {}",
                    t.kind.number(),
                    t.lineno,
                    t.col_offset,
                    t.end_lineno,
                    t.end_col_offset,
                    text
                ));
                if t.kind == TokenKind::EndMarker {
                    lines.push("END".to_string());
                    return lines;
                }
            }
            Err(e) => {
                // CPython's errcode.h numbers for tok->done.
                let code = match e.kind {
                    TokErrorKind::Syntax => 17,
                    TokErrorKind::Eof => 11,
                    TokErrorKind::Dedent => 21,
                    TokErrorKind::TabSpace => 18,
                    TokErrorKind::TooDeep => 20,
                    TokErrorKind::LineCont => 25,
                    TokErrorKind::Decode => 22,
                };
                lines.push(format!("E {}", code));
                return lines;
            }
        }
    }
}

/// Compare our parser-facing tokens with the C tokenizer's for `files`:
/// (identical, both error with the same tokens before, mismatch descriptions).
pub fn compare_with_c_oracle(bin: &Path, files: &[PathBuf]) -> (usize, usize, Vec<String>) {
    let theirs_all = run_c_oracle(bin, files);
    assert_eq!(theirs_all.len(), files.len());
    let (mut same, mut both_err, mut bad) = (0, 0, Vec::new());
    for (path, theirs) in files.iter().zip(theirs_all) {
        if theirs.last().map_or(false, |l| l == "E skip") {
            continue;
        }
        let ours = our_c_lines(&std::fs::read(path).unwrap());
        // The unterminated-string errors leave E_EOFS/E_EOLS (23/24) in tok->done.
        let norm = |v: &Vec<String>| -> Vec<String> {
            v.iter()
                .map(|l| {
                    if l == "E 23" || l == "E 24" {
                        "E 17".to_string()
                    } else {
                        l.clone()
                    }
                })
                .collect()
        };
        let (o, t) = (norm(&ours), norm(&theirs));
        if o == t {
            if t.last().map_or(false, |l| l.starts_with("E ")) {
                both_err += 1;
            } else {
                same += 1;
            }
        } else {
            let i = o
                .iter()
                .zip(t.iter())
                .position(|(a, b)| a != b)
                .unwrap_or(o.len().min(t.len()));
            bad.push(format!(
                "{}: line {} ours {:?} theirs {:?}",
                path.display(),
                i,
                o.get(i),
                t.get(i)
            ));
        }
    }
    (same, both_err, bad)
}
