//! The Rust AST matches CPython 3.11's Parser/Python.asdl: the schema table equals the
//! file as re-read here, every constructor's Rust type reads and dumps exactly its ASDL
//! fields (present, absent, empty, two-element), and the live `ast` module of python3.11
//! agrees on `_fields`, `_attributes` and the class-level None of optional members.

mod ast_support;

use ast_support::{have_python, python_asdl, run_python};
use ferrython_compiler::ast::schema::{DefinitionKind, Quantifier, DEFINITIONS};
use ferrython_compiler::ast::{self, dump_with_attributes, read, Dump, FromDump};

// ---- a small ASDL reader, independent of tools/asdl_gen.py ----

#[derive(Debug, Clone, PartialEq)]
struct AField {
    ty: String,
    q: &'static str,
    name: String,
}

#[derive(Debug, Clone, PartialEq)]
struct ADef {
    name: String,
    /// Sums: constructors (name, fields). Products: one entry named after the type.
    constructors: Vec<(String, Vec<AField>)>,
    is_product: bool,
    attributes: Vec<AField>,
}

fn asdl_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split("--").next().unwrap();
        let mut word = String::new();
        for c in line.chars() {
            if c.is_ascii_alphanumeric() || c == '_' {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

fn parse_asdl(text: &str) -> Vec<ADef> {
    let toks = asdl_tokens(text);
    assert_eq!(toks[..3], ["module", "Python", "{"]);
    let mut pos = 3;
    let peek = |pos: usize| toks.get(pos).map(|s| s.as_str());
    fn fields(toks: &[String], pos: &mut usize) -> Vec<AField> {
        assert_eq!(toks[*pos], "(");
        *pos += 1;
        let mut out = Vec::new();
        loop {
            let ty = toks[*pos].clone();
            *pos += 1;
            let q = match toks[*pos].as_str() {
                "?" => "?",
                "*" => "*",
                _ => "",
            };
            if !q.is_empty() {
                *pos += 1;
            }
            out.push(AField {
                ty,
                q,
                name: toks[*pos].clone(),
            });
            *pos += 1;
            let sep = toks[*pos].clone();
            *pos += 1;
            if sep == ")" {
                return out;
            }
            assert_eq!(sep, ",");
        }
    }
    let mut defs = Vec::new();
    while peek(pos) != Some("}") {
        let name = toks[pos].clone();
        assert_eq!(toks[pos + 1], "=");
        pos += 2;
        let (constructors, is_product) = if peek(pos) == Some("(") {
            (vec![(name.clone(), fields(&toks, &mut pos))], true)
        } else {
            let mut cons = Vec::new();
            loop {
                let cname = toks[pos].clone();
                pos += 1;
                let f = if peek(pos) == Some("(") {
                    fields(&toks, &mut pos)
                } else {
                    Vec::new()
                };
                cons.push((cname, f));
                if peek(pos) == Some("|") {
                    pos += 1;
                } else {
                    break;
                }
            }
            (cons, false)
        };
        let attributes = if peek(pos) == Some("attributes") {
            pos += 1;
            fields(&toks, &mut pos)
        } else {
            Vec::new()
        };
        defs.push(ADef {
            name,
            constructors,
            is_product,
            attributes,
        });
    }
    defs
}

fn quantifier_marker(q: Quantifier) -> &'static str {
    q.marker()
}

/// DEFINITIONS rendered into the same shape as the parsed file.
fn schema_defs() -> Vec<ADef> {
    let conv = |fs: &[ast::schema::Field]| -> Vec<AField> {
        fs.iter()
            .map(|f| AField {
                ty: f.type_name.to_string(),
                q: quantifier_marker(f.quantifier),
                name: f.name.to_string(),
            })
            .collect()
    };
    DEFINITIONS
        .iter()
        .map(|d| {
            let (constructors, is_product) = match d.kind {
                DefinitionKind::Sum(cons) => (
                    cons.iter()
                        .map(|c| (c.name.to_string(), conv(c.fields)))
                        .collect(),
                    false,
                ),
                DefinitionKind::Product(fields) => (vec![(d.name.to_string(), conv(fields))], true),
            };
            ADef {
                name: d.name.to_string(),
                constructors,
                is_product,
                attributes: conv(d.attributes),
            }
        })
        .collect()
}

fn load_asdl() -> Option<Vec<ADef>> {
    match python_asdl() {
        Some(path) => Some(parse_asdl(&std::fs::read_to_string(path).unwrap())),
        None => {
            eprintln!(
                "SKIPPED: Python.asdl not found (set CPYTHON_SRC or run shared/tools/cpython-src)"
            );
            None
        }
    }
}

#[test]
fn schema_table_equals_python_asdl() {
    let Some(file) = load_asdl() else { return };
    let ours = schema_defs();
    assert_eq!(ours.len(), file.len());
    for (a, b) in ours.iter().zip(&file) {
        assert_eq!(a, b, "definition {}", b.name);
    }
    let total: usize = file.iter().map(|d| d.constructors.len()).sum();
    assert_eq!(total, 100 + 7, "constructors + products in 3.11's ASDL");
    // The only sequences whose elements may be None.
    let mut nullable = Vec::new();
    for d in DEFINITIONS {
        let groups: Vec<(&str, &[ast::schema::Field])> = match d.kind {
            DefinitionKind::Sum(cons) => cons.iter().map(|c| (c.name, c.fields)).collect(),
            DefinitionKind::Product(f) => vec![(d.name, f)],
        };
        for (owner, fields) in groups {
            for f in fields.iter().filter(|f| f.null_elements) {
                nullable.push(format!("{owner}.{}", f.name));
            }
        }
    }
    assert_eq!(nullable, ["Dict.keys", "arguments.kw_defaults"]);
}

// ---- every constructor through the Rust types ----

const LOCATION: &str = "lineno=1, col_offset=2, end_lineno=3, end_col_offset=4";

struct Synth<'a> {
    defs: &'a [ADef],
}

