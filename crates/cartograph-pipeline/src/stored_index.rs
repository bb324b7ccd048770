//! The loaded question index kept as one file, `.cartograph/lens/index.bin`: every file's map
//! with its imports resolved, the code graph, the modules and the outline sizes, so that a
//! question on an unchanged tree reads one file instead of loading every map from the cache,
//! resolving imports and building the graph again. `question.rs` reads and writes it; this
//! module only encodes, checks and decodes it. Summaries are not in it: they are looked up in
//! the cache at every load, since a docs run or the team cache can add them to a tree whose
//! files did not change.
//!
//! The file is a header (magic, format, payload length, BLAKE3 of the payload) and a payload
//! of postcard sections (the graph, modules and outline sizes; then the files in sections that
//! decode in parallel). A file that is missing, of another format, damaged or for another tree
//! is never used as it is: the caller builds the index again, reusing the maps of unchanged
//! files, and writes a new file in its place unless only a few files changed (`question.rs`).

use crate::IndexEntry;
use cartograph_core::{
    CargoPackage, ComposerAutoload, ContentHash, FileFlags, FileMap, GoModule, Import, ImportKind,
    JsManifest, Language, Module, ParsedFile, RepoPath, Symbol, SymbolKind, Visibility,
};
use cartograph_graph::Graph;
use cartograph_lens::OutlineSize;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Bump when what is stored or how changes: the wire types below, the fields of `Graph`,
/// `Module` or `OutlineSize`, or the tokenizer that counts outlines.
const FORMAT: u32 = 6;
const MAGIC: &[u8; 8] = b"cgindex\0";
/// Magic, format, payload length, BLAKE3 of the payload.
const HEADER_LEN: usize = 8 + 4 + 8 + 32;

/// Where the stored index lives, beside the term index, inside the state directory.
pub fn stored_index_path(state_dir: &Path) -> PathBuf {
    state_dir.join("lens").join("index.bin")
}

#[derive(Debug, thiserror::Error)]
pub enum StoredIndexError {
    #[error("cannot read the stored index `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the stored index `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the stored index `{0}` is from another version")]
    Foreign(PathBuf),
    #[error("the stored index `{0}` is damaged: its length or checksum does not match")]
    Damaged(PathBuf),
    #[error("the stored index `{path}` does not decode: {message}")]
    Decode { path: PathBuf, message: String },
    #[error("cannot encode the index: {0}")]
    Encode(String),
    #[error("reading the stored index panicked")]
    Panicked,
}

/// What a loaded index is a function of: the format, the extractor version, and every indexed
/// file's path, content hash, language, size, lines, tokens and flags (which the configuration
/// and the ignore rules decide). Two trees with the same key load the same index.
pub fn tree_key(entries: &[IndexEntry]) -> [u8; 32] {
    tree_key_for(entries, cartograph_lang::EXTRACTOR_VERSION)
}

/// The key `tree_key` gives under another extractor version.
pub fn tree_key_for(entries: &[IndexEntry], extractor_version: u32) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(MAGIC);
    hasher.update(&FORMAT.to_le_bytes());
    hasher.update(&extractor_version.to_le_bytes());
    hasher.update(&(entries.len() as u64).to_le_bytes());
    for entry in entries {
        hasher.update(&(entry.path.as_str().len() as u64).to_le_bytes());
        hasher.update(entry.path.as_str().as_bytes());
        hasher.update(entry.hash.as_bytes());
        hasher.update(&[language_code(entry.language), flag_bits(entry.flags)]);
        hasher.update(&entry.bytes.to_le_bytes());
        hasher.update(&entry.lines.to_le_bytes());
        hasher.update(&entry.tokens.to_le_bytes());
    }
    *hasher.finalize().as_bytes()
}

/// The index as stored: `files` in path order with their imports resolved, and the outline
/// size of each in the same order.
#[derive(Debug, Clone)]
pub struct StoredIndex {
    pub key: [u8; 32],
    /// The extractor that made the maps: maps of another one are never reused.
    pub extractor_version: u32,
    pub files: Vec<FileMap>,
    pub graph: Graph,
    pub modules: Vec<Module>,
    pub outlines: Vec<Option<OutlineSize>>,
}

