//! `from __future__ import ...` at the top of a module: which features it turns on (the
//! `CO_FUTURE_*` flags of CPython 3.11) and the SyntaxErrors CPython's `Python/future.c`
//! raises while scanning for them. The later check that no future import appears after
//! other code (with its end position) belongs to the code generator, as in CPython.

use crate::ast::{ConstantValue, ExprKind, Mod, Stmt, StmtKind};
use crate::error::{ErrorType, SyntaxErrorInfo};

pub const CO_FUTURE_DIVISION: u32 = 0x20000;
pub const CO_FUTURE_ABSOLUTE_IMPORT: u32 = 0x40000;
pub const CO_FUTURE_WITH_STATEMENT: u32 = 0x80000;
pub const CO_FUTURE_PRINT_FUNCTION: u32 = 0x100000;
pub const CO_FUTURE_UNICODE_LITERALS: u32 = 0x200000;
pub const CO_FUTURE_BARRY_AS_BDFL: u32 = 0x400000;
pub const CO_FUTURE_GENERATOR_STOP: u32 = 0x800000;
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x1000000;

/// Every `CO_FUTURE_*` bit (`PyCF_MASK`): the future flags a caller may pass in.
pub const FUTURE_FLAGS_MASK: u32 = CO_FUTURE_DIVISION
    | CO_FUTURE_ABSOLUTE_IMPORT
    | CO_FUTURE_WITH_STATEMENT
    | CO_FUTURE_PRINT_FUNCTION
    | CO_FUTURE_UNICODE_LITERALS
    | CO_FUTURE_BARRY_AS_BDFL
    | CO_FUTURE_GENERATOR_STOP
    | CO_FUTURE_ANNOTATIONS;

/// What the future imports of a module declare (`PyFutureFeatures`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FutureFeatures {
    /// `CO_FUTURE_*` bits. Only `barry_as_FLUFL` and `annotations` set bits: the other
    /// features are mandatory in Python 3 and accepted without effect.
    pub features: u32,
    /// Line of the last `from __future__` import in the leading block, or -1 if none.
    pub lineno: i32,
}

impl FutureFeatures {
    pub fn annotations(&self) -> bool {
        self.features & CO_FUTURE_ANNOTATIONS != 0
    }
    pub fn barry_as_bdfl(&self) -> bool {
        self.features & CO_FUTURE_BARRY_AS_BDFL != 0
    }
}

/// The features a module turns on. Only `Module` and `Interactive` trees are scanned; the
/// scan covers the leading docstring, then future imports, and also the rest of the line
/// where the first other statement starts (`import os; from __future__ import x` is an
/// error here, with `offset` = the statement's 0-based column, as in CPython).
pub fn from_ast(module: &Mod) -> Result<FutureFeatures, SyntaxErrorInfo> {
    let mut ff = FutureFeatures {
        features: 0,
        lineno: -1,
    };
    let body: &[Stmt] = match module {
        Mod::Module(m) => &m.body,
        Mod::Interactive(m) => &m.body,
        _ => return Ok(ff),
    };
    let start = usize::from(body.first().is_some_and(is_docstring));
    let mut done = false;
    let mut prev_line = 0;
    for stmt in &body[start..] {
        if done && stmt.location.lineno > prev_line {
            break;
        }
        prev_line = stmt.location.lineno;
        match &stmt.kind {
            StmtKind::ImportFrom(import) if import.module.as_deref() == Some("__future__") => {
                if done {
                    return Err(error_at(
                        "from __future__ imports must occur at the beginning of the file",
                        stmt,
                        0,
                    ));
                }
                for alias in &import.names {
                    match alias.name.as_str() {
                        "nested_scopes" | "generators" | "division" | "absolute_import"
                        | "with_statement" | "print_function" | "unicode_literals"
                        | "generator_stop" => {}
                        "barry_as_FLUFL" => ff.features |= CO_FUTURE_BARRY_AS_BDFL,
                        "annotations" => ff.features |= CO_FUTURE_ANNOTATIONS,
                        "braces" => return Err(error_at("not a chance", stmt, 1)),
                        other => {
                            // CPython formats the name with "%.100s" (at most 100 bytes).
                            let mut end = other.len().min(100);
                            while !other.is_char_boundary(end) {
                                end -= 1;
                            }
                            return Err(error_at(
                                &format!("future feature {} is not defined", &other[..end]),
                                stmt,
                                1,
                            ));
                        }
                    }
                }
                ff.lineno = stmt.location.lineno;
            }
            _ => done = true,
        }
    }
    Ok(ff)
}

/// `_PyAST_GetDocString`: a first statement that is an expression of a str constant.
fn is_docstring(stmt: &Stmt) -> bool {
    match &stmt.kind {
        StmtKind::Expr(e) => matches!(
            &e.value.kind,
            ExprKind::Constant(c) if matches!(c.value, ConstantValue::Str(_))
        ),
        _ => false,
    }
}

/// `PyErr_SyntaxLocationObject`: a line and offset, end line = line, no end offset; the
/// text is filled in by whoever has the source.
fn error_at(msg: &str, stmt: &Stmt, column_bias: i64) -> SyntaxErrorInfo {
    SyntaxErrorInfo {
        error_type: ErrorType::SyntaxError,
        msg: msg.to_string(),
        lineno: Some(i64::from(stmt.location.lineno)),
        offset: Some(i64::from(stmt.location.col_offset) + column_bias),
        end_lineno: Some(i64::from(stmt.location.lineno)),
        end_offset: None,
        text: None,
    }
}
