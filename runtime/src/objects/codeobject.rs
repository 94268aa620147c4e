//! Code objects (CPython 3.11's Objects/codeobject.c): the `code` type with 3.11's layout
//! (bytecode inline in `co_code_adaptive`, never quickened here), creation with
//! `_PyCode_New`'s validation and interning, the localsplus bookkeeping, the 3.11 location
//! table (line and position look-ups, `co_lines()`, `co_positions()`, `co_lnotab`), the
//! attributes, `replace()`, the `code(...)` constructor, equality and hashing
//! (`_PyCode_ConstantKey`), `co_extra` (PEP 523), and [`from_marshal`]: marshal values of the
//! compiler crate to runtime objects.

use crate::abi::code::*;
use crate::abi::descrobject::PyGetSetDef;
use crate::abi::structmember::{PyMemberDef, READONLY, T_INT, T_OBJECT};
use crate::abi::*;
use crate::abi::methodobject::*;
use crate::abi::unicodeobject::PyASCIIObject;
use crate::objects::object::{Py_EQ, Py_NE};
use crate::errors::{self, PyResult};
use crate::objects::object::{self, new_ref, py_type, Ref};
use crate::objects::typeobject::static_type;
use crate::objects::{bytesobject, floatobject, complexobject, longobject, setobject, tupleobject, unicodeobject};
use core::ffi::{c_char, c_int, c_void};
use core::ptr::null_mut;
use ferrython_compiler::marshal::{ObjKind, Value};
use std::collections::HashMap;

/// `RESUME`: the first instruction a tracer sees is the first RESUME.
const OP_RESUME: u8 = 151;
/// `QUICKENING_INITIAL_WARMUP_VALUE` (3.11): kept for tools that read `co_warmup`.
const INITIAL_WARMUP: i16 = 8;

// Location-table entry codes (`_PyCodeLocationInfoKind`).
const LOC_SHORT0: u8 = 0;
const LOC_ONE_LINE0: u8 = 10;
const LOC_ONE_LINE1: u8 = 11;
const LOC_ONE_LINE2: u8 = 12;
const LOC_NO_COLUMNS: u8 = 13;
const LOC_LONG: u8 = 14;
const LOC_NONE: u8 = 15;

#[no_mangle]
pub static mut PyCode_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(code_dealloc),
    tp_repr: Some(code_repr),
    tp_hash: Some(code_hash),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"code(argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize,\n     flags, codestring, constants, names, varnames, filename, name,\n     qualname, firstlineno, linetable, exceptiontable, freevars=(),\n     cellvars=(), /)\n--\n\nCreate a code object.  Not for the faint of heart.".as_ptr(),
    tp_richcompare: Some(code_richcompare),
    tp_weaklistoffset: 144,
    tp_methods: (&raw mut CODE_METHODS).cast(),
    tp_members: (&raw mut CODE_MEMBERS).cast(),
    tp_getset: (&raw mut CODE_GETSETS).cast(),
    tp_new: Some(code_new),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"code", 184, 2, Py_TPFLAGS_DEFAULT)
};

/// The iterator `co_lines()` returns.
pub static mut LineIterator_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(lineiter_dealloc),
    tp_iter: Some(object::PyObject_SelfIter),
    tp_iternext: Some(lineiter_next),
    tp_free: Some(super::typeobject::object_free),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"line_iterator", core::mem::size_of::<LineIterator>() as Py_ssize_t, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE)
};

/// The iterator `co_positions()` returns.
pub static mut PositionsIterator_Type: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(positionsiter_dealloc),
    tp_iter: Some(object::PyObject_SelfIter),
    tp_iternext: Some(positionsiter_next),
    tp_free: Some(super::typeobject::object_free),
    ..static_type(&raw mut super::typeobject::PyType_Type, c"positions_iterator", core::mem::size_of::<PositionsIterator>() as Py_ssize_t, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE)
};

/// The code object behind `op`.
#[inline]
pub fn co(op: *mut PyObject) -> *mut PyCodeObject {
    op.cast()
}

/// `PyCode_Check`.
///
/// # Safety
/// `op` is live.
pub unsafe fn is_code(op: *mut PyObject) -> bool {
    py_type(op) == &raw mut PyCode_Type
}

/// The instructions (`_PyCode_CODE(co)`, `Py_SIZE(co)` code units).
///
/// # Safety
/// `c` is a live code object; the slice lives as long as it.
pub unsafe fn code_units<'a>(c: *mut PyCodeObject) -> &'a [_Py_CODEUNIT] {
    let n = (*c).ob_base.ob_size as usize;
    core::slice::from_raw_parts((&raw const (*c).co_code_adaptive).cast::<_Py_CODEUNIT>(), n)
}

/// `_PyCode_NBYTES`.
///
/// # Safety
/// `c` is a live code object.
pub unsafe fn nbytes(c: *mut PyCodeObject) -> usize {
    (*c).ob_base.ob_size as usize * 2
}

/// `struct _PyCodeConstructor` (pycore_code.h): what `_PyCode_New` builds a code object from
/// (all borrowed).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyCodeConstructor {
    pub filename: *mut PyObject,
    pub name: *mut PyObject,
    pub qualname: *mut PyObject,
    pub flags: c_int,
    pub code: *mut PyObject,
    pub firstlineno: c_int,
    pub linetable: *mut PyObject,
    pub consts: *mut PyObject,
    pub names: *mut PyObject,
    pub localsplusnames: *mut PyObject,
    pub localspluskinds: *mut PyObject,
    pub argcount: c_int,
    pub posonlyargcount: c_int,
    pub kwonlyargcount: c_int,
    pub stacksize: c_int,
    pub exceptiontable: *mut PyObject,
}

/// Counts of a localsplus layout: (nlocals, nplaincellvars, ncellvars, nfreevars).
fn localsplus_counts(kinds: &[u8]) -> (c_int, c_int, c_int, c_int) {
    let (mut nlocals, mut nplaincell, mut ncell, mut nfree) = (0, 0, 0, 0);
    for &k in kinds {
        if k & CO_FAST_LOCAL != 0 {
            nlocals += 1;
            if k & CO_FAST_CELL != 0 {
                ncell += 1;
            }
        } else if k & CO_FAST_CELL != 0 {
            ncell += 1;
            nplaincell += 1;
        } else if k & CO_FAST_FREE != 0 {
            nfree += 1;
        }
    }
    (nlocals, nplaincell, ncell, nfree)
}

unsafe fn is_tuple(op: *mut PyObject) -> bool {
    !op.is_null() && object::has_feature(py_type(op), Py_TPFLAGS_TUPLE_SUBCLASS)
}
unsafe fn is_bytes(op: *mut PyObject) -> bool {
    !op.is_null() && bytesobject::is_bytes(op)
}
unsafe fn is_str(op: *mut PyObject) -> bool {
    !op.is_null() && unicodeobject::is_str(op)
}

/// `_PyCode_Validate`: argument types and sizes as CPython checks them.
///
/// # Safety
/// The constructor's pointers are NULL or live.
pub unsafe fn validate(con: &PyCodeConstructor) -> PyResult<()> {
    if con.argcount < con.posonlyargcount
        || con.posonlyargcount < 0
        || con.kwonlyargcount < 0
        || con.stacksize < 0
        || con.flags < 0
        || !is_bytes(con.code)
        || !is_tuple(con.consts)
        || !is_tuple(con.names)
        || !is_tuple(con.localsplusnames)
        || !is_bytes(con.localspluskinds)
        || tupleobject::len(con.localsplusnames) as usize != bytesobject::size(con.localspluskinds)
        || !is_str(con.name)
        || !is_str(con.qualname)
        || !is_str(con.filename)
        || !is_bytes(con.linetable)
        || !is_bytes(con.exceptiontable)
    {
        return Err(errors::bad_internal_call_at("Objects/codeobject.c", 232));
    }
    let code_len = bytesobject::size(con.code);
    if code_len > c_int::MAX as usize {
        return Err(errors::overflow_error("code: co_code larger than INT_MAX"));
    }
    if code_len % 2 != 0 {
        return Err(errors::value_error("code: co_code is malformed"));
    }
    let (nlocals, ..) = localsplus_counts(bytesobject::as_slice(con.localspluskinds));
    let nplain = nlocals
        - con.argcount
        - con.kwonlyargcount
        - (con.flags & CO_VARARGS != 0) as c_int
        - (con.flags & CO_VARKEYWORDS != 0) as c_int;
    if nplain < 0 {
        return Err(errors::value_error("code: co_varnames is too small"));
    }
    Ok(())
}

/// Interns the str in `*slot` in place (the slot owns its reference).
unsafe fn intern_slot(slot: *mut *mut PyObject) -> bool {
    let v = *slot;
    let interned = unicodeobject::intern(new_ref(v));
    if interned.as_ptr() != v {
        *slot = interned.into_raw();
        object::decref(v);
        true
    } else {
        false
    }
}

/// `intern_strings`: every item of a names tuple must be an exact str; all are interned.
unsafe fn intern_strings(tuple: *mut PyObject) -> PyResult<()> {
    let items = tupleobject::items(tuple);
    for i in (0..tupleobject::len(tuple) as usize).rev() {
        let v = *items.add(i);
        if v.is_null() || !unicodeobject::is_exact_str(v) {
            return Err(errors::system_error("non-string found in code slot"));
        }
        intern_slot(items.add(i));
    }
    Ok(())
}

