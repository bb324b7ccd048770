//! LENS re-ranking by the cheap model: when `[phases.lens] models` names one, the best
//! candidates of the text-and-graph ranking are shown to it (paths and one-line descriptions,
//! never source) and its order is put first. Optional: with no lens model, or when the model
//! fails or answers out of shape, the ranking stays as it was.

use crate::prompts::Prompts;
use cartograph_core::{FileSet, Phase, RepoPath};
use cartograph_lens::LensResult;
use cartograph_llm::{LlmClient, LlmError};
use std::collections::BTreeMap;

/// How many of the best candidates the model sees.
const CANDIDATES: usize = 30;

#[derive(serde::Deserialize)]
struct Ranking {
    ranking: Vec<String>,
}

/// Re-orders `result.files` by the lens model's ranking. Returns whether it did.
pub async fn rerank(
    client: &LlmClient,
    prompts: &Prompts,
    question: &str,
    result: &mut LensResult,
    files: &(impl FileSet + ?Sized),
    summaries: &dyn Fn(&RepoPath) -> Option<String>,
) -> Result<bool, LlmError> {
    if !client.phase_uses_models(Phase::Lens) || result.files.len() < 2 {
        return Ok(false);
    }
    let Some(prompt) = prompts.get("lens-rerank") else {
        return Ok(false);
    };
    let by_path: BTreeMap<&RepoPath, usize> = (0..files.len())
        .map(|at| (files.head(at).path, at))
        .collect();
    let mut candidates = String::new();
    let mut local_only = false;
    for ranked in result.files.iter().take(CANDIDATES) {
        let file = by_path.get(&ranked.path).copied();
        local_only |= file.is_some_and(|at| files.head(at).flags.local_only);
        let about = summaries(&ranked.path)
            .or_else(|| file.and_then(|at| files.map(at).parsed.doc.clone()))
            .unwrap_or_default();
        let about = about
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(200)
            .collect::<String>();
        candidates.push_str(&format!("- {}: {about}\n", ranked.path));
    }
    let (candidates, redactions) = crate::gate::redact(&candidates);
    let values = [("question", question), ("candidates", candidates.as_str())];
    let mut request = prompt.request(Phase::Lens, &values);
    request.json_output = true;
    request.temperature = Some(0.0);
    request.redactions = redactions;
    request.local_only = local_only;
    let completion = match client.complete(request).await {
        Ok(completion) => completion,
        Err(LlmError::Offline { .. }) => return Ok(false),
        Err(error) => return Err(error),
    };
    let Some(order) = parse_ranking(&completion.text) else {
        tracing::warn!(
            "the lens model's ranking was not the JSON asked for; keeping lens's own order"
        );
        return Ok(false);
    };
    Ok(apply(result, &order, &completion.model.to_string()))
}

fn parse_ranking(text: &str) -> Option<Vec<String>> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    let ranking: Ranking = serde_json::from_str(text.get(start..=end)?).ok()?;
    Some(ranking.ranking)
}

/// Puts the files the model named first, in its order (unknown paths and repeats ignored),
/// then every other file in lens's order.
fn apply(result: &mut LensResult, order: &[String], model: &str) -> bool {
    let mut placed = Vec::new();
    let mut rest = std::mem::take(&mut result.files);
    for path in order {
        if let Some(at) = rest.iter().position(|file| file.path.as_str() == path) {
            let mut file = rest.remove(at);
            file.reasons
                .push(format!("rerank: placed #{} by {model}", placed.len() + 1));
            placed.push(file);
        }
    }
    let changed = !placed.is_empty();
    placed.extend(rest);
    result.files = placed;
    changed
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn rankings_parse_tolerantly() {
        assert_eq!(
            parse_ranking("```json\n{\"ranking\": [\"a.rs\", \"b.rs\"]}\n```"),
            Some(vec!["a.rs".into(), "b.rs".into()])
        );
        assert_eq!(parse_ranking("no"), None);
        assert_eq!(parse_ranking("{\"order\": []}"), None);
    }
}
