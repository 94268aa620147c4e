//! Our symbol tables against CPython's `symtable` module, over the stdlib (a sample by
//! default, every file with `--ignored`) and over the invalid-snippet corpus.
//!
//! For each file CPython prints `ast.dump(..., include_attributes=True)` (which we read
//! back, so this does not depend on our parser) and the raw symtable entries (`_table`:
//! type, name, lineno, nested, symbols with their flag bits, varnames, children). We build
//! ours from the read-back tree with the future flags our `future` module finds, and compare
//! entry by entry. Symtable SyntaxErrors (msg, lineno, offset, end_lineno, end_offset) are
//! compared too.

mod ast_support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use ast_support::{have_python, with_big_stack, PYTHON};
use ferrython_compiler::ast::{read, Mod};
use ferrython_compiler::future;
use ferrython_compiler::symtable::{self, BlockId, SymbolTable, SymtableError};
use serde_json::Value;

/// Reads a JSON list of jobs on stdin, each {"path": file} or {"src": text} (with an
/// optional "mode": exec, eval or single), and answers
/// each with a header line `OK <dump length> <json length>` followed by both payloads, or
/// with `SKIP <exception>` when CPython cannot parse it.
const ORACLE: &str = r#"
import ast, json, sys, symtable, warnings
warnings.simplefilter('ignore')
sys.setrecursionlimit(100000)
out = sys.stdout.buffer
def entry(t):
    return [t.type, t.name, t.lineno, bool(t.nested), dict(t.symbols), list(t.varnames),
            [entry(c) for c in t.children]]
for job in json.load(sys.stdin):
    try:
        if 'path' in job:
            with open(job['path'], 'rb') as f:
                src = f.read()
            name = job['path']
        else:
            src = job['src']
            name = '<snippet>'
        mode = job.get('mode', 'exec')
        tree = ast.parse(src, mode={'single': 'single'}.get(mode, mode))
        d = ast.dump(tree, include_attributes=True)
    except BaseException as e:
        out.write(b'SKIP ' + type(e).__name__.encode() + b'\n')
        continue
    try:
        st = entry(symtable.symtable(src, name, mode)._table)
        res = {'ok': st}
    except SyntaxError as e:
        res = {'err': [e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]}
    except BaseException as e:
        res = {'other': type(e).__name__ + ': ' + str(e)}
    db = d.encode('utf-8', 'surrogatepass')
    jb = json.dumps(res).encode()
    out.write(b'OK %d %d\n' % (len(db), len(jb)))
    out.write(db)
    out.write(jb)
out.flush()
"#;

enum Answer {
    Skip,
    Ok { dump: String, expected: Value },
}

