//! Decides what a module is: a package directory (it holds a manifest such as `Cargo.toml` or
//! `__init__.py`, or it is a Go package of a Go module) or else a top-level source directory.
//! Looks at paths only, never at contents.

use cartograph_core::{Language, Module, RepoPath};
use std::collections::{BTreeMap, BTreeSet};

/// File names that make their directory a package. `BUILD` files are deliberately absent: Bazel
/// puts one in nearly every directory, which would make a page of every folder.
const MANIFEST_NAMES: &[&str] = &[
    "Cargo.toml",
    "__init__.py",
    "package.json",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "setup.py",
    "pyproject.toml",
    "Gemfile",
    "composer.json",
    "CMakeLists.txt",
    "mix.exs",
    "Package.swift",
    "pubspec.yaml",
    "build.sbt",
    "deno.json",
    "meson.build",
];

/// Manifest extensions that name a project by file name (`App.csproj`, `lib.gemspec`).
const MANIFEST_EXTENSIONS: &[&str] = &["csproj", "fsproj", "vbproj", "gemspec", "cabal", "nimble"];

/// True when `path` is a manifest that makes its directory a package.
pub fn is_package_manifest(path: &RepoPath) -> bool {
    let name = path.file_name();
    MANIFEST_NAMES.contains(&name)
        || path
            .extension()
            .is_some_and(|extension| MANIFEST_EXTENSIONS.contains(&extension))
}

/// A top-level documentation directory with fewer files than this stays in the root module.
const MIN_DOCS_MODULE_FILES: usize = 3;

/// Groups files into modules. A module is a directory holding a manifest (`is_manifest` decides;
/// [`is_package_manifest`] is the usual choice), or else a top-level directory that holds source
/// files outside every package, or the documentation's top-level directory
/// ([`crate::documentation_dirs`]) with at least [`MIN_DOCS_MODULE_FILES`] files. Each file
/// belongs to the deepest module containing it; files left over (root-level files, top-level
/// directories without code, hidden directories) belong to the root module `""`, which exists
/// only when some file lands in it.
///
/// Nested packages stay separate modules (the deepest wins): predictable, and the page path
/// mirrors the module path. A module too large to read as one is split by directory (see
/// [`split_large_modules`]). Output is sorted by module path, each module's files by path.
pub fn detect_modules(files: &[RepoPath], is_manifest: impl Fn(&RepoPath) -> bool) -> Vec<Module> {
    let mut package_dirs: BTreeSet<&str> = files
        .iter()
        .filter(|path| is_manifest(path))
        .map(RepoPath::parent)
        .collect();
    package_dirs.extend(go_package_dirs(files, &package_dirs));
    package_dirs.extend(rust_target_dirs(files, &package_dirs));
    package_dirs.extend(jvm_source_sets(files, &package_dirs));

    // Top-level directories that hold code outside any package become modules of their own.
    // So does the documentation's directory (`docs/`, `website/`) once it holds a few files: a
    // reader looks for the guides there, and they would otherwise bury the root's own files.
    let documentation = crate::documentation_dirs(files);
    let mut source_dirs: BTreeSet<&str> = BTreeSet::new();
    let mut docs_files: BTreeMap<&str, usize> = BTreeMap::new();
    for path in files {
        let Some((top, _)) = path.as_str().split_once('/') else {
            continue;
        };
        if documentation.contains(top) {
            *docs_files.entry(top).or_default() += 1;
        }
        if top.starts_with('.') || !Language::from_file_name(path.file_name()).is_code() {
            continue;
        }
        if deepest_containing(&package_dirs, path).is_some_and(|dir| !dir.is_empty()) {
            continue;
        }
        source_dirs.insert(top);
    }
    source_dirs.extend(
        docs_files
            .into_iter()
            .filter(|(_, count)| *count >= MIN_DOCS_MODULE_FILES)
            .map(|(top, _)| top),
    );
    package_dirs.extend(source_dirs);

    let mut modules: BTreeMap<String, Vec<RepoPath>> = BTreeMap::new();
    for path in files {
        let owner = deepest_containing(&package_dirs, path).unwrap_or("");
        modules
            .entry(owner.to_string())
            .or_default()
            .push(path.clone());
    }
    split_large_modules(&mut modules, &is_manifest);
    modules
        .into_iter()
        .map(|(path, mut files)| {
            files.sort();
            files.dedup();
            Module { path, files }
        })
        .collect()
}

