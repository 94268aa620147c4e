//! Python's operators on constant values, for the folder: what `PyNumber_*` and
//! `PyObject_GetItem` return for the constant types (None, bool, int, float, complex, str,
//! bytes, Ellipsis, tuple, frozenset), or `None` when Python raises (TypeError,
//! ZeroDivisionError, OverflowError, IndexError, ...) or when the folder's size limits
//! (`safe_multiply`, `safe_power`, `safe_lshift`, `safe_mod` of `Python/ast_opt.c`) say
//! the result may be too big to compute at compile time.

use crate::ast::{ConstantValue, Operator, PyStr, UnaryOp};
use crate::int::Int;

/// Most bits an int product, power or shift may have to be folded.
pub const MAX_INT_SIZE: u64 = 128;
/// Most items of a folded tuple/frozenset repetition.
pub const MAX_COLLECTION_SIZE: i64 = 256;
/// Most characters (or bytes) of a folded str/bytes repetition.
pub const MAX_STR_SIZE: i64 = 4096;
/// Most items of a repeated collection, nested collections included.
pub const MAX_TOTAL_ITEMS: i64 = 1024;

/// A number in Python's tower (bool counts as int).
#[derive(Clone, Debug)]
enum Num {
    Int(Int),
    Float(f64),
    Complex(f64, f64),
}

fn as_num(v: &ConstantValue) -> Option<Num> {
    match v {
        ConstantValue::Bool(b) => Some(Num::Int(Int::from(i64::from(*b)))),
        ConstantValue::Int(i) => Some(Num::Int(i.clone())),
        ConstantValue::Float(f) => Some(Num::Float(*f)),
        ConstantValue::Complex { real, imag } => Some(Num::Complex(*real, *imag)),
        _ => None,
    }
}

/// An int operand (bool included), for repetition counts and indexes.
fn as_int(v: &ConstantValue) -> Option<Int> {
    match v {
        ConstantValue::Bool(b) => Some(Int::from(i64::from(*b))),
        ConstantValue::Int(i) => Some(i.clone()),
        _ => None,
    }
}

fn to_float(n: &Num) -> Option<f64> {
    match n {
        Num::Int(i) => i.to_f64().ok(),
        Num::Float(f) => Some(*f),
        Num::Complex(..) => None,
    }
}

fn to_complex(n: &Num) -> Option<(f64, f64)> {
    match n {
        Num::Complex(r, i) => Some((*r, *i)),
        other => to_float(other).map(|f| (f, 0.0)),
    }
}

fn float(v: f64) -> Option<ConstantValue> {
    Some(ConstantValue::Float(v))
}

fn complex(real: f64, imag: f64) -> Option<ConstantValue> {
    Some(ConstantValue::Complex { real, imag })
}

fn int(v: Int) -> Option<ConstantValue> {
    Some(ConstantValue::Int(v))
}

/// Python's truth value of a constant.
pub fn truthy(v: &ConstantValue) -> bool {
    match v {
        ConstantValue::None => false,
        ConstantValue::Bool(b) => *b,
        ConstantValue::Int(i) => !i.is_zero(),
        ConstantValue::Float(f) => *f != 0.0,
        ConstantValue::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        ConstantValue::Str(s) => !s.is_empty(),
        ConstantValue::Bytes(b) => !b.is_empty(),
        ConstantValue::Ellipsis => true,
        ConstantValue::Tuple(t) | ConstantValue::FrozenSet(t) => !t.is_empty(),
    }
}

/// `op value` for a constant operand.
pub fn unary(op: UnaryOp, v: &ConstantValue) -> Option<ConstantValue> {
    if op == UnaryOp::Not {
        return Some(ConstantValue::Bool(!truthy(v)));
    }
    match (op, as_num(v)?) {
        (UnaryOp::Invert, Num::Int(i)) => int(i.invert()),
        (UnaryOp::Invert, _) => None,
        (UnaryOp::UAdd, Num::Int(i)) => int(i),
        (UnaryOp::UAdd, Num::Float(f)) => float(f),
        (UnaryOp::UAdd, Num::Complex(r, i)) => complex(r, i),
        (UnaryOp::USub, Num::Int(i)) => int(i.neg()),
        (UnaryOp::USub, Num::Float(f)) => float(-f),
        (UnaryOp::USub, Num::Complex(r, i)) => complex(-r, -i),
        (UnaryOp::Not, _) => unreachable!("handled above"),
    }
}

