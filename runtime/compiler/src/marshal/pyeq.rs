//! Python equality and hashing of marshal values, for building dicts and sets the way
//! CPython's reader does (`PyDict_SetItem`, `PySet_Add`): unhashable keys raise
//! `TypeError: unhashable type: '...'`, and equal keys collapse (1 == 1.0 == True).
//!
//! The hash only has to agree with the equality here (it is not exposed); for numbers it
//! is Python's own numeric hash, which makes ints, floats and complex agree.
//! Recursion moves to a fresh thread stack every `LEVELS_PER_STACK` levels, like the
//! reader's; it stops at [`DEPTH_LIMIT`], and one call visits at most [`WORK_LIMIT`] values
//! (shared sub-objects can make a small stream an exponentially large tree): beyond
//! either, parts compare by identity and hash as a constant. CPython has neither limit.

use std::collections::HashMap;
use std::sync::Arc;

use super::at_depth;
use super::error::MarshalError;
use crate::int::{float_py_hash, Int};
use super::value::{Code, ContainerKind, ObjKind, Value};

const DEPTH_LIMIT: usize = 1000;
const WORK_LIMIT: usize = 1 << 20;

/// `hash(v)`, or the `TypeError` CPython raises for an unhashable value.
pub(crate) fn py_hash(v: &Value) -> Result<i64, MarshalError> {
    hash_at(v, 0, &mut WORK_LIMIT.clone())
        .map_err(|name| MarshalError::type_error(format!("unhashable type: '{name}'")))
}

fn hash_at(v: &Value, depth: usize, work: &mut usize) -> Result<i64, &'static str> {
    at_depth(depth, || hash_here(v, depth, work))
}

fn hash_here(v: &Value, depth: usize, work: &mut usize) -> Result<i64, &'static str> {
    *work = work.saturating_sub(1);
    Ok(match v {
        Value::Null => 0,
        Value::None => 0x5a5a,
        Value::False => 0,
        Value::True => 1,
        Value::Ellipsis => 0x2e2e,
        Value::StopIteration => 0x5353,
        Value::Cycle(c) => match c.kind {
            // CPython recurses forever hashing a tuple that contains itself; identity is
            // the sane stand-in.
            ContainerKind::Tuple(_) => c.target.as_ptr() as usize as i64,
            ContainerKind::List => return Err("list"),
            ContainerKind::Dict => return Err("dict"),
            ContainerKind::Set => return Err("set"),
        },
        Value::Obj(o) => {
            if depth > DEPTH_LIMIT || *work == 0 {
                return match o.kind() {
                    ObjKind::List(_) => Err("list"),
                    ObjKind::Dict(_) => Err("dict"),
                    ObjKind::Set(_) => Err("set"),
                    _ => Ok(0),
                };
            }
            match o.kind() {
                ObjKind::Int(i) => i.py_hash(),
                // A NaN equals only itself, so (like CPython) hash it by identity: many
                // NaNs then do not all collide.
                ObjKind::Float(f) if f.is_nan() => Arc::as_ptr(o) as usize as i64,
                ObjKind::Complex { real, imag } if real.is_nan() || imag.is_nan() => {
                    Arc::as_ptr(o) as usize as i64
                }
                ObjKind::Float(f) => float_py_hash(*f),
                ObjKind::Complex { real, imag } => {
                    combine_complex(float_py_hash(*real), float_py_hash(*imag))
                }
                ObjKind::Bytes(b) => fnv(b, 0x62),
                ObjKind::Str(s) => fnv(s.surrogatepass_utf8(), 0x73),
                ObjKind::Tuple(items) => {
                    let mut h: i64 = 0x345678;
                    for item in items {
                        h = h.wrapping_mul(1_000_003) ^ hash_at(item, depth + 1, work)?;
                    }
                    h
                }
                ObjKind::FrozenSet(items) => {
                    let mut h: i64 = 0x1f2e;
                    for item in items {
                        h = h.wrapping_add(scramble(hash_at(item, depth + 1, work)?));
                    }
                    h
                }
                ObjKind::List(_) => return Err("list"),
                ObjKind::Dict(_) => return Err("dict"),
                ObjKind::Set(_) => return Err("set"),
                ObjKind::Code(code) => {
                    // The same fields CPython's code_hash uses, so unhashable constants fail.
                    let mut h = i64::from(
                        code.argcount ^ code.posonlyargcount ^ code.kwonlyargcount ^ code.flags,
                    );
                    for field in [
                        &code.name,
                        &code.consts,
                        &code.names,
                        &code.localsplusnames,
                        &code.linetable,
                        &code.exceptiontable,
                    ] {
                        h = h.wrapping_mul(31) ^ hash_at(field, depth + 1, work)?;
                    }
                    h
                }
            }
        }
    })
}

