//! The plain-Rust value model for what marshal carries, independent of runtime objects.
//!
//! Identity matters to marshal (version 3+ writes an object once and refers back to it),
//! so every non-singleton value is an [`Obj`] behind an [`Arc`]: two [`Value::Obj`]s are
//! the same object exactly when they share the allocation. Each object also carries a
//! [`RefFlag`]: what the writer does about FLAG_REF for it (see `marshal/mod.rs`).

use std::fmt;
use std::sync::{Arc, Weak};

use crate::int::Int;
use crate::pystr::PyStr;

/// One marshalled value.
#[derive(Clone)]
pub enum Value {
    /// TYPE_NULL: the dict terminator. `loads` never returns it inside a value.
    Null,
    None,
    True,
    False,
    Ellipsis,
    /// The `StopIteration` exception class.
    StopIteration,
    Obj(Arc<Obj>),
    /// A back-reference to a container that was still being read when the reference was
    /// met, i.e. a cycle (`l = []; l.append(l)`). It points at an ancestor, so it is weak.
    /// (Boxed: cycles are rare, and this keeps `Value` two words.)
    Cycle(Box<CycleRef>),
}

/// A reference to an enclosing container (see [`Value::Cycle`]).
#[derive(Clone)]
pub struct CycleRef {
    pub target: Weak<Obj>,
    pub kind: ContainerKind,
}

/// The kind of a container a [`CycleRef`] points at (only these can be referenced while
/// they are still being read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    /// A tuple of this length.
    Tuple(usize),
    List,
    Dict,
    Set,
}

/// What the writer does about FLAG_REF for an object (ignored below version 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefFlag {
    /// Decide as CPython 3.11 would for the object graph being written (the rule is in
    /// `marshal/mod.rs`). Constructors default to this.
    Auto,
    /// Like `Auto`, for an object made afresh where CPython usually hands out a cached one
    /// (a 1-character str made by `str.replace`, a 1-byte bytes made by slicing a buffer):
    /// it is flagged only when interned or shared.
    AutoNotCached,
    /// Write with FLAG_REF; later occurrences of the same object become TYPE_REF.
    Flagged,
    /// Write in full every time it occurs.
    Unflagged,
}

/// A heap value with identity.
pub struct Obj {
    kind: ObjKind,
    ref_flag: RefFlag,
    /// A set or frozenset read by `loads`: written back in the order read. (CPython sorts
    /// elements by their marshalled form with flags from reference counts it alone knows;
    /// a stream CPython wrote is already in that order.)
    order_as_read: bool,
}

/// The contents of an [`Obj`].
pub enum ObjKind {
    Int(Int),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    Bytes(Vec<u8>),
    Str(Str),
    Tuple(Vec<Value>),
    List(Vec<Value>),
    /// Insertion order; keys are distinct by Python equality when read by `loads`.
    Dict(Vec<(Value, Value)>),
    /// Distinct elements (by Python equality when read by `loads`), in stream order; the
    /// writer sorts them the way CPython does.
    Set(Vec<Value>),
    FrozenSet(Vec<Value>),
    Code(Box<Code>),
}

/// A code object, with the fields marshal writes for CPython 3.11, in that order.
/// `loads` checks them the way CPython's code constructor does, so a loaded `Code` has
/// bytes in `code`/`localspluskinds`/`linetable`/`exceptiontable`, tuples in `consts`/
/// `names`/`localsplusnames` (the latter two of str), and str in the three name fields.
pub struct Code {
    pub argcount: i32,
    pub posonlyargcount: i32,
    pub kwonlyargcount: i32,
    pub stacksize: i32,
    pub flags: i32,
    pub code: Value,
    pub consts: Value,
    pub names: Value,
    pub localsplusnames: Value,
    pub localspluskinds: Value,
    pub filename: Value,
    pub name: Value,
    pub qualname: Value,
    pub firstlineno: i32,
    pub linetable: Value,
    pub exceptiontable: Value,
}

/// A Python `str` as marshal carries it: the text and whether the object is interned
/// (which selects the TYPE_*INTERNED codes and the writer's reference decision).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Str {
    text: PyStr,
    interned: bool,
}

