//! fork and its hooks: `os.fork`, `os.forkpty`, `os.register_at_fork` (the interpreter's
//! `before_forkers` / `after_forkers_parent` / `after_forkers_child` lists), and
//! PyOS_BeforeFork / PyOS_AfterFork_Parent / PyOS_AfterFork_Child: the import lock is held
//! across fork, and the child re-creates the GIL, drops the other threads' states and resets
//! signal state before running its callbacks.

use super::args::*;
use super::*;
use crate::abi::methodobject::PyMethodDef;
use crate::abi::pycore_interp::PyInterpreterState;
use crate::lifecycle::pystate;
use crate::objects::listobject;
use crate::{os_fn, os_sig};

/// Calls each callable of `list` (reversed for the "before" hooks, as CPython), reporting
/// failures as unraisable.
unsafe fn run_hooks(list: *mut PyObject, reverse: bool) {
    if list.is_null() {
        return;
    }
    // A snapshot: callbacks may register more callbacks.
    let Ok(copy) = listobject::slice(list, 0, listobject::len(list)) else {
        errors::clear();
        return;
    };
    let n = listobject::len(copy.as_ptr());
    for k in 0..n {
        let i = if reverse { n - 1 - k } else { k };
        let f = *listobject::items(copy.as_ptr()).add(i as usize);
        if crate::objects::call::call_no_args(f).is_err() {
            errors::write_unraisable(f);
        }
    }
}

fn interp() -> *mut PyInterpreterState {
    pystate::current_interpreter()
}

/// `PyOS_BeforeFork`: runs the before-fork callbacks, then takes the import lock so that no
/// other thread is inside an import when the process is copied.
///
/// # Safety
/// GIL held.
pub unsafe fn before_fork() {
    run_hooks((*interp()).before_forkers, true);
    crate::lifecycle::import::acquire_lock();
}

/// `PyOS_AfterFork_Parent`: releases the import lock and runs the parent callbacks.
///
/// # Safety
/// GIL held, after a `before_fork`.
pub unsafe fn after_fork_parent() {
    crate::lifecycle::import::release_lock();
    run_hooks((*interp()).after_forkers_parent, false);
}

/// `PyOS_AfterFork_Child`: only the forking thread exists in the child. Re-creates the GIL
/// held by it, forgets the other threads' states, re-initialises the import lock and the
/// signal state, then runs the child callbacks.
///
/// # Safety
/// Called in the child right after fork, by the thread that held the GIL.
pub unsafe fn after_fork_child() {
    let ts = pystate::current();
    if ts.is_null() {
        return;
    }
    // The other threads are gone, so the GIL's mutexes may be in any state: make new ones.
    crate::lifecycle::ceval_gil::create_gil();
    crate::lifecycle::ceval_gil::take_gil(ts);
    let it = (*ts).interp;
    let mut other = (*it).threads.head;
    while !other.is_null() {
        let next = (*other).next;
        if other != ts {
            pystate::clear_thread_state(other);
            pystate::delete_thread_state(other);
        }
        other = next;
    }
    crate::modules::signalmodule::after_fork();
    // The forking thread took the import lock in before_fork and is the only thread left:
    // give it a fresh lock (the old one's mutex may be mid-operation), then drop the level
    // before_fork added.
    crate::lifecycle::import::reinit_lock();
    crate::lifecycle::import::release_lock();
    run_hooks((*it).after_forkers_child, false);
}

os_fn!(fork, os_sig!("fork", [], 0, 0, 0), |_a| {
    before_fork();
    let pid = libc::fork();
    let saved = errno();
    if pid == 0 {
        after_fork_child();
    } else {
        after_fork_parent();
    }
    if pid < 0 {
        set_errno(saved);
        return Err(posix_error());
    }
    int(pid as i64)
});

os_fn!(forkpty, os_sig!("forkpty", [], 0, 0, 0), |_a| {
    let mut master: c_int = -1;
    before_fork();
    let pid = libc::forkpty(&mut master, null_mut(), null_mut(), null_mut());
    let saved = errno();
    if pid == 0 {
        after_fork_child();
    } else {
        after_fork_parent();
    }
    if pid < 0 {
        set_errno(saved);
        return Err(posix_error());
    }
    tuple(vec![int(pid as i64)?, int(master as i64)?])
});

unsafe fn append_hook(slot: *mut *mut PyObject, f: *mut PyObject) -> PyResult<()> {
    if (*slot).is_null() {
        *slot = listobject::new(0)?.into_raw();
    }
    listobject::append(*slot, f)
}

os_fn!(
    register_at_fork,
    os_sig!(
        "register_at_fork",
        ["before", "after_in_child", "after_in_parent"],
        0,
        0,
        0
    ),
    |a| {
        if a.iter().all(|p| p.is_null()) {
            return Err(errors::type_error("At least one argument is required."));
        }
        let names = ["before", "after_in_child", "after_in_parent"];
        for (i, &f) in a.iter().enumerate() {
            if !f.is_null() && !crate::objects::call::is_callable(f) {
                return Err(errors::type_error(&format!(
                    "'{}' must be callable, not {}",
                    names[i],
                    object::type_name_trunc(object::py_type(f), 200)
                )));
            }
        }
        let it = interp();
        if !a[0].is_null() {
            append_hook(&raw mut (*it).before_forkers, a[0])?;
        }
        if !a[1].is_null() {
            append_hook(&raw mut (*it).after_forkers_child, a[1])?;
        }
        if !a[2].is_null() {
            append_hook(&raw mut (*it).after_forkers_parent, a[2])?;
        }
        Ok(none())
    }
);

/// Drops the interpreter's fork hook lists (Py_FinalizeEx).
pub(super) fn fini() {
    let it = interp();
    if it.is_null() {
        return;
    }
    // SAFETY: finalization with the GIL held; each list field owns one reference.
    unsafe {
        for slot in [
            &raw mut (*it).before_forkers,
            &raw mut (*it).after_forkers_parent,
            &raw mut (*it).after_forkers_child,
        ] {
            object::xdecref(core::mem::replace(&mut *slot, null_mut()));
        }
    }
}

pub(super) fn methods(v: &mut Vec<PyMethodDef>) {
    let mut e = |n, f, d| v.push(entry(n, f, d));
    e(c"fork", fork, c"fork($module, /)\n--\n\nFork a child process.\n\nReturn 0 to child process and PID of child to parent process.");
    e(c"forkpty", forkpty, c"forkpty($module, /)\n--\n\nFork a new process with a new pseudo-terminal as controlling tty.");
    e(c"register_at_fork", register_at_fork, c"register_at_fork($module, /, *, before=<unrepresentable>,\n                 after_in_child=<unrepresentable>,\n                 after_in_parent=<unrepresentable>)\n--\n\nRegister callables to be called when forking a new process.");
}
