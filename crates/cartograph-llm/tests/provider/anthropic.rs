//! The Anthropic Messages wire shape.

use crate::support::{request, Harness, SENTINEL_KEY};
use cartograph_testkit::fake_provider::{Behavior, ErrorShape, FakeReply};

fn cached_reply() -> FakeReply {
    FakeReply {
        text: Some("Claude says hello.".into()),
        prompt_tokens: Some(1_000),
        cached_tokens: 600,
        completion_tokens: Some(100),
        pings: true,
        ..FakeReply::default()
    }
}

#[tokio::test]
async fn plain_messages_call_with_headers_and_cached_usage() {
    let harness = Harness::start(&["claude/sonnet"]).await;
    harness.server.push(Behavior::Reply(cached_reply()));
    let completion = harness.client.complete(request("x")).await.unwrap();
    assert_eq!(completion.text, "Claude says hello.");
    assert_eq!(completion.usage.prompt_tokens, 1_000);
    assert_eq!(completion.usage.cached_tokens, 600);
    assert_eq!(completion.usage.completion_tokens, 100);
    // 400 uncached at 1.0, 600 cached at 0.5, 100 out at 2.0 per million.
    assert!((completion.cost_usd.unwrap() - 0.0009).abs() < 1e-12);

    let sent = &harness.server.requests()[0];
    assert_eq!(sent.path, "/v1/messages");
    assert_eq!(
        sent.headers.get("x-api-key").map(String::as_str),
        Some(SENTINEL_KEY)
    );
    assert_eq!(
        sent.headers.get("anthropic-version").map(String::as_str),
        Some("2023-06-01")
    );
    assert!(!sent.headers.contains_key("authorization"));
    assert_eq!(sent.body["system"], "You summarize files.");
    assert_eq!(sent.body["messages"].as_array().unwrap().len(), 1);
    assert_eq!(sent.body["max_tokens"], 100);
}

#[tokio::test]
async fn streamed_messages_with_pings_and_cumulative_usage() {
    let harness = Harness::start(&["claude/sonnet"]).await;
    harness.server.push(Behavior::Reply(FakeReply {
        split_writes: Some(5),
        ..cached_reply()
    }));
    let mut received = String::new();
    let completion = harness
        .client
        .complete_streaming(request("x"), &mut |text: &str| received.push_str(text))
        .await
        .unwrap();
    assert_eq!(received, "Claude says hello.");
    assert_eq!(completion.usage.prompt_tokens, 1_000);
    assert_eq!(completion.usage.cached_tokens, 600);
    assert_eq!(completion.usage.completion_tokens, 100);
    assert_eq!(completion.served_model, "sonnet");
    let row = &harness.rows()[0];
    assert!(
        (row.cost_usd.unwrap() - 0.0009).abs() < 1e-12,
        "cached tokens priced once, at the cached price"
    );
}

#[tokio::test]
async fn overloaded_and_mid_stream_errors_are_retried() {
    let harness = Harness::start(&["claude/sonnet"]).await;
    harness.server.push(Behavior::status(529));
    harness.server.push(Behavior::MidStreamError {
        shape: ErrorShape::Anthropic,
        events: 2,
    });
    harness.server.push(Behavior::Truncated { events: 3 });
    let completion = harness
        .client
        .complete_streaming(request("x"), &mut |_: &str| {})
        .await;
    // Three failures use up the three attempts of the only model.
    assert!(completion.is_err());
    assert_eq!(harness.outcomes(), ["retried", "retried", "truncated"]);

    harness.server.push(Behavior::status(529));
    let completion = harness
        .client
        .complete_streaming(request("y"), &mut |_: &str| {})
        .await
        .unwrap();
    assert_eq!(completion.text, "Fake answer about src/lib.rs.");
}

#[tokio::test]
async fn credit_exhaustion_stops_the_run() {
    let harness = Harness::start(&["claude/sonnet", "fake/m1"]).await;
    harness.server.push(Behavior::Status {
        status: 400,
        body: r#"{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API."}}"#.into(),
        headers: Vec::new(),
    });
    let error = harness.client.complete(request("x")).await.unwrap_err();
    assert!(
        matches!(error, cartograph_llm::LlmError::Quota { .. }),
        "{error}"
    );
    assert_eq!(error.exit_code(), 3);
    assert_eq!(
        harness.server.request_count(),
        1,
        "no fallback after a money problem"
    );
}
