//! The structural map: walk, stat fast path, hash, parse once per distinct content, count
//! tokens, and stream each file's record into the store. Calls no model.

use crate::PipelineError;
use cartograph_core::{
    ContentHash, FileFlags, FileMap, Language, ParsedFile, RepoPath, SkipReason, SkippedFile,
};
use cartograph_scan::{read_source, Candidate, Classifier, FileStat, WalkOptions};
use cartograph_store::{get_json, put_json, Store};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The stat fast path: per path, the stat and hash of the file as last read. A hit skips reading
/// the file and trusts that its record is in `map_tree()`, so the two trees carry the same
/// extractor version: after an extractor change every file is read and parsed again, instead of
/// being taken as unchanged with no record to load.
pub(crate) fn stat_tree() -> String {
    format!("stat-v2-x{}", cartograph_lang::EXTRACTOR_VERSION)
}

/// Files left out for what their content is (binary, invalid UTF-8, minified), per path: the
/// stat seen when the file was read and why it was left out, so that an unchanged one is not
/// read again on every run (a Python tree's `__pycache__` holds more such files than sources).
/// Named after the scan's rules, which decide from the content alone.
pub(crate) fn skip_tree() -> String {
    format!("skips-v1-r{}", cartograph_scan::CONTENT_SKIP_RULES)
}

/// Content-derived map records are keyed by content hash + language, in a tree named after
/// the extractor version, so a new extractor never reads an old one's records.
pub(crate) fn map_tree() -> String {
    format!("maps-v{}", cartograph_lang::EXTRACTOR_VERSION)
}

fn map_key(hash: &ContentHash, language: Language) -> Vec<u8> {
    let mut key = hash.as_bytes().to_vec();
    key.extend_from_slice(language.name().as_bytes());
    key
}

/// What parsing one distinct content gave; never depends on the path.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct MapRecord {
    lines: u32,
    tokens: u32,
    generated_header: bool,
    parsed: ParsedFile,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StatRecord {
    stat: FileStat,
    /// When the scan that wrote this record started (ns since the epoch): git's "racy" rule.
    recorded_ns: i128,
    hash: ContentHash,
    language: Language,
    lines: u32,
    tokens: u32,
    n_symbols: u32,
    #[serde(default)]
    syntax_errors: u32,
    generated_header: bool,
}

impl StatRecord {
    fn new(
        stat: FileStat,
        recorded_ns: i128,
        hash: ContentHash,
        language: Language,
        record: &MapRecord,
    ) -> StatRecord {
        StatRecord {
            stat,
            recorded_ns,
            hash,
            language,
            lines: record.lines,
            tokens: record.tokens,
            n_symbols: record.parsed.symbols.len() as u32,
            syntax_errors: record.parsed.syntax_errors,
            generated_header: record.generated_header,
        }
    }

    /// Stat records are read for every file on every run, so they use a fixed binary layout
    /// instead of JSON: 105 bytes, decoded without allocating.
    const ENCODED_LEN: usize = 8 + 16 + 16 + 8 + 16 + 32 + 1 + 16 + 1;

    fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(Self::ENCODED_LEN);
        bytes.extend_from_slice(&self.stat.size.to_le_bytes());
        bytes.extend_from_slice(&self.stat.mtime_ns.to_le_bytes());
        bytes.extend_from_slice(&self.stat.ctime_ns.to_le_bytes());
        bytes.extend_from_slice(&self.stat.inode.to_le_bytes());
        bytes.extend_from_slice(&self.recorded_ns.to_le_bytes());
        bytes.extend_from_slice(self.hash.as_bytes());
        let language = Language::ALL
            .iter()
            .position(|l| *l == self.language)
            .unwrap_or(0) as u8;
        bytes.push(language);
        for number in [self.lines, self.tokens, self.n_symbols, self.syntax_errors] {
            bytes.extend_from_slice(&number.to_le_bytes());
        }
        bytes.push(u8::from(self.generated_header));
        bytes
    }

    fn decode(bytes: &[u8]) -> Option<StatRecord> {
        if bytes.len() != Self::ENCODED_LEN {
            return None;
        }
        let mut at = 0;
        let mut take = |n: usize| {
            let slice = &bytes[at..at + n];
            at += n;
            slice
        };
        let u64_of = |slice: &[u8]| slice.try_into().ok().map(u64::from_le_bytes);
        let i128_of = |slice: &[u8]| slice.try_into().ok().map(i128::from_le_bytes);
        let u32_of = |slice: &[u8]| slice.try_into().ok().map(u32::from_le_bytes);
        let stat = FileStat {
            size: u64_of(take(8))?,
            mtime_ns: i128_of(take(16))?,
            ctime_ns: i128_of(take(16))?,
            inode: u64_of(take(8))?,
        };
        let recorded_ns = i128_of(take(16))?;
        let hash = ContentHash(take(32).try_into().ok()?);
        let language = *Language::ALL.get(usize::from(take(1)[0]))?;
        let lines = u32_of(take(4))?;
        let tokens = u32_of(take(4))?;
        let n_symbols = u32_of(take(4))?;
        let syntax_errors = u32_of(take(4))?;
        let generated_header = take(1)[0] != 0;
        Some(StatRecord {
            stat,
            recorded_ns,
            hash,
            language,
            lines,
            tokens,
            n_symbols,
            syntax_errors,
            generated_header,
        })
    }

    fn fill(&self, entry: &mut IndexEntry) {
        entry.lines = self.lines;
        entry.tokens = self.tokens;
        entry.n_symbols = self.n_symbols;
        entry.syntax_errors = self.syntax_errors;
        entry.flags.generated |= self.generated_header;
    }
}

/// Why a file was left out for its content, with the stat it had: `skip_tree()`'s records.
#[derive(Debug, Clone, PartialEq)]
struct SkipRecord {
    stat: FileStat,
    /// When the scan that wrote this record started (ns since the epoch): git's "racy" rule.
    recorded_ns: i128,
    reason: SkipReason,
    detail: Option<String>,
}

impl SkipRecord {
    /// The reasons the content alone decides, with their codes; any other skip depends on the
    /// configuration or on the moment, and is decided again on every run.
    const REASONS: [SkipReason; 3] = [
        SkipReason::Binary,
        SkipReason::InvalidUtf8,
        SkipReason::Minified,
    ];
    const FIXED_LEN: usize = 8 + 16 + 16 + 8 + 16 + 1;

    /// The stat, the time, the reason's code, then the detail's UTF-8 bytes.
    fn encode(&self) -> Vec<u8> {
        let detail = self.detail.as_deref().unwrap_or_default();
        let mut bytes = Vec::with_capacity(Self::FIXED_LEN + detail.len());
        bytes.extend_from_slice(&self.stat.size.to_le_bytes());
        bytes.extend_from_slice(&self.stat.mtime_ns.to_le_bytes());
        bytes.extend_from_slice(&self.stat.ctime_ns.to_le_bytes());
        bytes.extend_from_slice(&self.stat.inode.to_le_bytes());
        bytes.extend_from_slice(&self.recorded_ns.to_le_bytes());
        let code = Self::REASONS
            .iter()
            .position(|reason| *reason == self.reason)
            .unwrap_or(usize::from(u8::MAX));
        bytes.push(code as u8);
        bytes.extend_from_slice(detail.as_bytes());
        bytes
    }

    fn decode(bytes: &[u8]) -> Option<SkipRecord> {
        let (fixed, detail) = bytes.split_at_checked(Self::FIXED_LEN)?;
        let (size, rest) = fixed.split_at(8);
        let (mtime_ns, rest) = rest.split_at(16);
        let (ctime_ns, rest) = rest.split_at(16);
        let (inode, rest) = rest.split_at(8);
        let (recorded_ns, code) = rest.split_at(16);
        let stat = FileStat {
            size: u64::from_le_bytes(size.try_into().ok()?),
            mtime_ns: i128::from_le_bytes(mtime_ns.try_into().ok()?),
            ctime_ns: i128::from_le_bytes(ctime_ns.try_into().ok()?),
            inode: u64::from_le_bytes(inode.try_into().ok()?),
        };
        let reason = *Self::REASONS.get(usize::from(*code.first()?))?;
        let detail = std::str::from_utf8(detail).ok()?;
        Some(SkipRecord {
            stat,
            recorded_ns: i128::from_le_bytes(recorded_ns.try_into().ok()?),
            reason,
            detail: (!detail.is_empty()).then(|| detail.to_string()),
        })
    }

