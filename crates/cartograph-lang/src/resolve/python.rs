//! Python imports resolved as the import system would find them with the repository's package
//! roots on `sys.path`.
//!
//! The roots: a script's own directory (a file outside any package), the directory holding the
//! importing file's top-level package, the repository root, `src/`, and every other directory
//! that holds a top-level package (a directory with `__init__.py` whose parent has none), in
//! that order. `import a.b.c` names `a/b/c.py` or `a/b/c/__init__.py`, never the parents'
//! `__init__.py`; `from a.b import x` names the submodule `a/b/x.py` when there is one, else the
//! package `a/b/__init__.py` (or the module `a/b.py`). Relative imports climb from the file's
//! package. Namespace packages (directories without `__init__.py`) resolve like any other.

use super::{first_existing, join, parent_dir, FileSet};
use cartograph_core::{Import, RepoPath};

pub(crate) struct PythonResolver<'a> {
    files: &'a FileSet<'a>,
    /// Every directory that holds a top-level package, shallowest first.
    package_roots: Vec<String>,
}

impl<'a> PythonResolver<'a> {
    pub(crate) fn new(files: &'a FileSet<'a>) -> PythonResolver<'a> {
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
        PythonResolver {
            files,
            package_roots,
        }
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
        let roots = self.roots_for(from);
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

    /// `sys.path` as the importing file sees it.
    fn roots_for<'s>(&'s self, from: &'s RepoPath) -> Vec<&'s str> {
        let own_dir = from.parent();
        let mut roots: Vec<&str> = Vec::new();
        match self.top_package_parent(own_dir) {
            Some(parent) => roots.push(parent),
            None => roots.push(own_dir),
        }
        for root in ["", "src"]
            .into_iter()
            .chain(self.package_roots.iter().map(String::as_str))
        {
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
            if let Some(found) = self.module_file(&package, name) {
                return Some(found);
            }
        }
        if module.is_empty() {
            return first_existing(root, ["__init__.py"], self.files);
        }
        self.module_file(root, module)
    }

    /// `dir/module.py` or `dir/module/__init__.py`.
    fn module_file(&self, dir: &str, module: &str) -> Option<RepoPath> {
        first_existing(
            dir,
            [format!("{module}.py"), format!("{module}/__init__.py")],
            self.files,
        )
    }
}
