//! JavaScript and TypeScript specifiers resolved as the TypeScript compiler and Node would find
//! them in the repository, with workspace packages standing where `node_modules` would link them.
//!
//! In order: a relative specifier is a file (with the extensions and `index` files TypeScript
//! tries, and `./a.js` naming `./a.ts`); a bare one goes through the `paths` and then the
//! `baseUrl` of the nearest `tsconfig.json` or `jsconfig.json` above the importing file whose
//! `include` takes it in (their `extends` chains followed), then to a package of the repository by its `package.json` name
//! (`exports` subpaths and conditions, else `types`, `module`, `main`, else `index`). A target
//! that is a build output missing from the tree (`dist/index.js`) is mapped back to the source
//! file of the same stem under the package's `src/`, when exactly one exists; so is a relative
//! import of such an output (`./build/lib/x.js` is `lib/x.ts`). Anything else is
//! a package from outside the repository: no edge. A JavaScript importer gets what Node loads:
//! of a package's entry points and conditions, and of a file's extensions, the first that is no
//! type declaration (`.d.ts`) when there is one; a TypeScript importer gets what the compiler
//! checks it against.
//!
//! A package of the repository stands for its name only where a package manager would link it:
//! an importer whose nearest `package.json` declares that name with a registry range
//! (`"jotai": "^2.10.4"` in an example app) and is not a member of the workspace the package
//! belongs to (`workspaces`, `lerna.json` or `pnpm-workspace.yaml` globs) gets the published
//! package, which is no edge. The package's own files (a self-reference), a `workspace:`,
//! `file:`, `link:` or `portal:` dependency, a fellow workspace member, and an importer that
//! does not declare the name resolve to the package as before.

use super::{ancestors, is_relative, join, parent_dir, FileSet};
use cartograph_core::{FileMap, JsManifest, RepoPath};
use std::collections::{HashMap, HashSet};

/// Extensions tried, in TypeScript's order, for a specifier written without one: sources and
/// declarations first, then JavaScript.
const EXTENSIONS: [&str; 11] = [
    ".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mts", ".cts", ".d.mts", ".d.cts", ".mjs", ".cjs",
];

/// A JavaScript output extension and the TypeScript sources that compile to it: TypeScript
/// lets `./a.js` name `./a.ts`.
const OUTPUT_SOURCES: [(&str, &[&str]); 4] = [
    (".js", &[".ts", ".tsx", ".d.ts"]),
    (".jsx", &[".tsx"]),
    (".mjs", &[".mts", ".d.mts"]),
    (".cjs", &[".cts", ".d.cts"]),
];

/// Directories build tools write their output to, which a checkout usually lacks.
/// Directories that hold a package's build when it is committed: never its source.
const BUILD_DIRS: [&str; 7] = ["dist", "build", "out", "esm", "distribution", "umd", "cjs"];
const OUTPUT_DIRS: [&str; 6] = ["dist", "lib", "build", "out", "esm", "distribution"];

/// The extensions of TypeScript's declaration files.
const DECLARATION_EXTENSIONS: [&str; 3] = [".d.ts", ".d.mts", ".d.cts"];

/// Directories a package keeps type declarations in that its build copies to where its
/// manifest's `types` names them (dayjs's `types/index.d.ts`, published as `index.d.ts`).
const DECLARATION_DIRS: [&str; 2] = ["types", "typings"];

/// Directories a package keeps the sources of its build output in (ky's `source/`).
const SOURCE_DIRS: [&str; 2] = ["src", "source"];

/// `extends` chains longer than this are broken input (or a cycle).
const MAX_EXTENDS_DEPTH: usize = 16;

/// Patterns (`paths` keys, `exports` subpaths) each with its targets, in order.
type Patterns = Vec<(String, Vec<String>)>;

/// The module-resolution options of one configuration file, with its `extends` applied.
#[derive(Debug, Clone, Default)]
struct CompilerPaths {
    /// `baseUrl` as a repository directory (`""` for the root).
    base_url: Option<String>,
    /// `paths`, with the directory of the configuration that declared them (their base when
    /// there is no `baseUrl`).
    paths: Option<(String, Patterns)>,
    /// `include`, with the directory of the configuration that declared it; `None` when no
    /// configuration of the chain restricts its files.
    include: Option<(String, Vec<String>)>,
    /// `exclude`, the same way.
    exclude: Option<(String, Vec<String>)>,
}

