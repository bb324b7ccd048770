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

use super::Exists;
use crate::languages::{self, LanguageSupport};
use cartograph_core::{FileMap, Import, Language, RepoPath};
use std::collections::HashMap;

pub(crate) struct JavaResolver<'a> {
    /// `(package, top-level type)` → the file declaring it; the first file by path wins.
    types: HashMap<(&'a str, &'a str), &'a RepoPath>,
}

impl<'a> JavaResolver<'a> {
    pub(crate) fn new(maps: &'a [FileMap]) -> JavaResolver<'a> {
        let mut types: HashMap<(&str, &str), &RepoPath> = HashMap::new();
        for map in maps.iter().filter(|map| map.language == Language::Java) {
            let package = map.parsed.package.as_deref().unwrap_or("");
            for symbol in map.parsed.symbols.iter().filter(|s| s.parent.is_none()) {
                types
                    .entry((package, symbol.name.as_str()))
                    .and_modify(|file| {
                        if map.path < **file {
                            *file = &map.path;
                        }
                    })
                    .or_insert(&map.path);
            }
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
                    .map(|f| (*f).clone());
            }
            // A static `a.b.C.*`: the members of type `a.b.C`.
            return self.outermost_type(package);
        }
        self.outermost_type(raw).or_else(|| {
            languages::java::Java.resolve_import(from, raw, &|path: &str| files.exists(path))
        })
    }

    /// The file of the outermost type a dotted name reaches: `a.b.C.Inner.m` → `C` of `a.b`.
    fn outermost_type(&self, dotted: &str) -> Option<RepoPath> {
        let segments: Vec<&str> = dotted.split('.').collect();
        (1..=segments.len()).find_map(|length| {
            let package = segments[..length - 1].join(".");
            self.types
                .get(&(package.as_str(), segments[length - 1]))
                .map(|file| (*file).clone())
        })
    }
}
