//! Build script of the layout test. Reads the installed CPython 3.11 headers with bindgen
//! (libclang is loaded at run time and needed only here, never by Ferrython's own build) and
//! runtime/src/abi with syn, then writes into OUT_DIR:
//! - `reference.rs`: bindgen's Rust for every type our mirrors or the required list name;
//! - `abi_pairs.rs`: code measuring each matched struct on both sides (see build/codegen.rs);
//! - `wrong_mirror_pairs.rs`: the same for the deliberately wrong structs in
//!   tests/fixtures/wrong_mirror.rs, which tests/wrong_mirror.rs expects the checker to flag.

#[path = "build/codegen.rs"]
mod codegen;
#[path = "build/headers.rs"]
mod headers;
#[path = "build/index.rs"]
mod index;

include!("src/required.rs");

use quote::quote;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn write_rust(path: &Path, code: proc_macro2::TokenStream) {
    let file: syn::File = syn::parse2(code).unwrap_or_else(|e| panic!("layout test: generated bad code: {e}"));
    std::fs::write(path, prettyplease::unparse(&file))
        .unwrap_or_else(|e| panic!("layout test: cannot write {}: {e}", path.display()));
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let runtime_src = manifest.join("../../runtime/src");
    let abi_root = ["abi/mod.rs", "abi.rs"]
        .iter()
        .map(|p| runtime_src.join(p))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("layout test: no abi module in {}", runtime_src.display()));
    let fixture = manifest.join("tests/fixtures/wrong_mirror.rs");

    // Cargo scans a directory given here for any change inside it.
    println!("cargo:rerun-if-changed={}", runtime_src.join("abi").display());
    println!("cargo:rerun-if-changed={}", abi_root.display());
    println!("cargo:rerun-if-changed={}", runtime_src.join("lib.rs").display());
    println!("cargo:rerun-if-changed={}", fixture.display());
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=src/required.rs");
    println!("cargo:rerun-if-env-changed=FERRYTHON_CPYTHON");
    println!("cargo:rerun-if-env-changed=LIBCLANG_PATH");

    let abi_reachable = index::declares_pub_mod(&runtime_src.join("lib.rs"), "abi");
    let ours = index::Index::from_module_tree(&abi_root, &strings(&["ferrython_runtime", "abi"]), abi_reachable)
        .unwrap_or_else(|e| panic!("layout test: {e}"));
    let fixture_src = std::fs::read_to_string(&fixture).expect("tests/fixtures/wrong_mirror.rs is readable");
    let fixture_file = syn::parse_file(&fixture_src).expect("tests/fixtures/wrong_mirror.rs parses");
    let fixture_index = index::Index::from_file(&fixture_file, &strings(&["crate", "wrong_mirror"]));

    // Ask bindgen only for the names that can matter: required ones and every struct of ours.
    let mut wanted: BTreeSet<String> = REQUIRED_STRUCTS.iter().map(|s| s.to_string()).collect();
    for item in ours.items.iter().chain(&fixture_index.items) {
        if matches!(item.body, index::Body::Struct(_)) {
            wanted.insert(item.name.clone());
        }
    }

    let include = headers::find_include_dir();
    headers::ensure_libclang();
    let reference_src = headers::run_bindgen(&include, &wanted);
    std::fs::write(out_dir.join("reference.rs"), &reference_src).expect("OUT_DIR is writable");
    let reference_file = syn::parse_file(&reference_src).expect("bindgen's output parses");

    let in_lib = index::Index::from_file(&reference_file, &strings(&["crate", "reference"]));
    let abi = codegen::generate(quote!(crate), "crate::reference", &ours, &in_lib, "abi_pairs");
    let headers_dir = include.display().to_string();
    let abi_code = abi.code;
    write_rust(
        &out_dir.join("abi_pairs.rs"),
        quote! {
            /// The include directory bindgen read.
            pub const HEADERS: &str = #headers_dir;
            #abi_code
        },
    );

    let from_test = index::Index::from_file(&reference_file, &strings(&["ferrython_layout_test", "reference"]));
    let wrong = codegen::generate(
        quote!(ferrython_layout_test),
        "ferrython_layout_test::reference",
        &fixture_index,
        &from_test,
        "wrong_mirror_pairs",
    );
    assert!(
        wrong.pairs > 0,
        "layout test: the wrong-mirror fixture matched nothing in the headers"
    );
    write_rust(&out_dir.join("wrong_mirror_pairs.rs"), wrong.code);
}
