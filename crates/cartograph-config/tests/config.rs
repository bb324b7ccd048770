//! `pipeline.toml` as a user writes it: defaults, partial tables, built-ins, every validation
//! error with its line, the lookup order, and the files cartograph ships and writes.
#![allow(clippy::unwrap_used)]

use cartograph_config::{
    init_template, load_with_env, parse_str, reference_toml, ConfigError, ModelRef, PhaseConfig,
    PipelineConfig, Price, ProviderKind,
};
use cartograph_core::Phase;
use std::collections::HashMap;
use std::path::Path;

fn parse(text: &str) -> PipelineConfig {
    parse_str(text, Path::new("pipeline.toml")).unwrap_or_else(|error| panic!("{error}"))
}

fn error_of(text: &str) -> ConfigError {
    match parse_str(text, Path::new("pipeline.toml")) {
        Ok(config) => panic!("expected an error for\n{text}\ngot {config:?}"),
        Err(error) => error,
    }
}

/// Asserts the error's line and that its message holds `expected`.
fn check_error(text: &str, line: usize, expected: &str) {
    let error = error_of(text);
    let message = error.to_string();
    assert_eq!(
        error.location().and_then(|location| location.line),
        Some(line),
        "{message}"
    );
    assert!(
        message.contains(expected),
        "`{message}` does not contain `{expected}`"
    );
}

fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    move |name: &str| vars.get(name).cloned()
}

fn model(text: &str) -> ModelRef {
    ModelRef::parse(text).unwrap()
}

#[test]
fn an_empty_file_is_the_defaults() {
    assert_eq!(parse(""), PipelineConfig::default());
    assert_eq!(parse("# nothing yet\n"), PipelineConfig::default());
}

#[test]
fn defaults_run_offline() {
    let config = PipelineConfig::default();
    assert_eq!(config.phases.map.models, vec![ModelRef::offline()]);
    assert_eq!(config.phases.run.models, vec![ModelRef::offline()]);
    assert!(config.phases.lens.models.is_empty());
    assert_eq!(config.output.dir, "docs/cartograph");
    assert_eq!(config.budget.max_cost_usd, 5.0);
    assert!(config.check_ready(&env_of(&[])).is_ok());
}

#[test]
fn a_partial_phase_table_keeps_that_phases_defaults() {
    let config = parse(
        "[phases.map]\nmodels = [\"openai/gpt-4o-mini\"]\n\n[phases.run]\nbudget_tokens = 7\n",
    );
    assert_eq!(
        config.phases.map,
        PhaseConfig {
            models: vec![model("openai/gpt-4o-mini")],
            ..PhaseConfig::map_default()
        }
    );
    assert_eq!(
        config.phases.run,
        PhaseConfig {
            budget_tokens: 7,
            ..PhaseConfig::run_default()
        }
    );
    assert_eq!(config.phases.lens, PhaseConfig::lens_default());
    assert_eq!(config.phases.get(Phase::Run).max_input_tokens, 100_000);
}

#[test]
fn dotted_keys_and_inline_tables_read_like_tables() {
    let config = parse("phases.map.budget_tokens = 5\nphases.run = { max_output_tokens = 100 }\n");
    assert_eq!(config.phases.map.budget_tokens, 5);
    assert_eq!(config.phases.run.max_output_tokens, 100);
    assert_eq!(config.phases.run.max_input_tokens, 100_000);
}

#[test]
fn built_in_providers_need_no_table() {
    let config = PipelineConfig::default();
    let providers = config.providers();
    let names: Vec<&str> = providers.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["anthropic", "offline", "ollama", "openai", "openrouter"]
    );

    let openai = config.provider("openai").unwrap();
    assert_eq!(openai.kind, ProviderKind::Openai);
    assert_eq!(
        openai.base_url.as_deref(),
        Some("https://api.openai.com/v1")
    );
    assert_eq!(openai.api_key_env.as_deref(), Some("OPENAI_API_KEY"));
    assert!(!openai.is_local());

    let anthropic = config.provider("anthropic").unwrap();
    assert_eq!(anthropic.kind, ProviderKind::Anthropic);
    assert_eq!(
        anthropic.base_url.as_deref(),
        Some("https://api.anthropic.com")
    );
    assert_eq!(anthropic.api_key_env.as_deref(), Some("ANTHROPIC_API_KEY"));

    let openrouter = config.provider("openrouter").unwrap();
    assert_eq!(openrouter.kind, ProviderKind::Openai);
    assert_eq!(
        openrouter.base_url.as_deref(),
        Some("https://openrouter.ai/api/v1")
    );
    assert_eq!(
        openrouter.api_key_env.as_deref(),
        Some("OPENROUTER_API_KEY")
    );

    let ollama = config.provider("ollama").unwrap();
    assert_eq!(ollama.kind, ProviderKind::Openai);
    assert_eq!(
        ollama.base_url.as_deref(),
        Some("http://127.0.0.1:11434/v1")
    );
    assert_eq!(ollama.api_key_env, None);
    assert!(ollama.is_local());

    let offline = config.provider("offline").unwrap();
    assert_eq!(offline.kind, ProviderKind::Offline);
    assert!(offline.is_local());

    assert_eq!(config.provider("work"), None);
}

#[test]
fn a_provider_table_overrides_the_built_in_key_by_key() {
    let config = parse(
        "[providers.openai]\nbase_url = \"https://proxy.example/v1\"\nmax_concurrency = 2\n\n\
         [providers.anthropic]\nkind = \"openai\"\n\n\
         [providers.ollama]\nbase_url = \"http://gpu-box.example:11434/v1\"\napi_key_env = \"\"\n",
    );
    let openai = config.provider("openai").unwrap();
    assert_eq!(openai.kind, ProviderKind::Openai);
    assert_eq!(openai.base_url.as_deref(), Some("https://proxy.example/v1"));
    assert_eq!(openai.api_key_env.as_deref(), Some("OPENAI_API_KEY"));
    assert_eq!(openai.max_concurrency, 2);
    assert_eq!(openai.timeout_secs, 300.0);

    let anthropic = config.provider("anthropic").unwrap();
    assert_eq!(anthropic.kind, ProviderKind::Openai);
    assert_eq!(
        anthropic.base_url.as_deref(),
        Some("https://api.anthropic.com")
    );

    // Pointed at another machine, ollama stops being local: it follows its URL.
    let ollama = config.provider("ollama").unwrap();
    assert!(!ollama.is_local());
    assert_eq!(ollama.api_key_env, None);

    assert_eq!(config.providers()["openai"], openai);
}

