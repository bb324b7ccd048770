//! Rust paths resolved as the compiler would: crate roots from each `Cargo.toml`, the module
//! tree from `mod` declarations (`#[path]` and inline modules included), and `use` trees and
//! paths in code followed through it.
//!
//! An import names the file of the deepest module its path reaches: `use crate::a::b::C` is
//! `src/a/b.rs` (or `src/a/b/mod.rs`, or wherever `#[path]` put it), `use super::*` inside an
//! inline `mod tests` is the file itself (no edge). Other crates of the repository are found by
//! their library name (`-` read as `_`), by a dependency's rename, or by `extern crate x as y`.
//! `mod x;` builds the tree and is no edge. Files no crate root reaches keep a crate and module
//! guessed from their place under `src/`.
//!
//! A path names a module only where the importer may name it: a `mod x;` without `pub` is
//! seen from its parent module and below, so `use crate::middleware::from_fn` elsewhere names
//! the function `middleware` re-exports, not the private module `middleware::from_fn`. A module
//! re-exported by `pub use` (`pub use other_crate::*`, `pub use self::a::b`) is named through
//! the module that re-exports it: `clap::parser::X` is `clap_builder/src/parser/mod.rs`. A
//! `use` path may also start at a module another `use` of the same module brought into scope
//! (`use crate::test_helpers::*;` then `use counting_cloneable_state::X;`).

use super::{first_existing, join, parent_dir, FileSet};
use cartograph_core::{FileMap, Import, ImportKind, RepoPath};
use std::collections::{HashMap, HashSet, VecDeque};

/// Where a module sits: its crate (an index into `RustResolver::crates`) and its path in that
/// crate, `a::b` (`""` for the crate root).
type ModuleKey = (usize, String);

/// A module as a crate and its path's segments: where a path starts, or the importer.
type Module = (usize, Vec<String>);

/// How many `pub use` re-exports one path is followed through (cycles end sooner).
const MAX_REEXPORT_HOPS: usize = 4;

struct Crate {
    /// The package (index into `packages`) whose target this crate is.
    package: usize,
    /// Names this crate gives other crates: `extern crate x as y` in its root.
    aliases: HashMap<String, String>,
}

struct Package {
    /// The library crate, when the package has one.
    lib: Option<usize>,
    /// Dependency names as code writes them (`_`) → the package name they stand for.
    renames: HashMap<String, String>,
    /// Target directories whose files Cargo does not take as targets (`autotests = false`).
    undiscovered_dirs: Vec<String>,
    /// Dependencies from a registry, by the name code uses (`_`): no crate of the repository.
    registry: HashSet<String>,
}

pub(crate) struct RustResolver {
    crates: Vec<Crate>,
    packages: Vec<Package>,
    /// Every module of every crate, and the file that holds it.
    modules: HashMap<ModuleKey, RepoPath>,
    /// Modules declared without `pub`: only their parent module and its descendants name them.
    private_modules: HashSet<ModuleKey>,
    /// Per module, the paths its `use` items bring, as written (`a::*` for a glob), the name
    /// each brings when it is renamed (`a::b as c`), and whether each is a `pub use` (a
    /// re-export other modules see).
    uses: HashMap<ModuleKey, Vec<(String, Option<String>, bool)>>,
    /// The module each file is, in the first crate that reaches it (libraries first).
    file_modules: HashMap<String, (usize, Vec<String>)>,
    /// Library crates by the name code uses for them (`-` as `_`).
    libraries: HashMap<String, usize>,
    /// Library crates by package name, for renamed dependencies.
    package_libraries: HashMap<String, usize>,
    /// Package directories (`""` for the root) → package.
    package_dirs: HashMap<String, usize>,
}

