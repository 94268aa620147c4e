//! An index of the struct, union and type-alias definitions in Rust source: our mirrors (a
//! module tree under runtime/src/abi), bindgen's output, or a test fixture. Read with syn;
//! types are resolved by name, which is all the mirrors and bindgen's flat output need.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct Field {
    /// How code names the field (`ob_base`, `r#type`, `0`).
    pub member: syn::Member,
    /// The name shown in paths: raw identifiers become bindgen's spelling (`r#type` -> `type_`).
    pub name: String,
    pub ty: syn::Type,
    pub public: bool,
}

pub enum Body {
    Struct(Vec<Field>),
    Union(Vec<Field>),
    Alias(Box<syn::Type>),
}

pub struct Item {
    pub name: String,
    /// Rust path of the module defining it, e.g. `ferrython_runtime::abi::object`.
    pub module: Vec<String>,
    /// Whether code outside the crate can name it; the reason if not.
    pub reachable: Result<(), String>,
    pub public: bool,
    pub generic: bool,
    pub repr_c: bool,
    pub body: Body,
}

impl Item {
    pub fn fields(&self) -> Option<&[Field]> {
        match &self.body {
            Body::Struct(f) | Body::Union(f) => Some(f),
            Body::Alias(_) => None,
        }
    }

    pub fn rust_path(&self) -> String {
        let mut segments = self.module.clone();
        segments.push(self.name.clone());
        segments.join("::")
    }
}

#[derive(Default)]
pub struct Index {
    pub items: Vec<Item>,
    by_name: HashMap<String, Vec<usize>>,
    /// Definitions left out, with why (behind `#[cfg]`).
    pub skipped: Vec<(String, String)>,
}

fn has_cfg(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg"))
}

fn is_repr_c(attrs: &[syn::Attribute]) -> bool {
    let mut found = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("repr")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("C") {
                found = true;
            }
            // Skip `align(8)` / `packed(2)` arguments.
            if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                let _: proc_macro2::TokenStream = content.parse()?;
            }
            Ok(())
        });
    }
    found
}

fn display_name(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(ident) => {
            let s = ident.to_string();
            match s.strip_prefix("r#") {
                Some(keyword) => format!("{keyword}_"),
                None => s,
            }
        }
        syn::Member::Unnamed(index) => index.index.to_string(),
    }
}

fn fields_of(fields: &syn::Fields) -> Vec<Field> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !has_cfg(&f.attrs))
        .map(|(i, f)| {
            let member = match &f.ident {
                Some(ident) => syn::Member::Named(ident.clone()),
                None => syn::Member::Unnamed(syn::Index::from(i)),
            };
            Field {
                name: display_name(&member),
                member,
                ty: f.ty.clone(),
                public: matches!(f.vis, syn::Visibility::Public(_)),
            }
        })
        .collect()
}

impl Index {
    /// Indexes a flat list of items (bindgen's output, a fixture file) living in `module`.
    pub fn from_file(file: &syn::File, module: &[String]) -> Index {
        let mut index = Index::default();
        index.add_items(&file.items, module, Ok(()), None);
        index
    }

    /// Indexes the module tree rooted at `root_file`, whose Rust path is `module`, following
    /// `mod name;` declarations the way rustc finds their files.
    /// `reachable` says whether code outside the crate can name that root module.
    pub fn from_module_tree(
        root_file: &Path,
        module: &[String],
        reachable: Result<(), String>,
    ) -> Result<Index, String> {
        let mut index = Index::default();
        let file = parse_file(root_file)?;
        let file_dir = root_file.parent().unwrap_or(Path::new("."));
        index.add_items(&file.items, module, reachable, Some((&module_dir(root_file), file_dir)));
        Ok(index)
    }

