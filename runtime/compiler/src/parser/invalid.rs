//! The `invalid_*` rules: tried only in the second pass, they match common mistakes and
//! raise CPython's specialized SyntaxErrors. Each returns `Some(())` when it matched (it has
//! then set the error) and `None` otherwise.

use super::*;

/// Which message family an invalid target reports (CPython's TARGETS_TYPE).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Targets {
    Star,
    Del,
    For,
}

/// CPython's `_PyPegen_get_expr_name`.
pub(crate) fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute(_) => "attribute",
        ExprKind::Subscript(_) => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda(_) => "lambda",
        ExprKind::Call(_) => "function call",
        ExprKind::BoolOp(_) | ExprKind::BinOp(_) | ExprKind::UnaryOp(_) => "expression",
        ExprKind::GeneratorExp(_) => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp(_) => "list comprehension",
        ExprKind::SetComp(_) => "set comprehension",
        ExprKind::DictComp(_) => "dict comprehension",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue(_) => "f-string expression",
        ExprKind::Constant(c) => match c.value {
            ConstantValue::None => "None",
            ConstantValue::Bool(false) => "False",
            ConstantValue::Bool(true) => "True",
            ConstantValue::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare(_) => "comparison",
        ExprKind::IfExp(_) => "conditional expression",
        ExprKind::NamedExpr(_) => "named expression",
        ExprKind::Slice(_) => "slice",
    }
}

/// CPython's `_PyPegen_get_invalid_target`.
fn invalid_target(e: &Expr, ty: Targets) -> Option<&Expr> {
    match &e.kind {
        ExprKind::List(ExprList { elts, .. }) | ExprKind::Tuple(ExprTuple { elts, .. }) => {
            elts.iter().find_map(|x| invalid_target(x, ty))
        }
        ExprKind::Starred(s) => {
            if ty == Targets::Del {
                Some(e)
            } else {
                invalid_target(&s.value, ty)
            }
        }
        ExprKind::Compare(c) => {
            if ty == Targets::For {
                if c.ops[0] == CmpOp::In {
                    return invalid_target(&c.left, ty);
                }
                return None;
            }
            Some(e)
        }
        ExprKind::Name(_) | ExprKind::Subscript(_) | ExprKind::Attribute(_) => None,
        _ => Some(e),
    }
}

/// The last expression of a comprehension (its last `if`, else its iterable).
fn last_comprehension_item(c: &Comprehension) -> Location {
    c.ifs.last().map(|e| e.location).unwrap_or(c.iter.location)
}

impl<'a> Parser<'a> {
    /// RAISE_SYNTAX_ERROR_INVALID_TARGET: `Some` when it raised.
    fn raise_invalid_target(&mut self, ty: Targets, e: &Expr) -> Option<()> {
        let t = invalid_target(e, ty)?;
        let verb = if ty == Targets::Del {
            "delete"
        } else {
            "assign to"
        };
        let msg = format!("cannot {} {}", verb, expr_name(t));
        let loc = t.location;
        self.raise_at(loc, msg);
        Some(())
    }

