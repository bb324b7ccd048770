//! A client wired to the fake provider over 127.0.0.1, with a temporary ledger and an
//! in-memory cache.

use cartograph_config::{
    ModelConfig, ModelRef, PipelineConfig, ProviderConfig, ProviderKind, RetryConfig,
};
use cartograph_core::Phase;
use cartograph_llm::{CompletionRequest, Ledger, LedgerRow, LlmClient, LlmError, Message};
use cartograph_store::{MemoryStore, Store};
use cartograph_testkit::fake_provider::{FakeProvider, FakeScript};
use std::path::PathBuf;
use std::sync::Arc;

pub const KEY_VARIABLE: &str = "FAKE_PROVIDER_KEY";
pub const SENTINEL_KEY: &str = "sk-SENTINEL-4f9d2c7e1b";

/// A provider table pointing at the fake server, with short real timeouts.
pub fn provider(base_url: &str, kind: ProviderKind) -> ProviderConfig {
    let mut provider = ProviderConfig::with_kind(kind);
    provider.base_url = Some(base_url.to_string());
    provider.api_key_env = Some(KEY_VARIABLE.to_string());
    provider.local = Some(false);
    provider.connect_timeout_secs = 2.0;
    provider.first_byte_timeout_secs = 5.0;
    provider.idle_timeout_secs = 5.0;
    provider.timeout_secs = 10.0;
    provider
}

pub fn price(input: f64, output: f64, cached_input: f64, context_window: u32) -> ModelConfig {
    ModelConfig {
        input: Some(input),
        output: Some(output),
        cached_input: Some(cached_input),
        context_window: Some(context_window),
    }
}

/// `[providers.fake]` (OpenAI shape) on the server, the map phase using `models` (references
/// like `fake/m1`), each priced 1/2/0.5 USD per million tokens with a 100k window.
pub fn config(server: &FakeProvider, models: &[&str]) -> PipelineConfig {
    let mut config = PipelineConfig::default();
    config.providers.insert(
        "fake".into(),
        provider(&server.openai_base_url(), ProviderKind::Openai),
    );
    config.providers.insert(
        "fake2".into(),
        provider(&server.openai_base_url(), ProviderKind::Openai),
    );
    config.providers.insert(
        "claude".into(),
        provider(&server.base_url(), ProviderKind::Anthropic),
    );
    let chain: Vec<ModelRef> = models
        .iter()
        .filter_map(|text| ModelRef::parse(text))
        .collect();
    for model in &chain {
        if model.provider != "offline" {
            config
                .models
                .insert(model.to_string(), price(1.0, 2.0, 0.5, 100_000));
        }
    }
    config.phases.map.models = chain.clone();
    config.phases.run.models = chain;
    config.retry = RetryConfig {
        max_attempts: 3,
        base_delay_ms: 1,
        max_delay_ms: 5,
    };
    config
}

pub fn env_with_key(variable: &str) -> Option<String> {
    (variable == KEY_VARIABLE).then(|| SENTINEL_KEY.to_string())
}

pub struct Harness {
    pub server: FakeProvider,
    pub client: LlmClient,
    pub store: Arc<MemoryStore>,
    pub ledger_path: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub async fn start(models: &[&str]) -> Harness {
        Harness::with(FakeScript::default(), models, |_| {}).await
    }

    pub async fn with(
        script: FakeScript,
        models: &[&str],
        tweak: impl FnOnce(&mut PipelineConfig),
    ) -> Harness {
        let server = FakeProvider::start(script).await.unwrap();
        let mut config = config(&server, models);
        tweak(&mut config);
        Harness::from_config(server, &config, 5.0).unwrap()
    }

    pub fn from_config(
        server: FakeProvider,
        config: &PipelineConfig,
        max_cost_usd: f64,
    ) -> Result<Harness, LlmError> {
        let dir = tempfile::tempdir().unwrap();
        let ledger_path = dir.path().join(".cartograph/ledger.jsonl");
        let ledger = Ledger::open(&ledger_path)?;
        let store = Arc::new(MemoryStore::default());
        let client = LlmClient::new(
            config,
            store.clone() as Arc<dyn Store>,
            ledger,
            "run-test".into(),
            max_cost_usd,
            &env_with_key,
        )?;
        Ok(Harness {
            server,
            client,
            store,
            ledger_path,
            dir,
        })
    }

    pub fn rows(&self) -> Vec<LedgerRow> {
        cartograph_llm::read_ledger(&self.ledger_path).unwrap()
    }

    pub fn outcomes(&self) -> Vec<String> {
        self.rows()
            .iter()
            .map(|row| row.outcome.as_str().to_string())
            .collect()
    }
}

/// A map-phase request about `src/lib.rs`.
pub fn request(text: &str) -> CompletionRequest {
    let mut request = CompletionRequest::new(
        Phase::Map,
        vec![
            Message::system("You summarize files."),
            Message::user(format!("Summarize `src/lib.rs`: {text}")),
        ],
    );
    request.max_output_tokens = Some(100);
    request.prompt_version = "test-v1".into();
    request.files = vec!["src/lib.rs".into()];
    request
}
