//! Reading `ast.dump` text back into the Rust AST, so tests can load the tree CPython
//! builds for any source (`python3.11 -c "print(ast.dump(ast.parse(src),
//! include_attributes=True))"`) and compare it with ours.
//!
//! Two steps: [`parse_dump`] turns the text into a generic [`DumpValue`] tree (nodes with
//! named or positional arguments, lists, and constants written as Python reprs: None,
//! bools, ints of any size, floats including `inf`/`nan`, complex, str, bytes, Ellipsis,
//! tuples, frozensets); then the generated [`FromDump`] impls check each node against the
//! ASDL (class names, field names, required fields) while building the typed tree.
//! Accepts any `indent`/`annotate_fields` form of `ast.dump`.

use super::constant::{ConstantValue, Int, PyStr};
use super::nodes::Location;
use std::fmt;

/// A parsed `ast.dump` value before typing.
#[derive(Debug, Clone, PartialEq)]
pub enum DumpValue {
    /// `Name(arg, name=value, ...)`.
    Node {
        name: String,
        args: Vec<DumpArg>,
    },
    List(Vec<DumpValue>),
    Const(ConstantValue),
}

/// One argument of a node: `name=value`, or positional (`annotate_fields=False`).
#[derive(Debug, Clone, PartialEq)]
pub struct DumpArg {
    pub name: Option<String>,
    pub value: DumpValue,
}

/// Why a text could not be read: bad syntax (with its byte offset) or a tree that does not
/// fit the ASDL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub message: String,
    /// Byte offset in the text, for syntax errors.
    pub offset: Option<usize>,
}

impl ReadError {
    pub fn new(message: impl Into<String>) -> ReadError {
        ReadError {
            message: message.into(),
            offset: None,
        }
    }

