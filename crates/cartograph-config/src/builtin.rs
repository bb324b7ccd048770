//! The providers and model prices cartograph knows without a table, and the lookups that lay the
//! file's tables over them. Prices are USD per million tokens as published by each vendor; a
//! `[models."provider/model"]` table corrects any of them.

use crate::types::{ModelConfig, ModelRef, PipelineConfig, Price, ProviderConfig, ProviderKind};
use std::collections::BTreeMap;

/// The names of the built-in providers, in the order documentation lists them.
pub const BUILTIN_PROVIDERS: [&str; 5] = ["openai", "anthropic", "openrouter", "ollama", "offline"];

/// The built-in provider called `name`, if there is one.
pub(crate) fn builtin_provider(name: &str) -> Option<ProviderConfig> {
    let remote = |kind, base_url: &str, api_key_env: &str| {
        let mut provider = ProviderConfig::with_kind(kind);
        provider.base_url = Some(base_url.to_string());
        provider.api_key_env = Some(api_key_env.to_string());
        provider
    };
    match name {
        "openai" => Some(remote(
            ProviderKind::Openai,
            "https://api.openai.com/v1",
            "OPENAI_API_KEY",
        )),
        "anthropic" => Some(remote(
            ProviderKind::Anthropic,
            "https://api.anthropic.com",
            "ANTHROPIC_API_KEY",
        )),
        "openrouter" => Some(remote(
            ProviderKind::Openai,
            "https://openrouter.ai/api/v1",
            "OPENROUTER_API_KEY",
        )),
        "ollama" => {
            // `local` stays unset: it follows from the loopback URL, so pointing `ollama` at
            // another machine does not keep sending it `local_only` files.
            let mut ollama = ProviderConfig::with_kind(ProviderKind::Openai);
            ollama.base_url = Some("http://127.0.0.1:11434/v1".to_string());
            Some(ollama)
        }
        "offline" => Some(ProviderConfig::with_kind(ProviderKind::Offline)),
        _ => None,
    }
}

