//! Hybrid retrieval through the real binary (issue 13): `map` embeds symbol-sized chunks with
//! `[phases.lens] embedding_model` on the fake provider's `/v1/embeddings` (vectors scripted),
//! a warm run of unchanged files sends nothing, an edit pays only for its changed chunks, lens
//! embeds the question once and fuses the rankings, local-only files stay away from a remote
//! provider, the budget holds, and a failing endpoint is a warning, never a failed command.

use crate::common::{cartograph_env, expect_code, Run};
use cartograph_testkit::fake_provider::{Behavior, FakeProvider, FakeScript};
use cartograph_testkit::repo::TempRepo;
use serde_json::Value;

const KEY: &str = "sk-fake-embeddings-key-0123456789";
pub(crate) const QUESTION: &str = "where is the cost history written?";

pub(crate) struct Setup {
    _runtime: tokio::runtime::Runtime,
    pub(crate) fake: FakeProvider,
    pub(crate) repo: TempRepo,
}

fn config(base_url: &str, budget_tokens: u64, local: bool) -> String {
    // A local provider needs no key, so that a process started by another (the MCP client)
    // needs no environment.
    let key = if local { "" } else { "FAKE_LLM_KEY" };
    format!(
        r#"
[providers.fake]
kind = "openai"
base_url = "{base_url}"
api_key_env = "{key}"
local = {local}

[scan]
local_only = ["internal/**"]

[phases.lens]
embedding_model = "fake/embed"
embedding_budget_tokens = {budget_tokens}

[retry]
max_attempts = 2
base_delay_ms = 1
max_delay_ms = 2

[models."fake/embed"]
input = 0.02
output = 0.0
"#
    )
}

fn setup(budget_tokens: u64) -> Setup {
    setup_with(budget_tokens, false)
}

/// The repository and the fake provider (vectors scripted so that [`QUESTION`] points at
/// `src/ledger.rs`); `local` makes the provider local and keyless.
pub(crate) fn setup_with(budget_tokens: u64, local: bool) -> Setup {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let fake = runtime
        .block_on(FakeProvider::start(FakeScript::default()))
        .unwrap();
    fake.set_embedding_dimensions(4);
    // The question and the ledger code point the same way; no word of the question is in it.
    fake.script_embedding("cost history", vec![1.0, 0.0, 0.0, 0.0]);
    fake.script_embedding("append_row", vec![1.0, 0.0, 0.0, 0.0]);
    let repo = TempRepo::git(&[
        (
            "src/ledger.rs",
            "/// Appends one row per attempt and flushes it.\npub fn append_row(row: &str) -> usize {\n    row.len()\n}\n",
        ),
        (
            "src/retry.rs",
            "/// Waits longer after each failure.\npub fn backoff_delay(attempt: u32) -> u32 {\n    attempt * 2\n}\n",
        ),
        (
            "src/render.rs",
            "/// Turns a title into a page.\npub fn render_page(title: &str) -> String {\n    title.to_string()\n}\n",
        ),
        (
            "internal/plan.rs",
            "/// Internal only.\npub fn quarterly_internal_plan() -> u32 {\n    42\n}\n",
        ),
    ])
    .unwrap();
    repo.write(
        "pipeline.toml",
        &config(&fake.openai_base_url(), budget_tokens, local),
    )
    .unwrap();
    repo.commit_all("configure cartograph").unwrap();
    Setup {
        _runtime: runtime,
        fake,
        repo,
    }
}

impl Setup {
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        cartograph_env(self.repo.path(), args, &[("FAKE_LLM_KEY", KEY)])
    }

    fn map(&self) -> Value {
        let run = self.run(&["map", "--json"]);
        expect_code(&run, 0);
        run.json()["embeddings"].clone()
    }

    fn lens(&self) -> (Run, Value) {
        let run = self.run(&["lens", "--json", QUESTION]);
        expect_code(&run, 0);
        let json = run.json();
        (run, json)
    }

    fn embedding_requests(&self) -> usize {
        self.fake.count_for_path("/v1/embeddings")
    }

    fn lens_rows(&self) -> Vec<Value> {
        let text = self
            .repo
            .read(".cartograph/ledger.jsonl")
            .unwrap_or_default();
        text.lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|row| row["phase"] == "lens")
            .collect()
    }
}

