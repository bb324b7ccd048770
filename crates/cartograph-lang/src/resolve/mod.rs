//! Import resolution: each import of each file to the repository file it names, or to nothing
//! (an external or unresolvable import is recorded unresolved, never an error).
//!
//! Python, Rust, JavaScript/TypeScript, Go, Java, C#, Ruby, PHP and C/C++ resolve against the
//! whole tree at once (`python.rs`: package roots; `rust.rs`: crate roots from `Cargo.toml` and
//! the `mod` tree; `javascript.rs`: tsconfig paths and workspace packages; `go.rs`: modules and
//! the files that declare each used name; `java.rs`: packages and type names; `csharp.rs`:
//! namespaces and the type names each file uses; `ruby.rs`: the `lib/` of every gem in the
//! tree; `php.rs`: `composer.json` autoload rules; `c.rs`: include directories), since where
//! their imports lead depends on other files. The others (Bash) resolve one import at a time
//! against the file set
//! (`LanguageSupport::resolve_import`): every rule tries a short, fixed list of candidates, and a
//! candidate that climbs out of the repository is skipped, never returned.

mod c;
pub(crate) mod csharp;
mod go;
mod java;
mod javascript;
mod php;
mod python;
mod ruby;
mod rust;

use crate::languages;
use cartograph_core::{FileMap, Import, ImportKind, Language, RepoPath};
use rayon::prelude::*;
use std::collections::HashSet;

/// The paths of the files being resolved.
pub(crate) struct FileSet<'a> {
    paths: HashSet<&'a str>,
}

impl<'a> FileSet<'a> {
    fn new(files: &'a [FileMap]) -> FileSet<'a> {
        FileSet {
            paths: files.iter().map(|file| file.path.as_str()).collect(),
        }
    }

    pub(crate) fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    pub(crate) fn paths(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.paths.iter().copied()
    }
}

/// Per import of one file, in order: the file it resolves to and the kind it ends up with.
type FileResolutions = Vec<(Option<RepoPath>, ImportKind)>;

/// Resolves every import of `files` to a file of the same set, in place: `Import::resolved` is
/// the file the statement names, or `None`. Imports of the importing file itself resolve to
/// nothing. A Rust `mod x;` resolves to the file of module `x`, but is no edge
/// (`ImportKind::is_edge`): it is the module tree; `extern crate` and inline modules resolve to
/// nothing. A C# `using` of a namespace is first given one more import per type it brings that
/// the file uses (`csharp::expand_namespace_imports`), each resolved to its own file.
pub fn resolve_imports(files: &mut [FileMap]) {
    csharp::expand_namespace_imports(files);
    let (resolved, entry_sources): (Vec<FileResolutions>, Vec<_>) = {
        let set = FileSet::new(files);
        let exists = |path: &str| set.contains(path);
        let python = python::PythonResolver::new(&set, files);
        let rust = rust::RustResolver::new(files, &set);
        let javascript = javascript::JsResolver::new(files, &set);
        let go = go::GoResolver::new(files);
        let java = java::JavaResolver::new(files);
        let csharp = csharp::CSharpResolver::new(files);
        let ruby = ruby::RubyResolver::new(&set);
        let php = php::PhpResolver::new(files, &set);
        let includes = c::IncludeResolver::new(&set);
        let resolve = |file: &FileMap, import: &Import| -> Option<RepoPath> {
            if import.kind == ImportKind::ModDeclaration {
                return rust.declared_module(&file.path, import);
            }
            // `#![doc = include_str!("../docs/x.md")]`, relative to the file.
            if import.kind == ImportKind::DocInclude {
                let dir = parent_dir(file.path.as_str());
                return first_existing(dir, [&import.raw], &set);
            }
            if !import.kind.is_edge() {
                return None;
            }
            let target = match file.language {
                Language::Python => python.resolve(&file.path, import),
                Language::Rust => rust.resolve(&file.path, import),
                Language::JavaScript | Language::TypeScript | Language::Tsx => {
                    javascript.resolve(&file.path, &import.raw)
                }
                Language::Go => go.resolve(file, import),
                Language::Java => java.resolve(&file.path, import, &set),
                Language::CSharp => csharp.resolve(&file.path, import),
                Language::Ruby => ruby.resolve(&file.path, &import.raw),
                Language::Php => php.resolve(&file.path, &import.raw),
                Language::C | Language::Cpp => includes.resolve(&file.path, &import.raw),
                language => {
                    languages::support(language)?.resolve_import(&file.path, &import.raw, &exists)
                }
            }?;
            (target != file.path).then_some(target)
        };
        // What each `package.json` offers to importers, followed to the files it leads to.
        let entry_sources: Vec<(usize, Vec<(String, RepoPath)>)> = files
            .iter()
            .enumerate()
            .filter(|(_, file)| file.path.file_name() == "package.json")
            .filter_map(|(at, file)| {
                let manifest = file.parsed.js_manifest.as_deref()?;
                Some((at, javascript.package_sources(file.path.parent(), manifest)))
            })
            .collect();
        // Every file's imports resolve on their own: several files at once.
        let resolved = files
            .par_iter()
            .map(|file| {
                file.parsed
                    .imports
                    .iter()
                    .map(|import| {
                        // A path in code starting at a module in scope (`cli::f()` after `use
                        // grep::cli;`, `hir::Hir` beside `mod hir;`) names what the file uses
                        // from it; the `use` or `mod` is the dependency, so the path is no edge
                        // of its own.
                        // Maps resolved before keep their kind; it is decided again here.
                        let path = matches!(import.kind, ImportKind::Path | ImportKind::ScopedPath);
                        let scoped = path
                            && file.language == Language::Rust
                            && !rust.path_is_rooted(&file.path, import);
                        let kind = match (scoped, path) {
                            (true, _) => ImportKind::ScopedPath,
                            (false, true) => ImportKind::Path,
                            (false, false) if declarations_only(file, import.kind) => {
                                ImportKind::TypeOnly
                            }
                            (false, false) => import.kind,
                        };
                        let target = if path && file.language == Language::Rust {
                            rust.resolve_as(&file.path, import, kind)
                                .filter(|target| *target != file.path)
                        } else {
                            resolve(file, import)
                        };
                        (target, kind)
                    })
                    .collect()
            })
            .collect();
        (resolved, entry_sources)
    };
    for (at, sources) in entry_sources {
        if let Some(manifest) = files
            .get_mut(at)
            .and_then(|file| file.parsed.js_manifest.as_deref_mut())
        {
            manifest.entry_sources = sources;
        }
    }
    for (file, targets) in files.iter_mut().zip(resolved) {
        for (import, (target, kind)) in file.parsed.imports.iter_mut().zip(targets) {
            import.resolved = target;
            import.kind = kind;
        }
    }
}

/// An import of a Python stub (`.pyi`), which declares types for a checker and never runs:
/// attrs' `src/attr/__init__.pyi` imports `attrs`, which the code of `attr` never does.
fn declarations_only(file: &FileMap, kind: ImportKind) -> bool {
    file.language == Language::Python
        && file.path.file_name().ends_with(".pyi")
        && matches!(kind, ImportKind::Import | ImportKind::Local)
}

/// The directory holding `path` (`""` at the root).
pub(crate) fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// Answers whether a repository path is one of the files being resolved.
pub(crate) trait Exists {
    fn exists(&self, path: &str) -> bool;
}

impl Exists for FileSet<'_> {
    fn exists(&self, path: &str) -> bool {
        self.contains(path)
    }
}

