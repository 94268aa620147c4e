//! Shared pieces of the marshal differential tests: running python3.11 (the oracle),
//! compiling stdlib files to .pyc, a canonical text form of values that Python and Rust
//! both compute, and a small deterministic random generator.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ferrython_compiler::marshal::{ObjKind, Value};

#[path = "../support/python.rs"]
mod python;
#[allow(unused_imports)]
pub use python::{stdlib_root, PYTHON};
use python::py_files_under;

/// Runs `python3.11 -X utf8 -c script` with `input` on stdin and returns its stdout.
pub fn run_python(script: &str, input: &[u8]) -> Vec<u8> {
    python::run_python_args(&["-X", "utf8", "-c", script], input)
}

/// Every .py file under `root` outside site-packages, sorted.
pub fn py_files(root: &Path) -> Vec<PathBuf> {
    py_files_under(root, false)
}

/// Every .py file under `root`, installed packages (site-packages) included, sorted.
pub fn all_py_files(root: &Path) -> Vec<PathBuf> {
    py_files_under(root, true)
}

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("ferrython-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const COMPILE_SCRIPT: &str = r#"
import sys, json, py_compile, warnings
warnings.simplefilter('ignore')
files = json.load(sys.stdin)
out = sys.argv[1]
for i, f in enumerate(files):
    try:
        py_compile.compile(f, cfile=f'{out}/{i}.pyc', doraise=True)
        print(json.dumps([i, True]))
    except Exception:
        print(json.dumps([i, False]))
"#;

/// Compiles `files` with CPython's py_compile into `dir`; returns (source, .pyc) for
/// those that compile (some test data files are deliberately invalid).
pub fn compile_pycs(files: &[PathBuf], dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let input = serde_json::to_vec(&names).unwrap();
    let script = COMPILE_SCRIPT.to_string();
    let mut child = Command::new(PYTHON)
        .args(["-c", &script, &dir.display().to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3.11");
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    let mut result = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let i = v[0].as_u64().unwrap() as usize;
        if v[1].as_bool().unwrap() {
            result.push((files[i].clone(), dir.join(format!("{i}.pyc"))));
        }
    }
    result
}

/// Every `step`-th of `files`, starting at `step / 2`, at most `limit`.
pub fn sample(files: &[PathBuf], limit: usize) -> Vec<PathBuf> {
    let step = (files.len() / limit).max(1);
    files
        .iter()
        .skip(step / 2)
        .step_by(step)
        .take(limit)
        .cloned()
        .collect()
}

/// Python side of [`canon`]: prints the canonical form of a value (see there).
pub const PY_CANON: &str = r#"
import struct, types, sys
sys.set_int_max_str_digits(0)
sys.setrecursionlimit(100000)
def canon(v, path=None, memo=None):
    if path is None: path, memo = set(), {}
    if v is None: return 'N'
    if v is True: return 'T'
    if v is False: return 'F'
    if v is Ellipsis: return 'E'
    if v is StopIteration: return 'S'
    i = id(v)
    if i in path: return '<cycle>'
    if i in memo: return memo[i]
    t = type(v)
    if t is int: r = 'i' + str(v)
    elif t is float: r = 'f' + struct.pack('<d', v).hex()
    elif t is complex: r = 'x' + struct.pack('<dd', v.real, v.imag).hex()
    elif t is bytes: r = 'b' + v.hex()
    elif t is str: r = 'u' + v.encode('utf-8', 'surrogatepass').hex()
    else:
        path.add(i)
        if t is tuple: r = '(' + ','.join(canon(x, path, memo) for x in v) + ')'
        elif t is list: r = '[' + ','.join(canon(x, path, memo) for x in v) + ']'
        elif t is dict: r = '{' + ','.join(canon(k, path, memo) + ':' + canon(x, path, memo) for k, x in v.items()) + '}'
        elif t is set: r = '<' + ','.join(sorted(canon(x, path, memo) for x in v)) + '>'
        elif t is frozenset: r = '>' + ','.join(sorted(canon(x, path, memo) for x in v)) + '>'
        elif t is types.CodeType:
            r = 'c%d,%d,%d,%d,%d,%d|' % (v.co_argcount, v.co_posonlyargcount, v.co_kwonlyargcount, v.co_stacksize, v.co_flags, v.co_firstlineno)
            r += '|'.join([canon(v.co_consts, path, memo), canon(v.co_names, path, memo),
                           canon(v.co_filename, path, memo), canon(v.co_name, path, memo), canon(v.co_qualname, path, memo),
                           canon(v.co_linetable, path, memo), canon(v.co_exceptiontable, path, memo)])
        else: r = '?' + t.__name__
        path.discard(i)
    memo[i] = r
    return r
"#;

/// A canonical text of a value that Python's `canon` (in [`PY_CANON`]) also computes:
/// numbers by value/bits, str by its surrogatepass UTF-8, sets sorted, cycles as
/// `<cycle>`; interned marks and reference flags are left out. Code objects show the
/// fields Python exposes except `co_code` (CPython hands out a normalized copy: inline
/// caches zeroed, specialized instructions undone) and the localsplus ones.
pub fn canon(v: &Value) -> String {
    let mut memo = HashMap::new();
    let mut path = Vec::new();
    canon_at(v, &mut path, &mut memo)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn canon_at(v: &Value, path: &mut Vec<usize>, memo: &mut HashMap<usize, String>) -> String {
    match v {
        Value::Null => return "<NULL>".into(),
        Value::None => return "N".into(),
        Value::True => return "T".into(),
        Value::False => return "F".into(),
        Value::Ellipsis => return "E".into(),
        Value::StopIteration => return "S".into(),
        _ => {}
    }
    let id = v.identity().unwrap();
    if path.contains(&id) {
        return "<cycle>".into();
    }
    if let Some(done) = memo.get(&id) {
        return done.clone();
    }
    let Some(obj) = v.resolve() else {
        return "<gone>".into();
    };
    path.push(id);
    let mut join = |items: &[Value], path: &mut Vec<usize>, sort: bool| {
        let mut parts: Vec<String> = items.iter().map(|x| canon_at(x, path, memo)).collect();
        if sort {
            parts.sort();
        }
        parts.join(",")
    };
    let r = match obj.kind() {
        ObjKind::Int(i) => format!("i{i}"),
        ObjKind::Float(f) => format!("f{}", hex(&f.to_le_bytes())),
        ObjKind::Complex { real, imag } => {
            format!("x{}{}", hex(&real.to_le_bytes()), hex(&imag.to_le_bytes()))
        }
        ObjKind::Bytes(b) => format!("b{}", hex(b)),
        ObjKind::Str(s) => format!("u{}", hex(s.surrogatepass_utf8())),
        ObjKind::Tuple(items) => format!("({})", join(items, path, false)),
        ObjKind::List(items) => format!("[{}]", join(items, path, false)),
        ObjKind::Set(items) => format!("<{}>", join(items, path, true)),
        ObjKind::FrozenSet(items) => format!(">{}>", join(items, path, true)),
        ObjKind::Dict(pairs) => {
            let parts: Vec<String> = pairs
                .iter()
                .map(|(k, x)| format!("{}:{}", canon_at(k, path, memo), canon_at(x, path, memo)))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        ObjKind::Code(c) => {
            let fields = [
                &c.consts,
                &c.names,
                &c.filename,
                &c.name,
                &c.qualname,
                &c.linetable,
                &c.exceptiontable,
            ];
            let parts: Vec<String> = fields.iter().map(|f| canon_at(f, path, memo)).collect();
            format!(
                "c{},{},{},{},{},{}|{}",
                c.argcount,
                c.posonlyargcount,
                c.kwonlyargcount,
                c.stacksize,
                c.flags,
                c.firstlineno,
                parts.join("|")
            )
        }
    };
    path.pop();
    memo.insert(id, r.clone());
    r
}

/// xorshift64*: deterministic test randomness.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The outcome of a `loads` as one line: "ok <canon>" or "err <Type> <message>".
/// Backslashes and line breaks escaped, so an outcome stays on one line.
pub fn outcome_of(result: &Result<Value, ferrython_compiler::marshal::MarshalError>) -> String {
    let text = match result {
        Ok(v) => format!("ok {}", canon(v)),
        Err(e) => format!("err {} {}", e.kind.name(), e.message),
    };
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// Python side of [`outcome_of`]: `outcome(data)` as one line.
pub const PY_OUTCOME: &str = r#"
import marshal
def outcome(data):
    try:
        v = marshal.loads(data)
        text = 'ok ' + canon(v)
    except Exception as e:
        text = 'err %s %s' % (type(e).__name__, e)
    return text.replace('\\', '\\\\').replace('\n', '\\n').replace('\r', '\\r')
"#;
