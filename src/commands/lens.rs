//! `cartograph lens "<question>"`: refresh the structural index (free), then show the files and
//! symbols that would be sent for the question, with scores, token counts and reasons.

use crate::app::Context;
use crate::exit::Exit;
use crate::out::{say, sayln};
use anyhow::Result;
use cartograph_core::{Phase, RepoPath};
use cartograph_lens::LensResult;
use cartograph_pipeline::prompts::Prompts;
use cartograph_pipeline::question::{Ahead, Prepared, QuestionIndex};
use cartograph_store::Store;

/// `lens --eval FILE`: where each expected file ranks in lens and in the BM25 baseline, with
/// recall@5, hit@5 and MRR of both (without `baseline`, of lens alone). FILE holds `{question, files}` JSON lines or
/// `question<TAB>path` lines.
pub fn evaluate(
    context: &Context,
    wait: bool,
    cases_path: &std::path::Path,
    _question: &str,
    baseline: bool,
) -> Result<Exit> {
    let text = std::fs::read_to_string(cases_path).map_err(|error| {
        crate::exit::coded(
            Exit::Usage,
            format!("cannot read `{}`: {error}", cases_path.display()),
        )
    })?;
    let cases = cartograph_lens::eval::parse_cases(&text).map_err(|error| {
        crate::exit::coded(Exit::Usage, format!("`{}`, {error}", cases_path.display()))
    })?;
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    context.config.check_embedding_ready(&env)?;
    let (_lock, store) = context.open_store(wait, "lens --eval")?;
    let store: std::sync::Arc<dyn Store> = std::sync::Arc::new(store);
    let index = load_index(context, store.as_ref(), None, None, None)?;
    // With an embedding model, each question is embedded once (cached) and lens's ranking
    // fused with the similarity ranking, as `lens` does; the BM25 baseline stays lexical.
    let mut semantics: std::collections::HashMap<String, cartograph_lens::Semantic> =
        std::collections::HashMap::new();
    if context.config.phases.embedding.model.is_some() {
        let client = context.llm_client(
            std::sync::Arc::clone(&store),
            context.config.budget.max_cost_usd,
        )?;
        let runtime = super::runtime()?;
        for case in &cases {
            if semantics.contains_key(&case.question) {
                continue;
            }
            let semantic = runtime.block_on(cartograph_pipeline::embed::semantic_ranking(
                store.as_ref(),
                &client,
                &index.files,
                &case.question,
            ));
            if let Some(semantic) = semantic {
                semantics.insert(case.question.clone(), semantic);
            }
        }
        client.finish()?;
    }
    // Sources are read once here: evaluation asks for them once per question.
    let sources: std::collections::HashMap<RepoPath, String> = index
        .files
        .heads()
        .filter(|file| !file.flags.secret)
        .filter_map(|file| {
            Some((
                file.path.clone(),
                std::fs::read_to_string(context.root.join(file.path.as_str())).ok()?,
            ))
        })
        .collect();
    let summary_of = |path: &RepoPath| index.summary_text(path);
    let source_of = |path: &RepoPath| sources.get(path).cloned();
    let history = cartograph_pipeline::history::read_history(&context.root, &context.state_dir());
    let report = cartograph_lens::eval::evaluate_hybrid(
        &cases,
        &index.files,
        cartograph_lens::Texts {
            summaries: &summary_of,
            sources: &source_of,
            corpus: index.corpus.as_ref(),
            outlines: index.outline_sizes(),
            tables: index.tables.as_ref(),
            history: history.as_ref(),
        },
        &index.graph,
        &index.modules,
        5,
        &|question| semantics.get(question).cloned(),
        baseline,
    );
    if context.global_json {
        super::print_json(&report)?;
    } else {
        say!("{}", report.to_text());
    }
    Ok(Exit::Done)
}

/// The index and ranking for one question; shared by `lens` and `run`.
pub struct Lensed {
    pub index: QuestionIndex,
    pub result: LensResult,
}

/// Brings the structural index up to date and loads what lens ranks, through the stored index
/// in `.cartograph/lens/`; shared by `lens`, `lens --eval`, `run` and `mcp`. `question` (with
/// its budget) is ranked while the map walks the tree, for a caller about to ask it.
/// `on_dir` is called with each directory the map's walk enters, before it reads the files in
/// it (the MCP server watches it there).
pub fn load_index(
    context: &Context,
    store: &dyn Store,
    question: Option<(&str, u32)>,
    history: Option<&cartograph_lens::History>,
    on_dir: Option<&(dyn Fn(&std::path::Path) + Sync)>,
) -> Result<QuestionIndex> {
    // The stored index and the term index are read and checked, the stored files' ranking
    // tables built, their summaries looked up and the question ranked, while the map walks
    // the tree: none needs the tree until the stored index's key is compared with it.
    let started = std::time::Instant::now();
    let state_dir = context.state_dir();
    let prompts = Prompts::load(context.prompts_dir().as_deref())?;
    let ahead = Ahead {
        store,
        prompts: &prompts,
        config: &context.config,
        root: &context.root,
        question,
        history,
    };
    let (mapped, mapped_at, prepared, prepared_at) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| {
            let prepared = Prepared::read_ahead(&state_dir, Some(&ahead));
            (prepared, started.elapsed())
        });
        let mapped = context.refresh_index_watching(store, &|_, _| {}, on_dir);
        let mapped_at = started.elapsed();
        let (prepared, prepared_at) = reading
            .join()
            .unwrap_or_else(|_| (Prepared::unread(), std::time::Duration::ZERO));
        (mapped, mapped_at, prepared, prepared_at)
    });
    tracing::debug!(
        "lens: map {mapped_at:?}; stored index prepared at {prepared_at:?}, joined at {:?}",
        started.elapsed()
    );
    let mapped = mapped?;
    let (index, _) = QuestionIndex::open_with(
        store,
        &mapped.entries,
        &prompts,
        &context.config,
        &state_dir,
        &context.root,
        prepared,
    )?;
    Ok(index)
}

