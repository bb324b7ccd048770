//! Embeddings through the client (issue 13, hybrid retrieval): the fake provider's
//! `/v1/embeddings` with scripted vectors, one ledger row of phase `lens` per attempt, the
//! embedding budget never exceeded, local-only inputs kept from remote providers, and an
//! endpoint that fails refused cleanly.

use crate::support::{price, Harness};
use cartograph_config::ModelRef;
use cartograph_core::Phase;
use cartograph_llm::{EmbeddingRequest, LlmError};
use cartograph_testkit::fake_provider::{Behavior, FakeScript};

fn request(inputs: &[&str]) -> EmbeddingRequest {
    EmbeddingRequest {
        inputs: inputs.iter().map(|text| text.to_string()).collect(),
        files: vec!["src/lib.rs".into()],
        redactions: 0,
        local_only: false,
    }
}

async fn harness(budget_tokens: u64) -> Harness {
    Harness::with(FakeScript::default(), &["fake/m1"], |config| {
        config.phases.embedding.model = ModelRef::parse("fake/embed");
        config.phases.embedding.budget_tokens = budget_tokens;
        config
            .models
            .insert("fake/embed".into(), price(0.02, 0.0, 0.02, 8_191));
    })
    .await
}

#[tokio::test]
async fn vectors_come_back_in_order_and_each_attempt_is_a_lens_row() {
    let harness = harness(1_000_000).await;
    harness.server.set_embedding_dimensions(3);
    harness
        .server
        .script_embedding("refund", vec![1.0, 0.0, 0.0]);
    harness
        .server
        .script_embedding("ledger", vec![0.0, 1.0, 0.0]);
    let embeddings = harness
        .client
        .embed(request(&["fn ledger_row()", "fn refund()"]))
        .await
        .unwrap();
    assert_eq!(
        embeddings.vectors,
        vec![vec![0.0, 1.0, 0.0], vec![1.0, 0.0, 0.0]]
    );
    assert_eq!(embeddings.model, ModelRef::parse("fake/embed").unwrap());
    assert!(embeddings.usage.prompt_tokens > 0);
    assert_eq!(harness.server.count_for_path("/v1/embeddings"), 1);
    let rows = harness.rows();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.phase, Some(Phase::Lens));
    assert_eq!(row.model, "embed");
    assert_eq!(row.outcome.as_str(), "ok");
    assert_eq!(row.files, vec!["src/lib.rs".to_string()]);
    assert_eq!(row.prompt_tokens, embeddings.usage.prompt_tokens);
    let expected_cost = row.prompt_tokens as f64 * 0.02 / 1e6;
    assert!((row.cost_usd.unwrap() - expected_cost).abs() < 1e-12);
    assert_eq!(harness.client.spent().phase(Phase::Lens).requests, 1);
}

#[tokio::test]
async fn a_failing_endpoint_is_refused_cleanly_after_its_retries() {
    let harness = harness(1_000_000).await;
    harness
        .server
        .set_model_default("embed", Behavior::status(503));
    let error = harness
        .client
        .embed(request(&["fn a()"]))
        .await
        .unwrap_err();
    assert!(
        matches!(error, LlmError::Offline { degraded: true, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("503"), "{error}");
    // max_attempts = 3 in the harness: every attempt is a row, none is charged.
    let rows = harness.rows();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|row| row.cost_usd == Some(0.0)));

    // A server without the endpoint (404) is not retried.
    let harness = self::harness(1_000_000).await;
    harness
        .server
        .set_model_default("embed", Behavior::status(404));
    assert!(harness.client.embed(request(&["fn a()"])).await.is_err());
    assert_eq!(harness.server.count_for_path("/v1/embeddings"), 1);
}

#[tokio::test]
async fn the_embedding_budget_is_never_exceeded() {
    // About 25 o200k tokens fit, with the tokenizer margin; the second call does not.
    let harness = harness(40).await;
    let text = "word ".repeat(20);
    harness.client.embed(request(&[&text])).await.unwrap();
    let error = harness.client.embed(request(&[&text])).await.unwrap_err();
    assert!(
        matches!(
            error,
            LlmError::Budget {
                phase: Phase::Lens,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("embedding_budget_tokens"),
        "{error}"
    );
    assert_eq!(
        harness.server.count_for_path("/v1/embeddings"),
        1,
        "a refused call never leaves"
    );
    let used: u64 = harness.rows().iter().map(|row| row.prompt_tokens).sum();
    assert!(used <= 40, "{used}");
}

#[tokio::test]
async fn local_only_inputs_never_reach_a_remote_provider() {
    let harness = harness(1_000_000).await;
    let mut local_only = request(&["fn internal()"]);
    local_only.local_only = true;
    let error = harness.client.embed(local_only).await.unwrap_err();
    assert!(
        matches!(
            error,
            LlmError::Offline {
                degraded: false,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(harness.server.request_count(), 0);
    assert!(!harness.client.embedding_is_local());
}

#[tokio::test]
async fn anthropic_has_no_embeddings_and_says_so() {
    let harness = Harness::with(FakeScript::default(), &["fake/m1"], |config| {
        config.phases.embedding.model = ModelRef::parse("claude/claude-haiku-4-5");
    })
    .await;
    assert_eq!(harness.client.embedding_model(), None);
    let reason = harness.client.embedding_unavailable().unwrap_or_default();
    assert!(reason.contains("no embeddings endpoint"), "{reason}");
    let error = harness.client.embed(request(&["x"])).await.unwrap_err();
    assert!(
        error.to_string().contains("no embeddings endpoint"),
        "{error}"
    );
    assert_eq!(harness.server.request_count(), 0);
}

#[tokio::test]
async fn no_embedding_model_means_no_call() {
    let harness = Harness::start(&["fake/m1"]).await;
    assert_eq!(harness.client.embedding_model(), None);
    assert_eq!(harness.client.embedding_unavailable(), None);
    assert!(matches!(
        harness.client.embed(request(&["x"])).await,
        Err(LlmError::Offline {
            degraded: false,
            ..
        })
    ));
    assert_eq!(harness.server.request_count(), 0);
}
