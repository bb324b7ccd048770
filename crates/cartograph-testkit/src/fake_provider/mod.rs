//! The fault-injecting fake provider server (being written).
