//! A question over the index: the files, summaries and graph lens ranks, the lens selection,
//! the run phase's request built from that selection, and the answer given when no run model
//! is configured. Shared by `cartograph lens`, `cartograph run` and `cartograph mcp`; it reads
//! only the sources of files lens offers and never opens a secret file.

use crate::prompts::Prompts;
use crate::stored_index::{self, FileMaps, StoredIndex};
use crate::summarize::{cached_summaries, FileSummary};
use crate::{load_file_maps, IndexEntry, PipelineError};
use cartograph_core::{FileMap, FileSet, Module, Phase, RepoPath};
use cartograph_graph::Graph;
use cartograph_lens::{Corpus, LensResult, OutlineSize, RankTables, SentAs, TermIndex, Texts};
use cartograph_llm::CompletionRequest;
use cartograph_store::Store;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

/// A stored index behind the tree by more files than this (new or changed) is written again;
/// behind by fewer, it is used as the base of every load until then.
const REWRITE_AFTER_CHANGES: usize = 64;

/// What lens ranks: the structural index with the summaries already cached, the import graph
/// and the modules.
pub struct QuestionIndex {
    /// Every indexed file, sorted by path; loaded from the stored index, each file's map is
    /// decoded the first time it is asked for.
    pub files: FileMaps,
    pub summaries: BTreeMap<RepoPath, FileSummary>,
    pub graph: Graph,
    pub modules: Vec<Module>,
    /// The words of every file from the term index (`open_terms`); without it lens reads and
    /// analyzes every source for each question.
    pub corpus: Option<Corpus>,
    /// The outline size of each of `files`, in the same order (`open` fills it); when empty,
    /// lens counts the outlines it considers for each question.
    pub outlines: Vec<Option<OutlineSize>>,
    /// What ranking knows of `files`, `graph` and `modules` whatever the question (`open`
    /// fills it; change it with them); without it, lens builds it for each question.
    pub tables: Option<RankTables>,
    /// The answer to the question the load was told of, ranked while the map walked the tree
    /// (`Ahead`); `rank` gives it for that question and budget instead of ranking again.
    /// Change it with the rest (or clear it).
    pub ranked_ahead: Option<RankedAhead>,
}

/// Where `QuestionIndex::open` found the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexSource {
    /// The stored index was of this very tree.
    Stored,
    /// Built from the cache, `reused` files' maps and outline sizes taken from a stored index
    /// of an earlier tree; imports were resolved and the graph built again.
    Built { reused: usize },
}

/// What a load reads from the state directory before it knows the tree: the stored index,
/// the ranking tables of its files and the term index; and, given the cache (`Ahead`), the
/// summaries of the stored index's files, the term index's documents matched to them, and the
/// answer to the question the caller is about to ask. A caller prepares them while it maps the
/// tree (`QuestionIndex::open_with`); they are used only when the stored index turns out to be
/// of that tree (the same files with the same content, so the same summaries, documents and
/// answer), the rest is checked there as `open` checks it.
pub struct Prepared {
    stored: Result<PreparedIndex, stored_index::StoredIndexError>,
    /// The term index, when it was not matched to the stored index's files already.
    terms: Option<Result<TermIndex, cartograph_lens::IndexError>>,
}

/// The stored index as a question index of its own files, before the tree is known.
struct PreparedIndex {
    key: [u8; 32],
    extractor_version: u32,
    /// `summaries` and `corpus` are filled only when the cache was at hand (`Ahead`).
    index: QuestionIndex,
    summarized: bool,
}

/// What a load given the cache can do while the map walks the tree.
pub struct Ahead<'a> {
    pub store: &'a dyn Store,
    pub prompts: &'a Prompts,
    pub config: &'a cartograph_config::PipelineConfig,
    /// Where sources are read from, for the question ranked ahead.
    pub root: &'a Path,
    /// The question the caller will rank (lexically) with its budget, ranked ahead.
    pub question: Option<(&'a str, u32)>,
    /// The repository's past commits the caller ranks with, read before the load.
    pub history: Option<&'a cartograph_lens::History>,
}

