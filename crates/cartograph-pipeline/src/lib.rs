//! The phases over a repository: map (scan, hash, parse, summarize), lens, run and docs.
//! Sees storage and providers only through `&dyn Store` and the provider client.

pub mod docs;
pub mod embed;
pub mod gate;
pub mod history;
pub mod map;
pub mod output;
pub mod prompts;
pub mod question;
pub mod rerank;
mod revise;
pub mod stored_index;
pub mod summarize;

pub use map::{load_file_maps, map_structural, IndexEntry, MapOptions, MapOutput, MapStats};

use cartograph_store::StoreError;

/// The content-addressed trees a team cache may share: the same key means the same record on
/// every machine. Stat records stay local.
pub fn shared_cache_trees() -> Vec<String> {
    vec![
        map::map_tree(),
        summarize::SUMMARY_TREE.to_string(),
        docs::BODY_TREE.to_string(),
        "llm-responses-v1".to_string(),
        embed::EMBEDDING_TREE.to_string(),
        embed::CHUNK_TREE.to_string(),
    ]
}

/// Whether a cache record of `tree` decodes: stat and skip records in their binary layouts, every other
/// record as (possibly compressed) JSON. `cache verify` removes the ones that do not.
pub fn record_is_valid(tree: &str, bytes: &[u8]) -> bool {
    if tree == map::stat_tree() {
        map::stat_record_is_valid(bytes)
    } else if tree == map::skip_tree() {
        map::skip_record_is_valid(bytes)
    } else if tree == embed::EMBEDDING_TREE {
        embed::vector_record_is_valid(bytes)
    } else {
        cartograph_store::decode_json::<serde::de::IgnoredAny>(bytes).is_ok()
    }
}

/// The cache trees this version reads and writes; `cache gc` drops any other.
pub fn cache_trees() -> Vec<String> {
    vec![
        map::stat_tree(),
        map::skip_tree(),
        map::map_tree(),
        summarize::SUMMARY_TREE.to_string(),
        docs::BODY_TREE.to_string(),
        docs::ROOT_TREE.to_string(),
        // The provider layer's response cache.
        "llm-responses-v1".to_string(),
        embed::EMBEDDING_TREE.to_string(),
        embed::CHUNK_TREE.to_string(),
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Walk(#[from] cartograph_scan::WalkError),
    #[error(transparent)]
    Classify(#[from] cartograph_scan::ClassifyError),
    #[error(transparent)]
    Llm(#[from] cartograph_llm::LlmError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error(transparent)]
    Prompt(#[from] prompts::PromptError),
}
