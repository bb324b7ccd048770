//! The writer: renders each page with its front matter, writes what changed (atomically,
//! unchanged files untouched), keeps a good page marked stale when its refresh failed, removes
//! pages that lost their source, and writes `SUMMARY.md`, `llms.txt` and `index.json` last.
//! Also compares instead of writing for `--check`. Makes no model call.

use super::executor::BodyAttempt;
use super::planner::{Action, CachedBody, PagePlan};
use super::{DocsMode, DocsReport, ExitReason, BODY_TREE};
use crate::output::{mark_stale, Contents, DocsFolder, FrontMatter, Staged, Written};
use crate::PipelineError;
use cartograph_llm::LlmError;
use cartograph_render::{DocIndex, LlmsTxt, PageKind, PageMeta, Renderer};
use cartograph_store::{put_json, Store};

/// Writes one run's pages into the docs folder. Pages are written independently of each
/// other (several at once): each reports into a report of its own, and returns the path it
/// accounts for.
pub(super) struct Writer<'r, 'f> {
    pub store: &'r dyn Store,
    pub folder: &'r DocsFolder,
    pub renderer: &'r Renderer<'f>,
    /// The commit this run documents.
    pub commit: &'r Option<String>,
}

/// `SUMMARY.md`, `llms.txt` and `index.json` as this run renders them. `index.json` (hundreds
/// of megabytes on a large tree) is never held: it is written to a temporary file of the docs
/// folder as it is serialized, and passes the secret gate in [`DataFiles::redacted`], which a
/// caller runs once the file maps it was rendered from are let go.
pub(super) struct DataFiles {
    summary_md: Vec<u8>,
    /// What `llms.txt` lists, fitted to its token budget in [`DataFiles::redacted`]: fitting
    /// counts tokens, and loading the tokenizer beside the file maps made the peak of a run.
    llms: LlmsTxt,
    llms_txt_tokens: u32,
    commit: Option<String>,
    previous_commit: Option<String>,
    /// Empty until [`DataFiles::redacted`].
    llms_txt: Vec<u8>,
    index_json: Staged,
    /// `index_json` passed the secret gate already ([`DataFiles::redact_in_pieces`]).
    index_json_redacted: bool,
    /// `index.json` at the commit the folder's was written at, when that is not this run's:
    /// kept instead of `index_json` when nothing else in it changed (see [`keep_commit`]).
    index_json_older: Option<Staged>,
}

impl Writer<'_, '_> {
    /// `--check`: whether the page the folder holds differs from what a run would write.
    /// Returns the page's path.
    pub fn check_page(&self, report: &mut DocsReport, plan: PagePlan<'_>) -> String {
        let models = plan.prompt_version != "structural";
        let stale = if models {
            !plan.same_inputs
                || plan
                    .previous_front
                    .as_ref()
                    .is_some_and(|front| front.stale || front.degraded)
        } else {
            // Structural pages are free to render: compare the exact bytes.
            let commit = page_commit(plan.previous_front.as_ref(), plan.same_inputs, self.commit);
            let meta = PageMeta {
                inputs: plan.inputs.clone(),
                commit,
                model: "offline".into(),
                prompt_version: "structural".into(),
                degraded: false,
                stale: false,
            };
            let body = self.renderer.structural_body(plan.kind);
            let rendered = self.renderer.render_page(plan.kind, &body, &meta);
            let (bytes, _) = crate::gate::redact_bytes(rendered.bytes);
            plan.previous.as_deref() != Some(bytes.as_slice())
        };
        if stale {
            report.out_of_date.push(plan.page_path.clone());
        }
        plan.page_path
    }

