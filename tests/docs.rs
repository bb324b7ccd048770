//! `cartograph docs` offline: every page present, deterministic bytes, nothing rewritten when
//! nothing changed, only affected pages after an edit, removed modules' pages removed, and
//! `--check` telling stale from fresh.

use crate::common::{cartograph, expect_code};
use cartograph_testkit::repo::TempRepo;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

fn docs_json(repo: &TempRepo, extra: &[&str]) -> Value {
    let mut args = vec!["docs", "--json"];
    args.extend_from_slice(extra);
    let run = cartograph(repo.path(), &args);
    expect_code(&run, 0);
    run.json()
}

fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                files.insert(relative, (std::fs::read(&path).unwrap(), modified));
            }
        }
    }
    files
}

fn changed(
    before: &BTreeMap<String, (Vec<u8>, SystemTime)>,
    after: &BTreeMap<String, (Vec<u8>, SystemTime)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(path, (bytes, modified))| {
            before
                .get(*path)
                .is_none_or(|(old, old_time)| old != bytes || old_time != modified)
        })
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn offline_docs_are_complete_deterministic_and_incremental() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let docs = repo.path().join("docs/cartograph");
    let cold = docs_json(&repo, &[]);
    assert_eq!(cold["exit_reason"], "done", "{cold}");
    assert_eq!(cold["cost_usd"], 0.0);
    for page in [
        "index.md",
        "architecture.md",
        "onboarding.md",
        "dependencies.md",
        "SUMMARY.md",
        "index.json",
        "llms.txt",
    ] {
        assert!(docs.join(page).is_file(), "{page} missing: {cold}");
    }
    let first = snapshot(&docs);
    assert!(
        first.keys().any(|page| page.starts_with("modules/")),
        "{:?}",
        first.keys()
    );
    for (page, (bytes, _)) in &first {
        if page.ends_with(".md") && page != "SUMMARY.md" {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.starts_with("---\n"), "{page} has front matter");
            for key in [
                "inputs:",
                "commit:",
                "model:",
                "prompt_version:",
                "degraded:",
            ] {
                assert!(text.contains(key), "{page} lacks {key}");
            }
        }
    }

    // No change: nothing rewritten, not even touched.
    let warm = docs_json(&repo, &[]);
    assert_eq!(warm["pages_written"], 0, "{warm}");
    assert_eq!(changed(&first, &snapshot(&docs)), Vec::<String>::new());

    // The same inputs give the same bytes, in another checkout too.
    let twin = TempRepo::fixture("rust-app").unwrap();
    docs_json(&twin, &[]);
    let twin_docs = snapshot(&twin.path().join("docs/cartograph"));
    for (page, (bytes, _)) in &first {
        if page == "index.json" || page.ends_with(".md") {
            // Front matter holds the commit, which differs between the two repositories.
            let strip = |bytes: &[u8]| {
                String::from_utf8_lossy(bytes)
                    .lines()
                    .filter(|line| {
                        !line.starts_with("commit:")
                            && !line.trim_start().starts_with("\"commit\":")
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(
                strip(bytes),
                strip(&twin_docs[page].0),
                "{page} differs between identical checkouts"
            );
        }
    }

    // `--check` agrees that nothing is stale, also once the docs are committed (HEAD moved).
    expect_code(&cartograph(repo.path(), &["docs", "--check"]), 0);
    repo.commit_all("docs").unwrap();
    expect_code(&cartograph(repo.path(), &["docs", "--check"]), 0);
    let after_commit = docs_json(&repo, &[]);
    assert_eq!(
        after_commit["pages_written"], 0,
        "committing the docs made them stale: {after_commit}"
    );
    repo.write("src/scan.rs", &format!("{}\n/// Counts lines.\npub fn count_lines(text: &str) -> usize {{ text.lines().count() }}\n", repo.read("src/scan.rs").unwrap())).unwrap();
    let check = cartograph(repo.path(), &["docs", "--check", "--json"]);
    expect_code(&check, 1);
    let before_edit = snapshot(&docs);
    let edited = docs_json(&repo, &[]);
    assert!(edited["pages_written"].as_u64().unwrap() >= 1, "{edited}");
    let rewritten = changed(&before_edit, &snapshot(&docs));
    assert!(
        rewritten.iter().any(|page| page.starts_with("modules/")),
        "{rewritten:?}"
    );
    let text = std::fs::read_to_string(docs.join("index.json")).unwrap();
    assert!(
        text.contains("count_lines"),
        "the new symbol is in index.json"
    );
}

#[test]
fn a_deleted_module_loses_its_page() {
    let repo = TempRepo::fixture("polyglot").unwrap();
    let docs = repo.path().join("docs/cartograph");
    docs_json(&repo, &[]);
    let pages: Vec<String> = snapshot(&docs)
        .into_keys()
        .filter(|page| page.starts_with("modules/"))
        .collect();
    let ruby_page = pages.iter().find(|page| page.contains("ruby")).cloned();
    let Some(ruby_page) = ruby_page else {
        panic!("no ruby module page among {pages:?}")
    };
    std::fs::remove_dir_all(repo.path().join("ruby")).unwrap();
    let after = docs_json(&repo, &[]);
    assert!(after["pages_removed"].as_u64().unwrap() >= 1, "{after}");
    assert!(!docs.join(&ruby_page).exists());
}

#[test]
fn every_citation_in_offline_pages_resolves_to_real_lines() {
    let repo = TempRepo::fixture("python-lib").unwrap();
    docs_json(&repo, &[]);
    let docs = repo.path().join("docs/cartograph");
    let mut checked = 0;
    for (page, (bytes, _)) in snapshot(&docs) {
        if !page.ends_with(".md") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let page_dir = docs.join(&page).parent().unwrap().to_path_buf();
        for (index, _) in text.match_indices("](") {
            let rest = &text[index + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = &rest[..end];
            if target.starts_with("http") || !target.contains("#L") {
                continue;
            }
            let (file, anchor) = target.split_once("#L").unwrap();
            let path = page_dir.join(file);
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("{page}: {target} points at a missing file"));
            let lines = source.lines().count();
            let (start, end_line) = match anchor.split_once("-L") {
                Some((a, b)) => (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap()),
                None => (
                    anchor.parse::<usize>().unwrap(),
                    anchor.parse::<usize>().unwrap(),
                ),
            };
            assert!(
                start >= 1 && start <= end_line && end_line <= lines.max(1),
                "{page}: {target} beyond {lines} lines"
            );
            checked += 1;
        }
    }
    assert!(checked > 3, "only {checked} citations checked");
}

#[test]
fn offline_pages_never_copy_a_secret() {
    let repo = TempRepo::fixture("python-lib").unwrap();
    let aws = format!("AKIA{}", "Z7Q2W9E4R1T6Y3U8");
    let slack = format!(
        "xoxb-{}-{}-{}",
        "123456789012", "1234567890123", "AbCdEfGhIjKlMnOpQrStUvWx"
    );
    repo.write(
        "pkg/settings.py",
        &format!("\"\"\"Settings; the bot token is {slack}.\"\"\"\n\nAWS_KEY = \"{aws}\"\n\n\ndef region():\n    \"\"\"Uses key {aws}.\"\"\"\n    return \"eu\"\n"),
    )
    .unwrap();
    let run = docs_json(&repo, &[]);
    assert!(run["redactions"].as_u64().unwrap() > 0, "{run}");
    for (page, (bytes, _)) in snapshot(&repo.path().join("docs/cartograph")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&aws) && !text.contains(&slack),
            "{page} holds a secret"
        );
    }
}

