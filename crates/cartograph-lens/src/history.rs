//! What the repository's own history says about a question: the past commits whose messages
//! resemble it, and the files they changed (bug localisation's "similar fixed reports"). A
//! change usually goes where changes described the same way went before. Pure: the caller
//! reads the log (`git log`, see `History::LOG_FORMAT`) and passes its text; nothing here runs
//! git, and without a history the ranking is what it was.

use crate::analyze::analyze;
use rustc_hash::FxHashMap;

/// A commit that changed more files than this is a sweep (a rename, a reformatting, a vendored
/// update): it says nothing about where one change goes.
const MAX_FILES_PER_COMMIT: usize = 8;
/// Only the past commits most like the question count.
const SIMILAR_COMMITS: usize = 10;
/// How many commits back a past commit's similarity is halved: where a change goes drifts as
/// the code moves.
const HALF_LIFE_COMMITS: f64 = 500.0;
/// A file changed in fewer commits than this says nothing about what changes with it.
const MIN_COCHANGE_COMMITS: usize = 2;
/// Commits that changed a file and nothing else, assumed on top of its real ones when
/// counting what changed with it. On the tuning repositories 4 did better than 1.
const COCHANGE_PRIOR: f64 = 4.0;
/// BM25's constants over commit messages, as over files.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Past commits' message terms and changed files, newest first.
#[derive(Debug, Default)]
pub struct History {
    /// Per commit: the files it changed (repository paths, as `git log --name-only` gives them).
    files: Vec<Vec<Box<str>>>,
    /// Per commit: how many distinct terms its message holds.
    lengths: Vec<u32>,
    average_length: f64,
    /// Per analyzed term: the commits whose message holds it, ascending.
    postings: FxHashMap<Box<str>, Vec<u32>>,
    /// Per file: the commits that changed it, ascending (newest first).
    changed_in: FxHashMap<Box<str>, Vec<u32>>,
}

impl History {
    /// The `git log` format `from_log` reads: each record starts with a record separator, its
    /// message ends with a unit separator, and the changed files follow one a line
    /// (`git log --no-merges --name-only --format=...`).
    pub const LOG_FORMAT: &'static str = "%x1e%B%x1f";

    /// Reads the output of `git log --no-merges --name-only --format=` [`History::LOG_FORMAT`].
    /// Records it cannot read, and commits that changed no file or too many, are left out.
    pub fn from_log(log: &str) -> History {
        let mut history = History::default();
        for record in log.split('\x1e') {
            let Some((message, changed)) = record.split_once('\x1f') else {
                continue;
            };
            let files: Vec<Box<str>> = changed
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(Box::from)
                .collect();
            if files.is_empty() || files.len() > MAX_FILES_PER_COMMIT {
                continue;
            }
            let mut terms: Vec<String> = analyze(message, true)
                .into_iter()
                .map(|term| term.text)
                .collect();
            terms.sort_unstable();
            terms.dedup();
            if terms.is_empty() {
                continue;
            }
            let commit = history.files.len() as u32;
            for term in &terms {
                history
                    .postings
                    .entry(Box::from(term.as_str()))
                    .or_default()
                    .push(commit);
            }
            for file in &files {
                let commits = history.changed_in.entry(file.clone()).or_default();
                if commits.last() != Some(&commit) {
                    commits.push(commit);
                }
            }
            history.lengths.push(terms.len() as u32);
            history.files.push(files);
        }
        let total: u64 = history.lengths.iter().map(|&n| u64::from(n)).sum();
        history.average_length = total as f64 / history.lengths.len().max(1) as f64;
        history
    }

    /// How many past commits it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Each file the past commits most like the question changed, with its share: a commit's
    /// BM25 similarity to the question (`terms`, each with the weight the ranking gives it),
    /// halved every `HALF_LIFE_COMMITS` commits back, is split among the files it changed, and
    /// the sums are shares of the similarity a commit holding every term would have (or of the
    /// largest sum, when that is more).
    pub(crate) fn file_shares(&self, terms: &[(&str, f64)]) -> Vec<(&str, f64)> {
        let n = self.files.len() as f64;
        if n == 0.0 {
            return Vec::new();
        }
        let mut similarity: FxHashMap<u32, f64> = FxHashMap::default();
        // The similarity of a commit of average length whose message held every term.
        let mut ideal = 0.0;
        for &(term, weight) in terms {
            let Some(commits) = self.postings.get(term) else {
                continue;
            };
            let containing = commits.len() as f64;
            let idf = (1.0 + (n - containing + 0.5) / (containing + 0.5)).ln() * weight;
            ideal += idf;
            for &commit in commits {
                let length = f64::from(self.lengths[commit as usize]);
                let norm = K1 * (1.0 - B + B * length / self.average_length.max(1.0));
                *similarity.entry(commit).or_default() += idf * (K1 + 1.0) / (1.0 + norm);
            }
        }
        // Commits are numbered newest first: an older one counts for less.
        for (commit, value) in similarity.iter_mut() {
            *value *= 0.5f64.powf(f64::from(*commit) / HALF_LIFE_COMMITS);
        }
        let mut similar: Vec<(u32, f64)> = similarity.into_iter().collect();
        // Newer commits (lower numbers) first among equals, so the order is the same every run.
        similar.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        similar.truncate(SIMILAR_COMMITS);
        let mut shares: FxHashMap<&str, f64> = FxHashMap::default();
        for (commit, similarity) in similar {
            let files = &self.files[commit as usize];
            for file in files {
                *shares.entry(file).or_default() += similarity / files.len() as f64;
            }
        }
        // Shares are of what a commit holding every term would give, so that a question
        // only weakly like any past commit lifts little.
        let best = shares.values().copied().fold(ideal, f64::max);
        let mut shares: Vec<(&str, f64)> = shares
            .into_iter()
            .filter(|_| best > 0.0)
            .map(|(file, share)| (file, share / best))
            .collect();
        shares.sort_by(|a, b| a.0.cmp(b.0));
        shares
    }
}

