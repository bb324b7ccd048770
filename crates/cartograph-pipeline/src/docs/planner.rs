//! The planner: for each page, what a run does with it (take its cached body, keep it as the
//! docs folder holds it, revise it, write it with the run model, write it from facts), decided
//! before any model call; and the run-phase tokens a page call may use. Reads the cache and the
//! docs folder; makes no call and writes nothing.

use super::committed::CommittedFiles;
use super::facts::{file_facts, PageFacts};
use super::{DocsMode, BODY_TREE};
use crate::output::{read_front_matter, DocsFolder, FrontMatter};
use crate::prompts::Prompts;
use crate::revise::Lineage;
use cartograph_core::FileMap;
use cartograph_core::Phase;
use cartograph_llm::LlmError;
use cartograph_render::PageKind;
use cartograph_store::{get_json, Store};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Model calls for pages in flight at once. The provider layer still paces them (its own
/// concurrency, rate limits and budget reservations); this only bounds the contexts held.
pub(super) const PAGES_AT_ONCE: usize = 16;
/// Tokens kept aside for the prompt's own text around the context.
pub(super) const PAGE_PROMPT_TOKENS: u64 = 800;
/// Below this much context a page is not worth a call: it is written structurally instead.
pub(super) const MIN_PAGE_CONTEXT: u64 = 1_000;
/// The prompt that revises a module page after a small change.
pub(super) const REVISE_PROMPT: &str = "page-module-revise";

/// One page of the docs folder, with everything decided before any model call.
pub(super) struct PagePlan<'k> {
    pub kind: &'k PageKind,
    pub page_path: String,
    pub prompt_name: &'static str,
    pub prompt_version: String,
    pub inputs: String,
    /// Module pages written by models: their lineage line and facts now.
    pub lineage_now: Option<(String, BTreeMap<String, String>)>,
    /// The page as the docs folder holds it, and its front matter.
    pub previous: Option<Vec<u8>>,
    pub previous_front: Option<FrontMatter>,
    pub same_inputs: bool,
    /// The folder's page is degraded or stale: a run failed to refresh it, and this one
    /// retries it.
    pub retry: bool,
    pub action: Action<'k>,
}

/// What a run does with one page.
pub(super) enum Action<'k> {
    /// `--check`: nothing is asked or written, the page is only compared.
    Check,
    /// No model writes this phase: the page is written from the index alone.
    FromFacts,
    /// The body cached for exactly these inputs.
    Cached(CachedBody),
    /// Kept as the docs folder holds it (written for the same inputs), its line anchors moved
    /// where the cited symbols moved: no call.
    Keep(Vec<u8>),
    /// The run model revises the previous body after a small change to the module.
    Revise(Revision<'k>),
    /// The run model writes the page.
    Write,
    /// The page needs a model, but the run may make no more calls (the account ran out of
    /// quota while summarizing): the previous good page stays, marked stale.
    Unpaid,
}

impl Action<'_> {
    /// Whether the run model is asked for this page.
    pub fn asks_model(&self) -> bool {
        matches!(self, Action::Revise(_) | Action::Write)
    }
}

/// What the planner knows of a page before looking at the cache or the folder's bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Situation {
    pub mode: DocsMode,
    /// The run phase has a model configured.
    pub models: bool,
    /// The run may still make calls (no quota error earlier in the run).
    pub calls_allowed: bool,
    /// The docs folder holds a page written for the same inputs, neither stale nor degraded.
    pub same_good_page: bool,
}

/// Decides what happens to one page. The cache, the re-anchoring and the revision are asked for
/// only when the decision gets to them, in that order: a cached body beats keeping the
/// folder's page (it is what the model wrote, never re-anchored), keeping beats any call, and a
/// small change is revised rather than written again.
pub(super) fn choose<'k>(
    situation: Situation,
    cached: impl FnOnce() -> Option<CachedBody>,
    keep: impl FnOnce() -> Option<Vec<u8>>,
    revise: impl FnOnce() -> Option<Revision<'k>>,
) -> Action<'k> {
    if situation.mode == DocsMode::Check {
        return Action::Check;
    }
    if !situation.models {
        return Action::FromFacts;
    }
    if let Some(body) = cached() {
        return Action::Cached(body);
    }
    if situation.same_good_page {
        if let Some(kept) = keep() {
            return Action::Keep(kept);
        }
    }
    if !situation.calls_allowed {
        return Action::Unpaid;
    }
    match revise() {
        Some(revision) => Action::Revise(revision),
        None => Action::Write,
    }
}

