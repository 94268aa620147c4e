//! `abi-report`: our library's exported symbols against CPython's `libpython3.11.so.1.0`.
//!
//! Reports, from the ELF dynamic symbol tables: how many of CPython's functions and data
//! symbols we export; exports CPython does not have (errors, except our documented
//! `Ferrython*`/`ferrython_*` additions); same-named symbols whose kind or data size differ
//! (errors); for each C module in lib-dynload, the libpython symbols it imports that we lack;
//! and our exports that no compat test names. The last line is `exported: N of M`.
//!
//! Exit status: 0, or 1 when there are errors, or 2 when the inputs cannot be read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ferrython_compat_tests::cpython::CPython;
use ferrython_compat_tests::elf::{
    classify_extra, compare, missing_for_module, read_dynamic_symbols, Comparison, DynamicSymbols,
    Extra,
};
use ferrython_compat_tests::families::{self, FamilyRow};
use ferrython_compat_tests::scan::identifiers_under;
use ferrython_compat_tests::workspace::{
    compat_tests_dir, default_lib_dir, OurLibrary, LIB_SONAME,
};
use serde::Serialize;

const USAGE: &str = "\
usage: abi-report [--lib DIR_OR_FILE] [--cpython PATH] [--dynload DIR] [--json FILE]
  --lib       our libpython3.11.so.1.0 or its directory (default: FERRYTHON_LIB_DIR or <workspace>/target/release)
  --cpython   CPython's libpython3.11.so.1.0 or its directory (default: from python3.11 / FERRYTHON_CPYTHON)
  --dynload   the lib-dynload directory of C modules (default: CPython's)
  --json      also write everything as JSON to FILE";

/// How many names to list per item in the text report (the JSON has all).
const LIST_LIMIT: usize = 12;

struct Options {
    lib: PathBuf,
    cpython: Option<PathBuf>,
    dynload: Option<PathBuf>,
    json: Option<PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        lib: default_lib_dir(),
        cpython: None,
        dynload: None,
        json: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match a.as_str() {
            "--lib" => o.lib = value("--lib")?,
            "--cpython" => o.cpython = Some(value("--cpython")?),
            "--dynload" => o.dynload = Some(value("--dynload")?),
            "--json" => o.json = Some(value("--json")?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(o)
}

#[derive(Serialize)]
struct ModuleReport {
    module: String,
    /// Imports CPython's library defines.
    needs_from_libpython: usize,
    missing: Vec<String>,
}

#[derive(Serialize)]
struct Report {
    ours: String,
    our_soname: Option<String>,
    cpython: String,
    #[serde(flatten)]
    comparison: Comparison,
    modules_total: usize,
    modules_satisfied: usize,
    modules: Vec<ModuleReport>,
    /// Our exports (CPython's API and our own additions) that no compat test names.
    untested: Vec<String>,
    /// The object-model C API families (issue 4): exported and exercised per family.
    families: Vec<FamilyRow>,
    errors: usize,
}

fn resolve_cpython_library(
    arg: Option<&Path>,
    found: &mut Option<CPython>,
) -> Result<PathBuf, String> {
    match arg {
        Some(p) if p.is_dir() => Ok(p.join(LIB_SONAME)),
        Some(p) => Ok(p.to_path_buf()),
        None => {
            let py = CPython::find()?;
            let lib = py.library.clone();
            *found = Some(py);
            Ok(lib)
        }
    }
}

fn resolve_dynload(
    arg: Option<&Path>,
    cpython_lib: &Path,
    found: &mut Option<CPython>,
) -> Result<PathBuf, String> {
    if let Some(p) = arg {
        return Ok(p.to_path_buf());
    }
    // Beside an installed library: <LIBDIR>/python3.11/lib-dynload.
    let beside = cpython_lib
        .parent()
        .map(|d| d.join("python3.11").join("lib-dynload"));
    if let Some(dir) = beside.filter(|d| d.is_dir()) {
        return Ok(dir);
    }
    if found.is_none() {
        *found = Some(CPython::find()?);
    }
    Ok(found
        .as_ref()
        .map(|py| py.dynload_dir.clone())
        .unwrap_or_default())
}

fn modules(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "so"))
        .collect();
    found.sort();
    Ok(found)
}

fn module_name(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.split('.').next().unwrap_or(&file).to_string()
}

fn listing(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(LIST_LIMIT)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LIST_LIMIT {
        s.push_str(&format!(", ... ({} more)", names.len() - LIST_LIMIT));
    }
    s
}

fn build(o: &Options) -> Result<Report, String> {
    let ours_lib = OurLibrary::locate(&o.lib)?;
    let mut found = None;
    let cpython_lib = resolve_cpython_library(o.cpython.as_deref(), &mut found)?;
    let dynload = resolve_dynload(o.dynload.as_deref(), &cpython_lib, &mut found)?;

    let ours = read_dynamic_symbols(&ours_lib.file)?;
    let cpython = read_dynamic_symbols(&cpython_lib)?;
    let comparison = compare(&ours, &cpython);

    let mut module_reports = Vec::new();
    for path in modules(&dynload)? {
        let module: DynamicSymbols = read_dynamic_symbols(&path)?;
        let needs = module
            .imports
            .iter()
            .filter(|n| cpython.exports.contains_key(*n))
            .count();
        module_reports.push(ModuleReport {
            module: module_name(&path),
            needs_from_libpython: needs,
            missing: missing_for_module(&module, &cpython, &ours),
        });
    }
    let modules_satisfied = module_reports
        .iter()
        .filter(|m| m.missing.is_empty())
        .count();

    let named = identifiers_under(&compat_tests_dir());
    let untested: Vec<String> = ours
        .exports
        .keys()
        .filter(|n| cpython.exports.contains_key(*n) || classify_extra(n) == Extra::OwnAddition)
        .filter(|n| !named.contains(*n))
        .cloned()
        .collect();

    let cpython_functions = cpython.names_of(ferrython_compat_tests::elf::Kind::Function);
    let our_names: std::collections::BTreeSet<&str> = ours.exports.keys().map(String::as_str).collect();
    let reasons = families::read_reasons(&compat_tests_dir().join("abi-reasons.txt"));
    let families = families::coverage(&cpython_functions, &our_names, &named, &reasons);

    let mut errors = comparison.error_count();
    if ours.soname.as_deref() != Some(LIB_SONAME) {
        errors += 1;
    }
    Ok(Report {
        ours: ours_lib.file.display().to_string(),
        our_soname: ours.soname,
        cpython: cpython_lib.display().to_string(),
        comparison,
        modules_total: module_reports.len(),
        modules_satisfied,
        modules: module_reports,
        untested,
        families,
        errors,
    })
}

fn print(r: &Report) {
    let c = &r.comparison;
    println!("ABI report");
    println!(
        "  ours:    {} (SONAME {})",
        r.ours,
        r.our_soname.as_deref().unwrap_or("none")
    );
    println!("  CPython: {}", r.cpython);
    if r.our_soname.as_deref() != Some(LIB_SONAME) {
        println!("ERROR: our SONAME must be {LIB_SONAME}");
    }
    println!();
    println!(
        "functions: exported {} of {}",
        c.functions.exported, c.functions.total
    );
    let sections: Vec<String> = c
        .cpython_data_sections
        .iter()
        .map(|(s, n)| format!("{n} in {s}"))
        .collect();
    println!(
        "data:      exported {} of {} (CPython's: {})",
        c.data.exported,
        c.data.total,
        sections.join(", ")
    );

    let errors: BTreeMap<String, Vec<String>> = c.extras.iter().filter(|(_, e)| e.is_error()).fold(
        BTreeMap::new(),
        |mut acc, (name, extra)| {
            acc.entry(extra.label().to_string())
                .or_default()
                .push(name.clone());
            acc
        },
    );
    let own: Vec<String> = c
        .extras
        .iter()
        .filter(|(_, e)| !e.is_error())
        .map(|(n, _)| n.clone())
        .collect();
    println!();
    println!("errors: {}", r.errors);
    for (class, names) in &errors {
        println!(
            "  exported but not CPython's ({class}): {} -- {}",
            names.len(),
            listing(names)
        );
    }
    for m in &c.mismatches {
        println!(
            "  {} differs in {}: ours {}, CPython {}",
            m.name, m.what, m.ours, m.cpython
        );
    }
    println!(
        "own additions (Ferrython*/ferrython_*): {}{}",
        own.len(),
        if own.is_empty() {
            String::new()
        } else {
            format!(" -- {}", listing(&own))
        }
    );

    println!();
    println!(
        "lib-dynload: {} of {} modules have every libpython symbol they import",
        r.modules_satisfied, r.modules_total
    );
    let mut lacking: Vec<&ModuleReport> =
        r.modules.iter().filter(|m| !m.missing.is_empty()).collect();
    lacking.sort_by_key(|m| (m.missing.len(), m.module.clone()));
    for m in lacking {
        println!(
            "  {:<24} missing {:>3} of {:>3}: {}",
            m.module,
            m.missing.len(),
            m.needs_from_libpython,
            listing(&m.missing)
        );
    }
    // The symbols that would unblock the most modules, to guide what to implement next.
    let mut demand: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &r.modules {
        for s in &m.missing {
            *demand.entry(s.as_str()).or_default() += 1;
        }
    }
    let mut top: Vec<(&str, usize)> = demand.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if !top.is_empty() {
        let shown: Vec<String> = top
            .iter()
            .take(LIST_LIMIT)
            .map(|(s, n)| format!("{s} ({n})"))
            .collect();
        println!("  most needed: {}", shown.join(", "));
    }

    println!();
    println!(
        "exported but named by no compat test: {}{}",
        r.untested.len(),
        if r.untested.is_empty() {
            String::new()
        } else {
            format!(" -- {}", listing(&r.untested))
        }
    );
    println!();
    let total: usize = r.families.iter().map(|f| f.total).sum();
    let exercised: usize = r.families.iter().map(|f| f.exercised).sum();
    let exported: usize = r.families.iter().map(|f| f.exported).sum();
    let with_reason: usize = r.families.iter().map(|f| f.missing_with_reason.len()).sum();
    println!(
        "object-model families: {exported} of {total} functions exported, {exercised} exercised ({:.1}%), {with_reason} missing with a reason (abi-reasons.txt)",
        if total == 0 { 0.0 } else { 100.0 * exercised as f64 / total as f64 }
    );
    for f in &r.families {
        println!(
            "  {:<20} {:>4} of {:>4} exported, {:>4} exercised{}",
            f.family,
            f.exported,
            f.total,
            f.exercised,
            if f.missing.is_empty() { String::new() } else { format!("; missing: {}", listing(&f.missing)) }
        );
        for (name, reason) in &f.missing_with_reason {
            println!("  {:<20}   {name}: {reason}", "");
        }
    }
    println!();
    println!("exported: {} of {}", c.exported(), c.total());
}

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("abi-report: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let report = match build(&options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("abi-report: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(path) = &options.json {
        let text = match serde_json::to_string_pretty(&report) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("abi-report: cannot encode JSON: {e}");
                return ExitCode::from(2);
            }
        };
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!("abi-report: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    print(&report);
    if report.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_drop_the_abi_tag() {
        assert_eq!(
            module_name(Path::new("/x/_ssl.cpython-311-x86_64-linux-gnu.so")),
            "_ssl"
        );
        assert_eq!(module_name(Path::new("array.so")), "array");
    }

    #[test]
    fn cpython_against_itself_is_complete() {
        let py = CPython::find().expect("compat tests need CPython 3.11");
        let options = Options {
            lib: py.lib_dir.clone(),
            cpython: None,
            dynload: None,
            json: None,
        };
        let r = build(&options).unwrap();
        let c = &r.comparison;
        assert_eq!((c.functions.exported, c.functions.total), (1444, 1444));
        assert_eq!((c.data.exported, c.data.total), (211, 211));
        assert_eq!(c.cpython_data_sections.get(".bss"), Some(&30));
        assert_eq!(c.cpython_data_sections.get(".rodata"), Some(&5));
        assert_eq!((r.modules_satisfied, r.modules_total), (76, 76));
        assert!(r
            .modules
            .iter()
            .any(|m| m.module == "_testcapi" && m.needs_from_libpython > 300));
        assert_eq!(r.errors, 0);
        // The compat tests name PyOS_snprintf, so it is not among the untested.
        assert!(!r.untested.iter().any(|n| n == "PyOS_snprintf"));
        // Every export is either named by some test or listed as untested, in name order.
        let named = identifiers_under(&compat_tests_dir());
        let exports = read_dynamic_symbols(&py.library).unwrap().exports;
        let expected: Vec<&String> = exports.keys().filter(|n| !named.contains(*n)).collect();
        assert_eq!(r.untested.iter().collect::<Vec<_>>(), expected);
        assert!(r.untested.len() < 1655);
    }

    #[test]
    fn long_listings_are_cut() {
        let names: Vec<String> = (0..15).map(|i| format!("s{i}")).collect();
        let s = listing(&names);
        assert!(s.starts_with("s0, s1, "));
        assert!(s.ends_with(", ... (3 more)"), "{s}");
        assert_eq!(listing(&names[..2]), "s0, s1");
    }
}
