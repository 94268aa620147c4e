//! The measuring macros the generated code uses, on a hand-made struct with nesting and a
//! union, against offsets and sizes worked out by hand.

use ferrython_layout_test::layout::FieldLayout;

#[repr(C)]
pub struct Inner {
    pub a: u8,
    pub b: u32,
}

#[repr(C)]
pub union Either {
    pub small: u16,
    pub big: [u64; 2],
}

#[repr(C)]
pub struct Outer {
    pub head: u8,
    pub inner: Inner,
    pub either: Either,
    pub tail: [u16; 3],
}

// Measured in a const, as the generated code does.
const FIELDS: &[FieldLayout] = &[
    ferrython_layout_test::field_layout!(Outer, "head", Leaf, head),
    ferrython_layout_test::field_layout!(Outer, "inner", Aggregate, inner),
    ferrython_layout_test::field_layout!(Outer, "inner.b", Leaf, inner.b),
    ferrython_layout_test::field_layout!(Outer, "small", Leaf, either.small),
    ferrython_layout_test::field_layout!(Outer, "big", Leaf, either.big),
    ferrython_layout_test::field_layout!(Outer, "tail", Leaf, tail),
];

#[test]
fn macros_measure_nested_and_union_fields() {
    let layout = ferrython_layout_test::struct_layout!(Outer, true, FIELDS);
    assert_eq!(layout.size, 40);
    assert_eq!(layout.align, 8);
    assert_eq!(layout.type_name, "Outer");
    let got: Vec<(&str, usize, usize)> = layout.fields.iter().map(|f| (f.path, f.offset, f.size)).collect();
    assert_eq!(
        got,
        [
            ("head", 0, 1),
            ("inner", 4, 8),
            ("inner.b", 8, 4),
            ("small", 16, 2),
            ("big", 16, 16),
            ("tail", 32, 6)
        ]
    );
}
