//! `str.format` and `str.format_map` (CPython's Objects/stringlib/unicode_format.h): the
//! markup scanner (literal text, `{{`/`}}` escapes, `{field!conv:spec}` fields with nested
//! fields in the spec), field names (`0`, `name`, `.attr`, `[key]`, `[0]`), automatic
//! numbering, conversions and rendering through `format(obj, spec)`, with CPython's errors.
//! The scanner and the field-name splitter are public for `_string.formatter_parser` /
//! `formatter_field_name_split`.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::{PyExc_IndexError, PyExc_KeyError};
use crate::objects::object::{self, Ref};
use crate::objects::unicodeobject::{self as ustr, StrBuilder};
use core::ptr::null_mut;

/// A half-open range of code points of the format string.
pub type Span = (usize, usize);

/// One `{...}` replacement field.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: Span,
    /// The conversion character after `!`, if any.
    pub conversion: Option<u32>,
    pub spec: Span,
    /// The spec holds `{` (nested fields to expand first).
    pub spec_needs_expanding: bool,
}

/// One step of the markup scan: literal text, then possibly a field.
#[derive(Clone, Copy, Debug)]
pub struct Markup {
    pub literal: Span,
    pub field: Option<Field>,
}

/// The code points of a str.
pub unsafe fn code_points(op: *mut PyObject) -> Vec<u32> {
    let (data, kind) = ustr::data_and_kind(op);
    (0..ustr::length(op) as usize).map(|i| ustr::read_char(data, kind, i)).collect()
}

/// `MarkupIterator_next`: the next literal run and field of `s[*pos..end]`, or None at the end.
pub fn markup_next(s: &[u32], pos: &mut usize, end: usize) -> PyResult<Option<Markup>> {
    if *pos >= end {
        return Ok(None);
    }
    let start = *pos;
    let mut c = 0u32;
    let mut markup_follows = false;
    while *pos < end {
        c = s[*pos];
        *pos += 1;
        if c == '{' as u32 || c == '}' as u32 {
            markup_follows = true;
            break;
        }
    }
    let at_end = *pos >= end;
    let mut len = *pos - start;
    if c == '}' as u32 && markup_follows && (at_end || s[*pos] != c) {
        return Err(errors::value_error("Single '}' encountered in format string"));
    }
    if at_end && c == '{' as u32 && markup_follows {
        return Err(errors::value_error("Single '{' encountered in format string"));
    }
    if !at_end && markup_follows {
        if s[*pos] == c {
            // An escaped brace: the literal keeps one brace and no field follows.
            *pos += 1;
            markup_follows = false;
        } else {
            len -= 1;
        }
    }
    let literal = (start, start + len);
    if !markup_follows {
        return Ok(Some(Markup { literal, field: None }));
    }
    let field = parse_field(s, pos, end)?;
    Ok(Some(Markup { literal, field: Some(field) }))
}

/// `parse_field`: after a `{`, the field name, conversion and spec up to the matching `}`.
fn parse_field(s: &[u32], pos: &mut usize, end: usize) -> PyResult<Field> {
    let name_start = *pos;
    let mut c = 0u32;
    while *pos < end {
        c = s[*pos];
        *pos += 1;
        match char::from_u32(c) {
            Some('{') => return Err(errors::value_error("unexpected '{' in field name")),
            Some('[') => {
                while *pos < end && s[*pos] != ']' as u32 {
                    *pos += 1;
                }
                continue;
            }
            Some('}') | Some(':') | Some('!') => break,
            _ => continue,
        }
    }
    let name = (name_start, if c == '}' as u32 || c == ':' as u32 || c == '!' as u32 { *pos - 1 } else { *pos });
    let mut field = Field { name, conversion: None, spec: (0, 0), spec_needs_expanding: false };
    if c == '!' as u32 || c == ':' as u32 {
        if c == '!' as u32 {
            if *pos >= end {
                return Err(errors::value_error("end of string while looking for conversion specifier"));
            }
            field.conversion = Some(s[*pos]);
            *pos += 1;
            if *pos < end {
                let c2 = s[*pos];
                *pos += 1;
                if c2 == '}' as u32 {
                    return Ok(field);
                }
                if c2 != ':' as u32 {
                    return Err(errors::value_error("expected ':' after conversion specifier"));
                }
            }
        }
        let spec_start = *pos;
        let mut count = 1;
        while *pos < end {
            let c2 = s[*pos];
            *pos += 1;
            if c2 == '{' as u32 {
                field.spec_needs_expanding = true;
                count += 1;
            } else if c2 == '}' as u32 {
                count -= 1;
                if count == 0 {
                    field.spec = (spec_start, *pos - 1);
                    return Ok(field);
                }
            }
        }
        return Err(errors::value_error("unmatched '{' in format spec"));
    }
    if c != '}' as u32 {
        return Err(errors::value_error("expected '}' before end of string"));
    }
    Ok(field)
}