/// `all_name_chars`: ASCII letters, digits and underscores only.
unsafe fn all_name_chars(op: *mut PyObject) -> bool {
    let a = op as *mut PyASCIIObject;
    if !(*a).ascii() {
        return false;
    }
    unicodeobject::raw_bytes(op).iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `intern_string_constants`: name-like str constants are interned, inside nested tuples and
/// frozensets too. Returns whether an item of `tuple` was replaced.
unsafe fn intern_string_constants(tuple: *mut PyObject) -> PyResult<bool> {
    let mut modified = false;
    let items = tupleobject::items(tuple);
    for i in (0..tupleobject::len(tuple) as usize).rev() {
        let v = *items.add(i);
        if unicodeobject::is_exact_str(v) {
            if all_name_chars(v) && intern_slot(items.add(i)) {
                modified = true;
            }
        } else if tupleobject::check(v) && py_type(v) == &raw mut tupleobject::PyTuple_Type {
            intern_string_constants(v)?;
        } else if py_type(v) == &raw mut setobject::PyFrozenSet_Type {
            let tmp = crate::objects::r#abstract::sequence::tuple(v)?;
            if intern_string_constants(tmp.as_ptr())? {
                let fresh = setobject::new_frozenset(tmp.as_ptr())?;
                *items.add(i) = fresh.into_raw();
                object::decref(v);
                modified = true;
            }
        }
    }
    Ok(modified)
}

/// `remove_column_info`: the location table with every entry rewritten as "no columns"
/// (what `-X no_debug_ranges` keeps).
fn remove_column_info(table: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(table.len());
    let mut i = 0;
    while i < table.len() {
        let first = table[i];
        let code = (first >> 3) & 15;
        if code == LOC_NONE {
            out.push(first);
        } else {
            let units = (first & 7) + 1;
            out.push(0x80 | (LOC_NO_COLUMNS << 3) | (units - 1));
            write_signed_varint(&mut out, line_delta_at(table, i));
        }
        i += 1;
        while i < table.len() && table[i] & 0x80 == 0 {
            i += 1;
        }
    }
    out
}

fn write_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 64 {
        out.push(0x40 | (v & 63) as u8);
        v >>= 6;
    }
    out.push(v as u8);
}

fn write_signed_varint(out: &mut Vec<u8>, v: i32) {
    let u = if v < 0 { ((v.unsigned_abs()) << 1) | 1 } else { (v as u32) << 1 };
    write_varint(out, u);
}

fn scan_varint(table: &[u8], mut i: usize) -> (u32, usize) {
    let mut read = *table.get(i).unwrap_or(&0) as u32;
    i += 1;
    let mut val = read & 63;
    let mut shift = 0;
    while read & 64 != 0 {
        read = *table.get(i).unwrap_or(&0) as u32;
        i += 1;
        shift += 6;
        if shift < 32 {
            val |= (read & 63) << shift;
        }
    }
    (val, i)
}

fn scan_signed_varint(table: &[u8], i: usize) -> (i32, usize) {
    let (u, next) = scan_varint(table, i);
    let v = if u & 1 != 0 { -((u >> 1) as i32) } else { (u >> 1) as i32 };
    (v, next)
}

/// `get_line_delta`: the line change of the entry starting at `i`.
fn line_delta_at(table: &[u8], i: usize) -> i32 {
    let code = (table[i] >> 3) & 15;
    match code {
        LOC_NONE => 0,
        LOC_NO_COLUMNS | LOC_LONG => scan_signed_varint(table, i + 1).0,
        LOC_ONE_LINE0 => 0,
        LOC_ONE_LINE1 => 1,
        LOC_ONE_LINE2 => 2,
        _ => 0,
    }
}

/// `_PyCode_New`: interns the names (and name-like constants), drops column information
/// when `-X no_debug_ranges` is in effect, and copies the bytecode into a new code object.
///
/// # Safety
/// The constructor's pointers are live (checked with [`validate`] by the caller or here).
pub unsafe fn new_code(con: &PyCodeConstructor) -> PyResult<Ref> {
    validate(con)?;
    intern_strings(con.names)?;
    intern_string_constants(con.consts)?;
    intern_strings(con.localsplusnames)?;
    let mut linetable = new_ref(con.linetable);
    let interp = crate::lifecycle::pystate::current_interpreter();
    // An interpreter whose configuration was never filled in keeps CPython's default (ranges on).
    if !interp.is_null() && (*interp).config._config_init != 0 && (*interp).config.code_debug_ranges == 0 {
        linetable = bytesobject::from_slice(&remove_column_info(bytesobject::as_slice(con.linetable)))?;
    }
    let code = bytesobject::as_slice(con.code);
    let units = code.len() / 2;
    let op = object::new_var_object(&raw mut PyCode_Type, units as Py_ssize_t)?.cast::<PyObject>();
    let c = co(op);
    let kinds = bytesobject::as_slice(con.localspluskinds);
    let (nlocals, nplaincell, ncell, nfree) = localsplus_counts(kinds);
    (*c).co_filename = new_ref(con.filename).into_raw();
    (*c).co_name = new_ref(con.name).into_raw();
    (*c).co_qualname = new_ref(con.qualname).into_raw();
    (*c).co_flags = con.flags;
    (*c).co_firstlineno = con.firstlineno;
    (*c).co_linetable = linetable.into_raw();
    (*c).co_consts = new_ref(con.consts).into_raw();
    (*c).co_names = new_ref(con.names).into_raw();
    (*c).co_localsplusnames = new_ref(con.localsplusnames).into_raw();
    (*c).co_localspluskinds = new_ref(con.localspluskinds).into_raw();
    (*c).co_argcount = con.argcount;
    (*c).co_posonlyargcount = con.posonlyargcount;
    (*c).co_kwonlyargcount = con.kwonlyargcount;
    (*c).co_stacksize = con.stacksize;
    (*c).co_exceptiontable = new_ref(con.exceptiontable).into_raw();
    (*c).co_nlocalsplus = kinds.len() as c_int;
    (*c).co_nlocals = nlocals;
    (*c).co_nplaincellvars = nplaincell;
    (*c).co_ncellvars = ncell;
    (*c).co_nfreevars = nfree;
    (*c).co_weakreflist = null_mut();
    (*c).co_extra = null_mut();
    (*c)._co_code = null_mut();
    (*c).co_warmup = INITIAL_WARMUP;
    (*c)._co_linearray_entry_size = 0;
    (*c)._co_linearray = null_mut();
    let dst = (&raw mut (*c).co_code_adaptive).cast::<u8>();
    core::ptr::copy_nonoverlapping(code.as_ptr(), dst, code.len());
    let first = (0..units).find(|&i| code[2 * i] == OP_RESUME).unwrap_or(units);
    (*c)._co_firsttraceable = first as c_int;
    Ok(Ref::from_raw(op))
}

/// `PyCode_NewWithPosOnlyArgs`: the legacy constructor from separate varnames, cellvars
/// and freevars (a cell that is also an argument shares its slot).
///
/// # Safety
/// Object arguments are NULL or live.
#[allow(clippy::too_many_arguments)]
pub unsafe fn new_with_posonly_args(
    argcount: c_int,
    posonlyargcount: c_int,
    kwonlyargcount: c_int,
    nlocals: c_int,
    stacksize: c_int,
    flags: c_int,
    code: *mut PyObject,
    consts: *mut PyObject,
    names: *mut PyObject,
    varnames: *mut PyObject,
    freevars: *mut PyObject,
    cellvars: *mut PyObject,
    filename: *mut PyObject,
    name: *mut PyObject,
    qualname: *mut PyObject,
    firstlineno: c_int,
    linetable: *mut PyObject,
    exceptiontable: *mut PyObject,
) -> PyResult<Ref> {
    if !is_tuple(varnames) || !is_tuple(cellvars) || !is_tuple(freevars) {
        return Err(errors::bad_internal_call_at("Objects/codeobject.c", 515));
    }
    let slice = |t: *mut PyObject| core::slice::from_raw_parts(tupleobject::items(t), tupleobject::len(t) as usize);
    let (vars, cells, frees) = (slice(varnames), slice(cellvars), slice(freevars));
    let mut lp_names: Vec<*mut PyObject> = Vec::with_capacity(vars.len() + cells.len() + frees.len());
    let mut lp_kinds: Vec<u8> = Vec::with_capacity(lp_names.capacity());
    for &v in vars {
        lp_names.push(v);
        lp_kinds.push(CO_FAST_LOCAL);
    }
    for &c in cells {
        match vars.iter().position(|&v| unicodeobject::compare(v, c) == 0) {
            Some(arg) => lp_kinds[arg] |= CO_FAST_CELL,
            None => {
                lp_names.push(c);
                lp_kinds.push(CO_FAST_CELL);
            }
        }
    }
    for &f in frees {
        lp_names.push(f);
        lp_kinds.push(CO_FAST_FREE);
    }
    let lp_names = tupleobject::from_slice(&lp_names)?;
    let lp_kinds = bytesobject::from_slice(&lp_kinds)?;
    let con = PyCodeConstructor {
        filename,
        name,
        qualname,
        flags,
        code,
        firstlineno,
        linetable,
        consts,
        names,
        localsplusnames: lp_names.as_ptr(),
        localspluskinds: lp_kinds.as_ptr(),
        argcount,
        posonlyargcount,
        kwonlyargcount,
        stacksize,
        exceptiontable,
    };
    validate(&con)?;
    if nlocals as Py_ssize_t != tupleobject::len(varnames) {
        return Err(errors::value_error("code: co_nlocals != len(co_varnames)"));
    }
    new_code(&con)
}