impl Str {
    /// A str that is not interned (except the empty str: CPython's only empty str object
    /// is interned).
    pub fn new(text: &str) -> Str {
        Str {
            text: PyStr::from(text),
            interned: text.is_empty(),
        }
    }

    /// An interned str (as the compiler interns identifiers and name-like constants).
    pub fn interned(text: &str) -> Str {
        Str {
            text: PyStr::from(text),
            interned: true,
        }
    }

    /// From code points, lone surrogates allowed; `None` past U+10FFFF.
    pub fn from_code_points(points: &[u32]) -> Option<Str> {
        let text = PyStr::from_code_points(points.iter().copied())?;
        Some(Str::from_text(text, false))
    }

    /// From bytes already known to be valid surrogatepass UTF-8.
    pub(crate) fn from_checked_bytes(bytes: Vec<u8>, interned: bool) -> Str {
        Str::from_text(PyStr::from_surrogatepass_utf8(bytes), interned)
    }

    /// From bytes read as Latin-1 (how CPython reads the ASCII type codes).
    pub(crate) fn from_latin1(bytes: &[u8], interned: bool) -> Str {
        let text: String = bytes.iter().map(|&b| char::from(b)).collect();
        Str::from_text(PyStr::from(text), interned)
    }

    /// `text` with the interned mark (the empty str is always interned).
    pub fn from_text(text: PyStr, interned: bool) -> Str {
        Str {
            interned: interned || text.is_empty(),
            text,
        }
    }

    /// The same text with the interned mark set or cleared (the empty str stays interned).
    pub fn with_interned(mut self, interned: bool) -> Str {
        self.interned = interned || self.is_empty();
        self
    }

    pub fn is_interned(&self) -> bool {
        self.interned
    }

    /// The text as a [`PyStr`].
    pub fn text(&self) -> &PyStr {
        &self.text
    }

    /// The text, unless it holds lone surrogates.
    pub fn as_str(&self) -> Option<&str> {
        self.text.as_str()
    }

    /// The text with each lone surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        self.text.to_string_lossy()
    }

    pub fn has_surrogates(&self) -> bool {
        self.text.has_surrogates()
    }

    /// The UTF-8 encoding with "surrogatepass": what marshal writes for non-ASCII str.
    pub fn surrogatepass_utf8(&self) -> &[u8] {
        self.text.as_surrogatepass_utf8()
    }

    pub fn is_ascii(&self) -> bool {
        self.text.is_ascii()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Number of code points (Python's `len`).
    pub fn len_code_points(&self) -> usize {
        self.text.len_code_points()
    }

    /// The code points, lone surrogates included.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        self.text.code_points()
    }
}

impl Obj {
    pub fn new(kind: ObjKind, ref_flag: RefFlag) -> Obj {
        Obj {
            kind,
            ref_flag,
            order_as_read: false,
        }
    }

    /// A set or frozenset whose element order the writer keeps.
    pub(crate) fn new_in_read_order(kind: ObjKind, ref_flag: RefFlag) -> Obj {
        Obj {
            kind,
            ref_flag,
            order_as_read: true,
        }
    }

    /// Whether the writer keeps this set's element order instead of sorting (sets read by
    /// `loads`).
    pub fn keeps_read_order(&self) -> bool {
        self.order_as_read
    }

    pub fn kind(&self) -> &ObjKind {
        &self.kind
    }

    pub fn ref_flag(&self) -> RefFlag {
        self.ref_flag
    }

    /// Python's type name, as error messages spell it.
    pub fn type_name(&self) -> &'static str {
        self.kind.type_name()
    }

    /// Children in the order the writer visits them.
    pub(crate) fn children(&self) -> Children<'_> {
        Children {
            kind: &self.kind,
            index: 0,
        }
    }
}

/// Iterator over an object's child values (dict: key, value, key, value, ...).
pub(crate) struct Children<'a> {
    kind: &'a ObjKind,
    index: usize,
}

