//! The C-API differential harness: every program in `compat-tests/capi/` is compiled once
//! against CPython's headers, linked twice (against CPython's library and against ours), run
//! on each, and the two runs' stdout and exit status compared.
//!
//! Conventions and directives are documented in `compat-tests/capi/README.md`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::cpython::CPython;
use crate::diff::unified_diff;
use crate::process::{self, Exit, Finished};

/// Default limit for one run of one program.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// What the leading `// compat: KEY=VALUE` comment lines of a program ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directives {
    /// Command-line arguments for both runs.
    pub args: Vec<String>,
    /// Exit status both runs must have.
    pub expect_exit: i32,
    /// Limit for each run.
    pub timeout: Duration,
    /// Extra compiler flags.
    pub cflags: Vec<String>,
    /// Extra linker flags (after `-lpython3.11`).
    pub ldflags: Vec<String>,
    /// Bytes fed to standard input of both runs.
    pub stdin: Option<String>,
    /// When set, the program is not built or run; the reason is reported.
    pub skip: Option<String>,
}

impl Default for Directives {
    fn default() -> Self {
        Directives {
            args: Vec::new(),
            expect_exit: 0,
            timeout: DEFAULT_TIMEOUT,
            cflags: Vec::new(),
            ldflags: Vec::new(),
            stdin: None,
            skip: None,
        }
    }
}

/// Splits on whitespace; double quotes group words (`"a b"` is one argument).
pub fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quoted {
        return Err(format!("unbalanced quote in {text:?}"));
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Expands `\n`, `\t`, `\\` and `\"` in a directive value.
fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            other => {
                return Err(format!(
                    "unknown escape \\{} in {text:?}",
                    other.map(String::from).unwrap_or_default()
                ))
            }
        }
    }
    Ok(out)
}

/// Reads the directives from the comment block at the top of `source`: each line of the form
/// `// compat: KEY=VALUE` (also inside a `/* ... */` block) sets one directive; `compat:` followed
/// by prose is a description. Scanning stops at the first line that is neither blank nor a
/// comment.
pub fn parse_directives(source: &str) -> Result<Directives, String> {
    let mut d = Directives::default();
    let mut in_block = false;
    for raw in source.lines() {
        let line = raw.trim();
        let body = if in_block {
            if let Some(pos) = line.find("*/") {
                in_block = false;
                &line[..pos]
            } else {
                line.trim_start_matches('*')
            }
        } else if let Some(rest) = line.strip_prefix("//") {
            rest
        } else if let Some(rest) = line.strip_prefix("/*") {
            match rest.find("*/") {
                Some(pos) => &rest[..pos],
                None => {
                    in_block = true;
                    rest
                }
            }
        } else if line.is_empty() {
            continue;
        } else {
            break;
        };
        let Some(directive) = body.trim().strip_prefix("compat:") else {
            continue;
        };
        let directive = directive.trim();
        // `compat:` followed by prose (its first word is not `KEY=`) describes the program.
        let first_word = directive.split_whitespace().next().unwrap_or("");
        let Some((key, value)) = directive
            .split_once('=')
            .filter(|_| first_word.contains('='))
        else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "args" => d.args = split_words(value)?,
            "expect-exit" => {
                d.expect_exit = value
                    .parse()
                    .map_err(|_| format!("expect-exit={value:?} is not an integer"))?
            }
            "timeout" => {
                let secs: f64 = value
                    .parse()
                    .map_err(|_| format!("timeout={value:?} is not a number of seconds"))?;
                if !(secs > 0.0 && secs.is_finite()) {
                    return Err(format!("timeout={value:?} must be positive"));
                }
                d.timeout = Duration::from_secs_f64(secs);
            }
            "cflags" => d.cflags.extend(split_words(value)?),
            "ldflags" => d.ldflags.extend(split_words(value)?),
            "stdin" => d.stdin = Some(unescape(value)?),
            "skip" => d.skip = Some(value.to_string()),
            other => return Err(format!("unknown directive {other:?}")),
        }
    }
    Ok(d)
}