impl StoredIndex {
    /// Whether the parts agree with each other: one outline size per file, the graph's files
    /// are the index's files, and the graph's tables are whole. A decoded index that does not
    /// is not used.
    fn is_consistent(&self) -> bool {
        self.outlines.len() == self.files.len()
            && self.graph.is_well_formed()
            && self.graph.files().len() == self.files.len()
            && self
                .graph
                .files()
                .iter()
                .zip(&self.files)
                .all(|(node, file)| *node == file.path)
    }
}

/// Reads and checks the stored index at `path`.
pub fn read(path: &Path) -> Result<StoredIndex, StoredIndexError> {
    let started = std::time::Instant::now();
    let bytes = std::fs::read(path).map_err(|source| StoredIndexError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    tracing::debug!(
        "stored index: {} bytes read in {:?}",
        bytes.len(),
        started.elapsed()
    );
    decode(&bytes).map_err(|problem| match problem {
        Problem::Foreign => StoredIndexError::Foreign(path.to_path_buf()),
        Problem::Damaged => StoredIndexError::Damaged(path.to_path_buf()),
        Problem::Decode(message) => StoredIndexError::Decode {
            path: path.to_path_buf(),
            message,
        },
    })
}

/// Writes `index` to a temporary file beside `path` and renames it into place, so a reader
/// finds the old file or the new one, never half of one. It is not synced: a file torn by a
/// crash fails its checksum and is rebuilt, which costs one slow load and never an answer.
pub fn write(path: &Path, index: &StoredIndex) -> Result<(), StoredIndexError> {
    let bytes = encode(index)?;
    let failed = |source: std::io::Error| StoredIndexError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut temporary = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    temporary.write_all(&bytes).map_err(failed)?;
    temporary
        .persist(path)
        .map_err(|error| failed(error.error))?;
    Ok(())
}

enum Problem {
    Foreign,
    Damaged,
    Decode(String),
}

/// Files are stored in this many sections, decoded in parallel.
const FILE_SECTIONS: usize = 16;

/// The payload: a section of everything but the files, then the files in `FILE_SECTIONS`
/// sections, each section a little-endian `u64` length and its postcard bytes.
fn encode(index: &StoredIndex) -> Result<Vec<u8>, StoredIndexError> {
    let failed = |error: postcard::Error| StoredIndexError::Encode(error.to_string());
    let head = WireHead {
        key: index.key,
        extractor_version: index.extractor_version,
        n_files: index.files.len() as u64,
        graph: index.graph.clone(),
        modules: index.modules.clone(),
        outlines: index.outlines.clone(),
    };
    let mut sections = vec![postcard::to_stdvec(&head).map_err(failed)?];
    let per_section = index.files.len().div_ceil(FILE_SECTIONS).max(1);
    let file_sections = index
        .files
        .par_chunks(per_section)
        .map(|chunk| {
            let wire: Vec<WireFile> = chunk.iter().map(WireFile::from_map).collect();
            postcard::to_stdvec(&wire)
        })
        .collect::<Result<Vec<Vec<u8>>, postcard::Error>>()
        .map_err(failed)?;
    sections.extend(file_sections);
    let mut payload = Vec::with_capacity(sections.iter().map(|s| s.len() + 8).sum());
    for section in &sections {
        payload.extend_from_slice(&(section.len() as u64).to_le_bytes());
        payload.extend_from_slice(section);
    }
    let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(blake3::hash(&payload).as_bytes());
    bytes.extend_from_slice(&payload);
    Ok(bytes)
}

fn decode(bytes: &[u8]) -> Result<StoredIndex, Problem> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err(Problem::Foreign);
    }
    let (header, payload) = bytes.split_at(HEADER_LEN);
    let format = header[8..12].try_into().ok().map(u32::from_le_bytes);
    if format != Some(FORMAT) {
        return Err(Problem::Foreign);
    }
    let started = std::time::Instant::now();
    let length = header[12..20].try_into().ok().map(u64::from_le_bytes);
    if length != Some(payload.len() as u64) || blake3::hash(payload).as_bytes()[..] != header[20..]
    {
        return Err(Problem::Damaged);
    }
    tracing::debug!("stored index: checked in {:?}", started.elapsed());
    let mut sections = Vec::new();
    let mut rest = payload;
    while !rest.is_empty() {
        let (length, after) = rest.split_at_checked(8).ok_or(Problem::Damaged)?;
        let length = length
            .try_into()
            .ok()
            .map(u64::from_le_bytes)
            .and_then(|length| usize::try_from(length).ok())
            .ok_or(Problem::Damaged)?;
        let (section, after) = after.split_at_checked(length).ok_or(Problem::Damaged)?;
        sections.push(section);
        rest = after;
    }
    let (head, file_sections) = sections.split_first().ok_or(Problem::Damaged)?;
    let decode_error = |error: postcard::Error| Problem::Decode(error.to_string());
    let (head, files) = rayon::join(
        || postcard::from_bytes::<WireHead>(head).map_err(decode_error),
        || {
            file_sections
                .par_iter()
                .map(|section| {
                    let wire: Vec<WireFile> =
                        postcard::from_bytes(section).map_err(decode_error)?;
                    wire.into_iter()
                        .map(WireFile::into_map)
                        .collect::<Result<Vec<FileMap>, String>>()
                        .map_err(Problem::Decode)
                })
                .collect::<Result<Vec<Vec<FileMap>>, Problem>>()
        },
    );
    tracing::debug!("stored index: decoded at {:?}", started.elapsed());
    let head = head?;
    let files: Vec<FileMap> = files?.into_iter().flatten().collect();
    if files.len() as u64 != head.n_files {
        return Err(Problem::Decode("the files do not add up".to_string()));
    }
    let index = StoredIndex {
        key: head.key,
        extractor_version: head.extractor_version,
        files,
        graph: head.graph,
        modules: head.modules,
        outlines: head.outlines,
    };
    if !index.is_consistent() {
        return Err(Problem::Decode("its parts do not agree".to_string()));
    }
    Ok(index)
}

