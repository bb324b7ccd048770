//! The rules a built configuration must meet before any work starts. Each broken rule is a
//! [`Problem`] at a key path; the loader turns the path into a line and column. Does not look
//! at the environment: `check_ready` does.

use crate::bounds;
use crate::location::KeyPath;
use crate::types::{PhaseConfig, PipelineConfig, ProviderConfig, ProviderKind};
use crate::{ModelRef, BUILTIN_PROVIDERS};
use cartograph_core::Phase;
use std::fmt;

/// One broken rule, at the key it concerns. The message names the key path, so it reads on its
/// own when the key cannot be located (a default, or a config built in code).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub(crate) path: KeyPath,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Problem {
    pub(crate) fn new(path: KeyPath, message: impl Into<String>) -> Problem {
        Problem {
            path,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// Every broken rule, in the order the checks run.
pub(crate) fn validate(config: &PipelineConfig) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_output(config, &mut problems);
    check_scan(config, &mut problems);
    for (name, provider) in &config.providers {
        check_provider(name, provider, &mut problems);
    }
    for phase in Phase::ALL {
        check_phase(config, phase, &mut problems);
    }
    check_embedding(config, &mut problems);
    for (key, money) in [
        ("budget", config.budget.max_cost_usd),
        ("hook", config.hook.max_cost_usd),
        ("mcp", config.mcp.max_cost_usd),
    ] {
        check_amount(&KeyPath::from([key, "max_cost_usd"]), money, &mut problems);
    }
    check_retry(config, &mut problems);
    check_mcp(config, &mut problems);
    check_prompts(config, &mut problems);
    check_cache(config, &mut problems);
    check_models(config, &mut problems);
    problems
}

/// `nan` and `inf` are valid TOML floats, so every number that means money or time is checked.
fn check_amount(path: &KeyPath, value: f64, problems: &mut Vec<Problem>) {
    if !(value.is_finite() && value >= 0.0) {
        problems.push(Problem::new(
            path.clone(),
            format!(
                "`{path}` must be a finite number, 0 or more, found {}",
                show_float(value)
            ),
        ));
    }
}

/// Seconds: finite, above 0 (or 0 where the key allows it), and at most the key's bound, so
/// that no deadline computed from it can overflow a clock.
fn check_seconds(path: &KeyPath, secs: f64, problems: &mut Vec<Problem>) {
    let bound = path.last_key().and_then(bounds::seconds_bound);
    let zero_allowed = bound.is_some_and(|bound| bound.zero_allowed);
    let low = if zero_allowed { "0 or more" } else { "above 0" };
    if !(secs.is_finite() && (secs > 0.0 || (zero_allowed && secs == 0.0))) {
        problems.push(Problem::new(
            path.clone(),
            format!(
                "`{path}` must be a finite number of seconds {low}, found {}",
                show_float(secs)
            ),
        ));
    } else if let Some(bound) = bound.filter(|bound| secs > bound.max) {
        problems.push(
            Problem::new(
                path.clone(),
                format!(
                    "`{path}` must be at most {} seconds, found {}",
                    bounds::with_underscores(bound.max as u64),
                    show_float(secs)
                ),
            )
            .hint("a day is the longest wait cartograph accepts"),
        );
    }
}

/// A count: within its key's range ([`bounds::COUNT_BOUNDS`]).
fn check_count(path: &KeyPath, value: u64, problems: &mut Vec<Problem>) {
    let Some(bound) = path.last_key().and_then(bounds::count_bound) else {
        return;
    };
    if value < bound.min {
        problems.push(Problem::new(
            path.clone(),
            format!(
                "`{path}` must be at least {}, found {value}",
                bounds::with_underscores(bound.min)
            ),
        ));
    } else if value > bound.max {
        problems.push(Problem::new(
            path.clone(),
            format!(
                "`{path}` must be at most {}, found {value}",
                bounds::with_underscores(bound.max)
            ),
        ));
    }
}

/// TOML's spelling, so the message shows what the user wrote.
fn show_float(value: f64) -> String {
    if value.is_nan() {
        "nan".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        value.to_string()
    }
}

fn check_output(config: &PipelineConfig, problems: &mut Vec<Problem>) {
    check_count(
        &KeyPath::from(["output", "llms_txt_tokens"]),
        config.output.llms_txt_tokens.into(),
        problems,
    );
    let path = KeyPath::from(["output", "dir"]);
    let dir = config.output.dir.as_str();
    let trouble = if dir.trim().is_empty() {
        Some(format!("`{path}` must not be empty"))
    } else if is_absolute_anywhere(dir) {
        Some(format!(
            "`{path}` must be relative to the repository root, found `{dir}`"
        ))
    } else if dir.split(['/', '\\']).any(|component| component == "..") {
        Some(format!(
            "`{path}` must stay inside the repository, found `{dir}`"
        ))
    } else {
        None
    };
    if let Some(message) = trouble {
        problems.push(Problem::new(path, message).hint(
            "the docs folder is written under the repository root, e.g. \"docs/cartograph\"",
        ));
    }
}

/// Absolute on any platform, so a config written on one machine means the same on another.
fn is_absolute_anywhere(path: &str) -> bool {
    let bytes = path.as_bytes();
    let windows_drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    path.starts_with(['/', '\\']) || windows_drive || std::path::Path::new(path).is_absolute()
}

fn check_scan(config: &PipelineConfig, problems: &mut Vec<Problem>) {
    for (key, globs) in [
        ("exclude", &config.scan.exclude),
        ("local_only", &config.scan.local_only),
    ] {
        let list = KeyPath::from(["scan", key]);
        for (index, glob) in globs.iter().enumerate() {
            if let Err(error) = globset::Glob::new(glob) {
                let path = list.index(index);
                problems.push(
                    Problem::new(
                        path.clone(),
                        format!("`{path}` is not a valid glob `{glob}` ({})", error.kind()),
                    )
                    .hint("globs match paths relative to the repository root, e.g. \"target/**\""),
                );
            }
        }
    }
    check_count(
        &KeyPath::from(["scan", "max_file_bytes"]),
        config.scan.max_file_bytes,
        problems,
    );
}

pub(crate) fn kind_name(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Openai => "openai",
        ProviderKind::Anthropic => "anthropic",
        ProviderKind::Offline => "offline",
    }
}

