//! The inputs of rendering (`DocIndex`) and the lookups built from them once per render:
//! files by path and by name, symbol names, directories, manifests, page paths.

use crate::paths::{all_pages, page_path};
use cartograph_core::{FileMap, ImportKind, Module, RepoPath, Symbol, SymbolKind};
use cartograph_graph::Graph;
use cartograph_manifest::{parse_manifest, Manifest};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Mutex;

/// A model-written summary of one file and the cache key it was made under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub text: String,
    pub key: String,
}

/// Everything a page is rendered from.
#[derive(Debug, Clone, Copy)]
pub struct DocIndex<'a> {
    /// The commit the docs describe, when the repository is a git work tree.
    pub commit: Option<&'a str>,
    /// Every indexed file, sorted by path.
    pub files: &'a [FileMap],
    pub summaries: &'a BTreeMap<RepoPath, Summary>,
    pub modules: &'a [Module],
    pub graph: &'a Graph,
    /// The texts of the files [`crate::wants_text`] selects (manifests, READMEs, Makefiles),
    /// keyed by path. Render reads nothing else: a missing text only makes a page thinner.
    pub texts: &'a BTreeMap<RepoPath, String>,
    /// The docs folder relative to the repository root, with `/`: `docs/cartograph`. Links from
    /// pages to sources climb out of it, so it must be the real location.
    pub docs_dir: &'a str,
    /// The repository directory's name: the project name when no manifest gives one.
    pub root_name: &'a str,
}

/// Lookups over a `DocIndex`, built once and shared by every page of one render.
pub(crate) struct Context<'a> {
    pub index: DocIndex<'a>,
    pub files: BTreeMap<&'a str, &'a FileMap>,
    files_by_name: BTreeMap<&'a str, Vec<&'a FileMap>>,
    pub symbol_names: BTreeSet<&'a str>,
    /// Every directory that holds an indexed file, without a trailing `/`.
    pub dirs: BTreeSet<&'a str>,
    /// The ends of those directories after a `/` (`b/c` and `c` of `a/b/c`): a name matching
    /// one names a directory by the last parts of its path.
    pub dir_tails: HashSet<&'a str>,
    /// File names without their extension (`decoder` for `decoder.py`).
    pub stems: BTreeSet<&'a str>,
    /// Names that are not symbols but still name something of the repository: the project,
    /// its packages, their declared dependencies, the commands they install and the paths of
    /// the routes its code registers.
    pub package_names: BTreeSet<String>,
    pub manifests: Vec<Manifest>,
    pub pages: BTreeSet<String>,
    pub docs_dir: Vec<&'a str>,
    /// Computed once: every page that shows dependencies reads them.
    pub module_edges: Vec<cartograph_graph::ModuleEdge>,
    pub module_centrality: BTreeMap<String, f64>,
    /// Each module's layer and import cycle in the module graph.
    pub module_places: BTreeMap<String, cartograph_graph::ModulePlace>,
    /// `(module, module) → names` the first module's files use from the second's.
    pub crossing_names: BTreeMap<(&'a str, &'a str), BTreeSet<&'a str>>,
    /// The imports between modules of tests beside the code (`Graph::module_test_edges`), and
    /// the names they use: what a module's tests need, said apart from what it needs.
    pub module_test_edges: Vec<cartograph_graph::ModuleEdge>,
    pub test_crossing_names: BTreeMap<(&'a str, &'a str), BTreeSet<&'a str>>,
    /// `(file, name) → how many other files use that name from that file`.
    pub name_users: BTreeMap<(&'a str, &'a str), usize>,
    /// Per file, the files that use its names, with the names: where calls into it come from.
    pub referrers: std::collections::HashMap<&'a str, Vec<(&'a str, Vec<&'a str>)>>,
    /// Per file, the files whose names it uses, with the names: what a test exercises.
    pub uses: std::collections::HashMap<&'a str, Vec<(&'a str, Vec<&'a str>)>>,
    /// Each file's "other files call its …" sentence once found (`Context::callers_note`).
    pub callers_notes: Mutex<BTreeMap<String, Option<String>>>,
    /// Per hand-written document and README, the identifiers its code holds: code spans
    /// (`` `Request` ``, `` `app.url_path_for()` `` → `app`, `url_path_for`), Sphinx
    /// directives and code blocks.
    pub doc_mentions: BTreeMap<&'a RepoPath, DocMentions>,
    /// Per identifier, how many hand-written documents and READMEs write it as code, in a code
    /// span or a code block (zap's README: `zap.NewProduction()`): what the project teaches
    /// its users to call.
    pub documented_names: BTreeMap<String, usize>,
    /// The entry points (`Pages::entry_points`), found once: every module page asks, and
    /// finding them reads every symbol of the repository.
    pub entry_points: Vec<(&'a FileMap, Option<&'a Symbol>)>,
    /// Per file a package of the repository offers to importers, what they import it as
    /// (`zustand`, `zustand/vanilla`).
    pub imported_as: BTreeMap<&'a str, Vec<String>>,
    /// Files and directories a README's list describes, one line each (chi's
    /// `_examples/README.md`: "* [fileserver](…/_examples/fileserver/main.go) - Easily serve
    /// static files"): path → (description, the README).
    pub listed_in_readmes: BTreeMap<String, (String, &'a RepoPath)>,
    /// Files and modules a hand-written document is named after (starlette's
    /// `docs/routing.md` for `starlette/routing.py`): path → (its opening sentence, the
    /// document). See [`crate::named_documents`].
    pub named_documents: BTreeMap<String, (String, &'a RepoPath)>,
    /// Per `(file, name)` of a public Rust item, the path its crate's users write
    /// (`serde_json::Value` for `Value` of `src/value/mod.rs`).
    pub rust_paths: BTreeMap<(&'a str, &'a str), String>,
    /// Each Rust library crate root, with the name users write for its crate.
    pub rust_crate_roots: BTreeMap<&'a str, String>,
    /// Per Rust file compiled only under some `#[cfg(...)]`, the conditions of the `mod`
    /// declarations that lead to it, outermost first (serde_json's `src/lexical/*.rs`:
    /// `feature="float_roundtrip"`).
    pub rust_conditions: BTreeMap<&'a str, Vec<String>>,
    /// Each module's description and its source once found (`Pages::describe_module_plain`):
    /// the index, the architecture and every ancestor's "Modules inside" ask again.
    pub module_descriptions: Mutex<BTreeMap<String, Option<(String, String)>>>,
    /// Each module page's "How calls flow" section and the facts it adds to the page's
    /// inputs, found once (`Context::module_flow_texts`): the page and its inputs both ask.
    pub module_flows: Mutex<BTreeMap<String, std::sync::Arc<(String, String)>>>,
    /// The modules that only support the tests (`Pages::test_support_modules`), found once.
    pub test_support: std::sync::OnceLock<BTreeSet<String>>,
    /// Per file of a family of files that each define the same names for one thing (pflag's
    /// `int.go`, `bool_slice.go`, … `IntVar`, `BoolSliceVar`), the sentence that says so,
    /// found once (`crate::structural::file_families`).
    pub families: std::sync::OnceLock<BTreeMap<String, std::sync::Arc<str>>>,
    /// The cases Rust tests compile with trybuild, by path (`crate::trybuild`), found once.
    trybuild: std::sync::OnceLock<BTreeMap<String, crate::trybuild::Case>>,
    /// Per file the project's commands run or read, what says so (`structural::run_by`),
    /// built on first use.
    pub run_by: std::sync::OnceLock<std::collections::HashMap<String, crate::structural::RunBy>>,
    /// Per data file, the code files whose string literals name it (`crate::data_users`),
    /// built on first use.
    pub data_users: std::sync::OnceLock<std::collections::HashMap<String, Vec<String>>>,
    /// The README's first paragraph, which `index.md` quotes as what the project is for,
    /// found once (`Context::tagline`).
    tagline: std::sync::OnceLock<Option<String>>,
    /// The definitions whose doc's first sentence is a sibling's but for their names (pflag's
    /// `Visit` and `VisitAll`: "visits the flags in lexicographical order"), by `(path,
    /// name)`: their entries say the next sentence too, which tells them apart
    /// (`crate::structural::alike_docs`).
    pub alike_docs: std::sync::OnceLock<std::collections::HashSet<(String, String)>>,
    /// Public names more than one module defines (logrus's `Level`, root's and `hooks/slog`'s;
    /// tenacity's `retry_if_result`, sync and asyncio): a document that writes one may mean
    /// either, so it names neither module's API by it.
    pub shared_public_names: std::sync::OnceLock<std::collections::HashSet<String>>,
    /// The Rust macros whose expansions write `impl` blocks (`ParsedFile::macro_impls`), by
    /// what they add to: `MacroTarget::Methods("Value")` for `impl<'v> Value<'v>`,
    /// `MacroTarget::Implementors("ToValue")` for `impl ToValue for $into_ty`; each macro as
    /// `name!`, once, built on first use.
    pub macro_writers: std::sync::OnceLock<BTreeMap<MacroTarget, Vec<String>>>,
    /// Which types implement or extend which.
    pub hierarchy: cartograph_graph::Hierarchy,
}

/// What a macro's `impl` block adds to (`Context::macro_writers`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum MacroTarget {
    /// Methods of the type of this name.
    Methods(String),
    /// Types, given as the macro's arguments, that implement the trait of this name.
    Implementors(String),
}