    /// Whether `stat` is the file this record was read from. As for the stat fast path, a
    /// file modified no earlier than the scan that recorded it may have changed again within
    /// the same timestamp tick, so it is read again.
    fn holds_for(&self, stat: &FileStat) -> bool {
        self.stat == *stat && self.stat.mtime_ns < self.recorded_ns
    }
}

#[cfg(test)]
mod stat_record_tests {
    use super::*;

    #[test]
    fn binary_layout_round_trips_and_rejects_garbage() {
        let record = StatRecord {
            stat: FileStat {
                size: 42,
                mtime_ns: -5,
                ctime_ns: 1 << 70,
                inode: 7,
            },
            recorded_ns: 123_456_789,
            hash: ContentHash::of(b"x"),
            language: Language::Tsx,
            lines: 3,
            tokens: 9,
            n_symbols: 2,
            syntax_errors: 1,
            generated_header: true,
        };
        let bytes = record.encode();
        assert_eq!(bytes.len(), StatRecord::ENCODED_LEN);
        let back = StatRecord::decode(&bytes);
        assert_eq!(
            back.map(|back| (
                back.stat,
                back.hash,
                back.language,
                back.tokens,
                back.generated_header
            )),
            Some((record.stat, record.hash, record.language, 9, true))
        );
        assert!(StatRecord::decode(b"{\"json\": true}").is_none());
        assert!(StatRecord::decode(&bytes[1..]).is_none());
    }

    #[test]
    fn skip_records_round_trip_and_hold_only_for_the_same_stat_before_the_scan() {
        let stat = FileStat {
            size: 42,
            mtime_ns: 10,
            ctime_ns: 1 << 70,
            inode: 7,
        };
        for (reason, detail) in [
            (SkipReason::Binary, None),
            (
                SkipReason::InvalidUtf8,
                Some("invalid UTF-8 at byte 3".to_string()),
            ),
            (SkipReason::Minified, None),
        ] {
            let record = SkipRecord {
                stat,
                recorded_ns: 11,
                reason,
                detail,
            };
            let back = SkipRecord::decode(&record.encode());
            assert_eq!(back.as_ref(), Some(&record));
            assert!(record.holds_for(&stat));
            assert!(!record.holds_for(&FileStat { size: 43, ..stat }));
            let racy = SkipRecord {
                recorded_ns: 10,
                ..record
            };
            assert!(!racy.holds_for(&stat));
        }
        assert!(SkipRecord::decode(b"short").is_none());
        let mut unknown = SkipRecord {
            stat,
            recorded_ns: 11,
            reason: SkipReason::Binary,
            detail: None,
        }
        .encode();
        unknown[SkipRecord::FIXED_LEN - 1] = 9;
        assert!(SkipRecord::decode(&unknown).is_none());
    }
}

pub struct MapOptions<'a> {
    pub root: PathBuf,
    pub exclude: &'a [String],
    pub local_only: &'a [String],
    pub max_file_bytes: u64,
    /// Folders inside the root that are never indexed (relative, `/`): the docs output.
    pub skip_dirs: Vec<String>,
    /// Called with (done, total) as files complete.
    pub progress: &'a (dyn Fn(u64, u64) + Sync),
    /// Called with each directory the walk enters, before any file in it is read (see
    /// [`cartograph_scan::walk_with`]): the MCP server watches it there.
    pub on_dir: Option<&'a (dyn Fn(&std::path::Path) + Sync)>,
}

