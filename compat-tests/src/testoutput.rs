//! Reading the output of `python3.11 -m test -v NAME` (CPython's regrtest driving unittest)
//! into counts and a verdict for the file.
//!
//! Sources, most trusted first: regrtest's closing `Total tests: run=N failures=F skipped=S`
//! and `Result: STATE` lines (its own accounting over every runner and doctest in the file);
//! unittest's `Ran N tests` followed by `OK (...)` / `FAILED (failures=, errors=, ...)`,
//! summed over runners, which is the only place errors are counted apart from failures.

use serde::Serialize;

use crate::process::Exit;

/// Test counts for one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub run: u64,
    pub failures: u64,
    pub errors: u64,
    pub skipped: u64,
}

/// What the output of one regrtest run says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegrtestOutput {
    pub counts: Counts,
    /// `SUCCESS`, `FAILURE`, `NO TESTS RAN`, ... from the last `Result:` line.
    pub result: Option<String>,
    /// regrtest printed its `== CPython ...` banner: the interpreter got as far as running Python.
    pub started: bool,
    /// The whole file was skipped (`skipped=1` or `resource_denied=1` in `Total test files`).
    pub file_skipped: bool,
    /// `env_changed=1`: the file passed but altered the environment.
    pub env_changed: bool,
    /// The first dynamic-loader complaint (`error while loading shared libraries`, `symbol
    /// lookup error`).
    pub loader_error: Option<String>,
    /// The first `Fatal Python error` line.
    pub fatal_error: Option<String>,
    /// regrtest's own message when the whole file was skipped (`test_x skipped -- why`).
    pub skip_reason: Option<String>,
}

/// Parses `12` or `1,234`.
fn number(text: &str) -> Option<u64> {
    text.replace(',', "").parse().ok()
}

/// `key=value` pairs of a summary line such as `failures=1, errors=2, expected failures=1`.
fn pairs(text: &str) -> Vec<(String, u64)> {
    // Commas separate the pairs in unittest's line but also group digits in regrtest's; split
    // on ", " (unittest) and on spaces before a `word=` (regrtest).
    let mut out = Vec::new();
    for chunk in text.split(", ") {
        let words: Vec<&str> = chunk.split(' ').collect();
        let mut k = 0;
        while k < words.len() {
            // Keys may have a space ("expected failures"), values never do.
            let mut key = String::new();
            let mut j = k;
            while j < words.len() && !words[j].contains('=') {
                key.push_str(words[j]);
                key.push(' ');
                j += 1;
            }
            if j == words.len() {
                break;
            }
            let (last, value) = words[j].split_once('=').unwrap_or((words[j], ""));
            key.push_str(last);
            if let Some(v) = number(value) {
                out.push((key.trim().to_string(), v));
            }
            k = j + 1;
        }
    }
    out
}

/// Counts from unittest's status line after `Ran N tests`: `OK`, `OK (skipped=2)`,
/// `FAILED (failures=1, errors=2, skipped=3, expected failures=1)`. `None` for other lines.
pub fn parse_unittest_status(line: &str) -> Option<Counts> {
    let line = line.trim_end();
    let rest = if line == "OK" || line == "FAILED" {
        ""
    } else if let Some(r) = line
        .strip_prefix("OK (")
        .or_else(|| line.strip_prefix("FAILED ("))
    {
        r.strip_suffix(')')?
    } else {
        return None;
    };
    let mut c = Counts::default();
    for (key, value) in pairs(rest) {
        match key.as_str() {
            "failures" => c.failures = value,
            "errors" => c.errors = value,
            "skipped" => c.skipped = value,
            _ => {}
        }
    }
    Some(c)
}

/// `Ran 30 tests in 0.008s` / `Ran 1 test in 0.001s` -> 30 / 1.
pub fn parse_ran_line(line: &str) -> Option<u64> {
    let rest = line.strip_prefix("Ran ")?;
    let (n, tail) = rest.split_once(' ')?;
    if tail.starts_with("tests in ") || tail.starts_with("test in ") {
        number(n)
    } else {
        None
    }
}

