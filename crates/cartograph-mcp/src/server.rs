//! The MCP server: the tools and resources over rmcp, on stdio. Each call takes the current
//! snapshot (refreshing it first when something changed) and does its work on a blocking
//! thread, so calls are served concurrently.

use crate::pages::Pages;
use crate::snapshot::{Refresher, Snapshot};
use crate::tools::{
    self, AskInput, AskOutput, OutlineInput, PageInput, ReadInput, SearchInput, SymbolInput,
};
use crate::{Host, McpError};
use cartograph_core::Phase;
use cartograph_pipeline::prompts::Prompts;
use cartograph_pipeline::question;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::schema_for_output;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{tool, tool_handler, tool_router, ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

/// The tools, as `cartograph mcp --help` lists them.
pub const TOOL_NAMES: [&str; 6] = ["search", "symbol", "outline", "read", "page", "ask"];

/// The URI prefix of the docs pages as resources.
const RESOURCE_PREFIX: &str = "cartograph://docs/";

/// What one server serves and may spend.
pub struct ServerOptions {
    pub root: PathBuf,
    pub config: cartograph_config::PipelineConfig,
    pub prompts: Prompts,
}

struct State {
    options: ServerOptions,
    refresher: Refresher,
    host: Arc<dyn Host>,
    /// USD `ask` may still spend in this server's life; a call reserves its cap up front and
    /// gives back what it did not spend.
    remaining_usd: Mutex<f64>,
}

/// The server; cheap to clone (one per HTTP session shares the state).
#[derive(Clone)]
pub struct Server {
    state: Arc<State>,
    tool_router: ToolRouter<Server>,
}

fn docs_dir(config: &cartograph_config::PipelineConfig) -> String {
    config.output.dir.trim_matches('/').to_string()
}

/// The output schema of `T` without the numeric formats schemars writes (`uint32`, `double`):
/// they are not JSON Schema formats, and clients that validate results with Ajv (the MCP
/// Inspector, the TypeScript SDK) warn about each one. `minimum` still says unsigned.
fn output_schema<T: schemars::JsonSchema + std::any::Any>() -> Arc<rmcp::model::JsonObject> {
    let mut schema = (*schema_for_output::<T>()).clone();
    strip_numeric_formats(&mut schema);
    Arc::new(schema)
}

fn strip_numeric_formats(schema: &mut rmcp::model::JsonObject) {
    const NUMERIC: [&str; 11] = [
        "uint", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64", "float",
        "double",
    ];
    if schema
        .get("format")
        .and_then(|format| format.as_str())
        .is_some_and(|format| NUMERIC.contains(&format))
    {
        schema.remove("format");
    }
    for value in schema.values_mut() {
        strip_values(value);
    }
}

fn strip_values(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => strip_numeric_formats(object),
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_values),
        _ => {}
    }
}

/// A tool result: the text an agent reads, and the same as structured content.
fn result<T: Serialize>(text: String, value: &T) -> Result<CallToolResult, ErrorData> {
    let structured = serde_json::to_value(value)
        .map_err(|error| ErrorData::internal_error(error.to_string(), None))?;
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    Ok(result)
}

impl Server {
    pub fn new(host: Arc<dyn Host>, options: ServerOptions) -> Server {
        let ignored = vec![docs_dir(&options.config)];
        let refresher = Refresher::new(Arc::clone(&host), &options.root, &ignored);
        let remaining_usd = options.config.mcp.max_cost_usd;
        Server {
            state: Arc::new(State {
                options,
                refresher,
                host,
                remaining_usd: Mutex::new(remaining_usd),
            }),
            tool_router: Self::tool_router(),
        }
    }

    /// Loads the first snapshot now instead of on the first call.
    pub async fn warm_up(&self) -> Result<(), McpError> {
        self.state.refresher.snapshot().await.map(|_| ())
    }

