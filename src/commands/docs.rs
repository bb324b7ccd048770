//! `cartograph docs`: map (with summaries), then every stale page; `--plan`, `--check` and
//! `--max-cost`.

use crate::app::Context;
use crate::exit::{coded, Exit};
use crate::out::{sayln, tell};
use anyhow::Result;
use cartograph_core::Phase;
use cartograph_pipeline::docs::{docs, DocsMode, DocsOptions, DocsReport, ExitReason};
use cartograph_pipeline::prompts::Prompts;
use cartograph_store::Store;
use std::sync::Arc;

pub struct DocsArgs {
    pub plan: bool,
    pub max_cost: Option<f64>,
    pub check: bool,
}

pub fn run(context: &Context, wait: bool, args: &DocsArgs) -> Result<Exit> {
    if let Some(max_cost) = args.max_cost {
        if !max_cost.is_finite() || max_cost < 0.0 {
            return Err(coded(
                Exit::Usage,
                format!("--max-cost must be a finite amount of USD ≥ 0, not {max_cost}"),
            ));
        }
    }
    if args.plan {
        return super::plan::run(context, wait);
    }
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    if !args.check {
        context
            .config
            .check_phases_ready(&[Phase::Map, Phase::Run], &env)?;
        context.config.check_embedding_ready(&env)?;
    }
    // The store drops before the lock, so the next holder can open sled.
    let open = |wait: bool| context.open_shared_store(wait, "docs");
    let first = open(wait)?;
    if args.check {
        let report = run_once(context, Arc::clone(&first.store), args)?;
        return print_report(context, &report, true);
    }
    // A hook that fires while this run holds the lock asks for one more run instead of
    // starting a process; `run_coalesced` serves every such request while still holding the
    // lock, so the newest commit is always the one documented.
    cartograph_hook::run_coalesced(
        &context.root,
        first,
        || match open(false) {
            Ok(pair) => Ok(Some(pair)),
            Err(error) if is_lock_held(&error) => Ok(None),
            Err(error) => Err(error),
        },
        |opened| {
            let report = run_once(context, Arc::clone(&opened.store), args)?;
            opened.record_remote_stats(&context.state_dir());
            print_report(context, &report, false)
        },
    )
}

fn is_lock_held(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<cartograph_store::LockError>(),
            Some(cartograph_store::LockError::Held { .. })
        )
    })
}

