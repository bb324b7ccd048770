//! `--lens`: lens against the BM25 baseline on real history. From each repository's history it
//! takes commits that modified one to three source files (tests, docs and examples left out,
//! chores skipped); the commit message is the question and the modified files are the answer.
//! Each question is asked with the repository checked out at the commit's parent, through
//! `cartograph lens --eval`, and the figures are reported per repository and per half: the
//! tuning half (what the ranking may be tuned on) and the held-out half (what it is judged on).
//! `--no-bm25` skips the BM25 baseline (`lens --eval --no-baseline`) for quicker tuning runs.
//!
//! The repositories are not part of this project: pass bare or ordinary git directories, e.g.
//! `git clone --bare https://github.com/psf/requests requests.git`.

use cartograph_lens::eval::Metrics;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Questions asked per repository unless `--per-repo` says otherwise.
const DEFAULT_PER_REPO: usize = 40;
const K: usize = 5;
/// Extensions of source files whose changes make an answer.
const SOURCE_EXTENSIONS: &[&str] = &[
    "py", "rs", "go", "js", "jsx", "ts", "tsx", "c", "h", "cc", "cpp", "hpp", "java", "rb", "php",
    "cs",
];
/// Path components of tests, docs, examples and benchmarks: not answers.
const NOT_ANSWER_DIRS: &[&str] = &[
    "test",
    "tests",
    "testing",
    "testdata",
    "fixtures",
    "__tests__",
    "spec",
    "doc",
    "docs",
    "example",
    "examples",
    "benches",
    "bench",
    "benchmarks",
];
/// Words of a commit subject that mark a chore rather than a change a question could ask for.
const CHORE_WORDS: &[&str] = &[
    "typo",
    "typos",
    "spelling",
    "bump",
    "version",
    "release",
    "changelog",
    "fmt",
    "format",
    "formatting",
    "rustfmt",
    "gofmt",
    "black",
    "isort",
    "lint",
    "linter",
    "clippy",
    "flake8",
    "whitespace",
    "pep8",
    "indentation",
    "tabs",
    "revert",
    "merge",
    "copyright",
    "license",
    "readme",
    "chore",
    "docs",
    "docstring",
    "docstrings",
    "comment",
    "comments",
    "dependabot",
    "deps",
    "ci",
];
/// Trailer lines say who, not what.
const TRAILERS: &[&str] = &[
    "signed-off-by:",
    "co-authored-by:",
    "reviewed-by:",
    "acked-by:",
    "cc:",
    "reported-by:",
    "tested-by:",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Half {
    Tune,
    HeldOut,
}

impl Half {
    fn as_str(self) -> &'static str {
        match self {
            Half::Tune => "tune",
            Half::HeldOut => "held out",
        }
    }
}

struct Repository {
    name: String,
    git_dir: PathBuf,
    half: Half,
}

/// One question from history.
#[derive(Debug, Clone)]
struct HistoryCase {
    commit: String,
    parent: String,
    question: String,
    files: Vec<String>,
}

/// One answered question: the rank of each answer file in lens and in BM25.
struct Asked {
    case: HistoryCase,
    lens_ranks: Vec<Option<usize>>,
    bm25_ranks: Vec<Option<usize>>,
}