impl Synth<'_> {
    fn def(&self, name: &str) -> &ADef {
        self.defs
            .iter()
            .find(|d| d.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    }

    fn builtin(ty: &str) -> Option<&'static str> {
        Some(match ty {
            "identifier" => "'ident'",
            "string" => "'text'",
            "int" => "7",
            "constant" => "(1, 'c', None)",
            _ => return None,
        })
    }

    /// The smallest instance of a type: the constructor needing fewest required nodes.
    fn minimal(&self, ty: &str, depth: usize) -> String {
        if let Some(v) = Self::builtin(ty) {
            return v.to_string();
        }
        assert!(depth < 8, "no finite instance of {ty}");
        let d = self.def(ty);
        let cost = |fields: &[AField]| {
            fields
                .iter()
                .filter(|f| f.q.is_empty() && Self::builtin(&f.ty).is_none())
                .count()
        };
        let (name, fields) = d.constructors.iter().min_by_key(|(_, f)| cost(f)).unwrap();
        self.instance(d, name, fields, false, depth)
    }

    /// `Name(...)`: with `full`, optional fields present and sequences of two (one None
    /// where the schema allows None elements); else optional fields absent, sequences empty.
    fn instance(
        &self,
        d: &ADef,
        name: &str,
        fields: &[AField],
        full: bool,
        depth: usize,
    ) -> String {
        let mut args = Vec::new();
        for f in fields {
            let one = || self.minimal(&f.ty, depth + 1);
            let value = match (f.q, full) {
                ("", _) => one(),
                ("?", true) => one(),
                ("?", false) => continue,
                (_, true) if nullable(name, &f.name) => format!("[None, {}]", one()),
                (_, true) => format!("[{}, {}]", one(), one()),
                (_, false) => "[]".to_string(),
            };
            args.push(format!("{}={}", f.name, value));
        }
        if !d.attributes.is_empty() {
            args.push(LOCATION.to_string());
        }
        format!("{name}({})", args.join(", "))
    }
}

fn nullable(owner: &str, field: &str) -> bool {
    (owner, field) == ("Dict", "keys") || (owner, field) == ("arguments", "kw_defaults")
}

fn round_trip<T: FromDump + Dump>(text: &str) -> Result<String, String> {
    let tree: T = read(text).map_err(|e| format!("reading {text}: {e}"))?;
    Ok(dump_with_attributes(&tree))
}

