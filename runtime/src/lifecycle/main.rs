//! `Py_BytesMain`: the program `python3.11` runs. Parses the command line, answers what needs
//! no interpreter (help, version, usage errors) exactly as CPython does, then starts the
//! interpreter from a configuration built from the command line and runs the target
//! (`Py_RunMain`).

use super::cmdline::{self, CommandLine};
use std::io::Write;

/// The `Py_GetVersion()` text: version, (build number, build "date"), [compiler], in the shape
/// `platform._sys_version` parses (its build fields take only words and spaces, so our version
/// number goes with the compiler).
pub const FULL_VERSION: &str = concat!("3.11.7 (main, ferrython) [rustc, ferrython ", env!("CARGO_PKG_VERSION"), "]");
/// The same, NUL-terminated for C.
pub const FULL_VERSION_C: &core::ffi::CStr = match core::ffi::CStr::from_bytes_with_nul(
    concat!("3.11.7 (main, ferrython) [rustc, ferrython ", env!("CARGO_PKG_VERSION"), "]\0").as_bytes(),
) {
    Ok(s) => s,
    Err(_) => c"3.11.7",
};
/// `Py_GetBuildInfo()`: the build part of the version text.
pub const BUILD_INFO: &core::ffi::CStr = c"main, ferrython";
/// `Py_GetCompiler()`: the bracketed part of the version text.
pub const COMPILER: &core::ffi::CStr = match core::ffi::CStr::from_bytes_with_nul(
    concat!("[rustc, ferrython ", env!("CARGO_PKG_VERSION"), "]\0").as_bytes(),
) {
    Ok(s) => s,
    Err(_) => c"[rustc]",
};
/// `Py_GetCopyright()` (`sys.copyright`): CPython's text.
pub const COPYRIGHT: &core::ffi::CStr = c"Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.";

/// Exit status of a command-line usage error, as CPython's.
const EXIT_USAGE: i32 = 2;

/// Runs the program for `argv` (argv[0] included, as the bytes the OS gave) and returns the
/// process exit status.
pub fn bytes_main(argv: &[Vec<u8>]) -> i32 {
    let text: Vec<String> = argv.iter().map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    let program = text.first().map(String::as_str).unwrap_or("python3.11");
    let rest = text.get(1..).unwrap_or(&[]);
    match cmdline::parse(program, rest, FULL_VERSION) {
        CommandLine::Print(text) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            0
        }
        CommandLine::UsageError(text) => {
            let _ = std::io::stderr().write_all(text.as_bytes());
            EXIT_USAGE
        }
        // SAFETY: start-up happens once, on this thread, before anything else runs Python.
        CommandLine::Run { .. } => unsafe { run(argv) },
    }
}

/// `pymain_init` + `Py_RunMain`: the Python configuration from the command line and the
/// environment, start-up, the program, shutdown.
unsafe fn run(argv: &[Vec<u8>]) -> i32 {
    use crate::abi::initconfig::{PyConfig, _PyStatus_TYPE_EXIT, _PyStatus_TYPE_OK};
    use crate::lifecycle::initconfig;
    let mut config: PyConfig = core::mem::zeroed();
    initconfig::init_python_config(&mut config);
    config.parse_argv = 1;
    let cstrings: Vec<std::ffi::CString> = argv
        .iter()
        .map(|a| std::ffi::CString::new(a.clone()).unwrap_or_default())
        .collect();
    let ptrs: Vec<*const core::ffi::c_char> = cstrings.iter().map(|c| c.as_ptr()).collect();
    let status = initconfig::set_bytes_argv(&mut config, ptrs.len() as isize, ptrs.as_ptr());
    if status._type != _PyStatus_TYPE_OK {
        initconfig::clear(&mut config);
        if status._type == _PyStatus_TYPE_EXIT {
            return status.exitcode;
        }
        crate::lifecycle::pylifecycle::exit_status_exception(status);
    }
    let status = crate::lifecycle::pylifecycle::initialize_from_config(&config);
    initconfig::clear(&mut config);
    if status._type != _PyStatus_TYPE_OK {
        if status._type == _PyStatus_TYPE_EXIT {
            return status.exitcode;
        }
        crate::lifecycle::pylifecycle::exit_status_exception(status);
    }
    crate::lifecycle::pylifecycle::run_main()
}
