//! Measures retrieval: for questions whose answer lives in known files, where those files land in
//! the lens ranking and in the BM25 baseline, summed up as recall@k, hit@k and MRR. Pure; the
//! caller supplies the index (a real repository's, or a fixture's). An expected file that is not
//! in the index is simply never ranked: a miss, not an error.

use crate::{bm25_baseline, ranking_hybrid, RankTables, Texts};
use cartograph_core::{FileSet, Module, RepoPath};
use cartograph_graph::Graph;
use serde::{Deserialize, Serialize};

/// MRR counts the first answer file only when it ranks this high or better.
pub const MRR_DEPTH: usize = 10;

/// A question whose answer lives in one or more known files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvalCase {
    pub question: String,
    pub files: Vec<RepoPath>,
}

/// A line of an evaluation file that cannot be read as a case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct CaseError {
    pub line: usize,
    pub reason: String,
}

/// Where each expected file ranked (1-based) in lens and in the baseline; `None` when it did not
/// rank at all (not in the index, a secret, or matched by no term of the baseline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvalOutcome {
    pub question: String,
    pub files: Vec<RepoPath>,
    pub lens_ranks: Vec<Option<usize>>,
    pub bm25_ranks: Vec<Option<usize>>,
}

/// Recall@k, hit@k and MRR of one ranking over a set of cases, each a mean over the cases.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Metrics {
    pub recall: f64,
    pub hit: f64,
    pub mrr: f64,
}

impl Metrics {
    /// One case's figures: `ranks` holds the rank of each expected file.
    pub fn of_case(ranks: &[Option<usize>], k: usize) -> Metrics {
        if ranks.is_empty() {
            return Metrics::default();
        }
        let in_top_k = ranks.iter().flatten().filter(|rank| **rank <= k).count();
        let first = ranks.iter().flatten().min().copied();
        Metrics {
            recall: in_top_k as f64 / ranks.len() as f64,
            hit: if in_top_k > 0 { 1.0 } else { 0.0 },
            mrr: first
                .filter(|rank| *rank <= MRR_DEPTH)
                .map_or(0.0, |rank| 1.0 / rank as f64),
        }
    }

    /// The mean of per-case figures (zero for no cases).
    pub fn mean(cases: &[Metrics]) -> Metrics {
        let n = cases.len().max(1) as f64;
        Metrics {
            recall: cases.iter().map(|m| m.recall).sum::<f64>() / n,
            hit: cases.iter().map(|m| m.hit).sum::<f64>() / n,
            mrr: cases.iter().map(|m| m.mrr).sum::<f64>() / n,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub k: usize,
    pub lens: Metrics,
    pub bm25: Metrics,
    pub outcomes: Vec<EvalOutcome>,
}

impl EvalReport {
    /// A short table for people: one line per case (each expected file's rank), then the figures.
    pub fn to_text(&self) -> String {
        let show = |ranks: &[Option<usize>]| {
            ranks
                .iter()
                .map(|rank| rank.map_or_else(|| "-".to_string(), |r| r.to_string()))
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut out = String::from("lens\tbm25\texpected\tquestion\n");
        for outcome in &self.outcomes {
            let files: Vec<&str> = outcome.files.iter().map(RepoPath::as_str).collect();
            let question = outcome.question.lines().next().unwrap_or_default();
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                show(&outcome.lens_ranks),
                show(&outcome.bm25_ranks),
                files.join(","),
                question
            ));
        }
        let k = self.k;
        for (name, metrics) in [("lens", self.lens), ("bm25", self.bm25)] {
            out.push_str(&format!(
                "{name}: recall@{k} {:.3}, hit@{k} {:.3}, MRR {:.3} ({} cases)\n",
                metrics.recall,
                metrics.hit,
                metrics.mrr,
                self.outcomes.len()
            ));
        }
        out
    }
}

#[derive(Deserialize)]
struct JsonCase {
    question: String,
    files: Vec<String>,
}

/// Reads cases from text, one per line: a JSON object `{"question": ..., "files": [...]}`, or
/// `question<TAB>expected path`. Blank lines and lines starting with `#` are skipped; any other
/// line that is not a case is an error naming the line.
pub fn parse_cases(text: &str) -> Result<Vec<EvalCase>, CaseError> {
    let mut cases = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let line_number = at + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |reason: String| CaseError {
            line: line_number,
            reason,
        };
        let (question, files) = if line.starts_with('{') {
            let case: JsonCase = serde_json::from_str(line)
                .map_err(|e| error(format!("not a {{question, files}} object: {e}")))?;
            (case.question, case.files)
        } else {
            let (question, expected) = line.rsplit_once('\t').ok_or_else(|| {
                error("expected a JSON object or `question<TAB>path`".to_string())
            })?;
            (question.to_string(), vec![expected.to_string()])
        };
        let question = question.trim().to_string();
        if question.is_empty() {
            return Err(error("the question is empty".to_string()));
        }
        let mut paths = Vec::with_capacity(files.len());
        for file in &files {
            let path = RepoPath::new(file.trim())
                .map_err(|e| error(format!("`{file}` is not a repository path: {e}")))?;
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            return Err(error("no expected file".to_string()));
        }
        cases.push(EvalCase {
            question,
            files: paths,
        });
    }
    Ok(cases)
}

