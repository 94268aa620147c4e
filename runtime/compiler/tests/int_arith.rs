//! `Int` arithmetic against CPython 3.11: thousands of random operand pairs (small, around
//! the i64 boundary, multi-limb, powers of two and their neighbours, both signs) sent to one
//! python3.11 process, which evaluates every operation; results must be equal, including
//! which operations raise (ZeroDivisionError, OverflowError, ValueError) and the exact
//! float of `int / int` and `float(int)` (compared by `repr`).

#[path = "support/python.rs"]
#[allow(dead_code)]
mod python;

use ferrython_compiler::ast::ConstantValue;
use ferrython_compiler::int::{ArithError, Int};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// An integer with an interesting shape and size.
    fn int(&mut self) -> Int {
        let negative = self.next() & 1 == 1;
        let magnitude = match self.next() % 8 {
            0 => Int::from((self.next() % 20) as i64),
            1 => Int::from(self.next() >> (self.next() % 64)),
            2 => {
                // Near a power of two: 2**k + {-1, 0, 1}.
                let k = self.next() % 1100;
                let p = Int::from(1i64).lshift(&Int::from(k as i64)).unwrap();
                p.add(&Int::from((self.next() % 3) as i64 - 1))
            }
            3 => Int::from(i64::MAX).add(&Int::from((self.next() % 5) as i64 - 2)),
            _ => {
                let limbs = 1 + self.next() % 40;
                let mut v = Int::zero();
                for _ in 0..limbs {
                    v = v
                        .lshift(&Int::from(64i64))
                        .unwrap()
                        .add(&Int::from(self.next()));
                }
                v.rshift(&Int::from((self.next() % 64) as i64)).unwrap()
            }
        };
        if negative {
            magnitude.neg()
        } else {
            magnitude
        }
    }
}

fn float_repr(v: f64) -> String {
    ConstantValue::Float(v).repr()
}

fn show(r: Result<Int, ArithError>) -> String {
    match r {
        Ok(v) => v.to_string(),
        Err(e) => format!("{e:?}"),
    }
}

fn show_f(r: Result<f64, ArithError>) -> String {
    match r {
        Ok(v) => float_repr(v),
        Err(e) => format!("{e:?}"),
    }
}

const ORACLE: &str = r#"
import sys
sys.set_int_max_str_digits(0)
def f(thunk, conv=str):
    try:
        return conv(thunk())
    except ZeroDivisionError:
        return 'ZeroDivision'
    except OverflowError:
        return 'Overflow'
    except ValueError:
        return 'Value'
out = []
for line in sys.stdin:
    a, b, s, e = (int(x) for x in line.split())
    out.append(' '.join([
        str(a + b), str(a - b), str(a * b), f(lambda: a // b), f(lambda: a % b),
        f(lambda: a << s), f(lambda: a >> s), f(lambda: a >> b if abs(b) < 5000 else 'skip'),
        str(a & b), str(a | b), str(a ^ b), str(~a), str(-a),
        f(lambda: float(a), repr), f(lambda: a / b, repr), str(a ** e),
        str(a < b), str(a == b),
    ]))
sys.stdout.write('\n'.join(out) + '\n')
"#;

#[test]
fn arithmetic_matches_cpython() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut cases = Vec::new();
    let mut input = String::new();
    for _ in 0..6000 {
        let (a, b) = (rng.int(), rng.int());
        let s = Int::from((rng.next() % 200) as i64 - 10);
        let e = (rng.next() % 12) as u64;
        input.push_str(&format!("{a} {b} {s} {e}\n"));
        cases.push((a, b, s, e));
    }
    // Hand-picked edges: zero divisors, i64::MIN // -1, exact float halves, huge quotients.
    for (a, b) in [
        ("0", "0"),
        ("-9223372036854775808", "-1"),
        ("9007199254740993", "1"),
        ("-9007199254740993", "1"),
        ("1", "3"),
        ("-1", "3"),
        ("0", "-5"),
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531623992815107905763476627440010722211962546127498063412567019059062931542486290349416210810981547541216768", "1"),
        ("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368", "1"),
        ("1", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"),
    ] {
        let (a, b) = (a.parse::<Int>().unwrap(), b.parse::<Int>().unwrap());
        input.push_str(&format!("{a} {b} 3 2\n"));
        cases.push((a, b, Int::from(3i64), 2));
    }
    let out = python::run_python_args(&["-c", ORACLE], input.as_bytes());
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), cases.len());
    let mut mismatches = Vec::new();
    for ((a, b, s, e), expected) in cases.iter().zip(lines) {
        let small_b = b.to_i64().is_some_and(|v| v.unsigned_abs() < 5000);
        let ours = [
            a.add(b).to_string(),
            a.sub(b).to_string(),
            a.mul(b).to_string(),
            show(a.floordiv(b)),
            show(a.modulo(b)),
            show(a.lshift(s)),
            show(a.rshift(s)),
            if small_b {
                show(a.rshift(b))
            } else {
                "skip".to_string()
            },
            a.bitand(b).to_string(),
            a.bitor(b).to_string(),
            a.bitxor(b).to_string(),
            a.invert().to_string(),
            a.neg().to_string(),
            show_f(a.to_f64()),
            show_f(a.truediv(b)),
            a.pow(*e).to_string(),
            if a < b { "True" } else { "False" }.to_string(),
            if a == b { "True" } else { "False" }.to_string(),
        ]
        .join(" ");
        if ours != expected {
            let names = [
                "+", "-", "*", "//", "%", "<<", ">>", ">>b", "&", "|", "^", "~", "neg", "float",
                "/", "**", "<", "==",
            ];
            let o: Vec<&str> = ours.split(' ').collect();
            let x: Vec<&str> = expected.split(' ').collect();
            let which: Vec<String> = (0..names.len())
                .filter(|&i| o.get(i) != x.get(i))
                .map(|i| {
                    format!(
                        "{}: cpython {} ours {}",
                        names[i],
                        x.get(i).unwrap_or(&""),
                        o.get(i).unwrap_or(&"")
                    )
                })
                .collect();
            mismatches.push(format!("a={a} b={b} s={s} e={e}: {which:?}"));
        }
    }
    println!(
        "int arithmetic: {} of {} operand sets agree with CPython (18 operations each)",
        cases.len() - mismatches.len(),
        cases.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches, first: {:#?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(5)]
    );
}
