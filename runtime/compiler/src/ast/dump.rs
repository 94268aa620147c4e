//! `ast.dump` for the Rust AST: the same text Python 3.11's `Lib/ast.py` produces for the
//! same tree, so a tree from our parser can be compared with CPython's as a string.
//!
//! The rules copied from 3.11's `dump`: fields in `_fields` order, then (with
//! `include_attributes`) the position attributes; a `?` field (or attribute) whose value is
//! None is left out, and once one is left out every later field is written `name=value`
//! even without `annotate_fields`; lists are always written, `[]` when empty; values that
//! are not nodes or lists are `repr()`s. With an `indent`, a node stays on one line only if
//! all its values are "simple" (reprs, empty lists, nodes printed without arguments) and it
//! has at most 3 of them; lists always break.

use super::constant::ConstantValue;
use super::nodes::Location;

/// The options of `ast.dump` (its defaults: annotated fields, no attributes, one line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpOptions {
    pub annotate_fields: bool,
    pub include_attributes: bool,
    /// `indent=`: `None` for one line; `Some("")` puts every item on its own line without
    /// indentation (what `indent=0` or `indent=''` do).
    pub indent: Option<String>,
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions {
            annotate_fields: true,
            include_attributes: false,
            indent: None,
        }
    }
}

/// `ast.dump(node, **options)`.
pub fn dump<T: Dump + ?Sized>(node: &T, options: &DumpOptions) -> String {
    let mut d = Dumper {
        out: String::new(),
        options,
    };
    node.dump_into(&mut d, 0);
    d.out
}

/// `ast.dump(node, include_attributes=True)`: the form the tests compare.
pub fn dump_with_attributes<T: Dump + ?Sized>(node: &T) -> String {
    dump(
        node,
        &DumpOptions {
            include_attributes: true,
            ..DumpOptions::default()
        },
    )
}

/// A value `ast.dump` can print.
pub trait Dump {
    /// Appends this value's text; `level` is the caller's nesting level (only used with an
    /// indent). Returns whether the value counts as "simple" for the one-line rule.
    fn dump_into(&self, d: &mut Dumper, level: usize) -> bool;
}

/// The output buffer and options of one `dump` call.
pub struct Dumper<'a> {
    out: String,
    options: &'a DumpOptions,
}

/// A node being written: where it starts and where each of its `name=value` items lies,
/// so that with an indent it can be re-laid out once we know whether it fits one line.
pub struct OpenNode {
    start: usize,
    after_paren: usize,
    level: usize,
    items: Vec<(usize, usize)>,
    all_simple: bool,
    keywords: bool,
}

impl<'a> Dumper<'a> {
    /// Writes `Name(` and starts collecting items.
    pub fn open_node(&mut self, class_name: &str, parent_level: usize) -> OpenNode {
        let start = self.out.len();
        self.out.push_str(class_name);
        self.out.push('(');
        OpenNode {
            start,
            after_paren: self.out.len(),
            level: parent_level + 1,
            items: Vec::new(),
            all_simple: true,
            keywords: self.options.annotate_fields,
        }
    }

    fn begin_item(&mut self, n: &mut OpenNode, name: &str, keyword: bool) -> usize {
        if !n.items.is_empty() {
            self.out.push_str(", ");
        }
        let item_start = self.out.len();
        if keyword {
            self.out.push_str(name);
            self.out.push('=');
        }
        item_start
    }

    /// A field without `?`: always written (None included, e.g. `MatchSingleton(value=None)`).
    pub fn field<T: Dump + ?Sized>(&mut self, n: &mut OpenNode, name: &str, value: &T) {
        let item_start = self.begin_item(n, name, n.keywords);
        let simple = value.dump_into(self, n.level);
        n.all_simple &= simple;
        n.items.push((item_start, self.out.len()));
    }