pub fn lens_bench(binary: &Path, args: &[String]) {
    let mut repositories = Vec::new();
    let mut per_repo = DEFAULT_PER_REPO;
    let mut verbose = false;
    // Without the baseline a run takes less time; its columns then print as zeros.
    let mut baseline = true;
    let mut write_set: Option<PathBuf> = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tune" | "--held-out" => {
                let half = if arg == "--tune" {
                    Half::Tune
                } else {
                    Half::HeldOut
                };
                let Some(dir) = args.next() else {
                    usage(&format!("{arg} needs a git directory"));
                };
                repositories.push(Repository {
                    name: repository_name(Path::new(dir)),
                    git_dir: PathBuf::from(dir),
                    half,
                });
            }
            "--per-repo" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => per_repo = n,
                None => usage("--per-repo needs a number"),
            },
            "--write-set" => match args.next() {
                Some(file) => write_set = Some(PathBuf::from(file)),
                None => usage("--write-set needs a file"),
            },
            "--verbose" => verbose = true,
            "--no-bm25" => baseline = false,
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    if repositories.is_empty() {
        usage("name at least one repository");
    }
    let work = std::env::temp_dir().join(format!("cartograph-lens-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    if let Err(error) = std::fs::create_dir_all(&work) {
        eprintln!("cannot create {}: {error}", work.display());
        std::process::exit(2);
    }
    let mut set_lines = Vec::new();
    let mut results: Vec<(&Repository, Vec<Asked>, f64)> = Vec::new();
    for repository in &repositories {
        let cases = match history_cases(&repository.git_dir, per_repo) {
            Ok(cases) => cases,
            Err(error) => {
                eprintln!("skipping {}: {error}", repository.name);
                continue;
            }
        };
        for case in &cases {
            set_lines.push(
                serde_json::json!({
                    "repository": repository.name,
                    "half": repository.half.as_str(),
                    "commit": case.commit,
                    "parent": case.parent,
                    "question": case.question,
                    "files": case.files,
                })
                .to_string(),
            );
        }
        let started = Instant::now();
        let asked = match ask_at_parents(binary, repository, &cases, &work, baseline) {
            Ok(asked) => asked,
            Err(error) => {
                eprintln!("skipping {}: {error}", repository.name);
                continue;
            }
        };
        if verbose {
            for one in &asked {
                let show = |ranks: &[Option<usize>]| {
                    ranks
                        .iter()
                        .map(|r| r.map_or_else(|| "-".to_string(), |r| r.to_string()))
                        .collect::<Vec<_>>()
                        .join(",")
                };
                eprintln!(
                    "{}\t{}\tlens {}\tbm25 {}\t{}\t{}",
                    repository.name,
                    &one.case.commit[..one.case.commit.len().min(10)],
                    show(&one.lens_ranks),
                    show(&one.bm25_ranks),
                    one.case.files.join(","),
                    one.case.question.lines().next().unwrap_or_default()
                );
            }
        }
        results.push((repository, asked, started.elapsed().as_secs_f64()));
    }
    let _ = std::fs::remove_dir_all(&work);
    if let Some(file) = write_set {
        if let Err(error) = std::fs::write(&file, set_lines.join("\n") + "\n") {
            eprintln!("cannot write {}: {error}", file.display());
        }
    }

    println!("binary: {}", binary.display());
    println!(
        "| half | repository | questions | lens recall@{K} | lens hit@{K} | lens MRR | BM25 recall@{K} | BM25 hit@{K} | BM25 MRR | time |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut by_half: BTreeMap<Half, Vec<&Asked>> = BTreeMap::new();
    for (repository, asked, seconds) in &results {
        let (lens, bm25) = figures(asked.iter());
        println!(
            "| {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {seconds:.0} s |",
            repository.half.as_str(),
            repository.name,
            asked.len(),
            lens.recall,
            lens.hit,
            lens.mrr,
            bm25.recall,
            bm25.hit,
            bm25.mrr
        );
        by_half.entry(repository.half).or_default().extend(asked);
    }
    for (half, asked) in &by_half {
        let (lens, bm25) = figures(asked.iter().copied());
        println!(
            "| **{}** | all | {} | **{:.3}** | **{:.3}** | **{:.3}** | {:.3} | {:.3} | {:.3} | |",
            half.as_str(),
            asked.len(),
            lens.recall,
            lens.hit,
            lens.mrr,
            bm25.recall,
            bm25.hit,
            bm25.mrr
        );
    }
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "{problem}\nusage: cartograph-bench --lens [--per-repo N] [--verbose] [--no-bm25] [--write-set FILE] (--tune GIT_DIR | --held-out GIT_DIR)..."
    );
    std::process::exit(2);
}

