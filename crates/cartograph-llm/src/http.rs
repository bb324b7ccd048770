//! The HTTP plumbing the adapters share: one `reqwest` client per provider, the four timeouts
//! (connect, first byte, idle between reads, whole call), and the rate-limit headers. Knows
//! no wire format.

use crate::adapters::{FailureKind, ProviderError};
use crate::retry::{parse_reset_duration, retry_headers};
use cartograph_config::ProviderConfig;
use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

/// The timeouts of one provider, from its `*_timeout_secs` keys.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Timeouts {
    pub connect: Duration,
    pub first_byte: Duration,
    pub idle: Duration,
    pub total: Duration,
}

impl Timeouts {
    pub fn from_config(config: &ProviderConfig) -> Timeouts {
        Timeouts {
            connect: seconds(config.connect_timeout_secs),
            first_byte: seconds(config.first_byte_timeout_secs),
            idle: seconds(config.idle_timeout_secs),
            total: seconds(config.timeout_secs),
        }
    }
}

/// A configured number of seconds; non-positive or non-finite values (which validation should
/// already have refused) fall back to a day rather than panicking.
fn seconds(value: f64) -> Duration {
    if value.is_finite() && value > 0.0 {
        Duration::try_from_secs_f64(value).unwrap_or(Duration::from_secs(86_400))
    } else {
        Duration::from_secs(86_400)
    }
}

pub(crate) fn build_client(timeouts: &Timeouts) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .tcp_nodelay(true)
        .pool_idle_timeout(Duration::from_secs(60))
        .user_agent(concat!("cartograph/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|error| format!("cannot build the HTTP client: {error}"))
}

/// Rate-limit state a provider reported in its response headers: OpenAI's
/// `x-ratelimit-{remaining,reset}-{requests,tokens}` and Anthropic's
/// `anthropic-ratelimit-{requests,tokens,input-tokens}-{remaining,reset}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimitHints {
    /// Requests allowed per minute.
    pub limit_requests: Option<u64>,
    pub remaining_requests: Option<u64>,
    pub reset_requests: Option<Duration>,
    pub remaining_tokens: Option<u64>,
    pub reset_tokens: Option<Duration>,
}

impl RateLimitHints {
    pub fn from_headers(headers: &HeaderMap, now: SystemTime) -> RateLimitHints {
        let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        let number = |name: &str| text(name).and_then(|value| value.trim().parse::<u64>().ok());
        let openai_reset = |name: &str| text(name).and_then(parse_reset_duration);
        // Anthropic sends an RFC 3339 instant.
        let anthropic_reset = |name: &str| {
            text(name)
                .and_then(|value| humantime::parse_rfc3339_weak(value.trim()).ok())
                .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
        };
        let min = |a: Option<u64>, b: Option<u64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        RateLimitHints {
            limit_requests: number("x-ratelimit-limit-requests")
                .or_else(|| number("anthropic-ratelimit-requests-limit")),
            remaining_requests: number("x-ratelimit-remaining-requests")
                .or_else(|| number("anthropic-ratelimit-requests-remaining")),
            reset_requests: openai_reset("x-ratelimit-reset-requests")
                .or_else(|| anthropic_reset("anthropic-ratelimit-requests-reset")),
            remaining_tokens: number("x-ratelimit-remaining-tokens").or_else(|| {
                min(
                    number("anthropic-ratelimit-tokens-remaining"),
                    number("anthropic-ratelimit-input-tokens-remaining"),
                )
            }),
            reset_tokens: openai_reset("x-ratelimit-reset-tokens")
                .or_else(|| anthropic_reset("anthropic-ratelimit-tokens-reset"))
                .or_else(|| anthropic_reset("anthropic-ratelimit-input-tokens-reset")),
        }
    }
}

/// One call in flight: remembers when it started so every wait is also bounded by the total.
pub(crate) struct CallClock {
    pub timeouts: Timeouts,
    pub deadline: Instant,
}

impl CallClock {
    pub fn start(timeouts: Timeouts) -> CallClock {
        CallClock {
            timeouts,
            deadline: Instant::now() + timeouts.total,
        }
    }

