//! Mirror of `structseq.h`: the descriptions from which struct sequence types (named-tuple-like
//! C types such as `os.stat_result`) are built.

use core::ffi::{c_char, c_int};

/// `PyStructSequence_Field`, 16 bytes; a NULL `name` ends the list.
#[repr(C)]
#[derive(Debug)]
pub struct PyStructSequence_Field {
    pub name: *const c_char,
    pub doc: *const c_char,
}

/// `PyStructSequence_Desc`, 32 bytes.
#[repr(C)]
#[derive(Debug)]
pub struct PyStructSequence_Desc {
    pub name: *const c_char,
    pub doc: *const c_char,
    pub fields: *mut PyStructSequence_Field,
    /// How many of the fields are visible as tuple items.
    pub n_in_sequence: c_int,
}

const _: () = assert!(core::mem::size_of::<PyStructSequence_Field>() == 16);
const _: () = assert!(core::mem::size_of::<PyStructSequence_Desc>() == 32);
const _: () = assert!(core::mem::offset_of!(PyStructSequence_Desc, n_in_sequence) == 24);
