//! Compile-time errors as CPython 3.11 reports them: the exception class (SyntaxError,
//! IndentationError, TabError) and exactly the attributes a `SyntaxError` instance carries
//! (`msg`, `lineno`, `offset`, `end_lineno`, `end_offset`, `text`), so the runtime can build
//! the Python exception from it without further computation.

use std::fmt;

/// Which Python exception class an error becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    SyntaxError,
    IndentationError,
    TabError,
    /// The parser's stack overflowed (CPython raises a bare `MemoryError`).
    MemoryError,
}

impl ErrorType {
    /// The Python class name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorType::SyntaxError => "SyntaxError",
            ErrorType::IndentationError => "IndentationError",
            ErrorType::TabError => "TabError",
            ErrorType::MemoryError => "MemoryError",
        }
    }
}

/// A SyntaxError (or subclass) with CPython's attribute values. `None` stands for Python's
/// `None`; offsets are 1-based character offsets exactly as CPython computes them, quirks
/// included (some paths report byte offsets, some report -1 or 0 for "unknown").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxErrorInfo {
    pub error_type: ErrorType,
    pub msg: String,
    pub lineno: Option<i64>,
    pub offset: Option<i64>,
    pub end_lineno: Option<i64>,
    pub end_offset: Option<i64>,
    pub text: Option<String>,
}

impl SyntaxErrorInfo {
    /// An error with no location, like those raised while decoding the source
    /// (CPython reports lineno 0, offset -1 and no text for them).
    pub fn at_start(msg: impl Into<String>) -> Self {
        SyntaxErrorInfo {
            error_type: ErrorType::SyntaxError,
            msg: msg.into(),
            lineno: Some(0),
            offset: Some(-1),
            end_lineno: None,
            end_offset: None,
            text: None,
        }
    }

    /// An error carrying only a message (every location attribute is None).
    pub fn message_only(msg: impl Into<String>) -> Self {
        SyntaxErrorInfo {
            error_type: ErrorType::SyntaxError,
            msg: msg.into(),
            lineno: None,
            offset: None,
            end_lineno: None,
            end_offset: None,
            text: None,
        }
    }
}

impl fmt::Display for SyntaxErrorInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type.name(), self.msg)?;
        if let Some(line) = self.lineno {
            write!(f, " (line {}", line)?;
            if let Some(off) = self.offset {
                write!(f, ", offset {}", off)?;
            }
            write!(f, ")")?;
        }
        Ok(())
    }
}

impl std::error::Error for SyntaxErrorInfo {}
