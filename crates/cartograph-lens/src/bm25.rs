//! BM25 scoring: BM25F over a file's weighted fields for the lens, and plain BM25 over each
//! file's path and text as the baseline the lens is measured against. Scores only; no ranking
//! policy.

use crate::analyze::baseline_tokens;
use cartograph_core::{FileSet, RepoPath};
use std::collections::BTreeMap;

pub(crate) const FIELDS: usize = 5;
pub(crate) const FIELD_NAMES: [&str; FIELDS] = ["path", "identifiers", "docs", "summary", "source"];
/// How much a match in each field counts: a path or identifier names what a file is about;
/// source text mentions everything, so it counts least.
const WEIGHTS: [f64; FIELDS] = [4.0, 2.5, 1.5, 1.5, 1.0];
/// Length normalisation per field: paths are all short, sources vary wildly, and a long
/// source mentions most words somewhere, so its length is held against it almost in full (0.9
/// rather than BM25's usual 0.75: on the history sets and the standard-library set 0.9 found
/// as many answers or more and ranked them higher; 1.0 lost standard-library first places).
const B: [f64; FIELDS] = [0.3, 0.5, 0.5, 0.5, 0.9];
const K1: f64 = 1.2;

/// How often each query term occurs in each field of one file, and the fields' lengths.
#[derive(Debug, Clone)]
pub(crate) struct FieldCounts {
    pub lengths: [u32; FIELDS],
    /// One row per query term.
    pub counts: Vec<[u32; FIELDS]>,
}

fn idf(documents: usize, containing: usize) -> f64 {
    let n = documents as f64;
    let df = containing as f64;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The inverse document frequency of each query term over `documents`.
pub(crate) fn term_idf(documents: &[FieldCounts], n_terms: usize) -> Vec<f64> {
    (0..n_terms)
        .map(|term| {
            let containing = documents
                .iter()
                .filter(|doc| doc.counts[term].iter().any(|count| *count > 0))
                .count();
            idf(documents.len(), containing)
        })
        .collect()
}

/// BM25F score of every document for the query terms (weights `term_weights`, usually idf).
pub(crate) fn bm25f(documents: &[FieldCounts], term_weights: &[f64]) -> Vec<f64> {
    let mut average = [0.0; FIELDS];
    for doc in documents {
        for (field, length) in doc.lengths.iter().enumerate() {
            average[field] += f64::from(*length);
        }
    }
    for value in &mut average {
        *value /= documents.len().max(1) as f64;
    }
    documents
        .iter()
        .map(|doc| {
            term_weights
                .iter()
                .enumerate()
                .map(|(term, weight)| {
                    let tf: f64 = (0..FIELDS)
                        .map(|field| {
                            let count = f64::from(doc.counts[term][field]);
                            if count == 0.0 {
                                return 0.0;
                            }
                            let norm = if average[field] > 0.0 {
                                1.0 - B[field]
                                    + B[field] * f64::from(doc.lengths[field]) / average[field]
                            } else {
                                1.0
                            };
                            WEIGHTS[field] * count / norm
                        })
                        .sum();
                    weight * tf / (K1 + tf)
                })
                .sum()
        })
        .collect()
}

/// Plain BM25 (k1 = 1.2, b = 0.75) over each file's path words and the words of its whole text,
/// identifiers split (see `baseline_tokens`): the fixed baseline for evaluation. Returns the
/// files that match at all, best first (ties by path).
pub fn bm25_baseline<F: FileSet + ?Sized>(
    query: &str,
    files: &F,
    sources: &dyn Fn(&RepoPath) -> Option<String>,
) -> Vec<(RepoPath, f64)> {
    let mut terms: Vec<String> = Vec::new();
    baseline_tokens(query, |token| terms.push(token));
    terms.sort();
    terms.dedup();
    let index: BTreeMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(at, t)| (t.as_str(), at))
        .collect();
    let mut documents = Vec::with_capacity(files.len());
    for file in (0..files.len()).map(|at| files.head(at)) {
        let mut counts = vec![0u32; terms.len()];
        let mut length = 0u32;
        if !file.flags.secret {
            let mut count = |token: String| {
                length += 1;
                if let Some(&term) = index.get(token.as_str()) {
                    counts[term] += 1;
                }
            };
            baseline_tokens(file.path.as_str(), &mut count);
            if let Some(text) = sources(file.path) {
                baseline_tokens(&text, &mut count);
            }
        }
        documents.push((length, counts));
    }
    let average = documents
        .iter()
        .map(|(length, _)| f64::from(*length))
        .sum::<f64>()
        / documents.len().max(1) as f64;
    let idfs: Vec<f64> = (0..terms.len())
        .map(|term| {
            idf(
                documents.len(),
                documents
                    .iter()
                    .filter(|(_, counts)| counts[term] > 0)
                    .count(),
            )
        })
        .collect();
    let mut scored: Vec<(RepoPath, f64)> = (0..files.len())
        .map(|at| files.head(at))
        .zip(&documents)
        .map(|(file, (length, counts))| {
            let norm = if average > 0.0 {
                1.0 - 0.75 + 0.75 * f64::from(*length) / average
            } else {
                1.0
            };
            let score = counts
                .iter()
                .zip(&idfs)
                .map(|(count, idf)| {
                    let tf = f64::from(*count);
                    idf * tf * (K1 + 1.0) / (tf + K1 * norm)
                })
                .sum::<f64>();
            (file.path.clone(), score)
        })
        .filter(|(_, score)| *score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_source_does_not_outrank_a_short_one_by_mentioning_a_word_more() {
        let file = |source_length: u32, mentions: u32| FieldCounts {
            lengths: [1, 0, 0, 0, source_length],
            counts: vec![[0, 0, 0, 0, mentions]],
        };
        // Ten times as long, five times the mentions: the short file is the better match.
        let scores = bm25f(&[file(10, 1), file(100, 5)], &[1.0]);
        assert!(scores[0] > scores[1], "{scores:?}");
    }
}
