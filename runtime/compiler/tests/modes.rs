//! The tokenizer's optional modes and `tokenize`-shaped output on small sources, each checked
//! against the real CPython 3.11: type comments against `ast.parse(..., type_comments=True)`,
//! async handling against `ast.parse(..., feature_version=(3, 6))`, and the `tokenize` view of
//! end-of-file and newline corner cases against Lib/tokenize.py (tests/oracle/oracle.py).

mod common;

use std::process::Command;

use ferrython_compiler::source::{decode_source, SourceKind};
use ferrython_compiler::tokenizer::{TokenKind, Tokenizer, TokenizerConfig};

fn tokens(src: &str, config: TokenizerConfig) -> Vec<(TokenKind, String, u32)> {
    let decoded = decode_source(src.as_bytes(), SourceKind::Text, true).unwrap();
    Tokenizer::new(&decoded, config)
        .tokenize_all()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t.kind,
                String::from_utf8_lossy(&decoded.text[t.start..t.end]).into_owned(),
                t.lineno,
            )
        })
        .collect()
}

fn python(code: &str) -> String {
    let out = Command::new(common::PYTHON)
        .args(["-c", code])
        .output()
        .expect("python3.11");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const TYPE_COMMENT_SOURCE: &str = "\
def f(a,  # type: int
      b,  # type: str
      ):
    # type: (...) -> None
    x = []  # type: List[int]
    y = 1  # type:ignore[attr-defined]
    for i in x:  # type: int
        pass
import os  # type: ignore
z = 2  # type:    ignore
w = 3  # type: ignored
";

#[test]
fn type_comments_match_ast() {
    let ours = tokens(
        TYPE_COMMENT_SOURCE,
        TokenizerConfig {
            type_comments: true,
            ..Default::default()
        },
    );
    let comments: Vec<String> = ours
        .iter()
        .filter(|t| t.0 == TokenKind::TypeComment)
        .map(|t| t.1.clone())
        .collect();
    let ignores: Vec<String> = ours
        .iter()
        .filter(|t| t.0 == TokenKind::TypeIgnore)
        .map(|t| format!("{} {:?}", t.2, t.1))
        .collect();
    let code = format!(
        "import ast\nsrc = {:?}\nt = ast.parse(src, type_comments=True)\n\
         print(sorted(n.type_comment for n in ast.walk(t) if getattr(n, 'type_comment', None)))\n\
         print(['%d %r' % (i.lineno, i.tag) for i in t.type_ignores])",
        TYPE_COMMENT_SOURCE
    );
    let out = python(&code);
    let mut lines = out.lines();
    let mut sorted = comments.clone();
    sorted.sort();
    // Every type comment the AST attaches is one of our TYPE_COMMENT tokens.
    let expected_comments = lines.next().unwrap();
    eprintln!("type comments {:?} / AST {}", sorted, expected_comments);
    assert_eq!(format!("{:?}", sorted).replace('"', "'"), expected_comments);
    let expected_ignores = lines.next().unwrap().replace('"', "'");
    let ours_ignores = format!("{:?}", ignores)
        .replace("\\\"", "'")
        .replace('"', "'");
    eprintln!("type ignores {} / AST {}", ours_ignores, expected_ignores);
    assert_eq!(ours_ignores, expected_ignores);
}

