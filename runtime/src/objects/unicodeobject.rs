//! `str`: the type objects of CPython 3.11's matching source file, as they stand
//! before `PyType_Ready` (name, sizes, flags, base and offsets measured on CPython 3.11.7).

use crate::abi::*;
use super::typeobject::static_type;

#[no_mangle]
pub static mut PyUnicode_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"str", 80, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_UNICODE_SUBCLASS);

#[no_mangle]
pub static mut PyUnicodeIter_Type: PyTypeObject = static_type(&raw mut super::typeobject::PyType_Type, c"str_iterator", 32, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC);


const fn build_ascii_whitespace() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        // str.isspace() for ASCII: \t \n \v \f \r, the separators 0x1c..0x1f, and space.
        t[i] = matches!(i as u8, 0x09..=0x0d | 0x1c..=0x1f | b' ') as u8;
        i += 1;
    }
    t
}

/// `_Py_ascii_whitespace`: 1 for the ASCII code points `str.isspace()` accepts.
#[no_mangle]
pub static _Py_ascii_whitespace: [u8; 128] = build_ascii_whitespace();
