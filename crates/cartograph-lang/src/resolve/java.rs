//! Java imports resolved as javac finds classes: by package and type name, whatever directory
//! the declaring file sits in.
//!
//! Every file's `package` declaration and top-level types make one tree-wide map
//! `(package, type) → file`. `import a.b.C` is the file declaring `C` in package `a.b`; a
//! nested class (`a.b.C.Inner`) or a static import (`a.b.C.member`, `a.b.C.*`) is the file of
//! its outermost type, found by trying shorter prefixes. `import a.b.*` comes from the
//! extractor as one import per capitalised name the file uses; each leads to the file of
//! package `a.b` declaring that type, and names the package does not declare lead nowhere.
//! An import the map does not know falls back to the path rule (`a/b/C.java` under a source
//! root), for files whose declarations did not parse.
//!
//! When several files declare one class (copies in two Maven modules, a test double shadowing a
//! class), the importer's own build module wins (the directory above its `src/`), then main code
//! over tests (which main code never sees), then the first by path.

use super::Exists;
use crate::languages::{self, LanguageSupport};
use cartograph_core::{FileMap, Import, Language, RepoPath};
use std::collections::HashMap;

pub(crate) struct JavaResolver<'a> {
    /// `(package, top-level type)` → the files declaring it, sorted by path.
    types: HashMap<(&'a str, &'a str), Vec<&'a RepoPath>>,
}

impl<'a> JavaResolver<'a> {
    pub(crate) fn new(maps: &'a [FileMap]) -> JavaResolver<'a> {
        let mut types: HashMap<(&str, &str), Vec<&RepoPath>> = HashMap::new();
        for map in maps.iter().filter(|map| map.language == Language::Java) {
            let package = map.parsed.package.as_deref().unwrap_or("");
            for symbol in map.parsed.symbols.iter().filter(|s| s.parent.is_none()) {
                types
                    .entry((package, symbol.name.as_str()))
                    .or_default()
                    .push(&map.path);
            }
        }
        for files in types.values_mut() {
            files.sort();
            files.dedup();
        }
        JavaResolver { types }
    }

    pub(crate) fn resolve(
        &self,
        from: &RepoPath,
        import: &Import,
        files: &dyn Exists,
    ) -> Option<RepoPath> {
        let raw = import.raw.as_str();
        if let Some(package) = raw.strip_suffix(".*") {
            if let Some(name) = &import.name {
                return self
                    .types
                    .get(&(package, name.as_str()))
                    .and_then(|files| nearest(from, files));
            }
            // A static `a.b.C.*`: the members of type `a.b.C`.
            return self.outermost_type(from, package);
        }
        self.outermost_type(from, raw).or_else(|| {
            languages::java::Java.resolve_import(from, raw, &|path: &str| files.exists(path))
        })
    }

    /// The file of the outermost type a dotted name reaches: `a.b.C.Inner.m` → `C` of `a.b`.
    fn outermost_type(&self, from: &RepoPath, dotted: &str) -> Option<RepoPath> {
        let segments: Vec<&str> = dotted.split('.').collect();
        (1..=segments.len()).find_map(|length| {
            let package = segments[..length - 1].join(".");
            self.types
                .get(&(package.as_str(), segments[length - 1]))
                .and_then(|files| nearest(from, files))
        })
    }
}

/// Of the files declaring one class (sorted by path), the one `from` compiles against: main
/// code never sees tests; then the first of its own build module, else of main code, else the
/// first.
fn nearest(from: &RepoPath, files: &[&RepoPath]) -> Option<RepoPath> {
    let own = build_module(from.as_str());
    let from_main = !is_test_source(from.as_str());
    let rank = |file: &&&RepoPath| {
        let test = is_test_source(file.as_str());
        (test && from_main, build_module(file.as_str()) != own, test)
    };
    files.iter().min_by_key(rank).map(|file| (*file).clone())
}

/// The directory a build tool compiles a Java file from: what comes before its `src/`
/// (`extras` for `extras/src/test/java/…`, `""` for `src/main/java/…`); a file under no `src/`
/// is its own directory's.
fn build_module(path: &str) -> &str {
    if path.starts_with("src/") {
        return "";
    }
    match path.find("/src/") {
        Some(at) => &path[..at],
        None => path.rsplit_once('/').map_or("", |(dir, _)| dir),
    }
}

/// A file of a test source root (`src/test/java`, Gradle's `src/testFixtures/java`, `test/`).
fn is_test_source(path: &str) -> bool {
    path.split('/')
        .any(|component| matches!(component, "test" | "tests" | "testFixtures"))
}
