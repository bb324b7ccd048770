//! The file as written: every table may be partial. Building a [`PipelineConfig`] from it fills
//! in per-phase defaults and lets a provider table inherit from the built-in of the same name.
//! Does no validation of values; `validate` does.

use crate::builtin::builtin_provider;
use crate::location::KeyPath;
use crate::types::{
    BudgetConfig, CacheConfig, EmbeddingConfig, HookConfig, McpConfig, ModelConfig, ModelRef,
    OutputConfig, PhaseConfig, PhasesConfig, PipelineConfig, PromptsConfig, ProviderConfig,
    ProviderKind, RetryConfig, ScanConfig,
};
use crate::validate::{validate, Problem};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The top-level tables cartograph reads; a file holding none of them belongs to another tool.
pub(crate) const TABLES: [&str; 11] = [
    "output",
    "scan",
    "providers",
    "phases",
    "budget",
    "hook",
    "mcp",
    "retry",
    "prompts",
    "cache",
    "models",
];

/// `pub` only so that the `Deserialize` impl of [`PipelineConfig`] may name it; the module is
/// private, so no other crate can.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawConfig {
    output: OutputConfig,
    scan: ScanConfig,
    providers: BTreeMap<String, RawProvider>,
    phases: RawPhases,
    budget: BudgetConfig,
    hook: HookConfig,
    mcp: McpConfig,
    retry: RetryConfig,
    prompts: PromptsConfig,
    cache: CacheConfig,
    models: BTreeMap<String, ModelConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawPhases {
    map: Option<RawPhase>,
    lens: Option<RawLensPhase>,
    run: Option<RawPhase>,
}

/// `[phases.lens]`: a phase table with the two embedding keys only this phase takes. Spelled
/// out rather than flattened, because `deny_unknown_fields` does not work with `flatten`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawLensPhase {
    models: Option<Vec<ModelRef>>,
    max_input_tokens: Option<u32>,
    max_output_tokens: Option<u32>,
    budget_tokens: Option<u64>,
    #[serde(deserialize_with = "model_or_empty")]
    embedding_model: Option<Option<ModelRef>>,
    embedding_budget_tokens: Option<u64>,
}

/// `embedding_model`: a model reference, or `""` for none.
fn model_or_empty<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<ModelRef>>, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Ok(Some(None));
    }
    ModelRef::parse(&text).map(|model| Some(Some(model))).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "invalid model reference `{text}`: expected `provider/model`, e.g. `openai/text-embedding-3-small`, or \"\" for none"
        ))
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawPhase {
    models: Option<Vec<ModelRef>>,
    max_input_tokens: Option<u32>,
    max_output_tokens: Option<u32>,
    budget_tokens: Option<u64>,
}

/// Every key optional: for a built-in name, what the table leaves out comes from the built-in.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawProvider {
    kind: Option<ProviderKind>,
    base_url: Option<String>,
    api_key_env: Option<String>,
    local: Option<bool>,
    requests_per_minute: Option<u32>,
    tokens_per_minute: Option<u64>,
    max_concurrency: Option<u32>,
    connect_timeout_secs: Option<f64>,
    first_byte_timeout_secs: Option<f64>,
    idle_timeout_secs: Option<f64>,
    timeout_secs: Option<f64>,
    max_retry_after_secs: Option<f64>,
}

impl RawPhase {
    fn over(self, mut phase: PhaseConfig) -> PhaseConfig {
        if let Some(models) = self.models {
            phase.models = models;
        }
        if let Some(max_input_tokens) = self.max_input_tokens {
            phase.max_input_tokens = max_input_tokens;
        }
        if let Some(max_output_tokens) = self.max_output_tokens {
            phase.max_output_tokens = max_output_tokens;
        }
        if let Some(budget_tokens) = self.budget_tokens {
            phase.budget_tokens = budget_tokens;
        }
        phase
    }
}

