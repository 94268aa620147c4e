//! Call arguments (`arguments`, `args`, `kwargs`) and parameter lists of `def` and `lambda`
//! (`params`/`lambda_params` and their pieces), which share one implementation: a lambda's
//! parameters have no annotations or type comments and end at ':' instead of ')'.

use super::*;

/// A keyword argument or a `*x` in the keyword part of a call.
pub(crate) enum KeywordOrStarred {
    Keyword(Keyword),
    Starred(Expr),
}

/// A parameter with its default (CPython's NameDefaultPair).
#[derive(Clone)]
pub(crate) struct NameDefault {
    pub arg: Arg,
    pub value: Option<Expr>,
}

/// `a, b=1, /` (CPython's SlashWithDefault).
pub(crate) struct SlashWithDefault {
    pub plain: Vec<Arg>,
    pub with_default: Vec<NameDefault>,
}

/// `*args, kwonly..., **kwargs` (CPython's StarEtc).
#[derive(Default)]
pub(crate) struct StarEtc {
    pub vararg: Option<Arg>,
    pub kwonly: Vec<NameDefault>,
    pub kwarg: Option<Arg>,
}

/// `arguments()` with nothing in it.
pub(crate) fn empty_arguments() -> Arguments {
    Arguments {
        posonlyargs: Vec::new(),
        args: Vec::new(),
        vararg: None,
        kwonlyargs: Vec::new(),
        kw_defaults: Vec::new(),
        kwarg: None,
        defaults: Vec::new(),
    }
}

/// CPython's `_PyPegen_make_arguments`.
fn make_arguments(
    slash_without_default: Option<Vec<Arg>>,
    slash_with_default: Option<SlashWithDefault>,
    plain_names: Option<Vec<Arg>>,
    names_with_default: Option<Vec<NameDefault>>,
    star_etc: Option<StarEtc>,
) -> Arguments {
    let mut posonlyargs = Vec::new();
    let mut defaults = Vec::new();
    if let Some(s) = slash_without_default {
        posonlyargs = s;
    } else if let Some(s) = slash_with_default {
        posonlyargs = s.plain;
        for nd in s.with_default {
            posonlyargs.push(nd.arg);
            defaults.extend(nd.value);
        }
    }
    let mut args = plain_names.unwrap_or_default();
    for nd in names_with_default.unwrap_or_default() {
        args.push(nd.arg);
        defaults.extend(nd.value);
    }
    let star = star_etc.unwrap_or_default();
    let (kwonlyargs, kw_defaults) = star.kwonly.into_iter().map(|nd| (nd.arg, nd.value)).unzip();
    Arguments {
        posonlyargs,
        args,
        vararg: star.vararg.map(Box::new),
        kwonlyargs,
        kw_defaults,
        kwarg: star.kwarg.map(Box::new),
        defaults,
    }
}

impl<'a> Parser<'a> {
    // ---- call arguments ----

    /// arguments (memo): args [','] &')' | invalid_arguments
    pub fn arguments(&mut self) -> Option<Expr> {
        self.memo_expr(Rule::Arguments, |p| {
            p.rule(|p| {
                if let Some(a) = p.alt(|p| {
                    let a = p.args()?;
                    p.expect(COMMA);
                    p.at(RPAR).then_some(a)
                }) {
                    return Some(a);
                }
                if p.call_invalid_rules && p.error.is_none() {
                    p.alt(|p| p.invalid_arguments());
                }
                None
            })
        })
    }

