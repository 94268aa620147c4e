//! Comparing two code objects field by field, recursing into nested code objects in
//! `co_consts`: what the differential tests and the `compiler-diff` tool report.

use crate::marshal::{Code, ObjKind, Value};

/// One differing field: where (`<module>.f.<lambda>`), which field, and both values
/// shortly rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDiff {
    pub path: String,
    pub field: &'static str,
    pub ours: String,
    pub theirs: String,
}

/// The fields compared, in the order they are reported.
pub const FIELDS: &[&str] = &[
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_stacksize",
    "co_flags",
    "co_code",
    "co_consts",
    "co_names",
    "co_localsplusnames",
    "co_localspluskinds",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_firstlineno",
    "co_linetable",
    "co_exceptiontable",
];

/// Every difference between two code objects (an empty list when they are equal).
pub fn diff_code(ours: &Value, theirs: &Value) -> Vec<FieldDiff> {
    let mut out = Vec::new();
    match (ours.as_code(), theirs.as_code()) {
        (Some(a), Some(b)) => diff_into(a, b, &name_of(b), &mut out),
        _ => out.push(FieldDiff {
            path: String::new(),
            field: "code",
            ours: ours.type_name().into(),
            theirs: theirs.type_name().into(),
        }),
    }
    out
}

fn name_of(c: &Code) -> String {
    c.qualname.as_str().unwrap_or("?").to_owned()
}

fn diff_into(a: &Code, b: &Code, path: &str, out: &mut Vec<FieldDiff>) {
    let mut push = |field: &'static str, x: String, y: String| {
        out.push(FieldDiff {
            path: path.to_owned(),
            field,
            ours: x,
            theirs: y,
        });
    };
    let ints = [
        ("co_argcount", a.argcount, b.argcount),
        ("co_posonlyargcount", a.posonlyargcount, b.posonlyargcount),
        ("co_kwonlyargcount", a.kwonlyargcount, b.kwonlyargcount),
        ("co_stacksize", a.stacksize, b.stacksize),
        ("co_flags", a.flags, b.flags),
        ("co_firstlineno", a.firstlineno, b.firstlineno),
    ];
    for (f, x, y) in ints {
        if x != y {
            push(f, x.to_string(), y.to_string());
        }
    }
    let plain = [
        ("co_code", &a.code, &b.code),
        ("co_names", &a.names, &b.names),
        ("co_localsplusnames", &a.localsplusnames, &b.localsplusnames),
        ("co_localspluskinds", &a.localspluskinds, &b.localspluskinds),
        ("co_filename", &a.filename, &b.filename),
        ("co_name", &a.name, &b.name),
        ("co_qualname", &a.qualname, &b.qualname),
        ("co_linetable", &a.linetable, &b.linetable),
        ("co_exceptiontable", &a.exceptiontable, &b.exceptiontable),
    ];
    for (f, x, y) in plain {
        if !value_eq(x, y) {
            push(f, render(x), render(y));
        }
    }
    // Constants: compare non-code constants as values, and code constants recursively.
    let (ca, cb) = (
        a.consts.as_tuple().unwrap_or(&[]),
        b.consts.as_tuple().unwrap_or(&[]),
    );
    let same_shape = ca.len() == cb.len()
        && ca
            .iter()
            .zip(cb)
            .all(|(x, y)| x.as_code().is_some() == y.as_code().is_some());
    if !same_shape
        || ca
            .iter()
            .zip(cb)
            .any(|(x, y)| x.as_code().is_none() && !value_eq(x, y))
    {
        push("co_consts", render(&a.consts), render(&b.consts));
    }
    if same_shape {
        for (x, y) in ca.iter().zip(cb) {
            if let (Some(cx), Some(cy)) = (x.as_code(), y.as_code()) {
                let sub = format!("{}/{}", path, name_of(cy));
                diff_into(cx, cy, &sub, out);
            }
        }
    }
}