#[test]
fn a_new_provider_takes_the_general_defaults() {
    let config = parse(
        "[providers.work]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:8080/v1\"\nrequests_per_minute = 60\n\n\
         [phases.run]\nmodels = [\"work/qwen-coder\", \"offline\"]\n",
    );
    let work = config.provider("work").unwrap();
    assert_eq!(work.api_key_env, None);
    assert_eq!(work.requests_per_minute, Some(60));
    assert_eq!(work.tokens_per_minute, None);
    assert_eq!(work.max_concurrency, 8);
    assert_eq!(work.connect_timeout_secs, 10.0);
    assert_eq!(work.first_byte_timeout_secs, 60.0);
    assert_eq!(work.idle_timeout_secs, 30.0);
    assert_eq!(work.max_retry_after_secs, 120.0);
    assert!(work.is_local());
    // Local, so free without a [models] table, and ready without a key.
    assert_eq!(
        config.price_of(&model("work/qwen-coder")),
        Some(Price::FREE)
    );
    assert!(config.check_ready(&env_of(&[])).is_ok());
}

#[test]
fn model_references_split_at_the_first_slash() {
    assert_eq!(
        model("openrouter/anthropic/claude-sonnet-4.5"),
        ModelRef {
            provider: "openrouter".into(),
            model: "anthropic/claude-sonnet-4.5".into()
        }
    );
    assert_eq!(
        model("openai/gpt-4o-mini").to_string(),
        "openai/gpt-4o-mini"
    );
    assert_eq!(model("offline"), ModelRef::offline());
    assert_eq!(ModelRef::parse("gpt-4o"), None);
    assert_eq!(ModelRef::parse("/gpt-4o"), None);
    assert_eq!(ModelRef::parse("openai/"), None);
}

#[test]
fn built_in_prices_and_windows() {
    let config = PipelineConfig::default();
    let cases = [
        ("openai/gpt-4o-mini", 0.15, 0.60, 0.075, 128_000),
        ("openai/gpt-4o", 2.50, 10.00, 1.25, 128_000),
        ("openai/gpt-4.1", 2.00, 8.00, 0.50, 1_047_576),
        ("openai/gpt-4.1-mini", 0.40, 1.60, 0.10, 1_047_576),
        ("openai/gpt-4.1-nano", 0.10, 0.40, 0.025, 1_047_576),
        ("openai/o4-mini", 1.10, 4.40, 0.275, 200_000),
        ("anthropic/claude-sonnet-4-5", 3.0, 15.0, 0.30, 200_000),
        ("anthropic/claude-haiku-4-5", 1.0, 5.0, 0.10, 200_000),
        ("anthropic/claude-opus-4-1", 15.0, 75.0, 1.50, 200_000),
        ("openrouter/openai/gpt-4o-mini", 0.15, 0.60, 0.075, 128_000),
        (
            "openrouter/anthropic/claude-sonnet-4.5",
            3.0,
            15.0,
            0.30,
            200_000,
        ),
    ];
    for (reference, input, output, cached_input, window) in cases {
        let info = config.model_info(&model(reference));
        assert_eq!(info.input, Some(input), "{reference}");
        assert_eq!(info.output, Some(output), "{reference}");
        assert_eq!(info.cached_input, Some(cached_input), "{reference}");
        assert_eq!(info.context_window, Some(window), "{reference}");
        assert_eq!(
            config.price_of(&model(reference)),
            Some(Price {
                input,
                output,
                cached_input
            }),
            "{reference}"
        );
    }
}

#[test]
fn a_models_table_overrides_built_in_prices_key_by_key() {
    let config = parse(
        "[models.\"openai/gpt-4o-mini\"]\ninput = 0.2\n\n\
         [models.\"openai/ft:gpt-4o-mini:acme\"]\ninput = 0.3\noutput = 1.2\n\n\
         [models.\"ollama/llama3\"]\noutput = 0.01\n",
    );
    let mini = config.model_info(&model("openai/gpt-4o-mini"));
    assert_eq!(
        (mini.input, mini.output, mini.context_window),
        (Some(0.2), Some(0.60), Some(128_000))
    );
    assert_eq!(
        config.price_of(&model("openai/ft:gpt-4o-mini:acme")),
        Some(Price {
            input: 0.3,
            output: 1.2,
            cached_input: 0.3
        })
    );
    assert_eq!(
        config.price_of(&model("ollama/llama3")),
        Some(Price {
            input: 0.0,
            output: 0.01,
            cached_input: 0.0
        })
    );
}

#[test]
fn unknown_paid_models_have_no_price_and_free_ones_cost_nothing() {
    let config = PipelineConfig::default();
    assert_eq!(config.price_of(&model("openai/gpt-9")), None);
    assert_eq!(config.price_of(&model("anthropic/claude-next")), None);
    assert_eq!(config.price_of(&model("nowhere/model")), None);
    assert_eq!(config.price_of(&model("ollama/llama3")), Some(Price::FREE));
    assert_eq!(config.price_of(&ModelRef::offline()), Some(Price::FREE));
}

#[test]
fn price_counts_cached_tokens_at_the_cached_rate() {
    let price = Price {
        input: 2.0,
        output: 8.0,
        cached_input: 0.5,
    };
    let cost = price.cost_usd(1_000_000, 500_000, 400_000);
    assert!((cost - (600_000.0 * 2.0 + 400_000.0 * 0.5 + 500_000.0 * 8.0) / 1e6).abs() < 1e-9);
}

