//! `docs`: map, summaries, then every page whose inputs changed, written atomically with
//! unchanged pages untouched and `index.json` last. A page's key is a hash over everything that
//! fed it (a Merkle tree over the index), so one edited file re-runs only what it reaches; and a
//! page that cannot be generated never replaces a good one.

use crate::output::{mark_stale, read_front_matter, DocsFolder, Written};
use crate::prompts::Prompts;
use crate::revise::Lineage;
use crate::summarize::{eligible, FileSummary, Summarizer, SUMMARY_TREE};
use crate::PipelineError;
use cartograph_core::{ContentHash, FileMap, Module, Phase, RepoPath};
use cartograph_graph::Graph;
use cartograph_llm::{LlmClient, LlmError};
use cartograph_render::{Anchor, DocIndex, PageKind, PageMeta, Summary};
use cartograph_store::{get_json, put_json, Store};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Generated page bodies, keyed by the page's inputs hash.
pub const BODY_TREE: &str = "bodies-v1";
/// Manifests read for the dependencies page and the project's name.
const MANIFESTS: &[&str] = &[
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "setup.py",
    "requirements.txt",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "Gemfile",
    "composer.json",
];

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
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CallCount {
    pub requests: u64,
    pub cached: u64,
}

/// The machine form of `cartograph docs --json` (PRODUCT.md; extend, don't rename).
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
    pub degraded_pages: Vec<String>,
    pub stale_pages: Vec<String>,
    pub calls: BTreeMap<String, CallCount>,
    pub cost_usd: f64,
    pub exit_reason: String,
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
    #[serde(skip)]
    pub quota_error: Option<String>,
}

fn detect(files: &[FileMap]) -> Vec<Module> {
    let paths: Vec<RepoPath> = files.iter().map(|file| file.path.clone()).collect();
    cartograph_graph::detect_modules(&paths, cartograph_graph::is_package_manifest)
}

/// What pages are rendered from besides the files: summaries in render's shape, and the texts
/// render asks for (manifests, READMEs).
struct Prepared {
    summaries: BTreeMap<RepoPath, Summary>,
    texts: BTreeMap<RepoPath, String>,
    readme: Option<String>,
    manifests: Vec<(String, String)>,
    root_name: String,
}

impl Prepared {
    fn new(
        root: &Path,
        files: &[FileMap],
        summaries: &BTreeMap<RepoPath, FileSummary>,
    ) -> Prepared {
        let texts: BTreeMap<RepoPath, String> = files
            .iter()
            .filter(|file| cartograph_render::wants_text(&file.path) && !file.flags.secret)
            .filter_map(|file| {
                let text = std::fs::read_to_string(root.join(file.path.as_str())).ok()?;
                Some((file.path.clone(), text))
            })
            .collect();
        let readme = texts
            .iter()
            .find(|(path, _)| {
                path.parent().is_empty()
                    && path.file_name().to_ascii_lowercase().starts_with("readme")
            })
            .map(|(_, text)| text.clone());
        let manifests = texts
            .iter()
            .filter(|(path, _)| MANIFESTS.contains(&path.file_name()))
            .map(|(path, text)| (path.to_string(), text.clone()))
            .collect();
        let summaries = summaries
            .iter()
            .map(|(path, summary)| {
                (
                    path.clone(),
                    Summary {
                        text: summary.text.clone(),
                        key: summary.key.clone(),
                    },
                )
            })
            .collect();
        let root_name = root
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "repository".into());
        Prepared {
            summaries,
            texts,
            readme,
            manifests,
            root_name,
        }
    }

    fn index<'a>(
        &'a self,
        commit: Option<&'a str>,
        files: &'a [FileMap],
        modules: &'a [Module],
        graph: &'a Graph,
        docs_dir: &'a str,
    ) -> DocIndex<'a> {
        DocIndex {
            commit,
            files,
            summaries: &self.summaries,
            modules,
            graph,
            texts: &self.texts,
            docs_dir,
            root_name: &self.root_name,
        }
    }
}

/// Reads a file's text for a prompt; secret files are never opened.
fn source_reader<'a>(
    root: &'a Path,
    files: &'a [FileMap],
) -> impl Fn(&RepoPath) -> Option<String> + Sync + 'a {
    move |path: &RepoPath| {
        let file = files
            .binary_search_by(|file| file.path.cmp(path))
            .ok()
            .map(|index| &files[index])?;
        if file.flags.secret {
            return None;
        }
        std::fs::read_to_string(root.join(path.as_str())).ok()
    }
}

