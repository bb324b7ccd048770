//! The reference graph: for each file, the names it imports that other files define, followed
//! through re-exports (`pub use`, an `__init__.py`'s `from .x import name`) to the file that
//! finally defines them; and each symbol's rank over it.
//!
//! A symbol's rank is PageRank carried along references, as aider's repository map does: every
//! file hands its own rank (the file PageRank over imports and references, `graph.rs`) to the symbols it names, split evenly
//! over the names it references, and keeps a small share for its own symbols so that none is
//! zero. Ranks are normalised to sum to 1 over the repository.

use crate::api::imported_name;
use cartograph_core::{FileMap, ImportKind, Language, RepoPath, SymbolKind, Visibility};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How many re-exports a name is followed through before giving up (cycles end sooner).
const MAX_HOPS: usize = 8;
/// The share of a file's rank spread over its own symbols whatever references them.
const OWN_SHARE: f64 = 0.15;

/// The index (into the file slice `by_path` was built from) of the file `import` resolved to.
pub(crate) fn target_of(
    import: &cartograph_core::Import,
    by_path: &BTreeMap<&str, usize>,
) -> Option<usize> {
    import
        .resolved
        .as_ref()
        .and_then(|to| by_path.get(to.as_str()).copied())
}

/// `(from, to) → names`, sorted and once each, by file index of the slice given.
///
/// The names are a boxed slice rather than a `BTreeSet<String>`: a set's first node holds room
/// for eleven names (288 bytes for what is most often one name), and the graph is held with
/// every file's map while a large tree's pages are written. Serialized as the set was.
pub(crate) type ReferenceMap = BTreeMap<(usize, usize), Box<[Box<str>]>>;

/// [`ReferenceMap`] while it is found: names in the order found, repeated, and whether any of
/// them came by a route that runs when the file loads (not only through imports made for type
/// checking or inside functions).
pub(crate) type FoundReferences = BTreeMap<(usize, usize), (Vec<Box<str>>, bool)>;

/// The reference graph, and the edges of it whose every name came through imports that never
/// run at load time (marshmallow's `class_registry.py` names `Schema` only under
/// `if typing.TYPE_CHECKING:`): drawn dashed and left out of layers, as such imports are.
pub(crate) fn references(
    files: &[FileMap],
    by_path: &BTreeMap<&str, usize>,
) -> (ReferenceMap, BTreeSet<(usize, usize)>) {
    // Each file's references are found on their own (following re-exports is most of a docs
    // run's graph time): files are read several at once, the maps found merged.
    let macros = exported_macros(files);
    let rules = macro_rules_by_name(files);
    let mut found: FoundReferences = files
        .par_iter()
        .enumerate()
        .fold(
            || (BTreeMap::new(), HashMap::new(), HashMap::new()),
            |(mut found, mut known, mut offered), (from, file)| {
                file_references(
                    (&mut found, &mut known, &mut offered),
                    (files, by_path, &macros),
                    (from, file),
                );
                macro_references(&mut found, (files, by_path, &rules), (from, file));
                (found, known, offered)
            },
        )
        .map(|(found, ..)| found)
        .reduce(BTreeMap::new, |mut into, other| {
            for (edge, (names, eager)) in other {
                let entry = into.entry(edge).or_default();
                entry.0.extend(names);
                entry.1 |= eager;
            }
            into
        });
    package_references(files, by_path, &mut found);
    crate::methods::method_references(files, &mut found);
    let deferred = found
        .iter()
        .filter(|(_, (_, eager))| !eager)
        .map(|(&edge, _)| edge)
        .collect();
    let references = found
        .into_iter()
        .map(|(edge, (mut names, _))| {
            names.sort_unstable();
            names.dedup();
            (edge, names.into_boxed_slice())
        })
        .collect();
    (references, deferred)
}

/// Records `name` as used by the edge `edge`, by a route that runs at load time or not.
pub(crate) fn record(found: &mut FoundReferences, edge: (usize, usize), name: &str, eager: bool) {
    let entry = found.entry(edge).or_default();
    entry.0.push(name.into());
    entry.1 |= eager;
}