impl CompilerPaths {
    /// Whether the configuration governs `file`: TypeScript gives a file the options of the
    /// nearest configuration whose `include` takes it in and whose `exclude` does not (zustand's
    /// root `tsconfig.json` maps `zustand` to `./src/index.ts` for `src/**/*` and `tests/**/*`
    /// only, redux's for everything but `examples`: their example apps get the published
    /// package).
    fn includes(&self, file: &RepoPath) -> bool {
        let included = self
            .include
            .as_ref()
            .is_none_or(|(dir, globs)| globs_match(dir, globs, file));
        let excluded = self
            .exclude
            .as_ref()
            .is_some_and(|(dir, globs)| globs_match(dir, globs, file));
        included && !excluded
    }
}

/// Whether one of the tsconfig globs, relative to `dir`, takes in `file`.
fn globs_match(dir: &str, globs: &[String], file: &RepoPath) -> bool {
    let relative = if dir.is_empty() {
        Some(file.as_str())
    } else {
        file.as_str()
            .strip_prefix(dir)
            .and_then(|rest| rest.strip_prefix('/'))
    };
    let Some(relative) = relative else {
        return false;
    };
    let path: Vec<&str> = relative.split('/').collect();
    globs.iter().any(|glob| {
        let mut pattern: Vec<&str> = glob
            .trim_start_matches("./")
            .split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .collect();
        // A last part with no wildcard and no extension names a directory: all below it; so
        // does `.` (redux's root `tsconfig.json`: `"include": ["."]`).
        if pattern
            .last()
            .is_none_or(|last| !last.contains(['*', '?', '.']))
        {
            pattern.push("**");
        }
        glob_matches(&pattern, &path)
    })
}

