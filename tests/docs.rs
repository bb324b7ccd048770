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

fn head(repo: &TempRepo) -> String {
    repo.run_git(&["rev-parse", "HEAD"])
        .unwrap()
        .trim()
        .to_string()
}

fn commit_of(page: &[u8]) -> Option<String> {
    cartograph_render::read_front_matter(page).and_then(|front| front.commit)
}

/// Issue 12: a page whose bytes change (lines moved under it, its inputs the same) carries the
/// commit of the run that wrote it; a page that did not change keeps its own.
#[test]
fn a_changed_page_carries_the_new_commit_and_an_unchanged_one_keeps_its_own() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let docs = repo.path().join("docs/cartograph");
    // The pages record the commit they were written at.
    let first = head(&repo);
    docs_json(&repo, &[]);
    repo.commit_all("docs").unwrap();
    let before = snapshot(&docs);

    // A comment above everything moves the lines of every symbol of the file; its syntax tree
    // (comments excluded) and so every page's inputs stay the same.
    let store = repo.read("src/store/mod.rs").unwrap();
    repo.write("src/store/mod.rs", &format!("// Moved down.\n{store}"))
        .unwrap();
    repo.commit_all("a comment").unwrap();
    let second = head(&repo);
    docs_json(&repo, &[]);
    let after = snapshot(&docs);
    let mut changed_pages = 0;
    for (path, (bytes, _)) in after.iter().filter(|(path, _)| path.ends_with(".md")) {
        if path == "SUMMARY.md" {
            continue;
        }
        let (old, _) = &before[path];
        let commit = commit_of(bytes);
        if old == bytes {
            assert_eq!(commit_of(old), commit, "{path} kept its commit");
        } else {
            changed_pages += 1;
            assert_eq!(commit.as_deref(), Some(second.as_str()), "{path}");
        }
    }
    assert!(changed_pages > 0, "a page cites the moved lines");
    let unchanged_with_first = after
        .values()
        .filter(|(bytes, _)| commit_of(bytes).as_deref() == Some(first.as_str()))
        .count();
    assert!(
        unchanged_with_first > 0,
        "pages that did not change keep the first commit"
    );
}

/// Issue 12: `docs` says where the docs went and, offline, that it ran offline and how to
/// configure a model.
#[test]
fn docs_says_where_the_docs_went_and_how_to_use_a_model() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let run = cartograph(repo.path(), &["docs"]);
    expect_code(&run, 0);
    assert!(
        run.stdout
            .contains("written to docs/cartograph/ (start at docs/cartograph/index.md)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ran offline"), "{}", run.stdout);
    assert!(run.stdout.contains("[phases.run]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("models = [\"openai/gpt-4o-mini\"]"),
        "{}",
        run.stdout
    );
    // Nothing to do: the same answer.
    let idle = cartograph(repo.path(), &["docs"]);
    expect_code(&idle, 0);
    assert!(idle.stdout.contains("ran offline"), "{}", idle.stdout);
    // --json stays machine output only.
    let json = cartograph(repo.path(), &["docs", "--json"]);
    assert!(!json.stdout.contains("ran offline"));
    json.json();
}

/// Issue 12: `llms.txt`, `SUMMARY.md` and `index.json` are rewritten together or not at all.
#[test]
fn the_data_files_are_rewritten_together_or_not_at_all() {
    let repo = TempRepo::fixture("rust-app").unwrap();
    let docs = repo.path().join("docs/cartograph");
    docs_json(&repo, &[]);
    let llms = std::fs::read(docs.join("llms.txt")).unwrap();
    let summary = std::fs::read(docs.join("SUMMARY.md")).unwrap();
    // `index.json` cannot be replaced; a new module changes all three.
    std::fs::remove_file(docs.join("index.json")).unwrap();
    std::fs::create_dir_all(docs.join("index.json/blocked")).unwrap();
    repo.write("extra/lib.rs", "/// An extra part.\npub fn extra() {}\n")
        .unwrap();
    repo.write(
        "extra/Cargo.toml",
        "[package]\nname = \"extra\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    let failed = cartograph(repo.path(), &["docs"]);
    assert_ne!(failed.code, 0, "{}", failed.stdout);
    assert_eq!(std::fs::read(docs.join("llms.txt")).unwrap(), llms);
    assert_eq!(std::fs::read(docs.join("SUMMARY.md")).unwrap(), summary);

    std::fs::remove_dir_all(docs.join("index.json")).unwrap();
    docs_json(&repo, &[]);
    assert_ne!(std::fs::read(docs.join("llms.txt")).unwrap(), llms);
    assert_ne!(std::fs::read(docs.join("SUMMARY.md")).unwrap(), summary);
    assert!(docs.join("index.json").is_file());
}

/// The onboarding page says how to build and test from the task runners and the CI workflow,
/// each command citing the line that defines it; editing the workflow changes that page and
/// leaves the dependencies page alone.
#[test]
fn onboarding_lists_build_and_test_commands_from_task_runners_and_ci() {
    let workflow = "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Unit tests\n        run: pytest -q tests\n";
    let repo = TempRepo::git(&[
        ("pyproject.toml", "[project]\nname = \"weather\"\ndependencies = [\"httpx>=0.27\"]\n"),
        ("weather/__init__.py", "\"\"\"Weather.\"\"\"\n"),
        ("justfile", "# Run the whole test suite\ntest:\n    pytest\n"),
        ("tox.ini", "[tox]\nenvlist = py311\n\n[testenv:lint]\ndescription = check style\ncommands = ruff check .\n"),
        (".github/workflows/ci.yml", workflow),
    ])
    .unwrap();
    docs_json(&repo, &[]);
    let docs = repo.path().join("docs/cartograph");
    let onboarding = std::fs::read_to_string(docs.join("onboarding.md")).unwrap();
    for expected in [
        "`just test` | Run the whole test suite |",
        "`tox -e lint` | check style |",
        "`pytest -q tests` | run the tests (step \"Unit tests\") |",
    ] {
        assert!(onboarding.contains(expected), "{expected}\n{onboarding}");
    }
    assert!(
        onboarding.contains("(../../.github/workflows/ci.yml#L9)")
            || onboarding.contains(".github/workflows/ci.yml#L9"),
        "{onboarding}"
    );
    let before = snapshot(&docs);
    repo.write(
        ".github/workflows/ci.yml",
        &workflow.replace("pytest -q tests", "pytest -q -x tests"),
    )
    .unwrap();
    docs_json(&repo, &[]);
    let after = snapshot(&docs);
    assert_ne!(before["onboarding.md"].0, after["onboarding.md"].0);
    assert_eq!(before["dependencies.md"], after["dependencies.md"]);
}

/// rack-protection: `Rack::Protection` is reopened in `protection/version.rb` and listed once;
/// a class whose RDoc opens with a labeled list ("Prevented attack:: CSRF") is described by
/// the paragraph after it.
#[test]
fn a_reopened_ruby_module_is_one_entry_and_rdoc_labels_are_no_description() {
    let repo = TempRepo::new().unwrap();
    let files = [
        (
            "rack-protection.gemspec",
            "Gem::Specification.new 'rack-protection', '1.0' do |s|\n  s.summary = 'Protect against typical web attacks'\nend\n",
        ),
        (
            "lib/rack/protection.rb",
            "module Rack\n  # Protects Rack apps.\n  module Protection\n    autoload :FormToken, 'rack/protection/form_token'\n\n    def self.new(app)\n      app\n    end\n  end\nend\n",
        ),
        (
            "lib/rack/protection/version.rb",
            "module Rack\n  module Protection\n    VERSION = '1.0'\n  end\nend\n",
        ),
        (
            "lib/rack/protection/form_token.rb",
            "require 'rack/protection'\n\nmodule Rack\n  module Protection\n    ##\n    # Prevented attack::   CSRF\n    # Supported browsers:: all\n    #\n    # Only accepts submitted forms if a given access token matches.\n    class FormToken\n      def accepts?(env)\n        true\n      end\n    end\n  end\nend\n",
        ),
    ];
    for (path, text) in files {
        repo.write(path, text).unwrap();
    }
    expect_code(&cartograph(repo.path(), &["-q", "docs"]), 0);
    let pages: String = snapshot(&repo.path().join("docs/cartograph/modules"))
        .into_values()
        .map(|(bytes, _)| String::from_utf8(bytes).unwrap())
        .collect();
    assert_eq!(pages.matches("`Rack::Protection`](").count(), 1, "{pages}");
    assert!(
        pages.contains("(class): Only accepts submitted forms if a given access token matches."),
        "{pages}"
    );
    assert!(!pages.contains("Prevented attack"), "{pages}");
}

/// A repository of `files` with its offline docs written.
fn documented(files: &[(&str, &str)]) -> TempRepo {
    let repo = TempRepo::new().unwrap();
    for (path, text) in files {
        repo.write(path, text).unwrap();
    }
    expect_code(&cartograph(repo.path(), &["-q", "docs"]), 0);
    repo
}

/// The line of `page` (a path under the docs folder) that starts with `start`: a file's row.
/// The text of a page of the docs folder (`"modules/root.md"`).
fn page_text(repo: &TempRepo, page: &str) -> String {
    std::fs::read_to_string(repo.path().join("docs/cartograph").join(page))
        .unwrap_or_else(|error| panic!("no {page}: {error}"))
}

fn file_row(repo: &TempRepo, page: &str, start: &str) -> String {
    let text = std::fs::read_to_string(repo.path().join("docs/cartograph").join(page))
        .unwrap_or_else(|error| panic!("no {page}: {error}"));
    text.lines()
        .find(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no row {start} in {page}:\n{text}"))
        .to_string()
}

/// chalk's `source/index.js` exports `stdoutColor` as `supportsColor`: llms.txt lists the name
/// an importer writes.
#[test]
fn llms_txt_lists_a_renamed_export_by_its_exported_name() {
    let repo = documented(&[
        (
            "package.json",
            "{\"name\": \"chalk\", \"type\": \"module\", \"main\": \"./source/index.js\"}\n",
        ),
        (
            "source/index.js",
            "const stdoutColor = 1;\n\nexport function paint(text) {\n  return text;\n}\n\nexport { stdoutColor as supportsColor };\n",
        ),
    ]);
    let llms = std::fs::read_to_string(repo.path().join("docs/cartograph/llms.txt")).unwrap();
    let line = llms
        .lines()
        .find(|line| line.starts_with("- [source/index.js]"))
        .unwrap_or_else(|| panic!("no line:\n{llms}"));
    assert!(line.contains("supportsColor"), "{line}");
    assert!(!line.contains("stdoutColor"), "{line}");
}

/// tablewriter's `zoo.go` holds only unexported methods of `Table`, defined in
/// `tablewriter.go`: its row says so rather than staying empty.
#[test]
fn a_file_of_internal_methods_of_another_file_s_type_says_whose() {
    let repo = documented(&[
        ("go.mod", "module example.com/table\n\ngo 1.21\n"),
        (
            "tablewriter.go",
            "// Package table renders tables.\npackage table\n\n// Table is a table.\ntype Table struct{ rows int }\n\n// Render renders.\nfunc (t *Table) Render() int {\n\treturn t.merge() + t.widths() + t.pad()\n}\n",
        ),
        (
            "zoo.go",
            "package table\n\nfunc (t *Table) merge() int {\n\treturn t.rows\n}\n\nfunc (t *Table) widths() int {\n\treturn 1\n}\n\nfunc (t *Table) pad() int {\n\treturn 2\n}\n",
        ),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [zoo.go]");
    assert!(
        row.contains("Unexported methods of `Table` (`merge`, `widths` and 1 more)."),
        "{row}"
    );
}

/// cookie's `scripts/` holds the script that writes the sample headers its benchmarks and
/// specs import: imports by benchmarks and tests make no maintenance directory the project's
/// code, read before it.
#[test]
fn a_scripts_directory_only_benchmarks_and_tests_import_is_tooling() {
    let repo = documented(&[
        (
            "package.json",
            "{\"name\": \"cookie\", \"type\": \"module\", \"exports\": \"./dist/index.js\"}\n",
        ),
        (
            "src/index.ts",
            "/** Parse a cookie header. */\nexport function parse(str: string): Record<string, string> {\n  return {};\n}\n",
        ),
        (
            "src/parse.bench.ts",
            "import { bench } from \"vitest\";\nimport * as cookie from \"./index.js\";\nimport top from \"../scripts/top-cookie.json\" with { type: \"json\" };\n\nbench(\"parse\", () => { cookie.parse(top[0]); });\n",
        ),
        (
            "src/parse.spec.ts",
            "import { it } from \"vitest\";\nimport * as cookie from \"./index.js\";\nimport top from \"../scripts/top-cookie.json\" with { type: \"json\" };\n\nit(\"parses\", () => { cookie.parse(top[0]); });\n",
        ),
        ("scripts/top-cookie.json", "[\"a=b\"]\n"),
        (
            "scripts/update-benchmark.ts",
            "import { writeFile } from \"node:fs/promises\";\n\nasync function main() {\n  await writeFile(\"top-cookie.json\", \"[]\");\n}\n\nmain();\n",
        ),
    ]);
    let onboarding = page_text(&repo, "onboarding.md");
    let src = onboarding.find("[`src`]").unwrap_or(usize::MAX);
    let scripts = onboarding.find("[`scripts`]").unwrap_or(0);
    assert!(src < scripts, "{onboarding}");
}

/// dotenv's `cli.js` runs under `if (require.main === module)`: the onboarding page follows
/// execution from it, and says no more that the package is a library with no program.
#[test]
fn a_node_script_guard_makes_an_entry_point() {
    let repo = documented(&[
        (
            "package.json",
            "{\"name\": \"dotenv\", \"main\": \"lib/main.js\"}\n",
        ),
        (
            "lib/main.js",
            "function config () {\n  return {}\n}\n\nmodule.exports = { config }\n",
        ),
        (
            "cli.js",
            "const { config } = require('./lib/main')\n\nfunction run () {\n  config()\n}\n\nif (require.main === module) {\n  run()\n}\n\nmodule.exports = run\n",
        ),
        (
            "index.js",
            "const dotenv = require('./lib/main')\nconst run = require('./cli')\n\nmodule.exports = dotenv\n\nif (require.main === module) {\n  run()\n}\n",
        ),
    ]);
    let onboarding = page_text(&repo, "onboarding.md");
    // `index.js` requires `cli.js`, which is a program all the same.
    assert!(
        onboarding.contains(
            "runs as a script ([`if (require.main === module)` at line 6](../../index.js#L6))"
        ),
        "{onboarding}"
    );
    assert!(
        onboarding.contains(
            "runs as a script ([`if (require.main === module)` at line 7](../../cli.js#L7))"
        ),
        "{onboarding}"
    );
    assert!(!onboarding.contains("A library (no `main`"), "{onboarding}");
}

/// loguru's `reset_logger` is an autouse fixture of `tests/conftest.py`: it wraps every test
/// below it, though one file names it; its signature says it is a fixture.
#[test]
fn an_autouse_fixture_is_used_by_every_test_file_below_it() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"app\"\n"),
        ("app/__init__.py", "\"\"\"App.\"\"\"\n\n\ndef run():\n    return 1\n"),
        (
            "tests/conftest.py",
            "import pytest\n\n\n@pytest.fixture(autouse=True)\ndef reset_logger(\n    monkeypatch,\n):\n    yield\n\n\n@pytest.fixture\ndef writer():\n    return []\n",
        ),
        (
            "tests/test_app.py",
            "from app import run\n\n\ndef test_run(writer):\n    assert run() == 1\n",
        ),
        (
            "tests/test_more.py",
            "from app import run\n\n\ndef test_again():\n    assert run()\n",
        ),
    ]);
    let page = std::fs::read_to_string(repo.path().join("docs/cartograph/modules/tests.md"))
        .unwrap_or_default();
    assert!(
        page.contains("`reset_logger`](../../../tests/conftest.py#L4-L8) (function), used by 2 files\n  `@pytest.fixture(autouse=True) def reset_logger(monkeypatch):`"),
        "{page}"
    );
    assert!(
        page.contains("`writer`](../../../tests/conftest.py#L11-L13) (function), used by 1 file\n  `@pytest.fixture def writer():`"),
        "{page}"
    );
    assert!(
        page.contains("| Defines the pytest fixtures `reset_logger` and `writer`. |"),
        "{page}"
    );
}

