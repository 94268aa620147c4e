//! The `marshal` module and the PyMarshal_* machinery (CPython's Python/marshal.c), over the
//! compiler crate's marshal format: runtime objects become its `Value`s (with CPython's
//! reference decisions taken from real reference counts and interned marks) to be written,
//! and read values become runtime objects through `codeobject::from_marshal`. Errors are
//! CPython's ("unmarshallable object", "bad marshal data (...)", EOFError "marshal data too
//! short", ...). File reading pulls exactly one object's bytes, as CPython does.

use crate::abi::*;
use crate::abi::methodobject::*;
use crate::abi::moduleobject::*;
use crate::abi::unicodeobject::PyASCIIObject;
use crate::errors::{self, PyResult};
use crate::objects::object::{self, py_type, Ref};
use crate::objects::{bytesobject, codeobject, complexobject, dictobject, floatobject, listobject, longobject, setobject, tupleobject, unicodeobject};
use core::ffi::c_int;
use ferrython_compiler::marshal::{self as fm, ContainerKind, MarshalError, Obj, ObjKind, RefFlag, Str, Value};
use std::collections::HashMap;
use std::sync::{Arc, Weak};

/// `Py_MARSHAL_VERSION`.
pub const VERSION: c_int = fm::VERSION;

/// Raises the Python exception for a marshal error.
fn raise(e: MarshalError) -> errors::ErrSet {
    use crate::objects::exceptions as exc;
    use fm::ErrorKind;
    // SAFETY: the exception classes are static type objects.
    unsafe {
        match e.kind {
            ErrorKind::EOFError => errors::set_string(exc::PyExc_EOFError, &e.message),
            ErrorKind::ValueError => errors::value_error(&e.message),
            ErrorKind::TypeError => errors::type_error(&e.message),
            ErrorKind::SystemError => errors::system_error(&e.message),
            ErrorKind::UnicodeDecodeError => match &e.unicode {
                Some(d) => match exc::decode_error_create(d.encoding, &d.object, d.start as Py_ssize_t, d.end as Py_ssize_t, d.reason) {
                    Ok(v) => errors::set_object(exc::PyExc_UnicodeDecodeError, v.as_ptr()),
                    Err(set) => set,
                },
                None => errors::set_string(exc::PyExc_UnicodeDecodeError, &e.message),
            },
        }
    }
}

/// `marshal.loads(bytes)` on a byte slice (extra bytes ignored).
///
/// # Safety
/// A thread state is current.
pub unsafe fn loads(bytes: &[u8]) -> PyResult<Ref> {
    if crate::modules::sysmodule::has_any_audit_hooks() {
        let data = bytesobject::from_slice(bytes)?;
        crate::modules::sysmodule::audit("marshal.loads", &[data.as_ptr()])?;
    }
    let v = fm::loads(bytes).map_err(raise)?;
    codeobject::from_marshal(&v)
}

/// `marshal.dumps(obj, version)` (`PyMarshal_WriteObjectToString`).
///
/// # Safety
/// `obj` is live; a thread state is current.
pub unsafe fn dumps(obj: *mut PyObject, version: c_int) -> PyResult<Ref> {
    let version_obj = longobject::from_i64(version as i64)?;
    crate::modules::sysmodule::audit("marshal.dumps", &[obj, version_obj.as_ptr()])?;
    let bytes = dump_bytes(obj, version)?;
    bytesobject::from_slice(&bytes)
}

/// The marshalled bytes of `obj` (no audit event).
///
/// # Safety
/// `obj` is live; a thread state is current.
pub unsafe fn dump_bytes(obj: *mut PyObject, version: c_int) -> PyResult<Vec<u8>> {
    let value = to_marshal(obj, version)?;
    fm::dumps(&value, version).map_err(raise)
}

/// Why an object could not become a value (CPython's `WFERR_*`, reported once at the end).
enum WriteError {
    Unmarshallable,
    TooDeep,
    Raised(errors::ErrSet),
    /// A reference back to a container still being converted: the conversion starts again
    /// with that container built so that references to it can be cycles.
    Restart,
}

/// What a container's value is built from once its children are converted.
enum Shape {
    Tuple,
    List,
    Dict,
    Set { frozen: bool },
    Code,
}

