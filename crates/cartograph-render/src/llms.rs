//! `llms.txt` (llmstxt.org's shape: `# Project`, `> summary`, sections of links): a condensed map
//! for coding agents that fits a token budget. When the full map is too long, detail goes least
//! central first: file symbol lists, then whole file entries (a file keeps its description as
//! long as it is listed), then module descriptions and modules. Links are relative to the docs folder, where the file lives.

use crate::context::{Context, DocIndex};
use crate::markdown::{first_line, first_paragraph};
use crate::page::PageKind;
use crate::paths::{link_to_source, page_path};
use crate::structural::plural;
use cartograph_core::{FileMap, Language, SymbolKind};
use std::collections::BTreeMap;
use std::fmt::Write;

const MAX_SYMBOLS_PER_FILE: usize = 8;

struct FileEntry {
    path: String,
    link: String,
    about: Option<String>,
    symbols: Vec<String>,
    /// `symbols` are the file's public ones, its private definitions left out.
    public_only: bool,
}

struct ModuleEntry {
    title: String,
    link: String,
    about: Option<String>,
}

/// How much of each entry to keep; entries are ordered most central first.
struct Detail {
    file_symbols: usize,
    file_about: usize,
    files: usize,
    module_about: usize,
    modules: usize,
    header: bool,
}

