//! ELF dynamic symbol tables: what a shared object exports and imports, and how our
//! library's exports compare with CPython's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use object::read::elf::ElfFile64;
use object::{Object, ObjectSection, ObjectSymbol, SymbolKind, SymbolScope};
use serde::Serialize;

/// What an exported symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `STT_FUNC` (or `STT_GNU_IFUNC`).
    Function,
    /// `STT_OBJECT`/`STT_COMMON`: a variable, e.g. a type object or an exception pointer.
    Data,
    /// Anything else exported (`STT_TLS`, `STT_NOTYPE`).
    Other,
}

/// One defined, dynamically visible symbol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Export {
    pub kind: Kind,
    /// `st_size`: for data, the size a copy relocation in an executable would copy.
    pub size: u64,
    /// The section defining it (`.text`, `.data`, `.bss`, `.rodata`, ...).
    pub section: String,
}

/// The dynamic symbol table of one shared object.
#[derive(Debug, Clone, Default)]
pub struct DynamicSymbols {
    pub soname: Option<String>,
    pub exports: BTreeMap<String, Export>,
    /// Undefined symbols: what the object needs from others.
    pub imports: BTreeSet<String>,
}

impl DynamicSymbols {
    /// Names of exports of one kind.
    pub fn names_of(&self, kind: Kind) -> BTreeSet<&str> {
        self.exports
            .iter()
            .filter(|(_, e)| e.kind == kind)
            .map(|(n, _)| n.as_str())
            .collect()
    }
}

/// Reads the dynamic symbol table of the 64-bit ELF shared object at `path`.
pub fn read_dynamic_symbols(path: &Path) -> Result<DynamicSymbols, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file: ElfFile64 = ElfFile64::parse(&*data)
        .map_err(|e| format!("{} is not a 64-bit ELF object: {e}", path.display()))?;
    let mut syms = DynamicSymbols::default();

    let endian = file.endian();
    let dynamic = file
        .elf_section_table()
        .dynamic_table(endian, file.data())
        .map_err(|e| format!("{}: bad dynamic section: {e}", path.display()))?;
    for entry in dynamic.iter() {
        if entry.tag == object::elf::DT_SONAME {
            if let Ok(name) = dynamic.string(entry) {
                syms.soname = Some(String::from_utf8_lossy(name).into_owned());
            }
        }
    }

    for sym in file.dynamic_symbols() {
        let Ok(name) = sym.name() else { continue };
        if name.is_empty() {
            continue;
        }
        if sym.is_undefined() {
            syms.imports.insert(name.to_string());
            continue;
        }
        // Exported: defined in a section, global or weak, default/protected visibility.
        if sym.scope() != SymbolScope::Dynamic || !sym.is_definition() {
            continue;
        }
        let kind = match sym.kind() {
            SymbolKind::Text => Kind::Function,
            SymbolKind::Data => Kind::Data,
            _ => Kind::Other,
        };
        let section = sym
            .section_index()
            .and_then(|i| file.section_by_index(i).ok())
            .and_then(|s| s.name().ok().map(str::to_string))
            .unwrap_or_default();
        syms.exports.insert(
            name.to_string(),
            Export {
                kind,
                size: sym.size(),
                section,
            },
        );
    }
    Ok(syms)
}

/// Why a symbol we export but CPython does not is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Extra {
    /// `Ferrython*` / `ferrython_*`: our documented additions (include/ferrython.h). Allowed.
    OwnAddition,
    /// A Rust- or C++-mangled name (`_ZN...`, `_R...`): an internal function leaked. Error.
    Mangled,
    /// Rust runtime machinery (`rust_*`, `__rust_*`, `__rdl_*`, `__rg_*`). Error.
    RustRuntime,
    /// Any other name CPython does not export (a helper that escaped the version script). Error.
    Unknown,
}

impl Extra {
    pub fn is_error(self) -> bool {
        self != Extra::OwnAddition
    }

    /// The name used in reports (also the JSON spelling).
    pub fn label(self) -> &'static str {
        match self {
            Extra::OwnAddition => "own-addition",
            Extra::Mangled => "mangled",
            Extra::RustRuntime => "rust-runtime",
            Extra::Unknown => "unknown",
        }
    }
}

