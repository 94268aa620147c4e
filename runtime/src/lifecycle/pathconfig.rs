//! Path computation (CPython 3.11's Modules/getpath.py, POSIX branch): the executable, the
//! base executable of a virtual environment (pyvenv.cfg `home`), prefix/exec_prefix found by
//! landmarks (`lib/python3.11/os.py`, `lib/python3.11/lib-dynload`), PYTHONHOME, PYTHONPATH,
//! the stdlib directory and `sys.path`'s initial entries. Pure Rust over strings so it can be
//! tested without an interpreter; initconfig moves the results into a PyConfig.
//!
//! As in 3.11, a venv does not change `prefix` here: `site` sets `sys.prefix` to the venv.

use std::path::Path;

/// `sys.version_info[:2]` as used in landmark names.
const VERSION_DIR: &str = "python3.11";
/// The zip landmark `python311.zip`.
const ZIP_NAME: &str = "python311.zip";

/// The compiled-in installation prefix (CPython's `PREFIX`), used when no landmark is found
/// from the executable (an embedding program living elsewhere). Set at build time through
/// `FERRYTHON_PREFIX`; otherwise the CPython 3.11 installation whose stdlib we run.
pub const DEFAULT_PREFIX: &str = match option_env!("FERRYTHON_PREFIX") {
    Some(p) => p,
    None => "/root/.pyenv/versions/3.11.7",
};
/// `EXEC_PREFIX` (same as PREFIX unless configured).
pub const DEFAULT_EXEC_PREFIX: &str = match option_env!("FERRYTHON_EXEC_PREFIX") {
    Some(p) => p,
    None => DEFAULT_PREFIX,
};
/// The default `platlibdir`.
pub const DEFAULT_PLATLIBDIR: &str = "lib";
/// The default program name when argv[0] is empty.
pub const DEFAULT_PROGRAM_NAME: &str = "python3";

/// What path computation reads (the PyConfig fields and environment getpath.py reads).
#[derive(Debug, Clone, Default)]
pub struct PathInputs {
    pub program_name: String,
    /// Fields already set by the embedder (empty: compute).
    pub executable: String,
    pub base_executable: String,
    pub home: String,
    pub prefix: String,
    pub exec_prefix: String,
    pub base_prefix: String,
    pub base_exec_prefix: String,
    pub platlibdir: String,
    pub stdlib_dir: String,
    /// PYTHONPATH from the environment (None when unset or ignored).
    pub pythonpath_env: Option<String>,
    /// `module_search_paths` when already set by the embedder.
    pub module_search_paths: Option<Vec<String>>,
    /// `Py_SetPath` value.
    pub py_setpath: Option<String>,
    /// The `PATH` environment variable.
    pub env_path: Option<String>,
    /// `PYTHONEXECUTABLE` (macOS only in CPython; read only there) -- kept None on Linux.
    pub env_pythonexecutable: Option<String>,
    /// The working directory for relative paths.
    pub cwd: String,
    /// Warnings are printed to stderr when set (`pathconfig_warnings`).
    pub warnings: bool,
}

/// What path computation produces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathOutputs {
    pub program_name: String,
    pub home: String,
    pub executable: String,
    pub base_executable: String,
    pub prefix: String,
    pub exec_prefix: String,
    pub base_prefix: String,
    pub base_exec_prefix: String,
    pub platlibdir: String,
    pub stdlib_dir: String,
    pub module_search_paths: Vec<String>,
    /// True when a `._pth` file made the configuration isolated.
    pub pth_isolated: bool,
    /// `import site` line in the `._pth` file.
    pub pth_site_import: bool,
    /// Warnings getpath would print.
    pub warnings: Vec<String>,
}

/// getpath's `dirname`: everything before the last separator, so "/usr" gives "" and a search
/// upwards never looks in the root directory itself (as CPython's).
fn dirname(p: &str) -> String {
    match p.rfind('/') {
        Some(i) => p[..i].to_string(),
        None => String::new(),
    }
}