/// Rust `macro_rules!` by name, with the files defining one: every one (`MacroRules`), or
/// the `#[macro_export]` ones, recorded public (`ExportedMacros`), which sit at their crate's
/// root whatever module holds them.
type MacroRules<'f> = HashMap<&'f str, Vec<usize>>;

fn macro_rules_by_name(files: &[FileMap]) -> MacroRules<'_> {
    macros_by_name(files, |_| true)
}

fn macros_by_name<'f>(
    files: &'f [FileMap],
    keep: impl Fn(&cartograph_core::Symbol) -> bool,
) -> MacroRules<'f> {
    let mut rules: MacroRules<'f> = HashMap::new();
    for (at, file) in files.iter().enumerate() {
        if file.language != Language::Rust {
            continue;
        }
        for symbol in &file.parsed.symbols {
            if symbol.kind == SymbolKind::Macro && keep(symbol) {
                // A file may write one macro twice, for two `cfg`s (anyhow's `ensure!`).
                let definers = rules.entry(symbol.name.as_str()).or_default();
                if definers.last() != Some(&at) {
                    definers.push(at);
                }
            }
        }
    }
    rules
}

/// The macros a Rust file invokes by their bare name (`backtrace!()`, recorded as
/// `backtrace!` in `ParsedFile::package_uses`) that one other file of its package defines
/// (anyhow's `context.rs` and `backtrace.rs`): references to that file.
fn macro_references(
    found: &mut FoundReferences,
    (files, by_path, rules): (&[FileMap], &BTreeMap<&str, usize>, &MacroRules<'_>),
    (from, file): (usize, &FileMap),
) {
    if file.language != Language::Rust {
        return;
    }
    let mut package: Option<Option<&str>> = None;
    for name in &file.parsed.package_uses {
        let Some(name) = name.strip_suffix('!') else {
            continue;
        };
        let Some(definers) = rules.get(name) else {
            continue;
        };
        let own = *package.get_or_insert_with(|| package_dir(by_path, file.path.as_str()));
        let mut in_package = definers
            .iter()
            .copied()
            .filter(|&at| at != from && package_dir(by_path, files[at].path.as_str()) == own);
        if let (Some(definer), None) = (in_package.next(), in_package.next()) {
            record(found, (from, definer), name, true);
        }
    }
}

/// The directory of the nearest `Cargo.toml` above `path` (`""` for the root's), `None`
/// without one.
fn package_dir<'p>(by_path: &BTreeMap<&str, usize>, path: &'p str) -> Option<&'p str> {
    let mut dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    loop {
        let manifest = if dir.is_empty() {
            "Cargo.toml".to_string()
        } else {
            format!("{dir}/Cargo.toml")
        };
        if by_path.contains_key(manifest.as_str()) {
            return Some(dir);
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
}

/// Per Rust module a glob brings (`use crate::util::*`), the names it offers: see
/// [`names_offered`]. Kept per thread, as [`Definitions`] is.
type Offered<'f> = HashMap<(usize, bool), HashSet<&'f str>>;

/// The names a Rust module offers a glob of it: those it defines (not methods) and those its
/// `use` declarations bring by name (a prelude's `pub use crate::a::{A, B}`), as written. A
/// module below it (`use super::*`) may take its private ones too (`everything`); any other
/// only what it makes public (anyhow's `tests/common/mod.rs` brings `anyhow::Result` for
/// itself, which `use self::common::*` in a test does not reach).
fn names_offered(file: &FileMap, everything: bool) -> HashSet<&str> {
    let defined = file
        .parsed
        .symbols
        .iter()
        .filter(|symbol| !matches!(symbol.kind, SymbolKind::Method | SymbolKind::Impl))
        .filter(move |symbol| {
            everything
                || matches!(
                    symbol.visibility,
                    Some(Visibility::Public | Visibility::Crate)
                )
        })
        .map(|symbol| symbol.name.as_str());
    let brought = file.parsed.imports.iter().filter_map(move |import| {
        if !import.kind.is_edge() || !everything && !import.kind.is_reexport() {
            return None;
        }
        import
            .name
            .as_deref()
            .or_else(|| imported_name(file.language, import))
            .filter(|name| *name != "*")
    });
    defined.chain(brought).collect()
}

/// Whether the Rust file `path` is inside the module of file `module`: under the directory
/// of a `mod.rs`, `lib.rs` or `main.rs`, or of `x/` beside an `x.rs`.
fn below_module(path: &RepoPath, module: &RepoPath) -> bool {
    let dir = match module.file_name() {
        "mod.rs" | "lib.rs" | "main.rs" => module.parent().to_string(),
        _ => module
            .as_str()
            .strip_suffix(".rs")
            .unwrap_or(module.as_str())
            .to_string(),
    };
    dir.is_empty()
        || path
            .as_str()
            .strip_prefix(dir.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
}

type ExportedMacros<'f> = MacroRules<'f>;

fn exported_macros(files: &[FileMap]) -> ExportedMacros<'_> {
    macros_by_name(files, |symbol| {
        symbol.visibility == Some(cartograph_core::Visibility::Public)
    })
}

/// What finding references reads: the files, their places by path, the exported macros.
type Lookups<'l, 'f> = (
    &'f [FileMap],
    &'l BTreeMap<&'f str, usize>,
    &'l ExportedMacros<'f>,
);

/// The references of one file's imports and module uses (`from` is its place in `files`).
/// Where each `(file, name)` looked up so far is finally defined: a crate root looked up
/// for the same names by many files (and a name it does not define, followed through every
/// glob) is searched once per thread.
type Definitions<'f> = HashMap<(usize, &'f str), Option<(usize, &'f str)>>;

fn file_references<'f>(
    (found, known, offered): (&mut FoundReferences, &mut Definitions<'f>, &mut Offered<'f>),
    (files, by_path, macros): Lookups<'_, 'f>,
    (from, file): (usize, &'f FileMap),
) {
    // A name a file uses many times from one file (a Rust path in every test) is followed
    // once.
    let mut followed: std::collections::HashSet<(usize, &str)> = std::collections::HashSet::new();
    for import in &file.parsed.imports {
        // A Rust path from a module a `use` brought (`cli::f()`) is no edge, but it names
        // what the file uses.
        if !import.kind.is_edge() && import.kind != ImportKind::ScopedPath {
            continue;
        }
        let Some(target) = target_of(import, by_path) else {
            continue;
        };
        let Some(name) = imported_name(file.language, import) else {
            continue;
        };
        if name == "*" || !followed.insert((target, name)) {
            continue;
        }
        let eager = !import.kind.is_deferred();
        refer(
            found,
            known,
            (files, by_path, macros),
            (from, target),
            (name, eager),
        );
    }
    // Python's `httpx.Client` after `import httpx`: a reference to `Client` wherever the
    // package finally defines it.
    for (module, name) in &file.parsed.module_uses {
        let Some(target) = module_target(files, file, module, by_path) else {
            continue;
        };
        let name = sole_export_bound_as(files, target, name).unwrap_or(name);
        refer(
            found,
            known,
            (files, by_path, macros),
            (from, target),
            (name, true),
        );
    }
    // Rust's `use crate::util::*`: each name the file may take from there that the module
    // (or what it re-exports) defines.
    if file.language == Language::Rust && !file.parsed.package_uses.is_empty() {
        for import in &file.parsed.imports {
            if !import.kind.is_edge() || !is_glob(file.language, import) {
                continue;
            }
            let Some(target) = target_of(import, by_path) else {
                continue;
            };
            // Only the names the module defines or brings by name: `String` and `Vec` would
            // be followed through every glob of the crate for nothing.
            let everything = target == from || below_module(&file.path, &files[target].path);
            let names = offered
                .entry((target, everything))
                .or_insert_with(|| names_offered(&files[target], everything));
            for name in &file.parsed.package_uses {
                if names.contains(name.as_str()) && followed.insert((target, name.as_str())) {
                    let name = (name.as_str(), true);
                    refer(found, known, (files, by_path, macros), (from, target), name);
                }
            }
        }
    }
    // Python's `from toolz import *`: each name the file reads and does not bind, wherever the
    // module (or what it star-imports in turn) defines it; a name it does not define (a
    // builtin, `str`) leads nowhere.
    if file.language == Language::Python && !file.parsed.package_uses.is_empty() {
        for import in &file.parsed.imports {
            if !import.kind.is_edge() || !is_glob(file.language, import) {
                continue;
            }
            let Some(target) = target_of(import, by_path) else {
                continue;
            };
            let eager = !import.kind.is_deferred();
            for name in &file.parsed.package_uses {
                if followed.insert((target, name.as_str())) {
                    let name = (name.as_str(), eager);
                    refer(found, known, (files, by_path, macros), (from, target), name);
                }
            }
        }
    }
}

/// The one name a CommonJS module exports whole (`module.exports = Authenticator`), when a
/// file binds the module under a name it does not define (passport's `var Passport =
/// require('./authenticator')`): the binding is that export under another name.
fn sole_export_bound_as<'f>(files: &'f [FileMap], target: usize, name: &str) -> Option<&'f str> {
    let map = files.get(target)?;
    if !matches!(
        map.language,
        Language::JavaScript | Language::TypeScript | Language::Tsx
    ) || map
        .parsed
        .symbols
        .iter()
        .any(|symbol| defines(map, symbol, name))
    {
        return None;
    }
    let [only] = map.parsed.exports.as_deref()? else {
        return None;
    };
    map.parsed
        .symbols
        .iter()
        .any(|symbol| defines(map, symbol, only))
        .then_some(only.as_str())
}