impl<F: Fn(&str) -> bool + ?Sized> Exists for F {
    fn exists(&self, path: &str) -> bool {
        self(path)
    }
}

/// The first candidate, joined onto `base_dir`, that names an existing file of the repository.
pub(crate) fn first_existing<I, E>(base_dir: &str, candidates: I, files: &E) -> Option<RepoPath>
where
    E: Exists + ?Sized,
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    candidates.into_iter().find_map(|candidate| {
        let path = RepoPath::join_relative(base_dir, candidate.as_ref())?;
        files.exists(path.as_str()).then_some(path)
    })
}

/// `dir/name`, or `name` when `dir` is the repository root.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// True for `./x`, `../x`, `.` and `..`: a specifier relative to the importing file.
pub(crate) fn is_relative(specifier: &str) -> bool {
    specifier == "."
        || specifier == ".."
        || specifier.starts_with("./")
        || specifier.starts_with("../")
}

/// `dir` and each of its ancestors, deepest first, ending with the repository root `""`.
pub(crate) fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let current = next?;
        next = if current.is_empty() {
            None
        } else {
            Some(current.rfind('/').map_or("", |index| &current[..index]))
        };
        Some(current)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_end_at_the_root() {
        assert_eq!(ancestors("a/b").collect::<Vec<_>>(), ["a/b", "a", ""]);
        assert_eq!(ancestors("").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn first_existing_skips_escapes() {
        let files = |path: &str| path == "x.rs";
        assert_eq!(
            first_existing("a", ["../../x.rs", "../x.rs"], &files).map(|path| path.to_string()),
            Some("x.rs".to_string())
        );
    }
}

#[cfg(test)]
mod whole_tree_tests {
    #![allow(clippy::unwrap_used)]
    //! Whole trees written inline, parsed for real, resolved, and compared edge by edge with
    //! what the language's own rules say.

    use super::resolve_imports;
    use cartograph_core::{ContentHash, FileFlags, FileMap, Import, Language, RepoPath};

    /// The tree's files, parsed, not yet resolved.
    /// Where the first import of the file at `path` leads, when it leads to a file.
    fn first_resolved(maps: &[FileMap], path: &str) -> Option<String> {
        maps.iter()
            .find(|map| map.path.as_str() == path)
            .and_then(|map| map.parsed.imports.first())
            .and_then(|import| import.resolved.as_ref().map(|path| path.to_string()))
    }

    fn maps(tree: &[(&str, &str)]) -> Vec<FileMap> {
        tree.iter()
            .map(|(path, source)| {
                let path = RepoPath::new(path).unwrap();
                let language = Language::from_file_name(path.file_name());
                FileMap {
                    hash: ContentHash::of(source.as_bytes()),
                    language,
                    bytes: source.len() as u64,
                    lines: 0,
                    tokens: 0,
                    flags: FileFlags::default(),
                    parsed: crate::parse(language, source),
                    path,
                }
            })
            .collect()
    }

    /// `(from, kind, line, to)` of every resolved import, sorted.
    fn edges(tree: &[(&str, &str)]) -> Vec<(String, String, u32, String)> {
        let mut maps = maps(tree);
        resolve_imports(&mut maps);
        let mut found = Vec::new();
        for map in &maps {
            for import in &map.parsed.imports {
                if let Some(to) = &import.resolved {
                    found.push((
                        map.path.to_string(),
                        import.kind.as_str().to_string(),
                        import.line,
                        to.to_string(),
                    ));
                }
            }
        }
        found.sort();
        found
    }

    fn edge(from: &str, kind: &str, line: u32, to: &str) -> (String, String, u32, String) {
        (from.into(), kind.into(), line, to.into())
    }

    /// serilog: `GlobalUsings.cs` brings `Serilog.Events` to every file of its project, not
    /// to a file of another project.
    #[test]
    fn csharp_global_usings_hold_for_their_project() {
        let tree = [
            ("src/Serilog/Serilog.csproj", "<Project></Project>\n"),
            (
                "src/Serilog/GlobalUsings.cs",
                "global using Serilog.Events;\n",
            ),
            (
                "src/Serilog/Events/LogEvent.cs",
                "namespace Serilog.Events;\n\npublic class LogEvent { }\n",
            ),
            (
                "src/Serilog/Core/Logger.cs",
                "namespace Serilog.Core;\n\npublic class Logger\n{\n    LogEvent last;\n}\n",
            ),
            ("test/Tests/Tests.csproj", "<Project></Project>\n"),
            (
                "test/Tests/LoggerTests.cs",
                "namespace Serilog.Tests;\n\npublic class LoggerTests\n{\n    LogEvent seen;\n}\n",
            ),
        ];
        let found = edges(&tree);
        assert!(
            found.contains(&edge(
                "src/Serilog/Core/Logger.cs",
                "import",
                1,
                "src/Serilog/Events/LogEvent.cs"
            )),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|(from, ..)| from == "test/Tests/LoggerTests.cs"),
            "{found:?}"
        );
    }

    /// tenacity: `__init__.py` imports from its submodule `retry.py`, then defines a function
    /// `retry`, which is what `from tenacity import retry` gets; `stop` it does not define.
    #[test]
    fn python_a_package_definition_rebinds_its_submodule_name() {
        let tree = [
            (
                "tenacity/__init__.py",
                "from .retry import retry_all\nfrom .stop import stop_never\n\ndef retry(*dargs):\n    pass\n",
            ),
            ("tenacity/retry.py", "class retry_all:\n    pass\n"),
            ("tenacity/stop.py", "stop_never = 1\n"),
            (
                "tests/test_x.py",
                "from tenacity import retry\nfrom tenacity import stop\n",
            ),
        ];
        let found = edges(&tree);
        assert!(
            found.contains(&edge(
                "tests/test_x.py",
                "import",
                1,
                "tenacity/__init__.py"
            )),
            "{found:?}"
        );
        assert!(
            found.contains(&edge("tests/test_x.py", "import", 2, "tenacity/stop.py")),
            "{found:?}"
        );
    }

    /// filelock: pytest's `pythonpath = [".", "tasks"]` lets the tests import
    /// `tasks/capabilities.py` as `capabilities`; without the setting nothing leads there.
    #[test]
    fn python_pytest_pythonpath_adds_roots() {
        let tests = (
            "tests/test_lock.py",
            "from capabilities import CAPABILITIES\nimport helpers\n",
        );
        let tree = [
            (
                "pyproject.toml",
                "[tool.pytest]\nini_options.pythonpath = [\".\", \"tasks\"]\n",
            ),
            ("tasks/capabilities.py", "CAPABILITIES = {}\n"),
            (
                "sub/setup.cfg",
                "[tool:pytest]\npythonpath = ../lib ../../out\n",
            ),
            ("lib/helpers.py", ""),
            tests,
        ];
        let found = edges(&tree);
        assert!(
            found.contains(&edge(
                "tests/test_lock.py",
                "import",
                1,
                "tasks/capabilities.py"
            )),
            "{found:?}"
        );
        assert!(
            found.contains(&edge("tests/test_lock.py", "import", 2, "lib/helpers.py")),
            "{found:?}"
        );
        let unconfigured = [
            ("tasks/capabilities.py", "CAPABILITIES = {}\n"),
            ("lib/helpers.py", ""),
            tests,
        ];
        assert_eq!(edges(&unconfigured), vec![]);
    }

    #[test]
    fn python_submodules_packages_roots_and_relative_imports() {
        let tree = [
            (
                "email/__init__.py",
                "def message_from_string(s):\n    from email.parser import Parser\n",
            ),
            (
                "email/utils.py",
                "from email import errors, _private\nimport email.charset as cs\n",
            ),
            ("email/errors.py", ""),
            ("email/_private.py", ""),
            (
                "email/charset.py",
                "from . import errors\nfrom .errors import X\nfrom .. import nothing\n",
            ),
            (
                "email/parser.py",
                "from email import message_from_string\nimport os.path\n",
            ),
            ("examples/app/hello.py", "from flask import Flask\n"),
            ("examples/app/test_hello.py", "from hello import app\n"),
            ("src/flask/__init__.py", "from .app import Flask\n"),
            ("src/flask/app.py", "import email.utils\n"),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge("email/__init__.py", "local", 2, "email/parser.py"),
                edge("email/charset.py", "import", 1, "email/errors.py"),
                edge("email/charset.py", "import", 2, "email/errors.py"),
                edge("email/parser.py", "import", 1, "email/__init__.py"),
                edge("email/utils.py", "import", 1, "email/_private.py"),
                edge("email/utils.py", "import", 1, "email/errors.py"),
                edge("email/utils.py", "import", 2, "email/charset.py"),
                edge(
                    "examples/app/hello.py",
                    "import",
                    1,
                    "src/flask/__init__.py"
                ),
                edge(
                    "examples/app/test_hello.py",
                    "import",
                    1,
                    "examples/app/hello.py"
                ),
                edge("src/flask/__init__.py", "import", 1, "src/flask/app.py"),
                edge("src/flask/app.py", "import", 1, "email/utils.py"),
            ]
        );
    }

    /// serde_json's `tests/regression/issue953.rs` (made a module by `automod::dir!`) and its
    /// trybuild fixtures `tests/ui/*.rs` are reached by no `mod`; they still use the library.
    #[test]
    fn rust_files_no_crate_root_reaches_still_name_the_library() {
        let tree = [
            ("Cargo.toml", "[package]\nname = \"serde_json\"\n"),
            ("src/lib.rs", "pub mod value;\n"),
            ("src/value/mod.rs", "pub enum Value {}\n"),
            (
                "tests/regression.rs",
                "automod::dir!(\"tests/regression\");\n",
            ),
            (
                "tests/regression/issue953.rs",
                "use serde_json::value::Value;\nuse crate::helpers::X;\n",
            ),
            (
                "tests/ui/missing_colon.rs",
                "use serde_json::json;\nfn main() {}\n",
            ),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge("src/lib.rs", "mod", 1, "src/value/mod.rs"),
                edge("tests/regression/issue953.rs", "use", 1, "src/value/mod.rs"),
                edge("tests/ui/missing_colon.rs", "use", 1, "src/lib.rs"),
            ]
        );
    }

    #[test]
    fn rust_use_trees_paths_mod_tree_and_workspace_crates() {
        let tree = [
            ("Cargo.toml", "[package]\nname = \"app\"\n[dependencies]\nm = { package = \"my-matcher\", path = \"crates/matcher\" }\n"),
            ("crates/matcher/Cargo.toml", "[package]\nname = \"my-matcher\"\n"),
            ("crates/matcher/src/lib.rs", "pub mod line;\npub use crate::line::Terminator;\n"),
            ("crates/matcher/src/line.rs", "pub struct Terminator;\n"),
            (
                "src/lib.rs",
                "pub mod ast;\nmod hir;\n#[path = \"platform/unix.rs\"]\nmod sys;\n\
                 use crate::{ast, hir::Hir};\npub use m::line::Terminator;\n\
                 fn f() { crate::hir::translate::run(); }\n\
                 mod tests {\n    use super::*;\n    use super::ast::Span;\n}\n",
            ),
            // `pub mod`: a private module is named only from its parent and below.
            ("src/ast/mod.rs", "pub struct Span;\nuse self::parse::P;\npub mod parse;\n"),
            ("src/ast/parse.rs", "use super::Span;\nuse super::super::hir;\n"),
            ("src/hir.rs", "pub mod translate;\nuse ast::Span;\n"),
            ("src/hir/translate.rs", "use crate::ast::Span;\nfn g() { use super::Hir; }\n"),
            ("src/platform/unix.rs", "use crate::hir;\n"),
            ("src/main.rs", "use app::ast;\nfn main() { my_matcher::line::x(); }\n"),
            ("tests/it.rs", "use app::ast::parse;\n"),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge(
                    "crates/matcher/src/lib.rs",
                    "mod",
                    1,
                    "crates/matcher/src/line.rs"
                ),
                edge(
                    "crates/matcher/src/lib.rs",
                    "reexport",
                    2,
                    "crates/matcher/src/line.rs"
                ),
                edge("src/ast/mod.rs", "mod", 3, "src/ast/parse.rs"),
                edge("src/ast/mod.rs", "use", 2, "src/ast/parse.rs"),
                edge("src/ast/parse.rs", "use", 1, "src/ast/mod.rs"),
                edge("src/ast/parse.rs", "use", 2, "src/hir.rs"),
                edge("src/hir.rs", "mod", 1, "src/hir/translate.rs"),
                edge("src/hir/translate.rs", "local", 2, "src/hir.rs"),
                edge("src/hir/translate.rs", "use", 1, "src/ast/mod.rs"),
                edge("src/lib.rs", "mod", 1, "src/ast/mod.rs"),
                edge("src/lib.rs", "mod", 2, "src/hir.rs"),
                edge("src/lib.rs", "mod", 4, "src/platform/unix.rs"),
                edge("src/lib.rs", "reexport", 6, "crates/matcher/src/line.rs"),
                edge("src/lib.rs", "use", 5, "src/ast/mod.rs"),
                edge("src/lib.rs", "use", 5, "src/hir.rs"),
                edge("src/lib.rs", "use", 7, "src/hir/translate.rs"),
                edge("src/lib.rs", "use", 10, "src/ast/mod.rs"),
                edge("src/main.rs", "use", 1, "src/ast/mod.rs"),
                edge("src/main.rs", "use", 2, "crates/matcher/src/line.rs"),
                edge("src/platform/unix.rs", "use", 1, "src/hir.rs"),
                edge("tests/it.rs", "use", 1, "src/ast/parse.rs"),
            ]
        );
    }

    /// memchr's benchmark engines: `rust-memchr` builds with the checkout (`path = "../../"`),
    /// `rust-memchrold` with the release it pins (`memchr = "=2.5.0"`), whose `memchr::`
    /// paths lead to no file of the repository.
    #[test]
    fn a_registry_dependency_is_not_the_crate_of_that_name_here() {
        let tree = [
            ("Cargo.toml", "[package]\nname = \"memchr\"\n"),
            ("src/lib.rs", "pub mod memmem;\n"),
            ("src/memmem.rs", "pub fn find() {}\n"),
            (
                "engines/new/Cargo.toml",
                "[package]\nname = \"main\"\n[workspace]\n[dependencies]\nmemchr = { version = \"*\", path = \"../../\" }\n[[bin]]\nname = \"main\"\npath = \"main.rs\"\n",
            ),
            ("engines/new/main.rs", "use memchr::memmem;\nfn main() {}\n"),
            (
                "engines/old/Cargo.toml",
                "[package]\nname = \"main\"\n[workspace]\n[dependencies]\nmemchr = \"=2.5.0\"\n[[bin]]\nname = \"main\"\npath = \"main.rs\"\n",
            ),
            ("engines/old/main.rs", "use memchr::memmem;\nfn main() {}\n"),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge("engines/new/main.rs", "use", 1, "src/memmem.rs"),
                edge("src/lib.rs", "mod", 1, "src/memmem.rs"),
            ]
        );
    }

    #[test]
    fn cyclic_and_escaping_path_modules_end_cleanly() {
        let tree = [
            ("Cargo.toml", "[package]\nname = \"c\"\n"),
            (
                "src/lib.rs",
                "#[path = \"lib.rs\"]\nmod again;\n#[path = \"../../../x.rs\"]\nmod out;\nmod a;\n",
            ),
            (
                "src/a.rs",
                "#[path = \"../lib.rs\"]\nmod back;\nuse crate::again::again::X;\n",
            ),
        ];
        assert_eq!(
            edges(&tree),
            // `mod again` is the file itself, `out` climbs out of the repository and `back`
            // names `lib.rs` at the root, which does not exist: none is an edge or an error.
            vec![
                edge("src/a.rs", "use", 3, "src/lib.rs"),
                edge("src/lib.rs", "mod", 5, "src/a.rs"),
            ]
        );
    }

    /// zustand: the root tsconfig maps `zustand` to `./src/index.ts` for `src/**/*` and
    /// `tests/**/*` only; its example app declares `"zustand": "^4.3.9"` and gets the published
    /// package, so its imports are no edges into `src/`.
    #[test]
    fn tsconfig_paths_apply_only_to_the_files_it_includes() {
        let tree = [
            (
                "tsconfig.json",
                "{\"compilerOptions\": {\"paths\": {\"zustand\": [\"./src/index.ts\"]}}, \"include\": [\"src/**/*\", \"tests\"]}",
            ),
            ("package.json", "{\"name\": \"zustand\"}"),
            ("src/index.ts", "export const create = () => {};\n"),
            ("tests/basic.test.ts", "import { create } from 'zustand';\n"),
            ("examples/demo/package.json", "{\"dependencies\": {\"zustand\": \"^4.3.9\"}}"),
            ("examples/demo/src/App.jsx", "import { create } from 'zustand';\n"),
        ];
        assert_eq!(
            edges(&tree),
            vec![edge("tests/basic.test.ts", "import", 1, "src/index.ts")]
        );
    }

    /// redux: the root tsconfig includes `.` and inherits `paths` (`redux` → the source
    /// entry, `@internal/*` → `src/*`) and `exclude` (`examples`) through two `extends`; its
    /// tests import the source, its examples the published package.
    #[test]
    fn tsconfig_include_dot_and_inherited_exclude() {
        let tree = [
            (
                "tsconfig.json",
                "{\n  // For development.\n  \"extends\": \"./tsconfig.test.json\",\n  \"include\": [\".\"]\n}",
            ),
            (
                "tsconfig.test.json",
                "{\"extends\": \"./tsconfig.base.json\", \"include\": [\"test/typescript\"]}",
            ),
            (
                "tsconfig.base.json",
                "{\"compilerOptions\": {\"paths\": {\"@internal/*\": [\"./src/*\"], \"redux\": [\"./src/index.ts\"] // @remap-prod-remove-line\n}}, \"exclude\": [\"dist\", \"examples\"]}",
            ),
            ("package.json", "{\"name\": \"redux\"}"),
            ("src/index.ts", "export const createStore = () => {};\n"),
            ("src/utils/warning.ts", "export default 1;\n"),
            ("test/createStore.spec.ts", "import { createStore } from 'redux';\nimport warning from '@internal/utils/warning';\n"),
            ("examples/todos/package.json", "{\"dependencies\": {\"redux\": \"^4.0.5\"}}"),
            ("examples/todos/src/index.js", "import { createStore } from 'redux';\n"),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge("test/createStore.spec.ts", "import", 1, "src/index.ts"),
                edge(
                    "test/createStore.spec.ts",
                    "import",
                    2,
                    "src/utils/warning.ts"
                ),
            ]
        );
    }

    /// What each `package.json` offers importers, by the file it leads to: ky names its build
    /// output `distribution/index.js`, built from `source/`; zustand is published from its
    /// build directory, so its `main` is `./index.js` and its subpaths `./vanilla.js`, built
    /// from `src/`; a package without `exports` is its `main`.
    #[test]
    fn package_entries_lead_to_the_sources_their_outputs_are_built_from() {
        let tree = [
            ("ky/package.json", "{\"name\": \"ky\", \"exports\": {\"types\": \"./distribution/index.d.ts\", \"default\": \"./distribution/index.js\"}, \"main\": \"./distribution/index.js\"}"),
            ("ky/source/index.ts", "export default 1;\n"),
            ("ky/source/core.ts", ""),
            ("zustand/package.json", "{\"name\": \"zustand\", \"main\": \"./index.js\", \"exports\": {\"./package.json\": \"./package.json\", \".\": {\"import\": {\"types\": \"./esm/index.d.mts\", \"default\": \"./esm/index.mjs\"}, \"default\": \"./index.js\"}, \"./vanilla\": {\"default\": \"./vanilla.js\"}, \"./*\": \"./*.js\"}}"),
            ("zustand/src/index.ts", ""),
            ("zustand/src/vanilla.ts", ""),
            ("plain/package.json", "{\"name\": \"plain\", \"main\": \"lib/main.js\"}"),
            ("plain/lib/main.js", ""),
            // chalk: Node runs `index.js`; TypeScript checks against the `index.d.ts` beside it.
            ("chalk/package.json", "{\"name\": \"chalk\", \"exports\": \"./source/index.js\", \"types\": \"./source/index.d.ts\"}"),
            ("chalk/source/index.js", ""),
            ("chalk/source/index.d.ts", ""),
            // axios commits its build: `require` names it, `default` the source.
            ("axios/package.json", "{\"name\": \"axios\", \"main\": \"index.js\", \"exports\": {\".\": {\"default\": {\"require\": \"./dist/node/axios.cjs\", \"default\": \"./index.js\"}}}}"),
            ("axios/index.js", ""),
            ("axios/dist/node/axios.cjs", ""),
        ];
        let mut maps = maps(&tree);
        resolve_imports(&mut maps);
        let sources = |path: &str| -> Vec<(String, String)> {
            maps.iter()
                .find(|map| map.path.as_str() == path)
                .and_then(|map| map.parsed.js_manifest.as_deref())
                .map(|manifest| {
                    manifest
                        .entry_sources
                        .iter()
                        .map(|(key, file)| (key.clone(), file.to_string()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let pair = |key: &str, file: &str| (key.to_string(), file.to_string());
        assert_eq!(
            sources("ky/package.json"),
            [pair(".", "ky/source/index.ts")]
        );
        assert_eq!(
            sources("zustand/package.json"),
            [
                pair(".", "zustand/src/index.ts"),
                pair("./vanilla", "zustand/src/vanilla.ts")
            ]
        );
        assert_eq!(
            sources("plain/package.json"),
            [pair(".", "plain/lib/main.js")]
        );
        assert_eq!(
            sources("chalk/package.json"),
            [
                pair(".", "chalk/source/index.js"),
                pair(".", "chalk/source/index.d.ts")
            ]
        );
        assert_eq!(sources("axios/package.json"), [pair(".", "axios/index.js")]);
    }

    /// commander's `examples/pm` is a Node script without an extension (`#!/usr/bin/env
    /// node`): `import { Command } from 'commander'` runs `index.js`, as from `split.js`, not
    /// the `types` condition's `typings/index.d.ts`.
    #[test]
    fn javascript_scripts_without_an_extension_import_what_node_runs() {
        let tree = [
            ("package.json", "{\"name\": \"commander\", \"type\": \"module\", \"main\": \"./index.js\", \"types\": \"typings/index.d.ts\", \"exports\": {\".\": {\"types\": \"./typings/index.d.ts\", \"default\": \"./index.js\"}}}"),
            ("index.js", "export const program = 1;\n"),
            ("typings/index.d.ts", "export declare const program: number;\n"),
            ("examples/split.js", "import { program } from 'commander';\n"),
            ("examples/pm", ""),
        ];
        let mut maps = maps(&tree);
        let script = "#!/usr/bin/env node\n\nimport { Command } from 'commander';\n";
        for map in maps
            .iter_mut()
            .filter(|map| map.path.as_str() == "examples/pm")
        {
            map.language = Language::JavaScript;
            map.parsed = crate::parse(Language::JavaScript, script);
        }
        resolve_imports(&mut maps);
        let targets: Vec<(String, Option<String>)> = maps
            .iter()
            .filter(|map| map.path.as_str().starts_with("examples/"))
            .flat_map(|map| {
                map.parsed.imports.iter().map(|import| {
                    (
                        map.path.to_string(),
                        import.resolved.as_ref().map(|path| path.to_string()),
                    )
                })
            })
            .collect();
        assert_eq!(
            targets,
            [
                (
                    "examples/split.js".to_string(),
                    Some("index.js".to_string())
                ),
                ("examples/pm".to_string(), Some("index.js".to_string())),
            ]
        );
    }

    /// dayjs's `"types": "index.d.ts"` is copied from `types/index.d.ts` by its build; its
    /// plugins' declarations `import { PluginFunc } from 'dayjs'`, which is that file, never
    /// the script `src/index.js` its missing `main` would lead a script to.
    #[test]
    fn a_missing_type_declaration_is_found_in_types_and_never_in_a_script() {
        let tree = [
            (
                "package.json",
                "{\"name\": \"dayjs\", \"main\": \"dayjs.min.js\", \"types\": \"index.d.ts\"}",
            ),
            ("src/index.js", "export default function dayjs() {}\n"),
            ("types/index.d.ts", "export type PluginFunc = () => void;\n"),
            (
                "types/plugin/utc.d.ts",
                "import { PluginFunc } from 'dayjs';\n",
            ),
            ("src/locale/de.js", "import dayjs from 'dayjs';\n"),
            (
                "other/package.json",
                "{\"name\": \"other\", \"types\": \"dist/index.d.ts\"}",
            ),
            ("other/src/index.js", "export default 1;\n"),
            ("other/use.d.ts", "import x from 'other';\n"),
        ];
        let mut maps = maps(&tree);
        resolve_imports(&mut maps);
        let resolved = |path: &str| first_resolved(&maps, path);
        assert_eq!(
            resolved("types/plugin/utc.d.ts").as_deref(),
            Some("types/index.d.ts")
        );
        assert_eq!(resolved("other/use.d.ts"), None);
        assert_eq!(
            resolved("src/locale/de.js").as_deref(),
            Some("src/index.js")
        );
    }

    /// yargs-parser compiles `lib/*.ts` into `build/lib/`: its `main` is `build/lib/index.js`
    /// and `deno.ts` imports the types `./build/lib/yargs-parser-types.d.ts`, both from the
    /// sources in `lib/`.
    #[test]
    fn build_output_of_the_package_s_own_directories_leads_to_their_sources() {
        let tree = [
            (
                "package.json",
                "{\"name\": \"yargs-parser\", \"main\": \"build/lib/index.js\", \"exports\": {\".\": [{\"import\": \"./build/lib/index.js\"}, \"./build/index.cjs\"]}}",
            ),
            ("lib/index.ts", "export default function parser() {}\n"),
            ("lib/yargs-parser-types.ts", "export type Options = {};\n"),
            (
                "deno.ts",
                "import type { Options } from './build/lib/yargs-parser-types.d.ts';\n",
            ),
            ("test/parser.mjs", "import parser from 'yargs-parser';\n"),
        ];
        let mut maps = maps(&tree);
        resolve_imports(&mut maps);
        let resolved = |path: &str| first_resolved(&maps, path);
        assert_eq!(
            resolved("deno.ts").as_deref(),
            Some("lib/yargs-parser-types.ts")
        );
        assert_eq!(resolved("test/parser.mjs").as_deref(), Some("lib/index.ts"));
    }

    /// yargs' entry files import `./build/lib/*.js`, which `tsc` compiles from `lib/*.ts`
    /// into `build/` (absent from a checkout); a `dist/` output comes from `src/`.
    #[test]
    fn javascript_imports_of_missing_build_output_lead_to_their_sources() {
        let tree = [
            ("index.mjs", "import {YargsFactory} from './build/lib/yargs-factory.js';\n"),
            ("helpers/helpers.mjs", "import {applyExtends} from '../build/lib/utils/apply-extends.js';\n"),
            ("lib/yargs-factory.ts", ""),
            ("lib/utils/apply-extends.ts", ""),
            ("pkg/main.js", "const core = require('./dist/core.js');\nconst gone = require('./dist/gone.js');\n"),
            ("pkg/src/core.ts", ""),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge(
                    "helpers/helpers.mjs",
                    "import",
                    1,
                    "lib/utils/apply-extends.ts"
                ),
                edge("index.mjs", "import", 1, "lib/yargs-factory.ts"),
                edge("pkg/main.js", "import", 1, "pkg/src/core.ts"),
            ]
        );
    }

    #[test]
    fn javascript_relative_tsconfig_paths_and_workspace_packages() {
        let tree = [
            (
                "tsconfig.base.json",
                "{\n  // shared\n  \"compilerOptions\": {\"baseUrl\": \".\", \"paths\": {\"@lib/*\": [\"missing/*\", \"libs/*/src\"],},},\n}\n",
            ),
            ("apps/web/tsconfig.json", "{\"extends\": \"../../tsconfig.base\"}"),
            ("apps/web/src/main.tsx", "import { a } from './a.js';\nimport b from '@lib/util';\nexport * from './dir';\nconst c = require('../package.json');\nimport type { T } from '@acme/ui/button';\nimport React from 'react';\nasync function f() { await import(/* webpackChunkName: \"ui\" */ '@acme/ui'); }\n"),
            ("apps/web/src/a.ts", "import x from 'apps/web/src/dir';\n"),
            ("apps/web/src/dir/index.ts", ""),
            ("apps/web/package.json", "{\"name\": \"web\"}"),
            ("libs/util/src/index.ts", ""),
            ("packages/ui/package.json", "{\"name\": \"@acme/ui\", \"types\": \"dist/index.d.ts\", \"exports\": {\".\": {\"import\": \"./dist/index.mjs\"}, \"./*\": \"./src/*.tsx\"}}"),
            ("packages/ui/src/index.ts", "export { Button } from './button';\n"),
            ("packages/ui/src/button.tsx", ""),
            ("tsconfig.cycle.json", "{\"extends\": \"./tsconfig.cycle.json\"}"),
            ("cyc/tsconfig.json", "{\"extends\": [\"../tsconfig.cycle.json\", \"./nope.json\"], \"compilerOptions\": {\"paths\": {\"~/*\": [\"./*\"]}}}"),
            ("cyc/x.js", "const y = require('~/y');\n"),
            ("cyc/y.cjs", ""),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge(
                    "apps/web/src/a.ts",
                    "import",
                    1,
                    "apps/web/src/dir/index.ts"
                ),
                edge("apps/web/src/main.tsx", "import", 1, "apps/web/src/a.ts"),
                edge(
                    "apps/web/src/main.tsx",
                    "import",
                    2,
                    "libs/util/src/index.ts"
                ),
                edge(
                    "apps/web/src/main.tsx",
                    "import",
                    4,
                    "apps/web/package.json"
                ),
                edge(
                    "apps/web/src/main.tsx",
                    "import",
                    5,
                    "packages/ui/src/button.tsx"
                ),
                edge(
                    "apps/web/src/main.tsx",
                    "local",
                    7,
                    "packages/ui/src/index.ts"
                ),
                edge(
                    "apps/web/src/main.tsx",
                    "reexport",
                    3,
                    "apps/web/src/dir/index.ts"
                ),
                edge("cyc/x.js", "import", 1, "cyc/y.cjs"),
                edge(
                    "packages/ui/src/index.ts",
                    "reexport",
                    1,
                    "packages/ui/src/button.tsx"
                ),
            ]
        );
    }

    /// jotai: `examples/hello` declares `"jotai": "^2.10.4"` in its own `package.json` and is no
    /// member of the workspace (`pnpm-workspace.yaml` lists `.`), so its `import { atom } from
    /// 'jotai'` is the published package, not `src/index.ts`. The fixture's edges, written by
    /// hand, are compared pair by pair (the binary's test compares kinds and lines too).
    #[test]
    fn javascript_example_apps_outside_the_workspace_get_packages_from_npm() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/graph/js-examples-from-npm");
        let mut sources: Vec<(String, String)> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let path = entry.path().strip_prefix(&root).unwrap();
                let path = path.to_str().unwrap().replace('\\', "/");
                (path, std::fs::read_to_string(entry.path()).unwrap())
            })
            .filter(|(path, _)| path != "expected_edges.json")
            .collect();
        sources.sort();
        let tree: Vec<(&str, &str)> = sources
            .iter()
            .map(|(path, source)| (path.as_str(), source.as_str()))
            .collect();
        let mut found: Vec<(String, String)> = edges(&tree)
            .into_iter()
            .map(|(from, _, _, to)| (from, to))
            .collect();
        found.dedup();
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("expected_edges.json")).unwrap(),
        )
        .unwrap();
        let expected: Vec<(String, String)> = expected
            .as_array()
            .unwrap()
            .iter()
            .map(|edge| {
                let end = |key: &str| edge[key].as_str().unwrap().to_string();
                (end("from"), end("to"))
            })
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn go_names_go_to_the_files_that_declare_them() {
        let tree = [
            ("go.mod", "module example.com/app\n\nreplace example.com/lib => ./third_party/lib\n"),
            ("tools/go.mod", "module example.com/app/tools\n"),
            ("tools/gen/gen.go", "package gen\n\nfunc Run() {}\n"),
            (
                "main.go",
                "package main\n\nimport (\n\t\"fmt\"\n\tst \"example.com/app/store\"\n\t_ \"example.com/app/plugin\"\n\t\"example.com/lib/v2\"\n\t\"example.com/app/tools/gen\"\n)\n\n\
                 func main() {\n\tvar s st.Store = st.Open(st.DefaultPath)\n\tfmt.Println(s, lib.X)\n\tgen.Run()\n\tst.Unknown()\n}\n",
            ),
            ("store/store.go", "package store\n\ntype Store struct{}\n\nfunc (s Store) Open() {}\n"),
            ("store/open.go", "package store\n\nfunc Open(p string) Store { return Store{} }\n"),
            ("store/paths.go", "package store\n\nconst (\n\tDefaultPath = \"x\"\n\tOther = 1\n)\n"),
            ("store/store_test.go", "package store_test\n\nimport \"example.com/app/store\"\n\nvar _ = store.Open\n"),
            ("plugin/doc.go", "// Package plugin.\npackage plugin\n"),
            ("plugin/a.go", "package plugin\n\nfunc init() {}\n"),
            ("third_party/lib/v2/lib.go", "package lib\n\nvar X = 1\n"),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge("main.go", "import", 5, "store/open.go"),
                edge("main.go", "import", 5, "store/paths.go"),
                edge("main.go", "import", 5, "store/store.go"),
                // `st.Unknown` is declared nowhere: the package's file named after it.
                edge("main.go", "import", 5, "store/store.go"),
                edge("main.go", "import", 6, "plugin/doc.go"),
                edge("main.go", "import", 7, "third_party/lib/v2/lib.go"),
                edge("main.go", "import", 8, "tools/gen/gen.go"),
                edge("store/store_test.go", "import", 3, "store/open.go"),
            ]
        );
    }

    /// pkg/errors has no `go.mod`: the tree is the package `github.com/pkg/errors` itself, which
    /// its external test package imports.
    #[test]
    fn go_without_a_module_file_the_root_package_is_the_repository_s_import_path() {
        let tree = [
            ("errors.go", "package errors\n\nfunc New(m string) error { return nil }\n"),
            (
                "example_test.go",
                "package errors_test\n\nimport \"github.com/pkg/errors\"\n\nfunc ExampleNew() {\n\t_ = errors.New(\"x\")\n}\n",
            ),
            (
                "other_test.go",
                "package errors_test\n\nimport \"github.com/pkg/other\"\n\nvar _ = other.X\n",
            ),
        ];
        assert_eq!(
            edges(&tree),
            vec![edge("example_test.go", "import", 3, "errors.go")]
        );
    }

    #[test]
    fn java_types_by_package_wildcards_by_used_names() {
        let tree = [
            (
                "core/src/main/java/org/acme/core/Engine.java",
                "package org.acme.core;\n\npublic class Engine {\n  public static class Part {}\n}\n",
            ),
            (
                "core/src/main/java/org/acme/core/Gear.java",
                "package org.acme.core;\n\npublic interface Gear {}\n",
            ),
            (
                "core/src/main/java/org/acme/core/Unused.java",
                "package org.acme.core;\n\nclass Unused {}\n",
            ),
            // A file whose directory does not match its package.
            ("misc/Util.java", "package org.acme.util;\n\npublic final class Util {\n  public static int twice(int x) { return 2 * x; }\n}\n"),
            (
                "app/src/main/java/org/acme/app/Main.java",
                "package org.acme.app;\n\nimport org.acme.core.*;\nimport org.acme.core.Engine.Part;\nimport static org.acme.util.Util.twice;\nimport java.util.List;\n\n\
                 public class Main {\n  Engine engine;\n  List<Gear> gears;\n  Part part;\n}\n",
            ),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge(
                    "app/src/main/java/org/acme/app/Main.java",
                    "import",
                    3,
                    "core/src/main/java/org/acme/core/Engine.java"
                ),
                edge(
                    "app/src/main/java/org/acme/app/Main.java",
                    "import",
                    3,
                    "core/src/main/java/org/acme/core/Gear.java"
                ),
                edge(
                    "app/src/main/java/org/acme/app/Main.java",
                    "import",
                    4,
                    "core/src/main/java/org/acme/core/Engine.java"
                ),
                edge(
                    "app/src/main/java/org/acme/app/Main.java",
                    "import",
                    5,
                    "misc/Util.java"
                ),
            ]
        );
    }

    #[test]
    fn csharp_usings_lead_to_the_files_declaring_the_used_types() {
        let tree = [
            ("src/Core/Logger.cs", "namespace Acme.Core;\n\npublic partial class Logger { }\n"),
            // The other half of a partial class: the file named after it stands for it.
            ("src/Core/Logger.Sinks.cs", "namespace Acme.Core;\n\npartial class Logger { }\n"),
            (
                "src/Core/Extensions.cs",
                "namespace Acme.Core\n{\n    public static class StringExtensions\n    {\n        public static string Shout(this string s) => s;\n    }\n}\n",
            ),
            (
                "src/Core/Math.cs",
                "namespace Acme.Core { public static class Math { public static int Twice(int x) => 2 * x; } }\n",
            ),
            (
                "src/Core/Models/Order.cs",
                "namespace Acme.Core.Models\n{\n    public class Order { public class Line { } }\n}\n",
            ),
            (
                "src/Config/Settings.cs",
                "namespace Acme\n{\n    namespace Config\n    {\n        public class Settings { }\n    }\n}\n",
            ),
            ("src/Web/Logger.cs", "namespace Acme.Web { public class Logger { } public class Page { } }\n"),
            (
                "src/Web/Handler.cs",
                "using System;\nusing Acme.Core;\nusing Acme.Core.Models;\nusing static Acme.Core.Math;\nusing Cfg = Acme.Config.Settings;\nnamespace Acme.Web;\n\n\
                 public class Handler\n{\n    Logger log;\n    Order order;\n    Page page;\n    string s = \"x\".Shout();\n    Cfg cfg;\n    int two = Twice(1);\n}\n",
            ),
            (
                "app/Program.cs",
                "using Acme.Core;\nusing Acme.Core.Models;\n\nnamespace App\n{\n    class Program\n    {\n        static void Main() { var l = new Logger(); Order.Line x; }\n    }\n}\n",
            ),
            (
                "tests/WebTests.cs",
                "using Acme.Web;\nusing Xunit;\n\nnamespace Acme.Tests;\n\npublic class WebTests\n{\n    [Fact]\n    public void Logs() { var l = new Logger(); }\n}\n",
            ),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge("app/Program.cs", "import", 1, "src/Core/Logger.cs"),
                edge("app/Program.cs", "import", 2, "src/Core/Models/Order.cs"),
                // `Shout` is an extension method; `Twice`, a plain static method, comes from
                // `using static` only.
                edge("src/Web/Handler.cs", "import", 2, "src/Core/Extensions.cs"),
                edge(
                    "src/Web/Handler.cs",
                    "import",
                    3,
                    "src/Core/Models/Order.cs"
                ),
                edge("src/Web/Handler.cs", "import", 4, "src/Core/Math.cs"),
                edge("src/Web/Handler.cs", "import", 5, "src/Config/Settings.cs"),
                edge("tests/WebTests.cs", "import", 1, "src/Web/Logger.cs"),
            ]
        );
    }

    /// A later run resolves the maps it keeps again, with the imports the first resolution
    /// added: they must come out the same, not doubled.
    #[test]
    fn csharp_resolving_again_gives_the_same_imports() {
        let tree = [
            (
                "Core/Logger.cs",
                "namespace Acme.Core;\npublic class Logger { }\n",
            ),
            (
                "Core/Sink.cs",
                "namespace Acme.Core;\npublic class Sink { }\n",
            ),
            (
                "App/Program.cs",
                "using System;\nusing Acme.Core;\nclass Program { Logger l; Sink s; Console c; }\n",
            ),
        ];
        let mut maps = maps(&tree);
        resolve_imports(&mut maps);
        let first: Vec<Import> = maps[2].parsed.imports.clone();
        assert_eq!(first.len(), 4, "{first:#?}");
        for map in &mut maps {
            for import in &mut map.parsed.imports {
                import.resolved = None;
            }
        }
        resolve_imports(&mut maps);
        assert_eq!(maps[2].parsed.imports, first);
    }

    #[test]
    fn ruby_requires_search_gem_libs_and_relative_requires_the_file_dir() {
        let tree = [
            ("Gemfile", "source 'https://rubygems.org'\ngemspec\n"),
            (
                "lib/app.rb",
                "require 'app/version'\nrequire_relative 'app/cli'\nrequire 'json'\nrequire 'widget'\n",
            ),
            ("lib/app/version.rb", ""),
            ("lib/app/cli.rb", "require_relative '../app'\nload 'tasks/setup.rb'\n"),
            ("lib/tasks/setup.rb", ""),
            ("gems/widget/widget.gemspec", ""),
            ("gems/widget/lib/widget.rb", "require 'widget/parts'\nrequire 'app'\n"),
            ("gems/widget/lib/widget/parts.rb", ""),
            ("spec/spec_helper.rb", "require 'app'\n"),
            (
                "spec/app_spec.rb",
                "require 'spec_helper'\nrequire_relative 'support/helpers.rb'\nrequire 'set'\n",
            ),
            ("spec/support/helpers.rb", ""),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge(
                    "gems/widget/lib/widget.rb",
                    "import",
                    1,
                    "gems/widget/lib/widget/parts.rb"
                ),
                edge("gems/widget/lib/widget.rb", "import", 2, "lib/app.rb"),
                edge("lib/app.rb", "import", 1, "lib/app/version.rb"),
                edge("lib/app.rb", "import", 2, "lib/app/cli.rb"),
                edge("lib/app.rb", "import", 4, "gems/widget/lib/widget.rb"),
                edge("lib/app/cli.rb", "import", 1, "lib/app.rb"),
                edge("lib/app/cli.rb", "import", 2, "lib/tasks/setup.rb"),
                edge("spec/app_spec.rb", "import", 1, "spec/spec_helper.rb"),
                edge("spec/app_spec.rb", "import", 2, "spec/support/helpers.rb"),
                edge("spec/spec_helper.rb", "import", 1, "lib/app.rb"),
            ]
        );
    }

    #[test]
    fn php_uses_follow_composer_autoload_rules() {
        let tree = [
            (
                "composer.json",
                r#"{"autoload": {"psr-4": {"App\\": "src/", "Acme\\Lib\\": ["lib/", "lib2/"]}, "psr-0": {"Legacy_": "legacy/"}}, "autoload-dev": {"psr-4": {"App\\Tests\\": "tests/"}}}"#,
            ),
            (
                "src/Http/Kernel.php",
                "<?php\nnamespace App\\Http;\n\nuse App\\Models\\{User, Post};\nuse Acme\\Lib\\Cache;\nuse Symfony\\Component\\Console\\Command;\nrequire_once __DIR__ . '/../helpers.php';\nrequire dirname(__DIR__) . '/bootstrap.php';\n",
            ),
            ("src/Models/User.php", "<?php\nnamespace App\\Models;\nclass User {}\n"),
            ("src/Models/Post.php", "<?php\nnamespace App\\Models;\nclass Post {}\n"),
            ("src/helpers.php", "<?php\n"),
            ("src/bootstrap.php", "<?php\n"),
            ("lib2/Cache.php", "<?php\n"),
            ("legacy/Legacy/Mailer.php", "<?php\n"),
            (
                "tests/Http/KernelTest.php",
                "<?php\nnamespace App\\Tests\\Http;\nuse App\\Http\\Kernel;\nuse App\\Tests\\TestCase;\nuse Legacy_Mailer;\nuse App\\Missing\\Thing;\n",
            ),
            ("tests/TestCase.php", "<?php\n"),
            // No rule covers `Symfony\`: the conventional layouts, which miss this file.
            ("Command.php", "<?php\n"),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge("src/Http/Kernel.php", "import", 4, "src/Models/Post.php"),
                edge("src/Http/Kernel.php", "import", 4, "src/Models/User.php"),
                edge("src/Http/Kernel.php", "import", 5, "lib2/Cache.php"),
                edge("src/Http/Kernel.php", "import", 7, "src/helpers.php"),
                edge("src/Http/Kernel.php", "import", 8, "src/bootstrap.php"),
                edge(
                    "tests/Http/KernelTest.php",
                    "import",
                    3,
                    "src/Http/Kernel.php"
                ),
                edge(
                    "tests/Http/KernelTest.php",
                    "import",
                    4,
                    "tests/TestCase.php"
                ),
                edge(
                    "tests/Http/KernelTest.php",
                    "import",
                    5,
                    "legacy/Legacy/Mailer.php"
                ),
            ]
        );
    }

    #[test]
    fn c_includes_beside_above_include_dirs_and_unique_suffixes() {
        let tree = [
            ("lib/core/include/core/api.h", "#include \"core/types.h\"\n"),
            ("lib/core/include/core/types.h", ""),
            ("lib/core/src/api.c", "#include \"core/api.h\"\n#include \"internal.h\"\n#include <stdio.h>\n"),
            ("lib/core/src/internal.h", ""),
            ("app/main.cpp", "#include <core/api.h>\n#include \"lib/core/src/internal.h\"\n#include \"src/internal.h\"\n#include \"config.h\"\n"),
            ("include/config.h", ""),
            ("tools/a/config.h", ""),
        ];
        assert_eq!(
            edges(&tree),
            vec![
                edge("app/main.cpp", "include", 1, "lib/core/include/core/api.h"),
                edge("app/main.cpp", "include", 2, "lib/core/src/internal.h"),
                edge("app/main.cpp", "include", 3, "lib/core/src/internal.h"),
                edge("app/main.cpp", "include", 4, "include/config.h"),
                edge(
                    "lib/core/include/core/api.h",
                    "include",
                    1,
                    "lib/core/include/core/types.h"
                ),
                edge(
                    "lib/core/src/api.c",
                    "include",
                    1,
                    "lib/core/include/core/api.h"
                ),
                edge(
                    "lib/core/src/api.c",
                    "include",
                    2,
                    "lib/core/src/internal.h"
                ),
            ]
        );
    }
}
