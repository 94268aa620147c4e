//! `bootstrap_hash.c`'s `_PyOS_URandom` / `_PyOS_URandomNonblock`: OS randomness from
//! getrandom(2), falling back to /dev/urandom when the syscall is missing, refused or (in
//! the non-blocking form) the entropy pool is not ready yet.

use crate::errors::{self, PyResult};
use crate::objects::exceptions::{PyExc_NotImplementedError, PyExc_OSError, PyExc_RuntimeError};

/// Fills `buf` from /dev/urandom.
unsafe fn from_dev_urandom(buf: &mut [u8]) -> PyResult<()> {
    let fd = libc::open(c"/dev/urandom".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
    if fd < 0 {
        let e = *libc::__errno_location();
        if matches!(e, libc::ENOENT | libc::ENXIO | libc::ENODEV | libc::EACCES) {
            return Err(errors::set_string(
                PyExc_NotImplementedError,
                "/dev/urandom (or equivalent) not found",
            ));
        }
        return Err(errors::set_from_errno_with_filenames(
            PyExc_OSError,
            core::ptr::null_mut(),
            core::ptr::null_mut(),
        ));
    }
    let mut done = 0;
    while done < buf.len() {
        let n = libc::read(fd, buf[done..].as_mut_ptr().cast(), buf.len() - done);
        if n < 0 {
            if *libc::__errno_location() == libc::EINTR {
                continue;
            }
            let err = errors::set_from_errno_with_filenames(
                PyExc_OSError,
                core::ptr::null_mut(),
                core::ptr::null_mut(),
            );
            libc::close(fd);
            return Err(err);
        }
        if n == 0 {
            libc::close(fd);
            return Err(errors::set_string(
                PyExc_RuntimeError,
                &format!(
                    "Failed to read {} bytes from /dev/urandom",
                    buf.len() - done
                ),
            ));
        }
        done += n as usize;
    }
    libc::close(fd);
    Ok(())
}

/// `_PyOS_URandom` (`blocking`) and `_PyOS_URandomNonblock`: fills `buf` with random bytes.
///
/// # Safety
/// A thread state is current (errors are raised).
pub unsafe fn urandom(buf: &mut [u8], blocking: bool) -> PyResult<()> {
    let flags = if blocking { 0 } else { libc::GRND_NONBLOCK };
    let mut done = 0;
    while done < buf.len() {
        let n = libc::getrandom(buf[done..].as_mut_ptr().cast(), buf.len() - done, flags);
        if n < 0 {
            match *libc::__errno_location() {
                libc::EINTR => continue,
                // No syscall, refused by a sandbox, or the pool not ready: use the device.
                libc::ENOSYS | libc::EPERM | libc::EAGAIN => {
                    return from_dev_urandom(&mut buf[done..])
                }
                _ => {
                    return Err(errors::set_from_errno_with_filenames(
                        PyExc_OSError,
                        core::ptr::null_mut(),
                        core::ptr::null_mut(),
                    ))
                }
            }
        }
        done += n as usize;
    }
    Ok(())
}
