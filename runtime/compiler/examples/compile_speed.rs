//! Whole-pipeline compile throughput (decode, tokenize, parse, optimize, symtable, codegen,
//! assemble) on every .py file under CPython 3.11's library directory, single-threaded, with
//! the time per phase, against CPython's `compile()` on the same files (thread CPU time on
//! both sides).
//!
//! `cargo run --release -p ferrython-compiler --example compile_speed [FILTER]`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;


/// The allocator the library uses (root crate src/lib.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use ferrython_compiler::codegen::optimize_and_compile;
use ferrython_compiler::parser::{parse_bytes, Mode, ParserFlags};

fn py_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => py_files(&p, out),
            Ok(t) if t.is_file() && p.extension().is_some_and(|x| x == "py") => out.push(p),
            _ => {}
        }
    }
}

/// CPU time of the calling thread.
fn thread_cpu() -> Duration {
    let mut ts = libc_timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the struct it is given.
    unsafe { clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[repr(C)]
struct libc_timespec {
    tv_sec: i64,
    tv_nsec: i64,
}
extern "C" {
    fn clock_gettime(clk: i32, ts: *mut libc_timespec) -> i32;
}

const PY_TIMER: &str = r#"
import sys, time, warnings
warnings.simplefilter("ignore")
total = 0.0
for path in sys.stdin.read().splitlines():
    data = open(path, 'rb').read()
    t0 = time.thread_time()
    try:
        compile(data, path, 'exec', dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        pass
    total += time.thread_time() - t0
print(total)
"#;

fn main() {
    let filter = std::env::args().nth(1);
    let out = Command::new("python3.11")
        .env_remove("LD_LIBRARY_PATH")
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .expect("python3.11 on PATH");
    let root = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let mut files = Vec::new();
    py_files(&root, &mut files);
    files.sort();
    if let Some(f) = &filter {
        files.retain(|p| p.to_string_lossy().contains(f.as_str()));
    }
    let sources: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    // Parsing spawns its own big-stack thread; to count everything as CPU time of one thread
    // the whole loop runs on such a thread and the parser's thread is timed by the parser
    // API's caller... so time the parse in wall time on an idle machine instead, and the rest
    // in thread CPU time.
    let (parse, rest, ok) = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let mut parse = Duration::ZERO;
            let mut rest = Duration::ZERO;
            let mut ok = 0;
            for (s, path) in sources.iter().zip(&files) {
                let name = path.to_string_lossy();
                let t = std::time::Instant::now();
                let tree = parse_bytes(s, &name, Mode::Exec, ParserFlags::default());
                parse += t.elapsed();
                if let Ok(mut tree) = tree {
                    let c = thread_cpu();
                    if optimize_and_compile(&mut tree, &name, 0, 0).is_ok() {
                        ok += 1;
                    }
                    rest += thread_cpu() - c;
                }
            }
            (parse, rest, ok)
        })
        .unwrap()
        .join()
        .unwrap();
    println!("{ok} files compiled");
    println!("ours: parse {:.3} s (wall) + optimize/symtable/codegen {:.3} s (cpu) = {:.3} s", parse.as_secs_f64(), rest.as_secs_f64(), (parse + rest).as_secs_f64());
    let mut files = Vec::new();
    py_files(&root, &mut files);
    files.sort();
    if let Some(f) = &filter {
        files.retain(|p| p.to_string_lossy().contains(f.as_str()));
    }
    let mut child = Command::new("python3.11")
        .env_remove("LD_LIBRARY_PATH")
        .args(["-c", PY_TIMER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3.11");
    let listing: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    child.stdin.take().unwrap().write_all(listing.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let theirs: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(f64::NAN);
    println!("CPython compile(): {theirs:.3} s (thread cpu)");
    println!("ratio: {:.2}x", (parse + rest).as_secs_f64() / theirs);
}
