//! Hybrid retrieval (issue 13): the lexical ranking fused with a similarity ranking by
//! reciprocal rank. Without one, lens is exactly lexical; with one, a file found only by
//! meaning becomes a candidate, and agreement between the two rankings wins.
#![allow(clippy::unwrap_used)]

mod common;

use cartograph_lens::{rank, rank_hybrid, LensResult, Semantic, SemanticHit, Texts};
use common::{repo, Repo};

fn lens(repo: &Repo, question: &str, semantic: Option<&Semantic>) -> LensResult {
    let (summary, source) = (repo.summary(), repo.source());
    let corpus = repo.corpus();
    rank_hybrid(
        question,
        &repo.files,
        Texts {
            summaries: &summary,
            sources: &source,
            corpus: Some(&corpus),
            outlines: None,
            tables: None,
            history: None,
        },
        &repo.graph,
        &repo.modules,
        20_000,
        semantic,
    )
}

fn at(repo: &Repo, path: &str) -> usize {
    repo.files
        .iter()
        .position(|file| file.path.as_str() == path)
        .unwrap()
}

fn hit(repo: &Repo, path: &str, similarity: f32) -> SemanticHit {
    SemanticHit {
        file_at: at(repo, path),
        similarity,
        chunk: format!("fn in {path}"),
    }
}

fn paths(result: &LensResult) -> Vec<&str> {
    result.files.iter().map(|file| file.path.as_str()).collect()
}

#[test]
fn without_embeddings_lens_is_unchanged() {
    let repo = repo();
    let question = "how does the retry backoff work?";
    let (summary, source) = (repo.summary(), repo.source());
    let corpus = repo.corpus();
    let plain = rank(
        question,
        &repo.files,
        Texts {
            summaries: &summary,
            sources: &source,
            corpus: Some(&corpus),
            outlines: None,
            tables: None,
            history: None,
        },
        &repo.graph,
        &repo.modules,
        20_000,
    );
    assert_eq!(lens(&repo, question, None), plain);
    assert_eq!(
        lens(&repo, question, Some(&Semantic::default())),
        plain,
        "an empty similarity ranking changes nothing"
    );
}

#[test]
fn a_file_found_only_by_meaning_becomes_a_candidate() {
    let repo = repo();
    let question = "how does the retry backoff work?";
    let lexical = lens(&repo, question, None);
    assert!(
        !paths(&lexical).contains(&"src/db/pool.rs"),
        "{:?}",
        paths(&lexical)
    );
    let semantic = Semantic {
        hits: vec![
            hit(&repo, "src/db/pool.rs", 0.9),
            hit(&repo, "src/http/retry.rs", 0.8),
        ],
    };
    let fused = lens(&repo, question, Some(&semantic));
    let fused_paths = paths(&fused);
    assert!(fused_paths.contains(&"src/db/pool.rs"), "{fused_paths:?}");
    // Both rankings put the retry file near the top: it stays first.
    assert_eq!(fused_paths[0], "src/http/retry.rs", "{fused_paths:?}");
    let reasons = fused.files[0].reasons.join("\n");
    assert!(
        reasons.contains("fused by reciprocal rank (k = 60): lexical #1, embeddings #2"),
        "{reasons}"
    );
    let pool = fused
        .files
        .iter()
        .find(|file| file.path.as_str() == "src/db/pool.rs")
        .unwrap();
    assert!(
        pool.reasons.join("\n").contains("lexical -, embeddings #1"),
        "{:?}",
        pool.reasons
    );
    assert_eq!(fused.files[0].score, 1.0, "the best fused file scores 1");
    assert_eq!(
        fused,
        lens(&repo, question, Some(&semantic)),
        "deterministic"
    );
}