/// Reads `text` as the Rust type of ASDL type `ty` and dumps it again.
fn round_trip_as(ty: &str, text: &str) -> Result<String, String> {
    match ty {
        "mod" => round_trip::<ast::Mod>(text),
        "stmt" => round_trip::<ast::Stmt>(text),
        "expr" => round_trip::<ast::Expr>(text),
        "expr_context" => round_trip::<ast::ExprContext>(text),
        "boolop" => round_trip::<ast::BoolOp>(text),
        "operator" => round_trip::<ast::Operator>(text),
        "unaryop" => round_trip::<ast::UnaryOp>(text),
        "cmpop" => round_trip::<ast::CmpOp>(text),
        "comprehension" => round_trip::<ast::Comprehension>(text),
        "excepthandler" => round_trip::<ast::ExceptHandler>(text),
        "arguments" => round_trip::<ast::Arguments>(text),
        "arg" => round_trip::<ast::Arg>(text),
        "keyword" => round_trip::<ast::Keyword>(text),
        "alias" => round_trip::<ast::Alias>(text),
        "withitem" => round_trip::<ast::WithItem>(text),
        "match_case" => round_trip::<ast::MatchCase>(text),
        "pattern" => round_trip::<ast::Pattern>(text),
        "type_ignore" => round_trip::<ast::TypeIgnore>(text),
        other => panic!("ASDL type {other} has no Rust type in this test"),
    }
}

#[test]
fn every_constructor_round_trips_through_its_rust_type() {
    let Some(file) = load_asdl() else { return };
    let synth = Synth { defs: &file };
    let mut checked = 0;
    for d in &file {
        for (name, fields) in &d.constructors {
            for full in [true, false] {
                let text = synth.instance(d, name, fields, full, 0);
                assert_eq!(round_trip_as(&d.name, &text), Ok(text), "{}.{name}", d.name);
                checked += 1;
            }
            // A misspelled or extra field is refused.
            let extra = synth
                .instance(d, name, fields, true, 0)
                .replacen('(', "(bogus=1, ", 1);
            assert!(
                round_trip_as(&d.name, &extra).is_err(),
                "{name} accepted a bogus field"
            );
            // So is a missing required field.
            if let Some(f) = fields.iter().find(|f| f.q.is_empty()) {
                let text = synth.instance(d, name, fields, true, 0);
                let without = text.replacen(&format!("{}=", f.name), "bogus=", 1);
                let err = round_trip_as(&d.name, &without).unwrap_err();
                assert!(
                    err.contains("required field") || err.contains("no field"),
                    "{err}"
                );
            }
        }
    }
    assert_eq!(checked, 2 * (100 + 7));
}

/// (name, base name, _fields, _attributes, members whose class default is None).
type PyClassInfo = (String, String, Vec<String>, Vec<String>, Vec<String>);

#[test]
fn python_ast_classes_agree_with_the_schema() {
    if !have_python() {
        eprintln!("SKIPPED: python3.11 is not on PATH");
        return;
    }
    // For every concrete class: name, base, _fields, _attributes, and which of them the
    // class itself defaults to None (the `?` members).
    let script = r#"
import ast, json
out = []
for name in sorted(dir(ast)):
    cls = getattr(ast, name)
    if isinstance(cls, type) and issubclass(cls, ast.AST) and cls is not ast.AST:
        none = [n for n in cls._fields + cls._attributes if getattr(cls, n, ...) is None]
        out.append([name, cls.__bases__[0].__name__, list(cls._fields), list(cls._attributes), none])
print(json.dumps(out))
"#;
    let text = run_python(script, &[], "");
    let classes: Vec<PyClassInfo> = serde_json::from_str(&text).unwrap();
    let mut seen = 0;
    for d in DEFINITIONS {
        let attrs: Vec<String> = d.attributes.iter().map(|f| f.name.to_string()).collect();
        let groups: Vec<(&str, &str, &[ast::schema::Field])> = match d.kind {
            DefinitionKind::Sum(cons) => cons.iter().map(|c| (c.name, d.name, c.fields)).collect(),
            DefinitionKind::Product(f) => vec![(d.name, "AST", f)],
        };
        for (class, base, fields) in groups {
            let (_, py_base, py_fields, py_attrs, py_none) = classes
                .iter()
                .find(|c| c.0 == class)
                .unwrap_or_else(|| panic!("ast has no class {class}"));
            assert_eq!(py_base, base, "{class} base");
            let names: Vec<String> = fields.iter().map(|f| f.name.to_string()).collect();
            assert_eq!(py_fields, &names, "{class}._fields");
            assert_eq!(py_attrs, &attrs, "{class}._attributes");
            let none: Vec<String> = fields
                .iter()
                .chain(d.attributes)
                .filter(|f| f.quantifier == Quantifier::Optional)
                .map(|f| f.name.to_string())
                .collect();
            assert_eq!(py_none, &none, "{class}: members defaulting to None");
            seen += 1;
        }
    }
    assert_eq!(seen, 100 + 7);
}
