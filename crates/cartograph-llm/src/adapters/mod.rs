//! The provider trait and its adapters. An adapter turns one call into one HTTP request of its
//! wire format and the reply (or failure) back into plain types; it never retries, waits,
//! caches or counts money — the client does that once for every adapter.

mod anthropic;
mod openai;

pub(crate) use anthropic::AnthropicAdapter;
pub(crate) use openai::OpenAiAdapter;

use crate::http::{CallClock, RateLimitHints, Timeouts};
use crate::types::{Message, Usage};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE};
use std::time::{Duration, SystemTime};

/// One call as the adapter sees it: a model of its provider and the messages.
#[derive(Debug, Clone, Copy)]
pub struct ProviderCall<'a> {
    pub model: &'a str,
    pub messages: &'a [Message],
    pub max_output_tokens: u32,
    pub temperature: Option<f32>,
    pub json_output: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderReply {
    pub text: String,
    /// The model the provider says answered.
    pub served_model: Option<String>,
    /// `None` when the provider reported no usage.
    pub usage: Option<Usage>,
    /// The cost the provider reported (OpenRouter's `usage.cost`).
    pub cost_usd: Option<f64>,
    pub hints: RateLimitHints,
}

/// What went wrong with one attempt, classified so the client can decide what comes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureKind {
    /// The connection never opened: the server saw nothing.
    Connect,
    /// A timeout after the request went out (first byte, idle or total).
    Timeout,
    /// The connection broke before the response head.
    Network,
    /// The response started but ended before its terminal event or length.
    Truncated,
    /// A success status with a body that is not the expected JSON.
    Malformed,
    /// An HTTP status other than the ones below.
    Status,
    /// 429.
    RateLimited,
    /// An error event in the middle of a stream.
    StreamError { retryable: bool },
    /// Out of credit or quota (OpenAI `insufficient_quota`, OpenRouter 402): stop the run.
    Quota,
    /// The request does not fit the model's context window.
    ContextWindow,
    /// A 400 that names a parameter this model does not take; the adapter has already
    /// remembered to leave it out, so one immediate retry is right.
    UnsupportedParameter(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderError {
    pub kind: FailureKind,
    pub status: Option<u16>,
    /// From `retry-after-ms` / `retry-after`.
    pub retry_after: Option<Duration>,
    /// From `x-should-retry`.
    pub should_retry: Option<bool>,
    /// Boxed: errors are passed around a lot and are rarely this detailed.
    pub hints: Box<RateLimitHints>,
    /// One line, no key.
    pub message: String,
}

impl ProviderError {
    pub fn new(kind: FailureKind, message: String) -> ProviderError {
        ProviderError {
            kind,
            status: None,
            retry_after: None,
            should_retry: None,
            hints: Box::default(),
            message,
        }
    }

    /// Whether the same model may be tried again: 408, 409, 429, 5xx, 529, broken connections,
    /// timeouts, truncations and transient stream errors; never other 4xx. `x-should-retry`
    /// overrides the status.
    pub fn is_retryable(&self) -> bool {
        if matches!(
            self.kind,
            FailureKind::Quota | FailureKind::ContextWindow | FailureKind::UnsupportedParameter(_)
        ) {
            return false;
        }
        if let Some(should_retry) = self.should_retry {
            return should_retry;
        }
        match &self.kind {
            FailureKind::Connect
            | FailureKind::Timeout
            | FailureKind::Network
            | FailureKind::Truncated
            | FailureKind::Malformed
            | FailureKind::RateLimited => true,
            FailureKind::StreamError { retryable } => *retryable,
            FailureKind::Status => {
                matches!(self.status, Some(408 | 409 | 429 | 500..=599))
            }
            FailureKind::Quota
            | FailureKind::ContextWindow
            | FailureKind::UnsupportedParameter(_) => false,
        }
    }

    /// Whether the provider may have done (and billed) the work: the request went out and no
    /// status said it was refused. Such an attempt is charged its full reservation.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self.kind,
            FailureKind::Timeout
                | FailureKind::Network
                | FailureKind::Truncated
                | FailureKind::Malformed
                | FailureKind::StreamError { .. }
        )
    }

    /// Whether the failure says something about the health of the model (and so counts
    /// towards opening its breaker), rather than about this one request.
    pub fn counts_against_breaker(&self) -> bool {
        match self.kind {
            // A 429 asks us to slow down, which the rate limiter does; the model is healthy.
            FailureKind::RateLimited
            | FailureKind::ContextWindow
            | FailureKind::UnsupportedParameter(_)
            | FailureKind::Quota => false,
            FailureKind::Status => {
                (self.is_retryable() && self.status != Some(429))
                    || matches!(self.status, Some(401 | 403 | 404))
            }
            _ => self.is_retryable(),
        }
    }
}

