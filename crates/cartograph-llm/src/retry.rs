//! When to try again: full-jitter backoff, and what a server's `retry-after-ms`,
//! `retry-after` (seconds or an HTTP date) and `x-should-retry` headers say. Pure functions;
//! the client does the sleeping.

use rand::Rng;
use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime};

/// The longest wait a header can ask for: anything longer (a 35-digit number of seconds, a
/// date years away) is read as this, which is longer than any sensible
/// `max_retry_after_secs`, so the chain moves on.
pub const RETRY_AFTER_CEILING: Duration = Duration::from_secs(24 * 60 * 60);

/// Full jitter: uniform in `0..=min(max_delay, base · 2^retry)`, `retry` counting from 0.
/// Computed here rather than with backon, whose jitter adds on top of the delay.
pub fn full_jitter_delay(retry: u32, base_delay_ms: u64, max_delay_ms: u64) -> Duration {
    let ceiling_ms = exponential_ceiling_ms(retry, base_delay_ms, max_delay_ms);
    if ceiling_ms == 0 {
        return Duration::ZERO;
    }
    Duration::from_millis(rand::thread_rng().gen_range(0..=ceiling_ms))
}

/// `min(max_delay, base · 2^retry)` without overflow.
pub(crate) fn exponential_ceiling_ms(retry: u32, base_delay_ms: u64, max_delay_ms: u64) -> u64 {
    let factor = 1u64.checked_shl(retry).unwrap_or(u64::MAX);
    base_delay_ms.saturating_mul(factor).min(max_delay_ms)
}

/// What a failed response says about retrying.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RetryHeaders {
    pub retry_after: Option<Duration>,
    pub should_retry: Option<bool>,
}

pub(crate) fn retry_headers(headers: &HeaderMap, now: SystemTime) -> RetryHeaders {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let retry_after = header("retry-after-ms")
        .and_then(parse_retry_after_ms)
        .or_else(|| header("retry-after").and_then(|value| parse_retry_after(value, now)));
    let should_retry = header("x-should-retry").and_then(|value| match value.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    });
    RetryHeaders {
        retry_after,
        should_retry,
    }
}

/// `retry-after-ms`: a non-negative number of milliseconds, fractions allowed.
pub(crate) fn parse_retry_after_ms(value: &str) -> Option<Duration> {
    parse_non_negative_seconds(value)
        .map(|ms| ms / 1000.0)
        .and_then(seconds_to_duration)
}

/// `retry-after`: a non-negative number of seconds (fractions allowed, as some providers
/// send) or an HTTP date. A date in the past means now. Garbage, negative numbers, `inf`
/// and `nan` mean nothing was said (`None`); absurdly long waits are capped at
/// [`RETRY_AFTER_CEILING`].
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Some(seconds) = parse_non_negative_seconds(value) {
        return seconds_to_duration(seconds);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    let wait = date.duration_since(now).unwrap_or(Duration::ZERO);
    Some(wait.min(RETRY_AFTER_CEILING))
}

fn parse_non_negative_seconds(value: &str) -> Option<f64> {
    let value = value.trim();
    // Only plain decimal numbers: Rust's float parser also takes `inf`, `nan` and `1e3`.
    if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let number: f64 = value.parse().ok()?;
    (number.is_finite() && number >= 0.0).then_some(number)
}

fn seconds_to_duration(seconds: f64) -> Option<Duration> {
    if seconds >= RETRY_AFTER_CEILING.as_secs_f64() {
        return Some(RETRY_AFTER_CEILING);
    }
    Duration::try_from_secs_f64(seconds).ok()
}

