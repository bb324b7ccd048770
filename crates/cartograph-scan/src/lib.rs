//! cartograph-scan