/// The file that `file`'s import of the whole of `module` (`import httpx`, `require('./x')`,
/// the specifier of `import { a } from './x'`) resolved to.
fn module_target(
    files: &[FileMap],
    file: &FileMap,
    module: &str,
    by_path: &BTreeMap<&str, usize>,
) -> Option<usize> {
    imported_module(file, module, by_path)
        .or_else(|| module_bound_by_package(files, file, module, by_path))
        .or_else(|| {
            // Python's `structlog.stdlib` after `import structlog`: the submodule beside the
            // package's `__init__.py` (which must have imported it for the attribute to exist).
            if file.language != Language::Python {
                return None;
            }
            let (package, rest) = module.split_once('.')?;
            let init = &file
                .parsed
                .imports
                .iter()
                .find(|import| {
                    import.kind.is_edge() && import.name.is_none() && import.raw == package
                })?
                .resolved
                .as_ref()?;
            let dir = init.as_str().strip_suffix("__init__.py")?;
            let path = rest.replace('.', "/");
            [
                format!("{dir}{path}.py"),
                format!("{dir}{path}/__init__.py"),
            ]
            .iter()
            .find_map(|candidate| by_path.get(candidate.as_str()).copied())
        })
}

/// Python's `from . import tomllib` where the package binds `tomllib` to a module it imports
/// whole (tomli's `tests/__init__.py`: `import tomli as tomllib`): the file that module
/// resolved to, so that `tomllib.loads` is a use of tomli's `loads`.
fn module_bound_by_package(
    files: &[FileMap],
    file: &FileMap,
    module: &str,
    by_path: &BTreeMap<&str, usize>,
) -> Option<usize> {
    if file.language != Language::Python {
        return None;
    }
    let (package, name) = file.parsed.imports.iter().find_map(|import| {
        let name = import.name.as_deref()?;
        (import.kind.is_edge() && submodule_path(&import.raw, name) == module)
            .then(|| target_of(import, by_path))
            .flatten()
            .map(|package| (package, name))
    })?;
    let package = files.get(package)?;
    if package.language != Language::Python {
        return None;
    }
    let bound = package.parsed.unaliased(name);
    package.parsed.imports.iter().find_map(|import| {
        (import.kind.is_edge() && import.name.is_none() && import.raw == bound)
            .then(|| target_of(import, by_path))
            .flatten()
    })
}

