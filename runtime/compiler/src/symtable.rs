//! Symbol tables, as CPython 3.11's `Python/symtable.c` builds them: which blocks (module,
//! class, function, plus the annotation blocks of `from __future__ import annotations`) a
//! module has, which names each block defines and uses, and the scope of every name (local,
//! explicit/implicit global, free, cell), with the SyntaxErrors symtable.c raises.
//!
//! # API (what the code generator uses)
//!
//! - [`build`]`(&ast::Mod, filename, future_flags) -> Result<SymbolTable, SymtableError>`:
//!   the first pass collects raw facts per block, the second decides scopes. Run it on the
//!   optimized AST and keep that AST in place: blocks are found by node address.
//!   [`build_with_budget`] takes the recursion budget of the calling context
//!   ([`RecursionBudget`], shared with the optimizer). Errors: [`SymtableError`] (a
//!   SyntaxError with CPython's message and 1-based `offset`/`end_offset` from the node's
//!   UTF-8 byte columns, `text` None; RecursionError; the RuntimeError for `func_type`).
//! - [`SymbolTable`]`{ blocks }`: `blocks[0]` ([`SymbolTable::top`]) is the module block
//!   (name `"top"`). [`SymbolTable::block_for`]`(NodeKey)` finds the block a node opens:
//!   [`NodeKey::of_stmt`] for FunctionDef/AsyncFunctionDef/ClassDef, [`NodeKey::of_expr`]
//!   for Lambda/GeneratorExp/ListComp/SetComp/DictComp. [`SymbolTable::block`]`(BlockId)`.
//! - [`Block`]: `kind` ([`BlockKind`]), `name` (`"lambda"`, `"genexpr"`, `"listcomp"`,
//!   `"setcomp"`, `"dictcomp"` for the anonymous ones, as CPython's symtable names them),
//!   `symbols` (insertion-ordered name -> flags, `ste_symbols`; names are already mangled),
//!   `varnames` (parameters in order: positional-only, positional, keyword-only, `*args`,
//!   `**kwargs`; `.0` for a comprehension), `children`, `nested`, `generator`, `coroutine`,
//!   `comprehension`, `varargs`, `varkeywords`, `returns_value`, `needs_class_closure`,
//!   `free`, `child_free`, positions. [`Block::scope`]`(name)` -> [`Scope`];
//!   [`Block::flags`]`(name)` -> raw flag bits (0 if absent).
//! - Flag bits ([`DEF_GLOBAL`] ... [`DEF_COMP_ITER`]) and the scope in bits 11..15
//!   ([`SCOPE_OFFSET`]) have CPython's values, so `symbols` equals what the `symtable`
//!   module shows.
//! - [`mangle`]`(private, name)`: `_Py_Mangle`, for the code generator's own lookups.
//!
//! In 3.11 comprehensions are separate function blocks with the implicit parameter `.0`.
//! Annotation blocks (only under `from __future__ import annotations`) collect the names of
//! annotations so they do not count as uses; like CPython they are not children of any
//! block and are never analyzed.
//!
//! Order of `symbols`: as CPython, names appear in the order the first pass met them;
//! free names added by the analysis (propagated from children) come after, sorted (CPython
//! adds them in set order, which depends on string hashing, so no order is "the" order).

use crate::fxhash::{FxMap as HashMap, FxSet as HashSet};

use crate::ast::{
    Alias, Arg, Arguments, Comprehension, ExceptHandler, Expr, ExprContext, ExprKind, Location,
    MatchCase, Mod, Pattern, PatternKind, Stmt, StmtKind, WithItem,
};
use crate::error::{ErrorType, SyntaxErrorInfo};
use crate::future::CO_FUTURE_ANNOTATIONS;
pub use crate::optimizer::RecursionBudget;

pub const DEF_GLOBAL: u32 = 1;
pub const DEF_LOCAL: u32 = 2;
pub const DEF_PARAM: u32 = 4;
pub const DEF_NONLOCAL: u32 = 8;
pub const USE: u32 = 16;
pub const DEF_FREE: u32 = 32;
pub const DEF_FREE_CLASS: u32 = 64;
pub const DEF_IMPORT: u32 = 128;
pub const DEF_ANNOT: u32 = 256;
pub const DEF_COMP_ITER: u32 = 512;
pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
/// The scope is stored in the flags shifted by this much.
pub const SCOPE_OFFSET: u32 = 11;
/// Mask of the scope value after shifting (CPython reuses `DEF_GLOBAL|...|DEF_NONLOCAL`).
pub const SCOPE_MASK: u32 = 15;

/// The scope of a name in a block, from the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Not (yet) analyzed or not in the block.
    Unknown = 0,
    Local = 1,
    GlobalExplicit = 2,
    GlobalImplicit = 3,
    Free = 4,
    Cell = 5,
}

impl Scope {
    fn from_bits(v: u32) -> Scope {
        match v {
            1 => Scope::Local,
            2 => Scope::GlobalExplicit,
            3 => Scope::GlobalImplicit,
            4 => Scope::Free,
            5 => Scope::Cell,
            _ => Scope::Unknown,
        }
    }
}

/// `_Py_block_ty`, with CPython's numbering (what `symtable entry.type` shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Function = 0,
    Class = 1,
    Module = 2,
    Annotation = 3,
}

/// `_Py_comprehension_ty`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComprehensionKind {
    None = 0,
    List = 1,
    Dict = 2,
    Set = 3,
    Generator = 4,
}

/// Index of a block in [`SymbolTable::blocks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(pub usize);

/// The identity of an AST node that opens a block: its address (and whether it is a
/// statement or an expression). Valid as long as the AST is neither moved nor changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NodeKey {
    address: usize,
    is_stmt: bool,
}