/// `left op right` for constant operands, within the folder's limits.
pub fn binary(op: Operator, left: &ConstantValue, right: &ConstantValue) -> Option<ConstantValue> {
    match op {
        Operator::Mult => return safe_multiply(left, right),
        // `str % x` and `bytes % x` are formatting: never folded.
        Operator::Mod if matches!(left, ConstantValue::Str(_) | ConstantValue::Bytes(_)) => {
            return None
        }
        Operator::Add => {
            if let Some(v) = concat(left, right) {
                return Some(v);
            }
        }
        Operator::MatMult => return None,
        _ => {}
    }
    // Bitwise operators on two bools give a bool.
    if let (ConstantValue::Bool(a), ConstantValue::Bool(b)) = (left, right) {
        match op {
            Operator::BitAnd => return Some(ConstantValue::Bool(a & b)),
            Operator::BitOr => return Some(ConstantValue::Bool(a | b)),
            Operator::BitXor => return Some(ConstantValue::Bool(a ^ b)),
            _ => {}
        }
    }
    let (a, b) = (as_num(left)?, as_num(right)?);
    match (&a, &b) {
        (Num::Int(x), Num::Int(y)) => int_binary(op, x, y),
        (Num::Complex(..), _) | (_, Num::Complex(..)) => {
            let (x, y) = (to_complex(&a)?, to_complex(&b)?);
            complex_binary(op, x, y)
        }
        _ => {
            let (x, y) = (to_float(&a)?, to_float(&b)?);
            float_binary(op, x, y)
        }
    }
}

fn concat(left: &ConstantValue, right: &ConstantValue) -> Option<ConstantValue> {
    match (left, right) {
        (ConstantValue::Str(a), ConstantValue::Str(b)) => {
            let mut bytes = a.as_surrogatepass_utf8().to_vec();
            bytes.extend_from_slice(b.as_surrogatepass_utf8());
            Some(ConstantValue::Str(PyStr::from_surrogatepass_utf8(bytes)))
        }
        (ConstantValue::Bytes(a), ConstantValue::Bytes(b)) => {
            Some(ConstantValue::Bytes([a.as_slice(), b.as_slice()].concat()))
        }
        (ConstantValue::Tuple(a), ConstantValue::Tuple(b)) => {
            Some(ConstantValue::Tuple(a.iter().chain(b).cloned().collect()))
        }
        _ => None,
    }
}

/// `check_complexity`: what is left of `limit` after counting the items of `v` and of the
/// tuples and frozensets in it (negative: too many).
fn check_complexity(v: &ConstantValue, mut limit: i64) -> i64 {
    if let ConstantValue::Tuple(items) | ConstantValue::FrozenSet(items) = v {
        limit -= items.len() as i64;
        for item in items {
            if limit < 0 {
                break;
            }
            limit = check_complexity(item, limit);
        }
    }
    limit
}

/// `PyLong_AsLong` in the folder's checks: values outside `long` fail (and so do not fold).
fn as_long(i: &Int) -> Option<i64> {
    i.to_i64()
}

fn safe_multiply(left: &ConstantValue, right: &ConstantValue) -> Option<ConstantValue> {
    // A sequence times an int, either way round.
    let (count, seq) = match (as_int(left), as_int(right)) {
        (Some(_), Some(_)) => (None, None),
        (Some(n), None) => (Some(n), Some(right)),
        (None, Some(n)) => (Some(n), Some(left)),
        (None, None) => (None, None),
    };
    if let (Some(n), Some(seq)) = (count, seq) {
        let size = match seq {
            ConstantValue::Tuple(t) | ConstantValue::FrozenSet(t) => {
                Some((t.len() as i64, MAX_COLLECTION_SIZE))
            }
            ConstantValue::Str(s) => Some((s.len_code_points() as i64, MAX_STR_SIZE)),
            ConstantValue::Bytes(b) => Some((b.len() as i64, MAX_STR_SIZE)),
            _ => None,
        };
        if let Some((size, max)) = size {
            if size != 0 {
                let n = as_long(&n)?;
                if n < 0 || n > max / size {
                    return None;
                }
                if max == MAX_COLLECTION_SIZE
                    && n != 0
                    && check_complexity(seq, MAX_TOTAL_ITEMS / n) < 0
                {
                    return None;
                }
            }
            return repeat(seq, &n);
        }
        // int * number falls through to arithmetic.
    }
    if let (
        ConstantValue::Int(_) | ConstantValue::Bool(_),
        ConstantValue::Int(_) | ConstantValue::Bool(_),
    ) = (left, right)
    {
        let (a, b) = (as_int(left)?, as_int(right)?);
        if !a.is_zero() && !b.is_zero() && a.bit_length() + b.bit_length() > MAX_INT_SIZE {
            return None;
        }
        return int(a.mul(&b));
    }
    let (a, b) = (as_num(left)?, as_num(right)?);
    match (&a, &b) {
        (Num::Complex(..), _) | (_, Num::Complex(..)) => {
            complex_binary(Operator::Mult, to_complex(&a)?, to_complex(&b)?)
        }
        _ => float(to_float(&a)? * to_float(&b)?),
    }
}