/// A question ranked before the tree was known; kept in `QuestionIndex::ranked_ahead`.
#[derive(Debug, Clone)]
pub struct RankedAhead {
    question: String,
    budget_tokens: u32,
    /// Whether it was ranked with the repository's history.
    with_history: bool,
    result: LensResult,
}

impl Prepared {
    /// Reads the stored index and the term index of `state_dir`, and builds the tables of the
    /// stored index's files, their names analyzed.
    pub fn read(state_dir: &Path) -> Prepared {
        Prepared::read_ahead(state_dir, None)
    }

    /// `read`, and with `ahead` the stored index's summaries looked up, its term index
    /// documents matched and `ahead`'s question ranked, as `open_with` would after the map.
    pub fn read_ahead(state_dir: &Path, ahead: Option<&Ahead<'_>>) -> Prepared {
        let (stored, terms) = rayon::join(
            || stored_index::read(&stored_index::stored_index_path(state_dir)),
            || open_index(&term_index_path(state_dir), &term_index_key()),
        );
        let stored = match stored {
            Ok(stored) => stored,
            Err(error) => {
                return Prepared {
                    stored: Err(error),
                    terms: Some(terms),
                }
            }
        };
        let StoredIndex {
            key,
            extractor_version,
            files,
            graph,
            modules,
            outlines,
        } = stored;
        // The map is walking the tree meanwhile, with a core to spare: the names ranking
        // analyzes for every question are analyzed here rather than after it, and with the
        // cache at hand the summaries are looked up at the same time.
        let (tables, summaries) = rayon::join(
            || {
                let tables = RankTables::new(&files, &graph, &modules);
                tables.analyze_names(&files, &modules);
                tables
            },
            || ahead.map(|ahead| map_summaries(ahead.store, ahead.prompts, ahead.config, &files)),
        );
        let summarized = summaries.is_some();
        let mut index = QuestionIndex {
            files,
            summaries: summaries.unwrap_or_default(),
            graph,
            modules,
            corpus: None,
            outlines,
            tables: Some(tables),
            ranked_ahead: None,
        };
        let mut terms = Some(terms);
        if summarized {
            if let Some(Ok(opened)) = terms.take_if(|terms| terms.is_ok()) {
                let summaries = |path: &RepoPath| index.summary_text(path);
                index.corpus = Some(Corpus::new(Some(opened), &index.files, &summaries));
            }
        }
        // Only an index whose term index holds every file as it is can answer ahead: otherwise
        // the load analyzes or rebuilds first, which the answer would not have seen.
        let current = index
            .corpus
            .as_ref()
            .is_some_and(|corpus| !corpus.needs_rebuild() && corpus.counts().1 == 0);
        if let Some((ahead, (question, budget_tokens))) =
            ahead.and_then(|ahead| Some((ahead, ahead.question?)))
        {
            if current {
                let result = index.rank_with_history(
                    ahead.root,
                    question,
                    budget_tokens,
                    None,
                    ahead.history,
                );
                index.ranked_ahead = Some(RankedAhead {
                    question: question.to_string(),
                    budget_tokens,
                    with_history: ahead.history.is_some(),
                    result,
                });
            }
        }
        Prepared {
            stored: Ok(PreparedIndex {
                key,
                extractor_version,
                index,
                summarized,
            }),
            terms,
        }
    }

    /// Nothing read: a reader that could not run (its thread panicked).
    pub fn unread() -> Prepared {
        Prepared {
            stored: Err(stored_index::StoredIndexError::Panicked),
            terms: None,
        }
    }
}

impl RankedAhead {
    /// The answer ranked ahead.
    pub fn result(&self) -> LensResult {
        self.result.clone()
    }
}

