//! `Py_BytesMain`: the program `python3.11` runs. Parses the command line, answers what needs
//! no interpreter (help, version, usage errors) exactly as CPython does, then starts the
//! interpreter and runs the target.

use super::cmdline::{self, CommandLine};
use std::io::Write;

/// The `Py_GetVersion()` text: version, build, compiler (the shape `platform` parses).
pub const FULL_VERSION: &str = concat!("3.11.7 (main, ferrython ", env!("CARGO_PKG_VERSION"), ") [rustc]");

/// Exit status of a command-line usage error, as CPython's.
const EXIT_USAGE: i32 = 2;

/// Runs the program for `argv` (argv[0] included) and returns the process exit status.
pub fn bytes_main(argv: &[String]) -> i32 {
    let program = argv.first().map(String::as_str).unwrap_or("python3.11");
    let rest = argv.get(1..).unwrap_or(&[]);
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
        CommandLine::Run { .. } => {
            // The interpreter (compiler, eval loop, start-up) is not part of this build yet:
            // fail the way CPython fails when its interpreter cannot start.
            let _ = std::io::stderr().write_all(
                b"Fatal Python error: Py_Initialize: this Ferrython build cannot execute Python code yet\n\
                  Python runtime state: preinitialized\n",
            );
            1
        }
    }
}
