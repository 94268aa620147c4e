//! Finding the real CPython 3.11: its executable, headers, library and stdlib.
//!
//! The oracle of every differential test. `python3.11` on PATH (often a pyenv shim) or env
//! `FERRYTHON_CPYTHON` is asked, through sysconfig, where its parts live; the answers are
//! real paths, so later runs bypass the shim.

use std::path::PathBuf;
use std::process::Command;

use crate::workspace::LIB_SONAME;

/// A CPython 3.11 installation built with `--enable-shared`.
#[derive(Debug, Clone)]
pub struct CPython {
    /// The real interpreter binary (`sys.executable`), not a shim.
    pub executable: PathBuf,
    /// `major.minor.micro`.
    pub version: String,
    /// `sysconfig.get_paths()["include"]`: the directory holding `Python.h`.
    pub include_dir: PathBuf,
    /// sysconfig `LIBDIR`: holds `libpython3.11.so.1.0` and the `libpython3.11.so` link.
    pub lib_dir: PathBuf,
    /// The real shared library.
    pub library: PathBuf,
    /// The stdlib (`Lib/`), which holds `test/`.
    pub stdlib_dir: PathBuf,
    /// `lib-dynload/`: the C extension modules of the stdlib.
    pub dynload_dir: PathBuf,
}

/// Prints one fact per line, in the order [`CPython::find`] reads them.
const QUERY: &str = "\
import os, sys, sysconfig
print(os.path.realpath(sys.executable))
print('%d.%d.%d' % sys.version_info[:3])
print(sysconfig.get_paths()['include'])
print(sysconfig.get_config_var('LIBDIR') or '')
print(sysconfig.get_config_var('INSTSONAME') or '')
print(sysconfig.get_paths()['stdlib'])
print(sysconfig.get_config_var('DESTSHARED') or '')
";

impl CPython {
    /// The command that names CPython: env `FERRYTHON_CPYTHON`, else `python3.11`.
    pub fn command_name() -> String {
        match std::env::var("FERRYTHON_CPYTHON") {
            Ok(v) if !v.is_empty() => v,
            _ => "python3.11".to_string(),
        }
    }

    /// Finds CPython 3.11 or explains why it cannot be used.
    pub fn find() -> Result<Self, String> {
        Self::find_with(&Self::command_name())
    }

    /// Asks the interpreter `name` (a path or a command on PATH) where its parts are.
    pub fn find_with(name: &str) -> Result<Self, String> {
        // Our library may be first on LD_LIBRARY_PATH in the caller's environment; the
        // oracle must run on its own.
        let output = Command::new(name)
            .arg("-c")
            .arg(QUERY)
            .env_remove("LD_LIBRARY_PATH")
            .output()
            .map_err(|e| {
                format!(
                    "CPython 3.11 not found: cannot run `{name}` ({e}); put python3.11 on PATH or set \
                     FERRYTHON_CPYTHON to its path"
                )
            })?;
        if !output.status.success() {
            return Err(format!(
                "CPython 3.11 not usable: `{name}` failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() < 7 {
            return Err(format!(
                "CPython 3.11 not usable: unexpected answer from `{name}`: {text:?}"
            ));
        }
        let version = lines[1].to_string();
        if !version.starts_with("3.11.") {
            return Err(format!(
                "`{name}` is CPython {version}, not 3.11; set FERRYTHON_CPYTHON to a python3.11"
            ));
        }
        let lib_dir = PathBuf::from(lines[3]);
        let soname = if lines[4].is_empty() {
            LIB_SONAME
        } else {
            lines[4]
        };
        let library = lib_dir.join(soname);
        if !library.is_file() {
            return Err(format!(
                "CPython {version} at {} was not built with --enable-shared: no {}",
                lines[0],
                library.display()
            ));
        }
        let stdlib_dir = PathBuf::from(lines[5]);
        let dynload_dir = if lines[6].is_empty() {
            stdlib_dir.join("lib-dynload")
        } else {
            PathBuf::from(lines[6])
        };
        let include_dir = PathBuf::from(lines[2]);
        if !include_dir.join("Python.h").is_file() {
            return Err(format!(
                "CPython {version}: no Python.h in {}",
                include_dir.display()
            ));
        }
        Ok(CPython {
            executable: PathBuf::from(lines[0]),
            version,
            include_dir,
            lib_dir,
            library,
            stdlib_dir,
            dynload_dir,
        })
    }

    /// `Lib/test`: CPython's regression suite.
    pub fn test_dir(&self) -> PathBuf {
        self.stdlib_dir.join("test")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_installed_python311() {
        let py = CPython::find().expect("compat tests need CPython 3.11");
        assert!(py.version.starts_with("3.11."));
        assert!(py.executable.is_file());
        assert!(py.library.ends_with(LIB_SONAME));
        assert!(py.include_dir.join("Python.h").is_file());
        assert!(py.test_dir().join("test_bool.py").is_file());
        assert!(py.dynload_dir.is_dir());
    }

    #[test]
    fn a_missing_interpreter_is_a_clear_error() {
        let err = CPython::find_with("/nonexistent/python3.11").unwrap_err();
        assert!(
            err.starts_with("CPython 3.11 not found: cannot run `/nonexistent/python3.11`"),
            "{err}"
        );
        assert!(err.contains("FERRYTHON_CPYTHON"));
    }
}
