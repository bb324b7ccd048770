//! The two wire shapes the fake provider speaks (OpenAI chat completions and Anthropic
//! messages): deterministic replies derived from the request, their plain and SSE encodings,
//! and error bodies.

use super::script::{ErrorShape, FakeReply};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireShape {
    OpenAi,
    Anthropic,
}

impl WireShape {
    pub fn of_path(path: &str) -> WireShape {
        if path.trim_end_matches('/').ends_with("/messages") {
            WireShape::Anthropic
        } else {
            WireShape::OpenAi
        }
    }
}

/// The text of every message of a request, system prompt included.
fn request_texts(body: &Value) -> Vec<String> {
    let mut texts = Vec::new();
    if let Some(system) = body.get("system").and_then(Value::as_str) {
        texts.push(system.to_string());
    }
    for message in body
        .get("messages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match message.get("content") {
            Some(Value::String(text)) => texts.push(text.clone()),
            Some(Value::Array(blocks)) => texts.extend(
                blocks
                    .iter()
                    .filter_map(|block| block.get("text").and_then(Value::as_str))
                    .map(str::to_string),
            ),
            _ => {}
        }
    }
    texts
}

/// The first thing in the request that looks like a file path: a word with a `/` or an
/// extension, such as `src/lib.rs` or `main.py`.
pub fn first_path(body: &Value) -> Option<String> {
    for text in request_texts(body) {
        for word in text.split(|c: char| c.is_whitespace() || "`'\"()[]{}<>,;".contains(c)) {
            let word = word.trim_end_matches([':', '.', '!', '?']);
            if word.contains("://") || word.len() < 3 {
                continue;
            }
            let extension = word.rsplit_once('.');
            let has_extension = extension.is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && (1..=5).contains(&ext.len())
                    && ext.chars().all(|c| c.is_ascii_alphanumeric())
                    && ext.chars().any(|c| c.is_ascii_alphabetic())
            });
            let has_slash = word.contains('/') && word.chars().any(|c| c.is_ascii_alphabetic());
            if has_extension || has_slash {
                return Some(word.to_string());
            }
        }
    }
    None
}

fn wants_json(body: &Value) -> bool {
    body.get("response_format").is_some()
        || request_texts(body).iter().any(|text| text.contains("JSON"))
}

/// Whether the request asks for a page of the docs folder (cartograph's `page-*` prompts).
fn wants_page(body: &Value) -> bool {
    request_texts(body)
        .first()
        .is_some_and(|system| system.contains("page of developer documentation"))
}

/// The first `[[path]]` citation of the request's first message after the system prompt (its
/// context; a repair request repeats it), without its `#Symbol` part.
fn first_citation(body: &Value) -> Option<String> {
    let last = request_texts(body).into_iter().nth(1)?;
    let start = last.find("[[")? + 2;
    let end = start + last[start..].find("]]")?;
    let target = &last[start..end];
    Some(target.split('#').next().unwrap_or(target).to_string())
}

/// A page that passes cartograph's page check: the module prompt's four sections, enough prose,
/// and a citation of the first file the request's context cites; `filler` words are added to
/// its first section.
fn page_text(body: &Value, filler: &str) -> String {
    let cite = first_citation(body)
        .map(|path| format!(" as [[{path}]] shows"))
        .unwrap_or_default();
    format!(
        "## Purpose\n\nFake page: this part of the repository does what its files say{cite}. {filler}\n\n\
         ## How it works\n\nThe files are read in order and each one hands its result to the next one, \
         so a reader can follow the flow from the first file to the last.\n\n\
         ## Key parts\n\nThe most central file comes first and the helpers follow it.\n\n\
         ## Relations\n\nOther parts use this one through its public names."
    )
}

/// The default reply: a JSON object when JSON was asked for, a page when a docs page was asked
/// for, else a short text; they name the first file path of the request.
pub fn default_text(body: &Value) -> String {
    if wants_page(body) {
        return page_text(body, "");
    }
    let path = first_path(body);
    if wants_json(body) {
        let path = path.unwrap_or_default();
        json!({
            "summary": format!("Fake summary of {path}."),
            "path": path,
        })
        .to_string()
    } else {
        match path {
            Some(path) => format!("Fake answer about {path}."),
            None => "Fake answer.".to_string(),
        }
    }
}

