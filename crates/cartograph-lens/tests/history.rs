//! Questions shaped like commit messages, on fixtures built so that each needs one part of
//! lens beyond words: an identifier spelled out exactly, a test that points at the code it
//! tests, and the graph (a question naming a caller finds the callee). Each asserts too that
//! the BM25 baseline misses, so the test fails if the part stops working.
#![allow(clippy::unwrap_used)]

mod common;

use cartograph_lens::{bm25_baseline, ranking, History};
use common::{repo_from, Repo};

/// Files that talk about headers, values and normalising a lot, none of which is the answer;
/// each calls `canonical_field` (which it does not define).
fn noise(count: usize) -> String {
    let mut fixture = String::new();
    for at in 0..count {
        fixture.push_str(&format!(
            "//- pkg/headers_{at}.py\n\"\"\"Header values: normalise header values, empty values, header names.\"\"\"\n\
             def header_values_{at}(values):\n    # header values, empty header values, normalise values\n    return [canonical_field(value) for value in values if canonical_field(value)]\n"
        ));
    }
    fixture
}

fn position(list: &[(cartograph_core::RepoPath, f64)], expected: &str) -> Option<usize> {
    list.iter()
        .position(|(path, _)| path.as_str() == expected)
        .map(|at| at + 1)
}

fn lens_rank(repo: &Repo, question: &str, expected: &str) -> Option<usize> {
    lens_rank_with(repo, None, question, expected)
}

fn lens_rank_with(
    repo: &Repo,
    history: Option<&History>,
    question: &str,
    expected: &str,
) -> Option<usize> {
    let (summary, source) = (repo.summary(), repo.source());
    let corpus = repo.corpus();
    let ranked = ranking(
        question,
        &repo.files,
        cartograph_lens::Texts {
            summaries: &summary,
            sources: &source,
            corpus: Some(&corpus),
            outlines: None,
            tables: None,
            history,
        },
        &repo.graph,
        &repo.modules,
    );
    position(&ranked, expected)
}

fn bm25_rank(repo: &Repo, question: &str, expected: &str) -> Option<usize> {
    position(
        &bm25_baseline(question, &repo.files, &repo.source()),
        expected,
    )
}

#[test]
fn an_identifier_spelled_out_finds_the_file_that_defines_it() {
    let fixture = noise(12)
        + "//- pkg/util.py\n\"\"\"Small helpers.\"\"\"\ndef canonical_field(name):\n    return name.strip().lower()\n";
    let repo = repo_from(&fixture);
    let question =
        "Fix `canonical_field` dropping empty header values\n\nEmpty values were normalised away.";
    let (lens, bm25) = (
        lens_rank(&repo, question, "pkg/util.py"),
        bm25_rank(&repo, question, "pkg/util.py"),
    );
    assert_eq!(lens, Some(1), "bm25 {bm25:?}");
    assert!(bm25 > Some(5), "{bm25:?}");
}

#[test]
fn a_matching_test_points_at_the_code_it_tests() {
    let fixture = noise(12)
        + "//- pkg/jar.py\n\"\"\"Remembers entries.\"\"\"\ndef store(entry):\n    return entry\n"
        + "//- tests/test_jar.py imports=pkg/jar.py\n\"\"\"Expired cookies must not be sent once the server deletes them.\"\"\"\n\
           def test_expired_cookie_not_sent_after_delete():\n    # expired cookie, deleted by the server, never sent again\n    assert not sent(expired_cookie)\n";
    let repo = repo_from(&fixture);
    let question = "Stop sending expired cookies the server deleted";
    let rank = lens_rank(&repo, question, "pkg/jar.py");
    assert!(rank.is_some_and(|rank| rank <= 2), "{rank:?}");
    assert_eq!(bm25_rank(&repo, question, "pkg/jar.py"), None);
}

#[test]
fn a_question_naming_a_caller_finds_the_callee() {
    let fixture = noise(12)
        + "//- pkg/page.py imports=pkg/escape.py\n\"\"\"Pages.\"\"\"\ndef render_page(title):\n    return wrap(quote_markup(title))\n"
        + "//- pkg/escape.py\n\"\"\"Markup.\"\"\"\ndef quote_markup(text):\n    return text.replace('<', '&lt;')\n";
    let repo = repo_from(&fixture);
    let question = "render_page: keep empty header values in titles";
    assert_eq!(lens_rank(&repo, question, "pkg/page.py"), Some(1));
    let callee = lens_rank(&repo, question, "pkg/escape.py");
    assert!(callee.is_some_and(|rank| rank <= 5), "{callee:?}");
    assert_eq!(bm25_rank(&repo, question, "pkg/escape.py"), None);
}

