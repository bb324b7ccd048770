//! The OpenAI wire shape: plain and streamed replies, the response cache, server quirks.

use crate::support::{request, Harness};
use cartograph_core::Phase;
use cartograph_llm::{Outcome, StreamEvent};
use cartograph_testkit::fake_provider::{Behavior, FakeReply};

#[tokio::test]
async fn plain_reply_is_ledgered_cached_and_counted() {
    let harness = Harness::start(&["fake/m1"]).await;
    let completion = harness
        .client
        .complete(request("fn main() {}"))
        .await
        .unwrap();
    assert_eq!(completion.text, "Fake answer about src/lib.rs.");
    assert_eq!(completion.model.to_string(), "fake/m1");
    assert_eq!(completion.served_model, "m1");
    assert!(!completion.from_cache);
    assert!(!completion.usage.estimated);
    let expected_cost = (completion.usage.prompt_tokens as f64 * 1.0
        + completion.usage.completion_tokens as f64 * 2.0)
        / 1e6;
    assert!((completion.cost_usd.unwrap() - expected_cost).abs() < 1e-15);

    let sent = &harness.server.requests()[0];
    assert_eq!(sent.path, "/v1/chat/completions");
    assert_eq!(sent.body["max_tokens"], 100);
    assert_eq!(sent.body["messages"][0]["role"], "system");
    assert!(!sent.stream);

    let rows = harness.rows();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!((row.provider.as_str(), row.model.as_str()), ("fake", "m1"));
    assert_eq!(row.served_model.as_deref(), Some("m1"));
    assert_eq!(row.outcome, Outcome::Ok);
    assert_eq!(row.attempt, 1);
    assert_eq!(row.phase, Some(Phase::Map));
    assert_eq!(row.files, vec!["src/lib.rs".to_string()]);
    assert_eq!(row.prompt_tokens, completion.usage.prompt_tokens);

    // The same request again: from the cache, no call, no ledger row.
    let again = harness
        .client
        .complete(request("fn main() {}"))
        .await
        .unwrap();
    assert!(again.from_cache);
    assert_eq!(again.text, completion.text);
    assert_eq!(again.cost_usd, Some(0.0));
    assert_eq!(harness.server.request_count(), 1);
    // A different prompt version is a different request.
    let mut changed = request("fn main() {}");
    changed.prompt_version = "test-v2".into();
    assert!(!harness.client.complete(changed).await.unwrap().from_cache);
    assert_eq!(harness.server.request_count(), 2);

    let spent = harness.client.spent().phase(Phase::Map);
    assert_eq!((spent.requests, spent.cached, spent.attempts), (2, 1, 2));
    assert!((spent.saved_usd - expected_cost).abs() < 1e-15);

    harness.client.finish().unwrap();
    let rows = harness.rows();
    let run_row = rows.last().unwrap();
    assert_eq!(run_row.outcome, Outcome::Run);
    assert_eq!(run_row.phase, None);
    assert_eq!(run_row.cache_hits.len(), 1);
    assert_eq!(run_row.cache_hits[0].calls, 1);
    assert!((run_row.cache_hits[0].saved_usd - expected_cost).abs() < 1e-15);

    let report = cartograph_llm::cost_report(&rows, None);
    assert_eq!(report.total.calls, 2);
    assert_eq!(report.total.cached_calls, 1);
    assert!((report.total.cost_usd - harness.client.spent().cost_usd).abs() < 1e-12);
}

#[tokio::test]
async fn streamed_reply_survives_split_events_pings_and_comments() {
    let harness = Harness::start(&["fake/m1"]).await;
    let text = "A streamed answer that arrives in many small pieces.";
    harness.server.push(Behavior::Reply(FakeReply {
        text: Some(text.into()),
        pings: true,
        split_writes: Some(7),
        prompt_tokens: Some(50),
        completion_tokens: Some(12),
        ..FakeReply::default()
    }));
    let mut received = String::new();
    let completion = harness
        .client
        .complete_streaming(request("stream"), &mut |delta: &str| {
            received.push_str(delta)
        })
        .await
        .unwrap();
    assert_eq!(received, text);
    assert_eq!(completion.text, text);
    assert_eq!(
        (
            completion.usage.prompt_tokens,
            completion.usage.completion_tokens
        ),
        (50, 12)
    );
    let sent = &harness.server.requests()[0];
    assert!(sent.stream);
    assert_eq!(sent.body["stream_options"]["include_usage"], true);
    // A streamed success is cached like any other.
    let mut replayed = String::new();
    let again = harness
        .client
        .complete_streaming(request("stream"), &mut |delta: &str| {
            replayed.push_str(delta)
        })
        .await
        .unwrap();
    assert!(again.from_cache);
    assert_eq!(replayed, text);
}