#[test]
fn unknown_keys_name_the_table_and_the_keys_it_takes() {
    let error = error_of("[phases.map]\nmodels = [\"offline\"]\nmax_tokens = 3\n");
    assert_eq!(
        error.to_string(),
        "pipeline.toml:3:1: unknown key `max_tokens` in [phases.map]; expected one of models, \
         max_input_tokens, max_output_tokens, budget_tokens"
    );
    check_error(
        "[output]\ndir = \"docs\"\n\n[colors]\n",
        4,
        "unknown key `colors`; expected one of output, scan",
    );
    check_error(
        "[outptu]\ndir = \"docs\"\n\n[scan]\n",
        1,
        "unknown key `outptu`; did you mean `output`?",
    );
    check_error(
        "[phases.run]\nmax_output_token = 3\n",
        2,
        "did you mean `max_output_tokens`?",
    );
    check_error(
        "[providers.openai]\napi_key = \"sk-123\"\n",
        2,
        "unknown key `api_key` in [providers.openai]",
    );
    check_error(
        "phases = { map = { max = 1 } }\n",
        1,
        "unknown key `max` in [phases.map]",
    );
    check_error(
        "[models.\"openai/gpt-4o\"]\nprice = 1\n",
        2,
        "in [models.\"openai/gpt-4o\"]; expected one of input",
    );
}

#[test]
fn an_api_key_in_the_file_points_at_api_key_env() {
    let message = error_of("[providers.openai]\napi_key = \"sk-123\"\n").to_string();
    assert!(message.contains("api_key_env"), "{message}");
    assert!(!message.contains("sk-123"), "{message}");
}

#[test]
fn wrong_types_name_the_key() {
    let error = error_of("[retry]\nmax_attempts = \"five\"\n");
    assert_eq!(
        error.to_string(),
        "pipeline.toml:2:16: `retry.max_attempts`: expected an integer from 1 to 100, found string \"five\""
    );
    check_error(
        "[scan]\nmax_file_bytes = -1\n",
        2,
        "`scan.max_file_bytes`: expected an integer from 1 to 1_073_741_824, found integer `-1`",
    );
    check_error(
        "[scan]\nexclude = \"target/**\"\n",
        2,
        "`scan.exclude`: expected an array, found string",
    );
    check_error(
        "output = 3\n",
        1,
        "`output`: expected a table, found integer `3`",
    );
    check_error(
        "[budget]\nmax_cost_usd = \"5\"\n",
        2,
        "`budget.max_cost_usd`: expected a number",
    );
    check_error(
        "[providers.openai]\ntimeout_secs = \"slow\"\n",
        2,
        "`providers.openai.timeout_secs`: expected a number of seconds, above 0 and at most 86_400, found string",
    );
    check_error(
        "[providers.work]\nkind = \"gemini\"\n",
        2,
        "`providers.work.kind`: expected one of `openai`, `anthropic`, `offline`, found `gemini`",
    );
    check_error(
        "[phases.map]\nmodels = [\"offline\", \"gpt-4o\"]\n",
        2,
        "invalid model reference `gpt-4o`",
    );
}

#[test]
fn syntax_errors_have_a_line() {
    check_error(
        "[output]\ndir = \"docs\"\n[phases.map\n",
        3,
        "invalid table header",
    );
    check_error(
        "[phases.map]\nmodels = []\n[phases.map]\n",
        3,
        "duplicate key `map`",
    );
}

#[test]
fn nan_inf_and_negative_amounts_are_errors() {
    check_error(
        "[budget]\nmax_cost_usd = nan\n",
        2,
        "`budget.max_cost_usd` must be a finite number, 0 or more, found nan",
    );
    check_error("[budget]\nmax_cost_usd = -1.0\n", 2, "found -1");
    check_error(
        "[hook]\nmax_cost_usd = inf\n",
        2,
        "`hook.max_cost_usd` must be a finite number, 0 or more, found inf",
    );
    check_error("[hook]\nmax_cost_usd = -inf\n", 2, "found -inf");
    check_error(
        "[models.\"openai/gpt-4o\"]\ninput = -0.5\n",
        2,
        "`models.\"openai/gpt-4o\".input` must be a finite number",
    );
    check_error(
        "[models.\"openai/gpt-4o\"]\noutput = nan\n",
        2,
        "`models.\"openai/gpt-4o\".output`",
    );
    check_error(
        "[models.\"openai/gpt-4o\"]\ncached_input = inf\n",
        2,
        "`models.\"openai/gpt-4o\".cached_input`",
    );
    check_error(
        "[providers.openai]\ntimeout_secs = nan\n",
        2,
        "`providers.openai.timeout_secs` must be a finite number of seconds above 0, found nan",
    );
    check_error(
        "[providers.openai]\nconnect_timeout_secs = 0\n",
        2,
        "`providers.openai.connect_timeout_secs`",
    );
    check_error(
        "[providers.openai]\nidle_timeout_secs = -3\n",
        2,
        "`providers.openai.idle_timeout_secs`",
    );
    check_error(
        "[providers.openai]\nfirst_byte_timeout_secs = inf\n",
        2,
        "`providers.openai.first_byte_timeout_secs`",
    );
    check_error(
        "[providers.openai]\nmax_retry_after_secs = -1\n",
        2,
        "`providers.openai.max_retry_after_secs`",
    );
    // Zero is a valid amount: a budget of nothing.
    assert_eq!(
        parse("[budget]\nmax_cost_usd = 0\n").budget.max_cost_usd,
        0.0
    );
}

#[test]
fn retry_rules() {
    check_error(
        "[retry]\nmax_attempts = 0\n",
        2,
        "`retry.max_attempts` must be at least 1, found 0",
    );
    check_error(
        "[retry]\nbase_delay_ms = 60_000\n",
        2,
        "`retry.base_delay_ms` (60000) must not exceed `retry.max_delay_ms` (30000)",
    );
    check_error("[retry]\nmax_delay_ms = 100\n", 1, "must not exceed");
}

#[test]
fn the_output_dir_stays_inside_the_repository() {
    check_error(
        "[output]\ndir = \"\"\n",
        2,
        "`output.dir` must not be empty",
    );
    check_error(
        "[output]\ndir = \"/var/www/docs\"\n",
        2,
        "`output.dir` must be relative to the repository root",
    );
    check_error("[output]\ndir = 'C:\\docs'\n", 2, "must be relative");
    check_error(
        "[output]\ndir = \"../docs\"\n",
        2,
        "`output.dir` must stay inside the repository",
    );
    check_error(
        "[output]\ndir = \"docs/../../site\"\n",
        2,
        "must stay inside the repository",
    );
    assert_eq!(
        parse("[output]\ndir = \"site/..docs\"\n").output.dir,
        "site/..docs"
    );
}

