//! Expression rules of the grammar: `expressions` down to `atom`, displays and
//! comprehensions. Left-recursive rules (`bitwise_or` ... `term`, `primary`) are loops,
//! which build the same trees pegen's seed growing does and look at the same tokens.

use super::*;

/// A `(cmpop, expr)` pair of a comparison.
type CmpPair = (CmpOp, Expr);

impl<'a> Parser<'a> {
    /// expressions: expression (',' expression)+ [','] | expression ',' | expression
    pub fn expressions(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.expression()?;
            p.tuple_tail(a, start, |p| p.expression())
        })
    }

    /// The shared shape `a (',' x)+ [','] | a ',' | a` of `expressions`/`star_expressions`.
    fn tuple_tail(
        &mut self,
        a: Expr,
        start: (i32, i32),
        mut f: impl FnMut(&mut Self) -> Option<Expr>,
    ) -> Option<Expr> {
        let mut elts = vec![a];
        loop {
            let m = self.mark;
            if self.expect(COMMA).is_none() {
                break;
            }
            match f(self) {
                Some(x) => elts.push(x),
                None => {
                    self.mark = m;
                    break;
                }
            }
        }
        if self.error.is_some() {
            return None;
        }
        if elts.len() > 1 {
            self.expect(COMMA);
        } else if self.expect(COMMA).is_none() {
            return elts.pop();
        }
        if self.error.is_some() {
            return None;
        }
        let loc = self.loc_from(start);
        Some(mk(
            ExprKind::Tuple(ExprTuple {
                elts,
                ctx: ExprContext::Load,
            }),
            loc,
        ))
    }

    /// expression (memo): invalid_expression | invalid_legacy_expression
    ///   | disjunction 'if' disjunction 'else' expression | disjunction | lambdef
    pub fn expression(&mut self) -> Option<Expr> {
        // In the first pass an expression is asked for twice at one position only right
        // after an opening bracket, a comma, '=' or 'with' (tuple/group/genexp, list/listcomp,
        // dict/set, genexp/arguments, with items); storing it elsewhere would clone every
        // subtree once per nesting level (quadratic on `lambda: lambda: ...` chains).
        let worth_storing = self.call_invalid_rules
            || self.mark == 0
            || matches!(
                self.toks[self.mark - 1].kind,
                LPAR | LSQB | LBRACE | COMMA | EQUAL | KW_WITH
            );
        if !worth_storing {
            if self.error.is_some() {
                return None;
            }
            if let Some(v) = self.memo_get(Rule::Expression) {
                return match v {
                    Some(MemoVal::Expr(e)) => Some(e),
                    _ => None,
                };
            }
            return self.rule(|p| p.expression_without_invalid_body());
        }
        self.memo_expr(Rule::Expression, |p| {
            p.rule(|p| {
                if p.call_invalid_rules {
                    if p.alt(|p| p.invalid_expression()).is_some() || p.error.is_some() {
                        return None;
                    }
                    if p.alt(|p| p.invalid_legacy_expression()).is_some() || p.error.is_some() {
                        return None;
                    }
                }
                p.expression_without_invalid_body()
            })
        })
    }

    /// The valid alternatives of `expression` (also `expression_without_invalid`).
    pub fn expression_without_invalid_body(&mut self) -> Option<Expr> {
        let start = self.start_pos();
        if let Some(a) = self.disjunction() {
            let r = self.alt(|p| {
                p.expect(KW_IF)?;
                let b = p.disjunction()?;
                p.expect(KW_ELSE)?;
                let c = p.expression()?;
                Some((b, c))
            });
            if let Some((b, c)) = r {
                let loc = self.loc_from(start);
                return Some(mk(
                    ExprKind::IfExp(ExprIfExp {
                        test: Box::new(b),
                        body: Box::new(a),
                        orelse: Box::new(c),
                    }),
                    loc,
                ));
            }
            if self.error.is_some() {
                return None;
            }
            return Some(a);
        }
        if self.error.is_some() {
            return None;
        }
        self.lambdef()
    }

    /// yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]
    pub fn yield_expr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            p.alt(|p| {
                p.expect(KW_YIELD)?;
                p.expect(KW_FROM)?;
                let a = p.expression()?;
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::YieldFrom(ExprYieldFrom { value: Box::new(a) }),
                    loc,
                ))
            })
            .or_else(|| {
                p.alt(|p| {
                    p.expect(KW_YIELD)?;
                    let a = p.opt(|p| p.star_expressions());
                    if p.error.is_some() {
                        return None;
                    }
                    let loc = p.loc_from(start);
                    Some(mk(
                        ExprKind::Yield(ExprYield {
                            value: a.map(Box::new),
                        }),
                        loc,
                    ))
                })
            })
        })
    }

    /// star_expressions: star_expression (',' star_expression)+ [','] | star_expression ','
    ///   | star_expression
    pub fn star_expressions(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.star_expression()?;
            p.tuple_tail(a, start, |p| p.star_expression())
        })
    }

    /// star_expression (memo): '*' bitwise_or | expression
    pub fn star_expression(&mut self) -> Option<Expr> {
        self.memo_expr_pass2(Rule::StarExpression, |p| {
            p.rule(|p| {
                let start = p.start_pos();
                if let Some(r) = p.alt(|p| {
                    p.expect(STAR)?;
                    let a = p.bitwise_or()?;
                    let loc = p.loc_from(start);
                    Some(starred(a, loc))
                }) {
                    return Some(r);
                }
                p.expression()
            })
        })
    }

    /// star_named_expressions: ','.star_named_expression+ [',']
    pub fn star_named_expressions(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            p.alt(|p| {
                let v = p.gather(COMMA, |p| p.star_named_expression())?;
                p.expect(COMMA);
                if p.error.is_some() {
                    return None;
                }
                Some(v)
            })
        })
    }

    /// star_named_expression: '*' bitwise_or | named_expression
    pub fn star_named_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(r) = p.alt(|p| {
                p.expect(STAR)?;
                let a = p.bitwise_or()?;
                let loc = p.loc_from(start);
                Some(starred(a, loc))
            }) {
                return Some(r);
            }
            p.named_expression()
        })
    }

    /// assignment_expression: NAME ':=' ~ expression
    pub fn assignment_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            p.alt(|p| {
                let a = p.name_expr()?;
                p.expect(COLONEQUAL)?;
                let b = p.expression()?;
                let loc = p.loc_from(start);
                let e = mk(
                    ExprKind::NamedExpr(ExprNamedExpr {
                        target: Box::new(set_context(a, ExprContext::Store)),
                        value: Box::new(b),
                    }),
                    loc,
                );
                p.check_version(8, "Assignment expressions are", e)
            })
        })
    }

    /// named_expression: assignment_expression | invalid_named_expression | expression !':='
    pub fn named_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if let Some(e) = p.assignment_expression() {
                return Some(e);
            }
            if p.error.is_some() {
                return None;
            }
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_named_expression()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            p.alt(|p| {
                let e = p.expression()?;
                if p.lookahead(false, |p| p.expect(COLONEQUAL)) {
                    Some(e)
                } else {
                    None
                }
            })
        })
    }

    /// `assignment_expression | expression !':='` (used by genexp and arguments).
    pub fn assignment_or_expression(&mut self) -> Option<Expr> {
        if let Some(e) = self.assignment_expression() {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        self.alt(|p| {
            let e = p.expression()?;
            if p.lookahead(false, |p| p.expect(COLONEQUAL)) {
                Some(e)
            } else {
                None
            }
        })
    }

    /// disjunction (memo): conjunction ('or' conjunction)+ | conjunction
    pub fn disjunction(&mut self) -> Option<Expr> {
        self.memo_expr_pass2(Rule::Disjunction, |p| {
            p.rule(|p| {
                let start = p.start_pos();
                let a = p.conjunction()?;
                p.boolop_tail(a, start, KW_OR, BoolOp::Or, |p| p.conjunction())
            })
        })
    }

    fn boolop_tail(
        &mut self,
        a: Expr,
        start: (i32, i32),
        kw: Kind,
        op: BoolOp,
        mut f: impl FnMut(&mut Self) -> Option<Expr>,
    ) -> Option<Expr> {
        let mut values = vec![a];
        loop {
            let m = self.mark;
            if self.expect(kw).is_none() {
                break;
            }
            match f(self) {
                Some(x) => values.push(x),
                None => {
                    self.mark = m;
                    break;
                }
            }
        }
        if self.error.is_some() {
            return None;
        }
        if values.len() == 1 {
            return values.pop();
        }
        let loc = self.loc_from(start);
        Some(mk(ExprKind::BoolOp(ExprBoolOp { op, values }), loc))
    }

    /// conjunction (memo): inversion ('and' inversion)+ | inversion
    pub fn conjunction(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.inversion()?;
            p.boolop_tail(a, start, KW_AND, BoolOp::And, |p| p.inversion())
        })
    }

    /// inversion (memo): 'not' inversion | comparison
    pub fn inversion(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(r) = p.alt(|p| {
                p.expect(KW_NOT)?;
                let a = p.inversion()?;
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::UnaryOp(ExprUnaryOp {
                        op: UnaryOp::Not,
                        operand: Box::new(a),
                    }),
                    loc,
                ))
            }) {
                return Some(r);
            }
            p.comparison()
        })
    }

    /// comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or
    pub fn comparison(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.bitwise_or()?;
            let pairs = p.repeat0(|p| p.compare_op_bitwise_or_pair());
            if p.error.is_some() {
                return None;
            }
            if pairs.is_empty() {
                return Some(a);
            }
            let loc = p.loc_from(start);
            let (ops, comparators) = pairs.into_iter().unzip();
            Some(mk(
                ExprKind::Compare(ExprCompare {
                    left: Box::new(a),
                    ops,
                    comparators,
                }),
                loc,
            ))
        })
    }

    /// compare_op_bitwise_or_pair: one comparison operator and its right operand.
    fn compare_op_bitwise_or_pair(&mut self) -> Option<CmpPair> {
        self.rule(|p| {
            let op = match p.peek() {
                EQEQUAL => {
                    p.mark += 1;
                    CmpOp::Eq
                }
                NOTEQUAL => {
                    // "<>" is NOTEQUAL too, but only valid with barry_as_FLUFL.
                    if p.tok_text(p.mark) != b"!=" {
                        return None;
                    }
                    p.mark += 1;
                    CmpOp::NotEq
                }
                LESSEQUAL => {
                    p.mark += 1;
                    CmpOp::LtE
                }
                LESS => {
                    p.mark += 1;
                    CmpOp::Lt
                }
                GREATEREQUAL => {
                    p.mark += 1;
                    CmpOp::GtE
                }
                GREATER => {
                    p.mark += 1;
                    CmpOp::Gt
                }
                KW_NOT => {
                    p.mark += 1;
                    p.expect(KW_IN)?;
                    CmpOp::NotIn
                }
                KW_IN => {
                    p.mark += 1;
                    CmpOp::In
                }
                KW_IS => {
                    p.mark += 1;
                    let m = p.mark;
                    // 'is' 'not' bitwise_or, else 'is' bitwise_or.
                    if p.expect(KW_NOT).is_some() {
                        if let Some(b) = p.bitwise_or() {
                            return Some((CmpOp::IsNot, b));
                        }
                        if p.error.is_some() {
                            return None;
                        }
                        p.mark = m;
                    }
                    CmpOp::Is
                }
                _ => return None,
            };
            let b = p.bitwise_or()?;
            Some((op, b))
        })
    }

    /// bitwise_or (left-recursive, memo): bitwise_or '|' bitwise_xor | bitwise_xor
    pub fn bitwise_or(&mut self) -> Option<Expr> {
        self.memo_expr_pass2(Rule::BitwiseOr, |p| {
            p.rule(|p| {
                let start = p.start_pos();
                let a = p.bitwise_xor()?;
                p.binop_loop(
                    a,
                    start,
                    |k| (k == VBAR).then_some(Operator::BitOr),
                    |p| p.bitwise_xor(),
                )
            })
        })
    }

    fn binop_loop(
        &mut self,
        mut a: Expr,
        start: (i32, i32),
        op_of: impl Fn(Kind) -> Option<Operator>,
        mut f: impl FnMut(&mut Self) -> Option<Expr>,
    ) -> Option<Expr> {
        loop {
            let m = self.mark;
            let k = self.peek();
            let Some(op) = op_of(k) else { break };
            self.mark += 1;
            match f(self) {
                Some(b) => {
                    let loc = self.loc_from(start);
                    if op == Operator::MatMult && self.flags.feature_version < 5 {
                        return self.check_version(5, "The '@' operator is", a);
                    }
                    a = mk(
                        ExprKind::BinOp(ExprBinOp {
                            left: Box::new(a),
                            op,
                            right: Box::new(b),
                        }),
                        loc,
                    );
                }
                None => {
                    self.mark = m;
                    break;
                }
            }
        }
        if self.error.is_some() {
            return None;
        }
        Some(a)
    }

    /// bitwise_xor: bitwise_xor '^' bitwise_and | bitwise_and
    fn bitwise_xor(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.bitwise_and()?;
            p.binop_loop(
                a,
                start,
                |k| (k == CIRCUMFLEX).then_some(Operator::BitXor),
                |p| p.bitwise_and(),
            )
        })
    }

    /// bitwise_and: bitwise_and '&' shift_expr | shift_expr
    fn bitwise_and(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.shift_expr()?;
            p.binop_loop(
                a,
                start,
                |k| (k == AMPER).then_some(Operator::BitAnd),
                |p| p.shift_expr(),
            )
        })
    }

    /// shift_expr: shift_expr ('<<' | '>>') sum | sum
    fn shift_expr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.sum()?;
            p.binop_loop(
                a,
                start,
                |k| match k {
                    LEFTSHIFT => Some(Operator::LShift),
                    RIGHTSHIFT => Some(Operator::RShift),
                    _ => None,
                },
                |p| p.sum(),
            )
        })
    }

    /// sum: sum ('+' | '-') term | term
    fn sum(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.term()?;
            p.binop_loop(
                a,
                start,
                |k| match k {
                    PLUS => Some(Operator::Add),
                    MINUS => Some(Operator::Sub),
                    _ => None,
                },
                |p| p.term(),
            )
        })
    }

    /// term: term ('*' | '/' | '//' | '%' | '@') factor | factor
    fn term(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.factor()?;
            p.binop_loop(
                a,
                start,
                |k| match k {
                    STAR => Some(Operator::Mult),
                    SLASH => Some(Operator::Div),
                    DOUBLESLASH => Some(Operator::FloorDiv),
                    PERCENT => Some(Operator::Mod),
                    AT => Some(Operator::MatMult),
                    _ => None,
                },
                |p| p.factor(),
            )
        })
    }

    /// factor (memo): ('+' | '-' | '~') factor | power
    pub fn factor(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let op = match p.peek() {
                PLUS => Some(UnaryOp::UAdd),
                MINUS => Some(UnaryOp::USub),
                TILDE => Some(UnaryOp::Invert),
                _ => None,
            };
            if let Some(op) = op {
                let r = p.alt(|p| {
                    p.mark += 1;
                    let a = p.factor()?;
                    let loc = p.loc_from(start);
                    Some(mk(
                        ExprKind::UnaryOp(ExprUnaryOp {
                            op,
                            operand: Box::new(a),
                        }),
                        loc,
                    ))
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            p.power()
        })
    }

    /// power: await_primary '**' factor | await_primary
    fn power(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.await_primary()?;
            let r = p.alt(|p| {
                p.expect(DOUBLESTAR)?;
                p.factor()
            });
            if p.error.is_some() {
                return None;
            }
            match r {
                Some(b) => {
                    let loc = p.loc_from(start);
                    Some(mk(
                        ExprKind::BinOp(ExprBinOp {
                            left: Box::new(a),
                            op: Operator::Pow,
                            right: Box::new(b),
                        }),
                        loc,
                    ))
                }
                None => Some(a),
            }
        })
    }

    /// await_primary (memo): AWAIT primary | primary
    fn await_primary(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if p.at(AWAIT) {
                let r = p.alt(|p| {
                    p.mark += 1;
                    let a = p.primary()?;
                    let loc = p.loc_from(start);
                    let e = mk(ExprKind::Await(ExprAwait { value: Box::new(a) }), loc);
                    p.check_version(5, "Await expressions are", e)
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            p.primary()
        })
    }

    /// primary (left-recursive): primary '.' NAME | primary genexp | primary '(' [arguments] ')'
    ///   | primary '[' slices ']' | atom
    pub fn primary(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let mut a = p.atom()?;
            loop {
                let m = p.mark;
                let next = match p.peek() {
                    DOT => p.alt(|p| {
                        p.mark += 1;
                        let (_, attr) = p.name_token()?;
                        let loc = p.loc_from(start);
                        Some((
                            ExprKind::Attribute(ExprAttribute {
                                value: Box::new(dummy()),
                                attr,
                                ctx: ExprContext::Load,
                            }),
                            loc,
                        ))
                    }),
                    LPAR => {
                        let g = p.alt(|p| p.genexp());
                        if let Some(g) = g {
                            let loc = p.loc_from(start);
                            Some((
                                ExprKind::Call(ExprCall {
                                    func: Box::new(dummy()),
                                    args: vec![g],
                                    keywords: Vec::new(),
                                }),
                                loc,
                            ))
                        } else if p.error.is_some() {
                            None
                        } else {
                            p.alt(|p| {
                                p.mark += 1;
                                let args = p.opt(|p| p.arguments());
                                if p.error.is_some() {
                                    return None;
                                }
                                p.expect(RPAR)?;
                                let loc = p.loc_from(start);
                                let (args, keywords) = call_parts(args);
                                Some((
                                    ExprKind::Call(ExprCall {
                                        func: Box::new(dummy()),
                                        args,
                                        keywords,
                                    }),
                                    loc,
                                ))
                            })
                        }
                    }
                    LSQB => p.alt(|p| {
                        p.mark += 1;
                        let s = p.slices()?;
                        p.expect(RSQB)?;
                        let loc = p.loc_from(start);
                        Some((
                            ExprKind::Subscript(ExprSubscript {
                                value: Box::new(dummy()),
                                slice: Box::new(s),
                                ctx: ExprContext::Load,
                            }),
                            loc,
                        ))
                    }),
                    _ => None,
                };
                if p.error.is_some() {
                    return None;
                }
                match next {
                    Some((mut kind, loc)) => {
                        put_inner(&mut kind, a);
                        a = mk(kind, loc);
                    }
                    None => {
                        p.mark = m;
                        break;
                    }
                }
            }
            Some(a)
        })
    }

    /// slices: slice !',' | ','.(slice | starred_expression)+ [',']
    pub fn slices(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let m = p.mark;
            if let Some(a) = p.slice() {
                if !p.at(COMMA) {
                    if p.error.is_some() {
                        return None;
                    }
                    return Some(a);
                }
            }
            if p.error.is_some() {
                return None;
            }
            p.mark = m;
            p.alt(|p| {
                let elts = p.gather(COMMA, |p| {
                    if let Some(s) = p.slice() {
                        return Some(s);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    p.starred_expression()
                })?;
                p.expect(COMMA);
                if p.error.is_some() {
                    return None;
                }
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::Tuple(ExprTuple {
                        elts,
                        ctx: ExprContext::Load,
                    }),
                    loc,
                ))
            })
        })
    }

    /// slice: [expression] ':' [expression] [':' [expression]] | named_expression
    fn slice(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(r) = p.alt(|p| {
                let lower = p.opt(|p| p.expression());
                p.expect(COLON)?;
                let upper = p.opt(|p| p.expression());
                let step = p.opt(|p| {
                    p.expect(COLON)?;
                    Some(p.opt(|p| p.expression()))
                });
                if p.error.is_some() {
                    return None;
                }
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::Slice(ExprSlice {
                        lower: lower.map(Box::new),
                        upper: upper.map(Box::new),
                        step: step.flatten().map(Box::new),
                    }),
                    loc,
                ))
            }) {
                return Some(r);
            }
            if p.error.is_some() {
                return None;
            }
            p.named_expression()
        })
    }

    /// atom: NAME | 'True' | 'False' | 'None' | &STRING strings | NUMBER
    ///   | &'(' (tuple | group | genexp) | &'[' (list | listcomp)
    ///   | &'{' (dict | set | dictcomp | setcomp) | '...'
    pub fn atom(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let k = p.peek();
            match k {
                NAME => p.name_expr(),
                KW_TRUE | KW_FALSE | KW_NONE => {
                    let loc = p.tok_loc(p.mark);
                    p.mark += 1;
                    let value = match k {
                        KW_TRUE => ConstantValue::Bool(true),
                        KW_FALSE => ConstantValue::Bool(false),
                        _ => ConstantValue::None,
                    };
                    Some(constant(value, loc))
                }
                STRING => p.strings(),
                NUMBER => p.number(),
                LPAR => {
                    if let Some(e) = p.alt(|p| p.tuple()) {
                        return Some(e);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    if let Some(e) = p.alt(|p| p.group()) {
                        return Some(e);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    p.alt(|p| p.genexp())
                }
                LSQB => {
                    if let Some(e) = p.alt(|p| p.list()) {
                        return Some(e);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    p.alt(|p| p.listcomp())
                }
                LBRACE => {
                    if let Some(e) = p.alt(|p| p.dict()) {
                        return Some(e);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    if let Some(e) = p.alt(|p| p.set()) {
                        return Some(e);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    if let Some(e) = p.alt(|p| p.dictcomp()) {
                        return Some(e);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    p.alt(|p| p.setcomp())
                }
                ELLIPSIS => {
                    let loc = p.tok_loc(p.mark);
                    p.mark += 1;
                    Some(constant(ConstantValue::Ellipsis, loc))
                }
                _ => None,
            }
        })
    }

    /// group: '(' (yield_expr | named_expression) ')' | invalid_group
    fn group(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if let Some(e) = p.alt(|p| {
                p.expect(LPAR)?;
                let a = match p.yield_expr() {
                    Some(y) => y,
                    None => p.named_expression()?,
                };
                p.expect(RPAR)?;
                Some(a)
            }) {
                return Some(e);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| p.invalid_group());
            }
            None
        })
    }

    /// tuple: '(' [star_named_expression ',' [star_named_expressions]] ')'
    fn tuple(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            p.expect(LPAR)?;
            let elts = p.opt(|p| {
                let y = p.star_named_expression()?;
                p.expect(COMMA)?;
                let z = p.opt(|p| p.star_named_expressions());
                if p.error.is_some() {
                    return None;
                }
                let mut v = vec![y];
                v.extend(z.unwrap_or_default());
                Some(v)
            });
            if p.error.is_some() {
                return None;
            }
            p.expect(RPAR)?;
            let loc = p.loc_from(start);
            Some(mk(
                ExprKind::Tuple(ExprTuple {
                    elts: elts.unwrap_or_default(),
                    ctx: ExprContext::Load,
                }),
                loc,
            ))
        })
    }

    /// list: '[' [star_named_expressions] ']'
    fn list(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            p.expect(LSQB)?;
            let elts = p.opt(|p| p.star_named_expressions());
            if p.error.is_some() {
                return None;
            }
            p.expect(RSQB)?;
            let loc = p.loc_from(start);
            Some(mk(
                ExprKind::List(ExprList {
                    elts: elts.unwrap_or_default(),
                    ctx: ExprContext::Load,
                }),
                loc,
            ))
        })
    }

    /// set: '{' star_named_expressions '}'
    fn set(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            p.expect(LBRACE)?;
            let elts = p.star_named_expressions()?;
            p.expect(RBRACE)?;
            let loc = p.loc_from(start);
            Some(mk(ExprKind::Set(ExprSet { elts }), loc))
        })
    }

    /// dict: '{' [double_starred_kvpairs] '}' | '{' invalid_double_starred_kvpairs '}'
    fn dict(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(e) = p.alt(|p| {
                p.expect(LBRACE)?;
                let pairs = p.opt(|p| p.double_starred_kvpairs());
                if p.error.is_some() {
                    return None;
                }
                p.expect(RBRACE)?;
                let loc = p.loc_from(start);
                let (keys, values) = pairs.unwrap_or_default().into_iter().unzip();
                Some(mk(ExprKind::Dict(ExprDict { keys, values }), loc))
            }) {
                return Some(e);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| {
                    p.expect(LBRACE)?;
                    p.invalid_double_starred_kvpairs()?;
                    p.expect(RBRACE)
                });
            }
            None
        })
    }

    /// double_starred_kvpairs: ','.double_starred_kvpair+ [',']
    fn double_starred_kvpairs(&mut self) -> Option<Vec<(Option<Expr>, Expr)>> {
        self.rule(|p| {
            let v = p.gather(COMMA, |p| p.double_starred_kvpair())?;
            p.expect(COMMA);
            if p.error.is_some() {
                return None;
            }
            Some(v)
        })
    }

    /// double_starred_kvpair: '**' bitwise_or | kvpair
    pub fn double_starred_kvpair(&mut self) -> Option<(Option<Expr>, Expr)> {
        self.rule(|p| {
            if let Some(r) = p.alt(|p| {
                p.expect(DOUBLESTAR)?;
                let a = p.bitwise_or()?;
                Some((None, a))
            }) {
                return Some(r);
            }
            if p.error.is_some() {
                return None;
            }
            p.kvpair().map(|(k, v)| (Some(k), v))
        })
    }

    /// kvpair: expression ':' expression
    pub fn kvpair(&mut self) -> Option<(Expr, Expr)> {
        self.rule(|p| {
            p.alt(|p| {
                let a = p.expression()?;
                p.expect(COLON)?;
                let b = p.expression()?;
                Some((a, b))
            })
        })
    }

    /// for_if_clauses: for_if_clause+
    pub fn for_if_clauses(&mut self) -> Option<Vec<Comprehension>> {
        self.rule(|p| p.repeat1(|p| p.for_if_clause()))
    }

    /// for_if_clause: [ASYNC] 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
    ///   | invalid_for_target
    fn for_if_clause(&mut self) -> Option<Comprehension> {
        self.rule(|p| {
            for is_async in [true, false] {
                let m = p.mark;
                let mut cut = false;
                let r = (|| {
                    if is_async {
                        p.expect(ASYNC)?;
                    }
                    p.expect(KW_FOR)?;
                    let target = p.star_targets()?;
                    p.expect(KW_IN)?;
                    cut = true;
                    let iter = p.disjunction()?;
                    let ifs = p.repeat0(|p| {
                        p.expect(KW_IF)?;
                        p.disjunction()
                    });
                    if p.error.is_some() {
                        return None;
                    }
                    Some(Comprehension {
                        target: Box::new(target),
                        iter: Box::new(iter),
                        ifs,
                        is_async: is_async as i32,
                    })
                })();
                match r {
                    Some(c) => {
                        if is_async {
                            return p.check_version(6, "Async comprehensions are", c);
                        }
                        return Some(c);
                    }
                    None => {
                        p.mark = m;
                        if cut || p.error.is_some() {
                            return None;
                        }
                    }
                }
            }
            if p.call_invalid_rules {
                p.alt(|p| p.invalid_for_target());
            }
            None
        })
    }

    /// listcomp: '[' named_expression for_if_clauses ']' | invalid_comprehension
    fn listcomp(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(e) = p.alt(|p| {
                p.expect(LSQB)?;
                let a = p.named_expression()?;
                let b = p.for_if_clauses()?;
                p.expect(RSQB)?;
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::ListComp(ExprListComp {
                        elt: Box::new(a),
                        generators: b,
                    }),
                    loc,
                ))
            }) {
                return Some(e);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| p.invalid_comprehension());
            }
            None
        })
    }

    /// setcomp: '{' named_expression for_if_clauses '}' | invalid_comprehension
    fn setcomp(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(e) = p.alt(|p| {
                p.expect(LBRACE)?;
                let a = p.named_expression()?;
                let b = p.for_if_clauses()?;
                p.expect(RBRACE)?;
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::SetComp(ExprSetComp {
                        elt: Box::new(a),
                        generators: b,
                    }),
                    loc,
                ))
            }) {
                return Some(e);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| p.invalid_comprehension());
            }
            None
        })
    }

    /// genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')'
    ///   | invalid_comprehension
    pub fn genexp(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(e) = p.alt(|p| {
                p.expect(LPAR)?;
                let a = p.assignment_or_expression()?;
                let b = p.for_if_clauses()?;
                p.expect(RPAR)?;
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::GeneratorExp(ExprGeneratorExp {
                        elt: Box::new(a),
                        generators: b,
                    }),
                    loc,
                ))
            }) {
                return Some(e);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| p.invalid_comprehension());
            }
            None
        })
    }

    /// dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension
    fn dictcomp(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(e) = p.alt(|p| {
                p.expect(LBRACE)?;
                let (k, v) = p.kvpair()?;
                let b = p.for_if_clauses()?;
                p.expect(RBRACE)?;
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::DictComp(ExprDictComp {
                        key: Box::new(k),
                        value: Box::new(v),
                        generators: b,
                    }),
                    loc,
                ))
            }) {
                return Some(e);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| p.invalid_dict_comprehension());
            }
            None
        })
    }

    /// starred_expression: '*' expression
    pub fn starred_expression(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            p.alt(|p| {
                p.expect(STAR)?;
                let a = p.expression()?;
                let loc = p.loc_from(start);
                Some(starred(a, loc))
            })
        })
    }

    /// type_expressions (func_type input).
    pub fn type_expressions(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            // ','.expression+ [',' '*' expression] [',' '**' expression], or starting with
            // '*' / '**'.
            if let Some(r) = p.alt(|p| {
                let mut a = p.gather(COMMA, |p| p.expression())?;
                let m = p.mark;
                if p.expect(COMMA).is_some() {
                    if p.expect(STAR).is_some() {
                        match p.expression() {
                            Some(b) => {
                                a.push(b);
                                let m2 = p.mark;
                                let c = p.alt(|p| {
                                    p.expect(COMMA)?;
                                    p.expect(DOUBLESTAR)?;
                                    p.expression()
                                });
                                match c {
                                    Some(c) => a.push(c),
                                    None => p.mark = m2,
                                }
                                return Some(a);
                            }
                            None => p.mark = m,
                        }
                    } else if p.expect(DOUBLESTAR).is_some() {
                        match p.expression() {
                            Some(b) => {
                                a.push(b);
                                return Some(a);
                            }
                            None => p.mark = m,
                        }
                    } else {
                        p.mark = m;
                    }
                }
                if p.error.is_some() {
                    return None;
                }
                Some(a)
            }) {
                return Some(r);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(r) = p.alt(|p| {
                p.expect(STAR)?;
                let a = p.expression()?;
                let m = p.mark;
                let b = p.alt(|p| {
                    p.expect(COMMA)?;
                    p.expect(DOUBLESTAR)?;
                    p.expression()
                });
                match b {
                    Some(b) => Some(vec![a, b]),
                    None => {
                        p.mark = m;
                        Some(vec![a])
                    }
                }
            }) {
                return Some(r);
            }
            p.alt(|p| {
                p.expect(DOUBLESTAR)?;
                Some(vec![p.expression()?])
            })
        })
    }
}