impl<'a> Iterator for Children<'a> {
    type Item = &'a Value;
    fn next(&mut self) -> Option<&'a Value> {
        let i = self.index;
        self.index += 1;
        match self.kind {
            ObjKind::Tuple(items)
            | ObjKind::List(items)
            | ObjKind::Set(items)
            | ObjKind::FrozenSet(items) => items.get(i),
            ObjKind::Dict(pairs) => pairs
                .get(i / 2)
                .map(|(k, v)| if i.is_multiple_of(2) { k } else { v }),
            ObjKind::Code(code) => code.fields().get(i).copied(),
            _ => None,
        }
    }
}

impl ObjKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            ObjKind::Int(_) => "int",
            ObjKind::Float(_) => "float",
            ObjKind::Complex { .. } => "complex",
            ObjKind::Bytes(_) => "bytes",
            ObjKind::Str(_) => "str",
            ObjKind::Tuple(_) => "tuple",
            ObjKind::List(_) => "list",
            ObjKind::Dict(_) => "dict",
            ObjKind::Set(_) => "set",
            ObjKind::FrozenSet(_) => "frozenset",
            ObjKind::Code(_) => "code",
        }
    }

    /// Moves every child value out, for the non-recursive drop.
    fn take_children(&mut self, out: &mut Vec<Value>) {
        match self {
            ObjKind::Tuple(items)
            | ObjKind::List(items)
            | ObjKind::Set(items)
            | ObjKind::FrozenSet(items) => out.append(items),
            ObjKind::Dict(pairs) => {
                for (k, v) in pairs.drain(..) {
                    out.push(k);
                    out.push(v);
                }
            }
            ObjKind::Code(code) => {
                for field in code.fields_mut() {
                    out.push(std::mem::replace(field, Value::None));
                }
            }
            _ => {}
        }
    }
}

impl Drop for Obj {
    // Dropping a long chain of nested containers recursively could overflow the stack, and
    // shared sub-objects make chains longer than the marshal depth limit possible.
    fn drop(&mut self) {
        let mut pending = Vec::new();
        self.kind.take_children(&mut pending);
        while let Some(value) = pending.pop() {
            if let Value::Obj(arc) = value {
                if let Some(mut inner) = Arc::into_inner(arc) {
                    inner.kind.take_children(&mut pending);
                }
            }
        }
    }
}

impl Code {
    /// The object fields in marshal order.
    pub fn fields(&self) -> [&Value; 10] {
        [
            &self.code,
            &self.consts,
            &self.names,
            &self.localsplusnames,
            &self.localspluskinds,
            &self.filename,
            &self.name,
            &self.qualname,
            &self.linetable,
            &self.exceptiontable,
        ]
    }

    fn fields_mut(&mut self) -> [&mut Value; 10] {
        [
            &mut self.code,
            &mut self.consts,
            &mut self.names,
            &mut self.localsplusnames,
            &mut self.localspluskinds,
            &mut self.filename,
            &mut self.name,
            &mut self.qualname,
            &mut self.linetable,
            &mut self.exceptiontable,
        ]
    }
}

impl Value {
    fn obj(kind: ObjKind) -> Value {
        Value::Obj(Arc::new(Obj::new(kind, RefFlag::Auto)))
    }

    /// A reference to an enclosing container (see [`Value::Cycle`]).
    pub fn cycle(target: Weak<Obj>, kind: ContainerKind) -> Value {
        Value::Cycle(Box::new(CycleRef { target, kind }))
    }

    /// A new object with an explicit [`RefFlag`].
    pub fn new_obj(kind: ObjKind, ref_flag: RefFlag) -> Value {
        Value::Obj(Arc::new(Obj::new(kind, ref_flag)))
    }

    pub fn bool(b: bool) -> Value {
        if b {
            Value::True
        } else {
            Value::False
        }
    }

    pub fn int(i: impl Into<Int>) -> Value {
        Value::obj(ObjKind::Int(i.into()))
    }

    pub fn float(f: f64) -> Value {
        Value::obj(ObjKind::Float(f))
    }

    pub fn complex(real: f64, imag: f64) -> Value {
        Value::obj(ObjKind::Complex { real, imag })
    }

    pub fn bytes(b: impl Into<Vec<u8>>) -> Value {
        Value::obj(ObjKind::Bytes(b.into()))
    }

