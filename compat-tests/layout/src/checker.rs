//! The checker: compares our description of a struct with the headers' description and lists
//! every disagreement. Plain Rust over `StructLayout`s, so it is tested on hand-made
//! descriptions (below) as well as run over the generated ones (tests/layout.rs).
//!
//! Rules (agreed with the author of runtime/src/abi):
//! - every reference leaf is matched by our leaf of the same path, offset and size, or lies
//!   entirely inside one of our `_opaque*` regions;
//! - a reference bitfield storage unit is covered by one leaf of ours with exactly its offset
//!   and size, whatever that leaf's name;
//! - every non-opaque leaf of ours has a counterpart;
//! - size and alignment are equal, and our struct is `#[repr(C)]`.
//!
//! A nested struct that both sides hold as the same matched pair arrives as one
//! `CheckedStruct` entry (its insides are checked in its own pair) and is matched like a leaf.
//!
//! Two refinements keep the rules exact without forcing needless detail: when one side keeps
//! as a single leaf what the other spells out as a struct at the same path (an atomic wrapper,
//! a bitfield struct held as one integer), the two are compared as a whole; and a zero-sized
//! leaf of ours with no counterpart (a marker) is ignored, since it moves no offset.

use crate::layout::{FieldKind, FieldLayout, StructLayout, StructPair};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One disagreement inside one struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    StructSize {
        ours: usize,
        theirs: usize,
    },
    StructAlign {
        ours: usize,
        theirs: usize,
    },
    NotReprC,
    /// Part of our struct could not be measured.
    Unverifiable {
        reason: String,
    },
    FieldOffset {
        path: String,
        ours: usize,
        theirs: usize,
    },
    FieldSize {
        path: String,
        ours: usize,
        theirs: usize,
    },
    /// A reference leaf that no leaf of ours matches and no opaque region covers.
    MissingField {
        path: String,
        offset: usize,
        size: usize,
    },
    /// A reference bitfield unit that no single leaf of ours covers exactly.
    UncoveredBitfield {
        path: String,
        offset: usize,
        size: usize,
    },
    /// A leaf of ours that has no counterpart in the headers.
    ExtraField {
        path: String,
        offset: usize,
        size: usize,
    },
}

/// A problem and the struct it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub struct_name: String,
    pub problem: Problem,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.struct_name;
        match &self.problem {
            Problem::StructSize { ours, theirs } => write!(f, "{s}: size: ours {ours} vs theirs {theirs}"),
            Problem::StructAlign { ours, theirs } => write!(f, "{s}: alignment: ours {ours} vs theirs {theirs}"),
            Problem::NotReprC => write!(f, "{s}: our struct lacks #[repr(C)]"),
            Problem::Unverifiable { reason } => write!(f, "{s}: cannot be measured: {reason}"),
            Problem::FieldOffset { path, ours, theirs } => {
                write!(f, "{s}.{path}: offset: ours {ours} vs theirs {theirs}")
            }
            Problem::FieldSize { path, ours, theirs } => write!(f, "{s}.{path}: size: ours {ours} vs theirs {theirs}"),
            Problem::MissingField { path, offset, size } => {
                write!(f, "{s}.{path}: missing in ours (theirs: offset {offset}, size {size}; not covered by an _opaque region)")
            }
            Problem::UncoveredBitfield { path, offset, size } => write!(
                f,
                "{s}.{path}: bitfield unit (offset {offset}, size {size}) not covered exactly by one field of ours"
            ),
            Problem::ExtraField { path, offset, size } => {
                write!(
                    f,
                    "{s}.{path}: ours only (offset {offset}, size {size}); no such field in the headers"
                )
            }
        }
    }
}

/// How the reference leaves of a struct were accounted for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldCounts {
    /// Same path, offset and size on both sides.
    pub matched: usize,
    /// Inside one of our `_opaque*` regions.
    pub opaque: usize,
    /// Bitfield units covered by one of our leaves.
    pub bitfields: usize,
    /// Under a path one side keeps as a single leaf and the other as a struct, equal as a whole.
    pub whole: usize,
    /// Nested structs that are checked pairs of their own, matched by path, offset and size.
    pub nested: usize,
}

impl FieldCounts {
    pub fn total(&self) -> usize {
        self.matched + self.opaque + self.bitfields + self.whole + self.nested
    }

    fn add(&mut self, other: FieldCounts) {
        self.matched += other.matched;
        self.opaque += other.opaque;
        self.bitfields += other.bitfields;
        self.whole += other.whole;
        self.nested += other.nested;
    }
}

