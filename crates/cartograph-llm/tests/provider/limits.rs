//! Rate limits: pacing to the configured limits, adapting to the server's 429s and headers.
//!
//! These tests talk to the fake provider over real sockets, so they run on the real clock: a
//! paused tokio clock jumps to the next timer whenever the runtime waits on a socket, which can
//! fire a timeout that real time would never reach. They assert only what pacing guarantees
//! however loaded the machine is (a lower bound on the time the server saw requests arrive
//! over, and the order of its 429s), never an upper bound on elapsed time; the limiter's own
//! arithmetic is unit-tested in `src/limits.rs` on a paused clock with no sockets.

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

#[tokio::test]
async fn requests_per_minute_keep_under_the_server_limit() {
    let script = FakeScript {
        requests_per_minute: Some(600),
        ..FakeScript::default()
    };
    let harness = Harness::with(script, &["fake/m1"], |config| {
        let provider = config.providers.get_mut("fake").unwrap();
        provider.requests_per_minute = Some(600);
        provider.max_concurrency = 16;
    })
    .await;
    let results = fire(&harness.client, 20).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(
        harness.server.rate_limited_count(),
        0,
        "paced, never refused"
    );
    // 5 at once, then 10 a second: the last 15 arrive over at least 1.4 s, however fast the
    // machine; a slow machine only spreads them further.
    let arrivals: Vec<Duration> = harness.server.requests().iter().map(|r| r.at).collect();
    let first = arrivals.iter().min().copied().unwrap_or_default();
    let last = arrivals.iter().max().copied().unwrap_or_default();
    assert!(last - first >= Duration::from_millis(1_400), "{arrivals:?}");
}

#[tokio::test]
async fn server_rate_limits_slow_the_client_down_without_a_storm() {
    // The client was not told about the limit: it learns from 429s and headers.
    let script = FakeScript {
        requests_per_minute: Some(600),
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
    // The 429s all come in the first wave, before the client learned the limit: in the order
    // the server saw requests, none follows the first 16 (8 in flight and their retries).
    let answered: Vec<String> = harness
        .server
        .requests()
        .iter()
        .map(|request| request.answered.clone())
        .collect();
    let last_refusal = answered
        .iter()
        .rposition(|answer| answer.starts_with("429"));
    assert!(last_refusal.is_none_or(|at| at < 16), "{answered:?}");
}

#[tokio::test]
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
    let started = std::time::Instant::now();
    for index in 0..10 {
        let mut request = large.clone();
        request.prompt_version = format!("v{index}");
        harness.client.complete(request).await.unwrap();
    }
    assert_eq!(harness.server.rate_limited_count(), 0);
    // Unused tokens are refunded, so far more than 6000 / per_call calls fit in a minute.
    // Without refunds the ten calls would need minutes of refill; with them they need
    // milliseconds, so a minute is a bound no loaded machine comes near.
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
