//! cartograph-lens
