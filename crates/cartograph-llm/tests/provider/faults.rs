//! Faults: the status matrix, Retry-After, connection faults and timeouts.

use crate::support::{request, Harness};
use cartograph_llm::{LlmError, Outcome};
use cartograph_testkit::fake_provider::{Behavior, ErrorShape, FakeScript};
use std::time::Duration;

#[tokio::test]
async fn retried_statuses_try_the_same_model_again() {
    for status in [408, 409, 429, 500, 502, 503, 504, 529] {
        let harness = Harness::start(&["fake/m1", "fake/m2"]).await;
        harness
            .server
            .push_for_model("m1", Behavior::status(status));
        let completion = harness.client.complete(request("x")).await.unwrap();
        assert_eq!(completion.model.model, "m1", "status {status}");
        assert_eq!(harness.server.count_for_model("m1"), 2, "status {status}");
        assert_eq!(harness.server.count_for_model("m2"), 0, "status {status}");
        let expected = if status == 429 {
            "rate_limited"
        } else {
            "retried"
        };
        assert_eq!(harness.outcomes(), [expected, "ok"], "status {status}");
    }
}

#[tokio::test]
async fn refused_statuses_move_down_the_chain_at_once() {
    for status in [400, 401, 403, 404, 413, 422] {
        let harness = Harness::start(&["fake/m1", "fake/m2"]).await;
        harness
            .server
            .push_for_model("m1", Behavior::status(status));
        let completion = harness.client.complete(request("x")).await.unwrap();
        assert_eq!(completion.model.model, "m2", "status {status}");
        assert_eq!(harness.server.count_for_model("m1"), 1, "status {status}");
        assert_eq!(harness.outcomes(), ["failed", "ok"], "status {status}");
    }
}

#[tokio::test]
async fn money_problems_stop_without_fallback() {
    for behavior in [Behavior::insufficient_quota(), Behavior::payment_required()] {
        let harness = Harness::start(&["fake/m1", "fake/m2"]).await;
        harness.server.push(behavior);
        let error = harness.client.complete(request("x")).await.unwrap_err();
        assert!(
            matches!(&error, LlmError::Quota { provider, .. } if provider == "fake"),
            "{error}"
        );
        assert_eq!(error.exit_code(), 3);
        assert_eq!(harness.server.request_count(), 1);
        assert!(!error.to_string().contains('\n'));
    }
}

#[tokio::test]
async fn x_should_retry_overrides_the_status() {
    let harness = Harness::start(&["fake/m1", "fake/m2"]).await;
    harness.server.push(Behavior::status_with_headers(
        503,
        &[("x-should-retry", "false")],
    ));
    let completion = harness.client.complete(request("a")).await.unwrap();
    assert_eq!(completion.model.model, "m2");
    harness.server.push(Behavior::status_with_headers(
        400,
        &[("x-should-retry", "true")],
    ));
    let completion = harness.client.complete(request("b")).await.unwrap();
    assert_eq!(completion.model.model, "m1");
    assert_eq!(harness.outcomes(), ["failed", "ok", "retried", "ok"]);
}

/// On the real clock (the fake provider's sockets are real): the retry arrives at the server
/// at least the Retry-After later. A loaded machine can only make the gap longer, so no upper
/// bound is asserted; that the client adds no backoff on top is `retry.rs`'s unit test.
#[tokio::test]
async fn retry_after_in_every_form_is_honoured() {
    let cases = [
        (Behavior::rate_limited("1"), 1_000),
        (Behavior::rate_limited_ms("500"), 500),
        (Behavior::rate_limited("0"), 0),
    ];
    for (behavior, at_least_ms) in cases {
        let harness = Harness::start(&["fake/m1"]).await;
        harness.server.push(behavior);
        harness.client.complete(request("x")).await.unwrap();
        let arrivals: Vec<Duration> = harness.server.requests().iter().map(|r| r.at).collect();
        assert_eq!(arrivals.len(), 2, "{arrivals:?}");
        let waited = arrivals[1] - arrivals[0];
        assert!(
            waited >= Duration::from_millis(at_least_ms),
            "{waited:?} < {at_least_ms} ms"
        );
        assert_eq!(harness.outcomes(), ["rate_limited", "ok"]);
    }
    // An HTTP date: the retry is not sent before that moment of the wall clock, however long
    // the machine took to get there.
    let harness = Harness::start(&["fake/m1"]).await;
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let not_before = httpdate::parse_http_date(&date).unwrap();
    harness.server.push(Behavior::rate_limited(&date));
    harness.client.complete(request("x")).await.unwrap();
    assert!(std::time::SystemTime::now() >= not_before);
    assert_eq!(harness.outcomes(), ["rate_limited", "ok"]);
}

/// The sockets run on the real clock; only the hour the provider is kept away is skipped,
/// with the clock paused for the jump alone and resumed before the next call.
#[tokio::test]
async fn a_retry_after_beyond_the_limit_moves_on_and_keeps_the_provider_away() {
    let harness = Harness::start(&["fake/m1", "fake2/m2"]).await;
    harness.server.push(Behavior::rate_limited("3600"));
    let completion = harness.client.complete(request("a")).await.unwrap();
    assert_eq!(completion.model.to_string(), "fake2/m2");
    // The provider stays out of the way: the next request goes straight to the fallback,
    // without waiting (the ledger shows no retry of m1, only the breaker refusing it).
    let completion = harness.client.complete(request("b")).await.unwrap();
    assert_eq!(completion.model.to_string(), "fake2/m2");
    assert_eq!(harness.server.count_for_model("m1"), 1);
    assert_eq!(
        harness.outcomes(),
        ["rate_limited", "ok", "breaker_open", "ok"]
    );
    // Once the hour has passed, the provider is tried again.
    tokio::time::pause();
    tokio::time::advance(Duration::from_secs(3601)).await;
    tokio::time::resume();
    let completion = harness.client.complete(request("c")).await.unwrap();
    assert_eq!(completion.model.to_string(), "fake/m1");
}

