//! `cartograph hook install | uninstall | status`, and the hidden `hook run` the installed hook
//! script calls. The hook never blocks a commit: `hook run` decides in milliseconds and starts
//! `cartograph docs` detached.

use crate::app::{repository_root, Context};
use crate::cli::{Global, HookAction};
use crate::exit::{coded, Exit};
use anyhow::{Context as _, Result};
use cartograph_hook::HookEvent;

fn events(names: &[String], default: &[HookEvent]) -> Result<Vec<HookEvent>> {
    if names.is_empty() {
        return Ok(default.to_vec());
    }
    names
        .iter()
        .map(|name| {
            name.parse::<HookEvent>().map_err(|_| {
                coded(
                    Exit::Usage,
                    format!("unknown hook event `{name}`: expected post-commit, post-merge, post-checkout, post-rewrite or pre-push"),
                )
            })
        })
        .collect()
}

pub fn run(global: &Global, action: &HookAction) -> Result<Exit> {
    let root = repository_root(&global.dir)?;
    match action {
        HookAction::Install { event } => {
            let events = events(event, &HookEvent::DEFAULT)?;
            let exe = std::env::current_exe().context("cannot find the cartograph executable")?;
            let report = cartograph_hook::install(&root, &events, &exe)?;
            if global.json {
                super::print_json(&report)?;
            } else if !global.quiet {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
        }
        HookAction::Uninstall { event } => {
            let events = events(event, &HookEvent::ALL)?;
            let report = cartograph_hook::uninstall(&root, &events)?;
            if global.json {
                super::print_json(&report)?;
            } else if !global.quiet {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
        }
        HookAction::Status => {
            let status = cartograph_hook::status(&root)?;
            if global.json {
                super::print_json(&status)?;
            } else {
                println!("{}", serde_json::to_string_pretty(&status)?);
            }
        }
        HookAction::Run { event, git_args } => {
            // Whatever happens here, the commit has happened: never fail it.
            let outcome = (|| -> Result<()> {
                let event: HookEvent = event
                    .parse()
                    .map_err(|_| anyhow::anyhow!("unknown hook event `{event}`"))?;
                let context = Context::load(global)?;
                let exe = std::env::current_exe()?;
                let max_cost = format!("{}", context.config.hook.max_cost_usd);
                let decision = cartograph_hook::run_from_hook(
                    &root,
                    event,
                    git_args,
                    &exe,
                    &["docs", "-q", "--max-cost", &max_cost],
                )?;
                tracing::info!(?decision, "hook");
                Ok(())
            })();
            if let Err(error) = outcome {
                eprintln!("cartograph hook: {error}");
            }
        }
    }
    Ok(Exit::Done)
}
