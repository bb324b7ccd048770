//! [`LlmClient`]: the one entry point of the provider layer. It walks a phase's fallback chain
//! and wraps every adapter call, once, with the response cache, budgets, rate limits, circuit
//! breakers, retries and the ledger. It holds keys as `SecretString` and never prints them.

use crate::adapters::{
    AnthropicAdapter, EmbeddingCall, FailureKind, LlmProvider, OpenAiAdapter, ProviderCall,
    ProviderError,
};
use crate::breaker::{Admission, Breaker};
use crate::budget::Budgets;
use crate::cache::{self, CachedResponse, ResponseKey};
use crate::error::{one_line, LlmError};
use crate::http::{build_client, Timeouts};
use crate::ledger::{now_rfc3339, CacheHits, Ledger, LedgerRow, Outcome};
use crate::limits::ProviderLimits;
use crate::retry::full_jitter_delay;
use crate::types::{
    Completion, CompletionRequest, EmbeddingRequest, Embeddings, Message, PhaseSpend, Spend, Usage,
};
use cartograph_config::{
    ModelRef, PipelineConfig, Price, ProviderConfig, ProviderKind, RetryConfig,
};
use cartograph_core::Phase;
use cartograph_store::Store;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

/// What [`LlmClient::complete_streaming`] passes on when an attempt that already streamed
/// text failed and the answer starts again (same model after a retry, or the next one):
/// everything streamed before it is to be discarded.
pub const RESTART_NOTICE: &str =
    "\n\n[cartograph: the answer was interrupted and starts again]\n\n";

/// Streaming events for callers that handle restarts themselves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StreamEvent<'a> {
    /// The next piece of the answer.
    Text(&'a str),
    /// The text streamed so far belongs to an attempt that failed; the answer starts again
    /// with `model`. Sent just before the first text of the new attempt.
    Restart {
        model: &'a ModelRef,
        reason: &'a str,
    },
}

/// Tokens a chat request adds around each message, and around the whole request.
const TOKENS_PER_MESSAGE: u64 = 4;
const TOKENS_PER_REQUEST: u64 = 3;
/// Local o200k counts are multiplied by this for models whose tokenizer differs.
const FOREIGN_TOKENIZER_MARGIN: f64 = 1.25;
/// Immediate retries without a parameter a server refused, per model and request.
const MAX_PARAMETER_RETRIES: u32 = 2;

/// One provider as the client uses it.
struct ProviderRuntime {
    name: String,
    kind_name: &'static str,
    base_url: String,
    local: bool,
    /// `None` for the offline provider.
    adapter: Option<Arc<dyn LlmProvider>>,
    limits: ProviderLimits,
    max_retry_after: Duration,
    /// Only to scrub it from server messages that echo it.
    key: Option<SecretString>,
    /// A Retry-After longer than `max_retry_after` blocks the provider until then.
    blocked_until: Mutex<Option<Instant>>,
}

impl ProviderRuntime {
    fn blocked_for(&self) -> Option<Duration> {
        let until = (*self
            .blocked_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner))?;
        let now = Instant::now();
        (until > now).then(|| until - now)
    }

    fn block_for(&self, duration: Duration) {
        let until = Instant::now() + duration;
        let mut blocked = self
            .blocked_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *blocked = Some(blocked.map_or(until, |current| current.max(until)));
    }

    fn scrub(&self, text: &str) -> String {
        one_line(text, self.key.as_ref().map(|key| key.expose_secret()))
    }
}

#[derive(Clone)]
struct ChainEntry {
    model: ModelRef,
    provider: Arc<ProviderRuntime>,
    /// `None` only for a local provider without a `[models]` price: it costs 0.
    price: Option<Price>,
    context_window: Option<u32>,
    /// How much to add to a local o200k count for this model's tokenizer.
    token_margin: f64,
    breaker: Arc<Breaker>,
}

impl ChainEntry {
    fn is_offline(&self) -> bool {
        self.provider.adapter.is_none()
    }

    fn cost(&self, prompt_tokens: u64, completion_tokens: u64, cached_tokens: u64) -> Option<f64> {
        match self.price {
            Some(price) => Some(price.cost_usd(prompt_tokens, completion_tokens, cached_tokens)),
            None if self.provider.local => Some(0.0),
            None => None,
        }
    }
}

struct PhaseSetup {
    chain: Vec<ChainEntry>,
    max_output_tokens: u32,
}

#[derive(Default)]
struct Stats {
    spend: Spend,
    cache_hits: BTreeMap<(Phase, String, String), CacheHits>,
}

struct Inner {
    run_id: String,
    ledger: Ledger,
    store: Arc<dyn Store>,
    phases: [PhaseSetup; 3],
    /// The lens phase's embedding model, when one is configured and its provider can embed.
    embedding: Option<ChainEntry>,
    /// Why a configured embedding model cannot be used (its provider has no embeddings
    /// endpoint); said once by the caller instead of failing the run.
    embedding_unavailable: Option<String>,
    retry: RetryConfig,
    budgets: Budgets,
    stats: Mutex<Stats>,
}

/// The provider layer of one run. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct LlmClient {
    inner: Arc<Inner>,
}

fn phase_index(phase: Phase) -> usize {
    match phase {
        Phase::Map => 0,
        Phase::Lens => 1,
        Phase::Run => 2,
    }
}

fn kind_name(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Openai => "openai",
        ProviderKind::Anthropic => "anthropic",
        ProviderKind::Offline => "offline",
    }
}