fn language_code(language: Language) -> u8 {
    Language::ALL
        .iter()
        .position(|known| *known == language)
        .unwrap_or(usize::from(u8::MAX)) as u8
}

fn flag_bits(flags: FileFlags) -> u8 {
    let FileFlags {
        generated,
        vendored,
        lockfile,
        secret,
        local_only,
    } = flags;
    u8::from(generated)
        | u8::from(vendored) << 1
        | u8::from(lockfile) << 2
        | u8::from(secret) << 3
        | u8::from(local_only) << 4
}

fn flags_of(bits: u8) -> FileFlags {
    FileFlags {
        generated: bits & 1 != 0,
        vendored: bits & 1 << 1 != 0,
        lockfile: bits & 1 << 2 != 0,
        secret: bits & 1 << 3 != 0,
        local_only: bits & 1 << 4 != 0,
    }
}

// The wire types: the core types carry JSON attributes (fields left out when empty, a
// flattened map) that a compact format cannot read back, so the stored index has its own
// shapes. Every conversion destructures the core type whole, so a field added there fails to
// compile here until it is stored too (and `FORMAT` bumped).

#[derive(Serialize, Deserialize)]
struct WireHead {
    key: [u8; 32],
    extractor_version: u32,
    n_files: u64,
    graph: Graph,
    modules: Vec<Module>,
    outlines: Vec<Option<OutlineSize>>,
}

#[derive(Serialize, Deserialize)]
struct WireFile {
    /// Paths are read back as written, as the cache's JSON records are: the checksum vouches
    /// that they are the paths this module wrote.
    path: RepoPath,
    hash: [u8; 32],
    language: u8,
    bytes: u64,
    lines: u32,
    tokens: u32,
    flags: u8,
    doc: Option<String>,
    symbols: Vec<WireSymbol>,
    imports: Vec<WireImport>,
    syntax_errors: u32,
    semantic_hash: Option<[u8; 32]>,
    exports: Option<Vec<String>>,
    /// The manifest facts of the few manifest files, as their JSON: `(cargo, js, go, composer)`.
    manifests: Option<String>,
    package: Option<String>,
    module_uses: Vec<(String, String)>,
    package_uses: Vec<String>,
    type_uses: Vec<String>,
    export_aliases: Vec<(String, String)>,
    timed_out: bool,
}