/// A `package.json`'s entry points as the import resolver followed them to the files of the
/// repository (`JsManifest::entry_sources`): ky's `main`, `distribution/index.js`, is a build
/// output the checkout lacks, built from `source/index.ts`. Paths that do not exist give way
/// to the package's source entry, and its `exports` subpaths join them. Returns, per file,
/// the specifiers that import it (`zustand/vanilla`).
fn package_entry_sources<'a>(
    files: &BTreeMap<&'a str, &'a FileMap>,
    manifests: &mut [Manifest],
) -> BTreeMap<&'a str, Vec<String>> {
    let mut imported_as: BTreeMap<&'a str, Vec<String>> = BTreeMap::new();
    for manifest in manifests.iter_mut() {
        let Some(package) = files
            .get(manifest.path.as_str())
            .and_then(|file| file.parsed.js_manifest.as_deref())
        else {
            continue;
        };
        if package.entry_sources.is_empty() {
            continue;
        }
        manifest
            .entry_points
            .retain(|path| files.contains_key(path.as_str()));
        // The package's own entries first, in the resolver's order (what runs, then its
        // declaration).
        let mut package_entries = 0;
        for (key, source) in &package.entry_sources {
            let Some((&path, _)) = files.get_key_value(source.as_str()) else {
                continue;
            };
            if !manifest.entry_points.iter().any(|known| known == path) {
                if key == "." {
                    manifest
                        .entry_points
                        .insert(package_entries, path.to_string());
                    package_entries += 1;
                } else {
                    manifest.entry_points.push(path.to_string());
                }
            }
            // An example's or a test fixture's package is run, not imported by anyone (redux's
            // `examples/universal`).
            let offered = !crate::structural::in_example_suite(&manifest.path)
                && !cartograph_graph::is_test_path(&manifest.path);
            if let (true, Some(name)) = (offered, &manifest.name) {
                let specifier = match key.strip_prefix("./") {
                    Some(subpath) => format!("{name}/{subpath}"),
                    None => name.clone(),
                };
                let names = imported_as.entry(path).or_default();
                if !names.contains(&specifier) {
                    names.push(specifier);
                }
            }
        }
    }
    imported_as
}

/// `Context::rust_conditions`: each `mod x;` declaration's condition, followed down the
/// module tree (a file inherits the conditions of the declarations above it). A file declared
/// from several places (ryu's `src/d2s_full_table.rs`, behind `not(feature = "small")` in
/// `lib.rs` and pulled into `tests/d2s_table_test.rs` by `#[path]` with none) is under a
/// condition only when every way to it is.
fn rust_conditions(files: &[FileMap]) -> BTreeMap<&str, Vec<String>> {
    // Per declared file, the files declaring it, each with the declaration's condition
    // (declarations of one module under several conditions in one file are one,
    // `cartograph_lang`'s Rust extractor).
    let mut declared_by: BTreeMap<&str, Vec<(&str, Option<&str>)>> = BTreeMap::new();
    for file in files
        .iter()
        .filter(|file| file.language == cartograph_core::Language::Rust)
    {
        for import in &file.parsed.imports {
            if import.kind != cartograph_core::ImportKind::ModDeclaration {
                continue;
            }
            if let Some(target) = &import.resolved {
                declared_by
                    .entry(target.as_str())
                    .or_default()
                    .push((file.path.as_str(), import.condition.as_deref()));
            }
        }
    }
    const MAX_DEPTH: usize = 32;
    // The conditions on the way to `file` through its first declarer, outermost first; `None`
    // when some way to it has none.
    fn chain(
        declared_by: &BTreeMap<&str, Vec<(&str, Option<&str>)>>,
        file: &str,
        depth: usize,
    ) -> Option<Vec<String>> {
        let Some(declarers) = declared_by.get(file) else {
            return Some(Vec::new());
        };
        if depth == 0 {
            return Some(Vec::new());
        }
        let mut ways = declarers.iter().map(|(parent, condition)| {
            let mut found = chain(declared_by, parent, depth - 1).unwrap_or_default();
            found.extend(condition.map(str::to_string));
            found
        });
        let first = ways.next()?;
        if first.is_empty() || ways.any(|found| found.is_empty()) {
            return None;
        }
        Some(first)
    }
    let mut conditions = BTreeMap::new();
    for &file in declared_by.keys() {
        if let Some(found) = chain(&declared_by, file, MAX_DEPTH).filter(|found| !found.is_empty())
        {
            conditions.insert(file, found);
        }
    }
    conditions
}