fn basename(p: &str) -> &str {
    match p.rfind('/') {
        Some(i) => &p[i + 1..],
        None => p,
    }
}

/// getpath's `joinpath`: an absolute second part replaces the first.
fn joinpath(a: &str, b: &str) -> String {
    if b.starts_with('/') || a.is_empty() {
        return b.to_string();
    }
    if a.ends_with('/') {
        format!("{a}{b}")
    } else {
        format!("{a}/{b}")
    }
}

/// getpath's `abspath`: joins with the working directory and normalizes `.`/`..`/`//`
/// lexically (CPython's `_Py_normpath`), without resolving links.
pub fn abspath(p: &str, cwd: &str) -> String {
    let joined = if p.starts_with('/') {
        p.to_string()
    } else {
        joinpath(cwd, p)
    };
    normpath(&joined)
}

/// `_Py_normpath` for POSIX absolute or relative paths.
pub fn normpath(p: &str) -> String {
    if p.is_empty() {
        return ".".to_string();
    }
    let absolute = p.starts_with('/');
    // POSIX keeps exactly two leading slashes.
    let lead = if p.starts_with("//") && !p.starts_with("///") {
        "//"
    } else if absolute {
        "/"
    } else {
        ""
    };
    let mut parts: Vec<&str> = Vec::new();
    for comp in p.split('/') {
        match comp {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            c => parts.push(c),
        }
    }
    let body = parts.join("/");
    let out = format!("{lead}{body}");
    if out.is_empty() {
        ".".to_string()
    } else {
        out
    }
}

fn isfile(p: &str) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file())
}

fn isdir(p: &str) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_dir())
}

fn isxfile(p: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn realpath(p: &str) -> Option<String> {
    std::fs::canonicalize(p)
        .ok()
        .and_then(|x| x.to_str().map(str::to_string))
}

fn readlines(p: &str) -> Option<Vec<String>> {
    let bytes = std::fs::read(p).ok()?;
    Some(
        String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

fn search_up(start: &str, landmarks: &[String], test: fn(&str) -> bool) -> Option<String> {
    let mut prefix = start.to_string();
    while !prefix.is_empty() {
        if landmarks.iter().any(|l| test(&joinpath(&prefix, l))) {
            return Some(prefix);
        }
        let parent = dirname(&prefix);
        if parent == prefix {
            break;
        }
        prefix = parent;
    }
    None
}

/// Reads `key = value` from a pyvenv.cfg text (keys case-insensitive, first match wins).
pub fn pyvenv_value(lines: &[String], key: &str) -> Option<String> {
    lines.iter().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().to_string())
    })
}

