//! The paths a Rust library's users write for its public items: `serde_json::Value`, not the
//! private module `src/value/mod.rs` defines it in, and `serde_json::value::RawValue`, which
//! `value` re-exports from the private `raw`. From each library's crate root, modules declared
//! `pub mod` extend the path, and `pub use` (a name, a rename, a glob) gives an item a path in
//! the module that re-exports it; the shortest path wins, as docs.rs shows it.

use cartograph_core::{FileMap, ImportKind, Language, SymbolKind, Visibility};
use std::collections::{BTreeMap, VecDeque};

/// How many `pub use` hops a re-export is followed through to the item's definition.
const MAX_HOPS: usize = 4;

/// Each library crate root of the repository (a package's `src/lib.rs` or `[lib] path`) that
/// exists, with the name its users write (`grep_searcher` for the package `grep-searcher`).
pub fn rust_crate_roots(files: &[FileMap]) -> BTreeMap<&str, String> {
    let by_path: BTreeMap<&str, &FileMap> = files
        .iter()
        .map(|file| (file.path.as_str(), file))
        .collect();
    let mut roots = BTreeMap::new();
    for manifest in files {
        let Some(cargo) = manifest.parsed.cargo.as_ref() else {
            continue;
        };
        let lib = cargo.lib_path.as_deref().unwrap_or("src/lib.rs");
        let Some(root) = cartograph_core::RepoPath::join_relative(manifest.path.parent(), lib)
        else {
            continue;
        };
        if let Some((&root, _)) = by_path.get_key_value(root.as_str()) {
            let name = cargo.lib_name.as_deref().unwrap_or(&cargo.name);
            roots.insert(root, name.replace('-', "_"));
        }
    }
    roots
}

/// Per `(file, name)` of a public top-level Rust item, the path its crate's users write for it.
pub fn rust_public_paths<'f>(files: &'f [FileMap]) -> BTreeMap<(&'f str, &'f str), String> {
    let by_path: BTreeMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(at, file)| (file.path.as_str(), at))
        .collect();
    // Each module file reachable from a library root, with its path, shortest first.
    let mut module_paths: BTreeMap<usize, String> = BTreeMap::new();
    let mut queue: VecDeque<(usize, String)> = VecDeque::new();
    for (root, name) in rust_crate_roots(files) {
        if let Some(&at) = by_path.get(root) {
            queue.push_back((at, name));
        }
    }
    while let Some((at, path)) = queue.pop_front() {
        if module_paths.contains_key(&at) {
            continue;
        }
        let Some(file) = files.get(at) else {
            continue;
        };
        for import in &file.parsed.imports {
            if import.kind != ImportKind::ModDeclaration || import.scope.is_some() {
                continue;
            }
            let public = file.parsed.symbols.iter().any(|symbol| {
                symbol.kind == SymbolKind::Module
                    && symbol.parent.is_none()
                    && symbol.name == import.raw
                    && symbol.visibility == Some(Visibility::Public)
            });
            let child = import
                .resolved
                .as_ref()
                .and_then(|to| by_path.get(to.as_str()));
            if let (true, Some(&child)) = (public, child) {
                queue.push_back((child, format!("{path}::{}", import.raw)));
            }
        }
        module_paths.insert(at, path);
    }
    let roots = rust_crate_roots(files);
    let mut paths: BTreeMap<(&str, &str), String> = BTreeMap::new();
    let mut offer = |file: &'f FileMap, name: &'f str, path: String| {
        let key = (file.path.as_str(), name);
        let shorter = paths.get(&key).is_none_or(|known| {
            (path.matches("::").count(), path.as_str()) < (known.matches("::").count(), known)
        });
        if shorter {
            paths.insert(key, path);
        }
    };
    for (&at, module) in &module_paths {
        let file = &files[at];
        for symbol in &file.parsed.symbols {
            if is_item(symbol) && symbol.visibility == Some(Visibility::Public) {
                offer(file, &symbol.name, format!("{module}::{}", symbol.name));
            }
        }
        for import in &file.parsed.imports {
            if import.kind != ImportKind::Reexport || import.scope.is_some() {
                continue;
            }
            let Some(&target) = import
                .resolved
                .as_ref()
                .and_then(|to| by_path.get(to.as_str()))
            else {
                continue;
            };
            let last = import.raw.rsplit("::").next().unwrap_or_default();
            if last == "*" {
                // `pub use self::de::*`: every public item of the target, by its own name.
                for symbol in &files[target].parsed.symbols {
                    if is_item(symbol) && symbol.visibility == Some(Visibility::Public) {
                        offer(
                            &files[target],
                            &symbol.name,
                            format!("{module}::{}", symbol.name),
                        );
                    }
                }
                continue;
            }
            let shown = import.name.as_deref().unwrap_or(last);
            if let Some((defining, name)) = definition(files, &by_path, target, last, MAX_HOPS) {
                offer(&files[defining], name, format!("{module}::{shown}"));
            }
        }
    }
    // A `#[macro_export]` macro sits at its crate's root, whatever module holds it, private
    // ones included (log's `as_debug!`, written in `src/kv/value.rs`, is `log::as_debug!`).
    for file in files.iter().filter(|file| file.language == Language::Rust) {
        let exported = file.parsed.symbols.iter().filter(|symbol| {
            symbol.kind == SymbolKind::Macro
                && symbol.parent.is_none()
                && symbol.visibility == Some(Visibility::Public)
        });
        let mut exported = exported.peekable();
        if exported.peek().is_none() {
            continue;
        }
        let Some(crate_name) = crate_of(&roots, file) else {
            continue;
        };
        for symbol in exported {
            let key = (file.path.as_str(), symbol.name.as_str());
            // A procedural macro is written as its attribute says (thiserror's derive is
            // `#[derive(thiserror_impl::Error)]`, not `Error!`).
            let written = if symbol.signature.starts_with("#[proc_macro_derive(") {
                format!("#[derive({crate_name}::{})]", symbol.name)
            } else if symbol.signature.starts_with("#[proc_macro_attribute]") {
                format!("#[{crate_name}::{}]", symbol.name)
            } else {
                format!("{crate_name}::{}!", symbol.name)
            };
            paths.insert(key, written);
        }
    }
    paths
}

