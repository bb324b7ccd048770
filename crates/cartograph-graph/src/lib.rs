//! cartograph-graph
