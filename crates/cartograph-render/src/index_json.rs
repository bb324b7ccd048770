//! `index.json`: the machine-readable map committed with the docs (files with hashes, tokens,
//! summaries and symbols; modules with their pages; import edges). Rendering it is
//! deterministic; parsing it back lets a fresh clone reuse every summary whose key still matches.

use crate::context::DocIndex;
use crate::page::PageKind;
use crate::paths::page_path;
use cartograph_core::{ContentHash, Language, RepoPath, SymbolKind};
use cartograph_graph::module_places;
use serde::{Deserialize, Serialize};

/// Bump when fields are added or change meaning. Version 2 added each edge's `kind` and `line`,
/// `references`, each symbol's `public`, `parent` and `rank`, each module's `layer` and
/// `component`.
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
    /// Names used in `from` and defined in `to`, followed through re-exports.
    #[serde(default)]
    pub references: Vec<IndexReference>,
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
    /// Part of the public API (see the README: "The code graph").
    #[serde(default)]
    pub public: bool,
    /// The enclosing class, impl, trait or module.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// PageRank over the reference graph; a repository's ranks sum to 1.
    #[serde(default)]
    pub rank: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexModule {
    pub path: String,
    /// The module's page inside the docs folder.
    pub page: String,
    pub files: Vec<RepoPath>,
    /// 0 for a module that imports no other module (outside its own cycle).
    #[serde(default)]
    pub layer: u32,
    /// The smallest module path of the module's import cycle, or its own path.
    #[serde(default)]
    pub component: String,
}

/// One edge of the reference graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexReference {
    pub from: RepoPath,
    pub to: RepoPath,
    pub names: Vec<String>,
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

/// `index.json` as it is written: the files (most of its bytes), edges and references
/// serialized straight from the index and the graph, without an owned copy of every symbol and
/// path; the modules built as `IndexJson`'s.
#[derive(Serialize)]
struct IndexJsonOut<'a> {
    version: u32,
    commit: Option<&'a str>,
    files: FilesOut<'a>,
    modules: Vec<IndexModule>,
    edges: Vec<EdgeOut<'a>>,
    references: Vec<ReferenceOut<'a>>,
}

/// One edge, field for field as `IndexEdge`.
#[derive(Serialize)]
struct EdgeOut<'a> {
    from: &'a RepoPath,
    to: &'a RepoPath,
    kind: &'static str,
    line: u32,
}

/// One reference, field for field as `IndexReference`.
#[derive(Serialize)]
struct ReferenceOut<'a> {
    from: &'a RepoPath,
    to: &'a RepoPath,
    names: Vec<&'a str>,
}

/// The files of an index, by path; serialized as `IndexFile`s are.
struct FilesOut<'a> {
    index: &'a DocIndex<'a>,
    order: Vec<usize>,
}

impl Serialize for FilesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = self.index;
        serializer.collect_seq(self.order.iter().filter_map(|&at| {
            let file = index.files.get(at)?;
            let summary = index.summaries.get(&file.path);
            Some(FileOut {
                path: &file.path,
                hash: file.hash,
                language: file.language,
                tokens: file.tokens,
                summary: summary.map(|s| s.text.as_str()),
                summary_key: summary.map(|s| s.key.as_str()),
                symbols: SymbolsOut { index, file },
            })
        }))
    }
}

/// One file, field for field as `IndexFile`.
#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a RepoPath,
    hash: ContentHash,
    language: Language,
    tokens: u32,
    summary: Option<&'a str>,
    summary_key: Option<&'a str>,
    symbols: SymbolsOut<'a>,
}

struct SymbolsOut<'a> {
    index: &'a DocIndex<'a>,
    file: &'a cartograph_core::FileMap,
}

impl Serialize for SymbolsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let facts = self.index.graph.symbol_facts(&self.file.path);
        serializer.collect_seq(
            self.file
                .parsed
                .symbols
                .iter()
                .enumerate()
                .map(|(at, symbol)| SymbolOut {
                    name: &symbol.name,
                    kind: symbol.kind,
                    line: symbol.line,
                    end_line: symbol.end_line,
                    public: facts.is_public(at),
                    parent: symbol.parent.as_deref(),
                    rank: rounded(facts.rank(at)),
                }),
        )
    }
}