    /// Runs `work` on the current snapshot on a blocking thread.
    async fn on_snapshot<T, F>(&self, work: F) -> Result<T, ErrorData>
    where
        T: Send + 'static,
        F: FnOnce(&State, &Snapshot) -> Result<T, McpError> + Send + 'static,
    {
        let snapshot = self.state.refresher.snapshot().await?;
        let state = Arc::clone(&self.state);
        tokio::task::spawn_blocking(move || work(&state, &snapshot))
            .await
            .map_err(|error| ErrorData::internal_error(error.to_string(), None))?
            .map_err(ErrorData::from)
    }

    fn pages(state: &State) -> Pages<'_> {
        Pages {
            root: &state.options.root,
            docs_dir: state.options.config.output.dir.trim_matches('/'),
            llms_txt_tokens: state.options.config.output.llms_txt_tokens,
        }
    }
}

#[tool_router]
impl Server {
    /// Ranked files and symbols for a query (lens): scores, reasons, token counts.
    #[tool(
        description = "Find the files and symbols of this repository that answer a query, ranked (BM25F over paths, identifiers, docs, summaries and source, with import-graph centrality and the files that past commits described like the query changed), with scores, reasons and o200k token counts. Pass max_tokens to get only the selection that fits.",
        output_schema = output_schema::<tools::SearchOutput>(),
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn search(
        &self,
        Parameters(input): Parameters<SearchInput>,
    ) -> Result<CallToolResult, ErrorData> {
        let output = self
            .on_snapshot(move |state, snapshot| {
                // An empty query is refused by `search` before anything is embedded.
                let semantic = (!input.query.trim().is_empty())
                    .then(|| state.host.semantic(&snapshot.index, &input.query))
                    .flatten();
                let history = state.host.history();
                tools::search(
                    snapshot,
                    &state.options.root,
                    &input,
                    state.options.config.phases.run.max_input_tokens,
                    semantic.as_ref(),
                    history.as_deref(),
                )
            })
            .await?;
        result(output.to_text(), &output)
    }

    #[tool(
        description = "Definitions of a symbol: a name, `Parent.name`, or `path::name`. Gives file, lines, signature, doc, whether it is public, and the places that use it.",
        output_schema = output_schema::<tools::SymbolOutput>(),
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn symbol(
        &self,
        Parameters(input): Parameters<SymbolInput>,
    ) -> Result<CallToolResult, ErrorData> {
        let output = self
            .on_snapshot(move |state, snapshot| {
                tools::symbol(snapshot, &state.options.root, &input)
            })
            .await?;
        result(output.to_text(), &output)
    }

    #[tool(
        description = "A file's symbols with their lines and signatures, or a module's files and public API (a module is a package directory; `.` is the root module).",
        output_schema = output_schema::<tools::OutlineOutput>(),
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn outline(
        &self,
        Parameters(input): Parameters<OutlineInput>,
    ) -> Result<CallToolResult, ErrorData> {
        let output = self
            .on_snapshot(move |_, snapshot| tools::outline(snapshot, &input))
            .await?;
        result(output.to_text(), &output)
    }

    #[tool(
        description = "Read a file of the repository, or a range of its lines. Secret, ignored and local-only files are refused, secrets are redacted, and one call returns at most [mcp] max_read_tokens tokens (continue from end_line + 1 when truncated).",
        output_schema = output_schema::<tools::ReadOutput>(),
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn read(
        &self,
        Parameters(input): Parameters<ReadInput>,
    ) -> Result<CallToolResult, ErrorData> {
        let output = self
            .on_snapshot(move |state, snapshot| {
                tools::read(
                    snapshot,
                    &state.options.root,
                    &input,
                    state.options.config.mcp.max_read_tokens,
                    state.options.config.scan.max_file_bytes,
                )
            })
            .await?;
        result(output.to_text(), &output)
    }