/// Lens's and BM25's mean figures over some answered questions.
fn figures<'a>(asked: impl Iterator<Item = &'a Asked>) -> (Metrics, Metrics) {
    let (lens, bm25): (Vec<Metrics>, Vec<Metrics>) = asked
        .map(|one| {
            (
                Metrics::of_case(&one.lens_ranks, K),
                Metrics::of_case(&one.bm25_ranks, K),
            )
        })
        .unzip();
    (Metrics::mean(&lens), Metrics::mean(&bm25))
}

/// `/mirror/psf+requests/repo` → `psf/requests`; `ripgrep.git` → `ripgrep`.
fn repository_name(git_dir: &Path) -> String {
    let last = git_dir
        .file_name()
        .map(|name| name.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = if last == "repo" || last == ".git" {
        git_dir
            .parent()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().to_string())
            .unwrap_or(last)
    } else {
        last
    };
    name.trim_end_matches(".git").replace('+', "/")
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn is_source(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, extension)| SOURCE_EXTENSIONS.contains(&extension))
}

/// Tests, docs, examples and benchmarks, by path convention.
fn is_not_answer(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.split('/')
        .any(|part| NOT_ANSWER_DIRS.contains(&part.to_ascii_lowercase().as_str()))
        || name.starts_with("test_")
        || name.ends_with("_test.go")
        || name.ends_with("_test.py")
        || name.ends_with("_tests.rs")
        || name == "tests.rs"
        || name == "conftest.py"
        || name == "setup.py"
}

fn is_chore(subject: &str) -> bool {
    let words: Vec<String> = subject
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    // Version numbers and hashes are not words: `v2.17.2` says nothing a question could ask.
    let meaningful = words
        .iter()
        .filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    meaningful < 3
        || words
            .iter()
            .any(|word| CHORE_WORDS.contains(&word.as_str()))
}

