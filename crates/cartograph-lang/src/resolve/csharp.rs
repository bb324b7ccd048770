//! C# `using` directives resolved as the compiler binds names: by namespace and type name,
//! whatever directory the declaring file sits in.
//!
//! Every file's namespaces (block or file-scoped, nested ones joined with dots) and the types
//! declared directly in them make one tree-wide map `(namespace, type) → file`.
//! `using static A.B.T;` and `using X = A.B.T;` lead to the file declaring `T` in `A.B` (a
//! nested type to the file of its outermost type). `using A.B;` becomes one import per name the
//! file mentions (`ParsedFile::type_uses`) that leads somewhere through it
//! (`expand_namespace_imports`): to the file of namespace `A.B` declaring that type, or, for a
//! method name, to the file of a static class of `A.B` declaring that extension method. A `using` inside `namespace N { }` may name `N.A.B`, which is
//! tried after `A.B`.
//!
//! A name some namespace enclosing the importing file declares (its own namespace, that
//! namespace's parents, the global namespace) binds there before any `using` is consulted, so
//! it leads nowhere through a `using`: a file's use of its own namespace's types is no import.
//! A `using A.B;` whose namespace declares none of the names the file mentions leads nowhere
//! either: the file does not use it (the compiler warns about such directives), and one edge
//! to an arbitrary file of the namespace would claim a dependency the code does not show.
//! A `global using` directive counts in every C# file of its project (the directory of the
//! nearest `.csproj` above it, or the whole tree without one): each file's names are matched
//! through the global usings of the other files of its project as through its own.

use cartograph_core::{FileMap, Import, Language, RepoPath, Symbol, SymbolKind};
use std::collections::HashMap;