/// Classifies an export that CPython's library does not have.
pub fn classify_extra(name: &str) -> Extra {
    let bytes = name.as_bytes();
    // Ferrython's own API, and the init function of its own built-in module.
    if name.starts_with("Ferrython") || name.starts_with("ferrython_") || name == "PyInit_ferrython" {
        Extra::OwnAddition
    } else if name.starts_with("_Z")
        || (name.starts_with("_R") && bytes.get(2).is_some_and(u8::is_ascii_uppercase))
    {
        Extra::Mangled
    } else if ["rust_", "__rust", "__rdl_", "__rg_"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        Extra::RustRuntime
    } else {
        Extra::Unknown
    }
}

/// Coverage of one kind of symbol.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindCoverage {
    /// How many CPython exports of this kind we export too.
    pub exported: usize,
    /// How many CPython exports.
    pub total: usize,
    /// CPython's exports of this kind that we lack.
    pub missing: Vec<String>,
}

/// A symbol both export, with disagreeing ABI facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    pub name: String,
    pub what: String,
    pub ours: String,
    pub cpython: String,
}

/// Our exports against CPython's.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comparison {
    pub functions: KindCoverage,
    pub data: KindCoverage,
    /// CPython's data exports by section (`.data`, `.bss`, `.rodata`).
    pub cpython_data_sections: BTreeMap<String, usize>,
    /// Our exports CPython lacks, classified.
    pub extras: BTreeMap<String, Extra>,
    /// Same name, different kind, or data of a different size (copy relocations would break).
    pub mismatches: Vec<Mismatch>,
}

impl Comparison {
    /// Problems that make the library wrong, not merely unfinished.
    pub fn error_count(&self) -> usize {
        self.extras.values().filter(|e| e.is_error()).count() + self.mismatches.len()
    }
    /// CPython exports we also export, all kinds.
    pub fn exported(&self) -> usize {
        self.functions.exported + self.data.exported
    }
    pub fn total(&self) -> usize {
        self.functions.total + self.data.total
    }
}

/// Compares our dynamic exports with CPython's.
pub fn compare(ours: &DynamicSymbols, cpython: &DynamicSymbols) -> Comparison {
    let mut c = Comparison::default();
    for (name, theirs) in &cpython.exports {
        if theirs.kind == Kind::Data {
            *c.cpython_data_sections
                .entry(theirs.section.clone())
                .or_default() += 1;
        }
        // CPython's library exports only functions and data; `Other` would be counted as data.
        let cov = if theirs.kind == Kind::Function {
            &mut c.functions
        } else {
            &mut c.data
        };
        cov.total += 1;
        match ours.exports.get(name) {
            None => cov.missing.push(name.clone()),
            Some(mine) => {
                cov.exported += 1;
                if mine.kind != theirs.kind {
                    c.mismatches.push(Mismatch {
                        name: name.clone(),
                        what: "kind".into(),
                        ours: format!("{:?}", mine.kind).to_lowercase(),
                        cpython: format!("{:?}", theirs.kind).to_lowercase(),
                    });
                } else if theirs.kind == Kind::Data && mine.size != theirs.size {
                    c.mismatches.push(Mismatch {
                        name: name.clone(),
                        what: "size".into(),
                        ours: mine.size.to_string(),
                        cpython: theirs.size.to_string(),
                    });
                }
            }
        }
    }
    for name in ours.exports.keys() {
        if !cpython.exports.contains_key(name) {
            c.extras.insert(name.clone(), classify_extra(name));
        }
    }
    c
}