/// `PyCode_NewEmpty(filename, funcname, firstlineno)`: a code object that raises
/// AssertionError, with one "no columns" location entry.
///
/// # Safety
/// A thread state is current.
pub unsafe fn new_empty(filename: &[u8], funcname: &str, firstlineno: c_int) -> PyResult<Ref> {
    let empty_tuple = tupleobject::from_slice(&[])?;
    let name = unicodeobject::new_str(funcname)?;
    let filename = unicodeobject::decode_fs_default(filename)?;
    // RESUME 0; LOAD_ASSERTION_ERROR; RAISE_VARARGS 1.
    let code = bytesobject::from_slice(&[OP_RESUME, 0, 74, 0, 130, 1])?;
    let linetable = bytesobject::from_slice(&[0x80 | (LOC_NO_COLUMNS << 3) | 2, 0])?;
    let empty_bytes = bytesobject::from_slice(&[])?;
    new_code(&PyCodeConstructor {
        filename: filename.as_ptr(),
        name: name.as_ptr(),
        qualname: name.as_ptr(),
        flags: 0,
        code: code.as_ptr(),
        firstlineno,
        linetable: linetable.as_ptr(),
        consts: empty_tuple.as_ptr(),
        names: empty_tuple.as_ptr(),
        localsplusnames: empty_tuple.as_ptr(),
        localspluskinds: empty_bytes.as_ptr(),
        argcount: 0,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize: 1,
        exceptiontable: empty_bytes.as_ptr(),
    })
}

// ---------------------------------------------------------------------------------------------
// Marshal values (the compiler crate's model) to runtime objects.

/// Any marshal value to the runtime object it stands for; code objects become real code
/// objects (through [`new_code`]). Objects shared in the value graph stay shared; interned
/// strs are interned.
///
/// # Safety
/// A thread state is current.
pub unsafe fn from_marshal(v: &Value) -> PyResult<Ref> {
    let mut memo = HashMap::new();
    convert(v, &mut memo, 0)
}

/// [`from_marshal`] for compiler output: every code object's `co_filename` is `filename`
/// itself (as CPython's compiler stores the object it was given).
///
/// # Safety
/// `filename` is a live str; a thread state is current.
pub unsafe fn from_marshal_with_filename(v: &Value, filename: *mut PyObject) -> PyResult<Ref> {
    let mut memo = HashMap::new();
    seed_filenames(v, filename, &mut memo, 0);
    convert(v, &mut memo, 0)
}

/// Maps each code object's filename value (by identity) to `filename`.
unsafe fn seed_filenames(v: &Value, filename: *mut PyObject, memo: &mut HashMap<usize, Ref>, depth: usize) {
    if depth > MAX_CONVERT_DEPTH {
        return;
    }
    let Some(code) = v.as_code() else { return };
    if let Some(id) = code.filename.identity() {
        memo.entry(id).or_insert_with(|| new_ref(filename));
    }
    if let Some(consts) = code.consts.as_tuple() {
        for c in consts {
            seed_filenames(c, filename, memo, depth + 1);
        }
    }
}

/// Marshal's own depth limit keeps this recursion bounded; the check guards values built by
/// hand.
const MAX_CONVERT_DEPTH: usize = ferrython_compiler::marshal::MAX_DEPTH + 100;

unsafe fn convert(v: &Value, memo: &mut HashMap<usize, Ref>, depth: usize) -> PyResult<Ref> {
    if depth > MAX_CONVERT_DEPTH {
        return Err(errors::value_error("object too deeply nested to marshal"));
    }
    match v {
        Value::Null => Err(errors::type_error("NULL object in marshal data for object")),
        Value::None => Ok(object::new_none()),
        Value::True => Ok(object::new_bool(true)),
        Value::False => Ok(object::new_bool(false)),
        Value::Ellipsis => Ok(new_ref(crate::objects::sliceobject::ellipsis())),
        Value::StopIteration => Ok(new_ref(crate::objects::exceptions::PyExc_StopIteration)),
        Value::Cycle(c) => match memo.get(&(c.target.as_ptr() as usize)) {
            Some(r) => Ok(r.clone()),
            None => Err(errors::value_error("bad marshal data (invalid reference)")),
        },
        Value::Obj(arc) => {
            let key = std::sync::Arc::as_ptr(arc) as usize;
            if let Some(r) = memo.get(&key) {
                return Ok(r.clone());
            }
            let r = match arc.kind() {
                // CPython's reader makes every non-empty bytes object afresh; only constants
                // its compiler made (Auto) are the cached one-byte objects.
                ObjKind::Bytes(b) if b.len() == 1 && arc.ref_flag() != ferrython_compiler::marshal::RefFlag::Auto => {
                    fresh_bytes(b)?
                }
                kind => convert_obj(kind, key, memo, depth)?,
            };
            memo.insert(key, r.clone());
            Ok(r)
        }
    }
}

/// A bytes object that is never one of the shared one-byte singletons.
fn fresh_bytes(b: &[u8]) -> PyResult<Ref> {
    if b.len() != 1 {
        return bytesobject::from_slice(b);
    }
    // SAFETY: a fresh bytes object of one byte is written before it is shared.
    unsafe {
        let op = bytesobject::new_uninit(1)?;
        *bytesobject::data(op) = b[0];
        Ok(Ref::from_raw(op))
    }
}

/// A code object's bytes field: CPython's compiler builds these afresh (never the cached
/// one-byte objects).
unsafe fn code_bytes_field(v: &Value, memo: &mut HashMap<usize, Ref>, depth: usize) -> PyResult<Ref> {
    if let (Some(b), Some(key)) = (v.as_bytes(), v.identity()) {
        if b.len() == 1 {
            if let Some(r) = memo.get(&key) {
                return Ok(r.clone());
            }
            let r = fresh_bytes(b)?;
            memo.insert(key, r.clone());
            return Ok(r);
        }
    }
    convert(v, memo, depth)
}

/// A code object's name or qualname: the compiler's names of anonymous scopes are CPython's
/// static strings (`&_Py_STR(anon_listcomp)` and friends), not new objects.
unsafe fn code_name_field(v: &Value, memo: &mut HashMap<usize, Ref>, depth: usize) -> PyResult<Ref> {
    if let Some(obj) = v.as_obj() {
        if obj.ref_flag() == ferrython_compiler::marshal::RefFlag::Auto {
            let fixed = match v.as_str() {
                Some("<module>") => Some(crate::_Py_STR!(anon_module)),
                Some("<lambda>") => Some(crate::_Py_STR!(anon_lambda)),
                Some("<genexpr>") => Some(crate::_Py_STR!(anon_genexpr)),
                Some("<listcomp>") => Some(crate::_Py_STR!(anon_listcomp)),
                Some("<setcomp>") => Some(crate::_Py_STR!(anon_setcomp)),
                Some("<dictcomp>") => Some(crate::_Py_STR!(anon_dictcomp)),
                _ => None,
            };
            if let Some(p) = fixed {
                return Ok(new_ref(p));
            }
        }
    }
    convert(v, memo, depth)
}

/// An int of the compiler crate (15-bit digits) as a runtime int (30-bit digits).
pub fn int_from_marshal(i: &ferrython_compiler::int::Int) -> PyResult<Ref> {
    if let Some(small) = i.to_i64() {
        return longobject::from_i64(small);
    }
    let d15 = i.digits15();
    let mag: Vec<u32> = d15
        .chunks(2)
        .map(|pair| pair[0] as u32 | (pair.get(1).copied().unwrap_or(0) as u32) << 15)
        .collect();
    longobject::from_magnitude(i.is_negative(), &mag)
}

/// A str of the marshal model as a runtime str (interned when marked so).
pub fn str_from_marshal(s: &ferrython_compiler::marshal::Str) -> PyResult<Ref> {
    let r = match s.as_str() {
        Some(text) => unicodeobject::new_str(text)?,
        None => unicodeobject::from_ucs4(&s.code_points().collect::<Vec<u32>>())?,
    };
    Ok(if s.is_interned() { unicodeobject::intern(r) } else { r })
}

