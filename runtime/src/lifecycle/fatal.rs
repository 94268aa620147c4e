//! Fatal errors: CPython's `Fatal Python error: <function>: <message>` and abort(), the end
//! of every internal bug. A Rust panic inside an exported function becomes one
//! ([`fatal_on_panic`]), so no panic unwinds into C.

use std::ffi::c_void;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

static FATAL_HANDLER: AtomicPtr<()> = AtomicPtr::new(null_mut());

/// Lets start-up route fatal errors to its `Py_FatalError` (`func`, `message`); until then
/// [`fatal_error`] prints CPython's pre-initialisation form.
pub fn set_fatal_error_handler(handler: fn(&str, &[u8]) -> !) {
    FATAL_HANDLER.store(handler as *mut (), Ordering::Release);
}

/// Writes all of `bytes` to fd 2 without Rust's stderr lock (usable in any state).
pub fn write_stderr(bytes: &[u8]) {
    let mut rest = bytes;
    while !rest.is_empty() {
        // SAFETY: writing an initialised buffer to fd 2.
        let n = unsafe { libc::write(2, rest.as_ptr() as *const c_void, rest.len()) };
        if n <= 0 {
            return;
        }
        rest = &rest[n as usize..];
    }
}

/// `Fatal Python error: <func>: <message>`, then abort.
pub fn fatal_error(func: &str, message: &[u8]) -> ! {
    let handler = FATAL_HANDLER.load(Ordering::Acquire);
    if !handler.is_null() {
        // SAFETY: stored from a `fn(&str, &[u8]) -> !` by set_fatal_error_handler.
        let handler = unsafe { std::mem::transmute::<*mut (), fn(&str, &[u8]) -> !>(handler) };
        handler(func, message);
    }
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"Fatal Python error: ");
    out.extend_from_slice(func.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(message);
    out.extend_from_slice(b"\nPython runtime state: unknown\n\n");
    write_stderr(&out);
    // SAFETY: abort never returns and runs no Rust code.
    unsafe { libc::abort() }
}

/// Runs `f`; a panic inside it (a bug) becomes a fatal error naming `func` instead of
/// unwinding into C.
pub fn fatal_on_panic<R>(func: &str, f: impl FnOnce() -> R) -> R {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "Rust panic".to_string());
            fatal_error(func, msg.as_bytes())
        }
    }
}

