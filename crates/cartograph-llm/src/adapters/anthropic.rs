//! Anthropic's Messages API, plain and streamed (`message_start`, `content_block_delta`,
//! cumulative `message_delta` usage, `ping`, `error`, `message_stop`), with `x-api-key` and
//! `anthropic-version`. Usage is converted to the OpenAI convention: `prompt_tokens` includes
//! the cache reads, which are also `cached_tokens`.

use super::{
    send_json, FailureKind, LlmProvider, OnText, ProviderCall, ProviderError, ProviderReply,
    WireCall, WireError,
};
use crate::http::{error_from_status, CallClock, RateLimitHints, Timeouts};
use crate::sse::{SseEvent, SseParser};
use crate::types::{Role, Usage};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{json, Value};
use std::time::Duration;

const API_VERSION: &str = "2023-06-01";
/// After `stop_reason` arrived in a `message_delta`, how long to wait for `message_stop`.
const AFTER_STOP_GRACE: Duration = Duration::from_secs(2);
/// Anthropic offers no `response_format`; this goes at the end of the system prompt instead.
const JSON_INSTRUCTION: &str = "Reply with a single JSON object and nothing else.";

pub(crate) struct AnthropicAdapter {
    http: reqwest::Client,
    endpoint: String,
    /// The key, marked sensitive so it never prints.
    api_key: Option<HeaderValue>,
    timeouts: Timeouts,
}

impl AnthropicAdapter {
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        api_key: Option<HeaderValue>,
        timeouts: Timeouts,
    ) -> AnthropicAdapter {
        let base = base_url.trim_end_matches('/');
        // Both `https://api.anthropic.com` and `https://api.anthropic.com/v1` are accepted.
        let endpoint = if base.ends_with("/v1") {
            format!("{base}/messages")
        } else {
            format!("{base}/v1/messages")
        };
        AnthropicAdapter {
            http,
            endpoint,
            api_key,
            timeouts,
        }
    }

    fn body(call: &ProviderCall<'_>, stream: bool) -> Value {
        let mut system: Vec<&str> = call
            .messages
            .iter()
            .filter(|message| message.role == Role::System)
            .map(|message| message.content.as_str())
            .collect();
        if call.json_output {
            system.push(JSON_INSTRUCTION);
        }
        let messages: Vec<Value> = call
            .messages
            .iter()
            .filter(|message| message.role != Role::System)
            .map(|message| json!({"role": message.role.as_str(), "content": message.content}))
            .collect();
        let mut body = json!({"model": call.model, "max_tokens": call.max_output_tokens, "messages": messages});
        if !system.is_empty() {
            body["system"] = json!(system.join("\n\n"));
        }
        if let Some(temperature) = call.temperature {
            body["temperature"] = json!(temperature);
        }
        if stream {
            body["stream"] = json!(true);
        }
        body
    }

    fn classify(
        status: u16,
        headers: &reqwest::header::HeaderMap,
        wire: &WireError,
    ) -> ProviderError {
        let kind = if status == 402 || wire.is_quota() {
            FailureKind::Quota
        } else if matches!(status, 400 | 413) && wire.is_context_window() {
            FailureKind::ContextWindow
        } else if status == 429 {
            FailureKind::RateLimited
        } else {
            FailureKind::Status
        };
        error_from_status(
            status,
            headers,
            kind,
            format!("HTTP {status}: {}", wire.describe()),
        )
    }

    fn stream_error(headers: &reqwest::header::HeaderMap, wire: &WireError) -> ProviderError {
        if wire.is_quota() || wire.is_context_window() {
            return Self::classify(400, headers, wire);
        }
        let kind = if wire.kind == "rate_limit_error" {
            FailureKind::RateLimited
        } else {
            FailureKind::StreamError {
                retryable: wire.stream_error_retryable(),
            }
        };
        ProviderError::new(
            kind,
            format!("error event in the stream: {}", wire.describe()),
        )
    }
}

