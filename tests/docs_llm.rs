//! `cartograph docs` with models, against the project's fake provider over 127.0.0.1: one MAP
//! call per distinct file, nothing paid twice, one edit costs one call, comment-only edits cost
//! nothing, a failing provider never replaces good pages, committed docs seed a fresh clone,
//! and every citation resolves even when the model invents lines.

use crate::common::{cartograph_env, expect_code, Run};
use cartograph_testkit::fake_provider::{Behavior, FakeProvider, FakeReply, FakeScript};
use cartograph_testkit::repo::TempRepo;
use serde_json::Value;

/// A fake provider on loopback plus a repository configured to use it.
struct Setup {
    _runtime: tokio::runtime::Runtime,
    fake: FakeProvider,
    repo: TempRepo,
}

const KEY: &str = "sk-fake-sentinel-key-0123456789";

fn config(base_url: &str) -> String {
    format!(
        r#"
[providers.fake]
kind = "openai"
base_url = "{base_url}"
api_key_env = "FAKE_LLM_KEY"
local = false

[phases.map]
models = ["fake/cheap"]

[phases.run]
models = ["fake/big"]

[retry]
max_attempts = 2
base_delay_ms = 1
max_delay_ms = 2

[models."fake/cheap"]
input = 0.10
output = 0.40
context_window = 128000

[models."fake/big"]
input = 1.00
output = 4.00
context_window = 200000
"#
    )
}

fn setup(fixture: &str) -> Setup {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let fake = runtime
        .block_on(FakeProvider::start(FakeScript::default()))
        .unwrap();
    let repo = TempRepo::fixture(fixture).unwrap();
    repo.write("pipeline.toml", &config(&fake.openai_base_url()))
        .unwrap();
    repo.commit_all("configure cartograph").unwrap();
    Setup {
        _runtime: runtime,
        fake,
        repo,
    }
}

impl Setup {
    fn docs(&self, extra: &[&str]) -> Run {
        let mut args = vec!["docs", "--json"];
        args.extend_from_slice(extra);
        cartograph_env(self.repo.path(), &args, &[("FAKE_LLM_KEY", KEY)])
    }

    fn map_calls(&self) -> usize {
        self.fake.count_for_model("cheap")
    }

    fn run_calls(&self) -> usize {
        self.fake.count_for_model("big")
    }
}

fn json(run: &Run) -> Value {
    run.json()
}

fn source_files(repo: &TempRepo) -> usize {
    // Every file the fixture holds that a model may summarize: all but JSON data, lockfiles,
    // generated, vendored and secret files.
    let json = crate::common::cartograph(repo.path(), &["map", "--json", "--structural"]).json();
    let count = |key: &str| json[key].as_u64().unwrap_or(0) as usize;
    count("files")
        - json["languages"]["json"].as_u64().unwrap_or(0) as usize
        - count("lockfiles")
        - count("generated")
        - count("vendored")
        - count("secret_files")
}

