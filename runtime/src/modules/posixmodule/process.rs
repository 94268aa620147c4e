//! posix's process, identity, environment and system-information functions: ids and groups,
//! putenv/unsetenv, exec/wait/kill, uname, times, sysconf/confstr/pathconf, scheduling, and
//! small Linux interfaces (eventfd, xattr, pidfd, ...).

use super::args::*;
use super::constants::{CONFSTR_NAMES, PATHCONF_NAMES, SYSCONF_NAMES};
use super::fs::{gid_arg, uid_arg, with_buffer};
use super::*;
use crate::abi::methodobject::PyMethodDef;
use crate::objects::{dictobject, listobject, longobject, tupleobject};
use crate::{os_fn, os_sig};

macro_rules! id_getter {
    ($f:ident, $name:literal, $call:expr) => {
        os_fn!($f, os_sig!($name, [], 0, 0, 0), |_a| { int($call as i64) });
    };
}
id_getter!(getpid, "getpid", libc::getpid());
id_getter!(getppid, "getppid", libc::getppid());
id_getter!(getuid, "getuid", libc::getuid());
id_getter!(geteuid, "geteuid", libc::geteuid());
id_getter!(getgid, "getgid", libc::getgid());
id_getter!(getegid, "getegid", libc::getegid());
id_getter!(getpgrp, "getpgrp", libc::getpgrp());

macro_rules! id_setter {
    ($f:ident, $name:literal, $conv:ident, $call:path) => {
        os_fn!($f, os_sig!($name, ["id"], 1, 1, 1), |a| {
            let id = $conv(a[0])?;
            if $call(id) < 0 {
                return Err(posix_error());
            }
            Ok(none())
        });
    };
}
id_setter!(setuid, "setuid", uid_arg, libc::setuid);
id_setter!(seteuid, "seteuid", uid_arg, libc::seteuid);
id_setter!(setgid, "setgid", gid_arg, libc::setgid);
id_setter!(setegid, "setegid", gid_arg, libc::setegid);

