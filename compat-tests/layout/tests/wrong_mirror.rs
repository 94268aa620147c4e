//! End-to-end proof that a wrong mirror fails: the structs in fixtures/wrong_mirror.rs go
//! through the same generator and checker as runtime/src/abi, against the real headers.

#[path = "fixtures/wrong_mirror.rs"]
mod wrong_mirror;

#[allow(non_snake_case)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/wrong_mirror_pairs.rs"));
}

use ferrython_layout_test::checker::{check_all, compare, Problem};
use ferrython_layout_test::layout::{FieldKind, StructLayout};

#[test]
fn checker_flags_exactly_the_planted_faults() {
    let pairs = generated::wrong_mirror_pairs();
    let mut names: Vec<&str> = pairs.iter().map(|p| p.name).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "PyCodeAddressRange",
            "PyObject",
            "PyVarObject",
            "_PyCFrame",
            "_PyStackChunk"
        ]
    );
    assert_eq!(
        generated::UNCHECKED,
        [("LineCursor", "no counterpart in the CPython headers")]
    );
    assert!(generated::UNREACHABLE.is_empty());

    let report = check_all(&pairs, &names, generated::UNCHECKED);
    for m in &report.mismatches {
        println!("flagged: {m}");
    }
    let mut found: Vec<(String, Problem)> = report
        .mismatches
        .iter()
        .map(|m| (m.struct_name.clone(), m.problem.clone()))
        .collect();
    found.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    let mut expected = vec![
        (
            "PyVarObject".to_owned(),
            Problem::FieldSize {
                path: "ob_size".into(),
                ours: 4,
                theirs: 8,
            },
        ),
        (
            "_PyCFrame".to_owned(),
            Problem::FieldOffset {
                path: "previous".into(),
                ours: 8,
                theirs: 16,
            },
        ),
        (
            "_PyCFrame".to_owned(),
            Problem::FieldOffset {
                path: "current_frame".into(),
                ours: 16,
                theirs: 8,
            },
        ),
    ];
    expected.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(found, expected);
    assert!(report.missing_required.is_empty());
    assert!(!report.passed());
    // PyVarObject's header is a pair of its own (PyObject): one entry, compared like a leaf.
    let var = pairs.iter().find(|p| p.name == "PyVarObject").unwrap();
    let paths: Vec<(&str, FieldKind)> = var.theirs.fields.iter().map(|f| (f.path, f.kind)).collect();
    assert_eq!(
        paths,
        [("ob_base", FieldKind::CheckedStruct), ("ob_size", FieldKind::Leaf)]
    );
    assert_eq!(var.ours.size, var.theirs.size);

    // PyCodeAddressRange's nested struct is not a pair (ours calls it LineCursor): recursed.
    let range = pairs.iter().find(|p| p.name == "PyCodeAddressRange").unwrap();
    let leaves = |l: &StructLayout| -> Vec<(&'static str, usize, usize)> {
        l.fields
            .iter()
            .filter(|f| f.kind == FieldKind::Leaf)
            .map(|f| (f.path, f.offset, f.size))
            .collect()
    };
    let expected_leaves = [
        ("ar_start", 0, 4),
        ("ar_end", 4, 4),
        ("ar_line", 8, 4),
        ("opaque.computed_line", 16, 4),
        ("opaque.lo_next", 24, 8),
        ("opaque.limit", 32, 8),
    ];
    assert_eq!(leaves(&range.theirs), expected_leaves);
    assert_eq!(leaves(&range.ours), expected_leaves);

    // _PyStackChunk: `previous` and `size` lie inside our opaque region.
    let chunk = pairs.iter().find(|p| p.name == "_PyStackChunk").unwrap();
    let cmp = compare(chunk.name, &chunk.ours, &chunk.theirs);
    assert_eq!((cmp.counts.matched, cmp.counts.opaque), (2, 2));
}
