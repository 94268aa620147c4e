//! Shared pieces of the AST tests: finding python3.11 and Python.asdl, and streaming
//! CPython's `ast.dump` of many files through our reader and dumper.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ferrython_compiler::ast::{dump, read, DumpOptions, Mod};

#[path = "../support/python.rs"]
mod python;
pub use python::PYTHON;

/// Whether python3.11 runs here (the differential tests skip, saying so, when not).
pub fn have_python() -> bool {
    Command::new(PYTHON)
        .args(["-c", "pass"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Runs `python3.11 -c script args...` with `input` on stdin; returns stdout.
pub fn run_python(script: &str, args: &[&str], input: &str) -> String {
    let mut argv = vec!["-c", script];
    argv.extend_from_slice(args);
    String::from_utf8(python::run_python_args(&argv, input.as_bytes())).expect("python3.11 printed UTF-8")
}

/// Python.asdl of CPython 3.11's source: `$CPYTHON_SRC/Parser/Python.asdl`, else the tree
/// `shared/tools/cpython-src` unpacks into ~/.cache.
pub fn python_asdl() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(src) = std::env::var("CPYTHON_SRC") {
        candidates.push(PathBuf::from(src).join("Parser/Python.asdl"));
    }
    if let Ok(home) = std::env::var("HOME") {
        candidates.push(
            PathBuf::from(home).join(".cache/cpython-3.11-src/Python-3.11.2/Parser/Python.asdl"),
        );
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// Walks CPython's stdlib, dumps every `step`-th .py file (sorted by path) with
/// `ast.dump(ast.parse(source_bytes), include_attributes=True)` and streams the results:
/// a header line `OK|ERR <byte length> <path>`, then that many bytes (the dump, or the
/// exception CPython raised).
const DUMP_FILES_PY: &str = r#"
import ast, os, sys, sysconfig, warnings
warnings.simplefilter('ignore')
sys.setrecursionlimit(10000)
root = sysconfig.get_paths()['stdlib']
step = int(sys.argv[1])
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith('.py'))
out = sys.stdout.buffer
for path in files[::step]:
    try:
        with open(path, 'rb') as f:
            source = f.read()
        text = ast.dump(ast.parse(source, filename=path), include_attributes=True)
        status = b'OK'
    except (SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError) as e:
        text = '%s: %s' % (type(e).__name__, e)
        status = b'ERR'
    data = text.encode('utf-8', 'backslashreplace')
    out.write(b'%s %d %s\n' % (status, len(data), os.fsencode(path)))
    out.write(data)
out.flush()
"#;

/// What a run over stdlib files found.
#[derive(Debug, Default)]
pub struct RoundTrip {
    /// Files CPython parsed and dumped.
    pub dumped: usize,
    /// Of those, files whose dump we read and wrote back byte for byte.
    pub identical: usize,
    /// Files CPython itself rejects (Python 2 test data, bad encodings, too deep).
    pub rejected_by_cpython: Vec<String>,
    /// (path, what went wrong) for the first failures.
    pub failures: Vec<(String, String)>,
    pub dump_bytes: usize,
    pub wall: Duration,
    /// Time spent in our read + dump.
    pub ours: Duration,
}

fn first_difference(a: &str, b: &str) -> String {
    let at = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = at.saturating_sub(80);
    let clip = |s: &str| -> String {
        let mut lo = from.min(s.len());
        while !s.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (at + 80).min(s.len());
        while !s.is_char_boundary(hi) {
            hi += 1;
        }
        s[lo..hi].to_string()
    };
    format!(
        "differs at byte {at}:\n  cpython: {}\n  ours:    {}",
        clip(a),
        clip(b)
    )
}

/// Round-trips every `step`-th stdlib file (see [`DUMP_FILES_PY`]).
pub fn stdlib_round_trip(step: usize) -> RoundTrip {
    let start = Instant::now();
    let mut child = Command::new(PYTHON)
        .arg("-c")
        .arg(DUMP_FILES_PY)
        .arg(step.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn python3.11");
    let mut stream = BufReader::with_capacity(1 << 20, child.stdout.take().unwrap());
    let mut result = RoundTrip::default();
    let options = DumpOptions {
        include_attributes: true,
        ..DumpOptions::default()
    };
    let mut header = String::new();
    loop {
        header.clear();
        if stream.read_line(&mut header).expect("read header") == 0 {
            break;
        }
        let mut parts = header.trim_end_matches('\n').splitn(3, ' ');
        let status = parts.next().unwrap().to_string();
        let len: usize = parts
            .next()
            .and_then(|n| n.parse().ok())
            .expect("length in header");
        let path = parts.next().expect("path in header").to_string();
        let mut payload = vec![0u8; len];
        stream.read_exact(&mut payload).expect("read payload");
        let text = String::from_utf8(payload).expect("dump is UTF-8");
        if status != "OK" {
            result.rejected_by_cpython.push(format!("{path}: {text}"));
            continue;
        }
        result.dumped += 1;
        result.dump_bytes += len;
        let t = Instant::now();
        let outcome = match read::<Mod>(&text) {
            Ok(tree) => {
                let again = dump(&tree, &options);
                if again == text {
                    Ok(())
                } else {
                    Err(first_difference(&text, &again))
                }
            }
            Err(e) => Err(format!("read error: {e}")),
        };
        result.ours += t.elapsed();
        match outcome {
            Ok(()) => result.identical += 1,
            Err(why) if result.failures.len() < 10 => result.failures.push((path, why)),
            Err(_) => {}
        }
    }
    assert!(
        child.wait().expect("python3.11 exit").success(),
        "python3.11 failed"
    );
    result.wall = start.elapsed();
    result
}

impl RoundTrip {
    pub fn report(&self, what: &str) {
        println!(
            "{what}: {} identical of {} files dumped by CPython ({} files CPython rejects); \
             {:.1} MB of dump text; wall {:.1}s, our read+dump {:.1}s",
            self.identical,
            self.dumped,
            self.rejected_by_cpython.len(),
            self.dump_bytes as f64 / 1e6,
            self.wall.as_secs_f64(),
            self.ours.as_secs_f64()
        );
        for r in self.rejected_by_cpython.iter().take(5) {
            println!(
                "  rejected by CPython: {}",
                r.chars().take(200).collect::<String>()
            );
        }
        for (path, why) in &self.failures {
            println!("  FAILED {path}: {why}");
        }
    }
}

/// Runs `f` on a thread with a large stack: dumps of deeply nested files recurse deeply.
pub fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("spawn test thread")
        .join()
        .expect("test thread panicked")
}
