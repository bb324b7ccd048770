//! The fallback chain: order, offline, circuit breakers, context windows, local-only content.

use crate::support::{price, provider, request, Harness};
use cartograph_config::{ModelRef, ProviderKind};
use cartograph_core::Phase;
use cartograph_llm::{CompletionRequest, LlmError, Message};
use cartograph_testkit::fake_provider::{Behavior, FakeScript};
use std::time::Duration;

#[tokio::test]
async fn fallback_follows_the_configured_order_and_ends_offline() {
    let harness = Harness::start(&["fake/m1", "fake/m2", "fake/m3", "offline"]).await;
    harness
        .server
        .set_model_default("m1", Behavior::status(404));
    harness
        .server
        .set_model_default("m2", Behavior::status(500));
    let completion = harness.client.complete(request("x")).await.unwrap();
    assert_eq!(completion.model.model, "m3");
    let order: Vec<String> = harness
        .server
        .requests()
        .iter()
        .map(|r| r.model.clone())
        .collect();
    assert_eq!(order, ["m1", "m2", "m2", "m2", "m3"]);
    assert_eq!(
        harness.outcomes(),
        ["failed", "retried", "retried", "failed", "ok"]
    );

    harness
        .server
        .set_model_default("m3", Behavior::status(401));
    let error = harness.client.complete(request("y")).await.unwrap_err();
    // Every real model failed: the chain reached offline, degraded.
    assert!(
        matches!(
            &error,
            LlmError::Offline {
                degraded: true,
                reason: Some(_)
            }
        ),
        "{error}"
    );
    assert_eq!(error.exit_code(), 4);
    assert!(!error.to_string().contains('\n'));
}

#[tokio::test]
async fn offline_and_empty_chains_call_nothing() {
    let harness = Harness::with(FakeScript::default(), &["offline"], |config| {
        config.phases.lens.models = Vec::new();
    })
    .await;
    assert!(!harness.client.phase_uses_models(Phase::Map));
    assert!(!harness.client.phase_uses_models(Phase::Lens));
    let error = harness.client.complete(request("x")).await.unwrap_err();
    assert!(matches!(
        error,
        LlmError::Offline {
            degraded: false,
            ..
        }
    ));
    assert_eq!(error.exit_code(), 0);
    let lens = CompletionRequest::new(Phase::Lens, vec![Message::user("rank")]);
    assert!(matches!(
        harness.client.complete(lens).await,
        Err(LlmError::Offline {
            degraded: false,
            ..
        })
    ));
    assert_eq!(harness.server.request_count(), 0);
    assert_eq!(
        harness.client.estimate_cost(Phase::Map, 1_000, 100),
        Some(0.0)
    );
    assert_eq!(harness.client.worst_case_tokens(&request("x")), 0);
    harness.client.finish().unwrap();
    assert_eq!(harness.outcomes(), ["run"]);
}

/// The sockets run on the real clock (a paused one jumps to the next timer while a socket is
/// waited on); retries wait at most a millisecond, and only the cooldowns are skipped, with
/// the clock paused for the jump alone.
#[tokio::test]
async fn the_breaker_opens_skips_and_probes_after_its_cooldown() {
    let harness = Harness::with(FakeScript::default(), &["fake/m1", "fake2/m2"], |config| {
        config.retry.max_attempts = 5;
        config.retry.base_delay_ms = 1;
        config.retry.max_delay_ms = 1;
    })
    .await;
    let skip_cooldown = || async {
        tokio::time::pause();
        tokio::time::advance(Duration::from_secs(31)).await;
        tokio::time::resume();
    };
    harness
        .server
        .set_model_default("m1", Behavior::status(503));
    // Five failures in a row open m1's breaker.
    let completion = harness.client.complete(request("a")).await.unwrap();
    assert_eq!(completion.model.model, "m2");
    assert_eq!(harness.server.count_for_model("m1"), 5);
    // Open: m1 is skipped at once, with a breaker_open row.
    let completion = harness.client.complete(request("b")).await.unwrap();
    assert_eq!(completion.model.model, "m2");
    assert_eq!(harness.server.count_for_model("m1"), 5);
    assert_eq!(
        harness
            .rows()
            .iter()
            .filter(|r| r.outcome.as_str() == "breaker_open")
            .count(),
        1
    );

    // After the cooldown one probe goes out; it fails, so the breaker opens again.
    skip_cooldown().await;
    let completion = harness.client.complete(request("c")).await.unwrap();
    assert_eq!(completion.model.model, "m2");
    assert_eq!(harness.server.count_for_model("m1"), 6, "exactly one probe");
    harness.client.complete(request("d")).await.unwrap();
    assert_eq!(harness.server.count_for_model("m1"), 6);

    // The next probe succeeds and closes it.
    skip_cooldown().await;
    harness.server.set_model_default("m1", Behavior::Succeed);
    assert_eq!(
        harness
            .client
            .complete(request("e"))
            .await
            .unwrap()
            .model
            .model,
        "m1"
    );
    assert_eq!(
        harness
            .client
            .complete(request("f"))
            .await
            .unwrap()
            .model
            .model,
        "m1"
    );
}

