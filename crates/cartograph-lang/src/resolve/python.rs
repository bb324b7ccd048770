//! Python imports resolved as the import system would find them with the repository's package
//! roots on `sys.path`.
//!
//! The roots: a script's own directory (a file outside any package), the directory holding the
//! importing file's top-level package, the repository root, `src/`, the directories pytest's
//! `pythonpath` adds (`pyproject.toml`, `pytest.ini`, `tox.ini`, `setup.cfg`), and every other
//! directory that holds a top-level package (a directory with `__init__.py` whose parent has
//! none), in that order. `import a.b.c` names `a/b/c.py` or `a/b/c/__init__.py`, never the parents'
//! `__init__.py`; `from a.b import x` names the submodule `a/b/x.py` when there is one (unless
//! `a/b/__init__.py` defines a function or class `x` after importing it, which rebinds the
//! name), else the package `a/b/__init__.py` (or the module `a/b.py`). Relative imports climb from the file's
//! package. Namespace packages (directories without `__init__.py`) resolve like any other.

use super::{first_existing, join, parent_dir, FileSet};
use cartograph_core::{join_dir, FileMap, Import, RepoPath, SymbolKind};
use std::collections::{HashMap, HashSet};

/// The roots every file shares: the repository root, `src/`, then the configured roots and the
/// package roots.
const FIXED_ROOTS: [&str; 2] = ["", "src"];

/// The configuration files whose pytest `pythonpath` adds roots.
const PYTEST_CONFIGS: [&str; 5] = [
    "pyproject.toml",
    "pytest.ini",
    ".pytest.ini",
    "tox.ini",
    "setup.cfg",
];

pub(crate) struct PythonResolver<'a> {
    files: &'a FileSet<'a>,
    /// The roots every file shares, in order: `FIXED_ROOTS`, the directories pytest's
    /// configuration adds, then every directory that holds a top-level package, shallowest
    /// first; each once.
    shared_roots: Vec<String>,
    /// For the first component of a module path, the shared roots (positions in
    /// `shared_roots`) holding a file or directory of that name: an import
    /// tries only these, not every root of a tree with hundreds of them.
    roots_by_first: HashMap<&'a str, Vec<usize>>,
    /// `(package's __init__.py, name)` of the functions and classes an `__init__.py` defines
    /// after its last import of the submodule of that name: `from pkg import name` gets the
    /// definition, which rebinds the submodule's attribute (tenacity's `def retry` beside
    /// `tenacity/retry.py`).
    init_definitions: HashSet<(&'a str, &'a str)>,
}