/// loguru's `tests/exceptions/source/others/*.py` define a `def test(…)` helper and call it:
/// scripts another test runs, whose names pytest collects no tests from.
#[test]
fn a_python_file_pytest_does_not_collect_holds_no_tests() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"app\"\n"),
        ("app/__init__.py", "\"\"\"App.\"\"\"\n\n\ndef run():\n    return 1\n"),
        (
            "tests/test_app.py",
            "from app import run\n\n\ndef test_run():\n    assert run() == 1\n\n\ndef test_again():\n    assert run()\n",
        ),
        (
            "tests/source/script.py",
            "from app import run\n\n\ndef test(x):\n    return run() + x\n\n\ntest(1)\ntest(2)\n",
        ),
    ]);
    let row = file_row(&repo, "modules/tests.md", "| [tests/test\\_app.py]");
    assert!(row.contains("2 tests"), "{row}");
    let page = std::fs::read_to_string(repo.path().join("docs/cartograph/modules/tests.md"))
        .unwrap_or_default();
    let script = page
        .lines()
        .find(|line| line.contains("script.py"))
        .unwrap_or_default();
    assert!(!script.contains("1 test"), "{page}");
    assert!(
        page.contains("2 tests in 1 file") || !page.contains("3 tests"),
        "{page}"
    );
}

/// pflag: a module page follows `FlagSet.Parse` through the calls it makes on its receiver,
/// into another file of the package and a function of the file, and leaves out a call on a
/// variable whose type the code does not write (`other.Reset()`) and calls into the standard
/// library.
#[test]
fn a_module_page_shows_how_calls_flow_from_its_most_used_function() {
    let repo = documented(&[
        ("go.mod", "module example.com/pflag\n\ngo 1.21\n"),
        (
            "flag.go",
            "// Package pflag parses command-line flags.\npackage pflag\n\nimport \"fmt\"\n\n// FlagSet is a set of flags.\ntype FlagSet struct{ args []string }\n\n// Parse parses flag definitions from the argument list.\nfunc (f *FlagSet) Parse(arguments []string) error {\n\tother := pick()\n\tother.Reset()\n\treturn f.parseArgs(arguments)\n}\n\nfunc (f *FlagSet) parseArgs(args []string) error {\n\tfor _, a := range args {\n\t\tif err := f.parseLongArg(a); err != nil {\n\t\t\treturn fmt.Errorf(\"bad %s\", a)\n\t\t}\n\t}\n\treturn nil\n}\n\nfunc pick() *Other { return &Other{} }\n\n// Other is another type.\ntype Other struct{}\n\n// Reset resets.\nfunc (o *Other) Reset() {}\n",
        ),
        (
            "long.go",
            "package pflag\n\nfunc (f *FlagSet) parseLongArg(a string) error {\n\treturn normalize(a)\n}\n\nfunc normalize(a string) error { return nil }\n",
        ),
        (
            "cmd/main.go",
            "package main\n\nimport \"example.com/pflag\"\n\nfunc main() {\n\tvar f pflag.FlagSet\n\t_ = f.Parse(nil)\n\trun()\n}\n\nfunc run() {\n\tload()\n\tserve()\n}\n\nfunc load() {}\n\nfunc serve() {}\n",
        ),
    ]);
    let pages = snapshot(&repo.path().join("docs/cartograph/modules"));
    let root = pages
        .iter()
        .find(|(page, _)| page.ends_with("root.md"))
        .map(|(_, (bytes, _))| String::from_utf8(bytes.clone()).unwrap())
        .unwrap_or_else(|| panic!("no root page among {:?}", pages.keys()));
    let flow = root
        .split("## How calls flow")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no flow section:\n{root}"));
    let lines: Vec<&str> = flow
        .lines()
        .filter(|line| line.trim_start().starts_with("- "))
        .collect();
    let shown: Vec<String> = lines
        .iter()
        .map(|line| {
            let depth = (line.len() - line.trim_start().len()) / 2;
            let name = line.split('`').nth(1).unwrap_or("");
            format!("{depth} {name}")
        })
        .collect();
    assert_eq!(
        shown,
        [
            "0 FlagSet.Parse",
            "1 pick",
            "1 FlagSet.parseArgs",
            "2 FlagSet.parseLongArg",
            "3 normalize"
        ],
        "{flow}"
    );
    assert!(lines[3].contains("long.go#L3"), "{flow}");
    // The heading says these are the calls that could be traced, and how deep.
    assert!(
        flow.starts_with(
            " (calls traced from its most used public functions and entry points, 3 levels deep)"
        ),
        "{flow}"
    );
    assert!(
        !flow.contains("Reset") && !flow.contains("Errorf"),
        "{flow}"
    );
    // The onboarding page follows the program's `main`.
    let onboarding = page_text(&repo, "onboarding.md");
    let run = onboarding
        .split("## How a run starts")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no run section:\n{onboarding}"));
    let names: Vec<&str> = run
        .lines()
        .filter(|line| line.trim_start().starts_with("- "))
        .filter_map(|line| line.split('`').nth(1))
        .collect();
    assert_eq!(names, ["main", "run", "load", "serve"], "{run}");
}

/// tenacity's `retry.py`: most of what it defines extends one base, which its row says
/// rather than listing names.
#[test]
fn a_file_of_subclasses_of_one_base_says_so() {
    let repo = documented(&[
        ("pkg/__init__.py", "\"\"\"Retry code.\"\"\"\n"),
        (
            "pkg/retry.py",
            "class retry_base:\n    def __call__(self, state):\n        raise NotImplementedError\n\n\nclass retry_if_result(retry_base):\n    def __call__(self, state):\n        return True\n\n\nclass retry_if_exception(retry_base):\n    def __call__(self, state):\n        return True\n\n\nclass retry_if_exception_type(retry_if_exception):\n    pass\n\n\ndef combine(a, b):\n    return a\n",
        ),
        // With a private subclass too, the public ones are what the file exports, not all it
        // defines.
        (
            "pkg/stop.py",
            "class stop_base:\n    pass\n\n\nclass _stop_never(stop_base):\n    pass\n\n\nclass stop_any(stop_base):\n    pass\n\n\nclass stop_all(stop_base):\n    pass\n\n\nclass stop_after(stop_base):\n    pass\n",
        ),
    ]);
    let row = file_row(&repo, "modules/pkg.md", "| [pkg/retry.py]");
    assert!(
        row.contains("Defines 3 subclasses of `retry_base`: "),
        "{row}"
    );
    assert!(row.contains("; and 2 more definitions."), "{row}");
    let row = file_row(&repo, "modules/pkg.md", "| [pkg/stop.py]");
    assert!(
        row.contains("Exports 3 subclasses of `stop_base`: "),
        "{row}"
    );
}

/// walkdir's `src/util.rs` defines one undocumented function: its row shows what it takes
/// and gives, not only its name; a function of no parameters and no result shows its name.
#[test]
fn a_file_of_one_function_shows_its_signature() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"walkdir\"\n"),
        (
            "src/lib.rs",
            "//! Walk directories.\nmod util;\nmod other;\n\n/// Walks.\npub fn walk() { let _ = util::device_num(\".\"); other::reset(); }\n",
        ),
        (
            "src/util.rs",
            "use std::io;\nuse std::path::Path;\n\npub fn device_num<P: AsRef<Path>>(path: P) -> io::Result<u64> {\n    let _ = path;\n    Ok(0)\n}\n",
        ),
        ("src/other.rs", "pub fn reset() {}\n"),
    ]);
    let row = file_row(&repo, "modules/src.md", "| [src/util.rs]");
    assert!(
        row.contains("Defines `device_num`: `pub fn device_num<P: AsRef<Path>>(path: P) -> io::Result<u64>`."),
        "{row}"
    );
    let row = file_row(&repo, "modules/src.md", "| [src/other.rs]");
    assert!(row.contains("Defines the function `reset`."), "{row}");
}

/// pflag's `uint_test.go` calls `f.Uint(…)`, a method `uint.go` adds to `FlagSet`: it tests
/// `uint.go`, though it names no type of it; chi's `middleware_test.go` calls nothing
/// `middleware.go` defines (its helpers test other files), and tests no file by its name.
#[test]
fn a_go_test_is_paired_with_its_namesake_by_what_it_calls() {
    let repo = documented(&[
        ("go.mod", "module example.com/pflag\n\ngo 1.21\n"),
        (
            "flag.go",
            "// Package pflag parses flags.\npackage pflag\n\n// FlagSet is a set of flags.\ntype FlagSet struct{}\n\n// NewFlagSet makes one.\nfunc NewFlagSet() *FlagSet { return &FlagSet{} }\n",
        ),
        (
            "uint.go",
            "package pflag\n\n// Uint defines a uint flag.\nfunc (f *FlagSet) Uint(name string) *uint { return new(uint) }\n",
        ),
        (
            "uint_test.go",
            "package pflag\n\nimport \"testing\"\n\nfunc TestUint(t *testing.T) {\n\tf := NewFlagSet()\n\t_ = f.Uint(\"n\")\n}\n",
        ),
        (
            "middleware.go",
            "package pflag\n\n// New wraps a handler.\nfunc New(h int) int { return h }\n",
        ),
        (
            "middleware_test.go",
            "package pflag\n\nimport \"testing\"\n\nfunc TestWrap(t *testing.T) {\n\t_ = NewFlagSet()\n}\n",
        ),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [uint\\_test.go]");
    assert!(row.contains("Tests [uint.go]("), "{row}");
    let row = file_row(&repo, "modules/root.md", "| [middleware\\_test.go]");
    assert!(!row.contains("Tests [middleware.go]("), "{row}");
}

/// pflag's `Visit` and `VisitAll` open their docs with the same sentence but for their names:
/// their entries say the next sentence too, which tells them apart.
#[test]
fn api_entries_whose_docs_open_alike_say_the_next_sentence() {
    let repo = documented(&[
        ("go.mod", "module example.com/pflag\n\ngo 1.21\n"),
        (
            "flag.go",
            "// Package pflag parses flags.\npackage pflag\n\n// VisitAll visits the flags in lexicographical order, calling fn for each.\n// It visits all flags, even those not set.\nfunc VisitAll(fn func()) {}\n\n// Visit visits the flags in lexicographical order, calling fn for each.\n// It visits only those flags that have been set.\nfunc Visit(fn func()) {}\n\n// Parse parses the flags.\n// It stops at the first non-flag.\nfunc Parse() {}\n",
        ),
        (
            "cmd/main.go",
            "package main\n\nimport \"example.com/pflag\"\n\nfunc main() {\n\tpflag.Visit(nil)\n\tpflag.VisitAll(nil)\n\tpflag.Parse()\n}\n",
        ),
    ]);
    let page = page_text(&repo, "modules/root.md");
    assert!(
        page.contains("calling fn for each. It visits only those flags that have been set.\n"),
        "{page}"
    );
    assert!(
        page.contains("calling fn for each. It visits all flags, even those not set.\n"),
        "{page}"
    );
    assert!(!page.contains("It stops at the first non-flag."), "{page}");
}

/// tomlkit keeps Poetry's own `pyproject.toml` among its tests' examples: parser input, not
/// the project's manifest. Its packages are no dependencies of tomlkit, its description no
/// description of a module.
#[test]
fn a_manifest_among_test_data_is_not_the_project_s() {
    let repo = documented(&[
        (
            "pyproject.toml",
            "[project]\nname = \"tomlkit\"\ndescription = \"Style preserving TOML library\"\nrequires-python = \">=3.9\"\n",
        ),
        ("tomlkit/__init__.py", "\"\"\"TOML kit.\"\"\"\n\n\ndef parse(text):\n    return text\n"),
        (
            "tests/test_api.py",
            "from tomlkit import parse\n\n\ndef test_parse():\n    assert parse(\"a\")\n",
        ),
        (
            "tests/examples/pyproject.toml",
            "[tool.poetry]\nname = \"poetry\"\nversion = \"0.11.2\"\ndescription = \"Python dependency management and packaging made easy.\"\n\n[tool.poetry.dependencies]\npython = \"^3.4\"\ncleo = \"^0.6.7\"\n",
        ),
        ("tests/examples/example.toml", "a = 1\n"),
    ]);
    let dependencies = page_text(&repo, "dependencies.md");
    assert!(!dependencies.contains("cleo"), "{dependencies}");
    let index = page_text(&repo, "index.md");
    assert!(!index.contains("Python dependency management"), "{index}");
}

/// logrus's README writes `Level` (the root package's) and `NewHook` (another project's hook):
/// `hooks/slog` defines both names too, but a name two modules define tells neither apart, so
/// the README is not one of the documents that explain `hooks/slog`.
#[test]
fn a_name_two_modules_define_credits_no_document_to_either() {
    let repo = documented(&[
        ("go.mod", "module example.com/logrus\n\ngo 1.21\n"),
        (
            "logrus.go",
            "// Package logrus is a logger.\npackage logrus\n\n// Level is a priority.\ntype Level uint32\n\n// Logger logs.\ntype Logger struct{}\n\n// New makes a logger.\nfunc New() *Logger { return &Logger{} }\n",
        ),
        (
            "hooks/slog/slog.go",
            "// Package slog sends entries to slog.\npackage slog\n\n// Level maps levels.\ntype Level int\n\n// Hook sends entries.\ntype Hook struct{}\n\n// NewHook makes a hook.\nfunc NewHook() *Hook { return &Hook{} }\n",
        ),
        (
            "README.md",
            "# Logrus\n\nA structured logger. Make a `Logger` with `New` and set its `Level`.\nHooks such as `airbrake.NewHook` send entries elsewhere: `NewHook`.\n",
        ),
    ]);
    let slog = page_text(&repo, "modules/hooks/slog.md");
    assert!(!slog.contains("## Documents that explain it"), "{slog}");
}

/// tomlkit's `__all__` names `TOMLDocument` and `item`, imported through `api.py`: each is
/// listed with the package's API, and not again as "not in `__all__`".
#[test]
fn a_name_in_all_reached_through_another_module_is_not_said_to_be_outside_it() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"pkg\"\n"),
        (
            "pkg/__init__.py",
            "\"\"\"A kit.\"\"\"\nfrom pkg.api import Doc\nfrom pkg.api import item\n\n__all__ = [\"Doc\", \"item\"]\n",
        ),
        (
            "pkg/api.py",
            "from pkg.doc import Doc as Doc\nfrom pkg.items import item as item\n",
        ),
        ("pkg/doc.py", "class Doc:\n    \"\"\"A document.\"\"\"\n"),
        (
            "pkg/items.py",
            "def item(value):\n    \"\"\"Make an item.\"\"\"\n    return value\n\n\nclass String:\n    \"\"\"A string.\"\"\"\n",
        ),
        (
            "tests/test_items.py",
            "from pkg.items import String, item\nfrom pkg import Doc\n\n\ndef test_item():\n    assert item(String()) and Doc\n",
        ),
    ]);
    let page = page_text(&repo, "modules/pkg.md");
    let api = page.split("## Public API").nth(1).unwrap_or_default();
    let (declared, also) = api
        .split_once("though not in the `__all__` of [pkg/\\_\\_init\\_\\_.py]")
        .unwrap_or((api, ""));
    assert!(
        declared.contains("[`Doc`]") && declared.contains("[`item`]"),
        "{page}"
    );
    assert!(
        !also.contains("[`Doc`]") && !also.contains("[`item`]"),
        "{page}"
    );
    assert!(also.contains("[`String`]"), "{page}");
}

