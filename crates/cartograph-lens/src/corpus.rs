//! The words of the files being ranked, without reading them all for every question: the term
//! index (see `index`) for files it holds as they are now, and files analyzed at load for the
//! few that changed since it was built. When too many changed, the caller rebuilds the index
//! (`Corpus::rebuild`), copying the postings of unchanged files rather than analyzing them again.

use crate::bm25::{FieldCounts, FIELDS};
use crate::index::{IndexBuilder, IndexError, IndexedDoc, TermIndex};
use crate::terms::{file_terms, FileTerms};
use cartograph_core::{ContentHash, FileHead, FileMap, FileSet, RepoPath};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;

/// A file's text, or its summary, by path: `None` when there is none (or it may not be read).
pub type TextOf<'a> = &'a (dyn Fn(&RepoPath) -> Option<String> + Sync);

/// More changed files than this are not analyzed at every load: the index is rebuilt instead.
const MAX_FRESH: usize = 64;
/// Files analyzed together while building: enough to keep every core busy, few enough that
/// their terms do not pile up in memory.
const CHUNK: usize = 256;

/// The summary hash an index entry records: of the text the summary field was analyzed from.
fn summary_hash(summary: Option<&str>) -> ContentHash {
    ContentHash::of(summary.unwrap_or_default().as_bytes())
}

pub struct Corpus {
    index: Option<TermIndex>,
    /// Files the index holds as they are now, by path, with their ids.
    current: HashMap<RepoPath, u32>,
    /// The same by position in the files `new` was given (`None` for the others), so that
    /// ranking those files finds each one's id without hashing its path.
    current_at: Vec<Option<u32>>,
    /// Files analyzed now: changed since the index was built, or new.
    fresh: HashMap<RepoPath, FileTerms>,
    /// Files neither current nor analyzed yet.
    stale: Vec<RepoPath>,
    /// Entries of the index whose file is gone or changed.
    dropped: usize,
}

impl std::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Corpus")
            .field("index", &self.index)
            .field("current", &self.current.len())
            .field("fresh", &self.fresh.len())
            .field("stale", &self.stale.len())
            .finish()
    }
}

/// The files lens ranks, by position: never secret ones. Reads only the heads.
fn rankable<F: FileSet + ?Sized>(files: &F) -> impl Iterator<Item = (usize, FileHead<'_>)> {
    (0..files.len())
        .map(|at| (at, files.head(at)))
        .filter(|(_, file)| !file.flags.secret)
}

impl Corpus {
    /// Compares `files` (and their summaries) with `index`; nothing is read yet, and no map
    /// decoded.
    pub fn new<F: FileSet + ?Sized>(
        index: Option<TermIndex>,
        files: &F,
        summaries: TextOf<'_>,
    ) -> Corpus {
        let mut current = HashMap::new();
        let mut current_at = vec![None; files.len()];
        let mut stale = Vec::new();
        // Most files have no summary: the hash of none is computed once.
        let no_summary = summary_hash(None);
        for (at, file) in rankable(files) {
            let held = index.as_ref().and_then(|index| {
                let id = index.doc_of(file.path.as_str())?;
                let doc = &index.docs()[id as usize];
                let summary = match summaries(file.path) {
                    Some(summary) => summary_hash(Some(&summary)),
                    None => no_summary,
                };
                (doc.hash == file.hash && doc.summary == summary).then_some(id)
            });
            match held {
                Some(id) => {
                    current.insert(file.path.clone(), id);
                    current_at[at] = Some(id);
                }
                None => stale.push(file.path.clone()),
            }
        }
        let dropped = index
            .as_ref()
            .map_or(0, |index| index.docs().len() - current.len());
        Corpus {
            index,
            current,
            current_at,
            fresh: HashMap::new(),
            stale,
            dropped,
        }
    }

    /// No index, or so much changed that analyzing the changes at every load, or carrying the
    /// dead entries, costs more than building it again.
    pub fn needs_rebuild(&self) -> bool {
        self.index.is_none()
            || self.stale.len() > MAX_FRESH
            || self.dropped > MAX_FRESH.max(self.current.len() / 10)
    }

    /// How many files the index holds as they are now, and how many were analyzed at load.
    pub fn counts(&self) -> (usize, usize) {
        (self.current.len(), self.fresh.len() + self.stale.len())
    }

