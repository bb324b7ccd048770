//! `cartograph hook install | uninstall | status`, and the hidden `hook run` the installed hook
//! script calls. The hook never blocks a commit: `hook run` decides in milliseconds and starts
//! `cartograph docs` detached.

use crate::app::{repository_root, Context};
use crate::cli::{Global, HookAction};
use crate::exit::{coded, Exit};
use crate::out::{sayln, tell};
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
                print_hooks(&serde_json::to_value(&report)?, "action");
                if let Some(path) = &report.core_hooks_path {
                    sayln!("note: core.hooksPath is `{path}`; if that folder is tracked, the hook script names this machine's cartograph binary");
                }
            }
        }
        HookAction::Uninstall { event } => {
            let events = events(event, &HookEvent::ALL)?;
            let report = cartograph_hook::uninstall(&root, &events)?;
            if global.json {
                super::print_json(&report)?;
            } else if !global.quiet {
                print_hooks(&serde_json::to_value(&report)?, "action");
            }
        }
        HookAction::Status => {
            let status = cartograph_hook::status(&root)?;
            if global.json {
                super::print_json(&status)?;
            } else {
                let value = serde_json::to_value(&status)?;
                print_hooks(&value, "state");
                match &status.last_run {
                    Some(run) => sayln!(
                        "last hook run: {} at {}, {}",
                        run.event,
                        run.started,
                        match (run.exit_code, &run.finished) {
                            (Some(code), Some(finished)) =>
                                format!("ended {finished} with exit {code}"),
                            _ => "still running or killed".to_string(),
                        }
                    ),
                    None => sayln!("no hook-started run yet"),
                }
                if let Some(holder) = &status.run_in_progress {
                    sayln!("a run is in progress: {holder}");
                }
                if status.rerun_requested {
                    sayln!("a rerun is requested: the running docs run will go again");
                }
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
                tell!("cartograph hook: {error}");
            }
        }
    }
    Ok(Exit::Done)
}

/// One line per hook of a report: `post-commit  installed  .git/hooks/post-commit`.
fn print_hooks(report: &serde_json::Value, field: &str) {
    if let Some(dir) = report.get("hooks_dir").and_then(|dir| dir.as_str()) {
        sayln!("hooks in {dir}");
    }
    for hook in report
        .get("hooks")
        .and_then(|hooks| hooks.as_array())
        .into_iter()
        .flatten()
    {
        let text = |key: &str| hook.get(key).and_then(|value| value.as_str()).unwrap_or("");
        let mut line = format!("  {:<14} {:<10}", text("event"), text(field));
        if let Some(previous) = hook.get("previous").and_then(|value| value.as_str()) {
            line.push_str(&format!(" (runs `{previous}` first)"));
        }
        sayln!("{}", line.trim_end());
    }
}