fn check_provider(name: &str, provider: &ProviderConfig, problems: &mut Vec<Problem>) {
    let table = KeyPath::from(["providers", name]);
    if name.is_empty() || name.contains('/') {
        problems.push(
            Problem::new(
                table.clone(),
                format!("provider name `{name}` must be non-empty and hold no `/`"),
            )
            .hint("a model reference `provider/model` splits at the first slash"),
        );
    }
    if provider.kind != ProviderKind::Offline {
        match &provider.base_url {
            None => problems.push(
                Problem::new(
                    table.key("base_url"),
                    format!(
                        "`{table}.base_url` is required for a provider of kind {} that is not built in",
                        kind_name(provider.kind)
                    ),
                )
                .hint("e.g. base_url = \"https://llm.internal.example/v1\""),
            ),
            Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                let path = table.key("base_url");
                problems.push(Problem::new(
                    path.clone(),
                    format!("`{path}` must start with http:// or https://, found `{url}`"),
                ));
            }
            Some(_) => {}
        }
    }
    check_count(
        &table.key("max_concurrency"),
        provider.max_concurrency.into(),
        problems,
    );
    let limits = [
        (
            "requests_per_minute",
            provider.requests_per_minute.map(u64::from),
        ),
        ("tokens_per_minute", provider.tokens_per_minute),
    ];
    for (key, limit) in limits {
        if limit == Some(0) {
            let path = table.key(key);
            problems.push(
                Problem::new(
                    path.clone(),
                    format!("`{path}` must be at least 1, found 0"),
                )
                .hint("leave the key out for no limit"),
            );
        } else if let Some(limit) = limit {
            check_count(&table.key(key), limit, problems);
        }
    }
    let durations = [
        ("connect_timeout_secs", provider.connect_timeout_secs),
        ("first_byte_timeout_secs", provider.first_byte_timeout_secs),
        ("idle_timeout_secs", provider.idle_timeout_secs),
        ("timeout_secs", provider.timeout_secs),
    ];
    for (key, secs) in durations {
        check_seconds(&table.key(key), secs, problems);
    }
    check_seconds(
        &table.key("max_retry_after_secs"),
        provider.max_retry_after_secs,
        problems,
    );
}

