//! The os helper's modules (posix, errno, _stat, pwd, time, atexit, _signal, _locale) called
//! through the C-level call API; expected values come from running python3.11 on the same
//! files, or are python3.11's printed results.

use crate::abi::*;
use crate::errors;
use crate::objects::object::{self as obj, Ref};
use crate::objects::{bytesobject, call, listobject, longobject, tupleobject, unicodeobject};
use core::ptr::null_mut;
use std::process::Command;

type Outcome = Result<Ref, String>;

/// The pending exception as "TypeName: message", cleared.
unsafe fn err_text() -> String {
    let Some((t, v, _tb)) = errors::fetch_normalized() else {
        return "<no exception>".into();
    };
    let name = obj::type_name_of(t.as_ptr().cast()).into_owned();
    let msg = match obj::str(v.as_ptr()) {
        Ok(s) => obj::str_text(s.as_ptr()),
        Err(_) => {
            errors::clear();
            "<unprintable>".into()
        }
    };
    format!("{name}: {msg}")
}

unsafe fn show(r: Outcome) -> String {
    match r {
        Ok(v) => match obj::repr(v.as_ptr()) {
            Ok(s) => obj::str_text(s.as_ptr()),
            Err(_) => err_text(),
        },
        Err(e) => e,
    }
}

struct Module(Ref);

impl Module {
    unsafe fn load(init: unsafe extern "C" fn() -> *mut PyObject) -> Module {
        let m = init();
        if m.is_null() {
            panic!("init failed: {}", err_text());
        }
        Module(Ref::from_raw(m))
    }

    unsafe fn attr(&self, name: &str) -> Ref {
        obj::get_attr_str(self.0.as_ptr(), name)
            .unwrap_or_else(|_| panic!("{name}: {}", err_text()))
    }

    unsafe fn call_raw(
        &self,
        name: &str,
        args: &[*mut PyObject],
        kwargs: &[(&str, *mut PyObject)],
    ) -> Outcome {
        let f = self.attr(name);
        call_with(f.as_ptr(), args, kwargs)
    }

    /// `repr(module.name(*args, **kwargs))` or "Exc: message".
    unsafe fn call(
        &self,
        name: &str,
        args: &[*mut PyObject],
        kwargs: &[(&str, *mut PyObject)],
    ) -> String {
        show(self.call_raw(name, args, kwargs))
    }

    unsafe fn names(&self) -> Vec<String> {
        let d = crate::objects::moduleobject::get_dict(self.0.as_ptr()).unwrap();
        let mut pos = 0;
        let mut out = Vec::new();
        while let Some((k, _)) = crate::objects::dictobject::next(d, &mut pos) {
            let name = unicodeobject::to_string_lossy(k);
            if name != "__loader__" && name != "__spec__" {
                out.push(name);
            }
        }
        out.sort();
        out
    }
}

unsafe fn call_with(
    f: *mut PyObject,
    args: &[*mut PyObject],
    kwargs: &[(&str, *mut PyObject)],
) -> Outcome {
    let mut stack = args.to_vec();
    let mut names = Vec::new();
    for (k, v) in kwargs {
        names.push(unicodeobject::new_str(k).unwrap());
        stack.push(*v);
    }
    let kwnames = if names.is_empty() {
        None
    } else {
        Some(tupleobject::from_refs(names).unwrap())
    };
    call::vectorcall(
        f,
        &stack,
        kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
    )
    .map_err(|_| err_text())
}

fn int(v: i64) -> Ref {
    longobject::from_i64(v).unwrap()
}

fn s(text: &str) -> Ref {
    unicodeobject::new_str(text).unwrap()
}

fn b(bytes: &[u8]) -> Ref {
    bytesobject::from_slice(bytes).unwrap()
}