/// The test programs in `dir`: `*.c` and `*.cpp`, sorted by name.
pub fn discover_programs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|x| x.to_str()), Some("c" | "cpp"))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Symbol names from the linker's "undefined reference to `NAME'" messages, sorted, unique.
pub fn undefined_references(linker_output: &str) -> Vec<String> {
    const MARK: &str = "undefined reference to ";
    let mut names = BTreeSet::new();
    for line in linker_output.lines() {
        let Some(pos) = line.find(MARK) else { continue };
        let quoted = &line[pos + MARK.len()..];
        let name: String = quoted
            .trim_start_matches(['`', '\'', '\u{2018}', '"'])
            .chars()
            .take_while(|c| !matches!(c, '\'' | '`' | '\u{2019}' | '"'))
            .collect();
        if !name.is_empty() {
            names.insert(name);
        }
    }
    names.into_iter().collect()
}

/// The verdict on one program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// Why it failed, with the diff or the tool output that shows it.
    Failed(String),
    Skipped(String),
}

#[derive(Debug, Clone)]
pub struct ProgramResult {
    /// File name, e.g. `pyos_snprintf.c`.
    pub name: String,
    pub outcome: Outcome,
    pub elapsed: Duration,
}

/// Which side a binary was linked against.
#[derive(Debug, Clone, Copy)]
enum Side {
    CPython,
    Ours,
}

impl Side {
    fn label(self) -> &'static str {
        match self {
            Side::CPython => "cpython",
            Side::Ours => "ferrython",
        }
    }
}

/// Builds and runs the programs. `build_dir` receives all artifacts, one subdirectory per
/// program.
pub struct Harness {
    pub cpython: CPython,
    /// Directory holding our `libpython3.11.so.1.0` and `libpython3.11.so`.
    pub our_lib_dir: PathBuf,
    pub build_dir: PathBuf,
    /// C compiler (env `CC`, default `cc`).
    pub cc: String,
    /// C++ compiler (env `CXX`, default `c++`).
    pub cxx: String,
}

fn tool_output(f: &Finished) -> String {
    let mut s = String::from_utf8_lossy(&f.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&f.stderr));
    s
}

/// At most `n` trailing lines of `text`, indented, for a failure message.
fn excerpt(text: &str, n: usize) -> String {
    process::tail_lines(text, n)
        .iter()
        .map(|l| format!("    {l}\n"))
        .collect()
}