/// The result of comparing one struct.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    pub counts: FieldCounts,
    /// Paths compared as a whole (a leaf on one side, a struct on the other).
    pub whole_paths: Vec<String>,
    pub mismatches: Vec<Mismatch>,
}

fn is_under(path: &str, prefix: &str) -> bool {
    path.len() > prefix.len() && path.starts_with(prefix) && path.as_bytes()[prefix.len()] == b'.'
}

/// Proper prefixes of a dotted path, shortest first: `a.b.c` gives `a`, `a.b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('.').map(move |(i, _)| &path[..i])
}

fn inside(leaf: &FieldLayout, region: &FieldLayout) -> bool {
    if leaf.size == 0 {
        region.offset <= leaf.offset && leaf.offset < region.end()
    } else {
        region.offset <= leaf.offset && leaf.end() <= region.end()
    }
}

/// Compares our description of struct `name` with the reference one.
pub fn compare(name: &str, ours: &StructLayout, theirs: &StructLayout) -> Comparison {
    let mut out = Comparison::default();
    let mut report = |problem: Problem| {
        out.mismatches.push(Mismatch {
            struct_name: name.to_owned(),
            problem,
        })
    };

    if ours.size != theirs.size {
        report(Problem::StructSize {
            ours: ours.size,
            theirs: theirs.size,
        });
    }
    if ours.align != theirs.align {
        report(Problem::StructAlign {
            ours: ours.align,
            theirs: theirs.align,
        });
    }
    if !ours.repr_c {
        report(Problem::NotReprC);
    }

    let our_leaf_by_path: HashMap<&str, usize> = ours
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.kind, FieldKind::Leaf | FieldKind::Bitfield | FieldKind::CheckedStruct))
        .map(|(i, f)| (f.path, i))
        .collect();
    let our_aggregate_by_path: HashMap<&str, &FieldLayout> = ours
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Aggregate)
        .map(|f| (f.path, f))
        .collect();
    let their_aggregate_by_path: HashMap<&str, &FieldLayout> = theirs
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Aggregate)
        .map(|f| (f.path, f))
        .collect();
    let opaque: Vec<&FieldLayout> = ours.fields.iter().filter(|f| f.kind == FieldKind::Opaque).collect();

    let mut our_used = vec![false; ours.fields.len()];
    // Paths compared as a whole (leaf on one side, struct on the other), compared once.
    let mut whole_done: HashSet<String> = HashSet::new();
    let mut counts = FieldCounts::default();

    // Compares a leaf of one side with a struct of the other at the same path, once per path;
    // returns whether they agree.
    let mut whole_paths = Vec::new();
    let mut compare_whole = |path: &str, ours: &FieldLayout, theirs: &FieldLayout, report: &mut dyn FnMut(Problem)| {
        if whole_done.insert(path.to_owned()) {
            whole_paths.push(path.to_owned());
            if ours.offset != theirs.offset {
                report(Problem::FieldOffset {
                    path: path.to_owned(),
                    ours: ours.offset,
                    theirs: theirs.offset,
                });
            }
            if ours.size != theirs.size {
                report(Problem::FieldSize {
                    path: path.to_owned(),
                    ours: ours.size,
                    theirs: theirs.size,
                });
            }
        }
    };

    for leaf in theirs.fields.iter().filter(|f| f.kind != FieldKind::Aggregate) {
        if leaf.kind == FieldKind::Bitfield {
            let cover = ours.fields.iter().enumerate().find(|(_, f)| {
                matches!(f.kind, FieldKind::Leaf | FieldKind::Bitfield | FieldKind::CheckedStruct)
                    && f.offset == leaf.offset
                    && f.size == leaf.size
            });
            if let Some((i, _)) = cover {
                our_used[i] = true;
                counts.bitfields += 1;
            } else if opaque.iter().any(|o| inside(leaf, o)) {
                counts.opaque += 1;
            } else if let Some((prefix, i)) =
                ancestors(leaf.path).find_map(|p| our_leaf_by_path.get(p).map(|&i| (p, i)))
            {
                // Our leaf holds the whole struct this unit belongs to (e.g. `state` as one u32).
                our_used[i] = true;
                match their_aggregate_by_path.get(prefix) {
                    Some(agg) => {
                        compare_whole(prefix, &ours.fields[i], agg, &mut report);
                        counts.whole += 1;
                    }
                    None => report(Problem::UncoveredBitfield {
                        path: leaf.path.to_owned(),
                        offset: leaf.offset,
                        size: leaf.size,
                    }),
                }
            } else {
                report(Problem::UncoveredBitfield {
                    path: leaf.path.to_owned(),
                    offset: leaf.offset,
                    size: leaf.size,
                });
            }
            continue;
        }

        if let Some(&i) = our_leaf_by_path.get(leaf.path) {
            our_used[i] = true;
            let mine = &ours.fields[i];
            if mine.offset != leaf.offset {
                report(Problem::FieldOffset {
                    path: leaf.path.to_owned(),
                    ours: mine.offset,
                    theirs: leaf.offset,
                });
            }
            if mine.size != leaf.size {
                report(Problem::FieldSize {
                    path: leaf.path.to_owned(),
                    ours: mine.size,
                    theirs: leaf.size,
                });
            }
            if mine.offset == leaf.offset && mine.size == leaf.size {
                if leaf.kind == FieldKind::CheckedStruct && mine.kind == FieldKind::CheckedStruct {
                    counts.nested += 1;
                } else {
                    counts.matched += 1;
                }
            }
            continue;
        }

        // Our leaf at an enclosing path holds the whole reference struct this leaf is part of.
        let enclosing = ancestors(leaf.path).find_map(|p| {
            let &i = our_leaf_by_path.get(p)?;
            let agg = their_aggregate_by_path.get(p)?;
            Some((p, i, *agg))
        });
        if let Some((prefix, i, agg)) = enclosing {
            our_used[i] = true;
            compare_whole(prefix, &ours.fields[i], agg, &mut report);
            counts.whole += 1;
            continue;
        }

        if opaque.iter().any(|o| inside(leaf, o)) {
            counts.opaque += 1;
            continue;
        }

        // Our struct at the same path where the headers have a leaf (e.g. an array wrapped in
        // a struct of ours): compared as a whole; our leaves under it are accounted for.
        if let Some(agg) = our_aggregate_by_path.get(leaf.path) {
            compare_whole(leaf.path, agg, leaf, &mut report);
            for (i, f) in ours.fields.iter().enumerate() {
                if is_under(f.path, leaf.path) {
                    our_used[i] = true;
                }
            }
            counts.whole += 1;
            continue;
        }

        report(Problem::MissingField {
            path: leaf.path.to_owned(),
            offset: leaf.offset,
            size: leaf.size,
        });
    }

    for (i, mine) in ours.fields.iter().enumerate() {
        if our_used[i]
            || !matches!(
                mine.kind,
                FieldKind::Leaf | FieldKind::Bitfield | FieldKind::CheckedStruct
            )
        {
            continue;
        }
        // A reference struct with no leaves at all (an empty struct) held as a leaf of ours.
        if let Some(agg) = their_aggregate_by_path.get(mine.path) {
            compare_whole(mine.path, mine, agg, &mut report);
            continue;
        }
        if mine.size == 0 {
            continue;
        }
        report(Problem::ExtraField {
            path: mine.path.to_owned(),
            offset: mine.offset,
            size: mine.size,
        });
    }

    out.counts = counts;
    out.whole_paths = whole_paths;
    out
}

