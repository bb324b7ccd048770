//! cartograph-render