fn token_margin(kind: ProviderKind, model: &str) -> f64 {
    let name = model.rsplit('/').next().unwrap_or(model);
    let o200k = ["gpt-4o", "gpt-4.1", "gpt-5", "o1", "o3", "o4", "chatgpt-4o"];
    if kind == ProviderKind::Openai && o200k.iter().any(|prefix| name.starts_with(prefix)) {
        1.0
    } else {
        FOREIGN_TOKENIZER_MARGIN
    }
}

/// The o200k tokens of a request's messages, with the chat format's overhead.
fn count_input_tokens(messages: &[Message]) -> u64 {
    let content: u64 = messages
        .iter()
        .map(|message| cartograph_tokens::count(&message.content) as u64)
        .sum();
    content + TOKENS_PER_MESSAGE * messages.len() as u64 + TOKENS_PER_REQUEST
}

fn build_provider(
    name: &str,
    config: &ProviderConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ProviderRuntime, LlmError> {
    let local = config.is_local();
    let key = match config.api_key_env.as_deref() {
        Some(variable) => match env(variable).filter(|value| !value.trim().is_empty()) {
            Some(value) => Some(SecretString::from(value.trim().to_string())),
            None if local || config.kind == ProviderKind::Offline => None,
            None => {
                return Err(LlmError::Config(format!(
                    "provider `{name}` needs its API key in the environment variable `{variable}`, which is not set"
                )))
            }
        },
        None => None,
    };
    let base_url = match (&config.base_url, config.kind) {
        (Some(url), _) => url.clone(),
        (None, ProviderKind::Openai) => "https://api.openai.com/v1".to_string(),
        (None, ProviderKind::Anthropic) => "https://api.anthropic.com".to_string(),
        (None, ProviderKind::Offline) => String::new(),
    };
    let timeouts = Timeouts::from_config(config);
    let adapter: Option<Arc<dyn LlmProvider>> = match config.kind {
        ProviderKind::Offline => None,
        kind => {
            if reqwest::Url::parse(&base_url).is_err() {
                return Err(LlmError::Config(format!(
                    "provider `{name}` has an invalid base_url `{base_url}`"
                )));
            }
            let http = build_client(&timeouts).map_err(LlmError::Config)?;
            let header = |text: String| {
                HeaderValue::from_str(&text)
                    .map(|mut value| {
                        value.set_sensitive(true);
                        value
                    })
                    .map_err(|_| {
                        LlmError::Config(format!(
                            "the API key of provider `{name}` holds characters an HTTP header cannot carry"
                        ))
                    })
            };
            if kind == ProviderKind::Anthropic {
                let api_key = key
                    .as_ref()
                    .map(|key| header(key.expose_secret().to_string()))
                    .transpose()?;
                Some(Arc::new(AnthropicAdapter::new(
                    http, &base_url, api_key, timeouts,
                )))
            } else {
                let authorization = key
                    .as_ref()
                    .map(|key| header(format!("Bearer {}", key.expose_secret())))
                    .transpose()?;
                Some(Arc::new(OpenAiAdapter::new(
                    http,
                    &base_url,
                    authorization,
                    timeouts,
                )))
            }
        }
    };
    let max_retry_after =
        if config.max_retry_after_secs.is_finite() && config.max_retry_after_secs >= 0.0 {
            Duration::try_from_secs_f64(config.max_retry_after_secs).unwrap_or(Duration::MAX)
        } else {
            Duration::from_secs(120)
        };
    Ok(ProviderRuntime {
        name: name.to_string(),
        kind_name: kind_name(config.kind),
        base_url,
        local,
        adapter,
        limits: ProviderLimits::new(
            config.requests_per_minute,
            config.tokens_per_minute,
            config.max_concurrency,
        ),
        max_retry_after,
        key,
        blocked_until: Mutex::new(None),
    })
}

/// The embedding model's entry: `Ok(None)` when none is configured, `Err(reason)` when its
/// provider has no embeddings endpoint (validation refuses that in a file; a configuration
/// built in code gets the reason instead of a failed run). Shares providers and breakers with
/// the phases' chains, so one server's limits hold across chat and embeddings.
fn embedding_entry(
    config: &PipelineConfig,
    env: &dyn Fn(&str) -> Option<String>,
    providers: &mut HashMap<String, Arc<ProviderRuntime>>,
    breakers: &mut HashMap<ModelRef, Arc<Breaker>>,
) -> Result<Result<Option<ChainEntry>, String>, LlmError> {
    let Some(model) = &config.phases.embedding.model else {
        return Ok(Ok(None));
    };
    let provider_config = config.provider(&model.provider).ok_or_else(|| {
        LlmError::Config(format!(
            "`[phases.lens] embedding_model` is `{model}`, but no provider `{}` is configured",
            model.provider
        ))
    })?;
    if provider_config.kind != ProviderKind::Openai {
        return Ok(Err(format!(
            "embedding model `{model}`: provider `{}` is of kind {}, which has no embeddings endpoint; lens ranks without embeddings",
            model.provider,
            kind_name(provider_config.kind)
        )));
    }
    let provider = match providers.get(&model.provider) {
        Some(provider) => provider.clone(),
        None => {
            let built = Arc::new(build_provider(&model.provider, &provider_config, env)?);
            providers.insert(model.provider.clone(), built.clone());
            built
        }
    };
    let price = config.price_of(model);
    if !provider.local && price.is_none() {
        return Err(LlmError::Config(format!(
            "no price is known for `{model}`: add `input` (USD per million tokens) under [models.\"{model}\"]"
        )));
    }
    Ok(Ok(Some(ChainEntry {
        model: model.clone(),
        price,
        context_window: config.model_info(model).context_window,
        token_margin: token_margin(provider_config.kind, &model.model),
        breaker: breakers
            .entry(model.clone())
            .or_insert_with(|| Arc::new(crate::breaker::model_breaker()))
            .clone(),
        provider,
    })))
}

impl LlmClient {
    /// Built once per run. Checks, before any call, that every provider a phase names exists
    /// and has its key, that every paid model has a price, that `max_cost_usd` is a real
    /// non-negative number and that each phase's largest call fits its providers'
    /// tokens-per-minute budget.
    pub fn new(
        config: &PipelineConfig,
        store: Arc<dyn Store>,
        ledger: Ledger,
        run_id: String,
        max_cost_usd: f64,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<LlmClient, LlmError> {
        if !max_cost_usd.is_finite() || max_cost_usd < 0.0 {
            return Err(LlmError::Config(format!(
                "the cost cap must be a non-negative number of USD, not `{max_cost_usd}`"
            )));
        }
        let mut providers: HashMap<String, Arc<ProviderRuntime>> = HashMap::new();
        let mut breakers: HashMap<ModelRef, Arc<Breaker>> = HashMap::new();
        let mut setups = Vec::new();
        for phase in Phase::ALL {
            let phase_config = config.phases.get(phase);
            let mut chain = Vec::new();
            for model in &phase_config.models {
                let provider_config = config.provider(&model.provider).ok_or_else(|| {
                    LlmError::Config(format!(
                        "phase {phase} names `{model}`, but no provider `{}` is configured",
                        model.provider
                    ))
                })?;
                let provider = match providers.get(&model.provider) {
                    Some(provider) => provider.clone(),
                    None => {
                        let built =
                            Arc::new(build_provider(&model.provider, &provider_config, env)?);
                        providers.insert(model.provider.clone(), built.clone());
                        built
                    }
                };
                let price = config.price_of(model);
                if provider.adapter.is_some() && !provider.local && price.is_none() {
                    return Err(LlmError::Config(format!(
                        "no price is known for `{model}`: add `input` and `output` (USD per million tokens) under [models.\"{model}\"]"
                    )));
                }
                if let Some(tokens_per_minute) = provider.limits.tokens_per_minute() {
                    let largest = u64::from(phase_config.max_input_tokens)
                        + u64::from(phase_config.max_output_tokens);
                    if largest > tokens_per_minute {
                        return Err(LlmError::Config(format!(
                            "phase {phase} allows calls of {largest} tokens, more than provider `{}` admits per minute ({tokens_per_minute}): lower max_input_tokens or raise tokens_per_minute",
                            model.provider
                        )));
                    }
                }
                chain.push(ChainEntry {
                    model: model.clone(),
                    price,
                    context_window: config.model_info(model).context_window,
                    token_margin: token_margin(provider_config.kind, &model.model),
                    breaker: breakers
                        .entry(model.clone())
                        .or_insert_with(|| Arc::new(crate::breaker::model_breaker()))
                        .clone(),
                    provider,
                });
            }
            setups.push(PhaseSetup {
                chain,
                max_output_tokens: phase_config.max_output_tokens,
            });
        }
        let phases: [PhaseSetup; 3] = setups
            .try_into()
            .map_err(|_| LlmError::Config("internal: three phases expected".into()))?;
        let phase_caps = Phase::ALL.map(|phase| config.phases.get(phase).budget_tokens);
        let (embedding, embedding_unavailable) =
            match embedding_entry(config, env, &mut providers, &mut breakers)? {
                Ok(entry) => (entry, None),
                Err(reason) => (None, Some(reason)),
            };
        Ok(LlmClient {
            inner: Arc::new(Inner {
                run_id,
                ledger,
                store,
                phases,
                embedding,
                embedding_unavailable,
                retry: config.retry.clone(),
                budgets: Budgets::new(phase_caps, max_cost_usd)
                    .with_embedding_cap(config.phases.embedding.budget_tokens),
                stats: Mutex::new(Stats::default()),
            }),
        })
    }

    pub fn run_id(&self) -> &str {
        &self.inner.run_id
    }

    /// One completion, not streamed.
    pub async fn complete(&self, request: CompletionRequest) -> Result<Completion, LlmError> {
        self.execute(request, None).await
    }

    /// Streams text deltas to `on_text` as they arrive. When an attempt that already streamed
    /// text fails and the answer starts again, `on_text` receives [`RESTART_NOTICE`] first:
    /// what came before it is void. A failed request returns an error even if text was
    /// streamed. Use [`LlmClient::complete_streaming_events`] to handle restarts otherwise.
    pub async fn complete_streaming(
        &self,
        request: CompletionRequest,
        on_text: &mut (dyn FnMut(&str) + Send),
    ) -> Result<Completion, LlmError> {
        let mut forward = |event: StreamEvent<'_>| match event {
            StreamEvent::Text(text) => on_text(text),
            StreamEvent::Restart { .. } => on_text(RESTART_NOTICE),
        };
        self.execute(request, Some(&mut forward)).await
    }

    /// Like [`LlmClient::complete_streaming`], with restarts as their own event.
    pub async fn complete_streaming_events(
        &self,
        request: CompletionRequest,
        on_event: &mut (dyn FnMut(StreamEvent<'_>) + Send),
    ) -> Result<Completion, LlmError> {
        self.execute(request, Some(on_event)).await
    }

    /// Whether a phase will actually call a model (false when its chain is empty or starts
    /// with `offline`).
    pub fn phase_uses_models(&self, phase: Phase) -> bool {
        self.inner.phases[phase_index(phase)]
            .chain
            .first()
            .is_some_and(|entry| !entry.is_offline())
    }

    /// The embedding model lens uses, when one is configured and can embed.
    pub fn embedding_model(&self) -> Option<&ModelRef> {
        self.inner.embedding.as_ref().map(|entry| &entry.model)
    }

    /// Whether the embedding model's provider may receive `local_only` files.
    pub fn embedding_is_local(&self) -> bool {
        self.inner
            .embedding
            .as_ref()
            .is_some_and(|entry| entry.provider.local)
    }

    /// Why the configured embedding model cannot be used, if it cannot.
    pub fn embedding_unavailable(&self) -> Option<&str> {
        self.inner.embedding_unavailable.as_deref()
    }

    /// How much the embedding model may count above o200k for the same text (1.0 without one).
    pub fn embedding_token_margin(&self) -> f64 {
        self.inner
            .embedding
            .as_ref()
            .map_or(1.0, |entry| entry.token_margin)
    }

    /// Embeds `request.inputs` with the lens phase's embedding model: one call, under the same
    /// breaker, retries, rate limits and cost cap as completions, reserved against
    /// `embedding_budget_tokens`, each attempt a ledger row of phase `lens`. No response cache:
    /// callers keep vectors by content. `Offline { degraded: false }` when no embedding model
    /// can take the request (none configured, or local-only inputs and a remote provider);
    /// `Offline { degraded: true }` when the model failed.
    pub async fn embed(&self, request: EmbeddingRequest) -> Result<Embeddings, LlmError> {
        let Some(entry) = self.inner.embedding.as_ref() else {
            return Err(LlmError::Offline {
                degraded: false,
                reason: Some(
                    self.inner
                        .embedding_unavailable
                        .clone()
                        .unwrap_or_else(|| "no embedding model is configured".into()),
                ),
            });
        };
        if request.local_only && !entry.provider.local {
            return Err(LlmError::Offline {
                degraded: false,
                reason: Some(
                    "the inputs carry local-only files and the embedding model is not local".into(),
                ),
            });
        }
        let Some(adapter) = entry.provider.adapter.clone() else {
            return Err(LlmError::Offline {
                degraded: false,
                reason: Some("the embedding model's provider is offline".into()),
            });
        };
        if request.inputs.is_empty() {
            return Ok(Embeddings {
                vectors: Vec::new(),
                model: entry.model.clone(),
                usage: Usage::default(),
                cost_usd: Some(0.0),
            });
        }
        let input_tokens: u64 = request
            .inputs
            .iter()
            .map(|input| cartograph_tokens::count(input) as u64)
            .sum();
        let reserve_tokens = (input_tokens as f64 * entry.token_margin).ceil() as u64;
        if let Some(tokens_per_minute) = entry.provider.limits.tokens_per_minute() {
            if reserve_tokens > tokens_per_minute {
                return Err(LlmError::Config(format!(
                    "an embeddings request of about {reserve_tokens} tokens is larger than the {tokens_per_minute} tokens per minute provider `{}` admits",
                    entry.provider.name
                )));
            }
        }
        let cost_estimate = entry.cost(reserve_tokens, 0, 0);
        let failed = |reason: String| LlmError::Offline {
            degraded: true,
            reason: Some(reason),
        };
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let admission = match entry.provider.blocked_for() {
                Some(remaining) => Admission::Refused(remaining),
                None => entry.breaker.admit(),
            };
            if let Admission::Refused(remaining) = admission {
                let reason = format!(
                    "the circuit breaker of `{}` is open for {}s more",
                    entry.model,
                    remaining.as_secs().max(1)
                );
                let mut row = self.row(
                    Phase::Lens,
                    entry,
                    attempt,
                    Outcome::BreakerOpen,
                    &request.files,
                    request.redactions,
                );
                row.error = Some(reason.clone());
                self.append(row).await?;
                return Err(failed(reason));
            }
            let was_probe = admission == Admission::Probe;
            let reservation = match self
                .inner
                .budgets
                .reserve_embedding(reserve_tokens, cost_estimate.unwrap_or(0.0))
            {
                Ok(reservation) => reservation,
                Err(error) => {
                    entry.breaker.record_neutral(was_probe);
                    return Err(error);
                }
            };
            let slot = entry.provider.limits.admit(reserve_tokens).await;
            let started = Instant::now();
            let result = adapter
                .embed(EmbeddingCall {
                    model: &entry.model.model,
                    inputs: &request.inputs,
                })
                .await;
            drop(slot);
            let latency_ms = started.elapsed().as_millis() as u64;
            match result {
                Ok(reply) => {
                    let usage = reply.usage.unwrap_or(Usage {
                        prompt_tokens: input_tokens,
                        completion_tokens: 0,
                        cached_tokens: 0,
                        estimated: true,
                    });
                    let cost = entry.cost(usage.prompt_tokens, 0, 0);
                    entry
                        .provider
                        .limits
                        .refund_tokens(reserve_tokens.saturating_sub(usage.total()));
                    entry.provider.limits.on_success(&reply.hints);
                    // Never more than was reserved: a server that over-reports cannot push
                    // the embedding budget past its cap.
                    reservation.settle(usage.total().min(reserve_tokens), cost.unwrap_or(0.0));
                    entry.breaker.record_success();
                    let mut row = self.row(
                        Phase::Lens,
                        entry,
                        attempt,
                        Outcome::Ok,
                        &request.files,
                        request.redactions,
                    );
                    row.served_model = Some(
                        reply
                            .served_model
                            .clone()
                            .unwrap_or_else(|| entry.model.model.clone()),
                    );
                    row.prompt_tokens = usage.prompt_tokens;
                    row.tokens_estimated = usage.estimated;
                    row.cost_usd = cost;
                    row.latency_ms = latency_ms;
                    self.record_attempt(Phase::Lens, &row);
                    self.append(row).await?;
                    return Ok(Embeddings {
                        vectors: reply.vectors,
                        model: entry.model.clone(),
                        usage,
                        cost_usd: cost,
                    });
                }
                Err(error) => {
                    let error = ProviderError {
                        message: entry.provider.scrub(&error.message),
                        ..error
                    };
                    let long_wait = error
                        .retry_after
                        .filter(|wait| *wait > entry.provider.max_retry_after);
                    let retry_same = error.is_retryable()
                        && long_wait.is_none()
                        && attempt < self.inner.retry.max_attempts;
                    let outcome = match error.kind {
                        FailureKind::RateLimited => Outcome::RateLimited,
                        FailureKind::Timeout => Outcome::Timeout,
                        FailureKind::Truncated => Outcome::Truncated,
                        _ if retry_same => Outcome::Retried,
                        _ => Outcome::Failed,
                    };
                    let mut row = self.row(
                        Phase::Lens,
                        entry,
                        attempt,
                        outcome,
                        &request.files,
                        request.redactions,
                    );
                    row.latency_ms = latency_ms;
                    row.error = Some(error.message.clone());
                    if error.outcome_unknown() {
                        // The provider may have done (and billed) the work.
                        row.prompt_tokens = reserve_tokens;
                        row.tokens_estimated = true;
                        row.cost_usd = cost_estimate;
                        reservation.charge_in_full();
                    } else {
                        entry.provider.limits.refund_tokens(reserve_tokens);
                        reservation.settle(0, 0.0);
                    }
                    self.record_attempt(Phase::Lens, &row);
                    self.append(row).await?;
                    let delay = self.after_failure(entry, &error, attempt, was_probe, long_wait);
                    if error.kind == FailureKind::Quota {
                        return Err(LlmError::Quota {
                            provider: entry.provider.name.clone(),
                            detail: error.message,
                        });
                    }
                    if !retry_same {
                        return Err(failed(format!("`{}`: {}", entry.model, error.message)));
                    }
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    /// The worst-case cost of one call of `phase` with these token counts: the most expensive
    /// model of the chain (every fallback could be needed), with the tokenizer margin. `Some(0)`
    /// for a phase that uses no paid model; `None` when a model's price is unknown.
    pub fn estimate_cost(
        &self,
        phase: Phase,
        input_tokens: u64,
        output_tokens: u64,
    ) -> Option<f64> {
        let mut worst = 0.0f64;
        for entry in &self.inner.phases[phase_index(phase)].chain {
            if entry.is_offline() {
                break;
            }
            let input = (input_tokens as f64 * entry.token_margin).ceil() as u64;
            worst = worst.max(entry.cost(input, output_tokens, 0)?);
        }
        Some(worst)
    }

    /// How much a phase's first model may count above o200k for the same text (1.0 for models
    /// with the o200k tokenizer, and when the chain calls no model): budgets reserve input
    /// tokens times this.
    pub fn token_margin(&self, phase: Phase) -> f64 {
        let setup = &self.inner.phases[phase_index(phase)];
        setup
            .chain
            .first()
            .filter(|entry| !entry.is_offline())
            .map_or(1.0, |entry| entry.token_margin)
    }

    /// What a request reserves against its phase's budget on the first model of its chain:
    /// its o200k input tokens with the tokenizer margin, plus its maximum output. 0 when the
    /// chain calls no model.
    pub fn worst_case_tokens(&self, request: &CompletionRequest) -> u64 {
        let setup = &self.inner.phases[phase_index(request.phase)];
        let Some(entry) = setup.chain.first().filter(|entry| !entry.is_offline()) else {
            return 0;
        };
        let max_output_tokens = request.max_output_tokens.unwrap_or(setup.max_output_tokens);
        let input_tokens = count_input_tokens(&request.messages);
        (input_tokens as f64 * entry.token_margin).ceil() as u64 + u64::from(max_output_tokens)
    }

    /// What this run has used so far.
    pub fn spent(&self) -> Spend {
        self.inner
            .stats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .spend
            .clone()
    }

    /// Appends the run's closing `outcome: "run"` ledger row (cache hits and savings per phase
    /// and model) and flushes the response cache.
    pub fn finish(&self) -> Result<(), LlmError> {
        let cache_hits: Vec<CacheHits> = {
            let stats = self
                .inner
                .stats
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            stats.cache_hits.values().cloned().collect()
        };
        let row = LedgerRow {
            ts: now_rfc3339(),
            run_id: self.inner.run_id.clone(),
            phase: None,
            provider: String::new(),
            model: String::new(),
            served_model: None,
            prompt_tokens: 0,
            completion_tokens: 0,
            cached_tokens: 0,
            tokens_estimated: false,
            cost_usd: Some(0.0),
            latency_ms: 0,
            attempt: 0,
            outcome: Outcome::Run,
            files: Vec::new(),
            redactions: 0,
            cache_hits,
            error: None,
        };
        self.inner.ledger.append(&row)?;
        if let Err(error) = self.inner.store.flush() {
            tracing::warn!(%error, "could not flush the response cache");
        }
        Ok(())
    }

    async fn append(&self, row: LedgerRow) -> Result<(), LlmError> {
        let ledger = self.inner.ledger.clone();
        let path = ledger.path().display().to_string();
        // The append waits for the disk; keep it off the async workers.
        match tokio::task::spawn_blocking(move || ledger.append(&row)).await {
            Ok(result) => result,
            Err(error) => Err(LlmError::Ledger {
                path,
                detail: format!("the write was lost: {error}"),
            }),
        }
    }

    fn with_stats(&self, update: impl FnOnce(&mut Stats)) {
        update(
            &mut self
                .inner
                .stats
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
    }

    fn attempt_row(
        &self,
        request: &CompletionRequest,
        entry: &ChainEntry,
        attempt: u32,
        outcome: Outcome,
    ) -> LedgerRow {
        self.row(
            request.phase,
            entry,
            attempt,
            outcome,
            &request.files,
            request.redactions,
        )
    }

    /// One attempt's ledger row, before its usage and cost are known.
    fn row(
        &self,
        phase: Phase,
        entry: &ChainEntry,
        attempt: u32,
        outcome: Outcome,
        files: &[String],
        redactions: u32,
    ) -> LedgerRow {
        LedgerRow {
            ts: now_rfc3339(),
            run_id: self.inner.run_id.clone(),
            phase: Some(phase),
            provider: entry.model.provider.clone(),
            model: entry.model.model.clone(),
            served_model: None,
            prompt_tokens: 0,
            completion_tokens: 0,
            cached_tokens: 0,
            tokens_estimated: false,
            cost_usd: Some(0.0),
            latency_ms: 0,
            attempt,
            outcome,
            files: files.to_vec(),
            redactions,
            cache_hits: Vec::new(),
            error: None,
        }
    }

    fn cache_key(
        &self,
        request: &CompletionRequest,
        entry: &ChainEntry,
        max_output_tokens: u32,
    ) -> [u8; 32] {
        ResponseKey {
            provider_kind: entry.provider.kind_name,
            base_url: &entry.provider.base_url,
            model: &entry.model.model,
            messages: &request.messages,
            max_output_tokens,
            temperature: request.temperature.map(|t| t.to_string()),
            json_output: request.json_output,
            prompt_version: &request.prompt_version,
        }
        .hash()
    }

    fn cache_hit(
        &self,
        request: &CompletionRequest,
        entry: &ChainEntry,
        cached: CachedResponse,
    ) -> Completion {
        let saved = cached.cost_usd.or_else(|| {
            entry.cost(
                cached.usage.prompt_tokens,
                cached.usage.completion_tokens,
                cached.usage.cached_tokens,
            )
        });
        self.with_stats(|stats| {
            let phase = stats.spend.by_phase.entry(request.phase).or_default();
            phase.cached += 1;
            phase.saved_usd += saved.unwrap_or(0.0);
            let hits = stats
                .cache_hits
                .entry((
                    request.phase,
                    entry.model.provider.clone(),
                    entry.model.model.clone(),
                ))
                .or_insert_with(|| CacheHits {
                    phase: request.phase,
                    provider: entry.model.provider.clone(),
                    model: entry.model.model.clone(),
                    calls: 0,
                    prompt_tokens: 0,
                    completion_tokens: 0,
                    saved_usd: 0.0,
                });
            hits.calls += 1;
            hits.prompt_tokens += cached.usage.prompt_tokens;
            hits.completion_tokens += cached.usage.completion_tokens;
            hits.saved_usd += saved.unwrap_or(0.0);
        });
        Completion {
            text: cached.text,
            model: entry.model.clone(),
            served_model: cached.served_model,
            usage: cached.usage,
            cost_usd: Some(0.0),
            from_cache: true,
        }
    }

    /// What a failed attempt teaches: the breaker counts it (or not), a 429 slows every call
    /// to the provider, a timeout lowers its concurrency, and a `Retry-After` too long to wait
    /// keeps the provider out of the way for that long. Returns the wait before trying the same
    /// model again: the server's `Retry-After`, else full-jitter backoff.
    fn after_failure(
        &self,
        entry: &ChainEntry,
        error: &ProviderError,
        attempt: u32,
        was_probe: bool,
        long_wait: Option<Duration>,
    ) -> Duration {
        if error.counts_against_breaker() {
            entry.breaker.record_failure();
        } else {
            entry.breaker.record_neutral(was_probe);
        }
        let delay = error.retry_after.unwrap_or_else(|| {
            full_jitter_delay(
                attempt - 1,
                self.inner.retry.base_delay_ms,
                self.inner.retry.max_delay_ms,
            )
        });
        if error.kind == FailureKind::RateLimited && long_wait.is_none() {
            // Everyone waits, not just this call: no 429 storm.
            entry.provider.limits.on_rate_limited(delay, &error.hints);
        }
        if error.kind == FailureKind::Timeout {
            // Too many at once for a server that queues them: fewer from now.
            entry.provider.limits.on_timed_out();
        }
        if let Some(wait) = long_wait {
            // Waiting that long would stall the run: move on, and keep this provider out of
            // the way until the server wants us back.
            entry.provider.block_for(wait);
            entry.breaker.open_for(wait);
        }
        delay
    }

    fn record_attempt(&self, phase: Phase, row: &LedgerRow) {
        self.with_stats(|stats| {
            let spend: &mut PhaseSpend = stats.spend.by_phase.entry(phase).or_default();
            spend.attempts += 1;
            spend.prompt_tokens += row.prompt_tokens;
            spend.completion_tokens += row.completion_tokens;
            spend.cached_tokens += row.cached_tokens;
            if row.outcome == Outcome::Ok {
                spend.requests += 1;
            }
            match row.cost_usd {
                Some(cost) => {
                    spend.cost_usd += cost;
                    stats.spend.cost_usd += cost;
                }
                None => stats.spend.unpriced_attempts += 1,
            }
        });
    }

    async fn execute(
        &self,
        request: CompletionRequest,
        mut sink: Option<&mut (dyn FnMut(StreamEvent<'_>) + Send)>,
    ) -> Result<Completion, LlmError> {
        let setup = &self.inner.phases[phase_index(request.phase)];
        let max_output_tokens = request.max_output_tokens.unwrap_or(setup.max_output_tokens);
        let candidates: Vec<&ChainEntry> = setup
            .chain
            .iter()
            .filter(|entry| !request.local_only || entry.provider.local)
            .collect();
        let Some(first) = candidates.first() else {
            let reason = if setup.chain.is_empty() {
                format!("the {} phase uses no model", request.phase)
            } else {
                "the request carries local-only files and no model of the chain is local"
                    .to_string()
            };
            return Err(LlmError::Offline {
                degraded: false,
                reason: Some(reason),
            });
        };
        if first.is_offline() {
            return Err(LlmError::Offline {
                degraded: false,
                reason: None,
            });
        }

        // A hit for any model of the chain answers the request for free.
        for entry in candidates.iter().take_while(|entry| !entry.is_offline()) {
            let key = self.cache_key(&request, entry, max_output_tokens);
            if let Some(cached) = cache::lookup(self.inner.store.as_ref(), &key) {
                let completion = self.cache_hit(&request, entry, cached);
                if let Some(sink) = sink.as_deref_mut() {
                    sink(StreamEvent::Text(&completion.text));
                }
                return Ok(completion);
            }
        }

        let input_tokens = count_input_tokens(&request.messages);
        let mut last_reason: Option<String> = None;
        // Set by a context-window error: later models must have a larger window.
        let mut window_floor: Option<u64> = None;
        // Text of a failed attempt has been streamed.
        let mut streamed_before = false;

        for entry in candidates {
            if entry.is_offline() {
                return Err(LlmError::Offline {
                    degraded: true,
                    reason: last_reason,
                });
            }
            let prompt_estimate = (input_tokens as f64 * entry.token_margin).ceil() as u64;
            let reserve_tokens = prompt_estimate + u64::from(max_output_tokens);
            if let Some(window) = entry.context_window.map(u64::from) {
                if reserve_tokens > window || window_floor.is_some_and(|floor| window <= floor) {
                    last_reason = Some(format!(
                        "a request of about {reserve_tokens} tokens does not fit the {window}-token window of `{}`",
                        entry.model
                    ));
                    continue;
                }
            }
            if let Some(tokens_per_minute) = entry.provider.limits.tokens_per_minute() {
                if reserve_tokens > tokens_per_minute {
                    return Err(LlmError::Config(format!(
                        "a request of about {reserve_tokens} tokens is larger than the {tokens_per_minute} tokens per minute provider `{}` admits",
                        entry.provider.name
                    )));
                }
            }
            let Some(adapter) = entry.provider.adapter.clone() else {
                continue;
            };
            let cost_estimate = entry.cost(prompt_estimate, u64::from(max_output_tokens), 0);
            let mut attempt = 0u32;
            let mut parameter_retries = 0u32;
            loop {
                attempt += 1;
                let open_for = entry.provider.blocked_for();
                let admission = match open_for {
                    Some(remaining) => Admission::Refused(remaining),
                    None => entry.breaker.admit(),
                };
                if let Admission::Refused(remaining) = admission {
                    let mut row = self.attempt_row(&request, entry, attempt, Outcome::BreakerOpen);
                    let reason = format!(
                        "the circuit breaker of `{}` is open for {}s more",
                        entry.model,
                        remaining.as_secs().max(1)
                    );
                    row.error = Some(reason.clone());
                    self.append(row).await?;
                    last_reason = Some(reason);
                    break;
                }
                let was_probe = admission == Admission::Probe;
                let reservation = match self.inner.budgets.reserve(
                    request.phase,
                    reserve_tokens,
                    cost_estimate.unwrap_or(0.0),
                ) {
                    Ok(reservation) => reservation,
                    Err(error) => {
                        entry.breaker.record_neutral(was_probe);
                        return Err(error);
                    }
                };
                let slot = entry.provider.limits.admit(reserve_tokens).await;
                let started = Instant::now();
                let call = ProviderCall {
                    model: &entry.model.model,
                    messages: &request.messages,
                    max_output_tokens,
                    temperature: request.temperature,
                    json_output: request.json_output,
                };
                let result = match sink.as_deref_mut() {
                    Some(sink) => {
                        let reason = last_reason.clone().unwrap_or_default();
                        let mut streamed_now = false;
                        let mut forward = |text: &str| {
                            if !streamed_now && streamed_before {
                                sink(StreamEvent::Restart {
                                    model: &entry.model,
                                    reason: &reason,
                                });
                            }
                            streamed_now = true;
                            sink(StreamEvent::Text(text));
                        };
                        let result = adapter.send(call, Some(&mut forward)).await;
                        streamed_before |= streamed_now;
                        result
                    }
                    None => adapter.send(call, None).await,
                };
                drop(slot);
                let latency_ms = started.elapsed().as_millis() as u64;
                match result {
                    Ok(reply) => {
                        let usage = reply.usage.unwrap_or_else(|| Usage {
                            prompt_tokens: input_tokens,
                            completion_tokens: cartograph_tokens::count(&reply.text) as u64,
                            cached_tokens: 0,
                            estimated: true,
                        });
                        let cost = reply.cost_usd.or_else(|| {
                            entry.cost(
                                usage.prompt_tokens,
                                usage.completion_tokens,
                                usage.cached_tokens,
                            )
                        });
                        entry
                            .provider
                            .limits
                            .refund_tokens(reserve_tokens.saturating_sub(usage.total()));
                        entry.provider.limits.on_success(&reply.hints);
                        reservation.settle(usage.total(), cost.unwrap_or(0.0));
                        entry.breaker.record_success();
                        let served_model = reply
                            .served_model
                            .clone()
                            .unwrap_or_else(|| entry.model.model.clone());
                        let mut row = self.attempt_row(&request, entry, attempt, Outcome::Ok);
                        row.served_model = Some(served_model.clone());
                        row.prompt_tokens = usage.prompt_tokens;
                        row.completion_tokens = usage.completion_tokens;
                        row.cached_tokens = usage.cached_tokens;
                        row.tokens_estimated = usage.estimated;
                        row.cost_usd = cost;
                        row.latency_ms = latency_ms;
                        self.record_attempt(request.phase, &row);
                        self.append(row).await?;
                        if !reply.text.is_empty() {
                            let key = self.cache_key(&request, entry, max_output_tokens);
                            let cached = CachedResponse {
                                text: reply.text.clone(),
                                served_model: served_model.clone(),
                                usage,
                                cost_usd: cost,
                            };
                            cache::save(self.inner.store.as_ref(), &key, &cached);
                        }
                        return Ok(Completion {
                            text: reply.text,
                            model: entry.model.clone(),
                            served_model,
                            usage,
                            cost_usd: cost,
                            from_cache: false,
                        });
                    }
                    Err(error) => {
                        let error = ProviderError {
                            message: entry.provider.scrub(&error.message),
                            ..error
                        };
                        let unknown = error.outcome_unknown();
                        let long_wait = error
                            .retry_after
                            .filter(|wait| *wait > entry.provider.max_retry_after);
                        let retry_same = error.is_retryable()
                            && long_wait.is_none()
                            && attempt < self.inner.retry.max_attempts;
                        let parameter_retry =
                            matches!(error.kind, FailureKind::UnsupportedParameter(_))
                                && parameter_retries < MAX_PARAMETER_RETRIES;
                        let outcome = match error.kind {
                            FailureKind::RateLimited => Outcome::RateLimited,
                            FailureKind::Timeout => Outcome::Timeout,
                            FailureKind::Truncated => Outcome::Truncated,
                            _ if retry_same || parameter_retry => Outcome::Retried,
                            _ => Outcome::Failed,
                        };
                        let mut row = self.attempt_row(&request, entry, attempt, outcome);
                        row.latency_ms = latency_ms;
                        row.error = Some(error.message.clone());
                        if unknown {
                            // The provider may have done the work: charge the worst case.
                            row.prompt_tokens = prompt_estimate;
                            row.completion_tokens = u64::from(max_output_tokens);
                            row.tokens_estimated = true;
                            row.cost_usd = cost_estimate;
                            reservation.charge_in_full();
                        } else {
                            entry.provider.limits.refund_tokens(reserve_tokens);
                            reservation.settle(0, 0.0);
                        }
                        self.record_attempt(request.phase, &row);
                        self.append(row).await?;
                        let delay =
                            self.after_failure(entry, &error, attempt, was_probe, long_wait);
                        tracing::debug!(
                            provider = %entry.model.provider,
                            model = %entry.model.model,
                            attempt,
                            outcome = outcome.as_str(),
                            error = %error.message,
                            "provider attempt failed"
                        );
                        last_reason = Some(format!("`{}`: {}", entry.model, error.message));
                        match error.kind {
                            FailureKind::Quota => {
                                return Err(LlmError::Quota {
                                    provider: entry.provider.name.clone(),
                                    detail: error.message,
                                });
                            }
                            FailureKind::ContextWindow => {
                                window_floor = Some(
                                    entry
                                        .context_window
                                        .map(u64::from)
                                        .unwrap_or(reserve_tokens),
                                );
                                break;
                            }
                            _ if parameter_retry => {
                                parameter_retries += 1;
                                attempt -= 1;
                                continue;
                            }
                            _ if retry_same => {
                                tokio::time::sleep(delay).await;
                                continue;
                            }
                            _ => break,
                        }
                    }
                }
            }
        }
        Err(LlmError::Offline {
            degraded: true,
            reason: last_reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_margins() {
        assert_eq!(token_margin(ProviderKind::Openai, "gpt-4o-mini"), 1.0);
        assert_eq!(token_margin(ProviderKind::Openai, "openai/gpt-5"), 1.0);
        assert_eq!(
            token_margin(ProviderKind::Openai, "llama3.1:8b"),
            FOREIGN_TOKENIZER_MARGIN
        );
        assert_eq!(
            token_margin(ProviderKind::Anthropic, "claude-sonnet-4-5"),
            FOREIGN_TOKENIZER_MARGIN
        );
    }

    #[test]
    fn input_tokens_include_the_chat_overhead() {
        let messages = [Message::system("hello world"), Message::user("hi")];
        assert_eq!(
            count_input_tokens(&messages),
            2 + 1 + 2 * TOKENS_PER_MESSAGE + TOKENS_PER_REQUEST
        );
    }
}