/// What the planner knows of the run, shared by every page.
pub(super) struct Planner<'r, 'f> {
    pub store: &'r dyn Store,
    pub folder: &'r DocsFolder,
    pub facts: &'r PageFacts<'f>,
    /// What the committed `index.json` says of each file, to re-anchor kept pages.
    pub committed: Option<&'r CommittedFiles>,
    pub files: &'f [FileMap],
    pub prompts: &'r Prompts,
    pub docs_dir: &'r str,
    pub mode: DocsMode,
    /// The run phase has a model configured.
    pub models: bool,
    /// The run phase's model chain, or `offline`: part of every page's inputs.
    pub model_label: String,
    /// The run may still make calls (no quota error while summarizing).
    pub calls_allowed: bool,
}

impl Planner<'_, '_> {
    /// Everything decided about one page before any model call.
    pub fn plan<'k>(&self, kind: &'k PageKind) -> PagePlan<'k> {
        let (prompt_name, prompt_version) = prompt_of(kind, self.prompts, self.models);
        let page_path = cartograph_render::page_path(kind);
        let inputs = self.facts.inputs(kind, &self.model_label, &prompt_version);
        let previous = self.folder.read(&page_path);
        let previous_front = previous.as_deref().and_then(read_front_matter);
        let same_inputs = previous_front
            .as_ref()
            .and_then(|front| front.inputs.as_deref())
            == Some(inputs.as_str());
        let situation = Situation {
            mode: self.mode,
            models: self.models,
            calls_allowed: self.calls_allowed,
            same_good_page: same_inputs
                && previous_front
                    .as_ref()
                    .is_some_and(|front| !front.stale && !front.degraded),
        };
        // Module pages the model writes remember what they were written from, to be revised
        // after a small change (worked out only for pages that will be written).
        let mut lineage_now = None;
        let action = choose(
            situation,
            || cached_body(self.store, &inputs),
            // A page written for exactly these inputs that still points at the right lines is
            // kept as it is, even with its body not in the cache: a fresh clone (CI) or a
            // deleted cache pays nothing for the pages the committed docs already hold.
            || {
                previous
                    .as_deref()
                    .zip(self.committed)
                    .and_then(|(page, committed)| {
                        committed.reanchor(page, &page_path, self.docs_dir, self.files)
                    })
            },
            || {
                lineage_now =
                    self.facts
                        .lineage_now(kind, self.prompts, &self.model_label, &prompt_version);
                revision(
                    self.store,
                    self.facts,
                    kind,
                    previous_front.as_ref(),
                    &lineage_now,
                )
            },
        );
        let retry = previous_front
            .as_ref()
            .is_some_and(|front| front.degraded || front.stale);
        PagePlan {
            kind,
            page_path,
            prompt_name,
            prompt_version,
            inputs,
            lineage_now,
            previous,
            previous_front,
            same_inputs,
            retry,
            action,
        }
    }
}

/// The prompt a page is written with and the version its front matter records
/// (`structural` when no model writes the run phase).
fn prompt_of(kind: &PageKind, prompts: &Prompts, models: bool) -> (&'static str, String) {
    let name = match kind {
        PageKind::Module(_) => "page-module",
        _ => "page-overview",
    };
    let version = if models {
        prompts
            .get(name)
            .map(|prompt| prompt.version_tag())
            .unwrap_or_default()
    } else {
        "structural".to_string()
    };
    (name, version)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CachedBody {
    pub body: String,
    pub model: String,
    /// Module pages: what the body was written from, so that a small change revises it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lineage: Option<Lineage>,
}

pub(super) fn cached_body(store: &dyn Store, inputs: &str) -> Option<CachedBody> {
    get_json::<CachedBody>(store, BODY_TREE, inputs.as_bytes())
        .ok()
        .flatten()
}

/// The run phase's token budget as a page call sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct RunBudget {
    /// The run phase's `budget_tokens`, input and output.
    pub budget_tokens: u64,
    pub max_input_tokens: u32,
    pub max_output_tokens: u32,
    /// The run model's tokenizer margin (`LlmClient::token_margin`): a call reserves its input
    /// tokens times this, so a context sized without it can overrun what is left.
    pub input_margin: f64,
}