    /// Analyzes the files the index does not hold as they are.
    pub fn analyze_changed<F: FileSet + ?Sized>(
        &mut self,
        files: &F,
        summaries: TextOf<'_>,
        sources: TextOf<'_>,
    ) {
        let stale: std::collections::HashSet<&RepoPath> = self.stale.iter().collect();
        let changed: Vec<&FileMap> = rankable(files)
            .filter(|(_, file)| stale.contains(file.path))
            .map(|(at, _)| files.map(at))
            .collect();
        let analyzed: Vec<(RepoPath, FileTerms)> = changed
            .par_iter()
            .map(|file| (file.path.clone(), analyze_file(file, summaries, sources)))
            .collect();
        self.fresh.extend(analyzed);
        self.stale.clear();
    }

    /// Writes an index of `files` under `key`: the postings of files the old index holds as
    /// they are now are copied, the rest analyzed. Returns how many files it holds.
    pub fn rebuild<F: FileSet + ?Sized>(
        &self,
        files: &F,
        summaries: TextOf<'_>,
        sources: TextOf<'_>,
        key: &str,
        out: &mut dyn Write,
    ) -> Result<usize, IndexError> {
        let mut builder = IndexBuilder::new();
        if let Some(old) = &self.index {
            let kept: std::collections::HashSet<u32> = self.current.values().copied().collect();
            builder.add_kept(old, |id, _| kept.contains(&id))?;
        }
        let others: Vec<&FileMap> = rankable(files)
            .filter(|(_, file)| !self.current.contains_key(file.path))
            .map(|(at, _)| files.map(at))
            .collect();
        for chunk in others.chunks(CHUNK) {
            let analyzed: Vec<FileTerms> = chunk
                .par_iter()
                .map(|file| match self.fresh.get(&file.path) {
                    Some(terms) => terms.clone(),
                    None => analyze_file(file, summaries, sources),
                })
                .collect();
            for (file, terms) in chunk.iter().zip(&analyzed) {
                let doc = IndexedDoc {
                    path: file.path.to_string(),
                    hash: file.hash,
                    summary: summary_hash(summaries(&file.path).as_deref()),
                    lengths: [0; FIELDS],
                };
                builder.add(doc, terms);
            }
        }
        let held = builder.len();
        builder.write(key, out)?;
        Ok(held)
    }

    /// The rows of `terms` for each file of `files` at `positions`, with their fields'
    /// lengths. A file neither in the index as it is nor analyzed at load is analyzed now (the
    /// only map this decodes). When `files` are the files `new` was given, each id is found by
    /// position (checked against the path) instead of by the path's hash.
    pub(crate) fn field_counts<F: FileSet + ?Sized>(
        &self,
        files: &F,
        positions: &[usize],
        terms: &[&str],
        summaries: TextOf<'_>,
        sources: TextOf<'_>,
    ) -> Result<Vec<FieldCounts>, IndexError> {
        let mut rows: Vec<FieldCounts> = Vec::with_capacity(positions.len());
        // Candidate by document id; `usize::MAX` for documents no candidate is.
        let n_docs = self.index.as_ref().map_or(0, |index| index.docs().len());
        let mut by_id: Vec<usize> = vec![usize::MAX; n_docs];
        for (at, &position) in positions.iter().enumerate() {
            let file = files.head(position);
            let id = match &self.index {
                Some(index) => self
                    .current_at
                    .get(position)
                    .copied()
                    .flatten()
                    .filter(|&id| {
                        index
                            .docs()
                            .get(id as usize)
                            .is_some_and(|doc| doc.path == file.path.as_str())
                    })
                    .or_else(|| self.current.get(file.path).copied()),
                None => self.current.get(file.path).copied(),
            };
            let row = match (id, &self.index) {
                (Some(id), Some(index)) => {
                    if let Some(slot) = by_id.get_mut(id as usize) {
                        *slot = at;
                    }
                    FieldCounts {
                        lengths: index.docs()[id as usize].lengths,
                        counts: vec![[0; FIELDS]; terms.len()],
                    }
                }
                _ => match self.fresh.get(file.path) {
                    Some(fresh) => fresh.field_counts(terms),
                    None => {
                        analyze_file(files.map(position), summaries, sources).field_counts(terms)
                    }
                },
            };
            rows.push(row);
        }
        if let Some(index) = &self.index {
            for (term_at, term) in terms.iter().enumerate() {
                for (id, counts) in index.postings(term)? {
                    if let Some(&at) = by_id.get(id as usize).filter(|&&at| at != usize::MAX) {
                        rows[at].counts[term_at] = counts;
                    }
                }
            }
        }
        Ok(rows)
    }
}

fn analyze_file(file: &FileMap, summaries: TextOf<'_>, sources: TextOf<'_>) -> FileTerms {
    file_terms(
        file,
        summaries(&file.path).as_deref(),
        sources(&file.path).as_deref(),
    )
}
