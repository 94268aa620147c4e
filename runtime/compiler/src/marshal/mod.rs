//! The marshal format of CPython 3.11 (versions 0 to 4): the format of .pyc files and of
//! the `marshal` module.
//!
//! It owns the plain-Rust value model of what marshal carries ([`Value`], [`Obj`],
//! [`Code`], [`Str`], [`Int`]), the reader [`loads`] (CPython's checks, quirks and error
//! messages, as `marshal.loads` on 3.11.7 raises them) and the writer [`dumps`]
//! (byte-identical to `marshal.dumps`).
//!
//! # References (FLAG_REF and TYPE_REF)
//!
//! From version 3 CPython writes an object with FLAG_REF (0x80 on its type code) when it
//! might be met again, and later meetings of the same object as TYPE_REF plus the index of
//! that flagged object. Its rule (`w_ref`) is: flag when the object's reference count is
//! above 1 or it is an interned str; look it up by identity. The decision thus depends on
//! who else holds the object, which a value model cannot see, so each [`Obj`] carries a
//! [`RefFlag`]:
//!
//! - [`RefFlag::Flagged`] / [`RefFlag::Unflagged`]: decided already. [`loads`] records what
//!   the stream said, so `dumps(loads(x))` reproduces `x` byte for byte (CPython's own
//!   `marshal.dumps(marshal.loads(x))` may differ: its loaded objects have fresh counts).
//!   The runtime, turning its objects into values, sets these from real reference counts.
//! - [`RefFlag::Auto`] (what constructors give): the writer mirrors CPython 3.11 for a value
//!   graph built the way CPython's compiler builds code objects ([`RefFlag::AutoNotCached`]
//!   for the rare object CPython makes afresh where it usually takes a cached one):
//!   - objects CPython caches are flagged and are one object per value: ints -5..=256,
//!     empty and 1-byte bytes, the empty str and 1-character Latin-1 strs, the empty
//!     tuple; interned strs likewise (one object per text);
//!   - in a code object: `co_code` is always flagged and never shared (CPython builds it
//!     afresh and caches it on the code object); `co_localspluskinds` is fresh, flagged
//!     only when empty; `co_linetable`/`co_exceptiontable` of one byte are not the cached
//!     1-byte bytes; `co_name`/`co_qualname` equal to `"<module>"`, `"<lambda>"`,
//!     `"<genexpr>"`, `"<listcomp>"`, `"<setcomp>"` or `"<dictcomp>"` are the compiler's
//!     static strs (flagged, one object per text);
//!   - `co_filename` is flagged and one object per text (the caller holds it too);
//!   - elements of a set or frozenset are flagged (CPython holds them in its sort list
//!     while writing them), but sorted by their standalone form with their own flags;
//!   - any other object is flagged when the graph holds more than one reference to it
//!     (shared [`std::sync::Arc`]s; [`dumps`] counts one more for the root, held by
//!     the caller, and [`dumps_for_pyc`] two, as `py_compile` holds the code object).
//!
//!   So a compiler producing byte-identical .pyc files shares objects exactly where
//!   CPython's compiler merges constants (`merge_consts_recursive`, `merge_const_one`:
//!   equal constants, names/consts/localsplusnames tuples, line and exception tables across
//!   the module's code objects; name and qualname when equal) and marks interned strs
//!   (identifiers, names, name-like constants) as interned.
//!
//! Where Auto can differ from CPython: objects CPython keeps alive elsewhere (caches, a
//! str interned by other code: a 1-character str is interned process-wide once anything
//! interns it), 1-character strs and 1-byte bytes made without the cache (AutoNotCached),
//! and the refcounts of values that are not compiler output (`str(5)` is not the cached
//! '5'; a global holds its object). Such objects need an explicit flag.
//!
//! # Other documented differences from CPython
//!
//! - A loaded value is kept as read: sets keep their element order (CPython re-sorts them
//!   on writing, with flags from its reference counts; a stream it wrote is already in
//!   that order), `co_code` keeps its bytes (CPython hands out and re-dumps a copy with
//!   specializations undone), and name-like strs of a code object stay as marked
//!   (CPython interns them when it builds the code object).
//! - A tuple that contains itself (only crafted data can make one) is hashed and compared
//!   by identity; CPython recurses without bound, and crashes outright on a code object
//!   whose constants are such a tuple. Equality and hashing of dict keys and set elements
//!   stop recursing below depth 1000 and after 2**20 steps (identity beyond); code objects
//!   compare bytecode byte for byte (CPython first undoes specializations).
//! - Nested sets are not dumped exponentially often when sorting (CPython does).
//! - `dumps` returns an error where `marshal.dumps` raises (too deep, unmarshallable).
//! - Reading, writing and hashing recurse; every 200 levels they continue
//!   on a fresh thread, so the depth limit holds whatever the caller's stack size.