impl NodeKey {
    pub fn of_stmt(stmt: &Stmt) -> NodeKey {
        NodeKey {
            address: stmt as *const Stmt as usize,
            is_stmt: true,
        }
    }
    pub fn of_expr(expr: &Expr) -> NodeKey {
        NodeKey {
            address: expr as *const Expr as usize,
            is_stmt: false,
        }
    }
}

/// Names in the order they were first added, with their flags (`ste_symbols`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Symbols {
    entries: Vec<(String, u32)>,
    index: HashMap<String, usize>,
}

impl Symbols {
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).map(|&i| self.entries[i].1)
    }
    pub fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// `(name, flags)` in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.entries.iter().map(|(n, f)| (n.as_str(), *f))
    }
    fn set(&mut self, name: &str, flags: u32) {
        match self.index.get(name) {
            Some(&i) => self.entries[i].1 = flags,
            None => {
                self.index.insert(name.to_string(), self.entries.len());
                self.entries.push((name.to_string(), flags));
            }
        }
    }
}

/// One block (`PySTEntryObject`).
#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    pub name: String,
    pub symbols: Symbols,
    pub varnames: Vec<String>,
    pub children: Vec<BlockId>,
    /// The enclosing block (for annotation blocks: the block they appear in).
    pub parent: Option<BlockId>,
    /// `global`/`nonlocal` declarations (and the implicit ones of walrus targets in
    /// comprehensions): mangled name and the statement's position.
    pub directives: Vec<(String, Location)>,
    /// Inside a function (directly or not).
    pub nested: bool,
    /// Has free variables.
    pub free: bool,
    /// A child block has free variables (including free references to globals).
    pub child_free: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub comprehension: ComprehensionKind,
    pub varargs: bool,
    pub varkeywords: bool,
    pub returns_value: bool,
    /// For a class: a method uses `__class__` (or `super`), so the class body creates the
    /// `__class__` cell.
    pub needs_class_closure: bool,
    pub lineno: i32,
    pub col_offset: i32,
    pub end_lineno: i32,
    pub end_col_offset: i32,
    comp_iter_target: bool,
    comp_iter_expr: i32,
}

impl Block {
    /// Raw flags of a (mangled) name, 0 if the block does not know it (`_PyST_GetSymbol`).
    pub fn flags(&self, name: &str) -> u32 {
        self.symbols.get(name).unwrap_or(0)
    }
    /// The analyzed scope of a (mangled) name (`_PyST_GetScope`).
    pub fn scope(&self, name: &str) -> Scope {
        Scope::from_bits((self.flags(name) >> SCOPE_OFFSET) & SCOPE_MASK)
    }
    /// A function-like block (function, lambda, comprehension): locals are fast locals.
    pub fn is_function(&self) -> bool {
        self.kind == BlockKind::Function
    }
    /// Names with a given scope, sorted (how CPython orders `co_cellvars`/`co_freevars`).
    pub fn names_with_scope(&self, scope: Scope) -> Vec<String> {
        let mut out: Vec<String> = self
            .symbols
            .iter()
            .filter(|(n, _)| self.scope(n) == scope)
            .map(|(n, _)| n.to_string())
            .collect();
        out.sort();
        out
    }
}

/// The symbol tables of one module.
#[derive(Clone, Debug)]
pub struct SymbolTable {
    /// Every block; index 0 is the module.
    pub blocks: Vec<Block>,
    keys: HashMap<NodeKey, BlockId>,
}

impl SymbolTable {
    pub fn top(&self) -> &Block {
        &self.blocks[0]
    }
    pub fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id.0]
    }
    /// The function/class/lambda/comprehension block a node opens.
    pub fn block_for(&self, key: NodeKey) -> Option<BlockId> {
        self.keys.get(&key).copied()
    }
}

/// Why a symbol table could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SymtableError {
    /// A SyntaxError with CPython's message and position (`text` is left None: symtable
    /// errors carry the line only when the source is a readable file).
    Syntax(SyntaxErrorInfo),
    /// `RecursionError: maximum recursion depth exceeded during compilation`.
    Recursion,
    /// `RuntimeError: this compiler does not handle FunctionTypes` (mode `func_type`).
    FunctionType,
}

impl std::fmt::Display for SymtableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SymtableError::Syntax(e) => e.fmt(f),
            SymtableError::Recursion => {
                f.write_str("RecursionError: maximum recursion depth exceeded during compilation")
            }
            SymtableError::FunctionType => {
                f.write_str("RuntimeError: this compiler does not handle FunctionTypes")
            }
        }
    }
}

impl std::error::Error for SymtableError {}

/// `_Py_Mangle`: `__name` inside class `private` becomes `_private__name` (leading
/// underscores of the class name stripped), except dunder names, dotted names and classes
/// named only with underscores.
pub fn mangle<'a>(private: Option<&str>, name: &'a str) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    let Some(class_name) = private else {
        return Cow::Borrowed(name);
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    let stripped = class_name.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{stripped}{name}"))
}

/// Builds the symbol table of `module` (`_PySymtable_Build`). `future_flags` are the
/// `CO_FUTURE_*` bits in effect (only `CO_FUTURE_ANNOTATIONS` matters here).
pub fn build(
    module: &Mod,
    filename: &str,
    future_flags: u32,
) -> Result<SymbolTable, SymtableError> {
    build_with_budget(module, filename, future_flags, RecursionBudget::default())
}

