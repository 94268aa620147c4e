//! Expressions back to source text, as CPython 3.11's `Python/ast_unparse.c` writes them:
//! the strings `from __future__ import annotations` stores instead of evaluating
//! annotations.

use crate::ast::repr::{write_constant, write_str_repr};
use crate::ast::*;

const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_EXPR: u8 = 6;
const PR_BOR: u8 = PR_EXPR;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_AWAIT: u8 = 14;
const PR_ATOM: u8 = 15;

/// `_PyAST_ExprAsUnicode`.
pub fn unparse_expr(e: &Expr) -> PyStr {
    let mut out = String::new();
    expr(&mut out, e, PR_TEST);
    PyStr::from(out)
}

fn expr_text(e: &Expr, level: u8) -> String {
    let mut out = String::new();
    expr(&mut out, e, level);
    out
}

fn open(out: &mut String, cond: bool) {
    if cond {
        out.push('(');
    }
}

fn close(out: &mut String, cond: bool) {
    if cond {
        out.push(')');
    }
}

fn repr_const(out: &mut String, v: &ConstantValue) {
    let mut r = String::new();
    write_constant(&mut r, v);
    let needs_inf = matches!(v, ConstantValue::Float(f) if f.is_infinite())
        || matches!(v, ConstantValue::Complex { .. });
    if needs_inf {
        r = r.replace("inf", "1e309");
    }
    out.push_str(&r);
}

fn constant(out: &mut String, v: &ConstantValue) {
    if let ConstantValue::Tuple(items) = v {
        out.push('(');
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            constant(out, it);
        }
        if items.len() == 1 {
            out.push(',');
        }
        out.push(')');
        return;
    }
    repr_const(out, v);
}

fn arg(out: &mut String, a: &Arg) {
    out.push_str(&a.arg);
    if let Some(ann) = &a.annotation {
        out.push_str(": ");
        expr(out, ann, PR_TEST);
    }
}

fn args(out: &mut String, a: &Arguments) {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    let npos = a.posonlyargs.len();
    let nargs = a.args.len();
    let ndef = a.defaults.len() as isize;
    for i in 0..npos + nargs {
        sep(out);
        if i < npos {
            arg(out, &a.posonlyargs[i]);
        } else {
            arg(out, &a.args[i - npos]);
        }
        let di = i as isize - npos as isize - nargs as isize + ndef;
        if di >= 0 {
            out.push('=');
            expr(out, &a.defaults[di as usize], PR_TEST);
        }
        if npos > 0 && i + 1 == npos {
            out.push_str(", /");
        }
    }
    if a.vararg.is_some() || !a.kwonlyargs.is_empty() {
        sep(out);
        out.push('*');
        if let Some(v) = &a.vararg {
            arg(out, v);
        }
    }
    let nk = a.kwonlyargs.len() as isize;
    let nkd = a.kw_defaults.len() as isize;
    for (i, k) in a.kwonlyargs.iter().enumerate() {
        sep(out);
        arg(out, k);
        let di = i as isize - nk + nkd;
        if di >= 0 {
            if let Some(d) = &a.kw_defaults[di as usize] {
                out.push('=');
                expr(out, d, PR_TEST);
            }
        }
    }
    if let Some(k) = &a.kwarg {
        sep(out);
        out.push_str("**");
        arg(out, k);
    }
}

fn comprehensions(out: &mut String, gens: &[Comprehension]) {
    for g in gens {
        out.push_str(if g.is_async != 0 {
            " async for "
        } else {
            " for "
        });
        expr(out, &g.target, PR_TUPLE);
        out.push_str(" in ");
        expr(out, &g.iter, PR_TEST + 1);
        for cond in &g.ifs {
            out.push_str(" if ");
            expr(out, cond, PR_TEST + 1);
        }
    }
}

fn seq(out: &mut String, elts: &[Expr]) {
    for (i, e) in elts.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(out, e, PR_TEST);
    }
}

fn fstring_element(out: &mut String, e: &Expr, is_format_spec: bool) {
    match &e.kind {
        ExprKind::Constant(c) => {
            if let ConstantValue::Str(s) = &c.value {
                let text = s.to_string_lossy().replace('{', "{{").replace('}', "}}");
                out.push_str(&text);
            }
        }
        ExprKind::JoinedStr(j) => joinedstr(out, &j.values, is_format_spec),
        ExprKind::FormattedValue(f) => formattedvalue(out, f),
        _ => {}
    }
}