    /// invalid_arguments
    pub fn invalid_arguments(&mut self) -> Option<()> {
        self.rule(|p| {
            // ((','.(starred_expression | (assignment_expression | expression !':=') !'=')+
            //   ',' kwargs) | kwargs) ',' b='*'  (3.11.7's form of the rule)
            if p.alt(|p| {
                let with_positional = p.alt(|p| {
                    p.positional_arguments()?;
                    p.expect(COMMA)?;
                    p.kwargs()
                });
                if with_positional.is_none() {
                    if p.error.is_some() {
                        return None;
                    }
                    p.kwargs()?;
                }
                p.expect(COMMA)?;
                let b = p.expect(STAR)?;
                let lb = p.tok_loc(b);
                p.raise_at(
                    lb,
                    "iterable argument unpacking follows keyword argument unpacking",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // a=expression b=for_if_clauses ',' [args | expression for_if_clauses]
            if p.alt(|p| {
                let a = p.expression()?;
                let b = p.for_if_clauses()?;
                p.expect(COMMA)?;
                p.opt(|p| {
                    if p.args().is_some() {
                        return Some(());
                    }
                    p.expression()?;
                    p.for_if_clauses()?;
                    Some(())
                });
                if p.error.is_some() {
                    return None;
                }
                let last = last_comprehension_item(b.last().unwrap());
                p.raise_range(
                    a.location,
                    last,
                    "Generator expression must be parenthesized",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // a=NAME b='=' expression for_if_clauses
            if p.alt(|p| {
                let (a, _) = p.name_token()?;
                let b = p.expect(EQUAL)?;
                p.expression()?;
                p.for_if_clauses()?;
                let (la, lb) = (p.tok_loc(a), p.tok_loc(b));
                p.raise_range(
                    la,
                    lb,
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // a=args b=for_if_clauses
            if p.alt(|p| {
                let a = p.args()?;
                let b = p.for_if_clauses()?;
                let ExprKind::Call(c) = &a.kind else {
                    return None;
                };
                if c.args.len() <= 1 {
                    return None;
                }
                let last = last_comprehension_item(b.last().unwrap());
                p.raise_range(
                    c.args.last().unwrap().location,
                    last,
                    "Generator expression must be parenthesized",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // args ',' a=expression b=for_if_clauses
            if p.alt(|p| {
                p.args()?;
                p.expect(COMMA)?;
                let a = p.expression()?;
                let b = p.for_if_clauses()?;
                let last = last_comprehension_item(b.last().unwrap());
                p.raise_range(
                    a.location,
                    last,
                    "Generator expression must be parenthesized",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // a=args ',' args
            p.alt(|p| {
                let a = p.args()?;
                p.expect(COMMA)?;
                p.args()?;
                let ExprKind::Call(c) = &a.kind else {
                    return None;
                };
                let msg = if c.keywords.iter().any(|k| k.arg.is_none()) {
                    "positional argument follows keyword argument unpacking"
                } else {
                    "positional argument follows keyword argument"
                };
                p.raise_syntax(msg);
                Some(())
            })
        })
    }

    /// invalid_kwarg
    pub fn invalid_kwarg(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                let k = p.peek();
                if !matches!(k, KW_TRUE | KW_FALSE | KW_NONE) {
                    return None;
                }
                let a = p.mark;
                p.mark += 1;
                let b = p.expect(EQUAL)?;
                let (la, lb) = (p.tok_loc(a), p.tok_loc(b));
                p.raise_range(la, lb, format!("cannot assign to {}", keyword_text(k)));
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                let (a, _) = p.name_token()?;
                let b = p.expect(EQUAL)?;
                p.expression()?;
                p.for_if_clauses()?;
                let (la, lb) = (p.tok_loc(a), p.tok_loc(b));
                p.raise_range(
                    la,
                    lb,
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                if p.lookahead(true, |p| {
                    p.expect(NAME)?;
                    p.expect(EQUAL)
                }) {
                    return None;
                }
                let a = p.expression()?;
                let b = p.expect(EQUAL)?;
                let lb = p.tok_loc(b);
                p.raise_range(
                    a.location,
                    lb,
                    "expression cannot contain assignment, perhaps you meant \"==\"?",
                );
                Some(())
            })
        })
    }

    /// expression_without_invalid: the valid `expression` alternatives with the invalid_
    /// rules switched off inside.
    fn expression_without_invalid(&mut self) -> Option<Expr> {
        let saved = self.call_invalid_rules;
        self.call_invalid_rules = false;
        let r = self.rule(|p| p.expression_without_invalid_body());
        self.call_invalid_rules = saved;
        r
    }

    /// invalid_legacy_expression: NAME !'(' star_expressions (for print/exec)
    pub fn invalid_legacy_expression(&mut self) -> Option<()> {
        self.rule(|p| {
            p.alt(|p| {
                let a = p.name_expr()?;
                if p.at(LPAR) {
                    return None;
                }
                let b = p.star_expressions()?;
                let ExprKind::Name(n) = &a.kind else {
                    return None;
                };
                if n.id != "print" && n.id != "exec" {
                    return None;
                }
                let msg = format!(
                    "Missing parentheses in call to '{0}'. Did you mean {0}(...)?",
                    n.id
                );
                p.raise_range(a.location, b.location, msg);
                Some(())
            })
        })
    }

    /// invalid_expression
    pub fn invalid_expression(&mut self) -> Option<()> {
        self.rule(|p| {
            // !(NAME STRING | SOFT_KEYWORD) disjunction expression_without_invalid
            if p.alt(|p| {
                if p.lookahead(true, |p| {
                    p.expect(NAME)?;
                    p.expect(STRING)
                }) || p.lookahead(true, |p| p.soft_keyword_token())
                {
                    return None;
                }
                let a = p.disjunction()?;
                let b = p.expression_without_invalid()?;
                if let ExprKind::Name(n) = &a.kind {
                    if n.id == "print" || n.id == "exec" {
                        return None;
                    }
                }
                if p.toks[p.mark - 1].level == 0 {
                    return None;
                }
                p.raise_range(
                    a.location,
                    b.location,
                    "invalid syntax. Perhaps you forgot a comma?",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                let a = p.disjunction()?;
                p.expect(KW_IF)?;
                let b = p.disjunction()?;
                if matches!(p.peek(), KW_ELSE | COLON) {
                    return None;
                }
                p.raise_range(
                    a.location,
                    b.location,
                    "expected 'else' after 'if' expression",
                );
                Some(())
            })
        })
    }

    /// invalid_named_expression (memo)
    pub fn invalid_named_expression(&mut self) -> Option<()> {
        if self.error.is_some() {
            return None;
        }
        if self
            .memo
            .contains_key(&memo_key(self.mark, Rule::InvalidNamedExpression))
        {
            return None;
        }
        let start = self.mark;
        let r = self.rule(|p| {
            if p.alt(|p| {
                let a = p.expression()?;
                p.expect(COLONEQUAL)?;
                p.expression()?;
                let msg = format!("cannot use assignment expressions with {}", expr_name(&a));
                p.raise_at(a.location, msg);
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                let a = p.name_expr()?;
                p.expect(EQUAL)?;
                let b = p.bitwise_or()?;
                if matches!(p.peek(), EQUAL | COLONEQUAL) {
                    return None;
                }
                p.raise_range(
                    a.location,
                    b.location,
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                let m = p.mark;
                let excluded = match p.peek() {
                    KW_TRUE | KW_NONE | KW_FALSE => true,
                    LSQB => p.lookahead(true, |p| p.list_for_lookahead()),
                    LPAR => {
                        p.lookahead(true, |p| p.tuple_for_lookahead())
                            || p.lookahead(true, |p| p.genexp())
                    }
                    _ => false,
                };
                p.mark = m;
                if excluded || p.error.is_some() {
                    return None;
                }
                let a = p.bitwise_or()?;
                p.expect(EQUAL)?;
                p.bitwise_or()?;
                if matches!(p.peek(), EQUAL | COLONEQUAL) {
                    return None;
                }
                let msg = format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    expr_name(&a)
                );
                p.raise_at(a.location, msg);
                Some(())
            })
        });
        if r.is_none() && self.error.is_none() {
            self.memo.insert(
                memo_key(start, Rule::InvalidNamedExpression),
                (self.mark as u32, MemoVal::Fail),
            );
        }
        r
    }

    /// `list` for a lookahead (the atom rule's list alternative).
    fn list_for_lookahead(&mut self) -> Option<()> {
        let e = self.atom()?;
        matches!(e.kind, ExprKind::List(_)).then_some(())
    }

    fn tuple_for_lookahead(&mut self) -> Option<()> {
        let e = self.atom()?;
        matches!(e.kind, ExprKind::Tuple(_)).then_some(())
    }

    /// invalid_assignment
    pub fn invalid_assignment(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                let a = p.invalid_ann_assign_target()?;
                p.expect(COLON)?;
                p.expression()?;
                let msg = format!(
                    "only single target (not {}) can be annotated",
                    expr_name(&a)
                );
                p.raise_at(a.location, msg);
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                let a = p.star_named_expression()?;
                p.expect(COMMA)?;
                p.repeat0(|p| p.star_named_expressions());
                p.expect(COLON)?;
                p.expression()?;
                p.raise_at(
                    a.location,
                    "only single target (not tuple) can be annotated",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                let a = p.expression()?;
                p.expect(COLON)?;
                p.expression()?;
                p.raise_at(a.location, "illegal target for annotation");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                p.repeat0(|p| {
                    p.star_targets()?;
                    p.expect(EQUAL)
                });
                let a = p.star_expressions()?;
                p.expect(EQUAL)?;
                p.raise_invalid_target(Targets::Star, &a)
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                p.repeat0(|p| {
                    p.star_targets()?;
                    p.expect(EQUAL)
                });
                let a = p.yield_expr()?;
                p.expect(EQUAL)?;
                p.raise_at(a.location, "assignment to yield expression not possible");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                let a = p.star_expressions()?;
                p.augassign()?;
                p.annotated_rhs()?;
                let msg = format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_name(&a)
                );
                p.raise_at(a.location, msg);
                Some(())
            })
        })
    }

    /// invalid_ann_assign_target: list | tuple | '(' invalid_ann_assign_target ')'
    fn invalid_ann_assign_target(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let k = p.peek();
            if k == LSQB || k == LPAR {
                if let Some(e) = p.alt(|p| {
                    let e = p.atom()?;
                    matches!(e.kind, ExprKind::List(_) | ExprKind::Tuple(_)).then_some(e)
                }) {
                    // atom tries tuple before group, as the rule tries list/tuple first.
                    return Some(e);
                }
                if p.error.is_some() {
                    return None;
                }
            }
            p.alt(|p| {
                p.expect(LPAR)?;
                let a = p.invalid_ann_assign_target()?;
                p.expect(RPAR)?;
                Some(a)
            })
        })
    }

    /// invalid_del_stmt: 'del' star_expressions
    pub fn invalid_del_stmt(&mut self) -> Option<()> {
        self.rule(|p| {
            p.expect(KW_DEL)?;
            let a = p.star_expressions()?;
            p.raise_invalid_target(Targets::Del, &a)
        })
    }

    /// invalid_comprehension
    pub fn invalid_comprehension(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                if !matches!(p.peek(), LSQB | LPAR | LBRACE) {
                    return None;
                }
                p.mark += 1;
                let a = p.starred_expression()?;
                p.for_if_clauses()?;
                p.raise_at(
                    a.location,
                    "iterable unpacking cannot be used in comprehension",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                if !matches!(p.peek(), LSQB | LBRACE) {
                    return None;
                }
                p.mark += 1;
                let a = p.star_named_expression()?;
                p.expect(COMMA)?;
                let b = p.star_named_expressions()?;
                p.for_if_clauses()?;
                let last = b.last().unwrap().location;
                p.raise_range(
                    a.location,
                    last,
                    "did you forget parentheses around the comprehension target?",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                if !matches!(p.peek(), LSQB | LBRACE) {
                    return None;
                }
                p.mark += 1;
                let a = p.star_named_expression()?;
                let b = p.expect(COMMA)?;
                p.for_if_clauses()?;
                let lb = p.tok_loc(b);
                p.raise_range(
                    a.location,
                    lb,
                    "did you forget parentheses around the comprehension target?",
                );
                Some(())
            })
        })
    }

    /// invalid_dict_comprehension: '{' '**' bitwise_or for_if_clauses '}'
    pub fn invalid_dict_comprehension(&mut self) -> Option<()> {
        self.rule(|p| {
            p.expect(LBRACE)?;
            let a = p.expect(DOUBLESTAR)?;
            p.bitwise_or()?;
            p.for_if_clauses()?;
            p.expect(RBRACE)?;
            let la = p.tok_loc(a);
            p.raise_at(la, "dict unpacking cannot be used in dict comprehension");
            Some(())
        })
    }

    /// invalid_parameters / invalid_lambda_parameters
    pub fn invalid_parameters(&mut self, lambda: bool) -> Option<()> {
        self.rule(|p| {
            // param_no_default* invalid_parameters_helper a=param_no_default
            if p.alt(|p| {
                p.repeat0(|p| p.param_no_default(lambda));
                let helper = p.alt(|p| p.slash_with_default(lambda).map(|_| ()));
                if helper.is_none() {
                    if p.error.is_some() {
                        return None;
                    }
                    p.repeat1(|p| p.param_with_default(lambda))?;
                }
                let a = p.param_no_default(lambda)?;
                p.raise_at(a.location, "non-default argument follows default argument");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // param_no_default* '(' param_no_default+ ','? ')'
            if p.alt(|p| {
                p.repeat0(|p| p.param_no_default(lambda));
                let a = p.expect(LPAR)?;
                if lambda {
                    p.gather(COMMA, |p| p.param(true))?;
                } else {
                    p.repeat1(|p| p.param_no_default(false))?;
                }
                p.expect(COMMA);
                let b = p.expect(RPAR)?;
                let (la, lb) = (p.tok_loc(a), p.tok_loc(b));
                let msg = if lambda {
                    "Lambda expression parameters cannot be parenthesized"
                } else {
                    "Function parameters cannot be parenthesized"
                };
                p.raise_range(la, lb, msg);
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // "/" ','
            if p.alt(|p| {
                let a = p.expect(SLASH)?;
                p.expect(COMMA)?;
                let la = p.tok_loc(a);
                p.raise_at(la, "at least one argument must precede /");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            let slash = |p: &mut Parser<'a>| -> Option<()> {
                if p.alt(|p| p.slash_no_default(lambda)).is_some() {
                    return Some(());
                }
                if p.error.is_some() {
                    return None;
                }
                p.slash_with_default(lambda).map(|_| ())
            };
            // (slash_no_default | slash_with_default) param_maybe_default* '/'
            if p.alt(|p| {
                slash(p)?;
                p.repeat0(|p| p.param_maybe_default(lambda));
                let a = p.expect(SLASH)?;
                let la = p.tok_loc(a);
                p.raise_at(la, "/ may appear only once");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // [(slash_no_default | slash_with_default)] param_maybe_default* '*'
            //   (',' | param_no_default) param_maybe_default* '/'
            if p.alt(|p| {
                p.opt(slash);
                p.repeat0(|p| p.param_maybe_default(lambda));
                p.expect(STAR)?;
                if p.expect(COMMA).is_none() {
                    p.param_no_default(lambda)?;
                }
                p.repeat0(|p| p.param_maybe_default(lambda));
                let a = p.expect(SLASH)?;
                let la = p.tok_loc(a);
                p.raise_at(la, "/ must be ahead of *");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            // param_maybe_default+ '/' '*'
            p.alt(|p| {
                p.repeat1(|p| p.param_maybe_default(lambda))?;
                p.expect(SLASH)?;
                let a = p.expect(STAR)?;
                let la = p.tok_loc(a);
                p.raise_at(la, "expected comma between / and *");
                Some(())
            })
        })
    }

    /// invalid_star_etc / invalid_lambda_star_etc
    pub fn invalid_star_etc(&mut self, lambda: bool) -> Option<()> {
        self.rule(|p| {
            let end = if lambda { COLON } else { RPAR };
            if p.alt(|p| {
                let a = p.expect(STAR)?;
                if p.expect(end).is_none() {
                    p.expect(COMMA)?;
                    if p.expect(end).is_none() {
                        p.expect(DOUBLESTAR)?;
                    }
                }
                if lambda {
                    p.raise_syntax("named arguments must follow bare *");
                } else {
                    let la = p.tok_loc(a);
                    p.raise_at(la, "named arguments must follow bare *");
                }
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if !lambda
                && (p
                    .alt(|p| {
                        p.expect(STAR)?;
                        p.expect(COMMA)?;
                        p.expect(TYPE_COMMENT)?;
                        p.raise_syntax("bare * has associated type comment");
                        Some(())
                    })
                    .is_some()
                    || p.error.is_some())
            {
                return None;
            }
            if p.alt(|p| {
                p.expect(STAR)?;
                p.param(lambda)?;
                let a = p.expect(EQUAL)?;
                let la = p.tok_loc(a);
                p.raise_at(la, "var-positional argument cannot have default value");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                p.expect(STAR)?;
                if p.alt(|p| p.param_no_default(lambda)).is_none() {
                    if p.error.is_some() {
                        return None;
                    }
                    p.expect(COMMA)?;
                }
                p.repeat0(|p| p.param_maybe_default(lambda));
                let a = p.expect(STAR)?;
                if p.alt(|p| p.param_no_default(lambda)).is_none() {
                    if p.error.is_some() {
                        return None;
                    }
                    p.expect(COMMA)?;
                }
                let la = p.tok_loc(a);
                p.raise_at(la, "* argument may appear only once");
                Some(())
            })
        })
    }

    /// invalid_kwds / invalid_lambda_kwds
    pub fn invalid_kwds(&mut self, lambda: bool) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                p.expect(DOUBLESTAR)?;
                p.param(lambda)?;
                let a = p.expect(EQUAL)?;
                let la = p.tok_loc(a);
                p.raise_at(la, "var-keyword argument cannot have default value");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                p.expect(DOUBLESTAR)?;
                p.param(lambda)?;
                p.expect(COMMA)?;
                let a = p.param(lambda)?;
                p.raise_at(a.location, "arguments cannot follow var-keyword argument");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                p.expect(DOUBLESTAR)?;
                p.param(lambda)?;
                p.expect(COMMA)?;
                if !matches!(p.peek(), STAR | DOUBLESTAR | SLASH) {
                    return None;
                }
                let la = p.tok_loc(p.mark);
                p.mark += 1;
                p.raise_at(la, "arguments cannot follow var-keyword argument");
                Some(())
            })
        })
    }

    /// invalid_with_item: expression 'as' expression &(',' | ')' | ':')
    pub fn invalid_with_item(&mut self) -> Option<()> {
        self.rule(|p| {
            p.expression()?;
            p.expect(KW_AS)?;
            let a = p.expression()?;
            if !matches!(p.peek(), COMMA | RPAR | COLON) {
                return None;
            }
            p.raise_invalid_target(Targets::Star, &a)
        })
    }

    /// invalid_for_target: ASYNC? 'for' star_expressions
    pub fn invalid_for_target(&mut self) -> Option<()> {
        self.rule(|p| {
            p.expect(ASYNC);
            p.expect(KW_FOR)?;
            let a = p.star_expressions()?;
            p.raise_invalid_target(Targets::For, &a)
        })
    }

    /// invalid_group: '(' starred_expression ')' | '(' '**' expression ')'
    pub fn invalid_group(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                p.expect(LPAR)?;
                let a = p.starred_expression()?;
                p.expect(RPAR)?;
                p.raise_at(a.location, "cannot use starred expression here");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                p.expect(LPAR)?;
                let a = p.expect(DOUBLESTAR)?;
                p.expression()?;
                p.expect(RPAR)?;
                let la = p.tok_loc(a);
                p.raise_at(la, "cannot use double starred expression here");
                Some(())
            })
        })
    }

    /// The `','.(expression ['as' star_target])+` of the invalid with rules (or with
    /// `expressions` inside parentheses).
    fn with_items_loose(&mut self, parenthesized: bool) -> Option<()> {
        self.gather(COMMA, |p| {
            if parenthesized {
                p.expressions()?;
            } else {
                p.expression()?;
            }
            p.opt(|p| {
                p.expect(KW_AS)?;
                p.star_target()
            });
            if p.error.is_some() {
                return None;
            }
            Some(())
        })
        .map(|_| ())
    }

    /// invalid_with_stmt
    pub fn invalid_with_stmt(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                p.expect(ASYNC);
                p.expect(KW_WITH)?;
                p.with_items_loose(false)?;
                p.expect(NEWLINE)?;
                p.raise_syntax("expected ':'");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                p.expect(ASYNC);
                p.expect(KW_WITH)?;
                p.expect(LPAR)?;
                p.with_items_loose(true)?;
                p.expect(COMMA);
                p.expect(RPAR)?;
                p.expect(NEWLINE)?;
                p.raise_syntax("expected ':'");
                Some(())
            })
        })
    }

    /// invalid_with_stmt_indent
    pub fn invalid_with_stmt_indent(&mut self) -> Option<()> {
        self.rule(|p| {
            for parenthesized in [false, true] {
                if p.alt(|p| {
                    p.expect(ASYNC);
                    let a = p.expect(KW_WITH)?;
                    if parenthesized {
                        p.expect(LPAR)?;
                        p.with_items_loose(true)?;
                        p.expect(COMMA);
                        p.expect(RPAR)?;
                    } else {
                        p.with_items_loose(false)?;
                    }
                    p.expect(COLON)?;
                    p.expect(NEWLINE)?;
                    if p.at(INDENT) {
                        return None;
                    }
                    let line = p.toks[a].lineno;
                    p.raise_indentation(format!(
                        "expected an indented block after 'with' statement on line {}",
                        line
                    ));
                    Some(())
                })
                .is_some()
                    || p.error.is_some()
                {
                    return None;
                }
            }
            None
        })
    }

    /// invalid_try_stmt
    pub fn invalid_try_stmt(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                let a = p.expect(KW_TRY)?;
                p.expect(COLON)?;
                p.expect(NEWLINE)?;
                if p.at(INDENT) {
                    return None;
                }
                let line = p.toks[a].lineno;
                p.raise_indentation(format!(
                    "expected an indented block after 'try' statement on line {}",
                    line
                ));
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                p.expect(KW_TRY)?;
                p.expect(COLON)?;
                p.block()?;
                if matches!(p.peek(), KW_EXCEPT | KW_FINALLY) {
                    return None;
                }
                p.raise_syntax("expected 'except' or 'finally' block");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                p.expect(KW_TRY)?;
                p.expect(COLON)?;
                p.repeat0(|p| p.block());
                p.repeat1(|p| p.except_block())?;
                let a = p.expect(KW_EXCEPT)?;
                let b = p.expect(STAR)?;
                p.expression()?;
                p.opt(|p| {
                    p.expect(KW_AS)?;
                    p.expect(NAME)
                });
                p.expect(COLON)?;
                let (la, lb) = (p.tok_loc(a), p.tok_loc(b));
                p.raise_range(
                    la,
                    lb,
                    "cannot have both 'except' and 'except*' on the same 'try'",
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                p.expect(KW_TRY)?;
                p.expect(COLON)?;
                p.repeat0(|p| p.block());
                p.repeat1(|p| p.except_star_block())?;
                let a = p.expect(KW_EXCEPT)?;
                p.opt(|p| {
                    p.expression()?;
                    p.opt(|p| {
                        p.expect(KW_AS)?;
                        p.expect(NAME)
                    });
                    Some(())
                });
                p.expect(COLON)?;
                let la = p.tok_loc(a);
                p.raise_at(
                    la,
                    "cannot have both 'except' and 'except*' on the same 'try'",
                );
                Some(())
            })
        })
    }

