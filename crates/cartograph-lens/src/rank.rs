//! Ranks files for a question and fills the context budget. A file's relevance is its BM25F
//! (see `bm25`; words only the body of a question of several lines uses weigh less than those
//! of its first line) normalised to the best file, plus its share of the names the question
//! spells out (see `exact`); a matching test lends its relevance to the file it tests; the best
//! hits' neighbours in the graph are lifted; with a history, so are the files past commits
//! described like the question changed, and the matching files changed together with the best
//! hits. The score is that relevance times a small centrality prior, with boosts for files in a
//! module the question names or named by the component a commit subject's prefix names
//! (`printer: ...`), and penalties for generated, vendored (installed packages included), lock,
//! test and example files and the documentation site's code. Secret files are never
//! candidates.

use crate::analyze::{analyze, is_change_word, Term};
use crate::bm25::{bm25f, term_idf, FieldCounts, FIELDS, FIELD_NAMES};
use crate::corpus::{Corpus, TextOf};
use crate::exact::{named_in, Named};
use crate::history::History;
use crate::outline::{has_outline, outline, OutlineSize};
use crate::tables::{RankTables, SymbolTerms};
use crate::terms::{scan_counts, MAX_SOURCE_BYTES};
use cartograph_core::{FileHead, FileMap, FileSet, Module, RepoPath, SymbolKind};
use cartograph_graph::Graph;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How much centrality lifts a matching file: at most 25 % for the most imported file.
const CENTRALITY_LIFT: f64 = 0.25;
/// Orders files no term matched (and breaks ties) by centrality, without outranking a match.
const CENTRALITY_FLOOR: f64 = 0.02;
const MODULE_BOOST: f64 = 0.2;
/// How much a file rises when its stem or module holds the component a commit subject names
/// before a colon (`printer: fix colors on empty matches`; see `components`). On the tuning
/// repositories 0.3 and 0.5 gave the same recall@5 (0.879 over 600 questions) and 0.3 the
/// better MRR.
const COMPONENT_BOOST: f64 = 0.3;
/// How much a file rises when its name holds the question's words, times those words' share of
/// the question's weight (their idf, as BM25F weighs them, over that of all its words): a rare word that names a file counts for as much in a long question as in a short
/// one, a common one for little. It was a share of the question's words, counted alike, at 0.5:
/// on the history sets (held out and twelve more, 638 questions) recall@5 0.873 → 0.876, MRR
/// 0.766 → 0.771, and the standard-library set recall@5 0.933 → 0.967.
const NAME_BOOST: f64 = 1.0;
const SIBLING_BOOST: f64 = 0.05;
/// How much relevance a file gains for defining every name the question spells out exactly
/// (shared between the files that define the same name).
const EXACT_WEIGHT: f64 = 1.0;
/// A test that matches lends this share of its relevance to the file it tests.
const TEST_LINK: f64 = 0.8;
/// A file that matches on its own and whose test matches too is found twice over: it keeps the
/// larger of its own relevance and the lent one, plus this share of the smaller.
const TEST_LINK_ADDED: f64 = 0.25;
/// The best lexical hits seed a walk over the graph; files next to them gain up to this much.
const GRAPH_WEIGHT: f64 = 0.5;
const GRAPH_SEEDS: usize = 10;
/// Files changed by the past commits most like the question gain up to this much (`history`).
/// On the tuning repositories 0.5 did better than 0.3 and 0.8.
const HISTORY_WEIGHT: f64 = 0.5;
/// Files past commits changed together with the best matches gain up to this much
/// (`cochange_lift`). On the tuning half 0.3 and 0.4 found the same answers more often than
/// without it, and 0.4 lost first places; 0.5 more so.
const COCHANGE_WEIGHT: f64 = 0.3;
/// How many of the best matches lend their partners in history a lift: the best few, where
/// the change most likely goes.
const COCHANGE_SEEDS: usize = 3;
const FLAGGED_PENALTY: f64 = 0.1;
/// Tests, examples, demos and benchmarks (`cartograph_graph::is_test_path`,
/// `is_example_path`), and the code that builds the documentation site (`Graph::is_docs_dir`),
/// unless the question asks for them: they use the code a question is about, or its words,
/// but are rarely where the answer lives.
const TEST_PENALTY: f64 = 0.4;
/// Documents, configuration and data: a question about code is rarely answered there, and a
/// changelog or README mentions everything (on the history set, 0.8 → 0.5 took recall@5 from
/// 0.819 to 0.851 on the tuning half).
const NOT_CODE_PENALTY: f64 = 0.5;
/// The weight of a word any request for change uses ("fix", "add", "update"; see
/// `analyze::is_change_word`) relative to its idf: in a small repository such a word is rare
/// enough to look telling, yet it says nothing about where the change goes.
const CHANGE_WORD_WEIGHT: f64 = 0.3;

/// The best few files are worth their full source; the rest go as summaries or outlines.
const MAX_FULL_SOURCES: usize = 8;
const FULL_SOURCE_MIN_SCORE: f64 = 0.3;
const MAX_SYMBOLS: usize = 20;
/// Supporting files up to this size are sent whole when they have no summary.
const SMALL_FILE_TOKENS: u32 = 200;
/// Files scoring below this share of the best are noise, however much budget is left.
const MIN_SHARE_OF_BEST: f64 = 0.05;
/// When nothing matches, this many central files are offered instead.
const FALLBACK_FILES: usize = 20;

/// What lens would send for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SentAs {
    Source,
    Outline,
    Summary,
}

impl SentAs {
    fn as_str(self) -> &'static str {
        match self {
            SentAs::Source => "source",
            SentAs::Outline => "outline",
            SentAs::Summary => "summary",
        }
    }
}

/// One chosen file (`cartograph lens --json`: `files[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedFile {
    pub path: RepoPath,
    pub score: f64,
    /// o200k tokens of what would be sent for this file.
    pub tokens: u32,
    pub sent_as: SentAs,
    pub reasons: Vec<String>,
}

/// A symbol that matches the question (`symbols[]`; lines 1-based).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedSymbol {
    pub path: RepoPath,
    pub name: String,
    pub kind: SymbolKind,
    pub line: u32,
    pub score: f64,
}

/// The output of `cartograph lens --json` (docs/reference.md; extend, do not rename).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LensResult {
    pub question: String,
    pub budget_tokens: u32,
    pub used_tokens: u32,
    pub files: Vec<RankedFile>,
    pub symbols: Vec<RankedSymbol>,
}

struct Scored<'f> {
    /// The file's head: its map is decoded only for the files shown.
    file: FileHead<'f>,
    /// Where `file` is in the files ranked (and in `Texts::outlines`).
    file_at: usize,
    /// The module that owns the file, if any.
    module: Option<&'f str>,
    /// BM25F relative to the best file, plus exact names, a linked test and the graph.
    relevance: f64,
    /// The same without the graph: what the file's own text and names earn. Only a file that
    /// earns it alone is worth sending whole.
    direct: f64,
    score: f64,
    /// Per field, the question's terms (by position, the first 64) that matched there, and the
    /// file's BM25F as a share of the best.
    matched: Option<([u64; FIELDS], f64)>,
    /// Reasons found while relating files (exact names, a linked test, the graph).
    extra_reasons: Vec<String>,
    /// What the file's own score was made of; written out as reasons only for the files that
    /// are shown (`Scored::reasons`), since most scored files never are.
    notes: ScoreNotes,
}

#[derive(Clone, Copy)]
struct ScoreNotes {
    rank: f64,
    importers: usize,
    entry_point: bool,
    named: bool,
    /// The file's module (passed to `reasons`) matches the question.
    module_matched: bool,
    /// The file's stem or module holds the component a commit subject names (`components`).
    component: bool,
    penalty: Option<Penalty>,
}

