//! Code generation for statements and expressions: walks the AST of one module, one code
//! unit (module, class body, function, lambda, comprehension) at a time, emitting
//! instructions into the unit's flow graph exactly as CPython 3.11's compile.c does
//! (same blocks, same positions, same constant and name order), then assembles each unit
//! into a code object.

use crate::fxhash::FxMap as HashMap;

use super::assemble::{self, *};
use super::cfg::{BlockId, Cfg, Loc};
use super::consts::ConstPool;
use super::opcode::*;
use super::scope::{BlockType, Scope, ScopeSource, UnitScope};
use crate::ast::*;
use crate::error::SyntaxErrorInfo;
use crate::marshal::{Code, Value};

pub type CResult<T = ()> = Result<T, SyntaxErrorInfo>;

/// `PyCF_MASK`: the future flags that code objects inherit.
pub const PYCF_MASK: i32 =
    0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000 | 0x800000 | 0x1000000;
pub const CO_FUTURE_ANNOTATIONS: i32 = 0x1000000;
pub const PYCF_ALLOW_TOP_LEVEL_AWAIT: i32 = 0x2000;

const STACK_USE_GUIDELINE: usize = 30;
const CO_MAXBLOCKS: usize = 20;

/// A SyntaxWarning the compiler emitted (CPython reports it through `warnings`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileWarning {
    pub msg: String,
    pub lineno: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScopeType {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FBlockType {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry,
    FinallyEnd,
    With,
    AsyncWith,
    HandlerCleanup,
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
}

#[derive(Clone, Copy)]
enum FDatum<'a> {
    None,
    Body(&'a [Stmt]),
    Loc(Location),
    Name(Option<&'a str>),
}

#[derive(Clone, Copy)]
struct FBlock<'a> {
    kind: FBlockType,
    block: Option<BlockId>,
    exit: Option<BlockId>,
    datum: FDatum<'a>,
}

/// An insertion-ordered name table (`u_names`, `u_varnames`).
#[derive(Default, Clone)]
struct Names {
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl Names {
    fn from_list(list: &[String]) -> Names {
        let mut n = Names::default();
        for s in list {
            n.add(s);
        }
        n
    }
    fn add(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(s.to_owned());
        self.index.insert(s.to_owned(), i);
        i
    }
}

struct Unit<'a> {
    scope: UnitScope,
    scope_type: ScopeType,
    name: String,
    qualname: String,
    consts: ConstPool,
    names: Names,
    varnames: Names,
    cellvars: Vec<String>,
    freevars: Vec<String>,
    private: Option<String>,
    argcount: i32,
    posonlyargcount: i32,
    kwonlyargcount: i32,
    cfg: Cfg,
    fblocks: Vec<FBlock<'a>>,
    firstlineno: i32,
    loc: Loc,
}

/// A finished code unit, ready to become a constant of its parent.
struct Finished {
    code: Value,
    freevars: Vec<String>,
}

pub struct Compiler<'a> {
    scopes: &'a dyn ScopeSource,
    filename: String,
    flags: i32,
    future_lineno: i32,
    optimize: i32,
    interactive: bool,
    nestlevel: i32,
    units: Vec<Unit<'a>>,
    pub warnings: Vec<CompileWarning>,
    /// Constants and tables shared across the module's code objects.
    cache: super::consts::ConstCache,
    /// The one filename object all code objects hold.
    filename_obj: Option<Value>,
}

fn loc_of(l: &Location) -> Loc {
    Loc {
        lineno: l.lineno,
        end_lineno: l.end_lineno,
        col: l.col_offset,
        end_col: l.end_col_offset,
    }
}

/// `_Py_Mangle`: `__name` inside class `C` becomes `_C__name`.
pub fn mangle(private: Option<&str>, name: &str) -> String {
    let Some(p) = private else {
        return name.to_owned();
    };
    let b = name.as_bytes();
    if b.len() < 2 || b[0] != b'_' || b[1] != b'_' {
        return name.to_owned();
    }
    if name.ends_with("__") || name.contains('.') {
        return name.to_owned();
    }
    let stripped = p.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_owned();
    }
    format!("_{stripped}{name}")
}

fn docstring(body: &[Stmt]) -> Option<&PyStr> {
    let first = body.first()?;
    if let StmtKind::Expr(e) = &first.kind {
        if let ExprKind::Constant(c) = &e.value.kind {
            if let ConstantValue::Str(s) = &c.value {
                return Some(s);
            }
        }
    }
    None
}

fn is_const(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Constant(_))
}

fn const_of(e: &Expr) -> &ConstantValue {
    match &e.kind {
        ExprKind::Constant(c) => &c.value,
        _ => unreachable_const(),
    }
}

#[cold]
fn unreachable_const() -> ! {
    panic!("codegen: expected a Constant node")
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(&p.kind, PatternKind::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(&p.kind, PatternKind::MatchStar(s) if s.name.is_none())
}

fn find_ann(stmts: &[Stmt]) -> bool {
    for st in stmts {
        let res = match &st.kind {
            StmtKind::AnnAssign(_) => return true,
            StmtKind::For(s) => find_ann(&s.body) || find_ann(&s.orelse),
            StmtKind::AsyncFor(s) => find_ann(&s.body) || find_ann(&s.orelse),
            StmtKind::While(s) => find_ann(&s.body) || find_ann(&s.orelse),
            StmtKind::If(s) => find_ann(&s.body) || find_ann(&s.orelse),
            StmtKind::With(s) => find_ann(&s.body),
            StmtKind::AsyncWith(s) => find_ann(&s.body),
            StmtKind::Try(StmtTry {
                body,
                handlers,
                orelse,
                finalbody,
            })
            | StmtKind::TryStar(StmtTryStar {
                body,
                handlers,
                orelse,
                finalbody,
            }) => {
                if handlers.iter().any(|h| find_ann(&h.body)) {
                    return true;
                }
                find_ann(body) || find_ann(finalbody) || find_ann(orelse)
            }
            _ => false,
        };
        if res {
            return true;
        }
    }
    false
}

fn binop_arg(op: Operator, inplace: bool) -> u32 {
    let base = match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    };
    if inplace {
        base + 13
    } else {
        base
    }
}

/// The type name CPython's `infer_type` gives, for warnings.
fn infer_type(e: &Expr) -> Option<&'static str> {
    Some(match &e.kind {
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) | ExprKind::ListComp(_) => "list",
        ExprKind::Dict(_) | ExprKind::DictComp(_) => "dict",
        ExprKind::Set(_) | ExprKind::SetComp(_) => "set",
        ExprKind::GeneratorExp(_) => "generator",
        ExprKind::Lambda(_) => "function",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue(_) => "str",
        ExprKind::Constant(c) => const_type_name(&c.value),
        _ => return None,
    })
}

fn const_type_name(v: &ConstantValue) -> &'static str {
    match v {
        ConstantValue::None => "NoneType",
        ConstantValue::Bool(_) => "bool",
        ConstantValue::Int(_) => "int",
        ConstantValue::Float(_) => "float",
        ConstantValue::Complex { .. } => "complex",
        ConstantValue::Str(_) => "str",
        ConstantValue::Bytes(_) => "bytes",
        ConstantValue::Ellipsis => "ellipsis",
        ConstantValue::Tuple(_) => "tuple",
        ConstantValue::FrozenSet(_) => "frozenset",
    }
}

fn qualname_for(u: &Unit) -> String {
    if u.qualname.is_empty() {
        u.name.clone()
    } else {
        u.qualname.clone()
    }
}

fn interned(s: &str) -> Value {
    Value::interned_str(s)
}

/// `co_name`: an interned identifier, except the compiler's static names (`<module>`,
/// `<lambda>`, ...), which are not interned.
fn code_name(s: &str) -> Value {
    if s.starts_with('<') {
        Value::str(s)
    } else {
        interned(s)
    }
}

impl<'a> Compiler<'a> {
    pub fn new(
        scopes: &'a dyn ScopeSource,
        filename: &str,
        flags: i32,
        future_lineno: i32,
        optimize: i32,
    ) -> Self {
        Compiler {
            scopes,
            filename: filename.to_owned(),
            flags,
            future_lineno,
            optimize,
            interactive: false,
            nestlevel: 0,
            units: Vec::new(),
            warnings: Vec::new(),
            cache: super::consts::ConstCache::new(),
            filename_obj: None,
        }
    }

    fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("no current code unit")
    }

    fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("no current code unit")
    }

    // -----------------------------------------------------------------------------------
    // Errors

    fn error(&self, msg: impl Into<String>) -> SyntaxErrorInfo {
        let l = self.ur().loc;
        SyntaxErrorInfo {
            error_type: crate::error::ErrorType::SyntaxError,
            msg: msg.into(),
            lineno: Some(l.lineno as i64),
            offset: Some(l.col as i64 + 1),
            end_lineno: Some(l.end_lineno as i64),
            end_offset: Some(l.end_col as i64 + 1),
            text: None,
        }
    }

    fn warn(&mut self, msg: impl Into<String>) {
        let lineno = self.ur().loc.lineno;
        self.warnings.push(CompileWarning {
            msg: msg.into(),
            lineno,
        });
    }

    // -----------------------------------------------------------------------------------
    // Emitting

    fn set_loc(&mut self, l: &Location) {
        self.u().loc = loc_of(l);
    }

    fn unset_loc(&mut self) {
        self.u().loc = Loc::UNSET;
    }

    fn addop(&mut self, op: i32) {
        let loc = self.ur().loc;
        self.u().cfg.add(op, 0, None, loc);
    }

    fn addop_i(&mut self, op: i32, arg: u32) {
        let loc = self.ur().loc;
        self.u().cfg.add(op, arg, None, loc);
    }

    fn addop_noline(&mut self, op: i32) {
        self.u().cfg.add(op, 0, None, Loc::NOLINE);
    }

    fn addop_i_noline(&mut self, op: i32, arg: u32) {
        self.u().cfg.add(op, arg, None, Loc::NOLINE);
    }

    fn addop_j(&mut self, op: i32, target: BlockId) {
        let loc = self.ur().loc;
        self.u().cfg.add(op, 0, Some(target), loc);
    }

    fn addop_j_noline(&mut self, op: i32, target: BlockId) {
        self.u().cfg.add(op, 0, Some(target), Loc::NOLINE);
    }

    fn new_block(&mut self) -> BlockId {
        self.u().cfg.new_block()
    }

    fn use_next_block(&mut self, b: BlockId) {
        self.u().cfg.use_next_block(b);
    }

    fn add_const(&mut self, v: ConstantValue) -> u32 {
        self.u().consts.add(v) as u32
    }

    fn load_const(&mut self, v: ConstantValue) {
        let i = self.add_const(v);
        self.addop_i(LOAD_CONST, i);
    }

    fn load_none(&mut self) {
        self.load_const(ConstantValue::None);
    }

    fn str_tuple(names: &[&str]) -> ConstantValue {
        ConstantValue::Tuple(names.iter().map(|s| ConstantValue::str(s)).collect())
    }

    fn addop_name(&mut self, op: i32, name: &str) {
        let mangled = mangle(self.ur().private.as_deref(), name);
        let i = self.u().names.add(&mangled);
        self.addop_i(op, i);
    }

    fn addop_name_raw(&mut self, op: i32, name: &str) {
        let i = self.u().names.add(name);
        self.addop_i(op, i);
    }

    // -----------------------------------------------------------------------------------
    // Scopes

    fn enter_scope(
        &mut self,
        name: &str,
        scope_type: ScopeType,
        scope: UnitScope,
        lineno: i32,
    ) -> CResult {
        let varnames = Names::from_list(&scope.varnames);
        let mut cellvars = scope.cellvars.clone();
        if scope.needs_class_closure {
            cellvars = vec!["__class__".to_owned()];
        }
        let freevars = scope.freevars.clone();
        let private = self.units.last().and_then(|u| u.private.clone());
        let unit = Unit {
            scope,
            scope_type,
            name: name.to_owned(),
            qualname: String::new(),
            consts: ConstPool::new(),
            names: Names::default(),
            varnames,
            cellvars,
            freevars,
            private,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            cfg: Cfg::new(),
            fblocks: Vec::new(),
            firstlineno: lineno,
            loc: Loc {
                lineno,
                end_lineno: lineno,
                col: 0,
                end_col: 0,
            },
        };
        self.units.push(unit);
        self.nestlevel += 1;
        if scope_type == ScopeType::Module {
            self.u().loc.lineno = 0;
        } else {
            self.set_qualname();
        }
        self.addop_i(RESUME, 0);
        if scope_type == ScopeType::Module {
            self.u().loc.lineno = -1;
        }
        Ok(())
    }

    fn set_qualname(&mut self) {
        let n = self.units.len();
        let u = &self.units[n - 1];
        let mut base: Option<String> = None;
        if n > 1 {
            let parent = &self.units[n - 2];
            let mut force_global = false;
            if matches!(
                u.scope_type,
                ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Class
            ) {
                let mangled = mangle(parent.private.as_deref(), &u.name);
                if parent.scope.scope(&mangled) == Scope::GlobalExplicit {
                    force_global = true;
                }
            }
            if !force_global && !parent.qualname.is_empty() {
                if matches!(
                    parent.scope_type,
                    ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Lambda
                ) {
                    base = Some(format!("{}.<locals>", parent.qualname));
                } else {
                    base = Some(parent.qualname.clone());
                }
            }
        }
        let q = match base {
            Some(b) => format!("{}.{}", b, u.name),
            None => u.name.clone(),
        };
        self.u().qualname = q;
    }

    fn code_flags(&self, u: &Unit) -> i32 {
        let s = &u.scope;
        let mut flags = 0;
        if s.block_type == BlockType::Function {
            flags |= CO_NEWLOCALS | CO_OPTIMIZED;
            if s.nested {
                flags |= CO_NESTED;
            }
            if s.generator && !s.coroutine {
                flags |= CO_GENERATOR;
            }
            if !s.generator && s.coroutine {
                flags |= CO_COROUTINE;
            }
            if s.generator && s.coroutine {
                flags |= CO_ASYNC_GENERATOR;
            }
            if s.varargs {
                flags |= CO_VARARGS;
            }
            if s.varkeywords {
                flags |= CO_VARKEYWORDS;
            }
        }
        flags |= self.flags & PYCF_MASK;
        if self.is_top_level_await_unit(u) && s.coroutine && !s.generator {
            flags |= CO_COROUTINE;
        }
        flags
    }

    /// `co_filename`: one object for the whole compilation, which the caller holds too
    /// (marshal's writer flags it accordingly).
    fn filename_value(&mut self) -> Value {
        let name = &self.filename;
        self.filename_obj
            .get_or_insert_with(|| Value::str(name))
            .clone()
    }

    fn is_top_level_await_unit(&self, u: &Unit) -> bool {
        self.flags & PYCF_ALLOW_TOP_LEVEL_AWAIT != 0 && u.scope.block_type == BlockType::Module
    }

    fn is_top_level_await(&self) -> bool {
        self.is_top_level_await_unit(self.ur())
    }

    /// `assemble` plus `makecode`, then leaves the scope.
    fn finish_unit(&mut self, add_none: bool) -> Finished {
        if !self.ur().cfg.cur_returns() {
            self.unset_loc();
            if add_none {
                self.load_none();
            }
            self.addop(RETURN_VALUE);
        }
        let mut u = self.units.pop().expect("no unit to finish");
        self.nestlevel -= 1;
        let flags = self.code_flags(&u);
        let layout = UnitLayout {
            varnames: &u.varnames.list,
            cellvars: &u.cellvars,
            freevars: &u.freevars,
            flags,
            firstlineno: u.firstlineno,
            starts_with_value: u.scope.generator || u.scope.coroutine,
        };
        let asm = assemble::assemble(&mut u.cfg, &mut u.consts, &layout);
        let qualname = if u.qualname.is_empty() {
            u.name.clone()
        } else {
            u.qualname.clone()
        };
        // A class body loads its qualname as a constant: co_qualname is that object unless
        // an equal constant was merged earlier (then the constant is the older object).
        let qualname_was_cached = self.cache.contains_lit(&ConstantValue::str(&qualname_for(&u)));
        let consts_values = u.consts.to_values(&mut self.cache);
        let consts = self
            .cache
            .consts_tuple(consts_values, u.consts.as_literal_tuple());
        let names = self.cache.names(&u.names.list);
        let localsplusnames = self.cache.names(&asm.localsplusnames);
        let code = Code {
            argcount: u.posonlyargcount + u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            stacksize: asm.stacksize,
            flags,
            code: Value::bytes(asm.code),
            consts,
            names,
            localsplusnames,
            localspluskinds: Value::bytes(asm.localspluskinds),
            filename: self.filename_value(),
            name: code_name(&u.name),
            qualname: if qualname == u.name {
                code_name(&qualname)
            } else if u.scope_type == ScopeType::Class && !qualname_was_cached {
                // The class body loaded this very object as a constant (`__qualname__`).
                self.cache.lit(&ConstantValue::str(&qualname))
            } else {
                Value::str(&qualname)
            },
            firstlineno: asm.firstlineno,
            linetable: self.cache.table(asm.linetable),
            exceptiontable: self.cache.table(asm.exceptiontable),
        };
        Finished {
            code: Value::code(code),
            freevars: u.freevars.clone(),
        }
    }

    fn push_fblock(
        &mut self,
        kind: FBlockType,
        block: Option<BlockId>,
        exit: Option<BlockId>,
        datum: FDatum<'a>,
    ) -> CResult {
        if self.ur().fblocks.len() >= CO_MAXBLOCKS {
            return Err(self.error("too many statically nested blocks"));
        }
        self.u().fblocks.push(FBlock {
            kind,
            block,
            exit,
            datum,
        });
        Ok(())
    }

    fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    // -----------------------------------------------------------------------------------
    // Module

    pub fn compile_mod(&mut self, m: &'a Mod) -> CResult<Value> {
        let scope = self.scopes.module_scope();
        self.enter_scope("<module>", ScopeType::Module, scope, 1)?;
        self.u().loc.lineno = 1;
        let mut add_none = true;
        match m {
            Mod::Module(mm) => self.body(&mm.body)?,
            Mod::Interactive(mi) => {
                if find_ann(&mi.body) {
                    self.addop(SETUP_ANNOTATIONS);
                }
                self.interactive = true;
                for s in &mi.body {
                    self.stmt(s)?;
                }
            }
            Mod::Expression(me) => {
                self.expr(&me.body)?;
                add_none = false;
            }
            Mod::FunctionType(_) => {
                return Err(SyntaxErrorInfo::message_only(
                    "module kind FunctionType cannot be compiled",
                ));
            }
        }
        Ok(self.finish_unit(add_none).code)
    }

    fn body(&mut self, stmts: &'a [Stmt]) -> CResult {
        if self.ur().scope_type == ScopeType::Module && !stmts.is_empty() {
            self.set_loc(&stmts[0].location);
        }
        if find_ann(stmts) {
            self.addop(SETUP_ANNOTATIONS);
        }
        if stmts.is_empty() {
            return Ok(());
        }
        let mut i = 0;
        if self.optimize < 2 && docstring(stmts).is_some() {
            i = 1;
            let StmtKind::Expr(e) = &stmts[0].kind else {
                unreachable_const()
            };
            self.expr(&e.value)?;
            self.unset_loc();
            self.nameop("__doc__", ExprContext::Store)?;
        }
        for s in &stmts[i..] {
            self.stmt(s)?;
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // Names

    fn forbidden_name(&self, name: &str, ctx: ExprContext) -> CResult {
        if name == "__debug__" {
            match ctx {
                ExprContext::Store => return Err(self.error("cannot assign to __debug__")),
                ExprContext::Del => return Err(self.error("cannot delete __debug__")),
                ExprContext::Load => {}
            }
        }
        Ok(())
    }

    fn nameop(&mut self, name: &str, ctx: ExprContext) -> CResult {
        self.forbidden_name(name, ctx)?;
        let mangled = mangle(self.ur().private.as_deref(), name);
        let u = self.ur();
        let scope = u.scope.scope(&mangled);
        let is_func = u.scope.block_type == BlockType::Function;
        enum OpType {
            Fast,
            Global,
            Deref(bool),
            Name,
        }
        let optype = match scope {
            Scope::Free => OpType::Deref(false),
            Scope::Cell => OpType::Deref(true),
            Scope::Local if is_func => OpType::Fast,
            Scope::GlobalImplicit if is_func => OpType::Global,
            Scope::GlobalExplicit => OpType::Global,
            _ => OpType::Name,
        };
        match optype {
            OpType::Fast => {
                let op = match ctx {
                    ExprContext::Load => LOAD_FAST,
                    ExprContext::Store => STORE_FAST,
                    ExprContext::Del => DELETE_FAST,
                };
                let i = self.u().varnames.add(&mangled);
                self.addop_i(op, i);
            }
            OpType::Deref(cell) => {
                let op = match ctx {
                    ExprContext::Load => {
                        if self.ur().scope.block_type == BlockType::Class {
                            LOAD_CLASSDEREF
                        } else {
                            LOAD_DEREF
                        }
                    }
                    ExprContext::Store => STORE_DEREF,
                    ExprContext::Del => DELETE_DEREF,
                };
                let u = self.u();
                let i = if cell {
                    match u.cellvars.iter().position(|c| *c == mangled) {
                        Some(i) => i,
                        None => {
                            u.cellvars.push(mangled.clone());
                            u.cellvars.len() - 1
                        }
                    }
                } else {
                    let n = u.cellvars.len();
                    match u.freevars.iter().position(|c| *c == mangled) {
                        Some(i) => n + i,
                        None => {
                            u.freevars.push(mangled.clone());
                            n + u.freevars.len() - 1
                        }
                    }
                };
                self.addop_i(op, i as u32);
            }
            OpType::Global => {
                let i = self.u().names.add(&mangled);
                match ctx {
                    ExprContext::Load => self.addop_i(LOAD_GLOBAL, i << 1),
                    ExprContext::Store => self.addop_i(STORE_GLOBAL, i),
                    ExprContext::Del => self.addop_i(DELETE_GLOBAL, i),
                }
            }
            OpType::Name => {
                let i = self.u().names.add(&mangled);
                let op = match ctx {
                    ExprContext::Load => LOAD_NAME,
                    ExprContext::Store => STORE_NAME,
                    ExprContext::Del => DELETE_NAME,
                };
                self.addop_i(op, i);
            }
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // Statements

    fn stmts(&mut self, stmts: &'a [Stmt]) -> CResult {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult {
        self.set_loc(&s.location);
        match &s.kind {
            StmtKind::FunctionDef(f) => self.function(
                s,
                &f.name,
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                false,
            ),
            StmtKind::AsyncFunctionDef(f) => self.function(
                s,
                &f.name,
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                true,
            ),
            StmtKind::ClassDef(c) => self.class(s, c),
            StmtKind::Return(r) => self.return_(s, r),
            StmtKind::Delete(d) => {
                for t in &d.targets {
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::Assign(a) => {
                self.expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i < n - 1 {
                        self.addop_i(COPY, 1);
                    }
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign(a) => self.augassign(a),
            StmtKind::AnnAssign(a) => self.annassign(a),
            StmtKind::For(f) => self.for_(f),
            StmtKind::While(w) => self.while_(s, w),
            StmtKind::If(i) => self.if_(i),
            StmtKind::Match(m) => self.match_(m),
            StmtKind::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n += 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n += 1;
                    }
                }
                self.addop_i(RAISE_VARARGS, n);
                Ok(())
            }
            StmtKind::Try(t) => {
                if !t.finalbody.is_empty() {
                    self.try_finally(&t.body, &t.handlers, &t.orelse, &t.finalbody, false)
                } else {
                    self.try_except(&t.body, &t.handlers, &t.orelse)
                }
            }
            StmtKind::TryStar(t) => {
                if !t.finalbody.is_empty() {
                    self.try_finally(&t.body, &t.handlers, &t.orelse, &t.finalbody, true)
                } else {
                    self.try_star_except(&t.body, &t.handlers, &t.orelse)
                }
            }
            StmtKind::Assert(a) => self.assert_(a),
            StmtKind::Import(i) => self.import(i),
            StmtKind::ImportFrom(i) => self.import_from(s, i),
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => Ok(()),
            StmtKind::Expr(e) => self.stmt_expr(&e.value),
            StmtKind::Pass => {
                self.addop(NOP);
                Ok(())
            }
            StmtKind::Break => self.break_(),
            StmtKind::Continue => self.continue_(),
            StmtKind::With(w) => self.with(s, &w.items, &w.body, 0),
            StmtKind::AsyncWith(w) => self.async_with(s, &w.items, &w.body, 0),
            StmtKind::AsyncFor(f) => self.async_for(f),
        }
    }

    fn stmt_expr(&mut self, value: &'a Expr) -> CResult {
        if self.interactive && self.nestlevel <= 1 {
            self.expr(value)?;
            self.addop(PRINT_EXPR);
            return Ok(());
        }
        if is_const(value) {
            self.addop(NOP);
            return Ok(());
        }
        self.expr(value)?;
        self.unset_loc();
        self.addop(POP_TOP);
        Ok(())
    }

    fn check_debug_args(&self, args: &Arguments) -> CResult {
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            self.forbidden_name(&a.arg, ExprContext::Store)?;
        }
        if let Some(a) = &args.vararg {
            self.forbidden_name(&a.arg, ExprContext::Store)?;
        }
        if let Some(a) = &args.kwarg {
            self.forbidden_name(&a.arg, ExprContext::Store)?;
        }
        Ok(())
    }

    fn default_arguments(&mut self, args: &'a Arguments) -> CResult<u32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.expr(d)?;
            }
            self.addop_i(BUILD_TUPLE, args.defaults.len() as u32);
            flags |= 1;
        }
        if !args.kwonlyargs.is_empty() {
            let mut keys: Vec<ConstantValue> = Vec::new();
            for (a, d) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
                if let Some(d) = d {
                    let m = mangle(self.ur().private.as_deref(), &a.arg);
                    keys.push(ConstantValue::str(&m));
                    self.expr(d)?;
                }
            }
            if !keys.is_empty() {
                let n = keys.len() as u32;
                self.load_const(ConstantValue::Tuple(keys));
                self.addop_i(BUILD_CONST_KEY_MAP, n);
                flags |= 2;
            }
        }
        Ok(flags)
    }

    fn argannotation(&mut self, id: &str, ann: Option<&'a Expr>, len: &mut u32) -> CResult {
        let Some(ann) = ann else { return Ok(()) };
        let m = mangle(self.ur().private.as_deref(), id);
        self.load_const(ConstantValue::str(&m));
        if self.flags & CO_FUTURE_ANNOTATIONS != 0 {
            self.annexpr(ann);
        } else if let ExprKind::Starred(st) = &ann.kind {
            self.expr(&st.value)?;
            self.addop_i(UNPACK_SEQUENCE, 1);
        } else {
            self.expr(ann)?;
        }
        *len += 2;
        Ok(())
    }

    fn annexpr(&mut self, ann: &Expr) {
        let text = super::unparse::unparse_expr(ann);
        self.load_const(ConstantValue::Str(text));
    }

    fn annotations(&mut self, args: &'a Arguments, returns: Option<&'a Expr>) -> CResult<bool> {
        let mut len = 0;
        for a in &args.args {
            self.argannotation(&a.arg, a.annotation.as_deref(), &mut len)?;
        }
        for a in &args.posonlyargs {
            self.argannotation(&a.arg, a.annotation.as_deref(), &mut len)?;
        }
        if let Some(a) = &args.vararg {
            self.argannotation(&a.arg, a.annotation.as_deref(), &mut len)?;
        }
        for a in &args.kwonlyargs {
            self.argannotation(&a.arg, a.annotation.as_deref(), &mut len)?;
        }
        if let Some(a) = &args.kwarg {
            self.argannotation(&a.arg, a.annotation.as_deref(), &mut len)?;
        }
        self.argannotation("return", returns, &mut len)?;
        if len > 0 {
            self.addop_i(BUILD_TUPLE, len);
            return Ok(true);
        }
        Ok(false)
    }

    fn make_closure(&mut self, f: Finished, mut flags: u32) -> CResult {
        if !f.freevars.is_empty() {
            for name in &f.freevars {
                let u = self.ur();
                let is_cell = (u.scope_type == ScopeType::Class && name == "__class__")
                    || u.scope.scope(name) == Scope::Cell;
                let arg = if is_cell {
                    u.cellvars.iter().position(|c| c == name)
                } else {
                    u.freevars
                        .iter()
                        .position(|c| c == name)
                        .map(|i| i + u.cellvars.len())
                };
                let Some(arg) = arg else {
                    return Err(SyntaxErrorInfo::message_only(format!(
                        "compiler_lookup_arg(name='{}') failed in {}",
                        name, u.name
                    )));
                };
                self.addop_i(LOAD_CLOSURE, arg as u32);
            }
            flags |= 8;
            self.addop_i(BUILD_TUPLE, f.freevars.len() as u32);
        }
        let i = self.u().consts.add_code(f.code) as u32;
        self.addop_i(LOAD_CONST, i);
        self.addop_i(MAKE_FUNCTION, flags);
        Ok(())
    }

    fn apply_decorators(&mut self, decos: &[Expr]) {
        let old = self.ur().loc;
        for d in decos.iter().rev() {
            self.set_loc(&d.location);
            self.addop_i(PRECALL, 0);
            self.addop_i(CALL, 0);
        }
        self.u().loc = old;
    }

    fn child_scope_stmt(&self, s: &Stmt) -> CResult<UnitScope> {
        self.scopes.stmt_scope(s).ok_or_else(|| {
            SyntaxErrorInfo::message_only("symbol table has no entry for a definition")
        })
    }

    fn child_scope_expr(&self, e: &Expr) -> CResult<UnitScope> {
        self.scopes.expr_scope(e).ok_or_else(|| {
            SyntaxErrorInfo::message_only("symbol table has no entry for an expression scope")
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn function(
        &mut self,
        s: &'a Stmt,
        name: &'a str,
        args: &'a Arguments,
        body: &'a [Stmt],
        decos: &'a [Expr],
        returns: Option<&'a Expr>,
        is_async: bool,
    ) -> CResult {
        self.check_debug_args(args)?;
        for d in decos {
            self.expr(d)?;
        }
        let firstlineno = decos
            .first()
            .map_or(s.location.lineno, |d| d.location.lineno);
        let mut funcflags = self.default_arguments(args)?;
        if self.annotations(args, returns)? {
            funcflags |= 4;
        }
        let scope = self.child_scope_stmt(s)?;
        let st = if is_async {
            ScopeType::AsyncFunction
        } else {
            ScopeType::Function
        };
        self.enter_scope(name, st, scope, firstlineno)?;
        let doc = if self.optimize < 2 {
            docstring(body)
        } else {
            None
        };
        match doc {
            Some(d) => self.add_const(ConstantValue::Str(d.clone())),
            None => self.add_const(ConstantValue::None),
        };
        self.u().argcount = args.args.len() as i32;
        self.u().posonlyargcount = args.posonlyargs.len() as i32;
        self.u().kwonlyargcount = args.kwonlyargs.len() as i32;
        let start = if doc.is_some() { 1 } else { 0 };
        for st in &body[start..] {
            self.stmt(st)?;
        }
        let f = self.finish_unit(true);
        self.make_closure(f, funcflags)?;
        self.apply_decorators(decos);
        self.nameop(name, ExprContext::Store)
    }

    fn class(&mut self, s: &'a Stmt, c: &'a StmtClassDef) -> CResult {
        for d in &c.decorator_list {
            self.expr(d)?;
        }
        let firstlineno = c
            .decorator_list
            .first()
            .map_or(s.location.lineno, |d| d.location.lineno);
        let scope = self.child_scope_stmt(s)?;
        self.enter_scope(&c.name, ScopeType::Class, scope, firstlineno)?;
        self.u().private = Some(c.name.clone());
        self.nameop("__name__", ExprContext::Load)?;
        self.nameop("__module__", ExprContext::Store)?;
        let q = self.ur().qualname.clone();
        self.load_const(ConstantValue::str(&q));
        self.nameop("__qualname__", ExprContext::Store)?;
        self.body(&c.body)?;
        self.unset_loc();
        if self.ur().scope.needs_class_closure {
            self.addop_i(LOAD_CLOSURE, 0);
            self.addop_i(COPY, 1);
            self.nameop("__classcell__", ExprContext::Store)?;
        } else {
            self.load_none();
        }
        self.addop(RETURN_VALUE);
        let f = self.finish_unit(true);
        self.addop(PUSH_NULL);
        self.addop(LOAD_BUILD_CLASS);
        self.make_closure(f, 0)?;
        self.load_const(ConstantValue::str(&c.name));
        self.call_helper(2, &c.bases, &c.keywords)?;
        self.apply_decorators(&c.decorator_list);
        self.nameop(&c.name, ExprContext::Store)
    }

    fn return_(&mut self, s: &'a Stmt, r: &'a StmtReturn) -> CResult {
        let value = r.value.as_deref();
        let preserve_tos = value.is_some_and(|v| !is_const(v));
        if self.ur().scope.block_type != BlockType::Function {
            return Err(self.error("'return' outside function"));
        }
        if value.is_some() && self.ur().scope.coroutine && self.ur().scope.generator {
            return Err(self.error("'return' with value in async generator"));
        }
        if preserve_tos {
            self.expr(value.unwrap())?;
        } else if let Some(v) = value {
            self.set_loc(&v.location);
            self.addop(NOP);
        }
        if value.is_none_or(|v| v.location.lineno != s.location.lineno) {
            self.set_loc(&s.location);
            self.addop(NOP);
        }
        self.unwind_fblock_stack(preserve_tos, false)?;
        match value {
            None => self.load_none(),
            Some(v) if !preserve_tos => self.load_const(const_of(v).clone()),
            _ => {}
        }
        self.addop(RETURN_VALUE);
        Ok(())
    }

    fn break_(&mut self) -> CResult {
        let saved = self.ur().loc;
        self.addop(NOP);
        let loop_ = self.unwind_fblock_stack(false, true)?;
        let Some(lp) = loop_ else {
            self.u().loc = saved;
            return Err(self.error("'break' outside loop"));
        };
        self.unwind_fblock(&lp, false)?;
        self.addop_j(JUMP, lp.exit.unwrap());
        Ok(())
    }

    fn continue_(&mut self) -> CResult {
        let saved = self.ur().loc;
        self.addop(NOP);
        let loop_ = self.unwind_fblock_stack(false, true)?;
        let Some(lp) = loop_ else {
            self.u().loc = saved;
            return Err(self.error("'continue' not properly in loop"));
        };
        self.addop_j(JUMP, lp.block.unwrap());
        Ok(())
    }

    fn call_exit_with_nones(&mut self) {
        self.load_none();
        self.load_none();
        self.load_none();
        self.addop_i(PRECALL, 2);
        self.addop_i(CALL, 2);
    }

    fn add_yield_from(&mut self, await_: bool) {
        let start = self.new_block();
        let resume = self.new_block();
        let exit = self.new_block();
        self.use_next_block(start);
        self.addop_j(SEND, exit);
        self.use_next_block(resume);
        self.addop(YIELD_VALUE);
        self.addop_i(RESUME, if await_ { 3 } else { 2 });
        self.addop_j(JUMP_NO_INTERRUPT, start);
        self.use_next_block(exit);
    }

    fn pop_except_and_reraise(&mut self) {
        self.addop_i(COPY, 3);
        self.addop(POP_EXCEPT);
        self.addop_i(RERAISE, 1);
    }

    fn unwind_fblock(&mut self, info: &FBlock<'a>, preserve_tos: bool) -> CResult {
        match info.kind {
            FBlockType::WhileLoop
            | FBlockType::ExceptionHandler
            | FBlockType::ExceptionGroupHandler
            | FBlockType::AsyncComprehensionGenerator => {}
            FBlockType::ForLoop => {
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_TOP);
            }
            FBlockType::TryExcept => self.addop(POP_BLOCK),
            FBlockType::FinallyTry => {
                self.addop(POP_BLOCK);
                if preserve_tos {
                    self.push_fblock(FBlockType::PopValue, None, None, FDatum::None)?;
                }
                if let FDatum::Body(b) = info.datum {
                    self.stmts(b)?;
                }
                if preserve_tos {
                    self.pop_fblock();
                }
                self.unset_loc();
            }
            FBlockType::FinallyEnd => {
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_TOP);
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_BLOCK);
                self.addop(POP_EXCEPT);
            }
            FBlockType::With | FBlockType::AsyncWith => {
                if let FDatum::Loc(l) = info.datum {
                    self.set_loc(&l);
                }
                self.addop(POP_BLOCK);
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.call_exit_with_nones();
                if info.kind == FBlockType::AsyncWith {
                    self.addop_i(GET_AWAITABLE, 2);
                    self.load_none();
                    self.add_yield_from(true);
                }
                self.addop(POP_TOP);
                self.unset_loc();
            }
            FBlockType::HandlerCleanup => {
                let name = match info.datum {
                    FDatum::Name(n) => n,
                    _ => None,
                };
                if name.is_some() {
                    self.addop(POP_BLOCK);
                }
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_BLOCK);
                self.addop(POP_EXCEPT);
                if let Some(n) = name {
                    self.load_none();
                    self.nameop(n, ExprContext::Store)?;
                    self.nameop(n, ExprContext::Del)?;
                }
            }
            FBlockType::PopValue => {
                if preserve_tos {
                    self.addop_i(SWAP, 2);
                }
                self.addop(POP_TOP);
            }
        }
        Ok(())
    }

    /// Unwinds the frame blocks; with `stop_at_loop`, stops at (and returns) the innermost
    /// loop.
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        stop_at_loop: bool,
    ) -> CResult<Option<FBlock<'a>>> {
        let Some(top) = self.ur().fblocks.last().copied() else {
            return Ok(None);
        };
        if top.kind == FBlockType::ExceptionGroupHandler {
            return Err(
                self.error("'break', 'continue' and 'return' cannot appear in an except* block")
            );
        }
        if stop_at_loop && matches!(top.kind, FBlockType::WhileLoop | FBlockType::ForLoop) {
            return Ok(Some(top));
        }
        self.u().fblocks.pop();
        self.unwind_fblock(&top, preserve_tos)?;
        let r = self.unwind_fblock_stack(preserve_tos, stop_at_loop)?;
        self.u().fblocks.push(top);
        Ok(r)
    }

    fn if_(&mut self, s: &'a StmtIf) -> CResult {
        let end = self.new_block();
        let next = if !s.orelse.is_empty() {
            self.new_block()
        } else {
            end
        };
        self.jump_if(&s.test, next, false)?;
        self.stmts(&s.body)?;
        if !s.orelse.is_empty() {
            self.addop_j_noline(JUMP, end);
            self.use_next_block(next);
            self.stmts(&s.orelse)?;
        }
        self.use_next_block(end);
        Ok(())
    }

    fn for_(&mut self, s: &'a StmtFor) -> CResult {
        let start = self.new_block();
        let body = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.push_fblock(FBlockType::ForLoop, Some(start), Some(end), FDatum::None)?;
        self.expr(&s.iter)?;
        self.addop(GET_ITER);
        self.use_next_block(start);
        self.addop_j(FOR_ITER, cleanup);
        self.use_next_block(body);
        self.expr(&s.target)?;
        self.stmts(&s.body)?;
        self.unset_loc();
        self.addop_j(JUMP, start);
        self.use_next_block(cleanup);
        self.pop_fblock();
        self.stmts(&s.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn async_for(&mut self, s: &'a StmtAsyncFor) -> CResult {
        if self.is_top_level_await() {
            self.u().scope.coroutine = true;
        } else if self.ur().scope_type != ScopeType::AsyncFunction {
            return Err(self.error("'async for' outside async function"));
        }
        let start = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        self.expr(&s.iter)?;
        self.addop(GET_AITER);
        self.use_next_block(start);
        self.push_fblock(FBlockType::ForLoop, Some(start), Some(end), FDatum::None)?;
        self.addop_j(SETUP_FINALLY, except);
        self.addop(GET_ANEXT);
        self.load_none();
        self.add_yield_from(true);
        self.addop(POP_BLOCK);
        self.expr(&s.target)?;
        self.stmts(&s.body)?;
        self.unset_loc();
        self.addop_j(JUMP, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.set_loc(&s.iter.location);
        self.addop(END_ASYNC_FOR);
        self.stmts(&s.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn while_(&mut self, st: &'a Stmt, s: &'a StmtWhile) -> CResult {
        let lp = self.new_block();
        let body = self.new_block();
        let anchor = self.new_block();
        let end = self.new_block();
        self.use_next_block(lp);
        self.push_fblock(FBlockType::WhileLoop, Some(lp), Some(end), FDatum::None)?;
        self.jump_if(&s.test, anchor, false)?;
        self.use_next_block(body);
        self.stmts(&s.body)?;
        self.set_loc(&st.location);
        self.jump_if(&s.test, body, true)?;
        self.pop_fblock();
        self.use_next_block(anchor);
        self.stmts(&s.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn try_finally(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
        star: bool,
    ) -> CResult {
        let body_b = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.addop_j(SETUP_FINALLY, end);
        self.use_next_block(body_b);
        self.push_fblock(
            FBlockType::FinallyTry,
            Some(body_b),
            Some(end),
            FDatum::Body(finalbody),
        )?;
        if !handlers.is_empty() {
            if star {
                self.try_star_except(body, handlers, orelse)?;
            } else {
                self.try_except(body, handlers, orelse)?;
            }
        } else {
            self.stmts(body)?;
        }
        self.addop_noline(POP_BLOCK);
        self.pop_fblock();
        self.stmts(finalbody)?;
        self.addop_j_noline(JUMP, exit);
        self.use_next_block(end);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.push_fblock(FBlockType::FinallyEnd, Some(end), None, FDatum::None)?;
        self.stmts(finalbody)?;
        self.pop_fblock();
        self.addop_i(RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let body_b = self.new_block();
        let mut except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.addop_j(SETUP_FINALLY, except);
        self.use_next_block(body_b);
        self.push_fblock(FBlockType::TryExcept, Some(body_b), None, FDatum::None)?;
        self.stmts(body)?;
        self.pop_fblock();
        self.addop_noline(POP_BLOCK);
        self.stmts(orelse)?;
        self.addop_j_noline(JUMP, end);
        let n = handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.push_fblock(FBlockType::ExceptionHandler, None, None, FDatum::None)?;
        for (i, h) in handlers.iter().enumerate() {
            self.set_loc(&h.location);
            if h.type_.is_none() && i < n - 1 {
                return Err(self.error("default 'except:' must be last"));
            }
            except = self.new_block();
            if let Some(t) = &h.type_ {
                self.expr(t)?;
                self.addop(CHECK_EXC_MATCH);
                self.addop_j(POP_JUMP_IF_FALSE, except);
            }
            if let Some(name) = &h.name {
                let cleanup_end = self.new_block();
                let cleanup_body = self.new_block();
                self.nameop(name, ExprContext::Store)?;
                self.addop_j(SETUP_CLEANUP, cleanup_end);
                self.use_next_block(cleanup_body);
                self.push_fblock(
                    FBlockType::HandlerCleanup,
                    Some(cleanup_body),
                    None,
                    FDatum::Name(Some(name)),
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.addop(POP_BLOCK);
                self.addop(POP_BLOCK);
                self.addop(POP_EXCEPT);
                self.load_none();
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
                self.addop_j(JUMP, end);
                self.use_next_block(cleanup_end);
                self.unset_loc();
                self.load_none();
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
                self.addop_i(RERAISE, 1);
            } else {
                let cleanup_body = self.new_block();
                self.addop(POP_TOP);
                self.use_next_block(cleanup_body);
                self.push_fblock(
                    FBlockType::HandlerCleanup,
                    Some(cleanup_body),
                    None,
                    FDatum::Name(None),
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.addop(POP_BLOCK);
                self.addop(POP_EXCEPT);
                self.addop_j(JUMP, end);
            }
            self.use_next_block(except);
        }
        self.unset_loc();
        self.pop_fblock();
        self.addop_i(RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(end);
        Ok(())
    }

    fn try_star_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let body_b = self.new_block();
        let mut except = self.new_block();
        let orelse_b = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let reraise_star = self.new_block();
        self.addop_j(SETUP_FINALLY, except);
        self.use_next_block(body_b);
        self.push_fblock(FBlockType::TryExcept, Some(body_b), None, FDatum::None)?;
        self.stmts(body)?;
        self.pop_fblock();
        self.addop_noline(POP_BLOCK);
        self.addop_j_noline(JUMP, orelse_b);
        let n = handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.push_fblock(FBlockType::ExceptionGroupHandler, None, None, FDatum::None)?;
        for (i, h) in handlers.iter().enumerate() {
            self.set_loc(&h.location);
            // 3.11.7's layout (as 3.12): a failed match pops None at `no_match`; both
            // paths meet at `except_with_error`.
            except = self.new_block();
            let except_with_error = self.new_block();
            let no_match = self.new_block();
            if i == 0 {
                self.addop_i(COPY, 1);
                self.addop_i(BUILD_LIST, 0);
                self.addop_i(SWAP, 2);
            }
            if let Some(t) = &h.type_ {
                self.expr(t)?;
                self.addop(CHECK_EG_MATCH);
                self.addop_i(COPY, 1);
                self.addop_j(POP_JUMP_IF_NONE, no_match);
            }
            let cleanup_end = self.new_block();
            let cleanup_body = self.new_block();
            if let Some(name) = &h.name {
                self.nameop(name, ExprContext::Store)?;
            } else {
                self.addop(POP_TOP);
            }
            self.addop_j(SETUP_CLEANUP, cleanup_end);
            self.use_next_block(cleanup_body);
            self.push_fblock(
                FBlockType::HandlerCleanup,
                Some(cleanup_body),
                None,
                FDatum::Name(h.name.as_deref()),
            )?;
            self.stmts(&h.body)?;
            self.pop_fblock();
            self.unset_loc();
            self.addop(POP_BLOCK);
            if let Some(name) = &h.name {
                self.load_none();
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
            }
            self.addop_j(JUMP, except);
            self.use_next_block(cleanup_end);
            self.unset_loc();
            if let Some(name) = &h.name {
                self.load_none();
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
            }
            self.addop_i(LIST_APPEND, 3);
            self.addop(POP_TOP);
            self.addop_j(JUMP, except_with_error);
            self.use_next_block(except);
            self.addop(NOP);
            self.addop_j(JUMP, except_with_error);
            self.use_next_block(no_match);
            self.set_loc(&h.location);
            self.addop(POP_TOP);
            self.unset_loc();
            self.use_next_block(except_with_error);
            if i == n - 1 {
                self.addop_i(LIST_APPEND, 1);
                self.addop_j(JUMP, reraise_star);
            }
        }
        self.unset_loc();
        self.pop_fblock();
        let reraise = self.new_block();
        self.use_next_block(reraise_star);
        self.addop(PREP_RERAISE_STAR);
        self.addop_i(COPY, 1);
        self.addop_j(POP_JUMP_IF_NOT_NONE, reraise);
        self.addop(POP_TOP);
        self.addop(POP_BLOCK);
        self.addop(POP_EXCEPT);
        self.addop_j(JUMP, end);
        self.use_next_block(reraise);
        self.addop(POP_BLOCK);
        self.addop_i(SWAP, 2);
        self.addop(POP_EXCEPT);
        self.addop_i(RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(orelse_b);
        self.stmts(orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn import(&mut self, s: &'a StmtImport) -> CResult {
        for alias in &s.names {
            self.load_const(ConstantValue::int(0));
            self.load_none();
            self.addop_name(IMPORT_NAME, &alias.name);
            if let Some(asname) = &alias.asname {
                let parts: Vec<&str> = alias.name.split('.').collect();
                if parts.len() > 1 {
                    for (k, attr) in parts[1..].iter().enumerate() {
                        self.addop_name_raw(IMPORT_FROM, attr);
                        if k + 2 == parts.len() {
                            break;
                        }
                        self.addop_i(SWAP, 2);
                        self.addop(POP_TOP);
                    }
                    self.nameop(asname, ExprContext::Store)?;
                    self.addop(POP_TOP);
                } else {
                    self.nameop(asname, ExprContext::Store)?;
                }
            } else {
                let first = alias.name.split('.').next().unwrap_or("");
                self.nameop(first, ExprContext::Store)?;
            }
        }
        Ok(())
    }

    fn import_from(&mut self, st: &'a Stmt, s: &'a StmtImportFrom) -> CResult {
        self.load_const(ConstantValue::int(s.level.unwrap_or(0) as i64));
        let names: Vec<&str> = s.names.iter().map(|a| a.name.as_str()).collect();
        if st.location.lineno > self.future_lineno && s.module.as_deref() == Some("__future__") {
            return Err(
                self.error("from __future__ imports must occur at the beginning of the file")
            );
        }
        self.load_const(Self::str_tuple(&names));
        self.addop_name(IMPORT_NAME, s.module.as_deref().unwrap_or(""));
        for (i, alias) in s.names.iter().enumerate() {
            if i == 0 && alias.name.starts_with('*') {
                self.addop(IMPORT_STAR);
                return Ok(());
            }
            self.addop_name(IMPORT_FROM, &alias.name);
            let store = alias.asname.as_deref().unwrap_or(&alias.name);
            self.nameop(store, ExprContext::Store)?;
        }
        self.addop(POP_TOP);
        Ok(())
    }

    fn assert_(&mut self, s: &'a StmtAssert) -> CResult {
        let always_true = match &s.test.kind {
            ExprKind::Tuple(t) => !t.elts.is_empty(),
            ExprKind::Constant(c) => matches!(&c.value, ConstantValue::Tuple(t) if !t.is_empty()),
            _ => false,
        };
        if always_true {
            self.warn("assertion is always true, perhaps remove parentheses?");
        }
        if self.optimize != 0 {
            return Ok(());
        }
        let end = self.new_block();
        self.jump_if(&s.test, end, true)?;
        self.addop(LOAD_ASSERTION_ERROR);
        if let Some(m) = &s.msg {
            self.expr(m)?;
            self.addop_i(PRECALL, 0);
            self.addop_i(CALL, 0);
        }
        self.addop_i(RAISE_VARARGS, 1);
        self.use_next_block(end);
        Ok(())
    }

    fn with_except_finish(&mut self, cleanup: BlockId) {
        self.unset_loc();
        let exit = self.new_block();
        self.addop_j(POP_JUMP_IF_TRUE, exit);
        self.addop_i(RERAISE, 2);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        self.addop(POP_TOP);
        self.addop(POP_BLOCK);
        self.addop(POP_EXCEPT);
        self.addop(POP_TOP);
        self.addop(POP_TOP);
    }

    fn with(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        body: &'a [Stmt],
        pos: usize,
    ) -> CResult {
        let item = &items[pos];
        let block = self.new_block();
        let final_ = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        self.addop(BEFORE_WITH);
        self.addop_j(SETUP_WITH, final_);
        self.use_next_block(block);
        self.push_fblock(
            FBlockType::With,
            Some(block),
            Some(final_),
            FDatum::Loc(s.location),
        )?;
        if let Some(v) = &item.optional_vars {
            self.expr(v)?;
        } else {
            self.addop(POP_TOP);
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.with(s, items, body, pos + 1)?;
        }
        self.unset_loc();
        self.addop(POP_BLOCK);
        self.pop_fblock();
        self.set_loc(&s.location);
        self.call_exit_with_nones();
        self.addop(POP_TOP);
        self.addop_j(JUMP, exit);
        self.use_next_block(final_);
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.addop(WITH_EXCEPT_START);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    fn async_with(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        body: &'a [Stmt],
        pos: usize,
    ) -> CResult {
        let item = &items[pos];
        if self.is_top_level_await() {
            self.u().scope.coroutine = true;
        } else if self.ur().scope_type != ScopeType::AsyncFunction {
            return Err(self.error("'async with' outside async function"));
        }
        let block = self.new_block();
        let final_ = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        self.addop(BEFORE_ASYNC_WITH);
        self.addop_i(GET_AWAITABLE, 1);
        self.load_none();
        self.add_yield_from(true);
        self.addop_j(SETUP_WITH, final_);
        self.use_next_block(block);
        self.push_fblock(
            FBlockType::AsyncWith,
            Some(block),
            Some(final_),
            FDatum::Loc(s.location),
        )?;
        if let Some(v) = &item.optional_vars {
            self.expr(v)?;
        } else {
            self.addop(POP_TOP);
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.async_with(s, items, body, pos + 1)?;
        }
        self.pop_fblock();
        self.addop(POP_BLOCK);
        self.set_loc(&s.location);
        self.call_exit_with_nones();
        self.addop_i(GET_AWAITABLE, 2);
        self.load_none();
        self.add_yield_from(true);
        self.addop(POP_TOP);
        self.addop_j(JUMP, exit);
        self.use_next_block(final_);
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(PUSH_EXC_INFO);
        self.addop(WITH_EXCEPT_START);
        self.addop_i(GET_AWAITABLE, 2);
        self.load_none();
        self.add_yield_from(true);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    fn augassign(&mut self, s: &'a StmtAugAssign) -> CResult {
        let e = &*s.target;
        let old = self.ur().loc;
        self.set_loc(&e.location);
        match &e.kind {
            ExprKind::Attribute(a) => {
                self.expr(&a.value)?;
                self.addop_i(COPY, 1);
                self.update_start_location_to_match_attr(e, &a.attr);
                self.addop_name(LOAD_ATTR, &a.attr);
            }
            ExprKind::Subscript(sub) => {
                self.expr(&sub.value)?;
                self.expr(&sub.slice)?;
                self.addop_i(COPY, 2);
                self.addop_i(COPY, 2);
                self.addop(BINARY_SUBSCR);
            }
            ExprKind::Name(n) => self.nameop(&n.id, ExprContext::Load)?,
            _ => {
                return Err(SyntaxErrorInfo::message_only(
                    "invalid node type for augmented assignment",
                ))
            }
        }
        self.u().loc = old;
        self.expr(&s.value)?;
        self.addop_i(BINARY_OP, binop_arg(s.op, true));
        self.set_loc(&e.location);
        match &e.kind {
            ExprKind::Attribute(a) => {
                self.update_start_location_to_match_attr(e, &a.attr);
                self.addop_i(SWAP, 2);
                self.addop_name(STORE_ATTR, &a.attr);
            }
            ExprKind::Subscript(_) => {
                self.addop_i(SWAP, 3);
                self.addop_i(SWAP, 2);
                self.addop(STORE_SUBSCR);
            }
            ExprKind::Name(n) => self.nameop(&n.id, ExprContext::Store)?,
            _ => {}
        }
        Ok(())
    }

    fn check_ann_expr(&mut self, e: &'a Expr) -> CResult {
        self.expr(e)?;
        self.addop(POP_TOP);
        Ok(())
    }

    fn check_ann_subscr(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.check_ann_expr(part)?;
                }
                Ok(())
            }
            ExprKind::Tuple(t) => {
                for el in &t.elts {
                    self.check_ann_subscr(el)?;
                }
                Ok(())
            }
            _ => self.check_ann_expr(e),
        }
    }

    fn annassign(&mut self, s: &'a StmtAnnAssign) -> CResult {
        let targ = &*s.target;
        if let Some(v) = &s.value {
            self.expr(v)?;
            self.expr(targ)?;
        }
        let module_or_class = matches!(self.ur().scope_type, ScopeType::Module | ScopeType::Class);
        match &targ.kind {
            ExprKind::Name(n) => {
                self.forbidden_name(&n.id, ExprContext::Store)?;
                if s.simple != 0 && module_or_class {
                    if self.flags & CO_FUTURE_ANNOTATIONS != 0 {
                        self.annexpr(&s.annotation);
                    } else {
                        self.expr(&s.annotation)?;
                    }
                    self.addop_name(LOAD_NAME, "__annotations__");
                    let m = mangle(self.ur().private.as_deref(), &n.id);
                    self.load_const(ConstantValue::str(&m));
                    self.addop(STORE_SUBSCR);
                }
            }
            ExprKind::Attribute(a) => {
                self.forbidden_name(&a.attr, ExprContext::Store)?;
                if s.value.is_none() {
                    self.check_ann_expr(&a.value)?;
                }
            }
            ExprKind::Subscript(sub) => {
                if s.value.is_none() {
                    self.check_ann_expr(&sub.value)?;
                    self.check_ann_subscr(&sub.slice)?;
                }
            }
            _ => {
                return Err(SyntaxErrorInfo::message_only(
                    "invalid node type for annotated assignment",
                ))
            }
        }
        if s.simple == 0 && self.flags & CO_FUTURE_ANNOTATIONS == 0 && module_or_class {
            self.check_ann_expr(&s.annotation)?;
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // Conditional jumps

    fn jump_if(&mut self, e: &'a Expr, next: BlockId, cond: bool) -> CResult {
        match &e.kind {
            ExprKind::UnaryOp(u) if u.op == UnaryOp::Not => {
                return self.jump_if(&u.operand, next, !cond)
            }
            ExprKind::BoolOp(b) => {
                let n = b.values.len() - 1;
                let cond2 = b.op == BoolOp::Or;
                let next2 = if cond2 != cond {
                    self.new_block()
                } else {
                    next
                };
                for v in &b.values[..n] {
                    self.jump_if(v, next2, cond2)?;
                }
                self.jump_if(&b.values[n], next, cond)?;
                if next2 != next {
                    self.use_next_block(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp(i) => {
                let end = self.new_block();
                let next2 = self.new_block();
                self.jump_if(&i.test, next2, false)?;
                self.jump_if(&i.body, next, cond)?;
                self.addop_j_noline(JUMP, end);
                self.use_next_block(next2);
                self.jump_if(&i.orelse, next, cond)?;
                self.use_next_block(end);
                return Ok(());
            }
            // Like compile.c, the position of any comparison stays set for what follows.
            ExprKind::Compare(c) if c.ops.len() <= 1 => self.set_loc(&e.location),
            ExprKind::Compare(c) => {
                self.set_loc(&e.location);
                let n = c.ops.len() - 1;
                self.check_compare(c);
                let cleanup = self.new_block();
                self.expr(&c.left)?;
                for i in 0..n {
                    self.expr(&c.comparators[i])?;
                    self.addop_i(SWAP, 2);
                    self.addop_i(COPY, 2);
                    self.addcompare(c.ops[i]);
                    self.addop_j(POP_JUMP_IF_FALSE, cleanup);
                }
                self.expr(&c.comparators[n])?;
                self.addcompare(c.ops[n]);
                self.addop_j(
                    if cond {
                        POP_JUMP_IF_TRUE
                    } else {
                        POP_JUMP_IF_FALSE
                    },
                    next,
                );
                let end = self.new_block();
                self.addop_j_noline(JUMP, end);
                self.use_next_block(cleanup);
                self.addop(POP_TOP);
                if !cond {
                    self.addop_j_noline(JUMP, next);
                }
                self.use_next_block(end);
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        self.addop_j(
            if cond {
                POP_JUMP_IF_TRUE
            } else {
                POP_JUMP_IF_FALSE
            },
            next,
        );
        Ok(())
    }

    fn check_compare(&mut self, c: &ExprCompare) {
        let check_is_arg = |e: &Expr| match &e.kind {
            ExprKind::Constant(k) => {
                matches!(
                    k.value,
                    ConstantValue::None | ConstantValue::Bool(_) | ConstantValue::Ellipsis
                )
            }
            _ => true,
        };
        let mut left = check_is_arg(&c.left);
        for (op, r) in c.ops.iter().zip(&c.comparators) {
            let right = check_is_arg(r);
            if matches!(op, CmpOp::Is | CmpOp::IsNot) && (!right || !left) {
                let msg = if *op == CmpOp::Is {
                    "\"is\" with a literal. Did you mean \"==\"?"
                } else {
                    "\"is not\" with a literal. Did you mean \"!=\"?"
                };
                self.warn(msg);
                return;
            }
            left = right;
        }
    }

    fn addcompare(&mut self, op: CmpOp) {
        let (opc, arg) = match op {
            CmpOp::Eq => (COMPARE_OP, 2),
            CmpOp::NotEq => (COMPARE_OP, 3),
            CmpOp::Lt => (COMPARE_OP, 0),
            CmpOp::LtE => (COMPARE_OP, 1),
            CmpOp::Gt => (COMPARE_OP, 4),
            CmpOp::GtE => (COMPARE_OP, 5),
            CmpOp::Is => (IS_OP, 0),
            CmpOp::IsNot => (IS_OP, 1),
            CmpOp::In => (CONTAINS_OP, 0),
            CmpOp::NotIn => (CONTAINS_OP, 1),
        };
        self.addop_i(opc, arg);
    }

    // -----------------------------------------------------------------------------------
    // Expressions

    fn expr(&mut self, e: &'a Expr) -> CResult {
        let old = self.ur().loc;
        self.set_loc(&e.location);
        let r = self.expr1(e);
        self.u().loc = old;
        r
    }

    fn update_start_location_to_match_attr(&mut self, attr_expr: &Expr, attr: &str) {
        let l = attr_expr.location;
        let u = self.u();
        if u.loc.lineno != l.end_lineno {
            u.loc.lineno = l.end_lineno;
            let len = attr.chars().count() as i32;
            if len <= l.end_col_offset {
                u.loc.col = l.end_col_offset - len;
            } else {
                u.loc.col = -1;
                u.loc.end_col = -1;
            }
            u.loc.end_lineno = u.loc.lineno.max(u.loc.end_lineno);
            if u.loc.lineno == u.loc.end_lineno {
                u.loc.end_col = u.loc.col.max(u.loc.end_col);
            }
        }
    }

    fn expr1(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::NamedExpr(n) => {
                self.expr(&n.value)?;
                self.addop_i(COPY, 1);
                self.expr(&n.target)?;
            }
            ExprKind::BoolOp(b) => {
                let jumpi = if b.op == BoolOp::And {
                    JUMP_IF_FALSE_OR_POP
                } else {
                    JUMP_IF_TRUE_OR_POP
                };
                let end = self.new_block();
                let n = b.values.len() - 1;
                for v in &b.values[..n] {
                    self.expr(v)?;
                    self.addop_j(jumpi, end);
                    let next = self.new_block();
                    self.use_next_block(next);
                }
                self.expr(&b.values[n])?;
                self.use_next_block(end);
            }
            ExprKind::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.addop_i(BINARY_OP, binop_arg(b.op, false));
            }
            ExprKind::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.addop(match u.op {
                    UnaryOp::Invert => UNARY_INVERT,
                    UnaryOp::Not => UNARY_NOT,
                    UnaryOp::UAdd => UNARY_POSITIVE,
                    UnaryOp::USub => UNARY_NEGATIVE,
                });
            }
            ExprKind::Lambda(l) => self.lambda(e, l)?,
            ExprKind::IfExp(i) => {
                let end = self.new_block();
                let next = self.new_block();
                self.jump_if(&i.test, next, false)?;
                self.expr(&i.body)?;
                self.addop_j_noline(JUMP, end);
                self.use_next_block(next);
                self.expr(&i.orelse)?;
                self.use_next_block(end);
            }
            ExprKind::Dict(d) => self.dict(d)?,
            ExprKind::Set(s) => {
                self.starunpack_helper(&s.elts, 0, BUILD_SET, SET_ADD, SET_UPDATE, false)?
            }
            ExprKind::GeneratorExp(g) => self.comprehension(
                e,
                CompKind::GenExp,
                "<genexpr>",
                &g.generators,
                &g.elt,
                None,
            )?,
            ExprKind::ListComp(g) => {
                self.comprehension(e, CompKind::List, "<listcomp>", &g.generators, &g.elt, None)?
            }
            ExprKind::SetComp(g) => {
                self.comprehension(e, CompKind::Set, "<setcomp>", &g.generators, &g.elt, None)?
            }
            ExprKind::DictComp(g) => self.comprehension(
                e,
                CompKind::Dict,
                "<dictcomp>",
                &g.generators,
                &g.key,
                Some(&g.value),
            )?,
            ExprKind::Yield(y) => {
                if self.ur().scope.block_type != BlockType::Function {
                    return Err(self.error("'yield' outside function"));
                }
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_none(),
                }
                self.addop_yield();
            }
            ExprKind::YieldFrom(y) => {
                if self.ur().scope.block_type != BlockType::Function {
                    return Err(self.error("'yield' outside function"));
                }
                if self.ur().scope_type == ScopeType::AsyncFunction {
                    return Err(self.error("'yield from' inside async function"));
                }
                self.expr(&y.value)?;
                self.addop(GET_YIELD_FROM_ITER);
                self.load_none();
                self.add_yield_from(false);
            }
            ExprKind::Await(a) => {
                if !self.is_top_level_await() {
                    if self.ur().scope.block_type != BlockType::Function {
                        return Err(self.error("'await' outside function"));
                    }
                    if !matches!(
                        self.ur().scope_type,
                        ScopeType::AsyncFunction | ScopeType::Comprehension
                    ) {
                        return Err(self.error("'await' outside async function"));
                    }
                }
                self.expr(&a.value)?;
                self.addop_i(GET_AWAITABLE, 0);
                self.load_none();
                self.add_yield_from(true);
            }
            ExprKind::Compare(c) => self.compare(c)?,
            ExprKind::Call(c) => self.call(c)?,
            ExprKind::Constant(c) => self.load_const(c.value.clone()),
            ExprKind::JoinedStr(j) => {
                if j.values.len() > STACK_USE_GUIDELINE {
                    self.load_const(ConstantValue::str(""));
                    self.addop_name(LOAD_METHOD, "join");
                    self.addop_i(BUILD_LIST, 0);
                    for v in &j.values {
                        self.expr(v)?;
                        self.addop_i(LIST_APPEND, 1);
                    }
                    self.addop_i(PRECALL, 1);
                    self.addop_i(CALL, 1);
                } else {
                    for v in &j.values {
                        self.expr(v)?;
                    }
                    if j.values.len() != 1 {
                        self.addop_i(BUILD_STRING, j.values.len() as u32);
                    }
                }
            }
            ExprKind::FormattedValue(f) => {
                self.expr(&f.value)?;
                let mut oparg = match f.conversion {
                    115 => 1,
                    114 => 2,
                    97 => 3,
                    -1 => 0,
                    other => {
                        return Err(SyntaxErrorInfo::message_only(format!(
                            "SystemError: Unrecognized conversion character {other}"
                        )))
                    }
                };
                if let Some(spec) = &f.format_spec {
                    self.expr(spec)?;
                    oparg |= 4;
                }
                self.addop_i(FORMAT_VALUE, oparg);
            }
            ExprKind::Attribute(a) => {
                self.expr(&a.value)?;
                self.update_start_location_to_match_attr(e, &a.attr);
                match a.ctx {
                    ExprContext::Load => self.addop_name(LOAD_ATTR, &a.attr),
                    ExprContext::Store => {
                        self.forbidden_name(&a.attr, a.ctx)?;
                        self.addop_name(STORE_ATTR, &a.attr);
                    }
                    ExprContext::Del => self.addop_name(DELETE_ATTR, &a.attr),
                }
            }
            ExprKind::Subscript(s) => {
                if s.ctx == ExprContext::Load {
                    self.check_subscripter(&s.value);
                    self.check_index(&s.value, &s.slice);
                }
                let op = match s.ctx {
                    ExprContext::Load => BINARY_SUBSCR,
                    ExprContext::Store => STORE_SUBSCR,
                    ExprContext::Del => DELETE_SUBSCR,
                };
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.addop(op);
            }
            ExprKind::Starred(s) => {
                return Err(match s.ctx {
                    ExprContext::Store => {
                        self.error("starred assignment target must be in a list or tuple")
                    }
                    _ => self.error("can't use starred expression here"),
                });
            }
            ExprKind::Slice(s) => {
                let mut n = 2;
                match &s.lower {
                    Some(l) => self.expr(l)?,
                    None => self.load_none(),
                }
                match &s.upper {
                    Some(u) => self.expr(u)?,
                    None => self.load_none(),
                }
                if let Some(st) = &s.step {
                    n += 1;
                    self.expr(st)?;
                }
                self.addop_i(BUILD_SLICE, n);
            }
            ExprKind::Name(n) => self.nameop(&n.id, n.ctx)?,
            ExprKind::List(l) => match l.ctx {
                ExprContext::Store => self.assignment_helper(&l.elts)?,
                ExprContext::Load => {
                    self.starunpack_helper(&l.elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, false)?
                }
                ExprContext::Del => {
                    for el in &l.elts {
                        self.expr(el)?;
                    }
                }
            },
            ExprKind::Tuple(t) => match t.ctx {
                ExprContext::Store => self.assignment_helper(&t.elts)?,
                ExprContext::Load => {
                    self.starunpack_helper(&t.elts, 0, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true)?
                }
                ExprContext::Del => {
                    for el in &t.elts {
                        self.expr(el)?;
                    }
                }
            },
        }
        Ok(())
    }

    fn check_subscripter(&mut self, e: &Expr) {
        let warn = match &e.kind {
            ExprKind::Constant(c) => matches!(
                c.value,
                ConstantValue::None
                    | ConstantValue::Ellipsis
                    | ConstantValue::Int(_)
                    | ConstantValue::Bool(_)
                    | ConstantValue::Float(_)
                    | ConstantValue::Complex { .. }
                    | ConstantValue::FrozenSet(_)
            ),
            ExprKind::Set(_)
            | ExprKind::SetComp(_)
            | ExprKind::GeneratorExp(_)
            | ExprKind::Lambda(_) => true,
            _ => false,
        };
        if warn {
            let t = infer_type(e).unwrap_or("object");
            self.warn(format!(
                "'{t}' object is not subscriptable; perhaps you missed a comma?"
            ));
        }
    }

    fn check_index(&mut self, e: &Expr, s: &Expr) {
        let Some(index_type) = infer_type(s) else {
            return;
        };
        if matches!(index_type, "int" | "bool") {
            return;
        }
        let warn = match &e.kind {
            ExprKind::Constant(c) => {
                matches!(
                    c.value,
                    ConstantValue::Str(_) | ConstantValue::Bytes(_) | ConstantValue::Tuple(_)
                )
            }
            ExprKind::Tuple(_)
            | ExprKind::List(_)
            | ExprKind::ListComp(_)
            | ExprKind::JoinedStr(_)
            | ExprKind::FormattedValue(_) => true,
            _ => false,
        };
        if warn {
            let t = infer_type(e).unwrap_or("object");
            self.warn(format!(
                "{t} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"
            ));
        }
    }

    fn addop_yield(&mut self) {
        if self.ur().scope.generator && self.ur().scope.coroutine {
            self.addop(ASYNC_GEN_WRAP);
        }
        self.addop(YIELD_VALUE);
        self.addop_i(RESUME, 1);
    }

    fn compare(&mut self, c: &'a ExprCompare) -> CResult {
        self.check_compare(c);
        self.expr(&c.left)?;
        let n = c.ops.len() - 1;
        if n == 0 {
            self.expr(&c.comparators[0])?;
            self.addcompare(c.ops[0]);
        } else {
            let cleanup = self.new_block();
            for i in 0..n {
                self.expr(&c.comparators[i])?;
                self.addop_i(SWAP, 2);
                self.addop_i(COPY, 2);
                self.addcompare(c.ops[i]);
                self.addop_j(JUMP_IF_FALSE_OR_POP, cleanup);
            }
            self.expr(&c.comparators[n])?;
            self.addcompare(c.ops[n]);
            let end = self.new_block();
            self.addop_j_noline(JUMP, end);
            self.use_next_block(cleanup);
            self.addop_i(SWAP, 2);
            self.addop(POP_TOP);
            self.use_next_block(end);
        }
        Ok(())
    }

    fn starunpack_helper(
        &mut self,
        elts: &'a [Expr],
        pushed: u32,
        build: i32,
        add: i32,
        extend: i32,
        tuple: bool,
    ) -> CResult {
        let n = elts.len();
        if n > 2 && elts.iter().all(is_const) {
            let vals: Vec<ConstantValue> = elts.iter().map(|e| const_of(e).clone()).collect();
            if tuple && pushed == 0 {
                self.load_const(ConstantValue::Tuple(vals));
            } else {
                let folded = if add == SET_ADD {
                    ConstantValue::FrozenSet(frozenset_order(vals))
                } else {
                    ConstantValue::Tuple(vals)
                };
                self.addop_i(build, pushed);
                self.load_const(folded);
                self.addop_i(extend, 1);
                if tuple {
                    self.addop(LIST_TO_TUPLE);
                }
            }
            return Ok(());
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(|e| matches!(e.kind, ExprKind::Starred(_)));
        if !seen_star && !big {
            for e in elts {
                self.expr(e)?;
            }
            self.addop_i(if tuple { BUILD_TUPLE } else { build }, n as u32 + pushed);
            return Ok(());
        }
        let mut built = false;
        if big {
            self.addop_i(build, pushed);
            built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let ExprKind::Starred(s) = &e.kind {
                if !built {
                    self.addop_i(build, i as u32 + pushed);
                    built = true;
                }
                self.expr(&s.value)?;
                self.addop_i(extend, 1);
            } else {
                self.expr(e)?;
                if built {
                    self.addop_i(add, 1);
                }
            }
        }
        if tuple {
            self.addop(LIST_TO_TUPLE);
        }
        Ok(())
    }

    fn unpack_helper(&mut self, elts: &[Expr]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if matches!(e.kind, ExprKind::Starred(_)) {
                if !seen_star {
                    if i >= 1 << 8 || n - i - 1 >= (i32::MAX >> 8) as usize {
                        return Err(self.error("too many expressions in star-unpacking assignment"));
                    }
                    self.addop_i(UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                    seen_star = true;
                } else {
                    return Err(self.error("multiple starred expressions in assignment"));
                }
            }
        }
        if !seen_star {
            self.addop_i(UNPACK_SEQUENCE, n as u32);
        }
        Ok(())
    }

    fn assignment_helper(&mut self, elts: &'a [Expr]) -> CResult {
        self.unpack_helper(elts)?;
        for e in elts {
            match &e.kind {
                ExprKind::Starred(s) => self.expr(&s.value)?,
                _ => self.expr(e)?,
            }
        }
        Ok(())
    }

    fn subdict(&mut self, d: &'a ExprDict, begin: usize, end: usize) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1
            && !big
            && d.keys[begin..end]
                .iter()
                .all(|k| k.as_ref().is_some_and(is_const))
        {
            for v in &d.values[begin..end] {
                self.expr(v)?;
            }
            let keys: Vec<ConstantValue> = d.keys[begin..end]
                .iter()
                .map(|k| const_of(k.as_ref().unwrap()).clone())
                .collect();
            self.load_const(ConstantValue::Tuple(keys));
            self.addop_i(BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.addop_i(BUILD_MAP, 0);
        }
        for i in begin..end {
            self.expr(d.keys[i].as_ref().unwrap())?;
            self.expr(&d.values[i])?;
            if big {
                self.addop_i(MAP_ADD, 1);
            }
        }
        if !big {
            self.addop_i(BUILD_MAP, n as u32);
        }
        Ok(())
    }

    fn dict(&mut self, d: &'a ExprDict) -> CResult {
        let n = d.values.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if d.keys[i].is_none() {
                if elements > 0 {
                    self.subdict(d, i - elements, i)?;
                    if have_dict {
                        self.addop_i(DICT_UPDATE, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop_i(BUILD_MAP, 0);
                    have_dict = true;
                }
                self.expr(&d.values[i])?;
                self.addop_i(DICT_UPDATE, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(d, i - elements, i + 1)?;
                if have_dict {
                    self.addop_i(DICT_UPDATE, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(d, n - elements, n)?;
            if have_dict {
                self.addop_i(DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop_i(BUILD_MAP, 0);
        }
        Ok(())
    }

    fn validate_keywords(&mut self, keywords: &[Keyword]) -> CResult {
        for (i, k) in keywords.iter().enumerate() {
            let Some(arg) = &k.arg else { continue };
            self.forbidden_name(arg, ExprContext::Store)?;
            for other in &keywords[i + 1..] {
                if other.arg.as_deref() == Some(arg.as_str()) {
                    self.set_loc(&other.location);
                    return Err(self.error(format!("keyword argument repeated: {arg}")));
                }
            }
        }
        Ok(())
    }

    fn call(&mut self, c: &'a ExprCall) -> CResult {
        self.validate_keywords(&c.keywords)?;
        if self.maybe_optimize_method_call(c)? {
            return Ok(());
        }
        self.check_caller(&c.func);
        let call_loc = self.ur().loc;
        self.set_loc(&c.func.location);
        self.addop(PUSH_NULL);
        self.u().loc = call_loc;
        self.expr(&c.func)?;
        self.call_helper(0, &c.args, &c.keywords)
    }

    fn check_caller(&mut self, e: &Expr) {
        if matches!(
            e.kind,
            ExprKind::Constant(_)
                | ExprKind::Tuple(_)
                | ExprKind::List(_)
                | ExprKind::ListComp(_)
                | ExprKind::Dict(_)
                | ExprKind::DictComp(_)
                | ExprKind::Set(_)
                | ExprKind::SetComp(_)
                | ExprKind::GeneratorExp(_)
                | ExprKind::JoinedStr(_)
                | ExprKind::FormattedValue(_)
        ) {
            let t = infer_type(e).unwrap_or("object");
            self.warn(format!(
                "'{t}' object is not callable; perhaps you missed a comma?"
            ));
        }
    }

    fn maybe_optimize_method_call(&mut self, c: &'a ExprCall) -> CResult<bool> {
        let ExprKind::Attribute(meth) = &c.func.kind else {
            return Ok(false);
        };
        if meth.ctx != ExprContext::Load {
            return Ok(false);
        }
        if let ExprKind::Name(n) = &meth.value.kind {
            if self.scopes.is_module_import(&n.id) {
                return Ok(false);
            }
        }
        let argsl = c.args.len();
        let kwdsl = c.keywords.len();
        if argsl + kwdsl + (kwdsl != 0) as usize >= STACK_USE_GUIDELINE {
            return Ok(false);
        }
        if c.args
            .iter()
            .any(|a| matches!(a.kind, ExprKind::Starred(_)))
        {
            return Ok(false);
        }
        if c.keywords.iter().any(|k| k.arg.is_none()) {
            return Ok(false);
        }
        let call_loc = self.ur().loc;
        self.expr(&meth.value)?;
        self.set_loc(&c.func.location);
        self.update_start_location_to_match_attr(&c.func, &meth.attr);
        self.addop_name(LOAD_METHOD, &meth.attr);
        for a in &c.args {
            self.expr(a)?;
        }
        if kwdsl > 0 {
            for k in &c.keywords {
                self.expr(&k.value)?;
            }
            self.call_simple_kw_helper(&c.keywords);
        }
        self.u().loc = call_loc;
        self.update_start_location_to_match_attr(&c.func, &meth.attr);
        self.addop_i(PRECALL, (argsl + kwdsl) as u32);
        self.addop_i(CALL, (argsl + kwdsl) as u32);
        Ok(true)
    }

    fn call_simple_kw_helper(&mut self, keywords: &[Keyword]) {
        let names: Vec<ConstantValue> = keywords
            .iter()
            .map(|k| ConstantValue::str(k.arg.as_deref().unwrap_or("")))
            .collect();
        let i = self.add_const(ConstantValue::Tuple(names));
        self.addop_i(KW_NAMES, i);
    }

    fn subkwargs(&mut self, keywords: &'a [Keyword], begin: usize, end: usize) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in &keywords[begin..end] {
                self.expr(&k.value)?;
            }
            let keys: Vec<ConstantValue> = keywords[begin..end]
                .iter()
                .map(|k| ConstantValue::str(k.arg.as_deref().unwrap_or("")))
                .collect();
            self.load_const(ConstantValue::Tuple(keys));
            self.addop_i(BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.addop_i_noline(BUILD_MAP, 0);
        }
        for k in &keywords[begin..end] {
            self.load_const(ConstantValue::str(k.arg.as_deref().unwrap_or("")));
            self.expr(&k.value)?;
            if big {
                self.addop_i_noline(MAP_ADD, 1);
            }
        }
        if !big {
            self.addop_i(BUILD_MAP, n as u32);
        }
        Ok(())
    }

    fn call_helper(&mut self, n: u32, args: &'a [Expr], keywords: &'a [Keyword]) -> CResult {
        self.validate_keywords(keywords)?;
        let nelts = args.len();
        let nkwelts = keywords.len();
        let ex_call = nelts + nkwelts * 2 > STACK_USE_GUIDELINE
            || args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)))
            || keywords.iter().any(|k| k.arg.is_none());
        if !ex_call {
            for a in args {
                self.expr(a)?;
            }
            if nkwelts > 0 {
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.call_simple_kw_helper(keywords);
            }
            let total = n + (nelts + nkwelts) as u32;
            self.addop_i(PRECALL, total);
            self.addop_i(CALL, total);
            return Ok(());
        }
        if n == 0 && nelts == 1 {
            if let ExprKind::Starred(s) = &args[0].kind {
                self.expr(&s.value)?;
            } else {
                self.starunpack_helper(args, n, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true)?;
            }
        } else {
            self.starunpack_helper(args, n, BUILD_LIST, LIST_APPEND, LIST_EXTEND, true)?;
        }
        if nkwelts > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(keywords, i - nseen, i)?;
                        if have_dict {
                            self.addop_i(DICT_MERGE, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.addop_i(BUILD_MAP, 0);
                        have_dict = true;
                    }
                    self.expr(&k.value)?;
                    self.addop_i(DICT_MERGE, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(keywords, nkwelts - nseen, nkwelts)?;
                if have_dict {
                    self.addop_i(DICT_MERGE, 1);
                }
            }
        }
        self.addop_i(CALL_FUNCTION_EX, (nkwelts > 0) as u32);
        Ok(())
    }

    fn lambda(&mut self, e: &'a Expr, l: &'a ExprLambda) -> CResult {
        self.check_debug_args(&l.args)?;
        let funcflags = self.default_arguments(&l.args)?;
        let scope = self.child_scope_expr(e)?;
        self.enter_scope("<lambda>", ScopeType::Lambda, scope, e.location.lineno)?;
        self.add_const(ConstantValue::None);
        self.u().argcount = l.args.args.len() as i32;
        self.u().posonlyargcount = l.args.posonlyargs.len() as i32;
        self.u().kwonlyargcount = l.args.kwonlyargs.len() as i32;
        self.expr(&l.body)?;
        let f = if self.ur().scope.generator {
            self.finish_unit(false)
        } else {
            self.addop(RETURN_VALUE);
            self.finish_unit(true)
        };
        self.make_closure(f, funcflags)
    }

    // -----------------------------------------------------------------------------------
    // Comprehensions

    fn comprehension(
        &mut self,
        e: &'a Expr,
        kind: CompKind,
        name: &str,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult {
        let outer_scope_type = self.ur().scope_type;
        let is_top_level_await = self.is_top_level_await();
        let outermost = &generators[0];
        let scope = self.child_scope_expr(e)?;
        self.enter_scope(name, ScopeType::Comprehension, scope, e.location.lineno)?;
        self.set_loc(&e.location);
        let is_async_generator = self.ur().scope.coroutine;
        if is_async_generator
            && kind != CompKind::GenExp
            && !matches!(
                outer_scope_type,
                ScopeType::AsyncFunction | ScopeType::Comprehension
            )
            && !is_top_level_await
        {
            return Err(
                self.error("asynchronous comprehension outside of an asynchronous function")
            );
        }
        match kind {
            CompKind::List => self.addop_i(BUILD_LIST, 0),
            CompKind::Set => self.addop_i(BUILD_SET, 0),
            CompKind::Dict => self.addop_i(BUILD_MAP, 0),
            CompKind::GenExp => {}
        }
        self.comprehension_generator(generators, 0, 0, elt, val, kind)?;
        if kind != CompKind::GenExp {
            self.addop(RETURN_VALUE);
        }
        let f = self.finish_unit(true);
        if is_top_level_await && is_async_generator {
            self.u().scope.coroutine = true;
        }
        self.make_closure(f, 0)?;
        self.expr(&outermost.iter)?;
        if outermost.is_async != 0 {
            self.addop(GET_AITER);
        } else {
            self.addop(GET_ITER);
        }
        self.addop_i(PRECALL, 0);
        self.addop_i(CALL, 0);
        if is_async_generator && kind != CompKind::GenExp {
            self.addop_i(GET_AWAITABLE, 0);
            self.load_none();
            self.add_yield_from(true);
        }
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        generators: &'a [Comprehension],
        gen_index: usize,
        depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
    ) -> CResult {
        if generators[gen_index].is_async != 0 {
            self.async_comprehension_generator(generators, gen_index, depth, elt, val, kind)
        } else {
            self.sync_comprehension_generator(generators, gen_index, depth, elt, val, kind)
        }
    }

    fn comprehension_element(
        &mut self,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
        depth: u32,
    ) -> CResult {
        match kind {
            CompKind::GenExp => {
                self.expr(elt)?;
                self.addop_yield();
                self.addop(POP_TOP);
            }
            CompKind::List => {
                self.expr(elt)?;
                self.addop_i(LIST_APPEND, depth + 1);
            }
            CompKind::Set => {
                self.expr(elt)?;
                self.addop_i(SET_ADD, depth + 1);
            }
            CompKind::Dict => {
                self.expr(elt)?;
                self.expr(val.unwrap())?;
                self.addop_i(MAP_ADD, depth + 1);
            }
        }
        Ok(())
    }

    fn sync_comprehension_generator(
        &mut self,
        generators: &'a [Comprehension],
        gen_index: usize,
        mut depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
    ) -> CResult {
        let mut start = Some(self.new_block());
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        let gen = &generators[gen_index];
        if gen_index == 0 {
            self.u().argcount = 1;
            self.addop_i(LOAD_FAST, 0);
        } else {
            let elts = match &gen.iter.kind {
                ExprKind::List(l) => Some(&l.elts),
                ExprKind::Tuple(t) => Some(&t.elts),
                _ => None,
            };
            if let Some(elts) = elts {
                if elts.len() == 1 && !matches!(elts[0].kind, ExprKind::Starred(_)) {
                    self.expr(&elts[0])?;
                    start = None;
                }
            }
            if start.is_some() {
                self.expr(&gen.iter)?;
                self.addop(GET_ITER);
            }
        }
        if let Some(st) = start {
            depth += 1;
            self.use_next_block(st);
            self.addop_j(FOR_ITER, anchor);
        }
        self.expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        let next_index = gen_index + 1;
        if next_index < generators.len() {
            self.comprehension_generator(generators, next_index, depth, elt, val, kind)?;
        } else {
            self.comprehension_element(elt, val, kind, depth)?;
        }
        self.use_next_block(if_cleanup);
        if let Some(st) = start {
            self.addop_j(JUMP, st);
            self.use_next_block(anchor);
        }
        Ok(())
    }

    fn async_comprehension_generator(
        &mut self,
        generators: &'a [Comprehension],
        gen_index: usize,
        mut depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
    ) -> CResult {
        let start = self.new_block();
        let except = self.new_block();
        let if_cleanup = self.new_block();
        let gen = &generators[gen_index];
        if gen_index == 0 {
            self.u().argcount = 1;
            self.addop_i(LOAD_FAST, 0);
        } else {
            self.expr(&gen.iter)?;
            self.addop(GET_AITER);
        }
        self.use_next_block(start);
        self.push_fblock(
            FBlockType::AsyncComprehensionGenerator,
            Some(start),
            None,
            FDatum::None,
        )?;
        self.addop_j(SETUP_FINALLY, except);
        self.addop(GET_ANEXT);
        self.load_none();
        self.add_yield_from(true);
        self.addop(POP_BLOCK);
        self.expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        depth += 1;
        let next_index = gen_index + 1;
        if next_index < generators.len() {
            self.comprehension_generator(generators, next_index, depth, elt, val, kind)?;
        } else {
            self.comprehension_element(elt, val, kind, depth)?;
        }
        self.use_next_block(if_cleanup);
        self.addop_j(JUMP, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.addop(END_ASYNC_FOR);
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // Pattern matching

    fn match_(&mut self, s: &'a StmtMatch) -> CResult {
        self.expr(&s.subject)?;
        let end = self.new_block();
        let cases = s.cases.len();
        let last = &s.cases[cases - 1];
        let has_default = is_wildcard(&last.pattern) && cases > 1;
        let mut pc = PatternContext::default();
        for i in 0..cases - has_default as usize {
            let m = &s.cases[i];
            self.set_loc(&m.pattern.location);
            if i != cases - has_default as usize - 1 {
                self.addop_i(COPY, 1);
            }
            pc.stores = Vec::new();
            pc.allow_irrefutable = m.guard.is_some() || i == cases - 1;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.pattern(&m.pattern, &mut pc)?;
            let stores = pc.stores.clone();
            for name in &stores {
                self.nameop(name, ExprContext::Store)?;
            }
            if let Some(g) = &m.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(g, target, false)?;
            }
            if i != cases - has_default as usize - 1 {
                self.addop(POP_TOP);
            }
            self.stmts(&m.body)?;
            // Artificial in 3.11.7 (it takes the line of the body's last instruction).
            self.addop_j_noline(JUMP, end);
            self.set_loc(&m.pattern.location);
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            let m = last;
            self.set_loc(&m.pattern.location);
            if cases == 1 {
                self.addop(POP_TOP);
            } else {
                self.addop(NOP);
            }
            if let Some(g) = &m.guard {
                self.jump_if(g, end, false)?;
            }
            self.stmts(&m.body)?;
        }
        self.use_next_block(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let b = self.new_block();
            pc.fail_pop.push(b);
        }
    }

    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: i32) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.addop_j(op, pc.fail_pop[pops]);
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        let n = pc.fail_pop.len();
        for k in (1..n).rev() {
            self.use_next_block(pc.fail_pop[k]);
            self.addop(POP_TOP);
        }
        self.use_next_block(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn pattern_helper_rotate(&mut self, mut count: usize) {
        while count > 1 {
            self.addop_i(SWAP, count as u32);
            count -= 1;
        }
    }

    fn pattern_helper_store_name(&mut self, n: Option<&str>, pc: &mut PatternContext) -> CResult {
        let Some(n) = n else {
            self.addop(POP_TOP);
            return Ok(());
        };
        self.forbidden_name(n, ExprContext::Store)?;
        if pc.stores.iter().any(|s| s == n) {
            return Err(self.error(format!("multiple assignments to name '{n}' in pattern")));
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.pattern_helper_rotate(rotations);
        pc.stores.push(n.to_owned());
        Ok(())
    }

    fn pattern_unpack_helper(&mut self, elts: &[Pattern]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if matches!(e.kind, PatternKind::MatchStar(_)) {
                if !seen_star {
                    if i >= 1 << 8 || n - i - 1 >= (i32::MAX >> 8) as usize {
                        return Err(
                            self.error("too many expressions in star-unpacking sequence pattern")
                        );
                    }
                    self.addop_i(UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                    seen_star = true;
                } else {
                    return Err(self.error("multiple starred expressions in sequence pattern"));
                }
            }
        }
        if !seen_star {
            self.addop_i(UNPACK_SEQUENCE, n as u32);
        }
        Ok(())
    }

    fn pattern_subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        self.set_loc(&p.location);
        match &p.kind {
            PatternKind::MatchValue(v) => {
                if !matches!(v.value.kind, ExprKind::Constant(_) | ExprKind::Attribute(_)) {
                    return Err(
                        self.error("patterns may only match literals and attribute lookups")
                    );
                }
                self.expr(&v.value)?;
                self.addcompare(CmpOp::Eq);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            PatternKind::MatchSingleton(s) => {
                self.load_const(s.value.clone());
                self.addcompare(CmpOp::Is);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            PatternKind::MatchSequence(s) => self.pattern_sequence(&s.patterns, pc)?,
            PatternKind::MatchMapping(m) => self.pattern_mapping(m, pc)?,
            PatternKind::MatchClass(c) => self.pattern_class(p, c, pc)?,
            PatternKind::MatchStar(s) => self.pattern_helper_store_name(s.name.as_deref(), pc)?,
            PatternKind::MatchAs(a) => match &a.pattern {
                None => {
                    if !pc.allow_irrefutable {
                        if let Some(n) = &a.name {
                            return Err(self.error(format!(
                                "name capture '{n}' makes remaining patterns unreachable"
                            )));
                        }
                        return Err(self.error("wildcard makes remaining patterns unreachable"));
                    }
                    self.pattern_helper_store_name(a.name.as_deref(), pc)?;
                }
                Some(sub) => {
                    pc.on_top += 1;
                    self.addop_i(COPY, 1);
                    self.pattern(sub, pc)?;
                    pc.on_top -= 1;
                    self.pattern_helper_store_name(a.name.as_deref(), pc)?;
                }
            },
            PatternKind::MatchOr(o) => self.pattern_or(&o.patterns, pc)?,
        }
        Ok(())
    }

    fn pattern_sequence(&mut self, patterns: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if matches!(p.kind, PatternKind::MatchStar(_)) {
                if star.is_some() {
                    return Err(self.error("multiple starred names in sequence pattern"));
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.addop(MATCH_SEQUENCE);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.addop(GET_LEN);
                self.load_const(ConstantValue::int(size as i64));
                self.addcompare(CmpOp::Eq);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            Some(_) if size > 1 => {
                self.addop(GET_LEN);
                self.load_const(ConstantValue::int(size as i64 - 1));
                self.addcompare(CmpOp::GtE);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            _ => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.addop(POP_TOP);
        } else if star_wildcard {
            let star = star.unwrap();
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.addop_i(COPY, 1);
                if i < star {
                    self.load_const(ConstantValue::int(i as i64));
                } else {
                    self.addop(GET_LEN);
                    self.load_const(ConstantValue::int((size - i) as i64));
                    self.addop_i(BINARY_OP, binop_arg(Operator::Sub, false));
                }
                self.addop(BINARY_SUBSCR);
                self.pattern_subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.addop(POP_TOP);
        } else {
            self.pattern_unpack_helper(patterns)?;
            pc.on_top += size;
            for p in patterns {
                pc.on_top -= 1;
                self.pattern_subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn pattern_mapping(&mut self, m: &'a PatternMatchMapping, pc: &mut PatternContext) -> CResult {
        let size = m.keys.len();
        if size != m.patterns.len() {
            return Err(self.error(format!(
                "keys ({}) / patterns ({}) length mismatch in mapping pattern",
                size,
                m.patterns.len()
            )));
        }
        pc.on_top += 1;
        self.addop(MATCH_MAPPING);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        if size == 0 && m.rest.is_none() {
            pc.on_top -= 1;
            self.addop(POP_TOP);
            return Ok(());
        }
        if size > 0 {
            self.addop(GET_LEN);
            self.load_const(ConstantValue::int(size as i64));
            self.addcompare(CmpOp::GtE);
            self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<ConstantValue> = Vec::new();
        for key in &m.keys {
            match &key.kind {
                ExprKind::Constant(c) => {
                    if seen.iter().any(|s| python_const_eq(s, &c.value)) {
                        return Err(self.error(format!(
                            "mapping pattern checks duplicate key ({})",
                            c.value.repr()
                        )));
                    }
                    seen.push(c.value.clone());
                }
                ExprKind::Attribute(_) => {}
                _ => {
                    return Err(self.error(
                        "mapping pattern keys may only match literals and attribute lookups",
                    ))
                }
            }
            self.expr(key)?;
        }
        self.addop_i(BUILD_TUPLE, size as u32);
        self.addop(MATCH_KEYS);
        pc.on_top += 2;
        self.addop_i(COPY, 1);
        self.load_none();
        self.addop_i(IS_OP, 1);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        self.addop_i(UNPACK_SEQUENCE, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in &m.patterns {
            pc.on_top -= 1;
            self.pattern_subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        if let Some(rest) = &m.rest {
            self.addop_i(BUILD_MAP, 0);
            self.addop_i(SWAP, 3);
            self.addop_i(DICT_UPDATE, 2);
            self.addop_i(UNPACK_SEQUENCE, size as u32);
            let mut sz = size;
            while sz > 0 {
                self.addop_i(COPY, (1 + sz) as u32);
                sz -= 1;
                self.addop_i(SWAP, 2);
                self.addop(DELETE_SUBSCR);
            }
            self.pattern_helper_store_name(Some(rest), pc)?;
        } else {
            self.addop(POP_TOP);
            self.addop(POP_TOP);
        }
        Ok(())
    }

    fn pattern_class(
        &mut self,
        p: &'a Pattern,
        c: &'a PatternMatchClass,
        pc: &mut PatternContext,
    ) -> CResult {
        let nargs = c.patterns.len();
        let nattrs = c.kwd_attrs.len();
        if nattrs != c.kwd_patterns.len() {
            return Err(self.error(format!(
                "kwd_attrs ({}) / kwd_patterns ({}) length mismatch in class pattern",
                nattrs,
                c.kwd_patterns.len()
            )));
        }
        if nattrs > 0 {
            for (i, attr) in c.kwd_attrs.iter().enumerate() {
                self.set_loc(&c.kwd_patterns[i].location);
                self.forbidden_name(attr, ExprContext::Store)?;
                for (j, other) in c.kwd_attrs.iter().enumerate().skip(i + 1) {
                    if other == attr {
                        self.set_loc(&c.kwd_patterns[j].location);
                        return Err(
                            self.error(format!("attribute name repeated in class pattern: {attr}"))
                        );
                    }
                }
            }
            self.set_loc(&p.location);
        }
        self.expr(&c.cls)?;
        let names: Vec<&str> = c.kwd_attrs.iter().map(|s| s.as_str()).collect();
        self.load_const(Self::str_tuple(&names));
        self.addop_i(MATCH_CLASS, nargs as u32);
        self.addop_i(COPY, 1);
        self.load_none();
        self.addop_i(IS_OP, 1);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        self.addop_i(UNPACK_SEQUENCE, (nargs + nattrs) as u32);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        for i in 0..nargs + nattrs {
            pc.on_top -= 1;
            let pat = if i < nargs {
                &c.patterns[i]
            } else {
                &c.kwd_patterns[i - nargs]
            };
            if is_wildcard(pat) {
                self.addop(POP_TOP);
                continue;
            }
            self.pattern_subpattern(pat, pc)?;
        }
        Ok(())
    }

    fn pattern_or(&mut self, alts: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let end = self.new_block();
        let size = alts.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let old_allow = pc.allow_irrefutable;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in alts.iter().enumerate() {
            self.set_loc(&alt.location);
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == size - 1 && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.addop_i(COPY, 1);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if nstores != ctl.len() => {
                    return Err(self.error("alternative patterns bind different names"));
                }
                Some(ctl) if nstores > 0 => {
                    let ctl = ctl.clone();
                    let mut icontrol = nstores;
                    while icontrol > 0 {
                        icontrol -= 1;
                        let name = &ctl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return Err(self.error("alternative patterns bind different names"));
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(0..rotations).collect();
                            let at = icontrol - istores;
                            for (k, r) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, r);
                            }
                            for _ in 0..rotations {
                                self.pattern_helper_rotate(icontrol + 1);
                            }
                        }
                    }
                }
                _ => {}
            }
            self.addop_j(JUMP, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        pc.allow_irrefutable = old_allow;
        self.addop(POP_TOP);
        self.jump_to_fail_pop(pc, JUMP);
        self.use_next_block(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.pattern_helper_rotate(nrots);
            if pc.stores.contains(&name) {
                return Err(self.error(format!("multiple assignments to name '{name}' in pattern")));
            }
            pc.stores.push(name);
        }
        self.addop(POP_TOP);
        Ok(())
    }
}

#[derive(Default)]
struct PatternContext {
    stores: Vec<String>,
    allow_irrefutable: bool,
    fail_pop: Vec<BlockId>,
    on_top: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CompKind {
    GenExp,
    List,
    Set,
    Dict,
}

fn python_const_eq(a: &ConstantValue, b: &ConstantValue) -> bool {
    crate::optimizer::fold::py_equal(a, b)
}

/// The elements of a folded frozenset constant (duplicates dropped, in the given order).
fn frozenset_order(vals: Vec<ConstantValue>) -> Vec<ConstantValue> {
    match crate::optimizer::fold::frozenset(vals) {
        ConstantValue::FrozenSet(items) => items,
        _ => Vec::new(),
    }
}

impl std::fmt::Debug for Compiler<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiler")
            .field("filename", &self.filename)
            .finish()
    }
}
