//! Unit tests of the parser on small inputs (the differential tests against CPython are in
//! tests/parser_*.rs).

use super::*;
use crate::ast::dump_with_attributes;

fn parse_str(src: &str) -> Result<Mod, SyntaxErrorInfo> {
    let s = decode_source(src.as_bytes(), SourceKind::Text, true).unwrap();
    parse(&s, "<test>", Mode::Exec, ParserFlags::default())
}

#[test]
fn simple_assignment_dump() {
    let m = parse_str("x = 1\n").unwrap();
    let d = crate::ast::dump(&m, &crate::ast::DumpOptions::default());
    assert_eq!(
        d,
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], type_ignores=[])"
    );
    let _ = dump_with_attributes(&m);
}

#[test]
fn generic_invalid_syntax_points_at_last_token() {
    let e = parse_str("x = = 1\n").unwrap_err();
    assert_eq!(e.msg, "invalid syntax");
    assert_eq!((e.lineno, e.offset), (Some(1), Some(5)));
}

/// The nesting at which `mk(n)` first fails with MemoryError (binary search), as CPython
/// 3.11's parser stack limit decides it.
fn first_memory_error(mk: impl Fn(usize) -> String, hi: usize) -> usize {
    let (mut lo, mut hi) = (1, hi);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let s = decode_source(mk(mid).as_bytes(), SourceKind::Text, false).unwrap();
        let r = parse(&s, "<t>", Mode::Eval, ParserFlags::default());
        if matches!(&r, Err(e) if e.error_type == ErrorType::MemoryError) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[test]
fn stack_limit_thresholds_match_cpython() {
    check_stack_limit_thresholds();
}

/// The same thresholds from a thread with an 8 MiB stack (a Python main thread's): the parse
/// starts inline on the caller's stack, runs into the guard, and is redone on the parser's
/// big stack with the same result.
#[test]
fn stack_limit_thresholds_hold_when_parsing_inline() {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            assert!(inline_stack_limit().is_some(), "an 8 MiB stack should allow inline parses");
            check_stack_limit_thresholds();
            // The guard is cleared after each parse.
            assert!(!stack_guard::reset());
        })
        .unwrap()
        .join()
        .unwrap();
}

fn check_stack_limit_thresholds() {
    // Thresholds measured on CPython 3.11.7 (compile(..., 'eval') raising MemoryError; deeper
    // brackets hit the tokenizer's limit first).
    type Make = Box<dyn Fn(usize) -> String>;
    let cases: [(&str, Make, usize, usize); 6] = [
        (
            "minus",
            Box::new(|n| format!("{}1", "-".repeat(n))),
            20000,
            5976,
        ),
        (
            "not",
            Box::new(|n| format!("{}1", "not ".repeat(n))),
            20000,
            5976,
        ),
        (
            "pow",
            Box::new(|n| format!("{}1", "2**".repeat(n))),
            20000,
            2988,
        ),
        (
            "paren",
            Box::new(|n| format!("{}1{}", "(".repeat(n), ")".repeat(n))),
            199,
            199,
        ),
        (
            "list",
            Box::new(|n| format!("{}1{}", "[".repeat(n), "]".repeat(n))),
            199,
            199,
        ),
        (
            "call",
            Box::new(|n| format!("{}{}", "f(".repeat(n), ")".repeat(n))),
            199,
            199,
        ),
    ];
    for (name, mk, hi, cpython) in cases.iter() {
        let ours = first_memory_error(mk, *hi);
        assert!(
            ours.abs_diff(*cpython) <= 1,
            "{}: MemoryError from {} levels, CPython from {}",
            name,
            ours,
            cpython
        );
    }
}

#[test]
fn nested_lambdas_and_conditionals_parse_in_linear_time() {
    let t = std::time::Instant::now();
    for src in [
        format!("{}1", "lambda:".repeat(2900)),
        format!("{}1", "1 if 1 else ".repeat(5900)),
    ] {
        let s = decode_source(src.as_bytes(), SourceKind::Text, false).unwrap();
        assert!(parse(&s, "<t>", Mode::Eval, ParserFlags::default()).is_ok());
    }
    // Quadratic cloning took seconds here.
    assert!(t.elapsed().as_secs_f64() < 2.0, "took {:?}", t.elapsed());
}

/// `\N{...}` accepts Unicode's formal name aliases as CPython 3.11 does (control-character
/// names, abbreviations, corrections), case-insensitively.
#[test]
fn named_escapes_accept_name_aliases() {
    for (name, cp) in [("NULL", 0), ("LINE FEED", 10), ("nbsp", 0xa0), ("BOM", 0xfeff), ("LATIN CAPITAL LETTER GHA", 0x1a2), ("VS256", 0xe01ef)] {
        assert_eq!(super::unicode_names::lookup(name), Some(cp), "{name}");
    }
    // A character's own name still wins, and unknown names stay unknown.
    assert_eq!(super::unicode_names::lookup("LATIN CAPITAL LETTER OI"), Some(0x1a2));
    assert_eq!(super::unicode_names::lookup("NOT A REAL NAME"), None);
    let m = parse_str(concat!(r"x = '\N{LINE FEED}\N{ZWJ}'", "\n")).unwrap();
    let d = crate::ast::dump(&m, &crate::ast::DumpOptions::default());
    assert!(d.contains(r"value='\n\u200d'"), "{d}");
}
