//! The optimizer's rewrites that are not plain constant folding, against CPython 3.11.
//!
//! Each case is a snippet and an "equivalent" source whose *unoptimized* tree is what the
//! optimizer must make of the snippet (or an explicit `ast.dump` when no source parses to
//! it). CPython proves the equivalence: both compile, with the same optimization level, to
//! identical bytecode and constants (nested code objects included). We then optimize both
//! trees (read from CPython's dumps) and compare: the snippet must come out as the
//! equivalent (which, written in optimized form, only loses leftover constant displays).

mod ast_support;

use ast_support::{have_python, run_python};
use ferrython_compiler::ast::{dump, read, DumpOptions, Mod};
use ferrython_compiler::future;
use ferrython_compiler::optimizer::{optimize, optimize_with_budget, RecursionBudget};
use serde_json::Value;

const ORACLE: &str = r#"
import ast, sys, json, types, warnings
warnings.simplefilter('ignore')
def shape(code):
    consts = [shape(c) if isinstance(c, types.CodeType) else (type(c).__name__, repr(c)) for c in code.co_consts]
    return [code.co_code.hex(), consts, list(code.co_names)]
out = []
for level, snippet, equivalent, equivalent_dump in json.load(sys.stdin):
    a = shape(compile(snippet, '<s>', 'exec', optimize=level))
    if equivalent_dump is None:
        b = shape(compile(equivalent, '<s>', 'exec', optimize=level))
        equivalent_dump = ast.dump(ast.parse(equivalent), include_attributes=True)
        same = a == b
    else:
        same = None
    out.append([same, ast.dump(ast.parse(snippet), include_attributes=True), equivalent_dump])
print(json.dumps(out))
"#;

