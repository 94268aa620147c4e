//! Constant folding against CPython 3.11. The observable effect of `_PyAST_Optimize` is the
//! constants a code object holds: for `x = (E)` CPython's `co_consts` lists, in order of
//! first use, exactly the constants left in the optimized tree (then `None`). So for every
//! candidate `E` we read CPython's (unoptimized) `ast.dump` of `x = (E)`, optimize it, list
//! the constants of the value from left to right (deduplicated by type and repr, as code
//! objects do) and compare with CPython's `co_consts` (type name and repr of each).
//!
//! Candidates: every expression made only of operators, subscripts, tuples and constants
//! found in a sample of the stdlib (as `ast.unparse` prints it), plus handwritten edge
//! cases (errors that must not fold, size limits, float/complex corner cases).
//!
//! Transformations that leave no constant behind (`not a is b`, `'%s' % (x,)`,
//! `__debug__`, `in [..]`, docstring protection) are checked by `optimizer_transforms`.

mod ast_support;

use std::collections::HashSet;

use ast_support::{have_python, run_python, with_big_stack};
use ferrython_compiler::ast::{read, ConstantValue, Expr, ExprKind, Mod, StmtKind};
use ferrython_compiler::optimizer::optimize;
use serde_json::Value;

const COLLECT: &str = r#"
import ast, os, sys, sysconfig, warnings, json
warnings.simplefilter('ignore')
sys.setrecursionlimit(10000)
root = sysconfig.get_paths()['stdlib']
step = int(sys.argv[1])
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith('.py'))
OPS = (ast.BinOp, ast.UnaryOp, ast.Subscript)
OK = OPS + (ast.Constant, ast.Tuple, ast.expr_context, ast.operator, ast.unaryop)
found = {}
for path in files[::step]:
    try:
        with open(path, 'rb') as f:
            tree = ast.parse(f.read())
    except Exception:
        continue
    for node in ast.walk(tree):
        if isinstance(node, OPS) and all(isinstance(n, OK) for n in ast.walk(node)):
            if isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Constant, ast.UnaryOp, ast.BinOp)):
                continue
            text = ast.unparse(node)
            if len(text) < 2000:
                found.setdefault(text, None)
print(json.dumps(list(found)))
"#;

/// For each expression: the dump of `x = (E)` and CPython's co_consts as [type, repr].
const EXPECT: &str = r#"
import ast, sys, json, warnings
warnings.simplefilter('ignore')
sys.set_int_max_str_digits(0)
out = []
for text in json.load(sys.stdin):
    src = 'x = (' + text + ')'
    try:
        d = ast.dump(ast.parse(src), include_attributes=True)
        code = compile(src, '<fold>', 'exec')
    except Exception as e:
        out.append(None)
        continue
    out.append([d, [[type(c).__name__, repr(c)] for c in code.co_consts]])
print(json.dumps(out))
"#;

fn type_name(v: &ConstantValue) -> &'static str {
    match v {
        ConstantValue::None => "NoneType",
        ConstantValue::Bool(_) => "bool",
        ConstantValue::Int(_) => "int",
        ConstantValue::Float(_) => "float",
        ConstantValue::Complex { .. } => "complex",
        ConstantValue::Str(_) => "str",
        ConstantValue::Bytes(_) => "bytes",
        ConstantValue::Ellipsis => "ellipsis",
        ConstantValue::Tuple(_) => "tuple",
        ConstantValue::FrozenSet(_) => "frozenset",
    }
}

/// The constants of an optimized constant-only expression, left to right.
fn constants(e: &Expr, out: &mut Vec<(String, String)>) {
    match &e.kind {
        ExprKind::Constant(c) => out.push((type_name(&c.value).to_string(), c.value.repr())),
        ExprKind::BinOp(b) => {
            constants(&b.left, out);
            constants(&b.right, out);
        }
        ExprKind::UnaryOp(u) => constants(&u.operand, out),
        ExprKind::Subscript(s) => {
            constants(&s.value, out);
            constants(&s.slice, out);
        }
        ExprKind::Tuple(t) => t.elts.iter().for_each(|x| constants(x, out)),
        ExprKind::List(t) => t.elts.iter().for_each(|x| constants(x, out)),
        ExprKind::Name(_) => {}
        // `'%s' % (big,)` becomes an f-string when the tuple cannot be folded.
        ExprKind::JoinedStr(j) => j.values.iter().for_each(|x| constants(x, out)),
        ExprKind::FormattedValue(f) => {
            constants(&f.value, out);
            if let Some(spec) = &f.format_spec {
                constants(spec, out);
            }
        }
        ExprKind::Call(c) => {
            constants(&c.func, out);
            c.args.iter().for_each(|x| constants(x, out));
        }
        other => panic!(
            "unexpected node in a constant expression: {}",
            other.class_name()
        ),
    }
}