/// Equality of constants as the compiler means it: same type and value (floats by bits,
/// so `0.0` and `-0.0` differ), frozensets in any order, str interning ignored.
pub fn value_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None)
        | (Value::True, Value::True)
        | (Value::False, Value::False)
        | (Value::Ellipsis, Value::Ellipsis)
        | (Value::StopIteration, Value::StopIteration)
        | (Value::Null, Value::Null) => true,
        (Value::Obj(_), Value::Obj(_)) => {
            let (Some(x), Some(y)) = (a.as_obj(), b.as_obj()) else {
                return false;
            };
            match (x.kind(), y.kind()) {
                (ObjKind::Int(i), ObjKind::Int(j)) => i == j,
                (ObjKind::Float(f), ObjKind::Float(g)) => f.to_bits() == g.to_bits(),
                (
                    ObjKind::Complex { real: r1, imag: i1 },
                    ObjKind::Complex { real: r2, imag: i2 },
                ) => r1.to_bits() == r2.to_bits() && i1.to_bits() == i2.to_bits(),
                (ObjKind::Bytes(p), ObjKind::Bytes(q)) => p == q,
                (ObjKind::Str(p), ObjKind::Str(q)) => p.text() == q.text(),
                (ObjKind::Tuple(p), ObjKind::Tuple(q)) | (ObjKind::List(p), ObjKind::List(q)) => {
                    p.len() == q.len() && p.iter().zip(q).all(|(u, v)| value_eq(u, v))
                }
                (ObjKind::FrozenSet(p), ObjKind::FrozenSet(q))
                | (ObjKind::Set(p), ObjKind::Set(q)) => {
                    p.len() == q.len() && p.iter().all(|u| q.iter().any(|v| value_eq(u, v)))
                }
                (ObjKind::Code(c), ObjKind::Code(d)) => {
                    let mut out = Vec::new();
                    diff_into(c, d, "", &mut out);
                    out.is_empty()
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// A short rendering of a value for reports.
pub fn render(v: &Value) -> String {
    let mut s = String::new();
    render_into(v, &mut s, 0);
    if s.len() > 400 {
        let mut end = 400;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

fn render_into(v: &Value, s: &mut String, depth: usize) {
    use std::fmt::Write;
    if depth > 6 {
        s.push_str("...");
        return;
    }
    match v {
        Value::None => s.push_str("None"),
        Value::True => s.push_str("True"),
        Value::False => s.push_str("False"),
        Value::Ellipsis => s.push_str("Ellipsis"),
        Value::StopIteration => s.push_str("StopIteration"),
        Value::Null => s.push_str("NULL"),
        Value::Cycle(_) => s.push_str("<cycle>"),
        Value::Obj(_) => {
            let Some(o) = v.as_obj() else { return };
            match o.kind() {
                ObjKind::Int(i) => s.push_str(&i.to_string()),
                ObjKind::Float(f) => s.push_str(&crate::ast::repr::float_repr(*f)),
                ObjKind::Complex { real, imag } => {
                    s.push_str(&crate::ast::repr::complex_repr(*real, *imag))
                }
                ObjKind::Bytes(b) => {
                    s.push_str("b'");
                    for x in b {
                        let _ = write!(s, "{:02x}", x);
                    }
                    s.push('\'');
                }
                ObjKind::Str(t) => crate::ast::repr::write_str_repr(s, t.text()),
                ObjKind::Tuple(items)
                | ObjKind::List(items)
                | ObjKind::Set(items)
                | ObjKind::FrozenSet(items) => {
                    s.push('(');
                    for (i, it) in items.iter().enumerate() {
                        if i > 0 {
                            s.push_str(", ");
                        }
                        render_into(it, s, depth + 1);
                    }
                    s.push(')');
                }
                ObjKind::Dict(_) => s.push_str("{...}"),
                ObjKind::Code(c) => {
                    let _ = write!(s, "<code {}>", c.qualname.as_str().unwrap_or("?"));
                }
            }
        }
    }
}