#[test]
fn a_deleted_or_hand_edited_page_is_restored_even_when_no_source_changed() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    docs_json(&repo, &[]);
    let docs = repo.path().join("docs/cartograph");
    let original = std::fs::read(docs.join("architecture.md")).unwrap();
    let warm = docs_json(&repo, &[]);
    assert_eq!(warm["pages_written"], 0, "{warm}");
    std::fs::remove_file(docs.join("architecture.md")).unwrap();
    let restored = docs_json(&repo, &[]);
    assert_eq!(restored["pages_written"], 1, "{restored}");
    assert_eq!(
        std::fs::read(docs.join("architecture.md")).unwrap(),
        original
    );
    std::fs::write(docs.join("index.md"), "hand edit\n").unwrap();
    let again = docs_json(&repo, &[]);
    assert_eq!(again["pages_written"], 1, "{again}");
    assert!(std::fs::read_to_string(docs.join("index.md"))
        .unwrap()
        .starts_with("---\n"));
}

/// Issue 15: a `docs` run with nothing to do left no ledger row, so `costs` counted fewer runs
/// than were made.
#[test]
fn a_run_with_nothing_to_do_is_still_counted_by_costs() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    docs_json(&repo, &[]);
    let idle = docs_json(&repo, &[]);
    assert_eq!(idle["pages_written"], 0, "{idle}");
    assert!(idle["pages_unchanged"].as_u64().unwrap() > 0, "{idle}");
    let costs = cartograph(repo.path(), &["costs", "--json"]);
    expect_code(&costs, 0);
    assert_eq!(costs.json()["runs"], 2, "{}", costs.stdout);
}
