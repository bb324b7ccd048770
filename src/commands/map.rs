//! `cartograph map`: bring the index up to date and print one screen (or `--json`).

use crate::app::Context;
use crate::exit::coded;
use crate::exit::Exit;
use crate::out::sayln;
use anyhow::Result;
use cartograph_core::Phase;
use cartograph_pipeline::prompts::Prompts;
use cartograph_pipeline::summarize::Summarizer;
use cartograph_pipeline::{load_file_maps, MapOutput, MapStats};
use cartograph_store::Store;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn run(context: &Context, wait: bool, structural: bool) -> Result<Exit> {
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    if !structural {
        context.config.check_phases_ready(&[Phase::Map], &env)?;
        context.config.check_embedding_ready(&env)?;
    }
    let opened = context.open_shared_store(wait, "map")?;
    let store = Arc::clone(&opened.store);
    let progress = Progress::new(!context.quiet && std::io::stderr().is_terminal());
    let on_progress = |done: u64, total: u64| progress.update(done, total);
    let mut output = context.refresh_index(store.as_ref(), &on_progress)?;
    progress.finish();
    let mut exit = Exit::Done;
    if !structural {
        exit = summarize(context, &store, &mut output)?;
    }
    opened.record_remote_stats(&context.state_dir());
    if context.global_json {
        super::print_json(&output.stats)?;
    } else if !context.quiet {
        print_summary(context, &output.stats);
    }
    Ok(exit)
}

/// The model part of `map`: every eligible file whose summary is not cached, when a map model
/// is configured; then, with `[phases.lens] embedding_model`, every file's chunks whose vectors
/// are not cached (a failure there is a warning, never the exit code).
fn summarize(context: &Context, store: &Arc<dyn Store>, output: &mut MapOutput) -> Result<Exit> {
    let client = context.llm_client(Arc::clone(store), context.config.budget.max_cost_usd)?;
    let embeds = client.embedding_model().is_some() || client.embedding_unavailable().is_some();
    if !client.phase_uses_models(Phase::Map) && !embeds {
        return Ok(Exit::Done);
    }
    let runtime = super::runtime()?;
    let outcome = if client.phase_uses_models(Phase::Map) {
        let files = load_file_maps(store.as_ref(), &output.entries)?;
        Some(summarize_files(context, store, &client, &runtime, &files)?)
    } else {
        None
    };
    // After the account ran out of quota, embedding would only fail too.
    if embeds && !matches!(outcome, Some(Err(_))) {
        output.stats.embeddings = Some(super::embed_files(
            context,
            store.as_ref(),
            &client,
            &runtime,
            &output.entries,
        ));
    }
    client.finish()?;
    let spend = client.spent().phase(Phase::Map);
    output.stats.prompt_tokens = spend.prompt_tokens;
    output.stats.completion_tokens = spend.completion_tokens;
    output.stats.cost_usd = client.spent().cost_usd;
    let Some(outcome) = outcome else {
        return Ok(Exit::Done);
    };
    map_exit(outcome, output)
}

type SummaryOutcome = Result<
    (
        std::collections::BTreeMap<
            cartograph_core::RepoPath,
            cartograph_pipeline::summarize::FileSummary,
        >,
        cartograph_pipeline::summarize::SummarizeReport,
    ),
    cartograph_llm::LlmError,
>;

/// Summarizes every eligible file whose summary is not cached.
fn summarize_files(
    context: &Context,
    store: &Arc<dyn Store>,
    client: &cartograph_llm::LlmClient,
    runtime: &tokio::runtime::Runtime,
    files: &[cartograph_core::FileMap],
) -> Result<SummaryOutcome> {
    let prompts = Prompts::load(context.prompts_dir().as_deref())?;
    let map = &context.config.phases.map;
    let summarizer = Summarizer {
        store: store.as_ref(),
        client,
        prompts: &prompts,
        models: super::docs::model_chain(&map.models),
        max_input_tokens: map.max_input_tokens,
        max_output_tokens: map.max_output_tokens,
    };
    let centrality = cartograph_graph::Graph::build(files).pagerank();
    let root = context.root.clone();
    let read =
        |path: &cartograph_core::RepoPath| std::fs::read_to_string(root.join(path.as_str())).ok();
    Ok(runtime.block_on(summarizer.summarize(files, &centrality, &read)))
}

