//! The loaded question index kept as one file, `.cartograph/lens/index.bin`: every file's map
//! with its imports resolved, the code graph, the modules and the outline sizes, so that a
//! question on an unchanged tree reads one file instead of loading every map from the cache,
//! resolving imports and building the graph again. `question.rs` reads and writes it; this
//! module only encodes, checks and decodes it. Summaries are not in it: they are looked up in
//! the cache at every load, since a docs run or the team cache can add them to a tree whose
//! files did not change.
//!
//! The file is a header (magic, format, payload length, BLAKE3 of the payload) and a payload
//! of sections (see `SECTIONS`): the graph, modules and outline sizes; each file's head; the
//! name table; and each file's body, decoded only when the file's map is asked for
//! (`FileMaps`), so that a question decodes the maps of the few files it reads rather than
//! all of them. The whole payload is checked at load, so no part of a damaged file is ever
//! used. A file that is missing, of another format, damaged or for another tree is never used
//! as it is: the caller builds the index again, reusing the maps of unchanged files, and
//! writes a new file in its place unless only a few files changed (`question.rs`).

use crate::IndexEntry;
use cartograph_core::{
    BoxedStr, BuildConstraint, Calls, CargoPackage, CommandFlag, ComposerAutoload, ContentHash,
    FileFlags, FileHead, FileMap, FileSet, GoModule, Import, ImportKind, JsManifest, Language,
    Module, ParsedFile, RepoPath, Route, Symbol, SymbolKind, TestBlocks, Visibility,
};
use cartograph_graph::Graph;
use cartograph_lens::OutlineSize;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Bump when what is stored or how changes: the wire types below, the fields of `Graph`,
/// `Module` or `OutlineSize`, the tokenizer that counts outlines, or the rules that resolve
/// what is stored (12: a Python stub's imports are type-only, a relative import of missing
/// build output leads to its source, an exported Rust macro is found where it is written).
const FORMAT: u32 = 28;
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
    pub files: FileMaps,
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
                .zip(&self.files.heads)
                .all(|(node, head)| *node == head.path)
    }
}

/// The files of an index by position, sorted by path: each file's head (path, hash, language,
/// sizes, flags, semantic hash) at hand, and its map decoded from the stored index's bytes the
/// first time it is asked for, then kept. A question decodes only the maps of the files it
/// shows and of those that define a name it spells out; a list built from maps (`From<Vec>`)
/// holds them all from the start. A body is read from the file the load checked whole, still
/// open (a new index is renamed into place, never written over this one), so a map that does
/// not decode is a bug, not damage: it is logged and read as a map with nothing parsed.
#[derive(Clone)]
pub struct FileMaps {
    heads: Vec<Head>,
    maps: Vec<OnceLock<FileMap>>,
    /// Every symbol's name hash (`name_hash`) with its file's position, sorted, once per file.
    names: Vec<(u64, u32)>,
    /// The stored bytes the maps not yet decoded are decoded from.
    bodies: Option<Arc<Bodies>>,
    /// Every map in one slice, for callers that need `&[FileMap]` (`FileMaps::all`).
    all: OnceLock<Vec<FileMap>>,
}

/// A file's head as `FileMaps` keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    path: RepoPath,
    hash: ContentHash,
    language: Language,
    bytes: u64,
    lines: u32,
    tokens: u32,
    flags: FileFlags,
    semantic_hash: Option<ContentHash>,
}

impl Head {
    fn of(file: &FileMap) -> Head {
        Head {
            path: file.path.clone(),
            hash: file.hash,
            language: file.language,
            bytes: file.bytes,
            lines: file.lines,
            tokens: file.tokens,
            flags: file.flags,
            semantic_hash: file.parsed.semantic_hash,
        }
    }
}

/// The bodies section of the stored file (each file's postcard body, one after another), read
/// where it lies when a body is asked for: the file stays open, so a new index renamed into
/// its place meanwhile does not change what is read, which is what the load checked.
struct Bodies {
    file: std::fs::File,
    /// Where the section starts in `file`.
    offset: u64,
    /// Per file, where its body starts within the section, and one past the last body.
    starts: Vec<usize>,
}

