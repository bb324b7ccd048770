//! `cartograph mcp`: the index, lens, docs pages and the run phase served to coding agents over
//! the Model Context Protocol (the official `rmcp` SDK), on stdio or streamable HTTP.
//!
//! The server holds an in-memory [`Snapshot`] of the structural index and serves every call
//! from it. It never keeps the store open: the [`Host`] takes the run lock only to refresh the
//! snapshot, which happens on a call when the file watcher saw a change, at most once a second;
//! when another run holds the lock, calls are answered from the snapshot as it stands. Nothing
//! here writes to the repository or the docs folder.

mod error;
mod http;
mod pages;
mod read;
mod server;
mod snapshot;
pub mod tools;
mod watch;

pub use error::McpError;
pub use http::{check_http_options, serve_http, HttpOptions};
pub use server::{serve_stdio, Server, ServerOptions, TOOL_NAMES};
pub use snapshot::{Refresher, Snapshot};

use cartograph_pipeline::question::QuestionIndex;

/// An error of the host, the binary's side of the server; shown to the client as one line.
pub type HostError = Box<dyn std::error::Error + Send + Sync>;

/// What the server needs from the binary: the index under the run lock, and a provider client.
pub trait Host: Send + Sync + 'static {
    /// Takes the run lock without waiting, brings the structural index up to date (no
    /// summaries are made), loads it and lets the lock go. `Ok(None)` when another run holds
    /// the lock. `on_dir` is called with each directory the map's walk enters, before any file
    /// in it is read: the server's file watcher watches it there.
    fn refresh(
        &self,
        on_dir: &(dyn Fn(&std::path::Path) + Sync),
    ) -> Result<Option<QuestionIndex>, HostError>;

    /// A provider client for the run phase that spends at most `max_cost_usd`. Its response
    /// cache lives in memory: the server never opens the store outside a refresh.
    fn run_client(&self, max_cost_usd: f64) -> Result<cartograph_llm::LlmClient, HostError>;

    /// With `[phases.lens] embedding_model`, the files of `index` by similarity to `question`
    /// (the question embedded once and kept in memory, the chunks' vectors read at the last
    /// refresh), which `search` and `ask` fuse with the lexical ranking. `None`, the default,
    /// ranks lexically; so does any failure, which the host logs.
    fn semantic(&self, index: &QuestionIndex, question: &str) -> Option<cartograph_lens::Semantic> {
        let _ = (index, question);
        None
    }

    /// The repository's past commits as of its `HEAD` now, which `search` and `ask` rank with
    /// as `lens` does (files that commits described like the question changed rise). A commit
    /// touches only `.git`, which the watcher ignores, so this is asked at every call rather
    /// than at a refresh. `None`, the default, ranks without history.
    fn history(&self) -> Option<std::sync::Arc<cartograph_lens::History>> {
        None
    }
}
