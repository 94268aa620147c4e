//! Tests of `_sre`: the matcher on code words python3.11's `re._compiler` emits, and the
//! differential corpus (`corpus.py` over Lib/test/re_tests.py plus extra cases) run
//! in-process and compared line by line with python3.11's own output.

use super::consts::*;
use super::engine::State;

/// Matches `code` against an ASCII subject with `groups` groups: (start, end) of the match.
fn run(code: &[u32], subject: &[u8], groups: usize, search: bool) -> Option<(usize, usize)> {
    let mut st = State::new(subject.as_ptr(), 1, subject.len(), 0, subject.len(), groups);
    let ok = if search {
        st.run_search(code)
    } else {
        st.run_match(code)
    }
    .expect("engine error");
    ok.then_some((st.start, st.ptr))
}

const M: u32 = MAXREPEAT;

#[test]
fn engine_runs_compiled_code() {
    let _runtime = crate::testing::hold_runtime();
    // a+b
    let a_plus_b = [
        OP_INFO,
        4,
        0,
        2,
        M,
        OP_REPEAT_ONE,
        6,
        1,
        M,
        OP_LITERAL,
        97,
        OP_SUCCESS,
        OP_LITERAL,
        98,
        OP_SUCCESS,
    ];
    assert_eq!(run(&a_plus_b, b"aaab", 0, false), Some((0, 4)));
    assert_eq!(run(&a_plus_b, b"xaab", 0, false), None);
    assert_eq!(run(&a_plus_b, b"xaabz", 0, true), Some((1, 4)));
    assert_eq!(run(&a_plus_b, b"b", 0, true), None);
    // (a|b)*c: REPEAT / MAX_UNTIL with marks
    let rep = [
        OP_INFO,
        4,
        0,
        1,
        M,
        OP_REPEAT,
        13,
        0,
        M,
        OP_MARK,
        0,
        OP_IN,
        5,
        OP_RANGE,
        97,
        98,
        OP_FAILURE,
        OP_MARK,
        1,
        OP_MAX_UNTIL,
        OP_LITERAL,
        99,
        OP_SUCCESS,
    ];
    let mut st = State::new(b"xabac".as_ptr(), 1, 5, 0, 5, 1);
    assert!(st.run_search(&rep).unwrap());
    assert_eq!((st.start, st.ptr), (1, 5));
    assert_eq!(st.group_span(1), Some((3, 4)));
    // A deep backtracking stack: 200,000 iterations of a REPEAT must not touch the Rust stack.
    let mut long = vec![b'a'; 200_000];
    long.push(b'c');
    assert_eq!(run(&rep, &long, 1, false), Some((0, 200_001)));
    long.pop();
    assert_eq!(run(&rep, &long, 1, false), None);
}

/// What python3.11 (its own library) prints for `program`.
fn python311(program: &str) -> String {
    let out = std::process::Command::new("python3.11")
        .args(["-S", "-I", "-c", program])
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .expect("python3.11 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const RE_TESTS: &str = "/root/.pyenv/versions/3.11.7/lib/python3.11/test/re_tests.py";

#[test]
fn corpus_matches_python311() {
    let _runtime = crate::testing::hold_runtime();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/modules/sre");
    // 1. python3.11 compiles every corpus pattern (Lib/test/re_tests.py plus corpus.py's own)
    //    to the code words `_sre.compile` takes.
    let cases = python311(&format!(
        "ns = {{}}\nexec(compile(open({RE_TESTS:?}).read(), 're_tests.py', 'exec'), ns)\n\
         g = {{'RE_TESTS': ns['tests'], '__name__': '__main__', 'GEN': True}}\n\
         exec(compile(open('{dir}/corpus.py').read(), 'corpus.py', 'exec'), g)\n"
    ));
    assert!(cases.len() > 50_000, "too few cases");
    // 2. driver.py runs them through `_sre` alone: first on python3.11 ...
    let driver = format!(
        "src = open('{dir}/driver.py').read()\nexec(compile(src, 'driver.py', 'exec'), g)\n"
    );
    let want: Vec<String> = python311(&format!(
        "import _sre\nCASES = {}\ng = {{'CASES': CASES, '_sre': _sre}}\n{driver}print('\\n'.join(g['out']))\n",
        cases.trim()
    ))
    .lines()
    .map(str::to_owned)
    .collect();
    assert!(want.len() > 10_000, "corpus too small: {}", want.len());
    // 3. ... then in-process on ours, with the module made by our init_module.
    let got = unsafe {
        // SAFETY: the interpreter is started by setup() under the runtime lock held above.
        setup();
        let m = crate::objects::object::Ref::from_result(super::init_module()).expect("_sre init");
        run_collect(
            &format!(
                "CASES = {}\ng = {{'CASES': CASES, '_sre': SRE}}\n{driver}result = g['out']\n",
                cases.trim()
            ),
            m.as_ptr(),
        )
    };
    let got = match got {
        Ok(lines) => lines,
        Err(e) => panic!("the corpus did not run in-process: {e}"),
    };
    let mut diffs = Vec::new();
    for (i, w) in want.iter().enumerate() {
        let g = got.get(i).map(String::as_str).unwrap_or("<missing>");
        if g != w {
            diffs.push(format!("line {i}:\n  python3.11: {w}\n  ferrython:  {g}"));
        }
    }
    eprintln!("sre corpus: {} lines, {} differ", want.len(), diffs.len());
    assert!(
        diffs.is_empty(),
        "{} of {} lines differ:\n{}",
        diffs.len(),
        want.len(),
        diffs[..diffs.len().min(40)].join("\n")
    );
    assert_eq!(got.len(), want.len());
}

/// Runs `src` and returns the str items of its `result` list.
unsafe fn run_collect(src: &str, sre: *mut crate::abi::PyObject) -> Result<Vec<String>, String> {
    use crate::objects::{dictobject, listobject, object, unicodeobject};
    let ns = dictobject::new().unwrap();
    let main = unicodeobject::new_str("__main__").unwrap();
    dictobject::set_item_str(ns.as_ptr(), "__name__", main.as_ptr()).unwrap();
    dictobject::set_item_str(ns.as_ptr(), "SRE", sre).unwrap();
    let r =
        crate::compile::compile_str(src, "<sre corpus>", ferrython_compiler::parser::Mode::Exec)
            .and_then(|code| {
                crate::eval::ceval::eval_code(code.as_ptr(), ns.as_ptr(), ns.as_ptr())
            });
    if r.is_err() {
        let Some((t, v, _tb)) = crate::errors::fetch_normalized() else {
            return Err("no exception".into());
        };
        let msg = object::str(v.as_ptr())
            .map(|s| object::str_text(s.as_ptr()))
            .unwrap_or_default();
        return Err(format!(
            "{}: {msg}",
            object::type_name_of(t.as_ptr().cast())
        ));
    }
    let list = dictobject::get_item_str(ns.as_ptr(), "result")
        .unwrap()
        .ok_or("no result")?;
    let n = listobject::len(list);
    Ok((0..n)
        .map(|i| object::str_text(listobject::get_item(list, i).unwrap()))
        .collect())
}

/// A started interpreter (`python3.11 -S -E`), shared by the tests.
unsafe fn setup() {
    crate::testing::init();
}