/// Anthropic's usage object, converted. Fields it leaves out keep their previous values,
/// since `message_delta` repeats only what changed (its counts are cumulative, not deltas).
fn merge_usage(usage: &mut Usage, wire: &Value) {
    let number = |key: &str| wire.get(key).and_then(Value::as_u64);
    let input = number("input_tokens");
    let cache_read = number("cache_read_input_tokens");
    let cache_creation = number("cache_creation_input_tokens");
    if input.is_some() || cache_read.is_some() || cache_creation.is_some() {
        let uncached_before = usage.prompt_tokens.saturating_sub(usage.cached_tokens);
        let cached = cache_read.unwrap_or(usage.cached_tokens);
        // `input_tokens` excludes both cache reads and cache writes.
        let uncached = match (input, cache_creation) {
            (Some(input), creation) => input + creation.unwrap_or(0),
            (None, Some(creation)) => uncached_before.max(creation),
            (None, None) => uncached_before,
        };
        usage.prompt_tokens = uncached + cached;
        usage.cached_tokens = cached;
    }
    if let Some(output) = number("output_tokens") {
        usage.completion_tokens = output;
    }
}

#[derive(Default)]
struct StreamState {
    reply: ProviderReply,
    usage: Usage,
    saw_usage: bool,
    stop_reason: Option<String>,
    done: bool,
}

fn handle_event(
    headers: &reqwest::header::HeaderMap,
    event: SseEvent,
    state: &mut StreamState,
    on_text: &mut (dyn FnMut(&str) + Send),
    at_end: bool,
) -> Result<(), ProviderError> {
    let value: Value = match serde_json::from_str(event.data.trim()) {
        Ok(value) => value,
        Err(_) if at_end => {
            return Err(ProviderError::new(
                FailureKind::Truncated,
                "the stream ended inside an event".into(),
            ))
        }
        Err(error) => {
            return Err(ProviderError::new(
                FailureKind::Malformed,
                format!("a stream event is not JSON: {error}"),
            ))
        }
    };
    let event_type = value
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or(event.event)
        .unwrap_or_default();
    match event_type.as_str() {
        "message_start" => {
            if let Some(model) = value.pointer("/message/model").and_then(Value::as_str) {
                state.reply.served_model = Some(model.to_string());
            }
            if let Some(usage) = value.pointer("/message/usage") {
                merge_usage(&mut state.usage, usage);
                state.saw_usage = true;
            }
        }
        "content_block_delta" => {
            if let Some(text) = value.pointer("/delta/text").and_then(Value::as_str) {
                if !text.is_empty() {
                    on_text(text);
                    state.reply.text.push_str(text);
                }
            }
        }
        "message_delta" => {
            if let Some(reason) = value.pointer("/delta/stop_reason").and_then(Value::as_str) {
                state.stop_reason = Some(reason.to_string());
            }
            if let Some(usage) = value.get("usage") {
                merge_usage(&mut state.usage, usage);
                state.saw_usage = true;
            }
        }
        "message_stop" => state.done = true,
        "error" => {
            let wire = WireError::from_value(&value).unwrap_or_default();
            return Err(AnthropicAdapter::stream_error(headers, &wire));
        }
        // `ping`, `content_block_start`, `content_block_stop` and event types added later.
        _ => {}
    }
    Ok(())
}

impl AnthropicAdapter {
    async fn read_stream(
        &self,
        clock: &CallClock,
        response: &mut reqwest::Response,
        hints: RateLimitHints,
        on_text: &mut (dyn FnMut(&str) + Send),
    ) -> Result<ProviderReply, ProviderError> {
        let headers = response.headers().clone();
        let mut parser = SseParser::default();
        let mut state = StreamState::default();
        'read: loop {
            let stopped = state.stop_reason.is_some();
            let idle = if stopped {
                clock.timeouts.idle.min(AFTER_STOP_GRACE)
            } else {
                clock.timeouts.idle
            };
            let chunk = match clock.next_chunk(response, idle).await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(_) if stopped => break,
                Err(error) => return Err(error),
            };
            for event in parser.feed(&chunk) {
                handle_event(&headers, event, &mut state, on_text, false)?;
                if state.done {
                    break 'read;
                }
            }
        }
        if !state.done {
            if let Some(event) = parser.finish() {
                handle_event(&headers, event, &mut state, on_text, true)?;
            }
        }
        if !state.done && state.stop_reason.is_none() {
            return Err(ProviderError::new(
                FailureKind::Truncated,
                "the stream ended before message_stop".into(),
            ));
        }
        let mut reply = state.reply;
        reply.usage = state.saw_usage.then_some(state.usage);
        reply.hints = hints;
        Ok(reply)
    }
}

