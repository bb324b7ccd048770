//! The retrieval evaluation on the fixture repository: lens must put the answer in its top five
//! at least as often as plain BM25 over source text does. The same `evaluate` runs on real
//! repositories (see `cartograph_lens::eval`); this pins the harness and a floor.
#![allow(clippy::unwrap_used)]

mod common;

use cartograph_lens::eval::{evaluate, parse_cases};

const CASES: &str = "\
# question<TAB>file that holds the answer
How does retry with exponential backoff work?\tsrc/http/retry.rs
Which code evicts the least recently used entry?\tsrc/cache/lru.rs
How is the time to live of cached responses enforced?\tsrc/cache/store.rs
Where is the settings file read?\tsrc/config.rs
How are OAuth access tokens renewed?\tsrc/auth/token.rs
Where does the browser load a user's profile?\tweb/src/api.ts
How are database schema migrations applied?\tscripts/migrate.py
How does the connection pool hand out connections?\tsrc/db/pool.rs
Where are the sign-in form's email and password checked?\tweb/src/components/LoginForm.tsx
How is request latency recorded?\tsrc/metrics.rs
How is logging set up?\tsrc/log.rs
Where does the program start?\tsrc/main.rs
Which function evicts entries when the cache is full?\tsrc/cache/lru.rs
Where is an HTTP response parsed?\tweb/src/api.ts
";

#[test]
fn lens_beats_or_matches_bm25_on_the_fixture() {
    let repo = common::repo();
    let cases = parse_cases(CASES).unwrap();
    assert_eq!(cases.len(), 14);
    let (summary, source) = (repo.summary(), repo.source());
    let report = evaluate(
        &cases,
        &repo.files,
        cartograph_lens::Texts {
            summaries: &summary,
            sources: &source,
            corpus: None,
            outlines: None,
            tables: None,
            history: None,
        },
        &repo.graph,
        &repo.modules,
        5,
    );
    println!("{}", report.to_text());
    assert!(report.lens.hit >= report.bm25.hit, "{}", report.to_text());
    assert!(report.lens.hit >= 13.0 / 14.0, "{}", report.to_text());
    let first_place = report
        .outcomes
        .iter()
        .filter(|o| o.lens_ranks == [Some(1)])
        .count();
    assert!(first_place >= 11, "{}", report.to_text());
}