unsafe fn convert_obj(kind: &ObjKind, key: usize, memo: &mut HashMap<usize, Ref>, depth: usize) -> PyResult<Ref> {
    let d = depth + 1;
    match kind {
        ObjKind::Int(i) => int_from_marshal(i),
        ObjKind::Float(f) => floatobject::from_f64(*f),
        ObjKind::Complex { real, imag } => complexobject::from_doubles(*real, *imag),
        ObjKind::Bytes(b) => bytesobject::from_slice(b),
        ObjKind::Str(s) => str_from_marshal(s),
        ObjKind::Tuple(items) => {
            let mut refs = Vec::with_capacity(items.len());
            for item in items {
                refs.push(convert(item, memo, d)?);
            }
            tupleobject::from_refs(refs)
        }
        ObjKind::List(items) => {
            let list = crate::objects::listobject::new(0)?;
            memo.insert(key, list.clone());
            for item in items {
                let x = convert(item, memo, d)?;
                crate::objects::listobject::append(list.as_ptr(), x.as_ptr())?;
            }
            Ok(list)
        }
        ObjKind::Dict(pairs) => {
            let dict = crate::objects::dictobject::new()?;
            memo.insert(key, dict.clone());
            for (k, v) in pairs {
                let k = convert(k, memo, d)?;
                let v = convert(v, memo, d)?;
                crate::objects::dictobject::set_item(dict.as_ptr(), k.as_ptr(), v.as_ptr())?;
            }
            Ok(dict)
        }
        ObjKind::Set(items) => {
            let set = setobject::new_set(null_mut())?;
            memo.insert(key, set.clone());
            for item in items {
                let x = convert(item, memo, d)?;
                setobject::add(set.as_ptr(), x.as_ptr())?;
            }
            Ok(set)
        }
        ObjKind::FrozenSet(items) => {
            let mut refs = Vec::with_capacity(items.len());
            for item in items {
                refs.push(convert(item, memo, d)?);
            }
            let tuple = tupleobject::from_refs(refs)?;
            setobject::new_frozenset(tuple.as_ptr())
        }
        ObjKind::Code(code) => {
            let code_bytes = code_bytes_field(&code.code, memo, d)?;
            let consts = convert(&code.consts, memo, d)?;
            let names = convert(&code.names, memo, d)?;
            let lp_names = convert(&code.localsplusnames, memo, d)?;
            let lp_kinds = code_bytes_field(&code.localspluskinds, memo, d)?;
            let filename = convert(&code.filename, memo, d)?;
            let name = code_name_field(&code.name, memo, d)?;
            let qualname = code_name_field(&code.qualname, memo, d)?;
            let linetable = code_bytes_field(&code.linetable, memo, d)?;
            let exceptiontable = code_bytes_field(&code.exceptiontable, memo, d)?;
            new_code(&PyCodeConstructor {
                filename: filename.as_ptr(),
                name: name.as_ptr(),
                qualname: qualname.as_ptr(),
                flags: code.flags,
                code: code_bytes.as_ptr(),
                firstlineno: code.firstlineno,
                linetable: linetable.as_ptr(),
                consts: consts.as_ptr(),
                names: names.as_ptr(),
                localsplusnames: lp_names.as_ptr(),
                localspluskinds: lp_kinds.as_ptr(),
                argcount: code.argcount,
                posonlyargcount: code.posonlyargcount,
                kwonlyargcount: code.kwonlyargcount,
                stacksize: code.stacksize,
                exceptiontable: exceptiontable.as_ptr(),
            })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The location table: address ranges, lines and positions.

/// A cursor over a 3.11 location table, as `PyCodeAddressRange` (byte offsets).
#[derive(Clone, Copy, Debug)]
pub struct AddressRange<'a> {
    table: &'a [u8],
    /// Index of the next entry's first byte.
    next: usize,
    computed_line: i32,
    pub start: i32,
    pub end: i32,
    /// -1 when the range has no line.
    pub line: i32,
}

impl<'a> AddressRange<'a> {
    /// `_PyLineTable_InitAddressRange`.
    pub fn new(table: &'a [u8], firstlineno: i32) -> Self {
        AddressRange { table, next: 0, computed_line: firstlineno, start: -1, end: 0, line: -1 }
    }

    fn at_end(&self) -> bool {
        self.next >= self.table.len()
    }

    fn is_no_line_marker(b: u8) -> bool {
        (b >> 3) == 0x1f
    }

    fn advance(&mut self) {
        let first = self.table[self.next];
        self.computed_line += line_delta_at(self.table, self.next);
        self.line = if Self::is_no_line_marker(first) { -1 } else { self.computed_line };
        self.start = self.end;
        self.end += (((first & 7) + 1) as i32) * 2;
        self.next += 1;
        while self.next < self.table.len() && self.table[self.next] & 0x80 == 0 {
            self.next += 1;
        }
    }

    fn previous_code_delta(&self) -> i32 {
        if self.start == 0 {
            return 1;
        }
        let mut p = self.next - 1;
        while self.table[p] & 0x80 == 0 {
            p -= 1;
        }
        (((self.table[p] & 7) + 1) as i32) * 2
    }

    fn retreat(&mut self) {
        loop {
            self.next -= 1;
            if self.table[self.next] & 0x80 != 0 {
                break;
            }
        }
        self.computed_line -= line_delta_at(self.table, self.next);
        self.end = self.start;
        self.start -= self.previous_code_delta();
        let marker = if self.next > 0 { Self::is_no_line_marker(self.table[self.next - 1]) } else { false };
        self.line = if marker { -1 } else { self.computed_line };
    }

    /// `_PyLineTable_NextAddressRange`.
    pub fn next_range(&mut self) -> bool {
        if self.at_end() {
            return false;
        }
        self.advance();
        true
    }

    /// `_PyLineTable_PreviousAddressRange`.
    pub fn previous_range(&mut self) -> bool {
        if self.start <= 0 {
            return false;
        }
        self.retreat();
        true
    }

    /// `_PyCode_CheckLineNumber`: moves to the range holding byte offset `lasti`; its line or
    /// -1.
    pub fn check_line_number(&mut self, lasti: i32) -> i32 {
        while self.end <= lasti {
            if !self.next_range() {
                return -1;
            }
        }
        while self.start > lasti {
            if !self.previous_range() {
                return -1;
            }
        }
        self.line
    }

    fn read_byte(&mut self) -> u8 {
        let b = self.table.get(self.next).copied().unwrap_or(0);
        self.next += 1;
        b
    }

    fn read_varint(&mut self) -> u32 {
        let (v, n) = scan_varint(self.table, self.next);
        self.next = n;
        v
    }

    fn read_signed_varint(&mut self) -> i32 {
        let (v, n) = scan_signed_varint(self.table, self.next);
        self.next = n;
        v
    }

    /// `advance_with_locations`: the next entry with its full position (line, end line,
    /// column, end column; -1 unknown).
    pub fn advance_with_locations(&mut self) -> (i32, i32, i32) {
        let first = self.read_byte();
        let code = (first >> 3) & 15;
        self.start = self.end;
        self.end = self.start + (((first & 7) + 1) as i32) * 2;
        match code {
            LOC_NONE => {
                self.line = -1;
                (-1, -1, -1)
            }
            LOC_LONG => {
                self.computed_line += self.read_signed_varint();
                self.line = self.computed_line;
                let endline = self.line + self.read_varint() as i32;
                let col = self.read_varint() as i32 - 1;
                let endcol = self.read_varint() as i32 - 1;
                (endline, col, endcol)
            }
            LOC_NO_COLUMNS => {
                self.computed_line += self.read_signed_varint();
                self.line = self.computed_line;
                (self.line, -1, -1)
            }
            LOC_ONE_LINE0 | LOC_ONE_LINE1 | LOC_ONE_LINE2 => {
                self.computed_line += (code - LOC_ONE_LINE0) as i32;
                self.line = self.computed_line;
                let col = self.read_byte() as i32;
                let endcol = self.read_byte() as i32;
                (self.line, col, endcol)
            }
            _ => {
                let second = self.read_byte() as i32;
                self.line = self.computed_line;
                let col = ((code - LOC_SHORT0) as i32) << 3 | (second >> 4);
                (self.line, col, col + (second & 15))
            }
        }
    }

    /// `_PyLineTable_StartsLine`.
    pub fn starts_line(&self) -> bool {
        if self.start <= 0 {
            return false;
        }
        let mut p = self.next;
        loop {
            p -= 1;
            if self.table[p] & 0x80 != 0 {
                break;
            }
        }
        match (self.table[p] >> 3) & 15 {
            LOC_NO_COLUMNS | LOC_NONE => self.table.get(p + 1).copied().unwrap_or(0) != 0,
            LOC_ONE_LINE1 | LOC_ONE_LINE2 => true,
            _ => false,
        }
    }

    /// The C cursor (`PyCodeAddressRange`) for this position.
    pub fn to_c(&self) -> PyCodeAddressRange {
        PyCodeAddressRange {
            ar_start: self.start,
            ar_end: self.end,
            ar_line: self.line,
            opaque: _opaque {
                computed_line: self.computed_line,
                lo_next: self.table.as_ptr().wrapping_add(self.next),
                limit: self.table.as_ptr().wrapping_add(self.table.len()),
            },
        }
    }

    /// A cursor from the C one (its table is `limit - len .. limit`).
    ///
    /// # Safety
    /// `r` was made by [`AddressRange::to_c`] or `_PyLineTable_InitAddressRange` over a table
    /// that is still alive; `base` is the table's start.
    pub unsafe fn from_c(r: &PyCodeAddressRange, base: *const u8) -> AddressRange<'a> {
        let len = r.opaque.limit.offset_from(base) as usize;
        let table = core::slice::from_raw_parts(base, len);
        AddressRange {
            table,
            next: r.opaque.lo_next.offset_from(base) as usize,
            computed_line: r.opaque.computed_line,
            start: r.ar_start,
            end: r.ar_end,
            line: r.ar_line,
        }
    }
}

/// `_PyCode_CheckLineNumber` on a C cursor (`PyCodeAddressRange`, from
/// `_PyLineTable_InitAddressRange` or an earlier call): moves it to the range holding byte
/// offset `lasti`; that range's line, or -1.
///
/// # Safety
/// `r` describes a live location table (`lo_next..limit` inside it, every entry before
/// `lo_next` readable).
pub unsafe fn check_line_number_c(lasti: c_int, r: &mut PyCodeAddressRange) -> c_int {
    let limit = r.opaque.limit;
    let entry_len = |p: *const u8| limit.offset_from(p) as usize;
    let no_line = |b: u8| (b >> 3) == 0x1f;
    while r.ar_end <= lasti {
        if r.opaque.lo_next >= limit {
            return -1;
        }
        let p = r.opaque.lo_next;
        let table = core::slice::from_raw_parts(p, entry_len(p));
        r.opaque.computed_line += line_delta_at(table, 0);
        r.ar_line = if no_line(*p) { -1 } else { r.opaque.computed_line };
        r.ar_start = r.ar_end;
        r.ar_end += (((*p & 7) + 1) as c_int) * 2;
        let mut q = p.add(1);
        while q < limit && *q & 0x80 == 0 {
            q = q.add(1);
        }
        r.opaque.lo_next = q;
    }
    while r.ar_start > lasti {
        if r.ar_start <= 0 {
            return -1;
        }
        let mut p = r.opaque.lo_next;
        loop {
            p = p.sub(1);
            if *p & 0x80 != 0 {
                break;
            }
        }
        r.opaque.lo_next = p;
        r.opaque.computed_line -= line_delta_at(core::slice::from_raw_parts(p, entry_len(p)), 0);
        r.ar_end = r.ar_start;
        let prev_delta = if r.ar_start == 0 {
            1
        } else {
            let mut q = p.sub(1);
            while *q & 0x80 == 0 {
                q = q.sub(1);
            }
            (((*q & 7) + 1) as c_int) * 2
        };
        r.ar_start -= prev_delta;
        r.ar_line = if no_line(*p.sub(1)) { -1 } else { r.opaque.computed_line };
    }
    r.ar_line
}

/// `_PyCode_InitAddressRange`: a C cursor at the start of `code`'s location table.
///
/// # Safety
/// `code` is a live code object (the cursor is valid while it lives).
pub unsafe fn init_address_range(code: *mut PyCodeObject) -> PyCodeAddressRange {
    AddressRange::new(linetable(code), (*code).co_firstlineno).to_c()
}

/// The location table of a code object.
///
/// # Safety
/// `c` is a live code object; the slice lives as long as its table.
pub unsafe fn linetable<'a>(c: *mut PyCodeObject) -> &'a [u8] {
    bytesobject::as_slice((*c).co_linetable)
}

/// `PyCode_Addr2Line`: the line of the instruction at byte offset `byte_offset` (-1 when it
/// has none; `co_firstlineno` for a negative offset).
///
/// # Safety
/// `code` is a live code object.
pub unsafe fn addr2line(code: *mut PyCodeObject, byte_offset: c_int) -> c_int {
    if byte_offset < 0 {
        return (*code).co_firstlineno;
    }
    let mut r = AddressRange::new(linetable(code), (*code).co_firstlineno);
    r.check_line_number(byte_offset)
}

/// `PyCode_Addr2Location`: (line, end line, column, end column) of the instruction at byte
/// offset `byte_offset`, -1 where unknown.
///
/// # Safety
/// `code` is a live code object.
pub unsafe fn addr2location(code: *mut PyCodeObject, byte_offset: c_int) -> (c_int, c_int, c_int, c_int) {
    if byte_offset < 0 {
        let l = (*code).co_firstlineno;
        return (l, l, 0, 0);
    }
    let table = linetable(code);
    let mut r = AddressRange::new(table, (*code).co_firstlineno);
    r.check_line_number(byte_offset);
    if r.start < 0 || r.next == 0 {
        return (-1, -1, -1, -1);
    }
    r.retreat();
    if r.next >= table.len() {
        return (-1, -1, -1, -1);
    }
    let (endline, col, endcol) = r.advance_with_locations();
    (r.line, endline, col, endcol)
}

/// `decode_linetable`: the pre-3.10 `co_lnotab` computed from the location table.
///
/// # Safety
/// `c` is a live code object.
pub unsafe fn lnotab(c: *mut PyCodeObject) -> Vec<u8> {
    let mut out = Vec::new();
    let mut r = AddressRange::new(linetable(c), (*c).co_firstlineno);
    let (mut code_offset, mut line) = (0i32, (*c).co_firstlineno);
    let emit = |out: &mut Vec<u8>, a: i32, b: i32| {
        out.push(a as u8);
        out.push(b as i8 as u8);
    };
    while r.next_range() {
        if r.computed_line != line {
            let mut bdelta = r.start - code_offset;
            let mut ldelta = r.computed_line - line;
            while bdelta > 255 {
                emit(&mut out, 255, 0);
                bdelta -= 255;
            }
            while ldelta > 127 {
                emit(&mut out, bdelta, 127);
                bdelta = 0;
                ldelta -= 127;
            }
            while ldelta < -128 {
                emit(&mut out, bdelta, -128);
                bdelta = 0;
                ldelta += 128;
            }
            emit(&mut out, bdelta, ldelta);
            code_offset = r.start;
            line = r.computed_line;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Accessors.

/// The names of the localsplus slots whose kind has a bit of `kind` (`get_localsplus_names`).
///
/// # Safety
/// `c` is a live code object.
pub unsafe fn localsplus_names(c: *mut PyCodeObject, kind: u8) -> PyResult<Ref> {
    let kinds = bytesobject::as_slice((*c).co_localspluskinds);
    let names = tupleobject::items((*c).co_localsplusnames);
    let picked: Vec<*mut PyObject> =
        kinds.iter().enumerate().filter(|(_, &k)| k & kind != 0).map(|(i, _)| *names.add(i)).collect();
    tupleobject::from_slice(&picked)
}

/// `co_varnames` (`PyCode_GetVarnames`).
///
/// # Safety
/// `c` is a live code object.
pub unsafe fn varnames(c: *mut PyCodeObject) -> PyResult<Ref> {
    localsplus_names(c, CO_FAST_LOCAL)
}

/// `co_cellvars` (`PyCode_GetCellvars`).
///
/// # Safety
/// `c` is a live code object.
pub unsafe fn cellvars(c: *mut PyCodeObject) -> PyResult<Ref> {
    localsplus_names(c, CO_FAST_CELL)
}

/// `co_freevars` (`PyCode_GetFreevars`).
///
/// # Safety
/// `c` is a live code object.
pub unsafe fn freevars(c: *mut PyCodeObject) -> PyResult<Ref> {
    localsplus_names(c, CO_FAST_FREE)
}

/// The instructions with their CACHE units zeroed, as compiled (`deopt_code`): what
/// `co_code` shows and code equality compares.
///
/// # Safety
/// `c` is a live code object.
pub unsafe fn deoptimized_units(c: *mut PyCodeObject) -> Vec<_Py_CODEUNIT> {
    let mut units: Vec<_Py_CODEUNIT> = code_units(c).to_vec();
    let mut i = 0;
    while i < units.len() {
        let opcode = (units[i] & 0xff) as i32;
        let caches = ferrython_compiler::codegen::opcode::cache_entries(opcode) as usize;
        for unit in units.iter_mut().skip(i + 1).take(caches) {
            *unit = 0;
        }
        i += 1 + caches;
    }
    units
}

/// `co_code` (`_PyCode_GetCode`): the instructions as bytes, cached on the object. Opcodes
/// are never rewritten here, but the eval loop keeps inline caches (LOAD_GLOBAL's) in the
/// CACHE units, which `co_code` shows zeroed as compiled (`deopt_code`).
///
/// # Safety
/// `c` is a live code object.
pub unsafe fn get_code(c: *mut PyCodeObject) -> PyResult<Ref> {
    if !(*c)._co_code.is_null() {
        return Ok(new_ref((*c)._co_code));
    }
    let units = deoptimized_units(c);
    let bytes = core::slice::from_raw_parts(units.as_ptr().cast::<u8>(), units.len() * 2);
    let r = bytesobject::from_slice(bytes)?;
    (*c)._co_code = r.clone().into_raw();
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// co_extra (PEP 523): per-code-object slots handed out by `_PyEval_RequestCodeExtraIndex`.

/// `_PyCodeObjectExtra`: a size and that many pointers.
#[repr(C)]
struct CodeExtra {
    ce_size: Py_ssize_t,
    ce_extras: [*mut c_void; 1],
}

/// `_PyCode_GetExtra`.
///
/// # Safety
/// `code` is live.
pub unsafe fn get_extra(code: *mut PyObject, index: Py_ssize_t) -> PyResult<*mut c_void> {
    if !is_code(code) {
        return Err(errors::bad_internal_call_at("Objects/codeobject.c", 1340));
    }
    let extra = (*co(code)).co_extra as *mut CodeExtra;
    if extra.is_null() || index < 0 || (*extra).ce_size <= index {
        return Ok(null_mut());
    }
    Ok(*(&raw mut (*extra).ce_extras).cast::<*mut c_void>().add(index as usize))
}

/// `_PyCode_SetExtra`: stores `value` in slot `index`, freeing the old value with the
/// slot's free function.
///
/// # Safety
/// `code` is live.
pub unsafe fn set_extra(code: *mut PyObject, index: Py_ssize_t, value: *mut c_void) -> PyResult<()> {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if !is_code(code) || interp.is_null() || index < 0 || index >= (*interp).co_extra_user_count {
        return Err(errors::bad_internal_call_at("Objects/codeobject.c", 1363));
    }
    let c = co(code);
    let mut extra = (*c).co_extra as *mut CodeExtra;
    let users = (*interp).co_extra_user_count;
    if extra.is_null() || (*extra).ce_size <= index {
        let old = if extra.is_null() { 0 } else { (*extra).ce_size };
        let size = core::mem::size_of::<CodeExtra>() + (users as usize - 1) * core::mem::size_of::<*mut c_void>();
        let grown = crate::mem::mem_realloc(extra.cast(), size) as *mut CodeExtra;
        if grown.is_null() {
            return Err(errors::no_memory());
        }
        extra = grown;
        let slots = (&raw mut (*extra).ce_extras).cast::<*mut c_void>();
        for i in old..users {
            *slots.add(i as usize) = null_mut();
        }
        (*extra).ce_size = users;
        (*c).co_extra = extra.cast();
    }
    let slot = (&raw mut (*extra).ce_extras).cast::<*mut c_void>().add(index as usize);
    if !(*slot).is_null() {
        if let Some(free) = (*interp).co_extra_freefuncs[index as usize] {
            free(*slot);
        }
    }
    *slot = value;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The type's slots.

unsafe extern "C" fn code_dealloc(op: *mut PyObject) {
    let c = co(op);
    if !(*c).co_extra.is_null() {
        let extra = (*c).co_extra as *mut CodeExtra;
        let interp = crate::lifecycle::pystate::current_interpreter();
        let slots = (&raw mut (*extra).ce_extras).cast::<*mut c_void>();
        for i in 0..(*extra).ce_size as usize {
            if !interp.is_null() && i < (*interp).co_extra_freefuncs.len() {
                if let Some(free) = (*interp).co_extra_freefuncs[i] {
                    free(*slots.add(i));
                }
            }
        }
        crate::mem::mem_free(extra.cast());
    }
    for f in [
        (*c).co_consts,
        (*c).co_names,
        (*c).co_localsplusnames,
        (*c).co_localspluskinds,
        (*c).co_filename,
        (*c).co_name,
        (*c).co_qualname,
        (*c).co_linetable,
        (*c).co_exceptiontable,
        (*c)._co_code,
    ] {
        object::xdecref(f);
    }
    if !(*c).co_weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    if !(*c)._co_linearray.is_null() {
        crate::mem::mem_free((*c)._co_linearray.cast());
    }
    crate::mem::obj_free(op.cast());
}

unsafe extern "C" fn code_repr(op: *mut PyObject) -> *mut PyObject {
    let c = co(op);
    let lineno = if (*c).co_firstlineno != 0 { (*c).co_firstlineno } else { -1 };
    let name = unicodeobject::to_string_lossy((*c).co_name);
    let text = if !(*c).co_filename.is_null() && unicodeobject::is_str((*c).co_filename) {
        format!(
            "<code object {name} at {op:p}, file \"{}\", line {lineno}>",
            unicodeobject::to_string_lossy((*c).co_filename)
        )
    } else {
        format!("<code object {name} at {op:p}, file ???, line {lineno}>")
    };
    errors::ptr_result(unicodeobject::new_str(&text))
}

/// `_PyCode_ConstantKey`: a key under which equal constants of different kinds (1 and 1.0
/// and True, 0.0 and -0.0) stay distinct.
///
/// # Safety
/// `op` is live.
pub unsafe fn constant_key(op: *mut PyObject) -> PyResult<Ref> {
    let tp = py_type(op);
    let type_obj = tp.cast::<PyObject>();
    if op == object::none()
        || op == crate::objects::sliceobject::ellipsis()
        || tp == &raw mut longobject::PyLong_Type
        || tp == &raw mut unicodeobject::PyUnicode_Type
        || is_code(op)
    {
        return Ok(new_ref(op));
    }
    if crate::objects::boolobject::is_bool(op) || tp == &raw mut bytesobject::PyBytes_Type {
        return tupleobject::pack(&[type_obj, op]);
    }
    if tp == &raw mut floatobject::PyFloat_Type {
        let d = floatobject::value(op);
        if d == 0.0 && d.is_sign_negative() {
            return tupleobject::pack(&[type_obj, op, object::none()]);
        }
        return tupleobject::pack(&[type_obj, op]);
    }
    if tp == &raw mut complexobject::PyComplex_Type {
        let z = complexobject::value(op);
        let real_neg = z.real == 0.0 && z.real.is_sign_negative();
        let imag_neg = z.imag == 0.0 && z.imag.is_sign_negative();
        let tag = match (real_neg, imag_neg) {
            (true, true) => Some(crate::objects::boolobject::py_true()),
            (false, true) => Some(crate::objects::boolobject::py_false()),
            (true, false) => Some(object::none()),
            _ => None,
        };
        return match tag {
            Some(t) => tupleobject::pack(&[type_obj, op, t]),
            None => tupleobject::pack(&[type_obj, op]),
        };
    }
    if tp == &raw mut tupleobject::PyTuple_Type {
        let n = tupleobject::len(op) as usize;
        let mut keys = Vec::with_capacity(n);
        for i in 0..n {
            keys.push(constant_key(*tupleobject::items(op).add(i))?);
        }
        let keys = tupleobject::from_refs(keys)?;
        return tupleobject::pack(&[keys.as_ptr(), op]);
    }
    if tp == &raw mut setobject::PyFrozenSet_Type {
        let mut keys = Vec::new();
        let mut pos = 0;
        while let Some((item, _)) = setobject::next_entry(op, &mut pos) {
            keys.push(constant_key(item)?);
        }
        let keys = tupleobject::from_refs(keys)?;
        let set = setobject::new_frozenset(keys.as_ptr())?;
        return tupleobject::pack(&[set.as_ptr(), op]);
    }
    let id = longobject::from_u64(op as usize as u64)?;
    tupleobject::pack(&[id.as_ptr(), op])
}

unsafe fn code_equal(a: *mut PyCodeObject, b: *mut PyCodeObject) -> PyResult<bool> {
    if !object::rich_compare_bool((*a).co_name, (*b).co_name, Py_EQ)? {
        return Ok(false);
    }
    if (*a).co_argcount != (*b).co_argcount
        || (*a).co_posonlyargcount != (*b).co_posonlyargcount
        || (*a).co_kwonlyargcount != (*b).co_kwonlyargcount
        || (*a).co_flags != (*b).co_flags
        || (*a).co_firstlineno != (*b).co_firstlineno
        || deoptimized_units(a) != deoptimized_units(b)
    {
        return Ok(false);
    }
    let k1 = constant_key((*a).co_consts)?;
    let k2 = constant_key((*b).co_consts)?;
    if !object::rich_compare_bool(k1.as_ptr(), k2.as_ptr(), Py_EQ)? {
        return Ok(false);
    }
    for (x, y) in [
        ((*a).co_names, (*b).co_names),
        ((*a).co_localsplusnames, (*b).co_localsplusnames),
        ((*a).co_linetable, (*b).co_linetable),
        ((*a).co_exceptiontable, (*b).co_exceptiontable),
    ] {
        if !object::rich_compare_bool(x, y, Py_EQ)? {
            return Ok(false);
        }
    }
    Ok(true)
}

unsafe extern "C" fn code_richcompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject {
    if (op != Py_EQ && op != Py_NE) || !is_code(a) || !is_code(b) {
        return new_ref(object::not_implemented()).into_raw();
    }
    match code_equal(co(a), co(b)) {
        Ok(eq) => object::new_bool(eq == (op == Py_EQ)).into_raw(),
        Err(_) => null_mut(),
    }
}

unsafe extern "C" fn code_hash(op: *mut PyObject) -> Py_hash_t {
    let c = co(op);
    let mut h: Py_hash_t = 0;
    for f in [
        (*c).co_name,
        (*c).co_consts,
        (*c).co_names,
        (*c).co_localsplusnames,
        (*c).co_linetable,
        (*c).co_exceptiontable,
    ] {
        match object::hash(f) {
            Ok(x) => h ^= x,
            Err(_) => return -1,
        }
    }
    h ^= ((*c).co_argcount ^ (*c).co_posonlyargcount ^ (*c).co_kwonlyargcount ^ (*c).co_flags) as Py_hash_t;
    if h == -1 {
        -2
    } else {
        h
    }
}

const fn member(name: &'static core::ffi::CStr, type_: c_int, offset: usize) -> PyMemberDef {
    PyMemberDef { name: name.as_ptr(), type_, offset: offset as Py_ssize_t, flags: READONLY, doc: core::ptr::null() }
}

use core::mem::offset_of;
static mut CODE_MEMBERS: [PyMemberDef; 15] = [
    member(c"co_argcount", T_INT, offset_of!(PyCodeObject, co_argcount)),
    member(c"co_posonlyargcount", T_INT, offset_of!(PyCodeObject, co_posonlyargcount)),
    member(c"co_kwonlyargcount", T_INT, offset_of!(PyCodeObject, co_kwonlyargcount)),
    member(c"co_stacksize", T_INT, offset_of!(PyCodeObject, co_stacksize)),
    member(c"co_flags", T_INT, offset_of!(PyCodeObject, co_flags)),
    member(c"co_nlocals", T_INT, offset_of!(PyCodeObject, co_nlocals)),
    member(c"co_consts", T_OBJECT, offset_of!(PyCodeObject, co_consts)),
    member(c"co_names", T_OBJECT, offset_of!(PyCodeObject, co_names)),
    member(c"co_filename", T_OBJECT, offset_of!(PyCodeObject, co_filename)),
    member(c"co_name", T_OBJECT, offset_of!(PyCodeObject, co_name)),
    member(c"co_qualname", T_OBJECT, offset_of!(PyCodeObject, co_qualname)),
    member(c"co_firstlineno", T_INT, offset_of!(PyCodeObject, co_firstlineno)),
    member(c"co_linetable", T_OBJECT, offset_of!(PyCodeObject, co_linetable)),
    member(c"co_exceptiontable", T_OBJECT, offset_of!(PyCodeObject, co_exceptiontable)),
    PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];

unsafe extern "C" fn get_lnotab(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(bytesobject::from_slice(&lnotab(co(op))))
}
unsafe extern "C" fn get_code_adaptive(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let units = code_units(co(op));
    errors::ptr_result(bytesobject::from_slice(core::slice::from_raw_parts(units.as_ptr().cast::<u8>(), units.len() * 2)))
}
unsafe extern "C" fn get_varnames(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(varnames(co(op)))
}
unsafe extern "C" fn get_cellvars(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(cellvars(co(op)))
}
unsafe extern "C" fn get_freevars(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(freevars(co(op)))
}
unsafe extern "C" fn get_co_code(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    errors::ptr_result(get_code(co(op)))
}

const fn getset(name: &'static core::ffi::CStr, get: unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject) -> PyGetSetDef {
    PyGetSetDef { name: name.as_ptr(), get: Some(get), set: None, doc: core::ptr::null(), closure: null_mut() }
}

static mut CODE_GETSETS: [PyGetSetDef; 7] = [
    getset(c"co_lnotab", get_lnotab),
    getset(c"_co_code_adaptive", get_code_adaptive),
    getset(c"co_varnames", get_varnames),
    getset(c"co_cellvars", get_cellvars),
    getset(c"co_freevars", get_freevars),
    getset(c"co_code", get_co_code),
    PyGetSetDef { name: core::ptr::null(), get: None, set: None, doc: core::ptr::null(), closure: null_mut() },
];

type VarKw = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

static mut CODE_METHODS: [PyMethodDef; 6] = [
    PyMethodDef { ml_name: c"__sizeof__".as_ptr(), ml_meth: Some(code_sizeof), ml_flags: METH_NOARGS, ml_doc: core::ptr::null() },
    PyMethodDef { ml_name: c"co_lines".as_ptr(), ml_meth: Some(code_lines), ml_flags: METH_NOARGS, ml_doc: core::ptr::null() },
    PyMethodDef { ml_name: c"co_positions".as_ptr(), ml_meth: Some(code_positions), ml_flags: METH_NOARGS, ml_doc: core::ptr::null() },
    PyMethodDef {
        ml_name: c"replace".as_ptr(),
        // SAFETY: METH_VARARGS | METH_KEYWORDS functions are called with three arguments.
        ml_meth: Some(unsafe { core::mem::transmute::<VarKw, Plain>(code_replace) }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"replace($self, /, *, co_argcount=-1, co_posonlyargcount=-1,\n        co_kwonlyargcount=-1, co_nlocals=-1, co_stacksize=-1,\n        co_flags=-1, co_firstlineno=-1, co_code=None, co_consts=None,\n        co_names=None, co_varnames=None, co_freevars=None,\n        co_cellvars=None, co_filename=None, co_name=None,\n        co_qualname=None, co_linetable=None, co_exceptiontable=None)\n--\n\nReturn a copy of the code object with new values for the specified fields.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"_varname_from_oparg".as_ptr(),
        // SAFETY: as above.
        ml_meth: Some(unsafe { core::mem::transmute::<VarKw, Plain>(code_varname_from_oparg) }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"_varname_from_oparg($self, /, oparg)\n--\n\n(internal-only) Return the local variable name for the given oparg.\n\nWARNING: this method is for internal use only and may change or go away.".as_ptr(),
    },
    PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
];

unsafe extern "C" fn code_sizeof(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let c = co(op);
    let mut size = object::var_size(&raw mut PyCode_Type, (*c).ob_base.ob_size).unwrap_or(0);
    let extra = (*c).co_extra as *mut CodeExtra;
    if !extra.is_null() {
        size += core::mem::size_of::<CodeExtra>() + ((*extra).ce_size as usize - 1) * core::mem::size_of::<*mut c_void>();
    }
    errors::ptr_result(longobject::from_usize(size))
}

/// `co_lines()` iterator state.
#[repr(C)]
pub struct LineIterator {
    ob_base: PyObject,
    code: *mut PyObject,
    start: i32,
    end: i32,
    line: i32,
    computed_line: i32,
    next: usize,
}

/// `co_positions()` iterator state.
#[repr(C)]
pub struct PositionsIterator {
    ob_base: PyObject,
    code: *mut PyObject,
    start: i32,
    end: i32,
    line: i32,
    computed_line: i32,
    next: usize,
    offset: i32,
    endline: i32,
    column: i32,
    endcolumn: i32,
}

unsafe fn ensure_ready(tp: *mut PyTypeObject) -> PyResult<()> {
    if (*tp).tp_flags & Py_TPFLAGS_READY == 0 {
        crate::objects::typeobject::ready(tp)?;
    }
    Ok(())
}

unsafe extern "C" fn code_lines(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        ensure_ready(&raw mut LineIterator_Type)?;
        let it = object::new_object(&raw mut LineIterator_Type)?.cast::<LineIterator>();
        let r = AddressRange::new(linetable(co(op)), (*co(op)).co_firstlineno);
        (*it).code = new_ref(op).into_raw();
        (*it).start = r.start;
        (*it).end = r.end;
        (*it).line = r.line;
        (*it).computed_line = r.computed_line;
        (*it).next = r.next;
        Ok(Ref::from_raw(it.cast()))
    })())
}

unsafe extern "C" fn lineiter_dealloc(op: *mut PyObject) {
    object::decref((*op.cast::<LineIterator>()).code);
    crate::mem::obj_free(op.cast());
}

unsafe extern "C" fn lineiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op.cast::<LineIterator>();
    let c = co((*it).code);
    let mut r = AddressRange {
        table: linetable(c),
        next: (*it).next,
        computed_line: (*it).computed_line,
        start: (*it).start,
        end: (*it).end,
        line: (*it).line,
    };
    if !r.next_range() {
        return null_mut();
    }
    (*it).next = r.next;
    (*it).computed_line = r.computed_line;
    (*it).start = r.start;
    (*it).end = r.end;
    (*it).line = r.line;
    errors::ptr_result((|| {
        let start = longobject::from_i64(r.start as i64)?;
        let end = longobject::from_i64(r.end as i64)?;
        let line = if r.line < 0 { object::new_none() } else { longobject::from_i64(r.line as i64)? };
        tupleobject::from_refs(vec![start, end, line])
    })())
}

unsafe extern "C" fn code_positions(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        ensure_ready(&raw mut PositionsIterator_Type)?;
        let it = object::new_object(&raw mut PositionsIterator_Type)?.cast::<PositionsIterator>();
        let r = AddressRange::new(linetable(co(op)), (*co(op)).co_firstlineno);
        (*it).code = new_ref(op).into_raw();
        (*it).start = r.start;
        (*it).end = r.end;
        (*it).line = r.line;
        (*it).computed_line = r.computed_line;
        (*it).next = r.next;
        (*it).offset = r.end;
        (*it).endline = 0;
        (*it).column = 0;
        (*it).endcolumn = 0;
        Ok(Ref::from_raw(it.cast()))
    })())
}

unsafe extern "C" fn positionsiter_dealloc(op: *mut PyObject) {
    object::decref((*op.cast::<PositionsIterator>()).code);
    crate::mem::obj_free(op.cast());
}

unsafe extern "C" fn positionsiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op.cast::<PositionsIterator>();
    let c = co((*it).code);
    if (*it).offset >= (*it).end {
        let mut r = AddressRange {
            table: linetable(c),
            next: (*it).next,
            computed_line: (*it).computed_line,
            start: (*it).start,
            end: (*it).end,
            line: (*it).line,
        };
        if r.at_end() {
            return null_mut();
        }
        let (endline, col, endcol) = r.advance_with_locations();
        (*it).next = r.next;
        (*it).computed_line = r.computed_line;
        (*it).start = r.start;
        (*it).end = r.end;
        (*it).line = r.line;
        (*it).endline = endline;
        (*it).column = col;
        (*it).endcolumn = endcol;
    }
    (*it).offset += 2;
    errors::ptr_result((|| {
        let conv = |v: i32| if v == -1 { Ok(object::new_none()) } else { longobject::from_i64(v as i64) };
        tupleobject::from_refs(vec![conv((*it).line)?, conv((*it).endline)?, conv((*it).column)?, conv((*it).endcolumn)?])
    })())
}