/// Computes the paths from `inp` as getpath.py does on Linux.
pub fn compute(inp: &PathInputs) -> PathOutputs {
    let mut out = PathOutputs::default();
    let cwd = inp.cwd.as_str();
    let platlibdir = if inp.platlibdir.is_empty() {
        DEFAULT_PLATLIBDIR.to_string()
    } else {
        inp.platlibdir.clone()
    };
    let stdlib_subdir = format!("{platlibdir}/{VERSION_DIR}");
    let stdlib_landmarks = vec![
        format!("{stdlib_subdir}/os.py"),
        format!("{stdlib_subdir}/os.pyc"),
    ];
    let platstdlib_landmark = vec![format!("{platlibdir}/{VERSION_DIR}/lib-dynload")];
    let zip_landmark = format!("{platlibdir}/{ZIP_NAME}");

    let mut program_name = inp.program_name.clone();
    if program_name.is_empty() {
        program_name = DEFAULT_PROGRAM_NAME.to_string();
    }
    let mut executable = inp.executable.clone();
    let mut base_executable = inp.base_executable.clone();
    let mut real_executable = String::new();
    let mut executable_dir = String::new();
    let mut real_executable_dir = String::new();
    let mut prefix = inp.prefix.clone();
    let mut exec_prefix = inp.exec_prefix.clone();
    let mut stdlib_dir: Option<String> =
        (!inp.stdlib_dir.is_empty()).then(|| inp.stdlib_dir.clone());
    let mut platstdlib_dir: Option<String> = None;
    let py_setpath = inp.py_setpath.as_deref().filter(|s| !s.is_empty());

    if py_setpath.is_some() && executable.is_empty() {
        executable = real_executable.clone();
    }
    if executable.is_empty() && program_name.contains('/') {
        executable = abspath(&program_name, cwd);
    }
    if executable.is_empty() {
        executable = real_executable.clone();
    }
    if executable.is_empty() {
        if let Some(path) = inp.env_path.as_deref().filter(|p| !p.is_empty()) {
            for dir in path.split(':') {
                let candidate = joinpath(dir, &program_name);
                if isxfile(&candidate) {
                    executable = candidate;
                    break;
                }
            }
        }
    }
    if executable.is_empty() {
        executable_dir = abspath(".", cwd);
        real_executable_dir = executable_dir.clone();
    }

    let home_was_set = !inp.home.is_empty();
    let home = inp.home.clone();

    // A virtual environment: pyvenv.cfg beside the executable's directory or in it.
    if home.is_empty() && py_setpath.is_none() {
        let dir2 = if executable_dir.is_empty() {
            dirname(&executable)
        } else {
            executable_dir.clone()
        };
        let dir1 = dirname(&dir2);
        let cfg = readlines(&joinpath(&dir1, "pyvenv.cfg"))
            .or_else(|| readlines(&joinpath(&dir2, "pyvenv.cfg")));
        if let Some(home_value) = cfg.as_deref().and_then(|l| pyvenv_value(l, "home")) {
            executable_dir = home_value.clone();
            real_executable_dir = home_value;
            if base_executable.is_empty() {
                if let Some(r) = realpath(&executable) {
                    if r != executable {
                        base_executable = r;
                    }
                }
                if base_executable.is_empty() {
                    base_executable = joinpath(&executable_dir, basename(&executable));
                    if !isfile(&base_executable) {
                        let base_exe = basename(&executable).to_string();
                        for cand in [DEFAULT_PROGRAM_NAME.to_string(), VERSION_DIR.to_string()] {
                            if base_exe == cand {
                                continue;
                            }
                            let c = joinpath(&executable_dir, &cand);
                            if isfile(&c) {
                                base_executable = c;
                                break;
                            }
                        }
                    }
                }
            }
        }
    }
    if base_executable.is_empty() {
        base_executable = if !executable.is_empty() {
            executable.clone()
        } else {
            real_executable.clone()
        };
    }
    if real_executable.is_empty() {
        real_executable = base_executable.clone();
    }
    if let Some(r) = realpath(&real_executable) {
        real_executable = r;
    }
    if executable_dir.is_empty() {
        executable_dir = dirname(&real_executable);
        real_executable_dir = executable_dir.clone();
    }
    if real_executable_dir.is_empty() {
        real_executable_dir = dirname(&real_executable);
    }
    let _ = &real_executable_dir;

    // Prefixes.
    if py_setpath.is_some() {
        prefix.clear();
        exec_prefix.clear();
    } else {
        if !home.is_empty() {
            match home.split_once(':') {
                Some((p, e)) => {
                    prefix = p.to_string();
                    exec_prefix = e.to_string();
                }
                None => {
                    prefix = home.clone();
                    exec_prefix = home.clone();
                }
            }
            stdlib_dir = None;
        }
        if !executable_dir.is_empty() && prefix.is_empty() {
            if let Some(p) = search_up(&executable_dir, std::slice::from_ref(&zip_landmark), isfile)
            {
                let sd = joinpath(&p, &stdlib_subdir);
                stdlib_dir = isdir(&sd).then_some(sd);
                prefix = p;
            }
        }
        if !executable_dir.is_empty() && prefix.is_empty() {
            if let Some(p) = search_up(&executable_dir, &stdlib_landmarks, isfile) {
                if stdlib_dir.is_none() {
                    stdlib_dir = Some(joinpath(&p, &stdlib_subdir));
                }
                prefix = p;
            }
        }
        if prefix.is_empty() {
            prefix = DEFAULT_PREFIX.to_string();
            if !stdlib_landmarks
                .iter()
                .any(|l| isfile(&joinpath(&prefix, l)))
            {
                out.warnings
                    .push("Could not find platform independent libraries <prefix>".into());
            }
        }
        if exec_prefix.is_empty() && !executable_dir.is_empty() {
            exec_prefix =
                search_up(&executable_dir, &platstdlib_landmark, isdir).unwrap_or_default();
        }
        if exec_prefix.is_empty() {
            exec_prefix = DEFAULT_EXEC_PREFIX.to_string();
        }
        if !isdir(&joinpath(&exec_prefix, &platstdlib_landmark[0])) {
            out.warnings
                .push("Could not find platform dependent libraries <exec_prefix>".into());
        }
        if !out.warnings.is_empty() {
            out.warnings
                .push("Consider setting $PYTHONHOME to <prefix>[:<exec_prefix>]".into());
        }
    }

    // Module search path.
    let module_search_paths = if let Some(sp) = py_setpath {
        sp.split(':').map(str::to_string).collect()
    } else if let Some(set) = &inp.module_search_paths {
        set.clone()
    } else {
        let mut pythonpath = Vec::new();
        if let Some(env) = inp.pythonpath_env.as_deref().filter(|s| !s.is_empty()) {
            for p in env.split(':') {
                pythonpath.push(abspath(p, cwd));
            }
        }
        pythonpath.push(joinpath(&prefix, &zip_landmark));
        if stdlib_dir.is_none() && !prefix.is_empty() {
            stdlib_dir = Some(joinpath(&prefix, &stdlib_subdir));
        }
        if platstdlib_dir.is_none() && !exec_prefix.is_empty() {
            platstdlib_dir = Some(joinpath(&exec_prefix, &platstdlib_landmark[0]));
        }
        if let Some(s) = &stdlib_dir {
            pythonpath.push(s.clone());
        }
        if let Some(s) = &platstdlib_dir {
            pythonpath.push(s.clone());
        }
        pythonpath
    };
    if stdlib_dir.is_none() && !prefix.is_empty() && py_setpath.is_none() {
        stdlib_dir = Some(joinpath(&prefix, &stdlib_subdir));
    }

    // A `<executable>._pth` file (CPython reads it on every platform).
    if py_setpath.is_none() && !home_was_set {
        for p in [&executable, &real_executable] {
            if p.is_empty() {
                continue;
            }
            let candidate = format!("{p}._pth");
            if let Some(lines) = readlines(&candidate) {
                let dir = dirname(&candidate);
                let mut paths = Vec::new();
                for line in lines {
                    let line = line.split('#').next().unwrap_or("").trim().to_string();
                    if line.is_empty() {
                        continue;
                    } else if line == "import site" {
                        out.pth_site_import = true;
                    } else if line.starts_with("import ") {
                        out.warnings
                            .push("unsupported 'import' line in ._pth file".into());
                    } else {
                        paths.push(joinpath(&dir, &line));
                    }
                }
                out.pth_isolated = true;
                out.program_name = program_name.clone();
                out.module_search_paths = paths;
                break;
            }
        }
    }
    if !out.pth_isolated {
        out.module_search_paths = module_search_paths;
    }

    out.program_name = program_name;
    out.home = home;
    out.executable = executable;
    out.base_executable = base_executable;
    out.base_prefix = if inp.base_prefix.is_empty() {
        prefix.clone()
    } else {
        inp.base_prefix.clone()
    };
    out.base_exec_prefix = if inp.base_exec_prefix.is_empty() {
        exec_prefix.clone()
    } else {
        inp.base_exec_prefix.clone()
    };
    out.prefix = prefix;
    out.exec_prefix = exec_prefix;
    out.platlibdir = platlibdir;
    out.stdlib_dir = stdlib_dir.unwrap_or_default();
    out
}