/// One indexed file, as the rest of the pipeline sees it before loading its full map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub path: RepoPath,
    pub hash: ContentHash,
    pub language: Language,
    pub flags: FileFlags,
    pub bytes: u64,
    pub lines: u32,
    pub tokens: u32,
    pub n_symbols: u32,
    /// ERROR and MISSING nodes in the syntax tree: the file is indexed with what parsed.
    #[serde(default)]
    pub syntax_errors: u32,
}

/// The machine form of `cartograph map --json` (docs/reference.md; extend, don't rename).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MapStats {
    pub files: u64,
    pub parsed: u64,
    pub cached: u64,
    /// Files read and hashed in this run (the stat fast path skips unchanged ones).
    pub hashed: u64,
    pub summarized: u64,
    pub summaries_cached: u64,
    pub symbols: u64,
    pub tokens: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cost_usd: f64,
    pub languages: BTreeMap<String, u64>,
    pub skipped: Vec<SkippedFile>,
    pub generated: u64,
    pub vendored: u64,
    pub lockfiles: u64,
    pub secret_files: u64,
    pub syntax_error_files: u64,
    pub elapsed_ms: u64,
    /// Loading the tokenizer, paid once per process and only when a file needed counting.
    pub tokenizer_load_ms: Option<u64>,
    /// What embedding did, when `[phases.lens] embedding_model` is set (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embeddings: Option<crate::embed::EmbedReport>,
}

pub struct MapOutput {
    pub stats: MapStats,
    /// Every indexed file, sorted by path.
    pub entries: Vec<IndexEntry>,
}

enum Outcome {
    Indexed {
        entry: IndexEntry,
        how: How,
    },
    /// An identical file was being parsed by another thread; filled in afterwards.
    Twin {
        entry: IndexEntry,
        stat: FileStat,
    },
    Skipped {
        skipped: SkippedFile,
        /// Left out for its content: known from `skip_tree()`, or read now.
        for_content: Option<ContentSkip>,
    },
}

/// A skip `skip_tree()` keeps.
enum ContentSkip {
    /// Its record holds: the file was not read.
    Known,
    /// Read now; the record to write.
    New(SkipRecord),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    /// Stat unchanged: nothing read.
    StatHit,
    /// Read and hashed; the map record was already in the store (or parsed by a twin).
    CacheHit,
    Parsed,
    /// Never opened.
    Secret,
}