/// logrus's `FieldLogger` embeds `StdLogger`: its methods list says so, not only the three it
/// declares itself.
#[test]
fn a_go_interface_s_methods_name_the_interfaces_it_embeds() {
    let repo = documented(&[
        ("go.mod", "module example.com/logrus\n\ngo 1.21\n"),
        (
            "logrus.go",
            "// Package logrus logs.\npackage logrus\n\n// StdLogger is what the standard library's logger does.\ntype StdLogger interface {\n\tPrint(...interface{})\n}\n\n// FieldLogger logs with fields.\ntype FieldLogger interface {\n\tStdLogger\n\tWithField(key string, value interface{}) *Entry\n}\n\n// Entry is one entry.\ntype Entry struct{}\n",
        ),
        (
            "cmd/main.go",
            "package main\n\nimport \"example.com/logrus\"\n\nfunc main() {\n\tvar l logrus.FieldLogger\n\tvar s logrus.StdLogger\n\t_, _ = l, s\n\t_ = logrus.Entry{}\n}\n",
        ),
    ]);
    let page = page_text(&repo, "modules/root.md");
    assert!(
        page.contains("; besides those of the interfaces it embeds, `StdLogger`.\n"),
        "{page}"
    );
}

/// tomlkit's `tests/conftest.py` fixture `example` is used by five test files that take it as
/// a parameter and import nothing of it: it is among the suite's shared helpers.
#[test]
fn pytest_fixtures_are_shared_test_helpers() {
    let repo = documented(&[
        ("pkg/__init__.py", "\"\"\"A kit.\"\"\"\n\n\ndef parse(text):\n    return text\n"),
        (
            "tests/conftest.py",
            "import pytest\n\n\n@pytest.fixture\ndef example():\n    return \"a = 1\"\n\n\ndef pytest_configure(config):\n    pass\n",
        ),
        (
            "tests/test_api.py",
            "from pkg import parse\n\n\ndef test_parse(example):\n    assert parse(example)\n",
        ),
        (
            "tests/test_more.py",
            "from pkg import parse\n\n\ndef test_again(tmp_path, example):\n    assert parse(example)\n",
        ),
        // cattrs's `tests/strategies`, a package of its own below the `conftest.py`.
        ("tests/strategies/__init__.py", "\"\"\"Strategies.\"\"\"\n"),
        (
            "tests/strategies/test_deep.py",
            "from pkg import parse\n\n\ndef test_deep(example):\n    assert parse(example)\n",
        ),
    ]);
    let page = page_text(&repo, "modules/tests.md");
    let helpers = page
        .split("## Shared test helpers")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no helpers:\n{page}"));
    assert!(
        helpers
            .contains("[`example`](../../../tests/conftest.py#L4-L6) (function), used by 3 files"),
        "{page}"
    );
    assert!(!helpers.contains("pytest_configure"), "{page}");
}

/// The legend explains dashed arrows where a diagram draws one: an import made inside a
/// function (a module of two packages, one importing the other late to break a cycle).
#[test]
fn a_dashed_arrow_is_explained_where_one_is_drawn() {
    let repo = documented(&[
        ("app/__init__.py", "\"\"\"The app.\"\"\"\nfrom lib.core import run\n"),
        ("app/main.py", "from lib.core import run\n\n\ndef main():\n    run()\n"),
        (
            "lib/__init__.py",
            "\"\"\"The library.\"\"\"\n\n\ndef late():\n    from app import main\n    return main\n",
        ),
        ("lib/core.py", "def run():\n    pass\n"),
    ]);
    let architecture = page_text(&repo, "architecture.md");
    assert!(architecture.contains(" -.->"), "{architecture}");
    assert!(
        architecture.contains(
            "A dashed arrow stands for imports made only inside functions or for type checking."
        ),
        "{architecture}"
    );
}

/// tenacity's `TornadoRetrying.__call__` calls `self.begin()` and `self.iter()`, written in its
/// base `BaseRetrying`, and makes a `RetryCallState(...)`: the flow follows the inherited
/// methods and the class's `__init__`; an exception it raises is where the flow stops. A call
/// on `self` in an inherited method runs the subclass's override (`AsyncRetrying`'s
/// `_add_action_func`, called from `BaseRetrying.iter`).
#[test]
fn a_python_flow_follows_inherited_methods_and_constructors() {
    let repo = documented(&[
        ("pkg/__init__.py", "\"\"\"Retry code.\"\"\"\n"),
        (
            "pkg/base.py",
            "class BaseRetrying:\n    def begin(self):\n        self.reset()\n\n    def reset(self):\n        pass\n",
        ),
        (
            "pkg/state.py",
            "class RetryCallState:\n    def __init__(self, attempt):\n        self.attempt = attempt\n\n\nclass RetryError(Exception):\n    def __init__(self, attempt):\n        self.attempt = attempt\n\n\nclass NonExistentKey(KeyError):\n    def __init__(self, key):\n        self.key = key\n",
        ),
        (
            "pkg/retrying.py",
            "from pkg.base import BaseRetrying\nfrom pkg.state import NonExistentKey, RetryCallState, RetryError\n\n\nclass Retrying(BaseRetrying):\n    def start(self):\n        self.begin()\n        if self is None:\n            raise RetryError(0)\n        if not self:\n            raise NonExistentKey(\"k\")\n        return RetryCallState(1)\n\n    def reset(self):\n        pass\n",
        ),
        (
            "cli.py",
            "from pkg.retrying import Retrying\n\n\ndef main():\n    Retrying.start(None)\n\n\nif __name__ == \"__main__\":\n    main()\n",
        ),
    ]);
    let onboarding = page_text(&repo, "onboarding.md");
    let run = onboarding
        .split("## How a run starts")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no run section:\n{onboarding}"));
    let names: Vec<&str> = run
        .lines()
        .filter(|line| line.trim_start().starts_with("- "))
        .filter_map(|line| line.split('`').nth(1))
        .collect();
    assert_eq!(
        names,
        [
            "main",
            "Retrying.start",
            "BaseRetrying.begin",
            // `self` is a `Retrying`: its own `reset` runs, not the base's it overrides.
            "Retrying.reset",
            "RetryCallState.__init__"
        ],
        "{run}"
    );
}

/// markupsafe's `setup.py` and FastRoute's `benchmark/` define public names that nobody
/// imports: they are run, not used, and are no public API.
#[test]
fn build_scripts_and_benchmarks_are_no_public_api() {
    let repo = documented(&[
        (
            "setup.py",
            "from setuptools import setup\n\n\nclass BuildFailed(Exception):\n    pass\n\n\ndef run_setup(with_binary):\n    setup(name=\"kit\")\n\n\nrun_setup(True)\n",
        ),
        (
            "kit/__init__.py",
            "\"\"\"A kit.\"\"\"\n\n\ndef escape(text):\n    \"\"\"Escapes text.\"\"\"\n    return text\n",
        ),
        (
            "benchmark/RoutingBench.php",
            "<?php\nnamespace Bench;\n\nfinal class RoutingBench\n{\n    public function benchRoute(): void {}\n}\n",
        ),
    ]);
    let pages = snapshot(&repo.path().join("docs/cartograph/modules"));
    let page = |name: &str| {
        pages
            .iter()
            .find(|(page, _)| page.ends_with(name))
            .map(|(_, (bytes, _))| String::from_utf8(bytes.clone()).unwrap())
            .unwrap_or_else(|| panic!("no {name} among {:?}", pages.keys()))
    };
    let root = page("root.md");
    let api = |page: &str| page.split("## Public API").nth(1).map(str::to_string);
    assert!(
        api(&root).is_none_or(|api| !api.contains("run_setup")),
        "{root}"
    );
    let kit = page("kit.md");
    assert!(api(&kit).is_some_and(|api| api.contains("escape")), "{kit}");
    let bench = page("benchmark.md");
    assert!(api(&bench).is_none(), "{bench}");
}

/// The "How calls flow" section of the module pages of `repo`, and the names of its steps in
/// order.
fn flow_names(repo: &TempRepo) -> (String, Vec<String>) {
    let pages: String = snapshot(&repo.path().join("docs/cartograph/modules"))
        .into_values()
        .map(|(bytes, _)| String::from_utf8(bytes).unwrap())
        .collect();
    let flow = pages
        .split("## How calls flow")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no flow section:\n{pages}"))
        .to_string();
    let names = flow
        .lines()
        .filter(|line| line.trim_start().starts_with("- "))
        .filter_map(|line| line.split('`').nth(1))
        .map(str::to_string)
        .collect();
    (flow, names)
}

/// backoff's `RetryNotify(operation Operation, …)` calls `operation.withEmptyData()`: the
/// parameter's type is in the signature, and the flow follows its method; a parameter of
/// another package's type (`ctx context.Context`) leads nowhere.
#[test]
fn a_go_flow_follows_a_method_of_a_parameter_s_declared_type() {
    let repo = documented(&[
        ("go.mod", "module example.com/backoff\n\ngo 1.21\n"),
        (
            "retry.go",
            "// Package backoff retries operations.\npackage backoff\n\nimport \"context\"\n\n// Operation is retried.\ntype Operation func() error\n\nfunc (o Operation) withEmptyData() func() error {\n\treturn o\n}\n\n// Retry retries.\nfunc Retry(operation Operation, ctx context.Context) error {\n\tctx.Done()\n\treturn doRetry(operation.withEmptyData())\n}\n\nfunc doRetry(f func() error) error {\n\treturn run(f)\n}\n\nfunc run(f func() error) error {\n\treturn f()\n}\n",
        ),
    ]);
    let (flow, names) = flow_names(&repo);
    assert_eq!(
        names,
        ["Retry", "doRetry", "run", "Operation.withEmptyData"],
        "{flow}"
    );
}

/// jsoup's `Validate.isTrue(boolean)` and `isTrue(boolean, String)`: the number of arguments
/// chooses the overload, and the flow follows the one it chooses; overloads that take as many
/// arguments (`notNull(Object)`, `notNull(String)`), which the types choose between, are
/// followed by neither. A Java method's bare call of its own class's method is followed.
#[test]
fn a_flow_follows_the_overload_the_argument_count_chooses() {
    let repo = documented(&[
        (
            "src/main/java/a/Validate.java",
            "package a;\n\npublic final class Validate {\n    public static void isTrue(boolean v) { fail(); }\n\n    public static void isTrue(boolean v, String m) { fail(); }\n\n    public static void notNull(Object o) { fail(); }\n\n    public static void notNull(String s) { fail(); }\n\n    static void fail() {}\n}\n",
        ),
        (
            "src/main/java/a/Parser.java",
            "package a;\n\npublic class Parser {\n    public void parse(String s) {\n        check(s);\n        Validate.isTrue(true, \"x\");\n        Validate.notNull(s);\n        build();\n    }\n\n    void check(String s) { trim(s); }\n\n    void trim(String s) {}\n\n    void build() {}\n}\n",
        ),
    ]);
    let (flow, names) = flow_names(&repo);
    assert_eq!(
        names,
        [
            "Parser.parse",
            "Parser.check",
            "Parser.trim",
            "Validate.isTrue",
            "Validate.fail",
            "Parser.build"
        ],
        "{flow}"
    );
}

