//! Robustness: no input may panic or loop. Property tests (bounded case counts) feed random
//! bytes biased towards Python's syntax, and real stdlib files with random byte edits, through
//! every decoding path and tokenizer mode, and check basic invariants of the result.

use ferrython_compiler::source::{decode_source, SourceKind};
use ferrython_compiler::tokenizer::{python_tokenize, TokenKind, Tokenizer, TokenizerConfig};
use proptest::prelude::*;

/// Tokenize `bytes` every way there is; panics (failing the property) on a broken invariant.
fn exercise(bytes: &[u8]) {
    let kinds = [
        SourceKind::Bytes,
        SourceKind::File {
            filename: "f.py".into(),
        },
        SourceKind::Text,
    ];
    for kind in kinds {
        if kind == SourceKind::Text && std::str::from_utf8(bytes).is_err() {
            continue;
        }
        for exec_input in [true, false] {
            let Ok(src) = decode_source(bytes, kind.clone(), exec_input) else {
                continue;
            };
            for bits in 0..8u8 {
                let config = TokenizerConfig {
                    type_comments: bits & 1 != 0,
                    async_hacks: bits & 2 != 0,
                    trivia: bits & 4 != 0,
                    warnings_as_errors: bits == 7,
                };
                let mut tk = Tokenizer::new(&src, config);
                let limit = 4 * src.text.len() + 300;
                let mut n = 0;
                let mut last_line = 0;
                loop {
                    n += 1;
                    assert!(n < limit, "tokenizer does not terminate");
                    match tk.next_token() {
                        Ok(t) => {
                            assert!(t.start <= t.end && t.end <= src.text.len());
                            assert!(t.lineno <= t.end_lineno);
                            assert!(t.end_lineno >= last_line, "lines go backwards");
                            last_line = t.end_lineno;
                            if t.kind == TokenKind::EndMarker {
                                break;
                            }
                        }
                        Err(e) => {
                            assert!(!e.error.msg.is_empty());
                            break;
                        }
                    }
                }
            }
            let _ = python_tokenize(&src);
        }
    }
}

fn pythonish_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        4 => prop::sample::select(b" \t\n\r\x0c\\#'\"()[]{}:;,.=+-*/%<>!@&|^~0123456789_abefjorxuBEFJORXU".to_vec()),
        2 => any::<u8>(),
        1 => prop::sample::select(vec![0xC3u8, 0xA9, 0xE2, 0x82, 0xAC, 0xEF, 0xBB, 0xBF, 0xFF, 0x80]),
    ]
}

fn sample_files() -> Vec<Vec<u8>> {
    let out = std::process::Command::new("python3.11")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3.11 on PATH");
    let root = std::path::PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    [
        "tokenize.py",
        "test/test_grammar.py",
        "test/test_tokenize.py",
        "test/test_fstring.py",
        "json/decoder.py",
    ]
    .iter()
    .map(|p| std::fs::read(root.join(p)).expect("stdlib file"))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(pythonish_byte(), 0..300)) {
        exercise(&bytes);
    }

    #[test]
    fn random_text_prefixes_never_panic(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "if x:", "    pass", "\tpass", "  \\", "async def f():", "  await g()", "# type: int",
                "x = 1  # type: ignore[x]", "def f(a,  # type: int", "'''", "f'{x}'", "0x_1", "1e5j",
                "(", ")", "]", "# coding: latin-1", "# coding: bogus", "é = 1", "€", "\u{a0}", "else:",
            ]),
            0..30,
        )
    ) {
        exercise(lines.join("\n").as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    #[test]
    fn mutated_stdlib_files_never_panic(
        which in 0usize..5,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, pythonish_byte()), 1..12),
    ) {
        let files = sample_files();
        let mut bytes = files[which].clone();
        for (at, op, b) in edits {
            let i = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(i, b),
                1 if i < bytes.len() => { bytes.remove(i); }
                _ if i < bytes.len() => bytes[i] = b,
                _ => bytes.push(b),
            }
        }
        exercise(&bytes);
    }
}