    #[tool(
        description = "A documentation page: index, architecture, onboarding, dependencies, llms.txt, or a module's page by module path. Read from the docs folder, or written from the index when the folder does not exist.",
        output_schema = output_schema::<tools::PageOutput>(),
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    async fn page(
        &self,
        Parameters(input): Parameters<PageInput>,
    ) -> Result<CallToolResult, ErrorData> {
        let output = self
            .on_snapshot(move |state, snapshot| Self::pages(state).page(snapshot, &input))
            .await?;
        result(output.text.clone(), &output)
    }

    #[tool(
        description = "Answer a question about the code with the run model, citing files, within the configured budgets and this call's max_cost_usd. When no run model is configured, says so and returns the lens selection instead.",
        output_schema = output_schema::<AskOutput>(),
        annotations(read_only_hint = true, open_world_hint = true)
    )]
    async fn ask(
        &self,
        Parameters(input): Parameters<AskInput>,
    ) -> Result<CallToolResult, ErrorData> {
        tools::check_argument("question", &input.question)?;
        if let Some(cap) = input.max_cost_usd {
            if !(cap.is_finite() && cap >= 0.0) {
                return Err(McpError::Refused(format!(
                    "`max_cost_usd` must be a finite number, 0 or more, found {cap}"
                ))
                .into());
            }
        }
        let snapshot = self.state.refresher.snapshot().await?;
        let output = ask(Arc::clone(&self.state), snapshot, input).await?;
        let mut text = output.answer.clone();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&format!(
            "\n(cost ${:.4}; ${:.4} left for this server)\n",
            output.cost_usd, output.remaining_usd
        ));
        result(text, &output)
    }
}

