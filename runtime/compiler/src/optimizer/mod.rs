//! The AST optimizer of CPython 3.11 (`Python/ast_opt.c`), run between the future-import
//! scan and the symbol table: it rewrites the tree in place.
//!
//! What it does, exactly as 3.11:
//! - folds unary and binary operators on constants ([`fold`] has the operations and the
//!   size limits), leaving any operation that would raise;
//! - `not (a is b)` -> `a is not b` (also `is not`, `in`, `not in`);
//! - `'%s %r' % (x, y)` with simple `%s`/`%r`/`%a` units -> an f-string (JoinedStr);
//! - tuples of constants (Load context) -> a constant tuple;
//! - `const[const]` -> the item;
//! - the last comparator of `in`/`not in`, the iterable of `for` and of comprehensions:
//!   a list display -> a tuple (constant if it can be), a set of constants -> a frozenset;
//! - `__debug__` (Load) -> `True`, or `False` when `optimize_level` > 0;
//! - a body whose first statement became a str constant only through folding gets it
//!   wrapped in a JoinedStr, so it does not turn into a docstring.
//!
//! With `from __future__ import annotations`, annotations are left alone (they become
//! strings). 3.11 does not join f-string parts or remove dead code here.
//!
//! Entry point: [`optimize`]. `optimize_level` is the effective level (`-O` count; the
//! caller resolves `-1` to the interpreter's setting).

pub mod fold;

use crate::ast::*;
use crate::future::CO_FUTURE_ANNOTATIONS;

/// `RecursionError: maximum recursion depth exceeded during compilation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecursionLimitExceeded;

impl std::fmt::Display for RecursionLimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("maximum recursion depth exceeded during compilation")
    }
}

impl std::error::Error for RecursionLimitExceeded {}

/// How deep the optimizer and the symbol table may recurse (one level per statement,
/// expression and pattern). CPython counts from 3 x the Python call depth at the time of
/// `compile()` (its C-level recursion depth) up to 3 x `sys.getrecursionlimit()`
/// (`COMPILER_STACK_FRAME_SCALE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecursionBudget {
    pub starting_depth: u32,
    pub limit: u32,
}

impl RecursionBudget {
    /// The budget of a `compile()` called at C recursion depth `frames` under the
    /// recursion limit `recursion_limit`.
    pub fn for_call_depth(frames: u32, recursion_limit: u32) -> RecursionBudget {
        RecursionBudget {
            starting_depth: frames.saturating_mul(3),
            limit: recursion_limit.saturating_mul(3),
        }
    }
}

impl Default for RecursionBudget {
    /// What `compile()` sees when called from Python code under the default limit of
    /// 1000: 3.11 counts C-level recursion only (Python-to-Python calls are inlined in the
    /// eval loop), and a `compile()` call from any Python frame runs at depth 3.
    fn default() -> RecursionBudget {
        RecursionBudget::for_call_depth(3, 1000)
    }
}

type Res = Result<(), RecursionLimitExceeded>;

/// Optimizes `module` in place (`_PyAST_Optimize`) with the default recursion budget.
pub fn optimize(module: &mut Mod, optimize_level: i32, future_flags: u32) -> Res {
    optimize_with_budget(
        module,
        optimize_level,
        future_flags,
        RecursionBudget::default(),
    )
}

/// [`optimize`] with an explicit recursion budget.
pub fn optimize_with_budget(
    module: &mut Mod,
    optimize_level: i32,
    future_flags: u32,
    budget: RecursionBudget,
) -> Res {
    let mut o = Optimizer {
        optimize_level,
        future_annotations: future_flags & CO_FUTURE_ANNOTATIONS != 0,
        depth: budget.starting_depth,
        limit: budget.limit,
    };
    match module {
        Mod::Module(m) => o.body(&mut m.body),
        Mod::Interactive(m) => m.body.iter_mut().try_for_each(|s| o.stmt(s)),
        Mod::Expression(m) => o.expr(&mut m.body),
        Mod::FunctionType(_) => Ok(()),
    }
}