/// Go packages inside a Go module (below a directory holding `go.mod`): every directory with a
/// `.go` file that is not a test, as `go list ./...` sees them. Directories the go command
/// ignores (`testdata`, `vendor`, names starting with `_` or `.`) are no packages of their own.
fn go_package_dirs<'p>(files: &'p [RepoPath], package_dirs: &BTreeSet<&str>) -> Vec<&'p str> {
    dirs_below_manifest(
        files,
        package_dirs,
        "go.mod",
        |path| path.extension() == Some("go") && !path.file_name().ends_with("_test.go"),
        |inside| {
            !inside
                .split('/')
                .any(|part| part.starts_with(['_', '.']) || matches!(part, "testdata" | "vendor"))
        },
    )
}

/// The source sets of a Maven or Gradle project (`src/main`, `src/test`, `src/jmh`) when more
/// than one holds a few files of code: the library and its tests are read apart (javapoet's `src/` held
/// its 17 classes and 22 JUnit tests as "the code of the package `javapoet`").
fn jvm_source_sets<'p>(files: &'p [RepoPath], package_dirs: &BTreeSet<&str>) -> Vec<&'p str> {
    const JVM_MANIFESTS: [&str; 3] = ["pom.xml", "build.gradle", "build.gradle.kts"];
    let roots: BTreeSet<&str> = files
        .iter()
        .filter(|path| {
            JVM_MANIFESTS.contains(&path.file_name()) && package_dirs.contains(path.parent())
        })
        .map(RepoPath::parent)
        .collect();
    if roots.is_empty() {
        return Vec::new();
    }
    // Per project, each source set's files of code.
    let mut sets: BTreeMap<&str, BTreeMap<&'p str, usize>> = BTreeMap::new();
    for path in files {
        if !Language::from_file_name(path.file_name()).is_code() {
            continue;
        }
        let Some(root) = deepest_dir(&roots, path.parent()) else {
            continue;
        };
        let start = if root.is_empty() { 0 } else { root.len() + 1 };
        let Some(rest) = path.as_str().get(start..) else {
            continue;
        };
        let mut parts = rest.splitn(3, '/');
        if let (Some("src"), Some(set), Some(_)) = (parts.next(), parts.next(), parts.next()) {
            let end = start + "src/".len() + set.len();
            if let Some(dir) = path.as_str().get(..end) {
                *sets.entry(root).or_default().entry(dir).or_default() += 1;
            }
        }
    }
    // A set of one file is no part to read apart (gson's test modules: a dummy
    // `module-info.java` in `src/main` beside the tests they exist for).
    sets.into_values()
        .map(|dirs| {
            dirs.into_iter()
                .filter(|(_, files)| *files >= MIN_SPLIT_FILES)
                .map(|(dir, _)| dir)
                .collect::<Vec<_>>()
        })
        .filter(|dirs| dirs.len() > 1)
        .flatten()
        .collect()
}

/// Rust crates whose root sits outside the package's `src/`: a directory holding `main.rs` or
/// `lib.rs` below a `Cargo.toml`, as a `[[bin]] path` or `[lib] path` puts it (ripgrep's
/// `crates/core/main.rs`, the `rg` binary of the root package). Cargo's own layout (`src/`,
/// `src/bin/x/`, `examples/x/`, `tests/x/`, `benches/x/`) is left to the usual rules.
fn rust_target_dirs<'p>(files: &'p [RepoPath], package_dirs: &BTreeSet<&str>) -> Vec<&'p str> {
    dirs_below_manifest(
        files,
        package_dirs,
        "Cargo.toml",
        |path| matches!(path.file_name(), "main.rs" | "lib.rs"),
        |inside| {
            !inside.is_empty()
                && !inside.split('/').any(|part| {
                    part.starts_with('.')
                        || matches!(part, "src" | "examples" | "tests" | "benches" | "target")
                })
        },
    )
}

