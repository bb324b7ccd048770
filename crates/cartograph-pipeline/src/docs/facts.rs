//! What pages are written from: the texts and summaries render reads, each page's inputs hash
//! (a Merkle node over the facts that feed it), and the context a page's prompt carries. Reads
//! files; makes no call.

use super::planner::REVISE_PROMPT;
use crate::prompts::Prompts;
use crate::summarize::FileSummary;
use cartograph_core::{ContentHash, FileMap, Module, RepoPath};
use cartograph_graph::Graph;
use cartograph_render::{DocIndex, PageKind, Summary};
use std::collections::BTreeMap;
use std::path::Path;

/// Manifests read for the dependencies page and the project's name.
const MANIFESTS: &[&str] = &[
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "setup.py",
    "requirements.txt",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "Gemfile",
    "composer.json",
];

pub(super) fn detect(files: &[FileMap]) -> Vec<Module> {
    let paths: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
    cartograph_graph::detect_modules(&paths, cartograph_graph::is_package_manifest)
}

/// What pages are rendered from besides the files: summaries in render's shape, and the texts
/// render asks for (manifests, READMEs).
pub(super) struct Prepared {
    pub summaries: BTreeMap<RepoPath, Summary>,
    pub texts: BTreeMap<RepoPath, String>,
    pub readme: Option<String>,
    pub manifests: Vec<(String, String)>,
    pub root_name: String,
}

impl Prepared {
    pub fn new(
        root: &Path,
        files: &[FileMap],
        summaries: &BTreeMap<RepoPath, FileSummary>,
    ) -> Prepared {
        let texts: BTreeMap<RepoPath, String> = cartograph_render::files_wanting_text(files)
            .filter_map(|file| {
                let text = std::fs::read_to_string(root.join(file.path.as_str())).ok()?;
                Some((file.path.clone(), text))
            })
            .collect();
        let readme = texts
            .iter()
            .find(|(path, _)| {
                path.parent().is_empty()
                    && path.file_name().to_ascii_lowercase().starts_with("readme")
            })
            .map(|(_, text)| text.clone());
        let manifests = texts
            .iter()
            .filter(|(path, _)| MANIFESTS.contains(&path.file_name()))
            .map(|(path, text)| (path.to_string(), text.clone()))
            .collect();
        let summaries = crate::summarize::render_summaries(summaries);
        let root_name = root
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "repository".into());
        Prepared {
            summaries,
            texts,
            readme,
            manifests,
            root_name,
        }
    }

    pub fn index<'a>(
        &'a self,
        commit: Option<&'a str>,
        files: &'a [FileMap],
        modules: &'a [Module],
        graph: &'a Graph,
        docs_dir: &'a str,
    ) -> DocIndex<'a> {
        DocIndex {
            commit,
            files,
            summaries: &self.summaries,
            modules,
            graph,
            texts: &self.texts,
            docs_dir,
            root_name: &self.root_name,
        }
    }
}

/// Reads a file's text for a prompt; secret files are never opened.
pub(super) fn source_reader<'a>(
    root: &'a Path,
    files: &'a [FileMap],
) -> impl Fn(&RepoPath) -> Option<String> + Sync + 'a {
    move |path: &RepoPath| {
        let file = files
            .binary_search_by(|file| file.path.cmp(path))
            .ok()
            .map(|index| &files[index])?;
        if file.flags.never_read() {
            return None;
        }
        std::fs::read_to_string(root.join(path.as_str())).ok()
    }
}

pub(super) fn file_named<'f>(files: &'f [FileMap], path: &str) -> Option<&'f FileMap> {
    files
        .binary_search_by(|file| file.path.as_str().cmp(path))
        .ok()
        .map(|index| &files[index])
}

/// What each page depends on, hashed. Module pages feed on their own files (semantic hashes,
/// so comment-only edits keep the key) and summaries; overview pages feed on module-level facts
/// only, so an ordinary commit does not re-run them.
pub(super) struct PageFacts<'a> {
    pub files: &'a [FileMap],
    pub modules: &'a [Module],
    pub module_edges: Vec<String>,
    pub summaries: &'a BTreeMap<RepoPath, FileSummary>,
    pub readme: Option<String>,
    pub manifests: Vec<(String, String)>,
    pub readme_hash: String,
    pub manifests_hash: String,
}

