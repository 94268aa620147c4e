//! The built-in exception types: static type objects (`_PyExc_*`) and the exported
//! `PyExc_*` pointers to them, as CPython 3.11 has them before start-up.

use crate::abi::*;
use super::typeobject::static_type;

pub static mut _PyExc_ArithmeticError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ArithmeticError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ArithmeticError: *mut PyObject = (&raw mut _PyExc_ArithmeticError).cast();

pub static mut _PyExc_AssertionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"AssertionError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_AssertionError: *mut PyObject = (&raw mut _PyExc_AssertionError).cast();

pub static mut _PyExc_AttributeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"AttributeError", 88, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_AttributeError: *mut PyObject = (&raw mut _PyExc_AttributeError).cast();

pub static mut _PyExc_BaseException: PyTypeObject = PyTypeObject {
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"BaseException", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASE_EXC_SUBCLASS)
};
#[no_mangle]
pub static mut PyExc_BaseException: *mut PyObject = (&raw mut _PyExc_BaseException).cast();

pub static mut _PyExc_BaseExceptionGroup: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"BaseExceptionGroup", 88, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_BaseExceptionGroup: *mut PyObject = (&raw mut _PyExc_BaseExceptionGroup).cast();

pub static mut _PyExc_BlockingIOError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"BlockingIOError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_BlockingIOError: *mut PyObject = (&raw mut _PyExc_BlockingIOError).cast();

pub static mut _PyExc_BrokenPipeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ConnectionError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"BrokenPipeError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_BrokenPipeError: *mut PyObject = (&raw mut _PyExc_BrokenPipeError).cast();

pub static mut _PyExc_BufferError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"BufferError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_BufferError: *mut PyObject = (&raw mut _PyExc_BufferError).cast();

pub static mut _PyExc_BytesWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"BytesWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_BytesWarning: *mut PyObject = (&raw mut _PyExc_BytesWarning).cast();

pub static mut _PyExc_ChildProcessError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ChildProcessError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ChildProcessError: *mut PyObject = (&raw mut _PyExc_ChildProcessError).cast();

pub static mut _PyExc_ConnectionAbortedError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ConnectionError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ConnectionAbortedError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ConnectionAbortedError: *mut PyObject = (&raw mut _PyExc_ConnectionAbortedError).cast();

pub static mut _PyExc_ConnectionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ConnectionError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ConnectionError: *mut PyObject = (&raw mut _PyExc_ConnectionError).cast();

pub static mut _PyExc_ConnectionRefusedError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ConnectionError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ConnectionRefusedError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ConnectionRefusedError: *mut PyObject = (&raw mut _PyExc_ConnectionRefusedError).cast();

pub static mut _PyExc_ConnectionResetError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ConnectionError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ConnectionResetError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ConnectionResetError: *mut PyObject = (&raw mut _PyExc_ConnectionResetError).cast();

pub static mut _PyExc_DeprecationWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"DeprecationWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_DeprecationWarning: *mut PyObject = (&raw mut _PyExc_DeprecationWarning).cast();

pub static mut _PyExc_EOFError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"EOFError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_EOFError: *mut PyObject = (&raw mut _PyExc_EOFError).cast();

pub static mut _PyExc_EncodingWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"EncodingWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_EncodingWarning: *mut PyObject = (&raw mut _PyExc_EncodingWarning).cast();

pub static mut _PyExc_Exception: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"Exception", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_Exception: *mut PyObject = (&raw mut _PyExc_Exception).cast();

pub static mut _PyExc_FileExistsError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"FileExistsError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_FileExistsError: *mut PyObject = (&raw mut _PyExc_FileExistsError).cast();

pub static mut _PyExc_FileNotFoundError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"FileNotFoundError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_FileNotFoundError: *mut PyObject = (&raw mut _PyExc_FileNotFoundError).cast();

pub static mut _PyExc_FloatingPointError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ArithmeticError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"FloatingPointError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_FloatingPointError: *mut PyObject = (&raw mut _PyExc_FloatingPointError).cast();

pub static mut _PyExc_FutureWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"FutureWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_FutureWarning: *mut PyObject = (&raw mut _PyExc_FutureWarning).cast();