impl<'a> Context<'a> {
    pub fn new(index: &DocIndex<'a>) -> Context<'a> {
        let index = *index;
        let mut files = BTreeMap::new();
        let mut files_by_name: BTreeMap<&str, Vec<&FileMap>> = BTreeMap::new();
        let mut symbol_names = BTreeSet::new();
        let mut dirs = BTreeSet::new();
        let mut stems = BTreeSet::new();
        for file in index.files {
            files.insert(file.path.as_str(), file);
            let name = file.path.file_name();
            files_by_name.entry(name).or_default().push(file);
            stems.insert(name.split('.').next().unwrap_or(name));
            let mut dir = file.path.parent();
            while !dir.is_empty() && dirs.insert(dir) {
                dir = dir.rfind('/').map_or("", |at| &dir[..at]);
            }
            for symbol in &file.parsed.symbols {
                if symbol.kind != SymbolKind::Heading {
                    symbol_names.insert(symbol.name.as_str());
                }
            }
        }
        // A manifest among a test's data (tomlkit's `tests/examples/pyproject.toml`, Poetry's
        // own manifest kept as parser input) is what a test reads, not the project's: its
        // packages are no dependencies, its description describes nothing here.
        let code_dirs: BTreeSet<&str> = index
            .files
            .iter()
            .filter(|file| file.language.is_code())
            .map(|file| file.path.parent())
            .collect();
        let mut manifests: Vec<Manifest> = index
            .texts
            .iter()
            .filter(|(path, _)| files.contains_key(path.as_str()))
            .filter(|(path, _)| !is_fixture_manifest(path, &code_dirs))
            .filter_map(|(path, text)| parse_manifest(path, text))
            .collect();
        cartograph_manifest::settle_across_manifests(&mut manifests);
        use_the_locked_package_manager(&mut manifests, index.files);
        // In path order, for `manifest_at`.
        manifests.sort_by(|a, b| a.path.cmp(&b.path));
        let imported_as = package_entry_sources(&files, &mut manifests);
        let mut package_names = BTreeSet::new();
        for manifest in &manifests {
            if let Some(name) = &manifest.name {
                package_names.insert(name.clone());
                package_names.insert(name.replace('-', "_"));
            }
            for dependency in manifest
                .dependencies
                .iter()
                .chain(&manifest.local_dependencies)
            {
                package_names.insert(dependency.name.clone());
                package_names.insert(dependency.name.replace('-', "_"));
                package_names.extend(dependency.package.clone());
            }
            // Its features, and what they turn on (`dep:serde`, `serde/derive`).
            for feature in &manifest.features {
                package_names.insert(feature.name.clone());
                package_names.extend(feature.enables.iter().cloned());
            }
            // The commands it installs (`rg`) are names a page may write as code.
            package_names.extend(manifest.executables.iter().map(|bin| bin.name.clone()));
            // And the build and test commands it declares, as the onboarding shows them
            // (guzzle's CI runs `./vendor/bin/phpunit`, a path of no file of the checkout).
            package_names.extend(
                manifest
                    .commands
                    .iter()
                    .map(|command| command.command.clone()),
            );
        }
        // So are the names a module exports under another name (immer's `export { NOTHING as
        // nothing }`).
        package_names.extend(
            index
                .files
                .iter()
                .flat_map(|file| file.parsed.clause_exports.iter())
                .map(|(exported, _)| exported.clone()),
        );
        // So are the specifiers importers load a package's files by (`zustand/vanilla`).
        package_names.extend(imported_as.values().flatten().cloned());
        // And the build tags that Go files' build notes name (`nomsgpack`).
        package_names.extend(crate::build_tags::named_tags(index.files));
        // And the paths of the routes the code registers (`/users/:id`).
        package_names.extend(
            index
                .files
                .iter()
                .flat_map(|file| file.parsed.routes.iter())
                .map(|route| route.path.clone()),
        );
        let pages = all_pages(&index).iter().map(page_path).collect();
        let module_of = cartograph_graph::file_modules(index.modules);
        let module_edges = index.graph.module_edges(index.modules);
        let module_test_edges = index.graph.module_test_edges(index.modules);
        let test_modules = cartograph_graph::test_modules(index.modules);
        let module_centrality = index.graph.module_centrality(index.modules);
        let module_paths: Vec<String> = index.modules.iter().map(|m| m.path.clone()).collect();
        let module_places = cartograph_graph::module_places(&module_paths, &module_edges);
        let mut crossing_names: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
        let mut test_crossing_names: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
        let mut name_users: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        let mut referrers: std::collections::HashMap<&str, Vec<(&str, Vec<&str>)>> =
            std::collections::HashMap::new();
        let mut uses: std::collections::HashMap<&str, Vec<(&str, Vec<&str>)>> =
            std::collections::HashMap::new();
        // The import edges of the last file whose references were read (they come by file).
        let mut last_edges: (Option<&RepoPath>, Vec<cartograph_graph::FileEdge<'_>>) =
            (None, Vec::new());
        // The same file's imports by the file each resolves to, as the names they take.
        #[allow(clippy::type_complexity)]
        let mut last_leaves: (
            Option<&RepoPath>,
            std::collections::HashMap<&str, Vec<&str>>,
        ) = (None, std::collections::HashMap::new());
        for reference in index.graph.references() {
            for name in &reference.names {
                *name_users.entry((reference.to.as_str(), name)).or_default() += 1;
            }
            referrers
                .entry(reference.to.as_str())
                .or_default()
                .push((reference.from.as_str(), reference.names.clone()));
            uses.entry(reference.from.as_str())
                .or_default()
                .push((reference.to.as_str(), reference.names.clone()));
            if let (Some(from), Some(to)) =
                (module_of.get(reference.from), module_of.get(reference.to))
            {
                // A test beside the code names what its module's tests use, not the module.
                let names =
                    if cartograph_graph::is_test_beside_code(reference.from, from, &test_modules) {
                        &mut test_crossing_names
                    } else {
                        &mut crossing_names
                    };
                // The names come through the files that re-export them: commander's examples
                // import `Command` from `index.js`, which re-exports it from `lib/command.js`;
                // what they use of the root module is `Command`, not only what it defines.
                if last_edges.0 != Some(reference.from) {
                    last_edges = (
                        Some(reference.from),
                        index.graph.file_edges_from(reference.from),
                    );
                }
                let mut through_another = false;
                let direct = last_edges.1.iter().any(|edge| edge.to == reference.to);
                // A name the file imports from the defining file itself came from there, not
                // through another file that re-exports it (serde_json's `src/value/de.rs`:
                // `use crate::value::Value;` beside `crate::from_str` of `src/lib.rs`, which
                // re-exports `Value` too: `src/value` "used" its own `Value` from `src`). An
                // import of the file that names none of the names (a module, a glob, a
                // JavaScript specifier) takes them all.
                if last_leaves.0 != Some(reference.from) {
                    let mut leaves: std::collections::HashMap<&str, Vec<&str>> =
                        std::collections::HashMap::new();
                    if let Some(file) = files.get(reference.from.as_str()) {
                        for import in &file.parsed.imports {
                            let Some(resolved) = &import.resolved else {
                                continue;
                            };
                            let leaf = import.name.as_deref().unwrap_or_else(|| {
                                import.raw.rsplit("::").next().unwrap_or(&import.raw)
                            });
                            leaves.entry(resolved.as_str()).or_default().push(leaf);
                        }
                    }
                    last_leaves = (Some(reference.from), leaves);
                }
                let leaves = last_leaves
                    .1
                    .get(reference.to.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let all_direct = leaves.iter().any(|leaf| !reference.names.contains(leaf));
                let taken_directly = |name: &str| all_direct || leaves.contains(&name);
                for edge in &last_edges.1 {
                    let Some(&through) = module_of.get(edge.to) else {
                        continue;
                    };
                    if through == *from || edge.to == reference.to {
                        continue;
                    }
                    let Some(reexporter) = files.get(edge.to.as_str()) else {
                        continue;
                    };
                    // `export { a } from './x'`, `pub use`, or `import { Command } from
                    // './lib/command.js'` then `export { Command }`.
                    let imports: Vec<&cartograph_core::Import> = reexporter
                        .parsed
                        .imports
                        .iter()
                        .filter(|import| import.resolved.as_ref() == Some(reference.to))
                        .collect();
                    if imports.is_empty() {
                        continue;
                    }
                    let whole = imports.iter().any(|import| import.kind.is_reexport());
                    // Only what it takes from that file (tenacity's `asyncio/__init__.py`
                    // exports its own `retry_all`, not `retry.py`'s, whose `RetryBaseT` it
                    // imports).
                    let takes = |name: &str| {
                        imports.iter().any(|import| match import.name.as_deref() {
                            None | Some("*") => true,
                            Some(taken) => taken == name,
                        })
                    };
                    let parsed = &reexporter.parsed;
                    let exported = |name: &&str| {
                        whole
                            || takes(name)
                                && (parsed
                                    .exports
                                    .as_ref()
                                    .is_some_and(|exports| exports.iter().any(|e| e == name))
                                    || parsed
                                        .clause_exports
                                        .iter()
                                        .any(|(exported, inner)| exported == name || inner == name))
                    };
                    let crossing: Vec<&str> = reference
                        .names
                        .iter()
                        .copied()
                        .filter(|name| !taken_directly(name))
                        .filter(exported)
                        .collect();
                    through_another |= !crossing.is_empty();
                    names.entry((from, through)).or_default().extend(crossing);
                }
                // Names that only came through another module's file are that module's to
                // say: commander's tests import `Command` from `index.js`, not from `lib/`.
                if from != to && (direct || !through_another) {
                    names
                        .entry((from, to))
                        .or_default()
                        .extend(reference.names.iter().copied());
                }
            }
        }
        // What each document and README names in code: its code spans, Sphinx directives and
        // code blocks (itsdangerous's `docs/concepts.rst` shows `Serializer` only in examples).
        let doc_mentions = index
            .texts
            .iter()
            .filter(|(path, _)| {
                (is_document(path) || is_readme(path.file_name()))
                    && files.contains_key(path.as_str())
            })
            .map(|(path, text)| {
                // A name a code block imports counts as a code span does.
                let (identifiers, imported) = code_identifiers_and_imports(text, false);
                let mut spans = code_span_identifiers(text, false);
                spans.extend(imported);
                let blocks: BTreeSet<String> = identifiers
                    .into_iter()
                    .filter(|name| !spans.contains(name))
                    .collect();
                (path, DocMentions { spans, blocks })
            })
            .filter(|(_, mentions)| !mentions.spans.is_empty() || !mentions.blocks.is_empty())
            .collect();
        let mut documented_names: BTreeMap<String, usize> = BTreeMap::new();
        for (path, text) in index.texts.iter() {
            if (is_document(path) || is_readme(path.file_name()))
                && files.contains_key(path.as_str())
            {
                for name in code_identifiers(text) {
                    *documented_names.entry(name).or_default() += 1;
                }
            }
        }
        let docs_dir = index
            .docs_dir
            .split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .collect();
        let mut context = Context {
            module_edges,
            module_centrality,
            module_places,
            crossing_names,
            module_test_edges,
            test_crossing_names,
            name_users,
            referrers,
            uses,
            callers_notes: Mutex::new(BTreeMap::new()),
            doc_mentions,
            documented_names,
            entry_points: Vec::new(),
            imported_as,
            index,
            files,
            files_by_name,
            symbol_names,
            dir_tails: dirs
                .iter()
                .flat_map(|dir| dir.match_indices('/').map(|(at, _)| &dir[at + 1..]))
                .collect(),
            dirs,
            stems,
            package_names,
            manifests,
            pages,
            docs_dir,
            module_descriptions: Mutex::new(BTreeMap::new()),
            module_flows: Mutex::new(BTreeMap::new()),
            test_support: std::sync::OnceLock::new(),
            families: std::sync::OnceLock::new(),
            trybuild: std::sync::OnceLock::new(),
            run_by: std::sync::OnceLock::new(),
            data_users: std::sync::OnceLock::new(),
            tagline: std::sync::OnceLock::new(),
            alike_docs: std::sync::OnceLock::new(),
            shared_public_names: std::sync::OnceLock::new(),
            macro_writers: std::sync::OnceLock::new(),
            hierarchy: cartograph_graph::Hierarchy::build(index.files, index.graph),
            listed_in_readmes: BTreeMap::new(),
            named_documents: BTreeMap::new(),
            rust_paths: cartograph_graph::rust_public_paths(index.files),
            rust_crate_roots: cartograph_graph::rust_crate_roots(index.files),
            rust_conditions: rust_conditions(index.files),
        };
        let own_repositories = crate::markdown::own_github_repositories(
            context
                .index
                .texts
                .iter()
                .filter(|(path, _)| {
                    path.parent().is_empty() && cartograph_manifest::is_manifest(path)
                })
                .map(|(_, text)| text),
        );
        context.listed_in_readmes = crate::markdown::readme_listings(
            context
                .index
                .texts
                .iter()
                .filter(|(path, _)| is_readme(path.file_name())),
            &own_repositories,
            |path| context.files.contains_key(path) || context.dirs.contains(path),
        );
        context.named_documents =
            crate::named_documents::named_documents(&context, context.index.modules);
        // The paths a Rust crate's users write (`tracing_subscriber::FmtSubscriber`, a rename)
        // name something of the repository.
        let rust_paths: Vec<String> = context.rust_paths.values().cloned().collect();
        context.package_names.extend(rust_paths);
        // So do the crates a facade offers as its modules (`grep::searcher`).
        let mut offered = Vec::new();
        for (root, krate) in &context.rust_crate_roots {
            let Some(file) = context.files.get(root) else {
                continue;
            };
            for import in &file.parsed.imports {
                if import.kind == ImportKind::Reexport && !import.raw.contains("::") {
                    let alias = import.name.as_deref().unwrap_or(import.raw.as_str());
                    offered.push(format!("{krate}::{alias}"));
                }
            }
        }
        context.package_names.extend(offered);
        context.entry_points = crate::structural::find_entry_points(&context);
        context
    }

    pub fn file(&self, path: &str) -> Option<&'a FileMap> {
        self.files.get(path).copied()
    }

    /// Every file of this name (`decoder.py`), in path order.
    pub fn files_named(&self, name: &str) -> &[&'a FileMap] {
        self.files_by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Finds a file by its exact path, or by a path suffix on a component boundary that names
    /// exactly one file (`decoder.py`, `json/decoder.py`).
    pub fn find_file(&self, reference: &str) -> Option<&'a FileMap> {
        let reference = RepoPath::new(reference).ok()?;
        if let Some(file) = self.file(reference.as_str()) {
            return Some(file);
        }
        let candidates = self.files_by_name.get(reference.file_name())?;
        let suffix = format!("/{reference}");
        let mut found = candidates
            .iter()
            .filter(|file| file.path.as_str().ends_with(&suffix));
        let first = found.next()?;
        match found.next() {
            Some(_) => None,
            None => Some(*first),
        }
    }

    /// The summary text of a file, when a model wrote one.
    pub fn summary(&self, path: &RepoPath) -> Option<&'a str> {
        self.index
            .summaries
            .get(path)
            .map(|summary| summary.text.as_str())
    }

    /// What trybuild does with the Rust file at `path`, when a test compiles it as a case.
    pub(crate) fn trybuild_case(&self, path: &str) -> Option<&crate::trybuild::Case> {
        self.trybuild
            .get_or_init(|| crate::trybuild::cases(self.index.files, |path| self.text(path)))
            .get(path)
    }

    pub fn text(&self, path: &str) -> Option<&'a str> {
        let path = RepoPath::new(path).ok()?;
        self.index.texts.get(&path).map(String::as_str)
    }

