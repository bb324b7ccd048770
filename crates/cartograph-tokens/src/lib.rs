//! cartograph-tokens