/// The commit message without trailers, trimmed.
fn question_of(message: &str) -> String {
    message
        .lines()
        .filter(|line| {
            let lower = line.trim().to_lowercase();
            !TRAILERS.iter().any(|trailer| lower.starts_with(trailer))
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The questions of one repository's history, oldest first: at most `per_repo`, spread evenly
/// over every commit that qualifies.
fn history_cases(git_dir: &Path, per_repo: usize) -> Result<Vec<HistoryCase>, String> {
    let log = git(
        git_dir,
        &[
            "log",
            "--no-merges",
            "--no-renames",
            "--name-status",
            "--format=%x1e%H %P%n%B%x1f",
            "HEAD",
        ],
    )?;
    let mut cases = Vec::new();
    for record in log.split('\x1e').filter(|r| !r.trim().is_empty()) {
        let Some((head, changes)) = record.split_once('\x1f') else {
            continue;
        };
        let Some((ids, message)) = head.split_once('\n') else {
            continue;
        };
        let ids: Vec<&str> = ids.split_whitespace().collect();
        let [commit, parent] = ids[..] else {
            continue;
        };
        let subject = message.lines().next().unwrap_or_default();
        if is_chore(subject) {
            continue;
        }
        let mut modified = Vec::new();
        let mut touched_sources = 0;
        for line in changes.lines().filter(|l| !l.trim().is_empty()) {
            let Some((status, path)) = line.split_once('\t') else {
                continue;
            };
            if !is_source(path) || is_not_answer(path) {
                continue;
            }
            touched_sources += 1;
            if status == "M" {
                modified.push(path.to_string());
            }
        }
        // A commit that only adds or deletes source files has no answer present at the parent.
        if modified.is_empty() || modified.len() > 3 || touched_sources > 3 {
            continue;
        }
        cases.push(HistoryCase {
            commit: commit.to_string(),
            parent: parent.to_string(),
            question: question_of(message),
            files: modified,
        });
    }
    cases.reverse();
    if cases.len() > per_repo {
        let total = cases.len();
        cases = (0..per_repo)
            .map(|at| cases[at * total / per_repo].clone())
            .collect();
    }
    Ok(cases)
}

/// Asks every case at its parent in one reused checkout, so that `map`'s incremental cache
/// carries the index from one parent to the next.
fn ask_at_parents(
    binary: &Path,
    repository: &Repository,
    cases: &[HistoryCase],
    work: &Path,
    baseline: bool,
) -> Result<Vec<Asked>, String> {
    let checkout = work.join(repository.name.replace('/', "+"));
    let cloned = Command::new("git")
        .args(["clone", "--quiet", "--shared", "--no-checkout"])
        .arg(&repository.git_dir)
        .arg(&checkout)
        .status()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !cloned.success() {
        return Err(format!("cannot clone {}", repository.git_dir.display()));
    }
    let cases_file = work.join("cases.jsonl");
    let mut asked = Vec::new();
    // Cases that share a parent are asked in one run.
    let mut at = 0;
    while at < cases.len() {
        let parent = &cases[at].parent;
        let end = at
            + cases[at..]
                .iter()
                .take_while(|c| &c.parent == parent)
                .count();
        let group = &cases[at..end];
        at = end;
        let switched = Command::new("git")
            .arg("-C")
            .arg(&checkout)
            .args(["checkout", "--quiet", "--force", "--detach", parent])
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|error| format!("cannot run git: {error}"))?;
        let cleaned = Command::new("git")
            .arg("-C")
            .arg(&checkout)
            .args(["clean", "-fdq", "-e", ".cartograph"])
            .status()
            .map_err(|error| format!("cannot run git: {error}"))?;
        // A mirror can lack an object of an old commit; those questions are left out, said so.
        if !switched.success() || !cleaned.success() {
            eprintln!(
                "{}: left out {} question(s): cannot check out {parent}",
                repository.name,
                group.len()
            );
            continue;
        }
        let lines: Vec<String> = group
            .iter()
            .map(|case| {
                serde_json::json!({"question": case.question, "files": case.files}).to_string()
            })
            .collect();
        std::fs::write(&cases_file, lines.join("\n") + "\n")
            .map_err(|error| format!("cannot write {}: {error}", cases_file.display()))?;
        let output = Command::new(binary)
            .arg("-C")
            .arg(&checkout)
            .args(["--json", "-q", "lens", "--eval"])
            .arg(&cases_file)
            .args((!baseline).then_some("--no-baseline"))
            .output()
            .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|_| {
            format!(
                "lens --eval at {parent} gave no report: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )
        })?;
        let outcomes = report["outcomes"].as_array().cloned().unwrap_or_default();
        if outcomes.len() != group.len() {
            return Err(format!(
                "lens --eval at {parent} answered {} of {} questions",
                outcomes.len(),
                group.len()
            ));
        }
        for (case, outcome) in group.iter().zip(outcomes) {
            let ranks = |key: &str| -> Vec<Option<usize>> {
                outcome[key]
                    .as_array()
                    .map(|ranks| {
                        ranks
                            .iter()
                            .map(|rank| rank.as_u64().map(|r| r as usize))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            asked.push(Asked {
                case: case.clone(),
                lens_ranks: ranks("lens_ranks"),
                bm25_ranks: ranks("bm25_ranks"),
            });
        }
    }
    Ok(asked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_leave_out_tests_docs_and_examples() {
        assert!(is_source("requests/sessions.py") && !is_not_answer("requests/sessions.py"));
        for path in [
            "tests/test_utils.py",
            "src/walk_test.go",
            "docs/conf.py",
            "examples/simple.rs",
            "pkg/testdata/a.go",
            "setup.py",
        ] {
            assert!(is_not_answer(path), "{path}");
        }
        assert!(!is_source("README.md"));
    }

    #[test]
    fn chores_are_skipped() {
        for subject in [
            "Fix typo in sessions",
            "Bump version to 2.3.1",
            "cargo fmt",
            "Update",
            "Revert \"add retries\"",
            "v2.17.2",
        ] {
            assert!(is_chore(subject), "{subject}");
        }
        assert!(!is_chore("Respect no_proxy when redirecting"));
    }

    #[test]
    fn trailers_are_dropped() {
        assert_eq!(
            question_of("Fix proxy auth\n\nKeep the header.\n\nSigned-off-by: A <a@b>\n"),
            "Fix proxy auth\n\nKeep the header."
        );
    }
}
