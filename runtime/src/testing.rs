//! Test support for the runtime's unit tests. The runtime is one process-wide heap whose
//! small-object allocator, like CPython's, requires the GIL; the test harness runs tests on
//! parallel threads, so every test holds this lock for its whole run.

use std::sync::{Mutex, MutexGuard};

static RUNTIME: Mutex<()> = Mutex::new(());

/// Serializes tests that touch the runtime. A test that failed (poisoned the lock) does not
/// stop the others: its panic is already reported.
pub fn hold_runtime() -> MutexGuard<'static, ()> {
    RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