pub(crate) struct JsResolver<'a> {
    files: &'a FileSet<'a>,
    /// `tsconfig.json` / `jsconfig.json` by directory, with `extends` applied.
    configs: HashMap<String, CompilerPaths>,
    /// Repository packages by `package.json` name: their directory and manifest.
    packages: HashMap<String, (String, &'a JsManifest)>,
    /// Every `package.json` manifest by directory, for a directory imported as a module.
    package_dirs: HashMap<String, &'a JsManifest>,
    /// Source files under a package's `src/` by (that `src` directory, file stem): where a
    /// build output's source is looked for when its path does not say.
    sources_by_stem: HashMap<(String, &'a str), Vec<&'a str>>,
    /// Per package directory (of `package_dirs`), the root of the workspace it is a member of.
    workspace_of: HashMap<String, String>,
}

impl<'a> JsResolver<'a> {
    pub(crate) fn new(maps: &'a [FileMap], files: &'a FileSet<'a>) -> JsResolver<'a> {
        let manifests: HashMap<&str, &JsManifest> = maps
            .iter()
            .filter_map(|map| Some((map.path.as_str(), map.parsed.js_manifest.as_deref()?)))
            .collect();
        let mut package_paths: Vec<&str> = manifests
            .keys()
            .copied()
            .filter(|path| path.rsplit('/').next() == Some("package.json"))
            .collect();
        // Shallowest first, so that a name declared twice (a package and its test fixture)
        // is the shallower package's.
        package_paths.sort_by_key(|path| (path.matches('/').count(), *path));
        let mut packages = HashMap::new();
        let mut package_dirs = HashMap::new();
        for path in package_paths {
            let manifest = manifests[path];
            let dir = parent_dir(path).to_string();
            if let Some(name) = &manifest.name {
                packages
                    .entry(name.clone())
                    .or_insert((dir.clone(), manifest));
            }
            package_dirs.insert(dir, manifest);
        }
        let mut sources_by_stem: HashMap<(String, &str), Vec<&str>> = HashMap::new();
        for path in files.paths().filter(|path| is_source_extension(path)) {
            let src = ancestors(parent_dir(path)).find(|dir| {
                let name = dir.rsplit('/').next().unwrap_or(dir);
                SOURCE_DIRS.contains(&name) && package_dirs.contains_key(parent_dir(dir))
            });
            if let Some(src) = src {
                let stem = strip_module_extension(path.rsplit('/').next().unwrap_or(path));
                sources_by_stem
                    .entry((src.to_string(), stem))
                    .or_default()
                    .push(path);
            }
        }
        let workspace_of = workspace_members(&manifests, &package_dirs);
        let mut resolver = JsResolver {
            files,
            configs: HashMap::new(),
            packages,
            package_dirs,
            sources_by_stem,
            workspace_of,
        };
        let mut configs = HashMap::new();
        for path in manifests.keys() {
            let name = path.rsplit('/').next().unwrap_or(path);
            if name == "tsconfig.json" || name == "jsconfig.json" {
                let dir = parent_dir(path).to_string();
                // `tsconfig.json` wins over a `jsconfig.json` beside it, as for TypeScript.
                if name == "jsconfig.json" && configs.contains_key(&dir) {
                    continue;
                }
                let mut visiting = HashSet::new();
                let options = resolver.compiler_paths(path, &manifests, &mut visiting);
                configs.insert(dir, options);
            }
        }
        resolver.configs = configs;
        resolver
    }

    /// The options of the configuration at `path` after its `extends` chain: later bases
    /// override earlier ones, the file's own options override them all.
    fn compiler_paths(
        &self,
        path: &str,
        manifests: &HashMap<&str, &JsManifest>,
        visiting: &mut HashSet<String>,
    ) -> CompilerPaths {
        if visiting.len() > MAX_EXTENDS_DEPTH || !visiting.insert(path.to_string()) {
            return CompilerPaths::default();
        }
        let Some(manifest) = manifests.get(path) else {
            return CompilerPaths::default();
        };
        let dir = parent_dir(path);
        let mut options = CompilerPaths::default();
        for base in &manifest.extends {
            if let Some(base_path) = self.extended_config(dir, base, manifests) {
                let inherited = self.compiler_paths(&base_path, manifests, visiting);
                if inherited.base_url.is_some() {
                    options.base_url = inherited.base_url;
                }
                if inherited.paths.is_some() {
                    options.paths = inherited.paths;
                }
                if inherited.include.is_some() {
                    options.include = inherited.include;
                }
                if inherited.exclude.is_some() {
                    options.exclude = inherited.exclude;
                }
            }
        }
        if let Some(base_url) = &manifest.base_url {
            options.base_url = normalize_dir(dir, base_url);
        }
        if let Some(paths) = &manifest.paths {
            options.paths = Some((dir.to_string(), paths.clone()));
        }
        if !manifest.include.is_empty() {
            options.include = Some((dir.to_string(), manifest.include.clone()));
        }
        if !manifest.exclude.is_empty() {
            options.exclude = Some((dir.to_string(), manifest.exclude.clone()));
        }
        visiting.remove(path);
        options
    }

    /// The file an `extends` names: relative to the configuration, or inside a repository
    /// package (`@acme/tsconfig/base.json`).
    fn extended_config(
        &self,
        dir: &str,
        base: &str,
        manifests: &HashMap<&str, &JsManifest>,
    ) -> Option<String> {
        let with_json = |path: String| -> Option<String> {
            [path.clone(), format!("{path}.json")]
                .into_iter()
                .find(|candidate| manifests.contains_key(candidate.as_str()))
        };
        if is_relative(base) {
            return with_json(RepoPath::join_relative(dir, base)?.to_string());
        }
        let (name, subpath) = split_package_specifier(base)?;
        let (package_dir, _) = self.packages.get(name)?;
        with_json(join(package_dir, subpath.unwrap_or("tsconfig.json")))
    }

    /// The file `specifier`, written in `from`, names.
    pub(crate) fn resolve(&self, from: &RepoPath, specifier: &str) -> Option<RepoPath> {
        let specifier = specifier.split(['?', '#']).next().unwrap_or(specifier);
        if specifier.is_empty() {
            return None;
        }
        // JavaScript runs what Node loads (`default`, `main`), not the type declarations a
        // TypeScript importer is checked against: commander's examples `require('commander')`
        // and run `index.js`, not `typings/index.d.ts`.
        let runtime = is_javascript(from);
        if is_relative(specifier) {
            // `../..` may be the repository root itself, a directory with a package entry.
            let path = normalize_dir(from.parent(), specifier)?;
            return self
                .module_at(&path, runtime)
                .or_else(|| self.source_of_build_output(&path));
        }
        if specifier.starts_with('/') {
            return None;
        }
        if let Some(options) = self.config_for(from) {
            if let Some(found) = self.through_paths(options, specifier, runtime) {
                return Some(found);
            }
            if let Some(base_url) = &options.base_url {
                if let Some(found) = RepoPath::join_relative(base_url, specifier)
                    .and_then(|path| self.module_at(path.as_str(), runtime))
                {
                    return Some(found);
                }
            }
        }
        if let Some(found) = self.in_package(from, specifier, runtime) {
            return Some(found);
        }
        // `@/x` is the common alias of `src/x` that bundlers set up outside any tsconfig.
        let in_src = specifier.strip_prefix("@/")?;
        self.module_at(RepoPath::join_relative("src", in_src)?.as_str(), runtime)
    }

    /// The nearest configuration at or above `file` that includes it.
    fn config_for(&self, file: &RepoPath) -> Option<&CompilerPaths> {
        ancestors(file.parent()).find_map(|dir| {
            self.configs
                .get(dir)
                .filter(|options| options.includes(file))
        })
    }

    /// `compilerOptions.paths`: the exact pattern, else the wildcard pattern with the longest
    /// prefix; its targets are tried in order.
    fn through_paths(
        &self,
        options: &CompilerPaths,
        specifier: &str,
        runtime: bool,
    ) -> Option<RepoPath> {
        let (paths_dir, paths) = options.paths.as_ref()?;
        let base = options.base_url.as_deref().unwrap_or(paths_dir);
        let (targets, star) = match_pattern(paths, specifier)?;
        targets.iter().find_map(|target| {
            let target = target.replacen('*', star, 1);
            self.module_at(RepoPath::join_relative(base, &target)?.as_str(), runtime)
        })
    }

    /// A package of the repository by name, and a file in it, when `from` would be linked to it.
    fn in_package(&self, from: &RepoPath, specifier: &str, runtime: bool) -> Option<RepoPath> {
        let (name, subpath) = split_package_specifier(specifier)?;
        let (dir, manifest) = self.packages.get(name)?;
        if !self.links_to(from, name, dir) {
            return None;
        }
        if !manifest.exports.is_empty() {
            let key = subpath.map_or_else(|| ".".to_string(), |subpath| format!("./{subpath}"));
            if let Some((targets, star)) = match_pattern(&manifest.exports, &key) {
                let found = targets.iter().filter_map(|target| {
                    let target = target.replacen('*', star, 1);
                    self.package_target(dir, &target, runtime)
                });
                if let Some(found) = preferred(found, runtime) {
                    return Some(found);
                }
            }
        }
        // Without `exports` (or under `moduleResolution: node`, which ignores them) a subpath
        // is a path inside the package and the package itself its entry points.
        match subpath {
            Some(subpath) => {
                self.module_at(RepoPath::join_relative(dir, subpath)?.as_str(), runtime)
            }
            None => self.package_entry(dir, manifest, runtime),
        }
    }

    /// Whether the package manager would give `from` the repository's package `name` in
    /// `package_dir` (see the module doc): false only for an importer whose nearest
    /// `package.json` declares `name` with a registry specifier and is not a member of the
    /// package's workspace.
    fn links_to(&self, from: &RepoPath, name: &str, package_dir: &str) -> bool {
        let Some((importer_dir, importer)) =
            ancestors(from.parent()).find_map(|dir| Some((dir, *self.package_dirs.get(dir)?)))
        else {
            return true;
        };
        if importer_dir == package_dir {
            return true;
        }
        let Some((_, specifier)) = importer
            .dependencies
            .iter()
            .find(|(dependency, _)| dependency == name)
        else {
            return true;
        };
        let local = ["workspace:", "file:", "link:", "portal:"]
            .iter()
            .any(|protocol| specifier.starts_with(protocol));
        let fellow_members = self
            .workspace_of
            .get(importer_dir)
            .is_some_and(|root| self.workspace_of.get(package_dir) == Some(root));
        local || fellow_members
    }

    /// `types`, `module`, `main`, else `index.*`, of the package in `dir`; for a `runtime`
    /// importer the first that is no type declaration, when there is one.
    fn package_entry(&self, dir: &str, manifest: &JsManifest, runtime: bool) -> Option<RepoPath> {
        let found = manifest
            .entry_points
            .iter()
            .filter_map(|entry| self.package_target(dir, entry, runtime));
        preferred(found, runtime).or_else(|| self.with_extensions(&join(dir, "index"), runtime))
    }

    /// A target a package names, or the source it was built from. For TypeScript, a type
    /// declaration missing from the tree is one the build copies out of a `types/` or
    /// `typings/` directory (dayjs's `"types": "index.d.ts"`, copied from
    /// `types/index.d.ts`), else one compiled from a TypeScript source: never a script, which
    /// declares no types (dayjs's `src/index.js` took its 37 plugin declarations' imports of
    /// `PluginFunc`). A script's import of the package still leads to the source that runs
    /// (its locales' `import dayjs from 'dayjs'`: `src/index.js`).
    fn package_target(&self, dir: &str, target: &str, runtime: bool) -> Option<RepoPath> {
        let path = RepoPath::join_relative(dir, target)?;
        if let Some(found) = self.module_at(path.as_str(), runtime) {
            return Some(found);
        }
        // A script's import of the package runs its source, whichever entry leads there.
        if runtime || !is_declaration(&path) {
            return self.source_of_output(dir, &path);
        }
        let inside = path
            .as_str()
            .strip_prefix(dir)
            .map(|rest| rest.trim_start_matches('/'))?;
        DECLARATION_DIRS
            .iter()
            .find_map(|types| self.existing(&join(&join(dir, types), inside)))
            .or_else(|| {
                self.source_of_output(dir, &path)
                    .filter(|source| !is_javascript(source))
            })
    }

    /// A build output missing from the tree (`dist/esm/index.d.ts`, ky's
    /// `distribution/index.js`) mapped back to its source: the path under `src/` (or `source/`)
    /// with the output directory removed, else the one file there with the same stem. A package
    /// published from its build directory names outputs at its root (zustand's `./index.js`):
    /// the same path under `src/`.
    fn source_of_output(&self, package_dir: &str, output: &RepoPath) -> Option<RepoPath> {
        let inside = output
            .as_str()
            .strip_prefix(package_dir)
            .map(|rest| rest.trim_start_matches('/'))?;
        let mut parts: Vec<&str> = inside.split('/').collect();
        if let Some(first_output) = parts.iter().position(|part| OUTPUT_DIRS.contains(part)) {
            parts.drain(..=first_output);
        }
        let file_name = parts.pop()?;
        let stem = strip_module_extension(file_name);
        for source_dir in SOURCE_DIRS {
            let src = join(package_dir, source_dir);
            // `dist/esm/a/b.js` may come from `src/a/b.ts` or, when the format is a directory
            // of its own, from `src/esm/a/b.ts`; try the deeper path, then without its first
            // parts.
            for skip in 0..=parts.len() {
                let mut relative: Vec<&str> = parts[skip..].to_vec();
                relative.push(stem);
                if let Some(found) = self.with_extensions(&join(&src, &relative.join("/")), false) {
                    return Some(found);
                }
            }
        }
        SOURCE_DIRS
            .iter()
            .find_map(|source_dir| {
                match self
                    .sources_by_stem
                    .get(&(join(package_dir, source_dir), stem))?
                    .as_slice()
                {
                    [only] => RepoPath::new(only).ok(),
                    _ => None,
                }
            })
            // Compiled from the package's own directories (yargs-parser's `main`,
            // `build/lib/index.js`, is `tsc`'s output of `lib/index.ts`): the path under the
            // output directory, when it has one of its own.
            .or_else(|| {
                if parts.is_empty() {
                    return None;
                }
                let mut relative = parts.clone();
                relative.push(stem);
                self.with_extensions(&join(package_dir, &relative.join("/")), false)
            })
    }

    /// A relative import of the project's own build output, which the checkout lacks: the
    /// source it is built from. yargs' `index.mjs` imports `./build/lib/yargs-factory.js`,
    /// which `tsc` (`outDir: build`) compiles from `lib/yargs-factory.ts`: the path under the
    /// build directory is looked for under the build directory's parent, else a `src/` file
    /// of the same stem stands for it (`dist/index.js` from `src/index.ts`).
    fn source_of_build_output(&self, path: &str) -> Option<RepoPath> {
        let parts: Vec<&str> = path.split('/').collect();
        let at = parts.iter().position(|part| BUILD_DIRS.contains(part))?;
        let parent = parts[..at].join("/");
        let rest = parts[at + 1..].join("/");
        if rest.is_empty() {
            return None;
        }
        // A declaration the compiler writes beside the script (`./build/lib/types.d.ts`, which
        // yargs-parser's `deno.ts` imports) comes from the source of that name (`lib/types.ts`).
        let declared = DECLARATION_EXTENSIONS
            .iter()
            .find_map(|extension| rest.strip_suffix(extension));
        self.module_at(&join(&parent, &rest), false)
            .or_else(|| declared.and_then(|stem| self.with_extensions(&join(&parent, stem), false)))
            .or_else(|| self.source_of_output(&parent, &RepoPath::new(path).ok()?))
    }

    /// What the package in `dir` offers to be imported, each with the file of the repository
    /// it leads to, build outputs followed to their sources and, where there is a choice, what
    /// Node runs rather than a type declaration: `.` (the package itself: its `exports` entry
    /// `.`, else `types`, `module` or `main`, else `index`; then, when TypeScript checks its
    /// importers against a declaration file of its own, that file too), then each `exports`
    /// subpath without a wildcard that leads to a script (`./vanilla`), in the manifest's order.
    pub(crate) fn package_sources(
        &self,
        dir: &str,
        manifest: &JsManifest,
    ) -> Vec<(String, RepoPath)> {
        // What the repository holds of the package's code: of the conditions' targets, one
        // outside a committed build (axios' `"require": "./dist/node/axios.cjs"` beside
        // `"default": "./index.js"`) when there is one.
        let through_exports = |key: &str, runtime: bool| {
            let (_, targets) = manifest
                .exports
                .iter()
                .find(|(pattern, _)| pattern == key)?;
            let found: Vec<RepoPath> = targets
                .iter()
                .filter_map(|target| self.package_target(dir, target, runtime))
                .collect();
            let built = |path: &RepoPath| {
                let inside = path
                    .as_str()
                    .strip_prefix(dir)
                    .unwrap_or(path.as_str())
                    .trim_start_matches('/');
                inside
                    .split('/')
                    .next()
                    .is_some_and(|first| BUILD_DIRS.contains(&first))
            };
            let sources: Vec<RepoPath> =
                found.iter().filter(|path| !built(path)).cloned().collect();
            preferred(sources.into_iter(), runtime)
                .or_else(|| preferred(found.into_iter(), runtime))
        };
        let package = |runtime: bool| {
            through_exports(".", runtime).or_else(|| {
                manifest
                    .exports
                    .is_empty()
                    .then(|| self.package_entry(dir, manifest, runtime))
                    .flatten()
            })
        };
        let mut sources = Vec::new();
        let runs = package(true);
        // What TypeScript checks an importer against, when it is a declaration of its own
        // (commander's `typings/index.d.ts` beside `index.js`).
        let declared = package(false)
            .filter(|declared| is_declaration(declared) && runs.as_ref() != Some(declared));
        for entry in runs.into_iter().chain(declared) {
            sources.push((".".to_string(), entry));
        }
        for (key, _) in &manifest.exports {
            if key == "." || key.contains('*') || sources.iter().any(|(seen, _)| seen == key) {
                continue;
            }
            if let Some(found) = through_exports(key, true)
                .filter(|found| is_source_extension(found.as_str()) && !is_declaration(found))
            {
                sources.push((key.clone(), found));
            }
        }
        sources
    }

    /// The module file at `path`: the file itself when its extension says so, the TypeScript
    /// source of a JavaScript name, the path with an extension, or a directory's package entry
    /// or `index` file. Node loads a JavaScript file that exists as it is: chalk's
    /// `./source/index.js` is not the `index.d.ts` beside it, which TypeScript would check
    /// against.
    fn module_at(&self, path: &str, runtime: bool) -> Option<RepoPath> {
        if runtime {
            if let Some(found) = self.existing(path) {
                return Some(found);
            }
        }
        for (output, sources) in OUTPUT_SOURCES {
            if let Some(stem) = path.strip_suffix(output) {
                if let Some(found) = sources
                    .iter()
                    .find_map(|source| self.existing(&format!("{stem}{source}")))
                {
                    return Some(found);
                }
            }
        }
        let has_extension = path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.'));
        if has_extension {
            if let Some(found) = self.existing(path) {
                return Some(found);
            }
        }
        if let Some(found) = self.with_extensions(path, runtime) {
            return Some(found);
        }
        if let Some(manifest) = self.package_dirs.get(path) {
            let found = manifest.entry_points.iter().filter_map(|entry| {
                self.module_at(RepoPath::join_relative(path, entry)?.as_str(), runtime)
            });
            if let Some(found) = preferred(found, runtime) {
                return Some(found);
            }
        }
        self.with_extensions(&join(path, "index"), runtime)
    }

    /// `stem` with the first extension that exists, in TypeScript's order; for a `runtime`
    /// importer, type declarations only when nothing else exists (`main: "lib/pad"` beside
    /// `lib/pad.d.ts` is `lib/pad.js` to Node).
    fn with_extensions(&self, stem: &str, runtime: bool) -> Option<RepoPath> {
        let declaration = |extension: &&str| extension.starts_with(".d.");
        let find = |wanted: bool| {
            EXTENSIONS
                .iter()
                .filter(|extension| !runtime || declaration(extension) == wanted)
                .find_map(|extension| self.existing(&format!("{stem}{extension}")))
        };
        // Node's `require('../../package')` loads `package.json` when no script is there
        // (koa's tests read its version so).
        find(false)
            .or_else(|| if runtime { find(true) } else { None })
            .or_else(|| {
                runtime
                    .then(|| self.existing(&format!("{stem}.json")))
                    .flatten()
            })
    }

    fn existing(&self, path: &str) -> Option<RepoPath> {
        if self.files.contains(path) {
            RepoPath::new(path).ok()
        } else {
            None
        }
    }
}

/// True for a JavaScript file (not TypeScript): what it imports is what Node loads. A script
/// without an extension is one by its `#!/usr/bin/env node` line (commander's `examples/pm`).
fn is_javascript(path: &RepoPath) -> bool {
    matches!(path.extension(), Some("js" | "jsx" | "mjs" | "cjs") | None)
}

/// True for a TypeScript declaration file (`index.d.ts`, `.d.mts`, `.d.cts`).
fn is_declaration(path: &RepoPath) -> bool {
    let name = path.file_name();
    name.ends_with(".d.ts") || name.ends_with(".d.mts") || name.ends_with(".d.cts")
}

/// The first of `found`; for a `runtime` importer the first that is no type declaration, else
/// the first.
fn preferred(found: impl Iterator<Item = RepoPath>, runtime: bool) -> Option<RepoPath> {
    let mut first = None;
    for path in found {
        if !runtime || !is_declaration(&path) {
            return Some(path);
        }
        first.get_or_insert(path);
    }
    first
}

/// Per package directory, the root of the workspace it is a member of: the nearest directory at
/// or above it whose `package.json` `workspaces`, `lerna.json` or `pnpm-workspace.yaml` globs
/// match it (a workspace's root is a member of its own workspace), when there is one.
fn workspace_members(
    manifests: &HashMap<&str, &JsManifest>,
    package_dirs: &HashMap<String, &JsManifest>,
) -> HashMap<String, String> {
    let mut globs: HashMap<&str, Vec<&str>> = HashMap::new();
    for (path, manifest) in manifests {
        let name = path.rsplit('/').next().unwrap_or(path);
        if matches!(name, "package.json" | "lerna.json" | "pnpm-workspace.yaml") {
            globs
                .entry(parent_dir(path))
                .or_default()
                .extend(manifest.workspaces.iter().map(String::as_str));
        }
    }
    globs.retain(|_, patterns| !patterns.is_empty());
    let mut members = HashMap::new();
    for dir in package_dirs.keys() {
        let root = ancestors(dir).find(|root| {
            let Some(patterns) = globs.get(root) else {
                return false;
            };
            let relative = if root.is_empty() {
                dir.as_str()
            } else if dir == root {
                ""
            } else {
                &dir[root.len() + 1..]
            };
            relative.is_empty() || in_workspace(patterns, relative)
        });
        if let Some(root) = root {
            members.insert(dir.clone(), root.to_string());
        }
    }
    members
}

/// Whether the directory `relative` (to the workspace root) matches one of the workspace's
/// globs and none of its `!` exclusions.
fn in_workspace(patterns: &[&str], relative: &str) -> bool {
    let matches = |pattern: &str| {
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        let pattern: Vec<&str> = pattern.split('/').filter(|part| *part != ".").collect();
        let path: Vec<&str> = relative
            .split('/')
            .filter(|part| !part.is_empty())
            .collect();
        glob_matches(&pattern, &path)
    };
    let included = patterns
        .iter()
        .any(|pattern| !pattern.starts_with('!') && matches(pattern));
    let excluded = patterns
        .iter()
        .filter_map(|pattern| pattern.strip_prefix('!'))
        .any(matches);
    included && !excluded
}

/// A path glob over components: `**` is any number of them, `*` and `?` stand within one.
fn glob_matches(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| glob_matches(rest, &path[skip..])),
        Some((first, rest)) => path.split_first().is_some_and(|(component, others)| {
            component_matches(first.as_bytes(), component.as_bytes()) && glob_matches(rest, others)
        }),
    }
}

