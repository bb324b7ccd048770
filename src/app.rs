//! What every command shares: the repository root, the configuration, the locked store.

use crate::cli::Global;
use anyhow::Result;
use cartograph_config::{LoadedConfig, PipelineConfig};
use cartograph_lock::RunLock;
use cartograph_store::SledStore;
use std::path::{Path, PathBuf};

pub fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    // sled reports the corrupt caches we recover from as errors of its own; our one warning
    // says what happened, so its logs show only on request (CARTOGRAPH_LOG=sled=debug).
    let filter = tracing_subscriber::EnvFilter::try_from_env("CARTOGRAPH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("{level},sled=off")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        // Its report of a failed write goes to stderr with `eprintln!`, which panics when
        // stderr is closed (`cartograph map 2>&1 | head`): inside the cache's open that
        // panic would read as a corrupt cache. A log line nobody can read is dropped.
        .log_internal_errors(false)
        .try_init();
}

/// The top level of the git work tree that holds `dir`, or `dir` itself outside git.
pub fn repository_root(dir: &Path) -> Result<PathBuf> {
    // A directory that cannot be opened is a usage error whose reason (no such directory, no
    // permission) is the whole message, not a cause hidden behind `-v`.
    let dir = std::fs::canonicalize(dir).map_err(|error| {
        crate::exit::coded(
            crate::exit::Exit::Usage,
            format!("cannot open directory `{}`: {error}", dir.display()),
        )
    })?;
    if !dir.is_dir() {
        anyhow::bail!(crate::exit::coded(
            crate::exit::Exit::Usage,
            format!("`{}` is not a directory", dir.display())
        ));
    }
    let mut current = Some(dir.as_path());
    while let Some(candidate) = current {
        if candidate.join(".git").exists() {
            return Ok(candidate.to_path_buf());
        }
        current = candidate.parent();
    }
    Ok(dir)
}

/// A command's view of the repository.
pub struct Context {
    pub root: PathBuf,
    pub config: PipelineConfig,
    pub global_json: bool,
    pub quiet: bool,
}

impl Context {
    pub fn load(global: &Global) -> Result<Context> {
        let root = repository_root(&global.dir)?;
        let LoadedConfig { config, source } =
            cartograph_config::load(global.config.as_deref(), &root)?;
        match &source {
            Some(path) => tracing::info!("configuration: {}", path.display()),
            None => tracing::info!("configuration: built-in defaults (offline)"),
        }
        Ok(Context {
            root,
            config,
            global_json: global.json,
            quiet: global.quiet,
        })
    }

    pub fn state_dir(&self) -> PathBuf {
        self.root.join(".cartograph")
    }

    /// Takes the run lock, then opens the sled cache (sled admits one process at a time).
    pub fn open_store(&self, wait: bool, command: &str) -> Result<(RunLock, SledStore)> {
        let state = self.state_dir();
        let lock = RunLock::acquire(&state.join("lock"), wait, command)?;
        ensure_state_ignored(&state);
        let (store, report) = SledStore::open(&state.join("cache"))?;
        if let Some((aside, reason)) = report.moved_aside {
            tracing::warn!(
                "the cache could not be used ({reason}); it was moved to `{}` and rebuilt",
                aside.display()
            );
        }
        Ok((lock, store))
    }

    /// The provider client for this run, with its ledger and budget.
    pub fn llm_client(
        &self,
        store: std::sync::Arc<dyn cartograph_store::Store>,
        max_cost_usd: f64,
    ) -> Result<cartograph_llm::LlmClient> {
        let ledger = cartograph_llm::Ledger::open(&self.state_dir().join("ledger.jsonl"))?;
        let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let run_id = format!(
            "{}-{}",
            humantime::format_rfc3339_seconds(std::time::SystemTime::now()),
            std::process::id()
        );
        Ok(cartograph_llm::LlmClient::new(
            &self.config,
            store,
            ledger,
            run_id,
            max_cost_usd,
            &env,
        )?)
    }

    /// `HEAD`'s commit, when the root is a git work tree with one.
    pub fn head_commit(&self) -> Option<String> {
        let output = std::process::Command::new("git")
            .args(["rev-parse", "--verify", "-q", "HEAD"])
            .current_dir(&self.root)
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        let commit = String::from_utf8(output.stdout).ok()?.trim().to_string();
        (output.status.success() && !commit.is_empty()).then_some(commit)
    }

    /// The folder of prompt overrides, when `[prompts] dir` names one.
    pub fn prompts_dir(&self) -> Option<PathBuf> {
        self.config
            .prompts
            .dir
            .as_ref()
            .map(|dir| self.root.join(dir))
    }