impl PreparedIndex {
    /// Back to the stored index it was made of, as the base of a build.
    fn into_stored(self) -> StoredIndex {
        let QuestionIndex {
            files,
            graph,
            modules,
            outlines,
            ..
        } = self.index;
        StoredIndex {
            key: self.key,
            extractor_version: self.extractor_version,
            files,
            graph,
            modules,
            outlines,
        }
    }
}

/// The chain of model references as the summary cache key names it: `a/b,c/d`.
pub fn model_chain(models: &[cartograph_config::ModelRef]) -> String {
    models
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl QuestionIndex {
    /// Loads the maps of `entries` and the summaries cached for them under the map phase's
    /// current prompt and models; builds the graph and the modules.
    pub fn load(
        store: &dyn Store,
        entries: &[IndexEntry],
        prompts: &Prompts,
        config: &cartograph_config::PipelineConfig,
    ) -> Result<QuestionIndex, PipelineError> {
        let files = load_file_maps(store, entries)?;
        let summaries = map_summaries(store, prompts, config, files.as_slice());
        Ok(QuestionIndex::new(files, summaries))
    }

    /// The index `load` builds, followed by `open_terms`, through the stored index in
    /// `state_dir` (`lens/index.bin`): when it is of this very tree it is used as it is;
    /// otherwise the index is built, taking the maps and outline sizes of files whose content
    /// did not change from the stored one (imports are resolved and the graph built again over
    /// the whole tree, since where an unchanged file's imports lead can depend on any other
    /// file), and written for the next load. A stored index that cannot be read or written
    /// costs speed, never an answer. Summaries are always looked up in the cache.
    pub fn open(
        store: &dyn Store,
        entries: &[IndexEntry],
        prompts: &Prompts,
        config: &cartograph_config::PipelineConfig,
        state_dir: &Path,
        root: &Path,
    ) -> Result<(QuestionIndex, IndexSource), PipelineError> {
        let prepared = Prepared::read(state_dir);
        QuestionIndex::open_with(store, entries, prompts, config, state_dir, root, prepared)
    }

    /// `open` with the state directory already read (`Prepared::read`), so a caller can read
    /// it while it maps the tree.
    pub fn open_with(
        store: &dyn Store,
        entries: &[IndexEntry],
        prompts: &Prompts,
        config: &cartograph_config::PipelineConfig,
        state_dir: &Path,
        root: &Path,
        prepared: Prepared,
    ) -> Result<(QuestionIndex, IndexSource), PipelineError> {
        let Prepared { stored, terms } = prepared;
        let started = Instant::now();
        let path = stored_index::stored_index_path(state_dir);
        let key = stored_index::tree_key(entries);
        let stored = match stored {
            Ok(stored) => Some(stored),
            Err(stored_index::StoredIndexError::Read { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                None
            }
            Err(error) => {
                tracing::info!("lens: building the index again: {error}");
                None
            }
        };
        let (mut index, source, summarized) = match stored {
            Some(stored)
                if stored.key == key
                    && stored.extractor_version == cartograph_lang::EXTRACTOR_VERSION
                    && matches_entries(&stored.index.files, entries) =>
            {
                (stored.index, IndexSource::Stored, stored.summarized)
            }
            earlier => {
                let earlier = earlier.map(PreparedIndex::into_stored);
                let had_earlier = earlier.is_some();
                let (built, reused, complete) = build_stored(store, entries, key, earlier)?;
                // An index built while some map was missing from the cache is not kept: the
                // next load looks for the map again, as loading without a stored index does.
                // A stored index behind by a few files stays as it is: rewriting 60 MB after
                // every commit cost more than the graph it saves (lens after one edit on the
                // stdlib: 1.1-2.5 s before the stored index, 3.2-3.7 s when it was rewritten).
                let behind = entries.len().saturating_sub(reused);
                let rewrite = !had_earlier || behind > REWRITE_AFTER_CHANGES;
                if complete && rewrite {
                    if let Err(error) = stored_index::write(&path, &built) {
                        tracing::warn!("lens: {error}");
                    }
                }
                let StoredIndex {
                    files,
                    graph,
                    modules,
                    outlines,
                    ..
                } = built;
                let index = QuestionIndex {
                    files,
                    summaries: BTreeMap::new(),
                    graph,
                    modules,
                    corpus: None,
                    outlines,
                    tables: None,
                    ranked_ahead: None,
                };
                (index, IndexSource::Built { reused }, false)
            }
        };
        let built_at = started.elapsed();
        if !summarized {
            // Tables prepared from the stored index are its files' tables only when it was
            // used as it is; otherwise they are built while the summaries are looked up.
            let tables = index.tables.take();
            let (summaries, tables) = rayon::join(
                || map_summaries(store, prompts, config, &index.files),
                || {
                    tables.unwrap_or_else(|| {
                        RankTables::new(&index.files, &index.graph, &index.modules)
                    })
                },
            );
            index.summaries = summaries;
            index.tables = Some(tables);
        }
        let summarized_at = started.elapsed();
        match index.corpus.take() {
            Some(corpus) => index.finish_terms(state_dir, root, corpus),
            None => {
                let terms = terms
                    .unwrap_or_else(|| open_index(&term_index_path(state_dir), &term_index_key()));
                index.open_terms_with(state_dir, root, terms);
            }
        }
        tracing::debug!(
            "lens: index of {} files ({source:?}): built {:?}, summaries and tables {:?}, \
             terms {:?}, ranked ahead: {}",
            index.files.len(),
            built_at,
            summarized_at - built_at,
            started.elapsed() - summarized_at,
            index.ranked_ahead.is_some()
        );
        Ok((index, source))
    }

    pub fn new(files: Vec<FileMap>, summaries: BTreeMap<RepoPath, FileSummary>) -> QuestionIndex {
        let graph = Graph::build(&files);
        let modules = modules_of(&files);
        QuestionIndex {
            files: FileMaps::from(files),
            summaries,
            graph,
            modules,
            corpus: None,
            outlines: Vec::new(),
            tables: None,
            ranked_ahead: None,
        }
    }

    /// Opens the term index in `state_dir` (`lens/terms.idx`), rebuilding it when it is
    /// missing, from another version, damaged, or behind by many files; a few changed files are
    /// analyzed here instead. Sources are read from `root`. When the index can be neither read
    /// nor written, lens reads every source per question, as it would without one.
    pub fn open_terms(&mut self, state_dir: &Path, root: &Path) {
        let opened = open_index(&term_index_path(state_dir), &term_index_key());
        self.open_terms_with(state_dir, root, opened);
    }

    /// `open_terms` with the term index already opened (or not) from `state_dir`.
    fn open_terms_with(
        &mut self,
        state_dir: &Path,
        root: &Path,
        opened: Result<TermIndex, cartograph_lens::IndexError>,
    ) {
        let existing = match opened {
            Ok(index) => Some(index),
            Err(error) => {
                if term_index_path(state_dir).exists() {
                    tracing::info!("lens: rebuilding the term index: {error}");
                }
                None
            }
        };
        let summaries = |path: &RepoPath| self.summary_text(path);
        let corpus = Corpus::new(existing, &self.files, &summaries);
        self.finish_terms(state_dir, root, corpus);
    }

    /// Makes `corpus` (the term index matched to `files`) hold every file as it is: the index
    /// rebuilt when too much changed, the few changed files analyzed otherwise.
    fn finish_terms(&mut self, state_dir: &Path, root: &Path, mut corpus: Corpus) {
        let path = term_index_path(state_dir);
        let key = term_index_key();
        let secret: HashSet<RepoPath> = self.secret_paths().into_iter().cloned().collect();
        let sources = |path: &RepoPath| read_source(root, &secret, path);
        let summaries = |path: &RepoPath| self.summary_text(path);
        if corpus.needs_rebuild() {
            match write_index(&corpus, &self.files, &summaries, &sources, &key, &path) {
                Ok(()) => match open_index(&path, &key) {
                    Ok(index) => corpus = Corpus::new(Some(index), &self.files, &summaries),
                    Err(error) => tracing::warn!("lens: the new term index: {error}"),
                },
                Err(error) => {
                    tracing::warn!(
                        "lens: cannot write the term index {}: {error}",
                        path.display()
                    )
                }
            }
        }
        corpus.analyze_changed(&self.files, &summaries, &sources);
        self.corpus = Some(corpus);
    }

    fn secret_paths(&self) -> Vec<&RepoPath> {
        (0..self.files.len())
            .map(|at| self.files.head(at))
            .filter(|file| file.flags.secret)
            .map(|file| file.path)
            .collect()
    }

    /// Lens for `question` within `budget_tokens`. Sources are read from `root`; a secret file
    /// is never opened.
    pub fn rank(&self, root: &Path, question: &str, budget_tokens: u32) -> LensResult {
        self.rank_hybrid(root, question, budget_tokens, None)
    }

    /// [`QuestionIndex::rank`] fused with a similarity ranking (`embed::semantic_ranking`)
    /// when one is given.
    pub fn rank_hybrid(
        &self,
        root: &Path,
        question: &str,
        budget_tokens: u32,
        semantic: Option<&cartograph_lens::Semantic>,
    ) -> LensResult {
        self.rank_with_history(root, question, budget_tokens, semantic, None)
    }

    /// [`QuestionIndex::rank_hybrid`] with the repository's past commits
    /// (`history::read_history`), when the caller read them.
    pub fn rank_with_history(
        &self,
        root: &Path,
        question: &str,
        budget_tokens: u32,
        semantic: Option<&cartograph_lens::Semantic>,
        history: Option<&cartograph_lens::History>,
    ) -> LensResult {
        // The question ranked while the map walked, with the same history, is the answer.
        if let Some(ahead) = &self.ranked_ahead {
            if semantic.is_none()
                && ahead.question == question
                && ahead.budget_tokens == budget_tokens
                && ahead.with_history == history.is_some()
            {
                return ahead.result.clone();
            }
        }
        let secret: HashSet<RepoPath> = self.secret_paths().into_iter().cloned().collect();
        let sources = |path: &RepoPath| read_source(root, &secret, path);
        let summary_of = |path: &RepoPath| self.summary_text(path);
        cartograph_lens::rank_hybrid(
            question,
            &self.files,
            Texts {
                summaries: &summary_of,
                sources: &sources,
                corpus: self.corpus.as_ref(),
                outlines: self.outline_sizes(),
                tables: self.tables.as_ref(),
                history,
            },
            &self.graph,
            &self.modules,
            budget_tokens,
            semantic,
        )
    }

    /// The outline sizes of `files` as lens takes them, when they are known.
    pub fn outline_sizes(&self) -> Option<&[Option<OutlineSize>]> {
        (self.outlines.len() == self.files.len()).then_some(self.outlines.as_slice())
    }

    pub fn summary_text(&self, path: &RepoPath) -> Option<String> {
        self.summaries.get(path).map(|summary| summary.text.clone())
    }

    /// The map of the file at `path` (decoded now if it was not yet).
    pub fn file(&self, path: &RepoPath) -> Option<&FileMap> {
        self.files.by_path(path)
    }
}

/// The summaries the cache holds for `files` under the map phase's current prompt and models.
fn map_summaries<F: FileSet + ?Sized>(
    store: &dyn Store,
    prompts: &Prompts,
    config: &cartograph_config::PipelineConfig,
    files: &F,
) -> BTreeMap<RepoPath, FileSummary> {
    let map = &config.phases.map;
    cached_summaries(
        store,
        prompts,
        &model_chain(&map.models),
        map.max_input_tokens,
        map.max_output_tokens,
        files,
    )
}

fn modules_of(files: &[FileMap]) -> Vec<Module> {
    let paths: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
    cartograph_graph::detect_modules(&paths, cartograph_graph::is_package_manifest)
}

/// Whether `files` are the maps of `entries`, in the same order (what a matching key says;
/// checked because it is cheap and the index is indexed by position).
fn matches_entries(files: &FileMaps, entries: &[IndexEntry]) -> bool {
    files.len() == entries.len()
        && entries.iter().enumerate().all(|(at, entry)| {
            let file = files.head(at);
            *file.path == entry.path && file.hash == entry.hash
        })
}

/// Builds the stored index of `entries`: each file's map from `earlier` when its content and
/// language are the same there and the same extractor made it (its imports' targets cleared,
/// as the cache holds them), else
/// from the cache; then imports resolved and the graph and modules built over the whole tree,
/// and the outline sizes the earlier index does not have counted. Returns the index, how many
/// maps were reused, and whether every map was found.
fn build_stored(
    store: &dyn Store,
    entries: &[IndexEntry],
    key: [u8; 32],
    earlier: Option<StoredIndex>,
) -> Result<(StoredIndex, usize, bool), PipelineError> {
    let extractor_version = cartograph_lang::EXTRACTOR_VERSION;
    let mut kept: HashMap<RepoPath, (FileMap, Option<OutlineSize>)> = earlier
        .filter(|earlier| earlier.extractor_version == extractor_version)
        .map(|earlier| {
            earlier
                .files
                .into_maps()
                .into_iter()
                .zip(earlier.outlines)
                .map(|(file, outline)| (file.path.clone(), (file, outline)))
                .collect()
        })
        .unwrap_or_default();
    let tree = crate::map::map_tree();
    let mut files = Vec::with_capacity(entries.len());
    let mut outlines = Vec::with_capacity(entries.len());
    let mut reused = 0;
    let mut complete = true;
    for entry in entries {
        let same = kept.remove(&entry.path).filter(|(file, _)| {
            file.hash == entry.hash
                && file.language == entry.language
                && !file.flags.secret
                && !entry.flags.secret
        });
        match same {
            Some((file, outline)) => {
                let mut parsed = file.parsed;
                for import in &mut parsed.imports {
                    import.resolved = None;
                }
                files.push(crate::map::file_map_of(entry, parsed));
                // The outline is written from the path, language, lines and map, all the same.
                outlines.push(Some(outline));
                reused += 1;
            }
            None => {
                let (file, found) = crate::map::load_file_map(store, &tree, entry)?;
                complete &= found;
                files.push(file);
                outlines.push(None);
            }
        }
    }
    cartograph_lang::resolve_imports(&mut files);
    let outlines: Vec<Option<OutlineSize>> = files
        .par_iter()
        .zip(outlines)
        .map(|(file, known)| known.unwrap_or_else(|| cartograph_lens::outline_size(file)))
        .collect();
    let graph = Graph::build(&files);
    let modules = modules_of(&files);
    Ok((
        StoredIndex {
            key,
            extractor_version,
            files: FileMaps::from(files),
            graph,
            modules,
            outlines,
        },
        reused,
        complete,
    ))
}

/// A file's text for lens; a secret file is never opened.
fn read_source(root: &Path, secret: &HashSet<RepoPath>, path: &RepoPath) -> Option<String> {
    if secret.contains(path) {
        return None;
    }
    std::fs::read_to_string(root.join(path.as_str())).ok()
}

/// The term index on disk: opened once, its postings read where they lie.
struct FileBlob {
    file: std::fs::File,
    size: u64,
}

impl cartograph_lens::Blob for FileBlob {
    fn size(&self) -> u64 {
        self.size
    }

    #[cfg(unix)]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(&self.file, buf, offset)
    }

    #[cfg(not(unix))]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }
}

/// Where the term index lives, beside the stored index.
fn term_index_path(state_dir: &Path) -> std::path::PathBuf {
    state_dir.join("lens").join("terms.idx")
}

/// The key the term index is built under: the analyzer's and the extractor's versions.
fn term_index_key() -> String {
    cartograph_lens::index_key(&format!("extractor {}", cartograph_lang::EXTRACTOR_VERSION))
}

fn open_index(path: &Path, key: &str) -> Result<TermIndex, cartograph_lens::IndexError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    TermIndex::open(Box::new(FileBlob { file, size }), key)
}