/// `seq * n` (n already checked against the limits, or `seq` empty).
fn repeat(seq: &ConstantValue, n: &Int) -> Option<ConstantValue> {
    // Python needs the count as a C ssize_t even when the sequence is empty.
    let n = n.to_i64()?.max(0) as usize;
    Some(match seq {
        ConstantValue::Str(s) => ConstantValue::Str(PyStr::from_surrogatepass_utf8(
            s.as_surrogatepass_utf8().repeat(n),
        )),
        ConstantValue::Bytes(b) => ConstantValue::Bytes(b.repeat(n)),
        ConstantValue::Tuple(t) => {
            if t.is_empty() {
                ConstantValue::Tuple(Vec::new())
            } else {
                ConstantValue::Tuple(t.iter().cloned().cycle().take(t.len() * n).collect())
            }
        }
        // frozenset * int is a TypeError.
        _ => return None,
    })
}

fn int_binary(op: Operator, a: &Int, b: &Int) -> Option<ConstantValue> {
    match op {
        Operator::Add => int(a.add(b)),
        Operator::Sub => int(a.sub(b)),
        Operator::Mult => int(a.mul(b)),
        Operator::Div => a.truediv(b).ok().map(ConstantValue::Float),
        Operator::FloorDiv => a.floordiv(b).ok().map(ConstantValue::Int),
        Operator::Mod => a.modulo(b).ok().map(ConstantValue::Int),
        Operator::Pow => {
            if b.is_negative() {
                // int ** negative int is float ** float.
                return float_pow(a.to_f64().ok()?, b.to_f64().ok()?);
            }
            if b.is_zero() {
                return int(Int::from(1i64));
            }
            if a.is_zero() {
                return int(Int::zero());
            }
            // safe_power: bits(a) * b must stay within MAX_INT_SIZE.
            let e = u64::try_from(b.to_i128()?).ok()?;
            if a.bit_length() > MAX_INT_SIZE / e {
                return None;
            }
            int(a.pow(e))
        }
        Operator::LShift => {
            if !a.is_zero() && !b.is_zero() {
                // PyLong_AsSize_t fails for negative or huge counts: not folded.
                let w = u64::try_from(b.to_i128()?).ok()?;
                if w > MAX_INT_SIZE || a.bit_length() > MAX_INT_SIZE - w {
                    return None;
                }
            }
            a.lshift(b).ok().map(ConstantValue::Int)
        }
        Operator::RShift => a.rshift(b).ok().map(ConstantValue::Int),
        Operator::BitAnd => int(a.bitand(b)),
        Operator::BitOr => int(a.bitor(b)),
        Operator::BitXor => int(a.bitxor(b)),
        Operator::MatMult => None,
    }
}

fn float_binary(op: Operator, a: f64, b: f64) -> Option<ConstantValue> {
    match op {
        Operator::Add => float(a + b),
        Operator::Sub => float(a - b),
        Operator::Mult => float(a * b),
        Operator::Div => {
            if b == 0.0 {
                None
            } else {
                float(a / b)
            }
        }
        Operator::FloorDiv => float_divmod(a, b).map(|(q, _)| ConstantValue::Float(q)),
        Operator::Mod => float_rem(a, b).map(ConstantValue::Float),
        Operator::Pow => float_pow(a, b),
        _ => None,
    }
}

/// `float % float`: the remainder takes the divisor's sign.
fn float_rem(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        return None;
    }
    let m = a % b; // fmod
    Some(if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        0f64.copysign(b)
    })
}

/// `divmod(float, float)` as CPython's `_float_div_mod`.
fn float_divmod(a: f64, b: f64) -> Option<(f64, f64)> {
    if b == 0.0 {
        return None;
    }
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(a / b)
    };
    Some((floordiv, m))
}

fn is_odd_integer(x: f64) -> bool {
    (x.abs() % 2.0) == 1.0
}