#[derive(Clone, Copy)]
enum Penalty {
    Flagged(&'static str),
    Test,
    Example,
    DocsSite,
    NotCode,
}

impl Penalty {
    /// What the score is multiplied by.
    fn factor(self) -> f64 {
        match self {
            Penalty::Flagged(_) => FLAGGED_PENALTY,
            Penalty::Test | Penalty::Example | Penalty::DocsSite => TEST_PENALTY,
            Penalty::NotCode => NOT_CODE_PENALTY,
        }
    }
}

/// Whether a file is a test, an example and code of the documentation site (by its path), or
/// whether a question asks about tests, examples and the documentation (by its terms).
#[derive(Clone, Copy)]
struct Aside {
    test: bool,
    example: bool,
    docs: bool,
}

/// Analyzed terms of a question about tests: their penalty is waived, and a test is then the
/// answer rather than a pointer to the code it tests.
const TEST_WORDS: &[&str] = &["test", "spec", "fixtur", "mock"];
/// Analyzed terms of a question about examples, demos, tutorials or benchmarks.
const EXAMPLE_WORDS: &[&str] = &["exampl", "demo", "sampl", "tutorial", "bench", "benchmark"];
/// Analyzed terms of a question about the documentation or the site that publishes it.
const DOCS_WORDS: &[&str] = &["doc", "document", "mkdoc", "sphinx", "websit"];

/// Directories a Python environment installs third-party packages into: code the project
/// did not write, as `node_modules` is (the scan flags that one vendored). A tree that holds
/// one (a copy of Python's `Lib`, an environment committed by mistake) otherwise has its own
/// code compete with every installed package's.
const INSTALLED_PACKAGE_DIRS: &[&str] = &["site-packages", "dist-packages"];

/// Whether a file sits under a directory of installed third-party packages.
fn is_installed_package(path: &RepoPath) -> bool {
    path.parent()
        .split('/')
        .any(|dir| INSTALLED_PACKAGE_DIRS.contains(&dir))
}

/// The penalty a file's score takes, if any: generated, vendored (or installed, see
/// `INSTALLED_PACKAGE_DIRS`) and lock files; else test
/// files, unless the question is about tests, examples, unless it is about examples, and the
/// documentation site's code, unless it is about the documentation; else files that are not
/// code.
fn penalty_of(file: &FileHead<'_>, aside: Aside, about: Aside) -> Option<Penalty> {
    let flags = file.flags;
    let installed = is_installed_package(file.path);
    if flags.generated || flags.vendored || flags.lockfile || installed {
        let what = if flags.generated {
            "generated"
        } else if flags.vendored || installed {
            "vendored"
        } else {
            "lockfile"
        };
        Some(Penalty::Flagged(what))
    } else if aside.test && !about.test {
        Some(Penalty::Test)
    } else if aside.example && !about.example {
        Some(Penalty::Example)
    } else if aside.docs && !about.docs {
        Some(Penalty::DocsSite)
    } else if !file.language.is_code() {
        Some(Penalty::NotCode)
    } else {
        None
    }
}

impl Scored<'_> {
    /// Why the file scored as it did, in the order the score was made.
    fn reasons(&self) -> Vec<String> {
        let notes = &self.notes;
        let mut reasons = self.extra_reasons.clone();
        if notes.importers > 0 {
            let files = if notes.importers == 1 {
                "file"
            } else {
                "files"
            };
            reasons.push(format!(
                "pagerank: {:.3} (imported by {} {files})",
                notes.rank, notes.importers
            ));
        }
        if notes.entry_point {
            reasons.push("entry point: the question asks where execution starts".to_string());
        }
        if notes.named {
            reasons.push(format!(
                "name: {} matches the question",
                self.file.path.file_name()
            ));
        }
        if let Some(module) = self.module.filter(|_| notes.module_matched) {
            reasons.push(format!("module: {module} matches the question"));
        }
        if notes.component {
            reasons.push(
                "component: the commit subject's prefix names this file or its module".to_string(),
            );
        }
        match notes.penalty {
            Some(Penalty::Flagged(what)) => reasons.push(format!("penalty: {what} file")),
            Some(Penalty::Test) => {
                reasons.push("penalty: test file, and the question is not about tests".to_string())
            }
            Some(Penalty::Example) => reasons
                .push("penalty: example file, and the question is not about examples".to_string()),
            Some(Penalty::DocsSite) => reasons.push(
                "penalty: builds the documentation site, and the question is not about the docs"
                    .to_string(),
            ),
            Some(Penalty::NotCode) => reasons.push("penalty: not code".to_string()),
            None => {}
        }
        reasons
    }
}

/// "bm25: matched retry in path; retry, backoff in source (0.83 of the best)".
fn bm25_reason(query: &Query, fields: &[u64; FIELDS], lexical: f64) -> String {
    let mut by_field = Vec::new();
    for (name, bits) in FIELD_NAMES.iter().zip(fields) {
        let matched: Vec<&str> = query
            .terms
            .iter()
            .enumerate()
            .take(64)
            .filter(|(at, _)| bits & (1 << at) != 0)
            .map(|(_, term)| term.original.as_str())
            .collect();
        if !matched.is_empty() {
            by_field.push(format!("{} in {name}", matched.join(", ")));
        }
    }
    format!(
        "bm25: matched {} ({:.2} of the best)",
        by_field.join("; "),
        lexical
    )
}

struct Query {
    terms: Vec<Term>,
    /// Per term: it is only in the body of a question of several lines, not in its first line.
    body_only: Vec<bool>,
    named: Named,
    /// The analyzed terms of the parts a commit subject names before a colon (`printer` of
    /// `printer: fix colors`, `bash`, `v2` of `fix(bash-v2): ...`, `console` of `[console] ...`).
    component: Vec<String>,
}

/// Words before a colon in a commit subject that say what kind of change it is, not where.
const CHANGE_KINDS: &[&str] = &[
    "fix",
    "fixes",
    "fixed",
    "feat",
    "feature",
    "features",
    "chore",
    "docs",
    "doc",
    "refactor",
    "refactoring",
    "test",
    "tests",
    "perf",
    "build",
    "ci",
    "style",
    "revert",
    "deps",
    "wip",
    "release",
    "bump",
    "cleanup",
    "update",
    "add",
    "remove",
    "minor",
    "breaking",
    "security",
    "bugfix",
    "hotfix",
    "improvement",
    "enhancement",
    "typing",
    "types",
    "deprecated",
    "note",
    "todo",
    "misc",
    "internal",
    "example",
    "examples",
];

/// The components a commit subject names before colons or in brackets at its start.
fn components(question: &str) -> Vec<String> {
    let subject = question.lines().next().unwrap_or_default().trim();
    let mut words: Vec<&str> = Vec::new();
    let mut rest = subject;
    let is_word = |word: &str| {
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.'))
    };
    loop {
        if let Some(inside) = rest.strip_prefix('[') {
            match inside.split_once(']') {
                Some((tag, after)) if is_word(tag) => {
                    words.push(tag);
                    rest = after.trim_start();
                    continue;
                }
                _ => break,
            }
        }
        let Some((head, after)) = rest.split_once(": ") else {
            break;
        };
        let head = head.trim_end_matches('!');
        let (kind, scope) = match head.split_once('(') {
            Some((kind, scope)) => (kind, scope.strip_suffix(')').unwrap_or("")),
            None => (head, ""),
        };
        if !is_word(kind) || !(scope.is_empty() || is_word(scope)) {
            break;
        }
        words.push(kind);
        words.push(scope);
        rest = after.trim_start();
    }
    let mut terms: Vec<String> = Vec::new();
    for word in words {
        if CHANGE_KINDS.contains(&word.to_ascii_lowercase().as_str()) {
            continue;
        }
        for term in analyze(word, false) {
            if !terms.contains(&term.text) {
                terms.push(term.text);
            }
        }
    }
    terms
}

/// The weight of a term only the body of a question uses, relative to its idf. A commit
/// message's or an issue's first line says what changed; the body explains why, in words
/// (`stream`, `directly`, `anyway`) that any file may hold.
const BODY_WEIGHT: f64 = 0.3;

/// Per term of `terms`: whether `question` has a body (non-empty lines after its first) and
/// the term is only there.
fn body_only(question: &str, terms: &[Term]) -> Vec<bool> {
    let mut lines = question
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty());
    let subject = lines.next().unwrap_or_default();
    if lines.next().is_none() {
        return vec![false; terms.len()];
    }
    let in_subject: BTreeSet<String> = analyze(subject, false)
        .into_iter()
        .map(|term| term.text)
        .collect();
    terms
        .iter()
        .map(|term| !in_subject.contains(&term.text))
        .collect()
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// Question terms (analyzed) that ask where a program starts.
const ENTRY_WORDS: &[&str] = &[
    "start",
    "entry",
    "entrypoint",
    "main",
    "begin",
    "boot",
    "bootstrap",
    "launch",
    "startup",
];
/// How relevant an entry point counts for such a question, whatever its text says.
const ENTRY_POINT_RELEVANCE: f64 = 0.6;

/// A file where execution starts: it defines a top-level `main`, or is named like a launcher.
/// `map` gives the file's map, asked for only when its name does not decide.
fn is_entry_point<'f>(file: &FileHead<'_>, map: impl FnOnce() -> Option<&'f FileMap>) -> bool {
    let stem = file.path.file_name().split('.').next().unwrap_or_default();
    file.language.is_code()
        && (matches!(stem, "main" | "__main__" | "manage")
            || map().is_some_and(|map| {
                map.parsed.symbols.iter().any(|s| {
                    s.name == "main" && s.parent.is_none() && s.kind == SymbolKind::Function
                })
            }))
}

fn query_terms(query: &str) -> Vec<Term> {
    let mut terms = analyze(query, true);
    if terms.is_empty() {
        terms = analyze(query, false);
    }
    let mut seen = BTreeSet::new();
    terms.retain(|term| seen.insert(term.text.clone()));
    terms
}

/// Which of the question's exact names one file defines (or, for strings, contains), as indices
/// into the lists of `Named`.
#[derive(Debug, Default)]
struct ExactHits {
    identifiers: Vec<usize>,
    strings: Vec<usize>,
    file_name: bool,
}

