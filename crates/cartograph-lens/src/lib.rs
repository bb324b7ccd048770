//! Chooses the context for a question: ranks every file of the index with BM25F over its path,
//! identifiers, doc comments and signatures, summary and source, plus the names the question
//! spells out exactly (`exact`), a matching test's relevance lent to the file it tests, and a
//! lift for the best hits' neighbours in the import graph, then fills a token budget with the
//! best files in the cheapest form that serves (source, outline or summary). Pure and deterministic: it reads nothing itself (file
//! texts and summaries come through callbacks) and calls no model.

mod analyze;
mod bm25;
pub mod eval;
mod exact;
mod outline;
mod rank;

pub use bm25::bm25_baseline;
pub use outline::outline;
pub use rank::{rank, ranking, LensResult, RankedFile, RankedSymbol, SentAs};