pub async fn docs(
    store: &dyn Store,
    client: &LlmClient,
    files: &[FileMap],
    options: &DocsOptions<'_>,
) -> Result<DocsReport, PipelineError> {
    let folder = DocsFolder::open(options.root, options.docs_dir)?;
    let mut report = DocsReport::default();
    let graph = Graph::build(files);
    let centrality = graph.pagerank();
    let modules = detect(files);
    let read_source = source_reader(options.root, files);

    // Summaries: seeded from a committed index.json, then from the cache, then the model.
    let summarizer = Summarizer {
        store,
        client,
        prompts: options.prompts,
        models: options.map_models.clone(),
        max_input_tokens: options.map_max_input_tokens,
        max_output_tokens: options.map_max_output_tokens,
    };
    // The index.json of the docs as they stand (committed, in a fresh clone): it seeds the
    // summaries, and records the content each file had when its pages were written.
    let committed = folder
        .read("index.json")
        .and_then(|bytes| cartograph_render::parse_index_json(&bytes));
    seed_from_index_json(store, committed.as_ref(), files, &summarizer);
    // Only the hashes, the symbols of files changed since, and the commit are needed from here
    // on; the rest is let go (on a large tree the parsed index.json is hundreds of megabytes).
    let (committed_files, previous_commit) = match committed {
        Some(index) => (Some(CommittedFiles::new(index.files, files)), index.commit),
        None => (None, None),
    };
    let summaries: BTreeMap<RepoPath, FileSummary> =
        if options.summarize && options.mode == DocsMode::Write {
            match summarizer.summarize(files, &centrality, &read_source).await {
                Ok((summaries, outcome)) => {
                    report.summarized = outcome.summarized;
                    report.summaries_cached = outcome.cached;
                    report.summaries_degraded = outcome.degraded.len() as u64;
                    if outcome.budget_reached {
                        report.exit_reason = "budget".into();
                    } else if !outcome.degraded.is_empty() {
                        report.exit_reason = "degraded".into();
                    }
                    summaries
                }
                Err(error @ LlmError::Quota { .. }) => {
                    report.quota_error = Some(error.to_string());
                    report.exit_reason = "quota".into();
                    summarizer.cached(files)
                }
                Err(error) => return Err(PipelineError::Llm(error)),
            }
        } else {
            summarizer.cached(files)
        };
    let context = Prepared::new(options.root, files, &summaries);
    let index = context.index(
        options.commit.as_deref(),
        files,
        &modules,
        &graph,
        options.docs_dir,
    );
    // After the account ran out during MAP, pages still use their cached bodies, and the rest
    // keep their previous good version: a quota error never turns model pages structural.
    let run_uses_models = client.phase_uses_models(Phase::Run);
    let facts = PageFacts::new(
        files,
        &modules,
        &graph,
        &summaries,
        context.readme.as_deref(),
        &context.manifests,
    );
    let pages = cartograph_render::all_pages(&index);
    let renderer = cartograph_render::Renderer::new(&index);
    let mut written_pages = Vec::new();
    let mut prepared_pages = Vec::with_capacity(pages.len());
    for kind in &pages {
        let page_path = cartograph_render::page_path(kind);
        let (prompt_name, prompt_tag) = match kind {
            PageKind::Module(_) => (
                "page-module",
                options.prompts.get("page-module").map(|p| p.version_tag()),
            ),
            _ => (
                "page-overview",
                options
                    .prompts
                    .get("page-overview")
                    .map(|p| p.version_tag()),
            ),
        };
        let model_label = if run_uses_models {
            options.run_models.clone()
        } else {
            "offline".to_string()
        };
        let prompt_version = if run_uses_models {
            prompt_tag.clone().unwrap_or_default()
        } else {
            "structural".to_string()
        };
        let inputs = facts.inputs(kind, &model_label, &prompt_version);
        let previous = folder.read(&page_path);
        let previous_front = previous.as_deref().and_then(read_front_matter);
        let same_inputs = previous_front
            .as_ref()
            .and_then(|front| front.inputs.as_deref())
            == Some(inputs.as_str());
        // A page written for exactly these inputs that still points at the right lines is kept
        // as it is, even with its body not in the cache: a fresh clone (CI) or a deleted cache
        // pays nothing for the pages the committed docs already hold.
        let cached = run_uses_models
            .then(|| cached_body(store, &inputs))
            .flatten();
        let keep = if run_uses_models
            && cached.is_none()
            && same_inputs
            && previous_front
                .as_ref()
                .is_some_and(|front| !front.stale && !front.degraded)
        {
            previous
                .as_deref()
                .zip(committed_files.as_ref())
                .and_then(|(page, committed)| {
                    committed.reanchor(page, &page_path, options.docs_dir, files)
                })
        } else {
            None
        };
        // Module pages the model writes remember what they were written from, to be revised
        // after a small change (worked out only for pages that will be written).
        let lineage_now = (run_uses_models && cached.is_none() && keep.is_none())
            .then(|| facts.lineage_now(kind, options.prompts, &model_label, &prompt_version))
            .flatten();
        prepared_pages.push(PreparedPage {
            kind,
            page_path,
            prompt_name,
            prompt_version,
            inputs,
            lineage_now,
            previous,
            previous_front,
            same_inputs,
            cached,
            keep,
        });
    }

    // Every page that needs the run model is asked for at once; the provider layer paces the
    // calls (concurrency, rate limits, budgets), and pages are written in order afterwards.
    let mut bodies: BTreeMap<usize, BodyAttempt> = BTreeMap::new();
    if run_uses_models && options.mode == DocsMode::Write && report.quota_error.is_none() {
        let planned = Planned::default();
        let (facts, index, planned) = (&facts, &index, &planned);
        let wanted = prepared_pages
            .iter()
            .enumerate()
            .filter(|(_, page)| page.keep.is_none() && page.cached.is_none())
            .map(|(at, page)| async move {
                (
                    at,
                    write_body(store, client, options, planned, facts, index, page).await,
                )
            });
        bodies = futures_util::stream::iter(wanted)
            .buffer_unordered(PAGES_AT_ONCE)
            .collect()
            .await;
    }

    for (at, page) in prepared_pages.into_iter().enumerate() {
        let PreparedPage {
            kind,
            page_path,
            prompt_version,
            inputs,
            previous,
            previous_front,
            same_inputs,
            cached,
            keep,
            ..
        } = page;
        if options.mode == DocsMode::Check {
            let stale = if run_uses_models {
                !same_inputs
                    || previous_front
                        .as_ref()
                        .is_some_and(|front| front.stale || front.degraded)
            } else {
                // Structural pages are free to render: compare the exact bytes.
                let commit = page_commit(previous_front.as_ref(), same_inputs, &options.commit);
                let meta = PageMeta {
                    inputs: inputs.clone(),
                    commit,
                    model: "offline".into(),
                    prompt_version: "structural".into(),
                    degraded: false,
                    stale: false,
                };
                let rendered = renderer.render_page(kind, &renderer.structural_body(kind), &meta);
                let (bytes, _) = crate::gate::redact_bytes(rendered.bytes);
                previous.as_deref() != Some(bytes.as_slice())
            };
            if stale {
                report.out_of_date.push(page_path.clone());
            }
            written_pages.push(page_path);
            continue;
        }

        if let Some(kept) = keep {
            report.pages_kept += 1;
            count(&mut report, folder.write(&page_path, &kept)?);
            written_pages.push(page_path);
            continue;
        }

        let mut degraded = false;
        let mut failure: Option<LlmError> = None;
        let (body, model) = if run_uses_models {
            match cached {
                Some(body) => (body.body, body.model),
                None if report.quota_error.is_some() && !bodies.contains_key(&at) => {
                    degraded = true;
                    failure = Some(LlmError::Quota {
                        provider: String::new(),
                        detail: report.quota_error.clone().unwrap_or_default(),
                    });
                    (renderer.structural_body(kind), "offline".to_string())
                }
                None => {
                    let BodyAttempt {
                        result,
                        lineage,
                        revised,
                    } = bodies.remove(&at).unwrap_or_else(BodyAttempt::missing);
                    report.pages_revised += u64::from(revised && result.is_ok());
                    match result {
                        Ok(generated) => {
                            if generated.files_left_out.is_empty() {
                                let _ = put_json(
                                    store,
                                    BODY_TREE,
                                    inputs.as_bytes(),
                                    &CachedBody {
                                        body: generated.body.clone(),
                                        model: generated.model.clone(),
                                        lineage,
                                    },
                                );
                            } else {
                                // Written from less context than the page's inputs hold: not
                                // cached, so a run with budget left writes it whole.
                                report.exit_reason = merge_reason(&report.exit_reason, "budget");
                                report.context_left_out.extend(generated.files_left_out);
                            }
                            (generated.body, generated.model)
                        }
                        Err(LlmError::Offline {
                            degraded: false, ..
                        }) => (renderer.structural_body(kind), "offline".to_string()),
                        Err(error) => {
                            degraded = true;
                            failure = Some(error);
                            (renderer.structural_body(kind), "offline".to_string())
                        }
                    }
                }
            }
        } else {
            (renderer.structural_body(kind), "offline".to_string())
        };

        if let Some(error) = &failure {
            match error {
                LlmError::Budget { .. } => {
                    report.exit_reason = merge_reason(&report.exit_reason, "budget")
                }
                LlmError::Quota { .. } => {
                    report.quota_error.get_or_insert_with(|| error.to_string());
                    report.exit_reason = merge_reason(&report.exit_reason, "quota");
                }
                _ => report.exit_reason = merge_reason(&report.exit_reason, "degraded"),
            }
            // A page that would degrade never replaces a good one: keep it, marked stale.
            if let (Some(previous), Some(front)) = (&previous, &previous_front) {
                if !front.degraded {
                    report.stale_pages.push(page_path.clone());
                    report.degraded_pages.push(page_path.clone());
                    if let Some(marked) = mark_stale(previous) {
                        count(&mut report, folder.write(&page_path, &marked)?);
                    }
                    written_pages.push(page_path);
                    continue;
                }
            }
            report.degraded_pages.push(page_path.clone());
        }
        let commit = page_commit(previous_front.as_ref(), same_inputs, &options.commit);
        let meta = PageMeta {
            inputs: inputs.clone(),
            commit,
            model,
            prompt_version: if degraded {
                "structural".to_string()
            } else {
                prompt_version
            },
            degraded,
            stale: false,
        };
        let rendered = renderer.render_page(kind, &body, &meta);
        report.citations_removed += u64::from(rendered.citations_removed);
        report.names_unformatted += u64::from(rendered.names_unformatted);
        // Pages copy constants and doc comments: they pass the secret gate like prompts do.
        let (bytes, redactions) = crate::gate::redact_bytes(rendered.bytes);
        report.redactions += u64::from(redactions);
        count(&mut report, folder.write(&rendered.path, &bytes)?);
        written_pages.push(rendered.path);
    }

    // Data files copy symbol names, docs and summaries: they pass the secret gate too.
    let summary_md =
        crate::gate::redact_bytes(cartograph_render::render_summary_md(&pages, &index)).0;
    let llms_txt = keep_commit(
        &folder,
        "llms.txt",
        index.commit,
        previous_commit.as_deref(),
        |commit| crate::gate::redact_bytes(renderer.llms_txt(options.llms_txt_tokens, commit)).0,
    );
    let index_json = keep_commit(
        &folder,
        "index.json",
        index.commit,
        previous_commit.as_deref(),
        |commit| {
            let at = DocIndex { commit, ..index };
            crate::gate::redact_bytes(cartograph_render::render_index_json(&at)).0
        },
    );

    if options.mode == DocsMode::Check {
        for (name, bytes) in [
            ("SUMMARY.md", &summary_md),
            ("llms.txt", &llms_txt),
            ("index.json", &index_json),
        ] {
            if !folder.holds(name, bytes) {
                report.out_of_date.push(name.to_string());
            }
        }
        for stale in folder.module_pages() {
            if !written_pages.contains(&stale) {
                report.out_of_date.push(stale);
            }
        }
        report.exit_reason = if report.out_of_date.is_empty() {
            "done".into()
        } else {
            "stale".into()
        };
        return Ok(report);
    }

    count(&mut report, folder.write("SUMMARY.md", &summary_md)?);
    count(&mut report, folder.write("llms.txt", &llms_txt)?);
    for stale in folder.module_pages() {
        if !written_pages.contains(&stale) {
            folder.remove(&stale)?;
            report.pages_removed += 1;
        }
    }
    // Last: a kill before this line leaves the previous index.json, and the next run completes
    // the rest.
    count(&mut report, folder.write("index.json", &index_json)?);

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
    if report.exit_reason.is_empty() {
        report.exit_reason = "done".into();
    }
    Ok(report)
}