struct Map {
    title: String,
    summary: Option<String>,
    docs: Vec<(String, String, String)>,
    modules: Vec<ModuleEntry>,
    files: Vec<FileEntry>,
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn link_text(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

impl Map {
    fn render(&self, detail: &Detail, commit: Option<&str>) -> String {
        let mut out = format!("# {}\n", one_line(&self.title));
        if detail.header {
            if let Some(summary) = &self.summary {
                let _ = write!(out, "\n> {}\n", one_line(summary));
            }
            let _ = write!(out, "\n{}\n", intro(commit));
            out.push_str("\n## Docs\n\n");
            for (title, link, about) in &self.docs {
                let _ = writeln!(out, "- [{title}]({link}): {about}");
            }
        }
        let modules = detail.modules.min(self.modules.len());
        if modules > 0 {
            out.push_str("\n## Modules\n\n");
            let mut shown: Vec<(usize, &ModuleEntry)> =
                self.modules.iter().enumerate().take(modules).collect();
            shown.sort_by(|a, b| a.1.title.cmp(&b.1.title));
            for (rank, module) in shown {
                let _ = write!(out, "- [{}]({})", link_text(&module.title), module.link);
                if let (true, Some(about)) = (rank < detail.module_about, &module.about) {
                    let _ = write!(out, ": {}", one_line(about));
                }
                out.push('\n');
            }
            if self.modules.len() > modules {
                let _ = writeln!(
                    out,
                    "- and {} more modules: see [index.json](index.json)",
                    self.modules.len() - modules
                );
            }
        }
        let files = detail.files.min(self.files.len());
        if files > 0 {
            out.push_str("\n## Files\n\n");
            let mut shown: Vec<(usize, &FileEntry)> =
                self.files.iter().enumerate().take(files).collect();
            shown.sort_by(|a, b| a.1.path.cmp(&b.1.path));
            for (rank, file) in shown {
                let _ = write!(out, "- [{}]({})", link_text(&file.path), file.link);
                if let (true, Some(about)) = (rank < detail.file_about, &file.about) {
                    let _ = write!(out, ": {}", one_line(about));
                }
                if rank < detail.file_symbols && !file.symbols.is_empty() {
                    // A list of the public names alone says so (pkg/errors' `errors.go`: its
                    // unexported types are left out), as what the file exports: not all of
                    // them are the package's API (ky's `core/constants.ts`).
                    let label = if file.public_only {
                        "Exported symbols"
                    } else {
                        "Symbols"
                    };
                    let _ = write!(out, " {label}: {}", file.symbols.join(", "));
                }
                out.push('\n');
            }
        }
        if self.files.len() > files {
            let _ = writeln!(
                out,
                "\n{} more files are listed in [index.json](index.json).",
                self.files.len() - files
            );
        }
        out
    }

    /// The degradation after `cut` steps, in the order detail is given up.
    fn detail(&self, cut: usize) -> Detail {
        let n = self.files.len();
        let m = self.modules.len();
        let mut remaining = cut;
        let mut take = |limit: usize| {
            let used = remaining.min(limit);
            remaining -= used;
            limit - used
        };
        // A file's description goes with its entry: a bare link says nothing an agent could
        // not list itself (ramsey/uuid's map was 253 bare links of 291), and the files left
        // out are in `index.json` and on their modules' pages.
        let file_symbols = take(n);
        let files = take(n);
        let file_about = files;
        let module_about = take(m);
        let modules = take(m);
        let header = take(1) == 1;
        Detail {
            file_symbols,
            file_about,
            files,
            module_about,
            modules,
            header,
        }
    }

    fn steps(&self) -> usize {
        2 * self.files.len() + 2 * self.modules.len() + 1
    }
}

/// A file's API for the map: public symbols by rank, constants last; a file with no public
/// symbol shows its top-level definitions the same way.
fn public_symbols(graph: &cartograph_graph::Graph, file: &FileMap) -> Vec<String> {
    let facts = graph.symbol_facts(&file.path);
    // A Python module's `__getattr__` is a hook of the import system, and `__lazy_modules__`
    // a setting: no name a user calls (module metadata such as `__version__` stays).
    let hook = |symbol: &cartograph_core::Symbol| {
        file.language == Language::Python
            && symbol.name.len() > 4
            && symbol.name.starts_with("__")
            && symbol.name.ends_with("__")
            && !matches!(
                symbol.name.as_str(),
                "__version__" | "__author__" | "__title__" | "__license__"
            )
    };
    let listed = |symbol: &cartograph_core::Symbol| {
        symbol.parent.is_none()
            && !hook(symbol)
            && !matches!(
                symbol.kind,
                SymbolKind::Heading
                    | SymbolKind::Impl
                    | SymbolKind::Field
                    | SymbolKind::Variable
                    | SymbolKind::Module
            )
    };
    // A public variable is API too (mux's `ErrNotFound`), listed last with the constants.
    let mut symbols: Vec<(usize, &cartograph_core::Symbol)> = file
        .parsed
        .symbols
        .iter()
        .enumerate()
        .filter(|(at, symbol)| {
            (listed(symbol) || symbol.parent.is_none() && symbol.kind == SymbolKind::Variable)
                && facts.is_public(*at)
        })
        .collect();
    if symbols.is_empty() {
        // A file the package does not offer (a test helper) is read for what it exports:
        // meow's `test/_utils.js` exports `_verifyCli`, and keeps `getFixture` to itself.
        let exported = |symbol: &cartograph_core::Symbol| {
            symbol.visibility == Some(cartograph_core::Visibility::Public)
        };
        let exports = matches!(
            file.language,
            Language::JavaScript | Language::TypeScript | Language::Tsx
        ) && file.parsed.symbols.iter().any(&exported);
        symbols = file
            .parsed
            .symbols
            .iter()
            .enumerate()
            // Whatever their visibility: a binary's `fn main` is private and what it is about.
            // Its top-level variables count too (gorilla/schema's `cache.go`: "and 2 more" had
            // left out `errInvalidPath`).
            .filter(|(_, symbol)| {
                (listed(symbol) || symbol.parent.is_none() && symbol.kind == SymbolKind::Variable)
                    && if exports {
                        exported(symbol)
                    } else {
                        !symbol.name.starts_with('_')
                    }
            })
            .collect();
    }
    symbols.sort_by(|(a_at, a), (b_at, b)| {
        let constant = |symbol: &cartograph_core::Symbol| {
            matches!(symbol.kind, SymbolKind::Constant | SymbolKind::Variable)
        };
        constant(a)
            .cmp(&constant(b))
            .then(facts.rank(*b_at).total_cmp(&facts.rank(*a_at)))
            .then(a.line.cmp(&b.line))
    });
    let mut seen = std::collections::BTreeSet::new();
    // A definition exported only under another name (chalk's `export { stdoutColor as
    // supportsColor }`) is listed by that name, below.
    let mut names: Vec<String> = symbols
        .iter()
        .filter(|(_, symbol)| file.parsed.exported_as(&symbol.name).is_none())
        .filter(|(_, symbol)| seen.insert(symbol.name.as_str()))
        .map(|(_, symbol)| one_line(&symbol.name))
        .collect();
    // What a JavaScript or TypeScript file exports by name from another (p-queue's
    // `source/index.ts`: `export {type Queue} from './queue.js'`) is its API too.
    for (outer, _) in &file.parsed.clause_exports {
        let plain = outer
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
        if plain && outer != "default" && seen.insert(outer.as_str()) {
            names.push(one_line(outer));
        }
    }
    // A list cut short says so (cast's `zz_generated.go` has 45 functions, not 8).
    if names.len() > MAX_SYMBOLS_PER_FILE {
        let more = names.len() - MAX_SYMBOLS_PER_FILE;
        names.truncate(MAX_SYMBOLS_PER_FILE);
        names.push(format!("and {more} more"));
    }
    names
}

/// Whether `public_symbols` lists the public names of a file that also has private
/// top-level definitions.
fn leaves_out_private(graph: &cartograph_graph::Graph, file: &FileMap) -> bool {
    let facts = graph.symbol_facts(&file.path);
    let top = |symbol: &cartograph_core::Symbol| {
        symbol.parent.is_none()
            && !matches!(
                symbol.kind,
                SymbolKind::Heading | SymbolKind::Impl | SymbolKind::Field | SymbolKind::Module
            )
    };
    let symbols = || {
        file.parsed
            .symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| top(s))
    };
    symbols().any(|(at, _)| facts.is_public(at)) && symbols().any(|(at, _)| !facts.is_public(at))
}

/// How many files and lines the index holds, in how many modules, mostly of which language:
/// what the overview page says, in numbers rather than in kinds of content.
fn overview_about(context: &Context) -> String {
    // As the overview counts them: the files the scan read.
    let files: Vec<&FileMap> = context
        .index
        .files
        .iter()
        .filter(|file| !file.flags.never_read())
        .collect();
    let lines: u64 = files.iter().map(|file| u64::from(file.lines)).sum();
    // Type declarations and type tests run nothing: ansi-styles is JavaScript with an
    // `index.d.ts` and an `index.test-d.ts` that outweigh it in lines.
    let declares_types = |file: &FileMap| {
        let name = file.path.file_name();
        [".d.ts", ".d.mts", ".d.cts"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
            || name.contains(".test-d.")
    };
    let code: Vec<&&FileMap> = files
        .iter()
        .filter(|file| file.language.is_code())
        .collect();
    let runs: Vec<&&FileMap> = code
        .iter()
        .copied()
        .filter(|file| !declares_types(file))
        .collect();
    let mut by_language: BTreeMap<String, u64> = BTreeMap::new();
    for file in if runs.is_empty() { code } else { runs } {
        *by_language.entry(file.language.to_string()).or_default() += u64::from(file.lines);
    }
    // The code's language, not the files' (tomli's 15 Python files beside 954 of test data).
    let main = match by_language.len() {
        0 => String::new(),
        1 => by_language
            .keys()
            .next()
            .map(|language| format!(", its code in {language}"))
            .unwrap_or_default(),
        _ => by_language
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(language, _)| format!(", its code mostly {language}"))
            .unwrap_or_default(),
    };
    let modules = context.index.modules.len();
    format!(
        "what the project is: {} ({} lines) in {}{main}",
        plural(files.len(), "file", "files"),
        lines,
        plural(modules, "module", "modules"),
    )
}

/// What the architecture page shows, with the files most of the code uses named.
pub(crate) fn architecture_about(context: &Context, several: bool) -> String {
    const NAMED: usize = 2;
    // The architecture page's central files, in its order.
    let central = crate::structural::central_files(context, NAMED);
    let named: Vec<String> = central
        .iter()
        .take(NAMED)
        .map(|file| crate::markdown::code_span(file.path.as_str()))
        .collect();
    // Central by the graph's rank, as the page's table says; not "most used" (same-file's
    // `src/unix.rs`, central beside `lib.rs`, is used by one file).
    let most_used = match named.as_slice() {
        [] => String::new(),
        [only] => format!("its central file, {only}"),
        [first, second, ..] => format!("its central files, {first} and {second}"),
    };
    // pflag's two modules import nothing of each other: no diagram is drawn.
    let modules = if several && context.module_edges.iter().any(|edge| edge.from != edge.to) {
        format!(
            "the {} modules and a diagram of how they depend on each other",
            context.index.modules.len()
        )
    } else if several {
        format!(
            "the {} modules, none of which imports another",
            context.index.modules.len()
        )
    } else {
        String::new()
    };
    match (modules.is_empty(), most_used.is_empty()) {
        (true, true) => "the files and how they are laid out".to_string(),
        (true, false) => most_used,
        (false, true) => modules,
        (false, false) => format!("{modules}; {most_used}"),
    }
}

/// What the onboarding page gives a reader, with the command that runs the tests.
pub(crate) fn onboarding_about(context: &Context, several: bool) -> String {
    let test = context
        .manifests
        .iter()
        .flat_map(|manifest| &manifest.commands)
        .find(|command| command.purpose.starts_with("run the tests") && command.condition.is_none())
        .map(|command| format!(" (`{}`)", one_line(&command.command).replace('`', "")))
        .unwrap_or_default();
    let order = if several { ", a reading order" } else { "" };
    format!("where to start reading, how to build and test{test}{order}")
}

/// How many external dependencies the manifests declare, the first few named.
pub(crate) fn dependencies_about(context: &Context) -> String {
    const NAMED: usize = 3;
    let mut names: Vec<&str> = Vec::new();
    for manifest in &context.manifests {
        for dependency in manifest
            .dependencies
            .iter()
            .filter(|dependency| dependency.platform.is_none())
        {
            // `tomli_w` and `tomli-w` are one PyPI project.
            let key = |name: &str| name.to_ascii_lowercase().replace(['_', '.'], "-");
            if !names
                .iter()
                .any(|known| key(known) == key(&dependency.name))
            {
                names.push(&dependency.name);
            }
        }
    }
    let spans: Vec<String> = names
        .iter()
        .take(NAMED)
        .map(|name| crate::markdown::code_span(name))
        .collect();
    let external = match names.len() {
        0 => "no external dependency declared".to_string(),
        1 => format!("1 external dependency, {}", spans[0]),
        n if n <= NAMED => format!(
            "{n} external dependencies, {}",
            crate::structural::join_and(&spans)
        ),
        n => format!(
            "{n} external dependencies ({}, {} and {} more)",
            spans[0],
            spans[1],
            n - 2
        ),
    };
    if context.index.modules.len() > 1 {
        format!("{external}; which modules import which")
    } else {
        external
    }
}

/// The line under the summary, naming the commit the map describes.
fn intro(commit: Option<&str>) -> String {
    let mut intro = String::from("A condensed map of this repository, generated by cartograph");
    if let Some(commit) = commit {
        let _ = write!(intro, " at commit {}", one_line(commit));
    }
    intro.push_str(". Links are relative to this file; the pages below describe the code with citations to source lines.");
    intro
}

fn build(context: &Context) -> Map {
    let index = context.index;
    let graph = index.graph;
    let title = context.project_name();
    let summary = context
        .readme()
        .and_then(|(_, text)| first_paragraph(text, 400))
        .or_else(|| context.manifests_in("").find_map(|m| m.description.clone()));
    // A project of one module has no module diagram and no reading order across modules
    // (uuid's llms.txt promised both).
    let several = index.modules.len() > 1;
    let docs = [
        (PageKind::Index, "Overview", overview_about(context)),
        (
            PageKind::Architecture,
            "Architecture",
            architecture_about(context, several),
        ),
        (
            PageKind::Onboarding,
            "Onboarding",
            onboarding_about(context, several),
        ),
        (
            PageKind::Dependencies,
            "Dependencies",
            dependencies_about(context),
        ),
    ]
    .into_iter()
    .map(|(kind, title, about)| (title.to_string(), page_path(&kind), about))
    .chain(std::iter::once((
        "index.json".to_string(),
        "index.json".to_string(),
        // Offline, no file has a summary: the line does not promise one.
        if index.summaries.is_empty() {
            "each file the map indexed, with its hash, language, tokens and symbols; modules; import edges"
        } else {
            "each file the map indexed, with its hash, language, tokens, summary and symbols; modules; import edges"
        }
        .to_string(),
    )))
    .collect();

    let centrality = graph.module_centrality(index.modules);
    let mut modules: Vec<(f64, ModuleEntry)> = index
        .modules
        .iter()
        .map(|module| {
            let about = crate::structural::module_description(context, module);
            let entry = ModuleEntry {
                title: if module.path.is_empty() {
                    "(root)".to_string()
                } else {
                    module.path.clone()
                },
                link: page_path(&PageKind::Module(module.path.clone())),
                about,
            };
            (centrality.get(&module.path).copied().unwrap_or(0.0), entry)
        })
        .collect();
    modules.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.title.cmp(&b.1.title)));

    let files: Vec<(f64, usize, FileEntry)> = index
        .files
        .iter()
        .filter(|file| {
            let flags = file.flags;
            !(flags.generated || flags.vendored || flags.lockfile || flags.never_read())
        })
        .map(|file| {
            // A README is read as the pages read it (a list of examples is no description).
            let readme = || {
                if !crate::context::is_readme(file.path.file_name()) {
                    return None;
                }
                let paragraph = first_paragraph(context.index.texts.get(&file.path)?, 400)?;
                first_line(&paragraph, 200)
            };
            // What the pages' file tables say, so that both describe a file alike ("Tests
            // `lib/context.js`.", "Settings of Vitest, the test runner."); else its summary,
            // README or doc as read here.
            let about = crate::structural::file_description(context, file)
                .or_else(|| {
                    context
                        .summary(&file.path)
                        .and_then(|summary| first_line(summary, 200))
                })
                .or_else(readme)
                .or_else(|| {
                    let doc = file.parsed.doc.as_deref()?;
                    (!crate::markdown::is_list_doc(doc))
                        .then(|| first_line(doc, 200))
                        .flatten()
                });
            let entry = FileEntry {
                path: file.path.to_string(),
                link: link_to_source("llms.txt", &context.docs_dir, file.path.as_str()),
                about,
                symbols: public_symbols(graph, file),
                public_only: leaves_out_private(graph, file),
            };
            (
                graph.rank_of(&file.path),
                file.path.components().count(),
                entry,
            )
        })
        .collect();
    let mut files = test_data_grouped(files, &context.docs_dir);
    // Most central first; among equals (no imports resolved), shallow and documented files.
    files.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.2.about.is_some().cmp(&a.2.about.is_some()))
            .then(a.1.cmp(&b.1))
            .then(a.2.path.cmp(&b.2.path))
    });
    Map {
        title,
        summary,
        docs,
        modules: modules.into_iter().map(|(_, entry)| entry).collect(),
        files: files.into_iter().map(|(_, _, entry)| entry).collect(),
    }
}

