//! Go imports resolved as the go command would find their packages in the repository, then
//! narrowed to the files that declare what the importer uses.
//!
//! Modules come from every `go.mod` (nested modules included; the longest module path that
//! prefixes an import wins) and from `replace` directives that point inside the repository;
//! `vendor/` directories next to a `go.mod` hold the packages they vendor. An import path names
//! a package directory: its `.go` files that are not `_test.go` files. The extractor records
//! one import per name used (`pkg.Name`), and each resolves to the file of the package that
//! declares that name at top level (a func, type, var or const; methods are not top level);
//! where build constraints give the name to several files, to one a default build compiles
//! (`binding.go`, `//go:build !nomsgpack`, rather than `binding_nomsgpack.go`).
//!
//! A tree without any `go.mod` falls back to the longest suffix of the import path that is a
//! package directory.
//!
//! Without an alias, the extractor guesses the package's name from the import path and records
//! the guess with each name; a name counts only when the package's clause is that guess
//! (`import "example.com/go-yaml"` with `package yaml`), else the import stands for the package.
//!
//! An import with no known name — a blank `_` or dot `.` import, a name declared in no file of
//! the package (generated or build-tagged out of the tree), or a package only used in ways a
//! selector does not show — resolves to one representative file of the package: the file named
//! after the package, else `doc.go`, else the first file by name. One edge to the package's
//! front file says "depends on this package" without claiming every file; the names a dot
//! import brings are references, found by the graph (`ParsedFile::package_uses`).

use super::{ancestors, join, parent_dir};
use cartograph_core::{FileMap, Import, RepoPath, SymbolKind};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One importable `.go` file.
struct GoFile<'a> {
    path: &'a RepoPath,
    package: Option<&'a str>,
    /// Names declared at top level.
    names: HashSet<&'a str>,
    /// Its build constraint needs a custom tag (`//go:build nomsgpack`): an alternative that
    /// a default build leaves out.
    off_by_default: bool,
    constraint: Option<&'a cartograph_core::BuildConstraint>,
}

pub(crate) struct GoResolver<'a> {
    /// Module path → its directory (`""` for the root), from `go.mod` files and local
    /// `replace` directives.
    modules: HashMap<String, String>,
    /// Directories holding a `go.mod`, for `vendor/` look-ups.
    module_dirs: HashSet<String>,
    /// Package directory → its importable files, sorted by path.
    packages: BTreeMap<&'a str, Vec<GoFile<'a>>>,
}