/// packaging's `Requirement` calls `_parse_requirement`, which its module imports as
/// `from ._parser import parse_requirement as _parse_requirement`: the flow goes on there.
#[test]
fn a_flow_follows_a_call_of_a_name_imported_under_another() {
    let repo = documented(&[
        ("pkg/__init__.py", "\"\"\"A kit.\"\"\"\nfrom .requirements import load\n"),
        (
            "pkg/_parser.py",
            "def parse_requirement(text):\n    return tokenize(text)\n\n\ndef tokenize(text):\n    return text\n",
        ),
        (
            "pkg/requirements.py",
            "from ._parser import parse_requirement as _parse_requirement\n\n\ndef load(text):\n    return _parse_requirement(text)\n",
        ),
    ]);
    let (flow, names) = flow_names(&repo);
    assert!(
        names.iter().any(|name| name == "parse_requirement")
            && names.iter().any(|name| name == "tokenize"),
        "{flow}"
    );
}

/// chi's `NewMux` makes every request's routing context in the pool's constructor it stores
/// (`mux.pool.New = func() interface{} { return NewRouteContext() }`): a call made there is
/// one `NewMux` makes, for who calls `NewRouteContext`, though not a step of its flow.
#[test]
fn a_call_in_a_stored_closure_counts_for_who_calls_a_definition() {
    let repo = documented(&[
        ("go.mod", "module example.com/chi\n\ngo 1.21\n"),
        (
            "mux.go",
            "package chi\n\ntype Mux struct{ pool Pool }\n\ntype Pool struct{ New func() interface{} }\n\nfunc NewMux() *Mux {\n\tmux := &Mux{}\n\tmux.pool.New = func() interface{} {\n\t\treturn NewRouteContext()\n\t}\n\treturn mux\n}\n",
        ),
        (
            "context.go",
            "package chi\n\ntype Context struct{ n int }\n\nfunc NewRouteContext() *Context {\n\treturn &Context{}\n}\n",
        ),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [context.go]");
    assert!(row.contains("reach its [`NewRouteContext`]("), "{row}");
    assert!(row.contains("(from [`NewMux`]("), "{row}");
}

/// getrandom's backends include shared code under another module name (`#[path =
/// "../utils/get_errno.rs"] mod utils;`, then `utils::get_errno()`), and thread_local writes
/// `thread_id::get()` once per `cfg` with the same signature: both calls are traced.
#[test]
fn rust_calls_through_a_path_module_and_a_function_written_per_cfg_are_traced() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"rng\"\nversion = \"0.1.0\"\n"),
        (
            "src/lib.rs",
            "//! Random numbers.\nmod backends;\nmod thread_id;\n\n/// Fills.\npub fn fill() -> u32 {\n    backends::fill_inner();\n    thread_id::get()\n}\n",
        ),
        (
            "src/thread_id.rs",
            "cfg_if::cfg_if! {\n    if #[cfg(feature = \"nightly\")] {\n        pub(crate) fn get() -> u32 {\n            1\n        }\n    } else {\n        pub(crate) fn get() -> u32 {\n            2\n        }\n    }\n}\n",
        ),
        ("src/backends.rs", "mod getentropy;\npub use getentropy::*;\n"),
        (
            "src/backends/getentropy.rs",
            "#[path = \"../utils/get_errno.rs\"]\nmod utils;\n\npub fn fill_inner() -> i32 {\n    utils::get_errno()\n}\n",
        ),
        ("src/utils/get_errno.rs", "pub fn get_errno() -> i32 {\n    0\n}\n"),
    ]);
    let pages: String = snapshot(&repo.path().join("docs/cartograph/modules"))
        .into_values()
        .map(|(bytes, _)| String::from_utf8(bytes).unwrap())
        .collect();
    let row = |start: &str| {
        pages
            .lines()
            .find(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("no row {start}:\n{pages}"))
            .to_string()
    };
    let errno = row("| [src/utils/get\\_errno.rs]");
    assert!(errno.contains("reach its [`get_errno`]("), "{errno}");
    assert!(errno.contains("(from [`fill_inner`]("), "{errno}");
    let thread_id = row("| [src/thread\\_id.rs]");
    assert!(thread_id.contains("reach its [`get`]("), "{thread_id}");
    assert!(thread_id.contains("(from [`fill`]("), "{thread_id}");
}

/// similar's `algorithms::diff_deadline` dispatches to `myers::diff_deadline`,
/// `lcs::diff_deadline` and `histogram::diff_deadline`, one name in several modules: each call
/// goes to the module it names.
#[test]
fn rust_calls_through_modules_of_one_function_name_each_reach_their_module() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"similar\"\nversion = \"0.1.0\"\n"),
        ("src/lib.rs", "//! Diffs.\npub mod algorithms;\n"),
        (
            "src/algorithms/mod.rs",
            "mod histogram;\nmod lcs;\nmod myers;\n\n/// Diffs with the given algorithm.\npub fn diff_deadline(alg: u8) -> u8 {\n    match alg {\n        0 => myers::diff_deadline(alg),\n        1 => lcs::diff_deadline(alg),\n        _ => {\n            histogram::diff_deadline(alg)\n        }\n    }\n}\n",
        ),
        (
            "src/algorithms/histogram.rs",
            "/// Histogram.\npub fn diff_deadline(alg: u8) -> u8 {\n    alg\n}\n",
        ),
        (
            "src/algorithms/lcs.rs",
            "/// LCS.\npub fn diff_deadline(alg: u8) -> u8 {\n    alg\n}\n",
        ),
        (
            "src/algorithms/myers.rs",
            "/// Myers.\npub fn diff_deadline(alg: u8) -> u8 {\n    alg\n}\n",
        ),
    ]);
    let (flow, _) = flow_names(&repo);
    for callee in ["myers.rs#L2-L4", "lcs.rs#L2-L4", "histogram.rs#L2-L4"] {
        assert!(flow.contains(callee), "{callee}:\n{flow}");
    }
}

/// A file said only by the names it defines says which of them other files call, and from
/// where; a test's calls do not count.
#[test]
fn a_file_row_says_what_other_files_call_of_it() {
    let repo = documented(&[
        ("pkg/__init__.py", ""),
        (
            "pkg/util.py",
            "def slugify(text):\n    return text.lower()\n\n\ndef unused():\n    pass\n\n\ndef trim(text):\n    return text\n\n\ndef fold(text):\n    return text\n",
        ),
        (
            "pkg/core.py",
            "from .util import fold, slugify, trim\n\n\ndef build(name):\n    return slugify(trim(fold(name)))\n\n\ndef again(name):\n    return slugify(name)\n",
        ),
        (
            "tests/test_util.py",
            "from pkg.util import unused\n\n\ndef test_unused():\n    unused()\n",
        ),
    ]);
    let row = file_row(&repo, "modules/pkg.md", "| [pkg/util.py]");
    assert!(
        row.contains(
            "Traced calls from other files (tests and examples aside) reach its [`slugify`]("
        ),
        "{row}"
    );
    assert!(row.contains("(from [`build`]("), "{row}");
    assert!(!row.contains("`unused`]("), "{row}");
    // Only the calls whose target is certain are found: the rest is a lower bound.
    assert!(
        row.contains("and at least 1 more of its definitions."),
        "{row}"
    );
}

/// requests: the root's licence is the project's; `docs/_themes/LICENSE` is the theme's and
/// `ext/LICENSE` a notice for the artwork beside it.
#[test]
fn a_licence_below_the_root_covers_its_directory() {
    let repo = documented(&[
        (
            "LICENSE",
            "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n",
        ),
        (
            "docs/_themes/LICENSE",
            "Copyright (c) 2010 by Armin Ronacher.\n\nRedistribution and use in source and binary forms of the theme, with or\nwithout modification, are permitted provided that the following conditions\nare met:\n\n* The names of the contributors may not be used to endorse or\n  promote products derived from this software.\n",
        ),
        ("docs/index.md", "# Docs\n\nHow to use it.\n"),
        ("ext/LICENSE", "Copyright 2019 Kenneth Reitz\n"),
        ("ext/logo.txt", "logo\n"),
        ("app.py", "def main():\n    pass\n"),
    ]);
    let pages: String = snapshot(&repo.path().join("docs/cartograph/modules"))
        .into_values()
        .map(|(bytes, _)| String::from_utf8(bytes).unwrap())
        .collect();
    let row = |path: &str| {
        pages
            .lines()
            .find(|line| line.starts_with(&format!("| [{path}]")))
            .unwrap_or_else(|| panic!("no row of {path}:\n{pages}"))
            .to_string()
    };
    assert!(
        row("LICENSE").contains("The MIT License, which the project is distributed under."),
        "{pages}"
    );
    assert!(
        row("docs/\\_themes/LICENSE")
            .contains("The BSD 3-Clause License, for the files under `docs/_themes/`."),
        "{pages}"
    );
    assert!(
        row("ext/LICENSE").contains("A licence or copyright notice for the files under `ext/`."),
        "{pages}"
    );
}

/// requests' `tests/test_utils.py` imports `requests/utils.py`, not the suite's own
/// `tests/utils.py` beside it: it tests what it imports.
#[test]
fn a_test_beside_a_file_of_its_name_tests_the_one_it_imports() {
    let repo = documented(&[
        ("pkg/__init__.py", ""),
        ("pkg/utils.py", "def quote(text):\n    return text\n"),
        ("tests/__init__.py", ""),
        ("tests/utils.py", "def override_environ():\n    pass\n"),
        (
            "tests/test_utils.py",
            "from pkg.utils import quote\n\n\ndef test_quote():\n    assert quote('a') == 'a'\n",
        ),
    ]);
    let row = file_row(&repo, "modules/tests.md", "| [tests/test\\_utils.py]");
    assert!(row.contains("Tests [pkg/utils.py]("), "{row}");
}

/// zap's `level_test.go` tests `level.go` of its own package, though it imports the
/// `zapcore` package, which has a `level.go` too: a Go test imports nothing of its subject.
#[test]
fn a_go_test_tests_the_file_of_its_name_beside_it() {
    let repo = documented(&[
        ("go.mod", "module example.com/zap\n\ngo 1.21\n"),
        (
            "level.go",
            "package zap\n\nimport \"example.com/zap/zapcore\"\n\n// NewAtomicLevel makes a level.\nfunc NewAtomicLevel() zapcore.Level { return zapcore.Level(0) }\n",
        ),
        (
            "level_test.go",
            "package zap\n\nimport (\n\t\"testing\"\n\n\t\"example.com/zap/zapcore\"\n)\n\nfunc TestLevel(t *testing.T) {\n\tvar _ zapcore.Level = NewAtomicLevel()\n}\n",
        ),
        (
            "zapcore/level.go",
            "package zapcore\n\n// Level is a logging priority.\ntype Level int8\n",
        ),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [level\\_test.go]");
    assert!(row.contains("Tests [level.go]("), "{row}");
}

/// afero: an interface's entry names the types that implement it, in its package and in
/// another (by their package), and each type's entry what it implements, a standard library
/// interface linked to its documentation; a type whose method returns another type does not
/// implement the interface (gcsfs's `Fs.Open` returns `*GcsFile`, not `afero.File`).
#[test]
fn api_entries_say_which_types_implement_which_interfaces() {
    let repo = documented(&[
        ("go.mod", "module example.com/afero\n\ngo 1.21\n"),
        (
            "afero.go",
            "// Package afero is a filesystem abstraction.\npackage afero\n\nimport \"io\"\n\n// File is a file.\ntype File interface {\n\tio.Closer\n\tName() string\n}\n\n// Fs is the filesystem interface.\ntype Fs interface {\n\tOpen(name string) (File, error)\n\tName() string\n}\n",
        ),
        (
            "memmap.go",
            "package afero\n\n// MemMapFs is a filesystem in memory.\ntype MemMapFs struct{}\n\n// NewMemMapFs makes one.\nfunc NewMemMapFs() Fs { return &MemMapFs{} }\n\n// Open opens a file.\nfunc (m *MemMapFs) Open(name string) (File, error) { return nil, nil }\n\n// Name names it.\nfunc (m *MemMapFs) Name() string { return \"mem\" }\n",
        ),
        (
            "zipfs/fs.go",
            "// Package zipfs reads zip archives.\npackage zipfs\n\nimport \"example.com/afero\"\n\n// Fs reads a zip archive.\ntype Fs struct{}\n\n// New makes one.\nfunc New() afero.Fs { return &Fs{} }\n\n// Open opens a file.\nfunc (f *Fs) Open(name string) (afero.File, error) { return &File{}, nil }\n\n// Name names it.\nfunc (f *Fs) Name() string { return \"zip\" }\n\n// File is a file of the archive.\ntype File struct{}\n\n// Close closes it.\nfunc (f *File) Close() error { return nil }\n\n// Name names it.\nfunc (f *File) Name() string { return \"\" }\n",
        ),
        (
            "gcsfs/fs.go",
            "// Package gcsfs is a bucket.\npackage gcsfs\n\nimport \"example.com/afero\"\n\n// Fs is a bucket.\ntype Fs struct{}\n\n// New makes one.\nfunc New() afero.Fs { return nil }\n\n// GcsFile is a file of the bucket.\ntype GcsFile struct{}\n\n// Open opens a file.\nfunc (f *Fs) Open(name string) (*GcsFile, error) { return nil, nil }\n\n// Name names it.\nfunc (f *Fs) Name() string { return \"gcs\" }\n",
        ),
    ]);
    let root = page_text(&repo, "modules/root.md");
    assert!(
        root.contains("  Implemented by [`MemMapFs`](../../../memmap.go#L4) and [`zipfs.Fs`](../../../zipfs/fs.go#L7).\n"),
        "{root}"
    );
    assert!(
        root.contains("  Implemented by [`zipfs.File`](../../../zipfs/fs.go#L19).\n"),
        "{root}"
    );
    assert!(!root.contains("gcsfs.Fs"), "{root}");
    let zipfs = page_text(&repo, "modules/zipfs.md");
    assert!(
        zipfs.contains("  Implements [`afero.Fs`](../../../afero.go#L13-L16).\n"),
        "{zipfs}"
    );
    assert!(
        zipfs.contains("  Implements [`afero.File`](../../../afero.go#L7-L10).\n"),
        "{zipfs}"
    );
}

/// zustand's `src`: its module row counts the types it keeps to itself, type aliases among
/// them (`type SetStateInternal<T> = …`), beside the public names it lists.
#[test]
fn a_module_s_internal_types_count_its_type_aliases() {
    let repo = documented(&[
        (
            "package.json",
            "{\"name\": \"store\", \"main\": \"src/index.ts\"}\n",
        ),
        (
            "src/index.ts",
            "type SetStateInternal<T> = (partial: T) => void\ninterface Listener { (): void }\n\nexport type StoreApi<T> = { setState: SetStateInternal<T>; listeners: Listener[] }\n\nexport function createStore<T>(): StoreApi<T> {\n  return { setState: () => {}, listeners: [] }\n}\n\nexport function create<T>(): StoreApi<T> {\n  return createStore<T>()\n}\n",
        ),
        (
            "src/other.ts",
            "import { create } from './index'\n\ntype Get<T> = T\n\nexport function make(): Get<number> {\n  create()\n  return 1\n}\n",
        ),
    ]);
    let index = page_text(&repo, "index.md");
    let row = index
        .lines()
        .find(|line| line.starts_with("| [`src`]"))
        .unwrap_or_default();
    assert!(row.contains("besides 3 internal types"), "{index}");
}

/// tenacity: a class's special methods are how it is used (a context manager, an iterator,
/// `|` to combine): its methods list names them, and not its private helpers.
#[test]
fn python_special_methods_are_among_a_class_s_methods() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"pkg\"\n"),
        (
            "pkg/__init__.py",
            "\"\"\"Retry code.\"\"\"\n\n\nclass AttemptManager:\n    \"\"\"Manage an attempt's context.\"\"\"\n\n    def __init__(self, state):\n        self.state = state\n\n    def __enter__(self):\n        return self\n\n    def __exit__(self, kind, value, traceback):\n        return self._swallow(kind)\n\n    def _swallow(self, kind):\n        return kind is not None\n\n    def __or__(self, other):\n        return other\n",
        ),
    ]);
    let page = page_text(&repo, "modules/pkg.md");
    let methods = page
        .lines()
        .find(|line| line.trim_start().starts_with("Methods: "))
        .unwrap_or_default();
    for shape in [
        "__init__(state)",
        "__enter__()",
        "__exit__(kind, value, traceback)",
        "__or__(other)",
    ] {
        assert!(methods.contains(&format!("`{shape}`")), "{shape}: {page}");
    }
    assert!(!methods.contains("_swallow"), "{page}");
}

