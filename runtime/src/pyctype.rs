//! Locale-independent ASCII character tables that CPython's `pyctype.h` macros (`Py_ISDIGIT`,
//! `Py_TOLOWER`, ...) index directly from extension code, so they are exported data.
//! Computed at compile time from the rules rather than written out.

use core::ffi::c_uint;

pub const PY_CTF_LOWER: c_uint = 0x01;
pub const PY_CTF_UPPER: c_uint = 0x02;
pub const PY_CTF_DIGIT: c_uint = 0x04;
pub const PY_CTF_SPACE: c_uint = 0x08;
pub const PY_CTF_XDIGIT: c_uint = 0x10;

const fn ctype_of(c: u8) -> c_uint {
    let mut f = 0;
    if c.is_ascii_lowercase() {
        f |= PY_CTF_LOWER;
    }
    if c.is_ascii_uppercase() {
        f |= PY_CTF_UPPER;
    }
    if c.is_ascii_digit() {
        f |= PY_CTF_DIGIT;
    }
    // C's isspace in the "C" locale: space, \t \n \v \f \r.
    if matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        f |= PY_CTF_SPACE;
    }
    if c.is_ascii_hexdigit() {
        f |= PY_CTF_XDIGIT;
    }
    f
}

const fn build_ctype() -> [c_uint; 256] {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = ctype_of(i as u8);
        i += 1;
    }
    t
}

const fn build_case(upper: bool) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if upper { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
        i += 1;
    }
    t
}

/// `_Py_ctype_table`: `PY_CTF_*` flags of each byte (non-ASCII bytes have none).
#[no_mangle]
pub static _Py_ctype_table: [c_uint; 256] = build_ctype();

/// `_Py_ctype_tolower`: ASCII lower-casing of each byte.
#[no_mangle]
pub static _Py_ctype_tolower: [u8; 256] = build_case(false);

/// `_Py_ctype_toupper`: ASCII upper-casing of each byte.
#[no_mangle]
pub static _Py_ctype_toupper: [u8; 256] = build_case(true);

/// A C pointer that may live in an immutable static (the pointee is immutable data too).
#[repr(transparent)]
pub struct ConstPtr<T>(pub *const T);
// SAFETY: the pointee is a read-only static, so sharing the pointer across threads is sound.
unsafe impl<T> Sync for ConstPtr<T> {}

/// `Py_hexdigits` (`const char *`): the digits `hex()` and friends use.
#[no_mangle]
pub static Py_hexdigits: ConstPtr<core::ffi::c_char> = ConstPtr(c"0123456789abcdef".as_ptr());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(_Py_ctype_table[b'a' as usize], PY_CTF_LOWER | PY_CTF_XDIGIT);
        assert_eq!(_Py_ctype_table[b'Z' as usize], PY_CTF_UPPER);
        assert_eq!(_Py_ctype_table[b'7' as usize], PY_CTF_DIGIT | PY_CTF_XDIGIT);
        assert_eq!(_Py_ctype_table[0x0b], PY_CTF_SPACE);
        assert_eq!(_Py_ctype_table[0x1c], 0);
        assert_eq!(_Py_ctype_table[0xe9], 0);
        assert_eq!(_Py_ctype_tolower[b'Q' as usize], b'q');
        assert_eq!(_Py_ctype_toupper[0xe9], 0xe9);
    }
}

/// `tolower` of the C library (the current LC_CTYPE), as `pystrcmp.c` uses it.
fn c_tolower(c: u8) -> i32 {
    // SAFETY: tolower accepts any unsigned char value.
    unsafe { libc::tolower(c as i32) }
}

/// `PyOS_mystrnicmp`: case-insensitive comparison of at most `size` bytes of two
/// NUL-terminated strings; the difference of the first differing (lowered) bytes.
///
/// # Safety
/// `s1`, `s2` are NUL-terminated (or have `size` readable bytes).
pub unsafe fn strnicmp(s1: *const u8, s2: *const u8, size: isize) -> i32 {
    if size == 0 {
        return 0;
    }
    let (mut p1, mut p2, mut left) = (s1, s2, size);
    loop {
        left -= 1;
        if !(left > 0 && *p1 != 0 && *p2 != 0 && c_tolower(*p1) == c_tolower(*p2)) {
            break;
        }
        p1 = p1.add(1);
        p2 = p2.add(1);
    }
    c_tolower(*p1) - c_tolower(*p2)
}

/// `PyOS_mystricmp`: as [`strnicmp`] without a length bound.
///
/// # Safety
/// `s1`, `s2` are NUL-terminated.
pub unsafe fn stricmp(s1: *const u8, s2: *const u8) -> i32 {
    let (mut p1, mut p2) = (s1, s2);
    while *p1 != 0 && *p2 != 0 && c_tolower(*p1) == c_tolower(*p2) {
        p1 = p1.add(1);
        p2 = p2.add(1);
    }
    c_tolower(*p1) - c_tolower(*p2)
}
