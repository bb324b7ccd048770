//! What the fake provider does with a request: succeed (deterministically), fail with a
//! status, or break the connection in one of the ways real servers do.

use std::time::Duration;

/// The shape of an error event sent in the middle of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorShape {
    /// `data: {"error": {"message": ..., "type": "server_error"}}`
    OpenAi,
    /// `data: {"object": "error", "message": ..., "type": ..., "code": 500}`
    Vllm,
    /// `data: {"error": {"code": 502, ...}, "choices": [{"finish_reason": "error"}]}`
    OpenRouter,
    /// `event: error` / `data: {"type": "error", "error": {"type": "overloaded_error"}}`
    Anthropic,
}

/// A successful reply, with every detail a test may want to pin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FakeReply {
    /// `None`: derived from the request (a JSON object when JSON was asked for, else a short
    /// text naming the first file path of the request).
    pub text: Option<String>,
    /// `None`: about a quarter of the request's characters.
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    /// Prompt tokens served from the provider's prompt cache (part of `prompt_tokens`).
    pub cached_tokens: u64,
    /// OpenRouter's `usage.cost`.
    pub cost_usd: Option<f64>,
    /// The `model` of the reply; `None`: the requested one.
    pub served_model: Option<String>,
    /// Report no usage at all.
    pub omit_usage: bool,
    /// Leave out the terminal event (`[DONE]` / `message_stop`), the finish reason staying.
    pub omit_done: bool,
    /// After the last event, keep the connection open instead of ending the body.
    pub keep_open: bool,
    /// Interleave `ping` events and `: comment` lines.
    pub pings: bool,
    /// Write the stream in pieces of this many bytes, pausing between them, so that events
    /// are split across TCP reads.
    pub split_writes: Option<usize>,
    /// Extra response headers.
    pub headers: Vec<(String, String)>,
}

impl FakeReply {
    pub fn text(text: impl Into<String>) -> FakeReply {
        FakeReply {
            text: Some(text.into()),
            ..FakeReply::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Behavior {
    /// Answer successfully with the default reply.
    Succeed,
    Reply(FakeReply),
    /// Answer with this status. An empty body gets an error body of the request's wire shape.
    Status {
        status: u16,
        body: String,
        headers: Vec<(String, String)>,
    },
    /// Read the request, then reset the connection (RST) without a response.
    ResetConnection,
    /// Read the request and never send a response head.
    NoHeaders,
    /// Send the head and `events` events (or part of a plain body), then stall.
    StallMidStream {
        events: usize,
    },
    /// Send the head, then one byte or comment every `every`, forever.
    Trickle {
        every: Duration,
    },
    /// 200 with a body that is not JSON.
    MalformedJson,
    /// Send the head and `events` events, then end the body cleanly without the terminal
    /// event (plain: promise a longer body than is sent and close).
    Truncated {
        events: usize,
    },
    /// Send `events` text events, then an error event of this shape, then end the body.
    MidStreamError {
        shape: ErrorShape,
        events: usize,
    },
}

impl Behavior {
    pub fn status(status: u16) -> Behavior {
        Behavior::Status {
            status,
            body: String::new(),
            headers: Vec::new(),
        }
    }

    pub fn status_with_headers(status: u16, headers: &[(&str, &str)]) -> Behavior {
        Behavior::Status {
            status,
            body: String::new(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// 429 with `retry-after: <value>` (seconds or an HTTP date).
    pub fn rate_limited(retry_after: &str) -> Behavior {
        Behavior::status_with_headers(429, &[("retry-after", retry_after)])
    }

    /// 429 with `retry-after-ms: <value>`.
    pub fn rate_limited_ms(retry_after_ms: &str) -> Behavior {
        Behavior::status_with_headers(429, &[("retry-after-ms", retry_after_ms)])
    }

    /// OpenAI's out-of-quota 429.
    pub fn insufficient_quota() -> Behavior {
        Behavior::Status {
            status: 429,
            body: r#"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#.into(),
            headers: Vec::new(),
        }
    }

    /// OpenRouter's out-of-credit 402.
    pub fn payment_required() -> Behavior {
        Behavior::Status {
            status: 402,
            body: r#"{"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/credits"}}"#.into(),
            headers: Vec::new(),
        }
    }

    /// A 400 saying the prompt is longer than the model's context window.
    pub fn context_length_exceeded() -> Behavior {
        Behavior::Status {
            status: 400,
            body: r#"{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#.into(),
            headers: Vec::new(),
        }
    }

    /// Reads a behaviour from a short spec, for the standalone binary and its control
    /// endpoint: `succeed`, `text:<reply>`, `status:<code>`, `rate-limit:<retry-after>`,
    /// `quota`, `payment`, `context`, `reset`, `no-headers`, `stall`, `trickle:<ms>`,
    /// `malformed`, `truncate`, `stream-error:<openai|vllm|openrouter|anthropic>`.
    pub fn parse_spec(spec: &str) -> Option<Behavior> {
        let spec = spec.trim();
        let (name, argument) = spec.split_once(':').unwrap_or((spec, ""));
        Some(match name {
            "succeed" => Behavior::Succeed,
            "text" => Behavior::Reply(FakeReply::text(argument)),
            "status" => Behavior::status(argument.parse().ok()?),
            "rate-limit" => {
                Behavior::rate_limited(if argument.is_empty() { "1" } else { argument })
            }
            "quota" => Behavior::insufficient_quota(),
            "payment" => Behavior::payment_required(),
            "context" => Behavior::context_length_exceeded(),
            "reset" => Behavior::ResetConnection,
            "no-headers" => Behavior::NoHeaders,
            "stall" => Behavior::StallMidStream { events: 1 },
            "trickle" => Behavior::Trickle {
                every: Duration::from_millis(argument.parse().ok()?),
            },
            "malformed" => Behavior::MalformedJson,
            "truncate" => Behavior::Truncated { events: 1 },
            "stream-error" => Behavior::MidStreamError {
                shape: match argument {
                    "openai" | "" => ErrorShape::OpenAi,
                    "vllm" => ErrorShape::Vllm,
                    "openrouter" => ErrorShape::OpenRouter,
                    "anthropic" => ErrorShape::Anthropic,
                    _ => return None,
                },
                events: 1,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        assert_eq!(Behavior::parse_spec("succeed"), Some(Behavior::Succeed));
        assert_eq!(
            Behavior::parse_spec("status:503"),
            Some(Behavior::status(503))
        );
        assert_eq!(
            Behavior::parse_spec("rate-limit:2"),
            Some(Behavior::rate_limited("2"))
        );
        assert_eq!(
            Behavior::parse_spec("trickle:50"),
            Some(Behavior::Trickle {
                every: Duration::from_millis(50)
            })
        );
        assert_eq!(Behavior::parse_spec("status:abc"), None);
        assert_eq!(Behavior::parse_spec("bogus"), None);
    }
}
