//! compiler-diff: compiles every .py file of CPython 3.11's standard library (tests
//! included) with Ferrython's compiler and with CPython, and compares the code objects
//! field by field (recursively through nested code objects). For files CPython rejects it
//! compares the exception type, message and position.
//!
//! Usage: `compiler-diff [--root DIR] [--filter SUBSTR] [--json FILE] [--jobs N]
//!                       [--ast-from-cpython] [--show N]`
//!
//! Input to our code generator: our parser's tree when the crate has a parser, else (or
//! with `--ast-from-cpython`) CPython's `ast.dump(..., include_attributes=True)` read back
//! with `ast::read`. Output: per-field mismatch counts, the worst files, both compilers'
//! total times (ours measured in-process), and the last line `identical: X of N`.


/// The allocator the library gives the compiler (see the root crate's src/lib.rs), so the
/// compile times compared are the library's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// The library's allocator options too (src/lib.rs: no eager arena commit, no THP).
extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}
#[used]
#[link_section = ".init_array"]
static CONFIGURE_ALLOCATOR: extern "C" fn() = {
    extern "C" fn configure() {
        // SAFETY: mimalloc option setters, before main allocates.
        unsafe {
            mi_option_set(4, 0);
            mi_option_set(37, 0);
        }
    }
    configure
};

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ferrython_compiler::ast::{read, Mod};
use ferrython_compiler::codegen::{self, diff};
use ferrython_compiler::marshal;
use ferrython_compiler::parser;

/// CPU time of the calling thread (both compilers are timed in CPU time: the machine is
/// shared, and wall time would count waiting).
#[derive(Clone, Copy)]
struct CpuClock(Duration);

impl CpuClock {
    fn now() -> CpuClock {
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: clock_gettime writes one timespec into the valid local `ts`.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        CpuClock(Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
    }
    fn elapsed(&self) -> Duration {
        CpuClock::now().0.saturating_sub(self.0)
    }
}

const DEFAULT_ROOT: &str = "/root/.pyenv/versions/3.11.7/lib/python3.11";

/// The oracle: answers `C <path>` with CPython's compile() result (marshalled code or the
/// exception) and `A <path>` with `ast.dump(ast.parse(...), include_attributes=True)`.
const ORACLE: &str = r#"
import sys, marshal, time, warnings, json
warnings.simplefilter('ignore')
sys.setrecursionlimit(10000)
out = sys.stdout.buffer
for line in sys.stdin.buffer:
    cmd, path = line.decode('utf-8', 'surrogateescape').rstrip('\n').split(' ', 1)
    try:
        with open(path, 'rb') as f:
            src = f.read()
    except OSError as e:
        out.write(json.dumps({'ok': False, 'type': 'OSError', 'msg': str(e), 'len': 0}).encode() + b'\n')
        out.flush()
        continue
    if cmd == 'A':
        import ast  # lazily: importing it interns strs, which changes marshal's output
        try:
            data = ast.dump(ast.parse(src, path), include_attributes=True).encode('utf-8', 'surrogatepass')
            out.write(json.dumps({'ok': True, 'len': len(data)}).encode() + b'\n' + data)
        except BaseException as e:
            out.write(json.dumps({'ok': False, 'type': type(e).__name__, 'msg': str(e), 'len': 0}).encode() + b'\n')
        out.flush()
        continue
    t0 = time.thread_time()
    try:
        code = compile(src, path, 'exec', dont_inherit=True)
        dt = time.thread_time() - t0
        data = marshal.dumps(code)
        out.write(json.dumps({'ok': True, 'time': dt, 'len': len(data)}).encode() + b'\n' + data)
    except BaseException as e:
        dt = time.thread_time() - t0
        rec = {'ok': False, 'time': dt, 'type': type(e).__name__, 'len': 0}
        if isinstance(e, SyntaxError):
            rec.update(msg=e.msg, lineno=e.lineno, offset=e.offset, end_lineno=e.end_lineno, end_offset=e.end_offset)
        else:
            rec['msg'] = str(e)
        out.write(json.dumps(rec).encode() + b'\n')
    out.flush()
"#;

struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

struct Reply {
    header: serde_json::Value,
    payload: Vec<u8>,
}

impl Oracle {
    fn start() -> Oracle {
        let mut child = Command::new("python3.11")
            .args(["-X", "utf8", "-c", ORACLE])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3.11 must be on PATH");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Oracle {
            child,
            stdin,
            stdout,
        }
    }