/// Brings the structural index up to date and returns one entry per file.
pub fn map_structural(store: &dyn Store, options: &MapOptions) -> Result<MapOutput, PipelineError> {
    let started = Instant::now();
    let scan_started_ns = now_ns();
    let walked = cartograph_scan::walk_with(
        &WalkOptions {
            root: options.root.clone(),
            exclude: options.exclude.to_vec(),
            skip_dirs: options.skip_dirs.clone(),
        },
        options.on_dir.unwrap_or(&|_| {}),
    )?;
    let classifier = Classifier::new(&options.root, options.local_only)?
        .with_bundled_dirs(walked.candidates.iter().map(|candidate| &candidate.path));
    let previous = load_stat_records(store)?;
    let previous_skips = load_skip_records(store)?;
    let tree = map_tree();
    let claimed: Mutex<HashSet<Vec<u8>>> = Mutex::new(HashSet::new());
    let total = walked.candidates.len() as u64;
    let done = AtomicU64::new(0);

    // Files go in chunks: read and hash a chunk in parallel, look its map records up with one
    // batched read (one round trip to a remote cache), then parse what was missing. A chunk's
    // texts are the only file contents held at once.
    let mut outcomes: Vec<Result<Outcome, PipelineError>> =
        Vec::with_capacity(walked.candidates.len());
    for chunk in chunks(&walked.candidates) {
        let staged: Vec<Result<Staged, PipelineError>> = chunk
            .par_iter()
            .map(|candidate| {
                read_one(
                    &classifier,
                    previous.get(candidate.path.as_str()),
                    previous_skips.get(candidate.path.as_str()),
                    candidate,
                    options.max_file_bytes,
                    scan_started_ns,
                )
            })
            .collect();
        let keys: Vec<Vec<u8>> = staged
            .iter()
            .filter_map(|staged| match staged {
                Ok(Staged::Read(read)) => Some(read.key.clone()),
                _ => None,
            })
            .collect();
        let mut found = if keys.is_empty() {
            Vec::new()
        } else {
            store.get_many(&tree, &keys)?
        }
        .into_iter();
        let paired: Vec<(StagedResult, Option<Vec<u8>>)> = staged
            .into_iter()
            .map(|staged| {
                let bytes = match &staged {
                    Ok(Staged::Read(_)) => found.next().flatten(),
                    _ => None,
                };
                (staged, bytes)
            })
            .collect();
        let finished: Vec<Result<Outcome, PipelineError>> = paired
            .into_par_iter()
            .map(|(staged, bytes)| {
                let outcome = match staged? {
                    Staged::Done(outcome) => Ok(outcome),
                    Staged::Read(read) => {
                        finish_one(store, &tree, read, bytes, scan_started_ns, &claimed)
                    }
                };
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                (options.progress)(finished, total);
                outcome
            })
            .collect();
        outcomes.extend(finished);
    }

    let mut stats = MapStats {
        skipped: walked.skipped,
        ..MapStats::default()
    };
    let mut entries = Vec::with_capacity(outcomes.len());
    let mut twins = Vec::new();
    let mut skipped_for_content: HashSet<String> = HashSet::new();
    for outcome in outcomes {
        match outcome? {
            Outcome::Skipped {
                skipped,
                for_content,
            } => {
                match for_content {
                    Some(ContentSkip::Known) => {
                        skipped_for_content.insert(skipped.path.clone());
                    }
                    Some(ContentSkip::New(record)) => {
                        store.put(&skip_tree(), skipped.path.as_bytes(), &record.encode())?;
                        skipped_for_content.insert(skipped.path.clone());
                    }
                    None => {}
                }
                stats.skipped.push(skipped);
            }
            Outcome::Twin { entry, stat } => {
                stats.cached += 1;
                stats.hashed += 1;
                twins.push((entries.len(), stat));
                entries.push(entry);
            }
            Outcome::Indexed { entry, how } => {
                match how {
                    How::StatHit => stats.cached += 1,
                    How::CacheHit => {
                        stats.cached += 1;
                        stats.hashed += 1;
                    }
                    How::Parsed => {
                        stats.parsed += 1;
                        stats.hashed += 1;
                    }
                    How::Secret => stats.secret_files += 1,
                }
                entries.push(entry);
            }
        }
    }
    // A file whose identical twin was being parsed by another thread waited for nothing: its
    // record exists now.
    for (index, stat) in twins {
        let entry = &mut entries[index];
        let key = map_key(&entry.hash, entry.language);
        if let Some(record) = get_json::<MapRecord>(store, &tree, &key)? {
            entry.flags.generated |= record.generated_header;
            let stat_record =
                StatRecord::new(stat, scan_started_ns, entry.hash, entry.language, &record);
            stat_record.fill(entry);
            store.put(
                &stat_tree(),
                entry.path.as_str().as_bytes(),
                &stat_record.encode(),
            )?;
        }
    }
    let present: HashSet<&str> = entries.iter().map(|entry| entry.path.as_str()).collect();
    for path in previous.keys() {
        if !present.contains(path.as_str()) {
            store.remove(&stat_tree(), path.as_bytes())?;
        }
    }
    for path in previous_skips.keys() {
        if !skipped_for_content.contains(path) {
            store.remove(&skip_tree(), path.as_bytes())?;
        }
    }
    for entry in &entries {
        stats.files += 1;
        stats.symbols += u64::from(entry.n_symbols);
        stats.tokens += u64::from(entry.tokens);
        *stats
            .languages
            .entry(entry.language.name().to_string())
            .or_default() += 1;
        stats.generated += u64::from(entry.flags.generated);
        stats.vendored += u64::from(entry.flags.vendored);
        stats.lockfiles += u64::from(entry.flags.lockfile);
        stats.syntax_error_files += u64::from(entry.syntax_errors > 0);
    }
    stats.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    store.flush()?;
    stats.tokenizer_load_ms = cartograph_tokens::load_time().map(|time| time.as_millis() as u64);
    stats.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(MapOutput { stats, entries })
}