fn reasons_of(lens: &Value, path: &str) -> String {
    lens["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|file| file["path"] == path)
        .map(|file| file["reasons"].to_string())
        .unwrap_or_default()
}

#[test]
fn map_embeds_once_lens_embeds_the_question_once_and_fuses() {
    let setup = setup(2_000_000);
    // `docs --plan` counts what embedding would send, spending nothing.
    let embeddings_plan = |setup: &Setup| {
        let run = setup.run(&["docs", "--plan", "--json"]);
        expect_code(&run, 0);
        let plan = run.json();
        plan["phases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|phase| phase["phase"] == "embeddings")
            .cloned()
            .unwrap_or_else(|| panic!("{plan}"))
    };
    let planned = embeddings_plan(&setup);
    assert!(planned["calls"].as_u64().unwrap() >= 1, "{planned}");
    assert!(planned["cost_usd"].as_f64().unwrap() > 0.0, "{planned}");
    assert_eq!(setup.embedding_requests(), 0);
    let cold = setup.map();
    assert_eq!(cold["model"], "fake/embed", "{cold}");
    assert_eq!(cold["skipped_local_only"], 1, "{cold}");
    assert_eq!(cold["files_left"], 0, "{cold}");
    assert!(cold["files"].as_u64().unwrap() >= 3, "{cold}");
    assert!(cold["chunks_embedded"].as_u64().unwrap() >= 3, "{cold}");
    let after_cold = setup.embedding_requests();
    assert!(after_cold >= 1);
    let inputs = setup.fake.embedded_inputs();
    assert!(inputs.iter().any(|input| input.contains("append_row")));
    assert!(
        !inputs
            .iter()
            .any(|input| input.contains("quarterly_internal_plan")),
        "a local-only file never reaches a remote provider"
    );

    // Warm: every file's chunks are cached; nothing is read for them, nothing is sent.
    let warm = setup.map();
    assert_eq!(warm["files_cached"], cold["files"], "{warm}");
    assert_eq!(warm["chunks_embedded"], 0, "{warm}");
    assert_eq!(setup.embedding_requests(), after_cold);
    assert_eq!(embeddings_plan(&setup)["calls"], 0);

    // Lens embeds the question (one request), and the ledger file ranks first by similarity
    // though no word of the question is in it.
    let (_, lens) = setup.lens();
    assert_eq!(setup.embedding_requests(), after_cold + 1);
    assert_eq!(lens["files"][0]["path"], "src/ledger.rs", "{lens}");
    let reasons = reasons_of(&lens, "src/ledger.rs");
    assert!(reasons.contains("fused by reciprocal rank"), "{reasons}");
    assert!(reasons.contains("similarity 1.000"), "{reasons}");
    // The same question again is answered from the cache.
    let (_, again) = setup.lens();
    assert_eq!(setup.embedding_requests(), after_cold + 1);
    assert_eq!(again, lens);

    // `lens --eval` fuses the same way (the question's vector is cached by now).
    let cases = tempfile::tempdir().unwrap();
    let cases_path = cases.path().join("cases.jsonl");
    std::fs::write(
        &cases_path,
        format!("{{\"question\": \"{QUESTION}\", \"files\": [\"src/ledger.rs\"]}}\n"),
    )
    .unwrap();
    let eval = setup.run(&["--json", "lens", "--eval", cases_path.to_str().unwrap()]);
    expect_code(&eval, 0);
    assert_eq!(
        eval.json()["outcomes"][0]["lens_ranks"][0],
        1,
        "{}",
        eval.stdout
    );
    assert_eq!(setup.embedding_requests(), after_cold + 1);

    // Every embeddings request is a ledger row of phase lens, priced.
    let rows = setup.lens_rows();
    assert_eq!(rows.len(), after_cold + 1);
    assert!(rows
        .iter()
        .all(|row| row["model"] == "embed" && row["outcome"] == "ok"));
    assert!(rows
        .iter()
        .all(|row| row["cost_usd"].as_f64().unwrap() > 0.0));

    // One edited function: only its chunk is embedded again.
    setup
        .repo
        .write(
            "src/retry.rs",
            "/// Waits longer after each failure.\npub fn backoff_delay(attempt: u32) -> u32 {\n    attempt * 2\n}\n\n/// Never waits.\npub fn no_delay() -> u32 {\n    0\n}\n",
        )
        .unwrap();
    let edited = setup.map();
    assert_eq!(
        edited["files_cached"].as_u64().unwrap() + 1,
        edited["files"].as_u64().unwrap(),
        "{edited}"
    );
    assert_eq!(setup.embedding_requests(), after_cold + 2);
    let last = setup.fake.requests().last().unwrap().body["input"].clone();
    assert!(last.to_string().contains("no_delay"), "{last}");
    assert!(!last.to_string().contains("append_row"), "{last}");
}

#[test]
fn a_failing_endpoint_is_a_warning_and_lens_stays_lexical() {
    let setup = setup(2_000_000);
    setup.fake.set_model_default("embed", Behavior::status(500));
    let run = setup.run(&["map", "--json"]);
    expect_code(&run, 0);
    let embeddings = run.json()["embeddings"].clone();
    assert!(
        embeddings["failure"].as_str().unwrap_or("").contains("500"),
        "{embeddings}"
    );
    assert!(
        embeddings["files_left"].as_u64().unwrap() >= 3,
        "{embeddings}"
    );
    assert!(run.stderr.contains("embeddings:"), "{}", run.stderr);

    // `docs` is not failed by it either.
    let docs = setup.run(&["docs", "--json"]);
    expect_code(&docs, 0);

    // Once the endpoint is back, the next map embeds what was left.
    setup.fake.set_model_default("embed", Behavior::Succeed);
    let healed = setup.map();
    assert_eq!(healed["files_left"], 0, "{healed}");
    assert!(healed["chunks_embedded"].as_u64().unwrap() >= 3, "{healed}");

    // With vectors stored but the endpoint failing again, lens cannot embed the question: a
    // warning, and the lexical ranking, exactly as without embeddings.
    setup.fake.set_model_default("embed", Behavior::status(500));
    let (run, lens) = setup.lens();
    assert!(
        run.stderr.contains("could not be embedded"),
        "{}",
        run.stderr
    );
    assert!(
        !lens.to_string().contains("fused by reciprocal rank"),
        "{lens}"
    );
    let off_config = setup.repo.path().join(".cartograph/off.toml");
    std::fs::write(&off_config, "[phases.lens]\nembedding_model = \"\"\n").unwrap();
    let off = setup.run(&[
        "--config",
        off_config.to_str().unwrap(),
        "lens",
        "--json",
        QUESTION,
    ]);
    expect_code(&off, 0);
    assert_eq!(
        off.json(),
        lens,
        "a failing endpoint ranks as embeddings off"
    );
}

#[test]
fn the_embedding_budget_is_never_exceeded() {
    let setup = setup(100);
    let run = setup.run(&["map", "--json"]);
    expect_code(&run, 0);
    let embeddings = run.json()["embeddings"].clone();
    assert_eq!(embeddings["budget_reached"], true, "{embeddings}");
    // The batch that did not fit was halved until parts did: the budget is used, not wasted.
    assert!(
        embeddings["chunks_embedded"].as_u64().unwrap() >= 1,
        "{embeddings}"
    );
    assert!(
        embeddings["files_left"].as_u64().unwrap() >= 1,
        "{embeddings}"
    );
    assert!(
        run.stderr.contains("embedding_budget_tokens"),
        "{}",
        run.stderr
    );
    let used: u64 = setup
        .lens_rows()
        .iter()
        .map(|row| row["prompt_tokens"].as_u64().unwrap_or(0))
        .sum();
    assert!(used > 0 && used <= 100, "{used}");
}

#[test]
fn a_paid_embedding_model_needs_its_key_before_any_work() {
    let setup = setup(2_000_000);
    let run = crate::common::cartograph(setup.repo.path(), &["map", "--json"]);
    expect_code(&run, 2);
    assert!(
        run.stderr.contains("[phases.lens] embedding_model") && run.stderr.contains("FAKE_LLM_KEY"),
        "{}",
        run.stderr
    );
    assert_eq!(setup.embedding_requests(), 0);
    // `--structural` sends nothing, so it needs no key.
    let structural = crate::common::cartograph(setup.repo.path(), &["map", "--structural"]);
    expect_code(&structural, 0);
}
