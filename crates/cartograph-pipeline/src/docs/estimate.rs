//! `docs --plan`: what a run would send, from the real inputs and the cache, spending nothing.

use super::facts::{detect, module_context, overview_context, PageFacts, Prepared};
use super::planner::{cached_body, revision};
use crate::output::{read_front_matter, DocsFolder};
use crate::prompts::Prompts;
use crate::summarize::{eligible, FileSummary, SUMMARY_TREE};
use crate::PipelineError;
use cartograph_core::FileMap;
use cartograph_graph::Graph;
use cartograph_render::PageKind;
use cartograph_store::{get_json, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Files a docs run may send to the map model, for `--plan`.
pub fn summarizable(files: &[FileMap]) -> impl Iterator<Item = &FileMap> {
    files.iter().filter(|file| eligible(file))
}

pub struct PlanOptions<'a> {
    pub root: &'a Path,
    pub docs_dir: &'a str,
    pub prompts: &'a Prompts,
    pub map_models: String,
    pub run_models: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhasePlan {
    pub phase: String,
    pub calls: u64,
    pub cached: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Worst case with the first model of the chain; `None` when its price is unknown.
    pub cost_usd: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    pub phases: Vec<PhasePlan>,
    pub cost_usd: Option<f64>,
}

/// `docs --plan`: what a run would send, from the real inputs and the cache, spending nothing.
pub fn plan(
    store: &dyn Store,
    config: &cartograph_config::PipelineConfig,
    files: &[FileMap],
    options: &PlanOptions<'_>,
) -> Result<PlanReport, PipelineError> {
    let uses_models = |models: &[cartograph_config::ModelRef]| {
        models.iter().any(|model| model.provider != "offline")
    };
    let price = |models: &[cartograph_config::ModelRef], input: u64, output: u64| -> Option<f64> {
        let first = models.iter().find(|model| model.provider != "offline")?;
        let price = config.price_of(first)?;
        Some(price.cost_usd(input, output, 0))
    };
    let mut phases = Vec::new();
    let map = &config.phases.map;
    let mut summaries = BTreeMap::new();
    let mut map_plan = PhasePlan {
        phase: "map".into(),
        calls: 0,
        cached: 0,
        input_tokens: 0,
        output_tokens: 0,
        cost_usd: Some(0.0),
    };
    if let Some(prompt) = options.prompts.get("map-summary") {
        let mut seen = std::collections::BTreeSet::new();
        for file in files.iter().filter(|file| eligible(file)) {
            let key = crate::summarize::summary_key(
                prompt,
                &options.map_models,
                map.max_input_tokens,
                map.max_output_tokens,
                file,
            );
            if let Ok(Some(summary)) = get_json::<FileSummary>(store, SUMMARY_TREE, key.as_bytes())
            {
                map_plan.cached += 1;
                summaries.insert(file.path.clone(), summary);
                continue;
            }
            if !uses_models(&map.models) || !seen.insert(key) {
                continue;
            }
            let parts = u64::from(file.tokens)
                .div_ceil(u64::from(map.max_input_tokens.max(1)))
                .max(1);
            let calls = if parts > 1 { parts + 1 } else { 1 };
            map_plan.calls += calls;
            map_plan.input_tokens += u64::from(file.tokens) + 600 * calls;
            map_plan.output_tokens += u64::from(map.max_output_tokens) * calls;
        }
    }
    map_plan.cost_usd = if map_plan.calls == 0 {
        Some(0.0)
    } else {
        price(&map.models, map_plan.input_tokens, map_plan.output_tokens)
    };
    phases.push(map_plan);

    let run = &config.phases.run;
    let graph = Graph::build(files);
    let modules = detect(files);
    let prepared = Prepared::new(options.root, files, &summaries);
    let index = prepared.index(None, files, &modules, &graph, options.docs_dir);
    let facts = PageFacts::new(
        files,
        &modules,
        &graph,
        &summaries,
        prepared.readme.as_deref(),
        &prepared.manifests,
    );
    let mut run_plan = PhasePlan {
        phase: "run".into(),
        calls: 0,
        cached: 0,
        input_tokens: 0,
        output_tokens: 0,
        cost_usd: Some(0.0),
    };
    if uses_models(&run.models) {
        let folder = DocsFolder::open(options.root, options.docs_dir).ok();
        for kind in cartograph_render::all_pages(&index) {
            let prompt_name = if matches!(kind, PageKind::Module(_)) {
                "page-module"
            } else {
                "page-overview"
            };
            let tag = options
                .prompts
                .get(prompt_name)
                .map(|prompt| prompt.version_tag())
                .unwrap_or_default();
            let inputs = facts.inputs(&kind, &options.run_models, &tag);
            if cached_body(store, &inputs).is_some() {
                run_plan.cached += 1;
                continue;
            }
            let budget = run.max_input_tokens as usize;
            let previous_front = folder
                .as_ref()
                .and_then(|folder| folder.read(&cartograph_render::page_path(&kind)))
                .and_then(|bytes| read_front_matter(&bytes));
            let lineage_now = facts.lineage_now(&kind, options.prompts, &options.run_models, &tag);
            if let Some(revision) =
                revision(store, &facts, &kind, previous_front.as_ref(), &lineage_now)
                    .filter(|revision| revision.context_tokens() <= budget)
            {
                run_plan.calls += 1;
                run_plan.input_tokens += revision.context_tokens() as u64 + 600;
                run_plan.output_tokens += u64::from(run.max_output_tokens);
                continue;
            }
            let (context, _, _) = match &kind {
                PageKind::Module(path) => module_context(&facts, &index, path, budget),
                _ => overview_context(&facts, budget),
            };
            run_plan.calls += 1;
            run_plan.input_tokens += cartograph_tokens::count(&context) as u64 + 600;
            run_plan.output_tokens += u64::from(run.max_output_tokens);
        }
        run_plan.cost_usd = if run_plan.calls == 0 {
            Some(0.0)
        } else {
            price(&run.models, run_plan.input_tokens, run_plan.output_tokens)
        };
    }
    phases.push(run_plan);
    let cost_usd = phases
        .iter()
        .try_fold(0.0, |total, phase| phase.cost_usd.map(|cost| total + cost));
    Ok(PlanReport { phases, cost_usd })
}
