//! The executor: asks the run model for the pages the planner gave it (all at once, the
//! provider layer pacing the calls), each within what is left of the run phase's budget.
//! Returns bodies; writes nothing to the docs folder.

use super::check::PageCheck;
use super::facts::{module_context, overview_context, PageFacts};
use super::planner::{
    Action, PagePlan, Planned, Revision, RunBudget, PAGES_AT_ONCE, REVISE_PROMPT,
};
use crate::prompts::Prompts;
use crate::revise::Lineage;
use cartograph_core::Phase;
use cartograph_llm::{CompletionRequest, LlmClient, LlmError, Message, Role};
use cartograph_render::{DocIndex, PageKind};
use futures_util::StreamExt;
use std::collections::BTreeMap;

/// A generated page body, the model that wrote it, and the files the budget left out of its
/// context.
pub(super) struct Generated {
    pub body: String,
    pub model: String,
    pub files_left_out: Vec<String>,
}

/// A body asked of the run model: the reply, the lineage to cache it with, whether it was a
/// revision, and what the page check made of it.
pub(super) struct BodyAttempt {
    pub result: Result<Generated, LlmError>,
    pub lineage: Option<Lineage>,
    pub revised: bool,
    /// The page failed its check and one repair was asked for.
    pub repaired: bool,
    /// The page failed its check after the repair too: `result` is an error.
    pub rejected: bool,
}

/// A model's reply to a page request, with the request, for a repair to build on.
struct Reply {
    request: CompletionRequest,
    /// The reply as the model wrote it.
    text: String,
    generated: Generated,
}

/// The prompt that asks once for a corrected page.
const REPAIR_PROMPT: &str = "page-repair";

impl BodyAttempt {
    /// For a page whose body was never asked for (not expected): degraded, never cached.
    pub fn missing() -> BodyAttempt {
        BodyAttempt {
            result: Err(LlmError::Offline {
                degraded: true,
                reason: Some("no body was generated for this page".into()),
            }),
            lineage: None,
            revised: false,
            repaired: false,
            rejected: false,
        }
    }
}

/// What the executor needs to ask for pages.
pub(super) struct Executor<'r, 'f> {
    pub client: &'r LlmClient,
    pub prompts: &'r Prompts,
    pub budget: RunBudget,
    pub facts: &'r PageFacts<'f>,
    pub index: &'r DocIndex<'f>,
    /// What every model page is checked against before it is used.
    pub check: &'r PageCheck<'f>,
    /// Tokens set aside by the calls in flight.
    pub planned: Planned,
}

