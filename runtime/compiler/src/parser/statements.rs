//! Statement rules of the grammar: statement lists, simple statements (assignments,
//! imports, ...) and compound statements (def, class, if, for, while, with, try).

use super::*;

impl<'a> Parser<'a> {
    /// statements: statement+
    pub fn statements(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            let v = p.repeat1(|p| p.statement())?;
            Some(v.into_iter().flatten().collect())
        })
    }

    /// statement: compound_stmt | simple_stmts
    fn statement(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            if let Some(s) = p.alt(|p| p.compound_stmt()) {
                return Some(vec![s]);
            }
            if p.error.is_some() {
                return None;
            }
            p.simple_stmts()
        })
    }

    /// statement_newline: compound_stmt NEWLINE | simple_stmts | NEWLINE | ENDMARKER
    pub fn statement_newline(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(s) = p.alt(|p| {
                let s = p.compound_stmt()?;
                p.expect(NEWLINE)?;
                Some(s)
            }) {
                return Some(vec![s]);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(s) = p.simple_stmts() {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            if p.expect(NEWLINE).is_some() {
                let loc = p.loc_from(start);
                return Some(vec![mks(StmtKind::Pass, loc)]);
            }
            // ENDMARKER: CPython's _PyPegen_interactive_exit only records E_EOF for the
            // REPL and fails, so the generic error follows.
            None
        })
    }

    /// simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE
    pub fn simple_stmts(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            if !p.call_invalid_rules {
                // First pass: one simple_stmt, then either NEWLINE or the ';' list (the
                // grammar's two alternatives, without parsing the first statement twice).
                return p.alt(|p| {
                    let first = p.simple_stmt()?;
                    let mut v = vec![first];
                    loop {
                        let m = p.mark;
                        if p.expect(SEMI).is_none() {
                            break;
                        }
                        match p.simple_stmt() {
                            Some(s) => v.push(s),
                            None => {
                                p.mark = m;
                                break;
                            }
                        }
                    }
                    if v.len() > 1 || p.at(SEMI) {
                        p.expect(SEMI);
                    }
                    p.expect(NEWLINE)?;
                    Some(v)
                });
            }
            if let Some(s) = p.alt(|p| {
                let s = p.simple_stmt()?;
                if p.at(SEMI) {
                    return None;
                }
                p.expect(NEWLINE)?;
                Some(s)
            }) {
                return Some(vec![s]);
            }
            if p.error.is_some() {
                return None;
            }
            p.alt(|p| {
                let v = p.gather(SEMI, |p| p.simple_stmt())?;
                p.expect(SEMI);
                p.expect(NEWLINE)?;
                Some(v)
            })
        })
    }

    /// simple_stmt (memo): assignment | star_expressions | return | import | raise | 'pass'
    ///   | del | yield | assert | 'break' | 'continue' | global | nonlocal
    fn simple_stmt(&mut self) -> Option<Stmt> {
        if self.error.is_some() {
            return None;
        }
        if !self.call_invalid_rules {
            return self.rule(|p| p.simple_stmt_body());
        }
        if let Some(v) = self.memo_get(Rule::SimpleStmt) {
            return match v {
                Some(MemoVal::Stmt(s)) => Some(s),
                _ => None,
            };
        }
        let m = self.mark;
        let r = self.rule(|p| p.simple_stmt_body());
        if self.error.is_none() {
            self.memo_put(Rule::SimpleStmt, m, r.clone().map(MemoVal::Stmt));
        }
        r
    }

    fn simple_stmt_body(&mut self) -> Option<Stmt> {
        let start = self.start_pos();
        if let Some(s) = self.alt(|p| p.assignment()) {
            return Some(s);
        }
        if self.error.is_some() {
            return None;
        }
        if let Some(e) = self.alt(|p| p.star_expressions()) {
            let loc = self.loc_from(start);
            return Some(mks(StmtKind::Expr(StmtExpr { value: Box::new(e) }), loc));
        }
        if self.error.is_some() {
            return None;
        }
        let k = self.peek();
        let r = match k {
            KW_RETURN => self.alt(|p| p.return_stmt()),
            KW_IMPORT | KW_FROM => self.alt(|p| p.import_stmt()),
            KW_RAISE => self.alt(|p| p.raise_stmt()),
            KW_PASS | KW_BREAK | KW_CONTINUE => {
                self.mark += 1;
                let loc = self.loc_from(start);
                let kind = match k {
                    KW_PASS => StmtKind::Pass,
                    KW_BREAK => StmtKind::Break,
                    _ => StmtKind::Continue,
                };
                Some(mks(kind, loc))
            }
            KW_DEL => self.alt(|p| p.del_stmt()),
            KW_YIELD => self.alt(|p| {
                let y = p.yield_expr()?;
                let loc = p.loc_from(start);
                Some(mks(StmtKind::Expr(StmtExpr { value: Box::new(y) }), loc))
            }),
            KW_ASSERT => self.alt(|p| p.assert_stmt()),
            KW_GLOBAL | KW_NONLOCAL => self.alt(|p| {
                p.mark += 1;
                let names = p.gather(COMMA, |p| p.name_token().map(|(_, n)| n))?;
                let loc = p.loc_from(start);
                Some(mks(
                    if k == KW_GLOBAL {
                        StmtKind::Global(StmtGlobal { names })
                    } else {
                        StmtKind::Nonlocal(StmtNonlocal { names })
                    },
                    loc,
                ))
            }),
            _ => None,
        };
        r
    }

    /// compound_stmt: function_def | if | class_def | with | for | try | while | match
    fn compound_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let k = p.peek();
            if matches!(k, KW_DEF | AT | ASYNC) {
                if let Some(s) = p.alt(|p| p.function_def()) {
                    return Some(s);
                }
                if p.error.is_some() {
                    return None;
                }
            }
            if k == KW_IF {
                return p.alt(|p| p.if_stmt());
            }
            if matches!(k, KW_CLASS | AT) {
                if let Some(s) = p.alt(|p| p.class_def()) {
                    return Some(s);
                }
                if p.error.is_some() {
                    return None;
                }
            }
            if matches!(k, KW_WITH | ASYNC) {
                if let Some(s) = p.alt(|p| p.with_stmt()) {
                    return Some(s);
                }
                if p.error.is_some() {
                    return None;
                }
            }
            if matches!(k, KW_FOR | ASYNC) {
                if let Some(s) = p.alt(|p| p.for_stmt()) {
                    return Some(s);
                }
                if p.error.is_some() {
                    return None;
                }
            }
            if k == KW_TRY {
                return p.alt(|p| p.try_stmt());
            }
            if k == KW_WHILE {
                return p.alt(|p| p.while_stmt());
            }
            p.alt(|p| p.match_stmt())
        })
    }

    /// assignment: annotated, plain and augmented assignments.
    fn assignment(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let start = p.start_pos();
            // NAME ':' expression ['=' annotated_rhs]
            if let Some(s) = p.alt(|p| {
                let a = p.name_expr()?;
                p.expect(COLON)?;
                let b = p.expression()?;
                let c = p.opt(|p| {
                    p.expect(EQUAL)?;
                    p.annotated_rhs()
                });
                if p.error.is_some() {
                    return None;
                }
                let loc = p.loc_from(start);
                let s = mks(
                    StmtKind::AnnAssign(StmtAnnAssign {
                        target: Box::new(set_context(a, ExprContext::Store)),
                        annotation: Box::new(b),
                        value: c.map(Box::new),
                        simple: 1,
                    }),
                    loc,
                );
                p.check_version(6, "Variable annotation syntax is", s)
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            // ('(' single_target ')' | single_subscript_attribute_target) ':' expression [...]
            if let Some(s) = p.alt(|p| {
                let a = match p.alt(|p| {
                    p.expect(LPAR)?;
                    let b = p.single_target()?;
                    p.expect(RPAR)?;
                    Some(b)
                }) {
                    Some(a) => a,
                    None => {
                        if p.error.is_some() {
                            return None;
                        }
                        p.single_subscript_attribute_target(ExprContext::Store)?
                    }
                };
                p.expect(COLON)?;
                let b = p.expression()?;
                let c = p.opt(|p| {
                    p.expect(EQUAL)?;
                    p.annotated_rhs()
                });
                if p.error.is_some() {
                    return None;
                }
                let loc = p.loc_from(start);
                let s = mks(
                    StmtKind::AnnAssign(StmtAnnAssign {
                        target: Box::new(a),
                        annotation: Box::new(b),
                        value: c.map(Box::new),
                        simple: 0,
                    }),
                    loc,
                );
                p.check_version(6, "Variable annotations syntax is", s)
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            // (star_targets '=')+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]
            if let Some(s) = p.alt(|p| {
                let targets = p.repeat1(|p| {
                    let z = p.star_targets()?;
                    p.expect(EQUAL)?;
                    Some(z)
                })?;
                let value = p.annotated_rhs()?;
                if p.at(EQUAL) {
                    return None;
                }
                let tc = p.opt(|p| p.expect(TYPE_COMMENT));
                if p.error.is_some() {
                    return None;
                }
                let loc = p.loc_from(start);
                Some(mks(
                    StmtKind::Assign(StmtAssign {
                        targets,
                        value: Box::new(value),
                        type_comment: tc.map(|i| p.type_comment_text(i)),
                    }),
                    loc,
                ))
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            // single_target augassign ~ (yield_expr | star_expressions)
            let m = p.mark;
            if let Some(a) = p.single_target() {
                if let Some(op) = p.augassign() {
                    // Cut: after the operator no other alternative is tried.
                    let c = p.annotated_rhs()?;
                    let loc = p.loc_from(start);
                    let s = mks(
                        StmtKind::AugAssign(StmtAugAssign {
                            target: Box::new(a),
                            op,
                            value: Box::new(c),
                        }),
                        loc,
                    );
                    return Some(s);
                }
            }
            p.mark = m;
            if p.error.is_some() {
                return None;
            }
            if p.call_invalid_rules {
                p.alt(|p| p.invalid_assignment());
            }
            None
        })
    }

    /// annotated_rhs: yield_expr | star_expressions
    pub fn annotated_rhs(&mut self) -> Option<Expr> {
        self.rule(|p| {
            if let Some(y) = p.yield_expr() {
                return Some(y);
            }
            if p.error.is_some() {
                return None;
            }
            p.star_expressions()
        })
    }

    /// augassign: '+=' | '-=' | ... (the operator)
    pub fn augassign(&mut self) -> Option<Operator> {
        if self.error.is_some() {
            return None;
        }
        let op = match self.peek() {
            PLUSEQUAL => Operator::Add,
            MINEQUAL => Operator::Sub,
            STAREQUAL => Operator::Mult,
            ATEQUAL => Operator::MatMult,
            SLASHEQUAL => Operator::Div,
            PERCENTEQUAL => Operator::Mod,
            AMPEREQUAL => Operator::BitAnd,
            VBAREQUAL => Operator::BitOr,
            CIRCUMFLEXEQUAL => Operator::BitXor,
            LEFTSHIFTEQUAL => Operator::LShift,
            RIGHTSHIFTEQUAL => Operator::RShift,
            DOUBLESTAREQUAL => Operator::Pow,
            DOUBLESLASHEQUAL => Operator::FloorDiv,
            _ => return None,
        };
        self.mark += 1;
        if op == Operator::MatMult {
            return self.check_version(5, "The '@' operator is", op);
        }
        Some(op)
    }

    /// The text of a TYPE_COMMENT token.
    pub fn type_comment_text(&self, i: usize) -> String {
        String::from_utf8_lossy(self.tok_text(i)).into_owned()
    }

    /// return_stmt: 'return' [star_expressions]
    fn return_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let start = p.start_pos();
            p.expect(KW_RETURN)?;
            let a = p.opt(|p| p.star_expressions());
            if p.error.is_some() {
                return None;
            }
            let loc = p.loc_from(start);
            Some(mks(
                StmtKind::Return(StmtReturn {
                    value: a.map(Box::new),
                }),
                loc,
            ))
        })
    }

    /// raise_stmt: 'raise' expression ['from' expression] | 'raise'
    fn raise_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let start = p.start_pos();
            p.expect(KW_RAISE)?;
            let r = p.alt(|p| {
                let a = p.expression()?;
                let b = p.opt(|p| {
                    p.expect(KW_FROM)?;
                    p.expression()
                });
                Some((a, b))
            });
            if p.error.is_some() {
                return None;
            }
            let loc = p.loc_from(start);
            let (exc, cause) = match r {
                Some((a, b)) => (Some(Box::new(a)), b.map(Box::new)),
                None => (None, None),
            };
            Some(mks(StmtKind::Raise(StmtRaise { exc, cause }), loc))
        })
    }

    /// del_stmt: 'del' del_targets &(';' | NEWLINE) | invalid_del_stmt
    fn del_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(s) = p.alt(|p| {
                p.expect(KW_DEL)?;
                let a = p.del_targets()?;
                if !matches!(p.peek(), SEMI | NEWLINE) {
                    return None;
                }
                let loc = p.loc_from(start);
                Some(mks(StmtKind::Delete(StmtDelete { targets: a }), loc))
            }) {
                return Some(s);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| p.invalid_del_stmt());
            }
            None
        })
    }

    /// assert_stmt: 'assert' expression [',' expression]
    fn assert_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let start = p.start_pos();
            p.expect(KW_ASSERT)?;
            let a = p.expression()?;
            let b = p.opt(|p| {
                p.expect(COMMA)?;
                p.expression()
            });
            if p.error.is_some() {
                return None;
            }
            let loc = p.loc_from(start);
            Some(mks(
                StmtKind::Assert(StmtAssert {
                    test: Box::new(a),
                    msg: b.map(Box::new),
                }),
                loc,
            ))
        })
    }

    /// import_stmt: import_name | import_from
    fn import_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(s) = p.alt(|p| {
                p.expect(KW_IMPORT)?;
                let names = p.gather(COMMA, |p| p.dotted_as_name())?;
                let loc = p.loc_from(start);
                Some(mks(StmtKind::Import(StmtImport { names }), loc))
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            // 'from' ('.' | '...')* dotted_name 'import' targets
            if let Some(s) = p.alt(|p| {
                p.expect(KW_FROM)?;
                let level = p.count_dots();
                let module = p.dotted_name()?;
                p.expect(KW_IMPORT)?;
                let names = p.import_from_targets()?;
                let loc = p.loc_from(start);
                Some(mks(
                    StmtKind::ImportFrom(StmtImportFrom {
                        module: Some(module),
                        names,
                        level: Some(level),
                    }),
                    loc,
                ))
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            // 'from' ('.' | '...')+ 'import' targets
            p.alt(|p| {
                p.expect(KW_FROM)?;
                let m = p.mark;
                let level = p.count_dots();
                if p.mark == m {
                    return None;
                }
                p.expect(KW_IMPORT)?;
                let names = p.import_from_targets()?;
                let loc = p.loc_from(start);
                Some(mks(
                    StmtKind::ImportFrom(StmtImportFrom {
                        module: None,
                        names,
                        level: Some(level),
                    }),
                    loc,
                ))
            })
        })
    }

    fn count_dots(&mut self) -> i32 {
        let mut n = 0;
        loop {
            match self.peek() {
                DOT => n += 1,
                ELLIPSIS => n += 3,
                _ => return n,
            }
            self.mark += 1;
        }
    }

    /// import_from_targets: '(' names [','] ')' | names !',' | '*' | invalid
    fn import_from_targets(&mut self) -> Option<Vec<Alias>> {
        self.rule(|p| {
            let start = p.start_pos();
            if let Some(v) = p.alt(|p| {
                p.expect(LPAR)?;
                let a = p.gather(COMMA, |p| p.import_from_as_name())?;
                p.expect(COMMA);
                p.expect(RPAR)?;
                Some(a)
            }) {
                return Some(v);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(v) = p.alt(|p| {
                let a = p.gather(COMMA, |p| p.import_from_as_name())?;
                if p.at(COMMA) {
                    return None;
                }
                Some(a)
            }) {
                return Some(v);
            }
            if p.error.is_some() {
                return None;
            }
            if p.expect(STAR).is_some() {
                let loc = p.loc_from(start);
                return Some(vec![Alias {
                    name: "*".into(),
                    asname: None,
                    location: loc,
                }]);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| {
                    p.gather(COMMA, |p| p.import_from_as_name())?;
                    p.expect(COMMA)?;
                    p.expect(NEWLINE)?;
                    p.raise_syntax("trailing comma not allowed without surrounding parentheses");
                    Some(())
                });
            }
            None
        })
    }

    /// import_from_as_name: NAME ['as' NAME]
    fn import_from_as_name(&mut self) -> Option<Alias> {
        self.rule(|p| {
            let start = p.start_pos();
            let (_, name) = p.name_token()?;
            let asname = p.opt(|p| {
                p.expect(KW_AS)?;
                p.name_token().map(|(_, n)| n)
            });
            if p.error.is_some() {
                return None;
            }
            let loc = p.loc_from(start);
            Some(Alias {
                name,
                asname,
                location: loc,
            })
        })
    }

    /// dotted_as_name: dotted_name ['as' NAME]
    fn dotted_as_name(&mut self) -> Option<Alias> {
        self.rule(|p| {
            let start = p.start_pos();
            let name = p.dotted_name()?;
            let asname = p.opt(|p| {
                p.expect(KW_AS)?;
                p.name_token().map(|(_, n)| n)
            });
            if p.error.is_some() {
                return None;
            }
            let loc = p.loc_from(start);
            Some(Alias {
                name,
                asname,
                location: loc,
            })
        })
    }

    /// dotted_name: dotted_name '.' NAME | NAME
    fn dotted_name(&mut self) -> Option<String> {
        self.rule(|p| {
            let (_, mut s) = p.name_token()?;
            loop {
                let m = p.mark;
                if p.expect(DOT).is_none() {
                    break;
                }
                match p.name_token() {
                    Some((_, n)) => {
                        s.push('.');
                        s.push_str(&n);
                    }
                    None => {
                        p.mark = m;
                        break;
                    }
                }
            }
            Some(s)
        })
    }

    /// block (memo): NEWLINE INDENT statements DEDENT | simple_stmts | invalid_block
    pub fn block(&mut self) -> Option<Vec<Stmt>> {
        if self.error.is_some() {
            return None;
        }
        if !self.call_invalid_rules {
            return self.rule(|p| p.block_body());
        }
        if let Some(v) = self.memo_get(Rule::Block) {
            return match v {
                Some(MemoVal::Stmts(s)) => Some(s),
                _ => None,
            };
        }
        let m = self.mark;
        let r = self.rule(|p| p.block_body());
        if self.error.is_none() {
            self.memo_put(Rule::Block, m, r.clone().map(MemoVal::Stmts));
        }
        r
    }

    fn block_body(&mut self) -> Option<Vec<Stmt>> {
        {
            let p = self;
            if let Some(s) = p.alt(|p| {
                p.expect(NEWLINE)?;
                p.expect(INDENT)?;
                let a = p.statements()?;
                p.expect(DEDENT)?;
                Some(a)
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(s) = p.simple_stmts() {
                return Some(s);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| {
                    p.expect(NEWLINE)?;
                    if p.at(INDENT) {
                        return None;
                    }
                    p.raise_indentation("expected an indented block");
                    Some(())
                });
            }
            None
        }
    }

    /// decorators: ('@' named_expression NEWLINE)+
    fn decorators(&mut self) -> Option<Vec<Expr>> {
        self.rule(|p| {
            p.repeat1(|p| {
                p.expect(AT)?;
                let f = p.named_expression()?;
                p.expect(NEWLINE)?;
                Some(f)
            })
        })
    }

    /// class_def: decorators class_def_raw | class_def_raw
    fn class_def(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if let Some(s) = p.alt(|p| {
                let d = p.decorators()?;
                let mut c = p.class_def_raw()?;
                if let StmtKind::ClassDef(cd) = &mut c.kind {
                    cd.decorator_list = d;
                }
                Some(c)
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            p.class_def_raw()
        })
    }

    /// class_def_raw: invalid_class_def_raw | 'class' NAME ['(' [arguments] ')'] ':' block
    fn class_def_raw(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_class_def_raw()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let start = p.start_pos();
            p.alt(|p| {
                p.expect(KW_CLASS)?;
                let (_, name) = p.name_token()?;
                let b = p.opt(|p| {
                    p.expect(LPAR)?;
                    let z = p.opt(|p| p.arguments());
                    if p.error.is_some() {
                        return None;
                    }
                    p.expect(RPAR)?;
                    Some(z)
                });
                if p.error.is_some() {
                    return None;
                }
                p.expect(COLON)?;
                let body = p.block()?;
                let loc = p.loc_from(start);
                let (bases, keywords) = expressions::call_parts(b.flatten());
                Some(mks(
                    StmtKind::ClassDef(StmtClassDef {
                        name,
                        bases,
                        keywords,
                        body,
                        decorator_list: Vec::new(),
                    }),
                    loc,
                ))
            })
        })
    }

    /// function_def: decorators function_def_raw | function_def_raw
    fn function_def(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if let Some(s) = p.alt(|p| {
                let d = p.decorators()?;
                let mut f = p.function_def_raw()?;
                match &mut f.kind {
                    StmtKind::FunctionDef(fd) => fd.decorator_list = d,
                    StmtKind::AsyncFunctionDef(fd) => fd.decorator_list = d,
                    _ => {}
                }
                Some(f)
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            p.function_def_raw()
        })
    }

    /// function_def_raw: invalid_def_raw
    ///   | [ASYNC] 'def' NAME &&'(' [params] ')' ['->' expression] &&':' [func_type_comment] block
    fn function_def_raw(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_def_raw()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let start = p.start_pos();
            for is_async in [false, true] {
                let r = p.alt(|p| {
                    if is_async {
                        p.expect(ASYNC)?;
                    }
                    p.expect(KW_DEF)?;
                    let (_, name) = p.name_token()?;
                    p.expect_forced(LPAR, "(")?;
                    let params = p.opt(|p| p.params());
                    if p.error.is_some() {
                        return None;
                    }
                    p.expect(RPAR)?;
                    let returns = p.opt(|p| {
                        p.expect(RARROW)?;
                        p.expression()
                    });
                    if p.error.is_some() {
                        return None;
                    }
                    p.expect_forced(COLON, ":")?;
                    let tc = p.opt(|p| p.func_type_comment());
                    if p.error.is_some() {
                        return None;
                    }
                    let body = p.block()?;
                    let loc = p.loc_from(start);
                    let args = Box::new(params.unwrap_or_else(arguments::empty_arguments));
                    let returns = returns.map(Box::new);
                    let type_comment = tc.map(|i| p.type_comment_text(i));
                    if is_async {
                        let s = mks(
                            StmtKind::AsyncFunctionDef(StmtAsyncFunctionDef {
                                name,
                                args,
                                body,
                                decorator_list: Vec::new(),
                                returns,
                                type_comment,
                            }),
                            loc,
                        );
                        p.check_version(5, "Async functions are", s)
                    } else {
                        Some(mks(
                            StmtKind::FunctionDef(StmtFunctionDef {
                                name,
                                args,
                                body,
                                decorator_list: Vec::new(),
                                returns,
                                type_comment,
                            }),
                            loc,
                        ))
                    }
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            None
        })
    }

    /// func_type_comment: NEWLINE TYPE_COMMENT &(NEWLINE INDENT) | invalid_double_type_comments
    ///   | TYPE_COMMENT
    fn func_type_comment(&mut self) -> Option<usize> {
        self.rule(|p| {
            if let Some(t) = p.alt(|p| {
                p.expect(NEWLINE)?;
                let t = p.expect(TYPE_COMMENT)?;
                let ok = p.lookahead(true, |p| {
                    p.expect(NEWLINE)?;
                    p.expect(INDENT)
                });
                ok.then_some(t)
            }) {
                return Some(t);
            }
            if p.error.is_some() {
                return None;
            }
            if p.call_invalid_rules {
                if p.alt(|p| {
                    p.expect(TYPE_COMMENT)?;
                    p.expect(NEWLINE)?;
                    p.expect(TYPE_COMMENT)?;
                    p.expect(NEWLINE)?;
                    p.expect(INDENT)?;
                    p.raise_syntax("Cannot have two type comments on def");
                    Some(())
                })
                .is_some()
                    || p.error.is_some()
                {
                    return None;
                }
            }
            p.expect(TYPE_COMMENT)
        })
    }

    /// if_stmt: invalid_if_stmt | 'if' named_expression ':' block (elif_stmt | [else_block])
    fn if_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_if_stmt(KW_IF)).is_some() || p.error.is_some() {
                    return None;
                }
            }
            p.alt(|p| p.if_tail(KW_IF))
        })
    }

    /// The valid alternatives of if_stmt / elif_stmt.
    fn if_tail(&mut self, kw: Kind) -> Option<Stmt> {
        let start = self.start_pos();
        self.expect(kw)?;
        let a = self.named_expression()?;
        self.expect(COLON)?;
        let b = self.block()?;
        let orelse = if let Some(c) = self.alt(|p| p.elif_stmt()) {
            vec![c]
        } else {
            if self.error.is_some() {
                return None;
            }
            let e = self.opt(|p| p.else_block());
            if self.error.is_some() {
                return None;
            }
            e.unwrap_or_default()
        };
        let loc = self.loc_from(start);
        Some(mks(
            StmtKind::If(StmtIf {
                test: Box::new(a),
                body: b,
                orelse,
            }),
            loc,
        ))
    }

    /// elif_stmt: invalid_elif_stmt | 'elif' named_expression ':' block (elif_stmt | [else_block])
    fn elif_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_if_stmt(KW_ELIF)).is_some() || p.error.is_some() {
                    return None;
                }
            }
            p.alt(|p| p.if_tail(KW_ELIF))
        })
    }

    /// else_block: invalid_else_stmt | 'else' &&':' block
    fn else_block(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_block_after(KW_ELSE, "'else' statement"))
                    .is_some()
                    || p.error.is_some()
                {
                    return None;
                }
            }
            p.alt(|p| {
                p.expect(KW_ELSE)?;
                p.expect_forced(COLON, ":")?;
                p.block()
            })
        })
    }

    /// while_stmt: invalid_while_stmt | 'while' named_expression ':' block [else_block]
    fn while_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_if_stmt(KW_WHILE)).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let start = p.start_pos();
            p.alt(|p| {
                p.expect(KW_WHILE)?;
                let a = p.named_expression()?;
                p.expect(COLON)?;
                let b = p.block()?;
                let c = p.opt(|p| p.else_block());
                if p.error.is_some() {
                    return None;
                }
                let loc = p.loc_from(start);
                Some(mks(
                    StmtKind::While(StmtWhile {
                        test: Box::new(a),
                        body: b,
                        orelse: c.unwrap_or_default(),
                    }),
                    loc,
                ))
            })
        })
    }

    /// for_stmt: invalid_for_stmt
    ///   | [ASYNC] 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
    ///   | invalid_for_target
    fn for_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_for_stmt()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let start = p.start_pos();
            for is_async in [false, true] {
                let m = p.mark;
                let mut cut = false;
                let r = (|| {
                    if is_async {
                        p.expect(ASYNC)?;
                    }
                    p.expect(KW_FOR)?;
                    let t = p.star_targets()?;
                    p.expect(KW_IN)?;
                    cut = true;
                    let ex = p.star_expressions()?;
                    p.expect(COLON)?;
                    let tc = p.opt(|p| p.expect(TYPE_COMMENT));
                    if p.error.is_some() {
                        return None;
                    }
                    let b = p.block()?;
                    let el = p.opt(|p| p.else_block());
                    if p.error.is_some() {
                        return None;
                    }
                    let loc = p.loc_from(start);
                    let type_comment = tc.map(|i| p.type_comment_text(i));
                    let (target, iter, orelse) =
                        (Box::new(t), Box::new(ex), el.unwrap_or_default());
                    if is_async {
                        let s = mks(
                            StmtKind::AsyncFor(StmtAsyncFor {
                                target,
                                iter,
                                body: b,
                                orelse,
                                type_comment,
                            }),
                            loc,
                        );
                        p.check_version(5, "Async for loops are", s)
                    } else {
                        Some(mks(
                            StmtKind::For(StmtFor {
                                target,
                                iter,
                                body: b,
                                orelse,
                                type_comment,
                            }),
                            loc,
                        ))
                    }
                })();
                if r.is_some() {
                    return r;
                }
                p.mark = m;
                if cut || p.error.is_some() {
                    return None;
                }
            }
            if p.call_invalid_rules {
                p.alt(|p| p.invalid_for_target());
            }
            None
        })
    }

    /// with_stmt: invalid_with_stmt_indent | [ASYNC] 'with' '(' items [','] ')' ':' block
    ///   | [ASYNC] 'with' items ':' [TYPE_COMMENT] block | invalid_with_stmt
    fn with_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_with_stmt_indent()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let start = p.start_pos();
            for is_async in [false, true] {
                for parenthesized in [true, false] {
                    let r = p.alt(|p| {
                        if is_async {
                            p.expect(ASYNC)?;
                        }
                        p.expect(KW_WITH)?;
                        let items;
                        let mut tc = None;
                        if parenthesized {
                            p.expect(LPAR)?;
                            items = p.gather(COMMA, |p| p.with_item())?;
                            p.expect(COMMA);
                            p.expect(RPAR)?;
                            p.expect(COLON)?;
                        } else {
                            items = p.gather(COMMA, |p| p.with_item())?;
                            p.expect(COLON)?;
                            tc = p.opt(|p| p.expect(TYPE_COMMENT));
                        }
                        if p.error.is_some() {
                            return None;
                        }
                        let body = p.block()?;
                        let loc = p.loc_from(start);
                        let type_comment = tc.map(|i| p.type_comment_text(i));
                        if is_async {
                            let s = mks(
                                StmtKind::AsyncWith(StmtAsyncWith {
                                    items,
                                    body,
                                    type_comment,
                                }),
                                loc,
                            );
                            p.check_version(5, "Async with statements are", s)
                        } else {
                            let s = mks(
                                StmtKind::With(StmtWith {
                                    items,
                                    body,
                                    type_comment,
                                }),
                                loc,
                            );
                            if parenthesized {
                                p.check_version(9, "Parenthesized context managers are", s)
                            } else {
                                Some(s)
                            }
                        }
                    });
                    if r.is_some() || p.error.is_some() {
                        return r;
                    }
                }
            }
            if p.call_invalid_rules {
                p.alt(|p| p.invalid_with_stmt());
            }
            None
        })
    }

    /// with_item: expression 'as' star_target &(',' | ')' | ':') | invalid_with_item | expression
    fn with_item(&mut self) -> Option<WithItem> {
        self.rule(|p| {
            if let Some(w) = p.alt(|p| {
                let e = p.expression()?;
                p.expect(KW_AS)?;
                let t = p.star_target()?;
                if !matches!(p.peek(), COMMA | RPAR | COLON) {
                    return None;
                }
                Some(WithItem {
                    context_expr: Box::new(e),
                    optional_vars: Some(Box::new(t)),
                })
            }) {
                return Some(w);
            }
            if p.error.is_some() {
                return None;
            }
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_with_item()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let e = p.expression()?;
            Some(WithItem {
                context_expr: Box::new(e),
                optional_vars: None,
            })
        })
    }

    /// try_stmt: invalid_try_stmt | 'try' &&':' block finally_block
    ///   | 'try' &&':' block except_block+ [else_block] [finally_block]
    ///   | 'try' &&':' block except_star_block+ [else_block] [finally_block]
    fn try_stmt(&mut self) -> Option<Stmt> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_try_stmt()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let start = p.start_pos();
            if !p.call_invalid_rules {
                return p.alt(|p| p.try_stmt_first_pass(start));
            }
            if let Some(s) = p.alt(|p| {
                p.expect(KW_TRY)?;
                p.expect_forced(COLON, ":")?;
                let b = p.block()?;
                let f = p.finally_block()?;
                let loc = p.loc_from(start);
                Some(mks(
                    StmtKind::Try(StmtTry {
                        body: b,
                        handlers: Vec::new(),
                        orelse: Vec::new(),
                        finalbody: f,
                    }),
                    loc,
                ))
            }) {
                return Some(s);
            }
            if p.error.is_some() {
                return None;
            }
            for star in [false, true] {
                let r = p.alt(|p| {
                    p.expect(KW_TRY)?;
                    p.expect_forced(COLON, ":")?;
                    let b = p.block()?;
                    let ex = p.repeat1(|p| {
                        if star {
                            p.except_star_block()
                        } else {
                            p.except_block()
                        }
                    })?;
                    let el = p.opt(|p| p.else_block());
                    if p.error.is_some() {
                        return None;
                    }
                    let f = p.opt(|p| p.finally_block());
                    if p.error.is_some() {
                        return None;
                    }
                    let loc = p.loc_from(start);
                    if star {
                        let s = mks(
                            StmtKind::TryStar(StmtTryStar {
                                body: b,
                                handlers: ex,
                                orelse: el.unwrap_or_default(),
                                finalbody: f.unwrap_or_default(),
                            }),
                            loc,
                        );
                        p.check_version(11, "Exception groups are", s)
                    } else {
                        Some(mks(
                            StmtKind::Try(StmtTry {
                                body: b,
                                handlers: ex,
                                orelse: el.unwrap_or_default(),
                                finalbody: f.unwrap_or_default(),
                            }),
                            loc,
                        ))
                    }
                });
                if r.is_some() || p.error.is_some() {
                    return r;
                }
            }
            None
        })
    }

    /// try_stmt's three valid alternatives sharing one parse of `'try' &&':' block`.
    fn try_stmt_first_pass(&mut self, start: (i32, i32)) -> Option<Stmt> {
        self.expect(KW_TRY)?;
        self.expect_forced(COLON, ":")?;
        let body = self.block()?;
        let after_block = self.mark;
        if let Some(f) = self.alt(|p| p.finally_block()) {
            let loc = self.loc_from(start);
            return Some(mks(
                StmtKind::Try(StmtTry {
                    body,
                    handlers: Vec::new(),
                    orelse: Vec::new(),
                    finalbody: f,
                }),
                loc,
            ));
        }
        for star in [false, true] {
            self.mark = after_block;
            if self.error.is_some() {
                return None;
            }
            let Some(ex) = self.repeat1(|p| {
                if star {
                    p.except_star_block()
                } else {
                    p.except_block()
                }
            }) else {
                continue;
            };
            let el = self.opt(|p| p.else_block());
            if self.error.is_some() {
                return None;
            }
            let f = self.opt(|p| p.finally_block());
            if self.error.is_some() {
                return None;
            }
            let loc = self.loc_from(start);
            let (orelse, finalbody) = (el.unwrap_or_default(), f.unwrap_or_default());
            if star {
                let s = mks(
                    StmtKind::TryStar(StmtTryStar {
                        body,
                        handlers: ex,
                        orelse,
                        finalbody,
                    }),
                    loc,
                );
                return self.check_version(11, "Exception groups are", s);
            }
            return Some(mks(
                StmtKind::Try(StmtTry {
                    body,
                    handlers: ex,
                    orelse,
                    finalbody,
                }),
                loc,
            ));
        }
        None
    }

    /// except_block: invalid_except_stmt_indent | 'except' expression ['as' NAME] ':' block
    ///   | 'except' ':' block | invalid_except_stmt
    pub fn except_block(&mut self) -> Option<ExceptHandler> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_except_stmt_indent()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let start = p.start_pos();
            if let Some(h) = p.alt(|p| {
                p.expect(KW_EXCEPT)?;
                let e = p.expression()?;
                let t = p.opt(|p| {
                    p.expect(KW_AS)?;
                    p.name_token().map(|(_, n)| n)
                });
                if p.error.is_some() {
                    return None;
                }
                p.expect(COLON)?;
                let b = p.block()?;
                let loc = p.loc_from(start);
                Some(ExceptHandler {
                    type_: Some(Box::new(e)),
                    name: t,
                    body: b,
                    location: loc,
                })
            }) {
                return Some(h);
            }
            if p.error.is_some() {
                return None;
            }
            if let Some(h) = p.alt(|p| {
                p.expect(KW_EXCEPT)?;
                p.expect(COLON)?;
                let b = p.block()?;
                let loc = p.loc_from(start);
                Some(ExceptHandler {
                    type_: None,
                    name: None,
                    body: b,
                    location: loc,
                })
            }) {
                return Some(h);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| p.invalid_except_stmt());
            }
            None
        })
    }

    /// except_star_block: invalid_except_star_stmt_indent
    ///   | 'except' '*' expression ['as' NAME] ':' block | invalid_except_stmt
    pub fn except_star_block(&mut self) -> Option<ExceptHandler> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_except_star_stmt_indent()).is_some() || p.error.is_some() {
                    return None;
                }
            }
            let start = p.start_pos();
            if let Some(h) = p.alt(|p| {
                p.expect(KW_EXCEPT)?;
                p.expect(STAR)?;
                let e = p.expression()?;
                let t = p.opt(|p| {
                    p.expect(KW_AS)?;
                    p.name_token().map(|(_, n)| n)
                });
                if p.error.is_some() {
                    return None;
                }
                p.expect(COLON)?;
                let b = p.block()?;
                let loc = p.loc_from(start);
                Some(ExceptHandler {
                    type_: Some(Box::new(e)),
                    name: t,
                    body: b,
                    location: loc,
                })
            }) {
                return Some(h);
            }
            if p.call_invalid_rules && p.error.is_none() {
                p.alt(|p| p.invalid_except_stmt());
            }
            None
        })
    }

    /// finally_block: invalid_finally_stmt | 'finally' &&':' block
    fn finally_block(&mut self) -> Option<Vec<Stmt>> {
        self.rule(|p| {
            if p.call_invalid_rules {
                if p.alt(|p| p.invalid_block_after(KW_FINALLY, "'finally' statement"))
                    .is_some()
                    || p.error.is_some()
                {
                    return None;
                }
            }
            p.alt(|p| {
                p.expect(KW_FINALLY)?;
                p.expect_forced(COLON, ":")?;
                p.block()
            })
        })
    }
}