impl<'a> PythonResolver<'a> {
    pub(crate) fn new(files: &'a FileSet<'a>, maps: &'a [FileMap]) -> PythonResolver<'a> {
        let mut package_roots: Vec<String> = files
            .paths()
            .filter_map(|path| path.strip_suffix("/__init__.py"))
            .filter(|package| !files.contains(&join(parent_dir(package), "__init__.py")))
            .map(|package| parent_dir(package).to_string())
            .collect();
        package_roots.sort_by(|a, b| {
            let depth = |dir: &str| dir.split('/').filter(|part| !part.is_empty()).count();
            depth(a).cmp(&depth(b)).then_with(|| a.cmp(b))
        });
        package_roots.dedup();
        let mut shared_roots: Vec<String> =
            FIXED_ROOTS.iter().map(|root| root.to_string()).collect();
        for root in configured_roots(maps).into_iter().chain(package_roots) {
            if !shared_roots.contains(&root) {
                shared_roots.push(root);
            }
        }
        let position: HashMap<&str, usize> = shared_roots
            .iter()
            .enumerate()
            .map(|(at, root)| (root.as_str(), at))
            .collect();
        let mut roots_by_first: HashMap<&'a str, Vec<usize>> = HashMap::new();
        for path in files.paths() {
            // Each ancestor directory of the file (the repository root included) that is a
            // shared root holds the component of the path just below it.
            let mut start: usize = 0;
            loop {
                let dir = &path[..start.saturating_sub(1)];
                let rest = &path[start..];
                let first = rest.split('/').next().unwrap_or_default();
                if let Some(&at) = position.get(dir) {
                    let name = first.strip_suffix(".py").unwrap_or(first);
                    roots_by_first.entry(name).or_default().push(at);
                }
                match rest.find('/') {
                    Some(slash) => start += slash + 1,
                    None => break,
                }
            }
        }
        for roots in roots_by_first.values_mut() {
            roots.sort_unstable();
            roots.dedup();
        }
        let mut init_definitions = HashSet::new();
        for map in maps {
            if map.path.file_name() != "__init__.py" {
                continue;
            }
            for symbol in &map.parsed.symbols {
                if symbol.parent.is_some()
                    || !matches!(symbol.kind, SymbolKind::Function | SymbolKind::Class)
                {
                    continue;
                }
                let name = symbol.name.as_str();
                let submodule = format!(".{name}");
                let imported_after = map.parsed.imports.iter().any(|import| {
                    import.line > symbol.line
                        && (import.raw == submodule
                            || import.raw.starts_with(&format!("{submodule}."))
                            || import.raw.ends_with(&submodule))
                });
                if !imported_after {
                    init_definitions.insert((map.path.as_str(), name));
                }
            }
        }
        PythonResolver {
            files,
            shared_roots,
            roots_by_first,
            init_definitions,
        }
    }

    fn shared_root(&self, at: usize) -> &str {
        self.shared_roots.get(at).map_or("", String::as_str)
    }

    /// The file `import` names, seen from `from`.
    pub(crate) fn resolve(&self, from: &RepoPath, import: &Import) -> Option<RepoPath> {
        let raw = import.raw.as_str();
        let dots = raw.bytes().take_while(|byte| *byte == b'.').count();
        let module = raw[dots..].replace('.', "/");
        let name = import.name.as_deref().filter(|name| *name != "*");
        if dots > 0 {
            // One dot is the file's own package; each further dot goes one package up.
            let mut package = from.parent();
            for _ in 1..dots {
                if package.is_empty() {
                    return None;
                }
                package = parent_dir(package);
            }
            return self.in_root(package, &module, name);
        }
        if module.is_empty() {
            return None;
        }
        let first = module.split('/').next().unwrap_or_default();
        let roots = self.roots_for(from, first);
        roots
            .iter()
            .find_map(|root| self.in_root(root, &module, name))
            .or_else(|| {
                // `import a.b.c` where `c` is no module (an attribute `a.b` sets, as `os.path`):
                // the deepest module of the path that exists.
                let parts: Vec<&str> = module.split('/').collect();
                (1..parts.len()).rev().find_map(|length| {
                    let prefix = parts[..length].join("/");
                    roots
                        .iter()
                        .find_map(|root| self.module_file(root, &prefix))
                })
            })
    }

    /// `sys.path` as the importing file sees it, less the shared roots that hold nothing named
    /// `first`.
    fn roots_for<'s>(&'s self, from: &'s RepoPath, first: &str) -> Vec<&'s str> {
        let own_dir = from.parent();
        let mut roots: Vec<&str> = Vec::new();
        match self.top_package_parent(own_dir) {
            Some(parent) => roots.push(parent),
            None => roots.push(own_dir),
        }
        let shared = self
            .roots_by_first
            .get(first)
            .map_or(&[][..], Vec::as_slice);
        for root in shared.iter().map(|&at| self.shared_root(at)) {
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
        roots
    }

    /// The parent of the highest package in the unbroken chain of packages above `dir`, or
    /// `None` when `dir` is no package.
    fn top_package_parent<'d>(&self, dir: &'d str) -> Option<&'d str> {
        let mut top = None;
        let mut current = dir;
        while !current.is_empty() && self.files.contains(&join(current, "__init__.py")) {
            top = Some(current);
            current = parent_dir(current);
        }
        top.map(parent_dir)
    }

    /// `module` (a path with `/`, maybe empty) with `name` imported from it, under `root`.
    fn in_root(&self, root: &str, module: &str, name: Option<&str>) -> Option<RepoPath> {
        let package = if module.is_empty() {
            root.to_string()
        } else {
            join(root, module)
        };
        if let Some(name) = name {
            let init = join(&package, "__init__.py");
            if self.init_definitions.contains(&(init.as_str(), name)) {
                return RepoPath::new(&init).ok();
            }
            if let Some(found) = self.module_file(&package, name) {
                return Some(found);
            }
        }
        if module.is_empty() {
            return first_existing(root, ["__init__.py"], self.files);
        }
        self.module_file(root, module)
    }

    /// `dir/module.py` or `dir/module/__init__.py`; for a module only built (a C extension:
    /// markupsafe's `_speedups`, from `_speedups.c`), its stub `dir/module.pyi`.
    fn module_file(&self, dir: &str, module: &str) -> Option<RepoPath> {
        first_existing(
            dir,
            [
                format!("{module}.py"),
                format!("{module}/__init__.py"),
                format!("{module}.pyi"),
            ],
            self.files,
        )
    }
}

/// The directories pytest's `pythonpath` puts on `sys.path`, from the configuration files of
/// [`PYTEST_CONFIGS`], each relative to its file's directory (`.` is that directory); none that
/// climbs out of the repository.
fn configured_roots(maps: &[FileMap]) -> Vec<String> {
    let mut roots = Vec::new();
    for map in maps {
        if map.parsed.python_paths.is_empty() || !PYTEST_CONFIGS.contains(&map.path.file_name()) {
            continue;
        }
        for path in &map.parsed.python_paths {
            let Some(root) = join_dir(map.path.parent(), path) else {
                continue;
            };
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
    }
    roots
}
