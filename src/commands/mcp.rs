//! `cartograph mcp`: serves the repository to coding agents over the Model Context Protocol,
//! on stdio (the default) or streamable HTTP. The server lives in `cartograph-mcp`; this is
//! the host it calls back into: the index under the run lock, and a provider client.

use crate::app::Context;
use crate::exit::{coded, Exit};
use anyhow::{Context as _, Result};
use cartograph_mcp::{Host, HostError, HttpOptions, Server, ServerOptions};
use cartograph_pipeline::prompts::Prompts;
use cartograph_pipeline::question::QuestionIndex;
use cartograph_store::{LockError, MemoryStore};
use std::sync::Arc;

struct CommandHost {
    context: Context,
    /// The run phase's response cache, for the server's life: the server opens the sled cache
    /// only to refresh, so the run lock stays free for the hook and CI.
    responses: Arc<MemoryStore>,
}

impl Host for CommandHost {
    fn refresh(&self) -> Result<Option<QuestionIndex>, HostError> {
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
        let index = super::lens::load_index(&self.context, &store);
        // The store closes before the lock goes.
        drop(store);
        drop(lock);
        Ok(Some(index?))
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
    let host = Arc::new(CommandHost {
        context,
        responses: Arc::new(MemoryStore::default()),
    });
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
                    eprintln!("cartograph mcp: listening on http://{bound}/mcp");
                })
                .await
            }
        }
        .context("cartograph mcp")
    })?;
    Ok(Exit::Done)
}