    /// invalid_except_stmt
    pub fn invalid_except_stmt(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                p.expect(KW_EXCEPT)?;
                p.expect(STAR);
                let a = p.expression()?;
                p.expect(COMMA)?;
                p.expressions()?;
                p.opt(|p| {
                    p.expect(KW_AS)?;
                    p.expect(NAME)
                });
                p.expect(COLON)?;
                p.raise_starting_from(
                    ErrorType::SyntaxError,
                    "multiple exception types must be parenthesized".into(),
                    a.location.lineno,
                    a.location.col_offset,
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                p.expect(KW_EXCEPT)?;
                p.expect(STAR);
                p.expression()?;
                p.opt(|p| {
                    p.expect(KW_AS)?;
                    p.expect(NAME)
                });
                p.expect(NEWLINE)?;
                p.raise_syntax("expected ':'");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            if p.alt(|p| {
                p.expect(KW_EXCEPT)?;
                p.expect(NEWLINE)?;
                p.raise_syntax("expected ':'");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                p.expect(KW_EXCEPT)?;
                p.expect(STAR)?;
                if !matches!(p.peek(), NEWLINE | COLON) {
                    return None;
                }
                p.mark += 1;
                p.raise_syntax("expected one or more exception types");
                Some(())
            })
        })
    }

    /// `a=KW ':' NEWLINE !INDENT` (invalid_else_stmt, invalid_finally_stmt).
    pub fn invalid_block_after(&mut self, kw: Kind, what: &str) -> Option<()> {
        self.rule(|p| {
            let a = p.expect(kw)?;
            p.expect(COLON)?;
            p.expect(NEWLINE)?;
            if p.at(INDENT) {
                return None;
            }
            let line = p.toks[a].lineno;
            p.raise_indentation(format!(
                "expected an indented block after {} on line {}",
                what, line
            ));
            Some(())
        })
    }

    /// invalid_except_stmt_indent
    pub fn invalid_except_stmt_indent(&mut self) -> Option<()> {
        self.rule(|p| {
            for with_expr in [true, false] {
                if p.alt(|p| {
                    let a = p.expect(KW_EXCEPT)?;
                    if with_expr {
                        p.expression()?;
                        p.opt(|p| {
                            p.expect(KW_AS)?;
                            p.expect(NAME)
                        });
                    }
                    p.expect(COLON)?;
                    p.expect(NEWLINE)?;
                    if p.at(INDENT) {
                        return None;
                    }
                    let line = p.toks[a].lineno;
                    p.raise_indentation(format!(
                        "expected an indented block after 'except' statement on line {}",
                        line
                    ));
                    Some(())
                })
                .is_some()
                    || p.error.is_some()
                {
                    return None;
                }
            }
            None
        })
    }

    /// invalid_except_star_stmt_indent
    pub fn invalid_except_star_stmt_indent(&mut self) -> Option<()> {
        self.rule(|p| {
            let a = p.expect(KW_EXCEPT)?;
            p.expect(STAR)?;
            p.expression()?;
            p.opt(|p| {
                p.expect(KW_AS)?;
                p.expect(NAME)
            });
            p.expect(COLON)?;
            p.expect(NEWLINE)?;
            if p.at(INDENT) {
                return None;
            }
            let line = p.toks[a].lineno;
            p.raise_indentation(format!(
                "expected an indented block after 'except*' statement on line {}",
                line
            ));
            Some(())
        })
    }

    /// invalid_if_stmt / invalid_elif_stmt / invalid_while_stmt
    pub fn invalid_if_stmt(&mut self, kw: Kind) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                p.expect(kw)?;
                p.named_expression()?;
                p.expect(NEWLINE)?;
                p.raise_syntax("expected ':'");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                let a = p.expect(kw)?;
                p.named_expression()?;
                p.expect(COLON)?;
                p.expect(NEWLINE)?;
                if p.at(INDENT) {
                    return None;
                }
                let line = p.toks[a].lineno;
                p.raise_indentation(format!(
                    "expected an indented block after '{}' statement on line {}",
                    keyword_text(kw),
                    line
                ));
                Some(())
            })
        })
    }

    /// invalid_for_stmt
    pub fn invalid_for_stmt(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                p.expect(ASYNC);
                p.expect(KW_FOR)?;
                p.star_targets()?;
                p.expect(KW_IN)?;
                p.star_expressions()?;
                p.expect(NEWLINE)?;
                p.raise_syntax("expected ':'");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                p.expect(ASYNC);
                let a = p.expect(KW_FOR)?;
                p.star_targets()?;
                p.expect(KW_IN)?;
                p.star_expressions()?;
                p.expect(COLON)?;
                p.expect(NEWLINE)?;
                if p.at(INDENT) {
                    return None;
                }
                let line = p.toks[a].lineno;
                p.raise_indentation(format!(
                    "expected an indented block after 'for' statement on line {}",
                    line
                ));
                Some(())
            })
        })
    }

    /// invalid_def_raw
    pub fn invalid_def_raw(&mut self) -> Option<()> {
        self.rule(|p| {
            p.expect(ASYNC);
            let a = p.expect(KW_DEF)?;
            p.expect(NAME)?;
            p.expect(LPAR)?;
            p.opt(|p| p.params());
            if p.error.is_some() {
                return None;
            }
            p.expect(RPAR)?;
            p.opt(|p| {
                p.expect(RARROW)?;
                p.expression()
            });
            if p.error.is_some() {
                return None;
            }
            p.expect(COLON)?;
            p.expect(NEWLINE)?;
            if p.at(INDENT) {
                return None;
            }
            let line = p.toks[a].lineno;
            p.raise_indentation(format!(
                "expected an indented block after function definition on line {}",
                line
            ));
            Some(())
        })
    }

    /// invalid_class_def_raw
    pub fn invalid_class_def_raw(&mut self) -> Option<()> {
        self.rule(|p| {
            let head = |p: &mut Parser<'a>| -> Option<usize> {
                let a = p.expect(KW_CLASS)?;
                p.expect(NAME)?;
                p.opt(|p| {
                    p.expect(LPAR)?;
                    p.opt(|p| p.arguments());
                    p.expect(RPAR)
                });
                if p.error.is_some() {
                    return None;
                }
                Some(a)
            };
            if p.alt(|p| {
                head(p)?;
                p.expect(NEWLINE)?;
                p.raise_syntax("expected ':'");
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.alt(|p| {
                let a = head(p)?;
                p.expect(COLON)?;
                p.expect(NEWLINE)?;
                if p.at(INDENT) {
                    return None;
                }
                let line = p.toks[a].lineno;
                p.raise_indentation(format!(
                    "expected an indented block after class definition on line {}",
                    line
                ));
                Some(())
            })
        })
    }

    /// invalid_double_starred_kvpairs
    pub fn invalid_double_starred_kvpairs(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                p.gather(COMMA, |p| p.double_starred_kvpair())?;
                p.expect(COMMA)?;
                p.invalid_kvpair()
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.kvpair_value_errors()
        })
    }

    /// The two `expression ':' ...` alternatives shared by the kvpair invalid rules.
    fn kvpair_value_errors(&mut self) -> Option<()> {
        if self
            .alt(|p| {
                p.expression()?;
                p.expect(COLON)?;
                let a = p.expect(STAR)?;
                p.bitwise_or()?;
                let la = p.tok_loc(a);
                p.raise_starting_from(
                    ErrorType::SyntaxError,
                    "cannot use a starred expression in a dictionary value".into(),
                    la.lineno,
                    la.col_offset,
                );
                Some(())
            })
            .is_some()
            || self.error.is_some()
        {
            return None;
        }
        self.alt(|p| {
            p.expression()?;
            let a = p.expect(COLON)?;
            if !matches!(p.peek(), RBRACE | COMMA) {
                return None;
            }
            let la = p.tok_loc(a);
            p.raise_at(la, "expression expected after dictionary key and ':'");
            Some(())
        })
    }

    /// invalid_kvpair
    fn invalid_kvpair(&mut self) -> Option<()> {
        self.rule(|p| {
            if p.alt(|p| {
                let a = p.expression()?;
                if p.at(COLON) {
                    return None;
                }
                let l = a.location;
                p.raise_known_location(
                    ErrorType::SyntaxError,
                    "':' expected after dictionary key".into(),
                    l.lineno,
                    l.end_col_offset - 1,
                    l.end_lineno,
                    -1,
                );
                Some(())
            })
            .is_some()
                || p.error.is_some()
            {
                return None;
            }
            p.kvpair_value_errors()
        })
    }
}