/// [`build`] with an explicit recursion budget (see [`RecursionBudget`]).
pub fn build_with_budget(
    module: &Mod,
    filename: &str,
    future_flags: u32,
    budget: RecursionBudget,
) -> Result<SymbolTable, SymtableError> {
    let _ = filename; // CPython uses it only to read the error line from the file.
    let mut b = Builder {
        blocks: Vec::new(),
        keys: HashMap::default(),
        stack: Vec::new(),
        private: None,
        future_annotations: future_flags & CO_FUTURE_ANNOTATIONS != 0,
        depth: budget.starting_depth,
        limit: budget.limit,
    };
    b.enter_block("top", BlockKind::Module, None, Location::default());
    match module {
        Mod::Module(m) => {
            for s in &m.body {
                b.visit_stmt(s)?;
            }
        }
        Mod::Interactive(m) => {
            for s in &m.body {
                b.visit_stmt(s)?;
            }
        }
        Mod::Expression(m) => b.visit_expr(&m.body)?,
        Mod::FunctionType(_) => return Err(SymtableError::FunctionType),
    }
    b.exit_block();
    let mut table = SymbolTable {
        blocks: b.blocks,
        keys: b.keys,
    };
    analyze(&mut table)?;
    Ok(table)
}

fn ranged_error(msg: String, loc: Location) -> SymtableError {
    SymtableError::Syntax(SyntaxErrorInfo {
        error_type: ErrorType::SyntaxError,
        msg,
        lineno: Some(i64::from(loc.lineno)),
        offset: Some(i64::from(loc.col_offset) + 1),
        end_lineno: Some(i64::from(loc.end_lineno)),
        end_offset: Some(i64::from(loc.end_col_offset) + 1),
        text: None,
    })
}

type Res = Result<(), SymtableError>;

struct Builder<'a> {
    blocks: Vec<Block>,
    keys: HashMap<NodeKey, BlockId>,
    stack: Vec<BlockId>,
    private: Option<&'a str>,
    future_annotations: bool,
    depth: u32,
    limit: u32,
}

impl<'a> Builder<'a> {
    fn cur(&self) -> usize {
        self.stack.last().expect("a block is always open").0
    }

    fn cur_block(&mut self) -> &mut Block {
        let i = self.cur();
        &mut self.blocks[i]
    }

    fn enter_block(&mut self, name: &str, kind: BlockKind, key: Option<NodeKey>, loc: Location) {
        let prev = self.stack.last().copied();
        let (nested, comp_iter_expr) = match prev {
            Some(p) => {
                let pb = &self.blocks[p.0];
                (
                    pb.nested || pb.kind == BlockKind::Function,
                    pb.comp_iter_expr,
                )
            }
            None => (false, 0),
        };
        let id = BlockId(self.blocks.len());
        self.blocks.push(Block {
            kind,
            name: name.to_string(),
            symbols: Symbols::default(),
            varnames: Vec::new(),
            children: Vec::new(),
            parent: prev,
            directives: Vec::new(),
            nested,
            free: false,
            child_free: false,
            generator: false,
            coroutine: false,
            comprehension: ComprehensionKind::None,
            varargs: false,
            varkeywords: false,
            returns_value: false,
            needs_class_closure: false,
            lineno: loc.lineno,
            col_offset: loc.col_offset,
            end_lineno: loc.end_lineno,
            end_col_offset: loc.end_col_offset,
            comp_iter_target: false,
            comp_iter_expr,
        });
        self.stack.push(id);
        // Annotation blocks are reachable from nowhere: CPython keys them by the same node
        // as the function they annotate, and compiles annotations as strings instead.
        if kind == BlockKind::Annotation {
            return;
        }
        if let Some(key) = key {
            self.keys.insert(key, id);
        }
        if let Some(p) = prev {
            self.blocks[p.0].children.push(id);
        }
    }

    fn exit_block(&mut self) {
        self.stack.pop();
    }

    fn lookup(&self, name: &str) -> u32 {
        let mangled = mangle(self.private, name);
        self.blocks[self.cur()].flags(&mangled)
    }

    fn add_def(&mut self, name: &str, flag: u32, loc: Location) -> Res {
        let cur = self.cur();
        self.add_def_in(name, flag, cur, loc)
    }