fn combine_complex(real: i64, imag: i64) -> i64 {
    let h = real.wrapping_add(imag.wrapping_mul(1_000_003));
    if h == -1 {
        -2
    } else {
        h
    }
}

fn scramble(h: i64) -> i64 {
    let x = h as u64;
    ((x ^ (x << 16) ^ 89_869_747).wrapping_mul(3_644_798_167)) as i64
}

fn fnv(bytes: &[u8], seed: u8) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(seed);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h as i64
}

/// A number as Python compares it.
enum Number<'a> {
    Int(&'a Int),
    Bool(i64),
    Float(f64),
    Complex(f64, f64),
}

fn as_number(v: &Value) -> Option<Number<'_>> {
    match v {
        Value::True => Some(Number::Bool(1)),
        Value::False => Some(Number::Bool(0)),
        Value::Obj(o) => match o.kind() {
            ObjKind::Int(i) => Some(Number::Int(i)),
            ObjKind::Float(f) => Some(Number::Float(*f)),
            ObjKind::Complex { real, imag } => Some(Number::Complex(*real, *imag)),
            _ => None,
        },
        _ => None,
    }
}

fn int_eq_float(i: &Int, f: f64) -> bool {
    Int::from_integral_f64(f).is_some_and(|fi| &fi == i)
}

fn real_eq(a: &Number<'_>, b: &Number<'_>) -> bool {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => x == y,
        (Number::Bool(x), Number::Bool(y)) => x == y,
        (Number::Int(x), Number::Bool(y)) | (Number::Bool(y), Number::Int(x)) => {
            x.to_i64() == Some(*y)
        }
        (Number::Float(x), Number::Float(y)) => x == y,
        (Number::Int(i), Number::Float(f)) | (Number::Float(f), Number::Int(i)) => {
            int_eq_float(i, *f)
        }
        (Number::Bool(b), Number::Float(f)) | (Number::Float(f), Number::Bool(b)) => {
            *f == *b as f64
        }
        (Number::Complex(r1, i1), Number::Complex(r2, i2)) => r1 == r2 && i1 == i2,
        // `other` is real here: the imaginary part must be zero and the real parts equal.
        (Number::Complex(r, i), other) | (other, Number::Complex(r, i)) => {
            *i == 0.0 && real_eq(&Number::Float(*r), other)
        }
    }
}

/// `a == b` as a dict or set lookup decides it (identity first).
pub(crate) fn py_eq(a: &Value, b: &Value) -> bool {
    eq_at(a, b, 0, &mut WORK_LIMIT.clone())
}

fn eq_at(a: &Value, b: &Value, depth: usize, work: &mut usize) -> bool {
    at_depth(depth, || eq_here(a, b, depth, work))
}

fn eq_here(a: &Value, b: &Value, depth: usize, work: &mut usize) -> bool {
    *work = work.saturating_sub(1);
    if a.is_same_object(b) {
        return true;
    }
    if let (Some(x), Some(y)) = (as_number(a), as_number(b)) {
        return real_eq(&x, &y);
    }
    let (Value::Obj(x), Value::Obj(y)) = (a, b) else {
        return false;
    };
    if depth > DEPTH_LIMIT || *work == 0 {
        return false;
    }
    match (x.kind(), y.kind()) {
        (ObjKind::Bytes(p), ObjKind::Bytes(q)) => p == q,
        (ObjKind::Str(p), ObjKind::Str(q)) => p.surrogatepass_utf8() == q.surrogatepass_utf8(),
        (ObjKind::Tuple(p), ObjKind::Tuple(q)) | (ObjKind::List(p), ObjKind::List(q)) => {
            p.len() == q.len() && p.iter().zip(q).all(|(u, v)| eq_at(u, v, depth + 1, work))
        }
        (ObjKind::Set(p) | ObjKind::FrozenSet(p), ObjKind::Set(q) | ObjKind::FrozenSet(q)) => {
            p.len() == q.len()
                && p.iter()
                    .all(|u| q.iter().any(|v| eq_at(u, v, depth + 1, work)))
        }
        (ObjKind::Dict(p), ObjKind::Dict(q)) => {
            p.len() == q.len()
                && p.iter().all(|(k, v)| {
                    q.iter().any(|(k2, v2)| {
                        eq_at(k, k2, depth + 1, work) && eq_at(v, v2, depth + 1, work)
                    })
                })
        }
        (ObjKind::Code(p), ObjKind::Code(q)) => code_eq(p, q, depth + 1, work),
        _ => false,
    }
}