impl RunBudget {
    /// Tokens a page's context may take: the call's window, within what is left of the run
    /// phase's budget after what was `spent` and what calls in flight have `reserved`.
    pub fn context_tokens(&self, spent: u64, reserved: u64) -> Result<usize, LlmError> {
        let left = self
            .budget_tokens
            .saturating_sub(spent)
            .saturating_sub(reserved)
            .saturating_sub(u64::from(self.max_output_tokens));
        let left = ((left as f64 / self.input_margin.max(1.0)).floor() as u64)
            .saturating_sub(PAGE_PROMPT_TOKENS);
        if left < MIN_PAGE_CONTEXT {
            return Err(LlmError::Budget {
                phase: Phase::Run,
                detail: format!("{left} tokens of the run budget are left for a page's context"),
            });
        }
        Ok(u64::from(self.max_input_tokens).min(left) as usize)
    }

    /// What a call with `context_tokens` of context may spend at most.
    pub fn call_tokens(&self, context_tokens: usize) -> u64 {
        let input = (context_tokens as u64).saturating_add(PAGE_PROMPT_TOKENS);
        (input as f64 * self.input_margin.max(1.0)).ceil() as u64
            + u64::from(self.max_output_tokens)
    }
}

/// Run-phase tokens set aside by page calls in flight and not yet spent. Pages are asked for at
/// once, so each sizes its context to what the budget leaves after the ones before it, as if
/// they ran one by one: near the end of the budget contexts shrink instead of calls failing.
#[derive(Default)]
pub(super) struct Planned {
    tokens: AtomicU64,
    /// Woken whenever a call settles and its tokens are no longer set aside.
    pub settled: tokio::sync::Notify,
}

impl Planned {
    pub fn tokens(&self) -> u64 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// Sets `tokens` aside until the returned guard is dropped (after the call: by then the
    /// provider layer counts what it really spent).
    pub fn reserve(&self, tokens: u64) -> Reserved<'_> {
        self.tokens.fetch_add(tokens, Ordering::Relaxed);
        Reserved {
            planned: self,
            tokens,
        }
    }
}

pub(super) struct Reserved<'p> {
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

/// A module page to revise: the page as it stands, what changed since, and the lineage the
/// revised body will carry.
pub(super) struct Revision<'a> {
    pub module_path: &'a str,
    pub previous_body: String,
    /// What changed, as the prompt shows it: new facts of changed files, removed files, edges.
    pub changes_text: String,
    pub changed: Vec<String>,
    pub local_only: bool,
    pub lineage: Lineage,
}