impl Bodies {
    fn body(&self, at: usize) -> Result<Vec<u8>, String> {
        let range = self
            .starts
            .get(at)
            .zip(self.starts.get(at + 1))
            .ok_or("no such body")?;
        let mut body = vec![0; range.1.saturating_sub(*range.0)];
        read_at(&self.file, self.offset + *range.0 as u64, &mut body)
            .map_err(|error| error.to_string())?;
        Ok(body)
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &std::fs::File, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = file;
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// The hash a symbol's name is kept under in `FileMaps::files_naming`: 64-bit FNV-1a, written
/// here so that it never changes under the stored files.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every symbol's `(name_hash, file)` of `files`, sorted, each pair once.
fn names_of<'f>(files: impl IndexedParallelIterator<Item = &'f FileMap>) -> Vec<(u64, u32)> {
    let mut names: Vec<(u64, u32)> = files
        .enumerate()
        .flat_map_iter(|(at, file)| {
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            file.parsed
                .symbols
                .iter()
                .map(move |symbol| (name_hash(&symbol.name), at))
        })
        .collect();
    names.par_sort_unstable();
    names.dedup();
    names
}

impl From<Vec<FileMap>> for FileMaps {
    fn from(files: Vec<FileMap>) -> FileMaps {
        let heads = files.iter().map(Head::of).collect();
        let names = names_of(files.par_iter());
        FileMaps {
            heads,
            maps: files.into_iter().map(OnceLock::from).collect(),
            names,
            bodies: None,
            all: OnceLock::new(),
        }
    }
}

impl FileMaps {
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The map of the file at `at`, decoded now if it was not yet.
    pub fn get(&self, at: usize) -> Option<&FileMap> {
        let (cell, head) = (self.maps.get(at)?, self.heads.get(at)?);
        Some(cell.get_or_init(|| decode_map(self.bodies.as_deref(), at, head)))
    }

    /// The position of the file at `path`.
    pub fn position(&self, path: &RepoPath) -> Option<usize> {
        self.heads.binary_search_by(|head| head.path.cmp(path)).ok()
    }

    /// The map of the file at `path`.
    pub fn by_path(&self, path: &RepoPath) -> Option<&FileMap> {
        self.get(self.position(path)?)
    }

    /// Every file's head, in order; nothing is decoded.
    pub fn heads(&self) -> impl Iterator<Item = FileHead<'_>> {
        (0..self.len()).map(|at| self.head(at))
    }

    /// Every map, in order, each decoded as the iteration reaches it.
    pub fn iter(&self) -> impl Iterator<Item = &FileMap> {
        (0..self.len()).filter_map(|at| self.get(at))
    }

    /// Every map in one slice, for callers that need one (the MCP server's structural pages):
    /// decoded on both cores the first time and kept beside the maps decoded one by one.
    pub fn all(&self) -> &[FileMap] {
        self.all.get_or_init(|| {
            (0..self.len())
                .into_par_iter()
                .filter_map(|at| self.get(at).cloned())
                .collect()
        })
    }

    /// The maps, owned; those not decoded yet are decoded on both cores.
    pub fn into_maps(self) -> Vec<FileMap> {
        let FileMaps {
            heads,
            maps,
            bodies,
            ..
        } = self;
        heads
            .into_par_iter()
            .zip(maps)
            .enumerate()
            .map(|(at, (head, cell))| {
                cell.into_inner()
                    .unwrap_or_else(|| decode_map(bodies.as_deref(), at, &head))
            })
            .collect()
    }
}

/// The map of the file at `at` from its head and its stored body.
fn decode_map(bodies: Option<&Bodies>, at: usize, head: &Head) -> FileMap {
    let parsed = match bodies.map(|bodies| bodies.body(at)) {
        Some(body) => body.and_then(|body| {
            postcard::from_bytes::<WireBody>(&body)
                .map_err(|error| error.to_string())
                .and_then(|body| body.into_parsed(head.semantic_hash))
        }),
        None => Err("no stored body".to_string()),
    };
    let parsed = parsed.unwrap_or_else(|message| {
        tracing::error!(
            "the stored map of `{}` does not decode ({message}); it is read as empty",
            head.path
        );
        ParsedFile {
            semantic_hash: head.semantic_hash,
            ..ParsedFile::default()
        }
    });
    FileMap {
        path: head.path.clone(),
        hash: head.hash,
        language: head.language,
        bytes: head.bytes,
        lines: head.lines,
        tokens: head.tokens,
        flags: head.flags,
        parsed,
    }
}