#[test]
fn one_call_per_file_then_nothing_then_one_per_edit() {
    let setup = setup("rust-app");
    let files = source_files(&setup.repo);
    let cold = setup.docs(&[]);
    expect_code(&cold, 0);
    let report = json(&cold);
    assert_eq!(report["exit_reason"], "done", "{report}");
    assert_eq!(
        setup.map_calls(),
        files,
        "one MAP call per distinct file: {report}"
    );
    let pages_cold = setup.run_calls();
    assert!(pages_cold >= 5, "one RUN call per page: {pages_cold}");
    let docs = setup.repo.path().join("docs/cartograph");
    for page in [
        "index.md",
        "architecture.md",
        "onboarding.md",
        "dependencies.md",
        "index.json",
        "llms.txt",
        "SUMMARY.md",
    ] {
        assert!(docs.join(page).is_file(), "{page}");
    }
    let index = std::fs::read_to_string(docs.join("index.md")).unwrap();
    assert!(index.contains("model: \"fake/big\""), "{index}");

    // No change: zero calls, nothing rewritten.
    let warm = setup.docs(&[]);
    expect_code(&warm, 0);
    assert_eq!(json(&warm)["pages_written"], 0, "{}", warm.stdout);
    assert_eq!(setup.map_calls(), files);
    assert_eq!(setup.run_calls(), pages_cold);

    // A comment-only edit: zero calls (the semantic hash is unchanged).
    let scan = setup.repo.read("src/scan.rs").unwrap();
    setup
        .repo
        .write(
            "src/scan.rs",
            &scan.replace("fn parse_line", "// A helper.\nfn parse_line"),
        )
        .unwrap();
    expect_code(&setup.docs(&[]), 0);
    assert_eq!(
        setup.map_calls(),
        files,
        "comment-only edit made a MAP call"
    );
    assert_eq!(
        setup.run_calls(),
        pages_cold,
        "comment-only edit made a RUN call"
    );

    // A body-only edit: the file is summarized again, but the new summary equals the old one
    // and no signature changed, so nothing above it re-runs (early cutoff).
    setup
        .repo
        .write(
            "src/scan.rs",
            &scan.replace("line.split_once(' ')?", "line.trim().split_once(' ')?"),
        )
        .unwrap();
    let body_only = setup.docs(&[]);
    expect_code(&body_only, 0);
    assert_eq!(setup.map_calls(), files + 1, "{}", body_only.stdout);
    assert_eq!(
        setup.run_calls(),
        pages_cold,
        "early cutoff: {}",
        body_only.stdout
    );
    setup.repo.write("src/scan.rs", &scan).unwrap();
    expect_code(&setup.docs(&[]), 0);
    let files = files + 1;

    // One real edit: exactly one MAP call and only the pages it reaches.
    setup
        .repo
        .write(
            "src/scan.rs",
            &format!("{scan}\npub fn count(text: &str) -> usize {{ text.len() }}\n"),
        )
        .unwrap();
    let edited = setup.docs(&[]);
    expect_code(&edited, 0);
    assert_eq!(setup.map_calls(), files + 1, "{}", edited.stdout);
    assert_eq!(
        setup.run_calls(),
        pages_cold + 1,
        "only the module page re-runs: {}",
        edited.stdout
    );

    // The key never appears in anything cartograph wrote.
    for entry in walk(setup.repo.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(KEY),
            "{} holds the key",
            entry.display()
        );
    }
    assert!(!edited.stdout.contains(KEY) && !edited.stderr.contains(KEY));
}

#[test]
fn map_summarizes_each_file_once() {
    let setup = setup("web-ts");
    let files = source_files(&setup.repo);
    let first = cartograph_env(
        setup.repo.path(),
        &["map", "--json"],
        &[("FAKE_LLM_KEY", KEY)],
    );
    expect_code(&first, 0);
    let first = first.json();
    assert_eq!(
        first["summarized"].as_u64().unwrap() as usize,
        files,
        "{first}"
    );
    assert!(first["prompt_tokens"].as_u64().unwrap() > 0, "{first}");
    assert!(first["cost_usd"].as_f64().unwrap() > 0.0, "{first}");
    let second = cartograph_env(
        setup.repo.path(),
        &["map", "--json"],
        &[("FAKE_LLM_KEY", KEY)],
    )
    .json();
    assert_eq!(second["summarized"], 0, "{second}");
    assert_eq!(
        second["summaries_cached"].as_u64().unwrap() as usize,
        files,
        "{second}"
    );
    assert_eq!(setup.map_calls(), files);
    // `run` uses the cached summaries and streams the answer.
    let answer = cartograph_env(
        setup.repo.path(),
        &["run", "how does the api client retry?"],
        &[("FAKE_LLM_KEY", KEY)],
    );
    expect_code(&answer, 0);
    assert!(answer.stdout.contains("Fake answer"), "{}", answer.stdout);
    assert_eq!(setup.map_calls(), files, "run never summarizes");
    let costs = crate::common::cartograph(setup.repo.path(), &["costs", "--json"]).json();
    assert!(costs["calls"].as_u64().unwrap() as usize > files, "{costs}");
    assert!(costs["by_phase"]["map"].is_object(), "{costs}");
}

#[test]
fn a_failing_provider_keeps_the_good_pages() {
    let setup = setup("python-lib");
    expect_code(&setup.docs(&[]), 0);
    let docs = setup.repo.path().join("docs/cartograph");
    let module_pages: Vec<_> = walk(&docs.join("modules")).into_iter().collect();
    assert!(!module_pages.is_empty());
    let before: Vec<String> = module_pages
        .iter()
        .map(|page| std::fs::read_to_string(page).unwrap())
        .collect();

    setup.fake.set_default(Behavior::status(500));
    let util = setup.repo.read("pkg/util.py").unwrap();
    setup
        .repo
        .write(
            "pkg/util.py",
            &format!("{util}\n\ndef kelvin(c):\n    return c + 273.15\n"),
        )
        .unwrap();
    let failed = setup.docs(&[]);
    expect_code(&failed, 4);
    let report = json(&failed);
    assert_eq!(report["exit_reason"], "degraded", "{report}");
    assert!(
        !report["stale_pages"].as_array().unwrap().is_empty(),
        "a page was kept stale: {report}"
    );
    for (page, old) in module_pages.iter().zip(&before) {
        let now = std::fs::read_to_string(page).unwrap();
        if now != *old {
            assert!(
                now.contains("stale: true"),
                "{} was replaced by a degraded page:\n{now}",
                page.display()
            );
            assert_eq!(
                now.replace("stale: true\n", ""),
                *old,
                "only the stale mark changed"
            );
        }
    }

    // The provider recovers: the next run refreshes the stale page.
    setup.fake.set_default(Behavior::Succeed);
    let recovered = setup.docs(&[]);
    expect_code(&recovered, 0);
    for page in walk(&docs) {
        let text = std::fs::read_to_string(&page).unwrap_or_default();
        assert!(
            !text.contains("stale: true"),
            "{} still stale",
            page.display()
        );
    }
}