/// The imports of `module` that CPython's library defines and ours does not export.
pub fn missing_for_module(
    module: &DynamicSymbols,
    cpython: &DynamicSymbols,
    ours: &DynamicSymbols,
) -> Vec<String> {
    module
        .imports
        .iter()
        .filter(|n| cpython.exports.contains_key(*n) && !ours.exports.contains_key(*n))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(entries: &[(&str, Kind, u64, &str)]) -> DynamicSymbols {
        let mut t = DynamicSymbols::default();
        for (name, kind, size, section) in entries {
            t.exports.insert(
                name.to_string(),
                Export {
                    kind: *kind,
                    size: *size,
                    section: section.to_string(),
                },
            );
        }
        t
    }

    #[test]
    fn extras_are_classified() {
        assert_eq!(classify_extra("FerrythonMem_Stats"), Extra::OwnAddition);
        assert_eq!(
            classify_extra("ferrython_track_objects"),
            Extra::OwnAddition
        );
        assert_eq!(
            classify_extra("_ZN4core3fmt5write17h0123456789abcdefE"),
            Extra::Mangled
        );
        assert_eq!(classify_extra("_RNvCs1234_7mycrate3foo"), Extra::Mangled);
        assert_eq!(classify_extra("rust_eh_personality"), Extra::RustRuntime);
        assert_eq!(classify_extra("__rust_alloc"), Extra::RustRuntime);
        assert_eq!(classify_extra("__rdl_alloc"), Extra::RustRuntime);
        assert_eq!(classify_extra("_Fy_vsnprintf_helper"), Extra::Unknown);
        // `_Py...` is CPython's own private prefix, not a mangling.
        assert_eq!(classify_extra("_Py_NotCPython"), Extra::Unknown);
        assert!(!Extra::OwnAddition.is_error());
        assert!(
            Extra::Mangled.is_error() && Extra::Unknown.is_error() && Extra::RustRuntime.is_error()
        );
    }

    #[test]
    fn comparison_counts_kinds_and_flags_problems() {
        let cpython = table(&[
            ("PyOS_snprintf", Kind::Function, 10, ".text"),
            ("PyLong_FromLong", Kind::Function, 10, ".text"),
            ("PyLong_Type", Kind::Data, 408, ".data"),
            ("Py_Version", Kind::Data, 4, ".rodata"),
            ("Py_VerboseFlag", Kind::Data, 4, ".bss"),
        ]);
        let ours = table(&[
            ("PyOS_snprintf", Kind::Function, 99, ".text"), // function sizes may differ
            ("PyLong_Type", Kind::Data, 400, ".data"),      // a data size may not
            ("Py_Version", Kind::Function, 4, ".text"),     // nor may the kind
            ("FerrythonMem_Stats", Kind::Function, 1, ".text"),
            ("_ZN3foo3barE", Kind::Function, 1, ".text"),
        ]);
        let c = compare(&ours, &cpython);
        assert_eq!((c.functions.exported, c.functions.total), (1, 2));
        assert_eq!(c.functions.missing, vec!["PyLong_FromLong"]);
        assert_eq!((c.data.exported, c.data.total), (2, 3));
        assert_eq!(c.data.missing, vec!["Py_VerboseFlag"]);
        assert_eq!(c.cpython_data_sections.get(".bss"), Some(&1));
        assert_eq!(c.cpython_data_sections.get(".data"), Some(&1));
        assert_eq!(
            c.extras.get("FerrythonMem_Stats"),
            Some(&Extra::OwnAddition)
        );
        assert_eq!(c.extras.get("_ZN3foo3barE"), Some(&Extra::Mangled));
        let what: Vec<(&str, &str)> = c
            .mismatches
            .iter()
            .map(|m| (m.name.as_str(), m.what.as_str()))
            .collect();
        assert_eq!(what, vec![("PyLong_Type", "size"), ("Py_Version", "kind")]);
        assert_eq!(c.error_count(), 3);
        assert_eq!((c.exported(), c.total()), (3, 5));
    }

    #[test]
    fn module_needs_only_what_cpython_defines() {
        let cpython = table(&[
            ("PyLong_FromLong", Kind::Function, 1, ".text"),
            ("PyArg_Parse", Kind::Function, 1, ".text"),
        ]);
        let ours = table(&[("PyArg_Parse", Kind::Function, 1, ".text")]);
        let mut module = DynamicSymbols::default();
        for n in ["PyLong_FromLong", "PyArg_Parse", "memcpy", "__cxa_finalize"] {
            module.imports.insert(n.to_string());
        }
        assert_eq!(
            missing_for_module(&module, &cpython, &ours),
            vec!["PyLong_FromLong"]
        );
    }

    #[test]
    fn reads_the_real_library_when_installed() {
        let py = crate::cpython::CPython::find().expect("compat tests need CPython 3.11");
        let syms = read_dynamic_symbols(&py.library).unwrap();
        assert_eq!(syms.soname.as_deref(), Some("libpython3.11.so.1.0"));
        assert_eq!(syms.names_of(Kind::Function).len(), 1444);
        // 176 initialised variables, 30 zero-initialised, 5 read-only.
        assert_eq!(syms.names_of(Kind::Data).len(), 211);
        assert_eq!(
            syms.exports["PyLong_Type"],
            Export {
                kind: Kind::Data,
                size: 408,
                section: ".data".into()
            }
        );
        assert_eq!(syms.exports["Py_Version"].section, ".rodata");
        assert!(syms.imports.contains("malloc"));
        assert!(!syms.exports.contains_key("malloc"));
    }
}
