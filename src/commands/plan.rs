//! `cartograph docs --plan`: calls, tokens and cost per phase from the real inputs and the
//! cache state. Spends nothing.

use crate::app::Context;
use crate::exit::Exit;
use crate::out::sayln;
use anyhow::Result;
use cartograph_pipeline::docs::{plan, PlanOptions, PlanReport};
use cartograph_pipeline::load_file_maps;
use cartograph_pipeline::prompts::Prompts;
use std::sync::Arc;

/// The total a docs run would cost now, when the cache is free to read.
pub fn estimate(context: &Context) -> Result<Option<f64>> {
    Ok(build(context, false)?.cost_usd)
}

pub fn run(context: &Context, wait: bool) -> Result<Exit> {
    let report = build(context, wait)?;
    let config = &context.config;
    if context.global_json {
        super::print_json(&report)?;
    } else {
        sayln!("plan (nothing spent):");
        let offline = |models: &[cartograph_config::ModelRef]| {
            models.iter().all(|model| model.provider == "offline")
        };
        if offline(&config.phases.map.models) && offline(&config.phases.run.models) {
            sayln!("  every phase is offline (no model configured): structural docs, no cost");
        }
        for phase in &report.phases {
            let cost = phase
                .cost_usd
                .map(|cost| format!("${cost:.4}"))
                .unwrap_or_else(|| "unknown".into());
            sayln!(
                "  {:<5} {:>6} calls ({} cached) · ~{} input + {} output tokens · ≤ {cost}",
                phase.phase,
                phase.calls,
                phase.cached,
                phase.input_tokens,
                phase.output_tokens
            );
        }
        let total = report
            .cost_usd
            .map(|cost| format!("${cost:.4}"))
            .unwrap_or_else(|| "unknown".into());
        sayln!(
            "  total ≤ {total} (cap: ${:.2})",
            config.budget.max_cost_usd
        );
    }
    Ok(Exit::Done)
}

fn build(context: &Context, wait: bool) -> Result<PlanReport> {
    let opened = context.open_shared_store(wait, "docs --plan")?;
    let store = Arc::clone(&opened.store);
    let mapped = context.refresh_index(store.as_ref(), &|_, _| {})?;
    let files = load_file_maps(store.as_ref(), &mapped.entries)?;
    let prompts = Prompts::load(context.prompts_dir().as_deref())?;
    let config = &context.config;
    let mut report = plan(
        store.as_ref(),
        config,
        &files,
        &PlanOptions {
            root: &context.root,
            docs_dir: &context.docs_dir(),
            prompts: &prompts,
            map_models: super::docs::model_chain(&config.phases.map.models),
            run_models: super::docs::model_chain(&config.phases.run.models),
        },
    )?;
    if let Some(model) = &config.phases.embedding.model {
        report.phases.push(embedding_plan(
            context,
            store.as_ref(),
            model,
            &mapped.entries,
        ));
        report.cost_usd = match (
            report.cost_usd,
            report.phases.last().and_then(|p| p.cost_usd),
        ) {
            (Some(total), Some(embeddings)) => Some(total + embeddings),
            _ => None,
        };
    }
    Ok(report)
}

/// The `embeddings` row of the plan: the chunks of files not embedded yet whose vectors are
/// not cached, priced at the embedding model's input price with the 1.25 margin a foreign
/// tokenizer may need (a worst case, like the other rows).
fn embedding_plan(
    context: &Context,
    store: &dyn cartograph_store::Store,
    model: &cartograph_config::ModelRef,
    entries: &[cartograph_pipeline::IndexEntry],
) -> cartograph_pipeline::docs::PhasePlan {
    let config = &context.config;
    let local = config
        .provider(&model.provider)
        .is_some_and(|provider| provider.is_local());
    let root = context.root.clone();
    let read =
        |path: &cartograph_core::RepoPath| std::fs::read_to_string(root.join(path.as_str())).ok();
    let planned = cartograph_pipeline::embed::plan_embeddings(store, model, local, entries, &read);
    let input_tokens = (planned.input_tokens as f64 * 1.25).ceil() as u64;
    cartograph_pipeline::docs::PhasePlan {
        phase: "embeddings".into(),
        calls: planned.calls,
        cached: planned.cached,
        input_tokens,
        output_tokens: 0,
        cost_usd: config
            .price_of(model)
            .map(|price| price.cost_usd(input_tokens, 0, 0)),
    }
}