struct Optimizer {
    optimize_level: i32,
    future_annotations: bool,
    depth: u32,
    limit: u32,
}

fn is_docstring(body: &[Stmt]) -> bool {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(e)) => matches!(
            &e.value.kind,
            ExprKind::Constant(c) if matches!(c.value, ConstantValue::Str(_))
        ),
        _ => false,
    }
}

fn constant_of(e: &Expr) -> Option<&ConstantValue> {
    match &e.kind {
        ExprKind::Constant(c) => Some(&c.value),
        _ => None,
    }
}

fn make_const(node: &mut Expr, value: ConstantValue) {
    node.kind = ExprKind::Constant(ExprConstant { value, kind: None });
}

fn placeholder(location: Location) -> Expr {
    Expr {
        kind: ExprKind::Constant(ExprConstant {
            value: ConstantValue::None,
            kind: None,
        }),
        location,
    }
}

fn has_starred(elts: &[Expr]) -> bool {
    elts.iter().any(|e| matches!(e.kind, ExprKind::Starred(_)))
}

/// A tuple of the values if every element is a constant.
fn const_tuple(elts: &[Expr]) -> Option<Vec<ConstantValue>> {
    elts.iter().map(|e| constant_of(e).cloned()).collect()
}

/// `fold_iter`: an iterable that is only iterated may be a tuple/frozenset instead.
fn fold_iter(arg: &mut Expr) {
    match &mut arg.kind {
        ExprKind::List(l) => {
            if has_starred(&l.elts) {
                return;
            }
            let elts = std::mem::take(&mut l.elts);
            let ctx = l.ctx;
            let folded = const_tuple(&elts);
            arg.kind = ExprKind::Tuple(ExprTuple { elts, ctx });
            if let Some(values) = folded {
                make_const(arg, ConstantValue::Tuple(values));
            }
        }
        ExprKind::Set(s) => {
            if let Some(values) = const_tuple(&s.elts) {
                make_const(arg, fold::frozenset(values));
            }
        }
        _ => {}
    }
}

impl Optimizer {
    fn descend(&mut self) -> Res {
        self.depth += 1;
        if self.depth > self.limit {
            return Err(RecursionLimitExceeded);
        }
        Ok(())
    }

    fn body(&mut self, stmts: &mut [Stmt]) -> Res {
        let was_docstring = is_docstring(stmts);
        for s in stmts.iter_mut() {
            self.stmt(s)?;
        }
        if !was_docstring && is_docstring(stmts) {
            let first = &mut stmts[0];
            let location = first.location;
            if let StmtKind::Expr(e) = &mut first.kind {
                let value = std::mem::replace(&mut *e.value, placeholder(location));
                *e.value = Expr {
                    kind: ExprKind::JoinedStr(ExprJoinedStr {
                        values: vec![value],
                    }),
                    location,
                };
            }
        }
        Ok(())
    }

    fn stmts(&mut self, stmts: &mut [Stmt]) -> Res {
        stmts.iter_mut().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, exprs: &mut [Expr]) -> Res {
        exprs.iter_mut().try_for_each(|e| self.expr(e))
    }

    fn opt_expr(&mut self, e: &mut Option<Box<Expr>>) -> Res {
        match e {
            Some(e) => self.expr(e),
            None => Ok(()),
        }
    }

    fn arguments(&mut self, a: &mut Arguments) -> Res {
        for arg in a.posonlyargs.iter_mut().chain(a.args.iter_mut()) {
            self.arg(arg)?;
        }
        if let Some(v) = &mut a.vararg {
            self.arg(v)?;
        }
        for arg in a.kwonlyargs.iter_mut() {
            self.arg(arg)?;
        }
        for d in a.kw_defaults.iter_mut().flatten() {
            self.expr(d)?;
        }
        if let Some(k) = &mut a.kwarg {
            self.arg(k)?;
        }
        self.exprs(&mut a.defaults)
    }

    fn arg(&mut self, a: &mut Arg) -> Res {
        if !self.future_annotations {
            self.opt_expr(&mut a.annotation)?;
        }
        Ok(())
    }