    /// A `?` field: left out when None (and later fields then get their names).
    pub fn optional_field<T: Dump + ?Sized>(
        &mut self,
        n: &mut OpenNode,
        name: &str,
        value: Option<&T>,
    ) {
        match value {
            Some(v) => self.field(n, name, v),
            None => n.keywords = true,
        }
    }

    /// The position attributes, when `include_attributes` is set.
    pub fn attributes(&mut self, n: &mut OpenNode, location: &Location) {
        if !self.options.include_attributes {
            return;
        }
        for (name, value) in [
            ("lineno", location.lineno),
            ("col_offset", location.col_offset),
            ("end_lineno", location.end_lineno),
            ("end_col_offset", location.end_col_offset),
        ] {
            let item_start = self.begin_item(n, name, true);
            value.dump_into(self, n.level);
            n.items.push((item_start, self.out.len()));
        }
    }

    /// Writes the closing parenthesis (re-laying the node out over several lines when an
    /// indent is set and it does not fit the one-line rule). Returns whether it is simple.
    pub fn close_node(&mut self, n: OpenNode) -> bool {
        let one_line = n.all_simple && n.items.len() <= 3;
        if let (false, Some(indent)) = (one_line, self.options.indent.as_deref()) {
            let prefix = format!("\n{}", indent.repeat(n.level));
            let sep = format!(",{}", prefix);
            let mut relaid = String::with_capacity(self.out.len() - n.start + 16 * n.items.len());
            relaid.push_str(&self.out[n.start..n.after_paren]);
            relaid.push_str(&prefix);
            for (i, &(from, to)) in n.items.iter().enumerate() {
                if i > 0 {
                    relaid.push_str(&sep);
                }
                relaid.push_str(&self.out[from..to]);
            }
            relaid.push(')');
            self.out.truncate(n.start);
            self.out.push_str(&relaid);
            return false;
        }
        self.out.push(')');
        one_line && n.items.is_empty()
    }

    /// Writes a list: `[]`, or its items separated (and with an indent, one per line).
    pub fn list<T: Dump>(&mut self, items: &[T], parent_level: usize) -> bool {
        if items.is_empty() {
            self.out.push_str("[]");
            return true;
        }
        let level = parent_level + 1;
        let (prefix, sep) = match self.options.indent.as_deref() {
            None => (String::new(), ", ".to_string()),
            Some(indent) => {
                let prefix = format!("\n{}", indent.repeat(level));
                let sep = format!(",{}", prefix);
                (prefix, sep)
            }
        };
        self.out.push('[');
        self.out.push_str(&prefix);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(&sep);
            }
            item.dump_into(self, level);
        }
        self.out.push(']');
        false
    }

    /// Appends raw text (a repr).
    pub fn write(&mut self, text: &str) {
        self.out.push_str(text);
    }
}

impl<T: Dump + ?Sized> Dump for Box<T> {
    fn dump_into(&self, d: &mut Dumper, level: usize) -> bool {
        (**self).dump_into(d, level)
    }
}

impl<T: Dump> Dump for Vec<T> {
    fn dump_into(&self, d: &mut Dumper, level: usize) -> bool {
        d.list(self, level)
    }
}

/// A list element that may be None (`Dict.keys`, `arguments.kw_defaults`).
impl<T: Dump> Dump for Option<T> {
    fn dump_into(&self, d: &mut Dumper, level: usize) -> bool {
        match self {
            Some(v) => v.dump_into(d, level),
            None => {
                d.write("None");
                true
            }
        }
    }
}

/// `identifier` and `string` values: `repr(str)`.
impl Dump for String {
    fn dump_into(&self, d: &mut Dumper, _level: usize) -> bool {
        super::repr::write_text_repr(&mut d.out, self);
        true
    }
}

impl Dump for i32 {
    fn dump_into(&self, d: &mut Dumper, _level: usize) -> bool {
        d.write(&self.to_string());
        true
    }
}

impl Dump for ConstantValue {
    fn dump_into(&self, d: &mut Dumper, _level: usize) -> bool {
        super::repr::write_constant(&mut d.out, self);
        true
    }
}