impl History {
    /// The files past commits changed together with `file`, each with the share of the
    /// commits that changed `file` that changed it too (logical coupling); `None` when `file`
    /// changed in fewer than `MIN_COCHANGE_COMMITS` commits. Commits count `0.5` per
    /// `HALF_LIFE_COMMITS` back, as for similarity, and the shares are over
    /// `COCHANGE_PRIOR` more commits than changed `file`, so that a file changed twice, both
    /// times with the same neighbour, does not count that neighbour as certain.
    pub(crate) fn changed_with(&self, file: &str) -> Option<Vec<(&str, f64)>> {
        let commits = self.changed_in.get(file)?;
        if commits.len() < MIN_COCHANGE_COMMITS {
            return None;
        }
        let mut total = COCHANGE_PRIOR;
        let mut with: FxHashMap<&str, f64> = FxHashMap::default();
        for &commit in commits {
            let weight = 0.5f64.powf(f64::from(commit) / HALF_LIFE_COMMITS);
            total += weight;
            for other in &self.files[commit as usize] {
                if **other != *file {
                    *with.entry(other).or_default() += weight;
                }
            }
        }
        let mut with: Vec<(&str, f64)> = with
            .into_iter()
            .map(|(other, weight)| (other, weight / total))
            .collect();
        with.sort_by(|a, b| a.0.cmp(b.0));
        Some(with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(commits: &[(&str, &[&str])]) -> String {
        commits
            .iter()
            .map(|(message, files)| format!("\x1e{message}\n\x1f\n\n{}\n", files.join("\n")))
            .collect()
    }

    #[test]
    fn past_commits_like_the_question_point_at_the_files_they_changed() {
        let history = History::from_log(&log(&[
            ("Fix zsh completion of flags", &["completions/zsh.go"]),
            ("Add bash completion for nouns", &["completions/bash.go"]),
            ("Speed up the walker", &["walk.go", "walk_unix.go"]),
            (
                "Reformat everything",
                &["a", "b", "c", "d", "e", "f", "g", "h", "i"],
            ),
        ]));
        assert_eq!(history.len(), 3, "the sweep is left out");
        let question = analyze("zsh completion of flags", true);
        let terms: Vec<(&str, f64)> = question.iter().map(|t| (t.text.as_str(), 1.0)).collect();
        let shares = history.file_shares(&terms);
        let best = shares
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(file, _)| *file);
        assert_eq!(best, Some("completions/zsh.go"));
        assert!(shares.iter().all(|(file, _)| !file.starts_with("walk")));
    }

    #[test]
    fn files_changed_together_are_partners_in_proportion_to_how_often() {
        let history = History::from_log(&log(&[
            ("Add the palette flag", &["src/flags.rs", "src/paint.rs"]),
            (
                "Name the palette's colours",
                &["src/flags.rs", "src/paint.rs"],
            ),
            ("Document the flags", &["src/flags.rs", "README.md"]),
            ("Speed up the walker", &["src/walk.rs"]),
            ("Walk in parallel", &["src/walk.rs", "src/flags.rs"]),
        ]));
        let with = history.changed_with("src/flags.rs").unwrap_or_default();
        let share = |file: &str| {
            with.iter()
                .find(|(other, _)| *other == file)
                .map_or(0.0, |(_, share)| *share)
        };
        assert!(share("src/paint.rs") > share("README.md"), "{with:?}");
        assert!(
            (share("README.md") - share("src/walk.rs")).abs() < 0.01,
            "{with:?}"
        );
        // Four commits changed `src/flags.rs`, plus the prior's: two of them changed
        // `src/paint.rs` too, a share well under one.
        assert!(share("src/paint.rs") < 0.5, "{with:?}");
        assert!(with.iter().all(|(other, _)| *other != "src/flags.rs"));
        // A file changed once has no partners to speak of.
        assert!(history.changed_with("src/paint.rs").is_some());
        assert!(history.changed_with("README.md").is_none());
    }
}