    fn annotation(&mut self, e: &mut Option<Box<Expr>>) -> Res {
        if !self.future_annotations {
            self.opt_expr(e)?;
        }
        Ok(())
    }

    fn comprehensions(&mut self, gens: &mut [Comprehension]) -> Res {
        for g in gens {
            self.expr(&mut g.target)?;
            self.expr(&mut g.iter)?;
            self.exprs(&mut g.ifs)?;
            fold_iter(&mut g.iter);
        }
        Ok(())
    }

    fn stmt(&mut self, s: &mut Stmt) -> Res {
        self.descend()?;
        match &mut s.kind {
            StmtKind::FunctionDef(f) => {
                self.arguments(&mut f.args)?;
                self.body(&mut f.body)?;
                self.exprs(&mut f.decorator_list)?;
                self.annotation(&mut f.returns)?;
            }
            StmtKind::AsyncFunctionDef(f) => {
                self.arguments(&mut f.args)?;
                self.body(&mut f.body)?;
                self.exprs(&mut f.decorator_list)?;
                self.annotation(&mut f.returns)?;
            }
            StmtKind::ClassDef(c) => {
                self.exprs(&mut c.bases)?;
                for k in &mut c.keywords {
                    self.expr(&mut k.value)?;
                }
                self.body(&mut c.body)?;
                self.exprs(&mut c.decorator_list)?;
            }
            StmtKind::Return(r) => self.opt_expr(&mut r.value)?,
            StmtKind::Delete(d) => self.exprs(&mut d.targets)?,
            StmtKind::Assign(a) => {
                self.exprs(&mut a.targets)?;
                self.expr(&mut a.value)?;
            }
            StmtKind::AugAssign(a) => {
                self.expr(&mut a.target)?;
                self.expr(&mut a.value)?;
            }
            StmtKind::AnnAssign(a) => {
                self.expr(&mut a.target)?;
                if !self.future_annotations {
                    self.expr(&mut a.annotation)?;
                }
                self.opt_expr(&mut a.value)?;
            }
            StmtKind::For(f) => {
                self.expr(&mut f.target)?;
                self.expr(&mut f.iter)?;
                self.stmts(&mut f.body)?;
                self.stmts(&mut f.orelse)?;
                fold_iter(&mut f.iter);
            }
            StmtKind::AsyncFor(f) => {
                self.expr(&mut f.target)?;
                self.expr(&mut f.iter)?;
                self.stmts(&mut f.body)?;
                self.stmts(&mut f.orelse)?;
            }
            StmtKind::While(w) => {
                self.expr(&mut w.test)?;
                self.stmts(&mut w.body)?;
                self.stmts(&mut w.orelse)?;
            }
            StmtKind::If(i) => {
                self.expr(&mut i.test)?;
                self.stmts(&mut i.body)?;
                self.stmts(&mut i.orelse)?;
            }
            StmtKind::With(w) => {
                for item in &mut w.items {
                    self.expr(&mut item.context_expr)?;
                    self.opt_expr(&mut item.optional_vars)?;
                }
                self.stmts(&mut w.body)?;
            }
            StmtKind::AsyncWith(w) => {
                for item in &mut w.items {
                    self.expr(&mut item.context_expr)?;
                    self.opt_expr(&mut item.optional_vars)?;
                }
                self.stmts(&mut w.body)?;
            }
            StmtKind::Raise(r) => {
                self.opt_expr(&mut r.exc)?;
                self.opt_expr(&mut r.cause)?;
            }
            StmtKind::Try(t) => {
                self.stmts(&mut t.body)?;
                for h in &mut t.handlers {
                    self.opt_expr(&mut h.type_)?;
                    self.stmts(&mut h.body)?;
                }
                self.stmts(&mut t.orelse)?;
                self.stmts(&mut t.finalbody)?;
            }
            StmtKind::TryStar(t) => {
                self.stmts(&mut t.body)?;
                for h in &mut t.handlers {
                    self.opt_expr(&mut h.type_)?;
                    self.stmts(&mut h.body)?;
                }
                self.stmts(&mut t.orelse)?;
                self.stmts(&mut t.finalbody)?;
            }
            StmtKind::Assert(a) => {
                self.expr(&mut a.test)?;
                self.opt_expr(&mut a.msg)?;
            }
            StmtKind::Expr(e) => self.expr(&mut e.value)?,
            StmtKind::Match(m) => {
                self.expr(&mut m.subject)?;
                for case in &mut m.cases {
                    self.pattern(&mut case.pattern)?;
                    self.opt_expr(&mut case.guard)?;
                    self.stmts(&mut case.body)?;
                }
            }
            StmtKind::Import(_)
            | StmtKind::ImportFrom(_)
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue => {}
        }
        self.depth -= 1;
        Ok(())
    }