/// One embeddings call as the adapter sees it: a model of its provider and the texts.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddingCall<'a> {
    pub model: &'a str,
    pub inputs: &'a [String],
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmbeddingReply {
    /// One vector per input, in the order of the inputs.
    pub vectors: Vec<Vec<f32>>,
    pub served_model: Option<String>,
    /// `None` when the provider reported no usage.
    pub usage: Option<Usage>,
    pub hints: RateLimitHints,
}

/// Where streamed text goes. An alias, so that `async_trait` keeps the callback's
/// higher-ranked lifetime.
pub type OnText<'a> = dyn FnMut(&str) + Send + 'a;

/// One wire format. Implementations hold their HTTP client, endpoint and key.
#[async_trait::async_trait]
pub trait LlmProvider: Send + Sync {
    /// Sends one call. With `on_text`, the reply is streamed and each text delta is passed on
    /// as it arrives; text of a call that then fails has been passed on too, and the client
    /// tells its caller so.
    async fn send(
        &self,
        call: ProviderCall<'_>,
        on_text: Option<&mut OnText<'_>>,
    ) -> Result<ProviderReply, ProviderError>;

    /// Embeds `call.inputs`, one vector each. A wire format without an embeddings endpoint
    /// (Anthropic's) keeps this default, which refuses without a request.
    async fn embed(&self, call: EmbeddingCall<'_>) -> Result<EmbeddingReply, ProviderError> {
        let _ = call;
        Err(ProviderError::new(
            FailureKind::Status,
            "this provider's API has no embeddings endpoint".into(),
        ))
    }
}

/// The largest reply body read, error bodies included.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What a wire format adds to the one send path both HTTP adapters share: how a failed status
/// reads, how a whole reply parses and how a stream is read. Implemented per call, so that it
/// can carry what the call sent (OpenAI's refused-parameter detection needs it).
pub(crate) trait WireCall: Sync {
    fn failure(&self, status: u16, headers: &HeaderMap, wire: &WireError) -> ProviderError;

    fn parse_plain(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        hints: RateLimitHints,
    ) -> Result<ProviderReply, ProviderError>;

    fn read_stream(
        &self,
        clock: &CallClock,
        response: &mut reqwest::Response,
        hints: RateLimitHints,
        on_text: &mut OnText<'_>,
    ) -> impl std::future::Future<Output = Result<ProviderReply, ProviderError>> + Send;
}

/// The send path of the HTTP adapters: encode, post under the call's four timeouts, classify a
/// failed status (its body only explains it), then read the reply whole or as a stream. A
/// server that ignored `stream: true` answers in one piece, which is passed on as one delta.
pub(crate) async fn send_json(
    wire: &impl WireCall,
    request: reqwest::RequestBuilder,
    body: &serde_json::Value,
    timeouts: Timeouts,
    on_text: Option<&mut OnText<'_>>,
) -> Result<ProviderReply, ProviderError> {
    let body = serde_json::to_vec(body).map_err(|error| {
        ProviderError::new(
            FailureKind::Malformed,
            format!("cannot encode the request: {error}"),
        )
    })?;
    let mut request = request.header(CONTENT_TYPE, "application/json");
    if on_text.is_some() {
        request = request.header(ACCEPT, "text/event-stream");
    }
    let clock = CallClock::start(timeouts);
    let call_future = async {
        let mut response = clock.send(request.body(body)).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let hints = RateLimitHints::from_headers(&headers, SystemTime::now());
        if !(200..300).contains(&status) {
            let body = clock
                .read_body(&mut response, MAX_BODY_BYTES)
                .await
                .unwrap_or_default();
            return Err(wire.failure(status, &headers, &WireError::from_body(&body)));
        }
        let is_event_stream = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/event-stream"));
        match on_text {
            Some(on_text) if is_event_stream => {
                wire.read_stream(&clock, &mut response, hints, on_text)
                    .await
            }
            on_text => {
                let body = clock.read_body(&mut response, MAX_BODY_BYTES).await?;
                let reply = wire.parse_plain(&headers, &body, hints)?;
                if let Some(on_text) = on_text {
                    on_text(&reply.text);
                }
                Ok(reply)
            }
        }
    };
    clock.within_total(call_future).await
}

/// The parts of an error body that classification needs, from any of the shapes servers use:
/// OpenAI `{"error": {...}}`, vLLM `{"object": "error", ...}`, Anthropic
/// `{"type": "error", "error": {...}}`, or `{"error": "text"}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct WireError {
    pub message: String,
    pub kind: String,
    pub code: String,
    pub param: String,
}

