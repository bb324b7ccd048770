//! `docs`: map, summaries, then every page whose inputs changed, written atomically with
//! unchanged pages untouched and `index.json` last. A page's key is a hash over everything that
//! fed it (a Merkle tree over the index), so one edited file re-runs only what it reaches; and a
//! page that cannot be generated never replaces a good one.
//!
//! The run goes through four parts, each in its own module: the [`planner`] decides for every
//! page what happens to it (keep, take the cached body, revise, write with the model, write
//! from facts) and the budget a call may use; the [`executor`] makes the model calls; the
//! [`writer`] renders and writes pages, `SUMMARY.md`, `llms.txt` and `index.json`;
//! [`committed`] seeds summaries from the committed `index.json` and re-anchors kept pages.
//! This function only wires them together and says how the run ended ([`ExitReason`]).

mod check;
mod committed;
mod estimate;
mod executor;
mod facts;
mod outcome;
mod planner;
mod root;
mod writer;

pub use estimate::{plan, summarizable, PhasePlan, PlanOptions, PlanReport};
pub use executor::page_reply;
pub use outcome::ExitReason;
pub use root::{forget_root, record_root, root_key, up_to_date, ROOT_TREE};

use crate::output::DocsFolder;
use crate::prompts::Prompts;
use crate::summarize::{FileSummary, Summarizer};
use crate::{load_file_maps, IndexEntry, PipelineError};
use cartograph_core::{FileMap, Phase, RepoPath};
use cartograph_graph::Graph;
use cartograph_llm::{LlmClient, LlmError};
use cartograph_store::Store;
use check::PageCheck;
use committed::{seed_from_index_json, CommittedFiles};
use executor::Executor;
use facts::{detect, source_reader, PageFacts, Prepared};
use planner::{PagePlan, Planned, Planner, RunBudget};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use writer::Writer;

/// Generated page bodies, keyed by the page's inputs hash.
pub const BODY_TREE: &str = "bodies-v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocsMode {
    Write,
    /// Spend nothing, write nothing; report what is stale.
    Check,
}

pub struct DocsOptions<'a> {
    pub root: &'a Path,
    pub docs_dir: &'a str,
    pub commit: Option<String>,
    pub prompts: &'a Prompts,
    pub mode: DocsMode,
    pub llms_txt_tokens: u32,
    pub map_models: String,
    pub run_models: String,
    pub map_max_input_tokens: u32,
    pub map_max_output_tokens: u32,
    pub run_max_input_tokens: u32,
    pub run_max_output_tokens: u32,
    /// The run phase's `budget_tokens`, input and output.
    pub run_budget_tokens: u64,
    /// Summarize files (a map model is configured and `--structural` was not given).
    pub summarize: bool,
    /// The files the scan left out (`MapStats::skipped`): those left out for their content
    /// are listed and counted on the pages, never read.
    pub skipped: &'a [cartograph_core::SkippedFile],
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CallCount {
    pub requests: u64,
    pub cached: u64,
}

/// The machine form of `cartograph docs --json` (docs/reference.md; extend, don't rename).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocsReport {
    pub pages_written: u64,
    pub pages_unchanged: u64,
    pub pages_removed: u64,
    /// Module pages revised after a small change instead of written again.
    pub pages_revised: u64,
    /// Model pages kept as the docs folder holds them, written for the same inputs, with no
    /// body in the cache (a fresh clone, a deleted cache): nothing paid for them.
    pub pages_kept: u64,
    /// Model pages that failed the page check even after their one repair: the previous good
    /// page stays (stale) or one is written from facts (degraded), and it is retried next run.
    pub pages_rejected: u64,
    /// Repair requests made for model pages that failed the page check.
    pub repairs: u64,
    pub degraded_pages: Vec<String>,
    pub stale_pages: Vec<String>,
    pub calls: BTreeMap<String, CallCount>,
    pub cost_usd: f64,
    pub exit_reason: ExitReason,
    pub summarized: u64,
    pub summaries_cached: u64,
    pub summaries_degraded: u64,
    pub citations_removed: u64,
    pub names_unformatted: u64,
    /// Files whose facts were left out of a page's context because the run phase's token
    /// budget was nearly spent (the lowest ranked go first).
    pub context_left_out: Vec<String>,
    /// Secrets replaced by placeholders in the pages written.
    pub redactions: u64,
    /// `--check`: pages whose committed version differs from what a run would write.
    pub out_of_date: Vec<String>,
    /// What embedding did, when `[phases.lens] embedding_model` is set (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embeddings: Option<crate::embed::EmbedReport>,
    #[serde(skip)]
    pub quota_error: Option<String>,
    /// No model wrote this run's pages (the run phase is offline): the command says how to
    /// configure one. Not part of the JSON output.
    #[serde(skip)]
    pub offline: bool,
}