impl From<RawPhases> for PhasesConfig {
    fn from(raw: RawPhases) -> PhasesConfig {
        let over = |raw: Option<RawPhase>, default: PhaseConfig| match raw {
            Some(raw) => raw.over(default),
            None => default,
        };
        let mut embedding = EmbeddingConfig::default();
        let lens = raw.lens.map(|lens| {
            if let Some(model) = lens.embedding_model {
                embedding.model = model;
            }
            if let Some(budget_tokens) = lens.embedding_budget_tokens {
                embedding.budget_tokens = budget_tokens;
            }
            RawPhase {
                models: lens.models,
                max_input_tokens: lens.max_input_tokens,
                max_output_tokens: lens.max_output_tokens,
                budget_tokens: lens.budget_tokens,
            }
        });
        PhasesConfig {
            map: over(raw.map, PhaseConfig::map_default()),
            lens: over(lens, PhaseConfig::lens_default()),
            run: over(raw.run, PhaseConfig::run_default()),
            embedding,
        }
    }
}

impl RawProvider {
    /// The provider `name` as the file defines it: the built-in of that name (if any) with this
    /// table's keys laid over it.
    fn build(self, name: &str) -> Result<ProviderConfig, Problem> {
        let builtin = builtin_provider(name);
        let mut provider = match (self.kind, builtin) {
            (Some(kind), Some(mut builtin)) => {
                builtin.kind = kind;
                builtin
            }
            (None, Some(builtin)) => builtin,
            (Some(kind), None) => ProviderConfig::with_kind(kind),
            (None, None) => {
                return Err(Problem::new(
                    KeyPath::from(["providers", name]),
                    format!("provider `{name}` is not built in, so its table needs a `kind`"),
                )
                .hint(
                    "add kind = \"openai\" (any OpenAI-compatible API), \"anthropic\" or \"offline\"",
                ));
            }
        };
        if let Some(base_url) = self.base_url {
            provider.base_url = Some(base_url);
        }
        if let Some(api_key_env) = self.api_key_env {
            // An empty name is how a table says "this provider needs no key", which is the only
            // way to drop the key of a built-in provider pointed at a keyless server.
            provider.api_key_env = (!api_key_env.is_empty()).then_some(api_key_env);
        }
        if let Some(local) = self.local {
            provider.local = Some(local);
        }
        if let Some(requests_per_minute) = self.requests_per_minute {
            provider.requests_per_minute = Some(requests_per_minute);
        }
        if let Some(tokens_per_minute) = self.tokens_per_minute {
            provider.tokens_per_minute = Some(tokens_per_minute);
        }
        if let Some(max_concurrency) = self.max_concurrency {
            provider.max_concurrency = max_concurrency;
        }
        if let Some(secs) = self.connect_timeout_secs {
            provider.connect_timeout_secs = secs;
        }
        if let Some(secs) = self.first_byte_timeout_secs {
            provider.first_byte_timeout_secs = secs;
        }
        if let Some(secs) = self.idle_timeout_secs {
            provider.idle_timeout_secs = secs;
        }
        if let Some(secs) = self.timeout_secs {
            provider.timeout_secs = secs;
        }
        if let Some(secs) = self.max_retry_after_secs {
            provider.max_retry_after_secs = secs;
        }
        Ok(provider)
    }
}

impl RawConfig {
    /// Applies defaults and inheritance; the result is not validated yet.
    pub(crate) fn build(self) -> Result<PipelineConfig, Problem> {
        let mut providers = BTreeMap::new();
        for (name, raw_provider) in self.providers {
            let provider = raw_provider.build(&name)?;
            providers.insert(name, provider);
        }
        Ok(PipelineConfig {
            output: self.output,
            scan: self.scan,
            providers,
            phases: self.phases.into(),
            budget: self.budget,
            hook: self.hook,
            mcp: self.mcp,
            retry: self.retry,
            prompts: self.prompts,
            cache: self.cache,
            models: self.models,
        })
    }
}

impl TryFrom<RawConfig> for PipelineConfig {
    type Error = Problem;

    fn try_from(raw: RawConfig) -> Result<PipelineConfig, Problem> {
        let config = raw.build()?;
        if let Some(problem) = validate(&config).into_iter().next() {
            return Err(problem);
        }
        Ok(config)
    }
}