mod error;
mod pyeq;
mod read;
mod text;
mod value;
mod write;

pub use error::{ErrorKind, MarshalError, UnicodeDecodeDetail};
pub use crate::int::Int;
pub use read::{loads, loads_prefix};
pub use value::{Code, ContainerKind, CycleRef, Obj, ObjKind, RefFlag, Str, Value};
pub use write::{dumps, dumps_for_pyc};

use std::collections::HashMap;
use std::sync::Arc;

/// The current format version (`marshal.version`).
pub const VERSION: i32 = 4;

/// Nesting limit of reading and writing (`MAX_MARSHAL_STACK_DEPTH` on Linux).
pub const MAX_DEPTH: usize = 2000;

/// The type codes of the format (the low 7 bits of a value's first byte).
pub mod type_code {
    pub const NULL: u8 = b'0';
    pub const NONE: u8 = b'N';
    pub const FALSE: u8 = b'F';
    pub const TRUE: u8 = b'T';
    pub const STOPITER: u8 = b'S';
    pub const ELLIPSIS: u8 = b'.';
    pub const INT: u8 = b'i';
    /// Read only: a 64-bit int from old writers.
    pub const INT64: u8 = b'I';
    /// Text float (versions 0 and 1).
    pub const FLOAT: u8 = b'f';
    pub const BINARY_FLOAT: u8 = b'g';
    pub const COMPLEX: u8 = b'x';
    pub const BINARY_COMPLEX: u8 = b'y';
    pub const LONG: u8 = b'l';
    /// bytes.
    pub const STRING: u8 = b's';
    pub const INTERNED: u8 = b't';
    pub const REF: u8 = b'r';
    pub const TUPLE: u8 = b'(';
    pub const LIST: u8 = b'[';
    pub const DICT: u8 = b'{';
    pub const CODE: u8 = b'c';
    pub const UNICODE: u8 = b'u';
    pub const UNKNOWN: u8 = b'?';
    pub const SET: u8 = b'<';
    pub const FROZENSET: u8 = b'>';
    pub const ASCII: u8 = b'a';
    pub const ASCII_INTERNED: u8 = b'A';
    pub const SMALL_TUPLE: u8 = b')';
    pub const SHORT_ASCII: u8 = b'z';
    pub const SHORT_ASCII_INTERNED: u8 = b'Z';
    /// Added to a type code: the object joins the reference table.
    pub const FLAG_REF: u8 = 0x80;
}

/// Nesting levels one thread's stack takes: the recursive reader, writer and copier move
/// to a fresh thread (with [`FRESH_STACK_BYTES`] of stack) every this many levels, so the
/// full depth limit never depends on the caller's stack size.
pub(crate) const LEVELS_PER_STACK: usize = 200;
const FRESH_STACK_BYTES: usize = 4 << 20;

/// Runs `f` at nesting `depth`: on this thread, or on a fresh one at every
/// [`LEVELS_PER_STACK`]-th level (if a thread cannot be made, on this one).
pub(crate) fn at_depth<R: Send>(depth: usize, f: impl FnOnce() -> R + Send) -> R {
    if depth == 0 || !depth.is_multiple_of(LEVELS_PER_STACK) {
        return f();
    }
    // The job sits where both threads can reach it: the new thread takes it, and if no
    // thread can be made it is taken back and run here.
    let job = std::sync::Mutex::new(Some(f));
    let take = || {
        job.lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    };
    let on_fresh_thread = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("marshal-deep".into())
            .stack_size(FRESH_STACK_BYTES)
            .spawn_scoped(scope, || take().map(|f| f()));
        spawned.ok().map(|handle| match handle.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        })
    });
    match on_fresh_thread.flatten() {
        Some(result) => result,
        None => match take() {
            Some(f) => f(),
            None => unreachable_job(),
        },
    }
}

#[cold]
fn unreachable_job() -> ! {
    // The job runs exactly once, either on the new thread or here.
    panic!("marshal: nested job lost")
}

/// A copy of `value` in which every object's [`RefFlag`] is [`RefFlag::Auto`], with the
/// same sharing between objects (cycles included) and the same interned marks: what a
/// compiler building the same graph would hand to [`dumps`].
///
/// For a value read from a version 3+ stream, a 1-character str or 1-byte bytes written
/// without FLAG_REF cannot have been CPython's cached object, so it becomes
/// [`RefFlag::AutoNotCached`]: that is part of the graph (which object it is), not a
/// reference decision.
pub fn with_auto_ref_flags(value: &Value) -> Value {
    let mut copies: HashMap<usize, Value> = HashMap::new();
    copy_auto(value, &mut copies, 0)
}