    /// The macros (`name!`) whose expansions add to `target` (`Context::macro_writers`).
    pub fn macros_adding_to(&self, target: &MacroTarget) -> &[String] {
        let writers = self.macro_writers.get_or_init(|| {
            let mut writers: BTreeMap<MacroTarget, Vec<String>> = BTreeMap::new();
            for file in self.index.files {
                for (name, header) in &file.parsed.macro_impls {
                    let last = |written: &str| {
                        let bare = written.split('<').next().unwrap_or_default().trim();
                        bare.rsplit("::").next().unwrap_or_default().to_string()
                    };
                    let target = match header.split_once(" for ") {
                        // Only types the macro is given: a block for a named type is one type.
                        Some((implemented, ty)) if ty.contains('$') => {
                            MacroTarget::Implementors(last(implemented))
                        }
                        Some(_) => continue,
                        None if header.contains('$') => continue,
                        None => MacroTarget::Methods(last(header)),
                    };
                    let macros = writers.entry(target).or_default();
                    let name = format!("{name}!");
                    if !macros.contains(&name) {
                        macros.push(name);
                    }
                }
            }
            writers
        });
        writers.get(target).map_or(&[], Vec::as_slice)
    }

    pub fn module(&self, path: &str) -> Option<&'a Module> {
        self.index.modules.iter().find(|module| module.path == path)
    }

    /// The README's first paragraph, which `index.md` quotes as what the project is for.
    pub fn tagline(&self) -> Option<&str> {
        self.tagline
            .get_or_init(|| {
                self.readme()
                    .and_then(|(_, text)| crate::markdown::first_paragraph(text, 600))
            })
            .as_deref()
    }

    /// The root README's text, if the index holds one.
    pub fn readme(&self) -> Option<(&'a RepoPath, &'a str)> {
        self.readme_in("")
    }

    /// The README directly inside `dir` (`""` for the root).
    pub fn readme_in(&self, dir: &str) -> Option<(&'a RepoPath, &'a str)> {
        self.index
            .texts
            .iter()
            .filter(|(path, _)| path.parent() == dir && is_readme(path.file_name()))
            .filter(|(path, _)| self.files.contains_key(path.as_str()))
            .min_by_key(|(path, _)| readme_preference(path.file_name()))
            .map(|(path, text)| (path, text.as_str()))
    }

    /// `shared_public_names`, found once.
    pub fn shared_public_names(&self) -> &std::collections::HashSet<String> {
        self.shared_public_names.get_or_init(|| {
            let mut first_module: BTreeMap<&str, usize> = BTreeMap::new();
            let mut shared = std::collections::HashSet::new();
            for (at, module) in self.index.modules.iter().enumerate() {
                for path in &module.files {
                    let Some(file) = self.files.get(path.as_str()) else {
                        continue;
                    };
                    for (index, symbol) in file.parsed.symbols.iter().enumerate() {
                        if symbol.parent.is_some() || !self.index.graph.is_public(path, index) {
                            continue;
                        }
                        let first = *first_module.entry(symbol.name.as_str()).or_insert(at);
                        if first != at {
                            shared.insert(symbol.name.to_string());
                        }
                    }
                }
            }
            shared
        })
    }

    /// The manifest that `path` is, if it is one.
    pub fn manifest_at(&self, path: &RepoPath) -> Option<&Manifest> {
        self.manifests
            .binary_search_by(|manifest| manifest.path.cmp(path))
            .ok()
            .and_then(|at| self.manifests.get(at))
    }

    /// The manifests of one directory.
    pub fn manifests_in<'s>(&'s self, dir: &'s str) -> impl Iterator<Item = &'s Manifest> + 's {
        self.manifests
            .iter()
            .filter(move |manifest| manifest.path.parent() == dir)
    }

    /// The project's name: the root manifest's package name, else the directory name.
    pub fn project_name(&self) -> String {
        project_name_of(self.manifests_in(""), self.index.root_name)
    }

    /// A citation of a symbol that names it unambiguously inside its file (`path#name`,
    /// `path#Parent.name`, or a line span when neither is unique), shown as the name in code.
    pub fn symbol_citation(&self, file: &FileMap, symbol: &Symbol) -> String {
        self.symbol_citation_as(file, symbol, &symbol.name)
    }

    /// `symbol_citation` shown as `shown` (`app.use` for a member of an object that is no symbol).
    /// The type symbol `at` of `file` as the hierarchy names it.
    pub fn type_at(&self, file: &FileMap, at: usize) -> Option<cartograph_graph::TypeAt> {
        let index = self
            .index
            .files
            .binary_search_by(|known| known.path.cmp(&file.path))
            .ok()?;
        Some((index as u32, at as u32))
    }

    /// The file and symbol of a type the hierarchy names.
    pub fn type_of(
        &self,
        (file, symbol): cartograph_graph::TypeAt,
    ) -> Option<(&'a FileMap, &'a Symbol)> {
        let file = self.index.files.get(file as usize)?;
        Some((file, file.parsed.symbols.get(symbol as usize)?))
    }

    /// What the types of `files` implement and what implements them, one line per type with
    /// any, for a page's inputs: a type of another module that comes to implement one of
    /// them changes the page.
    pub fn hierarchy_facts(&self, files: &[&FileMap]) -> String {
        let mut out = String::new();
        let label = |at: cartograph_graph::TypeAt| {
            self.type_of(at)
                .map(|(file, symbol)| format!("{}:{}", file.path, symbol.name))
                .unwrap_or_default()
        };
        for file in files {
            let Some((index, _)) = self.type_at(file, 0) else {
                continue;
            };
            for (at, symbol) in file.parsed.symbols.iter().enumerate() {
                let node = (index, at as u32);
                if self.hierarchy.supertypes(node).is_empty()
                    && self.hierarchy.subtypes(node).is_empty()
                {
                    continue;
                }
                let up: Vec<String> = self
                    .hierarchy
                    .supertypes(node)
                    .iter()
                    .map(|supertype| match supertype {
                        cartograph_graph::Supertype::Defined(at) => label(*at),
                        cartograph_graph::Supertype::Named(name) => name.to_string(),
                    })
                    .collect();
                let down: Vec<String> = self
                    .hierarchy
                    .subtypes(node)
                    .iter()
                    .map(|at| label(*at))
                    .collect();
                if !up.is_empty() || !down.is_empty() {
                    out.push_str(&format!(
                        "type {} {} up {} down {}\n",
                        file.path,
                        symbol.name,
                        up.join(","),
                        down.join(",")
                    ));
                }
            }
        }
        out
    }

    pub fn symbol_citation_as(&self, file: &FileMap, symbol: &Symbol, shown: &str) -> String {
        let target = symbol_target(file, symbol);
        let label = crate::markdown::code_span(shown);
        if label.contains("]]") {
            format!("[[{target}]]")
        } else {
            format!("[[{target}|{label}]]")
        }
    }
}