/// Runs python3.11 with `code` and returns its stdout lines.
fn python(code: &str) -> Vec<String> {
    let out = Command::new("python3.11")
        .args(["-S", "-c", code])
        .output()
        .expect("python3.11 runs");
    assert!(
        out.status.success(),
        "python3.11 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// `dir(module)` names of python3.11's module, without the dunders that a module object
/// gets from the import system.
fn python_dir(module: &str) -> Vec<String> {
    let mut v: Vec<String> = python(&format!(
        "import {module}\nfor n in dir({module}): print(n)"
    ))
    .into_iter()
    .filter(|n| {
        !matches!(
            n.as_str(),
            "__loader__" | "__spec__" | "__file__" | "__builtins__" | "__cached__"
        )
    })
    .collect();
    v.sort();
    v
}

unsafe fn get_attr_repr(o: *mut PyObject, name: &str) -> String {
    show(obj::get_attr_str(o, name).map_err(|_| err_text()))
}

#[test]
fn os_modules_match_python311() {
    let _runtime = crate::testing::hold_runtime();
    // One test: the runtime (thread state, GIL) belongs to the thread that initialized it.
    crate::testing::init();
    unsafe {
        let dir = std::env::temp_dir().join(format!("ferrython-os-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let posix = Module::load(super::init_module);
        posix_names(&posix);
        stat_and_errors(&posix, &dir);
        directories(&posix, &dir);
        descriptors(&posix, &dir);
        environment(&posix);
        processes(&posix);
        small_modules();
        time_module();
        signals();
        atexit_order();
        reinitialise();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

unsafe fn posix_names(posix: &Module) {
    let ours = posix.names();
    let theirs = python_dir("posix");
    let missing: Vec<&String> = theirs.iter().filter(|n| !ours.contains(n)).collect();
    let extra: Vec<&String> = ours.iter().filter(|n| !theirs.contains(n)).collect();
    assert!(missing.is_empty(), "posix lacks {missing:?}");
    assert!(extra.is_empty(), "posix has extra {extra:?}");
    // Constants have python3.11's values.
    let consts = python("import posix\nfor n in dir(posix):\n  v=getattr(posix,n)\n  if type(v) is int: print(n, v)");
    for line in consts {
        let (name, value) = line.split_once(' ').unwrap();
        assert_eq!(show(Ok(posix.attr(name))), value, "posix.{name}");
    }
    assert_eq!(
        show(Ok(posix.attr("_have_functions"))),
        python("import posix; print(posix._have_functions)")[0]
    );
}

unsafe fn stat_and_errors(posix: &Module, dir: &std::path::Path) {
    let file = dir.join("data.txt");
    std::fs::write(&file, b"hello world\n").unwrap();
    let fname = file.to_str().unwrap();
    let fields = [
        "st_mode",
        "st_ino",
        "st_dev",
        "st_nlink",
        "st_uid",
        "st_gid",
        "st_size",
        "st_atime_ns",
        "st_mtime_ns",
        "st_ctime_ns",
        "st_blksize",
        "st_blocks",
        "st_rdev",
        "st_mtime",
    ];
    let expected = python(&format!(
        "import os\nst=os.stat({fname:?})\nfor f in {fields:?}: print(repr(getattr(st,f)))\nprint(st[:7]); print(st[8]); print(type(st).n_fields, type(st).n_sequence_fields, type(st).n_unnamed_fields)"
    ));
    let st = posix.call_raw("stat", &[s(fname).as_ptr()], &[]).unwrap();
    for (i, f) in fields.iter().enumerate() {
        assert_eq!(get_attr_repr(st.as_ptr(), f), expected[i], "{f}");
    }
    let head = crate::objects::tupleobject::slice(st.as_ptr(), 0, 7).unwrap();
    assert_eq!(show(Ok(head)), expected[fields.len()]);
    assert_eq!(
        show(Ok(obj::new_ref(*tupleobject::items(st.as_ptr()).add(8)))),
        expected[fields.len() + 1]
    );
    let tp = obj::py_type(st.as_ptr()).cast();
    let counts = format!(
        "{} {} {}",
        get_attr_repr(tp, "n_fields"),
        get_attr_repr(tp, "n_sequence_fields"),
        get_attr_repr(tp, "n_unnamed_fields")
    );
    assert_eq!(counts, expected[fields.len() + 2]);
    assert_eq!(get_attr_repr(tp, "__name__"), "'stat_result'");
    let ten = tupleobject::from_refs((0..10).map(int).collect()).unwrap();
    let made = call_with(tp, &[ten.as_ptr()], &[]).unwrap();
    assert_eq!(
        format!(
            "{} {}",
            get_attr_repr(made.as_ptr(), "st_mtime"),
            get_attr_repr(made.as_ptr(), "st_blksize")
        ),
        "8 None"
    );
    let sp = posix.attr("sched_param");
    assert_eq!(
        show(call_with(
            sp.as_ptr(),
            &[],
            &[("sched_priority", int(3).as_ptr())]
        )),
        "posix.sched_param(sched_priority=3)"
    );
    assert_eq!(
        show(call_with(sp.as_ptr(), &[], &[])),
        "TypeError: sched_param() missing required argument 'sched_priority' (pos 1)"
    );
    // bytes paths, lstat, fstat agree on the inode.
    let ino = get_attr_repr(st.as_ptr(), "st_ino");
    let st_b = posix
        .call_raw("lstat", &[b(fname.as_bytes()).as_ptr()], &[])
        .unwrap();
    assert_eq!(get_attr_repr(st_b.as_ptr(), "st_ino"), ino);
    // Errors: python3.11's messages and exception classes.
    let cases = python(
        "import os\nfor f in (lambda: os.stat('/nonexistent/x'), lambda: os.stat([]), lambda: os.stat(), lambda: os.stat('a','b'), lambda: os.stat('a\\0b'), lambda: os.stat(b'a\\0b'), lambda: os.listdir(1.5), lambda: os.rename('/nonexistent/a', '/nonexistent/b'), lambda: os.stat('x', dir_fd=1.5), lambda: os.stat(path='x', bogus=1), lambda: os.fspath(3)):\n  try: f()\n  except Exception as e: print(type(e).__name__ + ': ' + str(e))",
    );
    let got = [
        posix.call("stat", &[s("/nonexistent/x").as_ptr()], &[]),
        posix.call("stat", &[listobject::new(0).unwrap().as_ptr()], &[]),
        posix.call("stat", &[], &[]),
        posix.call("stat", &[s("a").as_ptr(), s("b").as_ptr()], &[]),
        posix.call("stat", &[s("a\0b").as_ptr()], &[]),
        posix.call("stat", &[b(b"a\0b").as_ptr()], &[]),
        posix.call(
            "listdir",
            &[crate::objects::floatobject::from_f64(1.5).unwrap().as_ptr()],
            &[],
        ),
        posix.call(
            "rename",
            &[s("/nonexistent/a").as_ptr(), s("/nonexistent/b").as_ptr()],
            &[],
        ),
        posix.call(
            "stat",
            &[s("x").as_ptr()],
            &[(
                "dir_fd",
                crate::objects::floatobject::from_f64(1.5).unwrap().as_ptr(),
            )],
        ),
        posix.call(
            "stat",
            &[],
            &[("path", s("x").as_ptr()), ("bogus", int(1).as_ptr())],
        ),
        posix.call("fspath", &[int(3).as_ptr()], &[]),
    ];
    assert_eq!(got.to_vec(), cases);
    // The OSError carries errno and filename.
    let _ = posix.call_raw("stat", &[s("/nonexistent/x").as_ptr()], &[]);
    assert_eq!(
        posix.call("strerror", &[int(2).as_ptr()], &[]),
        "'No such file or directory'"
    );
    assert_eq!(
        posix.call("strerror", &[int(99999).as_ptr()], &[]),
        "'Unknown error 99999'"
    );
    assert_eq!(posix.call("fspath", &[b(b"x").as_ptr()], &[]), "b'x'");
}

unsafe fn directories(posix: &Module, dir: &std::path::Path) {
    let d = dir.join("tree");
    let dname = d.to_str().unwrap().to_string();
    assert_eq!(posix.call("mkdir", &[s(&dname).as_ptr()], &[]), "None");
    assert_eq!(
        posix.call("mkdir", &[s(&dname).as_ptr()], &[]),
        format!("FileExistsError: [Errno 17] File exists: '{dname}'")
    );
    for name in ["b.txt", "a.txt"] {
        std::fs::write(d.join(name), b"x").unwrap();
    }
    assert_eq!(
        posix.call(
            "mkdir",
            &[s(&format!("{dname}/sub")).as_ptr(), int(0o755).as_ptr()],
            &[]
        ),
        "None"
    );
    assert_eq!(
        posix.call(
            "symlink",
            &[s("a.txt").as_ptr(), s(&format!("{dname}/link")).as_ptr()],
            &[]
        ),
        "None"
    );
    assert_eq!(
        posix.call("readlink", &[s(&format!("{dname}/link")).as_ptr()], &[]),
        "'a.txt'"
    );
    assert_eq!(
        posix.call(
            "readlink",
            &[b(format!("{dname}/link").as_bytes()).as_ptr()],
            &[]
        ),
        "b'a.txt'"
    );
    let list = posix
        .call_raw("listdir", &[s(&dname).as_ptr()], &[])
        .unwrap();
    listobject::sort(list.as_ptr(), null_mut(), false).unwrap();
    assert_eq!(show(Ok(list)), "['a.txt', 'b.txt', 'link', 'sub']");
    let expected = python(&format!(
        "import os\nfor e in sorted(os.scandir({dname:?}), key=lambda e: e.name): print(repr(e), e.path, e.is_dir(), e.is_file(), e.is_symlink(), e.is_file(follow_symlinks=False), e.inode() == os.lstat(e.path).st_ino)"
    ));
    let it = posix
        .call_raw("scandir", &[s(&dname).as_ptr()], &[])
        .unwrap();
    let mut got = Vec::new();
    while let Some(e) = crate::objects::r#abstract::iter::next(it.as_ptr()).unwrap() {
        let m = |n: &str, kw: &[(&str, *mut PyObject)]| {
            show(call_with(
                obj::get_attr_str(e.as_ptr(), n).unwrap().as_ptr(),
                &[],
                kw,
            ))
        };
        let path = obj::get_attr_str(e.as_ptr(), "path").unwrap();
        let lst = posix.call_raw("lstat", &[path.as_ptr()], &[]).unwrap();
        let same_ino = m("inode", &[]) == get_attr_repr(lst.as_ptr(), "st_ino");
        got.push(format!(
            "{} {} {} {} {} {} {}",
            show(Ok(e.clone())),
            unicodeobject::to_string_lossy(path.as_ptr()),
            m("is_dir", &[]),
            m("is_file", &[]),
            m("is_symlink", &[]),
            m(
                "is_file",
                &[("follow_symlinks", crate::objects::boolobject::py_false())]
            ),
            if same_ino { "True" } else { "False" }
        ));
    }
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(
        show(call_with(
            obj::get_attr_str(it.as_ptr(), "close").unwrap().as_ptr(),
            &[],
            &[]
        )),
        "None"
    );
    // rename/replace/unlink/rmdir/link/chmod/utime/access.
    let a = format!("{dname}/a.txt");
    let c = format!("{dname}/c.txt");
    assert_eq!(
        posix.call("rename", &[s(&a).as_ptr(), s(&c).as_ptr()], &[]),
        "None"
    );
    assert_eq!(
        posix.call("link", &[s(&c).as_ptr(), s(&a).as_ptr()], &[]),
        "None"
    );
    let st = posix.call_raw("stat", &[s(&a).as_ptr()], &[]).unwrap();
    assert_eq!(get_attr_repr(st.as_ptr(), "st_nlink"), "2");
    assert_eq!(
        posix.call("chmod", &[s(&a).as_ptr(), int(0o600).as_ptr()], &[]),
        "None"
    );
    let st = posix.call_raw("stat", &[s(&a).as_ptr()], &[]).unwrap();
    assert_eq!(
        get_attr_repr(st.as_ptr(), "st_mode"),
        (0o100600).to_string()
    );
    let times = tupleobject::pack(&[
        int(1000).as_ptr(),
        crate::objects::floatobject::from_f64(2000.5)
            .unwrap()
            .as_ptr(),
    ])
    .unwrap();
    assert_eq!(
        posix.call("utime", &[s(&a).as_ptr(), times.as_ptr()], &[]),
        "None"
    );
    let st = posix.call_raw("stat", &[s(&a).as_ptr()], &[]).unwrap();
    assert_eq!(get_attr_repr(st.as_ptr(), "st_atime"), "1000.0");
    assert_eq!(get_attr_repr(st.as_ptr(), "st_mtime_ns"), "2000500000000");
    assert_eq!(
        posix.call(
            "access",
            &[s(&a).as_ptr(), int(libc::R_OK as i64).as_ptr()],
            &[]
        ),
        "True"
    );
    assert_eq!(
        posix.call(
            "access",
            &[s("/nonexistent").as_ptr(), int(0).as_ptr()],
            &[]
        ),
        "False"
    );
    assert_eq!(
        posix.call("replace", &[s(&c).as_ptr(), s(&a).as_ptr()], &[]),
        "None"
    );
    // a.txt and c.txt are the same file, so replace() left both (POSIX rename rule).
    for f in ["a.txt", "b.txt", "c.txt", "link"] {
        assert_eq!(
            posix.call("unlink", &[s(&format!("{dname}/{f}")).as_ptr()], &[]),
            "None"
        );
    }
    assert_eq!(
        posix.call("rmdir", &[s(&format!("{dname}/sub")).as_ptr()], &[]),
        "None"
    );
    assert_eq!(
        posix.call("remove", &[s(&dname).as_ptr()], &[]),
        format!("IsADirectoryError: [Errno 21] Is a directory: '{dname}'")
    );
    assert_eq!(posix.call("rmdir", &[s(&dname).as_ptr()], &[]), "None");
    let cwd = python("import os; print(repr(os.getcwd()))");
    assert_eq!(posix.call("getcwd", &[], &[]), cwd[0]);
    assert_eq!(
        posix.call("_path_normpath", &[s("/a/./b/../c//d/").as_ptr()], &[]),
        "'/a/c/d'"
    );
    assert_eq!(
        posix.call("_path_normpath", &[b(b"../x/..").as_ptr()], &[]),
        "b'..'"
    );
}

unsafe fn descriptors(posix: &Module, dir: &std::path::Path) {
    let f = dir.join("fd.bin");
    let fname = f.to_str().unwrap();
    let flags = libc::O_RDWR | libc::O_CREAT | libc::O_TRUNC;
    let fd = posix
        .call_raw(
            "open",
            &[
                s(fname).as_ptr(),
                int(flags as i64).as_ptr(),
                int(0o644).as_ptr(),
            ],
            &[],
        )
        .unwrap();
    assert_eq!(posix.call("get_inheritable", &[fd.as_ptr()], &[]), "False");
    assert_eq!(
        posix.call("write", &[fd.as_ptr(), b(b"abcdef").as_ptr()], &[]),
        "6"
    );
    assert_eq!(
        posix.call(
            "lseek",
            &[fd.as_ptr(), int(1).as_ptr(), int(0).as_ptr()],
            &[]
        ),
        "1"
    );
    assert_eq!(
        posix.call("read", &[fd.as_ptr(), int(3).as_ptr()], &[]),
        "b'bcd'"
    );
    assert_eq!(
        posix.call(
            "pread",
            &[fd.as_ptr(), int(2).as_ptr(), int(4).as_ptr()],
            &[]
        ),
        "b'ef'"
    );
    let st = posix.call_raw("fstat", &[fd.as_ptr()], &[]).unwrap();
    assert_eq!(get_attr_repr(st.as_ptr(), "st_size"), "6");
    assert_eq!(
        posix.call("ftruncate", &[fd.as_ptr(), int(2).as_ptr()], &[]),
        "None"
    );
    assert_eq!(posix.call("fsync", &[fd.as_ptr()], &[]), "None");
    let fd2 = posix.call_raw("dup", &[fd.as_ptr()], &[]).unwrap();
    assert_eq!(
        posix.call("set_inheritable", &[fd2.as_ptr(), int(1).as_ptr()], &[]),
        "None"
    );
    assert_eq!(posix.call("get_inheritable", &[fd2.as_ptr()], &[]), "True");
    assert_eq!(posix.call("get_blocking", &[fd2.as_ptr()], &[]), "True");
    assert_eq!(posix.call("close", &[fd2.as_ptr()], &[]), "None");
    assert_eq!(posix.call("close", &[fd.as_ptr()], &[]), "None");
    assert_eq!(
        posix.call("close", &[fd.as_ptr()], &[]),
        "OSError: [Errno 9] Bad file descriptor"
    );
    let p = posix.call_raw("pipe", &[], &[]).unwrap();
    let (r, w) = (
        *tupleobject::items(p.as_ptr()),
        *tupleobject::items(p.as_ptr()).add(1),
    );
    assert_eq!(
        posix.call("set_blocking", &[r, int(0).as_ptr()], &[]),
        "None"
    );
    assert_eq!(
        posix.call("read", &[r, int(1).as_ptr()], &[]),
        "BlockingIOError: [Errno 11] Resource temporarily unavailable"
    );
    assert_eq!(posix.call("write", &[w, b(b"z").as_ptr()], &[]), "1");
    assert_eq!(posix.call("read", &[r, int(5).as_ptr()], &[]), "b'z'");
    assert_eq!(posix.call("isatty", &[r], &[]), "False");
    assert_eq!(posix.call("device_encoding", &[r], &[]), "None");
    posix.call("close", &[r], &[]);
    posix.call("close", &[w], &[]);
    let u = posix.call_raw("urandom", &[int(16).as_ptr()], &[]).unwrap();
    assert_eq!(bytesobject::size(u.as_ptr()), 16);
    let uname = python(
        "import os; u=os.uname(); print(repr(u.sysname), repr(u.machine), type(u).__name__)",
    );
    let un = posix.call_raw("uname", &[], &[]).unwrap();
    assert_eq!(
        format!(
            "{} {} {}",
            get_attr_repr(un.as_ptr(), "sysname"),
            get_attr_repr(un.as_ptr(), "machine"),
            obj::type_name(un.as_ptr())
        ),
        uname[0].replacen(" uname_result", " posix.uname_result", 1)
    );
    let cpu = python("import os; print(os.cpu_count())");
    assert_eq!(posix.call("cpu_count", &[], &[]), cpu[0]);
}

unsafe fn environment(posix: &Module) {
    let env = posix.attr("environ");
    let path = crate::objects::dictobject::get_item(env.as_ptr(), b(b"PATH").as_ptr())
        .unwrap()
        .expect("PATH in environ");
    assert_eq!(
        core::slice::from_raw_parts(bytesobject::data(path), bytesobject::size(path)),
        std::env::var("PATH").unwrap().as_bytes()
    );
    assert_eq!(
        posix.call(
            "putenv",
            &[s("FERRYTHON_OS_TEST").as_ptr(), s("v\u{e9}").as_ptr()],
            &[]
        ),
        "None"
    );
    assert_eq!(std::env::var("FERRYTHON_OS_TEST").unwrap(), "v\u{e9}");
    assert_eq!(
        posix.call(
            "putenv",
            &[b(b"FERRYTHON_OS_TEST").as_ptr(), b(b"w").as_ptr()],
            &[]
        ),
        "None"
    );
    assert_eq!(std::env::var("FERRYTHON_OS_TEST").unwrap(), "w");
    assert_eq!(
        posix.call("unsetenv", &[s("FERRYTHON_OS_TEST").as_ptr()], &[]),
        "None"
    );
    assert!(std::env::var("FERRYTHON_OS_TEST").is_err());
    assert_eq!(
        posix.call("putenv", &[s("A=B").as_ptr(), s("c").as_ptr()], &[]),
        "ValueError: illegal environment variable name"
    );
}

unsafe fn processes(posix: &Module) {
    assert_eq!(
        posix.call("getpid", &[], &[]),
        std::process::id().to_string()
    );
    assert_eq!(posix.call("getuid", &[], &[]), libc::getuid().to_string());
    let checks = python("import os\nfor st in (0, 0x100, 0x7f00, 9, 0x137f): \n  try: print(os.waitstatus_to_exitcode(st), os.WIFEXITED(st), os.WEXITSTATUS(st), os.WIFSIGNALED(st), os.WTERMSIG(st), os.WIFSTOPPED(st))\n  except Exception as e: print(type(e).__name__ + ': ' + str(e))");
    let mut got = Vec::new();
    for st in [0, 0x100, 0x7f00, 9, 0x137f] {
        let sv = int(st);
        let a = [sv.as_ptr()];
        let code = posix.call("waitstatus_to_exitcode", &a, &[]);
        if code.contains("Error") {
            got.push(code);
            continue;
        }
        got.push(format!(
            "{} {} {} {} {} {}",
            code,
            posix.call("WIFEXITED", &a, &[]),
            posix.call("WEXITSTATUS", &a, &[]),
            posix.call("WIFSIGNALED", &a, &[]),
            posix.call("WTERMSIG", &a, &[]),
            posix.call("WIFSTOPPED", &a, &[])
        ));
    }
    assert_eq!(got, checks);
    // fork: the child exits at once with a status the parent reads back.
    let pid = posix.call_raw("fork", &[], &[]).unwrap();
    let pid_v = longobject::as_i64(pid.as_ptr()).unwrap();
    if pid_v == 0 {
        libc::_exit(7);
    }
    let r = posix
        .call_raw("waitpid", &[pid.as_ptr(), int(0).as_ptr()], &[])
        .unwrap();
    let status = *tupleobject::items(r.as_ptr()).add(1);
    assert_eq!(posix.call("waitstatus_to_exitcode", &[status], &[]), "7");
    let t = posix.call_raw("times", &[], &[]).unwrap();
    assert_eq!(obj::type_name(t.as_ptr()), "posix.times_result");
    assert_eq!(
        posix.call("sysconf", &[s("SC_PAGE_SIZE").as_ptr()], &[]),
        "4096"
    );
    assert_eq!(
        posix.call("sysconf", &[s("nope").as_ptr()], &[]),
        "ValueError: unrecognized configuration name"
    );
}

unsafe fn small_modules() {
    let errno = Module::load(crate::modules::errnomodule::init_module);
    assert_eq!(errno.names(), python_dir("errno"));
    let pairs = python("import errno\nprint(errno.ENOENT, errno.errorcode[2], errno.errorcode[11], errno.errorcode[35], len(errno.errorcode))");
    let ec = errno.attr("errorcode");
    let get = |k: i64| {
        show(Ok(obj::new_ref(
            crate::objects::dictobject::get_item(ec.as_ptr(), int(k).as_ptr())
                .unwrap()
                .unwrap(),
        )))
    };
    assert_eq!(
        format!(
            "{} {} {} {} {}",
            show(Ok(errno.attr("ENOENT"))),
            get(2).trim_matches('\''),
            get(11).trim_matches('\''),
            get(35).trim_matches('\''),
            crate::objects::dictobject::len(ec.as_ptr())
        ),
        pairs[0]
    );

    let st = Module::load(crate::modules::statmodule::init_module);
    assert_eq!(st.names(), python_dir("_stat"));
    let modes = [
        0o100644i64,
        0o040755,
        0o120777,
        0o104755,
        0o041777,
        0o020600,
        0o010644,
        0o140755,
        0o060660,
        0o102070,
    ];
    let expected = python(&format!("import _stat\nfor m in {modes:?}: print(_stat.filemode(m), _stat.S_ISDIR(m), _stat.S_ISREG(m), _stat.S_ISLNK(m), _stat.S_IMODE(m), _stat.S_IFMT(m))"));
    for (i, m) in modes.iter().enumerate() {
        let mv = int(*m);
        let a = [mv.as_ptr()];
        let line = format!(
            "{} {} {} {} {} {}",
            st.call("filemode", &a, &[]).trim_matches('\''),
            st.call("S_ISDIR", &a, &[]),
            st.call("S_ISREG", &a, &[]),
            st.call("S_ISLNK", &a, &[]),
            st.call("S_IMODE", &a, &[]),
            st.call("S_IFMT", &a, &[])
        );
        assert_eq!(line, expected[i]);
    }
    assert_eq!(
        st.call("S_ISDIR", &[int(-1).as_ptr()], &[]),
        "OverflowError: can't convert negative value to unsigned int"
    );
    for line in python("import _stat\nfor n in dir(_stat):\n  v=getattr(_stat,n)\n  if type(v) is int: print(n, v)") {
        let (name, value) = line.split_once(' ').unwrap();
        assert_eq!(show(Ok(st.attr(name))), value, "_stat.{name}");
    }

    let pwd = Module::load(crate::modules::pwdmodule::init_module);
    assert_eq!(pwd.names(), python_dir("pwd"));
    let expected = python("import pwd\nprint(pwd.getpwuid(0)); print(pwd.getpwnam('root'))\nfor f in (lambda: pwd.getpwuid(99999), lambda: pwd.getpwnam('nosuchuser'), lambda: pwd.getpwuid('x'), lambda: pwd.getpwuid(-5)):\n  try: f()\n  except Exception as e: print(type(e).__name__ + ': ' + str(e))\nprint(len(pwd.getpwall()))");
    let got = [
        pwd.call("getpwuid", &[int(0).as_ptr()], &[]),
        pwd.call("getpwnam", &[s("root").as_ptr()], &[]),
        pwd.call("getpwuid", &[int(99999).as_ptr()], &[]),
        pwd.call("getpwnam", &[s("nosuchuser").as_ptr()], &[]),
        pwd.call("getpwuid", &[s("x").as_ptr()], &[]),
        pwd.call("getpwuid", &[int(-5).as_ptr()], &[]),
        listobject::len(pwd.call_raw("getpwall", &[], &[]).unwrap().as_ptr()).to_string(),
    ];
    assert_eq!(got.to_vec(), expected);

    let loc = Module::load(crate::modules::localemodule::init_module);
    assert_eq!(loc.names(), python_dir("_locale"));
    let expected = python("import _locale\nprint(_locale.setlocale(_locale.LC_CTYPE, None)); print(_locale.localeconv()['decimal_point'], _locale.strcoll('a', 'b') < 0, _locale.strxfrm('abc'), _locale.nl_langinfo(_locale.CODESET))\ntry: _locale.setlocale(0, 'xx_YY')\nexcept _locale.Error as e: print(e)");
    // python3.11 sets LC_CTYPE from the environment at start-up: do the same, then query.
    loc.call(
        "setlocale",
        &[int(libc::LC_CTYPE as i64).as_ptr(), s("").as_ptr()],
        &[],
    );
    assert_eq!(
        loc.call(
            "setlocale",
            &[int(libc::LC_CTYPE as i64).as_ptr(), obj::none()],
            &[]
        )
        .trim_matches('\''),
        expected[0]
    );
    let conv = loc.call_raw("localeconv", &[], &[]).unwrap();
    let dp = show(Ok(obj::new_ref(
        crate::objects::dictobject::get_item_str(conv.as_ptr(), "decimal_point")
            .unwrap()
            .unwrap(),
    )));
    let lt = longobject::as_i64(
        loc.call_raw("strcoll", &[s("a").as_ptr(), s("b").as_ptr()], &[])
            .unwrap()
            .as_ptr(),
    )
    .unwrap()
        < 0;
    let line = format!(
        "{} {} {} {}",
        dp.trim_matches('\''),
        if lt { "True" } else { "False" },
        loc.call("strxfrm", &[s("abc").as_ptr()], &[])
            .trim_matches('\''),
        loc.call("nl_langinfo", &[int(libc::CODESET as i64).as_ptr()], &[])
            .trim_matches('\'')
    );
    assert_eq!(line, expected[1]);
    assert_eq!(
        loc.call("setlocale", &[int(0).as_ptr(), s("xx_YY").as_ptr()], &[]),
        format!("Error: {}", expected[2])
    );
}

unsafe fn time_module() {
    let time = Module::load(crate::modules::timemodule::init_module);
    assert_eq!(time.names(), python_dir("time"));
    let expected = python("import time\nfor t in (0, 86400*365+3661, 1700000000, -86400*400):\n  g=time.gmtime(t); print(g, g.tm_zone, g.tm_gmtoff, time.asctime(g), time.strftime('%Y-%m-%d %H:%M:%S %a %b %j %%', g))\nprint(time.strftime('%Y', (2020,1,1,0,0,0,0,1,0)), time.asctime((2020,2,3,4,5,6,0,34,0)))\nfor f in (lambda: time.gmtime(float('nan')), lambda: time.sleep(-1), lambda: time.asctime((2020,13,1,0,0,0,0,1,0)), lambda: time.strftime('%Y', (1,2)), lambda: time.gmtime('x'), lambda: time.get_clock_info('nope')):\n  try: f()\n  except Exception as e: print(type(e).__name__ + ': ' + str(e))\nprint(time.get_clock_info('monotonic'))");
    let mut got = Vec::new();
    for t in [0i64, 86400 * 365 + 3661, 1_700_000_000, -86400 * 400] {
        let g = time.call_raw("gmtime", &[int(t).as_ptr()], &[]).unwrap();
        got.push(format!(
            "{} {} {} {} {}",
            show(Ok(g.clone())),
            get_attr_repr(g.as_ptr(), "tm_zone").trim_matches('\''),
            get_attr_repr(g.as_ptr(), "tm_gmtoff"),
            time.call("asctime", &[g.as_ptr()], &[]).trim_matches('\''),
            time.call(
                "strftime",
                &[s("%Y-%m-%d %H:%M:%S %a %b %j %%").as_ptr(), g.as_ptr()],
                &[]
            )
            .trim_matches('\'')
        ));
    }
    let tup = |v: &[i64]| tupleobject::from_refs(v.iter().map(|&x| int(x)).collect()).unwrap();
    got.push(format!(
        "{} {}",
        time.call(
            "strftime",
            &[
                s("%Y").as_ptr(),
                tup(&[2020, 1, 1, 0, 0, 0, 0, 1, 0]).as_ptr()
            ],
            &[]
        )
        .trim_matches('\''),
        time.call(
            "asctime",
            &[tup(&[2020, 2, 3, 4, 5, 6, 0, 34, 0]).as_ptr()],
            &[]
        )
        .trim_matches('\'')
    ));
    got.push(
        time.call(
            "gmtime",
            &[crate::objects::floatobject::from_f64(f64::NAN)
                .unwrap()
                .as_ptr()],
            &[],
        ),
    );
    got.push(time.call("sleep", &[int(-1).as_ptr()], &[]));
    got.push(time.call(
        "asctime",
        &[tup(&[2020, 13, 1, 0, 0, 0, 0, 1, 0]).as_ptr()],
        &[],
    ));
    got.push(time.call("strftime", &[s("%Y").as_ptr(), tup(&[1, 2]).as_ptr()], &[]));
    got.push(time.call("gmtime", &[s("x").as_ptr()], &[]));
    got.push(time.call("get_clock_info", &[s("nope").as_ptr()], &[]));
    got.push(time.call("get_clock_info", &[s("monotonic").as_ptr()], &[]));
    assert_eq!(got, expected);
    // Clocks move forward; sleep waits at least its delay.
    let t0 = longobject::as_i64(time.call_raw("monotonic_ns", &[], &[]).unwrap().as_ptr()).unwrap();
    assert_eq!(
        time.call(
            "sleep",
            &[crate::objects::floatobject::from_f64(0.02)
                .unwrap()
                .as_ptr()],
            &[]
        ),
        "None"
    );
    let t1 = longobject::as_i64(time.call_raw("monotonic_ns", &[], &[]).unwrap().as_ptr()).unwrap();
    assert!(t1 - t0 >= 20_000_000, "slept {} ns", t1 - t0);
    let now = crate::objects::floatobject::value(time.call_raw("time", &[], &[]).unwrap().as_ptr());
    let sys_now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!((now - sys_now).abs() < 1.0);
    // mktime(localtime(t)) == t, whatever the zone.
    let lt = time
        .call_raw("localtime", &[int(1_700_000_000).as_ptr()], &[])
        .unwrap();
    assert_eq!(time.call("mktime", &[lt.as_ptr()], &[]), "1700000000.0");
    let consts = python("import time\nprint(time.timezone, time.altzone, time.daylight, time.tzname, time.CLOCK_MONOTONIC)");
    assert_eq!(
        format!(
            "{} {} {} {} {}",
            show(Ok(time.attr("timezone"))),
            show(Ok(time.attr("altzone"))),
            show(Ok(time.attr("daylight"))),
            show(Ok(time.attr("tzname"))),
            show(Ok(time.attr("CLOCK_MONOTONIC")))
        ),
        consts[0]
    );
}

unsafe fn signals() {
    let sig = Module::load(crate::modules::signalmodule::init_module);
    assert_eq!(sig.names(), python_dir("_signal"));
    for line in python("import _signal\nfor n in dir(_signal):\n  v=getattr(_signal,n)\n  if type(v) is int: print(n, v)\nprint('valid', len(_signal.valid_signals()))\nprint('strsignal', _signal.strsignal(2), _signal.strsignal(15))") {
        let (name, value) = line.split_once(' ').unwrap();
        match name {
            "valid" => assert_eq!(crate::objects::setobject::len(sig.call_raw("valid_signals", &[], &[]).unwrap().as_ptr()).to_string(), value),
            "strsignal" => assert_eq!(
                format!("{} {}", sig.call("strsignal", &[int(2).as_ptr()], &[]).trim_matches('\''), sig.call("strsignal", &[int(15).as_ptr()], &[]).trim_matches('\'')),
                value
            ),
            _ => assert_eq!(show(Ok(sig.attr(name))), value, "_signal.{name}"),
        }
    }
    let usr1 = int(libc::SIGUSR1 as i64);
    // A handler runs when the signal arrives; default_int_handler raises KeyboardInterrupt.
    let handler = sig.attr("default_int_handler");
    assert_eq!(
        sig.call("signal", &[usr1.as_ptr(), handler.as_ptr()], &[]),
        "0"
    );
    assert_eq!(
        sig.call("getsignal", &[usr1.as_ptr()], &[]),
        show(Ok(handler.clone()))
    );
    assert_eq!(
        sig.call("raise_signal", &[usr1.as_ptr()], &[]),
        "KeyboardInterrupt: "
    );
    assert!(!super::super::signalmodule::is_tripped());
    // Arrival recorded by the C handler, run later by check_signals (the eval breaker path).
    libc::raise(libc::SIGUSR1);
    assert!(super::super::signalmodule::is_tripped());
    assert_eq!(
        show(
            super::super::signalmodule::check_signals()
                .map(|_| obj::new_none())
                .map_err(|_| err_text())
        ),
        "KeyboardInterrupt: "
    );
    // The wakeup fd receives the signal number.
    let mut fds = [0; 2];
    assert_eq!(libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK), 0);
    assert_eq!(
        sig.call("set_wakeup_fd", &[int(fds[1] as i64).as_ptr()], &[]),
        "-1"
    );
    let ign = int(1);
    assert_eq!(
        sig.call("signal", &[usr1.as_ptr(), ign.as_ptr()], &[]),
        show(Ok(handler.clone()))
    );
    assert_eq!(sig.call("raise_signal", &[usr1.as_ptr()], &[]), "None");
    assert_eq!(
        sig.call("signal", &[usr1.as_ptr(), handler.as_ptr()], &[]),
        "1"
    );
    assert_eq!(
        sig.call("raise_signal", &[usr1.as_ptr()], &[]),
        "KeyboardInterrupt: "
    );
    let mut byte = 0u8;
    assert_eq!(libc::read(fds[0], (&mut byte as *mut u8).cast(), 1), 1);
    assert_eq!(byte as i32, libc::SIGUSR1);
    assert_eq!(
        sig.call("set_wakeup_fd", &[int(-1).as_ptr()], &[]),
        fds[1].to_string()
    );
    libc::close(fds[0]);
    libc::close(fds[1]);
    assert_eq!(
        sig.call("signal", &[usr1.as_ptr(), int(0).as_ptr()], &[]),
        show(Ok(handler))
    );
    // Messages.
    let expected = python("import _signal\nfor f in (lambda: _signal.signal(99, 0), lambda: _signal.signal(2, 5), lambda: _signal.pthread_sigmask(0, [99]), lambda: _signal.getsignal(0)):\n  try: f()\n  except Exception as e: print(type(e).__name__ + ': ' + str(e))\nprint(_signal.getsignal(9), _signal.getitimer(_signal.ITIMER_REAL))");
    let got = [
        sig.call("signal", &[int(99).as_ptr(), int(0).as_ptr()], &[]),
        sig.call("signal", &[int(2).as_ptr(), int(5).as_ptr()], &[]),
        sig.call(
            "pthread_sigmask",
            &[
                int(0).as_ptr(),
                listobject::from_slice(&[int(99).as_ptr()])
                    .unwrap()
                    .as_ptr(),
            ],
            &[],
        ),
        sig.call("getsignal", &[int(0).as_ptr()], &[]),
        format!(
            "{} {}",
            sig.call("getsignal", &[int(9).as_ptr()], &[]),
            sig.call("getitimer", &[int(0).as_ptr()], &[])
        ),
    ];
    assert_eq!(got.to_vec(), expected);
    // sleep() is interrupted by a signal whose handler raises (PEP 475: handlers run, the
    // exception propagates); without a raising handler it sleeps its whole delay.
    let time = Module::load(crate::modules::timemodule::init_module);
    let alrm = int(libc::SIGALRM as i64);
    let handler = sig.attr("default_int_handler");
    sig.call("signal", &[alrm.as_ptr(), handler.as_ptr()], &[]);
    let t0 = std::time::Instant::now();
    // Aimed at this thread: the test harness's other threads could take a process signal.
    let me = libc::pthread_self() as usize;
    let killer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        // SAFETY: `me` is the test thread, alive until it joins this one.
        unsafe { libc::pthread_kill(me as libc::pthread_t, libc::SIGALRM) };
    });
    assert_eq!(
        time.call("sleep", &[int(5).as_ptr()], &[]),
        "KeyboardInterrupt: "
    );
    killer.join().unwrap();
    assert!(t0.elapsed() < std::time::Duration::from_secs(2));
    sig.call("signal", &[alrm.as_ptr(), int(1).as_ptr()], &[]);
    let t0 = std::time::Instant::now();
    sig.call(
        "setitimer",
        &[
            int(0).as_ptr(),
            crate::objects::floatobject::from_f64(0.02)
                .unwrap()
                .as_ptr(),
        ],
        &[],
    );
    assert_eq!(
        time.call(
            "sleep",
            &[crate::objects::floatobject::from_f64(0.1).unwrap().as_ptr()],
            &[]
        ),
        "None"
    );
    assert!(t0.elapsed() >= std::time::Duration::from_millis(100));
    sig.call("signal", &[alrm.as_ptr(), int(0).as_ptr()], &[]);
    // The SIGINT handler is Python's.
    assert_eq!(
        sig.call("getsignal", &[int(libc::SIGINT as i64).as_ptr()], &[]),
        show(Ok(sig.attr("default_int_handler")))
    );
}

unsafe fn atexit_order() {
    let atexit = Module::load(crate::modules::atexitmodule::init_module);
    assert_eq!(atexit.names(), python_dir("atexit"));
    let seen = listobject::new(0).unwrap();
    let append = obj::get_attr_str(seen.as_ptr(), "append").unwrap();
    let extend = obj::get_attr_str(seen.as_ptr(), "extend").unwrap();
    assert_eq!(
        atexit.call("register", &[append.as_ptr(), int(1).as_ptr()], &[]),
        show(Ok(append.clone()))
    );
    atexit.call("register", &[append.as_ptr(), int(2).as_ptr()], &[]);
    atexit.call(
        "register",
        &[extend.as_ptr()],
        &[("iterable", listobject::new(0).unwrap().as_ptr())],
    );
    assert_eq!(atexit.call("_ncallbacks", &[], &[]), "3");
    assert_eq!(
        atexit.call("register", &[], &[]),
        "TypeError: register() takes at least 1 argument (0 given)"
    );
    assert_eq!(
        atexit.call("register", &[int(3).as_ptr()], &[]),
        "TypeError: the first argument must be callable"
    );
    atexit.call("register", &[append.as_ptr(), int(3).as_ptr()], &[]);
    assert_eq!(atexit.call("_run_exitfuncs", &[], &[]), "None");
    // extend(iterable=[]) fails (list.extend takes no keywords): reported, not raised.
    assert_eq!(show(Ok(seen.clone())), "[3, 2, 1]");
    assert_eq!(atexit.call("_ncallbacks", &[], &[]), "0");
    atexit.call("register", &[append.as_ptr(), int(4).as_ptr()], &[]);
    atexit.call(
        "register",
        &[
            extend.as_ptr(),
            listobject::from_slice(&[int(5).as_ptr()]).unwrap().as_ptr(),
        ],
        &[],
    );
    assert_eq!(atexit.call("unregister", &[append.as_ptr()], &[]), "None");
    crate::modules::atexitmodule::run_callbacks();
    assert_eq!(show(Ok(seen.clone())), "[3, 2, 1, 5]");
    atexit.call("register", &[append.as_ptr(), int(6).as_ptr()], &[]);
    assert_eq!(atexit.call("_clear", &[], &[]), "None");
    crate::modules::atexitmodule::run_callbacks();
    assert_eq!(show(Ok(seen)), "[3, 2, 1, 5]");
    crate::modules::atexitmodule::fini();
}

/// Py_FinalizeEx releases the modules' state; a later initialisation builds it again.
unsafe fn reinitialise() {
    for _ in 0..3 {
        super::fini();
        crate::modules::timemodule::fini();
        crate::modules::pwdmodule::fini();
        crate::modules::localemodule::fini();
        crate::modules::signalmodule::fini();
        let posix = Module::load(super::init_module);
        let st = posix.call_raw("stat", &[s("/").as_ptr()], &[]).unwrap();
        assert_eq!(obj::type_name(st.as_ptr()), "os.stat_result");
        let time = Module::load(crate::modules::timemodule::init_module);
        assert_eq!(time.call("gmtime", &[int(0).as_ptr()], &[]), "time.struct_time(tm_year=1970, tm_mon=1, tm_mday=1, tm_hour=0, tm_min=0, tm_sec=0, tm_wday=3, tm_yday=1, tm_isdst=0)");
        let pwd = Module::load(crate::modules::pwdmodule::init_module);
        assert!(pwd
            .call("getpwuid", &[int(0).as_ptr()], &[])
            .starts_with("pwd.struct_passwd(pw_name='root'"));
        let sig = Module::load(crate::modules::signalmodule::init_module);
        assert_eq!(
            sig.call("getsignal", &[int(libc::SIGINT as i64).as_ptr()], &[]),
            show(Ok(sig.attr("default_int_handler")))
        );
        Module::load(crate::modules::localemodule::init_module);
    }
}
