//! The phases over a repository: map (scan, hash, parse, summarize), lens, run and docs.
//! Sees storage and providers only through `&dyn Store` and the provider client.

pub mod map;

pub use map::{load_file_maps, map_structural, IndexEntry, MapOptions, MapOutput, MapStats};

use cartograph_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Walk(#[from] cartograph_scan::WalkError),
    #[error(transparent)]
    Classify(#[from] cartograph_scan::ClassifyError),
}
