//! CPython 3.11's command line: parsing `python3.11 [option] ... [-c cmd | -m mod | file | -] [arg] ...`
//! into what start-up needs, with CPython's help texts and error messages.
//!
//! Parsing follows CPython's rules: short options may be grouped (`-bBv`), an option that takes
//! an argument takes the rest of its word or the next word (`-Wd`, `-W d`), `-c` and `-m`
//! end the option list, `--` ends it too, and the first non-option word is the script.
//! The texts under `usage/` are those CPython prints; the first usage line names argv[0].

use std::fmt::Write as _;

const USAGE_OPTIONS: &str = include_str!("usage/options.txt");
const USAGE_XOPTIONS: &str = include_str!("usage/xoptions.txt");
const USAGE_ENVVARS: &str = include_str!("usage/envvars.txt");

/// The version line `-V` prints.
pub const VERSION_LINE: &str = "Python 3.11.7";

/// What the program is to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunTarget {
    /// `-c cmd`
    Command(String),
    /// `-m mod`
    Module(String),
    /// a script file
    File(String),
    /// `-` or nothing: standard input (interactive on a tty)
    Stdin,
}

/// The options CPython's command line sets (the PyConfig fields they map to are named).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `-b` count: bytes_warning
    pub bytes_warning: u32,
    /// `-B`: !write_bytecode
    pub dont_write_bytecode: bool,
    /// `-d` count: parser_debug
    pub parser_debug: u32,
    /// `-E`: !use_environment
    pub ignore_environment: bool,
    /// `-i`: inspect + interactive
    pub inspect: bool,
    /// `-I`: isolated (implies -E and -s)
    pub isolated: bool,
    /// `-O` count: optimization_level
    pub optimize: u32,
    /// `-P`: safe_path
    pub safe_path: bool,
    /// `-q`: quiet
    pub quiet: bool,
    /// `-s`: !user_site_directory
    pub no_user_site: bool,
    /// `-S`: !site_import
    pub no_site: bool,
    /// `-u`: !buffered_stdio
    pub unbuffered: bool,
    /// `-v` count: verbose
    pub verbose: u32,
    /// `-x`: skip_source_first_line
    pub skip_first_line: bool,
    /// `-W arg`, in order: warnoptions
    pub warn_options: Vec<String>,
    /// `-X opt`, in order: xoptions
    pub x_options: Vec<String>,
    /// `--check-hash-based-pycs`
    pub check_hash_pycs_mode: Option<String>,
}

/// The outcome of parsing: either something to print and exit, or a program to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandLine {
    /// Print this text to stdout and exit 0 (`-h`, `-V`, `--help-env`, ...).
    Print(String),
    /// Print this message and the short usage to stderr, exit 2.
    UsageError(String),
    /// Run the program: options, what to run, and `sys.argv`.
    Run { options: Options, target: RunTarget, argv: Vec<String> },
}

/// The short usage line for `program` (argv[0]).
pub fn usage_line(program: &str) -> String {
    format!("usage: {program} [option] ... [-c cmd | -m mod | file | -] [arg] ...\n")
}

/// What CPython prints to stderr, before exiting with status 2, for a command-line error.
pub fn usage_error_text(program: &str, message: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{message}");
    s.push_str(&usage_line(program));
    s.push_str("Try `python -h' for more information.\n");
    s
}

enum Help {
    Usage,
    Env,
    XOptions,
    All,
}

fn help_text(program: &str, which: Help) -> String {
    let usage = || usage_line(program) + USAGE_OPTIONS;
    match which {
        Help::Usage => usage(),
        Help::Env => USAGE_ENVVARS.to_string(),
        Help::XOptions => USAGE_XOPTIONS.to_string(),
        Help::All => format!("{}\n\n{}\n\n{}", usage(), USAGE_ENVVARS, USAGE_XOPTIONS),
    }
}

/// Short options; a trailing ':' marks one that takes an argument.
const SHORT_OPTIONS: &str = "bBc:dEhiIJm:OPqRsStuvVW:xX:?";

fn short_takes_arg(c: char) -> Option<bool> {
    let i = SHORT_OPTIONS.find(c)?;
    Some(SHORT_OPTIONS[i + c.len_utf8()..].starts_with(':'))
}

