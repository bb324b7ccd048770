//! `cartograph run "<question>"`: lens, assemble the chosen summaries and source excerpts into
//! the run phase's context budget, generate, and stream the answer to stdout. Uses the
//! summaries already cached and structural facts for the rest; it never summarizes on its own.

use crate::app::Context;
use crate::exit::{coded, Exit};
use crate::out::{say, sayln, tell};
use anyhow::Result;
use cartograph_core::Phase;
use cartograph_llm::LlmError;
use cartograph_pipeline::prompts::Prompts;
use cartograph_pipeline::question;
use std::io::Write;
use std::sync::Arc;

pub fn run(context: &Context, wait: bool, question: &str) -> Result<Exit> {
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    context
        .config
        .check_phases_ready(&[Phase::Lens, Phase::Run], &env)?;
    let opened = context.open_shared_store(wait, "run")?;
    let store = Arc::clone(&opened.store);
    let client = context.llm_client(Arc::clone(&store), context.config.budget.max_cost_usd)?;
    let runtime = super::runtime()?;
    let lensed = super::lens::lens(context, store.as_ref(), question, Some((&client, &runtime)))?;
    let run_context = question::run_context(&lensed.index, &lensed.result, &context.root);
    if !client.phase_uses_models(Phase::Run) {
        say!(
            "{}",
            question::offline_answer(question, &lensed.index, &lensed.result)
        );
        return Ok(Exit::Done);
    }
    let prompts = Prompts::load(context.prompts_dir().as_deref())?;
    let request = question::run_request(&prompts, question, run_context)
        .ok_or_else(|| coded(Exit::Error, "the run-answer prompt is missing"))?;
    let mut stdout = std::io::stdout();
    let mut on_text = |text: &str| {
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    };
    let outcome = runtime.block_on(client.complete_streaming(request, &mut on_text));
    sayln!();
    client.finish()?;
    match outcome {
        Ok(_) => Ok(Exit::Done),
        Err(LlmError::Offline {
            degraded: false, ..
        }) => {
            say!(
                "{}",
                question::offline_answer(question, &lensed.index, &lensed.result)
            );
            Ok(Exit::Done)
        }
        Err(error @ LlmError::Offline { .. }) => {
            tell!("error: {error}");
            say!(
                "{}",
                question::offline_answer(question, &lensed.index, &lensed.result)
            );
            Ok(Exit::Degraded)
        }
        Err(error @ (LlmError::Budget { .. } | LlmError::Quota { .. })) => {
            Err(coded(Exit::Budget, error.to_string()))
        }
        Err(error @ LlmError::Config(_)) => Err(coded(Exit::Usage, error.to_string())),
        Err(error) => Err(error.into()),
    }
}