/// (optimize level, snippet, equivalent source or, when it starts with `Module(`, the dump).
const CASES: &[(i32, &str, &str)] = &[
    (0, "x = not a is b", "x = a is not b"),
    (0, "x = not a is not b", "x = a is b"),
    (0, "x = not a in b", "x = a not in b"),
    (0, "x = not a not in b", "x = a in b"),
    (0, "x = not a == b", "x = not a == b"),
    (0, "x = not a < b < c", "x = not a < b < c"),
    (0, "x = not (a in b in c)", "x = not (a in b in c)"),
    (0, "x = a in [1, 2, 3]", "x = a in (1, 2, 3)"),
    (0, "x = a not in [b, 2]", "x = a not in (b, 2)"),
    (0, "x = a in [*b, 2]", "x = a in [*b, 2]"),
    (0, "x = a in b in [1]", "x = a in b in (1,)"),
    (0, "x = a in [1] in b", "x = a in [1] in b"),
    (0, "x = a < [1]", "x = a < [1]"),
    (0, "for i in [1, 2]: pass", "for i in (1, 2): pass"),
    (0, "for i in [a, b]: pass", "for i in (a, b): pass"),
    (0, "for i in [1, *a]: pass", "for i in [1, *a]: pass"),
    (0, "async def f():\n async for i in [1, 2]: pass", "async def f():\n async for i in [1, 2]: pass"),
    (0, "x = [i for i in [1, 2] for j in [a, 3] if j in [4]]", "x = [i for i in (1, 2) for j in (a, 3) if j in (4,)]"),
    (0, "x = {i for i in [1, 2]}", "x = {i for i in (1, 2)}"),
    (0, "x = (i for i in [-1, 2])", "x = (i for i in (-1, 2))"),
    (0, "x = __debug__", "x = True"),
    (1, "x = __debug__", "x = False"),
    (2, "if __debug__: y = 1", "if False: y = 1"),
    (0, "x = '%s and %r and %a' % (a, b, c)", "x = f'{a!s} and {b!r} and {c!a}'"),
    (0, "x = '%s%%' % (a,)", "x = f'{a!s}%'"),
    (0, "x = '%s' % (a, b)", "x = '%s' % (a, b)"),
    (0, "x = '%s %s' % (a,)", "x = '%s %s' % (a,)"),
    (0, "x = '%d' % (a,)", "x = '%d' % (a,)"),
    (0, "x = '%s' % (*a,)", "x = '%s' % (*a,)"),
    (0, "x = '%s' % a", "x = '%s' % a"),
    (0, "x = '%5s|%-3r|%.2a|%10.4s' % (a, b, c, d)",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load()), conversion=115, format_spec=Constant(value='>5')), Constant(value='|'), FormattedValue(value=Name(id='b', ctx=Load()), conversion=114, format_spec=Constant(value='3')), Constant(value='|'), FormattedValue(value=Name(id='c', ctx=Load()), conversion=97, format_spec=Constant(value='.2')), Constant(value='|'), FormattedValue(value=Name(id='d', ctx=Load()), conversion=115, format_spec=Constant(value='>10.4'))]))], type_ignores=[])"),
    (0, "x = '%123s' % (a,)", "x = '%123s' % (a,)"),
    (0, "x = '%+05s' % (a,)",
     "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load()), conversion=115, format_spec=Constant(value='>5'))]))], type_ignores=[])"),
    (0, "x = '%s' % (1 + a,)", "x = f'{1 + a!s}'"),
    (0, "x = ('a', 1 + 2, (3, 4))", "x = ('a', 3, (3, 4))"),
    (0, "(a, b) = (1, 2)", "(a, b) = (1, 2)"),
    (0, "x = (a, 1)", "x = (a, 1)"),
    (0, "x = f'{1 + 2}'", "x = f'{3}'"),
    (0, "def f(a=1 + 1, *, b=-(2)): return a", "def f(a=2, *, b=-2): return a"),
    (0, "def f():\n 'a' + 'b'\n return 1",
     "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=JoinedStr(values=[Constant(value='ab')])), Return(value=Constant(value=1))], decorator_list=[])], type_ignores=[])"),
    (0, "class C:\n 'doc'\n x = 1 + 1", "class C:\n 'doc'\n x = 2"),
    (0, "match x:\n case -1 | 1 + 2j: pass", "match x:\n case -1 | (1+2j): pass"),
    (0, "def f(a: 1 + 1) -> 2 * 3: pass", "def f(a: 2) -> 6: pass"),
    (0, "from __future__ import annotations\ndef f(a: 1 + 1) -> 2 * 3: pass\nx: 1 + 1 = 2 + 2",
     "from __future__ import annotations\ndef f(a: 1 + 1) -> 2 * 3: pass\nx: 1 + 1 = 4"),
    (0, "x = a[1:2 + 3]", "x = a[1:5]"),
    (0, "x = y = -~1", "x = y = 2"),
    (0, "del a[1 + 1]", "del a[2]"),
];

fn optimized_dump(cpython_dump: &str, level: i32) -> String {
    let mut tree: Mod = read(cpython_dump).unwrap();
    let flags = future::from_ast(&tree).unwrap().features;
    optimize(&mut tree, level, flags).unwrap();
    dump(&tree, &DumpOptions::default())
}