#[tokio::test]
async fn a_context_window_error_moves_to_a_larger_window() {
    let harness = Harness::with(
        FakeScript::default(),
        &["fake/small", "fake/small2", "fake/big"],
        |config| {
            config
                .models
                .insert("fake/small".into(), price(1.0, 2.0, 0.5, 8_192));
            config
                .models
                .insert("fake/small2".into(), price(1.0, 2.0, 0.5, 8_192));
            config
                .models
                .insert("fake/big".into(), price(1.0, 2.0, 0.5, 200_000));
        },
    )
    .await;
    harness
        .server
        .push_for_model("small", Behavior::context_length_exceeded());
    let completion = harness.client.complete(request("x")).await.unwrap();
    assert_eq!(completion.model.model, "big");
    assert_eq!(
        harness.server.count_for_model("small2"),
        0,
        "same window: skipped"
    );
    assert_eq!(harness.outcomes(), ["failed", "ok"]);

    // A request known not to fit a window is not sent to that model at all.
    let mut large = request(&"word ".repeat(9_000));
    large.prompt_version = "large".into();
    let completion = harness.client.complete(large).await.unwrap();
    assert_eq!(completion.model.model, "big");
    assert_eq!(harness.server.count_for_model("small"), 1);
}

#[tokio::test]
async fn local_only_content_goes_to_local_providers_only() {
    let harness = Harness::with(
        FakeScript::default(),
        &["fake/remote", "home/local"],
        |config| {
            let mut home = provider(
                &config.providers["fake"].base_url.clone().unwrap(),
                ProviderKind::Openai,
            );
            home.local = Some(true);
            home.api_key_env = None;
            config.providers.insert("home".into(), home);
            config.models.remove("home/local"); // local: free without a price
        },
    )
    .await;
    let mut private = request("secret internals");
    private.local_only = true;
    let completion = harness.client.complete(private).await.unwrap();
    assert_eq!(completion.model.to_string(), "home/local");
    assert_eq!(completion.cost_usd, Some(0.0));
    assert_eq!(harness.server.count_for_model("remote"), 0);
    let sent = &harness.server.requests()[0];
    assert!(
        !sent.headers.contains_key("authorization"),
        "no key configured for the local provider"
    );

    let remote_only = Harness::start(&["fake/remote"]).await;
    let mut private = request("secret internals");
    private.local_only = true;
    assert!(matches!(
        remote_only.client.complete(private).await,
        Err(LlmError::Offline {
            degraded: false,
            ..
        })
    ));
    assert_eq!(remote_only.server.request_count(), 0);
}

#[tokio::test]
async fn estimates_take_the_most_expensive_model_of_the_chain() {
    let harness = Harness::with(
        FakeScript::default(),
        &["fake/cheap", "fake/dear"],
        |config| {
            config
                .models
                .insert("fake/cheap".into(), price(1.0, 1.0, 1.0, 100_000));
            config
                .models
                .insert("fake/dear".into(), price(10.0, 20.0, 5.0, 100_000));
        },
    )
    .await;
    assert!(harness.client.phase_uses_models(Phase::Map));
    // The fake models use a foreign tokenizer: 25% margin on the input.
    let expected = (1_250.0 * 10.0 + 100.0 * 20.0) / 1e6;
    let estimate = harness
        .client
        .estimate_cost(Phase::Map, 1_000, 100)
        .unwrap();
    assert!((estimate - expected).abs() < 1e-12, "{estimate}");
    let model = ModelRef::parse("fake/cheap").unwrap();
    assert_eq!(model.provider, "fake");
}