fn run_oracle(jobs: &[Value]) -> Vec<Answer> {
    let mut child = Command::new(PYTHON)
        .arg("-c")
        .arg(ORACLE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn python3.11");
    let input = serde_json::to_vec(jobs).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let mut stream = BufReader::with_capacity(1 << 20, child.stdout.take().unwrap());
    let mut answers = Vec::new();
    let mut header = String::new();
    loop {
        header.clear();
        if stream.read_line(&mut header).unwrap() == 0 {
            break;
        }
        let parts: Vec<&str> = header.trim_end().split(' ').collect();
        if parts[0] == "SKIP" {
            answers.push(Answer::Skip);
            continue;
        }
        let dump_len: usize = parts[1].parse().unwrap();
        let json_len: usize = parts[2].parse().unwrap();
        let mut dump = vec![0u8; dump_len];
        stream.read_exact(&mut dump).unwrap();
        let mut json = vec![0u8; json_len];
        stream.read_exact(&mut json).unwrap();
        answers.push(Answer::Ok {
            // Lone surrogates in str constants come as surrogatepass UTF-8; the reader
            // only needs the text around them to be valid.
            dump: String::from_utf8_lossy(&dump).into_owned(),
            expected: serde_json::from_slice(&json).unwrap(),
        });
    }
    feeder.join().unwrap().unwrap();
    assert!(child.wait().unwrap().success(), "oracle failed");
    answers
}

fn entry_json(table: &SymbolTable, id: BlockId) -> Value {
    let b = table.block(id);
    let symbols: serde_json::Map<String, Value> = b
        .symbols
        .iter()
        .map(|(n, f)| (n.to_string(), Value::from(f)))
        .collect();
    Value::Array(vec![
        Value::from(b.kind as i64),
        Value::from(b.name.clone()),
        Value::from(b.lineno),
        Value::from(b.nested),
        Value::Object(symbols),
        Value::from(b.varnames.clone()),
        Value::Array(b.children.iter().map(|&c| entry_json(table, c)).collect()),
    ])
}

fn error_json(e: &SymtableError) -> Value {
    match e {
        SymtableError::Syntax(s) => {
            serde_json::json!({"err": [s.msg, s.lineno, s.offset, s.end_lineno, s.end_offset]})
        }
        other => serde_json::json!({"other": other.to_string()}),
    }
}

/// Ours for a dumped tree, shaped like the oracle's answer.
fn ours(dump: &str) -> Result<Value, String> {
    let tree: Mod = read(dump).map_err(|e| format!("read: {e}"))?;
    let flags = match future::from_ast(&tree) {
        Ok(ff) => ff.features,
        Err(e) => return Ok(error_json(&SymtableError::Syntax(e))),
    };
    Ok(match symtable::build(&tree, "<test>", flags) {
        Ok(t) => serde_json::json!({"ok": entry_json(&t, BlockId(0))}),
        Err(e) => error_json(&e),
    })
}

/// First difference between two answers, as a path into the entry tree.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    if a == b {
        return None;
    }
    match (a, b) {
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(&format!("{path}/{i}"), p, q)),
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(p), Some(q)) => first_difference(&format!("{path}/{k}"), p, q),
                (p, q) => Some(format!("{path}/{k}: cpython {p:?} ours {q:?}")),
            })
        }
        _ => Some(format!(
            "{path}: cpython {} ours {}",
            a.to_string().chars().take(300).collect::<String>(),
            b.to_string().chars().take(300).collect::<String>()
        )),
    }
}

#[derive(Default)]
struct Tally {
    compared: usize,
    identical: usize,
    errors_compared: usize,
    skipped: usize,
    failures: Vec<String>,
    causes: BTreeMap<String, usize>,
}

fn compare(jobs: Vec<Value>, labels: Vec<String>) -> Tally {
    let mut t = Tally::default();
    for chunk_start in (0..jobs.len()).step_by(500) {
        let end = (chunk_start + 500).min(jobs.len());
        let answers = run_oracle(&jobs[chunk_start..end]);
        assert_eq!(answers.len(), end - chunk_start);
        for (i, a) in answers.into_iter().enumerate() {
            let label = &labels[chunk_start + i];
            match a {
                Answer::Skip => t.skipped += 1,
                Answer::Ok { dump, expected } => {
                    t.compared += 1;
                    if expected.get("err").is_some() {
                        t.errors_compared += 1;
                    }
                    let got = match ours(&dump) {
                        Ok(v) => v,
                        Err(e) => serde_json::json!({"ours_failed": e}),
                    };
                    match first_difference("", &expected, &got) {
                        None => t.identical += 1,
                        Some(d) => {
                            let cause: String = d
                                .split(": cpython")
                                .next()
                                .unwrap_or("")
                                .rsplit('/')
                                .next()
                                .unwrap_or("")
                                .to_string();
                            *t.causes.entry(cause).or_default() += 1;
                            if t.failures.len() < 15 {
                                t.failures.push(format!("{label}: {d}"));
                            }
                        }
                    }
                }
            }
        }
    }
    t
}

fn stdlib_files(step: usize) -> Vec<String> {
    let root = "/root/.pyenv/versions/3.11.7/lib/python3.11";
    let mut files: Vec<String> = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "py") {
                files.push(p.to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    files.into_iter().step_by(step).collect()
}

fn run_stdlib(step: usize) -> Tally {
    let files = stdlib_files(step);
    let jobs = files
        .iter()
        .map(|f| serde_json::json!({ "path": f }))
        .collect();
    with_big_stack(move || compare(jobs, files))
}

fn report(what: &str, t: &Tally) {
    println!(
        "{what}: identical {} of {} ({} of them symtable errors; {} skipped: CPython's parser rejects them)",
        t.identical, t.compared, t.errors_compared, t.skipped
    );
    for (cause, n) in &t.causes {
        println!("  differing at {cause:?}: {n}");
    }
    for f in &t.failures {
        println!("  {f}");
    }
}

/// Every 20th .py file of the installed library, site-packages included (about 580).
#[test]
fn stdlib_sample_symtables_match_cpython() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    let t = run_stdlib(20);
    report("symtable (stdlib sample)", &t);
    assert!(t.compared > 500);
    assert_eq!(t.identical, t.compared);
}