#[test]
fn invalid_globs_point_at_the_element() {
    check_error(
        "[scan]\nexclude = [\n  \"target/**\",\n  \"src/[ab\",\n]\n",
        4,
        "`scan.exclude[1]` is not a valid glob `src/[ab`",
    );
    check_error(
        "[scan]\nlocal_only = [\"internal/{a,b\"]\n",
        2,
        "`scan.local_only[0]` is not a valid glob",
    );
    check_error(
        "[scan]\nmax_file_bytes = 0\n",
        2,
        "`scan.max_file_bytes` must be at least 1",
    );
}

#[test]
fn model_references_need_a_defined_provider() {
    check_error(
        "[phases.run]\nmodels = [\n  \"offline\",\n  \"work/llama\",\n]\n",
        4,
        "`phases.run.models[1]` is `work/llama`, but no provider `work` is defined; the built-in providers are openai",
    );
    check_error(
        "[models.\"acme/x\"]\ninput = 1.0\n",
        1,
        "names provider `acme`, which is not defined",
    );
    check_error(
        "[models.gpt-4o]\ninput = 1.0\n",
        1,
        "[models.gpt-4o] is not a model reference",
    );
    check_error(
        "[phases.run]\nmodels = []\n",
        2,
        "`phases.run.models` must name at least one model",
    );
    check_error(
        "[phases.map]\nmodels = []\n",
        2,
        "`phases.map.models` must name at least one model",
    );
    assert!(parse("[phases.lens]\nmodels = []\n")
        .phases
        .lens
        .models
        .is_empty());
}

#[test]
fn provider_rules() {
    check_error(
        "\n[providers.work]\nbase_url = \"http://x.example\"\n",
        2,
        "provider `work` is not built in, so its table needs a `kind`",
    );
    check_error(
        "[providers.work]\nkind = \"openai\"\n",
        1,
        "`providers.work.base_url` is required for a provider of kind openai",
    );
    check_error(
        "[providers.work]\nkind = \"anthropic\"\nbase_url = \"ftp://x\"\n",
        3,
        "must start with http:// or https://",
    );
    check_error(
        "[providers.openai]\nmax_concurrency = 0\n",
        2,
        "`providers.openai.max_concurrency` must be at least 1",
    );
    check_error(
        "[providers.openai]\nrequests_per_minute = 0\n",
        2,
        "leave the key out for no limit",
    );
    check_error(
        "[providers.openai]\ntokens_per_minute = 0\n",
        2,
        "`providers.openai.tokens_per_minute`",
    );
    check_error(
        "[providers.\"a/b\"]\nkind = \"offline\"\n",
        1,
        "provider name `a/b` must be non-empty and hold no `/`",
    );
    let config =
        parse("[providers.stub]\nkind = \"offline\"\n\n[phases.run]\nmodels = [\"stub/any\"]\n");
    assert_eq!(config.price_of(&model("stub/any")), Some(Price::FREE));
}

#[test]
fn max_output_tokens_must_fit_the_context_window() {
    check_error(
        "[phases.map]\nmodels = [\"openai/gpt-4o\"]\nmax_output_tokens = 128_000\n",
        3,
        "`phases.map.max_output_tokens` (128000) must be smaller than the context window of `openai/gpt-4o` (128000)",
    );
    // Left at its default, the key is reported at its table.
    check_error(
        "[models.\"ollama/tiny\"]\ncontext_window = 256\n\n[phases.map]\nmodels = [\"ollama/tiny\"]\n",
        4,
        "`phases.map.max_output_tokens` (512) must be smaller than the context window of `ollama/tiny` (256)",
    );
    check_error(
        "[models.\"ollama/tiny\"]\ncontext_window = 0\n",
        2,
        "`models.\"ollama/tiny\".context_window` must be at least 1",
    );
}

#[test]
fn an_error_without_a_line_still_names_the_file_and_the_key() {
    // The map phase is not in the file: its default max_output_tokens breaks the rule.
    let error = error_of("[models.offline]\ncontext_window = 100\n");
    assert_eq!(error.location().unwrap().line, None);
    assert_eq!(
        error.to_string(),
        "pipeline.toml: `phases.map.max_output_tokens` (512) must be smaller than the context window \
         of `offline/structural` (100); the prompt and the answer share the window"
    );
}

#[test]
fn cache_rules() {
    check_error(
        "[cache]\nremote = \"redis://cache.example:6379/0\"\n",
        2,
        "`cache.remote` is set without `cache.remote_key_env`",
    );
    check_error(
        "[cache]\nremote = \"http://cache.example\"\nremote_key_env = \"K\"\n",
        2,
        "`cache.remote` must be a redis:// or rediss:// URL, found `http://cache.example`",
    );
    check_error(
        "[cache]\nremote = \"rediss://c\"\nremote_key_env = \"\"\n",
        2,
        "without `cache.remote_key_env`",
    );
    let config = parse("[cache]\nremote = \"rediss://c.example\"\nremote_key_env = \"TEAM_KEY\"\n");
    assert_eq!(config.cache.remote.as_deref(), Some("rediss://c.example"));
}

#[test]
fn the_first_problem_in_the_file_is_reported() {
    check_error(
        "[retry]\nmax_attempts = 0\n\n[budget]\nmax_cost_usd = nan\n",
        2,
        "max_attempts",
    );
    check_error(
        "[budget]\nmax_cost_usd = nan\n\n[retry]\nmax_attempts = 0\n",
        2,
        "max_cost_usd",
    );
}

