//! Differential test of the parser's other inputs against CPython 3.11's `ast.parse`:
//! `eval`, `single` and `func_type` modes, `type_comments=True` (on handwritten cases and on
//! every stdlib file outside site-packages) and `feature_version` checks.

mod parser_common;

use ferrython_compiler::ast::dump_with_attributes;
use ferrython_compiler::parser::{parse, Mode, ParserFlags};
use ferrython_compiler::source::{decode_source, SourceKind};
use parser_common::*;
use serde_json::Value;

fn mode_of(s: &str) -> Mode {
    match s {
        "exec" => Mode::Exec,
        "eval" => Mode::Eval,
        "single" => Mode::Single,
        _ => Mode::FuncType,
    }
}

fn ours(src: &str, mode: &str, type_comments: bool, minor: u32) -> Value {
    let m = mode_of(mode);
    let decoded = match decode_source(src.as_bytes(), SourceKind::Text, m == Mode::Exec) {
        Ok(d) => d,
        Err(e) => return error_value(&e),
    };
    let flags = ParserFlags {
        type_comments,
        feature_version: minor,
        ..ParserFlags::default()
    };
    match parse(&decoded, "<unknown>", m, flags) {
        Ok(t) => serde_json::json!({"ok": true, "dump": dump_with_attributes(&t)}),
        Err(e) => {
            let mut v = error_value(&e);
            v["ok"] = Value::Bool(false);
            v
        }
    }
}

fn normalized(rec: &Value) -> Value {
    if rec["ok"].as_bool().unwrap() {
        serde_json::json!({"ok": true, "dump": rec["dump"]})
    } else {
        let mut v = oracle_error(rec);
        v["ok"] = Value::Bool(false);
        v
    }
}

fn compare(cases: &[(String, &str, bool, u32)]) -> (usize, Vec<String>) {
    let input: Vec<Value> = cases
        .iter()
        .map(|(s, m, t, v)| serde_json::json!([s, m, t, v]))
        .collect();
    let oracle = run_parser_oracle("modes", serde_json::to_string(&input).unwrap().as_bytes());
    assert_eq!(oracle.len(), cases.len());
    let mut same = 0;
    let mut diffs = Vec::new();
    for ((src, mode, tc, minor), rec) in cases.iter().zip(&oracle) {
        let o = ours(src, mode, *tc, *minor);
        let t = normalized(rec);
        if o == t {
            same += 1;
        } else {
            diffs.push(format!(
                "{:?} mode={} type_comments={} 3.{}\n    ours   {}\n    theirs {}",
                src, mode, tc, minor, o, t
            ));
        }
    }
    (same, diffs)
}

const EVAL: &[&str] = &[
    "1 + 2",
    "x",
    "(yield)",
    "a, b",
    "lambda: 1",
    "x = 1",
    "f(x) for x in y",
    "*a",
    "a if b else c",
    "1\n\n",
    "",
    "   1",
    "[x async for x in y]",
    "await x",
    "'a' 'b' f'{c!r:>{w}}'",
    "x :=1",
    "(x := 1)",
    "f(**a, *b)",
    "u'a' f'{x}b'",
    "f'{x:{y}abc}' u'z'",
    "u'x' f'{a:b{c}d}e' 'f'",
    "f'''{\nx}''' f'{x=!r:>10}'",
    "rb'\\d' b'x'",
    "'\\N{BULLET} \\x41\\u00e9\\U0001F600\\101'",
    "1 +",
    "[1, 2",
    "a b",
];

const SINGLE: &[&str] = &[
    "x = 1\n",
    "if x:\n    pass\n\n",
    "x = 1; y = 2\n",
    "1\n2\n",
    "\n",
    "def f():\n    return 1\n\n",
    "x = 1\n# comment\n",
    "for x in y: pass\n",
    "if x:\n    y\nelse:\n    z\n\n",
    "@d\nclass C: pass\n\n",
    "x = (1,\n",
    "import a.b as c\n",
];

const FUNC_TYPE: &[&str] = &[
    "() -> int",
    "(int, str) -> List[int]",
    "(*int) -> None",
    "(**int) -> None",
    "(a, *b, **c) -> d",
    "(int) -> ",
    "int -> int",
    "(a, b,) -> c",
    "(*a, **b) -> c",
];

const TYPE_COMMENTS: &[&str] = &[
    "x = 1  # type: int\n",
    "def f(a,  # type: int\n      b):\n    # type: (...) -> None\n    pass\n",
    "def f(a, b):  # type: (int, str) -> None\n    pass\n",
    "for x in y:  # type: int\n    pass\n",
    "with a as b:  # type: int\n    pass\n",
    "import x  # type: ignore\n",
    "x = 1  # type: ignore[misc]\n",
    "def f():\n    # type: () -> None\n    # type: () -> None\n    pass\n",
    "def f(*, # type: int\n a): pass\n",
    "async def f():  # type: () -> None\n    async for x in y:  # type: int\n        pass\n    async with a as b:  # type: int\n        pass\n",
];

const FEATURE: &[(&str, u32)] = &[
    ("x: int = 1\n", 5),
    ("async def f(): pass\n", 4),
    ("def f(a, /): pass\n", 7),
    ("(x := 1)\n", 7),
    ("match x:\n    case 1: pass\n", 9),
    ("try:\n    pass\nexcept* E:\n    pass\n", 10),
    ("with (a as b, c as d): pass\n", 8),
    ("f'{x=}'\n", 7),
    ("a @ b\n", 4),
    ("1_000\n", 5),
    ("async def f():\n    await x\n", 6),
    ("async = 1\n", 6),
    ("await = 1\n", 6),
    ("[x async for x in y]\n", 5),
];

#[test]
fn modes_and_flags_match_cpython() {
    let mut cases: Vec<(String, &str, bool, u32)> = Vec::new();
    for s in EVAL {
        cases.push((s.to_string(), "eval", false, 11));
    }
    for s in SINGLE {
        cases.push((s.to_string(), "single", false, 11));
    }
    for s in FUNC_TYPE {
        cases.push((s.to_string(), "func_type", false, 11));
    }
    for s in TYPE_COMMENTS {
        cases.push((s.to_string(), "exec", true, 11));
    }
    for (s, v) in FEATURE {
        cases.push((s.to_string(), "exec", false, *v));
    }
    let (same, diffs) = compare(&cases);
    println!("parser modes/flags: identical {} of {}", same, cases.len());
    for d in &diffs {
        println!("{}", d);
    }
    assert!(diffs.is_empty());
}

#[test]
fn stdlib_with_type_comments() {
    let root = stdlib_root();
    let files = py_files_under(&root, false);
    let mut cases = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        if text.contains("# type:") {
            cases.push((text, "exec", true, 11));
        }
    }
    let (same, diffs) = compare(&cases);
    println!(
        "parser type_comments=True: identical {} of {} stdlib files with '# type:'",
        same,
        cases.len()
    );
    for d in diffs.iter().take(10) {
        println!("{}", first_line_of(d));
    }
    assert!(diffs.is_empty());
}

fn first_line_of(s: &str) -> String {
    s.chars().take(1500).collect()
}