#[test]
fn rewrites_match_cpython() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    let jobs: Vec<Value> = CASES
        .iter()
        .map(|(level, snippet, eq)| {
            if eq.starts_with("Module(") {
                serde_json::json!([level, snippet, null, eq])
            } else {
                serde_json::json!([level, snippet, eq, null])
            }
        })
        .collect();
    let out = run_python(ORACLE, &[], &serde_json::to_string(&jobs).unwrap());
    let answers: Vec<Value> = serde_json::from_str(out.trim()).unwrap();
    let mut failures = Vec::new();
    let mut proven = 0;
    for ((level, snippet, _), answer) in CASES.iter().zip(&answers) {
        if answer[0] == Value::Bool(false) {
            failures.push(format!(
                "{snippet:?}: CPython compiles the equivalent differently"
            ));
            continue;
        }
        if answer[0] == Value::Bool(true) {
            proven += 1;
        }
        let ours = optimized_dump(answer[1].as_str().unwrap(), *level);
        let expected = answer[2].as_str().unwrap();
        // An equivalent source is optimized too: written in optimized form, it may still
        // hold displays that folding turns into constants (`(1, 2)`, `-1`).
        let expected = if answer[0].is_boolean() {
            optimized_dump(expected, *level)
        } else {
            expected.to_string()
        };
        if ours != expected {
            failures.push(format!(
                "{snippet:?}:\n  expected {expected}\n  ours     {ours}"
            ));
        }
    }
    println!(
        "optimizer rewrites: {} of {} cases match ({} with equivalence proven by CPython's bytecode)",
        CASES.len() - failures.len(),
        CASES.len(),
        proven
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The node that `not (a is b)` becomes takes the comparison's position.
#[test]
fn not_compare_takes_the_compare_position() {
    let mut tree: Mod = read(
        "Module(body=[Expr(value=UnaryOp(op=Not(), operand=Compare(left=Name(id='a', ctx=Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=6), ops=[Is()], comparators=[Name(id='b', ctx=Load(), lineno=1, col_offset=10, end_lineno=1, end_col_offset=11)], lineno=1, col_offset=5, end_lineno=1, end_col_offset=11), lineno=1, col_offset=0, end_lineno=1, end_col_offset=12), lineno=1, col_offset=0, end_lineno=1, end_col_offset=12)], type_ignores=[])",
    )
    .unwrap();
    optimize(&mut tree, 0, 0).unwrap();
    let text = dump(
        &tree,
        &DumpOptions {
            include_attributes: true,
            ..DumpOptions::default()
        },
    );
    assert!(text.contains("ops=[IsNot()]"), "{text}");
    assert!(
        text.contains(
            "lineno=1, col_offset=5, end_lineno=1, end_col_offset=11), lineno=1, col_offset=0"
        ),
        "{text}"
    );
}

/// The recursion limit: CPython compiles `-(-(...x))` up to some nesting; with the same
/// budget we stop at the same depth (optimizer and symbol table).
#[test]
fn recursion_limit_matches_cpython() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    // CPython starts counting at 3 x its current recursion depth, which depends on how the
    // interpreter got to the call (1 to 3 at the top level of `python -c`); derive it from
    // the boundary, which must then be exactly ours for that depth.
    let found = run_python(
        "n = 2000\nwhile True:\n    try:\n        compile('-' * n + 'x', 's', 'eval')\n    except RecursionError:\n        break\n    n += 1\nprint(n - 1)",
        &[],
        "",
    );
    let max_ok: usize = found.trim().parse().unwrap();
    // n unary operators and the name: n + 1 levels, plus the starting depth, <= 3000.
    assert_eq!((3000 - 1 - max_ok) % 3, 0, "CPython's boundary {max_ok}");
    let depth = ((3000 - 1 - max_ok) / 3) as u32;
    assert!(depth <= 4, "CPython's boundary {max_ok}");
    let tree_for = |n: usize| -> Mod {
        use ferrython_compiler::ast::{
            Expr, ExprContext, ExprKind, ExprName, ExprUnaryOp, Location, ModExpression, UnaryOp,
        };
        let location = Location {
            lineno: 1,
            col_offset: 0,
            end_lineno: 1,
            end_col_offset: 1,
        };
        let mut e = Expr {
            kind: ExprKind::Name(ExprName {
                id: "x".to_string(),
                ctx: ExprContext::Load,
            }),
            location,
        };
        for _ in 0..n {
            e = Expr {
                kind: ExprKind::UnaryOp(ExprUnaryOp {
                    op: UnaryOp::USub,
                    operand: Box::new(e),
                }),
                location,
            };
        }
        Mod::Expression(ModExpression { body: Box::new(e) })
    };
    let outcome = |n: usize| {
        ast_support::with_big_stack(move || {
            let mut tree = tree_for(n);
            let budget = RecursionBudget::for_call_depth(depth, 1000);
            let symtable =
                ferrython_compiler::symtable::build_with_budget(&tree, "s", 0, budget).is_ok();
            (
                optimize_with_budget(&mut tree, 0, 0, budget).is_ok(),
                symtable,
            )
        })
    };
    assert_eq!(outcome(max_ok), (true, true), "depth {max_ok} must compile");
    assert_eq!(
        outcome(max_ok + 1),
        (false, false),
        "depth {} must not",
        max_ok + 1
    );
}