/// `git log --no-merges --name-only --format=%x1e%B%x1f` of the given commits.
fn git_log(commits: &[(&str, &[&str])]) -> String {
    commits
        .iter()
        .map(|(message, files)| format!("\x1e{message}\n\x1f\n\n{}\n", files.join("\n")))
        .collect()
}

#[test]
fn past_commits_described_like_the_question_point_at_the_files_they_changed() {
    // No file holds the question's words; only history says that changes to how blank rows are
    // kept went to `pkg/retain.py`.
    let fixture = noise(12)
        + "//- pkg/retain.py\n\"\"\"Retention.\"\"\"\ndef retain(entry):\n    return entry\n";
    let repo = repo_from(&fixture);
    let history = History::from_log(&git_log(&[
        ("Keep blank rows when exporting", &["pkg/retain.py"]),
        ("Speed up the start", &["pkg/headers_3.py"]),
        (
            "Keep blank rows of merged sheets",
            &["pkg/retain.py", "pkg/headers_1.py"],
        ),
    ]));
    let question = "Keep blank rows in exported sheets";
    let without = lens_rank(&repo, question, "pkg/retain.py");
    assert!(without.is_none_or(|rank| rank > 1), "{without:?}");
    let with = lens_rank_with(&repo, Some(&history), question, "pkg/retain.py");
    assert_eq!(with, Some(1), "without history {without:?}");
    assert!(bm25_rank(&repo, question, "pkg/retain.py").is_none_or(|rank| rank > 5));
}

#[test]
fn files_changed_with_the_best_match_rise() {
    // `pkg/palette.py` is the best match; `pkg/render.py` matches one common word only, as
    // every noise file does, but every past change to the palette changed it too.
    let fixture = noise(12)
        + "//- pkg/palette.py\n\"\"\"The colour palette: named colours and their values.\"\"\"\n\
           def palette_colours():\n    # colour palette, named colours\n    return {'red': 1}\n"
        + "//- pkg/render.py\n\"\"\"Writes header values out.\"\"\"\ndef render(values):\n    return values\n";
    let repo = repo_from(&fixture);
    let history = History::from_log(&git_log(&[
        ("Speed up startup", &["pkg/headers_3.py"]),
        // No message holds a word of the question: only the changed files relate them.
        ("Teal", &["pkg/palette.py", "pkg/render.py"]),
        (
            "Terminals with 256 entries",
            &["pkg/palette.py", "pkg/render.py"],
        ),
        ("Drop the grey alias", &["pkg/palette.py", "pkg/render.py"]),
        ("Lighter blue", &["pkg/palette.py", "pkg/render.py"]),
    ]));
    let question = "Add a dark colour palette for header values";
    let without = lens_rank_with(&repo, None, question, "pkg/render.py");
    let with = lens_rank_with(&repo, Some(&history), question, "pkg/render.py");
    assert!(without.is_none_or(|rank| rank > 3), "{without:?}");
    assert!(
        with.is_some_and(|rank| rank <= 2),
        "with {with:?}, without {without:?}"
    );
    assert_eq!(
        lens_rank_with(&repo, Some(&history), question, "pkg/palette.py"),
        Some(1)
    );
}

/// Regression: a test package named after what it tests (`test/test_json/__init__.py`) had
/// lost its link to that package's front (it was taken for the front of its own directory).
#[test]
fn a_test_package_points_at_the_package_it_is_named_after() {
    let fixture = noise(6)
        + "//- json/__init__.py imports=json/decoder.py\n\"\"\"JSON encoder and decoder.\"\"\"\nfrom .decoder import loads\n"
        + "//- json/decoder.py\n\"\"\"Decoding.\"\"\"\ndef loads(text):\n    return text\n"
        + "//- test/test_json/__init__.py imports=json/__init__.py\n\"\"\"Round trips must keep surrogate pairs.\"\"\"\n\
           def test_round_trip_keeps_surrogate_pairs():\n    # surrogate pairs survive a round trip\n    assert round_trip(pairs)\n";
    let repo = repo_from(&fixture);
    let (summary, source) = (repo.summary(), repo.source());
    let corpus = repo.corpus();
    let result = cartograph_lens::rank(
        "round trips lose surrogate pairs",
        &repo.files,
        cartograph_lens::Texts {
            summaries: &summary,
            sources: &source,
            corpus: Some(&corpus),
            outlines: None,
            tables: None,
            history: None,
        },
        &repo.graph,
        &repo.modules,
        100_000,
    );
    let front = result
        .files
        .iter()
        .find(|file| file.path.as_str() == "json/__init__.py")
        .map(|file| file.reasons.clone())
        .unwrap_or_default();
    assert!(
        front
            .iter()
            .any(|reason| reason == "tested by test/test_json/__init__.py, which matches"),
        "{front:?}"
    );
}