impl FileSet for FileMaps {
    fn len(&self) -> usize {
        self.heads.len()
    }

    fn head(&self, at: usize) -> FileHead<'_> {
        let head = &self.heads[at];
        FileHead {
            path: &head.path,
            hash: head.hash,
            language: head.language,
            bytes: head.bytes,
            lines: head.lines,
            tokens: head.tokens,
            flags: head.flags,
            semantic_hash: head.semantic_hash,
        }
    }

    fn map(&self, at: usize) -> &FileMap {
        let head = &self.heads[at];
        self.maps[at].get_or_init(|| decode_map(self.bodies.as_deref(), at, head))
    }

    fn files_naming(&self, name: &str) -> Option<Vec<usize>> {
        let hash = name_hash(name);
        let start = self.names.partition_point(|(held, _)| *held < hash);
        Some(
            self.names[start..]
                .iter()
                .take_while(|(held, _)| *held == hash)
                .map(|&(_, at)| at as usize)
                .filter(|&at| at < self.heads.len())
                .collect(),
        )
    }
}

/// Two lists are equal when their maps are (every map decoded).
impl PartialEq for FileMaps {
    fn eq(&self, other: &FileMaps) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for FileMaps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let decoded = self.maps.iter().filter(|cell| cell.get().is_some()).count();
        f.debug_struct("FileMaps")
            .field("files", &self.heads.len())
            .field("decoded", &decoded)
            .field("names", &self.names.len())
            .finish()
    }
}

/// Reads and checks the stored index at `path`: the whole payload passes through BLAKE3, but
/// only the sections before the bodies are kept in memory and decoded now (the graph, the
/// files' heads and the name table); each file's body is read and decoded when its map is
/// asked for (`FileMaps`).
pub fn read(path: &Path) -> Result<StoredIndex, StoredIndexError> {
    let failed = |problem| match problem {
        Problem::Io(source) => StoredIndexError::Read {
            path: path.to_path_buf(),
            source,
        },
        Problem::Foreign => StoredIndexError::Foreign(path.to_path_buf()),
        Problem::Damaged => StoredIndexError::Damaged(path.to_path_buf()),
        Problem::Decode(message) => StoredIndexError::Decode {
            path: path.to_path_buf(),
            message,
        },
    };
    let started = std::time::Instant::now();
    let mut file = std::fs::File::open(path).map_err(|error| failed(Problem::Io(error)))?;
    let checked = check(&mut file).map_err(failed)?;
    tracing::debug!(
        "stored index: {} bytes checked in {:?}",
        checked.bodies_offset + checked.bodies_length,
        started.elapsed()
    );
    let index = decode(checked, file).map_err(failed)?;
    tracing::debug!("stored index: decoded at {:?}", started.elapsed());
    Ok(index)
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
    Io(std::io::Error),
    Foreign,
    Damaged,
    Decode(String),
}

impl From<std::io::Error> for Problem {
    /// A file that ends early is damaged; any other failure to read it is an IO error.
    fn from(error: std::io::Error) -> Problem {
        match error.kind() {
            std::io::ErrorKind::UnexpectedEof => Problem::Damaged,
            _ => Problem::Io(error),
        }
    }
}

/// The payload's sections, in order, each a little-endian `u64` length and its bytes:
/// everything but the files (postcard `WireHead`); the files' heads (postcard
/// `Vec<WireFileHead>`); the name table (`(u64 name hash, u32 file)` little-endian records,
/// sorted); where each file's body starts (`u64`s, one per file and one past the last); the
/// bodies (each file's postcard `WireBody`, one after another).
const SECTIONS: usize = 5;

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
    let heads: Vec<WireFileHead> = index
        .files
        .heads
        .iter()
        .map(WireFileHead::from_head)
        .collect();
    let bodies = (0..index.files.len())
        .into_par_iter()
        .map(|at| postcard::to_stdvec(&WireBody::from_map(index.files.map(at))))
        .collect::<Result<Vec<Vec<u8>>, postcard::Error>>()
        .map_err(failed)?;
    let mut names = Vec::with_capacity(index.files.names.len() * 12);
    for (hash, at) in &index.files.names {
        names.extend_from_slice(&hash.to_le_bytes());
        names.extend_from_slice(&at.to_le_bytes());
    }
    let mut starts = Vec::with_capacity((bodies.len() + 1) * 8);
    let mut start = 0u64;
    for body in &bodies {
        starts.extend_from_slice(&start.to_le_bytes());
        start += body.len() as u64;
    }
    starts.extend_from_slice(&start.to_le_bytes());
    let sections = [
        postcard::to_stdvec(&head).map_err(failed)?,
        postcard::to_stdvec(&heads).map_err(failed)?,
        names,
        starts,
        bodies.concat(),
    ];
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

