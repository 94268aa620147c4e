//! Code generation: from the AST (after symbol analysis) to CPython 3.11 code objects,
//! equal field for field to what CPython's `compile()` makes.
//!
//! - [`opcode`]: 3.11's opcode numbers, inline caches, stack effects.
//! - [`cfg`]: instructions in basic blocks, as code generation emits them.
//! - [`consts`]: a unit's constants, merged like CPython's constant keys.
//! - [`assemble`]: flow-graph optimizations and the assembler (bytecode, location and
//!   exception tables, stack depth, localsplus layout).
//! - [`compile`]: the code generator proper (every statement, expression and pattern),
//!   its SyntaxErrors and SyntaxWarnings; [`scope`]: what it reads from the symbol table;
//!   [`unparse`]: annotations as strings (`from __future__ import annotations`).
//! - [`diff`]: field-by-field comparison of code objects (tests, `compiler-diff`).
//!
//! Entry points: [`compile_source`] (bytes -> code object, the whole pipeline),
//! [`optimize_and_compile`] (a tree, as `compile(ast_tree, ...)`), [`compile_module`]
//! (an already optimized tree). Errors are [`SyntaxErrorInfo`]; a compile-time
//! RecursionError comes back as a message-only error whose text starts with
//! `RecursionError:` (SyntaxErrorInfo has no other exception class). The `text` attribute
//! of compiler errors is left None: CPython reads it from the file, which only the runtime
//! can do.

pub mod assemble;
pub mod cfg;
pub mod compile;
pub mod consts;
pub mod opcode;
pub mod scope;
pub mod unparse;

pub use compile::{CompileWarning, Compiler};

use crate::ast::Mod;
use crate::error::SyntaxErrorInfo;
use crate::marshal::Value;

/// What compiling a module gives: the code object (a marshal value holding a `Code`) and
/// the SyntaxWarnings emitted on the way.
pub struct CompiledModule {
    pub code: Value,
    pub warnings: Vec<CompileWarning>,
}

/// Compiles an AST (already optimized by the AST optimizer, as `compile()` does) to a
/// code object: future features, symbol table, code generation, assembly.
/// `flags` are the `PyCF_*`/`CO_FUTURE_*` compiler flags in effect; `optimize` is `-O`'s
/// level (0, 1, 2).
pub fn compile_module(
    module: &Mod,
    filename: &str,
    flags: i32,
    optimize: i32,
) -> Result<CompiledModule, SyntaxErrorInfo> {
    let ff = crate::future::from_ast(module)?;
    let merged = flags | ff.features as i32;
    let table = crate::symtable::build(module, filename, merged as u32).map_err(|e| match e {
        crate::symtable::SymtableError::Syntax(s) => s,
        other => SyntaxErrorInfo::message_only(other.to_string()),
    })?;
    let mut c = Compiler::new(&table, filename, merged, ff.lineno, optimize);
    let code = c.compile_mod(module)?;
    Ok(CompiledModule {
        code,
        warnings: c.warnings,
    })
}

/// What `compile()` does to a tree before code generation: the AST optimizer (constant
/// folding) when the crate has one, then [`compile_module`].
pub fn optimize_and_compile(
    module: &mut Mod,
    filename: &str,
    flags: i32,
    optimize: i32,
) -> Result<CompiledModule, SyntaxErrorInfo> {
    let ff = crate::future::from_ast(module)?;
    crate::optimizer::optimize(module, optimize, (flags | ff.features as i32) as u32)
        .map_err(|e| SyntaxErrorInfo::message_only(format!("RecursionError: {e}")))?;
    compile_module(module, filename, flags, optimize)
}

pub mod diff;

/// `compile(source, filename, mode, flags, dont_inherit=True, optimize)` on source bytes:
/// decoding, parsing, AST optimization, symbol table, code generation. `flags` are
/// `PyCF_*` and `CO_FUTURE_*` bits (`PyCF_TYPE_COMMENTS` reaches the parser,
/// `PyCF_ALLOW_TOP_LEVEL_AWAIT` the code generator).
pub fn compile_source(
    source: &[u8],
    filename: &str,
    mode: crate::parser::Mode,
    flags: i32,
    optimize: i32,
) -> Result<CompiledModule, SyntaxErrorInfo> {
    let parser_flags = crate::parser::ParserFlags {
        type_comments: flags & 0x1000 != 0,
        ..crate::parser::ParserFlags::default()
    };
    let mut module = crate::parser::parse_bytes(source, filename, mode, parser_flags)?;
    optimize_and_compile(&mut module, filename, flags, optimize)
}