#[derive(Serialize, Deserialize)]
struct WireSymbol {
    kind: SymbolKind,
    name: String,
    line: u32,
    end_line: u32,
    signature: String,
    doc: Option<String>,
    visibility: Option<Visibility>,
    parent: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WireImport {
    raw: String,
    resolved: Option<RepoPath>,
    line: u32,
    kind: ImportKind,
    name: Option<String>,
    scope: Option<String>,
    path_attribute: Option<String>,
    private: bool,
}

type Manifests = (
    Option<CargoPackage>,
    Option<JsManifest>,
    Option<GoModule>,
    Option<ComposerAutoload>,
);

impl WireFile {
    fn from_map(file: &FileMap) -> WireFile {
        let FileMap {
            path,
            hash,
            language,
            bytes,
            lines,
            tokens,
            flags,
            parsed,
        } = file;
        let ParsedFile {
            doc,
            symbols,
            imports,
            syntax_errors,
            semantic_hash,
            exports,
            cargo,
            js_manifest,
            go_module,
            composer,
            package,
            module_uses,
            package_uses,
            type_uses,
            export_aliases,
            timed_out,
        } = parsed;
        let has_manifest =
            cargo.is_some() || js_manifest.is_some() || go_module.is_some() || composer.is_some();
        let manifests = has_manifest
            .then(|| serde_json::to_string(&(cargo, js_manifest, go_module, composer)).ok())
            .flatten();
        WireFile {
            path: path.clone(),
            hash: *hash.as_bytes(),
            language: language_code(*language),
            bytes: *bytes,
            lines: *lines,
            tokens: *tokens,
            flags: flag_bits(*flags),
            doc: doc.clone(),
            symbols: symbols.iter().map(WireSymbol::from_symbol).collect(),
            imports: imports.iter().map(WireImport::from_import).collect(),
            syntax_errors: *syntax_errors,
            semantic_hash: semantic_hash.map(|hash| *hash.as_bytes()),
            exports: exports.clone(),
            manifests,
            package: package.clone(),
            module_uses: module_uses.clone(),
            package_uses: package_uses.clone(),
            type_uses: type_uses.clone(),
            export_aliases: export_aliases.clone(),
            timed_out: *timed_out,
        }
    }

    fn into_map(self) -> Result<FileMap, String> {
        let WireFile {
            path,
            hash,
            language,
            bytes,
            lines,
            tokens,
            flags,
            doc,
            symbols,
            imports,
            syntax_errors,
            semantic_hash,
            exports,
            manifests,
            package,
            module_uses,
            package_uses,
            type_uses,
            export_aliases,
            timed_out,
        } = self;
        let language = *Language::ALL
            .get(usize::from(language))
            .ok_or_else(|| format!("unknown language {language}"))?;
        let (cargo, js_manifest, go_module, composer): Manifests = match manifests {
            Some(json) => serde_json::from_str(&json).map_err(|error| error.to_string())?,
            None => (None, None, None, None),
        };
        Ok(FileMap {
            path,
            hash: ContentHash(hash),
            language,
            bytes,
            lines,
            tokens,
            flags: flags_of(flags),
            parsed: ParsedFile {
                doc,
                symbols: symbols.into_iter().map(WireSymbol::into_symbol).collect(),
                imports: imports.into_iter().map(WireImport::into_import).collect(),
                syntax_errors,
                semantic_hash: semantic_hash.map(ContentHash),
                exports,
                cargo,
                js_manifest,
                go_module,
                composer,
                package,
                module_uses,
                package_uses,
                type_uses,
                export_aliases,
                timed_out,
            },
        })
    }
}

impl WireSymbol {
    fn from_symbol(symbol: &Symbol) -> WireSymbol {
        let Symbol {
            kind,
            name,
            line,
            end_line,
            signature,
            doc,
            visibility,
            parent,
        } = symbol;
        WireSymbol {
            kind: *kind,
            name: name.clone(),
            line: *line,
            end_line: *end_line,
            signature: signature.clone(),
            doc: doc.clone(),
            visibility: *visibility,
            parent: parent.clone(),
        }
    }

    fn into_symbol(self) -> Symbol {
        let WireSymbol {
            kind,
            name,
            line,
            end_line,
            signature,
            doc,
            visibility,
            parent,
        } = self;
        Symbol {
            kind,
            name,
            line,
            end_line,
            signature,
            doc,
            visibility,
            parent,
        }
    }
}

impl WireImport {
    fn from_import(import: &Import) -> WireImport {
        let Import {
            raw,
            resolved,
            line,
            kind,
            name,
            scope,
            path_attribute,
            private,
        } = import;
        WireImport {
            raw: raw.clone(),
            resolved: resolved.clone(),
            line: *line,
            kind: *kind,
            name: name.clone(),
            scope: scope.clone(),
            path_attribute: path_attribute.clone(),
            private: *private,
        }
    }

    fn into_import(self) -> Import {
        let WireImport {
            raw,
            resolved,
            line,
            kind,
            name,
            scope,
            path_attribute,
            private,
        } = self;
        Import {
            raw,
            resolved,
            line,
            kind,
            name,
            scope,
            path_attribute,
            private,
        }
    }
}
