//! Differential tests of code generation: a few hundred handwritten snippets
//! (tests/data/codegen_snippets.txt, separated by `#----` lines) covering every statement
//! and expression, compiled by CPython 3.11 and by us, compared code object by code
//! object, field by field (tests/data/codegen_errors.txt: snippets the compiler rejects,
//! compared by exception type, message and position; SyntaxWarnings compared too).
//!
//! Our code generator gets CPython's own tree (`ast.dump` read back), so these tests
//! isolate code generation from our parser; one test runs the whole pipeline from source.

use ferrython_compiler::ast::{read, Mod};
use ferrython_compiler::codegen::{self, diff};
use ferrython_compiler::marshal;

#[path = "support/python.rs"]
#[allow(dead_code)]
mod python;

const ORACLE: &str = r#"
import sys, json, ast, marshal, warnings
out = []
for src in json.load(sys.stdin):
    rec = {}
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter('always')
        try:
            code = compile(src, '<snippet>', 'exec', dont_inherit=True)
            rec['code'] = marshal.dumps(code).hex()
            del code
        except SyntaxError as e:
            rec['error'] = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
    rec['warnings'] = [[str(w.message), w.lineno] for w in ws if w.category is SyntaxWarning]
    try:
        rec['ast'] = ast.dump(ast.parse(src, '<snippet>'), include_attributes=True)
    except SyntaxError:
        rec['ast'] = None
    out.append(rec)
json.dump(out, sys.stdout)
"#;

fn snippets(file: &str) -> Vec<String> {
    let path = format!("{}/tests/data/{}", env!("CARGO_MANIFEST_DIR"), file);
    let text = std::fs::read_to_string(path).expect("snippet file");
    text.split("#----\n")
        .map(|s| s.to_owned())
        .filter(|s| !s.trim().is_empty())
        .collect()
}

