//! `_PyAST_Validate` (CPython's Python/ast.c): the checks `compile()` runs on a tree that came
//! from `_ast` objects (never on the parser's own output), so that the later passes only see
//! trees the parser could have made. Errors carry CPython's exception type and message.

use super::constant::ConstantValue;
use super::nodes::*;

/// The exception a failed check raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationErrorKind {
    ValueError,
    TypeError,
    RecursionError,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub kind: ValidationErrorKind,
    pub message: String,
}

type Result = std::result::Result<(), ValidationError>;

fn value_error(message: impl Into<String>) -> Result {
    Err(ValidationError { kind: ValidationErrorKind::ValueError, message: message.into() })
}

/// The validator's depth budget: CPython scales the recursion limit by 3 for the compiler.
struct Validator {
    depth: usize,
    limit: usize,
}

/// Validates `tree`. `recursion_limit` is `sys.getrecursionlimit()`.
pub fn validate(tree: &Mod, recursion_limit: usize) -> Result {
    let mut v = Validator { depth: 0, limit: recursion_limit.saturating_mul(3) };
    match tree {
        Mod::Module(m) => v.stmts(&m.body),
        Mod::Interactive(m) => v.stmts(&m.body),
        Mod::Expression(m) => v.expr(&m.body, ExprContext::Load),
        Mod::FunctionType(m) => {
            v.exprs(&m.argtypes, ExprContext::Load)?;
            v.expr(&m.returns, ExprContext::Load)
        }
    }
}

fn positions(l: &Location) -> Result {
    if l.lineno > l.end_lineno {
        return value_error(format!("AST node line range ({}, {}) is not valid", l.lineno, l.end_lineno));
    }
    if (l.lineno < 0 && l.end_lineno != l.lineno) || (l.col_offset < 0 && l.col_offset != l.end_col_offset) {
        return value_error(format!(
            "AST node column range ({}, {}) for line range ({}, {}) is not valid",
            l.col_offset, l.end_col_offset, l.lineno, l.end_lineno
        ));
    }
    if l.lineno == l.end_lineno && l.col_offset > l.end_col_offset {
        return value_error(format!("line {}, column {}-{} is not a valid range", l.lineno, l.col_offset, l.end_col_offset));
    }
    Ok(())
}

fn name(id: &str) -> Result {
    for forbidden in ["None", "True", "False"] {
        if id == forbidden {
            return value_error(format!("identifier field can't represent '{forbidden}' constant"));
        }
    }
    Ok(())
}

fn nonempty<T>(seq: &[T], what: &str, owner: &str) -> Result {
    if seq.is_empty() {
        return value_error(format!("empty {what} on {owner}"));
    }
    Ok(())
}

fn context_name(ctx: ExprContext) -> &'static str {
    ctx.class_name()
}

fn capture(id: &str) -> Result {
    if id == "_" {
        return value_error("can't capture name '_' in patterns");
    }
    name(id)
}

fn is_number(e: &Expr, real: bool, imaginary: bool) -> bool {
    match &e.kind {
        ExprKind::Constant(c) => match c.value {
            ConstantValue::Int(_) | ConstantValue::Float(_) => real,
            ConstantValue::Complex { .. } => imaginary,
            _ => false,
        },
        _ => false,
    }
}

fn is_negative_number(e: &Expr, real: bool, imaginary: bool) -> bool {
    match &e.kind {
        ExprKind::UnaryOp(u) => u.op == UnaryOp::USub && is_number(&u.operand, real, imaginary),
        _ => false,
    }
}

fn is_complex_literal(e: &Expr) -> bool {
    let ExprKind::BinOp(b) = &e.kind else { return false };
    if b.op != Operator::Add && b.op != Operator::Sub {
        return false;
    }
    let left_ok = match &b.left.kind {
        ExprKind::Constant(_) => is_number(&b.left, true, false),
        ExprKind::UnaryOp(_) => is_negative_number(&b.left, true, false),
        _ => false,
    };
    left_ok && is_number(&b.right, false, true)
}