/// The file that `file`'s import of `module` itself resolved to.
fn imported_module(file: &FileMap, module: &str, by_path: &BTreeMap<&str, usize>) -> Option<usize> {
    file.parsed.imports.iter().find_map(|import| {
        let whole = import.kind.is_edge()
            && match &import.name {
                None => import.raw == module,
                // Python's `from . import fields`, recorded as `.fields`, when the name
                // resolved to the submodule itself (`fields.py`, `fields/__init__.py`).
                Some(name) => {
                    file.language == Language::Python
                        && submodule_path(&import.raw, name) == module
                        && import.resolved.as_ref().is_some_and(|to| {
                            let stem = to.file_name().trim_end_matches(".py");
                            stem == name
                                || (stem == "__init__"
                                    && to.parent().rsplit('/').next() == Some(name))
                        })
                }
            };
        whole.then(|| target_of(import, by_path)).flatten()
    })
}

/// `package.name` as the Python extractor writes a submodule imported by name (`.fields`
/// for `from . import fields`).
fn submodule_path(package: &str, name: &str) -> String {
    if package.ends_with('.') {
        format!("{package}{name}")
    } else {
        format!("{package}.{name}")
    }
}

/// Go: a file names what other files of its own package declare without importing them, and
/// what a package imported with `.` declares, unqualified. Each name its `package_uses` holds
/// that such a file declares at top level is a reference to that file (to each, when build
/// constraints give several files the same name, except that a file off in the default build
/// (`//go:build nomsgpack`) is left out where one that is on declares the name too). A
/// `_test.go` file's names are references only from other test files. Java likewise names the types of its package without importing
/// them, PHP those of its namespace, and C# those of its namespace and the namespaces around it;
/// a Java package or a namespace is one across source roots (`src/main/java` and
/// `src/test/java`).
fn package_references(
    files: &[FileMap],
    by_path: &BTreeMap<&str, usize>,
    found: &mut FoundReferences,
) {
    // (directory, package clause) → name → the files declaring it; Java's directory is "".
    fn key(file: &FileMap) -> Option<(&str, &str)> {
        let package = file.parsed.package.as_deref()?;
        match file.language {
            Language::Go => Some((file.path.parent(), package)),
            Language::Java | Language::Php | Language::CSharp => Some(("", package)),
            _ => None,
        }
    }
    // What a file declares for the rest of its package: Go's and Java's top-level names; the
    // classes, interfaces, traits, enums and functions of a PHP namespace.
    fn declares(file: &FileMap, symbol: &cartograph_core::Symbol) -> bool {
        match file.language {
            Language::Php | Language::CSharp => {
                matches!(
                    symbol.kind,
                    SymbolKind::Class
                        | SymbolKind::Struct
                        | SymbolKind::Interface
                        | SymbolKind::Trait
                        | SymbolKind::Enum
                        | SymbolKind::Function
                ) && symbol.parent.as_deref().is_none_or(|parent| {
                    file.parsed
                        .symbols
                        .iter()
                        .any(|outer| outer.kind == SymbolKind::Module && outer.name == parent)
                })
            }
            _ => symbol.parent.is_none() && symbol.kind != SymbolKind::Method,
        }
    }
    let mut packages: BTreeMap<(&str, &str), BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (at, file) in files.iter().enumerate() {
        let Some(package) = key(file) else {
            continue;
        };
        let names = packages.entry(package).or_default();
        for symbol in &file.parsed.symbols {
            if declares(file, symbol) {
                names.entry(symbol.name.as_str()).or_default().push(at);
            }
        }
    }
    let is_test = |at: usize| files[at].path.file_name().ends_with("_test.go");
    // A name a Go file uses from an imported package is each platform variant's that may be
    // built with it (go-isatty's `example_test.go` calls `isatty.IsTerminal`, which each of
    // six files defines for its systems); the import resolved to one of them.
    for (from, file) in files.iter().enumerate() {
        if file.language != Language::Go {
            continue;
        }
        for import in &file.parsed.imports {
            let (Some(name), Some(target)) = (import.name.as_deref(), target_of(import, by_path))
            else {
                continue;
            };
            if !import.kind.is_edge() {
                continue;
            }
            let Some(declared) = key(&files[target]).and_then(|package| packages.get(&package))
            else {
                continue;
            };
            let definers: Vec<usize> = declared
                .get(name)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&definer| {
                    definer != from
                        && definer != target
                        && !is_test(definer)
                        && !go_never_built_together(file, &files[definer])
                })
                .collect();
            for definer in definers {
                if !files[definer].parsed.off_by_default() {
                    record(found, (from, definer), name, !import.kind.is_deferred());
                }
            }
        }
    }
    for (from, file) in files.iter().enumerate() {
        if file.parsed.package_uses.is_empty() {
            continue;
        }
        let Some(own) = key(file) else {
            continue;
        };
        let dotted = file.parsed.imports.iter().filter_map(|import| {
            let dot = import.kind.is_edge() && import.scope.as_deref() == Some(".");
            let target = files.get(dot.then(|| target_of(import, by_path)).flatten()?)?;
            Some((target.path.parent(), target.parsed.package.as_deref()?))
        });
        // C# sees the types of the namespaces enclosing its own (`Acme` from `Acme.Tests`).
        let enclosing: Vec<(&str, &str)> = if file.language == Language::CSharp {
            own.1
                .match_indices('.')
                .map(|(at, _)| ("", &own.1[..at]))
                .collect()
        } else {
            Vec::new()
        };
        // A type a Java or PHP file imports by name is that one, not its package's type of
        // the same name (jcommander's `import java.util.ResourceBundle` beside its own
        // annotation `ResourceBundle`).
        let imported: HashSet<&str> = if matches!(file.language, Language::Java | Language::Php) {
            file.parsed
                .imports
                .iter()
                .filter(|import| import.name.is_none() && !import.raw.ends_with('*'))
                .filter_map(|import| import.raw.rsplit(['.', '\\']).next())
                .collect()
        } else {
            HashSet::new()
        };
        for key in std::iter::once(own).chain(enclosing).chain(dotted) {
            let Some(declared) = packages.get(&key) else {
                continue;
            };
            for name in &file.parsed.package_uses {
                if imported.contains(name.as_str()) {
                    continue;
                }
                let definers: Vec<usize> = declared
                    .get(name.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&definer| definer != from && (!is_test(definer) || is_test(from)))
                    // Platform variants never built together (gofrs/flock's `flock_unix.go`
                    // and `flock_windows.go`, each with its own `Lock`) use none of each other.
                    .filter(|&definer| !go_never_built_together(&files[from], &files[definer]))
                    .collect();
                let some_default = definers
                    .iter()
                    .any(|&definer| !files[definer].parsed.off_by_default());
                for definer in definers {
                    if !(some_default && files[definer].parsed.off_by_default()) {
                        record(found, (from, definer), name, true);
                    }
                }
            }
        }
    }
}