    fn ask(&mut self, cmd: char, path: &Path) -> Option<Reply> {
        writeln!(self.stdin, "{} {}", cmd, path.display()).ok()?;
        self.stdin.flush().ok()?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header: serde_json::Value = serde_json::from_str(line.trim_end()).ok()?;
        let len = header["len"].as_u64().unwrap_or(0) as usize;
        let mut payload = vec![0u8; len];
        self.stdout.read_exact(&mut payload).ok()?;
        Some(Reply { header, payload })
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Default, Clone)]
struct FileResult {
    path: String,
    /// "identical", "differs", "error-identical", "error-differs", "ours-failed",
    /// "cpython-failed", "oracle-failed".
    outcome: &'static str,
    diffs: Vec<diff::FieldDiff>,
    note: String,
    used_cpython_ast: bool,
    /// `marshal.dumps` of both code objects is byte for byte the same (object sharing
    /// and interning included), as a .pyc would be.
    marshal_identical: bool,
    ours_time: Duration,
    /// Of `ours_time`, the time our parser took.
    parse_time: Duration,
    cpython_time: f64,
}

struct Options {
    root: PathBuf,
    filter: Option<String>,
    json: Option<PathBuf>,
    jobs: usize,
    ast_from_cpython: bool,
    show: usize,
    /// Where to write our marshalled code objects (`<file name>.ours`), for inspection.
    write_ours: Option<PathBuf>,
}

fn parse_args() -> Options {
    let mut o = Options {
        root: PathBuf::from(DEFAULT_ROOT),
        filter: None,
        json: None,
        jobs: 2,
        ast_from_cpython: false,
        show: 25,
        write_ours: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => o.root = PathBuf::from(args.next().expect("--root DIR")),
            "--filter" => o.filter = Some(args.next().expect("--filter SUBSTR")),
            "--json" => o.json = Some(PathBuf::from(args.next().expect("--json FILE"))),
            "--jobs" => o.jobs = args.next().expect("--jobs N").parse().expect("a number"),
            "--show" => o.show = args.next().expect("--show N").parse().expect("a number"),
            "--ast-from-cpython" => o.ast_from_cpython = true,
            "--write-ours" => {
                o.write_ours = Some(PathBuf::from(args.next().expect("--write-ours DIR")))
            }
            "-h" | "--help" => {
                println!(
                    "compiler-diff [--root DIR] [--filter SUBSTR] [--json FILE] [--jobs N] [--show N] [--ast-from-cpython]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other}"),
        }
    }
    o
}

fn py_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() && p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Our tree for a file: from our parser when the crate has one and it succeeds, else from
/// CPython's dump. Returns the tree and whether CPython's dump was used.
fn our_tree(
    oracle: &mut Oracle,
    path: &Path,
    source: &[u8],
    opts: &Options,
) -> Result<(Mod, bool), String> {
    if !opts.ast_from_cpython {
        let pathstr = path.display().to_string();
        let parsed = std::panic::catch_unwind(|| {
            parser::parse_bytes(
                source,
                &pathstr,
                parser::Mode::Exec,
                parser::ParserFlags::default(),
            )
        });
        if let Ok(Ok(tree)) = parsed {
            return Ok((tree, false));
        }
    }
    let reply = oracle.ask('A', path).ok_or("oracle died")?;
    if reply.header["ok"] != serde_json::Value::Bool(true) {
        return Err(format!(
            "CPython could not dump the AST: {}",
            reply.header["msg"]
        ));
    }
    let text = String::from_utf8(reply.payload).map_err(|e| e.to_string())?;
    let tree: Mod = read(&text).map_err(|e| format!("ast::read: {e}"))?;
    Ok((tree, true))
}

