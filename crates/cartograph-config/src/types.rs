//! The validated shape of `pipeline.toml`. Every field has the default the reference `pipeline.toml` gives it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole configuration, after defaults are applied and values validated.
///
/// Deserializing goes through the loader's raw form, so per-phase defaults, built-in provider
/// inheritance and validation apply however the value is read; [`crate::parse_str`] adds the
/// file, line and column to errors.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "crate::raw::RawConfig")]
pub struct PipelineConfig {
    pub output: OutputConfig,
    pub scan: ScanConfig,
    /// Only the tables the file names; `providers()` merges in the built-in ones.
    pub providers: BTreeMap<String, ProviderConfig>,
    pub phases: PhasesConfig,
    pub budget: BudgetConfig,
    pub hook: HookConfig,
    pub mcp: McpConfig,
    pub retry: RetryConfig,
    pub prompts: PromptsConfig,
    pub cache: CacheConfig,
    /// Prices and context windows, keyed by model reference (`provider/model`).
    pub models: BTreeMap<String, ModelConfig>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputConfig {
    pub dir: String,
    pub llms_txt_tokens: u32,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: "docs/cartograph".into(),
            llms_txt_tokens: 8_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScanConfig {
    /// Globs on top of `.gitignore`, `.ignore` and `.cartographignore`.
    pub exclude: Vec<String>,
    pub max_file_bytes: u64,
    /// Globs of files that may only be sent to providers with `local = true`.
    pub local_only: Vec<String>,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            exclude: vec!["target/**".into(), "node_modules/**".into()],
            max_file_bytes: 1_048_576,
            local_only: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Any OpenAI-compatible chat completions API.
    Openai,
    Anthropic,
    Offline,
}

/// One provider. Fields left out take the built-in provider's value of the same name, or the
/// general defaults below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    pub kind: ProviderKind,
    #[serde(default)]
    pub base_url: Option<String>,
    /// The environment variable that holds the key; keys never live in the file.
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// Defaults to true when `base_url` is on loopback.
    #[serde(default)]
    pub local: Option<bool>,
    #[serde(default)]
    pub requests_per_minute: Option<u32>,
    #[serde(default)]
    pub tokens_per_minute: Option<u64>,
    #[serde(default = "defaults::max_concurrency")]
    pub max_concurrency: u32,
    #[serde(default = "defaults::connect_timeout_secs")]
    pub connect_timeout_secs: f64,
    #[serde(default = "defaults::first_byte_timeout_secs")]
    pub first_byte_timeout_secs: f64,
    #[serde(default = "defaults::idle_timeout_secs")]
    pub idle_timeout_secs: f64,
    #[serde(default = "defaults::timeout_secs")]
    pub timeout_secs: f64,
    #[serde(default = "defaults::max_retry_after_secs")]
    pub max_retry_after_secs: f64,
}

impl ProviderConfig {
    /// A provider of `kind` with every optional field at its default.
    pub fn with_kind(kind: ProviderKind) -> ProviderConfig {
        ProviderConfig {
            kind,
            base_url: None,
            api_key_env: None,
            local: None,
            requests_per_minute: None,
            tokens_per_minute: None,
            max_concurrency: defaults::max_concurrency(),
            connect_timeout_secs: defaults::connect_timeout_secs(),
            first_byte_timeout_secs: defaults::first_byte_timeout_secs(),
            idle_timeout_secs: defaults::idle_timeout_secs(),
            timeout_secs: defaults::timeout_secs(),
            max_retry_after_secs: defaults::max_retry_after_secs(),
        }
    }

    /// Whether this provider may receive `local_only` files: `local` when set, else true for a
    /// loopback `base_url` and for the offline provider.
    pub fn is_local(&self) -> bool {
        if let Some(local) = self.local {
            return local;
        }
        match (&self.kind, &self.base_url) {
            (ProviderKind::Offline, _) => true,
            (_, Some(url)) => crate::is_loopback_url(url),
            (_, None) => false,
        }
    }
}

pub(crate) mod defaults {
    pub fn max_concurrency() -> u32 {
        8
    }
    pub fn connect_timeout_secs() -> f64 {
        10.0
    }
    pub fn first_byte_timeout_secs() -> f64 {
        60.0
    }
    pub fn idle_timeout_secs() -> f64 {
        30.0
    }
    pub fn timeout_secs() -> f64 {
        300.0
    }
    pub fn max_retry_after_secs() -> f64 {
        120.0
    }
}

/// `provider/model`, split at the first slash. `offline` alone means `offline/structural`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelRef {
    pub provider: String,
    pub model: String,
}