fn symbol_target(file: &FileMap, symbol: &Symbol) -> String {
    let symbols = &file.parsed.symbols;
    let same_name = symbols
        .iter()
        .filter(|other| other.name == symbol.name)
        .count();
    if same_name == 1 && is_citable_name(&symbol.name) {
        return format!("{}#{}", file.path, symbol.name);
    }
    if let Some(parent) = &symbol.parent {
        let same_parent = symbols
            .iter()
            .filter(|other| other.name == symbol.name && other.parent.as_ref() == Some(parent))
            .count();
        if same_parent == 1 && is_citable_name(parent) && is_citable_name(&symbol.name) {
            return format!("{}#{}.{}", file.path, parent, symbol.name);
        }
    }
    line_target(file, symbol.line, symbol.end_line)
}

/// `path:a-b`, clamped to the file's lines.
fn line_target(file: &FileMap, line: u32, end_line: u32) -> String {
    let last = file.lines.max(1);
    let start = line.clamp(1, last);
    let end = end_line.clamp(start, last);
    if start == end {
        format!("{}:{}", file.path, start)
    } else {
        format!("{}:{}-{}", file.path, start, end)
    }
}

/// Names that survive inside `[[path#name]]` unchanged: no brackets, pipes or spaces.
fn is_citable_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '-' | '!' | '?'))
}