/// Writes a new index beside `path` and moves it into place, so that a reader sees the old
/// index or the new one, never half of one.
fn write_index(
    corpus: &Corpus,
    files: &FileMaps,
    summaries: cartograph_lens::TextOf<'_>,
    sources: cartograph_lens::TextOf<'_>,
    key: &str,
    path: &Path,
) -> Result<(), cartograph_lens::IndexError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let temporary = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = std::io::BufWriter::new(temporary.as_file());
    let held = corpus.rebuild(files, summaries, sources, key, &mut out)?;
    std::io::Write::flush(&mut out)?;
    drop(out);
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    tracing::info!(
        "lens: term index of {held} files written to {}",
        path.display()
    );
    Ok(())
}

/// The run phase's context for a lens selection, before the secret gate.
pub struct RunContext {
    pub text: String,
    /// Paths whose content the context carries (the ledger's `files`).
    pub files: Vec<String>,
    /// Some file is `local_only`: only a local provider may receive this context.
    pub local_only: bool,
}

/// Assembles what lens chose into the run phase's context: the stable prefix first (the
/// project's README), then files best first, so provider prompt caching applies across
/// questions.
pub fn run_context(index: &QuestionIndex, selection: &LensResult, root: &Path) -> RunContext {
    let mut text = String::new();
    if let Ok(readme) = std::fs::read_to_string(root.join("README.md")) {
        let excerpt: String = readme.chars().take(3000).collect();
        text.push_str(&format!("## README.md (excerpt)\n{excerpt}\n\n"));
    }
    let mut files = Vec::new();
    let mut local_only = false;
    for ranked in &selection.files {
        let Some(file) = index.file(&ranked.path) else {
            continue;
        };
        local_only |= file.flags.local_only;
        files.push(file.path.to_string());
        text.push_str(&format!(
            "## {} ({}, {} lines)\n",
            file.path, file.language, file.lines
        ));
        // What lens chose to send for this file: the whole source, the summary or the outline.
        match ranked.sent_as {
            SentAs::Source => {
                // A secret file is never opened (lens never offers one; this is the second lock).
                let source = (!file.flags.secret)
                    .then(|| std::fs::read_to_string(root.join(file.path.as_str())).ok())
                    .flatten();
                match source {
                    Some(source) => {
                        text.push_str(&format!("```{}\n{source}\n```\n\n", file.language));
                    }
                    None => text.push_str(&format!("{}\n\n", cartograph_lens::outline(file))),
                }
            }
            SentAs::Summary => match index.summaries.get(&file.path) {
                Some(summary) => text.push_str(&format!("Summary: {}\n\n", summary.text)),
                None => text.push_str(&format!("{}\n\n", cartograph_lens::outline(file))),
            },
            SentAs::Outline => text.push_str(&format!("{}\n\n", cartograph_lens::outline(file))),
        }
    }
    RunContext {
        text,
        files,
        local_only,
    }
}