/// A file of `llms.txt` with its rank and depth, by which the list is ordered.
type RankedFile = (f64, usize, FileEntry);

/// `files` with the test data of a directory said alike (godotenv's eight `fixtures/*.env`,
/// each "Test data, under `fixtures/`. Used by `godotenv_test.go`.") as one line for the
/// directory, as the module pages' tables do.
fn test_data_grouped(files: Vec<RankedFile>, docs_dir: &[&str]) -> Vec<RankedFile> {
    const MIN_GROUPED: usize = 4;
    let key = |entry: &FileEntry| -> Option<(String, String)> {
        let about = entry.about.as_deref()?;
        // Test data, and files a flag says all there is of (vendored, generated, not read),
        // defining nothing; trybuild's cases, whose `main` says nothing (`crate::trybuild`).
        let data = ["Test data", "Vendored:", "Generated by a tool", "Not read:"]
            .iter()
            .any(|lead| about.starts_with(lead))
            && entry.symbols.is_empty();
        let cases = crate::trybuild::is_case_description(about);
        if !data && !cases {
            return None;
        }
        let dir = entry.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        Some((dir.to_string(), about.to_string()))
    };
    let mut groups: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (_, _, entry) in &files {
        if let Some(key) = key(entry) {
            *groups.entry(key).or_default() += 1;
        }
    }
    groups.retain(|_, count| *count >= MIN_GROUPED);
    if groups.is_empty() {
        return files;
    }
    let mut members: BTreeMap<(String, String), Vec<RankedFile>> = BTreeMap::new();
    let mut kept: Vec<RankedFile> = Vec::new();
    for file in files {
        match key(&file.2).filter(|key| groups.contains_key(key)) {
            Some(key) => members.entry(key).or_default().push(file),
            None => kept.push(file),
        }
    }
    for ((dir, about), mut group) in members {
        group.sort_by(|a, b| a.2.path.cmp(&b.2.path));
        let names: Vec<String> = group
            .iter()
            .take(2)
            .map(|(_, _, entry)| {
                let name = entry.path.rsplit('/').next().unwrap_or(&entry.path);
                crate::markdown::code_span(name)
            })
            .collect();
        let rank = group.iter().map(|(rank, _, _)| *rank).fold(0.0, f64::max);
        let depth = group.iter().map(|(_, depth, _)| *depth).min().unwrap_or(0);
        let shown = if dir.is_empty() {
            "(top level)".to_string()
        } else {
            format!("{dir}/")
        };
        kept.push((
            rank,
            depth,
            FileEntry {
                path: shown,
                link: link_to_source("llms.txt", docs_dir, &format!("{dir}/")),
                about: Some(format!(
                    "{} files ({} and {} more), each: {about}",
                    group.len(),
                    names.join(", "),
                    group.len() - names.len()
                )),
                symbols: Vec::new(),
                public_only: false,
            },
        ));
    }
    kept
}