    pub fn unknown_class(type_name: &str, class_name: &str) -> ReadError {
        ReadError::new(format!(
            "expected some sort of {type_name}, but got {class_name}()"
        ))
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(at) => write!(f, "{} (at byte {})", self.message, at),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads `ast.dump` text as a `T` (usually [`super::Mod`], or any node type).
pub fn read<T: FromDump>(text: &str) -> Result<T, ReadError> {
    T::from_dump(parse_dump(text)?)
}

/// A type that can be built from a [`DumpValue`].
pub trait FromDump: Sized {
    fn from_dump(v: DumpValue) -> Result<Self, ReadError>;
}

impl DumpValue {
    /// The class name and arguments, if this is a node (`type_name` is for the error).
    pub fn into_node(self, type_name: &str) -> Result<(String, Vec<DumpArg>), ReadError> {
        match self {
            DumpValue::Node { name, args } => Ok((name, args)),
            other => Err(ReadError::new(format!(
                "expected some sort of {type_name}, but got {}",
                other.describe()
            ))),
        }
    }

    fn describe(&self) -> String {
        match self {
            DumpValue::Node { name, .. } => format!("{name}()"),
            DumpValue::List(_) => "a list".to_string(),
            DumpValue::Const(c) => c.repr(),
        }
    }
}

impl<T: FromDump> FromDump for Box<T> {
    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {
        T::from_dump(v).map(Box::new)
    }
}

impl<T: FromDump> FromDump for Vec<T> {
    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {
        match v {
            DumpValue::List(items) => items.into_iter().map(T::from_dump).collect(),
            other => Err(ReadError::new(format!(
                "expected a list, got {}",
                other.describe()
            ))),
        }
    }
}

/// A list element that may be None.
impl<T: FromDump> FromDump for Option<T> {
    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {
        match v {
            DumpValue::Const(ConstantValue::None) => Ok(None),
            other => T::from_dump(other).map(Some),
        }
    }
}

impl FromDump for String {
    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {
        match v {
            DumpValue::Const(ConstantValue::Str(s)) => match s.as_str() {
                Some(text) => Ok(text.to_string()),
                None => Err(ReadError::new(
                    "an identifier or string holds a lone surrogate",
                )),
            },
            other => Err(ReadError::new(format!(
                "expected a str, got {}",
                other.describe()
            ))),
        }
    }
}

impl FromDump for i32 {
    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {
        match v {
            DumpValue::Const(ConstantValue::Int(n)) => n
                .to_i64()
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(|| ReadError::new(format!("int {n} does not fit a C int"))),
            other => Err(ReadError::new(format!(
                "expected an int, got {}",
                other.describe()
            ))),
        }
    }
}

impl FromDump for ConstantValue {
    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {
        match v {
            DumpValue::Const(c) => Ok(c),
            other => Err(ReadError::new(format!(
                "expected a constant, got {}",
                other.describe()
            ))),
        }
    }
}

/// The arguments of one node, matched to its fields by name (positional arguments take
/// the fields in `_fields` order), taken one by one by the generated readers.
pub struct FieldReader {
    class_name: String,
    items: Vec<(String, Option<DumpValue>)>,
}

impl FieldReader {
    pub fn new(
        class_name: &str,
        args: Vec<DumpArg>,
        fields: &[&str],
    ) -> Result<FieldReader, ReadError> {
        let mut items: Vec<(String, Option<DumpValue>)> = Vec::with_capacity(args.len());
        let mut seen_keyword = false;
        for (i, arg) in args.into_iter().enumerate() {
            let name = match arg.name {
                Some(name) => {
                    seen_keyword = true;
                    name
                }
                None if seen_keyword => {
                    return Err(ReadError::new(format!(
                        "{class_name}: positional value after a named one"
                    )))
                }
                None => match fields.get(i) {
                    Some(f) => f.to_string(),
                    None => {
                        return Err(ReadError::new(format!(
                            "{class_name} constructor takes at most {} positional argument{}",
                            fields.len(),
                            if fields.len() == 1 { "" } else { "s" }
                        )))
                    }
                },
            };
            if items.iter().any(|(n, _)| *n == name) {
                return Err(ReadError::new(format!(
                    "{class_name}: field {name:?} given twice"
                )));
            }
            items.push((name, Some(arg.value)));
        }
        Ok(FieldReader {
            class_name: class_name.to_string(),
            items,
        })
    }

    fn take(&mut self, name: &str) -> Option<DumpValue> {
        self.items
            .iter_mut()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.take())
    }

    fn in_field<T>(&self, name: &str, r: Result<T, ReadError>) -> Result<T, ReadError> {
        r.map_err(|e| ReadError::new(format!("{}.{}: {}", self.class_name, name, e.message)))
    }

    /// A field without `?` (or a `*` field): must be present.
    pub fn required<T: FromDump>(&mut self, name: &str) -> Result<T, ReadError> {
        match self.take(name) {
            Some(v) => {
                let r = T::from_dump(v);
                self.in_field(name, r)
            }
            None => Err(ReadError::new(format!(
                "required field \"{name}\" missing from {}",
                self.class_name
            ))),
        }
    }

    /// A `?` field: absent or None reads as `None`.
    pub fn optional<T: FromDump>(&mut self, name: &str) -> Result<Option<T>, ReadError> {
        match self.take(name) {
            None | Some(DumpValue::Const(ConstantValue::None)) => Ok(None),
            Some(v) => {
                let r = T::from_dump(v).map(Some);
                self.in_field(name, r)
            }
        }
    }

    /// The four position attributes.
    pub fn location(&mut self) -> Result<Location, ReadError> {
        Ok(Location {
            lineno: self.required("lineno")?,
            col_offset: self.required("col_offset")?,
            end_lineno: self.required("end_lineno")?,
            end_col_offset: self.required("end_col_offset")?,
        })
    }

    /// Fails if an argument matched no field.
    pub fn finish(self) -> Result<(), ReadError> {
        match self.items.iter().find(|(_, v)| v.is_some()) {
            Some((name, _)) => Err(ReadError::new(format!(
                "{} has no field {:?}",
                self.class_name, name
            ))),
            None => Ok(()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The text parser.

/// Parses `ast.dump` text (one value, surrounding whitespace allowed).
pub fn parse_dump(text: &str) -> Result<DumpValue, ReadError> {
    let mut p = TextParser { text, pos: 0 };
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos != text.len() {
        return Err(p.error("text after the value"));
    }
    Ok(v)
}

/// Deeper trees than this are refused rather than overflowing the stack.
const MAX_DEPTH: usize = 5000;

struct TextParser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> TextParser<'a> {
    fn error(&self, what: &str) -> ReadError {
        ReadError {
            message: what.to_string(),
            offset: Some(self.pos),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + ahead).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), ReadError> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", c as char)))
        }
    }

    fn word(&mut self) -> &'a str {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// Items separated by ", " up to `close`; `item` parses one.
    fn sequence<T>(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Result<T, ReadError>,
    ) -> Result<Vec<T>, ReadError> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(out);
            }
            if !out.is_empty() {
                self.expect(b',')?;
                self.skip_ws();
                // A trailing comma (`(x,)`).
                if self.peek() == Some(close) {
                    self.pos += 1;
                    return Ok(out);
                }
            }
            out.push(item(self)?);
        }
    }

    fn value(&mut self, depth: usize) -> Result<DumpValue, ReadError> {
        if depth > MAX_DEPTH {
            return Err(self.error("tree too deep"));
        }
        self.skip_ws();
        match self.peek() {
            Some(b'[') => {
                self.pos += 1;
                Ok(DumpValue::List(
                    self.sequence(b']', |p| p.value(depth + 1))?,
                ))
            }
            Some(b'(') => self.parenthesized(depth),
            Some(b'\'' | b'"') => Ok(DumpValue::Const(ConstantValue::Str(self.str_literal()?))),
            Some(b'b') if matches!(self.peek_at(1), Some(b'\'' | b'"')) => {
                self.pos += 1;
                Ok(DumpValue::Const(ConstantValue::Bytes(
                    self.bytes_literal()?,
                )))
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => Ok(DumpValue::Const(self.number()?)),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let start = self.pos;
                let word = self.word();
                if self.peek() == Some(b'(') {
                    self.pos += 1;
                    if word == "frozenset" {
                        return self.frozenset(depth);
                    }
                    let args = self.sequence(b')', |p| p.argument(depth + 1))?;
                    return Ok(DumpValue::Node {
                        name: word.to_string(),
                        args,
                    });
                }
                let c = match word {
                    "None" => ConstantValue::None,
                    "True" => ConstantValue::Bool(true),
                    "False" => ConstantValue::Bool(false),
                    "Ellipsis" => ConstantValue::Ellipsis,
                    "inf" | "nan" | "infj" | "nanj" => {
                        self.pos = start;
                        self.number()?
                    }
                    _ => {
                        self.pos = start;
                        return Err(self.error(&format!("unexpected word {word:?}")));
                    }
                };
                Ok(DumpValue::Const(c))
            }
            _ => Err(self.error("expected a value")),
        }
    }

    fn argument(&mut self, depth: usize) -> Result<DumpArg, ReadError> {
        self.skip_ws();
        let start = self.pos;
        let name = self.word();
        if !name.is_empty() && self.peek() == Some(b'=') {
            self.pos += 1;
            let value = self.value(depth)?;
            return Ok(DumpArg {
                name: Some(name.to_string()),
                value,
            });
        }
        self.pos = start;
        Ok(DumpArg {
            name: None,
            value: self.value(depth)?,
        })
    }

    /// `frozenset()` or `frozenset({a, b})`, after "frozenset(".
    fn frozenset(&mut self, depth: usize) -> Result<DumpValue, ReadError> {
        self.skip_ws();
        let mut items = Vec::new();
        if self.peek() == Some(b'{') {
            self.pos += 1;
            items = self.sequence(b'}', |p| p.constant(depth + 1))?;
        }
        self.expect(b')')?;
        Ok(DumpValue::Const(ConstantValue::FrozenSet(items)))
    }

    fn constant(&mut self, depth: usize) -> Result<ConstantValue, ReadError> {
        match self.value(depth)? {
            DumpValue::Const(c) => Ok(c),
            _ => Err(self.error("expected a constant inside a tuple or frozenset")),
        }
    }

    /// A tuple `()`, `(x,)`, `(x, y)` or a complex `(re+imj)`, at '('.
    fn parenthesized(&mut self, depth: usize) -> Result<DumpValue, ReadError> {
        self.pos += 1;
        self.skip_ws();
        let start = self.pos;
        if let Some((real, _)) = self.number_token() {
            if matches!(self.peek(), Some(b'+' | b'-')) {
                let real: f64 = real.parse().map_err(|_| self.error("bad real part"))?;
                let (imag, is_imag) = self
                    .number_token()
                    .ok_or_else(|| self.error("bad complex"))?;
                let imag = imag.strip_prefix('+').unwrap_or(imag);
                let imag: f64 = imag.parse().map_err(|_| self.error("bad imaginary part"))?;
                if !is_imag {
                    return Err(self.error("expected 'j'"));
                }
                self.expect(b')')?;
                return Ok(DumpValue::Const(ConstantValue::Complex { real, imag }));
            }
        }
        self.pos = start;
        let items = self.sequence(b')', |p| p.constant(depth + 1))?;
        Ok(DumpValue::Const(ConstantValue::Tuple(items)))
    }

    /// Scans `[+-](digits[.digits][e[+-]digits] | inf | nan)[j]`, returning the text
    /// without the 'j' and whether the 'j' was there; `None` (position unspecified) if
    /// there is no number here.
    fn number_token(&mut self) -> Option<(&'a str, bool)> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        let rest = &self.text[self.pos..];
        if rest.starts_with("inf") || rest.starts_with("nan") {
            self.pos += 3;
        } else {
            let digits_start = self.pos;
            while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                self.pos += 1;
            }
            if self.pos == digits_start {
                return None;
            }
            if self.peek() == Some(b'.') {
                self.pos += 1;
                while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            if matches!(self.peek(), Some(b'e' | b'E')) {
                self.pos += 1;
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.pos += 1;
                }
                while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
        }
        let text = &self.text[start..self.pos];
        let is_imag = self.peek() == Some(b'j');
        if is_imag {
            self.pos += 1;
        }
        Some((text, is_imag))
    }

    fn number(&mut self) -> Result<ConstantValue, ReadError> {
        let start = self.pos;
        let (text, is_imag) = self
            .number_token()
            .ok_or_else(|| self.error("expected a number"))?;
        let bad = |p: &Self| ReadError {
            message: format!("bad number {text:?}"),
            offset: Some(start.min(p.pos)),
        };
        if is_imag {
            let imag: f64 = text.parse().map_err(|_| bad(self))?;
            return Ok(ConstantValue::Complex { real: 0.0, imag });
        }
        if text
            .bytes()
            .any(|c| matches!(c, b'.' | b'e' | b'E' | b'i' | b'n'))
        {
            return text
                .parse()
                .map(ConstantValue::Float)
                .map_err(|_| bad(self));
        }
        text.parse::<Int>()
            .map(ConstantValue::Int)
            .map_err(|_| bad(self))
    }

    fn hex_escape(&mut self, digits: usize) -> Result<u32, ReadError> {
        let hex = self
            .text
            .get(self.pos..self.pos + digits)
            .ok_or_else(|| self.error("short escape"))?;
        let v = u32::from_str_radix(hex, 16).map_err(|_| self.error("bad hex escape"))?;
        self.pos += digits;
        Ok(v)
    }

    /// A `repr(str)` literal at its quote.
    fn str_literal(&mut self) -> Result<PyStr, ReadError> {
        let quote = self.peek().expect("called at a quote");
        self.pos += 1;
        let mut s = PyStr::default();
        loop {
            let run_start = self.pos;
            while matches!(self.peek(), Some(c) if c != quote && c != b'\\') {
                self.pos += 1;
            }
            s.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(s);
                }
                _ => {}
            }
            self.pos += 1;
            let e = self
                .peek()
                .ok_or_else(|| self.error("unterminated string"))?;
            self.pos += 1;
            let cp = match e {
                b'x' => self.hex_escape(2)?,
                b'u' => self.hex_escape(4)?,
                b'U' => self.hex_escape(8)?,
                _ => simple_escape(e).ok_or_else(|| self.error("unknown escape"))? as u32,
            };
            s.push_code_point(cp)
                .ok_or_else(|| self.error("code point out of range"))?;
        }
    }

    /// A `repr(bytes)` literal at its quote (after the 'b').
    fn bytes_literal(&mut self) -> Result<Vec<u8>, ReadError> {
        let quote = self.peek().expect("called at a quote");
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let c = self
                .peek()
                .ok_or_else(|| self.error("unterminated bytes"))?;
            self.pos += 1;
            if c == quote {
                return Ok(out);
            }
            if c != b'\\' {
                if !c.is_ascii() {
                    return Err(self.error("non-ASCII character in bytes"));
                }
                out.push(c);
                continue;
            }
            let e = self
                .peek()
                .ok_or_else(|| self.error("unterminated bytes"))?;
            self.pos += 1;
            out.push(match e {
                b'x' => self.hex_escape(2)? as u8,
                _ => simple_escape(e).ok_or_else(|| self.error("unknown escape"))?,
            });
        }
    }
}

