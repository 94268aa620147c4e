//! The tracebacks a crashing or stuck process writes (CPython's `_Py_DumpTraceback`,
//! `_Py_DumpTracebackThreads`, `_Py_DumpASCII`/`Decimal`/`Hexadecimal` in Python/traceback.c,
//! and `_Py_DumpExtensionModules`): written straight from the interpreter frames to a file
//! descriptor, with no allocation, no lock and no Python code, so that signal handlers and the
//! faulthandler watchdog can call them while the process is in any state.

use crate::abi::pycore_frame::_PyInterpreterFrame;
use crate::abi::pycore_interp::PyInterpreterState;
use crate::abi::pystate::PyThreadState;
use crate::abi::*;
use crate::objects::object;
use core::ffi::c_int;

/// Frames written per thread before `  ...` (`MAX_FRAME_DEPTH`).
const MAX_FRAME_DEPTH: usize = 100;
/// Threads written before `...` (`MAX_NTHREADS`).
const MAX_NTHREADS: usize = 100;
/// Characters of a string written before `...` (`MAX_STRING_LENGTH`).
const MAX_STRING_LENGTH: usize = 500;

/// Writes all of `bytes` (retrying on EINTR), ignoring errors as CPython's `_Py_write_noraise`.
pub fn puts(fd: c_int, bytes: &[u8]) {
    let mut rest = bytes;
    while !rest.is_empty() {
        // SAFETY: writes from a live slice; write(2) is async-signal-safe.
        let n = unsafe { libc::write(fd, rest.as_ptr().cast(), rest.len()) };
        if n < 0 {
            // SAFETY: errno of this thread.
            if unsafe { *libc::__errno_location() } == libc::EINTR {
                continue;
            }
            return;
        }
        rest = &rest[n as usize..];
    }
}

/// `_Py_DumpDecimal`.
pub fn dump_decimal(fd: c_int, mut value: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    puts(fd, &buf[i..]);
}

/// `_Py_DumpHexadecimal`: lower-case hex, zero-padded to `width` digits.
pub fn dump_hexadecimal(fd: c_int, value: usize, width: usize) {
    let mut buf = [b'0'; 16];
    let width = width.clamp(1, 16);
    let mut v = value;
    for i in (0..16).rev() {
        buf[i] = b"0123456789abcdef"[v & 15];
        v >>= 4;
    }
    let significant = 16 - (value.leading_zeros() as usize / 4).min(15);
    let n = significant.max(width);
    puts(fd, &buf[16 - n..]);
}

/// `_Py_DumpASCII`: a str's ASCII characters as they are, others as `\xHH`, `\uHHHH` or
/// `\UHHHHHHHH`, at most 500 characters then `...`; `<not a str>`-like cases as CPython.
///
/// # Safety
/// `text` is NULL or a live object.
pub unsafe fn dump_ascii(fd: c_int, text: *mut PyObject) {
    if text.is_null() || !crate::objects::unicodeobject::is_str(text) {
        puts(fd, b"<not a str>");
        return;
    }
    let (data, kind) = crate::objects::unicodeobject::data_and_kind(text);
    let size = crate::objects::unicodeobject::length(text) as usize;
    let n = size.min(MAX_STRING_LENGTH);
    for i in 0..n {
        let ch = crate::objects::unicodeobject::read_char(data, kind, i);
        if (0x20..0x7f).contains(&ch) {
            puts(fd, &[ch as u8]);
        } else if ch <= 0xff {
            puts(fd, b"\\x");
            dump_hexadecimal(fd, ch as usize, 2);
        } else if ch <= 0xffff {
            puts(fd, b"\\u");
            dump_hexadecimal(fd, ch as usize, 4);
        } else {
            puts(fd, b"\\U");
            dump_hexadecimal(fd, ch as usize, 8);
        }
    }
    if size > MAX_STRING_LENGTH {
        puts(fd, b"...");
    }
}

/// `  File "name", line N in function`.
unsafe fn dump_frame(fd: c_int, frame: *mut _PyInterpreterFrame) {
    let code = (*frame).f_code;
    puts(fd, b"  File ");
    if !(*code).co_filename.is_null() && crate::objects::unicodeobject::is_str((*code).co_filename) {
        puts(fd, b"\"");
        dump_ascii(fd, (*code).co_filename);
        puts(fd, b"\"");
    } else {
        puts(fd, b"???");
    }
    let lineno = crate::objects::frameobject::frame_lineno(frame);
    puts(fd, b", line ");
    if lineno >= 0 {
        dump_decimal(fd, lineno as usize);
    } else {
        puts(fd, b"???");
    }
    puts(fd, b" in ");
    if !(*code).co_name.is_null() && crate::objects::unicodeobject::is_str((*code).co_name) {
        dump_ascii(fd, (*code).co_name);
    } else {
        puts(fd, b"???");
    }
    puts(fd, b"\n");
}