fn le_u64(bytes: &[u8]) -> Option<u64> {
    bytes.try_into().ok().map(u64::from_le_bytes)
}

/// The sections before the bodies, and where the bodies lie in the file, once the whole
/// payload is checked.
struct Checked {
    head: Vec<u8>,
    heads: Vec<u8>,
    names: Vec<u8>,
    starts: Vec<u8>,
    bodies_offset: u64,
    bodies_length: u64,
}

/// Reads the header and every section of `file` through BLAKE3, keeping the sections before
/// the bodies; the bodies pass through a small buffer and are read again only when a map is
/// asked for. Nothing is decoded before the checksum matches.
fn check(file: &mut std::fs::File) -> Result<Checked, Problem> {
    use std::io::Read;
    let file_length = file.metadata()?.len();
    let mut header = [0u8; HEADER_LEN];
    if file_length < HEADER_LEN as u64 {
        return Err(Problem::Foreign);
    }
    file.read_exact(&mut header)?;
    if &header[..8] != MAGIC {
        return Err(Problem::Foreign);
    }
    if header[8..12].try_into().ok().map(u32::from_le_bytes) != Some(FORMAT) {
        return Err(Problem::Foreign);
    }
    let payload_length = file_length - HEADER_LEN as u64;
    if le_u64(&header[12..20]) != Some(payload_length) {
        return Err(Problem::Damaged);
    }
    let mut hasher = blake3::Hasher::new();
    let mut remaining = payload_length;
    // Reads one section's length, checked against what is left of the payload.
    let mut section_length = |file: &mut std::fs::File, hasher: &mut blake3::Hasher| {
        let mut length = [0u8; 8];
        file.read_exact(&mut length)?;
        hasher.update(&length);
        let length = u64::from_le_bytes(length);
        remaining = remaining.checked_sub(8).ok_or(Problem::Damaged)?;
        remaining = remaining.checked_sub(length).ok_or(Problem::Damaged)?;
        Ok::<u64, Problem>(length)
    };
    let mut front = Vec::with_capacity(SECTIONS - 1);
    for _ in 0..SECTIONS - 1 {
        let length = section_length(file, &mut hasher)?;
        let mut section = vec![0u8; usize::try_from(length).map_err(|_| Problem::Damaged)?];
        file.read_exact(&mut section)?;
        hasher.update(&section);
        front.push(section);
    }
    let bodies_length = section_length(file, &mut hasher)?;
    if remaining != 0 {
        return Err(Problem::Damaged);
    }
    let bodies_offset = file_length - bodies_length;
    let mut buffer = vec![0u8; 1 << 20];
    let mut unread = bodies_length;
    while unread > 0 {
        let take = usize::try_from(unread.min(buffer.len() as u64)).unwrap_or(buffer.len());
        file.read_exact(&mut buffer[..take])?;
        hasher.update(&buffer[..take]);
        unread -= take as u64;
    }
    if hasher.finalize().as_bytes()[..] != header[20..] {
        return Err(Problem::Damaged);
    }
    let [head, heads, names, starts]: [Vec<u8>; SECTIONS - 1] = front
        .try_into()
        .map_err(|_| Problem::Decode("not the sections of this format".to_string()))?;
    Ok(Checked {
        head,
        heads,
        names,
        starts,
        bodies_offset,
        bodies_length,
    })
}