/// The current working directory as a string ("" when unknown).
pub fn current_dir() -> String {
    std::env::current_dir()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_default()
}

/// True when `p` exists as a directory (for callers outside this file).
pub fn is_dir(p: &str) -> bool {
    Path::new(p).is_dir()
}

// ---------------------------------------------------------------------------------------------
// Process-wide path settings (CPython's `_Py_path_config`): what Py_SetPath / Py_SetPythonHome /
// Py_SetProgramName set before start-up, and the computed values Py_GetPath & co. return.
// The getters hand out pointers into wide strings kept here until the value changes (CPython
// keeps them until Py_Finalize's `_PyPathConfig_ClearGlobal`; ours live until replaced, so a
// pointer a program kept stays valid).

/// One kept wide string (NUL-terminated UTF-32).
type WBuf = Box<[libc::wchar_t]>;

#[derive(Default)]
struct Globals {
    /// Py_SetPath
    path: Option<String>,
    /// Py_SetPythonHome
    home: Option<String>,
    /// Py_SetProgramName
    program_name: Option<String>,
    /// Computed by start-up (Py_GetPath & co.).
    module_search_path: Option<String>,
    prefix: Option<String>,
    exec_prefix: Option<String>,
    program_full_path: Option<String>,
    /// Buffers handed out, by getter name; replaced buffers are kept (a pointer may still be
    /// in use) but only one per name and value.
    bufs: Vec<(&'static str, WBuf)>,
}

static GLOBALS: std::sync::Mutex<Option<Globals>> = std::sync::Mutex::new(None);

fn with_globals<R>(f: impl FnOnce(&mut Globals) -> R) -> R {
    let mut g = GLOBALS.lock().unwrap_or_else(|p| p.into_inner());
    f(g.get_or_insert_with(Globals::default))
}

/// Which setting a [`set_global`] call changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    /// Py_SetPath: the module search path (also clears computed prefixes, as CPython).
    Path,
    /// Py_SetPythonHome
    Home,
    /// Py_SetProgramName
    ProgramName,
}