/// True when two Go files are never in the same build (`cartograph_core::go_build`).
pub(crate) fn go_never_built_together(a: &FileMap, b: &FileMap) -> bool {
    a.language == Language::Go
        && b.language == Language::Go
        && cartograph_core::go_build::never_built_together(
            (a.path.file_name(), a.parsed.build_constraint.as_deref()),
            (b.path.file_name(), b.parsed.build_constraint.as_deref()),
        )
}

/// Records that file `from` names `name` from `target`, at the file that finally defines it,
/// by the name it has there (`a` for `import { INTERNAL_a }` of `export { a as INTERNAL_a }`).
/// A Rust import of a crate root that neither defines nor re-exports the name may name a
/// `#[macro_export]` macro of that crate (anyhow's tests `use anyhow::{bail, ensure}`, both
/// written in `src/macros.rs`).
fn refer<'f>(
    found: &mut FoundReferences,
    known: &mut Definitions<'f>,
    (files, by_path, macros): Lookups<'_, 'f>,
    (from, target): (usize, usize),
    (name, eager): (&'f str, bool),
) {
    let definition = *known.entry((target, name)).or_insert_with(|| {
        defining_symbol_within(files, by_path, target, name, MAX_HOPS, &mut BTreeSet::new())
            .or_else(|| exported_macro(files, macros, target, name))
    });
    if let Some((definer, defined_name)) = definition {
        if definer != from {
            record(found, (from, definer), defined_name, eager);
        }
    }
}