pub static mut _PyExc_GeneratorExit: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"GeneratorExit", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_GeneratorExit: *mut PyObject = (&raw mut _PyExc_GeneratorExit).cast();

pub static mut _PyExc_ImportError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ImportError", 96, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ImportError: *mut PyObject = (&raw mut _PyExc_ImportError).cast();

pub static mut _PyExc_ImportWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ImportWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ImportWarning: *mut PyObject = (&raw mut _PyExc_ImportWarning).cast();

pub static mut _PyExc_IndentationError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_SyntaxError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"IndentationError", 136, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_IndentationError: *mut PyObject = (&raw mut _PyExc_IndentationError).cast();

pub static mut _PyExc_IndexError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_LookupError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"IndexError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_IndexError: *mut PyObject = (&raw mut _PyExc_IndexError).cast();

pub static mut _PyExc_InterruptedError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"InterruptedError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_InterruptedError: *mut PyObject = (&raw mut _PyExc_InterruptedError).cast();

pub static mut _PyExc_IsADirectoryError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"IsADirectoryError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_IsADirectoryError: *mut PyObject = (&raw mut _PyExc_IsADirectoryError).cast();

pub static mut _PyExc_KeyError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_LookupError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"KeyError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_KeyError: *mut PyObject = (&raw mut _PyExc_KeyError).cast();

pub static mut _PyExc_KeyboardInterrupt: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"KeyboardInterrupt", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_KeyboardInterrupt: *mut PyObject = (&raw mut _PyExc_KeyboardInterrupt).cast();

pub static mut _PyExc_LookupError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"LookupError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_LookupError: *mut PyObject = (&raw mut _PyExc_LookupError).cast();

pub static mut _PyExc_MemoryError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"MemoryError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_MemoryError: *mut PyObject = (&raw mut _PyExc_MemoryError).cast();

pub static mut _PyExc_ModuleNotFoundError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ImportError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ModuleNotFoundError", 96, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ModuleNotFoundError: *mut PyObject = (&raw mut _PyExc_ModuleNotFoundError).cast();

pub static mut _PyExc_NameError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"NameError", 80, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_NameError: *mut PyObject = (&raw mut _PyExc_NameError).cast();

pub static mut _PyExc_NotADirectoryError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"NotADirectoryError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_NotADirectoryError: *mut PyObject = (&raw mut _PyExc_NotADirectoryError).cast();

pub static mut _PyExc_NotImplementedError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_RuntimeError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"NotImplementedError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_NotImplementedError: *mut PyObject = (&raw mut _PyExc_NotImplementedError).cast();

pub static mut _PyExc_OSError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"OSError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_OSError: *mut PyObject = (&raw mut _PyExc_OSError).cast();

pub static mut _PyExc_OverflowError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ArithmeticError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"OverflowError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_OverflowError: *mut PyObject = (&raw mut _PyExc_OverflowError).cast();

pub static mut _PyExc_PendingDeprecationWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"PendingDeprecationWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_PendingDeprecationWarning: *mut PyObject = (&raw mut _PyExc_PendingDeprecationWarning).cast();

pub static mut _PyExc_PermissionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"PermissionError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_PermissionError: *mut PyObject = (&raw mut _PyExc_PermissionError).cast();

pub static mut _PyExc_ProcessLookupError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ProcessLookupError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ProcessLookupError: *mut PyObject = (&raw mut _PyExc_ProcessLookupError).cast();

pub static mut _PyExc_RecursionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_RuntimeError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"RecursionError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_RecursionError: *mut PyObject = (&raw mut _PyExc_RecursionError).cast();

pub static mut _PyExc_ReferenceError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ReferenceError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ReferenceError: *mut PyObject = (&raw mut _PyExc_ReferenceError).cast();

pub static mut _PyExc_ResourceWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ResourceWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ResourceWarning: *mut PyObject = (&raw mut _PyExc_ResourceWarning).cast();

pub static mut _PyExc_RuntimeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"RuntimeError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_RuntimeError: *mut PyObject = (&raw mut _PyExc_RuntimeError).cast();