impl RustResolver {
    pub(crate) fn new(files: &[FileMap], set: &FileSet<'_>) -> RustResolver {
        let by_path: HashMap<&str, &FileMap> = files
            .iter()
            .map(|file| (file.path.as_str(), file))
            .collect();
        let mut resolver = RustResolver {
            crates: Vec::new(),
            packages: Vec::new(),
            modules: HashMap::new(),
            private_modules: HashSet::new(),
            uses: HashMap::new(),
            file_modules: HashMap::new(),
            libraries: HashMap::new(),
            package_libraries: HashMap::new(),
            package_dirs: HashMap::new(),
        };
        // Crate roots, libraries first so that a file two crates reach is the library's.
        let mut lib_roots = Vec::new();
        let mut other_roots = Vec::new();
        let mut manifests: Vec<&FileMap> = files
            .iter()
            .filter(|file| file.path.file_name() == "Cargo.toml" && file.parsed.cargo.is_some())
            .collect();
        manifests.sort_by(|a, b| a.path.cmp(&b.path));
        for manifest in manifests {
            let Some(cargo) = &manifest.parsed.cargo else {
                continue;
            };
            let dir = manifest.path.parent().to_string();
            let package = resolver.packages.len();
            resolver.packages.push(Package {
                lib: None,
                renames: cargo
                    .renamed_dependencies
                    .iter()
                    .map(|(key, name)| (key.replace('-', "_"), name.clone()))
                    .collect(),
                undiscovered_dirs: cargo.undiscovered_dirs.clone(),
                registry: cargo
                    .registry_dependencies
                    .iter()
                    .map(|name| name.replace('-', "_"))
                    .collect(),
            });
            resolver.package_dirs.insert(dir.clone(), package);
            let lib_path = cargo.lib_path.as_deref().unwrap_or("src/lib.rs");
            if let Some(root) = first_existing(&dir, [lib_path], set) {
                let lib_name = cargo
                    .lib_name
                    .clone()
                    .unwrap_or_else(|| cargo.name.clone())
                    .replace('-', "_");
                lib_roots.push((root, package, Some(lib_name), cargo.name.clone()));
            }
            for target in ["src/main.rs", "build.rs"]
                .into_iter()
                .chain(cargo.target_paths.iter().map(String::as_str))
            {
                if let Some(root) = first_existing(&dir, [target], set) {
                    other_roots.push((root, package));
                }
            }
        }
        // Cargo's auto-discovered targets: src/bin, examples, tests, benches.
        let mut discovered: Vec<(RepoPath, usize)> = files
            .iter()
            .filter(|file| file.path.extension() == Some("rs"))
            .filter_map(|file| {
                let package = resolver.target_package(&file.path)?;
                Some((file.path.clone(), package))
            })
            .collect();
        discovered.sort();
        other_roots.extend(discovered);

        // Package name → its library crate, for renamed dependencies.
        let mut package_names: HashMap<String, usize> = HashMap::new();
        let mut seen_roots: HashSet<RepoPath> = HashSet::new();
        for (root, package, lib_name, package_name) in lib_roots {
            let id = resolver.add_crate(&root, package, &by_path);
            if let Some(lib_name) = lib_name {
                resolver.libraries.entry(lib_name).or_insert(id);
            }
            package_names.entry(package_name).or_insert(id);
            if let Some(entry) = resolver.packages.get_mut(package) {
                entry.lib = Some(id);
            }
            seen_roots.insert(root);
        }
        for (root, package) in other_roots {
            if seen_roots.insert(root.clone()) {
                resolver.add_crate(&root, package, &by_path);
            }
        }
        resolver.package_libraries = package_names;
        resolver.build_trees(&by_path, set);
        resolver
    }

