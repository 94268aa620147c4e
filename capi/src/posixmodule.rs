//! The posix part of libpython's C API (Modules/posixmodule.c and the descriptor helpers of
//! Python/fileutils.c that extension modules such as `_posixsubprocess` import): PyOS_FSPath,
//! the fork hooks, `_Py_open/read/write/dup/fstat/stat`, inheritable/blocking flags, the
//! uid/gid converters, and exec's `char**` arrays. Wrappers over
//! `ferrython_runtime::modules::posixmodule`.

use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors;
use ferrython_runtime::modules::posixmodule as posix;
use ferrython_runtime::modules::posixmodule::fileutils as fu;
use std::ffi::{c_char, c_int, c_void};

exported!(fn PyOS_FSPath(path: *mut PyObject) -> *mut PyObject => errors::ptr_result(posix::fspath(path)));
exported!(fn PyOS_BeforeFork() => posix::before_fork());
exported!(fn PyOS_AfterFork_Parent() => posix::after_fork_parent());
exported!(fn PyOS_AfterFork_Child() => posix::after_fork_child());
exported!(
    /// The pre-3.7 name of PyOS_AfterFork_Child.
    fn PyOS_AfterFork() => posix::after_fork_child()
);

exported!(fn _Py_open(path: *const c_char, flags: c_int) -> c_int => fu::open(path, flags).unwrap_or(-1));
exported!(fn _Py_open_noraise(path: *const c_char, flags: c_int) -> c_int => fu::open_noraise(path, flags));
exported!(fn _Py_read(fd: c_int, buf: *mut c_void, count: usize) -> Py_ssize_t => fu::read(fd, buf.cast(), count).unwrap_or(-1));
exported!(fn _Py_write(fd: c_int, buf: *const c_void, count: usize) -> Py_ssize_t => fu::write(fd, buf.cast(), count).unwrap_or(-1));
exported!(fn _Py_write_noraise(fd: c_int, buf: *const c_void, count: usize) -> Py_ssize_t => fu::write_noraise(fd, buf.cast(), count));
exported!(fn _Py_dup(fd: c_int) -> c_int => fu::dup(fd).unwrap_or(-1));
exported!(fn _Py_get_inheritable(fd: c_int) -> c_int => errors::bool_result(fu::get_inheritable(fd)));
exported!(fn _Py_set_inheritable(fd: c_int, inheritable: c_int, _atomic_flag_works: *mut c_int) -> c_int =>
    errors::int_result(fu::set_inheritable(fd, inheritable != 0)));
exported!(fn _Py_set_inheritable_async_safe(fd: c_int, inheritable: c_int, _atomic_flag_works: *mut c_int) -> c_int =>
    fu::set_inheritable_noraise(fd, inheritable != 0));
exported!(fn _Py_get_blocking(fd: c_int) -> c_int => errors::bool_result(fu::get_blocking(fd)));
exported!(fn _Py_set_blocking(fd: c_int, blocking: c_int) -> c_int => errors::int_result(fu::set_blocking(fd, blocking != 0)));
exported!(fn _Py_fstat_noraise(fd: c_int, status: *mut libc::stat) -> c_int => fu::fstat_noraise(fd, status));
exported!(fn _Py_fstat(fd: c_int, status: *mut libc::stat) -> c_int => errors::int_result(fu::fstat(fd, status)));
exported!(fn _Py_stat(path: *mut PyObject, status: *mut libc::stat) -> c_int => fu::stat_noraise(path, status));
exported!(fn _Py_device_encoding(fd: c_int) -> *mut PyObject => errors::ptr_result(fu::device_encoding(fd)));
exported!(fn _Py_Uid_Converter(obj: *mut PyObject, p: *mut c_void) -> c_int => fu::id_converter(obj, p.cast(), true));
exported!(fn _Py_Gid_Converter(obj: *mut PyObject, p: *mut c_void) -> c_int => fu::id_converter(obj, p.cast(), false));
exported!(fn _PySequence_BytesToCharpArray(seq: *mut PyObject) -> *mut *mut c_char => fu::bytes_to_charp_array(seq));
exported!(fn _Py_FreeCharPArray(array: *const *mut c_char) => fu::free_charp_array(array as *mut *mut c_char));
exported!(fn _Py_fopen_obj(path: *mut PyObject, mode: *const c_char) -> *mut libc::FILE =>
    fu::fopen_obj(path, mode).unwrap_or(std::ptr::null_mut()));
