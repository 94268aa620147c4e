//! `dumps`: a [`Value`] to marshal bytes, as CPython 3.11's `w_object` writes them,
//! including which objects get FLAG_REF and which become TYPE_REF (rule in `mod.rs`).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::error::MarshalError;
use super::text::float_to_text;
use super::type_code as tc;
use super::value::{Code, Obj, ObjKind, RefFlag, Str, Value};
use super::{at_depth, MAX_DEPTH, VERSION};

/// Writes `value` in marshal format `version` (CPython accepts any int: below 2 floats
/// are text, from 3 objects are shared by reference, from 4 the short forms are used).
/// The value itself counts as referenced once, by the caller (like
/// `marshal.dumps(expression)`).
pub fn dumps(value: &Value, version: i32) -> Result<Vec<u8>, MarshalError> {
    dump_with_root_refs(value, version, 1)
}

/// Writes a module's code object the way `py_compile`/importlib do (`marshal.dumps(code)`
/// with the code object also held by a variable, so it is flagged): the bytes that
/// follow the 16-byte header of a .pyc.
pub fn dumps_for_pyc(code: &Value) -> Result<Vec<u8>, MarshalError> {
    dump_with_root_refs(code, VERSION, 2)
}

fn dump_with_root_refs(
    value: &Value,
    version: i32,
    root_refs: u32,
) -> Result<Vec<u8>, MarshalError> {
    let counts = if version >= 3 {
        RefCounts::of(value, root_refs)
    } else {
        RefCounts::default()
    };
    let shared = Shared {
        counts,
        standalone: Mutex::new(HashMap::new()),
    };
    let mut writer = Writer::new(version, &shared, 0);
    writer.write(value, Slot::Plain)?;
    Ok(writer.out)
}

/// What all writers of one `dumps` call share.
struct Shared {
    counts: RefCounts,
    /// Standalone dumps of set elements by object (`None`: it failed). Each depends only
    /// on the object, and without this nested sets would be dumped exponentially often
    /// (as CPython does).
    standalone: Mutex<HashMap<usize, Option<Vec<u8>>>>,
}

/// Where a value sits: some code object fields are objects CPython makes afresh.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Plain,
    /// `co_code`: a new bytes object per code object, also cached on it, so flagged.
    CodeBytecode,
    /// `co_localspluskinds`: a new bytes object per code object (never merged).
    CodeKinds,
    /// `co_linetable`, `co_exceptiontable`: made by resizing a buffer (so a 1-byte table is
    /// not the 1-byte singleton), then merged with equal constants.
    CodeTable,
    /// `co_name`, `co_qualname`: may be the compiler's static strings.
    CodeName,
    /// `co_filename`: one object for the whole compilation, also held by the caller.
    CodeFilename,
    /// An element of a set being written: CPython holds an extra reference to it while
    /// writing (the sort pairs), so it is always flagged.
    SetElement,
}

/// What identifies an object for TYPE_REF.
#[derive(Clone, PartialEq, Eq, Hash)]
enum RefKey {
    Ptr(usize),
    /// Cached small int (-5..=256).
    SmallInt(i64),
    /// Cached empty or 1-byte bytes.
    SingletonBytes(Vec<u8>),
    EmptyTuple,
    /// Interned str, or one of the cached 0/1-character Latin-1 strs.
    SharedStr(Vec<u8>),
    /// The compiler's static names ("<module>", "<lambda>", ...).
    StaticName(Vec<u8>),
    /// The filename of code objects.
    Filename(Vec<u8>),
}

/// How many references to each object the written graph holds (CPython's refcounts, as
/// far as the graph shows them).
#[derive(Default)]
struct RefCounts {
    counts: HashMap<usize, u32>,
}

impl RefCounts {
    fn of(root: &Value, root_refs: u32) -> RefCounts {
        let mut counts: HashMap<usize, u32> = HashMap::new();
        let mut visited: HashSet<usize> = HashSet::new();
        let mut pending: Vec<Arc<Obj>> = Vec::new();
        if let (Some(ptr), Some(obj)) = (root.identity(), root.resolve()) {
            counts.insert(ptr, root_refs);
            pending.push(obj);
        }
        while let Some(obj) = pending.pop() {
            if !visited.insert(Arc::as_ptr(&obj) as usize) {
                continue;
            }
            let is_code = matches!(obj.kind(), ObjKind::Code(_));
            for (i, child) in obj.children().enumerate() {
                // co_code and co_localspluskinds are fresh objects in CPython, whatever
                // sharing the graph has.
                if is_code && (i == 0 || i == 4) {
                    continue;
                }
                let Some(ptr) = child.identity() else {
                    continue;
                };
                *counts.entry(ptr).or_insert(0) += 1;
                if !visited.contains(&ptr) {
                    if let Some(o) = child.resolve() {
                        pending.push(o);
                    }
                }
            }
        }
        RefCounts { counts }
    }