/// The default reply stretched to about `summary_words` (JSON summaries) or `page_words` (any
/// other reply) words.
pub fn long_text(body: &Value, summary_words: usize, page_words: usize) -> String {
    let filler = |words: usize| {
        (0..words)
            .map(|n| ["the", "module", "reads", "files", "and", "writes", "pages"][n % 7])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let path = first_path(body).unwrap_or_default();
    if wants_page(body) {
        page_text(body, &filler(page_words))
    } else if wants_json(body) {
        json!({
            "summary": format!("Fake summary of {path}. {}", filler(summary_words)),
            "path": path,
        })
        .to_string()
    } else {
        format!("Fake answer about {path}. {}", filler(page_words))
    }
}

fn quarter(chars: usize) -> u64 {
    (chars as u64).div_ceil(4).max(1)
}

/// A reply resolved against a request: text, model and usage.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub text: String,
    pub model: String,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cached_tokens: u64,
    pub cost_usd: Option<f64>,
    pub omit_usage: bool,
}

pub fn resolve(reply: &FakeReply, body: &Value) -> Resolved {
    let text = reply.text.clone().unwrap_or_else(|| default_text(body));
    let requested = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("fake-model");
    let prompt_chars: usize = request_texts(body).iter().map(String::len).sum();
    Resolved {
        model: reply
            .served_model
            .clone()
            .unwrap_or_else(|| requested.to_string()),
        prompt_tokens: reply.prompt_tokens.unwrap_or_else(|| quarter(prompt_chars)),
        completion_tokens: reply
            .completion_tokens
            .unwrap_or_else(|| quarter(text.len())),
        cached_tokens: reply.cached_tokens,
        cost_usd: reply.cost_usd,
        omit_usage: reply.omit_usage,
        text,
    }
}

/// What the fake server counts against a tokens-per-minute limit: the tokens the default
/// reply would use (prompt and completion), as a provider bills them.
pub fn request_tokens(body: &Value) -> u64 {
    let reply = resolve(&FakeReply::default(), body);
    reply.prompt_tokens + reply.completion_tokens
}

pub fn plain_body(shape: WireShape, reply: &Resolved) -> String {
    match shape {
        WireShape::OpenAi => {
            let mut body = json!({
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": reply.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text}, "finish_reason": "stop"}],
            });
            if !reply.omit_usage {
                body["usage"] = openai_usage(reply);
            }
            body.to_string()
        }
        WireShape::Anthropic => {
            let mut body = json!({
                "id": "msg_fake",
                "type": "message",
                "role": "assistant",
                "model": reply.model,
                "content": [{"type": "text", "text": reply.text}],
                "stop_reason": "end_turn",
                "stop_sequence": null,
            });
            if !reply.omit_usage {
                body["usage"] = json!({
                    "input_tokens": reply.prompt_tokens.saturating_sub(reply.cached_tokens),
                    "cache_read_input_tokens": reply.cached_tokens,
                    "cache_creation_input_tokens": 0,
                    "output_tokens": reply.completion_tokens,
                });
            }
            body.to_string()
        }
    }
}

fn openai_usage(reply: &Resolved) -> Value {
    let mut usage = json!({
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        "prompt_tokens_details": {"cached_tokens": reply.cached_tokens},
    });
    if let Some(cost) = reply.cost_usd {
        usage["cost"] = json!(cost);
    }
    usage
}