/// A container being converted: its children (in writing order) and their values so far.
struct Frame {
    op: *mut PyObject,
    shape: Shape,
    children: Vec<*mut PyObject>,
    values: Vec<Value>,
    depth: usize,
    flag: RefFlag,
    /// `co_code` of a code object, held while its frame lives.
    _keep: Option<Ref>,
}

struct Converter {
    version: c_int,
    /// Finished objects by address.
    done: HashMap<usize, Value>,
    /// Containers being converted; a cycle head has the weak handle of its value.
    in_progress: HashMap<usize, Option<(Weak<Obj>, ContainerKind)>>,
    /// Lists, dicts and sets that some object inside them refers back to.
    cycle_heads: std::collections::HashSet<usize>,
}

/// A runtime object as a marshal value: objects shared in the graph stay shared; each gets
/// FLAG_REF exactly when CPython's writer would give it one (`w_ref`: referenced more than
/// once, or an interned str). Nesting is walked with an explicit stack (any depth up to the
/// limit on any thread); only containers that contain themselves recurse.
///
/// # Safety
/// `obj` is live; a thread state is current.
pub unsafe fn to_marshal(obj: *mut PyObject, version: c_int) -> PyResult<Value> {
    let mut c = Converter { version, done: HashMap::new(), in_progress: HashMap::new(), cycle_heads: Default::default() };
    loop {
        c.done.clear();
        c.in_progress.clear();
        match c.convert(obj, 1) {
            Ok(v) => return Ok(v),
            Err(WriteError::Restart) => continue,
            Err(WriteError::Unmarshallable) => return Err(errors::value_error("unmarshallable object")),
            Err(WriteError::TooDeep) => return Err(errors::value_error("object too deeply nested to marshal")),
            Err(WriteError::Raised(e)) => return Err(e),
        }
    }
}

impl Converter {
    unsafe fn flag_of(op: *mut PyObject) -> RefFlag {
        if (*op).ob_refcnt > 1 || is_interned(op) {
            RefFlag::Flagged
        } else {
            RefFlag::Unflagged
        }
    }

