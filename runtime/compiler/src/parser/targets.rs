//! Assignment and `del` target rules: `star_targets`, `single_target`, `del_targets` and the
//! `t_primary` chain they share (a primary that must be followed by `.`, `[` or `(`).

use super::expressions::{call_parts, dummy, put_inner};
use super::*;

impl<'a> Parser<'a> {
    /// star_targets: star_target !',' | star_target (',' star_target)* [','] (a Store tuple)
    pub fn star_targets(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            let a = p.star_target()?;
            if !p.at(COMMA) {
                if p.error.is_some() {
                    return None;
                }
                return Some(a);
            }
            let mut elts = vec![a];
            loop {
                let m = p.mark;
                if p.expect(COMMA).is_none() {
                    break;
                }
                match p.star_target() {
                    Some(c) => elts.push(c),
                    None => {
                        p.mark = m;
                        break;
                    }
                }
            }
            p.expect(COMMA);
            if p.error.is_some() {
                return None;
            }
            let loc = p.loc_from(start);
            Some(mk(
                ExprKind::Tuple(ExprTuple {
                    elts,
                    ctx: ExprContext::Store,
                }),
                loc,
            ))
        })
    }

    /// star_targets_list_seq: ','.star_target+ [',']
    fn star_targets_list_seq(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            let v = p.gather(COMMA, |p| p.star_target())?;
            p.expect(COMMA);
            Some(v)
        })
    }

    /// star_targets_tuple_seq: star_target (',' star_target)+ [','] | star_target ','
    fn star_targets_tuple_seq(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            let a = p.star_target()?;
            let mut v = vec![a];
            loop {
                let m = p.mark;
                if p.expect(COMMA).is_none() {
                    break;
                }
                match p.star_target() {
                    Some(c) => v.push(c),
                    None => {
                        p.mark = m;
                        break;
                    }
                }
            }
            if p.error.is_some() {
                return None;
            }
            if v.len() > 1 {
                p.expect(COMMA);
            } else {
                p.expect(COMMA)?;
            }
            Some(v)
        })
    }

    /// star_target (memo): '*' (!'*' star_target) | target_with_star_atom
    pub fn star_target(&mut self) -> Option<Expr> {
        self.memo_expr(Rule::StarTarget, |p| {
            p.rule(|p| {
                let start = p.start_pos();
                if let Some(e) = p.alt(|p| {
                    p.expect(STAR)?;
                    if p.at(STAR) {
                        return None;
                    }
                    let a = p.star_target()?;
                    let loc = p.loc_from(start);
                    Some(mk(
                        ExprKind::Starred(ExprStarred {
                            value: Box::new(set_context(a, ExprContext::Store)),
                            ctx: ExprContext::Store,
                        }),
                        loc,
                    ))
                }) {
                    return Some(e);
                }
                if p.error.is_some() {
                    return None;
                }
                p.target_with_star_atom()
            })
        })
    }

    /// target_with_star_atom (memo): t_primary '.' NAME !t_lookahead
    ///   | t_primary '[' slices ']' !t_lookahead | star_atom
    fn target_with_star_atom(&mut self) -> Option<Expr> {
        self.memo_expr(Rule::TargetWithStarAtom, |p| {
            p.rule(|p| {
                if let Some(e) = p.subscript_attribute_target(ExprContext::Store) {
                    return Some(e);
                }
                if p.error.is_some() {
                    return None;
                }
                p.star_atom()
            })
        })
    }

    /// The two `t_primary` alternatives shared by the target rules, in context `ctx`.
    fn subscript_attribute_target(&mut self, ctx: ExprContext) -> Option<Expr> {
        let start = self.start_pos();
        if let Some(e) = self.alt(|p| {
            let a = p.t_primary()?;
            p.expect(DOT)?;
            let (_, attr) = p.name_token()?;
            if p.t_lookahead() {
                return None;
            }
            let loc = p.loc_from(start);
            Some(mk(
                ExprKind::Attribute(ExprAttribute {
                    value: Box::new(a),
                    attr,
                    ctx,
                }),
                loc,
            ))
        }) {
            return Some(e);
        }
        if self.error.is_some() {
            return None;
        }
        self.alt(|p| {
            let a = p.t_primary()?;
            p.expect(LSQB)?;
            let s = p.slices()?;
            p.expect(RSQB)?;
            if p.t_lookahead() {
                return None;
            }
            let loc = p.loc_from(start);
            Some(mk(
                ExprKind::Subscript(ExprSubscript {
                    value: Box::new(a),
                    slice: Box::new(s),
                    ctx,
                }),
                loc,
            ))
        })
    }

    /// star_atom: NAME | '(' target_with_star_atom ')' | '(' [star_targets_tuple_seq] ')'
    ///   | '[' [star_targets_list_seq] ']'
    fn star_atom(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            match p.peek() {
                NAME => p.name_expr().map(|e| set_context(e, ExprContext::Store)),
                LPAR => {
                    if let Some(e) = p.alt(|p| {
                        p.mark += 1;
                        let a = p.target_with_star_atom()?;
                        p.expect(RPAR)?;
                        Some(set_context(a, ExprContext::Store))
                    }) {
                        return Some(e);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    p.alt(|p| {
                        p.mark += 1;
                        let a = p.opt(|p| p.star_targets_tuple_seq());
                        if p.error.is_some() {
                            return None;
                        }
                        p.expect(RPAR)?;
                        let loc = p.loc_from(start);
                        Some(mk(
                            ExprKind::Tuple(ExprTuple {
                                elts: a.unwrap_or_default(),
                                ctx: ExprContext::Store,
                            }),
                            loc,
                        ))
                    })
                }
                LSQB => p.alt(|p| {
                    p.mark += 1;
                    let a = p.opt(|p| p.star_targets_list_seq());
                    if p.error.is_some() {
                        return None;
                    }
                    p.expect(RSQB)?;
                    let loc = p.loc_from(start);
                    Some(mk(
                        ExprKind::List(ExprList {
                            elts: a.unwrap_or_default(),
                            ctx: ExprContext::Store,
                        }),
                        loc,
                    ))
                }),
                _ => None,
            }
        })
    }

    /// single_target: single_subscript_attribute_target | NAME | '(' single_target ')'
    pub fn single_target(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if let Some(e) = p.single_subscript_attribute_target(ExprContext::Store) {
                return Some(e);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(e) = p.name_expr() {
                return Some(set_context(e, ExprContext::Store));
            }
            p.alt(|p| {
                p.expect(LPAR)?;
                let a = p.single_target()?;
                p.expect(RPAR)?;
                Some(a)
            })
        })
    }

    /// single_subscript_attribute_target: t_primary '.' NAME !t_lookahead
    ///   | t_primary '[' slices ']' !t_lookahead
    pub fn single_subscript_attribute_target(&mut self, ctx: ExprContext) -> Option<Expr> {
        self.rule(|p| p.subscript_attribute_target(ctx))
    }

    /// t_lookahead: '(' | '[' | '.'
    fn t_lookahead(&mut self) -> bool {
        self.error.is_none() && matches!(self.peek(), LPAR | LSQB | DOT)
    }

    /// t_primary (left-recursive, memo): a primary followed by a trailer start.
    pub fn t_primary(&mut self) -> Option<Expr> {
        self.memo_expr(Rule::TPrimary, |p| {
            p.rule(|p| {
                let start = p.start_pos();
                let mut a = p.alt(|p| {
                    let a = p.atom()?;
                    p.t_lookahead().then_some(a)
                })?;
                loop {
                    let m = p.mark;
                    let next = match p.peek() {
                        DOT => p.alt(|p| {
                            p.mark += 1;
                            let (_, attr) = p.name_token()?;
                            if !p.t_lookahead() {
                                return None;
                            }
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
                        LSQB => p.alt(|p| {
                            p.mark += 1;
                            let s = p.slices()?;
                            p.expect(RSQB)?;
                            if !p.t_lookahead() {
                                return None;
                            }
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
                        LPAR => {
                            let g = p.alt(|p| {
                                let g = p.genexp()?;
                                p.t_lookahead().then_some(g)
                            });
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
                                    if !p.t_lookahead() {
                                        return None;
                                    }
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
        })
    }

    /// del_targets: ','.del_target+ [',']
    pub fn del_targets(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            let v = p.gather(COMMA, |p| p.del_target())?;
            p.expect(COMMA);
            if p.error.is_some() {
                return None;
            }
            Some(v)
        })
    }

    /// del_target (memo): t_primary '.' NAME !t_lookahead | t_primary '[' slices ']'
    ///   !t_lookahead | del_t_atom
    fn del_target(&mut self) -> Option<Expr> {
        self.memo_expr(Rule::DelTarget, |p| {
            p.rule(|p| {
                if let Some(e) = p.subscript_attribute_target(ExprContext::Del) {
                    return Some(e);
                }
                if p.error.is_some() {
                    return None;
                }
                p.del_t_atom()
            })
        })
    }

    /// del_t_atom: NAME | '(' del_target ')' | '(' [del_targets] ')' | '[' [del_targets] ']'
    fn del_t_atom(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            match p.peek() {
                NAME => p.name_expr().map(|e| set_context(e, ExprContext::Del)),
                LPAR => {
                    if let Some(e) = p.alt(|p| {
                        p.mark += 1;
                        let a = p.del_target()?;
                        p.expect(RPAR)?;
                        Some(set_context(a, ExprContext::Del))
                    }) {
                        return Some(e);
                    }
                    if p.error.is_some() {
                        return None;
                    }
                    p.alt(|p| {
                        p.mark += 1;
                        let a = p.opt(|p| p.del_targets());
                        if p.error.is_some() {
                            return None;
                        }
                        p.expect(RPAR)?;
                        let loc = p.loc_from(start);
                        Some(mk(
                            ExprKind::Tuple(ExprTuple {
                                elts: a.unwrap_or_default(),
                                ctx: ExprContext::Del,
                            }),
                            loc,
                        ))
                    })
                }
                LSQB => p.alt(|p| {
                    p.mark += 1;
                    let a = p.opt(|p| p.del_targets());
                    if p.error.is_some() {
                        return None;
                    }
                    p.expect(RSQB)?;
                    let loc = p.loc_from(start);
                    Some(mk(
                        ExprKind::List(ExprList {
                            elts: a.unwrap_or_default(),
                            ctx: ExprContext::Del,
                        }),
                        loc,
                    ))
                }),
                _ => None,
            }
        })
    }
}