/// An `int` argument as clinic's `int` converter reads it (`_PyLong_AsInt` of `__index__`).
unsafe fn int_arg(fname: &str, o: *mut PyObject) -> PyResult<c_int> {
    if floatobject::is_float(o) {
        return Err(errors::type_error("'float' object cannot be interpreted as an integer"));
    }
    let _ = fname;
    crate::getargs::int_from_object(o)
}

unsafe fn check_subclass(fname: &str, pos: &str, expected: &str, tp: *mut PyTypeObject, o: *mut PyObject) -> PyResult<()> {
    if !crate::objects::typeobject::is_subtype(py_type(o), tp) {
        return Err(crate::getargs::bad_argument(fname, pos, expected, o));
    }
    Ok(())
}

/// `validate_and_copy_tuple`: a names tuple with exact strs (subclass instances copied).
unsafe fn validate_and_copy_tuple(t: *mut PyObject) -> PyResult<Ref> {
    let n = tupleobject::len(t) as usize;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let item = *tupleobject::items(t).add(i);
        if unicodeobject::is_exact_str(item) {
            out.push(new_ref(item));
        } else if !unicodeobject::is_str(item) {
            return Err(errors::type_error(&format!(
                "name tuples must contain only strings, not '{}'",
                object::type_name_trunc(py_type(item), 500)
            )));
        } else {
            out.push(unicodeobject::copy_exact(new_ref(item))?);
        }
    }
    tupleobject::from_refs(out)
}