/// Py_SetPath / Py_SetPythonHome / Py_SetProgramName (None or "" clears).
pub fn set_global(which: Global, value: Option<String>) {
    let value = value.filter(|v| !v.is_empty() || which == Global::Path);
    with_globals(|g| match which {
        Global::Path => {
            g.module_search_path = value.clone();
            g.prefix = Some(String::new());
            g.exec_prefix = Some(String::new());
            g.path = value;
        }
        Global::Home => g.home = value,
        Global::ProgramName => g.program_name = value,
    })
}

/// The Py_SetPath value, if any.
pub fn global_path() -> Option<String> {
    with_globals(|g| g.path.clone())
}

/// (Py_SetProgramName, Py_SetPythonHome) values.
pub fn global_names() -> (Option<String>, Option<String>) {
    with_globals(|g| (g.program_name.clone(), g.home.clone()))
}

/// Records the values start-up computed (`_PyPathConfig_UpdateGlobal`).
pub fn record_computed(out: &PathOutputs) {
    with_globals(|g| {
        g.module_search_path = Some(out.module_search_paths.join(":"));
        g.prefix = Some(out.prefix.clone());
        g.exec_prefix = Some(out.exec_prefix.clone());
        g.program_full_path = Some(out.executable.clone());
        if g.program_name.is_none() && !out.program_name.is_empty() {
            g.program_name = Some(out.program_name.clone());
        }
        if !out.home.is_empty() {
            g.home = Some(out.home.clone());
        }
    })
}

/// What a Py_Get* getter returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Getter {
    Path,
    Prefix,
    ExecPrefix,
    ProgramFullPath,
    PythonHome,
    ProgramName,
}