/// What the docs folder's `index.json` says of each file when its pages were written: the
/// content hash, and for files whose content changed since, the symbols with their lines then.
struct CommittedFiles {
    hashes: BTreeMap<String, ContentHash>,
    changed_symbols: BTreeMap<String, Vec<cartograph_render::IndexSymbol>>,
}

impl CommittedFiles {
    fn new(committed: Vec<cartograph_render::IndexFile>, files: &[FileMap]) -> CommittedFiles {
        let mut hashes = BTreeMap::new();
        let mut changed_symbols = BTreeMap::new();
        for file in committed {
            let path = file.path.to_string();
            let changed = file_named(files, &path).is_some_and(|now| now.hash != file.hash);
            if changed {
                changed_symbols.insert(path.clone(), file.symbols);
            }
            hashes.insert(path, file.hash);
        }
        CommittedFiles {
            hashes,
            changed_symbols,
        }
    }

    /// The committed `page` with each line-anchored link kept (its file is unchanged) or moved to
    /// where the symbol it pointed at is now; `None` when a link points into a changed file at
    /// lines that held no symbol, or at a symbol that is gone or no longer told apart.
    fn reanchor(
        &self,
        page: &[u8],
        page_path: &str,
        docs_dir: &str,
        files: &[FileMap],
    ) -> Option<Vec<u8>> {
        let text = std::str::from_utf8(page).ok()?;
        let moved = cartograph_render::reanchor_source_links(
            page_path,
            docs_dir,
            text,
            |path, first, last| self.anchor(path, first, last, files),
        )?;
        Some(moved.into_bytes())
    }

