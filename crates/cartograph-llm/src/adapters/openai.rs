//! The OpenAI chat-completions wire format, plain and SSE, as OpenAI, OpenRouter, Ollama,
//! llama.cpp's `llama-server`, vLLM and LiteLLM speak it. Servers differ, so the adapter
//! remembers per model which optional parameters a server refused and leaves them out.

use super::{
    send_json, EmbeddingCall, EmbeddingReply, FailureKind, LlmProvider, OnText, ProviderCall,
    ProviderError, ProviderReply, WireCall, WireError, MAX_BODY_BYTES,
};
use crate::http::{error_from_status, CallClock, RateLimitHints, Timeouts};
use crate::sse::{SseEvent, SseParser};
use crate::types::Usage;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// After a `finish_reason`, how long to wait for the usage chunk and `[DONE]` of a server
/// that keeps the stream open.
const AFTER_FINISH_GRACE: Duration = Duration::from_secs(2);

/// Parameters a server may refuse and that a call can do without.
#[derive(Debug, Clone, Copy, Default)]
struct Quirks {
    no_stream_options: bool,
    no_response_format: bool,
    no_temperature: bool,
    /// `None`: decide from the model name.
    use_max_completion_tokens: Option<bool>,
}

pub(crate) struct OpenAiAdapter {
    http: reqwest::Client,
    endpoint: String,
    /// `<base>/embeddings`: OpenAI, Ollama, llama.cpp's server and vLLM all serve it.
    embeddings_endpoint: String,
    /// `Bearer <key>`, marked sensitive so it never prints.
    authorization: Option<HeaderValue>,
    /// Only OpenAI itself wants `max_completion_tokens` for its reasoning models by default.
    is_openai_api: bool,
    timeouts: Timeouts,
    quirks: Mutex<HashMap<String, Quirks>>,
}

