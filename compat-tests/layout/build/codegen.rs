//! Writes the code that measures matched struct pairs: for each struct of ours with a
//! same-named counterpart in bindgen's output, one function building a `StructPair` whose two
//! `StructLayout`s are filled with `size_of`, `align_of` and `offset_of!` of the real types.

use crate::index::{Body, Index, Item};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Reference,
}

/// One flattened field: the path shown to people, the member chain code uses to reach it,
/// and its kind (a `FieldKind` variant name).
struct Entry {
    path: String,
    access: Vec<syn::Member>,
    kind: &'static str,
}

fn is_anonymous(side: Side, name: &str) -> bool {
    match side {
        Side::Ours => name.starts_with("anon"),
        Side::Reference => name.starts_with("__bindgen_anon_"),
    }
}

fn is_bitfield_unit(side: Side, name: &str) -> bool {
    side == Side::Reference
        && name
            .strip_prefix("_bitfield_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Zero-sized or filler members bindgen adds that are not C fields.
fn is_bindgen_filler(side: Side, name: &str) -> bool {
    side == Side::Reference
        && (name.starts_with("_bitfield_align_")
            || name.starts_with("_bindgen_align")
            || name.starts_with("__bindgen_padding_"))
}

/// Where flattening stops recursing: at nested structs that are checked pairs of their own.
/// Their insides are compared once, in their own pair; inside a containing struct they are
/// compared by path, offset and size only (`FieldKind::CheckedStruct`). This keeps e.g. the
/// ~650 interned strings inside `_Py_global_strings` from being measured again inside
/// `_Py_global_objects` and again inside `_PyRuntimeState`.
enum Stops<'a> {
    /// Ours, first pass: recurse everywhere; note each path whose nested struct of ours is a
    /// checked pair, with the reference struct it is checked against.
    Collect(&'a mut HashMap<String, String>),
    /// Reference side: stop where ours noted a pair and the headers' nested struct there is
    /// that same reference struct; note those paths.
    Confirm(&'a HashMap<String, String>, &'a mut HashSet<String>),
    /// Ours, second pass: stop at the confirmed paths.
    At(&'a HashSet<String>),
}

/// Everything flattening needs to know besides the struct being walked.
struct Walk<'a, 'b> {
    side: Side,
    index: &'a Index,
    /// Ours only: reference structs our checked pairs map to (for `Stops::Collect`).
    pair_target: &'a dyn Fn(&Item) -> Option<String>,
    stops: Stops<'b>,
    out: Vec<Entry>,
    unreachable: Vec<String>,
}

impl Walk<'_, '_> {
    /// Flattens `item`'s fields under `path`/`access`.
    fn flatten(&mut self, item: &Item, path: &[String], access: &[syn::Member], depth: usize) {
        let side = self.side;
        let Some(fields) = item.fields() else { return };
        if depth > 64 {
            self.unreachable
                .push(format!("nesting too deep at `{}`", path.join(".")));
            return;
        }
        for field in fields {
            if is_bindgen_filler(side, &field.name) {
                continue;
            }
            let mut sub_access = access.to_vec();
            sub_access.push(field.member.clone());
            let mut sub_path = path.to_vec();
            let anonymous = is_anonymous(side, &field.name);
            if !anonymous {
                sub_path.push(field.name.clone());
            }
            let shown = sub_path.join(".");
            if !field.public {
                self.unreachable.push(format!(
                    "field `{}` of `{}` is not pub, so offset_of! cannot reach it",
                    field.name, item.name
                ));
                continue;
            }
            // bindgen's helper types (`__IncompleteArrayField`, `__BindgenBitfieldUnit`) are leaves.
            let index = self.index;
            let nested = index
                .resolve(&field.ty, &item.module)
                .filter(|n| !(side == Side::Reference && n.name.starts_with("__")));
            if is_bitfield_unit(side, &field.name) {
                self.out.push(Entry {
                    path: shown,
                    access: sub_access,
                    kind: "Bitfield",
                });
            } else if side == Side::Ours && field.name.starts_with("_opaque") {
                self.out.push(Entry {
                    path: shown,
                    access: sub_access,
                    kind: "Opaque",
                });
            } else if let Some(nested) = nested {
                if !anonymous && self.stop_at(&shown, nested) {
                    self.out.push(Entry {
                        path: shown,
                        access: sub_access,
                        kind: "CheckedStruct",
                    });
                    continue;
                }
                if !anonymous {
                    self.out.push(Entry {
                        path: shown,
                        access: sub_access.clone(),
                        kind: "Aggregate",
                    });
                }
                self.flatten(nested, &sub_path, &sub_access, depth + 1);
            } else {
                self.out.push(Entry {
                    path: shown,
                    access: sub_access,
                    kind: "Leaf",
                });
            }
        }
    }

    fn stop_at(&mut self, path: &str, nested: &Item) -> bool {
        match &mut self.stops {
            Stops::Collect(noted) => {
                if let Some(target) = (self.pair_target)(nested) {
                    noted.insert(path.to_owned(), target);
                }
                false
            }
            Stops::Confirm(noted, confirmed) => {
                let stop = noted.get(path).is_some_and(|target| *target == nested.name);
                if stop {
                    confirmed.insert(path.to_owned());
                }
                stop
            }
            Stops::At(confirmed) => confirmed.contains(path),
        }
    }
}

fn parse_path(s: &str) -> syn::Path {
    syn::parse_str(s).unwrap_or_else(|e| panic!("layout test: bad type path `{s}`: {e}"))
}

/// A const slice expression of the measured entries of `ty`.
fn field_slice(krate: &TokenStream, ty: &syn::Path, entries: &[Entry]) -> TokenStream {
    let fields = entries.iter().map(|e| {
        let path = &e.path;
        let kind = format_ident!("{}", e.kind);
        let access = &e.access;
        quote! { #krate::field_layout!(#ty, #path, #kind, #(#access).*) }
    });
    quote! { &[#(#fields),*] }
}

/// What `generate` produced.
pub struct Generated {
    /// The code: `pub fn <fn_name>() -> Vec<StructPair>`, `UNCHECKED` and `UNREACHABLE`.
    pub code: TokenStream,
    pub pairs: usize,
}

/// Code measuring every `pub struct` of `ours` that has a counterpart in `reference`.
/// `krate` names this crate from where the code is compiled (`crate` inside the library,
/// `ferrython_layout_test` from a test); `reference_module` is the path of bindgen's module.
pub fn generate(
    krate: TokenStream,
    reference_module: &str,
    ours: &Index,
    reference: &Index,
    fn_name: &str,
) -> Generated {
    let mut pair_fns = Vec::new();
    let mut pair_calls = Vec::new();
    let mut unchecked: Vec<(String, String)> = ours.skipped.clone();
    let mut unreachable_structs: Vec<(String, String)> = Vec::new();
    let reference_root: Vec<String> = reference_module.split("::").map(str::to_owned).collect();

    // The reference struct a struct of ours is checked against as a pair of its own, if it is.
    let pair_target = |item: &Item| -> Option<String> {
        let checked = matches!(item.body, Body::Struct(_)) && item.public && !item.generic && item.reachable.is_ok();
        if !checked {
            return None;
        }
        reference
            .lookup_aggregate(&item.name, &reference_root)
            .map(|r| r.name.clone())
    };
    let no_target = |_: &Item| -> Option<String> { None };

    for (n, item) in ours.items.iter().enumerate() {
        let is_struct = matches!(item.body, Body::Struct(_));
        if !is_struct || !item.public {
            continue;
        }
        let Some(theirs) = reference.lookup_aggregate(&item.name, &reference_root) else {
            unchecked.push((item.name.clone(), "no counterpart in the CPython headers".to_owned()));
            continue;
        };
        if item.generic {
            unchecked.push((item.name.clone(), "generic struct".to_owned()));
            continue;
        }
        if let Err(why) = &item.reachable {
            unreachable_structs.push((item.name.clone(), why.clone()));
            continue;
        }

        // Ours once to note nested pairs, theirs stopping where both sides hold the same
        // checked pair, ours again stopping at exactly those paths.
        let mut noted = HashMap::new();
        let mut first = Walk {
            side: Side::Ours,
            index: ours,
            pair_target: &pair_target,
            stops: Stops::Collect(&mut noted),
            out: Vec::new(),
            unreachable: Vec::new(),
        };
        first.flatten(item, &[], &[], 0);
        let mut confirmed = HashSet::new();
        let mut theirs_walk = Walk {
            side: Side::Reference,
            index: reference,
            pair_target: &no_target,
            stops: Stops::Confirm(&noted, &mut confirmed),
            out: Vec::new(),
            unreachable: Vec::new(),
        };
        theirs_walk.flatten(theirs, &[], &[], 0);
        let their_entries = theirs_walk.out;
        assert!(
            theirs_walk.unreachable.is_empty(),
            "layout test: bindgen output not measurable: {:?}",
            theirs_walk.unreachable
        );
        let mut ours_walk = Walk {
            side: Side::Ours,
            index: ours,
            pair_target: &no_target,
            stops: Stops::At(&confirmed),
            out: Vec::new(),
            unreachable: Vec::new(),
        };
        ours_walk.flatten(item, &[], &[], 0);
        let our_entries = ours_walk.out;
        let unverifiable = ours_walk.unreachable;

        let our_ty = parse_path(&item.rust_path());
        let their_ty = parse_path(&format!("{reference_module}::{}", item.name));
        let ours_fields = field_slice(&krate, &our_ty, &our_entries);
        let theirs_fields = field_slice(&krate, &their_ty, &their_entries);
        let repr_c = item.repr_c;
        let name = &item.name;
        let fn_ident = format_ident!("pair_{n}_{}", item.name.trim_start_matches('_'));
        // The fields are measured in consts: evaluated by the compiler, no code per field.
        pair_fns.push(quote! {
            fn #fn_ident() -> #krate::layout::StructPair {
                const OURS: &[#krate::layout::FieldLayout] = #ours_fields;
                const THEIRS: &[#krate::layout::FieldLayout] = #theirs_fields;
                #krate::layout::StructPair {
                    name: #name,
                    ours: #krate::struct_layout!(#our_ty, #repr_c, OURS),
                    theirs: #krate::struct_layout!(#their_ty, true, THEIRS),
                    unverifiable: ::std::vec![#(#unverifiable),*],
                }
            }
        });
        pair_calls.push(quote! { #fn_ident() });
    }

    let fn_ident = format_ident!("{fn_name}");
    let unchecked_rows = unchecked.iter().map(|(n, why)| quote! { (#n, #why) });
    let unreachable_rows = unreachable_structs.iter().map(|(n, why)| quote! { (#n, #why) });
    let pairs = pair_calls.len();
    let code = quote! {
        /// One pair per struct of ours that has a same-named counterpart in the headers.
        pub fn #fn_ident() -> ::std::vec::Vec<#krate::layout::StructPair> {
            ::std::vec![#(#pair_calls),*]
        }

        /// Structs of ours not checked, with why (no counterpart in the headers, generic,
        /// behind `#[cfg]`).
        pub const UNCHECKED: &[(&str, &str)] = &[#(#unchecked_rows),*];

        /// Structs of ours that have a counterpart but that code outside their crate cannot
        /// name, so they cannot be measured: each is a failure.
        pub const UNREACHABLE: &[(&str, &str)] = &[#(#unreachable_rows),*];

        #(#pair_fns)*
    };
    Generated { code, pairs }
}
