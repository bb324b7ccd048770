//! Rate limits: pacing to the configured limits, adapting to the server's 429s and headers.

use crate::support::{request, Harness};
use cartograph_llm::{CompletionRequest, LlmClient, LlmError};
use cartograph_testkit::fake_provider::FakeScript;
use futures_util::future::join_all;
use std::time::Duration;

async fn fire(
    client: &LlmClient,
    count: usize,
) -> Vec<Result<cartograph_llm::Completion, LlmError>> {
    let requests: Vec<CompletionRequest> = (0..count)
        .map(|index| {
            let mut request = request("x");
            request.prompt_version = format!("v{index}");
            request
        })
        .collect();
    join_all(requests.into_iter().map(|request| client.complete(request))).await
}

#[tokio::test(start_paused = true)]
async fn requests_per_minute_keep_under_the_server_limit() {
    let script = FakeScript {
        requests_per_minute: Some(600),
        latency: Duration::from_millis(50),
        ..FakeScript::default()
    };
    let harness = Harness::with(script, &["fake/m1"], |config| {
        let provider = config.providers.get_mut("fake").unwrap();
        provider.requests_per_minute = Some(600);
        provider.max_concurrency = 16;
    })
    .await;
    let started = tokio::time::Instant::now();
    let results = fire(&harness.client, 60).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(
        harness.server.rate_limited_count(),
        0,
        "paced, never refused"
    );
    // 5 at once, then 10 a second.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(5_500) && elapsed <= Duration::from_millis(6_000),
        "{elapsed:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn server_rate_limits_slow_the_client_down_without_a_storm() {
    // The client was not told about the limit: it learns from 429s and headers.
    let script = FakeScript {
        requests_per_minute: Some(120),
        ..FakeScript::default()
    };
    let harness = Harness::with(script, &["fake/m1"], |config| {
        config.retry.max_attempts = 10;
        config.providers.get_mut("fake").unwrap().max_concurrency = 8;
    })
    .await;
    let results = fire(&harness.client, 30).await;
    assert!(
        results.iter().all(Result::is_ok),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    let limited = harness.server.rate_limited_count();
    assert!(limited <= 8, "{limited} 429s for 30 calls");
    // The 429s all come in the first wave, before the client learned the limit.
    let last_refusal = harness
        .server
        .requests()
        .iter()
        .filter(|request| request.answered.starts_with("429"))
        .map(|request| request.at)
        .max()
        .unwrap_or_default();
    assert!(last_refusal < Duration::from_secs(1), "{last_refusal:?}");
}

#[tokio::test(start_paused = true)]
async fn tokens_per_minute_pace_large_calls() {
    let script = FakeScript {
        tokens_per_minute: Some(6_000),
        ..FakeScript::default()
    };
    let harness = Harness::with(script, &["fake/m1"], |config| {
        config.providers.get_mut("fake").unwrap().tokens_per_minute = Some(6_000);
        config.phases.map.max_input_tokens = 1_000;
        config.phases.map.max_output_tokens = 1_000;
        config.phases.run.models = Vec::new();
    })
    .await;
    let mut large = request("x");
    large.max_output_tokens = Some(1_000);
    let per_call = harness.client.worst_case_tokens(&large);
    let started = tokio::time::Instant::now();
    for index in 0..10 {
        let mut request = large.clone();
        request.prompt_version = format!("v{index}");
        harness.client.complete(request).await.unwrap();
    }
    assert_eq!(harness.server.rate_limited_count(), 0);
    // Unused tokens are refunded, so far more than 6000 / per_call calls fit in a minute.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    assert!(per_call > 1_000);
}

#[tokio::test]
async fn a_request_larger_than_the_tokens_per_minute_is_an_error() {
    let harness = Harness::with(FakeScript::default(), &["fake/m1"], |config| {
        config.providers.get_mut("fake").unwrap().tokens_per_minute = Some(9_000);
        config.phases.run.models = Vec::new();
    })
    .await;
    let huge = request(&"word ".repeat(8_000));
    let error = harness.client.complete(huge).await.unwrap_err();
    assert!(matches!(error, LlmError::Config(_)), "{error}");
    assert_eq!(error.exit_code(), 2);
    assert_eq!(harness.server.request_count(), 0);
}

#[tokio::test]
async fn a_timeout_sends_fewer_requests_at_once() {
    // A server that did not answer in time is taken to be queueing: the client halves how many
    // it sends at once, and a burst after it stays within the lower cap.
    let script = FakeScript {
        latency: Duration::from_millis(100),
        ..FakeScript::default()
    };
    let harness = Harness::with(script, &["fake/m1"], |config| {
        let provider = config.providers.get_mut("fake").unwrap();
        provider.max_concurrency = 8;
        provider.first_byte_timeout_secs = 0.3;
        config.retry.max_attempts = 2;
        config.retry.base_delay_ms = 1;
        config.retry.max_delay_ms = 2;
    })
    .await;
    harness
        .server
        .push(cartograph_testkit::fake_provider::Behavior::NoHeaders);
    assert!(harness.client.complete(request("first")).await.is_ok());
    let results = fire(&harness.client, 16).await;
    assert!(results.iter().all(Result::is_ok));
    let most = harness.server.max_in_flight("m1");
    assert!((2..=4).contains(&most), "{most} at once after a timeout");
}