impl<'a> PageFacts<'a> {
    pub fn new(
        files: &'a [FileMap],
        modules: &'a [Module],
        graph: &Graph,
        summaries: &'a BTreeMap<RepoPath, FileSummary>,
        readme: Option<&str>,
        manifests: &[(String, String)],
    ) -> PageFacts<'a> {
        let module_edges = graph
            .module_edges(modules)
            .iter()
            .map(|edge| format!("{}>{}", edge.from, edge.to))
            .collect();
        let mut manifest_hasher = blake3::Hasher::new();
        for (path, text) in manifests {
            manifest_hasher.update(path.as_bytes());
            manifest_hasher.update(b"\0");
            manifest_hasher.update(text.as_bytes());
        }
        PageFacts {
            files,
            modules,
            module_edges,
            summaries,
            readme: readme.map(str::to_string),
            manifests: manifests.to_vec(),
            readme_hash: ContentHash::of(readme.unwrap_or("").as_bytes()).to_hex(),
            manifests_hash: ContentHash::from(manifest_hasher.finalize()).to_hex(),
        }
    }

    pub fn file(&self, path: &RepoPath) -> Option<&FileMap> {
        self.file_at(path.as_str())
    }

    pub fn file_at(&self, path: &str) -> Option<&FileMap> {
        file_named(self.files, path)
    }

    /// The module's dependency edges, both directions.
    pub fn edges_of<'s>(&'s self, module_path: &'s str) -> impl Iterator<Item = &'s String> + 's {
        let from = format!("{module_path}>");
        let to = format!(">{module_path}");
        self.module_edges
            .iter()
            .filter(move |edge| edge.starts_with(&from) || edge.ends_with(&to))
    }

    /// A hash of the facts of each file of a module (and of its edges under
    /// [`crate::revise::EDGES`]): what a module page's lineage compares to find what changed.
    pub fn module_facts(&self, module_path: &str) -> BTreeMap<String, String> {
        let mut hashes = BTreeMap::new();
        if let Some(module) = self
            .modules
            .iter()
            .find(|module| module.path == module_path)
        {
            for path in &module.files {
                if let Some(file) = self.file(path) {
                    let facts = file_facts(file, self.summaries.get(path));
                    // 48 bits tell one version of a file's facts from the next.
                    hashes.insert(path.to_string(), ContentHash::of(facts.as_bytes()).short());
                }
            }
        }
        let edges: Vec<&str> = self.edges_of(module_path).map(String::as_str).collect();
        hashes.insert(
            crate::revise::EDGES.to_string(),
            ContentHash::of(edges.join("\n").as_bytes()).short(),
        );
        hashes
    }

    /// For a module page written by models: its lineage line (page, models, both prompts) and
    /// the facts it would be written from now.
    pub fn lineage_now(
        &self,
        kind: &PageKind,
        prompts: &Prompts,
        model_label: &str,
        prompt_version: &str,
    ) -> Option<(String, BTreeMap<String, String>)> {
        let PageKind::Module(module_path) = kind else {
            return None;
        };
        let revise_tag = prompts
            .get(REVISE_PROMPT)
            .map(|prompt| prompt.version_tag())
            .unwrap_or_default();
        let page_path = cartograph_render::page_path(kind);
        let line = ContentHash::of(
            format!("{page_path}\0{model_label}\0{prompt_version}\0{revise_tag}").as_bytes(),
        )
        .to_hex();
        Some((line, self.module_facts(module_path)))
    }

    pub fn inputs(&self, kind: &PageKind, model: &str, prompt_version: &str) -> String {
        let mut hasher = blake3::Hasher::new();
        let mut add = |part: &str| {
            hasher.update(part.as_bytes());
            hasher.update(b"\0");
        };
        add(&cartograph_render::page_path(kind));
        add(model);
        add(prompt_version);
        match kind {
            PageKind::Module(module_path) => {
                if let Some(module) = self
                    .modules
                    .iter()
                    .find(|module| &module.path == module_path)
                {
                    // A module page feeds on the facts sent for each of its files: summary,
                    // symbols with signatures and docs, imports. An edit that leaves them all
                    // as they were (a new summary equal to the old one, say) re-runs nothing
                    // above it: the early cutoff.
                    for path in &module.files {
                        add(path.as_str());
                        match self.file(path) {
                            Some(file) => add(&file_facts(file, self.summaries.get(path))),
                            None => add("-"),
                        }
                    }
                }
                for edge in self.edges_of(module_path) {
                    add(edge);
                }
            }
            _ => {
                for module in self.modules {
                    add(&module.path);
                    for path in &module.files {
                        add(path.as_str());
                    }
                }
                for edge in &self.module_edges {
                    add(edge);
                }
                add(&self.readme_hash);
                add(&self.manifests_hash);
            }
        }
        ContentHash::from(hasher.finalize()).to_hex()
    }
}

