//! Robustness of the parser: no input may panic (the parse thread turns a panic into an
//! "internal parser error", which this test treats as a failure) or fail to terminate.
//! Property tests with bounded case counts (well under 30 s): mutated stdlib snippets
//! (byte deletions, duplications and insertions of Python tokens) and random token soups,
//! through every mode and flag combination; plus deep nesting, which must end in CPython's
//! errors (MemoryError for rule nesting, "too many nested parentheses") rather than a crash.

use ferrython_compiler::error::ErrorType;
use ferrython_compiler::parser::{parse, Mode, ParserFlags};
use ferrython_compiler::source::{decode_source, SourceKind};
use proptest::prelude::*;

const INTERNAL: &str = "internal parser error";

/// Parse `bytes` in every mode with a few flag sets; fails on an internal error.
fn exercise(bytes: &[u8]) {
    for mode in [Mode::Exec, Mode::Eval, Mode::Single, Mode::FuncType] {
        let Ok(src) = decode_source(bytes, SourceKind::Bytes, mode == Mode::Exec) else {
            continue;
        };
        for (type_comments, feature_version) in [(false, 11), (true, 11), (true, 4)] {
            let flags = ParserFlags {
                type_comments,
                feature_version,
                ..ParserFlags::default()
            };
            if let Err(e) = parse(&src, "<fuzz>", mode, flags) {
                assert_ne!(
                    e.msg,
                    INTERNAL,
                    "parser panicked on {:?}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }
}

const VOCAB: &[&str] = &[
    "def",
    "class",
    "if",
    "elif",
    "else",
    "for",
    "while",
    "try",
    "except",
    "except*",
    "finally",
    "with",
    "as",
    "return",
    "yield",
    "from",
    "import",
    "lambda",
    "async",
    "await",
    "match",
    "case",
    "_",
    "not",
    "and",
    "or",
    "in",
    "is",
    "None",
    "True",
    "False",
    "pass",
    "del",
    "global",
    "nonlocal",
    "raise",
    "assert",
    "break",
    "continue",
    "x",
    "y",
    "f",
    "print",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ";",
    ".",
    "...",
    "=",
    ":=",
    "==",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "|",
    "&",
    "^",
    "~",
    "<<",
    ">>",
    "->",
    "+=",
    "<",
    ">",
    "!=",
    "1",
    "0x1f",
    "1.5",
    "2j",
    "'s'",
    "b'b'",
    "f'{x}'",
    "f'{x!r:>{y}}'",
    "r'\\d'",
    "'\\N{BULLET}'",
    "\"\"\"doc\"\"\"",
    "\n",
    "\n    ",
    "\n        ",
    "\\\n",
    "# type: int",
    "# c",
    "\t",
];

fn snippets() -> Vec<Vec<u8>> {
    let out = std::process::Command::new("python3.11")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3.11 on PATH");
    let root = std::path::PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let mut v = Vec::new();
    for name in [
        "ast.py",
        "dataclasses.py",
        "typing.py",
        "asyncio/tasks.py",
        "re/_parser.py",
        "test/test_patma.py",
        "test/test_fstring.py",
        "test/test_grammar.py",
    ] {
        if let Ok(b) = std::fs::read(root.join(name)) {
            // Chunks of about 40 lines each.
            let lines: Vec<&[u8]> = b.split_inclusive(|&c| c == b'\n').collect();
            for chunk in lines.chunks(40) {
                v.push(chunk.concat());
            }
        }
    }
    assert!(!v.is_empty());
    v
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, usize),
}

fn apply(mut s: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = s.len().max(1);
        match *e {
            Edit::Delete(at, len) => {
                let a = at % n;
                let b = (a + len % 16).min(s.len());
                if a < b {
                    s.drain(a..b);
                }
            }
            Edit::Duplicate(at, len) => {
                let a = at % n;
                let b = (a + len % 32).min(s.len());
                if a < b {
                    let piece = s[a..b].to_vec();
                    s.splice(b..b, piece);
                }
            }
            Edit::Insert(at, tok) => {
                let a = (at % n).min(s.len());
                let t = VOCAB[tok % VOCAB.len()].as_bytes().to_vec();
                s.splice(a..a, t);
            }
        }
    }
    s
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(a, l)| Edit::Delete(a, l)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, l)| Edit::Duplicate(a, l)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, t)| Edit::Insert(a, t)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 250, .. ProptestConfig::default() })]

    #[test]
    fn mutated_stdlib_snippets_never_panic(pick in any::<usize>(), edits in prop::collection::vec(edit(), 1..6)) {
        let all = snippets_cached();
        let s = apply(all[pick % all.len()].clone(), &edits);
        exercise(&s);
    }

    #[test]
    fn token_soup_never_panics(toks in prop::collection::vec(0..VOCAB.len(), 0..40), seps in prop::collection::vec(0..3usize, 40)) {
        let mut s = String::new();
        for (i, t) in toks.iter().enumerate() {
            s.push_str(VOCAB[*t]);
            s.push_str(["", " ", "\n"][seps[i % seps.len()]]);
        }
        exercise(s.as_bytes());
    }
}

fn snippets_cached() -> &'static Vec<Vec<u8>> {
    static CACHE: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    CACHE.get_or_init(snippets)
}

#[test]
fn deep_nesting_ends_in_cpython_errors() {
    let parse_text = |s: &str, mode: Mode| {
        let src = decode_source(s.as_bytes(), SourceKind::Text, mode == Mode::Exec).unwrap();
        parse(&src, "<deep>", mode, ParserFlags::default())
    };
    // 10000 unary minus: CPython 3.11 runs out of parser stack (a bare MemoryError).
    let e = parse_text(&format!("{}1", "-".repeat(10000)), Mode::Eval).unwrap_err();
    assert_eq!(e.error_type, ErrorType::MemoryError);
    // 300 brackets: the tokenizer's limit.
    let e = parse_text(
        &format!("{}{}", "(".repeat(300), ")".repeat(300)),
        Mode::Eval,
    )
    .unwrap_err();
    assert_eq!(e.msg, "too many nested parentheses");
    // Long but shallow input parses.
    let long = "x = 1\n".repeat(20000);
    assert!(parse_text(&long, Mode::Exec).is_ok());
    let chain = format!("x = {}\n", vec!["a"; 5000].join(" + "));
    assert!(parse_text(&chain, Mode::Exec).is_ok());
}