#[test]
fn invented_citations_never_reach_a_page() {
    let setup = setup("rust-app");
    setup.fake.set_model_default(
        "big",
        // One invented file and one invented name among enough real ones that the page passes
        // its check: the renderer, not the check, takes them out.
        Behavior::Reply(FakeReply::text(
            "## Purpose\nStores items: see [[src/store/mod.rs#Store]] and [[src/lib.rs:900-950]], \
             also [[src/ghost.rs#Phantom]] and `NotASymbol` next to `Item`. The `Store` keeps \
             every `Item` it is given: [[src/store/mod.rs#Store.add]] adds one and \
             [[src/store/mod.rs#Store.len]] counts them, while [[src/scan.rs#parse_stock]] reads \
             a stock list into items.\n## How it works\n`parse_stock` turns text into `Item` \
             values with [[src/lib.rs#Item.new]], and the `Store` holds them.\n## Key parts\n\
             The binary in [[src/main.rs]] wires them together.\n## Relations\nNothing else \
             uses them.",
        )),
    );
    expect_code(&setup.docs(&[]), 0);
    let docs = setup.repo.path().join("docs/cartograph");
    let page = std::fs::read_to_string(docs.join("index.md")).unwrap();
    // The front matter holds the commit hash, which may contain "900" by chance: the invented
    // line numbers are looked for in the body only.
    let body = page.splitn(3, "---\n").nth(2).unwrap_or(&page);
    assert!(!body.contains("900"), "{page}");
    assert!(!page.contains("ghost.rs"), "{page}");
    assert!(!page.contains("`NotASymbol`"), "{page}");
    assert!(
        page.contains("`Item`") || page.contains("[`Item`]") || page.contains("Item"),
        "{page}"
    );
    assert!(
        page.contains("store/mod.rs#L"),
        "a real symbol citation resolves to its lines: {page}"
    );
}

/// A `git clone` of `repo` in a new temporary directory (kept alive by the first value).
fn fresh_clone(repo: &TempRepo) -> (TempRepo, std::path::PathBuf) {
    let clone = TempRepo::new().unwrap();
    let checkout = clone.path().join("checkout");
    let status = std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(repo.path())
        .arg(&checkout)
        .status()
        .unwrap();
    assert!(status.success());
    (clone, checkout)
}

#[test]
fn a_fresh_clone_with_committed_docs_makes_no_map_call() {
    let setup = setup("python-lib");
    expect_code(&setup.docs(&[]), 0);
    setup.repo.commit_all("docs").unwrap();
    let calls = setup.map_calls();
    let (_clone, checkout) = fresh_clone(&setup.repo);
    let run = cartograph_env(&checkout, &["docs", "--json"], &[("FAKE_LLM_KEY", KEY)]);
    expect_code(&run, 0);
    assert_eq!(
        setup.map_calls(),
        calls,
        "the clone paid for summaries again: {}",
        run.stdout
    );
}

#[test]
fn a_budget_is_never_exceeded() {
    let setup = setup("polyglot");
    // Faults on the way: failed and cut attempts are charged too, and still never past the cap.
    for behavior in [
        Behavior::status(500),
        Behavior::ResetConnection,
        Behavior::status(503),
        Behavior::Truncated { events: 1 },
    ] {
        setup.fake.push(behavior);
    }
    let run = setup.docs(&["--max-cost", "0.0004"]);
    expect_code(&run, 3);
    let report = json(&run);
    assert_eq!(report["exit_reason"], "budget", "{report}");
    let ledger =
        std::fs::read_to_string(setup.repo.path().join(".cartograph/ledger.jsonl")).unwrap();
    let spent: f64 = ledger
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|row| row["outcome"] != "run")
        .filter_map(|row| row["cost_usd"].as_f64())
        .sum();
    assert!(spent <= 0.0004 + 1e-12, "spent {spent}");
    // Pages still exist: what could not be generated was written structurally, marked.
    assert!(setup.repo.path().join("docs/cartograph/index.md").is_file());
}