fn oracle(sources: &[String]) -> Vec<serde_json::Value> {
    let input = serde_json::to_vec(sources).unwrap();
    let out = python::run_python_args(&["-X", "utf8", "-c", ORACLE], &input);
    serde_json::from_slice::<Vec<serde_json::Value>>(&out).expect("oracle output")
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Whether a code object (recursively) holds a one-character str that is not a name
/// (`'*'`, `'?'`: whether CPython has interned those depends on the process).
fn has_short_str(v: &marshal::Value) -> bool {
    if let Some(s) = v.as_pystr() {
        return s.len_code_points() == 1
            && !s
                .as_str()
                .is_some_and(|t| t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    }
    if let Some(items) = v.as_tuple() {
        return items.iter().any(has_short_str);
    }
    if let Some(c) = v.as_code() {
        return has_short_str(&c.consts)
            || has_short_str(&c.names)
            || has_short_str(&c.localsplusnames);
    }
    false
}

fn our_warnings(m: &codegen::CompiledModule) -> Vec<(String, i64)> {
    m.warnings
        .iter()
        .map(|w| (w.msg.clone(), w.lineno as i64))
        .collect()
}

fn their_warnings(rec: &serde_json::Value) -> Vec<(String, i64)> {
    rec["warnings"]
        .as_array()
        .map(|ws| {
            ws.iter()
                .map(|w| {
                    (
                        w[0].as_str().unwrap_or("").to_owned(),
                        w[1].as_i64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn snippets_compile_like_cpython() {
    let sources = snippets("codegen_snippets.txt");
    assert!(
        sources.len() >= 300,
        "expected a few hundred snippets, got {}",
        sources.len()
    );
    let records = oracle(&sources);
    let mut failures = Vec::new();
    for (src, rec) in sources.iter().zip(&records) {
        let Some(code_hex) = rec["code"].as_str() else {
            failures.push(format!(
                "CPython rejected a snippet meant to compile:\n{src}\n{}",
                rec["error"]
            ));
            continue;
        };
        let theirs = marshal::loads(&hex_bytes(code_hex)).expect("CPython's marshal data");
        let mut tree: Mod = read(rec["ast"].as_str().expect("dump")).expect("read CPython's dump");
        match codegen::optimize_and_compile(&mut tree, "<snippet>", 0, 0) {
            Ok(m) => {
                let diffs = diff::diff_code(&m.code, &theirs);
                if !diffs.is_empty() {
                    let d = &diffs[0];
                    failures.push(format!(
                        "{src}--> {} differing fields; first: {} {}\n   ours:    {}\n   CPython: {}",
                        diffs.len(),
                        d.path,
                        d.field,
                        d.ours,
                        d.theirs
                    ));
                }
                // Byte for byte as marshal writes them: the same objects shared (merged
                // constants, names tuples, tables) and the same strs interned. Single
                // characters are left out: CPython interns them process-wide on first use.
                let bytes = marshal::dumps_for_pyc(&m.code).expect("dumps");
                if diffs.is_empty() && bytes != hex_bytes(code_hex) && !has_short_str(&m.code) {
                    failures.push(format!("{src}--> same fields, but marshal bytes differ"));
                }
                if our_warnings(&m) != their_warnings(rec) {
                    failures.push(format!(
                        "{src}--> warnings: ours {:?}, CPython {:?}",
                        our_warnings(&m),
                        their_warnings(rec)
                    ));
                }
            }
            Err(e) => failures.push(format!("{src}--> we raised {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} snippets differ:\n{}",
        failures.len(),
        sources.len(),
        failures.join("\n")
    );
}

#[test]
fn compiler_errors_match_cpython() {
    let sources = snippets("codegen_errors.txt");
    let records = oracle(&sources);
    let mut failures = Vec::new();
    for (src, rec) in sources.iter().zip(&records) {
        let Some(err) = rec["error"].as_array() else {
            failures.push(format!("CPython compiled a snippet meant to fail:\n{src}"));
            continue;
        };
        let Some(dump) = rec["ast"].as_str() else {
            failures.push(format!("the parser (not the compiler) rejects:\n{src}"));
            continue;
        };
        let mut tree: Mod = read(dump).expect("read CPython's dump");
        match codegen::optimize_and_compile(&mut tree, "<snippet>", 0, 0) {
            Ok(_) => failures.push(format!("{src}--> we compiled it; CPython: {err:?}")),
            Err(e) => {
                let ours = serde_json::json!([
                    e.error_type.name(),
                    e.msg,
                    e.lineno,
                    e.offset,
                    e.end_lineno,
                    e.end_offset
                ]);
                if &ours != rec["error"].as_array().map(|_| &rec["error"]).unwrap() {
                    failures.push(format!("{src}--> ours {ours}, CPython {}", rec["error"]));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        sources.len(),
        failures.join("\n")
    );
}

#[test]
fn whole_pipeline_from_source() {
    // Parser + optimizer + symtable + codegen, on the same snippets.
    let sources = snippets("codegen_snippets.txt");
    let records = oracle(&sources);
    let mut failures = Vec::new();
    for (src, rec) in sources.iter().zip(&records) {
        let Some(code_hex) = rec["code"].as_str() else {
            continue;
        };
        let theirs = marshal::loads(&hex_bytes(code_hex)).unwrap();
        match codegen::compile_source(
            src.as_bytes(),
            "<snippet>",
            ferrython_compiler::parser::Mode::Exec,
            0,
            0,
        ) {
            Ok(m) => {
                let diffs = diff::diff_code(&m.code, &theirs);
                if !diffs.is_empty() {
                    failures.push(format!("{src}--> {} {}", diffs[0].path, diffs[0].field));
                }
            }
            Err(e) => failures.push(format!("{src}--> {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        sources.len(),
        failures.join("\n")
    );
}

#[test]
fn modes_and_flags() {
    use ferrython_compiler::parser::Mode;
    // `optimize` levels 1 and 2 (asserts, `__debug__`, docstrings).
    let optimized: &[(&str, i32)] = &[
        ("assert x, 'm'\nif __debug__:\n    f()\n", 1),
        ("'''doc'''\ndef f():\n    'doc'\n    return 1\nclass C:\n    'doc'\n", 2),
        ("'''doc'''\nassert x\n", 2),
    ];
    let script = r#"
import sys, json, marshal
out = []
for src, opt in json.load(sys.stdin):
    out.append(marshal.dumps(compile(src, '<o>', 'exec', dont_inherit=True, optimize=opt)).hex())
json.dump(out, sys.stdout)
"#;
    let out = python::run_python_args(&["-c", script], &serde_json::to_vec(optimized).unwrap());
    let hexes: Vec<String> = serde_json::from_slice(&out).unwrap();
    for ((src, opt), hex) in optimized.iter().zip(hexes) {
        let theirs = marshal::loads(&hex_bytes(&hex)).unwrap();
        let ours = codegen::compile_source(src.as_bytes(), "<o>", Mode::Exec, 0, *opt).expect("compiles");
        let diffs = diff::diff_code(&ours.code, &theirs);
        assert!(diffs.is_empty(), "{src:?} (optimize={opt}): {:?}", diffs);
    }

    // (source, mode, mode name, flags)
    let cases: &[(&str, Mode, &str, i32)] = &[
        ("a + b * 2", Mode::Eval, "eval", 0),
        ("[x for x in y]", Mode::Eval, "eval", 0),
        ("x = 1", Mode::Single, "single", 0),
        ("f(x)", Mode::Single, "single", 0),
        ("if a:\n    b\n", Mode::Single, "single", 0),
        ("x: int = 1", Mode::Single, "single", 0),
        // PyCF_ALLOW_TOP_LEVEL_AWAIT (what asyncio's REPL uses).
        ("await x", Mode::Exec, "exec", 0x2000),
        ("async for a in b:\n    pass\n", Mode::Exec, "exec", 0x2000),
        ("async with a as b:\n    pass\n", Mode::Exec, "exec", 0x2000),
        ("x = [await y async for y in z]", Mode::Exec, "exec", 0x2000),
        (
            "from __future__ import annotations\nx: List[int] = []",
            Mode::Exec,
            "exec",
            0,
        ),
    ];
    let script = r#"
import sys, json, marshal
out = []
for src, mode, flags in json.load(sys.stdin):
    out.append(marshal.dumps(compile(src, '<m>', mode, flags, dont_inherit=True)).hex())
json.dump(out, sys.stdout)
"#;
    let input: Vec<(&str, &str, i32)> = cases.iter().map(|(s, _, m, f)| (*s, *m, *f)).collect();
    let out = python::run_python_args(&["-c", script], &serde_json::to_vec(&input).unwrap());
    let hexes: Vec<String> = serde_json::from_slice(&out).unwrap();
    for ((src, mode, _, flags), hex) in cases.iter().zip(hexes) {
        let theirs = marshal::loads(&hex_bytes(&hex)).unwrap();
        let ours =
            codegen::compile_source(src.as_bytes(), "<m>", *mode, *flags, 0).expect("compiles");
        let diffs = diff::diff_code(&ours.code, &theirs);
        assert!(diffs.is_empty(), "{src:?} ({mode:?}): {:?}", diffs);
    }
}