/// `llms.txt` within `max_tokens` o200k tokens (as `cartograph_tokens::count` measures). Only
/// the title line is kept when even the shortest map does not fit.
pub fn render_llms_txt(index: &DocIndex, max_tokens: u32) -> Vec<u8> {
    LlmsTxt::new(&Context::new(index)).fit(max_tokens, index.commit)
}

/// What `llms.txt` lists, before it is fitted to its token budget: it owns its text, so the
/// index it was built from can be let go of before the tokenizer is loaded to fit it.
pub struct LlmsTxt(Map);

impl LlmsTxt {
    pub(crate) fn new(context: &Context) -> LlmsTxt {
        LlmsTxt(build(context))
    }

    /// `llms.txt` within `max_tokens`, naming `commit` (see [`render_llms_txt`]).
    pub fn fit(&self, max_tokens: u32, commit: Option<&str>) -> Vec<u8> {
        let map = &self.0;
        let budget = max_tokens as usize;
        let fits =
            |cut: usize| cartograph_tokens::count(&map.render(&map.detail(cut), commit)) <= budget;
        let steps = map.steps();
        if fits(0) {
            return map.render(&map.detail(0), commit).into_bytes();
        }
        // Fewer cuts never add text, except the "more files" line appearing once; search for the
        // smallest cut that fits, then step forward past any such bump.
        let (mut low, mut high) = (0, steps);
        while low + 1 < high {
            let middle = low + (high - low) / 2;
            if fits(middle) {
                high = middle;
            } else {
                low = middle;
            }
        }
        let mut cut = high;
        while cut < steps && !fits(cut) {
            cut += 1;
        }
        map.render(&map.detail(cut), commit).into_bytes()
    }
}
