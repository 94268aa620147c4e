//! Tokenizer throughput on CPython 3.11's standard library, against the `tokenize` module.
//!
//! `cargo run --release -p ferrython-compiler --example tokenize_speed`
//! Reads every .py file of the stdlib into memory, then times: our parser-facing tokenizer
//! (decoding included), our `tokenize`-shaped view, and python3.11's `tokenize.generate_tokens`
//! over the same in-memory sources (files `tokenize` cannot read are left out of every timing),
//! and, when tests/oracle/build_c_oracle.sh can build it, CPython's C tokenizer itself.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ferrython_compiler::source::{decode_source, SourceKind};
use ferrython_compiler::tokenizer::{python_tokenize, Tokenizer, TokenizerConfig};

fn py_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => py_files(&p, out),
            Ok(t) if t.is_file() && p.extension().map_or(false, |x| x == "py") => out.push(p),
            _ => {}
        }
    }
}

const PY_TIMER: &str = r#"
import io, sys, time, tokenize
total = 0.0; nbytes = 0; ok = []
for path in sys.stdin.read().splitlines():
    data = open(path, 'rb').read()
    try:
        enc, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(enc)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        continue
    try:
        t0 = time.perf_counter()
        for _ in tokenize.generate_tokens(io.StringIO(text).readline):
            pass
        total += time.perf_counter() - t0
    except Exception:
        continue
    nbytes += len(data); ok.append(path)
print(total, nbytes)
print("\n".join(ok))
"#;

fn main() {
    let out = Command::new("python3.11")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3.11 on PATH");
    let root = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let mut files = Vec::new();
    py_files(&root, &mut files);
    files.sort();

    let listing: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut child = Command::new("python3.11")
        .args(["-c", PY_TIMER])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), listing.as_bytes()).unwrap();
    let py = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    let mut lines = py.lines();
    let first: Vec<f64> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    let (py_seconds, py_bytes) = (first[0], first[1]);
    let readable: Vec<PathBuf> = lines.map(PathBuf::from).collect();
    let sources: Vec<Vec<u8>> = readable.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let bytes: usize = sources.iter().map(|s| s.len()).sum();
    assert_eq!(bytes as f64, py_bytes);

    // The machine is shared: take the best of three runs for the fast tokenizers.
    let mut parser_mode = f64::MAX;
    let mut tokens = 0usize;
    for _ in 0..3 {
        let t0 = Instant::now();
        tokens = 0;
        for s in &sources {
            if let Ok(src) = decode_source(s, SourceKind::Bytes, true) {
                let mut tk = Tokenizer::new(&src, TokenizerConfig::default());
                while let Ok(t) = tk.next_token() {
                    tokens += 1;
                    if t.kind.number() == 0 {
                        break;
                    }
                }
            }
        }
        parser_mode = parser_mode.min(t0.elapsed().as_secs_f64());
    }

    let mut compat_mode = f64::MAX;
    let mut py_tokens = 0usize;
    for _ in 0..3 {
        let t0 = Instant::now();
        py_tokens = 0;
        for s in &sources {
            if let Ok(src) = decode_source(s, SourceKind::Bytes, true) {
                py_tokens += python_tokenize(&src).map(|v| v.len()).unwrap_or(0);
            }
        }
        compat_mode = compat_mode.min(t0.elapsed().as_secs_f64());
    }

    let mb = bytes as f64 / 1e6;
    println!("{} files, {:.1} MB", sources.len(), mb);
    println!(
        "ours, parser tokens:     {:.2} s  {:7.1} MB/s  ({} tokens)",
        parser_mode,
        mb / parser_mode,
        tokens
    );
    println!(
        "ours, tokenize view:     {:.2} s  {:7.1} MB/s  ({} tokens)",
        compat_mode,
        mb / compat_mode,
        py_tokens
    );
    println!(
        "python3.11 tokenize:     {:.2} s  {:7.1} MB/s",
        py_seconds,
        mb / py_seconds
    );
    let c_runs: Vec<(f64, f64)> = (0..3).filter_map(|_| c_tokenizer_time(&readable)).collect();
    if let Some(&(c_seconds, c_bytes)) = c_runs.iter().min_by(|a, b| a.0.total_cmp(&b.0)) {
        let c_mb = c_bytes / 1e6;
        println!(
            "CPython C tokenizer:     {:.2} s  {:7.1} MB/s",
            c_seconds,
            c_mb / c_seconds
        );
    }
    println!(
        "speedup: {:.0}x (parser tokens), {:.0}x (tokenize view)",
        py_seconds / parser_mode,
        py_seconds / compat_mode
    );
}

/// Time CPython's own C tokenizer (the differential-test oracle binary) over `files`.
fn c_tokenizer_time(files: &[PathBuf]) -> Option<(f64, f64)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| manifest.join("../../target"));
    let built = Command::new("sh")
        .arg(manifest.join("tests/oracle/build_c_oracle.sh"))
        .arg(target.join("c-tokenizer-oracle"))
        .output()
        .ok()?;
    if !built.status.success() {
        return None;
    }
    let bin = String::from_utf8(built.stdout)
        .ok()?
        .lines()
        .last()?
        .trim()
        .to_string();
    let mut child = Command::new(bin)
        .arg("--time")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let listing: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    std::io::Write::write_all(&mut child.stdin.take()?, listing.as_bytes()).ok()?;
    let out = String::from_utf8(child.wait_with_output().ok()?.stdout).ok()?;
    let v: Vec<f64> = out
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    Some((*v.first()?, *v.get(1)?))
}