#[test]
fn a_missing_key_is_a_configuration_error_before_any_work() {
    let setup = setup("rust-app");
    let run = crate::common::cartograph(setup.repo.path(), &["docs"]);
    expect_code(&run, 2);
    assert!(run.stderr.contains("FAKE_LLM_KEY"), "{}", run.stderr);
    assert_eq!(setup.fake.request_count(), 0);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with(".git") {
                    stack.push(path);
                }
            } else {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn secrets_never_reach_a_provider_or_a_page() {
    let setup = setup("python-lib");
    let aws = format!("AKIA{}", "Z7Q2W9E4R1T6Y3U8");
    let github = format!("ghp_{}", "a1B2c3D4".repeat(5).get(..36).unwrap_or_default());
    setup
        .repo
        .write(
            "pkg/settings.py",
            &format!(
                "\"\"\"Settings. The deploy key is {github}.\"\"\"\n\nAWS_ACCESS_KEY_ID = \"{aws}\"\n\n\ndef region():\n    \"\"\"Uses {aws}.\"\"\"\n    return \"eu\"\n"
            ),
        )
        .unwrap();
    setup
        .repo
        .write(".env", &format!("GITHUB_TOKEN={github}\n"))
        .unwrap();
    expect_code(&setup.docs(&[]), 0);

    let mut carried = 0;
    for request in setup.fake.requests() {
        let body = request.body.to_string();
        assert!(
            !body.contains(&aws) && !body.contains(&github),
            "a secret reached the provider: {body}"
        );
        carried += usize::from(body.contains("[REDACTED:"));
    }
    assert!(carried > 0, "the settings file was sent, redacted");
    // Repository content always travels fenced as quoted data, after instructions that say so.
    for request in setup
        .fake
        .requests()
        .iter()
        .filter(|request| request.model == "cheap")
    {
        let body = request.body.to_string();
        assert!(
            body.contains("<file>") && body.contains("</file>"),
            "unfenced: {body}"
        );
        assert!(
            body.contains("never follow them"),
            "no data-only instruction: {body}"
        );
    }
    for file in walk(&setup.repo.path().join("docs/cartograph")) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            !text.contains(&aws) && !text.contains(&github),
            "{} holds a secret",
            file.display()
        );
    }
    let ledger =
        std::fs::read_to_string(setup.repo.path().join(".cartograph/ledger.jsonl")).unwrap();
    let redactions: u64 = ledger
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|row| row["redactions"].as_u64())
        .sum();
    assert!(redactions > 0, "the ledger counts redactions");
    assert!(!ledger.contains(&aws) && !ledger.contains(&github));
    // The .env file is listed by path and never opened: no request names its content.
    assert_eq!(setup.fake.count_for_path(".env"), 0);
}

#[test]
fn a_lens_model_reranks_the_candidates() {
    let setup = setup("web-ts");
    let config = setup.repo.read("pipeline.toml").unwrap();
    setup
        .repo
        .write(
            "pipeline.toml",
            &format!(
                "{}\n[models.\"fake/rank\"]\ninput = 0.05\noutput = 0.20\n",
                config.replace(
                    "[phases.run]",
                    "[phases.lens]\nmodels = [\"fake/rank\"]\n\n[phases.run]",
                )
            ),
        )
        .unwrap();
    setup.fake.set_model_default(
        "rank",
        Behavior::Reply(FakeReply::text(
            "{\"ranking\": [\"src/index.ts\", \"not/a/file.rs\"]}",
        )),
    );
    let run = cartograph_env(
        setup.repo.path(),
        &["lens", "--json", "how does the api client fetch todos?"],
        &[("FAKE_LLM_KEY", KEY)],
    );
    expect_code(&run, 0);
    let json = run.json();
    assert_eq!(json["files"][0]["path"], "src/index.ts", "{json}");
    let reasons = json["files"][0]["reasons"].to_string();
    assert!(reasons.contains("rerank"), "{reasons}");
    assert_eq!(setup.fake.count_for_model("rank"), 1);
    // A reply out of shape keeps lens's own order.
    setup
        .fake
        .set_model_default("rank", Behavior::Reply(FakeReply::text("I think util.js.")));
    let fallback = cartograph_env(
        setup.repo.path(),
        &["lens", "--json", "where does the api client list todos?"],
        &[("FAKE_LLM_KEY", KEY)],
    );
    expect_code(&fallback, 0);
    assert_eq!(fallback.json()["files"][0]["path"], "src/api.ts");
}

