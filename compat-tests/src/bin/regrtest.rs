//! `regrtest`: CPython's own regression suite (`Lib/test`), run by the real `python3.11`
//! executable on our library (`LD_LIBRARY_PATH=<our dir>`) or, with `--lib cpython`, on
//! CPython's (the baseline), one process per test file, with a per-file report.
//!
//! Each file runs as `python3.11 -m test -v NAME`: regrtest itself, not bare unittest, so
//! resource gating (`-u`), test packages, `load_tests` and doctest suites behave as in
//! CPython's CI; `-v` makes its unittest runner print `Ran N tests` and `OK`/`FAILED (...)`,
//! and regrtest closes with `Total tests: run=N failures=F skipped=S` and `Result: STATE`,
//! which together give the counts (see `testoutput`). The list of files is regrtest's own
//! (`--list-tests`, 464 in 3.11.7: top-level `test_*` modules and packages, with
//! test_asyncio, test_future_stmt, test_gdb and test_inspect split into their submodules).
//!
//! Exit status: 0 when every selected file passed or was skipped, 1 otherwise, 2 on bad
//! arguments or a missing library.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use ferrython_compat_tests::cpython::CPython;
use ferrython_compat_tests::process::{self, Exit};
use ferrython_compat_tests::testoutput::{classify, parse_regrtest, Counts, FileStatus};
use ferrython_compat_tests::workspace::{default_jobs, default_lib_dir, OurLibrary};
use serde::Serialize;

const USAGE: &str = "\
usage: regrtest [--lib DIR|FILE|cpython] [--timeout SECS] [-j N] [-u RESOURCES]
                [--json FILE] [--markdown FILE] [NAME ...]
  NAME        test files to run (test_int, or int; a split package such as test_asyncio
              selects all its parts); default: all of regrtest's list
  --lib       our library or its directory (default: FERRYTHON_LIB_DIR or <workspace>/target/release);
              `cpython` runs on CPython's own library, the baseline
  --timeout   seconds per file before it is killed (default 300)
  -j          files run in parallel (default: the number of cores)
  -u          resources to enable, passed to regrtest (default: none, as regrtest's default)
  --json      write per-file results as JSON
  --markdown  write a summary table as Markdown";

/// Lines of output kept per file in the report.
const TAIL_LINES: usize = 40;

struct Options {
    lib: Option<PathBuf>,
    baseline: bool,
    timeout: Duration,
    jobs: usize,
    resources: Option<String>,
    json: Option<PathBuf>,
    markdown: Option<PathBuf>,
    names: Vec<String>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        lib: None,
        baseline: false,
        timeout: Duration::from_secs(300),
        jobs: default_jobs(),
        resources: None,
        json: None,
        markdown: None,
        names: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match a.as_str() {
            "--lib" => {
                let v = value("--lib")?;
                if v == "cpython" {
                    o.baseline = true;
                } else {
                    o.lib = Some(PathBuf::from(v));
                }
            }
            "--timeout" => {
                let v = value("--timeout")?;
                let secs: f64 = v
                    .parse()
                    .map_err(|_| format!("--timeout {v:?} is not a number"))?;
                if !(secs > 0.0 && secs.is_finite()) {
                    return Err("--timeout must be positive".into());
                }
                o.timeout = Duration::from_secs_f64(secs);
            }
            "-j" | "--jobs" => {
                let v = value("-j")?;
                o.jobs = v.parse().map_err(|_| format!("-j {v:?} is not a number"))?;
                if o.jobs == 0 {
                    o.jobs = default_jobs();
                }
            }
            "-u" | "--use" => o.resources = Some(value("-u")?),
            "--json" => o.json = Some(PathBuf::from(value("--json")?)),
            "--markdown" => o.markdown = Some(PathBuf::from(value("--markdown")?)),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s:?}")),
            name => o.names.push(name.to_string()),
        }
    }
    Ok(o)
}