fn parse_plain(body: &[u8], hints: RateLimitHints) -> Result<ProviderReply, ProviderError> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        ProviderError::new(
            FailureKind::Malformed,
            format!("the reply is not JSON: {error}"),
        )
    })?;
    let content = value
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ProviderError::new(FailureKind::Malformed, "the reply has no content".into())
        })?;
    let text: String = content
        .iter()
        .filter(|block| block.get("type").and_then(Value::as_str) == Some("text"))
        .filter_map(|block| block.get("text").and_then(Value::as_str))
        .collect();
    let usage = value.get("usage").map(|wire| {
        let mut usage = Usage::default();
        merge_usage(&mut usage, wire);
        usage
    });
    Ok(ProviderReply {
        text,
        served_model: value
            .get("model")
            .and_then(Value::as_str)
            .map(str::to_string),
        usage,
        cost_usd: None,
        hints,
    })
}

/// One call's part in the shared send path.
struct AnthropicCall<'a>(&'a AnthropicAdapter);

impl WireCall for AnthropicCall<'_> {
    fn failure(&self, status: u16, headers: &HeaderMap, wire: &WireError) -> ProviderError {
        AnthropicAdapter::classify(status, headers, wire)
    }

    fn parse_plain(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
        hints: RateLimitHints,
    ) -> Result<ProviderReply, ProviderError> {
        parse_plain(body, hints)
    }

    async fn read_stream(
        &self,
        clock: &CallClock,
        response: &mut reqwest::Response,
        hints: RateLimitHints,
        on_text: &mut OnText<'_>,
    ) -> Result<ProviderReply, ProviderError> {
        self.0.read_stream(clock, response, hints, on_text).await
    }
}

#[async_trait::async_trait]
impl LlmProvider for AnthropicAdapter {
    async fn send(
        &self,
        call: ProviderCall<'_>,
        on_text: Option<&mut OnText<'_>>,
    ) -> Result<ProviderReply, ProviderError> {
        let body = Self::body(&call, on_text.is_some());
        let mut request = self
            .http
            .post(&self.endpoint)
            .header("anthropic-version", API_VERSION);
        if let Some(api_key) = &self.api_key {
            request = request.header("x-api-key", api_key.clone());
        }
        send_json(&AnthropicCall(self), request, &body, self.timeouts, on_text).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_converted_and_cumulative() {
        let mut usage = Usage::default();
        merge_usage(
            &mut usage,
            &json!({"input_tokens": 10, "cache_read_input_tokens": 90, "cache_creation_input_tokens": 0, "output_tokens": 1}),
        );
        assert_eq!(
            usage,
            Usage {
                prompt_tokens: 100,
                completion_tokens: 1,
                cached_tokens: 90,
                estimated: false
            }
        );
        // message_delta carries the cumulative output count only.
        merge_usage(&mut usage, &json!({"output_tokens": 15}));
        merge_usage(&mut usage, &json!({"output_tokens": 42}));
        assert_eq!(usage.completion_tokens, 42);
        assert_eq!(usage.prompt_tokens, 100);
        assert_eq!(usage.cached_tokens, 90);
    }

    #[test]
    fn system_messages_move_to_the_system_field() {
        let messages = [
            crate::Message::system("be brief"),
            crate::Message::user("hi"),
        ];
        let call = ProviderCall {
            model: "claude-haiku-4-5",
            messages: &messages,
            max_output_tokens: 64,
            temperature: None,
            json_output: true,
        };
        let body = AnthropicAdapter::body(&call, true);
        assert_eq!(
            body["system"],
            json!(format!("be brief\n\n{JSON_INSTRUCTION}"))
        );
        assert_eq!(body["messages"], json!([{"role": "user", "content": "hi"}]));
        assert_eq!(body["max_tokens"], json!(64));
        assert_eq!(body["stream"], json!(true));
    }
}