/// `float ** float` as CPython's `float_pow` (special cases first, then libm `pow`;
/// a negative base with a fractional exponent gives a complex result).
fn float_pow(v: f64, w: f64) -> Option<ConstantValue> {
    if w == 0.0 {
        return float(1.0);
    }
    if v.is_nan() {
        return float(v);
    }
    if w.is_nan() {
        return float(if v == 1.0 { 1.0 } else { w });
    }
    if w.is_infinite() {
        let av = v.abs();
        return float(if av == 1.0 {
            1.0
        } else if (w > 0.0) == (av > 1.0) {
            w.abs()
        } else {
            0.0
        });
    }
    if v.is_infinite() {
        let odd = is_odd_integer(w);
        return float(if w > 0.0 {
            if odd {
                v
            } else {
                v.abs()
            }
        } else if odd {
            0f64.copysign(v)
        } else {
            0.0
        });
    }
    if v == 0.0 {
        if w < 0.0 {
            return None; // ZeroDivisionError
        }
        return float(if is_odd_integer(w) { v } else { 0.0 });
    }
    let mut base = v;
    let mut negate = false;
    if v < 0.0 {
        if w != w.floor() {
            return complex_binary(Operator::Pow, (v, 0.0), (w, 0.0));
        }
        base = -v;
        negate = is_odd_integer(w);
    }
    if base == 1.0 {
        return float(if negate { -1.0 } else { 1.0 });
    }
    let r = base.powf(w);
    if r.is_infinite() {
        return None; // OverflowError: (34, 'Numerical result out of range')
    }
    float(if negate { -r } else { r })
}

fn c_prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `_Py_c_quot`; `None` for division by zero.
fn c_quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn c_powu(x: (f64, f64), n: i64) -> (f64, f64) {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

fn complex_pow(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let r = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n > 0 {
            c_powu(a, n)
        } else {
            c_quot((1.0, 0.0), c_powu(a, -n))?
        }
    } else if b.0 == 0.0 && b.1 == 0.0 {
        (1.0, 0.0)
    } else if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return None; // ZeroDivisionError
        }
        (0.0, 0.0)
    } else {
        let vabs = a.0.hypot(a.1);
        let mut len = vabs.powf(b.0);
        let at = a.1.atan2(a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= (at * b.1).exp();
            phase += b.1 * vabs.ln();
        }
        (len * phase.cos(), len * phase.sin())
    };
    // An infinite part is an OverflowError; range errors without one are ignored.
    if r.0.is_infinite() || r.1.is_infinite() {
        return None;
    }
    Some(r)
}

fn complex_binary(op: Operator, a: (f64, f64), b: (f64, f64)) -> Option<ConstantValue> {
    let (r, i) = match op {
        Operator::Add => (a.0 + b.0, a.1 + b.1),
        Operator::Sub => (a.0 - b.0, a.1 - b.1),
        Operator::Mult => c_prod(a, b),
        Operator::Div => c_quot(a, b)?,
        Operator::Pow => complex_pow(a, b)?,
        _ => return None,
    };
    complex(r, i)
}

/// `value[index]` for constants: str, bytes and tuple indexed by an int.
pub fn subscript(value: &ConstantValue, index: &ConstantValue) -> Option<ConstantValue> {
    let i = as_int(index)?.to_i64()?;
    let at = |len: usize| -> Option<usize> {
        let len = len as i64;
        let i = if i < 0 { i + len } else { i };
        (0..len).contains(&i).then_some(i as usize)
    };
    match value {
        ConstantValue::Str(s) => {
            let cps: Vec<u32> = s.code_points().collect();
            let cp = cps[at(cps.len())?];
            Some(ConstantValue::Str(PyStr::from_code_points([cp])?))
        }
        ConstantValue::Bytes(b) => Some(ConstantValue::Int(Int::from(i64::from(b[at(b.len())?])))),
        ConstantValue::Tuple(t) => Some(t[at(t.len())?].clone()),
        _ => None,
    }
}

/// Python `==` between constants, as a set uses it to drop duplicates (numbers compare
/// by value across bool/int/float/complex; a NaN equals nothing).
pub fn py_equal(a: &ConstantValue, b: &ConstantValue) -> bool {
    use ConstantValue as C;
    match (a, b) {
        (C::None, C::None) | (C::Ellipsis, C::Ellipsis) => true,
        (C::Str(x), C::Str(y)) => x == y,
        (C::Bytes(x), C::Bytes(y)) => x == y,
        (C::Tuple(x), C::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_equal(p, q))
        }
        (C::FrozenSet(x), C::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| py_equal(p, q)))
        }
        _ => match (as_num(a), as_num(b)) {
            (Some(x), Some(y)) => num_equal(&x, &y),
            _ => false,
        },
    }
}