#[test]
fn async_hacks_follow_feature_version_3_6() {
    let src =
        "async = 1\nawait = async\nasync def f():\n    await x\n    async with a: pass\nawait(1)\n";
    // CPython accepts this with feature_version=(3, 6) and rejects it with the default.
    let out = python(&format!(
        "import ast\nsrc = {:?}\nast.parse(src, feature_version=(3, 6))\n\
         try:\n    ast.parse(src)\n    print('accepted')\nexcept SyntaxError:\n    print('rejected')",
        src
    ));
    assert_eq!(out.trim(), "rejected");
    let old = tokens(
        src,
        TokenizerConfig {
            async_hacks: true,
            ..Default::default()
        },
    );
    let kinds_of = |toks: &[(TokenKind, String, u32)], word: &str| -> Vec<(TokenKind, u32)> {
        toks.iter()
            .filter(|t| t.1 == word)
            .map(|t| (t.0, t.2))
            .collect()
    };
    assert_eq!(
        kinds_of(&old, "async"),
        vec![
            (TokenKind::Name, 1),
            (TokenKind::Name, 2),
            (TokenKind::Async, 3),
            (TokenKind::Async, 5)
        ]
    );
    assert_eq!(
        kinds_of(&old, "await"),
        vec![
            (TokenKind::Name, 2),
            (TokenKind::Await, 4),
            (TokenKind::Name, 6)
        ]
    );
    let new = tokens(src, TokenizerConfig::default());
    assert!(kinds_of(&new, "async")
        .iter()
        .all(|k| k.0 == TokenKind::Async));
    assert!(kinds_of(&new, "await")
        .iter()
        .all(|k| k.0 == TokenKind::Await));
}

#[test]
fn tokenize_view_of_file_edges_matches_tokenize_module() {
    let cases: &[&[u8]] = &[
        b"",
        b"\n",
        b"x = 1",
        b"x = 1\r\n",
        b"x = 1\r\ny = 2\r\n",
        b"x = 1\ry = 2\r",
        b"# only a comment",
        b"x = 1  # trailing comment",
        b"if x:\n    y = 1\n    ",
        b"if x:\n    y = 1\n\n\n",
        b"if x:\n    if y:\n        z\n# c\n  # d\nw\n",
        b"x = (1,\n\n     2)  # c\n",
        b"s = '''a\nb''' + \\\n    'c'\n",
        b"\xef\xbb\xbfx = '\xc3\xa9'\n",
        b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
        b"\x0cclass C:\n\x0c    pass\n",
        b"if a:\n\tb\n\tif c:\n\t\td\n",
        b"async def f():\n    await g()\n",
        b"f(x for x in y)\n@dec\ndef g(): ...\n",
        b"x = 1if y else 2\n",
        b"\xe4\xb8\xad\xe6\x96\x87 = 1  # \xe6\xb3\xa8\n",
    ];
    let dir = std::env::temp_dir().join(format!("ferrython-tok-modes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = dir.join(format!("{}.py", i));
            std::fs::write(&p, c).unwrap();
            p
        })
        .collect();
    let cmp = common::compare_files(&files);
    let _ = std::fs::remove_dir_all(&dir);
    for m in &cmp.mismatches {
        eprintln!("{}", m);
    }
    assert!(cmp.mismatches.is_empty());
    assert_eq!(cmp.identical, cases.len());
}

#[test]
fn script_file_decoding_errors_match_python() {
    let cases: &[&[u8]] = &[
        b"# coding: xyz\nx=1\n",
        b"x = 1\ny = 2 # \xe9\n",
        b"\xef\xbb\xbf# coding: latin-1\nx=1\n",
        b"# coding: ascii\nx = 1 # \xe9\n",
        b"# coding: cp1252\nx = 1 # \x81\n",
        b"\n\n\n# coding: ascii\nx = 1 # \xe9\n",
        b"x=1\nx = (\n\xe9\n",
        b"x = )\n\xe9\n",
    ];
    let dir = std::env::temp_dir().join(format!("ferrython-tok-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, case) in cases.iter().enumerate() {
        let path = dir.join(format!("case{}.py", i));
        std::fs::write(&path, case).unwrap();
        let out = Command::new(common::PYTHON).arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let theirs = stderr
            .lines()
            .last()
            .unwrap()
            .trim_start_matches("SyntaxError: ")
            .to_string();
        let filename = path.display().to_string();
        let ours = match decode_source(case, SourceKind::File { filename }, true) {
            Err(e) => e.msg,
            Ok(src) => match Tokenizer::new(&src, TokenizerConfig::default()).tokenize_all() {
                Err(e) => e.error.msg,
                Ok(_) => "no error".to_string(),
            },
        };
        assert_eq!(ours, theirs, "case {:?}", String::from_utf8_lossy(case));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