impl ModelRef {
    pub fn parse(text: &str) -> Option<ModelRef> {
        if text == "offline" {
            return Some(ModelRef::offline());
        }
        let (provider, model) = text.split_once('/')?;
        if provider.is_empty() || model.is_empty() {
            return None;
        }
        Some(ModelRef {
            provider: provider.to_string(),
            model: model.to_string(),
        })
    }

    pub fn offline() -> ModelRef {
        ModelRef {
            provider: "offline".into(),
            model: "structural".into(),
        }
    }
}

impl std::fmt::Display for ModelRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.provider, self.model)
    }
}

impl Serialize for ModelRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ModelRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ModelRef::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid model reference `{text}`: expected `provider/model`, e.g. `openai/gpt-4o-mini`"
            ))
        })
    }
}

/// Each phase table may be partial: a key it leaves out takes that phase's default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "crate::raw::RawPhases")]
pub struct PhasesConfig {
    pub map: PhaseConfig,
    pub lens: PhaseConfig,
    pub run: PhaseConfig,
    /// The two `embedding_*` keys of `[phases.lens]`: the lens phase's optional embeddings.
    /// Kept apart from [`PhaseConfig`] because no other phase has them.
    pub embedding: EmbeddingConfig,
}

impl Default for PhasesConfig {
    fn default() -> Self {
        PhasesConfig {
            map: PhaseConfig::map_default(),
            lens: PhaseConfig::lens_default(),
            run: PhaseConfig::run_default(),
            embedding: EmbeddingConfig::default(),
        }
    }
}

/// Serialized as the file writes it: the embedding keys inside `[phases.lens]`, and left out
/// at their defaults, so that a configuration without embeddings serializes as it did before
/// they existed (the docs run's early cutoff hashes the serialized configuration).
impl Serialize for PhasesConfig {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct LensTable<'a> {
            #[serde(flatten)]
            phase: &'a PhaseConfig,
            #[serde(skip_serializing_if = "Option::is_none")]
            embedding_model: Option<&'a ModelRef>,
            #[serde(skip_serializing_if = "Option::is_none")]
            embedding_budget_tokens: Option<u64>,
        }
        #[derive(Serialize)]
        struct Phases<'a> {
            map: &'a PhaseConfig,
            lens: LensTable<'a>,
            run: &'a PhaseConfig,
        }
        let default_budget = EmbeddingConfig::default().budget_tokens;
        Phases {
            map: &self.map,
            lens: LensTable {
                phase: &self.lens,
                embedding_model: self.embedding.model.as_ref(),
                embedding_budget_tokens: (self.embedding.budget_tokens != default_budget)
                    .then_some(self.embedding.budget_tokens),
            },
            run: &self.run,
        }
        .serialize(serializer)
    }
}

/// Optional embeddings for lens (`[phases.lens] embedding_model`, `embedding_budget_tokens`):
/// vectors per symbol-sized chunk made by `map` and `docs`, the question's made by lens.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddingConfig {
    /// `None` (the file's `""` or no key): lens ranks lexically and by the graph only.
    pub model: Option<ModelRef>,
    /// Tokens per run sent to the embedding model.
    pub budget_tokens: u64,
}

impl Default for EmbeddingConfig {
    fn default() -> Self {
        EmbeddingConfig {
            model: None,
            budget_tokens: 2_000_000,
        }
    }
}

impl PhasesConfig {
    pub fn get(&self, phase: cartograph_core::Phase) -> &PhaseConfig {
        match phase {
            cartograph_core::Phase::Map => &self.map,
            cartograph_core::Phase::Lens => &self.lens,
            cartograph_core::Phase::Run => &self.run,
        }
    }
}

