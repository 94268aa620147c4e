//! CPython's `ast.dump` read into our AST and dumped again must give the same text: over a
//! sample of the stdlib (and, `--ignored`, all of it), over every parse mode and dump
//! option, and over random constants (floats, complex, str with surrogates, bytes).

mod ast_support;

use ast_support::{have_python, run_python, stdlib_round_trip, with_big_stack};
use ferrython_compiler::ast::read::DumpValue;
use ferrython_compiler::ast::{dump, parse_dump, read, DumpOptions, Mod};

/// About 300 stdlib files (every 39th by sorted path).
#[test]
fn stdlib_sample_round_trips() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    let r = with_big_stack(|| stdlib_round_trip(39));
    r.report("stdlib sample");
    assert!(r.dumped >= 250, "too few files dumped: {}", r.dumped);
    assert_eq!(
        r.identical, r.dumped,
        "files that did not round-trip: {:?}",
        r.failures
    );
}

/// Every .py file of the stdlib (about 11,600; a few minutes).
#[test]
#[ignore]
fn stdlib_all_round_trip() {
    assert!(have_python(), "python3.11 is not on PATH");
    let r = with_big_stack(|| stdlib_round_trip(1));
    r.report("stdlib (all files)");
    assert!(r.dumped > 11_000, "too few files dumped: {}", r.dumped);
    assert_eq!(
        r.identical, r.dumped,
        "files that did not round-trip: {:?}",
        r.failures
    );
}

const SNIPPETS: &[(&str, &str)] = &[
    ("exec", "x: int = 1\nasync def f(a, /, b=2, *c, d, e=3, **g) -> None:\n    async with a as (b, c), d: await x\n    async for i in y: yield i\n    return [j async for j in z if j]\n"),
    ("exec", "try:\n    pass\nexcept* ValueError as e:\n    raise X from e\nelse:\n    del a[1:2, ::3], b.c\nfinally:\n    global q\n"),
    ("exec", "match p:\n    case [1, *rest] | {'k': v, **kw} if v: pass\n    case Point(x=0, y=_) as pt: pass\n    case -1+2j | None | True | b'x' | 1.5: pass\n    case _: pass\n"),
    ("exec", "from .. import (a as b, c)\nimport os.path as p\nf'{x!r:>{w}} {y=}' u'\\u00e9'; b'\\xff'\n{**d, 1: 2}; {1, 2}; (i for i in ()); {k: v for k, v in m}\nlambda *a, k=1: ...\n"),
    ("exec", "x = 1_000_000_000_000_000_000_000 + 0xFFFF_FFFF_FFFF_FFFF_FFFF + 1e999 + 1e-400 + 3.14j\ns = '\\udc80\\x00\\t\\u200b' 'it\\'s'\nwhile not -x: x @= ~y ** 2 // 3 << 4 if a < b <= c is not d not in e else None\n"),
    ("exec", "class C(B, metaclass=M):\n    @dec\n    def m(self): nonlocal z; assert a, 'm'; return (yield from g)\n"),
    ("single", "a = 1; print(a)\n"),
    ("eval", "[*a, *b] + {**c}['k'] if (n := 10) else f(*x, **y)"),
    ("func_type", "(int, *str, **Any) -> List[int]"),
];

/// Every parse mode, type comments, and every option of `ast.dump` (indent, unannotated).
#[test]
fn modes_and_dump_options_round_trip() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    // For each snippet, five dumps: attributes, plain, indent=2, indent='', annotate_fields=False.
    let script = r#"
import ast, json, sys
for mode, src in json.loads(sys.stdin.read()):
    tree = ast.parse(src, mode=mode, type_comments=(mode == 'exec'))
    for kw in (dict(include_attributes=True), dict(), dict(indent=2, include_attributes=True),
               dict(indent=''), dict(annotate_fields=False, include_attributes=True)):
        print(json.dumps(ast.dump(tree, **kw)))