/// The file of `target`'s crate that defines the exported macro `name`, when `target` is the
/// crate's root (`src/lib.rs`) and one file of the crate does.
fn exported_macro<'f>(
    files: &'f [FileMap],
    macros: &ExportedMacros<'f>,
    target: usize,
    name: &'f str,
) -> Option<(usize, &'f str)> {
    let root = files.get(target)?;
    if root.language != Language::Rust {
        return None;
    }
    let sources = format!("{}src/", root.path.as_str().strip_suffix("src/lib.rs")?);
    let mut definers = macros
        .get(name)?
        .iter()
        .filter(|&&at| files[at].path.as_str().starts_with(&sources));
    match (definers.next(), definers.next()) {
        (Some(&only), None) => Some((only, name)),
        _ => None,
    }
}

/// The file that defines `name`, starting at `file` and following its re-exports: by name
/// first, then through globs (`from ._client import *`, `export * from './client'`,
/// `pub use clap_builder::*`), each glob followed through its own re-exports in turn.
pub(crate) fn defining_file(
    files: &[FileMap],
    by_path: &BTreeMap<&str, usize>,
    file: usize,
    name: &str,
) -> Option<usize> {
    defining_symbol_within(files, by_path, file, name, MAX_HOPS, &mut BTreeSet::new())
        .map(|(definer, _)| definer)
}

