//! The compiler: Python 3.11 source to code objects equal to CPython 3.11's.
//!
//! It owns tokenizing, parsing, the AST, symbol tables, code generation and marshal, and
//! depends on nothing of the runtime's objects: it produces plain Rust values that the
//! runtime turns into Python objects.
//!
//! Done so far: [`source`] (decoding: BOM, PEP 263 cookies, newline translation) and
//! [`tokenizer`] (CPython 3.11's C tokenizer, plus a `tokenize`-module-shaped view), with
//! errors as [`error::SyntaxErrorInfo`], and [`parser`] (CPython 3.11's PEG grammar to the
//! [`ast`], with its SyntaxErrors); [`future`] (`from __future__` scanning), [`optimizer`]
//! (3.11's AST optimizer: constant folding and its rewrites, on [`int::Int`] arithmetic)
//! and [`symtable`] (3.11's symbol tables and their SyntaxErrors).

pub mod ast;
pub mod codegen;
pub mod error;
pub mod future;
pub mod fxhash;
pub mod int;
pub mod pystr;
pub mod marshal;
pub mod parser;
pub mod optimizer;
pub mod source;
pub mod symtable;
pub mod tokenizer;

/// `compile(source, filename, mode, flags, dont_inherit=True, optimize)`: source bytes to
/// a code object (see [`codegen::compile_source`]).
pub use codegen::compile_source as compile;