    /// The store the phases use: the local sled cache, with the team's Redis behind it when
    /// `[cache] remote` is set. Only content-addressed trees are shared; a Redis that is down
    /// costs one warning, never the run.
    pub fn open_shared_store(&self, wait: bool, command: &str) -> Result<Opened> {
        let (lock, local) = self.open_store(wait, command)?;
        let local: std::sync::Arc<dyn cartograph_store::Store> = std::sync::Arc::new(local);
        let Some(url) = &self.config.cache.remote else {
            return Ok(Opened {
                store: local,
                remote: None,
                _lock: lock,
            });
        };
        let env = |name: &Option<String>| {
            name.as_deref()
                .and_then(|name| std::env::var(name).ok())
                .filter(|value| !value.is_empty())
        };
        let secret = env(&self.config.cache.remote_key_env).ok_or_else(|| {
            crate::exit::coded(
                crate::exit::Exit::Usage,
                "[cache] remote is set but the team secret variable that remote_key_env names is not",
            )
        })?;
        let namespace = if self.config.cache.namespace.is_empty() {
            cartograph_redis::default_namespace(&self.root).unwrap_or_else(|| "default".into())
        } else {
            self.config.cache.namespace.clone()
        };
        let mut remote_config =
            cartograph_redis::RemoteConfig::new(url.clone(), namespace, secret.into());
        remote_config.password = env(&self.config.cache.remote_password_env).map(Into::into);
        remote_config.ttl_days = u64::from(self.config.cache.remote_ttl_days);
        let remote = cartograph_redis::RedisStore::connect(&remote_config)?;
        let tiered = std::sync::Arc::new(cartograph_redis::TieredStore::new(
            local,
            remote,
            cartograph_pipeline::shared_cache_trees(),
        )?);
        Ok(Opened {
            store: tiered.clone(),
            remote: Some(tiered),
            _lock: lock,
        })
    }

    /// Brings the structural index up to date: the first step of every command that reads it.
    pub fn refresh_index(
        &self,
        store: &dyn cartograph_store::Store,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<cartograph_pipeline::MapOutput> {
        self.refresh_index_watching(store, progress, None)
    }

    /// [`Context::refresh_index`], calling `on_dir` with each directory the walk enters.
    pub fn refresh_index_watching(
        &self,
        store: &dyn cartograph_store::Store,
        progress: &(dyn Fn(u64, u64) + Sync),
        on_dir: Option<&(dyn Fn(&Path) + Sync)>,
    ) -> Result<cartograph_pipeline::MapOutput> {
        Ok(cartograph_pipeline::map_structural(
            store,
            &cartograph_pipeline::MapOptions {
                root: self.root.clone(),
                exclude: &self.config.scan.exclude,
                local_only: &self.config.scan.local_only,
                max_file_bytes: self.config.scan.max_file_bytes,
                skip_dirs: vec![".cartograph".into(), self.docs_dir()],
                progress,
                on_dir,
            },
        )?)
    }

    /// The docs folder relative to the root, with `/`.
    pub fn docs_dir(&self) -> String {
        self.config.output.dir.trim_matches('/').to_string()
    }
}

/// `.cartograph/` holds a `.gitignore` of `*`, so the cache never lands in a commit even in a
/// repository that did not run `cartograph init`.
fn ensure_state_ignored(state: &Path) {
    let ignore = state.join(".gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(ignore, "*\n");
    }
}

/// An opened store under the run lock; the store is dropped before the lock.
pub struct Opened {
    pub store: std::sync::Arc<dyn cartograph_store::Store>,
    pub remote: Option<std::sync::Arc<cartograph_redis::TieredStore>>,
    _lock: RunLock,
}

impl Opened {
    /// Adds this run's remote-tier counters to `.cartograph/remote-stats.json` for
    /// `cache stats`.
    pub fn record_remote_stats(&self, state_dir: &Path) {
        let Some(remote) = &self.remote else { return };
        let _ = self.store.flush();
        let now = serde_json::to_value(remote.stats()).unwrap_or_default();
        let path = state_dir.join("remote-stats.json");
        let mut total: serde_json::Map<String, serde_json::Value> = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        if let Some(fields) = now.as_object() {
            for (key, value) in fields {
                match (value.as_u64(), total.get(key).and_then(|old| old.as_u64())) {
                    (Some(new), Some(old)) => {
                        total.insert(key.clone(), (old + new).into());
                    }
                    _ => {
                        total.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        let _ = std::fs::write(&path, serde_json::to_vec_pretty(&total).unwrap_or_default());
    }
}