    /// A singleton, an already converted object, a reference to a container in progress, or
    /// a scalar: its value; `None` for a container still to convert.
    unsafe fn leaf(&mut self, op: *mut PyObject) -> Result<Option<Value>, WriteError> {
        if op.is_null() {
            return Ok(Some(Value::Null));
        }
        if op == object::none() {
            return Ok(Some(Value::None));
        }
        if op == crate::objects::exceptions::PyExc_StopIteration {
            return Ok(Some(Value::StopIteration));
        }
        if op == crate::objects::sliceobject::ellipsis() {
            return Ok(Some(Value::Ellipsis));
        }
        if op == crate::objects::boolobject::py_false() {
            return Ok(Some(Value::False));
        }
        if op == crate::objects::boolobject::py_true() {
            return Ok(Some(Value::True));
        }
        let key = op as usize;
        if let Some(v) = self.done.get(&key) {
            return Ok(Some(v.clone()));
        }
        if let Some(state) = self.in_progress.get(&key) {
            if self.version < 3 {
                // Without references a self-containing container recurses until too deep.
                return Err(WriteError::TooDeep);
            }
            return match state {
                Some((weak, kind)) => Ok(Some(Value::cycle(weak.clone(), *kind))),
                None => {
                    let tp = py_type(op);
                    if tp == &raw mut listobject::PyList_Type
                        || tp == &raw mut dictobject::PyDict_Type
                        || tp == &raw mut setobject::PySet_Type
                    {
                        self.cycle_heads.insert(key);
                        Err(WriteError::Restart)
                    } else {
                        Err(WriteError::TooDeep)
                    }
                }
            };
        }
        let flag = Self::flag_of(op);
        let tp = py_type(op);
        let kind = if tp == &raw mut longobject::PyLong_Type {
            ObjKind::Int(int_to_marshal(op))
        } else if tp == &raw mut floatobject::PyFloat_Type {
            ObjKind::Float(floatobject::value(op))
        } else if tp == &raw mut complexobject::PyComplex_Type {
            let z = complexobject::value(op);
            ObjKind::Complex { real: z.real, imag: z.imag }
        } else if tp == &raw mut bytesobject::PyBytes_Type {
            ObjKind::Bytes(bytesobject::as_slice(op).to_vec())
        } else if tp == &raw mut unicodeobject::PyUnicode_Type {
            ObjKind::Str(str_to_marshal(op))
        } else if tp == &raw mut tupleobject::PyTuple_Type
            || tp == &raw mut listobject::PyList_Type
            || tp == &raw mut dictobject::PyDict_Type
            || tp == &raw mut setobject::PySet_Type
            || tp == &raw mut setobject::PyFrozenSet_Type
            || codeobject::is_code(op)
        {
            return Ok(None);
        } else if crate::objects::r#abstract::buffer::check(op) {
            use crate::objects::r#abstract::buffer as buf;
            let mut view: Py_buffer = core::mem::zeroed();
            buf::get_buffer(op, &mut view, buf::PyBUF_SIMPLE).map_err(WriteError::Raised)?;
            let data = if view.len > 0 {
                core::slice::from_raw_parts(view.buf as *const u8, view.len as usize).to_vec()
            } else {
                Vec::new()
            };
            buf::release(&mut view);
            ObjKind::Bytes(data)
        } else {
            return Err(WriteError::Unmarshallable);
        };
        let v = Value::new_obj(kind, flag);
        self.done.insert(key, v.clone());
        Ok(Some(v))
    }

    /// The frame that converts container `op`.
    unsafe fn frame(&mut self, op: *mut PyObject, depth: usize) -> Result<Frame, WriteError> {
        let tp = py_type(op);
        let flag = Self::flag_of(op);
        let mut keep = None;
        let (shape, children) = if tp == &raw mut tupleobject::PyTuple_Type {
            let n = tupleobject::len(op) as usize;
            (Shape::Tuple, (0..n).map(|i| *tupleobject::items(op).add(i)).collect())
        } else if tp == &raw mut listobject::PyList_Type {
            let n = listobject::len(op) as usize;
            (Shape::List, (0..n).map(|i| *listobject::items(op).add(i)).collect())
        } else if tp == &raw mut dictobject::PyDict_Type {
            let mut children = Vec::new();
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(op, &mut pos) {
                children.push(k);
                children.push(v);
            }
            (Shape::Dict, children)
        } else if tp == &raw mut setobject::PySet_Type || tp == &raw mut setobject::PyFrozenSet_Type {
            let mut children = Vec::new();
            let mut pos = 0;
            while let Some((item, _)) = setobject::next_entry(op, &mut pos) {
                children.push(item);
            }
            (Shape::Set { frozen: tp == &raw mut setobject::PyFrozenSet_Type }, children)
        } else {
            let c = codeobject::co(op);
            // `co_code` is cached on the code object and held here: flagged, as CPython's.
            let code = codeobject::get_code(c).map_err(WriteError::Raised)?;
            let children = vec![
                code.as_ptr(),
                (*c).co_consts,
                (*c).co_names,
                (*c).co_localsplusnames,
                (*c).co_localspluskinds,
                (*c).co_filename,
                (*c).co_name,
                (*c).co_qualname,
                (*c).co_linetable,
                (*c).co_exceptiontable,
            ];
            keep = Some(code);
            (Shape::Code, children)
        };
        self.in_progress.insert(op as usize, None);
        Ok(Frame { op, shape, values: Vec::with_capacity(children.len()), children, depth, flag, _keep: keep })
    }

    /// The value of a finished frame.
    unsafe fn finish(frame: Frame) -> Value {
        let Frame { op, shape, values, flag, .. } = frame;
        let kind = match shape {
            Shape::Tuple => ObjKind::Tuple(values),
            Shape::List => ObjKind::List(values),
            Shape::Dict => ObjKind::Dict(values.chunks(2).map(|kv| (kv[0].clone(), kv[1].clone())).collect()),
            Shape::Set { frozen } => {
                if frozen {
                    ObjKind::FrozenSet(values)
                } else {
                    ObjKind::Set(values)
                }
            }
            Shape::Code => {
                let c = codeobject::co(op);
                let mut v = values.into_iter();
                let mut next = || v.next().unwrap_or(Value::None);
                ObjKind::Code(Box::new(fm::Code {
                    argcount: (*c).co_argcount,
                    posonlyargcount: (*c).co_posonlyargcount,
                    kwonlyargcount: (*c).co_kwonlyargcount,
                    stacksize: (*c).co_stacksize,
                    flags: (*c).co_flags,
                    code: next(),
                    consts: next(),
                    names: next(),
                    localsplusnames: next(),
                    localspluskinds: next(),
                    filename: next(),
                    name: next(),
                    qualname: next(),
                    firstlineno: (*c).co_firstlineno,
                    linetable: next(),
                    exceptiontable: next(),
                }))
            }
        };
        Value::new_obj(kind, flag)
    }

    /// Converts `op` (at nesting `depth`, 1 for the root).
    unsafe fn convert(&mut self, op: *mut PyObject, depth: usize) -> Result<Value, WriteError> {
        if depth > fm::MAX_DEPTH {
            return Err(WriteError::TooDeep);
        }
        if let Some(v) = self.leaf(op)? {
            return Ok(v);
        }
        if self.cycle_heads.contains(&(op as usize)) {
            return self.convert_cycle_head(op, depth);
        }
        let mut stack = vec![self.frame(op, depth)?];
        loop {
            let top = stack.last_mut().expect("a frame");
            if top.values.len() < top.children.len() {
                let child = top.children[top.values.len()];
                let child_depth = top.depth + 1;
                let in_set = matches!(top.shape, Shape::Set { .. });
                if child_depth > fm::MAX_DEPTH {
                    return Err(WriteError::TooDeep);
                }
                let value = match self.leaf(child)? {
                    Some(v) => Some(v),
                    None if self.cycle_heads.contains(&(child as usize)) => Some(self.convert_cycle_head(child, child_depth)?),
                    None => None,
                };
                match value {
                    Some(v) => {
                        let v = if in_set { self.flagged(child, v) } else { v };
                        stack.last_mut().expect("a frame").values.push(v);
                    }
                    None => {
                        let f = self.frame(child, child_depth)?;
                        stack.push(f);
                    }
                }
                continue;
            }
            let frame = stack.pop().expect("a frame");
            let op = frame.op;
            self.in_progress.remove(&(op as usize));
            let v = Self::finish(frame);
            self.done.insert(op as usize, v.clone());
            match stack.last_mut() {
                None => return Ok(v),
                Some(parent) => {
                    let v = if matches!(parent.shape, Shape::Set { .. }) { self.flagged(op, v) } else { v };
                    parent.values.push(v);
                }
            }
        }
    }

    /// A list, dict or set that contains itself: built with `Arc::new_cyclic` so references
    /// to it from inside become cycles.
    unsafe fn convert_cycle_head(&mut self, op: *mut PyObject, depth: usize) -> Result<Value, WriteError> {
        let tp = py_type(op);
        let kind = if tp == &raw mut listobject::PyList_Type {
            ContainerKind::List
        } else if tp == &raw mut dictobject::PyDict_Type {
            ContainerKind::Dict
        } else {
            ContainerKind::Set
        };
        let key = op as usize;
        let mut frame = self.frame(op, depth)?;
        let mut failure = None;
        let arc = Arc::new_cyclic(|weak: &Weak<Obj>| {
            self.in_progress.insert(key, Some((weak.clone(), kind)));
            for i in 0..frame.children.len() {
                let child = frame.children[i];
                match self.convert(child, depth + 1) {
                    Ok(v) => {
                        let v = if matches!(frame.shape, Shape::Set { .. }) { self.flagged(child, v) } else { v };
                        frame.values.push(v);
                    }
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            self.in_progress.remove(&key);
            match &failure {
                None => match Self::finish(frame) {
                    Value::Obj(done) => Arc::try_unwrap(done).unwrap_or_else(|shared| Obj::new(clone_kind(shared.kind()), shared.ref_flag())),
                    _ => Obj::new(ObjKind::List(Vec::new()), RefFlag::Unflagged),
                },
                Some(_) => Obj::new(ObjKind::List(Vec::new()), RefFlag::Unflagged),
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        let v = Value::Obj(arc);
        self.done.insert(key, v.clone());
        Ok(v)
    }

    /// A set element's value with FLAG_REF: CPython holds each element in its sort list
    /// while writing it. The flagged copy shares the element's children.
    fn flagged(&mut self, op: *mut PyObject, v: Value) -> Value {
        if let Value::Obj(arc) = &v {
            if arc.ref_flag() == RefFlag::Unflagged {
                let copy = Value::new_obj(clone_kind(arc.kind()), RefFlag::Flagged);
                self.done.insert(op as usize, copy.clone());
                return copy;
            }
        }
        v
    }
}

/// A shallow copy of an object's contents (children stay the same values).
fn clone_kind(kind: &ObjKind) -> ObjKind {
    match kind {
        ObjKind::Int(i) => ObjKind::Int(i.clone()),
        ObjKind::Float(f) => ObjKind::Float(*f),
        ObjKind::Complex { real, imag } => ObjKind::Complex { real: *real, imag: *imag },
        ObjKind::Bytes(b) => ObjKind::Bytes(b.clone()),
        ObjKind::Str(s) => ObjKind::Str(s.clone()),
        ObjKind::Tuple(v) => ObjKind::Tuple(v.clone()),
        ObjKind::List(v) => ObjKind::List(v.clone()),
        ObjKind::Dict(v) => ObjKind::Dict(v.clone()),
        ObjKind::Set(v) => ObjKind::Set(v.clone()),
        ObjKind::FrozenSet(v) => ObjKind::FrozenSet(v.clone()),
        ObjKind::Code(c) => ObjKind::Code(Box::new(fm::Code {
            argcount: c.argcount,
            posonlyargcount: c.posonlyargcount,
            kwonlyargcount: c.kwonlyargcount,
            stacksize: c.stacksize,
            flags: c.flags,
            code: c.code.clone(),
            consts: c.consts.clone(),
            names: c.names.clone(),
            localsplusnames: c.localsplusnames.clone(),
            localspluskinds: c.localspluskinds.clone(),
            filename: c.filename.clone(),
            name: c.name.clone(),
            qualname: c.qualname.clone(),
            firstlineno: c.firstlineno,
            linetable: c.linetable.clone(),
            exceptiontable: c.exceptiontable.clone(),
        })),
    }
}

/// Whether `op` is an interned exact str (`PyUnicode_CHECK_INTERNED`).
unsafe fn is_interned(op: *mut PyObject) -> bool {
    unicodeobject::is_exact_str(op) && (*(op as *mut PyASCIIObject)).interned() != 0
}

/// A runtime int as the compiler crate's `Int`.
///
/// # Safety
/// `op` is a live int.
pub unsafe fn int_to_marshal(op: *mut PyObject) -> fm::Int {
    if let Some(v) = longobject::as_i128_opt(op) {
        if let Ok(small) = i64::try_from(v) {
            return fm::Int::from(small);
        }
        return fm::Int::from(v);
    }
    let d30 = longobject::digits(op);
    let mut d15 = Vec::with_capacity(d30.len() * 2);
    for &d in d30 {
        d15.push((d & 0x7fff) as u16);
        d15.push((d >> 15) as u16);
    }
    fm::Int::from_digits15(longobject::is_negative(op), &d15).unwrap_or_else(fm::Int::zero)
}

/// A runtime str as the compiler crate's `Str` (interned mark kept).
///
/// # Safety
/// `op` is a live str.
pub unsafe fn str_to_marshal(op: *mut PyObject) -> Str {
    let interned = is_interned(op);
    let (data, kind) = unicodeobject::data_and_kind(op);
    let n = unicodeobject::length(op) as usize;
    if (*(op as *mut PyASCIIObject)).ascii() {
        let bytes = core::slice::from_raw_parts(data as *const u8, n);
        // SAFETY of from_utf8_unchecked not needed: ASCII is valid UTF-8.
        return Str::new(core::str::from_utf8(bytes).unwrap_or("")).with_interned(interned);
    }
    let points: Vec<u32> = (0..n).map(|i| unicodeobject::read_char(data, kind, i)).collect();
    Str::from_code_points(&points).unwrap_or_else(|| Str::new("")).with_interned(interned)
}

// ---------------------------------------------------------------------------------------------
// Reading one object from a stream: the length of the next object is found by scanning its
// type codes, pulling bytes on demand, so exactly its bytes are consumed.

/// A source of bytes for [`read_one`]: `pull(n)` returns exactly `n` bytes or raises.
pub trait ByteSource {
    /// # Safety
    /// A thread state is current.
    unsafe fn pull(&mut self, n: usize) -> PyResult<Vec<u8>>;
}

/// Reads the bytes of one marshalled object from `src` and loads it (CPython's
/// `read_object` on a file).
///
/// # Safety
/// A thread state is current.
pub unsafe fn read_one(src: &mut dyn ByteSource) -> PyResult<Ref> {
    crate::modules::sysmodule::audit("marshal.load", &[])?;
    let mut buf = Vec::new();
    scan_steps(src, &mut buf, vec![Step::Object])?;
    let v = fm::loads(&buf).map_err(raise)?;
    codeobject::from_marshal(&v)
}

fn le_i32(b: &[u8]) -> i64 {
    i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64
}

enum Step {
    Object,
    DictEntries,
    Raw(usize),
}

/// The general scanner: `pending` is a stack of what still has to be read.
unsafe fn scan_steps(src: &mut dyn ByteSource, buf: &mut Vec<u8>, mut pending: Vec<Step>) -> PyResult<()> {
    use fm::type_code as t;
    let take = |src: &mut dyn ByteSource, buf: &mut Vec<u8>, n: usize| -> PyResult<usize> {
        let start = buf.len();
        buf.extend_from_slice(&src.pull(n)?);
        Ok(start)
    };
    while let Some(step) = pending.pop() {
        let dict = match step {
            Step::Raw(n) => {
                take(src, buf, n)?;
                continue;
            }
            Step::Object => false,
            Step::DictEntries => true,
        };
        let at = match take(src, buf, 1) {
            Ok(at) => at,
            Err(e) => {
                if errors::exception_matches(crate::objects::exceptions::PyExc_EOFError) {
                    errors::clear();
                    return Err(errors::set_string(crate::objects::exceptions::PyExc_EOFError, "EOF read where object expected"));
                }
                return Err(e);
            }
        };
        let ty = buf[at] & !t::FLAG_REF;
        if dict {
            if ty == t::NULL {
                continue;
            }
            pending.push(Step::DictEntries);
            pending.push(Step::Object);
        }
        match ty {
            t::NULL | t::NONE | t::FALSE | t::TRUE | t::STOPITER | t::ELLIPSIS => {}
            t::INT | t::REF => {
                take(src, buf, 4)?;
            }
            t::INT64 | t::BINARY_FLOAT => {
                take(src, buf, 8)?;
            }
            t::BINARY_COMPLEX => {
                take(src, buf, 16)?;
            }
            t::FLOAT | t::SHORT_ASCII | t::SHORT_ASCII_INTERNED => {
                let at = take(src, buf, 1)?;
                let n = buf[at] as usize;
                take(src, buf, n)?;
            }
            t::COMPLEX => {
                for _ in 0..2 {
                    let at = take(src, buf, 1)?;
                    let n = buf[at] as usize;
                    take(src, buf, n)?;
                }
            }
            t::LONG => {
                let at = take(src, buf, 4)?;
                let n = le_i32(&buf[at..]).unsigned_abs() as usize;
                if n > 0x7fff_ffff / 2 {
                    return Ok(());
                }
                take(src, buf, 2 * n)?;
            }
            t::STRING | t::INTERNED | t::UNICODE | t::ASCII | t::ASCII_INTERNED => {
                let at = take(src, buf, 4)?;
                let n = le_i32(&buf[at..]);
                if n < 0 {
                    return Ok(());
                }
                take(src, buf, n as usize)?;
            }
            t::SMALL_TUPLE => {
                let at = take(src, buf, 1)?;
                for _ in 0..buf[at] {
                    pending.push(Step::Object);
                }
            }
            t::TUPLE | t::LIST | t::SET | t::FROZENSET => {
                let at = take(src, buf, 4)?;
                let n = le_i32(&buf[at..]);
                if n < 0 {
                    return Ok(());
                }
                for _ in 0..n {
                    pending.push(Step::Object);
                }
            }
            t::DICT => pending.push(Step::DictEntries),
            t::CODE => {
                take(src, buf, 20)?;
                // In reading order: 8 objects, a raw long, 2 objects (pushed reversed).
                pending.push(Step::Object);
                pending.push(Step::Object);
                pending.push(Step::Raw(4));
                for _ in 0..8 {
                    pending.push(Step::Object);
                }
            }
            // Unknown codes: the reader reports them.
            _ => return Ok(()),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The module.

/// `file.readinto(memoryview)` as the byte source of `marshal.load`.
struct ReadableSource {
    file: *mut PyObject,
}

impl ByteSource for ReadableSource {
    unsafe fn pull(&mut self, n: usize) -> PyResult<Vec<u8>> {
        let buf = crate::objects::bytearrayobject::from_slice(&vec![0u8; n])?;
        let view = crate::objects::memoryobject::from_object(buf.as_ptr())?;
        let res = crate::objects::call::call_method_str(self.file, "readinto", &[view.as_ptr()])?;
        let read = crate::objects::r#abstract::number::as_ssize_t(res.as_ptr(), crate::objects::exceptions::PyExc_ValueError)?;
        if read as usize != n || read < 0 {
            if read > n as isize {
                return Err(errors::value_error(&format!(
                    "read() returned too much data: {n} bytes requested, {read} returned"
                )));
            }
            return Err(errors::set_string(crate::objects::exceptions::PyExc_EOFError, "EOF read where not expected"));
        }
        drop(view);
        Ok(crate::objects::bytearrayobject::as_slice(buf.as_ptr()).to_vec())
    }
}

/// A C `FILE*` as a byte source (`fread`).
pub struct FileSource(pub *mut libc::FILE);

impl ByteSource for FileSource {
    unsafe fn pull(&mut self, n: usize) -> PyResult<Vec<u8>> {
        let mut buf = vec![0u8; n];
        let read = if n == 0 { 0 } else { libc::fread(buf.as_mut_ptr().cast(), 1, n, self.0) };
        if read != n {
            return Err(errors::set_string(crate::objects::exceptions::PyExc_EOFError, "EOF read where not expected"));
        }
        Ok(buf)
    }
}

/// The `version` argument: clinic's `int` converter.
unsafe fn version_arg(o: *mut PyObject) -> PyResult<c_int> {
    crate::getargs::int_from_object(o)
}

unsafe extern "C" fn marshal_dump(_m: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = crate::getargs::unpack_stack(args, nargs as usize, Some("dump"), 2, 3)?;
        let version = if a.len() > 2 { version_arg(a[2])? } else { VERSION };
        let s = dumps(a[0], version)?;
        crate::objects::call::call_method(a[1], crate::_Py_ID!(write), &[s.as_ptr()])
    })())
}

unsafe extern "C" fn marshal_load(_m: *mut PyObject, file: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let zero = longobject::from_i64(0)?;
        let data = crate::objects::call::call_method(file, crate::_Py_ID!(read), &[zero.as_ptr()])?;
        if !bytesobject::is_bytes(data.as_ptr()) {
            return Err(errors::type_error(&format!(
                "file.read() returned not bytes but {}",
                object::type_name_trunc(py_type(data.as_ptr()), 100)
            )));
        }
        read_one(&mut ReadableSource { file })
    })())
}

unsafe extern "C" fn marshal_dumps(_m: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    errors::ptr_result((|| {
        let a = crate::getargs::unpack_stack(args, nargs as usize, Some("dumps"), 1, 2)?;
        let version = if a.len() > 1 { version_arg(a[1])? } else { VERSION };
        dumps(a[0], version)
    })())
}

unsafe extern "C" fn marshal_loads(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    use crate::objects::r#abstract::buffer as buf;
    errors::ptr_result((|| {
        let mut view: Py_buffer = core::mem::zeroed();
        buf::get_buffer(arg, &mut view, buf::PyBUF_SIMPLE)?;
        let data = if view.len > 0 {
            core::slice::from_raw_parts(view.buf as *const u8, view.len as usize)
        } else {
            &[]
        };
        let r = loads(data);
        buf::release(&mut view);
        r
    })())
}

type Fast = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type Plain = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

static mut MARSHAL_METHODS: [PyMethodDef; 5] = [
    PyMethodDef {
        ml_name: c"dump".as_ptr(),
        // SAFETY: METH_FASTCALL functions are called with the fast signature.
        ml_meth: Some(unsafe { core::mem::transmute::<Fast, Plain>(marshal_dump) }),
        ml_flags: METH_FASTCALL,
        ml_doc: c"dump($module, value, file, version=version, /)\n--\n\nWrite the value on the open file.\n\n  value\n    Must be a supported type.\n  file\n    Must be a writeable binary file.\n  version\n    Indicates the data format that dump should use.\n\nIf the value has (or contains an object that has) an unsupported type, a\nValueError exception is raised - but garbage data will also be written\nto the file. The object will not be properly read back by load().".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"load".as_ptr(),
        ml_meth: Some(marshal_load),
        ml_flags: METH_O,
        ml_doc: c"load($module, file, /)\n--\n\nRead one value from the open file and return it.\n\n  file\n    Must be readable binary file.\n\nIf no valid value is read (e.g. because the data has a different Python\nversion's incompatible marshal format), raise EOFError, ValueError or\nTypeError.\n\nNote: If an object containing an unsupported type was marshalled with\ndump(), load() will substitute None for the unmarshallable type.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"dumps".as_ptr(),
        // SAFETY: as above.
        ml_meth: Some(unsafe { core::mem::transmute::<Fast, Plain>(marshal_dumps) }),
        ml_flags: METH_FASTCALL,
        ml_doc: c"dumps($module, value, version=version, /)\n--\n\nReturn the bytes object that would be written to a file by dump(value, file).\n\n  value\n    Must be a supported type.\n  version\n    Indicates the data format that dumps should use.\n\nRaise a ValueError exception if value has (or contains an object that has) an\nunsupported type.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"loads".as_ptr(),
        ml_meth: Some(marshal_loads),
        ml_flags: METH_O,
        ml_doc: c"loads($module, bytes, /)\n--\n\nConvert the bytes-like object to a value.\n\nIf no valid value is found, raise EOFError, ValueError or TypeError.  Extra\nbytes in the input are ignored.".as_ptr(),
    },
    PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
];

unsafe extern "C" fn marshal_exec(m: *mut PyObject) -> c_int {
    errors::int_result(crate::modsupport::add_int_constant(m, "version", VERSION as core::ffi::c_long))
}

static mut MARSHAL_SLOTS: [PyModuleDef_Slot; 2] = [
    PyModuleDef_Slot { slot: Py_mod_exec, value: marshal_exec as *mut core::ffi::c_void },
    PyModuleDef_Slot { slot: 0, value: core::ptr::null_mut() },
];

static mut MARSHAL_DEF: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_Base::HEAD_INIT,
    m_name: c"marshal".as_ptr(),
    m_doc: c"This module contains functions that can read and write Python values in\na binary format. The format is specific to Python, but independent of\nmachine architecture issues.\n\nNot all Python object types are supported; in general, only objects\nwhose value is independent from a particular invocation of Python can be\nwritten and read by this module. The following types are supported:\nNone, integers, floating point numbers, strings, bytes, bytearrays,\ntuples, lists, sets, dictionaries, and code objects, where it\nshould be understood that tuples, lists and dictionaries are only\nsupported as long as the values contained therein are themselves\nsupported; and recursive lists and dictionaries should not be written\n(they will cause infinite loops).\n\nVariables:\n\nversion -- indicates the format that the module uses. Version 0 is the\n    historical format, version 1 shares interned strings and version 2\n    uses a binary format for floating point numbers.\n    Version 3 shares common object references (New in version 3.4).\n\nFunctions:\n\ndump() -- write value to a file\nload() -- read value from a file\ndumps() -- marshal value as a bytes object\nloads() -- read value from a bytes-like object".as_ptr(),
    m_size: 0,
    m_methods: (&raw mut MARSHAL_METHODS).cast(),
    m_slots: (&raw mut MARSHAL_SLOTS).cast(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// `PyMarshal_Init` (the `marshal` module's `PyInit_*`): multi-phase initialization.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    crate::objects::moduleobject::def_init(&raw mut MARSHAL_DEF)
}