/// A hand-written document: Markdown, reStructuredText or AsciiDoc that is no README and no
/// changelog.
/// What a document names in code: in code spans and Sphinx directives, which name the code
/// on purpose, and only in code blocks, where a plain word may be anything's (koa's
/// `JSON.stringify` is no mention of its `stringify`).
pub(crate) struct DocMentions {
    pub spans: BTreeSet<String>,
    pub blocks: BTreeSet<String>,
}

pub(crate) fn is_document(path: &RepoPath) -> bool {
    let name = path.file_name();
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(
        path.extension(),
        Some("md" | "mdx" | "rst" | "adoc" | "markdown")
    ) && !is_readme(name)
        && !matches!(
            stem.as_str(),
            "changelog" | "changes" | "history" | "news" | "release-notes" | "license"
        )
}

/// The identifiers inside the inline code spans of a Markdown or reStructuredText text
/// (`` `Request` ``, ``` ``Request`` ```) and of its Sphinx object directives (`..
/// autofunction:: jwt.encode`): what a document names of the code.
///
/// With `members` false, a member a type path names is left out (see
/// [`without_type_members`]): what says a document explains a module; with it, kept for the
/// order of a type's methods.
fn code_span_identifiers(text: &str, members: bool) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        // Sphinx's object directives name the code they document (pyjwt's `docs/api.rst`:
        // `.. autofunction:: jwt.encode`, `.. autoclass:: jwt.PyJWT`).
        if let Some((directive, target)) = trimmed
            .strip_prefix(".. ")
            .and_then(|rest| rest.split_once("::"))
        {
            let directive = directive.rsplit(':').next().unwrap_or(directive);
            let documents_code = directive.starts_with("auto")
                || matches!(
                    directive,
                    "function"
                        | "class"
                        | "method"
                        | "attribute"
                        | "exception"
                        | "data"
                        // cachetools' `.. decorator:: lru_cache(user_function)`.
                        | "decorator"
                        | "decoratormethod"
                        | "classmethod"
                        | "staticmethod"
                        | "property"
                );
            if documents_code {
                names.extend(
                    target
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .filter(|word| word.len() >= 3)
                        .filter(|word| word.chars().next().is_some_and(|c| !c.is_ascii_digit()))
                        .map(str::to_string),
                );
            }
            continue;
        }
        // Odd pieces between backticks are code (rST's double backticks read as single).
        let line = line.replace("``", "`");
        for (at, piece) in line.split('`').enumerate() {
            if at % 2 == 1 {
                // A PHP name names its class, not its namespaces (monolog's
                // `Monolog\Handler\HandlerInterface` is no mention of a class `Handler`).
                let piece: String = piece
                    .split(' ')
                    .map(|word| word.rsplit('\\').next().unwrap_or(word))
                    .collect::<Vec<_>>()
                    .join(" ");
                let piece = if members {
                    piece
                } else {
                    without_type_members(&piece)
                };
                names.extend(
                    piece
                        // `Content-Type` is a header, not the identifier `Content`.
                        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                        .filter(|word| !word.contains('-'))
                        .filter(|word| word.chars().next().is_some_and(|c| !c.is_ascii_digit()))
                        .filter(|word| word.len() >= 3)
                        .map(str::to_string),
                );
            }
        }
    }
    names
}

/// `text` without the members a type path names (`TextDiff::diff_lines` is `TextDiff`): a
/// member of a type is no mention of a free function of its name (similar's
/// `fuzz/README.md` and `utils::diff_lines`). A module's path (`utils::diff_lines`) keeps it.
fn without_type_members(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("::") {
        let before = &rest[..at];
        let owner_start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |start| start + 1);
        let is_type = before[owner_start..].starts_with(|c: char| c.is_ascii_uppercase());
        kept.push_str(before);
        let after = &rest[at + 2..];
        if is_type {
            let member_end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            kept.push(' ');
            rest = &after[member_end..];
        } else {
            kept.push_str("::");
            rest = after;
        }
    }
    kept.push_str(rest);
    kept
}

/// The identifiers a Markdown or reStructuredText text writes as code: in its code spans and
/// in its code blocks (fenced, or indented under a `::` or `.. code-block::`), once each.
fn code_identifiers(text: &str) -> BTreeSet<String> {
    code_identifiers_and_imports(text, true).0
}

/// True for a line of code that imports names (`import { persist } from 'zustand/middleware'`,
/// `from tenacity import retry`, `use bytes::Buf;`, `const x = require('y')`).
fn is_import_line(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("import ")
        || (line.starts_with("from ") && line.contains(" import "))
        || line.starts_with("use ")
        || line.starts_with("export {")
        || line.contains("require(")
}

