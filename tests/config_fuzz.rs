//! Configuration fuzzing past the parser (issue 15, "no panic from input"): every count and
//! duration key gets values from its edges and far beyond them, and each configuration the
//! loader accepts is used the way a run uses it: the provider client is built, the structural
//! map runs with the scan settings, and the map phase calls a model over 127.0.0.1 (the fake
//! provider) with the provider's timeouts, limits and retry settings. Whatever the values, the
//! loader refuses them or the run completes; nothing panics. `timeout_secs = 1e19` used to pass
//! the loader and panic when the call's deadline was computed.

use cartograph_config::{parse_str, PipelineConfig};
use cartograph_core::Phase;
use cartograph_llm::{Ledger, LlmClient};
use cartograph_pipeline::prompts::Prompts;
use cartograph_pipeline::summarize::Summarizer;
use cartograph_pipeline::{load_file_maps, map_structural, MapOptions};
use cartograph_store::{MemoryStore, Store};
use cartograph_testkit::fake_provider::{FakeProvider, FakeScript};
use proptest::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Values that sit on, next to and far past every bound, as TOML writes them.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("1".to_string()),
        Just("0.001".to_string()),
        Just("86_400".to_string()),
        Just("86_401".to_string()),
        // Past `i64::MAX` seconds but still a `Duration`: a deadline overflowed the clock.
        Just("9.3e18".to_string()),
        Just("1e19".to_string()),
        Just("1.5e19".to_string()),
        Just("1e300".to_string()),
        Just("4_294_967_295".to_string()),
        Just("18_446_744_073_709_551_615".to_string()),
        (1u64..100).prop_map(|n| n.to_string()),
        (1u64..u64::MAX).prop_map(|n| n.to_string()),
        (0.0f64..1e6).prop_map(|n| format!("{n:?}")),
    ]
}

/// A key of the configuration that holds a count or a duration, with its table. The retry
/// delays are left at a millisecond (their bounds are checked by the loader's tests), so that
/// a case with tiny timeouts retries at once instead of sleeping for real.
fn numeric_key() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        Just(("providers.fake", "connect_timeout_secs")),
        Just(("providers.fake", "first_byte_timeout_secs")),
        Just(("providers.fake", "idle_timeout_secs")),
        Just(("providers.fake", "timeout_secs")),
        Just(("providers.fake", "max_retry_after_secs")),
        Just(("providers.fake", "max_concurrency")),
        Just(("providers.fake", "requests_per_minute")),
        Just(("providers.fake", "tokens_per_minute")),
        Just(("phases.map", "max_input_tokens")),
        Just(("phases.map", "max_output_tokens")),
        Just(("phases.map", "budget_tokens")),
        Just(("retry", "max_attempts")),
        Just(("scan", "max_file_bytes")),
        Just(("output", "llms_txt_tokens")),
        Just(("cache", "remote_ttl_days")),
        Just(("models.\"fake/small\"", "context_window")),
    ]
}

