//! cartograph-pipeline