fn copy_auto(value: &Value, copies: &mut HashMap<usize, Value>, depth: usize) -> Value {
    at_depth(depth, || copy_auto_here(value, copies, depth))
}

fn copy_auto_here(value: &Value, copies: &mut HashMap<usize, Value>, depth: usize) -> Value {
    let Some(ptr) = value.identity() else {
        return value.clone();
    };
    if let Some(done) = copies.get(&ptr) {
        return done.clone();
    }
    let (Some(obj), Value::Obj(_)) = (value.resolve(), value) else {
        // A cycle whose target is not copied yet (or gone): keep pointing at the original.
        return value.clone();
    };
    let copy_all = |items: &[Value], copies: &mut HashMap<usize, Value>| -> Vec<Value> {
        items
            .iter()
            .map(|v| copy_auto(v, copies, depth + 1))
            .collect()
    };
    // Containers may be referred to from inside themselves: register the new object
    // under construction first so such references become cycles to the copy.
    let kind = match obj.kind() {
        ObjKind::Tuple(_) | ObjKind::List(_) | ObjKind::Dict(_) | ObjKind::Set(_) => {
            let container = match obj.kind() {
                ObjKind::Tuple(items) => ContainerKind::Tuple(items.len()),
                ObjKind::List(_) => ContainerKind::List,
                ObjKind::Dict(_) => ContainerKind::Dict,
                _ => ContainerKind::Set,
            };
            let new = Arc::new_cyclic(|weak| {
                copies.insert(ptr, Value::cycle(weak.clone(), container));
                let kind = match obj.kind() {
                    ObjKind::Tuple(items) => ObjKind::Tuple(copy_all(items, copies)),
                    ObjKind::List(items) => ObjKind::List(copy_all(items, copies)),
                    ObjKind::Set(items) => ObjKind::Set(copy_all(items, copies)),
                    ObjKind::Dict(pairs) => ObjKind::Dict(
                        pairs
                            .iter()
                            .map(|(k, v)| {
                                (
                                    copy_auto(k, copies, depth + 1),
                                    copy_auto(v, copies, depth + 1),
                                )
                            })
                            .collect(),
                    ),
                    _ => ObjKind::Tuple(Vec::new()),
                };
                Obj::new(kind, RefFlag::Auto)
            });
            let done = Value::Obj(new);
            copies.insert(ptr, done.clone());
            return done;
        }
        ObjKind::Int(i) => ObjKind::Int(i.clone()),
        ObjKind::Float(f) => ObjKind::Float(*f),
        ObjKind::Complex { real, imag } => ObjKind::Complex {
            real: *real,
            imag: *imag,
        },
        ObjKind::Bytes(b) => ObjKind::Bytes(b.clone()),
        ObjKind::Str(s) => ObjKind::Str(s.clone()),
        ObjKind::FrozenSet(items) => ObjKind::FrozenSet(copy_all(items, copies)),
        ObjKind::Code(code) => ObjKind::Code(Box::new(Code {
            argcount: code.argcount,
            posonlyargcount: code.posonlyargcount,
            kwonlyargcount: code.kwonlyargcount,
            stacksize: code.stacksize,
            flags: code.flags,
            code: copy_auto(&code.code, copies, depth + 1),
            consts: copy_auto(&code.consts, copies, depth + 1),
            names: copy_auto(&code.names, copies, depth + 1),
            localsplusnames: copy_auto(&code.localsplusnames, copies, depth + 1),
            localspluskinds: copy_auto(&code.localspluskinds, copies, depth + 1),
            filename: copy_auto(&code.filename, copies, depth + 1),
            name: copy_auto(&code.name, copies, depth + 1),
            qualname: copy_auto(&code.qualname, copies, depth + 1),
            firstlineno: code.firstlineno,
            linetable: copy_auto(&code.linetable, copies, depth + 1),
            exceptiontable: copy_auto(&code.exceptiontable, copies, depth + 1),
        })),
    };
    let not_cached = obj.ref_flag() == RefFlag::Unflagged
        && match &kind {
            ObjKind::Bytes(b) => b.len() == 1,
            ObjKind::Str(s) => !s.is_empty() && s.len_code_points() == 1,
            _ => false,
        };
    let flag = if not_cached {
        RefFlag::AutoNotCached
    } else {
        RefFlag::Auto
    };
    let done = Value::new_obj(kind, flag);
    copies.insert(ptr, done.clone());
    done
}