    fn shared(&self, ptr: usize) -> bool {
        self.counts.get(&ptr).copied().unwrap_or(1) > 1
    }
}

/// The compiler's static str objects used as code names.
const STATIC_NAMES: [&str; 6] = [
    "<module>",
    "<lambda>",
    "<genexpr>",
    "<listcomp>",
    "<setcomp>",
    "<dictcomp>",
];

/// Whether CPython caches this str (the empty str, and each 1-character Latin-1 str).
fn is_cached_str(s: &Str) -> bool {
    let mut points = s.code_points();
    match (points.next(), points.next()) {
        (None, _) => true,
        (Some(cp), None) => cp < 256,
        _ => false,
    }
}

/// The FLAG_REF decision for an object: `None` to write it unflagged, else the key it
/// is registered under (`None` inside: a fresh object nothing can refer back to).
#[inline(never)]
fn ref_decision(obj: &Obj, ptr: usize, slot: Slot, counts: &RefCounts) -> Option<Option<RefKey>> {
    if slot == Slot::SetElement {
        return Some(ref_decision(obj, ptr, Slot::Plain, counts).unwrap_or(Some(RefKey::Ptr(ptr))));
    }
    let cached_kinds = match obj.ref_flag() {
        RefFlag::Flagged => return Some(Some(RefKey::Ptr(ptr))),
        RefFlag::Unflagged => return None,
        RefFlag::Auto => true,
        RefFlag::AutoNotCached => false,
    };
    let by_count = || counts.shared(ptr).then_some(Some(RefKey::Ptr(ptr)));
    match (slot, obj.kind()) {
        (Slot::CodeBytecode, ObjKind::Bytes(_)) => return Some(None),
        (Slot::CodeKinds | Slot::CodeTable, ObjKind::Bytes(b)) if b.is_empty() => {
            return Some(Some(RefKey::SingletonBytes(Vec::new())))
        }
        (Slot::CodeKinds, ObjKind::Bytes(_)) => return None,
        (Slot::CodeTable, ObjKind::Bytes(_)) => return by_count(),
        (Slot::CodeFilename, ObjKind::Str(s)) => {
            return Some(Some(RefKey::Filename(s.surrogatepass_utf8().to_vec())))
        }
        (Slot::CodeName, ObjKind::Str(s))
            if s.as_str().is_some_and(|t| STATIC_NAMES.contains(&t)) && !s.is_interned() =>
        {
            return Some(Some(RefKey::StaticName(s.surrogatepass_utf8().to_vec())))
        }
        _ => {}
    }
    match obj.kind() {
        ObjKind::Str(s) if s.is_interned() => {
            Some(Some(RefKey::SharedStr(s.surrogatepass_utf8().to_vec())))
        }
        _ if !cached_kinds => by_count(),
        ObjKind::Int(i) => match i.to_i64() {
            Some(v) if (-5..=256).contains(&v) => Some(Some(RefKey::SmallInt(v))),
            _ => by_count(),
        },
        ObjKind::Bytes(b) if b.len() <= 1 => Some(Some(RefKey::SingletonBytes(b.clone()))),
        ObjKind::Str(s) if is_cached_str(s) => {
            Some(Some(RefKey::SharedStr(s.surrogatepass_utf8().to_vec())))
        }
        ObjKind::Tuple(items) if items.is_empty() => Some(Some(RefKey::EmptyTuple)),
        _ => by_count(),
    }
}

fn too_deep() -> MarshalError {
    MarshalError::value("object too deeply nested to marshal")
}

fn unmarshallable() -> MarshalError {
    MarshalError::value("unmarshallable object")
}

struct Writer<'s> {
    out: Vec<u8>,
    version: i32,
    depth: usize,
    /// Nesting of the writers this one runs inside (standalone dumps of set elements),
    /// for moving to fresh thread stacks: their frames are on the same stack.
    outer_depth: usize,
    table: HashMap<RefKey, u32>,
    /// Number of objects written with FLAG_REF: the next reference index.
    next_index: u32,
    shared: &'s Shared,
}