/// [`code_identifiers`], and apart those a code block imports by name: an import names the
/// project's own API whatever the word (zustand's README imports `persist` and `immer`,
/// plain words elsewhere).
fn code_identifiers_and_imports(text: &str, members: bool) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut imported = BTreeSet::new();
    let mut names = code_span_identifiers(text, members);
    let mut in_fence = false;
    let mut in_rst_block = false;
    let mut in_rst_text = false;
    // A fenced terminal session (`$ node example.js` and what it prints) is output, not code.
    let mut fence_opened = false;
    let mut in_session = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            fence_opened = in_fence;
            in_session = false;
            continue;
        }
        if std::mem::take(&mut fence_opened) && trimmed.starts_with("$ ") {
            in_session = true;
        }
        if in_session {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if in_rst_block && !indented && !trimmed.is_empty() {
            in_rst_block = false;
        }
        // A doctest's lines (`>>> from tomlkit import parse`) are code wherever they stand; what
        // follows `#` in them is a comment (`foo = "bar"  # String`), not a name.
        let doctest = trimmed.starts_with(">>> ") || trimmed.starts_with("... ");
        let line = if doctest {
            let code = &trimmed[4..];
            code.split_once(" #").map_or(code, |(code, _)| code)
        } else {
            line
        };
        if in_rst_text && indented && !in_fence && !doctest {
            // A directive's text (sphinx-design's `.. grid::` cards, a `.. list-table::`)
            // names code only by a word no prose has: `StrictSoftFileLock`, `acquire_lock`;
            // a table's header "Algorithm" is no class.
            names.extend(
                line.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .filter(|word| is_compound_identifier(word))
                    .map(str::to_string),
            );
        }
        if in_rst_text && !indented && !trimmed.is_empty() {
            in_rst_text = false;
        }
        if in_fence || (in_rst_block && indented) || doctest {
            // Words in a string literal are text, not code (p-queue's README queues tasks
            // named "Queue …", which named its `Queue` type).
            let code = without_comment(&without_strings(line));
            let words = code
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|word| word.len() >= 3)
                .filter(|word| word.chars().next().is_some_and(|c| !c.is_ascii_digit()))
                .map(str::to_string);
            if is_import_line(line) {
                imported.extend(words.clone());
            }
            names.extend(words);
        }
        // A paragraph ending `::` opens a literal block, and so do the directives of code;
        // another directive's body is text (pyjwt's `.. list-table::` of algorithms, whose
        // header cell "Algorithm" named no class).
        let opens_code = match trimmed.strip_prefix(".. ") {
            Some(directive) => [
                "code",
                "sourcecode",
                "testcode",
                "doctest",
                "ipython",
                "literalinclude",
            ]
            .iter()
            .any(|code| directive.starts_with(code)),
            None => trimmed.ends_with("::"),
        };
        if opens_code {
            in_rst_block = true;
        } else if trimmed.starts_with(".. ") && trimmed.contains("::") {
            in_rst_text = true;
        }
    }
    (names, imported)
}

