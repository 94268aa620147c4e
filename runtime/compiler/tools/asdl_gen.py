"""Generate the compiler's AST node types from CPython 3.11's Parser/Python.asdl.

Run from runtime/compiler:
    python3 tools/asdl_gen.py PATH/TO/Python.asdl
(or with no argument: the path comes from `bash /work/shared/tools/cpython-src`).

Writes (all under src/ast/, each marked as generated):
  nodes.rs       one Rust type per ASDL type and constructor
  schema.rs      the ASDL itself as a static table (types, constructors, fields with their
                 `?`/`*` markers, attributes) for code that must cover every node generically:
                 the runtime's `_ast` class creation and object conversion, tests
  dump_impls.rs  `Dump` for every type: `ast.dump`'s output
  read_impls.rs  `FromDump` for every type: back from `ast.dump` text

Rust shape, from the ASDL:
  * a sum whose constructors have no fields ("simple": operator, cmpop, ...) -> a C-like enum;
  * a sum with attributes (stmt, expr, pattern) -> `struct Stmt { kind: StmtKind, location }`
    with one `StmtFoo` struct per constructor (unit variants for constructors without fields);
  * a sum without attributes (mod) -> `enum Mod` of `ModFoo` structs;
  * a sum with a single constructor (excepthandler, type_ignore) -> one struct named after
    the constructor, holding its fields (and location);
  * a product (arguments, arg, ...) -> a struct.
  Field types: identifier and string -> String, int -> i32, constant -> ConstantValue;
  `?` -> Option, `*` -> Vec; a single node of a non-simple type is boxed.
  The four position attributes become one `Location` of C ints: CPython's C AST always
  holds all four (the `?` on end_lineno/end_col_offset only lets Python objects omit them;
  the conversion into C fills them from lineno/col_offset).
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT_DIR = os.path.join(ROOT, "src", "ast")

# Rust names for ASDL type names (anything else: CamelCase of the ASDL name).
TYPE_NAMES = {
    "boolop": "BoolOp",
    "unaryop": "UnaryOp",
    "cmpop": "CmpOp",
    "excepthandler": "ExceptHandler",
    "withitem": "WithItem",
}
BUILTIN_TYPES = {
    "identifier": "Identifier",
    "string": "String",
    "int": "i32",
    "constant": "ConstantValue",
}
# `expr*` fields whose elements may be NULL in CPython's C AST (and None in Python):
# `{**d}` has a None key, a keyword-only argument without default a None kw_default.
NULLABLE_ELEMENTS = {("Dict", "keys"), ("arguments", "kw_defaults")}
LOCATION_ATTRIBUTES = ["lineno", "col_offset", "end_lineno", "end_col_offset"]
RUST_KEYWORDS = {
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do",
    "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
}


# ---------------------------------------------------------------------------------------
# ASDL parsing


class Field:
    def __init__(self, type_name, name, quantifier):
        self.type = type_name
        self.name = name
        self.q = quantifier  # "" | "?" | "*"


class Constructor:
    def __init__(self, name, fields):
        self.name = name
        self.fields = fields


class Definition:
    def __init__(self, name, constructors, fields, attributes, is_product):
        self.name = name
        self.constructors = constructors  # sums
        self.fields = fields  # products
        self.attributes = attributes
        self.is_product = is_product


TOKEN_RE = re.compile(r"\s+|--[^\n]*|([A-Za-z_][A-Za-z0-9_]*)|([=|(),*?{}])")


def tokenize(text):
    tokens = []
    pos = 0
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            raise SyntaxError("ASDL: unexpected %r at offset %d" % (text[pos], pos))
        pos = m.end()
        if m.group(1):
            tokens.append(m.group(1))
        elif m.group(2):
            tokens.append(m.group(2))
    return tokens


class Parser:
    def __init__(self, text):
        self.toks = tokenize(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, expected=None):
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise SyntaxError("ASDL: expected %r, found %r" % (expected, tok))
        self.i += 1
        return tok

    def fields(self):
        self.take("(")
        out = []
        while True:
            type_name = self.take()
            q = ""
            if self.peek() in ("?", "*"):
                q = self.take()
            out.append(Field(type_name, self.take(), q))
            if self.peek() == ",":
                self.take()
                continue
            self.take(")")
            return out

    def module(self):
        self.take("module")
        self.take()
        self.take("{")
        defs = []
        while self.peek() != "}":
            name = self.take()
            self.take("=")
            if self.peek() == "(":
                fields = self.fields()
                attrs = self.attributes()
                defs.append(Definition(name, [], fields, attrs, True))
                continue
            cons = []
            while True:
                cname = self.take()
                cfields = self.fields() if self.peek() == "(" else []
                cons.append(Constructor(cname, cfields))
                if self.peek() == "|":
                    self.take()
                    continue
                break
            attrs = self.attributes()
            defs.append(Definition(name, cons, [], attrs, False))
        self.take("}")
        return defs

    def attributes(self):
        if self.peek() == "attributes":
            self.take()
            return self.fields()
        return []


# ---------------------------------------------------------------------------------------
# Rust emission helpers


def camel(name):
    if name in TYPE_NAMES:
        return TYPE_NAMES[name]
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def rust_field(name):
    return name + "_" if name in RUST_KEYWORDS else name


class Model:
    def __init__(self, defs):
        self.defs = defs
        self.by_name = {d.name: d for d in defs}

    def is_simple(self, d):
        return (not d.is_product and not d.attributes
                and all(not c.fields for c in d.constructors))

    def is_single(self, d):
        return not d.is_product and not self.is_simple(d) and len(d.constructors) == 1

    def has_location(self, d):
        names = [a.name for a in d.attributes]
        if not names:
            return False
        if names != LOCATION_ATTRIBUTES or any(a.type != "int" for a in d.attributes):
            raise SystemExit("unexpected attributes on %s: %s" % (d.name, names))
        return True

    def field_type(self, owner, f):
        """The Rust type of field `f` of constructor/product `owner`."""
        if f.type in BUILTIN_TYPES:
            base, boxed = BUILTIN_TYPES[f.type], False
        else:
            d = self.by_name[f.type]
            base, boxed = camel(d.name), not self.is_simple(d)
        if f.q == "*":
            if (owner, f.name) in NULLABLE_ELEMENTS:
                return "Vec<Option<%s>>" % base
            return "Vec<%s>" % base
        one = "Box<%s>" % base if boxed else base
        if f.q == "?":
            return "Option<%s>" % one
        return one

    def struct_name(self, d, c):
        if self.is_single(d):
            return c.name
        return camel(d.name) + c.name


def asdl_signature(name, fields):
    if not fields:
        return name
    return "%s(%s)" % (name, ", ".join("%s%s %s" % (f.type, f.q, f.name) for f in fields))


HEADER = "// Generated by tools/asdl_gen.py from CPython 3.11's Parser/Python.asdl. Do not edit.\n"


# ---------------------------------------------------------------------------------------
# nodes.rs


def emit_nodes(m):
    out = [HEADER, "//! The AST node types: one Rust type per type and constructor of Python.asdl.\n",
           "#![allow(clippy::large_enum_variant)]\n",
           "use super::constant::ConstantValue;\n",
           "/// An `identifier` of the ASDL: a name, NFKC-normalized by the parser.",
           "pub type Identifier = String;\n",
           "/// The position attributes (`lineno`, `col_offset`, `end_lineno`, `end_col_offset`):",
           "/// lines count from 1, columns are UTF-8 byte offsets in the line, as CPython stores them.",
           "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]",
           "pub struct Location {",
           "    pub lineno: i32,",
           "    pub col_offset: i32,",
           "    pub end_lineno: i32,",
           "    pub end_col_offset: i32,",
           "}\n"]

    def struct(name, doc, fields, owner, location):
        out.append("/// `%s`" % doc)
        out.append("#[derive(Debug, Clone, PartialEq)]")
        out.append("pub struct %s {" % name)
        for f in fields:
            out.append("    pub %s: %s," % (rust_field(f.name), m.field_type(owner, f)))
        if location:
            out.append("    pub location: Location,")
        out.append("}\n")

    for d in m.defs:
        tname = camel(d.name)
        loc = m.has_location(d)
        if d.is_product:
            struct(tname, asdl_signature(d.name, d.fields), d.fields, d.name, loc)
        elif m.is_simple(d):
            out.append("/// `%s = %s`" % (d.name, " | ".join(c.name for c in d.constructors)))
            out.append("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]")
            out.append("pub enum %s {" % tname)
            for c in d.constructors:
                out.append("    %s," % c.name)
            out.append("}\n")
            out.append("impl %s {" % tname)
            out.append("    /// All values, in ASDL order.")
            out.append("    pub const ALL: &'static [%s] = &[%s];\n" % (
                tname, ", ".join("%s::%s" % (tname, c.name) for c in d.constructors)))
            out.append("    /// The `_ast` class name.")
            out.append("    pub fn class_name(self) -> &'static str {")
            out.append("        match self {")
            for c in d.constructors:
                out.append('            %s::%s => "%s",' % (tname, c.name, c.name))
            out.append("        }\n    }\n}\n")
        elif m.is_single(d):
            c = d.constructors[0]
            struct(c.name, "%s = %s" % (d.name, asdl_signature(c.name, c.fields)), c.fields,
                   c.name, loc)
        else:
            kind = tname + "Kind" if loc else tname
            if loc:
                out.append("/// `%s`: a [`%s`] with its position." % (d.name, kind))
                out.append("#[derive(Debug, Clone, PartialEq)]")
                out.append("pub struct %s {" % tname)
                out.append("    pub kind: %s," % kind)
                out.append("    pub location: Location,")
                out.append("}\n")
            out.append("/// The constructors of `%s`." % d.name)
            out.append("#[derive(Debug, Clone, PartialEq)]")
            out.append("pub enum %s {" % kind)
            for c in d.constructors:
                if c.fields:
                    out.append("    %s(%s)," % (c.name, m.struct_name(d, c)))
                else:
                    out.append("    %s," % c.name)
            out.append("}\n")
            out.append("impl %s {" % kind)
            out.append("    /// The `_ast` class name of this constructor.")
            out.append("    pub fn class_name(&self) -> &'static str {")
            out.append("        match self {")
            for c in d.constructors:
                pat = "(_)" if c.fields else ""
                out.append('            %s::%s%s => "%s",' % (kind, c.name, pat, c.name))
            out.append("        }\n    }\n}\n")
            for c in d.constructors:
                if c.fields:
                    struct(m.struct_name(d, c), asdl_signature(c.name, c.fields), c.fields,
                           c.name, False)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# schema.rs


def emit_schema(m):
    out = [HEADER, '''//! Python.asdl as data: every type, constructor, field (with its `?`/`*` marker) and
//! attribute, in ASDL order. Code that must treat every node alike reads this table: the
//! runtime's `_ast` classes (`_fields`, `_attributes`, class-level `None` for `?` members,
//! docstrings) and its object conversion, and the tests that check the Rust types.

/// How many values a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// Exactly one (no marker).
    One,
    /// Zero or one (`?`): `None` in Python, and a class-level `None` default.
    Optional,
    /// A sequence (`*`): a Python list.
    Sequence,
}

impl Quantifier {
    /// The ASDL marker: "", "?" or "*".
    pub fn marker(self) -> &'static str {
        match self {
            Quantifier::One => "",
            Quantifier::Optional => "?",
            Quantifier::Sequence => "*",
        }
    }
}

/// A field or attribute: `type_name quantifier name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    /// An ASDL type: a builtin (`identifier`, `string`, `int`, `constant`) or a definition.
    pub type_name: &'static str,
    pub quantifier: Quantifier,
    /// For a sequence: whether elements may be None (NULL in C). Not spelled in the ASDL;
    /// true for `Dict.keys` and `arguments.kw_defaults` only.
    pub null_elements: bool,
}

/// A constructor of a sum type (an `_ast` class deriving from the sum's class).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Constructor {
    pub name: &'static str,
    pub fields: &'static [Field],
}

/// A type definition: a sum (constructors) or a product (fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionKind {
    Sum(&'static [Constructor]),
    Product(&'static [Field]),
}

/// One `name = ...` of the ASDL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    pub name: &'static str,
    pub kind: DefinitionKind,
    /// The `attributes (...)`; for sums they belong to every constructor.
    pub attributes: &'static [Field],
}

impl Definition {
    /// A sum whose constructors all lack fields and which has no attributes
    /// (`expr_context`, `boolop`, `operator`, `unaryop`, `cmpop`): CPython shares one
    /// instance per constructor.
    pub fn is_simple_sum(&self) -> bool {
        match self.kind {
            DefinitionKind::Sum(cons) => {
                self.attributes.is_empty() && cons.iter().all(|c| c.fields.is_empty())
            }
            DefinitionKind::Product(_) => false,
        }
    }
}

/// The definition named `name`.
pub fn definition(name: &str) -> Option<&'static Definition> {
    DEFINITIONS.iter().find(|d| d.name == name)
}

/// The definition and constructor of the `_ast` class `class_name` (a constructor, or a
/// product type, which is its own class).
pub fn class(class_name: &str) -> Option<(&'static Definition, Option<&'static Constructor>)> {
    for d in DEFINITIONS {
        match d.kind {
            DefinitionKind::Sum(cons) => {
                if let Some(c) = cons.iter().find(|c| c.name == class_name) {
                    return Some((d, Some(c)));
                }
            }
            DefinitionKind::Product(_) => {
                if d.name == class_name {
                    return Some((d, None));
                }
            }
        }
    }
    None
}

const fn field(
    name: &'static str,
    type_name: &'static str,
    quantifier: Quantifier,
    null_elements: bool,
) -> Field {
    Field { name, type_name, quantifier, null_elements }
}
''']

    def fields_lit(owner, fields, indent):
        if not fields:
            return "&[]"
        pad = " " * indent
        rows = []
        for f in fields:
            q = {"": "One", "?": "Optional", "*": "Sequence"}[f.q]
            rows.append('%s    field("%s", "%s", Quantifier::%s, %s),' % (
                pad, f.name, f.type, q, "true" if (owner, f.name) in NULLABLE_ELEMENTS else "false"))
        return "&[\n%s\n%s]" % ("\n".join(rows), pad)

    out.append("/// Every definition of Python.asdl, in file order.")
    out.append("pub static DEFINITIONS: &[Definition] = &[")
    for d in m.defs:
        out.append("    Definition {")
        out.append('        name: "%s",' % d.name)
        if d.is_product:
            out.append("        kind: DefinitionKind::Product(%s)," % fields_lit(d.name, d.fields, 8))
        else:
            out.append("        kind: DefinitionKind::Sum(&[")
            for c in d.constructors:
                out.append('            Constructor { name: "%s", fields: %s },' % (
                    c.name, fields_lit(c.name, c.fields, 12)))
            out.append("        ]),")
        out.append("        attributes: %s," % fields_lit(None, d.attributes, 8))
        out.append("    },")
    out.append("];")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# dump_impls.rs


def emit_dump(m):
    out = [HEADER, "//! `Dump` for every node type: `ast.dump`'s rendering, field by field in ASDL order.\n",
           "use super::dump::{Dump, Dumper};",
           "use super::nodes::*;\n"]

    def field_calls(fields, var, indent):
        pad = " " * indent
        lines = []
        for f in fields:
            acc = "%s.%s" % (var, rust_field(f.name))
            if f.q == "?":
                lines.append('%sd.optional_field(&mut n, "%s", %s.as_ref());' % (pad, f.name, acc))
            else:
                lines.append('%sd.field(&mut n, "%s", &%s);' % (pad, f.name, acc))
        return lines

    for d in m.defs:
        tname = camel(d.name)
        loc = m.has_location(d)
        if m.is_simple(d):
            out.append("impl Dump for %s {" % tname)
            out.append("    fn dump_into(&self, d: &mut Dumper, level: usize) -> bool {")
            out.append("        let n = d.open_node(self.class_name(), level);")
            out.append("        d.close_node(n)")
            out.append("    }\n}\n")
            continue
        if d.is_product or m.is_single(d):
            if d.is_product:
                name, fields = d.name, d.fields
            else:
                name, fields = d.constructors[0].name, d.constructors[0].fields
                tname = name
            out.append("impl Dump for %s {" % tname)
            out.append("    fn dump_into(&self, d: &mut Dumper, level: usize) -> bool {")
            out.append('        let mut n = d.open_node("%s", level);' % name)
            out.extend(field_calls(fields, "self", 8))
            if loc:
                out.append("        d.attributes(&mut n, &self.location);")
            out.append("        d.close_node(n)")
            out.append("    }\n}\n")
            continue
        kind = tname + "Kind" if loc else tname
        out.append("impl Dump for %s {" % tname)
        out.append("    fn dump_into(&self, d: &mut Dumper, level: usize) -> bool {")
        out.append("        #[allow(unused_mut)]")
        out.append("        let mut n = d.open_node(%s.class_name(), level);" % (
            "self.kind" if loc else "self"))
        out.append("        match %s {" % ("&self.kind" if loc else "self"))
        for c in d.constructors:
            if c.fields:
                out.append("            %s::%s(x) => {" % (kind, c.name))
                out.extend(field_calls(c.fields, "x", 16))
                out.append("            }")
            else:
                out.append("            %s::%s => {}" % (kind, c.name))
        out.append("        }")
        if loc:
            out.append("        d.attributes(&mut n, &self.location);")
        out.append("        d.close_node(n)")
        out.append("    }\n}\n")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# read_impls.rs


def emit_read(m):
    out = [HEADER, "//! `FromDump` for every node type: `ast.dump` text (already parsed into a",
           "//! [`DumpValue`] tree) back into the Rust AST.\n",
           "use super::nodes::*;",
           "use super::read::{DumpValue, FieldReader, FromDump, ReadError};\n"]

    def field_inits(fields, indent):
        pad = " " * indent
        lines = []
        for f in fields:
            how = "optional" if f.q == "?" else "required"
            lines.append('%s%s: r.%s("%s")?,' % (pad, rust_field(f.name), how, f.name))
        return lines

    def names(fields):
        return "&[%s]" % ", ".join('"%s"' % f.name for f in fields)

    for d in m.defs:
        tname = camel(d.name)
        loc = m.has_location(d)
        if m.is_simple(d):
            out.append("impl FromDump for %s {" % tname)
            out.append("    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {")
            out.append('        let (name, args) = v.into_node("%s")?;' % d.name)
            out.append("        let value = match name.as_str() {")
            for c in d.constructors:
                out.append('            "%s" => %s::%s,' % (c.name, tname, c.name))
            out.append('            _ => return Err(ReadError::unknown_class("%s", &name)),' % d.name)
            out.append("        };")
            out.append("        FieldReader::new(&name, args, &[])?.finish()?;")
            out.append("        Ok(value)")
            out.append("    }\n}\n")
            continue
        if d.is_product or m.is_single(d):
            if d.is_product:
                name, fields = d.name, d.fields
            else:
                name, fields = d.constructors[0].name, d.constructors[0].fields
                tname = name
            out.append("impl FromDump for %s {" % tname)
            out.append("    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {")
            out.append('        let (name, args) = v.into_node("%s")?;' % d.name)
            out.append('        if name != "%s" {' % name)
            out.append('            return Err(ReadError::unknown_class("%s", &name));' % d.name)
            out.append("        }")
            out.append("        let mut r = FieldReader::new(&name, args, %s)?;" % names(fields))
            out.append("        let value = %s {" % tname)
            out.extend(field_inits(fields, 12))
            if loc:
                out.append("            location: r.location()?,")
            out.append("        };")
            out.append("        r.finish()?;")
            out.append("        Ok(value)")
            out.append("    }\n}\n")
            continue
        kind = tname + "Kind" if loc else tname
        out.append("impl FromDump for %s {" % tname)
        out.append("    fn from_dump(v: DumpValue) -> Result<Self, ReadError> {")
        out.append('        let (name, args) = v.into_node("%s")?;' % d.name)
        out.append("        let (kind, %sr) = match name.as_str() {" % ("mut " if loc else ""))
        for c in d.constructors:
            out.append('            "%s" => {' % c.name)
            if c.fields:
                out.append("                let mut r = FieldReader::new(&name, args, %s)?;" % names(c.fields))
                out.append("                let node = %s {" % m.struct_name(d, c))
                out.extend(field_inits(c.fields, 20))
                out.append("                };")
                out.append("                (%s::%s(node), r)" % (kind, c.name))
            else:
                out.append("                (%s::%s, FieldReader::new(&name, args, &[])?)" % (kind, c.name))
            out.append("            }")
        out.append('            _ => return Err(ReadError::unknown_class("%s", &name)),' % d.name)
        out.append("        };")
        if loc:
            out.append("        let location = r.location()?;")
            out.append("        r.finish()?;")
            out.append("        Ok(%s { kind, location })" % tname)
        else:
            out.append("        r.finish()?;")
            out.append("        Ok(kind)")
        out.append("    }\n}\n")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) > 1:
        asdl_path = sys.argv[1]
    else:
        src = subprocess.run(["bash", "/work/shared/tools/cpython-src"], check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        asdl_path = os.path.join(src, "Parser", "Python.asdl")
    with open(asdl_path) as f:
        model = Model(Parser(f.read()).module())
    paths = []
    for fname, text in [("nodes.rs", emit_nodes(model)), ("schema.rs", emit_schema(model)),
                        ("dump_impls.rs", emit_dump(model)), ("read_impls.rs", emit_read(model))]:
        path = os.path.join(OUT_DIR, fname)
        with open(path, "w") as f:
            f.write(text)
        paths.append(path)
        print("wrote", os.path.relpath(path, ROOT))
    # Committed in rustfmt's layout, so regenerating gives the same bytes.
    subprocess.run(["rustfmt", "--edition", "2021"] + paths, check=True)


if __name__ == "__main__":
    main()
