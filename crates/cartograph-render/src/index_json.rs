//! `index.json`: the machine-readable map committed with the docs (files with hashes, tokens,
//! summaries and symbols; modules with their pages; import edges). Rendering it is
//! deterministic; parsing it back lets a fresh clone reuse every summary whose key still matches.

use crate::context::DocIndex;
use crate::page::PageKind;
use crate::paths::page_path;
use cartograph_core::{ContentHash, Language, RepoPath, SymbolKind};
use serde::{Deserialize, Serialize};

/// Bump when fields are added or change meaning. Version 2 added each edge's `kind` and `line`.
pub const INDEX_JSON_VERSION: u32 = 2;
/// The oldest version still read back: its summaries still seed the cache.
const OLDEST_READ_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexJson {
    pub version: u32,
    pub commit: Option<String>,
    pub files: Vec<IndexFile>,
    pub modules: Vec<IndexModule>,
    pub edges: Vec<IndexEdge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexFile {
    pub path: RepoPath,
    pub hash: ContentHash,
    pub language: Language,
    pub tokens: u32,
    pub summary: Option<String>,
    pub summary_key: Option<String>,
    pub symbols: Vec<IndexSymbol>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub line: u32,
    pub end_line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexModule {
    pub path: String,
    /// The module's page inside the docs folder.
    pub page: String,
    pub files: Vec<RepoPath>,
}

/// A file-level import edge: `to` is the module file the statement in `from` names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexEdge {
    pub from: RepoPath,
    pub to: RepoPath,
    /// `import`, `use`, `reexport`, `include` or `local` (an import inside a function body).
    #[serde(default)]
    pub kind: String,
    /// The line of the first statement making the edge (0 in version-1 files).
    #[serde(default)]
    pub line: u32,
}

fn build(index: &DocIndex) -> IndexJson {
    let mut files: Vec<IndexFile> = index
        .files
        .iter()
        .map(|file| {
            let summary = index.summaries.get(&file.path);
            IndexFile {
                path: file.path.clone(),
                hash: file.hash,
                language: file.language,
                tokens: file.tokens,
                summary: summary.map(|s| s.text.clone()),
                summary_key: summary.map(|s| s.key.clone()),
                symbols: file
                    .parsed
                    .symbols
                    .iter()
                    .map(|symbol| IndexSymbol {
                        name: symbol.name.clone(),
                        kind: symbol.kind,
                        line: symbol.line,
                        end_line: symbol.end_line,
                    })
                    .collect(),
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut modules: Vec<IndexModule> = index
        .modules
        .iter()
        .map(|module| {
            let mut files = module.files.clone();
            files.sort();
            IndexModule {
                path: module.path.clone(),
                page: page_path(&PageKind::Module(module.path.clone())),
                files,
            }
        })
        .collect();
    modules.sort_by(|a, b| a.path.cmp(&b.path));
    let edges = index
        .graph
        .file_edges()
        .into_iter()
        .map(|edge| IndexEdge {
            from: edge.from.clone(),
            to: edge.to.clone(),
            kind: edge.kind.as_str().to_string(),
            line: edge.line,
        })
        .collect();
    IndexJson {
        version: INDEX_JSON_VERSION,
        commit: index.commit.map(String::from),
        files,
        modules,
        edges,
    }
}

/// `index.json`, pretty-printed with a stable key order and a trailing newline.
pub fn render_index_json(index: &DocIndex) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&build(index)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Reads a committed `index.json`; `None` when it is malformed or of a version not read.
pub fn parse_index_json(bytes: &[u8]) -> Option<IndexJson> {
    let parsed: IndexJson = serde_json::from_slice(bytes).ok()?;
    (OLDEST_READ_VERSION..=INDEX_JSON_VERSION)
        .contains(&parsed.version)
        .then_some(parsed)
}