#[tokio::test]
async fn a_finish_reason_ends_the_stream_without_done() {
    let harness = Harness::start(&["fake/m1"]).await;
    // The server sends the finish reason and usage, then neither `[DONE]` nor the end.
    harness.server.push(Behavior::Reply(FakeReply {
        text: Some("complete".into()),
        omit_done: true,
        keep_open: true,
        ..FakeReply::default()
    }));
    // The server sends the finish reason, no usage, no `[DONE]`, and ends the body.
    harness.server.push(Behavior::Reply(FakeReply {
        text: Some("also complete".into()),
        omit_done: true,
        omit_usage: true,
        ..FakeReply::default()
    }));
    let started = std::time::Instant::now();
    let first = harness
        .client
        .complete_streaming(request("a"), &mut |_: &str| {})
        .await
        .unwrap();
    assert_eq!(first.text, "complete");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "no wait for [DONE]"
    );
    let second = harness
        .client
        .complete_streaming(request("b"), &mut |_: &str| {})
        .await
        .unwrap();
    assert_eq!(second.text, "also complete");
    assert!(
        second.usage.estimated,
        "no usage reported: estimated locally"
    );
    let rows = harness.rows();
    assert!(rows[1].tokens_estimated);
    assert!(rows[1].prompt_tokens > 0 && rows[1].completion_tokens > 0);
}

#[tokio::test]
async fn refused_parameters_are_dropped_once_and_remembered() {
    let harness = Harness::start(&["fake/m1"]).await;
    harness
        .server
        .reject_parameters(&["stream_options", "response_format"]);
    let mut json_request = request("json please");
    json_request.json_output = true;
    let completion = harness
        .client
        .complete_streaming(json_request.clone(), &mut |_: &str| {})
        .await
        .unwrap();
    assert!(!completion.text.is_empty());
    // stream_options refused, then response_format refused, then success.
    assert_eq!(harness.server.request_count(), 3);
    assert_eq!(harness.outcomes(), ["retried", "retried", "ok"]);
    // Remembered: the next call goes through at once.
    json_request.prompt_version = "other".into();
    harness
        .client
        .complete_streaming(json_request, &mut |_: &str| {})
        .await
        .unwrap();
    assert_eq!(harness.server.request_count(), 4);
    let last = harness.server.requests().pop().unwrap();
    assert!(last.body.get("stream_options").is_none());
    assert!(last.body.get("response_format").is_none());
}

#[tokio::test]
async fn openrouter_cost_and_served_model_are_used() {
    let harness = Harness::start(&["fake/router"]).await;
    harness.server.push(Behavior::Reply(FakeReply {
        served_model: Some("anthropic/claude-sonnet-4.5".into()),
        cost_usd: Some(0.0123),
        ..FakeReply::default()
    }));
    let completion = harness.client.complete(request("x")).await.unwrap();
    assert_eq!(completion.served_model, "anthropic/claude-sonnet-4.5");
    assert_eq!(completion.cost_usd, Some(0.0123));
    let row = &harness.rows()[0];
    assert_eq!(
        row.served_model.as_deref(),
        Some("anthropic/claude-sonnet-4.5")
    );
    assert_eq!(row.model, "router");
    assert_eq!(row.cost_usd, Some(0.0123));
}

#[tokio::test]
async fn json_requests_get_a_json_object() {
    let harness = Harness::start(&["fake/m1"]).await;
    let mut json_request = request("x");
    json_request.json_output = true;
    let completion = harness.client.complete(json_request).await.unwrap();
    let value: serde_json::Value = serde_json::from_str(&completion.text).unwrap();
    assert_eq!(value["path"], "src/lib.rs");
    assert_eq!(
        harness.server.requests()[0].body["response_format"]["type"],
        "json_object"
    );
}

#[tokio::test]
async fn restarts_are_signalled_before_the_new_text() {
    let harness = Harness::start(&["fake/m1"]).await;
    harness.server.push(Behavior::Truncated { events: 2 });
    harness
        .server
        .push(Behavior::Reply(FakeReply::text("the full answer")));
    let mut events = Vec::new();
    let completion = harness
        .client
        .complete_streaming_events(request("x"), &mut |event: StreamEvent<'_>| {
            events.push(match event {
                StreamEvent::Text(text) => format!("text:{text}"),
                StreamEvent::Restart { model, .. } => format!("restart:{model}"),
            })
        })
        .await
        .unwrap();
    assert_eq!(completion.text, "the full answer");
    let restart = events
        .iter()
        .position(|event| event == "restart:fake/m1")
        .unwrap();
    assert!(restart > 0, "partial text came first: {events:?}");
    let after: String = events[restart + 1..]
        .iter()
        .map(|e| e.trim_start_matches("text:"))
        .collect();
    assert_eq!(after, "the full answer");
    assert_eq!(harness.outcomes(), ["truncated", "ok"]);

    // The text-only form prints the notice between the two.
    harness.server.push(Behavior::Truncated { events: 2 });
    let mut printed = String::new();
    harness
        .client
        .complete_streaming(request("y"), &mut |text: &str| printed.push_str(text))
        .await
        .unwrap();
    assert!(printed.contains(cartograph_llm::RESTART_NOTICE));
    assert!(printed.ends_with("Fake answer about src/lib.rs."));
}