/// `Starred(value, Load)`.
pub(crate) fn starred(value: Expr, loc: Location) -> Expr {
    mk(
        ExprKind::Starred(ExprStarred {
            value: Box::new(value),
            ctx: ExprContext::Load,
        }),
        loc,
    )
}

pub(crate) fn constant(value: ConstantValue, loc: Location) -> Expr {
    mk(ExprKind::Constant(ExprConstant { value, kind: None }), loc)
}

/// A placeholder expression, replaced right after by [`put_inner`].
pub(crate) fn dummy() -> Expr {
    constant(ConstantValue::None, Location::default())
}

/// Put `inner` as the `value`/`func` of a trailer node built with [`dummy`].
pub(crate) fn put_inner(kind: &mut ExprKind, inner: Expr) {
    match kind {
        ExprKind::Attribute(a) => *a.value = inner,
        ExprKind::Subscript(s) => *s.value = inner,
        ExprKind::Call(c) => *c.func = inner,
        _ => unreachable!("put_inner on a node without an inner expression"),
    }
}

/// The args/keywords of the `Call` the `arguments` rule returns.
pub(crate) fn call_parts(e: Option<Expr>) -> (Vec<Expr>, Vec<Keyword>) {
    match e.map(|e| e.kind) {
        Some(ExprKind::Call(c)) => (c.args, c.keywords),
        _ => (Vec::new(), Vec::new()),
    }
}