/// The directories of the files `wanted` picks that sit below a package directory holding
/// `manifest`, where `inside` (their path below the nearest such directory, `""` for the
/// directory itself) accepts them.
fn dirs_below_manifest<'p>(
    files: &'p [RepoPath],
    package_dirs: &BTreeSet<&str>,
    manifest: &str,
    wanted: impl Fn(&RepoPath) -> bool,
    inside: impl Fn(&str) -> bool,
) -> Vec<&'p str> {
    let roots: BTreeSet<&str> = files
        .iter()
        .filter(|path| path.file_name() == manifest && package_dirs.contains(path.parent()))
        .map(RepoPath::parent)
        .collect();
    if roots.is_empty() {
        return Vec::new();
    }
    files
        .iter()
        .filter(|path| wanted(path))
        .map(RepoPath::parent)
        .filter(|dir| {
            deepest_dir(&roots, dir)
                .is_some_and(|root| inside(dir[root.len()..].trim_start_matches('/')))
        })
        .collect()
}

/// A Rust crate of more than this many files is read by its top-level `mod` directories.
const CRATE_SPLIT_FILES: usize = 20;
/// Any module of more than this many files is read by its subdirectories.
const MODULE_SPLIT_FILES: usize = 40;
/// A directory becomes a module of its own only with at least this many files.
const MIN_SPLIT_FILES: usize = 2;

/// Splits modules a reader would not read as one: a Rust crate of more than ~20 files into its
/// top-level `mod` directories (`src/hir/`, `src/ast/`), and any module of more than ~40 files
/// into its subdirectories that hold code. What is left (the crate root's files, loose files)
/// stays in the module. Splitting repeats on the parts, which are always deeper directories.
fn split_large_modules(
    modules: &mut BTreeMap<String, Vec<RepoPath>>,
    is_manifest: &impl Fn(&RepoPath) -> bool,
) {
    let manifests: BTreeSet<String> = modules
        .values()
        .flatten()
        .filter(|file| file.file_name() == "Cargo.toml" && is_manifest(file))
        .map(|file| file.as_str().to_string())
        .collect();
    let mut pending: Vec<String> = modules.keys().cloned().collect();
    while let Some(module) = pending.pop() {
        let Some(files) = modules.get(&module) else {
            continue;
        };
        // A crate's sources: `<crate>/src`, or the module itself when it is the `src` of a
        // crate whose manifest sits above it (the root crate's `src` is a module of its own).
        let src = if module.is_empty() {
            "src".to_string()
        } else {
            format!("{module}/src")
        };
        let crate_sources = if files.iter().any(|file| is_cargo_manifest_in(file, &module))
            && files
                .iter()
                .any(|file| file.as_str().starts_with(&format!("{src}/")))
        {
            Some(src)
        } else {
            let (parent, last) = module.rsplit_once('/').unwrap_or(("", module.as_str()));
            let manifest = if parent.is_empty() {
                "Cargo.toml".to_string()
            } else {
                format!("{parent}/Cargo.toml")
            };
            (last == "src" && manifests.contains(manifest.as_str())).then(|| module.clone())
        };
        let threshold = if crate_sources.is_some() {
            CRATE_SPLIT_FILES
        } else {
            MODULE_SPLIT_FILES
        };
        if files.len() <= threshold {
            continue;
        }
        let base = crate_sources.unwrap_or_else(|| module.clone());
        let prefix = if base.is_empty() {
            String::new()
        } else {
            format!("{base}/")
        };
        let mut children: BTreeMap<String, Vec<RepoPath>> = BTreeMap::new();
        for file in files {
            let Some(rest) = file.as_str().strip_prefix(&prefix) else {
                continue;
            };
            let Some((dir, _)) = rest.split_once('/') else {
                continue;
            };
            if dir.starts_with('.') {
                continue;
            }
            children
                .entry(format!("{prefix}{dir}"))
                .or_default()
                .push(file.clone());
        }
        children.retain(|_, files| {
            files.len() >= MIN_SPLIT_FILES
                && files
                    .iter()
                    .any(|file| Language::from_file_name(file.file_name()).is_code())
        });
        if children.is_empty() {
            continue;
        }
        if let Some(parent) = modules.get_mut(&module) {
            parent.retain(|file| {
                !children
                    .keys()
                    .any(|dir| file.as_str().starts_with(&format!("{dir}/")))
            });
        }
        for (dir, files) in children {
            pending.push(dir.clone());
            modules.insert(dir, files);
        }
    }
    modules.retain(|_, files| !files.is_empty());
}