/// Files per chunk, and the bytes of a chunk's files that may be held at once.
const CHUNK_FILES: usize = 256;
const CHUNK_BYTES: u64 = 16 * 1024 * 1024;

fn chunks(candidates: &[Candidate]) -> Vec<&[Candidate]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut bytes = 0u64;
    for (index, candidate) in candidates.iter().enumerate() {
        if index > start
            && (index - start >= CHUNK_FILES || bytes + candidate.stat.size > CHUNK_BYTES)
        {
            chunks.push(&candidates[start..index]);
            start = index;
            bytes = 0;
        }
        bytes += candidate.stat.size;
    }
    if start < candidates.len() {
        chunks.push(&candidates[start..]);
    }
    chunks
}

type StagedResult = Result<Staged, PipelineError>;

/// A file after its first step: either done (a stat hit, a secret, a skip) or read and hashed,
/// waiting for its map record.
enum Staged {
    Done(Outcome),
    Read(ReadFile),
}

struct ReadFile {
    path: RepoPath,
    flags: FileFlags,
    source: cartograph_scan::SourceText,
    language: Language,
    key: Vec<u8>,
}

fn read_one(
    classifier: &Classifier,
    previous: Option<&StatRecord>,
    previous_skip: Option<&SkipRecord>,
    candidate: &Candidate,
    max_file_bytes: u64,
    scan_started_ns: i128,
) -> Result<Staged, PipelineError> {
    let flags = classifier.flags(&candidate.path);
    if flags.secret {
        let hash = ContentHash::of(format!("secret-file\0{}", candidate.path).as_bytes());
        let language = Language::from_file_name(candidate.path.file_name());
        let entry = IndexEntry {
            path: candidate.path.clone(),
            hash,
            language,
            flags,
            bytes: candidate.stat.size,
            lines: 0,
            tokens: 0,
            n_symbols: 0,
            syntax_errors: 0,
        };
        return Ok(Staged::Done(Outcome::Indexed {
            entry,
            how: How::Secret,
        }));
    }
    if candidate.stat.size > max_file_bytes {
        return Ok(Staged::Done(Outcome::Skipped {
            skipped: SkippedFile {
                path: candidate.path.to_string(),
                reason: SkipReason::TooLarge,
                detail: Some(format!(
                    "{} bytes, over max_file_bytes = {max_file_bytes}",
                    candidate.stat.size
                )),
            },
            for_content: None,
        }));
    }
    if let Some(record) = previous {
        // git's racy rule: a file modified no earlier than the scan that recorded it may have
        // changed again within the same timestamp tick, so it is hashed again.
        if record.stat == candidate.stat && record.stat.mtime_ns < record.recorded_ns {
            let mut entry = IndexEntry {
                path: candidate.path.clone(),
                hash: record.hash,
                language: record.language,
                flags,
                bytes: record.stat.size,
                lines: 0,
                tokens: 0,
                n_symbols: 0,
                syntax_errors: 0,
            };
            record.fill(&mut entry);
            return Ok(Staged::Done(Outcome::Indexed {
                entry,
                how: How::StatHit,
            }));
        }
    }
    if let Some(record) = previous_skip.filter(|record| record.holds_for(&candidate.stat)) {
        return Ok(Staged::Done(Outcome::Skipped {
            skipped: SkippedFile {
                path: candidate.path.to_string(),
                reason: record.reason,
                detail: record.detail.clone(),
            },
            for_content: Some(ContentSkip::Known),
        }));
    }
    let source = match read_source(&candidate.absolute, max_file_bytes) {
        Ok(source) => source,
        Err(skip) => {
            // Kept under the walk's stat: had the file changed since, the next run's stat
            // differs from it and the file is read again.
            let for_content = SkipRecord::REASONS.contains(&skip.reason).then(|| {
                ContentSkip::New(SkipRecord {
                    stat: candidate.stat,
                    recorded_ns: scan_started_ns,
                    reason: skip.reason,
                    detail: skip.detail.clone(),
                })
            });
            return Ok(Staged::Done(Outcome::Skipped {
                skipped: SkippedFile {
                    path: candidate.path.to_string(),
                    reason: skip.reason,
                    detail: skip.detail,
                },
                for_content,
            }));
        }
    };
    let language = detect_language(&candidate.path, &source.text);
    let key = map_key(&source.hash, language);
    Ok(Staged::Read(ReadFile {
        path: candidate.path.clone(),
        flags,
        source,
        language,
        key,
    }))
}

