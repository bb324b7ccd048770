//! Configuration errors are found when the client is built, before any call.

use crate::support::{config, Harness, KEY_VARIABLE};
use cartograph_config::ModelRef;
use cartograph_llm::{Ledger, LlmClient, LlmError};
use cartograph_store::MemoryStore;
use cartograph_testkit::fake_provider::{FakeProvider, FakeScript};
use std::sync::Arc;

fn build(
    config: &cartograph_config::PipelineConfig,
    max_cost_usd: f64,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<LlmClient, LlmError> {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.jsonl")).unwrap();
    LlmClient::new(
        config,
        Arc::new(MemoryStore::default()),
        ledger,
        "r".into(),
        max_cost_usd,
        env,
    )
}

fn assert_config_error(result: Result<LlmClient, LlmError>, needle: &str) {
    match result {
        Err(error @ LlmError::Config(_)) => {
            assert_eq!(error.exit_code(), 2);
            let message = error.to_string();
            assert!(
                message.contains(needle),
                "`{message}` should mention `{needle}`"
            );
            assert!(!message.contains('\n'));
        }
        Err(other) => panic!("expected a configuration error, got {other}"),
        Ok(_) => panic!("expected a configuration error"),
    }
}

#[tokio::test]
async fn configuration_problems_are_caught_up_front() {
    let server = FakeProvider::start(FakeScript::default()).await.unwrap();
    let with_key = |variable: &str| (variable == KEY_VARIABLE).then(|| "k".to_string());
    let no_env = |_: &str| None;

    let good = config(&server, &["fake/m1"]);
    assert!(build(&good, 5.0, &with_key).is_ok());
    assert_config_error(build(&good, 5.0, &no_env), KEY_VARIABLE);
    let blank = |_: &str| Some("   ".to_string());
    assert_config_error(build(&good, 5.0, &blank), KEY_VARIABLE);

    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0] {
        assert_config_error(build(&good, bad, &with_key), "cost cap");
    }

    let mut unpriced = good.clone();
    unpriced.models.clear();
    assert_config_error(
        build(&unpriced, 5.0, &with_key),
        "no price is known for `fake/m1`",
    );

    let mut unknown = good.clone();
    unknown.phases.run.models = vec![ModelRef::parse("nowhere/m").unwrap()];
    assert_config_error(build(&unknown, 5.0, &with_key), "no provider `nowhere`");

    let mut small_tpm = good.clone();
    small_tpm
        .providers
        .get_mut("fake")
        .unwrap()
        .tokens_per_minute = Some(1_000);
    assert_config_error(build(&small_tpm, 5.0, &with_key), "tokens_per_minute");

    let mut bad_url = good.clone();
    bad_url.providers.get_mut("fake").unwrap().base_url = Some("not a url".into());
    assert_config_error(build(&bad_url, 5.0, &with_key), "base_url");

    // Built-in providers: a paid one needs its key; ollama (local) needs neither key nor price.
    let mut builtin = good.clone();
    builtin.phases.map.models = vec![ModelRef::parse("openai/gpt-4o-mini").unwrap()];
    builtin.phases.run.models = vec![ModelRef::parse("ollama/llama3.1").unwrap()];
    assert_config_error(build(&builtin, 5.0, &no_env), "OPENAI_API_KEY");
    let openai_key = |variable: &str| (variable == "OPENAI_API_KEY").then(|| "k".to_string());
    let client = build(&builtin, 5.0, &openai_key).unwrap();
    // gpt-4o-mini at its built-in price: 0.15 in, 0.60 out, o200k so no margin.
    let estimate = client
        .estimate_cost(cartograph_core::Phase::Map, 1_000_000, 0)
        .unwrap();
    assert!((estimate - 0.15).abs() < 1e-9, "{estimate}");
    assert_eq!(
        client.estimate_cost(cartograph_core::Phase::Run, 1_000_000, 1_000_000),
        Some(0.0)
    );
}

#[tokio::test]
async fn the_default_configuration_is_offline_and_needs_nothing() {
    let server = FakeProvider::start(FakeScript::default()).await.unwrap();
    let harness =
        Harness::from_config(server, &cartograph_config::PipelineConfig::default(), 0.0).unwrap();
    for phase in cartograph_core::Phase::ALL {
        assert!(!harness.client.phase_uses_models(phase));
    }
}

#[test]
fn the_client_and_its_futures_can_cross_threads() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    fn assert_send<T: Send>(_: T) {}
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let harness = Harness::start(&["fake/m1"]).await;
        assert_send_sync(&harness.client);
        assert_send(harness.client.complete(crate::support::request("x")));
        let mut sink = |_: &str| {};
        assert_send(
            harness
                .client
                .complete_streaming(crate::support::request("x"), &mut sink),
        );
    });
}