/// bytes' `tests/test_buf.rs` has `buf_tests!` write most of its tests: the counts say the
/// tests written out are not all there are.
#[test]
fn tests_a_rust_macro_generates_are_said_to_be_uncounted() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"bytes\"\n"),
        (
            "src/lib.rs",
            "//! Bytes.\n\n/// Makes one.\n///\n/// ```\n/// assert_eq!(bytes::make().len(), 1);\n/// ```\npub fn make() -> Vec<u8> { vec![1] }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn makes() { assert_eq!(super::make().len(), 1); }\n}\n",
        ),
        (
            "tests/test_buf.rs",
            "use bytes::make;\n\nmacro_rules! buf_tests {\n    ($name:ident) => {\n        mod $name {\n            #[test]\n            fn remaining() { assert!(super::make().len() > 0); }\n        }\n    };\n}\n\nbuf_tests!(slice);\nbuf_tests!(vec);\n\n#[test]\nfn plain() { assert_eq!(make().len(), 1); }\n",
        ),
        (
            "tests/test_iter.rs",
            "use bytes::make;\n\n#[test]\nfn iterates() { assert_eq!(make().iter().count(), 1); }\n",
        ),
        // httparse's `tests/uri.rs`: every test is the macro's.
        (
            "tests/uri.rs",
            "macro_rules! req {\n    ($name:ident) => {\n        #[test]\n        fn $name() { assert!(bytes::make().len() > 0); }\n    };\n}\n\nreq!(one);\nreq!(two);\n",
        ),
    ]);
    let row = file_row(&repo, "modules/tests.md", "| [tests/uri.rs]");
    assert!(
        row.ends_with("| The tests a macro in it generates, using `make`. |"),
        "{row}"
    );
    let page = page_text(&repo, "modules/tests.md");
    assert!(
        page.contains("2 tests in 3 files (and more that macros generate in 2 of them)."),
        "{page}"
    );
    let row = file_row(&repo, "modules/tests.md", "| [tests/test\\_buf.rs]");
    assert!(
        row.contains("1 test (and more that a macro of it generates)"),
        "{row}"
    );
    // The unit tests inside the code are where tests live too.
    let onboarding = page_text(&repo, "onboarding.md");
    assert!(
        onboarding.contains(
            "- 1 test inside 1 file of the code they test: [src/lib.rs](../../src/lib.rs)\n"
        ),
        "{onboarding}"
    );
    // So are its doc examples, which `cargo test` runs.
    assert!(
        onboarding.contains("- 1 code example in the doc comments of 1 file, which `cargo test` runs as doctests: [src/lib.rs](../../src/lib.rs)\n"),
        "{onboarding}"
    );
}

/// bytes: a trait's entry names the project's types that implement it and, apart, the types
/// of other crates it is implemented for (`&[u8]`, `Box<T>`), so the list is the whole of them.
#[test]
fn a_rust_trait_s_entry_names_the_foreign_types_it_is_implemented_for() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"bytes\"\n"),
        (
            "src/lib.rs",
            "//! Bytes.\nmod buf;\npub use buf::Buf;\n\n/// A cheap buffer.\npub struct Bytes;\n\nimpl Buf for Bytes {\n    fn remaining(&self) -> usize { 0 }\n}\n",
        ),
        (
            "src/buf.rs",
            "/// Read bytes from a buffer.\npub trait Buf {\n    fn remaining(&self) -> usize;\n}\n\nimpl Buf for &[u8] {\n    fn remaining(&self) -> usize { self.len() }\n}\n\nimpl<T: Buf + ?Sized> Buf for Box<T> {\n    fn remaining(&self) -> usize { (**self).remaining() }\n}\n",
        ),
    ]);
    let page = page_text(&repo, "modules/src.md");
    assert!(
        page.contains(
            "  Implemented by [`Bytes`](../../../src/lib.rs#L6); also for `&[u8]` and `Box<T>`.\n"
        ),
        "{page}"
    );
}

/// log's `kv/value.rs`: macros write `impl ToValue for $into_ty` for each type they are given,
/// and more methods into `impl Value`: the trait's and the type's entries say so, so that
/// neither list reads as all there is.
#[test]
fn a_rust_entry_says_what_macros_add() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"log\"\n"),
        (
            "src/lib.rs",
            "//! Logging.\n\n/// A value.\npub struct Value(u64);\n\nimpl Value {\n    /// The value.\n    pub fn get(&self) -> u64 { self.0 }\n}\n\n/// Into a value.\npub trait ToValue {\n    fn to_value(&self) -> Value;\n}\n\nimpl ToValue for Value {\n    fn to_value(&self) -> Value { Value(self.0) }\n}\n\nmacro_rules! impl_to_value {\n    ($($ty:ty,)*) => {\n        $(\n            impl ToValue for $ty {\n                fn to_value(&self) -> Value { Value(*self as u64) }\n            }\n        )*\n    };\n}\n\nmacro_rules! impl_value_to {\n    ($($name:ident -> $ty:ty,)*) => {\n        impl Value {\n            $(pub fn $name(&self) -> Option<$ty> { None })*\n        }\n    };\n}\n\nimpl_to_value![u8, u16,];\nimpl_value_to![to_u8 -> u8,];\n",
        ),
    ]);
    let page = page_text(&repo, "modules/src.md");
    assert!(
        page.contains("; and for the types the macro `impl_to_value!` is invoked with.\n"),
        "{page}"
    );
    assert!(
        page.contains(", and more the macro `impl_value_to!` writes.\n"),
        "{page}"
    );
}

/// Python: a base class's entry lists its subclasses across files, found through the imports;
/// a class named like one of the project's but not imported is not one of them.
#[test]
fn api_entries_list_a_base_class_subclasses() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"pkg\"\n"),
        ("pkg/__init__.py", "\"\"\"Requests for humans.\"\"\"\nfrom .exceptions import RequestException, Timeout\n\n__all__ = [\"RequestException\", \"Timeout\"]\n"),
        (
            "pkg/exceptions.py",
            "class RequestException(IOError):\n    \"\"\"There was an ambiguous exception.\"\"\"\n\n\nclass Timeout(RequestException):\n    \"\"\"The request timed out.\"\"\"\n",
        ),
        (
            "pkg/adapters.py",
            "from .exceptions import Timeout\n\n\nclass ReadTimeout(Timeout):\n    \"\"\"The server did not send data in time.\"\"\"\n\n\nclass Other(RequestException):\n    \"\"\"Not imported here.\"\"\"\n",
        ),
    ]);
    let page = page_text(&repo, "modules/pkg.md");
    assert!(
        page.contains("  Subclassed by [`Timeout`](../../../pkg/exceptions.py#L5-L6).\n"),
        "{page}"
    );
    assert!(
        page.contains("  Subclassed by [`ReadTimeout`](../../../pkg/adapters.py#L4-L5).\n"),
        "{page}"
    );
}

/// p-queue: a class that `implements` an object type alias implements it; it does not
/// subclass it. Its private methods' calls flow (`this.#next()`).
#[test]
fn a_typescript_type_alias_is_implemented_not_subclassed() {
    let repo = documented(&[
        ("package.json", "{\"name\": \"queue\", \"main\": \"source/index.ts\"}\n"),
        (
            "source/index.ts",
            "export {type Queue} from './queue.js';\nexport {default as PriorityQueue} from './priority-queue.js';\n",
        ),
        (
            "source/queue.ts",
            "/** A queue of tasks. */\nexport type Queue<Element> = {\n\tsize: number;\n\tdequeue: () => Element | undefined;\n};\n",
        ),
        (
            "source/priority-queue.ts",
            "import {type Queue} from './queue.js';\n\n/** Tasks by priority. */\nexport default class PriorityQueue implements Queue<string> {\n\tsize = 0;\n\n\tdequeue(): string | undefined {\n\t\treturn this.#next();\n\t}\n\n\t#next(): string | undefined {\n\t\treturn undefined;\n\t}\n}\n",
        ),
    ]);
    let page = page_text(&repo, "modules/source.md");
    assert!(
        page.contains("  Implemented by [`PriorityQueue`]"),
        "{page}"
    );
    assert!(!page.contains("Subclassed by"), "{page}");
    // The entry's names are what it re-exports.
    let llms = page_text(&repo, "llms.txt");
    let entry = llms
        .lines()
        .find(|line| line.starts_with("- [source/index.ts]"))
        .unwrap_or_default();
    assert!(entry.ends_with("Symbols: Queue, PriorityQueue"), "{llms}");
}

/// anyhow's `context.rs` implements its private helper trait `ext::StdError` for `Error`: the
/// entry names the trait with its module, not as the `StdError` the crate root aliases to
/// `std::error::Error`.
#[test]
fn a_rust_trait_of_an_inline_module_is_named_with_it() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"anyhow\"\nversion = \"1.0.0\"\n"),
        (
            "src/lib.rs",
            "//! Errors.\nmod context;\n\npub use std::error::Error as StdError;\n\n/// The error type.\npub struct Error;\n",
        ),
        (
            "src/context.rs",
            "use crate::{Error, StdError};\n\nmod ext {\n    use super::*;\n\n    pub trait StdError {\n        fn ext_context(self);\n    }\n\n    impl StdError for Error {\n        fn ext_context(self) {}\n    }\n}\n",
        ),
    ]);
    let page = page_text(&repo, "modules/src.md");
    assert!(page.contains("Implements [`ext::StdError`]"), "{page}");
}

/// tenacity: a directory of many files nothing describes is one row of the file table, not a
/// row of "—" each; a directory with a described file keeps its rows.
#[test]
fn many_undescribed_files_of_a_directory_are_one_row() {
    let mut files: Vec<(String, String)> = (0..9)
        .map(|n| {
            (
                format!("releasenotes/notes/change-{n}-abc{n}.yaml"),
                "---\nfixes:\n  - A fix.\n".to_string(),
            )
        })
        .collect();
    files.push(("pkg/__init__.py".into(), "\"\"\"Retry code.\"\"\"\n".into()));
    for n in 0..8 {
        files.push((format!("data/sample{n}.yaml"), "a: 1\n".into()));
    }
    files.push((
        "data/LICENSE".into(),
        "Permission is hereby granted, free of charge, to any person\n".into(),
    ));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let repo = documented(&borrowed);
    let page = page_text(&repo, "modules/root.md");
    assert!(
        page.contains("| `releasenotes/notes/` | yaml | 27 | 9 release notes in reno's format, one per change: `change-0-abc0.yaml`, `change-1-abc1.yaml` and 7 more. |\n"),
        "{page}"
    );
    assert!(!page.contains("change-2-abc2.yaml"), "{page}");
    assert!(page.contains("data/sample3.yaml"), "{page}");
}

/// tenacity: the package imports `retry_all` from its own `retry.py` and only `AsyncRetrying`
/// from `asyncio/`, which exports a `retry_all` of its own: what the package uses of
/// `asyncio/` is `AsyncRetrying` alone.
#[test]
fn names_a_module_uses_through_another_are_the_ones_it_takes_from_there() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"tenacity\"\n"),
        (
            "tenacity/__init__.py",
            "\"\"\"Retry code.\"\"\"\nfrom .retry import retry_all, RetryBaseT\nfrom .asyncio import AsyncRetrying\n\n__all__ = [\"retry_all\", \"AsyncRetrying\"]\n\n\ndef use(x: RetryBaseT):\n    return retry_all(x)\n",
        ),
        (
            "tenacity/retry.py",
            "class retry_all:\n    \"\"\"Retry if all strategies say so.\"\"\"\n\n\nRetryBaseT = retry_all\n",
        ),
        (
            "tenacity/asyncio/__init__.py",
            "\"\"\"Async retrying.\"\"\"\nfrom ..retry import RetryBaseT\nfrom .retry import retry_all\n\n__all__ = [\"AsyncRetrying\", \"retry_all\"]\n\n\nclass AsyncRetrying:\n    \"\"\"Retries coroutines.\"\"\"\n\n    def wait(self, x: RetryBaseT):\n        return retry_all()\n",
        ),
        (
            "tenacity/asyncio/retry.py",
            "class retry_all:\n    \"\"\"Async: retry if all strategies say so.\"\"\"\n",
        ),
    ]);
    let page = page_text(&repo, "modules/tenacity.md");
    let line = page
        .lines()
        .find(|line| line.starts_with("- [`tenacity/asyncio`](tenacity/asyncio.md) ("))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(line.ends_with("): `AsyncRetrying`"), "{line}");
}

