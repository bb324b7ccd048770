//! cartograph-lang
