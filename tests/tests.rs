//! Integration tests: the real `cartograph` binary on fixture repositories.
#![allow(clippy::unwrap_used)]

mod architecture;
mod common;
mod config_fuzz;
mod crash;
mod docs;
mod docs_llm;
mod embeddings;
mod graph;
mod lens;
mod map;
mod mcp;
mod new_user;
mod remote;
mod workflow;