    /// Runs a whole call (send, read, retry-free) under the total timeout.
    pub async fn within_total<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, ProviderError>>,
    ) -> Result<T, ProviderError> {
        match tokio::time::timeout_at(self.deadline, call).await {
            Ok(result) => result,
            Err(_) => Err(ProviderError::new(
                FailureKind::Timeout,
                "total timeout".into(),
            )),
        }
    }

    /// Sends the request and waits for the response head, within the first-byte timeout.
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, ProviderError> {
        let first_byte_deadline = (Instant::now() + self.timeouts.first_byte).min(self.deadline);
        match tokio::time::timeout_at(first_byte_deadline, request.send()).await {
            Err(_elapsed) => {
                Err(self.timeout_error(first_byte_deadline, "first byte", "no response head"))
            }
            Ok(Err(error)) => Err(transport_error(&error, false)),
            Ok(Ok(response)) => Ok(response),
        }
    }

    /// The next piece of the body, within `idle` (normally the idle timeout) and the total;
    /// `None` at the end.
    pub async fn next_chunk(
        &self,
        response: &mut reqwest::Response,
        idle: Duration,
    ) -> Result<Option<bytes::Bytes>, ProviderError> {
        let idle_deadline = (Instant::now() + idle).min(self.deadline);
        match tokio::time::timeout_at(idle_deadline, response.chunk()).await {
            Err(_elapsed) => Err(self.timeout_error(idle_deadline, "idle", "the body stalled")),
            Ok(Err(error)) => Err(transport_error(&error, true)),
            Ok(Ok(chunk)) => Ok(chunk),
        }
    }

    /// Reads a whole (non-streamed) body, refusing more than `limit` bytes.
    pub async fn read_body(
        &self,
        response: &mut reqwest::Response,
        limit: usize,
    ) -> Result<Vec<u8>, ProviderError> {
        let mut body = Vec::new();
        while let Some(chunk) = self.next_chunk(response, self.timeouts.idle).await? {
            body.extend_from_slice(&chunk);
            if body.len() > limit {
                return Err(ProviderError::new(
                    FailureKind::Malformed,
                    format!("response body larger than {limit} bytes"),
                ));
            }
        }
        Ok(body)
    }

    fn timeout_error(&self, hit: Instant, stage: &str, what: &str) -> ProviderError {
        let stage = if hit >= self.deadline { "total" } else { stage };
        ProviderError::new(FailureKind::Timeout, format!("{stage} timeout: {what}"))
    }
}

/// Maps a reqwest error without its URL (which could carry a query key) or its source chain.
fn transport_error(error: &reqwest::Error, after_head: bool) -> ProviderError {
    if error.is_connect() {
        let kind = if error.is_timeout() {
            "connect timeout"
        } else {
            "connection failed"
        };
        return ProviderError::new(FailureKind::Connect, kind.to_string());
    }
    if error.is_timeout() {
        return ProviderError::new(FailureKind::Timeout, "timeout".to_string());
    }
    if after_head {
        // The head arrived, so the server accepted the call: what it did is unknown.
        return ProviderError::new(
            FailureKind::Truncated,
            "the connection broke while reading the body".to_string(),
        );
    }
    ProviderError::new(
        FailureKind::Network,
        "the connection broke before the response head".to_string(),
    )
}

/// Retry headers and rate-limit hints of a response, read once.
pub(crate) fn error_from_status(
    status: u16,
    headers: &HeaderMap,
    kind: FailureKind,
    message: String,
) -> ProviderError {
    let now = SystemTime::now();
    let retry = retry_headers(headers, now);
    let mut error = ProviderError::new(kind, message);
    error.status = Some(status);
    error.retry_after = retry.retry_after;
    error.should_retry = retry.should_retry;
    error.hints = Box::new(RateLimitHints::from_headers(headers, now));
    error
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_openai_and_anthropic_rate_limit_headers() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-remaining-requests", "0".parse().unwrap());
        headers.insert("x-ratelimit-reset-requests", "1s".parse().unwrap());
        headers.insert("x-ratelimit-remaining-tokens", "1200".parse().unwrap());
        headers.insert("x-ratelimit-reset-tokens", "6m0s".parse().unwrap());
        let hints = RateLimitHints::from_headers(&headers, now);
        assert_eq!(hints.remaining_requests, Some(0));
        assert_eq!(hints.reset_requests, Some(Duration::from_secs(1)));
        assert_eq!(hints.remaining_tokens, Some(1200));
        assert_eq!(hints.reset_tokens, Some(Duration::from_secs(360)));

        let mut headers = HeaderMap::new();
        headers.insert(
            "anthropic-ratelimit-requests-remaining",
            "5".parse().unwrap(),
        );
        headers.insert(
            "anthropic-ratelimit-requests-reset",
            "2026-10-21T07:28:02Z".parse().unwrap(),
        );
        headers.insert(
            "anthropic-ratelimit-tokens-remaining",
            "9000".parse().unwrap(),
        );
        headers.insert(
            "anthropic-ratelimit-input-tokens-remaining",
            "3000".parse().unwrap(),
        );
        let hints = RateLimitHints::from_headers(&headers, now);
        assert_eq!(hints.remaining_requests, Some(5));
        assert_eq!(hints.reset_requests, Some(Duration::from_secs(2)));
        assert_eq!(hints.remaining_tokens, Some(3000));
        assert_eq!(
            RateLimitHints::from_headers(&HeaderMap::new(), now),
            RateLimitHints::default()
        );
    }

    #[test]
    fn odd_timeouts_do_not_panic() {
        assert_eq!(seconds(f64::NAN), Duration::from_secs(86_400));
        assert_eq!(seconds(-1.0), Duration::from_secs(86_400));
        assert_eq!(seconds(1e300), Duration::from_secs(86_400));
        assert_eq!(seconds(0.05), Duration::from_millis(50));
    }
}