impl DocsReport {
    /// Adds what writing one page reported (see [`Writer::write_page`]). Every field is named,
    /// so that a new one is merged or left out on purpose.
    fn absorb(&mut self, page: DocsReport) {
        let DocsReport {
            pages_written,
            pages_unchanged,
            pages_removed,
            pages_revised,
            pages_kept,
            pages_rejected,
            repairs,
            degraded_pages,
            stale_pages,
            calls,
            cost_usd,
            exit_reason,
            summarized,
            summaries_cached,
            summaries_degraded,
            citations_removed,
            names_unformatted,
            context_left_out,
            redactions,
            out_of_date,
            embeddings: _,
            quota_error,
            offline: _,
        } = page;
        self.pages_written += pages_written;
        self.pages_unchanged += pages_unchanged;
        self.pages_removed += pages_removed;
        self.pages_revised += pages_revised;
        self.pages_kept += pages_kept;
        self.pages_rejected += pages_rejected;
        self.repairs += repairs;
        self.degraded_pages.extend(degraded_pages);
        self.stale_pages.extend(stale_pages);
        for (phase, count) in calls {
            let total = self.calls.entry(phase).or_default();
            total.requests += count.requests;
            total.cached += count.cached;
        }
        self.cost_usd += cost_usd;
        self.exit_reason.merge(exit_reason);
        self.summarized += summarized;
        self.summaries_cached += summaries_cached;
        self.summaries_degraded += summaries_degraded;
        self.citations_removed += citations_removed;
        self.names_unformatted += names_unformatted;
        self.context_left_out.extend(context_left_out);
        self.redactions += redactions;
        self.out_of_date.extend(out_of_date);
        if self.quota_error.is_none() {
            self.quota_error = quota_error;
        }
    }
}

/// Maps for the files the scan read and left out for their content (binary, not UTF-8,
/// minified, too large), flagged `unread`, in path order with the rest: a directory's files on
/// its page then add up to what `ls` shows, and each says why it was not read. Files left out
/// for what they are (symlinks, vanished) stay out.
fn add_unread(maps: &mut Vec<FileMap>, skipped: &[cartograph_core::SkippedFile]) {
    use cartograph_core::{ContentHash, FileFlags, Language, ParsedFile, SkipReason};
    let before = maps.len();
    for file in skipped {
        if !matches!(
            file.reason,
            SkipReason::Binary
                | SkipReason::InvalidUtf8
                | SkipReason::Minified
                | SkipReason::TooLarge
        ) {
            continue;
        }
        let Ok(path) = RepoPath::new(&file.path) else {
            continue;
        };
        let key = format!("unread-file\0{}\0{}", file.path, file.reason.as_str());
        maps.push(FileMap {
            language: Language::from_file_name(path.file_name()),
            path,
            hash: ContentHash::of(key.as_bytes()),
            bytes: 0,
            lines: 0,
            tokens: 0,
            flags: FileFlags {
                unread: Some(file.reason),
                ..FileFlags::default()
            },
            parsed: ParsedFile::default(),
        });
    }
    if maps.len() > before {
        maps.sort_by(|a, b| a.path.cmp(&b.path));
        maps.dedup_by(|a, b| a.path == b.path);
    }
}

