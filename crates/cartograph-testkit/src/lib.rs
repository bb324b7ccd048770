//! Test support: temporary git repositories and fixtures, and the fault-injecting fake LLM
//! provider server that every provider test talks to over 127.0.0.1.

pub mod fake_provider;
pub mod repo;