impl WireError {
    pub fn from_value(value: &serde_json::Value) -> Option<WireError> {
        let text = |value: Option<&serde_json::Value>| match value {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(serde_json::Value::Number(number)) => number.to_string(),
            _ => String::new(),
        };
        let object = match value.get("error") {
            Some(serde_json::Value::String(message)) => {
                return Some(WireError {
                    message: message.clone(),
                    ..WireError::default()
                });
            }
            Some(inner @ serde_json::Value::Object(_)) => inner,
            _ if value.get("object").and_then(|o| o.as_str()) == Some("error") => value,
            _ => return None,
        };
        Some(WireError {
            message: text(object.get("message")),
            kind: text(object.get("type")),
            code: text(object.get("code")),
            param: text(object.get("param")),
        })
    }

    pub fn from_body(body: &[u8]) -> WireError {
        serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|value| WireError::from_value(&value))
            .unwrap_or_else(|| WireError {
                message: String::from_utf8_lossy(&body[..body.len().min(500)]).into_owned(),
                ..WireError::default()
            })
    }

    pub fn is_quota(&self) -> bool {
        let lower = self.message.to_ascii_lowercase();
        self.code == "insufficient_quota"
            || self.kind == "insufficient_quota"
            || lower.contains("credit balance is too low")
            || lower.contains("insufficient credits")
    }

    pub fn is_context_window(&self) -> bool {
        let lower = self.message.to_ascii_lowercase();
        self.code == "context_length_exceeded"
            || lower.contains("context length")
            || lower.contains("context_length")
            || lower.contains("context window")
            || lower.contains("prompt is too long")
            || lower.contains("too many tokens")
            || lower.contains("maximum context")
    }

    /// A one-line description, e.g. `rate_limit_error: slow down`.
    pub fn describe(&self) -> String {
        match (self.kind.is_empty(), self.message.is_empty()) {
            (false, false) => format!("{}: {}", self.kind, self.message),
            (false, true) => self.kind.clone(),
            (true, false) => self.message.clone(),
            (true, true) => self.code.clone(),
        }
    }

    /// Whether an error event in the middle of a stream is worth a retry: overloads, rate
    /// limits and server errors are; a refused request is not.
    pub fn stream_error_retryable(&self) -> bool {
        let code: Option<u16> = self.code.parse().ok();
        if let Some(code) = code {
            return matches!(code, 408 | 409 | 429 | 500..=599);
        }
        !matches!(
            self.kind.as_str(),
            "invalid_request_error"
                | "authentication_error"
                | "permission_error"
                | "not_found_error"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_error_shape() {
        let openai = json!({"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota", "param": null}});
        assert!(WireError::from_value(&openai).is_some_and(|e| e.is_quota()));
        let vllm = json!({"object": "error", "message": "This model's maximum context length is 4096 tokens", "type": "BadRequestError", "code": 400});
        let vllm = WireError::from_value(&vllm).unwrap_or_default();
        assert!(vllm.is_context_window());
        assert_eq!(vllm.code, "400");
        let anthropic = json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}});
        let anthropic = WireError::from_value(&anthropic).unwrap_or_default();
        assert_eq!(anthropic.describe(), "overloaded_error: Overloaded");
        assert!(anthropic.stream_error_retryable());
        assert!(WireError::from_value(&json!({"choices": []})).is_none());
        assert_eq!(
            WireError::from_body(b"<html>bad gateway").message,
            "<html>bad gateway"
        );
    }

    #[test]
    fn status_matrix() {
        let with_status = |status: u16| {
            let mut error = ProviderError::new(FailureKind::Status, String::new());
            error.status = Some(status);
            error
        };
        for status in [408, 409, 429, 500, 502, 503, 504, 529] {
            assert!(with_status(status).is_retryable(), "{status} is retried");
        }
        for status in [400, 401, 403, 404, 413, 422] {
            assert!(
                !with_status(status).is_retryable(),
                "{status} is not retried"
            );
        }
        let mut forced = with_status(400);
        forced.should_retry = Some(true);
        assert!(forced.is_retryable(), "x-should-retry: true wins");
        let mut refused = with_status(503);
        refused.should_retry = Some(false);
        assert!(!refused.is_retryable(), "x-should-retry: false wins");
        let quota = ProviderError::new(FailureKind::Quota, String::new());
        assert!(!quota.is_retryable());
        assert!(ProviderError::new(FailureKind::Timeout, String::new()).outcome_unknown());
        assert!(!ProviderError::new(FailureKind::Connect, String::new()).outcome_unknown());
        assert!(with_status(404).counts_against_breaker());
        assert!(!with_status(400).counts_against_breaker());
    }
}