/// Parses `args` (argv without argv[0]) for the program named `program`.
/// `full_version` is the `Py_GetVersion()` text `-VV` prints.
pub fn parse(program: &str, args: &[String], full_version: &str) -> CommandLine {
    let mut opts = Options::default();
    let mut version = 0u32;
    let mut help: Option<Help> = None;
    let mut i = 0usize;
    let mut target: Option<RunTarget> = None;

    'words: while i < args.len() {
        let word = &args[i];
        if word == "--" {
            i += 1;
            break;
        }
        if !word.starts_with('-') || word == "-" {
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            i += 1;
            match long {
                "help" => help = help.or(Some(Help::Usage)),
                "version" => version += 1,
                "help-env" => help = help.or(Some(Help::Env)),
                "help-xoptions" => help = help.or(Some(Help::XOptions)),
                "help-all" => help = help.or(Some(Help::All)),
                "check-hash-based-pycs" => {
                    let Some(value) = args.get(i) else {
                        return CommandLine::UsageError(usage_error_text(
                            program,
                            "Argument expected for the --check-hash-based-pycs options",
                        ));
                    };
                    i += 1;
                    if !matches!(value.as_str(), "default" | "always" | "never") {
                        return CommandLine::UsageError(usage_error_text(
                            program,
                            "--check-hash-based-pycs must be one of 'default', 'always', or 'never'",
                        ));
                    }
                    opts.check_hash_pycs_mode = Some(value.clone());
                }
                _ => return CommandLine::UsageError(usage_error_text(program, &format!("unknown option {word}"))),
            }
            continue;
        }
        // A group of short options.
        let body: Vec<char> = word[1..].chars().collect();
        i += 1;
        let mut k = 0;
        while k < body.len() {
            let c = body[k];
            k += 1;
            let Some(takes_arg) = short_takes_arg(c) else {
                return CommandLine::UsageError(usage_error_text(program, &format!("Unknown option: -{c}")));
            };
            let arg = if takes_arg {
                if k < body.len() {
                    let rest: String = body[k..].iter().collect();
                    k = body.len();
                    Some(rest)
                } else if let Some(next) = args.get(i) {
                    i += 1;
                    Some(next.clone())
                } else {
                    return CommandLine::UsageError(usage_error_text(
                        program,
                        &format!("Argument expected for the -{c} option"),
                    ));
                }
            } else {
                None
            };
            match c {
                'b' => opts.bytes_warning += 1,
                'B' => opts.dont_write_bytecode = true,
                'c' => {
                    target = Some(RunTarget::Command(arg.unwrap_or_default()));
                    break 'words;
                }
                'd' => opts.parser_debug += 1,
                'E' => opts.ignore_environment = true,
                'h' | '?' => help = help.or(Some(Help::Usage)),
                'i' => opts.inspect = true,
                'I' => {
                    opts.isolated = true;
                    opts.ignore_environment = true;
                    opts.no_user_site = true;
                    opts.safe_path = true;
                }
                'J' => return CommandLine::UsageError(usage_error_text(program, "-J is reserved for Jython")),
                'm' => {
                    target = Some(RunTarget::Module(arg.unwrap_or_default()));
                    break 'words;
                }
                'O' => opts.optimize += 1,
                'P' => opts.safe_path = true,
                'q' => opts.quiet = true,
                'R' => {} // hash randomization is always on since 3.3; kept for compatibility
                's' => opts.no_user_site = true,
                'S' => opts.no_site = true,
                't' => {} // ignored since 3.0, still accepted
                'u' => opts.unbuffered = true,
                'v' => opts.verbose += 1,
                'V' => version += 1,
                'W' => opts.warn_options.push(arg.unwrap_or_default()),
                'x' => opts.skip_first_line = true,
                'X' => opts.x_options.push(arg.unwrap_or_default()),
                _ => unreachable!("every option in SHORT_OPTIONS is handled"),
            }
        }
    }

    if let Some(which) = help {
        return CommandLine::Print(help_text(program, which));
    }
    if version > 0 {
        return CommandLine::Print(if version == 1 {
            format!("{VERSION_LINE}\n")
        } else {
            format!("Python {full_version}\n")
        });
    }

    // sys.argv: as CPython builds it, argv[0] names what runs ("-c", the module's path later,
    // the script, or "" for stdin / "-").
    let mut argv = Vec::new();
    let target = match target {
        Some(RunTarget::Command(cmd)) => {
            argv.push("-c".to_string());
            RunTarget::Command(cmd)
        }
        Some(RunTarget::Module(m)) => {
            argv.push("-m".to_string());
            RunTarget::Module(m)
        }
        Some(other) => other,
        None => match args.get(i) {
            Some(w) if w != "-" => {
                i += 1;
                argv.push(w.clone());
                RunTarget::File(w.clone())
            }
            Some(_) => {
                i += 1;
                argv.push("-".to_string());
                RunTarget::Stdin
            }
            None => {
                argv.push(String::new());
                RunTarget::Stdin
            }
        },
    };
    argv.extend(args[i.min(args.len())..].iter().cloned());
    CommandLine::Run { options: opts, target, argv }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> CommandLine {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse("python3.11", &args, "3.11.7 (main) [x]")
    }

    fn run(args: &[&str]) -> (Options, RunTarget, Vec<String>) {
        match p(args) {
            CommandLine::Run { options, target, argv } => (options, target, argv),
            other => panic!("expected Run, got {other:?}"),
        }
    }

    #[test]
    fn command_ends_options_and_builds_argv() {
        let _runtime = crate::testing::hold_runtime();
        let (o, t, argv) = run(&["-B", "-c", "print(1)", "-v", "x"]);
        assert!(o.dont_write_bytecode);
        assert_eq!(o.verbose, 0);
        assert_eq!(t, RunTarget::Command("print(1)".into()));
        assert_eq!(argv, ["-c", "-v", "x"]);
    }

    #[test]
    fn grouped_and_attached_arguments() {
        let _runtime = crate::testing::hold_runtime();
        let (o, t, argv) = run(&["-bbOOWerror", "-Xdev", "-W", "ignore", "-mjson.tool", "a"]);
        assert_eq!(o.bytes_warning, 2);
        assert_eq!(o.optimize, 2);
        assert_eq!(o.warn_options, ["error", "ignore"]);
        assert_eq!(o.x_options, ["dev"]);
        assert_eq!(t, RunTarget::Module("json.tool".into()));
        assert_eq!(argv, ["-m", "a"]);
    }

    #[test]
    fn script_stdin_and_double_dash() {
        let _runtime = crate::testing::hold_runtime();
        let (_, t, argv) = run(&["-S", "prog.py", "-c", "z"]);
        assert_eq!(t, RunTarget::File("prog.py".into()));
        assert_eq!(argv, ["prog.py", "-c", "z"]);
        let (_, t, argv) = run(&["-"]);
        assert_eq!((t, argv), (RunTarget::Stdin, vec!["-".to_string()]));
        let (_, t, argv) = run(&[]);
        assert_eq!((t, argv), (RunTarget::Stdin, vec![String::new()]));
        let (_, t, _) = run(&["--", "-weird.py"]);
        assert_eq!(t, RunTarget::File("-weird.py".into()));
    }

    #[test]
    fn isolated_implies_e_s_p() {
        let _runtime = crate::testing::hold_runtime();
        let (o, _, _) = run(&["-I", "-c", "pass"]);
        assert!(o.isolated && o.ignore_environment && o.no_user_site && o.safe_path);
    }

    #[test]
    fn errors_have_cpython_messages() {
        let _runtime = crate::testing::hold_runtime();
        let err = |args: &[&str]| match p(args) {
            CommandLine::UsageError(s) => s,
            other => panic!("expected error, got {other:?}"),
        };
        assert!(err(&["-z"]).starts_with("Unknown option: -z\nusage: python3.11 [option]"));
        assert!(err(&["-c"]).starts_with("Argument expected for the -c option\n"));
        assert!(err(&["--foo"]).starts_with("unknown option --foo\n"));
        assert!(err(&["-J"]).starts_with("-J is reserved for Jython\n"));
        assert!(err(&["--check-hash-based-pycs", "x"]).starts_with("--check-hash-based-pycs must be one of"));
        assert!(err(&["-c"]).ends_with("Try `python -h' for more information.\n"));
    }

    #[test]
    fn help_and_version() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(p(&["-V"]), CommandLine::Print("Python 3.11.7\n".into()));
        assert_eq!(p(&["-VV"]), CommandLine::Print("Python 3.11.7 (main) [x]\n".into()));
        let CommandLine::Print(h) = p(&["-h"]) else { panic!() };
        assert!(h.starts_with("usage: python3.11 [option]"));
        assert_eq!(h.lines().count(), 41);
        let CommandLine::Print(all) = p(&["--help-all"]) else { panic!() };
        assert_eq!(all.lines().count(), 142);
        assert!(all.contains("sys.argv[1:]\n\n\nEnvironment variables"));
    }
}
