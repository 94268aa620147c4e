//! The C boundary guard: no Rust panic may unwind into C. A panic inside an exported function
//! becomes CPython's reaction to an internal bug, `Fatal Python error: <function>: <message>`
//! on stderr followed by abort().

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f`; if it panics, reports a fatal error naming `func` and aborts the process.
pub fn catch_fatal<R>(func: &str, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "Rust panic".to_string());
            let _ = writeln!(std::io::stderr(), "Fatal Python error: {func}: {msg}");
            std::process::abort();
        }
    }
}
