//! Integration tests: the real `cartograph` binary on fixture repositories.
#![allow(clippy::unwrap_used)]

mod common;
mod crash;
mod docs;
mod docs_llm;
mod map;
mod mcp;
mod remote;
mod workflow;
