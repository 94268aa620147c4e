//! `code.h` (and the `_PyCode_*` functions libpython exports): wrappers over
//! `ferrython_runtime::objects::codeobject`.

use core::ffi::{c_char, c_int, c_void};
use core::ptr::null_mut;
use ferrython_runtime::abi::code::{PyCodeAddressRange, PyCodeObject};
use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, int_result, ptr_result};
use ferrython_runtime::objects::codeobject as c;

exported!(fn PyCode_New(argcount: c_int, kwonlyargcount: c_int, nlocals: c_int, stacksize: c_int, flags: c_int,
    code: *mut PyObject, consts: *mut PyObject, names: *mut PyObject, varnames: *mut PyObject, freevars: *mut PyObject,
    cellvars: *mut PyObject, filename: *mut PyObject, name: *mut PyObject, qualname: *mut PyObject, firstlineno: c_int,
    linetable: *mut PyObject, exceptiontable: *mut PyObject) -> *mut PyCodeObject =>
    ptr_result(c::new_with_posonly_args(argcount, 0, kwonlyargcount, nlocals, stacksize, flags, code, consts, names,
        varnames, freevars, cellvars, filename, name, qualname, firstlineno, linetable, exceptiontable)).cast());

exported!(fn PyCode_NewWithPosOnlyArgs(argcount: c_int, posonlyargcount: c_int, kwonlyargcount: c_int, nlocals: c_int,
    stacksize: c_int, flags: c_int, code: *mut PyObject, consts: *mut PyObject, names: *mut PyObject,
    varnames: *mut PyObject, freevars: *mut PyObject, cellvars: *mut PyObject, filename: *mut PyObject,
    name: *mut PyObject, qualname: *mut PyObject, firstlineno: c_int, linetable: *mut PyObject,
    exceptiontable: *mut PyObject) -> *mut PyCodeObject =>
    ptr_result(c::new_with_posonly_args(argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize, flags, code,
        consts, names, varnames, freevars, cellvars, filename, name, qualname, firstlineno, linetable,
        exceptiontable)).cast());

exported!(fn PyCode_NewEmpty(filename: *const c_char, funcname: *const c_char, firstlineno: c_int) -> *mut PyCodeObject => {
    let funcname = core::ffi::CStr::from_ptr(funcname).to_bytes();
    let r = match ferrython_runtime::objects::unicodeobject::from_utf8(funcname, None) {
        Ok(name) => c::new_empty(c::c_bytes(filename), &ferrython_runtime::objects::unicodeobject::to_string_lossy(name.as_ptr()), firstlineno),
        Err(e) => Err(e),
    };
    ptr_result(r).cast()
});

exported!(fn _PyCode_New(con: *mut c::PyCodeConstructor) -> *mut PyCodeObject => ptr_result(c::new_code(&*con)).cast());
exported!(fn _PyCode_Validate(con: *mut c::PyCodeConstructor) -> c_int => int_result(c::validate(&*con)));

exported!(fn PyCode_Addr2Line(co: *mut PyCodeObject, addrq: c_int) -> c_int => c::addr2line(co, addrq));

exported!(fn PyCode_Addr2Location(co: *mut PyCodeObject, addrq: c_int, start_line: *mut c_int, start_column: *mut c_int,
    end_line: *mut c_int, end_column: *mut c_int) -> c_int => {
    let (line, endline, col, endcol) = c::addr2location(co, addrq);
    *start_line = line;
    *end_line = endline;
    *start_column = col;
    *end_column = endcol;
    1
});

exported!(fn _PyCode_CheckLineNumber(lasti: c_int, bounds: *mut PyCodeAddressRange) -> c_int => c::check_line_number_c(lasti, &mut *bounds));

exported!(fn PyCode_GetCode(co: *mut PyCodeObject) -> *mut PyObject => ptr_result(c::get_code(co)));
exported!(fn PyCode_GetVarnames(co: *mut PyCodeObject) -> *mut PyObject => ptr_result(c::varnames(co)));
exported!(fn PyCode_GetCellvars(co: *mut PyCodeObject) -> *mut PyObject => ptr_result(c::cellvars(co)));
exported!(fn PyCode_GetFreevars(co: *mut PyCodeObject) -> *mut PyObject => ptr_result(c::freevars(co)));
exported!(fn _PyCode_ConstantKey(op: *mut PyObject) -> *mut PyObject => ptr_result(c::constant_key(op)));

exported!(fn _PyCode_GetExtra(code: *mut PyObject, index: Py_ssize_t, extra: *mut *mut c_void) -> c_int => {
    match c::get_extra(code, index) {
        Ok(v) => {
            *extra = v;
            0
        }
        Err(_) => -1,
    }
});
exported!(fn _PyCode_SetExtra(code: *mut PyObject, index: Py_ssize_t, extra: *mut c_void) -> c_int => int_result(c::set_extra(code, index, extra)));

exported!(fn PyCode_Optimize(code: *mut PyObject, _consts: *mut PyObject, _names: *mut PyObject, _lnotab: *mut PyObject) -> *mut PyObject => {
    // CPython 3.11 returns the code unchanged: the peephole optimizer moved into the compiler.
    if code.is_null() {
        let _ = errors::bad_internal_call();
        return null_mut();
    }
    ferrython_runtime::objects::object::new_ref(code).into_raw()
});
