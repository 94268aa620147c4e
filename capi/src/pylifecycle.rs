//! `pylifecycle.h` / `cpython/pylifecycle.h`: running the program, version information.

use core::ffi::{c_char, c_int, CStr};
use ferrython_runtime::lifecycle::main;

/// `int Py_BytesMain(int argc, char **argv)`: the whole `python3.11` program.
#[no_mangle]
pub unsafe extern "C" fn Py_BytesMain(argc: c_int, argv: *mut *mut c_char) -> c_int {
    let mut args = Vec::with_capacity(argc.max(0) as usize);
    for i in 0..argc.max(0) as usize {
        // SAFETY: the C runtime passes argc valid NUL-terminated strings in argv.
        let arg = unsafe { *argv.add(i) };
        if arg.is_null() {
            break;
        }
        // SAFETY: non-NULL argv entries are NUL-terminated C strings.
        let bytes = unsafe { CStr::from_ptr(arg) }.to_bytes();
        // CPython decodes argv with the locale encoding and surrogateescape; UTF-8 with
        // lossless fallback is its behaviour in the C.UTF-8 / UTF-8 mode locales we target.
        args.push(String::from_utf8_lossy(bytes).into_owned());
    }
    ferrython_runtime::lifecycle::fatal::fatal_on_panic("Py_BytesMain", || main::bytes_main(&args))
}

use ferrython_runtime::lifecycle::pylifecycle;

exported!(fn Py_Initialize() => pylifecycle::initialize());
exported!(
    /// Signal handlers are not installed yet (there is no eval loop to deliver them).
    fn Py_InitializeEx(_install_sigs: c_int) => pylifecycle::initialize()
);
exported!(fn Py_FinalizeEx() -> c_int => pylifecycle::finalize());
exported!(fn Py_Finalize() => { pylifecycle::finalize(); });
exported!(fn Py_IsInitialized() -> c_int => pylifecycle::is_initialized() as c_int);