    fn anchor(&self, path: &str, first: u32, last: u32, files: &[FileMap]) -> Anchor {
        let Some(now) = file_named(files, path) else {
            return Anchor::Lost;
        };
        if self.hashes.get(path) == Some(&now.hash) {
            return Anchor::Keep;
        }
        let Some(then) = self.changed_symbols.get(path) else {
            return Anchor::Lost;
        };
        // The symbol the link pointed at, told apart from others of its name and kind by its
        // rank among them; found again by the same rank, if as many are there now.
        let Some(at) = then
            .iter()
            .position(|symbol| symbol.line.max(1) == first && symbol.end_line.max(first) >= last)
        else {
            return Anchor::Lost;
        };
        let target = &then[at];
        let same = |name: &str, kind: cartograph_core::SymbolKind| {
            name == target.name && kind == target.kind
        };
        let rank = then[..at]
            .iter()
            .filter(|symbol| same(&symbol.name, symbol.kind))
            .count();
        let count_then = then
            .iter()
            .filter(|symbol| same(&symbol.name, symbol.kind))
            .count();
        let matches_now: Vec<&cartograph_core::Symbol> = now
            .parsed
            .symbols
            .iter()
            .filter(|symbol| same(&symbol.name, symbol.kind))
            .collect();
        if matches_now.len() != count_then {
            return Anchor::Lost;
        }
        let Some(symbol) = matches_now.get(rank) else {
            return Anchor::Lost;
        };
        // As render resolves a symbol to lines: at least line 1, within the file.
        let new_first = symbol.line.max(1);
        let whole = symbol.end_line.max(new_first).min(now.lines.max(new_first));
        let new_last = if last == first && target.end_line.max(first) != first {
            // The link named the symbol's first line only.
            new_first
        } else {
            whole
        };
        Anchor::Move(new_first, new_last)
    }
}

fn file_named<'f>(files: &'f [FileMap], path: &str) -> Option<&'f FileMap> {
    files
        .binary_search_by(|file| file.path.as_str().cmp(path))
        .ok()
        .map(|index| &files[index])
}

/// Model calls for pages in flight at once. The provider layer still paces them (its own
/// concurrency, rate limits and budget reservations); this only bounds the contexts held.
const PAGES_AT_ONCE: usize = 16;

/// One page of the docs folder, with everything decided before any model call.
struct PreparedPage<'k> {
    kind: &'k PageKind,
    page_path: String,
    prompt_name: &'static str,
    prompt_version: String,
    inputs: String,
    /// Module pages written by models: their lineage line and facts now.
    lineage_now: Option<(String, BTreeMap<String, String>)>,
    /// The page as the docs folder holds it, and its front matter.
    previous: Option<Vec<u8>>,
    previous_front: Option<crate::output::FrontMatter>,
    same_inputs: bool,
    /// The body cached for these inputs.
    cached: Option<CachedBody>,
    /// Kept from the docs folder, its line anchors moved where cited symbols moved: no call.
    keep: Option<Vec<u8>>,
}

/// A body asked of the run model: the reply, the lineage to cache it with, and whether it was
/// a revision.
struct BodyAttempt {
    result: Result<Generated, LlmError>,
    lineage: Option<Lineage>,
    revised: bool,
}

impl BodyAttempt {
    /// For a page whose body was never asked for (not expected): degraded, never cached.
    fn missing() -> BodyAttempt {
        BodyAttempt {
            result: Err(LlmError::Offline {
                degraded: true,
                reason: Some("no body was generated for this page".into()),
            }),
            lineage: None,
            revised: false,
        }
    }
}

/// Asks the run model for one page's body: a revision of the previous one after a small change
/// to a module, the whole page otherwise.
async fn write_body(
    store: &dyn Store,
    client: &LlmClient,
    options: &DocsOptions<'_>,
    planned: &Planned,
    facts: &PageFacts<'_>,
    index: &DocIndex<'_>,
    page: &PreparedPage<'_>,
) -> BodyAttempt {
    let revision = revision(
        store,
        facts,
        page.kind,
        page.previous_front.as_ref(),
        &page.lineage_now,
    );
    if let Some(revision) = revision {
        if let Some(result) = revise_page(client, options, planned, &revision).await {
            return BodyAttempt {
                result,
                lineage: Some(revision.lineage),
                revised: true,
            };
        }
    }
    BodyAttempt {
        result: generate_page(
            client,
            options,
            planned,
            page.kind,
            page.prompt_name,
            facts,
            index,
        )
        .await,
        lineage: page
            .lineage_now
            .clone()
            .map(|(line, now)| Lineage::full(line, now)),
        revised: false,
    }
}

/// The commit a page records: the one it was generated at while its inputs stay the same, so an
/// unchanged page keeps its bytes as commits go by; the current one otherwise.
fn page_commit(
    previous: Option<&crate::output::FrontMatter>,
    same_inputs: bool,
    current: &Option<String>,
) -> Option<String> {
    match previous {
        Some(front) if same_inputs && front.commit.is_some() => front.commit.clone(),
        _ => current.clone(),
    }
}

/// `index.json` and `llms.txt` name the commit they describe. When nothing else in them
/// changed they keep the commit they were written at, so committing the docs does not make
/// them stale again.
fn keep_commit(
    folder: &DocsFolder,
    name: &str,
    commit: Option<&str>,
    previous_commit: Option<&str>,
    render: impl Fn(Option<&str>) -> Vec<u8>,
) -> Vec<u8> {
    let fresh = render(commit);
    if previous_commit.is_none() || previous_commit == commit || folder.holds(name, &fresh) {
        return fresh;
    }
    let older = render(previous_commit);
    if folder.holds(name, &older) {
        older
    } else {
        fresh
    }
}

fn merge_reason(current: &str, new: &str) -> String {
    // Reasons in the order exit codes rank them: quota and budget (3) before degraded (4).
    let rank = |reason: &str| match reason {
        "quota" => 3,
        "budget" => 2,
        "degraded" => 1,
        _ => 0,
    };
    if rank(new) > rank(current) {
        new.to_string()
    } else {
        current.to_string()
    }
}