unsafe fn dump_traceback(fd: c_int, tstate: *mut PyThreadState, write_header: bool) {
    if write_header {
        puts(fd, b"Stack (most recent call first):\n");
    }
    let cframe = (*tstate).cframe;
    let mut frame = if cframe.is_null() { core::ptr::null_mut() } else { (*cframe).current_frame };
    if frame.is_null() {
        puts(fd, b"  <no Python frame>\n");
        return;
    }
    let mut depth = 0;
    loop {
        if depth >= MAX_FRAME_DEPTH {
            puts(fd, b"  ...\n");
            break;
        }
        dump_frame(fd, frame);
        frame = (*frame).previous;
        if frame.is_null() {
            break;
        }
        depth += 1;
    }
}

/// `_Py_DumpTraceback`: the frames of `tstate`, under `Stack (most recent call first):`.
///
/// # Safety
/// `tstate` is a thread state whose frames are not being freed.
pub unsafe fn dump_current(fd: c_int, tstate: *mut PyThreadState) {
    dump_traceback(fd, tstate, true);
}

/// `_Py_DumpTracebackThreads`: every thread of `interp` (found from `current` when NULL),
/// the current one marked; None on success, else the reason it could not (as CPython's).
///
/// # Safety
/// Called from a signal handler or a watchdog thread: reads thread states without locks.
pub unsafe fn dump_threads(
    fd: c_int,
    mut interp: *mut PyInterpreterState,
    current: *mut PyThreadState,
) -> Option<&'static str> {
    if current.is_null() {
        // The current thread has no thread state: it does not hold the GIL.
    }
    if interp.is_null() {
        if current.is_null() {
            interp = crate::lifecycle::pystate::main_interpreter();
            if interp.is_null() {
                return Some("unable to get the interpreter state");
            }
        } else {
            interp = (*current).interp;
        }
    }
    let mut tstate = (*interp).threads.head;
    if tstate.is_null() {
        return Some("unable to get the thread head state");
    }
    let mut n = 0;
    while !tstate.is_null() {
        if n != 0 {
            puts(fd, b"\n");
        }
        if n >= MAX_NTHREADS {
            puts(fd, b"...\n");
            break;
        }
        puts(fd, if tstate == current { b"Current thread 0x" as &[u8] } else { b"Thread 0x" });
        dump_hexadecimal(fd, (*tstate).thread_id as usize, core::mem::size_of::<core::ffi::c_ulong>() * 2);
        puts(fd, b" (most recent call first):\n");
        if tstate == current && (*interp).gc.collecting != 0 {
            puts(fd, b"  Garbage-collecting\n");
        }
        dump_traceback(fd, tstate, false);
        tstate = (*tstate).next;
        n += 1;
    }
    None
}

/// `_Py_DumpExtensionModules`: the names in sys.modules of extension modules outside
/// `sys.stdlib_module_names`, as `\nExtension modules: a, b (total: 2)\n`.
///
/// # Safety
/// As [`dump_threads`]; reads the dicts without allocating.
pub unsafe fn dump_extension_modules(fd: c_int, interp: *mut PyInterpreterState) {
    use crate::objects::{dictobject, moduleobject, setobject, unicodeobject};
    // `_PyModule_IsExtension`: a module whose definition has methods.
    let is_extension = |m: *mut PyObject| {
        moduleobject::is_module(m) && {
            let def = (*(m as *mut crate::abi::pycore_moduleobject::PyModuleObject)).md_def;
            !def.is_null() && !(*def).m_methods.is_null()
        }
    };
    let in_set = |set: *mut PyObject, key: *mut PyObject| {
        let mut pos = 0;
        while let Some((item, _)) = setobject::next_entry(set, &mut pos) {
            if unicodeobject::is_str(item) && unicodeobject::compare(key, item) == 0 {
                return true;
            }
        }
        false
    };
    if interp.is_null() || (*interp).modules.is_null() || !dictobject::check((*interp).modules) {
        return;
    }
    let mut stdlib: *mut PyObject = core::ptr::null_mut();
    if !(*interp).sysdict.is_null() {
        let mut pos = 0;
        while let Some((k, v)) = dictobject::next((*interp).sysdict, &mut pos) {
            if unicodeobject::is_str(k) && unicodeobject::eq_str(k, "stdlib_module_names") {
                stdlib = v;
                break;
            }
        }
    }
    if !stdlib.is_null()
        && !crate::objects::typeobject::is_subtype(object::py_type(stdlib), &raw mut setobject::PyFrozenSet_Type)
    {
        stdlib = core::ptr::null_mut();
    }
    let mut count = 0usize;
    let mut pos = 0;
    while let Some((key, value)) = dictobject::next((*interp).modules, &mut pos) {
        if !unicodeobject::is_str(key) || !is_extension(value) {
            continue;
        }
        if !stdlib.is_null() && in_set(stdlib, key) {
            continue;
        }
        puts(fd, if count == 0 { b"\nExtension modules: " as &[u8] } else { b", " });
        dump_ascii(fd, key);
        count += 1;
    }
    if count > 0 {
        puts(fd, b" (total: ");
        dump_decimal(fd, count);
        puts(fd, b")\n");
    }
}