/// `get_integer`: the decimal value of a span, None when it is empty or not all digits.
fn get_integer(s: &[u32], span: Span) -> PyResult<Option<isize>> {
    if span.0 >= span.1 {
        return Ok(None);
    }
    let mut acc: isize = 0;
    for &c in &s[span.0..span.1] {
        let d = ustr::ctype::to_decimal(c);
        if d < 0 {
            return Ok(None);
        }
        let d = d as isize;
        if acc > (isize::MAX - d) / 10 {
            return Err(errors::value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d;
    }
    Ok(Some(acc))
}

/// Automatic field numbering state (`AutoNumber`).
#[derive(Default)]
pub struct AutoNumber {
    state: AutoState,
    next: isize,
}

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum AutoState {
    #[default]
    Init,
    Auto,
    Manual,
}

/// One `.attr` or `[key]` step of a field name.
#[derive(Clone, Copy, Debug)]
pub enum Accessor {
    Attr(Span),
    Item(Span, Option<isize>),
}

/// The `.attr` / `[key]` steps after a field name's first part (`FieldNameIterator`), parsed
/// one at a time as they are applied, so a failing lookup is reported before a later syntax
/// error (as CPython).
pub struct FieldNameIter {
    pos: usize,
    end: usize,
}

impl FieldNameIter {
    /// The next step, None at the end.
    pub fn next(&mut self, s: &[u32]) -> PyResult<Option<Accessor>> {
        if self.pos >= self.end {
            return Ok(None);
        }
        let c = s[self.pos];
        self.pos += 1;
        let acc = if c == '.' as u32 {
            let start = self.pos;
            while self.pos < self.end && s[self.pos] != '.' as u32 && s[self.pos] != '[' as u32 {
                self.pos += 1;
            }
            Accessor::Attr((start, self.pos))
        } else if c == '[' as u32 {
            let start = self.pos;
            while self.pos < self.end && s[self.pos] != ']' as u32 {
                self.pos += 1;
            }
            if self.pos >= self.end {
                return Err(errors::value_error("Missing ']' in format string"));
            }
            let name = (start, self.pos);
            self.pos += 1;
            Accessor::Item(name, get_integer(s, name)?)
        } else {
            return Err(errors::value_error("Only '.' or '[' may follow ']' in format field specifier"));
        };
        let (Accessor::Attr(n) | Accessor::Item(n, _)) = acc;
        if n.0 == n.1 {
            return Err(errors::value_error("Empty attribute in format string"));
        }
        Ok(Some(acc))
    }
}

/// `field_name_split`: the first part (a span and its integer value, if any) and an iterator
/// over the steps after it. With `auto`, empty names are numbered and mixing is refused.
pub fn field_name_split(
    s: &[u32],
    span: Span,
    auto: Option<&mut AutoNumber>,
) -> PyResult<(Span, Option<isize>, FieldNameIter)> {
    let mut i = span.0;
    while i < span.1 && s[i] != '.' as u32 && s[i] != '[' as u32 {
        i += 1;
    }
    let first = (span.0, i);
    let mut index = get_integer(s, first)?;
    let empty = first.0 >= first.1;
    if let Some(auto) = auto {
        let numeric = empty || index.is_some();
        if auto.state == AutoState::Init && numeric {
            auto.state = if empty { AutoState::Auto } else { AutoState::Manual };
        }
        if numeric {
            if auto.state == AutoState::Manual && empty {
                return Err(errors::value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            if auto.state == AutoState::Auto && !empty {
                return Err(errors::value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
        }
        if empty {
            index = Some(auto.next);
            auto.next += 1;
        }
    }
    Ok((first, index, FieldNameIter { pos: i, end: span.1 }))
}

/// A str of `s[span]`.
fn substring(s: &[u32], span: Span) -> PyResult<Ref> {
    ustr::from_ucs4(&s[span.0..span.1])
}

/// `get_field_object`: the object a field name designates.
unsafe fn get_field_object(
    s: &[u32],
    span: Span,
    args: *mut PyObject,
    kwargs: *mut PyObject,
    auto: &mut AutoNumber,
) -> PyResult<Ref> {
    let (first, index, mut rest) = field_name_split(s, span, Some(auto))?;
    let mut obj = match index {
        None => {
            let key = substring(s, first)?;
            if kwargs.is_null() {
                return Err(errors::set_object(PyExc_KeyError, key.as_ptr()));
            }
            crate::objects::r#abstract::mapping::get_item(kwargs, key.as_ptr())?
        }
        Some(i) => {
            if args.is_null() {
                return Err(errors::value_error("Format string contains positional fields"));
            }
            match crate::objects::r#abstract::sequence::get_item(args, i) {
                Ok(o) => o,
                Err(_) => {
                    return Err(errors::set_string(
                        PyExc_IndexError,
                        &format!("Replacement index {i} out of range for positional args tuple"),
                    ))
                }
            }
        }
    };
    while let Some(acc) = rest.next(s)? {
        obj = match acc {
            Accessor::Attr(n) => {
                let name = substring(s, n)?;
                object::get_attr(obj.as_ptr(), name.as_ptr())?
            }
            Accessor::Item(n, None) => {
                let key = substring(s, n)?;
                crate::objects::r#abstract::mapping::get_item(obj.as_ptr(), key.as_ptr())?
            }
            Accessor::Item(_, Some(i)) => {
                if crate::objects::r#abstract::sequence::check(obj.as_ptr()) {
                    crate::objects::r#abstract::sequence::get_item(obj.as_ptr(), i)?
                } else {
                    let key = crate::objects::longobject::from_i64(i as i64)?;
                    crate::objects::r#abstract::mapping::get_item(obj.as_ptr(), key.as_ptr())?
                }
            }
        };
    }
    Ok(obj)
}

/// `do_conversion`: `!r`, `!s`, `!a`.
unsafe fn convert(obj: *mut PyObject, conversion: u32) -> PyResult<Ref> {
    match char::from_u32(conversion) {
        Some('r') => object::repr(obj),
        Some('s') => object::str(obj),
        Some('a') => object::ascii(obj),
        _ if conversion > 32 && conversion < 127 => Err(errors::value_error(&format!(
            "Unknown conversion specifier {}",
            char::from_u32(conversion).unwrap_or('?')
        ))),
        _ => Err(errors::value_error(&format!("Unknown conversion specifier \\x{conversion:x}"))),
    }
}

/// `build_string`: expands `s[span]` with `args` (a sequence, or NULL for format_map) and
/// `kwargs` (a mapping or NULL); `depth` counts the nesting left (2 at the top, as PEP 3101).
pub unsafe fn build_string(
    s: &[u32],
    span: Span,
    args: *mut PyObject,
    kwargs: *mut PyObject,
    depth: i32,
    auto: &mut AutoNumber,
) -> PyResult<Ref> {
    if depth <= 0 {
        return Err(errors::value_error("Max string recursion exceeded"));
    }
    let mut out = StrBuilder::with_capacity(span.1 - span.0 + 16);
    let mut pos = span.0;
    while let Some(m) = markup_next(s, &mut pos, span.1)? {
        for &c in &s[m.literal.0..m.literal.1] {
            out.push(c);
        }
        let Some(f) = m.field else { continue };
        let mut obj = get_field_object(s, f.name, args, kwargs, auto)?;
        if let Some(conv) = f.conversion {
            obj = convert(obj.as_ptr(), conv)?;
        }
        let spec = if f.spec_needs_expanding {
            build_string(s, f.spec, args, kwargs, depth - 1, auto)?
        } else {
            substring(s, f.spec)?
        };
        let text = crate::objects::r#abstract::number::format(obj.as_ptr(), spec.as_ptr())?;
        out.push_substr(text.as_ptr(), 0, ustr::length(text.as_ptr()) as usize);
    }
    out.finish()
}

/// `str.format(*args, **kwargs)`.
pub unsafe extern "C" fn str_format(op: *mut PyObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    let s = code_points(op);
    let mut auto = AutoNumber::default();
    errors::ptr_result(build_string(&s, (0, s.len()), args, kwargs, 2, &mut auto))
}

/// `str.format_map(mapping)`.
pub unsafe extern "C" fn str_format_map(op: *mut PyObject, mapping: *mut PyObject) -> *mut PyObject {
    let s = code_points(op);
    let mut auto = AutoNumber::default();
    errors::ptr_result(build_string(&s, (0, s.len()), null_mut(), mapping, 2, &mut auto))
}