fn component_matches(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| component_matches(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && component_matches(rest, &text[1..]),
        Some((byte, rest)) => text.first() == Some(byte) && component_matches(rest, &text[1..]),
    }
}

/// `@scope/name/sub/path` → (`@scope/name`, `sub/path`); `name` → (`name`, none); `None`
/// for what is no package name (`@/x`, `@scope`).
fn split_package_specifier(specifier: &str) -> Option<(&str, Option<&str>)> {
    let name_end = if specifier.starts_with('@') {
        let scope_end = specifier.find('/')?;
        if scope_end == 1 {
            return None;
        }
        specifier[scope_end + 1..]
            .find('/')
            .map(|index| scope_end + 1 + index)
    } else {
        specifier.find('/')
    };
    let (name, subpath) = match name_end {
        Some(end) => (&specifier[..end], Some(&specifier[end + 1..])),
        None => (specifier, None),
    };
    if name.is_empty() || name.ends_with('/') {
        return None;
    }
    Some((name, subpath.filter(|subpath| !subpath.is_empty())))
}

/// The targets of the pattern `key` matches, with what its `*` stands for: an exact pattern
/// first, else the wildcard pattern with the longest prefix (TypeScript's and Node's rule).
fn match_pattern<'p>(
    patterns: &'p [(String, Vec<String>)],
    key: &'p str,
) -> Option<(&'p [String], &'p str)> {
    if let Some((_, targets)) = patterns.iter().find(|(pattern, _)| pattern == key) {
        return Some((targets, ""));
    }
    patterns
        .iter()
        .filter_map(|(pattern, targets)| {
            let (prefix, suffix) = pattern.split_once('*')?;
            let star = key.strip_prefix(prefix)?.strip_suffix(suffix)?;
            Some((prefix.len(), targets.as_slice(), star))
        })
        .max_by_key(|(prefix_length, _, _)| *prefix_length)
        .map(|(_, targets, star)| (targets, star))
}