/// One symbol, field for field as `IndexSymbol`.
#[derive(Serialize)]
struct SymbolOut<'a> {
    name: &'a str,
    kind: SymbolKind,
    line: u32,
    end_line: u32,
    public: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    rank: f64,
}

fn build<'a>(index: &'a DocIndex<'a>) -> IndexJsonOut<'a> {
    // The files the scan left out are the pages' to list; the index holds what was read.
    let mut order: Vec<usize> = (0..index.files.len())
        .filter(|&at| index.files[at].flags.unread.is_none())
        .collect();
    order.sort_by(|&a, &b| index.files[a].path.cmp(&index.files[b].path));
    let unread: std::collections::BTreeSet<&str> = index
        .files
        .iter()
        .filter(|file| file.flags.unread.is_some())
        .map(|file| file.path.as_str())
        .collect();
    let module_paths: Vec<String> = index.modules.iter().map(|m| m.path.clone()).collect();
    let places = module_places(&module_paths, &index.graph.module_edges(index.modules));
    let mut modules: Vec<IndexModule> = index
        .modules
        .iter()
        .map(|module| {
            let mut files = module.files.clone();
            files.retain(|path| !unread.contains(path.as_str()));
            files.sort();
            let place = places.get(&module.path);
            IndexModule {
                path: module.path.clone(),
                page: page_path(&PageKind::Module(module.path.clone())),
                files,
                layer: place.map_or(0, |place| place.layer),
                component: place.map_or_else(|| module.path.clone(), |p| p.component.clone()),
            }
        })
        .collect();
    modules.sort_by(|a, b| a.path.cmp(&b.path));
    let edges = index
        .graph
        .file_edges()
        .into_iter()
        .map(|edge| EdgeOut {
            from: edge.from,
            to: edge.to,
            kind: edge.kind.as_str(),
            line: edge.line,
        })
        .collect();
    let references = index
        .graph
        .references()
        .into_iter()
        .map(|reference| ReferenceOut {
            from: reference.from,
            to: reference.to,
            names: reference.names,
        })
        .collect();
    IndexJsonOut {
        version: INDEX_JSON_VERSION,
        commit: index.commit,
        files: FilesOut { index, order },
        modules,
        edges,
        references,
    }
}

/// A rank to 9 decimal places: enough to order symbols, and stable bytes.
fn rounded(rank: f64) -> f64 {
    (rank * 1e9).round() / 1e9
}

/// `index.json`, pretty-printed with a stable key order and a trailing newline.
pub fn render_index_json(index: &DocIndex) -> Vec<u8> {
    let mut bytes = Vec::new();
    if write_index_json(index, &mut bytes).is_err() {
        // Only the writer can fail, and a `Vec` does not: kept as the old `unwrap_or_default`.
        bytes.clear();
        bytes.push(b'\n');
    }
    bytes
}

/// `index.json` as [`render_index_json`] returns it, written to `out` as it is serialized: on a
/// large tree it is hundreds of megabytes, which a caller writing a file need not hold. `out` is
/// written in small pieces; give it a buffer.
pub fn write_index_json(index: &DocIndex, mut out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, &build(index)).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// What a docs run needs of the committed `index.json` ([`parse_committed_index`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CommittedIndex {
    pub commit: Option<String>,
    /// Every file, with its symbols only where the caller asked for them (empty elsewhere).
    pub files: Vec<IndexFile>,
}

/// Reads a committed `index.json` as [`parse_index_json`] does, keeping only its files, and each
/// file's symbols only when `keep_symbols(path, hash)` says so: on a large tree the whole parsed
/// index is hundreds of megabytes, while a docs run needs the symbols of the files changed since
/// (to move a kept page's anchors) and the rest only by hash. Modules, edges and references are
/// passed over unread. `None` when it is malformed or of a version not read.
pub fn parse_committed_index(
    bytes: &[u8],
    keep_symbols: impl Fn(&RepoPath, &ContentHash) -> bool,
) -> Option<CommittedIndex> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let (version, index) = serde::de::DeserializeSeed::deserialize(
        lean::IndexSeed {
            keep: &keep_symbols,
        },
        &mut deserializer,
    )
    .ok()?;
    deserializer.end().ok()?;
    (OLDEST_READ_VERSION..=INDEX_JSON_VERSION)
        .contains(&version)
        .then_some(index)
}