/// The outcome of checking every matched struct.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Names of the structs compared.
    pub checked: Vec<String>,
    pub counts: FieldCounts,
    pub mismatches: Vec<Mismatch>,
    /// Required structs that were not compared, each with the reason.
    pub missing_required: Vec<(String, String)>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty() && self.missing_required.is_empty()
    }
}

/// Checks every pair. `unchecked` lists our structs left out (name, reason), so that a
/// required struct that is absent gets the precise reason.
pub fn check_all(pairs: &[StructPair], required: &[&str], unchecked: &[(&str, &str)]) -> Report {
    let mut report = Report::default();
    for pair in pairs {
        let cmp = compare(pair.name, &pair.ours, &pair.theirs);
        for reason in &pair.unverifiable {
            report.mismatches.push(Mismatch {
                struct_name: pair.name.to_owned(),
                problem: Problem::Unverifiable {
                    reason: (*reason).to_owned(),
                },
            });
        }
        report.mismatches.extend(cmp.mismatches);
        report.counts.add(cmp.counts);
        report.checked.push(pair.name.to_owned());
    }
    for &name in required {
        if pairs.iter().any(|p| p.name == name) {
            continue;
        }
        let reason = match unchecked.iter().find(|(n, _)| *n == name) {
            Some((_, why)) => (*why).to_owned(),
            None => "no pub struct of that name in runtime/src/abi".to_owned(),
        };
        report.missing_required.push((name.to_owned(), reason));
    }
    report
}