/// Parses the combined stdout+stderr of one `python -m test -v NAME` run.
pub fn parse_regrtest(text: &str) -> RegrtestOutput {
    let mut out = RegrtestOutput::default();
    let mut unittest = Counts::default();
    let mut ran_seen = false;
    let mut total: Option<Counts> = None;
    let mut awaiting_status = false;
    for line in text.lines() {
        if let Some(n) = parse_ran_line(line) {
            unittest.run += n;
            ran_seen = true;
            awaiting_status = true;
            continue;
        }
        if awaiting_status && !line.trim().is_empty() {
            awaiting_status = false;
            if let Some(c) = parse_unittest_status(line) {
                unittest.failures += c.failures;
                unittest.errors += c.errors;
                unittest.skipped += c.skipped;
                continue;
            }
        }
        if line.starts_with("== CPython ") {
            out.started = true;
        } else if let Some(rest) = line.strip_prefix("Total tests: ") {
            let mut c = Counts::default();
            for (key, value) in pairs(rest.split(" (").next().unwrap_or(rest)) {
                match key.as_str() {
                    "run" => c.run = value,
                    "failures" => c.failures = value,
                    "skipped" => c.skipped = value,
                    _ => {}
                }
            }
            total = Some(c);
        } else if let Some(rest) = line.strip_prefix("Total test files: ") {
            for (key, value) in pairs(rest) {
                match key.as_str() {
                    "skipped" | "resource_denied" | "run_no_tests" if value > 0 => {
                        out.file_skipped = true
                    }
                    "env_changed" if value > 0 => out.env_changed = true,
                    _ => {}
                }
            }
        } else if let Some(rest) = line.strip_prefix("Result: ") {
            out.result = Some(rest.trim().to_string());
        } else if out.loader_error.is_none()
            && (line.contains("error while loading shared libraries")
                || line.contains("symbol lookup error"))
        {
            out.loader_error = Some(line.trim().to_string());
        } else if out.fatal_error.is_none() && line.starts_with("Fatal Python error") {
            out.fatal_error = Some(line.trim().to_string());
        } else if out.skip_reason.is_none() && line.contains(" skipped -- ") {
            out.skip_reason = line
                .split_once(" skipped -- ")
                .map(|(_, why)| why.trim().to_string());
        }
    }
    out.counts = match total {
        // regrtest's failures count unittest failures only; errors come from unittest's lines.
        Some(t) => Counts {
            run: t.run,
            failures: t.failures.max(unittest.failures),
            errors: unittest.errors,
            skipped: t.skipped,
        },
        None if ran_seen => unittest,
        None => Counts::default(),
    };
    out
}

/// The verdict on one test file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FileStatus {
    #[serde(rename = "passed")]
    Passed,
    #[serde(rename = "failed")]
    Failed,
    /// regrtest skipped the whole file (a platform or resource requirement).
    #[serde(rename = "skipped")]
    Skipped,
    /// Ended by a signal, a fatal error, or without regrtest's result, after Python started.
    #[serde(rename = "crashed")]
    Crashed,
    #[serde(rename = "timed out")]
    TimedOut,
    /// Python never reached regrtest (loader error, failed initialisation, spawn failure).
    #[serde(rename = "could not start")]
    CouldNotStart,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Passed => "passed",
            FileStatus::Failed => "failed",
            FileStatus::Skipped => "skipped",
            FileStatus::Crashed => "crashed",
            FileStatus::TimedOut => "timed out",
            FileStatus::CouldNotStart => "could not start",
        }
    }
}