/// afero's `zipfs` without a package doc: the module is described by the interfaces of other
/// modules its types implement, then by what else it defines.
#[test]
fn a_module_without_a_doc_is_described_by_what_its_types_implement() {
    let repo = documented(&[
        ("go.mod", "module example.com/afero\n\ngo 1.21\n"),
        (
            "afero.go",
            "// Package afero is a filesystem abstraction.\npackage afero\n\n// Fs is the filesystem interface.\ntype Fs interface {\n\tName() string\n}\n",
        ),
        (
            "zipfs/fs.go",
            "package zipfs\n\nimport \"example.com/afero\"\n\ntype Fs struct{}\n\nfunc New() afero.Fs { return &Fs{} }\n\nfunc (f *Fs) Name() string { return \"zip\" }\n",
        ),
    ]);
    let index = page_text(&repo, "index.md");
    assert!(
        index.contains(
            "| [`zipfs`](modules/zipfs.md) | 1 | `Fs` implements `afero.Fs`. Also defines `New`. |"
        ),
        "{index}"
    );
    // echo's `middleware`: past the names shown, how many more, though it also keeps types
    // from its API (the list read as complete with 113 names left out).
    let repo = documented(&[
        ("go.mod", "module example.com/afero\n\ngo 1.21\n"),
        (
            "afero.go",
            "// Package afero is a filesystem abstraction.\npackage afero\n\n// Fs is the filesystem interface.\ntype Fs interface {\n\tName() string\n}\n",
        ),
        (
            "zipfs/fs.go",
            "package zipfs\n\nimport \"example.com/afero\"\n\ntype Fs struct{}\n\nfunc New() afero.Fs { return &Fs{} }\n\nfunc (f *Fs) Name() string { return \"zip\" }\n\ntype reader struct{ n int }\n\nfunc (r *reader) Read() int { return r.n }\n\nfunc Open() *reader { return &reader{} }\n\nfunc Close() {}\n\nfunc Walk() {}\n\nfunc Stat() {}\n\nfunc Glob() {}\n",
        ),
    ]);
    let index = page_text(&repo, "index.md");
    let row = index
        .lines()
        .find(|line| line.starts_with("| [`zipfs`]"))
        .unwrap_or_else(|| panic!("{index}"));
    assert!(
        row.starts_with(
            "| [`zipfs`](modules/zipfs.md) | 1 | `Fs` implements `afero.Fs`. Also defines `"
        ) && row.ends_with(" more. |"),
        "{row}"
    );
    // cattrs's `preconf`: the class its converters extend, which it imports, is no name it
    // defines too.
    let mut files: Vec<(String, String)> = vec![
        (
            "pyproject.toml".to_string(),
            "[project]\nname = \"pkg\"\n".to_string(),
        ),
        (
            "pkg/__init__.py".to_string(),
            "\"\"\"Converters.\"\"\"\n".to_string(),
        ),
        (
            "pkg/converters.py".to_string(),
            "class Converter:\n    \"\"\"Converts.\"\"\"\n".to_string(),
        ),
        ("pkg/preconf/__init__.py".to_string(), String::new()),
    ];
    for name in ["Json", "Yaml", "Toml"] {
        files.push((
            format!("pkg/preconf/{}.py", name.to_lowercase()),
            format!(
                "from ..converters import Converter\n\n\nclass {name}Converter(Converter):\n    \"\"\"A converter.\"\"\"\n\n\ndef make_{lower}():\n    \"\"\"Makes one.\"\"\"\n    return {name}Converter()\n",
                lower = name.to_lowercase()
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let repo = documented(&borrowed);
    let index = page_text(&repo, "index.md");
    let row = index
        .lines()
        .find(|line| line.starts_with("| [`pkg/preconf`]"))
        .unwrap_or_else(|| panic!("{index}"));
    assert!(row.contains("extend `Converter`."), "{row}");
    assert!(!row.contains("Also defines `Converter`"), "{row}");
    // tenacity's `asyncio`: what else it defines is five subclasses of one class, and one
    // more definition; the names said past the types named are not all of them.
    let mut retry = String::from("from .. import retry_base\n\n\nclass async_retry_base(retry_base):\n    \"\"\"Async base.\"\"\"\n");
    for name in ["retry_a", "retry_b", "retry_c", "retry_d", "retry_e"] {
        retry.push_str(&format!(
            "\n\nclass {name}(async_retry_base):\n    \"\"\"A condition.\"\"\"\n"
        ));
    }
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"pkg\"\n"),
        (
            "pkg/__init__.py",
            "\"\"\"Retrying.\"\"\"\n\n\nclass BaseRetrying:\n    \"\"\"Base.\"\"\"\n\n\nclass retry_base:\n    \"\"\"Base.\"\"\"\n",
        ),
        (
            "pkg/asyncio/__init__.py",
            "from .. import BaseRetrying\n\n\nclass AsyncRetrying(BaseRetrying):\n    \"\"\"Async.\"\"\"\n",
        ),
        ("pkg/asyncio/retry.py", retry.as_str()),
    ]);
    let index = page_text(&repo, "index.md");
    let row = index
        .lines()
        .find(|line| line.starts_with("| [`pkg/asyncio`]"))
        .unwrap_or_else(|| panic!("{index}"));
    assert!(
        row.contains("`AsyncRetrying` extends `BaseRetrying`"),
        "{row}"
    );
    assert!(
        row.ends_with("Also defines `retry_a`, `retry_b` and 3 more. |"),
        "{row}"
    );
}

/// tenacity: a package named in two groups of `pyproject.toml` is one dependency.
#[test]
fn a_manifest_counts_each_package_once() {
    let repo = documented(&[
        (
            "pyproject.toml",
            "[project]\nname = \"tenacity\"\ndependencies = [\"typing-extensions\"]\n\n[project.optional-dependencies]\ndoc = [\"reno\", \"sphinx\"]\ntest = [\"pytest\", \"typeguard\", \"Sphinx\"]\n",
        ),
        ("tenacity/__init__.py", "\"\"\"Retry code.\"\"\"\n"),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [pyproject.toml]");
    assert!(row.contains("with 5 dependencies"), "{row}");
}

/// structlog: `structlog.stdlib.ProcessorFormatter` after `import structlog`, and
/// `_config.configure()` after `from . import _config`, are uses of those definitions.
#[test]
fn python_uses_through_submodule_attributes_are_counted() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"structlog\"\n"),
        (
            "structlog/__init__.py",
            "\"\"\"Structured logging.\"\"\"\nfrom structlog import stdlib\nfrom structlog._config import configure\n\n__all__ = [\"configure\", \"stdlib\"]\n",
        ),
        (
            "structlog/_config.py",
            "def configure(**kw):\n    \"\"\"Configures the global defaults.\"\"\"\n",
        ),
        (
            "structlog/stdlib.py",
            "from . import _config\n\n\nclass ProcessorFormatter:\n    \"\"\"Formats log records.\"\"\"\n\n\ndef recreate_defaults():\n    \"\"\"Recreate defaults.\"\"\"\n    _config.configure()\n",
        ),
        (
            "examples/app.py",
            "import structlog\n\nformatter = structlog.stdlib.ProcessorFormatter()\n",
        ),
    ]);
    let page = page_text(&repo, "modules/structlog.md");
    let entry = |name: &str| {
        page.lines()
            .find(|line| line.starts_with(&format!("- [`{name}`](")))
            .unwrap_or_else(|| panic!("{page}"))
            .to_string()
    };
    assert!(
        entry("ProcessorFormatter").contains("used by [examples/app.py]("),
        "{page}"
    );
    assert!(
        entry("configure").contains("used by [structlog/\\_\\_init\\_\\_.py](")
            && entry("configure").contains(" and [structlog/stdlib.py]("),
        "{page}"
    );
}

/// http's `HeaderMap::new` was "reached from" `it_can_insert_header_name_as_header_value`, a unit
/// test in `src/header/value.rs`: a Rust file's `#[cfg(test)]` module and `#[test]` functions
/// are tests, whose calls the row leaves aside.
#[test]
fn a_rust_files_unit_tests_are_no_callers_of_another_file() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"kit\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
        ("src/lib.rs", "pub mod map;\npub mod value;\n"),
        (
            "src/map.rs",
            "pub struct Map;\n\nimpl Map {\n    pub fn new() -> Map {\n        Map\n    }\n\n    pub fn insert(&mut self) {}\n}\n",
        ),
        (
            "src/value.rs",
            "use crate::map::Map;\n\npub fn fill() -> Map {\n    let mut map = Map::new();\n    map.insert();\n    map\n}\n\n#[cfg(test)]\nmod tests {\n    use crate::map::Map;\n\n    #[test]\n    fn inserts_into_a_map() {\n        let mut map = Map::new();\n        map.insert();\n    }\n}\n\n#[test]\nfn makes_a_map() {\n    let _ = Map::new();\n}\n",
        ),
    ]);
    let row = file_row(&repo, "modules/src.md", "| [src/map.rs]");
    assert!(row.contains("(from [`fill`]("), "{row}");
    assert!(!row.contains("inserts_into_a_map"), "{row}");
    assert!(!row.contains("makes_a_map"), "{row}");
    assert!(!row.contains("at least"), "{row}");
}