/// Completes a read file with its map record from the store (`found`), or parses it.
fn finish_one(
    store: &dyn Store,
    tree: &str,
    read: ReadFile,
    found: Option<Vec<u8>>,
    scan_started_ns: i128,
    claimed: &Mutex<HashSet<Vec<u8>>>,
) -> Result<Outcome, PipelineError> {
    let ReadFile {
        path,
        flags,
        source,
        language,
        key,
    } = read;
    // A record that does not decode counts as missing: it is rebuilt, never misread.
    let found = found.and_then(|bytes| cartograph_store::decode_json::<MapRecord>(&bytes).ok());
    let (record, how) = match found {
        Some(record) => (Some(record), How::CacheHit),
        None => {
            let first = claimed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(key.clone());
            if first {
                let record = build_record(language, &source.text);
                if record.parsed.timed_out {
                    // Not cached: the next run parses it again, maybe on a quieter machine.
                    let entry = IndexEntry {
                        path,
                        hash: source.hash,
                        language,
                        flags,
                        bytes: source.stat.size,
                        lines: record.lines,
                        tokens: record.tokens,
                        n_symbols: 0,
                        syntax_errors: record.parsed.syntax_errors,
                    };
                    return Ok(Outcome::Indexed {
                        entry,
                        how: How::Parsed,
                    });
                }
                put_json(store, tree, &key, &record)?;
                (Some(record), How::Parsed)
            } else {
                (None, How::CacheHit)
            }
        }
    };
    let mut entry = IndexEntry {
        path,
        hash: source.hash,
        language,
        flags,
        bytes: source.stat.size,
        lines: 0,
        tokens: 0,
        n_symbols: 0,
        syntax_errors: 0,
    };
    let Some(record) = record else {
        // An identical file is being parsed by another thread right now.
        return Ok(Outcome::Twin {
            entry,
            stat: source.stat,
        });
    };
    entry.flags.generated |= record.generated_header;
    let stat_record = StatRecord::new(source.stat, scan_started_ns, source.hash, language, &record);
    stat_record.fill(&mut entry);
    store.put(
        &stat_tree(),
        entry.path.as_str().as_bytes(),
        &stat_record.encode(),
    )?;
    Ok(Outcome::Indexed { entry, how })
}

fn build_record(language: Language, text: &str) -> MapRecord {
    let parsed = cartograph_lang::parse(language, text);
    MapRecord {
        lines: count_lines(text),
        tokens: cartograph_tokens::count(text) as u32,
        generated_header: Classifier::has_generated_header(text),
        parsed,
    }
}

/// True for a Python file's name a test runner collects tests from by default.
fn collects_python_tests(name: &str) -> bool {
    let stem = name.strip_suffix(".py").unwrap_or(name);
    stem.starts_with("test") || stem.ends_with("_test")
}

fn count_lines(text: &str) -> u32 {
    let newlines = text.bytes().filter(|byte| *byte == b'\n').count();
    let unterminated = usize::from(!text.is_empty() && !text.ends_with('\n'));
    (newlines + unterminated) as u32
}