/// (reference, input, output, cached input, context window)
type ModelRow = (&'static str, f64, f64, f64, u32);

const GPT_4O_MINI: (f64, f64, f64, u32) = (0.15, 0.60, 0.075, 128_000);
const GPT_4O: (f64, f64, f64, u32) = (2.50, 10.00, 1.25, 128_000);
const GPT_4_1: (f64, f64, f64, u32) = (2.00, 8.00, 0.50, 1_047_576);
const GPT_4_1_MINI: (f64, f64, f64, u32) = (0.40, 1.60, 0.10, 1_047_576);
const GPT_4_1_NANO: (f64, f64, f64, u32) = (0.10, 0.40, 0.025, 1_047_576);
const O4_MINI: (f64, f64, f64, u32) = (1.10, 4.40, 0.275, 200_000);
const GPT_5: (f64, f64, f64, u32) = (1.25, 10.00, 0.125, 400_000);
const GPT_5_MINI: (f64, f64, f64, u32) = (0.25, 2.00, 0.025, 400_000);
const GPT_5_NANO: (f64, f64, f64, u32) = (0.05, 0.40, 0.005, 400_000);
const CLAUDE_SONNET_4_5: (f64, f64, f64, u32) = (3.00, 15.00, 0.30, 200_000);
const CLAUDE_HAIKU_4_5: (f64, f64, f64, u32) = (1.00, 5.00, 0.10, 200_000);
const CLAUDE_OPUS_4_1: (f64, f64, f64, u32) = (15.00, 75.00, 1.50, 200_000);

/// Embedding models: input only, and an 8,191-token input.
const TEXT_EMBEDDING_3_SMALL: (f64, f64, f64, u32) = (0.02, 0.0, 0.02, 8_191);
const TEXT_EMBEDDING_3_LARGE: (f64, f64, f64, u32) = (0.13, 0.0, 0.13, 8_191);
const TEXT_EMBEDDING_ADA_002: (f64, f64, f64, u32) = (0.10, 0.0, 0.10, 8_191);

const fn row(reference: &'static str, price: (f64, f64, f64, u32)) -> ModelRow {
    (reference, price.0, price.1, price.2, price.3)
}

/// The same model appears once per provider that serves it, under that provider's name for it
/// (OpenRouter writes `anthropic/claude-sonnet-4.5` where Anthropic writes `claude-sonnet-4-5`).
const MODELS: &[ModelRow] = &[
    row("openai/gpt-4o-mini", GPT_4O_MINI),
    row("openai/gpt-4o", GPT_4O),
    row("openai/gpt-4.1", GPT_4_1),
    row("openai/gpt-4.1-mini", GPT_4_1_MINI),
    row("openai/gpt-4.1-nano", GPT_4_1_NANO),
    row("openai/o4-mini", O4_MINI),
    row("openai/gpt-5", GPT_5),
    row("openai/gpt-5-mini", GPT_5_MINI),
    row("openai/gpt-5-nano", GPT_5_NANO),
    row("openai/text-embedding-3-small", TEXT_EMBEDDING_3_SMALL),
    row("openai/text-embedding-3-large", TEXT_EMBEDDING_3_LARGE),
    row("openai/text-embedding-ada-002", TEXT_EMBEDDING_ADA_002),
    row("anthropic/claude-sonnet-4-5", CLAUDE_SONNET_4_5),
    row("anthropic/claude-sonnet-4-5-20250929", CLAUDE_SONNET_4_5),
    row("anthropic/claude-haiku-4-5", CLAUDE_HAIKU_4_5),
    row("anthropic/claude-haiku-4-5-20251001", CLAUDE_HAIKU_4_5),
    row("anthropic/claude-opus-4-1", CLAUDE_OPUS_4_1),
    row("anthropic/claude-opus-4-1-20250805", CLAUDE_OPUS_4_1),
    row("openrouter/openai/gpt-4o-mini", GPT_4O_MINI),
    row("openrouter/openai/gpt-4o", GPT_4O),
    row("openrouter/openai/gpt-4.1", GPT_4_1),
    row("openrouter/openai/gpt-4.1-mini", GPT_4_1_MINI),
    row("openrouter/openai/gpt-4.1-nano", GPT_4_1_NANO),
    row("openrouter/openai/o4-mini", O4_MINI),
    row("openrouter/openai/gpt-5", GPT_5),
    row("openrouter/openai/gpt-5-mini", GPT_5_MINI),
    row("openrouter/openai/gpt-5-nano", GPT_5_NANO),
    row("openrouter/anthropic/claude-sonnet-4.5", CLAUDE_SONNET_4_5),
    row("openrouter/anthropic/claude-haiku-4.5", CLAUDE_HAIKU_4_5),
    row("openrouter/anthropic/claude-opus-4.1", CLAUDE_OPUS_4_1),
];

fn builtin_model(model: &ModelRef) -> ModelConfig {
    let reference = model.to_string();
    MODELS
        .iter()
        .find(|row| row.0 == reference)
        .map(
            |&(_, input, output, cached_input, context_window)| ModelConfig {
                input: Some(input),
                output: Some(output),
                cached_input: Some(cached_input),
                context_window: Some(context_window),
            },
        )
        .unwrap_or_default()
}

impl PipelineConfig {
    /// Every provider a model reference may name: the built-in ones, with the file's tables
    /// laid over them or added.
    pub fn providers(&self) -> BTreeMap<String, ProviderConfig> {
        let mut providers: BTreeMap<String, ProviderConfig> = BUILTIN_PROVIDERS
            .iter()
            .filter_map(|name| Some((name.to_string(), builtin_provider(name)?)))
            .collect();
        providers.extend(
            self.providers
                .iter()
                .map(|(name, p)| (name.clone(), p.clone())),
        );
        providers
    }

    /// The provider `name`, from the file or built in.
    pub fn provider(&self, name: &str) -> Option<ProviderConfig> {
        self.providers
            .get(name)
            .cloned()
            .or_else(|| builtin_provider(name))
    }

    /// What is known of `model`: the built-in row, with the file's `[models."provider/model"]`
    /// table laid over it key by key. Unknown fields stay `None`.
    pub fn model_info(&self, model: &ModelRef) -> ModelConfig {
        let mut info = builtin_model(model);
        // Keys are compared as parsed references, so `[models.offline]` means `offline/structural`.
        let table = self
            .models
            .iter()
            .find(|(reference, _)| ModelRef::parse(reference).as_ref() == Some(model))
            .map(|(_, table)| table);
        if let Some(table) = table {
            info.input = table.input.or(info.input);
            info.output = table.output.or(info.output);
            info.cached_input = table.cached_input.or(info.cached_input);
            info.context_window = table.context_window.or(info.context_window);
        }
        info
    }

    /// The price of `model`, or `None` when it is unknown. Models of local and offline
    /// providers cost nothing unless `[models]` says otherwise; a model of any other provider
    /// is never assumed free. Cached input defaults to the input price.
    pub fn price_of(&self, model: &ModelRef) -> Option<Price> {
        let info = self.model_info(model);
        if let (Some(input), Some(output)) = (info.input, info.output) {
            return Some(Price {
                input,
                output,
                cached_input: info.cached_input.unwrap_or(input),
            });
        }
        let free = self
            .provider(&model.provider)
            .is_some_and(|provider| provider.is_local());
        free.then(|| {
            let input = info.input.unwrap_or(0.0);
            Price {
                input,
                output: info.output.unwrap_or(0.0),
                cached_input: info.cached_input.unwrap_or(input),
            }
        })
    }
}
