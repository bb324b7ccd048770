//! Measures retrieval: for (question, expected file) pairs, where the expected file lands in the
//! lens ranking and in the plain BM25 baseline, and the top-k hit rate of each. Pure; the caller
//! supplies the index (a real repository's, or a fixture's).

use crate::{bm25_baseline, ranking};
use cartograph_core::{FileMap, Module, RepoPath};
use cartograph_graph::Graph;

/// A question whose answer lives in a known file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalCase {
    pub question: String,
    pub expected: RepoPath,
}

/// Where one case's expected file ranked (1-based), if anywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalOutcome {
    pub question: String,
    pub expected: RepoPath,
    pub lens_rank: Option<usize>,
    pub baseline_rank: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalReport {
    pub k: usize,
    pub lens_hits: usize,
    pub baseline_hits: usize,
    pub outcomes: Vec<EvalOutcome>,
}

impl EvalReport {
    /// A short table for people: one line per case, then the hit rates.
    pub fn to_text(&self) -> String {
        let show = |rank: Option<usize>| rank.map_or_else(|| "-".to_string(), |r| r.to_string());
        let mut out = String::from("lens\tbm25\texpected\tquestion\n");
        for outcome in &self.outcomes {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                show(outcome.lens_rank),
                show(outcome.baseline_rank),
                outcome.expected,
                outcome.question
            ));
        }
        out.push_str(&format!(
            "top-{}: lens {}/{}, bm25 {}/{}\n",
            self.k,
            self.lens_hits,
            self.outcomes.len(),
            self.baseline_hits,
            self.outcomes.len()
        ));
        out
    }
}

/// Reads cases from text: one per line, `question<TAB>expected path`; blank lines and lines
/// starting with `#` are skipped, as are lines whose path is not a valid repository path.
pub fn parse_cases(text: &str) -> Vec<EvalCase> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (question, expected) = line.rsplit_once('\t')?;
            Some(EvalCase {
                question: question.trim().to_string(),
                expected: RepoPath::new(expected.trim()).ok()?,
            })
        })
        .collect()
}

/// Runs every case through the lens ranking and the BM25 baseline.
pub fn evaluate(
    cases: &[EvalCase],
    files: &[FileMap],
    summaries: &dyn Fn(&RepoPath) -> Option<String>,
    graph: &Graph,
    modules: &[Module],
    sources: &dyn Fn(&RepoPath) -> Option<String>,
    k: usize,
) -> EvalReport {
    let position = |list: &[(RepoPath, f64)], expected: &RepoPath| {
        list.iter()
            .position(|(path, _)| path == expected)
            .map(|at| at + 1)
    };
    let outcomes: Vec<EvalOutcome> = cases
        .iter()
        .map(|case| {
            let lens = ranking(&case.question, files, summaries, graph, modules, sources);
            let baseline = bm25_baseline(&case.question, files, sources);
            EvalOutcome {
                question: case.question.clone(),
                expected: case.expected.clone(),
                lens_rank: position(&lens, &case.expected),
                baseline_rank: position(&baseline, &case.expected),
            }
        })
        .collect();
    let hits = |rank: fn(&EvalOutcome) -> Option<usize>| {
        outcomes
            .iter()
            .filter(|o| rank(o).is_some_and(|r| r <= k))
            .count()
    };
    EvalReport {
        k,
        lens_hits: hits(|o| o.lens_rank),
        baseline_hits: hits(|o| o.baseline_rank),
        outcomes,
    }
}