    /// A str that is not interned.
    pub fn str(s: &str) -> Value {
        Value::obj(ObjKind::Str(Str::new(s)))
    }

    pub fn interned_str(s: &str) -> Value {
        Value::obj(ObjKind::Str(Str::interned(s)))
    }

    pub fn from_pystr(s: Str) -> Value {
        Value::obj(ObjKind::Str(s))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::obj(ObjKind::Tuple(items))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::obj(ObjKind::List(items))
    }

    /// The pairs are written in this order; the caller keeps keys distinct.
    pub fn dict(pairs: Vec<(Value, Value)>) -> Value {
        Value::obj(ObjKind::Dict(pairs))
    }

    /// The caller keeps elements distinct; the writer orders them.
    pub fn set(items: Vec<Value>) -> Value {
        Value::obj(ObjKind::Set(items))
    }

    pub fn frozenset(items: Vec<Value>) -> Value {
        Value::obj(ObjKind::FrozenSet(items))
    }

    pub fn code(code: Code) -> Value {
        Value::obj(ObjKind::Code(Box::new(code)))
    }

    /// The object, if this is [`Value::Obj`].
    pub fn as_obj(&self) -> Option<&Obj> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The object this value stands for: [`Value::Obj`], or the target of a
    /// [`Value::Cycle`] once reading has finished.
    pub fn resolve(&self) -> Option<Arc<Obj>> {
        match self {
            Value::Obj(o) => Some(o.clone()),
            Value::Cycle(c) => c.target.upgrade(),
            _ => None,
        }
    }

    /// The address that identifies the object (`Obj` and `Cycle` to the same object agree).
    pub fn identity(&self) -> Option<usize> {
        match self {
            Value::Obj(o) => Some(Arc::as_ptr(o) as usize),
            Value::Cycle(c) => Some(c.target.as_ptr() as usize),
            _ => None,
        }
    }

    /// Whether both values are the same Python object (singletons by kind).
    pub fn is_same_object(&self, other: &Value) -> bool {
        match (self.identity(), other.identity()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => std::mem::discriminant(self) == std::mem::discriminant(other),
            _ => false,
        }
    }