fn unknown_provider_hint(provider: &str) -> String {
    format!(
        "the built-in providers are {}; add a [providers.{provider}] table to define another",
        BUILTIN_PROVIDERS.join(", ")
    )
}

fn check_phase(config: &PipelineConfig, phase: Phase, problems: &mut Vec<Problem>) {
    let table = KeyPath::from(["phases", phase.as_str()]);
    let phase_config: &PhaseConfig = config.phases.get(phase);
    let models = table.key("models");
    if phase_config.models.is_empty() && phase != Phase::Lens {
        problems.push(
            Problem::new(
                models.clone(),
                format!("`{models}` must name at least one model"),
            )
            .hint("use [\"offline\"] for structural output at no cost"),
        );
    }
    for (index, model) in phase_config.models.iter().enumerate() {
        if config.provider(&model.provider).is_none() {
            let path = models.index(index);
            problems.push(
                Problem::new(
                    path.clone(),
                    format!(
                        "`{path}` is `{model}`, but no provider `{}` is defined",
                        model.provider
                    ),
                )
                .hint(unknown_provider_hint(&model.provider)),
            );
        }
    }
    let limits = [
        ("max_input_tokens", phase_config.max_input_tokens),
        ("max_output_tokens", phase_config.max_output_tokens),
    ];
    for (key, limit) in limits {
        check_count(&table.key(key), limit.into(), problems);
    }
    check_count(
        &table.key("budget_tokens"),
        phase_config.budget_tokens,
        problems,
    );
    let max_output_tokens = phase_config.max_output_tokens;
    let too_small = phase_config.models.iter().find_map(|model| {
        let window = config.model_info(model).context_window?;
        (max_output_tokens >= window).then_some((model, window))
    });
    if let Some((model, window)) = too_small {
        let path = table.key("max_output_tokens");
        problems.push(
            Problem::new(
                path.clone(),
                format!(
                    "`{path}` ({max_output_tokens}) must be smaller than the context window of `{model}` ({window})"
                ),
            )
            .hint("the prompt and the answer share the window"),
        );
    }
}

/// `[phases.lens] embedding_model` must name a defined provider that has an OpenAI-compatible
/// `/v1/embeddings` endpoint: Anthropic's API has none, and the offline provider makes none.
fn check_embedding(config: &PipelineConfig, problems: &mut Vec<Problem>) {
    let table = KeyPath::from(["phases", "lens"]);
    check_count(
        &table.key("embedding_budget_tokens"),
        config.phases.embedding.budget_tokens,
        problems,
    );
    let Some(model) = &config.phases.embedding.model else {
        return;
    };
    let path = table.key("embedding_model");
    match config.provider(&model.provider) {
        None => problems.push(
            Problem::new(
                path.clone(),
                format!(
                    "`{path}` is `{model}`, but no provider `{}` is defined",
                    model.provider
                ),
            )
            .hint(unknown_provider_hint(&model.provider)),
        ),
        Some(provider) if provider.kind != ProviderKind::Openai => problems.push(
            Problem::new(
                path.clone(),
                format!(
                    "`{path}` is `{model}`, but provider `{}` is of kind {}, which has no embeddings endpoint",
                    model.provider,
                    kind_name(provider.kind)
                ),
            )
            .hint(
                "embeddings need an OpenAI-compatible /v1/embeddings (OpenAI, Ollama, llama.cpp's server, vLLM); \
                 use embedding_model = \"\" to rank without them",
            ),
        ),
        Some(_) => {}
    }
}

fn check_retry(config: &PipelineConfig, problems: &mut Vec<Problem>) {
    let retry = &config.retry;
    if retry.max_attempts == 0 {
        problems.push(
            Problem::new(
                KeyPath::from(["retry", "max_attempts"]),
                "`retry.max_attempts` must be at least 1, found 0",
            )
            .hint("1 means a single attempt with no retries"),
        );
    }
    for (key, value) in [
        ("max_attempts", u64::from(retry.max_attempts)),
        ("base_delay_ms", retry.base_delay_ms),
        ("max_delay_ms", retry.max_delay_ms),
    ] {
        // 0 attempts has its own message above.
        if value > 0 {
            check_count(&KeyPath::from(["retry", key]), value, problems);
        }
    }
    if retry.base_delay_ms > retry.max_delay_ms {
        problems.push(Problem::new(
            KeyPath::from(["retry", "base_delay_ms"]),
            format!(
                "`retry.base_delay_ms` ({}) must not exceed `retry.max_delay_ms` ({})",
                retry.base_delay_ms, retry.max_delay_ms
            ),
        ));
    }
}