    /// Writes one page: kept, from its cached or new body, from facts, or (when its refresh
    /// failed) the previous good version marked stale. Returns the path of the page written.
    pub fn write_page(
        &self,
        report: &mut DocsReport,
        plan: PagePlan<'_>,
        attempt: Option<BodyAttempt>,
    ) -> Result<String, PipelineError> {
        let PagePlan {
            kind,
            page_path,
            prompt_version,
            inputs,
            previous,
            previous_front,
            same_inputs,
            action,
            ..
        } = plan;
        let mut degraded = false;
        let mut failure: Option<LlmError> = None;
        let (body, model) = match action {
            Action::Check | Action::FromFacts => self.written_from_facts(kind),
            Action::Keep(kept) => {
                report.pages_kept += 1;
                // Links moved to where the cited symbols are now: the page changed, and says
                // which commit it now describes.
                let kept = if previous.as_deref() == Some(kept.as_slice()) {
                    kept
                } else {
                    cartograph_render::set_commit(&kept, self.commit.as_deref()).unwrap_or(kept)
                };
                count(report, self.folder.write(&page_path, &kept)?);
                return Ok(page_path);
            }
            Action::Cached(cached) => (cached.body, cached.model),
            Action::Unpaid => {
                degraded = true;
                failure = Some(LlmError::Quota {
                    provider: String::new(),
                    detail: report.quota_error.clone().unwrap_or_default(),
                });
                self.written_from_facts(kind)
            }
            Action::Revise(_) | Action::Write => {
                let BodyAttempt {
                    result,
                    lineage,
                    revised,
                    repaired,
                    rejected,
                } = attempt.unwrap_or_else(BodyAttempt::missing);
                report.pages_revised += u64::from(revised && result.is_ok());
                report.repairs += u64::from(repaired);
                report.pages_rejected += u64::from(rejected);
                match result {
                    Ok(generated) => {
                        if generated.files_left_out.is_empty() {
                            // A body that cannot be cached is written again next run anyway.
                            let _ = put_json(
                                self.store,
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
                            report.exit_reason.merge(ExitReason::Budget);
                            report.context_left_out.extend(generated.files_left_out);
                        }
                        (generated.body, generated.model)
                    }
                    Err(LlmError::Offline {
                        degraded: false, ..
                    }) => self.written_from_facts(kind),
                    Err(error) => {
                        degraded = true;
                        failure = Some(error);
                        self.written_from_facts(kind)
                    }
                }
            }
        };

        if let Some(error) = &failure {
            if let LlmError::Quota { .. } = error {
                report.quota_error.get_or_insert_with(|| error.to_string());
            }
            // Anything short of a quota or budget stop is a degraded page.
            report.exit_reason.merge(match error.exit_reason() {
                reason @ (ExitReason::Budget | ExitReason::Quota) => reason,
                _ => ExitReason::Degraded,
            });
            // A page that would degrade never replaces a good one: keep it, marked stale.
            if let (Some(previous), Some(front)) = (&previous, &previous_front) {
                if !front.degraded {
                    report.stale_pages.push(page_path.clone());
                    report.degraded_pages.push(page_path.clone());
                    if let Some(marked) = mark_stale(previous) {
                        count(report, self.folder.write(&page_path, &marked)?);
                    }
                    return Ok(page_path);
                }
            }
            report.degraded_pages.push(page_path.clone());
        }
        let mut meta = PageMeta {
            inputs,
            commit: page_commit(previous_front.as_ref(), same_inputs, self.commit),
            model,
            prompt_version: if degraded {
                "structural".to_string()
            } else {
                prompt_version
            },
            degraded,
            stale: false,
        };
        let render = |meta: &PageMeta| {
            let rendered = self.renderer.render_page(kind, &body, meta);
            // Pages copy constants and doc comments: they pass the secret gate like prompts do.
            let (bytes, redactions) = crate::gate::redact_bytes(rendered.bytes.clone());
            (rendered, bytes, redactions)
        };
        let (mut rendered, mut bytes, mut redactions) = render(&meta);
        // The same inputs can still give other bytes (a cited symbol moved): a page whose bytes
        // change carries the commit of the run that wrote it.
        if meta.commit != *self.commit && previous.as_deref() != Some(bytes.as_slice()) {
            meta.commit.clone_from(self.commit);
            (rendered, bytes, redactions) = render(&meta);
        }
        report.citations_removed += u64::from(rendered.citations_removed);
        report.names_unformatted += u64::from(rendered.names_unformatted);
        report.redactions += u64::from(redactions);
        count(report, self.folder.write(&rendered.path, &bytes)?);
        Ok(rendered.path)
    }

    fn written_from_facts(&self, kind: &PageKind) -> (String, String) {
        (self.renderer.structural_body(kind), "offline".to_string())
    }

    /// Renders `SUMMARY.md` and what `llms.txt` lists, and stages `index.json`. Data files copy
    /// symbol names, docs and summaries: they pass the secret gate too (`llms.txt` and
    /// `index.json` in [`DataFiles::redacted`]).
    pub fn data_files(
        &self,
        pages: &[PageKind],
        index: &DocIndex<'_>,
        llms_txt_tokens: u32,
        previous_commit: Option<String>,
        mode: DocsMode,
    ) -> Result<DataFiles, PipelineError> {
        let summary_md =
            crate::gate::redact_bytes(cartograph_render::render_summary_md(pages, index)).0;
        let llms = self.renderer.llms_map();
        let stage_index_json = |commit: Option<&str>| {
            let at = DocIndex { commit, ..*index };
            let fill = |out: &mut dyn std::io::Write| cartograph_render::write_index_json(&at, out);
            match mode {
                DocsMode::Write => self.folder.stage("index.json", fill),
                // `--check` writes nothing to the docs folder, not even a temporary file.
                DocsMode::Check => self.folder.stage_to_compare("index.json", fill),
            }
        };
        let index_json = stage_index_json(index.commit)?;
        let index_json_older = match previous_commit.as_deref() {
            Some(previous) if Some(previous) != index.commit => {
                Some(stage_index_json(Some(previous))?)
            }
            _ => None,
        };
        Ok(DataFiles {
            summary_md,
            llms,
            llms_txt_tokens,
            commit: index.commit.map(str::to_string),
            previous_commit,
            llms_txt: Vec::new(),
            index_json,
            index_json_redacted: false,
            index_json_older,
        })
    }
}

impl DataFiles {
    /// `index.json` through the secret gate when it can be read a piece at a time, beside
    /// other work: reading it whole (a piece asks for it) is left to [`DataFiles::redacted`],
    /// which runs once the file maps are let go.
    pub fn redact_in_pieces(mut self) -> Result<DataFiles, PipelineError> {
        let redacted = crate::gate::redact_staged_in_pieces(&mut self.index_json)
            .map_err(|source| self.index_json.error(source))?;
        self.index_json_redacted = redacted.is_some();
        Ok(self)
    }