    /// `symtable_add_def_helper`: records `flag` for `name` in block `block`.
    fn add_def_in(&mut self, name: &str, flag: u32, block: usize, loc: Location) -> Res {
        let mangled = mangle(self.private, name).into_owned();
        let ste = &mut self.blocks[block];
        let mut val = match ste.symbols.get(&mangled) {
            Some(old) => {
                if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
                    return Err(ranged_error(
                        format!("duplicate argument '{name}' in function definition"),
                        loc,
                    ));
                }
                old | flag
            }
            None => flag,
        };
        if ste.comp_iter_target {
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(ranged_error(
                    format!(
                        "comprehension inner loop cannot rebind assignment expression target '{name}'"
                    ),
                    loc,
                ));
            }
            val |= DEF_COMP_ITER;
        }
        ste.symbols.set(&mangled, val);
        if flag & DEF_PARAM != 0 {
            ste.varnames.push(mangled);
        } else if flag & DEF_GLOBAL != 0 {
            let module = &mut self.blocks[0];
            let merged = flag | module.symbols.get(&mangled).unwrap_or(0);
            module.symbols.set(&mangled, merged);
        }
        Ok(())
    }

    fn record_directive(&mut self, name: &str, loc: Location) {
        let mangled = mangle(self.private, name).into_owned();
        self.cur_block().directives.push((mangled, loc));
    }

    fn descend(&mut self) -> Res {
        self.depth += 1;
        if self.depth > self.limit {
            return Err(SymtableError::Recursion);
        }
        Ok(())
    }

    fn visit_stmts(&mut self, stmts: &'a [Stmt]) -> Res {
        stmts.iter().try_for_each(|s| self.visit_stmt(s))
    }

    fn visit_exprs(&mut self, exprs: &'a [Expr]) -> Res {
        exprs.iter().try_for_each(|e| self.visit_expr(e))
    }

    fn visit_optional_exprs(&mut self, exprs: &'a [Option<Expr>]) -> Res {
        exprs.iter().flatten().try_for_each(|e| self.visit_expr(e))
    }

    fn visit_stmt(&mut self, s: &'a Stmt) -> Res {
        self.descend()?;
        self.visit_stmt_inner(s)?;
        self.depth -= 1;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn visit_function(
        &mut self,
        s: &'a Stmt,
        name: &'a str,
        args: &'a Arguments,
        body: &'a [Stmt],
        decorators: &'a [Expr],
        returns: Option<&'a Expr>,
        is_async: bool,
    ) -> Res {
        self.add_def(name, DEF_LOCAL, s.location)?;
        self.visit_exprs(&args.defaults)?;
        self.visit_optional_exprs(&args.kw_defaults)?;
        self.visit_annotations(s, args, returns)?;
        self.visit_exprs(decorators)?;
        self.enter_block(
            name,
            BlockKind::Function,
            Some(NodeKey::of_stmt(s)),
            s.location,
        );
        if is_async {
            self.cur_block().coroutine = true;
        }
        self.visit_arguments(args)?;
        self.visit_stmts(body)?;
        self.exit_block();
        Ok(())
    }

    fn visit_stmt_inner(&mut self, s: &'a Stmt) -> Res {
        match &s.kind {
            StmtKind::FunctionDef(f) => self.visit_function(
                s,
                &f.name,
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                false,
            )?,
            StmtKind::AsyncFunctionDef(f) => self.visit_function(
                s,
                &f.name,
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                true,
            )?,
            StmtKind::ClassDef(c) => {
                self.add_def(&c.name, DEF_LOCAL, s.location)?;
                self.visit_exprs(&c.bases)?;
                for k in &c.keywords {
                    self.visit_expr(&k.value)?;
                }
                self.visit_exprs(&c.decorator_list)?;
                self.enter_block(
                    &c.name,
                    BlockKind::Class,
                    Some(NodeKey::of_stmt(s)),
                    s.location,
                );
                let saved = self.private.replace(&c.name);
                self.visit_stmts(&c.body)?;
                self.private = saved;
                self.exit_block();
            }
            StmtKind::Return(r) => {
                if let Some(v) = &r.value {
                    self.visit_expr(v)?;
                    self.cur_block().returns_value = true;
                }
            }
            StmtKind::Delete(d) => self.visit_exprs(&d.targets)?,
            StmtKind::Assign(a) => {
                self.visit_exprs(&a.targets)?;
                self.visit_expr(&a.value)?;
            }
            StmtKind::AnnAssign(a) => {
                if let ExprKind::Name(target) = &a.target.kind {
                    let cur = self.lookup(&target.id);
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && self.cur() != 0 && a.simple != 0 {
                        let msg = if cur & DEF_GLOBAL != 0 {
                            format!("annotated name '{}' can't be global", target.id)
                        } else {
                            format!("annotated name '{}' can't be nonlocal", target.id)
                        };
                        return Err(ranged_error(msg, s.location));
                    }
                    if a.simple != 0 {
                        self.add_def(&target.id, DEF_ANNOT | DEF_LOCAL, a.target.location)?;
                    }
                    if a.value.is_some() {
                        self.add_def(&target.id, DEF_LOCAL, a.target.location)?;
                    }
                } else {
                    self.visit_expr(&a.target)?;
                }
                self.visit_annotation(&a.annotation)?;
                if let Some(v) = &a.value {
                    self.visit_expr(v)?;
                }
            }
            StmtKind::AugAssign(a) => {
                self.visit_expr(&a.target)?;
                self.visit_expr(&a.value)?;
            }
            StmtKind::For(f) => {
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.visit_stmts(&f.body)?;
                self.visit_stmts(&f.orelse)?;
            }
            StmtKind::AsyncFor(f) => {
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.visit_stmts(&f.body)?;
                self.visit_stmts(&f.orelse)?;
            }
            StmtKind::While(w) => {
                self.visit_expr(&w.test)?;
                self.visit_stmts(&w.body)?;
                self.visit_stmts(&w.orelse)?;
            }
            StmtKind::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_stmts(&i.body)?;
                self.visit_stmts(&i.orelse)?;
            }
            StmtKind::Match(m) => {
                self.visit_expr(&m.subject)?;
                for case in &m.cases {
                    self.visit_match_case(case)?;
                }
            }
            StmtKind::Raise(r) => {
                if let Some(exc) = &r.exc {
                    self.visit_expr(exc)?;
                    if let Some(cause) = &r.cause {
                        self.visit_expr(cause)?;
                    }
                }
            }
            StmtKind::Try(t) => {
                self.visit_stmts(&t.body)?;
                self.visit_stmts(&t.orelse)?;
                for h in &t.handlers {
                    self.visit_handler(h)?;
                }
                self.visit_stmts(&t.finalbody)?;
            }
            StmtKind::TryStar(t) => {
                self.visit_stmts(&t.body)?;
                self.visit_stmts(&t.orelse)?;
                for h in &t.handlers {
                    self.visit_handler(h)?;
                }
                self.visit_stmts(&t.finalbody)?;
            }
            StmtKind::Assert(a) => {
                self.visit_expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.visit_expr(m)?;
                }
            }
            StmtKind::Import(i) => {
                for a in &i.names {
                    self.visit_alias(a)?;
                }
            }
            StmtKind::ImportFrom(i) => {
                for a in &i.names {
                    self.visit_alias(a)?;
                }
            }
            StmtKind::Global(g) => self.visit_declaration(s, &g.names, true)?,
            StmtKind::Nonlocal(n) => self.visit_declaration(s, &n.names, false)?,
            StmtKind::Expr(e) => self.visit_expr(&e.value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::With(w) => {
                self.visit_withitems(&w.items)?;
                self.visit_stmts(&w.body)?;
            }
            StmtKind::AsyncWith(w) => {
                self.visit_withitems(&w.items)?;
                self.visit_stmts(&w.body)?;
            }
        }
        Ok(())
    }

    fn visit_declaration(&mut self, s: &Stmt, names: &[String], global: bool) -> Res {
        let (word, flag) = if global {
            ("global", DEF_GLOBAL)
        } else {
            ("nonlocal", DEF_NONLOCAL)
        };
        for name in names {
            let cur = self.lookup(name);
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                let msg = if cur & DEF_PARAM != 0 {
                    format!("name '{name}' is parameter and {word}")
                } else if cur & USE != 0 {
                    format!("name '{name}' is used prior to {word} declaration")
                } else if cur & DEF_ANNOT != 0 {
                    format!("annotated name '{name}' can't be {word}")
                } else {
                    format!("name '{name}' is assigned to before {word} declaration")
                };
                return Err(ranged_error(msg, s.location));
            }
            self.add_def(name, flag, s.location)?;
            self.record_directive(name, s.location);
        }
        Ok(())
    }

    fn visit_withitems(&mut self, items: &'a [WithItem]) -> Res {
        for item in items {
            self.visit_expr(&item.context_expr)?;
            if let Some(v) = &item.optional_vars {
                self.visit_expr(v)?;
            }
        }
        Ok(())
    }

    fn visit_handler(&mut self, h: &'a ExceptHandler) -> Res {
        if let Some(t) = &h.type_ {
            self.visit_expr(t)?;
        }
        if let Some(name) = &h.name {
            self.add_def(name, DEF_LOCAL, h.location)?;
        }
        self.visit_stmts(&h.body)
    }

    fn visit_match_case(&mut self, case: &'a MatchCase) -> Res {
        self.visit_pattern(&case.pattern)?;
        if let Some(g) = &case.guard {
            self.visit_expr(g)?;
        }
        self.visit_stmts(&case.body)
    }

    fn visit_pattern(&mut self, p: &'a Pattern) -> Res {
        self.descend()?;
        match &p.kind {
            PatternKind::MatchValue(v) => self.visit_expr(&v.value)?,
            PatternKind::MatchSingleton(_) => {}
            PatternKind::MatchSequence(s) => {
                for q in &s.patterns {
                    self.visit_pattern(q)?;
                }
            }
            PatternKind::MatchStar(s) => {
                if let Some(name) = &s.name {
                    self.add_def(name, DEF_LOCAL, p.location)?;
                }
            }
            PatternKind::MatchMapping(m) => {
                self.visit_exprs(&m.keys)?;
                for q in &m.patterns {
                    self.visit_pattern(q)?;
                }
                if let Some(rest) = &m.rest {
                    self.add_def(rest, DEF_LOCAL, p.location)?;
                }
            }
            PatternKind::MatchClass(c) => {
                self.visit_expr(&c.cls)?;
                for q in c.patterns.iter().chain(&c.kwd_patterns) {
                    self.visit_pattern(q)?;
                }
            }
            PatternKind::MatchAs(a) => {
                if let Some(q) = &a.pattern {
                    self.visit_pattern(q)?;
                }
                if let Some(name) = &a.name {
                    self.add_def(name, DEF_LOCAL, p.location)?;
                }
            }
            PatternKind::MatchOr(o) => {
                for q in &o.patterns {
                    self.visit_pattern(q)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn visit_alias(&mut self, a: &Alias) -> Res {
        let name = a.asname.as_deref().unwrap_or(&a.name);
        if name == "*" {
            if self.blocks[self.cur()].kind != BlockKind::Module {
                return Err(ranged_error(
                    "import * only allowed at module level".to_string(),
                    a.location,
                ));
            }
            return Ok(());
        }
        let store_name = name.split('.').next().unwrap_or(name);
        self.add_def(store_name, DEF_IMPORT, a.location)
    }

    /// An annotation outside a function signature (`x: T`, `-> T`).
    fn visit_annotation(&mut self, annotation: &'a Expr) -> Res {
        if self.future_annotations {
            self.enter_block(
                "_annotation",
                BlockKind::Annotation,
                None,
                annotation.location,
            );
        }
        self.visit_expr(annotation)?;
        if self.future_annotations {
            self.exit_block();
        }
        Ok(())
    }

    fn visit_arg_annotations(&mut self, args: &'a [Arg]) -> Res {
        for a in args {
            if let Some(ann) = &a.annotation {
                self.visit_expr(ann)?;
            }
        }
        Ok(())
    }

    /// The annotations of a function's parameters and return, evaluated where the
    /// function is defined.
    fn visit_annotations(&mut self, s: &Stmt, a: &'a Arguments, returns: Option<&'a Expr>) -> Res {
        if self.future_annotations {
            self.enter_block("_annotation", BlockKind::Annotation, None, s.location);
        }
        self.visit_arg_annotations(&a.posonlyargs)?;
        self.visit_arg_annotations(&a.args)?;
        if let Some(ann) = a.vararg.as_ref().and_then(|v| v.annotation.as_ref()) {
            self.visit_expr(ann)?;
        }
        if let Some(ann) = a.kwarg.as_ref().and_then(|v| v.annotation.as_ref()) {
            self.visit_expr(ann)?;
        }
        self.visit_arg_annotations(&a.kwonlyargs)?;
        if self.future_annotations {
            self.exit_block();
        }
        if let Some(r) = returns {
            self.visit_annotation(r)?;
        }
        Ok(())
    }

    /// The parameters, inside the function's block.
    fn visit_arguments(&mut self, a: &Arguments) -> Res {
        for arg in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            self.add_def(&arg.arg, DEF_PARAM, arg.location)?;
        }
        if let Some(v) = &a.vararg {
            self.add_def(&v.arg, DEF_PARAM, v.location)?;
            self.cur_block().varargs = true;
        }
        if let Some(k) = &a.kwarg {
            self.add_def(&k.arg, DEF_PARAM, k.location)?;
            self.cur_block().varkeywords = true;
        }
        Ok(())
    }

    fn raise_if_annotation_block(&self, what: &str, e: &Expr) -> Res {
        if self.blocks[self.cur()].kind == BlockKind::Annotation {
            return Err(ranged_error(
                format!("'{what}' can not be used within an annotation"),
                e.location,
            ));
        }
        Ok(())
    }

    fn visit_expr(&mut self, e: &'a Expr) -> Res {
        self.descend()?;
        self.visit_expr_inner(e)?;
        self.depth -= 1;
        Ok(())
    }

    fn visit_expr_inner(&mut self, e: &'a Expr) -> Res {
        match &e.kind {
            ExprKind::NamedExpr(n) => {
                self.raise_if_annotation_block("named expression", e)?;
                if self.blocks[self.cur()].comp_iter_expr > 0 {
                    return Err(ranged_error(
                        "assignment expression cannot be used in a comprehension iterable expression"
                            .to_string(),
                        e.location,
                    ));
                }
                if self.blocks[self.cur()].comprehension != ComprehensionKind::None {
                    self.extend_namedexpr_scope(&n.target)?;
                }
                self.visit_expr(&n.value)?;
                self.visit_expr(&n.target)?;
            }
            ExprKind::BoolOp(b) => self.visit_exprs(&b.values)?,
            ExprKind::BinOp(b) => {
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)?;
            }
            ExprKind::UnaryOp(u) => self.visit_expr(&u.operand)?,
            ExprKind::Lambda(l) => {
                self.visit_exprs(&l.args.defaults)?;
                self.visit_optional_exprs(&l.args.kw_defaults)?;
                self.enter_block(
                    "lambda",
                    BlockKind::Function,
                    Some(NodeKey::of_expr(e)),
                    e.location,
                );
                self.visit_arguments(&l.args)?;
                self.visit_expr(&l.body)?;
                self.exit_block();
            }
            ExprKind::IfExp(i) => {
                self.visit_expr(&i.test)?;
                self.visit_expr(&i.body)?;
                self.visit_expr(&i.orelse)?;
            }
            ExprKind::Dict(d) => {
                self.visit_optional_exprs(&d.keys)?;
                self.visit_exprs(&d.values)?;
            }
            ExprKind::Set(s) => self.visit_exprs(&s.elts)?,
            ExprKind::GeneratorExp(g) => self.visit_comprehension(
                e,
                "genexpr",
                ComprehensionKind::Generator,
                &g.generators,
                &g.elt,
                None,
            )?,
            ExprKind::ListComp(g) => self.visit_comprehension(
                e,
                "listcomp",
                ComprehensionKind::List,
                &g.generators,
                &g.elt,
                None,
            )?,
            ExprKind::SetComp(g) => self.visit_comprehension(
                e,
                "setcomp",
                ComprehensionKind::Set,
                &g.generators,
                &g.elt,
                None,
            )?,
            ExprKind::DictComp(g) => self.visit_comprehension(
                e,
                "dictcomp",
                ComprehensionKind::Dict,
                &g.generators,
                &g.key,
                Some(&g.value),
            )?,
            ExprKind::Yield(y) => {
                self.raise_if_annotation_block("yield expression", e)?;
                if let Some(v) = &y.value {
                    self.visit_expr(v)?;
                }
                self.yield_seen(e)?;
            }
            ExprKind::YieldFrom(y) => {
                self.raise_if_annotation_block("yield expression", e)?;
                self.visit_expr(&y.value)?;
                self.yield_seen(e)?;
            }
            ExprKind::Await(a) => {
                self.raise_if_annotation_block("await expression", e)?;
                self.visit_expr(&a.value)?;
                self.cur_block().coroutine = true;
            }
            ExprKind::Compare(c) => {
                self.visit_expr(&c.left)?;
                self.visit_exprs(&c.comparators)?;
            }
            ExprKind::Call(c) => {
                self.visit_expr(&c.func)?;
                self.visit_exprs(&c.args)?;
                for k in &c.keywords {
                    self.visit_expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue(f) => {
                self.visit_expr(&f.value)?;
                if let Some(spec) = &f.format_spec {
                    self.visit_expr(spec)?;
                }
            }
            ExprKind::JoinedStr(j) => self.visit_exprs(&j.values)?,
            ExprKind::Constant(_) => {}
            ExprKind::Attribute(a) => self.visit_expr(&a.value)?,
            ExprKind::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
            }
            ExprKind::Starred(s) => self.visit_expr(&s.value)?,
            ExprKind::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.visit_expr(part)?;
                }
            }
            ExprKind::Name(n) => {
                let flag = if n.ctx == ExprContext::Load {
                    USE
                } else {
                    DEF_LOCAL
                };
                self.add_def(&n.id, flag, e.location)?;
                // `super()` needs the `__class__` cell, so it counts as a use of it.
                if n.ctx == ExprContext::Load
                    && self.blocks[self.cur()].kind == BlockKind::Function
                    && n.id == "super"
                {
                    self.add_def("__class__", USE, e.location)?;
                }
            }
            ExprKind::List(l) => self.visit_exprs(&l.elts)?,
            ExprKind::Tuple(t) => self.visit_exprs(&t.elts)?,
        }
        Ok(())
    }

    fn yield_seen(&mut self, e: &Expr) -> Res {
        let block = self.cur_block();
        block.generator = true;
        let what = match block.comprehension {
            ComprehensionKind::None => return Ok(()),
            ComprehensionKind::List => "list comprehension",
            ComprehensionKind::Set => "set comprehension",
            ComprehensionKind::Dict => "dict comprehension",
            ComprehensionKind::Generator => "generator expression",
        };
        Err(ranged_error(format!("'yield' inside {what}"), e.location))
    }

    /// A walrus in a comprehension binds in the nearest enclosing function or module.
    fn extend_namedexpr_scope(&mut self, target: &Expr) -> Res {
        let ExprKind::Name(name) = &target.kind else {
            // The parser only allows a name here; other targets have nothing to extend.
            return Ok(());
        };
        let id = name.id.as_str();
        let loc = target.location;
        for i in (0..self.stack.len()).rev() {
            let ste = self.stack[i].0;
            let block = &self.blocks[ste];
            if block.comprehension != ComprehensionKind::None {
                if block.flags(id) & DEF_COMP_ITER != 0 {
                    return Err(ranged_error(
                        format!("assignment expression cannot rebind comprehension iteration variable '{id}'"),
                        loc,
                    ));
                }
                continue;
            }
            match block.kind {
                BlockKind::Function => {
                    let flag = if block.flags(id) & DEF_GLOBAL != 0 {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    self.add_def(id, flag, loc)?;
                    self.record_directive(id, loc);
                    return self.add_def_in(id, DEF_LOCAL, ste, loc);
                }
                BlockKind::Module => {
                    self.add_def(id, DEF_GLOBAL, loc)?;
                    self.record_directive(id, loc);
                    return self.add_def_in(id, DEF_GLOBAL, ste, loc);
                }
                BlockKind::Class => {
                    return Err(ranged_error(
                        "assignment expression within a comprehension cannot be used in a class body"
                            .to_string(),
                        loc,
                    ));
                }
                // An annotation block is neither: CPython keeps looking outwards.
                BlockKind::Annotation => {}
            }
        }
        Ok(())
    }

    fn visit_comprehension(
        &mut self,
        e: &'a Expr,
        name: &str,
        kind: ComprehensionKind,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> Res {
        let is_generator = kind == ComprehensionKind::Generator;
        let Some(outermost) = generators.first() else {
            // `compile()` of a hand-made tree rejects this before the symbol table.
            return Ok(());
        };
        // The outermost iterable is evaluated in the enclosing scope.
        self.cur_block().comp_iter_expr += 1;
        self.visit_expr(&outermost.iter)?;
        self.cur_block().comp_iter_expr -= 1;
        self.enter_block(
            name,
            BlockKind::Function,
            Some(NodeKey::of_expr(e)),
            e.location,
        );
        self.cur_block().comprehension = kind;
        if outermost.is_async != 0 {
            self.cur_block().coroutine = true;
        }
        // The outermost iterator arrives as the implicit parameter `.0`.
        let block_loc = {
            let b = &self.blocks[self.cur()];
            Location {
                lineno: b.lineno,
                col_offset: b.col_offset,
                end_lineno: b.end_lineno,
                end_col_offset: b.end_col_offset,
            }
        };
        self.add_def(".0", DEF_PARAM, block_loc)?;
        self.cur_block().comp_iter_target = true;
        self.visit_expr(&outermost.target)?;
        self.cur_block().comp_iter_target = false;
        self.visit_exprs(&outermost.ifs)?;
        for g in &generators[1..] {
            self.cur_block().comp_iter_target = true;
            self.visit_expr(&g.target)?;
            self.cur_block().comp_iter_target = false;
            self.cur_block().comp_iter_expr += 1;
            self.visit_expr(&g.iter)?;
            self.cur_block().comp_iter_expr -= 1;
            self.visit_exprs(&g.ifs)?;
            if g.is_async != 0 {
                self.cur_block().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.visit_expr(v)?;
        }
        self.visit_expr(elt)?;
        let block = self.cur_block();
        block.generator = is_generator;
        let is_async = block.coroutine && !is_generator;
        self.exit_block();
        if is_async {
            self.cur_block().coroutine = true;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// The second pass: scopes.

type NameSet = HashSet<String>;

fn analyze(table: &mut SymbolTable) -> Res {
    let mut free = NameSet::default();
    let mut global = NameSet::default();
    analyze_block(table, 0, None, &mut free, &mut global)
}

fn directive_error(block: &Block, name: &str, msg: String) -> SymtableError {
    match block.directives.iter().find(|(n, _)| n == name) {
        Some((_, loc)) => ranged_error(msg, *loc),
        // Every global/nonlocal flag comes with a directive; keep the message regardless.
        None => SymtableError::Syntax(SyntaxErrorInfo::message_only(msg)),
    }
}

/// `analyze_name`: the scope of one name of `block`, given the names bound in enclosing
/// functions (`bound`, None at module level) and the explicit globals seen so far.
#[allow(clippy::too_many_arguments)]
fn analyze_name(
    block: &mut Block,
    scopes: &mut HashMap<String, Scope>,
    name: &str,
    flags: u32,
    mut bound: Option<&mut NameSet>,
    local: &mut NameSet,
    free: &mut NameSet,
    global: &mut NameSet,
) -> Res {
    if flags & DEF_GLOBAL != 0 {
        if flags & DEF_NONLOCAL != 0 {
            return Err(directive_error(
                block,
                name,
                format!("name '{name}' is nonlocal and global"),
            ));
        }
        scopes.insert(name.to_string(), Scope::GlobalExplicit);
        global.insert(name.to_string());
        if let Some(b) = bound.as_deref_mut() {
            b.remove(name);
        }
        return Ok(());
    }
    if flags & DEF_NONLOCAL != 0 {
        let Some(b) = bound.as_deref() else {
            return Err(directive_error(
                block,
                name,
                "nonlocal declaration not allowed at module level".to_string(),
            ));
        };
        if !b.contains(name) {
            return Err(directive_error(
                block,
                name,
                format!("no binding for nonlocal '{name}' found"),
            ));
        }
        scopes.insert(name.to_string(), Scope::Free);
        block.free = true;
        free.insert(name.to_string());
        return Ok(());
    }
    if flags & DEF_BOUND != 0 {
        scopes.insert(name.to_string(), Scope::Local);
        local.insert(name.to_string());
        global.remove(name);
        return Ok(());
    }
    if bound.as_deref().is_some_and(|b| b.contains(name)) {
        scopes.insert(name.to_string(), Scope::Free);
        block.free = true;
        free.insert(name.to_string());
        return Ok(());
    }
    if global.contains(name) {
        scopes.insert(name.to_string(), Scope::GlobalImplicit);
        return Ok(());
    }
    if block.nested {
        block.free = true;
    }
    scopes.insert(name.to_string(), Scope::GlobalImplicit);
    Ok(())
}

fn analyze_block(
    table: &mut SymbolTable,
    id: usize,
    mut bound: Option<&mut NameSet>,
    free: &mut NameSet,
    global: &mut NameSet,
) -> Res {
    let mut local = NameSet::default();
    let mut scopes: HashMap<String, Scope> = HashMap::default();
    let mut newglobal = NameSet::default();
    let mut newfree = NameSet::default();
    let mut newbound = NameSet::default();
    let kind = table.blocks[id].kind;

    // A class body's names are invisible to its methods: what children see is fixed
    // before the class's own names are looked at.
    if kind == BlockKind::Class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = bound.as_deref() {
            newbound.extend(b.iter().cloned());
        }
    }

    let entries: Vec<(String, u32)> = table.blocks[id]
        .symbols
        .iter()
        .map(|(n, f)| (n.to_string(), f))
        .collect();
    for (name, flags) in &entries {
        analyze_name(
            &mut table.blocks[id],
            &mut scopes,
            name,
            *flags,
            bound.as_deref_mut(),
            &mut local,
            free,
            global,
        )?;
    }

    if kind != BlockKind::Class {
        if kind == BlockKind::Function {
            newbound.extend(local.iter().cloned());
        }
        if let Some(b) = bound.as_deref() {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert("__class__".to_string());
    }

    let mut allfree = NameSet::default();
    let children = table.blocks[id].children.clone();
    for child in children {
        // Each child works on copies: bindings seen by one child do not leak to the next.
        let mut temp_bound = newbound.clone();
        let mut temp_free = newfree.clone();
        let mut temp_global = newglobal.clone();
        analyze_block(
            table,
            child.0,
            Some(&mut temp_bound),
            &mut temp_free,
            &mut temp_global,
        )?;
        allfree.extend(temp_free);
        let c = &table.blocks[child.0];
        if c.free || c.child_free {
            table.blocks[id].child_free = true;
        }
    }
    newfree.extend(allfree);

    if kind == BlockKind::Function {
        // Locals that children use freely become cells.
        for (name, scope) in scopes.iter_mut() {
            if *scope == Scope::Local && newfree.remove(name) {
                *scope = Scope::Cell;
            }
        }
    } else if kind == BlockKind::Class && newfree.remove("__class__") {
        table.blocks[id].needs_class_closure = true;
    }

    update_symbols(
        &mut table.blocks[id],
        &scopes,
        bound.as_deref(),
        &newfree,
        kind == BlockKind::Class,
    );
    free.extend(newfree);
    Ok(())
}

/// `update_symbols`: stores the scopes in the flags and records the free names of children
/// that pass through this block.
fn update_symbols(
    block: &mut Block,
    scopes: &HashMap<String, Scope>,
    bound: Option<&NameSet>,
    free: &NameSet,
    is_class: bool,
) {
    for entry in block.symbols.entries.iter_mut() {
        let scope = scopes.get(&entry.0).copied().unwrap_or(Scope::Unknown);
        entry.1 |= (scope as u32) << SCOPE_OFFSET;
    }
    let mut names: Vec<&String> = free.iter().collect();
    names.sort();
    for name in names {
        if let Some(flags) = block.symbols.get(name) {
            // A method's free variable named like a class-level name.
            if is_class && flags & (DEF_BOUND | DEF_GLOBAL) != 0 {
                block.symbols.set(name, flags | DEF_FREE_CLASS);
            }
            continue;
        }
        if bound.is_some_and(|b| !b.contains(name.as_str())) {
            continue; // a global
        }
        block
            .symbols
            .set(name, (Scope::Free as u32) << SCOPE_OFFSET);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mangling() {
        assert_eq!(mangle(Some("C"), "__x"), "_C__x");
        assert_eq!(mangle(Some("__C"), "__x"), "_C__x");
        assert_eq!(mangle(Some("___"), "__x"), "__x");
        assert_eq!(mangle(Some("C"), "__x__"), "__x__");
        assert_eq!(mangle(Some("C"), "__"), "__");
        assert_eq!(mangle(Some("C"), "__a.b"), "__a.b");
        assert_eq!(mangle(Some("C"), "_x"), "_x");
        assert_eq!(mangle(None, "__x"), "__x");
    }
}
