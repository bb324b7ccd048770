//! The ledger: one row per attempt, prices, and the closing run row.

use crate::support::{request, Harness};
use cartograph_core::Phase;
use cartograph_llm::{cost_report, Outcome};
use cartograph_testkit::fake_provider::{Behavior, FakeReply};

#[tokio::test]
async fn one_row_per_attempt_with_every_field() {
    let harness = Harness::start(&["fake/m1"]).await;
    harness.server.push(Behavior::status(500));
    harness.server.push(Behavior::status(502));
    harness.server.push(Behavior::Reply(FakeReply {
        prompt_tokens: Some(1_000),
        cached_tokens: 600,
        completion_tokens: Some(100),
        ..FakeReply::default()
    }));
    let mut sent = request("x");
    sent.redactions = 2;
    let completion = harness.client.complete(sent).await.unwrap();
    // 400 uncached at 1, 600 cached at 0.5, 100 out at 2 (USD per million).
    assert!((completion.cost_usd.unwrap() - 0.0009).abs() < 1e-12);

    let rows = harness.rows();
    assert_eq!(rows.len(), 3);
    for (index, row) in rows.iter().enumerate() {
        assert_eq!(row.attempt, index as u32 + 1);
        assert_eq!(row.run_id, "run-test");
        assert_eq!(row.phase, Some(Phase::Map));
        assert_eq!(row.files, ["src/lib.rs"]);
        assert_eq!(row.redactions, 2);
        assert!(row.ts.ends_with('Z') && row.ts.len() == 24, "{}", row.ts);
    }
    assert_eq!(rows[0].outcome, Outcome::Retried);
    assert_eq!(rows[0].cost_usd, Some(0.0), "a refused call costs nothing");
    assert_eq!(rows[0].prompt_tokens, 0);
    assert!(rows[0].error.as_deref().unwrap().starts_with("HTTP 500"));
    assert_eq!(rows[2].outcome, Outcome::Ok);
    assert_eq!(
        (
            rows[2].prompt_tokens,
            rows[2].cached_tokens,
            rows[2].completion_tokens
        ),
        (1_000, 600, 100)
    );
    assert!(!rows[2].tokens_estimated);
    assert!((rows[2].cost_usd.unwrap() - 0.0009).abs() < 1e-12);

    harness.client.finish().unwrap();
    let report = cost_report(&harness.rows(), None);
    assert_eq!(report.total.calls, 3);
    assert_eq!(report.total.failed_calls, 2);
    assert_eq!(
        report.total.prompt_tokens, 1_000,
        "cached tokens are part of prompt tokens, not added"
    );
    assert_eq!(report.total.cached_tokens, 600);
    assert!((report.total.cost_usd - 0.0009).abs() < 1e-12);
    assert_eq!(report.by_model["fake/m1"].calls, 3);
    assert_eq!(report.runs, 1);
}

#[tokio::test]
async fn the_ledger_is_on_disk_before_the_result_is_returned() {
    let harness = Harness::start(&["fake/m1"]).await;
    harness.client.complete(request("x")).await.unwrap();
    // Read straight from the file, not through any buffer of ours.
    let text = std::fs::read_to_string(&harness.ledger_path).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.ends_with('\n'));
    let value: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(value["outcome"], "ok");
    assert_eq!(value["served_model"], "m1");
}

#[tokio::test]
async fn a_second_run_appends_and_reports_cache_savings() {
    let harness = Harness::start(&["fake/m1"]).await;
    harness.client.complete(request("x")).await.unwrap();
    harness.client.finish().unwrap();
    let cost = harness.client.spent().cost_usd;

    // A second client on the same store and ledger: the same request is a free hit.
    let config = crate::support::config(&harness.server, &["fake/m1"]);
    let second = cartograph_llm::LlmClient::new(
        &config,
        harness.store.clone(),
        cartograph_llm::Ledger::open(&harness.ledger_path).unwrap(),
        "run-2".into(),
        5.0,
        &crate::support::env_with_key,
    )
    .unwrap();
    let completion = second.complete(request("x")).await.unwrap();
    assert!(completion.from_cache);
    second.finish().unwrap();
    let report = cost_report(&harness.rows(), None);
    assert_eq!(report.runs, 2);
    assert_eq!(report.total.calls, 1);
    assert_eq!(report.total.cached_calls, 1);
    assert!((report.total.saved_usd - cost).abs() < 1e-15);
    assert!((report.by_phase["map"].saved_usd - cost).abs() < 1e-15);
}
