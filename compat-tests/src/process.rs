//! Running a child process with a time limit and captured output.
//!
//! The child leads its own process group so that a timeout ends it together with anything it
//! started (test files spawn interpreters of their own). Output is gathered by reader threads;
//! a grandchild that keeps a pipe open after the child exits cannot hang us, because we stop
//! waiting for end-of-file after a short grace period.

use std::io::{self, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How a child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It exited with this status.
    Code(i32),
    /// A signal ended it.
    Signal(i32),
    /// It outlived its time limit and was killed.
    TimedOut,
}

impl Exit {
    fn from_status(status: ExitStatus) -> Self {
        match (status.code(), status.signal()) {
            (Some(code), _) => Exit::Code(code),
            (None, Some(sig)) => Exit::Signal(sig),
            (None, None) => Exit::Code(-1),
        }
    }

    /// `exit 0`, `signal 11 (SIGSEGV)`, `timed out`.
    pub fn describe(&self) -> String {
        match self {
            Exit::Code(c) => format!("exit {c}"),
            Exit::Signal(s) => format!("signal {s} ({})", signal_name(*s)),
            Exit::TimedOut => "timed out".to_string(),
        }
    }
}

/// The conventional name of a signal number (Linux numbering).
pub fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGILL => "SIGILL",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        _ => "signal",
    }
}

/// What a finished child left behind.
#[derive(Debug, Clone)]
pub struct Finished {
    pub exit: Exit,
    /// Standard output, or both streams interleaved when they were merged.
    pub stdout: Vec<u8>,
    /// Standard error (empty when merged into `stdout`).
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

/// How long to wait for pipes to reach end-of-file once the child has gone.
const PIPE_GRACE: Duration = Duration::from_secs(3);

type Shared = Arc<Mutex<Vec<u8>>>;

/// Copies `source` into a shared buffer until end-of-file; signals `done` then.
fn drain<R: Read + Send + 'static>(mut source: R, done: mpsc::Sender<()>) -> Shared {
    let buf: Shared = Arc::default();
    let sink = Arc::clone(&buf);
    thread::spawn(move || {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match source.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => sink
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend_from_slice(&chunk[..n]),
            }
        }
        let _ = done.send(());
    });
    buf
}

fn take(buf: &Shared) -> Vec<u8> {
    std::mem::take(&mut *buf.lock().unwrap_or_else(|p| p.into_inner()))
}

/// Kills the child's whole process group.
fn kill_group(child: &Child) {
    let pgid = child.id() as libc::pid_t;
    // SAFETY: plain syscall; the group was created for this child (process_group(0)) and the
    // child has not been reaped yet, so its id cannot have been reused.
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
}

/// Runs `cmd` to completion or until `timeout`, feeding it `stdin` and capturing its output;
/// with `merge_output`, stderr goes into the same pipe as stdout (true interleaving).
pub fn run(
    mut cmd: Command,
    stdin: Option<&[u8]>,
    timeout: Duration,
    merge_output: bool,
) -> io::Result<Finished> {
    cmd.process_group(0);
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let (done_tx, done_rx) = mpsc::channel();
    // Number of reader threads that will signal end-of-file.
    let streams;
    let start = Instant::now();
    let mut child;
    let (out_buf, err_buf);
    if merge_output {
        let (reader, writer) = io::pipe()?;
        cmd.stdout(writer.try_clone()?);
        cmd.stderr(writer);
        child = cmd.spawn()?;
        // The Command holds our copies of the write end; dropping it lets EOF arrive.
        drop(cmd);
        out_buf = drain(reader, done_tx.clone());
        err_buf = Shared::default();
        streams = 1;
    } else {
        cmd.stdout(Stdio::piped());
        cmd.stderr(Stdio::piped());
        child = cmd.spawn()?;
        drop(cmd);
        out_buf = drain(
            child.stdout.take().expect("stdout was piped"),
            done_tx.clone(),
        );
        err_buf = drain(
            child.stderr.take().expect("stderr was piped"),
            done_tx.clone(),
        );
        streams = 2;
    }
    drop(done_tx);
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin was piped");
        let input = input.to_vec();
        // A writer thread: a child that never reads its input must not block us.
        thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }

    let deadline = start + timeout;
    let mut pause = Duration::from_millis(5);
    let exit = loop {
        if let Some(status) = child.try_wait()? {
            break Exit::from_status(status);
        }
        let now = Instant::now();
        if now >= deadline {
            kill_group(&child);
            let _ = child.wait();
            break Exit::TimedOut;
        }
        thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(100));
    };
    let elapsed = start.elapsed();
    let grace_end = Instant::now() + PIPE_GRACE;
    for _ in 0..streams {
        let left = grace_end.saturating_duration_since(Instant::now());
        if done_rx.recv_timeout(left).is_err() {
            break;
        }
    }
    Ok(Finished {
        exit,
        stdout: take(&out_buf),
        stderr: take(&err_buf),
        elapsed,
    })
}

/// The last `n` lines of `text`.
pub fn tail_lines(text: &str, n: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.arg("-c").arg(script);
        c
    }

    #[test]
    fn captures_streams_and_exit_code() {
        let f = run(
            sh("echo out; echo err >&2; exit 3"),
            None,
            Duration::from_secs(10),
            false,
        )
        .unwrap();
        assert_eq!(f.exit, Exit::Code(3));
        assert_eq!(f.stdout, b"out\n");
        assert_eq!(f.stderr, b"err\n");
    }

    #[test]
    fn merged_output_keeps_order() {
        let f = run(
            sh("echo a; echo b >&2; echo c"),
            None,
            Duration::from_secs(10),
            true,
        )
        .unwrap();
        assert_eq!(String::from_utf8_lossy(&f.stdout), "a\nb\nc\n");
        assert!(f.stderr.is_empty());
    }

    #[test]
    fn stdin_is_fed() {
        let f = run(
            sh("tr a-z A-Z"),
            Some(b"hello\n"),
            Duration::from_secs(10),
            false,
        )
        .unwrap();
        assert_eq!(f.stdout, b"HELLO\n");
    }

    #[test]
    fn timeout_kills_the_whole_group() {
        // The grandchild holds the pipe open; both must be gone and we must not hang.
        let start = Instant::now();
        let f = run(
            sh("sleep 30 & sleep 30; echo never"),
            None,
            Duration::from_millis(300),
            true,
        )
        .unwrap();
        assert_eq!(f.exit, Exit::TimedOut);
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "took {:?}",
            start.elapsed()
        );
        assert!(!String::from_utf8_lossy(&f.stdout).contains("never"));
    }

    #[test]
    fn signals_are_reported_by_name() {
        let f = run(sh("kill -SEGV $$"), None, Duration::from_secs(10), false).unwrap();
        assert_eq!(f.exit, Exit::Signal(libc::SIGSEGV));
        assert_eq!(f.exit.describe(), "signal 11 (SIGSEGV)");
    }

    #[test]
    fn tail_keeps_last_lines() {
        assert_eq!(tail_lines("1\n2\n3\n4\n", 2), vec!["3", "4"]);
        assert_eq!(tail_lines("x", 5), vec!["x"]);
    }
}