/// `reference` joined onto the directory `base`, as a directory (`""` for the root).
fn normalize_dir(base: &str, reference: &str) -> Option<String> {
    match RepoPath::join_relative(base, reference) {
        Some(path) => Some(path.to_string()),
        // `join_relative` gives nothing for the root itself; tell it from climbing out.
        None => RepoPath::join_relative(base, &format!("{reference}/x"))
            .filter(|path| path.as_str() == "x")
            .map(|_| String::new()),
    }
}

/// `a.d.ts` → `a`, `a.test.mjs` → `a.test`, `a` → `a`.
fn strip_module_extension(file_name: &str) -> &str {
    [".d.ts", ".d.mts", ".d.cts"]
        .iter()
        .chain(EXTENSIONS.iter())
        .find_map(|extension| file_name.strip_suffix(extension))
        .unwrap_or(file_name)
}

fn is_source_extension(path: &str) -> bool {
    EXTENSIONS.iter().any(|extension| path.ends_with(extension))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_specifiers_split_into_name_and_subpath() {
        assert_eq!(split_package_specifier("react"), Some(("react", None)));
        assert_eq!(
            split_package_specifier("lodash/fp/map"),
            Some(("lodash", Some("fp/map")))
        );
        assert_eq!(
            split_package_specifier("@acme/ui"),
            Some(("@acme/ui", None))
        );
        assert_eq!(
            split_package_specifier("@acme/ui/button"),
            Some(("@acme/ui", Some("button")))
        );
        assert_eq!(split_package_specifier("@acme"), None);
        assert_eq!(split_package_specifier("@/x"), None);
    }

    #[test]
    fn exact_patterns_beat_wildcards_and_longer_prefixes_win() {
        let patterns = vec![
            ("@app/*".to_string(), vec!["a/*".to_string()]),
            ("@app/core/*".to_string(), vec!["b/*".to_string()]),
            ("@app/core".to_string(), vec!["c".to_string()]),
        ];
        assert_eq!(
            match_pattern(&patterns, "@app/core/x"),
            Some((&patterns[1].1[..], "x"))
        );
        assert_eq!(
            match_pattern(&patterns, "@app/core"),
            Some((&patterns[2].1[..], ""))
        );
        assert_eq!(
            match_pattern(&patterns, "@app/y/z"),
            Some((&patterns[0].1[..], "y/z"))
        );
        assert_eq!(match_pattern(&patterns, "other"), None);
    }

    #[test]
    fn directories_normalize_to_the_root_or_none_outside() {
        assert_eq!(normalize_dir("a/b", ".."), Some("a".into()));
        assert_eq!(normalize_dir("a", ".."), Some(String::new()));
        assert_eq!(normalize_dir("", "."), Some(String::new()));
        assert_eq!(normalize_dir("", ".."), None);
        assert_eq!(normalize_dir("a", "./src"), Some("a/src".into()));
    }

    #[test]
    fn workspace_globs_match_directories_and_exclusions_win() {
        let patterns = ["packages/*", "apps/**", "tools", ".", "!packages/old*"];
        assert!(in_workspace(&patterns, "packages/ui"));
        assert!(in_workspace(&patterns, "apps/web/admin"));
        assert!(in_workspace(&patterns, "tools"));
        assert!(!in_workspace(&patterns, "packages/old-ui"));
        assert!(!in_workspace(&patterns, "packages/ui/nested"));
        assert!(!in_workspace(&patterns, "examples/hello"));
        assert!(in_workspace(&["./examples/*/"], "examples/hello"));
        assert!(in_workspace(&["pkg-?"], "pkg-a"));
        assert!(!in_workspace(&["."], "examples/hello"));
    }

    #[test]
    fn module_extensions_strip_declarations_whole() {
        assert_eq!(strip_module_extension("index.d.ts"), "index");
        assert_eq!(strip_module_extension("a.test.mjs"), "a.test");
        assert_eq!(strip_module_extension("README"), "README");
    }
}