/// The visitors of [`parse_committed_index`]: `index.json` read key by key, a file's `symbols`
/// parsed or skipped by what came before them in the same object (its `path` and `hash`,
/// which the writer puts first; symbols met before both are kept).
mod lean {
    use super::{CommittedIndex, IndexFile, IndexSymbol};
    use cartograph_core::{ContentHash, Language, RepoPath};
    use serde::de::{DeserializeSeed, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    type Keep<'k> = &'k dyn Fn(&RepoPath, &ContentHash) -> bool;

    pub(super) struct IndexSeed<'k> {
        pub keep: Keep<'k>,
    }

    impl<'de> DeserializeSeed<'de> for IndexSeed<'_> {
        type Value = (u32, CommittedIndex);

        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for IndexSeed<'_> {
        type Value = (u32, CommittedIndex);

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an index.json object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let (mut version, mut commit, mut files) = (None, None, None);
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "version" => version = Some(map.next_value::<u32>()?),
                    "commit" => commit = map.next_value::<Option<String>>()?,
                    "files" => files = Some(map.next_value_seed(FilesSeed { keep: self.keep })?),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            let version = version.ok_or_else(|| A::Error::missing_field("version"))?;
            let files = files.ok_or_else(|| A::Error::missing_field("files"))?;
            Ok((version, CommittedIndex { commit, files }))
        }
    }

    struct FilesSeed<'k> {
        keep: Keep<'k>,
    }

    impl<'de> DeserializeSeed<'de> for FilesSeed<'_> {
        type Value = Vec<IndexFile>;

        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de> Visitor<'de> for FilesSeed<'_> {
        type Value = Vec<IndexFile>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of files")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut files = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(file) = seq.next_element_seed(FileSeed { keep: self.keep })? {
                files.push(file);
            }
            Ok(files)
        }
    }

    struct FileSeed<'k> {
        keep: Keep<'k>,
    }

    impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
        type Value = IndexFile;

        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for FileSeed<'_> {
        type Value = IndexFile;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a file of index.json")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut path: Option<RepoPath> = None;
            let mut hash: Option<ContentHash> = None;
            let mut language: Option<Language> = None;
            let (mut tokens, mut summary, mut summary_key) = (None, None, None);
            let mut symbols: Vec<IndexSymbol> = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "path" => path = Some(map.next_value()?),
                    "hash" => hash = Some(map.next_value()?),
                    "language" => language = Some(map.next_value()?),
                    "tokens" => tokens = Some(map.next_value()?),
                    "summary" => summary = map.next_value()?,
                    "summary_key" => summary_key = map.next_value()?,
                    "symbols" => {
                        let wanted = match (&path, &hash) {
                            (Some(path), Some(hash)) => (self.keep)(path, hash),
                            _ => true,
                        };
                        if wanted {
                            symbols = map.next_value()?;
                        } else {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(IndexFile {
                path: path.ok_or_else(|| A::Error::missing_field("path"))?,
                hash: hash.ok_or_else(|| A::Error::missing_field("hash"))?,
                language: language.ok_or_else(|| A::Error::missing_field("language"))?,
                tokens: tokens.ok_or_else(|| A::Error::missing_field("tokens"))?,
                summary,
                summary_key,
                symbols,
            })
        }
    }
}

/// Reads a committed `index.json`; `None` when it is malformed or of a version not read.
pub fn parse_index_json(bytes: &[u8]) -> Option<IndexJson> {
    let parsed: IndexJson = serde_json::from_slice(bytes).ok()?;
    (OLDEST_READ_VERSION..=INDEX_JSON_VERSION)
        .contains(&parsed.version)
        .then_some(parsed)
}
