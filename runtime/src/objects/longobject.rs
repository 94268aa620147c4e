//! `int`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyLong_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"int", 24, 4, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_LONG_SUBCLASS);


const fn build_digit_values() -> [u8; 256] {
    let mut t = [37u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'z' => c - b'a' + 10,
            b'A'..=b'Z' => c - b'A' + 10,
            _ => 37,
        };
        i += 1;
    }
    t
}

/// `_PyLong_DigitValue`: the value of each byte as a digit in bases up to 36, 37 for "not a
/// digit". Exported because `int()` parsing in extensions (e.g. `_decimal`) indexes it.
#[no_mangle]
pub static _PyLong_DigitValue: [u8; 256] = build_digit_values();
