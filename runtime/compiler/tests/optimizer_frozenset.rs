//! Frozenset constants (`x in {...}`) hold their elements in CPython's iteration order when
//! the elements' hashes are process-independent (numbers, tuples of numbers): checked
//! against `repr(frozenset(items))` in python3.11 for random element lists with many hash
//! collisions, and against the order in `co_consts` after CPython's constant merging
//! (which rebuilds each frozenset once more: [`set_iteration_order`] applied again).

mod ast_support;

use ast_support::{have_python, run_python};
use ferrython_compiler::ast::{ConstantValue, Int};
use ferrython_compiler::optimizer::fold::{frozenset, set_iteration_order};

const ORACLE: &str = r#"
import sys, json
sys.set_int_max_str_digits(0)
out = []
for line in sys.stdin.read().splitlines():
    items = eval(line)
    runtime = repr(frozenset(items))
    code = compile('x in {' + line[1:-1] + '}', '<f>', 'eval')
    merged = [repr(c) for c in code.co_consts if isinstance(c, frozenset)]
    out.append([runtime, merged[0] if merged else None])
print(json.dumps(out))
"#;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn item(&mut self) -> ConstantValue {
        match self.next() % 6 {
            // Multiples of 8, 32 and large strides collide in small tables.
            0 => ConstantValue::Int(Int::from((self.next() % 64) as i64 * 8 - 200)),
            1 => ConstantValue::Int(Int::from((self.next() % 1000) as i64 - 500)),
            2 => ConstantValue::Int(Int::from((self.next() % 40) as i64 * (1i64 << 40))),
            3 => ConstantValue::Float((self.next() % 1000) as f64 / 8.0 - 60.0),
            4 => ConstantValue::Tuple(vec![
                ConstantValue::Int(Int::from((self.next() % 5) as i64)),
                ConstantValue::Float((self.next() % 7) as f64 * 0.5),
            ]),
            _ => ConstantValue::Complex {
                real: (self.next() % 5) as f64,
                imag: (self.next() % 3) as f64,
            },
        }
    }
}

#[test]
fn frozenset_order_matches_cpython() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut lists = Vec::new();
    for _ in 0..400 {
        let n = 1 + (rng.next() % 60) as usize;
        lists.push((0..n).map(|_| rng.item()).collect::<Vec<_>>());
    }
    let input: String = lists
        .iter()
        .map(|l| ConstantValue::Tuple(l.clone()).repr() + "\n")
        .collect();
    let out = run_python(ORACLE, &[], &input);
    let answers: Vec<serde_json::Value> = serde_json::from_str(out.trim()).unwrap();
    let mut same_runtime = 0;
    let mut same_merged = 0;
    for (items, answer) in lists.iter().zip(&answers) {
        let set = frozenset(items.clone());
        if set.repr() == answer[0].as_str().unwrap() {
            same_runtime += 1;
        }
        let ConstantValue::FrozenSet(elements) = set else {
            panic!()
        };
        let merged = ConstantValue::FrozenSet(set_iteration_order(elements)).repr();
        if answer[1].as_str() == Some(merged.as_str()) {
            same_merged += 1;
        }
    }
    println!(
        "frozenset order: {same_runtime} of {} as frozenset(items), {same_merged} as in co_consts",
        lists.len()
    );
    assert_eq!(same_runtime, lists.len());
    assert_eq!(same_merged, lists.len());
}