/// The file that defines `name` and the name it has there: a JavaScript module that exports a
/// name under another (`export { a as b }`, `export { a as b } from './x'`) is searched for the
/// name inside it.
fn defining_symbol_within<'f>(
    files: &'f [FileMap],
    by_path: &BTreeMap<&str, usize>,
    file: usize,
    name: &'f str,
    hops: usize,
    seen: &mut BTreeSet<usize>,
) -> Option<(usize, &'f str)> {
    if hops == 0 || !seen.insert(file) {
        return None;
    }
    let map = files.get(file)?;
    let name = map.parsed.unaliased(name);
    if map
        .parsed
        .symbols
        .iter()
        .any(|symbol| defines(map, symbol, name))
    {
        return Some((file, name));
    }
    let named = map.parsed.imports.iter().find_map(|import| {
        if !import.kind.is_edge() {
            return None;
        }
        let original = imported_name(map.language, import)?;
        // Rust's `pub use self::complete::bash::generate as generate_complete_bash;` brings
        // `generate_complete_bash`, which `bash.rs` defines as `generate`.
        let brought = match map.language {
            Language::Rust => import.name.as_deref().unwrap_or(original),
            _ => original,
        };
        (brought == name)
            .then(|| target_of(import, by_path))
            .flatten()
            .map(|next| (next, original))
    });
    // JavaScript passes a name on by importing it and exporting it again (commander's
    // `index.js`: `import { Command } from './lib/command.js'; ... export { Command };`): a
    // name the file takes from a module of the repository, and does not define, is looked for
    // there.
    let named = named.or_else(|| {
        if !matches!(
            map.language,
            Language::JavaScript | Language::TypeScript | Language::Tsx
        ) {
            return None;
        }
        let (module, _) = map
            .parsed
            .module_uses
            .iter()
            .find(|(_, used)| used == name)?;
        let next = module_target(files, map, module, by_path)?;
        Some((
            next,
            sole_export_bound_as(files, next, name).unwrap_or(name),
        ))
    });
    // A name can be imported twice, once per namespace (clap's `Parser`: the derive macro by
    // name from clap_derive, the trait through a glob): a named import that leads nowhere
    // leaves the globs to try.
    if let Some(found) = named.and_then(|(next, original)| {
        defining_symbol_within(files, by_path, next, original, hops - 1, seen)
    }) {
        return Some(found);
    }
    let mut through_globs = map.parsed.imports.iter().filter_map(|import| {
        let glob = import.kind.is_edge() && is_glob(map.language, import);
        let target = glob.then(|| target_of(import, by_path)).flatten()?;
        defining_symbol_within(files, by_path, target, name, hops - 1, seen)
    });
    let through_glob = match (through_globs.next(), map.language) {
        // Two Rust globs that both bring `name` can only be alternatives a `cfg` chooses
        // between (getrandom's `backends.rs`: `pub use custom::*;`, `pub use linux_raw::*;`,
        // … each defining `fill_inner`): which one a build takes is not the code's to say.
        (Some(first), Language::Rust) => match through_globs.next() {
            Some(other) if other.0 != first.0 => return None,
            _ => Some(first),
        },
        (first, _) => first,
    };
    through_glob.or_else(|| defined_in_inline_module(map, name).then_some((file, name)))
}