/// `code.__new__` (types.CodeType): 16 to 18 positional arguments.
unsafe extern "C" fn code_new(tp: *mut PyTypeObject, args: *mut PyObject, kwds: *mut PyObject) -> *mut PyObject {
    let _ = tp;
    errors::ptr_result((|| {
        if !kwds.is_null() && crate::objects::dictobject::len(kwds) != 0 {
            crate::getargs::no_keywords("code", kwds)?;
        }
        let nargs = tupleobject::len(args) as usize;
        crate::getargs::check_positional(Some("code"), nargs, 16, 18)?;
        let a = core::slice::from_raw_parts(tupleobject::items(args), nargs);
        let mut ints = [0 as c_int; 6];
        for i in 0..6 {
            ints[i] = int_arg("code", a[i])?;
        }
        let [argcount, posonly, kwonly, nlocals, stacksize, flags] = ints;
        let bytes_t = &raw mut bytesobject::PyBytes_Type;
        let tuple_t = &raw mut tupleobject::PyTuple_Type;
        check_subclass("code", "argument 7", "bytes", bytes_t, a[6])?;
        check_subclass("code", "argument 8", "tuple", tuple_t, a[7])?;
        check_subclass("code", "argument 9", "tuple", tuple_t, a[8])?;
        check_subclass("code", "argument 10", "tuple", tuple_t, a[9])?;
        for (i, pos) in [(10, "argument 11"), (11, "argument 12"), (12, "argument 13")] {
            if !unicodeobject::is_str(a[i]) {
                return Err(crate::getargs::bad_argument("code", pos, "str", a[i]));
            }
        }
        let firstlineno = int_arg("code", a[13])?;
        check_subclass("code", "argument 15", "bytes", bytes_t, a[14])?;
        check_subclass("code", "argument 16", "bytes", bytes_t, a[15])?;
        if nargs > 16 {
            check_subclass("code", "argument 17", "tuple", tuple_t, a[16])?;
        }
        if nargs > 17 {
            check_subclass("code", "argument 18", "tuple", tuple_t, a[17])?;
        }
        let small = |v: c_int| longobject::from_i64(v as i64);
        let audit_args = [
            new_ref(a[6]),
            new_ref(a[10]),
            new_ref(a[11]),
            small(argcount)?,
            small(posonly)?,
            small(kwonly)?,
            small(nlocals)?,
            small(stacksize)?,
            small(flags)?,
        ];
        let raw: Vec<*mut PyObject> = audit_args.iter().map(|r| r.as_ptr()).collect();
        crate::modules::sysmodule::audit("code.__new__", &raw)?;
        for (v, what) in [(argcount, "argcount"), (posonly, "posonlyargcount"), (kwonly, "kwonlyargcount"), (nlocals, "nlocals")] {
            if v < 0 {
                return Err(errors::value_error(&format!("code: {what} must not be negative")));
            }
        }
        let names = validate_and_copy_tuple(a[8])?;
        let varnames = validate_and_copy_tuple(a[9])?;
        let freevars = if nargs > 16 { validate_and_copy_tuple(a[16])? } else { tupleobject::from_slice(&[])? };
        let cellvars = if nargs > 17 { validate_and_copy_tuple(a[17])? } else { tupleobject::from_slice(&[])? };
        new_with_posonly_args(
            argcount,
            posonly,
            kwonly,
            nlocals,
            stacksize,
            flags,
            a[6],
            a[7],
            names.as_ptr(),
            varnames.as_ptr(),
            freevars.as_ptr(),
            cellvars.as_ptr(),
            a[10],
            a[11],
            a[12],
            firstlineno,
            a[14],
            a[15],
        )
    })())
}