/// Which of `identifiers` each candidate (the files at `candidate_at`) defines. Only the maps
/// of files that may name an identifier are read, when `files` knows which those are.
fn defined_identifiers<F: FileSet + ?Sized>(
    files: &F,
    candidate_at: &[usize],
    candidate_of: &[usize],
    identifiers: &[&str],
) -> Vec<Vec<usize>> {
    let mut defined = vec![Vec::new(); candidate_at.len()];
    let defines = |file: &FileMap, name: &str| {
        file.parsed
            .symbols
            .iter()
            .any(|symbol| symbol.kind != SymbolKind::Heading && symbol.name == name)
    };
    for (identifier, name) in identifiers.iter().enumerate() {
        let naming: Vec<usize> = match files.files_naming(name) {
            Some(positions) => positions
                .into_iter()
                .filter_map(|at| candidate_of.get(at).copied().filter(|&c| c != usize::MAX))
                .collect(),
            None => (0..candidate_at.len()).collect(),
        };
        for candidate in naming {
            if defines(files.map(candidate_at[candidate]), name) {
                defined[candidate].push(identifier);
            }
        }
    }
    defined
}

fn exact_hits(file: &FileHead<'_>, identifiers: Vec<usize>, named: &Named) -> ExactHits {
    ExactHits {
        identifiers,
        strings: Vec::new(),
        file_name: !named.file_names.is_empty() && named.file_names.contains(file.path.file_name()),
    }
}

/// The share of the question's exact names a file defines, each name weighted by how rare it
/// is: a name five files define gives each a fifth. Names no file defines are left out. A
/// file the ranking sets aside (`set_aside`: a test, an example, a document) does not thin the
/// share of the code that holds the same name: a flag that code declares is also spelled in the
/// changelog, the man page and the completions, and the code is where a change to it goes.
/// A file set aside still shares the name with every file that holds it.
fn exact_shares(
    hits: &[ExactHits],
    set_aside: &[bool],
    n_identifiers: usize,
    n_strings: usize,
) -> Vec<f64> {
    let mut identifier_files = vec![0usize; n_identifiers];
    let mut string_files = vec![0usize; n_strings];
    let mut named_files = 0usize;
    // The same counts over the files not set aside.
    let mut identifier_code = vec![0usize; n_identifiers];
    let mut string_code = vec![0usize; n_strings];
    let mut named_code = 0usize;
    for (hit, aside) in hits.iter().zip(set_aside) {
        for &at in &hit.identifiers {
            identifier_files[at] += 1;
            identifier_code[at] += usize::from(!aside);
        }
        for &at in &hit.strings {
            string_files[at] += 1;
            string_code[at] += usize::from(!aside);
        }
        named_files += usize::from(hit.file_name);
        named_code += usize::from(hit.file_name && !aside);
    }
    let among = |aside: bool, all: usize, code: usize| {
        if aside || code == 0 {
            all as f64
        } else {
            code as f64
        }
    };
    let found = identifier_files.iter().filter(|n| **n > 0).count()
        + string_files.iter().filter(|n| **n > 0).count()
        + usize::from(named_files > 0);
    if found == 0 {
        return vec![0.0; hits.len()];
    }
    hits.iter()
        .zip(set_aside)
        .map(|(hit, &aside)| {
            let identifiers: f64 = hit
                .identifiers
                .iter()
                .map(|&at| 1.0 / among(aside, identifier_files[at], identifier_code[at]))
                .sum();
            let strings: f64 = hit
                .strings
                .iter()
                .map(|&at| 1.0 / among(aside, string_files[at], string_code[at]))
                .sum();
            let file_name = if hit.file_name {
                1.0 / among(aside, named_files, named_code)
            } else {
                0.0
            };
            (identifiers + strings + file_name) / found as f64
        })
        .collect()
}

/// Stems of the file that fronts a directory (a Rust module, a Python package, a JavaScript
/// folder, a Go or Rust program): every directory may have one, so a test of that name says
/// which directory it tests, not which file.
const FRONT_STEMS: &[&str] = &["mod", "__init__", "index", "lib", "main"];