    fn pattern(&mut self, p: &mut Pattern) -> Res {
        self.descend()?;
        match &mut p.kind {
            PatternKind::MatchValue(v) => self.expr(&mut v.value)?,
            PatternKind::MatchSingleton(_) | PatternKind::MatchStar(_) => {}
            PatternKind::MatchSequence(s) => {
                for q in &mut s.patterns {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchMapping(m) => {
                self.exprs(&mut m.keys)?;
                for q in &mut m.patterns {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchClass(c) => {
                self.expr(&mut c.cls)?;
                for q in c.patterns.iter_mut().chain(c.kwd_patterns.iter_mut()) {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchAs(a) => {
                if let Some(q) = &mut a.pattern {
                    self.pattern(q)?;
                }
            }
            PatternKind::MatchOr(o) => {
                for q in &mut o.patterns {
                    self.pattern(q)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn expr(&mut self, e: &mut Expr) -> Res {
        self.descend()?;
        match &mut e.kind {
            ExprKind::BoolOp(b) => self.exprs(&mut b.values)?,
            ExprKind::BinOp(b) => {
                self.expr(&mut b.left)?;
                self.expr(&mut b.right)?;
                fold_binop(e);
            }
            ExprKind::UnaryOp(u) => {
                self.expr(&mut u.operand)?;
                fold_unaryop(e);
            }
            ExprKind::Lambda(l) => {
                self.arguments(&mut l.args)?;
                self.expr(&mut l.body)?;
            }
            ExprKind::IfExp(i) => {
                self.expr(&mut i.test)?;
                self.expr(&mut i.body)?;
                self.expr(&mut i.orelse)?;
            }
            ExprKind::Dict(d) => {
                for k in d.keys.iter_mut().flatten() {
                    self.expr(k)?;
                }
                self.exprs(&mut d.values)?;
            }
            ExprKind::Set(s) => self.exprs(&mut s.elts)?,
            ExprKind::ListComp(c) => {
                self.expr(&mut c.elt)?;
                self.comprehensions(&mut c.generators)?;
            }
            ExprKind::SetComp(c) => {
                self.expr(&mut c.elt)?;
                self.comprehensions(&mut c.generators)?;
            }
            ExprKind::DictComp(c) => {
                self.expr(&mut c.key)?;
                self.expr(&mut c.value)?;
                self.comprehensions(&mut c.generators)?;
            }
            ExprKind::GeneratorExp(c) => {
                self.expr(&mut c.elt)?;
                self.comprehensions(&mut c.generators)?;
            }
            ExprKind::Await(a) => self.expr(&mut a.value)?,
            ExprKind::Yield(y) => self.opt_expr(&mut y.value)?,
            ExprKind::YieldFrom(y) => self.expr(&mut y.value)?,
            ExprKind::Compare(c) => {
                self.expr(&mut c.left)?;
                self.exprs(&mut c.comparators)?;
                if matches!(c.ops.last(), Some(CmpOp::In | CmpOp::NotIn)) {
                    if let Some(last) = c.comparators.last_mut() {
                        fold_iter(last);
                    }
                }
            }
            ExprKind::Call(c) => {
                self.expr(&mut c.func)?;
                self.exprs(&mut c.args)?;
                for k in &mut c.keywords {
                    self.expr(&mut k.value)?;
                }
            }
            ExprKind::FormattedValue(f) => {
                self.expr(&mut f.value)?;
                self.opt_expr(&mut f.format_spec)?;
            }
            ExprKind::JoinedStr(j) => self.exprs(&mut j.values)?,
            ExprKind::Attribute(a) => self.expr(&mut a.value)?,
            ExprKind::Subscript(s) => {
                self.expr(&mut s.value)?;
                self.expr(&mut s.slice)?;
                if s.ctx == ExprContext::Load {
                    if let (Some(v), Some(i)) = (constant_of(&s.value), constant_of(&s.slice)) {
                        if let Some(item) = fold::subscript(v, i) {
                            make_const(e, item);
                        }
                    }
                }
            }
            ExprKind::Starred(s) => self.expr(&mut s.value)?,
            ExprKind::Slice(s) => {
                self.opt_expr(&mut s.lower)?;
                self.opt_expr(&mut s.upper)?;
                self.opt_expr(&mut s.step)?;
            }
            ExprKind::List(l) => self.exprs(&mut l.elts)?,
            ExprKind::Tuple(t) => {
                self.exprs(&mut t.elts)?;
                if t.ctx == ExprContext::Load {
                    if let Some(values) = const_tuple(&t.elts) {
                        make_const(e, ConstantValue::Tuple(values));
                    }
                }
            }
            ExprKind::Name(n) => {
                if n.ctx == ExprContext::Load && n.id == "__debug__" {
                    make_const(e, ConstantValue::Bool(self.optimize_level == 0));
                }
            }
            ExprKind::NamedExpr(n) => self.expr(&mut n.value)?,
            ExprKind::Constant(_) => {}
        }
        self.depth -= 1;
        Ok(())
    }
}

fn fold_unaryop(node: &mut Expr) {
    let ExprKind::UnaryOp(u) = &mut node.kind else {
        return;
    };
    if let Some(v) = constant_of(&u.operand) {
        if let Some(folded) = fold::unary(u.op, v) {
            make_const(node, folded);
        }
        return;
    }
    // `not` of a single `is`/`is not`/`in`/`not in` comparison becomes the inverse
    // comparison; the node takes the comparison's place, position included.
    if u.op != UnaryOp::Not {
        return;
    }
    if let ExprKind::Compare(c) = &u.operand.kind {
        if c.ops.len() == 1 {
            let inverse = match c.ops[0] {
                CmpOp::Is => CmpOp::IsNot,
                CmpOp::IsNot => CmpOp::Is,
                CmpOp::In => CmpOp::NotIn,
                CmpOp::NotIn => CmpOp::In,
                _ => return,
            };
            let location = u.operand.location;
            let mut compare = std::mem::replace(&mut *u.operand, placeholder(location));
            if let ExprKind::Compare(c) = &mut compare.kind {
                c.ops[0] = inverse;
            }
            *node = compare;
        }
    }
}

fn fold_binop(node: &mut Expr) {
    let location = node.location;
    let ExprKind::BinOp(b) = &mut node.kind else {
        return;
    };
    let Some(lv) = constant_of(&b.left) else {
        return;
    };
    if b.op == Operator::Mod {
        if let (ConstantValue::Str(fmt), ExprKind::Tuple(t)) = (lv, &mut b.right.kind) {
            if !has_starred(&t.elts) {
                let fmt = fmt.clone();
                let mut elts = std::mem::take(&mut t.elts);
                match optimize_format(&fmt, &mut elts) {
                    Some(values) => {
                        *node = Expr {
                            kind: ExprKind::JoinedStr(ExprJoinedStr { values }),
                            location,
                        };
                    }
                    None => t.elts = elts,
                }
                return;
            }
        }
    }
    let Some(rv) = constant_of(&b.right) else {
        return;
    };
    if let Some(v) = fold::binary(b.op, lv, rv) {
        make_const(node, v);
    }
}

/// Positions CPython gives the pieces it creates for `%`-formatting (-1: none).
const NO_LOCATION: Location = Location {
    lineno: -1,
    col_offset: -1,
    end_lineno: -1,
    end_col_offset: -1,
};

fn str_const(cps: &[u32]) -> Expr {
    Expr {
        kind: ExprKind::Constant(ExprConstant {
            value: ConstantValue::Str(
                PyStr::from_code_points(cps.iter().copied()).expect("code points of a str"),
            ),
            kind: None,
        }),
        location: NO_LOCATION,
    }
}

/// `'...' % (a, b)` as JoinedStr values, when every unit is a simple `%s`, `%r` or `%a`
/// and there are exactly as many units as items; `None` leaves the expression as it is.
/// On success the items are moved out of `elts`.
fn optimize_format(fmt: &PyStr, elts: &mut Vec<Expr>) -> Option<Vec<Expr>> {
    let cps: Vec<u32> = fmt.code_points().collect();
    let pct = u32::from('%');
    let mut pos = 0;
    let mut units: Vec<(u32, Option<String>)> = Vec::new();
    let mut pieces: Vec<Option<Vec<u32>>> = Vec::new(); // None = the next unit
    loop {
        // A literal run, with %% meaning %.
        let start = pos;
        let mut lit = Vec::new();
        while pos < cps.len() {
            if cps[pos] != pct {
                lit.push(cps[pos]);
                pos += 1;
            } else if pos + 1 < cps.len() && cps[pos + 1] == pct {
                lit.push(pct);
                pos += 2;
            } else {
                break;
            }
        }
        if pos != start {
            pieces.push(Some(lit));
        }
        if pos >= cps.len() {
            break;
        }
        if units.len() >= elts.len() {
            return None; // more units than items
        }
        pos += 1;
        units.push(parse_format_unit(&cps, &mut pos)?);
        pieces.push(None);
    }
    if units.len() < elts.len() {
        return None;
    }
    let mut items = std::mem::take(elts).into_iter();
    let mut units = units.into_iter();
    let mut values = Vec::new();
    for piece in pieces {
        match piece {
            Some(lit) => values.push(str_const(&lit)),
            None => {
                let (spec, format_spec) = units.next()?;
                let arg = items.next()?;
                let location = arg.location;
                values.push(Expr {
                    kind: ExprKind::FormattedValue(ExprFormattedValue {
                        value: Box::new(arg),
                        conversion: spec as i32,
                        format_spec: format_spec.map(|s| {
                            Box::new(Expr {
                                kind: ExprKind::Constant(ExprConstant {
                                    value: ConstantValue::str(&s),
                                    kind: None,
                                }),
                                location: NO_LOCATION,
                            })
                        }),
                    }),
                    location,
                });
            }
        }
    }
    Some(values)
}

/// One `%` unit after the `%`: flags, width and precision of at most two digits, and a
/// conversion of `s`, `r` or `a`. Returns the conversion and the format spec to use.
fn parse_format_unit(cps: &[u32], pos: &mut usize) -> Option<(u32, Option<String>)> {
    let mut next = || -> Option<char> {
        let c = char::from_u32(*cps.get(*pos)?)?;
        *pos += 1;
        Some(c)
    };
    let mut left_justify = false;
    let mut ch;
    loop {
        ch = next()?;
        match ch {
            '-' => left_justify = true,
            '+' | ' ' | '#' | '0' | 'z' => {}
            _ => break,
        }
    }
    let mut width: i32 = -1;
    if ch.is_ascii_digit() {
        width = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            width = width * 10 + (ch as i32 - '0' as i32);
            ch = next()?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
    }
    let mut prec: i32 = -1;
    if ch == '.' {
        ch = next()?;
        prec = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            prec = prec * 10 + (ch as i32 - '0' as i32);
            ch = next()?;
            digits += 1;
            if digits >= 3 {
                return None;
            }
        }
    }
    if !matches!(ch, 's' | 'r' | 'a') {
        return None;
    }
    let mut spec = String::new();
    if !left_justify && width > 0 {
        spec.push('>');
    }
    if width >= 0 {
        spec.push_str(&width.to_string());
    }
    if prec >= 0 {
        spec.push_str(&format!(".{prec}"));
    }
    Some((ch as u32, (!spec.is_empty()).then_some(spec)))
}