fn compile_ours(
    tree: &mut Mod,
    path: &str,
) -> Result<codegen::CompiledModule, ferrython_compiler::error::SyntaxErrorInfo> {
    codegen::optimize_and_compile(tree, path, 0, 0)
}

fn process(oracle: &mut Oracle, path: &Path, opts: &Options) -> FileResult {
    let mut r = FileResult {
        path: path.display().to_string(),
        ..Default::default()
    };
    let Some(reply) = oracle.ask('C', path) else {
        r.outcome = "oracle-failed";
        return r;
    };
    r.cpython_time = reply.header["time"].as_f64().unwrap_or(0.0);
    let source = std::fs::read(path).unwrap_or_default();
    let cpython_ok = reply.header["ok"] == serde_json::Value::Bool(true);
    let pathstr = path.display().to_string();
    if !cpython_ok {
        // CPython rejects the file. Our side: parse (our parser, when present) and compile.
        let etype = reply.header["type"].as_str().unwrap_or("?").to_owned();
        let emsg = reply.header["msg"].as_str().unwrap_or("").to_owned();
        let start = CpuClock::now();
        if !opts.ast_from_cpython {
            let pathstr2 = pathstr.clone();
            let parsed = std::panic::catch_unwind(|| {
                parser::parse_bytes(
                    &source,
                    &pathstr2,
                    parser::Mode::Exec,
                    parser::ParserFlags::default(),
                )
            });
            if let Ok(Err(e)) = parsed {
                r.ours_time = start.elapsed();
                let same = e.error_type.name() == etype
                    && e.msg == emsg
                    && e.lineno == reply.header["lineno"].as_i64()
                    && e.offset == reply.header["offset"].as_i64();
                r.outcome = if same {
                    "error-identical"
                } else {
                    "error-differs"
                };
                r.note = format!(
                    "CPython: {etype}: {emsg} {:?}; our parser: {}: {} {:?}",
                    (
                        reply.header["lineno"].as_i64(),
                        reply.header["offset"].as_i64()
                    ),
                    e.error_type.name(),
                    e.msg,
                    (e.lineno, e.offset)
                );
                return r;
            }
        }
        let tree = our_tree(oracle, path, &source, opts);
        let ours = match tree {
            Ok((mut t, used)) => {
                r.used_cpython_ast = used;
                compile_ours(&mut t, &pathstr).map(|_| ())
            }
            Err(_) => {
                // The error comes from the parser, which CPython's dump cannot give us.
                r.ours_time = start.elapsed();
                r.outcome = "cpython-failed";
                r.note = format!("{etype}: {emsg} (parser error; no tree to compile)");
                return r;
            }
        };
        r.ours_time = start.elapsed();
        match ours {
            Ok(()) => {
                r.outcome = "error-differs";
                r.note = format!("CPython: {etype}: {emsg}; ours compiled");
            }
            Err(e) => {
                let same = e.error_type.name() == etype
                    && e.msg == emsg
                    && e.lineno == reply.header["lineno"].as_i64()
                    && e.offset == reply.header["offset"].as_i64()
                    && e.end_lineno == reply.header["end_lineno"].as_i64()
                    && e.end_offset == reply.header["end_offset"].as_i64();
                r.outcome = if same {
                    "error-identical"
                } else {
                    "error-differs"
                };
                r.note = format!(
                    "CPython: {etype}: {emsg} {:?}; ours: {}: {} {:?}",
                    (
                        reply.header["lineno"].as_i64(),
                        reply.header["offset"].as_i64()
                    ),
                    e.error_type.name(),
                    e.msg,
                    (e.lineno, e.offset)
                );
            }
        }
        return r;
    }
    let theirs = match marshal::loads(&reply.payload) {
        Ok(v) => v,
        Err(e) => {
            r.outcome = "oracle-failed";
            r.note = format!("marshal.loads: {e}");
            return r;
        }
    };
    let tree_start = CpuClock::now();
    let tree = our_tree(oracle, path, &source, opts);
    // Our parsing counts in our time; reading CPython's dump does not. Thread CPU time, as
    // CPython's side is measured: this worker has a 256 MiB stack, so the parser runs on it
    // (only input nested deeper than that room moves to the parser's own thread).
    let parse_time = if matches!(tree, Ok((_, false))) {
        tree_start.elapsed()
    } else {
        Duration::ZERO
    };
    let (mut tree, used) = match tree {
        Ok(t) => t,
        Err(e) => {
            r.outcome = "ours-failed";
            r.note = e;
            return r;
        }
    };
    r.used_cpython_ast = used;
    let start = CpuClock::now();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        compile_ours(&mut tree, &pathstr)
    }));
    r.ours_time = start.elapsed() + parse_time;
    r.parse_time = parse_time;
    match result {
        Ok(Ok(m)) => {
            if let Some(dir) = &opts.write_ours {
                if let (Ok(bytes), Some(name)) = (marshal::dumps_for_pyc(&m.code), path.file_name())
                {
                    let _ =
                        std::fs::write(dir.join(format!("{}.ours", name.to_string_lossy())), bytes);
                }
            }
            r.diffs = diff::diff_code(&m.code, &theirs);
            r.marshal_identical = marshal::dumps_for_pyc(&m.code).is_ok_and(|b| b == reply.payload);
            r.outcome = if r.diffs.is_empty() {
                "identical"
            } else {
                "differs"
            };
        }
        Ok(Err(e)) => {
            r.outcome = "ours-failed";
            r.note = format!(
                "ours raised {}: {} (line {:?})",
                e.error_type.name(),
                e.msg,
                e.lineno
            );
        }
        Err(p) => {
            r.outcome = "ours-failed";
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            r.note = format!("panic: {msg}");
        }
    }
    r
}