fn count(report: &mut DocsReport, written: Written) {
    match written {
        Written::Written => report.pages_written += 1,
        Written::Unchanged => report.pages_unchanged += 1,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedBody {
    body: String,
    model: String,
    /// Module pages: what the body was written from, so that a small change revises it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lineage: Option<Lineage>,
}

fn cached_body(store: &dyn Store, inputs: &str) -> Option<CachedBody> {
    get_json::<CachedBody>(store, BODY_TREE, inputs.as_bytes())
        .ok()
        .flatten()
}

/// A committed `index.json` seeds the summary cache: a fresh clone reuses every summary whose
/// key still matches and pays only for what changed.
fn seed_from_index_json(
    store: &dyn Store,
    committed: Option<&cartograph_render::IndexJson>,
    files: &[FileMap],
    summarizer: &Summarizer<'_>,
) {
    let Some(index) = committed else {
        return;
    };
    let by_path: BTreeMap<&str, &FileMap> = files
        .iter()
        .map(|file| (file.path.as_str(), file))
        .collect();
    for entry in &index.files {
        let (Some(text), Some(key)) = (entry.summary.clone(), entry.summary_key.clone()) else {
            continue;
        };
        let Some(file) = by_path.get(entry.path.as_str()) else {
            continue;
        };
        if summarizer.key_for(file).as_deref() != Some(key.as_str()) {
            continue;
        }
        if matches!(
            get_json::<FileSummary>(store, SUMMARY_TREE, key.as_bytes()),
            Ok(Some(_))
        ) {
            continue;
        }
        let summary = FileSummary {
            text,
            key: key.clone(),
            model: "index.json".into(),
        };
        let _ = put_json(store, SUMMARY_TREE, key.as_bytes(), &summary);
    }
}

/// What each page depends on, hashed. Module pages feed on their own files (semantic hashes,
/// so comment-only edits keep the key) and summaries; overview pages feed on module-level facts
/// only, so an ordinary commit does not re-run them.
struct PageFacts<'a> {
    files: &'a [FileMap],
    modules: &'a [Module],
    module_edges: Vec<String>,
    summaries: &'a BTreeMap<RepoPath, FileSummary>,
    readme: Option<String>,
    manifests: Vec<(String, String)>,
    readme_hash: String,
    manifests_hash: String,
}

impl<'a> PageFacts<'a> {
    fn new(
        files: &'a [FileMap],
        modules: &'a [Module],
        graph: &Graph,
        summaries: &'a BTreeMap<RepoPath, FileSummary>,
        readme: Option<&str>,
        manifests: &[(String, String)],
    ) -> PageFacts<'a> {
        let module_edges = graph
            .module_edges(modules)
            .iter()
            .map(|edge| format!("{}>{}", edge.from, edge.to))
            .collect();
        let mut manifest_hasher = blake3::Hasher::new();
        for (path, text) in manifests {
            manifest_hasher.update(path.as_bytes());
            manifest_hasher.update(b"\0");
            manifest_hasher.update(text.as_bytes());
        }
        PageFacts {
            files,
            modules,
            module_edges,
            summaries,
            readme: readme.map(str::to_string),
            manifests: manifests.to_vec(),
            readme_hash: ContentHash::of(readme.unwrap_or("").as_bytes()).to_hex(),
            manifests_hash: ContentHash::from(manifest_hasher.finalize()).to_hex(),
        }
    }

    fn file(&self, path: &RepoPath) -> Option<&FileMap> {
        self.file_at(path.as_str())
    }

    fn file_at(&self, path: &str) -> Option<&FileMap> {
        file_named(self.files, path)
    }

    /// The module's dependency edges, both directions.
    fn edges_of<'s>(&'s self, module_path: &'s str) -> impl Iterator<Item = &'s String> + 's {
        let from = format!("{module_path}>");
        let to = format!(">{module_path}");
        self.module_edges
            .iter()
            .filter(move |edge| edge.starts_with(&from) || edge.ends_with(&to))
    }

    /// A hash of the facts of each file of a module (and of its edges under
    /// [`crate::revise::EDGES`]): what a module page's lineage compares to find what changed.
    fn module_facts(&self, module_path: &str) -> BTreeMap<String, String> {
        let mut hashes = BTreeMap::new();
        if let Some(module) = self
            .modules
            .iter()
            .find(|module| module.path == module_path)
        {
            for path in &module.files {
                if let Some(file) = self.file(path) {
                    let facts = file_facts(file, self.summaries.get(path));
                    // 48 bits tell one version of a file's facts from the next.
                    hashes.insert(path.to_string(), ContentHash::of(facts.as_bytes()).short());
                }
            }
        }
        let edges: Vec<&str> = self.edges_of(module_path).map(String::as_str).collect();
        hashes.insert(
            crate::revise::EDGES.to_string(),
            ContentHash::of(edges.join("\n").as_bytes()).short(),
        );
        hashes
    }

    /// For a module page written by models: its lineage line (page, models, both prompts) and
    /// the facts it would be written from now.
    fn lineage_now(
        &self,
        kind: &PageKind,
        prompts: &Prompts,
        model_label: &str,
        prompt_version: &str,
    ) -> Option<(String, BTreeMap<String, String>)> {
        let PageKind::Module(module_path) = kind else {
            return None;
        };
        let revise_tag = prompts
            .get(REVISE_PROMPT)
            .map(|prompt| prompt.version_tag())
            .unwrap_or_default();
        let page_path = cartograph_render::page_path(kind);
        let line = ContentHash::of(
            format!("{page_path}\0{model_label}\0{prompt_version}\0{revise_tag}").as_bytes(),
        )
        .to_hex();
        Some((line, self.module_facts(module_path)))
    }

    fn inputs(&self, kind: &PageKind, model: &str, prompt_version: &str) -> String {
        let mut hasher = blake3::Hasher::new();
        let mut add = |part: &str| {
            hasher.update(part.as_bytes());
            hasher.update(b"\0");
        };
        add(&cartograph_render::page_path(kind));
        add(model);
        add(prompt_version);
        match kind {
            PageKind::Module(module_path) => {
                if let Some(module) = self
                    .modules
                    .iter()
                    .find(|module| &module.path == module_path)
                {
                    // A module page feeds on the facts sent for each of its files: summary,
                    // symbols with signatures and docs, imports. An edit that leaves them all
                    // as they were (a new summary equal to the old one, say) re-runs nothing
                    // above it: the early cutoff.
                    for path in &module.files {
                        add(path.as_str());
                        match self.file(path) {
                            Some(file) => add(&file_facts(file, self.summaries.get(path))),
                            None => add("-"),
                        }
                    }
                }
                for edge in self.edges_of(module_path) {
                    add(edge);
                }
            }
            _ => {
                for module in self.modules {
                    add(&module.path);
                    for path in &module.files {
                        add(path.as_str());
                    }
                }
                for edge in &self.module_edges {
                    add(edge);
                }
                add(&self.readme_hash);
                add(&self.manifests_hash);
            }
        }
        ContentHash::from(hasher.finalize()).to_hex()
    }
}

/// Asks the run model for one page's body, with the context this page's facts allow.
/// A generated page body, the model that wrote it, and the files the budget left out of its
/// context.
struct Generated {
    body: String,
    model: String,
    files_left_out: Vec<String>,
}

