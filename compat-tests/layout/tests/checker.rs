//! Unit test of the checker on hand-made descriptions (no bindgen involved): each rule, and
//! that a description with known faults gets exactly those faults reported.

use ferrython_layout_test::checker::*;
use ferrython_layout_test::layout::{FieldKind, FieldLayout, StructLayout, StructPair};
use FieldKind::*;

fn f(path: &'static str, offset: usize, size: usize, kind: FieldKind) -> FieldLayout {
    FieldLayout::new(path, offset, size, kind)
}

fn layout(size: usize, align: usize, fields: Vec<FieldLayout>) -> StructLayout {
    StructLayout {
        type_name: "T",
        size,
        align,
        repr_c: true,
        fields,
    }
}

fn problems(cmp: &Comparison) -> Vec<Problem> {
    cmp.mismatches.iter().map(|m| m.problem.clone()).collect()
}

/// Headers' side of the sample: a header, a nested struct, a bitfield unit, a run of
/// internals our side keeps opaque, and two plain fields at the end.
fn sample_theirs() -> StructLayout {
    layout(
        72,
        8,
        vec![
            f("ob_base", 0, 16, Aggregate),
            f("ob_base.ob_refcnt", 0, 8, Leaf),
            f("ob_base.ob_type", 8, 8, Leaf),
            f("_bitfield_1", 16, 4, Bitfield),
            f("length", 24, 8, Leaf),
            f("internal_a", 32, 8, Leaf),
            f("internal_b", 40, 4, Leaf),
            f("hash", 48, 8, Leaf),
            f("flags", 56, 8, Leaf),
            f("tail", 64, 8, Leaf),
        ],
    )
}

#[test]
fn equal_descriptions_pass_and_count_every_leaf() {
    let ours = layout(
        72,
        8,
        vec![
            f("ob_base", 0, 16, Aggregate),
            f("ob_base.ob_refcnt", 0, 8, Leaf),
            f("ob_base.ob_type", 8, 8, Leaf),
            f("state", 16, 4, Leaf),
            f("length", 24, 8, Leaf),
            f("_opaque_internals", 32, 16, Opaque),
            f("hash", 48, 8, Leaf),
            f("flags", 56, 8, Leaf),
            f("tail", 64, 8, Leaf),
        ],
    );
    let cmp = compare("Sample", &ours, &sample_theirs());
    assert_eq!(problems(&cmp), []);
    assert_eq!(
        cmp.counts,
        FieldCounts {
            matched: 6,
            opaque: 2,
            bitfields: 1,
            whole: 0,
            nested: 0
        }
    );
}

#[test]
fn reports_exactly_the_wrong_offset_size_missing_and_extra_fields() {
    let ours = layout(
        72,
        8,
        vec![
            f("ob_base", 0, 16, Aggregate),
            f("ob_base.ob_refcnt", 0, 8, Leaf),
            f("ob_base.ob_type", 8, 8, Leaf),
            // Covers the bitfield unit under another name: fine.
            f("state", 16, 4, Leaf),
            // Wrong offset.
            f("length", 20, 8, Leaf),
            // Opaque region covering internal_a and internal_b.
            f("_opaque_internals", 32, 16, Opaque),
            // Wrong size.
            f("hash", 48, 4, Leaf),
            // `flags` missing; an invented field instead.
            f("invented", 56, 8, Leaf),
            f("tail", 64, 8, Leaf),
        ],
    );
    let cmp = compare("Sample", &ours, &sample_theirs());
    assert_eq!(
        problems(&cmp),
        [
            Problem::FieldOffset {
                path: "length".into(),
                ours: 20,
                theirs: 24
            },
            Problem::FieldSize {
                path: "hash".into(),
                ours: 4,
                theirs: 8
            },
            Problem::MissingField {
                path: "flags".into(),
                offset: 56,
                size: 8
            },
            Problem::ExtraField {
                path: "invented".into(),
                offset: 56,
                size: 8
            },
        ]
    );
    assert_eq!(
        cmp.counts,
        FieldCounts {
            matched: 3,
            opaque: 2,
            bitfields: 1,
            whole: 0,
            nested: 0
        }
    );
    assert_eq!(
        cmp.mismatches[0].to_string(),
        "Sample.length: offset: ours 20 vs theirs 24"
    );
}