#[test]
fn a_foreign_pipeline_toml_is_named_as_such() {
    let error = error_of("[tool.kedro]\npackage_name = \"spaceflights\"\n\n[stages.train]\ncmd = \"python train.py\"\n");
    assert!(matches!(error, ConfigError::Foreign { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("pipeline.toml: holds none of cartograph's tables (output, scan,"),
        "{message}"
    );
    assert!(message.contains("pass `--config <file>`"), "{message}");
    // Another tool's `[model]` is not taken for a typo of `[models]`.
    let error = error_of("[model]\nname = \"resnet50\"\n");
    assert!(matches!(error, ConfigError::Foreign { .. }), "{error:?}");
    // One of cartograph's tables next to a stranger is an unknown key, not a foreign file.
    check_error(
        "[output]\n\n[stages.train]\ncmd = \"x\"\n",
        3,
        "unknown key `stages`",
    );
}

#[test]
fn deserializing_directly_applies_the_same_rules() {
    let config: PipelineConfig = toml::from_str("[phases.map]\nbudget_tokens = 5\n").unwrap();
    assert_eq!(
        config.phases.map,
        PhaseConfig {
            budget_tokens: 5,
            ..PhaseConfig::map_default()
        }
    );
    let error = toml::from_str::<PipelineConfig>("[budget]\nmax_cost_usd = nan\n").unwrap_err();
    assert!(
        error
            .message()
            .contains("`budget.max_cost_usd` must be a finite number"),
        "{error}"
    );
}

#[test]
fn serializing_round_trips() {
    let config = parse(
        "[providers.work]\nkind = \"openai\"\nbase_url = \"https://llm.example/v1\"\napi_key_env = \"WORK\"\n\n\
         [phases.run]\nmodels = [\"work/big\", \"openrouter/anthropic/claude-sonnet-4.5\"]\n\n\
         [models.\"work/big\"]\ninput = 1.0\noutput = 2.0\n",
    );
    let text = toml::to_string(&config).unwrap();
    assert_eq!(parse(&text), config, "{text}");
}

#[test]
fn ready_needs_keys_for_paid_providers() {
    let config = parse("[phases.map]\nmodels = [\"openai/gpt-4o-mini\"]\n\n[phases.run]\nmodels = [\"anthropic/claude-sonnet-4-5\"]\n");
    let error = config
        .check_ready(&env_of(&[("OPENAI_API_KEY", "sk")]))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`anthropic/claude-sonnet-4-5` in [phases.run] needs the environment variable ANTHROPIC_API_KEY, \
         which is not set; export it, or take the model out of [phases.run] models"
    );
    let blank = env_of(&[("OPENAI_API_KEY", " "), ("ANTHROPIC_API_KEY", "k")]);
    assert!(matches!(
        config.check_ready(&blank),
        Err(ConfigError::MissingApiKey {
            phase: Phase::Map,
            ..
        })
    ));
    assert!(config
        .check_ready(&env_of(&[
            ("OPENAI_API_KEY", "sk"),
            ("ANTHROPIC_API_KEY", "k")
        ]))
        .is_ok());
    // A command that uses only the map phase needs only its key.
    assert!(config
        .check_phases_ready(&[Phase::Map], &env_of(&[("OPENAI_API_KEY", "sk")]))
        .is_ok());
}

#[test]
fn ready_needs_a_price_for_paid_models() {
    let config = parse("[phases.run]\nmodels = [\"openai/gpt-9\"]\n");
    let error = config
        .check_ready(&env_of(&[("OPENAI_API_KEY", "sk")]))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "no known price for `openai/gpt-9` in [phases.run]; add a [models.\"openai/gpt-9\"] table \
         with `input` and `output` in USD per million tokens"
    );
    let priced = parse(
        "[phases.run]\nmodels = [\"openai/gpt-9\"]\n\n[models.\"openai/gpt-9\"]\ninput = 5\noutput = 20\n",
    );
    assert!(priced
        .check_ready(&env_of(&[("OPENAI_API_KEY", "sk")]))
        .is_ok());
    // An input price alone is not a price.
    let half = parse(
        "[phases.run]\nmodels = [\"openai/gpt-9\"]\n\n[models.\"openai/gpt-9\"]\ninput = 5\n",
    );
    assert!(matches!(
        half.check_ready(&env_of(&[("OPENAI_API_KEY", "sk")])),
        Err(ConfigError::UnknownPrice { .. })
    ));
    // Local models need neither key nor price.
    let local = parse("[phases.run]\nmodels = [\"ollama/qwen2.5-coder\"]\n");
    assert!(local.check_ready(&env_of(&[])).is_ok());
}

#[test]
fn ready_needs_the_shared_cache_secrets() {
    let config = parse(
        "[cache]\nremote = \"redis://c.example\"\nremote_key_env = \"TEAM_KEY\"\nremote_password_env = \"REDIS_PW\"\n",
    );
    let error = config
        .check_ready(&env_of(&[("REDIS_PW", "pw")]))
        .unwrap_err();
    assert!(
        matches!(&error, ConfigError::MissingCacheSecret { env_var, .. } if env_var == "TEAM_KEY"),
        "{error}"
    );
    let error = config
        .check_ready(&env_of(&[("TEAM_KEY", "k")]))
        .unwrap_err();
    assert!(error.to_string().contains("REDIS_PW"), "{error}");
    assert!(config
        .check_ready(&env_of(&[("TEAM_KEY", "k"), ("REDIS_PW", "pw")]))
        .is_ok());
}

#[test]
fn the_reference_file_is_the_defaults() {
    let config = parse_str(reference_toml(), Path::new("pipeline.toml")).unwrap();
    assert_eq!(config, PipelineConfig::default());
}

#[test]
fn the_reference_file_mentions_every_key() {
    let keys = [
        "[output]",
        "dir",
        "llms_txt_tokens",
        "[scan]",
        "exclude",
        "max_file_bytes",
        "local_only",
        "[providers.",
        "kind",
        "base_url",
        "api_key_env",
        "local",
        "requests_per_minute",
        "tokens_per_minute",
        "max_concurrency",
        "connect_timeout_secs",
        "first_byte_timeout_secs",
        "idle_timeout_secs",
        "timeout_secs",
        "max_retry_after_secs",
        "[phases.map]",
        "[phases.lens]",
        "[phases.run]",
        "models",
        "max_input_tokens",
        "max_output_tokens",
        "budget_tokens",
        "embedding_model",
        "embedding_budget_tokens",
        "[budget]",
        "max_cost_usd",
        "[hook]",
        "[mcp]",
        "max_read_tokens",
        "token_env",
        "[retry]",
        "max_attempts",
        "base_delay_ms",
        "max_delay_ms",
        "[prompts]",
        "[cache]",
        "remote",
        "remote_password_env",
        "remote_key_env",
        "namespace",
        "remote_ttl_days",
        "[models.",
        "input",
        "output",
        "cached_input",
        "context_window",
    ];
    for key in keys {
        assert!(
            reference_toml().contains(key),
            "the reference pipeline.toml does not mention `{key}`"
        );
    }
    // Commented-out examples must stay valid when uncommented.
    let uncommented: String = reference_toml()
        .lines()
        .map(|line| {
            let line = line.strip_prefix("# ").unwrap_or(line);
            let is_key = line.split_once(" = ").is_some_and(|(key, _)| {
                !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            });
            let is_table = line.starts_with('[') && !line.starts_with("[providers.NAME]");
            if is_key || is_table {
                format!("{line}\n")
            } else {
                String::new()
            }
        })
        .collect();
    let uncommented = uncommented
        .replace("models = [\"offline\"]\n", "")
        .replace("models = []\n", "");
    let config = parse(&uncommented);
    assert_eq!(
        config.provider("work").unwrap().api_key_env.as_deref(),
        Some("WORK_LLM_KEY")
    );
    assert_eq!(
        config.phases.run.models[0],
        model("anthropic/claude-sonnet-4-5")
    );
    assert_eq!(
        config.cache.remote_key_env.as_deref(),
        Some("CARTOGRAPH_CACHE_KEY")
    );
    assert_eq!(config.prompts.dir.as_deref(), Some("cartograph-prompts"));
}