    /// `dirs`: where submodule files live, and the directory `#[path]` attributes are relative
    /// to (the source file's own); `None` for a flat file whose `mod`s are not followed.
    fn add_items(
        &mut self,
        items: &[syn::Item],
        module: &[String],
        reachable: Result<(), String>,
        dirs: Option<(&Path, &Path)>,
    ) {
        for item in items {
            match item {
                syn::Item::Struct(s) => self.add(
                    &s.ident,
                    &s.attrs,
                    &s.vis,
                    &s.generics,
                    module,
                    &reachable,
                    Body::Struct(fields_of(&s.fields)),
                ),
                syn::Item::Union(u) => self.add(
                    &u.ident,
                    &u.attrs,
                    &u.vis,
                    &u.generics,
                    module,
                    &reachable,
                    Body::Union(fields_of(&syn::Fields::Named(u.fields.clone()))),
                ),
                syn::Item::Type(t) => self.add(
                    &t.ident,
                    &t.attrs,
                    &t.vis,
                    &t.generics,
                    module,
                    &reachable,
                    Body::Alias(t.ty.clone()),
                ),
                syn::Item::Mod(m) => {
                    let Some((dir, file_dir)) = dirs else { continue };
                    if has_cfg(&m.attrs) {
                        continue;
                    }
                    let name = m.ident.to_string();
                    let mut sub = module.to_vec();
                    sub.push(name.clone());
                    let sub_reachable = match (&reachable, &m.vis) {
                        (Err(e), _) => Err(e.clone()),
                        (Ok(()), syn::Visibility::Public(_)) => Ok(()),
                        (Ok(()), _) => Err(format!("module `{}` is not pub", sub.join("::"))),
                    };
                    match &m.content {
                        Some((_, inline)) => {
                            let inner = dir.join(&name);
                            self.add_items(inline, &sub, sub_reachable, Some((&inner, &inner)))
                        }
                        None => match find_module_file(dir, file_dir, &name, &m.attrs) {
                            Some(path) => match parse_file(&path) {
                                Ok(file) => {
                                    let sub_dir = module_dir(&path);
                                    let sub_file_dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                                    self.add_items(&file.items, &sub, sub_reachable, Some((&sub_dir, &sub_file_dir)));
                                }
                                Err(e) => panic!("layout test: {e}"),
                            },
                            None => panic!("layout test: no file for `mod {name};` in {}", dir.display()),
                        },
                    }
                }
                _ => {}
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        ident: &syn::Ident,
        attrs: &[syn::Attribute],
        vis: &syn::Visibility,
        generics: &syn::Generics,
        module: &[String],
        reachable: &Result<(), String>,
        body: Body,
    ) {
        let name = ident.to_string();
        if has_cfg(attrs) {
            self.skipped.push((name, "behind #[cfg(...)]".to_owned()));
            return;
        }
        let item = Item {
            name: name.clone(),
            module: module.to_vec(),
            reachable: reachable.clone(),
            public: matches!(vis, syn::Visibility::Public(_)),
            generic: !generics.params.is_empty(),
            repr_c: is_repr_c(attrs),
            body,
        };
        self.by_name.entry(name).or_default().push(self.items.len());
        self.items.push(item);
    }

    /// The definition called `name`, preferring one in `module`.
    pub fn lookup(&self, name: &str, module: &[String]) -> Option<&Item> {
        let candidates = self.by_name.get(name)?;
        let pick = candidates
            .iter()
            .find(|&&i| self.items[i].module == module)
            .or_else(|| candidates.first())?;
        Some(&self.items[*pick])
    }

    /// The struct or union `name` stands for (through type aliases), if any.
    pub fn lookup_aggregate(&self, name: &str, module: &[String]) -> Option<&Item> {
        let item = self.lookup(name, module)?;
        match &item.body {
            Body::Struct(_) | Body::Union(_) => Some(item),
            Body::Alias(ty) => self.resolve(ty, &item.module),
        }
    }

    /// The struct or union a field's type names (through type aliases), if it names one of
    /// this index's definitions by path. Pointers, arrays and function pointers are leaves
    /// and give `None`, as do types defined elsewhere (`c_int`, `AtomicUsize`, `Option<fn>`).
    pub fn resolve(&self, ty: &syn::Type, module: &[String]) -> Option<&Item> {
        self.resolve_depth(ty, module, 0)
    }

    fn resolve_depth(&self, ty: &syn::Type, module: &[String], depth: usize) -> Option<&Item> {
        if depth > 32 {
            return None;
        }
        match ty {
            syn::Type::Paren(p) => self.resolve_depth(&p.elem, module, depth + 1),
            syn::Type::Group(g) => self.resolve_depth(&g.elem, module, depth + 1),
            syn::Type::Path(p) if p.qself.is_none() => {
                // Generic structs resolve too: the access path names fields, not types, so
                // `offset_of!` reaches through `Entry<3>` like any struct.
                let last = p.path.segments.last()?;
                let item = self.lookup(&last.ident.to_string(), module)?;
                match &item.body {
                    Body::Struct(_) | Body::Union(_) => Some(item),
                    Body::Alias(target) => self.resolve_depth(target, &item.module, depth + 1),
                }
            }
            _ => None,
        }
    }
}

fn parse_file(path: &Path) -> Result<syn::File, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    syn::parse_file(&src).map_err(|e| format!("cannot parse {}: {e}", path.display()))
}

/// The directory where the submodules of the module in `file` live.
fn module_dir(file: &Path) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new("."));
    match file.file_stem().and_then(|s| s.to_str()) {
        Some("mod") | Some("lib") | Some("main") => parent.to_path_buf(),
        Some(stem) => parent.join(stem),
        None => parent.to_path_buf(),
    }
}

fn find_module_file(dir: &Path, file_dir: &Path, name: &str, attrs: &[syn::Attribute]) -> Option<PathBuf> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("path")) {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s), ..
            }) = &nv.value
            {
                return Some(file_dir.join(s.value()));
            }
        }
    }
    [dir.join(format!("{name}.rs")), dir.join(name).join("mod.rs")]
        .into_iter()
        .find(|p| p.is_file())
}

/// Whether `lib_rs` declares `mod name` as `pub` (so other crates can reach what is inside).
pub fn declares_pub_mod(lib_rs: &Path, name: &str) -> Result<(), String> {
    let file = parse_file(lib_rs)?;
    let declared = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => Some(matches!(m.vis, syn::Visibility::Public(_))),
        _ => None,
    });
    match declared {
        Some(true) => Ok(()),
        Some(false) => Err(format!("module `{name}` is not pub in {}", lib_rs.display())),
        None => Err(format!("no `mod {name}` in {}", lib_rs.display())),
    }
}
