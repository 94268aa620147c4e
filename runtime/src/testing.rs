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

/// Starts the interpreter for a test, as `python3.11 -S -E` would (no site, no environment
/// variables), so results do not depend on what the machine's site-packages holds. The
/// first caller starts it; later calls do nothing.
pub fn init() {
    if crate::lifecycle::pylifecycle::is_initialized() {
        return;
    }
    // SAFETY: the configuration is a local initialized by the config API before use; start-up
    // runs under the test lock.
    unsafe {
        let mut config: crate::abi::initconfig::PyConfig = core::mem::zeroed();
        crate::lifecycle::initconfig::init_compat(&mut config);
        config.site_import = 0;
        config.use_environment = 0;
        config.install_signal_handlers = 0;
        let status = crate::lifecycle::pylifecycle::initialize_from_config(&config);
        crate::lifecycle::initconfig::clear(&mut config);
        assert!(
            status._type == crate::abi::initconfig::_PyStatus_TYPE_OK,
            "interpreter start-up failed in a test"
        );
    }
}