/// The text split into a few pieces, one per delta event.
pub fn pieces(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        if c == ' ' && current.len() >= 6 {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

fn sse(event: Option<&str>, data: &str) -> String {
    match event {
        Some(event) => format!("event: {event}\ndata: {data}\n\n"),
        None => format!("data: {data}\n\n"),
    }
}

/// A streamed reply as SSE events, in order. `include_usage`: the OpenAI request asked for
/// `stream_options.include_usage`.
pub struct StreamEvents {
    /// The opening events (role, `message_start`).
    pub opening: Vec<String>,
    /// One event per text piece.
    pub deltas: Vec<String>,
    /// Finish reason / `message_delta`, usage.
    pub closing: Vec<String>,
    /// `[DONE]` / `message_stop`.
    pub terminal: String,
    pub ping: String,
}

pub fn stream_events(shape: WireShape, reply: &Resolved, include_usage: bool) -> StreamEvents {
    let model = &reply.model;
    match shape {
        WireShape::OpenAi => {
            let chunk = |delta: Value, finish: Value| {
                json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": model,
                       "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
                .to_string()
            };
            let mut closing = vec![sse(None, &chunk(json!({}), json!("stop")))];
            if include_usage && !reply.omit_usage {
                let usage = json!({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                                   "model": model, "choices": [], "usage": openai_usage(reply)});
                closing.push(sse(None, &usage.to_string()));
            }
            StreamEvents {
                opening: vec![sse(
                    None,
                    &chunk(json!({"role": "assistant", "content": ""}), Value::Null),
                )],
                deltas: pieces(&reply.text)
                    .iter()
                    .map(|piece| sse(None, &chunk(json!({"content": piece}), Value::Null)))
                    .collect(),
                closing,
                terminal: sse(None, "[DONE]"),
                ping: ": keep-alive\n\n".to_string(),
            }
        }
        WireShape::Anthropic => {
            let mut start_usage = json!({"output_tokens": 1});
            let mut end_usage = json!({"output_tokens": reply.completion_tokens});
            if !reply.omit_usage {
                start_usage = json!({
                    "input_tokens": reply.prompt_tokens.saturating_sub(reply.cached_tokens),
                    "cache_read_input_tokens": reply.cached_tokens,
                    "cache_creation_input_tokens": 0,
                    "output_tokens": 1,
                });
            } else {
                end_usage = Value::Null;
            }
            let message_start = json!({"type": "message_start", "message": {"id": "msg_fake", "type": "message",
                "role": "assistant", "model": model, "content": [], "stop_reason": null, "stop_sequence": null,
                "usage": start_usage}});
            let mut message_delta = json!({"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}});
            if !end_usage.is_null() {
                message_delta["usage"] = end_usage;
            }
            StreamEvents {
                opening: vec![
                    sse(Some("message_start"), &message_start.to_string()),
                    sse(
                        Some("content_block_start"),
                        r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
                    ),
                ],
                deltas: pieces(&reply.text)
                    .iter()
                    .map(|piece| {
                        let delta = json!({"type": "content_block_delta", "index": 0,
                                           "delta": {"type": "text_delta", "text": piece}});
                        sse(Some("content_block_delta"), &delta.to_string())
                    })
                    .collect(),
                closing: vec![
                    sse(
                        Some("content_block_stop"),
                        r#"{"type":"content_block_stop","index":0}"#,
                    ),
                    sse(Some("message_delta"), &message_delta.to_string()),
                ],
                terminal: sse(Some("message_stop"), r#"{"type":"message_stop"}"#),
                ping: sse(Some("ping"), r#"{"type": "ping"}"#),
            }
        }
    }
}

pub fn error_event(shape: ErrorShape) -> String {
    match shape {
        ErrorShape::OpenAi => sse(
            None,
            r#"{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}"#,
        ),
        ErrorShape::Vllm => sse(
            None,
            r#"{"object":"error","message":"engine loop died","type":"InternalServerError","param":null,"code":500}"#,
        ),
        ErrorShape::OpenRouter => sse(
            None,
            r#"{"id":"gen-fake","error":{"code":502,"message":"Provider returned error"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"#,
        ),
        ErrorShape::Anthropic => sse(
            Some("error"),
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        ),
    }
}

/// An error body of the request's shape for a status.
pub fn error_body(shape: WireShape, status: u16) -> String {
    let (kind, message) = match status {
        400 => ("invalid_request_error", "bad request"),
        401 => ("authentication_error", "invalid api key"),
        403 => ("permission_error", "forbidden"),
        404 => ("not_found_error", "model not found"),
        413 => ("request_too_large", "request too large"),
        422 => ("invalid_request_error", "unprocessable"),
        429 => ("rate_limit_error", "rate limit reached"),
        529 => ("overloaded_error", "Overloaded"),
        _ => ("api_error", "internal server error"),
    };
    match shape {
        WireShape::OpenAi => {
            json!({"error": {"message": message, "type": kind, "param": null, "code": null}})
                .to_string()
        }
        WireShape::Anthropic => {
            json!({"type": "error", "error": {"type": kind, "message": message}}).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_replies_name_the_first_path() {
        let body = json!({"model": "m", "messages": [{"role": "user", "content": "Summarize `src/lib.rs`:\nfn main() {}"}]});
        assert_eq!(default_text(&body), "Fake answer about src/lib.rs.");
        let json_body = json!({"model": "m", "response_format": {"type": "json_object"},
                               "messages": [{"role": "user", "content": "File: app/main.py"}]});
        let parsed: Value = serde_json::from_str(&default_text(&json_body)).unwrap_or_default();
        assert_eq!(parsed["path"], "app/main.py");
        let anthropic = json!({"model": "m", "system": "Answer in JSON.", "messages": [{"role": "user", "content": "hello"}]});
        assert!(serde_json::from_str::<Value>(&default_text(&anthropic)).is_ok());
        assert_eq!(
            first_path(&json!({"messages": [{"content": "see https://x.y/z and 3.14"}]})),
            None
        );
    }

    #[test]
    fn pieces_rejoin() {
        let text = "a fairly long reply with several words in it";
        assert_eq!(pieces(text).concat(), text);
        assert!(pieces(text).len() > 2);
    }
}
