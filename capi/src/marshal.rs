//! `marshal.h`: the PyMarshal_* functions and `PyMarshal_Init` (the `marshal` module's init
//! function), wrappers over `ferrython_runtime::modules::marshal`.

use core::ffi::{c_char, c_int, c_long};
use ferrython_runtime::abi::object::{PyObject, Py_ssize_t};
use ferrython_runtime::errors::{self, ptr_result};
use ferrython_runtime::modules::marshal as m;

exported!(fn PyMarshal_Init() -> *mut PyObject => m::init_module());

exported!(fn PyMarshal_WriteLongToFile(x: c_long, fp: *mut libc::FILE, _version: c_int) => {
    let bytes = (x as i32).to_le_bytes();
    libc::fwrite(bytes.as_ptr().cast(), 1, 4, fp);
});

exported!(fn PyMarshal_WriteObjectToFile(x: *mut PyObject, fp: *mut libc::FILE, version: c_int) => {
    let version_obj = match ferrython_runtime::objects::longobject::from_i64(version as i64) {
        Ok(v) => v,
        Err(_) => return,
    };
    // The audit failure is left set for the caller (CPython: "caller must check PyErr_Occurred").
    if ferrython_runtime::modules::sysmodule::audit("marshal.dumps", &[x, version_obj.as_ptr()]).is_err() {
        return;
    }
    match m::dump_bytes(x, version) {
        Ok(bytes) => {
            libc::fwrite(bytes.as_ptr().cast(), 1, bytes.len(), fp);
        }
        // CPython's file writer records the failure without raising.
        Err(_) => errors::clear(),
    }
});

exported!(fn PyMarshal_WriteObjectToString(x: *mut PyObject, version: c_int) -> *mut PyObject => ptr_result(m::dumps(x, version)));

exported!(fn PyMarshal_ReadObjectFromString(data: *const c_char, len: Py_ssize_t) -> *mut PyObject => {
    let bytes = if len <= 0 || data.is_null() { &[][..] } else { core::slice::from_raw_parts(data.cast::<u8>(), len as usize) };
    ptr_result(m::loads(bytes))
});

/// Reads `n` bytes of a file for the fixed-size readers (EOFError when short).
unsafe fn read_exact(fp: *mut libc::FILE, n: usize) -> Option<Vec<u8>> {
    use ferrython_runtime::modules::marshal::ByteSource;
    m::FileSource(fp).pull(n).ok()
}

exported!(fn PyMarshal_ReadLongFromFile(fp: *mut libc::FILE) -> c_long => match read_exact(fp, 4) {
    Some(b) => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as c_long,
    None => -1,
});

exported!(fn PyMarshal_ReadShortFromFile(fp: *mut libc::FILE) -> c_int => match read_exact(fp, 2) {
    Some(b) => i16::from_le_bytes([b[0], b[1]]) as c_int,
    None => -1,
});

exported!(fn PyMarshal_ReadObjectFromFile(fp: *mut libc::FILE) -> *mut PyObject => ptr_result(m::read_one(&mut m::FileSource(fp))));

exported!(fn PyMarshal_ReadLastObjectFromFile(fp: *mut libc::FILE) -> *mut PyObject => {
    // The rest of the file is read at once, then parsed (CPython does this for files it can
    // size).
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = libc::fread(chunk.as_mut_ptr().cast(), 1, chunk.len(), fp);
        data.extend_from_slice(&chunk[..n]);
        if n < chunk.len() {
            break;
        }
    }
    if data.is_empty() {
        return ptr_result(m::read_one(&mut m::FileSource(fp)));
    }
    ptr_result(m::loads(&data))
});