/// Sections of the offline module page a model page is given as facts: what the module offers
/// and to whom, what it uses, where execution starts, how it is laid out, and its own docs.
const STRUCTURAL_SECTIONS: &[&str] = &[
    "## Public API",
    "## Key definitions",
    "## Entry points",
    "## How calls flow",
    "## Dependencies",
    "## Modules inside",
    "## Inner structure",
    "## Documentation in the module",
];
/// At most this share of a module page's context goes to those facts; the files get the rest.
const STRUCTURAL_SHARE: usize = 3;

/// The sections of an offline page body named in `STRUCTURAL_SECTIONS`, without their mermaid
/// diagrams (the model gets the same facts as the offline page, in words).
fn structural_facts(body: &str) -> String {
    let mut out = String::new();
    let mut keep = false;
    let mut in_fence = false;
    for line in body.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if line.starts_with("## ") {
            // A heading may say more after its name: "## How calls flow (the calls traced …)".
            let heading = line.trim_end();
            keep = STRUCTURAL_SECTIONS.iter().any(|section| {
                heading
                    .strip_prefix(section)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(" ("))
            });
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The offline page's facts about a module, within `budget` tokens, cut at a line.
fn structural_context(index: &DocIndex<'_>, module_path: &str, budget: usize) -> String {
    let structural = structural_facts(&cartograph_render::structural_body(
        &PageKind::Module(module_path.to_string()),
        index,
    ));
    if structural.trim().is_empty() {
        return String::new();
    }
    let mut kept = String::from("Facts from the index (exact):\n");
    let mut kept_tokens = cartograph_tokens::count(&kept) + 1;
    for line in structural.lines() {
        kept_tokens += cartograph_tokens::count(line) + 1;
        if kept_tokens > budget {
            break;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept.push('\n');
    kept
}

/// Facts about one module: the offline page's public API, dependencies with the names that
/// cross, entry points and layout (within a third of `budget`), then its files, most central
/// first, within the rest.
pub(super) fn module_context(
    facts: &PageFacts<'_>,
    index: &DocIndex<'_>,
    module_path: &str,
    budget: usize,
) -> (String, Vec<String>, bool) {
    let mut files: Vec<&FileMap> = facts
        .modules
        .iter()
        .find(|module| module.path == module_path)
        .map(|module| {
            module
                .files
                .iter()
                .filter_map(|path| facts.file(path))
                .collect()
        })
        .unwrap_or_default();
    let rank = index.graph.pagerank();
    files.sort_by(|a, b| {
        let ra = rank.get(&a.path).copied().unwrap_or(0.0);
        let rb = rank.get(&b.path).copied().unwrap_or(0.0);
        rb.total_cmp(&ra).then_with(|| a.path.cmp(&b.path))
    });
    let mut context = structural_context(index, module_path, budget / STRUCTURAL_SHARE);
    let mut used = cartograph_tokens::count(&context);
    let mut sent: Vec<String> = Vec::new();
    // Where each file's block starts, to drop the last ones if the whole counts over `budget`
    // (tokens of joined texts need not add up exactly).
    let mut starts: Vec<(usize, bool)> = Vec::new();
    for file in files {
        let block = file_facts(file, facts.summaries.get(&file.path));
        // Counting each block once keeps assembly linear in the module's size.
        let block_tokens = cartograph_tokens::count(&block);
        if used + block_tokens > budget {
            break;
        }
        used += block_tokens;
        starts.push((context.len(), file.flags.local_only));
        sent.push(file.path.to_string());
        context.push_str(&block);
    }
    while cartograph_tokens::count(&context) > budget {
        let Some((start, _)) = starts.pop() else {
            break;
        };
        context.truncate(start);
        sent.pop();
    }
    let local_only = starts.iter().any(|(_, local_only)| *local_only);
    (context, sent, local_only)
}

pub(super) fn overview_context(
    facts: &PageFacts<'_>,
    budget: usize,
) -> (String, Vec<String>, bool) {
    let mut context = String::new();
    if let Some(readme) = &facts.readme {
        let excerpt: String = readme.chars().take(4000).collect();
        context.push_str(&format!("README.md (excerpt):\n{excerpt}\n\n"));
    }
    for (path, text) in facts.manifests.iter().take(10) {
        let excerpt: String = text.chars().take(1500).collect();
        context.push_str(&format!("Manifest [[{path}]]:\n{excerpt}\n\n"));
    }
    let mut used = cartograph_tokens::count(&context);
    let mut sent = Vec::new();
    let mut local_only = false;
    for module in facts.modules {
        let name = if module.path.is_empty() {
            "(root)"
        } else {
            module.path.as_str()
        };
        let mut block = format!("Module {name} ({} files)\n", module.files.len());
        for path in module.files.iter().take(12) {
            let Some(file) = facts.file(path) else {
                continue;
            };
            let about = facts
                .summaries
                .get(path)
                .map(|summary| first_sentence(&summary.text))
                .or_else(|| file.parsed.doc.as_deref().map(first_sentence))
                .unwrap_or_default();
            block.push_str(&format!("- [[{path}]] {}: {about}\n", file.language.name()));
            local_only |= file.flags.local_only;
            sent.push(path.to_string());
        }
        let block_tokens = cartograph_tokens::count(&block);
        if used + block_tokens > budget {
            break;
        }
        used += block_tokens;
        context.push_str(&block);
    }
    if !facts.module_edges.is_empty() {
        context.push_str("\nModule dependencies (from > to):\n");
        for edge in facts.module_edges.iter().take(200) {
            context.push_str(edge);
            context.push('\n');
        }
    }
    (context, sent, local_only)
}

pub(super) fn file_facts(file: &FileMap, summary: Option<&FileSummary>) -> String {
    // No line counts here: these facts are also the page's cache key, and lines move with
    // every edit.
    let mut block = format!("### [[{}]] ({})\n", file.path, file.language.name());
    if let Some(doc) = file
        .parsed
        .doc
        .as_deref()
        .and_then(|doc| cartograph_render::doc_first_sentence(doc, 240))
    {
        block.push_str(&format!("File doc: {doc}\n"));
    }
    if let Some(summary) = summary {
        block.push_str(&format!("Summary: {}\n", summary.text));
    }
    for symbol in file.parsed.symbols.iter().take(40) {
        let doc = symbol
            .doc
            .as_deref()
            .map(first_sentence)
            .unwrap_or_default();
        block.push_str(&format!(
            "- {} [[{}#{}]]: `{}` {doc}\n",
            symbol.kind.as_str(),
            file.path,
            symbol.name,
            symbol.signature
        ));
    }
    for import in file
        .parsed
        .imports
        .iter()
        .filter(|import| import.kind.is_edge())
        .filter_map(|import| import.resolved.as_ref())
        .take(20)
    {
        block.push_str(&format!("- imports [[{import}]]\n"));
    }
    block.push('\n');
    block
}

pub(super) fn first_sentence(text: &str) -> String {
    let line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("")
        .trim();
    let end = line.find(". ").map(|index| index + 1).unwrap_or(line.len());
    line[..end].chars().take(240).collect()
}