#[test]
fn init_without_keys_writes_the_reference() {
    assert_eq!(init_template(&env_of(&[])), reference_toml());
}

#[test]
fn init_fills_in_the_providers_whose_keys_are_set() {
    // (environment, map models, run models)
    type Case = (
        &'static [(&'static str, &'static str)],
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: [Case; 5] = [
        (
            &[("OPENAI_API_KEY", "sk")],
            &["openai/gpt-4o-mini"],
            &["openai/gpt-4o"],
        ),
        (
            &[("ANTHROPIC_API_KEY", "k")],
            &["anthropic/claude-haiku-4-5"],
            &["anthropic/claude-sonnet-4-5"],
        ),
        (
            &[("OPENAI_API_KEY", "sk"), ("ANTHROPIC_API_KEY", "k")],
            &["openai/gpt-4o-mini"],
            &["anthropic/claude-sonnet-4-5", "openai/gpt-4o"],
        ),
        (
            &[("OPENROUTER_API_KEY", "or")],
            &["openrouter/openai/gpt-4o-mini"],
            &[
                "openrouter/anthropic/claude-sonnet-4.5",
                "openrouter/openai/gpt-4o",
            ],
        ),
        (
            &[("OPENROUTER_API_KEY", "or"), ("OPENAI_API_KEY", "sk")],
            &["openai/gpt-4o-mini"],
            &["openai/gpt-4o"],
        ),
    ];
    for (vars, map, run) in cases {
        let env = env_of(vars);
        let text = init_template(&env);
        let config = parse(&text);
        let refs = |models: &[&str]| models.iter().map(|m| model(m)).collect::<Vec<_>>();
        assert_eq!(config.phases.map.models, refs(map), "{vars:?}");
        assert_eq!(config.phases.run.models, refs(run), "{vars:?}");
        assert!(config.phases.lens.models.is_empty());
        assert_eq!(
            PipelineConfig {
                phases: Default::default(),
                ..config.clone()
            },
            PipelineConfig::default(),
            "only the phases change"
        );
        config.check_ready(&env).unwrap();
        assert!(text.contains("# Chosen by `cartograph init`"), "{text}");
    }
}

#[test]
fn lookup_order_is_explicit_then_env_then_root_then_defaults() {
    let root = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let root_file = root.path().join("pipeline.toml");
    let env_file = elsewhere.path().join("from-env.toml");
    let explicit_file = elsewhere.path().join("explicit.toml");
    std::fs::write(&env_file, "[budget]\nmax_cost_usd = 2.0\n").unwrap();
    std::fs::write(&explicit_file, "[budget]\nmax_cost_usd = 3.0\n").unwrap();

    let no_env = env_of(&[]);
    let loaded = load_with_env(None, root.path(), &no_env).unwrap();
    assert_eq!(loaded.source, None);
    assert_eq!(loaded.config, PipelineConfig::default());

    std::fs::write(&root_file, "[budget]\nmax_cost_usd = 1.0\n").unwrap();
    let loaded = load_with_env(None, root.path(), &no_env).unwrap();
    assert_eq!(loaded.source.as_deref(), Some(root_file.as_path()));
    assert_eq!(loaded.config.budget.max_cost_usd, 1.0);

    let with_env = env_of(&[("CARTOGRAPH_CONFIG", env_file.to_str().unwrap())]);
    let loaded = load_with_env(None, root.path(), &with_env).unwrap();
    assert_eq!(loaded.source.as_deref(), Some(env_file.as_path()));
    assert_eq!(loaded.config.budget.max_cost_usd, 2.0);

    let loaded = load_with_env(Some(&explicit_file), root.path(), &with_env).unwrap();
    assert_eq!(loaded.source.as_deref(), Some(explicit_file.as_path()));
    assert_eq!(loaded.config.budget.max_cost_usd, 3.0);

    // An empty variable counts as unset.
    let empty_env = env_of(&[("CARTOGRAPH_CONFIG", "")]);
    let loaded = load_with_env(None, root.path(), &empty_env).unwrap();
    assert_eq!(loaded.config.budget.max_cost_usd, 1.0);
}

#[test]
fn a_named_file_must_exist_but_the_root_file_need_not() {
    let root = tempfile::tempdir().unwrap();
    let missing = root.path().join("missing.toml");
    let error = load_with_env(Some(&missing), root.path(), &env_of(&[])).unwrap_err();
    assert!(
        matches!(
            error,
            ConfigError::NotFound {
                origin: "--config",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .ends_with("missing.toml` (from --config) does not exist"),
        "{error}"
    );

    let env = env_of(&[("CARTOGRAPH_CONFIG", missing.to_str().unwrap())]);
    let error = load_with_env(None, root.path(), &env).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("(from $CARTOGRAPH_CONFIG) does not exist"),
        "{error}"
    );
}

#[test]
fn a_foreign_root_file_is_an_error_that_names_it() {
    let root = tempfile::tempdir().unwrap();
    let root_file = root.path().join("pipeline.toml");
    std::fs::write(
        &root_file,
        "[stages.prepare]\ncmd = \"python prepare.py\"\n",
    )
    .unwrap();
    let error = load_with_env(None, root.path(), &env_of(&[])).unwrap_err();
    assert!(
        matches!(&error, ConfigError::Foreign { path } if path == &root_file),
        "{error:?}"
    );
    // --config is the way out.
    let own = root.path().join("cartograph.toml");
    std::fs::write(&own, "[output]\ndir = \"docs/api\"\n").unwrap();
    let loaded = load_with_env(Some(&own), root.path(), &env_of(&[])).unwrap();
    assert_eq!(loaded.config.output.dir, "docs/api");
}

#[test]
fn errors_in_a_loaded_file_name_that_file() {
    let root = tempfile::tempdir().unwrap();
    let root_file = root.path().join("pipeline.toml");
    std::fs::write(&root_file, "[retry]\n\nmax_attempts = 0\n").unwrap();
    let error = load_with_env(None, root.path(), &env_of(&[])).unwrap_err();
    let location = error.location().unwrap();
    assert_eq!(
        (location.path.as_path(), location.line, location.column),
        (root_file.as_path(), Some(3), Some(1))
    );
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}:3:1: ", root_file.display())),
        "{error}"
    );
}