/// CPython's code equality: the same fields, constants compared by type as well as value
/// (`_PyCode_ConstantKey`). Bytecode is compared byte for byte (CPython first undoes
/// specialization and skips inline caches, which never differ in marshalled code).
fn code_eq(p: &Code, q: &Code, depth: usize, work: &mut usize) -> bool {
    eq_at(&p.name, &q.name, depth, work)
        && p.argcount == q.argcount
        && p.posonlyargcount == q.posonlyargcount
        && p.kwonlyargcount == q.kwonlyargcount
        && p.flags == q.flags
        && p.firstlineno == q.firstlineno
        && eq_at(&p.code, &q.code, depth, work)
        && const_key_eq(&p.consts, &q.consts, depth, work)
        && eq_at(&p.names, &q.names, depth, work)
        && eq_at(&p.localsplusnames, &q.localsplusnames, depth, work)
        && eq_at(&p.linetable, &q.linetable, depth, work)
        && eq_at(&p.exceptiontable, &q.exceptiontable, depth, work)
}

/// Equality of `_PyCode_ConstantKey(a)` and `_PyCode_ConstantKey(b)`: like `==`, but the
/// types must match and floats/complex also compare the sign of zero.
fn const_key_eq(a: &Value, b: &Value, depth: usize, work: &mut usize) -> bool {
    at_depth(depth, || const_key_eq_here(a, b, depth, work))
}

fn const_key_eq_here(a: &Value, b: &Value, depth: usize, work: &mut usize) -> bool {
    *work = work.saturating_sub(1);
    if a.is_same_object(b) {
        return true;
    }
    if depth > DEPTH_LIMIT || *work == 0 {
        return false;
    }
    match (a, b) {
        (Value::Obj(x), Value::Obj(y)) => match (x.kind(), y.kind()) {
            (ObjKind::Int(p), ObjKind::Int(q)) => p == q,
            (ObjKind::Float(p), ObjKind::Float(q)) => {
                p == q && p.is_sign_negative() == q.is_sign_negative()
            }
            (ObjKind::Complex { real: r1, imag: i1 }, ObjKind::Complex { real: r2, imag: i2 }) => {
                r1 == r2
                    && i1 == i2
                    && r1.is_sign_negative() == r2.is_sign_negative()
                    && i1.is_sign_negative() == i2.is_sign_negative()
            }
            (ObjKind::Tuple(p), ObjKind::Tuple(q)) => {
                p.len() == q.len()
                    && p.iter()
                        .zip(q)
                        .all(|(u, v)| const_key_eq(u, v, depth + 1, work))
            }
            (ObjKind::FrozenSet(p), ObjKind::FrozenSet(q)) => {
                p.len() == q.len()
                    && p.iter()
                        .all(|u| q.iter().any(|v| const_key_eq(u, v, depth + 1, work)))
            }
            // Other mutable objects are keyed by identity, which already failed.
            (ObjKind::List(_) | ObjKind::Dict(_) | ObjKind::Set(_), _) => false,
            (kx, ky) if std::mem::discriminant(kx) == std::mem::discriminant(ky) => {
                eq_at(a, b, depth, work)
            }
            _ => false,
        },
        _ => std::mem::discriminant(a) == std::mem::discriminant(b) && eq_at(a, b, depth, work),
    }
}

/// Keeps dict keys or set elements distinct by hash and equality, as CPython does.
#[derive(Default)]
pub(crate) struct DistinctIndex {
    by_hash: HashMap<i64, Vec<usize>>,
}

impl DistinctIndex {
    /// The position of an equal key among `keys`, or `None` after recording `key` as the
    /// one that will be pushed at position `keys_len`.
    pub(crate) fn find_or_insert<'a>(
        &mut self,
        key: &Value,
        hash: i64,
        keys_len: usize,
        key_at: impl Fn(usize) -> &'a Value,
    ) -> Option<usize> {
        let bucket = self.by_hash.entry(hash).or_default();
        if let Some(&found) = bucket.iter().find(|&&i| py_eq(key_at(i), key)) {
            return Some(found);
        }
        bucket.push(keys_len);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_collapse_across_types() {
        let one = Value::int(1i64);
        assert!(py_eq(&one, &Value::True));
        assert!(py_eq(&one, &Value::float(1.0)));
        assert!(py_eq(&Value::complex(1.0, 0.0), &one));
        assert!(!py_eq(&Value::complex(1.0, 1.0), &one));
        assert_eq!(py_hash(&one).unwrap(), py_hash(&Value::float(1.0)).unwrap());
        assert_eq!(py_hash(&Value::complex(1.0, 0.0)).unwrap(), 1);
        let big = Value::int(1i128 << 80);
        assert!(py_eq(&big, &Value::float(2f64.powi(80))));
        assert_eq!(
            py_hash(&big).unwrap(),
            py_hash(&Value::float(2f64.powi(80))).unwrap()
        );
        let nan = Value::float(f64::NAN);
        assert!(py_eq(&nan, &nan));
        assert!(!py_eq(&nan, &Value::float(f64::NAN)));
    }

    #[test]
    fn unhashable() {
        let t = Value::tuple(vec![Value::int(1i64), Value::list(vec![])]);
        assert_eq!(py_hash(&t).unwrap_err().message, "unhashable type: 'list'");
    }
}
