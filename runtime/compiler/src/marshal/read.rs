//! `loads`: marshal bytes to a [`Value`], with CPython 3.11's checks, quirks and error
//! messages (it mirrors `r_object` in Python/marshal.c, as observed on 3.11.7).

use std::sync::{Arc, Weak};

use super::error::MarshalError;
use crate::int::Int;
use super::pyeq::{py_hash, DistinctIndex};
use super::text::{decode_surrogatepass, text_to_float};
use super::value::{Code, ContainerKind, Obj, ObjKind, RefFlag, Str, Value};
use super::{at_depth, type_code as tc, MAX_DEPTH};

/// Reads one value from the start of `data`; bytes after it are ignored (as
/// `marshal.loads` does).
pub fn loads(data: &[u8]) -> Result<Value, MarshalError> {
    loads_prefix(data).map(|(value, _)| value)
}

/// Reads one value from the start of `data` and also returns how many bytes it used.
pub fn loads_prefix(data: &[u8]) -> Result<(Value, usize), MarshalError> {
    let mut reader = Reader {
        data,
        pos: 0,
        depth: 0,
        refs: Vec::new(),
    };
    match reader.read_object()? {
        Some(value) => Ok((value, reader.pos)),
        None => Err(MarshalError::type_error(
            "NULL object in marshal data for object",
        )),
    }
}

#[cold]
#[inline(never)]
fn null_in(what: &str) -> MarshalError {
    MarshalError::type_error(format!("NULL object in marshal data for {what}"))
}

/// An entry of the reference table (objects written with FLAG_REF, in stream order).
enum RefEntry {
    Done(Value),
    /// A container whose items are still being read: references to it make cycles.
    Building(Weak<Obj>, ContainerKind),
    /// A frozenset or code object still being read: CPython reserves its index with None,
    /// so references to it are invalid.
    Reserved,
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    depth: usize,
    refs: Vec<RefEntry>,
}

/// `Ok(None)` is CPython's NULL without an exception (TYPE_NULL, or a code object with a
/// NULL field): containers turn it into their own error, a dict ends at it.
type ReadResult = Result<Option<Value>, MarshalError>;

