//! `cartograph mcp`: serves the repository to coding agents over the Model Context Protocol,
//! on stdio (the default) or streamable HTTP. The server lives in `cartograph-mcp`; this is
//! the host it calls back into: the index under the run lock, and a provider client.

use crate::app::Context;
use crate::exit::{coded, Exit};
use crate::out::tell;
use anyhow::{Context as _, Result};
use cartograph_mcp::{Host, HostError, HttpOptions, Server, ServerOptions};
use cartograph_pipeline::prompts::Prompts;
use cartograph_pipeline::question::QuestionIndex;
use cartograph_store::{LockError, MemoryStore};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

struct CommandHost {
    context: Context,
    /// The run phase's response cache, for the server's life: the server opens the sled cache
    /// only to refresh, so the run lock stays free for the hook and CI. The questions' vectors
    /// are kept here too.
    responses: Arc<MemoryStore>,
    /// The chunk vectors read at the last refresh, with the files they were read for.
    vectors: Mutex<Option<Arc<IndexVectors>>>,
    /// The client that embeds questions, made on the first search; `None` when it cannot be
    /// (a key missing), said once.
    embedder: OnceLock<Option<cartograph_llm::LlmClient>>,
    /// The repository's past commits for lens, read again when `HEAD` moves.
    history: cartograph_pipeline::history::CurrentHistory,
}

/// Chunk vectors of one loaded index: `(file position, label, vector)`.
struct IndexVectors {
    files: cartograph_core::ContentHash,
    chunks: Vec<(usize, String, Vec<f32>)>,
}

/// Which files, in which order and content, an index holds: vectors read for one index are
/// used only with the same files.
fn files_key(files: &impl cartograph_core::FileSet) -> cartograph_core::ContentHash {
    let mut bytes = Vec::with_capacity(files.len() * 64);
    for file in (0..files.len()).map(|at| files.head(at)) {
        bytes.extend_from_slice(file.path.as_str().as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(file.hash.as_bytes());
    }
    cartograph_core::ContentHash::of(&bytes)
}

impl CommandHost {
    fn embedder(&self) -> Option<&cartograph_llm::LlmClient> {
        self.embedder
            .get_or_init(|| {
                let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
                let client = self
                    .context
                    .config
                    .check_phases_ready(&[cartograph_core::Phase::Lens], &env)
                    .map_err(anyhow::Error::from)
                    .and_then(|()| {
                        let store: Arc<dyn cartograph_store::Store> = self.responses.clone();
                        self.context
                            .llm_client(store, self.context.config.mcp.max_cost_usd)
                    });
                match client {
                    Ok(client) => Some(client),
                    Err(error) => {
                        tracing::warn!("search ranks without embeddings: {error}");
                        None
                    }
                }
            })
            .as_ref()
    }
}

impl Host for CommandHost {
    fn refresh(
        &self,
        on_dir: &(dyn Fn(&std::path::Path) + Sync),
    ) -> Result<Option<QuestionIndex>, HostError> {
        let (lock, store) = match self.context.open_store(false, "mcp") {
            Ok(opened) => opened,
            Err(error)
                if matches!(
                    error.downcast_ref::<LockError>(),
                    Some(LockError::Held { .. })
                ) =>
            {
                return Ok(None)
            }
            Err(error) => return Err(error.into()),
        };
        let index = super::lens::load_index(&self.context, &store, None, None, Some(on_dir));
        // The vectors are read now, under the lock: the server never opens the store between
        // refreshes.
        if let (Ok(index), Some(model)) = (&index, &self.context.config.phases.embedding.model) {
            let chunks =
                cartograph_pipeline::embed::load_chunk_vectors(&store, model, &index.files);
            *self.vectors.lock().unwrap_or_else(PoisonError::into_inner) =
                Some(Arc::new(IndexVectors {
                    files: files_key(&index.files),
                    chunks,
                }));
        }
        // The store closes before the lock goes.
        drop(store);
        drop(lock);
        Ok(Some(index?))
    }

    fn semantic(&self, index: &QuestionIndex, question: &str) -> Option<cartograph_lens::Semantic> {
        self.context.config.phases.embedding.model.as_ref()?;
        let vectors = self
            .vectors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()?;
        if vectors.chunks.is_empty() || vectors.files != files_key(&index.files) {
            return None;
        }
        let client = self.embedder()?;
        // Called on a blocking thread of the server's runtime.
        let handle = tokio::runtime::Handle::try_current().ok()?;
        let store = self.responses.as_ref();
        let question_vector = handle.block_on(cartograph_pipeline::embed::embed_question(
            store, client, question,
        ))?;
        Some(cartograph_lens::best_chunks(
            &question_vector,
            vectors
                .chunks
                .iter()
                .map(|(at, label, vector)| cartograph_lens::ChunkVector {
                    file_at: *at,
                    label,
                    vector,
                }),
        ))
    }

    fn history(&self) -> Option<Arc<cartograph_lens::History>> {
        self.history.get()
    }

    fn run_client(&self, max_cost_usd: f64) -> Result<cartograph_llm::LlmClient, HostError> {
        let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        self.context
            .config
            .check_phases_ready(&[cartograph_core::Phase::Run], &env)?;
        let store: Arc<dyn cartograph_store::Store> = self.responses.clone();
        Ok(self.context.llm_client(store, max_cost_usd)?)
    }
}

pub fn run(context: Context, http: Option<&str>) -> Result<Exit> {
    let http = http
        .map(|address| {
            address.parse::<std::net::SocketAddr>().map_err(|_| {
                coded(
                    Exit::Usage,
                    format!("--http needs an address and port such as 127.0.0.1:8808, found `{address}`"),
                )
            })
        })
        .transpose()?;
    let token = context
        .config
        .mcp
        .token_env
        .as_deref()
        .and_then(|name| std::env::var(name).ok())
        .filter(|token| !token.is_empty());
    let http = http.map(|address| HttpOptions { address, token });
    if let Some(options) = &http {
        cartograph_mcp::check_http_options(options)
            .map_err(|error| coded(Exit::Usage, error.to_string()))?;
    }
    let prompts = Prompts::load(context.prompts_dir().as_deref())?;
    let options = ServerOptions {
        root: context.root.clone(),
        config: context.config.clone(),
        prompts,
    };
    let history =
        cartograph_pipeline::history::CurrentHistory::new(&context.root, &context.state_dir());
    let host = Arc::new(CommandHost {
        history,
        context,
        responses: Arc::new(MemoryStore::default()),
        vectors: Mutex::new(None),
        embedder: OnceLock::new(),
    });
    // A server answers query after query from the same working set: keep it between them.
    crate::alloc::keep_freed_memory_for_reuse();
    let runtime = super::runtime()?;
    runtime.block_on(async move {
        let server = Server::new(host, options);
        // The first refresh starts now, while the client is still starting the session.
        let warming = server.clone();
        tokio::spawn(async move {
            if let Err(error) = warming.warm_up().await {
                tracing::warn!("{error}");
            }
        });
        match http {
            None => {
                tracing::info!("serving MCP on stdio");
                cartograph_mcp::serve_stdio(server).await
            }
            Some(options) => {
                cartograph_mcp::serve_http(server, options, |bound| {
                    tell!("cartograph mcp: listening on http://{bound}/mcp");
                })
                .await
            }
        }
        .context("cartograph mcp")
    })?;
    Ok(Exit::Done)
}
