//! The compiler: Python 3.11 source to code objects equal to CPython 3.11's.
//!
//! It owns tokenizing, parsing, the AST, symbol tables, code generation and marshal, and
//! depends on nothing of the runtime's objects: it produces plain Rust values that the
//! runtime turns into Python objects.
