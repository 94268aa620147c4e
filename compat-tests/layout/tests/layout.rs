//! The layout test: every struct of runtime/src/abi with a same-named counterpart in the
//! installed CPython 3.11 headers must have the same size, alignment and field offsets and
//! sizes; every struct of the required list must be among them.

use ferrython_layout_test::abi_pairs::{abi_pairs, HEADERS, UNCHECKED, UNREACHABLE};
use ferrython_layout_test::checker::{check_all, compare};
use ferrython_layout_test::REQUIRED_STRUCTS;

#[test]
fn abi_mirrors_match_cpython_headers() {
    let pairs = abi_pairs();
    let report = check_all(&pairs, REQUIRED_STRUCTS, UNCHECKED);
    let c = report.counts;
    println!(
        "layout: checked {} structs, {} fields ({} matched by name, {} inside _opaque regions, \
         {} bitfield units, {} compared as a whole, {} nested structs checked as their own pairs) \
         against {HEADERS}",
        report.checked.len(),
        c.total(),
        c.matched,
        c.opaque,
        c.bitfields,
        c.whole,
        c.nested
    );
    println!("layout: checked: {}", report.checked.join(", "));
    // FERRYTHON_LAYOUT_VERBOSE=1: how each struct's fields were accounted for.
    if std::env::var_os("FERRYTHON_LAYOUT_VERBOSE").is_some() {
        for pair in &pairs {
            let cmp = compare(pair.name, &pair.ours, &pair.theirs);
            let c = cmp.counts;
            println!(
                "layout: {}: size {}, {} matched, {} opaque, {} bitfield units, {} nested pairs, {} as a whole {:?}",
                pair.name, pair.theirs.size, c.matched, c.opaque, c.bitfields, c.nested, c.whole, cmp.whole_paths
            );
        }
    }
    for (name, why) in UNCHECKED {
        println!("layout: unchecked: {name}: {why}");
    }
    let mut failures: Vec<String> = report.mismatches.iter().map(|m| m.to_string()).collect();
    for (name, why) in UNREACHABLE {
        failures.push(format!(
            "{name}: has a counterpart in the headers but cannot be measured: {why}"
        ));
    }
    for (name, why) in &report.missing_required {
        failures.push(format!("{name}: required struct not checked: {why}"));
    }
    for f in &failures {
        println!("layout: MISMATCH: {f}");
    }
    assert!(
        failures.is_empty(),
        "layout: {} problems (listed above)",
        failures.len()
    );
}