pub async fn docs(
    store: &dyn Store,
    client: &LlmClient,
    entries: &[IndexEntry],
    options: &DocsOptions<'_>,
) -> Result<DocsReport, PipelineError> {
    let folder = DocsFolder::open(options.root, options.docs_dir)?;
    let mut report = DocsReport::default();
    // The index.json of the docs as they stand (committed, in a fresh clone): it seeds the
    // summaries, and records the content each file had when its pages were written.
    // Only the symbols of files changed since are read: they move a kept page's anchors.
    // It is read whole, hundreds of megabytes on a large tree, so it is parsed before the file
    // maps are loaded rather than beside them.
    let committed = read_committed_index(&folder, entries);
    // Owned, so that the maps go before `index.json` is read back for the secret gate: on a
    // large tree each is hundreds of megabytes.
    let mut maps = load_file_maps(store, entries)?;
    let graph = Graph::build(&maps);
    // Pages read only the imports that lead to a file; the rest served resolution and the
    // graph, and would be held for nothing while every page is written.
    for map in &mut maps {
        // A Go file keeps the packages it imports from outside: the dependencies page tells
        // by them which required modules only tests use. An example's, a benchmark's or a
        // fixture's say what it uses (kleur's `bench/load.js`: `chalk` and `ansi-colors`).
        let outside = map.language == cartograph_core::Language::Go
            || cartograph_graph::is_example_path(&map.path)
            || cartograph_graph::is_benchmark_path(&map.path)
            || map.path.parent().split('/').any(|dir| dir == "fixtures");
        map.parsed.keep_for_pages_with(outside);
    }
    add_unread(&mut maps, options.skipped);
    let files = maps.as_slice();
    let modules = detect(files);

    let summarizer = Summarizer {
        store,
        client,
        prompts: options.prompts,
        models: options.map_models.clone(),
        max_input_tokens: options.map_max_input_tokens,
        max_output_tokens: options.map_max_output_tokens,
    };
    seed_from_index_json(store, committed.as_ref(), files, &summarizer);
    // Only the hashes, the symbols of files changed since, and the commit are needed from here
    // on.
    let (committed_files, previous_commit) = match committed {
        Some(index) => (Some(CommittedFiles::new(index.files, files)), index.commit),
        None => (None, None),
    };
    let summaries = summarize(&summarizer, files, &graph, options, &mut report).await?;

    let context = Prepared::new(options.root, files, &summaries);
    let index = context.index(
        options.commit.as_deref(),
        files,
        &modules,
        &graph,
        options.docs_dir,
    );
    // The renderer's lookups and the pages' facts are built from the same index at once.
    let (facts, renderer) = rayon::join(
        || {
            PageFacts::new(
                files,
                &modules,
                &graph,
                &summaries,
                context.readme.as_deref(),
                &context.manifests,
            )
        },
        || cartograph_render::Renderer::new(&index),
    );
    let pages = cartograph_render::all_pages(&index);

    // After the account ran out during MAP, pages still use their cached bodies, and the rest
    // keep their previous good version: a quota error never turns model pages structural.
    let run_uses_models = client.phase_uses_models(Phase::Run);
    let planner = Planner {
        store,
        folder: &folder,
        facts: &facts,
        committed: committed_files.as_ref(),
        files,
        prompts: options.prompts,
        docs_dir: options.docs_dir,
        mode: options.mode,
        models: run_uses_models,
        model_label: if run_uses_models {
            options.run_models.clone()
        } else {
            "offline".to_string()
        },
        calls_allowed: report.quota_error.is_none(),
    };
    let plans: Vec<PagePlan<'_>> = pages.par_iter().map(|kind| planner.plan(kind)).collect();

    let read_source = source_reader(options.root, files);
    let check = PageCheck::new(&index, &read_source);
    let executor = Executor {
        client,
        prompts: options.prompts,
        budget: RunBudget {
            budget_tokens: options.run_budget_tokens,
            max_input_tokens: options.run_max_input_tokens,
            max_output_tokens: options.run_max_output_tokens,
            input_margin: client.token_margin(Phase::Run),
        },
        facts: &facts,
        index: &index,
        check: &check,
        planned: Planned::default(),
    };
    let mut bodies = executor.ask_all(&plans).await;

    let writer = Writer {
        store,
        folder: &folder,
        renderer: &renderer,
        commit: &options.commit,
    };
    // Rendering a page from facts is the longest part of an offline run after the map: pages
    // are written several at once, each with a report of its own, merged in page order.
    // `index.json` is staged meanwhile, and passes the secret gate when it can be read a
    // piece at a time: it reads what the pages read, and writes apart.
    let attempts: Vec<_> = (0..plans.len()).map(|at| bodies.remove(&at)).collect();
    let quota_error = report.quota_error.clone();
    let (pages_done, data_files) = rayon::join(
        || {
            plans
                .into_par_iter()
                .zip(attempts)
                .map(|(plan, attempt)| {
                    let mut page = DocsReport {
                        quota_error: quota_error.clone(),
                        ..DocsReport::default()
                    };
                    let path = match options.mode {
                        DocsMode::Check => writer.check_page(&mut page, plan),
                        DocsMode::Write => writer.write_page(&mut page, plan, attempt)?,
                    };
                    Ok((page, path))
                })
                .collect::<Vec<Result<(DocsReport, String), PipelineError>>>()
        },
        || {
            writer
                .data_files(
                    &pages,
                    &index,
                    options.llms_txt_tokens,
                    previous_commit,
                    options.mode,
                )
                .and_then(|files| files.redact_in_pieces())
        },
    );
    let mut written_pages = Vec::with_capacity(pages_done.len());
    for done in pages_done {
        let (page, path) = done?;
        report.absorb(page);
        written_pages.push(path);
    }
    let data_files = data_files?;
    // Everything rendered from the maps is written or staged: they go before the gate reads
    // `index.json` back whole, and so does all that was built from them (the renderer's
    // lookups, the page facts, the graph, the summaries), which would otherwise stay allocated
    // to the end of this function and sit under the gate's copy of `index.json`.
    drop(renderer);
    drop(check);
    drop(read_source);
    drop(planner);
    drop(facts);
    drop(context);
    drop(summaries);
    drop(committed_files);
    drop(modules);
    drop(graph);
    drop(maps);
    let data_files = data_files.redacted(&folder)?;
    if options.mode == DocsMode::Check {
        data_files.check(&folder, &written_pages, &mut report);
        report.exit_reason = if report.out_of_date.is_empty() {
            ExitReason::Done
        } else {
            ExitReason::Stale
        };
        return Ok(report);
    }
    data_files.write(&folder, &written_pages, &mut report)?;

    let spend = client.spent();
    for phase in Phase::ALL {
        let used = spend.phase(phase);
        report.calls.insert(
            phase.as_str().to_string(),
            CallCount {
                requests: used.requests,
                cached: used.cached,
            },
        );
    }
    report.cost_usd = spend.cost_usd;
    Ok(report)
}

