//! cartograph-testkit
