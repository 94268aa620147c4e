//! Parser throughput on every .py file under CPython 3.11's library directory (Lib/test and
//! site-packages included), against CPython's own `ast.parse` on the same files.
//!
//! `cargo run --release -p ferrython-compiler --example parse_speed`
//! Reads all files into memory, times our `parse_bytes` (decoding, tokenizing and parsing;
//! run on the calling thread's parse thread as the public API does), then runs python3.11
//! once to time `ast.parse(bytes)` on the same files (its time includes building the Python
//! AST objects, which ours does not need).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use ferrython_compiler::parser::{parse_bytes, Mode, ParserFlags};

fn py_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => py_files(&p, out),
            Ok(t) if t.is_file() && p.extension().is_some_and(|x| x == "py") => out.push(p),
            _ => {}
        }
    }
}

const PY_TIMER: &str = r#"
import ast, sys, time, warnings
warnings.simplefilter("ignore")
total = 0.0
for path in sys.stdin.read().splitlines():
    data = open(path, 'rb').read()
    t0 = time.perf_counter()
    try:
        ast.parse(data)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        pass
    total += time.perf_counter() - t0
print(total)
"#;

fn main() {
    let out = Command::new("python3.11")
        .env_remove("LD_LIBRARY_PATH")
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
    let sources: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let nbytes: usize = sources.iter().map(|s| s.len()).sum();

    let t0 = Instant::now();
    let mut ok = 0;
    let mut per_file = Vec::with_capacity(sources.len());
    for s in &sources {
        let t = Instant::now();
        if parse_bytes(s, "<unknown>", Mode::Exec, ParserFlags::default()).is_ok() {
            ok += 1;
        }
        per_file.push(t.elapsed().as_secs_f64());
    }
    let ours = t0.elapsed().as_secs_f64();
    let mut slowest: Vec<usize> = (0..files.len()).collect();
    slowest.sort_by(|&a, &b| per_file[b].total_cmp(&per_file[a]));
    println!("slowest files (ours):");
    for &i in slowest.iter().take(8) {
        println!(
            "  {:8.3} s {:9} bytes  {}",
            per_file[i],
            sources[i].len(),
            files[i].display()
        );
    }

    let mut child = Command::new("python3.11")
        .env_remove("LD_LIBRARY_PATH")
        .args(["-c", PY_TIMER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3.11 on PATH");
    let listing: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(listing.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let theirs: f64 = String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();

    let mb = nbytes as f64 / 1e6;
    println!(
        "{} files, {:.1} MB, {} parsed without error",
        files.len(),
        mb,
        ok
    );
    println!("ours:    {:.3} s ({:.1} MB/s)", ours, mb / ours);
    println!(
        "CPython: {:.3} s ({:.1} MB/s)  [ast.parse, includes building Python objects]",
        theirs,
        mb / theirs
    );
    println!("ratio:   {:.2}x CPython's time", ours / theirs);
}