/// The docs folder's `index.json`, read lean: every file's hash and summary, and the symbols
/// only of the files whose content changed since (`entries` are sorted by path).
fn read_committed_index(
    folder: &DocsFolder,
    entries: &[IndexEntry],
) -> Option<cartograph_render::CommittedIndex> {
    let bytes = folder.read("index.json")?;
    cartograph_render::parse_committed_index(&bytes, |path, hash| {
        entries
            .binary_search_by(|entry| entry.path.cmp(path))
            .is_ok_and(|at| entries[at].hash != *hash)
    })
}

/// Summaries: seeded from a committed index.json, then from the cache, then the model (only
/// when writing, with a map model configured).
async fn summarize(
    summarizer: &Summarizer<'_>,
    files: &[FileMap],
    graph: &Graph,
    options: &DocsOptions<'_>,
    report: &mut DocsReport,
) -> Result<BTreeMap<RepoPath, FileSummary>, PipelineError> {
    if !(options.summarize && options.mode == DocsMode::Write) {
        return Ok(summarizer.cached(files));
    }
    let centrality = graph.pagerank();
    let read_source = source_reader(options.root, files);
    match summarizer.summarize(files, &centrality, &read_source).await {
        Ok((summaries, outcome)) => {
            report.summarized = outcome.summarized;
            report.summaries_cached = outcome.cached;
            report.summaries_degraded = outcome.degraded.len() as u64;
            if outcome.budget_reached {
                report.exit_reason.merge(ExitReason::Budget);
            } else if !outcome.degraded.is_empty() {
                report.exit_reason.merge(ExitReason::Degraded);
            }
            Ok(summaries)
        }
        Err(error @ LlmError::Quota { .. }) => {
            report.quota_error = Some(error.to_string());
            report.exit_reason.merge(ExitReason::Quota);
            Ok(summarizer.cached(files))
        }
        Err(error) => Err(PipelineError::Llm(error)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cartograph_core::{ContentHash, FileFlags, Language};

    fn entry(path: &str, content: &str) -> IndexEntry {
        IndexEntry {
            path: RepoPath::new(path).unwrap(),
            hash: ContentHash::of(content.as_bytes()),
            language: Language::Python,
            flags: FileFlags::default(),
            bytes: content.len() as u64,
            lines: 1,
            tokens: 1,
            n_symbols: 1,
            syntax_errors: 0,
        }
    }

    fn committed_file(path: &str, content: &str) -> serde_json::Value {
        serde_json::json!({
            "path": path,
            "hash": ContentHash::of(content.as_bytes()),
            "language": "python",
            "tokens": 1,
            "summary": format!("about {path}"),
            "summary_key": null,
            "symbols": [{"name": "f", "kind": "function", "line": 1, "end_line": 1}],
        })
    }

    /// Pages are written several at once, each into a report of its own: merged, the counts
    /// add up, the lists keep page order, the worst exit reason and the first quota error win.
    #[test]
    fn page_reports_merge_in_page_order() {
        let mut run = DocsReport {
            quota_error: Some("from the map phase".into()),
            ..DocsReport::default()
        };
        let first = DocsReport {
            pages_written: 1,
            repairs: 1,
            degraded_pages: vec!["a.md".into()],
            exit_reason: ExitReason::Degraded,
            citations_removed: 2,
            ..DocsReport::default()
        };
        let second = DocsReport {
            pages_unchanged: 1,
            degraded_pages: vec!["b.md".into()],
            exit_reason: ExitReason::Quota,
            quota_error: Some("from a page".into()),
            citations_removed: 3,
            ..DocsReport::default()
        };
        run.absorb(first);
        run.absorb(second);
        assert_eq!(
            (run.pages_written, run.pages_unchanged, run.repairs),
            (1, 1, 1)
        );
        assert_eq!(run.degraded_pages, ["a.md", "b.md"]);
        assert_eq!(run.citations_removed, 5);
        assert_eq!(run.exit_reason, ExitReason::Quota);
        assert_eq!(run.quota_error.as_deref(), Some("from the map phase"));
    }

    /// The committed index is read from the entries alone, before any map is loaded: every
    /// file's summary, and symbols only for the files whose content changed since.
    #[test]
    fn the_committed_index_keeps_symbols_only_of_files_changed_since() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("docs")).unwrap();
        let index = serde_json::json!({
            "version": cartograph_render::INDEX_JSON_VERSION,
            "commit": "abc",
            "files": [committed_file("a.py", "old a"), committed_file("b.py", "b")],
            "modules": [],
            "edges": [],
        });
        std::fs::write(
            root.path().join("docs/index.json"),
            serde_json::to_vec(&index).unwrap(),
        )
        .unwrap();
        let folder = DocsFolder::open(root.path(), "docs").unwrap();
        let entries = [entry("a.py", "new a"), entry("b.py", "b")];

        let committed = read_committed_index(&folder, &entries).unwrap();
        assert_eq!(committed.commit.as_deref(), Some("abc"));
        let symbols: Vec<(&str, usize)> = committed
            .files
            .iter()
            .map(|file| (file.path.as_str(), file.symbols.len()))
            .collect();
        assert_eq!(symbols, [("a.py", 1), ("b.py", 0)]);
        assert!(committed.files.iter().all(|file| file.summary.is_some()));

        let empty = DocsFolder::open(root.path(), "elsewhere").unwrap();
        assert!(read_committed_index(&empty, &entries).is_none());
    }
}
