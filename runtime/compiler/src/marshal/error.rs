//! Errors of `loads` and `dumps`: the Python exception class CPython 3.11 raises and its
//! message, so the runtime can raise the same exception.

use std::fmt;

/// The Python exception class of a [`MarshalError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    EOFError,
    ValueError,
    TypeError,
    SystemError,
    UnicodeDecodeError,
}

impl ErrorKind {
    /// The Python class name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::EOFError => "EOFError",
            ErrorKind::ValueError => "ValueError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::SystemError => "SystemError",
            ErrorKind::UnicodeDecodeError => "UnicodeDecodeError",
        }
    }
}

/// The arguments of a `UnicodeDecodeError` raised while reading a str.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnicodeDecodeDetail {
    /// Always "utf-8".
    pub encoding: &'static str,
    /// The bytes being decoded (the whole str payload).
    pub object: Vec<u8>,
    pub start: usize,
    pub end: usize,
    pub reason: &'static str,
}

/// A failed `loads` or `dumps`: `str(exception)` is `message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarshalError {
    pub kind: ErrorKind,
    pub message: String,
    /// Set for [`ErrorKind::UnicodeDecodeError`].
    pub unicode: Option<Box<UnicodeDecodeDetail>>,
}

impl MarshalError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> MarshalError {
        MarshalError {
            kind,
            message: message.into(),
            unicode: None,
        }
    }

    pub(crate) fn eof(message: &str) -> MarshalError {
        MarshalError::new(ErrorKind::EOFError, message)
    }

    pub(crate) fn value(message: impl Into<String>) -> MarshalError {
        MarshalError::new(ErrorKind::ValueError, message)
    }

    pub(crate) fn type_error(message: impl Into<String>) -> MarshalError {
        MarshalError::new(ErrorKind::TypeError, message)
    }

    pub(crate) fn system(message: impl Into<String>) -> MarshalError {
        MarshalError::new(ErrorKind::SystemError, message)
    }

    pub(crate) fn unicode_decode(detail: UnicodeDecodeDetail) -> MarshalError {
        let message = if detail.end - detail.start == 1 {
            format!(
                "'{}' codec can't decode byte 0x{:02x} in position {}: {}",
                detail.encoding,
                detail.object.get(detail.start).copied().unwrap_or(0),
                detail.start,
                detail.reason
            )
        } else {
            format!(
                "'{}' codec can't decode bytes in position {}-{}: {}",
                detail.encoding,
                detail.start,
                detail.end.saturating_sub(1),
                detail.reason
            )
        };
        MarshalError {
            kind: ErrorKind::UnicodeDecodeError,
            message,
            unicode: Some(Box::new(detail)),
        }
    }
}

impl fmt::Display for MarshalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for MarshalError {}