pub static mut _PyExc_RuntimeWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"RuntimeWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_RuntimeWarning: *mut PyObject = (&raw mut _PyExc_RuntimeWarning).cast();

pub static mut _PyExc_StopAsyncIteration: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"StopAsyncIteration", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_StopAsyncIteration: *mut PyObject = (&raw mut _PyExc_StopAsyncIteration).cast();

pub static mut _PyExc_StopIteration: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"StopIteration", 80, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_StopIteration: *mut PyObject = (&raw mut _PyExc_StopIteration).cast();

pub static mut _PyExc_SyntaxError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"SyntaxError", 136, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_SyntaxError: *mut PyObject = (&raw mut _PyExc_SyntaxError).cast();

pub static mut _PyExc_SyntaxWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"SyntaxWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_SyntaxWarning: *mut PyObject = (&raw mut _PyExc_SyntaxWarning).cast();

pub static mut _PyExc_SystemError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"SystemError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_SystemError: *mut PyObject = (&raw mut _PyExc_SystemError).cast();

pub static mut _PyExc_SystemExit: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_BaseException,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"SystemExit", 80, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_SystemExit: *mut PyObject = (&raw mut _PyExc_SystemExit).cast();

pub static mut _PyExc_TabError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_IndentationError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"TabError", 136, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_TabError: *mut PyObject = (&raw mut _PyExc_TabError).cast();

pub static mut _PyExc_TimeoutError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_OSError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"TimeoutError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_TimeoutError: *mut PyObject = (&raw mut _PyExc_TimeoutError).cast();

pub static mut _PyExc_TypeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"TypeError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_TypeError: *mut PyObject = (&raw mut _PyExc_TypeError).cast();

pub static mut _PyExc_UnboundLocalError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_NameError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"UnboundLocalError", 80, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_UnboundLocalError: *mut PyObject = (&raw mut _PyExc_UnboundLocalError).cast();

pub static mut _PyExc_UnicodeDecodeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_UnicodeError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"UnicodeDecodeError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_UnicodeDecodeError: *mut PyObject = (&raw mut _PyExc_UnicodeDecodeError).cast();

pub static mut _PyExc_UnicodeEncodeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_UnicodeError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"UnicodeEncodeError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_UnicodeEncodeError: *mut PyObject = (&raw mut _PyExc_UnicodeEncodeError).cast();

pub static mut _PyExc_UnicodeError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ValueError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"UnicodeError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_UnicodeError: *mut PyObject = (&raw mut _PyExc_UnicodeError).cast();

pub static mut _PyExc_UnicodeTranslateError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_UnicodeError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"UnicodeTranslateError", 112, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_UnicodeTranslateError: *mut PyObject = (&raw mut _PyExc_UnicodeTranslateError).cast();

pub static mut _PyExc_UnicodeWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"UnicodeWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_UnicodeWarning: *mut PyObject = (&raw mut _PyExc_UnicodeWarning).cast();

pub static mut _PyExc_UserWarning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Warning,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"UserWarning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_UserWarning: *mut PyObject = (&raw mut _PyExc_UserWarning).cast();

pub static mut _PyExc_ValueError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ValueError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ValueError: *mut PyObject = (&raw mut _PyExc_ValueError).cast();

pub static mut _PyExc_Warning: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_Exception,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"Warning", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_Warning: *mut PyObject = (&raw mut _PyExc_Warning).cast();

pub static mut _PyExc_ZeroDivisionError: PyTypeObject = PyTypeObject {
    tp_base: &raw mut _PyExc_ArithmeticError,
    tp_dictoffset: 16,
    ..static_type(core::ptr::null_mut(), c"ZeroDivisionError", 72, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC)
};
#[no_mangle]
pub static mut PyExc_ZeroDivisionError: *mut PyObject = (&raw mut _PyExc_ZeroDivisionError).cast();

// Aliases that CPython 3.11 points at OSError during start-up; NULL before it.
#[no_mangle]
pub static mut PyExc_EnvironmentError: *mut PyObject = core::ptr::null_mut();
#[no_mangle]
pub static mut PyExc_IOError: *mut PyObject = core::ptr::null_mut();