/// One phase's fallback chain and limits. A table that leaves a key out gets that phase's
/// default for it (the loader fills them in per phase).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseConfig {
    /// Tried in order: the fallback chain. Empty turns the phase's model use off (lens only).
    pub models: Vec<ModelRef>,
    /// Per call.
    pub max_input_tokens: u32,
    pub max_output_tokens: u32,
    /// Per run, input + output.
    pub budget_tokens: u64,
}

impl PhaseConfig {
    pub fn map_default() -> PhaseConfig {
        PhaseConfig {
            models: vec![ModelRef::offline()],
            max_input_tokens: 8_000,
            max_output_tokens: 512,
            budget_tokens: 2_000_000,
        }
    }

    pub fn lens_default() -> PhaseConfig {
        PhaseConfig {
            models: Vec::new(),
            max_input_tokens: 8_000,
            max_output_tokens: 512,
            budget_tokens: 200_000,
        }
    }

    pub fn run_default() -> PhaseConfig {
        PhaseConfig {
            models: vec![ModelRef::offline()],
            max_input_tokens: 100_000,
            max_output_tokens: 4_000,
            budget_tokens: 2_000_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetConfig {
    /// Per run, a hard cap across all phases.
    pub max_cost_usd: f64,
}

impl Default for BudgetConfig {
    fn default() -> Self {
        BudgetConfig { max_cost_usd: 5.0 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HookConfig {
    pub max_cost_usd: f64,
}

impl Default for HookConfig {
    fn default() -> Self {
        HookConfig { max_cost_usd: 0.50 }
    }
}

/// `cartograph mcp`: what one server may read and spend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct McpConfig {
    /// o200k tokens one `read` call returns at most.
    pub max_read_tokens: u32,
    /// USD the `ask` tool may spend over the life of one server.
    pub max_cost_usd: f64,
    /// The environment variable holding the bearer token `--http` requires on an address other
    /// than loopback.
    pub token_env: Option<String>,
}

impl Default for McpConfig {
    fn default() -> Self {
        McpConfig {
            max_read_tokens: 20_000,
            max_cost_usd: 1.0,
            token_env: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetryConfig {
    pub max_attempts: u32,
    pub base_delay_ms: u64,
    pub max_delay_ms: u64,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 5,
            base_delay_ms: 500,
            max_delay_ms: 30_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PromptsConfig {
    /// A tracked folder of prompt overrides, relative to the repository root.
    pub dir: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CacheConfig {
    pub remote: Option<String>,
    pub remote_password_env: Option<String>,
    pub remote_key_env: Option<String>,
    /// Empty: the hash of the repository's root commit.
    pub namespace: String,
    pub remote_ttl_days: u32,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            remote: None,
            remote_password_env: None,
            remote_key_env: None,
            namespace: String::new(),
            remote_ttl_days: 30,
        }
    }
}

/// USD per million tokens, and the context window. `None` means unknown, never zero.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelConfig {
    pub input: Option<f64>,
    pub output: Option<f64>,
    pub cached_input: Option<f64>,
    pub context_window: Option<u32>,
}

/// What a model costs, in USD per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Price {
    pub input: f64,
    pub output: f64,
    /// Input tokens served from the provider's prompt cache.
    pub cached_input: f64,
}

impl Price {
    pub const FREE: Price = Price {
        input: 0.0,
        output: 0.0,
        cached_input: 0.0,
    };

    /// The cost of one call in USD. `prompt_tokens` counts `cached_tokens` among them, as
    /// OpenAI reports usage.
    pub fn cost_usd(&self, prompt_tokens: u64, completion_tokens: u64, cached_tokens: u64) -> f64 {
        let cached_tokens = cached_tokens.min(prompt_tokens);
        let uncached_tokens = prompt_tokens - cached_tokens;
        (uncached_tokens as f64 * self.input
            + cached_tokens as f64 * self.cached_input
            + completion_tokens as f64 * self.output)
            / 1_000_000.0
    }
}

/// A configuration and the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedConfig {
    pub config: PipelineConfig,
    /// `None`: no file was found, these are the built-in defaults.
    pub source: Option<std::path::PathBuf>,
}