impl OpenAiAdapter {
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        authorization: Option<HeaderValue>,
        timeouts: Timeouts,
    ) -> OpenAiAdapter {
        let base = base_url.trim_end_matches('/');
        OpenAiAdapter {
            http,
            endpoint: format!("{base}/chat/completions"),
            embeddings_endpoint: format!("{base}/embeddings"),
            authorization,
            is_openai_api: base.contains("api.openai.com"),
            timeouts,
            quirks: Mutex::new(HashMap::new()),
        }
    }

    fn quirks(&self, model: &str) -> Quirks {
        let quirks = self.quirks.lock().unwrap_or_else(PoisonError::into_inner);
        quirks.get(model).copied().unwrap_or_default()
    }

    fn update_quirks(&self, model: &str, update: impl FnOnce(&mut Quirks)) {
        let mut quirks = self.quirks.lock().unwrap_or_else(PoisonError::into_inner);
        update(quirks.entry(model.to_string()).or_default());
    }

    fn wants_max_completion_tokens(&self, model: &str, quirks: &Quirks) -> bool {
        if let Some(choice) = quirks.use_max_completion_tokens {
            return choice;
        }
        let name = model.rsplit('/').next().unwrap_or(model);
        self.is_openai_api
            && ["o1", "o3", "o4", "gpt-5"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
    }

    fn body(&self, call: &ProviderCall<'_>, stream: bool) -> (Value, Vec<&'static str>) {
        let quirks = self.quirks(call.model);
        let messages: Vec<Value> = call
            .messages
            .iter()
            .map(|message| json!({"role": message.role.as_str(), "content": message.content}))
            .collect();
        let mut body = json!({"model": call.model, "messages": messages});
        let mut sent = Vec::new();
        let token_param = if self.wants_max_completion_tokens(call.model, &quirks) {
            "max_completion_tokens"
        } else {
            "max_tokens"
        };
        body[token_param] = json!(call.max_output_tokens);
        sent.push(token_param);
        if let Some(temperature) = call.temperature.filter(|_| !quirks.no_temperature) {
            body["temperature"] = json!(temperature);
            sent.push("temperature");
        }
        if call.json_output && !quirks.no_response_format {
            body["response_format"] = json!({"type": "json_object"});
            sent.push("response_format");
        }
        if stream {
            body["stream"] = json!(true);
            if !quirks.no_stream_options {
                body["stream_options"] = json!({"include_usage": true});
                sent.push("stream_options");
            }
        }
        (body, sent)
    }

    /// Classifies a failed response; remembers a refused optional parameter.
    fn classify(
        &self,
        model: &str,
        sent: &[&'static str],
        status: u16,
        headers: &reqwest::header::HeaderMap,
        wire: &WireError,
    ) -> ProviderError {
        let kind = if status == 402 || wire.is_quota() {
            FailureKind::Quota
        } else if matches!(status, 400 | 413 | 422) && wire.is_context_window() {
            FailureKind::ContextWindow
        } else if let Some(param) = matches!(status, 400 | 422)
            .then(|| refused_parameter(wire, sent))
            .flatten()
        {
            self.update_quirks(model, |quirks| match param {
                "stream_options" => quirks.no_stream_options = true,
                "response_format" => quirks.no_response_format = true,
                "temperature" => quirks.no_temperature = true,
                "max_tokens" => quirks.use_max_completion_tokens = Some(true),
                _ => quirks.use_max_completion_tokens = Some(false),
            });
            FailureKind::UnsupportedParameter(param.to_string())
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

    fn parse_plain(
        &self,
        call: &ProviderCall<'_>,
        sent: &[&'static str],
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
        hints: RateLimitHints,
    ) -> Result<ProviderReply, ProviderError> {
        let value: Value = serde_json::from_slice(body).map_err(|error| {
            ProviderError::new(
                FailureKind::Malformed,
                format!("the reply is not JSON: {error}"),
            )
        })?;
        if value.get("choices").is_none() {
            if let Some(wire) = WireError::from_value(&value) {
                // OpenRouter reports some upstream failures as a 200 with an error body.
                let status = wire.code.parse().unwrap_or(502);
                return Err(self.classify(call.model, sent, status, headers, &wire));
            }
        }
        let choice = value
            .get("choices")
            .and_then(|choices| choices.get(0))
            .ok_or_else(|| {
                ProviderError::new(FailureKind::Malformed, "the reply has no choices".into())
            })?;
        let text = choice
            .pointer("/message/content")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        Ok(ProviderReply {
            text,
            served_model: value
                .get("model")
                .and_then(Value::as_str)
                .map(str::to_string),
            usage: value.get("usage").and_then(parse_usage),
            cost_usd: value.pointer("/usage/cost").and_then(Value::as_f64),
            hints,
        })
    }
}

/// Which optional parameter a 400 names as refused, if any.
fn refused_parameter(wire: &WireError, sent: &[&'static str]) -> Option<&'static str> {
    if let Some(param) = sent.iter().find(|param| **param == wire.param) {
        return Some(param);
    }
    let lower = wire.message.to_ascii_lowercase();
    let refusal = [
        "unsupported",
        "not supported",
        "unknown",
        "unrecognized",
        "extra",
        "not permitted",
        "not allowed",
        "does not support",
        "invalid",
    ];
    if !refusal.iter().any(|word| lower.contains(word)) {
        return None;
    }
    sent.iter()
        .filter_map(|param| lower.find(param).map(|at| (at, *param)))
        .min()
        .map(|(_, param)| param)
}

fn parse_usage(usage: &Value) -> Option<Usage> {
    let number = |pointer: &str| usage.pointer(pointer).and_then(Value::as_u64);
    let prompt_tokens = number("/prompt_tokens");
    let completion_tokens = number("/completion_tokens");
    if prompt_tokens.is_none() && completion_tokens.is_none() {
        return None;
    }
    Some(Usage {
        prompt_tokens: prompt_tokens.unwrap_or(0),
        completion_tokens: completion_tokens.unwrap_or(0),
        cached_tokens: number("/prompt_tokens_details/cached_tokens").unwrap_or(0),
        estimated: false,
    })
}

/// The state of one SSE reply.
#[derive(Default)]
struct StreamState {
    reply: ProviderReply,
    finish_reason: Option<String>,
    done: bool,
}

impl OpenAiAdapter {
    fn handle_event(
        &self,
        (call, sent, headers): (
            &ProviderCall<'_>,
            &[&'static str],
            &reqwest::header::HeaderMap,
        ),
        event: SseEvent,
        state: &mut StreamState,
        on_text: &mut (dyn FnMut(&str) + Send),
        at_end: bool,
    ) -> Result<(), ProviderError> {
        let data = event.data.trim();
        if data == "[DONE]" {
            state.done = true;
            return Ok(());
        }
        let value: Value = match serde_json::from_str(data) {
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
        let wire_error = WireError::from_value(&value).or_else(|| {
            (event.event.as_deref() == Some("error")).then(|| WireError {
                message: data.to_string(),
                ..WireError::default()
            })
        });
        if let Some(wire) = wire_error {
            return Err(self.stream_error(call, sent, headers, &wire));
        }
        if let Some(model) = value.get("model").and_then(Value::as_str) {
            state.reply.served_model = Some(model.to_string());
        }
        if let Some(usage) = value.get("usage").and_then(parse_usage) {
            state.reply.usage = Some(usage);
        }
        if let Some(cost) = value.pointer("/usage/cost").and_then(Value::as_f64) {
            state.reply.cost_usd = Some(cost);
        }
        if let Some(choice) = value.get("choices").and_then(|choices| choices.get(0)) {
            if let Some(text) = choice.pointer("/delta/content").and_then(Value::as_str) {
                if !text.is_empty() {
                    on_text(text);
                    state.reply.text.push_str(text);
                }
            }
            if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
                if reason == "error" {
                    let wire = WireError {
                        message: "the stream finished with an error".into(),
                        ..WireError::default()
                    };
                    return Err(self.stream_error(call, sent, headers, &wire));
                }
                state.finish_reason = Some(reason.to_string());
            }
        }
        Ok(())
    }

    fn stream_error(
        &self,
        call: &ProviderCall<'_>,
        sent: &[&'static str],
        headers: &reqwest::header::HeaderMap,
        wire: &WireError,
    ) -> ProviderError {
        if wire.is_quota() || wire.is_context_window() {
            let status = wire.code.parse().unwrap_or(400);
            return self.classify(call.model, sent, status, headers, wire);
        }
        ProviderError::new(
            FailureKind::StreamError {
                retryable: wire.stream_error_retryable(),
            },
            format!("error event in the stream: {}", wire.describe()),
        )
    }

    async fn read_stream(
        &self,
        call: &ProviderCall<'_>,
        sent: &[&'static str],
        clock: &CallClock,
        response: &mut reqwest::Response,
        hints: RateLimitHints,
        on_text: &mut (dyn FnMut(&str) + Send),
    ) -> Result<ProviderReply, ProviderError> {
        let headers = response.headers().clone();
        let mut parser = SseParser::default();
        let mut state = StreamState::default();
        state.reply.hints = hints;
        'read: loop {
            let finished = state.finish_reason.is_some();
            if finished && state.reply.usage.is_some() {
                // Everything that matters has arrived; `[DONE]` adds nothing.
                break;
            }
            let idle = if finished {
                clock.timeouts.idle.min(AFTER_FINISH_GRACE)
            } else {
                clock.timeouts.idle
            };
            let chunk = match clock.next_chunk(response, idle).await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                // A finish_reason ends the content even when `[DONE]` never comes.
                Err(_) if finished => break,
                Err(error) => return Err(error),
            };
            for event in parser.feed(&chunk) {
                self.handle_event((call, sent, &headers), event, &mut state, on_text, false)?;
                if state.done {
                    break 'read;
                }
            }
        }
        if !state.done {
            if let Some(event) = parser.finish() {
                self.handle_event((call, sent, &headers), event, &mut state, on_text, true)?;
            }
        }
        if !state.done && state.finish_reason.is_none() {
            return Err(ProviderError::new(
                FailureKind::Truncated,
                "the stream ended before its finish_reason".into(),
            ));
        }
        Ok(state.reply)
    }
}

/// One call's part in the shared send path, with the parameters it sent.
struct OpenAiCall<'a> {
    adapter: &'a OpenAiAdapter,
    call: &'a ProviderCall<'a>,
    sent: &'a [&'static str],
}

impl WireCall for OpenAiCall<'_> {
    fn failure(&self, status: u16, headers: &HeaderMap, wire: &WireError) -> ProviderError {
        self.adapter
            .classify(self.call.model, self.sent, status, headers, wire)
    }

    fn parse_plain(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        hints: RateLimitHints,
    ) -> Result<ProviderReply, ProviderError> {
        self.adapter
            .parse_plain(self.call, self.sent, headers, body, hints)
    }

    async fn read_stream(
        &self,
        clock: &CallClock,
        response: &mut reqwest::Response,
        hints: RateLimitHints,
        on_text: &mut OnText<'_>,
    ) -> Result<ProviderReply, ProviderError> {
        self.adapter
            .read_stream(self.call, self.sent, clock, response, hints, on_text)
            .await
    }
}

#[async_trait::async_trait]
impl LlmProvider for OpenAiAdapter {
    async fn send(
        &self,
        call: ProviderCall<'_>,
        on_text: Option<&mut OnText<'_>>,
    ) -> Result<ProviderReply, ProviderError> {
        let (body, sent) = self.body(&call, on_text.is_some());
        let mut request = self.http.post(&self.endpoint);
        if let Some(authorization) = &self.authorization {
            request = request.header(AUTHORIZATION, authorization.clone());
        }
        let wire = OpenAiCall {
            adapter: self,
            call: &call,
            sent: &sent,
        };
        send_json(&wire, request, &body, self.timeouts, on_text).await
    }

    /// `POST <base>/embeddings` with every input at once, under the call's timeouts; a failed
    /// status is classified as a chat call's is.
    async fn embed(&self, call: EmbeddingCall<'_>) -> Result<EmbeddingReply, ProviderError> {
        let body = json!({"model": call.model, "input": call.inputs, "encoding_format": "float"});
        let body = serde_json::to_vec(&body).map_err(|error| {
            ProviderError::new(
                FailureKind::Malformed,
                format!("cannot encode the request: {error}"),
            )
        })?;
        let mut request = self
            .http
            .post(&self.embeddings_endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        if let Some(authorization) = &self.authorization {
            request = request.header(AUTHORIZATION, authorization.clone());
        }
        let clock = CallClock::start(self.timeouts);
        let call_future = async {
            let mut response = clock.send(request.body(body)).await?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let hints = RateLimitHints::from_headers(&headers, std::time::SystemTime::now());
            let body = if (200..300).contains(&status) {
                clock.read_body(&mut response, MAX_BODY_BYTES).await?
            } else {
                let body = clock
                    .read_body(&mut response, MAX_BODY_BYTES)
                    .await
                    .unwrap_or_default();
                return Err(self.classify(
                    call.model,
                    &[],
                    status,
                    &headers,
                    &WireError::from_body(&body),
                ));
            };
            let mut reply = parse_embeddings(&body, call.inputs.len())?;
            reply.hints = hints;
            Ok(reply)
        };
        clock.within_total(call_future).await
    }
}

/// Reads an embeddings reply: `data[i].embedding` (floats) placed by `data[i].index`, one per
/// input, all of one length. Anything else is malformed: a vector in the wrong place would
/// rank the wrong code.
fn parse_embeddings(body: &[u8], n_inputs: usize) -> Result<EmbeddingReply, ProviderError> {
    let malformed = |detail: String| ProviderError::new(FailureKind::Malformed, detail);
    let value: Value = serde_json::from_slice(body)
        .map_err(|error| malformed(format!("the reply is not JSON: {error}")))?;
    let Some(data) = value.get("data").and_then(Value::as_array) else {
        return Err(match WireError::from_value(&value) {
            Some(wire) => ProviderError::new(
                FailureKind::Status,
                format!("embeddings failed: {}", wire.describe()),
            ),
            None => malformed("the embeddings reply has no data".into()),
        });
    };
    if data.len() != n_inputs {
        return Err(malformed(format!(
            "the embeddings reply holds {} vectors for {n_inputs} inputs",
            data.len()
        )));
    }
    let mut vectors: Vec<Option<Vec<f32>>> = vec![None; n_inputs];
    for (position, item) in data.iter().enumerate() {
        let index = item
            .get("index")
            .and_then(Value::as_u64)
            .map_or(position, |index| index as usize);
        let numbers = item
            .get("embedding")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed("an embedding is not an array of numbers".into()))?;
        let vector: Option<Vec<f32>> = numbers
            .iter()
            .map(|number| number.as_f64().map(|x| x as f32))
            .collect();
        let vector = vector
            .filter(|vector| !vector.is_empty() && vector.iter().all(|x| x.is_finite()))
            .ok_or_else(|| malformed("an embedding is not an array of numbers".into()))?;
        match vectors.get_mut(index) {
            Some(slot @ None) => *slot = Some(vector),
            _ => {
                return Err(malformed(format!(
                    "embedding index {index} is out of place"
                )))
            }
        }
    }
    let vectors: Vec<Vec<f32>> = vectors.into_iter().flatten().collect();
    let dimensions = vectors.first().map_or(0, Vec::len);
    if vectors.len() != n_inputs || vectors.iter().any(|vector| vector.len() != dimensions) {
        return Err(malformed("the embeddings differ in length".into()));
    }
    let usage = value.get("usage").and_then(|usage| {
        let prompt_tokens = usage
            .get("prompt_tokens")
            .or_else(|| usage.get("total_tokens"))
            .and_then(Value::as_u64)?;
        Some(Usage {
            prompt_tokens,
            completion_tokens: 0,
            cached_tokens: 0,
            estimated: false,
        })
    });
    Ok(EmbeddingReply {
        vectors,
        served_model: value
            .get("model")
            .and_then(Value::as_str)
            .map(str::to_string),
        usage,
        hints: RateLimitHints::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_refused_parameter() {
        let sent = ["max_tokens", "response_format", "stream_options"];
        let wire = |message: &str, param: &str| WireError {
            message: message.into(),
            param: param.into(),
            ..WireError::default()
        };
        assert_eq!(
            refused_parameter(&wire("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "max_tokens"), &sent),
            Some("max_tokens")
        );
        assert_eq!(
            refused_parameter(
                &wire("extra inputs are not permitted: stream_options", ""),
                &sent
            ),
            Some("stream_options")
        );
        assert_eq!(
            refused_parameter(
                &wire("response_format is not supported by this model", ""),
                &sent
            ),
            Some("response_format")
        );
        assert_eq!(
            refused_parameter(&wire("messages must not be empty", ""), &sent),
            None
        );
        assert_eq!(
            refused_parameter(&wire("invalid temperature", ""), &sent),
            None
        );
    }

    #[test]
    fn embeddings_are_placed_by_index_and_checked() {
        let body =
            br#"{"data": [{"index": 1, "embedding": [0.5, 1]}, {"index": 0, "embedding": [1, 0]}],
                        "model": "m", "usage": {"prompt_tokens": 7, "total_tokens": 7}}"#;
        let reply = parse_embeddings(body, 2).unwrap_or_default();
        assert_eq!(reply.vectors, vec![vec![1.0, 0.0], vec![0.5, 1.0]]);
        assert_eq!(reply.usage.map(|usage| usage.prompt_tokens), Some(7));
        assert!(parse_embeddings(body, 3).is_err(), "a vector per input");
        let ragged =
            br#"{"data": [{"index": 0, "embedding": [1]}, {"index": 1, "embedding": [1, 2]}]}"#;
        assert!(parse_embeddings(ragged, 2).is_err());
        let twice =
            br#"{"data": [{"index": 0, "embedding": [1]}, {"index": 0, "embedding": [2]}]}"#;
        assert!(parse_embeddings(twice, 2).is_err());
        assert!(parse_embeddings(br#"{"error": {"message": "no"}}"#, 1).is_err());
    }

    #[test]
    fn usage_with_cached_tokens() {
        let usage = json!({"prompt_tokens": 100, "completion_tokens": 20, "prompt_tokens_details": {"cached_tokens": 60}});
        assert_eq!(
            parse_usage(&usage),
            Some(Usage {
                prompt_tokens: 100,
                completion_tokens: 20,
                cached_tokens: 60,
                estimated: false
            })
        );
        assert_eq!(parse_usage(&json!({})), None);
    }
}