    /// args: ','.(starred_expression | (assignment_expression | expression !':=') !'=')+
    ///   [',' kwargs] | kwargs
    pub fn args(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(e) = p.alt(|p| {
                let mut a = p.positional_arguments()?;
                let b = p.opt(|p| {
                    p.expect(COMMA)?;
                    p.kwargs()
                });
                if p.error.is_some() {
                    return None;
                }
                let loc = p.loc_from(start);
                let mut keywords = Vec::new();
                for x in b.unwrap_or_default() {
                    match x {
                        KeywordOrStarred::Starred(s) => a.push(s),
                        KeywordOrStarred::Keyword(k) => keywords.push(k),
                    }
                }
                Some(call(a, keywords, loc))
            }) {
                return Some(e);
            }
            if p.error.is_some() {
                return None;
            }
            p.alt(|p| {
                let b = p.kwargs()?;
                let loc = p.loc_from(start);
                let mut args = Vec::new();
                let mut keywords = Vec::new();
                for x in b {
                    match x {
                        KeywordOrStarred::Starred(s) => args.push(s),
                        KeywordOrStarred::Keyword(k) => keywords.push(k),
                    }
                }
                Some(call(args, keywords, loc))
            })
        })
    }

    /// ','.(starred_expression | (assignment_expression | expression !':=') !'=')+
    pub fn positional_arguments(&mut self) -> Option<Vec<Expr>> {
        self.gather(COMMA, |p| {
            if let Some(s) = p.starred_expression() {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            p.alt(|p| {
                let e = p.assignment_or_expression()?;
                (!p.at(EQUAL)).then_some(e)
            })
        })
    }

    /// kwargs: ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+
    ///   | ','.kwarg_or_starred+ | ','.kwarg_or_double_starred+
    pub fn kwargs(&mut self) -> Option<Vec<KeywordOrStarred>> {
        self.rule(|p| {
            if let Some(v) = p.alt(|p| {
                let mut a = p.gather(COMMA, |p| p.kwarg_or_starred())?;
                p.expect(COMMA)?;
                let b = p.gather(COMMA, |p| p.kwarg_or_double_starred())?;
                a.extend(b);
                Some(a)
            }) {
                return Some(v);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(v) = p.alt(|p| p.gather(COMMA, |p| p.kwarg_or_starred())) {
                return Some(v);
            }
            if p.error.is_some() {
                return None;
            }
            p.alt(|p| p.gather(COMMA, |p| p.kwarg_or_double_starred()))
        })
    }

    /// NAME '=' expression (a keyword argument).
    fn keyword_argument(&mut self) -> Option<KeywordOrStarred> {
        let start = self.start_pos();
        self.alt(|p| {
            let (_, name) = p.name_token()?;
            p.expect(EQUAL)?;
            let b = p.expression()?;
            let loc = p.loc_from(start);
            Some(KeywordOrStarred::Keyword(Keyword {
                arg: Some(name),
                value: Box::new(b),
                location: loc,
            }))
        })
    }

    /// kwarg_or_starred: invalid_kwarg | NAME '=' expression | starred_expression
    fn kwarg_or_starred(&mut self) -> Option<KeywordOrStarred> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_kwarg()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            if let Some(k) = p.keyword_argument() {
                return Some(k);
            }
            if p.error.is_some() {
                return None;
            }
            p.starred_expression().map(KeywordOrStarred::Starred)
        })
    }

    /// kwarg_or_double_starred: invalid_kwarg | NAME '=' expression | '**' expression
    fn kwarg_or_double_starred(&mut self) -> Option<KeywordOrStarred> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_kwarg()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            if let Some(k) = p.keyword_argument() {
                return Some(k);
            }
            if p.error.is_some() {
                return None;
            }
            let start = p.start_pos();
            p.alt(|p| {
                p.expect(DOUBLESTAR)?;
                let a = p.expression()?;
                let loc = p.loc_from(start);
                Some(KeywordOrStarred::Keyword(Keyword {
                    arg: None,
                    value: Box::new(a),
                    location: loc,
                }))
            })
        })
    }

    // ---- parameters ----

    /// params: invalid_parameters | parameters
    pub fn params(&mut self) -> Option<Arguments> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_parameters(false)).is_some() || p.error.is_some() {
                    return None;
                }
            }
            p.parameters(false)
        })
    }

    /// lambda_params: invalid_lambda_parameters | lambda_parameters
    fn lambda_params(&mut self) -> Option<Arguments> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_parameters(true)).is_some() || p.error.is_some() {
                    return None;
                }
            }
            p.parameters(true)
        })
    }

    /// parameters / lambda_parameters.
    fn parameters(&mut self, lambda: bool) -> Option<Arguments> {
        self.rule(|p| {
            // slash_no_default param_no_default* param_with_default* [star_etc]
            if let Some(a) = p.alt(|p| {
                let a = p.slash_no_default(lambda)?;
                let b = p.repeat0(|p| p.param_no_default(lambda));
                let c = p.repeat0(|p| p.param_with_default(lambda));
                let d = p.opt(|p| p.star_etc(lambda));
                if p.error.is_some() {
                    return None;
                }
                let r = make_arguments(Some(a), None, Some(b), Some(c), d);
                p.check_version(8, "Positional-only parameters are", r)
            }) {
                return Some(a);
            }
            if p.error.is_some() {
                return None;
            }
            // slash_with_default param_with_default* [star_etc]
            if let Some(a) = p.alt(|p| {
                let a = p.slash_with_default(lambda)?;
                let b = p.repeat0(|p| p.param_with_default(lambda));
                let c = p.opt(|p| p.star_etc(lambda));
                if p.error.is_some() {
                    return None;
                }
                let r = make_arguments(None, Some(a), None, Some(b), c);
                p.check_version(8, "Positional-only parameters are", r)
            }) {
                return Some(a);
            }
            if p.error.is_some() {
                return None;
            }
            // param_no_default+ param_with_default* [star_etc]
            if let Some(a) = p.alt(|p| {
                let a = p.repeat1(|p| p.param_no_default(lambda))?;
                let b = p.repeat0(|p| p.param_with_default(lambda));
                let c = p.opt(|p| p.star_etc(lambda));
                if p.error.is_some() {
                    return None;
                }
                Some(make_arguments(None, None, Some(a), Some(b), c))
            }) {
                return Some(a);
            }
            if p.error.is_some() {
                return None;
            }
            // param_with_default+ [star_etc]
            if let Some(a) = p.alt(|p| {
                let a = p.repeat1(|p| p.param_with_default(lambda))?;
                let b = p.opt(|p| p.star_etc(lambda));
                if p.error.is_some() {
                    return None;
                }
                Some(make_arguments(None, None, None, Some(a), b))
            }) {
                return Some(a);
            }
            if p.error.is_some() {
                return None;
            }
            let s = p.star_etc(lambda)?;
            Some(make_arguments(None, None, None, None, Some(s)))
        })
    }

    /// The token that ends a parameter list: ')' or, for a lambda, ':'.
    fn params_end(lambda: bool) -> Kind {
        if lambda {
            COLON
        } else {
            RPAR
        }
    }

    /// slash_no_default: param_no_default+ '/' ',' | param_no_default+ '/' &')'
    pub fn slash_no_default(&mut self, lambda: bool) -> Option<Vec<Arg>> {
        self.rule(|p| {
            p.alt(|p| {
                let a = p.repeat1(|p| p.param_no_default(lambda))?;
                p.expect(SLASH)?;
                if p.expect(COMMA).is_some() || p.at(Self::params_end(lambda)) {
                    Some(a)
                } else {
                    None
                }
            })
        })
    }

    /// slash_with_default: param_no_default* param_with_default+ '/' (',' | &')')
    pub fn slash_with_default(&mut self, lambda: bool) -> Option<SlashWithDefault> {
        self.rule(|p| {
            p.alt(|p| {
                let a = p.repeat0(|p| p.param_no_default(lambda));
                let b = p.repeat1(|p| p.param_with_default(lambda))?;
                p.expect(SLASH)?;
                if p.expect(COMMA).is_some() || p.at(Self::params_end(lambda)) {
                    Some(SlashWithDefault {
                        plain: a,
                        with_default: b,
                    })
                } else {
                    None
                }
            })
        })
    }

    /// star_etc: invalid_star_etc | '*' param_no_default param_maybe_default* [kwds]
    ///   | '*' param_no_default_star_annotation param_maybe_default* [kwds]
    ///   | '*' ',' param_maybe_default+ [kwds] | kwds
    fn star_etc(&mut self, lambda: bool) -> Option<StarEtc> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_star_etc(lambda)).is_some() || p.error.is_some() {
                    return None;
                }
            }
            if let Some(s) = p.alt(|p| {
                p.expect(STAR)?;
                let a = p.param_no_default(lambda)?;
                let b = p.repeat0(|p| p.param_maybe_default(lambda));
                let c = p.opt(|p| p.kwds(lambda));
                if p.error.is_some() {
                    return None;
                }
                Some(StarEtc {
                    vararg: Some(a),
                    kwonly: b,
                    kwarg: c,
                })
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            if !lambda {
                if let Some(s) = p.alt(|p| {
                    p.expect(STAR)?;
                    let a = p.param_no_default_star_annotation()?;
                    let b = p.repeat0(|p| p.param_maybe_default(lambda));
                    let c = p.opt(|p| p.kwds(lambda));
                    if p.error.is_some() {
                        return None;
                    }
                    Some(StarEtc {
                        vararg: Some(a),
                        kwonly: b,
                        kwarg: c,
                    })
                }) {
                    return Some(s);
                }
                if p.error.is_some() {
                    return None;
                }
            }
            if let Some(s) = p.alt(|p| {
                p.expect(STAR)?;
                p.expect(COMMA)?;
                let b = p.repeat1(|p| p.param_maybe_default(lambda))?;
                let c = p.opt(|p| p.kwds(lambda));
                if p.error.is_some() {
                    return None;
                }
                Some(StarEtc {
                    vararg: None,
                    kwonly: b,
                    kwarg: c,
                })
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            let a = p.kwds(lambda)?;
            Some(StarEtc {
                vararg: None,
                kwonly: Vec::new(),
                kwarg: Some(a),
            })
        })
    }

    /// kwds: invalid_kwds | '**' param_no_default
    fn kwds(&mut self, lambda: bool) -> Option<Arg> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_kwds(lambda)).is_some() || p.error.is_some() {
                    return None;
                }
            }
            p.alt(|p| {
                p.expect(DOUBLESTAR)?;
                p.param_no_default(lambda)
            })
        })
    }

    /// A trailing TYPE_COMMENT? (never in a lambda): its text.
    fn param_type_comment(&mut self, lambda: bool) -> Option<String> {
        if lambda {
            return None;
        }
        let i = self.expect(TYPE_COMMENT)?;
        Some(self.type_comment_text(i))
    }

    /// param_no_default: param ',' TYPE_COMMENT? | param TYPE_COMMENT? &')'
    pub fn param_no_default(&mut self, lambda: bool) -> Option<Arg> {
        self.rule(|p| {
            p.alt(|p| {
                let mut a = p.param(lambda)?;
                if p.expect(COMMA).is_some() {
                    if let Some(tc) = p.param_type_comment(lambda) {
                        a.type_comment = Some(tc);
                    }
                    return Some(a);
                }
                if p.error.is_some() {
                    return None;
                }
                let tc = p.param_type_comment(lambda);
                if !p.at(Self::params_end(lambda)) {
                    return None;
                }
                if tc.is_some() {
                    a.type_comment = tc;
                }
                Some(a)
            })
        })
    }

    /// param_no_default_star_annotation: param_star_annotation ',' TYPE_COMMENT?
    ///   | param_star_annotation TYPE_COMMENT? &')'
    fn param_no_default_star_annotation(&mut self) -> Option<Arg> {
        self.rule(|p| {
            p.alt(|p| {
                let start = p.start_pos();
                let (_, name) = p.name_token()?;
                let ann = p.alt(|p| {
                    p.expect(COLON)?;
                    p.star_expression()
                })?;
                let loc = p.loc_from(start);
                let mut a = Arg {
                    arg: name,
                    annotation: Some(Box::new(ann)),
                    type_comment: None,
                    location: loc,
                };
                if p.expect(COMMA).is_some() {
                    a.type_comment = p.param_type_comment(false);
                    return Some(a);
                }
                let tc = p.param_type_comment(false);
                if !p.at(RPAR) {
                    return None;
                }
                a.type_comment = tc;
                Some(a)
            })
        })
    }

    /// param_with_default: param default ',' TYPE_COMMENT? | param default TYPE_COMMENT? &')'
    pub fn param_with_default(&mut self, lambda: bool) -> Option<NameDefault> {
        self.rule(|p| p.param_default(lambda, true))
    }

    /// param_maybe_default: param default? ',' TYPE_COMMENT? | param default? TYPE_COMMENT? &')'
    pub fn param_maybe_default(&mut self, lambda: bool) -> Option<NameDefault> {
        self.rule(|p| p.param_default(lambda, false))
    }

    fn param_default(&mut self, lambda: bool, required: bool) -> Option<NameDefault> {
        self.alt(|p| {
            let mut a = p.param(lambda)?;
            let c = p.opt(|p| p.default());
            if p.error.is_some() || (required && c.is_none()) {
                return None;
            }
            if p.expect(COMMA).is_some() {
                if let Some(tc) = p.param_type_comment(lambda) {
                    a.type_comment = Some(tc);
                }
                return Some(NameDefault { arg: a, value: c });
            }
            let tc = p.param_type_comment(lambda);
            if !p.at(Self::params_end(lambda)) {
                return None;
            }
            if tc.is_some() {
                a.type_comment = tc;
            }
            Some(NameDefault { arg: a, value: c })
        })
    }

    /// param: NAME annotation? (lambda_param: NAME)
    pub fn param(&mut self, lambda: bool) -> Option<Arg> {
        self.rule(|p| {
            let start = p.start_pos();
            let (_, name) = p.name_token()?;
            let ann = if lambda {
                None
            } else {
                p.opt(|p| {
                    p.expect(COLON)?;
                    p.expression()
                })
            };
            if p.error.is_some() {
                return None;
            }
            let loc = p.loc_from(start);
            Some(Arg {
                arg: name,
                annotation: ann.map(Box::new),
                type_comment: None,
                location: loc,
            })
        })
    }

    /// default: '=' expression | invalid_default
    pub fn default(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if let Some(e) = p.alt(|p| {
                p.expect(EQUAL)?;
                p.expression()
            }) {
                return Some(e);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| {
                    let a = p.expect(EQUAL)?;
                    if !matches!(p.peek(), RPAR | COMMA) {
                        return None;
                    }
                    let loc = p.tok_loc(a);
                    p.raise_at(loc, "expected default value expression");
                    Some(())
                });
            }
            None
        })
    }

    /// lambdef: 'lambda' [lambda_params] ':' expression
    pub fn lambdef(&mut self) -> Option<Expr> {
        self.rule(|p| {
            let start = p.start_pos();
            p.alt(|p| {
                p.expect(KW_LAMBDA)?;
                let a = p.opt(|p| p.lambda_params());
                if p.error.is_some() {
                    return None;
                }
                p.expect(COLON)?;
                let b = p.expression()?;
                let loc = p.loc_from(start);
                Some(mk(
                    ExprKind::Lambda(ExprLambda {
                        args: Box::new(a.unwrap_or_else(empty_arguments)),
                        body: Box::new(b),
                    }),
                    loc,
                ))
            })
        })
    }
}

/// The `Call` node `args` returns (its func is a placeholder).
fn call(args: Vec<Expr>, keywords: Vec<Keyword>, loc: Location) -> Expr {
    mk(
        ExprKind::Call(ExprCall {
            func: Box::new(super::expressions::dummy()),
            args,
            keywords,
        }),
        loc,
    )
}