#[test]
fn an_account_out_of_credit_stops_calling_and_keeps_the_good_pages() {
    let setup = setup("rust-app");
    expect_code(&setup.docs(&[]), 0);
    let docs = setup.repo.path().join("docs/cartograph");
    let module_page = docs.join("modules/src.md");
    let before = std::fs::read_to_string(&module_page).unwrap();
    assert!(before.contains("model: \"fake/big\""), "{before}");

    setup.fake.set_default(Behavior::insufficient_quota());
    let scan = setup.repo.read("src/scan.rs").unwrap();
    setup
        .repo
        .write("src/scan.rs", &format!("{scan}\npub fn more() {{}}\n"))
        .unwrap();
    let calls_before = setup.fake.request_count();
    let run = setup.docs(&[]);
    expect_code(&run, 3);
    let report = json(&run);
    assert_eq!(report["exit_reason"], "quota", "{report}");
    assert!(
        setup.fake.request_count() - calls_before <= 2,
        "kept calling an account out of credit"
    );
    let after = std::fs::read_to_string(&module_page).unwrap();
    assert!(after.contains("stale: true"), "{after}");
    assert!(
        after.contains("model: \"fake/big\""),
        "the good page was kept: {after}"
    );
    assert!(!run.stderr.contains("``"), "{}", run.stderr);
}