fn run_once(context: &Context, store: Arc<dyn Store>, args: &DocsArgs) -> Result<DocsReport> {
    let mapped = map_in_own_pool(|| context.refresh_index(store.as_ref(), &|_, _| {}))?;
    let prompts = Prompts::load(context.prompts_dir().as_deref())?;
    // Everything a run reads besides the files: the configuration, the prompts, and the
    // program itself (its version, the formats of the map and of index.json, and the binary's
    // own size and mtime, so that another build renders again instead of trusting the cutoff).
    let settings = format!(
        "{} maps-v{} index-v{} {}\n{}\n{}\n{}",
        env!("CARGO_PKG_VERSION"),
        cartograph_lang::EXTRACTOR_VERSION,
        cartograph_render::INDEX_JSON_VERSION,
        binary_identity(),
        serde_json::to_string(&context.config).unwrap_or_default(),
        prompts
            .all()
            .map(|prompt| prompt.version_tag())
            .collect::<Vec<_>>()
            .join(","),
        context.docs_dir()
    );
    // The files left out are listed on the pages too: another set of them renders again.
    let settings = mapped.stats.skipped.iter().fold(settings, |mut key, file| {
        key.push('\n');
        key.push_str(&file.path);
        key.push(' ');
        key.push_str(file.reason.as_str());
        key
    });
    let root_key = cartograph_pipeline::docs::root_key(&mapped.entries, &settings);
    if let Some(unchanged) = cartograph_pipeline::docs::up_to_date(
        store.as_ref(),
        &context.root,
        &context.docs_dir(),
        &root_key,
    ) {
        // Nothing to do is still a run: its closing ledger row lets `costs` count it.
        let client = context.llm_client(Arc::clone(&store), context.config.budget.max_cost_usd)?;
        client.finish()?;
        let offline = !client.phase_uses_models(Phase::Run);
        let calls = Phase::ALL
            .iter()
            .map(|phase| (phase.as_str().to_string(), Default::default()))
            .collect();
        return Ok(DocsReport {
            pages_unchanged: unchanged,
            calls,
            exit_reason: ExitReason::Done,
            offline,
            ..DocsReport::default()
        });
    }
    if mapped.stats.parsed > 0 {
        // The map phase wrote every new map into the cache, whose pages sled keeps, and it
        // loaded the tokenizer (43 MB of tables, loaded again if a later step counts) from its
        // vocabulary in the program's data, as it read the grammars' tables: all of it goes
        // before the maps are loaded. Its threads, their parsers, token memos and heaps have
        // ended with its pool (`map_in_own_pool`); the global pool's are released as well, for
        // when that pool ran it.
        store.release_memory()?;
        let release_parsing = || {
            cartograph_lang::release_parsers();
            cartograph_tokens::release();
        };
        rayon::broadcast(|_| release_parsing());
        release_parsing();
        crate::alloc::return_freed_memory();
        crate::alloc::release_read_only_data();
    }
    let max_cost = args.max_cost.unwrap_or(context.config.budget.max_cost_usd);
    let client = context.llm_client(Arc::clone(&store), max_cost)?;
    let config = &context.config;
    let options = DocsOptions {
        root: &context.root,
        docs_dir: &context.docs_dir(),
        commit: context.head_commit(),
        prompts: &prompts,
        mode: if args.check {
            DocsMode::Check
        } else {
            DocsMode::Write
        },
        llms_txt_tokens: config.output.llms_txt_tokens,
        map_models: model_chain(&config.phases.map.models),
        run_models: model_chain(&config.phases.run.models),
        map_max_input_tokens: config.phases.map.max_input_tokens,
        map_max_output_tokens: config.phases.map.max_output_tokens,
        run_max_input_tokens: config.phases.run.max_input_tokens,
        run_max_output_tokens: config.phases.run.max_output_tokens,
        run_budget_tokens: config.phases.run.budget_tokens,
        summarize: client.phase_uses_models(Phase::Map),
        skipped: &mapped.stats.skipped,
    };
    let runtime = super::runtime()?;
    let mut report = runtime.block_on(docs(store.as_ref(), &client, &mapped.entries, &options))?;
    report.offline = !client.phase_uses_models(Phase::Run);
    // Embeddings for lens, after the pages: they only serve questions, and a spent budget or a
    // failing endpoint is a warning. A pass that left files without vectors keeps the early
    // cutoff from skipping the next run, so that it embeds them.
    let mut embedded_all = true;
    let embeds = client.embedding_model().is_some() || client.embedding_unavailable().is_some();
    if !args.check && embeds && report.quota_error.is_none() {
        let embeddings =
            super::embed_files(context, store.as_ref(), &client, &runtime, &mapped.entries);
        embedded_all = embeddings.files_left == 0;
        report.embeddings = Some(embeddings);
    }
    client.finish()?;
    if !args.check {
        if report.exit_reason == ExitReason::Done && embedded_all {
            cartograph_pipeline::docs::record_root(
                store.as_ref(),
                &context.root,
                &context.docs_dir(),
                &root_key,
            )?;
        } else {
            cartograph_pipeline::docs::forget_root(store.as_ref())?;
        }
    }
    store.flush()?;
    Ok(report)
}

/// Runs `map` (the map phase) on a pool of threads of its own, which have all ended when it
/// returns. A thread of rayon's global pool sleeps once the phase is over and keeps, for the
/// rest of the run, its parsers, its token memo and its heap: pages that hold blocks it
/// allocated and others still use (the entries' paths among the parse results it freed). A
/// thread that ends drops its thread-locals and hands its heap over to the allocator, which
/// returns what is free of it: on a 30k-file tree, 20 MB less resident before the maps are
/// loaded than with the global pool's threads collected. Falls back to the global pool if no
/// thread starts.
fn map_in_own_pool<T: Send>(map: impl FnOnce() -> T + Send) -> T {
    let handles = std::sync::Mutex::new(Vec::new());
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|at| format!("map-{at}"))
        .spawn_handler(|thread| {
            let mut builder = std::thread::Builder::new();
            if let Some(name) = thread.name() {
                builder = builder.name(name.to_string());
            }
            if let Some(stack_size) = thread.stack_size() {
                builder = builder.stack_size(stack_size);
            }
            let handle = builder.spawn(move || thread.run())?;
            handles
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(handle);
            Ok(())
        })
        .build();
    let Ok(pool) = pool else {
        return map();
    };
    let mapped = pool.install(map);
    // Dropping the pool tells its threads to end; joining them waits until each has run its
    // thread-local destructors and handed its heap back.
    drop(pool);
    for handle in handles
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        let _ = handle.join();
    }
    mapped
}

