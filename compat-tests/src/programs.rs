//! The Python-program differential harness: every `compat-tests/programs/*.py` runs under the
//! real `python3.11` twice, once on CPython's library and once on ours (`LD_LIBRARY_PATH`),
//! and the runs' stdout and exit status are compared (stderr too when the program asks).
//!
//! Leading `# compat: KEY=VALUE` comment lines set: `args` (script arguments), `python_args`
//! (interpreter options before the script, e.g. `-S`), `stdin`, `timeout` (seconds),
//! `stderr=compare` (also compare stderr, for tracebacks the interpreter itself prints),
//! `extensions` (C extension modules from `compat-tests/extensions/NAME.c`, compiled against
//! CPython's headers into a directory put on `PYTHONPATH` for both runs).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::capi::split_words;
use crate::cpython::CPython;
use crate::diff::unified_diff;
use crate::process::{self, Finished};

/// What a program's `# compat:` lines ask for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramDirectives {
    pub args: Vec<String>,
    pub python_args: Vec<String>,
    pub stdin: Option<String>,
    pub timeout: Option<Duration>,
    pub compare_stderr: bool,
    pub extensions: Vec<String>,
}

/// Reads the directives from the leading comment block of `source`.
pub fn parse_directives(source: &str) -> Result<ProgramDirectives, String> {
    let mut d = ProgramDirectives::default();
    for line in source.lines() {
        let line = line.trim();
        if !line.starts_with('#') {
            break;
        }
        let Some(rest) = line.strip_prefix("# compat:") else { continue };
        let (key, value) = rest.trim().split_once('=').ok_or_else(|| format!("bad directive {line:?}"))?;
        match key.trim() {
            "args" => d.args = split_words(value)?,
            "python_args" => d.python_args = split_words(value)?,
            "stdin" => d.stdin = Some(value.replace("\\n", "\n")),
            "timeout" => {
                d.timeout = Some(Duration::from_secs(value.trim().parse().map_err(|_| format!("bad timeout {value:?}"))?))
            }
            "stderr" if value.trim() == "compare" => d.compare_stderr = true,
            "extensions" => d.extensions = split_words(value)?,
            other => return Err(format!("unknown directive {other:?}")),
        }
    }
    Ok(d)
}

/// The `.py` files of `dir`, sorted.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "py"))
        .collect();
    out.sort();
    Ok(out)
}

/// How one program compared.
#[derive(Debug)]
pub enum ProgramOutcome {
    Passed,
    Failed(String),
}

/// Compiles `compat-tests/extensions/<name>.c` into `out_dir` as an extension module for
/// CPython 3.11 (`<name>.cpython-311-x86_64-linux-gnu.so`; no libpython link, as wheels do).
pub fn build_extension(cpython: &CPython, source_dir: &Path, name: &str, out_dir: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let src = source_dir.join(format!("{name}.c"));
    let out = out_dir.join(format!("{name}.cpython-311-x86_64-linux-gnu.so"));
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let status = Command::new(&cc)
        .args(["-shared", "-fPIC", "-O1", "-Wall", "-Werror=implicit-function-declaration"])
        .arg(format!("-I{}", cpython.include_dir.display()))
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .output()
        .map_err(|e| format!("cannot run {cc}: {e}"))?;
    if !status.status.success() {
        return Err(format!("building {}: {}", src.display(), String::from_utf8_lossy(&status.stderr)));
    }
    Ok(out)
}

/// Runs `program` with `python3.11` on the library in `lib_dir` (None: CPython's own).
pub fn run_once(cpython: &CPython, program: &Path, d: &ProgramDirectives, lib_dir: Option<&Path>) -> Result<Finished, String> {
    run_with_path(cpython, program, d, lib_dir, None)
}