impl Validator {
    fn enter(&mut self) -> Result {
        self.depth += 1;
        if self.depth > self.limit {
            return Err(ValidationError {
                kind: ValidationErrorKind::RecursionError,
                message: "maximum recursion depth exceeded during compilation".into(),
            });
        }
        Ok(())
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn body(&mut self, body: &[Stmt], owner: &str) -> Result {
        nonempty(body, "body", owner)?;
        self.stmts(body)
    }

    fn exprs(&mut self, exprs: &[Expr], ctx: ExprContext) -> Result {
        exprs.iter().try_for_each(|e| self.expr(e, ctx))
    }

    fn opt_expr(&mut self, e: &Option<Box<Expr>>) -> Result {
        match e {
            Some(e) => self.expr(e, ExprContext::Load),
            None => Ok(()),
        }
    }

    fn keywords(&mut self, keywords: &[Keyword]) -> Result {
        keywords.iter().try_for_each(|k| self.expr(&k.value, ExprContext::Load))
    }

    fn args(&mut self, args: &[Arg]) -> Result {
        for a in args {
            positions(&a.location)?;
            self.opt_expr(&a.annotation)?;
        }
        Ok(())
    }

    fn arguments(&mut self, a: &Arguments) -> Result {
        self.args(&a.posonlyargs)?;
        self.args(&a.args)?;
        if let Some(v) = &a.vararg {
            self.opt_expr(&v.annotation)?;
        }
        self.args(&a.kwonlyargs)?;
        if let Some(k) = &a.kwarg {
            self.opt_expr(&k.annotation)?;
        }
        if a.defaults.len() > a.posonlyargs.len() + a.args.len() {
            return value_error("more positional defaults than args on arguments");
        }
        if a.kw_defaults.len() != a.kwonlyargs.len() {
            return value_error("length of kwonlyargs is not the same as kw_defaults on arguments");
        }
        self.exprs(&a.defaults, ExprContext::Load)?;
        a.kw_defaults.iter().flatten().try_for_each(|e| self.expr(e, ExprContext::Load))
    }

    fn comprehension(&mut self, gens: &[Comprehension]) -> Result {
        if gens.is_empty() {
            return value_error("comprehension with no generators");
        }
        for g in gens {
            self.expr(&g.target, ExprContext::Store)?;
            self.expr(&g.iter, ExprContext::Load)?;
            self.exprs(&g.ifs, ExprContext::Load)?;
        }
        Ok(())
    }

    fn constant(&mut self, c: &ConstantValue) -> Result {
        // Only the types the conversion accepted exist here; tuples and frozensets recurse.
        if let ConstantValue::Tuple(items) | ConstantValue::FrozenSet(items) = c {
            self.enter()?;
            items.iter().try_for_each(|i| self.constant(i))?;
            self.depth -= 1;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr, ctx: ExprContext) -> Result {
        positions(&e.location)?;
        self.enter()?;
        let actual = match &e.kind {
            ExprKind::Attribute(x) => Some(x.ctx),
            ExprKind::Subscript(x) => Some(x.ctx),
            ExprKind::Starred(x) => Some(x.ctx),
            ExprKind::Name(x) => {
                name(&x.id)?;
                Some(x.ctx)
            }
            ExprKind::List(x) => Some(x.ctx),
            ExprKind::Tuple(x) => Some(x.ctx),
            _ => None,
        };
        match actual {
            None if ctx != ExprContext::Load => {
                return value_error(format!("expression which can't be assigned to in {} context", context_name(ctx)));
            }
            Some(actual) if actual != ctx => {
                return value_error(format!(
                    "expression must have {} context but has {} instead",
                    context_name(ctx),
                    context_name(actual)
                ));
            }
            _ => {}
        }
        let load = ExprContext::Load;
        match &e.kind {
            ExprKind::BoolOp(x) => {
                if x.values.len() < 2 {
                    return value_error("BoolOp with less than 2 values");
                }
                self.exprs(&x.values, load)?;
            }
            ExprKind::BinOp(x) => {
                self.expr(&x.left, load)?;
                self.expr(&x.right, load)?;
            }
            ExprKind::UnaryOp(x) => self.expr(&x.operand, load)?,
            ExprKind::Lambda(x) => {
                self.arguments(&x.args)?;
                self.expr(&x.body, load)?;
            }
            ExprKind::IfExp(x) => {
                self.expr(&x.test, load)?;
                self.expr(&x.body, load)?;
                self.expr(&x.orelse, load)?;
            }
            ExprKind::Dict(x) => {
                if x.keys.len() != x.values.len() {
                    return value_error("Dict doesn't have the same number of keys as values");
                }
                x.keys.iter().flatten().try_for_each(|k| self.expr(k, load))?;
                self.exprs(&x.values, load)?;
            }
            ExprKind::Set(x) => self.exprs(&x.elts, load)?,
            ExprKind::ListComp(x) => {
                self.comprehension(&x.generators)?;
                self.expr(&x.elt, load)?;
            }
            ExprKind::SetComp(x) => {
                self.comprehension(&x.generators)?;
                self.expr(&x.elt, load)?;
            }
            ExprKind::GeneratorExp(x) => {
                self.comprehension(&x.generators)?;
                self.expr(&x.elt, load)?;
            }
            ExprKind::DictComp(x) => {
                self.comprehension(&x.generators)?;
                self.expr(&x.key, load)?;
                self.expr(&x.value, load)?;
            }
            ExprKind::Yield(x) => self.opt_expr(&x.value)?,
            ExprKind::YieldFrom(x) => self.expr(&x.value, load)?,
            ExprKind::Await(x) => self.expr(&x.value, load)?,
            ExprKind::Compare(x) => {
                if x.comparators.is_empty() {
                    return value_error("Compare with no comparators");
                }
                if x.comparators.len() != x.ops.len() {
                    return value_error("Compare has a different number of comparators and operands");
                }
                self.exprs(&x.comparators, load)?;
                self.expr(&x.left, load)?;
            }
            ExprKind::Call(x) => {
                self.expr(&x.func, load)?;
                self.exprs(&x.args, load)?;
                self.keywords(&x.keywords)?;
            }
            ExprKind::Constant(x) => self.constant(&x.value)?,
            ExprKind::JoinedStr(x) => self.exprs(&x.values, load)?,
            ExprKind::FormattedValue(x) => {
                self.expr(&x.value, load)?;
                self.opt_expr(&x.format_spec)?;
            }
            ExprKind::Attribute(x) => self.expr(&x.value, load)?,
            ExprKind::Subscript(x) => {
                self.expr(&x.slice, load)?;
                self.expr(&x.value, load)?;
            }
            ExprKind::Starred(x) => self.expr(&x.value, ctx)?,
            ExprKind::Slice(x) => {
                self.opt_expr(&x.lower)?;
                self.opt_expr(&x.upper)?;
                self.opt_expr(&x.step)?;
            }
            ExprKind::List(x) => self.exprs(&x.elts, ctx)?,
            ExprKind::Tuple(x) => self.exprs(&x.elts, ctx)?,
            ExprKind::NamedExpr(x) => self.expr(&x.value, load)?,
            ExprKind::Name(_) => {}
        }
        self.depth -= 1;
        Ok(())
    }

    fn match_value(&mut self, e: &Expr) -> Result {
        self.expr(e, ExprContext::Load)?;
        let ok = match &e.kind {
            ExprKind::Constant(c) => {
                return match c.value {
                    ConstantValue::Int(_)
                    | ConstantValue::Float(_)
                    | ConstantValue::Bytes(_)
                    | ConstantValue::Complex { .. }
                    | ConstantValue::Str(_) => Ok(()),
                    _ => value_error("unexpected constant inside of a literal pattern"),
                };
            }
            ExprKind::Attribute(_) | ExprKind::JoinedStr(_) => true,
            ExprKind::UnaryOp(_) => is_negative_number(e, true, true),
            ExprKind::BinOp(_) => is_complex_literal(e),
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            value_error("patterns may only match literals and attribute lookups")
        }
    }

    fn patterns(&mut self, patterns: &[Pattern], star_ok: bool) -> Result {
        patterns.iter().try_for_each(|p| self.pattern(p, star_ok))
    }

    fn pattern(&mut self, p: &Pattern, star_ok: bool) -> Result {
        positions(&p.location)?;
        self.enter()?;
        match &p.kind {
            PatternKind::MatchValue(x) => self.match_value(&x.value)?,
            PatternKind::MatchSingleton(x) => {
                if !matches!(x.value, ConstantValue::None | ConstantValue::Bool(_)) {
                    return value_error("MatchSingleton can only contain True, False and None");
                }
            }
            PatternKind::MatchSequence(x) => self.patterns(&x.patterns, true)?,
            PatternKind::MatchMapping(x) => {
                if x.keys.len() != x.patterns.len() {
                    return value_error("MatchMapping doesn't have the same number of keys as patterns");
                }
                if let Some(rest) = &x.rest {
                    capture(rest)?;
                }
                for key in &x.keys {
                    if let ExprKind::Constant(c) = &key.kind {
                        if matches!(c.value, ConstantValue::None | ConstantValue::Bool(_)) {
                            continue;
                        }
                    }
                    self.match_value(key)?;
                }
                self.patterns(&x.patterns, false)?;
            }
            PatternKind::MatchClass(x) => {
                if x.kwd_attrs.len() != x.kwd_patterns.len() {
                    return value_error("MatchClass doesn't have the same number of keyword attributes as patterns");
                }
                self.expr(&x.cls, ExprContext::Load)?;
                let mut cls: &Expr = &x.cls;
                loop {
                    match &cls.kind {
                        ExprKind::Name(_) => break,
                        ExprKind::Attribute(a) => cls = &a.value,
                        _ => return value_error("MatchClass cls field can only contain Name or Attribute nodes."),
                    }
                }
                x.kwd_attrs.iter().try_for_each(|a| name(a))?;
                self.patterns(&x.patterns, false)?;
                self.patterns(&x.kwd_patterns, false)?;
            }
            PatternKind::MatchStar(x) => {
                if !star_ok {
                    return value_error("can't use MatchStar here");
                }
                if let Some(n) = &x.name {
                    capture(n)?;
                }
            }
            PatternKind::MatchAs(x) => {
                if let Some(n) = &x.name {
                    capture(n)?;
                }
                match (&x.pattern, &x.name) {
                    (None, _) => {}
                    (Some(_), None) => return value_error("MatchAs must specify a target name if a pattern is given"),
                    (Some(p), Some(_)) => self.pattern(p, false)?,
                }
            }
            PatternKind::MatchOr(x) => {
                if x.patterns.len() < 2 {
                    return value_error("MatchOr requires at least 2 patterns");
                }
                self.patterns(&x.patterns, false)?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn with_items(&mut self, items: &[WithItem], owner: &str) -> Result {
        nonempty(items, "items", owner)?;
        for item in items {
            self.expr(&item.context_expr, ExprContext::Load)?;
            if let Some(v) = &item.optional_vars {
                self.expr(v, ExprContext::Store)?;
            }
        }
        Ok(())
    }

    fn handlers(&mut self, handlers: &[ExceptHandler], check_positions: bool) -> Result {
        for h in handlers {
            if check_positions {
                positions(&h.location)?;
            }
            self.opt_expr(&h.type_)?;
            self.body(&h.body, "ExceptHandler")?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result {
        positions(&s.location)?;
        self.enter()?;
        let load = ExprContext::Load;
        match &s.kind {
            StmtKind::FunctionDef(x) => {
                self.body(&x.body, "FunctionDef")?;
                self.arguments(&x.args)?;
                self.exprs(&x.decorator_list, load)?;
                self.opt_expr(&x.returns)?;
            }
            StmtKind::AsyncFunctionDef(x) => {
                self.body(&x.body, "AsyncFunctionDef")?;
                self.arguments(&x.args)?;
                self.exprs(&x.decorator_list, load)?;
                self.opt_expr(&x.returns)?;
            }
            StmtKind::ClassDef(x) => {
                self.body(&x.body, "ClassDef")?;
                self.exprs(&x.bases, load)?;
                self.keywords(&x.keywords)?;
                self.exprs(&x.decorator_list, load)?;
            }
            StmtKind::Return(x) => self.opt_expr(&x.value)?,
            StmtKind::Delete(x) => {
                nonempty(&x.targets, "targets", "Delete")?;
                self.exprs(&x.targets, ExprContext::Del)?;
            }
            StmtKind::Assign(x) => {
                nonempty(&x.targets, "targets", "Assign")?;
                self.exprs(&x.targets, ExprContext::Store)?;
                self.expr(&x.value, load)?;
            }
            StmtKind::AugAssign(x) => {
                self.expr(&x.target, ExprContext::Store)?;
                self.expr(&x.value, load)?;
            }
            StmtKind::AnnAssign(x) => {
                if x.simple != 0 && !matches!(x.target.kind, ExprKind::Name(_)) {
                    return Err(ValidationError {
                        kind: ValidationErrorKind::TypeError,
                        message: "AnnAssign with simple non-Name target".into(),
                    });
                }
                self.expr(&x.target, ExprContext::Store)?;
                self.opt_expr(&x.value)?;
                self.expr(&x.annotation, load)?;
            }
            StmtKind::For(x) => {
                self.expr(&x.target, ExprContext::Store)?;
                self.expr(&x.iter, load)?;
                self.body(&x.body, "For")?;
                self.stmts(&x.orelse)?;
            }
            StmtKind::AsyncFor(x) => {
                self.expr(&x.target, ExprContext::Store)?;
                self.expr(&x.iter, load)?;
                self.body(&x.body, "AsyncFor")?;
                self.stmts(&x.orelse)?;
            }
            StmtKind::While(x) => {
                self.expr(&x.test, load)?;
                self.body(&x.body, "While")?;
                self.stmts(&x.orelse)?;
            }
            StmtKind::If(x) => {
                self.expr(&x.test, load)?;
                self.body(&x.body, "If")?;
                self.stmts(&x.orelse)?;
            }
            StmtKind::With(x) => {
                self.with_items(&x.items, "With")?;
                self.body(&x.body, "With")?;
            }
            StmtKind::AsyncWith(x) => {
                self.with_items(&x.items, "AsyncWith")?;
                self.body(&x.body, "AsyncWith")?;
            }
            StmtKind::Match(x) => {
                self.expr(&x.subject, load)?;
                nonempty(&x.cases, "cases", "Match")?;
                for case in &x.cases {
                    self.pattern(&case.pattern, false)?;
                    self.opt_expr(&case.guard)?;
                    self.body(&case.body, "match_case")?;
                }
            }
            StmtKind::Raise(x) => match (&x.exc, &x.cause) {
                (Some(exc), cause) => {
                    self.expr(exc, load)?;
                    self.opt_expr(cause)?;
                }
                (None, Some(_)) => return value_error("Raise with cause but no exception"),
                (None, None) => {}
            },
            StmtKind::Try(x) => {
                self.body(&x.body, "Try")?;
                if x.handlers.is_empty() && x.finalbody.is_empty() {
                    return value_error("Try has neither except handlers nor finalbody");
                }
                if x.handlers.is_empty() && !x.orelse.is_empty() {
                    return value_error("Try has orelse but no except handlers");
                }
                self.handlers(&x.handlers, true)?;
                self.stmts(&x.finalbody)?;
                self.stmts(&x.orelse)?;
            }
            StmtKind::TryStar(x) => {
                self.body(&x.body, "TryStar")?;
                if x.handlers.is_empty() && x.finalbody.is_empty() {
                    return value_error("TryStar has neither except handlers nor finalbody");
                }
                if x.handlers.is_empty() && !x.orelse.is_empty() {
                    return value_error("TryStar has orelse but no except handlers");
                }
                self.handlers(&x.handlers, false)?;
                self.stmts(&x.finalbody)?;
                self.stmts(&x.orelse)?;
            }
            StmtKind::Assert(x) => {
                self.expr(&x.test, load)?;
                self.opt_expr(&x.msg)?;
            }
            StmtKind::Import(x) => nonempty(&x.names, "names", "Import")?,
            StmtKind::ImportFrom(x) => {
                if x.level.unwrap_or(0) < 0 {
                    return value_error("Negative ImportFrom level");
                }
                nonempty(&x.names, "names", "ImportFrom")?;
            }
            StmtKind::Global(x) => nonempty(&x.names, "names", "Global")?,
            StmtKind::Nonlocal(x) => nonempty(&x.names, "names", "Nonlocal")?,
            StmtKind::Expr(x) => self.expr(&x.value, load)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        self.depth -= 1;
        Ok(())
    }
}