"#;
    let mut snippets: Vec<(&str, &str)> = SNIPPETS.to_vec();
    snippets.push(("exec", "def f(a,  # type: int\n      ):\n    # type: (...) -> None\n    x = []  # type: List[int]\n    for i in x:  # type: int\n        with a as b:  # type: ignore[x]\n            pass\ny = 1  # type: ignore\n"));
    let input = serde_json::to_string(&snippets).unwrap();
    let out = run_python(script, &[], &input);
    let dumps: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(dumps.len(), snippets.len() * 5);
    let options = [
        DumpOptions {
            include_attributes: true,
            ..DumpOptions::default()
        },
        DumpOptions::default(),
        DumpOptions {
            include_attributes: true,
            indent: Some("  ".into()),
            ..DumpOptions::default()
        },
        DumpOptions {
            indent: Some(String::new()),
            ..DumpOptions::default()
        },
        DumpOptions {
            annotate_fields: false,
            include_attributes: true,
            ..DumpOptions::default()
        },
    ];
    for (i, text) in dumps.iter().enumerate() {
        let opts = &options[i % 5];
        // Without attributes there are no positions to read back: read the attribute dump
        // and dump it without them.
        let source = if opts.include_attributes {
            text
        } else {
            &dumps[i - i % 5]
        };
        let tree: Mod = read(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
        assert_eq!(
            &dump(&tree, opts),
            text,
            "snippet {} with {:?}",
            i / 5,
            opts
        );
    }
    // The type comments made it through.
    let last = &dumps[dumps.len() - 5];
    assert!(
        last.contains("type_comment='int'") && last.contains("TypeIgnore(lineno=6, tag='[x]')"),
        "{last}"
    );
}

/// Random constants: CPython writes `repr(value)`, we read it and write it again.
#[test]
fn constant_reprs_round_trip() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    let script = r#"
import random, struct, sys
rng = random.Random(3_11_7)
values = []
for _ in range(4000):
    bits = rng.getrandbits(64)
    values.append(struct.unpack('<d', struct.pack('<Q', bits))[0])
for _ in range(2000):
    values.append(round(rng.uniform(-1e6, 1e6), rng.randrange(0, 12)))
    values.append(rng.choice([1, -1]) * 10.0 ** rng.randrange(-30, 30) * rng.randrange(1, 10))
for _ in range(3000):
    # Few significant bits: exact decimal ties between two shortest candidates happen here.
    values.append(rng.getrandbits(rng.randrange(20, 54)) / 2.0 ** rng.randrange(0, 40))
for _ in range(1000):
    values.append(complex(rng.choice([0.0, -0.0, 1.5, float('inf'), 1e300]), rng.uniform(-1e20, 1e20)))
for _ in range(2000):
    n = rng.randrange(0, 12)
    pools = [(0, 0x80), (0x80, 0x100), (0x100, 0x3000), (0xD800, 0xE000), (0xE000, 0x110000)]
    values.append(''.join(chr(rng.randrange(*rng.choice(pools))) for _ in range(n)))
    values.append(bytes(rng.randrange(256) for _ in range(n)))
for _ in range(500):
    values.append(rng.getrandbits(rng.randrange(1, 3000)) * rng.choice([1, -1]))
values += ["'", '"', '\'"', '\\', '\x7f\xa0\xad', (), (1,), (1, 'a', (None, ...)), frozenset(), frozenset({1}),
           True, False, None, ..., float('nan'), float('-inf'), -0.0, 5e-324]
for v in values:
    sys.stdout.write(repr(v).encode('utf-8', 'surrogatepass').decode('utf-8', 'replace') + '\n')
"#;
    let out = run_python(script, &[], "");
    let mut count = 0;
    for line in out.lines() {
        let v = match parse_dump(line) {
            Ok(DumpValue::Const(c)) => c,
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(v.repr(), line);
        count += 1;
    }
    assert!(count > 16_000, "{count}");
    println!("{count} constant reprs identical");
}