/// The current text of a getter (computing the paths first when start-up has not, as
/// CPython's Py_GetPath does).
pub fn getter_text(which: Getter) -> Option<String> {
    let need_compute = with_globals(|g| g.program_full_path.is_none() && g.path.is_none())
        && matches!(
            which,
            Getter::Path | Getter::Prefix | Getter::ExecPrefix | Getter::ProgramFullPath
        );
    if need_compute {
        let (program, home) = global_names();
        let out = compute(&PathInputs {
            program_name: program.unwrap_or_default(),
            home: home.unwrap_or_default(),
            pythonpath_env: std::env::var("PYTHONPATH").ok(),
            env_path: std::env::var("PATH").ok(),
            cwd: current_dir(),
            ..Default::default()
        });
        record_computed(&out);
    }
    with_globals(|g| match which {
        Getter::Path => g.module_search_path.clone(),
        Getter::Prefix => g.prefix.clone(),
        Getter::ExecPrefix => g.exec_prefix.clone(),
        Getter::ProgramFullPath => g.program_full_path.clone(),
        Getter::PythonHome => g.home.clone(),
        Getter::ProgramName => Some(
            g.program_name
                .clone()
                .unwrap_or_else(|| DEFAULT_PROGRAM_NAME.to_string()),
        ),
    })
}

/// A stable wide-string pointer for a getter's text (NULL when unset).
pub fn getter_wide(which: Getter) -> *const libc::wchar_t {
    let Some(text) = getter_text(which) else {
        return core::ptr::null();
    };
    let name: &'static str = match which {
        Getter::Path => "path",
        Getter::Prefix => "prefix",
        Getter::ExecPrefix => "exec_prefix",
        Getter::ProgramFullPath => "program_full_path",
        Getter::PythonHome => "home",
        Getter::ProgramName => "program_name",
    };
    let units: Vec<libc::wchar_t> = text
        .chars()
        .map(|c| c as libc::wchar_t)
        .chain([0])
        .collect();
    with_globals(|g| {
        if let Some((_, b)) = g
            .bufs
            .iter()
            .find(|(n, b)| *n == name && b[..] == units[..])
        {
            return b.as_ptr();
        }
        let b: WBuf = units.into_boxed_slice();
        let p = b.as_ptr();
        g.bufs.push((name, b));
        p
    })
}