/// Tokens kept aside for the prompt's own text around the context.
const PAGE_PROMPT_TOKENS: u64 = 800;
/// Below this much context a page is not worth a call: it is written structurally instead.
const MIN_PAGE_CONTEXT: u64 = 1_000;

async fn generate_page(
    client: &LlmClient,
    options: &DocsOptions<'_>,
    planned: &Planned,
    kind: &PageKind,
    prompt_name: &str,
    facts: &PageFacts<'_>,
    index: &DocIndex<'_>,
) -> Result<Generated, LlmError> {
    let prompt = options
        .prompts
        .get(prompt_name)
        .ok_or_else(|| LlmError::Offline {
            degraded: true,
            reason: Some(format!("prompt `{prompt_name}` is missing")),
        })?;
    // The context fits the call's window and what is left of the run phase's budget: near the
    // end of the budget the lowest-ranked files are dropped first. While other pages' calls are
    // in flight, a page that would not fit whole waits for them to settle first, as it would
    // have had the pages run one by one.
    let build = |budget: usize| match kind {
        PageKind::Module(module_path) => module_context(facts, index, module_path, budget),
        _ => overview_context(facts, budget),
    };
    let window = options.run_max_input_tokens as usize;
    let whole = build(window);
    let whole_tokens = cartograph_tokens::count(&whole.0);
    let (budget, (context, files_sent, local_only), _reserved) = loop {
        let settled = planned.settled.notified();
        tokio::pin!(settled);
        settled.as_mut().enable();
        let others_in_flight = planned.tokens() > 0;
        match context_budget(client, options, planned) {
            Ok(budget) if whole_tokens <= budget => {
                let reserved = planned.reserve(call_tokens(options, whole_tokens));
                break (window, whole, reserved);
            }
            Ok(budget) if !others_in_flight => {
                let shrunk = build(budget);
                let reserved =
                    planned.reserve(call_tokens(options, cartograph_tokens::count(&shrunk.0)));
                break (budget, shrunk, reserved);
            }
            Err(error) if !others_in_flight => return Err(error),
            _ => settled.await,
        }
    };
    let files_left_out: Vec<String> = if budget < options.run_max_input_tokens as usize {
        match kind {
            PageKind::Module(module_path) => facts
                .modules
                .iter()
                .find(|module| &module.path == module_path)
                .map(|module| {
                    module
                        .files
                        .iter()
                        .map(ToString::to_string)
                        .filter(|path| !files_sent.contains(path))
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let (context, redactions) = crate::gate::redact(&context);
    let (page, goal) = match kind {
        PageKind::Index => ("index.md", "an overview of the project: what it is, its main parts, where to go next"),
        PageKind::Architecture => ("architecture.md", "the components, how data and control flow between them, and the design decisions the facts show"),
        PageKind::Onboarding => ("onboarding.md", "how a new engineer gets started: build, test, where to start reading, in what order"),
        PageKind::Dependencies => ("dependencies.md", "the external dependencies and what each is used for, and how the internal modules depend on each other"),
        PageKind::Module(_) => ("module", "one module"),
    };
    let module_name = match kind {
        PageKind::Module(path) if path.is_empty() => "(repository root)".to_string(),
        PageKind::Module(path) => path.clone(),
        _ => String::new(),
    };
    let values = [
        ("page", page),
        ("page_goal", goal),
        ("module", module_name.as_str()),
        ("context", context.as_str()),
    ];
    let mut request = prompt.request(Phase::Run, &values);
    request.temperature = Some(0.2);
    request.files = files_sent;
    request.redactions = redactions;
    request.local_only = local_only;
    page_from(client.complete(request).await?, files_left_out)
}

/// A page body from the model's reply; an empty reply is a failure, never a page.
fn page_from(
    completion: cartograph_llm::Completion,
    files_left_out: Vec<String>,
) -> Result<Generated, LlmError> {
    let body = page_reply(&completion.text).to_string();
    if body.is_empty() {
        return Err(LlmError::Offline {
            degraded: true,
            reason: Some("the model returned an empty page".into()),
        });
    }
    Ok(Generated {
        body,
        model: completion.model.to_string(),
        files_left_out,
    })
}

/// The page in a model's reply, without the wrappers models put around one: a line announcing
/// it ("Here is the revised page:"), the `<page>` tags of the revise prompt echoed back, a
/// Markdown code fence around the whole of it. Anything else is left as written.
pub fn page_reply(reply: &str) -> &str {
    let mut text = reply.trim();
    // "Here is the page:" alone on the first line, the page starting right after.
    if let Some((first, rest)) = text.split_once('\n') {
        let rest = rest.trim_start();
        let page_follows = ["#", "<page>", "```"]
            .iter()
            .any(|start| rest.starts_with(start));
        if first.trim_end().ends_with(':') && !first.starts_with('#') && page_follows {
            text = rest;
        }
    }
    if let Some(inner) = text
        .strip_prefix("<page>")
        .and_then(|inner| inner.strip_suffix("</page>"))
    {
        text = inner.trim();
    }
    let fence_opening = ["```markdown\n", "```md\n", "```\n"]
        .iter()
        .find(|opening| text.starts_with(*opening));
    if let Some(opening) = fence_opening {
        let inner = &text[opening.len()..];
        // Only a fence around everything: no other fence line inside.
        if let Some(inner) = inner.strip_suffix("```") {
            if !inner
                .lines()
                .any(|line| line.trim_start().starts_with("```"))
            {
                text = inner.trim();
            }
        }
    }
    text
}

/// Tokens a page's context may take: the call's window, within what is left of the run phase's
/// budget.
fn context_budget(
    client: &LlmClient,
    options: &DocsOptions<'_>,
    planned: &Planned,
) -> Result<usize, LlmError> {
    let spent = client.spent().phase(Phase::Run);
    let left = options
        .run_budget_tokens
        .saturating_sub(spent.prompt_tokens + spent.completion_tokens)
        .saturating_sub(planned.tokens())
        .saturating_sub(u64::from(options.run_max_output_tokens) + PAGE_PROMPT_TOKENS);
    if left < MIN_PAGE_CONTEXT {
        return Err(LlmError::Budget {
            phase: Phase::Run,
            detail: format!("{left} tokens of the run budget are left for a page's context"),
        });
    }
    Ok(u64::from(options.run_max_input_tokens).min(left) as usize)
}

/// Run-phase tokens set aside by page calls in flight and not yet spent. Pages are asked for at
/// once, so each sizes its context to what the budget leaves after the ones before it, as if
/// they ran one by one: near the end of the budget contexts shrink instead of calls failing.
#[derive(Default)]
struct Planned {
    tokens: AtomicU64,
    /// Woken whenever a call settles and its tokens are no longer set aside.
    settled: tokio::sync::Notify,
}

impl Planned {
    fn tokens(&self) -> u64 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// Sets `tokens` aside until the returned guard is dropped (after the call: by then the
    /// provider layer counts what it really spent).
    fn reserve(&self, tokens: u64) -> Reserved<'_> {
        self.tokens.fetch_add(tokens, Ordering::Relaxed);
        Reserved {
            planned: self,
            tokens,
        }
    }
}

struct Reserved<'p> {
    planned: &'p Planned,
    tokens: u64,
}

impl Drop for Reserved<'_> {
    fn drop(&mut self) {
        self.planned
            .tokens
            .fetch_sub(self.tokens, Ordering::Relaxed);
        self.planned.settled.notify_waiters();
    }
}

/// What a call with `context_tokens` of context may spend at most.
fn call_tokens(options: &DocsOptions<'_>, context_tokens: usize) -> u64 {
    context_tokens as u64 + u64::from(options.run_max_output_tokens) + PAGE_PROMPT_TOKENS
}

/// The prompt that revises a module page after a small change.
const REVISE_PROMPT: &str = "page-module-revise";

/// A module page to revise: the page as it stands, what changed since, and the lineage the
/// revised body will carry.
struct Revision<'a> {
    module_path: &'a str,
    previous_body: String,
    /// What changed, as the prompt shows it: new facts of changed files, removed files, edges.
    changes_text: String,
    changed: Vec<String>,
    local_only: bool,
    lineage: Lineage,
}