os_fn!(
    setreuid,
    os_sig!("setreuid", ["ruid", "euid"], 2, 2, 2),
    |a| {
        if libc::setreuid(uid_arg(a[0])?, uid_arg(a[1])?) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);
os_fn!(
    setregid,
    os_sig!("setregid", ["rgid", "egid"], 2, 2, 2),
    |a| {
        if libc::setregid(gid_arg(a[0])?, gid_arg(a[1])?) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);
os_fn!(
    setresuid,
    os_sig!("setresuid", ["ruid", "euid", "suid"], 3, 3, 3),
    |a| {
        if libc::setresuid(uid_arg(a[0])?, uid_arg(a[1])?, uid_arg(a[2])?) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);
os_fn!(
    setresgid,
    os_sig!("setresgid", ["rgid", "egid", "sgid"], 3, 3, 3),
    |a| {
        if libc::setresgid(gid_arg(a[0])?, gid_arg(a[1])?, gid_arg(a[2])?) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);
os_fn!(getresuid, os_sig!("getresuid", [], 0, 0, 0), |_a| {
    let (mut r, mut e, mut s) = (0, 0, 0);
    if libc::getresuid(&mut r, &mut e, &mut s) < 0 {
        return Err(posix_error());
    }
    tuple(vec![int(r as i64)?, int(e as i64)?, int(s as i64)?])
});
os_fn!(getresgid, os_sig!("getresgid", [], 0, 0, 0), |_a| {
    let (mut r, mut e, mut s) = (0, 0, 0);
    if libc::getresgid(&mut r, &mut e, &mut s) < 0 {
        return Err(posix_error());
    }
    tuple(vec![int(r as i64)?, int(e as i64)?, int(s as i64)?])
});

os_fn!(getgroups, os_sig!("getgroups", [], 0, 0, 0), |_a| {
    let n = libc::getgroups(0, core::ptr::null_mut());
    if n < 0 {
        return Err(posix_error());
    }
    let mut g = vec![0 as libc::gid_t; n as usize + 1];
    let n = libc::getgroups(g.len() as c_int, g.as_mut_ptr());
    if n < 0 {
        return Err(posix_error());
    }
    let list = listobject::new(0)?;
    for &gid in &g[..n as usize] {
        listobject::append(list.as_ptr(), int(gid as i64)?.as_ptr())?;
    }
    Ok(list)
});

os_fn!(setgroups, os_sig!("setgroups", ["groups"], 1, 1, 1), |a| {
    let seq =
        crate::objects::r#abstract::sequence::fast(a[0], "setgroups argument must be a sequence")?;
    let n = crate::objects::r#abstract::sequence::fast_len(seq.as_ptr());
    let mut g = Vec::new();
    for i in 0..n {
        let it = crate::objects::r#abstract::sequence::fast_item(seq.as_ptr(), i);
        if !longobject::is_int(it) {
            return Err(errors::type_error("groups must be integers"));
        }
        g.push(gid_arg(it)?);
    }
    if libc::setgroups(g.len(), g.as_ptr()) < 0 {
        return Err(posix_error());
    }
    Ok(none())
});

os_fn!(
    getgrouplist,
    os_sig!("getgrouplist", ["user", "group"], 2, 2, 2),
    |a| {
        if !crate::objects::unicodeobject::is_str(a[0]) {
            return Err(crate::getargs::bad_argument(
                "getgrouplist",
                "argument 1",
                "str",
                a[0],
            ));
        }
        let user = CString::new(fs_encode(a[0])?)
            .map_err(|_| errors::value_error("embedded null character"))?;
        let base = gid_arg(a[1])?;
        let mut n: c_int = 64;
        loop {
            let mut g = vec![0 as libc::gid_t; n as usize];
            let mut got = n;
            if libc::getgrouplist(user.as_ptr(), base, g.as_mut_ptr(), &mut got) >= 0 {
                let list = listobject::new(0)?;
                for &gid in &g[..got as usize] {
                    listobject::append(list.as_ptr(), int(gid as i64)?.as_ptr())?;
                }
                return Ok(list);
            }
            if n >= 65536 {
                return Err(errors::no_memory());
            }
            n = (n * 2).max(got);
        }
    }
);

os_fn!(
    initgroups,
    os_sig!("initgroups", ["username", "gid"], 2, 2, 2),
    |a| {
        let p = path("initgroups", "username", a[0])?;
        if libc::initgroups(p.as_ptr(), gid_arg(a[1])?) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);

os_fn!(getpgid, os_sig!("getpgid", ["pid"], 0, 1, 1), |a| {
    let r = libc::getpgid(c_int_arg(a[0])?);
    if r < 0 {
        return Err(posix_error());
    }
    int(r as i64)
});
os_fn!(setpgid, os_sig!("setpgid", ["pid", "pgrp"], 2, 2, 2), |a| {
    if libc::setpgid(c_int_arg(a[0])?, c_int_arg(a[1])?) < 0 {
        return Err(posix_error());
    }
    Ok(none())
});
os_fn!(setpgrp, os_sig!("setpgrp", [], 0, 0, 0), |_a| {
    if libc::setpgid(0, 0) < 0 {
        return Err(posix_error());
    }
    Ok(none())
});
os_fn!(getsid, os_sig!("getsid", ["pid"], 1, 1, 1), |a| {
    let r = libc::getsid(c_int_arg(a[0])?);
    if r < 0 {
        return Err(posix_error());
    }
    int(r as i64)
});
os_fn!(setsid, os_sig!("setsid", [], 0, 0, 0), |_a| {
    if libc::setsid() < 0 {
        return Err(posix_error());
    }
    Ok(none())
});
os_fn!(tcgetpgrp, os_sig!("tcgetpgrp", ["fd"], 1, 1, 1), |a| {
    let r = libc::tcgetpgrp(c_int_arg(a[0])?);
    if r < 0 {
        return Err(posix_error());
    }
    int(r as i64)
});
os_fn!(
    tcsetpgrp,
    os_sig!("tcsetpgrp", ["fd", "pgid"], 2, 2, 2),
    |a| {
        if libc::tcsetpgrp(c_int_arg(a[0])?, c_int_arg(a[1])?) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);

os_fn!(getlogin, os_sig!("getlogin", [], 0, 0, 0), |_a| {
    set_errno(0);
    let p = libc::getlogin();
    if p.is_null() {
        if errno() != 0 {
            return Err(posix_error());
        }
        return Err(errors::set_string(
            PyExc_OSError,
            "unable to determine login name",
        ));
    }
    fs_decode(CStr::from_ptr(p).to_bytes())
});

/// An environment name or value as bytes (`PyUnicode_FSConverter`).
unsafe fn env_bytes(func: &str, o: *mut PyObject, argno: usize) -> PyResult<CString> {
    let b = if crate::objects::unicodeobject::is_str(o) {
        fs_encode(o)?
    } else if bytesobject::is_bytes(o) {
        core::slice::from_raw_parts(bytesobject::data(o), bytesobject::size(o)).to_vec()
    } else {
        let p = path_arg(func, &format!("argument {argno}"), o, false, false).map_err(|e| {
            errors::clear();
            let _ = e;
            errors::type_error(&format!(
                "expected str, bytes or os.PathLike object, not {}",
                object::type_name_trunc(object::py_type(o), 200)
            ))
        })?;
        return Ok(p.narrow.unwrap_or_default());
    };
    CString::new(b).map_err(|_| errors::value_error("embedded null byte"))
}

os_fn!(putenv, os_sig!("putenv", ["name", "value"], 2, 2, 2), |a| {
    let name = env_bytes("putenv", a[0], 1)?;
    let value = env_bytes("putenv", a[1], 2)?;
    if name.as_bytes().is_empty() || name.as_bytes().contains(&b'=') {
        return Err(errors::value_error("illegal environment variable name"));
    }
    if libc::setenv(name.as_ptr(), value.as_ptr(), 1) != 0 {
        return Err(posix_error());
    }
    Ok(none())
});

os_fn!(unsetenv, os_sig!("unsetenv", ["name"], 1, 1, 1), |a| {
    let name = env_bytes("unsetenv", a[0], 1)?;
    if name.as_bytes().is_empty() || name.as_bytes().contains(&b'=') {
        return Err(errors::value_error("illegal environment variable name"));
    }
    if libc::unsetenv(name.as_ptr()) != 0 {
        return Err(posix_error());
    }
    Ok(none())
});

os_fn!(strerror, os_sig!("strerror", ["code"], 1, 1, 1), |a| {
    let code = c_int_arg(a[0])?;
    let p = libc::strerror(code);
    if p.is_null() {
        return Err(errors::value_error("strerror() argument out of range"));
    }
    // The C library's messages are in the locale encoding.
    crate::objects::unicodeobject::from_utf8(CStr::from_ptr(p).to_bytes(), Some("surrogateescape"))
});

/// Fills `buf` from the kernel's random source (getrandom, retried on EINTR).
pub(crate) fn fill_random(buf: &mut [u8]) -> PyResult<()> {
    let mut done = 0;
    while done < buf.len() {
        // SAFETY: the pointer and length describe the unfilled tail of `buf`.
        let n = unsafe { libc::getrandom(buf[done..].as_mut_ptr().cast(), buf.len() - done, 0) };
        if n < 0 {
            if errno() == libc::EINTR {
                crate::modules::signalmodule::check_signals()?;
                continue;
            }
            return Err(posix_error());
        }
        done += n as usize;
    }
    Ok(())
}

os_fn!(urandom, os_sig!("urandom", ["size"], 1, 1, 1), |a| {
    let n = longobject::as_isize(a[0])?;
    if n < 0 {
        return Err(errors::value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    fill_random(&mut buf)?;
    bytesobject::from_slice(&buf)
});

os_fn!(
    getrandom,
    os_sig!("getrandom", ["size", "flags"], 0, 2, 1),
    |a| {
        let n = longobject::as_isize(a[0])?;
        let flags = or(a[1], 0, |o| c_int_arg(o))?;
        if n < 0 {
            set_errno(libc::EINVAL);
            return Err(posix_error());
        }
        let mut buf = vec![0u8; n as usize];
        match retry(
            || libc::getrandom(buf.as_mut_ptr().cast(), n as usize, flags as libc::c_uint),
            |r| r < 0,
        )? {
            Ok(got) => bytesobject::from_slice(&buf[..got as usize]),
            Err(_) => Err(posix_error()),
        }
    }
);

os_fn!(uname, os_sig!("uname", [], 0, 0, 0), |_a| {
    let mut u: libc::utsname = core::mem::zeroed();
    if libc::uname(&mut u) < 0 {
        return Err(posix_error());
    }
    let s = |f: &[c_char]| fs_decode(CStr::from_ptr(f.as_ptr()).to_bytes());
    structseq_from(
        (*(&raw mut TYPES)).uname_result,
        vec![
            s(&u.sysname)?,
            s(&u.nodename)?,
            s(&u.release)?,
            s(&u.version)?,
            s(&u.machine)?,
        ],
    )
});

os_fn!(cpu_count, os_sig!("cpu_count", [], 0, 0, 0), |_a| {
    let n = libc::sysconf(libc::_SC_NPROCESSORS_ONLN);
    if n < 1 {
        return Ok(none());
    }
    int(n as i64)
});

os_fn!(times, os_sig!("times", [], 0, 0, 0), |_a| {
    let mut t: libc::tms = core::mem::zeroed();
    let c = libc::times(&mut t);
    if c == !0 {
        return Err(posix_error());
    }
    let hz = libc::sysconf(libc::_SC_CLK_TCK) as f64;
    structseq_from(
        (*(&raw mut TYPES)).times_result,
        vec![
            float(t.tms_utime as f64 / hz)?,
            float(t.tms_stime as f64 / hz)?,
            float(t.tms_cutime as f64 / hz)?,
            float(t.tms_cstime as f64 / hz)?,
            float(c as f64 / hz)?,
        ],
    )
});

os_fn!(getloadavg, os_sig!("getloadavg", [], 0, 0, 0), |_a| {
    let mut l = [0f64; 3];
    if libc::getloadavg(l.as_mut_ptr(), 3) != 3 {
        return Err(errors::set_string(
            PyExc_OSError,
            "Load averages are unobtainable",
        ));
    }
    tuple(vec![float(l[0])?, float(l[1])?, float(l[2])?])
});

os_fn!(nice, os_sig!("nice", ["increment"], 1, 1, 1), |a| {
    let inc = c_int_arg(a[0])?;
    set_errno(0);
    let r = libc::nice(inc);
    if r == -1 && errno() != 0 {
        return Err(posix_error());
    }
    int(r as i64)
});

os_fn!(
    getpriority,
    os_sig!("getpriority", ["which", "who"], 2, 2, 2),
    |a| {
        let which = c_int_arg(a[0])?;
        let who = c_int_arg(a[1])?;
        set_errno(0);
        let r = libc::getpriority(which as _, who as _);
        if r == -1 && errno() != 0 {
            return Err(posix_error());
        }
        int(r as i64)
    }
);

os_fn!(
    setpriority,
    os_sig!("setpriority", ["which", "who", "priority"], 3, 3, 3),
    |a| {
        if libc::setpriority(
            c_int_arg(a[0])? as _,
            c_int_arg(a[1])? as _,
            c_int_arg(a[2])?,
        ) < 0
        {
            return Err(posix_error());
        }
        Ok(none())
    }
);

// --- wait statuses ------------------------------------------------------------------------

macro_rules! wstatus_fn {
    ($f:ident, $name:literal, $doc_unused:literal, $conv:expr) => {
        os_fn!($f, os_sig!($name, ["status"], 0, 1, 1), |a| {
            let s = c_int_arg(a[0])?;
            #[allow(clippy::redundant_closure_call)]
            ($conv)(s)
        });
    };
}
wstatus_fn!(wcoredump, "WCOREDUMP", "", |s| Ok(boolean(
    libc::WCOREDUMP(s)
)));
wstatus_fn!(wifcontinued, "WIFCONTINUED", "", |s| Ok(boolean(
    libc::WIFCONTINUED(s)
)));
wstatus_fn!(wifstopped, "WIFSTOPPED", "", |s| Ok(boolean(
    libc::WIFSTOPPED(s)
)));
wstatus_fn!(wifsignaled, "WIFSIGNALED", "", |s| Ok(boolean(
    libc::WIFSIGNALED(s)
)));
wstatus_fn!(wifexited, "WIFEXITED", "", |s| Ok(boolean(
    libc::WIFEXITED(s)
)));
wstatus_fn!(wexitstatus, "WEXITSTATUS", "", |s| int(
    libc::WEXITSTATUS(s) as i64
));
wstatus_fn!(wtermsig, "WTERMSIG", "", |s| int(libc::WTERMSIG(s) as i64));
wstatus_fn!(wstopsig, "WSTOPSIG", "", |s| int(libc::WSTOPSIG(s) as i64));

os_fn!(
    waitstatus_to_exitcode,
    os_sig!("waitstatus_to_exitcode", ["status"], 0, 1, 1),
    |a| {
        let s = c_int_arg(a[0])?;
        if libc::WIFEXITED(s) {
            return int(libc::WEXITSTATUS(s) as i64);
        }
        if libc::WIFSIGNALED(s) {
            return int(-(libc::WTERMSIG(s) as i64));
        }
        if libc::WIFSTOPPED(s) {
            return Err(errors::value_error(&format!(
                "process stopped by delivery of signal {}",
                libc::WSTOPSIG(s)
            )));
        }
        Err(errors::value_error(&format!("invalid wait status: {s}")))
    }
);

os_fn!(
    waitpid,
    os_sig!("waitpid", ["pid", "options"], 2, 2, 2),
    |a| {
        let pid = c_int_arg(a[0])?;
        let options = c_int_arg(a[1])?;
        let mut status: c_int = 0;
        match retry(|| libc::waitpid(pid, &mut status, options), |r| r < 0)? {
            Ok(r) => tuple(vec![int(r as i64)?, int(status as i64)?]),
            Err(_) => Err(posix_error()),
        }
    }
);

os_fn!(wait, os_sig!("wait", [], 0, 0, 0), |_a| {
    let mut status: c_int = 0;
    match retry(|| libc::wait(&mut status), |r| r < 0)? {
        Ok(r) => tuple(vec![int(r as i64)?, int(status as i64)?]),
        Err(_) => Err(posix_error()),
    }
});

/// The `resource.struct_rusage` for wait3/wait4 (imports `resource`, as CPython).
unsafe fn rusage_object(ru: &libc::rusage) -> PyResult<Ref> {
    let m = crate::modules::posixmodule::args::import_module("resource")?;
    let cls = object::get_attr_str(m.as_ptr(), "struct_rusage")?;
    let tv = |t: libc::timeval| float(t.tv_sec as f64 + t.tv_usec as f64 * 1e-6);
    let items = vec![
        tv(ru.ru_utime)?,
        tv(ru.ru_stime)?,
        int(ru.ru_maxrss)?,
        int(ru.ru_ixrss)?,
        int(ru.ru_idrss)?,
        int(ru.ru_isrss)?,
        int(ru.ru_minflt)?,
        int(ru.ru_majflt)?,
        int(ru.ru_nswap)?,
        int(ru.ru_inblock)?,
        int(ru.ru_oublock)?,
        int(ru.ru_msgsnd)?,
        int(ru.ru_msgrcv)?,
        int(ru.ru_nsignals)?,
        int(ru.ru_nvcsw)?,
        int(ru.ru_nivcsw)?,
    ];
    structseq_from(cls.as_ptr(), items)
}

os_fn!(wait3, os_sig!("wait3", ["options"], 0, 1, 1), |a| {
    let options = c_int_arg(a[0])?;
    let mut status: c_int = 0;
    let mut ru: libc::rusage = core::mem::zeroed();
    match retry(|| libc::wait4(-1, &mut status, options, &mut ru), |r| r < 0)? {
        Ok(r) => tuple(vec![
            int(r as i64)?,
            int(status as i64)?,
            rusage_object(&ru)?,
        ]),
        Err(_) => Err(posix_error()),
    }
});

os_fn!(wait4, os_sig!("wait4", ["pid", "options"], 0, 2, 2), |a| {
    let pid = c_int_arg(a[0])?;
    let options = c_int_arg(a[1])?;
    let mut status: c_int = 0;
    let mut ru: libc::rusage = core::mem::zeroed();
    match retry(
        || libc::wait4(pid, &mut status, options, &mut ru),
        |r| r < 0,
    )? {
        Ok(r) => tuple(vec![
            int(r as i64)?,
            int(status as i64)?,
            rusage_object(&ru)?,
        ]),
        Err(_) => Err(posix_error()),
    }
});

os_fn!(
    waitid,
    os_sig!("waitid", ["idtype", "id", "options"], 3, 3, 3),
    |a| {
        let idtype = c_int_arg(a[0])?;
        let id = c_int_arg(a[1])?;
        let options = c_int_arg(a[2])?;
        let mut si: libc::siginfo_t = core::mem::zeroed();
        if retry(
            || libc::waitid(idtype as libc::idtype_t, id as libc::id_t, &mut si, options),
            |r| r < 0,
        )?
        .is_err()
        {
            return Err(posix_error());
        }
        if si.si_pid() == 0 {
            return Ok(none());
        }
        structseq_from(
            (*(&raw mut TYPES)).waitid_result,
            vec![
                int(si.si_pid() as i64)?,
                int(si.si_uid() as i64)?,
                int(si.si_signo as i64)?,
                int(si.si_status() as i64)?,
                int(si.si_code as i64)?,
            ],
        )
    }
);

os_fn!(kill, os_sig!("kill", ["pid", "signal"], 2, 2, 2), |a| {
    let pid = c_int_arg(a[0]).map_err(|e| {
        let _ = e;
        errors::ErrSet::assume_set()
    })?;
    let sig = c_int_arg(a[1])?;
    if libc::kill(pid, sig) < 0 {
        return Err(posix_error());
    }
    // A signal sent to this process must run its handler before kill() returns.
    crate::modules::signalmodule::check_signals()?;
    Ok(none())
});

os_fn!(
    killpg,
    os_sig!("killpg", ["pgid", "signal"], 2, 2, 2),
    |a| {
        if libc::killpg(c_int_arg(a[0])?, c_int_arg(a[1])?) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);

os_fn!(exit_, os_sig!("_exit", ["status"], 0, 1, 1), |a| {
    let status = c_int_arg(a[0])?;
    libc::_exit(status)
});

os_fn!(abort, os_sig!("abort", [], 0, 0, 0), |_a| { libc::abort() });

os_fn!(system, os_sig!("system", ["command"], 0, 1, 1), |a| {
    let p = path("system", "command", a[0])?;
    let save = crate::lifecycle::ceval_gil::save_thread();
    let r = libc::system(p.as_ptr());
    crate::lifecycle::ceval_gil::restore_thread(save);
    int(r as i64)
});

/// argv/env entries (`fsconvert_strdup`) from a tuple or list.
unsafe fn argv_list(func: &str, o: *mut PyObject) -> PyResult<Vec<CString>> {
    if !(tupleobject::check(o) || listobject::check(o)) {
        return Err(errors::type_error(&format!(
            "{func}() arg 2 must be a tuple or list"
        )));
    }
    let seq = crate::objects::r#abstract::sequence::fast(o, "")?;
    let n = crate::objects::r#abstract::sequence::fast_len(seq.as_ptr());
    let mut out = Vec::new();
    for i in 0..n {
        let it = crate::objects::r#abstract::sequence::fast_item(seq.as_ptr(), i);
        let p = path_arg(func, "args", it, false, false).map_err(|_| {
            errors::clear();
            errors::type_error(&format!(
                "expected str, bytes or os.PathLike object, not {}",
                object::type_name_trunc(object::py_type(it), 200)
            ))
        })?;
        out.push(p.narrow.unwrap_or_default());
    }
    Ok(out)
}

/// "NAME=value" strings from an environment mapping (`parse_envlist`).
unsafe fn env_list(o: *mut PyObject) -> PyResult<Vec<CString>> {
    let keys = object::get_attr_str(o, "keys")?;
    let keys = crate::objects::call::call_no_args(keys.as_ptr())?;
    let keys = crate::objects::r#abstract::sequence::fast(
        keys.as_ptr(),
        "env.keys() or env.values() is not a list",
    )?;
    let n = crate::objects::r#abstract::sequence::fast_len(keys.as_ptr());
    let mut out = Vec::new();
    for i in 0..n {
        let k = crate::objects::r#abstract::sequence::fast_item(keys.as_ptr(), i);
        let v = crate::objects::r#abstract::mapping::get_item(o, k)?;
        let kb = env_bytes("execve", k, 1)?;
        let vb = env_bytes("execve", v.as_ptr(), 2)?;
        if kb.as_bytes().is_empty() || kb.as_bytes()[1..].contains(&b'=') {
            return Err(errors::value_error("illegal environment variable name"));
        }
        let mut e = kb.into_bytes();
        e.push(b'=');
        e.extend_from_slice(vb.as_bytes());
        out.push(CString::new(e).map_err(|_| errors::value_error("embedded null byte"))?);
    }
    Ok(out)
}

fn ptrs(v: &[CString]) -> Vec<*const c_char> {
    v.iter()
        .map(|c| c.as_ptr())
        .chain(core::iter::once(core::ptr::null()))
        .collect()
}

os_fn!(execv, os_sig!("execv", ["path", "argv"], 2, 2, 2), |a| {
    let p = path("execv", "path", a[0])?;
    let argv = argv_list("execv", a[1])?;
    if argv.is_empty() {
        return Err(errors::value_error("execv() arg 2 must not be empty"));
    }
    if argv[0].as_bytes().is_empty() {
        return Err(errors::value_error(
            "execv() arg 2 first element cannot be empty",
        ));
    }
    let av = ptrs(&argv);
    libc::execv(p.as_ptr(), av.as_ptr());
    Err(posix_error())
});

os_fn!(
    execve,
    os_sig!("execve", ["path", "argv", "env"], 0, 3, 3),
    |a| {
        let p = path_arg("execve", "path", a[0], false, true)?;
        let argv = argv_list("execve", a[1])?;
        if argv.is_empty() {
            return Err(errors::value_error("execve: argv must not be empty"));
        }
        if argv[0].as_bytes().is_empty() {
            return Err(errors::value_error(
                "execve: argv first element cannot be empty",
            ));
        }
        if !crate::objects::r#abstract::mapping::check(a[2]) {
            return Err(errors::type_error(
                "execve: environment must be a mapping object",
            ));
        }
        let env = env_list(a[2])?;
        let av = ptrs(&argv);
        let ev = ptrs(&env);
        if p.fd >= 0 {
            libc::fexecve(p.fd, av.as_ptr(), ev.as_ptr());
        } else {
            libc::execve(p.as_ptr(), av.as_ptr(), ev.as_ptr());
        }
        Err(path_error(Some(&p), None))
    }
);

// --- configuration names --------------------------------------------------------------------

/// A configuration name: an int, or a string from `table`.
unsafe fn conf_name(o: *mut PyObject, table: &[(&str, i64)]) -> PyResult<c_int> {
    if longobject::is_int(o) {
        return longobject::as_c_int(o);
    }
    if crate::objects::unicodeobject::is_str(o) {
        let s = crate::objects::unicodeobject::to_string_lossy(o);
        return match table.iter().find(|(n, _)| *n == s) {
            Some(&(_, v)) => Ok(v as c_int),
            None => Err(errors::value_error("unrecognized configuration name")),
        };
    }
    Err(errors::type_error(
        "configuration names must be strings or integers",
    ))
}

os_fn!(sysconf, os_sig!("sysconf", ["name"], 1, 1, 1), |a| {
    let name = conf_name(a[0], SYSCONF_NAMES)?;
    set_errno(0);
    let r = libc::sysconf(name);
    if r == -1 && errno() != 0 {
        return Err(posix_error());
    }
    int(r as i64)
});

os_fn!(
    fpathconf,
    os_sig!("fpathconf", ["fd", "name"], 2, 2, 2),
    |a| {
        let p = path_arg("fpathconf", "fd", a[0], false, true)?;
        let name = conf_name(a[1], PATHCONF_NAMES)?;
        set_errno(0);
        let r = if p.fd >= 0 {
            libc::fpathconf(p.fd, name)
        } else {
            libc::pathconf(p.as_ptr(), name)
        };
        if r == -1 && errno() != 0 {
            return Err(path_error(Some(&p), None));
        }
        int(r as i64)
    }
);

os_fn!(
    pathconf,
    os_sig!("pathconf", ["path", "name"], 0, 2, 2),
    |a| {
        let p = path_arg("pathconf", "path", a[0], false, true)?;
        let name = conf_name(a[1], PATHCONF_NAMES)?;
        set_errno(0);
        let r = if p.fd >= 0 {
            libc::fpathconf(p.fd, name)
        } else {
            libc::pathconf(p.as_ptr(), name)
        };
        if r == -1 && errno() != 0 {
            return Err(path_error(Some(&p), None));
        }
        int(r as i64)
    }
);

os_fn!(confstr, os_sig!("confstr", ["name"], 1, 1, 1), |a| {
    let name = conf_name(a[0], CONFSTR_NAMES)?;
    set_errno(0);
    let n = libc::confstr(name, core::ptr::null_mut(), 0);
    if n == 0 {
        if errno() != 0 {
            return Err(posix_error());
        }
        return Ok(none());
    }
    let mut buf = vec![0u8; n];
    libc::confstr(name, buf.as_mut_ptr().cast(), n);
    crate::objects::unicodeobject::from_utf8(&buf[..n - 1], Some("surrogateescape"))
});

unsafe fn names_dict(table: &[(&str, i64)]) -> PyResult<Ref> {
    let d = dictobject::new()?;
    for &(n, v) in table {
        dictobject::set_item_str(d.as_ptr(), n, int(v)?.as_ptr())?;
    }
    Ok(d)
}

/// Adds `sysconf_names`, `confstr_names`, `pathconf_names`.
///
/// # Safety
/// `m` is the posix module.
pub(super) unsafe fn add_names(m: *mut PyObject) -> PyResult<()> {
    add(m, "sysconf_names", names_dict(SYSCONF_NAMES)?.as_ptr())?;
    add(m, "confstr_names", names_dict(CONFSTR_NAMES)?.as_ptr())?;
    add(m, "pathconf_names", names_dict(PATHCONF_NAMES)?.as_ptr())?;
    Ok(())
}

// --- scheduling -----------------------------------------------------------------------------

os_fn!(sched_yield, os_sig!("sched_yield", [], 0, 0, 0), |_a| {
    if libc::sched_yield() < 0 {
        return Err(posix_error());
    }
    Ok(none())
});
os_fn!(
    sched_get_priority_max,
    os_sig!("sched_get_priority_max", ["policy"], 0, 1, 1),
    |a| {
        let r = libc::sched_get_priority_max(c_int_arg(a[0])?);
        if r < 0 {
            return Err(posix_error());
        }
        int(r as i64)
    }
);
os_fn!(
    sched_get_priority_min,
    os_sig!("sched_get_priority_min", ["policy"], 0, 1, 1),
    |a| {
        let r = libc::sched_get_priority_min(c_int_arg(a[0])?);
        if r < 0 {
            return Err(posix_error());
        }
        int(r as i64)
    }
);
os_fn!(
    sched_getscheduler,
    os_sig!("sched_getscheduler", ["pid"], 1, 1, 1),
    |a| {
        let r = libc::sched_getscheduler(c_int_arg(a[0])?);
        if r < 0 {
            return Err(posix_error());
        }
        int(r as i64)
    }
);
os_fn!(
    sched_getparam,
    os_sig!("sched_getparam", ["pid"], 1, 1, 1),
    |a| {
        let mut p: libc::sched_param = core::mem::zeroed();
        if libc::sched_getparam(c_int_arg(a[0])?, &mut p) < 0 {
            return Err(posix_error());
        }
        structseq_from(
            (*(&raw mut TYPES)).sched_param,
            vec![int(p.sched_priority as i64)?],
        )
    }
);

unsafe fn sched_param_arg(o: *mut PyObject) -> PyResult<libc::sched_param> {
    if object::py_type(o).cast() != (*(&raw mut TYPES)).sched_param {
        return Err(errors::type_error("must have a sched_param object"));
    }
    let v = crate::objects::structseq::get_item(o, 0);
    let prio = longobject::as_i64(v)?;
    if prio > c_int::MAX as i64 || prio < c_int::MIN as i64 {
        return Err(errors::overflow_error("sched_priority out of range"));
    }
    let mut p: libc::sched_param = core::mem::zeroed();
    p.sched_priority = prio as c_int;
    Ok(p)
}

os_fn!(
    sched_setparam,
    os_sig!("sched_setparam", ["pid", "param"], 2, 2, 2),
    |a| {
        let p = sched_param_arg(a[1])?;
        if libc::sched_setparam(c_int_arg(a[0])?, &p) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);
os_fn!(
    sched_setscheduler,
    os_sig!("sched_setscheduler", ["pid", "policy", "param"], 3, 3, 3),
    |a| {
        let p = sched_param_arg(a[2])?;
        if libc::sched_setscheduler(c_int_arg(a[0])?, c_int_arg(a[1])?, &p) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);
os_fn!(
    sched_rr_get_interval,
    os_sig!("sched_rr_get_interval", ["pid"], 1, 1, 1),
    |a| {
        let mut ts: libc::timespec = core::mem::zeroed();
        if libc::sched_rr_get_interval(c_int_arg(a[0])?, &mut ts) < 0 {
            return Err(posix_error());
        }
        float(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
    }
);

os_fn!(
    sched_getaffinity,
    os_sig!("sched_getaffinity", ["pid"], 1, 1, 1),
    |a| {
        let pid = c_int_arg(a[0])?;
        let mut set: libc::cpu_set_t = core::mem::zeroed();
        if libc::sched_getaffinity(pid, core::mem::size_of::<libc::cpu_set_t>(), &mut set) < 0 {
            return Err(posix_error());
        }
        let s = crate::objects::setobject::new_set(null_mut())?;
        for cpu in 0..libc::CPU_SETSIZE as usize {
            if libc::CPU_ISSET(cpu, &set) {
                crate::objects::setobject::add(s.as_ptr(), int(cpu as i64)?.as_ptr())?;
            }
        }
        Ok(s)
    }
);

os_fn!(
    sched_setaffinity,
    os_sig!("sched_setaffinity", ["pid", "mask"], 2, 2, 2),
    |a| {
        let pid = c_int_arg(a[0])?;
        let mut set: libc::cpu_set_t = core::mem::zeroed();
        let it = crate::objects::r#abstract::iter::get_iter(a[1])?;
        while let Some(item) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
            if !longobject::is_int(item.as_ptr()) {
                return Err(errors::type_error(&format!(
                    "expected an iterator of ints, but iterator yielded {}",
                    object::type_name_trunc(object::py_type(item.as_ptr()), 200)
                )));
            }
            let cpu = longobject::as_i64(item.as_ptr())?;
            if cpu < 0 {
                return Err(errors::value_error("negative CPU number"));
            }
            if cpu >= libc::CPU_SETSIZE as i64 {
                return Err(errors::value_error("invalid CPU number"));
            }
            libc::CPU_SET(cpu as usize, &mut set);
        }
        if libc::sched_setaffinity(pid, core::mem::size_of::<libc::cpu_set_t>(), &set) < 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);

// --- small Linux interfaces ----------------------------------------------------------------

os_fn!(
    pidfd_open,
    os_sig!("pidfd_open", ["pid", "flags"], 0, 2, 1),
    |a| {
        let pid = c_int_arg(a[0])?;
        let flags = or(a[1], 0, |o| c_int_arg(o))?;
        let fd = libc::syscall(libc::SYS_pidfd_open, pid, flags);
        if fd < 0 {
            return Err(posix_error());
        }
        int(fd)
    }
);

os_fn!(
    eventfd,
    os_sig!("eventfd", ["initval", "flags"], 0, 2, 1),
    |a| {
        let init = longobject::as_i64(a[0])?;
        let flags = or(a[1], libc::EFD_CLOEXEC, |o| c_int_arg(o))?;
        let fd = libc::eventfd(init as libc::c_uint, flags);
        if fd < 0 {
            return Err(posix_error());
        }
        int(fd as i64)
    }
);

os_fn!(
    eventfd_read,
    os_sig!("eventfd_read", ["fd"], 0, 1, 1),
    |a| {
        let fd = fd_arg(a[0])?;
        let mut v: libc::eventfd_t = 0;
        if retry_int(|| libc::eventfd_read(fd, &mut v))?.is_err() {
            return Err(posix_error());
        }
        longobject::from_u64(v)
    }
);

os_fn!(
    eventfd_write,
    os_sig!("eventfd_write", ["fd", "value"], 0, 2, 2),
    |a| {
        let fd = fd_arg(a[0])?;
        let v = longobject::as_i64(a[1])? as u64;
        if retry_int(|| libc::eventfd_write(fd, v))?.is_err() {
            return Err(posix_error());
        }
        Ok(none())
    }
);

unsafe fn xattr_name(func: &str, o: *mut PyObject) -> PyResult<CString> {
    Ok(path(func, "attribute", o)?.narrow.unwrap_or_default())
}

os_fn!(
    getxattr,
    os_sig!(
        "getxattr",
        ["path", "attribute", "follow_symlinks"],
        0,
        2,
        2
    ),
    |a| {
        let p = path_arg("getxattr", "path", a[0], false, true)?;
        let attr = xattr_name("getxattr", a[1])?;
        let follow = truth(a[2], true)?;
        let mut size = 128usize;
        loop {
            let mut buf = vec![0u8; size];
            let n = if p.fd >= 0 {
                libc::fgetxattr(p.fd, attr.as_ptr(), buf.as_mut_ptr().cast(), size)
            } else if follow {
                libc::getxattr(p.as_ptr(), attr.as_ptr(), buf.as_mut_ptr().cast(), size)
            } else {
                libc::lgetxattr(p.as_ptr(), attr.as_ptr(), buf.as_mut_ptr().cast(), size)
            };
            if n >= 0 {
                return bytesobject::from_slice(&buf[..n as usize]);
            }
            if errno() != libc::ERANGE || size >= 65536 {
                return Err(path_error(Some(&p), None));
            }
            size = 65536;
        }
    }
);

os_fn!(
    setxattr,
    os_sig!(
        "setxattr",
        ["path", "attribute", "value", "flags", "follow_symlinks"],
        0,
        4,
        3
    ),
    |a| {
        let p = path_arg("setxattr", "path", a[0], false, true)?;
        let attr = xattr_name("setxattr", a[1])?;
        let flags = or(a[3], 0, |o| c_int_arg(o))?;
        let follow = truth(a[4], true)?;
        with_buffer(a[2], |v| {
            let r = if p.fd >= 0 {
                libc::fsetxattr(p.fd, attr.as_ptr(), v.as_ptr().cast(), v.len(), flags)
            } else if follow {
                libc::setxattr(p.as_ptr(), attr.as_ptr(), v.as_ptr().cast(), v.len(), flags)
            } else {
                libc::lsetxattr(p.as_ptr(), attr.as_ptr(), v.as_ptr().cast(), v.len(), flags)
            };
            if r < 0 {
                return Err(path_error(Some(&p), None));
            }
            Ok(none())
        })
    }
);

os_fn!(
    removexattr,
    os_sig!(
        "removexattr",
        ["path", "attribute", "follow_symlinks"],
        0,
        2,
        2
    ),
    |a| {
        let p = path_arg("removexattr", "path", a[0], false, true)?;
        let attr = xattr_name("removexattr", a[1])?;
        let follow = truth(a[2], true)?;
        let r = if p.fd >= 0 {
            libc::fremovexattr(p.fd, attr.as_ptr())
        } else if follow {
            libc::removexattr(p.as_ptr(), attr.as_ptr())
        } else {
            libc::lremovexattr(p.as_ptr(), attr.as_ptr())
        };
        if r < 0 {
            return Err(path_error(Some(&p), None));
        }
        Ok(none())
    }
);

os_fn!(
    listxattr,
    os_sig!("listxattr", ["path", "follow_symlinks"], 0, 1, 0),
    |a| {
        let p = path_arg("listxattr", "path", a[0], true, true)?;
        let follow = truth(a[1], true)?;
        let mut size = 256usize;
        loop {
            let mut buf = vec![0u8; size];
            let n = if p.fd >= 0 {
                libc::flistxattr(p.fd, buf.as_mut_ptr().cast(), size)
            } else if follow {
                libc::listxattr(p.as_ptr(), buf.as_mut_ptr().cast(), size)
            } else {
                libc::llistxattr(p.as_ptr(), buf.as_mut_ptr().cast(), size)
            };
            if n >= 0 {
                let list = listobject::new(0)?;
                for name in buf[..n as usize]
                    .split(|&c| c == 0)
                    .filter(|s| !s.is_empty())
                {
                    listobject::append(list.as_ptr(), fs_decode(name)?.as_ptr())?;
                }
                return Ok(list);
            }
            if errno() != libc::ERANGE || size >= 65536 {
                return Err(path_error(Some(&p), None));
            }
            size = 65536;
        }
    }
);

os_fn!(
    copy_file_range,
    os_sig!(
        "copy_file_range",
        ["src", "dst", "count", "offset_src", "offset_dst"],
        0,
        5,
        3
    ),
    |a| {
        let src = c_int_arg(a[0])?;
        let dst = c_int_arg(a[1])?;
        let count = longobject::as_isize(a[2])?;
        if count < 0 {
            return Err(errors::value_error("negative argument not allowed"));
        }
        let mut os = if a[3].is_null() || a[3] == object::none() {
            None
        } else {
            Some(i64_arg(a[3])?)
        };
        let mut od = if a[4].is_null() || a[4] == object::none() {
            None
        } else {
            Some(i64_arg(a[4])?)
        };
        let ps = os.as_mut().map_or(null_mut(), |v| v as *mut i64);
        let pd = od.as_mut().map_or(null_mut(), |v| v as *mut i64);
        match retry(
            || libc::copy_file_range(src, ps, dst, pd, count as usize, 0),
            |r| r < 0,
        )? {
            Ok(n) => int(n as i64),
            Err(_) => Err(posix_error()),
        }
    }
);

os_fn!(
    splice,
    os_sig!(
        "splice",
        ["src", "dst", "count", "offset_src", "offset_dst", "flags"],
        0,
        6,
        3
    ),
    |a| {
        let src = c_int_arg(a[0])?;
        let dst = c_int_arg(a[1])?;
        let count = longobject::as_isize(a[2])?;
        if count < 0 {
            return Err(errors::value_error("negative argument not allowed"));
        }
        let mut os = if a[3].is_null() || a[3] == object::none() {
            None
        } else {
            Some(i64_arg(a[3])?)
        };
        let mut od = if a[4].is_null() || a[4] == object::none() {
            None
        } else {
            Some(i64_arg(a[4])?)
        };
        let flags = or(a[5], 0, |o| c_int_arg(o))?;
        let ps = os.as_mut().map_or(null_mut(), |v| v as *mut i64);
        let pd = od.as_mut().map_or(null_mut(), |v| v as *mut i64);
        match retry(
            || libc::splice(src, ps, dst, pd, count as usize, flags as libc::c_uint),
            |r| r < 0,
        )? {
            Ok(n) => int(n as i64),
            Err(_) => Err(posix_error()),
        }
    }
);

os_fn!(openpty, os_sig!("openpty", [], 0, 0, 0), |_a| {
    let (mut m, mut s) = (0, 0);
    if libc::openpty(&mut m, &mut s, null_mut(), null_mut(), null_mut()) < 0 {
        return Err(posix_error());
    }
    super::fs::set_inheritable_fd(m, false)?;
    super::fs::set_inheritable_fd(s, false)?;
    tuple(vec![int(m as i64)?, int(s as i64)?])
});

os_fn!(login_tty, os_sig!("login_tty", ["fd"], 1, 1, 1), |a| {
    let fd = fd_arg(a[0])?;
    if libc::login_tty(fd) < 0 {
        return Err(posix_error());
    }
    Ok(none())
});

/// `os._path_normpath`: posixpath.normpath's algorithm on str or bytes.
unsafe fn normpath_bytes(p: &[u8]) -> Vec<u8> {
    if p.is_empty() {
        return b".".to_vec();
    }
    let initial = if p.starts_with(b"//") && !p.starts_with(b"///") {
        2
    } else if p.starts_with(b"/") {
        1
    } else {
        0
    };
    let mut comps: Vec<&[u8]> = Vec::new();
    for c in p.split(|&c| c == b'/') {
        if c.is_empty() || c == b"." {
            continue;
        }
        if c != b".." || (initial == 0 && comps.is_empty()) || comps.last() == Some(&&b".."[..]) {
            comps.push(c);
        } else if !comps.is_empty() {
            comps.pop();
        }
    }
    let mut out = vec![b'/'; initial];
    out.extend_from_slice(&comps.join(&b'/'));
    if out.is_empty() {
        out.push(b'.');
    }
    out
}

os_fn!(
    path_normpath,
    os_sig!("_path_normpath", ["path"], 0, 1, 1),
    |a| {
        let p = path("_path_normpath", "path", a[0])?;
        let b = p.narrow.as_ref().map_or(&[][..], |c| c.as_bytes());
        path_result(p.is_bytes, &normpath_bytes(b))
    }
);

/// A sigset argument for posix_spawn (an iterable of signal numbers).
unsafe fn spawn_sigset(o: *mut PyObject) -> PyResult<libc::sigset_t> {
    let mut set: libc::sigset_t = core::mem::zeroed();
    libc::sigemptyset(&mut set);
    let it = crate::objects::r#abstract::iter::get_iter(o)?;
    while let Some(item) = crate::objects::r#abstract::iter::next(it.as_ptr())? {
        let v = longobject::as_i64(item.as_ptr())?;
        if v < 1 || v > 64 {
            return Err(errors::value_error(&format!(
                "signal number {v} out of range [1; 64]"
            )));
        }
        libc::sigaddset(&mut set, v as c_int);
    }
    Ok(set)
}

/// `posix_spawn` / `posix_spawnp`: file actions, attributes, then the spawn; OSError with
/// the path on failure.
unsafe fn spawn(func: &str, a: &[*mut PyObject], search_path: bool) -> PyResult<Ref> {
    let p = path(func, "path", a[0])?;
    if !(tupleobject::check(a[1]) || listobject::check(a[1])) {
        return Err(errors::type_error(&format!(
            "{func}: argv must be a tuple or list"
        )));
    }
    let argv = argv_list(func, a[1])?;
    if argv.is_empty() {
        return Err(errors::value_error(&format!(
            "{func}: argv must not be empty"
        )));
    }
    if !crate::objects::r#abstract::mapping::check(a[2]) {
        return Err(errors::type_error(&format!(
            "{func}: environment must be a mapping object"
        )));
    }
    let env = env_list(a[2])?;
    let mut actions: libc::posix_spawn_file_actions_t = core::mem::zeroed();
    let mut attr: libc::posix_spawnattr_t = core::mem::zeroed();
    libc::posix_spawn_file_actions_init(&mut actions);
    libc::posix_spawnattr_init(&mut attr);
    // Paths of open actions must live until the spawn.
    let mut keep: Vec<CString> = Vec::new();
    let r = (|| -> PyResult<Ref> {
        if !a[3].is_null() && a[3] != object::none() {
            let seq = crate::objects::r#abstract::sequence::fast(
                a[3],
                "file_actions must be a sequence or None",
            )?;
            for i in 0..crate::objects::r#abstract::sequence::fast_len(seq.as_ptr()) {
                let t = crate::objects::r#abstract::sequence::fast_item(seq.as_ptr(), i);
                if !tupleobject::check(t) || tupleobject::len(t) == 0 {
                    return Err(errors::type_error(
                        "Each file_actions element must be a non-empty tuple",
                    ));
                }
                let items = core::slice::from_raw_parts(
                    tupleobject::items(t),
                    tupleobject::len(t) as usize,
                );
                let tag = c_int_arg(items[0])?;
                let r = match (tag, items.len()) {
                    (0, 5) => {
                        let fp = path(func, "path", items[2])?;
                        let c = fp.narrow.unwrap_or_default();
                        let r = libc::posix_spawn_file_actions_addopen(
                            &mut actions,
                            c_int_arg(items[1])?,
                            c.as_ptr(),
                            c_int_arg(items[3])?,
                            c_int_arg(items[4])? as libc::mode_t,
                        );
                        keep.push(c);
                        r
                    }
                    (1, 2) => {
                        libc::posix_spawn_file_actions_addclose(&mut actions, c_int_arg(items[1])?)
                    }
                    (2, 3) => libc::posix_spawn_file_actions_adddup2(
                        &mut actions,
                        c_int_arg(items[1])?,
                        c_int_arg(items[2])?,
                    ),
                    (0..=2, _) => {
                        return Err(errors::type_error(
                            "A file_actions tuple has the wrong number of elements",
                        ));
                    }
                    _ => return Err(errors::type_error("Unknown file_actions identifier")),
                };
                if r != 0 {
                    set_errno(r);
                    return Err(posix_error());
                }
            }
        }
        let mut flags: libc::c_short = 0;
        if !a[4].is_null() && a[4] != object::none() {
            libc::posix_spawnattr_setpgroup(&mut attr, c_int_arg(a[4])?);
            flags |= libc::POSIX_SPAWN_SETPGROUP as libc::c_short;
        }
        if truth(a[5], false)? {
            flags |= libc::POSIX_SPAWN_RESETIDS as libc::c_short;
        }
        if truth(a[6], false)? {
            flags |= libc::POSIX_SPAWN_SETSID as libc::c_short;
        }
        if !a[7].is_null() {
            let set = spawn_sigset(a[7])?;
            libc::posix_spawnattr_setsigmask(&mut attr, &set);
            flags |= libc::POSIX_SPAWN_SETSIGMASK as libc::c_short;
        }
        if !a[8].is_null() {
            let set = spawn_sigset(a[8])?;
            libc::posix_spawnattr_setsigdefault(&mut attr, &set);
            flags |= libc::POSIX_SPAWN_SETSIGDEF as libc::c_short;
        }
        if !a[9].is_null() && a[9] != object::none() {
            if !tupleobject::check(a[9]) || tupleobject::len(a[9]) != 2 {
                return Err(errors::type_error(&format!(
                    "{func} must receive a tuple, not {}",
                    object::type_name_trunc(object::py_type(a[9]), 200)
                )));
            }
            let policy = *tupleobject::items(a[9]);
            let param = *tupleobject::items(a[9]).add(1);
            if policy != object::none() {
                libc::posix_spawnattr_setschedpolicy(&mut attr, c_int_arg(policy)?);
                flags |= libc::POSIX_SPAWN_SETSCHEDULER as libc::c_short;
            }
            let sp = sched_param_arg(param)?;
            libc::posix_spawnattr_setschedparam(&mut attr, &sp);
            flags |= libc::POSIX_SPAWN_SETSCHEDPARAM as libc::c_short;
        }
        libc::posix_spawnattr_setflags(&mut attr, flags);
        let av = ptrs(&argv);
        let ev = ptrs(&env);
        let mut pid: libc::pid_t = 0;
        let av_mut = av.as_ptr() as *const *mut c_char;
        let ev_mut = ev.as_ptr() as *const *mut c_char;
        let err = if search_path {
            libc::posix_spawnp(&mut pid, p.as_ptr(), &actions, &attr, av_mut, ev_mut)
        } else {
            libc::posix_spawn(&mut pid, p.as_ptr(), &actions, &attr, av_mut, ev_mut)
        };
        if err != 0 {
            set_errno(err);
            return Err(path_error(Some(&p), None));
        }
        int(pid as i64)
    })();
    libc::posix_spawn_file_actions_destroy(&mut actions);
    libc::posix_spawnattr_destroy(&mut attr);
    drop(keep);
    r
}

os_fn!(
    posix_spawn,
    os_sig!(
        "posix_spawn",
        [
            "path",
            "argv",
            "env",
            "file_actions",
            "setpgroup",
            "resetids",
            "setsid",
            "setsigmask",
            "setsigdef",
            "scheduler"
        ],
        3,
        3,
        3
    ),
    |a| { spawn("posix_spawn", a, false) }
);
os_fn!(
    posix_spawnp,
    os_sig!(
        "posix_spawnp",
        [
            "path",
            "argv",
            "env",
            "file_actions",
            "setpgroup",
            "resetids",
            "setsid",
            "setsigmask",
            "setsigdef",
            "scheduler"
        ],
        3,
        3,
        3
    ),
    |a| { spawn("posix_spawnp", a, true) }
);

pub(super) fn methods(v: &mut Vec<PyMethodDef>) {
    let mut e = |n, f, d| v.push(entry(n, f, d));
    e(c"posix_spawn", posix_spawn, c"posix_spawn($module, path, argv, env, /, *, file_actions=(),\n            setpgroup=<unrepresentable>, resetids=False, setsid=False,\n            setsigmask=(), setsigdef=(), scheduler=<unrepresentable>)\n--\n\nExecute the program specified by path in a new process.");
    e(c"posix_spawnp", posix_spawnp, c"posix_spawnp($module, path, argv, env, /, *, file_actions=(),\n             setpgroup=<unrepresentable>, resetids=False, setsid=False,\n             setsigmask=(), setsigdef=(), scheduler=<unrepresentable>)\n--\n\nExecute the program specified by path in a new process.");
    e(
        c"getpid",
        getpid,
        c"getpid($module, /)\n--\n\nReturn the current process id.",
    );
    e(
        c"getppid",
        getppid,
        c"getppid($module, /)\n--\n\nReturn the parent's process id.",
    );
    e(
        c"getuid",
        getuid,
        c"getuid($module, /)\n--\n\nReturn the current process's user id.",
    );
    e(
        c"geteuid",
        geteuid,
        c"geteuid($module, /)\n--\n\nReturn the current process's effective user id.",
    );
    e(
        c"getgid",
        getgid,
        c"getgid($module, /)\n--\n\nReturn the current process's group id.",
    );
    e(
        c"getegid",
        getegid,
        c"getegid($module, /)\n--\n\nReturn the current process's effective group id.",
    );
    e(
        c"getpgrp",
        getpgrp,
        c"getpgrp($module, /)\n--\n\nReturn the current process group id.",
    );
    e(
        c"setuid",
        setuid,
        c"setuid($module, uid, /)\n--\n\nSet the current process's user id.",
    );
    e(
        c"seteuid",
        seteuid,
        c"seteuid($module, euid, /)\n--\n\nSet the current process's effective user id.",
    );
    e(
        c"setgid",
        setgid,
        c"setgid($module, gid, /)\n--\n\nSet the current process's group id.",
    );
    e(
        c"setegid",
        setegid,
        c"setegid($module, egid, /)\n--\n\nSet the current process's effective group id.",
    );
    e(c"setreuid", setreuid, c"setreuid($module, ruid, euid, /)\n--\n\nSet the current process's real and effective user ids.");
    e(c"setregid", setregid, c"setregid($module, rgid, egid, /)\n--\n\nSet the current process's real and effective group ids.");
    e(c"setresuid", setresuid, c"setresuid($module, ruid, euid, suid, /)\n--\n\nSet the current process's real, effective, and saved user ids.");
    e(c"setresgid", setresgid, c"setresgid($module, rgid, egid, sgid, /)\n--\n\nSet the current process's real, effective, and saved group ids.");
    e(c"getresuid", getresuid, c"getresuid($module, /)\n--\n\nReturn a tuple of the current process's real, effective, and saved user ids.");
    e(c"getresgid", getresgid, c"getresgid($module, /)\n--\n\nReturn a tuple of the current process's real, effective, and saved group ids.");
    e(
        c"getgroups",
        getgroups,
        c"getgroups($module, /)\n--\n\nReturn list of supplemental group IDs for the process.",
    );
    e(
        c"setgroups",
        setgroups,
        c"setgroups($module, groups, /)\n--\n\nSet the groups of the current process to list.",
    );
    e(c"getgrouplist", getgrouplist, c"getgrouplist($module, user, group, /)\n--\n\nReturns a list of groups to which a user belongs.");
    e(
        c"initgroups",
        initgroups,
        c"initgroups($module, username, gid, /)\n--\n\nInitialize the group access list.",
    );
    e(
        c"getpgid",
        getpgid,
        c"getpgid($module, /, pid)\n--\n\nCall the system call getpgid(), and return the result.",
    );
    e(
        c"setpgid",
        setpgid,
        c"setpgid($module, pid, pgrp, /)\n--\n\nCall the system call setpgid(pid, pgrp).",
    );
    e(
        c"setpgrp",
        setpgrp,
        c"setpgrp($module, /)\n--\n\nMake the current process the leader of its process group.",
    );
    e(
        c"getsid",
        getsid,
        c"getsid($module, pid, /)\n--\n\nCall the system call getsid(pid) and return the result.",
    );
    e(
        c"setsid",
        setsid,
        c"setsid($module, /)\n--\n\nCall the system call setsid().",
    );
    e(c"tcgetpgrp", tcgetpgrp, c"tcgetpgrp($module, fd, /)\n--\n\nReturn the process group associated with the terminal specified by fd.");
    e(c"tcsetpgrp", tcsetpgrp, c"tcsetpgrp($module, fd, pgid, /)\n--\n\nSet the process group associated with the terminal specified by fd.");
    e(
        c"getlogin",
        getlogin,
        c"getlogin($module, /)\n--\n\nReturn the actual login name.",
    );
    e(
        c"putenv",
        putenv,
        c"putenv($module, name, value, /)\n--\n\nChange or add an environment variable.",
    );
    e(
        c"unsetenv",
        unsetenv,
        c"unsetenv($module, name, /)\n--\n\nDelete an environment variable.",
    );
    e(
        c"strerror",
        strerror,
        c"strerror($module, code, /)\n--\n\nTranslate an error code to a message string.",
    );
    e(c"urandom", urandom, c"urandom($module, size, /)\n--\n\nReturn a bytes object containing random bytes suitable for cryptographic use.");
    e(
        c"getrandom",
        getrandom,
        c"getrandom($module, /, size, flags=0)\n--\n\nObtain a series of random bytes.",
    );
    e(
        c"uname",
        uname,
        c"uname($module, /)\n--\n\nReturn an object identifying the current operating system.",
    );
    e(c"cpu_count", cpu_count, c"cpu_count($module, /)\n--\n\nReturn the number of CPUs in the system; return None if indeterminable.");
    e(
        c"times",
        times,
        c"times($module, /)\n--\n\nReturn a collection containing process timing information.",
    );
    e(
        c"getloadavg",
        getloadavg,
        c"getloadavg($module, /)\n--\n\nReturn average recent system load information.",
    );
    e(c"nice", nice, c"nice($module, increment, /)\n--\n\nAdd increment to the priority of process and return the new priority.");
    e(
        c"getpriority",
        getpriority,
        c"getpriority($module, /, which, who)\n--\n\nReturn program scheduling priority.",
    );
    e(
        c"setpriority",
        setpriority,
        c"setpriority($module, /, which, who, priority)\n--\n\nSet program scheduling priority.",
    );
    e(c"WCOREDUMP", wcoredump, c"WCOREDUMP($module, status, /)\n--\n\nReturn True if the process returning status was dumped to a core file.");
    e(c"WIFCONTINUED", wifcontinued, c"WIFCONTINUED($module, /, status)\n--\n\nReturn True if a particular process was continued from a job control stop.");
    e(c"WIFSTOPPED", wifstopped, c"WIFSTOPPED($module, /, status)\n--\n\nReturn True if the process returning status was stopped.");
    e(c"WIFSIGNALED", wifsignaled, c"WIFSIGNALED($module, /, status)\n--\n\nReturn True if the process returning status was terminated by a signal.");
    e(c"WIFEXITED", wifexited, c"WIFEXITED($module, /, status)\n--\n\nReturn True if the process returning status exited via the exit() system call.");
    e(
        c"WEXITSTATUS",
        wexitstatus,
        c"WEXITSTATUS($module, /, status)\n--\n\nReturn the process return code from status.",
    );
    e(c"WTERMSIG", wtermsig, c"WTERMSIG($module, /, status)\n--\n\nReturn the signal that terminated the process that provided the status value.");
    e(c"WSTOPSIG", wstopsig, c"WSTOPSIG($module, /, status)\n--\n\nReturn the signal that stopped the process that provided the status value.");
    e(
        c"waitstatus_to_exitcode",
        waitstatus_to_exitcode,
        c"waitstatus_to_exitcode($module, /, status)\n--\n\nConvert a wait status to an exit code.",
    );
    e(
        c"waitpid",
        waitpid,
        c"waitpid($module, pid, options, /)\n--\n\nWait for completion of a given child process.",
    );
    e(
        c"wait",
        wait,
        c"wait($module, /)\n--\n\nWait for completion of a child process.",
    );
    e(
        c"wait3",
        wait3,
        c"wait3($module, /, options)\n--\n\nWait for completion of a child process.",
    );
    e(
        c"wait4",
        wait4,
        c"wait4($module, /, pid, options)\n--\n\nWait for completion of a specific child process.",
    );
    e(c"waitid", waitid, c"waitid($module, idtype, id, options, /)\n--\n\nReturns the result of waiting for a process or processes.");
    e(
        c"kill",
        kill,
        c"kill($module, pid, signal, /)\n--\n\nKill a process with a signal.",
    );
    e(
        c"killpg",
        killpg,
        c"killpg($module, pgid, signal, /)\n--\n\nKill a process group with a signal.",
    );
    e(c"_exit", exit_, c"_exit($module, /, status)\n--\n\nExit to the system with specified status, without normal exit processing.");
    e(
        c"abort",
        abort,
        c"abort($module, /)\n--\n\nAbort the interpreter immediately.",
    );
    e(
        c"system",
        system,
        c"system($module, /, command)\n--\n\nExecute the command in a subshell.",
    );
    e(c"execv", execv, c"execv($module, path, argv, /)\n--\n\nExecute an executable path with arguments, replacing current process.");
    e(c"execve", execve, c"execve($module, /, path, argv, env)\n--\n\nExecute an executable path with arguments, replacing current process.");
    e(
        c"sysconf",
        sysconf,
        c"sysconf($module, name, /)\n--\n\nReturn an integer-valued system configuration variable.",
    );
    e(c"fpathconf", fpathconf, c"fpathconf($module, fd, name, /)\n--\n\nReturn the configuration limit name for the file descriptor fd.");
    e(c"pathconf", pathconf, c"pathconf($module, /, path, name)\n--\n\nReturn the configuration limit name for the file or directory path.");
    e(
        c"confstr",
        confstr,
        c"confstr($module, name, /)\n--\n\nReturn a string-valued system configuration variable.",
    );
    e(
        c"sched_yield",
        sched_yield,
        c"sched_yield($module, /)\n--\n\nVoluntarily relinquish the CPU.",
    );
    e(c"sched_get_priority_max", sched_get_priority_max, c"sched_get_priority_max($module, /, policy)\n--\n\nGet the maximum scheduling priority for policy.");
    e(c"sched_get_priority_min", sched_get_priority_min, c"sched_get_priority_min($module, /, policy)\n--\n\nGet the minimum scheduling priority for policy.");
    e(c"sched_getscheduler", sched_getscheduler, c"sched_getscheduler($module, pid, /)\n--\n\nGet the scheduling policy for the process identified by pid.");
    e(c"sched_getparam", sched_getparam, c"sched_getparam($module, pid, /)\n--\n\nReturns scheduling parameters for the process identified by pid.");
    e(c"sched_setparam", sched_setparam, c"sched_setparam($module, pid, param, /)\n--\n\nSet scheduling parameters for the process identified by pid.");
    e(c"sched_setscheduler", sched_setscheduler, c"sched_setscheduler($module, pid, policy, param, /)\n--\n\nSet the scheduling policy for the process identified by pid.");
    e(c"sched_rr_get_interval", sched_rr_get_interval, c"sched_rr_get_interval($module, pid, /)\n--\n\nReturn the round-robin quantum for the process identified by pid, in seconds.");
    e(c"sched_getaffinity", sched_getaffinity, c"sched_getaffinity($module, pid, /)\n--\n\nReturn the affinity of the process identified by pid (or the current process if zero).");
    e(c"sched_setaffinity", sched_setaffinity, c"sched_setaffinity($module, pid, mask, /)\n--\n\nSet the CPU affinity of the process identified by pid to mask.");
    e(c"pidfd_open", pidfd_open, c"pidfd_open($module, /, pid, flags=0)\n--\n\nReturn a file descriptor referring to the process *pid*.");
    e(c"eventfd", eventfd, c"eventfd($module, /, initval, flags=524288)\n--\n\nCreates and returns an event notification file descriptor.");
    e(
        c"eventfd_read",
        eventfd_read,
        c"eventfd_read($module, /, fd)\n--\n\nRead eventfd value",
    );
    e(
        c"eventfd_write",
        eventfd_write,
        c"eventfd_write($module, /, fd, value)\n--\n\nWrite eventfd value.",
    );
    e(c"getxattr", getxattr, c"getxattr($module, /, path, attribute, *, follow_symlinks=True)\n--\n\nReturn the value of extended attribute attribute on path.");
    e(c"setxattr", setxattr, c"setxattr($module, /, path, attribute, value, flags=0, *,\n         follow_symlinks=True)\n--\n\nSet extended attribute attribute on path to value.");
    e(c"removexattr", removexattr, c"removexattr($module, /, path, attribute, *, follow_symlinks=True)\n--\n\nRemove extended attribute attribute on path.");
    e(c"listxattr", listxattr, c"listxattr($module, /, path=None, *, follow_symlinks=True)\n--\n\nReturn a list of extended attributes on path.");
    e(c"copy_file_range", copy_file_range, c"copy_file_range($module, /, src, dst, count, offset_src=None, offset_dst=None)\n--\n\nCopy count bytes from one file descriptor to another.");
    e(c"splice", splice, c"splice($module, /, src, dst, count, offset_src=None, offset_dst=None,\n       flags=0)\n--\n\nTransfer count bytes from one pipe to a descriptor or vice versa.");
    e(
        c"openpty",
        openpty,
        c"openpty($module, /)\n--\n\nOpen a pseudo-terminal.",
    );
    e(c"login_tty", login_tty, c"login_tty($module, fd, /)\n--\n\nPrepare the tty of which fd is a file descriptor for a new login session.");
    e(
        c"_path_normpath",
        path_normpath,
        c"_path_normpath($module, /, path)\n--\n\nBasic path normalization.",
    );
}