/// What an offline run tells the user: how its pages were written, and how to use a model.
const OFFLINE_HINT: &str = "ran offline: no model is configured for the run phase, so the pages \
were written from the code's structure alone.
  To have a model write them, set one in pipeline.toml (`cartograph init` writes a commented one):
    [phases.run]
    models = [\"openai/gpt-4o-mini\"]
  and export its key (here OPENAI_API_KEY); see README, \"Configuration\".";

pub use cartograph_pipeline::question::model_chain;

fn print_report(context: &Context, report: &DocsReport, check: bool) -> Result<Exit> {
    if context.global_json {
        super::print_json(report)?;
    } else if !context.quiet {
        if check {
            if report.out_of_date.is_empty() {
                sayln!("docs are up to date");
            } else {
                sayln!("{} page(s) are stale:", report.out_of_date.len());
                for page in &report.out_of_date {
                    sayln!("  {page}");
                }
            }
        } else {
            sayln!(
                "docs: {} written, {} unchanged, {} removed · cost ${:.4}",
                report.pages_written,
                report.pages_unchanged,
                report.pages_removed,
                report.cost_usd
            );
            for (phase, calls) in &report.calls {
                if calls.requests + calls.cached > 0 {
                    sayln!(
                        "  {phase:<5} {} calls, {} from cache",
                        calls.requests,
                        calls.cached
                    );
                }
            }
            if report.citations_removed > 0 {
                sayln!(
                    "  {} citation(s) that did not resolve were removed",
                    report.citations_removed
                );
            }
            if !report.degraded_pages.is_empty() {
                sayln!("  degraded: {}", report.degraded_pages.join(", "));
            }
            if report.pages_rejected > 0 {
                sayln!(
                    "  {} model page(s) failed the page check and are retried next run",
                    report.pages_rejected
                );
            }
            let docs_dir = context.docs_dir();
            sayln!("  written to {docs_dir}/ (start at {docs_dir}/index.md)");
            if report.offline {
                sayln!("{OFFLINE_HINT}");
            }
        }
    }
    if let Some(quota) = &report.quota_error {
        tell!("error: {quota}");
    }
    Ok(Exit::from(report.exit_reason))
}

/// The running binary's size and modification time: another build of the same version reads
/// as another program. Empty when the executable cannot be found.
fn binary_identity() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|metadata| {
            let modified = metadata
                .modified()
                .ok()
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |elapsed| elapsed.as_nanos());
            format!("{}:{modified}", metadata.len())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    use std::thread::ThreadId;

    static ENDED: AtomicUsize = AtomicUsize::new(0);

    struct CountsItsEnd;

    impl Drop for CountsItsEnd {
        fn drop(&mut self) {
            ENDED.fetch_add(1, Ordering::SeqCst);
        }
    }

    thread_local! {
        static MARK: CountsItsEnd = const { CountsItsEnd };
    }

    /// The map phase runs on threads other than the caller's, and every one of them has ended
    /// (its thread-locals, such as the parsers, dropped) by the time its result is back.
    #[test]
    fn the_map_phase_runs_on_threads_that_have_ended_when_it_returns() {
        use rayon::prelude::*;
        let caller = std::thread::current().id();
        let seen: Mutex<HashSet<ThreadId>> = Mutex::new(HashSet::new());
        let sum = map_in_own_pool(|| {
            (0..256u64)
                .into_par_iter()
                .map(|at| {
                    MARK.with(|_| ());
                    seen.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(std::thread::current().id());
                    at
                })
                .sum::<u64>()
        });
        assert_eq!(sum, 255 * 256 / 2);
        let seen = seen
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        assert!(!seen.is_empty() && !seen.contains(&caller));
        assert_eq!(ENDED.load(Ordering::SeqCst), seen.len());
    }
}