/// The run phase for one question: reserve this call's cap from what the server may still
/// spend, lens on the snapshot, generate, give back what was not spent.
async fn ask(
    state: Arc<State>,
    snapshot: Arc<Snapshot>,
    input: AskInput,
) -> Result<AskOutput, McpError> {
    let config = &state.options.config;
    let root = state.options.root.clone();
    let selection = {
        let snapshot = Arc::clone(&snapshot);
        let question = input.question.clone();
        let budget = config.phases.run.max_input_tokens;
        let root = root.clone();
        let host = Arc::clone(&state.host);
        tokio::task::spawn_blocking(move || {
            let semantic = host.semantic(&snapshot.index, &question);
            let history = host.history();
            snapshot.index.rank_with_history(
                &root,
                &question,
                budget,
                semantic.as_ref(),
                history.as_deref(),
            )
        })
        .await
        .map_err(|error| McpError::Io(error.to_string()))?
    };
    let files: Vec<String> = selection
        .files
        .iter()
        .map(|file| file.path.to_string())
        .collect();
    let remaining = |state: &State| {
        *state
            .remaining_usd
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    };
    let offline = |state: &State| AskOutput {
        question: input.question.clone(),
        source: "selection".into(),
        answer: question::offline_answer(&input.question, &snapshot.index, &selection),
        files: files.clone(),
        cost_usd: 0.0,
        remaining_usd: remaining(state),
    };
    let cap = {
        let mut left = state
            .remaining_usd
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let cap = input
            .max_cost_usd
            .unwrap_or(config.budget.max_cost_usd)
            .min(config.budget.max_cost_usd)
            .min(*left);
        *left -= cap;
        cap
    };
    // Whatever happens below, the unspent part of the reservation goes back.
    let give_back = |spent: f64| {
        let mut left = state
            .remaining_usd
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *left += (cap - spent).max(0.0);
    };
    let host = Arc::clone(&state.host);
    let client = match tokio::task::spawn_blocking(move || host.run_client(cap)).await {
        Ok(Ok(client)) => client,
        Ok(Err(error)) => {
            give_back(0.0);
            return Err(McpError::Refused(format!(
                "the run phase is not available: {error}"
            )));
        }
        Err(error) => {
            give_back(0.0);
            return Err(McpError::Io(error.to_string()));
        }
    };
    if !client.phase_uses_models(Phase::Run) {
        give_back(0.0);
        return Ok(offline(&state));
    }
    let run_context = question::run_context(&snapshot.index, &selection, &root);
    let Some(request) = question::run_request(&state.options.prompts, &input.question, run_context)
    else {
        give_back(0.0);
        return Err(McpError::Io("the run-answer prompt is missing".into()));
    };
    let outcome = client.complete(request).await;
    let spent = client.spent().cost_usd;
    if let Err(error) = client.finish() {
        tracing::warn!("the ledger row of an ask call was not written: {error}");
    }
    give_back(spent);
    match outcome {
        Ok(completion) => Ok(AskOutput {
            question: input.question.clone(),
            source: "model".into(),
            answer: cartograph_pipeline::gate::redact(&completion.text).0,
            files,
            cost_usd: spent,
            remaining_usd: remaining(&state),
        }),
        Err(cartograph_llm::LlmError::Offline { .. }) => {
            let mut output = offline(&state);
            output.cost_usd = spent;
            Ok(output)
        }
        Err(
            error @ (cartograph_llm::LlmError::Budget { .. }
            | cartograph_llm::LlmError::Quota { .. }),
        ) => Err(McpError::Refused(format!("not answered: {error}"))),
        Err(error) => Err(McpError::Io(format!("not answered: {error}"))),
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let mut info = ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        );
        info.server_info =
            rmcp::model::Implementation::new("cartograph", env!("CARGO_PKG_VERSION"));
        info.instructions = Some(
            "cartograph serves this repository's index: `search` finds the files and symbols for a question, `symbol` gives definitions and uses, `outline` a file's or module's structure, `read` file text (secrets redacted), `page` the generated docs, `ask` an answer from the run model. Resources are the docs pages and llms.txt.".into(),
        );
        info
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let pages = self
            .on_snapshot(|state, snapshot| Ok(Self::pages(state).list(snapshot)))
            .await?;
        let resources: Vec<Resource> = pages
            .into_iter()
            .map(|page| {
                let mime = if page.ends_with(".md") {
                    "text/markdown"
                } else {
                    "text/plain"
                };
                Resource::new(format!("{RESOURCE_PREFIX}{page}"), page.clone()).with_mime_type(mime)
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let uri = request.uri.clone();
        let Some(name) = uri.strip_prefix(RESOURCE_PREFIX).map(str::to_string) else {
            return Err(ErrorData::resource_not_found(
                format!("no resource `{uri}`"),
                None,
            ));
        };
        let page = self
            .on_snapshot(move |state, snapshot| {
                Self::pages(state).page(snapshot, &PageInput { name })
            })
            .await?;
        let mime = if page.path.ends_with(".md") {
            "text/markdown"
        } else {
            "text/plain"
        };
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(page.text, uri).with_mime_type(mime)
        ])
        .into())
    }
}

/// Serves `server` on stdin/stdout until the client closes them.
pub async fn serve_stdio(server: Server) -> Result<(), McpError> {
    let service = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|error| McpError::Io(format!("the MCP session did not start: {error}")))?;
    service
        .waiting()
        .await
        .map_err(|error| McpError::Io(format!("the MCP session failed: {error}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(value: &serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(format) = object.get("format").and_then(|format| format.as_str()) {
                    found.push(format.to_string());
                }
                object.values().for_each(|value| formats(value, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|value| formats(value, found)),
            _ => {}
        }
    }

    #[test]
    fn output_schemas_carry_no_numeric_formats() {
        let tools = Server::tool_router().list_all();
        assert_eq!(tools.len(), TOOL_NAMES.len());
        for tool in tools {
            let Some(schema) = &tool.output_schema else {
                panic!("`{}` has no output schema", tool.name);
            };
            let schema = serde_json::Value::Object((**schema).clone());
            let mut found = Vec::new();
            formats(&schema, &mut found);
            assert!(found.is_empty(), "`{}`: formats {found:?}", tool.name);
        }
        let search = serde_json::Value::Object((*output_schema::<tools::SearchOutput>()).clone());
        assert!(
            search.to_string().contains("\"minimum\":0"),
            "the schema still says which numbers are unsigned: {search}"
        );
    }
}