#[test]
fn bitfield_needs_one_leaf_of_exactly_its_extent() {
    let theirs = layout(8, 4, vec![f("_bitfield_1", 0, 4, Bitfield), f("x", 4, 4, Leaf)]);
    // Two u16 halves do not cover the 4-byte unit: one leaf must.
    let ours = layout(8, 4, vec![f("lo", 0, 2, Leaf), f("hi", 2, 2, Leaf), f("x", 4, 4, Leaf)]);
    let cmp = compare("B", &ours, &theirs);
    assert_eq!(
        problems(&cmp),
        [
            Problem::UncoveredBitfield {
                path: "_bitfield_1".into(),
                offset: 0,
                size: 4
            },
            Problem::ExtraField {
                path: "lo".into(),
                offset: 0,
                size: 2
            },
            Problem::ExtraField {
                path: "hi".into(),
                offset: 2,
                size: 2
            },
        ]
    );
}

#[test]
fn opaque_region_covers_only_leaves_entirely_inside_it() {
    let theirs = layout(24, 8, vec![f("a", 0, 8, Leaf), f("b", 8, 8, Leaf), f("c", 16, 8, Leaf)]);
    let ours = layout(
        24,
        8,
        vec![f("a", 0, 8, Leaf), f("_opaque_b", 8, 12, Opaque), f("d", 20, 4, Leaf)],
    );
    let cmp = compare("O", &ours, &theirs);
    assert_eq!(
        problems(&cmp),
        [
            Problem::MissingField {
                path: "c".into(),
                offset: 16,
                size: 8
            },
            Problem::ExtraField {
                path: "d".into(),
                offset: 20,
                size: 4
            },
        ]
    );
}

#[test]
fn struct_size_alignment_and_repr_are_checked() {
    let theirs = layout(16, 8, vec![f("a", 0, 8, Leaf)]);
    let mut ours = layout(8, 4, vec![f("a", 0, 8, Leaf)]);
    ours.repr_c = false;
    let cmp = compare("S", &ours, &theirs);
    assert_eq!(
        problems(&cmp),
        [
            Problem::StructSize { ours: 8, theirs: 16 },
            Problem::StructAlign { ours: 4, theirs: 8 },
            Problem::NotReprC
        ]
    );
}

#[test]
fn leaf_against_struct_at_same_path_is_compared_whole() {
    // The headers wrap an int in a struct (an atomic); ours holds it as one leaf.
    let theirs = layout(
        16,
        8,
        vec![
            f("eval_breaker", 0, 4, Aggregate),
            f("eval_breaker._value", 0, 4, Leaf),
            f("p", 8, 8, Leaf),
        ],
    );
    let ours = layout(16, 8, vec![f("eval_breaker", 0, 4, Leaf), f("p", 8, 8, Leaf)]);
    let cmp = compare("W", &ours, &theirs);
    assert_eq!(problems(&cmp), []);
    assert_eq!(
        cmp.counts,
        FieldCounts {
            matched: 1,
            opaque: 0,
            bitfields: 0,
            whole: 1,
            nested: 0
        }
    );

    // Same, with the wrong size: reported once, at the shared path.
    let ours = layout(16, 8, vec![f("eval_breaker", 0, 8, Leaf), f("p", 8, 8, Leaf)]);
    let cmp = compare("W", &ours, &theirs);
    assert_eq!(
        problems(&cmp),
        [Problem::FieldSize {
            path: "eval_breaker".into(),
            ours: 8,
            theirs: 4
        }]
    );
}

#[test]
fn zero_sized_marker_of_ours_is_ignored() {
    let theirs = layout(8, 8, vec![f("a", 0, 8, Leaf)]);
    let ours = layout(8, 8, vec![f("a", 0, 8, Leaf), f("_marker", 8, 0, Leaf)]);
    assert_eq!(problems(&compare("Z", &ours, &theirs)), []);
}

#[test]
fn check_all_reports_missing_required_with_reason() {
    let theirs = layout(8, 8, vec![f("a", 0, 8, Leaf)]);
    let pair = StructPair {
        name: "A",
        ours: theirs.clone(),
        theirs,
        unverifiable: vec!["field `a.b` is not pub"],
    };
    let report = check_all(&[pair], &["A", "B", "C"], &[("C", "no counterpart in the headers")]);
    assert_eq!(report.checked, ["A"]);
    assert_eq!(report.counts.total(), 1);
    assert_eq!(
        report.missing_required,
        [
            (
                "B".to_owned(),
                "no pub struct of that name in runtime/src/abi".to_owned()
            ),
            ("C".to_owned(), "no counterpart in the headers".to_owned())
        ]
    );
    assert_eq!(
        report.mismatches.iter().map(|m| m.problem.clone()).collect::<Vec<_>>(),
        [Problem::Unverifiable {
            reason: "field `a.b` is not pub".into()
        }]
    );
    assert!(!report.passed());
}
