//! What code generation needs to know about a scope, taken from the symbol table: the
//! block type, each name's scope, local/cell/free variable lists in CPython's order, and
//! the block's generator/coroutine/varargs flags.

use crate::fxhash::FxMap as HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    Module,
    Class,
    Function,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
    /// The name is not in the block's symbols (CPython's scope 0).
    Unknown,
}

#[derive(Clone, Debug)]
pub struct UnitScope {
    pub block_type: BlockType,
    /// Parameters first, then other locals, in symbol-table order (`ste_varnames`).
    pub varnames: Vec<String>,
    /// Names with scope CELL, sorted (`dictbytype(symbols, CELL)`).
    pub cellvars: Vec<String>,
    /// Names with scope FREE or flag DEF_FREE_CLASS, sorted.
    pub freevars: Vec<String>,
    pub scopes: HashMap<String, Scope>,
    pub nested: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub varargs: bool,
    pub varkeywords: bool,
    pub needs_class_closure: bool,
}

impl UnitScope {
    pub fn scope(&self, name: &str) -> Scope {
        self.scopes.get(name).copied().unwrap_or(Scope::Unknown)
    }
}

/// The symbol-table view code generation works from.
pub trait ScopeSource {
    fn module_scope(&self) -> UnitScope;
    /// The scope of a function or class definition.
    fn stmt_scope(&self, stmt: &crate::ast::Stmt) -> Option<UnitScope>;
    /// The scope of a lambda or comprehension.
    fn expr_scope(&self, expr: &crate::ast::Expr) -> Option<UnitScope>;
    /// Whether the module binds `name` by an import (DEF_IMPORT in the top block).
    fn is_module_import(&self, name: &str) -> bool;
}

// ---------------------------------------------------------------------------------------
// The real symbol table (crate::symtable) as a ScopeSource.

use crate::symtable::{self, SymbolTable, DEF_FREE_CLASS, DEF_IMPORT};

fn unit_scope_of(block: &symtable::Block) -> UnitScope {
    let block_type = match block.kind {
        symtable::BlockKind::Module => BlockType::Module,
        symtable::BlockKind::Class => BlockType::Class,
        _ => BlockType::Function,
    };
    let mut scopes = HashMap::default();
    let mut cellvars = Vec::new();
    let mut freevars = Vec::new();
    for (name, flags) in block.symbols.iter() {
        let sc = match block.scope(name) {
            symtable::Scope::Local => Scope::Local,
            symtable::Scope::GlobalExplicit => Scope::GlobalExplicit,
            symtable::Scope::GlobalImplicit => Scope::GlobalImplicit,
            symtable::Scope::Free => Scope::Free,
            symtable::Scope::Cell => Scope::Cell,
            symtable::Scope::Unknown => Scope::Unknown,
        };
        if sc == Scope::Cell {
            cellvars.push(name.to_owned());
        }
        if sc == Scope::Free || flags & DEF_FREE_CLASS != 0 {
            freevars.push(name.to_owned());
        }
        scopes.insert(name.to_owned(), sc);
    }
    cellvars.sort();
    freevars.sort();
    UnitScope {
        block_type,
        varnames: block.varnames.clone(),
        cellvars,
        freevars,
        scopes,
        nested: block.nested,
        generator: block.generator,
        coroutine: block.coroutine,
        varargs: block.varargs,
        varkeywords: block.varkeywords,
        needs_class_closure: block.needs_class_closure,
    }
}

impl ScopeSource for SymbolTable {
    fn module_scope(&self) -> UnitScope {
        unit_scope_of(self.top())
    }
    fn stmt_scope(&self, stmt: &crate::ast::Stmt) -> Option<UnitScope> {
        let id = self.block_for(symtable::NodeKey::of_stmt(stmt))?;
        Some(unit_scope_of(self.block(id)))
    }
    fn expr_scope(&self, expr: &crate::ast::Expr) -> Option<UnitScope> {
        let id = self.block_for(symtable::NodeKey::of_expr(expr))?;
        Some(unit_scope_of(self.block(id)))
    }
    fn is_module_import(&self, name: &str) -> bool {
        self.top().flags(name) & DEF_IMPORT != 0
    }
}