/// Every .py file of the installed library (11,659).
#[test]
#[ignore]
fn stdlib_all_symtables_match_cpython() {
    assert!(have_python());
    let t = run_stdlib(1);
    report("symtable (stdlib, all files)", &t);
    assert!(t.compared > 11_000);
    assert_eq!(t.identical, t.compared);
}

/// The invalid-snippet corpus plus handwritten cases: every snippet CPython parses is
/// compared (symtable or its SyntaxError).
#[test]
fn snippets_symtables_and_errors_match_cpython() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    let corpus = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/invalid_snippets.json"
    ))
    .unwrap();
    let mut snippets: Vec<String> = serde_json::from_str(&corpus).unwrap();
    snippets.extend(HANDWRITTEN.iter().map(|s| s.to_string()));
    let jobs = snippets
        .iter()
        .map(|s| serde_json::json!({ "src": s }))
        .collect();
    let labels = snippets.iter().map(|s| format!("{s:?}")).collect();
    let t = with_big_stack(move || compare(jobs, labels));
    report("symtable (snippets)", &t);
    assert!(
        t.errors_compared >= 60,
        "too few symtable errors: {}",
        t.errors_compared
    );
    assert_eq!(t.identical, t.compared);
}

const HANDWRITTEN: &[&str] = &[
    "def f(a, a): pass",
    "def f(a, *, b, **a): pass",
    "lambda x, x: 1",
    "def f(x):\n global x",
    "def f(x):\n nonlocal x",
    "def f():\n x = 1\n global x",
    "def f():\n print(x)\n global x",
    "def f():\n x: int\n global x",
    "def f():\n global x\n x: int = 1",
    "def g():\n x = 1\n def f():\n  nonlocal x\n  x: int",
    "nonlocal x",
    "def f():\n nonlocal x",
    "def f():\n x = 1\n def g():\n  global x\n  nonlocal x",
    "def f():\n import *",
    "class C:\n from os import *",
    "[(yield x) for x in y]",
    "def f(): [(yield x) for x in y]",
    "def f(): {(yield x) for x in y}",
    "def f(): {(yield): x for x in y}",
    "def f(): ((yield from x) for x in y)",
    "[i for i in (j := range(3))]",
    "[i for i in range(3) for k in (j := i)]",
    "[[(j := 0) for i in range(3)] for k in y]",
    "[(i := 0) for i in range(3)]",
    "[i for i in range(3) if (i := 0)]",
    "class C:\n [(j := i) for i in range(3)]",
    "def f():\n global j\n [(j := i) for i in range(3)]\n return j",
    "[(j := i) for i in range(3)]\nprint(j)",
    "def f():\n x = 1\n [[(x := i) for i in y] for j in z]\n return x",
    "[[(a := 1) for a in b] for c in d]",
    "[a for a in b for (c := 1) in d]",
    "from __future__ import annotations\ndef f(x: (yield)): pass",
    "from __future__ import annotations\nx: (y := 1)",
    "from __future__ import annotations\ndef f() -> await x: pass",
    "from __future__ import annotations\nx: [a for a in b]\ny: lambda: z\ndef f(p: q) -> r: pass",
    "class C:\n def f(self):\n  super().f()\n  __class__\n def __g(self, __a):\n  __b = 1\n  return lambda: __b + __c\n __d = 1",
    "class __C:\n __x = 1\nclass _:\n __y = 2",
    "def f():\n x = 1\n class C:\n  x = 2\n  def g(self): return x\n return C",
    "def f():\n class C:\n  def g(self): return x\n  x = 1\n x = 2",
    "async def f():\n [x async for x in y]\n (x async for x in y)\n [await x for x in y]",
    "def f():\n def g(): nonlocal a; a = 2\n a = 1",
    "def f(*args, **kw):\n yield\n return 1",
    "import a.b.c as d, e.f\nfrom g import h as i, j",
    "try: pass\nexcept E as e: pass",
    "match x:\n case [a, *b, {'k': c, **d}] | C(e, f=g) as h: pass",
    "global x\nx: int = 1",
    "def f():\n global x\n x = 1\n def g(): return x",
    "with a as (b, c): del d\nfor e, *f in g: pass",
    "def f(a=b, *, c=d, e: f = g) -> h:\n @dec\n class K(base, metaclass=m): pass",
    "class C:\n def f(self, __a, __a): pass",
    "def f(a, b, *, a): pass",
    "def f(a, /, a): pass",
    "def f(*a, **a): pass",
    "lambda a, *, a=1: 0",
    "def f(é, é): pass",
    "def f(a,\n      b,\n      a): pass",
    "x = 1\ndef f():\n  é = 1\n  global é",
    "def f():\n\tλ = 1\n\tglobal λ",
    "def g():\n y = 0\n def f():\n  global y\n  nonlocal y",
    "def f():\n  x = 1\n  def g():\n    nonlocal x\n    global x",
    "class C:\n nonlocal x",
    "def f():\n class C:\n  nonlocal x\n x = 1",
    "if 1:\n nonlocal x",
    "x = 1; nonlocal x",
    "def f():\n x: int\n nonlocal x",
    "def f():\n x = 1\n def g():\n  nonlocal x\n  x: int",
    "def f():\n x = 1\n def g():\n  nonlocal x\n  (x): int = 1",
    "def f():\n global x\n (x): int",
    "[[(x := 1) for y in z] for x in w]",
    "class C:\n [y for y in (x := [])]",
    "lambda: [(y := 1) for x in z]",
    "[x for x in [(y := 1) for z in w]]",
    "[x for x in (lambda: (y := 1))()]",
    "((yield) for x in y)",
    "def f(): [x for x in (yield)]",
    "def f(): [(yield from x) for y in z]",
    "from __future__ import annotations\nclass C:\n x: (yield)",
    "from __future__ import annotations\ndef f(*, a: (x := 1)): pass",
    "from __future__ import annotations\ndef f(**k: await y): pass",
    "from __future__ import annotations\ndef f(*a: [(yield) for b in c]): pass",
    "def f():\n class C:\n  from m import *",
    "def f():\n global __x\n class C:\n  global __x\n  __x = 1",
    "class C:\n def f(self):\n  nonlocal __x",
    "def f():\n  x = 1\n  class C:\n   def g(self):\n    nonlocal x\n    x = 2",
    "def f():\n  def g():\n    print(x)\n    nonlocal x\n  x = 1",
    "def f():\n  x = [y := 1 for z in w]",
    "def f(x):\n  global x",
    "def f():\n  import a.b\n  global a",
    "try: pass\nexcept E as e:\n def f():\n  nonlocal e",
    "def f():\n  for i in x: pass\n  nonlocal i",
    "def f():\n  with a as b: pass\n  global b",
    "def f():\n  del x\n  global x",
    "def f():\n  match y:\n   case [*x]: global x",
    "def f():\n  x += 1\n  global x",
    "[i for i in y if (j := i) for j in z]",
    "def f():\n [i for i in y if (j := i) for j in z]",
    "def f():\n global j\n [i for i in y if (j := i) for (k, j) in z]",
    "from __future__ import braces",
    "from __future__ import nonexistent_feature",
    "x = 1\nfrom __future__ import annotations",
];

/// The `eval` and `single` modes (Expression and Interactive trees).
#[test]
fn eval_and_single_modes_match_cpython() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    let cases: &[(&str, &str)] = &[
        ("eval", "lambda x: (y for y in x)"),
        ("eval", "[x for x in y if (z := x)]"),
        ("eval", "{k: v for k, v in d} | {*s}"),
        ("eval", "(yield)"),
        ("eval", "[(yield) for x in y]"),
        ("single", "x = 1; print(x)"),
        ("single", "def f():\n    nonlocal q\n"),
        ("single", "class C:\n    def m(self): return __class__\n"),
        (
            "single",
            "from __future__ import annotations; x: (y := 1) = 1\n",
        ),
    ];
    let jobs = cases
        .iter()
        .map(|(mode, src)| serde_json::json!({ "src": src, "mode": mode }))
        .collect();
    let labels = cases.iter().map(|(m, s)| format!("{m}: {s:?}")).collect();
    let t = with_big_stack(move || compare(jobs, labels));
    report("symtable (eval/single)", &t);
    assert_eq!(t.compared, cases.len());
    assert_eq!(t.identical, t.compared);
}