impl<'a> GoResolver<'a> {
    pub(crate) fn new(maps: &'a [FileMap]) -> GoResolver<'a> {
        let mut modules = HashMap::new();
        let mut module_dirs = HashSet::new();
        let mut replaces = Vec::new();
        let mut packages: BTreeMap<&str, Vec<GoFile<'_>>> = BTreeMap::new();
        for map in maps {
            if map.path.file_name() == "go.mod" {
                if let Some(module) = &map.parsed.go_module {
                    let dir = map.path.parent();
                    modules.insert(module.path.clone(), dir.to_string());
                    module_dirs.insert(dir.to_string());
                    for (old, target) in &module.local_replaces {
                        if let Some(target_dir) = directory_at(dir, target) {
                            replaces.push((old.clone(), target_dir));
                        }
                    }
                }
                continue;
            }
            let name = map.path.file_name();
            if map.path.extension() != Some("go") || name.ends_with("_test.go") {
                continue;
            }
            let names = map
                .parsed
                .symbols
                .iter()
                .filter(|symbol| symbol.parent.is_none() && symbol.kind != SymbolKind::Method)
                .map(|symbol| symbol.name.as_str())
                .collect();
            packages.entry(map.path.parent()).or_default().push(GoFile {
                path: &map.path,
                package: map.parsed.package.as_deref(),
                names,
                off_by_default: map.parsed.off_by_default(),
                constraint: map.parsed.build_constraint.as_deref(),
            });
        }
        // A replacement says where the module's code is, whatever its own `go.mod` says.
        modules.extend(replaces);
        for files in packages.values_mut() {
            files.sort_by(|a, b| a.path.cmp(b.path));
        }
        GoResolver {
            modules,
            module_dirs,
            packages,
        }
    }

    /// The file of the imported package that declares the name `import` uses.
    pub(crate) fn resolve(&self, importer: &FileMap, import: &Import) -> Option<RepoPath> {
        let from = &importer.path;
        let files = self.package_files(from, &import.raw)?;
        // A name selected through a guessed package name counts only if the package is so named.
        let named_as_guessed = import.scope.as_deref().is_none_or(|guess| {
            guess != "."
                && files
                    .iter()
                    .all(|file| file.package.is_none_or(|package| package == guess))
        });
        if let Some(name) = import.name.as_ref().filter(|_| named_as_guessed) {
            // Where build constraints give a name to several files, the default build's, of
            // those that may be built with the importer (a `main_windows.go` calls the
            // package's Windows variant).
            let importer_build = (
                from.file_name(),
                importer.parsed.build_constraint.as_deref(),
            );
            let declaring = files
                .iter()
                .filter(|file| file.names.contains(name.as_str()))
                .min_by_key(|file| {
                    let apart = cartograph_core::go_build::never_built_together(
                        importer_build,
                        (file.path.file_name(), file.constraint),
                    );
                    (apart, file.off_by_default)
                });
            if let Some(file) = declaring {
                return Some(file.path.clone());
            }
        }
        representative(files).map(|file| file.path.clone())
    }

    /// The importable files of the package `import_path` names, seen from `from`.
    fn package_files(&self, from: &RepoPath, import_path: &str) -> Option<&[GoFile<'a>]> {
        // Vendored copies win inside the module that vendors them.
        for dir in ancestors(from.parent()) {
            if self.module_dirs.contains(dir) {
                let vendored = join(&join(dir, "vendor"), import_path);
                if let Some(files) = self.packages.get(vendored.as_str()) {
                    return Some(files);
                }
                break;
            }
        }
        if self.modules.is_empty() {
            return self.by_suffix(import_path);
        }
        let (module, module_dir) = self
            .modules
            .iter()
            .filter(|(module, _)| {
                import_path == module.as_str()
                    || import_path
                        .strip_prefix(module.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(module, _)| module.len())?;
        let rest = import_path[module.len()..].trim_start_matches('/');
        let dir = if rest.is_empty() {
            module_dir.clone()
        } else {
            join(module_dir, rest)
        };
        self.packages.get(dir.as_str()).map(Vec::as_slice)
    }
}

impl<'a> GoResolver<'a> {
    /// Without any `go.mod` (a GOPATH-era tree, a partial checkout), the package directory is
    /// the longest suffix of the import path that is one; a path whose first element has no
    /// dot is the standard library's.
    fn by_suffix(&self, import_path: &str) -> Option<&[GoFile<'a>]> {
        let elements: Vec<&str> = import_path.split('/').collect();
        if !elements.first()?.contains('.') {
            return None;
        }
        (1..elements.len())
            .find_map(|start| {
                self.packages
                    .get(elements[start..].join("/").as_str())
                    .map(Vec::as_slice)
            })
            .or_else(|| {
                // The tree is the imported package itself, checked out at its import path
                // (pkg/errors: `example_test.go`, `package errors_test`, imports
                // `github.com/pkg/errors`, the root's `package errors`).
                let last = elements.last()?;
                let root = self.packages.get("")?;
                let mut code = root
                    .iter()
                    .filter(|file| !file.path.file_name().ends_with("_test.go"))
                    .peekable();
                let named = code.peek().is_some() && code.all(|file| file.package == Some(*last));
                (named && elements.len() >= 3).then_some(root.as_slice())
            })
    }
}

/// The file that stands for a package: the one named after it, else `doc.go`, else the first;
/// among the files of the default build when there are any.
fn representative<'f, 'a>(files: &'f [GoFile<'a>]) -> Option<&'f GoFile<'a>> {
    let default_build: Vec<&GoFile<'a>> =
        files.iter().filter(|file| !file.off_by_default).collect();
    let files: Vec<&GoFile<'a>> = if default_build.is_empty() {
        files.iter().collect()
    } else {
        default_build
    };
    let first = *files.first()?;
    let package = first.package.unwrap_or("");
    let dir_name = first.path.parent().rsplit('/').next().unwrap_or("");
    [
        format!("{package}.go"),
        format!("{dir_name}.go"),
        "doc.go".to_string(),
    ]
    .iter()
    .find_map(|name| {
        files
            .iter()
            .copied()
            .find(|file| file.path.file_name() == name)
    })
    .or(Some(first))
}

/// `target` (relative) joined onto `dir`, as a directory; `None` when it climbs out.
fn directory_at(dir: &str, target: &str) -> Option<String> {
    let joined = RepoPath::join_relative(dir, &format!("{target}/x"))?;
    Some(parent_dir(joined.as_str()).to_string())
}