const TOO_SHORT: &str = "marshal data too short";

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// `r_byte`: a length byte; EOF is an error here.
    fn byte(&mut self) -> Result<u8, MarshalError> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or_else(|| MarshalError::eof("EOF read where not expected"))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], MarshalError> {
        if self.remaining() < n {
            return Err(MarshalError::eof(TOO_SHORT));
        }
        let slice = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(slice)
    }

    /// `r_long`: a signed little-endian 32-bit integer.
    fn long(&mut self) -> Result<i32, MarshalError> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A 32-bit size; negative sizes are `bad marshal data (<what> size out of range)`.
    fn size(&mut self, what: &str) -> Result<usize, MarshalError> {
        let n = self.long()?;
        usize::try_from(n).map_err(|_| {
            MarshalError::value(format!("bad marshal data ({what} size out of range)"))
        })
    }

    /// Capacity to reserve for `n` items of at least `min_bytes` each: no more than the
    /// remaining data could hold and a few hundred, so bogus sizes in nested containers
    /// cannot allocate much before the data runs out (vectors grow as items arrive).
    fn capacity(&self, n: usize, min_bytes: usize) -> usize {
        n.min(self.remaining() / min_bytes.max(1)).min(256)
    }

    /// Appends to the reference table and returns the new index.
    fn push_ref(&mut self, entry: RefEntry) -> Result<usize, MarshalError> {
        if self.refs.len() >= 0x7fff_fffe {
            return Err(MarshalError::value(
                "bad marshal data (index list too large)",
            ));
        }
        self.refs.push(entry);
        Ok(self.refs.len() - 1)
    }

    fn reserve_ref(&mut self, flag: bool, entry: RefEntry) -> Result<Option<usize>, MarshalError> {
        if flag {
            self.push_ref(entry).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A finished object; flagged ones join the reference table.
    fn finish(&mut self, kind: ObjKind, flag: bool) -> ReadResult {
        let ref_flag = if flag {
            RefFlag::Flagged
        } else {
            RefFlag::Unflagged
        };
        let value = Value::Obj(Arc::new(Obj::new(kind, ref_flag)));
        if flag {
            self.push_ref(RefEntry::Done(value.clone()))?;
        }
        Ok(Some(value))
    }

    /// `r_object`. The recursion goes through here and the container readers only, and
    /// moves to a fresh thread stack every [`super::LEVELS_PER_STACK`] levels.
    fn read_object(&mut self) -> ReadResult {
        let Some(&code) = self.data.get(self.pos) else {
            return Err(MarshalError::eof("EOF read where object expected"));
        };
        self.pos += 1;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(MarshalError::value("recursion limit exceeded"));
        }
        let (ty, flag) = (code & 0x7f, code & tc::FLAG_REF != 0);
        let result = match ty {
            tc::SMALL_TUPLE | tc::TUPLE | tc::LIST => {
                at_depth(self.depth, || self.read_sequence(ty, flag))
            }
            tc::DICT => at_depth(self.depth, || self.read_dict(flag)),
            tc::SET | tc::FROZENSET => at_depth(self.depth, || self.read_set(ty, flag)),
            tc::CODE => at_depth(self.depth, || self.read_code(flag)),
            _ => self.read_leaf(ty, flag),
        };
        self.depth -= 1;
        result
    }

    /// Everything without sub-objects (and TYPE_REF, TYPE_NULL, unknown codes).
    #[inline(never)]
    fn read_leaf(&mut self, ty: u8, flag: bool) -> ReadResult {
        match ty {
            tc::NULL => Ok(None),
            // Singletons never take a reference index, flag or not.
            tc::NONE => Ok(Some(Value::None)),
            tc::STOPITER => Ok(Some(Value::StopIteration)),
            tc::ELLIPSIS => Ok(Some(Value::Ellipsis)),
            tc::FALSE => Ok(Some(Value::False)),
            tc::TRUE => Ok(Some(Value::True)),
            tc::INT => {
                let v = self.long()?;
                self.finish(ObjKind::Int(Int::from(v)), flag)
            }
            tc::INT64 => {
                let b = self.take(8)?;
                let mut raw = [0u8; 8];
                raw.copy_from_slice(b);
                self.finish(ObjKind::Int(Int::from(i64::from_le_bytes(raw))), flag)
            }
            tc::LONG => {
                let i = self.read_long_digits()?;
                self.finish(ObjKind::Int(i), flag)
            }
            tc::FLOAT => {
                let x = self.read_text_float()?;
                self.finish(ObjKind::Float(x), flag)
            }
            tc::BINARY_FLOAT => {
                let x = self.read_binary_float()?;
                self.finish(ObjKind::Float(x), flag)
            }
            tc::COMPLEX => {
                let real = self.read_text_float()?;
                let imag = self.read_text_float()?;
                self.finish(ObjKind::Complex { real, imag }, flag)
            }
            tc::BINARY_COMPLEX => {
                let real = self.read_binary_float()?;
                let imag = self.read_binary_float()?;
                self.finish(ObjKind::Complex { real, imag }, flag)
            }
            tc::STRING => {
                let n = self.size("bytes object")?;
                let b = self.take(n)?.to_vec();
                self.finish(ObjKind::Bytes(b), flag)
            }
            tc::ASCII | tc::ASCII_INTERNED => {
                let n = self.size("string")?;
                let b = self.take(n)?;
                self.finish(
                    ObjKind::Str(Str::from_latin1(b, ty == tc::ASCII_INTERNED)),
                    flag,
                )
            }
            tc::SHORT_ASCII | tc::SHORT_ASCII_INTERNED => {
                let n = usize::from(self.byte()?);
                let b = self.take(n)?;
                let interned = ty == tc::SHORT_ASCII_INTERNED;
                self.finish(ObjKind::Str(Str::from_latin1(b, interned)), flag)
            }
            tc::UNICODE | tc::INTERNED => {
                let n = self.size("string")?;
                let b = self.take(n)?;
                let s = decode_surrogatepass(b, ty == tc::INTERNED)?;
                self.finish(ObjKind::Str(s), flag)
            }
            tc::REF => self.read_ref(),
            _ => Err(MarshalError::value("bad marshal data (unknown type code)")),
        }
    }

    fn read_ref(&mut self) -> ReadResult {
        let n = self.long()?;
        let invalid = || MarshalError::value("bad marshal data (invalid reference)");
        let index = usize::try_from(n).map_err(|_| invalid())?;
        match self.refs.get(index) {
            Some(RefEntry::Done(v)) => Ok(Some(v.clone())),
            Some(RefEntry::Building(target, kind)) => Ok(Some(Value::cycle(target.clone(), *kind))),
            Some(RefEntry::Reserved) | None => Err(invalid()),
        }
    }

    /// TYPE_LONG: a signed count of base-2**15 digits, least significant first.
    fn read_long_digits(&mut self) -> Result<Int, MarshalError> {
        let n = self.long()?;
        if n == 0 {
            return Ok(Int::zero());
        }
        if n == i32::MIN {
            return Err(MarshalError::value(
                "bad marshal data (long size out of range)",
            ));
        }
        let count = n.unsigned_abs() as usize;
        let mut digits = Vec::with_capacity(self.capacity(count, 2));
        for i in 0..count {
            let b = self.take(2)?;
            let digit = u16::from_le_bytes([b[0], b[1]]);
            if digit >= 0x8000 {
                return Err(MarshalError::value(
                    "bad marshal data (digit out of range in long)",
                ));
            }
            if digit == 0 && i == count - 1 {
                return Err(MarshalError::value(
                    "bad marshal data (unnormalized long data)",
                ));
            }
            digits.push(digit);
        }
        Int::from_digits15(n < 0, &digits)
            .ok_or_else(|| MarshalError::value("bad marshal data (digit out of range in long)"))
    }

    fn read_text_float(&mut self) -> Result<f64, MarshalError> {
        let n = usize::from(self.byte()?);
        let text = self.take(n)?;
        text_to_float(text)
    }

    fn read_binary_float(&mut self) -> Result<f64, MarshalError> {
        let b = self.take(8)?;
        let mut raw = [0u8; 8];
        raw.copy_from_slice(b);
        Ok(f64::from_bits(u64::from_le_bytes(raw)))
    }

    /// A flagged container: registered before its items (as CPython does), so an item may
    /// refer back to it. The object is then built with `Arc::new_cyclic` and such
    /// references become [`Value::Cycle`].
    #[inline(never)]
    fn read_flagged_container(
        &mut self,
        kind: ContainerKind,
        in_read_order: bool,
        read_items: fn(&mut Self, usize) -> Result<ObjKind, MarshalError>,
        n: usize,
    ) -> ReadResult {
        let index = self.push_ref(RefEntry::Reserved)?;
        let mut outcome = Ok(());
        let obj = Arc::new_cyclic(|weak| {
            self.refs[index] = RefEntry::Building(weak.clone(), kind);
            let contents = read_items(self, n).unwrap_or_else(|e| {
                outcome = Err(e);
                ObjKind::Tuple(Vec::new())
            });
            if in_read_order {
                Obj::new_in_read_order(contents, RefFlag::Flagged)
            } else {
                Obj::new(contents, RefFlag::Flagged)
            }
        });
        outcome?;
        let value = Value::Obj(obj);
        self.refs[index] = RefEntry::Done(value.clone());
        Ok(Some(value))
    }

    #[inline(never)]
    fn read_sequence(&mut self, ty: u8, flag: bool) -> ReadResult {
        let n = match ty {
            tc::SMALL_TUPLE => usize::from(self.byte()?),
            tc::TUPLE => self.size("tuple")?,
            _ => self.size("list")?,
        };
        let is_list = ty == tc::LIST;
        if flag {
            return if is_list {
                self.read_flagged_container(ContainerKind::List, false, Self::read_list_items, n)
            } else {
                self.read_flagged_container(
                    ContainerKind::Tuple(n),
                    false,
                    Self::read_tuple_items,
                    n,
                )
            };
        }
        let items = self.read_items(n, is_list)?;
        let kind = if is_list {
            ObjKind::List(items)
        } else {
            ObjKind::Tuple(items)
        };
        Ok(Some(Value::Obj(Arc::new(Obj::new(
            kind,
            RefFlag::Unflagged,
        )))))
    }

    fn read_list_items(&mut self, n: usize) -> Result<ObjKind, MarshalError> {
        self.read_items(n, true).map(ObjKind::List)
    }

    fn read_tuple_items(&mut self, n: usize) -> Result<ObjKind, MarshalError> {
        self.read_items(n, false).map(ObjKind::Tuple)
    }

    /// `n` items of a tuple or list.
    #[inline(always)]
    fn read_items(&mut self, n: usize, is_list: bool) -> Result<Vec<Value>, MarshalError> {
        let mut items = Vec::with_capacity(self.capacity(n, 1));
        for _ in 0..n {
            match self.read_object()? {
                Some(v) => items.push(v),
                None => return Err(null_in(if is_list { "list" } else { "tuple" })),
            }
        }
        Ok(items)
    }

    /// TYPE_DICT: key/value pairs up to a NULL key. A NULL value also ends the dict
    /// (dropping its key) without an error, as in CPython.
    #[inline(never)]
    fn read_dict(&mut self, flag: bool) -> ReadResult {
        if flag {
            return self.read_flagged_container(
                ContainerKind::Dict,
                false,
                Self::read_dict_pairs,
                0,
            );
        }
        let kind = self.read_dict_pairs(0)?;
        Ok(Some(Value::Obj(Arc::new(Obj::new(
            kind,
            RefFlag::Unflagged,
        )))))
    }

    #[inline(never)]
    fn read_dict_pairs(&mut self, _: usize) -> Result<ObjKind, MarshalError> {
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        let mut index = DistinctIndex::default();
        loop {
            let Some(key) = self.read_object()? else {
                break;
            };
            let Some(value) = self.read_object()? else {
                break;
            };
            let hash = py_hash(&key)?;
            match index.find_or_insert(&key, hash, pairs.len(), |i| &pairs[i].0) {
                Some(existing) => pairs[existing].1 = value,
                None => pairs.push((key, value)),
            }
        }
        Ok(ObjKind::Dict(pairs))
    }

    #[inline(never)]
    fn read_set_items(&mut self, n: usize) -> Result<Vec<Value>, MarshalError> {
        let mut items: Vec<Value> = Vec::with_capacity(self.capacity(n, 1));
        let mut index = DistinctIndex::default();
        for _ in 0..n {
            let Some(item) = self.read_object()? else {
                return Err(null_in("set"));
            };
            let hash = py_hash(&item)?;
            if index
                .find_or_insert(&item, hash, items.len(), |i| &items[i])
                .is_none()
            {
                items.push(item);
            }
        }
        Ok(items)
    }

    #[inline(never)]
    fn read_set(&mut self, ty: u8, flag: bool) -> ReadResult {
        let n = self.size("set")?;
        if ty == tc::SET {
            let read: fn(&mut Self, usize) -> _ = |r, n| r.read_set_items(n).map(ObjKind::Set);
            if flag {
                return self.read_flagged_container(ContainerKind::Set, true, read, n);
            }
            let kind = read(self, n)?;
            return Ok(Some(Value::Obj(Arc::new(Obj::new_in_read_order(
                kind,
                RefFlag::Unflagged,
            )))));
        }
        // A frozenset's index is reserved while its items are read: references to it
        // from inside are invalid.
        let index = self.reserve_ref(flag, RefEntry::Reserved)?;
        let items = self.read_set_items(n)?;
        let ref_flag = if flag {
            RefFlag::Flagged
        } else {
            RefFlag::Unflagged
        };
        let value = Value::Obj(Arc::new(Obj::new_in_read_order(
            ObjKind::FrozenSet(items),
            ref_flag,
        )));
        if let Some(i) = index {
            self.refs[i] = RefEntry::Done(value.clone());
        }
        Ok(Some(value))
    }

    /// A code object field that must not be NULL.
    #[inline(never)]
    fn read_code_field(&mut self, slot: &mut Value) -> Result<(), MarshalError> {
        *slot = self.read_object()?.ok_or_else(|| {
            MarshalError::type_error("NULL object in marshal data for code object")
        })?;
        Ok(())
    }

    #[inline(never)]
    fn read_code(&mut self, flag: bool) -> ReadResult {
        let index = self.reserve_ref(flag, RefEntry::Reserved)?;
        // Filled in place on the heap: this frame stays small on the recursion path.
        let mut code = Box::new(Code {
            argcount: self.long()?,
            posonlyargcount: self.long()?,
            kwonlyargcount: self.long()?,
            stacksize: self.long()?,
            flags: self.long()?,
            code: Value::None,
            consts: Value::None,
            names: Value::None,
            localsplusnames: Value::None,
            localspluskinds: Value::None,
            filename: Value::None,
            name: Value::None,
            qualname: Value::None,
            firstlineno: 0,
            linetable: Value::None,
            exceptiontable: Value::None,
        });
        self.read_code_field(&mut code.code)?;
        self.read_code_field(&mut code.consts)?;
        self.read_code_field(&mut code.names)?;
        self.read_code_field(&mut code.localsplusnames)?;
        self.read_code_field(&mut code.localspluskinds)?;
        self.read_code_field(&mut code.filename)?;
        self.read_code_field(&mut code.name)?;
        self.read_code_field(&mut code.qualname)?;
        code.firstlineno = self.long()?;
        self.read_code_field(&mut code.linetable)?;
        self.read_code_field(&mut code.exceptiontable)?;
        code.validate()?;
        let ref_flag = if flag {
            RefFlag::Flagged
        } else {
            RefFlag::Unflagged
        };
        let value = Value::Obj(Arc::new(Obj::new(ObjKind::Code(code), ref_flag)));
        if let Some(i) = index {
            self.refs[i] = RefEntry::Done(value.clone());
        }
        Ok(Some(value))
    }
}