fn num_equal(a: &Num, b: &Num) -> bool {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x == y,
        (Num::Complex(r1, i1), Num::Complex(r2, i2)) => r1 == r2 && i1 == i2,
        (Num::Complex(r, i), other) | (other, Num::Complex(r, i)) => {
            *i == 0.0 && num_equal(&Num::Float(*r), other)
        }
        (Num::Float(x), Num::Float(y)) => x == y,
        (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => {
            // Exact comparison: equal only if f is integral and equals i.
            f.is_finite() && f.fract() == 0.0 && Int::from_integral_f64(*f).is_some_and(|g| &g == i)
        }
    }
}

/// The elements of `frozenset(items)`: duplicates (by Python equality) dropped, keeping
/// the first. When every element's hash is the same in every process (numbers and tuples
/// of them) the elements come in the order CPython's set table iterates them, so code
/// objects marshal identically; otherwise (str, bytes and None hash differently per
/// process) in first-seen order.
pub fn frozenset(items: Vec<ConstantValue>) -> ConstantValue {
    let mut unique: Vec<ConstantValue> = Vec::with_capacity(items.len());
    for item in items {
        if !unique.iter().any(|o| py_equal(o, &item)) {
            unique.push(item);
        }
    }
    ConstantValue::FrozenSet(set_iteration_order(unique))
}

/// The order a set iterates `items` (distinct by Python equality) when they are added in
/// the given order; the given order itself if some hash is process-dependent. The code
/// generator needs it again: CPython's constant merging rebuilds each frozenset from its
/// own iteration order, which can reorder colliding elements once more.
pub fn set_iteration_order(items: Vec<ConstantValue>) -> Vec<ConstantValue> {
    let hashes: Option<Vec<i64>> = items.iter().map(stable_hash).collect();
    match hashes {
        Some(hashes) => set_table_order(items, &hashes),
        None => items,
    }
}

/// Python's `hash()` of a constant, when it does not depend on the process.
pub fn stable_hash(v: &ConstantValue) -> Option<i64> {
    match v {
        ConstantValue::Bool(b) => Some(i64::from(*b)),
        ConstantValue::Int(i) => Some(i.py_hash()),
        ConstantValue::Float(f) => Some(crate::int::float_py_hash(*f)),
        ConstantValue::Complex { real, imag } => {
            let r = crate::int::float_py_hash(*real) as u64;
            let i = crate::int::float_py_hash(*imag) as u64;
            let h = r.wrapping_add(1_000_003u64.wrapping_mul(i)) as i64;
            Some(if h == -1 { -2 } else { h })
        }
        ConstantValue::Tuple(items) => {
            // 3.11's tuplehash (xxHash-like lanes over the item hashes).
            const P1: u64 = 11_400_714_785_074_694_791;
            const P2: u64 = 14_029_467_366_897_019_727;
            const P5: u64 = 2_870_177_450_012_600_261;
            let mut acc = P5;
            for item in items {
                let lane = stable_hash(item)? as u64;
                acc = acc.wrapping_add(lane.wrapping_mul(P2));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(P1);
            }
            acc = acc.wrapping_add(items.len() as u64 ^ (P5 ^ 3_527_539));
            Some(if acc == u64::MAX {
                1_546_275_796
            } else {
                acc as i64
            })
        }
        _ => None,
    }
}

/// The iteration order of a set built by adding `items` (distinct) one by one: CPython's
/// open addressing (linear probes of 9, then perturbed jumps), growing x4 when 3/5 full.
fn set_table_order(items: Vec<ConstantValue>, hashes: &[i64]) -> Vec<ConstantValue> {
    const LINEAR_PROBES: usize = 9;
    const PERTURB_SHIFT: u32 = 5;
    fn insert(table: &mut [Option<usize>], hash: u64, index: usize) {
        let mask = table.len() - 1;
        let mut perturb = hash;
        let mut i = (hash as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for slot in &mut table[i..=i + probes] {
                if slot.is_none() {
                    *slot = Some(index);
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }
    let mut table: Vec<Option<usize>> = vec![None; 8];
    let mut used = 0usize;
    for (index, &h) in hashes.iter().enumerate() {
        insert(&mut table, h as u64, index);
        used += 1;
        let mask = table.len() - 1;
        if used * 5 >= mask * 3 {
            let min_used = if used > 50_000 { used * 2 } else { used * 4 };
            let mut size = 8;
            while size <= min_used {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            for k in old.into_iter().flatten() {
                insert(&mut table, hashes[k] as u64, k);
            }
        }
    }
    let mut slots: Vec<Option<ConstantValue>> = items.into_iter().map(Some).collect();
    table
        .into_iter()
        .flatten()
        .map(|k| slots[k].take().expect("each item once"))
        .collect()
}