    /// `index.json` through the secret gate (unless [`DataFiles::redact_in_pieces`] passed it
    /// already), and the rendering at the older commit kept when the folder holds exactly it
    /// and not this run's (as [`keep_commit`] does for `llms.txt`); then `llms.txt` fitted to
    /// its budget. An `index.json` may be read whole to be scanned, and fitting `llms.txt`
    /// loads the tokenizer, which stays: call this after letting go of the file maps, and the
    /// tokenizer comes last so that it is not held beside `index.json`.
    pub fn redacted(mut self, folder: &DocsFolder) -> Result<DataFiles, PipelineError> {
        let redact = |staged: &mut Staged| {
            crate::gate::redact_staged(staged).map_err(|source| staged.error(source))
        };
        if !self.index_json_redacted {
            redact(&mut self.index_json)?;
        }
        if let Some(mut older) = self.index_json_older.take() {
            if !folder.holds_staged("index.json", &self.index_json) {
                redact(&mut older)?;
                if folder.holds_staged("index.json", &older) {
                    self.index_json = older;
                }
            }
        }
        self.llms_txt = keep_commit(
            folder,
            "llms.txt",
            self.commit.as_deref(),
            self.previous_commit.as_deref(),
            |commit| crate::gate::redact_bytes(self.llms.fit(self.llms_txt_tokens, commit)).0,
        );
        Ok(self)
    }

    /// `--check`: the data files and module pages that differ from what a run would write.
    pub fn check(&self, folder: &DocsFolder, written_pages: &[String], report: &mut DocsReport) {
        for (name, same) in [
            ("SUMMARY.md", folder.holds("SUMMARY.md", &self.summary_md)),
            ("llms.txt", folder.holds("llms.txt", &self.llms_txt)),
            (
                "index.json",
                folder.holds_staged("index.json", &self.index_json),
            ),
        ] {
            if !same {
                report.out_of_date.push(name.to_string());
            }
        }
        for stale in folder.module_pages() {
            if !written_pages.contains(&stale) {
                report.out_of_date.push(stale);
            }
        }
    }

    /// Removes module pages that lost their module, then writes the data files together,
    /// `index.json` last.
    pub fn write(
        self,
        folder: &DocsFolder,
        written_pages: &[String],
        report: &mut DocsReport,
    ) -> Result<(), PipelineError> {
        for stale in folder.module_pages() {
            if !written_pages.contains(&stale) {
                folder.remove(&stale)?;
                report.pages_removed += 1;
            }
        }
        // The three describe the same index: they are replaced together or not at all.
        let written = folder.write_together_staged(vec![
            ("SUMMARY.md", Contents::Bytes(&self.summary_md)),
            ("llms.txt", Contents::Bytes(&self.llms_txt)),
            ("index.json", Contents::Staged(self.index_json)),
        ])?;
        for outcome in written {
            count(report, outcome);
        }
        Ok(())
    }
}

/// The commit a page records: the one it was generated at while its inputs stay the same, so an
/// unchanged page keeps its bytes as commits go by; the current one otherwise.
fn page_commit(
    previous: Option<&FrontMatter>,
    same_inputs: bool,
    current: &Option<String>,
) -> Option<String> {
    match previous {
        Some(front) if same_inputs && front.commit.is_some() => front.commit.clone(),
        _ => current.clone(),
    }
}

/// `llms.txt` names the commit it describes (so does `index.json`: [`DataFiles::redacted`]).
/// When nothing else in it changed it keeps the commit it was written at, so committing the
/// docs does not make it stale again.
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

fn count(report: &mut DocsReport, written: Written) {
    match written {
        Written::Written => report.pages_written += 1,
        Written::Unchanged => report.pages_unchanged += 1,
    }
}
