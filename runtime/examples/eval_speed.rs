//! Times small Python programs on our eval loop and on python3.11 (one run each, same
//! machine): `cargo run --release -p ferrython-runtime --example eval_speed`.

use ferrython_compiler::parser::Mode;
use ferrython_runtime::objects::{dictobject, moduleobject, object, unicodeobject};
use std::time::Instant;

const PROGRAMS: &[(&str, &str)] = &[
    ("calls", "def f(a, b): return a\nfor i in range(2_000_000): f(i, 2)"),
    ("fib", "def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib(27)"),
    ("loop", "x = 0\nfor i in range(3_000_000): x += i & 7"),
    ("methods", "class A:\n    def __init__(self): self.v = 1\n    def m(self, k): return self.v + k\na = A()\nfor i in range(1_000_000): a.m(i)"),
    ("generators", "def g(n):\n    for i in range(n): yield i\nsum(g(2_000_000))"),
    ("exceptions", "for i in range(300_000):\n    try:\n        raise ValueError(i)\n    except ValueError as e:\n        pass"),
    ("closures", "def mk():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n    return inc\nf = mk()\nfor i in range(1_000_000): f()"),
];

fn main() {
    ferrython_runtime::lifecycle::pylifecycle::initialize();
    // SAFETY: single-threaded; the runtime was initialized above.
    unsafe {
        let interp = ferrython_runtime::lifecycle::pystate::current_interpreter();
        let m = ferrython_runtime::modules::bltinmodule::create().unwrap();
        (*interp).builtins = object::new_ref(moduleobject::get_dict(m.as_ptr()).unwrap()).into_raw();
        std::mem::forget(m);
        let only = std::env::args().nth(1);
        if only.as_deref() == Some("chunk") {
            chunk_boundary();
            return;
        }
        for (name, src) in PROGRAMS {
            if only.as_deref().is_some_and(|o| o != *name) {
                continue;
            }
            let code = ferrython_runtime::compile::compile_str(src, "<bench>", Mode::Exec).unwrap();
            let ns = dictobject::new().unwrap();
            let main = unicodeobject::new_str("__main__").unwrap();
            dictobject::set_item_str(ns.as_ptr(), "__name__", main.as_ptr()).unwrap();
            let t = Instant::now();
            ferrython_runtime::eval::ceval::eval_code(code.as_ptr(), ns.as_ptr(), ns.as_ptr()).expect(name);
            let ours = t.elapsed().as_secs_f64();
            let py = std::process::Command::new("python3.11")
                .env_remove("LD_LIBRARY_PATH")
                .args(["-S", "-c", &format!("import time\nsrc = {src:?}\nc = compile(src, '<bench>', 'exec')\nt = time.perf_counter()\nexec(c, {{'__name__': '__main__'}})\nprint(time.perf_counter() - t)")])
                .output()
                .unwrap();
            let cp: f64 = String::from_utf8_lossy(&py.stdout).trim().parse().unwrap_or(f64::NAN);
            println!("{name:12} ours {ours:7.3} s  python3.11 {cp:7.3} s  ratio {:.2}", ours / cp);
        }
    }
}

/// compat-tests/bench/chunk_boundary.py on our loop, with `sys` and `time` supplied directly
/// (no import system here); arguments: MAX_DEPTH CALLS.
unsafe fn chunk_boundary() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../compat-tests/bench/chunk_boundary.py");
    let text = std::fs::read_to_string(path).unwrap();
    // No sys.stdout here: print collects the lines, which are written at the end.
    let src = format!(
        "_lines = []\ndef print(*a): _lines.append(' '.join(map(str, a)))\n{}",
        text.replace("import sys\n", "").replace("import time\n", "")
    );
    let code = ferrython_runtime::compile::compile_str(&src, path, Mode::Exec).unwrap();
    let ns = dictobject::new().unwrap();
    let main = unicodeobject::new_str("__main__").unwrap();
    dictobject::set_item_str(ns.as_ptr(), "__name__", main.as_ptr()).unwrap();
    let sys = ferrython_runtime::modules::sysmodule::create().unwrap();
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let items: Vec<_> = argv.iter().map(|a| unicodeobject::new_str(a).unwrap()).collect();
    let ptrs: Vec<_> = items.iter().map(|r| r.as_ptr()).collect();
    let list = ferrython_runtime::objects::listobject::from_slice(&ptrs).unwrap();
    object::set_attr_str(sys.as_ptr(), "argv", list.as_ptr()).unwrap();
    dictobject::set_item_str(ns.as_ptr(), "sys", sys.as_ptr()).unwrap();
    let time = object::Ref::from_raw(ferrython_runtime::modules::timemodule::init_module());
    dictobject::set_item_str(ns.as_ptr(), "time", time.as_ptr()).unwrap();
    if ferrython_runtime::eval::ceval::eval_code(code.as_ptr(), ns.as_ptr(), ns.as_ptr()).is_err() {
        let (_t, v, _tb) = ferrython_runtime::errors::fetch_normalized().unwrap();
        let r = object::repr(v.as_ptr()).unwrap();
        panic!("chunk_boundary raised {}", object::str_text(r.as_ptr()));
    }
    let lines = dictobject::get_item_str(ns.as_ptr(), "_lines").unwrap().unwrap();
    let n = ferrython_runtime::objects::listobject::len(lines);
    for i in 0..n {
        let l = *ferrython_runtime::objects::listobject::items(lines).add(i as usize);
        println!("{}", object::str_text(l));
    }
}
