//! The provider layer against the project's fake provider over 127.0.0.1: wire shapes,
//! faults, retries, breakers, fallback, budgets, rate limits, the ledger and keys.
#![allow(clippy::unwrap_used)]

mod anthropic;
mod budgets;
mod chain;
mod config;
mod embeddings;
mod faults;
mod ledger;
mod limits;
mod openai;
mod secrets;
mod support;