/// Every kind of message in one place, to read them as a user would.
#[test]
fn error_messages_read_well() {
    let broken = [
        "[phases.map]\nmax_tokens = 3\n",
        "[phases.map]\nmax_output_token = 3\n",
        "[outptu]\n",
        "[providers.openai]\napi_key = \"sk-123\"\n",
        "[retry]\nmax_attempts = \"five\"\n",
        "[scan]\nmax_file_bytes = -1\n",
        "[scan]\nexclude = \"target/**\"\n",
        "output = 3\n",
        "[providers.work]\nkind = \"gemini\"\n",
        "[phases.map]\nmodels = [\"gpt-4o\"]\n",
        "[phases.map\n",
        "[phases.map]\n[phases.map]\n",
        "x = \n",
        "[budget]\nmax_cost_usd = nan\n",
        "[providers.openai]\ntimeout_secs = 0\n",
        "[providers.openai]\ntimeout_secs = 1e19\n",
        "[retry]\nmax_attempts = 0\n",
        "[retry]\nmax_attempts = 1000\n",
        "[retry]\nbase_delay_ms = 60_000\n",
        "[output]\ndir = \"\"\n",
        "[output]\ndir = \"/srv/docs\"\n",
        "[output]\ndir = \"../docs\"\n",
        "[scan]\nexclude = [\"src/[ab\"]\n",
        "[phases.run]\nmodels = [\"work/llama\"]\n",
        "[phases.run]\nmodels = []\n",
        "[providers.work]\nbase_url = \"https://x.example\"\n",
        "[providers.work]\nkind = \"openai\"\n",
        "[providers.openai]\nrequests_per_minute = 0\n",
        "[phases.map]\nmodels = [\"openai/gpt-4o\"]\nmax_output_tokens = 200_000\n",
        "[models.\"acme/x\"]\ninput = 1\n",
        "[models.gpt-4o]\ninput = 1\n",
        "[cache]\nremote = \"redis://c.example\"\n",
        "[cache]\nremote = \"memcached://c.example\"\nremote_key_env = \"K\"\n",
        "[stages.train]\ncmd = \"python train.py\"\n",
    ];
    let messages: Vec<String> = broken
        .iter()
        .map(|text| error_of(text).to_string())
        .collect();
    let config = parse("[phases.map]\nmodels = [\"openai/gpt-4o-mini\"]\n\n[phases.run]\nmodels = [\"openai/gpt-9\"]\n\n[cache]\nremote = \"redis://c\"\nremote_key_env = \"TEAM_KEY\"\n");
    let not_ready = [
        config.check_ready(&env_of(&[])).unwrap_err(),
        config
            .check_ready(&env_of(&[("OPENAI_API_KEY", "sk")]))
            .unwrap_err(),
        config
            .check_phases_ready(&[Phase::Map], &env_of(&[("OPENAI_API_KEY", "sk")]))
            .unwrap_err(),
    ];
    let messages = messages
        .into_iter()
        .chain(not_ready.iter().map(ToString::to_string));
    insta::assert_snapshot!(messages.collect::<Vec<_>>().join("\n"));
}

/// Issue 15: `timeout_secs = 1e19` passed validation and panicked the run when a deadline was
/// computed from it ("overflow when adding duration to instant").
#[test]
fn huge_durations_are_refused() {
    for value in ["1e19", "1e300", "86400.5", "100_000"] {
        check_error(
            &format!("[providers.openai]\ntimeout_secs = {value}\n"),
            2,
            "`providers.openai.timeout_secs` must be at most 86_400 seconds",
        );
    }
    check_error(
        "[providers.work]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:1/v1\"\nidle_timeout_secs = 1e19\n",
        4,
        "`providers.work.idle_timeout_secs` must be at most 86_400 seconds",
    );
    check_error(
        "[providers.openai]\nmax_retry_after_secs = 1e300\n",
        2,
        "must be at most 86_400 seconds, found",
    );
    // A day is accepted, and so is 0 for the longest Retry-After worth waiting for.
    let config = parse("[providers.openai]\ntimeout_secs = 86_400\nmax_retry_after_secs = 0\n");
    assert_eq!(config.providers["openai"].timeout_secs, 86_400.0);
}

#[test]
fn counts_have_an_upper_bound() {
    let cases = [
        (
            "[scan]\nmax_file_bytes = 2_000_000_000\n",
            "`scan.max_file_bytes` must be at most 1_073_741_824, found 2000000000",
        ),
        (
            "[retry]\nmax_attempts = 1000\n",
            "`retry.max_attempts` must be at most 100, found 1000",
        ),
        (
            "[retry]\nmax_delay_ms = 9_223_372_036_854_775_807\n",
            "`retry.max_delay_ms` must be at most 3_600_000",
        ),
        (
            "[providers.openai]\nmax_concurrency = 100_000\n",
            "`providers.openai.max_concurrency` must be at most 4_096",
        ),
        (
            "[providers.openai]\nrequests_per_minute = 4_000_000_000\n",
            "`providers.openai.requests_per_minute` must be at most 1_000_000",
        ),
        (
            "[providers.openai]\ntokens_per_minute = 9_223_372_036_854_775_807\n",
            "`providers.openai.tokens_per_minute` must be at most 10_000_000_000",
        ),
        (
            "[phases.run]\nmax_input_tokens = 4_000_000_000\n",
            "`phases.run.max_input_tokens` must be at most 10_000_000",
        ),
        (
            "[phases.map]\nbudget_tokens = 9_223_372_036_854_775_807\n",
            "`phases.map.budget_tokens` must be at most 1_000_000_000_000",
        ),
        (
            "[output]\nllms_txt_tokens = 4_000_000_000\n",
            "`output.llms_txt_tokens` must be at most 10_000_000",
        ),
        (
            "[cache]\nremote_ttl_days = 100_000\n",
            "`cache.remote_ttl_days` must be at most 3_650",
        ),
        (
            "[models.\"openai/x\"]\ncontext_window = 4_000_000_000\n",
            "context_window` must be at most 100_000_000",
        ),
    ];
    for (text, expected) in cases {
        check_error(text, 2, expected);
    }
}

