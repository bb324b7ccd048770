//! cartograph-store
