//! The range every count and duration of the configuration must lie in. The upper bounds are
//! generous (no sensible configuration reaches them); they exist so that a typo such as
//! `timeout_secs = 1e19` is refused with a message instead of overflowing a clock or a counter
//! later in the run. Knows no file: `validate` checks values against these, and the loader uses
//! them to word type errors ("expected an integer from 1 to 100").

/// An integer key and its range, both ends included. The key name alone identifies it: the
/// same name means the same thing in every table that has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountBound {
    pub key: &'static str,
    pub min: u64,
    pub max: u64,
}

/// A key in seconds (a float): above 0 (or 0 allowed, for `max_retry_after_secs`) and at
/// most `max`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SecondsBound {
    pub key: &'static str,
    pub zero_allowed: bool,
    pub max: f64,
}

const DAY_SECS: f64 = 86_400.0;

/// Every integer key that counts something, with its range.
pub const COUNT_BOUNDS: [CountBound; 14] = [
    count("llms_txt_tokens", 0, 10_000_000),
    count("max_file_bytes", 1, 1 << 30),
    count("requests_per_minute", 1, 1_000_000),
    count("tokens_per_minute", 1, 10_000_000_000),
    count("max_concurrency", 1, 4_096),
    count("max_input_tokens", 1, 10_000_000),
    count("max_output_tokens", 1, 10_000_000),
    count("budget_tokens", 0, 1_000_000_000_000),
    count("embedding_budget_tokens", 0, 1_000_000_000_000),
    count("max_attempts", 1, 100),
    count("base_delay_ms", 0, 3_600_000),
    count("max_delay_ms", 0, 3_600_000),
    // 0 keeps records until Redis evicts them.
    count("remote_ttl_days", 0, 3_650),
    count("context_window", 1, 100_000_000),
];

/// Every key in seconds, with its range.
pub const SECONDS_BOUNDS: [SecondsBound; 5] = [
    seconds("connect_timeout_secs", false),
    seconds("first_byte_timeout_secs", false),
    seconds("idle_timeout_secs", false),
    seconds("timeout_secs", false),
    seconds("max_retry_after_secs", true),
];

const fn count(key: &'static str, min: u64, max: u64) -> CountBound {
    CountBound { key, min, max }
}

const fn seconds(key: &'static str, zero_allowed: bool) -> SecondsBound {
    SecondsBound {
        key,
        zero_allowed,
        max: DAY_SECS,
    }
}

/// The range of an integer key, by its name.
pub fn count_bound(key: &str) -> Option<CountBound> {
    COUNT_BOUNDS.iter().find(|bound| bound.key == key).copied()
}

/// The range of a key in seconds, by its name.
pub fn seconds_bound(key: &str) -> Option<SecondsBound> {
    SECONDS_BOUNDS
        .iter()
        .find(|bound| bound.key == key)
        .copied()
}

/// A number as the reference file writes it, with `_` between thousands: `1_000_000`.
pub fn with_underscores(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('_');
        }
        out.push(digit);
    }
    out
}

impl CountBound {
    /// "an integer from 1 to 100", for messages.
    pub fn words(&self) -> String {
        format!(
            "an integer from {} to {}",
            with_underscores(self.min),
            with_underscores(self.max)
        )
    }
}

impl SecondsBound {
    /// "a number of seconds above 0 and at most 86_400", for messages.
    pub fn words(&self) -> String {
        let low = if self.zero_allowed {
            "0 or more"
        } else {
            "above 0"
        };
        format!(
            "a number of seconds, {low} and at most {}",
            with_underscores(self.max as u64)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated_as_toml_writes_them() {
        assert_eq!(with_underscores(0), "0");
        assert_eq!(with_underscores(100), "100");
        assert_eq!(with_underscores(4_096), "4_096");
        assert_eq!(with_underscores(1 << 30), "1_073_741_824");
    }

    #[test]
    fn every_bound_is_a_real_range() {
        for bound in COUNT_BOUNDS {
            assert!(bound.min < bound.max, "{bound:?}");
            assert_eq!(count_bound(bound.key), Some(bound));
        }
        assert_eq!(count_bound("max_cost_usd"), None);
        assert_eq!(
            count_bound("max_attempts").map(|bound| bound.words()),
            Some("an integer from 1 to 100".to_string())
        );
    }
}