/// http's integration tests take the crate whole (`use http::*;`, `use http::header::*;`): the
/// names they use count them among the users (`HeaderName` "used by 8 files", really 11).
#[test]
fn a_rust_glob_of_the_crate_itself_counts_its_users() {
    let repo = documented(&[
        ("Cargo.toml", "[package]\nname = \"kit\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
        (
            "src/lib.rs",
            "pub mod header;\n\npub use header::HeaderName;\n",
        ),
        (
            "src/header.rs",
            "/// A header's name.\npub struct HeaderName;\n\n/// A header's value.\npub struct HeaderValue;\n",
        ),
        (
            "tests/names.rs",
            "use kit::*;\n\n#[test]\nfn names() {\n    let _: Option<HeaderName> = None;\n}\n",
        ),
        (
            "tests/values.rs",
            "use kit::header::*;\n\n#[test]\nfn values() {\n    let _: Option<HeaderValue> = None;\n    let _: Option<HeaderName> = None;\n}\n",
        ),
    ]);
    let page = page_text(&repo, "modules/src.md");
    let entry = |name: &str| {
        page.lines()
            .find(|line| line.starts_with(&format!("- [`{name}`]")))
            .unwrap_or_else(|| panic!("no {name} in {page}"))
            .to_string()
    };
    // Three users or fewer are named.
    for (name, users) in [
        ("HeaderName", "used by [src/lib.rs](../../../src/lib.rs), [tests/names.rs](../../../tests/names.rs) and [tests/values.rs](../../../tests/values.rs)"),
        ("HeaderValue", "used by [tests/values.rs](../../../tests/values.rs)"),
    ] {
        assert!(entry(name).contains(users), "{page}");
    }
}

/// serde_json's `src/value/de.rs` imports `Value` from its own module (`use
/// crate::value::Value;`) and calls `crate::from_str`, and `src/lib.rs` re-exports `Value`:
/// what `src/value` uses of `src` is `from_str`, not its own `Value`.
#[test]
fn a_name_taken_from_its_own_file_is_not_taken_through_a_reexport() {
    let mut files: Vec<(String, String)> = vec![
        ("Cargo.toml".into(), "[package]\nname = \"serde_json\"\n".into()),
        (
            "src/lib.rs".into(),
            "//! JSON.\npub mod value;\nmod de;\nmod ser;\nmod map;\npub use crate::value::{from_value, Value};\npub use crate::de::from_str;\n".into(),
        ),
        ("src/de.rs".into(), "/// Parses.\npub fn from_str() {}\n".into()),
        ("src/ser.rs".into(), "/// Writes.\npub fn to_string() {}\n".into()),
        ("src/map.rs".into(), "/// A map.\npub struct Map;\n".into()),
        (
            "src/value/mod.rs".into(),
            "//! The Value enum.\nmod de;\nmod from;\nmod index;\nmod partial_eq;\nmod ser;\n/// Any JSON value.\npub struct Value;\n/// Reads a value.\npub fn from_value() {}\n/// A raw value.\npub fn to_raw() {}\n".into(),
        ),
        // A test takes `from_value` through the crate root and `to_raw` from `value`: what
        // it uses of the root still names `from_value`.
        (
            "tests/test.rs".into(),
            "use serde_json::{from_value, Value};\nuse serde_json::value::to_raw;\n\n#[test]\nfn reads() {\n    from_value();\n    to_raw();\n    let _: Option<Value> = None;\n}\n".into(),
        ),
        (
            "src/value/de.rs".into(),
            "use crate::value::Value;\n\npub fn parse(_: Value) {\n    crate::from_str();\n}\n".into(),
        ),
    ];
    for name in ["from", "index", "partial_eq", "ser"] {
        files.push((
            format!("src/value/{name}.rs"),
            format!("use super::Value;\n\npub fn {name}_value(_: Value) {{}}\n"),
        ));
    }
    // A crate of more than 20 files is read by its `mod` directories.
    for at in 0..12 {
        files[1].1.push_str(&format!("mod part{at};\n"));
        files.push((
            format!("src/part{at}.rs"),
            format!("/// Part {at}.\npub fn part{at}() {{}}\n"),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let repo = documented(&borrowed);
    let index = page_text(&repo, "index.md");
    assert!(index.contains("modules/src/value.md"), "{index}");
    let page = page_text(&repo, "modules/src/value.md");
    let uses = page
        .lines()
        .find(|line| line.starts_with("- [`src`](../src.md)"))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(uses.contains("`from_str`"), "{uses}");
    assert!(!uses.contains("`Value`"), "{uses}");
    let page = page_text(&repo, "modules/tests.md");
    let uses = page
        .lines()
        .find(|line| line.starts_with("- [`src`](src.md)"))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(uses.contains("`from_value`"), "{uses}");
}

/// A fixture nothing else describes says which tests name it (echo's `_fixture/certs/cert.pem`
/// was an empty row); a description that ends without a full stop gets one before it.
#[test]
fn a_data_file_says_which_code_names_it() {
    let repo = documented(&[
        ("go.mod", "module example.com/x\n\ngo 1.22\n"),
        ("x.go", "// Package x parses.\npackage x\n\n// Parse parses.\nfunc Parse(b []byte) int { return len(b) }\n"),
        (
            "x_test.go",
            "package x\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\nfunc TestParse(t *testing.T) {\n\tb, _ := os.ReadFile(\"testdata/golden.json\")\n\tParse(b)\n}\n",
        ),
        ("testdata/golden.json", "{\"a\": 1}\n"),
        ("testdata/unused.json", "{}\n"),
        ("notes.txt", "Release notes\n"),
        ("tool/gen.go", "package main\n\nimport \"os\"\n\nfunc main() { os.ReadFile(\"../notes.txt\") }\n"),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [testdata/golden.json]");
    assert!(
        row.contains("Test data, under `testdata/`. Used by [x\\_test.go]("),
        "{row}"
    );
    let row = file_row(&repo, "modules/root.md", "| [testdata/unused.json]");
    assert!(!row.contains("Used by"), "{row}");
    // A document: listed under "Documentation in the module".
    let row = file_row(&repo, "modules/root.md", "- [notes.txt]");
    assert!(row.contains("Used by [tool/gen.go]("), "{row}");
}

/// A Python property is read, not called: cachetools' `Cache.currsize` was among the
/// "Methods".
#[test]
fn python_properties_are_listed_apart_from_methods() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"cache\"\n"),
        (
            "cache/__init__.py",
            "\"\"\"Caches.\"\"\"\n\n\nclass Cache:\n    \"\"\"A cache.\"\"\"\n\n    @property\n    def currsize(self):\n        return 0\n\n    @functools.cached_property\n    def maxsize(self):\n        return 1\n\n    def get(self, key):\n        return None\n",
        ),
    ]);
    let page = page_text(&repo, "modules/cache.md");
    let properties = page
        .lines()
        .find(|line| line.trim_start().starts_with("Properties: "))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(properties.contains("`currsize`"), "{properties}");
    assert!(properties.contains("`maxsize`"), "{properties}");
    let methods = page
        .lines()
        .find(|line| line.trim_start().starts_with("Methods: "))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(methods.contains("`get(key)`"), "{methods}");
    assert!(!methods.contains("currsize"), "{methods}");
}

/// cachetools' `pyproject.toml` names only what builds it: "with 2 dependencies" read as if
/// it needed them to run.
#[test]
fn a_manifest_of_build_requirements_only_says_so() {
    let repo = documented(&[
        (
            "pyproject.toml",
            "[build-system]\nrequires = [\"setuptools >= 61.0.0\", \"wheel\"]\n\n[project]\nname = \"cachetools\"\n",
        ),
        ("cachetools/__init__.py", "\"\"\"Caches.\"\"\"\n"),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [pyproject.toml]");
    assert!(
        row.contains("Declares the package `cachetools`, with 2 dependencies (to build)."),
        "{row}"
    );
}

/// resty's `resty_test.go` holds the helpers its tests share and no test: it is no "Tests
/// resty.go"; its `.testdata/text-file.txt` is what a test uploads, no documentation.
#[test]
fn a_go_test_file_of_helpers_tests_nothing_and_test_data_is_no_document() {
    let repo = documented(&[
        ("go.mod", "module example.com/resty\n\ngo 1.22\n"),
        ("resty.go", "// Package resty is an HTTP client.\npackage resty\n\n// New makes a client.\nfunc New() int { return 1 }\n"),
        (
            "resty_test.go",
            "package resty\n\nimport \"testing\"\n\nfunc createServer(t *testing.T) int { return New() }\n",
        ),
        (
            "client_test.go",
            "package resty\n\nimport \"testing\"\n\nfunc TestClient(t *testing.T) {\n\t_ = createServer(t)\n\t_ = \".testdata/text-file.txt\"\n}\n\nfunc ExampleNew() {\n\t_ = New()\n\t// Output:\n}\n",
        ),
        (".testdata/text-file.txt", "This is a text file for upload tests.\n"),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [resty\\_test.go]");
    assert!(!row.contains("Tests"), "{row}");
    assert!(row.contains("`createServer`"), "{row}");
    let page = page_text(&repo, "modules/root.md");
    let documents = page
        .split("## Documentation in the module")
        .nth(1)
        .map(|rest| rest.split("\n## ").next().unwrap_or_default())
        .unwrap_or_default();
    assert!(!documents.contains("text-file.txt"), "{page}");
    let row = file_row(&repo, "modules/root.md", "| [.testdata/text-file.txt]");
    assert!(row.contains("Used by [client\\_test.go]"), "{row}");
    // golang-lru's `expirable_lru_test.go`: its example beside its tests is counted too.
    let row = file_row(&repo, "modules/root.md", "| [client\\_test.go]");
    assert!(row.contains("1 test (`TestClient`) and 1 example"), "{row}");
}

/// resty's `transportDialContext` is written twice, for `js && wasm` and for every other
/// platform: a traced call follows it to the one most builds compile.
#[test]
fn a_go_call_flow_follows_the_definition_most_builds_compile() {
    let repo = documented(&[
        ("go.mod", "module example.com/resty\n\ngo 1.22\n"),
        (
            "client.go",
            "// Package resty is an HTTP client.\npackage resty\n\n// New makes a client.\nfunc New() int {\n\treturn transportDial(1)\n}\n",
        ),
        (
            "transport_js.go",
            "//go:build js && wasm\n\npackage resty\n\nfunc transportDial(n int) int {\n\treturn n\n}\n",
        ),
        (
            "transport_other.go",
            "//go:build !(js && wasm)\n\npackage resty\n\nfunc transportDial(n int) int {\n\treturn n + 1\n}\n",
        ),
        (
            "client_test.go",
            "package resty\n\nimport \"testing\"\n\nfunc TestNew(t *testing.T) {\n\t_ = New()\n}\n",
        ),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [transport\\_other.go]");
    assert!(row.contains("Traced calls from other files"), "{row}");
    let row = file_row(&repo, "modules/root.md", "| [transport\\_js.go]");
    assert!(!row.contains("Traced calls"), "{row}");
}

/// indexmap's `map/serde_seq.rs` is compiled only with the feature `serde`, and so is
/// smallvec's `extract_if`: a plain `cargo test` does not run their doctests.
#[test]
fn doctests_of_a_feature_gated_module_are_counted_apart() {
    let repo = documented(&[
        (
            "Cargo.toml",
            "[package]\nname = \"indexmap\"\nversion = \"1.0.0\"\n\n[features]\nserde = []\n",
        ),
        (
            "src/lib.rs",
            "//! Maps.\n\n#[cfg(feature = \"serde\")]\npub mod serde_seq;\n\n/// Makes one.\n///\n/// ```\n/// let m = indexmap::new();\n/// ```\npub fn new() -> u8 { 0 }\n\n#[cfg(feature = \"serde\")]\n/// Makes two (smallvec's `extract_if`: an item behind a feature).\n///\n/// ```\n/// let m = indexmap::two();\n/// ```\npub fn two() -> u8 { 0 }\n",
        ),
        (
            "src/serde_seq.rs",
            "//! Serde.\n\n/// Serializes.\n///\n/// ```\n/// indexmap::serde_seq::serialize();\n/// ```\npub fn serialize() {}\n",
        ),
    ]);
    let page = page_text(&repo, "onboarding.md");
    assert!(
        page.contains(
            "- 1 code example in the doc comments of 1 file, which `cargo test` runs as doctests"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "- 1 code example in the doc comments of 1 file compiled only under a `#[cfg]` condition"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "- 1 code example in the doc comments of items of 1 file compiled only under a `#[cfg]` condition (a feature or a target), which `cargo test` runs as doctests when it holds: [src/lib.rs]"
        ),
        "{page}"
    );
}

/// indexmap's `src/macros.rs` exports four macros and keeps four the crate's other files
/// invoke: its row does not read as if the exported ones were all it offers them.
#[test]
fn a_file_counts_the_internal_names_other_files_use() {
    let repo = documented(&[
        (
            "Cargo.toml",
            "[package]\nname = \"indexmap\"\nversion = \"1.0.0\"\n",
        ),
        (
            "src/lib.rs",
            "//! Maps.\n\n#[macro_use]\nmod macros;\nmod map;\n\npub use map::Map;\n",
        ),
        (
            "src/macros.rs",
            "/// Makes a map from pairs of keys and values.\n#[macro_export]\nmacro_rules! indexmap {\n    () => {};\n}\n\n// Writes the iterator methods.\nmacro_rules! iterator_methods {\n    ($map_elt:expr) => {\n        fn next(&mut self) -> Option<Self::Item> {\n            None\n        }\n    };\n}\n\nmacro_rules! unused_helper {\n    () => {};\n}\n\n/// Makes a set from values.\n#[macro_export]\nmacro_rules! indexset {\n    () => {};\n}\n",
        ),
        (
            "src/map.rs",
            "/// A map.\npub struct Map;\n\nimpl Iterator for Map {\n    type Item = u8;\n\n    iterator_methods!(Bucket::key);\n}\n",
        ),
    ]);
    let row = file_row(&repo, "modules/src.md", "| [src/macros.rs]");
    assert!(
        row.contains("Also exports the macro `indexset`, besides 1 internal one other files use."),
        "{row}"
    );
}

/// pluggy's `downstream/run_downstream.py` is a script its CI runs to test other projects
/// against it: a development tool, not the library's entry point.
#[test]
fn a_script_ci_runs_outside_the_package_is_a_development_tool() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"pluggy\"\n"),
        (
            "src/pluggy/__init__.py",
            "\"\"\"Plugins.\"\"\"\n\n\ndef hookimpl():\n    \"\"\"Marks an implementation.\"\"\"\n",
        ),
        (
            "downstream/run_downstream.py",
            "\"\"\"Runs other projects' tests.\"\"\"\nimport sys\n\n\ndef main():\n    print(sys.argv)\n\n\nif __name__ == \"__main__\":\n    main()\n",
        ),
        (
            ".github/workflows/downstream.yml",
            "name: downstream\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: uv run downstream/run_downstream.py pytest\n",
        ),
    ]);
    let page = page_text(&repo, "onboarding.md");
    let start = page.split("## Build and test").next().unwrap_or_default();
    assert!(
        !start.contains("Follow execution from the entry points"),
        "{page}"
    );
    assert!(
        start.contains("The tools the project runs while it is developed start at"),
        "{page}"
    );
}

/// xid's `b/id.go`: an undocumented Go type is said by the interfaces it implements, not as
/// "built on" them.
#[test]
fn an_undocumented_go_type_implements_its_interfaces() {
    let repo = documented(&[
        ("go.mod", "module example.com/xid\n\ngo 1.21\n"),
        (
            "xid.go",
            "// Package xid makes ids.\npackage xid\n\n// New makes one.\nfunc New() int { return 1 }\n",
        ),
        (
            "id.go",
            "package xid\n\ntype ID struct{ n int }\n\nfunc (id ID) String() string { return \"\" }\n",
        ),
    ]);
    let row = file_row(&repo, "modules/root.md", "| [id.go]");
    assert!(
        row.contains("Defines the struct `ID`, which implements `fmt.Stringer`"),
        "{row}"
    );
}

/// log's `test_max_level_features`: a `[[bin]]` of a package with `publish = false` is a
/// program Cargo builds (a harness CI runs), not a command users install; a published
/// package's is.
#[test]
fn an_unpublished_package_s_binary_is_built_not_installed() {
    let repo = documented(&[
        (
            "Cargo.toml",
            "[package]\nname = \"tool\"\nversion = \"0.1.0\"\n",
        ),
        ("src/main.rs", "fn main() {}\n"),
        (
            "harness/Cargo.toml",
            "[package]\nname = \"optimized\"\nversion = \"0.1.0\"\npublish = false\n\n[[bin]]\nname = \"check_levels\"\npath = \"main.rs\"\n",
        ),
        ("harness/main.rs", "fn main() {}\n"),
    ]);
    let onboarding = page_text(&repo, "onboarding.md");
    assert!(
        onboarding.contains("), built as the `check_levels` program"),
        "{onboarding}"
    );
    assert!(
        onboarding.contains("), installed as the `tool` command"),
        "{onboarding}"
    );
}

/// log's `kv/mod.rs`: `source` is a private module unless the feature `kv_unstable` makes its
/// second declaration public; `std_only` is compiled only with `std`.
#[test]
fn a_rust_module_declared_under_cfg_says_when_it_is_public() {
    let repo = documented(&[
        (
            "Cargo.toml",
            "[package]\nname = \"log\"\nversion = \"0.1.0\"\n\n[features]\nstd = []\nkv_unstable = []\n",
        ),
        (
            "src/lib.rs",
            "//! Logging.\n#[cfg(not(feature = \"kv_unstable\"))]\nmod source;\n#[cfg(feature = \"kv_unstable\")]\npub mod source;\n#[cfg(feature = \"std\")]\npub mod std_only;\npub use self::source::Source;\n",
        ),
        ("src/source.rs", "/// A source.\npub trait Source {}\n"),
        ("src/std_only.rs", "/// Needs std.\npub fn f() {}\n"),
    ]);
    let page = page_text(&repo, "modules/src.md");
    assert!(
        page.contains("(module, public only with the feature `kv_unstable`)"),
        "{page}"
    );
    assert!(
        page.contains("(module, compiled only with the feature `std`)"),
        "{page}"
    );
}

/// uuid: one module has no diagram of modules and no reading order across them; llms.txt
/// does not promise them.
#[test]
fn llms_txt_promises_only_the_sections_the_pages_have() {
    let repo = documented(&[
        ("go.mod", "module example.com/uuid\n\ngo 1.21\n"),
        (
            "uuid.go",
            "// Package uuid makes UUIDs.\npackage uuid\n\n// UUID is an identifier.\ntype UUID [16]byte\n",
        ),
    ]);
    let llms = page_text(&repo, "llms.txt");
    assert!(
        llms.contains("- [Architecture](architecture.md): the files and how they are laid out\n"),
        "{llms}"
    );
    assert!(
        llms.contains(
            "- [Onboarding](onboarding.md): where to start reading, how to build and test"
        ),
        "{llms}"
    );
    assert!(
        !llms.contains("diagram") && !llms.contains("reading order"),
        "{llms}"
    );
    let architecture = page_text(&repo, "architecture.md");
    assert!(!architecture.contains("```mermaid"), "{architecture}");
    let onboarding = page_text(&repo, "onboarding.md");
    assert!(!onboarding.contains("## Reading order"), "{onboarding}");
}

/// itsdangerous's `test_url_safe.py`: its classes are built on `test_serializer.py`'s test
/// classes, so pytest runs those tests again for them, though the file writes none.
#[test]
fn a_python_test_file_of_inherited_test_classes_runs_their_tests() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"pkg\"\n"),
        ("src/pkg/__init__.py", "\"\"\"Signing.\"\"\"\n"),
        (
            "src/pkg/url_safe.py",
            "class URLSafeSerializer:\n    \"\"\"Serializes for URLs.\"\"\"\n",
        ),
        (
            "tests/test_serializer.py",
            "class TestSerializer:\n    def test_dumps(self):\n        pass\n\n    def test_loads(self):\n        pass\n",
        ),
        (
            "tests/test_url_safe.py",
            "from pkg.url_safe import URLSafeSerializer\nfrom test_serializer import TestSerializer\n\n\nclass TestURLSafeSerializer(TestSerializer):\n    def factory(self):\n        return URLSafeSerializer()\n",
        ),
    ]);
    let row = file_row(&repo, "modules/tests.md", "| [tests/test\\_url\\_safe.py]");
    assert!(
        row.contains("runs the tests its classes inherit from `TestSerializer`."),
        "{row}"
    );
    let tests = page_text(&repo, "modules/tests.md");
    assert!(tests.contains("At least 2 tests in 2 files."), "{tests}");
}