/// Runs every case through the lens ranking and the BM25 baseline (which reads
/// `texts.sources`).
pub fn evaluate<F: FileSet + ?Sized>(
    cases: &[EvalCase],
    files: &F,
    texts: Texts<'_>,
    graph: &Graph,
    modules: &[Module],
    k: usize,
) -> EvalReport {
    evaluate_hybrid(cases, files, texts, graph, modules, k, &|_| None, true)
}

/// [`evaluate`], with lens's ranking of each question fused with `semantic(question)` when it
/// gives one (embeddings); the BM25 baseline stays as it is. Without `baseline` the BM25
/// baseline is not run (it reads every source for each question, most of an evaluation's time
/// on a large tree) and its figures are zeros.
#[allow(clippy::too_many_arguments)]
pub fn evaluate_hybrid<F: FileSet + ?Sized>(
    cases: &[EvalCase],
    files: &F,
    texts: Texts<'_>,
    graph: &Graph,
    modules: &[Module],
    k: usize,
    semantic: &dyn Fn(&str) -> Option<crate::fuse::Semantic>,
    baseline: bool,
) -> EvalReport {
    let ranks_in = |list: &[(RepoPath, f64)], expected: &[RepoPath]| -> Vec<Option<usize>> {
        expected
            .iter()
            .map(|file| {
                list.iter()
                    .position(|(path, _)| path == file)
                    .map(|at| at + 1)
            })
            .collect()
    };
    // The tables do not depend on the question: built once for every case.
    let built;
    let texts = match texts.tables {
        Some(_) => texts,
        None => {
            built = RankTables::new(files, graph, modules);
            Texts {
                tables: Some(&built),
                ..texts
            }
        }
    };
    let outcomes: Vec<EvalOutcome> = cases
        .iter()
        .map(|case| {
            let semantic = semantic(&case.question);
            let lens = ranking_hybrid(
                &case.question,
                files,
                texts,
                graph,
                modules,
                semantic.as_ref(),
            );
            // Skipped, the baseline ranks nothing: every expected file counts as a miss.
            let baseline = if baseline {
                bm25_baseline(&case.question, files, texts.sources)
            } else {
                Vec::new()
            };
            EvalOutcome {
                question: case.question.clone(),
                files: case.files.clone(),
                lens_ranks: ranks_in(&lens, &case.files),
                bm25_ranks: ranks_in(&baseline, &case.files),
            }
        })
        .collect();
    let mean = |ranks: fn(&EvalOutcome) -> &[Option<usize>]| {
        let per_case: Vec<Metrics> = outcomes
            .iter()
            .map(|outcome| Metrics::of_case(ranks(outcome), k))
            .collect();
        Metrics::mean(&per_case)
    };
    EvalReport {
        k,
        lens: mean(|o| &o.lens_ranks),
        bm25: mean(|o| &o.bm25_ranks),
        outcomes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> RepoPath {
        RepoPath::new(text).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn reads_json_lines_and_tsv() {
        let text = "# a comment\n\
            {\"question\": \"how are retries paced?\", \"files\": [\"src/retry.rs\", \"src/limits.rs\", \"src/retry.rs\"]}\n\
            \n\
            where is the config read?\tsrc/config.rs\n";
        let cases = parse_cases(text).unwrap_or_default();
        assert_eq!(
            cases,
            [
                EvalCase {
                    question: "how are retries paced?".to_string(),
                    files: vec![path("src/retry.rs"), path("src/limits.rs")],
                },
                EvalCase {
                    question: "where is the config read?".to_string(),
                    files: vec![path("src/config.rs")],
                },
            ]
        );
    }

    #[test]
    fn a_broken_line_is_named() {
        let broken = parse_cases("ok?\tsrc/a.rs\n{\"question\": \"x\"}\n");
        assert_eq!(broken.map_err(|e| e.line), Err(2));
        let no_path = parse_cases("just a question\n");
        assert_eq!(no_path.map_err(|e| e.line), Err(1));
        let empty_files = parse_cases("{\"question\": \"x\", \"files\": []}");
        assert!(empty_files.is_err());
    }

    #[test]
    fn metrics_of_one_case() {
        // Two of three files in the top 5, the first at rank 2.
        let figures = Metrics::of_case(&[Some(2), None, Some(4)], 5);
        assert!((figures.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(figures.hit, 1.0);
        assert_eq!(figures.mrr, 0.5);
        // Nothing in the top 5, but the first answer at rank 8 still counts for MRR.
        let late = Metrics::of_case(&[Some(8), Some(30)], 5);
        assert_eq!((late.recall, late.hit), (0.0, 0.0));
        assert_eq!(late.mrr, 0.125);
        // Past rank 10 counts nothing.
        assert_eq!(Metrics::of_case(&[Some(11)], 5), Metrics::default());
        let mean = Metrics::mean(&[figures, late]);
        assert!((mean.mrr - 0.3125).abs() < 1e-9);
    }
}