/// The exit code of `map` for how its summaries went.
fn map_exit(outcome: SummaryOutcome, output: &mut MapOutput) -> Result<Exit> {
    match outcome {
        Ok((_, report)) => {
            output.stats.summarized = report.summarized;
            output.stats.summaries_cached = report.cached;
            if report.budget_reached {
                tracing::warn!(
                    "the map budget was reached: {} file(s) left structural",
                    report.left_structural
                );
                Ok(Exit::Budget)
            } else if !report.degraded.is_empty() {
                tracing::warn!(
                    "{} file(s) could not be summarized; they are retried next run",
                    report.degraded.len()
                );
                Ok(Exit::Degraded)
            } else {
                Ok(Exit::Done)
            }
        }
        Err(error) => {
            // A provider error that ends MAP is never a success, whatever its outcome.
            let exit = match Exit::from(error.exit_reason()) {
                Exit::Done | Exit::Degraded => Exit::Error,
                exit => exit,
            };
            Err(coded(exit, error.to_string()))
        }
    }
}

/// A progress bar on stderr, shown only on a terminal and only once the scan has taken more
/// than a moment, so quick runs print nothing but their summary.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Progress {
    fn new(enabled: bool) -> Progress {
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} mapping {pos}/{len} files {wide_bar} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    fn update(&self, done: u64, total: u64) {
        let Some(bar) = &self.bar else { return };
        if bar.is_hidden() && self.started.elapsed() > Duration::from_millis(300) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_length(total);
        bar.set_position(done);
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn print_summary(context: &Context, stats: &MapStats) {
    sayln!("cartograph map · {}", context.root.display());
    sayln!(
        "  files      {}  ({} from cache, {} parsed, {} read)",
        group(stats.files),
        group(stats.cached),
        group(stats.parsed),
        group(stats.hashed)
    );
    sayln!("  symbols    {}", group(stats.symbols));
    sayln!("  tokens     {} (o200k)", group(stats.tokens));
    let mut languages: Vec<(&String, &u64)> = stats.languages.iter().collect();
    languages.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let languages: Vec<String> = languages
        .iter()
        .map(|(name, count)| format!("{name} {}", group(**count)))
        .collect();
    if !languages.is_empty() {
        sayln!("  languages  {}", languages.join(" · "));
    }
    let marked: Vec<String> = [
        ("lockfiles", stats.lockfiles),
        ("generated", stats.generated),
        ("vendored", stats.vendored),
        ("secret (never opened)", stats.secret_files),
    ]
    .iter()
    .filter(|(_, count)| *count > 0)
    .map(|(name, count)| format!("{name} {count}"))
    .collect();
    if !marked.is_empty() {
        sayln!(
            "  marked     {} — indexed, never summarized",
            marked.join(" · ")
        );
    }
    if !stats.skipped.is_empty() {
        let mut reasons = std::collections::BTreeMap::<&str, u64>::new();
        for skipped in &stats.skipped {
            *reasons.entry(skipped.reason.as_str()).or_default() += 1;
        }
        let reasons: Vec<String> = reasons
            .iter()
            .map(|(reason, count)| format!("{reason} {count}"))
            .collect();
        sayln!(
            "  skipped    {}: {}",
            stats.skipped.len(),
            reasons.join(" · ")
        );
        if tracing::enabled!(tracing::Level::INFO) {
            for skipped in &stats.skipped {
                let detail = skipped
                    .detail
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default();
                sayln!(
                    "             {} — {}{detail}",
                    skipped.path,
                    skipped.reason.as_str()
                );
            }
        } else {
            sayln!("             (-v lists them)");
        }
    }
    let elapsed = stats.elapsed_ms as f64 / 1000.0;
    sayln!("  elapsed    {elapsed:.2} s");
}

/// 1234567 → "1,234,567".
fn group(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