/// A configuration whose map phase calls the fake provider, with the chosen keys set.
fn config_text(base_url: &str, settings: &[((&str, &str), String)]) -> String {
    let mut tables: Vec<(String, Vec<String>)> = vec![
        (
            "providers.fake".into(),
            vec![
                "kind = \"openai\"".into(),
                format!("base_url = \"{base_url}\""),
                "api_key_env = \"\"".into(),
            ],
        ),
        (
            "phases.map".into(),
            vec!["models = [\"fake/small\"]".into()],
        ),
        (
            "models.\"fake/small\"".into(),
            vec!["input = 0.1".into(), "output = 0.2".into()],
        ),
        (
            "retry".into(),
            vec!["base_delay_ms = 0".into(), "max_delay_ms = 1".into()],
        ),
    ];
    for ((table, key), value) in settings {
        let line = format!("{key} = {value}");
        match tables.iter_mut().find(|(name, _)| name == table) {
            Some((_, lines)) => {
                if !lines
                    .iter()
                    .any(|written| written.starts_with(&format!("{key} =")))
                {
                    lines.push(line);
                }
            }
            None => tables.push(((*table).to_string(), vec![line])),
        }
    }
    tables
        .iter()
        .map(|(name, lines)| format!("[{name}]\n{}\n", lines.join("\n")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Uses an accepted configuration as `cartograph map` does: client, structural map, summaries.
fn use_config(runtime: &tokio::runtime::Runtime, config: &PipelineConfig, repo: &Path) {
    let state = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(MemoryStore::default());
    let ledger = Ledger::open(&state.path().join("ledger.jsonl")).unwrap();
    let env = |_: &str| None;
    let client = match LlmClient::new(
        config,
        Arc::clone(&store),
        ledger,
        "fuzz".into(),
        config.budget.max_cost_usd,
        &env,
    ) {
        Ok(client) => client,
        // A refusal is fine (e.g. a call larger than tokens_per_minute admits); a panic is not.
        Err(error) => {
            assert!(!error.to_string().is_empty());
            return;
        }
    };
    let no_progress = |_: u64, _: u64| {};
    let output = map_structural(
        store.as_ref(),
        &MapOptions {
            root: repo.to_path_buf(),
            exclude: &config.scan.exclude,
            local_only: &config.scan.local_only,
            max_file_bytes: config.scan.max_file_bytes,
            skip_dirs: vec![".cartograph".into()],
            progress: &no_progress,
            on_dir: None,
        },
    )
    .unwrap();
    assert!(client.phase_uses_models(Phase::Map));
    let files = load_file_maps(store.as_ref(), &output.entries).unwrap();
    let prompts = Prompts::load(None).unwrap();
    let map = &config.phases.map;
    let summarizer = Summarizer {
        store: store.as_ref(),
        client: &client,
        prompts: &prompts,
        models: "fake/small".into(),
        max_input_tokens: map.max_input_tokens,
        max_output_tokens: map.max_output_tokens,
    };
    let centrality = cartograph_graph::Graph::build(&files).pagerank();
    let read =
        |path: &cartograph_core::RepoPath| std::fs::read_to_string(repo.join(path.as_str())).ok();
    // Budget or provider errors are outcomes; only a panic fails the test.
    let _ = runtime.block_on(summarizer.summarize(&files, &centrality, &read));
    let _ = client.finish();
}

#[test]
fn every_accepted_configuration_builds_the_client_and_runs_the_map_phase() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let provider = runtime
        .block_on(FakeProvider::start(FakeScript::default()))
        .unwrap();
    let base_url = provider.openai_base_url();
    let repo = tempfile::tempdir().unwrap();
    std::fs::write(
        repo.path().join("lib.rs"),
        "/// Adds.\npub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n",
    )
    .unwrap();
    let accepted = std::cell::Cell::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 128,
        ..ProptestConfig::default()
    });
    runner
        .run(
            &proptest::collection::vec((numeric_key(), number()), 1..4),
            |settings| {
                let text = config_text(&base_url, &settings);
                if let Ok(config) = parse_str(&text, Path::new("pipeline.toml")) {
                    accepted.set(accepted.get() + 1);
                    use_config(&runtime, &config, repo.path());
                }
                Ok(())
            },
        )
        .unwrap();
    // The generator is not so wild that nothing gets through to the client.
    assert!(accepted.get() > 0, "no configuration was accepted");
}

/// The two values of the issue, through the whole path: refused by the loader, never run.
#[test]
fn timeouts_of_1e19_and_1e300_are_refused() {
    for value in ["1e19", "1e300"] {
        let text = config_text(
            "http://127.0.0.1:9/v1",
            &[(("providers.fake", "timeout_secs"), value.to_string())],
        );
        let error = parse_str(&text, Path::new("pipeline.toml")).unwrap_err();
        assert!(
            error.to_string().contains("must be at most 86_400 seconds"),
            "{error}"
        );
    }
}