const REPLACE_PARAMS: [&str; 18] = [
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_stacksize",
    "co_flags",
    "co_firstlineno",
    "co_code",
    "co_consts",
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_linetable",
    "co_exceptiontable",
];

/// `code.replace(*, co_argcount=..., ...)`.
unsafe extern "C" fn code_replace(op: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let c = co(op);
        let mut given = [null_mut::<PyObject>(); 18];
        crate::getargs::unpack_keywords_tuple(args, kwargs, "replace", &REPLACE_PARAMS, 0, 0, &mut given)?;
        let mut ints = [
            (*c).co_argcount,
            (*c).co_posonlyargcount,
            (*c).co_kwonlyargcount,
            (*c).co_nlocals,
            (*c).co_stacksize,
            (*c).co_flags,
            (*c).co_firstlineno,
        ];
        for i in 0..7 {
            if !given[i].is_null() {
                ints[i] = int_arg("replace", given[i])?;
            }
        }
        let bytes_t = &raw mut bytesobject::PyBytes_Type;
        let tuple_t = &raw mut tupleobject::PyTuple_Type;
        let pick = |i: usize, default: *mut PyObject| if given[i].is_null() { default } else { given[i] };
        let arg_name = |i: usize| format!("argument '{}'", REPLACE_PARAMS[i]);
        for (i, tp, what) in [
            (7, bytes_t, "bytes"),
            (8, tuple_t, "tuple"),
            (9, tuple_t, "tuple"),
            (10, tuple_t, "tuple"),
            (11, tuple_t, "tuple"),
            (12, tuple_t, "tuple"),
            (16, bytes_t, "bytes"),
            (17, bytes_t, "bytes"),
        ] {
            if !given[i].is_null() {
                check_subclass("replace", &arg_name(i), what, tp, given[i])?;
            }
        }
        for i in 13..16 {
            if !given[i].is_null() && !unicodeobject::is_str(given[i]) {
                return Err(crate::getargs::bad_argument("replace", &arg_name(i), "str", given[i]));
            }
        }
        for (i, v) in ints.iter().enumerate() {
            if *v < 0 {
                return Err(errors::value_error(&format!("{} must be a positive integer", REPLACE_PARAMS[i])));
            }
        }
        let code = if given[7].is_null() { get_code(c)? } else { new_ref(given[7]) };
        let filename = pick(13, (*c).co_filename);
        let name = pick(14, (*c).co_name);
        let small = |v: c_int| longobject::from_i64(v as i64);
        let audit_args = [
            code.clone(),
            new_ref(filename),
            new_ref(name),
            small(ints[0])?,
            small(ints[1])?,
            small(ints[2])?,
            small(ints[3])?,
            small(ints[4])?,
            small(ints[5])?,
        ];
        let raw: Vec<*mut PyObject> = audit_args.iter().map(|r| r.as_ptr()).collect();
        crate::modules::sysmodule::audit("code.__new__", &raw)?;
        let varnames = if given[10].is_null() { varnames(c)? } else { new_ref(given[10]) };
        let freevars = if given[11].is_null() { freevars(c)? } else { new_ref(given[11]) };
        let cellvars = if given[12].is_null() { cellvars(c)? } else { new_ref(given[12]) };
        new_with_posonly_args(
            ints[0],
            ints[1],
            ints[2],
            ints[3],
            ints[4],
            ints[5],
            code.as_ptr(),
            pick(8, (*c).co_consts),
            pick(9, (*c).co_names),
            varnames.as_ptr(),
            freevars.as_ptr(),
            cellvars.as_ptr(),
            filename,
            name,
            pick(15, (*c).co_qualname),
            ints[6],
            pick(16, (*c).co_linetable),
            pick(17, (*c).co_exceptiontable),
        )
    })())
}

unsafe extern "C" fn code_varname_from_oparg(op: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut given = [null_mut::<PyObject>(); 1];
        crate::getargs::unpack_keywords_tuple(args, kwargs, "_varname_from_oparg", &["oparg"], 1, 1, &mut given)?;
        let oparg = int_arg("_varname_from_oparg", given[0])?;
        let names = (*co(op)).co_localsplusnames;
        Ok(new_ref(tupleobject::get_item(names, oparg as Py_ssize_t)?))
    })())
}


/// Reads a C string argument (for the C API's `PyCode_NewEmpty`).
///
/// # Safety
/// `p` is a NUL-terminated string.
pub unsafe fn c_bytes<'a>(p: *const c_char) -> &'a [u8] {
    core::ffi::CStr::from_ptr(p).to_bytes()
}