fn joinedstr(out: &mut String, values: &[Expr], is_format_spec: bool) {
    let mut body = String::new();
    for v in values {
        fstring_element(&mut body, v, is_format_spec);
    }
    if is_format_spec {
        out.push_str(&body);
    } else {
        out.push('f');
        write_str_repr(out, &PyStr::from(body));
    }
}

fn formattedvalue(out: &mut String, f: &ExprFormattedValue) {
    let inner = expr_text(&f.value, PR_TEST + 1);
    out.push_str(if inner.starts_with('{') { "{ " } else { "{" });
    out.push_str(&inner);
    match f.conversion {
        97 => out.push_str("!a"),
        114 => out.push_str("!r"),
        115 => out.push_str("!s"),
        _ => {}
    }
    if let Some(spec) = &f.format_spec {
        out.push(':');
        fstring_element(out, spec, true);
    }
    out.push('}');
}

fn expr(out: &mut String, e: &Expr, level: u8) {
    match &e.kind {
        ExprKind::BoolOp(b) => {
            let (op, pr) = if b.op == BoolOp::And {
                (" and ", PR_AND)
            } else {
                (" or ", PR_OR)
            };
            open(out, level > pr);
            for (i, v) in b.values.iter().enumerate() {
                if i > 0 {
                    out.push_str(op);
                }
                expr(out, v, pr + 1);
            }
            close(out, level > pr);
        }
        ExprKind::BinOp(b) => {
            let (op, pr, rassoc) = match b.op {
                Operator::Add => (" + ", PR_ARITH, false),
                Operator::Sub => (" - ", PR_ARITH, false),
                Operator::Mult => (" * ", PR_TERM, false),
                Operator::MatMult => (" @ ", PR_TERM, false),
                Operator::Div => (" / ", PR_TERM, false),
                Operator::Mod => (" % ", PR_TERM, false),
                Operator::LShift => (" << ", PR_SHIFT, false),
                Operator::RShift => (" >> ", PR_SHIFT, false),
                Operator::BitOr => (" | ", PR_BOR, false),
                Operator::BitXor => (" ^ ", PR_BXOR, false),
                Operator::BitAnd => (" & ", PR_BAND, false),
                Operator::FloorDiv => (" // ", PR_TERM, false),
                Operator::Pow => (" ** ", PR_POWER, true),
            };
            open(out, level > pr);
            expr(out, &b.left, pr + rassoc as u8);
            out.push_str(op);
            expr(out, &b.right, pr + !rassoc as u8);
            close(out, level > pr);
        }
        ExprKind::UnaryOp(u) => {
            let (op, pr) = match u.op {
                UnaryOp::Invert => ("~", PR_FACTOR),
                UnaryOp::Not => ("not ", PR_NOT),
                UnaryOp::UAdd => ("+", PR_FACTOR),
                UnaryOp::USub => ("-", PR_FACTOR),
            };
            open(out, level > pr);
            out.push_str(op);
            expr(out, &u.operand, pr);
            close(out, level > pr);
        }
        ExprKind::Lambda(l) => {
            open(out, level > PR_TEST);
            let npos = l.args.args.len() + l.args.posonlyargs.len();
            out.push_str(if npos > 0 { "lambda " } else { "lambda" });
            args(out, &l.args);
            out.push_str(": ");
            expr(out, &l.body, PR_TEST);
            close(out, level > PR_TEST);
        }
        ExprKind::IfExp(i) => {
            open(out, level > PR_TEST);
            expr(out, &i.body, PR_TEST + 1);
            out.push_str(" if ");
            expr(out, &i.test, PR_TEST + 1);
            out.push_str(" else ");
            expr(out, &i.orelse, PR_TEST);
            close(out, level > PR_TEST);
        }
        ExprKind::Dict(d) => {
            out.push('{');
            for (i, (k, v)) in d.keys.iter().zip(&d.values).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match k {
                    Some(k) => {
                        expr(out, k, PR_TEST);
                        out.push_str(": ");
                        expr(out, v, PR_TEST);
                    }
                    None => {
                        out.push_str("**");
                        expr(out, v, PR_EXPR);
                    }
                }
            }
            out.push('}');
        }
        ExprKind::Set(s) => {
            out.push('{');
            seq(out, &s.elts);
            out.push('}');
        }
        ExprKind::GeneratorExp(g) => {
            out.push('(');
            expr(out, &g.elt, PR_TEST);
            comprehensions(out, &g.generators);
            out.push(')');
        }
        ExprKind::ListComp(g) => {
            out.push('[');
            expr(out, &g.elt, PR_TEST);
            comprehensions(out, &g.generators);
            out.push(']');
        }
        ExprKind::SetComp(g) => {
            out.push('{');
            expr(out, &g.elt, PR_TEST);
            comprehensions(out, &g.generators);
            out.push('}');
        }
        ExprKind::DictComp(g) => {
            out.push('{');
            expr(out, &g.key, PR_TEST);
            out.push_str(": ");
            expr(out, &g.value, PR_TEST);
            comprehensions(out, &g.generators);
            out.push('}');
        }
        ExprKind::Yield(y) => match &y.value {
            None => out.push_str("(yield)"),
            Some(v) => {
                out.push_str("(yield ");
                expr(out, v, PR_TEST);
                out.push(')');
            }
        },
        ExprKind::YieldFrom(y) => {
            out.push_str("(yield from ");
            expr(out, &y.value, PR_TEST);
            out.push(')');
        }
        ExprKind::Await(a) => {
            open(out, level > PR_AWAIT);
            out.push_str("await ");
            expr(out, &a.value, PR_ATOM);
            close(out, level > PR_AWAIT);
        }
        ExprKind::Compare(c) => {
            open(out, level > PR_CMP);
            expr(out, &c.left, PR_CMP + 1);
            for (op, r) in c.ops.iter().zip(&c.comparators) {
                out.push_str(match op {
                    CmpOp::Eq => " == ",
                    CmpOp::NotEq => " != ",
                    CmpOp::Lt => " < ",
                    CmpOp::LtE => " <= ",
                    CmpOp::Gt => " > ",
                    CmpOp::GtE => " >= ",
                    CmpOp::Is => " is ",
                    CmpOp::IsNot => " is not ",
                    CmpOp::In => " in ",
                    CmpOp::NotIn => " not in ",
                });
                expr(out, r, PR_CMP + 1);
            }
            close(out, level > PR_CMP);
        }
        ExprKind::Call(c) => {
            expr(out, &c.func, PR_ATOM);
            if c.args.len() == 1 && c.keywords.is_empty() {
                if let ExprKind::GeneratorExp(_) = &c.args[0].kind {
                    expr(out, &c.args[0], PR_TEST);
                    return;
                }
            }
            out.push('(');
            let mut first = true;
            for a in &c.args {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                expr(out, a, PR_TEST);
            }
            for k in &c.keywords {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                match &k.arg {
                    None => out.push_str("**"),
                    Some(a) => {
                        out.push_str(a);
                        out.push('=');
                    }
                }
                expr(out, &k.value, PR_TEST);
            }
            out.push(')');
        }
        ExprKind::Constant(c) => {
            if matches!(c.value, ConstantValue::Ellipsis) {
                out.push_str("...");
                return;
            }
            if let Some(k) = &c.kind {
                out.push_str(k);
            }
            constant(out, &c.value);
        }
        ExprKind::JoinedStr(j) => joinedstr(out, &j.values, false),
        ExprKind::FormattedValue(f) => formattedvalue(out, f),
        ExprKind::Attribute(a) => {
            expr(out, &a.value, PR_ATOM);
            let int_value = matches!(&a.value.kind, ExprKind::Constant(c) if matches!(c.value, ConstantValue::Int(_)));
            out.push_str(if int_value { " ." } else { "." });
            out.push_str(&a.attr);
        }
        ExprKind::Subscript(s) => {
            expr(out, &s.value, PR_ATOM);
            out.push('[');
            expr(out, &s.slice, PR_TUPLE);
            out.push(']');
        }
        ExprKind::Starred(s) => {
            out.push('*');
            expr(out, &s.value, PR_EXPR);
        }
        ExprKind::Slice(s) => {
            if let Some(l) = &s.lower {
                expr(out, l, PR_TEST);
            }
            out.push(':');
            if let Some(u) = &s.upper {
                expr(out, u, PR_TEST);
            }
            if let Some(st) = &s.step {
                out.push(':');
                expr(out, st, PR_TEST);
            }
        }
        ExprKind::Name(n) => out.push_str(&n.id),
        ExprKind::List(l) => {
            out.push('[');
            seq(out, &l.elts);
            out.push(']');
        }
        ExprKind::Tuple(t) => {
            if t.elts.is_empty() {
                out.push_str("()");
                return;
            }
            open(out, level > PR_TUPLE);
            seq(out, &t.elts);
            if t.elts.len() == 1 {
                out.push(',');
            }
            close(out, level > PR_TUPLE);
        }
        ExprKind::NamedExpr(n) => {
            open(out, level > PR_TUPLE);
            expr(out, &n.target, PR_ATOM);
            out.push_str(" := ");
            expr(out, &n.value, PR_ATOM);
            close(out, level > PR_TUPLE);
        }
    }
}