/// True when a Rust file defines `name` inside one of its inline modules: `use
/// crate::loom::sync::atomic::AtomicMut` resolves to `loom.rs`, whose `mod sync { mod atomic {
/// trait AtomicMut } }` holds it. Tried last, so that a name the file re-exports is followed.
fn defined_in_inline_module(file: &FileMap, name: &str) -> bool {
    if file.language != Language::Rust {
        return false;
    }
    let is_module = |parent: &str| {
        file.parsed
            .symbols
            .iter()
            .any(|symbol| symbol.kind == SymbolKind::Module && symbol.name == parent)
    };
    file.parsed.symbols.iter().any(|symbol| {
        symbol.name == name
            && !matches!(
                symbol.kind,
                SymbolKind::Impl | SymbolKind::Method | SymbolKind::Module
            )
            && symbol.parent.as_deref().is_some_and(is_module)
    })
}

/// True for an import that brings every name of its module: Python's `from m import *`, and a
/// JavaScript/TypeScript re-export (`export * from './client'`; `export { a } from` is read as
/// one too, which can only find names the module defines).
fn is_glob(language: Language, import: &cartograph_core::Import) -> bool {
    match language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => import.kind.is_reexport(),
        _ => imported_name(language, import) == Some("*"),
    }
}

/// True when `symbol`, one of `file`'s, is the top-level definition of `name` (a type in a C#
/// or PHP namespace is top level: `crate::is_top_level`). An `impl` block defines nothing, and
/// neither does a Rust `mod x;`: the module is its own file, which the import edge already
/// names, so `use crate::middleware::from_fn` beside a private `mod from_fn;` looks for the
/// function `middleware` re-exports.
fn defines(file: &FileMap, symbol: &cartograph_core::Symbol, name: &str) -> bool {
    symbol.name == name
        && crate::is_top_level(file, symbol)
        && symbol.kind != SymbolKind::Impl
        && !(file.language == Language::Rust && symbol.kind == SymbolKind::Module)
}

/// Per file, per symbol: its rank (see the module doc). `file_rank` is per file of `files`.
pub(crate) fn symbol_ranks(
    files: &[FileMap],
    file_rank: &[f64],
    references: &ReferenceMap,
) -> Vec<Vec<f64>> {
    let mut ranks: Vec<Vec<f64>> = files
        .iter()
        .zip(file_rank)
        .map(|(file, rank)| {
            let n = file.parsed.symbols.len().max(1) as f64;
            vec![rank * OWN_SHARE / n; file.parsed.symbols.len()]
        })
        .collect();
    let mut names_out: BTreeMap<usize, usize> = BTreeMap::new();
    for ((from, _), names) in references {
        *names_out.entry(*from).or_default() += names.len();
    }
    for ((from, to), names) in references {
        let total = names_out.get(from).copied().unwrap_or(1).max(1) as f64;
        let share = file_rank.get(*from).copied().unwrap_or(0.0) * (1.0 - OWN_SHARE) / total;
        let Some(target) = files.get(*to) else {
            continue;
        };
        let symbols = &target.parsed.symbols;
        for name in names {
            let matching: Vec<usize> = symbols
                .iter()
                .enumerate()
                .filter(|(_, symbol)| defines(target, symbol, name))
                .map(|(index, _)| index)
                .collect();
            let each = share / matching.len().max(1) as f64;
            for index in matching {
                if let Some(slot) = ranks.get_mut(*to).and_then(|file| file.get_mut(index)) {
                    *slot += each;
                }
            }
        }
    }
    let total: f64 = ranks.iter().flatten().sum();
    if total > 0.0 {
        for rank in ranks.iter_mut().flatten() {
            *rank /= total;
        }
    }
    ranks
}