fn run_with_path(
    cpython: &CPython,
    program: &Path,
    d: &ProgramDirectives,
    lib_dir: Option<&Path>,
    python_path: Option<&Path>,
) -> Result<Finished, String> {
    let mut cmd = Command::new(&cpython.executable);
    cmd.args(&d.python_args).arg(program).args(&d.args);
    cmd.current_dir(program.parent().unwrap_or(Path::new(".")));
    // Neither run may leave .pyc files behind, and hashing must not vary between runs.
    cmd.env("PYTHONDONTWRITEBYTECODE", "1").env("PYTHONHASHSEED", "0").env_remove("PYTHONPATH");
    if let Some(p) = python_path {
        cmd.env("PYTHONPATH", p);
    }
    match lib_dir {
        Some(dir) => {
            cmd.env("LD_LIBRARY_PATH", dir);
        }
        None => {
            cmd.env_remove("LD_LIBRARY_PATH");
        }
    }
    let timeout = d.timeout.unwrap_or(Duration::from_secs(60));
    process::run(cmd, d.stdin.as_deref().map(str::as_bytes), timeout, false)
        .map_err(|e| format!("cannot run {}: {e}", cpython.executable.display()))
}

/// Runs `program` on both libraries and compares; extensions it names are built into
/// `build_dir` first.
pub fn compare(cpython: &CPython, ours: &Path, program: &Path, build_dir: &Path) -> ProgramOutcome {
    let source = match std::fs::read_to_string(program) {
        Ok(s) => s,
        Err(e) => return ProgramOutcome::Failed(format!("cannot read: {e}")),
    };
    let d = match parse_directives(&source) {
        Ok(d) => d,
        Err(e) => return ProgramOutcome::Failed(e),
    };
    let ext_dir = build_dir.join(program.file_stem().unwrap_or_default());
    let source_dir = program.parent().unwrap_or(Path::new(".")).join("../extensions");
    for name in &d.extensions {
        if let Err(e) = build_extension(cpython, &source_dir, name, &ext_dir) {
            return ProgramOutcome::Failed(e);
        }
    }
    let path = (!d.extensions.is_empty()).then_some(ext_dir.as_path());
    let theirs = match run_with_path(cpython, program, &d, None, path) {
        Ok(r) => r,
        Err(e) => return ProgramOutcome::Failed(e),
    };
    let mine = match run_with_path(cpython, program, &d, Some(ours), path) {
        Ok(r) => r,
        Err(e) => return ProgramOutcome::Failed(e),
    };
    let mut problems = Vec::new();
    if theirs.exit != mine.exit {
        problems.push(format!(
            "exit: CPython {}, Ferrython {}\nFerrython stderr (tail):\n{}",
            theirs.exit.describe(),
            mine.exit.describe(),
            process::tail_lines(&String::from_utf8_lossy(&mine.stderr), 15).join("\n")
        ));
    }
    let (a, b) = (String::from_utf8_lossy(&theirs.stdout), String::from_utf8_lossy(&mine.stdout));
    if a != b {
        problems.push(format!("stdout differs:\n{}", unified_diff(&a, &b, "cpython", "ferrython", 3)));
    }
    if d.compare_stderr {
        let (a, b) = (String::from_utf8_lossy(&theirs.stderr), String::from_utf8_lossy(&mine.stderr));
        if a != b {
            problems.push(format!("stderr differs:\n{}", unified_diff(&a, &b, "cpython", "ferrython", 3)));
        }
    }
    if problems.is_empty() {
        ProgramOutcome::Passed
    } else {
        ProgramOutcome::Failed(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_read_from_the_leading_comments() {
        let d = parse_directives("# compat: args=a \"b c\"\n# compat: stderr=compare\n# compat: stdin=x\\ny\nprint(1)\n# compat: args=ignored\n").unwrap();
        assert_eq!(d.args, vec!["a", "b c"]);
        assert!(d.compare_stderr);
        assert_eq!(d.stdin.as_deref(), Some("x\ny"));
        assert!(parse_directives("# compat: bogus=1\n").is_err());
    }
}