/// cachetools' cache tests are built on `CacheTestMixin`, which `tests/__init__.py` defines with
/// 16 tests: unittest runs them in every class built on it, so the suite holds 279 tests, not
/// "at least 167 in 12 files" (and `test_cache.py`, with none of its own, holds 16).
#[test]
fn python_tests_inherited_from_an_imported_mixin_are_counted() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"pkg\"\n"),
        ("src/pkg/__init__.py", "\"\"\"Caches.\"\"\"\n\n\nclass Cache:\n    pass\n"),
        (
            "tests/__init__.py",
            "class CacheTestMixin:\n    def test_size(self):\n        pass\n\n    def test_clear(self):\n        pass\n",
        ),
        (
            "tests/test_cache.py",
            "import unittest\n\nfrom pkg import Cache\n\nfrom . import CacheTestMixin\n\n\nclass CacheTest(unittest.TestCase, CacheTestMixin):\n    Cache = Cache\n",
        ),
        (
            "tests/test_fifo.py",
            "import unittest\n\nfrom pkg import Cache\n\nfrom . import CacheTestMixin\n\n\nclass FIFOCacheTest(unittest.TestCase, CacheTestMixin):\n    Cache = Cache\n\n    def test_fifo(self):\n        pass\n",
        ),
    ]);
    let tests = page_text(&repo, "modules/tests.md");
    assert!(tests.contains("5 tests in 2 files."), "{tests}");
    assert!(!tests.contains("At least"), "{tests}");
    let row = file_row(&repo, "modules/tests.md", "| [tests/test\\_cache.py]");
    assert!(row.contains("2 tests"), "{row}");
    let row = file_row(&repo, "modules/tests.md", "| [tests/test\\_fifo.py]");
    assert!(row.contains("3 tests"), "{row}");
}

/// itsdangerous's `TimedSigner.unsign` calls `super().unsign(…)` and `self.get_signature(…)`,
/// both `Signer`'s: calls from the other file reach them.
#[test]
fn calls_through_super_and_inherited_methods_reach_the_base_class() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"pkg\"\n"),
        ("pkg/__init__.py", "\"\"\"Signing.\"\"\"\n"),
        (
            "pkg/signer.py",
            "class Signer:\n    def get_signature(self, value):\n        return value\n\n    def unsign(self, value):\n        return value\n\n    def helper(self):\n        pass\n",
        ),
        (
            "pkg/timed.py",
            "from .signer import Signer\n\n\nclass TimedSigner(Signer):\n    def unsign(self, value):\n        sig = self.get_signature(value)\n        return super().unsign(sig)\n",
        ),
    ]);
    let row = file_row(&repo, "modules/pkg.md", "| [pkg/signer.py]");
    assert!(row.contains("[`Signer.unsign`]("), "{row}");
    assert!(row.contains("[`Signer.get_signature`]("), "{row}");
    assert!(row.contains("(from [`TimedSigner.unsign`]("), "{row}");
}

/// envconfig's README opens on "See [godoc](…)" above a 231-line guide: no sentence says what
/// it is, so its sections do, and the link is no description.
#[test]
fn a_readme_without_a_description_is_said_by_its_sections() {
    let repo = documented(&[
        ("go.mod", "module example.com/envconfig\n\ngo 1.21\n"),
        (
            "envconfig.go",
            "// Package envconfig reads the environment.\npackage envconfig\n\n// Process fills a struct.\nfunc Process() {}\n",
        ),
        (
            "README.md",
            "# envconfig\n\n## Documentation\n\nSee [godoc](http://godoc.org/x)\n\n## Usage\n\nSet some environment variables:\n\n```Bash\nexport MYAPP_DEBUG=false\n```\n\n## Struct Tag Support\n\n## Custom Decoders\n",
        ),
    ]);
    let row = file_row(&repo, "modules/root.md", "- [README.md]");
    assert!(
        row.ends_with(": In 4 sections: Documentation, Usage, Struct Tag Support and 1 more."),
        "{row}"
    );
    assert!(!row.contains("godoc"), "{row}");
}

/// multer's `lib/` holds helpers of the package whose entry is the root's `index.js`: the
/// package's description is not `lib/`'s.
#[test]
fn a_lib_folder_beside_the_package_entry_is_not_the_package() {
    let repo = documented(&[
        (
            "package.json",
            "{\"name\": \"multer\", \"description\": \"Middleware for handling multipart/form-data.\"}\n",
        ),
        (
            "index.js",
            "var makeMiddleware = require('./lib/make-middleware')\nvar counter = require('./lib/counter')\nvar MulterError = require('./lib/multer-error')\n\nfunction multer (options) {\n  return makeMiddleware(counter(options))\n}\n\nmodule.exports = multer\nmodule.exports.MulterError = MulterError\n",
        ),
        (
            "lib/make-middleware.js",
            "function makeMiddleware (setup) {\n  return function (req, res, next) { next(setup) }\n}\n\nmodule.exports = makeMiddleware\n",
        ),
        (
            "lib/counter.js",
            "function counter (options) {\n  return options\n}\n\nmodule.exports = counter\n",
        ),
        (
            "lib/multer-error.js",
            "function MulterError (code) {\n  this.code = code\n}\n\nmodule.exports = MulterError\n",
        ),
        (
            "test/basic.js",
            "var multer = require('../')\nvar assert = require('assert')\n\nit('works', function () { assert(multer) })\n",
        ),
    ]);
    let index = page_text(&repo, "index.md");
    let row = index
        .lines()
        .find(|line| line.starts_with("| [`lib`]"))
        .unwrap_or_else(|| panic!("{index}"));
    assert!(!row.contains("Middleware for handling"), "{row}");
    assert!(!row.contains("The code of the package"), "{row}");
    // What the entry passes on from `lib/` one name at a time is said.
    let lib = page_text(&repo, "modules/lib.md");
    assert!(
        lib.contains("users get `MulterError` from this module's files: its entry [index.js](../../../index.js) passes it on"),
        "{lib}"
    );
    assert!(!lib.contains("passes on none"), "{lib}");
}

/// kleur's `bench/load.js` requires `chalk` beside the package it measures: the packages a
/// benchmark imports from outside the tree stay in the maps pages are written from, so its row
/// names them; a script there that times nothing is not called a benchmark.
#[test]
fn a_benchmark_row_names_the_packages_it_imports() {
    let repo = documented(&[
        (
            "package.json",
            "{\"name\": \"kleur\", \"main\": \"index.js\"}\n",
        ),
        ("index.js", "module.exports = { red: (s) => s };\n"),
        (
            "bench/package.json",
            "{\"private\": true, \"devDependencies\": {\"chalk\": \"4.0.0\"}}\n",
        ),
        (
            "bench/load.js",
            "console.time('chalk');\nconst chalk = require('chalk');\nconsole.timeEnd('chalk');\n",
        ),
        (
            "bench/dryrun.js",
            "const chalk = require('chalk');\nconsole.log(chalk.red('x'));\n",
        ),
    ]);
    let load = file_row(&repo, "modules/bench.md", "| [bench/load.js]");
    assert!(
        load.contains("| A benchmark that uses `chalk`. |"),
        "{load}"
    );
    let dryrun = file_row(&repo, "modules/bench.md", "| [bench/dryrun.js]");
    assert!(
        dryrun.contains("| A script beside the benchmarks that uses `chalk`."),
        "{dryrun}"
    );
}

/// godotenv's `cmd/godotenv/cmd.go` was "Defines the function `main`." on five pages and in
/// llms.txt: a program is said by the flags it reads and what its `main` calls of the project.
#[test]
fn a_command_is_said_by_its_flags_and_what_main_calls() {
    let repo = documented(&[
        ("go.mod", "module github.com/joho/godotenv\n\ngo 1.13\n"),
        (
            "godotenv.go",
            "// Package godotenv loads env vars from a .env file.\npackage godotenv\n\n// Exec loads the files and runs cmd.\nfunc Exec(files []string, cmd string) error {\n\treturn nil\n}\n",
        ),
        (
            "cmd/godotenv/cmd.go",
            "package main\n\nimport (\n\t\"flag\"\n\n\t\"github.com/joho/godotenv\"\n)\n\nfunc main() {\n\tvar showHelp bool\n\tflag.BoolVar(&showHelp, \"h\", false, \"show help\")\n\tvar raw string\n\tflag.StringVar(&raw, \"f\", \"\", \"comma separated paths to .env files\")\n\tflag.Parse()\n\t_ = godotenv.Exec(nil, raw)\n}\n",
        ),
    ]);
    let expected = "A command line with the flags `-h` (show help) and `-f` (comma separated paths to .env files); `main` calls [`godotenv.Exec`]";
    let row = file_row(&repo, "modules/cmd/godotenv.md", "| [cmd/godotenv/cmd.go]");
    assert!(row.contains(expected), "{row}");
    let llms = page_text(&repo, "llms.txt");
    assert!(
        llms.contains(
            "- [cmd/godotenv](modules/cmd/godotenv.md): A command line with the flags `-h` (show help) and `-f` (comma separated paths to .env files); `main` calls `godotenv.Exec`."
        ),
        "{llms}"
    );
}

/// godotenv's eight `fixtures/*.env` were a row each on the root page and a line each in
/// llms.txt, all "Test data, under `fixtures/`. Used by [godotenv\_test.go]." (and
/// `comments.env`'s first comment read as a title): one row and one line say it.
#[test]
fn test_data_said_alike_is_one_row_and_one_line() {
    let mut files: Vec<(String, String)> = vec![
        (
            "go.mod".into(),
            "module github.com/joho/godotenv\n\ngo 1.13\n".into(),
        ),
        (
            "godotenv.go".into(),
            "// Package godotenv loads env files.\npackage godotenv\n\n// Load loads.\nfunc Load(name string) error { return nil }\n".into(),
        ),
        (
            "fixtures/comments.env".into(),
            "# Full line comment\nqux=thud # fred # other\n".into(),
        ),
    ];
    let mut test = String::from(
        "package godotenv\n\nimport \"testing\"\n\nfunc TestLoad(t *testing.T) {\n\tLoad(\"fixtures/comments.env\")\n",
    );
    for name in ["equals", "exported", "plain", "quoted"] {
        files.push((format!("fixtures/{name}.env"), "A=1\n".into()));
        test.push_str(&format!("\tLoad(\"fixtures/{name}.env\")\n"));
    }
    test.push_str("}\n");
    files.push(("godotenv_test.go".into(), test));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let repo = documented(&borrowed);
    let row = file_row(&repo, "modules/root.md", "| `fixtures/`");
    assert!(
        row.contains("5 files (`comments.env`, `equals.env` and 3 more), each: Test data, under `fixtures/`. Used by [godotenv\\_test.go]("),
        "{row}"
    );
    let llms = page_text(&repo, "llms.txt");
    assert!(
        llms.contains("- [fixtures/](../../fixtures/): 5 files (`comments.env`, `equals.env` and 3 more), each: Test data, under `fixtures/`. Used by `godotenv_test.go`."),
        "{llms}"
    );
    assert!(!llms.contains("fixtures/plain.env"), "{llms}");
}

/// camelcase's `index.d.ts` declares `index.js`'s default export as `camelcase` and adds the
/// type `Options`: both are the package's (`exports.types`), not "also exported by its files,
/// though index.js does not export them".
#[test]
fn an_entrys_declaration_file_adds_its_types_to_the_package_api() {
    let repo = documented(&[
        (
            "package.json",
            "{\"name\": \"camelcase\", \"type\": \"module\", \"exports\": {\"types\": \"./index.d.ts\", \"default\": \"./index.js\"}}\n",
        ),
        (
            "index.js",
            "export default function camelCase(input, options) {\n\treturn input;\n}\n",
        ),
        (
            "index.d.ts",
            "export type Options = {\n\treadonly pascalCase?: boolean;\n};\n\nexport default function camelcase(input: string, options?: Options): string;\n",
        ),
        (
            "test.js",
            "import camelCase from './index.js';\n\ncamelCase('foo-bar');\n",
        ),
    ]);
    let page = page_text(&repo, "modules/root.md");
    assert!(
        page.contains("exports `camelCase` (its default export); its declaration file, [index.d.ts](../../../index.d.ts), adds `Options`."),
        "{page}"
    );
    assert!(!page.contains("does not export them"), "{page}");
}

/// platformdirs' `tests/test_api.py` imports the package (`import platformdirs`), never
/// `api.py`: it tests the package's functions, not that file.
#[test]
fn a_python_test_named_after_a_file_it_never_reaches_does_not_test_it() {
    let repo = documented(&[
        ("pyproject.toml", "[project]\nname = \"platformdirs\"\n"),
        (
            "src/platformdirs/__init__.py",
            "\"\"\"Platform directories.\"\"\"\n\n\ndef user_data_dir():\n    return \"~\"\n",
        ),
        (
            "src/platformdirs/api.py",
            "\"\"\"Base API.\"\"\"\n\n\nclass PlatformDirsABC:\n    pass\n",
        ),
        (
            "tests/test_api.py",
            "import platformdirs\n\n\ndef test_user_data_dir():\n    assert platformdirs.user_data_dir()\n",
        ),
    ]);
    let row = file_row(&repo, "modules/tests.md", "| [tests/test\\_api.py]");
    assert!(!row.contains("platformdirs/api.py"), "{row}");
}
