//! PHP `use` statements resolved as Composer's autoloader finds classes, and `require` /
//! `include` paths.
//!
//! Every `composer.json` in the tree (a vendored package's included) gives its `psr-4` and
//! `psr-0` rules, `autoload` and `autoload-dev` alike, with directories relative to the
//! manifest. `use A\B\C;` is tried against the rules whose prefix it starts with, the longest
//! prefix first, as Composer does: PSR-4 drops the prefix (`A\` → `src/` gives `src/B/C.php`),
//! PSR-0 keeps the whole name and reads `_` in the class name as a directory. A name that some
//! rule's prefix covers but no mapped file declares leads nowhere (a function, a namespace, a
//! generated class); a name no rule covers falls back to the conventional layouts
//! (`Php::resolve_import`), which also resolves `require` and `include` paths.

use super::FileSet;
use crate::languages::{self, LanguageSupport};
use cartograph_core::{FileMap, Language, RepoPath, SymbolKind};
use std::collections::HashMap;

/// One namespace prefix mapped to one directory.
struct Rule {
    /// `App\`, or `""` for any class; PSR-0 prefixes may also end in `_` or in a name.
    prefix: String,
    /// The repository directory, `""` for the root.
    directory: String,
    psr0: bool,
}

pub(crate) struct PhpResolver<'s, 'a> {
    files: &'s FileSet<'a>,
    /// Longest prefix first; among equal prefixes, in manifest path order, as written.
    rules: Vec<Rule>,
    /// The file declaring each namespaced function (`FastRoute\simpleDispatcher` in
    /// `src/functions.php`), which no autoload rule maps: `use function` imports it.
    functions: HashMap<String, RepoPath>,
}

impl<'s, 'a> PhpResolver<'s, 'a> {
    pub(crate) fn new(maps: &[FileMap], files: &'s FileSet<'a>) -> PhpResolver<'s, 'a> {
        let mut manifests: Vec<&FileMap> = maps
            .iter()
            .filter(|map| map.path.file_name() == "composer.json")
            .collect();
        manifests.sort_by(|a, b| a.path.cmp(&b.path));
        let mut rules = Vec::new();
        for manifest in manifests {
            let Some(autoload) = &manifest.parsed.composer else {
                continue;
            };
            let standards = [(&autoload.psr4, false), (&autoload.psr0, true)];
            for (mapping, psr0) in standards {
                for (prefix, directories) in mapping {
                    for directory in directories {
                        // A directory that climbs out of the repository maps nothing in it.
                        let Some(directory) = directory_at(manifest.path.parent(), directory)
                        else {
                            continue;
                        };
                        rules.push(Rule {
                            prefix: prefix.trim_start_matches('\\').to_string(),
                            directory,
                            psr0,
                        });
                    }
                }
            }
        }
        rules.sort_by_key(|rule| std::cmp::Reverse(rule.prefix.len()));
        let mut functions = HashMap::new();
        for map in maps.iter().filter(|map| map.language == Language::Php) {
            let namespace = map.parsed.package.as_deref().unwrap_or("");
            for symbol in &map.parsed.symbols {
                let top_level = symbol
                    .parent
                    .as_deref()
                    .is_none_or(|parent| parent == namespace);
                if symbol.kind == SymbolKind::Function && top_level {
                    let name = match namespace {
                        "" => symbol.name.to_string(),
                        namespace => format!("{namespace}\\{}", symbol.name),
                    };
                    functions.entry(name).or_insert_with(|| map.path.clone());
                }
            }
        }
        PhpResolver {
            files,
            rules,
            functions,
        }
    }

    pub(crate) fn resolve(&self, from: &RepoPath, raw: &str) -> Option<RepoPath> {
        let is_class = raw.contains('\\') || !(raw.contains('/') || raw.contains('.'));
        if is_class {
            let class = raw.trim_start_matches('\\');
            let mut covered = false;
            for rule in self
                .rules
                .iter()
                .filter(|rule| class.starts_with(&rule.prefix))
            {
                covered = true;
                if let Some(file) = self.mapped_file(rule, class) {
                    return Some(file);
                }
            }
            // No class file there: a namespaced function (`use function A\f;`).
            if let Some(file) = self.functions.get(class) {
                return Some(file.clone());
            }
            if covered {
                return None;
            }
        }
        let exists = |path: &str| self.files.contains(path);
        languages::php::Php.resolve_import(from, raw, &exists)
    }

    /// The file `rule` maps `class` to, when it exists.
    fn mapped_file(&self, rule: &Rule, class: &str) -> Option<RepoPath> {
        let relative = if rule.psr0 {
            // `Acme\Util\Text_Format` → `Acme/Util/Text/Format.php`: underscores of the class
            // name, not of the namespace, are directories.
            let (namespace, name) = class.rsplit_once('\\').unwrap_or(("", class));
            let namespace = namespace.replace('\\', "/");
            let name = name.replace('_', "/");
            if namespace.is_empty() {
                name
            } else {
                format!("{namespace}/{name}")
            }
        } else {
            class[rule.prefix.len()..].replace('\\', "/")
        };
        if relative.is_empty() {
            return None;
        }
        let path = super::join(&rule.directory, &format!("{relative}.php"));
        let path = RepoPath::join_relative("", &path)?;
        self.files.contains(path.as_str()).then_some(path)
    }
}

/// `directory` (relative to `base`) as a repository directory, `""` for the root; `None` when
/// it climbs out.
fn directory_at(base: &str, directory: &str) -> Option<String> {
    let file = RepoPath::join_relative(base, &format!("{directory}/x"))?;
    Some(super::parent_dir(file.as_str()).to_string())
}
