//! A code unit's constants (`co_consts`): literal values and nested code objects,
//! deduplicated the way CPython's `_PyCode_ConstantKey` does (by type and value, so
//! `1`, `1.0`, `True`, `0.0` and `-0.0` stay apart; code objects never merge).


use crate::ast::ConstantValue;
use crate::marshal::{Str, Value};

#[derive(Clone, Debug)]
pub enum Const {
    Lit(ConstantValue),
    /// A nested code object, already as a marshal value.
    Code(ValueBox),
}

/// A marshal value that prints briefly (code objects in `Const` debug output).
#[derive(Clone)]
pub struct ValueBox(pub Value);

impl std::fmt::Debug for ValueBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<code>")
    }
}

impl Const {
    /// Python truthiness (`PyObject_IsTrue`).
    pub fn is_true(&self) -> bool {
        match self {
            Const::Code(_) => true,
            Const::Lit(v) => lit_is_true(v),
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Const::Lit(ConstantValue::None))
    }
}

pub fn lit_is_true(v: &ConstantValue) -> bool {
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

/// A constant's merge key (`_PyCode_ConstantKey`): its type and value, which is what
/// `ConstantValue`'s `==` compares (floats by bits, so `0.0` and `-0.0` stay apart, and
/// `1`, `1.0`, `True` differ by type). Frozensets compare as sets: their elements are put in
/// one canonical order.
fn key_of(v: &ConstantValue) -> ConstantValue {
    match v {
        ConstantValue::Tuple(items) if items.iter().any(has_frozenset) => {
            ConstantValue::Tuple(items.iter().map(key_of).collect())
        }
        ConstantValue::FrozenSet(items) => {
            let mut keyed: Vec<(String, ConstantValue)> =
                items.iter().map(|i| (format!("{i:?}"), key_of(i))).collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            ConstantValue::FrozenSet(keyed.into_iter().map(|(_, k)| k).collect())
        }
        other => other.clone(),
    }
}

fn has_frozenset(v: &ConstantValue) -> bool {
    match v {
        ConstantValue::FrozenSet(_) => true,
        ConstantValue::Tuple(items) => items.iter().any(has_frozenset),
        _ => false,
    }
}

type ConstMap<V> = crate::fxhash::FxMap<ConstantValue, V>;

#[derive(Default)]
pub struct ConstPool {
    items: Vec<Const>,
    index: ConstMap<usize>,
}

impl ConstPool {
    pub fn new() -> ConstPool {
        ConstPool::default()
    }

    /// The index of `v`, adding it if new (`compiler_add_const`).
    pub fn add(&mut self, v: ConstantValue) -> usize {
        // A NaN is only equal to itself as an object: CPython never merges two of them.
        if has_nan(&v) {
            self.items.push(Const::Lit(v));
            return self.items.len() - 1;
        }
        let key = key_of(&v);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.items.len();
        self.items.push(Const::Lit(v));
        self.index.insert(key, i);
        i
    }

    /// Adds a code object, merging it with an equal one (CPython's constant key for code
    /// is the object, compared by `code_richcompare`: a `finally` body compiled twice
    /// makes equal code objects).
    pub fn add_code(&mut self, code: Value) -> usize {
        for (i, c) in self.items.iter().enumerate() {
            if let Const::Code(existing) = c {
                if code_eq(&existing.0, &code) {
                    return i;
                }
            }
        }
        self.items.push(Const::Code(ValueBox(code)));
        self.items.len() - 1
    }

    pub fn get(&self, i: usize) -> &Const {
        &self.items[i]
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The index of the tuple of `items` (found among the constants or appended): the
    /// peephole optimizer's tuple folding. Tuples holding code objects are never equal
    /// to an existing constant.
    /// The index of the tuple of `items` (found among the constants or appended): the
    /// peephole optimizer's tuple folding.
    pub fn add_folded_tuple(&mut self, lits: Vec<ConstantValue>) -> usize {
        let v = ConstantValue::Tuple(lits);
        let key = key_of(&v);
        // Only the list (not later additions to the dict) is searched, as in CPython;
        // the dict holds every entry of the list.
        if let Some(&i) = self.index.get(&key) {
            if i < self.items.len() {
                return i;
            }
        }
        let i = self.items.len();
        self.items.push(Const::Lit(v));
        self.index.insert(key, i);
        i
    }

    pub fn truncate(&mut self, n: usize) {
        if n < self.items.len() {
            self.items.truncate(n);
            self.index.retain(|_, i| *i < n);
        }
    }

    /// The constants as marshal values, each merged through `cache`.
    pub fn to_values(&self, cache: &mut ConstCache) -> Vec<Value> {
        self.items
            .iter()
            .map(|c| match c {
                Const::Lit(v) => cache.lit(v),
                Const::Code(v) => v.0.clone(),
            })
            .collect()
    }
}

/// The compilation-wide constant cache (`c_const_cache`): equal constants, and equal
/// names/constants/localsplus tuples and line/exception tables, are one object across all
/// the code objects of a module, as CPython merges them. (Marshal writes shared objects
/// once and refers back to them.)
#[derive(Default)]
pub struct ConstCache {
    objects: ConstMap<Value>,
    /// Tuples holding code objects never equal another: numbered keys.
    unique: usize,
}

impl ConstCache {
    pub fn new() -> ConstCache {
        ConstCache::default()
    }

    fn merge(&mut self, key: ConstantValue, make: impl FnOnce(&mut ConstCache) -> Value) -> Value {
        if let Some(v) = self.objects.get(&key) {
            return v.clone();
        }
        let v = make(self);
        self.objects.insert(key, v.clone());
        v
    }

    /// A literal constant, its elements merged too (`merge_consts_recursive`).
    pub fn lit(&mut self, v: &ConstantValue) -> Value {
        match v {
            ConstantValue::None | ConstantValue::Ellipsis | ConstantValue::Bool(_) => {
                lit_to_value(v)
            }
            _ if has_nan(v) => lit_to_value(v),
            ConstantValue::Tuple(items) => self.merge(key_of(v), |c| {
                Value::tuple(items.iter().map(|i| c.lit(i)).collect())
            }),
            ConstantValue::FrozenSet(items) => self.merge(key_of(v), |c| {
                Value::frozenset(items.iter().map(|i| c.lit(i)).collect())
            }),
            _ => self.merge(key_of(v), |_| lit_to_value(v)),
        }
    }

    /// Whether an equal constant is already in the cache.
    pub fn contains_lit(&self, v: &ConstantValue) -> bool {
        self.objects.contains_key(&key_of(v))
    }

    /// A tuple of interned names (`co_names`, `co_localsplusnames`).
    pub fn names(&mut self, names: &[String]) -> Value {
        let key = key_of(&ConstantValue::Tuple(
            names.iter().map(|n| ConstantValue::str(n)).collect(),
        ));
        self.merge(key, |_| {
            Value::tuple(names.iter().map(|n| Value::interned_str(n)).collect())
        })
    }

    /// `co_consts`: merged with an equal tuple unless it holds a code object.
    pub fn consts_tuple(&mut self, items: Vec<Value>, lits: Option<ConstantValue>) -> Value {
        match lits {
            Some(t) => self.merge(key_of(&t), |_| Value::tuple(items)),
            None => {
                self.unique += 1;
                Value::tuple(items)
            }
        }
    }

    /// A line or exception table (merged with equal bytes constants and tables).
    pub fn table(&mut self, bytes: Vec<u8>) -> Value {
        let key = key_of(&ConstantValue::Bytes(bytes.clone()));
        self.merge(key, |_| Value::bytes(bytes))
    }
}

impl ConstPool {
    /// The constants as one literal tuple, when none is a code object (the merge key of
    /// `co_consts`).
    pub fn as_literal_tuple(&self) -> Option<ConstantValue> {
        let mut out = Vec::with_capacity(self.items.len());
        for c in &self.items {
            match c {
                Const::Lit(v) if !has_nan(v) => out.push(v.clone()),
                _ => return None,
            }
        }
        Some(ConstantValue::Tuple(out))
    }
}

/// `'*'` is interned in every CPython 3.11 process before any user code is compiled
/// (`from posix import *` in `os`, imported at startup, interns the alias name), so the
/// constant `'*'` is the interned object there.
fn is_interned_at_startup(s: &crate::pystr::PyStr) -> bool {
    s.as_str() == Some("*")
}

/// Whether CPython interns a str constant (`all_name_chars`: ASCII letters, digits, `_`).
pub fn is_name_like(s: &crate::pystr::PyStr) -> bool {
    s.as_str()
        .is_some_and(|t| t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

pub fn lit_to_value(v: &ConstantValue) -> Value {
    match v {
        ConstantValue::None => Value::None,
        ConstantValue::Bool(b) => Value::bool(*b),
        ConstantValue::Int(i) => Value::int(i.clone()),
        ConstantValue::Float(f) => Value::float(*f),
        ConstantValue::Complex { real, imag } => Value::complex(*real, *imag),
        ConstantValue::Str(s) => Value::from_pystr(Str::from_text(s.clone(), is_name_like(s) || is_interned_at_startup(s))),
        ConstantValue::Bytes(b) => Value::bytes(b.clone()),
        ConstantValue::Ellipsis => Value::Ellipsis,
        ConstantValue::Tuple(items) => Value::tuple(items.iter().map(lit_to_value).collect()),
        ConstantValue::FrozenSet(items) => {
            Value::frozenset(items.iter().map(lit_to_value).collect())
        }
    }
}

fn has_nan(v: &ConstantValue) -> bool {
    match v {
        ConstantValue::Float(f) => f.is_nan(),
        ConstantValue::Complex { real, imag } => real.is_nan() || imag.is_nan(),
        ConstantValue::Tuple(items) | ConstantValue::FrozenSet(items) => items.iter().any(has_nan),
        _ => false,
    }
}

/// `code_richcompare`: name, argument counts, flags, first line, bytecode, constants,
/// names, localsplus names, line and exception tables (not qualname or filename).
fn code_eq(a: &Value, b: &Value) -> bool {
    use super::diff::value_eq;
    let (Some(x), Some(y)) = (a.as_code(), b.as_code()) else {
        return false;
    };
    value_eq(&x.name, &y.name)
        && x.argcount == y.argcount
        && x.posonlyargcount == y.posonlyargcount
        && x.kwonlyargcount == y.kwonlyargcount
        && x.flags == y.flags
        && x.firstlineno == y.firstlineno
        && value_eq(&x.code, &y.code)
        && value_eq(&x.consts, &y.consts)
        && value_eq(&x.names, &y.names)
        && value_eq(&x.localsplusnames, &y.localsplusnames)
        && value_eq(&x.linetable, &y.linetable)
        && value_eq(&x.exceptiontable, &y.exceptiontable)
}
