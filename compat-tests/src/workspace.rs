//! Where things are in the repository and where our built library is looked for.

use std::path::{Path, PathBuf};

/// The file name the dynamic loader looks for (CPython's SONAME, which ours carries too).
pub const LIB_SONAME: &str = "libpython3.11.so.1.0";
/// The development link `-lpython3.11` resolves to.
pub const LIB_LINK_NAME: &str = "libpython3.11.so";

/// The workspace root (the directory holding the top `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `compat-tests/` in the source tree.
pub fn compat_tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `compat-tests/capi/`: the C and C++ programs of the differential test.
pub fn capi_dir() -> PathBuf {
    compat_tests_dir().join("capi")
}

/// The directory holding our `libpython3.11.so.1.0`: env `FERRYTHON_LIB_DIR`, else
/// `<workspace>/target/release` (where `make` puts it).
pub fn default_lib_dir() -> PathBuf {
    match std::env::var_os("FERRYTHON_LIB_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root().join("target").join("release"),
    }
}

/// Our library as found from a `--lib` argument naming either its directory or the file.
#[derive(Debug, Clone)]
pub struct OurLibrary {
    pub dir: PathBuf,
    pub file: PathBuf,
}

impl OurLibrary {
    /// Resolves `arg` (directory or file) and checks that the library is there.
    pub fn locate(arg: &Path) -> Result<Self, String> {
        // A path that does not exist is taken as the directory, unless it names the file.
        let names_file = arg.file_name().is_some_and(|n| n == LIB_SONAME);
        let (dir, file) = if arg.is_dir() || (!arg.exists() && !names_file) {
            (arg.to_path_buf(), arg.join(LIB_SONAME))
        } else {
            let dir = arg
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            (dir, arg.to_path_buf())
        };
        if !file.is_file() {
            return Err(format!(
                "run `make` first (no {LIB_SONAME} in {})",
                dir.display()
            ));
        }
        Ok(OurLibrary { dir, file })
    }

    /// Like [`OurLibrary::locate`], and also requires the `libpython3.11.so` link that
    /// `-lpython3.11` needs.
    pub fn locate_for_linking(dir: &Path) -> Result<Self, String> {
        let lib = Self::locate(dir)?;
        if !lib.dir.join(LIB_LINK_NAME).exists() {
            return Err(format!(
                "run `make` first (no {LIB_LINK_NAME} link beside {} in {})",
                LIB_SONAME,
                lib.dir.display()
            ));
        }
        Ok(lib)
    }
}

impl OurLibrary {
    /// Checks that `executable`, run with `LD_LIBRARY_PATH` set to our directory, really
    /// initialises our library. The loader silently skips a file it cannot use and goes on
    /// to the executable's RUNPATH, which for CPython's `python3.11` is CPython's own library:
    /// without this check a broken build would quietly be tested as CPython.
    pub fn verify_loaded_by(&self, executable: &Path) -> Result<(), String> {
        let output = std::process::Command::new(executable)
            .args(["-c", "pass"])
            .env("LD_LIBRARY_PATH", &self.dir)
            .env("LD_DEBUG", "libs")
            .current_dir(std::env::temp_dir())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", executable.display()))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let loaded = log
            .lines()
            .filter_map(|l| l.split_once("calling init: ").map(|(_, path)| path.trim()))
            .find(|path| path.ends_with(LIB_SONAME));
        let Some(loaded) = loaded else {
            // Nothing initialised a libpython: loading failed outright, which the runs report.
            return Ok(());
        };
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        };
        let loaded = Path::new(loaded);
        if same(loaded, &self.file) || loaded.parent().is_some_and(|d| same(d, &self.dir)) {
            Ok(())
        } else {
            Err(format!(
                "{} loaded {} instead of our {} (is ours a valid shared library?)",
                executable.display(),
                loaded.display(),
                self.file.display()
            ))
        }
    }
}

/// Number of parallel jobs to use by default: the machine's cores.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_reports_missing_library_with_make_hint() {
        let dir = std::env::temp_dir().join(format!("ferrython-ws-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let err = OurLibrary::locate(&dir.join("absent")).unwrap_err();
        assert_eq!(
            err,
            format!(
                "run `make` first (no libpython3.11.so.1.0 in {}/absent)",
                dir.display()
            )
        );
        let err = OurLibrary::locate(&dir).unwrap_err();
        assert_eq!(
            err,
            format!(
                "run `make` first (no libpython3.11.so.1.0 in {})",
                dir.display()
            )
        );
        std::fs::write(dir.join(LIB_SONAME), b"x").unwrap();
        let found = OurLibrary::locate(&dir).unwrap();
        assert_eq!(found.file, dir.join(LIB_SONAME));
        // A file argument resolves to its directory.
        let by_file = OurLibrary::locate(&dir.join(LIB_SONAME)).unwrap();
        assert_eq!(by_file.dir, dir);
        // Linking also needs the unversioned link.
        assert!(OurLibrary::locate_for_linking(&dir)
            .unwrap_err()
            .contains("libpython3.11.so link"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unusable_library_is_caught_not_replaced_by_cpythons() {
        let py = crate::cpython::CPython::find().expect("compat tests need CPython 3.11");
        let dir = std::env::temp_dir().join(format!("ferrython-ws-verify-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // A copy of the real library marked 32-bit: the loader skips a file of the wrong ELF
        // class without a word and falls back to python3.11's RUNPATH.
        let mut image = std::fs::read(&py.library).unwrap();
        image[4] = 1; // EI_CLASS = ELFCLASS32
        std::fs::write(dir.join(LIB_SONAME), image).unwrap();
        let ours = OurLibrary::locate(&dir).unwrap();
        let err = ours.verify_loaded_by(&py.executable).unwrap_err();
        assert!(err.contains(&py.library.display().to_string()), "{err}");
        // CPython's own directory passes the same check.
        let theirs = OurLibrary::locate(&py.lib_dir).unwrap();
        assert_eq!(theirs.verify_loaded_by(&py.executable), Ok(()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