impl Harness {
    pub fn new(cpython: CPython, our_lib_dir: PathBuf, build_dir: PathBuf) -> Self {
        let env_or = |k: &str, d: &str| {
            std::env::var(k)
                .ok()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| d.to_string())
        };
        Harness {
            cpython,
            our_lib_dir,
            build_dir,
            cc: env_or("CC", "cc"),
            cxx: env_or("CXX", "c++"),
        }
    }

    fn lib_dir(&self, side: Side) -> &Path {
        match side {
            Side::CPython => &self.cpython.lib_dir,
            Side::Ours => &self.our_lib_dir,
        }
    }

    fn tool(&self, source: &Path, args: &[String], timeout: Duration) -> Result<Finished, String> {
        let is_cpp = source.extension().is_some_and(|x| x == "cpp");
        let compiler = if is_cpp { &self.cxx } else { &self.cc };
        let mut cmd = Command::new(compiler);
        cmd.args(args);
        process::run(cmd, None, timeout, true).map_err(|e| format!("cannot run {compiler}: {e}"))
    }

    /// Compiles, links twice, runs twice, compares.
    pub fn run_program(&self, source: &Path) -> ProgramResult {
        let start = Instant::now();
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = self.check(source, &name).unwrap_or_else(Outcome::Failed);
        ProgramResult {
            name,
            outcome,
            elapsed: start.elapsed(),
        }
    }

    fn check(&self, source: &Path, name: &str) -> Result<Outcome, String> {
        let text = fs::read_to_string(source)
            .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        let d = parse_directives(&text).map_err(|e| format!("bad directive: {e}"))?;
        if let Some(reason) = d.skip {
            return Ok(Outcome::Skipped(reason));
        }
        let dir = self.build_dir.join(name);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let build_limit = Duration::from_secs(120);

        let object = dir.join("program.o");
        let mut compile: Vec<String> = vec![
            "-c".into(),
            "-g".into(),
            "-O0".into(),
            "-Wall".into(),
            format!("-I{}", self.cpython.include_dir.display()),
        ];
        compile.extend(d.cflags.iter().cloned());
        compile.extend([
            "-o".into(),
            object.display().to_string(),
            source.display().to_string(),
        ]);
        let compiled = self.tool(source, &compile, build_limit)?;
        if compiled.exit != Exit::Code(0) {
            return Err(format!(
                "does not compile ({}):\n{}",
                compiled.exit.describe(),
                excerpt(&tool_output(&compiled), 30)
            ));
        }

        let mut runs = Vec::new();
        for side in [Side::CPython, Side::Ours] {
            let lib_dir = self.lib_dir(side);
            let exe = dir.join(side.label());
            let mut link: Vec<String> = vec![
                object.display().to_string(),
                "-o".into(),
                exe.display().to_string(),
                format!("-L{}", lib_dir.display()),
                "-lpython3.11".into(),
                format!("-Wl,-rpath,{}", lib_dir.display()),
            ];
            link.extend(d.ldflags.iter().cloned());
            link.extend(["-lm".into(), "-lpthread".into(), "-ldl".into()]);
            let linked = self.tool(source, &link, build_limit)?;
            if linked.exit != Exit::Code(0) {
                let out = tool_output(&linked);
                let missing = undefined_references(&out);
                return Err(match side {
                    Side::Ours if !missing.is_empty() => format!(
                        "our library lacks {} symbol(s) this program uses: {}",
                        missing.len(),
                        missing.join(", ")
                    ),
                    _ => format!(
                        "does not link against {} ({}):\n{}",
                        side.label(),
                        lib_dir.display(),
                        excerpt(&out, 30)
                    ),
                });
            }
            let mut cmd = Command::new(&exe);
            cmd.args(&d.args)
                .current_dir(&dir)
                .env("LD_LIBRARY_PATH", lib_dir)
                .env("PYTHONHASHSEED", "0");
            let run = process::run(cmd, d.stdin.as_deref().map(str::as_bytes), d.timeout, false)
                .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
            runs.push(run);
        }
        let (theirs, ours) = (&runs[0], &runs[1]);

        if theirs.exit != Exit::Code(d.expect_exit) {
            return Err(format!(
                "on CPython itself the program ended with {} (expected exit {}): the test program is wrong\n  stderr:\n{}",
                theirs.exit.describe(),
                d.expect_exit,
                excerpt(&String::from_utf8_lossy(&theirs.stderr), 20)
            ));
        }
        let mut problems = Vec::new();
        if ours.exit != theirs.exit {
            problems.push(format!(
                "status: cpython {}, ferrython {}",
                theirs.exit.describe(),
                ours.exit.describe()
            ));
        }
        if ours.stdout != theirs.stdout {
            let diff = unified_diff(
                &String::from_utf8_lossy(&theirs.stdout),
                &String::from_utf8_lossy(&ours.stdout),
                "stdout on cpython",
                "stdout on ferrython",
                3,
            );
            problems.push(format!("stdout differs:\n{diff}"));
        }
        if problems.is_empty() {
            return Ok(Outcome::Passed);
        }
        let stderr = String::from_utf8_lossy(&ours.stderr);
        if !stderr.trim().is_empty() {
            problems.push(format!(
                "stderr on ferrython (last lines):\n{}",
                excerpt(&stderr, 20)
            ));
        }
        Ok(Outcome::Failed(problems.join("\n")))
    }

    /// Runs `programs` on up to `jobs` threads; results come back in the input order.
    pub fn run_all(&self, programs: &[PathBuf], jobs: usize) -> Vec<ProgramResult> {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<ProgramResult>>> = Mutex::new(vec![None; programs.len()]);
        std::thread::scope(|scope| {
            for _ in 0..jobs.clamp(1, programs.len().max(1)) {
                scope.spawn(|| loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = programs.get(k) else { break };
                    let r = self.run_program(path);
                    results.lock().unwrap_or_else(|p| p.into_inner())[k] = Some(r);
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .into_iter()
            .flatten()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_from_line_comments() {
        let src = "// compat: args=one \"two words\" three\n// compat: expect-exit=3\n\
                   // A plain comment.\n// compat: timeout=2.5\n#include <Python.h>\n// compat: args=ignored\n";
        let d = parse_directives(src).unwrap();
        assert_eq!(d.args, vec!["one", "two words", "three"]);
        assert_eq!(d.expect_exit, 3);
        assert_eq!(d.timeout, Duration::from_millis(2500));
    }

    #[test]
    fn directives_from_block_comment() {
        let src = "/* What this tests.\n * compat: stdin=a\\nb\n * compat: ldflags=-lz\n */\nint main(void){}\n";
        let d = parse_directives(src).unwrap();
        assert_eq!(d.stdin.as_deref(), Some("a\nb"));
        assert_eq!(d.ldflags, vec!["-lz"]);
        assert_eq!(d.args, Vec::<String>::new());
        assert_eq!(d.expect_exit, 0);
    }

    #[test]
    fn compat_prose_is_a_description() {
        let src = "// compat: what this program checks: a=b in prose.\n// compat: args=x\nint main(void){}\n";
        let d = parse_directives(src).unwrap();
        assert_eq!(d.args, vec!["x"]);
    }

    #[test]
    fn no_directives_means_defaults() {
        assert_eq!(
            parse_directives("#include <stdio.h>\nint main(void){return 0;}\n").unwrap(),
            Directives::default()
        );
    }

    #[test]
    fn bad_directives_are_errors() {
        assert!(parse_directives("// compat: frobnicate=1\n")
            .unwrap_err()
            .contains("unknown directive"));
        assert!(parse_directives("// compat: expect-exit=x\n").is_err());
        assert!(parse_directives("// compat: expect_exit=1\n")
            .unwrap_err()
            .contains("unknown directive"));
        assert!(parse_directives("// compat: args=\"open\n")
            .unwrap_err()
            .contains("unbalanced"));
    }

    #[test]
    fn undefined_reference_names_are_extracted() {
        let ld = "/usr/bin/ld: /tmp/x.o: in function `main':\n\
                  x.c:5: undefined reference to `PyLong_FromLong'\n\
                  /usr/bin/ld: x.c:7: undefined reference to `Py_Initialize'\n\
                  /usr/bin/ld: x.c:9: undefined reference to `PyLong_FromLong'\n\
                  /usr/bin/ld: y.c:1: undefined reference to 'PyErr_Occurred'\n\
                  collect2: error: ld returned 1 exit status\n";
        assert_eq!(
            undefined_references(ld),
            vec!["PyErr_Occurred", "PyLong_FromLong", "Py_Initialize"]
        );
        assert!(undefined_references("collect2: error: ld returned 1 exit status").is_empty());
    }

    #[test]
    fn programs_are_c_and_cpp_sorted() {
        let dir =
            std::env::temp_dir().join(format!("ferrython-capi-discover-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        for f in ["b.cpp", "a.c", "README.md", "c.h"] {
            fs::write(dir.join(f), "").unwrap();
        }
        let names: Vec<String> = discover_programs(&dir)
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.c", "b.cpp"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
