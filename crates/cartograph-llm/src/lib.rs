//! cartograph-llm
