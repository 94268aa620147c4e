//! The `match` statement and its patterns (PEP 634), with their invalid_ rules.

use super::*;

fn pat(kind: PatternKind, location: Location) -> Pattern {
    Pattern { kind, location }
}

impl<'a> Parser<'a> {
    /// match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
    ///   | invalid_match_stmt
    pub fn match_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(s) = p.alt(|p| {
                p.expect_soft(b"match")?;
                let subject = p.subject_expr()?;
                p.expect(COLON)?;
                p.expect(NEWLINE)?;
                p.expect(INDENT)?;
                let cases = p.repeat1(|p| p.case_block())?;
                p.expect(DEDENT)?;
                let loc = p.loc_from(start);
                let s = mks(
                    StmtKind::Match(StmtMatch {
                        subject: Box::new(subject),
                        cases,
                    }),
                    loc,
                );
                p.check_version(10, "Pattern matching is", s)
            }) {
                return Some(s);
            }
            if p.call_invalid_rules && p.error.is_none() {
                // invalid_match_stmt
                if p.alt(|p| {
                    p.expect_soft(b"match")?;
                    p.subject_expr()?;
                    p.expect(NEWLINE)?;
                    if p.flags.feature_version < 10 {
                        p.check_version(10, "Pattern matching is", ())?;
                    }
                    p.raise_syntax("expected ':'");
                    Some(())
                })
                .is_some()
                    || p.error.is_some()
                {
                    return None;
                }
                p.alt(|p| {
                    let a = p.expect_soft(b"match")?;
                    p.subject_expr()?;
                    p.expect(COLON)?;
                    p.expect(NEWLINE)?;
                    if p.at(INDENT) {
                        return None;
                    }
                    let line = p.toks[a].lineno;
                    p.raise_indentation(format!(
                        "expected an indented block after 'match' statement on line {}",
                        line
                    ));
                    Some(())
                });
            }
            None
        })
    }

    /// subject_expr: star_named_expression ',' star_named_expressions? | named_expression
    fn subject_expr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(e) = p.alt(|p| {
                let value = p.star_named_expression()?;
                p.expect(COMMA)?;
                let values = p.opt(|p| p.star_named_expressions());
                if p.error.is_some() {
                    return None;
                }
                let mut elts = vec![value];
                elts.extend(values.unwrap_or_default());
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::Tuple(ExprTuple {
                        elts,
                        ctx: ExprContext::Load,
                    }),
                    loc,
                ))
            }) {
                return Some(e);
            }
            if p.error.is_some() {
                return None;
            }
            p.named_expression()
        })
    }

    /// case_block: invalid_case_block | "case" patterns guard? ':' block
    fn case_block(&mut self) -> Option<MatchCase> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| {
                    p.expect_soft(b"case")?;
                    p.patterns()?;
                    p.opt(|p| p.guard());
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
                    let a = p.expect_soft(b"case")?;
                    p.patterns()?;
                    p.opt(|p| p.guard());
                    p.expect(COLON)?;
                    p.expect(NEWLINE)?;
                    if p.at(INDENT) {
                        return None;
                    }
                    let line = p.toks[a].lineno;
                    p.raise_indentation(format!(
                        "expected an indented block after 'case' statement on line {}",
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
            p.alt(|p| {
                p.expect_soft(b"case")?;
                let pattern = p.patterns()?;
                let guard = p.opt(|p| p.guard());
                if p.error.is_some() {
                    return None;
                }
                p.expect(COLON)?;
                let body = p.block()?;
                Some(MatchCase {
                    pattern: Box::new(pattern),
                    guard: guard.map(Box::new),
                    body,
                })
            })
        })
    }

    /// guard: 'if' named_expression
    fn guard(&mut self) -> Option<Expr> {
        self.rule(|p| {
            p.expect(KW_IF)?;
            p.named_expression()
        })
    }

    /// patterns: open_sequence_pattern | pattern
    fn patterns(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(v) = p.alt(|p| p.open_sequence_pattern()) {
                let loc = p.loc_from(start);
                return Some(pat(
                    PatternKind::MatchSequence(PatternMatchSequence { patterns: v }),
                    loc,
                ));
            }
            if p.error.is_some() {
                return None;
            }
            p.pattern()
        })
    }

    /// pattern: as_pattern | or_pattern
    fn pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            if let Some(x) = p.alt(|p| p.as_pattern()) {
                return Some(x);
            }
            if p.error.is_some() {
                return None;
            }
            p.or_pattern()
        })
    }

    /// as_pattern: or_pattern 'as' pattern_capture_target | invalid_as_pattern
    fn as_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(x) = p.alt(|p| {
                let pattern = p.or_pattern()?;
                p.expect(KW_AS)?;
                let target = p.pattern_capture_target()?;
                let loc = p.loc_from(start);
                Some(pat(
                    PatternKind::MatchAs(PatternMatchAs {
                        pattern: Some(Box::new(pattern)),
                        name: Some(target),
                    }),
                    loc,
                ))
            }) {
                return Some(x);
            }
            if p.call_invalid_rules && p.error.is_none() {
                // invalid_as_pattern
                if p.alt(|p| {
                    p.or_pattern()?;
                    p.expect(KW_AS)?;
                    let a = p.expect_soft(b"_")?;
                    let loc = p.tok_loc(a);
                    p.raise_at(loc, "cannot use '_' as a target");
                    Some(())
                })
                .is_some()
                    || p.error.is_some()
                {
                    return None;
                }
                p.alt(|p| {
                    p.or_pattern()?;
                    p.expect(KW_AS)?;
                    if p.at(NAME) {
                        return None;
                    }
                    let a = p.expression()?;
                    p.raise_at(a.location, "invalid pattern target");
                    Some(())
                });
            }
            None
        })
    }

    /// or_pattern: '|'.closed_pattern+
    fn or_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            let mut v = p.gather(VBAR, |p| p.closed_pattern())?;
            if v.len() == 1 {
                return v.pop();
            }
            let loc = p.loc_from(start);
            Some(pat(
                PatternKind::MatchOr(PatternMatchOr { patterns: v }),
                loc,
            ))
        })
    }

    /// closed_pattern (memo): literal | capture | wildcard | value | group | sequence
    ///   | mapping | class
    fn closed_pattern(&mut self) -> Option<Pattern> {
        if self.error.is_some() {
            return None;
        }
        if let Some(v) = self.memo_get(Rule::ClosedPattern) {
            return match v {
                Some(MemoVal::Pattern(x)) => Some(x),
                _ => None,
            };
        }
        let m = self.mark;
        let r = self.rule(|p| {
            type Alt<'b> = fn(&mut Parser<'b>) -> Option<Pattern>;
            let alts: [Alt<'a>; 8] = [
                |p| p.literal_pattern(),
                |p| p.capture_pattern(),
                |p| p.wildcard_pattern(),
                |p| p.value_pattern(),
                |p| p.group_pattern(),
                |p| p.sequence_pattern(),
                |p| p.mapping_pattern(),
                |p| p.class_pattern(),
            ];
            for f in alts {
                if let Some(x) = p.alt(f) {
                    return Some(x);
                }
                if p.error.is_some() {
                    return None;
                }
            }
            None
        });
        if self.error.is_none() {
            self.memo_put(Rule::ClosedPattern, m, r.clone().map(MemoVal::Pattern));
        }
        r
    }

    /// literal_pattern: signed_number !('+' | '-') | complex_number | strings | 'None'
    ///   | 'True' | 'False'
    fn literal_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            match p.peek() {
                KW_NONE | KW_TRUE | KW_FALSE => {
                    let value = match p.peek() {
                        KW_NONE => ConstantValue::None,
                        KW_TRUE => ConstantValue::Bool(true),
                        _ => ConstantValue::Bool(false),
                    };
                    p.mark += 1;
                    let loc = p.loc_from(start);
                    Some(pat(
                        PatternKind::MatchSingleton(PatternMatchSingleton { value }),
                        loc,
                    ))
                }
                _ => {
                    let v = p.literal_value()?;
                    let loc = p.loc_from(start);
                    Some(pat(
                        PatternKind::MatchValue(PatternMatchValue { value: Box::new(v) }),
                        loc,
                    ))
                }
            }
        })
    }

    /// The number/complex/string alternatives shared by literal_pattern and literal_expr.
    fn literal_value(&mut self) -> Option<Expr> {
        if let Some(e) = self.alt(|p| {
            let e = p.signed_number()?;
            (!matches!(p.peek(), PLUS | MINUS)).then_some(e)
        }) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        if let Some(e) = self.alt(|p| p.complex_number()) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        if self.at(STRING) {
            return self.strings();
        }
        None
    }

    /// literal_expr: like literal_pattern, as expressions.
    fn literal_expr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let k = p.peek();
            if matches!(k, KW_NONE | KW_TRUE | KW_FALSE) {
                let loc = p.tok_loc(p.mark);
                p.mark += 1;
                let value = match k {
                    KW_NONE => ConstantValue::None,
                    KW_TRUE => ConstantValue::Bool(true),
                    _ => ConstantValue::Bool(false),
                };
                return Some(expressions::constant(value, loc));
            }
            p.literal_value()
        })
    }

    /// complex_number: signed_real_number ('+' | '-') imaginary_number
    fn complex_number(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let real = p.signed_real_number()?;
            let op = match p.peek() {
                PLUS => Operator::Add,
                MINUS => Operator::Sub,
                _ => return None,
            };
            p.mark += 1;
            let i = p.expect(NUMBER)?;
            let imag = p.number_at(i)?;
            if !matches!(&imag.kind, ExprKind::Constant(c) if matches!(c.value, ConstantValue::Complex { .. }))
            {
                p.raise_at(imag.location, "imaginary number required in complex literal");
                return None;
            }
            let loc = p.loc_from(start);
            Some(mk(
                ExprKind::BinOp(ExprBinOp {
                    left: Box::new(real),
                    op,
                    right: Box::new(imag),
                }),
                loc,
            ))
        })
    }

    /// signed_number: NUMBER | '-' NUMBER
    fn signed_number(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if p.at(NUMBER) {
                return p.number();
            }
            p.expect(MINUS)?;
            let n = p.number()?;
            let loc = p.loc_from(start);
            Some(mk(
                ExprKind::UnaryOp(ExprUnaryOp {
                    op: UnaryOp::USub,
                    operand: Box::new(n),
                }),
                loc,
            ))
        })
    }

    /// signed_real_number: real_number | '-' real_number
    fn signed_real_number(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let neg = p.expect(MINUS).is_some();
            let i = p.expect(NUMBER)?;
            let n = p.number_at(i)?;
            if matches!(&n.kind, ExprKind::Constant(c) if matches!(c.value, ConstantValue::Complex { .. }))
            {
                p.raise_at(n.location, "real number required in complex literal");
                return None;
            }
            if !neg {
                return Some(n);
            }
            let loc = p.loc_from(start);
            Some(mk(
                ExprKind::UnaryOp(ExprUnaryOp {
                    op: UnaryOp::USub,
                    operand: Box::new(n),
                }),
                loc,
            ))
        })
    }

    /// capture_pattern: pattern_capture_target
    fn capture_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            let name = p.pattern_capture_target()?;
            let loc = p.loc_from(start);
            Some(pat(
                PatternKind::MatchAs(PatternMatchAs {
                    pattern: None,
                    name: Some(name),
                }),
                loc,
            ))
        })
    }

    /// pattern_capture_target: !"_" NAME !('.' | '(' | '=')
    fn pattern_capture_target(&mut self) -> Option<Identifier> {
        self.rule(|p| {
            if p.at(NAME) && p.tok_text(p.mark) == b"_" {
                return None;
            }
            let (_, name) = p.name_token()?;
            if matches!(p.peek(), DOT | LPAR | EQUAL) {
                return None;
            }
            Some(name)
        })
    }

    /// wildcard_pattern: "_"
    fn wildcard_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            p.expect_soft(b"_")?;
            let loc = p.loc_from(start);
            Some(pat(
                PatternKind::MatchAs(PatternMatchAs {
                    pattern: None,
                    name: None,
                }),
                loc,
            ))
        })
    }

    /// value_pattern: attr !('.' | '(' | '=')
    fn value_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.attr()?;
            if matches!(p.peek(), DOT | LPAR | EQUAL) {
                return None;
            }
            let loc = p.loc_from(start);
            Some(pat(
                PatternKind::MatchValue(PatternMatchValue { value: Box::new(a) }),
                loc,
            ))
        })
    }

    /// attr: name_or_attr '.' NAME (a dotted name with at least one dot)
    fn attr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let m = p.mark;
            let e = p.name_or_attr()?;
            if matches!(e.kind, ExprKind::Attribute(_)) {
                return Some(e);
            }
            p.mark = m;
            let _ = start;
            None
        })
    }

    /// name_or_attr: attr | NAME
    fn name_or_attr(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let mut a = p.name_expr()?;
            loop {
                let m = p.mark;
                if p.expect(DOT).is_none() {
                    break;
                }
                match p.name_token() {
                    Some((_, attr)) => {
                        let loc = p.loc_from(start);
                        a = mk(
                            ExprKind::Attribute(ExprAttribute {
                                value: Box::new(a),
                                attr,
                                ctx: ExprContext::Load,
                            }),
                            loc,
                        );
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

    /// group_pattern: '(' pattern ')'
    fn group_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            p.expect(LPAR)?;
            let x = p.pattern()?;
            p.expect(RPAR)?;
            Some(x)
        })
    }

    /// sequence_pattern: '[' maybe_sequence_pattern? ']' | '(' open_sequence_pattern? ')'
    fn sequence_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            let (close, v) = if p.expect(LSQB).is_some() {
                (RSQB, p.opt(|p| p.maybe_sequence_pattern()))
            } else if p.expect(LPAR).is_some() {
                (RPAR, p.opt(|p| p.open_sequence_pattern()))
            } else {
                return None;
            };
            if p.error.is_some() {
                return None;
            }
            p.expect(close)?;
            let loc = p.loc_from(start);
            Some(pat(
                PatternKind::MatchSequence(PatternMatchSequence {
                    patterns: v.unwrap_or_default(),
                }),
                loc,
            ))
        })
    }

    /// open_sequence_pattern: maybe_star_pattern ',' maybe_sequence_pattern?
    fn open_sequence_pattern(&mut self) -> Option<Vec<Pattern>> {
        self.rule(|p| {
            let a = p.maybe_star_pattern()?;
            p.expect(COMMA)?;
            let rest = p.opt(|p| p.maybe_sequence_pattern());
            if p.error.is_some() {
                return None;
            }
            let mut v = vec![a];
            v.extend(rest.unwrap_or_default());
            Some(v)
        })
    }

    /// maybe_sequence_pattern: ','.maybe_star_pattern+ ','?
    fn maybe_sequence_pattern(&mut self) -> Option<Vec<Pattern>> {
        self.rule(|p| {
            let v = p.gather(COMMA, |p| p.maybe_star_pattern())?;
            p.expect(COMMA);
            Some(v)
        })
    }

    /// maybe_star_pattern: star_pattern | pattern
    fn maybe_star_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            if let Some(x) = p.star_pattern() {
                return Some(x);
            }
            if p.error.is_some() {
                return None;
            }
            p.pattern()
        })
    }

    /// star_pattern (memo): '*' pattern_capture_target | '*' wildcard_pattern
    fn star_pattern(&mut self) -> Option<Pattern> {
        if self.error.is_some() {
            return None;
        }
        if let Some(v) = self.memo_get(Rule::StarPattern) {
            return match v {
                Some(MemoVal::Pattern(x)) => Some(x),
                _ => None,
            };
        }
        let m = self.mark;
        let r = self.rule(|p| {
            let start = p.start_pos();
            p.alt(|p| {
                p.expect(STAR)?;
                let name = match p.pattern_capture_target() {
                    Some(n) => Some(n),
                    None => {
                        if p.error.is_some() {
                            return None;
                        }
                        p.wildcard_pattern()?;
                        None
                    }
                };
                let loc = p.loc_from(start);
                Some(pat(PatternKind::MatchStar(PatternMatchStar { name }), loc))
            })
        });
        if self.error.is_none() {
            self.memo_put(Rule::StarPattern, m, r.clone().map(MemoVal::Pattern));
        }
        r
    }

    /// mapping_pattern: '{' '}' | '{' double_star_pattern ','? '}'
    ///   | '{' items_pattern ',' double_star_pattern ','? '}' | '{' items_pattern ','? '}'
    fn mapping_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            let mk_map = |p: &mut Parser, items: Vec<(Expr, Pattern)>, rest: Option<Identifier>| {
                let loc = p.loc_from(start);
                let (keys, patterns) = items.into_iter().unzip();
                pat(
                    PatternKind::MatchMapping(PatternMatchMapping {
                        keys,
                        patterns,
                        rest,
                    }),
                    loc,
                )
            };
            if let Some(x) = p.alt(|p| {
                p.expect(LBRACE)?;
                p.expect(RBRACE)?;
                Some(mk_map(p, Vec::new(), None))
            }) {
                return Some(x);
            }
            if let Some(x) = p.alt(|p| {
                p.expect(LBRACE)?;
                let rest = p.double_star_pattern()?;
                p.expect(COMMA);
                p.expect(RBRACE)?;
                Some(mk_map(p, Vec::new(), Some(rest)))
            }) {
                return Some(x);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(x) = p.alt(|p| {
                p.expect(LBRACE)?;
                let items = p.gather(COMMA, |p| p.key_value_pattern())?;
                p.expect(COMMA)?;
                let rest = p.double_star_pattern()?;
                p.expect(COMMA);
                p.expect(RBRACE)?;
                Some(mk_map(p, items, Some(rest)))
            }) {
                return Some(x);
            }
            if p.error.is_some() {
                return None;
            }
            p.alt(|p| {
                p.expect(LBRACE)?;
                let items = p.gather(COMMA, |p| p.key_value_pattern())?;
                p.expect(COMMA);
                p.expect(RBRACE)?;
                Some(mk_map(p, items, None))
            })
        })
    }

    /// key_value_pattern: (literal_expr | attr) ':' pattern
    fn key_value_pattern(&mut self) -> Option<(Expr, Pattern)> {
        self.rule(|p| {
            let key = match p.alt(|p| p.literal_expr()) {
                Some(k) => k,
                None => {
                    if p.error.is_some() {
                        return None;
                    }
                    p.attr()?
                }
            };
            p.expect(COLON)?;
            let v = p.pattern()?;
            Some((key, v))
        })
    }

    /// double_star_pattern: '**' pattern_capture_target
    fn double_star_pattern(&mut self) -> Option<Identifier> {
        self.rule(|p| {
            p.expect(DOUBLESTAR)?;
            p.pattern_capture_target()
        })
    }

    /// class_pattern: name_or_attr '(' [positional_patterns] [keyword_patterns] ')'
    ///   (four alternatives) | invalid_class_pattern
    fn class_pattern(&mut self) -> Option<Pattern> {
        self.rule(|p| {
            let start = p.start_pos();
            let mk_class = |p: &mut Parser,
                            cls: Expr,
                            patterns: Vec<Pattern>,
                            kw: Vec<(Identifier, Pattern)>| {
                let loc = p.loc_from(start);
                let (kwd_attrs, kwd_patterns) = kw.into_iter().unzip();
                pat(
                    PatternKind::MatchClass(PatternMatchClass {
                        cls: Box::new(cls),
                        patterns,
                        kwd_attrs,
                        kwd_patterns,
                    }),
                    loc,
                )
            };
            if let Some(x) = p.alt(|p| {
                let cls = p.name_or_attr()?;
                p.expect(LPAR)?;
                p.expect(RPAR)?;
                Some(mk_class(p, cls, Vec::new(), Vec::new()))
            }) {
                return Some(x);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(x) = p.alt(|p| {
                let cls = p.name_or_attr()?;
                p.expect(LPAR)?;
                let pats = p.gather(COMMA, |p| p.pattern())?;
                p.expect(COMMA);
                p.expect(RPAR)?;
                Some(mk_class(p, cls, pats, Vec::new()))
            }) {
                return Some(x);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(x) = p.alt(|p| {
                let cls = p.name_or_attr()?;
                p.expect(LPAR)?;
                let kws = p.gather(COMMA, |p| p.keyword_pattern())?;
                p.expect(COMMA);
                p.expect(RPAR)?;
                Some(mk_class(p, cls, Vec::new(), kws))
            }) {
                return Some(x);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(x) = p.alt(|p| {
                let cls = p.name_or_attr()?;
                p.expect(LPAR)?;
                let pats = p.gather(COMMA, |p| p.pattern())?;
                p.expect(COMMA)?;
                let kws = p.gather(COMMA, |p| p.keyword_pattern())?;
                p.expect(COMMA);
                p.expect(RPAR)?;
                Some(mk_class(p, cls, pats, kws))
            }) {
                return Some(x);
            }
            if p.call_invalid_rules && p.error.is_none() {
                // invalid_class_pattern: name_or_attr '(' invalid_class_argument_pattern
                p.alt(|p| {
                    p.name_or_attr()?;
                    p.expect(LPAR)?;
                    p.opt(|p| {
                        p.gather(COMMA, |p| p.pattern())?;
                        p.expect(COMMA)
                    });
                    p.gather(COMMA, |p| p.keyword_pattern())?;
                    p.expect(COMMA)?;
                    let a = p.gather(COMMA, |p| p.pattern())?;
                    let first = a.first().unwrap().location;
                    let last = a.last().unwrap().location;
                    p.raise_range(first, last, "positional patterns follow keyword patterns");
                    Some(())
                });
            }
            None
        })
    }

    /// keyword_pattern: NAME '=' pattern
    fn keyword_pattern(&mut self) -> Option<(Identifier, Pattern)> {
        self.rule(|p| {
            let (_, name) = p.name_token()?;
            p.expect(EQUAL)?;
            let v = p.pattern()?;
            Some((name, v))
        })
    }
}