/// The run phase's request for `question` over `context`, the context passed through the
/// secret gate. `None` when the `run-answer` prompt is missing.
pub fn run_request(
    prompts: &Prompts,
    question: &str,
    context: RunContext,
) -> Option<CompletionRequest> {
    let prompt = prompts.get("run-answer")?;
    let (text, redactions) = crate::gate::redact(&context.text);
    let values = [("question", question), ("context", text.as_str())];
    let mut request = prompt.request(Phase::Run, &values);
    request.files = context.files;
    request.redactions = redactions;
    request.local_only = context.local_only;
    Some(request)
}

/// With no run model, the answer is where to look: the best files with what they are about,
/// and the best symbols. Passed through the secret gate.
pub fn offline_answer(question: &str, index: &QuestionIndex, selection: &LensResult) -> String {
    let mut out = format!(
        "No model is configured for the run phase; these are the places that answer \"{question}\":\n\
         (to have a model answer, name one in pipeline.toml, e.g. [phases.run] models = [\"openai/gpt-4o\"] \
         with OPENAI_API_KEY set; `cartograph init` writes a commented file)\n\n"
    );
    for ranked in selection.files.iter().take(8) {
        let file = index.file(&ranked.path);
        let about = file
            .and_then(|file| {
                index
                    .summary_text(&file.path)
                    .or_else(|| file.parsed.doc.clone())
            })
            .or_else(|| {
                // No summary and no file doc: the doc of the symbol lens matched best there,
                // else of its first documented symbol.
                file.and_then(|file| {
                    let matched = selection
                        .symbols
                        .iter()
                        .filter(|ranked| ranked.path == file.path)
                        .find_map(|ranked| {
                            file.parsed
                                .symbols
                                .iter()
                                .find(|symbol| {
                                    symbol.name == ranked.name && symbol.line == ranked.line
                                })
                                .and_then(|symbol| symbol.doc.as_deref().map(str::to_string))
                        });
                    matched.or_else(|| {
                        file.parsed
                            .symbols
                            .iter()
                            .find_map(|symbol| symbol.doc.as_deref().map(str::to_string))
                    })
                })
            })
            .unwrap_or_default();
        let about = crate::gate::redact(&first_sentence(&about)).0;
        out.push_str(&format!("- {}  {}\n", ranked.path, about));
    }
    if !selection.symbols.is_empty() {
        out.push('\n');
        for symbol in selection.symbols.iter().take(10) {
            out.push_str(&format!(
                "- {}:{}  {} {}\n",
                symbol.path,
                symbol.line,
                symbol.kind.as_str(),
                symbol.name
            ));
        }
    }
    out
}