    pub fn as_int(&self) -> Option<&Int> {
        match self.as_obj()?.kind() {
            ObjKind::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_float(&self) -> Option<f64> {
        match self.as_obj()?.kind() {
            ObjKind::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self.as_obj()?.kind() {
            ObjKind::Bytes(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_pystr(&self) -> Option<&Str> {
        match self.as_obj()?.kind() {
            ObjKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a str without lone surrogates.
    pub fn as_str(&self) -> Option<&str> {
        self.as_pystr()?.as_str()
    }

    pub fn as_tuple(&self) -> Option<&[Value]> {
        match self.as_obj()?.kind() {
            ObjKind::Tuple(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_code(&self) -> Option<&Code> {
        match self.as_obj()?.kind() {
            ObjKind::Code(c) => Some(c),
            _ => None,
        }
    }

    /// Python's type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::None => "NoneType",
            Value::True | Value::False => "bool",
            Value::Ellipsis => "ellipsis",
            Value::StopIteration => "type",
            Value::Obj(o) => o.type_name(),
            Value::Cycle(c) => match c.kind {
                ContainerKind::Tuple(_) => "tuple",
                ContainerKind::List => "list",
                ContainerKind::Dict => "dict",
                ContainerKind::Set => "set",
            },
        }
    }
}

/// A Python-`repr`-like rendering, cut off below a fixed depth.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        render(self, 0, &mut out);
        f.write_str(&out)
    }
}

impl fmt::Debug for Obj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        render_obj(self, 0, &mut out);
        f.write_str(&out)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        render_str(self, &mut out);
        f.write_str(&out)
    }
}

const RENDER_DEPTH: usize = 40;

fn render(v: &Value, depth: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("<NULL>"),
        Value::None => out.push_str("None"),
        Value::True => out.push_str("True"),
        Value::False => out.push_str("False"),
        Value::Ellipsis => out.push_str("Ellipsis"),
        Value::StopIteration => out.push_str("StopIteration"),
        Value::Obj(o) => render_obj(o, depth, out),
        Value::Cycle(c) => out.push_str(match c.kind {
            ContainerKind::Tuple(_) => "(...)",
            ContainerKind::List => "[...]",
            ContainerKind::Dict => "{...}",
            ContainerKind::Set => "set(...)",
        }),
    }
}

fn render_seq(items: &[Value], depth: usize, out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        render(item, depth + 1, out);
    }
}

fn render_obj(o: &Obj, depth: usize, out: &mut String) {
    if depth > RENDER_DEPTH {
        out.push_str("...");
        return;
    }
    match o.kind() {
        ObjKind::Int(i) => out.push_str(&i.to_string()),
        ObjKind::Float(x) => out.push_str(&render_float(*x)),
        ObjKind::Complex { real, imag } => {
            out.push_str(&format!(
                "({}{}{}j)",
                render_float(*real),
                if imag.is_sign_negative() && !imag.is_nan() {
                    ""
                } else {
                    "+"
                },
                render_float(*imag)
            ));
        }
        ObjKind::Bytes(b) => {
            out.push_str("b'");
            for &c in b {
                match c {
                    b'\\' => out.push_str("\\\\"),
                    b'\'' => out.push_str("\\'"),
                    0x20..=0x7e => out.push(char::from(c)),
                    _ => out.push_str(&format!("\\x{c:02x}")),
                }
            }
            out.push('\'');
        }
        ObjKind::Str(s) => render_str(s, out),
        ObjKind::Tuple(items) => {
            out.push('(');
            render_seq(items, depth, out);
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        ObjKind::List(items) => {
            out.push('[');
            render_seq(items, depth, out);
            out.push(']');
        }
        ObjKind::Dict(pairs) => {
            out.push('{');
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render(k, depth + 1, out);
                out.push_str(": ");
                render(v, depth + 1, out);
            }
            out.push('}');
        }
        ObjKind::Set(items) => {
            if items.is_empty() {
                out.push_str("set()");
            } else {
                out.push('{');
                render_seq(items, depth, out);
                out.push('}');
            }
        }
        ObjKind::FrozenSet(items) => {
            out.push_str("frozenset(");
            if !items.is_empty() {
                out.push('{');
                render_seq(items, depth, out);
                out.push('}');
            }
            out.push(')');
        }
        ObjKind::Code(code) => {
            let name = code
                .name
                .as_pystr()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            let file = code
                .filename
                .as_pystr()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            out.push_str(&format!(
                "<code object {name}, file \"{file}\", line {}>",
                code.firstlineno
            ));
        }
    }
}

fn render_float(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        format!("{x:?}")
    }
}

fn render_str(s: &Str, out: &mut String) {
    out.push('\'');
    for cp in s.code_points() {
        match char::from_u32(cp) {
            Some('\\') => out.push_str("\\\\"),
            Some('\'') => out.push_str("\\'"),
            Some('\n') => out.push_str("\\n"),
            Some(c) if !c.is_control() => out.push(c),
            _ if cp <= 0xff => out.push_str(&format!("\\x{cp:02x}")),
            _ => out.push_str(&format!("\\u{cp:04x}")),
        }
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn str_keeps_lone_surrogates() {
        let s = Str::from_code_points(&[0x61, 0xd800, 0x1f600]).unwrap();
        assert!(s.has_surrogates());
        assert_eq!(s.as_str(), None);
        assert_eq!(s.len_code_points(), 3);
        assert_eq!(s.surrogatepass_utf8(), b"a\xed\xa0\x80\xf0\x9f\x98\x80");
        assert_eq!(
            s.code_points().collect::<Vec<_>>(),
            vec![0x61, 0xd800, 0x1f600]
        );
        assert_eq!(s.to_string_lossy(), "a\u{fffd}\u{1f600}");
        assert!(Str::new("").is_interned());
        assert!(!Str::new("x").is_interned());
    }

    #[test]
    fn dropping_a_long_chain_does_not_recurse() {
        let mut v = Value::None;
        for _ in 0..1_000_000 {
            v = Value::list(vec![v]);
        }
        drop(v);
    }
}