/// The index of a checked file: the graph, heads and name table decoded, the bodies left in
/// `file` until they are asked for.
fn decode(checked: Checked, file: std::fs::File) -> Result<StoredIndex, Problem> {
    let Checked {
        head,
        heads,
        names,
        starts,
        bodies_offset,
        bodies_length,
    } = checked;
    let decode_error = |error: postcard::Error| Problem::Decode(error.to_string());
    let (head, heads) = rayon::join(
        || postcard::from_bytes::<WireHead>(&head).map_err(decode_error),
        || {
            postcard::from_bytes::<Vec<WireFileHead>>(&heads)
                .map_err(decode_error)?
                .into_iter()
                .map(WireFileHead::into_head)
                .collect::<Result<Vec<Head>, String>>()
                .map_err(Problem::Decode)
        },
    );
    let (head, heads) = (head?, heads?);
    if heads.len() as u64 != head.n_files {
        return Err(Problem::Decode("the files do not add up".to_string()));
    }
    let names: Vec<(u64, u32)> = names
        .chunks(12)
        .map(|record| {
            let (hash, at) = record.split_at_checked(8)?;
            Some((le_u64(hash)?, u32::from_le_bytes(at.try_into().ok()?)))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Problem::Decode("the name table is cut".to_string()))?;
    let body_starts: Vec<usize> = starts
        .chunks(8)
        .map(|start| le_u64(start).and_then(|start| usize::try_from(start).ok()))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Problem::Decode("the body table is cut".to_string()))?;
    let bodies_whole = body_starts.len() == heads.len() + 1
        && body_starts.first() == Some(&0)
        && body_starts.last().map(|&end| end as u64) == Some(bodies_length)
        && body_starts.windows(2).all(|pair| pair[0] <= pair[1]);
    if !bodies_whole {
        return Err(Problem::Decode("the bodies do not add up".to_string()));
    }
    let n_files = heads.len();
    let index = StoredIndex {
        key: head.key,
        extractor_version: head.extractor_version,
        files: FileMaps {
            heads,
            maps: (0..n_files).map(|_| OnceLock::new()).collect(),
            names,
            bodies: Some(Arc::new(Bodies {
                file,
                offset: bodies_offset,
                starts: body_starts,
            })),
            all: OnceLock::new(),
        },
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
        // Set only on the maps the docs make for their pages, never stored.
        unread: _,
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
        unread: None,
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

/// What `FileMaps` holds of a file before its map is decoded.
#[derive(Serialize, Deserialize)]
struct WireFileHead {
    /// Paths are read back as written, as the cache's JSON records are: the checksum vouches
    /// that they are the paths this module wrote.
    path: RepoPath,
    hash: [u8; 32],
    language: u8,
    bytes: u64,
    lines: u32,
    tokens: u32,
    flags: u8,
    semantic_hash: Option<[u8; 32]>,
}

/// The rest of a file's map, decoded when it is asked for.
#[derive(Serialize, Deserialize)]
struct WireBody {
    doc: Option<String>,
    symbols: Vec<WireSymbol>,
    imports: Vec<WireImport>,
    syntax_errors: u32,
    exports: Option<Vec<String>>,
    /// The manifest facts of the few manifest files, as their JSON: `(cargo, js, go, composer)`.
    manifests: Option<String>,
    package: Option<String>,
    module_uses: Vec<(String, String)>,
    package_uses: Vec<String>,
    type_uses: Vec<String>,
    export_aliases: Vec<(String, String)>,
    clause_exports: Vec<(String, String)>,
    test_blocks: Option<(u32, Vec<String>)>,
    build_constraint: Option<WireBuildConstraint>,
    script_guard: Option<u32>,
    script_body: Option<u32>,
    routes: Vec<WireRoute>,
    command_flags: Vec<(String, Option<String>, u32)>,
    calls: Calls,
    bases: Vec<(u32, BoxedStr)>,
    test_functions: u32,
    disabled_tests: u32,
    test_macros: u32,
    test_spans: Vec<(u32, u32)>,
    multiplying_fixtures: Vec<String>,
    doc_examples: u32,
    gated_doc_examples: u32,
    macro_impls: Vec<(BoxedStr, BoxedStr)>,
    path_literals: Vec<BoxedStr>,
    python_paths: Vec<BoxedStr>,
    timed_out: bool,
}

/// `Route`: method, path, line, handler.
type WireRoute = (String, String, u32, Option<String>);

/// `BuildConstraint`: expression, default build, enabling tags, only on, never on, built on.
type WireBuildConstraint = (
    String,
    bool,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
);

#[derive(Serialize, Deserialize)]
struct WireSymbol {
    kind: SymbolKind,
    name: BoxedStr,
    line: u32,
    end_line: u32,
    signature: BoxedStr,
    doc: Option<BoxedStr>,
    visibility: Option<Visibility>,
    parent: Option<BoxedStr>,
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
    condition: Option<String>,
    public_condition: Option<String>,
}

type Manifests = (
    Option<Box<CargoPackage>>,
    Option<Box<JsManifest>>,
    Option<Box<GoModule>>,
    Option<Box<ComposerAutoload>>,
);

impl WireFileHead {
    fn from_head(head: &Head) -> WireFileHead {
        let Head {
            path,
            hash,
            language,
            bytes,
            lines,
            tokens,
            flags,
            semantic_hash,
        } = head;
        WireFileHead {
            path: path.clone(),
            hash: *hash.as_bytes(),
            language: language_code(*language),
            bytes: *bytes,
            lines: *lines,
            tokens: *tokens,
            flags: flag_bits(*flags),
            semantic_hash: semantic_hash.map(|hash| *hash.as_bytes()),
        }
    }

    fn into_head(self) -> Result<Head, String> {
        let WireFileHead {
            path,
            hash,
            language,
            bytes,
            lines,
            tokens,
            flags,
            semantic_hash,
        } = self;
        let language = *Language::ALL
            .get(usize::from(language))
            .ok_or_else(|| format!("unknown language {language}"))?;
        Ok(Head {
            path,
            hash: ContentHash(hash),
            language,
            bytes,
            lines,
            tokens,
            flags: flags_of(flags),
            semantic_hash: semantic_hash.map(ContentHash),
        })
    }
}

impl WireBody {
    /// The body of `file`; the rest of it is in its head (`Head::of`).
    fn from_map(file: &FileMap) -> WireBody {
        let ParsedFile {
            doc,
            symbols,
            imports,
            syntax_errors,
            semantic_hash: _,
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
            clause_exports,
            test_blocks,
            build_constraint,
            script_guard,
            script_body,
            routes,
            command_flags,
            calls,
            bases,
            test_functions,
            disabled_tests,
            test_macros,
            test_spans,
            multiplying_fixtures,
            doc_examples,
            gated_doc_examples,
            macro_impls,
            path_literals,
            python_paths,
            timed_out,
        } = &file.parsed;
        let has_manifest =
            cargo.is_some() || js_manifest.is_some() || go_module.is_some() || composer.is_some();
        let manifests = has_manifest
            .then(|| serde_json::to_string(&(cargo, js_manifest, go_module, composer)).ok())
            .flatten();
        WireBody {
            doc: doc.clone(),
            symbols: symbols.iter().map(WireSymbol::from_symbol).collect(),
            imports: imports.iter().map(WireImport::from_import).collect(),
            syntax_errors: *syntax_errors,
            exports: exports.clone(),
            manifests,
            package: package.clone(),
            module_uses: module_uses.clone(),
            package_uses: package_uses.clone(),
            type_uses: type_uses.clone(),
            export_aliases: export_aliases.clone(),
            clause_exports: clause_exports.clone(),
            test_blocks: test_blocks
                .as_ref()
                .map(|blocks| (blocks.count, blocks.titles.clone())),
            build_constraint: build_constraint.as_deref().map(|constraint| {
                let BuildConstraint {
                    expr,
                    default_build,
                    enabling_tags,
                    only_on,
                    never_on,
                    built_on,
                } = constraint;
                (
                    expr.clone(),
                    *default_build,
                    enabling_tags.clone(),
                    only_on.clone(),
                    never_on.clone(),
                    built_on.clone(),
                )
            }),
            script_guard: *script_guard,
            script_body: *script_body,
            routes: routes
                .iter()
                .map(|route| {
                    let Route {
                        method,
                        path,
                        line,
                        handler,
                    } = route;
                    (method.clone(), path.clone(), *line, handler.clone())
                })
                .collect(),
            command_flags: command_flags
                .iter()
                .map(|flag| (flag.name.clone(), flag.help.clone(), flag.line))
                .collect(),
            calls: calls.clone(),
            bases: bases.clone(),
            test_functions: *test_functions,
            disabled_tests: *disabled_tests,
            test_macros: *test_macros,
            test_spans: test_spans.clone(),
            multiplying_fixtures: multiplying_fixtures.clone(),
            doc_examples: *doc_examples,
            gated_doc_examples: *gated_doc_examples,
            macro_impls: macro_impls.clone(),
            path_literals: path_literals.clone(),
            python_paths: python_paths.clone(),
            timed_out: *timed_out,
        }
    }

    /// The parsed part of a map, with the semantic hash its head holds.
    fn into_parsed(self, semantic_hash: Option<ContentHash>) -> Result<ParsedFile, String> {
        let WireBody {
            doc,
            symbols,
            imports,
            syntax_errors,
            exports,
            manifests,
            package,
            module_uses,
            package_uses,
            type_uses,
            export_aliases,
            clause_exports,
            test_blocks,
            build_constraint,
            script_guard,
            script_body,
            routes,
            command_flags,
            calls,
            bases,
            test_functions,
            disabled_tests,
            test_macros,
            test_spans,
            multiplying_fixtures,
            doc_examples,
            gated_doc_examples,
            macro_impls,
            path_literals,
            python_paths,
            timed_out,
        } = self;
        let (cargo, js_manifest, go_module, composer): Manifests = match manifests {
            Some(json) => serde_json::from_str(&json).map_err(|error| error.to_string())?,
            None => (None, None, None, None),
        };
        Ok(ParsedFile {
            doc,
            symbols: symbols.into_iter().map(WireSymbol::into_symbol).collect(),
            imports: imports.into_iter().map(WireImport::into_import).collect(),
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
            clause_exports,
            test_blocks: test_blocks.map(|(count, titles)| Box::new(TestBlocks { count, titles })),
            build_constraint: build_constraint.map(
                |(expr, default_build, enabling_tags, only_on, never_on, built_on)| {
                    Box::new(BuildConstraint {
                        expr,
                        default_build,
                        enabling_tags,
                        only_on,
                        never_on,
                        built_on,
                    })
                },
            ),
            script_guard,
            script_body,
            routes: routes
                .into_iter()
                .map(|(method, path, line, handler)| Route {
                    method,
                    path,
                    line,
                    handler,
                })
                .collect(),
            command_flags: command_flags
                .into_iter()
                .map(|(name, help, line)| CommandFlag { name, help, line })
                .collect(),
            calls,
            bases,
            test_functions,
            disabled_tests,
            test_macros,
            test_spans,
            multiplying_fixtures,
            doc_examples,
            gated_doc_examples,
            macro_impls,
            path_literals,
            python_paths,
            timed_out,
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
            condition,
            public_condition,
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
            condition: condition.clone(),
            public_condition: public_condition.clone(),
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
            condition,
            public_condition,
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
            condition,
            public_condition,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn path(text: &str) -> RepoPath {
        RepoPath::new(text).unwrap()
    }

    fn symbol(name: &str, line: u32, parent: Option<&str>) -> Symbol {
        Symbol {
            kind: SymbolKind::Function,
            name: name.into(),
            line,
            end_line: line + 2,
            signature: format!("def {name}():").into(),
            doc: Some(format!("Does {name}.").into()),
            visibility: None,
            parent: parent.map(Into::into),
        }
    }

    /// Maps with every part a stored body carries: docs, symbols, resolved imports, exports,
    /// a manifest, uses and aliases, a script guard and routes.
    fn maps() -> Vec<FileMap> {
        let file = |text: &str, language: Language, parsed: ParsedFile| FileMap {
            path: path(text),
            hash: ContentHash::of(text.as_bytes()),
            language,
            bytes: 100,
            lines: 10,
            tokens: 30,
            flags: FileFlags::default(),
            parsed,
        };
        vec![
            file(
                "Cargo.toml",
                Language::Toml,
                ParsedFile {
                    cargo: Some(Box::new(CargoPackage {
                        name: "walker".to_string(),
                        ..CargoPackage::default()
                    })),
                    ..ParsedFile::default()
                },
            ),
            file(
                "app/main.py",
                Language::Python,
                ParsedFile {
                    doc: Some("Runs the application.".to_string()),
                    symbols: vec![symbol("main", 3, None), symbol("run", 8, Some("App"))],
                    imports: vec![Import {
                        raw: "app.util".to_string(),
                        resolved: Some(path("app/util.py")),
                        line: 1,
                        kind: ImportKind::Import,
                        name: Some("helper".to_string()),
                        ..Import::default()
                    }],
                    syntax_errors: 1,
                    semantic_hash: Some(ContentHash::of(b"semantic")),
                    exports: Some(vec!["main".to_string()]),
                    module_uses: vec![("util".to_string(), "helper".to_string())],
                    script_guard: Some(9),
                    routes: Box::new([Route {
                        method: "GET".to_string(),
                        path: "/users".to_string(),
                        line: 5,
                        handler: Some("users".to_string()),
                    }]),
                    command_flags: Box::new([CommandFlag {
                        name: "--count".to_string(),
                        help: Some("how many".to_string()),
                        line: 7,
                    }]),
                    ..ParsedFile::default()
                },
            ),
            file(
                "app/util.py",
                Language::Python,
                ParsedFile {
                    symbols: vec![symbol("helper", 1, None), symbol("run", 5, None)],
                    package: Some("app".to_string()),
                    package_uses: vec!["x".to_string()],
                    type_uses: vec!["T".to_string()],
                    export_aliases: vec![("a".to_string(), "b".to_string())],
                    build_constraint: Some(Box::new(BuildConstraint {
                        expr: "nomsgpack".to_string(),
                        default_build: false,
                        enabling_tags: vec!["nomsgpack".to_string()],
                        only_on: vec!["linux".to_string()],
                        never_on: vec!["windows".to_string()],
                        built_on: vec!["android".to_string(), "linux".to_string()],
                    })),
                    timed_out: true,
                    ..ParsedFile::default()
                },
            ),
        ]
    }

    fn stored(maps: &[FileMap]) -> StoredIndex {
        StoredIndex {
            key: [7; 32],
            extractor_version: 3,
            files: FileMaps::from(maps.to_vec()),
            graph: Graph::build(maps),
            modules: Vec::new(),
            outlines: vec![None; maps.len()],
        }
    }

    /// `bytes` written to a file and read back as `read` reads the stored index; the directory
    /// is kept for as long as the index reads bodies from it.
    fn read_back(bytes: &[u8]) -> (tempfile::TempDir, Result<StoredIndex, StoredIndexError>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.bin");
        std::fs::write(&path, bytes).unwrap();
        let read = read(&path);
        (dir, read)
    }

    fn decoded_count(files: &FileMaps) -> usize {
        files
            .maps
            .iter()
            .filter(|cell| cell.get().is_some())
            .count()
    }

    #[test]
    fn a_lazily_decoded_file_equals_the_eagerly_built_one() {
        let maps = maps();
        let bytes = encode(&stored(&maps)).unwrap();
        let (_dir, read) = read_back(&bytes);
        let read = read.unwrap();
        let files = &read.files;
        assert_eq!(decoded_count(files), 0, "nothing decoded at load");
        for (at, eager) in maps.iter().enumerate() {
            assert_eq!(files.head(at), FileHead::of(eager));
        }
        assert_eq!(files.files_naming("run"), Some(vec![1, 2]));
        assert_eq!(files.files_naming("main"), Some(vec![1]));
        assert_eq!(files.files_naming("absent"), Some(Vec::new()));
        assert_eq!(decoded_count(files), 0, "heads and names decode no map");

        assert_eq!(files.map(2), &maps[2]);
        assert_eq!(decoded_count(files), 1);
        assert_eq!(files.by_path(&path("app/main.py")), Some(&maps[1]));
        assert_eq!(files.by_path(&path("app/absent.py")), None);
        assert_eq!(files.all(), maps.as_slice());
        assert_eq!(files.clone().into_maps(), maps);
        assert_eq!(*files, FileMaps::from(maps.clone()));
        // Decoded maps are written back as they were read.
        assert_eq!(encode(&read).unwrap(), bytes);
    }

    #[test]
    fn a_damaged_byte_anywhere_in_the_payload_is_caught_at_load() {
        let bytes = encode(&stored(&maps())).unwrap();
        for at in (HEADER_LEN..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            let (_dir, read) = read_back(&damaged);
            assert!(matches!(read, Err(StoredIndexError::Damaged(_))), "{at}");
        }
        let (_dir, read) = read_back(&bytes[..bytes.len() - 1]);
        assert!(matches!(read, Err(StoredIndexError::Damaged(_))));
    }
}