    fn add_crate(
        &mut self,
        root: &RepoPath,
        package: usize,
        by_path: &HashMap<&str, &FileMap>,
    ) -> usize {
        let aliases = by_path
            .get(root.as_str())
            .map(|file| {
                file.parsed
                    .imports
                    .iter()
                    .filter(|import| import.kind == ImportKind::ExternCrate)
                    .map(|import| {
                        let alias = import.name.clone().unwrap_or_else(|| import.raw.clone());
                        (alias, import.raw.clone())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let id = self.crates.len();
        self.crates.push(Crate { package, aliases });
        self.modules.insert((id, String::new()), root.clone());
        id
    }

    /// The package whose auto-discovered target `path` is: `<package>/src/bin/x.rs`,
    /// `<package>/src/bin/x/main.rs`, `<package>/{examples,tests,benches}/x.rs` or `.../x/main.rs`,
    /// unless the package turns that discovery off.
    fn target_package(&self, path: &RepoPath) -> Option<usize> {
        let dir = path.parent();
        let candidates = [dir, parent_dir(dir)];
        let depth = usize::from(path.file_name() == "main.rs");
        let target_dir = candidates.get(depth)?;
        for suffix in ["src/bin", "examples", "tests", "benches"] {
            let package_dir = if *target_dir == suffix {
                Some("")
            } else {
                target_dir
                    .strip_suffix(suffix)
                    .and_then(|rest| rest.strip_suffix('/'))
            };
            let package = package_dir.and_then(|dir| self.package_dirs.get(dir));
            if let Some(package) = package {
                let undiscovered = self
                    .packages
                    .get(*package)
                    .is_some_and(|entry| entry.undiscovered_dirs.iter().any(|dir| dir == suffix));
                return (!undiscovered).then_some(*package);
            }
        }
        None
    }

    /// Follows `mod` declarations from every crate root.
    fn build_trees(&mut self, by_path: &HashMap<&str, &FileMap>, set: &FileSet<'_>) {
        let mut queue: VecDeque<(RepoPath, usize, Vec<String>, bool)> = self
            .modules
            .iter()
            .map(|((id, _), root)| (root.clone(), *id, Vec::new(), true))
            .collect();
        // Crate order: libraries first, then the rest, each in path order.
        queue.make_contiguous().sort_by_key(|(_, id, _, _)| *id);
        let mut expanded: HashSet<(usize, RepoPath)> = HashSet::new();
        while let Some((file, id, module, mod_rs)) = queue.pop_front() {
            if !expanded.insert((id, file.clone())) {
                continue;
            }
            self.file_modules
                .entry(file.as_str().to_string())
                .or_insert_with(|| (id, module.clone()));
            let Some(map) = by_path.get(file.as_str()) else {
                continue;
            };
            let own_dir = file.parent();
            let children_dir = if mod_rs {
                own_dir.to_string()
            } else {
                join(own_dir, file.file_name().trim_end_matches(".rs"))
            };
            for import in &map.parsed.imports {
                let scope = scope_segments(import);
                let mut path = module.clone();
                path.extend(scope.iter().map(|segment| segment.to_string()));
                path.push(import.raw.clone());
                let key = (id, path.join("::"));
                if import.private
                    && matches!(
                        import.kind,
                        ImportKind::InlineModule | ImportKind::ModDeclaration
                    )
                {
                    self.private_modules.insert(key.clone());
                }
                match import.kind {
                    ImportKind::Reexport | ImportKind::CrateReexport | ImportKind::Use => {
                        let mut scope_path = module.clone();
                        scope_path.extend(scope.iter().map(|segment| segment.to_string()));
                        self.uses
                            .entry((id, scope_path.join("::")))
                            .or_default()
                            .push((
                                import.raw.clone(),
                                import.name.clone(),
                                import.kind.is_reexport(),
                            ));
                    }
                    ImportKind::InlineModule => {
                        self.modules.entry(key).or_insert_with(|| file.clone());
                    }
                    ImportKind::ModDeclaration => {
                        let dir = scope
                            .iter()
                            .fold(children_dir.clone(), |dir, segment| join(&dir, segment));
                        let child = match &import.path_attribute {
                            // Outside inline modules a `#[path]` is relative to the file's own
                            // directory; inside them, to the inline module's directory.
                            Some(path) if scope.is_empty() => {
                                first_existing(own_dir, [path], set).map(|found| (found, true))
                            }
                            Some(path) => {
                                first_existing(&dir, [path], set).map(|found| (found, true))
                            }
                            None => first_existing(&dir, [format!("{}.rs", import.raw)], set)
                                .map(|found| (found, false))
                                .or_else(|| {
                                    first_existing(&dir, [format!("{}/mod.rs", import.raw)], set)
                                        .map(|found| (found, true))
                                }),
                        };
                        if let Some((child, child_mod_rs)) = child {
                            if let std::collections::hash_map::Entry::Vacant(entry) =
                                self.modules.entry(key)
                            {
                                entry.insert(child.clone());
                                queue.push_back((child, id, path, child_mod_rs));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// The crate and module of `file`: from the module tree, or guessed from its place under
    /// the nearest package's `src/` when no crate root reaches it.
    fn locate(&self, file: &RepoPath) -> Option<(usize, Vec<String>)> {
        if let Some(found) = self.file_modules.get(file.as_str()) {
            return Some(found.clone());
        }
        let mut dir = file.parent();
        loop {
            if let Some(package) = self.package_dirs.get(dir) {
                let id = self.packages.get(*package)?.lib?;
                let src = join(dir, "src");
                let relative = file.as_str().strip_prefix(&src)?.trim_start_matches('/');
                let relative = relative.strip_suffix(".rs").unwrap_or(relative);
                let mut segments: Vec<String> = relative.split('/').map(str::to_string).collect();
                if segments.last().map(String::as_str) == Some("mod") {
                    segments.pop();
                }
                return Some((id, segments));
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        }
    }

    /// Where a file of a package that no crate root reaches and that lies outside its `src/`
    /// stands, for a path that starts at another crate (`first`): serde_json's
    /// `tests/regression/issue953.rs`, which `automod::dir!` makes a module of a test, and its
    /// trybuild fixtures `tests/ui/*.rs`, crates of their own, all `use serde_json::…`. Such a
    /// file's own modules are unknown, so only paths into another crate are followed.
    fn outside_any_tree(&self, file: &RepoPath, first: &str) -> Option<(usize, Vec<String>)> {
        let mut dir = file.parent();
        let package = loop {
            if let Some(package) = self.package_dirs.get(dir) {
                break self.packages.get(*package)?;
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent_dir(dir);
        };
        let id = package.lib?;
        self.extern_crate(id, first)?;
        // A module no crate has: a child module never shadows the crate's name.
        Some((id, vec![String::new()]))
    }

    /// The library crate that `name` stands for in crate `id`.
    fn extern_crate(&self, id: usize, name: &str) -> Option<usize> {
        let krate = self.crates.get(id)?;
        let name = krate.aliases.get(name).map(String::as_str).unwrap_or(name);
        let package = self.packages.get(krate.package)?;
        if let Some(renamed) = package.renames.get(name) {
            return self.package_libraries.get(renamed).copied();
        }
        let name = name.replace('-', "_");
        // The published release, not this checkout's crate of that name.
        if package.registry.contains(&name) {
            return None;
        }
        self.libraries.get(&name).copied()
    }

    /// The file of the module a `mod x;` in `from` declares.
    pub(crate) fn declared_module(&self, from: &RepoPath, import: &Import) -> Option<RepoPath> {
        let (id, mut path) = self.file_modules.get(from.as_str())?.clone();
        path.extend(
            scope_segments(import)
                .iter()
                .map(|segment| segment.to_string()),
        );
        path.push(import.raw.clone());
        let child = self.modules.get(&(id, path.join("::")))?;
        (child != from).then(|| child.clone())
    }

    fn has_module(&self, id: usize, path: &[String]) -> bool {
        self.modules.contains_key(&(id, path.join("::")))
    }

    /// True when `importer` may name module `path` of crate `id`: a private module is seen
    /// from its parent module and that module's descendants, in its own crate.
    fn can_name(&self, importer: &Module, id: usize, path: &[String]) -> bool {
        if !self.private_modules.contains(&(id, path.join("::"))) {
            return true;
        }
        // A file outside any crate's tree (a trybuild fixture, `tests/ui/*.rs`, read as the
        // crate's user: `outside_any_tree`) names none of its private modules: anyhow's
        // `use anyhow::ensure` is the macro, not the private `mod ensure`.
        let outsider = matches!(importer.1.as_slice(), [only] if only.is_empty());
        let parent = &path[..path.len().saturating_sub(1)];
        importer.0 == id && !outsider && importer.1.starts_with(parent)
    }

    /// The file of the deepest module `import`'s path names, seen from `from`.
    pub(crate) fn resolve(&self, from: &RepoPath, import: &Import) -> Option<RepoPath> {
        self.resolve_as(from, import, import.kind)
    }

    /// `resolve`, reading `import` as a statement of `kind` (a path in code is decided to be
    /// `Path` or `ScopedPath` only once the tree is known).
    pub(crate) fn resolve_as(
        &self,
        from: &RepoPath,
        import: &Import,
        kind: ImportKind,
    ) -> Option<RepoPath> {
        if self.crates.is_empty() {
            return None;
        }
        let segments: Vec<&str> = import.raw.split("::").collect();
        let (id, mut current) = match self.locate(from) {
            Some(found) => found,
            None => self.outside_any_tree(from, segments.first().copied()?)?,
        };
        current.extend(
            scope_segments(import)
                .iter()
                .map(|segment| segment.to_string()),
        );
        let importer = (id, current);
        // A path from a module in scope starts where a `use` path may: at a child module, or
        // at a module a `use` brought.
        let kind = match kind {
            ImportKind::ScopedPath => ImportKind::Use,
            kind => kind,
        };
        let (start, rest) = self.path_start(&importer, &segments, kind, 0)?;
        let ((id, module), _) = self.walk(&importer, start, rest, 0);
        self.modules.get(&(id, module.join("::"))).cloned()
    }

    /// True when `import`, a path in code, starts where a path may start on its own (`crate`,
    /// `self`, `super`, `::` or another crate) rather than at a module a `use` brought.
    pub(crate) fn path_is_rooted(&self, from: &RepoPath, import: &Import) -> bool {
        let first = import.raw.split("::").next().unwrap_or_default();
        if matches!(first, "crate" | "self" | "super" | "") {
            return true;
        }
        self.locate(from)
            .is_some_and(|(id, _)| self.extern_crate(id, first).is_some())
    }

    /// Where a path written in module `importer` starts (`crate`, `self`, `super`, another
    /// crate, a child module, or for a `use` a module another `use` of `importer` brought
    /// into scope), and the segments left after that start.
    fn path_start<'p>(
        &self,
        importer: &Module,
        segments: &'p [&'p str],
        kind: ImportKind,
        hops: usize,
    ) -> Option<(Module, &'p [&'p str])> {
        let (id, current) = importer;
        let first = *segments.first()?;
        Some(match first {
            "crate" => ((*id, Vec::new()), &segments[1..]),
            "self" => ((*id, current.clone()), &segments[1..]),
            "super" => {
                let count = segments
                    .iter()
                    .take_while(|segment| **segment == "super")
                    .count();
                let kept = current.len().checked_sub(count)?;
                ((*id, current[..kept].to_vec()), &segments[count..])
            }
            // `::name`: a crate, never a module.
            "" => (
                (self.extern_crate(*id, segments.get(1)?)?, Vec::new()),
                segments.get(2..)?,
            ),
            name => {
                let mut child = current.clone();
                child.push(name.to_string());
                // A `use` path may start at a child module (2018 paths), and so may a path in
                // code read for references (`ImportKind::ScopedPath`); as an import edge, a
                // path in code is counted only from `crate`, `self`, `super` or another crate.
                // A child module shadows a crate of the same name.
                if self.has_module(*id, &child) {
                    if kind == ImportKind::Path {
                        return None;
                    }
                    ((*id, current.clone()), segments)
                } else if let Some(krate) = self.extern_crate(*id, name) {
                    ((krate, Vec::new()), &segments[1..])
                } else if kind != ImportKind::Path && hops == 0 {
                    // `use crate::test_helpers::*;` then `use counting_cloneable_state::X;`,
                    // and in code `use grep::cli;` then `cli::pattern_from_os(..)`.
                    // One step only: the `use` that brings the name must start plainly, so an
                    // unknown name (`std`) costs one look at the module's `use` items.
                    let brought = self.module_brought(importer, importer, name, hops, false)?;
                    (brought, &segments[1..])
                } else {
                    return None;
                }
            }
        })
    }

    /// Follows `segments` from `start` while they name modules `importer` may name: declared
    /// modules, and modules a `pub use` re-exports. The deepest module, and how many segments
    /// it took.
    fn walk(
        &self,
        importer: &Module,
        start: Module,
        segments: &[&str],
        hops: usize,
    ) -> (Module, usize) {
        let (id, mut module) = start;
        for (taken, segment) in segments.iter().enumerate() {
            module.push((*segment).to_string());
            if self.has_module(id, &module) && self.can_name(importer, id, &module) {
                continue;
            }
            module.pop();
            if hops < MAX_REEXPORT_HOPS {
                let reexporter = (id, module.clone());
                let target = self
                    .module_brought(importer, &reexporter, segment, hops, true)
                    .or_else(|| self.crate_reexported(id, &module, segment));
                if let Some(target) = target {
                    let (deepest, more) =
                        self.walk(importer, target, &segments[taken + 1..], hops + 1);
                    return (deepest, taken + 1 + more);
                }
            }
            return ((id, module), taken);
        }
        ((id, module), segments.len())
    }

    /// The crate a crate root names `name` with `extern crate x as name;` (or `extern crate
    /// name;`), which other crates reach through it as a module: ripgrep's `grep` facade has
    /// `pub extern crate grep_printer as printer;`, so `grep::printer::Standard` is
    /// `grep_printer`'s root. Code that compiles names it from elsewhere only when it is `pub`.
    fn crate_reexported(&self, id: usize, module: &[String], name: &str) -> Option<Module> {
        if !module.is_empty() || !self.crates.get(id)?.aliases.contains_key(name) {
            return None;
        }
        Some((self.extern_crate(id, name)?, Vec::new()))
    }

    /// The module that the `use` items of module `user` (only its `pub use` items when
    /// `public_only`) make visible as `name`: a module brought by name (`use a::name`), or a
    /// module of a glob's target (`use a::*`). `importer` is who names it.
    fn module_brought(
        &self,
        importer: &Module,
        user: &Module,
        name: &str,
        hops: usize,
        public_only: bool,
    ) -> Option<Module> {
        let uses = self.uses.get(&(user.0, user.1.join("::")))?;
        uses.iter().find_map(|(raw, alias, public)| {
            if public_only && !public {
                return None;
            }
            let segments: Vec<&str> = raw.split("::").collect();
            let (last, path) = segments.split_last()?;
            let glob = *last == "*";
            if !glob && alias.as_deref().unwrap_or(last) != name {
                return None;
            }
            let named = if glob { path } else { &segments[..] };
            // The using module resolves its own paths, private modules included.
            let (start, rest) = self.path_start(user, named, ImportKind::Use, hops + 1)?;
            let ((target_id, target), taken) = self.walk(user, start, rest, hops + 1);
            if taken != rest.len() {
                return None;
            }
            if !glob {
                return Some((target_id, target));
            }
            let mut child = target;
            child.push(name.to_string());
            (self.has_module(target_id, &child) && self.can_name(importer, target_id, &child))
                .then_some((target_id, child))
        })
    }
}

fn scope_segments(import: &Import) -> Vec<&str> {
    import
        .scope
        .as_deref()
        .map(|scope| scope.split("::").collect())
        .unwrap_or_default()
}