pub(crate) struct CSharpResolver<'a> {
    /// `(namespace, top-level type)` → the file declaring it. A `partial` type may be spread
    /// over several: the file named after the type wins (`Runtime.cs` over
    /// `Runtime.Delegates.cs`), else the first by path.
    types: HashMap<(String, &'a str), &'a RepoPath>,
    /// `(namespace, method)` → the file of the static class declaring it, for extension
    /// methods (`this` on the first parameter), which a file uses by their name alone.
    extension_methods: HashMap<(String, &'a str), &'a RepoPath>,
    /// File → the namespaces it declares, each with its parents and the global namespace `""`.
    scopes: HashMap<&'a str, Vec<String>>,
}

impl<'a> CSharpResolver<'a> {
    pub(crate) fn new(maps: &'a [FileMap]) -> CSharpResolver<'a> {
        let mut types = HashMap::new();
        let mut extension_methods = HashMap::new();
        let mut scopes = HashMap::new();
        for map in maps.iter().filter(|map| map.language == Language::CSharp) {
            let symbols = &map.parsed.symbols;
            let mut scope = vec![String::new()];
            for (index, symbol) in symbols.iter().enumerate() {
                let Some(place) = place_of(symbols, index) else {
                    continue;
                };
                match (symbol.kind, place) {
                    (SymbolKind::Module, Place::Namespace(outer)) => {
                        let namespace = join(&outer, &symbol.name);
                        for (at, _) in namespace.match_indices('.') {
                            scope.push(namespace[..at].to_string());
                        }
                        scope.push(namespace);
                    }
                    (SymbolKind::Module, Place::Type(_)) => {}
                    (_, Place::Namespace(namespace)) => {
                        insert_preferred(&mut types, (namespace, symbol.name.as_str()), &map.path);
                    }
                    (SymbolKind::Method, Place::Type(class)) => {
                        // Extension methods live in top-level static classes.
                        let top_level = match place_of(symbols, class) {
                            Some(Place::Namespace(namespace)) => Some(namespace),
                            _ => None,
                        };
                        let is_extension = is_static(&symbols[class]) && is_extension(symbol);
                        if let Some(namespace) = top_level.filter(|_| is_extension) {
                            insert_preferred(
                                &mut extension_methods,
                                (namespace, symbol.name.as_str()),
                                &map.path,
                            );
                        }
                    }
                    _ => {}
                }
            }
            scope.sort();
            scope.dedup();
            scopes.insert(map.path.as_str(), scope);
        }
        CSharpResolver {
            types,
            extension_methods,
            scopes,
        }
    }

    pub(crate) fn resolve(&self, from: &RepoPath, import: &Import) -> Option<RepoPath> {
        let Some(name) = import.name.as_deref() else {
            return self.outermost_type(&import.raw);
        };
        let scope = self.scopes.get(from.as_str());
        let scope = scope.map(Vec::as_slice).unwrap_or_default();
        if scope
            .iter()
            .any(|namespace| self.types.contains_key(&(namespace.clone(), name)))
        {
            return None;
        }
        // `namespace N { using A.B; }` may mean `N.A.B`: the written name first, as written
        // names are most often complete.
        let candidates = std::iter::once(import.raw.clone()).chain(
            scope
                .iter()
                .filter(|namespace| !namespace.is_empty())
                .map(|namespace| format!("{namespace}.{}", import.raw)),
        );
        for namespace in candidates {
            let key = (namespace, name);
            if let Some(file) = self.types.get(&key).or(self.extension_methods.get(&key)) {
                return Some((*file).clone());
            }
        }
        None
    }

    /// The file of the outermost type a dotted name reaches: `A.B.T.Inner` → `T` of `A.B`.
    fn outermost_type(&self, dotted: &str) -> Option<RepoPath> {
        // `using X = List<int>;` and `global::A.B`: the generic arguments and the alias
        // qualifier say nothing about the file.
        let dotted = dotted.split('<').next().unwrap_or(dotted);
        let dotted = dotted.strip_prefix("global::").unwrap_or(dotted);
        let segments: Vec<&str> = dotted.split('.').collect();
        (1..=segments.len()).find_map(|length| {
            let namespace = segments[..length - 1].join(".");
            self.types
                .get(&(namespace, segments[length - 1]))
                .map(|file| (*file).clone())
        })
    }
}

/// Turns each `using` of a namespace in a C# file into one import per name of the file's
/// `type_uses` that leads to another file through it, placed right after the `using`, on its
/// line. The imports an earlier resolution added (those with a name) are dropped first, so that
/// resolving the same maps again, as a later run does with the files it keeps, gives the same
/// imports; a name that leads nowhere adds nothing, so a file holds as many imports as it has
/// `using`s and edges, not `using`s times names.
pub(crate) fn expand_namespace_imports(maps: &mut [FileMap]) {
    for map in maps.iter_mut() {
        if map.language == Language::CSharp {
            map.parsed.imports.retain(|import| import.name.is_none());
        }
    }
    // Each project's global usings, with the file that writes each.
    let projects: Vec<&str> = maps
        .iter()
        .filter(|map| map.path.extension() == Some("csproj"))
        .map(|map| map.path.parent())
        .collect();
    let project_of = |path: &RepoPath| -> String {
        projects
            .iter()
            .filter(|dir| dir.is_empty() || path.as_str().starts_with(&format!("{dir}/")))
            .max_by_key(|dir| dir.len())
            .map_or_else(String::new, |dir| (*dir).to_string())
    };
    let mut global: HashMap<String, Vec<(usize, Import)>> = HashMap::new();
    for (at, map) in maps.iter().enumerate() {
        if map.language != Language::CSharp {
            continue;
        }
        for import in &map.parsed.imports {
            if import.scope.as_deref() == Some(GLOBAL_USING) {
                global
                    .entry(project_of(&map.path))
                    .or_default()
                    .push((at, import.clone()));
            }
        }
    }
    // The resolver borrows the maps, so what to add is collected before any map changes.
    let additions: Vec<Vec<(usize, Import)>> = {
        let resolver = CSharpResolver::new(maps);
        maps.iter()
            .enumerate()
            .map(|(index, map)| {
                if map.language != Language::CSharp {
                    return Vec::new();
                }
                let mut added = Vec::new();
                // The global usings other files of the project write, after the file's own.
                let written = map.parsed.imports.len();
                let others = global
                    .get(&project_of(&map.path))
                    .into_iter()
                    .flatten()
                    .filter(|(writer, _)| *writer != index)
                    .map(|(_, using)| (written, using));
                let usings = map.parsed.imports.iter().enumerate().chain(others);
                for (at, using) in usings {
                    for name in &map.parsed.type_uses {
                        let candidate = Import {
                            name: Some(name.clone()),
                            resolved: None,
                            ..using.clone()
                        };
                        let leads_elsewhere = resolver
                            .resolve(&map.path, &candidate)
                            .is_some_and(|target| target != map.path);
                        if leads_elsewhere {
                            added.push((at, candidate));
                        }
                    }
                }
                added
            })
            .collect()
    };
    for (map, added) in maps.iter_mut().zip(additions) {
        if added.is_empty() {
            continue;
        }
        let written = std::mem::take(&mut map.parsed.imports);
        let mut added = added.into_iter().peekable();
        for (at, using) in written.into_iter().enumerate() {
            map.parsed.imports.push(using);
            while let Some((_, import)) = added.next_if(|(after, _)| *after == at) {
                map.parsed.imports.push(import);
            }
        }
        // Through another file's global usings: at the end, at the file's first line (the
        // file writes no statement for them).
        for (_, import) in added {
            map.parsed.imports.push(Import { line: 1, ..import });
        }
    }
}

/// The scope the extractor gives a `global using` directive's import.
pub(crate) const GLOBAL_USING: &str = "global";

/// Where a symbol is declared: directly in a namespace (its full name, `""` for the global
/// one), or inside the type at this index.
enum Place {
    Namespace(String),
    Type(usize),
}

/// The place of `symbols[index]`, found through its parent's name: the nearest symbol before
/// it of that name whose lines hold it. `None` when the parent is not found.
fn place_of(symbols: &[Symbol], index: usize) -> Option<Place> {
    let mut namespace = Vec::new();
    let mut current = index;
    let mut first = true;
    while let Some(parent_name) = &symbols[current].parent {
        let line = symbols[current].line;
        // A generic type's members name it with its parameters (`Wrapper<T>`).
        let parent_name = parent_name
            .split('<')
            .next()
            .unwrap_or(parent_name)
            .trim_end();
        let parent = (0..current).rev().find(|&at| {
            let candidate = &symbols[at];
            candidate.name == parent_name && candidate.line <= line && line <= candidate.end_line
        })?;
        if symbols[parent].kind != SymbolKind::Module {
            if first {
                return Some(Place::Type(parent));
            }
            // A namespace inside a type does not exist in C#; the grammar's guess.
            return None;
        }
        first = false;
        namespace.push(symbols[parent].name.as_str());
        current = parent;
    }
    namespace.reverse();
    Some(Place::Namespace(namespace.join(".")))
}

/// True when the method's first parameter is `this T x`, as far as its first line shows.
fn is_extension(method: &Symbol) -> bool {
    method
        .signature
        .split_once('(')
        .is_some_and(|(_, parameters)| parameters.trim_start().starts_with("this "))
}

/// True when the declaration's first line says `static` (`public static class Extensions`).
fn is_static(symbol: &Symbol) -> bool {
    symbol
        .signature
        .split_whitespace()
        .any(|word| word == "static")
}

fn join(outer: &str, name: &str) -> String {
    if outer.is_empty() {
        name.to_string()
    } else {
        format!("{outer}.{name}")
    }
}

/// Inserts `file` under `(namespace, name)` unless a better file holds it already: one named
/// after `name`, else one earlier by path.
fn insert_preferred<'a>(
    map: &mut HashMap<(String, &'a str), &'a RepoPath>,
    key: (String, &'a str),
    file: &'a RepoPath,
) {
    let name = key.1;
    let rank = |path: &'a RepoPath| (path.file_name().strip_suffix(".cs") != Some(name), path);
    map.entry(key)
        .and_modify(|held| {
            if rank(file) < rank(held) {
                *held = file;
            }
        })
        .or_insert(file);
}