/// The one-character escapes a repr (or a hand-written dump) may use.
fn simple_escape(e: u8) -> Option<u8> {
    Some(match e {
        b'\\' => b'\\',
        b'\'' => b'\'',
        b'"' => b'"',
        b't' => b'\t',
        b'n' => b'\n',
        b'r' => b'\r',
        b'a' => 0x07,
        b'b' => 0x08,
        b'f' => 0x0C,
        b'v' => 0x0B,
        b'0' => 0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn constant(text: &str) -> ConstantValue {
        match parse_dump(text).unwrap() {
            DumpValue::Const(c) => c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn constants_read_back_to_their_repr() {
        for text in [
            "None",
            "True",
            "Ellipsis",
            "0",
            "-12345678901234567890123",
            "1.5",
            "-0.0",
            "inf",
            "-inf",
            "nan",
            "1e+16",
            "1j",
            "-0j",
            "infj",
            "(1+2j)",
            "(-0-1.5e-07j)",
            "(nan+nanj)",
            "'a\\'b\"'",
            "\"it's\"",
            "'\\udc80\\x00\\U000e0001é'",
            "b''",
            "b'\\x00\\'\"'",
            "()",
            "(1,)",
            "(1, 'a', (2.5, None))",
            "frozenset()",
            "frozenset({1, 2})",
        ] {
            assert_eq!(constant(text).repr(), text);
        }
    }

    #[test]
    fn nodes_and_errors() {
        let v = parse_dump("Name(id='x', ctx=Load())").unwrap();
        let DumpValue::Node { name, args } = v else {
            panic!()
        };
        assert_eq!(name, "Name");
        assert_eq!(args.len(), 2);
        assert_eq!(
            args[1].value,
            DumpValue::Node {
                name: "Load".into(),
                args: vec![]
            }
        );
        assert!(parse_dump("Name(id='x'").is_err());
        assert!(parse_dump("[1, 2] 3").is_err());
        assert_eq!(parse_dump("'abc").unwrap_err().offset, Some(4));
    }
}