/// Line of `_PyCode_Validate`'s type check in CPython 3.11.7, part of its SystemError text.
const VALIDATE_LINE: u32 = 250;

/// What a code field is, for the checks (a [`Value::Cycle`] is a container being read).
enum FieldType<'v> {
    Bytes(usize),
    Str,
    Tuple(Option<&'v [Value]>, usize),
    Other,
}

fn field_type(v: &Value) -> FieldType<'_> {
    match v {
        Value::Obj(o) => match o.kind() {
            ObjKind::Bytes(b) => FieldType::Bytes(b.len()),
            ObjKind::Str(_) => FieldType::Str,
            ObjKind::Tuple(items) => FieldType::Tuple(Some(items), items.len()),
            _ => FieldType::Other,
        },
        Value::Cycle(c) => match c.kind {
            ContainerKind::Tuple(n) => FieldType::Tuple(None, n),
            _ => FieldType::Other,
        },
        _ => FieldType::Other,
    }
}

impl Code {
    /// The checks CPython 3.11 makes when it builds a code object from these fields
    /// (`_PyCode_Validate`, then the str checks of `_PyCode_New`), with its errors.
    pub fn validate(&self) -> Result<(), MarshalError> {
        let bad_argument = || {
            MarshalError::system(format!(
                "Objects/codeobject.c:{VALIDATE_LINE}: bad argument to internal function"
            ))
        };
        let is_bytes = |v: &Value| matches!(field_type(v), FieldType::Bytes(_));
        let is_str = |v: &Value| matches!(field_type(v), FieldType::Str);
        let is_tuple = |v: &Value| matches!(field_type(v), FieldType::Tuple(..));
        let kinds_len = match field_type(&self.localspluskinds) {
            FieldType::Bytes(n) => Some(n),
            _ => None,
        };
        let names_len = match field_type(&self.localsplusnames) {
            FieldType::Tuple(_, n) => Some(n),
            _ => None,
        };
        if self.argcount < self.posonlyargcount
            || self.posonlyargcount < 0
            || self.kwonlyargcount < 0
            || self.stacksize < 0
            || self.flags < 0
            || !is_bytes(&self.code)
            || !is_tuple(&self.consts)
            || !is_tuple(&self.names)
            || names_len.is_none()
            || kinds_len.is_none()
            || names_len != kinds_len
            || !is_str(&self.name)
            || !is_str(&self.qualname)
            || !is_str(&self.filename)
            || !is_bytes(&self.linetable)
            || !is_bytes(&self.exceptiontable)
        {
            return Err(bad_argument());
        }
        if let FieldType::Bytes(n) = field_type(&self.code) {
            if n % 2 != 0 {
                return Err(MarshalError::value("code: co_code is malformed"));
            }
        }
        let kinds = self.localspluskinds.as_bytes().unwrap_or(&[]);
        // CO_FAST_LOCAL marks the plain locals (arguments included).
        let nlocals = kinds.iter().filter(|&&k| k & 0x20 != 0).count() as i64;
        let star_args = i64::from(self.flags & 0x04 != 0) + i64::from(self.flags & 0x08 != 0);
        if nlocals - i64::from(self.argcount) - i64::from(self.kwonlyargcount) - star_args < 0 {
            return Err(MarshalError::value("code: co_varnames is too small"));
        }
        for names in [&self.names, &self.localsplusnames] {
            let all_str = match field_type(names) {
                FieldType::Tuple(Some(items), _) => items.iter().all(is_str),
                // A tuple still being read has NULL slots.
                _ => false,
            };
            if !all_str {
                return Err(MarshalError::system("non-string found in code slot"));
            }
        }
        Ok(())
    }
}
