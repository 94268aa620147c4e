//! The C-API harness checked against a library that is wrong on purpose: a tiny stand-in
//! `libpython3.11.so.1.0` whose PyOS_snprintf returns the truncated length, aborts for one
//! size, and lacks every other symbol. The harness must pass what matches, and fail the rest
//! with a diff, the differing status, or the missing symbols' names.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use ferrython_compat_tests::capi::{Harness, Outcome};
use ferrython_compat_tests::cpython::CPython;

const BROKEN_LIB: &str = r#"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va)
{
    if (size == 7)
        abort();
    int len = vsnprintf(str, size, format, va);
    /* Wrong on purpose: the length written, not the length needed. */
    return len >= (int)size ? (int)strlen(str) : len;
}
int PyOS_snprintf(char *str, size_t size, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int rc = PyOS_vsnprintf(str, size, format, va);
    va_end(va);
    return rc;
}
"#;

const PROGRAMS: &[(&str, &str)] = &[
    ("fits.c", "#include <Python.h>\n#include <stdio.h>\nint main(void) { char b[16];\n\
                int rc = PyOS_snprintf(b, sizeof b, \"%d\", 42); printf(\"%d %s\\n\", rc, b); return 0; }\n"),
    ("truncates.c", "#include <Python.h>\n#include <stdio.h>\nint main(void) { char b[16];\n\
                     puts(\"same line\");\n\
                     int rc = PyOS_snprintf(b, 4, \"%s\", \"abcdef\"); printf(\"%d %s\\n\", rc, b); return 0; }\n"),
    ("aborts.c", "#include <Python.h>\n#include <stdio.h>\nint main(void) { char b[16];\n\
                  PyOS_snprintf(b, 7, \"%s\", \"x\"); puts(b); return 0; }\n"),
    ("needs_long.cpp", "#include <Python.h>\n#include <cstdio>\n\
                        int main(int argc, char **) { if (argc > 5) PyLong_FromLong(1); std::puts(\"hi\"); return 0; }\n"),
    ("exit3.c", "// compat: expect-exit=3\n// compat: args=a \"b c\"\n#include <Python.h>\n#include <stdio.h>\n\
                 int main(int argc, char **argv) { printf(\"%d %s\\n\", argc, argv[2]); return 3; }\n"),
    ("wrong_expectation.c", "// compat: expect-exit=1\n#include <Python.h>\nint main(void) { return 0; }\n"),
    ("skipped.c", "// compat: skip=not on this platform\nint main(void) { return 1; }\n"),
];

fn build_broken_library(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    let src = dir.join("broken.c");
    fs::write(&src, BROKEN_LIB).unwrap();
    let lib = dir.join("libpython3.11.so.1.0");
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-Wl,-soname,libpython3.11.so.1.0", "-o"])
        .arg(&lib)
        .arg(&src)
        .status()
        .unwrap();
    assert!(status.success(), "cannot build the stand-in library");
    let link = dir.join("libpython3.11.so");
    let _ = fs::remove_file(&link);
    std::os::unix::fs::symlink("libpython3.11.so.1.0", &link).unwrap();
}

#[test]
fn harness_tells_matching_from_differing_programs() {
    let cpython = CPython::find().unwrap_or_else(|e| panic!("{e}"));
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("harness-selftest");
    let _ = fs::remove_dir_all(&root);
    let lib_dir = root.join("lib");
    build_broken_library(&lib_dir);
    let src_dir = root.join("programs");
    fs::create_dir_all(&src_dir).unwrap();
    let programs: Vec<PathBuf> = PROGRAMS
        .iter()
        .map(|(name, text)| {
            let p = src_dir.join(name);
            fs::write(&p, text).unwrap();
            p
        })
        .collect();

    let harness = Harness::new(cpython, lib_dir, root.join("build"));
    let results = harness.run_all(&programs, 2);
    let outcome = |name: &str| {
        results
            .iter()
            .find(|r| r.name == name)
            .unwrap()
            .outcome
            .clone()
    };

    assert_eq!(outcome("fits.c"), Outcome::Passed);
    assert_eq!(outcome("exit3.c"), Outcome::Passed);
    assert_eq!(
        outcome("skipped.c"),
        Outcome::Skipped("not on this platform".into())
    );

    let Outcome::Failed(why) = outcome("truncates.c") else {
        panic!("truncates.c should fail")
    };
    assert!(
        why.starts_with("stdout differs:\n--- stdout on cpython\n+++ stdout on ferrython\n"),
        "{why}"
    );
    assert!(why.contains("\n same line\n-6 abc\n+3 abc\n"), "{why}");

    let Outcome::Failed(why) = outcome("aborts.c") else {
        panic!("aborts.c should fail")
    };
    assert!(
        why.starts_with("status: cpython exit 0, ferrython signal 6 (SIGABRT)"),
        "{why}"
    );

    assert_eq!(
        outcome("needs_long.cpp"),
        Outcome::Failed("our library lacks 1 symbol(s) this program uses: PyLong_FromLong".into())
    );

    let Outcome::Failed(why) = outcome("wrong_expectation.c") else {
        panic!("wrong_expectation.c should fail")
    };
    assert!(
        why.contains("on CPython itself the program ended with exit 0 (expected exit 1)"),
        "{why}"
    );

    // Artifacts stay in the build directory, one folder per program.
    assert!(
        root.join("build/fits.c/cpython").is_file()
            && root.join("build/fits.c/ferrython").is_file()
    );
}