fn detect_language(path: &RepoPath, text: &str) -> Language {
    let language = Language::from_file_name(path.file_name());
    if language != Language::Text {
        return language;
    }
    let first_line = text.lines().next().unwrap_or("");
    Language::from_shebang(first_line).unwrap_or(Language::Text)
}

pub(crate) fn stat_record_is_valid(bytes: &[u8]) -> bool {
    StatRecord::decode(bytes).is_some()
}

pub(crate) fn skip_record_is_valid(bytes: &[u8]) -> bool {
    SkipRecord::decode(bytes).is_some()
}

fn load_stat_records(store: &dyn Store) -> Result<HashMap<String, StatRecord>, PipelineError> {
    let mut records = HashMap::new();
    store.for_each(&stat_tree(), &mut |key, value| {
        if let (Ok(path), Ok(record)) = (
            std::str::from_utf8(key),
            StatRecord::decode(value).ok_or(()),
        ) {
            records.insert(path.to_string(), record);
        }
        true
    })?;
    Ok(records)
}

fn load_skip_records(store: &dyn Store) -> Result<HashMap<String, SkipRecord>, PipelineError> {
    let mut records = HashMap::new();
    store.for_each(&skip_tree(), &mut |key, value| {
        if let (Ok(path), Some(record)) = (std::str::from_utf8(key), SkipRecord::decode(value)) {
            records.insert(path.to_string(), record);
        }
        true
    })?;
    Ok(records)
}

fn now_ns() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos() as i128)
        .unwrap_or(0)
}

/// Loads the full maps of `entries` from the store and resolves imports against the file set.
/// The store then lets go of the pages it read them from (sled keeps every page it touched:
/// 77 MB for 28k maps): the maps are decoded, and whoever asked for every map of a tree goes
/// on to use a lot of memory.
pub fn load_file_maps(
    store: &dyn Store,
    entries: &[IndexEntry],
) -> Result<Vec<FileMap>, PipelineError> {
    let tree = map_tree();
    // Decoding the records is most of loading them: several at once, in the entries' order.
    let mut maps = entries
        .par_iter()
        .map(|entry| load_file_map(store, &tree, entry).map(|(map, _)| map))
        .collect::<Result<Vec<FileMap>, PipelineError>>()?;
    store.release_memory()?;
    cartograph_lang::resolve_imports(&mut maps);
    // Resolution may add imports (a C# `using` becomes one per type name the file uses).
    maps.par_iter_mut()
        .for_each(|map| map.parsed.shrink_to_fit());
    Ok(maps)
}

/// One entry's map as the cache holds it, imports not resolved, and whether the cache had its
/// record; a secret file's map is empty (and counts as found). `tree` is `map_tree()`.
pub(crate) fn load_file_map(
    store: &dyn Store,
    tree: &str,
    entry: &IndexEntry,
) -> Result<(FileMap, bool), PipelineError> {
    let record = if entry.flags.secret {
        None
    } else {
        get_json::<MapRecord>(store, tree, &map_key(&entry.hash, entry.language))?
    };
    let found = entry.flags.secret || record.is_some();
    let mut parsed = record.map(|record| record.parsed).unwrap_or_default();
    parsed.shrink_to_fit();
    Ok((file_map_of(entry, parsed), found))
}

/// The map of `entry` with `parsed` as what parsing its content gave.
pub(crate) fn file_map_of(entry: &IndexEntry, mut parsed: ParsedFile) -> FileMap {
    // pytest collects tests from `test_*.py` and `*_test.py`, unittest from `test*.py`: a
    // `def test(…)` in loguru's `tests/exceptions/source/others/*.py`, scripts another test
    // runs, is none. Parsing knows the content only; the name is known here.
    if entry.language == Language::Python && !collects_python_tests(entry.path.file_name()) {
        parsed.test_functions = 0;
        parsed.disabled_tests = 0;
    }
    FileMap {
        path: entry.path.clone(),
        hash: entry.hash,
        language: entry.language,
        bytes: entry.bytes,
        lines: entry.lines,
        tokens: entry.tokens,
        flags: entry.flags,
        parsed,
    }
}