/// OpenAI's `x-ratelimit-reset-*` values: `1s`, `6m0s`, `20ms`, `1h2m3.5s`; plain numbers are
/// seconds.
pub(crate) fn parse_reset_duration(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Some(seconds) = parse_non_negative_seconds(value) {
        return seconds_to_duration(seconds);
    }
    let mut total = 0.0f64;
    let mut rest = value;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale = match unit {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        total += number * scale;
    }
    seconds_to_duration(total)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn now() -> SystemTime {
        httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").unwrap()
    }

    #[test]
    fn retry_after_table() {
        let secs = |s: f64| Some(Duration::from_secs_f64(s));
        let table: &[(&str, Option<Duration>)] = &[
            ("120", secs(120.0)),
            ("  7 ", secs(7.0)),
            ("1.5", secs(1.5)),
            ("0", secs(0.0)),
            ("0.0", secs(0.0)),
            ("-5", None),
            ("-0.5", None),
            ("inf", None),
            ("Infinity", None),
            ("nan", None),
            ("NaN", None),
            ("1e3", None),
            ("", None),
            ("soon", None),
            ("12abc", None),
            ("1.2.3", None),
            (
                "99999999999999999999999999999999999",
                Some(RETRY_AFTER_CEILING),
            ),
            ("Wed, 21 Oct 2026 07:28:30 GMT", secs(30.0)),
            ("Wed, 21 Oct 2026 07:27:00 GMT", secs(0.0)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", secs(0.0)),
            ("Fri, 21 Oct 2039 07:28:00 GMT", Some(RETRY_AFTER_CEILING)),
            ("Wed, 21 Oct 2026 07:28:30", None),
        ];
        for (value, expected) in table {
            assert_eq!(
                parse_retry_after(value, now()),
                *expected,
                "retry-after {value:?}"
            );
        }
    }

    proptest::proptest! {
        /// No header value panics or asks for more than the ceiling.
        #[test]
        fn any_header_value_is_safe(value in "\\PC{0,40}", digits in "[0-9]{1,60}(\\.[0-9]{0,30})?") {
            for value in [value.as_str(), digits.as_str()] {
                if let Some(wait) = parse_retry_after(value, now()) {
                    proptest::prop_assert!(wait <= RETRY_AFTER_CEILING);
                }
                if let Some(wait) = parse_retry_after_ms(value) {
                    proptest::prop_assert!(wait <= RETRY_AFTER_CEILING);
                }
                let _ = parse_reset_duration(value);
            }
        }
    }

    #[test]
    fn retry_after_ms_and_precedence() {
        assert_eq!(
            parse_retry_after_ms("250"),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            parse_retry_after_ms("0.5"),
            Some(Duration::from_micros(500))
        );
        assert_eq!(parse_retry_after_ms("-1"), None);
        assert_eq!(parse_retry_after_ms("nan"), None);
        assert_eq!(
            parse_retry_after_ms("99999999999999999999999999999999999"),
            Some(RETRY_AFTER_CEILING)
        );

        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "10".parse().unwrap());
        headers.insert("retry-after-ms", "1500".parse().unwrap());
        headers.insert("x-should-retry", "false".parse().unwrap());
        let parsed = retry_headers(&headers, now());
        assert_eq!(parsed.retry_after, Some(Duration::from_millis(1500)));
        assert_eq!(parsed.should_retry, Some(false));

        // A garbage `retry-after-ms` falls back to `retry-after`.
        headers.insert("retry-after-ms", "soon".parse().unwrap());
        assert_eq!(
            retry_headers(&headers, now()).retry_after,
            Some(Duration::from_secs(10))
        );
    }

    #[test]
    fn reset_durations() {
        assert_eq!(parse_reset_duration("1s"), Some(Duration::from_secs(1)));
        assert_eq!(parse_reset_duration("6m0s"), Some(Duration::from_secs(360)));
        assert_eq!(
            parse_reset_duration("20ms"),
            Some(Duration::from_millis(20))
        );
        assert_eq!(
            parse_reset_duration("1h2m3.5s"),
            Some(Duration::from_secs_f64(3723.5))
        );
        assert_eq!(parse_reset_duration("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_reset_duration("soon"), None);
        assert_eq!(parse_reset_duration("5x"), None);
        assert_eq!(parse_reset_duration(""), None);
    }

    #[test]
    fn full_jitter_stays_under_the_exponential_ceiling() {
        assert_eq!(exponential_ceiling_ms(0, 500, 30_000), 500);
        assert_eq!(exponential_ceiling_ms(3, 500, 30_000), 4_000);
        assert_eq!(exponential_ceiling_ms(10, 500, 30_000), 30_000);
        assert_eq!(exponential_ceiling_ms(200, 500, 30_000), 30_000);
        assert_eq!(exponential_ceiling_ms(63, u64::MAX, u64::MAX), u64::MAX);
        let mut seen_low = false;
        let mut seen_high = false;
        for _ in 0..2000 {
            let delay = full_jitter_delay(2, 100, 30_000);
            assert!(delay <= Duration::from_millis(400));
            seen_low |= delay < Duration::from_millis(100);
            seen_high |= delay > Duration::from_millis(300);
        }
        assert!(
            seen_low && seen_high,
            "full jitter spreads over the whole range"
        );
        assert_eq!(full_jitter_delay(5, 0, 1000), Duration::ZERO);
    }
}
