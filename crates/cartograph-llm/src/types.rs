//! What a caller sends and gets back: messages, requests, completions, usage and the run's
//! spend. Plain data; no IO.

use cartograph_config::ModelRef;
use cartograph_core::Phase;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Message {
        Message {
            role: Role::System,
            content: content.into(),
        }
    }

    pub fn user(content: impl Into<String>) -> Message {
        Message {
            role: Role::User,
            content: content.into(),
        }
    }

    pub fn assistant(content: impl Into<String>) -> Message {
        Message {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// One request of a phase. The client picks the model from the phase's chain.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletionRequest {
    pub phase: Phase,
    /// The system message first, if there is one.
    pub messages: Vec<Message>,
    /// `None`: the phase's `max_output_tokens`.
    pub max_output_tokens: Option<u32>,
    pub temperature: Option<f32>,
    /// Ask for a JSON object reply (`response_format` where the provider offers it).
    pub json_output: bool,
    /// Part of the cache key: a new prompt version never reuses an old reply.
    pub prompt_version: String,
    /// Repository paths whose content the request carries (the ledger's `files`).
    pub files: Vec<String>,
    /// How many secrets were redacted from the content (the ledger's `redactions`).
    pub redactions: u32,
    /// May only go to providers with `is_local()`.
    pub local_only: bool,
}

impl CompletionRequest {
    /// A request with every optional field at its default.
    pub fn new(phase: Phase, messages: Vec<Message>) -> CompletionRequest {
        CompletionRequest {
            phase,
            messages,
            max_output_tokens: None,
            temperature: None,
            json_output: false,
            prompt_version: String::new(),
            files: Vec::new(),
            redactions: 0,
            local_only: false,
        }
    }
}

/// One embeddings request: texts for the lens phase's embedding model, one vector each.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddingRequest {
    pub inputs: Vec<String>,
    /// Repository paths whose content the inputs carry (the ledger's `files`).
    pub files: Vec<String>,
    /// How many secrets were redacted from the inputs (the ledger's `redactions`).
    pub redactions: u32,
    /// May only go to a provider with `is_local()`.
    pub local_only: bool,
}

/// The vectors of an [`EmbeddingRequest`], in the order of its inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    pub vectors: Vec<Vec<f32>>,
    pub model: ModelRef,
    pub usage: Usage,
    /// `None` when the price is unknown.
    pub cost_usd: Option<f64>,
}

/// Token counts as the provider reported them. `prompt_tokens` includes `cached_tokens`
/// (input served from the provider's prompt cache), as OpenAI reports it; the Anthropic
/// adapter converts to this convention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cached_tokens: u64,
    /// The provider reported nothing; these are local o200k counts.
    #[serde(default)]
    pub estimated: bool,
}

impl Usage {
    pub fn total(&self) -> u64 {
        self.prompt_tokens.saturating_add(self.completion_tokens)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub text: String,
    /// The chain entry that answered.
    pub model: ModelRef,
    /// The model the provider says served the reply (OpenRouter names the real one).
    pub served_model: String,
    pub usage: Usage,
    /// What this call cost in this run: 0 for a cache hit, `None` when the price is unknown.
    pub cost_usd: Option<f64>,
    pub from_cache: bool,
}

/// What a run has used so far, per phase.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Spend {
    pub by_phase: BTreeMap<Phase, PhaseSpend>,
    /// The sum of the known costs of every attempt.
    pub cost_usd: f64,
    /// Attempts whose cost is unknown (a provider of no known price reported none).
    pub unpriced_attempts: u64,
}

impl Spend {
    pub fn phase(&self, phase: Phase) -> PhaseSpend {
        self.by_phase.get(&phase).cloned().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PhaseSpend {
    /// Requests answered by a provider (successful calls, not attempts).
    pub requests: u64,
    /// Requests answered from the response cache.
    pub cached: u64,
    /// Provider attempts, failed ones included.
    pub attempts: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cached_tokens: u64,
    pub cost_usd: f64,
    /// What the cache hits would have cost.
    pub saved_usd: f64,
}