/// The bounds are part of the reference file, so a user reads them next to the key.
#[test]
fn the_reference_file_states_every_bound() {
    let reference = reference_toml();
    for bound in cartograph_config::bounds::COUNT_BOUNDS {
        let max = cartograph_config::bounds::with_underscores(bound.max);
        assert!(reference.contains(&max), "{} ({max})", bound.key);
    }
    assert!(reference.contains("at most 86_400 (a day)"));
}

/// The reference file's own values, and every value a sensible configuration of today uses,
/// are inside the bounds.
#[test]
fn generous_values_are_accepted() {
    parse(reference_toml());
    parse(concat!(
        "[scan]\nmax_file_bytes = 60_000_000\n\n",
        "[providers.openai]\nmax_concurrency = 256\nrequests_per_minute = 30_000\ntokens_per_minute = 150_000_000\ntimeout_secs = 3_600\n\n",
        "[phases.run]\nmax_input_tokens = 2_000_000\nmax_output_tokens = 128_000\nbudget_tokens = 1_000_000_000\n\n",
        "[retry]\nmax_attempts = 20\nmax_delay_ms = 600_000\n\n",
        "[cache]\nremote_ttl_days = 365\n",
    ));
}

/// Issue 13, hybrid retrieval: `[phases.lens]` takes `embedding_model` (`""` is off) and
/// `embedding_budget_tokens`; no other phase table does.
#[test]
fn the_lens_table_takes_the_embedding_keys() {
    let config = parse("");
    assert_eq!(config.phases.embedding.model, None);
    assert_eq!(config.phases.embedding.budget_tokens, 2_000_000);
    let config = parse(
        "[phases.lens]\nembedding_model = \"openai/text-embedding-3-small\"\nembedding_budget_tokens = 5_000\n",
    );
    assert_eq!(
        config.phases.embedding.model,
        Some(model("openai/text-embedding-3-small"))
    );
    assert_eq!(config.phases.embedding.budget_tokens, 5_000);
    assert_eq!(
        config.phases.lens,
        PhaseConfig::lens_default(),
        "the embedding keys leave the lens phase's chain and limits alone"
    );
    assert_eq!(
        parse("[phases.lens]\nembedding_model = \"\"\n"),
        PipelineConfig::default()
    );
    check_error(
        "[phases.map]\nembedding_model = \"openai/text-embedding-3-small\"\n",
        2,
        "unknown key `embedding_model` in [phases.map]",
    );
    check_error(
        "[phases.lens]\nembedding_model = \"text-embedding-3-small\"\n",
        2,
        "invalid model reference `text-embedding-3-small`",
    );
    check_error(
        "[phases.lens]\nembedding_model = \"nowhere/embed\"\n",
        2,
        "no provider `nowhere` is defined",
    );
    check_error(
        "[phases.lens]\nembedding_budget_tokens = -1\n",
        2,
        "embedding_budget_tokens",
    );
}

/// Anthropic has no embeddings endpoint, and the offline provider makes no vectors: both are
/// refused before any work, with the way out in the hint.
#[test]
fn an_embedding_model_needs_an_openai_compatible_provider() {
    check_error(
        "[phases.lens]\nembedding_model = \"anthropic/claude-haiku-4-5\"\n",
        2,
        "provider `anthropic` is of kind anthropic, which has no embeddings endpoint",
    );
    check_error(
        "[phases.lens]\nembedding_model = \"offline/structural\"\n",
        2,
        "which has no embeddings endpoint",
    );
    parse("[phases.lens]\nembedding_model = \"ollama/nomic-embed-text\"\n");
}

#[test]
fn an_embedding_model_needs_its_key_and_a_price() {
    let config = parse("[phases.lens]\nembedding_model = \"openai/text-embedding-3-small\"\n");
    let error = config
        .check_phases_ready(&[Phase::Lens], &env_of(&[]))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the embedding model `openai/text-embedding-3-small` ([phases.lens] embedding_model) \
         needs the environment variable OPENAI_API_KEY, which is not set; export it, or set \
         embedding_model = \"\" to rank without embeddings"
    );
    assert!(config
        .check_phases_ready(&[Phase::Map], &env_of(&[]))
        .is_ok());
    assert!(config
        .check_phases_ready(&[Phase::Lens], &env_of(&[("OPENAI_API_KEY", "k")]))
        .is_ok());
    assert_eq!(
        config.price_of(&model("openai/text-embedding-3-small")),
        Some(Price {
            input: 0.02,
            output: 0.0,
            cached_input: 0.02
        })
    );
    let unpriced = parse("[phases.lens]\nembedding_model = \"openai/some-embedder\"\n");
    let error = unpriced
        .check_phases_ready(&[Phase::Lens], &env_of(&[("OPENAI_API_KEY", "k")]))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no known price for the embedding model `openai/some-embedder`"),
        "{error}"
    );
}

#[test]
fn embedding_keys_round_trip_and_stay_out_when_off() {
    let config = parse(
        "[phases.lens]\nembedding_model = \"ollama/nomic-embed-text\"\nembedding_budget_tokens = 7\n",
    );
    let text = toml::to_string(&config).unwrap();
    assert_eq!(parse(&text), config);
    let off = toml::to_string(&PipelineConfig::default()).unwrap();
    assert!(!off.contains("embedding"), "{off}");
}