/// The longest description the offline answer shows for a file, in characters.
const DESCRIPTION_CHARS: usize = 160;

/// The first sentence of a doc comment, with its wrapped lines joined; when the sentence is
/// longer than [`DESCRIPTION_CHARS`] it is cut at a word and ends in `…`, so that a cut never
/// reads as the whole description.
fn first_sentence(doc: &str) -> String {
    let paragraph = doc
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let sentence_end = paragraph
        .char_indices()
        .find(|&(index, c)| {
            matches!(c, '.' | '!' | '?')
                && paragraph[index + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(index, c)| index + c.len_utf8());
    let sentence = &paragraph[..sentence_end.unwrap_or(paragraph.len())];
    if sentence.chars().count() <= DESCRIPTION_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(DESCRIPTION_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod first_sentence_tests {
    use super::first_sentence;

    #[test]
    fn a_description_is_a_whole_sentence_or_ends_in_an_ellipsis() {
        assert_eq!(
            first_sentence("Reads the index and\nranks files for a question. More here.\n"),
            "Reads the index and ranks files for a question."
        );
        assert_eq!(first_sentence("No full stop"), "No full stop");
        assert_eq!(
            first_sentence("Version 1.2 is read.\n\nOther."),
            "Version 1.2 is read."
        );
        let long = "word ".repeat(60);
        let shown = first_sentence(&long);
        assert!(shown.ends_with("word…"), "{shown}");
        assert!(shown.chars().count() <= 161);
        assert_eq!(first_sentence(""), "");
    }
}
