//! The provider layer: every model call of every phase goes through [`LlmClient`]. Adapters
//! (`openai`, `anthropic`) speak one wire format each and do nothing else; the client wraps
//! them once with the response cache, budgets, rate limits, circuit breakers, retries, the
//! fallback chain and the cost ledger. Knows nothing of prompts, pages or sled: it sees
//! `Arc<dyn Store>` and the repository paths a request says it carries.
//!
//! The order of one call: cache lookup (a hit costs nothing) → for each model of the phase's
//! chain: breaker → budget reservation → concurrency slot, requests-per-minute and
//! tokens-per-minute admission → the adapter's HTTP call under its timeouts → a ledger row,
//! flushed → settle the budget with the real usage → success, retry after a backoff, or the
//! next model. The `offline` provider ends every chain: reaching it is [`LlmError::Offline`].

mod adapters;
mod breaker;
mod budget;
mod cache;
mod client;
mod error;
mod http;
mod ledger;
mod limits;
mod retry;
mod sse;
mod types;

pub use adapters::{
    EmbeddingCall, EmbeddingReply, FailureKind, LlmProvider, OnText, ProviderCall, ProviderError,
    ProviderReply,
};
pub use client::{LlmClient, StreamEvent, RESTART_NOTICE};
pub use error::LlmError;
pub use http::RateLimitHints;
pub use ledger::{
    cost_report, read_ledger, CacheHits, CostReport, CostTotals, Ledger, LedgerRow, Outcome,
};
pub use retry::{full_jitter_delay, parse_retry_after, RETRY_AFTER_CEILING};
pub use types::{
    Completion, CompletionRequest, EmbeddingRequest, Embeddings, Message, PhaseSpend, Role, Spend,
    Usage,
};

pub use cartograph_config::ModelRef;