/// A client whose provider gives up quickly, for faults that hang.
async fn impatient(script: FakeScript) -> Harness {
    Harness::with(script, &["fake/m1"], |config| {
        let provider = config.providers.get_mut("fake").unwrap();
        provider.first_byte_timeout_secs = 0.3;
        provider.idle_timeout_secs = 0.3;
        provider.timeout_secs = 1.0;
        config.retry.max_attempts = 2;
    })
    .await
}

#[tokio::test]
async fn connection_faults_are_retried_and_charged_when_the_outcome_is_unknown() {
    let cases = [
        (Behavior::ResetConnection, "retried"),
        (Behavior::NoHeaders, "timeout"),
        (Behavior::StallMidStream { events: 1 }, "timeout"),
        (
            Behavior::Trickle {
                every: Duration::from_millis(50),
            },
            "timeout",
        ),
        (Behavior::MalformedJson, "retried"),
        (Behavior::Truncated { events: 1 }, "truncated"),
    ];
    for (behavior, outcome) in cases {
        for streamed in [false, true] {
            let harness = impatient(FakeScript::default()).await;
            harness.server.push(behavior.clone());
            let completion = if streamed {
                harness
                    .client
                    .complete_streaming(request("x"), &mut |_: &str| {})
                    .await
            } else {
                harness.client.complete(request("x")).await
            };
            let completion =
                completion.unwrap_or_else(|e| panic!("{behavior:?} streamed={streamed}: {e}"));
            assert_eq!(completion.text, "Fake answer about src/lib.rs.");
            let rows = harness.rows();
            // A hang is cut by the provider's timeouts (a second in all), so a timed-out
            // attempt lasted at least the 0.3 s first-byte or idle timeout; a loaded machine
            // only makes it longer, so no upper bound is asserted.
            if outcome == "timeout" {
                assert!(
                    rows[0].latency_ms >= 300,
                    "{behavior:?}: {}",
                    rows[0].latency_ms
                );
            }
            assert_eq!(
                rows[0].outcome.as_str(),
                outcome,
                "{behavior:?} streamed={streamed}"
            );
            assert!(rows[0].error.is_some());
            // The server may have done the work: charged the worst case, flagged.
            assert!(rows[0].tokens_estimated, "{behavior:?}");
            assert_eq!(rows[0].completion_tokens, 100);
            assert!(rows[0].cost_usd.unwrap() > 0.0);
            assert_eq!(rows[1].outcome, Outcome::Ok);
        }
    }
}

#[tokio::test]
async fn trickling_past_the_total_timeout_fails() {
    let harness = impatient(FakeScript {
        default: Behavior::Trickle {
            every: Duration::from_millis(100),
        },
        ..FakeScript::default()
    })
    .await;
    let started = std::time::Instant::now();
    let error = harness
        .client
        .complete_streaming(request("x"), &mut |_: &str| {})
        .await
        .unwrap_err();
    assert!(
        matches!(error, LlmError::Offline { degraded: true, .. }),
        "{error}"
    );
    assert_eq!(error.exit_code(), 4);
    // Two attempts, each cut by the one-second total timeout: at least two seconds in all.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(1_900), "{elapsed:?}");
    let rows = harness.rows();
    assert_eq!(harness.outcomes(), ["timeout", "timeout"]);
    assert!(
        rows[0].error.as_deref().unwrap().contains("total"),
        "{:?}",
        rows[0].error
    );
}

#[tokio::test]
async fn mid_stream_error_events_of_every_shape_are_retried() {
    for shape in [ErrorShape::OpenAi, ErrorShape::Vllm, ErrorShape::OpenRouter] {
        let harness = Harness::start(&["fake/m1"]).await;
        harness
            .server
            .push(Behavior::MidStreamError { shape, events: 2 });
        let completion = harness
            .client
            .complete_streaming(request("x"), &mut |_: &str| {})
            .await
            .unwrap();
        assert_eq!(
            completion.text, "Fake answer about src/lib.rs.",
            "{shape:?}"
        );
        let rows = harness.rows();
        assert_eq!(harness.outcomes(), ["retried", "ok"], "{shape:?}");
        assert!(
            rows[0].error.as_deref().unwrap().contains("error event"),
            "{shape:?}"
        );
    }
}

#[tokio::test]
async fn partial_text_is_never_cached() {
    let harness = Harness::start(&["fake/m1"]).await;
    harness
        .server
        .set_default(Behavior::Truncated { events: 2 });
    assert!(harness
        .client
        .complete_streaming(request("x"), &mut |_: &str| {})
        .await
        .is_err());
    harness.server.set_default(Behavior::Succeed);
    let completion = harness
        .client
        .complete_streaming(request("x"), &mut |_: &str| {})
        .await
        .unwrap();
    assert!(!completion.from_cache);
    assert_eq!(completion.text, "Fake answer about src/lib.rs.");
}
