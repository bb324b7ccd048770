//! Chooses the context for a question: ranks every file of the index with BM25F over its path,
//! identifiers, doc comments and signatures, summary and source, plus the names the question
//! spells out exactly (`exact`), a matching test's relevance lent to the file it tests, and a
//! lift for the best hits' neighbours in the import graph, then fills a token budget with the
//! best files in the cheapest form that serves (source, outline or summary). With the
//! repository's history (`History`, from `git log` text the caller reads), the files that past
//! commits described like the question changed rise too, and so do the matching files past
//! commits changed together with the best hits. Pure and deterministic: it reads nothing itself (file
//! texts and summaries come through callbacks, the term index through `Blob`) and calls no
//! model. With embeddings, `fuse` fuses the lexical ranking with one by similarity (reciprocal
//! rank); without them nothing changes. The term index (`index`, `corpus`) holds every file's words so that a question looks
//! up its own terms instead of reading every file; ranking with it or without it is the same.

mod analyze;
mod bm25;
mod corpus;
pub mod eval;
mod exact;
pub mod fuse;
mod history;
mod index;
mod outline;
mod rank;
mod tables;
mod terms;

pub use bm25::bm25_baseline;
pub use corpus::{Corpus, TextOf};
pub use fuse::{best_chunks, ChunkVector, Semantic, SemanticHit};
pub use history::History;
pub use index::{index_key, Blob, IndexError, TermIndex};
pub use outline::{has_outline, outline, outline_size, OutlineSize};
pub use rank::{
    rank, rank_hybrid, ranking, ranking_hybrid, LensResult, RankedFile, RankedSymbol, SentAs, Texts,
};
pub use tables::RankTables;
