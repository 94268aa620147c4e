//! Compiles capi/c/*.c (the C-variadic entry points, which stable Rust cannot define) into a
//! static archive linked whole, so every wrapper reaches the cdylib even if Rust never calls it.
fn main() {
    let mut build = cc::Build::new();
    let mut files: Vec<_> = std::fs::read_dir("c")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .collect();
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        build.file(f);
    }
    println!("cargo:rerun-if-changed=c");
    build
        .include("c")
        .warnings(true)
        .extra_warnings(true)
        .link_lib_modifier("+whole-archive")
        .compile("ferrython_capi_c");
}
