//! Mirror of `cpython/code.h`: the 3.11 code object, whose (specializable) bytecode lives
//! inline at the end (`co_code_adaptive`), and the line-table cursor.

use super::object::{PyObject, PyVarObject};
use core::ffi::{c_char, c_int, c_short, c_void};

/// One code unit: opcode in the low byte, oparg in the high byte (little-endian).
pub type _Py_CODEUNIT = u16;

/// `PyCodeObject` (`struct PyCodeObject`): 184 bytes of header, then `ob_size` code units of
/// bytecode at `co_code_adaptive` (samplers copy the first 192 bytes).
#[repr(C)]
#[derive(Debug)]
pub struct PyCodeObject {
    pub ob_base: PyVarObject,
    pub co_consts: *mut PyObject,
    pub co_names: *mut PyObject,
    pub co_exceptiontable: *mut PyObject,
    pub co_flags: c_int,
    /// Countdown to quickening.
    pub co_warmup: c_short,
    pub _co_linearray_entry_size: c_short,
    pub co_argcount: c_int,
    pub co_posonlyargcount: c_int,
    pub co_kwonlyargcount: c_int,
    pub co_stacksize: c_int,
    pub co_firstlineno: c_int,
    pub co_nlocalsplus: c_int,
    pub co_nlocals: c_int,
    pub co_nplaincellvars: c_int,
    pub co_ncellvars: c_int,
    pub co_nfreevars: c_int,
    pub co_localsplusnames: *mut PyObject,
    pub co_localspluskinds: *mut PyObject,
    pub co_filename: *mut PyObject,
    pub co_name: *mut PyObject,
    pub co_qualname: *mut PyObject,
    /// The 3.11 location table (see ABI-CONTRACT.md).
    pub co_linetable: *mut PyObject,
    pub co_weakreflist: *mut PyObject,
    /// Cached `co_code` bytes (de-specialized), or NULL.
    pub _co_code: *mut PyObject,
    pub _co_linearray: *mut c_char,
    /// Index of the first instruction a tracer sees (after RESUME and friends).
    pub _co_firsttraceable: c_int,
    pub co_extra: *mut c_void,
    pub co_code_adaptive: [c_char; 1],
}

/// `struct _opaque`: the private part of `PyCodeAddressRange`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _opaque {
    pub computed_line: c_int,
    pub lo_next: *const u8,
    pub limit: *const u8,
}

/// `PyCodeAddressRange` (`struct _line_offsets`), 40 bytes: a cursor over `co_linetable`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyCodeAddressRange {
    pub ar_start: c_int,
    pub ar_end: c_int,
    pub ar_line: c_int,
    pub opaque: _opaque,
}

// co_flags bits.
pub const CO_OPTIMIZED: c_int = 0x0001;
pub const CO_NEWLOCALS: c_int = 0x0002;
pub const CO_VARARGS: c_int = 0x0004;
pub const CO_VARKEYWORDS: c_int = 0x0008;
pub const CO_NESTED: c_int = 0x0010;
pub const CO_GENERATOR: c_int = 0x0020;
pub const CO_COROUTINE: c_int = 0x0080;
pub const CO_ITERABLE_COROUTINE: c_int = 0x0100;
pub const CO_ASYNC_GENERATOR: c_int = 0x0200;
pub const CO_FUTURE_DIVISION: c_int = 0x20000;
pub const CO_FUTURE_ABSOLUTE_IMPORT: c_int = 0x40000;
pub const CO_FUTURE_WITH_STATEMENT: c_int = 0x80000;
pub const CO_FUTURE_PRINT_FUNCTION: c_int = 0x100000;
pub const CO_FUTURE_UNICODE_LITERALS: c_int = 0x200000;
pub const CO_FUTURE_BARRY_AS_BDFL: c_int = 0x400000;
pub const CO_FUTURE_GENERATOR_STOP: c_int = 0x800000;
pub const CO_FUTURE_ANNOTATIONS: c_int = 0x1000000;

// Kinds of `co_localspluskinds` entries.
pub const CO_FAST_LOCAL: u8 = 0x20;
pub const CO_FAST_CELL: u8 = 0x40;
pub const CO_FAST_FREE: u8 = 0x80;

/// Offset of the bytecode from the start of a code object.
pub const PyCodeObject_CODE_OFFSET: usize = core::mem::offset_of!(PyCodeObject, co_code_adaptive);

use core::mem::{offset_of, size_of};
const _: () = assert!(size_of::<PyCodeObject>() == 192);
const _: () = assert!(offset_of!(PyCodeObject, co_flags) == 48);
const _: () = assert!(offset_of!(PyCodeObject, co_argcount) == 56);
const _: () = assert!(offset_of!(PyCodeObject, co_firstlineno) == 72);
const _: () = assert!(offset_of!(PyCodeObject, co_nlocals) == 80);
const _: () = assert!(offset_of!(PyCodeObject, co_localsplusnames) == 96);
const _: () = assert!(offset_of!(PyCodeObject, co_filename) == 112);
const _: () = assert!(offset_of!(PyCodeObject, co_name) == 120);
const _: () = assert!(offset_of!(PyCodeObject, co_qualname) == 128);
const _: () = assert!(offset_of!(PyCodeObject, co_linetable) == 136);
const _: () = assert!(offset_of!(PyCodeObject, _co_firsttraceable) == 168);
const _: () = assert!(offset_of!(PyCodeObject, co_extra) == 176);
const _: () = assert!(PyCodeObject_CODE_OFFSET == 184);
const _: () = assert!(size_of::<PyCodeAddressRange>() == 40);
const _: () = assert!(offset_of!(PyCodeAddressRange, opaque) == 16);