fn ours(dump: &str) -> Vec<(String, String)> {
    let mut tree: Mod = read(dump).expect("read CPython's dump");
    optimize(&mut tree, 0, 0).expect("no recursion error");
    let Mod::Module(m) = &tree else {
        panic!("module")
    };
    let StmtKind::Assign(a) = &m.body[0].kind else {
        panic!("assign")
    };
    let mut all = Vec::new();
    constants(&a.value, &mut all);
    all.push(("NoneType".to_string(), "None".to_string()));
    let mut seen = HashSet::new();
    all.into_iter().filter(|c| seen.insert(c.clone())).collect()
}

struct Outcome {
    compared: usize,
    identical: usize,
    folded: usize,
    failures: Vec<String>,
}

fn compare(expressions: Vec<String>) -> Outcome {
    let input = serde_json::to_string(&expressions).unwrap();
    let out = run_python(EXPECT, &[], &input);
    let answers: Vec<Value> = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(answers.len(), expressions.len());
    let mut o = Outcome {
        compared: 0,
        identical: 0,
        folded: 0,
        failures: Vec::new(),
    };
    for (text, answer) in expressions.iter().zip(answers) {
        let Value::Array(parts) = answer else {
            continue;
        };
        let dump = parts[0].as_str().unwrap();
        let expected: Vec<(String, String)> = parts[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        o.compared += 1;
        if expected.len() <= 2 {
            o.folded += 1;
        }
        let got = ours(dump);
        if got == expected {
            o.identical += 1;
        } else if o.failures.len() < 20 {
            o.failures
                .push(format!("{text}: cpython {expected:?} ours {got:?}"));
        }
    }
    o
}

const EDGE_CASES: &[&str] = &[
    // Errors: never folded.
    "1 / 0",
    "1 // 0",
    "1 % 0",
    "1.0 / 0",
    "1.5 // 0.0",
    "2.0 % 0",
    "0 ** -1",
    "0.0 ** -1",
    "1 << -1",
    "1 >> -1",
    "(1, 2)[5]",
    "'abc'[3]",
    "'abc'['a']",
    "b'ab'[-3]",
    "None + 1",
    "'a' + 1",
    "1 + 'a'",
    "(1,) + [2][0]",
    "1e308 * 10 ** 400",
    "2 ** 10000 * 1.0",
    "10 ** 400 / 1",
    "1.0 + 10 ** 400",
    "1j // 1",
    "1j % 2",
    "~1.5",
    "~1j",
    "-'a'",
    "+b''",
    "1e300 ** 2",
    "(-8) ** 1e400",
    "0j ** -1",
    "0j ** 1j",
    "(1e200j) ** 3",
    "1 @ 2",
    "frozenset() | 1",
    "'%s' % 1",
    "b'%d' % 1",
    "'%s' % (1,)",
    // Size limits.
    "2 ** 64",
    "2 ** 65",
    "3 ** 64",
    "1 ** 200",
    "1 ** 128",
    "(-1) ** 129",
    "0 ** 100000000000000000000",
    "2 ** 63 * 2 ** 65",
    "2 ** 63 * 2 ** 66",
    "(2 ** 64 - 1) * (2 ** 64 - 1)",
    "1 << 127",
    "1 << 128",
    "2 << 127",
    "0 << 1000",
    "5 << 0",
    "1 >> 1000",
    "-1 >> 1000",
    "(2 ** 100) << 28",
    "(2 ** 100) << 29",
    "'ab' * 2048",
    "'ab' * 2049",
    "'' * 10000",
    "'' * -1",
    "'a' * -1",
    "b'x' * 4096",
    "b'x' * 4097",
    "(1, 2) * 128",
    "(1, 2) * 129",
    "() * 1000",
    "((1, 2, 3),) * 200",
    "((1, 2, 3),) * 255",
    "((1, 2, 3, 4),) * 250",
    "3 * 'ab'",
    "True * 'ab'",
    "'ab' * False",
    "'x' * (2 ** 70)",
    "'' * (2 ** 70)",
    "'\\udc80' * 3",
    "'é' * 5",
    // Ints, bools, mixed.
    "True + True",
    "True & False",
    "True | 2",
    "True ^ True",
    "~True",
    "-True",
    "+False",
    "not 0",
    "not ()",
    "not 'a'",
    "not None",
    "not ...",
    "not 0j",
    "-(2 ** 63)",
    "-9223372036854775808 - 1",
    "9223372036854775807 + 1",
    "(-7) // 2",
    "(-7) % 2",
    "7 // -2",
    "7 % -2",
    "-7 % -2",
    "2 ** -1",
    "(-2) ** -3",
    "10 ** -400",
    "7 / 2",
    "(2 ** 100 + 1) / 3",
    "1 / 3",
    "-5 & 3",
    "-5 | 3",
    "-5 ^ -3",
    "(1 << 100) - 1 & -(1 << 50)",
    "2 ** 0",
    "0 ** 0",
    "12345678901234567890 // 987654321",
    "-12345678901234567890 % 987654321",
    // Floats and complex.
    "0.1 + 0.2",
    "1e308 + 1e308",
    "-1e308 * 10",
    "1e308 * 10 - 1e308 * 10",
    "-0.0 + 0.0",
    "-0.0 - 0.0",
    "5.5 // 2",
    "-5.5 // 2",
    "5.5 % -2",
    "-0.0 % 1",
    "0.0 % -1",
    "1e-320 / 3",
    "2.0 ** 0.5",
    "(-8.0) ** (1 / 3)",
    "(-2.0) ** 3",
    "(-2.0) ** 2.0",
    "(-1.0) ** 1e300",
    "1.0 ** 1e400",
    "1e400 ** 0",
    "(-1e400) ** 3",
    "(-1e400) ** -3",
    "0.5 ** 1e400",
    "2.0 ** -1e400",
    "(-0.0) ** 3",
    "(-0.0) ** 2",
    "1e400 - 1e400",
    "(1e400 - 1e400) ** 0",
    "1 ** (1e400 - 1e400)",
    "1j * 1j",
    "(1 + 2j) * (3 - 4j)",
    "(1 + 2j) / (3 - 4j)",
    "1j / 0",
    "(1 + 1j) ** 2",
    "(1 + 1j) ** -2",
    "(1 + 1j) ** 0.5",
    "(1 + 1j) ** 101",
    "2 ** 1j",
    "(1 + 1j) ** (1 + 1j)",
    "-0j",
    "-(0j)",
    "+1j",
    "1 + 1e400j",
    "2 * (1 + 1e400j)",
    "1e200j * 1e200j",
    "(-1) ** 0.5",
    "(-4) ** 0.5",
    "1.5 + True",
    "2 ** 0.5",
    "3 - 1j",
    "1j - 3",
    "True / 2",
    // Str, bytes, tuples, subscripts.
    "'a' + 'b'",
    "b'a' + b'b'",
    "(1,) + (2, 3)",
    "(1, (2,)) + ()",
    "'abc'[0]",
    "'abc'[-1]",
    "'abc'[True]",
    "b'abc'[1]",
    "(1, 2, 3)[-3]",
    "('a', 'b')[1]",
    "'\\U0001f600x'[0]",
    "'abc'[1.0]",
    "(1, 2)[2 ** 70]",
    "((1, 2), 3)[0][1]",
    "-(1, 2)[0]",
    "'%%' + 'x'",
    "(1, 2.0, 'x', b'y', None, ..., True, 1j)",
];

#[test]
fn folding_matches_cpython_co_consts() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    run(5);
}

/// The same over every file of the installed library.
#[test]
#[ignore]
fn folding_matches_cpython_co_consts_all_files() {
    assert!(have_python());
    run(1);
}

fn run(step: usize) {
    let mut expressions: Vec<String> = EDGE_CASES.iter().map(|s| s.to_string()).collect();
    let edge = expressions.len();
    let found = run_python(COLLECT, &[&step.to_string()], "");
    let stdlib: Vec<String> = serde_json::from_str(found.trim()).unwrap();
    let from_stdlib = stdlib.len();
    expressions.extend(stdlib);
    let o = with_big_stack(move || compare(expressions));
    println!(
        "constant folding: identical {} of {} expressions ({} handwritten, {} from every {}th stdlib file; {} fold to one constant)",
        o.identical, o.compared, edge, from_stdlib, step, o.folded
    );
    for f in &o.failures {
        println!("  {f}");
    }
    assert!(o.compared > 1000, "too few expressions: {}", o.compared);
    assert_eq!(o.identical, o.compared);
}