/// The revision a module page gets instead of a full generation, when its previous body is
/// cached with a lineage of the same line and the change is small (see [`crate::revise::plan`]).
fn revision<'a>(
    store: &dyn Store,
    facts: &PageFacts<'_>,
    kind: &'a PageKind,
    previous_front: Option<&crate::output::FrontMatter>,
    lineage_now: &Option<(String, BTreeMap<String, String>)>,
) -> Option<Revision<'a>> {
    let (PageKind::Module(module_path), Some((line, now))) = (kind, lineage_now) else {
        return None;
    };
    let previous = cached_body(store, previous_front?.inputs.as_deref()?)?;
    let lineage = previous.lineage.as_ref()?;
    let changes = crate::revise::plan(lineage, line, now)?;
    let mut text = String::new();
    if !changes.changed.is_empty() {
        text.push_str("Changed or added files, with their facts now:\n");
        for path in &changes.changed {
            if let Some(file) = facts.file_at(path) {
                text.push_str(&file_facts(file, facts.summaries.get(&file.path)));
            }
        }
    }
    if !changes.removed.is_empty() {
        text.push_str("Removed files:\n");
        for path in &changes.removed {
            text.push_str(&format!("- {path}\n"));
        }
    }
    if changes.edges_changed {
        text.push_str("\nModule dependencies now (from > to):\n");
        for edge in facts.edges_of(module_path) {
            text.push_str(edge);
            text.push('\n');
        }
    }
    // The page may quote any file of the module, so it goes where the module's files may go.
    let local_only = facts
        .modules
        .iter()
        .find(|module| &module.path == module_path)
        .into_iter()
        .flat_map(|module| module.files.iter())
        .filter_map(|path| facts.file(path))
        .any(|file| file.flags.local_only);
    Some(Revision {
        module_path,
        lineage: lineage.revised(now.clone()),
        previous_body: previous.body,
        changes_text: text,
        changed: changes.changed,
        local_only,
    })
}

impl Revision<'_> {
    fn context_tokens(&self) -> usize {
        cartograph_tokens::count(&self.previous_body) + cartograph_tokens::count(&self.changes_text)
    }
}

/// Asks the run model to revise a module page: the page as it stands and what changed, instead
/// of every file's facts. `None` when a revision cannot be asked (no prompt, or the page and the
/// changes do not fit the context budget): the page is then written again from scratch.
async fn revise_page(
    client: &LlmClient,
    options: &DocsOptions<'_>,
    planned: &Planned,
    revision: &Revision<'_>,
) -> Option<Result<Generated, LlmError>> {
    let prompt = options.prompts.get(REVISE_PROMPT)?;
    // Like a whole page: wait for calls in flight rather than fail on their reservations.
    let context_tokens = revision.context_tokens();
    let _reserved = loop {
        let settled = planned.settled.notified();
        tokio::pin!(settled);
        settled.as_mut().enable();
        let others_in_flight = planned.tokens() > 0;
        match context_budget(client, options, planned) {
            Ok(budget) if context_tokens <= budget => {
                break planned.reserve(call_tokens(options, context_tokens));
            }
            Ok(_) if !others_in_flight => return None,
            Err(error) if !others_in_flight => return Some(Err(error)),
            _ => settled.await,
        }
    };
    let (page, page_redactions) = crate::gate::redact(&revision.previous_body);
    let (changes_text, change_redactions) = crate::gate::redact(&revision.changes_text);
    let module_name = if revision.module_path.is_empty() {
        "(repository root)"
    } else {
        revision.module_path
    };
    let values = [
        ("module", module_name),
        ("page", page.as_str()),
        ("changes", changes_text.as_str()),
    ];
    let mut request = prompt.request(Phase::Run, &values);
    request.temperature = Some(0.2);
    request.files = revision.changed.clone();
    request.redactions = page_redactions + change_redactions;
    request.local_only = revision.local_only;
    Some(
        client
            .complete(request)
            .await
            .and_then(|completion| page_from(completion, Vec::new())),
    )
}

/// Facts about one module, most central files first, within `budget` tokens.
fn module_context(
    facts: &PageFacts<'_>,
    index: &DocIndex<'_>,
    module_path: &str,
    budget: usize,
) -> (String, Vec<String>, bool) {
    let mut files: Vec<&FileMap> = facts
        .modules
        .iter()
        .find(|module| module.path == module_path)
        .map(|module| {
            module
                .files
                .iter()
                .filter_map(|path| facts.file(path))
                .collect()
        })
        .unwrap_or_default();
    let rank = index.graph.pagerank();
    files.sort_by(|a, b| {
        let ra = rank.get(&a.path).copied().unwrap_or(0.0);
        let rb = rank.get(&b.path).copied().unwrap_or(0.0);
        rb.total_cmp(&ra).then_with(|| a.path.cmp(&b.path))
    });
    let mut context = String::new();
    let mut used = 0usize;
    let mut sent = Vec::new();
    let mut local_only = false;
    for file in files {
        let block = file_facts(file, facts.summaries.get(&file.path));
        // Counting each block once keeps assembly linear in the module's size.
        let block_tokens = cartograph_tokens::count(&block);
        if used + block_tokens > budget {
            break;
        }
        used += block_tokens;
        local_only |= file.flags.local_only;
        sent.push(file.path.to_string());
        context.push_str(&block);
    }
    (context, sent, local_only)
}