fn check_mcp(config: &PipelineConfig, problems: &mut Vec<Problem>) {
    if config.mcp.max_read_tokens == 0 {
        problems.push(Problem::new(
            KeyPath::from(["mcp", "max_read_tokens"]),
            "`mcp.max_read_tokens` must be at least 1, found 0",
        ));
    }
    if config.mcp.token_env.as_deref().is_some_and(str::is_empty) {
        problems.push(
            Problem::new(
                KeyPath::from(["mcp", "token_env"]),
                "`mcp.token_env` must name an environment variable, found an empty string",
            )
            .hint("remove the key, or name the variable that holds the bearer token"),
        );
    }
}

fn check_prompts(config: &PipelineConfig, problems: &mut Vec<Problem>) {
    if config
        .prompts
        .dir
        .as_deref()
        .is_some_and(|dir| dir.trim().is_empty())
    {
        problems.push(
            Problem::new(
                KeyPath::from(["prompts", "dir"]),
                "`prompts.dir` must not be empty",
            )
            .hint("leave the key out to use the built-in prompts"),
        );
    }
}

fn check_cache(config: &PipelineConfig, problems: &mut Vec<Problem>) {
    let cache = &config.cache;
    check_count(
        &KeyPath::from(["cache", "remote_ttl_days"]),
        cache.remote_ttl_days.into(),
        problems,
    );
    let Some(remote) = &cache.remote else {
        return;
    };
    let remote_path = KeyPath::from(["cache", "remote"]);
    if !(remote.starts_with("redis://") || remote.starts_with("rediss://")) {
        problems.push(
            Problem::new(
                remote_path.clone(),
                format!("`cache.remote` must be a redis:// or rediss:// URL, found `{remote}`"),
            )
            .hint("e.g. remote = \"redis://127.0.0.1:6379/0\""),
        );
    }
    if cache.remote_key_env.as_deref().is_none_or(str::is_empty) {
        problems.push(
            Problem::new(remote_path, "`cache.remote` is set without `cache.remote_key_env`")
                .hint("records in a shared cache are signed with a team secret: add remote_key_env = \"CARTOGRAPH_CACHE_KEY\""),
        );
    }
    for (key, value) in [
        ("remote_password_env", &cache.remote_password_env),
        ("remote_key_env", &cache.remote_key_env),
    ] {
        if value.as_deref() == Some("") {
            problems.push(
                Problem::new(
                    KeyPath::from(["cache", key]),
                    format!("`cache.{key}` must not be empty"),
                )
                .hint("name the environment variable that holds the secret"),
            );
        }
    }
}

fn check_models(config: &PipelineConfig, problems: &mut Vec<Problem>) {
    for (reference, model) in &config.models {
        let table = KeyPath::from(["models", reference.as_str()]);
        match ModelRef::parse(reference) {
            None => problems.push(
                Problem::new(
                    table.clone(),
                    format!("[{table}] is not a model reference `provider/model`"),
                )
                .hint("e.g. [models.\"openai/gpt-4o-mini\"]"),
            ),
            Some(parsed) if config.provider(&parsed.provider).is_none() => problems.push(
                Problem::new(
                    table.clone(),
                    format!(
                        "[{table}] names provider `{}`, which is not defined",
                        parsed.provider
                    ),
                )
                .hint(unknown_provider_hint(&parsed.provider)),
            ),
            Some(_) => {}
        }
        let prices = [
            ("input", model.input),
            ("output", model.output),
            ("cached_input", model.cached_input),
        ];
        for (key, price) in prices {
            if let Some(price) = price {
                check_amount(&table.key(key), price, problems);
            }
        }
        if let Some(context_window) = model.context_window {
            check_count(
                &table.key("context_window"),
                context_window.into(),
                problems,
            );
        }
    }
}