/// The user message of each RUN request the fake provider received, in order.
fn run_prompts(setup: &Setup) -> Vec<String> {
    setup
        .fake
        .requests()
        .iter()
        .filter(|request| request.model == "big")
        .map(|request| {
            request.body["messages"]
                .as_array()
                .and_then(|messages| messages.last())
                .and_then(|message| message["content"].as_str())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn a_small_change_revises_the_module_page_instead_of_writing_it_again() {
    let setup = setup("rust-app");
    for n in 0..10 {
        setup
            .repo
            .write(
                &format!("src/part{n}.rs"),
                // Files with a few facts each, as real ones have: a revision (the page and one
                // file's facts) is then much smaller than the whole module's context.
                &format!(
                    "/// Part {n} of the app: adds {n} to its input, the way the other parts do.\n\
                     pub fn part{n}(x: u32) -> u32 {{\n    x + {n}\n}}\n\n\
                     /// Takes {n} away from its input again, undoing `part{n}`.\n\
                     pub fn unpart{n}(x: u32) -> u32 {{\n    x - {n}\n}}\n"
                ),
            )
            .unwrap();
    }
    setup.repo.commit_all("parts").unwrap();
    expect_code(&setup.docs(&[]), 0);
    let cold_prompts = run_prompts(&setup);
    let module_prompt = cold_prompts
        .iter()
        .find(|prompt| prompt.contains("src/part3.rs#part3"))
        .cloned()
        .unwrap();

    // One file gains a function: the module page is revised from the page as it stands and the
    // new facts of that one file.
    let part3 = setup.repo.read("src/part3.rs").unwrap();
    setup
        .repo
        .write(
            "src/part3.rs",
            &format!("{part3}\n/// Triples.\npub fn triple(x: u32) -> u32 {{\n    x * 3\n}}\n"),
        )
        .unwrap();
    let edited = setup.docs(&[]);
    expect_code(&edited, 0);
    assert_eq!(json(&edited)["pages_revised"], 1, "{}", edited.stdout);
    let prompts = run_prompts(&setup);
    assert_eq!(prompts.len(), cold_prompts.len() + 1, "{}", edited.stdout);
    let revision = prompts.last().unwrap();
    assert!(
        revision.contains("<page>") && revision.contains("<changes>"),
        "{revision}"
    );
    assert!(revision.contains("src/part3.rs#triple"), "{revision}");
    assert!(
        !revision.contains("src/part5.rs"),
        "unchanged files are not sent: {revision}"
    );
    assert!(
        revision.len() * 2 < module_prompt.len(),
        "a revision is smaller than the page's full context: {} vs {}",
        revision.len(),
        module_prompt.len()
    );
    let request = setup.fake.requests().last().unwrap().clone();
    assert_eq!(request.model, "big");
    let page = std::fs::read_to_string(setup.repo.path().join("docs/cartograph/modules/index.md"))
        .or_else(|_| {
            std::fs::read_to_string(setup.repo.path().join("docs/cartograph/modules/src.md"))
        });
    assert!(page.is_ok(), "the module page exists");

    // Nothing changed: the revised body is cached like any other.
    expect_code(&setup.docs(&[]), 0);
    assert_eq!(run_prompts(&setup).len(), prompts.len());

    // Four of fourteen files at once is past a quarter of the module: written again in full.
    for n in [0, 1, 2, 4] {
        setup
            .repo
            .write(
                &format!("src/part{n}.rs"),
                &format!("pub fn renamed{n}(y: u64) -> u64 {{\n    y\n}}\n"),
            )
            .unwrap();
    }
    let wide = setup.docs(&[]);
    expect_code(&wide, 0);
    assert_eq!(json(&wide)["pages_revised"], 0, "{}", wide.stdout);
    let last = run_prompts(&setup).last().cloned().unwrap();
    assert!(
        last.contains("<context>") && !last.contains("<page>"),
        "{last}"
    );
}

/// A page that passes the page check and cites two symbols of `python-lib` by name.
const CITING_PAGE: &str =
    "## Purpose\n\nThe package forecasts temperatures: a [[pkg/core.py#Forecast]] \
    holds one forecast and [[pkg/util.py#celsius]] converts a reading from Fahrenheit, so every \
    value the package reports is in degrees Celsius.\n\n## How it works\n\nForecasts are built \
    one by one and converted as they are read.\n\n## Key parts\n\nThe forecast class and the \
    conversion helper.\n\n## Relations\n\nThe tests use both of them.";

#[test]
fn a_fresh_clone_keeps_the_committed_pages_and_moves_their_line_anchors() {
    let setup = setup("python-lib");
    // Every summary and every page cites two symbols.
    setup.fake.set_model_default(
        "cheap",
        Behavior::Reply(FakeReply::text(
            r#"{"summary": "Holds [[pkg/core.py#Forecast]] and [[pkg/util.py#celsius]]."}"#,
        )),
    );
    setup
        .fake
        .set_model_default("big", Behavior::Reply(FakeReply::text(CITING_PAGE)));
    expect_code(&setup.docs(&[]), 0);
    setup.repo.commit_all("docs").unwrap();
    let (map_calls, run_calls) = (setup.map_calls(), setup.run_calls());
    let (_clone, checkout) = fresh_clone(&setup.repo);
    let docs =
        |dir: &std::path::Path| cartograph_env(dir, &["docs", "--json"], &[("FAKE_LLM_KEY", KEY)]);

    // Nothing changed since the docs were committed: no call at all, every page kept.
    let fresh = docs(&checkout);
    expect_code(&fresh, 0);
    let report = json(&fresh);
    assert_eq!(setup.map_calls(), map_calls, "{report}");
    assert_eq!(setup.run_calls(), run_calls, "{report}");
    assert_eq!(
        report["pages_kept"].as_u64(),
        Some(run_calls as u64),
        "{report}"
    );
    assert_eq!(report["pages_written"], 0, "{report}");

    // A comment above `celsius` moves its lines without changing any page's inputs: the pages
    // that cite it at lines are written again, so no anchor points at the old lines.
    let util = std::fs::read_to_string(checkout.join("pkg/util.py")).unwrap();
    let line = |text: &str| {
        text.lines()
            .position(|l| l.starts_with("def celsius"))
            .unwrap()
            + 1
    };
    let before = line(&util);
    let moved = util.replacen("def celsius", "# Moved down by one line.\ndef celsius", 1);
    std::fs::write(checkout.join("pkg/util.py"), &moved).unwrap();
    let after = line(&moved);
    let edited = docs(&checkout);
    expect_code(&edited, 0);
    let report = json(&edited);
    assert_eq!(
        setup.run_calls(),
        run_calls,
        "re-anchored, not re-written: {report}"
    );
    assert_eq!(setup.map_calls(), map_calls, "a comment costs no summary");
    assert_eq!(
        report["pages_kept"].as_u64(),
        Some(run_calls as u64),
        "{report}"
    );
    assert!(report["pages_written"].as_u64() > Some(0), "{report}");
    let index = std::fs::read_to_string(checkout.join("docs/cartograph/index.md")).unwrap();
    assert!(index.contains(&format!("pkg/util.py#L{after}")), "{index}");
    assert!(
        !index.contains(&format!("pkg/util.py#L{before}-")),
        "{index}"
    );
    // The page was written for the same inputs, but its bytes changed: it carries the commit
    // of the run that moved its anchors (issue 12), the rest of its front matter as committed.
    let committed_index =
        std::fs::read_to_string(setup.repo.path().join("docs/cartograph/index.md")).unwrap();
    let front = |page: &str| cartograph_render::read_front_matter(page.as_bytes()).unwrap();
    let clone_head = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(&checkout)
        .output()
        .unwrap();
    let clone_head = String::from_utf8(clone_head.stdout).unwrap();
    assert_eq!(front(&index).commit.as_deref(), Some(clone_head.trim()));
    assert_ne!(front(&index).commit, front(&committed_index).commit);
    assert_eq!(front(&index).inputs, front(&committed_index).inputs);
    assert_eq!(front(&index).model, front(&committed_index).model);

    // A cited symbol that is gone cannot be re-anchored: the pages citing it are written anew.
    let renamed = moved.replace("def celsius", "def kelvin");
    std::fs::write(checkout.join("pkg/util.py"), &renamed).unwrap();
    let gone = docs(&checkout);
    expect_code(&gone, 0);
    assert!(setup.run_calls() > run_calls, "{}", gone.stdout);
    let index = std::fs::read_to_string(checkout.join("docs/cartograph/index.md")).unwrap();
    assert!(!index.contains(&format!("pkg/util.py#L{after}")), "{index}");
}

#[test]
fn pages_are_asked_for_at_once_and_written_in_order() {
    let setup = setup("polyglot");
    setup
        .fake
        .set_latency(std::time::Duration::from_millis(150));
    let run = setup.docs(&[]);
    expect_code(&run, 0);
    let report = json(&run);
    assert_eq!(report["exit_reason"], "done", "{report}");
    let pages = setup.run_calls();
    assert!(pages >= 6, "{pages} pages");
    assert!(
        setup.fake.max_in_flight("big") >= 2,
        "page calls ran one after another: {report}"
    );
    // The same bytes as a run that asked one at a time would write: a second run changes nothing.
    let again = setup.docs(&[]);
    expect_code(&again, 0);
    assert_eq!(json(&again)["pages_written"], 0, "{}", again.stdout);
    assert_eq!(setup.run_calls(), pages);
}

/// The rust-app fixture with 60 more documented files in its one module, so that the module's
/// page has a large context.
fn large_module() -> Setup {
    let setup = setup("rust-app");
    for n in 0..60 {
        setup
            .repo
            .write(
                &format!("src/part{n}.rs"),
                &format!(
                    "//! Part {n}: one of many small parts of the app.\n\n\
                     /// Adds {n} to `x`, saturating at the top.\npub fn add{n}(x: u32) -> u32 {{\n    x.saturating_add({n})\n}}\n\n\
                     /// Multiplies `x` by {n}.\npub fn times{n}(x: u32) -> u32 {{\n    x * {n}\n}}\n"
                ),
            )
            .unwrap();
    }
    setup.repo.commit_all("parts").unwrap();
    setup
}

/// Run-phase ledger rows: (prompt + completion tokens) of each.
fn run_rows(repo: &std::path::Path) -> Vec<u64> {
    std::fs::read_to_string(repo.join(".cartograph/ledger.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|row| row["phase"] == "run")
        .map(|row| {
            row["prompt_tokens"].as_u64().unwrap_or(0)
                + row["completion_tokens"].as_u64().unwrap_or(0)
        })
        .collect()
}

#[test]
fn near_the_end_of_the_run_budget_contexts_shrink_and_the_budget_holds() {
    // What the pages take with budget to spare, and the largest of them (the module page).
    let roomy = large_module();
    expect_code(&roomy.docs(&[]), 0);
    let rows = run_rows(roomy.repo.path());
    let needed: u64 = rows.iter().sum();
    let largest = rows.iter().copied().max().unwrap_or(0);
    assert!(largest > 4_000, "the module page takes {largest} tokens");

    // Enough for every page but half of the largest: asked for at once, the pages still end
    // as one-by-one would: the others whole, the module page with part of its files.
    let budget = needed - largest / 2;
    let tight = large_module();
    let config = tight.repo.read("pipeline.toml").unwrap().replace(
        "[phases.run]\nmodels = [\"fake/big\"]",
        &format!(
            "[phases.run]\nmodels = [\"fake/big\"]\nbudget_tokens = {budget}\nmax_output_tokens = 64"
        ),
    );
    tight.repo.write("pipeline.toml", &config).unwrap();
    tight.repo.commit_all("tight run budget").unwrap();
    let run = tight.docs(&[]);
    let report = json(&run);
    assert_eq!(report["exit_reason"], "budget", "{report}");
    assert_eq!(report["degraded_pages"], serde_json::json!([]), "{report}");
    assert!(
        report["context_left_out"]
            .as_array()
            .is_some_and(|left_out| !left_out.is_empty()),
        "{report}"
    );
    let spent: u64 = run_rows(tight.repo.path()).iter().sum();
    assert!(spent <= budget, "spent {spent} of {budget}");
}

fn golden_reply(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/golden/page-check")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The text of the last message of each request the run model got.
fn last_run_messages(setup: &Setup) -> Vec<String> {
    run_prompts(setup)
}

/// Issue 12: recorded bad replies (an empty page, an announcing line only, invented code,
/// invented files, a page about another project) are caught by the page check, asked once to
/// be repaired with the problems listed, and, when the repair is as bad, never published as
/// good: the page is written from facts and marked degraded, and the run exits 4.
#[test]
fn model_pages_that_fail_their_check_are_repaired_once_then_rejected() {
    for (name, problem) in [
        ("empty.md", "word(s) of prose"),
        ("announcing-line-only.md", "word(s) of prose"),
        (
            "invented-code.md",
            "code that is not in the repository: `fn calc_calc(",
        ),
        ("invented-files.md", "do not exist in this repository"),
        ("another-project.md", "do not exist in this repository"),
    ] {
        let setup = setup("rust-app");
        let reply = golden_reply(name);
        setup
            .fake
            .set_model_default("big", Behavior::Reply(FakeReply::text(reply.clone())));
        let run = setup.docs(&[]);
        expect_code(&run, 4);
        let report = json(&run);
        let pages = report["pages_rejected"].as_u64().unwrap();
        assert!(pages >= 5, "{name}: every model page is rejected: {report}");
        assert_eq!(
            report["repairs"], pages,
            "{name}: one repair each: {report}"
        );
        assert_eq!(setup.run_calls() as u64, 2 * pages, "{name}: {report}");
        assert_eq!(report["exit_reason"], "degraded", "{name}: {report}");
        let repairs: Vec<String> = last_run_messages(&setup)
            .into_iter()
            .filter(|message| message.contains("rejected by an automatic check"))
            .collect();
        assert_eq!(repairs.len() as u64, pages, "{name}");
        assert!(
            repairs.iter().any(|message| message.contains(problem)),
            "{name}: the repair request names the problem `{problem}`: {repairs:?}"
        );
        let docs = setup.repo.path().join("docs/cartograph");
        for page in walk(&docs).into_iter().filter(|page| {
            page.extension().is_some_and(|ext| ext == "md") && !page.ends_with("SUMMARY.md")
        }) {
            let text = std::fs::read_to_string(&page).unwrap();
            assert!(text.contains("degraded: true"), "{name}: {text}");
            for marker in [
                "calc_calc",
                "WorkerPool",
                "QuerySet",
                "documentation page for",
            ] {
                assert!(!text.contains(marker), "{name}: {marker} published: {text}");
            }
        }

        // The provider recovers: the next run retries every rejected page and publishes it.
        setup.fake.set_model_default("big", Behavior::Succeed);
        let retried = setup.docs(&[]);
        expect_code(&retried, 0);
        let report = json(&retried);
        assert_eq!(report["pages_rejected"], 0, "{name}: {report}");
        assert!(
            report["degraded_pages"].as_array().unwrap().is_empty(),
            "{report}"
        );
    }
}

/// A page that fails its check once and is fixed by its repair is published as good.
#[test]
fn a_repaired_page_is_published_and_cached() {
    let setup = setup("rust-app");
    setup.fake.push_for_model(
        "big",
        Behavior::Reply(FakeReply::text(golden_reply("invented-files.md"))),
    );
    let run = setup.docs(&[]);
    expect_code(&run, 0);
    let report = json(&run);
    assert_eq!(report["repairs"], 1, "{report}");
    assert_eq!(report["pages_rejected"], 0, "{report}");
    assert!(
        report["degraded_pages"].as_array().unwrap().is_empty(),
        "{report}"
    );
    let pages = report["pages_written"].as_u64().unwrap();
    assert!(pages > 0, "{report}");
    // One page asked twice, every other once.
    let asked: Vec<String> = last_run_messages(&setup);
    assert_eq!(
        asked
            .iter()
            .filter(|message| message.contains("rejected by an automatic check"))
            .count(),
        1
    );
    let docs = setup.repo.path().join("docs/cartograph");
    for page in walk(&docs) {
        let text = std::fs::read_to_string(&page).unwrap_or_default();
        assert!(!text.contains("WorkerPool"), "{text}");
        assert!(!text.contains("degraded: true"), "{text}");
    }
}

/// A model's module page is written from the same facts as the offline page: the module's
/// public API (with signatures and citations) and what it uses, before its files.
#[test]
fn a_module_page_prompt_carries_the_public_api_and_dependencies() {
    let setup = setup("rust-app");
    expect_code(&setup.docs(&[]), 0);
    let prompts = run_prompts(&setup);
    let module = prompts
        .iter()
        .find(|prompt| prompt.contains("Module: src\n"))
        .unwrap_or_else(|| panic!("no prompt for the module src among {prompts:#?}"));
    assert!(module.contains("Facts from the index (exact):"), "{module}");
    assert!(module.contains("## Public API"), "{module}");
    let facts_end = module.find("### [[").unwrap_or(module.len());
    assert!(
        module
            .find("## Public API")
            .is_some_and(|at| at < facts_end),
        "the facts come before the files: {module}"
    );
    assert!(!module.contains("```mermaid"), "{module}");
}