fn main() {
    let opts = Arc::new(parse_args());
    let mut files = py_files(&opts.root);
    if let Some(f) = &opts.filter {
        files.retain(|p| p.display().to_string().contains(f.as_str()));
    }
    let n = files.len();
    eprintln!("compiler-diff: {} files under {}", n, opts.root.display());
    let queue = Arc::new(Mutex::new(
        files.into_iter().enumerate().collect::<Vec<_>>(),
    ));
    let results: Arc<Mutex<Vec<Option<FileResult>>>> = Arc::new(Mutex::new(vec![None; n]));
    let done = Arc::new(Mutex::new(0usize));
    let wall = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..opts.jobs.max(1) {
        let queue = Arc::clone(&queue);
        let results = Arc::clone(&results);
        let opts = Arc::clone(&opts);
        let done = Arc::clone(&done);
        handles.push(
            std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(move || {
                    let mut oracle = Oracle::start();
                    loop {
                        let next = queue.lock().unwrap().pop();
                        let Some((i, path)) = next else { break };
                        let mut r = process(&mut oracle, &path, &opts);
                        if r.outcome == "oracle-failed" && r.note.is_empty() {
                            oracle = Oracle::start();
                            r = process(&mut oracle, &path, &opts);
                        }
                        results.lock().unwrap()[i] = Some(r);
                        let mut d = done.lock().unwrap();
                        *d += 1;
                        if *d % 500 == 0 {
                            eprintln!("  {} / {} ({:.0}s)", *d, n, wall.elapsed().as_secs_f64());
                        }
                    }
                })
                .expect("spawn worker"),
        );
    }
    for h in handles {
        let _ = h.join();
    }
    let results: Vec<FileResult> = Arc::try_unwrap(results)
        .ok()
        .unwrap()
        .into_inner()
        .unwrap()
        .into_iter()
        .flatten()
        .collect();
    report(&results, &opts, n);
}