/// Forgets the computed values (Py_FinalizeEx). Settings made with Py_Set* are kept, as in
/// CPython, and so are buffers already handed out.
pub fn fini() {
    with_globals(|g| {
        g.module_search_path = g.path.clone();
        g.prefix = None;
        g.exec_prefix = None;
        g.program_full_path = None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Runs python3.11 with `code` and returns its stdout lines.
    fn oracle(exe: &str, args: &[&str], code: &str) -> Option<Vec<String>> {
        let out = Command::new(exe)
            .args(args)
            .arg("-c")
            .arg(code)
            .env_remove("PYTHONPATH")
            .env_remove("PYTHONHOME")
            .output()
            .ok()?;
        out.status.success().then(|| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::to_string)
                .collect()
        })
    }

    const PRINT_PATHS: &str = "import sys; print(sys.executable); print(sys._base_executable); print(sys.prefix); print(sys.base_prefix); print(sys.exec_prefix); print(sys._stdlib_dir); print(sys.platlibdir); print(repr(sys.path[1:]))";

    fn ours(exe: &str, pythonpath: Option<&str>) -> PathOutputs {
        compute(&PathInputs {
            program_name: exe.to_string(),
            pythonpath_env: pythonpath.map(str::to_string),
            env_path: std::env::var("PATH").ok(),
            cwd: current_dir(),
            ..Default::default()
        })
    }

    fn repr_list(v: &[String]) -> String {
        format!(
            "[{}]",
            v.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    fn real_python() -> Option<String> {
        oracle(
            "python3.11",
            &["-S", "-E"],
            "import sys; print(sys.executable)",
        )
        .and_then(|l| l.into_iter().next())
    }

    #[test]
    fn normpath_and_abspath() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(normpath("/a/./b//c/../d"), "/a/b/d");
        assert_eq!(normpath("//x/y"), "//x/y");
        assert_eq!(normpath("/.."), "/");
        assert_eq!(
            abspath("bin/python3.11", "/opt/py"),
            "/opt/py/bin/python3.11"
        );
        assert_eq!(abspath("../x", "/opt/py"), "/opt/x");
        // getpath.c's dirname: the root directory is never a search step.
        assert_eq!(dirname("/python"), "");
        assert_eq!(dirname("/usr/bin"), "/usr");
        assert_eq!(joinpath("/a", "/b"), "/b");
    }

    #[test]
    fn real_executable_matches_cpython() {
        let _runtime = crate::testing::hold_runtime();
        let Some(exe) = real_python() else {
            panic!("python3.11 is needed as the oracle")
        };
        let want = oracle(&exe, &["-S", "-E"], PRINT_PATHS).unwrap();
        let got = ours(&exe, None);
        assert_eq!(got.executable, want[0]);
        assert_eq!(got.base_executable, want[1]);
        assert_eq!(got.prefix, want[2]);
        assert_eq!(got.base_prefix, want[3]);
        assert_eq!(got.exec_prefix, want[4]);
        assert_eq!(got.stdlib_dir, want[5]);
        assert_eq!(got.platlibdir, want[6]);
        assert_eq!(repr_list(&got.module_search_paths), want[7]);
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    }

    #[test]
    fn pythonpath_entries_come_first() {
        let _runtime = crate::testing::hold_runtime();
        let Some(exe) = real_python() else {
            panic!("python3.11 is needed as the oracle")
        };
        let out = Command::new(&exe)
            .args(["-S", "-c", "import sys; print(repr(sys.path[1:]))"])
            .env("PYTHONPATH", "/tmp/a:rel/b")
            .output()
            .unwrap();
        let want = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let got = ours(&exe, Some("/tmp/a:rel/b"));
        assert_eq!(repr_list(&got.module_search_paths), want);
    }

    #[test]
    fn venv_gets_base_executable_and_installation_prefix() {
        let _runtime = crate::testing::hold_runtime();
        let Some(exe) = real_python() else {
            panic!("python3.11 is needed as the oracle")
        };
        let dir = std::env::temp_dir().join(format!("fy-venv-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        let home = dirname(&exe);
        std::fs::write(
            dir.join("pyvenv.cfg"),
            format!("home = {home}\ninclude-system-site-packages = false\nversion = 3.11.7\n"),
        )
        .unwrap();
        let venv_exe = dir.join("bin/python3.11");
        std::os::unix::fs::symlink(&exe, &venv_exe).unwrap();
        let venv_exe = venv_exe.to_str().unwrap().to_string();
        let want = oracle(&venv_exe, &["-S", "-E"], PRINT_PATHS).unwrap();
        let got = ours(&venv_exe, None);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(got.executable, want[0]);
        assert_eq!(got.base_executable, want[1]);
        assert_eq!(got.prefix, want[2]);
        assert_eq!(got.base_prefix, want[3]);
        assert_eq!(got.stdlib_dir, want[5]);
        assert_eq!(repr_list(&got.module_search_paths), want[7]);
    }

    #[test]
    fn home_overrides_landmarks() {
        let _runtime = crate::testing::hold_runtime();
        let got = compute(&PathInputs {
            program_name: "/nowhere/bin/python3.11".into(),
            home: "/opt/a:/opt/b".into(),
            cwd: "/".into(),
            ..Default::default()
        });
        assert_eq!(got.prefix, "/opt/a");
        assert_eq!(got.exec_prefix, "/opt/b");
        assert_eq!(
            got.module_search_paths,
            [
                "/opt/a/lib/python311.zip",
                "/opt/a/lib/python3.11",
                "/opt/b/lib/python3.11/lib-dynload"
            ]
        );
        assert_eq!(got.stdlib_dir, "/opt/a/lib/python3.11");
    }
}
