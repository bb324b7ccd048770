//! One module per command; `dispatch` picks it.

mod cache;
mod costs;
mod docs;
mod hook;
mod init;
mod lens;
mod map;
mod mcp;
mod plan;
mod prompts;
mod run;
mod status;

use crate::app::Context;
use crate::cli::{CacheAction, Cli, Command};
use crate::exit::Exit;
use anyhow::Result;

pub fn dispatch(cli: &Cli) -> Result<Exit> {
    match &cli.command {
        Command::Map { structural } => {
            let context = Context::load(&cli.global)?;
            map::run(&context, cli.global.wait, *structural)
        }
        Command::Docs {
            plan,
            max_cost,
            check,
        } => {
            let context = Context::load(&cli.global)?;
            docs::run(
                &context,
                cli.global.wait,
                &docs::DocsArgs {
                    plan: *plan,
                    max_cost: *max_cost,
                    check: *check,
                },
            )
        }
        Command::Lens {
            question,
            eval: Some(cases),
            no_baseline,
        } => lens::evaluate(
            &Context::load(&cli.global)?,
            cli.global.wait,
            cases,
            question,
            !*no_baseline,
        ),
        Command::Lens {
            question,
            eval: None,
            ..
        } => lens::run(&Context::load(&cli.global)?, cli.global.wait, question),
        Command::Run { question } => {
            run::run(&Context::load(&cli.global)?, cli.global.wait, question)
        }
        Command::Status => status::run(&Context::load(&cli.global)?),
        Command::Costs { since } => costs::run(&Context::load(&cli.global)?, since.as_deref()),
        Command::Hook { action } => hook::run(&cli.global, action),
        Command::Init { force } => init::run(&cli.global, *force),
        Command::Prompts => prompts::run(&Context::load(&cli.global)?),
        Command::Mcp { http } => mcp::run(Context::load(&cli.global)?, http.as_deref()),
        Command::Cache { action } => {
            let context = Context::load(&cli.global)?;
            match action {
                CacheAction::Stats => cache::stats(&context, cli.global.wait),
                CacheAction::Verify => cache::verify(&context, cli.global.wait),
                CacheAction::Gc => cache::gc(&context, cli.global.wait),
                CacheAction::Clear => cache::clear(&context, cli.global.wait),
            }
        }
    }
}

/// Embeds `files` for lens when `[phases.lens] embedding_model` is set (`map` and `docs`): a
/// spent budget or a failing endpoint is a warning, never the command's failure.
pub fn embed_files(
    context: &Context,
    store: &dyn cartograph_store::Store,
    client: &cartograph_llm::LlmClient,
    runtime: &tokio::runtime::Runtime,
    entries: &[cartograph_pipeline::IndexEntry],
) -> cartograph_pipeline::embed::EmbedReport {
    if let Some(reason) = client.embedding_unavailable() {
        tracing::warn!("{reason}");
    }
    let root = context.root.clone();
    let read =
        |path: &cartograph_core::RepoPath| std::fs::read_to_string(root.join(path.as_str())).ok();
    let report = runtime.block_on(cartograph_pipeline::embed::embed_files(
        store, client, entries, &read,
    ));
    for warning in report.warnings() {
        tracing::warn!("{warning}");
    }
    report
}

/// The async runtime for commands that call providers.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Prints a value as pretty JSON on stdout.
/// Prints `value` as pretty JSON on stdout. A reader that stops reading early (`| head`) is no
/// error: the output it did not want is dropped.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    use std::io::Write;
    let text = serde_json::to_string_pretty(value)?;
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