fn report(results: &[FileResult], opts: &Options, n: usize) {
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut fields: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ours_total = Duration::ZERO;
    let parse_total: Duration = results.iter().map(|r| r.parse_time).sum();
    let mut cpython_total = 0.0;
    let mut fallback = 0;
    let marshal_identical = results.iter().filter(|r| r.marshal_identical).count();
    for r in results {
        *outcomes.entry(r.outcome).or_default() += 1;
        ours_total += r.ours_time;
        cpython_total += r.cpython_time;
        fallback += r.used_cpython_ast as usize;
        let mut seen: Vec<&str> = Vec::new();
        for d in &r.diffs {
            if !seen.contains(&d.field) {
                seen.push(d.field);
                *fields.entry(d.field).or_default() += 1;
            }
        }
    }
    println!("outcomes:");
    for (k, v) in &outcomes {
        println!("  {k:16} {v}");
    }
    println!("files with a mismatch, per field:");
    for f in diff::FIELDS {
        if let Some(c) = fields.get(f) {
            println!("  {f:20} {c}");
        }
    }
    let mut worst: Vec<&FileResult> = results.iter().filter(|r| !r.diffs.is_empty()).collect();
    worst.sort_by_key(|r| std::cmp::Reverse(r.diffs.len()));
    println!("worst files (number of differing fields):");
    for r in worst.iter().take(opts.show) {
        let first = &r.diffs[0];
        println!(
            "  {:4} {}  first: {} {}",
            r.diffs.len(),
            r.path,
            first.path,
            first.field
        );
    }
    let failed: Vec<&FileResult> = results
        .iter()
        .filter(|r| matches!(r.outcome, "ours-failed" | "error-differs" | "oracle-failed"))
        .collect();
    if !failed.is_empty() {
        println!("failures (first {}):", opts.show.min(failed.len()));
        for r in failed.iter().take(opts.show) {
            println!("  {} [{}] {}", r.path, r.outcome, r.note);
        }
    }
    println!(
        "time: ours {:.2}s (in-process; our parser {:.2}s, AST optimizer + symtable + codegen {:.2}s thread CPU), CPython {:.2}s (compile() in the oracle, thread CPU)",
        ours_total.as_secs_f64(),
        parse_total.as_secs_f64(),
        (ours_total - parse_total).as_secs_f64(),
        cpython_total
    );
    println!("trees taken from CPython's ast.dump: {fallback} of {n}");
    println!("marshal output byte-identical (object sharing and interning too): {marshal_identical} of {n}");
    if let Some(path) = &opts.json {
        let files: Vec<serde_json::Value> = results
            .iter()
            .map(|r| {
                serde_json::json!({
                    "path": r.path,
                    "outcome": r.outcome,
                    "note": r.note,
                    "cpython_ast": r.used_cpython_ast,
                    "marshal_identical": r.marshal_identical,
                    "ours_seconds": r.ours_time.as_secs_f64(),
                    "cpython_seconds": r.cpython_time,
                    "diffs": r.diffs.iter().map(|d| serde_json::json!({
                        "code": d.path, "field": d.field, "ours": d.ours, "cpython": d.theirs
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "files": files,
            "outcomes": outcomes,
            "fields": fields,
            "identical": outcomes.get("identical").copied().unwrap_or(0)
                + outcomes.get("error-identical").copied().unwrap_or(0),
            "total": n,
        });
        std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap())
            .expect("write --json file");
    }
    if opts.filter.is_none() {
        snippet_corpus(opts.show);
    }
    let identical = outcomes.get("identical").copied().unwrap_or(0)
        + outcomes.get("error-identical").copied().unwrap_or(0);
    println!("identical: {identical} of {n}");
}

/// The oracle for the snippet corpus: `compile(src, "<snippet>", "exec", dont_inherit=True)`
/// for each snippet (a JSON list of latin-1-mapped byte strings on stdin), one JSON record per
/// snippet on stdout: null when it compiles, else the error's type and position.
const SNIPPET_ORACLE: &str = r#"
import json, sys, warnings
warnings.simplefilter("ignore")
out = []
for s in json.load(sys.stdin):
    src = s.encode("latin-1")
    try:
        compile(src, "<snippet>", "exec", dont_inherit=True)
        out.append(None)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError) as e:
        out.append({"type": type(e).__name__, "msg": str(e.msg) if isinstance(e, SyntaxError) else str(e),
                    "lineno": getattr(e, "lineno", None), "offset": getattr(e, "offset", None),
                    "end_lineno": getattr(e, "end_lineno", None), "end_offset": getattr(e, "end_offset", None)})
json.dump(out, sys.stdout)
"#;

/// The invalid-snippet corpus (collected from CPython's Lib/test: test_syntax, test_exceptions,
/// test_grammar, test_fstring, test_eof, test_unicode_identifiers, test_string_literals,
/// test_positional_only_arg, test_patma, ... by runtime/compiler/tests/oracle/) compiled whole by
/// both compilers; prints `snippets: identical X of N` (same verdict, and for errors the same
/// type, message and position) and the first mismatches.
fn snippet_corpus(show: usize) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/compiler/tests/data");
    let mut snippets: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for name in ["invalid_snippets.json", "parser_snippets.json"] {
        let Ok(text) = std::fs::read_to_string(data.join(name)) else {
            println!("snippets: cannot read {}", data.join(name).display());
            return;
        };
        let list: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
        for s in list {
            if seen.insert(s.clone()) {
                snippets.push(s);
            }
        }
    }
    let mut child = match std::process::Command::new("python3.11")
        .env_remove("LD_LIBRARY_PATH")
        .args(["-c", SNIPPET_ORACLE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            println!("snippets: cannot run python3.11: {e}");
            return;
        }
    };
    {
        use std::io::Write;
        let input = serde_json::to_string(&snippets).unwrap_or_default();
        let mut stdin = child.stdin.take().expect("piped stdin");
        let _ = stdin.write_all(input.as_bytes());
    }
    let out = child.wait_with_output().expect("snippet oracle");
    let theirs: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
    if theirs.len() != snippets.len() {
        println!("snippets: the oracle answered {} of {}", theirs.len(), snippets.len());
        return;
    }
    // The compiler recurses with the source: give it the stack a parse thread would have.
    let snippets_for_thread = snippets.clone();
    let ours: Vec<serde_json::Value> = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            snippets_for_thread
                .iter()
                .map(|s| {
                    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
                    let r = std::panic::catch_unwind(|| {
                        codegen::compile_source(&bytes, "<snippet>", parser::Mode::Exec, 0, 0)
                    });
                    match r {
                        Ok(Ok(_)) => serde_json::Value::Null,
                        Ok(Err(e)) => serde_json::json!({
                            "type": e.error_type.name(), "msg": e.msg,
                            "lineno": e.lineno, "offset": e.offset,
                            "end_lineno": e.end_lineno, "end_offset": e.end_offset,
                        }),
                        Err(_) => serde_json::json!({"type": "panic"}),
                    }
                })
                .collect()
        })
        .expect("snippet thread")
        .join()
        .unwrap_or_default();
    let mut identical = 0;
    let mut mismatches = Vec::new();
    for (i, (a, b)) in theirs.iter().zip(&ours).enumerate() {
        let same = match (a, b) {
            (serde_json::Value::Null, serde_json::Value::Null) => true,
            (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
                ["type", "msg", "lineno", "offset", "end_lineno", "end_offset"].iter().all(|k| {
                    // A RecursionError's text is CPython's; its position is not reported.
                    x.get(*k).unwrap_or(&serde_json::Value::Null) == y.get(*k).unwrap_or(&serde_json::Value::Null)
                })
            }
            _ => false,
        };
        if same {
            identical += 1;
        } else {
            mismatches.push((i, a.clone(), b.clone()));
        }
    }
    for (i, a, b) in mismatches.iter().take(show) {
        println!("  snippet {i}: {:?}\n    CPython: {a}\n    ours:    {b}", snippets[*i].chars().take(60).collect::<String>());
    }
    println!("snippets: identical {identical} of {}", snippets.len());
}