impl<'s> Writer<'s> {
    fn new(version: i32, shared: &'s Shared, outer_depth: usize) -> Writer<'s> {
        Writer {
            out: Vec::new(),
            version,
            depth: 0,
            outer_depth,
            table: HashMap::new(),
            next_index: 0,
            shared,
        }
    }

    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn long(&mut self, v: i32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn size(&mut self, n: usize) -> Result<(), MarshalError> {
        let n = i32::try_from(n).map_err(|_| unmarshallable())?;
        self.long(n);
        Ok(())
    }

    /// `w_object`. The recursion goes through here, `write_obj` and the container writers
    /// only, and moves to a fresh thread stack every [`super::LEVELS_PER_STACK`] levels.
    fn write(&mut self, value: &Value, slot: Slot) -> Result<(), MarshalError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(too_deep());
        }
        match value {
            Value::Null => self.byte(tc::NULL),
            Value::None => self.byte(tc::NONE),
            Value::StopIteration => self.byte(tc::STOPITER),
            Value::Ellipsis => self.byte(tc::ELLIPSIS),
            Value::False => self.byte(tc::FALSE),
            Value::True => self.byte(tc::TRUE),
            Value::Obj(obj) => {
                at_depth(self.outer_depth + self.depth, || self.write_obj(obj, slot))?
            }
            Value::Cycle(c) => {
                let obj = c.target.upgrade().ok_or_else(unmarshallable)?;
                at_depth(self.outer_depth + self.depth, || self.write_obj(&obj, slot))?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn write_obj(&mut self, obj: &Arc<Obj>, slot: Slot) -> Result<(), MarshalError> {
        let flag = if self.version >= 3 {
            match self.reference(obj, slot)? {
                Some(flag) => flag,
                None => return Ok(()),
            }
        } else {
            0
        };
        match obj.kind() {
            ObjKind::Tuple(items) => self.write_tuple(items, flag),
            ObjKind::List(items) => self.write_list(items, flag),
            ObjKind::Dict(pairs) => self.write_dict(pairs, flag),
            ObjKind::Set(items) => self.write_set(items, tc::SET | flag, obj.keeps_read_order()),
            ObjKind::FrozenSet(items) => {
                self.write_set(items, tc::FROZENSET | flag, obj.keeps_read_order())
            }
            ObjKind::Code(code) => self.write_code(code, flag),
            kind => self.write_leaf(kind, flag),
        }
    }

    /// The FLAG_REF part of `w_ref`: writes a TYPE_REF and returns `None` for an object
    /// already written, else the flag bits for its type code.
    #[inline(never)]
    fn reference(&mut self, obj: &Arc<Obj>, slot: Slot) -> Result<Option<u8>, MarshalError> {
        let ptr = Arc::as_ptr(obj) as usize;
        let Some(key) = ref_decision(obj, ptr, slot, &self.shared.counts) else {
            return Ok(Some(0));
        };
        if let Some(&index) = key.as_ref().and_then(|k| self.table.get(k)) {
            self.byte(tc::REF);
            self.long(index as i32);
            return Ok(None);
        }
        if self.next_index >= 0x7fff_ffff {
            return Err(unmarshallable());
        }
        if let Some(key) = key {
            self.table.insert(key, self.next_index);
        }
        self.next_index += 1;
        Ok(Some(tc::FLAG_REF))
    }

    #[inline(never)]
    fn write_leaf(&mut self, kind: &ObjKind, flag: u8) -> Result<(), MarshalError> {
        match kind {
            ObjKind::Int(i) => match i.to_i64().and_then(|v| i32::try_from(v).ok()) {
                Some(v) => {
                    self.byte(tc::INT | flag);
                    self.long(v);
                }
                None => {
                    self.byte(tc::LONG | flag);
                    let digits = i.digits15();
                    let n = i32::try_from(digits.len()).map_err(|_| unmarshallable())?;
                    self.long(if i.is_negative() { -n } else { n });
                    for d in digits {
                        self.out.extend_from_slice(&d.to_le_bytes());
                    }
                }
            },
            ObjKind::Float(x) => {
                if self.version > 1 {
                    self.byte(tc::BINARY_FLOAT | flag);
                    self.out.extend_from_slice(&x.to_bits().to_le_bytes());
                } else {
                    self.byte(tc::FLOAT | flag);
                    self.text_float(*x);
                }
            }
            ObjKind::Complex { real, imag } => {
                if self.version > 1 {
                    self.byte(tc::BINARY_COMPLEX | flag);
                    self.out.extend_from_slice(&real.to_bits().to_le_bytes());
                    self.out.extend_from_slice(&imag.to_bits().to_le_bytes());
                } else {
                    self.byte(tc::COMPLEX | flag);
                    self.text_float(*real);
                    self.text_float(*imag);
                }
            }
            ObjKind::Bytes(b) => {
                self.byte(tc::STRING | flag);
                self.size(b.len())?;
                self.out.extend_from_slice(b);
            }
            ObjKind::Str(s) => self.write_str(s, flag)?,
            // Containers and code have their own writers.
            _ => return Err(unmarshallable()),
        }
        Ok(())
    }

    #[inline(never)]
    fn write_tuple(&mut self, items: &[Value], flag: u8) -> Result<(), MarshalError> {
        if self.version >= 4 && items.len() < 256 {
            self.byte(tc::SMALL_TUPLE | flag);
            self.byte(items.len() as u8);
        } else {
            self.byte(tc::TUPLE | flag);
            self.size(items.len())?;
        }
        for item in items {
            self.write(item, Slot::Plain)?;
        }
        Ok(())
    }

    #[inline(never)]
    fn write_list(&mut self, items: &[Value], flag: u8) -> Result<(), MarshalError> {
        self.byte(tc::LIST | flag);
        self.size(items.len())?;
        for item in items {
            self.write(item, Slot::Plain)?;
        }
        Ok(())
    }

    #[inline(never)]
    fn write_dict(&mut self, pairs: &[(Value, Value)], flag: u8) -> Result<(), MarshalError> {
        self.byte(tc::DICT | flag);
        for (k, v) in pairs {
            self.write(k, Slot::Plain)?;
            self.write(v, Slot::Plain)?;
        }
        self.write(&Value::Null, Slot::Plain)
    }

    #[inline(never)]
    fn write_set(
        &mut self,
        items: &[Value],
        code: u8,
        keep_order: bool,
    ) -> Result<(), MarshalError> {
        self.byte(code);
        self.size(items.len())?;
        if keep_order {
            for item in items {
                self.write(item, Slot::SetElement)?;
            }
            return Ok(());
        }
        // CPython orders the elements by their own marshalled form (each dumped alone),
        // so the output does not depend on hash order (bpo-37596).
        let mut keyed = Vec::with_capacity(items.len());
        for item in items {
            keyed.push((self.standalone_dump(item)?, item));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, item) in keyed {
            self.write(item, Slot::SetElement)?;
        }
        Ok(())
    }

    /// `marshal.dumps(item, version)` on its own: fresh reference table and depth; any
    /// failure there makes the whole dump "unmarshallable object", as in CPython.
    fn standalone_dump(&self, item: &Value) -> Result<Vec<u8>, MarshalError> {
        let cache = || {
            self.shared
                .standalone
                .lock()
                .unwrap_or_else(|p| p.into_inner())
        };
        let id = item.identity();
        if let Some(done) = id.and_then(|id| cache().get(&id).cloned()) {
            return done.ok_or_else(unmarshallable);
        }
        let mut sub = Writer::new(self.version, self.shared, self.outer_depth + self.depth);
        let result = sub.write(item, Slot::Plain).map(|()| sub.out);
        if let Some(id) = id {
            cache().insert(id, result.as_ref().ok().cloned());
        }
        result.map_err(|_| unmarshallable())
    }

    fn text_float(&mut self, x: f64) {
        let text = float_to_text(x);
        self.byte(text.len() as u8);
        self.out.extend_from_slice(text.as_bytes());
    }

    fn write_str(&mut self, s: &Str, flag: u8) -> Result<(), MarshalError> {
        let bytes = s.surrogatepass_utf8();
        if self.version >= 4 && s.is_ascii() {
            if bytes.len() < 256 {
                let ty = if s.is_interned() {
                    tc::SHORT_ASCII_INTERNED
                } else {
                    tc::SHORT_ASCII
                };
                self.byte(ty | flag);
                self.byte(bytes.len() as u8);
            } else {
                let ty = if s.is_interned() {
                    tc::ASCII_INTERNED
                } else {
                    tc::ASCII
                };
                self.byte(ty | flag);
                self.size(bytes.len())?;
            }
        } else {
            let ty = if self.version >= 3 && s.is_interned() {
                tc::INTERNED
            } else {
                tc::UNICODE
            };
            self.byte(ty | flag);
            self.size(bytes.len())?;
        }
        self.out.extend_from_slice(bytes);
        Ok(())
    }

    #[inline(never)]
    fn write_code(&mut self, code: &Code, flag: u8) -> Result<(), MarshalError> {
        self.byte(tc::CODE | flag);
        self.long(code.argcount);
        self.long(code.posonlyargcount);
        self.long(code.kwonlyargcount);
        self.long(code.stacksize);
        self.long(code.flags);
        self.write(&code.code, Slot::CodeBytecode)?;
        self.write(&code.consts, Slot::Plain)?;
        self.write(&code.names, Slot::Plain)?;
        self.write(&code.localsplusnames, Slot::Plain)?;
        self.write(&code.localspluskinds, Slot::CodeKinds)?;
        self.write(&code.filename, Slot::CodeFilename)?;
        self.write(&code.name, Slot::CodeName)?;
        self.write(&code.qualname, Slot::CodeName)?;
        self.long(code.firstlineno);
        self.write(&code.linetable, Slot::CodeTable)?;
        self.write(&code.exceptiontable, Slot::CodeTable)?;
        Ok(())
    }
}