/// The name of the library crate `file` belongs to: the root whose `src/` holds it, the
/// deepest when crates nest.
fn crate_of<'r>(roots: &'r BTreeMap<&str, String>, file: &FileMap) -> Option<&'r str> {
    roots
        .iter()
        .filter_map(|(root, name)| {
            let dir = root.rsplit_once('/').map_or("", |(dir, _)| dir);
            let inside = dir.is_empty() || file.path.as_str().starts_with(&format!("{dir}/"));
            inside.then_some((dir.len(), name.as_str()))
        })
        .max_by_key(|(depth, _)| *depth)
        .map(|(_, name)| name)
}

/// A top-level item a path can name: no method, no `impl` block, no module (a module's own
/// path is its file's).
fn is_item(symbol: &cartograph_core::Symbol) -> bool {
    symbol.parent.is_none() && !matches!(symbol.kind, SymbolKind::Impl | SymbolKind::Module)
}

/// The file that defines `name`, which `target` defines or re-exports (`value/mod.rs`'s `pub
/// use crate::map::Map`), with the name as that file has it.
fn definition<'f>(
    files: &'f [FileMap],
    by_path: &BTreeMap<&str, usize>,
    target: usize,
    name: &str,
    hops: usize,
) -> Option<(usize, &'f str)> {
    let file = files.get(target)?;
    if let Some(symbol) = file
        .parsed
        .symbols
        .iter()
        .find(|symbol| is_item(symbol) && symbol.name == name)
    {
        return Some((target, symbol.name.as_str()));
    }
    if hops == 0 {
        return None;
    }
    file.parsed.imports.iter().find_map(|import| {
        if import.kind != ImportKind::Reexport {
            return None;
        }
        let last = import.raw.rsplit("::").next()?;
        let brings = import.name.as_deref().unwrap_or(last);
        if brings != name && last != "*" {
            return None;
        }
        let next = *by_path.get(import.resolved.as_ref()?.as_str())?;
        let wanted = if last == "*" { name } else { last };
        definition(files, by_path, next, wanted, hops - 1)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cartograph_core::{
        CargoPackage, ContentHash, FileFlags, Import, ParsedFile, RepoPath, Symbol,
    };

    fn file(path: &str, symbols: Vec<Symbol>, imports: Vec<Import>) -> FileMap {
        let path = RepoPath::new(path).unwrap();
        FileMap {
            hash: ContentHash::of(path.as_str().as_bytes()),
            language: cartograph_core::Language::from_file_name(path.file_name()),
            path,
            bytes: 10,
            lines: 1,
            tokens: 1,
            flags: FileFlags::default(),
            parsed: ParsedFile {
                symbols,
                imports,
                ..ParsedFile::default()
            },
        }
    }

    fn item(kind: SymbolKind, name: &str, public: bool) -> Symbol {
        Symbol {
            kind,
            name: name.into(),
            line: 1,
            end_line: 1,
            signature: "".into(),
            doc: None,
            visibility: Some(if public {
                Visibility::Public
            } else {
                Visibility::Private
            }),
            parent: None,
        }
    }

    fn import(kind: ImportKind, raw: &str, to: &str, name: Option<&str>) -> Import {
        Import {
            kind,
            resolved: Some(RepoPath::new(to).unwrap()),
            name: name.map(str::to_string),
            ..Import::new(raw.to_string())
        }
    }

    /// serde_json: `Value` defined in the public `value` and re-exported at the root;
    /// `RawValue` in the private `raw`, re-exported by `value`; `Map` re-exported by `value`
    /// from `map` and by the root from `value`; `de::Read` re-exported from the private
    /// `read` under a rename; a glob.
    #[test]
    fn the_shortest_path_users_can_write() {
        let mut manifest = file("Cargo.toml", vec![], vec![]);
        manifest.parsed.cargo = Some(Box::new(CargoPackage {
            name: "serde-json".into(),
            ..CargoPackage::default()
        }));
        let files = vec![
            manifest,
            file(
                "src/lib.rs",
                vec![
                    item(SymbolKind::Module, "value", true),
                    item(SymbolKind::Module, "de", true),
                    item(SymbolKind::Module, "raw", false),
                    item(SymbolKind::Module, "read", false),
                    item(SymbolKind::Module, "map", true),
                ],
                vec![
                    import(
                        ImportKind::ModDeclaration,
                        "value",
                        "src/value/mod.rs",
                        None,
                    ),
                    import(ImportKind::ModDeclaration, "de", "src/de.rs", None),
                    import(ImportKind::ModDeclaration, "raw", "src/raw.rs", None),
                    import(ImportKind::ModDeclaration, "read", "src/read.rs", None),
                    import(ImportKind::ModDeclaration, "map", "src/map.rs", None),
                    import(
                        ImportKind::Reexport,
                        "crate::value::Value",
                        "src/value/mod.rs",
                        None,
                    ),
                    import(
                        ImportKind::Reexport,
                        "crate::value::Map",
                        "src/value/mod.rs",
                        None,
                    ),
                    import(ImportKind::Reexport, "crate::de::*", "src/de.rs", None),
                ],
            ),
            file(
                "src/value/mod.rs",
                vec![item(SymbolKind::Enum, "Value", true)],
                vec![
                    import(
                        ImportKind::Reexport,
                        "crate::raw::RawValue",
                        "src/raw.rs",
                        None,
                    ),
                    import(ImportKind::Reexport, "crate::map::Map", "src/map.rs", None),
                ],
            ),
            file(
                "src/map.rs",
                vec![item(SymbolKind::Struct, "Map", true)],
                vec![],
            ),
            file(
                "src/raw.rs",
                vec![
                    item(SymbolKind::Struct, "RawValue", true),
                    item(SymbolKind::Function, "helper", true),
                ],
                vec![],
            ),
            file(
                "src/de.rs",
                vec![item(SymbolKind::Function, "from_str", true)],
                vec![import(
                    ImportKind::Reexport,
                    "crate::read::Read",
                    "src/read.rs",
                    Some("Source"),
                )],
            ),
            file(
                "src/read.rs",
                vec![
                    item(SymbolKind::Trait, "Read", true),
                    // `#[macro_export]` in a private module: at the crate's root all the same.
                    item(SymbolKind::Macro, "as_debug", true),
                    item(SymbolKind::Macro, "local_only", false),
                    // thiserror's derive, written `#[derive(Error)]`; an attribute macro.
                    Symbol {
                        signature: "#[proc_macro_derive(Error)] pub fn derive_error(input: TokenStream) -> TokenStream".into(),
                        ..item(SymbolKind::Macro, "Error", true)
                    },
                    Symbol {
                        signature: "#[proc_macro_attribute] pub fn route(a: TokenStream, b: TokenStream) -> TokenStream".into(),
                        ..item(SymbolKind::Macro, "route", true)
                    },
                ],
                vec![],
            ),
        ];
        let paths = rust_public_paths(&files);
        let path = |file: &str, name: &str| paths.get(&(file, name)).cloned();
        assert_eq!(
            path("src/value/mod.rs", "Value").as_deref(),
            Some("serde_json::Value")
        );
        assert_eq!(
            path("src/raw.rs", "RawValue").as_deref(),
            Some("serde_json::value::RawValue")
        );
        assert_eq!(
            path("src/map.rs", "Map").as_deref(),
            Some("serde_json::Map")
        );
        assert_eq!(
            path("src/de.rs", "from_str").as_deref(),
            Some("serde_json::from_str")
        );
        assert_eq!(
            path("src/read.rs", "Read").as_deref(),
            Some("serde_json::de::Source")
        );
        // Public in a private module and re-exported nowhere: no path.
        assert_eq!(path("src/raw.rs", "helper"), None);
        assert_eq!(
            path("src/read.rs", "as_debug").as_deref(),
            Some("serde_json::as_debug!")
        );
        assert_eq!(path("src/read.rs", "local_only"), None);
        assert_eq!(
            path("src/read.rs", "Error").as_deref(),
            Some("#[derive(serde_json::Error)]")
        );
        assert_eq!(
            path("src/read.rs", "route").as_deref(),
            Some("#[serde_json::route]")
        );
    }
}