/// The file a test file tests, by naming convention: `test_x.py`, `x_test.go`, `x.test.ts` and
/// `tests/x.rs` test a file named `x.*`. Among several files of that name, the ones the test
/// imports are preferred; with no import to decide, up to two are linked. A test named like a
/// directory's front (`routing/tests/mod.rs`, `pkg/tests/__init__.py`) tests the front of the
/// directory its tests sit in (`routing/mod.rs` or `routing.rs`), not every front it imports.
fn tested_files(
    test: &FileHead<'_>,
    by_name: &rustc_hash::FxHashMap<String, Vec<usize>>,
    candidates: &[FileHead<'_>],
    graph: &Graph,
) -> Vec<usize> {
    let name = test.path.file_name();
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let subject_stem = stem
        .strip_prefix("test_")
        .or_else(|| stem.strip_suffix("_tests"))
        .or_else(|| stem.strip_suffix("_test"))
        .or_else(|| stem.strip_suffix(".test"))
        .or_else(|| stem.strip_suffix(".spec"))
        .unwrap_or(stem);
    if FRONT_STEMS.contains(&subject_stem) {
        return tested_front(test, subject_stem, extension, by_name, candidates, graph);
    }
    let subject = format!("{subject_stem}.{extension}");
    let Some(same_name) = by_name.get(subject.as_str()) else {
        return Vec::new();
    };
    prefer_imported(test, same_name.clone(), candidates, graph)
}

/// What a test directory's name says it tests: `json` of `test_json`, `json_tests`,
/// `json_test`; `None` for a name that is not a test's (`tests`, `json`).
fn tested_subject(dir_name: &str) -> Option<&str> {
    dir_name
        .strip_prefix("test_")
        .or_else(|| dir_name.strip_suffix("_tests"))
        .or_else(|| dir_name.strip_suffix("_test"))
        .filter(|subject| !subject.is_empty())
}

/// Among files a test is named after (`same_name`), the ones it imports; with no import to
/// decide, up to two.
fn prefer_imported(
    test: &FileHead<'_>,
    same_name: Vec<usize>,
    candidates: &[FileHead<'_>],
    graph: &Graph,
) -> Vec<usize> {
    let imported = graph.dependencies_of(test.path);
    let preferred: Vec<usize> = same_name
        .iter()
        .copied()
        .filter(|&at| imported.contains(&candidates[at].path))
        .collect();
    if !preferred.is_empty() {
        preferred
    } else if same_name.len() <= 2 {
        same_name
    } else {
        Vec::new()
    }
}

/// The front a test named like one (`front`: `mod`, `__init__`, ...) tests: the file of that
/// name in the directory that holds the test's test directories (`a/routing/tests/mod.rs` →
/// `a/routing/mod.rs`), or the file named after that directory beside it (`a/routing.rs`).
fn tested_front(
    test: &FileHead<'_>,
    front: &str,
    extension: &str,
    by_name: &rustc_hash::FxHashMap<String, Vec<usize>>,
    candidates: &[FileHead<'_>],
    graph: &Graph,
) -> Vec<usize> {
    let mut dir = test.path.parent();
    loop {
        let (above, last) = dir.rsplit_once('/').unwrap_or(("", dir));
        // `test_json` is a test directory that names what it tests: the climb stops there.
        if last.is_empty() || tested_subject(last).is_some() || !cartograph_graph::is_test_dir(last)
        {
            break;
        }
        dir = above;
    }
    let (above, last) = dir.rsplit_once('/').unwrap_or(("", dir));
    // A test package named after what it tests (`test/test_json/__init__.py`) tests that
    // package's front (`json/__init__.py`) or that module (`dataclasses.py`), wherever it is.
    if let Some(subject) = tested_subject(last) {
        let package_front = by_name
            .get(&format!("{front}.{extension}"))
            .into_iter()
            .flatten()
            .filter(|&&at| candidates[at].path.parent().rsplit('/').next() == Some(subject));
        let module = by_name
            .get(&format!("{subject}.{extension}"))
            .into_iter()
            .flatten();
        let named: Vec<usize> = package_front.chain(module).copied().collect();
        return prefer_imported(test, named, candidates, graph);
    }
    let in_dir = |name: &str, parent: &str| -> Vec<usize> {
        by_name
            .get(name)
            .map(|same_name| {
                same_name
                    .iter()
                    .copied()
                    .filter(|&at| candidates[at].path.parent() == parent)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut tested = in_dir(&format!("{front}.{extension}"), dir);
    if tested.is_empty() && !last.is_empty() {
        tested = in_dir(&format!("{last}.{extension}"), above);
    }
    tested
}

/// A file that seeds the graph lift: its relevance (`mass`), and, for a test or an example, the
/// share of it that reaches its neighbours (`spread`, its penalty), but for the files it tests
/// (`tests`, by naming convention), which get it whole.
struct Seed<'a> {
    path: &'a RepoPath,
    mass: f64,
    spread: f64,
    tests: Vec<&'a RepoPath>,
}

/// Personalised PageRank seeded by the best lexical hits, approximated by two steps of its power
/// iteration: each seed passes its relevance to its neighbours in the import graph and the
/// reference graph (which follows re-exports to the file that defines a name), both ways, and
/// they pass a share on (a test or an example its `spread` of it, but to the files it tests).
/// Returns each reached file's node and share of the best, in 0..=1, in node order. Nodes are
/// walked in ascending order, which is path order, so the shares add up in the same order for
/// every run.
fn graph_lift(seeds: &[Seed<'_>], graph: &Graph) -> Vec<(usize, f64)> {
    const DAMPING: f64 = 0.5;
    let n_nodes = graph.files().len();
    let mut first: Vec<(usize, &Seed)> = Vec::with_capacity(seeds.len());
    for seed in seeds {
        if let Some(node) = graph.node_of(seed.path) {
            first.push((node, seed));
        }
    }
    first.sort_by_key(|(node, _)| *node);
    // A seed given twice keeps its last mass.
    first.reverse();
    first.dedup_by_key(|(node, _)| *node);
    first.reverse();
    let mut reached: Vec<Option<f64>> = vec![None; n_nodes];
    let mut frontier: Vec<(usize, f64)> = Vec::new();
    for step in 0..2 {
        let mut next: Vec<Option<f64>> = vec![None; n_nodes];
        let mut pass = |node: usize, mass: f64, seed: Option<&Seed>| {
            let around = graph.neighbour_nodes(node);
            if around.is_empty() {
                return;
            }
            let share = DAMPING * mass / around.len() as f64;
            for neighbour in around {
                // A set-aside seed passes its full share only to the files it tests.
                let factor = seed.map_or(1.0, |seed| {
                    let favoured = graph
                        .files()
                        .get(neighbour)
                        .is_some_and(|path| seed.tests.contains(&path));
                    if favoured {
                        1.0
                    } else {
                        seed.spread
                    }
                });
                if let Some(slot) = next.get_mut(neighbour) {
                    *slot.get_or_insert(0.0) += share * factor;
                }
            }
        };
        if step == 0 {
            for &(node, seed) in &first {
                pass(node, seed.mass, Some(seed));
            }
        } else {
            for &(node, mass) in &frontier {
                pass(node, mass, None);
            }
        }
        frontier = next
            .into_iter()
            .enumerate()
            .filter_map(|(node, mass)| Some((node, mass?)))
            .collect();
        for &(node, mass) in &frontier {
            *reached[node].get_or_insert(0.0) += mass;
        }
    }
    let mut lifted: Vec<(usize, f64)> = reached
        .into_iter()
        .enumerate()
        .filter_map(|(node, mass)| Some((node, mass?)))
        .collect();
    let best = lifted.iter().map(|(_, mass)| *mass).fold(0.0, f64::max);
    if best > 0.0 {
        for (_, value) in &mut lifted {
            *value /= best;
        }
    }
    lifted
}

/// The words of `string` that are whole words wherever the string occurs: the ones with a
/// non-identifier character on both sides inside it (`"cannot open the file"` → `open`, `the`;
/// the first and last may be the end of a longer word in the source).
fn whole_words(string: &str) -> impl Iterator<Item = &str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let starts_inside = string.chars().next().is_some_and(is_word);
    let ends_inside = string.chars().next_back().is_some_and(is_word);
    let words: Vec<&str> = string.split(move |c: char| !is_word(c)).collect();
    let last = words.len().saturating_sub(1);
    words
        .into_iter()
        .enumerate()
        .filter(move |(at, word)| {
            let cut_at_start = *at == 0 && starts_inside;
            let cut_at_end = *at == last && ends_inside;
            !(word.is_empty() || cut_at_start || cut_at_end)
        })
        .map(|(_, word)| word)
}

/// Which candidates hold each of the question's quoted strings. Without a corpus every source
/// is read; with one, only the sources of files whose source field holds every word of the
/// string (`rows` counts those words after the question's own terms).
fn string_hits(
    candidates: &[FileHead<'_>],
    strings: &[Vec<String>],
    string_terms: &[Vec<usize>],
    rows: Option<&[FieldCounts]>,
    sources: TextOf<'_>,
) -> Vec<Vec<usize>> {
    const SOURCE: usize = 4;
    let mut hits = vec![Vec::new(); candidates.len()];
    if strings.is_empty() {
        return hits;
    }
    for (at, file) in candidates.iter().enumerate() {
        let maybe: Vec<usize> = (0..strings.len())
            .filter(|&string| match rows {
                None => true,
                // Past the indexed part of a long source, only reading it can tell.
                Some(_) if file.bytes > MAX_SOURCE_BYTES as u64 => true,
                Some(rows) => string_terms[string]
                    .iter()
                    .all(|&term| rows[at].counts[term][SOURCE] > 0),
            })
            .collect();
        if maybe.is_empty() {
            continue;
        }
        if let Some(text) = sources(file.path) {
            hits[at] = maybe
                .into_iter()
                .filter(|&string| {
                    strings[string]
                        .iter()
                        .any(|pattern| text.contains(pattern.as_str()))
                })
                .collect();
        }
    }
    hits
}

fn score_files<'f, F: FileSet + ?Sized>(
    query: &Query,
    files: &'f F,
    texts: Texts<'_>,
    graph: &Graph,
    modules: &'f [Module],
    only_relevant: bool,
) -> (Vec<Scored<'f>>, Vec<f64>) {
    let Texts {
        summaries,
        sources,
        corpus,
        outlines: _,
        tables,
        history,
    } = texts;
    let built;
    let tables = match tables.filter(|tables| tables.fits(files, modules)) {
        Some(tables) => tables,
        None => {
            built = RankTables::new(files, graph, modules);
            &built
        }
    };
    let candidate_at = &tables.candidate_at;
    let candidates: Vec<FileHead<'f>> = candidate_at.iter().map(|&at| files.head(at)).collect();
    // The candidate at each position of `files`; `usize::MAX` for files that are not one.
    let mut candidate_of = vec![usize::MAX; files.len()];
    for (candidate, &at) in candidate_at.iter().enumerate() {
        candidate_of[at] = candidate;
    }
    let named = &query.named;
    let named_identifiers: Vec<&str> = named.identifiers.iter().map(String::as_str).collect();
    // Quoted strings, then flags (shown as `--name`, found as `--name`, `"name"` or `'name'`).
    let flag_names: Vec<String> = named.flags.iter().map(|flag| format!("--{flag}")).collect();
    let named_strings: Vec<&str> = named
        .strings
        .iter()
        .chain(&flag_names)
        .map(String::as_str)
        .collect();
    let patterns: Vec<Vec<String>> = named
        .strings
        .iter()
        .map(|string| vec![string.clone()])
        .chain(named.flags.iter().map(|flag| {
            vec![
                format!("--{flag}"),
                format!("\"{flag}\""),
                format!("'{flag}'"),
            ]
        }))
        .collect();
    // The question's terms, then the words of its quoted strings and flags (looked up, not
    // scored).
    let mut terms: Vec<&str> = query.terms.iter().map(|t| t.text.as_str()).collect();
    let string_words: Vec<Vec<String>> = patterns
        .iter()
        .map(|alternatives| {
            alternatives
                .last()
                .map(|pattern| {
                    whole_words(pattern)
                        .flat_map(|word| analyze(word, false))
                        .map(|t| t.text)
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let string_terms: Vec<Vec<usize>> = string_words
        .iter()
        .map(|words| {
            words
                .iter()
                .map(|word| match terms.iter().position(|t| t == word) {
                    Some(at) => at,
                    None => {
                        terms.push(word);
                        terms.len() - 1
                    }
                })
                .collect()
        })
        .collect();
    // An index that cannot be read costs speed, never an answer: every source is read instead.
    let indexed = corpus.and_then(|corpus| {
        corpus
            .field_counts(files, candidate_at, &terms, summaries, sources)
            .ok()
    });
    let (documents, strings) = match indexed {
        Some(mut rows) => {
            let strings = string_hits(&candidates, &patterns, &string_terms, Some(&rows), sources);
            for row in &mut rows {
                row.counts.truncate(query.terms.len());
            }
            (rows, strings)
        }
        None => {
            let scored_terms = &terms[..query.terms.len()];
            let rows = candidate_at
                .iter()
                .map(|&at| {
                    let file = files.map(at);
                    scan_counts(
                        file,
                        scored_terms,
                        summaries(&file.path).as_deref(),
                        sources(&file.path).as_deref(),
                    )
                })
                .collect();
            let strings = string_hits(&candidates, &patterns, &string_terms, None, sources);
            (rows, strings)
        }
    };
    let defined = defined_identifiers(files, candidate_at, &candidate_of, &named_identifiers);
    let hits: Vec<ExactHits> = candidates
        .iter()
        .zip(strings)
        .zip(defined)
        .map(|((file, strings), defined)| ExactHits {
            strings,
            ..exact_hits(file, defined, named)
        })
        .collect();
    let mut idf = term_idf(&documents, query.terms.len());
    for ((weight, term), body_only) in idf.iter_mut().zip(&query.terms).zip(&query.body_only) {
        if is_change_word(&term.original) {
            *weight *= CHANGE_WORD_WEIGHT;
        }
        if *body_only {
            *weight *= BODY_WEIGHT;
        }
    }
    let symbol_idf = symbol_idf(&documents, query.terms.len());
    // The question's weight, which a file's name is weighed against: the words no file holds
    // count too (at the largest idf), so that when every word a file could hold is common, a
    // file named by one of them does not rise as if it were the point of the question.
    let question_weight: f64 = idf.iter().sum();
    let bm25 = bm25f(&documents, &idf);
    let best = bm25.iter().copied().fold(0.0, f64::max);
    let query_texts: BTreeSet<&str> = query.terms.iter().map(|t| t.text.as_str()).collect();
    let about = Aside {
        test: TEST_WORDS.iter().any(|t| query_texts.contains(t)),
        example: EXAMPLE_WORDS.iter().any(|t| query_texts.contains(t)),
        docs: DOCS_WORDS.iter().any(|t| query_texts.contains(t)),
    };
    let aside_at = |file_at: usize| Aside {
        test: tables.test_path[file_at],
        example: tables.example_path[file_at],
        docs: tables.docs_site_path[file_at],
    };
    let set_aside: Vec<bool> = candidates
        .iter()
        .zip(candidate_at)
        .map(|(file, &file_at)| penalty_of(file, aside_at(file_at), about).is_some())
        .collect();
    let exact = exact_shares(
        &hits,
        &set_aside,
        named_identifiers.len(),
        named_strings.len(),
    );
    let mut relevance: Vec<f64> = bm25
        .iter()
        .zip(&exact)
        .map(|(raw, exact)| {
            let lexical = if best > 0.0 { raw / best } else { 0.0 };
            lexical + EXACT_WEIGHT * exact
        })
        .collect();
    let mut extra_reasons: Vec<Vec<String>> = vec![Vec::new(); candidates.len()];
    for (at, share) in exact.iter().enumerate().filter(|(_, share)| **share > 0.0) {
        let hit = &hits[at];
        let mut names: Vec<&str> = hit
            .identifiers
            .iter()
            .map(|&i| named_identifiers[i])
            .collect();
        names.extend(hit.strings.iter().map(|&i| named_strings[i]));
        if hit.file_name {
            names.push(candidates[at].path.file_name());
        }
        extra_reasons[at].push(format!(
            "exact: defines {} ({share:.2} of the names the question spells out)",
            names.join(", ")
        ));
    }

    let about_tests = about.test;

    // A test that matches the question points at the code it tests, unless the question asks
    // for tests: then the test is the answer.
    let test_path = &tables.test_path;
    let by_name = &tables.by_name;
    let lexical = relevance.clone();
    // Per matching test, the files it tests.
    let mut subjects_of: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
    for (at, file) in candidates.iter().enumerate() {
        if about_tests || lexical[at] <= 0.0 || !test_path[candidate_at[at]] {
            continue;
        }
        let subjects = subjects_of
            .entry(at)
            .or_insert_with(|| tested_files(file, by_name, &candidates, graph));
        for &subject in subjects.iter() {
            let lent = TEST_LINK * lexical[at];
            let own = lexical[subject];
            let linked = own.max(lent) + TEST_LINK_ADDED * own.min(lent);
            if linked > relevance[subject] {
                relevance[subject] = linked;
                extra_reasons[subject].push(format!("tested by {}, which matches", file.path));
            }
        }
    }

    // Files the best hits depend on, or are used by, rise a little.
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&at| relevance[at] > 0.0)
        .collect();
    order.sort_by(|&a, &b| {
        relevance[b]
            .total_cmp(&relevance[a])
            .then_with(|| a.cmp(&b))
    });
    // A test or an example spreads its relevance at its penalty: its imports are test helpers
    // and package fronts as often as the code the question is about, and the file it tests
    // gets its relevance whole. Passing every seed's penalised relevance, and choosing the
    // seeds by it, found more answers on the history sets but lost more first places to the
    // code seeds' hub than it won.
    let seeds: Vec<Seed> = order
        .iter()
        .take(GRAPH_SEEDS)
        .map(|&at| Seed {
            path: candidates[at].path,
            mass: relevance[at],
            spread: match penalty_of(&candidates[at], aside_at(candidate_at[at]), about) {
                Some(penalty @ (Penalty::Test | Penalty::Example)) => penalty.factor(),
                _ => 1.0,
            },
            tests: subjects_of
                .get(&at)
                .map(|subjects| subjects.iter().map(|&s| candidates[s].path).collect())
                .unwrap_or_default(),
        })
        .collect();
    let lifted = graph_lift(&seeds, graph);
    let direct = relevance.clone();
    // The graph's files are the files ranked, in the same order, when the caller built it from
    // them (as every caller does): then a file's node is its position and needs no lookup.
    let graph_aligned = tables.graph_aligned;
    let mut lift_of = |at: usize, lift: f64| {
        if lift > 0.0 {
            relevance[at] += GRAPH_WEIGHT * lift;
            extra_reasons[at].push(format!("graph: next to the best matches ({lift:.2})"));
        }
    };
    if graph_aligned {
        // The few files reached, each found by its node, rather than every file looked up.
        for (node, lift) in lifted {
            if let Some(&candidate) = candidate_of.get(node).filter(|&&at| at != usize::MAX) {
                lift_of(candidate, lift);
            }
        }
    } else {
        let lifted: HashMap<&RepoPath, f64> = lifted
            .into_iter()
            .filter_map(|(node, lift)| Some((graph.files().get(node)?, lift)))
            .collect();
        for (at, file) in candidates.iter().enumerate() {
            if let Some(lift) = lifted.get(file.path) {
                lift_of(at, *lift);
            }
        }
    }

    // Files that past commits described like the question changed rise: a change usually goes
    // where the changes before it that were described the same way went. Added after the graph
    // lift, so that history does not seed it.
    // With a history, the files by path, to find what it names among the candidates.
    let by_path: rustc_hash::FxHashMap<&str, usize> = if history.is_some_and(|h| !h.is_empty()) {
        candidates
            .iter()
            .enumerate()
            .map(|(at, file)| (file.path.as_str(), at))
            .collect()
    } else {
        Default::default()
    };
    for (at, share) in history_shares(query, history, &by_path) {
        relevance[at] += HISTORY_WEIGHT * share;
        extra_reasons[at].push(format!(
            "history: past commits described like the question changed it ({share:.2})"
        ));
    }
    // Files that past commits changed together with the best matches rise, if they match at
    // all: a change to one part often needs a change to its partner (a flag's declaration and
    // its use, a type and its registry), whether or not the graph links them.
    for (at, lift) in cochange_lift(&relevance, &set_aside, history, &candidates, &by_path) {
        if relevance[at] > 0.0 {
            relevance[at] += COCHANGE_WEIGHT * lift;
            extra_reasons[at].push(format!(
                "co-change: past commits changed it with the best matches ({lift:.2})"
            ));
        }
    }

    let max_rank = graph.max_rank();
    let module_of = |file_at: usize| {
        tables.module_of[file_at]
            .and_then(|module_at| modules.get(module_at as usize))
            .map(|module| module.path.as_str())
    };
    let mut module_matches: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let entry_intent = ENTRY_WORDS.iter().any(|t| query_texts.contains(t));
    // When only relevant files can be chosen and some file is, the others are not scored at
    // all: on a large tree they are most of the work.
    let any_relevant = relevance.iter().any(|relevance| *relevance > 0.0);
    let bounded = only_relevant && any_relevant;
    // Only the maps of files that may define `main` are read.
    let may_define_main: Option<Vec<usize>> =
        entry_intent.then(|| files.files_naming("main")).flatten();
    let entry_point: Vec<bool> = candidates
        .iter()
        .enumerate()
        .map(|(at, file)| {
            let file_at = candidate_at[at];
            let map = || {
                may_define_main
                    .as_ref()
                    .is_none_or(|naming| naming.binary_search(&file_at).is_ok())
                    .then(|| files.map(file_at))
            };
            entry_intent && is_entry_point(file, map)
        })
        .collect();

    let mut score_one = |at: usize| {
        let (file, counts, raw) = (candidates[at], &documents[at], bm25[at]);
        let (relevance, direct) = (relevance[at], direct[at]);
        let file_at = candidate_at[at];
        let extra_reasons = std::mem::take(&mut extra_reasons[at]);
        let lexical = if best > 0.0 { raw / best } else { 0.0 };
        // Which terms matched in which field, kept as bits: the reason is written only
        // for the files that are shown.
        let matched = (lexical > 0.0).then(|| {
            let mut fields = [0u64; FIELDS];
            for (field, bits) in fields.iter_mut().enumerate() {
                for (at, row) in counts.counts.iter().enumerate().take(64) {
                    if row[field] > 0 {
                        *bits |= 1 << at;
                    }
                }
            }
            (fields, lexical)
        });
        let (rank, importers) = if graph_aligned {
            graph.rank_and_in_degree_at(file_at)
        } else {
            (graph.rank_of(file.path), graph.in_degree(file.path))
        };
        let centrality = if max_rank > 0.0 { rank / max_rank } else { 0.0 };
        let mut relevance = relevance;
        let entry_point = entry_point[at];
        if entry_point {
            relevance = relevance.max(ENTRY_POINT_RELEVANCE);
        }
        let mut score =
            relevance * (1.0 + CENTRALITY_LIFT * centrality) + CENTRALITY_FLOOR * centrality;
        // A file named after what the question asks about is usually where it lives; in
        // BM25F the name is one short field, easily outweighed by long sources that mention
        // the word often.
        let named = if relevance > 0.0 {
            let mut held = terms_in(query, tables.stem_terms(file_at, file.path));
            let stem = file.path.file_name().split('.').next().unwrap_or_default();
            hold_affixes(query, stem, &mut held);
            held
        } else {
            Vec::new()
        };
        let named_weight: f64 = named
            .iter()
            .zip(&idf)
            .filter(|(held, _)| **held)
            .map(|(_, weight)| weight)
            .sum();
        let named = named.iter().filter(|held| **held).count();
        if named > 0 && question_weight > 0.0 {
            score *= 1.0 + NAME_BOOST * (named_weight / question_weight).min(1.0);
        }
        let owner = module_of(file_at);
        let module = owner.as_ref().filter(|m| !m.is_empty() && relevance > 0.0);
        let mut module_matched = false;
        if let Some(module) = module {
            // Many files share a module: its terms are matched once per question, and
            // analyzed once per set of tables.
            let matched = *module_matches.entry(*module).or_insert_with(|| {
                let module_at = tables.module_of[file_at].map_or(usize::MAX, |at| at as usize);
                named_count(query, tables.module_terms(module_at, module), module)
            });
            if matched > 0 && relevance > 0.0 {
                score *= 1.0 + MODULE_BOOST * matched as f64 / query.terms.len() as f64;
                module_matched = true;
            }
        }
        // A commit subject's `printer:` or `[console]` names where the change goes, as a
        // project's own convention: the files of that name or module rise.
        let component = relevance > 0.0
            && !query.component.is_empty()
            && names_component(
                query,
                tables.stem_terms(file_at, file.path),
                match (tables.module_of[file_at], owner) {
                    (Some(module_at), Some(module)) => {
                        tables.module_terms(module_at as usize, module)
                    }
                    _ => &[],
                },
            );
        if component {
            score *= 1.0 + COMPONENT_BOOST;
        }
        let penalty = penalty_of(&file, aside_at(file_at), about);
        if let Some(penalty) = penalty {
            score *= penalty.factor();
        }
        Scored {
            file,
            file_at,
            module: owner,
            relevance,
            direct,
            score,
            matched,
            extra_reasons,
            notes: ScoreNotes {
                rank,
                importers,
                entry_point,
                named: named > 0,
                module_matched,
                component,
                penalty,
            },
        }
    };

    let mut scored: Vec<Scored> = Vec::new();
    if bounded {
        // Files in order of the most their score can be: a file whose best possible score is
        // under the share of the best found so far that `rank` keeps can never be shown, and
        // neither can any after it. The bound is the score with the file's own relevance,
        // centrality and penalty, and every boost at its largest; the margin covers rounding.
        let most_score = |at: usize| {
            let relevance = if entry_point[at] {
                relevance[at].max(ENTRY_POINT_RELEVANCE)
            } else {
                relevance[at]
            };
            // Without the graph's order the centrality is not looked up: it is at most 1.
            let centrality = if graph_aligned {
                let (rank, _) = graph.rank_and_in_degree_at(candidate_at[at]);
                if max_rank > 0.0 {
                    rank / max_rank
                } else {
                    0.0
                }
            } else {
                1.0
            };
            let penalty = penalty_of(&candidates[at], aside_at(candidate_at[at]), about)
                .map_or(1.0, Penalty::factor);
            (relevance * (1.0 + CENTRALITY_LIFT * centrality) + CENTRALITY_FLOOR * centrality)
                * (1.0 + NAME_BOOST)
                * (1.0 + MODULE_BOOST)
                * (1.0 + COMPONENT_BOOST)
                * (1.0 + SIBLING_BOOST)
                * penalty
                * (1.0 + 1e-9)
        };
        let mut order: Vec<(usize, f64)> = (0..candidates.len())
            .filter(|&at| relevance[at] > 0.0 || entry_point[at])
            .map(|at| (at, most_score(at)))
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut best_score = 0.0f64;
        for (at, bound) in order {
            if bound < MIN_SHARE_OF_BEST * best_score {
                break;
            }
            let entry = score_one(at);
            best_score = best_score.max(entry.score);
            scored.push(entry);
        }
    } else {
        for at in 0..candidates.len() {
            scored.push(score_one(at));
        }
    }

    // The best match's module siblings are likely context for it.
    let best_module = scored
        .iter()
        .filter(|s| s.relevance > 0.0)
        .max_by(|a, b| {
            a.score
                .total_cmp(&b.score)
                .then_with(|| b.file.path.cmp(a.file.path))
        })
        .and_then(|s| s.module);
    if let Some(best_module) = best_module {
        for entry in scored.iter_mut().filter(|s| s.relevance > 0.0) {
            if entry.module == Some(best_module) {
                entry.score *= 1.0 + SIBLING_BOOST;
            }
        }
    }
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.file.path.cmp(b.file.path))
    });
    (scored, symbol_idf)
}

/// The candidates (by position) that past commits described like the question changed, each
/// with its share of the best (`History::file_shares`); the question's terms weigh as in BM25F.
fn history_shares(
    query: &Query,
    history: Option<&History>,
    by_path: &rustc_hash::FxHashMap<&str, usize>,
) -> Vec<(usize, f64)> {
    let Some(history) = history.filter(|history| !history.is_empty()) else {
        return Vec::new();
    };
    let weighted: Vec<(&str, f64)> = query
        .terms
        .iter()
        .zip(&query.body_only)
        .map(|(term, &body_only)| {
            let mut weight = 1.0;
            if is_change_word(&term.original) {
                weight *= CHANGE_WORD_WEIGHT;
            }
            if body_only {
                weight *= BODY_WEIGHT;
            }
            (term.text.as_str(), weight)
        })
        .collect();
    let shares = history.file_shares(&weighted);
    if shares.is_empty() {
        return Vec::new();
    }
    shares
        .into_iter()
        .filter_map(|(path, share)| Some((*by_path.get(path)?, share)))
        .collect()
}

/// The candidates (by position in `by_path`) that past commits changed together with the best
/// matches (the `COCHANGE_SEEDS` most relevant files not set aside), each with its lift: per
/// seed, its relevance as a share of the best seed's times the share of the seed's commits
/// that changed the file too (`History::changed_with`), summed over the seeds, at most 1.
fn cochange_lift(
    relevance: &[f64],
    set_aside: &[bool],
    history: Option<&History>,
    candidates: &[FileHead<'_>],
    by_path: &rustc_hash::FxHashMap<&str, usize>,
) -> Vec<(usize, f64)> {
    let Some(history) = history.filter(|history| !history.is_empty()) else {
        return Vec::new();
    };
    let mut seeds: Vec<usize> = (0..candidates.len())
        .filter(|&at| relevance[at] > 0.0 && !set_aside[at])
        .collect();
    seeds.sort_by(|&a, &b| relevance[b].total_cmp(&relevance[a]).then(a.cmp(&b)));
    seeds.truncate(COCHANGE_SEEDS);
    let Some(best) = seeds.first().map(|&at| relevance[at]) else {
        return Vec::new();
    };
    let mut lifts: BTreeMap<usize, f64> = BTreeMap::new();
    for &seed in &seeds {
        let Some(with) = history.changed_with(candidates[seed].path.as_str()) else {
            continue;
        };
        for (path, share) in with {
            if let Some(&at) = by_path.get(path) {
                *lifts.entry(at).or_default() += relevance[seed] / best * share;
            }
        }
    }
    lifts
        .into_iter()
        .map(|(at, lift)| (at, lift.min(1.0)))
        .collect()
}

/// What lens reads besides the maps.
#[derive(Clone, Copy)]
pub struct Texts<'a> {
    pub summaries: TextOf<'a>,
    pub sources: TextOf<'a>,
    /// The words of every file, from the term index; without it, every source is read and
    /// analyzed for each question (the same ranking, slower).
    pub corpus: Option<&'a Corpus>,
    /// The outline sizes of the files ranked, in their order (`outline_size` of each), when
    /// the caller keeps them; without them, the outlines of the files that fill the budget
    /// are written and counted for each question (the same choice, slower).
    pub outlines: Option<&'a [Option<OutlineSize>]>,
    /// The question-independent tables of the files ranked (`RankTables::new` of the same
    /// files, graph and modules), when the caller keeps them; without them they are built for
    /// each question (the same ranking, slower).
    pub tables: Option<&'a RankTables>,
    /// The repository's past commits (`History::from_log`), when the caller read them: files
    /// that commits described like the question changed rise.
    pub history: Option<&'a History>,
}

/// How many of the question's terms a name (a file's stem, a module's path) holds: as one of
/// its words, or, for a term of four letters or more, at the start or end of a word written
/// as one (`hash` in `hashlib`, `wrap` in `textwrap`, `socket` in `socketserver`).
#[cfg(test)]
fn terms_named_in(query: &Query, name: &str) -> usize {
    named_count(query, &crate::tables::distinct_terms(name), name)
}

/// [`terms_named_in`] with the name's distinct terms (`tables::distinct_terms`) at hand.
fn named_count(query: &Query, name_terms: &[Box<str>], name: &str) -> usize {
    let mut held = terms_in(query, name_terms);
    hold_affixes(query, name, &mut held);
    held.iter().filter(|held| **held).count()
}

/// Whether every term of the component the question's commit subject names is a term of a
/// file's stem or of its module's path.
fn names_component(query: &Query, stem_terms: &[Box<str>], module_terms: &[Box<str>]) -> bool {
    query.component.iter().all(|term| {
        stem_terms
            .iter()
            .chain(module_terms)
            .any(|held| **held == **term)
    })
}

/// For each of the question's terms, in order, whether it is one of `terms`.
fn terms_in(query: &Query, terms: &[Box<str>]) -> Vec<bool> {
    query
        .terms
        .iter()
        .map(|term| terms.iter().any(|held| **held == *term.text))
        .collect()
}

/// Marks in `held` the question's terms of `MIN_NAME_AFFIX` letters or more that a word of
/// `name` written as one starts or ends with (`hash` in `hashlib`), and the question's words
/// that a word of `name` shortens (`enum` of "enumeration").
fn hold_affixes(query: &Query, name: &str, held: &mut [bool]) {
    let affix = |word: &str, part: &str| {
        part.len() >= MIN_NAME_AFFIX
            && word.len() > part.len()
            && (word.starts_with(part) || word.ends_with(part))
    };
    // A name that shortens a word of the question (`enum` for "enumeration", `config` for
    // "configuration") is named by it; the word must be three letters or more longer, so that
    // a plural or a verb's ending (`tokens`, `parsed`) is no shortening.
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.len() >= MIN_NAME_AFFIX)
    {
        let word = word.to_lowercase();
        for (at, term) in query.terms.iter().enumerate() {
            let original = term.original.to_lowercase();
            if original.len() >= word.len() + MIN_SHORTENED && original.starts_with(&word) {
                if let Some(slot) = held.get_mut(at) {
                    *slot = true;
                }
            }
        }
    }
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.len() > MIN_NAME_AFFIX)
    {
        let word = word.to_lowercase();
        for (at, term) in query.terms.iter().enumerate() {
            if affix(&word, &term.text) || affix(&word, &term.original) {
                if let Some(slot) = held.get_mut(at) {
                    *slot = true;
                }
            }
        }
    }
}

/// The shortest part of a name written as one word (`hashlib`) that counts as named in it.
const MIN_NAME_AFFIX: usize = 4;
/// How many letters a question's word must have beyond a name for the name to shorten it.
const MIN_SHORTENED: usize = 3;

fn prepare(query: &str) -> Query {
    let terms = query_terms(query);
    Query {
        body_only: body_only(query, &terms),
        terms,
        named: named_in(query),
        component: components(query),
    }
}

/// Every non-secret file ordered for `query`, best first, with its score: the order `rank`
/// fills the budget in. Used by evaluation.
pub fn ranking<F: FileSet + ?Sized>(
    query: &str,
    files: &F,
    texts: Texts<'_>,
    graph: &Graph,
    modules: &[Module],
) -> Vec<(RepoPath, f64)> {
    ranking_hybrid(query, files, texts, graph, modules, None)
}

/// [`ranking`], fused with `semantic` when it is given, as [`rank_hybrid`] fuses.
pub fn ranking_hybrid<F: FileSet + ?Sized>(
    query: &str,
    files: &F,
    texts: Texts<'_>,
    graph: &Graph,
    modules: &[Module],
    semantic: Option<&crate::fuse::Semantic>,
) -> Vec<(RepoPath, f64)> {
    let (mut scored, _) = score_files(&prepare(query), files, texts, graph, modules, false);
    if let Some(semantic) = semantic.filter(|semantic| !semantic.hits.is_empty()) {
        fuse_scored(&mut scored, semantic);
    }
    scored
        .into_iter()
        .map(|s| (s.file.path.clone(), s.score))
        .collect()
}

/// Ranks the files for `query` and chooses what to send within `budget_tokens`: the best few
/// files as full source when they fit, the rest as their summary or else their outline. Files
/// no term matches are left out, unless nothing matches at all; then the most central files
/// are offered.
pub fn rank<F: FileSet + ?Sized>(
    query: &str,
    files: &F,
    texts: Texts<'_>,
    graph: &Graph,
    modules: &[Module],
    budget_tokens: u32,
) -> LensResult {
    rank_hybrid(query, files, texts, graph, modules, budget_tokens, None)
}

/// [`rank`], with the lexical ranking fused with `semantic` (the files by embedding
/// similarity) when it is given; `None` is `rank` exactly.
pub fn rank_hybrid<F: FileSet + ?Sized>(
    query: &str,
    files: &F,
    texts: Texts<'_>,
    graph: &Graph,
    modules: &[Module],
    budget_tokens: u32,
    semantic: Option<&crate::fuse::Semantic>,
) -> LensResult {
    let query_state = prepare(query);
    let semantic = semantic.filter(|semantic| !semantic.hits.is_empty());
    // Fusion may lift a file no term matched, so with a similarity ranking every file is
    // scored, not only those whose text could reach the share of the best that is kept.
    let only_relevant = semantic.is_none();
    let (mut scored, symbol_idf) =
        score_files(&query_state, files, texts, graph, modules, only_relevant);
    if let Some(semantic) = semantic {
        fuse_scored(&mut scored, semantic);
    }
    let summaries = texts.summaries;
    // Sizes that do not line up with the files are not the caller's sizes of these files.
    let outlines = texts.outlines.filter(|sizes| sizes.len() == files.len());
    let any_match = scored.iter().any(|s| s.relevance > 0.0);
    let best = scored.first().map_or(0.0, |s| s.score);
    let candidates: Vec<&Scored> = if any_match {
        scored
            .iter()
            .filter(|s| s.relevance > 0.0 && s.score >= MIN_SHARE_OF_BEST * best)
            .collect()
    } else {
        scored.iter().take(FALLBACK_FILES).collect()
    };

    let mut remaining = budget_tokens;
    let mut full_sources = 0;
    let mut chosen = Vec::new();
    for entry in candidates {
        if remaining == 0 {
            break;
        }
        let file = entry.file;
        let flags = file.flags;
        let primary = full_sources < MAX_FULL_SOURCES
            && entry.direct >= FULL_SOURCE_MIN_SCORE
            && !(flags.generated
                || flags.vendored
                || flags.lockfile
                || is_installed_package(file.path));
        let summary_tokens = summaries(file.path).map(|s| cartograph_tokens::count(&s) as u32);
        // An outline of a file with no doc and no symbols says nothing but its name. Counting
        // its tokens is the costly part of choosing, so it is done only when an option needs it,
        // and not at all when the caller keeps the sizes.
        let known_size = outlines.and_then(|sizes| sizes.get(entry.file_at)).copied();
        let outline_text = std::cell::OnceCell::new();
        let outline_text = || {
            outline_text.get_or_init(|| {
                let map = files.map(entry.file_at);
                has_outline(map).then(|| outline(map))
            })
        };
        let outline_bytes = || match known_size {
            Some(size) => size.map(|size| size.bytes as usize),
            None => outline_text().as_deref().map(str::len),
        };
        let outline_tokens = std::cell::OnceCell::new();
        let outline_tokens = || {
            *outline_tokens.get_or_init(|| match known_size {
                Some(size) => size.map(|size| size.tokens),
                None => outline_text()
                    .as_deref()
                    .map(|text| cartograph_tokens::count(text) as u32),
            })
        };
        // A small file says more whole than outlined, for about the same tokens. An outline has
        // no more tokens than bytes, so a file with more tokens than its outline has bytes is
        // not small, whatever the exact count.
        let small = || {
            file.tokens <= SMALL_FILE_TOKENS
                || (outline_bytes().is_some_and(|bytes| file.tokens as usize <= bytes)
                    && file.tokens <= outline_tokens().unwrap_or(0))
        };
        let small_source = || (!flags.generated && small()).then_some(file.tokens);
        let whole = || Some(file.tokens);
        let summary = || summary_tokens;
        let options: [(SentAs, &dyn Fn() -> Option<u32>); 3] = if primary {
            [
                (SentAs::Source, &whole),
                (SentAs::Outline, &outline_tokens),
                (SentAs::Summary, &summary),
            ]
        } else {
            [
                (SentAs::Summary, &summary),
                (SentAs::Source, &small_source),
                (SentAs::Outline, &outline_tokens),
            ]
        };
        let Some((sent_as, tokens)) = options
            .into_iter()
            .filter_map(|(sent_as, tokens)| Some((sent_as, tokens()?)))
            .find(|(_, tokens)| *tokens <= remaining)
        else {
            continue;
        };
        remaining -= tokens;
        if sent_as == SentAs::Source && primary {
            full_sources += 1;
        }
        let mut reasons = entry.reasons();
        if let Some((fields, lexical)) = &entry.matched {
            reasons.insert(0, bm25_reason(&query_state, fields, *lexical));
        }
        if !any_match {
            reasons.insert(
                0,
                "no term of the question matched; chosen for centrality".to_string(),
            );
        }
        reasons.push(format!("sent as: {} ({tokens} tokens)", sent_as.as_str()));
        chosen.push(RankedFile {
            path: file.path.clone(),
            score: round(entry.score),
            tokens,
            sent_as,
            reasons,
        });
    }

    let tables = texts.tables.filter(|tables| tables.fits(files, modules));
    let symbols = rank_symbols(&query_state, &symbol_idf, &scored, files, tables);
    LensResult {
        question: query.to_string(),
        budget_tokens,
        used_tokens: budget_tokens - remaining,
        files: chosen,
        symbols,
    }
}

/// Replaces each file's score with its reciprocal rank fusion of the lexical ranking (the files
/// `rank` would consider) and the similarity ranking, as a share of the best; files in neither
/// are no longer candidates. A file found only by similarity becomes a candidate, and a file
/// as similar as the best one counts as earning its place alone (it may be sent whole).
fn fuse_scored(scored: &mut [Scored], semantic: &crate::fuse::Semantic) {
    use crate::fuse::{reciprocal_rank_fusion, RRF_K, SEMANTIC_CANDIDATES};
    let best = scored.first().map_or(0.0, |s| s.score);
    let lexical: Vec<usize> = scored
        .iter()
        .filter(|s| s.relevance > 0.0 && s.score >= MIN_SHARE_OF_BEST * best)
        .map(|s| s.file_at)
        .collect();
    let hits = &semantic.hits[..semantic.hits.len().min(SEMANTIC_CANDIDATES)];
    let by_similarity: Vec<usize> = hits.iter().map(|hit| hit.file_at).collect();
    let fused = reciprocal_rank_fusion(&[&lexical, &by_similarity]);
    let top = fused.values().copied().fold(0.0, f64::max);
    let best_similarity = f64::from(hits.first().map_or(0.0, |hit| hit.similarity));
    if top <= 0.0 || best_similarity <= 0.0 {
        return;
    }
    let lexical_rank: HashMap<usize, usize> = lexical
        .iter()
        .enumerate()
        .map(|(at, f)| (*f, at + 1))
        .collect();
    let semantic_rank: HashMap<usize, (usize, &crate::fuse::SemanticHit)> = hits
        .iter()
        .enumerate()
        .map(|(at, hit)| (hit.file_at, (at + 1, hit)))
        .collect();
    for entry in scored.iter_mut() {
        let Some(fused) = fused.get(&entry.file_at) else {
            entry.relevance = 0.0;
            continue;
        };
        let share = fused / top;
        entry.score = share;
        if entry.relevance <= 0.0 || !lexical_rank.contains_key(&entry.file_at) {
            entry.relevance = share;
        }
        let lexical = lexical_rank
            .get(&entry.file_at)
            .map_or("-".to_string(), |rank| format!("#{rank}"));
        let similar = match semantic_rank.get(&entry.file_at) {
            Some((rank, hit)) => {
                entry.direct = entry
                    .direct
                    .max(f64::from(hit.similarity) / best_similarity);
                format!(
                    "#{rank} (best chunk `{}`, similarity {:.3})",
                    hit.chunk, hit.similarity
                )
            }
            None => "-".to_string(),
        };
        entry.extra_reasons.push(format!(
            "fused by reciprocal rank (k = {RRF_K}): lexical {lexical}, embeddings {similar}"
        ));
    }
    scored.sort_by(|a, b| {
        let fused = |s: &Scored| fused.contains_key(&s.file_at);
        fused(b)
            .cmp(&fused(a))
            .then(b.score.total_cmp(&a.score))
            .then(a.file.path.cmp(b.file.path))
    });
}

/// Rarer terms make a symbol match count more: each term's idf over the files that hold it in
/// a symbol name (the identifiers field).
fn symbol_idf(documents: &[FieldCounts], n_terms: usize) -> Vec<f64> {
    const IDENTIFIERS: usize = 1;
    let n = documents.len().max(1) as f64;
    (0..n_terms)
        .map(|term| {
            let containing = documents
                .iter()
                .filter(|doc| doc.counts[term][IDENTIFIERS] > 0)
                .count() as f64;
            (1.0 + (n - containing + 0.5) / (containing + 0.5)).ln()
        })
        .collect()
}

fn rank_symbols<F: FileSet + ?Sized>(
    query: &Query,
    idf: &[f64],
    scored: &[Scored],
    files: &F,
    tables: Option<&RankTables>,
) -> Vec<RankedSymbol> {
    let total: f64 = idf.iter().sum();
    let best = scored.first().map_or(0.0, |s| s.score);
    if total <= 0.0 || best <= 0.0 {
        return Vec::new();
    }
    let mut symbols = Vec::new();
    let kept = |s: &&Scored| s.relevance > 0.0 && s.score >= MIN_SHARE_OF_BEST * best;
    for entry in scored.iter().filter(kept).take(50) {
        let file = files.map(entry.file_at);
        // The symbols' terms are analyzed once per set of tables, when the caller keeps them.
        let analyzed;
        let symbol_terms = match tables {
            Some(tables) => tables.symbol_terms(entry.file_at, file),
            None => {
                analyzed = SymbolTerms::of_file(file);
                &analyzed[..]
            }
        };
        for (symbol, terms) in file.parsed.symbols.iter().zip(symbol_terms) {
            let in_name = terms_in(query, &terms.name);
            let in_doc = terms_in(query, &terms.doc);
            let matched: f64 = in_name
                .iter()
                .zip(&in_doc)
                .zip(idf)
                .map(|((in_name, in_doc), idf)| {
                    if *in_name {
                        *idf
                    } else if *in_doc {
                        0.3 * idf
                    } else {
                        0.0
                    }
                })
                .sum();
            if matched > 0.0 {
                let score = matched / total * (0.5 + 0.5 * entry.score / best);
                symbols.push(RankedSymbol {
                    path: entry.file.path.clone(),
                    name: symbol.name.to_string(),
                    kind: symbol.kind,
                    line: symbol.line.max(1),
                    score: round(score),
                });
            }
        }
    }
    symbols.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.line.cmp(&b.line))
            .then_with(|| a.name.cmp(&b.name))
    });
    symbols.truncate(MAX_SYMBOLS);
    symbols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_written_as_one_word_hold_the_terms_they_start_or_end_with() {
        let named = |question: &str, name: &str| terms_named_in(&prepare(question), name);
        assert_eq!(
            named("how is a hash built from an algorithm name?", "hashlib"),
            1
        );
        assert_eq!(
            named("how is a paragraph wrapped to a width?", "textwrap"),
            1
        );
        assert_eq!(
            named("which socket server handles requests?", "socketserver"),
            2
        );
        assert_eq!(named("how are retries scheduled?", "retry"), 1);
        // Short terms and parts inside a word do not count.
        assert_eq!(named("how is a key read?", "keyboard"), 0);
        assert_eq!(named("where is the shell quoted?", "shlex"), 0);
        assert_eq!(named("how are paths joined?", "email/headerregistry"), 0);
    }

    #[test]
    fn installed_packages_are_third_party_code() {
        let installed =
            |path: &str| RepoPath::new(path).is_ok_and(|path| is_installed_package(&path));
        assert!(installed("site-packages/pip/_internal/utils/filesystem.py"));
        assert!(installed("lib/python3/dist-packages/yaml/__init__.py"));
        assert!(!installed("tempfile.py"));
        assert!(!installed("src/site_packages.py"));
        assert!(!installed("docs/site-packages.md"));
    }

    #[test]
    fn a_name_that_shortens_a_word_of_the_question_is_named_by_it() {
        let named = |question: &str, name: &str| terms_named_in(&prepare(question), name);
        assert_eq!(named("how are enumeration members created?", "enum"), 1);
        assert_eq!(named("read the configuration file", "config"), 1);
        // A word a letter or two longer is no shortening, and a short name shortens nothing.
        assert_eq!(named("where is the tempo set?", "temp"), 0);
        assert_eq!(named("which environment variables?", "env"), 0);
    }

    #[test]
    fn a_commit_subject_names_its_components_before_colons_and_in_brackets() {
        assert_eq!(
            components("printer: fix colors on empty matches"),
            ["print"]
        );
        assert_eq!(
            components("fix(bash-v2): skip empty completions"),
            ["bash", "v2"]
        );
        assert_eq!(components("[console] namespace SVG elements"), ["consol"]);
        assert_eq!(
            components("fix: renderer: deadlock when clearing"),
            ["render"]
        );
        assert_eq!(components("ignore/types: add meson"), ["ignor", "typ"]);
        // Kinds of change, sentences and a subject with no prefix name no component.
        assert!(components("feat!: drop Python 3.8").is_empty());
        assert!(components("Breaking change: the walker").is_empty());
        assert!(components("Add the walker: it walks").is_empty());
        assert!(components("Fix: the walker").is_empty());
        assert!(components("[skip ci] walker: fix").is_empty());
    }

    /// The words that say a question is about tests, examples or docs are matched as the analyzer
    /// leaves them, so each must be what some everyday word becomes.
    #[test]
    fn words_about_tests_examples_and_docs_are_analyzed_terms() {
        for (question, words) in [
            ("which tests mock a fixture of the specs?", TEST_WORDS),
            (
                "examples, demos, samples, tutorials, benches and benchmarks",
                EXAMPLE_WORDS,
            ),
            ("docs, documentation, mkdocs, sphinx, website", DOCS_WORDS),
        ] {
            let terms = query_terms(question);
            for word in words {
                assert!(
                    terms.iter().any(|term| term.text == *word),
                    "{word}: {terms:?}"
                );
            }
        }
    }
}