/// regrtest's own list of test files, asked of CPython running on its own library.
fn list_tests(cpython: &CPython) -> Result<Vec<String>, String> {
    let output = Command::new(&cpython.executable)
        .args(["-m", "test", "--list-tests"])
        .env_remove("LD_LIBRARY_PATH")
        .current_dir(std::env::temp_dir())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cpython.executable.display()))?;
    if !output.status.success() {
        return Err(format!(
            "`python3.11 -m test --list-tests` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

/// Resolves the names asked for against regrtest's list: `test_int`, `int`, or a split
/// package (`test_asyncio` -> `test.test_asyncio.*`). Order follows the arguments.
fn select(all: &[String], wanted: &[String]) -> Result<Vec<String>, String> {
    if wanted.is_empty() {
        return Ok(all.to_vec());
    }
    let mut chosen: Vec<String> = Vec::new();
    for w in wanted {
        let full = if w.starts_with("test_") || w.starts_with("test.") {
            w.clone()
        } else {
            format!("test_{w}")
        };
        let package = format!("test.{full}.");
        let matches: Vec<&String> = all
            .iter()
            .filter(|t| **t == full || t.starts_with(&package))
            .collect();
        if matches.is_empty() {
            return Err(format!("no test file named {w:?} in regrtest's list"));
        }
        for m in matches {
            if !chosen.contains(m) {
                chosen.push(m.clone());
            }
        }
    }
    Ok(chosen)
}

#[derive(Debug, Clone, Serialize)]
struct FileResult {
    name: String,
    status: FileStatus,
    #[serde(flatten)]
    counts: Counts,
    seconds: f64,
    /// How the process ended: `exit N`, `signal N (NAME)`, `timed out`.
    exit: String,
    /// Why it did not pass, in one line.
    reason: Option<String>,
    tail: Vec<String>,
}

struct Runner {
    python: PathBuf,
    lib_dir: PathBuf,
    timeout: Duration,
    resources: Option<String>,
}

impl Runner {
    fn run_file(&self, name: &str) -> FileResult {
        let mut cmd = Command::new(&self.python);
        cmd.args(["-m", "test", "-v"]);
        if let Some(r) = &self.resources {
            cmd.args(["-u", r]);
        }
        // regrtest makes its own scratch directory under the temp dir; start from there.
        cmd.arg(name)
            .env("LD_LIBRARY_PATH", &self.lib_dir)
            .current_dir(std::env::temp_dir());
        let finished = process::run(cmd, None, self.timeout, true);
        let (exit, text, seconds) = match finished {
            Ok(f) => (
                f.exit,
                String::from_utf8_lossy(&f.stdout).into_owned(),
                f.elapsed.as_secs_f64(),
            ),
            Err(e) => {
                return FileResult {
                    name: name.to_string(),
                    status: FileStatus::CouldNotStart,
                    counts: Counts::default(),
                    seconds: 0.0,
                    exit: "not started".into(),
                    reason: Some(format!("cannot run {}: {e}", self.python.display())),
                    tail: Vec::new(),
                }
            }
        };
        let parsed = parse_regrtest(&text);
        let (status, mut reason) = classify(exit, &parsed);
        if exit == Exit::TimedOut {
            reason = Some(format!("killed after {:.0}s", self.timeout.as_secs_f64()));
        }
        FileResult {
            name: name.to_string(),
            status,
            counts: parsed.counts,
            seconds: (seconds * 100.0).round() / 100.0,
            exit: exit.describe(),
            reason,
            tail: process::tail_lines(&text, TAIL_LINES),
        }
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    passed: usize,
    failed: usize,
    skipped: usize,
    crashed: usize,
    timed_out: usize,
    could_not_start: usize,
    tests_run: u64,
    failures: u64,
    errors: u64,
    tests_skipped: u64,
}

fn summarize(results: &[FileResult]) -> Summary {
    let count = |s: FileStatus| results.iter().filter(|r| r.status == s).count();
    Summary {
        files: results.len(),
        passed: count(FileStatus::Passed),
        failed: count(FileStatus::Failed),
        skipped: count(FileStatus::Skipped),
        crashed: count(FileStatus::Crashed),
        timed_out: count(FileStatus::TimedOut),
        could_not_start: count(FileStatus::CouldNotStart),
        tests_run: results.iter().map(|r| r.counts.run).sum(),
        failures: results.iter().map(|r| r.counts.failures).sum(),
        errors: results.iter().map(|r| r.counts.errors).sum(),
        tests_skipped: results.iter().map(|r| r.counts.skipped).sum(),
    }
}

#[derive(Serialize)]
struct Report<'a> {
    mode: &'a str,
    library_dir: String,
    python: String,
    timeout_seconds: f64,
    jobs: usize,
    summary: Summary,
    files: &'a [FileResult],
}

fn markdown(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!(
        "# regrtest on {}\n\nLibrary: `{}`. files passed: {} of {} (failed {}, skipped {}, crashed {}, timed out {}, \
         could not start {}); tests run {}, failures {}, errors {}, skipped {}.\n\n",
        report.mode,
        report.library_dir,
        s.passed,
        s.files,
        s.failed,
        s.skipped,
        s.crashed,
        s.timed_out,
        s.could_not_start,
        s.tests_run,
        s.failures,
        s.errors,
        s.tests_skipped
    );
    out.push_str("| file | status | run | failures | errors | skipped | seconds | note |\n");
    out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for r in report.files {
        let note = r.reason.as_deref().unwrap_or("").replace('|', "\\|");
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {:.1} | {} |\n",
            r.name,
            r.status.as_str(),
            r.counts.run,
            r.counts.failures,
            r.counts.errors,
            r.counts.skipped,
            r.seconds,
            note
        ));
    }
    out
}

fn run(o: Options) -> Result<bool, String> {
    let cpython = CPython::find()?;
    let (mode, lib_dir) = if o.baseline {
        ("cpython", cpython.lib_dir.clone())
    } else {
        let lib = OurLibrary::locate(o.lib.as_deref().unwrap_or(&default_lib_dir()))?;
        lib.verify_loaded_by(&cpython.executable)?;
        ("ferrython", lib.dir)
    };
    let all = list_tests(&cpython)?;
    let names = select(&all, &o.names)?;
    let runner = Runner {
        python: cpython.executable.clone(),
        lib_dir: lib_dir.clone(),
        timeout: o.timeout,
        resources: o.resources,
    };
    println!(
        "regrtest: {} file(s) on {mode} ({}), {} job(s), timeout {:.0}s",
        names.len(),
        lib_dir.display(),
        o.jobs,
        o.timeout.as_secs_f64()
    );

    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FileResult>>> = Mutex::new(vec![None; names.len()]);
    std::thread::scope(|scope| {
        for _ in 0..o.jobs.clamp(1, names.len().max(1)) {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(name) = names.get(k) else { break };
                let r = runner.run_file(name);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                let c = r.counts;
                let why = r
                    .reason
                    .as_deref()
                    .map(|w| format!(": {w}"))
                    .unwrap_or_default();
                println!(
                    "[{n}/{}] {} {} (run {}, failures {}, errors {}, skipped {}) {:.1}s{why}",
                    names.len(),
                    r.name,
                    r.status.as_str(),
                    c.run,
                    c.failures,
                    c.errors,
                    c.skipped,
                    r.seconds
                );
                results.lock().unwrap_or_else(|p| p.into_inner())[k] = Some(r);
            });
        }
    });
    let results: Vec<FileResult> = results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect();

    let report = Report {
        mode,
        library_dir: lib_dir.display().to_string(),
        python: cpython.executable.display().to_string(),
        timeout_seconds: o.timeout.as_secs_f64(),
        jobs: o.jobs,
        summary: summarize(&results),
        files: &results,
    };
    if let Some(path) = &o.json {
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| format!("cannot encode JSON: {e}"))?;
        write(path, &(text + "\n"))?;
    }
    if let Some(path) = &o.markdown {
        write(path, &markdown(&report))?;
    }
    let s = &report.summary;
    println!(
        "failed {}, skipped {}, crashed {}, timed out {}, could not start {}; tests run {}, failures {}, errors {}, skipped {}",
        s.failed, s.skipped, s.crashed, s.timed_out, s.could_not_start, s.tests_run, s.failures, s.errors, s.tests_skipped
    );
    println!("files passed: {} of {}", s.passed, s.files);
    Ok(s.passed + s.skipped == s.files)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("regrtest: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("regrtest: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> Vec<String> {
        [
            "test_bool",
            "test_int",
            "test.test_asyncio.test_tasks",
            "test.test_asyncio.test_locks",
            "test_int_literal",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn names_resolve_against_regrtests_list() {
        assert_eq!(select(&list(), &[]).unwrap(), list());
        assert_eq!(
            select(&list(), &["int".into(), "test_bool".into()]).unwrap(),
            vec!["test_int", "test_bool"]
        );
        assert_eq!(
            select(
                &list(),
                &["test_asyncio".into(), "test.test_asyncio.test_tasks".into()]
            )
            .unwrap(),
            vec![
                "test.test_asyncio.test_tasks",
                "test.test_asyncio.test_locks"
            ]
        );
        assert!(select(&list(), &["test_nope".into()])
            .unwrap_err()
            .contains("test_nope"));
    }

    #[test]
    fn summary_and_markdown_count_by_status() {
        let r = |name: &str, status, run| FileResult {
            name: name.into(),
            status,
            counts: Counts {
                run,
                failures: 0,
                errors: 0,
                skipped: 0,
            },
            seconds: 1.0,
            exit: "exit 0".into(),
            reason: (status != FileStatus::Passed).then(|| "a | b".to_string()),
            tail: vec![],
        };
        let results = vec![
            r("test_a", FileStatus::Passed, 3),
            r("test_b", FileStatus::CouldNotStart, 0),
        ];
        let s = summarize(&results);
        assert_eq!(
            (s.files, s.passed, s.could_not_start, s.tests_run),
            (2, 1, 1, 3)
        );
        let report = Report {
            mode: "ferrython",
            library_dir: "/x".into(),
            python: "/p".into(),
            timeout_seconds: 1.0,
            jobs: 1,
            summary: s,
            files: &results,
        };
        let md = markdown(&report);
        assert!(md.contains("files passed: 1 of 2"));
        assert!(
            md.contains("| test_b | could not start | 0 | 0 | 0 | 0 | 1.0 | a \\| b |"),
            "{md}"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["files"][1]["status"], "could not start");
        assert_eq!(json["files"][0]["run"], 3);
    }
}