impl Executor<'_, '_> {
    /// Asks for every page whose action needs the run model, at once; the provider layer paces
    /// the calls (concurrency, rate limits, budgets). Keyed by the page's place in `plans`.
    pub async fn ask_all(&self, plans: &[PagePlan<'_>]) -> BTreeMap<usize, BodyAttempt> {
        let wanted = plans
            .iter()
            .enumerate()
            .filter(|(_, plan)| plan.action.asks_model())
            .map(|(at, plan)| async move { (at, self.ask(plan).await) });
        futures_util::stream::iter(wanted)
            .buffer_unordered(PAGES_AT_ONCE)
            .collect()
            .await
    }

    /// Asks the run model for one page's body: a revision of the previous one after a small
    /// change to a module, the whole page otherwise; then checks it, asking once for a repair.
    async fn ask(&self, plan: &PagePlan<'_>) -> BodyAttempt {
        if let Action::Revise(revision) = &plan.action {
            if let Some(result) = self.revise_page(revision, plan.retry).await {
                let mut attempt = self.checked(plan.kind, REVISE_PROMPT, result).await;
                attempt.lineage = Some(revision.lineage.clone());
                attempt.revised = true;
                return attempt;
            }
        }
        let result = self
            .generate_page(plan.kind, plan.prompt_name, plan.retry)
            .await;
        let mut attempt = self.checked(plan.kind, plan.prompt_name, result).await;
        attempt.lineage = plan
            .lineage_now
            .clone()
            .map(|(line, now)| Lineage::full(line, now));
        attempt
    }

    /// Checks a page the model wrote; one that fails gets one repair request listing its
    /// problems, and a repair that fails too is rejected (the caller keeps the previous good
    /// page or writes one from facts, and the page is retried on the next run).
    async fn checked(
        &self,
        kind: &PageKind,
        prompt_name: &str,
        result: Result<Reply, LlmError>,
    ) -> BodyAttempt {
        let mut attempt = BodyAttempt {
            result: Err(LlmError::Offline {
                degraded: true,
                reason: None,
            }),
            lineage: None,
            revised: false,
            repaired: false,
            rejected: false,
        };
        let reply = match result {
            Ok(reply) => reply,
            Err(error) => {
                attempt.result = Err(error);
                return attempt;
            }
        };
        let sections = self
            .prompts
            .get(prompt_name)
            .map(|prompt| prompt.sections.as_slice())
            .unwrap_or_default();
        let problems = self.check.problems(kind, &reply.generated.body, sections);
        if problems.is_empty() {
            attempt.result = Ok(reply.generated);
            return attempt;
        }
        attempt.repaired = true;
        let repaired = match self.repair(reply, &problems).await {
            Ok(repaired) => repaired,
            Err(error) => {
                attempt.result = Err(error);
                return attempt;
            }
        };
        let problems = self.check.problems(kind, &repaired.body, sections);
        if problems.is_empty() {
            attempt.result = Ok(repaired);
        } else {
            attempt.rejected = true;
            attempt.result = Err(LlmError::Offline {
                degraded: true,
                reason: Some(format!(
                    "the page failed its check after a repair: {}",
                    problems.join("; ")
                )),
            });
        }
        attempt
    }

    /// The request that wrote the page, its reply, and the problems found: one more call.
    async fn repair(&self, reply: Reply, problems: &[String]) -> Result<Generated, LlmError> {
        let prompt = self
            .prompts
            .get(REPAIR_PROMPT)
            .ok_or_else(|| LlmError::Offline {
                degraded: true,
                reason: Some(format!("prompt `{REPAIR_PROMPT}` is missing")),
            })?;
        let listed: String = problems
            .iter()
            .map(|problem| format!("- {problem}\n"))
            .collect();
        let (listed, redactions) = crate::gate::redact(listed.trim_end());
        let mut request = reply.request;
        request.messages.push(Message {
            role: Role::Assistant,
            content: reply.text,
        });
        request.messages.push(Message {
            role: Role::User,
            content: prompt.render_user(&[("problems", listed.as_str())]),
        });
        request.prompt_version = format!("{}+{}", request.prompt_version, prompt.version_tag());
        request.redactions += redactions;
        let files_left_out = reply.generated.files_left_out;
        page_from(self.client.complete(request).await?, files_left_out)
    }

    /// A page retried after its last run failed (its reply was rejected, say) must not be
    /// answered from the response cache with that same reply: the run's id in the request's
    /// prompt version makes its cache key new.
    fn mark_retry(&self, request: &mut CompletionRequest, retry: bool) {
        if retry {
            request.prompt_version =
                format!("{}+retry@{}", request.prompt_version, self.client.run_id());
        }
    }

    /// Tokens a page's context may take now.
    fn context_budget(&self) -> Result<usize, LlmError> {
        let spent = self.client.spent().phase(Phase::Run);
        self.budget.context_tokens(
            spent.prompt_tokens + spent.completion_tokens,
            self.planned.tokens(),
        )
    }

    /// Asks the run model for one page's body, with the context this page's facts allow.
    async fn generate_page(
        &self,
        kind: &PageKind,
        prompt_name: &str,
        retry: bool,
    ) -> Result<Reply, LlmError> {
        let prompt = self
            .prompts
            .get(prompt_name)
            .ok_or_else(|| LlmError::Offline {
                degraded: true,
                reason: Some(format!("prompt `{prompt_name}` is missing")),
            })?;
        // The context fits the call's window and what is left of the run phase's budget: near
        // the end of the budget the lowest-ranked files are dropped first. While other pages'
        // calls are in flight, a page that would not fit whole waits for them to settle first,
        // as it would have had the pages run one by one.
        let build = |budget: usize| match kind {
            PageKind::Module(module_path) => {
                module_context(self.facts, self.index, module_path, budget)
            }
            _ => overview_context(self.facts, budget),
        };
        let window = self.budget.max_input_tokens as usize;
        let whole = build(window);
        let whole_tokens = cartograph_tokens::count(&whole.0);
        let (budget, (context, files_sent, local_only), _reserved) = loop {
            let settled = self.planned.settled.notified();
            tokio::pin!(settled);
            settled.as_mut().enable();
            let others_in_flight = self.planned.tokens() > 0;
            match self.context_budget() {
                Ok(budget) if whole_tokens <= budget => {
                    // Dropping the guard after the call frees the tokens set aside.
                    let reserved = self.planned.reserve(self.budget.call_tokens(whole_tokens));
                    break (window, whole, reserved);
                }
                Ok(budget) if !others_in_flight => {
                    let shrunk = build(budget);
                    let reserved = self
                        .planned
                        .reserve(self.budget.call_tokens(cartograph_tokens::count(&shrunk.0)));
                    break (budget, shrunk, reserved);
                }
                Err(error) if !others_in_flight => return Err(error),
                _ => settled.await,
            }
        };
        let files_left_out: Vec<String> = if budget < self.budget.max_input_tokens as usize {
            match kind {
                PageKind::Module(module_path) => self
                    .facts
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
        self.mark_retry(&mut request, retry);
        request.temperature = Some(0.2);
        request.files = files_sent;
        request.redactions = redactions;
        request.local_only = local_only;
        ask_for_page(self.client, request, files_left_out).await
    }

    /// Asks the run model to revise a module page: the page as it stands and what changed,
    /// instead of every file's facts. `None` when a revision cannot be asked (no prompt, or the
    /// page and the changes do not fit the context budget): the page is then written again.
    async fn revise_page(
        &self,
        revision: &Revision<'_>,
        retry: bool,
    ) -> Option<Result<Reply, LlmError>> {
        let prompt = self.prompts.get(REVISE_PROMPT)?;
        // Like a whole page: wait for calls in flight rather than fail on their reservations.
        let context_tokens = revision.context_tokens();
        let _reserved = loop {
            let settled = self.planned.settled.notified();
            tokio::pin!(settled);
            settled.as_mut().enable();
            let others_in_flight = self.planned.tokens() > 0;
            match self.context_budget() {
                Ok(budget) if context_tokens <= budget => {
                    break self
                        .planned
                        .reserve(self.budget.call_tokens(context_tokens));
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
        self.mark_retry(&mut request, retry);
        request.temperature = Some(0.2);
        request.files = revision.changed.clone();
        request.redactions = page_redactions + change_redactions;
        request.local_only = revision.local_only;
        Some(ask_for_page(self.client, request, Vec::new()).await)
    }
}

/// Sends a page request, keeping the request and the raw reply for a repair.
async fn ask_for_page(
    client: &LlmClient,
    request: CompletionRequest,
    files_left_out: Vec<String>,
) -> Result<Reply, LlmError> {
    let completion = client.complete(request.clone()).await?;
    let text = completion.text.clone();
    Ok(Reply {
        request,
        text,
        generated: page_from(completion, files_left_out)?,
    })
}

/// A page body from the model's reply. An empty body is still a body: the page check rejects
/// it, so that it is repaired like any other failing page.
fn page_from(
    completion: cartograph_llm::Completion,
    files_left_out: Vec<String>,
) -> Result<Generated, LlmError> {
    let body = page_reply(&completion.text).to_string();
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