fn overview_context(facts: &PageFacts<'_>, budget: usize) -> (String, Vec<String>, bool) {
    let mut context = String::new();
    if let Some(readme) = &facts.readme {
        let excerpt: String = readme.chars().take(4000).collect();
        context.push_str(&format!("README.md (excerpt):\n{excerpt}\n\n"));
    }
    for (path, text) in facts.manifests.iter().take(10) {
        let excerpt: String = text.chars().take(1500).collect();
        context.push_str(&format!("Manifest [[{path}]]:\n{excerpt}\n\n"));
    }
    let mut used = cartograph_tokens::count(&context);
    let mut sent = Vec::new();
    let mut local_only = false;
    for module in facts.modules {
        let name = if module.path.is_empty() {
            "(root)"
        } else {
            module.path.as_str()
        };
        let mut block = format!("Module {name} ({} files)\n", module.files.len());
        for path in module.files.iter().take(12) {
            let Some(file) = facts.file(path) else {
                continue;
            };
            let about = facts
                .summaries
                .get(path)
                .map(|summary| first_sentence(&summary.text))
                .or_else(|| file.parsed.doc.as_deref().map(first_sentence))
                .unwrap_or_default();
            block.push_str(&format!("- [[{path}]] {}: {about}\n", file.language.name()));
            local_only |= file.flags.local_only;
            sent.push(path.to_string());
        }
        let block_tokens = cartograph_tokens::count(&block);
        if used + block_tokens > budget {
            break;
        }
        used += block_tokens;
        context.push_str(&block);
    }
    if !facts.module_edges.is_empty() {
        context.push_str("\nModule dependencies (from > to):\n");
        for edge in facts.module_edges.iter().take(200) {
            context.push_str(edge);
            context.push('\n');
        }
    }
    (context, sent, local_only)
}

fn file_facts(file: &FileMap, summary: Option<&FileSummary>) -> String {
    // No line counts here: these facts are also the page's cache key, and lines move with
    // every edit.
    let mut block = format!("### [[{}]] ({})\n", file.path, file.language.name());
    if let Some(doc) = &file.parsed.doc {
        block.push_str(&format!("File doc: {}\n", first_sentence(doc)));
    }
    if let Some(summary) = summary {
        block.push_str(&format!("Summary: {}\n", summary.text));
    }
    for symbol in file.parsed.symbols.iter().take(40) {
        let doc = symbol
            .doc
            .as_deref()
            .map(first_sentence)
            .unwrap_or_default();
        block.push_str(&format!(
            "- {} [[{}#{}]]: `{}` {doc}\n",
            symbol.kind.as_str(),
            file.path,
            symbol.name,
            symbol.signature
        ));
    }
    for import in file
        .parsed
        .imports
        .iter()
        .filter(|import| import.kind.is_edge())
        .filter_map(|import| import.resolved.as_ref())
        .take(20)
    {
        block.push_str(&format!("- imports [[{import}]]\n"));
    }
    block.push('\n');
    block
}

fn first_sentence(text: &str) -> String {
    let line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("")
        .trim();
    let end = line.find(". ").map(|index| index + 1).unwrap_or(line.len());
    line[..end].chars().take(240).collect()
}

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

/// The root of the Merkle tree: the key of the whole docs folder, recorded after a complete run.
pub const ROOT_TREE: &str = "docs-root-v1";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct RootRecord {
    key: String,
    /// Every file of the docs folder as that run left it: (path, size, mtime in ns).
    outputs: Vec<(String, u64, i128)>,
}

/// The key of everything a docs run reads: every file's path, content hash, language and flags,
/// and the settings (configuration, prompts, version) the caller passes in. The commit is not
/// part of it: a commit that changes no file changes no page.
pub fn root_key(entries: &[crate::IndexEntry], settings: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(settings.as_bytes());
    hasher.update(b"\0");
    for entry in entries {
        hasher.update(entry.path.as_str().as_bytes());
        hasher.update(b"\0");
        hasher.update(entry.hash.as_bytes());
        hasher.update(entry.language.name().as_bytes());
        let flags = serde_json::to_string(&entry.flags).unwrap_or_default();
        hasher.update(flags.as_bytes());
        hasher.update(b"\0");
    }
    ContentHash::from(hasher.finalize()).to_hex()
}

fn docs_outputs(dir: &Path) -> Vec<(String, u64, i128)> {
    let mut outputs = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(metadata) = entry.metadata() else {
                continue;
            };
            if metadata.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let stat = cartograph_scan::FileStat::from_metadata(&metadata);
            outputs.push((
                relative.to_string_lossy().replace('\\', "/"),
                stat.size,
                stat.mtime_ns,
            ));
        }
    }
    outputs.sort();
    outputs
}

/// The early cutoff at the root: when nothing a docs run reads changed since the last complete
/// run, and every file that run wrote is still as it left it, there is nothing to do. Returns
/// how many files the folder holds.
pub fn up_to_date(store: &dyn Store, root: &Path, docs_dir: &str, key: &str) -> Option<u64> {
    let record = get_json::<RootRecord>(store, ROOT_TREE, b"root")
        .ok()
        .flatten()?;
    if record.key != key || record.outputs.is_empty() {
        return None;
    }
    let outputs = docs_outputs(&root.join(docs_dir));
    (outputs == record.outputs).then_some(outputs.len() as u64)
}

/// Records a complete run's key and what it left in the docs folder.
pub fn record_root(
    store: &dyn Store,
    root: &Path,
    docs_dir: &str,
    key: &str,
) -> Result<(), PipelineError> {
    let record = RootRecord {
        key: key.to_string(),
        outputs: docs_outputs(&root.join(docs_dir)),
    };
    put_json(store, ROOT_TREE, b"root", &record)?;
    Ok(())
}

/// Forgets the recorded root, so the next run looks at every page again.
pub fn forget_root(store: &dyn Store) -> Result<(), PipelineError> {
    store.remove(ROOT_TREE, b"root")?;
    Ok(())
}