/// True for `<dir>/Cargo.toml`.
fn is_cargo_manifest_in(file: &RepoPath, dir: &str) -> bool {
    file.file_name() == "Cargo.toml" && file.parent() == dir
}

/// The deepest directory of `dirs` that contains `path` (`""` contains everything).
fn deepest_containing<'d>(dirs: &BTreeSet<&'d str>, path: &RepoPath) -> Option<&'d str> {
    deepest_dir(dirs, path.parent())
}

/// The deepest of `dirs` that is `dir` or holds it.
fn deepest_dir<'d>(dirs: &BTreeSet<&'d str>, mut dir: &str) -> Option<&'d str> {
    loop {
        if let Some(found) = dirs.get(dir) {
            return Some(found);
        }
        if dir.is_empty() {
            return None;
        }
        dir = match dir.rfind('/') {
            Some(index) => &dir[..index],
            None => "",
        };
    }
}

/// Maps each file to the path of the module that owns it.
pub fn file_modules(modules: &[Module]) -> BTreeMap<&RepoPath, &str> {
    modules
        .iter()
        .flat_map(|module| {
            module
                .files
                .iter()
                .map(move |file| (file, module.path.as_str()))
        })
        .collect()
}

/// The path of the module that owns `path`, if any module lists it.
pub fn module_of<'m>(modules: &'m [Module], path: &RepoPath) -> Option<&'m str> {
    modules
        .iter()
        .find(|module| module.files.binary_search(path).is_ok())
        .map(|module| module.path.as_str())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn paths(list: &[&str]) -> Vec<RepoPath> {
        list.iter()
            .map(|path| RepoPath::new(path).unwrap())
            .collect()
    }

    fn shape(modules: &[Module]) -> Vec<(String, Vec<String>)> {
        modules
            .iter()
            .map(|module| {
                let files = module.files.iter().map(|f| f.to_string()).collect();
                (module.path.clone(), files)
            })
            .collect()
    }

    /// javapoet: a Maven project's `src/main` and `src/test` are two modules, in a submodule of
    /// a multi-module build too; a set of one file is not (`core/src/test`), and a project with
    /// `src/main` alone keeps its directory.
    #[test]
    fn the_source_sets_of_a_maven_or_gradle_project_are_modules() {
        let files = paths(&[
            "pom.xml",
            "src/main/java/com/squareup/javapoet/CodeBlock.java",
            "src/main/java/com/squareup/javapoet/TypeSpec.java",
            "src/test/java/com/squareup/javapoet/CodeBlockTest.java",
            "src/test/java/ClassNameNoPackageTest.java",
            "core/build.gradle.kts",
            "core/src/main/java/a/A.java",
            "core/src/main/java/a/B.java",
            "core/src/jmh/java/a/ABench.java",
            "core/src/jmh/java/a/BBench.java",
            "core/src/test/java/a/ATest.java",
            "single/pom.xml",
            "single/src/main/java/b/B.java",
        ]);
        let modules = detect_modules(&files, is_package_manifest);
        let names: Vec<&str> = modules.iter().map(|module| module.path.as_str()).collect();
        assert_eq!(
            names,
            // `core` keeps its build file.
            [
                "",
                "core",
                "core/src/jmh",
                "core/src/main",
                "single",
                "src/main",
                "src/test"
            ]
        );
        let test = modules
            .iter()
            .find(|module| module.path == "src/test")
            .unwrap();
        assert_eq!(test.files.len(), 2);
    }

    /// httpx: 29 guides under `docs/` filled the root module's page, which was about the
    /// repository's own files.
    #[test]
    fn a_documentation_directory_of_a_few_files_is_a_module() {
        let files = paths(&[
            "README.md",
            "pyproject.toml",
            "httpx/__init__.py",
            "docs/index.md",
            "docs/advanced/ssl.md",
            "docs/css/custom.css",
            "doc/one.md",
            "doc/two.md",
        ]);
        let modules = detect_modules(&files, is_package_manifest);
        let paths: Vec<&str> = modules.iter().map(|module| module.path.as_str()).collect();
        assert_eq!(paths, ["", "docs", "httpx"]);
        assert_eq!(modules[0].files.len(), 4, "{:?}", modules[0].files);
    }

    #[test]
    fn cargo_workspace_with_root_binary() {
        let files = paths(&[
            "Cargo.toml",
            "README.md",
            "crates/core/Cargo.toml",
            "crates/core/src/lib.rs",
            "crates/core/src/path.rs",
            "crates/cli/Cargo.toml",
            "crates/cli/src/main.rs",
            "src/main.rs",
            "tests/tests.rs",
            "docs/guide.md",
            ".github/workflows/ci.yml",
        ]);
        let modules = detect_modules(&files, is_package_manifest);
        assert_eq!(
            shape(&modules),
            vec![
                (
                    "".to_string(),
                    vec![
                        ".github/workflows/ci.yml".to_string(),
                        "Cargo.toml".into(),
                        "README.md".into(),
                        "docs/guide.md".into()
                    ]
                ),
                (
                    "crates/cli".into(),
                    vec![
                        "crates/cli/Cargo.toml".into(),
                        "crates/cli/src/main.rs".into()
                    ]
                ),
                (
                    "crates/core".into(),
                    vec![
                        "crates/core/Cargo.toml".into(),
                        "crates/core/src/lib.rs".into(),
                        "crates/core/src/path.rs".into()
                    ]
                ),
                ("src".into(), vec!["src/main.rs".into()]),
                ("tests".into(), vec!["tests/tests.rs".into()]),
            ]
        );
    }

    /// ripgrep: the root package's binary is `[[bin]] path = "crates/core/main.rs"`, beside
    /// the workspace's library crates; its directory is a module, not part of `crates`.
    #[test]
    fn a_crate_root_outside_src_makes_its_directory_a_module() {
        let files = paths(&[
            "Cargo.toml",
            "crates/core/main.rs",
            "crates/core/flags/mod.rs",
            "crates/grep/Cargo.toml",
            "crates/grep/src/lib.rs",
            "crates/grep/src/bin/tool/main.rs",
            "crates/grep/examples/demo/main.rs",
            "crates/README.md",
        ]);
        let modules = detect_modules(&files, is_package_manifest);
        let names: Vec<String> = shape(&modules).into_iter().map(|(path, _)| path).collect();
        assert_eq!(names, ["", "crates/core", "crates/grep"]);
        let core = modules.iter().find(|m| m.path == "crates/core");
        assert_eq!(core.map(|m| m.files.len()), Some(2));
    }

    #[test]
    fn go_packages_are_modules_as_the_go_command_sees_them() {
        let files = paths(&[
            "go.mod",
            "logrus.go",
            "hooks/slog/slog.go",
            "hooks/slog/slog_test.go",
            "hooks/syslog/syslog.go",
            "hooks/syslog/README.md",
            "hooks/test/test.go",
            "internal/testutils/testutils.go",
            "internal/only_tests/a_test.go",
            "_examples/hello/main.go",
            "testdata/gen/gen.go",
        ]);
        let modules = detect_modules(&files, is_package_manifest);
        let names: Vec<_> = modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(
            names,
            [
                "",
                "_examples",
                "hooks/slog",
                "hooks/syslog",
                "hooks/test",
                "internal",
                "internal/testutils",
                "testdata",
            ]
        );
        // What the go command ignores is grouped like any other source, not by package.
        assert_eq!(
            module_of(&modules, &RepoPath::new("_examples/hello/main.go").unwrap()),
            Some("_examples")
        );
        // Without a `go.mod`, Go directories are grouped like any other source.
        let loose = paths(&["tool/a/a.go", "tool/b/b.go"]);
        let names: Vec<String> = detect_modules(&loose, is_package_manifest)
            .into_iter()
            .map(|m| m.path)
            .collect();
        assert_eq!(names, ["tool"]);
    }

    #[test]
    fn python_nested_packages_take_the_deepest() {
        let files = paths(&[
            "pyproject.toml",
            "pkg/__init__.py",
            "pkg/core.py",
            "pkg/json/__init__.py",
            "pkg/json/decoder.py",
            "pkg/json/data/schema.json",
        ]);
        let modules = detect_modules(&files, is_package_manifest);
        let names: Vec<_> = modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(names, ["", "pkg", "pkg/json"]);
        assert_eq!(
            module_of(
                &modules,
                &RepoPath::new("pkg/json/data/schema.json").unwrap()
            ),
            Some("pkg/json")
        );
        assert_eq!(
            module_of(&modules, &RepoPath::new("pkg/core.py").unwrap()),
            Some("pkg")
        );
    }

    #[test]
    fn no_root_module_without_root_files() {
        let files = paths(&["lib/util.js", "lib/index.js", "bin/cli.js", "docs/x.md"]);
        let modules = detect_modules(&files, is_package_manifest);
        let names: Vec<_> = modules.iter().map(|m| m.path.as_str()).collect();
        // `docs` holds no code, so its file falls to the root module.
        assert_eq!(names, ["", "bin", "lib"]);
        let files = paths(&["lib/util.js", "bin/cli.js"]);
        let names: Vec<_> = detect_modules(&files, is_package_manifest)
            .iter()
            .map(|m| m.path.clone())
            .collect();
        assert_eq!(names, ["bin", "lib"]);
    }

    #[test]
    fn every_file_in_exactly_one_module() {
        let files = paths(&[
            "a/b/c/package.json",
            "a/b/c/d/e.js",
            "a/x.py",
            "z.c",
            "q/App.csproj",
            "q/Program.cs",
            "q/sub/Thing.cs",
        ]);
        let modules = detect_modules(&files, is_package_manifest);
        let mut all: Vec<RepoPath> = modules.iter().flat_map(|m| m.files.clone()).collect();
        all.sort();
        let mut expected = files.clone();
        expected.sort();
        assert_eq!(all, expected);
        assert_eq!(
            module_of(&modules, &RepoPath::new("q/sub/Thing.cs").unwrap()),
            Some("q")
        );
        assert_eq!(
            module_of(&modules, &RepoPath::new("a/x.py").unwrap()),
            Some("a")
        );
        assert_eq!(
            module_of(&modules, &RepoPath::new("a/b/c/d/e.js").unwrap()),
            Some("a/b/c")
        );
        let map = file_modules(&modules);
        assert_eq!(map.len(), files.len());
    }

    #[test]
    fn a_large_crate_is_read_by_its_top_level_mod_directories() {
        let mut list = vec![
            "Cargo.toml".to_string(),
            "src/lib.rs".into(),
            "src/error.rs".into(),
            "src/unicode_tables/one.rs".into(),
            "docs/a.md".into(),
            "docs/b.md".into(),
            "tests/it.rs".into(),
        ];
        for dir in ["ast", "hir"] {
            list.push(format!("src/{dir}/mod.rs"));
            for n in 0..9 {
                list.push(format!("src/{dir}/part{n}.rs"));
            }
        }
        let names: Vec<&str> = list.iter().map(String::as_str).collect();
        let modules = detect_modules(&paths(&names), is_package_manifest);
        let shape: Vec<(&str, usize)> = modules
            .iter()
            .map(|module| (module.path.as_str(), module.files.len()))
            .collect();
        // The root crate's `src` is a module; a directory of one file stays in it, and `docs`
        // holds no code.
        assert_eq!(
            shape,
            [
                ("", 3),
                ("src", 3),
                ("src/ast", 10),
                ("src/hir", 10),
                ("tests", 1)
            ]
        );
        // A small crate's `src` stays whole.
        let small = detect_modules(&paths(&names[..7]), is_package_manifest);
        assert_eq!(small.len(), 3);
        // The same crate under `crates/` is one module until it is large.
        let nested: Vec<String> = list
            .iter()
            .map(|path| format!("crates/re/{path}"))
            .collect();
        let nested: Vec<&str> = nested.iter().map(String::as_str).collect();
        let modules = detect_modules(&paths(&nested), is_package_manifest);
        let names: Vec<&str> = modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(
            names,
            ["crates/re", "crates/re/src/ast", "crates/re/src/hir"]
        );
    }

    #[test]
    fn any_module_over_forty_files_is_read_by_subdirectory() {
        let mut list = Vec::new();
        for dir in ["events", "streams", "windows"] {
            for n in 0..15 {
                list.push(format!("lib/{dir}/m{n}.js"));
            }
        }
        list.push("lib/index.js".to_string());
        let names: Vec<&str> = list.iter().map(String::as_str).collect();
        let modules = detect_modules(&paths(&names), is_package_manifest);
        let names: Vec<&str> = modules.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(names, ["lib", "lib/events", "lib/streams", "lib/windows"]);
    }
}
