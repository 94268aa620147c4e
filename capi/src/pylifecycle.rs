//! `pylifecycle.h` / `cpython/pylifecycle.h`: start-up, running the program, shutdown,
//! version information.

use core::ffi::{c_char, c_int, CStr};
use ferrython_runtime::abi::initconfig::{PyConfig, PyStatus};
use ferrython_runtime::lifecycle::{main, pylifecycle};

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
        args.push(unsafe { CStr::from_ptr(arg) }.to_bytes().to_vec());
    }
    ferrython_runtime::lifecycle::fatal::fatal_on_panic("Py_BytesMain", || main::bytes_main(&args))
}

/// `int Py_Main(int argc, wchar_t **argv)`: as Py_BytesMain, with arguments already decoded.
#[no_mangle]
pub unsafe extern "C" fn Py_Main(argc: c_int, argv: *mut *mut libc::wchar_t) -> c_int {
    let mut args = Vec::with_capacity(argc.max(0) as usize);
    for i in 0..argc.max(0) as usize {
        // SAFETY: argc valid NUL-terminated wide strings.
        let arg = unsafe { *argv.add(i) };
        if arg.is_null() {
            break;
        }
        // SAFETY: a NUL-terminated wide string.
        let text = unsafe { ferrython_runtime::lifecycle::pythonrun::wide(arg) }.unwrap_or_default();
        args.push(text.into_bytes());
    }
    ferrython_runtime::lifecycle::fatal::fatal_on_panic("Py_Main", || main::bytes_main(&args))
}

exported!(fn Py_Initialize() => pylifecycle::initialize());
exported!(fn Py_InitializeEx(install_sigs: c_int) => pylifecycle::initialize_ex(install_sigs));
exported!(fn Py_InitializeFromConfig(config: *const PyConfig) -> PyStatus => pylifecycle::initialize_from_config(config));
exported!(fn _Py_InitializeMain() -> PyStatus => pylifecycle::initialize_main());
exported!(fn Py_FinalizeEx() -> c_int => pylifecycle::finalize());
exported!(fn Py_Finalize() => { pylifecycle::finalize(); });
exported!(fn Py_IsInitialized() -> c_int => pylifecycle::is_initialized() as c_int);
exported!(fn _Py_IsCoreInitialized() -> c_int => pylifecycle::is_core_initialized() as c_int);
exported!(fn _Py_IsFinalizing() -> c_int => pylifecycle::is_finalizing() as c_int);
exported!(fn Py_RunMain() -> c_int => pylifecycle::run_main());
exported!(fn Py_AtExit(func: Option<extern "C" fn()>) -> c_int => match func {
    Some(f) => pylifecycle::at_exit(f),
    None => -1,
});
exported!(fn Py_Exit(status: c_int) => pylifecycle::exit(status));

exported!(fn Py_GetVersion() -> *const c_char => main::FULL_VERSION_C.as_ptr());
exported!(fn Py_GetPlatform() -> *const c_char => c"linux".as_ptr());
exported!(fn Py_GetCopyright() -> *const c_char => main::COPYRIGHT.as_ptr());
exported!(fn Py_GetCompiler() -> *const c_char => main::COMPILER.as_ptr());
exported!(fn Py_GetBuildInfo() -> *const c_char => main::BUILD_INFO.as_ptr());