/// `rerank`: when given and `[phases.lens]` names a model, the client re-ranks the best
/// candidates, and with an embedding model it embeds the question, on the caller's runtime (one runtime per process: the client's connections live
/// on it).
pub fn lens(
    context: &Context,
    store: &dyn Store,
    question: &str,
    rerank: Option<(&cartograph_llm::LlmClient, &tokio::runtime::Runtime)>,
) -> Result<Lensed> {
    // The history is read first (its kept copy checked against `HEAD`: a few milliseconds
    // once read), so that a lexical question is ranked with it while the map walks the tree;
    // a question fused with a similarity ranking is ranked after the load.
    let history = cartograph_pipeline::history::read_history(&context.root, &context.state_dir());
    let ahead = context
        .config
        .phases
        .embedding
        .model
        .is_none()
        .then_some((question, context.config.phases.run.max_input_tokens));
    let index = load_index(context, store, ahead, history.as_ref(), None)?;
    // With an embedding model, the question is embedded (once, cached) and the lexical ranking
    // fused with the similarity ranking; without one, or when that fails, lens is lexical.
    let semantic = rerank.and_then(|(client, runtime)| {
        runtime.block_on(cartograph_pipeline::embed::semantic_ranking(
            store,
            client,
            &index.files,
            question,
        ))
    });
    let ranking_started = std::time::Instant::now();
    let mut result = index.rank_with_history(
        &context.root,
        question,
        context.config.phases.run.max_input_tokens,
        semantic.as_ref(),
        history.as_ref(),
    );
    tracing::debug!("lens: ranked in {:?}", ranking_started.elapsed());
    if let Some((client, runtime)) = rerank {
        let prompts = Prompts::load(context.prompts_dir().as_deref())?;
        let summary_of = |path: &RepoPath| index.summary_text(path);
        let reranked = runtime.block_on(cartograph_pipeline::rerank::rerank(
            client,
            &prompts,
            question,
            &mut result,
            &index.files,
            &summary_of,
        ));
        if let Err(error) = reranked {
            tracing::warn!("lens re-ranking skipped: {error}");
        }
    }
    Ok(Lensed { index, result })
}

/// The screen shows this many files and symbols; a line says how many more `--json` lists.
const SHOWN_FILES: usize = 30;
const SHOWN_SYMBOLS: usize = 20;

pub fn run(context: &Context, wait: bool, question: &str) -> Result<Exit> {
    if question.trim().is_empty() {
        return Err(crate::exit::coded(
            Exit::Usage,
            "lens needs a question: cartograph lens \"how does retry work?\"",
        ));
    }
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    context.config.check_phases_ready(&[Phase::Lens], &env)?;
    // A short process: what its threads free is taken again at once (the map's reads, the
    // stored index's sections), so it is kept rather than faulted back in page by page.
    crate::alloc::keep_freed_memory_for_reuse();
    let opened = context.open_shared_store(wait, "lens")?;
    let client = if context.config.phases.lens.models.is_empty()
        && context.config.phases.embedding.model.is_none()
    {
        None
    } else {
        Some(context.llm_client(
            std::sync::Arc::clone(&opened.store),
            context.config.budget.max_cost_usd,
        )?)
    };
    let runtime = super::runtime()?;
    let lensed = lens(
        context,
        opened.store.as_ref(),
        question,
        client.as_ref().map(|client| (client, &runtime)),
    )?;
    if let Some(client) = &client {
        client.finish()?;
    }
    let Lensed { index, result } = lensed;
    // The process ends once the answer is printed: freeing the index's many small allocations
    // one by one would only delay the exit (about 0.1 s on a tree of 30,000 files).
    std::mem::forget(index);
    let result = &result;
    if context.global_json {
        super::print_json(result)?;
        return Ok(Exit::Done);
    }
    sayln!(
        "lens: {} file(s), {} of {} tokens",
        result.files.len(),
        result.used_tokens,
        result.budget_tokens
    );
    for (rank, file) in result.files.iter().enumerate().take(SHOWN_FILES) {
        sayln!(
            "{:>3}. {:<60} score {:>7.3}  {:>6} tokens",
            rank + 1,
            file.path,
            file.score,
            file.tokens
        );
        for reason in &file.reasons {
            sayln!("       {reason}");
        }
    }
    if result.files.len() > SHOWN_FILES {
        sayln!(
            "     … and {} more file(s); --json lists them all",
            result.files.len() - SHOWN_FILES
        );
    }
    if !result.symbols.is_empty() {
        sayln!("symbols:");
        for symbol in result.symbols.iter().take(SHOWN_SYMBOLS) {
            sayln!(
                "  {}:{}  {} {}  ({:.3})",
                symbol.path,
                symbol.line,
                symbol.kind.as_str(),
                symbol.name,
                symbol.score
            );
        }
    }
    if result.symbols.len() > SHOWN_SYMBOLS {
        sayln!(
            "  … and {} more symbol(s); --json lists them all",
            result.symbols.len() - SHOWN_SYMBOLS
        );
    }
    Ok(Exit::Done)
}
