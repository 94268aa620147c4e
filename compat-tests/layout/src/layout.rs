//! Layout descriptions: what one side (our mirror or bindgen's reading of the headers) says
//! about one struct — its size, alignment and flattened fields. build.rs generates code that
//! fills these in with real `size_of`/`align_of`/`offset_of!` values; the checker compares them.

/// What a flattened entry stands for; decides how the checker matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A primitive, pointer, function pointer or array: compared by path, offset and size.
    Leaf,
    /// A nested struct or union field; its own fields follow it as separate entries. Used only
    /// when one side keeps as a single leaf what the other side spells out.
    Aggregate,
    /// A nested struct that both sides hold as the same matched pair (e.g. a `PyASCIIObject`
    /// inside each interned string): its insides are checked once, in its own pair, so here
    /// it is compared like a leaf, by path, offset and size.
    CheckedStruct,
    /// A bindgen `_bitfield_N` storage unit: covered by any one leaf of ours with the same
    /// offset and size, whatever its name.
    Bitfield,
    /// One of our `_opaque*` byte arrays: every reference leaf inside it counts as covered.
    Opaque,
}

/// One flattened field: its name path from the struct (anonymous members left out), where it
/// starts and how many bytes it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLayout {
    pub path: &'static str,
    pub offset: usize,
    pub size: usize,
    pub kind: FieldKind,
}

impl FieldLayout {
    pub const fn new(path: &'static str, offset: usize, size: usize, kind: FieldKind) -> Self {
        FieldLayout {
            path,
            offset,
            size,
            kind,
        }
    }

    /// One past the last byte.
    pub const fn end(&self) -> usize {
        self.offset + self.size
    }
}

/// One side's description of one struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructLayout {
    /// The Rust type it was measured from (for messages).
    pub type_name: &'static str,
    pub size: usize,
    pub align: usize,
    /// Whether the struct carries `#[repr(C)]` (always true for bindgen's output).
    pub repr_c: bool,
    pub fields: Vec<FieldLayout>,
}

/// A struct of ours matched by name with the headers' struct of the same (or typedef) name.
#[derive(Debug, Clone)]
pub struct StructPair {
    /// The name both sides share (our struct's name).
    pub name: &'static str,
    pub ours: StructLayout,
    pub theirs: StructLayout,
    /// Reasons parts of our struct could not be measured (for example a field that is not
    /// `pub`, which `offset_of!` cannot reach from this crate). Each is a failure.
    pub unverifiable: Vec<&'static str>,
}

/// `size_of` the type a raw pointer points at: lets a const expression size a field from a
/// pointer to it, without naming the field's type.
pub const fn size_of_pointee<F>(_field: *const F) -> usize {
    core::mem::size_of::<F>()
}

/// `FieldLayout` of the field at `$field.$field...` inside `$ty`, measured by the compiler in a
/// const context (so thousands of them cost no generated code). Used by the code build.rs
/// generates; `$path` is the name path shown to people, which leaves out anonymous members
/// that the access path has to name.
#[macro_export]
macro_rules! field_layout {
    ($ty:ty, $path:literal, $kind:ident, $($field:tt).+) => {
        $crate::layout::FieldLayout {
            path: $path,
            offset: ::core::mem::offset_of!($ty, $($field).+),
            size: $crate::layout::size_of_pointee({
                let uninit = ::core::mem::MaybeUninit::<$ty>::uninit();
                let base = uninit.as_ptr();
                // SAFETY: only the field's address is formed, inside the allocation; nothing is read.
                unsafe { &raw const (*base).$($field).+ }
            }),
            kind: $crate::layout::FieldKind::$kind,
        }
    };
}

/// `StructLayout` of `$ty` whose fields are the const slice `$fields`.
#[macro_export]
macro_rules! struct_layout {
    ($ty:ty, $repr_c:expr, $fields:expr) => {
        $crate::layout::StructLayout {
            type_name: stringify!($ty),
            size: ::core::mem::size_of::<$ty>(),
            align: ::core::mem::align_of::<$ty>(),
            repr_c: $repr_c,
            fields: <[$crate::layout::FieldLayout]>::to_vec($fields),
        }
    };
}