/// Decides the status of a file from how the process ended and what it printed; the second
/// value is a one-line reason for anything but a pass.
pub fn classify(exit: Exit, parsed: &RegrtestOutput) -> (FileStatus, Option<String>) {
    if exit == Exit::TimedOut {
        return (FileStatus::TimedOut, None);
    }
    if !parsed.started {
        // Python never got as far as regrtest's banner: the loader refused, or the runtime
        // failed to initialise (a fatal error, maybe ending in abort).
        let why = if let Some(loader) = &parsed.loader_error {
            loader.clone()
        } else if let Some(fatal) = &parsed.fatal_error {
            format!("{fatal} ({})", exit.describe())
        } else {
            format!("no regrtest banner ({})", exit.describe())
        };
        return (FileStatus::CouldNotStart, Some(why));
    }
    if let Exit::Signal(_) = exit {
        let why = parsed
            .fatal_error
            .clone()
            .map(|f| format!("{} after {f}", exit.describe()));
        return (
            FileStatus::Crashed,
            Some(why.unwrap_or_else(|| exit.describe())),
        );
    }
    if let Some(fatal) = &parsed.fatal_error {
        return (
            FileStatus::Crashed,
            Some(format!("{fatal} ({})", exit.describe())),
        );
    }
    match parsed.result.as_deref() {
        Some("SUCCESS") | Some("NO TESTS RAN") if parsed.file_skipped => (
            FileStatus::Skipped,
            Some(
                parsed
                    .skip_reason
                    .clone()
                    .unwrap_or_else(|| "skipped by regrtest".into()),
            ),
        ),
        Some("SUCCESS") if exit == Exit::Code(0) => (
            FileStatus::Passed,
            parsed
                .env_changed
                .then(|| "passed, but changed the environment".to_string()),
        ),
        Some("FAILURE") => {
            let c = parsed.counts;
            (
                FileStatus::Failed,
                Some(format!(
                    "{} failures, {} errors of {} tests",
                    c.failures, c.errors, c.run
                )),
            )
        }
        Some(other) => (
            FileStatus::Failed,
            Some(format!("regrtest result {other} ({})", exit.describe())),
        ),
        None => (
            FileStatus::Crashed,
            Some(format!("no regrtest result ({})", exit.describe())),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSED: &str = "\
== CPython 3.11.7 (main, May 9 2026, 07:35:25) [GCC 12.2.0]
== resources: all test resources are disabled, use -u option to unskip tests

0:00:00 load avg: 0.31 [1/1] test_bool
test_blocked (test.test_bool.BoolTest.test_blocked) ... ok
test_skip (test.test_bool.BoolTest.test_skip) ... skipped 'why'

----------------------------------------------------------------------
Ran 30 tests in 0.008s

OK (skipped=1)

== Tests result: SUCCESS ==

1 test OK.

Total duration: 50 ms
Total tests: run=30 skipped=1
Total test files: run=1/1
Result: SUCCESS
";

    const FAILED: &str = "\
== CPython 3.11.7 (main)
test_ok (test_fake.T.test_ok) ... ok
----------------------------------------------------------------------
Ran 5 tests in 0.004s

FAILED (failures=1, errors=2, skipped=1, expected failures=1)
test test_fake failed
test_fake failed (2 errors, 1 failure)

== Tests result: FAILURE ==

Total tests: run=5 failures=1 skipped=1
Total test files: run=1/1 failed=1
Result: FAILURE
";

    #[test]
    fn unittest_status_lines() {
        assert_eq!(parse_unittest_status("OK"), Some(Counts::default()));
        assert_eq!(
            parse_unittest_status("OK (skipped=7)"),
            Some(Counts {
                skipped: 7,
                ..Counts::default()
            })
        );
        assert_eq!(
            parse_unittest_status("FAILED (failures=1, errors=2, skipped=3, expected failures=4, unexpected successes=5)"),
            Some(Counts { run: 0, failures: 1, errors: 2, skipped: 3 })
        );
        assert_eq!(
            parse_unittest_status("FAILED (errors=12)"),
            Some(Counts {
                errors: 12,
                ..Counts::default()
            })
        );
        assert_eq!(parse_unittest_status("OKAY then"), None);
        assert_eq!(parse_ran_line("Ran 1 test in 0.001s"), Some(1));
        assert_eq!(parse_ran_line("Ran 1234 tests in 10.5s"), Some(1234));
        assert_eq!(parse_ran_line("Ran away"), None);
    }

    #[test]
    fn passing_file() {
        let p = parse_regrtest(PASSED);
        assert!(p.started);
        assert_eq!(
            p.counts,
            Counts {
                run: 30,
                failures: 0,
                errors: 0,
                skipped: 1
            }
        );
        assert_eq!(p.result.as_deref(), Some("SUCCESS"));
        assert_eq!(classify(Exit::Code(0), &p), (FileStatus::Passed, None));
    }

    #[test]
    fn failing_file_counts_errors_apart() {
        let p = parse_regrtest(FAILED);
        assert_eq!(
            p.counts,
            Counts {
                run: 5,
                failures: 1,
                errors: 2,
                skipped: 1
            }
        );
        let (status, why) = classify(Exit::Code(2), &p);
        assert_eq!(status, FileStatus::Failed);
        assert_eq!(why.as_deref(), Some("1 failures, 2 errors of 5 tests"));
    }

    #[test]
    fn runners_are_summed_without_regrtest_totals() {
        let text =
            "Ran 3 tests in 0.1s\n\nOK\nRan 1,002 tests in 2s\n\nFAILED (errors=1, skipped=4)\n";
        let p = parse_regrtest(text);
        assert_eq!(
            p.counts,
            Counts {
                run: 1005,
                failures: 0,
                errors: 1,
                skipped: 4
            }
        );
    }

    #[test]
    fn grouped_digits_in_regrtest_totals() {
        let p = parse_regrtest(
            "== CPython 3.11\nTotal tests: run=1,234 failures=5 skipped=1,000\nResult: FAILURE\n",
        );
        assert_eq!(
            p.counts,
            Counts {
                run: 1234,
                failures: 5,
                errors: 0,
                skipped: 1000
            }
        );
    }

    #[test]
    fn whole_file_skip() {
        let text = "== CPython 3.11.7\n0:00:00 [1/1] test_winreg\ntest_winreg skipped -- No module named 'winreg'\n\
                    test_winreg skipped\n\n== Tests result: SUCCESS ==\n\nTotal tests: run=0\n\
                    Total test files: run=1/1 skipped=1\nResult: SUCCESS\n";
        let p = parse_regrtest(text);
        assert!(p.file_skipped);
        assert_eq!(
            classify(Exit::Code(0), &p),
            (
                FileStatus::Skipped,
                Some("No module named 'winreg'".to_string())
            )
        );
    }

    #[test]
    fn loader_failure_is_could_not_start() {
        let text = "/usr/bin/python3.11: symbol lookup error: /usr/bin/python3.11: undefined symbol: Py_BytesMain\n";
        let p = parse_regrtest(text);
        let (status, why) = classify(Exit::Code(127), &p);
        assert_eq!(status, FileStatus::CouldNotStart);
        assert!(why.unwrap().ends_with("undefined symbol: Py_BytesMain"));
        let text = "python3.11: error while loading shared libraries: libpython3.11.so.1.0: cannot open shared object file\n";
        assert_eq!(
            classify(Exit::Code(127), &parse_regrtest(text)).0,
            FileStatus::CouldNotStart
        );
    }

    #[test]
    fn crashes_timeouts_and_missing_results() {
        let started = "== CPython 3.11.7\n0:00:00 [1/1] test_x\ntest_a (x.T.test_a) ... ";
        let p = parse_regrtest(started);
        assert_eq!(
            classify(Exit::Signal(11), &p),
            (FileStatus::Crashed, Some("signal 11 (SIGSEGV)".to_string()))
        );
        assert_eq!(classify(Exit::TimedOut, &p).0, FileStatus::TimedOut);
        assert_eq!(classify(Exit::Code(1), &p).0, FileStatus::Crashed);
        let fatal = parse_regrtest(&format!(
            "{started}\nFatal Python error: _PyMem_DebugMalloc: bad\n"
        ));
        let (status, why) = classify(Exit::Signal(6), &fatal);
        assert_eq!(status, FileStatus::Crashed);
        assert_eq!(
            why.as_deref(),
            Some("signal 6 (SIGABRT) after Fatal Python error: _PyMem_DebugMalloc: bad")
        );
        // Ended before printing anything at all.
        assert_eq!(
            classify(Exit::Code(1), &parse_regrtest("")).0,
            FileStatus::CouldNotStart
        );
    }

    #[test]
    fn failed_initialisation_is_could_not_start() {
        let text = "Fatal Python error: Py_Initialize: unable to load the file system codec\n\
                    Python runtime state: preinitialized\n";
        let (status, why) = classify(Exit::Code(1), &parse_regrtest(text));
        assert_eq!(status, FileStatus::CouldNotStart);
        assert_eq!(
            why.as_deref(),
            Some(
                "Fatal Python error: Py_Initialize: unable to load the file system codec (exit 1)"
            )
        );
        assert_eq!(
            classify(Exit::Signal(6), &parse_regrtest(text)).0,
            FileStatus::CouldNotStart
        );
    }
}