/// The revision a module page gets instead of a full generation, when its previous body is
/// cached with a lineage of the same line and the change is small (see [`crate::revise::plan`]).
pub(super) fn revision<'a>(
    store: &dyn Store,
    facts: &PageFacts<'_>,
    kind: &'a PageKind,
    previous_front: Option<&FrontMatter>,
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
    pub fn context_tokens(&self) -> usize {
        cartograph_tokens::count(&self.previous_body) + cartograph_tokens::count(&self.changes_text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn situation() -> Situation {
        Situation {
            mode: DocsMode::Write,
            models: true,
            calls_allowed: true,
            same_good_page: false,
        }
    }

    fn body(text: &str) -> CachedBody {
        CachedBody {
            body: text.into(),
            model: "fake/big".into(),
            lineage: None,
        }
    }

    fn revision() -> Revision<'static> {
        Revision {
            module_path: "src",
            previous_body: "## Purpose\nOld.".into(),
            changes_text: "Changed or added files".into(),
            changed: vec!["src/a.rs".into()],
            local_only: false,
            lineage: Lineage::full("line".into(), BTreeMap::new()),
        }
    }

    /// The action's name, and the order in which `choose` asked its three questions.
    fn decide(
        situation: Situation,
        cached: Option<&str>,
        keep: Option<&str>,
        revisable: bool,
    ) -> (&'static str, Vec<&'static str>) {
        let asked = std::cell::RefCell::new(Vec::new());
        let action = choose(
            situation,
            || {
                asked.borrow_mut().push("cache");
                cached.map(body)
            },
            || {
                asked.borrow_mut().push("keep");
                keep.map(|page| page.as_bytes().to_vec())
            },
            || {
                asked.borrow_mut().push("revise");
                revisable.then(revision)
            },
        );
        let name = match action {
            Action::Check => "check",
            Action::FromFacts => "facts",
            Action::Cached(_) => "cached",
            Action::Keep(_) => "keep",
            Action::Revise(_) => "revise",
            Action::Write => "write",
            Action::Unpaid => "unpaid",
        };
        (name, asked.into_inner())
    }

    #[test]
    fn check_and_offline_runs_ask_nothing() {
        let check = Situation {
            mode: DocsMode::Check,
            ..situation()
        };
        assert_eq!(decide(check, Some("b"), Some("p"), true), ("check", vec![]));
        let offline = Situation {
            models: false,
            ..situation()
        };
        assert_eq!(
            decide(offline, Some("b"), Some("p"), true),
            ("facts", vec![])
        );
    }

    #[test]
    fn a_cached_body_comes_first_then_the_folders_page() {
        let same = Situation {
            same_good_page: true,
            ..situation()
        };
        assert_eq!(
            decide(same, Some("b"), Some("p"), true),
            ("cached", vec!["cache"])
        );
        assert_eq!(
            decide(same, None, Some("p"), true),
            ("keep", vec!["cache", "keep"])
        );
        // A page that cannot be re-anchored is written again, revised when it can be.
        assert_eq!(
            decide(same, None, None, true),
            ("revise", vec!["cache", "keep", "revise"])
        );
        assert_eq!(
            decide(same, None, None, false),
            ("write", vec!["cache", "keep", "revise"])
        );
    }

    #[test]
    fn a_page_for_other_inputs_is_never_kept() {
        assert_eq!(
            decide(situation(), None, Some("p"), false),
            ("write", vec!["cache", "revise"])
        );
    }

    #[test]
    fn without_calls_a_page_is_kept_or_cached_but_never_asked_for() {
        let blocked = Situation {
            calls_allowed: false,
            same_good_page: true,
            ..situation()
        };
        assert_eq!(decide(blocked, Some("b"), None, true).0, "cached");
        assert_eq!(decide(blocked, None, Some("p"), true).0, "keep");
        assert_eq!(
            decide(blocked, None, None, true),
            ("unpaid", vec!["cache", "keep"])
        );
    }

    #[test]
    fn the_context_gets_what_the_budget_leaves_after_spending_and_reservations() {
        let budget = RunBudget {
            budget_tokens: 20_000,
            max_input_tokens: 8_000,
            max_output_tokens: 1_000,
            input_margin: 1.0,
        };
        // Plenty left: the call's window.
        assert_eq!(budget.context_tokens(0, 0).ok(), Some(8_000));
        // 20 000 - 10 000 spent - 4 000 reserved - (1 000 output + 800 prompt) = 4 200.
        assert_eq!(budget.context_tokens(10_000, 4_000).ok(), Some(4_200));
        // Under the smallest context worth a call: a budget error, not a tiny page.
        assert!(matches!(
            budget.context_tokens(17_000, 1_500),
            Err(LlmError::Budget { .. })
        ));
        assert!(
            budget.context_tokens(u64::MAX, u64::MAX).is_err(),
            "no overflow"
        );
        assert_eq!(budget.call_tokens(4_200), 4_200 + 1_000 + 800);
        // A model counting up to 25 % more than o200k: the input is reserved with that margin,
        // and the context shrinks so that the call still fits.
        let foreign = RunBudget {
            input_margin: 1.25,
            ..budget
        };
        // (20 000 - 10 000 - 4 000 - 1 000) / 1.25 - 800 = 3 200.
        assert_eq!(foreign.context_tokens(10_000, 4_000).ok(), Some(3_200));
        assert_eq!(foreign.call_tokens(3_200), 5_000 + 1_000);
    }

    #[test]
    fn reservations_are_held_until_their_guard_drops() {
        let planned = Planned::default();
        let first = planned.reserve(300);
        {
            let _second = planned.reserve(200);
            assert_eq!(planned.tokens(), 500);
        }
        assert_eq!(planned.tokens(), 300);
        drop(first);
        assert_eq!(planned.tokens(), 0);
    }
}