/// True for a word prose does not write: `CamelCase` with a capital after a small letter
/// (`StrictSoftFileLock`, `readFile`), or `snake_case` (`acquire_lock`).
fn is_compound_identifier(word: &str) -> bool {
    let starts_alphabetic = word.chars().next().is_some_and(char::is_alphabetic);
    let snake = word.contains('_') && word.chars().any(char::is_alphabetic);
    let camel = word
        .chars()
        .zip(word.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    starts_alphabetic && word.len() >= 3 && (snake || camel)
}

/// `code` up to a line comment (`// …`, `# …`); a string's text is already left out.
fn without_comment(code: &str) -> String {
    let mut end = code.find("//").unwrap_or(code.len());
    if let Some(at) = code.match_indices("# ").map(|(at, _)| at).find(|&at| {
        code[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace)
    }) {
        end = end.min(at);
    }
    code[..end].to_string()
}

/// `line` with the text of its string literals (`"…"`, `'…'`, `` `…` ``) left out; a
/// backslash escapes the character after it.
fn without_strings(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, &c) in chars.iter().enumerate() {
        match quote {
            Some(_) if std::mem::take(&mut escaped) => {}
            Some(_) if c == '\\' => escaped = true,
            Some(open) if c == open => {
                quote = None;
                out.push(c);
            }
            Some(_) => {}
            None => {
                // A quote opens a string it closes on the line; Rust's lifetimes (`&'a str`,
                // `<'a>`) open none.
                let before = at.checked_sub(1).map(|at| chars[at]);
                let lifetime = c == '\''
                    && before.is_some_and(|b| b.is_alphanumeric() || matches!(b, '&' | '<'));
                if matches!(c, '"' | '\'' | '`') && !lifetime && chars[at + 1..].contains(&c) {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// True for a manifest that is test data: under the tests, in a directory of fixtures (`fixtures`,
/// `testdata`, `examples`, …) or one that holds no code.
fn is_fixture_manifest(path: &RepoPath, code_dirs: &BTreeSet<&str>) -> bool {
    const DATA_DIRS: &[&str] = &[
        "fixtures",
        "fixture",
        "__fixtures__",
        "testdata",
        "test-data",
        "test_data",
        "data",
        "samples",
        "examples",
        "resources",
    ];
    cartograph_graph::is_test_path(path)
        && (path.parent().split('/').any(|dir| DATA_DIRS.contains(&dir))
            || !code_dirs.contains(path.parent()))
}

/// True for a README; zap's `internal/readme/readme.go`, the program that writes its README,
/// is code.
pub(crate) fn is_readme(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower == "readme"
        || (lower.starts_with("readme.")
            && !cartograph_core::Language::from_file_name(file_name).is_code())
}

fn readme_preference(file_name: &str) -> (u8, &str) {
    let lower = file_name.to_ascii_lowercase();
    let rank = match lower.as_str() {
        "readme.md" => 0,
        "readme.markdown" | "readme.rst" => 1,
        "readme.txt" | "readme" => 2,
        _ => 3,
    };
    (rank, file_name)
}

/// The first of the root `manifests` that names its package, else the directory's name.
pub(crate) fn project_name_of<'m>(
    mut manifests: impl Iterator<Item = &'m Manifest>,
    root_name: &str,
) -> String {
    manifests
        .find_map(|manifest| {
            let name = manifest.name.as_deref()?;
            if manifest.ecosystem != "go" {
                return Some(name.to_string());
            }
            // A Go module is named by its path (`github.com/go-chi/chi/v5`); people call it
            // by the last element that is no major version (`chi`).
            let is_version = |part: &&str| {
                part.strip_prefix('v')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            };
            name.rsplit('/')
                .find(|part| !part.is_empty() && !is_version(part))
                .map(str::to_string)
        })
        .unwrap_or_else(|| {
            if root_name.trim().is_empty() {
                "Project".to_string()
            } else {
                root_name.trim().to_string()
            }
        })
}

/// A `package.json` without a pinned `packageManager` is run with the tool whose lock file
/// sits beside it or above it (immer's `yarn.lock`: `npm install` fails there on a peer range
/// yarn only warns about), unless npm's own lock file is there too.
fn use_the_locked_package_manager(manifests: &mut [Manifest], files: &[FileMap]) {
    let locks: Vec<(&str, &str)> = files
        .iter()
        .filter_map(|file| {
            let tool = match file.path.file_name() {
                "yarn.lock" => "yarn",
                "pnpm-lock.yaml" => "pnpm",
                "bun.lockb" | "bun.lock" => "bun",
                "package-lock.json" | "npm-shrinkwrap.json" => "npm",
                _ => return None,
            };
            Some((file.path.parent(), tool))
        })
        .collect();
    for manifest in manifests
        .iter_mut()
        .filter(|manifest| manifest.path.file_name() == "package.json")
    {
        let dir = manifest.path.parent();
        let within = |lock_dir: &str| {
            lock_dir.is_empty() || dir == lock_dir || dir.starts_with(&format!("{lock_dir}/"))
        };
        // The nearest directory with a lock file, and the tools locked there.
        let Some(nearest) = locks
            .iter()
            .filter(|(lock_dir, _)| within(lock_dir))
            .map(|(lock_dir, _)| *lock_dir)
            .max_by_key(|lock_dir| lock_dir.len())
        else {
            continue;
        };
        let tools: BTreeSet<&str> = locks
            .iter()
            .filter(|(lock_dir, _)| *lock_dir == nearest)
            .map(|(_, tool)| *tool)
            .collect();
        let tool = match tools.iter().copied().collect::<Vec<_>>().as_slice() {
            [only] if *only != "npm" => *only,
            _ => continue,
        };
        for command in &mut manifest.commands {
            let Some(rest) = command.command.strip_prefix("npm ") else {
                continue;
            };
            command.command = match (tool, rest.strip_prefix("run ")) {
                ("bun", None) if rest != "install" => format!("bun run {rest}"),
                (_, Some(script)) => format!("{tool} run {script}"),
                (_, None) => format!("{tool} {rest}"),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(path: &str, text: &str) -> String {
        let path = RepoPath::new(path).unwrap_or_else(|_| unreachable!());
        let manifest = parse_manifest(&path, text);
        project_name_of(manifest.iter(), "checkout")
    }

    /// p-queue's README adds tasks named "Queue …" in its examples: words of a string are
    /// no names; a Rust lifetime opens no string.
    #[test]
    fn words_in_a_code_blocks_strings_are_no_names() {
        let text = "```js\nqueue.add(() => fetch('Queue of tasks'), {id: \"Task \\\"Job\\\"\"});\nconst queue = new PQueue(); // Queue Idle\n```\n\n```rust\nfn parse<'a>(input: &'a str) -> Parser<'a> {}\n```\n\n```\n$ node example.js\n3. Queue size: 1\n```\n\n```python\nrun()  # Waits for Tasks\n```\n";
        let names = code_identifiers(text);
        for name in [
            "queue", "add", "fetch", "PQueue", "parse", "input", "Parser", "str",
        ] {
            assert!(names.contains(name), "{name}: {names:?}");
        }
        for name in [
            "Queue", "tasks", "Task", "Job", "Idle", "size", "Waits", "example",
        ] {
            assert!(!names.contains(name), "{name}: {names:?}");
        }
    }

    /// pyjwt's `docs/algorithms.rst`: a `.. list-table::` body is text, a `.. code-block::`
    /// body and a literal block after `::` are code.
    #[test]
    fn only_the_code_directives_of_restructured_text_hold_code() {
        let text = ".. list-table::\n   :header-rows: 1\n\n   * - Algorithm\n     - Minimum\n\n.. code-block:: python\n\n    encoded = jwt.encode(payload)\n\nLike this::\n\n    decoded = decode_token(encoded)\n";
        let names = code_identifiers(text);
        for name in ["encoded", "encode", "payload", "decoded", "decode_token"] {
            assert!(names.contains(name), "{name}: {names:?}");
        }
        for name in ["Algorithm", "Minimum", "header"] {
            assert!(!names.contains(name), "{name}: {names:?}");
        }
        // filelock's `.. grid::` cards name its classes in bold.
        let grid = ".. grid:: 1 2 2 2\n\n    .. grid-item-card::\n\n        **StrictSoftFileLock**\n\n        Raises when the lock file exists, via acquire_lock.\n";
        let names = code_identifiers(grid);
        for name in ["StrictSoftFileLock", "acquire_lock"] {
            assert!(names.contains(name), "{name}: {names:?}");
        }
        for name in ["Raises", "grid", "lock"] {
            assert!(!names.contains(name), "{name}: {names:?}");
        }
    }

    /// monolog's `doc/04-extending.md` writes `Monolog\Handler\HandlerInterface`: a mention of
    /// the interface, not of a class named `Handler`.
    #[test]
    fn a_php_name_in_a_code_span_names_its_class_only() {
        let names = code_span_identifiers(
            "Implement `Monolog\\Handler\\HandlerInterface` or extend `Logger`.\n",
            false,
        );
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(names, ["HandlerInterface", "Logger"]);
    }

    /// similar's `fuzz/README.md` writes `TextDiff::diff_lines`: a mention of the type, not of
    /// the free function `utils::diff_lines`, which a module path names.
    #[test]
    fn a_member_of_a_type_path_is_no_mention_of_a_function() {
        let names = code_span_identifiers(
            "Run `TextDiff::diff_lines` or `utils::diff_chars` on `Algorithm::Myers`.\n",
            false,
        );
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(names, ["Algorithm", "TextDiff", "diff_chars", "utils"]);
    }

    /// pyjwt's `docs/api.rst` documents its API with Sphinx directives, not code spans;
    /// cachetools' with `.. decorator::` too.
    #[test]
    fn sphinx_object_directives_name_the_code_they_document() {
        let names = code_span_identifiers(
            ".. module:: jwt\n\n.. autofunction:: jwt.encode\n.. py:class:: PyJWKClient(uri)\n.. note:: Not code.\n.. decorator:: lru_cache(user_function)\n",
            false,
        );
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "PyJWKClient",
                "encode",
                "jwt",
                "lru_cache",
                "uri",
                "user_function"
            ]
        );
    }

    #[test]
    fn a_go_module_is_called_by_its_last_element_that_is_no_version() {
        assert_eq!(
            named("go.mod", "module github.com/go-chi/chi/v5\n\ngo 1.20\n"),
            "chi"
        );
        assert_eq!(named("go.mod", "module github.com/spf13/cobra\n"), "cobra");
        assert_eq!(named("go.mod", "module v2\n"), "checkout");
        assert_eq!(
            named("package.json", r#"{"name": "@trpc/server"}"#),
            "@trpc/server"
        );
        assert_eq!(named("README.md", "# x\n"), "checkout");
    }

    #[test]
    fn a_readme_is_a_document_not_the_program_that_writes_one() {
        for readme in ["README.md", "readme.rst", "README", "README.txt"] {
            assert!(is_readme(readme), "{readme}");
        }
        for code in ["readme.go", "readme.py", "README.rs", "readmes.md"] {
            assert!(!is_readme(code), "{code}");
        }
    }
}
