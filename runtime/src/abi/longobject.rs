//! Mirror of `longobject.h` / `cpython/longintrepr.h`: arbitrary-precision integers stored as
//! little-endian arrays of 30-bit digits. The sign lives in `ob_size` (negative for negative
//! numbers, 0 for zero), its absolute value is the number of digits.

use super::object::{PyTypeObject, PyVarObject, Py_ssize_t, IMMORTAL_REFCNT};

/// One base-2**30 digit (`digit`, `PYLONG_BITS_IN_DIGIT == 30`).
pub type digit = u32;
pub type sdigit = i32;
pub type twodigits = u64;
pub type stwodigits = i64;

pub const PyLong_SHIFT: u32 = 30;
pub const PyLong_BASE: digit = 1 << PyLong_SHIFT;
pub const PyLong_MASK: digit = PyLong_BASE - 1;

/// `PyLongObject` (`struct _longobject`): 32 bytes with its first digit; longer numbers are
/// allocated with `ob_digit` extended past the end.
#[repr(C)]
#[derive(Debug)]
pub struct PyLongObject {
    pub ob_base: PyVarObject,
    pub ob_digit: [digit; 1],
}

impl PyLongObject {
    /// A statically allocated single-digit int, as `_PyLong_DIGIT_INIT(value)` builds the small
    /// ints: immortal refcount, `ob_size` the sign, one digit holding `|value|`.
    pub const fn static_small(ty: *mut PyTypeObject, value: i32) -> Self {
        let size: Py_ssize_t = if value == 0 {
            0
        } else if value > 0 {
            1
        } else {
            -1
        };
        let mut head = PyVarObject::head_init(ty, size);
        head.ob_base.ob_refcnt = IMMORTAL_REFCNT;
        PyLongObject { ob_base: head, ob_digit: [value.unsigned_abs()] }
    }
}

const _: () = assert!(core::mem::size_of::<PyLongObject>() == 32);
const _: () = assert!(core::mem::offset_of!(PyLongObject, ob_digit) == 24);
